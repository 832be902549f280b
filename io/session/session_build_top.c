/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe's top built at once by a session's reader
 * (io/session/session_build_top.h), and the session's recipe begun with it
 * when it is built: its top keys as the reader set them, what they may be
 * the check's (core/recipe/check.h). */

#include "io/session/session_build_top.h"
#include "io/session/session_builder.h"

#include "core/recipe/build.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp_mix_top_number(sp_mix *m, size_t key, double v)
{
  if (key >= SP_KEY_ROOT_N || sp_key_rows_root[key].store != SP_KEY_S_DOUBLE)
    abort();
  /* what it may be is the check's (core/recipe/check.h) */
  *(double *)((char *)m->top + sp_key_rows_root[key].at) = v;
}

void sp_mix_top_pan_law_ardour(sp_mix *m) { m->top->pan_law_quadratic = true; }

void sp_mix_top_cycle_ardour(sp_mix *m)
{
  /* `ardour`, the row's word, as the parser stores it: both cycles */
  const int64_t frames = sp_key_rows_root[SP_KEY_ROOT_PLUGIN_CYCLE].values[0];
  m->top->plugin_cycle = m->top->plugin_cycle_first = frames;
}

void sp_mix_top_latency_ignored(sp_mix *m) { m->top->latency_ignored = true; }

void sp_mix_top_length(sp_mix *m, int64_t frames)
{
  if (frames <= 0) /* none: `auto` */
    return;
  m->top->length = (sp_time){.frames = frames, .in_frames = true}; /* its range the check's */
  m->top->length_auto = false;
  m->top->tail = (sp_time){0};
  m->top->tail_auto = false;
}

/* ---- placed: the session's recipe begun with the top ---------------------- */

sp_recipe *build_top_recipe(sp_mix *m, const char *file)
{
  sp_recipe *r = m->top; /* the reader's values as read: the check's to judge */
  m->top = NULL;
  sp_recipe_name(r, file);
  return r;
}
