#!/usr/bin/env bash
# record-pipeline.sh BUILD_DIR ARTIFACT — the path from an engine artifact to a
# regression (and its plain reproducer), under a libpython in which ARTIFACT fails (LD_LIBRARY_PATH set
# by ctest to a planted-bug build): record (reduced), a second record of the
# same failure is a duplicate and touches nothing (also when the first is
# in a --known directory), a corrupt artifact is
# refused with a message, the recorded script fails here, and --dot draws the
# offending object in red.
set -u
build=$1 artifact=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$build/gcfuzz-record" --origin test --dir "$work" "$artifact" >"$work/log1" || { cat "$work/log1"; fail "record"; }
cat "$work/log1"
py=$(ls "$work"/*.py 2>/dev/null | grep -v '\.plain\.py$' | head -n 1)
[ -n "$py" ] && [ -f "${py%.py}.bin" ] || fail "no .py and .bin written"
plain=${py%.py}.plain.py
[ -f "$plain" ] || fail "no plain reproducer ($plain) written beside it"
! grep -q "_g\." "$plain" || fail "the plain reproducer uses gcfuzz's recorder"
grep -q '^# gcfuzz-signature: G1 instance+del$' "$py" || fail "no signature line in $py"
grep -q '^# gcfuzz-fails: 5 of 5 fresh processes' "$py" || fail "no failure rate (5 of 5) in $py"
ops=$(sed -n '/---- program ----/,$p' "$py" | grep -cvE '^(#|_g\.|def |class |    )')
[ "$ops" -le 15 ] || fail "reduced program has $ops statements, more than 15"
sum=$(md5sum "$py")

"$build/gcfuzz-record" --origin test --dir "$work" "$artifact" >"$work/log2" || fail "second record"
grep -q '^duplicate:' "$work/log2" || { cat "$work/log2"; fail "a second record is not a duplicate"; }
[ "$(ls "$work"/*.py | wc -l)" -eq 2 ] || fail "a duplicate was written"
[ "$(md5sum "$py")" = "$sum" ] || fail "the regression was overwritten"

mkdir "$work/elsewhere"
"$build/gcfuzz-record" --origin test --dir "$work/elsewhere" --known "$work" "$artifact" >"$work/log2k" || fail "record with --known"
grep -q '^duplicate:' "$work/log2k" || { cat "$work/log2k"; fail "a failure a --known directory holds is not a duplicate"; }
[ -z "$(ls "$work/elsewhere")" ] || fail "a duplicate of a --known regression was written"

head -c 3 "$artifact" >"$work/truncated"
if "$build/gcfuzz-record" --dir "$work" "$work/truncated" >"$work/log3" 2>&1; then fail "a truncated artifact was accepted"; fi
grep -q 'empty or truncated' "$work/log3" || { cat "$work/log3"; fail "no clear message for a truncated artifact"; }

"$build/gcfuzz-replay" "$py" >"$work/log4" && fail "the recorded regression passes here"
grep -q '^FAIL G1' "$work/log4" || { cat "$work/log4"; fail "the regression does not fail with G1"; }

"$build/gcfuzz-repro" --quiet --dot "$work/graph.dot" "$py" >"$work/log5"
grep -qE 'o[0-9]+ \[.*color=red' "$work/graph.dot" || { cat "$work/graph.dot"; fail "the picture does not mark the offending object"; }
offending=$(grep -oE 'FAIL G1 o[0-9]+' "$work/log4" | grep -oE 'o[0-9]+$')
grep -qE "^  $offending \[.*color=red" "$work/graph.dot" || fail "the red node is not $offending"
echo "record pipeline: ok ($ops statements)"
