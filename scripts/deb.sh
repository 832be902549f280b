#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build stemprint's Debian package from this tree, with debian/ and
# dpkg-buildpackage, and check it with lintian:
#
#   sh scripts/deb.sh [OUTDIR]       (default OUTDIR: dist/)
#
# OUTDIR gets stemprint_VERSION_ARCH.deb (and its -dbgsym, the source
# package, .buildinfo and .changes). VERSION is CMakeLists.txt's project
# version, exactly when HEAD is its tag vVERSION, else VERSION+gitN.gHASH
# (N commits, HEAD's hash), +dirty added when tracked files were changed.
# The package is built from a copy of the tracked files as they are in the
# tree (a render's out/, build folders and fixtures/audio stay out; the
# build synthesises the fixtures again). Installs, as root, the Debian
# packages it needs that are missing. docs/ci.md, The Debian package, says
# what the package holds and why it is made this way.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-$root/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The tools and the build dependencies (debian/control's Build-Depends).
sh scripts/deps.sh
for p in dpkg-dev debhelper fakeroot lintian; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  echo "stemprint: installing missing Debian packages:$missing" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The version.
base=$(sed -n 's/^project(stemprint VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$base" ] || { echo "stemprint: error: no project version in CMakeLists.txt" >&2; exit 1; }
version=$base
date=$(date -R)
if git rev-parse --git-dir >/dev/null 2>&1; then
  date=$(git log -1 --format=%cD)
  if [ "$(git describe --tags --exact-match 2>/dev/null || true)" != "v$base" ]; then
    version="$base+git$(git rev-list --count HEAD).g$(git rev-parse --short=7 HEAD)"
  fi
  git diff --quiet HEAD -- || version="$version+dirty"
fi

# A copy of the source to build in: dpkg-buildpackage writes into it.
work=$(mktemp -d "${TMPDIR:-/tmp}/stemprint-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
src="$work/stemprint-$version"
mkdir -p "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
  # (a tracked file deleted in the tree stays out; links are copied as links)
  # shellcheck disable=SC2016 # the inner shell expands them
  git ls-files -z | xargs -0 sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf - | tar -xf - -C "$src"
else
  tar --exclude='./build*' --exclude=./dist --exclude=./fixtures/audio --exclude='./recipes/*/out' \
    -cf - . | tar -xf - -C "$src"
fi

# debian/changelog's first entry names the version built.
if [ "$version" != "$base" ]; then
  {
    printf 'stemprint (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * Built from the tree by scripts/deb.sh.\n\n'
    printf ' -- %s  %s\n\n' "$(sed -n 's/^Maintainer: //p' debian/control)" "$date"
    cat debian/changelog
  } >"$src/debian/changelog"
fi

(
  cd "$src"
  DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=$(nproc)} dpkg-buildpackage -us -uc >"$work/build.log" 2>&1 ||
    { tail -40 "$work/build.log" >&2; echo "stemprint: error: dpkg-buildpackage failed" >&2; exit 1; }
)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
for f in "$work"/stemprint*_"$version"*; do
  cp "$f" "$out/"
done
changes="$out/stemprint_${version}_$arch.changes"
echo "stemprint: built $out/stemprint_${version}_$arch.deb"
# errors and warnings fail; docs/ci.md explains each finding
echo "stemprint: lintian --display-info (docs/ci.md, The Debian package, explains each finding):"
lintian --display-info "$changes"
