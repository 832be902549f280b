/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render's profile (core/base/profile.h): sections, phases, items. */

#include "core/base/profile.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local sp_profile *current;

sp_profile *sp_profile_use(sp_profile *p)
{
  sp_profile *was = current;
  current = p;
  return was;
}

sp_profile *sp_profile_current(void) { return current; }

double sp_profile_now(void) { return sp_now_s(); }

double sp_profile_cpu(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

sp_profile *sp_profile_new(void) { return sp_xcalloc(1, sizeof(sp_profile)); }

void sp_profile_free(sp_profile *p)
{
  if (!p)
    return;
  for (size_t i = 0; i < p->n_phases; i++)
    free(p->phases[i].section);
  for (size_t i = 0; i < p->n_items; i++)
    free(p->items[i].name);
  for (size_t i = 0; i < p->n_inserts; i++) {
    free(p->inserts[i].node);
    free(p->inserts[i].type);
  }
  free(p->phases);
  free(p->items);
  free(p->inserts);
  free(p->threads);
  free(p->section);
  free(p);
}

void sp_profile_begin(sp_profile *p)
{
  if (p)
    p->started = sp_profile_now();
}

/* The open section's time outside its phases: a serial phase and item. */
static void close_section(sp_profile *p, double now)
{
  if (!p->section)
    return;
  const double wall = now - p->section_t0 - p->section_phases_s;
  double serial = sp_profile_cpu() - p->section_cpu0 - p->section_phases_cpu;
  if (serial < 0)
    serial = 0;
  sp_profile_phase ph = {.kind = SP_PROFILE_SERIAL,
                         .tasks = 1,
                         .blocks = 1,
                         .threads = 1,
                         .wall_s = wall > 0 ? wall : 0,
                         .work_s = serial,
                         .span_s = serial};
  sp_profile_phase_add(p, ph);
  char *name = sp_xasprintf("%s (serial)", p->section);
  sp_profile_item_add(p, name, serial, serial);
  free(name);
  free(p->section);
  p->section = NULL;
}

void sp_profile_end(sp_profile *p)
{
  if (!p)
    return;
  const double now = sp_profile_now();
  close_section(p, now);
  p->wall_s = now - p->started;
}

void sp_profile_section(sp_profile *p, const char *fmt, ...)
{
  if (!p)
    return;
  const double now = sp_profile_now();
  close_section(p, now);
  va_list ap;
  va_start(ap, fmt);
  char buf[256];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  p->section = sp_xstrdup(buf);
  p->section_t0 = now;
  p->section_phases_s = 0;
  p->section_cpu0 = sp_profile_cpu();
  p->section_phases_cpu = 0;
}

void sp_profile_phase_add(sp_profile *p, sp_profile_phase ph)
{
  const char *section = p->section ? p->section : "render";
  if (ph.kind != SP_PROFILE_SERIAL) {
    p->section_phases_s += ph.wall_s;
    p->section_phases_cpu += ph.caller_cpu_s;
  }
  p->work_s += ph.work_s;
  p->span_s += ph.span_s;
  sp_profile_phase *last = p->n_phases ? &p->phases[p->n_phases - 1] : NULL;
  if (last && last->kind == ph.kind && strcmp(last->section, section) == 0) {
    /* the same section's phases one after another (a null test's): one */
    last->tasks += ph.tasks;
    last->blocks += ph.blocks;
    last->threads = ph.threads > last->threads ? ph.threads : last->threads;
    last->wall_s += ph.wall_s;
    last->work_s += ph.work_s;
    last->span_s += ph.span_s;
    return;
  }
  ph.section = sp_xstrdup(section);
  SP_GROW(p->phases, p->n_phases, p->cap_phases);
  p->phases[p->n_phases++] = ph;
}

void sp_profile_item_add(sp_profile *p, const char *name, double work_s, double span_s)
{
  for (size_t i = 0; i < p->n_items; i++)
    if (strcmp(p->items[i].name, name) == 0) {
      p->items[i].work_s += work_s;
      p->items[i].span_s += span_s;
      return;
    }
  SP_GROW(p->items, p->n_items, p->cap_items);
  p->items[p->n_items++] = (sp_profile_item){sp_xstrdup(name), work_s, span_s};
}

void sp_profile_insert_add(sp_profile *p, const char *node, const char *key, size_t index,
                           const char *type, double work_s)
{
  for (size_t i = 0; i < p->n_inserts; i++)
    if (p->inserts[i].index == index && p->inserts[i].key == key &&
        strcmp(p->inserts[i].node, node) == 0 && strcmp(p->inserts[i].type, type) == 0) {
      p->inserts[i].work_s += work_s;
      return;
    }
  SP_GROW(p->inserts, p->n_inserts, p->cap_inserts);
  p->inserts[p->n_inserts++] =
      (sp_profile_insert){sp_xstrdup(node), key, index, sp_xstrdup(type), work_s};
}

void sp_profile_thread_add(sp_profile *p, int thread, sp_profile_thread t)
{
  if (thread < 0)
    return;
  if ((size_t)thread >= p->n_threads) {
    p->threads = sp_xreallocarray(p->threads, (size_t)thread + 1, sizeof *p->threads);
    memset(p->threads + p->n_threads, 0, ((size_t)thread + 1 - p->n_threads) * sizeof *p->threads);
    p->n_threads = (size_t)thread + 1;
  }
  sp_profile_thread *d = &p->threads[thread];
  d->busy_s += t.busy_s;
  d->waited_s += t.waited_s;
  d->slept_s += t.slept_s;
  d->held_s += t.held_s;
}

static int by_item_work(const void *a, const void *b)
{
  const sp_profile_item *x = a, *y = b;
  if (x->work_s != y->work_s)
    return x->work_s > y->work_s ? -1 : 1;
  return strcmp(x->name, y->name);
}

static int by_insert_work(const void *a, const void *b)
{
  const sp_profile_insert *x = a, *y = b;
  if (x->work_s != y->work_s)
    return x->work_s > y->work_s ? -1 : 1;
  int c = strcmp(x->node, y->node);
  return c ? c : (x->index > y->index) - (x->index < y->index);
}

void sp_profile_sort(sp_profile *p)
{
  if (p->n_items > 1)
    qsort(p->items, p->n_items, sizeof *p->items, by_item_work);
  if (p->n_inserts > 1)
    qsort(p->inserts, p->n_inserts, sizeof *p->inserts, by_insert_work);
}
