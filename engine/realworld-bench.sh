#!/usr/bin/env bash
# Real programs benchmark: Backstep (JIT tier, and interpreter alone) against Chicory's interpreter and
# compiler on the realworld programs and the samples; see docs/benchmarks.md ("Real programs").
#
#   engine/realworld-bench.sh                          # everything (~12 min on 2 cores)
#   engine/realworld-bench.sh --only lua,lz4_bench     # some programs
#   engine/realworld-bench.sh --engines backstep,backstep-interpreter
#   JAVA_OPTS="-Drw.runs=5 -Drw.arg.lua=4" engine/realworld-bench.sh
#   BACKSTEP_CLASSES=/some/engine/classes engine/realworld-bench.sh   # another build of the engine (before/after)
#   BENCH_EXT_DIR=/path/to/ext engine/realworld-bench.sh               # where CoreMark, zlib and MuJS were built (below)
#   engine/realworld-bench.sh --lockstep --only mujs   # no timing: the JIT tier and the interpreter compared at every stop
#   BACKSTEP_JIT_OPTS="-XX:TieredStopAtLevel=1" engine/realworld-bench.sh --engines backstep   # HotSpot flags added to the Backstep (JIT tier) children's
#
# The build and the whole run hold /tmp/backstep-build.lock (BENCH_NO_LOCK=1 skips it).
set -euo pipefail
source "$(dirname "$0")/bench-setup.sh"
realworld="$(cd "$root/../shared/realworld" 2>/dev/null && pwd || echo /work/shared/realworld)"
# As ./backstep runs the JVM (-XX:-DontCompileHugeMethods), with a fixed heap and Serial GC (2 cores).
jvm=(-Xms1g -Xmx1g -XX:+UseSerialGC -XX:-DontCompileHugeMethods)
# The Backstep (JIT tier) children also get the flags ./backstep run adds (engine/hotspot/jit-tier.json and
# an earlier compilation of loops; JitTierDirectivesTest checks that the two agree).
jit_tier="-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile=$root/engine/hotspot/jit-tier.json -XX:Tier3BackEdgeThreshold=10000"
# CoreMark, zlib and MuJS are built outside the tree (their sources are not ours), into
# $BENCH_EXT_DIR/{coremark,zlib,js}/out: engine/bench-programs/*/README.md. A program not built there is skipped.
ext="${BENCH_EXT_DIR:-$root/../ext}"
exec "${lock[@]}" java "${jvm[@]}" "-Drw.backstep.jvm=$jit_tier ${BACKSTEP_JIT_OPTS:-}" "-Drw.ext=$ext" ${JAVA_OPTS:-} -cp "$cp" \
    io.backstep.engine.bench.RealWorldBenchmark --samples "$root/samples" --realworld "$realworld" "$@"
