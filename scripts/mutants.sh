#!/usr/bin/env bash
# mutants.sh — the seeded-bug self-test: for each planted collector bug in
# scripts/patches/ (a small edit to CPython 3.11's source), build libpython
# with it (incrementally: one shared tree, only the patched file recompiles),
# fuzz it from the seed corpus until the harness reports a failure, record
# that failure reduced, and replay the regression: it must fail under the
# patched libpython (in the harness and as a plain script under the patched
# python) and pass under the stock one.  Ends with a table: bug, time and
# programs run to detection, reduced program length.
#
#   scripts/mutants.sh [--engine libfuzzer|afl] [--time S] [--only NAME]... [--out DIR]
#                      [--feedback all|program|none] [--seed N] [--instrumented]
#
#   --engine E   which fuzzer hunts (default libfuzzer)
#   --time S     give up on a bug after S seconds of fuzzing (default 600)
#   --only NAME  only this patch (scripts/patches/NAME.patch); repeatable
#   --out DIR    work directory (default mutants-out/<engine>): the table is
#                DIR/mutants.md and DIR/mutants.tsv, the regressions
#                DIR/<patch>/regressions/
#   --feedback F what the fuzzer counts besides the harness's edges
#                (GCFUZZ_FEEDBACK, harness/engines/feedback.h; default all)
#   --seed N     the engine's random seed (default: its own choice)
#   --instrumented  hunt every bug in the ASan + UBSan libpython built with
#                libFuzzer coverage (preset libfuzzer-asan-3.11): feedback
#                from the interpreter's own code, not only the harness's
#
# A patch whose header has the line "# gcfuzz-mutant: sanitizer" is a bug that
# only a sanitizer shows (a use after free, a double decref): it is built
# with AddressSanitizer + UBSan and hunted by the libfuzzer-asan-3.11
# preset's harness.  One with "# gcfuzz-mutant: shutdown" shows only while
# the interpreter ends: it is hunted in shutdown mode; one with "# gcfuzz-mutant:
# threads" only on another thread: it is hunted in threads mode (GCFUZZ_THREADS=1);
# one with "# gcfuzz-mutant: free-threaded" only in a free-threaded build: it
# is planted in CPython 3.13 built with --free-threaded (from Debian's trixie
# source, scripts/build-cpython.sh) and hunted in threads mode by a harness
# built against that (build-3.13t, build-fuzz-3.13t).
# (Shutdown mode: GCFUZZ_SHUTDOWN=1,
# docs/oracle.md "At interpreter exit").  One fuzzing process at a time, on
# one core.
# Exit status 0 when every bug was found and its regression behaved.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer time_limit=600 out="" only=() feedback=all seed="" instrumented=0
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --only) only+=("$2"); shift ;;
    --out) out=$2; shift ;;
    --feedback) feedback=$2; shift ;;
    --seed) seed=$2; shift ;;
    --instrumented) instrumented=1 ;;
    -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutants.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out=mutants-out/$engine
case "$feedback" in all|program|none) export GCFUZZ_FEEDBACK=$feedback ;;
  *) echo "mutants.sh: --feedback is all, program or none" >&2; exit 2 ;; esac
case "$seed" in ''|*[!0-9]*) [ -z "$seed" ] || { echo "mutants.sh: --seed wants a number" >&2; exit 2; } ;; esac
case "$engine" in
  libfuzzer) scripts/setup.sh fuzz >/dev/null; fuzz_preset=libfuzzer ;;
  afl) scripts/setup.sh afl >/dev/null; fuzz_preset=afl ;;
  *) echo "mutants.sh: --engine is libfuzzer or afl" >&2; exit 2 ;;
esac
patches=()
if [ ${#only[@]} -eq 0 ]; then
  patches=(scripts/patches/*.patch)
else
  for n in "${only[@]}"; do
    [ -f "scripts/patches/$n.patch" ] || { echo "mutants.sh: no scripts/patches/$n.patch" >&2; exit 2; }
    patches+=("scripts/patches/$n.patch")
  done
fi

# the CPython build that sanitizer bugs are planted in (presets asan-3.11, libfuzzer-asan-3.11)
asan_build=(--version 3.11 --sanitize address,undefined --coverage libfuzzer)
needs_sanitizer() { grep -q '^# gcfuzz-mutant: sanitizer' "$1"; }
at_exit_only() { grep -q '^# gcfuzz-mutant: shutdown' "$1"; }
threads_only() { grep -q '^# gcfuzz-mutant: \(threads\|free-threaded\)' "$1"; }
# the CPython build that free-threaded bugs are planted in, and its harnesses
ft_build=(--version 3.13 --free-threaded)
free_threaded_only() { grep -q '^# gcfuzz-mutant: free-threaded' "$1"; }
in_asan_build() { [ "$instrumented" = 1 ] || needs_sanitizer "$1"; }

# The harnesses: replay tools and the fuzzer, plain or under ASan + UBSan.
build_preset() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$(nproc)" >/dev/null
}
echo "mutants: building gcfuzz (default, $fuzz_preset)"
build_preset default
[ "$instrumented" = 1 ] || build_preset "$fuzz_preset" # (--instrumented hunts with libfuzzer-asan-3.11 only)
for p in "${patches[@]}"; do
  if in_asan_build "$p"; then
    [ "$engine" = libfuzzer ] || { echo "mutants.sh: sanitizer bugs need --engine libfuzzer" >&2; exit 2; }
    echo "mutants: building libpython and gcfuzz under ASan + UBSan (asan-3.11, libfuzzer-asan-3.11)"
    scripts/build-cpython.sh "${asan_build[@]}" >/dev/null
    build_preset asan-3.11
    build_preset libfuzzer-asan-3.11
    break
  fi
done
for p in "${patches[@]}"; do
  if free_threaded_only "$p"; then
    [ "$engine" = libfuzzer ] || { echo "mutants.sh: free-threaded bugs need --engine libfuzzer" >&2; exit 2; }
    echo "mutants: building free-threaded CPython 3.13 and gcfuzz against it (build-3.13t, build-fuzz-3.13t)"
    ft_python=$(scripts/build-cpython.sh "${ft_build[@]}" | tail -n 1)/bin/python3
    for b in default:build-3.13t libfuzzer:build-fuzz-3.13t; do
      cmake --preset "${b%%:*}" -B "${b#*:}" -DPython3_EXECUTABLE="$ft_python" >/dev/null
      cmake --build "${b#*:}" -j "$(nproc)" >/dev/null
    done
    break
  fi
done

# Fuzzes into work directory $1, against the libpython in directory $2, with
# the fuzzer built in $3 (libFuzzer) or build-afl/ (AFL++), in shutdown mode
# if $4 is 1, until the first
# failure or the time limit; prints the first artifact.  How many programs
# ran goes to $dir/executions.
hunt() {
  local dir=$1 lib=$2 fuzz_build=$3
  export GCFUZZ_SHUTDOWN=$4
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [ "$engine" = libfuzzer ]; then
    ASAN_OPTIONS=detect_leaks=0 LD_LIBRARY_PATH=$lib "$fuzz_build/fuzz_gc" "$dir/corpus" corpus \
      -max_total_time="$time_limit" -max_len=192 -timeout=10 -dict="$fuzz_build/gcfuzz.dict" \
      ${seed:+-seed=$seed} -print_final_stats=1 -artifact_prefix="$dir/artifacts/" >"$dir/fuzz.log" 2>&1 || true
    sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1 >"$dir/executions"
  else
    AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_BENCH_UNTIL_CRASH=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1 \
      AFL_CUSTOM_MUTATOR_LIBRARY=$PWD/build-afl/libgcfuzz_afl_mutator.so LD_LIBRARY_PATH=$lib \
      afl-fuzz -i corpus -o "$dir/afl" -V "$time_limit" ${seed:+-s "$seed"} -- build-afl/fuzz_gc_afl \
      >"$dir/fuzz.log" 2>&1 || true
    find "$dir/afl" -path '*crashes/id*' -exec cp {} "$dir/artifacts/" \; 2>/dev/null
    sed -n 's/^execs_done *: *//p' "$dir"/afl/*/fuzzer_stats 2>/dev/null | head -n 1 >"$dir/executions"
  fi
  find "$dir/artifacts" -type f | sort | head -n 1
}

# Lines of the program part of a recorded regression.
program_lines() { sed -n '/^# ---- program ----$/,/^# gcfuzz-signature:/p' "$1" | sed '1d;$d' | wc -l; }

# One bug, start to end; appends its row to the table.  Returns 1 when a step
# misbehaved.
run_mutant() {
  local patch=$1 name dir lib tools fuzz_build build_opts=(--lib-only) found start ms regression sig status=0
  name=$(basename "$patch" .patch)
  dir=$out/$name
  rm -rf "$dir"
  mkdir -p "$dir/regressions"
  tools=build fuzz_build=build-$( [ "$engine" = afl ] && echo afl || echo fuzz)
  if in_asan_build "$patch"; then
    build_opts=("${asan_build[@]}")
    tools=build-asan-3.11 fuzz_build=build-fuzz-asan-3.11
  elif free_threaded_only "$patch"; then
    build_opts=("${ft_build[@]}")
    tools=build-3.13t fuzz_build=build-fuzz-3.13t
  fi
  echo "mutants: $name: building"
  # (set -e does not reach into a function called with ||: check each step)
  if ! lib=$(scripts/build-cpython.sh "${build_opts[@]}" --patch "$patch" | tail -n 1); then
    echo "mutants: $name: FAIL: the patched libpython did not build (a bug the build's own python runs into)"
    printf '%s\tno build\t-\t-\t-\t-\n' "$name" >>"$out/mutants.tsv"
    return 1
  fi
  echo "mutants: $name: fuzzing with $engine (at most ${time_limit}s)"
  start=$(date +%s%N)
  GCFUZZ_THREADS=$(threads_only "$patch" && echo 1 || echo 0) && export GCFUZZ_THREADS
  found=$(hunt "$dir" "$lib" "$fuzz_build" "$(at_exit_only "$patch" && echo 1 || echo 0)")
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -z "$found" ]; then
    echo "mutants: $name: NOT FOUND in ${time_limit}s (log: $dir/fuzz.log)"
    printf '%s\tno\t-\t%s\t-\t-\n' "$name" "$(cat "$dir/executions")" >>"$out/mutants.tsv"
    return 1
  fi
  ASAN_OPTIONS=detect_leaks=0 LD_LIBRARY_PATH=$lib "$tools/gcfuzz-record" --origin "mutant" \
    --dir "$dir/regressions" "$found" >"$dir/record.log" 2>&1 || true
  regression=$(ls "$dir"/regressions/*.py 2>/dev/null | grep -v "\.plain\.py$" | head -n 1)
  if [ -z "$regression" ]; then
    echo "mutants: $name: found after ${ms} ms, but recording failed ($dir/record.log)"
    printf '%s\tyes\t%s\t%s\t-\t-\n' "$name" "$ms" "$(cat "$dir/executions")" >>"$out/mutants.tsv"
    return 1
  fi
  echo "# gcfuzz-planted: $name" >>"$regression"
  sig=$(sed -n 's/^# gcfuzz-signature: //p' "$regression")
  if ASAN_OPTIONS=detect_leaks=0 LD_LIBRARY_PATH=$lib "$tools/gcfuzz-replay" --fork "$regression" >"$dir/replay-patched.log" 2>&1; then
    echo "mutants: $name: FAIL: the regression passes under the patched libpython"; status=1
  fi
  # the script under the patched python, with the build's pure-Python recorder
  if ASAN_OPTIONS=detect_leaks=0 LD_LIBRARY_PATH=$lib PYTHONPATH=$tools/python "$lib/python" "$regression" \
      >"$dir/script-patched.log" 2>&1; then
    echo "mutants: $name: FAIL: the script alone passes under the patched interpreter"; status=1
  fi
  # stock: Debian's libpython, or the sanitizer build's own install (the
  # harness's runpath), which a patched build never touches
  if ! ASAN_OPTIONS=detect_leaks=0 "$tools/gcfuzz-replay" --fork "$regression" >"$dir/replay-stock.log" 2>&1; then
    echo "mutants: $name: FAIL: the regression fails under the stock libpython ($dir/replay-stock.log)"; status=1
  fi
  echo "mutants: $name: found after $(( ms / 1000 )) s: $sig ($(program_lines "$regression") lines)"
  printf '%s\tyes\t%s\t%s\t%s\t%s\n' "$name" "$ms" "$(cat "$dir/executions")" "$(program_lines "$regression")" "$sig" \
    >>"$out/mutants.tsv"
  return $status
}

mkdir -p "$out"
printf 'bug\tfound\tms\texecutions\tlines\tsignature\n' >"$out/mutants.tsv"
failed=0
for p in "${patches[@]}"; do
  run_mutant "$p" || failed=$((failed + 1))
done

# The table, as Markdown, with the median time to detection.
median=$(awk -F'\t' 'NR > 1 && $2 == "yes" { print $3 / 1000 }' "$out/mutants.tsv" | sort -n |
  awk '{ t[++k] = $1 } END { if (k) printf "%.1f", k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2 }')
{
  printf '| seeded bug (%s%s, feedback %s, one core, %s s budget) | found after | programs run | reduced program | caught as |\n' \
    "$engine" "$( [ "$instrumented" = 1 ] && echo ', instrumented libpython')" "$feedback" "$time_limit"
  printf '|---|---|---|---|---|\n'
  awk -F'\t' 'NR > 1 {
    printf "| `%s` | %s | %s | %s | %s |\n", $1, $2 == "yes" ? sprintf("%.1f s", $3 / 1000) : $2 == "no" ? "not found" : $2,
      $4 == "" ? "-" : $4, $5 == "-" ? "-" : $5 " lines", $6
  }' "$out/mutants.tsv"
  found=$(awk -F'\t' 'NR > 1 && $2 == "yes"' "$out/mutants.tsv" | wc -l)
  printf '\n%d of %d found; median time to detection %s s.\n' "$found" "${#patches[@]}" "${median:--}"
} | tee "$out/mutants.md"
[ "$failed" -eq 0 ]
