#!/usr/bin/env bash
# Engine benchmark: Backstep's interpreter vs Chicory's interpreter (see docs/benchmarks.md).
#
#   engine/bench.sh                 # full run (~2-3 min on 2 cores)
#   engine/bench.sh --quick         # tiny sizes, checks the harness works
#   engine/bench.sh --only checksum # one workload (fib, checksum, bench, load)
#   JAVA_OPTS="-Dbench.runs=7" engine/bench.sh
#   JAVA_OPTS="-Dbench.fork=false" engine/bench.sh   # all workloads in one JVM (no fork per workload)
#
# Both the build and the run hold /tmp/backstep-build.lock so concurrent builds on this
# machine do not disturb the measurements (set BENCH_NO_LOCK=1 to skip the lock).
set -euo pipefail
source "$(dirname "$0")/bench-setup.sh"
# Fixed heap (no resizing during runs), parallel GC would compete for the 2 cores: use Serial.
# -XX:-DontCompileHugeMethods as in ./backstep: the JIT tier makes large JVM methods of large Wasm functions.
jvm=(-Xms1g -Xmx1g -XX:+UseSerialGC -XX:+UseCompressedOops -XX:-DontCompileHugeMethods)
exec "${lock[@]}" java "${jvm[@]}" ${JAVA_OPTS:-} -cp "$cp" \
    io.backstep.engine.bench.EngineBenchmark --samples "$root/samples" "$@"
