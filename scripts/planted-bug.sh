#!/usr/bin/env bash
# planted-bug.sh — the whole path a real interpreter bug takes, on a bug we
# plant ourselves: build libpython from Debian's source with one small edit
# (scripts/patches/*.patch), fuzz it from the seed corpus until the harness
# reports a failure, record it as a regression (reduced), and replay that
# regression: it must fail under the patched libpython and pass under the
# stock one.
#
#   scripts/planted-bug.sh [--engine libfuzzer|afl] [--time S] [--patch FILE] [--out DIR]
#
#   --engine E   which fuzzer hunts (default libfuzzer)
#   --time S     give up after S seconds of fuzzing (default 300)
#   --patch F    the planted bug (default scripts/patches/list-traverse-skips-first-item.patch)
#   --out DIR    work directory (default planted-out/<engine>); the regression
#                is written to DIR/regressions/
# Exit status 0 when every step behaved, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer time_limit=300 patch=scripts/patches/list-traverse-skips-first-item.patch out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --patch) patch=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "planted-bug.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out=planted-out/$engine
case "$engine" in
  libfuzzer) scripts/setup.sh fuzz; preset=libfuzzer ;;
  afl) scripts/setup.sh afl; preset=afl ;;
  *) echo "planted-bug.sh: --engine is libfuzzer or afl" >&2; exit 2 ;;
esac

echo "planted: building the patched libpython ($(basename "$patch"))"
patched=$(scripts/build-cpython.sh --patch "$patch" | tail -n 1)
echo "planted: building gcfuzz (default and $preset)"
for p in default "$preset"; do
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$(nproc)" >/dev/null
done

rm -rf "$out"
mkdir -p "$out/corpus" "$out/artifacts" "$out/regressions"
echo "planted: fuzzing with $engine against $patched (at most ${time_limit}s)"
start=$(date +%s%N)
set +e
if [ "$engine" = libfuzzer ]; then
  LD_LIBRARY_PATH=$patched build-fuzz/fuzz_gc "$out/corpus" corpus -max_total_time="$time_limit" \
    -max_len=192 -artifact_prefix="$out/artifacts/" >"$out/fuzz.log" 2>&1
else
  AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_BENCH_UNTIL_CRASH=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_CUSTOM_MUTATOR_LIBRARY=$PWD/build-afl/libgcfuzz_afl_mutator.so LD_LIBRARY_PATH=$patched \
    afl-fuzz -i corpus -o "$out/afl" -V "$time_limit" -- build-afl/fuzz_gc_afl >"$out/fuzz.log" 2>&1
  find "$out/afl" -path '*crashes/id*' -exec cp {} "$out/artifacts/" \; 2>/dev/null
fi
set -e
found=$(find "$out/artifacts" -type f | sort | head -n 1)
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ -z "$found" ]; then
  echo "planted: FAIL: $engine found nothing in ${time_limit}s (log: $out/fuzz.log)"
  exit 1
fi
echo "planted: found $(basename "$found") after ${elapsed_ms} ms (fuzzer start-up included)"
grep -m1 'gcfuzz: FAIL' "$out/fuzz.log" || true

echo "planted: recording it (reduced)"
LD_LIBRARY_PATH=$patched build/gcfuzz-record --origin "planted-$engine" --dir "$out/regressions" "$found"
regression=$(ls "$out"/regressions/*.py | head -n 1)
echo "# gcfuzz-planted: $(basename "$patch" .patch)" >>"$regression"
sed -n '/---- program ----/,$p' "$regression"

status=0
echo "planted: replaying $regression"
if LD_LIBRARY_PATH=$patched build/gcfuzz-replay --fork "$regression" >"$out/replay-patched.log"; then
  echo "planted: FAIL: the regression passes under the patched libpython"; status=1
else
  echo "planted: under the patched libpython: $(grep -E '^FAIL' "$out/replay-patched.log")"
fi
if build/gcfuzz-replay "$regression" >"$out/replay-stock.log"; then
  echo "planted: under the stock libpython: ok"
else
  echo "planted: FAIL: the regression fails under the stock libpython"; cat "$out/replay-stock.log"; status=1
fi
if LD_LIBRARY_PATH=$patched "$patched/python" "$regression" >/dev/null 2>&1; then
  echo "planted: FAIL: the script passes under the patched interpreter"; status=1
else
  echo "planted: the script alone, under the patched interpreter: fails, as it should"
fi
exit $status
