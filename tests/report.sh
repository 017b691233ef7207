#!/usr/bin/env bash
# report.sh BUILD REGRESSION GUARANTEE [LIBDIR] — scripts/gcfuzz-report writes an
# issue for a finding (under the libpython in LIBDIR, where
# REGRESSION fails with GUARANTEE): a title, the guarantee with its source,
# a plain reproducer with an assert and nothing of gcfuzz, the versions
# table with the harness's verdict, and the tracker searches.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "report: FAIL: $*"; sed -n 1,80p "$dir/r.md" 2>/dev/null; exit 1; }
python3 "$src/scripts/gcfuzz-report" --build "$1" ${4:+--libpython "$4"} --out "$dir/r.md" "$2" >"$dir/log" 2>&1 || fail "exit $?: $(tail -n 3 "$dir/log")"
md=$dir/r.md
head -n 1 "$md" | grep -q '^# .\{10,\}' || fail "no title"
grep -q "^\*\*What CPython promises\*\* ($3): ." "$md" || fail "no $3 promise"
grep -q '^Source: .' "$md" || fail "no source"
sed -n '/^```python$/,/^```$/p' "$md" >"$dir/plain.py"
grep -q '^ *assert ' "$dir/plain.py" || fail "the reproducer has no assert"
! grep -q '_g\.\|gcfuzz_recorder' "$dir/plain.py" || fail "the reproducer uses gcfuzz's recorder"
grep -q "^| 3\.[0-9.]*[td]* | FAIL $3 " "$md" || fail "no lane with the harness's FAIL $3"
grep -q '^- \[.*\](https://github.com/python/cpython/issues?q=' "$md" || fail "no tracker search"
echo "report: $(basename "$2"): $(head -n 1 "$md")"
