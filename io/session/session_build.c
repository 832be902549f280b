/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's recipe built from what its reader read, with no recipe text
 * (io/session/session_build.h): each value set as the parser sets it from
 * the text the mix would be written as (tests/mix_yaml.c), and checked as
 * it checks it: a value out of its row's range said as the parser says it
 * (the same rule, core/recipe/build.h), at its recipe path, and left out.
 * A value no
 * reader gives (a shape the recipe cannot hold) is said as an error at its
 * path, the value left out: nothing is dropped unsaid. */

#include "io/session/session_build.h"

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

typedef struct builder {
  sp_recipe *r;
  sp_diags *said; /* what the parser says of the session's values */
  /* the path of the timed value being built, what the parser says of it
   * said there; refused: it says something, the value left out */
  const char *at;
  bool refused;
} builder;

/* ---- values -------------------------------------------------------------- */

static void say_at(builder *b, const char *kp, const char *why);

/* v, a time written as the writer writes it (in_frames: "%.0f smp", else
 * a plain number of seconds), into *t as the parser reads that text; else
 * what the parser says of it said at kp (false). */
static bool time_of(builder *b, const char *kp, double v, bool in_frames, sp_time *t)
{
  char why[320];
  if (sp_build_time(v, in_frames, t, why, sizeof why))
    return true;
  say_at(b, kp, why);
  return false;
}

static bool seconds(builder *b, const char *kp, double v, sp_time *t)
{
  return time_of(b, kp, v, false, t);
}

static bool frames(builder *b, const char *kp, double v, sp_time *t)
{
  return time_of(b, kp, v, true, t);
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

/* A value at kp no reader gives (what: its shape), said as an error there
 * (false: the value left out). */
static bool unheld(builder *b, const char *kp, const char *what)
{
  sp_diags_error(b->said, SP_ERR_USAGE, b->r->file, (sp_pos){1, 1}, kp,
                 "the session's reader gave a value the recipe cannot hold (%s); please report it",
                 what);
  return false;
}

static void say(builder *b, const char *path, const char *key, const char *why)
{
  char *kp = sp_xasprintf("%s.%s", path, key);
  say_at(b, kp, why);
  free(kp);
}

/* Whether v, key of the object at path, reads as the parser reads the
 * text the writer writes of it (bare: a plain number, else in its row's
 * unit), in its row's range; else the parser's message of it said at its
 * path (the value left out: false). */
static bool in_row(builder *b, const char *path, const char *key, const sp_key_row *row, double v,
                   bool bare)
{
  char why[320];
  if (sp_build_row_value(row, v, bare, why, sizeof why))
    return true;
  say(b, path, key, why);
  return false;
}

/* What the parser says of the part sub ("", ".tempo", ".points[2][1]")
 * of the timed value being built (at b->at), said there: the value is
 * refused (false). */
static bool refuse(builder *b, const char *sub, const char *why)
{
  char *p = sp_xasprintf("%s%s", b->at, sub);
  say_at(b, p, why);
  free(p);
  b->refused = true;
  return false;
}

/* What the parser says of the part sub of the timed value being built,
 * said there, the value read on. */
static void say_part(builder *b, const char *sub, const char *why)
{
  const bool refused = b->refused;
  refuse(b, sub, why);
  b->refused = refused;
}

/* A part sub of the timed value being built that no reader gives (what),
 * said there as unheld says it: the value refused (false). */
static bool refuse_unheld(builder *b, const char *sub, const char *what)
{
  char *p = sp_xasprintf("%s%s", b->at, sub);
  unheld(b, p, what);
  free(p);
  b->refused = true;
  return false;
}

/* refuse at the part key[i]tail (".tempo", 2, ".at": ".tempo[2].at"). */
static bool refuse_at(builder *b, const char *key, size_t i, const char *tail, const char *why)
{
  char part[96];
  snprintf(part, sizeof part, "%s[%zu]%s", key, i, tail);
  return refuse(b, part, why);
}

/* Tempo point p of m (i, its index; prev the one before it as built) as
 * put_tempo writes it and get_tempo_point reads it, into *out: each key
 * the text writes of it read from its text (`at` a time in seconds, the
 * others plain numbers of their rows), in order after prev; what the
 * parser says of one said at it (false). */
static bool tempo_point(builder *b, const sp_tempo_map *m, size_t i, const sp_tempo_point *prev,
                        sp_tempo_point *out)
{
  const sp_tempo_point *p = &m->t[i];
  const double beat = (double)p->quarters / SP_TEMPO_BEAT_TICKS;
  const double note = p->note_type, omega = p->ramped ? p->omega : 0;
  char why[320], *at = sp_xasprintf("%.17g s", (double)p->sclock / (double)m->scps);
  sp_time when = {0};
  bool ok = sp_units_parse_time(at, &when, why, sizeof why) || refuse_at(b, ".tempo", i, ".at", why);
  free(at);
  const struct {
    int key;
    double v;
    bool written;
  } keys[] = {{SP_KEY_TEMPO_BEAT, beat, true},
              {SP_KEY_TEMPO_BPM, p->npm, true},
              {SP_KEY_TEMPO_NOTE, note, note != 4},
              {SP_KEY_TEMPO_OMEGA, omega, p->ramped}};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    if (!keys[k].written || sp_build_row_value(&tempo_rows[keys[k].key], keys[k].v, true, why,
                                               sizeof why))
      continue;
    char tail[32];
    snprintf(tail, sizeof tail, ".%s", sp_keys_tempo[keys[k].key]);
    ok = refuse_at(b, ".tempo", i, tail, why);
  }
  if (!ok)
    return false;
  const int64_t sclock = llround(when.seconds * SP_TEMPO_SUPERCLOCK);
  const int64_t quarters = llround(beat * SP_TEMPO_BEAT_TICKS);
  const char *order = sp_build_tempo_order(prev, sclock, quarters);
  if (order)
    return refuse_at(b, ".tempo", i, "", order);
  *out = sp_tempo_point_make(sclock, quarters, p->npm, (int)note, omega, omega != 0,
                             SP_TEMPO_SUPERCLOCK);
  return true;
}

/* A tempo map as the writer writes it and the parser reads it back (a
 * constant quarter-note tempo, or points at seconds and beats), at the
 * timed value's `.tempo`: what the parser says of it said there. */
static bool tempo(builder *b, const sp_tempo_map *m, sp_tempo_map **out)
{
  const sp_tempo_point *p0 = m->t;
  char why[320];
  if (m->n == 1 && !p0->ramped && p0->note_type == 4) {
    if (!sp_build_row_value(&tempo_rows[SP_KEY_TEMPO_BPM], p0->npm, true, why, sizeof why))
      return refuse(b, ".tempo", why);
    sp_tempo_map *t = sp_xcalloc(1, sizeof *t);
    *t = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(1, sizeof *t->t), .n = 1};
    t->t[0] = sp_tempo_point_make(0, 0, p0->npm, 4, 0, false, SP_TEMPO_SUPERCLOCK);
    *out = t;
    return true;
  }
  if (m->n == 0 || m->n > SP_TEMPO_MAP_MAX) {
    sp_build_tempo_map_why(why, sizeof why);
    return refuse(b, ".tempo", why);
  }
  sp_tempo_map *t = sp_xcalloc(1, sizeof *t);
  *t = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(m->n, sizeof *t->t)};
  for (size_t i = 0; i < m->n; i++) {
    if (!tempo_point(b, m, i, i ? &t->t[i - 1] : NULL, &t->t[i])) {
      sp_tempo_map_free(t); /* the parser reads no point past one it refuses */
      return false;
    }
    t->n++;
  }
  *out = t;
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

/* Whether v, a value of kind k, reads as the parser reads the text the
 * writer writes of it; else what it says of it in why. */
static bool kind_value(const kind *k, double v, char *why, size_t size)
{
  return sp_build_value(v, k->db ? SP_UNIT_DB : SP_UNIT_NUMBER, !k->db, k->min, k->max, why, size);
}

/* a's points into out (times in frames with in_frames), as get_points
 * reads them from the text the writer writes of them, at the timed
 * value's sub (its `.points`, or "" where it is the list): each time and
 * value read from its text, in time order; what the parser says of one
 * (the next in time order after the last it took) said at its place, the
 * value refused. */
static bool points(builder *b, const char *sub, const sp_mix_auto *a, const kind *k,
                   bool in_frames, sp_auto *out)
{
  const double rate = b->r->sample_rate;
  out->points = sp_xcalloc(a->n, sizeof *out->points);
  bool ok = true;
  for (size_t i = 0; i < a->n; i++) {
    sp_auto_point q = {.v = a->pts[i].v};
    char why[320], tp[96], vp[96];
    snprintf(tp, sizeof tp, "%s[%zu][0]", sub, i);
    snprintf(vp, sizeof vp, "%s[%zu][1]", sub, i);
    bool good = sp_build_time(a->pts[i].t, in_frames, &q.t, why, sizeof why) || refuse(b, tp, why);
    good = good && (kind_value(k, q.v, why, sizeof why) || refuse(b, vp, why));
    if (good && out->n && !sp_build_in_order(out->points[out->n - 1].t, q.t, rate, why, sizeof why))
      good = refuse(b, tp, why);
    if (good)
      out->points[out->n++] = q;
    ok &= good;
  }
  if (!ok)
    return false;
  out->value = out->points[0].v;
  return true;
}

static int curve_id(sp_curve_kind which, const char *name)
{
  const sp_curve *c = sp_curve_find(which, name);
  return c ? c->id : -1;
}

static bool timed(builder *b, const sp_mix_auto *a, const kind *k, sp_auto *out);

/* a's VCA curves into out (a level's, of `ramp: ardour`) as get_vcas
 * reads them, each at the timed value's `.vca[i]`. */
static bool vcas(builder *b, const sp_mix_auto *a, sp_auto *out)
{
  char why[256];
  if (out->ramp != SP_RAMP_LIST)
    return refuse(b, ".vca", sp_build_vca_needs_ramp);
  if (a->n_vca > SP_AUTO_MAX_VCA) {
    sp_build_vca_count_why(why, sizeof why);
    return refuse(b, ".vca", why);
  }
  out->vca = sp_xcalloc(a->n_vca, sizeof *out->vca);
  const char *at = b->at;
  bool ok = true;
  for (size_t i = 0; i < a->n_vca; i++) {
    const sp_mix_auto *v = &a->vca[i];
    if (v->n == 0) { /* the readers write none: a constant part is a point at 0 */
      char sub[48];
      snprintf(sub, sizeof sub, ".vca[%zu]", i);
      return refuse_unheld(b, sub, "a VCA's curve of no point");
    }
    char *cp = sp_xasprintf("%s.vca[%zu]", at, i);
    b->at = cp;
    sp_auto *c = &out->vca[out->n_vca++]; /* counted: freed with out */
    if (timed(b, v, &vca_kind, c))
      c->ramp = SP_RAMP_LIST;
    else
      ok = false;
    b->at = at;
    free(cp);
  }
  return ok;
}

/* A timed value of kind k as put_auto writes it and recipe_get_timed
 * reads it back, at b->at (what the parser says of it said there, the
 * value refused: false, b->refused). */
static bool timed(builder *b, const sp_mix_auto *a, const kind *k, sp_auto *out)
{
  *out = (sp_auto){0};
  char why[320];
  if (a->n == 0) {
    if (!kind_value(k, a->value, why, sizeof why))
      return refuse(b, "", why);
    out->value = a->value;
    return true;
  }
  const bool ramp = a->ramp_ardour || a->ramp_declick, mapped = ramp || a->tempo;
  if (ramp && k->pan && !k->db) /* read no further */
    return refuse(b, "", sp_build_pan_ramp);
  /* the keys put_auto writes of it as a mapping, in their order: those
   * its kind takes not said as the parser says them, the value read
   * without them */
  const char *const *keys = k->level      ? sp_keys_level
                            : k->envelope ? sp_build_envelope_keys
                            : k->pan      ? sp_build_tempo_keys
                                          : NULL;
  if (mapped && !keys) /* a fade's: its caller takes none such */
    return refuse_unheld(b, "", "a mapping where the value takes none");
  if (a->n_vca && !mapped) /* the readers write none: its text no mapping */
    return refuse_unheld(b, ".vca", "VCA curves on a list of no mapping");
  enum { RAMP, INTERP, TEMPO, START, VCA, N_KEYS };
  static const char *const names[N_KEYS] = {"ramp", "interpolation", "tempo", "start", "vca"};
  const bool written[N_KEYS] = {ramp, a->ramp_ardour && a->interpolation,
                                a->tempo && (a->ramp_ardour || !ramp), ramp && a->has_start,
                                a->n_vca > 0};
  bool takes[N_KEYS];
  const char *what = k->level || k->envelope ? sp_build_level_what
                     : k->db                 ? sp_build_vca_what
                                             : sp_build_value_what;
  for (size_t q = 0; q < N_KEYS; q++) {
    takes[q] = false;
    for (size_t w = 0; written[q] && keys[w] && !takes[q]; w++)
      takes[q] = strcmp(keys[w], names[q]) == 0;
    if (!written[q] || takes[q])
      continue;
    char *unknown = sp_build_unknown_key(names[q], keys, what), sub[32];
    snprintf(sub, sizeof sub, ".%s", names[q]);
    say_part(b, sub, unknown);
    free(unknown);
  }
  if (takes[RAMP]) {
    out->ramp = a->ramp_declick ? SP_RAMP_DECLICK : SP_RAMP_LIST;
    if (k->envelope && a->ramp_declick)
      refuse(b, ".ramp", sp_build_envelope_ramp);
  }
  if (takes[INTERP]) { /* a reader's word, and beside `ramp: ardour` */
    const int in = curve_id(SP_CURVE_INTERP, a->interpolation);
    if (in < 0)
      return refuse_unheld(b, ".interpolation", "an interpolation that is no curve");
    out->interp = (sp_interp)in;
  }
  if (takes[TEMPO] && k->level && out->ramp != SP_RAMP_LIST)
    refuse(b, ".tempo", sp_build_tempo_needs_ramp);
  else if (takes[TEMPO])
    tempo(b, a->tempo, &out->tempo);
  if (takes[START]) { /* beside a ramp */
    if (sp_build_row_value(&sp_key_rows_level[SP_KEY_LEVEL_START], a->start_db, false, why,
                           sizeof why)) {
      out->has_start = true;
      out->start_db = a->start_db;
    } else {
      refuse(b, ".start", why);
    }
  }
  if (!points(b, mapped ? ".points" : "", a, k, a->ramp_declick, out) || b->refused)
    return false;
  const char *gap = NULL;
  const size_t i = out->interp == SP_INTERP_LOGARITHMIC ? sp_build_log_gap(out, &gap) : 0;
  if (i)
    return refuse_at(b, ".points", i, "", gap);
  if (takes[VCA] && !vcas(b, a, out))
    return false;
  if (out->ramp == SP_RAMP_LIST || out->ramp == SP_RAMP_DECLICK)
    out->smooth = sp_xcalloc(1, sizeof *out->smooth);
  return true;
}

/* a, the value of key of the object at path, of kind k, into out as
 * timed builds it: true when set; false when not: left out (*left) where
 * the parser refuses its value (what it says of it said at its place;
 * out->value its first point's where its points read). */
static bool timed_key(builder *b, const char *path, const char *key, const sp_mix_auto *a,
                      const kind *k, sp_auto *out, bool *left)
{
  char *at = sp_xasprintf("%s.%s", path, key);
  b->at = at;
  const bool ok = timed(b, a, k, out);
  *left = b->refused;
  if (b->refused) { /* left out, but its first point's value where its points read, as the
                      * parser leaves it */
    const double first = out->value;
    sp_auto_free(out);
    *out = (sp_auto){.value = first};
  }
  b->at = NULL;
  b->refused = false;
  free(at);
  return ok;
}

/* A word the writer writes plain (an insert's channel names and selector
 * words: put_insert_value writes them as they are) as a rule reads it:
 * one YAML reads as a null (`[null]`, an empty one) read as the null it
 * is, said by the rule as the parser says it. One it quotes (sp_write_name,
 * sp_write_string, sp_write_quoted) reads back as itself. */
static sp_written plain_word(const char *text)
{
  return (sp_written){sp_yaml_null_text(text, false) ? sp_ykind_name(SP_Y_NULL) : NULL, text,
                      false};
}

/* The name of a track, bus or stem (what), key of its object at path: a
 * name the parser refuses said as it says it there (the object kept, as
 * the parser keeps it). */
static void name_said(builder *b, const char *path, const char *name, const char *what)
{
  char why[320];
  if (!sp_build_name(name, what, why, sizeof why))
    say_at(b, path, why);
}

/* Whether s, a file or a name written quoted where YAML would read it as
 * another kind (sp_write_string, sp_write_name: the quoted text reads back
 * as s), is a text the parser takes where it expects what (at path, key
 * of its object): an empty one is said there as it says it. */
static bool text_said(builder *b, const char *path, const char *s, const char *what)
{
  if (*s)
    return true;
  char why[320];
  sp_build_no_text(what, why, sizeof why);
  say_at(b, path, why);
  return false;
}

/* ---- regions ------------------------------------------------------------- */

/* A fade's points (a curve, a saved list or an inverse: what) at path as
 * fade_points reads them: true when set; false when not: left out (*left)
 * where the parser refuses them (a value out of range, a curve not from
 * 0, two points at one time: said at their place; a shape no reader gives
 * said as unheld says it). */
static bool fade_points(builder *b, const char *path, const char *what, const sp_mix_auto *a,
                        bool inverse, sp_auto *out, bool *left)
{
  char why[320];
  *left = false;
  if (a->n_vca && !a->ramp_ardour && !a->ramp_declick && !a->tempo)
    return unheld(b, path, "a fade's points with a VCA's") || !(*left = true);
  if (a->ramp_ardour || a->ramp_declick || a->tempo) { /* written a mapping, not a list */
    sp_fade_points_few(what, inverse ? 1 : 2, inverse, why, sizeof why);
    say_at(b, path, why);
    return !(*left = true);
  }
  const kind gains = {0.0, inverse ? 2.0 : 1.0, false, false, false, false};
  b->at = path;
  const bool ok = timed(b, a, &gains, out);
  *left = b->refused;
  b->at = NULL;
  b->refused = false;
  if (!ok)
    return false;
  /* the first gain as the writer writes it; the times, plain seconds,
   * read as written */
  char gain0[40];
  sp_number_text(a->pts[0].v, gain0);
  double *t = sp_xcalloc(a->n, sizeof *t);
  for (size_t i = 0; !*left && i < a->n; i++) {
    t[i] = a->pts[i].t;
    if (!sp_fade_point_ok(t, i, inverse, what, gain0, why, sizeof why)) {
      char *pp = sp_xasprintf("%s[%zu]", path, i);
      say_at(b, pp, why);
      free(pp);
      *left = true;
    }
  }
  free(t);
  return !*left;
}

/* A region's fade (key of its region at path) as put_fade writes it and
 * get_fade reads it; what the parser refuses of it said at its place
 * (the fade then as get_fade leaves it). */
static bool fade(builder *b, const char *path, const char *key, double len, bool ardour,
                 const sp_mix_auto *curve, bool saved, const sp_mix_auto *inverse, sp_fade *f)
{
  *f = (sp_fade){0};
  if (!ardour && curve->n < 2 && len <= 0)
    return true; /* not written */
  f->shape = SP_FADE_RAMP;
  bool left = false;
  if (ardour) {
    f->length = (sp_time){.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
    f->shape = SP_FADE_DEFAULT;
  } else if (curve->n >= 2) {
    char *cp = sp_xasprintf("%s.%s.%s", path, key, saved ? "points" : "curve");
    const bool set = fade_points(b, cp, saved ? "a fade's points" : "a fade curve", curve, saved,
                                 &f->curve, &left);
    free(cp);
    if (set) {
      f->length = f->curve.points[f->curve.n - 1].t;
      f->shape = saved ? SP_FADE_POINTS : SP_FADE_CURVE;
    } else if (!left) {
      return false;
    } else {
      sp_auto_free(&f->curve);
      f->curve = (sp_auto){0};
    }
  } else {
    char *lp = sp_xasprintf("%s.%s", path, key);
    const bool timed_ok = seconds(b, lp, len, &f->length);
    free(lp);
    if (!timed_ok)
      return false;
  }
  if (inverse->n == 0)
    return true;
  char *ip = sp_xasprintf("%s.%s.inverse", path, key);
  const bool set = fade_points(b, ip, "an inverse fade", inverse, true, &f->inverse, &left);
  free(ip);
  if (!set && left) {
    sp_auto_free(&f->inverse);
    f->inverse = (sp_auto){0};
  }
  return set || left;
}

/* A region's files (`files:`, m->n_files ≥ 2) as get_inputs reads them:
 * each path the parser takes (an empty one said at its place); none when
 * they are more than a region takes (said). */
static void region_files(builder *b, sp_region *g, const char *path, const sp_mix_region *m)
{
  char *fp = sp_xasprintf("%s.files", path), why[320];
  const char *help = sp_key_rows_region[SP_KEY_REGION_FILES].help;
  if (m->n_files > SP_MAX_CHANNELS) {
    sp_build_files_count(m->n_files, help, why, sizeof why);
    say_at(b, fp, why);
    free(fp);
    return;
  }
  char *what = sp_xasprintf("the path of %s", help);
  const char **kept = sp_xcalloc(m->n_files, sizeof *kept);
  size_t n = 0;
  for (size_t k = 0; k < m->n_files; k++) {
    char *ip = sp_xasprintf("%s[%zu]", fp, k);
    if (text_said(b, ip, m->files[k], what))
      kept[n++] = m->files[k];
    free(ip);
  }
  if (n)
    sp_build_region_files(b->r, g, path, (const char *const *)kept, n);
  if (n < m->n_files) /* read so, each at its own place */
    for (size_t k = 0, j = 0; k < m->n_files; k++)
      if (*m->files[k]) {
        free(g->keys[j]);
        g->keys[j++] = sp_xasprintf("%s[%zu]", fp, k);
      }
  if (n) {
    free(g->key);
    g->key = sp_xstrdup(g->keys[0]);
  }
  free(kept);
  free(what);
  free(fp);
}

/* Whether the mix's region m is read as one of MIDI: `midi:` (its files
 * are written `files:`, audio), its path taken (an empty one is refused,
 * the region then of no kind). */
static bool reads_midi(const sp_mix_region *m) { return m->midi && m->n_files <= 1 && *m->file; }

/* Whether the mix's region m is read with its path: its file's not
 * empty, or one of its files (not more than a region takes). */
static bool region_read(const sp_mix_region *m)
{
  bool any = m->n_files <= 1 && *m->file;
  for (size_t k = 0; m->n_files > 1 && m->n_files <= SP_MAX_CHANNELS && k < m->n_files; k++)
    any |= *m->files[k] != '\0';
  return any;
}

/* The keys of region m (at path, read as midi) that its kind refuses,
 * said as check_region_kind says them (the keys put_region writes). */
static void region_kind(builder *b, const char *path, const sp_mix_region *m, bool midi)
{
  const bool fade_in = m->fade_in_ardour || m->fade_in_curve.n >= 2 || m->fade_in > 0;
  const bool fade_out = m->fade_out_ardour || m->fade_out_curve.n >= 2 || m->fade_out > 0;
  const bool given[SP_KEY_REGION_N] = {
      [SP_KEY_REGION_FILES] = m->n_files > 1,
      [SP_KEY_REGION_CHANNEL] = m->channel != 0,
      [SP_KEY_REGION_KEEP_CHANNELS] = m->keep_channels != 0,
      [SP_KEY_REGION_FORCE_CHANNEL] = m->force_channel != 0,
      [SP_KEY_REGION_AT] = true,
      [SP_KEY_REGION_FROM] = m->n_warp == 0,
      [SP_KEY_REGION_LENGTH] = true,
      [SP_KEY_REGION_FADE_IN] = fade_in,
      [SP_KEY_REGION_FADE_OUT] = fade_out,
      [SP_KEY_REGION_WARP] = m->n_warp > 0,
      [SP_KEY_REGION_GAIN] = m->gain_db != 0,
      [SP_KEY_REGION_ENVELOPE] = m->envelope.n > 0,
      [SP_KEY_REGION_OPAQUE] = m->opaque,
  };
  const unsigned other = midi ? SP_KEY_TAKES_AUDIO : SP_KEY_TAKES_MIDI;
  for (size_t k = 0; k < SP_KEY_REGION_N; k++) {
    if (!given[k] || !(sp_key_rows_region[k].takes & other))
      continue;
    char why[320], *kp = sp_xasprintf("%s.%s", path, sp_keys_region[k]);
    sp_build_region_kind(sp_keys_region[k], midi, why, sizeof why);
    say_at(b, kp, why);
    free(kp);
  }
}

/* A region's warp (m->n_warp points) as get_warp reads it: the point it
 * refuses said at its place, the warp then left out. */
static bool warp(builder *b, sp_region *g, const char *path, const sp_mix_region *m)
{
  char why[320], *wp = sp_xasprintf("%s.warp", path);
  bool ok = true;
  if (m->n_warp < 2) {
    say_at(b, wp, sp_build_warp_few);
    free(wp);
    return true;
  }
  g->stretch.src = sp_xcalloc(m->n_warp, sizeof *g->stretch.src);
  g->stretch.at = sp_xcalloc(m->n_warp, sizeof *g->stretch.at);
  for (size_t k = 0; ok && k < m->n_warp; k++) {
    char *kp = sp_xasprintf("%s[%zu]", wp, k);
    ok = seconds(b, kp, m->warp_src[k], &g->stretch.src[k]) &&
         seconds(b, kp, m->warp_at[k], &g->stretch.at[k]);
    free(kp);
    if (ok && !sp_build_warp_point(m->warp_src, m->warp_at, k, why, sizeof why)) {
      char *pp = sp_xasprintf("%s[%zu]", wp, k);
      say_at(b, pp, why);
      free(pp);
      g->stretch.n = 0;
      free(wp);
      return true;
    }
    g->stretch.n = k + 1;
  }
  g->stretch.on = ok;
  free(wp);
  return ok;
}

/* What region_rules says of region g (read from m, at path): `channel:`
 * beside `files:`, an inverse fade on a region not opaque, the keys its
 * kind refuses. */
static void region_rules(builder *b, const sp_region *g, const char *path, const sp_mix_region *m)
{
  char why[320];
  if (g->n_files && m->channel) {
    char *kp = sp_xasprintf("%s.channel", path);
    say_at(b, kp, sp_build_files_channel);
    free(kp);
  }
  for (int k = 0; k < 2 && !g->opaque && !g->midi; k++) {
    const bool written = k ? m->fade_out_ardour || m->fade_out_curve.n >= 2 || m->fade_out > 0
                           : m->fade_in_ardour || m->fade_in_curve.n >= 2 || m->fade_in > 0;
    if (written && (k ? m->fade_out_inverse.n : m->fade_in_inverse.n)) {
      char *kp = sp_xasprintf("%s.%s.inverse", path, k ? "fade_out" : "fade_in");
      sp_build_no_inverse("add 'opaque: true' to the region", why, sizeof why);
      say_at(b, kp, why);
      free(kp);
    }
  }
  if (g->path)
    region_kind(b, path, m, g->midi);
}

static bool region(builder *b, sp_track *t, const char *tpath, const sp_mix_region *m)
{
  const size_t i = t->n_regions;
  char *path = sp_xasprintf("%s.regions[%zu]", tpath, i), why[320];
  sp_region *g = sp_build_region(t);
  const bool midi = reads_midi(m);
  const sp_key_row *rows = sp_key_rows_region;
  bool ok = true;
  if (m->n_files > 1) {
    region_files(b, g, path, m);
  } else {
    char *fp = sp_xasprintf("%s.%s", path, m->midi ? "midi" : "file");
    char *what = sp_xasprintf("the path of %s",
                              rows[m->midi ? SP_KEY_REGION_MIDI : SP_KEY_REGION_FILE].help);
    if (text_said(b, fp, m->file, what))
      sp_build_region_file(b->r, g, path, m->file, midi);
    free(what);
    free(fp);
  }
  g->midi = midi;
  if (m->channel && in_row(b, path, "channel", &rows[SP_KEY_REGION_CHANNEL], m->channel, true))
    g->channel = m->channel;
  g->keep_channels = m->keep_channels & 0xFFFFu;
  if (m->force_channel &&
      in_row(b, path, "force_channel", &rows[SP_KEY_REGION_FORCE_CHANNEL], m->force_channel, true))
    g->force_channel = m->force_channel;
  char *ap = sp_xasprintf("%s.at", path), *fp = sp_xasprintf("%s.from", path),
       *lp = sp_xasprintf("%s.length", path);
  ok = seconds(b, ap, m->at, &g->at);
  if (ok && m->n_warp)
    ok = warp(b, g, path, m);
  else if (ok)
    ok = seconds(b, fp, m->from, &g->from);
  ok = ok && seconds(b, lp, m->length, &g->length);
  free(ap);
  free(fp);
  free(lp);
  g->has_length = true;
  g->opaque = m->opaque;
  ok = ok &&
       fade(b, path, "fade_in", m->fade_in, m->fade_in_ardour, &m->fade_in_curve, m->fade_in_saved,
            &m->fade_in_inverse, &g->fade_in) &&
       fade(b, path, "fade_out", m->fade_out, m->fade_out_ardour, &m->fade_out_curve,
            m->fade_out_saved, &m->fade_out_inverse, &g->fade_out);
  if (ok && m->gain_db != 0 &&
      in_row(b, path, "gain", &rows[SP_KEY_REGION_GAIN], m->gain_db, false))
    g->gain_db = m->gain_db;
  bool left = false;
  if (ok && m->envelope.n)
    ok = timed_key(b, path, "envelope", &m->envelope, &envelope_kind, &g->envelope, &left) || left;
  if (ok) /* the rules across its keys, as region_rules says them */
    region_rules(b, g, path, m);
  if (ok && i > 0 && g->path && t->regions[0].path && g->midi != t->regions[0].midi) {
    char *kp = sp_xasprintf("%s.%s", path, g->midi ? "midi" : "file");
    sp_build_track_kinds(t->regions[0].midi, g->midi, why, sizeof why);
    say_at(b, kp, why);
    free(kp);
    free(g->path); /* said once: the graph leaves the region out */
    g->path = NULL;
    g->midi = t->regions[0].midi;
  }
  free(path);
  return ok;
}

/* ---- strips -------------------------------------------------------------- */

/* A tap as put_tap writes it and get_tap reads it (below, with the sends). */
static bool tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t);

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
  case SP_MIX_WORD: return plain_word(v->text);
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
    return plain_word(v->names[i]);
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
 * refused said at its place. */
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
  for (size_t i = 0; i < p->n; i++) {
    char *tp = sp_xasprintf("%s[%zu][0]", path, i), *vp = sp_xasprintf("%s[%zu][1]", path, i);
    sp_auto_point q;
    bool good = p->frames ? frames(b, tp, p->pts[i].t, &q.t) : seconds(b, tp, p->pts[i].t, &q.t);
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
  if (!ok) {
    sp_auto_free(out);
    return false;
  }
  out->value = out->points[0].v;
  return true;
}

/* p (at path), a moving value of kind k, as recipe_get_timed reads it: a
 * list of points, or a mapping of them with its ramp and tempo (its keys
 * it does not take said), into *out; false: refused, said. */
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
 * one value, set through the insert setter; what is refused said (true). */
static bool param(builder *b, sp_insert *ins, size_t set, int k, const char *kp,
                  const sp_mix_value *v)
{
  const sp_proc_class *cls = ins->cls;
  const sp_param *pr = &cls->params[k];
  const bool autos = ins->automation != NULL, moves = (cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  size_t n;
  const bool list = a_list(v, &n), map = v && v->kind == SP_MIX_POINTS && !list;
  char why[1024], buf[96];
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
      return true;
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
 * true. */
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
  if (!*x->key) /* sp_write_name writes it quoted: a name of none alone reads as none */
    return !unheld(b, kp, "a sidechain key from a path of no name");
  ins->key_from = sp_xstrdup(x->key);
  if (x->key_level_db != 0 &&
      in_row(b, kp, "level", &sp_key_rows_key[SP_KEY_KEY_LEVEL], x->key_level_db, false))
    ins->key_level_db = x->key_level_db;
  ins->key_panned = x->key_panned;
  return tap(b, kp, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
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
 * where its class has none (true). */
static bool insert_own(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                       sp_insert *ins)
{
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = value_of(x, n, "bypass", &has);
  char *kp = sp_xasprintf("%s.bypass", ipath);
  size_t items;
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
  bool ok = true;
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
  return ok;
}

/* A plugin family's preset and state in x's mapping (keys[0..n)), as
 * parse_preset_state reads them (the preset's values first, under the
 * parameters given; true). */
static bool insert_preset(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                          sp_insert *ins)
{
  const sp_proc_family *f = x->proc;
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = f->preset ? value_of(x, n, "preset", &has) : NULL;
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
 * one; NULL: none, said as insert_class says it (true). */
static bool insert_class(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                         bool instrument, const sp_proc_class **cls)
{
  const sp_proc_family *f = x->proc;
  bool has = false;
  const sp_mix_value *sel = f->selector ? value_of(x, n, f->selector, &has) : NULL;
  char why[1024], buf[96];
  const sp_written w = sel ? written(sel, buf, sizeof buf) : (sp_written){0};
  char *sp = sel ? sp_xasprintf("%s.%s", ipath, f->selector) : NULL;
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
 * said (true). */
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
 * its `tap.after`, the tap left as it was. */
static bool tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t)
{
  if (fader && after) {
    char text[32], why[512];
    unsigned n = 0;
    snprintf(text, sizeof text, "%zu", after);
    if (!sp_build_tap_after(text, &n, why, sizeof why)) {
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
    char *unknown = sp_build_unknown_key("solo", sp_keys_bus_all, "a bus");
    say(b, path, "solo", unknown);
    free(unknown);
  }
  if (m->kind != SP_MIX_MASTER)
    return;
  const bool written[] = {m->fold, m->inverts.n || m->invert || m->n_invert,
                          m->mute || m->mutes.n, m->mute_points != 0, m->solo, m->n_sends > 0};
  static const char *const keys[] = {"fold", "invert", "mute", "mute_points", "solo", "sends"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    if (!written[k])
      continue;
    char *unknown = sp_build_unknown_key(keys[k], sp_keys_master_all, "master");
    say(b, path, keys[k], unknown);
    free(unknown);
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

/* A key of the recipe's own, v, in its row's range (else said at it);
 * then rule's (the parser's rule of its values past its row's: said at
 * it too, the value left out). */
static bool top_value(builder *b, const char *key, const sp_key_row *row, double v, bool bare,
                      bool (*rule)(double, const char **))
{
  char why[320];
  const char *rule_why = NULL;
  if (isnan(v) || v == INFINITY)
    return unheld(b, key, "a value of no number");
  if (!sp_build_in_row(row, v, bare, why, sizeof why)) {
    say_at(b, key, why);
    return false;
  }
  if (!rule(v, &rule_why)) {
    say_at(b, key, rule_why);
    return false;
  }
  return true;
}

static bool top(builder *b, const sp_mix *m)
{
  sp_recipe *r = b->r;
  r->format = 1;
  const sp_key_row *rows = sp_key_rows_root;
  /* out of their rows or rules: said, the parser's defaults kept */
  if (top_value(b, "sample_rate", &rows[SP_KEY_ROOT_SAMPLE_RATE], m->rate, true, sp_build_rate))
    r->sample_rate = m->rate;
  if (m->pan_law == SP_PAN_LAW_QUADRATIC) /* `ardour`, the only law of a word */
    r->pan_law_quadratic = true;
  else if (top_value(b, "pan_law", &rows[SP_KEY_ROOT_PAN_LAW], m->pan_law_db, false,
                     sp_build_pan_law))
    r->pan_law_db = m->pan_law_db;
  if (m->cycle_ardour)
    r->plugin_cycle = r->plugin_cycle_first = 1024;
  r->latency_ignored = m->latency_ignored;
  if (m->length_frames > 0) {
    if (!frames(b, "length", (double)m->length_frames, &r->length))
      return false;
    r->length_auto = false;
    r->tail = (sp_time){0};
    r->tail_auto = false;
  }
  return true;
}

/* The stems as the mix's text writes `stems:` and fill_named reads
 * them: a name the parser refuses said, and one of no members, the stem
 * kept (as it keeps it); one named as a key of `stems:` itself (split)
 * said as that key's value, a list, and left out. */
static bool stems(builder *b, const sp_mix *m)
{
  char why[320];
  size_t named = 0;
  for (size_t k = 0; k < m->n_stems; k++) {
    const sp_stem *st = &m->stems[k];
    size_t own = 0; /* a key of `stems:`'s own (split): its list read as that key's value */
    while (own < SP_KEY_STEMS_N && strcmp(st->name, sp_keys_stems[own]) != 0)
      own++;
    if (own < SP_KEY_STEMS_N) {
      char *kp = sp_xasprintf("stems.%s", st->name),
           *said = sp_build_not_a_word(&sp_key_rows_stems[own], "a list");
      say_at(b, kp, said);
      free(said);
      free(kp);
      b->r->has_stems = true;
      continue;
    }
    named++;
    char *path = sp_xasprintf("stems.%s", st->name);
    name_said(b, path, st->name, "stem");
    sp_stem *d = sp_build_stem(b->r, st->name, (sp_pos){1, 1});
    char *what = sp_xasprintf("a name (%s)", sp_build_stem_members);
    for (size_t j = 0; j < st->n_members; j++) {
      char *ip = sp_xasprintf("%s[%zu]", path, j);
      if (text_said(b, ip, st->members[j], what))
        sp_build_stem_member(b->r, d, st->members[j], (sp_pos){1, 1});
      free(ip);
    }
    if (st->n_members == 0) {
      sp_build_names_none(sp_build_stem_members, why, sizeof why);
      say_at(b, path, why);
    }
    free(what);
    free(path);
  }
  if (m->n_stems && !named) {
    sp_build_none_named("stem", "stems", why, sizeof why);
    say_at(b, "stems", why);
  }
  return true;
}

/* A track of s at path: its strip, regions and instrument as parse_track
 * reads them (its regions before its instrument, which plays their MIDI:
 * one on a track of audio left out, and one missing on a track of MIDI,
 * said as the parser says them). */
static bool track(builder *b, const char *path, const sp_mix_strip *s)
{
  char why[320];
  name_said(b, path, s->name, "track");
  sp_track *t = sp_build_track(b->r, s->name);
  /* the track's kind as its regions are read: MIDI where one is; the
   * first's, its path read, where the others read take its kind */
  bool midi = false;
  for (size_t k = 0; k < s->n_regions && !midi; k++)
    midi = reads_midi(&s->regions[k]);
  if (s->n_regions && region_read(&s->regions[0]))
    midi = reads_midi(&s->regions[0]);
  sp_mix_strip own = *s;
  if (s->n_regions && !midi)
    own.instrument = NULL; /* refused below, not read */
  bool ok = strip(b, path, &own, &t->strip);
  if (ok && s->n_regions == 0) {
    char *rp = sp_xasprintf("%s.regions", path);
    sp_build_list_empty(sp_build_regions_items, why, sizeof why);
    say_at(b, rp, why);
    free(rp);
  }
  for (size_t k = 0; ok && k < s->n_regions; k++)
    ok = region(b, t, path, &s->regions[k]);
  if (ok && s->instrument && s->n_regions && !midi) {
    char *ip = sp_xasprintf("%s.instrument", path);
    say_at(b, ip, sp_build_instrument_on_audio);
    free(ip);
  } else if (ok && midi && !s->instrument) {
    say_at(b, path, sp_build_midi_needs_instrument);
  }
  return ok;
}

sp_recipe *sp_session_build(const sp_mix *m, const char *file, sp_diags *said)
{
  builder b = {.r = sp_recipe_new(file), .said = said};
  const size_t from = sp_diags_errors(said);
  size_t n_of[2] = {0, 0}; /* tracks, buses */
  for (size_t i = 0; i < m->n_strips; i++)
    if (m->strips[i].kind == SP_MIX_TRACK || m->strips[i].kind == SP_MIX_BUS)
      n_of[m->strips[i].kind == SP_MIX_BUS]++;
  char why[320];
  bool ok = sp_build_nodes(n_of[0], n_of[1], why, sizeof why);
  if (!ok)
    say_at(&b, n_of[0] > n_of[1] ? "tracks" : "buses", why);
  ok = ok && top(&b, m);
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_TRACK)
      continue;
    char *path = sp_xasprintf("tracks.%s", s->name);
    ok = track(&b, path, s);
    free(path);
  }
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_BUS)
      continue;
    char *path = sp_xasprintf("buses.%s", s->name);
    name_said(&b, path, s->name, "bus");
    ok = strip(&b, path, s, &sp_build_bus(b.r, s->name)->strip);
    free(path);
  }
  ok = ok && strip(&b, "master", &m->master, &b.r->master) && stems(&b, m);
  if (ok && b.r->n_tracks == 0) /* said last, as the parser says it */
    say_at(&b, "tracks", sp_build_no_tracks);
  if (!ok) { /* a value the parser reads no further past: said */
    if (sp_diags_errors(said) == from)
      unheld(&b, "tracks", "a session the builder read no further");
    sp_recipe_free(b.r);
    return NULL;
  }
  sp_build_unplace(b.r); /* placed at the text import writes (sp_session_place) */
  return b.r;
}
