#!/usr/bin/env bash
# Recording overhead as a user sees it: wall-clock time of `backstep run` vs `backstep record`
# (each a fresh JVM: start-up, JIT, run, and for record writing the .bstrace), alternating,
# ROUNDS times; prints every time and the medians. See docs/benchmarks.md ("Recorder").
#
#   recorder/bench-record.sh                 # checksum sample, 5 rounds
#   recorder/bench-record.sh bench 600       # another bundled sample and its arguments
#   ROUNDS=9 recorder/bench-record.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sample="${1:-checksum}"
shift || true
rounds="${ROUNDS:-5}"
"$root/backstep" run "$sample" "$@" >/dev/null # builds the jar if needed (not timed)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
runs=(); recs=()
for ((i = 1; i <= rounds; i++)); do
  t0=$(now); flock /tmp/backstep-build.lock "$root/backstep" run "$sample" "$@" >/dev/null; t1=$(now)
  rm -f "$out/x.bstrace"
  t2=$(now); flock /tmp/backstep-build.lock "$root/backstep" record -o "$out/x.bstrace" "$sample" "$@" >/dev/null; t3=$(now)
  r=$(awk "BEGIN {print $t1 - $t0}"); c=$(awk "BEGIN {print $t3 - $t2}")
  runs+=("$r"); recs+=("$c")
  printf 'round %d: run %.2f s, record %.2f s\n' "$i" "$r" "$c"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mr=$(median "${runs[@]}"); mc=$(median "${recs[@]}")
printf 'median: run %.2f s, record %.2f s = %.2fx (%s, %d rounds, %s)\n' "$mr" "$mc" "$(awk "BEGIN {print $mc / $mr}")" \
  "$sample $*" "$rounds" "$(du -h "$out/x.bstrace" | cut -f1) .bstrace"
