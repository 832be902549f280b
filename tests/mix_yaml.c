/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' oracle of a session's recipe (tests/mix_yaml.h): the mix its
 * reader read written as recipe text, the text `import` once wrote and the
 * parser read. The builder (io/session/session_build.c) makes the recipe
 * with no text; the tests read this text with the parser and compare. Its
 * regions, built by the readers (io/session/session_build_region.h), are
 * written as built: what the builder said of them is compared apart. */

#include "tests/mix_yaml.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"
#include "io/session/session_build_region.h"

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

/* A gain matrix, "{gains: {L: 0.97, LFE: 0.25}}" (a list for each
 * channel when more than one input). */
static void put_gains(sp_writer *t, const sp_mix_gains *m)
{
  sp_write(t, "{gains: {");
  bool first = true;
  for (int o = 0; o < m->layout->n; o++) {
    bool any = false;
    for (size_t i = 0; i < m->inputs; i++)
      any |= m->g[i][o] != 0;
    if (!any)
      continue;
    sp_write(t, "%s%s: %s", first ? "" : ", ", m->layout->ch[o].name, m->inputs > 1 ? "[" : "");
    for (size_t i = 0; i < m->inputs; i++)
      sp_write(t, "%s%s", i ? ", " : "", sp_mix_num(m->g[i][o]).text);
    sp_write(t, "%s", m->inputs > 1 ? "]" : "");
    first = false;
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
static void put_points(sp_writer *t, const sp_mix_auto *a, bool db, bool frames)
{
  sp_write(t, "[");
  for (size_t i = 0; i < a->n; i++) {
    sp_write(t, "%s[", i ? ", " : "");
    if (frames)
      sp_write(t, "%.0f smp", a->pts[i].t);
    else
      sp_write_number(t, a->pts[i].t);
    sp_write(t, ", ");
    put_value(t, a->pts[i].v, db);
    sp_write(t, "]");
  }
  sp_write(t, "]");
}

static void put_auto(sp_writer *t, const sp_mix_auto *a, bool db)
{
  if (a->n == 0) {
    put_value(t, a->value, db);
    return;
  }
  if (a->ramp_ardour || a->ramp_declick) {
    sp_write(t, "{ramp: %s, %s%s%s", a->ramp_declick ? "declick" : "ardour",
             a->ramp_ardour && a->interpolation ? "interpolation: " : "",
             a->ramp_ardour && a->interpolation ? a->interpolation : "",
             a->ramp_ardour && a->interpolation ? ", " : "");
    if (a->ramp_ardour && a->tempo)
      put_tempo(t, a->tempo);
    if (a->has_start) {
      sp_write(t, "start: ");
      sp_write_db(t, a->start_db);
      sp_write(t, ", ");
    }
    sp_write(t, "points: ");
  } else if (a->tempo) { /* a pan's list held in beats */
    sp_write(t, "{");
    put_tempo(t, a->tempo);
    sp_write(t, "points: ");
  }
  put_points(t, a, db, a->ramp_declick);
  if (a->n_vca) {
    sp_write(t, ", vca: [");
    for (size_t k = 0; k < a->n_vca; k++) { /* points, in beats {tempo: ..., points: [...]} */
      sp_write(t, "%s", k ? ", " : "");
      put_auto(t, &a->vca[k], true);
    }
    sp_write(t, "]");
  }
  if (a->ramp_ardour || a->ramp_declick || a->tempo)
    sp_write(t, "}");
}

/* A time as the parser reads it back: frames "N smp", else seconds. */
static void put_time(sp_writer *t, sp_time v)
{
  if (v.in_frames)
    sp_write(t, "%lld smp", (long long)v.frames);
  else
    sp_write_number(t, v.seconds);
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

/* A region's fade as built (none when a ramp of no length and no
 * inverse): Ardour's default, a curve or saved points, or a ramp; with an
 * inverse, a map. */
static void put_fade(sp_writer *t, const char *key, const sp_fade *f)
{
  const bool curve = f->shape == SP_FADE_CURVE || f->shape == SP_FADE_POINTS;
  if (f->shape == SP_FADE_RAMP && !f->length.in_frames && f->length.seconds == 0 &&
      f->inverse.n == 0)
    return;
  /* without an inverse, ardour and the length stand alone */
  const bool map = f->inverse.n > 0 || curve;
  sp_write(t, ", %s: %s", key, map ? "{" : "");
  if (f->shape == SP_FADE_DEFAULT) {
    sp_write(t, "%sardour", map ? "shape: " : "");
  } else if (curve) {
    sp_write(t, "%s: ", f->shape == SP_FADE_POINTS ? "points" : "curve");
    put_built_points(t, &f->curve, false);
  } else {
    sp_write(t, "%s", map ? "length: " : "");
    put_time(t, f->length);
  }
  if (f->inverse.n > 0) {
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

/* The index k of a key "files[k]" (path), else -1. */
static long file_index(const char *path)
{
  long k = -1;
  return path && sscanf(path, "files[%ld]", &k) == 1 ? k : -1;
}

/* A built region's inputs, as its reader gave them: its file(s) read,
 * and where the builder refused one (said), a text its read refuses the
 * same way: an empty path where it said one, a list longer than a region
 * takes where it said the list. */
static void put_inputs(sp_writer *t, const char *in, const sp_built_region *x)
{
  const sp_region *r = &x->region;
  long last = -1; /* the last index of a list of files, kept or refused */
  bool list = r->n_files > 0, midi = r->midi;
  for (size_t j = 0; j < r->n_files; j++)
    last = file_index(r->keys[j]) > last ? file_index(r->keys[j]) : last;
  for (size_t j = 0; j < x->said.n; j++) {
    const char *p = x->said.v[j].path ? x->said.v[j].path : "";
    last = file_index(p) > last ? file_index(p) : last;
    if (strcmp(p, "files") == 0) /* the list refused whole: longer than a region takes */
      last = SP_MAX_CHANNELS;
    list |= strcmp(p, "files") == 0 || file_index(p) >= 0;
    midi |= strcmp(p, "midi") == 0;
  }
  if (list) {
    sp_write(t, "%s  - {files: [", in);
    for (long k = 0, j = 0; k <= last; k++) {
      const bool kept = (size_t)j < r->n_files && file_index(r->keys[j]) == k;
      sp_write(t, "%s", k ? ", " : "");
      sp_write_string(t, kept ? r->files[j++] : "");
    }
    sp_write(t, "]");
  } else {
    sp_write(t, "%s  - {%s: ", in, midi ? "midi" : "file");
    sp_write_string(t, r->file ? r->file : "");
  }
}

/* One region of a track as built (its values the parser refused left
 * out, said by the builder), a line of its regions: (in its indent). */
static void put_region(sp_writer *t, const char *in, const sp_built_region *x)
{
  const sp_region *r = &x->region;
  put_inputs(t, in, x);
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
  if (r->envelope.n == 0 && r->envelope.value != 0) { /* its points left out, their first kept */
    sp_write(t, ", envelope: ");
    sp_write_db(t, r->envelope.value);
  } else if (r->envelope.n > 0) {
    sp_write(t, ", envelope: %s", r->envelope.ramp == SP_RAMP_LIST ? "{ramp: ardour, points: " : "");
    put_built_points(t, &r->envelope, true);
    sp_write(t, "%s", r->envelope.ramp == SP_RAMP_LIST ? "}" : "");
  }
  sp_write(t, "}\n");
}

/* A strip's value at key, moving or not, a line. */
static void put_moving(sp_writer *t, const char *in, const char *key, const sp_mix_auto *a, bool db)
{
  sp_write(t, "%s%s: ", in, key);
  put_auto(t, a, db);
  sp_write(t, "\n");
}

/* The strip's polarity: moving, all channels or some. */
static void put_invert(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  if (s->inverts.n) {
    sp_write(t, "%sinvert: [", in);
    for (size_t i = 0; i < s->inverts.n; i++) {
      const unsigned mask = (unsigned)s->inverts.pts[i].v;
      sp_write(t, "%s[%.0f smp, ", i ? ", " : "", s->inverts.pts[i].t);
      if (s->invert_channels <= 1)
        sp_write(t, "%s", mask & 1u ? "true" : "false");
      for (size_t c = 0; s->invert_channels > 1 && c < s->invert_channels; c++)
        sp_write(t, "%s%s", c ? ", " : "[", c < 32 && (mask >> c & 1u) ? "true" : "false");
      sp_write(t, "%s]", s->invert_channels > 1 ? "]" : "");
    }
    sp_write(t, "]\n");
  } else if (s->invert) {
    sp_write(t, "%sinvert: true\n", in);
  } else if (s->n_invert) {
    sp_write(t, "%sinvert: [", in);
    for (size_t c = 0; c < s->n_invert; c++)
      sp_write(t, "%s%s", c ? ", " : "", c < 32 && (s->invert_mask >> c & 1u) ? "true" : "false");
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

static void put_insert_keys(sp_writer *t, const sp_mix_insert *x);

/* A number and its unit (none where it is bare, or a plain number). */
static void put_number(sp_writer *t, double v, sp_unit unit, bool bare)
{
  const char *un = bare ? "" : sp_unit_name(unit);
  sp_write(t, "%s%s%s", sp_mix_num(v).text, *un ? " " : "", un);
}

/* A moving value: [[T s, V], ...], in a mapping with its ramp and tempo
 * where it has them. */
static void put_insert_points(sp_writer *t, const sp_mix_points *p)
{
  const bool map = p->linear || p->tempo;
  sp_write(t, "%s%s", map ? "{" : "[", p->linear ? "ramp: linear, " : "");
  if (p->tempo)
    put_tempo(t, p->tempo);
  sp_write(t, "%s", map ? "points: [" : "");
  for (size_t i = 0; i < p->n; i++) {
    if (p->frames)
      sp_write(t, "%s[%.0f smp, ", i ? ", " : "", p->pts[i].t);
    else
      sp_write(t, "%s[%s s, ", i ? ", " : "", sp_mix_num(p->pts[i].t).text);
    if (p->kind == SP_MIX_PTS_SWITCHES)
      sp_write(t, "%s", p->pts[i].v != 0 ? "true" : "false");
    else if (p->kind == SP_MIX_PTS_LABELS)
      sp_write_quoted(t, p->labels[i]);
    else
      put_number(t, p->pts[i].v, p->unit, false);
    sp_write(t, "]");
  }
  sp_write(t, "%s", map ? "]}" : "]");
}

/* An insert's value as the recipe writes it: "-3 dB", "auto", "true",
 * "\"URI\"", "[L, R]", points, bands. */
static void put_insert_value(sp_writer *t, const sp_mix_value *v)
{
  switch (v->kind) {
  case SP_MIX_NUMBER: put_number(t, v->number, v->unit, v->bare); break;
  case SP_MIX_BOOL: sp_write(t, "%s", v->on ? "true" : "false"); break;
  case SP_MIX_WORD: sp_write(t, "%s", v->text); break;
  case SP_MIX_STRING: sp_write_quoted(t, v->text); break;
  case SP_MIX_NAMES:
    sp_write(t, "[");
    for (size_t i = 0; i < v->n_names; i++)
      sp_write(t, "%s%s", i ? ", " : "", v->names[i]);
    sp_write(t, "]");
    break;
  case SP_MIX_POINTS: put_insert_points(t, v->points); break;
  case SP_MIX_BANDS:
    sp_write(t, "[");
    for (size_t b = 0; b < v->n_bands; b++) {
      sp_write(t, "%s{", b ? ", " : "");
      put_insert_keys(t, &v->bands[b]);
      sp_write(t, "}");
    }
    sp_write(t, "]");
    break;
  }
}

/* x's keys and values, "KEY: VALUE, ...". */
static void put_insert_keys(sp_writer *t, const sp_mix_insert *x)
{
  for (size_t i = 0; i < x->n; i++) {
    sp_write(t, "%s%s: ", i ? ", " : "", x->keys[i]);
    put_insert_value(t, &x->values[i]);
  }
}

/* An insert as a flow mapping, `NAME: {KEY: VALUE, ...}` (its sidechain
 * key last), or `NAME: VALUE`. */
static void put_insert(sp_writer *t, const sp_mix_insert *x)
{
  sp_write(t, "%s: ", x->proc->name);
  if (x->value) {
    put_insert_value(t, x->value);
    return;
  }
  sp_write(t, "{");
  put_insert_keys(t, x);
  if (x->key) {
    sp_write(t, "%skey: {from: ", x->n ? ", " : "");
    sp_write_name(t, x->key);
    put_tap(t, x->key_post, x->key_fader, x->key_after);
    if (x->key_level_db != 0) {
      sp_write(t, ", level: ");
      sp_write_db(t, x->key_level_db);
    }
    if (x->key_panned)
      sp_write(t, ", panned: true");
    sp_write(t, "}");
  }
  sp_write(t, "}");
}

/* The strip's inserts before the fader, then after it. */
static void put_inserts(sp_writer *t, const char *in, const sp_mix_strip *s)
{
  for (int post = 0; post < 2; post++) { /* before the fader, then after it */
    const size_t from = post ? s->n_inserts - s->n_post : 0;
    const size_t to = post ? s->n_inserts : s->n_inserts - s->n_post;
    if (from == to)
      continue;
    sp_write(t, "%s%s:\n", in, post ? "post_inserts" : "inserts");
    for (size_t i = from; i < to; i++) {
      sp_write(t, "%s  - ", in);
      put_insert(t, &s->inserts[i]);
      sp_write(t, "\n");
    }
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
    sp_write_name(t, x->to);
    sp_write(t, ", level: ");
    put_auto(t, &x->level, true);
    put_tap(t, !x->pre, x->fader, x->after);
    if (x->pan_gains) {
      sp_write(t, ", pan: ");
      put_gains(t, x->pan_gains);
    } else if (x->has_pan) {
      sp_write(t, ", pan: ");
      put_auto(t, &x->pan, false);
    }
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
    sp_write(t, "%sregions:%s\n", in, s->n_built ? "" : " []");
    for (size_t i = 0; i < s->n_built; i++)
      put_region(t, in, &s->built[i]);
    if (s->instrument) {
      sp_write(t, "%sinstrument: {", in);
      put_insert(t, s->instrument);
      sp_write(t, "}\n");
    }
  }
  if (s->gain.n || s->gain.value != 0)
    put_moving(t, in, "gain", &s->gain, true);
  if (s->trims.n || s->trim_db != 0)
    put_moving(t, in, "trim", s->trims.n ? &s->trims : &(sp_mix_auto){.value = s->trim_db}, true);
  if (s->layout && s->kind != SP_MIX_TRACK) /* a track's files say theirs */
    sp_write(t, "%slayout: %s\n", in, s->layout->name);
  else if (s->stereo && s->kind == SP_MIX_TRACK)
    sp_write(t, "%slayout: stereo\n", in);
  if (s->fold)
    sp_write(t, "%sfold: bs775\n", in);
  if (s->pan_gains) {
    sp_write(t, "%span: ", in);
    put_gains(t, s->pan_gains);
    sp_write(t, "\n");
  } else if (s->pan.n || s->pan.value != 0) {
    put_moving(t, in, "pan", &s->pan, false);
  }
  if (s->has_width)
    put_moving(t, in, "width", s->widths.n ? &s->widths : &(sp_mix_auto){.value = s->width}, false);
  put_invert(t, in, s);
  if (s->mute) {
    sp_write(t, "%smute: true\n", in);
  } else if (s->mutes.n) {
    sp_write(t, "%smute: [", in);
    for (size_t i = 0; i < s->mutes.n; i++)
      sp_write(t, "%s[%.0f smp, %s]", i ? ", " : "", s->mutes.pts[i].t,
               s->mutes.pts[i].v != 0 ? "true" : "false");
    sp_write(t, "]\n");
  }
  if (s->mute_points) {
    const char *const *points = sp_key_rows_strip[SP_KEY_STRIP_MUTE_POINTS].words; /* by bit */
    sp_write(t, "%smute_points: [", in);
    for (unsigned k = 0, n = 0; points[k]; k++)
      if (s->mute_points >> k & 1u)
        sp_write(t, "%s%s", n++ ? ", " : "", points[k]);
    sp_write(t, "]\n");
  }
  if (s->solo)
    sp_write(t, "%ssolo: true\n", in);
  put_inserts(t, in, s);
  put_sends(t, in, s);
  if (s->kind == SP_MIX_BUS && s->to_none) {
    sp_write(t, "%sto: none\n", in);
  } else if (s->kind != SP_MIX_MASTER && s->to) {
    sp_write(t, "%sto: ", in);
    sp_write_name(t, s->to);
    sp_write(t, "\n");
  }
  if (t->n == keys && s->kind == SP_MIX_BUS) /* a bus of no keys: one that says nothing */
    sp_write(t, "%sgain: 0 dB\n", in);
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
  sp_write(&t, "stemprint: 1\nsample_rate: ");
  sp_write_number(&t, m->rate);
  sp_write(&t, "\npan_law: ");
  if (m->pan_law != SP_PAN_LAW_DB)
    sp_write(&t, "%s", sp_curve_name(SP_CURVE_PAN_LAW, (int)m->pan_law));
  else
    sp_write_db(&t, m->pan_law_db);
  if (m->cycle_ardour)
    sp_write(&t, "\nplugin_cycle: ardour");
  if (m->latency_ignored)
    sp_write(&t, "\nlatency: ignore");
  if (m->length_frames > 0)
    sp_write(&t, "\nlength: %lld smp\ntail: 0", (long long)m->length_frames);
  sp_write(&t, "\n\ntracks:\n");
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
  if (!m->master.gain.n && m->master.gain.value == 0 && !m->master.trim_db && !m->master.trims.n &&
      !m->master.pan.n && m->master.pan.value == 0 && !m->master.has_width &&
      !m->master.n_inserts && !m->master.layout)
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

void sp_test_regions_said(const sp_mix *m, sp_diags *into)
{
  for (size_t i = 0; i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    for (size_t k = 0; s->kind == SP_MIX_TRACK && k < s->n_built; k++) {
      const sp_diags *rel = &s->built[k].said;
      for (size_t j = 0; j < rel->n; j++) {
        const char *sub = rel->v[j].path ? rel->v[j].path : "";
        char *at = sp_xasprintf("tracks.%s.regions[%zu]%s%s", s->name, k,
                                *sub && *sub != '[' ? "." : "", sub);
        sp_diags_error(into, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, at, "%s", rel->v[j].msg);
        free(at);
      }
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

sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d)
{
  return sp_session_import_said(path, o, yaml, d, NULL);
}

sp_err sp_session_import_said(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d,
                              sp_diags *regions)
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
      *yaml = sp_mix_yaml(&m);
      if (regions)
        sp_test_regions_said(&m, regions);
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

void sp_test_regions_build(sp_mix *m)
{
  for (size_t i = 0; i < m->n_strips; i++)
    sp_mix_regions_build(m, &m->strips[i]);
}
