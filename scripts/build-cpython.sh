#!/usr/bin/env bash
# build-cpython.sh — build libpython3.11 from Debian's python3.11 source
# package, optionally with a patch applied (a planted bug), to run the
# harness against it with LD_LIBRARY_PATH.
#
#   scripts/build-cpython.sh [--patch FILE] [--name NAME] [--work DIR]
#
#   --patch FILE  apply FILE (patch -p1, from the source root) before building
#   --name NAME   build directory name (default: stock, or the patch's name)
#   --work DIR    where sources and builds go (default .cache/cpython)
#
# The library is configured with --prefix=/usr so that it uses Debian's own
# standard library and extension modules (same version, same release ABI):
# only libpython and a python binary on it are built.  It prints the
# directory holding libpython3.11.so.1.0 on its last line; then, for example:
#   LD_LIBRARY_PATH=$(that dir) build/gcfuzz-replay corpus
#   LD_LIBRARY_PATH=$(that dir) $(that dir)/python regressions/x.py
# Needs root (or sudo) the first time: it adds a deb-src line for bookworm
# main and installs dpkg-dev and the few build dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

patch_file="" name="" work=.cache/cpython
while [ $# -gt 0 ]; do
  case "$1" in
    --patch) patch_file=$(realpath "$2"); shift ;;
    --name) name=$2; shift ;;
    --work) work=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-cpython.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$name" ] || name=$([ -n "$patch_file" ] && basename "$patch_file" .patch || echo stock)
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo

# 1. the source package
mkdir -p "$work"
work=$(realpath "$work")
src=$(find "$work/src" -maxdepth 1 -type d -name 'python3.11-3.11*' 2>/dev/null | head -n 1 || true)
if [ -z "$src" ]; then
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    echo "build-cpython: adding deb-src for bookworm main" >&2
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
      $sudo tee /etc/apt/sources.list.d/gcfuzz-deb-src.sources >/dev/null
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends dpkg-dev patch gcc make \
    libffi-dev zlib1g-dev libexpat1-dev >/dev/null
  mkdir -p "$work/src"
  (cd "$work/src" && apt-get source -qq python3.11 >/dev/null)
  src=$(find "$work/src" -maxdepth 1 -type d -name 'python3.11-3.11*' | head -n 1)
fi
echo "build-cpython: source $src" >&2

# 2. a private copy of the tree with the patch applied
tree="$work/$name"
if [ ! -f "$tree/.gcfuzz-configured" ]; then
  rm -rf "$tree"
  cp -a "$src" "$tree"
  if [ -n "$patch_file" ]; then
    (cd "$tree" && patch -p1 --quiet <"$patch_file")
    echo "build-cpython: applied $(basename "$patch_file")" >&2
  fi
  (cd "$tree" && ./configure --prefix=/usr --enable-shared --with-platlibdir=lib --without-ensurepip \
      --disable-test-modules >"$tree/configure.log" 2>&1) || { echo "configure failed: $tree/configure.log" >&2; exit 1; }
  touch "$tree/.gcfuzz-configured"
fi

# 3. libpython and the python binary on it (to run scripts under the
#    patched interpreter); an edit rebuilds in seconds
(cd "$tree" && make -j "$(nproc)" libpython3.11.so python >"$tree/make.log" 2>&1) ||
  { echo "make failed: $tree/make.log" >&2; exit 1; }
ls "$tree/libpython3.11.so.1.0" >/dev/null
echo "$tree"
