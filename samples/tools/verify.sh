#!/usr/bin/env bash
# Checks the committed samples/*.wasm against samples/expected/*.txt by
# running them under Node.js's WASI (a development cross-check; Backstep's
# own tests run them on the Backstep engine).
#
#   tools/verify.sh            compare every sample that has an expected file
#   tools/verify.sh --native   also build the C sources with gcc and compare
#   tools/verify.sh --update   rewrite expected/*.txt from the wasm runs
#
# Every sample runs with no arguments; files runs inside a fresh empty
# directory.  corruption must trap (exit 134 here), the others exit 0.
set -uo pipefail
cd "$(dirname "$0")/.."
SAMPLES="$(pwd)"
mode="${1:-}"
status=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_sample() {   # run_sample NAME RUNNER... ; stdout -> $work/out.txt, returns exit code
    local name="$1"; shift
    rm -rf "$work/dir" && mkdir "$work/dir"
    (cd "$work/dir" && "$@") > "$work/out.txt" 2> "$work/err.txt"
}

for exp in expected/*.txt; do
    name="$(basename "$exp" .txt)"
    want_rc=0
    [ "$name" = corruption ] && want_rc=134
    run_sample "$name" node --no-warnings "$SAMPLES/tools/run-node.mjs" "$SAMPLES/$name.wasm"
    rc=$?
    if [ "$mode" = --update ]; then
        cp "$work/out.txt" "$exp"
    fi
    if [ $rc -ne $want_rc ]; then
        echo "FAIL $name: exit code $rc, expected $want_rc"; cat "$work/err.txt"; status=1
    elif ! diff -u "$exp" "$work/out.txt" > "$work/diff.txt"; then
        echo "FAIL $name: output differs"; cat "$work/diff.txt"; status=1
    else
        echo "ok   $name (wasm, exit $rc)"
    fi
    if [ "$mode" = --native ]; then
        src="src/$name.c"
        [ "$name" = bigprog ] && src="gen/bigprog.c"
        [ -f "$src" ] || continue
        gcc -O2 -w "$src" -o "$work/native" || { echo "FAIL $name: gcc"; status=1; continue; }
        run_sample "$name" "$work/native" 2> /dev/null
        rc=$?
        # The corruption sample prints its wasm address first; natively that
        # line differs (and the crash is a SIGSEGV, not a trap), so skip it.
        skip=1
        [ "$name" = corruption ] && skip=2
        if diff -q <(tail -n +$skip "$exp") <(tail -n +$skip "$work/out.txt") > /dev/null; then
            echo "ok   $name (native gcc, exit $rc)"
        else
            echo "FAIL $name: native output differs"; diff -u "$exp" "$work/out.txt"; status=1
        fi
    fi
done
exit $status
