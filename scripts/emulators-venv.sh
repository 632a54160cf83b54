#!/usr/bin/env bash
# Creates .venv-emulators with moto server, pinned in scripts/emulators-requirements.txt, for the offline stack and the
# tests (the AWS emulators run as a child process of the stack's JVM); reinstalls when the pins change. Prints the
# venv's python. Needs Python 3.9 or newer (python3).
exec "$(dirname "$0")/pinned-venv.sh" .venv-emulators scripts/emulators-requirements.txt \
    "the offline stack's AWS emulators (moto server)"
