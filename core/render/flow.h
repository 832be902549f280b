/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FLOW_H
#define SP_FLOW_H

/* A pipeline of tasks over blocks, for the renderer.
 *
 * The same tasks 0 .. n−1 run once for every block 0 .. blocks−1. A task
 * of block k may start when
 *   - its producers (sp_flow_edge) have finished block k: it reads what
 *     they wrote for k;
 *   - it has finished block k − 1 itself: it has state (unless it is
 *     stateless, sp_flow_stateless);
 *   - its consumers have finished block k − SP_FLOW_SLOTS: a task keeps its
 *     results in SP_FLOW_SLOTS slots, block k's in slot k mod SP_FLOW_SLOTS,
 *     so writing block k must wait until the readers of the block that used
 *     the slot before are done.
 * So the tasks of several blocks run side by side (a track reads block
 * k + 1 while master limits block k and the writers write block k − 1),
 * yet each task sees exactly the inputs and state it would in a plain
 * block-by-block loop: the results do not depend on the number of threads
 * or on the order in which ready tasks are picked. Ready tasks are taken
 * lowest block first, then lowest task number.
 *
 * A task that fails stops the pipeline from starting blocks after its own;
 * every task of that block and the ones before still runs (but those that
 * need a failed task's results), so the failure reported, the first by
 * (block, task), is the same whatever the threads. */

#include "core/base/profile.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How many slots each task keeps its results in: a task may run this many
 * blocks ahead of the tasks that read from it. Eight lets the buses run on
 * while a reverb return does a partition's FFTs (measured by the time the
 * -j 2 threads wait for work on the reference session: 0.12 s a thread of
 * a 1.4 s render with four, 0.045 s with eight, for 2 MB more that does not
 * grow with the tracks). */
#define SP_FLOW_SLOTS 8

/* No two tasks run blocks this many or more apart: block k starts only
 * once every task of block k − SP_FLOW_WINDOW has finished. */
#define SP_FLOW_WINDOW (4 * SP_FLOW_SLOTS)

typedef struct sp_flow sp_flow;

/* Runs task `task` for block `block` on thread `thread` (0 .. threads − 1,
 * for per-thread scratch); returns 0, or non-zero for a failure. */
typedef int (*sp_flow_fn)(void *ctx, size_t task, int64_t block, int thread);

/* After each completed block, in block order, on one thread at a time. */
typedef void (*sp_flow_done_fn)(void *ctx, int64_t block);

/* A pipeline of n tasks run by `threads` threads (the caller is one). */
sp_flow *sp_flow_new(size_t n, int threads);
void sp_flow_free(sp_flow *f);
/* Task `consumer` reads what task `producer` wrote for the same block. */
void sp_flow_edge(sp_flow *f, size_t producer, size_t consumer);
/* Task `task` keeps its results in `slots` slots (default SP_FLOW_SLOTS):
 * it may run that many blocks ahead of the tasks that read from it. */
void sp_flow_slots(sp_flow *f, size_t task, int slots);

/* Task `task` keeps no state from block to block: its blocks may run side
 * by side (it need not have finished block k − 1 to start block k). */
void sp_flow_stateless(sp_flow *f, size_t task);

typedef struct sp_flow_result {
  int failure;        /* the first task's non-zero return, 0 if none */
  size_t failed_task; /* which, and in which block */
  int64_t failed_block;
  int cancelled; /* *cancel was seen set: blocks were left out */
} sp_flow_result;

/* Record, in the next sp_flow_run, every task's time in every block and
 * what each thread did (busy, waiting for the lock, asleep, holding it);
 * 4 bytes a task a block while it runs, 8 more while the span is found. */
void sp_flow_profile(sp_flow *f, bool on);

/* What a profiled run measured: its work (every task's time), its span
 * (the longest path through the dependencies, with those times: producers
 * at the block, the task itself at the block before, its consumers at the
 * block its slot was last used for), and by task, its work and its time
 * on that path. */
typedef struct sp_flow_stats {
  double wall_s, work_s, span_s;
  double caller_cpu_s; /* the calling thread's CPU time in the run */
  int64_t blocks;
  double *task_work_s;        /* [n] */
  double *task_span_s;        /* [n] */
  sp_profile_thread *threads; /* [threads] */
} sp_flow_stats;

/* The last profiled run's, until sp_flow_free; NULL if none. */
const sp_flow_stats *sp_flow_stats_of(const sp_flow *f);

/* Run every task for blocks 0 .. blocks−1; returns when all have run (or,
 * after a failure or a cancel, all that were started). cancel may be NULL;
 * it is read between tasks. done may be NULL. */
void sp_flow_run(sp_flow *f, int64_t blocks, sp_flow_fn fn, sp_flow_done_fn done, void *ctx,
                 const volatile sig_atomic_t *cancel, sp_flow_result *result);

#endif
