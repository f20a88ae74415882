# Sourced by the engine's benchmark scripts: builds the engine's test classes and sets
#   root  the repository, and the current directory
#   lock  the command prefix that holds /tmp/backstep-build.lock (empty with BENCH_NO_LOCK=1), so
#         concurrent builds on this machine do not disturb the measurements
#   cp    the classpath: engine test classes, engine classes (BACKSTEP_CLASSES for another build), test dependencies
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
lock=(flock /tmp/backstep-build.lock)
[[ "${BENCH_NO_LOCK:-}" == 1 ]] && lock=()
cpfile="$root/engine/target/bench-classpath.txt"
log="$(mktemp)"
if ! "${lock[@]}" mvn -B -q -Dstyle.color=never -pl engine test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >"$log" 2>&1; then
  cat "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"
cp="$root/engine/target/test-classes:${BACKSTEP_CLASSES:-$root/engine/target/classes}:$(cat "$cpfile")"
