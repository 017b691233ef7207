#!/usr/bin/env bash
# expect-crash.sh PYTHON SCRIPT — a plain-Python reproducer of a known, open
# interpreter crash: passes while PYTHON still dies on a signal running it,
# fails ("FIXED") the day it exits normally, so that the case gets updated.
"$1" "$2" >/dev/null 2>&1
rc=$?
if [ "$rc" -ge 128 ]; then echo "open: still crashes (exit $rc)"; exit 0; fi
echo "FIXED: $2 no longer crashes $1 (exit $rc): update the open regression"; exit 1
