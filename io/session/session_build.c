/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's recipe built from what its reader read, with no recipe text
 * (io/session/session_build.h): each value set as the parser sets it from
 * the text the mix would be written as (tests/mix_yaml.c), and checked as
 * it checks it: a value out of its row's range said as the parser says it
 * (the same rule, core/recipe/build.h), at its recipe path, and left out.
 * A value no reader gives (a shape the recipe cannot hold) is said as an
 * error at its path, the value left out: nothing is dropped unsaid. */

#include "io/session/session_build.h"
#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/writer.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"
#include "io/recipe/yamltree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the recipe ---------------------------------------------------------- */

/* The stems --stems lists, as the mix's text writes `stems:` and
 * fill_named reads them (one of no members kept, none named: the check's
 * to say); one named as a key of `stems:` itself (split), which no reader
 * gives (sp_mix_finish refuses --stems naming one so), said as a value
 * the recipe cannot hold, and left out. (The session's rule's are made on
 * the recipe after: io/session/import.c.) */
static void stems(builder *b, const sp_mix *m)
{
  for (size_t k = 0; k < m->n_stems; k++) {
    const sp_stem *st = &m->stems[k];
    size_t own = 0;
    while (own < SP_KEY_STEMS_N && strcmp(st->name, sp_keys_stems[own]) != 0)
      own++;
    if (own < SP_KEY_STEMS_N) {
      char *kp = sp_xasprintf("stems.%s", st->name);
      build_unheld(b, kp, "a stem named as a key of stems:");
      free(kp);
      b->r->has_stems = true;
      continue;
    }
    char *path = sp_xasprintf("stems.%s", st->name); /* its name's form: the check's */
    sp_stem *d = sp_build_stem(b->r, st->name, (sp_pos){1, 1});
    for (size_t j = 0; j < st->n_members; j++) {
      char *ip = sp_xasprintf("%s[%zu]", path, j);
      if (build_text_held(b, ip, st->members[j], "a stem's member of an empty name"))
        sp_build_stem_member(b->r, d, st->members[j], (sp_pos){1, 1});
      free(ip);
    }
    free(path);
  }
}

/* A track of s at path: its strip, regions and instrument as parse_track
 * reads them (what its instrument may play with is the check's,
 * core/recipe/check.h). */
static void track(builder *b, const char *path, sp_mix_strip *s)
{
  const int was = build_enter(b, path, s->line);
  build_origins_under(b, path, s->at, s->n_at);
  sp_track *t = sp_build_track(b->r, s->name);
  build_strip(b, path, s, &t->strip);
  for (size_t k = 0; k < s->n_regions; k++)
    build_region_place(b, t, path, &s->regions[k]);
  b->line = was;
}

/* A bus or master (s) at path, as parse_strip reads it. */
static void strip(builder *b, const char *path, sp_mix_strip *s, sp_strip *to)
{
  const int was = build_enter(b, path, s->line);
  build_origins_under(b, path, s->at, s->n_at);
  build_strip(b, path, s, to);
  b->line = was;
}

sp_recipe *sp_session_build(sp_mix *m, const char *file, sp_diags *said)
{
  builder b = {.r = build_top_recipe(m, file), .said = said, .m = m, .line = m->line};
  b.r->tracks_left_out = m->tracks_left_out;
  b.r->of_session = true;
  sp_recipe_stage(b.r, m->staged, m->n_staged);
  size_t n_of[2] = {0, 0}; /* tracks, buses */
  for (size_t i = 0; i < m->n_strips; i++)
    if (m->strips[i].kind == SP_MIX_TRACK || m->strips[i].kind == SP_MIX_BUS)
      n_of[m->strips[i].kind == SP_MIX_BUS]++;
  char why[320];
  if (!sp_build_nodes(n_of[0], n_of[1], why, sizeof why)) { /* read no further, as the parser */
    build_say_at(&b, n_of[0] > n_of[1] ? "tracks" : "buses", why);
    sp_recipe_free(b.r);
    return NULL;
  }
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_TRACK)
      continue;
    char *path = sp_xasprintf("tracks.%s", s->name);
    track(&b, path, s);
    free(path);
  }
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_BUS)
      continue;
    char *path = sp_xasprintf("buses.%s", s->name);
    strip(&b, path, s, &sp_build_bus(b.r, s->name)->strip);
    free(path);
  }
  strip(&b, "master", &m->master, &b.r->master);
  b.line = 0; /* the stems --stems lists (the groups': io/session/import.c) */
  stems(&b, m);
  sp_build_unplace(b.r); /* placed by sp_session_place */
  return b.r;
}
