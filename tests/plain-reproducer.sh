#!/usr/bin/env bash
# plain-reproducer.sh BUILD LIBDIR STOCK_PYTHON REGRESSION [MAX_LINES] — the
# plain reproducer of a finding (gcfuzz-repro --plain, tools/lib/plain.h),
# made under the libpython in LIBDIR where REGRESSION fails (a planted-bug
# build): it uses nothing of gcfuzz, fails under LIBDIR's own python with
# an AssertionError (or a crash), passes under STOCK_PYTHON, and has at
# most MAX_LINES lines (default 40); reduced (--reduce), it is no longer,
# and still fails there with the same last line and passes here.
set -u
build=$(realpath "$1") lib=$(realpath "$2") stock=$3 regression=$(realpath "$4") max=${5:-40}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "plain-reproducer: FAIL: $*"; exit 1; }
LD_LIBRARY_PATH=$lib "$build/gcfuzz-repro" --plain --quiet -o "$dir/plain.py" "$regression" >"$dir/repro.out" 2>&1
[ -s "$dir/plain.py" ] || fail "no plain script written: $(tail -n 2 "$dir/repro.out")"
! grep -n "_g\.\|gcfuzz_recorder\|_gcfuzz" "$dir/plain.py" || fail "the plain script uses gcfuzz's recorder"
lines=$(wc -l <"$dir/plain.py")
[ "$lines" -le "$max" ] || fail "$lines lines, more than $max"
(cd "$dir" && LD_LIBRARY_PATH=$lib "$lib/python" plain.py >"$dir/patched.out" 2>&1)
rc=$?
[ "$rc" -ne 0 ] || fail "it passes under the patched python ($lib)"
[ "$rc" -gt 128 ] || grep -q "^AssertionError: " "$dir/patched.out" ||
  fail "under the patched python it failed otherwise than by an assert: $(tail -n 1 "$dir/patched.out")"
(cd "$dir" && env -u PYTHONPATH "$stock" plain.py >"$dir/stock.out" 2>&1) ||
  fail "it fails under $stock: $(tail -n 1 "$dir/stock.out")"
LD_LIBRARY_PATH=$lib "$build/gcfuzz-repro" --plain --quiet --reduce --python "$lib/python" --good "$stock" \
  -o "$dir/reduced.py" "$regression" >"$dir/reduce.out" 2>&1
[ -s "$dir/reduced.py" ] || fail "no reduced script: $(tail -n 2 "$dir/reduce.out")"
reduced=$(wc -l <"$dir/reduced.py")
[ "$reduced" -le "$lines" ] || fail "the reduced script has $reduced lines, more than the $lines it had"
(cd "$dir" && LD_LIBRARY_PATH=$lib "$lib/python" reduced.py >"$dir/patched-reduced.out" 2>&1) &&
  fail "the reduced script passes under the patched python"
[ "$(tail -n 1 "$dir/patched-reduced.out")" = "$(tail -n 1 "$dir/patched.out")" ] ||
  fail "the reduced script fails otherwise: $(tail -n 1 "$dir/patched-reduced.out")"
(cd "$dir" && env -u PYTHONPATH "$stock" reduced.py >/dev/null 2>&1) || fail "the reduced script fails under $stock"
echo "plain-reproducer: $(basename "$regression"): $lines lines, $reduced reduced; patched python: $(tail -n 1 "$dir/patched.out" | cut -c1-100)...; $stock: passes"
