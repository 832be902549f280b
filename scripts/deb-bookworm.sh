#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package on a clean Debian 12: a bookworm root made by
# debootstrap (minbase), where apt-get installs the package with what it
# needs, and the installed stemprint, as an ordinary user, renders the
# installed demo into a folder of its own and its null test passes, then
# the LV2 example with the plugins the package recommends. Run it
# by hand, as root (it takes minutes; it is not part of the test suite):
#
#   sh scripts/deb.sh && sh scripts/deb-bookworm.sh dist/stemprint_*_amd64.deb
#
# The pristine root is kept (ROOT, default /var/tmp/stemprint-bookworm) and
# copied for each run, so each run starts clean. The mirror is the first
# Debian one apt is configured with here (MIRROR overrides it). apt-get
# installs the package's Recommends too, as it does by default.
set -eu
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: sh scripts/deb-bookworm.sh STEMPRINT.deb" >&2
  exit 2
fi
[ "$(id -u)" -eq 0 ] || { echo "stemprint: error: run as root (debootstrap, chroot)" >&2; exit 1; }
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=${ROOT:-/var/tmp/stemprint-bookworm}
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    sed -n -E 's|^deb (\[[^]]*\] )?(https?://[^ ]*/debian)/? .*|\2|p; s|^URIs: (https?://[^ ]*/debian)/?$|\1|p' |
    head -1)
fi
[ -n "$MIRROR" ] || { echo "stemprint: error: no Debian mirror found; set MIRROR" >&2; exit 1; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  echo "== debootstrap bookworm from $MIRROR into $root"
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/dev/null
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/stemprint-bookworm.XXXXXX")
cleanup()
{
  umount "$run/proc" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
cp -a "$root/." "$run/"
cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$run/proc"
cp "$deb" "$run/tmp/"
inroot() { chroot "$run" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt-get install ./$(basename "$deb")"
inroot apt-get update -qq
inroot sh -c "cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./$(basename "$deb")" >"$run/tmp/apt.log" 2>&1 ||
  { cat "$run/tmp/apt.log"; exit 1; }
grep -E '^(The following NEW packages|Setting up stemprint)' -A3 "$run/tmp/apt.log" | sed -n '1,12p'
echo "   $(grep -c '^Setting up' "$run/tmp/apt.log") packages set up"

echo "== what the package installed"
inroot stemprint --version
for f in /usr/bin/stemprint /usr/share/man/man1/stemprint.1.gz \
  /usr/share/bash-completion/completions/stemprint /usr/share/doc/stemprint/copyright \
  /usr/share/doc/stemprint/examples/recipes/demo/song.yaml \
  /usr/share/doc/stemprint/examples/fixtures/audio/vox.wav; do
  [ -e "$run$f" ] || { echo "stemprint: error: $f is missing" >&2; exit 1; }
  echo "   $f"
done
inroot bash -c '. /usr/share/bash-completion/completions/stemprint && complete -p stemprint' | sed 's/^/   /'

# An example rendered by an ordinary user into ./NAME: its null test passes.
render()
{
  echo "== the installed $1 example, rendered by an ordinary user"
  inroot setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp/u sh -c \
    "cd /tmp/u && stemprint render /usr/share/doc/stemprint/examples/recipes/$1/song.yaml -o $1" \
    >"$run/tmp/render.log" 2>&1 || { cat "$run/tmp/render.log"; exit 1; }
  grep -E '^ *(null test:|check (passed|FAILED): null)' "$run/tmp/render.log" | sed 's/^ */   /'
  grep -q '^ *null test: passed' "$run/tmp/render.log" ||
    { echo "stemprint: error: the null test did not pass" >&2; exit 1; }
  echo "   $(find "$run/tmp/u/$1" -maxdepth 1 -type f | wc -l) files in ./$1; md5 of mix.wav: $(md5sum <"$run/tmp/u/$1/mix.wav" | cut -d' ' -f1)"
}
inroot sh -c 'mkdir -p /tmp/u && chown nobody:nogroup /tmp/u'
render demo
# the LV2 example with the plugins the package recommends, which apt-get
# installed with it
render lv2
echo "== ok"
