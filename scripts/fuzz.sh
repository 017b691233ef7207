#!/usr/bin/env bash
# fuzz.sh — install what is missing, build the libFuzzer harness, fuzz for a
# bounded time from the seed corpus, and print a summary.
#
#   scripts/fuzz.sh [--engine libfuzzer|afl] [--time SECONDS] [--jobs N] [--out DIR]
#
#   --engine E  libfuzzer (default) or afl (AFL++ with gcfuzz's custom mutator)
#   --time S    how long to fuzz (default 60)
#   --jobs N    fuzzing processes (default: every core), each in-process:
#               libFuzzer one fuzz_gc per core on a shared corpus, AFL++ one
#               -M and N-1 -S instances (scripts/campaign.py)
#   --out DIR   where the live corpus, artifacts and log go (default fuzz-out)
#   --seed N    the engine's random seed (default: its own choice)
#
# The live corpus grows in DIR/corpus (never committed; the seeds in corpus/
# are only read).  Every failing input is kept in DIR/artifacts/ and explained
# in the summary; reproduce one with  build-fuzz/gcfuzz-repro FILE.
# Exit status: 0 when nothing failed, 1 when something did, 3 when
# interrupted (what was found is kept).
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer time_limit=60 jobs=$(nproc) out=fuzz-out seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    --seed) seed=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh "$([ "$engine" = afl ] && echo afl || echo fuzz)"
mkdir -p "$out/corpus"
log="$out/fuzz.log"
cmake --preset libfuzzer >/dev/null
cmake --build --preset libfuzzer -j "$(nproc)" --target fuzz_gc gcfuzz-repro gcfuzz_dict >/dev/null
build=build-fuzz
if [ "$engine" = afl ]; then
  cmake --preset afl >/dev/null
  cmake --build --preset afl -j "$(nproc)" >/dev/null
  build=build-afl
fi
echo "fuzz: $engine, $jobs process(es) for ${time_limit}s; live corpus $out/corpus, log $log"
# the campaign: in-process engines on $jobs cores, a failure restarts only its
# process (scripts/campaign.py)
set +e
python3.11 scripts/campaign.py --engine "$engine" --build "$build" --out "$out/$engine" \
  --time "$time_limit" --cores "$jobs" --corpus corpus --corpus "$out/corpus" ${seed:+--seed $seed} >"$log" 2>&1
engine_status=$?
set -e
summary=$(grep '^campaign:' "$log" | tail -n 1 || true)
# what the engines found joins the live corpus; failing inputs are listed below
if [ "$engine" = afl ]; then
  find "$out/afl/afl" -path '*/queue/id*' -exec cp {} "$out/corpus/" \; 2>/dev/null || true
else
  find "$out/libfuzzer/corpus" -type f -exec cp {} "$out/corpus/" \; 2>/dev/null || true
fi
mkdir -p "$out/artifacts"
python3.11 -c 'import json, shutil, sys
for a in json.load(open(sys.argv[1]))["artifacts"]:
    shutil.copy(a, sys.argv[2])' "$out/$engine/result.json" "$out/artifacts" 2>/dev/null || true

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
if [ "$engine_status" = 3 ]; then
  echo "fuzz: interrupted; everything found so far is kept in $out"
  exit 3
fi
if [ "$count" -gt 0 ]; then
  echo "fuzz: reproduce with  build-fuzz/gcfuzz-repro <file>"
  exit 1
fi
if [ -z "$summary" ]; then
  echo "fuzz: the fuzzer did not run; see $log" >&2
  exit 1
fi
echo "fuzz: no failures"
