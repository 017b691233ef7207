#!/usr/bin/env bash
# test.sh — install what is missing, build, and run the tests: against
# Debian's release libpython3.11, then against its debug build (Py_DEBUG,
# assertions, total-refcount leak checks).
#
#   scripts/test.sh            both builds
#   scripts/test.sh --release  the release libpython only
#
# Build trees: build/ and build-debug/.  Extra ctest arguments go after --,
# e.g.  scripts/test.sh -- -L oracle
set -euo pipefail
cd "$(dirname "$0")/.."

builds=(default debug-python)
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) builds=(default) ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; ctest_args=("$@"); break ;;
    *) echo "test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh test
status=0
for preset in "${builds[@]}"; do
  echo "=== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  ctest --preset "$preset" "${ctest_args[@]}" || status=1
done
exit $status
