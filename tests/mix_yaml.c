/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' oracle of a session's recipe (tests/mix_yaml.h): the mix its
 * reader read written as recipe text, the text `import` once wrote and the
 * parser read. The builder (io/session/session_build.c) makes the recipe
 * with no text; the tests read this text with the parser and compare. */

#include "tests/mix_yaml.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"

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

/* A region's fade (none when 0 long): Ardour's default, a curve, or a ramp;
 * with the inverse an opaque region gives it, a map. */
static void put_fade(sp_writer *t, const char *key, double len, bool ardour,
                     const sp_mix_auto *curve, bool saved, const sp_mix_auto *inverse)
{
  if (!ardour && curve->n < 2 && len <= 0)
    return;
  /* without an inverse, ardour and the length stand alone */
  const bool map = inverse->n > 0 || (!ardour && curve->n >= 2);
  sp_write(t, ", %s: %s", key, map ? "{" : "");
  if (ardour) {
    sp_write(t, "%sardour", map ? "shape: " : "");
  } else if (curve->n >= 2) {
    sp_write(t, "%s: ", saved ? "points" : "curve");
    put_auto(t, curve, false);
  } else {
    sp_write(t, "%s", map ? "length: " : "");
    sp_write_number(t, len);
  }
  if (inverse->n > 0) {
    sp_write(t, ", inverse: ");
    put_auto(t, inverse, false);
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

/* One region of a track, a line of its regions: (in its indent). */
static void put_region(sp_writer *t, const char *in, const sp_mix_region *r)
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
  if (r->channel)
    sp_write(t, ", channel: %d", r->channel);
  for (int c = 0, n = 0; c < 16; c++)
    if (r->keep_channels & (1u << c))
      sp_write(t, "%s%d%s", n++ ? ", " : ", keep_channels: [", c + 1,
               r->keep_channels >> (c + 1) ? "" : "]");
  if (r->force_channel)
    sp_write(t, ", force_channel: %d", r->force_channel);
  sp_write(t, ", at: ");
  sp_write_number(t, r->at);
  if (r->n_warp) {
    sp_write(t, ", warp: [");
    for (size_t k = 0; k < r->n_warp; k++) {
      sp_write(t, "%s[", k ? ", " : "");
      sp_write_number(t, r->warp_src[k]);
      sp_write(t, ", ");
      sp_write_number(t, r->warp_at[k]);
      sp_write(t, "]");
    }
    sp_write(t, "]");
  } else {
    sp_write(t, ", from: ");
    sp_write_number(t, r->from);
  }
  sp_write(t, ", length: ");
  sp_write_number(t, r->length);
  if (r->opaque)
    sp_write(t, ", opaque: true");
  put_fade(t, "fade_in", r->fade_in, r->fade_in_ardour, &r->fade_in_curve, r->fade_in_saved,
           &r->fade_in_inverse);
  put_fade(t, "fade_out", r->fade_out, r->fade_out_ardour, &r->fade_out_curve, r->fade_out_saved,
           &r->fade_out_inverse);
  if (r->gain_db != 0) {
    sp_write(t, ", gain: ");
    sp_write_db(t, r->gain_db);
  }
  if (r->envelope.n > 0) {
    sp_write(t, ", envelope: ");
    put_auto(t, &r->envelope, true);
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
  } else if (s->polarity.all) {
    sp_write(t, "%sinvert: true\n", in);
  } else if (s->polarity.n) {
    sp_write(t, "%sinvert: [", in);
    for (size_t c = 0; c < s->polarity.n; c++)
      sp_write(t, "%s%s", c ? ", " : "", c < 32 && (s->polarity.mask >> c & 1u) ? "true" : "false");
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
    put_tap(t, x->tap.at != SP_TAP_PRE, x->tap.at == SP_TAP_FADER, x->tap.after);
    if (x->has_gains) { /* none taken: said (sp_mix_said_placed), not written */
      if (x->gains.n_gains) {
        sp_write(t, ", pan: ");
        put_gains(t, &x->gains);
      }
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
    sp_write(t, "%sregions:%s\n", in, s->n_regions ? "" : " []");
    for (size_t i = 0; i < s->n_regions; i++)
      put_region(t, in, &s->regions[i]);
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
  if (s->has_fold) /* BS.775's levels, the only fold a reader gives */
    sp_write(t, "%sfold: bs775\n", in);
  if (s->has_gains) { /* none taken: said (sp_mix_said_placed), not written */
    if (s->gains.n_gains) {
      sp_write(t, "%span: ", in);
      put_gains(t, &s->gains);
      sp_write(t, "\n");
    }
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

/* What a reader said of the values it built (sp_mix_said) at sub of the
 * object at path, into out: at path.sub (a sub "invert" of master's, or
 * of a strip whose polarity moves, is not said: the builder reads no
 * polarity there). */
static void said_placed(const char *path, const sp_diags *said, bool polarity, sp_diags *out)
{
  for (size_t i = 0; i < said->n; i++) {
    const char *sub = said->v[i].path ? said->v[i].path : "";
    if (!polarity && strncmp(sub, "invert", 6) == 0)
      continue;
    char *kp = sp_xasprintf("%s%s%s", path, *sub && *sub != '[' ? "." : "", sub);
    sp_diags_error(out, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, kp, "%s", said->v[i].msg);
    free(kp);
  }
}

void sp_mix_said_placed(const sp_mix *m, sp_diags *out)
{
  for (size_t i = 0; i <= m->n_strips; i++) {
    const sp_mix_strip *s = i < m->n_strips ? &m->strips[i] : &m->master;
    if (s->kind == SP_MIX_MASTER && i < m->n_strips)
      continue;
    char *path = s->kind == SP_MIX_MASTER ? sp_xstrdup("master")
                                          : sp_xasprintf("%s.%s", s->kind == SP_MIX_TRACK ? "tracks" : "buses", s->name);
    said_placed(path, &s->said, s->kind != SP_MIX_MASTER && s->inverts.n == 0, out);
    for (size_t k = 0; s->kind != SP_MIX_MASTER && k < s->n_sends; k++) {
      char *xp = sp_xasprintf("%s.sends[%zu]", path, k);
      said_placed(xp, &s->sends[k].said, true, out);
      free(xp);
    }
    free(path);
  }
}

sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d)
{
  return sp_session_import_said(path, o, yaml, d, NULL);
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
