#!/usr/bin/env python3
"""Writes the FileDescriptorSet of Clarifai's gRPC API (service clarifai.api.V2 and every proto it imports) as the
published clarifai-grpc wheel generated it, for the local Inputs API's gRPC endpoint.

    python3 scripts/extract-clarifai-descriptors.py [--version 12.6.0] [--output PATH]

Installs the pinned clarifai-grpc wheel from PyPI into a throwaway virtualenv, imports its generated *_pb2 modules
and writes each file's DESCRIPTOR.serialized_pb, dependencies first. The output is committed; run this again only to
move the endpoint to another clarifai-grpc release (and change CLARIFAI_GRPC_VERSION in ClarifaiDescriptors.java).
"""
import argparse
import os
import subprocess
import sys
import tempfile

DEFAULT_OUTPUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "local-inputs-api-grpc", "src", "main", "resources", "io",
    "github", "clarifais3sync", "local", "inputsapi", "grpc", "clarifai-api.binpb")

# Runs inside the throwaway virtualenv: imports every generated module of the wheel and serialises the closure of
# their FileDescriptors in dependency order.
EXTRACT = r'''
import importlib, pkgutil, sys
import clarifai_grpc.grpc.api as api
from google.protobuf import descriptor_pb2
for module in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
    if module.name.endswith("_pb2"):
        importlib.import_module(module.name)
import clarifai_grpc.grpc.api.service_pb2 as service
ordered, seen = [], set()
def visit(file):
    if file.name in seen:
        return
    seen.add(file.name)
    for dependency in file.dependencies:
        visit(dependency)
    ordered.append(file)
roots = [m.DESCRIPTOR for name, m in sorted(sys.modules.items())
         if name.startswith("clarifai_grpc.") and name.endswith("_pb2")]
for root in roots:
    visit(root)
files = descriptor_pb2.FileDescriptorSet()
for file in ordered:
    files.file.add().MergeFromString(file.serialized_pb)
if "clarifai.api.V2" not in [f"{f.package}.{s.name}" for f in files.file for s in f.service]:
    sys.exit("service clarifai.api.V2 not found")
sys.stdout.buffer.write(files.SerializeToString())
sys.stderr.write(f"{len(files.file)} files\n")
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="12.6.0", help="clarifai-grpc release on PyPI (default 12.6.0)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="where to write the FileDescriptorSet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        venv = os.path.join(work, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        python = os.path.join(venv, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        f"clarifai-grpc=={args.version}"], check=True)
        descriptors = subprocess.run([python, "-c", EXTRACT], check=True, stdout=subprocess.PIPE).stdout
    with open(args.output, "wb") as out:
        out.write(descriptors)
    print(f"wrote {len(descriptors)} bytes to {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
