#!/usr/bin/env bash
# expect-crash.sh PYTHON SCRIPT — a plain-Python reproducer of a known, open
# interpreter crash: passes while PYTHON still dies on a signal running it
# (or, built with a sanitizer, reports an error),
# fails ("FIXED") the day it exits normally, so that the case gets updated.
# Its first line is a regression's open line, "# gcfuzz-open: A.B-C.D: why"
# (or "A.B: why"; regressions/README.md): the CPython versions that crash;
# under any other PYTHON it must run cleanly.  Without a range: all crash.
range=$(sed -n '1s/^# gcfuzz-open: *\([0-9][0-9.-]*\):.*/\1/p' "$2")
version=$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || { echo "cannot run $1"; exit 1; }
in_range=1
if [ -n "$range" ]; then
  lo=${range%-*} hi=${range#*-}
  key() { echo "$1" | awk -F. '{ printf "%d%03d", $1, $2 }'; }
  [ "$(key "$version")" -ge "$(key "$lo")" ] && [ "$(key "$version")" -le "$(key "$hi")" ] || in_range=0
fi
# under a sanitizer build, a report is a crash: make it abort, not exit 1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}abort_on_error=1"
{ "$1" "$2" >/dev/null 2>&1; } 2>/dev/null
rc=$?
if [ "$in_range" = 0 ]; then
  if [ "$rc" = 0 ]; then echo "ok: $version is outside the crashing versions ($range) and runs it cleanly"; exit 0; fi
  echo "FAIL: $2 exits $rc under $version, outside the crashing versions ($range)"; exit 1
fi
if [ "$rc" -ge 128 ]; then echo "open: still crashes $version (exit $rc)"; exit 0; fi
echo "FIXED: $2 no longer crashes $1 ($version, exit $rc): update the open regression"; exit 1
