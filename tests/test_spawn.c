/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Another program run with an argument vector (io/fs/spawn.h): its words
 * reach it as written, no shell reading them; its output and errors come
 * back whole up to their limit; a program not on PATH says so; a time
 * limit stops it and every process it started (its process group), in
 * about that time. */

#include "io/fs/spawn.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

TestSuite(spawn, .timeout = TU_TIMEOUT(30));

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

Test(spawn, words_reach_it_as_written_and_its_output_comes_back)
{
  const char *argv[] = {"sh", "-c", "printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh",
                        "-x", "a b", "$(id)", "'q'", NULL};
  sp_spawn_result res;
  char why[256] = "";
  cr_assert_eq(sp_spawn(argv, &res, why, sizeof why), SP_OK, "%s", why);
  cr_assert_str_eq(res.out, "-x|a b|$(id)|'q'|");
  cr_assert_str_eq(res.err, "oops\n");
  cr_assert_eq(res.status, 3);
  cr_assert_eq(res.signal, 0);
  cr_assert(!res.timed_out && !res.missing);
  char line[512];
  sp_spawn_failure(argv, &res, line, sizeof line);
  cr_assert(strstr(line, "exited 3: oops"), "%s", line);
  sp_spawn_result_fini(&res);
}

Test(spawn, output_past_its_limit_is_read_and_dropped)
{
  /* 3 MiB written: the default keeps 1 MiB, a larger limit all of it, and
   * either way the writer is not left blocked on a full pipe */
  const char *argv[] = {"sh", "-c", "head -c 3145728 /dev/zero | tr '\\0' x", NULL};
  sp_spawn_result res;
  char why[256] = "";
  cr_assert_eq(sp_spawn(argv, &res, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(strlen(res.out), (size_t)SP_SPAWN_MAX_BYTES);
  cr_assert_eq(res.status, 0);
  sp_spawn_result_fini(&res);
  const sp_spawn_opts big = {.max_bytes = 4 << 20};
  cr_assert_eq(sp_spawn_with(argv, &big, &res, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(strlen(res.out), (size_t)3145728);
  sp_spawn_result_fini(&res);
}

Test(spawn, a_program_not_on_path_is_said_missing)
{
  const char *argv[] = {"stemprint-no-such-program", NULL};
  sp_spawn_result res;
  char why[256] = "";
  cr_assert_eq(sp_spawn(argv, &res, why, sizeof why), SP_ERR_IO);
  cr_assert(res.missing);
  cr_assert_str_eq(why, "stemprint-no-such-program is not installed (no "
                        "stemprint-no-such-program on PATH)");
}

Test(spawn, a_time_limit_stops_it_and_what_it_started)
{
  /* a wrapper whose child holds the pipes open, and one that closed them
   * and goes on running: both stopped at the limit */
  const char *holds[] = {"sh", "-c", "sleep 30 & wait", NULL};
  const char *closed[] = {"sh", "-c", "exec >/dev/null 2>&1; sleep 30", NULL};
  const char *const *runs[] = {holds, closed};
  for (size_t k = 0; k < 2; k++) {
    const sp_spawn_opts opts = {.timeout_s = 0.3};
    sp_spawn_result res;
    char why[256] = "";
    const double t0 = now_s();
    cr_assert_eq(sp_spawn_with(runs[k], &opts, &res, why, sizeof why), SP_OK, "%s", why);
    const double took = now_s() - t0;
    cr_assert(res.timed_out, "run %zu", k);
    cr_assert_eq(res.signal, SIGKILL);
    cr_assert(took >= 0.3 && took < 5, "run %zu took %.2f s", k, took);
    sp_spawn_result_fini(&res);
  }
  /* one done in time is not stopped */
  const char *quick[] = {"sh", "-c", "echo done", NULL};
  const sp_spawn_opts opts = {.timeout_s = 10};
  sp_spawn_result res;
  char why[256] = "";
  cr_assert_eq(sp_spawn_with(quick, &opts, &res, why, sizeof why), SP_OK, "%s", why);
  cr_assert(!res.timed_out);
  cr_assert_str_eq(res.out, "done\n");
  sp_spawn_result_fini(&res);
}
