# Seed: 002_5c86cb19a454897e.txt, line 296 ("Add an input using bytes"). Copied verbatim below.
curl -X POST \
-H "Authorization: Key YOUR_API_KEY" \
-H "Content-Type: application/json" \
-d '
{
"inputs": [
{
"data": {
"image": {
"base64": '"`base64 /home/user/image.jpeg`"'"
}
}
}
]
}'\
https://api.clarifai.com/v2/inputs
