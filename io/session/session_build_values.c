/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's values as the session builder reads them (its times,
 * levels, timed values, tempo maps, names, taps): each as the parser reads
 * the text the mix would be written as, what it says of one said at its
 * path (io/session/session_builder.h). */

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

/* v, a time written as the writer writes it (in_frames: "%.0f smp", else
 * a plain number of seconds), into *t as the parser reads that text; else
 * what the parser says of it said at kp (false). */
static bool time_of(builder *b, const char *kp, double v, bool in_frames, sp_time *t)
{
  char why[320];
  if (sp_build_time(v, in_frames, t, why, sizeof why))
    return true;
  build_say_at(b, kp, why);
  return false;
}

bool build_seconds(builder *b, const char *kp, double v, sp_time *t)
{
  return time_of(b, kp, v, false, t);
}

bool build_frames(builder *b, const char *kp, double v, sp_time *t)
{
  return time_of(b, kp, v, true, t);
}

static const sp_key_row *const tempo_rows = sp_key_rows_tempo;

/* What the parser says of the value key of the object at path (why), said
 * at its path: the text import writes places it there (at the object,
 * where the value is left out; tracks of none and master left with no
 * key after that text, io/session/import.c). */
void build_say_at(builder *b, const char *kp, const char *why)
{
  sp_diags_error(b->said, SP_ERR_USAGE, b->r->file, (sp_pos){1, 1}, kp, "%s", why);
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
  build_unheld_text(what, why, sizeof why);
  build_say_at(b, kp, why);
  return false;
}

void build_unheld_text(const char *what, char *why, size_t size)
{
  snprintf(why, size,
           "the session's reader gave a value the recipe cannot hold (%s); please report it", what);
}

void build_say(builder *b, const char *path, const char *key, const char *why)
{
  char *kp = sp_xasprintf("%s.%s", path, key);
  build_say_at(b, kp, why);
  free(kp);
}

/* Whether v, key of the object at path, reads as the parser reads the
 * text the writer writes of it (bare: a plain number, else in its row's
 * unit), in its row's range; else the parser's message of it said at its
 * path (the value left out: false). */
bool build_in_row(builder *b, const char *path, const char *key, const sp_key_row *row, double v,
                   bool bare)
{
  char why[320];
  if (sp_build_row_value(row, v, bare, why, sizeof why))
    return true;
  build_say(b, path, key, why);
  return false;
}

/* What the parser says of the part sub ("", ".tempo", ".points[2][1]")
 * of the timed value being built (at b->at), said there: the value is
 * refused (false). */
static bool refuse(builder *b, const char *sub, const char *why)
{
  char *p = sp_xasprintf("%s%s", b->at, sub);
  build_say_at(b, p, why);
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
  build_unheld(b, p, what);
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
bool build_tempo(builder *b, const sp_tempo_map *m, sp_tempo_map **out)
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


const build_kind build_level_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, true, false, false};
const build_kind build_envelope_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, false, true, false};
const build_kind build_pan_kind = {-SP_BUILD_PAN_MAX, SP_BUILD_PAN_MAX, false, false, false, true};
static const build_kind build_vca_kind = {-INFINITY, SP_BUILD_LEVEL_MAX_DB, true, false, false, true};

/* Whether v, a value of kind k, reads as the parser reads the text the
 * writer writes of it; else what it says of it in why. */
static bool kind_value(const build_kind *k, double v, char *why, size_t size)
{
  return sp_build_value(v, k->db ? SP_UNIT_DB : SP_UNIT_NUMBER, !k->db, k->min, k->max, why, size);
}

/* a's points into out (times in frames with in_frames), as get_points
 * reads them from the text the writer writes of them, at the timed
 * value's sub (its `.points`, or "" where it is the list): each time and
 * value read from its text, in time order; what the parser says of one
 * (the next in time order after the last it took) said at its place, the
 * value refused. */
static bool points(builder *b, const char *sub, const sp_auto *a, const build_kind *k,
                   bool in_frames, sp_auto *out)
{
  const double rate = b->r->sample_rate;
  out->points = sp_xcalloc(a->n, sizeof *out->points);
  bool ok = true;
  for (size_t i = 0; i < a->n; i++) {
    sp_auto_point q = {.v = a->points[i].v};
    char why[320], tp[96], vp[96];
    snprintf(tp, sizeof tp, "%s[%zu][0]", sub, i);
    snprintf(vp, sizeof vp, "%s[%zu][1]", sub, i);
    bool good = sp_build_time(sp_time_number(a->points[i].t), in_frames, &q.t, why, sizeof why) ||
                refuse(b, tp, why);
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


/* a's VCA curves into out (a level's, of `ramp: ardour`) as get_vcas
 * reads them, each at the timed value's `.vca[i]`. */
static bool vcas(builder *b, const sp_auto *a, sp_auto *out)
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
    const sp_auto *v = &a->vca[i];
    if (v->n == 0) { /* the readers write none: a constant part is a point at 0 */
      char sub[48];
      snprintf(sub, sizeof sub, ".vca[%zu]", i);
      return refuse_unheld(b, sub, "a VCA's curve of no point");
    }
    char *cp = sp_xasprintf("%s.vca[%zu]", at, i);
    b->at = cp;
    sp_auto *c = &out->vca[out->n_vca++]; /* counted: freed with out */
    if (build_timed(b, v, &build_vca_kind, c))
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
bool build_timed(builder *b, const sp_auto *a, const build_kind *k, sp_auto *out)
{
  *out = (sp_auto){0};
  char why[320];
  if (a->n == 0) {
    if (!kind_value(k, a->value, why, sizeof why))
      return refuse(b, "", why);
    out->value = a->value;
    return true;
  }
  const bool list = a->ramp == SP_RAMP_LIST, declick = a->ramp == SP_RAMP_DECLICK;
  const bool ramp = list || declick, mapped = ramp || a->tempo;
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
  const bool written[N_KEYS] = {ramp, list && a->interp != SP_INTERP_EXPONENTIAL,
                                a->tempo && (list || !ramp), ramp && a->has_start, a->n_vca > 0};
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
    out->ramp = a->ramp;
    if (k->envelope && declick)
      refuse(b, ".ramp", sp_build_envelope_ramp);
  }
  if (takes[INTERP]) /* beside `ramp: ardour` */
    out->interp = a->interp;
  if (takes[TEMPO] && k->level && out->ramp != SP_RAMP_LIST)
    refuse(b, ".tempo", sp_build_tempo_needs_ramp);
  else if (takes[TEMPO])
    build_tempo(b, a->tempo, &out->tempo);
  if (takes[START]) { /* beside a ramp */
    if (sp_build_row_value(&sp_key_rows_level[SP_KEY_LEVEL_START], a->start_db, false, why,
                           sizeof why)) {
      out->has_start = true;
      out->start_db = a->start_db;
    } else {
      refuse(b, ".start", why);
    }
  }
  if (!points(b, mapped ? ".points" : "", a, k, declick, out) || b->refused)
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
bool build_timed_key(builder *b, const char *path, const char *key, const sp_auto *a,
                      const build_kind *k, sp_auto *out, bool *left)
{
  char *at = sp_xasprintf("%s.%s", path, key);
  b->at = at;
  const bool ok = build_timed(b, a, k, out);
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
sp_written build_plain_word(const char *text)
{
  return (sp_written){sp_yaml_null_text(text, false) ? sp_ykind_name(SP_Y_NULL) : NULL, text,
                      false};
}

/* The name of a track, bus or stem (what), key of its object at path: a
 * name the parser refuses said as it says it there (the object kept, as
 * the parser keeps it). */
void build_name_said(builder *b, const char *path, const char *name, const char *what)
{
  char why[320];
  if (!sp_build_name(name, what, why, sizeof why))
    build_say_at(b, path, why);
}

/* Whether s, a file or a name written quoted where YAML would read it as
 * another kind (sp_write_string, sp_write_name: the quoted text reads back
 * as s), is a text the parser takes where it expects what (at path, key
 * of its object): an empty one is said there as it says it. */
bool build_text_said(builder *b, const char *path, const char *s, const char *what)
{
  if (*s)
    return true;
  char why[320];
  sp_build_no_text(what, why, sizeof why);
  build_say_at(b, path, why);
  return false;
}


/* A tap as put_tap writes it and get_tap reads it, of the object at at
 * (a send, a sidechain key): `{after: N}` past the parser's range said at
 * its `tap.after`, the tap left as it was. */
bool build_tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t)
{
  if (fader && after) {
    char text[32], why[512];
    unsigned n = 0;
    snprintf(text, sizeof text, "%zu", after);
    if (!sp_build_tap_after(text, &n, why, sizeof why)) {
      build_say(b, at, "tap.after", why);
      return true;
    }
    *t = (sp_tap){.at = SP_TAP_FADER, .after = n};
  } else {
    *t = (sp_tap){.at = !post ? SP_TAP_PRE : fader ? SP_TAP_FADER : SP_TAP_POST};
  }
  return true;
}
