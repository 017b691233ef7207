#!/usr/bin/env bash
# build-cpython.sh — build a CPython (libpython and a python on it) from
# Debian's source packages or from a user's source, optionally instrumented
# or with a patch applied (a planted bug), to run gcfuzz against it.
#
#   scripts/build-cpython.sh [--version V | --source DIR|TARBALL] [options]
#
#   --version V        3.11 (Debian bookworm), 3.13 (trixie), 3.14 or 3.15 (sid);
#                      default 3.11.  Fetched with apt-get source, through a
#                      deb-src entry this script adds for that suite.
#   --source S         a CPython checkout or release tarball (3.10 or newer)
#   --patch FILE       apply FILE (patch -p1, from the source root)
#   --sanitize LIST    clang sanitizers, e.g. address,undefined (pymalloc off,
#                      so that ASan sees every object's memory), or thread
#                      alone (ThreadSanitizer: --with-thread-sanitizer, as
#                      CPython's CI; with --free-threaded, for
#                      scripts/tsan.sh)
#   --coverage KIND    coverage instrumentation: libfuzzer or afl (feedback for
#                      that fuzzer), or report (clang's source-based coverage,
#                      for llvm-cov: scripts/collector-coverage.sh)
#   --pydebug          a debug build (--with-pydebug: assertions, refcounts)
#   --free-threaded    --disable-gil (3.13 or newer)
#   --lib-only         only libpython and python, configured with --prefix=/usr
#                      to use Debian's own standard library: for variants of
#                      Debian's python3.11 swapped in with LD_LIBRARY_PATH
#   --name NAME        build name (default: made from the options above)
#   --work DIR         where sources and builds go (default .cache/cpython)
#   --fetch-only       only fetch and unpack the source; print its tree (the
#                      upstream tree for --version, clean: for out-of-tree builds)
#
# The last line printed is where the result is: the install prefix
# (bin/python3, lib/libpython3.X*.so, include/; hand its bin/python3 to CMake
# as -DPython3_EXECUTABLE), or with --lib-only the build tree holding libpython
# and python.  A second run with the same options rebuilds incrementally: an
# edit to one file of the tree costs seconds.  Needs root (or sudo) the first
# time, to add the deb-src entry and the few build dependencies.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

die() { echo "build-cpython: $*" >&2; exit 1; }
say() { echo "build-cpython: $*" >&2; }

version="" source="" patch_file="" sanitize="" coverage="" pydebug=0 free_threaded=0 lib_only=0 fetch_only=0
name="" work=.cache/cpython
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift ;;
    --source) source=$(realpath "$2"); shift ;;
    --patch) patch_file=$(realpath "$2"); shift ;;
    --sanitize) sanitize=$2; shift ;;
    --coverage) coverage=$2; shift ;;
    --pydebug) pydebug=1 ;;
    --free-threaded) free_threaded=1 ;;
    --lib-only) lib_only=1 ;;
    --name) name=$2; shift ;;
    --work) work=$2; shift ;;
    --fetch-only) fetch_only=1 ;;
    -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[ -z "$version" ] || [ -z "$source" ] || die "give --version or --source, not both"
[ -n "$version$source" ] || version=3.11
case "$coverage" in ""|libfuzzer|afl|report) ;; *) die "--coverage is libfuzzer, afl or report" ;; esac
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
mkdir -p "$work"
work=$(realpath "$work")

# The Debian suite that carries each CPython's source package.
suite_of() {
  case "$1" in
    3.11) echo bookworm ;;
    3.13) echo trixie ;;
    3.14|3.15) echo sid ;;
    *) die "no Debian source package for CPython $1 here: use --source (3.10 or newer)" ;;
  esac
}

# What every build needs, installed once.
install_build_deps() {
  local needed=(dpkg-dev patch gcc make libffi-dev zlib1g-dev libexpat1-dev)
  [ -n "$sanitize$coverage" ] && needed+=(clang-14 libclang-rt-14-dev)
  [ "$coverage" = afl ] && needed+=(afl++)
  local missing=() p
  for p in "${needed[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A deb-src entry for SUITE (source only: it installs no binaries).
add_deb_src() {
  local suite=$1 file=/etc/apt/sources.list.d/gcfuzz-deb-src-$1.sources
  [ -f "$file" ] && return 1
  say "adding deb-src for $suite main"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$suite" | $sudo tee "$file" >/dev/null
}

# apt-get source of the newest version of $1 whose files the mirror serves
# (an index can name a version before its files reach the mirror).
fetch_newest() {
  local pkg=$1 ver
  for ver in $(apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -rV | uniq || true); do
    if (cd "$work/src" && apt-get source -qq "$pkg=$ver" >/dev/null 2>&1); then
      say "fetched $pkg $ver"
      return 0
    fi
    say "$pkg $ver: not fetchable from the mirror, trying an older one"
    rm -rf "$work/src/$pkg"[-_]*
  done
  return 1
}

# Unpacks Debian's python$1 source package from its suite; prints the tree.
debian_source() {
  local v=$1 suite dir
  suite=$(suite_of "$v")
  # (no src/ yet on a first run: find fails, which is no error here)
  dir=$(find "$work/src" -maxdepth 1 -type d -name "python$v-$v*" 2>/dev/null | head -n 1 || true)
  if [ -z "$dir" ]; then
    add_deb_src "$suite" || true
    $sudo apt-get update -qq
    mkdir -p "$work/src"
    fetch_newest "python$v" || die "apt-get source python$v failed for every version listed"
    dir=$(find "$work/src" -maxdepth 1 -type d -name "python$v-$v*" | head -n 1)
  fi
  echo "$dir"
}

# A user's checkout, or a tarball unpacked once; prints the tree.
user_source() {
  local s=$1 dir
  if [ -d "$s" ]; then echo "$s"; return; fi
  [ -f "$s" ] || die "--source $s: no such directory or file"
  dir="$work/src/$(basename "$s" | sed -E 's/\.(tar\.(xz|gz|bz2)|tgz)$//')"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    tar -xf "$s" -C "$dir" --strip-components=1 || die "cannot unpack $s"
  fi
  echo "$dir"
}

# X.Y of the CPython source tree $1, from Include/patchlevel.h.
source_version() {
  sed -n 's/^#define PY_VERSION[[:space:]]*"\([0-9]*\.[0-9]*\).*/\1/p' "$1/Include/patchlevel.h" 2>/dev/null |
    head -n 1
}

# The tree's name, from what differs: "3.14-debug-ft", "3.11-asan-ubsan-cov-
# libfuzzer", "3.11-debian" (--lib-only).  Patches do not change it: a tree
# takes one patch at a time.
default_name() {
  local n
  n=$(source_version "$src")
  [ "$pydebug" = 1 ] && n+=-debug
  [ "$free_threaded" = 1 ] && n+=-ft
  [ -n "$sanitize" ] && n+=-$(echo "$sanitize" | sed 's/address/asan/; s/undefined/ubsan/; s/thread/tsan/; s/,/-/g')
  [ -n "$coverage" ] && n+=-cov-$coverage
  [ "$lib_only" = 1 ] && n+=-debian
  [ -z "$source" ] || n+=-$(basename "$src")
  echo "$n"
}

# Compiler, flags and configure options for the chosen instrumentation.
configure_tree() {
  local prefix=$1 cc=gcc cflags="" ldflags="" opts=()
  if [ "$lib_only" = 1 ]; then
    opts+=(--prefix=/usr --with-platlibdir=lib)
  else
    opts+=(--prefix="$prefix")
    ldflags="-Wl,-rpath,$prefix/lib"
  fi
  opts+=(--enable-shared --without-ensurepip)
  # a full build keeps the test modules: _testcapi.with_tp_del makes the
  # programs' legacy finalizers (rules.c); a libpython-only build uses the
  # system's
  [ "$lib_only" = 1 ] && opts+=(--disable-test-modules)
  if [ "$sanitize" = thread ]; then
    # CPython's own TSan configuration (what its TSan CI runs): allocators
    # unchanged, Tools/tsan/ holds the suppressions reports are read with
    cc=clang-14
    cflags+=" -fno-omit-frame-pointer"
    opts+=(--with-thread-sanitizer)
  elif [ -n "$sanitize" ]; then
    cc=clang-14
    cflags+=" -fsanitize=$sanitize -fno-omit-frame-pointer -fno-sanitize-recover=all"
    ldflags+=" -fsanitize=$sanitize"
    opts+=(--without-pymalloc)
  fi
  case "$coverage" in
    libfuzzer) cc=clang-14; cflags+=" -fsanitize=fuzzer-no-link"; ldflags+=" -fsanitize=fuzzer-no-link" ;;
    afl) cc=afl-clang-fast ;;
    report) cc=clang-14; cflags+=" -fprofile-instr-generate -fcoverage-mapping"; ldflags+=" -fprofile-instr-generate" ;;
  esac
  [ "$pydebug" = 1 ] && opts+=(--with-pydebug)
  [ "$free_threaded" = 1 ] && opts+=(--disable-gil)
  (cd "$tree" && CC=$cc CFLAGS="$cflags" LDFLAGS="$ldflags" ./configure "${opts[@]}" >configure.log 2>&1) ||
    die "configure failed: $tree/configure.log"
}

# Debian's source package of CPython $1: the tree with Debian's patches for a
# --lib-only variant of Debian's own python (same paths and layout), the
# upstream tarball it carries for everything else (Debian's patches move
# install paths and drop configure's LDFLAGS).
debian_or_upstream() {
  local tree tarball
  tree=$(debian_source "$1")
  if [ "$lib_only" = 1 ]; then echo "$tree"; return; fi
  tarball=$(find "$work/src" -maxdepth 1 -name "python$1_$1*.orig.tar.*" ! -name '*.asc' | sort -V | tail -n 1)
  [ -n "$tarball" ] || die "no upstream tarball of python$1 beside $tree"
  user_source "$tarball"
}

# Leaves $tree with exactly $patch_file applied (none when empty): the patch
# applied before, kept as .gcfuzz-applied.patch, is reversed first.
apply_patch() {
  local applied="$tree/.gcfuzz-applied.patch"
  if [ -f "$applied" ]; then
    if [ -n "$patch_file" ] && cmp -s "$applied" "$patch_file"; then return; fi
    (cd "$tree" && patch -R -p1 --quiet <"$applied") || die "cannot take the previous patch out of $tree"
    rm -f "$applied"
  fi
  [ -n "$patch_file" ] || return 0
  (cd "$tree" && patch -p1 --quiet --dry-run <"$patch_file" >/dev/null) ||
    die "$(basename "$patch_file") does not apply to $src"
  (cd "$tree" && patch -p1 --quiet <"$patch_file")
  cp "$patch_file" "$applied"
  say "applied $(basename "$patch_file")"
}

# 1. the source
install_build_deps
if [ -n "$source" ]; then src=$(user_source "$source"); else src=$(debian_or_upstream "$version"); fi
v=$(source_version "$src")
[ -n "$v" ] || die "$src: not a CPython source tree (no Include/patchlevel.h)"
case "$v" in
  3.1[0-9]) ;;
  *) die "CPython $v is not supported: gcfuzz needs 3.10 or newer" ;;
esac
if [ "$lib_only" = 1 ] && [ ! -x "/usr/bin/python$v" ]; then
  die "--lib-only swaps the libpython of Debian's python$v, which is not installed"
fi
if [ "$free_threaded" = 1 ] && [ "${v#3.}" -lt 13 ]; then die "--free-threaded needs CPython 3.13 or newer, not $v"; fi
say "source $src (CPython $v)"
if [ "$fetch_only" = 1 ]; then echo "$src"; exit 0; fi

# 2. the tree, configured once, shared by all patches: one is applied at a
#    time, so that a patched build recompiles only the patched files
[ -n "$name" ] || name=$(default_name)
tree="$work/$name"
prefix="$tree/install"
exec 9>"$tree.lock"
flock 9 # two builds of one tree would mix their patches
# (the stamp names what changed the configuration since: a tree configured
# otherwise is made again)
signature=""
[ "$lib_only" = 1 ] || signature="with test modules"
if [ ! -f "$tree/.gcfuzz-configured" ] || [ "$(cat "$tree/.gcfuzz-configured")" != "$signature" ]; then
  rm -rf "$tree"
  cp -a "$src" "$tree"
  configure_tree "$prefix"
  printf '%s' "$signature" >"$tree/.gcfuzz-configured"
fi

# 3. build (incremental after the first time).  LeakSanitizer would fail the
#    build's own runs of python on CPython's intentional start-up allocations.
#    A full build installs the stock tree once (the standard library, the
#    headers); after that only libpython changes.  A patched libpython goes to
#    a directory of its own, never into the install.
export ASAN_OPTIONS=detect_leaks=0
start=$(date +%s)
make_tree() { (cd "$tree" && make -j "$(nproc)" "$@" >make.log 2>&1) || die "make failed: $tree/make.log"; }
if [ "$lib_only" = 0 ] && [ ! -f "$tree/.gcfuzz-installed" ]; then
  patch_file="" apply_patch
  make_tree all
  (cd "$tree" && make install >install.log 2>&1) || die "make install failed: $tree/install.log"
  touch "$tree/.gcfuzz-installed"
fi
apply_patch
make_tree python
# Puts file $1 into directory $2 unless the same is there: by a rename, so
# that a process running the old file (a hunt or campaign on this planted
# libpython, started by another script) keeps it intact; copying over it in
# place crashed such a process.
put_file() {
  local to=$2/$(basename "$1")
  cmp -s "$1" "$to" && return 0
  cp "$1" "$to.tmp.$$" && mv -f "$to.tmp.$$" "$to"
}
if [ -n "$patch_file" ]; then
  result="$work/$name.patched/$(basename "$patch_file" .patch)"
  mkdir -p "$result"
  for f in "$tree"/libpython"$v"*.so.1.0 "$tree/python"; do put_file "$f" "$result"; done
elif [ "$lib_only" = 1 ]; then
  result=$tree
else
  for f in "$tree"/libpython"$v"*.so.1.0; do put_file "$f" "$prefix/lib"; done
  result=$prefix
fi
say "built $name${patch_file:+ with $(basename "$patch_file")} in $(( $(date +%s) - start )) s"
echo "$result"
