#!/usr/bin/env bash
# The launcher as a new user meets it, across checkouts (run by ./run-tests after the Maven build):
#   - two fresh clones used alternately, each running what it built itself (clone B carries a marker in its demo's
#     output, and clone A must never print it);
#   - clone B deleted, then clone A's demo again;
#   - clone A moved to another folder, then its demo again;
#   - no absolute path of the checkout inside what it built;
#   - `./offline-stack up` stopped with Ctrl-C (SIGINT to its process group) and killed with SIGKILL: no emulator
#     process is left running either way.
# A "clone" is a copy of the files git tracks here (a clone of this working tree, uncommitted changes included).
# Clone A builds from scratch; clone B starts from a copy of A's build outputs and rebuilds what its marker changes,
# and both reuse the Python virtualenv copied from this checkout (made elsewhere, so its relocation is tested too).
# Cost: about 5 to 7 minutes on a busy 2-core machine (one full build, one partial, three demos, two `up`s).
set -euo pipefail
# Each clone must find its own emulators, as on a user's machine.
unset CLARIFAI_EMULATORS_PYTHON
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/launcher-test.XXXXXX")"
passed=0
failed=0
started_pids=()

cleanup() {
    local pid
    for pid in "${started_pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

ok() {
    passed=$((passed + 1))
    echo "ok - $1"
}
not_ok() {
    failed=$((failed + 1))
    echo "not ok - $1"
    if [[ -n "${2:-}" && -f "$2" ]]; then
        sed 's/^/    | /' "$2" | tail -n 40
    fi
}

fresh_clone() {
    local destination="$1"
    mkdir -p "$destination"
    (cd "$repo" && git ls-files -z --cached --others --exclude-standard) \
        | (cd "$repo" && xargs -0 cp --parents -p -t "$destination")
    # The emulators' virtualenv is made once per machine in a real checkout; reused here (see above).
    cp -a "$repo/.venv-emulators" "$destination/.venv-emulators"
}

# Runs the demo in a checkout; its output goes to $2.
demo() {
    (cd "$1" && timeout 600 ./offline-stack demo) >"$2" 2>&1
}

# True if any file of the checkout's build outputs (jars unpacked) contains the checkout's absolute path.
embeds_path() {
    python3 - "$1" <<'EOF'
import os, sys, zipfile
root = sys.argv[1]
needle = root.encode()
for directory, _, files in os.walk(root):
    if "/target" not in directory or "/.venv" in directory:
        continue
    for name in files:
        path = os.path.join(directory, name)
        try:
            if name.endswith(".jar"):
                with zipfile.ZipFile(path) as jar:
                    for entry in jar.namelist():
                        if needle in jar.read(entry):
                            print(f"{path}!{entry}")
                            sys.exit(0)
            elif name.endswith((".properties", ".txt", ".xml", ".json", ".class")):
                with open(path, "rb") as f:
                    if needle in f.read():
                        print(path)
                        sys.exit(0)
        except (OSError, zipfile.BadZipFile):
            pass
sys.exit(1)
EOF
}

# Starts `up` in its own process group and waits until it is up; sets up_pid to the JVM's pid.
up_pid=
start_up() {
    local checkout="$1" log="$2"
    # A background job of a non-interactive shell starts with SIGINT ignored (and so would `up`, Ctrl-C or not):
    # reset it to the default, as a terminal's foreground job has it.
    (cd "$checkout" && exec setsid env --default-signal=INT ./offline-stack up --port 0 --api-port 0) >"$log" 2>&1 \
        </dev/null &
    up_pid=$!
    started_pids+=("$up_pid")
    # The first command of a fresh checkout also builds it.
    for _ in $(seq 1 900); do
        if grep -q "Offline stack is up" "$log"; then
            return 0
        fi
        kill -0 "$up_pid" 2>/dev/null || break
        sleep 0.5
    done
    return 1
}

emulator_pids() {
    python3 -c 'import json, sys; print(" ".join(str(p) for p in json.load(open(sys.argv[1]))["emulatorPids"]))' \
        "$1/.local-stack/state.json"
}

# True once none of the pids runs (waits up to 20 s).
all_gone() {
    local pid
    for _ in $(seq 1 40); do
        local alive=0
        for pid in "$@"; do
            if kill -0 "$pid" 2>/dev/null && ! grep -q "^State:.*Z" "/proc/$pid/status" 2>/dev/null; then
                alive=1
            fi
        done
        ((alive == 0)) && return 0
        sleep 0.5
    done
    return 1
}

# Stops `up` with a signal and checks that its emulators end with it.
check_stop() {
    local checkout="$1" how="$2"
    local log="$work/up-$how.log" pid emulators
    if ! start_up "$checkout" "$log"; then
        not_ok "./offline-stack up starts (for $how)" "$log"
        return
    fi
    pid="$up_pid"
    emulators="$(emulator_pids "$checkout")"
    if [[ "$how" == "ctrl-c" ]]; then
        kill -INT -- "-$pid"
    else
        kill -KILL "$pid"
    fi
    # shellcheck disable=SC2086
    if all_gone "$pid" $emulators; then
        ok "after $how of ./offline-stack up no emulator process is left (moto pids $emulators)"
    else
        not_ok "after $how of ./offline-stack up no emulator process is left (moto pids $emulators)" "$log"
    fi
}

a="$work/clone-a"
b="$work/clone-b"
moved="$work/elsewhere/renamed-a"

echo "# clone A: a fresh copy, built from scratch by its first command"
fresh_clone "$a"
check_stop "$a" ctrl-c
check_stop "$a" sigkill
if leak="$(embeds_path "$a")"; then
    not_ok "clone A's build outputs hold no absolute path of clone A (found in $leak)"
else
    ok "clone A's build outputs hold no absolute path of clone A"
fi

echo "# clone B: a copy with a marker in its demo output"
fresh_clone "$b"
cp -a "$a/functions/target" "$b/functions/target"
for module in local local-inputs-api offline; do
    cp -a "$a/$module/target" "$b/$module/target"
done
sed -i 's/"Demo succeeded."/"Demo succeeded (clone B)."/' "$b/offline/src/main/java/io/github/clarifais3sync/offline/DemoCommand.java"
if demo "$b" "$work/demo-b.log" && grep -q "Demo succeeded (clone B)." "$work/demo-b.log"; then
    ok "clone B's demo runs clone B's build"
else
    not_ok "clone B's demo runs clone B's build" "$work/demo-b.log"
fi

if demo "$a" "$work/demo-a.log" && grep -q "Demo succeeded." "$work/demo-a.log" \
        && ! grep -q "clone B" "$work/demo-a.log"; then
    ok "clone A's demo, after clone B's, runs clone A's build"
else
    not_ok "clone A's demo, after clone B's, runs clone A's build" "$work/demo-a.log"
fi

rm -rf "$b"
if demo "$a" "$work/demo-a-after-delete.log" && grep -q "Demo succeeded." "$work/demo-a-after-delete.log"; then
    ok "clone A's demo works after clone B was deleted"
else
    not_ok "clone A's demo works after clone B was deleted" "$work/demo-a-after-delete.log"
fi

mkdir -p "$(dirname "$moved")"
mv "$a" "$moved"
if demo "$moved" "$work/demo-moved.log" && grep -q "Demo succeeded." "$work/demo-moved.log" \
        && ! grep -q "building with Maven" "$work/demo-moved.log"; then
    ok "clone A's demo works, without a rebuild, after the checkout moved to another folder"
else
    not_ok "clone A's demo works, without a rebuild, after the checkout moved to another folder" \
        "$work/demo-moved.log"
fi

echo "$passed passed, $failed failed"
((failed == 0))
