/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The render pool: persistent threads, one phase at a time.
 *
 *   caller: publish (fn, ctx), then one atomic word (generation, n, next = 0)
 *           ─► take tasks ─► wait for done == n
 *   worker: wait for a new generation ─► take tasks ─► count them done
 *
 * A task is claimed by a compare-and-swap on the (generation, n, next) word,
 * so a thread late from one phase can never claim a task of the next with
 * the wrong count, and fn and ctx stay valid while any claimed task runs
 * (the caller waits for it). Waits spin a little, then sleep on a
 * condition variable: a phase (a null test's chunks, the inserts' probes,
 * a pass's processors) takes milliseconds to seconds, and its tasks are of
 * unequal length, so a thread that spun until the last task ended would
 * take a core from the other processes of a parallel build for nothing
 * (the caller spun for as long as the longest probe). */

#include "core/base/pool.h"

#include "core/base/alloc.h"
#include "core/base/profile.h"
#include "core/base/tokens.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

enum { SPIN = 64 };

struct sp_pool {
  int threads;
  pthread_t *tid;
  pthread_mutex_t mu;
  pthread_cond_t wake;
  pthread_cond_t finished; /* done reached the phase's n (the caller sleeps on it) */
  sp_task_fn fn;
  void *ctx;
  unsigned csr;          /* the caller's floating-point control word, for the phase's tasks */
  _Atomic uint64_t work; /* generation (24 bits) | n (20) | next (20) */
  _Atomic size_t done;
  _Atomic unsigned generation;
  _Atomic int sleepers;
  _Atomic bool stop;
};

typedef struct worker_arg {
  sp_pool *p;
  int thread;
} worker_arg;

#define MAX_TASKS ((uint64_t)1 << 20)

static void take_tasks(sp_pool *p, int thread, unsigned gen)
{
  uint64_t w = atomic_load(&p->work);
#ifdef SP_HAVE_MXCSR
  bool modes = thread == 0; /* the caller's thread has its own */
#endif
  for (;;) {
    uint64_t g = w >> 40, n = (w >> 20) & (MAX_TASKS - 1), next = w & (MAX_TASKS - 1);
    if (g != (gen & 0xffffff) || next >= n)
      return;
    if (!atomic_compare_exchange_weak(&p->work, &w, w + 1))
      continue; /* w now holds the current word */
#ifdef SP_HAVE_MXCSR
    /* The caller's floating-point modes (a render flushes denormals to
     * zero): a task gives the bits it would give on the caller's thread.
     * Read once a task of this phase is claimed, never before: a thread
     * late from the last phase must not read csr while the caller writes
     * the next phase's (the claim orders this read after that write, and
     * the caller cannot start another phase while the task runs). */
    if (!modes && _mm_getcsr() != p->csr)
      _mm_setcsr(p->csr);
    modes = true;
#endif
    p->fn(p->ctx, (size_t)next, thread);
    if (atomic_fetch_add(&p->done, 1) + 1 == n) { /* the phase's last: wake the caller */
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->finished);
      pthread_mutex_unlock(&p->mu);
    }
    w = atomic_load(&p->work);
  }
}

/* Whether tasks of phase gen are left to claim. */
static bool tasks_left(sp_pool *p, unsigned gen)
{
  const uint64_t w = atomic_load(&p->work);
  return (w >> 40) == (gen & 0xffffff) && (w & (MAX_TASKS - 1)) < ((w >> 20) & (MAX_TASKS - 1));
}

/* A worker's share of phase gen, run holding a job token
 * (core/base/tokens.h), given back when the phase's tasks are all claimed;
 * while none is to be had, the tasks are left to the caller and the
 * threads that hold one. */
static void take_tasks_with_token(sp_pool *p, int thread, unsigned gen)
{
  while (tasks_left(p, gen))
    if (sp_token_take(SP_TOKEN_WAIT_MS)) {
      take_tasks(p, thread, gen);
      sp_token_give();
      return;
    }
}

static void *worker(void *arg)
{
  worker_arg *a = arg;
  sp_pool *p = a->p;
  int thread = a->thread;
  free(a);
  unsigned seen = 0;
  for (;;) {
    unsigned gen;
    int spins = 0;
    while ((gen = atomic_load(&p->generation)) == seen && !atomic_load(&p->stop)) {
      if (++spins < SPIN) {
        sched_yield();
        continue;
      }
      pthread_mutex_lock(&p->mu);
      atomic_fetch_add(&p->sleepers, 1);
      while (atomic_load(&p->generation) == seen && !atomic_load(&p->stop))
        pthread_cond_wait(&p->wake, &p->mu);
      atomic_fetch_sub(&p->sleepers, 1);
      pthread_mutex_unlock(&p->mu);
    }
    if (atomic_load(&p->stop))
      return NULL;
    seen = gen;
    take_tasks_with_token(p, thread, gen);
  }
}

int sp_pool_cores(void)
{
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores < 1 ? 1 : cores > 4096 ? 4096 : (int)cores;
}

sp_pool *sp_pool_new(int threads)
{
  sp_pool *p = sp_xcalloc(1, sizeof *p);
  const int cores = sp_pool_cores();
  p->threads = threads < 1 ? 1 : threads < cores ? threads : cores;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->finished, NULL);
  atomic_init(&p->work, 0);
  atomic_init(&p->done, 0);
  atomic_init(&p->generation, 0);
  atomic_init(&p->sleepers, 0);
  atomic_init(&p->stop, false);
  p->tid = sp_xcalloc((size_t)p->threads, sizeof *p->tid);
  for (int t = 1; t < p->threads; t++) {
    worker_arg *a = sp_xmalloc(sizeof *a);
    a->p = p;
    a->thread = t;
    if (pthread_create(&p->tid[t], NULL, worker, a) != 0) {
      fputs("stemprint: fatal: cannot start a render thread\n", stderr);
      abort();
    }
  }
  return p;
}

void sp_pool_free(sp_pool *p)
{
  if (!p)
    return;
  pthread_mutex_lock(&p->mu);
  atomic_store(&p->stop, true);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  for (int t = 1; t < p->threads; t++)
    pthread_join(p->tid[t], NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->wake);
  pthread_cond_destroy(&p->finished);
  free(p->tid);
  free(p);
}

static void pool_run(sp_pool *p, size_t n, sp_task_fn fn, void *ctx)
{
  if (n == 0)
    return;
  if (p->threads == 1 || n == 1 || n >= MAX_TASKS) {
    for (size_t i = 0; i < n; i++)
      fn(ctx, i, 0);
    return;
  }
  p->fn = fn;
  p->ctx = ctx;
#ifdef SP_HAVE_MXCSR
  p->csr = _mm_getcsr();
#endif
  atomic_store(&p->done, 0);
  unsigned gen = atomic_load(&p->generation) + 1;
  atomic_store(&p->work, ((uint64_t)(gen & 0xffffff) << 40) | ((uint64_t)n << 20));
  atomic_store(&p->generation, gen);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
  }
  take_tasks(p, 0, gen);
  for (int spins = 0; atomic_load(&p->done) < n && spins < SPIN; spins++)
    sched_yield();
  if (atomic_load(&p->done) < n) {
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->done) < n)
      pthread_cond_wait(&p->finished, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
}

/* ---- a profiled phase (core/base/profile.h) ------------------------------ */

/* Each task's time, and each thread's: written only by the thread that
 * runs the task. */
typedef struct timed {
  sp_task_fn fn;
  void *ctx;
  double *task_s;   /* [n] */
  double *thread_s; /* [threads] */
} timed;

static void timed_task(void *ctx, size_t index, int thread)
{
  timed *t = ctx;
  const double t0 = sp_profile_cpu();
  t->fn(t->ctx, index, thread);
  const double s = sp_profile_cpu() - t0;
  t->task_s[index] = s;
  t->thread_s[thread] += s;
}

/* Run the phase on p (NULL: the caller's thread alone) with each task
 * timed, and record it into prof: its tasks are independent, so its span
 * is its longest task. A phase run from one of its tasks is not recorded
 * again (its time is the task's). */
static void run_profiled(sp_profile *prof, sp_pool *p, int threads, size_t n, sp_task_fn fn,
                         void *ctx)
{
  timed t = {fn, ctx, sp_xcalloc(n, sizeof(double)), sp_xcalloc((size_t)threads, sizeof(double))};
  sp_profile_use(NULL);
  const double t0 = sp_profile_now(), cpu0 = sp_profile_cpu();
  if (p)
    pool_run(p, n, timed_task, &t);
  else
    for (size_t i = 0; i < n; i++)
      timed_task(&t, i, 0);
  const double wall = sp_profile_now() - t0, cpu = sp_profile_cpu() - cpu0;
  sp_profile_use(prof);
  sp_profile_phase ph = {.kind = SP_PROFILE_POOL,
                         .tasks = n,
                         .blocks = 1,
                         .threads = threads,
                         .wall_s = wall,
                         .caller_cpu_s = cpu};
  for (size_t i = 0; i < n; i++) {
    ph.work_s += t.task_s[i];
    ph.span_s = t.task_s[i] > ph.span_s ? t.task_s[i] : ph.span_s;
  }
  sp_profile_phase_add(prof, ph);
  sp_profile_item_add(prof, prof->section ? prof->section : "pool", ph.work_s, ph.span_s);
  for (int k = 0; k < threads; k++)
    sp_profile_thread_add(prof, k, (sp_profile_thread){.busy_s = t.thread_s[k]});
  free(t.task_s);
  free(t.thread_s);
}

void sp_pool_run(sp_pool *p, size_t n, sp_task_fn fn, void *ctx)
{
  sp_profile *prof = sp_profile_current();
  if (prof && n > 0)
    run_profiled(prof, p, p->threads, n, fn, ctx);
  else
    pool_run(p, n, fn, ctx);
}

void sp_pool_run_threads(int threads, size_t n, sp_task_fn fn, void *ctx)
{
  if (threads <= 1 || n <= 1) {
    sp_profile *prof = sp_profile_current();
    if (prof && n > 0) {
      run_profiled(prof, NULL, 1, n, fn, ctx);
      return;
    }
    for (size_t i = 0; i < n; i++)
      fn(ctx, i, 0);
    return;
  }
  sp_pool *p = sp_pool_new(n < (size_t)threads ? (int)n : threads);
  sp_pool_run(p, n, fn, ctx);
  sp_pool_free(p);
}
