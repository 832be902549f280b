/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The thread pool: every task runs once, on whichever thread, and each
 * with the caller's floating-point modes, so a task's bits do not depend
 * on the thread that ran it. */

#include "core/base/pool.h"

#include <criterion/criterion.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

enum { N = 64 };

typedef struct job {
  _Atomic int runs[N];
  int thread[N];
  float out[N];
  volatile float tiny, two; /* a denormal, and 2 */
} job;

static void task(void *ctx, size_t i, int thread)
{
  job *j = ctx;
  atomic_fetch_add(&j->runs[i], 1);
  j->thread[i] = thread;
  j->out[i] = j->tiny * j->two; /* 0 where denormals are flushed, else 2e-40 */
  struct timespec ms = {0, 1000000};
  nanosleep(&ms, NULL); /* long enough for the other thread to take some */
}

Test(pool, every_task_runs_once_with_the_callers_floating_point_modes)
{
  static job j;
  memset(&j, 0, sizeof j);
  j.tiny = 1e-40f;
  j.two = 2.0f;
  /* the pool first: its threads start with the modes of the moment (a new
   * thread inherits its creator's), the caller's change after that */
  sp_pool *p = sp_pool_new(2);
#if defined(__x86_64__)
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved | 0x8040); /* flush to zero, denormals are zero: as a render sets */
#endif
  sp_pool_run(p, N, task, &j);
  sp_pool_free(p);
#if defined(__x86_64__)
  _mm_setcsr(saved);
#endif
  int on_worker = 0;
  for (int i = 0; i < N; i++) {
    cr_assert_eq(atomic_load(&j.runs[i]), 1, "task %d ran %d times", i, atomic_load(&j.runs[i]));
    on_worker += j.thread[i] != 0;
#if defined(__x86_64__)
    cr_assert_eq(j.out[i], 0.0f, "task %d on thread %d did not flush a denormal", i, j.thread[i]);
#endif
  }
  cr_assert_gt(on_worker, 0, "the pool's other thread ran no task");
}
