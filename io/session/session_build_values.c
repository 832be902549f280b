/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's values as the session builder reads them (its times,
 * levels, a fade's gains, tempo maps, names, taps): each as the parser
 * reads the text the mix would be written as, what it says of one said at
 * its path (io/session/session_builder.h); a strip's timed values taken
 * as read (build_timed_settle: what they may be is the recipe's check's). */

#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/fade.h"
#include "core/recipe/writer.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"
#include "io/recipe/yamltree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- values -------------------------------------------------------------- */

void sp_mix_origin_add(sp_mix_origins *o, char *path, sp_pos pos, char *from)
{
  SP_GROW(o->v, o->n, o->cap);
  o->v[o->n] = (sp_where){.path = path, .pos = pos, .from = from};
  sp_strmap_set(&o->at, path, o->n++);
}

void sp_mix_origins_fini(sp_mix_origins *o)
{
  for (size_t i = 0; i < o->n; i++) {
    free(o->v[i].path);
    free(o->v[i].from);
    free(o->v[i].written);
  }
  free(o->v);
  sp_strmap_fini(&o->at);
  memset(o, 0, sizeof *o);
}

/* The origin of o noted last at key's first len characters, or NULL. */
static const sp_where *noted_at(const sp_mix_origins *o, const char *key, size_t len)
{
  char buf[256], *k = len < sizeof buf ? buf : sp_xmalloc(len + 1);
  memcpy(k, key, len);
  k[len] = '\0';
  size_t i;
  const bool found = sp_strmap_get(&o->at, k, &i);
  if (k != buf)
    free(k);
  return found ? &o->v[i] : NULL;
}

const sp_where *sp_mix_origin_of(const sp_mix_origins *o, const char *path)
{
  for (size_t len = strlen(path);;) { /* path's first len characters */
    const sp_where *w = noted_at(o, path, len);
    size_t up = len;
    while (up > 0 && path[up - 1] != '.' && path[up - 1] != '[') /* up one: "a.b[2]" -> "a.b" */
      up--;
    if (!w && up > 0 && path[up - 1] == '[') {
      char *items = sp_xasprintf("%.*s]", (int)up, path);
      w = noted_at(o, items, strlen(items));
      free(items);
    }
    if (w || up == 0)
      return w;
    len = up - 1;
  }
}

/* The line of the element kp came from, of the origins noted so far
 * (sp_mix_origin_of: of one path, the one noted last, an insert built at
 * the place of one left out); else b->line, the object's. */
static int line_of(const builder *b, const char *kp)
{
  const sp_where *w = sp_mix_origin_of(&b->m->origins, kp);
  return w && w->pos.line > 0 ? w->pos.line : b->line;
}

void build_say_at(builder *b, const char *kp, const char *why)
{
  if (b->m && b->m->origin && b->line > 0)
    sp_diags_error(b->said, SP_ERR_USAGE, b->m->origin, (sp_pos){line_of(b, kp), 0}, kp, "%s", why);
  else /* placed by its path (io/session/import.c) */
    sp_diags_error(b->said, SP_ERR_USAGE, b->r->file, (sp_pos){1, 1}, kp, "%s", why);
}

void build_origins_under(builder *b, const char *path, const sp_where *at, size_t n)
{
  for (size_t i = 0; b->m && i < n; i++) {
    sp_mix_origin_add(&b->m->origins, sp_mix_said_path(path, at[i].path), at[i].pos, NULL);
    if (at[i].written) /* (its value as the session writes it) */
      b->m->origins.v[b->m->origins.n - 1].written = sp_xstrdup(at[i].written);
  }
}

int build_enter(builder *b, const char *path, int line)
{
  const int was = b->line;
  if (!b->m || line <= 0)
    return was;
  sp_mix_origin_add(&b->m->origins, sp_xstrdup(path), (sp_pos){line, 0}, NULL);
  b->line = line;
  return was;
}

sp_time sp_mix_frame(double f)
{
  const double w = nearbyint(f); /* as "%.0f" rounds it */
  const int64_t k = !(w > -9.2e18) ? INT64_MIN : w < 9.2e18 ? (int64_t)w : INT64_MAX;
  return (sp_time){.frames = k, .in_frames = true};
}

char *sp_mix_said_path(const char *path, const char *sub)
{
  sub = sub ? sub : "";
  return sp_xasprintf("%s%s%s", path, *sub && *sub != '[' ? "." : "", sub);
}

void build_said_under(builder *b, const char *path, sp_diags *rel)
{
  for (size_t i = 0; i < rel->n; i++) {
    char *kp = sp_mix_said_path(path, rel->v[i].path);
    build_say_at(b, kp, rel->v[i].msg);
    free(kp);
  }
  sp_diags_fini(rel);
  sp_diags_init(rel);
}

/* A value at kp no reader gives (what: its shape), said as an error there
 * (false: the value left out). */
bool build_unheld(builder *b, const char *kp, const char *what)
{
  char why[512];
  snprintf(why, sizeof why,
           "the session's reader gave a value the recipe cannot hold (%s); please report it", what);
  build_say_at(b, kp, why);
  return false;
}

void build_say(builder *b, const char *path, const char *key, const char *why)
{
  char *kp = sp_xasprintf("%s.%s", path, key);
  build_say_at(b, kp, why);
  free(kp);
}

/* A reader's tempo map as the recipe holds it (core/dsp/tempo_map.h: at
 * superclock and beat ticks; one point of a quarter-note tempo, unramped,
 * a tempo from the start, `tempo: 97`), as the writer writes it and the
 * parser reads it back: what it may be is the recipe's check's. */
sp_tempo_map *build_tempo(const sp_tempo_map *m)
{
  const sp_tempo_point *p0 = m->t;
  if (m->n == 1 && !p0->ramped && p0->note_type == 4)
    return sp_tempo_map_constant(p0->npm);
  sp_tempo_map *t = sp_xcalloc(1, sizeof *t);
  *t = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(m->n ? m->n : 1, sizeof *t->t)};
  for (size_t i = 0; i < m->n; i++) {
    const sp_tempo_point *p = &m->t[i];
    const double omega = p->ramped ? p->omega : 0;
    const int64_t sclock =
        llround((double)p->sclock / (double)m->scps * (double)SP_TEMPO_SUPERCLOCK);
    t->t[t->n++] = sp_tempo_point_make(sclock, p->quarters, p->npm, p->note_type, omega, omega != 0,
                                       SP_TEMPO_SUPERCLOCK);
  }
  return t;
}

void build_timed_settle(sp_auto *a)
{
  if (a->n)
    a->value = a->points[0].v;
  for (size_t i = 0; i < a->n_vca; i++)
    build_timed_settle(&a->vca[i]);
  const bool smooths = a->n && (a->ramp == SP_RAMP_LIST || a->ramp == SP_RAMP_DECLICK);
  sp_auto_smooth_free(a->smooth); /* its state made new */
  a->smooth = smooths ? sp_xcalloc(1, sizeof *a->smooth) : NULL;
}

bool build_text_held(builder *b, const char *kp, const char *s, const char *what)
{
  return *s || build_unheld(b, kp, what);
}

/* A tap as put_tap writes it and get_tap reads it, of the object at at
 * (a send, a sidechain key): `{after: N}` past the parser's range said at
 * its `tap.after`, the tap left as it was. */
bool build_tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t)
{
  if (fader && after) {
    char why[512];
    unsigned n = 0;
    if (!sp_build_tap_after_count(after, &n, why, sizeof why)) {
      build_say(b, at, "tap.after", why);
      return true;
    }
    *t = (sp_tap){.at = SP_TAP_FADER, .after = n};
  } else {
    *t = (sp_tap){.at = !post ? SP_TAP_PRE : fader ? SP_TAP_FADER : SP_TAP_POST};
  }
  return true;
}
