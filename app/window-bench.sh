#!/usr/bin/env bash
# Window benchmark (docs/benchmarks.md): start-up to first stop, step-to-render latency, and scrubbing.
# Needs the built jar (./backstep builds it) and a display; without one it starts Xvfb (apt-get install xvfb).
# Usage: app/window-bench.sh [runs]   (default 3 start-up runs; 0 runs only the scrubbing; SCRUB_SECONDS=8)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/backstep.jar"
runs="${1:-3}"
[ -f "$jar" ] || { echo "window-bench: build first (./backstep --help builds the jar)" >&2; exit 1; }
if [ -z "${DISPLAY:-}" ]; then
    command -v Xvfb >/dev/null || { echo "window-bench: no DISPLAY and no Xvfb (apt-get install xvfb)" >&2; exit 1; }
    export DISPLAY=:91
    Xvfb "$DISPLAY" -screen 0 1600x1000x24 >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill $xvfb' EXIT
    sleep 1
fi
journals="$(mktemp -d)"
trap 'rm -rf "$journals"; [ -n "${xvfb:-}" ] && kill $xvfb' EXIT
java_run() {
    java -XX:-DontCompileHugeMethods -Dchronicle.analytics.disable=true -Dbackstep.journals="$journals" \
        -Dbackstep.timing=true "$@" -jar "$jar" open 2>&1 >/dev/null
}
echo "== start-up on the corruption sample, then 100 steps (step into) rendered one after the other"
for i in $(seq 1 "$runs"); do
    java_run -Dbackstep.timing.steps=100 | grep '^timing:' || true
    echo
done
# Scrubbing: a real program with its C sources, so the source view follows the drag too. The recording
# sits in wasm/ beside links to the realworld sources, as the window looks for them (DWARF paths are
# relative to the realworld folder, the module folder's parent).
rw="${BACKSTEP_REALWORLD:-$here/../shared/realworld}"
seconds="${SCRUB_SECONDS:-8}"
command -v xdotool >/dev/null || { echo "window-bench: scrubbing drags the mouse with xdotool (apt-get install xdotool)" >&2; exit 1; }
echo "== scrubbing a 98 M-step recording (lz4_bench 76, C sources found) for $seconds s, with the mouse"
mkdir -p "$journals/wasm"
ln -s "$rw/src" "$journals/src"
ln -s "$rw/upstream" "$journals/upstream"
rec="$journals/wasm/lz4_76.bstrace"
java -XX:-DontCompileHugeMethods -Dchronicle.analytics.disable=true -Dbackstep.journals="$journals" -jar "$jar" \
    record -o "$rec" "$rw/wasm/lz4_bench.wasm" 76 >/dev/null
java -XX:-DontCompileHugeMethods -Dchronicle.analytics.disable=true -Dbackstep.journals="$journals" \
    -Dbackstep.timing=true -Dbackstep.timing.scrub="$seconds" -jar "$jar" open "$rec" 2>&1 >/dev/null | grep '^timing:' || true
