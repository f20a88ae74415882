#!/usr/bin/env bash
# Recording overhead as a user sees it: wall-clock time of `backstep run` vs `backstep record`
# (each a fresh JVM: start-up, JIT, run, and for record writing the .bstrace), alternating,
# ROUNDS times; prints every time and the medians. See docs/benchmarks.md ("Recorder").
#
#   recorder/bench-record.sh                 # checksum sample, 5 rounds
#   recorder/bench-record.sh bench 600       # another bundled sample and its arguments
#   ROUNDS=9 recorder/bench-record.sh
#   RW=../shared/realworld                   # the realworld programs (docs/benchmarks.md, "Recorder")
#   ROUNDS=2 recorder/bench-record.sh $RW/wasm/lz4_bench.wasm 1024
#   ROUNDS=2 recorder/bench-record.sh --dir $RW/lua::lua $RW/wasm/lua.wasm lua/bench.lua 12
# Every command holds the build lock (/tmp/backstep-build.lock), as benchmarks here must.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -eq 0 ] && set -- checksum
rounds="${ROUNDS:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Not timed: builds the jar if needed, and writes each command's class-data archive (./backstep).
flock /tmp/backstep-build.lock "$root/backstep" run "$@" >/dev/null
flock /tmp/backstep-build.lock "$root/backstep" record -o "$out/x.bstrace" "$@" >/dev/null
# Timed inside the lock (waiting for it is not the command's time); /usr/bin/time, wall seconds.
timed() { flock /tmp/backstep-build.lock /usr/bin/time -f %e -o "$out/t" "$root/backstep" "$@" >/dev/null; tail -1 "$out/t"; }
runs=(); recs=()
for ((i = 1; i <= rounds; i++)); do
  r=$(timed run "$@")
  rm -f "$out/x.bstrace"
  c=$(timed record -o "$out/x.bstrace" "$@")
  runs+=("$r"); recs+=("$c")
  printf 'round %d: run %.2f s, record %.2f s (%.2fx), load %s\n' "$i" "$r" "$c" "$(awk "BEGIN {print $c / $r}")" "$(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mr=$(median "${runs[@]}"); mc=$(median "${recs[@]}")
printf 'median: run %.2f s, record %.2f s = %.2fx (%s, %d rounds, %s)\n' "$mr" "$mc" "$(awk "BEGIN {print $mc / $mr}")" \
  "$*" "$rounds" "$(du -h "$out/x.bstrace" | cut -f1) .bstrace"
