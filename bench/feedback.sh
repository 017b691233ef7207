#!/usr/bin/env bash
# feedback.sh — what each level of feedback is worth: for seeded collector
# bugs (scripts/patches/), libFuzzer hunts from the seed corpus with each
# GCFUZZ_FEEDBACK mode (harness/engines/feedback.h: all = program features
# and gc-level run features, program = the model's features only, none =
# the harness's edges only), once per random seed, and the table gives the
# median programs run and seconds to the first failure.  Programs run is
# the figure to compare: it does not depend on what else the machine runs.
# With --flags, the same for sets of libFuzzer options instead (issue 25:
# choosing the engine's defaults by measurement).
#
#   bench/feedback.sh [--seeds K] [--time S] [--modes "all program none"] [--flags SETS] [--out DIR] [--build DIR] [BUG...]
#
#   --seeds K    hunts per bug and mode, with -seed=1..K (default 5)
#   --time S     budget of one hunt in seconds (default 120); a miss counts
#                as the budget and the programs it ran
#   --modes M    the modes to compare (default "all program none")
#   --flags SETS libFuzzer option sets to compare, NAME=OPTIONS separated by
#                ';', each under every mode of --modes, e.g.
#                --modes all --flags "default=;value-profile=-use_value_profile=1;no-entropic=-entropic=0"
#   --out DIR    work directory (default bench-out/feedback): DIR/feedback.tsv
#                (every hunt), DIR/feedback.md (the table)
#   --build DIR  the libFuzzer build to hunt with (default build-fuzz); a
#                sanitizer bug always uses build-fuzz-asan-3.11
#   BUG          patch names; default: the bugs no seed program shows at once
#                (the others are found in the seed replay, before any
#                feedback can matter)
#
# Needs the libfuzzer preset (and libfuzzer-asan-3.11 for bugs marked
# "# gcfuzz-mutant: sanitizer"); scripts/mutants.sh builds them.
set -euo pipefail
cd "$(dirname "$0")/.."

seeds=5 time_limit=120 modes="all program none" out=bench-out/feedback bugs=() build="" flag_sets="default="
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift ;;
    --time) time_limit=$2; shift ;;
    --modes) modes=$2; shift ;;
    --flags) flag_sets=$2; shift ;;
    --out) out=$2; shift ;;
    --build) build=$2; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "feedback.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) bugs+=("$1") ;;
  esac
  shift
done
[ ${#bugs[@]} -gt 0 ] || bugs=(freeze-misses-oldest-generation gc-keeps-weakrefs-without-callbacks
  slots-traverse-skips-last-of-several subtype-dealloc-extra-decref-of-slotted-type)
for b in "${bugs[@]}"; do
  [ -f "scripts/patches/$b.patch" ] || { echo "feedback.sh: no scripts/patches/$b.patch" >&2; exit 2; }
done
for m in $modes; do
  case "$m" in all|program|none) ;; *) echo "feedback.sh: a mode is all, program or none, not $m" >&2; exit 2 ;; esac
done

IFS=';' read -r -a sets <<<"$flag_sets"
for f in "${sets[@]}"; do
  [[ "$f" == *=* ]] || { echo "feedback.sh: a --flags set is NAME=OPTIONS, not '$f'" >&2; exit 2; }
done
mkdir -p "$out"
printf 'bug\tmode\tseed\tfound\tseconds\tprograms\n' >"$out/feedback.tsv"
for b in "${bugs[@]}"; do
  patch=scripts/patches/$b.patch build_opts=(--lib-only) fuzz_build=build-fuzz
  if grep -q '^# gcfuzz-mutant: sanitizer' "$patch"; then
    build_opts=(--version 3.11 --sanitize address,undefined --coverage libfuzzer) fuzz_build=build-fuzz-asan-3.11
  fi
  [ -z "$build" ] || [ "$fuzz_build" != build-fuzz ] || fuzz_build=$build  # a sanitizer bug needs its own
  [ -x "$fuzz_build/fuzz_gc" ] || { echo "feedback.sh: no $fuzz_build/fuzz_gc: run scripts/mutants.sh first" >&2; exit 2; }
  echo "feedback: $b: building the patched libpython"
  lib=$(scripts/build-cpython.sh "${build_opts[@]}" --patch "$patch" | tail -n 1)
  for m in $modes; do
   for f in "${sets[@]}"; do
    name=${f%%=*}
    read -r -a extra <<<"${f#*=}"
    # the table's "feedback" column: the mode, and the option set when there are several
    label=$m
    [ ${#sets[@]} -eq 1 ] || label="$m, $name"
    for s in $(seq 1 "$seeds"); do
      dir=$out/$b/$m-$name-$s
      rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/artifacts"
      start=$(date +%s%N)
      GCFUZZ_FEEDBACK=$m ASAN_OPTIONS=detect_leaks=0 LD_LIBRARY_PATH=$lib "$fuzz_build/fuzz_gc" "$dir/corpus" corpus \
        -seed="$s" -max_total_time="$time_limit" -max_len=192 -timeout=10 -dict="$fuzz_build/gcfuzz.dict" \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${extra[@]}" >"$dir/fuzz.log" 2>&1 || true
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      programs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
      found=$( [ -n "$(ls "$dir/artifacts")" ] && echo yes || echo no )
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$b" "$label" "$s" "$found" "$(awk -v t="$ms" 'BEGIN { printf "%.1f", t / 1000 }')" \
        "${programs:-?}" >>"$out/feedback.tsv"
      echo "feedback: $b: $label seed $s: found=$found after $ms ms, ${programs:-?} programs"
    done
   done
  done
done

# Medians per bug and mode (a miss counts as what it spent)
{
  printf '| seeded bug | feedback | found | median programs to detection | median seconds |\n|---|---|---|---|---|\n'
  awk -F'\t' 'NR > 1 { k = $1 "\t" $2; n[k]++; f[k] += $4 == "yes"; p[k] = p[k] " " $6; t[k] = t[k] " " $5;
                       if (!(k in seen)) { seen[k] = 1; order[++o] = k } }
    function median(list,   a, c, i, j, x) {
      c = split(substr(list, 2), a, " ")
      for (i = 2; i <= c; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] + 0 > x + 0; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    END { for (i = 1; i <= o; i++) { k = order[i]; split(k, bm, "\t")
            printf "| `%s` | %s | %d/%d | %s | %s |\n", bm[1], bm[2], f[k], n[k], median(p[k]), median(t[k]) } }' \
    "$out/feedback.tsv"
} | tee "$out/feedback.md"
