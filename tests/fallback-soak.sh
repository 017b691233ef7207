#!/usr/bin/env bash
# fallback-soak.sh SOAK PYTHON N — render N generated programs as scripts and
# run each under the plain interpreter PYTHON with its own pure-Python
# recorder: the fallback must report nothing on a correct interpreter either.
set -u
soak=$1 python=$2 n=${3:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$soak" --emit "$dir" --programs "$n" --seed 5 --size 96 >/dev/null || exit 1
passed=0 failed=0
for f in "$dir"/*.py; do
  if "$python" "$f" >"$f.out" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $f: $(tail -n 1 "$f.out")"; sed -n '/---- program/,$p' "$f"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
