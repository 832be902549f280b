/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's mix in recipe terms, and the recipe it writes (io/session/mix.h). */

#include "io/session/mix.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/fade.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sp_mix_init(sp_mix *m, const char *source, bool strict, sp_diags *d)
{
  memset(m, 0, sizeof *m);
  m->source = sp_xstrdup(source);
  m->top = sp_recipe_new(source); /* its defaults: the parser's */
  m->top->format = 1;
  m->strict = strict;
  m->d = d;
  m->master.kind = SP_MIX_MASTER;
  m->master.id = sp_xstrdup("");
  m->master.title = sp_xstrdup("master");
  m->master.name = sp_xstrdup("master");
}

void sp_mix_region_remove(sp_mix_strip *s, size_t k)
{
  sp_region_fini(&s->regions[k].region);
  memmove(&s->regions[k], &s->regions[k + 1], (s->n_regions - k - 1) * sizeof s->regions[0]);
  s->n_regions--;
}

static void strip_fini(sp_mix_strip *s)
{
  for (size_t i = 0; i < s->n_at; i++) {
    free(s->at[i].path);
    free(s->at[i].written);
  }
  free(s->at);
  free(s->id);
  free(s->title);
  free(s->name);
  sp_ins_free(s->instrument);
  for (size_t i = 0; i < s->n_regions; i++)
    sp_region_fini(&s->regions[i].region);
  free(s->regions);
  for (size_t i = 0; i < s->n_inserts; i++)
    sp_ins_fini(&s->inserts[i]);
  free(s->inserts);
  for (size_t i = 0; i < s->n_sends; i++)
    sp_send_fini(&s->sends[i].send);
  free(s->sends);
  sp_strip_fini(&s->strip);
  sp_free_strings(s->notes, s->n_notes);
}

static void stems_fini(sp_mix *m)
{
  for (size_t i = 0; i < m->n_stems; i++) {
    free(m->stems[i].name);
    sp_free_strings(m->stems[i].members, m->stems[i].n_members);
  }
  free(m->stems);
  free(m->stems_how);
  m->stems = NULL;
  m->stems_how = NULL;
  m->n_stems = m->cap_stems = 0;
}

void sp_mix_fini(sp_mix *m)
{
  for (size_t i = 0; i < m->n_strips; i++)
    strip_fini(&m->strips[i]);
  free(m->strips);
  sp_strmap_fini(&m->ids);
  strip_fini(&m->master);
  stems_fini(m);
  sp_free_strings(m->notes, m->n_notes);
  sp_free_strings(m->staged, 2 * m->n_staged);
  free(m->source);
  free(m->format);
  free(m->origin);
  sp_mix_origins_fini(&m->origins);
  sp_recipe_free(m->top);
  for (size_t i = 0; i < m->n_left_out_fed; i++)
    free(m->left_out_fed[i].id);
  free(m->left_out_fed);
  memset(m, 0, sizeof *m);
}

void sp_mix_left_out_feeds(sp_mix *m, const char *id, sp_fed_left_out how)
{
  if (!id)
    return;
  m->left_out_fed =
      sp_xreallocarray(m->left_out_fed, m->n_left_out_fed + 1, sizeof *m->left_out_fed);
  m->left_out_fed[m->n_left_out_fed++] = (struct sp_mix_fed){sp_xstrdup(id), how};
}

/* The buses tracks left out fed (a loss's over a silent one's). */
static void mark_left_out_fed(sp_mix *m)
{
  for (size_t i = 0; i < m->n_left_out_fed; i++) {
    sp_mix_strip *s = sp_mix_find(m, m->left_out_fed[i].id);
    if (s && s->kind == SP_MIX_BUS && s->strip.fed_left_out < m->left_out_fed[i].how)
      s->strip.fed_left_out = m->left_out_fed[i].how;
  }
}

sp_mix_strip *sp_mix_add(sp_mix *m, sp_mix_kind kind, const char *id, const char *title)
{
  if (m->n_strips >= SP_MAX_NODES) {
    if (m->n_strips_refused == 0)
      sp_diags_add_whole(m->d, SP_SEV_ERROR, SP_ERR_USAGE,
                         "%s: more than %d tracks and buses; a recipe holds at most %d", m->source,
                         SP_MAX_NODES, SP_MAX_NODES);
    m->n_strips_refused++;
    return NULL;
  }
  SP_GROW(m->strips, m->n_strips, m->cap_strips);
  sp_mix_strip *s = &m->strips[m->n_strips++];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->id = sp_xstrdup(id);
  if (!m->ids_stale)
    sp_strmap_put(&m->ids, id, m->n_strips - 1); /* the first of an id stands */
  s->title = sp_xstrdup(title && *title ? title : (kind == SP_MIX_TRACK ? "track" : "bus"));
  return s;
}

sp_mix_strip *sp_mix_find(sp_mix *m, const char *id)
{
  if (m->ids_stale) { /* the strips after one taken out moved a place on */
    sp_strmap_fini(&m->ids);
    for (size_t k = 0; k < m->n_strips; k++)
      sp_strmap_put(&m->ids, m->strips[k].id, k);
    m->ids_stale = false;
  }
  size_t i;
  return id && sp_strmap_get(&m->ids, id, &i) ? &m->strips[i] : NULL;
}

void sp_mix_remove(sp_mix *m, sp_mix_strip *s)
{
  size_t i = (size_t)(s - m->strips);
  strip_fini(s);
  memmove(s, s + 1, (m->n_strips - i - 1) * sizeof *s);
  m->n_strips--;
  m->ids_stale = true; /* the strips after it one place on */
}

void sp_mix_region_add(sp_mix_strip *s, const char *file, double at, double from, double length,
                       double fade_in, double fade_out)
{
  SP_GROW(s->regions, s->n_regions, s->cap_regions);
  sp_mix_region *r = &s->regions[s->n_regions++];
  memset(r, 0, sizeof *r);
  r->region.file = sp_xstrdup(file);
  r->region.at.seconds = at;
  r->region.from.seconds = from;
  r->region.length.seconds = length;
  r->region.has_length = true;
  r->region.fade_in.length.seconds = fade_in;
  r->region.fade_out.length.seconds = fade_out;
}

void sp_mix_region_warp(sp_mix_region *r, const double *src, const double *at, size_t n)
{
  sp_stretch *w = &r->region.stretch;
  free(w->src);
  free(w->at);
  w->src = sp_xcalloc(n, sizeof *w->src);
  w->at = sp_xcalloc(n, sizeof *w->at);
  for (size_t k = 0; k < n; k++) {
    w->src[k] = (sp_time){.seconds = src[k]};
    w->at[k] = (sp_time){.seconds = at[k]};
  }
  w->n = n;
  w->on = true;
  r->region.from = (sp_time){0};
}

void sp_mix_fade_default(sp_fade *f)
{
  f->shape = SP_FADE_DEFAULT;
  f->length = (sp_time){.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
}

void sp_mix_fade_drawn(sp_fade *f, bool saved)
{
  f->shape = saved ? SP_FADE_POINTS : SP_FADE_CURVE;
  f->length = f->curve.points[f->curve.n - 1].t;
}

void sp_mix_region_files(sp_mix_region *r, const char *const *files, size_t n)
{
  sp_free_strings(r->region.files, r->region.n_files);
  r->region.files = sp_xcalloc(n, sizeof *r->region.files);
  for (size_t i = 0; i < n; i++)
    r->region.files[i] = sp_xstrdup(files[i]);
  r->region.n_files = n;
  free(r->region.file);
  r->region.file = sp_xstrdup(files[0]);
}

void sp_mix_midi_region_add(sp_mix_strip *s, const char *file, double at, double from,
                            double length)
{
  sp_mix_region_add(s, file, at, from, length, 0, 0);
  s->regions[s->n_regions - 1].region.midi = true;
}

static char *vformat(const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *s = sp_xmalloc((size_t)n + 1);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

void sp_mix_strip_at(sp_mix_strip *s, const char *key, int line)
{
  sp_mix_strip_at_written(s, key, line, NULL);
}

void sp_mix_strip_at_written(sp_mix_strip *s, const char *key, int line, char *written)
{
  if (line <= 0) {
    free(written);
    return;
  }
  SP_GROW(s->at, s->n_at, s->cap_at);
  s->at[s->n_at++] = (sp_where){.path = sp_xstrdup(key), .pos = {line, 0}, .written = written};
}

void sp_mix_inserts_at(sp_mix_strip *s, size_t from, int line)
{
  for (size_t k = from; k < s->n_inserts; k++)
    s->inserts[k].line = s->inserts[k].line ? s->inserts[k].line : line;
}

sp_mix_send *sp_mix_send_add(sp_mix_strip *s, const char *to)
{
  SP_GROW(s->sends, s->n_sends, s->cap_sends);
  sp_mix_send *x = &s->sends[s->n_sends++];
  memset(x, 0, sizeof *x);
  x->send.to = sp_xstrdup(to);
  x->send.tap.at = SP_TAP_POST;
  return x;
}

static void send_remove(sp_mix_strip *s, size_t k)
{
  sp_send_fini(&s->sends[k].send);
  memmove(&s->sends[k], &s->sends[k + 1], (s->n_sends - k - 1) * sizeof *s->sends);
  s->n_sends--;
}

void sp_mix_sends_to_buses(sp_mix *m, const char *send, const char *master_id, const char *why)
{
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->strip.to && !sp_mix_find(m, s->strip.to)) {
      free(s->strip.to);
      s->strip.to = NULL;
    }
    for (size_t k = 0; k < s->n_sends; k++) {
      const sp_mix_strip *to = sp_mix_find(m, s->sends[k].send.to);
      if (to && to->kind == SP_MIX_BUS)
        continue;
      char *el = sp_xasprintf("%s of '%s'", send, s->title);
      char *what = sp_xasprintf(
          "it feeds %s%s: left out",
          master_id && strcmp(s->sends[k].send.to, master_id) == 0 ? "master" : "no bus", why);
      /* at the send's element, as every loss is where its line is known */
      sp_mix_loss_at(m, s, m->origin, s->sends[k].line, el, el, what);
      free(what);
      free(el);
      send_remove(s, k--);
    }
  }
}

/* A point at t after a's last, its array grown to twice its size
 * where its count is a power of two (4 at first). */
static void auto_add(sp_auto *a, sp_time t, double v)
{
  if (a->n == 0 || (a->n >= 4 && (a->n & (a->n - 1)) == 0))
    a->points = sp_xreallocarray(a->points, a->n ? 2 * a->n : 4, sizeof *a->points);
  if (a->n == 0)
    a->value = v;
  a->points[a->n++] = (sp_auto_point){t, v};
}

void sp_mix_auto_point(sp_auto *a, double t, double v) { auto_add(a, (sp_time){.seconds = t}, v); }

void sp_mix_auto_frame(sp_auto *a, double f, double v) { auto_add(a, sp_mix_frame(f), v); }

void sp_mix_steps_or(const sp_auto *a, const sp_auto *b, bool every, sp_auto *out)
{
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    const bool first =
        j >= b->n || (i < a->n && sp_time_number(a->points[i].t) <= sp_time_number(b->points[j].t));
    const sp_time t = first ? a->points[i].t : b->points[j].t;
    while (i < a->n && sp_time_number(a->points[i].t) <= sp_time_number(t))
      i++;
    while (j < b->n && sp_time_number(b->points[j].t) <= sp_time_number(t))
      j++;
    const bool on = (a->n && a->points[i ? i - 1 : 0].v != 0) ||
                    (b->n && b->points[j ? j - 1 : 0].v != 0);
    if (every || out->n == 0 || on != (out->points[out->n - 1].v != 0))
      auto_add(out, t, on ? 1 : 0);
  }
}

/* The value a ramp of how's source side takes at fraction f between x0
 * and x1. */
static double between(double x0, double x1, double f, bool geometric)
{
  if (geometric && x0 > 0 && x1 > 0)
    return x0 * exp(log(x1 / x0) * f);
  return x0 + (x1 - x0) * f;
}

static void ramp_points(sp_auto *out, const sp_mix_ramp *how, double t0, double x0, double t1,
                        double x1, int depth)
{
  const double y0 = how->convert ? how->convert(x0) : x0, y1 = how->convert ? how->convert(x1) : x1;
  const double xm = between(x0, x1, 0.5, how->from_geometric);
  const double want = how->convert ? how->convert(xm) : xm;
  const double have = between(y0, y1, 0.5, how->to_geometric);
  const double off = fabs(want - have), tol = how->relative ? how->tol * fabs(want) : how->tol;
  if (depth < 14 && t1 > t0 && off > tol) {
    ramp_points(out, how, t0, x0, (t0 + t1) / 2, xm, depth + 1);
    ramp_points(out, how, (t0 + t1) / 2, xm, t1, x1, depth + 1);
    return;
  }
  sp_mix_auto_point(out, t1, y1);
}

void sp_mix_ramp_points(sp_auto *out, const sp_mix_ramp *how, double t0, double x0, double t1,
                        double x1)
{
  ramp_points(out, how, t0, x0, t1, x1, 0);
}

static void add_note(char ***v, size_t *n, size_t *cap, const char *fmt, va_list ap)
{
  SP_GROW(*v, *n, *cap);
  (*v)[(*n)++] = vformat(fmt, ap);
}

void sp_mix_note(sp_mix_strip *s, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add_note(&s->notes, &s->n_notes, &s->cap_notes, fmt, ap);
  va_end(ap);
}

void sp_mix_top_note(sp_mix *m, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add_note(&m->notes, &m->n_notes, &m->cap_notes, fmt, ap);
  va_end(ap);
}

void sp_mix_loss_at(sp_mix *m, sp_mix_strip *s, const char *file, int line, const char *named,
                    const char *element, const char *what)
{
  static const char strict[] = " (--strict refuses what the recipe cannot carry)";
  m->losses++;
  if (s)
    sp_mix_note(s, "not carried over: %s: %s", element, what);
  else
    sp_mix_top_note(m, "not carried over: %s: %s", element, what);
  if (file && line > 0 && m->strict)
    sp_diags_error(m->d, SP_ERR_USAGE, file, (sp_pos){line, 0}, NULL, "%s: %s%s", named, what,
                   strict);
  else if (file && line > 0)
    sp_diags_warn(m->d, file, (sp_pos){line, 0}, NULL, "%s: %s", named, what);
  else if (m->strict)
    sp_diags_add_whole(m->d, SP_SEV_ERROR, SP_ERR_USAGE, "%s: %s: %s%s", m->source, element, what,
                       strict);
  else
    sp_diags_add_whole(m->d, SP_SEV_WARNING, SP_OK, "%s: %s: %s", m->source, element, what);
}

void sp_mix_loss(sp_mix *m, sp_mix_strip *s, const char *element, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *what = vformat(fmt, ap);
  va_end(ap);
  sp_mix_loss_at(m, s, NULL, 0, element, element, what);
  free(what);
}

/* ---- names ---------------------------------------------------------------- */

static bool name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

typedef struct names {
  char **v;
  size_t n, cap;
} names;

static bool taken(const names *t, const char *s)
{
  if (strcasecmp(s, "master") == 0 || strcasecmp(s, "none") == 0)
    return true;
  for (size_t i = 0; i < t->n; i++)
    if (strcasecmp(t->v[i], s) == 0)
      return true;
  return false;
}

/* A recipe name for title: its letters, digits, '_', '-', '.', with blanks
 * as '_', at most 60 bytes, not starting with '.', '_' or '-' (a name
 * the recipe takes, sp_build_valid_name), unique in t (case ignored:
 * stems become file names). */
static char *make_name(names *t, const char *title, const char *fallback)
{
  char base[64];
  size_t k = 0;
  for (const char *c = title; *c && k < 56; c++) {
    char ch = *c;
    if (ch == ' ' || ch == '\t' || ch == '/')
      ch = '_';
    if (!name_char(ch) || (k == 0 && (ch == '.' || ch == '_' || ch == '-')))
      continue;
    if (ch == '_' && k > 0 && base[k - 1] == '_')
      continue;
    base[k++] = ch;
  }
  while (k > 0 && (base[k - 1] == '_' || base[k - 1] == '.'))
    k--;
  base[k] = '\0';
  if (k == 0)
    snprintf(base, sizeof base, "%s", fallback);
  char *s = sp_xstrdup(base);
  if (taken(t, s)) {
    /* base_N with N past every base_N given out: one pass, not one per try
     * (a session of a thousand channels named "Audio" stays fast). */
    long next = 2;
    size_t bl = strlen(base);
    for (size_t i = 0; i < t->n; i++)
      if (strncmp(t->v[i], base, bl) == 0 && t->v[i][bl] == '_' && t->v[i][bl + 1]) {
        char *end = NULL;
        long v = strtol(t->v[i] + bl + 1, &end, 10);
        if (end && !*end && v >= next && v < 1000000)
          next = v + 1;
      }
    for (long i = next; taken(t, s); i++) {
      free(s);
      s = sp_xasprintf("%s_%ld", base, i);
    }
  }
  SP_GROW(t->v, t->n, t->cap);
  t->v[t->n++] = s;
  return sp_xstrdup(s);
}

/* A stem named name, as written (the check judges it as it judges a
 * recipe's: sp_build_name), added to m with no members yet. */
static sp_stem *stem_add(sp_mix *m, const char *name)
{
  SP_GROW(m->stems, m->n_stems, m->cap_stems);
  sp_stem *st = &m->stems[m->n_stems++];
  memset(st, 0, sizeof *st);
  st->name = sp_xstrdup(name);
  return st;
}

/* id a member of stem st. */
static void stem_member(sp_stem *st, const char *id)
{
  st->members = sp_xreallocarray(st->members, st->n_members + 1, sizeof *st->members);
  st->members[st->n_members++] = sp_xstrdup(id);
}

/* The strip id *id as its name (no id: none), unknown when it names no
 * strip. */
static void by_name(sp_mix *m, char **id, const char *unknown)
{
  if (!*id)
    return;
  const sp_mix_strip *s = sp_mix_find(m, *id);
  const char *n = s ? s->name : NULL;
  free(*id);
  *id = n || unknown ? sp_xstrdup(n ? n : unknown) : NULL;
}

/* The strip whose title (or recipe name) is t. */
static sp_mix_strip *by_title(sp_mix *m, const char *t)
{
  for (size_t i = 0; i < m->n_strips; i++)
    if (strcmp(m->strips[i].title, t) == 0 || strcmp(m->strips[i].name, t) == 0)
      return &m->strips[i];
  return NULL;
}

/* Whether s reaches strip b through its output (and its sends, with
 * sends), directly or through other buses. */
static bool feeds(sp_mix *m, const sp_mix_strip *s, const sp_mix_strip *b, bool sends, size_t depth)
{
  if (depth > m->n_strips)
    return false;
  const sp_mix_strip *to = s->strip.to ? sp_mix_find(m, s->strip.to) : NULL;
  if (to == b || (to && feeds(m, to, b, sends, depth + 1)))
    return true;
  for (size_t k = 0; sends && k < s->n_sends; k++) {
    const sp_mix_strip *t = sp_mix_find(m, s->sends[k].send.to);
    if (t == b || (t && feeds(m, t, b, sends, depth + 1)))
      return true;
  }
  return false;
}

/* Whether s, not itself soloed, is soloed by others as a DAW solos (in
 * place, Ardour's Session::route_solo_changed): a soloed route solos what
 * it feeds (downstream, to master) and what feeds it (a soloed bus its
 * sources), sends included; a solo-safe route is soloed by nobody else.
 * Where the session saved what others' solo gives s (Ardour's counters),
 * that, as Ardour loads it. */
static bool soloed_by_others(sp_mix *m, const sp_mix_strip *s)
{
  if (s->solo_safe)
    return false;
  if (s->solo_others_saved) /* as the DAW saved it, and plays it */
    return s->solo_by_others;
  for (size_t k = 0; k < m->n_strips; k++) {
    const sp_mix_strip *o = &m->strips[k];
    if (o != s && o->strip.solo && (feeds(m, o, s, true, 0) || feeds(m, s, o, true, 0)))
      return true;
  }
  return false;
}

/* Whether s plays through others' solo: solo-isolated, or fed by the
 * output of a route that is (Ardour's push_solo_isolate_upstream: not
 * through sends). */
static bool isolated(sp_mix *m, const sp_mix_strip *s)
{
  if (s->solo_isolate)
    return true;
  for (size_t k = 0; k < m->n_strips; k++) {
    const sp_mix_strip *o = &m->strips[k];
    if (o != s && o->solo_isolate && feeds(m, o, s, false, 0))
      return true;
  }
  return false;
}

/* A session's solo as the DAW plays it (a solo that does not move):
 * while any track or bus is soloed, every route that is not soloed (by
 * itself or by others, above) and not solo-isolated is muted; master
 * never. The recipe solos tracks: a track that sounds is soloed (a
 * soloed bus's sources, an isolated track), and one the solo mutes is
 * silent beside them, or muted when no track sounds; a bus the solo mutes
 * is muted where a track that sounds still feeds it (an isolated track's
 * send). */
static void solo_as_the_daw(sp_mix *m)
{
  bool soloing = false;
  for (size_t i = 0; i < m->n_strips; i++)
    soloing |= m->strips[i].strip.solo;
  if (!soloing)
    return;
  bool *sounds = sp_xcalloc(m->n_strips + 1, sizeof *sounds);
  size_t n_sounding = 0;
  for (size_t i = 0; i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    sounds[i] = s->strip.solo || soloed_by_others(m, s) || isolated(m, s);
    n_sounding += s->kind == SP_MIX_TRACK && sounds[i];
  }
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *b = &m->strips[i];
    if (b->kind != SP_MIX_BUS)
      continue;
    if (!b->strip.solo && (sounds[i] || b->strip.mute))
      continue;
    size_t n = 0; /* the tracks that sound and feed it */
    for (size_t k = 0; k < m->n_strips; k++)
      n += m->strips[k].kind == SP_MIX_TRACK && sounds[k] && feeds(m, &m->strips[k], b, true, 0);
    if (b->strip.solo) {
      if (n == 1)
        sp_mix_note(b, "soloed in the session: the track that feeds it is soloed");
      else
        sp_mix_note(b, "soloed in the session: the %zu tracks that feed it are soloed", n);
    } else if (n > 0) {
      b->strip.mute = true;
      sp_auto_free(&b->strip.mutes); /* muted throughout: a mute that moves no longer does */
      b->strip.mutes = (sp_auto){0};
      sp_mix_note(b, "muted: the session's solo mutes it (neither soloed nor solo-isolated), "
                     "though a track that sounds feeds it");
    }
  }
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->kind == SP_MIX_BUS) {
      s->strip.solo = false;
      continue;
    }
    if (!sounds[i] && s->strip.unwired) /* the solo mutes it at its own points, and main at once */
      s->strip.mute_points = s->unwired_points ? s->unwired_points | SP_MUTE_MAIN : 0;
    if (sounds[i] && !s->strip.solo) {
      s->strip.solo = true;
      if (s->solo_isolate || isolated(m, s))
        sp_mix_note(s, "solo-isolated in the session: it plays through the solo, soloed");
    } else if (!sounds[i] && s->solo_safe && !s->strip.mute) {
      sp_mix_note(s, "solo-safe in the session: the solo of what it feeds does not solo it");
    }
    if (!sounds[i] && n_sounding == 0 && !s->strip.mute) {
      s->strip.mute = true;
      sp_auto_free(&s->strip.mutes);
      s->strip.mutes = (sp_auto){0};
      sp_mix_note(s, "muted: the session's solo mutes it, and no track sounds");
    }
  }
  free(sounds);
}

/* Whether a stem named name is listed before in spec (its stems so far
 * in m): said as YAML says a key written twice, at --stems (where the
 * check says what it says of a stem listed), the second left out. */
static bool listed_twice(sp_mix *m, const char *spec, const char *name)
{
  bool twice = false;
  for (size_t k = 0; k < m->n_stems && !twice; k++)
    twice = strcmp(m->stems[k].name, name) == 0;
  if (!twice)
    return false;
  const size_t n = strlen(name);
  const char *first = spec; /* its part of spec, NAME=STRIP,... */
  while (first[strcspn(first, ";")] && (strncmp(first, name, n) != 0 || first[n] != '='))
    first += strcspn(first, ";") + 1;
  char *as = sp_xasprintf("as '%.*s'", (int)strcspn(first, ";"), first);
  char *path = sp_xasprintf("stems.%s", name), *from = sp_xasprintf("--stems %s", spec);
  char why[512];
  sp_build_duplicate_key(as, why, sizeof why);
  sp_diags_error(m->d, SP_ERR_USAGE, from, (sp_pos){0, 0}, path, "%s", why);
  free(as);
  free(path);
  free(from);
  return true;
}

static sp_err stems_listed(sp_mix *m, const char *spec)
{
  char *copy = sp_xstrdup(spec);
  sp_err rc = SP_OK;
  for (char *save = NULL, *part = strtok_r(copy, ";", &save); part;
       part = strtok_r(NULL, ";", &save)) {
    char *eq = strchr(part, '=');
    if (!eq || eq == part || !eq[1]) {
      sp_diags_add_whole(m->d, SP_SEV_ERROR, SP_ERR_USAGE,
                         "--stems '%s': each stem is NAME=STRIP,STRIP,... and stems are "
                         "separated by ';' (or: groups, tracks, none)",
                         spec);
      rc = SP_ERR_USAGE;
      break;
    }
    *eq = '\0';
    if (listed_twice(m, spec, part)) {
      rc = SP_ERR_USAGE;
      continue;
    }
    sp_stem *st = stem_add(m, part);
    for (size_t k = 0; k < SP_KEY_STEMS_N; k++) /* its text would read it as that key */
      if (strcmp(st->name, sp_keys_stems[k]) == 0) {
        sp_diags_add_whole(m->d, SP_SEV_ERROR, SP_ERR_USAGE,
                           "--stems: '%s' is stems:'s own key (%s), not a stem's name; name "
                           "the stem otherwise, like %s_stem=%s",
                           st->name, sp_key_rows_stems[k].help, st->name, eq + 1);
        rc = SP_ERR_USAGE;
      }
    for (char *s2 = NULL, *who = strtok_r(eq + 1, ",", &s2); who; who = strtok_r(NULL, ",", &s2)) {
      sp_mix_strip *s = by_title(m, who);
      if (!s) {
        sp_diags_add_whole(m->d, SP_SEV_ERROR, SP_ERR_USAGE,
                           "--stems: stem '%s' names '%s', which is no track or bus of %s", part,
                           who, m->source);
        rc = SP_ERR_USAGE;
        continue;
      }
      stem_member(st, s->id);
    }
  }
  free(copy);
  return rc;
}

double sp_mix_level_at(const sp_auto *a, double t, bool left)
{
  if (a->n == 0)
    return a->value;
  size_t k = 0; /* the first point after t (at t too, from the left) */
  while (k < a->n &&
         (left ? sp_time_number(a->points[k].t) < t : sp_time_number(a->points[k].t) <= t))
    k++;
  if (k == 0 || k == a->n)
    return a->points[k == 0 ? 0 : a->n - 1].v;
  const sp_auto_point *p = &a->points[k - 1], *q = &a->points[k];
  const double pt = sp_time_number(p->t), qt = sp_time_number(q->t);
  if (isinf(p->v) && isinf(q->v))
    return -INFINITY;
  if (qt == pt)
    return q->v;
  double v1 = isinf(p->v) ? -200.0 : p->v, v2 = isinf(q->v) ? -200.0 : q->v;
  return v1 + (v2 - v1) * (t - pt) / (qt - pt);
}

/* A track with no region (an empty playlist, a MIDI track whose regions
 * play nothing here) plays nothing, and a recipe's track holds at least one
 * region: it is left out, in a note (the mix loses nothing), what was said
 * of it below (its losses, warned of, are comments still). An insert
 * keyed from it heard silence in the session; without its key it hears
 * its own input: a loss. After the solo, which it may take part in. */
static void leave_out_silent_tracks(sp_mix *m)
{
  for (size_t i = 0; i < m->n_strips;) {
    sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_TRACK || s->n_regions > 0) {
      i++;
      continue;
    }
    for (size_t j = 0; j <= m->n_strips; j++) {
      sp_mix_strip *o = j < m->n_strips ? &m->strips[j] : &m->master;
      for (size_t k = 0; k < o->n_inserts; k++)
        if (o->inserts[k].key && strcmp(o->inserts[k].key, s->id) == 0) {
          sp_mix_loss(m, o, "a sidechain key",
                      "its key is the track '%s', which plays nothing: the plugin listens to its "
                      "own input",
                      s->title);
          free(o->inserts[k].key);
          o->inserts[k].key = NULL;
        }
    }
    sp_mix_top_note(m, "the track '%s' has no region that plays: it plays nothing; left out",
                    s->title);
    sp_mix_left_out_feeds(m, s->strip.to, SP_FED_LEFT_SILENT);
    for (size_t k = 0; k < s->n_sends; k++)
      sp_mix_left_out_feeds(m, s->sends[k].send.to, SP_FED_LEFT_SILENT);
    for (size_t k = 0; k < s->n_notes; k++) /* what was said of it (a clip past a day: a loss) */
      sp_mix_top_note(m, "%s", s->notes[k]);
    sp_mix_remove(m, s);
  }
}

/* Whether strip s is of one channel by its layout (a bus's, master's). */
static bool is_mono(const sp_mix_strip *s) { return s->strip.layout && s->strip.layout->n == 1; }

/* The channels strip s plays: its layout's; else a bus's two, a track's
 * its regions' (two where one is stereo). */
static int strip_channels(const sp_mix_strip *s)
{
  if (s->strip.layout)
    return s->strip.layout->n;
  bool stereo = s->kind != SP_MIX_TRACK || s->stereo;
  for (size_t k = 0; k < s->n_regions; k++)
    stereo |= s->regions[k].stereo;
  return stereo ? 2 : 1;
}

/* Whether strip s (wide: of more than two channels) is folded into d, a
 * destination whose gains (has_gains) are s's own or not: wide, into
 * another layout; of two channels, into a mono one no gains place. */
static bool folds_into(const sp_mix_strip *s, bool wide, const sp_mix_strip *d, bool has_gains)
{
  return wide ? d->strip.layout != s->strip.layout : !has_gains && is_mono(d);
}

/* The first of s's destinations (its output, then its sends') its
 * channels are folded into (folds_into); NULL: none. A mono bus (one
 * input) is panned. */
static const sp_mix_strip *fold_into(sp_mix *m, const sp_mix_strip *s)
{
  const bool wide = s->strip.layout && s->strip.layout->n > 2;
  if (!wide && strip_channels(s) != 2)
    return NULL;
  const sp_mix_strip *to = s->strip.to ? sp_mix_find(m, s->strip.to) : &m->master;
  if (to && !s->strip.to_none && folds_into(s, wide, to, s->has_gains))
    return to;
  for (size_t k = 0; k < s->n_sends; k++) {
    const sp_mix_strip *d = sp_mix_find(m, s->sends[k].send.to);
    if (d && folds_into(s, wide, d, s->sends[k].has_gains))
      return d;
  }
  return NULL;
}

sp_err sp_mix_finish(sp_mix *m, const char *stems)
{
  names t = {0};
  /* a recipe's master has no mute (docs/recipe.md): a session's master
   * muted, or its mute moving, is a loss, not a key the recipe refuses */
  if (m->master.strip.mute || m->master.strip.mutes.n) {
    sp_mix_loss(m, &m->master, "master",
                "%s: a recipe's master has no mute, so the render is heard where the "
                "session's export is silent; unmute master in the session, or mute its tracks",
                m->master.strip.mute ? "muted" : "its mute automation");
    m->master.strip.mute = false;
    sp_auto_free(&m->master.strip.mutes);
    m->master.strip.mutes = (sp_auto){0};
  }
  solo_as_the_daw(m);
  leave_out_silent_tracks(m);
  mark_left_out_fed(m);
  /* Mute points where a mute or the solo silences the strip (the solo's
   * silence takes them too, as Ardour's MuteMaster): written there. */
  bool soloing = false;
  for (size_t i = 0; i < m->n_strips; i++)
    soloing |= m->strips[i].strip.solo;
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (!s->strip.mute && !s->strip.mutes.n &&
        !(soloing && s->kind == SP_MIX_TRACK && !s->strip.solo))
      s->strip.mute_points = 0;
  }
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    s->name = make_name(&t, s->title, s->kind == SP_MIX_TRACK ? "track" : "bus");
    if (strcmp(s->name, s->title) != 0)
      sp_mix_note(s, "'%s' in the session", s->title);
  }
  const char *spec = stems ? stems : "groups";
  sp_err rc = SP_OK;
  if (strcmp(spec, "none") == 0) {
    m->stems_how = sp_xstrdup("no stems (--stems none): only the mix is printed");
  } else if (strcmp(spec, "tracks") == 0 || strcmp(spec, "groups") == 0) {
    /* chosen on the recipe (io/session/import.c, stems_by_rule) */
    m->stems_how = sp_xstrdup(spec[0] == 'g' ? "stems from the session's structure: each "
                                               "top-level group or bus a stem, each track "
                                               "straight to master a stem of its own "
                                               "(stemprint import --stems changes this)"
                                             : "a stem per track (--stems tracks)");
  } else {
    m->stems_how = sp_xasprintf("stems as listed (--stems '%s')", spec);
    rc = stems_listed(m, spec);
  }
  sp_free_strings(t.v, t.n);

  /* A strip of more than two channels into a destination of another
   * layout, or of two into a mono one (a DAWproject channel of one audio
   * channel) that no gains of its own place: folded by BS.775, the only
   * downmix a recipe names without levels of its own. */
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    const sp_mix_strip *into = fold_into(m, s);
    if (into) {
      s->strip.has_fold = true;
      s->strip.fold = sp_fold_default();
      sp_mix_note(s,
                  "folded into '%s' (%s) by ITU-R BS.775 (fold: bs775); the session names no "
                  "downmix, and its DAW's own may differ",
                  into == &m->master ? "master" : into->title,
                  into->strip.layout ? into->strip.layout->name : "stereo");
    }
  }

  /* Routing and members by name from here on. */
  for (size_t i = 0; i <= m->n_strips; i++) {
    sp_mix_strip *s = i < m->n_strips ? &m->strips[i] : &m->master;
    by_name(m, &s->strip.to, NULL);
    for (size_t k = 0; k < s->n_inserts; k++)
      by_name(m, &s->inserts[k].key, NULL);
    for (size_t k = 0; k < s->n_sends; k++)
      by_name(m, &s->sends[k].send.to, "?");
  }
  for (size_t k = 0; k < m->n_stems; k++)
    for (size_t j = 0; j < m->stems[k].n_members; j++)
      by_name(m, &m->stems[k].members[j], "?");
  return rc;
}

/* ---- the recipe's text: through the recipe writer (core/recipe/writer.h) - */

sp_mix_number sp_mix_num(double v)
{
  sp_mix_number n;
  sp_number_text(v, n.text);
  return n;
}
