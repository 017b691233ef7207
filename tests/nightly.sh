#!/usr/bin/env bash
# nightly.sh SOURCE_DIR PLANTED_LIBPYTHON_DIR — the nightly campaign end to
# end (label nightly, outside the default run; about five minutes):
#  1. against a libpython with a planted collector bug, with no known
#     regressions: exit 1, and the report has the rates of each lane, SVG
#     plots, the merged corpus, and each new failure with its verdict, reduced
#     script, picture and repro command;
#  2. again, with the first run's regressions known: failures it recorded
#     are matched to them (other shapes of the same bug may still be new);
#  3. the stock libpython, regressions/ known: nothing new, exit 0;
#  4. a second campaign on a busy --out refuses; SIGTERM in the middle of a
#     campaign still writes a report that says so, exit 3;
#  5. an --out that cannot be made, and too little free space, refuse with
#     a clear message, exit 2.
set -u
src=$1 planted=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
nightly() { "$src/scripts/nightly" --lanes libfuzzer-release,afl-release "$@"; }
mkdir "$work/none"

nightly --minutes 0.75 --out "$work/a" --corpus "$work/corpus" --regressions "$work/none" \
  --libpython "$planted" --seed 1 >"$work/a.log" 2>&1
status=$?
cat "$work/a.log"
[ "$status" = 1 ] || fail "exit status $status with a new failure, not 1"
md=$work/a/report.md
for lane in calibration libfuzzer-release afl-release; do
  grep -qE "^\| $lane[^|]*\| [a-z]+ \| [^|]* \| [0-9]+ \| [0-9]+ \| [1-9][0-9,]* \|" "$md" || fail "no programs for $lane in the rates table"
done
for plot in executions coverage features corpus; do
  grep -q '<svg' "$work/a/plots/$plot.svg" || fail "no SVG plot of $plot"
  grep -q "(plots/$plot.svg)" "$md" || fail "the report does not show the $plot plot"
done
grep -qE '^Corpus: 0 inputs before, [1-9][0-9]* after the merge' "$md" || fail "the corpus was not merged"
[ "$(ls "$work/corpus" | wc -l)" -gt 0 ] || fail "the merged corpus is empty"
grep -q '^## New failures' "$md" && grep -q '^Verdict: `FAIL G1' "$md" || fail "no new G1 failure with its verdict"
grep -q '^Reproduce: `.*/gcfuzz-repro .*\.py`' "$md" || fail "no repro command"
grep -q '^```python' "$md" || fail "no reduced script"
grep -q '^Plain reproducer, for any `python3`: `.*\.plain\.py`' "$md" || fail "no plain reproducer in the report"
grep -q '^assert ' "$md" || fail "the plain reproducer in the report has no assert"
grep -q '^Issue-ready report: \[.*\.report\.md\](regressions/.*\.report\.md)' "$md" || fail "no issue-ready report linked: $(grep "^Issue-ready" "$md" | head -n 1)"
grep -q '(regressions/.*\.svg)' "$md" || fail "no picture of the object graph"
grep -q '<img alt="object graph"' "$work/a/report.html" || fail "the HTML report lacks the picture"
ls "$work/a/regressions/"*.py >/dev/null || fail "no regression recorded"

nightly --minutes 0.5 --out "$work/b" --corpus "$work/corpus" --regressions "$work/a/regressions" \
  --libpython "$planted" --seed 2 >"$work/b.log" 2>&1
tail -n 1 "$work/b.log"
grep -q "| known: \`$work/a/regressions/" "$work/b/report.md" || fail "no failure matched to a regression the first run recorded"

nightly --minutes 0.5 --out "$work/s" --corpus "$work/corpus" --seed 4 >"$work/s.log" 2>&1
status=$?
tail -n 1 "$work/s.log"
[ "$status" = 0 ] || fail "exit status $status on the stock libpython (regressions/ known), not 0"
grep -q 'New failures: \*\*0\*\*' "$work/s/report.md" || fail "the stock libpython's report has new failures"

# not through the shell function: $! must be the campaign itself (the
# wrapper execs it), not a subshell
"$src/scripts/nightly" --lanes libfuzzer-release --minutes 2 --out "$work/c" --corpus "$work/corpus2" \
  --seed 3 >"$work/c.log" 2>&1 &
pid=$!
sleep 5
nightly --minutes 1 --out "$work/c" --corpus "$work/corpus3" >"$work/busy.log" 2>&1
[ $? = 2 ] && grep -q 'another campaign is using' "$work/busy.log" || { cat "$work/busy.log"; fail "a second campaign on a busy --out did not refuse"; }
sleep 15
kill -TERM "$pid"
wait "$pid"
status=$?
tail -n 1 "$work/c.log"
[ "$status" = 3 ] || fail "exit status $status after SIGTERM, not 3"
grep -q '\*\*interrupted\*\*' "$work/c/report.md" || fail "the report does not say it was interrupted"
touch "$work/file"
python3.11 "$src/scripts/nightly.py" --lanes libfuzzer-release --minutes 1 --out "$work/file/out" \
  --corpus "$work/corpus4" >"$work/unwritable.log" 2>&1
[ $? = 2 ] && grep -q "cannot create $work/file/out" "$work/unwritable.log" ||
  { cat "$work/unwritable.log"; fail "an --out that cannot be made did not refuse clearly"; }
python3.11 "$src/scripts/nightly.py" --lanes libfuzzer-release --minutes 1 --out "$work/d" \
  --corpus "$work/corpus4" --min-free 1000000000 >"$work/full.log" 2>&1
[ $? = 2 ] && grep -q "MB free on the file system of" "$work/full.log" ||
  { cat "$work/full.log"; fail "too little free space did not refuse clearly"; }
echo "nightly: ok"
