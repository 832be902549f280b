#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages stemprint needs, if any are missing.
# Usage: sh scripts/deps.sh [--tests]
set -eu

pkgs="gcc make cmake pkg-config libsndfile1-dev libyaml-dev libsoxr-dev librubberband-dev libjansson-dev liblilv-dev lv2-dev ladspa-sdk nettle-dev libcurl4-openssl-dev libxml2-dev libzip-dev libfluidsynth-dev libflac-dev libavformat-dev libavcodec-dev libavutil-dev"
case "${1:-}" in
--tests) pkgs="$pkgs ninja-build lld libcriterion-dev libebur128-dev libfftw3-dev graphviz qemu-user clang libclang-rt-14-dev lsp-plugins-lv2 dragonfly-reverb-lv2 zam-plugins calf-plugins x42-plugins nginx-light slurm-wlm munge ffmpeg mediainfo midicsv fluidsynth fluid-soundfont-gm avldrums.lv2 synthv1-lv2 strace chromium libxml2-utils python3-junitparser python3-jsonschema python3-yaml python3-numpy python3-soundfile swh-plugins tap-plugins caps cmt lsp-plugins-ladspa" ;;
esac
# the CD image's sheets and BIN read back by tools stemprint does not contain (tests/test_cd.c)
case "${1:-}" in
--tests) pkgs="$pkgs cuetools cdrdao shntool libcue-dev" ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
# npm, for yaml-language-server below, unless a node of another source has it
case "${1:-}" in
--tests) command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm" ;;
esac

if [ -n "$missing" ]; then
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
fi

# yaml-language-server (npm), the engine of the common editors' YAML support,
# that tests/test_keys.c runs over LSP on the recipe's JSON Schema: pinned,
# into the user's cache (the test looks there), not the checkout; run again,
# it installs nothing. 2.x needs node >= 22.13; 1.25.0 runs on node 20.
if [ "${1:-}" = --tests ]; then
  yls_version=1.25.0
  yls_dir="${XDG_CACHE_HOME:-$HOME/.cache}/stemprint/npm"
  yls_json="$yls_dir/node_modules/yaml-language-server/package.json"
  if ! grep -q "\"version\": \"$yls_version\"" "$yls_json" 2>/dev/null; then
    echo "stemprint: installing yaml-language-server@$yls_version into $yls_dir" >&2
    mkdir -p "$yls_dir"
    npm install --prefix "$yls_dir" --no-audit --no-fund --loglevel=error \
      "yaml-language-server@$yls_version" >/dev/null ||
      echo "stemprint: warning: npm could not install yaml-language-server; its tests skip" >&2
  fi
fi
