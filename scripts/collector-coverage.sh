#!/usr/bin/env bash
# collector-coverage.sh — how much of CPython's collector a corpus reaches.
# Builds CPython with clang's source-based coverage (build-cpython.sh
# --coverage report) and gcfuzz's replay tool against it, replays the corpora
# in one process, and reports with llvm-cov: lines, branches and functions of
# the collector's source, and the functions no input entered, so that the
# next constructs can aim at them; then the same for CPython's finalization
# code outside the collector (FINALIZATION below), function by function.
#
#   scripts/collector-coverage.sh [--version V] [--out DIR] [CORPUS...]
#
#   --version V  the CPython (default 3.11; see build-cpython.sh)
#   --out DIR    where the profile and the report go (default
#                coverage-out/<V>); the report is DIR/coverage.md
#   CORPUS       directories or files of inputs (default: corpus/, the seeds)
#
# The collector is Modules/gcmodule.c up to 3.12, Python/gc.c from 3.13.
set -euo pipefail

# The finalization functions outside the collector (issue 23): the
# dealloc, clear and traverse of classes defined in Python; weak references
# cleared and their callbacks called; __del__ called; the trashcan, which
# frees deep structures; generators and coroutines finalized.  Names that a
# version does not have are simply absent from its report.
FINALIZATION_FILES=(Objects/typeobject.c Objects/weakrefobject.c Objects/object.c Objects/genobject.c)
FINALIZATION='^(subtype_dealloc|subtype_clear|subtype_traverse|clear_slots|PyObject_ClearWeakRefs|handle_callback|clear_weakref|PyObject_CallFinalizer|PyObject_CallFinalizerFromDealloc|_PyTrash_.*|_PyGen_Finalize|gen_dealloc|gen_close|gen_traverse)$'
cd "$(dirname "$0")/.."

version=3.11 out="" corpora=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "collector-coverage.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) corpora+=("$1") ;;
  esac
  shift
done
[ ${#corpora[@]} -gt 0 ] || corpora=(corpus)
[ -n "$out" ] || out=coverage-out/$version
for c in "${corpora[@]}"; do [ -e "$c" ] || { echo "collector-coverage.sh: no such corpus: $c" >&2; exit 2; }; done
scripts/setup.sh fuzz >/dev/null
command -v llvm-cov-14 >/dev/null || { echo "collector-coverage.sh: needs llvm-cov-14 (Debian package llvm-14)" >&2; exit 1; }

echo "coverage: building CPython $version with source-based coverage"
prefix=$(scripts/build-cpython.sh --version "$version" --coverage report | tail -n 1)
tree=$(dirname "$prefix")
lib=$(ls "$prefix"/lib/libpython"$version"*.so.1.0 | head -n 1)
case "$version" in
  3.10|3.11|3.12) sources=("$tree/Modules/gcmodule.c") ;;
  *) sources=("$tree/Python/gc.c") ;;
esac

build=build-cov-$version
echo "coverage: building gcfuzz against it ($build)"
# (CMake runs the instrumented python: its profile goes nowhere, not into ./default.profraw)
export LLVM_PROFILE_FILE=/dev/null
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPython3_EXECUTABLE="$(ls "$prefix"/bin/python"$version"* | head -n 1)" >/dev/null
cmake --build "$build" -j "$(nproc)" --target gcfuzz-replay >/dev/null

rm -rf "$out"
mkdir -p "$out/profraw"
out=$(realpath "$out")
echo "coverage: replaying ${corpora[*]}"
LLVM_PROFILE_FILE="$out/profraw/%p.profraw" "$build/gcfuzz-replay" "${corpora[@]}" >"$out/replay.log" || true
echo "coverage: $(grep -c '^ok' "$out/replay.log") inputs passed, $(grep -c '^FAIL' "$out/replay.log") failed"
llvm-profdata-14 merge -sparse "$out"/profraw/*.profraw -o "$out/collector.profdata"

# The report: totals for the collector's file, then its functions never entered.
llvm-cov-14 export -summary-only -instr-profile="$out/collector.profdata" "$lib" "${sources[@]}" >"$out/summary.json"
llvm-cov-14 report -show-functions -instr-profile="$out/collector.profdata" "$lib" "${sources[@]}" >"$out/functions.txt"
llvm-cov-14 report -show-functions -instr-profile="$out/collector.profdata" "$lib" \
  "${FINALIZATION_FILES[@]/#/$tree/}" >"$out/finalization.txt"
python3 - "$out" "$version" "$FINALIZATION" "${corpora[@]}" <<'EOF'
import json, re, sys
out, version, finalization, corpora = sys.argv[1], sys.argv[2], re.compile(sys.argv[3]), sys.argv[4:]

def rows(path):
    """llvm-cov report -show-functions: (name, lines, missed lines, branches, missed branches) per function."""
    for row in open(path):
        parts = row.split()
        # Name Regions Miss Cover Lines Miss Cover Branches Miss Cover
        if len(parts) == 10 and parts[0] not in ('Name', 'TOTAL') and parts[1].isdigit():
            yield parts[0], int(parts[4]), int(parts[5]), int(parts[7]), int(parts[8])

def ratio(covered, count):
    return f"{covered}/{count} ({100 * covered / count if count else 0:.1f}%)"

files = json.load(open(out + '/summary.json'))['data'][0]['files']
lines = [f'# Collector coverage, CPython {version}, from {" ".join(corpora)}', '',
         '| file | lines | branches | functions |', '|---|---|---|---|']
for f in files:
    s = f['summary']
    cell = lambda k: f"{s[k]['covered']}/{s[k]['count']} ({s[k]['percent']:.1f}%)"
    lines.append(f"| `{'/'.join(f['filename'].split('/')[-2:])}` | {cell('lines')} | {cell('branches')} | {cell('functions')} |")
never = [name for name, n, missed, _, _ in rows(out + '/functions.txt') if n and missed == n]
lines += ['', f'Functions never entered ({len(never)}): ' + (', '.join(f'`{n}`' for n in sorted(never)) or 'none')]
# (llvm-cov names a static function FILE:NAME)
final = sorted(r for r in rows(out + '/finalization.txt') if finalization.match(r[0].split(':')[-1]))
lines += ['', 'Finalization outside the collector:', '',
          '| function | lines | branches |', '|---|---|---|']
lines += [f'| `{name}` | {ratio(n - m, n)} | {ratio(b - bm, b)} |' for name, n, m, b, bm in final]
total = [sum(f[k] for f in final) for k in range(1, 5)]
lines.append(f'| together ({len(final)} functions) | {ratio(total[0] - total[1], total[0])} | {ratio(total[2] - total[3], total[2])} |')
open(out + '/coverage.md', 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
EOF
