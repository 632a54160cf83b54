#!/usr/bin/env bash
# Creates .venv-clarifai-sdk with Clarifai's Python SDK (clarifai) and clarifai-grpc's native stub, pinned in
# scripts/clarifai-sdk-requirements.txt, for the tests of the local Inputs API's gRPC endpoint and for
# `./offline-stack bench --peer`; reinstalls when the pins change. Prints the venv's python. Needs Python 3.9 or newer.
exec "$(dirname "$0")/pinned-venv.sh" .venv-clarifai-sdk scripts/clarifai-sdk-requirements.txt \
    "Clarifai's Python SDK"
