#!/usr/bin/env bash
# Creates .venv with the SAM CLI and cfn-lint at pinned versions (used by .ci/run; users may use their own SAM CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
SAM_CLI_VERSION=1.170.0
CFN_LINT_VERSION=1.58.0
if [ ! -x .venv/bin/sam ] || ! .venv/bin/pip show aws-sam-cli 2>/dev/null | grep -q "^Version: $SAM_CLI_VERSION$"; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "aws-sam-cli==$SAM_CLI_VERSION" "cfn-lint==$CFN_LINT_VERSION"
fi
.venv/bin/sam --version
