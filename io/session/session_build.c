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
#include "io/session/session_build_region.h"
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

/* ---- strips -------------------------------------------------------------- */


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
      build_say_at(b, vp, why);
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
    build_say(b, pp, "gains", sp_build_no_gains);
  pn->given = pn->n_gains > 0;
}


/* What the parser says of key, a text of row, of the object at path,
 * written empty ("", a single value that is no text). */
static void empty_text(builder *b, const char *path, const char *key, const sp_key_row *row)
{
  char *what = sp_build_text_what(row), why[1024];
  sp_build_expected(what, sp_ykind_name(SP_Y_SCALAR), why, sizeof why);
  build_say(b, path, key, why);
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
    bool ok = build_tap(b, xp, !x->pre, x->fader, x->after, &d->tap), left = false;
    if (x->pan_gains) {
      gains(b, pp, x->pan_gains, &d->pan);
    } else if (x->has_pan) {
      d->pan.has = d->pan.given = build_timed_key(b, xp, "pan", &x->pan, &build_pan_kind, &d->pan.plain, &left);
      ok = ok && (d->pan.has || left);
    }
    ok = ok && (build_timed_key(b, xp, "level", &x->level, &build_level_kind, &d->level, &left) || left);
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
      build_say_at(b, tp, why);
    } else if (refused) {
      char *vp = sp_xasprintf("%s.%s[%zu][1]", path, key, i);
      build_say_at(b, vp, refused);
      free(vp);
      good = false;
    } else if (a.n && !sp_build_in_order(a.points[a.n - 1].t, q.t, rate, why, sizeof why)) {
      build_say_at(b, tp, why);
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
      build_say(b, path, "invert", refused);
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
      build_say(b, path, "to", sp_build_track_to_none);
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
    build_say(b, path, "solo", why);
    char *unknown = sp_build_unknown_key("solo", sp_keys_bus_all, "a bus");
    build_say(b, path, "solo", unknown);
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
    build_say(b, path, keys[k], unknown);
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
    s->pan.has = s->pan.given = build_timed_key(b, path, "pan", &m->pan, &build_pan_kind, &s->pan.plain, &left);
    if (!s->pan.has && !left)
      return false;
  }
  if ((m->gain.n || m->gain.value != 0) &&
      !build_timed_key(b, path, "gain", &m->gain, &build_level_kind, &s->gain, &left) && !left)
    return false;
  if (m->trims.n) {
    if (build_timed_key(b, path, "trim", &m->trims, &build_level_kind, &s->trims, &left))
      s->trim_db = s->trims.value;
    else if (!left)
      return false;
  } else if (m->trim_db != 0 &&
             build_in_row(b, path, "trim", &sp_key_rows_strip[SP_KEY_STRIP_TRIM], m->trim_db, false)) {
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
      if (build_timed_key(b, path, "width", &m->widths, &build_pan_kind, &s->widths, &left)) {
        s->width = s->widths.value;
        s->has_width = true;
      } else if (!left) {
        return false;
      }
    } else if (build_in_row(b, path, "width", &sp_key_rows_strip[SP_KEY_STRIP_WIDTH], m->width, true)) {
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
  if (!build_inserts(b, path, m, s) || (m->kind != SP_MIX_MASTER && !sends(b, path, m, s)))
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
    return build_unheld(b, key, "a value of no number");
  if (!sp_build_in_row(row, v, bare, why, sizeof why)) {
    build_say_at(b, key, why);
    return false;
  }
  if (!rule(v, &rule_why)) {
    build_say_at(b, key, rule_why);
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
    if (!build_frames(b, "length", (double)m->length_frames, &r->length))
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
      build_say_at(b, kp, said);
      free(said);
      free(kp);
      b->r->has_stems = true;
      continue;
    }
    named++;
    char *path = sp_xasprintf("stems.%s", st->name);
    build_name_said(b, path, st->name, "stem");
    sp_stem *d = sp_build_stem(b->r, st->name, (sp_pos){1, 1});
    char *what = sp_xasprintf("a name (%s)", sp_build_stem_members);
    for (size_t j = 0; j < st->n_members; j++) {
      char *ip = sp_xasprintf("%s[%zu]", path, j);
      if (build_text_said(b, ip, st->members[j], what))
        sp_build_stem_member(b->r, d, st->members[j], (sp_pos){1, 1});
      free(ip);
    }
    if (st->n_members == 0) {
      sp_build_names_none(sp_build_stem_members, why, sizeof why);
      build_say_at(b, path, why);
    }
    free(what);
    free(path);
  }
  if (m->n_stems && !named) {
    sp_build_none_named("stem", "stems", why, sizeof why);
    build_say_at(b, "stems", why);
  }
  return true;
}

/* A track of s at path: its strip, regions and instrument as parse_track
 * reads them (its regions before its instrument, which plays their MIDI:
 * one on a track of audio left out, and one missing on a track of MIDI,
 * said as the parser says them). */
static bool track(builder *b, const char *path, sp_mix_strip *s)
{
  char why[320];
  build_name_said(b, path, s->name, "track");
  sp_track *t = sp_build_track(b->r, s->name);
  sp_built_region *built = s->built;
  /* the track's kind as its regions are read: MIDI where one is; the
   * first's, its path read, where the others read take its kind */
  bool midi = false;
  for (size_t k = 0; k < s->n_built && !midi; k++)
    midi = built[k].region.midi;
  if (s->n_built && built[0].region.file)
    midi = built[0].region.midi;
  sp_mix_strip own = *s;
  if (s->n_built && !midi)
    own.instrument = NULL; /* refused below, not read */
  bool ok = strip(b, path, &own, &t->strip);
  if (ok && s->n_built == 0) {
    char *rp = sp_xasprintf("%s.regions", path);
    sp_build_list_empty(sp_build_regions_items, why, sizeof why);
    build_say_at(b, rp, why);
    free(rp);
  }
  for (size_t k = 0; ok && k < s->n_built; k++)
    ok = build_region_place(b, t, path, &built[k]);
  if (ok && s->instrument && s->n_built && !midi) {
    char *ip = sp_xasprintf("%s.instrument", path);
    build_say_at(b, ip, sp_build_instrument_on_audio);
    free(ip);
  } else if (ok && midi && !s->instrument) {
    build_say_at(b, path, sp_build_midi_needs_instrument);
  }
  return ok;
}

sp_recipe *sp_session_build(sp_mix *m, const char *file, sp_diags *said)
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
    build_say_at(&b, n_of[0] > n_of[1] ? "tracks" : "buses", why);
  ok = ok && top(&b, m);
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
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
    build_name_said(&b, path, s->name, "bus");
    ok = strip(&b, path, s, &sp_build_bus(b.r, s->name)->strip);
    free(path);
  }
  ok = ok && strip(&b, "master", &m->master, &b.r->master) && stems(&b, m);
  if (ok && b.r->n_tracks == 0) /* said last, as the parser says it */
    build_say_at(&b, "tracks", sp_build_no_tracks);
  if (!ok) { /* a value the parser reads no further past: said */
    if (sp_diags_errors(said) == from)
      build_unheld(&b, "tracks", "a session the builder read no further");
    sp_recipe_free(b.r);
    return NULL;
  }
  sp_build_unplace(b.r); /* placed at the text import writes (sp_session_place) */
  return b.r;
}
