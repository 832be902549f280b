/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A preloaded library for the tests (LD_PRELOAD): the process that loads
 * it is sent a signal as it enters its Nth rename(2), N from
 * SP_TEST_KILL_AT_RENAME, the signal SP_TEST_KILL_SIGNAL's number (default
 * SIGKILL, which no handler sees; another is handled, and the rename goes
 * on): a render stopped at an exact point of its commit, with no timing
 * (tests/test_outdir.c). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

int rename(const char *from, const char *to)
{
  static atomic_int n;
  int (*real)(const char *, const char *);
  *(void **)&real = dlsym(RTLD_NEXT, "rename"); /* (POSIX's way past ISO C's cast) */
  const char *at = getenv("SP_TEST_KILL_AT_RENAME");
  const char *sig = getenv("SP_TEST_KILL_SIGNAL");
  if (at && atomic_fetch_add(&n, 1) + 1 == atoi(at))
    raise(sig ? atoi(sig) : SIGKILL);
  return real(from, to);
}
