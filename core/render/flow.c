/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The block pipeline (core/render/flow.h): dependency counting over a window of
 * blocks, one lock, a heap of ready tasks.
 *
 *   block k enters the window ─► each task's count = the inputs it still
 *                                waits for (producers at k, itself at k−1,
 *                                consumers at k−S, S = SP_FLOW_SLOTS)
 *   a task finishes ─► its consumers at k, itself at k+1 and its producers
 *                      at k+S wait for one input less; those at 0 are ready
 *   the oldest block completes ─► the window moves on by one block
 *
 * Workers take the lowest (block, task) ready, run it unlocked, and report
 * back under the lock. A worker with nothing to do sleeps on a condition
 * variable: no spinning, so threads waiting for a slow task (master's
 * limiter, say) cost nothing; and a sleeper is woken only for a task no
 * running thread will take (one that finishes takes the next itself), and
 * only while fewer threads than the machine has cores are awake: with -j
 * above the cores, the threads beyond them sleep rather than take turns
 * on the cores.
 * Tasks are whole node-blocks, tens of microseconds or more, so one lock
 * is not a bottleneck. */

#include "core/render/flow.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/base/tokens.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks in the window: how far a task may run ahead of the oldest
 * unfinished block. The slots bound it anyway (a task runs at most
 * SP_FLOW_SLOTS blocks ahead of each consumer); the window is a generous
 * cap. */
enum { WIN = SP_FLOW_WINDOW };

typedef struct list {
  size_t *v;
  size_t n, cap;
} list;

struct sp_flow {
  size_t n;
  int threads;
  list *producers; /* [n] */
  list *consumers; /* [n] */
  int *slots;      /* [n] */
  bool *stateless; /* [n]: its blocks need not wait for the one before */
  /* run state, under mu */
  pthread_mutex_t mu;
  pthread_cond_t wake;
  int *remaining; /* [WIN][n]: inputs still awaited */
  bool *done;     /* [WIN][n] */
  size_t *left;   /* [WIN]: tasks of the block not done */
  uint64_t *heap; /* ready (block · n + task), smallest first */
  size_t heap_n, heap_cap;
  int64_t base;   /* the oldest unfinished block */
  int64_t blocks; /* how many to run */
  int64_t limit;  /* no block after this starts (a failure's block) */
  size_t running;
  int cores; /* the machine's: no more threads than that are kept awake */
  int awake; /* threads not asleep on wake */
  bool stop; /* cancelled */
  sp_flow_fn fn;
  sp_flow_done_fn done_fn;
  void *ctx;
  const volatile sig_atomic_t *cancel;
  sp_flow_result *result;
  /* sp_flow_profile: each (block, task)'s seconds, each thread's clock */
  bool prof;
  float *dur; /* [blocks][n] */
  sp_flow_stats stats;
  bool have_stats;
};

/* A thread's clock while profiling: where it is, since when. */
typedef struct tclock {
  bool on;
  double t; /* the last change */
  sp_profile_thread *st;
} tclock;

static void tick(tclock *c, double *into)
{
  if (!c->on)
    return;
  const double now = sp_profile_now();
  *into += now - c->t;
  c->t = now;
}

sp_flow *sp_flow_new(size_t n, int threads)
{
  sp_flow *f = sp_xcalloc(1, sizeof *f);
  f->n = n;
  f->threads = threads < 1 ? 1 : threads;
  f->cores = sp_pool_cores();
  f->producers = sp_xcalloc(n + 1, sizeof *f->producers);
  f->consumers = sp_xcalloc(n + 1, sizeof *f->consumers);
  f->slots = sp_xcalloc(n + 1, sizeof *f->slots);
  f->stateless = sp_xcalloc(n + 1, sizeof *f->stateless);
  for (size_t i = 0; i < n; i++)
    f->slots[i] = SP_FLOW_SLOTS;
  return f;
}

void sp_flow_profile(sp_flow *f, bool on) { f->prof = on; }

const sp_flow_stats *sp_flow_stats_of(const sp_flow *f) { return f->have_stats ? &f->stats : NULL; }

void sp_flow_free(sp_flow *f)
{
  if (!f)
    return;
  free(f->stats.task_work_s);
  free(f->stats.task_span_s);
  free(f->stats.threads);
  for (size_t i = 0; i < f->n; i++) {
    free(f->producers[i].v);
    free(f->consumers[i].v);
  }
  free(f->producers);
  free(f->consumers);
  free(f->slots);
  free(f->stateless);
  free(f);
}

static void list_add(list *l, size_t x)
{
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i] == x)
      return;
  SP_GROW(l->v, l->n, l->cap);
  l->v[l->n++] = x;
}

void sp_flow_slots(sp_flow *f, size_t task, int slots) { f->slots[task] = slots < 1 ? 1 : slots; }

void sp_flow_stateless(sp_flow *f, size_t task) { f->stateless[task] = true; }

void sp_flow_edge(sp_flow *f, size_t producer, size_t consumer)
{
  list_add(&f->consumers[producer], consumer);
  list_add(&f->producers[consumer], producer);
}

/* ---- the ready heap ----------------------------------------------------- */

static void heap_push(sp_flow *f, uint64_t key)
{
  SP_GROW(f->heap, f->heap_n, f->heap_cap);
  size_t i = f->heap_n++;
  while (i > 0 && f->heap[(i - 1) / 2] > key) {
    f->heap[i] = f->heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  f->heap[i] = key;
}

static uint64_t heap_pop(sp_flow *f)
{
  uint64_t top = f->heap[0], last = f->heap[--f->heap_n];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= f->heap_n)
      break;
    if (c + 1 < f->heap_n && f->heap[c + 1] < f->heap[c])
      c++;
    if (f->heap[c] >= last)
      break;
    f->heap[i] = f->heap[c];
    i = c;
  }
  if (f->heap_n > 0)
    f->heap[i] = last;
  return top;
}

/* ---- counting ----------------------------------------------------------- */

static size_t slot(int64_t block) { return (size_t)(block % WIN); }

static bool in_window(const sp_flow *f, int64_t block)
{
  return block >= f->base && block < f->base + WIN && block < f->blocks;
}

static bool is_done(const sp_flow *f, size_t task, int64_t block)
{
  if (block < f->base)
    return true;
  return f->done[slot(block) * f->n + task];
}

/* One input of (task, block) has arrived. */
static void arrive(sp_flow *f, size_t task, int64_t block)
{
  if (!in_window(f, block))
    return; /* counted when its block enters */
  int *r = &f->remaining[slot(block) * f->n + task];
  if (--*r == 0)
    heap_push(f, (uint64_t)block * f->n + task);
}

/* Block k enters the window: count what each task still waits for. */
static void enter(sp_flow *f, int64_t k)
{
  size_t s = slot(k);
  memset(&f->done[s * f->n], 0, f->n * sizeof *f->done);
  f->left[s] = f->n;
  for (size_t t = 0; t < f->n; t++) {
    int r = (int)f->producers[t].n;
    if (k >= 1 && !f->stateless[t] && !is_done(f, t, k - 1))
      r++;
    for (size_t j = 0; k >= f->slots[t] && j < f->consumers[t].n; j++)
      r += !is_done(f, f->consumers[t].v[j], k - f->slots[t]);
    f->remaining[s * f->n + t] = r;
    if (r == 0)
      heap_push(f, (uint64_t)k * f->n + t);
  }
}

/* (task, block) has finished. */
static void finish(sp_flow *f, size_t task, int64_t block)
{
  size_t s = slot(block);
  f->done[s * f->n + task] = true;
  f->left[s]--;
  for (size_t j = 0; j < f->consumers[task].n; j++)
    arrive(f, f->consumers[task].v[j], block);
  if (!f->stateless[task])
    arrive(f, task, block + 1);
  for (size_t j = 0; j < f->producers[task].n; j++)
    arrive(f, f->producers[task].v[j], block + f->slots[f->producers[task].v[j]]);
  while (f->base < f->blocks && f->left[slot(f->base)] == 0) {
    if (f->done_fn)
      f->done_fn(f->ctx, f->base);
    f->base++;
    if (f->base + WIN - 1 < f->blocks)
      enter(f, f->base + WIN - 1);
  }
}

/* Whether there is nothing left that may run. */
static bool finished(const sp_flow *f)
{
  if (f->running > 0)
    return false;
  if (f->base >= f->blocks || f->base > f->limit || f->stop)
    return true;
  return false;
}

/* ---- the profile -------------------------------------------------------- */

static void profile_reset(sp_flow *f)
{
  free(f->stats.task_work_s);
  free(f->stats.task_span_s);
  free(f->stats.threads);
  f->stats = (sp_flow_stats){.blocks = f->blocks,
                             .task_work_s = sp_xcalloc(f->n, sizeof(double)),
                             .task_span_s = sp_xcalloc(f->n, sizeof(double)),
                             .threads = sp_xcalloc((size_t)f->threads, sizeof(sp_profile_thread))};
  f->dur = sp_xcalloc((size_t)f->blocks * f->n, sizeof *f->dur);
  f->have_stats = true;
}

/* The tasks of a block in an order where each comes after its producers. */
static size_t *block_order(const sp_flow *f)
{
  size_t *order = sp_xcalloc(f->n, sizeof *order), *in = sp_xcalloc(f->n, sizeof *in);
  size_t head = 0, tail = 0;
  for (size_t t = 0; t < f->n; t++)
    if ((in[t] = f->producers[t].n) == 0)
      order[tail++] = t;
  while (head < tail) {
    const size_t t = order[head++];
    for (size_t j = 0; j < f->consumers[t].n; j++)
      if (--in[f->consumers[t].v[j]] == 0)
        order[tail++] = f->consumers[t].v[j];
  }
  free(in);
  return order; /* the edges make no cycle within a block: every task is here */
}

/* When (task, block) ends, given its start (start[]) and run time. */
static double ends(const sp_flow *f, const double *start, size_t t, int64_t k)
{
  const size_t i = (size_t)k * f->n + t;
  return start[i] + (double)f->dur[i];
}

/* The latest end so far (*s) and its input, given input (t, k). */
static void later(const sp_flow *f, const double *start, size_t t, int64_t k, double *s, size_t *ft,
                  int64_t *fk)
{
  const double e = ends(f, start, t, k);
  if (e > *s)
    *s = e, *ft = t, *fk = k;
}

/* When (task, block) may start at the earliest, its inputs' ends known:
 * the latest end of its producers at the block, itself at the block
 * before, and its consumers at the block that used its slot before; with
 * found_t: the input that ends then (found_k -1: none). */
static double earliest(const sp_flow *f, const double *start, size_t t, int64_t k, size_t *found_t,
                       int64_t *found_k)
{
  double s = 0;
  size_t ft = SIZE_MAX;
  int64_t fk = -1;
  for (size_t j = 0; j < f->producers[t].n; j++)
    later(f, start, f->producers[t].v[j], k, &s, &ft, &fk);
  if (k >= 1 && !f->stateless[t])
    later(f, start, t, k - 1, &s, &ft, &fk);
  for (size_t j = 0; k >= f->slots[t] && j < f->consumers[t].n; j++)
    later(f, start, f->consumers[t].v[j], k - f->slots[t], &s, &ft, &fk);
  if (found_t)
    *found_t = ft, *found_k = fk;
  return s;
}

/* Work and span of the run just ended, and each task's time on the span
 * (the path walked back from the task that ends last). */
static void find_span(sp_flow *f)
{
  const size_t n = f->n;
  const int64_t blocks = f->blocks;
  size_t *order = block_order(f);
  double *start = sp_xcalloc((size_t)blocks * n, sizeof *start);
  size_t last_t = 0;
  int64_t last_k = 0;
  double span = 0;
  for (int64_t k = 0; k < blocks; k++)
    for (size_t o = 0; o < n; o++) {
      const size_t t = order[o];
      start[(size_t)k * n + t] = earliest(f, start, t, k, NULL, NULL);
      const double e = ends(f, start, t, k);
      f->stats.task_work_s[t] += (double)f->dur[(size_t)k * n + t];
      if (e > span)
        span = e, last_t = t, last_k = k;
    }
  for (size_t t = 0; t < n; t++)
    f->stats.work_s += f->stats.task_work_s[t];
  f->stats.span_s = span;
  size_t t = last_t;
  int64_t k = last_k;
  while (span > 0 && k >= 0) {
    f->stats.task_span_s[t] += (double)f->dur[(size_t)k * n + t];
    size_t pt;
    int64_t pk;
    earliest(f, start, t, k, &pt, &pk);
    t = pt;
    k = pk;
  }
  free(start);
  free(order);
}

/* Sleep until woken (f->mu held): one thread fewer awake. */
static void doze(sp_flow *f, tclock *c, sp_profile_thread *st)
{
  f->awake--;
  tick(c, &st->held_s);
  pthread_cond_wait(&f->wake, &f->mu);
  tick(c, &st->slept_s);
  f->awake++;
}

typedef struct worker_arg {
  sp_flow *f;
  int thread;
} worker_arg;

/* Thread `thread` works until nothing is left that may run. A thread but
 * the caller's holds a job token while it runs tasks (core/base/tokens.h):
 * it gives it back when it sleeps or ends, and one that finds work and no
 * token waits for one outside the lock, once having woken the others (the
 * wake-up it took may have been meant for a thread that holds one). */
static void work(sp_flow *f, int thread)
{
  bool token = thread == 0; /* the caller runs on the process's own */
  tclock c = {f->prof, f->prof ? sp_profile_now() : 0, f->prof ? &f->stats.threads[thread] : NULL};
  sp_profile_thread unused = {0};
  sp_profile_thread *st = c.on ? c.st : &unused;
  pthread_mutex_lock(&f->mu);
  tick(&c, &st->waited_s);
  for (;;) {
    if (!f->stop && f->cancel && *f->cancel) {
      f->stop = true;
      f->result->cancelled = 1;
      pthread_cond_broadcast(&f->wake);
    }
    /* Tasks past a failure's block, or any after a cancel, never start. */
    while (f->heap_n > 0 && (f->stop || (int64_t)(f->heap[0] / f->n) > f->limit))
      f->heap_n = 0;
    if (f->heap_n == 0) {
      if (finished(f)) {
        pthread_cond_broadcast(&f->wake);
        break;
      }
      if (token && thread != 0) {
        sp_token_give();
        token = false;
      }
      doze(f, &c, st);
      continue;
    }
    if (thread != 0 && f->awake > f->cores) { /* more threads than cores at work: sleep */
      doze(f, &c, st);
      continue;
    }
    if (!token && !(token = sp_token_take(0))) {
      pthread_cond_broadcast(&f->wake);
      pthread_mutex_unlock(&f->mu);
      token = sp_token_take(SP_TOKEN_WAIT_MS);
      pthread_mutex_lock(&f->mu);
      continue;
    }
    uint64_t key = heap_pop(f);
    size_t task = (size_t)(key % f->n);
    int64_t block = (int64_t)(key / f->n);
    f->running++;
    if (f->heap_n > 0 && f->awake < f->cores)
      pthread_cond_signal(&f->wake); /* more to take, and a core for it */
    tick(&c, &st->held_s);
    pthread_mutex_unlock(&f->mu);
    const double cpu0 = c.on ? sp_profile_cpu() : 0;
    int rc = f->fn(f->ctx, task, block, thread);
    if (c.on)
      f->dur[(size_t)block * f->n + task] = (float)(sp_profile_cpu() - cpu0);
    tick(&c, &st->busy_s);
    pthread_mutex_lock(&f->mu);
    tick(&c, &st->waited_s);
    f->running--;
    if (rc != 0) {
      sp_flow_result *res = f->result;
      bool first = res->failure == 0 || block < res->failed_block ||
                   (block == res->failed_block && task < res->failed_task);
      if (first) {
        res->failure = rc;
        res->failed_task = task;
        res->failed_block = block;
      }
      if (block < f->limit)
        f->limit = block;
    }
    finish(f, task, block);
    /* No one is woken here: this thread takes the next ready task itself
     * at the loop's top, and wakes one more only when more are ready; the
     * last to find nothing left wakes everyone to leave. */
  }
  tick(&c, &st->held_s);
  pthread_mutex_unlock(&f->mu);
  if (token && thread != 0)
    sp_token_give();
}

static void *worker(void *arg)
{
  worker_arg *a = arg;
  work(a->f, a->thread);
  return NULL;
}

void sp_flow_run(sp_flow *f, int64_t blocks, sp_flow_fn fn, sp_flow_done_fn done, void *ctx,
                 const volatile sig_atomic_t *cancel, sp_flow_result *result)
{
  memset(result, 0, sizeof *result);
  if (blocks <= 0 || f->n == 0)
    return;
  /* a pool phase run from a task is the task's time, not a phase of its own */
  sp_profile *was = sp_profile_use(NULL);
  f->fn = fn;
  f->done_fn = done;
  f->ctx = ctx;
  f->cancel = cancel;
  f->result = result;
  f->blocks = blocks;
  f->limit = INT64_MAX;
  f->base = 0;
  f->stop = false;
  f->running = 0;
  f->awake = f->threads;
  f->heap_n = 0;
  f->remaining = sp_xcalloc(WIN * f->n, sizeof *f->remaining);
  f->done = sp_xcalloc(WIN * f->n, sizeof *f->done);
  f->left = sp_xcalloc(WIN, sizeof *f->left);
  pthread_mutex_init(&f->mu, NULL);
  pthread_cond_init(&f->wake, NULL);
  double started = 0, cpu0 = 0;
  if (f->prof) {
    profile_reset(f);
    started = sp_profile_now();
    cpu0 = sp_profile_cpu();
  }
  for (int64_t k = 0; k < WIN && k < blocks; k++)
    enter(f, k);
  pthread_t *tid = sp_xcalloc((size_t)f->threads, sizeof *tid);
  worker_arg *args = sp_xcalloc((size_t)f->threads, sizeof *args);
  for (int t = 1; t < f->threads; t++) {
    args[t] = (worker_arg){f, t};
    if (pthread_create(&tid[t], NULL, worker, &args[t]) != 0)
      fputs("stemprint: fatal: cannot start a render thread\n", stderr), abort();
  }
  work(f, 0);
  for (int t = 1; t < f->threads; t++)
    pthread_join(tid[t], NULL);
  free(tid);
  free(args);
  if (f->prof) {
    f->stats.wall_s = sp_profile_now() - started;
    f->stats.caller_cpu_s = sp_profile_cpu() - cpu0;
    find_span(f);
    free(f->dur);
    f->dur = NULL;
  }
  pthread_mutex_destroy(&f->mu);
  pthread_cond_destroy(&f->wake);
  free(f->remaining);
  free(f->done);
  free(f->left);
  free(f->heap);
  f->heap = NULL;
  f->heap_cap = 0;
  sp_profile_use(was);
}
