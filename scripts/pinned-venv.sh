#!/usr/bin/env bash
# Usage: scripts/pinned-venv.sh VENV REQUIREMENTS WHAT
# Creates the virtualenv VENV (relative to the repository) with the packages pinned in REQUIREMENTS, reinstalls it when
# the pins change, and prints its python. WHAT names the contents in the one line shown while installing. Needs Python
# 3.9 or newer (python3).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$1
requirements=$2
what=$3
stamp="$venv/.requirements"
install() {
    if ! command -v python3 >/dev/null 2>&1 \
            || ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
        echo "error: $what needs Python 3.9 or newer as python3." >&2
        exit 1
    fi
    echo "Installing $what into $venv; once, takes a minute or two..." >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$stamp"
}
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
    if command -v flock >/dev/null 2>&1; then
        # Two commands started at once in one checkout install once.
        exec 9>"$venv.lock"
        flock 9
        if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
            install
        fi
    else
        install
    fi
fi
echo "$PWD/$venv/bin/python"
