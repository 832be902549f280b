#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what is missing, then build and run every test twice: a plain
# build (GCC, the build users make), and a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer that also builds the
# libFuzzer targets and runs each for a few thousand inputs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --tests
jobs=$(nproc)

cmake -S . -B build -DSP_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

CC=clang cmake -S . -B build-clang -DSP_TESTS=ON -DSP_FUZZ=ON -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
cmake --build build-clang -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-clang --output-on-failure -j "$jobs"
echo "stemprint: all tests passed (GCC plain, clang with ASan+UBSan and fuzzing)"
