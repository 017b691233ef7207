#!/usr/bin/env bash
# reduce-fixpoint.sh BUILD_DIR INPUT MAX_OPS — the reducer on an input that
# fails under the libpython on LD_LIBRARY_PATH (a planted-bug build, set by
# ctest): it ends at MAX_OPS operations or fewer, and reducing its output
# again changes nothing (both reducers ran until neither made progress).
# The input, 31 operations, once reduced to 13 when operands were shrunk
# only in three special cases and deletion did not run again after them.
set -u
build=$1 input=$2 max_ops=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$build/gcfuzz-reduce" -o "$work/min" "$input" >"$work/log1" 2>&1 || { cat "$work/log1"; fail "reduce"; }
cat "$work/log1"
ops=$(( $(stat -c %s "$work/min.bin") / 4 ))
[ "$ops" -le "$max_ops" ] || fail "reduced to $ops operations, more than $max_ops"
"$build/gcfuzz-reduce" -o "$work/again" "$work/min.bin" >"$work/log2" 2>&1 || { cat "$work/log2"; fail "reduce again"; }
cmp -s "$work/min.bin" "$work/again.bin" || fail "reducing the reduced input shrank it again: the reduction stopped early"
echo "reduced to $ops operations, a fixpoint"
