#!/usr/bin/env bash
# sid-root.sh — make (once) a Debian sid root holding CPython 3.14 and 3.15,
# release and debug builds with their headers and libpython, to build and
# run gcfuzz against the CPythons people run today.  Debian's mirror serves
# their binary packages but not their sources, and their libpython needs a
# newer glibc than Debian 12's, so what is linked to them runs inside this
# root (scripts/in-root).
#
#   scripts/sid-root.sh [--root DIR] [--mirror URL] [--check]
#
#   --root DIR    where the root goes (default .cache/sid-root)
#   --mirror URL  the Debian mirror (default: the one this machine's apt
#                 sources name for its own Debian suite)
#   --check       make nothing: say whether the root is there and complete
#
# Idempotent: a complete root is reused at once.  It is built beside DIR and
# renamed into place only when complete, so an interrupted run leaves nothing
# half-made that a later run would trust.  The last line printed is DIR.
# Needs root, or mmdebstrap's unshare mode (unprivileged user namespaces).
# A user without either can point gcfuzz at their own CPython 3.14/3.15
# build instead: scripts/build-cpython.sh --source DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "sid-root: $*" >&2; exit 1; }
say() { echo "sid-root: $*" >&2; }

root=.cache/sid-root mirror="" check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift ;;
    --mirror) mirror=$2; shift ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done

# What the root holds: each CPython's release and debug build with its
# headers and libpython, the C++ runtime libFuzzer's targets need, and
# Graphviz for gcfuzz-repro --dot.  The harness is compiled outside, by this
# machine's compilers (cmake/root-python.cmake), and only runs inside.
packages=(python3.14-dev python3.14-dbg python3.15-dev python3.15-dbg libstdc++6 graphviz)
# The executables that must run inside for the root to count as complete.
pythons=(/usr/bin/python3.14 /usr/bin/python3.14d /usr/bin/python3.15 /usr/bin/python3.15d /usr/bin/dot)

complete() {
  [ -f "$1/.gcfuzz-root" ] || return 1
  local p
  for p in "${pythons[@]}"; do [ -x "$1$p" ] || return 1; done
}

mkdir -p "$(dirname "$root")"
root=$(realpath -m "$root")
if complete "$root"; then
  say "reusing $root ($(cat "$root/.gcfuzz-root"))"
  echo "$root"
  exit 0
fi
[ "$check" = 0 ] || die "no complete root at $root (make it with scripts/sid-root.sh)"

# The mirror this machine's apt uses for Debian itself (deb822 .sources or
# one-line sources.list entries); never a fixed host.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '/^URIs:/ {u=$2} /^Suites:/ && / (bookworm|trixie|sid|stable|testing|unstable)( |$)/ {if (u ~ /debian\/?$/) {print u; exit}}' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" && $2 ~ /debian\/?$/ {print $2; exit}' "$f"
  done
}
[ -n "$mirror" ] || mirror=$(debian_mirror | head -n 1)
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*; give one with --mirror URL"

mode=root
if [ "$(id -u)" -ne 0 ]; then
  unshare --user --map-root-user true 2>/dev/null ||
    die "not root, and this machine allows no unprivileged user namespaces (mmdebstrap's unshare mode): run as root, or build CPython yourself (scripts/build-cpython.sh --source DIR)"
  mode=unshare
fi
if ! command -v mmdebstrap >/dev/null 2>&1; then
  [ "$mode" = root ] || die "mmdebstrap is not installed: apt-get install mmdebstrap (as root), then run this again"
  say "installing mmdebstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi
free_mb=$(df -Pm "$(dirname "$root")" | awk 'NR == 2 {print $4}')
[ "$free_mb" -ge 2048 ] || die "only $free_mb MB free beside $root; the root needs about 1.5 GB"

# Building beside the final place, renamed when complete.  sid's Release file
# may have expired on the mirror: its validity is not checked (the packages
# are still verified against the archive key).
tmp="$root.partial"
rm -rf "$tmp"
say "making a sid root with ${packages[*]} from $mirror (about two minutes)"
start=$(date +%s)
if ! mmdebstrap --mode="$mode" --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
       --include="$(IFS=,; echo "${packages[*]}")" sid "$tmp" "$mirror" >"$tmp.log" 2>&1; then
  rm -rf "$tmp"
  die "mmdebstrap failed (the mirror may not carry these packages in sid): see $tmp.log"
fi
for p in "${pythons[@]}"; do
  [ -x "$tmp$p" ] || { rm -rf "$tmp"; die "the root has no $p: see $tmp.log"; }
done
echo "versions unread" >"$tmp/.gcfuzz-root" # the mark in-root asks for; the versions replace it
versions=$(for p in "${pythons[@]}"; do
  [ "$p" != /usr/bin/dot ] || continue
  scripts/in-root "$tmp" "$p" -c 'import sys; print("%s%s" % (sys.version.split()[0], "d" if hasattr(sys, "gettotalrefcount") else ""))'
done | tr '\n' ' ')
echo "${versions% }" >"$tmp/.gcfuzz-root"
rm -rf "$root"
mv "$tmp" "$root"
rm -f "$tmp.log"
say "made $root in $(( $(date +%s) - start )) s: CPython ${versions% }"
echo "$root"
