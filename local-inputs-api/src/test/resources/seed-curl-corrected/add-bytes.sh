# Seed: 000_d4673fb2b5718f02.txt, line 274, and 002_5c86cb19a454897e.txt, line 296 ("Add an input using bytes"),
# corrected in two places so that the body is JSON: the seeds' quoting '"`base64 ...`"'" drops the opening quote of
# the string (the body then starts the value with the bare base64 text), and base64 wraps lines at 76 characters,
# which JSON forbids inside a string, so -w 0 is added.
curl -X POST \
  -H "Authorization: Key YOUR_API_KEY" \
  -H "Content-Type: application/json" \
  -d '
  {
    "inputs": [
      {
        "data": {
          "image": {
            "base64": "'"`base64 -w 0 /home/user/image.jpeg`"'"
          }
        }
      }
    ]
  }'\
  https://api.clarifai.com/v2/inputs
