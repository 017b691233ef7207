#!/bin/bash -eu
# oss-fuzz-build.sh — the OSS-Fuzz / ClusterFuzzLite build script of gcfuzz
# (.clusterfuzzlite/build.sh runs it; an OSS-Fuzz project's build.sh can too).
#
# Builds CPython from source with the sanitizer and coverage flags the
# builder passes, links it statically into the fuzz target, and ships in $OUT:
#   fuzz_gc                        the libFuzzer target (custom mutator inside)
#   fuzz_gc.python/lib/python3.X/  CPython's standard library, found by the
#                                  target beside itself (GCFUZZ_BUNDLED_HOME)
#   fuzz_gc_seed_corpus.zip        corpus/
#   fuzz_gc.dict, fuzz_gc.options  the operation dictionary, libFuzzer options
#
# Reads what OSS-Fuzz sets: $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE
# $OUT $SRC $WORK $SANITIZER.  The sources: gcfuzz in $GCFUZZ_SRC (default
# this script's checkout), CPython 3.10 or newer in $CPYTHON_SRC (default
# $SRC/cpython).  A second run reuses $WORK: CPython rebuilds incrementally.
#
#   scripts/oss-fuzz-build.sh [--help]
set -eu
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

die() { echo "oss-fuzz-build: $*" >&2; exit 1; }
for var in CC CFLAGS LIB_FUZZING_ENGINE OUT SRC WORK; do
  [ -n "${!var:-}" ] || die "\$$var is not set (OSS-Fuzz sets it; see --help)"
done
SANITIZER=${SANITIZER:-address}
case "$SANITIZER" in
  address|undefined|none|coverage|introspector) ;;
  *) die "SANITIZER=$SANITIZER is not supported: CPython under MemorySanitizer needs every library it loads instrumented" ;;
esac
gcfuzz=${GCFUZZ_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
cpython=${CPYTHON_SRC:-$SRC/cpython}
[ -f "$cpython/Include/patchlevel.h" ] || die "no CPython source at $cpython (set \$CPYTHON_SRC)"
version=$(sed -n 's/^#define PY_VERSION[[:space:]]*"\([0-9]*\.[0-9]*\).*/\1/p' "$cpython/Include/patchlevel.h")
case "$version" in 3.1[0-9]) ;; *) die "CPython $version is not supported: gcfuzz needs 3.10 or newer" ;; esac
jobs=$(nproc)
# LeakSanitizer would fail CPython's own build steps on the interpreter's
# deliberate start-up allocations
export ASAN_OPTIONS=detect_leaks=0

# 1. CPython, static, out of its source tree, instrumented like the target:
#    coverage of the collector guides the fuzzer, and ASan sees every object
#    (pymalloc off)
pybuild=$WORK/cpython-$version-build prefix=$WORK/cpython-$version
mkdir -p "$pybuild"
if [ ! -f "$pybuild/Makefile" ]; then
  pymalloc=""
  [ "$SANITIZER" = address ] && pymalloc=--without-pymalloc
  echo "oss-fuzz-build: configuring CPython $version ($SANITIZER)"
  (cd "$pybuild" && CC="$CC" CFLAGS="$CFLAGS" LDFLAGS="$CFLAGS" "$cpython/configure" --prefix="$prefix" \
    --disable-shared --without-ensurepip --disable-test-modules $pymalloc >configure.log 2>&1) ||
    die "CPython's configure failed: $pybuild/configure.log"
fi
echo "oss-fuzz-build: building CPython $version"
make -C "$pybuild" -j "$jobs" >"$pybuild/make.log" 2>&1 || die "CPython's make failed: $pybuild/make.log"
make -C "$pybuild" install >"$pybuild/install.log" 2>&1 || die "CPython's make install failed: $pybuild/install.log"

# 2. the target: the harness and its libraries with the same flags, linked
#    with the engine and the static libpython
echo "oss-fuzz-build: building fuzz_gc"
cmake -S "$gcfuzz" -B "$WORK/gcfuzz-build" -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" \
  -DGCFUZZ_ENGINE=libfuzzer -DGCFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DGCFUZZ_BUNDLED_HOME=fuzz_gc.python -DPython3_EXECUTABLE="$prefix/bin/python$version" \
  -DPython3_USE_STATIC_LIBS=ON >"$WORK/gcfuzz-configure.log" 2>&1 ||
  die "gcfuzz's configure failed: $WORK/gcfuzz-configure.log"
cmake --build "$WORK/gcfuzz-build" -j "$jobs" --target fuzz_gc gcfuzz_dict >"$WORK/gcfuzz-build.log" 2>&1 ||
  die "gcfuzz's build failed: $WORK/gcfuzz-build.log"

# 3. what OSS-Fuzz runs: the target, its standard library (without the test
#    suite and the GUI, which no gcfuzz program imports), seeds, dictionary,
#    options
cp "$WORK/gcfuzz-build/fuzz_gc" "$OUT/"
rm -rf "$OUT/fuzz_gc.python" && mkdir -p "$OUT/fuzz_gc.python/lib"
cp -a "$prefix/lib/python$version" "$OUT/fuzz_gc.python/lib/"
(cd "$OUT/fuzz_gc.python/lib/python$version" && rm -rf test idlelib tkinter turtledemo ensurepip lib2to3 config-*)
cp "$WORK/gcfuzz-build/gcfuzz.dict" "$OUT/fuzz_gc.dict"
rm -f "$OUT/fuzz_gc_seed_corpus.zip"
(cd "$gcfuzz/corpus" && zip -q -j "$OUT/fuzz_gc_seed_corpus.zip" -- *) || die "cannot zip the seed corpus"
# the program length the decoder reads (GCFUZZ_MAX_OPS operations); CPython
# keeps caches for the process's life, which LeakSanitizer would report
cat >"$OUT/fuzz_gc.options" <<'EOF'
[libfuzzer]
max_len = 192
timeout = 10
dict = fuzz_gc.dict
detect_leaks = 0

[asan]
detect_leaks = 0
EOF
echo "oss-fuzz-build: $OUT/fuzz_gc against CPython $version ($SANITIZER)"
