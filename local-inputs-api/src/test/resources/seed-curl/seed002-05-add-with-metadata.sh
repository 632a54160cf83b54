# Seed: 002_5c86cb19a454897e.txt, line 900 ("Add inputs with custom metadata"). Copied verbatim below.
curl -X POST \
-H "Authorization: Key YOUR_API_KEY" \
-H "Content-Type: application/json" \
-d '
{
"inputs": [
{
"data": {
"image": {
"url": "https://samples.clarifai.com/puppy.jpeg",
"allow_duplicate_url": true
},
"metadata": {"id": "id001", "type": "animal", "size": 100}
}
}
]
}'\
https://api.clarifai.com/v2/inputs
