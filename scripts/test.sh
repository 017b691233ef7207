#!/usr/bin/env bash
# test.sh — install what is missing, build, and run the tests: against
# Debian's release libpython3.11, then against its debug build (Py_DEBUG,
# assertions, total-refcount leak checks).  The release run also builds
# libpython from Debian's source with each planted collector bug that a
# regressions/planted-*.py names (one tree, cached in .cache/cpython: a few
# minutes the first time, seconds a bug after that) and checks that each such
# regression fails there, and that the record/reduce/picture tools work on
# one (label "planted"), and runs the OSS-Fuzz build script as OSS-Fuzz would
# (label "ossfuzz": CPython 3.11 under ASan, a few minutes the first time).
# scripts/mutants.sh hunts every planted bug.
#
#   scripts/test.sh            everything
#   scripts/test.sh --release  the release libpython only
#   scripts/test.sh --quick    no planted-bug, OSS-Fuzz or CPython-from-source build
#   scripts/test.sh --asan     also the whole suite under ASan + UBSan, against
#                              CPython 3.11 built with them (preset asan-3.11;
#                              its first build took 15 minutes here, with two
#                              fuzzers running on the two cores)
#
# The version matrix: the release run takes CPython 3.14 and 3.15 (release
# and debug builds) from Debian sid's binary packages in a root made once
# (scripts/sid-root.sh, .cache/sid-root), builds CPython 3.13 (with and
# without the GIL) and, where Debian's mirror has their source, 3.14t and
# 3.15t from Debian's source packages (cached), takes pyenv's CPython 3.10 or
# newer where the machine has them, builds the replay tools against each and
# runs the regressions and seeds under it (labels py3.14, py3.14d, py3.15,
# py3.15d, py3.13, py3.13t, py3.10, ...); what cannot be had is named in one
# line and the run goes on.
#
# Build trees: build/, build-debug/ (and build-asan-3.11/).  Extra ctest arguments go after --,
# e.g.  scripts/test.sh -- -L oracle
set -euo pipefail
cd "$(dirname "$0")/.."

builds=(default debug-python)
planted=1 asan=0 ossfuzz=1 sources=1
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) builds=(default) ;;
    --quick) planted=0 ossfuzz=0 sources=0 ;;
    --asan) asan=1 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; ctest_args=("$@"); break ;;
    *) echo "test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

scripts/setup.sh test
[ "$ossfuzz" = 0 ] || scripts/setup.sh ossfuzz
if [ "$asan" = 1 ]; then
  scripts/setup.sh fuzz
  echo "=== CPython 3.11 with ASan + UBSan (scripts/build-cpython.sh)"
  scripts/build-cpython.sh --version 3.11 --sanitize address,undefined --coverage libfuzzer >/dev/null
  builds+=(asan-3.11)
fi
planted_dir="" planted_ft_dir=""
if [ "$planted" = 1 ]; then
  # the planted bugs that regressions/planted-*.py name (scripts/mutants.sh
  # hunts them all)
  for name in $(sed -n 's/^# gcfuzz-planted: //p' regressions/planted-*.py | sort -u); do
    echo "=== libpython with a planted bug: $name"
    if grep -q '^# gcfuzz-mutant: free-threaded' "scripts/patches/$name.patch"; then
      # planted in free-threaded 3.13 (the py3.13t lane tests it)
      lib=$(scripts/build-cpython.sh --version 3.13 --free-threaded --patch "scripts/patches/$name.patch" | tail -n 1)
      planted_ft_dir=$(dirname "$lib")
    else
      lib=$(scripts/build-cpython.sh --lib-only --patch "scripts/patches/$name.patch" | tail -n 1)
      planted_dir=$(dirname "$lib")
    fi
  done
fi
# the version matrix (each CPython runs the regressions and the seeds,
# labelled py3.X; tests/CMakeLists.txt): CPythons built from Debian's source
# packages (cached in .cache/cpython: minutes the first time, seconds after),
# then pyenv's CPythons 3.10 and newer where this machine has them
matrix=()
if [ "$sources" = 1 ]; then
  # Debian sid's 3.14 and 3.15, release and debug builds, in a root made
  # once (scripts/sid-root.sh; a minute the first time): the matrix runs
  # them inside it (ROOT:PYTHON)
  echo "=== CPython 3.14 and 3.15 from Debian sid's binary packages (scripts/sid-root.sh)"
  log=$(mktemp)
  if root=$(scripts/sid-root.sh 2>"$log" | tail -n 1) && [ -d "$root" ]; then
    for v in 3.14 3.14d 3.15 3.15d; do matrix+=("$root:/usr/bin/python$v"); done
  else
    echo "=== CPython 3.14 and 3.15: no sid root, the matrix goes on without them: $(tail -n 1 "$log")"
  fi
  rm -f "$log"
  # from source: 3.13 with and without the GIL; 3.14t and 3.15t the day the
  # mirror serves their source (it does not: Debian ships no free-threaded
  # binaries of them either)
  for spec in "3.13" "3.13 --free-threaded" "3.14 --free-threaded" "3.15 --free-threaded"; do
    echo "=== CPython $spec from Debian's source package (scripts/build-cpython.sh)"
    log=$(mktemp)
    # shellcheck disable=SC2086 # spec is a version and an option
    if prefix=$(scripts/build-cpython.sh --version $spec 2>"$log" | tail -n 1) && [ -x "$prefix/bin/python3" ]; then
      matrix+=("$prefix/bin/python3")
    else
      echo "=== CPython $spec: not built, the matrix goes on without it: $(tail -n 1 "$log")"
    fi
    rm -f "$log"
  done
fi
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for p in "$pyenv_root"/versions/3.1[0-9]*/bin/python3; do
  [ -x "$p" ] && matrix+=("$p")
done
if ! ls "$pyenv_root"/versions/3.1[0-9]*/bin/python3 >/dev/null 2>&1; then
  echo "=== no pyenv CPython 3.10+ in $pyenv_root: not in the version matrix"
fi
if [ ${#matrix[@]} -eq 0 ]; then
  echo "=== the version matrix is this build's libpython alone"
else
  echo "=== version matrix: ${matrix[*]}"
fi
status=0
for preset in "${builds[@]}"; do
  echo "=== $preset: configure, build, test"
  extra=()
  [ "$preset" = default ] && extra=("-DGCFUZZ_PLANTED_BUILDS=$planted_dir" "-DGCFUZZ_PLANTED_BUILDS_313T=$planted_ft_dir"
                                    "-DGCFUZZ_PYTHONS=$(IFS=';'; echo "${matrix[*]}")")
  cmake --preset "$preset" "${extra[@]}" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  ctest --preset "$preset" "${ctest_args[@]}" || status=1
done
if [ "$ossfuzz" = 1 ]; then
  echo "=== the OSS-Fuzz build script, as OSS-Fuzz runs it (label ossfuzz)"
  ctest --test-dir build -L ossfuzz --output-on-failure || status=1
fi
exit $status
