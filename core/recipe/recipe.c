/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe model's defaults, ownership and position table. */

#include "core/recipe/recipe.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/strmap.h"
#include "core/recipe/keys.h"

#include <ctype.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const sp_tap_words[] = {"pre", "fader", "post", NULL};

static void strip_defaults(sp_strip *s) { memset(s, 0, sizeof *s); }

void sp_recipe_name(sp_recipe *r, const char *file)
{
  free(r->file);
  free(r->dir);
  free(r->input);
  free(r->base);
  r->file = sp_xstrdup(file);
  char *tmp = sp_xstrdup(file);
  r->dir = sp_xstrdup(dirname(tmp));
  free(tmp);
  tmp = sp_xstrdup(file);
  char *b = basename(tmp);
  r->input = sp_xstrdup(b);
  char *dot = strrchr(b, '.');
  if (dot && dot != b)
    *dot = '\0';
  r->base = sp_xstrdup(b);
  free(tmp);
}

sp_recipe *sp_recipe_new(const char *file)
{
  sp_recipe *r = sp_xcalloc(1, sizeof *r);
  sp_recipe_name(r, file);

  r->sample_rate = SP_RECIPE_DEFAULT_RATE;
  r->length_auto = true;
  r->tail_auto = true;
  r->pan_law_db = -3.0;
  strip_defaults(&r->master);
  r->split = SP_SPLIT_SOURCES;
  r->output.dir = sp_xstrdup("out/{recipe}");
  r->output.format = SP_FORMAT_WAV;
  r->output.depth = SP_DEPTH_24;
  r->output.dither = true;
  r->output.mix = sp_xstrdup("mix");
  r->null_auto = true;
  r->loudness.tolerance_lu = 1.0;
  r->adm_name = sp_xstrdup("{name}_adm");
  static const char *const renders[] = {"7.1.4", "5.1", "stereo"};
  for (r->n_adm_renders = 0; r->n_adm_renders < 3; r->n_adm_renders++)
    r->adm_renders[r->n_adm_renders] = sp_layout_find(renders[r->n_adm_renders]);
  return r;
}

void sp_insert_fini(sp_insert *ins)
{
  if (ins->files)
    sp_free_strings(ins->files, ins->cls->n_params);
  if (ins->names)
    sp_free_strings(ins->names, ins->cls->n_params);
  free(ins->state_file);
  free(ins->given);
  free(ins->times);
  free(ins->params);
  free(ins->path);
  free(ins->key_from);
  free(ins->key_tap.after_name);
  sp_free_strings(ins->on, ins->n_on);
  sp_free_strings(ins->detect, ins->n_detect);
  free(ins->name);
  for (size_t k = 0; ins->automation && k < ins->n_sets * ins->cls->n_params; k++)
    sp_auto_free(&ins->automation[k]);
  free(ins->automation);
  sp_auto_free(&ins->bypasses);
}

void sp_pan_fini(sp_pan *p)
{
  sp_auto_free(&p->plain);
  sp_auto_free(&p->pos.azimuth);
  sp_auto_free(&p->pos.elevation);
  for (size_t i = 0; i < p->n_gains; i++) {
    free(p->gain_to[i]);
    free(p->gain_v[i]);
  }
  free(p->gain_to);
  free(p->gain_v);
  free(p->gain_n);
}

void sp_region_fini(sp_region *g)
{
  free(g->file);
  free(g->path);
  free(g->key);
  free(g->name);
  sp_free_strings(g->files, g->n_files);
  sp_free_strings(g->paths, g->n_files);
  sp_free_strings(g->keys, g->n_files);
  free(g->midi_track);
  sp_auto_free(&g->envelope);
  sp_auto_free(&g->fade_in.curve);
  sp_auto_free(&g->fade_in.inverse);
  sp_auto_free(&g->fade_out.inverse);
  sp_auto_free(&g->fade_out.curve);
  free(g->stretch.src);
  free(g->stretch.at);
}

void sp_region_files_drop(sp_region *g)
{
  sp_free_strings(g->files, g->n_files);
  sp_free_strings(g->paths, g->n_files);
  sp_free_strings(g->keys, g->n_files);
  g->files = g->paths = g->keys = NULL;
  g->n_files = 0;
}

/* The names of from's inserts' files (sp_insert.names) on to's inserts
 * of the same class at the same place that read the same files. */
static void insert_names_from(sp_strip *to, const sp_strip *from)
{
  for (size_t k = 0; k < to->n_inserts && k < from->n_inserts; k++) {
    sp_insert *a = &to->inserts[k];
    const sp_insert *b = &from->inserts[k];
    for (size_t q = 0; b->names && a->cls == b->cls && a->files && q < a->cls->n_params; q++)
      if (b->names[q] && a->files[q] && b->files[q] && strcmp(a->files[q], b->files[q]) == 0) {
        if (!a->names)
          a->names = sp_xcalloc(a->cls->n_params + 1, sizeof *a->names);
        free(a->names[q]);
        a->names[q] = sp_xstrdup(b->names[q]);
      }
  }
}

/* from's unwired on to, where a --set left what it stands for as it was:
 * its output, its mute. */
static void unwired_from(sp_strip *to, const sp_strip *from)
{
  to->unwired = from->unwired && !to->to && to->to_none == from->to_none &&
                to->mute == from->mute && to->mute_points == from->mute_points;
}

void sp_recipe_stage(sp_recipe *r, char *const *staged, size_t n)
{
  r->staged = sp_xreallocarray(r->staged, 2 * (r->n_staged + n) + 1, sizeof *r->staged);
  for (size_t i = 0; i < 2 * n; i++)
    r->staged[2 * r->n_staged + i] = sp_xstrdup(staged[i]);
  r->n_staged += n;
}

void sp_recipe_unwritten_from(sp_recipe *to, const sp_recipe *from)
{
  to->tracks_left_out = from->tracks_left_out;
  to->of_session = from->of_session;
  sp_strmap tracks = {0}, buses = {0};
  for (size_t i = 0; i < from->n_tracks; i++)
    if (from->tracks[i].name)
      sp_strmap_put(&tracks, from->tracks[i].name, i);
  for (size_t i = 0; i < from->n_buses; i++)
    if (from->buses[i].name)
      sp_strmap_put(&buses, from->buses[i].name, i);
  for (size_t i = 0; i < to->n_tracks; i++) {
    size_t k;
    if (!to->tracks[i].name || !sp_strmap_get(&tracks, to->tracks[i].name, &k))
      continue;
    const sp_track *f = &from->tracks[k];
    insert_names_from(&to->tracks[i].strip, &f->strip);
    unwired_from(&to->tracks[i].strip, &f->strip);
    for (size_t j = 0; j < to->tracks[i].n_regions && j < f->n_regions; j++) {
      sp_region *g = &to->tracks[i].regions[j];
      const sp_region *h = &f->regions[j];
      if (h->name && g->file && h->file && strcmp(g->file, h->file) == 0 && !g->n_files) {
        free(g->name);
        g->name = sp_xstrdup(h->name);
      }
    }
  }
  for (size_t i = 0; i < to->n_buses; i++) {
    size_t k;
    if (to->buses[i].name && sp_strmap_get(&buses, to->buses[i].name, &k)) {
      insert_names_from(&to->buses[i].strip, &from->buses[k].strip);
      unwired_from(&to->buses[i].strip, &from->buses[k].strip);
      to->buses[i].strip.fed_left_out = from->buses[k].strip.fed_left_out;
    }
  }
  insert_names_from(&to->master, &from->master);
  sp_strmap_fini(&tracks);
  sp_strmap_fini(&buses);
}

void sp_send_fini(sp_send *s)
{
  free(s->to);
  free(s->tap.after_name);
  sp_auto_free(&s->level);
  sp_pan_fini(&s->pan);
}

void sp_version_fini(sp_version *v)
{
  sp_free_strings(v->names, v->n_names);
  free(v->name);
}

void sp_output_set_fini(sp_output_set *s) { free(s->name); }

char *sp_stem_file_name(const sp_recipe *r)
{
  const sp_output *o = &r->output;
  if (!o->stem_mp4.on)
    return NULL;
  sp_name_vars v = {.recipe = r->base, .name = o->mix, .kind = "mix", .format = "stem.mp4"};
  char *name = sp_name_expand(o->stem_mp4.name ? o->stem_mp4.name : "{name}", &v),
       *file = sp_xasprintf("%s.stem.mp4", name);
  free(name);
  return file;
}

void sp_strip_fini(sp_strip *s)
{
  for (size_t i = 0; i < s->n_inserts; i++)
    sp_insert_fini(&s->inserts[i]);
  free(s->inserts);
  for (size_t i = 0; i < s->n_sends; i++)
    sp_send_fini(&s->sends[i]);
  free(s->sends);
  free(s->to);
  free(s->adm_programme);
  sp_free_strings(s->adm_complementary, s->n_adm_complementary);
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) { /* its timed values, by their rows */
    const sp_key_row *row = &sp_key_rows_strip[k];
    if (row->store == SP_KEY_S_AUTO)
      sp_auto_free((sp_auto *)((char *)s + row->at));
    if (row->moves)
      sp_auto_free((sp_auto *)((char *)s + row->moves - 1));
  }
  sp_auto_free(&s->invert.moves);
  sp_pan_fini(&s->pan);
  sp_free_strings(s->direct, s->n_direct);
}

void sp_recipe_free(sp_recipe *r)
{
  if (!r)
    return;
  for (size_t i = 0; i < r->n_tracks; i++) {
    sp_track *t = &r->tracks[i];
    for (size_t j = 0; j < t->n_regions; j++)
      sp_region_fini(&t->regions[j]);
    free(t->regions);
    free(t->name);
    sp_strip_fini(&t->strip);
  }
  free(r->tracks);
  for (size_t i = 0; i < r->n_buses; i++) {
    free(r->buses[i].name);
    sp_strip_fini(&r->buses[i].strip);
  }
  free(r->buses);
  sp_strip_fini(&r->master);
  for (size_t i = 0; i < r->n_stems; i++) {
    sp_free_strings(r->stems[i].members, r->stems[i].n_members);
    free(r->stems[i].name);
  }
  free(r->stems);
  for (size_t i = 0; i < r->n_versions; i++)
    sp_version_fini(&r->versions[i]);
  free(r->versions);
  free(r->output.dir);
  free(r->output.mix);
  free(r->adm_name);
  free(r->output.bwf.description);
  free(r->output.bwf.originator);
  free(r->output.bwf.originator_reference);
  sp_tags_fini(&r->output.tags);
  for (size_t i = 0; i < r->output.stem_mp4.n_stems; i++) {
    free(r->output.stem_mp4.stems[i].name);
    sp_free_strings(r->output.stem_mp4.stems[i].members, r->output.stem_mp4.stems[i].n_members);
  }
  free(r->output.stem_mp4.stems);
  sp_free_strings(r->output.stem_mp4.colors, r->output.stem_mp4.n_colors);
  free(r->output.stem_mp4.name);
  for (size_t i = 0; i < r->output.n_sets; i++)
    sp_output_set_fini(&r->output.sets[i]);
  free(r->output.sets);
  for (size_t i = 0; i < 4; i++)
    free(r->output.name[i]);
  sp_recipe_forget(r, 0);
  sp_strmap_fini(&r->where_at);
  sp_strmap_fini(&r->item_at);
  free(r->where);
  free(r->file);
  free(r->dir);
  free(r->trusted_dir);
  sp_free_strings(r->staged, 2 * r->n_staged);
  free(r->base);
  free(r->input);
  free(r);
}

void sp_recipe_note(sp_recipe *r, const char *path, sp_pos pos)
{
  sp_recipe_note_value(r, path, pos, NULL, false);
}

/* Entry w (its texts copied) as the last of r's table, looked up by its
 * path among places or items. */
static void note(sp_recipe *r, sp_where w)
{
  SP_GROW(r->where, r->n_where, r->cap_where);
  w.path = sp_xstrdup(w.path);
  w.from = w.from ? sp_xstrdup(w.from) : NULL;
  w.pair_from = w.pair_from ? sp_xstrdup(w.pair_from) : NULL;
  w.written = w.written ? sp_xstrdup(w.written) : NULL;
  if (!w.key_len && !w.item) { /* its path's last note's, or its last name's */
    const sp_where *last = sp_recipe_noted(r, w.path);
    const char *name = w.path + strlen(w.path);
    while (name > w.path && name[-1] != '.' && name[-1] != '[' && name[-1] != ']')
      name--;
    w.key_len = last ? last->key_len : name == w.path || name[-1] == '.' ? strlen(name) : 0;
  }
  r->where[r->n_where] = w;
  sp_strmap_set(w.item ? &r->item_at : &r->where_at, w.path, r->n_where);
  r->n_where++;
}

void sp_recipe_note_value(sp_recipe *r, const char *path, sp_pos pos, const char *from, bool bare)
{
  note(r, (sp_where){.path = (char *)path, .pos = pos, .from = (char *)from, .bare = bare});
}

void sp_recipe_note_where(sp_recipe *r, const sp_where *w) { note(r, *w); }

void sp_recipe_note_item(sp_recipe *r, const char *list, size_t i, size_t at)
{
  if (at == sp_recipe_item_at(r, list, i))
    return;
  char *path = sp_xasprintf("%s[%zu]", list, i);
  note(r, (sp_where){.path = path, .item = at + 1});
  free(path);
}

size_t sp_recipe_item_at(const sp_recipe *r, const char *list, size_t i)
{
  if (!r->item_at.n)
    return i;
  char *path = sp_xasprintf("%s[%zu]", list, i);
  size_t k;
  const bool noted = sp_strmap_get(&r->item_at, path, &k);
  free(path);
  return noted ? r->where[k].item - 1 : i;
}

char *sp_recipe_item(const sp_recipe *r, const char *list, size_t i)
{
  return sp_xasprintf("%s[%zu]", list, sp_recipe_item_at(r, list, i));
}

size_t sp_output_set_at(const sp_recipe *r, const sp_output_set *set)
{
  return sp_recipe_item_at(r, "output.also", (size_t)(set - r->output.sets));
}

void sp_recipe_forget(sp_recipe *r, size_t n)
{
  if (n >= r->n_where)
    return;
  for (size_t i = n; i < r->n_where; i++) {
    free(r->where[i].path);
    free(r->where[i].from);
    free(r->where[i].pair_from);
    free(r->where[i].written);
  }
  r->n_where = n;
  sp_strmap_fini(&r->where_at); /* the places left, each path's last */
  sp_strmap_fini(&r->item_at);
  for (size_t i = 0; i < n; i++)
    if (r->where[i].path)
      sp_strmap_set(r->where[i].item ? &r->item_at : &r->where_at, r->where[i].path, i);
}

const sp_where *sp_recipe_noted(const sp_recipe *r, const char *path)
{
  size_t k;
  if (!sp_strmap_get(&r->where_at, path, &k))
    return NULL;
  const sp_where *at = &r->where[k];
  if (at->path && strcmp(at->path, path) == 0)
    return at;
  /* its path taken from it since (a reader moving places away): the
   * last place of path before it, as noted */
  for (size_t i = k; i-- > 0;)
    if (r->where[i].path && !r->where[i].item && strcmp(r->where[i].path, path) == 0)
      return &r->where[i];
  return NULL;
}

const sp_where *sp_recipe_noted_key(const sp_recipe *r, const char *path, const char *key)
{
  char *kp = *path ? sp_xjoin(path, '.', key) : sp_xstrdup(key);
  const sp_where *w = sp_recipe_noted(r, kp), *object = *path ? sp_recipe_noted(r, path) : NULL;
  const size_t len = strlen(key), since = object ? (size_t)(object - r->where) + 1 : 0;
  /* another object's path of the same text noted since (the track
   * "kick.file" after kick): the key's own note before it, since the
   * object's (a scan only where two paths' texts meet) */
  for (size_t i = w ? (size_t)(w - r->where) : 0; w && w->key_len != len;) {
    w = NULL;
    while (!w && i-- > since)
      if (r->where[i].path && !r->where[i].item && strcmp(r->where[i].path, kp) == 0)
        w = &r->where[i];
  }
  free(kp);
  return w && (!object || w > object) ? w : NULL;
}

/* The length of the longest of r's track (buses: bus) names that key
 * begins with, the name ending at a '.', a '[' or its end; 0: none. */
static size_t name_in(const sp_recipe *r, bool buses, const char *key)
{
  size_t len = 0;
  for (size_t i = 0; i < (buses ? r->n_buses : r->n_tracks); i++) {
    const char *name = buses ? r->buses[i].name : r->tracks[i].name;
    const size_t n = name ? strlen(name) : 0;
    if (n > len && strncmp(key, name, n) == 0 && (!key[n] || key[n] == '.' || key[n] == '['))
      len = n;
  }
  return len;
}

char *sp_recipe_set_arg(const sp_recipe *r, const char *path, const char *value)
{
  const bool buses = strncmp(path, "buses.", 6) == 0, stems = strncmp(path, "stems.", 6) == 0;
  const bool tracks = strncmp(path, "tracks.", 7) == 0;
  const size_t at = tracks ? 7 : buses || stems ? 6 : 0;
  size_t n = 0; /* the name's length: a stem's the rest of its path (a stem has no keys) */
  if (stems)
    n = strcspn(path + at, "[");
  else if (at)
    n = name_in(r, buses, path + at);
  bool bare = true;
  for (size_t i = at; i < at + n; i++)
    bare &= isalnum((unsigned char)path[i]) || path[i] == '_' || path[i] == '-';
  char *arg = bare ? sp_xasprintf("%s=%s", path, value)
                   : sp_xasprintf("%.*s\"%.*s\"%s=%s", (int)at, path, (int)n, path + at,
                                  path + at + n, value);
  bool plain = true;
  for (const char *c = arg; *c; c++)
    plain &= isalnum((unsigned char)*c) || strchr("_-.=/:,+@%", *c) != NULL;
  if (plain)
    return arg;
  size_t quotes = 0;
  for (const char *c = arg; *c; c++)
    quotes += *c == '\'';
  char *shell = sp_xmalloc(strlen(arg) + 3 * quotes + 3), *o = shell;
  *o++ = '\'';
  for (const char *c = arg; *c; c++)
    if (*c == '\'')
      memcpy(o, "'\\''", 4), o += 4;
    else
      *o++ = *c;
  *o++ = '\'';
  *o = '\0';
  free(arg);
  return shell;
}

const char *sp_recipe_name_meant(const sp_recipe *r, bool buses, const char *name)
{
  const size_t n = buses ? r->n_buses : r->n_tracks;
  const char **names = sp_xcalloc(n + 1, sizeof *names);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *own = buses ? r->buses[i].name : r->tracks[i].name;
    if (!own || strcmp(own, name) == 0)
      continue;
    char *path = sp_xasprintf("%s.%s", buses ? "buses" : "tracks", own);
    if (!sp_where_set(sp_recipe_origin(r, path)))
      names[k++] = own;
    free(path);
  }
  const char *meant = sp_suggest(name, names, k);
  free(names);
  return meant;
}

/* path as the recipe's text spells it where the canonical recipe's
 * spelling (core/job: the model's, which diff names the keys it compares
 * by) is not what the text wrote (heap): a track that gives its one region
 * by its keys holds them itself (tracks.a.regions[0].at is tracks.a.at), a
 * moving value written as its list of points alone is that list
 * (tracks.a.gain.points[1] is tracks.a.gain[1]), and a point written as
 * [time, value] holds them as its items (points[1].t is points[1][0]; v,
 * and a warp point's src and at, the same). Each only where the text did
 * not write the canonical spelling itself. */
static char *as_written(const sp_recipe *r, const char *path)
{
  char *p = sp_xstrdup(path);
  if (sp_recipe_noted(r, p))
    return p;
  static const struct {
    const char *held, *list, *written;
  } steps[] = {{".regions[0]", ".regions", ""}, {".points[", ".points", "["}};
  for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
    const size_t hl = strlen(steps[s].held);
    for (char *q = strstr(p, steps[s].held); q; q = strstr(q, steps[s].held)) {
      const int o = (int)(q - p);
      char *list = sp_xasprintf("%.*s%s", o, p, steps[s].list);
      const bool held = sp_recipe_noted(r, list) != NULL; /* the text's spelling too */
      free(list);
      if (held) {
        q += hl;
        continue;
      }
      char *w = sp_xasprintf("%.*s%s%s", o, p, steps[s].written, q + hl);
      free(p);
      p = w;
      q = p + o + strlen(steps[s].written);
    }
  }
  static const struct {
    const char *key, *item;
  } items[] = {{".t", "[0]"}, {".v", "[1]"}, {".src", "[0]"}, {".at", "[1]"}};
  const size_t n = strlen(p);
  for (size_t k = 0; k < sizeof items / sizeof items[0] && !sp_recipe_noted(r, p); k++) {
    const size_t kl = strlen(items[k].key);
    if (n <= kl || p[n - kl - 1] != ']' || strcmp(p + n - kl, items[k].key) != 0)
      continue;
    char *item = sp_xasprintf("%.*s%s", (int)(n - kl), p, items[k].item);
    if (sp_recipe_noted(r, item)) {
      free(p);
      return item;
    }
    free(item);
  }
  return p;
}

const sp_where *sp_recipe_origin(const sp_recipe *r, const char *path)
{
  char *p = as_written(r, path);
  const sp_where *at = sp_recipe_noted(r, p);
  while (!at) { /* up one component: "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" */
    char *cut = NULL;
    for (char *q = p; *q; q++)
      if (*q == '.' || *q == '[')
        cut = q;
    if (!cut)
      break;
    *cut = '\0';
    at = sp_recipe_noted(r, p);
  }
  free(p);
  return at;
}

sp_pos sp_recipe_where(const sp_recipe *r, const char *path)
{
  const sp_where *at = sp_recipe_origin(r, path);
  return at ? at->pos : (sp_pos){0, 0};
}

bool sp_recipe_path_under(const char *path, const char *key)
{
  const size_t n = strlen(key);
  return strncmp(path, key, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

bool sp_recipe_written(const sp_recipe *r, const char *path)
{
  return sp_recipe_noted(r, path) != NULL;
}

/* The file path's place names and the place, of one lookup (origin: its
 * entry or its nearest written parent's; none: r's file, no place). */
static const char *place_of(const sp_recipe *r, const char *path, sp_pos *pos)
{
  const sp_where *at = sp_recipe_origin(r, path);
  *pos = at ? at->pos : (sp_pos){0, 0};
  return at && at->from ? at->from : r->file;
}

const char *sp_recipe_file_at(const sp_recipe *r, const char *path)
{
  sp_pos pos;
  return place_of(r, path, &pos);
}

const char *sp_recipe_at_text(const sp_recipe *r, const char *path, char *buf, size_t size)
{
  char at[64];
  sp_pos pos;
  const char *file = place_of(r, path, &pos);
  snprintf(buf, size, "%s%s", file, sp_diag_at(pos, at, sizeof at));
  return buf;
}

static void vreport(const sp_recipe *r, sp_diags *d, sp_severity sev, sp_err kind, const char *path,
                    const char *fmt, va_list ap)
{
  sp_pos pos;
  const char *file = place_of(r, path, &pos);
  if (sev == SP_SEV_ERROR)
    sp_diags_verror(d, kind, file, pos, path, fmt, ap);
  else
    sp_diags_vwarn(d, file, pos, path, fmt, ap);
}

void sp_recipe_verror(const sp_recipe *r, sp_diags *d, sp_err kind, const char *path,
                      const char *fmt, va_list ap)
{
  vreport(r, d, SP_SEV_ERROR, kind, path, fmt, ap);
}

void sp_recipe_error(const sp_recipe *r, sp_diags *d, sp_err kind, const char *path,
                     const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport(r, d, SP_SEV_ERROR, kind, path, fmt, ap);
  va_end(ap);
}

void sp_recipe_warn(const sp_recipe *r, sp_diags *d, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport(r, d, SP_SEV_WARNING, SP_OK, path, fmt, ap);
  va_end(ap);
}
