#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages stemprint needs, if any are missing. It never
# removes or replaces a package already installed: where one of its packages
# would take another's place (libfluidsynth-dev pulls JACK1's libjack-dev,
# which conflicts with JACK2's libjack-jackd2-0 that Ardour and the plugins
# use), it asks for the one that fits what is installed, and what would still
# remove a package is refused with the packages named, before anything is
# installed (apt-get install -s), and by apt-get itself (--no-remove).
# Usage: sh scripts/deps.sh [--tests | --tests-build | --tests-run]
#   (none)         what building stemprint needs
#   --tests        that, and everything the test suite builds with and runs
#   --tests-build  only what the test suite's two builds need (compilers, -dev
#                  libraries, Criterion, lld, ninja): scripts/test.sh starts the
#                  builds after it, while --tests-run installs the rest
#   --tests-run    only the tools the tests run (plugins, browser, qemu-user,
#                  slurm, nginx, ffmpeg, python3 modules, yaml-language-server)
set -eu

# building stemprint. An entry of alternatives, a|b (each DEV/LIB: a -dev
# package and the library it builds against), is met by any of them
# installed; else the first whose library is installed is installed, else the
# first: JACK's development files of the JACK installed (JACK2's by default,
# Debian's), asked for with libfluidsynth-dev, whose "libjack-dev |
# libjack-jackd2-dev" apt-get would meet with JACK1's, removing JACK2; and
# libcurl's development files of any TLS library (each gives libcurl.pc).
build="gcc make cmake pkg-config libsndfile1-dev libyaml-dev libsoxr-dev librubberband-dev libjansson-dev liblilv-dev lv2-dev ladspa-sdk nettle-dev libcurl4-openssl-dev|libcurl4-gnutls-dev|libcurl4-nss-dev libxml2-dev libzip-dev libjack-jackd2-dev/libjack-jackd2-0|libjack-dev/libjack0 libfluidsynth-dev libflac-dev libavformat-dev libavcodec-dev libavutil-dev"
# building the tests: the plain build and the clang build with sanitizers and
# libFuzzer (libcue-dev: the CD image's sheets read back, tests/test_cd.c)
tests_build="ninja-build lld libcriterion-dev libebur128-dev libfftw3-dev clang libclang-rt-14-dev libcue-dev"
# what the tests run; nothing of it is looked for when the tests are built
# (cuetools, cdrdao, shntool: the CD image read back, tests/test_cd.c)
tests_run="graphviz qemu-user lsp-plugins-lv2 dragonfly-reverb-lv2 zam-plugins calf-plugins x42-plugins nginx-light slurm-wlm munge ffmpeg mediainfo midicsv fluidsynth fluid-soundfont-gm avldrums.lv2 synthv1-lv2 strace chromium libxml2-utils python3-junitparser python3-jsonschema python3-yaml python3-numpy python3-soundfile swh-plugins tap-plugins caps cmt lsp-plugins-ladspa cuetools cdrdao shntool"

run=""
case "${1:-}" in
"") pkgs=$build ;;
--tests) pkgs="$build $tests_build $tests_run" run=1 ;;
--tests-build) pkgs="$build $tests_build" ;;
--tests-run) pkgs=$tests_run run=1 ;;
*) echo "usage: sh scripts/deps.sh [--tests | --tests-build | --tests-run]" >&2; exit 2 ;;
esac

installed()
{
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# The package of entry $1 to install (see build above), or nothing when it is met.
wanted()
{
  pick="" fits=""
  for alt in $(echo "$1" | tr '|' ' '); do
    pkg=${alt%%/*} lib=${alt#*/}
    installed "$pkg" && return
    [ -n "$pick" ] || pick=$pkg
    [ -n "$fits" ] || [ "$lib" = "$alt" ] || ! installed "$lib" || fits=$pkg
  done
  echo "${fits:-$pick}"
}

missing=""
for p in $pkgs; do
  p=$(wanted "$p")
  [ -z "$p" ] || missing="$missing $p"
done
# npm, for yaml-language-server below, unless a node of another source has it
if [ -n "$run" ]; then
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/stemprint"
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
  # No pty for dpkg's output (it goes nowhere). On a CI machine (CI set), no
  # fsync of each unpacked file either: a machine that loses power mid-install
  # is thrown away, not repaired (dpkg's --force-unsafe-io).
  opts="-o Dpkg::Use-Pty=0"
  [ -z "${CI:-}" ] || opts="$opts -o Dpkg::Options::=--force-unsafe-io"
  apt_update()
  {
    $sudo apt-get update -qq || return
    { mkdir -p "$cache" && touch "$cache/apt-update"; } 2>/dev/null || true
  }
  # What installing the missing packages would remove (apt-get's plan,
  # which replacing a package is too: "Remv" lines): refused, saying which.
  refuse_removals()
  {
    # shellcheck disable=SC2086
    gone=$(LC_ALL=C apt-get install -s --no-install-recommends $missing 2>/dev/null |
      sed -n 's/^Remv \([^ ]*\).*/\1/p' | tr '\n' ' ')
    [ -z "$gone" ] || {
      echo "stemprint: error: installing$missing would remove ${gone% } (apt-get install -s" \
        "says so); this script never removes or replaces a package of yours: install" \
        "stemprint's packages yourself, choosing what you keep, or remove those first" >&2
      exit 1
    }
  }
  apt_install()
  {
    refuse_removals
    # --no-remove: should apt-get still plan a removal, it stops instead
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends --no-remove $opts $missing >/dev/null
  }
  # The package lists are read again only when this script did not read them
  # in the last hour (scripts/test.sh runs it twice): should the install then
  # fail (a package moved on since), they are read and the install tried again.
  if [ -n "$(find "$cache/apt-update" -mmin -60 2>/dev/null)" ]; then
    apt_install || {
      echo "stemprint: reading the package lists again, then installing again" >&2
      apt_update && apt_install
    }
  else
    apt_update
    apt_install
  fi
fi

# yaml-language-server (npm), the engine of the common editors' YAML support,
# that tests/test_keys.c runs over LSP on the recipe's JSON Schema: pinned,
# into the user's cache (the test looks there), not the checkout; run again,
# it installs nothing. 2.x needs node >= 22.13; 1.25.0 runs on node 20.
if [ -n "$run" ]; then
  yls_version=1.25.0
  yls_dir="$cache/npm"
  yls_json="$yls_dir/node_modules/yaml-language-server/package.json"
  if ! grep -q "\"version\": \"$yls_version\"" "$yls_json" 2>/dev/null; then
    echo "stemprint: installing yaml-language-server@$yls_version into $yls_dir" >&2
    mkdir -p "$yls_dir"
    npm install --prefix "$yls_dir" --no-audit --no-fund --loglevel=error \
      "yaml-language-server@$yls_version" >/dev/null ||
      echo "stemprint: warning: npm could not install yaml-language-server; its tests skip" >&2
  fi
fi
