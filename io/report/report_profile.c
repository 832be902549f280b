/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render's profile as JSON (io/report/report_profile.h). */

#include "io/report/report_profile.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"

#include <math.h>
#include <stdlib.h>

static const char *kind_name(sp_profile_kind k)
{
  switch (k) {
  case SP_PROFILE_PIPELINE: return "pipeline";
  case SP_PROFILE_POOL: return "pool";
  case SP_PROFILE_SERIAL: break;
  }
  return "serial";
}

/* a / b, 0 where b is 0 */
static double ratio(double a, double b) { return b > 0 ? a / b : 0; }

static sp_json *phases(const sp_profile *p)
{
  sp_json *arr = sp_report_array();
  for (size_t i = 0; i < p->n_phases; i++) {
    const sp_profile_phase *ph = &p->phases[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "section", sp_report_string(ph->section));
    sp_report_set(o, "kind", sp_report_string(kind_name(ph->kind)));
    sp_report_set(o, "tasks", sp_report_int((int64_t)ph->tasks));
    sp_report_set(o, "blocks", sp_report_int(ph->blocks));
    sp_report_set(o, "threads", sp_report_int(ph->threads));
    sp_report_set(o, "wall_seconds", sp_report_number(ph->wall_s));
    sp_report_set(o, "work_seconds", sp_report_number(ph->work_s));
    sp_report_set(o, "span_seconds", sp_report_number(ph->span_s));
    sp_report_set(o, "parallelism", sp_report_number(ratio(ph->work_s, ph->span_s)));
    sp_report_append(arr, o);
  }
  return arr;
}

static sp_json *items(const sp_profile *p)
{
  sp_json *arr = sp_report_array();
  for (size_t i = 0; i < p->n_items; i++) {
    const sp_profile_item *it = &p->items[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "name", sp_report_string(it->name));
    sp_report_set(o, "work_seconds", sp_report_number(it->work_s));
    sp_report_set(o, "share", sp_report_number(ratio(it->work_s, p->work_s)));
    sp_report_set(o, "span_seconds", sp_report_number(it->span_s));
    sp_report_set(o, "span_share", sp_report_number(ratio(it->span_s, p->span_s)));
    sp_report_append(arr, o);
  }
  return arr;
}

static sp_json *inserts(const sp_profile *p)
{
  sp_json *arr = sp_report_array();
  for (size_t i = 0; i < p->n_inserts; i++) {
    const sp_profile_insert *in = &p->inserts[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "node", sp_report_string(in->node));
    sp_report_set(o, "key", sp_report_string(in->key));
    sp_report_set(o, "index", sp_report_int((int64_t)in->index));
    sp_report_set(o, "type", sp_report_string(in->type));
    sp_report_set(o, "work_seconds", sp_report_number(in->work_s));
    sp_report_set(o, "share", sp_report_number(ratio(in->work_s, p->work_s)));
    sp_report_append(arr, o);
  }
  return arr;
}

static sp_json *threads_of(const sp_profile *p)
{
  sp_json *arr = sp_report_array();
  for (size_t i = 0; i < p->n_threads; i++) {
    const sp_profile_thread *t = &p->threads[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "thread", sp_report_int((int64_t)i));
    sp_report_set(o, "busy_seconds", sp_report_number(t->busy_s));
    sp_report_set(o, "waited_seconds", sp_report_number(t->waited_s));
    sp_report_set(o, "slept_seconds", sp_report_number(t->slept_s));
    sp_report_set(o, "held_seconds", sp_report_number(t->held_s));
    sp_report_append(arr, o);
  }
  return arr;
}

sp_json *sp_report_profile(sp_profile *p, const char *recipe, int threads)
{
  sp_profile_sort(p);
  sp_json *o = sp_report_object();
  sp_report_set(o, "recipe", sp_report_string(recipe));
  sp_report_set(o, "threads", sp_report_int(threads));
  sp_report_set(o, "wall_seconds", sp_report_number(p->wall_s));
  sp_report_set(o, "work_seconds", sp_report_number(p->work_s));
  sp_report_set(o, "span_seconds", sp_report_number(p->span_s));
  sp_report_set(o, "parallelism", sp_report_number(ratio(p->work_s, p->span_s)));
  sp_report_set(o, "phases", phases(p));
  sp_report_set(o, "work", items(p));
  sp_report_set(o, "inserts", inserts(p));
  sp_report_set(o, "thread_times", threads_of(p));
  return o;
}

/* What a share is: a whole percent, "<1 %" for less than half of one. */
static void percent(char *buf, size_t n, double share)
{
  if (share < 0.005)
    snprintf(buf, n, "<1 %%");
  else
    snprintf(buf, n, "%.0f %%", 100 * share);
}

void sp_profile_say(sp_profile *p, int threads, FILE *out)
{
  sp_profile_sort(p);
  const double par = ratio(p->work_s, p->span_s);
  fprintf(out, "  profile: work %.3f s, span %.3f s, parallelism %.2f\n", p->work_s, p->span_s,
          par);
  enum { MOST = 3 };
  char a[16], b[16];
  for (size_t i = 0; i < p->n_items && i < MOST; i++) {
    const sp_profile_item *it = &p->items[i];
    percent(a, sizeof a, ratio(it->work_s, p->work_s));
    percent(b, sizeof b, ratio(it->span_s, p->span_s));
    char *name = sp_diag_escape(it->name);
    fprintf(out, "    %-10s %-28s %5s of the work, %5s of the span\n", i ? "" : "most work:", name,
            a, b);
    free(name);
  }
  for (size_t i = 0; i < p->n_inserts && i < MOST; i++) {
    const sp_profile_insert *in = &p->inserts[i];
    percent(a, sizeof a, ratio(in->work_s, p->work_s));
    char *node = sp_diag_escape(in->node),
         *where = sp_xasprintf("%s.%s[%zu] %s", node, in->key, in->index, in->type);
    fprintf(out, "    %-10s %-30s %5s of the work\n", i ? "" : "inserts:", where, a);
    free(where);
    free(node);
  }
  /* what -j can do: the plan keeps about `par` threads busy */
  if (threads > 1 && par < 0.8 * threads)
    fprintf(out,
            "    -j %d is more than the plan keeps busy (%.1f threads on average): shorten the items "
            "on the span (docs/verify.md, \"Acting on a profile\")\n",
            threads, par);
  else if (par > 1.5 * threads)
    fprintf(out,
            "    the plan could keep %.0f threads busy and ran on %d: more cores (-j %.0f) would "
            "render it faster\n",
            par, threads, ceil(par));
  else
    fprintf(out, "    what to change: docs/verify.md, \"Acting on a profile\"\n");
}
