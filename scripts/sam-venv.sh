#!/usr/bin/env bash
# Creates .venv with the SAM CLI and cfn-lint pinned in scripts/sam-requirements.txt (used by .ci/run; users may use
# their own SAM CLI). Reinstalls when the pins change.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=scripts/sam-requirements.txt
stamp=.venv/.requirements
if [ ! -x .venv/bin/sam ] || ! cmp -s "$requirements" "$stamp"; then
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
fi
.venv/bin/sam --version
