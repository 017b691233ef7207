#!/usr/bin/env bash
# plain-corpus.sh TEST_PLAIN CORPUS PYTHON N — every seed and N random
# programs as plain scripts (tests/test_plain.c): each must run to its end
# under PYTHON, with nothing of gcfuzz on its path (plain.c's rewriting of
# the recorder's calls and its copies of the helpers cover every construct).
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$1" "$2" "$dir" "$4" || exit 1
passed=0 failed=0
for f in "$dir"/*.py; do
  if (cd "$dir" && env -u PYTHONPATH "$3" "$f" >"$f.out" 2>&1); then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL $(basename "$f"): $(tail -n 1 "$f.out")"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
