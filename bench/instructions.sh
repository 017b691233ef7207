#!/usr/bin/env bash
# instructions.sh [--programs N] [--size BYTES] BENCH... — instructions per
# program of gcfuzz-bench's harness loop and of its raw compile+exec loop,
# counted by callgrind: unlike programs/s, the same for the same binaries
# and inputs whatever else the machine is doing, so two builds compare
# exactly.  Each BENCH is a gcfuzz-bench binary; N programs (default 2000)
# of BYTES input bytes (default 64), one round each.
#
#   bench/instructions.sh build/gcfuzz-bench /tmp/old/build/gcfuzz-bench
set -euo pipefail
programs=2000 size=64
while [ $# -gt 0 ]; do
  case "$1" in
    --programs) programs=$2; shift ;;
    --size) size=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
  shift
done
[ $# -gt 0 ] || { echo "usage: bench/instructions.sh [--programs N] [--size BYTES] BENCH..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() { # BENCH FUNCTION -> instructions inside FUNCTION
  valgrind --tool=callgrind --callgrind-out-file="$work/out" --toggle-collect="$2" \
    "$1" --programs "$programs" --size "$size" --rounds 1 >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '/Collected :/ { print $NF }' "$work/err"
}
printf '%-40s %16s %16s %8s\n' bench "harness instr/prog" "raw instr/prog" ratio
for bench in "$@"; do
  h=$(count "$bench" bench_harness_round)
  r=$(count "$bench" bench_raw_round)
  printf '%-40s %16d %16d %7.1f%%\n' "$bench" $((h / programs)) $((r / programs)) "$(echo "100 * $r / $h" | bc -l)"
done
