#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what is missing, then build and run every test twice: a plain
# build, and a build with AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --tests
jobs=$(nproc)

cmake -S . -B build -DSP_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

cmake -S . -B build-asan -DSP_TESTS=ON -DSP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
echo "stemprint: all tests passed (plain and ASan+UBSan builds)"
