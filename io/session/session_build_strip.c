/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strip's own values and its sends as the session builder builds them
 * (io/session/session_build_strip.h): each set by the reader in the
 * recipe's own sp_strip and sp_send as read, and moved whole into the
 * recipe when the strip is placed; what the parser says of a value the
 * text would hold and it refuses (a polarity of no channel or too many, a
 * tap past its range) said at its path (io/session/session_builder.h),
 * and what no reader gives (a bus named by an empty text, master's keys)
 * said as a reader's mistake, the value left out; its timed values
 * settled as read, the recipe's check's to judge (core/recipe/check.c). */

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
 * check holds it to -16 .. 16, and says a matrix of none). */
static void gains(const sp_layout *l, size_t inputs, const double (*g)[SP_MAX_CHANNELS], sp_pan *pn)
{
  const sp_auto plain = pn->plain;
  pn->plain = (sp_auto){0};
  sp_pan_fini(pn);
  *pn = (sp_pan){.plain = plain};
  const size_t n = inputs < SP_MAX_CHANNELS ? inputs : SP_MAX_CHANNELS;
  size_t written = 0;
  for (int o = 0; o < l->n; o++) {
    bool any = g == NULL && o == 0; /* no gain at all: the first channel's zeros */
    for (size_t i = 0; i < n && g; i++)
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
      const double gain = g ? (double)(float)g[i][o] : 0.0;
      v[i] = gain == 0 ? 0.0 : gain;
    }
    pn->gain_to[pn->n_gains] = sp_xstrdup(ch);
    pn->gain_v[pn->n_gains] = v;
    pn->gain_n[pn->n_gains++] = n;
  }
  pn->given = true; /* a matrix (of no gain too: the check's) */
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
  if (row->moves) { /* its points too: the strip moves whole into the recipe */
    sp_auto *a = (sp_auto *)((char *)&s->strip + row->moves - 1);
    sp_auto_free(a);
    *a = (sp_auto){0};
  }
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

/* a emptied: a value left out. */
static void drop(sp_auto *a)
{
  sp_auto_free(a);
  *a = (sp_auto){0};
}

/* pn, the pan of the object as read: its gain matrix (has_gains: the pan
 * is that matrix), else its position (has_plain), else none. */
static void pan(bool has_gains, bool has_plain, sp_pan *pn)
{
  if (has_gains) {
    drop(&pn->plain);
    pn->has = false;
  } else if (has_plain) {
    build_timed_settle(&pn->plain);
    pn->has = pn->given = true;
  } else {
    sp_pan_fini(pn);
    *pn = (sp_pan){0};
  }
}

/* Whether to, the `to:` of the object at path, names a bus (an empty
 * name: build_text_held's). */
static bool named(builder *b, const char *path, const char *to)
{
  char *kp = sp_xasprintf("%s.to", path);
  const bool held = build_text_held(b, kp, to, "a bus of an empty name");
  free(kp);
  return held;
}

/* m's sends, each the recipe's own moved whole into s's (its keys' messages
 * in the order the parser reads them: to, tap, pan, then level). */
static void sends(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  s->sends = m->n_sends ? sp_xcalloc(m->n_sends, sizeof *s->sends) : NULL;
  for (size_t i = 0; i < m->n_sends; i++) {
    sp_mix_send *x = &m->sends[i];
    sp_send *d = &s->sends[s->n_sends++];
    *d = x->send;
    x->send = (sp_send){0};
    char *xp = sp_xasprintf("%s.sends[%zu]", path, i);
    const int was = build_enter(b, xp, x->line);
    const sp_where points[] = {{.path = (char *)"level[]", .pos = {x->level_points_line, 0}},
                               {.path = (char *)"pan[]", .pos = {x->pan_points_line, 0}}};
    for (size_t k = 0; k < 2; k++)
      if (points[k].pos.line > 0)
        build_origins_under(b, xp, &points[k], 1);
    if (!named(b, xp, d->to)) {
      free(d->to);
      d->to = NULL;
    }
    if (x->tap_after) { /* after N post_inserts (past the parser's range: said, post) */
      d->tap = (sp_tap){.at = SP_TAP_POST};
      build_tap(b, xp, true, true, x->tap_after, &d->tap);
    }
    pan(x->has_gains, x->has_pan, &d->pan);
    build_timed_settle(&d->level);
    b->line = was;
    free(xp);
  }
}

/* Points of a setting (a mute's, a moving polarity's), key of the strip
 * at path, kept as read (their times and order the check's), v the
 * setting each reads as, unless refused (what the parser says of each
 * setting, said at each; the whole left out; NULL: none). */
static void settings(builder *b, const char *path, const char *key, sp_auto *a, const double *v,
                     const char *refused)
{
  for (size_t i = 0; refused && i < a->n; i++) {
    char *vp = sp_xasprintf("%s.%s[%zu][1]", path, key, i);
    build_say_at(b, vp, refused);
    free(vp);
  }
  if (refused) {
    drop(a);
    return;
  }
  for (size_t i = 0; i < a->n; i++)
    a->points[i].v = v[i];
  build_timed_settle(a);
}

/* Whether p, m's polarity as read, is given. */
static bool polarity_given(const sp_mix_strip *m, const sp_polarity *p)
{
  return p->all || m->invert_listed;
}

/* p, the strip's polarity as read (m's, at path), as put_invert writes it
 * and get_polarity reads it: moving, or its channels, or all; what the
 * parser says of it said there, it left out. */
static void polarity(builder *b, const char *path, const sp_mix_strip *m, sp_polarity *p)
{
  const bool given = polarity_given(m, p);
  if (p->moves.n) {
    const size_t n = m->invert_channels;
    double *v = sp_xcalloc(p->moves.n, sizeof *v);
    for (size_t i = 0; i < p->moves.n && n <= SP_MAX_CHANNELS; i++) {
      const unsigned mask = (unsigned)p->moves.points[i].v;
      if (n <= 1)
        v[i] = mask & 1u ? (double)UINT32_MAX : 0.0;
      else
        v[i] = n < 32 ? mask & ((1u << n) - 1) : mask;
    }
    settings(b, path, "invert", &p->moves, v, n > 1 ? sp_build_polarity_refused(n) : NULL);
    free(v);
    *p = (sp_polarity){.moves = p->moves, .moves_n = n > 1 && n <= SP_MAX_CHANNELS ? n : 0};
  } else if (m->invert_listed && sp_build_polarity_refused(p->n)) {
    build_say(b, path, "invert", sp_build_polarity_refused(p->n));
    *p = (sp_polarity){0};
  } else if (!given) {
    *p = (sp_polarity){0};
  }
}

/* The strip's mute as put_strip writes it: on (over its moving mute), or
 * moving, each point on or off. */
static void mute(builder *b, const char *path, sp_strip *s)
{
  if (s->mute) {
    drop(&s->mutes);
  } else if (s->mutes.n) { /* [[t smp, true or false], ...] */
    double *v = sp_xcalloc(s->mutes.n, sizeof *v);
    for (size_t i = 0; i < s->mutes.n; i++)
      v[i] = s->mutes.points[i].v != 0 ? 1.0 : 0.0;
    settings(b, path, "mute", &s->mutes, v, NULL);
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
  char *to = s->to;
  const bool none = m->kind == SP_MIX_BUS && s->to_none;
  s->to = NULL;
  s->to_none = false;
  if (none) {
    s->to_none = true;
  } else if (m->kind == SP_MIX_MASTER || !to || strcmp(to, row->words[0]) == 0) {
  } else if (strcmp(to, row->words[last]) == 0) {
    s->to_none = true;
  } else if (named(b, path, to)) {
    s->to = to;
    to = NULL;
  }
  free(to);
}

/* The values of m its strip takes no key for (master's fold, mute, mute
 * points, solo and sends; a bus's solo): a reader's to say as
 * a loss, or resolve (a bus's solo, sp_mix_finish), never to give; said
 * as a value the recipe cannot hold where one does (the key tables say
 * what master and a bus take, core/recipe/keys.c), and left out. */
static void keys_not_taken(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  const bool master = m->kind == SP_MIX_MASTER;
  const bool given[] = {master && s->has_fold, master && (s->mute || s->mutes.n),
                        master && s->mute_points != 0, m->kind != SP_MIX_TRACK && s->solo,
                        master && m->n_sends > 0};
  static const char *const keys[] = {"fold", "mute", "mute_points", "solo", "sends"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
    if (given[k]) {
      char *kp = sp_xasprintf("%s.%s", path, keys[k]),
           *what = sp_xasprintf("%s's %s", m->name, keys[k]);
      build_unheld(b, kp, what);
      free(what);
      free(kp);
    }
  s->solo = s->solo && m->kind == SP_MIX_TRACK;
  if (master) {
    s->has_fold = false;
    s->mute = false;
    drop(&s->mutes);
    s->mute_points = 0;
  }
}

/* The strip at path: the recipe's own strip as the reader set it (m's),
 * moved whole into s (each key its row and its field: none is left out),
 * as put_strip writes it and parse_strip reads it; its timed values
 * settled as read (what they may be: the check's); what the parser says
 * of the rest said, each left out. */
void build_strip(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  *s = m->strip;
  m->strip = (sp_strip){0};
  s->object_binaural = SP_ADM_BINAURAL_MID;
  keys_not_taken(b, path, m, s);
  pan(m->has_gains, s->pan.plain.n || s->pan.plain.value != 0, &s->pan);
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) { /* its timed values, by their rows */
    const sp_key_row *row = &sp_key_rows_strip[k];
    if (row->store == SP_KEY_S_AUTO)
      build_timed_settle((sp_auto *)((char *)s + row->at));
  }
  if (s->trims.n) {
    build_timed_settle(&s->trims);
    s->trim_db = s->trims.value;
  }
  if (s->widths.n) {
    build_timed_settle(&s->widths);
    s->width = s->widths.value;
  }
  if (m->kind == SP_MIX_TRACK) /* a track's layout is its reader's alone: stereo placed */
    s->layout = m->stereo ? sp_layout_find("stereo") : NULL;
  polarity(b, path, m, &s->invert);
  s->mute_points &= 7u;
  mute(b, path, s);
  build_inserts(b, path, m, s);
  if (m->kind != SP_MIX_MASTER)
    sends(b, path, m, s);
  output(b, path, m, s);
}
