#!/usr/bin/env bash
# seeds-up-to-date.sh PYTHON CONSTANTS CORPUS — scripts/make-seeds.py, run on
# the C tables of this build, writes exactly the committed seed corpus.
set -u
python=$1 constants=$2 corpus=$3
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$python" "$here/scripts/make-seeds.py" --constants "$constants" "$out" || exit 1
if ! diff -r "$out" "$corpus"; then
  echo "FAIL: corpus/ is not what scripts/make-seeds.py writes: run it and commit the result"
  exit 1
fi
echo "seeds: corpus/ is what scripts/make-seeds.py writes"
