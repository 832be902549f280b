/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's recipe built from what its reader read, with no recipe text
 * (io/session/session_build.h): each value set as the parser sets it from
 * the text sp_mix_yaml would write, and checked as it checks it: a value
 * out of its row's range said as the parser says it (the same rule,
 * core/recipe/build.h), at its recipe path, and left out. What the
 * builder cannot set so (another value the parser would refuse, a form it
 * does not build yet) declines the build: the text path reads the session
 * then, and says what it says. */

#include "io/session/session_build.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
  sp_recipe *r;
  bool declined;
  sp_diags *said; /* what the parser says of the session's values */
  /* the path the points of the timed value being built are written at,
   * their values out of range said there (NULL: declined); refused: one
   * was, the value left out */
  const char *points_at;
  bool refused;
} builder;

/* The build declines (why: for a reader of this file; not said). */
static bool decline(builder *b, const char *why)
{
  (void)why;
  b->declined = true;
  return false;
}

/* ---- values -------------------------------------------------------------- */

/* A plain number in seconds, as `sp_write_number` writes it and a time
 * reads it. */
static bool seconds(builder *b, double v, sp_time *t)
{
  if (!(v >= 0 && v <= SP_MAX_SECONDS))
    return decline(b, "a time the parser refuses");
  *t = (sp_time){.seconds = v};
  return true;
}

/* "%.0f smp", as the writer writes a frame. */
static bool frames(builder *b, double v, sp_time *t)
{
  const double f = nearbyint(v);
  if (!(f >= 0 && f <= (double)SP_MAX_FRAMES))
    return decline(b, "a frame the parser refuses");
  *t = (sp_time){.frames = (int64_t)f, .in_frames = true};
  return true;
}

static bool in_range(builder *b, double v, double min, double max)
{
  return (v >= min && v <= max) || decline(b, "a value out of its row's range");
}

/* v in row's range, else the build declines. */
static bool in_row_range(builder *b, const sp_key_row *row, double v)
{
  return in_range(b, v, row->min, row->max);
}

static const sp_key_row *const tempo_rows = sp_key_rows_tempo;

/* What the parser says of the value key of the object at path (why), said
 * at its path: the text import writes places it there (at the object,
 * where the value is left out). master, left with no key, is in no place
 * of that text: declined. */
static void say_at(builder *b, const char *kp, const char *why)
{
  if (strncmp(kp, "master.", 7) == 0) {
    decline(b, "a value of master's the parser refuses");
    return;
  }
  sp_diags_error(b->said, SP_ERR_USAGE, b->r->file, (sp_pos){1, 1}, kp, "%s", why);
}

static void say(builder *b, const char *path, const char *key, const char *why)
{
  char *kp = sp_xasprintf("%s.%s", path, key);
  say_at(b, kp, why);
  free(kp);
}

/* Whether v, key of the object at path, is in its row's range; else the
 * parser's message of it said at its path (the value left out: false).
 * bare: written as a plain number. A value the text cannot write as a
 * number (not finite, but -inf) declines. */
static bool in_row(builder *b, const char *path, const char *key, const sp_key_row *row, double v,
                   bool bare)
{
  char why[320];
  if (isnan(v) || v == INFINITY)
    return decline(b, "a value the text writes as no number");
  if (sp_build_in_row(row, v, bare, why, sizeof why))
    return true;
  say(b, path, key, why);
  return false;
}

/* A tempo map as the writer writes it and the parser reads it back (a
 * constant quarter-note tempo, or points at seconds and beats). */
static bool tempo(builder *b, const sp_tempo_map *m, sp_tempo_map **out)
{
  const sp_tempo_point *p0 = m->t;
  sp_tempo_map *t = sp_xcalloc(1, sizeof *t);
  *t = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(m->n ? m->n : 1, sizeof *t->t)};
  *out = t;
  if (m->n == 1 && !p0->ramped && p0->note_type == 4) {
    if (!in_row_range(b, &tempo_rows[SP_KEY_TEMPO_BPM], p0->npm))
      return false;
    t->t[0] = sp_tempo_point_make(0, 0, p0->npm, 4, 0, false, SP_TEMPO_SUPERCLOCK);
    t->n = 1;
    return true;
  }
  if (m->n == 0 || m->n > SP_TEMPO_MAP_MAX)
    return decline(b, "a tempo map the parser refuses");
  for (size_t i = 0; i < m->n; i++) {
    const sp_tempo_point *p = &m->t[i];
    const double at = (double)p->sclock / (double)m->scps;
    const double beat = (double)p->quarters / SP_TEMPO_BEAT_TICKS;
    const double note = p->note_type, omega = p->ramped ? p->omega : 0;
    if (!(at >= 0 && at <= SP_MAX_SECONDS) || !in_row_range(b, &tempo_rows[SP_KEY_TEMPO_BEAT], beat) ||
        !in_row_range(b, &tempo_rows[SP_KEY_TEMPO_BPM], p->npm) ||
        !in_row_range(b, &tempo_rows[SP_KEY_TEMPO_NOTE], note) ||
        !in_row_range(b, &tempo_rows[SP_KEY_TEMPO_OMEGA], omega))
      return decline(b, "a tempo point the parser refuses");
    const int64_t sclock = llround(at * SP_TEMPO_SUPERCLOCK);
    const int64_t quarters = llround(beat * SP_TEMPO_BEAT_TICKS);
    const sp_tempo_point *prev = i ? &t->t[i - 1] : NULL;
    if (prev ? sclock <= prev->sclock || quarters <= prev->quarters : sclock != 0 || quarters != 0)
      return decline(b, "a tempo map out of order");
    t->t[t->n++] =
        sp_tempo_point_make(sclock, quarters, p->npm, (int)note, omega, omega != 0,
                            SP_TEMPO_SUPERCLOCK);
  }
  return true;
}

/* How a timed value's points read. */
typedef struct kind {
  double min, max;
  bool db;     /* values in dB (else plain numbers) */
  bool level;  /* a fader's or send's level: ramp, interpolation, tempo, start, vca */
  bool envelope; /* a region's envelope: ramp (db, ardour) alone */
  bool pan;    /* {tempo, points} */
} kind;

static const kind level_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, true, false, false};
static const kind envelope_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, false, true, false};
static const kind pan_kind = {-SP_BUILD_PAN_MAX, SP_BUILD_PAN_MAX, false, false, false, true};
static const kind vca_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, false, false, true};

/* Whether a, key of the object at path, is a constant (no points) out of
 * k's range: then the parser's message of it said at its path, the value
 * left out. A constant the text cannot write as a number declines. */
static bool constant_refused(builder *b, const char *path, const char *key, const sp_mix_auto *a,
                             const kind *k)
{
  const double v = a->value;
  if (a->n || (v >= k->min && v <= k->max) || isnan(v) || v == INFINITY)
    return false;
  char why[320];
  sp_range_text(v, k->db ? SP_UNIT_DB : SP_UNIT_NUMBER, k->min, k->max, !k->db, why, sizeof why);
  say(b, path, key, why);
  return true;
}

/* a's points into out (times in frames with in_frames), as get_points
 * reads them: in time order, each value in k's range (one out of it said
 * at b->points_at, as the parser says it, and left out, the value then
 * refused; the next in time order after the last not left out). */
static bool points(builder *b, const sp_mix_auto *a, const kind *k, bool in_frames, sp_auto *out)
{
  const double rate = b->r->sample_rate;
  out->points = sp_xcalloc(a->n, sizeof *out->points);
  for (size_t i = 0; i < a->n; i++) {
    sp_auto_point q;
    if (!(in_frames ? frames(b, a->pts[i].t, &q.t) : seconds(b, a->pts[i].t, &q.t)))
      return false;
    const double v = a->pts[i].v;
    if (b->points_at && !(v >= k->min && v <= k->max) && !isnan(v) && v != INFINITY) {
      char why[320], *vp = sp_xasprintf("%s[%zu][1]", b->points_at, i);
      sp_range_text(v, k->db ? SP_UNIT_DB : SP_UNIT_NUMBER, k->min, k->max, !k->db, why,
                    sizeof why);
      say_at(b, vp, why);
      free(vp);
      b->refused = true;
      continue;
    }
    if (!in_range(b, v, k->min, k->max))
      return false;
    q.v = v;
    if (out->n && sp_time_frames_exact(q.t, rate) <
                      sp_time_frames_exact(out->points[out->n - 1].t, rate))
      return decline(b, "points out of time order");
    out->points[out->n++] = q;
  }
  if (b->refused || b->declined)
    return false;
  out->value = out->points[0].v;
  return true;
}

static int curve_id(sp_curve_kind which, const char *name)
{
  const sp_curve *c = sp_curve_find(which, name);
  return c ? c->id : -1;
}

/* A timed value of kind k as put_auto writes it and recipe_get_timed
 * reads it back. */
static bool timed(builder *b, const sp_mix_auto *a, const kind *k, sp_auto *out)
{
  *out = (sp_auto){0};
  if (a->n == 0)
    return in_range(b, a->value, k->min, k->max) && (out->value = a->value, true);
  if (a->ramp_ardour || a->ramp_declick) {
    if (!k->level && !(k->envelope && a->ramp_ardour))
      return decline(b, "a ramp where the value takes none");
    if (k->envelope && ((a->interpolation) || a->tempo || a->has_start || a->n_vca))
      return decline(b, "an envelope's key it does not take");
    const int how = curve_id(SP_CURVE_RAMP, a->ramp_declick ? "declick" : "ardour");
    if (how < 0)
      return decline(b, "no such ramp");
    out->ramp = (sp_ramp)how;
    if (a->ramp_ardour && a->interpolation) {
      const int in = curve_id(SP_CURVE_INTERP, a->interpolation);
      if (in < 0 || out->ramp != SP_RAMP_LIST)
        return decline(b, "an interpolation the parser refuses");
      out->interp = (sp_interp)in;
    }
    if (a->ramp_ardour && a->tempo) {
      if (out->ramp != SP_RAMP_LIST || !tempo(b, a->tempo, &out->tempo))
        return false;
    }
    if (a->has_start) {
      if (out->ramp == SP_RAMP_DB ||
          !in_row_range(b, &sp_key_rows_level[SP_KEY_LEVEL_START], a->start_db))
        return false;
      out->has_start = true;
      out->start_db = a->start_db;
    }
  } else if (a->tempo) {
    if (!k->pan)
      return decline(b, "a tempo where the value takes none");
    if (!tempo(b, a->tempo, &out->tempo))
      return false;
  }
  if (!points(b, a, k, a->ramp_declick, out))
    return false;
  const char *why = NULL;
  if (out->interp == SP_INTERP_LOGARITHMIC && sp_build_log_gap(out, &why))
    return decline(b, why);
  if (a->n_vca) {
    if (out->ramp != SP_RAMP_LIST || a->n_vca > SP_AUTO_MAX_VCA)
      return decline(b, "a VCA's automation the parser refuses");
    out->vca = sp_xcalloc(a->n_vca, sizeof *out->vca);
    for (size_t i = 0; i < a->n_vca; i++) {
      const sp_mix_auto *v = &a->vca[i];
      if (v->n == 0 || v->ramp_ardour || v->ramp_declick || v->n_vca)
        return decline(b, "a VCA's automation the parser refuses");
      sp_auto *c = &out->vca[out->n_vca++]; /* counted: freed with out */
      if (!timed(b, v, &vca_kind, c))
        return false;
      c->ramp = SP_RAMP_LIST;
    }
  }
  if (out->ramp == SP_RAMP_LIST || out->ramp == SP_RAMP_DECLICK)
    out->smooth = sp_xcalloc(1, sizeof *out->smooth);
  return true;
}

/* a, the value of key of the object at path, of kind k, into out as
 * timed builds it: true when set; false when not: left out (*left) where
 * the parser refuses its value (a constant, or points of no tempo and no
 * VCA, out of k's range: each said at its place), else declined. */
static bool timed_key(builder *b, const char *path, const char *key, const sp_mix_auto *a,
                      const kind *k, sp_auto *out, bool *left)
{
  *left = constant_refused(b, path, key, a, k);
  if (*left)
    return false;
  char *pp = NULL;
  if (a->n && !a->n_vca && !a->tempo)
    pp = sp_xasprintf("%s.%s%s", path, key, a->ramp_ardour || a->ramp_declick ? ".points" : "");
  b->points_at = pp;
  const bool ok = timed(b, a, k, out);
  *left = b->refused;
  if (b->refused) {
    sp_auto_free(out);
    *out = (sp_auto){0};
  }
  b->points_at = NULL;
  b->refused = false;
  free(pp);
  return ok;
}

/* A plain name or file as the writer writes it: YAML would read some
 * words written plain as another kind than a string. */
static bool string_ok(builder *b, const char *s)
{
  static const char *const odd[] = {"", "~", "null", "Null", "NULL", NULL};
  for (size_t i = 0; odd[i]; i++)
    if (strcmp(s, odd[i]) == 0)
      return decline(b, "a string YAML reads as another kind");
  return true;
}

/* A name of a track, bus or stem the parser takes (not reserved, and for
 * a stem not a key of `stems:`). */
static bool name_ok(builder *b, const char *s, bool stem)
{
  return (string_ok(b, s) && sp_build_valid_name(s) && strcmp(s, "master") != 0 &&
          strcmp(s, "none") != 0 && !(stem && strcmp(s, "split") == 0)) ||
         decline(b, "a name the parser refuses");
}

/* ---- regions ------------------------------------------------------------- */

/* A fade's points (curve or inverse) as fade_points reads them. */
static bool fade_points(builder *b, const sp_mix_auto *a, size_t min_n, bool inverse, sp_auto *out)
{
  if (a->n < min_n || a->ramp_ardour || a->ramp_declick || a->tempo || a->n_vca)
    return decline(b, "a fade's points the parser refuses");
  const kind gains = {0.0, inverse ? 2.0 : 1.0, false, false, false, false};
  if (!timed(b, a, &gains, out))
    return false;
  const double rate = b->r->sample_rate;
  if (sp_time_seconds(out->points[0].t, rate) != 0 && !inverse)
    return decline(b, "a fade curve not from 0");
  for (size_t i = 1; i < out->n; i++)
    if (!(sp_time_seconds(out->points[i].t, rate) > sp_time_seconds(out->points[i - 1].t, rate)))
      return decline(b, "a fade's points at one time");
  return true;
}

/* A region's fade as put_fade writes it and get_fade reads it. */
static bool fade(builder *b, double len, bool ardour, const sp_mix_auto *curve, bool saved,
                 const sp_mix_auto *inverse, sp_fade *f)
{
  *f = (sp_fade){0};
  if (!ardour && curve->n < 2 && len <= 0)
    return true; /* not written */
  f->shape = SP_FADE_RAMP;
  if (ardour) {
    f->length = (sp_time){.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
    f->shape = SP_FADE_DEFAULT;
  } else if (curve->n >= 2) {
    if (!fade_points(b, curve, 2, saved, &f->curve))
      return false;
    f->length = f->curve.points[f->curve.n - 1].t;
    f->shape = saved ? SP_FADE_POINTS : SP_FADE_CURVE;
  } else if (!seconds(b, len, &f->length)) {
    return false;
  }
  return inverse->n == 0 || fade_points(b, inverse, 1, true, &f->inverse);
}

static bool region(builder *b, sp_track *t, const char *tpath, const sp_mix_region *m)
{
  const size_t i = t->n_regions;
  char *path = sp_xasprintf("%s.regions[%zu]", tpath, i);
  sp_region *g = sp_build_region(t);
  bool ok = true;
  if (m->n_files > 1) {
    if (m->n_files > SP_MAX_CHANNELS || m->midi || m->channel)
      ok = decline(b, "files the parser refuses");
    for (size_t k = 0; ok && k < m->n_files; k++)
      ok = string_ok(b, m->files[k]);
    if (ok)
      sp_build_region_files(b->r, g, path, (const char *const *)m->files, m->n_files);
  } else {
    ok = string_ok(b, m->file);
    if (ok)
      sp_build_region_file(b->r, g, path, m->file, m->midi);
  }
  g->midi = m->midi;
  if (m->midi && (m->fade_in_ardour || m->fade_out_ardour || m->fade_in > 0 || m->fade_out > 0 ||
                  m->fade_in_curve.n >= 2 || m->fade_out_curve.n >= 2 || m->gain_db != 0 ||
                  m->envelope.n || m->opaque))
    ok = decline(b, "a MIDI region's audio keys");
  if (!m->midi && (m->keep_channels || m->force_channel))
    ok = decline(b, "an audio region's MIDI keys");
  const sp_key_row *rows = sp_key_rows_region;
  if (ok && m->channel &&
      in_row(b, path, "channel", &rows[SP_KEY_REGION_CHANNEL], m->channel, true))
    g->channel = m->channel;
  g->keep_channels = m->keep_channels & 0xFFFFu;
  if (ok && m->force_channel &&
      in_row(b, path, "force_channel", &rows[SP_KEY_REGION_FORCE_CHANNEL], m->force_channel, true))
    g->force_channel = m->force_channel;
  ok = ok && seconds(b, m->at, &g->at);
  if (ok && m->n_warp) {
    if (m->n_warp < 2)
      ok = decline(b, "a warp of one point");
    g->stretch.src = sp_xcalloc(m->n_warp, sizeof *g->stretch.src);
    g->stretch.at = sp_xcalloc(m->n_warp, sizeof *g->stretch.at);
    for (size_t k = 0; ok && k < m->n_warp; k++) {
      ok = seconds(b, m->warp_src[k], &g->stretch.src[k]) &&
           seconds(b, m->warp_at[k], &g->stretch.at[k]);
      if (ok && (k == 0 ? m->warp_at[0] != 0
                        : m->warp_src[k] <= m->warp_src[k - 1] || m->warp_at[k] <= m->warp_at[k - 1]))
        ok = decline(b, "a warp the parser refuses");
      g->stretch.n = k + 1;
    }
    g->stretch.on = true;
  } else if (ok) {
    ok = seconds(b, m->from, &g->from);
  }
  ok = ok && seconds(b, m->length, &g->length);
  g->has_length = true;
  g->opaque = m->opaque;
  if ((m->fade_in_inverse.n || m->fade_out_inverse.n) && !m->opaque && !m->midi)
    ok = decline(b, "an inverse fade on a region not opaque");
  ok = ok &&
       fade(b, m->fade_in, m->fade_in_ardour, &m->fade_in_curve, m->fade_in_saved,
            &m->fade_in_inverse, &g->fade_in) &&
       fade(b, m->fade_out, m->fade_out_ardour, &m->fade_out_curve, m->fade_out_saved,
            &m->fade_out_inverse, &g->fade_out);
  if (ok && m->gain_db != 0 && in_row(b, path, "gain", &rows[SP_KEY_REGION_GAIN], m->gain_db, false))
    g->gain_db = m->gain_db;
  ok = ok && !b->declined;
  bool left = false;
  if (ok && m->envelope.n)
    ok = timed_key(b, path, "envelope", &m->envelope, &envelope_kind, &g->envelope, &left) || left;
  if (ok && i > 0 && g->midi != t->regions[0].midi)
    ok = decline(b, "a track of audio and MIDI");
  free(path);
  return ok;
}

/* ---- strips -------------------------------------------------------------- */

/* A tap as put_tap writes it and get_tap reads it (below, with the sends). */
static bool tap(builder *b, bool post, bool fader, size_t after, sp_tap *t);

/* ---- inserts ------------------------------------------------------------- */
/* Each insert as the parser reads the text put_insert writes of it
 * (recipe_parse_insert), step for step: each value read by the parser's
 * own rule (core/recipe/build.h, build_insert.h), what one refuses said at
 * its path as the parser says it, and left out as the parser leaves it. */

/* v as the text writes it, as a rule reads it: a scalar's text (a
 * number's made in buf), or its form ("a list"); NULL: a mapping of no
 * points (a sidechain key's). */
static sp_written written(const sp_mix_value *v, char *buf, size_t size)
{
  if (!v)
    return (sp_written){"a mapping", "", false};
  switch (v->kind) {
  case SP_MIX_NUMBER: {
    const char *un = v->bare ? "" : sp_unit_name(v->unit);
    snprintf(buf, size, "%s%s%s", sp_mix_num(v->number).text, *un ? " " : "", un);
    return (sp_written){NULL, buf, false};
  }
  case SP_MIX_WORD: return (sp_written){NULL, v->text, false};
  case SP_MIX_BOOL: return (sp_written){NULL, v->on ? "true" : "false", false};
  case SP_MIX_STRING: return (sp_written){NULL, v->text, true};
  case SP_MIX_POINTS:
    return (sp_written){v->points->linear || v->points->tempo ? "a mapping" : "a list", "", false};
  case SP_MIX_NAMES:
  case SP_MIX_BANDS: break;
  }
  return (sp_written){"a list", "", false};
}

/* What a message says v was written as: its form, or "a single value". */
static const char *form(const sp_mix_value *v)
{
  char buf[96];
  const char *got = written(v, buf, sizeof buf).kind;
  return got ? got : "a single value";
}

/* Whether v, a word or a string, is written as the text it holds (one
 * YAML reads as another kind: declined); a quoted one always is. */
static bool text_ok(builder *b, const sp_mix_value *v)
{
  return !v || v->kind != SP_MIX_WORD || string_ok(b, v->text);
}

/* Whether v is written as a list (its items, n_items). */
static bool a_list(const sp_mix_value *v, size_t *n_items)
{
  const bool list = v && (v->kind == SP_MIX_NAMES || v->kind == SP_MIX_BANDS ||
                          (v->kind == SP_MIX_POINTS && !v->points->linear && !v->points->tempo));
  if (list)
    *n_items = v->kind == SP_MIX_NAMES   ? v->n_names
               : v->kind == SP_MIX_BANDS ? v->n_bands
                                         : v->points->n;
  return list;
}

/* Item i of list v as written: a name's text, or its form. */
static sp_written item(const sp_mix_value *v, size_t i)
{
  if (v->kind == SP_MIX_NAMES)
    return (sp_written){NULL, v->names[i], false};
  return (sp_written){v->kind == SP_MIX_BANDS ? "a mapping" : "a list", "", false};
}

/* The kind of a moving value, as the parser reads its points: a
 * parameter's (pr of cls), or a bypass's (pr NULL); its words for its
 * messages (core/recipe/build.h). */
typedef struct moving {
  const sp_proc_class *cls;
  const sp_param *pr;
  const char *first, *second, *want, *what;
  bool hold, constant;
  const char *const *keys; /* of its mapping; NULL: it has none */
} moving;

static const char *const bypass_keys[] = {"points", "tempo", NULL};
static const char *const port_keys[] = {"points", "ramp", "tempo", NULL};

/* Point i of p's value, as k reads it, into *v; else said at vp. */
static bool point_value(builder *b, const moving *k, const sp_mix_points *p, size_t i,
                        const char *vp, double *v)
{
  char buf[96], why[1024];
  const char *un = sp_unit_name(p->unit);
  snprintf(buf, sizeof buf, "%s%s%s", sp_mix_num(p->pts[i].v).text, *un ? " " : "", un);
  const sp_written w = {NULL,
                        p->kind == SP_MIX_PTS_SWITCHES ? (p->pts[i].v != 0 ? "true" : "false")
                        : p->kind == SP_MIX_PTS_LABELS ? p->labels[i]
                                                       : buf,
                        p->kind == SP_MIX_PTS_LABELS};
  bool ok, on = false;
  if (!k->pr || k->pr->kind == SP_PARAM_BOOL) {
    ok = sp_written_bool(w, &on, why, sizeof why);
    *v = on ? 1.0 : 0.0;
  } else if (k->pr->kind == SP_PARAM_CHOICE) {
    ok = sp_param_choice_of(k->cls, k->pr, w, v, why, sizeof why) == SP_OK;
  } else {
    ok = sp_written_value(w, k->pr->unit, k->pr->min, k->pr->max, v, why, sizeof why);
  }
  if (!ok)
    say_at(b, vp, why);
  return ok;
}

/* A list v of another shape than points read as k's points (at path):
 * refused as the parser refuses it. */
static void not_points(builder *b, const moving *k, const sp_mix_value *v, const char *path)
{
  char why[1024];
  size_t n = 0;
  a_list(v, &n);
  if (v->kind == SP_MIX_NAMES || n == 0) {
    sp_build_points_flat((const char *const *)v->names, v->kind == SP_MIX_NAMES ? n : 0, k->want,
                         k->first, k->second, k->constant, why, sizeof why);
    say_at(b, path, why);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    char *pp = sp_xasprintf("%s[%zu]", path, i);
    sp_build_point_shape(k->want, k->first, "a mapping", why, sizeof why);
    say_at(b, pp, why);
    free(pp);
  }
}

/* p's points (at path) as the parser reads a list of points of kind k
 * (held as steps unless linear, where k holds), into *out; false: each
 * refused said at its place (or declined). */
static bool moving_points(builder *b, const moving *k, const sp_mix_points *p, bool linear,
                          const char *path, sp_auto *out)
{
  char why[512];
  if (p->n == 0) {
    sp_build_points_flat(NULL, 0, k->want, k->first, k->second, k->constant, why, sizeof why);
    say_at(b, path, why);
    return false;
  }
  const bool hold = k->hold && !linear;
  const double rate = b->r->sample_rate;
  out->points = sp_xcalloc(hold ? 2 * p->n : p->n, sizeof *out->points);
  bool ok = true;
  for (size_t i = 0; i < p->n && !b->declined; i++) {
    char *tp = sp_xasprintf("%s[%zu][0]", path, i), *vp = sp_xasprintf("%s[%zu][1]", path, i);
    sp_auto_point q;
    bool good = p->frames ? frames(b, p->pts[i].t, &q.t) : seconds(b, p->pts[i].t, &q.t);
    good = good && point_value(b, k, p, i, vp, &q.v);
    /* in frames, as the render reads them (get_points) */
    const sp_auto_point *prev = out->n ? &out->points[out->n - 1] : NULL;
    if (good && prev && !sp_build_in_order(prev->t, q.t, rate, why, sizeof why)) {
      say_at(b, tp, why);
      good = false;
    }
    if (good && hold && prev) /* the setting before held up to this point */
      out->points[out->n++] = (sp_auto_point){q.t, prev->v};
    if (good)
      out->points[out->n++] = q;
    ok &= good;
    free(tp);
    free(vp);
  }
  if (!ok || b->declined) {
    sp_auto_free(out);
    return false;
  }
  out->value = out->points[0].v;
  return true;
}

/* p (at path), a moving value of kind k, as recipe_get_timed reads it: a
 * list of points, or a mapping of them with its ramp and tempo (its keys
 * it does not take said), into *out; false: refused, said (or declined). */
static bool moving_value(builder *b, const moving *k, const sp_mix_points *p, const char *path,
                         sp_auto *out)
{
  memset(out, 0, sizeof *out);
  if (!p->linear && !p->tempo)
    return moving_points(b, k, p, false, path, out);
  static const char *const written_keys[] = {"ramp", "tempo"};
  const bool given[] = {p->linear, p->tempo != NULL};
  for (size_t i = 0; i < 2; i++)
    if (given[i] && !sp_build_in_list(written_keys[i], k->keys)) {
      char *kp = sp_xasprintf("%s.%s", path, written_keys[i]);
      char *unknown = sp_build_unknown_key(written_keys[i], k->keys, k->what);
      say_at(b, kp, unknown);
      free(unknown);
      free(kp);
    }
  const bool linear = p->linear && sp_build_in_list("ramp", k->keys);
  sp_tempo_map *map = NULL;
  if (p->tempo && sp_build_in_list("tempo", k->keys) && !tempo(b, p->tempo, &map))
    return false;
  char *pp = sp_xasprintf("%s.points", path);
  const bool ok = moving_points(b, k, p, linear, pp, out);
  free(pp);
  if (!ok) {
    sp_tempo_map_free(map);
    return false;
  }
  out->ramp = linear ? SP_RAMP_LINEAR : SP_RAMP_DB;
  out->tempo = map;
  return true;
}

/* Value v (NULL: a mapping of no points) of parameter k of ins's class,
 * on set `set` (a band; 0), at kp, as parse_param reads it: moving, or
 * one value, set through the insert setter; what is refused said. false:
 * declined. */
static bool param(builder *b, sp_insert *ins, size_t set, int k, const char *kp,
                  const sp_mix_value *v)
{
  const sp_proc_class *cls = ins->cls;
  const sp_param *pr = &cls->params[k];
  const bool autos = ins->automation != NULL, moves = (cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  size_t n;
  const bool list = a_list(v, &n), map = v && v->kind == SP_MIX_POINTS && !list;
  char why[1024], buf[96];
  if (!text_ok(b, v))
    return false;
  if (map && !(autos && moves && !sp_param_is_file(pr))) {
    sp_param_no_map(cls, k, autos, why, sizeof why);
    say_at(b, kp, why);
    return true;
  }
  const sp_err e = list || map ? sp_param_may_move(cls, k, autos, why, sizeof why) : SP_ERR_IO;
  if (e == SP_ERR_USAGE) {
    say_at(b, kp, why);
    return true;
  }
  sp_ival x = {.kind = SP_IVAL_POINTS};
  if (e == SP_OK) {
    sp_param_moving w;
    sp_param_moving_words(cls, k, &w);
    const moving mk = {.cls = cls,
                       .pr = pr,
                       .first = w.first,
                       .second = w.second,
                       .want = *w.want ? w.want : NULL,
                       .what = "a moving parameter",
                       .hold = pr->kind != SP_PARAM_NUMBER,
                       .keys = moves ? port_keys : NULL};
    if (v->kind != SP_MIX_POINTS) {
      not_points(b, &mk, v, kp);
      return true;
    }
    if (!moving_value(b, &mk, v->points, kp, &x.moving))
      return !b->declined;
  } else if (sp_param_read(cls, k, written(v, buf, sizeof buf), b->r->sample_rate, &x, why,
                           sizeof why) != SP_OK) {
    say_at(b, kp, why);
    return true;
  }
  char *file = x.kind == SP_IVAL_FILE ? sp_build_resolve(b->r, x.file) : NULL;
  if (file)
    x.file = file;
  if (sp_insert_set(ins, set, pr->name, &x, b->r->sample_rate, why, sizeof why) != SP_OK)
    say_at(b, kp, why);
  free(file);
  return true;
}

/* keys[0..n) of an insert (values[i] NULL: a mapping of no points), at
 * path, on set `set` of ins, as parse_param_set reads a mapping of them
 * (extra, elsewhere: the keys besides parameters it takes, and those said
 * elsewhere; NULL for a band): held and unknown keys said, each parameter
 * read, the required ones checked (*complete false when one is missing).
 * false: declined. */
static bool param_set(builder *b, sp_insert *ins, size_t set, const char *path,
                      const char *const *keys, const sp_mix_value *const *values, size_t n,
                      const char *const *extra, const char *const *elsewhere, bool *complete)
{
  const sp_proc_class *cls = ins->cls;
  size_t n_extra = 0;
  while (extra && extra[n_extra])
    n_extra++;
  const char **allowed = sp_xcalloc(cls->n_params + n_extra + 1, sizeof *allowed);
  for (size_t k = 0; k < cls->n_params; k++)
    allowed[k] = cls->params[k].name;
  for (size_t e = 0; e < n_extra; e++)
    allowed[cls->n_params + e] = extra[e];
  char what[96], why[1024];
  snprintf(what, sizeof what, "the parameters of '%s'", cls->name);
  for (size_t i = 0; i < n; i++) { /* held first, then unknown (not said elsewhere) */
    if (sp_build_in_list(keys[i], allowed))
      continue;
    if (!sp_insert_held(cls, keys[i], why, sizeof why)) {
      if (sp_build_in_list(keys[i], elsewhere))
        continue;
      char *unknown = sp_build_unknown_key(keys[i], allowed, what);
      snprintf(why, sizeof why, "%s", unknown);
      free(unknown);
    }
    char *kp = sp_xasprintf("%s.%s", path, keys[i]);
    say_at(b, kp, why);
    free(kp);
  }
  free(allowed);
  bool ok = true;
  for (size_t k = 0; ok && k < cls->n_params; k++)
    for (size_t i = 0; ok && i < n; i++)
      if (strcmp(keys[i], cls->params[k].name) == 0) {
        char *kp = sp_xasprintf("%s.%s", path, keys[i]);
        ok = param(b, ins, set, (int)k, kp, values[i]);
        free(kp);
        break;
      }
  for (size_t k = 0; ok && k < cls->n_params; k++)
    if (sp_insert_needs(cls, k, keys, n, why, sizeof why)) {
      say_at(b, path, why);
      *complete = false;
    }
  return ok;
}

/* The keys of x's mapping as the text writes them (its sidechain key
 * last, a mapping of no points), keys[0..*n) and values: to free. */
static void map_of(const sp_mix_insert *x, const char ***keys, const sp_mix_value ***values,
                   size_t *n)
{
  *n = x->n + (x->key != NULL);
  *keys = sp_xcalloc(*n + 1, sizeof **keys);
  *values = sp_xcalloc(*n + 1, sizeof **values);
  for (size_t i = 0; i < x->n; i++) {
    (*keys)[i] = x->keys[i];
    (*values)[i] = &x->values[i];
  }
  if (x->key)
    (*keys)[x->n] = "key";
}

/* List v of names (what they are, each a string) at kp, as
 * recipe_get_channels reads it, into *out (those it takes, *n). */
static void names(builder *b, const sp_mix_value *v, const char *kp, const char *what, char ***out,
                  size_t *n)
{
  char why[512], buf[96];
  size_t k = 1;
  const bool list = a_list(v, &k);
  if ((!list && written(v, buf, sizeof buf).kind) || k == 0 || k > SP_MAX_CHANNELS) {
    sp_build_names_refused(what, why, sizeof why);
    say_at(b, kp, why);
    return;
  }
  *out = sp_xcalloc(k, sizeof **out);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    const sp_written w = list ? item(v, i) : written(v, buf, sizeof buf);
    if (!w.kind && !w.quoted && !string_ok(b, w.text))
      return;
    if (sp_written_string(w, "a channel's name (L, R, C, LFE, Ls ...)", why, sizeof why)) {
      (*out)[(*n)++] = sp_xstrdup(w.text);
    } else {
      char *ip = list ? sp_xasprintf("%s[%zu]", kp, i) : sp_xstrdup(kp);
      say_at(b, ip, why);
      free(ip);
    }
  }
}

/* x's sidechain key on ins (at kp), as parse_key reads the mapping
 * put_insert writes of it. */
static bool insert_key(builder *b, const sp_mix_insert *x, const char *kp, sp_insert *ins)
{
  if (!string_ok(b, x->key))
    return false;
  ins->key_from = sp_xstrdup(x->key);
  if (x->key_level_db != 0 &&
      in_row(b, kp, "level", &sp_key_rows_key[SP_KEY_KEY_LEVEL], x->key_level_db, false))
    ins->key_level_db = x->key_level_db;
  ins->key_panned = x->key_panned;
  return !b->declined && tap(b, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
}

/* The value of key in x's mapping (keys[0..n)), or NULL. */
static const sp_mix_value *value_of(const sp_mix_insert *x, size_t n, const char *key, bool *has)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(x->keys[i], key) == 0) {
      *has = true;
      return &x->values[i];
    }
  *has = false;
  return NULL;
}

/* An insert's own keys in x's mapping (keys[0..n)), as parse_insert_own
 * reads them: bypass, key, feed and widen, channels and detect, and bands
 * where its class has none. false: declined. */
static bool insert_own(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                       sp_insert *ins)
{
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = value_of(x, n, "bypass", &has);
  char *kp = sp_xasprintf("%s.bypass", ipath);
  size_t items;
  if (!text_ok(b, v))
    return false;
  if (v && v->kind != SP_MIX_POINTS && !a_list(v, &items)) {
    if (!sp_written_bool(written(v, buf, sizeof buf), &ins->bypass, why, sizeof why))
      say_at(b, kp, why);
  } else if (v) {
    static const moving mk = {.first = "false",
                              .second = "true",
                              .want = SP_BUILD_BYPASS_WANT,
                              .what = "a moving bypass",
                              .constant = true,
                              .keys = bypass_keys};
    if (v->kind != SP_MIX_POINTS)
      not_points(b, &mk, v, kp);
    else
      moving_value(b, &mk, v->points, kp, &ins->bypasses);
  }
  free(kp);
  sp_insert_bypass_fix(ins);
  bool ok = !b->declined;
  if (ok && x->key) {
    kp = sp_xasprintf("%s.key", ipath);
    if (cls->flags & SP_PROC_TAKES_KEY) {
      ok = insert_key(b, x, kp, ins);
    } else {
      sp_insert_not_taken(cls, "key", why, sizeof why);
      say_at(b, kp, why);
    }
    free(kp);
  }
  static const char *const widening[] = {"feed", "widen"};
  for (int i = 0; ok && i < 2; i++) {
    if (!(v = value_of(x, n, widening[i], &has)))
      continue;
    if (!text_ok(b, v))
      return false;
    kp = sp_xasprintf("%s.%s", ipath, widening[i]);
    const sp_written w = written(v, buf, sizeof buf);
    int word = 0;
    bool on = true;
    if (!(cls->flags & SP_PROC_MONO_TO_STEREO))
      sp_insert_not_taken(cls, widening[i], why, sizeof why);
    const sp_key_row *row = &sp_key_rows_insert[SP_KEY_INSERT_FEED];
    if (!(cls->flags & SP_PROC_MONO_TO_STEREO) ||
        !(i == 0 ? sp_written_word(row, w, &word, why, sizeof why)
                 : sp_written_bool(w, &on, why, sizeof why)))
      say_at(b, kp, why);
    else if (i == 0)
      ins->feed = (sp_mono_feed)row->values[word];
    else
      ins->keep_mono = !on; /* widen: false keeps it mono */
    free(kp);
  }
  if (ok && (v = value_of(x, n, "channels", &has))) {
    kp = sp_xasprintf("%s.channels", ipath);
    names(b, v, kp, "the names of the path's channels it runs on", &ins->on, &ins->n_on);
    free(kp);
  }
  if (ok && (v = value_of(x, n, "detect", &has))) {
    kp = sp_xasprintf("%s.detect", ipath);
    if (!(cls->flags & SP_PROC_DETECTOR) || x->key) {
      if (!(cls->flags & SP_PROC_DETECTOR))
        sp_insert_not_taken(cls, "detect", why, sizeof why);
      else
        sp_insert_detect_keyed(why, sizeof why);
      say_at(b, kp, why);
    } else {
      names(b, v, kp, "the names of the channels its detector hears", &ins->detect, &ins->n_detect);
    }
    free(kp);
  }
  if (ok && !(cls->flags & SP_PROC_BANDS) && value_of(x, n, "bands", &has)) {
    kp = sp_xasprintf("%s.bands", ipath);
    sp_insert_not_taken(cls, "bands", why, sizeof why);
    say_at(b, kp, why);
    free(kp);
  }
  return ok && !b->declined;
}

/* A plugin family's preset and state in x's mapping (keys[0..n)), as
 * parse_preset_state reads them (the preset's values first, under the
 * parameters given). false: declined. */
static bool insert_preset(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                          sp_insert *ins)
{
  const sp_proc_family *f = x->proc;
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = f->preset ? value_of(x, n, "preset", &has) : NULL;
  if (v && !text_ok(b, v))
    return false;
  if (v) {
    char *kp = sp_xasprintf("%s.preset", ipath);
    const sp_written w = written(v, buf, sizeof buf);
    const sp_proc_saved *saved = NULL;
    if (w.kind)
      sp_written_string(w, "a preset's URI or label", why, sizeof why);
    if (w.kind || !f->preset(cls, w.text, false, ins->params, &saved, why, sizeof why))
      say_at(b, kp, why);
    else
      ins->saved = saved;
    free(kp);
  }
  v = f->preset ? value_of(x, n, "state", &has) : NULL;
  if (v) {
    const sp_written w = written(v, buf, sizeof buf);
    if (!text_ok(b, v))
      return false;
    if (!sp_written_string(w, "a state file's path (relative to the recipe)", why, sizeof why)) {
      char *kp = sp_xasprintf("%s.state", ipath);
      say_at(b, kp, why);
      free(kp);
      return true;
    }
    ins->state_file = sp_build_resolve(b->r, w.text);
    ins->given = sp_xcalloc(cls->n_params + 1, sizeof *ins->given);
    for (size_t k = 0; k < cls->n_params; k++)
      for (size_t j = 0; j < n; j++)
        ins->given[k] |= strcmp(x->keys[j], cls->params[k].name) == 0;
  }
  return true;
}

/* The class x's insert is of (its mapping's keys[0..n)): its family's, or
 * the one its selector names, one that plays as an instrument where it is
 * one; NULL: none, said as insert_class says it. false: declined. */
static bool insert_class(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                         bool instrument, const sp_proc_class **cls)
{
  const sp_proc_family *f = x->proc;
  bool has = false;
  const sp_mix_value *sel = f->selector ? value_of(x, n, f->selector, &has) : NULL;
  char why[1024], buf[96];
  const sp_written w = sel ? written(sel, buf, sizeof buf) : (sp_written){0};
  char *sp = sel ? sp_xasprintf("%s.%s", ipath, f->selector) : NULL;
  if (!text_ok(b, sel)) {
    free(sp);
    return false;
  }
  *cls = NULL;
  if (sel && w.kind)
    sp_written_string(w, f->selector_help, why, sizeof why);
  else
    *cls = sp_proc_family_class(f, sel ? w.text : NULL, why, sizeof why);
  if (*cls && !sp_insert_plays(*cls, f->name, instrument, why, sizeof why)) {
    *cls = NULL;
    say_at(b, ipath, why);
  } else if (!*cls) {
    say_at(b, sp ? sp : ipath, why);
  }
  free(sp);
  return true;
}

/* The bands of an insert of cls in list (at its path), as band_list and
 * parse_bands read them: refused (said; false), or each band's keys as a
 * mapping of its parameters on its set of ins. */
static bool band_list(builder *b, const sp_proc_class *cls, const sp_mix_value *list,
                      const char *path)
{
  size_t n = 0;
  char why[512];
  const bool seq = a_list(list, &n);
  const bool plain = seq && n > 0 && list->kind == SP_MIX_NAMES;
  if (seq && n > 0 && !plain)
    return true;
  sp_insert_bands_refused(cls,
                          !seq    ? form(list)
                          : plain ? "single values"
                                  : "an empty list",
                          why, sizeof why);
  say_at(b, path, why);
  return false;
}

static bool bands(builder *b, sp_insert *ins, const sp_mix_value *list, const char *path,
                  bool *complete)
{
  bool ok = true;
  for (size_t k = 0; ok && k < ins->n_sets; k++) {
    char *bp = sp_xasprintf("%s[%zu]", path, k), why[512];
    if (list->kind != SP_MIX_BANDS) {
      sp_insert_band_not_map(item(list, k).kind, why, sizeof why);
      say_at(b, bp, why);
    } else {
      const sp_mix_insert *band = &list->bands[k]; /* its value and key: not written */
      const sp_mix_value **values = sp_xcalloc(band->n + 1, sizeof *values);
      for (size_t i = 0; i < band->n; i++)
        values[i] = &band->values[i];
      ok = param_set(b, ins, k, bp, (const char *const *)band->keys, values, band->n, NULL, NULL,
                     complete);
      free(values);
    }
    free(bp);
  }
  return ok;
}

/* Beside `bands` (x's mapping, keys[0..n)), what check_band_map says:
 * keys of none of extra, and a band's parameters. */
static void band_map(builder *b, const sp_proc_class *cls, const char *const *keys, size_t n,
                     const char *ipath, const char *const *extra, const char *const *elsewhere)
{
  char why[1024];
  for (size_t i = 0; i < n; i++) {
    const bool param = sp_proc_param_index(cls, keys[i]) >= 0;
    if (!param && (sp_build_in_list(keys[i], extra) || sp_build_in_list(keys[i], elsewhere)))
      continue;
    char *kp = sp_xasprintf("%s.%s", ipath, keys[i]);
    char *unknown = param ? NULL : sp_build_unknown_key(keys[i], extra, "a band list");
    if (param)
      sp_insert_band_param(keys[i], why, sizeof why);
    say_at(b, kp, unknown ? unknown : why);
    free(unknown);
    free(kp);
  }
}

/* x as the parser reads the text put_insert writes of it, at ipath (its
 * list's place), appended to s's chain (an instrument first in it)
 * unless it lacks a required parameter or has no class; what it refuses
 * said. false: declined. */
static bool insert(builder *b, sp_strip *s, const char *at, const sp_mix_insert *x, bool instrument)
{
  char *ipath = sp_xasprintf("%s.%s", at, x->proc->name);
  /* `NAME: VALUE` holds nothing else: the text of one with keys reads as
   * its value alone */
  const sp_mix_value *one = x->value;
  const char **keys = NULL;
  const sp_mix_value **values = NULL;
  size_t n = 0;
  if (!one)
    map_of(x, &keys, &values, &n);
  const sp_proc_class *cls = NULL;
  bool ok = insert_class(b, x, one ? 0 : x->n, ipath, instrument, &cls);
  if (!ok || !cls) {
    free(keys);
    free(values);
    free(ipath);
    return ok;
  }
  const bool banded = (cls->flags & SP_PROC_BANDS) != 0;
  size_t n_sets = 1, n_items = 0;
  bool has_bands = false;
  const sp_mix_value *list = NULL;
  char *list_path = NULL;
  const bool one_list = one && a_list(one, &n_items);
  if (banded && one_list) {
    list = one;
    list_path = sp_xstrdup(ipath);
  } else if (banded && !one && (list = value_of(x, x->n, "bands", &has_bands))) {
    list_path = sp_xasprintf("%s.bands", ipath);
  }
  if (list && !band_list(b, cls, list, list_path))
    list = NULL;
  if (list)
    a_list(list, &n_sets);
  sp_insert ins;
  sp_insert_begin(&ins, cls, ipath, n_sets);
  bool complete = true;
  if (list)
    ok = bands(b, &ins, list, list_path, &complete);
  else if (!one)
    ok = insert_preset(b, x, x->n, ipath, &ins);
  const char *extra[SP_KEY_INSERT_N + 1], *elsewhere[SP_KEY_INSERT_N + 1];
  sp_insert_keys(x->proc, cls, extra, elsewhere);
  const bool scalar = one && !one_list && one->kind != SP_MIX_POINTS;
  char why[1024];
  if (ok && (scalar || (one_list && !banded)) && cls->primary_param >= 0) {
    ok = param(b, &ins, 0, cls->primary_param, ipath, one);
  } else if (ok && !one) {
    if (banded && has_bands)
      band_map(b, cls, keys, n, ipath, extra, elsewhere);
    else
      ok = param_set(b, &ins, 0, ipath, keys, values, n, extra, elsewhere, &complete);
    ok = ok && insert_own(b, x, x->n, ipath, &ins);
  } else if (ok && one && !one_list && !scalar) { /* a mapping of points alone */
    static const char *const map_keys[] = {"ramp", "tempo", "points"};
    const bool given[] = {one->points->linear, one->points->tempo != NULL, true};
    const char *mk[4];
    const sp_mix_value *mv[4] = {0};
    size_t m = 0;
    for (size_t i = 0; i < 3; i++)
      if (given[i])
        mk[m++] = map_keys[i];
    ok = param_set(b, &ins, 0, ipath, mk, mv, m, extra, elsewhere, &complete);
  } else if (ok && !(one_list && banded)) {
    sp_insert_not_map(cls, form(one), why, sizeof why);
    say_at(b, ipath, why);
    for (size_t k = 0; k < cls->n_params; k++)
      complete &= !cls->params[k].required;
  }
  free(list_path);
  free(keys);
  free(values);
  free(ipath);
  if (!ok || !complete) {
    sp_insert_fini(&ins);
    return ok;
  }
  sp_insert_append(s, &ins);
  if (instrument) { /* first in the chain, as get_instrument puts it */
    const sp_insert first = s->inserts[s->n_inserts - 1];
    memmove(&s->inserts[1], &s->inserts[0], (s->n_inserts - 1) * sizeof *s->inserts);
    s->inserts[0] = first;
    s->instrument = true;
  }
  return true;
}

/* A strip's inserts (and a track's instrument), each built from its
 * typed values (insert). */
static bool inserts(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  bool ok = true;
  if (m->instrument) {
    char *ip = sp_xasprintf("%s.instrument", path);
    ok = insert(b, s, ip, m->instrument, true);
    free(ip);
  }
  for (int post = 0; ok && post < 2; post++) {
    const size_t from = post ? m->n_inserts - m->n_post : 0;
    const size_t to = post ? m->n_inserts : m->n_inserts - m->n_post;
    const size_t before = s->n_inserts;
    for (size_t i = from; ok && i < to; i++) {
      char *ip = sp_xasprintf("%s.%s[%zu]", path, post ? "post_inserts" : "inserts", i - from);
      ok = insert(b, s, ip, &m->inserts[i], false);
      free(ip);
    }
    if (post)
      s->n_post = s->n_inserts - before;
  }
  return ok;
}

/* A gain matrix as put_gains writes it and parse_gains reads it: the
 * channels with a gain not 0, each gain a plain number (-0 written 0). */
static bool gains(builder *b, const sp_mix_gains *m, sp_pan *pn)
{
  const size_t n = m->inputs;
  pn->gain_to = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_to);
  pn->gain_v = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_v);
  pn->gain_n = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_n);
  for (int o = 0; o < m->layout->n; o++) {
    bool any = false;
    for (size_t i = 0; i < n; i++)
      any |= m->g[i][o] != 0;
    if (!any)
      continue;
    double *v = sp_xcalloc(n, sizeof *v);
    pn->gain_to[pn->n_gains] = sp_xstrdup(m->layout->ch[o].name);
    pn->gain_v[pn->n_gains] = v;
    pn->gain_n[pn->n_gains++] = n;
    for (size_t i = 0; i < n; i++) {
      if (!in_range(b, m->g[i][o], -SP_BUILD_GAIN_MAX, SP_BUILD_GAIN_MAX))
        return false;
      v[i] = m->g[i][o] == 0 ? 0.0 : m->g[i][o];
    }
  }
  if (pn->n_gains == 0)
    return decline(b, "a gain matrix of no gains");
  pn->given = true;
  return true;
}

static bool tap(builder *b, bool post, bool fader, size_t after, sp_tap *t)
{
  if (fader && after) {
    if (after > SP_TAP_AFTER_MAX)
      return decline(b, "a tap past its range");
    *t = (sp_tap){.at = SP_TAP_FADER, .after = (unsigned)after};
  } else {
    *t = (sp_tap){.at = !post ? SP_TAP_PRE : fader ? SP_TAP_FADER : SP_TAP_POST};
  }
  return true;
}

static bool sends(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  for (size_t i = 0; i < m->n_sends; i++) {
    const sp_mix_send *x = &m->sends[i];
    if (!string_ok(b, x->to))
      return false;
    sp_send *d = sp_build_send(s, x->to);
    /* its pan first: the parser reads it before its level (its messages
     * in that order) */
    char *xp = sp_xasprintf("%s.sends[%zu]", path, i);
    bool ok = true, left = false;
    if (x->pan_gains) {
      ok = gains(b, x->pan_gains, &d->pan);
    } else if (x->has_pan) {
      d->pan.has = d->pan.given = timed_key(b, xp, "pan", &x->pan, &pan_kind, &d->pan.plain, &left);
      ok = d->pan.has || left;
    }
    ok = ok && (timed_key(b, xp, "level", &x->level, &level_kind, &d->level, &left) || left);
    free(xp);
    if (!ok || !tap(b, !x->pre, x->fader, x->after, &d->tap))
      return false;
  }
  return true;
}

/* The strip's polarity as put_invert writes it and get_polarity reads it. */
static bool polarity(builder *b, const sp_mix_strip *m, sp_polarity *p)
{
  if (m->inverts.n) {
    if (m->invert_channels > SP_MAX_CHANNELS)
      return decline(b, "a polarity of too many channels");
    p->moves.points = sp_xcalloc(m->inverts.n, sizeof *p->moves.points);
    const double rate = b->r->sample_rate;
    for (size_t i = 0; i < m->inverts.n; i++) {
      const unsigned mask = (unsigned)m->inverts.pts[i].v;
      double v = 0;
      if (m->invert_channels <= 1) {
        v = mask & 1u ? (double)UINT32_MAX : 0.0;
      } else {
        uint32_t bits = 0;
        for (size_t c = 0; c < m->invert_channels; c++)
          bits |= (mask >> c & 1u) << c;
        v = bits;
      }
      sp_auto_point q = {.v = v};
      if (!frames(b, m->inverts.pts[i].t, &q.t))
        return false;
      if (i && sp_time_frames_exact(q.t, rate) <
                   sp_time_frames_exact(p->moves.points[i - 1].t, rate))
        return decline(b, "a polarity out of time order");
      p->moves.points[p->moves.n++] = q;
    }
    p->moves.value = p->moves.points[0].v;
  } else if (m->invert) {
    p->all = true;
  } else if (m->n_invert) {
    if (m->n_invert > SP_MAX_CHANNELS)
      return decline(b, "a polarity of too many channels");
    for (size_t c = 0; c < m->n_invert; c++)
      p->mask |= (m->invert_mask >> c & 1u) << c;
    p->n = m->n_invert;
  }
  return true;
}

/* The mixer keys of a strip as put_strip writes them and parse_strip
 * reads them. */
static bool strip(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  s->object_binaural = SP_ADM_BINAURAL_MID;
  bool left = false;
  /* the pan first: the parser reads it before the keys that move (its
   * messages in that order) */
  if (m->pan_gains) {
    if (!gains(b, m->pan_gains, &s->pan))
      return false;
  } else if (m->pan.n || m->pan.value != 0) {
    s->pan.has = s->pan.given = timed_key(b, path, "pan", &m->pan, &pan_kind, &s->pan.plain, &left);
    if (!s->pan.has && !left)
      return false;
  }
  if ((m->gain.n || m->gain.value != 0) &&
      !timed_key(b, path, "gain", &m->gain, &level_kind, &s->gain, &left) && !left)
    return false;
  if (m->trims.n) {
    if (timed_key(b, path, "trim", &m->trims, &level_kind, &s->trims, &left))
      s->trim_db = s->trims.value;
    else if (!left)
      return false;
  } else if (m->trim_db != 0 &&
             in_row(b, path, "trim", &sp_key_rows_strip[SP_KEY_STRIP_TRIM], m->trim_db, false)) {
    s->trim_db = m->trim_db;
  }
  if (m->layout && m->kind != SP_MIX_TRACK)
    s->layout = m->layout;
  else if (m->stereo && m->kind == SP_MIX_TRACK)
    s->layout = sp_layout_find("stereo");
  if (m->fold) {
    if (m->kind == SP_MIX_MASTER)
      return decline(b, "master's fold");
    s->has_fold = true;
    s->fold = sp_fold_default();
  }
  if (m->has_width) {
    if (m->widths.n) {
      if (timed_key(b, path, "width", &m->widths, &pan_kind, &s->widths, &left)) {
        s->width = s->widths.value;
        s->has_width = true;
      } else if (!left) {
        return false;
      }
    } else if (in_row(b, path, "width", &sp_key_rows_strip[SP_KEY_STRIP_WIDTH], m->width, true)) {
      s->width = m->width;
      s->has_width = true;
    }
  }
  if (b->declined)
    return false;
  if (m->kind == SP_MIX_MASTER &&
      (m->inverts.n || m->invert || m->n_invert || m->mute || m->mutes.n || m->mute_points ||
       m->solo || m->n_sends))
    return decline(b, "a key master does not take");
  if (m->kind == SP_MIX_BUS && m->solo)
    return decline(b, "a bus's solo");
  if (!polarity(b, m, &s->invert))
    return false;
  if (m->mute) {
    s->mute = true;
  } else if (m->mutes.n) { /* [[t smp, true or false], ...] */
    sp_auto *a = &s->mutes;
    a->points = sp_xcalloc(m->mutes.n, sizeof *a->points);
    const double rate = b->r->sample_rate;
    for (size_t i = 0; i < m->mutes.n; i++) {
      sp_auto_point q = {.v = m->mutes.pts[i].v != 0 ? 1.0 : 0.0};
      if (!frames(b, m->mutes.pts[i].t, &q.t))
        return false;
      if (i && sp_time_frames_exact(q.t, rate) < sp_time_frames_exact(a->points[i - 1].t, rate))
        return decline(b, "a mute out of time order");
      a->points[a->n++] = q;
    }
    a->value = a->points[0].v;
  }
  s->mute_points = m->mute_points & 7u;
  s->solo = m->solo;
  if (!inserts(b, path, m, s) || !sends(b, path, m, s))
    return false;
  if (m->kind == SP_MIX_BUS && m->to_none) {
    s->to_none = true;
  } else if (m->kind != SP_MIX_MASTER && m->to) {
    if (!string_ok(b, m->to) || strcmp(m->to, "none") == 0)
      return decline(b, "an output the parser reads as a word");
    s->to = sp_xstrdup(m->to);
  }
  return true;
}

/* ---- the recipe ---------------------------------------------------------- */

static bool top(builder *b, const sp_mix *m)
{
  sp_recipe *r = b->r;
  r->format = 1;
  if (!in_row_range(b, &sp_key_rows_root[SP_KEY_ROOT_SAMPLE_RATE], m->rate) ||
      m->rate != floor(m->rate))
    return decline(b, "a rate the parser refuses");
  r->sample_rate = m->rate;
  if (m->pan_law != SP_PAN_LAW_DB) {
    if (m->pan_law != SP_PAN_LAW_QUADRATIC)
      return decline(b, "a pan law the recipe has no word for");
    r->pan_law_quadratic = true;
  } else if (m->pan_law_db != 0 && m->pan_law_db != -3 && m->pan_law_db != -4.5 &&
             m->pan_law_db != -6) {
    return decline(b, "a pan law the parser refuses");
  } else {
    r->pan_law_db = m->pan_law_db;
  }
  if (m->cycle_ardour)
    r->plugin_cycle = r->plugin_cycle_first = 1024;
  r->latency_ignored = m->latency_ignored;
  if (m->length_frames > 0) {
    if (!frames(b, (double)m->length_frames, &r->length))
      return false;
    r->length_auto = false;
    r->tail = (sp_time){0};
    r->tail_auto = false;
  }
  return true;
}

static bool stems(builder *b, const sp_mix *m)
{
  for (size_t k = 0; k < m->n_stems; k++) {
    const sp_stem *st = &m->stems[k];
    if (!name_ok(b, st->name, true) || st->n_members == 0)
      return decline(b, "a stem the parser refuses");
    sp_stem *d = sp_build_stem(b->r, st->name, (sp_pos){1, 1});
    for (size_t j = 0; j < st->n_members; j++) {
      if (!string_ok(b, st->members[j]))
        return false;
      sp_build_stem_member(b->r, d, st->members[j], (sp_pos){1, 1});
    }
  }
  return true;
}

sp_recipe *sp_session_build(const sp_mix *m, const char *file, sp_diags *said)
{
  builder b = {.r = sp_recipe_new(file), .said = said};
  const size_t from = said->n;
  size_t n_tracks = 0;
  for (size_t i = 0; i < m->n_strips; i++)
    n_tracks += m->strips[i].kind == SP_MIX_TRACK;
  bool ok = n_tracks > 0 && m->n_strips <= SP_MAX_NODES && top(&b, m);
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_TRACK)
      continue;
    if (!name_ok(&b, s->name, false) || s->n_regions == 0)
      ok = decline(&b, "a track the parser refuses");
    char *path = sp_xasprintf("tracks.%s", s->name);
    sp_track *t = ok ? sp_build_track(b.r, s->name) : NULL;
    ok = ok && strip(&b, path, s, &t->strip);
    for (size_t k = 0; ok && k < s->n_regions; k++)
      ok = region(&b, t, path, &s->regions[k]);
    bool midi = false;
    for (size_t k = 0; ok && k < t->n_regions; k++)
      midi |= t->regions[k].midi;
    if (ok && midi != (s->instrument != NULL))
      ok = decline(&b, "a track's instrument and its regions disagree");
    free(path);
  }
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_BUS)
      continue;
    char *path = sp_xasprintf("buses.%s", s->name);
    ok = name_ok(&b, s->name, false) && strip(&b, path, s, &sp_build_bus(b.r, s->name)->strip);
    free(path);
  }
  ok = ok && strip(&b, "master", &m->master, &b.r->master) && stems(&b, m);
  if (!ok) {
    sp_diags_truncate(said, from); /* the text's reading says them */
    sp_recipe_free(b.r);
    return NULL;
  }
  sp_build_unplace(b.r); /* placed at the text import writes (sp_session_place) */
  return b.r;
}
