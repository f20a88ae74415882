#!/usr/bin/env bash
# Navigation latencies in a recording (recorder/src/test/java/io/backstep/recorder/SeekBenchmark.java):
# random seeks, steps back, steps back over, reverse continues. See docs/benchmarks.md
# ("Recording: long intervals, kept replay states").
#
#   RW=../shared/realworld
#   ./backstep record -o /tmp/lz4.bstrace $RW/wasm/lz4_bench.wasm 1024
#   recorder/bench-seek.sh /tmp/lz4.bstrace [SEEKS]
#   BACKSTEP_JAR=/other/checkout/app/target/backstep.jar recorder/bench-seek.sh /tmp/lz4.bstrace   # before/after
# Holds the build lock (/tmp/backstep-build.lock) while it runs, as benchmarks here must.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: recorder/bench-seek.sh FILE.bstrace [SEEKS]" >&2; exit 2; }
jar="${BACKSTEP_JAR:-$root/app/target/backstep.jar}"
classes="$root/recorder/target/test-classes"
[ -f "$jar" ] || "$root/backstep" --help >/dev/null
[ -f "$classes/io/backstep/recorder/SeekBenchmark.class" ] ||
    flock /tmp/backstep-build.lock mvn -B -q -o -f "$root/pom.xml" -pl recorder test-compile
# The JVM options the tests use for Chronicle Queue (<chronicle.jvm.options> in the root pom.xml).
opts="$(sed -n 's:.*<chronicle.jvm.options>\(.*\)</chronicle.jvm.options>.*:\1:p' "$root/pom.xml")"
# shellcheck disable=SC2086
exec flock /tmp/backstep-build.lock java $opts -XX:-DontCompileHugeMethods -cp "$jar:$classes" \
    io.backstep.recorder.SeekBenchmark "$@"
