#!/usr/bin/env bash
# setup.sh — install the Debian packages gcfuzz needs that are missing.
#
#   scripts/setup.sh test   what building and testing need (default)
#   scripts/setup.sh fuzz   that, plus clang and libFuzzer
#   scripts/setup.sh afl    that, plus AFL++ and Graphviz
#   scripts/setup.sh nightly  that, plus the debug libpython and gnuplot
#   scripts/setup.sh ossfuzz  clang, libFuzzer and zip: the OSS-Fuzz build's test
#
# Installs only what `dpkg -s` does not find; runs apt-get through sudo when
# not root.  On a machine without apt-get it lists what to install instead.
set -euo pipefail

what=${1:-test}
case "$what" in
  test) packages=(cmake make gcc libpython3.11-dev python3.11 python3.11-dbg) ;;
  fuzz) packages=(cmake make gcc libpython3.11-dev python3.11 clang-14 libclang-rt-14-dev) ;;
  afl) packages=(cmake make gcc libpython3.11-dev python3.11 clang-14 libclang-rt-14-dev afl++ graphviz) ;;
  ossfuzz) packages=(cmake make gcc clang-14 libclang-rt-14-dev zip unzip) ;;
  nightly) packages=(cmake make gcc libpython3.11-dev python3.11 python3.11-dbg clang-14 libclang-rt-14-dev afl++ graphviz gnuplot-nox) ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "setup.sh: unknown profile '$what' (use: test, fuzz, afl, nightly or ossfuzz)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages for '$what' are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: please install: ${missing[*]} (no apt-get here)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
