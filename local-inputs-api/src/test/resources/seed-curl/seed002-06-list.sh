# Seed: 002_5c86cb19a454897e.txt, line 1040 ("List inputs"). Copied verbatim below.
curl -X GET \
-H "Authorization: Key YOUR_API_KEY" \
https://api.clarifai.com/v2/inputs?page=1&per_page=10
