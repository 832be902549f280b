/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a recipe in place (core/recipe/build.h). */

#include "core/recipe/build.h"

#include "core/base/alloc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void stems_free(sp_stem *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    sp_free_strings(v[i].members, v[i].n_members);
    free(v[i].name);
  }
  free(v);
}

void sp_build_stems_take(sp_recipe *r, sp_build_stems *out)
{
  *out = (sp_build_stems){r->has_stems, r->split, r->stems, r->n_stems, r->n_where};
  r->has_stems = false;
  r->split = SP_SPLIT_SOURCES;
  r->stems = NULL;
  r->n_stems = 0;
}

/* r's stems freed, the places noted after its first n_where forgotten. */
static void forget(sp_recipe *r, size_t n_where)
{
  stems_free(r->stems, r->n_stems);
  for (size_t i = n_where; i < r->n_where; i++)
    free(r->where[i].path);
  if (r->n_where > n_where)
    r->n_where = n_where;
}

void sp_build_stems_put(sp_recipe *r, sp_build_stems *in)
{
  forget(r, in->n_where);
  r->has_stems = in->has;
  r->split = in->split;
  r->stems = in->stems;
  r->n_stems = in->n;
  memset(in, 0, sizeof *in);
}

void sp_build_stems_from(sp_recipe *r, sp_recipe *from, size_t n_where)
{
  forget(r, n_where);
  sp_build_stems s;
  sp_build_stems_take(from, &s);
  r->has_stems = s.has;
  r->split = s.split;
  r->stems = s.stems;
  r->n_stems = s.n;
  for (size_t i = 0; i < from->n_where; i++) {
    const char *p = from->where[i].path;
    if (strncmp(p, "stems", 5) == 0 && (p[5] == '\0' || p[5] == '.' || p[5] == '['))
      sp_recipe_note(r, p, from->where[i].pos);
  }
}

void sp_build_stems_fini(sp_build_stems *s)
{
  stems_free(s->stems, s->n);
  memset(s, 0, sizeof *s);
}

bool sp_build_split(sp_recipe *r, const char *word, sp_pos pos)
{
  const char *const *words = sp_key_rows_stems[SP_KEY_STEMS_SPLIT].words;
  for (int k = 0; words[k]; k++)
    if (strcmp(words[k], word) == 0) {
      r->has_stems = true;
      r->split = (sp_split)k;
      sp_recipe_note(r, "stems.split", pos);
      return true;
    }
  return false;
}

sp_stem *sp_build_stem(sp_recipe *r, const char *name, sp_pos pos)
{
  r->has_stems = true;
  r->stems = sp_xreallocarray(r->stems, r->n_stems + 1, sizeof *r->stems);
  sp_stem *st = &r->stems[r->n_stems++];
  *st = (sp_stem){.name = sp_xstrdup(name)};
  char *path = sp_xasprintf("stems.%s", name);
  sp_recipe_note(r, path, pos);
  free(path);
  return st;
}

void sp_build_stem_member(sp_recipe *r, sp_stem *st, const char *member, sp_pos pos)
{
  st->members = sp_xreallocarray(st->members, st->n_members + 1, sizeof *st->members);
  st->members[st->n_members] = sp_xstrdup(member);
  char *path = sp_xasprintf("stems.%s[%zu]", st->name, st->n_members++);
  sp_recipe_note(r, path, pos);
  free(path);
}

sp_track *sp_build_track(sp_recipe *r, const char *name)
{
  r->tracks = sp_xreallocarray(r->tracks, r->n_tracks + 1, sizeof *r->tracks);
  sp_track *t = &r->tracks[r->n_tracks++];
  *t = (sp_track){.name = sp_xstrdup(name), .regions_listed = true};
  return t;
}

sp_bus *sp_build_bus(sp_recipe *r, const char *name)
{
  r->buses = sp_xreallocarray(r->buses, r->n_buses + 1, sizeof *r->buses);
  sp_bus *b = &r->buses[r->n_buses++];
  *b = (sp_bus){.name = sp_xstrdup(name)};
  return b;
}

sp_region *sp_build_region(sp_track *t)
{
  t->regions = sp_xreallocarray(t->regions, t->n_regions + 1, sizeof *t->regions);
  sp_region *g = &t->regions[t->n_regions++];
  *g = (sp_region){0};
  return g;
}

char *sp_build_resolve(const sp_recipe *r, const char *file)
{
  if (file[0] == '/' || strcmp(r->dir, ".") == 0)
    return sp_xstrdup(file);
  return sp_xasprintf("%s/%s", r->dir, file);
}

void sp_build_region_file(const sp_recipe *r, sp_region *g, const char *path, const char *file,
                          bool midi)
{
  g->file = sp_xstrdup(file);
  g->path = sp_build_resolve(r, file);
  g->key = sp_xasprintf("%s.%s", path, midi ? "midi" : "file");
  g->midi = midi;
}

void sp_build_region_files(const sp_recipe *r, sp_region *g, const char *path,
                           const char *const *files, size_t n)
{
  g->files = sp_xcalloc(n, sizeof *g->files);
  g->paths = sp_xcalloc(n, sizeof *g->paths);
  g->keys = sp_xcalloc(n, sizeof *g->keys);
  for (size_t i = 0; i < n; i++) {
    g->files[i] = sp_xstrdup(files[i]);
    g->paths[i] = sp_build_resolve(r, files[i]);
    g->keys[i] = sp_xasprintf("%s.files[%zu]", path, i);
  }
  g->n_files = n;
  g->file = sp_xstrdup(g->files[0]);
  g->path = sp_xstrdup(g->paths[0]);
  g->key = sp_xstrdup(g->keys[0]);
}

sp_send *sp_build_send(sp_strip *s, const char *to)
{
  s->sends = sp_xreallocarray(s->sends, s->n_sends + 1, sizeof *s->sends);
  sp_send *x = &s->sends[s->n_sends++];
  *x = (sp_send){.to = sp_xstrdup(to), .tap = {.at = SP_TAP_POST}};
  return x;
}

bool sp_build_valid_name(const char *s)
{
  if (!*s || *s == '.' || *s == '-' || strlen(s) > 64)
    return false;
  for (const char *c = s; *c; c++) {
    bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-' || *c == '.';
    if (!ok)
      return false;
  }
  return true;
}

void sp_build_unplace(sp_recipe *r)
{
  for (size_t i = 0; i < r->n_where; i++)
    free(r->where[i].path);
  r->n_where = 0;
}

bool sp_build_insert_takes(const sp_proc_family *f, const char *key)
{
  const sp_proc_class *c = f->single;
  if (!c || sp_proc_param_index(c, key) >= 0)
    return true;
  for (size_t k = 0; k < SP_KEY_INSERT_N; k++)
    if (strcmp(sp_keys_insert[k], key) == 0)
      return sp_key_insert_takes(&sp_key_rows_insert[k], c->flags, f->preset, f->selector);
  return false;
}

sp_unit sp_build_row_unit(const sp_key_row *row)
{
  for (int u = SP_UNIT_KBPS; row->unit && u > SP_UNIT_NUMBER; u--)
    if (strcmp(sp_unit_name((sp_unit)u), row->unit) == 0)
      return (sp_unit)u;
  return row->type == SP_KEY_T_LEVEL ? SP_UNIT_DB : SP_UNIT_NUMBER;
}

bool sp_build_in_row(const sp_key_row *row, double v, bool bare, char *why, size_t size)
{
  if (!(row->min < row->max) || (v >= row->min && v <= row->max))
    return true;
  sp_range_text(v, sp_build_row_unit(row), row->min, row->max, bare, why, size);
  return false;
}

size_t sp_build_log_gap(const sp_auto *a, const char **why)
{
  for (size_t i = 1; i < a->n; i++) {
    const sp_time t0 = a->points[i - 1].t, t1 = a->points[i].t;
    const bool jump = t0.in_frames == t1.in_frames &&
                      (t0.in_frames ? t0.frames == t1.frames : t0.seconds == t1.seconds);
    const bool from_silence = isinf(a->points[i - 1].v) && !jump; /* a jump: no ramp */
    if (from_silence && !isinf(a->points[i].v)) {
      *why = "a logarithmic ramp (linear in dB) cannot rise from -inf dB: Ardour's gain there "
             "is not a number (0 * inf)";
      return i;
    }
    if (from_silence && a->n == 2) {
      *why = "a logarithmic ramp of two points cannot hold -inf dB: Ardour's gain there is not "
             "a number (0 * (0/0)^fraction)";
      return i;
    }
  }
  return 0;
}

/* ---- values (decl1's, the same functions: keep one at merge) ------------- */

/* A bound of a range as the messages write it. */
static void bound_text(double x, char *buf, size_t size)
{
  if (isinf(x))
    snprintf(buf, size, "%sinf", x < 0 ? "-" : "");
  else
    snprintf(buf, size, "%g", x);
}

char *sp_build_number_why(const char *text, double min, double max)
{
  char lo[32], hi[32];
  bound_text(min, lo, sizeof lo);
  bound_text(max, hi, sizeof hi);
  char *end;
  const double v = strtod(text, &end);
  while (*end == ' ' || *end == '\t')
    end++;
  if (end != text && (!strcmp(end, "dB") || !strcmp(end, "dBFS"))) {
    const double lin = pow(10.0, v / 20.0);
    char hint[96] = "";
    if (lin >= min && lin <= max)
      snprintf(hint, sizeof hint, "; if it is a linear gain, %s is %.6g", text, lin);
    return sp_xasprintf("this value is a plain number from %s to %s, without a unit; got '%s'%s",
                        lo, hi, text, hint);
  }
  static const double examples[] = {0.5, 1.5, 1, 0, 2, 10, 100};
  double ex = isfinite(min) ? min : isfinite(max) ? max : 0;
  for (size_t i = 0; i < sizeof examples / sizeof *examples; i++)
    if (examples[i] >= min && examples[i] <= max) {
      ex = examples[i];
      break;
    }
  return sp_xasprintf("expected a plain number from %s to %s, like '%g', got '%s'", lo, hi, ex,
                      text);
}

bool sp_build_value(double v, sp_unit u, bool bare, double min, double max, char *why,
                    size_t size)
{
  char num[40];
  sp_number_text(v, num);
  char *text = bare ? sp_xstrdup(num) : sp_xasprintf("%s %s", num, sp_unit_name(u));
  double got = 0;
  bool ok = sp_units_parse(u, text, &got, why, size);
  if (!ok && u == SP_UNIT_NUMBER) {
    char *w = sp_build_number_why(text, min, max);
    snprintf(why, size, "%s", w);
    free(w);
  } else if (ok && !(got >= min && got <= max)) {
    sp_range_text(got, u, min, max, bare, why, size);
    ok = false;
  }
  free(text);
  return ok;
}

bool sp_build_time(double v, bool in_frames, sp_time *t, char *why, size_t size)
{
  char num[40];
  char *text = in_frames ? sp_xasprintf("%.0f smp", v) : sp_xstrdup(sp_number_text(v, num));
  const bool ok = sp_units_parse_time(text, t, why, size);
  free(text);
  return ok;
}

bool sp_build_in_order(sp_time prev, sp_time t, double rate, char *why, size_t size)
{
  if (!(sp_time_frames_exact(t, rate) < sp_time_frames_exact(prev, rate)))
    return true;
  snprintf(why, size,
           "automation points must be in time order: this point at %g s comes after one at %g s; "
           "sort the points by time",
           sp_time_seconds(t, rate), sp_time_seconds(prev, rate));
  return false;
}

/* ---- strips (decl4) ------------------------------------------------------ */

const char sp_build_no_gains[] =
    "expected the destination's channels and their gains, like {L: 0.97, Ls: 0.24}";

const char *sp_build_polarity_refused(size_t n)
{
  return n == 0 || n > SP_MAX_CHANNELS
             ? "expected one true or false for each channel entering the strip's chain, like "
               "[false, true] (its right channel inverted)"
             : NULL;
}

void sp_build_bus_solo(const char *bus, char *why, size_t size)
{
  snprintf(why, size, "solo is a track control; solo the tracks that feed '%s' instead", bus);
}

const char sp_build_track_to_none[] =
    "a track always feeds a bus or master; 'to: none' is for buses that feed nothing (cue mixes)";

const char sp_build_tap_after_what[] =
    "the place of a post_insert (1 for the first) or its processor's name, like {after: 1} or "
    "{after: saturate}";

bool sp_build_tap_after(const char *t, unsigned *after, char *why, size_t size)
{
  char *end = NULL;
  const long n = strtol(t, &end, 10);
  if (*end != '\0' || n < 1 || n > SP_TAP_AFTER_MAX) {
    snprintf(why, size,
             "expected %s, got '%s'; the first post_insert is 1 (the tap right after the fader "
             "is 'tap: fader')",
             sp_build_tap_after_what, t);
    return false;
  }
  *after = (unsigned)n;
  return true;
}

const char *sp_build_suggest_key(const char *key, const char *const *allowed)
{
  size_t n = 0;
  while (allowed[n])
    n++;
  const char *near = sp_suggest(key, allowed, n);
  if (near)
    return near;
  size_t kl = strlen(key);
  for (size_t i = 0; allowed[i]; i++) {
    size_t al = strlen(allowed[i]);
    if (kl >= 3 && al >= 3 && strncmp(key, allowed[i], kl < al ? kl : al) == 0)
      return allowed[i];
  }
  return NULL;
}

void sp_build_unknown_key(const char *key, const char *const *allowed, const char *what,
                          char *why, size_t size)
{
  const char *near = sp_build_suggest_key(key, allowed);
  if (near) {
    snprintf(why, size, "unknown key '%s' in %s; did you mean '%s'?", key, what, near);
    return;
  }
  char list[512] = "";
  for (size_t j = 0; allowed[j]; j++) {
    strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
    strncat(list, allowed[j], sizeof list - strlen(list) - 1);
  }
  snprintf(why, size, "unknown key '%s' in %s; expected one of: %s", key, what, list);
}

char *sp_build_text_what(const sp_key_row *row)
{
  return row->words ? sp_xstrdup(row->help) /* its words said there */
                    : sp_xasprintf("a text (%s)", row->help);
}

void sp_build_expected(const char *what, const char *got, char *why, size_t size)
{
  snprintf(why, size, "expected %s, got %s", what, got);
}
