# Seed: 000_d4673fb2b5718f02.txt, line 2029 ("Delete A List Of Inputs"). Copied verbatim below.
curl -X DELETE \
  -H "Authorization: Key YOUR_API_KEY" \
  -H "Content-Type: application/json" \
  -d '
  {
    "ids":["INPUT_ID1","INPUT_ID2"]
  }'\
  https://api.clarifai.com/v2/inputs
