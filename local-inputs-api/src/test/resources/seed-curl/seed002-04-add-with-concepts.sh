# Seed: 002_5c86cb19a454897e.txt, line 720 ("Add inputs with concepts"). Copied verbatim below.
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
"concepts":[
{
"id": "charlie",
"value": 1
}
]
}
}
]
}'\
https://api.clarifai.com/v2/inputs
