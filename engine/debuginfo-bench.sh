#!/usr/bin/env bash
# DWARF reader benchmark: opening a module's debug info, a first lookup, a full read (see docs/benchmarks.md).
#
#   engine/debuginfo-bench.sh                                  # ../shared/realworld/wasm/lua.wasm, luaV_execute
#   engine/debuginfo-bench.sh path/to/module.wasm FUNCTION
#
# The build and the run hold /tmp/backstep-build.lock (BENCH_NO_LOCK=1 skips it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
lock=(flock /tmp/backstep-build.lock)
[[ "${BENCH_NO_LOCK:-}" == 1 ]] && lock=()
cpfile="$root/engine/target/bench-classpath.txt"
log="$(mktemp)"
if ! "${lock[@]}" mvn -B -q -o -Dstyle.color=never -pl engine test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >"$log" 2>&1; then
  cat "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"
cp="$root/engine/target/test-classes:$root/engine/target/classes:$(cat "$cpfile")"
exec "${lock[@]}" java -Xms512m -Xmx512m -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$cp" \
    io.backstep.engine.bench.DebugInfoBenchmark "${1:-$root/../shared/realworld/wasm/lua.wasm}" "${2:-luaV_execute}"
