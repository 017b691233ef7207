#!/usr/bin/env bash
# script-forms.sh BUILD PYTHON SCRIPT — the forms a rendered script takes
# outside the harness (lift/render.h) all hold:
#  1. SCRIPT with a longer header (5 more comment lines) still passes, in
#     the harness and under PYTHON with BUILD/python on its path, with
#     GCFUZZ_STRICT=1: the expectations' lines count from the program's mark,
#     not the file's top (SCRIPT must have a prompt=: its objects must be
#     finalized at exactly their line, so a wrong count fails);
#  2. its standalone form (gcfuzz-repro --standalone) passes under PYTHON
#     with nothing on the path;
#  3. without the recorder on the path it exits non-zero saying what to do,
#     and never passes.
set -u
build=$1 python=$2 script=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "script-forms: FAIL: $*"; exit 1; }
grep -q "prompt=" "$script" || fail "$script has no prompt=: a wrong line count would go unseen"
export GCFUZZ_STRICT=1
{ head -n 1 "$script"; for i in 1 2 3 4 5; do echo "# a longer header, line $i"; done; tail -n +2 "$script"; } >"$dir/longer.py"
"$build/gcfuzz-replay" "$dir/longer.py" >"$dir/replay.out" 2>&1 || fail "the harness fails it with a longer header: $(tail -n 2 "$dir/replay.out")"
PYTHONPATH=$build/python "$python" "$dir/longer.py" >"$dir/python.out" 2>&1 ||
  fail "$python fails it with a longer header: $(tail -n 1 "$dir/python.out")"
"$build/gcfuzz-repro" --no-run --standalone "$script" >"$dir/standalone.py" || fail "gcfuzz-repro --standalone failed"
grep -q "import gcfuzz_recorder\|from gcfuzz_recorder" "$dir/standalone.py" && fail "the standalone form still imports the recorder"
(cd "$dir" && env -u PYTHONPATH "$python" standalone.py >"$dir/standalone.out" 2>&1) ||
  fail "$python fails the standalone form: $(tail -n 1 "$dir/standalone.out")"
cp "$script" "$dir/alone.py"
if (cd "$dir" && env -u PYTHONPATH "$python" alone.py >"$dir/alone.out" 2>&1); then
  fail "it passed without its recorder"
fi
grep -q "needs gcfuzz_recorder.py" "$dir/alone.out" || fail "without its recorder it said: $(tail -n 1 "$dir/alone.out")"
echo "script-forms: $(basename "$script"): a longer header, the standalone form and the missing recorder behave"
