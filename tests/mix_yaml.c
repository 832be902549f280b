/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' oracle of a session's recipe (tests/mix_yaml.h): the mix its
 * reader read written as recipe text, the text `import` once wrote and the
 * parser read. The builder (io/session/session_build.c) makes the recipe
 * with no text; the tests read this text with the parser and compare. Its
 * regions are written as read, each value as the text holds it: what the
 * builder says of one the text cannot hold (a fade's points that move as
 * a level's) is compared apart. */

#include "tests/mix_yaml.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/walk.h"
#include "core/recipe/writer.h"
#include "io/recipe/parse.h"
#include "io/session/session_build.h"
#include "io/session/session_build_strip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A level's `tempo:`: one constant tempo in quarter notes from the start
 * as its number, else the map's points. */
static void put_tempo(sp_writer *t, const sp_tempo_map *m)
{
  const sp_tempo_point *p = m->t;
  if (m->n == 1 && !p->ramped && p->note_type == 4) {
    sp_write(t, "tempo: %.17g, ", p->npm);
    return;
  }
  sp_write(t, "tempo: [");
  for (size_t i = 0; i < m->n; i++) {
    p = &m->t[i];
    sp_write(t, "%s{at: %.17g s, beat: %.17g, bpm: %.17g", i ? ", " : "",
             (double)p->sclock / (double)m->scps, (double)p->quarters / SP_TEMPO_BEAT_TICKS,
             p->npm);
    if (p->note_type != 4)
      sp_write(t, ", note: %d", p->note_type);
    if (p->ramped)
      sp_write(t, ", omega: %.17g", p->omega);
    sp_write(t, "}");
  }
  sp_write(t, "], ");
}

/* A gain matrix as built (a reader's, session_build_strip.h), "{gains:
 * {L: 0.97, LFE: 0.25}}" (a list for each channel when more than one
 * input). */
static void put_gains(sp_writer *t, const sp_pan *m)
{
  sp_write(t, "{gains: {");
  for (size_t k = 0; k < m->n_gains; k++) {
    sp_write(t, "%s%s: %s", k ? ", " : "", m->gain_to[k], m->gain_n[k] > 1 ? "[" : "");
    for (size_t i = 0; i < m->gain_n[k]; i++)
      sp_write(t, "%s%s", i ? ", " : "", sp_mix_num(m->gain_v[k][i]).text);
    sp_write(t, "%s", m->gain_n[k] > 1 ? "]" : "");
  }
  sp_write(t, "}}");
}

static void put_value(sp_writer *t, double v, bool db)
{
  if (db)
    sp_write_db(t, v);
  else
    sp_write_number(t, v);
}

/* A's points, [[t, v], ...] (times in frames when frames). */
static void put_points(sp_writer *t, const sp_auto *a, bool db, bool frames)
{
  sp_write(t, "[");
  for (size_t i = 0; i < a->n; i++) {
    sp_write(t, "%s[", i ? ", " : "");
    if (frames)
      sp_write(t, "%.0f smp", sp_time_number(a->points[i].t));
    else {
      sp_write_number(t, sp_time_number(a->points[i].t));
      sp_write(t, " s");
    }
    sp_write(t, ", ");
    put_value(t, a->points[i].v, db);
    sp_write(t, "]");
  }
  sp_write(t, "]");
}

static void put_auto(sp_writer *t, const sp_auto *a, bool db)
{
  if (a->n == 0) {
    put_value(t, a->value, db);
    return;
  }
  const bool list = a->ramp == SP_RAMP_LIST, declick = a->ramp == SP_RAMP_DECLICK;
  const bool interp = list && a->interp != SP_INTERP_EXPONENTIAL;
  /* a mapping as the walk writes one (what its kind takes not written
   * too: the check's to refuse) */
  const bool map = list || declick || a->tempo || a->has_start || a->n_vca;
  if (map) {
    sp_write(t, "{");
    if (list || declick)
      sp_write(t, "ramp: %s, ", declick ? "declick" : "ardour");
    if (interp)
      sp_write(t, "interpolation: %s, ", sp_curve_name(SP_CURVE_INTERP, (int)a->interp));
    if (a->tempo)
      put_tempo(t, a->tempo);
    if (a->has_start) {
      sp_write(t, "start: ");
      sp_write_db(t, a->start_db);
      sp_write(t, ", ");
    }
    sp_write(t, "points: ");
  }
  put_points(t, a, db, declick);
  if (a->n_vca) {
    sp_write(t, ", vca: [");
    for (size_t k = 0; k < a->n_vca; k++) { /* points, in beats {tempo: ..., points: [...]} */
      sp_write(t, "%s", k ? ", " : "");
      sp_auto c = a->vca[k]; /* a curve moves as Ardour's list: no ramp of its own written */
      if (c.ramp == SP_RAMP_LIST)
        c.ramp = SP_RAMP_DB;
      put_auto(t, &c, true);
    }
    sp_write(t, "]");
  }
  if (map)
    sp_write(t, "}");
}

/* A time as the parser reads it back: frames "N smp", else seconds. */
static void put_time(sp_writer *t, sp_time v)
{
  if (v.in_frames)
    sp_write(t, "%lld smp", (long long)v.frames);
  else {
    sp_write_number(t, v.seconds);
    sp_write(t, " s"); /* as the recipe's text writes a time, and the builder says it */
  }
}

/* A built value's points, [[t, v], ...] (v in dB with db). */
static void put_built_points(sp_writer *t, const sp_auto *a, bool db)
{
  sp_write(t, "[");
  for (size_t i = 0; i < a->n; i++) {
    sp_write(t, "%s[", i ? ", " : "");
    put_time(t, a->points[i].t);
    sp_write(t, ", ");
    put_value(t, a->points[i].v, db);
    sp_write(t, "]");
  }
  sp_write(t, "]");
}

/* Whether a, a fade's points as read, is a list the text holds: points
 * alone, none moving as a level's (else the builder says so and leaves
 * them out). */
static bool fade_held(const sp_auto *a)
{
  return a->ramp == SP_RAMP_DB && !a->tempo && !a->has_start && !a->n_vca;
}

/* A region's fade as read, as the builder takes it: none when a ramp of
 * no length (its inverse with it; one of less is written, the parser's
 * to refuse); a curve's or saved list's
 * points the text cannot hold left out (a ramp of no length), an inverse's
 * too; Ardour's default, a curve or saved points, or a ramp; with an
 * inverse, a map. */
static void put_fade(sp_writer *t, const char *key, const sp_fade *f)
{
  const bool drawn = f->shape == SP_FADE_CURVE || f->shape == SP_FADE_POINTS;
  const bool curve = drawn && fade_held(&f->curve);
  const bool inverse = f->inverse.n > 0 && fade_held(&f->inverse);
  if (f->shape == SP_FADE_RAMP && !f->length.in_frames && f->length.seconds == 0)
    return;
  if (drawn && !curve && !inverse)
    return;
  /* without an inverse, ardour and the length stand alone */
  const bool map = inverse || curve;
  sp_write(t, ", %s: %s", key, map ? "{" : "");
  if (f->shape == SP_FADE_DEFAULT) {
    sp_write(t, "%sardour", map ? "shape: " : "");
  } else if (curve) {
    sp_write(t, "%s: ", f->shape == SP_FADE_POINTS ? "points" : "curve");
    put_built_points(t, &f->curve, false);
  } else {
    sp_write(t, "%s", map ? "length: " : "");
    put_time(t, drawn ? (sp_time){0} : f->length);
  }
  if (inverse) {
    sp_write(t, ", inverse: ");
    put_built_points(t, &f->inverse, false);
  }
  sp_write(t, "%s", map ? "}" : "");
}

static void put_notes(sp_writer *t, const char *indent, char *const *notes, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    sp_write(t, "%s# ", indent);
    sp_write_comment(t, notes[i]);
    sp_write(t, "\n");
  }
}

/* A region's inputs as its reader read them: its file, or its files (a
 * list longer than a region takes too: the check refuses it whole). */
static void put_inputs(sp_writer *t, const char *in, const sp_region *r)
{
  if (r->n_files > 1) {
    sp_write(t, "%s  - {files: [", in);
    for (size_t k = 0; k < r->n_files; k++) {
      sp_write(t, "%s", k ? ", " : "");
      sp_write_string(t, r->files[k]);
    }
    sp_write(t, "]");
  } else {
    sp_write(t, "%s  - {%s: ", in, r->midi ? "midi" : "file");
    sp_write_string(t, r->file);
  }
}

/* One region of a track as read, a line of its regions: (in its indent). */
static void put_region(sp_writer *t, const char *in, const sp_region *r)
{
  put_inputs(t, in, r);
  if (r->channel)
    sp_write(t, ", channel: %d", r->channel);
  for (int c = 0, n = 0; c < 16; c++)
    if (r->keep_channels & (1u << c))
      sp_write(t, "%s%d%s", n++ ? ", " : ", keep_channels: [", c + 1,
               r->keep_channels >> (c + 1) ? "" : "]");
  if (r->force_channel)
    sp_write(t, ", force_channel: %d", r->force_channel);
  sp_write(t, ", at: ");
  put_time(t, r->at);
  if (r->stretch.on) {
    sp_write(t, ", warp: [");
    for (size_t k = 0; k < r->stretch.n; k++) {
      sp_write(t, "%s[", k ? ", " : "");
      put_time(t, r->stretch.src[k]);
      sp_write(t, ", ");
      put_time(t, r->stretch.at[k]);
      sp_write(t, "]");
    }
    sp_write(t, "]");
  } else {
    sp_write(t, ", from: ");
    put_time(t, r->from);
  }
  sp_write(t, ", length: ");
  put_time(t, r->length);
  if (r->opaque)
    sp_write(t, ", opaque: true");
  put_fade(t, "fade_in", &r->fade_in);
  put_fade(t, "fade_out", &r->fade_out);
  if (r->gain_db != 0) {
    sp_write(t, ", gain: ");
    sp_write_db(t, r->gain_db);
  }
  if (r->invert)
    sp_write(t, ", invert: true");
  if (r->envelope.n > 0) { /* as read (a start, a tempo: the check's to refuse) */
    const sp_auto *e = &r->envelope;
    const bool list = e->ramp == SP_RAMP_LIST, interp = list && e->interp != SP_INTERP_EXPONENTIAL;
    const bool declick = e->ramp == SP_RAMP_DECLICK,
               map = list || declick || e->tempo || e->has_start;
    sp_write(t, ", envelope: %s%s%s%s%s", map ? "{" : "",
             list      ? "ramp: ardour, "
             : declick ? "ramp: declick, "
                       : "",
             interp ? "interpolation: " : "",
             interp ? sp_curve_name(SP_CURVE_INTERP, (int)e->interp) : "", interp ? ", " : "");
    if (e->tempo)
      put_tempo(t, e->tempo);
    if (e->has_start) {
      sp_write(t, "start: ");
      sp_write_db(t, e->start_db);
      sp_write(t, ", ");
    }
    sp_write(t, "%s", map ? "points: " : "");
    put_built_points(t, e, true);
    sp_write(t, "%s", map ? "}" : "");
  }
  sp_write(t, "}\n");
}

/* A strip's value at key, moving or not, a line. */
static void put_moving(sp_writer *t, const char *in, const char *key, const sp_auto *a, bool db)
{
  sp_write(t, "%s%s: ", in, key);
  put_auto(t, a, db);
  sp_write(t, "\n");
}

/* The scalars a reader set by their rows (sp_mix_strip_number, _switch,
 * _word) that put_strip does not write by hand (those that move, solo),
 * as the recipe writes them: a level in its row's unit, another number
 * plain, a switch true, a word its row's; one not given left out. */
static void put_numbers(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) {
    const sp_key_row *row = &sp_key_rows_strip[k];
    const char *at = (const char *)&s->strip + row->at;
    if (row->moves || k == SP_KEY_STRIP_SOLO)
      continue;
    if (row->store == SP_KEY_S_BOOL && *(const bool *)at) {
      sp_write(t, "%s%s: %s\n", in, sp_keys_strip[k],
               row->type == SP_KEY_T_ENUM ? row->words[1] : "true");
      continue;
    }
    if (row->store == SP_KEY_S_INT && *(const int *)at) {
      if (row->type == SP_KEY_T_ENUM && !row->values)
        sp_write(t, "%s%s: %s\n", in, sp_keys_strip[k], row->words[*(const int *)at]);
      else
        sp_write(t, "%s%s: %d\n", in, sp_keys_strip[k], *(const int *)at);
      continue;
    }
    if (row->store != SP_KEY_S_DOUBLE)
      continue;
    const double v = *(const double *)at;
    if (row->has ? !*(const bool *)((const char *)&s->strip + row->has - 1) : v == 0)
      continue;
    sp_write(t, "%s%s: %s%s%s\n", in, sp_keys_strip[k], sp_mix_num(v).text,
             row->type == SP_KEY_T_LEVEL ? " " : "", row->type == SP_KEY_T_LEVEL ? row->unit : "");
  }
}

/* The strip's polarity: moving, all channels or some. */
static void put_invert(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  if (s->strip.invert.moves.n) {
    sp_write(t, "%sinvert: [", in);
    for (size_t i = 0; i < s->strip.invert.moves.n; i++) {
      const unsigned mask = (unsigned)s->strip.invert.moves.points[i].v;
      sp_write(t, "%s[%.0f smp, ", i ? ", " : "",
               sp_time_number(s->strip.invert.moves.points[i].t));
      if (s->invert_channels <= 1)
        sp_write(t, "%s", mask & 1u ? "true" : "false");
      for (size_t c = 0; s->invert_channels > 1 && c < s->invert_channels; c++)
        sp_write(t, "%s%s", c ? ", " : "[", c < 32 && (mask >> c & 1u) ? "true" : "false");
      sp_write(t, "%s]", s->invert_channels > 1 ? "]" : "");
    }
    sp_write(t, "]\n");
  } else if (s->strip.invert.all) {
    sp_write(t, "%sinvert: true\n", in);
  } else if (s->invert_listed) { /* one the parser refuses too (none, too many) */
    sp_write(t, "%sinvert: [", in);
    for (size_t c = 0; c < s->strip.invert.n; c++)
      sp_write(t, "%s%s", c ? ", " : "",
               c < 32 && (s->strip.invert.mask >> c & 1u) ? "true" : "false");
    sp_write(t, "]\n");
  }
}

/* A sidechain key's or a send's tap: pre, post, fader or after the
 * first `after` post_inserts. */
static void put_tap(sp_writer *t, bool post, bool fader, size_t after)
{
  if (fader && after)
    sp_write(t, ", tap: {after: %zu}", after);
  else
    sp_write(t, ", tap: %s", !post ? "pre" : fader ? "fader" : "post");
}

/* x as the recipe's own writer writes an insert (core/recipe/walk.c, the
 * YAML form: sp_recipe_yaml), its lines each after in (item: as a list's
 * item, `- NAME: {...}`; else `NAME: {...}`, an instrument's); its
 * sidechain key as the builder places it. Nothing for one whose class is
 * refused (what was said of it, sp_mix_yaml_said, is all there is). */
static void put_insert(sp_writer *t, const char *in, const sp_ins *x, bool item)
{
  if (!x->cls)
    return;
  sp_recipe *r = sp_recipe_new("oracle.yaml");
  sp_bus *b = sp_build_bus(r, "oracle");
  sp_insert ins = x->ins; /* the walk reads it */
  ins.path = sp_xasprintf("oracle.%s", x->proc->name);
  ins.key_from = x->key;
  const sp_tap_at tap = !x->key_post ? SP_TAP_PRE : x->key_fader ? SP_TAP_FADER : SP_TAP_POST;
  ins.key_tap = (sp_tap){.at = tap, .after = (unsigned)x->key_after};
  ins.key_level_db = x->key ? x->key_level_db : 0;
  ins.key_panned = x->key_panned;
  ins.key_has_pan = x->key_has_pan;
  ins.key_pan = x->key_pan;
  b->strip.inserts = &ins;
  b->strip.n_inserts = 1;
  char *text = sp_recipe_yaml(r, NULL);
  b->strip.inserts = NULL;
  b->strip.n_inserts = 0;
  free(ins.path);
  sp_recipe_free(r);
  const char *at = strstr(text, "inserts:\n");
  if (!at) {
    fprintf(stderr, "the oracle's insert has no text:\n%s\n", text);
    abort();
  }
  at += strlen("inserts:\n");
  /* `      - NAME: ...`, then lines indented under it */
  for (bool first = true; *at == ' '; first = false) {
    const char *end = strchr(at, '\n');
    const size_t n = end ? (size_t)(end - at) : strlen(at);
    if (!first && n > 8 && strncmp(at, "        ", 8) != 0)
      break;
    const size_t cut = item ? 6 : 8;
    sp_write(t, "%s  %.*s\n", in, (int)(n - cut), at + cut);
    at += n + (end != NULL);
  }
  free(text);
}

/* The strip's inserts before the fader, then after it. */
static void put_inserts(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  for (int post = 0; post < 2; post++) { /* before the fader, then after it */
    const size_t from = post ? s->n_inserts - s->n_post : 0;
    const size_t to = post ? s->n_inserts : s->n_inserts - s->n_post;
    bool any = false; /* of a class: a list of none refused is not written, as the walk's */
    for (size_t i = from; i < to; i++)
      any |= s->inserts[i].cls != NULL;
    if (!any)
      continue;
    sp_write(t, "%s%s:\n", in, post ? "post_inserts" : "inserts");
    for (size_t i = from; i < to; i++)
      put_insert(t, in, &s->inserts[i], true);
  }
}

/* The strip's sends. */
static void put_sends(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  if (!s->n_sends)
    return;
  sp_write(t, "%ssends:\n", in);
  for (size_t i = 0; i < s->n_sends; i++) {
    const sp_mix_send *x = &s->sends[i];
    sp_write(t, "%s  - {to: ", in);
    sp_write_name(t, x->send.to);
    sp_write(t, ", level: ");
    put_auto(t, &x->send.level, true);
    const sp_tap *tap = &x->send.tap;
    put_tap(t, tap->at != SP_TAP_PRE, tap->at == SP_TAP_FADER, x->tap_after);
    if (x->has_gains) { /* none taken: `{gains: {}}`, which the parser refuses */
      sp_write(t, ", pan: ");
      put_gains(t, &x->send.pan);
    } else if (x->has_pan) {
      sp_write(t, ", pan: ");
      put_auto(t, &x->send.pan.plain, false);
    }
    if (x->send.invert)
      sp_write(t, ", invert: true");
    sp_write(t, "}\n");
  }
}

static void put_strip(sp_writer *t, const sp_mix_strip *s)
{
  const char *in = s->kind == SP_MIX_MASTER ? "  " : "    ";
  if (s->kind != SP_MIX_MASTER) {
    put_notes(t, "  ", s->notes, s->n_notes);
    sp_write(t, "  ");
    sp_write_name(t, s->name);
    sp_write(t, ":\n");
  } else {
    put_notes(t, "", s->notes, s->n_notes);
    sp_write(t, "master:\n");
  }
  const size_t keys = t->n; /* where its keys start */
  if (s->kind == SP_MIX_TRACK) {
    sp_write(t, "%sregions:%s\n", in, s->n_regions ? "" : " []");
    for (size_t i = 0; i < s->n_regions; i++)
      put_region(t, in, &s->regions[i].region);
    if (s->instrument && s->instrument->cls) {
      sp_write(t, "%sinstrument:\n", in);
      put_insert(t, in, s->instrument, false);
    }
  }
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) { /* a fader's, by their rows */
    const sp_key_row *row = &sp_key_rows_strip[k];
    const sp_auto *a = (const sp_auto *)((const char *)&s->strip + row->at);
    if (row->store == SP_KEY_S_AUTO && (a->n || a->value != 0))
      put_moving(t, in, sp_keys_strip[k], a, row->timed == SP_TIMED_LEVEL);
  }
  if (s->strip.trims.n || s->strip.trim_db != 0)
    put_moving(t, in, "trim",
               s->strip.trims.n ? &s->strip.trims : &(sp_auto){.value = s->strip.trim_db}, true);
  if (s->strip.layout && s->kind != SP_MIX_TRACK) /* a track's files say theirs */
    sp_write(t, "%slayout: %s\n", in, s->strip.layout->name);
  else if (s->stereo && s->kind == SP_MIX_TRACK)
    sp_write(t, "%slayout: stereo\n", in);
  if (s->strip.has_fold) /* BS.775's levels, the only fold a reader gives */
    sp_write(t, "%sfold: bs775\n", in);
  if (s->has_gains) { /* none taken: `{gains: {}}`, which the parser refuses */
    sp_write(t, "%span: ", in);
    put_gains(t, &s->strip.pan);
    sp_write(t, "\n");
  } else if (s->strip.pan.plain.n || s->strip.pan.plain.value != 0) {
    put_moving(t, in, "pan", &s->strip.pan.plain, false);
  }
  if (s->strip.widths.n && s->strip.has_width)
    put_moving(t, in, "width", &s->strip.widths, false);
  else if (s->strip.has_width)
    put_moving(t, in, "width", &(sp_auto){.value = s->strip.width}, false);
  put_numbers(t, in, s);
  put_invert(t, in, s);
  if (s->strip.mute) {
    sp_write(t, "%smute: true\n", in);
  } else if (s->strip.mutes.n) {
    sp_write(t, "%smute: [", in);
    for (size_t i = 0; i < s->strip.mutes.n; i++)
      sp_write(t, "%s[%.0f smp, %s]", i ? ", " : "", sp_time_number(s->strip.mutes.points[i].t),
               s->strip.mutes.points[i].v != 0 ? "true" : "false");
    sp_write(t, "]\n");
  }
  if (s->strip.mute_points) {
    const char *const *points = sp_key_rows_strip[SP_KEY_STRIP_MUTE_POINTS].words; /* by bit */
    sp_write(t, "%smute_points: [", in);
    for (unsigned k = 0, n = 0; points[k]; k++)
      if (s->strip.mute_points >> k & 1u)
        sp_write(t, "%s%s", n++ ? ", " : "", points[k]);
    sp_write(t, "]\n");
  }
  if (s->strip.solo)
    sp_write(t, "%ssolo: true\n", in);
  put_inserts(t, in, s);
  put_sends(t, in, s);
  if (s->kind == SP_MIX_BUS && s->strip.to_none) {
    sp_write(t, "%sto: none\n", in);
  } else if (s->kind != SP_MIX_MASTER && s->strip.to) {
    sp_write(t, "%sto: ", in);
    sp_write_name(t, s->strip.to);
    sp_write(t, "\n");
  }
  if (t->n == keys && s->kind == SP_MIX_BUS) /* a bus of no keys: one that says nothing */
    sp_write(t, "%sgain: 0 dB\n", in);
}

/* The recipe path of strip s: master, tracks.NAME or buses.NAME (heap). */
static char *strip_path(const sp_mix_strip *s)
{
  if (s->kind == SP_MIX_MASTER)
    return sp_xstrdup("master");
  return sp_xasprintf("%s.%s", s->kind == SP_MIX_TRACK ? "tracks" : "buses", s->name);
}

/* How many of s's inserts have a class (written). */
static size_t placed(const sp_mix_strip *s)
{
  size_t n = 0;
  for (size_t i = 0; i < s->n_inserts; i++)
    n += s->inserts[i].cls != NULL;
  return n;
}

/* Whether x's said[i] is said of the whole of a band of it (a required
 * parameter it lacks: at "bands[N]" itself), not of a value: what the
 * text of the band says again. */
static bool said_whole(const sp_ins *x, size_t i)
{
  const char *p = x->said.v[i].path, *end = p ? strchr(p, ']') : NULL;
  return p && strncmp(p, "bands[", 6) == 0 && end && !end[1]; /* "bands[N]" itself */
}

/* What a reader said of x's values as it read them, said into d under
 * ipath as the builder says it (build_said_under); none where it does not
 * play as it is placed (the text's class says so), nor what its text says
 * again (a band's required parameter). */
static void said_of(const sp_ins *x, const char *ipath, bool instrument, sp_diags *d)
{
  char why[1024];
  if (x->cls && !sp_insert_plays(x->cls, x->proc->name, instrument, why, sizeof why))
    return;
  for (size_t i = 0; i < x->said.n; i++) {
    if (said_whole(x, i))
      continue;
    char *kp = sp_mix_said_path(ipath, x->said.v[i].path);
    sp_diags_error(d, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, kp, "%s", x->said.v[i].msg);
    free(kp);
  }
}

void sp_mix_yaml_said(const sp_mix *m, sp_diags *d)
{
  for (size_t k = 0; k <= m->n_strips; k++) {
    const sp_mix_strip *s = k < m->n_strips ? &m->strips[k] : &m->master;
    char *path = strip_path(s);
    bool midi = s->n_regions == 0;
    for (size_t i = 0; i < s->n_regions; i++)
      midi |= s->regions[i].region.midi;
    if (s->instrument && midi) {
      char *ip = sp_xasprintf("%s.instrument.%s", path, s->instrument->proc->name);
      said_of(s->instrument, ip, true, d);
      free(ip);
    }
    /* each at its place as the builder says it: one the text writes (of a
     * class) at its place among those, one left out at its place in the
     * session's list (build_inserts) */
    size_t written[2] = {0, 0};
    for (size_t i = 0; i < s->n_inserts; i++) {
      const bool post = i >= s->n_inserts - s->n_post;
      const size_t own = post ? i - (s->n_inserts - s->n_post) : i;
      char *ip = sp_xasprintf("%s.%s[%zu].%s", path, post ? "post_inserts" : "inserts",
                              s->inserts[i].cls ? written[post]++ : own, s->inserts[i].proc->name);
      said_of(&s->inserts[i], ip, false, d);
      free(ip);
    }
    free(path);
  }
}

char *sp_mix_yaml(const sp_mix *m)
{
  sp_writer t = {0};
  sp_write(&t, "# Imported from ");
  sp_write_comment(&t, m->source);
  sp_write(&t, " (");
  sp_write_comment(&t, m->format ? m->format : "");
  sp_write(&t, ") by stemprint import.\n");
  put_notes(&t, "", m->notes, m->n_notes);
  if (m->losses == 0)
    sp_write(&t, "# Everything the session states was carried over.\n");
  /* the top as built (session_build_top.h), by the recipe's own writer:
   * its keys as the reader set them, a key at its default left out */
  char *top = sp_recipe_yaml(m->top, NULL);
  sp_write(&t, "%s", top);
  free(top);
  sp_write(&t, "\ntracks:\n");
  size_t n_tracks = 0, n_buses = 0;
  for (size_t i = 0; i < m->n_strips; i++)
    if (m->strips[i].kind == SP_MIX_TRACK) {
      put_strip(&t, &m->strips[i]);
      n_tracks++;
    } else {
      n_buses++;
    }
  if (n_tracks == 0)
    sp_write(&t, "  {}\n");
  if (n_buses) {
    sp_write(&t, "\nbuses:\n");
    for (size_t i = 0; i < m->n_strips; i++)
      if (m->strips[i].kind == SP_MIX_BUS)
        put_strip(&t, &m->strips[i]);
  }
  sp_write(&t, "\n");
  put_strip(&t, &m->master);
  if (!m->master.strip.gain.n && m->master.strip.gain.value == 0 && !m->master.strip.trim_db &&
      !m->master.strip.trims.n && !m->master.strip.pan.plain.n &&
      m->master.strip.pan.plain.value == 0 && !m->master.strip.has_width && !placed(&m->master) &&
      !m->master.strip.layout)
    sp_write(&t, "  gain: 0 dB\n");
  sp_write(&t, "\n# ");
  sp_write_comment(&t, m->stems_how ? m->stems_how : "no stems");
  sp_write(&t, "\n");
  if (m->n_stems) {
    sp_write(&t, "stems:\n");
    for (size_t k = 0; k < m->n_stems; k++) {
      sp_write(&t, "  ");
      sp_write_name(&t, m->stems[k].name);
      sp_write(&t, ": [");
      for (size_t j = 0; j < m->stems[k].n_members; j++) {
        sp_write(&t, "%s", j ? ", " : "");
        sp_write_name(&t, m->stems[k].members[j]);
      }
      sp_write(&t, "]\n");
    }
  }
  return sp_writer_take(&t);
}

/* What the builder says of fade f's points at path.key (fade_held). */
static void fade_said(const sp_fade *f, const char *path, const char *key, sp_diags *into)
{
  static const char why[] = "the session's reader gave a value the recipe cannot hold (a fade's "
                            "points that move as a level's); please report it";
  const bool drawn = f->shape == SP_FADE_CURVE || f->shape == SP_FADE_POINTS;
  if (f->shape == SP_FADE_RAMP && !f->length.in_frames && f->length.seconds == 0)
    return; /* none */
  for (int inverse = 0; inverse < 2; inverse++) {
    const sp_auto *a = inverse ? &f->inverse : &f->curve;
    if ((inverse ? a->n > 0 : drawn) && !fade_held(a)) {
      char *kp = sp_xasprintf("%s.%s.%s", path, key,
                              inverse                      ? "inverse"
                              : f->shape == SP_FADE_POINTS ? "points"
                                                           : "curve");
      sp_diags_error(into, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, kp, "%s", why);
      free(kp);
    }
  }
}

void sp_test_regions_said(const sp_mix *m, sp_diags *into)
{
  for (size_t i = 0; i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    for (size_t k = 0; s->kind == SP_MIX_TRACK && k < s->n_regions; k++) {
      char *rp = sp_xasprintf("tracks.%s.regions[%zu]", s->name, k);
      fade_said(&s->regions[k].region.fade_in, rp, "fade_in", into);
      fade_said(&s->regions[k].region.fade_out, rp, "fade_out", into);
      free(rp);
    }
  }
}

void sp_test_said_take(sp_diags *text, size_t from, sp_diags *regions)
{
  const size_t n = text->n;
  for (size_t j = 0; j < regions->n; j++) {
    const sp_diag *r = &regions->v[j];
    bool said = false;
    for (size_t i = from; i < n && !said; i++)
      said = text->v[i].severity == SP_SEV_ERROR && text->v[i].path &&
             strcmp(text->v[i].path, r->path) == 0 && strcmp(text->v[i].msg, r->msg) == 0;
    if (!said)
      sp_diags_error(text, r->kind, r->file, r->pos, r->path, "%s", r->msg);
  }
  sp_diags_fini(regions);
  sp_diags_init(regions);
}

void sp_mix_said_placed(const sp_mix *m, sp_diags *out)
{
  sp_test_regions_said(m, out);
  sp_mix_yaml_said(m, out);
}

/* The stems of in's recipe (those the session's rule chooses on the
 * recipe, io/session/import.c) put into m (finished, of in, with none:
 * not listed), for its text. */
static void stems_by_rule(const sp_session_input *in, const sp_import_opts *o, sp_mix *m)
{
  sp_diags scratch;
  sp_diags_init(&scratch);
  sp_session_reading how = {0};
  sp_recipe *r = NULL;
  sp_session_read(in, o, &how, &r, NULL, NULL, &scratch);
  const size_t n = r && !m->n_stems ? r->n_stems : 0;
  for (size_t k = 0; k < n; k++) {
    const sp_stem *from = &r->stems[k];
    SP_GROW(m->stems, m->n_stems, m->cap_stems);
    sp_stem *st = &m->stems[m->n_stems++];
    *st = (sp_stem){.name = sp_xstrdup(from->name),
                    .members = sp_xcalloc(from->n_members + 1, sizeof(char *)),
                    .n_members = from->n_members};
    for (size_t j = 0; j < from->n_members; j++)
      st->members[j] = sp_xstrdup(from->members[j]);
  }
  sp_recipe_free(r);
  sp_diags_fini(&scratch);
}

sp_err sp_session_import_said(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d,
                              sp_diags *said)
{
  static const sp_import_opts none = {0};
  *yaml = NULL;
  sp_session_input in;
  sp_err rc = SP_ERR_USAGE;
  if (sp_session_probe(path, &in)) {
    if (!o)
      o = &none;
    sp_mix m;
    if (sp_session_mix(&in, o, &m, d, &rc)) {
      stems_by_rule(&in, o, &m);
      *yaml = sp_mix_yaml(&m);
      if (said)
        sp_mix_said_placed(&m, said);
    }
    if (o->losses)
      *o->losses = m.losses;
    sp_mix_fini(&m);
    if (!*yaml && rc == SP_OK)
      rc = sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE;
  } else {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: not a session stemprint reads; give a DAWproject file (.dawproject) "
                       "or an Ardour session (its folder or .ardour file)",
                       path ? path : "(none)");
  }
  sp_session_input_fini(&in);
  return rc;
}

char *sp_test_text_said(const char *file, const char *text, sp_recipe **read)
{
  sp_diags d;
  sp_diags_init(&d);
  *read = NULL;
  sp_recipe_parse_string(file, text, read, &d);
  char *said = sp_test_errors_of(&d, 0);
  sp_diags_fini(&d);
  return said;
}

char *sp_test_errors_of(const sp_diags *d, size_t from)
{
  size_t n = 0;
  char **v = sp_xcalloc(d->n + 1, sizeof *v);
  for (size_t i = from; i < d->n; i++)
    if (d->v[i].severity == SP_SEV_ERROR)
      v[n++] = sp_xasprintf("%s: %s", d->v[i].path ? d->v[i].path : "", d->v[i].msg);
  for (size_t i = 1; i < n; i++) /* insertion sort: a few */
    for (size_t k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
      char *t = v[k];
      v[k] = v[k - 1];
      v[k - 1] = t;
    }
  sp_writer w = {0};
  for (size_t i = 0; i < n; i++)
    sp_write(&w, "%s\n", v[i]);
  sp_free_strings(v, n);
  char *all = sp_writer_take(&w);
  return all ? all : sp_xstrdup("");
}

sp_recipe *sp_test_session_recipe(sp_mix *m, const char *file, sp_diags *said)
{
  const size_t from = said->n;
  sp_recipe *r = sp_session_build(m, file, said);
  if (r) {
    sp_session_place(r, NULL);
    sp_recipe_check(r, said, from);
  }
  return r;
}
