#!/usr/bin/env bash
# afl-smoke.sh BUILD_DIR CORPUS [SECONDS] — run afl-fuzz briefly with the
# custom mutator and check that programs were executed; print the stability
# AFL++ measured (state leaking between runs in persistent mode lowers it).
set -u
build=$1 corpus=$2 seconds=${3:-10}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  AFL_CUSTOM_MUTATOR_LIBRARY="$build/libgcfuzz_afl_mutator.so" \
  timeout $((seconds + 60)) afl-fuzz -i "$corpus" -o "$out" -V "$seconds" -- "$build/fuzz_gc_afl" >"$out/log" 2>&1
stats="$out/default/fuzzer_stats"
[ -f "$stats" ] || { tail -20 "$out/log"; echo "FAIL: afl-fuzz did not run"; exit 1; }
grep -E 'execs_done|execs_per_sec|stability|corpus_count|saved_crashes' "$stats"
execs=$(awk '/^execs_done/ {print $3}' "$stats")
grep -q "custom mutator" "$out/log" || grep -qi "libgcfuzz_afl_mutator" "$out/log" || { echo "FAIL: the custom mutator was not loaded"; exit 1; }
[ "${execs:-0}" -gt 100 ] || { echo "FAIL: only ${execs:-0} executions"; exit 1; }
echo "afl smoke: ok"
