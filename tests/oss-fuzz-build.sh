#!/usr/bin/env bash
# oss-fuzz-build.sh SOURCE WORK — .clusterfuzzlite/build.sh run with the
# variables OSS-Fuzz's builder sets for a libFuzzer + AddressSanitizer build
# (no container: this tests the script, not the image), then every target it
# ships replayed over its seed corpus the way OSS-Fuzz checks a build: in a
# clean environment, from another directory, with its .options.
#
# CPython 3.11's source comes from Debian's source package
# (scripts/build-cpython.sh --fetch-only); WORK keeps the CPython build
# between runs (the first takes a few minutes, later ones seconds).
set -euo pipefail
source_dir=$1 work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

cpython=$("$source_dir/scripts/build-cpython.sh" --version 3.11 --fetch-only | tail -n 1)
mkdir -p "$work/src" "$work/work"
rm -rf "$work/out" && mkdir -p "$work/out"
ln -sfn "$source_dir" "$work/src/gcfuzz"
ln -sfn "$cpython" "$work/src/cpython"

# as OSS-Fuzz's base-builder sets them for --sanitizer address --engine libfuzzer
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags+=" -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
env SRC="$work/src" OUT="$work/out" WORK="$work/work" SANITIZER=address FUZZING_ENGINE=libfuzzer \
  CC=clang-14 CXX=clang++-14 CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
  bash "$work/src/gcfuzz/.clusterfuzzlite/build.sh" || fail "build.sh failed"

out=$work/out
targets=()
for f in "$out"/*; do
  [ -f "$f" ] && [ -x "$f" ] && targets+=("$(basename "$f")")
done
[ "${targets[*]}" = fuzz_gc ] || fail "expected the one target fuzz_gc in \$OUT, found: ${targets[*]:-none}"
for t in "${targets[@]}"; do
  for f in "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
    [ -s "$out/$f" ] || fail "$f is missing from \$OUT"
  done
  if ldd "$out/$t" | grep -q libpython; then fail "$t links a shared libpython: it would not run on OSS-Fuzz's runner"; fi
  seeds=$(mktemp -d)
  unzip -q "$out/${t}_seed_corpus.zip" -d "$seeds"
  n=$(find "$seeds" -type f | wc -l)
  [ "$n" -eq "$(find "$source_dir/corpus" -type f | wc -l)" ] || fail "the seed corpus zip holds $n files, corpus/ more"
  # the options file's [libfuzzer] lines as flags, as the runner passes them
  opts=$(sed -n '/^\[libfuzzer\]/,/^\[/{s/^\([a-z_]*\) *= *\(.*\)$/-\1=\2/p}' "$out/$t.options" |
    sed "s|-dict=|-dict=$out/|")
  log=$work/$t-replay.log
  (cd / && env -i PATH=/usr/bin:/bin ASAN_OPTIONS=detect_leaks=0 "$out/$t" $opts -runs=0 "$seeds") >"$log" 2>&1 ||
    { tail -n 20 "$log"; fail "$t failed on its seed corpus (log $log)"; }
  grep -q "INITED.*corp: " "$log" || fail "$t did not load its corpus (log $log)"
  # and it fuzzes: a few thousand mutations through the custom mutator
  (cd / && env -i PATH=/usr/bin:/bin ASAN_OPTIONS=detect_leaks=0 "$out/$t" $opts -runs=3000 -seed=1 "$seeds") \
    >"$log.fuzz" 2>&1 || { tail -n 20 "$log.fuzz"; fail "$t failed while fuzzing (log $log.fuzz)"; }
  echo "$t: replayed $n seeds and fuzzed 3000 inputs under ASan, self-contained"
  rm -rf "$seeds"
done
echo "PASS"
