"""Drives the local Inputs API's gRPC endpoint with clarifai-grpc's native stub, one scenario per run:

    python native_stub_scenarios.py SCENARIO

The endpoint and credentials come from the environment (TWIN_GRPC_PORT, TWIN_KEY, TWIN_USER, TWIN_APP, TWIN_PAT);
the last line printed is a JSON object with what the scenario saw, for the JUnit test to check.
"""
import json
import os
import sys
import time

import grpc
from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel
from clarifai_grpc.grpc.api import resources_pb2, service_pb2, service_pb2_grpc
from clarifai_grpc.grpc.api.status import status_code_pb2

PORT = int(os.environ["TWIN_GRPC_PORT"])
KEY = os.environ.get("TWIN_KEY", "")
APP = resources_pb2.UserAppIDSet(user_id=os.environ.get("TWIN_USER", ""), app_id=os.environ.get("TWIN_APP", ""))
SAMPLE = "https://samples.clarifai.com/metro-north.jpg"

channel = ClarifaiChannel.get_insecure_grpc_channel(base="127.0.0.1", port=PORT)
stub = service_pb2_grpc.V2Stub(channel)


def metadata(key=KEY):
    return (("authorization", "Key " + key),)


def code(response):
    return status_code_pb2.StatusCode.Name(response.status.code)


def wait_for_job(job_id, bound_seconds=20):
    deadline = time.monotonic() + bound_seconds
    while True:
        job = stub.GetInputsAddJob(service_pb2.GetInputsAddJobRequest(user_app_id=APP, id=job_id),
                                   metadata=metadata())
        progress = job.inputs_add_job.progress
        if progress.pending_count == 0 and progress.in_progress_count == 0 or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def crud():
    seen = {}
    posted = stub.PostInputs(service_pb2.PostInputsRequest(
        user_app_id=APP, inputs_add_job_id="job-1",
        inputs=[resources_pb2.Input(id=f"in-{n}", data=resources_pb2.Data(
            image=resources_pb2.Image(url=SAMPLE, allow_duplicate_url=True),
            concepts=[resources_pb2.Concept(id="water", value=0.0), resources_pb2.Concept(id="train", value=1.0)]))
            for n in range(3)]), metadata=metadata())
    seen["post"] = code(posted)
    seen["post_ids"] = [i.id for i in posted.inputs]
    job = wait_for_job("job-1")
    seen["job"] = code(job)
    seen["job_successful"] = job.inputs_add_job.progress.success_count
    got = stub.GetInput(service_pb2.GetInputRequest(user_app_id=APP, input_id="in-0"), metadata=metadata())
    seen["get"] = code(got)
    seen["get_status"] = status_code_pb2.StatusCode.Name(got.input.status.code)
    seen["get_concepts"] = {c.id: c.value for c in got.input.data.concepts}
    pages = []
    for page in (1, 2, 3, 4):
        listed = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=APP, page=page, per_page=1),
                                 metadata=metadata())
        pages.append([i.id for i in listed.inputs])
    seen["list_pages"] = pages
    streamed = stub.StreamInputs(service_pb2.StreamInputsRequest(user_app_id=APP, per_page=2), metadata=metadata())
    seen["stream"] = [i.id for i in streamed.inputs]
    counted = stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=APP), metadata=metadata())
    seen["count_processed"] = counted.counts.processed
    patched = stub.PatchInputs(service_pb2.PatchInputsRequest(
        user_app_id=APP, action="merge", inputs=[resources_pb2.Input(id="in-1", data=resources_pb2.Data(
            concepts=[resources_pb2.Concept(id="platform", value=1.0)]))]), metadata=metadata())
    seen["patch"] = code(patched)
    one = stub.DeleteInput(service_pb2.DeleteInputRequest(user_app_id=APP, input_id="in-2"), metadata=metadata())
    seen["delete_one"] = code(one)
    many = stub.DeleteInputs(service_pb2.DeleteInputsRequest(user_app_id=APP, ids=["in-0"]), metadata=metadata())
    seen["delete_many"] = code(many)
    return seen


def short_form():
    """No user_app_id: the app key names the app (the /v2/inputs form)."""
    listed = stub.ListInputs(service_pb2.ListInputsRequest(), metadata=metadata())
    missing = stub.GetInput(service_pb2.GetInputRequest(input_id="nope"), metadata=metadata())
    return {"list": code(listed), "get_unknown": code(missing)}


def pat_without_app():
    listed = stub.ListInputs(service_pb2.ListInputsRequest(), metadata=metadata(os.environ["TWIN_PAT"]))
    return {"list": code(listed), "details": listed.status.details}


def wrong_key():
    listed = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=APP), metadata=metadata("wrong-key"))
    bare = stub.ListInputs(service_pb2.ListInputsRequest(user_app_id=APP))
    return {"wrong": code(listed), "missing": code(bare)}


def throttled():
    counted = stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=APP), metadata=metadata())
    return {"count": code(counted), "details": counted.status.details}


def rpc_error(call):
    try:
        call()
        return {"code": "OK"}
    except grpc.RpcError as e:
        return {"code": e.code().name, "details": e.details()}


def faults_and_bad_input():
    """Each failure once, then a good call to show the server keeps serving."""
    def count():
        return code(stub.GetInputCount(service_pb2.GetInputCountRequest(user_app_id=APP), metadata=metadata()))
    seen = {"dropped": rpc_error(lambda: stub.GetInputCount(
        service_pb2.GetInputCountRequest(user_app_id=APP), metadata=metadata())), "after_drop": count()}
    raw = channel.unary_unary("/clarifai.api.V2/PostInputs")
    seen["malformed"] = rpc_error(lambda: raw(b"\x0a\xff\xff\xff\xff\x0f", metadata=metadata()))
    seen["after_malformed"] = count()
    seen["unknown_method"] = rpc_error(lambda: channel.unary_unary("/clarifai.api.V2/NoSuchMethod")(
        b"", metadata=metadata()))
    seen["unimplemented"] = rpc_error(lambda: stub.GetApp(service_pb2.GetAppRequest(user_app_id=APP),
                                                          metadata=metadata()))
    big = resources_pb2.Input(id="big", data=resources_pb2.Data(image=resources_pb2.Image(
        base64=b"\0" * int(os.environ["TWIN_OVERSIZE_BYTES"]))))
    seen["oversized"] = rpc_error(lambda: stub.PostInputs(
        service_pb2.PostInputsRequest(user_app_id=APP, inputs=[big]), metadata=metadata()))
    seen["after_oversized"] = count()
    return seen


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]]()))
