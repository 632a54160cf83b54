"""Drives the local Inputs API's gRPC endpoint with Clarifai's Python SDK (clarifai 12.5.0), one scenario per run:

    python sdk_scenarios.py SCENARIO

The endpoint and credentials come from the environment (CLARIFAI_API_BASE, read by the SDK at import time, TWIN_KEY,
TWIN_USER, TWIN_APP); the last line printed is a JSON object with what the scenario saw, for the JUnit test to check.
"""
import io
import json
import os
import sys
import tempfile
import time

from PIL import Image
from clarifai_grpc.grpc.api import resources_pb2

from clarifai.client.dataset import Dataset
from clarifai.client.input import Inputs

BASE = os.environ["CLARIFAI_API_BASE"]
USER, APP, KEY = os.environ["TWIN_USER"], os.environ["TWIN_APP"], os.environ["TWIN_KEY"]


def inputs(key=KEY):
    return Inputs(user_id=USER, app_id=APP, pat=key, base_url=BASE)


def write_images(folder, count):
    os.makedirs(folder)
    for n in range(count):
        Image.new("RGB", (8, 8), (n % 256, n // 256, 7)).save(os.path.join(folder, f"image-{n:04d}.png"))


def folder():
    """upload_from_folder with labels (two batches), then everything the SDK lists, page after page."""
    with tempfile.TemporaryDirectory() as work:
        images = os.path.join(work, "cats")
        write_images(images, int(os.environ.get("TWIN_IMAGES", "130")))
        dataset = Dataset(user_id=USER, app_id=APP, dataset_id="pets", pat=KEY, base_url=BASE)
        dataset.upload_from_folder(folder_path=images, input_type="image", labels=True)
    listed = list(inputs().list_inputs())
    return {"listed": len(listed), "distinct": len({i.id for i in listed}),
            "labels": sorted({c.id for i in listed for c in i.data.concepts})}


def crud():
    client = inputs()
    client.upload_inputs([Inputs.get_input_from_url(input_id="url-1", image_url="https://samples.clarifai.com/dog.jpg",
                                                    labels=["dog"]),
                          Inputs.get_input_from_bytes(input_id="bytes-1", image_bytes=png_bytes(),
                                                      labels=["square"])])
    client.patch_inputs([Inputs.get_input_from_url(input_id="url-1", image_url="https://samples.clarifai.com/dog.jpg",
                                                   labels=["animal"])], action="merge")
    client.delete_inputs([resources_pb2.Input(id="bytes-1")])
    # Deletion is asynchronous: list until the deleted input is gone, for a bounded time.
    deadline = time.monotonic() + 10
    while True:
        listed = sorted(i.id for i in client.list_inputs())
        if listed == ["url-1"] or time.monotonic() > deadline:
            return {"listed": listed}
        time.sleep(0.05)


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def listing():
    return {"listed": len(list(inputs().list_inputs()))}


def wrong_key():
    try:
        list(inputs("wrong-key").list_inputs())
        return {"raised": False}
    except Exception as e:  # the lister raises on a failed status
        return {"raised": True, "message": str(e)}


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]]()))
