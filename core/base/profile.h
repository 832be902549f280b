/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROFILE_H
#define SP_PROFILE_H

/* A render's profile (`render --profile`, docs/verify.md): its work, its
 * span and what they are made of, recorded while it runs.
 *
 * The render's thread goes through sections one after another ("pass 1/1:
 * blocks", "pass 1/1: null test", "deliver"). Inside a section, parallel
 * phases run: the block pipeline (core/render/flow.c: every task's time
 * per block, its span the longest path through the dependencies with those
 * times) and the pool's phases (core/base/pool.c: independent tasks, their
 * span the longest). What a section spends outside its phases is serial
 * (the render's thread's CPU time there): work and span alike. So
 *
 *   work = Σ phases' work + Σ serial,   span = Σ phases' span + Σ serial,
 *
 * and work / span is the plan's parallelism, whatever the threads that ran
 * it: the most threads it could keep busy on average.
 *
 * A task's time is its thread's CPU time (sp_profile_cpu), so that the
 * figures do not grow when other processes share the cores; walls and the
 * threads' figures are the monotonic clock's.
 *
 * Work is also kept by item (a node, an output, the measurement, a pool
 * phase, a section's serial time), each with its time on the critical path,
 * and by insert. A profile is recorded from the render's thread (sections,
 * phases, items), each phase handing in what its threads measured once it
 * has ended, so recording needs no lock. */

#include <stddef.h>
#include <stdint.h>

/* One bucket of work: seconds of task time, and of them on the span. */
typedef struct sp_profile_item {
  char *name;
  double work_s, span_s;
} sp_profile_item;

/* One insert's time (node's, of its key, "inserts" or "post_inserts" (a
 * static string), its index there, its processor). */
typedef struct sp_profile_insert {
  char *node;
  const char *key;
  size_t index;
  char *type;
  double work_s;
} sp_profile_insert;

typedef enum sp_profile_kind {
  SP_PROFILE_PIPELINE, /* the block pipeline */
  SP_PROFILE_POOL,     /* independent tasks on the pool */
  SP_PROFILE_SERIAL,   /* a section's time outside its phases */
} sp_profile_kind;

typedef struct sp_profile_phase {
  char *section;
  sp_profile_kind kind;
  size_t tasks;   /* the tasks of one block (pipeline), or of the phase */
  int64_t blocks; /* pipeline: blocks run; else the phases run one after another */
  int threads;
  double wall_s, work_s, span_s;
  double caller_cpu_s; /* the render's thread's CPU time in it (not serial time) */
} sp_profile_phase;

/* What one thread (its number in the render's pipeline and pool) did:
 * ran tasks (busy), waited for the scheduler's lock, slept for work, held
 * the lock. Pool phases add busy time only. */
typedef struct sp_profile_thread {
  double busy_s, waited_s, slept_s, held_s;
} sp_profile_thread;

typedef struct sp_profile {
  double started, wall_s;
  double work_s, span_s;
  sp_profile_phase *phases;
  size_t n_phases, cap_phases;
  sp_profile_item *items;
  size_t n_items, cap_items;
  sp_profile_insert *inserts;
  size_t n_inserts, cap_inserts;
  sp_profile_thread *threads;
  size_t n_threads;
  /* the open section: its name, start, and its phases' wall so far */
  char *section;
  double section_t0, section_phases_s;
  double section_cpu0, section_phases_cpu; /* the render's thread's CPU time */
} sp_profile;

sp_profile *sp_profile_new(void);
/* Accepts NULL. */
void sp_profile_free(sp_profile *p);

/* Seconds on the monotonic clock. */
double sp_profile_now(void);
/* Seconds of CPU time of the calling thread: a task's time, which a busy
 * machine's other processes do not lengthen. */
double sp_profile_cpu(void);

/* Start the profile's clock; end it (closing the open section). */
void sp_profile_begin(sp_profile *p);
void sp_profile_end(sp_profile *p);

/* Close the open section (its serial time recorded) and open one named
 * by the format; a no-op on NULL. */
void sp_profile_section(sp_profile *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A parallel phase of the open section has ended (its section is set
 * here); its work and span count in the totals. */
void sp_profile_phase_add(sp_profile *p, sp_profile_phase ph);
/* work_s of task time to the item named name, span_s of it on the span. */
void sp_profile_item_add(sp_profile *p, const char *name, double work_s, double span_s);
void sp_profile_insert_add(sp_profile *p, const char *node, const char *key, size_t index,
                           const char *type, double work_s);
void sp_profile_thread_add(sp_profile *p, int thread, sp_profile_thread t);

/* Items and inserts, most work first (names break ties): for the file. */
void sp_profile_sort(sp_profile *p);

/* The profile the calling thread records into (NULL: none): the pool's
 * phases run from it are recorded. Sets it; returns the one before. */
sp_profile *sp_profile_use(sp_profile *p);
sp_profile *sp_profile_current(void);

#endif
