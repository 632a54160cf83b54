# Seed: 000_d4673fb2b5718f02.txt, line 1034 ("Get Input By Id"). Copied verbatim below.
curl -X GET \
  -H "Authorization: Key YOUR_API_KEY" \
  https://api.clarifai.com/v2/inputs/{id}
