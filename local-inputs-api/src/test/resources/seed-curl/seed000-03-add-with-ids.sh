# Seed: 000_d4673fb2b5718f02.txt, line 440 ("Add multiple inputs with ids"). Copied verbatim below.
curl -X POST 'https://api.clarifai.com/v2/inputs' \
  -H "Authorization: Key YOUR_API_KEY" \
  -H "Content-Type: application/json" \
  -d '
  {
    "inputs": [
      {
        "data": {
          "image": {
            "url": "https://samples.clarifai.com/metro-north.jpg"
          }
        },
        "id": "{id1}"
      },
      {
        "data": {
          "image": {
            "url": "https://samples.clarifai.com/puppy.jpg"
          }
        },
        "id": "{id2}"
      }
    ]
  }'
