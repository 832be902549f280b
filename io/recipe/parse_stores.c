/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The readers of the store kinds (core/recipe/keys.h) whose value is more
 * than one field: a region's fade and warp, an input file, a list of words
 * as bits, of layouts, of names, a plugin cycle's pair, a preset's struct.
 * recipe_fill_one (parse_values.c) reaches them by their store through
 * recipe_store_reads, as data, as it reaches the mixer's (parse.c); they
 * read their parts with parse_values.c's scalar readers. */

#include "io/recipe/parse_values.h"

#include "io/recipe/parse_timed.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/fade.h"
#include "core/recipe/recipe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Fade points of kind k at cp (a curve's, a saved list's, an inverse's:
 * core/recipe/fade.h), a list of [time, gain] points read as written, each
 * in its place (what they may be is the recipe's check's,
 * core/recipe/check.c: their count, times and gains); an empty list is
 * none. */
static bool fade_points(parser *p, const sp_ynode *cv, const char *cp, const sp_fade_points_kind *k,
                        sp_auto *out)
{
  /* (their ranges, a curve's and an inverse's, as a gain not read is told) */
  static const recipe_timed gains[] = {
      RECIPE_TIMED_NUMBERS(&sp_timed_kinds[SP_TIMED_FADE_CURVE], 0, "gain", "0.5", "0"),
      RECIPE_TIMED_NUMBERS(&sp_timed_kinds[SP_TIMED_FADE_LIST], 0, "gain", "0.5", "0")};
  recipe_note(p, cp, cv);
  if (cv->kind != SP_Y_SEQ) {
    char why[320];
    sp_fade_points_few(k, why, sizeof why);
    bad(p, cv, cp, "%s", why);
    return false;
  }
  sp_auto_free(out);
  return cv->n == 0 || recipe_get_timed(p, cv, cp, &gains[k->gains != SP_TIMED_FADE_CURVE], out);
}

/* A region's fade (an SP_KEY_S_FADE): `10 ms` (a ramp), `ardour` (Ardour's
 * default), `{length: 1 s, shape: power}` or `{curve: [[0, 0], [0.5 s,
 * 0.8], [1 s, 1]]}` or `{points: ...}`; a map may name `shape: ardour` and
 * give the `inverse:` an opaque region fades the regions below it with. */
static bool get_fade(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                     void *obj)
{
  sp_fade *f = (sp_fade *)((char *)obj + row->at);
  const char *const *keys = sp_keys_fade;
  const size_t errors = sp_diags_errors(p->d);
  const sp_time ardour_len = {.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
  const sp_curve *named = v->kind == SP_Y_SCALAR ? sp_curve_find(SP_CURVE_FADE, v->text) : NULL;
  if (named && named->id == SP_FADE_DEFAULT) {
    f->length = ardour_len;
    f->shape = SP_FADE_DEFAULT;
    return true;
  }
  if (v->kind != SP_Y_MAP) {
    f->shape = SP_FADE_RAMP;
    return recipe_get_time(p, v, path, &f->length);
  }
  if (!recipe_check_keys(p, v, path, keys, "a fade ({length: 1 s, shape: power} or {curve: ...})"))
    return false;
  /* which of its keys were written, as noted: the rules across them */
  const sp_where *lw = sp_recipe_noted_key(p->r, path, "length"),
                 *sw = sp_recipe_noted_key(p->r, path, "shape"),
                 *cw = sp_recipe_noted_key(p->r, path, "curve"),
                 *pw = sp_recipe_noted_key(p->r, path, "points");
  const sp_ynode *lv = sp_ymap_get(v, "length"), *sv = sp_ymap_get(v, "shape"),
                 *cv = sp_ymap_get(v, "curve"), *iv = sp_ymap_get(v, "inverse"),
                 *pv = sp_ymap_get(v, "points");
  char *lp = recipe_join(path, "length"), *sp = recipe_join(path, "shape"),
       *cp = recipe_join(path, "curve"), *ip = recipe_join(path, "inverse"),
       *pp = recipe_join(path, "points");
  named = sv && sv->kind == SP_Y_SCALAR ? sp_curve_find(SP_CURVE_FADE, sv->text) : NULL;
  bool ardour = named && named->id == SP_FADE_DEFAULT;
  f->shape = SP_FADE_RAMP;
  if ((cw || pw) && (lw || sw)) {
    /* a --set's beside the text's: at the set, the fade given whole */
    const sp_where *drawn = cw ? cw : pw, *timed = lw ? lw : sw;
    const char *dk = cw ? "curve" : "points", *tk = lw ? "length" : "shape";
    char *fix = recipe_whole_fix(p, drawn, timed, path, "fade", tk, dk);
    const bool at_drawn = fix != NULL; /* (else at what it is drawn beside) */
    if (!fix)
      fix = recipe_whole_fix(p, timed, drawn, path, "fade", dk, tk);
    if (!fix)
      fix = sp_xasprintf("remove '%s'", tk);
    bad_at(p, at_drawn ? drawn : timed,
           at_drawn ? (cw ? cp : pp)
           : lw     ? lp
                    : sp,
           "a fade is either {length, shape} or {%s}: a %s's last point is its length and "
           "its points its shape; %s",
           dk, cw ? "curve" : "list of points", fix);
    free(fix);
  } else if (cw && pw) {
    bad_at(p, pw, pp,
           "a fade is a {curve} or {points}, not both: 'points' draws a list as Ardour "
           "draws a saved one; remove one");
  } else if (cw || pw) {
    /* points: a saved fade list as Ardour draws it, from any time, gains
     * 0 .. 2 (fade.h); either's last point is its length */
    if (fade_points(p, cw ? cv : pv, cw ? cp : pp,
                    cw ? &sp_fade_curve_points : &sp_fade_saved_points, &f->curve)) {
      if (f->curve.n)
        f->length = f->curve.points[f->curve.n - 1].t;
      f->shape = cw ? SP_FADE_CURVE : SP_FADE_POINTS;
    }
  } else if (ardour) {
    if (lw)
      bad_at(p, lw, lp, "Ardour's default fade is %d frames long; remove 'length'",
             SP_FADE_DEFAULT_FRAMES);
    f->length = ardour_len;
    f->shape = SP_FADE_DEFAULT;
  } else {
    if (!lw)
      sp_recipe_error(p->r, p->d, SP_ERR_USAGE, path,
                      "a fade needs its 'length' (like {length: 1 s, shape: power})");
    else
      recipe_get_time(p, lv, lp, &f->length);
    if (sw && (sv->kind != SP_Y_SCALAR || !sp_fade_shape_parse(sv->text, &f->shape)))
      bad(p, sv, sp,
          "%s%s%s; expected linear, power, fast, slow or symmetric (Ardour's five), ardour (its "
          "default fade), or a curve: {curve: [[0, 0], [1 s, 1]]}",
          sv->kind == SP_Y_SCALAR ? "unknown fade shape '" : "a fade shape is a name, got ",
          sv->kind == SP_Y_SCALAR ? sv->text : sp_ykind_name(sv->kind),
          sv->kind == SP_Y_SCALAR ? "'" : "");
  }
  /* An inverse may start after 0 and end before or after its fade: Ardour
   * draws it over the fade's frames whatever its points (fade.h). */
  if (sp_recipe_noted_key(p->r, path, "inverse"))
    fade_points(p, iv, ip, &sp_fade_inverse_points, &f->inverse);
  free(lp);
  free(sp);
  free(cp);
  free(ip);
  free(pp);
  return sp_diags_errors(p->d) == errors;
}

/* `warp: [[src, at], ...]`: its points as written, each at its place and
 * its two times at theirs (how many, and their order, are the check's,
 * core/recipe/check.c); none where one is not a point of two times. */
static bool get_warp(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                     void *obj)
{
  sp_stretch *st = (sp_stretch *)((char *)obj + row->at);
  if (v->kind != SP_Y_SEQ) {
    bad(p, v, path, "%s", sp_build_warp_few);
    return false;
  }
  st->src = sp_xcalloc(v->n ? v->n : 1, sizeof *st->src);
  st->at = sp_xcalloc(v->n ? v->n : 1, sizeof *st->at);
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *pt = v->items[i];
    char *pp = recipe_index_path(path, i);
    bool ok = false;
    if (pt->kind != SP_Y_SEQ || pt->n != 2)
      bad(p, pt, pp, "a warp point is [source time, region time], like [1.5 s, 2 s]");
    else
      ok = recipe_get_time(p, pt->items[0], pp, &st->src[i]) &&
           recipe_get_time(p, pt->items[1], pp, &st->at[i]);
    if (ok) {
      recipe_note(p, pp, pt);
      for (size_t k = 0; k < 2; k++) {
        char *tp = recipe_index_path(pp, k);
        recipe_note(p, tp, pt->items[k]);
        free(tp);
      }
    }
    free(pp);
    if (!ok)
      break;
    st->n = i + 1;
  }
  if (st->n != v->n)
    st->n = 0;
  return st->n == v->n;
}

/* A LAYOUTS row's list n at path (at most its size in layouts), into obj. */
static bool get_layouts(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                        void *obj)
{
  const size_t most = row->size / sizeof(const sp_layout *);
  const sp_layout **at = (const sp_layout **)((char *)obj + row->at);
  size_t *count = (size_t *)((char *)obj + row->count - 1);
  if (n->kind != SP_Y_SEQ) {
    bad(p, n, path, "expected a list of layouts (%s), like %s", row->help, row->def);
    return false;
  }
  if (n->n > most) {
    bad(p, n, path, "%zu layouts; it takes at most %zu", n->n, most);
    return false;
  }
  bool ok = true;
  *count = 0;
  for (size_t i = 0; i < n->n; i++) {
    char *ip = recipe_index_path(path, i);
    if (recipe_get_layout(p, n->items[i], ip, at + *count))
      sp_recipe_note_item(p->r, path, (*count)++, i);
    else
      ok = false;
    free(ip);
  }
  return ok;
}

/* A CYCLE row's n at path: a whole number of frames, or a word (its
 * frames, values says), into the pair at. */
static bool get_cycle(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                      void *obj)
{
  int64_t *at = (int64_t *)((char *)obj + row->at);
  double v = 0;
  int w = 0;
  while (n->kind == SP_Y_SCALAR && row->words[w] && strcmp(n->text, row->words[w]) != 0)
    w++;
  if (n->kind == SP_Y_SCALAR && row->words[w])
    v = row->values[w];
  else if (recipe_get_value(p, n, path, SP_UNIT_NUMBER, row->min, row->max, &v) && v != floor(v))
    bad(p, n, path, "expected a whole number of frames from %g to %g, like 1024, or %s (%s)",
        row->min, row->max, row->words[0], row->help);
  if (!(v > 0 && v == floor(v)))
    return false;
  at[0] = at[1] = (int64_t)v;
  return true;
}

/* A NAMES row's n at path (a list of names, or one name), into obj. */
static bool get_names(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                      void *obj)
{
  char ***names = (char ***)((char *)obj + row->at);
  size_t *count = (size_t *)((char *)obj + row->count - 1);
  if (n->kind != SP_Y_SEQ && n->kind != SP_Y_SCALAR) {
    bad(p, n, path, "expected a name or a list of names (%s), got %s", row->help,
        sp_ykind_name(n->kind));
    return false;
  }
  const bool listed = n->kind == SP_Y_SEQ;
  char *what = sp_xasprintf("a name (%s)", row->help);
  sp_free_strings(*names, *count);
  *names = sp_xcalloc(listed && n->n ? n->n : 1, sizeof **names);
  *count = 0;
  bool ok = true;
  for (size_t i = 0; i < (listed ? n->n : 1); i++) {
    char *ip = listed ? recipe_index_path(path, i) : sp_xstrdup(path);
    recipe_note(p, ip, listed ? n->items[i] : n);
    if (recipe_get_string(p, listed ? n->items[i] : n, ip, what, &(*names)[*count]))
      sp_recipe_note_item(p->r, path, (*count)++, i);
    else
      ok = false;
    free(ip);
  }
  free(what);
  return ok;
}

/* GROUPS: a list of items, each a name (its own one name) or a group
 * {NAME: [names]} (or {NAME: name}), into sp_stem items. */
static bool get_groups(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                       void *obj)
{
  sp_stem **items = (sp_stem **)((char *)obj + row->at);
  size_t *count = (size_t *)((char *)obj + row->count - 1);
  if (n->kind != SP_Y_SEQ) {
    bad(p, n, path, "expected a list (%s), got %s", row->help, sp_ykind_name(n->kind));
    return false;
  }
  *items = sp_xcalloc(n->n ? n->n : 1, sizeof **items);
  *count = 0;
  bool ok = true;
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *it = n->items[i], *of = it->kind == SP_Y_MAP && it->n == 1 ? it->pairs[0].value : NULL;
    char *ip = recipe_index_path(path, i);
    recipe_note(p, ip, it);
    sp_stem *g = &(*items)[*count];
    if (it->kind == SP_Y_SCALAR) {
      if (recipe_get_string(p, it, ip, "a stem's name", &g->name)) {
        g->members = sp_xcalloc(1, sizeof *g->members);
        g->members[g->n_members++] = sp_xstrdup(g->name);
        ++*count;
      } else {
        ok = false;
      }
    } else if (of && (of->kind == SP_Y_SCALAR || (of->kind == SP_Y_SEQ && of->n > 0))) {
      g->name = sp_xstrdup(it->pairs[0].key->text);
      const size_t m = of->kind == SP_Y_SEQ ? of->n : 1;
      g->members = sp_xcalloc(m, sizeof *g->members);
      char *gp = recipe_join(ip, g->name); /* stems[2].melody, its members [0] ... */
      recipe_note_pair(p, gp, of, it->pairs[0].key, false, g->name); /* its name's place with it */
      for (size_t j = 0; j < m; j++) {
        const sp_ynode *one = of->kind == SP_Y_SEQ ? of->items[j] : of;
        char *jp = of->kind == SP_Y_SEQ ? recipe_index_path(gp, j) : sp_xstrdup(gp);
        if (of->kind == SP_Y_SEQ) /* (one alone: noted at gp, its name with it) */
          recipe_note(p, jp, one);
        if (recipe_get_string(p, one, jp, "a printed stem's name", &g->members[g->n_members]))
          g->n_members++;
        else
          ok = false;
        free(jp);
      }
      free(gp);
      ++*count;
    } else {
      bad(p, it, ip,
          "expected a stem's name, or a group of stems summed as {NAME: [stems]} (like "
          "{melody: [keys, guitars]}), got %s",
          sp_ykind_name(it->kind));
      ok = false;
    }
    free(ip);
  }
  return ok;
}

/* FILE: an input of the render, as written, resolved against the
 * recipe's folder, and the recipe path that names it. */
static bool get_input(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                      void *obj)
{
  char **in = (char **)((char *)obj + row->at), *what = sp_xasprintf("the path of %s", row->help);
  const bool ok = recipe_get_string(p, n, path, what, &in[0]);
  if (ok) {
    free(in[1]);
    free(in[2]);
    in[1] = recipe_resolve(p->r, in[0]);
    in[2] = sp_xstrdup(path);
  }
  free(what);
  return ok;
}

/* LIST of FILE: inputs of the render side by side (a region's `files:`),
 * each as written, resolved, and the recipe path that names it (how
 * many: the check's). */
static bool get_inputs(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                       void *obj)
{
  char ***in = (char ***)((char *)obj + row->at);
  size_t *count = (size_t *)((char *)obj + row->count - 1);
  if (n->kind != SP_Y_SEQ) {
    bad(p, n, path,
        "expected a list of 2 to %d paths (%s), like [take%%L.wav, take%%R.wav], got %s; one file "
        "is 'file:'",
        SP_MAX_CHANNELS, row->help, sp_ykind_name(n->kind));
    return false;
  }
  for (int k = 0; k < 3; k++) {
    sp_free_strings(in[k], *count);
    in[k] = sp_xcalloc(n->n, sizeof **in);
  }
  *count = 0;
  char *what = sp_xasprintf("the path of %s", row->help);
  bool ok = true;
  for (size_t i = 0; i < n->n; i++) {
    char *ip = recipe_index_path(path, i);
    recipe_note(p, ip, n->items[i]);
    if (recipe_get_string(p, n->items[i], ip, what, &in[0][*count])) {
      in[1][*count] = recipe_resolve(p->r, in[0][*count]);
      in[2][(*count)++] = ip;
    } else {
      ok = false;
      free(ip);
    }
  }
  free(what);
  return ok;
}

/* A list of words (one word: a list of it) as bits. */
static bool get_words(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                      void *obj)
{
  const size_t items = n->kind == SP_Y_SEQ ? n->n : 1;
  unsigned bits = 0;
  bool ok = items > 0;
  int w = 0;
  for (size_t i = 0; i < items; i++) {
    char *ip = n->kind == SP_Y_SEQ ? sp_xasprintf("%s[%zu]", path, i) : sp_xstrdup(path);
    if (recipe_get_word(p, n->kind == SP_Y_SEQ ? n->items[i] : n, ip, row, &w))
      bits |= 1u << w;
    else
      ok = false;
    free(ip);
  }
  if (items == 0) {
    char list[256];
    recipe_words_text(row, list, sizeof list);
    bad(p, n, path,
        "an empty list gives none of %s (%s); name one at least, or leave the key "
        "out for all of them",
        list, row->help);
  }
  if (ok)
    *(unsigned *)((char *)obj + row->at) = bits;
  return ok;
}

/* A preset's name, in any case, as layouts (EBU-R128 is ebu-r128): its
 * struct copied over the table's. */
static bool get_preset(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                       void *obj)
{
  int w = 0;
  while (n->kind == SP_Y_SCALAR && row->words[w] && strcasecmp(n->text, row->words[w]) != 0)
    w++;
  const bool ok = (n->kind == SP_Y_SCALAR && row->words[w]) || recipe_get_word(p, n, path, row, &w);
  if (ok)
    memcpy(obj, (const char *)row->presets + (size_t)w * row->size, row->size);
  return ok;
}

const recipe_read recipe_store_reads[] = {
    [SP_KEY_S_FADE] = get_fade,     [SP_KEY_S_WARP] = get_warp,   [SP_KEY_S_INPUT] = get_input,
    [SP_KEY_S_INPUTS] = get_inputs, [SP_KEY_S_WORDS] = get_words, [SP_KEY_S_LAYOUTS] = get_layouts,
    [SP_KEY_S_CYCLE] = get_cycle,   [SP_KEY_S_NAMES] = get_names, [SP_KEY_S_PRESET] = get_preset,
    [SP_KEY_S_GROUPS] = get_groups,
};
