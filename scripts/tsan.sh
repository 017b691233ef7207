#!/usr/bin/env bash
# tsan.sh — ThreadSanitizer on the free-threaded collector: build CPython 3.13
# free-threaded with TSan (once: scripts/build-cpython.sh --version 3.13
# --free-threaded --sanitize thread, about ten minutes), gcfuzz's tools with
# TSan against it (preset tsan-3.13t), and run a soak whose THREADs run on a
# thread of their own or beside one that collects, in parallel.  A TSan
# report that CPython's own suppressions (Tools/tsan/
# suppressions_free_threading.txt) do not cover is a finding: CPython treats
# such a race as a bug.
#
#   scripts/tsan.sh [--programs N] [--seed S] [--mutate CORPUS] [--out DIR]
#
#   --programs N   programs to run (default 2000)
#   --seed S       the soak's seed (default 1)
#   --mutate C     mutate the inputs of corpus C (default: random inputs)
#   --out DIR      where reports and inputs go (default tsan-out)
#
# Each report is DIR/tsan.PID (TSan's log_path); the soak stops the worker at
# the first (halt_on_error), saves the program that made it as
# DIR/soak-N.bin and goes on in a new worker.  Reproduce one with
#   build-tsan-3.13t/gcfuzz-run build-tsan-3.13t/gcfuzz-repro DIR/soak-N.bin
# (gcfuzz-run sets TSAN_OPTIONS and GCFUZZ_THREADS).  Exit status: 0 when nothing was
# reported and nothing failed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "tsan: $*" >&2; exit 2; }
say() { echo "tsan: $*" >&2; }

programs=2000 seed=1 mutate="" out=tsan-out
while [ $# -gt 0 ]; do
  case "$1" in
    --programs) programs=$2; shift ;;
    --seed) seed=$2; shift ;;
    --mutate) mutate=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[[ "$programs" =~ ^[1-9][0-9]*$ ]] || die "--programs takes a positive number, not '$programs'"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed takes a number, not '$seed'"
[ -z "$mutate" ] || [ -d "$mutate" ] || die "--mutate: no corpus directory $mutate"

scripts/setup.sh fuzz >&2  # clang-14 and its TSan runtime
say "CPython 3.13 free-threaded with ThreadSanitizer (built once)"
prefix=$(scripts/build-cpython.sh --version 3.13 --free-threaded --sanitize thread | tail -n 1)
[ -x "$prefix/bin/python3" ] || die "no python in $prefix"

say "gcfuzz's tools with ThreadSanitizer (build-tsan-3.13t)"
cmake --preset tsan-3.13t >/dev/null
cmake --build --preset tsan-3.13t -j "$(nproc)" --target gcfuzz-soak gcfuzz-repro >/dev/null

mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out"/tsan.*
# build-tsan-3.13t/gcfuzz-run adds CPython's suppressions and halt_on_error,
# and turns threads mode on (CMakeLists.txt, GCFUZZ_TSAN)
export TSAN_OPTIONS="second_deadlock_stack=1 log_path=$out/tsan"
say "soak: $programs programs, seed $seed, threads on; reports in $out"
soak=(build-tsan-3.13t/gcfuzz-run build-tsan-3.13t/gcfuzz-soak --programs "$programs" --seed "$seed" --out "$out")
[ -z "$mutate" ] || soak+=(--mutate "$mutate")
status=0
"${soak[@]}" | tee "$out/soak.log" || status=1

# The summary: each report's kind and its two innermost frames.
reports=("$out"/tsan.*)
[ -e "${reports[0]}" ] || reports=()
echo "tsan: ${#reports[@]} report(s) from $programs programs (seed $seed)"
for r in "${reports[@]}"; do
  kind=$(grep -m1 -o 'WARNING: ThreadSanitizer: [a-z -]*[a-z]' "$r" | sed 's/WARNING: ThreadSanitizer: //')
  frames=$(grep -m2 -E '^ +#0 ' "$r" | sed -E 's/^ +#0 +([^ ]+) ([^ ]*\/)?([^ /]+) .*/\1 (\3)/' | paste -sd ';' | sed 's/;/; /')
  echo "  $(basename "$r"): $kind: $frames"
done
[ ${#reports[@]} -eq 0 ] || status=1
if [ "$status" != 0 ]; then
  echo "tsan: reproduce a saved input: build-tsan-3.13t/gcfuzz-run build-tsan-3.13t/gcfuzz-repro $out/soak-N.bin"
fi
exit "$status"
