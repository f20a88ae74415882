#!/usr/bin/env bash
# Source line steps forward and backward on a real program (see docs/benchmarks.md, "Source line steps").
#
#   recorder/source-step-bench.sh                                   # lz4_bench.O0 64, from main's call of LZ4_compress_default, 100 steps
#   recorder/source-step-bench.sh MODULE.wasm FILE:LINE N [program args...]
#   BACKSTEP_CLASSES=/other/recorder/target/classes recorder/source-step-bench.sh ...   # another build's recorder (before/after)
#
# The build and the run hold /tmp/backstep-build.lock (BENCH_NO_LOCK=1 skips it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
lock=(flock /tmp/backstep-build.lock)
[[ "${BENCH_NO_LOCK:-}" == 1 ]] && lock=()
cpfile="$root/recorder/target/bench-classpath.txt"
log="$(mktemp)"
if ! "${lock[@]}" mvn -B -q -o -Dstyle.color=never -pl recorder -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test -Dmaven.test.skip.exec=true >"$log" 2>&1; then
  cat "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"
cp="$root/recorder/target/test-classes:${BACKSTEP_CLASSES:-$root/recorder/target/classes}:$root/engine/target/classes:$(cat "$cpfile")"
opts="$(sed -n 's:.*<chronicle.jvm.options>\(.*\)</chronicle.jvm.options>.*:\1:p' pom.xml)"
if [[ $# -eq 0 ]]; then
  set -- "$root/../shared/realworld/wasm/lz4_bench.O0.wasm" lz4_bench.c:32 100 64
fi
exec "${lock[@]}" java -Xss4m -Xmx2g -XX:-DontCompileHugeMethods $opts -cp "$cp" io.backstep.recorder.SourceStepBenchmark "$@"
