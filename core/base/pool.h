/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_POOL_H
#define SP_POOL_H

/* A small fixed pool of threads for work done side by side outside the
 * render's pipeline (core/render/flow.h): the null test's passes, the
 * inserts' probes when a graph is built, a pass's processors when made.
 *
 * sp_pool_run hands out the tasks 0 .. n−1 of one phase to the pool's
 * threads (the caller is thread 0 and works too) and returns when all are
 * done. Which thread runs which task varies from run to run; callers make
 * the result independent of it (each task writes only its own data, with
 * the scratch of the thread that runs it). Waiting spins briefly, then
 * sleeps, so short phases cost microseconds and an idle pool costs nothing.
 * A thread but the caller's runs a phase's tasks holding a job token
 * (core/base/tokens.h: make's jobserver), or leaves them to the others. */

#include <stddef.h>

typedef struct sp_pool sp_pool;

/* A task: ctx, its index, and the number (0 .. threads − 1) of the thread
 * running it, for per-thread scratch. */
typedef void (*sp_task_fn)(void *ctx, size_t index, int thread);

/* A pool of `threads` threads, the caller included (1: no extra thread),
 * but no more than the machine has cores (sp_pool_cores): the threads
 * beyond them would only take turns on the cores. */
sp_pool *sp_pool_new(int threads);
/* The machine's cores (online processors), at least 1: the most threads a
 * pool keeps, and the render's pipeline keeps awake (core/render/flow.h). */
int sp_pool_cores(void);
/* Stop and join the threads; accepts NULL. */
void sp_pool_free(sp_pool *p);
/* Run fn(ctx, i, thread) for every i < n, each task with the caller's
 * floating-point modes (x86's MXCSR: a render flushes denormals to zero),
 * so it gives the bits it would give on the caller's thread; returns when
 * all have run. */
void sp_pool_run(sp_pool *p, size_t n, sp_task_fn fn, void *ctx);

/* One phase on a pool of its own: fn(ctx, i, thread) for every i < n on up
 * to `threads` threads (no more than n), the caller's alone for 1 or one
 * task; returns when all have run. */
void sp_pool_run_threads(int threads, size_t n, sp_task_fn fn, void *ctx);

#endif
