# Sourced by the benchmark scripts: builds a module's test classes and sets
#   root  the repository, and the current directory
#   lock  the command prefix that holds /tmp/backstep-build.lock (empty with BENCH_NO_LOCK=1), so
#         concurrent builds on this machine do not disturb the measurements
#   cp    the classpath: the module's test classes, its classes (BACKSTEP_CLASSES for another build's),
#         the engine's classes as built here, test dependencies
# The module is $bench_module (default engine; the recorder's scripts set recorder).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
module="${bench_module:-engine}"
lock=(flock /tmp/backstep-build.lock)
[[ "${BENCH_NO_LOCK:-}" == 1 ]] && lock=()
cpfile="$root/$module/target/bench-classpath.txt"
log="$(mktemp)"
if ! "${lock[@]}" mvn -B -q -o -Dstyle.color=never -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >"$log" 2>&1; then
  cat "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"
# The engine's own classes before the dependencies: those hold the engine as last installed, maybe stale.
cp="$root/$module/target/test-classes:${BACKSTEP_CLASSES:-$root/$module/target/classes}:$root/engine/target/classes:$(cat "$cpfile")"
