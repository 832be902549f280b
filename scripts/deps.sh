#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages stemprint needs, if any are missing.
# Usage: sh scripts/deps.sh [--tests]
set -eu

pkgs="gcc make cmake pkg-config libsndfile1-dev libyaml-dev libsoxr-dev librubberband-dev libjansson-dev liblilv-dev lv2-dev ladspa-sdk nettle-dev libcurl4-openssl-dev libxml2-dev libzip-dev libfluidsynth-dev"
case "${1:-}" in
--tests) pkgs="$pkgs ninja-build lld libcriterion-dev libebur128-dev libfftw3-dev graphviz qemu-user clang libclang-rt-14-dev lsp-plugins-lv2 dragonfly-reverb-lv2 zam-plugins calf-plugins x42-plugins nginx-light slurm-wlm munge ffmpeg midicsv fluidsynth fluid-soundfont-gm avldrums.lv2 synthv1-lv2 strace chromium libxml2-utils python3-junitparser swh-plugins tap-plugins caps cmt lsp-plugins-ladspa" ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "stemprint: installing missing Debian packages:$missing" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "stemprint: error: run as root or install:$missing" >&2
    exit 1
  }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
