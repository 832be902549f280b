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
#include "core/recipe/keys.h"
#include "io/recipe/yamltree.h"

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
 * where the value is left out; tracks of none and master left with no
 * key after that text, io/session/import.c). */
static void say_at(builder *b, const char *kp, const char *why)
{
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
static bool tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t);

/* A moving value p as the parser reads its points: of parameter k of cls
 * (each value of its kind, settings held up to the next point unless
 * linear), or of a bypass (cls NULL: true or false), into *out. */
static bool insert_points(builder *b, const sp_proc_class *cls, int k, const sp_mix_points *p,
                          sp_auto *out)
{
  const sp_param *pr = cls ? &cls->params[k] : NULL;
  const bool number = pr && pr->kind == SP_PARAM_NUMBER;
  const bool map = p->linear || p->tempo;
  if (p->n == 0 || (map && pr && !(cls->flags & SP_PROC_SWITCHES_MOVE)) || (!pr && p->linear))
    return decline(b, "points the parser refuses");
  const bool hold = !number && pr && !p->linear;
  const double rate = b->r->sample_rate;
  *out = (sp_auto){.points = sp_xcalloc(hold ? 2 * p->n : p->n, sizeof *out->points)};
  if (p->tempo && !tempo(b, p->tempo, &out->tempo))
    return false;
  out->ramp = p->linear ? SP_RAMP_LINEAR : SP_RAMP_DB;
  for (size_t i = 0; i < p->n; i++) {
    sp_auto_point q = {.v = p->pts[i].v};
    if (!(p->frames ? frames(b, p->pts[i].t, &q.t) : seconds(b, p->pts[i].t, &q.t)))
      return false;
    char why[512];
    const bool on = p->pts[i].v != 0;
    if (!pr || pr->kind == SP_PARAM_BOOL) { /* true or false */
      if (p->kind != SP_MIX_PTS_SWITCHES)
        return decline(b, "a switch's point of another kind");
      q.v = on ? 1.0 : 0.0;
    } else if (pr->kind == SP_PARAM_CHOICE) { /* a label, or a word */
      if (p->kind == SP_MIX_PTS_NUMBERS ||
          sp_param_choice(cls, pr,
                          p->kind == SP_MIX_PTS_LABELS ? p->labels[i]
                          : on                         ? "true"
                                                       : "false",
                          &q.v, why, sizeof why) != SP_OK)
        return decline(b, "a choice the parser refuses");
    } else { /* a number in the parameter's unit, in its range */
      const char *un = sp_unit_name(p->unit);
      char text[64];
      snprintf(text, sizeof text, "%s%s%s", sp_mix_num(q.v).text, *un ? " " : "", un);
      if (!number || p->kind != SP_MIX_PTS_NUMBERS ||
          !sp_units_parse(pr->unit, text, &q.v, NULL, 0) || q.v != p->pts[i].v ||
          !in_range(b, q.v, pr->min, pr->max))
        return decline(b, "a number the parser refuses");
    }
    const sp_auto_point *prev = out->n ? &out->points[out->n - 1] : NULL;
    if (prev && sp_time_frames_exact(q.t, rate) < sp_time_frames_exact(prev->t, rate))
      return decline(b, "points out of time order");
    if (hold && prev) /* the setting before held up to this point */
      out->points[out->n++] = (sp_auto_point){q.t, prev->v};
    out->points[out->n++] = q;
  }
  out->value = out->points[0].v;
  return true;
}

/* Value v of key (a parameter of ins's class) that the setter leaves to
 * the caller, set on set `set` of ins: points, or a file. */
static bool insert_param(builder *b, sp_insert *ins, size_t set, const char *key,
                         const sp_mix_value *v)
{
  const int k = sp_proc_param_index(ins->cls, key);
  sp_ival x = {.kind = SP_IVAL_POINTS};
  char why[512];
  bool ok = false;
  if (v->kind == SP_MIX_POINTS) {
    ok = insert_points(b, ins->cls, k, v->points, &x.moving);
    if (!ok)
      sp_auto_free(&x.moving);
  } else if (v->kind == SP_MIX_STRING && sp_param_is_file(&ins->cls->params[k])) {
    ok = string_ok(b, v->text);
    x = (sp_ival){.kind = SP_IVAL_FILE, .file = ok ? sp_build_resolve(b->r, v->text) : NULL};
  }
  ok = ok && sp_insert_set(ins, set, key, &x, b->r->sample_rate, why, sizeof why) == SP_OK;
  if (x.kind == SP_IVAL_FILE)
    free((char *)x.file);
  return ok || decline(b, "a parameter the parser refuses");
}

/* x's parameters on set `set` of ins (sp_mix_insert_params, then the
 * values left to the caller), each key done[i] that is one; a band's
 * or a plain insert's required parameters given. */
static bool insert_params(builder *b, const sp_mix_insert *x, sp_insert *ins, size_t set,
                          bool *done)
{
  char why[512];
  if (sp_mix_insert_params(x, ins, set, b->r->sample_rate, done, why, sizeof why) != SP_OK)
    return decline(b, "a value the setter refuses");
  for (size_t i = 0; i < x->n; i++)
    if (!done[i] && sp_proc_param_index(ins->cls, x->keys[i]) >= 0) {
      if (!insert_param(b, ins, set, x->keys[i], &x->values[i]))
        return false;
      done[i] = true;
    }
  for (size_t k = 0; !x->value && k < ins->cls->n_params; k++) {
    bool given = false;
    for (size_t i = 0; i < x->n && !given; i++)
      given = strcmp(x->keys[i], ins->cls->params[k].name) == 0;
    if (ins->cls->params[k].required && !given)
      return decline(b, "a required parameter not given");
  }
  return true;
}

/* x's bands on ins (begun with as many sets). */
static bool insert_bands(builder *b, const sp_mix_value *v, sp_insert *ins)
{
  if (!(ins->cls->flags & SP_PROC_BANDS) || v->n_bands == 0)
    return decline(b, "bands the parser refuses");
  for (size_t k = 0; k < v->n_bands; k++) {
    const sp_mix_insert *band = &v->bands[k];
    bool *done = sp_xcalloc(band->n + 1, sizeof *done);
    bool ok = !band->value && insert_params(b, band, ins, k, done);
    for (size_t i = 0; ok && i < band->n; i++)
      ok = done[i] || decline(b, "a band's key that is no parameter");
    free(done);
    if (!ok)
      return false;
  }
  return true;
}

/* The sidechain key of x on ins, as put_insert writes it and parse_key
 * reads it. */
static bool insert_key(builder *b, const sp_mix_insert *x, sp_insert *ins)
{
  if (!(ins->cls->flags & SP_PROC_TAKES_KEY) || !string_ok(b, x->key) ||
      !in_range(b, x->key_level_db, -INFINITY, SP_BUILD_LEVEL_MAX_DB))
    return decline(b, "a key the parser refuses");
  ins->key_from = sp_xstrdup(x->key);
  ins->key_level_db = x->key_level_db;
  ins->key_panned = x->key_panned;
  return tap(b, NULL, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
}

/* Key i of x, an insert's own (not a parameter), on ins: bypass, widen,
 * feed, channels, state, bands; the selector read already. */
static bool insert_own(builder *b, const sp_mix_insert *x, size_t i, sp_insert *ins)
{
  const char *key = x->keys[i];
  const sp_mix_value *v = &x->values[i];
  size_t row = 0;
  while (row < SP_KEY_INSERT_N && strcmp(sp_keys_insert[row], key) != 0)
    row++;
  const sp_proc_family *f = x->proc;
  if (row == SP_KEY_INSERT_N ||
      !sp_key_insert_takes(&sp_key_rows_insert[row], ins->cls->flags, f->preset, f->selector))
    return decline(b, "a key the insert does not take");
  switch (row) {
  case SP_KEY_INSERT_PLUGIN: return true;
  case SP_KEY_INSERT_BANDS: return v->kind == SP_MIX_BANDS && insert_bands(b, v, ins);
  case SP_KEY_INSERT_BYPASS:
    if (v->kind == SP_MIX_BOOL) {
      ins->bypass = v->on;
      return true;
    }
    if (v->kind != SP_MIX_POINTS || !insert_points(b, NULL, -1, v->points, &ins->bypasses))
      return decline(b, "a bypass the parser refuses");
    sp_insert_bypass_fix(ins);
    return true;
  case SP_KEY_INSERT_WIDEN:
    ins->keep_mono = v->kind == SP_MIX_BOOL && !v->on;
    return v->kind == SP_MIX_BOOL || decline(b, "a widen not true or false");
  case SP_KEY_INSERT_FEED: {
    const sp_key_row *r = &sp_key_rows_insert[row];
    for (size_t w = 0; v->kind == SP_MIX_WORD && r->words[w]; w++)
      if (strcmp(r->words[w], v->text) == 0) {
        ins->feed = (sp_mono_feed)r->values[w];
        return true;
      }
    return decline(b, "a feed the parser refuses");
  }
  case SP_KEY_INSERT_CHANNELS:
    if (v->kind != SP_MIX_NAMES || v->n_names == 0 || v->n_names > SP_MAX_CHANNELS)
      return decline(b, "channels the parser refuses");
    ins->on = sp_xcalloc(v->n_names, sizeof *ins->on);
    for (; ins->n_on < v->n_names; ins->n_on++) {
      if (!string_ok(b, v->names[ins->n_on]))
        return false;
      ins->on[ins->n_on] = sp_xstrdup(v->names[ins->n_on]);
    }
    return true;
  case SP_KEY_INSERT_STATE:
    if (v->kind != SP_MIX_STRING || !string_ok(b, v->text) || ins->n_sets != 1 || x->value)
      return decline(b, "a state the parser refuses");
    ins->state_file = sp_build_resolve(b->r, v->text);
    ins->given = sp_xcalloc(ins->cls->n_params + 1, sizeof *ins->given);
    for (size_t k = 0; k < ins->cls->n_params; k++)
      for (size_t j = 0; j < x->n; j++)
        ins->given[k] |= strcmp(x->keys[j], ins->cls->params[k].name) == 0;
    return true;
  }
  return decline(b, "a key the builder does not set"); /* preset, detect */
}

/* The class x's insert is of: its family's, or the one its selector
 * names; one that plays as an instrument where it is one. */
static const sp_proc_class *insert_class(builder *b, const sp_mix_insert *x, bool instrument)
{
  const sp_proc_family *f = x->proc;
  const char *sel = NULL;
  for (size_t i = 0; f->selector && i < x->n; i++)
    if (strcmp(x->keys[i], f->selector) == 0 &&
        (x->values[i].kind == SP_MIX_STRING || x->values[i].kind == SP_MIX_WORD))
      sel = x->values[i].text;
  char why[1024];
  const sp_proc_class *cls = sp_proc_family_class(f, sel, why, sizeof why);
  if (!cls || ((cls->flags & SP_PROC_INSTRUMENT) != 0) != instrument || (sel && !string_ok(b, sel)))
    return decline(b, "an insert of no class the parser finds"), NULL;
  return cls;
}

/* x as the parser reads the text put_insert writes of it, at ipath (its
 * list's place): built from its typed values, set through the insert
 * setter (sp_mix_insert_params) and appended to s's chain (an
 * instrument first in it). */
static bool insert(builder *b, sp_strip *s, const char *ipath, const sp_mix_insert *x,
                   bool instrument)
{
  const sp_proc_class *cls = insert_class(b, x, instrument);
  if (!cls)
    return false;
  size_t n_sets = 1;
  bool bands = false;
  for (size_t i = 0; i < x->n; i++)
    if (x->values[i].kind == SP_MIX_BANDS) {
      n_sets = x->values[i].n_bands ? x->values[i].n_bands : 1;
      bands = true;
    }
  char *path = sp_xasprintf("%s.%s", ipath, x->proc->name);
  sp_insert ins;
  sp_insert_begin(&ins, cls, path, n_sets);
  free(path);
  bool *done = sp_xcalloc(x->n + 1, sizeof *done);
  /* with bands, the parameters are each band's */
  bool ok = bands || insert_params(b, x, &ins, 0, done);
  for (size_t i = 0; ok && i < x->n; i++)
    ok = (!bands && done[i]) || insert_own(b, x, i, &ins);
  /* `NAME: VALUE` holds nothing else: the text of one with keys reads as
   * its value alone */
  ok = ok && (!x->key || insert_key(b, x, &ins)) &&
       (!(x->value && (x->n || x->key)) || decline(b, "a value with keys"));
  free(done);
  if (!ok) {
    sp_insert_fini(&ins);
    return false;
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

/* A gain matrix as put_gains writes it and parse_gains reads it, the
 * pan's at pp: the channels with a gain not 0, each gain a plain number
 * (-0 written 0); one the parser refuses said at its place, its channel
 * left out; none at all said at its `gains`. The pan given when one is
 * read. */
static void gains(builder *b, const char *pp, const sp_mix_gains *m, sp_pan *pn)
{
  const size_t n = m->inputs;
  size_t written = 0;
  for (int o = 0; o < m->layout->n; o++) {
    bool any = false;
    for (size_t i = 0; i < n; i++)
      any |= m->g[i][o] != 0;
    if (!any)
      continue;
    if (written++ == 0) {
      pn->gain_to = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_to);
      pn->gain_v = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_v);
      pn->gain_n = sp_xcalloc((size_t)m->layout->n, sizeof *pn->gain_n);
    }
    const char *ch = m->layout->ch[o].name;
    double *v = sp_xcalloc(n, sizeof *v);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
      char why[320];
      if (sp_build_value(m->g[i][o], SP_UNIT_NUMBER, true, -SP_BUILD_GAIN_MAX, SP_BUILD_GAIN_MAX,
                         why, sizeof why)) {
        v[i] = m->g[i][o] == 0 ? 0.0 : m->g[i][o];
        continue;
      }
      char *vp = n > 1 ? sp_xasprintf("%s.gains.%s[%zu]", pp, ch, i)
                       : sp_xasprintf("%s.gains.%s", pp, ch);
      say_at(b, vp, why);
      free(vp);
      ok = false;
    }
    if (!ok) {
      free(v);
      continue;
    }
    pn->gain_to[pn->n_gains] = sp_xstrdup(ch);
    pn->gain_v[pn->n_gains] = v;
    pn->gain_n[pn->n_gains++] = n;
  }
  if (written == 0)
    say(b, pp, "gains", sp_build_no_gains);
  pn->given = pn->n_gains > 0;
}

/* A tap as put_tap writes it and get_tap reads it, of the object at at
 * (a send, a sidechain key): `{after: N}` past the parser's range said at
 * its `tap.after`, the tap left as it was (at NULL, a caller that names
 * no path: declined). */
static bool tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t)
{
  if (fader && after) {
    char text[32], why[512];
    unsigned n = 0;
    snprintf(text, sizeof text, "%zu", after);
    if (!sp_build_tap_after(text, &n, why, sizeof why)) {
      if (!at)
        return decline(b, "a tap past its range");
      say(b, at, "tap.after", why);
      return true;
    }
    *t = (sp_tap){.at = SP_TAP_FADER, .after = n};
  } else {
    *t = (sp_tap){.at = !post ? SP_TAP_PRE : fader ? SP_TAP_FADER : SP_TAP_POST};
  }
  return true;
}

/* What the parser says of key, a text of row, of the object at path,
 * written empty ("", a single value that is no text). */
static void empty_text(builder *b, const char *path, const char *key, const sp_key_row *row)
{
  char *what = sp_build_text_what(row), why[1024];
  sp_build_expected(what, sp_ykind_name(SP_Y_SCALAR), why, sizeof why);
  say(b, path, key, why);
  free(what);
}

static bool sends(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  for (size_t i = 0; i < m->n_sends; i++) {
    const sp_mix_send *x = &m->sends[i];
    sp_send *d = sp_build_send(s, x->to);
    /* its keys in the order the parser reads them (its messages in that
     * order): to, tap, pan, then level, which moves */
    char *xp = sp_xasprintf("%s.sends[%zu]", path, i), *pp = sp_xasprintf("%s.pan", xp);
    if (!*x->to) {
      empty_text(b, xp, "to", &sp_key_rows_send[SP_KEY_SEND_TO]);
      free(d->to);
      d->to = NULL;
    }
    bool ok = tap(b, xp, !x->pre, x->fader, x->after, &d->tap), left = false;
    if (x->pan_gains) {
      gains(b, pp, x->pan_gains, &d->pan);
    } else if (x->has_pan) {
      d->pan.has = d->pan.given = timed_key(b, xp, "pan", &x->pan, &pan_kind, &d->pan.plain, &left);
      ok = ok && (d->pan.has || left);
    }
    ok = ok && (timed_key(b, xp, "level", &x->level, &level_kind, &d->level, &left) || left);
    free(pp);
    free(xp);
    if (!ok)
      return false;
  }
  return true;
}

/* Points of a setting (a mute's, a moving polarity's), [t smp, setting]
 * each, as get_points reads them from the text the writer writes of them,
 * key of the strip at path: each time read from its frame, in time order;
 * v, the setting each reads as, unless refused (what the parser says of
 * each setting; NULL: none). What the parser says of one said at its
 * place, the whole left out (false). */
static bool settings(builder *b, const char *path, const char *key, const sp_mix_auto *in,
                     const double *v, const char *refused, sp_auto *out)
{
  sp_auto a = {.points = sp_xcalloc(in->n, sizeof *a.points)};
  const double rate = b->r->sample_rate;
  bool ok = true;
  for (size_t i = 0; i < in->n; i++) {
    sp_auto_point q = {.v = v[i]};
    char why[320], *tp = sp_xasprintf("%s.%s[%zu][0]", path, key, i);
    bool good = sp_build_time(in->pts[i].t, true, &q.t, why, sizeof why);
    if (!good) {
      say_at(b, tp, why);
    } else if (refused) {
      char *vp = sp_xasprintf("%s.%s[%zu][1]", path, key, i);
      say_at(b, vp, refused);
      free(vp);
      good = false;
    } else if (a.n && !sp_build_in_order(a.points[a.n - 1].t, q.t, rate, why, sizeof why)) {
      say_at(b, tp, why);
      good = false;
    }
    free(tp);
    if (good)
      a.points[a.n++] = q;
    ok &= good;
  }
  if (!ok) {
    free(a.points);
    return false;
  }
  a.value = a.points[0].v;
  *out = a;
  return true;
}

/* The strip's polarity as put_invert writes it and get_polarity reads it
 * (at path); what the parser says of it said there, it left out. */
static void polarity(builder *b, const char *path, const sp_mix_strip *m, sp_polarity *p)
{
  if (m->inverts.n) {
    const size_t n = m->invert_channels;
    double *v = sp_xcalloc(m->inverts.n, sizeof *v);
    for (size_t i = 0; i < m->inverts.n && n <= SP_MAX_CHANNELS; i++) {
      const unsigned mask = (unsigned)m->inverts.pts[i].v;
      if (n <= 1)
        v[i] = mask & 1u ? (double)UINT32_MAX : 0.0;
      else
        v[i] = n < 32 ? mask & ((1u << n) - 1) : mask;
    }
    settings(b, path, "invert", &m->inverts, v, n > 1 ? sp_build_polarity_refused(n) : NULL,
             &p->moves);
    free(v);
  } else if (m->invert) {
    p->all = true;
  } else if (m->n_invert) {
    const char *refused = sp_build_polarity_refused(m->n_invert);
    if (refused) {
      say(b, path, "invert", refused);
      return;
    }
    p->mask = m->n_invert < 32 ? m->invert_mask & ((1u << m->n_invert) - 1) : m->invert_mask;
    p->n = m->n_invert;
  }
}

/* The strip's mute as put_strip writes it: on, or moving. */
static void mute(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  if (m->mute) {
    s->mute = true;
  } else if (m->mutes.n) { /* [[t smp, true or false], ...] */
    double *v = sp_xcalloc(m->mutes.n, sizeof *v);
    for (size_t i = 0; i < m->mutes.n; i++)
      v[i] = m->mutes.pts[i].v != 0 ? 1.0 : 0.0;
    settings(b, path, "mute", &m->mutes, v, NULL, &s->mutes);
    free(v);
  }
}

/* The strip's `to:` as put_strip writes it and its row reads it: one of
 * its words (master: none given; none: a bus's to_none, a track's said),
 * else the strip it names. */
static void output(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  const sp_key_row *row = &sp_key_rows_strip[SP_KEY_STRIP_TO];
  size_t last = 0;
  while (row->words[last + 1])
    last++;
  if (m->kind == SP_MIX_BUS && m->to_none) {
    s->to_none = true;
  } else if (m->kind == SP_MIX_MASTER || !m->to || strcmp(m->to, row->words[0]) == 0) {
    return;
  } else if (strcmp(m->to, row->words[last]) == 0) {
    if (m->kind == SP_MIX_TRACK)
      say(b, path, "to", sp_build_track_to_none);
    else
      s->to_none = true;
  } else if (!*m->to) {
    empty_text(b, path, "to", row);
  } else {
    s->to = sp_xstrdup(m->to);
  }
}

/* The keys put_strip writes of m that its strip does not take (master's:
 * fold, invert, mute, mute_points, solo, sends; a bus's solo), said as
 * check_keys says them (a bus's solo as parse_buses, first), in the order
 * it writes them; the strip reads none of them. */
static void keys_not_taken(builder *b, const char *path, const sp_mix_strip *m)
{
  char why[1024];
  if (m->kind == SP_MIX_BUS && m->solo) {
    sp_build_bus_solo(m->name, why, sizeof why);
    say(b, path, "solo", why);
    sp_build_unknown_key("solo", sp_keys_bus_all, "a bus", why, sizeof why);
    say(b, path, "solo", why);
  }
  if (m->kind != SP_MIX_MASTER)
    return;
  const bool written[] = {m->fold, m->inverts.n || m->invert || m->n_invert,
                          m->mute || m->mutes.n, m->mute_points != 0, m->solo, m->n_sends > 0};
  static const char *const keys[] = {"fold", "invert", "mute", "mute_points", "solo", "sends"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    if (!written[k])
      continue;
    sp_build_unknown_key(keys[k], sp_keys_master_all, "master", why, sizeof why);
    say(b, path, keys[k], why);
  }
}

/* The mixer keys of a strip as put_strip writes them and parse_strip
 * reads them. */
static bool strip(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  s->object_binaural = SP_ADM_BINAURAL_MID;
  bool left = false;
  keys_not_taken(b, path, m);
  /* the pan first: the parser reads it before the keys that move (its
   * messages in that order) */
  if (m->pan_gains) {
    char *pp = sp_xasprintf("%s.pan", path);
    gains(b, pp, m->pan_gains, &s->pan);
    free(pp);
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
  if (m->fold && m->kind != SP_MIX_MASTER) {
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
  if (m->kind != SP_MIX_MASTER) {
    polarity(b, path, m, &s->invert);
    s->mute_points = m->mute_points & 7u;
  }
  mute(b, path, m, s); /* master's too: the parser reads its timed keys all (said unknown) */
  s->solo = m->kind == SP_MIX_TRACK && m->solo;
  if (!inserts(b, path, m, s) || (m->kind != SP_MIX_MASTER && !sends(b, path, m, s)))
    return false;
  output(b, path, m, s);
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
