/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe model as recipe text, walked by its rows (core/recipe/walk.h). */

#include "core/recipe/walk.h"

#include "core/base/alloc.h"
#include "core/dsp/tempo_map.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* n bytes of s, NUL-terminated (heap). */
static char *strndup_(const char *s, size_t n)
{
  char *t = sp_xmalloc(n + 1);
  memcpy(t, s, n);
  t[n] = '\0';
  return t;
}

/* ---- values: a time, a tempo map, a moving value, a fade, a warp ----------
 * Each written here for every form, by the writer it is written with
 * (core/recipe/writer.h): its mappings and lists opened and closed, its
 * scalars, each a node the recipe's text is laid out and told by; the
 * punctuation between them as the writer's text spells it (", " and ": ",
 * or JSON's "," and ":"). One structure, two spellings, chosen by the
 * writer: the recipe's text writes a value as a recipe writes it (`1.5
 * s`, a level in dB, a tempo alone as its bpm, a fade's and a moving
 * value's short forms, the keys not at their default, a setting's steps
 * once each); the canonical recipe (sp_writer.json, core/job/job.c)
 * writes it as the model holds it: a time as {"s": x} or {"frames": n}, a
 * tempo point's superclock and ticks, every key of its table
 * (core/recipe/keys.h) in the table's order, every point, a number as
 * itself. */

/* How a moving value's values are written: a number, a level, a switch, a
 * polarity's mask, one of choices (the recipe's text's; the model holds
 * each a number). */
typedef enum v_form { V_NUM, V_DB, V_BOOL, V_MASK, V_CHOICE } v_form;
typedef struct v_kind {
  v_form form;
  const char *const *choices;
  size_t channels; /* a mask's: a list at least as long where one is written */
} v_kind;

/* Each key of a recipe table (core/recipe/keys.h), in its order, as k. */
#define EACH_KEY(OBJ, obj, k)                                                                      \
  for (sp_key_##obj k = (sp_key_##obj)0; (int)k < SP_KEY_##OBJ##_N; k = (sp_key_##obj)(k + 1))

/* A value as the model holds it (the canonical recipe's), not as a
 * recipe writes it. */
static bool held(const sp_writer *w) { return w->json; }

/* The separator before an item or a key of a flow list or mapping, but
 * its first (first: none written in it yet, then false). */
static void w_sep(sp_writer *w, bool *first)
{
  sp_write(w, "%s", *first ? "" : w->json ? "," : ", ");
  *first = false;
}

/* `name: ` in a flow mapping (first as w_sep's). */
static void w_key(sp_writer *w, const char *name, bool *first)
{
  w_sep(w, first);
  sp_write_name(w, name);
  sp_write(w, "%s", w->json ? ":" : ": ");
}

/* A word of a value's own (a ramp, an interpolation, a fade's shape). */
static void w_word(sp_writer *w, const char *word)
{
  if (w->json)
    sp_write_quoted(w, word);
  else
    sp_write_plain(w, "%s", word);
}

/* A time: `1.5 s`, `64 smp`; as held a mapping of its unit, {"s": 1.5},
 * {"frames": 64}, the unit it was written in. */
static void w_time(sp_writer *w, sp_time t)
{
  char buf[40];
  bool first = true;
  if (held(w)) {
    sp_write_open(w, false);
    w_key(w, t.in_frames ? "frames" : "s", &first);
    if (t.in_frames)
      sp_write_plain(w, "%lld", (long long)t.frames);
    else
      sp_write_number(w, t.seconds);
    sp_write_close(w, false);
  } else if (t.in_frames) {
    sp_write_plain(w, "%lld smp", (long long)t.frames);
  } else {
    sp_write_plain(w, "%s s", sp_number_text(t.seconds, buf));
  }
}

static void w_bool(sp_writer *w, bool v) { sp_write_plain(w, "%s", v ? "true" : "false"); }

/* The first n bits of mask, a switch each. */
static void w_mask(sp_writer *w, uint32_t mask, size_t n)
{
  bool first = true;
  sp_write_open(w, true);
  for (size_t c = 0; c < n; c++) {
    w_sep(w, &first);
    w_bool(w, mask >> c & 1u);
  }
  sp_write_close(w, true);
}

/* A moving value's value v, of kind k (as held: the number). */
static void w_value(sp_writer *w, double v, const v_kind *k)
{
  if (held(w)) {
    sp_write_number(w, v);
    return;
  }
  switch (k->form) {
  case V_NUM: sp_write_number(w, v); break;
  case V_DB: sp_write_db(w, v); break;
  case V_BOOL: w_bool(w, v != 0); break;
  case V_CHOICE: sp_write_name(w, k->choices[(int)v]); break;
  case V_MASK: {
    const uint32_t mask = (uint32_t)v;
    size_t n = k->channels; /* up to its last channel on, at least */
    while (n < 32 && mask >> n)
      n++;
    if (mask == 0 || mask == UINT32_MAX)
      w_bool(w, mask != 0);
    else
      w_mask(w, mask, n);
    break;
  }
  }
}

/* An item of a point (names: its keys as held), first as w_sep's. */
static void w_point_item(sp_writer *w, const char *name, bool *first)
{
  if (held(w))
    w_key(w, name, first);
  else
    w_sep(w, first);
}

/* A point: its time t, then (at: a warp's) another time or the value v
 * of kind k; a list of the two, as held a mapping of them under names. */
static void w_point(sp_writer *w, const char *const names[2], sp_time t, const sp_time *at,
                    double v, const v_kind *k)
{
  bool first = true;
  sp_write_open(w, !held(w));
  w_point_item(w, names[0], &first);
  w_time(w, t);
  w_point_item(w, names[1], &first);
  if (at)
    w_time(w, *at);
  else
    w_value(w, v, k);
  sp_write_close(w, !held(w));
}

/* A moving value's points, [time, value] each ({t, v} as held); a
 * setting's points made steps (sp_auto.steps) written once each, as held
 * every one. */
static void w_points(sp_writer *w, const sp_auto *a, const v_kind *k)
{
  static const char *const names[2] = {"t", "v"};
  const size_t step = a->steps && !held(w) ? 2 : 1;
  bool first = true;
  sp_write_open(w, true);
  for (size_t i = 0; i < a->n; i += step) {
    w_sep(w, &first);
    w_point(w, names, a->points[i].t, NULL, a->points[i].v, k);
  }
  sp_write_close(w, true);
}

/* A warp's points, [source, region] each ({src, at} as held); none: false,
 * not given. */
static bool w_warp(sp_writer *w, const sp_stretch *st)
{
  static const char *const names[2] = {"src", "at"};
  bool first = true;
  if (!st->n)
    return false;
  sp_write_open(w, true);
  for (size_t i = 0; i < st->n; i++) {
    w_sep(w, &first);
    w_point(w, names, st->src[i], &st->at[i], 0, NULL);
  }
  sp_write_close(w, true);
  return true;
}

/* `tempo:`: the map's points, each's keys in their table's order; as
 * written a tempo alone from the start its bpm, a point's place a time
 * and its beat in quarters, an omega only where it ramps; as held each
 * point as the map holds it (superclock, ticks, an omega each), not as
 * written (the rows' fields, sp_tempo_written, the parser's alone). */
static void w_tempo(sp_writer *w, const sp_tempo_map *m)
{
  const sp_tempo_point *p = m->t;
  if (!held(w) && m->n == 1 && p->sclock == 0 && p->quarters == 0 && p->note_type == 4 &&
      !p->ramped) {
    sp_write_number(w, p->npm);
    return;
  }
  bool item = true;
  sp_write_open(w, true);
  for (size_t i = 0; i < m->n; i++) {
    bool first = true;
    p = &m->t[i];
    w_sep(w, &item);
    sp_write_open(w, false);
    EACH_KEY(TEMPO, tempo, u)
    {
      if (u == SP_KEY_TEMPO_OMEGA && !p->ramped && !held(w))
        continue; /* a constant tempo's: not written */
      w_key(w, sp_keys_tempo[u], &first);
      switch (u) {
      case SP_KEY_TEMPO_AT:
        if (held(w))
          sp_write_number(w, (double)p->sclock);
        else
          w_time(w, (sp_time){.seconds = (double)p->sclock / (double)m->scps});
        break;
      case SP_KEY_TEMPO_BEAT:
        sp_write_number(w, (double)p->quarters / (held(w) ? 1 : SP_TEMPO_BEAT_TICKS));
        break;
      case SP_KEY_TEMPO_BPM: sp_write_number(w, p->npm); break;
      case SP_KEY_TEMPO_NOTE: sp_write_number(w, p->note_type); break;
      case SP_KEY_TEMPO_OMEGA: sp_write_number(w, p->ramped ? p->omega : 0); break;
      }
    }
    sp_write_close(w, false);
  }
  sp_write_close(w, true);
}

/* `vca:`: each VCA's points in dB, a mapping with its `tempo:` where its
 * list is held in beats. */
static void w_vca(sp_writer *w, const sp_auto *a)
{
  const v_kind db = {V_DB, NULL, 0};
  bool item = true;
  sp_write_open(w, true);
  for (size_t c = 0; c < a->n_vca; c++) {
    bool first = true;
    w_sep(w, &item);
    if (a->vca[c].tempo) {
      sp_write_open(w, false);
      w_key(w, sp_keys_level[SP_KEY_LEVEL_TEMPO], &first);
      w_tempo(w, a->vca[c].tempo);
      w_key(w, sp_keys_level[SP_KEY_LEVEL_POINTS], &first);
    }
    w_points(w, &a->vca[c], &db);
    if (a->vca[c].tempo)
      sp_write_close(w, false);
  }
  sp_write_close(w, true);
}

/* A value that may move (sp_auto), its values of kind k: its constant,
 * else a mapping of its points and how they move (sp_keys_level): as
 * held every key but those it has none of, in its table's order; as
 * written those not at their default, how the points move before them,
 * and its points alone when no other is. */
static void w_auto(sp_writer *w, const sp_auto *a, const v_kind *k)
{
  static const sp_key_level written[SP_KEY_LEVEL_N] = {
      SP_KEY_LEVEL_RAMP,  SP_KEY_LEVEL_INTERPOLATION, SP_KEY_LEVEL_TEMPO,
      SP_KEY_LEVEL_START, SP_KEY_LEVEL_VCA,           SP_KEY_LEVEL_POINTS};
  const v_kind db = {V_DB, NULL, 0};
  if (sp_auto_is_constant(a)) {
    w_value(w, a->value, k);
    return;
  }
  const bool given[SP_KEY_LEVEL_N] = {
      [SP_KEY_LEVEL_POINTS] = true,
      [SP_KEY_LEVEL_RAMP] = held(w) || a->ramp != SP_RAMP_DB, /* db: the default */
      [SP_KEY_LEVEL_INTERPOLATION] = a->ramp == SP_RAMP_LIST && a->interp != SP_INTERP_EXPONENTIAL,
      [SP_KEY_LEVEL_TEMPO] = a->tempo != NULL, /* none: a list in audio time */
      [SP_KEY_LEVEL_VCA] = a->n_vca != 0,
      [SP_KEY_LEVEL_START] = a->has_start, /* none: the declick starts at the points' level */
  };
  size_t n = 0;
  EACH_KEY(LEVEL, level, q) { n += given[q]; }
  if (n == 1 && !held(w)) {
    w_points(w, a, k);
    return;
  }
  bool first = true;
  sp_write_open(w, false);
  EACH_KEY(LEVEL, level, i)
  {
    const sp_key_level q = held(w) ? i : written[i];
    if (!given[q])
      continue;
    w_key(w, sp_keys_level[q], &first);
    switch (q) {
    case SP_KEY_LEVEL_POINTS: w_points(w, a, k); break;
    case SP_KEY_LEVEL_RAMP: w_word(w, sp_curve_name(SP_CURVE_RAMP, (int)a->ramp)); break;
    case SP_KEY_LEVEL_INTERPOLATION:
      w_word(w, sp_curve_name(SP_CURVE_INTERP, (int)a->interp));
      break;
    case SP_KEY_LEVEL_TEMPO: w_tempo(w, a->tempo); break;
    case SP_KEY_LEVEL_VCA: w_vca(w, a); break;
    case SP_KEY_LEVEL_START: w_value(w, a->start_db, &db); break;
    }
  }
  sp_write_close(w, false);
}

/* The kind of a row's timed value (its `timed`, SP_TIMED_LEVEL). */
static v_kind row_kind(const sp_key_row *row)
{
  if (row->store == SP_KEY_S_POLARITY) /* each point's mask */
    return (v_kind){V_MASK, NULL, 0};
  switch (row->timed) {
  case SP_TIMED_LEVEL:
  case SP_TIMED_ENVELOPE: return (v_kind){V_DB, NULL, 0};
  case SP_TIMED_MUTE:
  case SP_TIMED_BYPASS: return (v_kind){V_BOOL, NULL, 0};
  default: return (v_kind){V_NUM, NULL, 0};
  }
}

/* A fade's curve or inverse: as held an sp_auto (how it moves too), as
 * written its points (how they move is the fade's). */
static void w_curve(sp_writer *w, const sp_auto *a)
{
  const v_kind gain = {V_NUM, NULL, 0};
  if (held(w))
    w_auto(w, a, &gain);
  else
    w_points(w, a, &gain);
}

/* A fade: a mapping of its keys (sp_keys_fade) in their table's order:
 * as held its length, its shape, the curve it is drawn by and its inverse
 * where it has them; as written those its shape is written with (ardour:
 * its shape; a drawn one: its points; another: its length, and its shape
 * but a ramp's) and its inverse, a length alone (a ramp) its time, ardour
 * alone at its length its word. */
static void w_fade(sp_writer *w, const sp_fade *f)
{
  const char *shape = sp_curve_name(SP_CURVE_FADE, (int)f->shape);
  const bool drawn = f->shape == SP_FADE_CURVE || f->shape == SP_FADE_POINTS;
  const bool given[SP_KEY_FADE_N] = {
      [SP_KEY_FADE_LENGTH] = held(w) || (!drawn && f->shape != SP_FADE_DEFAULT),
      [SP_KEY_FADE_SHAPE] = held(w) || (!drawn && f->shape != SP_FADE_RAMP),
      [SP_KEY_FADE_CURVE] = f->shape == SP_FADE_CURVE,
      [SP_KEY_FADE_POINTS] = f->shape == SP_FADE_POINTS,
      [SP_KEY_FADE_INVERSE] = f->inverse.n > 0,
  };
  size_t n = 0;
  EACH_KEY(FADE, fade, q) { n += given[q]; }
  if (!held(w) && n == 1 && given[SP_KEY_FADE_LENGTH]) {
    w_time(w, f->length);
    return;
  }
  if (!held(w) && n == 1 && given[SP_KEY_FADE_SHAPE] && f->length.in_frames &&
      f->length.frames == SP_FADE_DEFAULT_FRAMES) {
    w_word(w, shape);
    return;
  }
  bool first = true;
  sp_write_open(w, false);
  EACH_KEY(FADE, fade, q)
  {
    if (!given[q])
      continue;
    w_key(w, sp_keys_fade[q], &first);
    switch (q) {
    case SP_KEY_FADE_LENGTH: w_time(w, f->length); break;
    case SP_KEY_FADE_SHAPE: w_word(w, shape); break;
    case SP_KEY_FADE_CURVE:
    case SP_KEY_FADE_POINTS: w_curve(w, &f->curve); break;
    case SP_KEY_FADE_INVERSE: w_curve(w, &f->inverse); break;
    }
  }
  sp_write_close(w, false);
}

/* A value that moves, of a row (its kind, row_kind). */
static void walk_moving(sp_walk *k, const sp_key_row *row, const sp_auto *a)
{
  const v_kind kind = row_kind(row);
  w_auto(k->w, a, &kind);
}

/* ---- values every form writes alike -------------------------------------
 * A value whose shape is the same in every form, written through the
 * form's punctuation (its key, item, open, close and word) and the
 * writer's scalars, which spell them in the form's way (sp_writer.json: a
 * name or a string always quoted, inf and nan as strings): names, words,
 * a tap, a switch, a polarity, a pan. */

static void walk_names(sp_walk *k, char *const *v, size_t n)
{
  bool first = true;
  k->form->open(k, true);
  for (size_t i = 0; i < n; i++) {
    k->form->item(k, &first);
    sp_write_name(k->w, v[i]);
  }
  k->form->close(k, true);
}

/* The words of words whose bits are set, in their order; none: false. */
static bool walk_words(sp_walk *k, const char *const *words, unsigned bits)
{
  bool first = true;
  if (!bits)
    return false;
  k->form->open(k, true);
  for (unsigned i = 0; words[i]; i++)
    if (bits >> i & 1u) {
      k->form->item(k, &first);
      /* a word that is a number (keep_channels' 1 .. 16) plain, as the
       * keys spell it: [1, 10], not ["1", "10"] */
      if (!k->w->json && words[i][strspn(words[i], "0123456789")] == '\0')
        sp_write_plain(k->w, "%s", words[i]);
      else
        sp_write_name(k->w, words[i]);
    }
  k->form->close(k, true);
  return true;
}

/* A send's or a key's tap: its word, or {after: an insert's place or name}. */
static void walk_tap(sp_walk *k, const sp_tap *tap)
{
  bool first = true;
  if (!tap->after_name && !tap->after) {
    k->form->word(k, sp_tap_words[tap->at]);
    return;
  }
  k->form->open(k, false);
  k->form->key(k, "after", &first);
  if (tap->after_name)
    sp_write_name(k->w, tap->after_name);
  else
    sp_write_number(k->w, tap->after);
  k->form->close(k, false);
}

/* `invert:`: moving (each point's mask), channel by channel, or all. */
static void walk_polarity(sp_walk *k, const sp_key_row *row, const sp_polarity *pol)
{
  bool first = true;
  if (pol->moves.n) {
    v_kind kind = row_kind(row);
    kind.channels = pol->moves_n;
    w_auto(k->w, &pol->moves, &kind);
    return;
  }
  if (!pol->n) {
    w_bool(k->w, pol->all);
    return;
  }
  k->form->open(k, true);
  for (size_t c = 0; c < pol->n; c++) {
    k->form->item(k, &first);
    w_bool(k->w, pol->mask >> c & 1u);
  }
  k->form->close(k, true);
}

/* `pan:`, a strip's or a send's: the one of its three forms the parser
 * read, a gain matrix (a channel's one gain written alone, but in the
 * cache key's form: every one a list), a position, or a plain pan (that
 * may move). */
static void walk_pan(sp_walk *k, const sp_key_row *row, const sp_pan *pn)
{
  bool first = true, to = true;
  if (pn->n_gains) {
    k->form->open(k, false);
    k->form->key(k, sp_keys_gains[SP_KEY_GAINS_GAINS], &first);
    k->form->open(k, false);
    for (size_t i = 0; i < pn->n_gains; i++) {
      bool item = true;
      k->form->key(k, pn->gain_to[i], &to);
      if (pn->gain_n[i] == 1 && !k->keyed) {
        sp_write_number(k->w, pn->gain_v[i][0]);
        continue;
      }
      k->form->open(k, true);
      for (size_t j = 0; j < pn->gain_n[i]; j++) {
        k->form->item(k, &item);
        sp_write_number(k->w, pn->gain_v[i][j]);
      }
      k->form->close(k, true);
    }
    k->form->close(k, false);
    k->form->close(k, false);
  } else if (pn->pos.has) {
    k->form->open(k, false);
    sp_walk_table(k, "POSITION", &pn->pos, NULL, &first);
    k->form->close(k, false);
  } else {
    walk_moving(k, row, &pn->plain);
  }
}

/* ---- the walk ------------------------------------------------------------ */

/* A mapping of table's keys from at (def: its defaults, or NULL), or (an
 * OR_OBJECT of one key) that key's value alone; a BOOL's mapping of no
 * key given is its word: on. */
static bool walk_object(sp_walk *k, const sp_key_row *row, const char *name, const void *at,
                        const void *def)
{
  const sp_key_table *sub = sp_key_table_find(row->of);
  if ((row->also & SP_KEY_OR_OBJECT) && sub->n == 1 && (k->keyed || row->type != SP_KEY_T_BOOL))
    return sp_walk_value(k, &sub->rows[0], name, at, def);
  const size_t mark = k->w->n;
  bool first = true;
  k->form->open(k, false);
  sp_walk_table(k, row->of, at, def, &first);
  k->form->close(k, false);
  if (first && !k->keyed && row->type == SP_KEY_T_BOOL) {
    sp_writer_cut(k->w, mark);
    k->form->word(k, "true");
  }
  return true;
}

/* A LIST row's items of obj (a MAP's by their names), each its table's. */
static bool walk_list(sp_walk *k, const sp_key_row *row, const char *o)
{
  const bool named = row->type == SP_KEY_T_MAP;
  const size_t n = *(const size_t *)(o + row->count - 1);
  if (!n && !k->keyed)
    return false;
  bool first = true;
  k->form->open(k, !named);
  for (size_t i = 0; i < n; i++) {
    const char *it = *(const char *const *)(o + row->at) + i * row->size;
    if (named)
      k->form->key(k, *(char *const *)it, &first);
    else
      k->form->item(k, &first);
    void *buf = sp_xcalloc(1, row->size);
    const void *def = k->form->item_default ? k->form->item_default(k, row->of, it, buf) : NULL;
    bool inner = true;
    k->form->open(k, false);
    sp_walk_table(k, row->of, it, def, &inner);
    k->form->close(k, false);
    free(buf);
  }
  k->form->close(k, !named);
  return true;
}

/* A GROUPS row's items of obj: their names where each is a name (the
 * bytes of a list of names), else each a group {NAME: [names]}, a name
 * too ({drums: [drums]}: read back the same). */
static bool walk_groups(sp_walk *k, const sp_key_row *row, const char *o)
{
  const size_t n = *(const size_t *)(o + row->count - 1);
  const sp_stem *g = *(const sp_stem *const *)(o + row->at);
  bool names = true;
  for (size_t i = 0; i < n && names; i++)
    names = g[i].n_members == 1 && strcmp(g[i].members[0], g[i].name) == 0;
  if (names) {
    char **v = sp_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
      v[i] = g[i].name;
    walk_names(k, v, n);
    free(v);
    return true;
  }
  bool first = true;
  k->form->open(k, true);
  for (size_t i = 0; i < n; i++) {
    bool inner = true;
    k->form->item(k, &first);
    k->form->open(k, false);
    k->form->key(k, g[i].name, &inner);
    walk_names(k, g[i].members, g[i].n_members);
    k->form->close(k, false);
  }
  k->form->close(k, true);
  return true;
}

bool sp_walk_value(sp_walk *k, const sp_key_row *row, const char *name, const void *obj,
                   const void *def)
{
  const char *o = obj;
  const void *at = o + row->at;
  if (row->store == SP_KEY_S_NONE || (row->unkeyed && k->keyed))
    return false;
  if (row->word_at && *(const bool *)(o + row->word_at - 1)) {
    const char *const *word = row->words; /* its last word */
    while (word[1])
      word++;
    k->form->word(k, *word);
    return true;
  }
  if (row->key_if && !*(const bool *)(o + row->key_if - 1))
    return false;
  if (row->moves && ((const sp_auto *)(o + row->moves - 1))->n) { /* it moves */
    walk_moving(k, row, (const sp_auto *)(o + row->moves - 1));
    return true;
  }
  switch (row->store) {
  case SP_KEY_S_OBJECT:
    return walk_object(k, row, name, at, def ? (const char *)def + row->at : NULL);
  case SP_KEY_S_FOLD: {
    bool first = true;
    k->form->open(k, false);
    sp_walk_table(k, "FOLD", at, NULL, &first);
    k->form->close(k, false);
    return true;
  }
  case SP_KEY_S_LIST: return walk_list(k, row, o);
  case SP_KEY_S_GROUPS: return walk_groups(k, row, o);
  case SP_KEY_S_NAMED: { /* its table's keys, then its lists by name */
    bool first = true;
    k->form->open(k, false);
    sp_walk_table(k, row->of, obj, def, &first);
    for (size_t i = 0; i < *(const size_t *)(o + row->count - 1); i++) {
      const sp_stem *st = (const sp_stem *)(*(const char *const *)at + i * row->size);
      k->form->key(k, st->name, &first);
      walk_names(k, st->members, st->n_members);
    }
    k->form->close(k, false);
    return true;
  }
  case SP_KEY_S_BOOL: /* an ENUM of two words: its word */
    if (row->type == SP_KEY_T_ENUM && row->words[1])
      k->form->word(k, row->words[*(const bool *)at]);
    else
      w_bool(k->w, *(const bool *)at);
    return true;
  case SP_KEY_S_PRESET: /* its name; none: not given */
    if (!*(char *const *)at || !**(char *const *)at)
      return false;
    sp_write_string(k->w, *(char *const *)at);
    return true;
  case SP_KEY_S_LAYOUT:
    if (!*(const sp_layout *const *)at)
      return false;
    sp_write_name(k->w, (*(const sp_layout *const *)at)->name);
    return true;
  case SP_KEY_S_NAMES: /* every one, none too */
  case SP_KEY_S_CHANNELS: {
    const size_t n = *(const size_t *)(o + row->count - 1);
    if (!n && row->store == SP_KEY_S_CHANNELS)
      return false;
    walk_names(k, *(char *const *const *)at, n);
    return true;
  }
  case SP_KEY_S_WORDS: return walk_words(k, row->words, *(const unsigned *)at);
  case SP_KEY_S_TAP: walk_tap(k, at); return true;
  case SP_KEY_S_POLARITY: walk_polarity(k, row, at); return true;
  case SP_KEY_S_PAN: walk_pan(k, row, at); return true;
  case SP_KEY_S_TIME: w_time(k->w, *(const sp_time *)at); return true;
  case SP_KEY_S_AUTO: /* the cache key's: none by default (an envelope) where it is still at 0 */
    if (k->keyed && !*row->def && !((const sp_auto *)at)->n && ((const sp_auto *)at)->value == 0)
      return false;
    walk_moving(k, row, at);
    return true;
  case SP_KEY_S_FADE: w_fade(k->w, at); return true;
  case SP_KEY_S_WARP: return w_warp(k->w, at);
  default: return k->form->value(k, row, name, obj, def);
  }
}

void sp_walk_key(sp_walk *k, const sp_key_row *rows, const char *const *names, size_t q,
                 const void *obj, const void *def, bool *first)
{
  sp_writer *out = k->w, t = {.json = out->json, .tells = out->tells}, d = {.json = out->json};
  k->w = &t;
  bool written = sp_walk_value(k, &rows[q], names[q], obj, def);
  if (written && def && rows[q].def) { /* as def's: left out */
    k->w = &d;
    written = !(sp_walk_value(k, &rows[q], names[q], def, def) &&
                strcmp(t.s ? t.s : "", d.s ? d.s : "") == 0);
  }
  k->w = out;
  if (written) {
    k->form->key(k, names[q], first);
    sp_write_moved(out, &t);
  }
  sp_writer_free(&t);
  sp_writer_free(&d);
}

void sp_walk_table(sp_walk *k, const char *table, const void *obj, const void *def, bool *first)
{
  const sp_key_table *tab = sp_key_table_find(table);
  for (size_t q = 0; q < tab->n; q++) {
    sp_walk_key(k, tab->rows, tab->keys, q, obj, def, first);
    if (k->form->own)
      k->form->own(k, table, q, tab->keys[q], obj, first);
  }
}

void sp_walk_strip(sp_walk *k, const sp_strip *s, unsigned on, const sp_strip *def, bool *first)
{
  for (size_t q = 0; q < SP_KEY_STRIP_N; q++)
    if (sp_key_strip_on[q] & on)
      sp_walk_key(k, sp_key_rows_strip, sp_keys_strip, q, s, def, first);
}

void sp_walk_insert_keys(sp_walk *k, const sp_insert *ins, const sp_insert *def, unsigned flags,
                         bool plugin, bool selector, bool *first)
{
  for (size_t q = 0; q < SP_KEY_INSERT_N; q++)
    if (sp_key_insert_takes(&sp_key_rows_insert[q], flags, plugin, selector)) {
      sp_walk_key(k, sp_key_rows_insert, sp_keys_insert, q, ins, def, first);
      if (k->form->own)
        k->form->own(k, "INSERT", q, sp_keys_insert[q], ins, first);
    }
}

/* ---- the recipe's text: a form of the walk --------------------------------- */

typedef struct yaml {
  sp_walk k; /* first: a form's sp_walk * is its yaml * */
  sp_writer doc;
  const sp_recipe *r;
  const sp_recipe_yaml_opts *o;
  bool text;         /* the text laid out (not o's nodes_only) */
  const char *table; /* the table of the keys being walked (a track's are three) */
  /* the place of the doc's byte seen as a reader marks it (the bytes
   * before it counted); a block mapping or list (SP_YAML_MAP, _LIST)
   * opened and not yet told (at its first key or item), or -1 */
  size_t seen;
  sp_pos end;
  int pending;
} yaml;

static void w_insert(yaml *y, const sp_strip *s, size_t k);

/* A path of the recipe's own (an insert's files, a state): as written,
 * relative to the recipe's folder when it is in it; one staged
 * (sp_recipe.staged) as the recipe names it. */
static void w_path(yaml *y, const char *path)
{
  for (size_t i = 0; i < y->r->n_staged; i++)
    if (strcmp(path, y->r->staged[2 * i + 1]) == 0) {
      sp_write_string(y->k.w, y->r->staged[2 * i]);
      return;
    }
  const size_t n = strlen(y->r->dir);
  if (strncmp(path, y->r->dir, n) == 0 && path[n] == '/' && strcmp(y->r->dir, ".") != 0)
    path += n + 1;
  else if (strncmp(path, "./", 2) == 0 && strcmp(y->r->dir, ".") == 0)
    path += 2;
  sp_write_string(y->k.w, path);
}

static void y_key(sp_walk *k, const char *name, bool *first) { w_key(k->w, name, first); }
static void y_item(sp_walk *k, bool *first) { w_sep(k->w, first); }
static void y_open(sp_walk *k, bool list) { sp_write_open(k->w, list); }
static void y_close(sp_walk *k, bool list) { sp_write_close(k->w, list); }
static void y_word(sp_walk *k, const char *word) { sp_write_plain(k->w, "%s", word); }

/* The default an item of a list of table starts as (the parser's), it
 * being item, into buf; NULL: none known, every key written. */
static const void *y_item_default(sp_walk *k, const char *table, const void *item, void *buf)
{
  if (strcmp(table, "SEND") == 0) {
    ((sp_send *)buf)->tap.at = SP_TAP_POST;
  } else if (strcmp(table, "SET") == 0) { /* the master set's, its format's */
    sp_output_set *set = buf;
    const sp_format_desc *fd = &sp_formats[((const sp_output_set *)item)->format];
    set->format = ((const sp_output_set *)item)->format;
    set->depth = ((const yaml *)k)->r->output.depth;
    set->dither = true;
    set->fold = sp_fold_default();
    set->loudness.tolerance_lu = 1.0;
    set->rate = fd->rate;
    /* the parser's default at the set's rate (an MP3's the most it takes) */
    const double hz = ((const sp_output_set *)item)->rate;
    set->kbps =
        sp_format_default_kbps(set->format, hz > 0 ? hz : ((const yaml *)k)->r->sample_rate);
  }
  return buf;
}

/* The value of a row's field of obj (o) that is a list of scalars (a
 * region's files, layouts), in flow form: false when it is not given. */
static bool y_list(sp_writer *w, const sp_key_row *row, const char *o)
{
  const void *at = o + row->at;
  switch (row->store) {
  case SP_KEY_S_INPUTS: {
    char **const *in = at;
    const size_t n = *(const size_t *)(o + row->count - 1);
    bool first = true;
    if (!n)
      return false;
    sp_write_open(w, true);
    for (size_t i = 0; i < n; i++) {
      w_sep(w, &first);
      sp_write_string(w, in[0][i]);
    }
    sp_write_close(w, true);
    return true;
  }
  case SP_KEY_S_LAYOUTS: {
    const size_t n = *(const size_t *)(o + row->count - 1);
    bool first = true;
    sp_write_open(w, true);
    for (size_t i = 0; i < n; i++) {
      w_sep(w, &first);
      sp_write_name(w, ((const sp_layout *const *)at)[i]->name);
    }
    sp_write_close(w, true);
    return true;
  }
  default: return false;
  }
}

/* The value of a scalar row's field of obj, in flow form: false when the
 * key is not written (not given). */
static bool y_value(sp_walk *k, const sp_key_row *row, const char *name, const void *obj,
                    const void *def)
{
  yaml *y = (yaml *)k;
  sp_writer *w = k->w;
  const char *o = obj;
  const void *at = o + row->at;
  (void)def;
  switch (row->store) {
  case SP_KEY_S_DOUBLE:
    if (row->min > 0 && row->min < row->max && *(const double *)at == 0)
      return false; /* below its range: not given (a stretch's ratio) */
    if (row->type == SP_KEY_T_LEVEL)
      sp_write_db(w, *(const double *)at);
    else
      sp_write_number(w, *(const double *)at);
    return true;
  case SP_KEY_S_INT: {
    const int v = *(const int *)at;
    if (row->name_at && *(char *const *)(o + row->name_at - 1)) {
      sp_write_string(w, *(char *const *)(o + row->name_at - 1));
      return true;
    }
    if (row->type == SP_KEY_T_NUMBER) {
      if (v == 0)
        return false;
      sp_write_plain(w, "%d", v);
      return true;
    }
    for (size_t i = 0; row->values && row->words[i]; i++)
      if (row->values[i] == v) {
        sp_write_plain(w, "%s", row->words[i]);
        return true;
      }
    if (row->values)
      return false; /* none of its words: not given */
    sp_write_plain(w, "%s", row->words[v]);
    return true;
  }
  case SP_KEY_S_TEXT:
    if (!*(char *const *)at || !**(char *const *)at)
      return false;
    sp_write_string(w, *(char *const *)at);
    return true;
  case SP_KEY_S_INPUTS:
  case SP_KEY_S_LAYOUTS: return y_list(w, row, o);
  case SP_KEY_S_INPUT: { /* under the key that named it (a region's file or midi) */
    char *const *in = at;
    const sp_region *g = obj;
    const bool named = in[2] ? strcmp(strrchr(in[2], '.') + 1, name) == 0
                             : !g->n_files && g->midi == (row->has != 0);
    if (!in[0] || !named)
      return false;
    sp_write_string(w, in[0]);
    return true;
  }
  case SP_KEY_S_CHARS:
    if (!*(const char *)at)
      return false;
    sp_write_quoted(w, at);
    return true;
  case SP_KEY_S_CYCLE: {
    const int64_t *c = at;
    if (!c[0])
      return false;
    sp_write_plain(w, "%lld", (long long)c[0]);
    return true;
  }
  case SP_KEY_S_CHAIN: {
    const sp_strip *s = at;
    const size_t pre = s->n_inserts - s->n_post;
    const size_t from = row->count ? pre : s->instrument ? 1 : 0;
    const size_t to = row->count ? s->n_inserts : pre;
    bool first = true;
    if (from == to)
      return false;
    sp_write_open(w, true);
    for (size_t i = from; i < to; i++) {
      w_sep(w, &first);
      w_insert(y, s, i);
    }
    sp_write_close(w, true);
    return true;
  }
  case SP_KEY_S_INSTRUMENT:
    if (!((const sp_strip *)at)->instrument)
      return false;
    w_insert(y, at, 0);
    return true;
  default: return false; /* the walk's */
  }
}

/* An insert's sidechain key: its source's name, or a mapping. */
static void w_sidechain(yaml *y, const sp_insert *ins)
{
  static const sp_insert none;
  sp_writer *out = y->k.w, t = {.tells = out->tells};
  bool first = true, from = true;
  y->k.w = &t;
  for (size_t q = 0; q < SP_KEY_KEY_N; q++)
    sp_walk_key(&y->k, sp_key_rows_key, sp_keys_key, q, ins, &none, &first);
  y->k.w = out;
  if (first) {
    sp_write_name(out, ins->key_from);
  } else {
    sp_write_open(out, false);
    w_key(out, "from", &from);
    sp_write_name(out, ins->key_from);
    sp_write(out, ", ");
    sp_write_moved(out, &t);
    sp_write_close(out, false);
  }
  sp_writer_free(&t);
}

/* A parameter's value (param p of cls) that does not move: as held, the
 * number. */
static void w_param(sp_writer *w, const sp_proc_class *c, size_t p, double v)
{
  const sp_param *pr = &c->params[p];
  if (held(w)) {
    sp_write_number(w, v);
    return;
  }
  for (const sp_param_word *q = c->words; q && q->word; q++)
    if (q->param == (int)p && (q->value == v || (isnan(q->value) && isnan(v)))) {
      sp_write_plain(w, "%s", q->word);
      return;
    }
  if (pr->kind == SP_PARAM_BOOL)
    w_bool(w, v != 0);
  else if (pr->kind == SP_PARAM_CHOICE)
    sp_write_name(w, pr->choices[(int)v]);
  else if (pr->unit == SP_UNIT_SECONDS)
    w_time(w, (sp_time){.seconds = v});
  else if (pr->unit == SP_UNIT_DB)
    sp_write_db(w, v);
  else
    sp_write_number(w, v);
}

void sp_walk_param(sp_walk *k, const sp_insert *ins, size_t set, size_t p)
{
  const sp_proc_class *c = ins->cls;
  const size_t np = c->n_params;
  const sp_param *pr = &c->params[p];
  const sp_auto *a = ins->automation ? &ins->automation[set * np + p] : NULL;
  if (a && a->n) {
    const v_kind kind = {pr->kind == SP_PARAM_NUMBER ? pr->unit == SP_UNIT_DB ? V_DB : V_NUM
                         : pr->kind == SP_PARAM_BOOL ? V_BOOL
                                                     : V_CHOICE,
                         pr->choices, 0};
    w_auto(k->w, a, &kind);
  } else {
    w_param(k->w, c, p, ins->params[set * np + p]);
  }
}

/* Parameter set `set` of an insert: each not at its default at the
 * recipe's rate (sp_param_default: the parser's reading of it fills that
 * in), or moving; one whose default moves with the rate at any value (at
 * its default here, another's read at another rate: a --set of the
 * sample rate over a session's recipe, which reads this text again). */
static void w_params(yaml *y, const sp_insert *ins, size_t set, bool *first)
{
  const sp_proc_class *c = ins->cls;
  const size_t np = c->n_params;
  const double rate = sp_recipe_reading_rate(y->r->sample_rate);
  for (size_t p = 0; p < np; p++) {
    const sp_param *pr = &c->params[p];
    if (sp_param_is_file(pr)) {
      if (set == 0 && ins->files && ins->files[p]) {
        y_key(&y->k, pr->name, first);
        w_path(y, ins->files[p]);
      }
      continue;
    }
    const sp_auto *a = ins->automation ? &ins->automation[set * np + p] : NULL;
    const double v = ins->params[set * np + p];
    if ((a && a->n) || v != sp_param_default(c, (int)p, rate) || pr->required ||
        sp_param_default_moves(c, (int)p) || (ins->given && ins->given[p]) || ins->saved) {
      y_key(&y->k, pr->name, first);
      sp_walk_param(&y->k, ins, set, p);
    }
  }
}

/* An insert's keys no row says: its plugin's preset, its state, its key,
 * its bands, widen. */
static void y_own(sp_walk *k, const char *table, size_t q, const char *name, const void *obj,
                  bool *first)
{
  yaml *y = (yaml *)k;
  const sp_insert *ins = obj;
  if (strcmp(table, "INSERT") != 0)
    return;
  switch ((sp_key_insert)q) {
  case SP_KEY_INSERT_PRESET: /* its name; its values are written too */
    if (ins->saved && !ins->state_file) {
      y_key(k, name, first);
      sp_write_string(k->w, ins->saved->from);
    }
    break;
  case SP_KEY_INSERT_STATE:
    if (ins->state_file) {
      y_key(k, name, first);
      w_path(y, ins->state_file);
    }
    break;
  case SP_KEY_INSERT_KEY:
    if (ins->key_from) {
      y_key(k, name, first);
      w_sidechain(y, ins);
    }
    break;
  case SP_KEY_INSERT_BANDS: {
    bool item = true;
    y_key(k, name, first);
    sp_write_open(k->w, true);
    for (size_t set = 0; set < ins->n_sets; set++) {
      bool f = true;
      w_sep(k->w, &item);
      sp_write_open(k->w, false);
      w_params(y, ins, set, &f);
      sp_write_close(k->w, false);
    }
    sp_write_close(k->w, true);
    break;
  }
  case SP_KEY_INSERT_WIDEN:
    if (ins->keep_mono) {
      y_key(k, name, first);
      w_bool(k->w, false);
    }
    break;
  default: break; /* their rows' (the plugin: its selector, first) */
  }
}

/* The family insert ins is of: its path's last key (the parser's, a
 * builder's), else the one whose class it is. */
static const sp_proc_family *family_of(const sp_insert *ins)
{
  const char *dot = ins->path ? strrchr(ins->path, '.') : NULL;
  if (dot)
    return sp_proc_family_find(dot + 1);
  for (size_t i = 0; i < sp_proc_family_count(); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    if (f->single == ins->cls)
      return f;
    for (size_t j = 0; !f->single && f->count && j < f->count(); j++)
      if (f->at(j) == ins->cls)
        return f;
  }
  return NULL;
}

/* Insert k of strip s: `{NAME: {...}}`. */
static void w_insert(yaml *y, const sp_strip *s, size_t k)
{
  static const sp_insert none;
  const sp_insert *ins = &s->inserts[k];
  const sp_proc_class *c = ins->cls;
  const sp_proc_family *fam = family_of(ins);
  const char *name = fam ? fam->name : c->name;
  bool first = true, one = true;
  sp_write_open(y->k.w, false);
  w_key(y->k.w, name, &one);
  sp_write_open(y->k.w, false);
  if (fam && fam->selector) {
    y_key(&y->k, fam->selector, &first);
    sp_write_string(y->k.w, c->origin ? c->origin->uri : c->name);
  }
  if (!(c->flags & SP_PROC_BANDS))
    w_params(y, ins, 0, &first);
  sp_walk_insert_keys(&y->k, ins, &none, c->flags, fam && fam->preset, fam && fam->selector,
                      &first);
  sp_write_close(y->k.w, false);
  sp_write_close(y->k.w, false);
}

static const sp_walk_form yaml_form = {
    .key = y_key,
    .item = y_item,
    .open = y_open,
    .close = y_close,
    .word = y_word,
    .value = y_value,
    .own = y_own,
    .item_default = y_item_default,
};

/* ---- the document: block mappings of the root, the strips ---------------- */
/* The keys of a mapping and their values as the walk wrote them, in flow
 * form, into a writer that tells (its nodes: core/recipe/writer.h), laid
 * out: the root's, a strip's and master's mappings a block, a key a line;
 * a list of mappings (regions, inserts, sends) a block, an item a line;
 * each value in flow form after its key, its bytes as written. Where a
 * key, a value and an item begin and end, and the nodes told, are the
 * writer's nodes: nothing here reads the text written back. */

/* Where byte at of the doc is, as a reader marks it: its line, its column
 * in characters (the doc's bytes counted once, in order, up to at). */
static sp_pos doc_pos(yaml *y, size_t at)
{
  if (!y->text)
    return (sp_pos){0, 0};
  for (; y->seen < at; y->seen++) {
    const unsigned char c = (unsigned char)y->doc.s[y->seen];
    if (c == '\n')
      y->end = (sp_pos){y->end.line + 1, 1};
    else
      y->end.col += (c & 0xC0) != 0x80;
  }
  return y->end;
}

/* Where the doc's next byte goes. */
static sp_pos doc_at(yaml *y) { return doc_pos(y, y->doc.n); }

/* The layout s after indent blanks written to the doc, where it is laid
 * out. */
static void lay(yaml *y, int indent, const char *s)
{
  if (y->text)
    sp_write(&y->doc, "%*s%s", indent, "", s);
}

/* The block opened and not yet told, told at its first node's place. */
static void opened(yaml *y, sp_pos at)
{
  if (y->pending >= 0 && y->o && y->o->node)
    y->o->node(y->o->node_ctx, (sp_yaml_ev)y->pending, at, NULL, false);
  y->pending = -1;
}

/* A node told (opts' node), the block opened above it first. */
static void tell(yaml *y, sp_yaml_ev ev, sp_pos at, const char *text, bool quoted)
{
  if (!y->o || !y->o->node)
    return;
  if (ev != SP_YAML_END)
    opened(y, at);
  y->o->node(y->o->node_ctx, ev, at, text, quoted);
}

/* The node after node i of w and those it holds (a mapping's, a list's,
 * up to its end). */
static size_t past(const sp_writer *w, size_t i)
{
  size_t open = 0;
  do {
    open += w->nodes[i].ev == SP_YAML_MAP || w->nodes[i].ev == SP_YAML_LIST;
    open -= w->nodes[i].ev == SP_YAML_END;
  } while (++i < w->n_nodes && open);
  return i;
}

/* Nodes [from, to) of w (a value, or a key and its value) written to the
 * doc on its line, their bytes as w holds them, and told at their places
 * there: a mapping or a list at its bracket and its end after its closing
 * one, as a reader marks them; a scalar at its first byte. */
static void flow(yaml *y, const sp_writer *w, size_t from, size_t to)
{
  if (from == to)
    return;
  const size_t base = w->nodes[from].at, doc = y->doc.n;
  if (y->text)
    sp_write_n(&y->doc, w->s + base, w->nodes[to - 1].end - base);
  for (size_t i = from; i < to && y->o && y->o->node; i++) {
    const sp_wnode *n = &w->nodes[i];
    const size_t at = n->ev == SP_YAML_END ? n->end : n->at;
    tell(y, n->ev, doc_pos(y, doc + at - base), n->text, n->quoted);
  }
}

/* A block key at indent, its ':' after. */
static void block_name(yaml *y, const char *name, int indent)
{
  sp_writer t = {.tells = true};
  sp_write_name(&t, name);
  lay(y, indent, "");
  flow(y, &t, 0, t.n_nodes);
  lay(y, 0, ":");
  sp_writer_free(&t);
}

/* After a block key: its value, nodes [from, to) of w, on its line. */
static void block_value(yaml *y, const sp_writer *w, size_t from, size_t to)
{
  lay(y, 0, " ");
  flow(y, w, from, to);
  lay(y, 0, "\n");
}

/* After a block key: its value a block below it, opened. */
static void block_open(yaml *y, sp_yaml_ev ev)
{
  lay(y, 0, "\n");
  y->pending = (int)ev;
}

/* The comment above path, each line "# " at indent. */
static void comment(yaml *y, const char *path, int indent)
{
  const char *c = y->text && y->o && y->o->comment ? y->o->comment(y->o->ctx, path) : NULL;
  while (c && *c) {
    const char *end = strchr(c, '\n');
    const size_t n = end ? (size_t)(end - c) : strlen(c);
    char *line = strndup_(c, n);
    sp_write(&y->doc, "%*s#%s", indent, "", n ? " " : "");
    sp_write_comment(&y->doc, line);
    sp_write(&y->doc, "\n");
    free(line);
    c = end ? end + 1 : c + n;
  }
}

/* Key name of the mapping at path and its value, nodes [from, to) of w,
 * at indent: the value after the key, or (list: a list of mappings) an
 * item a line, `- {...}`, an insert `- NAME: {...}` (a block mapping of
 * its one key). */
static void block_key(yaml *y, const char *path, const char *name, const sp_writer *w, size_t from,
                      size_t to, int indent, bool list)
{
  char *kp = sp_xasprintf("%s.%s", path, name);
  comment(y, kp, indent);
  block_name(y, name, indent);
  if (!list) {
    block_value(y, w, from, to);
    free(kp);
    return;
  }
  block_open(y, SP_YAML_LIST);
  const bool inserts = strcmp(name, "inserts") == 0 || strcmp(name, "post_inserts") == 0;
  size_t n = 0;
  for (size_t i = from + 1, end; i + 1 < to; i = end) { /* each item, the list's brackets off */
    end = past(w, i);
    if (y->text) {
      char *ip = sp_xasprintf("%s[%zu]", kp, n);
      comment(y, ip, indent + 2);
      free(ip);
    }
    n++;
    lay(y, indent + 2, "");
    opened(y, doc_at(y)); /* the list at its first '-' */
    lay(y, 0, "- ");
    const sp_pos at = doc_at(y);
    if (inserts) { /* its braces off */
      y->pending = SP_YAML_MAP;
      flow(y, w, i + 1, end - 1);
      tell(y, SP_YAML_END, at, NULL, false);
    } else {
      flow(y, w, i, end);
    }
    lay(y, 0, "\n");
  }
  tell(y, SP_YAML_END, doc_at(y), NULL, false);
  free(kp);
}

/* The keys of a mapping at path and their values, nodes [from, to) of w,
 * as a block at indent: a key a line, a list of mappings (regions,
 * inserts, sends) an item a line. */
static void block_map(yaml *y, const char *path, const sp_writer *w, size_t from, size_t to,
                      int indent)
{
  for (size_t i = from, end; i < to; i = end) {
    const sp_wnode *key = &w->nodes[i], *v = &w->nodes[i + 1];
    end = past(w, i + 1);
    const char *name = key->text;
    const bool list = v->ev == SP_YAML_LIST && v[1].ev == SP_YAML_MAP &&
                      (strcmp(name, "regions") == 0 || strcmp(name, "inserts") == 0 ||
                       strcmp(name, "post_inserts") == 0 || strcmp(name, "sends") == 0 ||
                       strcmp(name, "also") == 0);
    if (!key->quoted) {
      block_key(y, path, name, w, i + 1, end, indent, list);
    } else { /* a quoted name: its value after it */
      block_name(y, name, indent);
      block_value(y, w, i + 1, end);
    }
  }
}

/* A track: its region's keys on it (a track of one), or its regions;
 * its instrument; its mixer. */
static void track_keys(yaml *y, const sp_track *tr, bool *first)
{
  static const sp_region none;
  static const sp_strip no_strip;
  if (!tr->regions_listed && tr->n_regions == 1) {
    y->table = "REGION";
    for (size_t q = 0; q < SP_KEY_REGION_N; q++) {
      bool on_track = false;
      for (size_t i = 0; sp_keys_region_on_track[i]; i++)
        on_track |= strcmp(sp_keys_region_on_track[i], sp_keys_region[q]) == 0;
      if (on_track)
        sp_walk_key(&y->k, sp_key_rows_region, sp_keys_region, q, tr->regions, &none, first);
    }
    y->table = "TRACK";
  } else {
    y->table = "TRACK";
    sp_walk_key(&y->k, sp_key_rows_track, sp_keys_track, SP_KEY_TRACK_REGIONS, tr, NULL, first);
  }
  sp_walk_key(&y->k, sp_key_rows_track, sp_keys_track, SP_KEY_TRACK_INSTRUMENT, tr, NULL, first);
  y->table = "STRIP";
  sp_walk_strip(&y->k, &tr->strip, SP_KEY_ON_TRACK, &no_strip, first);
}

/* `tracks:`, `buses:`: each by name, a block of its keys. */
static void block_strips(yaml *y, const char *name, size_t n, bool tracks)
{
  static const sp_strip none;
  if (!n)
    return;
  lay(y, 0, "\n");
  comment(y, name, 0);
  block_name(y, name, 0);
  block_open(y, SP_YAML_MAP);
  for (size_t i = 0; i < n; i++) {
    sp_writer t = {.tells = true};
    bool first = true;
    const char *sname = tracks ? y->r->tracks[i].name : y->r->buses[i].name;
    y->k.w = &t;
    if (tracks)
      track_keys(y, &y->r->tracks[i], &first);
    else
      sp_walk_strip(&y->k, &y->r->buses[i].strip, SP_KEY_ON_BUS, &none, &first);
    char *path = sp_xasprintf("%s.%s", name, sname);
    comment(y, path, 2);
    block_name(y, sname, 2);
    if (first) { /* no key: an empty mapping */
      sp_write_open(&t, false);
      sp_write_close(&t, false);
      block_value(y, &t, 0, t.n_nodes);
    } else {
      block_open(y, SP_YAML_MAP);
      block_map(y, path, &t, 0, t.n_nodes, 4);
      tell(y, SP_YAML_END, doc_at(y), NULL, false);
    }
    free(path);
    sp_writer_free(&t);
  }
  tell(y, SP_YAML_END, doc_at(y), NULL, false);
}

/* A root key and its value, w's nodes (the key first; a mapping a block
 * of its keys), its comment above it. */
static void root_text(yaml *y, const char *name, const sp_writer *w)
{
  const bool map = w->nodes[1].ev == SP_YAML_MAP && w->nodes[2].ev != SP_YAML_END;
  if (map)
    lay(y, 0, "\n");
  comment(y, name, 0);
  block_name(y, name, 0);
  if (!map) {
    block_value(y, w, 1, w->n_nodes);
    return;
  }
  block_open(y, SP_YAML_MAP);
  block_map(y, name, w, 2, w->n_nodes - 1, 2); /* the mapping's keys, its braces off */
  tell(y, SP_YAML_END, doc_at(y), NULL, false);
}

char *sp_recipe_yaml(const sp_recipe *r, const sp_recipe_yaml_opts *o)
{
  static const sp_strip none;
  yaml y = {.k = {.form = &yaml_form},
            .r = r,
            .o = o,
            .text = !o || !o->nodes_only,
            .end = {1, 1},
            .pending = SP_YAML_MAP}; /* the root: a block mapping */
  sp_recipe *def = sp_recipe_new(r->file);
  comment(&y, "", 0);
  for (size_t q = 0; q < SP_KEY_ROOT_N; q++) {
    sp_writer t = {.tells = true};
    bool first = true;
    y.k.w = &t;
    if (q == SP_KEY_ROOT_TRACKS || q == SP_KEY_ROOT_BUSES) {
      block_strips(&y, sp_keys_root[q], q == SP_KEY_ROOT_TRACKS ? r->n_tracks : r->n_buses,
                   q == SP_KEY_ROOT_TRACKS);
    } else if (q == SP_KEY_ROOT_MASTER) {
      sp_walk_strip(&y.k, &r->master, SP_KEY_ON_MASTER, &none, &first);
      sp_walk_table(&y.k, "MASTER", r, def, &first);
      if (!first) {
        lay(&y, 0, "\n");
        comment(&y, "master", 0);
        block_name(&y, "master", 0);
        block_open(&y, SP_YAML_MAP);
        block_map(&y, "master", &t, 0, t.n_nodes, 2);
        tell(&y, SP_YAML_END, doc_at(&y), NULL, false);
      }
    } else {
      sp_walk_key(&y.k, sp_key_rows_root, sp_keys_root, q, r, def, &first);
      if (!first)
        root_text(&y, sp_keys_root[q], &t);
    }
    sp_writer_free(&t);
  }
  sp_recipe_free(def);
  if (y.pending < 0) /* a key was told: the root ends */
    tell(&y, SP_YAML_END, doc_at(&y), NULL, false);
  return sp_writer_take(&y.doc);
}

/* ---- the keys the text gives: a form that writes nothing ------------------- */

typedef struct given {
  yaml y; /* first: the recipe's text's form, its key told */
  bool *top;
  void (*fn)(void *ctx, const char *table, const char *key);
  void *ctx;
} given;

/* A key of the mapping walked (its own first flag: not a key inside one
 * of its values) told, then written as the text's. */
static void g_key(sp_walk *k, const char *name, bool *first)
{
  given *g = (given *)k;
  if (first == g->top)
    g->fn(g->ctx, g->y.table, name);
  y_key(k, name, first);
}

/* The strip at path ("tracks.NAME", "buses.NAME", "master"), or NULL. */
static const sp_strip *strip_at(const sp_recipe *r, const char *path)
{
  if (strcmp(path, "master") == 0)
    return &r->master;
  for (size_t i = 0; i < r->n_tracks + r->n_buses; i++) {
    const bool track = i < r->n_tracks;
    const char *name = track ? r->tracks[i].name : r->buses[i - r->n_tracks].name;
    const char *kind = track ? "tracks." : "buses.";
    if (strncmp(path, kind, strlen(kind)) == 0 && strcmp(path + strlen(kind), name) == 0)
      return track ? &r->tracks[i].strip : &r->buses[i - r->n_tracks].strip;
  }
  return NULL;
}

void sp_recipe_given(const sp_recipe *r, const char *path,
                     void (*given_key)(void *ctx, const char *table, const char *key), void *ctx)
{
  static const sp_strip none;
  sp_walk_form form = yaml_form;
  form.key = g_key;
  sp_writer t = {0};
  bool first = true;
  given g = {
      .y = {.k = {.form = &form, .w = &t}, .r = r, .pending = -1},
      .top = &first,
      .fn = given_key,
      .ctx = ctx};
  sp_recipe *def = sp_recipe_new(r->file);
  const char *dot = strchr(path, '.'), *send = strstr(path, ".sends[");
  if (send) { /* a strip's send: its SEND table's keys */
    char *at = sp_xasprintf("%.*s", (int)(send - path), path);
    const sp_strip *s = strip_at(r, at);
    const size_t i = strtoul(send + 7, NULL, 10);
    free(at);
    sp_send no_send = {0};
    g.y.table = "SEND";
    if (s && i < s->n_sends)
      sp_walk_table(&g.y.k, "SEND", &s->sends[i], y_item_default(&g.y.k, "SEND", NULL, &no_send),
                    &first);
  } else if (!*path) {
    g.y.table = "ROOT";
    sp_walk_table(&g.y.k, "ROOT", r, def, &first);
  } else if (strcmp(path, "master") == 0) {
    g.y.table = "STRIP";
    sp_walk_strip(&g.y.k, &r->master, SP_KEY_ON_MASTER, &none, &first);
    g.y.table = "MASTER";
    sp_walk_table(&g.y.k, "MASTER", r, def, &first);
  } else if (dot && strncmp(path, "tracks.", 7) == 0) {
    for (size_t i = 0; i < r->n_tracks; i++)
      if (strcmp(r->tracks[i].name, dot + 1) == 0)
        track_keys(&g.y, &r->tracks[i], &first);
  } else if (dot && strncmp(path, "buses.", 6) == 0) {
    g.y.table = "STRIP";
    for (size_t i = 0; i < r->n_buses; i++)
      if (strcmp(r->buses[i].name, dot + 1) == 0)
        sp_walk_strip(&g.y.k, &r->buses[i].strip, SP_KEY_ON_BUS, &none, &first);
  } else { /* a root key's mapping: output, checks */
    for (size_t q = 0; q < SP_KEY_ROOT_N; q++) {
      const sp_key_row *row = &sp_key_rows_root[q];
      if (strcmp(sp_keys_root[q], path) != 0 || row->store != SP_KEY_S_OBJECT)
        continue;
      g.y.table = row->of;
      sp_walk_table(&g.y.k, row->of, (const char *)r + row->at, (const char *)def + row->at,
                    &first);
    }
  }
  sp_recipe_free(def);
  sp_writer_free(&t);
}
