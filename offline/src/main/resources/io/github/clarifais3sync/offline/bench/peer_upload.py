"""The peer in ./offline-stack bench --peer: Clarifai's Python SDK uploading a folder with its defaults.

    python peer_upload.py FOLDER

CLARIFAI_API_BASE (read by the SDK at import time), CLARIFAI_PAT, PEER_USER, PEER_APP and PEER_DATASET name the app.
"""
import os
import sys

from clarifai.client.dataset import Dataset

dataset = Dataset(user_id=os.environ["PEER_USER"], app_id=os.environ["PEER_APP"],
                  dataset_id=os.environ["PEER_DATASET"], pat=os.environ["CLARIFAI_PAT"],
                  base_url=os.environ["CLARIFAI_API_BASE"])
dataset.upload_from_folder(folder_path=sys.argv[1], input_type="image", labels=True)
print("upload_from_folder returned", flush=True)
