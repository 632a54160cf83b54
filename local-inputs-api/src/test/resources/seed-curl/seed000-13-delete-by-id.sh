# Seed: 000_d4673fb2b5718f02.txt, line 1914 ("Delete Input By Id"). Copied verbatim below.
curl -X DELETE \
  -H "Authorization: Key YOUR_API_KEY" \
  https://api.clarifai.com/v2/inputs/<INPUT_ID>
