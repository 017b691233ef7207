#!/usr/bin/env bash
# fuzz.sh — install what is missing, build the libFuzzer harness, fuzz for a
# bounded time from the seed corpus, and print a summary.
#
#   scripts/fuzz.sh [--engine libfuzzer|afl] [--time SECONDS] [--jobs N] [--out DIR]
#
#   --engine E  libfuzzer (default) or afl (AFL++ with gcfuzz's custom mutator)
#   --time S    how long to fuzz (default 60)
#   --jobs N    parallel fuzzing processes (default 1; libFuzzer -fork=N,
#               AFL++ one -M and N-1 -S instances)
#   --out DIR   where the live corpus, artifacts and log go (default fuzz-out)
#   --seed N    the engine's random seed (default: its own choice)
#
# The live corpus grows in DIR/corpus (never committed; the seeds in corpus/
# are only read).  Every failing input is kept in DIR/artifacts/ and explained
# in the summary; reproduce one with  build-fuzz/gcfuzz-repro FILE.
# Exit status: 0 when nothing failed, 1 when something did.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer time_limit=60 jobs=1 out=fuzz-out seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    --seed) seed=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh "$([ "$engine" = afl ] && echo afl || echo fuzz)"
mkdir -p "$out/corpus" "$out/artifacts"
log="$out/fuzz.log"
if [ "$engine" = afl ]; then
  cmake --preset afl >/dev/null
  cmake --build --preset afl -j "$(nproc)" >/dev/null
  cmake --preset libfuzzer >/dev/null
  cmake --build --preset libfuzzer -j "$(nproc)" --target gcfuzz-repro >/dev/null
  echo "fuzz: AFL++, $jobs job(s) for ${time_limit}s; output $out/afl, log $log"
  export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
  export AFL_CUSTOM_MUTATOR_LIBRARY=$PWD/build-afl/libgcfuzz_afl_mutator.so
  for j in $(seq 2 "$jobs"); do
    afl-fuzz ${seed:+-s $seed} -i corpus -o "$out/afl" -S "s$j" -V "$time_limit" -- build-afl/fuzz_gc_afl >"$out/fuzz-s$j.log" 2>&1 &
  done
  set +e
  afl-fuzz ${seed:+-s $seed} -i corpus -o "$out/afl" -M main -V "$time_limit" -- build-afl/fuzz_gc_afl >"$log" 2>&1
  engine_status=$?
  wait
  set -e
  find "$out/afl" -path '*crashes/id*' -exec cp {} "$out/artifacts/" \; 2>/dev/null || true
  stats="$out/afl/main/fuzzer_stats"
  summary=$(grep -hE '^(execs_done|execs_per_sec|stability|corpus_count|saved_crashes|edges_found)' "$stats" 2>/dev/null | tr -s ' ' | paste -sd ',' -)
  find "$out/afl" -path '*/queue/id*' -exec cp {} "$out/corpus/" \; 2>/dev/null || true
else
  cmake --preset libfuzzer >/dev/null
  cmake --build --preset libfuzzer -j "$(nproc)" --target fuzz_gc gcfuzz-repro >/dev/null
  echo "fuzz: libFuzzer, $jobs job(s) for ${time_limit}s; live corpus $out/corpus, log $log"
  set +e
  ASAN_OPTIONS=detect_leaks=0 build-fuzz/fuzz_gc "$out/corpus" corpus ${seed:+-seed=$seed} \
    -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$time_limit" -max_len=192 -timeout=10 \
    -dict=build-fuzz/gcfuzz.dict -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$log" 2>&1
  engine_status=$?
  set -e
  summary=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
fi

artifacts=$(find "$out/artifacts" -type f | sort)
count=$(printf '%s' "$artifacts" | grep -c . || true)
echo "fuzz: summary"
echo "  engine exit status: $engine_status"
echo "  engine's last word: ${summary:-none (see $log)}"
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
if [ -z "$summary" ]; then
  echo "fuzz: the fuzzer did not run; see $log" >&2
  exit 1
fi
echo "fuzz: no failures"
