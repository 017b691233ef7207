#!/usr/bin/env bash
# fuzz.sh — install what is missing, build the libFuzzer harness, fuzz for a
# bounded time from the seed corpus, and print a summary.
#
#   scripts/fuzz.sh [--engine libfuzzer|afl] [--python V] [--time SECONDS] [--jobs N] [--out DIR]
#                   [--seed N] [--shutdown] [--threads]
#
#   --engine E  libfuzzer (default) or afl (AFL++ with gcfuzz's custom mutator)
#   --python V  the CPython to fuzz: 3.11 (default, Debian's), 3.11d (its
#               debug build), 3.14, 3.14d, 3.15, 3.15d (Debian sid's release
#               and debug builds, in a root that scripts/sid-root.sh makes
#               once, about a minute), or the path of any python3.10+ with
#               a shared libpython (your own build)
#   --time S    how long to fuzz (default 60)
#   --jobs N    fuzzing processes (default: every core), each in-process:
#               libFuzzer one fuzz_gc per core on a shared corpus, AFL++ one
#               -M and N-1 -S instances (scripts/campaign.py)
#   --out DIR   where the live corpus, artifacts and log go (default fuzz-out)
#   --seed N    the engine's random seed (default: its own choice)
#   --shutdown  shutdown mode: at a program's _g.shutdown() a child ends the
#               interpreter, which is then checked (docs/oracle.md "At
#               interpreter exit"); about ten times slower (GCFUZZ_SHUTDOWN=1)
#   --threads   threads mode: a THREAD's statement runs on a thread of its own
#               or beside one that collects (without it, in place: the same
#               programs and checks); about half the programs/s (GCFUZZ_THREADS=1)
#
# The live corpus grows in DIR/corpus (never committed; the seeds in corpus/
# are only read).  Every failing input is kept in DIR/artifacts/ and explained
# in the summary; reproduce one with  build-fuzz/gcfuzz-repro FILE (for
# --python V: build-fuzz-V/gcfuzz-run build-fuzz-V/gcfuzz-repro FILE; for the
# path of a python, the summary names its tree, build-fuzz-<version>-<hash>).
# Exit status: 0 when nothing failed, 1 when something did, 3 when
# interrupted (what was found is kept).
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer python=3.11 time_limit=60 jobs=$(nproc) out=fuzz-out seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --python) python=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    --seed) seed=$2; shift ;;
    --shutdown) export GCFUZZ_SHUTDOWN=1 ;;
    --threads) export GCFUZZ_THREADS=1 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh "$([ "$engine" = afl ] && echo afl || echo fuzz)"
# the CPython: CMake options and the build tree's suffix
case "$python" in
  3.11) pyopts=() suffix="" ;;
  3.11d) scripts/setup.sh test >/dev/null; pyopts=(-DPython3_EXECUTABLE=/usr/bin/python3.11d "-DPython3_FIND_ABI=ON;ANY;ANY") suffix=-3.11d ;;
  3.14|3.14d|3.15|3.15d)
    root=$(scripts/sid-root.sh | tail -n 1) || { echo "fuzz: no CPython $python: the sid root could not be made (above)" >&2; exit 2; }
    pyopts=(-DGCFUZZ_ROOT="$root" -DPython3_EXECUTABLE="/usr/bin/python$python") suffix=-$python ;;
  /*|./*|../*)
    [ -x "$python" ] || { echo "fuzz: --python $python is not an executable" >&2; exit 2; }
    # a tree of its own per interpreter: its version and ABI flags, and a
    # hash of its path (two builds both installed as .../install/bin/python3
    # once shared a tree, whose cached libpython CMake kept)
    tag=$("$python" -c 'import sys; print("%d.%d%s" % (sys.version_info[:2] + (sys.abiflags,)))') ||
      { echo "fuzz: --python $python does not run" >&2; exit 2; }
    pyopts=(-DPython3_EXECUTABLE="$(realpath "$python")")
    suffix=-$tag-$(realpath "$python" | sha1sum | cut -c1-8) ;;
  *) echo "fuzz: --python is 3.11, 3.11d, 3.14, 3.14d, 3.15, 3.15d or the path of a python, not '$python'" >&2; exit 2 ;;
esac
mkdir -p "$out/corpus"
log="$out/fuzz.log"
build=build-fuzz$suffix
cmake --preset libfuzzer -B "$build" "${pyopts[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_gc gcfuzz-repro gcfuzz_dict >/dev/null
repro=("$build/gcfuzz-run" "$build/gcfuzz-repro")
if [ "$engine" = afl ]; then
  build=build-afl$suffix
  cmake --preset afl -B "$build" "${pyopts[@]}" >/dev/null
  cmake --build "$build" -j "$(nproc)" >/dev/null
fi
echo "fuzz: $engine on CPython $python (tree $build), $jobs process(es) for ${time_limit}s; live corpus $out/corpus, log $log"
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
  verdict=$("${repro[@]}" --quiet "$a" 2>&1 | tail -n 1)
  echo "    $a: $verdict"
done
if [ "$engine_status" = 3 ]; then
  echo "fuzz: interrupted; everything found so far is kept in $out"
  exit 3
fi
if [ "$count" -gt 0 ]; then
  echo "fuzz: reproduce with  ${repro[*]} <file>"
  exit 1
fi
if [ -z "$summary" ]; then
  echo "fuzz: the fuzzer did not run; see $log" >&2
  exit 1
fi
echo "fuzz: no failures"
