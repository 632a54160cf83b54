# Seed: 000_d4673fb2b5718f02.txt, line 2150 ("Delete All Inputs"). Copied verbatim below.
curl -X DELETE \
  -H "Authorization: Key YOUR_API_KEY" \
  -H "Content-Type: application/json" \
  -d '
  {
    "delete_all":true
  }'\
  https://api.clarifai.com/v2/inputs
