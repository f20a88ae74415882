#!/usr/bin/env bash
# DWARF reader benchmark: opening a module's debug info, a first lookup, a full read (see docs/benchmarks.md).
#
#   engine/debuginfo-bench.sh                                  # ../shared/realworld/wasm/lua.wasm, luaV_execute
#   engine/debuginfo-bench.sh path/to/module.wasm FUNCTION
#
# The build and the run hold /tmp/backstep-build.lock (BENCH_NO_LOCK=1 skips it).
set -euo pipefail
source "$(dirname "$0")/bench-setup.sh"
exec "${lock[@]}" java -Xms512m -Xmx512m -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$cp" \
    io.backstep.engine.bench.DebugInfoBenchmark "${1:-$root/../shared/realworld/wasm/lua.wasm}" "${2:-luaV_execute}"
