#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what is missing, build stemprint and render the demo song.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF >/dev/null
cmake --build build-release -j "$(nproc)" >/dev/null
./build-release/stemprint render recipes/demo/song.yaml
echo "The mix and the four stems are in recipes/demo/out/song/; the stems nulled"
echo "against the mix (see the null test line above). Try: ./build-release/stemprint --help"
