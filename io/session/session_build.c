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
#include "core/recipe/fade.h"
#include "core/recipe/writer.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
  sp_recipe *r;
  bool declined;
  sp_diags *said; /* what the parser says of the session's values */
  /* the path of the timed value being built, what the parser says of it
   * said there (NULL: declined); refused: it says something, the value
   * left out */
  const char *at;
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

/* v, a time written as the writer writes it (in_frames: "%.0f smp", else
 * a plain number of seconds), into *t as the parser reads that text;
 * else declined (a caller that names no path to say it at). */
static bool time_of(builder *b, double v, bool in_frames, sp_time *t)
{
  char why[320];
  return sp_build_time(v, in_frames, t, why, sizeof why) || decline(b, "a time the parser refuses");
}

static bool seconds(builder *b, double v, sp_time *t) { return time_of(b, v, false, t); }

static bool frames(builder *b, double v, sp_time *t) { return time_of(b, v, true, t); }

/* v in min .. max, else the build declines (a caller that names no path to
 * say it at). */
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
 * refused (false). With no path (a caller that names none), declined. */
static bool refuse(builder *b, const char *sub, const char *why)
{
  if (!b->at)
    return decline(b, "a timed value the parser refuses");
  char *p = sp_xasprintf("%s%s", b->at, sub);
  say_at(b, p, why);
  free(p);
  b->refused = true;
  return false;
}

/* What the parser says of the part sub of the timed value being built,
 * said there, the value read on; with no path, declined. */
static void say_part(builder *b, const char *sub, const char *why)
{
  const bool refused = b->refused;
  refuse(b, sub, why);
  b->refused = refused;
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
  for (size_t i = 0; i < a->n && !b->declined; i++) {
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
  for (size_t i = 0; i < a->n_vca && !b->declined; i++) {
    const sp_mix_auto *v = &a->vca[i];
    if (v->n == 0) /* the readers write none: a constant part is a point at 0 */
      return decline(b, "a VCA's curve of no point");
    char *cp = at ? sp_xasprintf("%s.vca[%zu]", at, i) : NULL;
    b->at = cp;
    sp_auto *c = &out->vca[out->n_vca++]; /* counted: freed with out */
    if (timed(b, v, &vca_kind, c))
      c->ramp = SP_RAMP_LIST;
    else
      ok = false;
    b->at = at;
    free(cp);
  }
  return ok && !b->declined;
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
    return decline(b, "a mapping where the value takes none");
  if (a->n_vca && !mapped) /* the readers write none: its text no mapping */
    return decline(b, "VCA curves on a list of no mapping");
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
      return decline(b, "an interpolation the parser refuses");
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
  if (b->declined || !points(b, mapped ? ".points" : "", a, k, a->ramp_declick, out) ||
      b->refused || b->declined)
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
 * out->value its first point's where its points read), else declined. */
static bool timed_key(builder *b, const char *path, const char *key, const sp_mix_auto *a,
                      const kind *k, sp_auto *out, bool *left)
{
  char *at = sp_xasprintf("%s.%s", path, key);
  b->at = at;
  const bool ok = timed(b, a, k, out);
  *left = b->refused && !b->declined;
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

/* A string the writer may write plain (an insert's channel names and
 * selector words: put_insert_value writes them as they are, and YAML
 * reads `[null]` as a null, not a name). One it quotes (sp_write_name,
 * sp_write_string, sp_write_quoted: a file, a stem's member, an output, a
 * send's bus, a state file) reads back as itself: only an empty one is
 * refused, as text_said says it (the callers here of quoted strings, the
 * strips' and inserts', are to follow). */
static bool string_ok(builder *b, const char *s)
{
  static const char *const odd[] = {"", "~", "null", "Null", "NULL", NULL};
  for (size_t i = 0; odd[i]; i++)
    if (strcmp(s, odd[i]) == 0)
      return decline(b, "a string YAML reads as another kind");
  return true;
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
 * 0, two points at one time: said at their place), else declined. */
static bool fade_points(builder *b, const char *path, const char *what, const sp_mix_auto *a,
                        bool inverse, sp_auto *out, bool *left)
{
  char why[320];
  *left = false;
  if (a->n_vca && !a->ramp_ardour && !a->ramp_declick && !a->tempo)
    return decline(b, "a fade's points with a VCA's"); /* no reader gives them */
  if (a->ramp_ardour || a->ramp_declick || a->tempo) { /* written a mapping, not a list */
    sp_fade_points_few(what, inverse ? 1 : 2, inverse, why, sizeof why);
    say_at(b, path, why);
    return !(*left = true);
  }
  const kind gains = {0.0, inverse ? 2.0 : 1.0, false, false, false, false};
  b->points_at = path;
  const bool ok = timed(b, a, &gains, out);
  *left = b->refused;
  b->points_at = NULL;
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
  } else if (!seconds(b, len, &f->length)) {
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
    ok = seconds(b, m->warp_src[k], &g->stretch.src[k]) &&
         seconds(b, m->warp_at[k], &g->stretch.at[k]);
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
  ok = seconds(b, m->at, &g->at);
  if (ok && m->n_warp)
    ok = warp(b, g, path, m);
  else if (ok)
    ok = seconds(b, m->from, &g->from);
  ok = ok && seconds(b, m->length, &g->length);
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
  ok = ok && !b->declined;
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
static bool tap(builder *b, bool post, bool fader, size_t after, sp_tap *t);

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
  return tap(b, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
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

/* A key of the recipe's own, v, in its row's range (else said at it);
 * then rule's (the parser's rule of its values past its row's: said at
 * it too, the value left out). */
static bool top_value(builder *b, const char *key, const sp_key_row *row, double v, bool bare,
                      bool (*rule)(double, const char **))
{
  char why[320];
  const char *rule_why = NULL;
  if (isnan(v) || v == INFINITY)
    return decline(b, "a value the text writes as no number");
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
  if (b->declined)
    return false;
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

/* The stems as sp_mix_yaml's `stems:` writes them and fill_named reads
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
  const size_t from = said->n;
  bool ok = m->n_strips <= SP_MAX_NODES && top(&b, m);
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
  if (!ok) {
    sp_diags_truncate(said, from); /* the text's reading says them */
    sp_recipe_free(b.r);
    return NULL;
  }
  sp_build_unplace(b.r); /* placed at the text import writes (sp_session_place) */
  return b.r;
}
