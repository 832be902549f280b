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

# What each part costs, said at the end (docs/testing.md): CPU is the user
# and system seconds of every process of the part (the shell's finished
# children, `times`; descendants included once waited for), wall the
# clock's seconds. A part that runs beside the others (the tests' tools'
# install, the sanitized build) measures itself into a file.
# `times` says them of the shell it runs in, so never inside $(...): cpu_now
# sets $cpu through a file.
timesf=${TMPDIR:-/tmp}/stemprint-test-times.$$
cpu_now()
{
  times >"$timesf"
  cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
                       printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$timesf")
  rm -f "$timesf"
}
now_s() { date +%s.%N; }

# The sanitized build, run below in a session of its own: scripts/test.sh
# --sanitized-build GENERATOR JOBS. Linux puts each session in a scheduling
# group of its own (autogroups), where nice counts only among the group's
# processes: the group is set to the lowest priority too, so that the build
# takes only the CPU the plain pass leaves idle.
if [ "${1:-}" = --sanitized-build ]; then
  echo 19 >/proc/self/autogroup 2>/dev/null || true
  t0=$(now_s)
  CC=clang nice -n 19 cmake -G "$2" -S . -B build-clang -DSP_TESTS=ON -DSP_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
  status=0
  nice -n 19 cmake --build build-clang -j "$3" || status=$?
  cpu_now
  echo "$cpu $t0 $(now_s)" >build-clang/build.cpu
  exit "$status"
fi

# What the two builds need is installed first; the tools the tests run
# (plugins, a browser, qemu-user, slurm, ffmpeg, python3 modules, npm's
# yaml-language-server: most of a fresh machine's download and unpacking)
# install while the builds compile, and the tests start once that is done.
start=$(now_s)
sh scripts/deps.sh --tests-build
mkdir -p build build-clang
rm -f build/deps.cpu build-clang/build.cpu
cpu_now
parts="installs, what the builds need|$cpu|$start|$(now_s)"
(
  t0=$(now_s)
  status=0
  sh scripts/deps.sh --tests-run || status=$?
  cpu_now
  echo "$cpu $t0 $(now_s)" >build/deps.cpu
  exit "$status"
) >build/deps.log 2>&1 &
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

# A part measured here: its name, and the CPU and clock when it began.
part()
{
  cpu_now
  parts="$parts
$1|$(awk -v a="$cpu" -v b="$2" 'BEGIN { printf "%.1f", a - b }')|$3|$(now_s)"
}

# A part measured beside (its file: CPU, start, end), if it ended.
part_beside()
{
  [ -f "$2" ] || return 0
  read -r beside_cpu beside_t0 beside_t1 <"$2"
  parts="$parts
$1|$beside_cpu|$beside_t0|$beside_t1"
}

# What each part cost, and all of them: CPU seconds, wall seconds.
said_parts()
{
  cpu_now
  printf '%s\n' "$parts" | awk -F'|' -v all="$cpu" -v t0="$start" -v t1="$(now_s)" '
    BEGIN { printf "stemprint: what each part took (CPU: user + system seconds of its processes; wall: seconds)\n" }
    { printf "stemprint:   %-48s %8.1f CPU s %8.1f wall s\n", $1, $2, $4 - $3 }
    END { printf "stemprint:   %-48s %8.1f CPU s %8.1f wall s\n", "in all (parts beside others overlap)", all, t1 - t0 }'
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

# Run the tests of build folder $1 (named $2), $3 modules at once, then say
# what they skipped; a failure stops the script once that is said.
run()
{
  rm -f "$1"/tests/tap/*.tap
  status=0
  ctest --test-dir "$1" --output-on-failure -j "$3" || status=$?
  said="$said$(skipped "$1" "$2")
"
  if [ "$status" -ne 0 ]; then
    printf '%s' "$said"
    said_parts
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

cpu_now
c0=$cpu t0=$(now_s)
cmake -G "$(generator build)" -S . -B build -DSP_TESTS=ON >/dev/null
status=0
cmake --build build -j "$jobs" || status=$?
part "GCC build" "$c0" "$t0"
if [ "$status" -ne 0 ]; then # what each part took, said on a failure too
  said_parts
  echo "stemprint: the GCC build failed" >&2
  exit "$status"
fi
t0=$(now_s)
deps_done
part_beside "installs, the tests' tools (beside the builds)" build/deps.cpu
parts="$parts
waiting for that install|0.0|$t0|$(now_s)"
cpu_now
c0=$cpu t0=$(now_s)
run build "GCC plain" "$jobs"
part "GCC tests" "$c0" "$t0"

t0=$(now_s)
if ! wait "$clang_build"; then
  tail -n 60 build-clang/build.log
  part_beside "clang build, sanitized, fuzz targets (beside)" build-clang/build.cpu
  said_parts
  echo "stemprint: the sanitized build failed (build-clang/build.log)" >&2
  exit 1
fi
trap - EXIT INT TERM HUP
part_beside "clang build, sanitized, fuzz targets (beside)" build-clang/build.cpu
parts="$parts
waiting for that build|0.0|$t0|$(now_s)"
echo "stemprint: the sanitized build is done (its output: build-clang/build.log)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cpu_now
c0=$cpu t0=$(now_s)
# one module more than the cores: the sanitized modules wait on children,
# tools and timers (574 s of CPU in 321 s at -j2 on 2 cores, a core idle
# some 68 s); the plain pass keeps one a core, the sanitized build beside it
# taking what it leaves idle, and its browser tests, which a loaded machine
# makes late, are the plain pass's alone (docs/testing.md)
run build-clang "clang with ASan+UBSan and fuzzing" $((jobs + 1))
part "clang tests" "$c0" "$t0"
printf '%s' "$said"
said_parts
echo "stemprint: all tests passed (GCC plain, clang with ASan+UBSan and fuzzing)"
