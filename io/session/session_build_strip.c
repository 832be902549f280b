/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strip's own values and its sends as the session builder builds them
 * (io/session/session_build_strip.h): its pan, gain, trim, width,
 * polarity, mute, solo, output and sends, each as the parser sets it from
 * the text the mix would be written as, what the parser says of one said
 * at its path (io/session/session_builder.h); its timed values (a gain, a
 * pan, a moving trim, width, mute or polarity, a send's level and pan)
 * and its gain matrices taken as read (the mix is built once), the
 * recipe's check's to judge (core/recipe/check.c). */

#include "io/session/session_build_strip.h"
#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"
#include "io/recipe/yamltree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- built at once, as a reader reads them ------------------------------- */

/* A gain matrix as the recipe writes it and parse_gains reads it, into
 * pn (emptied first, but for its position as read, plain): the channels
 * with a gain not 0, each gain a plain number (-0 written 0) as read (the
 * check holds it to -16 .. 16); none at all said where it is placed
 * (pan_gains). */
static void gains(const sp_layout *l, size_t inputs, const double (*g)[SP_MAX_CHANNELS], sp_pan *pn)
{
  const sp_auto plain = pn->plain;
  pn->plain = (sp_auto){0};
  sp_pan_fini(pn);
  *pn = (sp_pan){.plain = plain};
  const size_t n = inputs < SP_MAX_CHANNELS ? inputs : SP_MAX_CHANNELS;
  size_t written = 0;
  for (int o = 0; o < l->n; o++) {
    bool any = false;
    for (size_t i = 0; i < n; i++)
      any |= (double)(float)g[i][o] != 0;
    if (!any)
      continue;
    if (written++ == 0) {
      pn->gain_to = sp_xcalloc((size_t)l->n, sizeof *pn->gain_to);
      pn->gain_v = sp_xcalloc((size_t)l->n, sizeof *pn->gain_v);
      pn->gain_n = sp_xcalloc((size_t)l->n, sizeof *pn->gain_n);
    }
    const char *ch = l->ch[o].name;
    double *v = sp_xcalloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) { /* the float Ardour applies; its range is the check's */
      const double gain = (double)(float)g[i][o];
      v[i] = gain == 0 ? 0.0 : gain;
    }
    pn->gain_to[pn->n_gains] = sp_xstrdup(ch);
    pn->gain_v[pn->n_gains] = v;
    pn->gain_n[pn->n_gains++] = n;
  }
  pn->given = pn->n_gains > 0;
}

/* The bytes of a strip's scalar field stored as store (a number, a
 * switch, a word's); 0: another store. */
static size_t scalar_size(sp_key_store store)
{
  switch (store) {
  case SP_KEY_S_DOUBLE: return sizeof(double);
  case SP_KEY_S_BOOL: return sizeof(bool);
  case SP_KEY_S_INT: return sizeof(int);
  default: return 0;
  }
}

/* The row of s's key, its field stored as store: another key is a
 * reader's mistake, and aborts. */
static const sp_key_row *row_stored(size_t key, sp_key_store store)
{
  if (key >= SP_KEY_STRIP_N || sp_key_rows_strip[key].store != store)
    abort();
  return &sp_key_rows_strip[key];
}

/* v (row's scalar, its size) set at s's key, as read (its `has` flag
 * set; its range the check's). */
static void set(sp_mix_strip *s, const sp_key_row *row, const void *v)
{
  memcpy((char *)&s->strip + row->at, v, scalar_size(row->store));
  if (row->has)
    *(bool *)((char *)&s->strip + row->has - 1) = true;
}

void sp_mix_strip_unset(sp_mix_strip *s, size_t key)
{
  const sp_key_row *row = row_stored(key, SP_KEY_S_DOUBLE);
  *(double *)((char *)&s->strip + row->at) = 0;
  if (row->has)
    *(bool *)((char *)&s->strip + row->has - 1) = false;
}

void sp_mix_strip_number(sp_mix_strip *s, size_t key, double v)
{
  set(s, row_stored(key, SP_KEY_S_DOUBLE), &v);
}

void sp_mix_strip_switch(sp_mix_strip *s, size_t key, bool on)
{
  set(s, row_stored(key, SP_KEY_S_BOOL), &on);
}

void sp_mix_strip_word(sp_mix_strip *s, size_t key, int word)
{
  set(s, row_stored(key, SP_KEY_S_INT), &word);
}

void sp_mix_strip_mute(sp_mix_strip *s, bool on) { s->strip.mute = on; }

void sp_mix_strip_solo(sp_mix_strip *s, bool on) { s->strip.solo = on; }

void sp_mix_strip_mute_points(sp_mix_strip *s, unsigned bits) { s->strip.mute_points = bits; }

void sp_mix_strip_layout(sp_mix_strip *s, const sp_layout *l) { s->strip.layout = l; }

void sp_mix_strip_fold_bs775(sp_mix_strip *s)
{
  s->strip.has_fold = true;
  s->strip.fold = sp_fold_default();
}

void sp_mix_strip_gains(sp_mix_strip *s, const sp_layout *l, size_t inputs,
                        const double (*g)[SP_MAX_CHANNELS])
{
  gains(l, inputs, g, &s->strip.pan);
  s->has_gains = true;
}

void sp_mix_send_gains(sp_mix_send *x, const sp_layout *l, size_t inputs,
                       const double (*g)[SP_MAX_CHANNELS])
{
  gains(l, inputs, g, &x->send.pan);
  x->has_gains = true;
}

void sp_mix_send_tap(sp_mix_send *x, sp_tap_at at, size_t after)
{
  x->send.tap = (sp_tap){.at = at};
  x->tap_after = at == SP_TAP_FADER ? after : 0;
}

void sp_mix_strip_invert_all(sp_mix_strip *s)
{
  s->strip.invert = (sp_polarity){.all = true, .moves = s->strip.invert.moves};
  s->invert_listed = false;
}

void sp_mix_strip_invert_channels(sp_mix_strip *s, uint32_t mask, size_t n)
{
  s->strip.invert = (sp_polarity){
      .mask = n < 32 ? mask & ((1u << n) - 1) : mask, .n = n, .moves = s->strip.invert.moves};
  s->invert_listed = true;
}

/* ---- placed: said at the strip's path ------------------------------------ */

/* A built matrix m as the pan of the object at path: its gains taken
 * into pn; a matrix of no gain (every one 0) said at its `pan.gains`, as
 * the parser says `gains: {}`, and left out. */
static void pan_gains(builder *b, const char *path, sp_pan *m, sp_pan *pn)
{
  if (!m->n_gains)
    build_say(b, path, "pan.gains", sp_build_no_gains);
  pn->gain_to = m->gain_to;
  pn->gain_v = m->gain_v;
  pn->gain_n = m->gain_n;
  pn->n_gains = m->n_gains;
  pn->given = m->given;
  m->gain_to = NULL;
  m->gain_v = NULL;
  m->gain_n = NULL;
  m->n_gains = 0;
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

static void sends(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  for (size_t i = 0; i < m->n_sends; i++) {
    sp_mix_send *x = &m->sends[i];
    sp_send *d = sp_build_send(s, x->send.to);
    /* its keys in the order the parser reads them (its messages in that
     * order): to, tap, pan, then level, which moves */
    char *xp = sp_xasprintf("%s.sends[%zu]", path, i);
    const int was = build_enter(b, xp, x->line);
    if (!*x->send.to) {
      empty_text(b, xp, "to", &sp_key_rows_send[SP_KEY_SEND_TO]);
      free(d->to);
      d->to = NULL;
    }
    if (x->tap_after) /* after N post_inserts (past the parser's range: said, post) */
      build_tap(b, xp, true, true, x->tap_after, &d->tap);
    else
      d->tap = x->send.tap;
    d->invert = x->send.invert;
    if (x->has_gains) {
      pan_gains(b, xp, &x->send.pan, &d->pan);
    } else if (x->has_pan) {
      build_timed_take(&x->send.pan.plain, &d->pan.plain);
      d->pan.has = d->pan.given = true;
    }
    build_timed_take(&x->send.level, &d->level);
    b->line = was;
    free(xp);
  }
}

/* Points of a setting (a mute's, a moving polarity's), key of the strip
 * at path, taken as read (their times and order the check's), v the
 * setting each reads as, unless refused (what the parser says of each
 * setting, said at each; the whole left out; NULL: none). */
static void settings(builder *b, const char *path, const char *key, sp_auto *in, const double *v,
                     const char *refused, sp_auto *out)
{
  for (size_t i = 0; refused && i < in->n; i++) {
    char *vp = sp_xasprintf("%s.%s[%zu][1]", path, key, i);
    build_say_at(b, vp, refused);
    free(vp);
  }
  if (refused)
    return;
  for (size_t i = 0; i < in->n; i++)
    in->points[i].v = v[i];
  build_timed_take(in, out);
}

/* Whether m's polarity is given. */
static bool polarity_given(const sp_mix_strip *m)
{
  return m->strip.invert.all || m->invert_listed;
}

/* The strip's polarity as put_invert writes it and get_polarity reads it
 * (at path); what the parser says of it said there, it left out. */
static void polarity(builder *b, const char *path, sp_mix_strip *m, sp_polarity *p)
{
  if (m->strip.invert.moves.n) {
    const size_t n = m->invert_channels;
    double *v = sp_xcalloc(m->strip.invert.moves.n, sizeof *v);
    for (size_t i = 0; i < m->strip.invert.moves.n && n <= SP_MAX_CHANNELS; i++) {
      const unsigned mask = (unsigned)m->strip.invert.moves.points[i].v;
      if (n <= 1)
        v[i] = mask & 1u ? (double)UINT32_MAX : 0.0;
      else
        v[i] = n < 32 ? mask & ((1u << n) - 1) : mask;
    }
    settings(b, path, "invert", &m->strip.invert.moves, v,
             n > 1 ? sp_build_polarity_refused(n) : NULL, &p->moves);
    free(v);
  } else if (m->invert_listed && sp_build_polarity_refused(m->strip.invert.n)) {
    build_say(b, path, "invert", sp_build_polarity_refused(m->strip.invert.n));
  } else if (polarity_given(m)) {
    p->all = m->strip.invert.all;
    p->mask = m->strip.invert.mask;
    p->n = m->strip.invert.n;
  }
}

/* The strip's mute as put_strip writes it: on, or moving. */
static void mute(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  if (m->strip.mute) {
    s->mute = true;
  } else if (m->strip.mutes.n) { /* [[t smp, true or false], ...] */
    double *v = sp_xcalloc(m->strip.mutes.n, sizeof *v);
    for (size_t i = 0; i < m->strip.mutes.n; i++)
      v[i] = m->strip.mutes.points[i].v != 0 ? 1.0 : 0.0;
    settings(b, path, "mute", &m->strip.mutes, v, NULL, &s->mutes);
    free(v);
  }
}

/* The strip's `to:` as put_strip writes it and its row reads it: one of
 * its words (master: none given; none: to_none, a track's the check's to
 * say), else the strip it names. */
static void output(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  const sp_key_row *row = &sp_key_rows_strip[SP_KEY_STRIP_TO];
  size_t last = 0;
  while (row->words[last + 1])
    last++;
  const char *to = m->strip.to;
  if (m->kind == SP_MIX_BUS && m->strip.to_none) {
    s->to_none = true;
  } else if (m->kind == SP_MIX_MASTER || !to || strcmp(to, row->words[0]) == 0) {
    return;
  } else if (strcmp(to, row->words[last]) == 0) {
    s->to_none = true;
  } else if (!*to) {
    empty_text(b, path, "to", row);
  } else {
    s->to = sp_xstrdup(to);
  }
}

/* The values of m its strip takes no key for (master's fold, polarity,
 * mute, mute points, solo and sends; a bus's solo): a reader's to say as
 * a loss, or resolve (a bus's solo, sp_mix_finish), never to give; said
 * as a value the recipe cannot hold where one does (the key tables say
 * what master and a bus take, core/recipe/keys.c). */
static void keys_not_taken(builder *b, const char *path, const sp_mix_strip *m)
{
  const sp_strip *v = &m->strip;
  const bool master = m->kind == SP_MIX_MASTER;
  const bool given[] = {master && v->has_fold,
                        master && (v->invert.moves.n || polarity_given(m)),
                        master && (v->mute || v->mutes.n),
                        master && v->mute_points != 0,
                        m->kind != SP_MIX_TRACK && v->solo,
                        master && m->n_sends > 0};
  static const char *const keys[] = {"fold", "invert", "mute", "mute_points", "solo", "sends"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
    if (given[k]) {
      char *kp = sp_xasprintf("%s.%s", path, keys[k]),
           *what = sp_xasprintf("%s's %s", m->name, keys[k]);
      build_unheld(b, kp, what);
      free(what);
      free(kp);
    }
}

/* Every scalar a reader set by its row (sp_mix_strip_number, _switch,
 * _word: a number, a switch, a word) that the strip's own keys above do
 * not place (those that move, a track's solo): its value (and `has` flag)
 * as the reader set it (what it may be, the check's). So a strip key is
 * its row and its field: none is left out. */
static void scalars(const sp_mix_strip *m, sp_strip *s)
{
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) {
    const sp_key_row *row = &sp_key_rows_strip[k];
    const size_t size = scalar_size(row->store);
    if (!size || row->moves || k == SP_KEY_STRIP_SOLO)
      continue;
    memcpy((char *)s + row->at, (const char *)&m->strip + row->at, size);
    if (row->has)
      *(bool *)((char *)s + row->has - 1) = *(const bool *)((const char *)&m->strip + row->has - 1);
  }
}

/* The mixer keys of a strip as put_strip writes them and parse_strip
 * reads them. */
void build_strip(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  s->object_binaural = SP_ADM_BINAURAL_MID;
  keys_not_taken(b, path, m);
  /* its timed values taken as read (what they may be: the check's) */
  if (m->has_gains) {
    pan_gains(b, path, &m->strip.pan, &s->pan);
  } else if (m->strip.pan.plain.n || m->strip.pan.plain.value != 0) {
    build_timed_take(&m->strip.pan.plain, &s->pan.plain);
    s->pan.has = s->pan.given = true;
  }
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) /* its own timed values (a fader), by its rows */
    if (sp_key_rows_strip[k].store == SP_KEY_S_AUTO)
      build_timed_take((sp_auto *)((char *)&m->strip + sp_key_rows_strip[k].at),
                       (sp_auto *)((char *)s + sp_key_rows_strip[k].at));
  if (m->strip.trims.n) {
    build_timed_take(&m->strip.trims, &s->trims);
    s->trim_db = s->trims.value;
  } else {
    s->trim_db = m->strip.trim_db;
  }
  if (m->strip.layout && m->kind != SP_MIX_TRACK)
    s->layout = m->strip.layout;
  else if (m->stereo && m->kind == SP_MIX_TRACK)
    s->layout = sp_layout_find("stereo");
  if (m->strip.has_fold && m->kind != SP_MIX_MASTER) {
    s->has_fold = true;
    s->fold = m->strip.fold;
  }
  if (m->strip.has_width) {
    if (m->strip.widths.n) {
      build_timed_take(&m->strip.widths, &s->widths);
      s->width = s->widths.value;
    } else {
      s->width = m->strip.width;
    }
    s->has_width = true;
  }
  scalars(m, s);
  if (m->kind != SP_MIX_MASTER) { /* master's said unknown (keys_not_taken), not read */
    polarity(b, path, m, &s->invert);
    s->mute_points = m->strip.mute_points & 7u;
    mute(b, path, m, s);
  }
  s->solo = m->kind == SP_MIX_TRACK && m->strip.solo;
  build_inserts(b, path, m, s);
  if (m->kind != SP_MIX_MASTER)
    sends(b, path, m, s);
  output(b, path, m, s);
}
