#!/usr/bin/env bash
# fuzz.sh — install what is missing, build the libFuzzer harness, fuzz for a
# bounded time from the seed corpus, and print a summary.
#
#   scripts/fuzz.sh [--time SECONDS] [--jobs N] [--out DIR]
#
#   --time S   how long to fuzz (default 60)
#   --jobs N   parallel fuzzing processes (default 1; libFuzzer -fork=N)
#   --out DIR  where the live corpus, artifacts and log go (default fuzz-out)
#
# The live corpus grows in DIR/corpus (never committed; the seeds in corpus/
# are only read).  Every failing input is kept in DIR/artifacts/ and explained
# in the summary; reproduce one with  build-fuzz/gcfuzz-repro FILE.
# Exit status: 0 when nothing failed, 1 when something did.
set -euo pipefail
cd "$(dirname "$0")/.."

time_limit=60 jobs=1 out=fuzz-out
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time_limit=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh fuzz
cmake --preset libfuzzer >/dev/null
cmake --build --preset libfuzzer -j "$(nproc)" --target fuzz_gc gcfuzz-repro >/dev/null
mkdir -p "$out/corpus" "$out/artifacts"
log="$out/fuzz.log"

echo "fuzz: $jobs job(s) for ${time_limit}s; live corpus $out/corpus, log $log"
set +e
ASAN_OPTIONS=detect_leaks=0 build-fuzz/fuzz_gc "$out/corpus" corpus \
  -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$time_limit" -max_len=192 -timeout=10 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$log" 2>&1
engine_status=$?
set -e

last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
artifacts=$(find "$out/artifacts" -type f | sort)
count=$(printf '%s' "$artifacts" | grep -c . || true)
echo "fuzz: summary"
echo "  engine exit status: $engine_status"
echo "  last status line:   ${last:-none (see $log)}"
echo "  live corpus:        $(find "$out/corpus" -type f | wc -l) inputs"
echo "  failing inputs:     $count"
for a in $artifacts; do
  verdict=$(build-fuzz/gcfuzz-repro --quiet "$a" 2>&1 | tail -n 1)
  echo "    $a: $verdict"
done
if [ "$count" -gt 0 ]; then
  echo "fuzz: reproduce with  build-fuzz/gcfuzz-repro <file>"
  exit 1
fi
if ! grep -q -E '^#[0-9]+' "$log"; then
  echo "fuzz: the fuzzer did not run; see $log" >&2
  exit 1
fi
echo "fuzz: no failures"
