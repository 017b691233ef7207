#!/usr/bin/env bash
# rerender-regressions.sh [REPRO] — rewrite every regressions/*.py that has
# its .bin beside it with the current renderer (after a change to the
# preamble or the expectations' format), keeping its first line (the reason)
# and its trailing "# gcfuzz-..." and "# recorded ..." lines.  Review the diff:
# a changed body means the model now expects something else.
set -euo pipefail
cd "$(dirname "$0")/.."
repro=${1:-build/gcfuzz-repro}
for py in regressions/*.py; do
  case $py in *.plain.py) continue ;; esac # a finding's plain script: no recorder, nothing to render
  bin=${py%.py}.bin
  [ -f "$bin" ] || { echo "skip $py (no .bin)"; continue; }
  new=$(mktemp)
  head -n 1 "$py" >"$new"
  "$repro" --no-run "$bin" | tail -n +2 >>"$new"
  grep -E '^# (gcfuzz-(signature|planted|open|layout|note):|recorded from )' "$py" >>"$new" || true
  mv "$new" "$py"
  echo "rendered $py"
done
