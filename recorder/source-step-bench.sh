#!/usr/bin/env bash
# Source line steps forward and backward on a real program (see docs/benchmarks.md, "Source line steps").
#
#   recorder/source-step-bench.sh                                   # lz4_bench.O0 64, from main's call of LZ4_compress_default, 100 steps
#   recorder/source-step-bench.sh MODULE.wasm FILE:LINE N [program args...]
#   BACKSTEP_CLASSES=/other/recorder/target/classes recorder/source-step-bench.sh ...   # another build's recorder (before/after)
#   JAVA_OPTS=-Dbench.interval=2097152 recorder/source-step-bench.sh   # record with a fixed checkpoint interval
#
# The build and the run hold /tmp/backstep-build.lock (BENCH_NO_LOCK=1 skips it).
set -euo pipefail
bench_module=recorder
source "$(dirname "$0")/../engine/bench-setup.sh"
opts="$(sed -n 's:.*<chronicle.jvm.options>\(.*\)</chronicle.jvm.options>.*:\1:p' pom.xml)"
if [[ $# -eq 0 ]]; then
  set -- "$root/../shared/realworld/wasm/lz4_bench.O0.wasm" lz4_bench.c:32 100 64
fi
exec "${lock[@]}" java ${JAVA_OPTS:-} -Xss4m -Xmx2g -XX:-DontCompileHugeMethods $opts -cp "$cp" io.backstep.recorder.SourceStepBenchmark "$@"
