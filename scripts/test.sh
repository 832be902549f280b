#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what is missing, then build and run every test twice: a plain
# build (GCC, the build users make), and a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer that also builds the
# libFuzzer targets and runs each for a few thousand inputs. Each pass
# ends with how many tests it ran, how many of them were skipped and why
# (the tests that cannot run in a build or on a machine say so with
# cr_skip_test; ctest counts them as passed).
set -eu
cd "$(dirname "$0")/.."

# The sanitized build, run below in a session of its own: scripts/test.sh
# --sanitized-build GENERATOR JOBS. Linux puts each session in a scheduling
# group of its own (autogroups), where nice counts only among the group's
# processes: the group is set to the lowest priority too, so that the build
# takes only the CPU the plain pass leaves idle.
if [ "${1:-}" = --sanitized-build ]; then
  echo 19 >/proc/self/autogroup 2>/dev/null || true
  CC=clang nice -n 19 cmake -G "$2" -S . -B build-clang -DSP_TESTS=ON -DSP_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
  exec nice -n 19 cmake --build build-clang -j "$3"
fi

# What the two builds need is installed first; the tools the tests run
# (plugins, a browser, qemu-user, slurm, ffmpeg, python3 modules, npm's
# yaml-language-server: most of a fresh machine's download and unpacking)
# install while the builds compile, and the tests start once that is done.
sh scripts/deps.sh --tests-build
mkdir -p build build-clang
sh scripts/deps.sh --tests-run >build/deps.log 2>&1 &
deps=$!
jobs=$(nproc)
said=""

# Wait for the tools' install; a failure stops the script with apt's words.
# Called on every exit too: an install is never cut short, nor left behind.
deps_done()
{
  [ -n "$deps" ] || return 0
  status=0
  wait "$deps" || status=$?
  deps=""
  cat build/deps.log >&2
  if [ "$status" -ne 0 ]; then
    echo "stemprint: error: installing the tests' tools failed (sh scripts/deps.sh --tests-run: above)" >&2
    exit "$status"
  fi
}

# The tests of build folder $1 as its modules' TAP files tell them (run by
# ctest just before): how many, and each skipped one with its reason.
skipped()
{
  cat "$1"/tests/tap/*.tap 2>/dev/null | awk -v build="$2" '
    /^1\.\./ { total += substr($0, 4) }
    / # SKIP / { n++; sub(/^ok - /, ""); sub(/ +# SKIP /, ": "); why = why "  skipped: " $0 "\n" }
    END { printf "stemprint: %s: %d tests, %d skipped\n%s", build, total, n, why }'
}

# Run the tests of build folder $1 (named $2), then say what they skipped;
# a failure stops the script once that is said.
run()
{
  rm -f "$1"/tests/tap/*.tap
  status=0
  ctest --test-dir "$1" --output-on-failure -j "$jobs" || status=$?
  said="$said$(skipped "$1" "$2")
"
  if [ "$status" -ne 0 ]; then
    printf '%s' "$said"
    echo "stemprint: tests failed ($2)" >&2
    exit "$status"
  fi
}

# The generator of a new build folder: Ninja (its compile steps wait only for
# what they need, not for the libraries a test links: 7 % less CPU than
# make's for the plain build here); a folder made before keeps its own.
generator()
{
  if [ ! -f "$1/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    echo Ninja
  else
    sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$1/CMakeCache.txt" 2>/dev/null | grep . || echo "Unix Makefiles"
  fi
}

# The sanitized build starts at once beside the plain build and its tests,
# at the lowest priority (nice 19): it takes only the CPU they leave idle
# (their configure step and links, tests waiting on a browser's audio clock
# or a child, the last tests' tail), and all of it once they are done. Its
# output goes to build-clang/build.log, said if it fails. The two builds
# share only fixtures/audio, which mkfixtures writes the same bytes into
# from either build, each file whole under a temporary name.
clang_generator=$(generator build-clang)
setsid sh scripts/test.sh --sanitized-build "$clang_generator" "$jobs" >build-clang/build.log 2>&1 &
clang_build=$!
# a plain pass that fails, or a script interrupted, stops the sanitized build
# too (its own process group; dash runs no EXIT trap on a signal of its own),
# and waits for the tools' install to end (a background job, it ignores the
# terminal's interrupt)
trap 'kill -s TERM -- "-$clang_build" 2>/dev/null || true; deps_done' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

cmake -G "$(generator build)" -S . -B build -DSP_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
deps_done
run build "GCC plain"

if ! wait "$clang_build"; then
  tail -n 60 build-clang/build.log
  echo "stemprint: the sanitized build failed (build-clang/build.log)" >&2
  exit 1
fi
trap - EXIT INT TERM HUP
echo "stemprint: the sanitized build is done (its output: build-clang/build.log)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run build-clang "clang with ASan+UBSan and fuzzing"
printf '%s' "$said"
echo "stemprint: all tests passed (GCC plain, clang with ASan+UBSan and fuzzing)"
