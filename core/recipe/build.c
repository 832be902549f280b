/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a recipe in place (core/recipe/build.h). */

#include "core/recipe/build.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/writer.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
  sp_recipe_forget(r, n_where);
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
    if (sp_recipe_path_under(p, "stems"))
      sp_recipe_note_where(r, &from->where[i]);
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
  sp_recipe_note_where(r, &(sp_where){.path = path, .pos = pos, .key_len = strlen(name)});
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

/* Whether name is taken among the n stems of v, case aside (stems become
 * file names), or is one no stem may have: a key of `stems:`, the mix's
 * file. */
static bool stem_taken(const sp_stem *v, size_t n, const char *name)
{
  bool taken = strcasecmp(name, sp_key_rows_output[SP_KEY_OUTPUT_MIX].def) == 0;
  for (size_t i = 0; i < SP_KEY_STEMS_N && !taken; i++)
    taken = strcasecmp(name, sp_keys_stems[i]) == 0;
  for (size_t i = 0; i < n && !taken; i++)
    taken = strcasecmp(v[i].name, name) == 0;
  return taken;
}

char *sp_build_stem_name(const sp_stem *v, size_t n, const char *after)
{
  char *s = sp_xstrdup(after);
  if (!stem_taken(v, n, s))
    return s;
  /* after_N, N past every after_N given: one pass, not one per try */
  long next = 2;
  const size_t len = strlen(after);
  for (size_t i = 0; i < n; i++)
    if (strncmp(v[i].name, after, len) == 0 && v[i].name[len] == '_' && v[i].name[len + 1]) {
      char *end = NULL;
      const long j = strtol(v[i].name + len + 1, &end, 10);
      if (!*end && j >= next && j < 1000000)
        next = j + 1;
    }
  for (long j = next; stem_taken(v, n, s); j++) {
    free(s);
    s = sp_xasprintf("%s_%ld", after, j);
  }
  return s;
}

void sp_build_noted_in(sp_recipe *r, size_t n_where, const char *from)
{
  for (size_t i = n_where; i < r->n_where; i++) {
    free(r->where[i].from);
    r->where[i].from = from ? sp_xstrdup(from) : NULL;
  }
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
  SP_GROW(t->regions, t->n_regions, t->cap_regions);
  sp_region *g = &t->regions[t->n_regions++];
  *g = (sp_region){0};
  return g;
}

char *sp_build_resolve(const sp_recipe *r, const char *file)
{
  for (size_t i = 0; i < r->n_staged; i++)
    if (strcmp(r->staged[2 * i], file) == 0)
      return sp_xstrdup(r->staged[2 * i + 1]);
  if (file[0] == '/' || strcmp(r->dir, ".") == 0)
    return sp_xstrdup(file);
  return sp_xasprintf("%s/%s", r->dir, file);
}

void sp_build_region_place(const sp_recipe *r, sp_region *g, const char *path)
{
  if (g->file) {
    g->path = sp_build_resolve(r, g->file);
    char *key = sp_xasprintf("%s.%s", path, g->key);
    free(g->key);
    g->key = key;
  }
  if (g->n_files)
    g->paths = sp_xcalloc(g->n_files, sizeof *g->paths);
  for (size_t i = 0; i < g->n_files; i++) {
    g->paths[i] = sp_build_resolve(r, g->files[i]);
    char *key = sp_xasprintf("%s.%s", path, g->keys[i]);
    free(g->keys[i]);
    g->keys[i] = key;
  }
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

void sp_build_unplace(sp_recipe *r) { sp_recipe_forget(r, 0); }

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
             "is not a number (0 * inf); give a level such as -90 dB, or 'interpolation: linear'";
      return i;
    }
    if (from_silence && a->n == 2) {
      *why = "a logarithmic ramp of two points cannot hold -inf dB: Ardour's gain there is not "
             "a number (0 * (0/0)^fraction); give a level such as -90 dB, or 'interpolation: "
             "linear'";
      return i;
    }
  }
  return 0;
}

/* ---- values (decl1) ------------------------------------------------------- */

const char sp_build_no_tracks[] =
    "the recipe has no tracks; add at least one (kick: {file: audio/kick.wav})";
const char sp_build_session_no_tracks[] =
    "the session has no track that plays anything (none, or none with a region or a clip), so "
    "there is nothing to render; give it a track that plays";

/* A bound of a range as the messages write it. */
static void bound_text(double x, char *buf, size_t size)
{
  if (isinf(x))
    snprintf(buf, size, "%sinf", x < 0 ? "-" : "");
  else
    snprintf(buf, size, "%g", x);
}

/* What the parser says of text, a value where a plain number from min to
 * max is wanted that is none (a number in dB given where a linear one is
 * wanted gets the linear gain it would be). Heap. */
static char *number_why(const char *text, double min, double max)
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
  double got;
  const bool ok = sp_written_value((sp_written){NULL, text, false}, u, min, max, &got, why, size);
  free(text);
  return ok;
}

bool sp_build_row_value(const sp_key_row *row, double v, bool bare, char *why, size_t size)
{
  const bool ranged = row->min < row->max;
  return sp_build_value(v, sp_build_row_unit(row), bare, ranged ? row->min : -INFINITY,
                        ranged ? row->max : INFINITY, why, size);
}

bool sp_build_time(sp_time v, sp_time *t, char *why, size_t size)
{
  char num[40];
  char *text = v.in_frames ? sp_xasprintf("%" PRId64 " smp", v.frames)
                           : sp_xasprintf("%s s", sp_number_text(v.seconds, num));
  const bool ok = sp_written_time((sp_written){NULL, text, false}, t, why, size);
  free(text);
  return ok;
}

bool sp_build_in_order(sp_time prev, sp_time t, double rate, size_t more, char *why, size_t size)
{
  if (!(sp_time_frames_exact(t, rate) < sp_time_frames_exact(prev, rate)))
    return true;
  char also[64] = "";
  if (more)
    snprintf(also, sizeof also, ", as %s %zu point%s after it", more == 1 ? "does" : "do", more,
             more == 1 ? "" : "s");
  snprintf(why, size,
           "automation points must be in time order: this point at %g s comes after one at %g "
           "s%s; sort the points by time",
           sp_time_seconds(t, rate), sp_time_seconds(prev, rate), also);
  return false;
}

const char *sp_build_tempo_order(const sp_tempo_point *prev, int64_t sclock, int64_t quarters)
{
  if (prev ? sclock <= prev->sclock || quarters <= prev->quarters : sclock != 0 || quarters != 0)
    return prev ? "a tempo point comes after the one before it, both in time and in beats"
                : "a tempo map starts at the timeline's start: {at: 0 s, beat: 0, bpm: ...}";
  return NULL;
}

const char sp_build_pan_ramp[] =
    "pans move linearly; 'ramp' is for levels (a fader's gain, a send's level): write the "
    "points alone, like [[0, -0.5], [2 s, 0.5]], or with the tempo map of a list Ardour holds in "
    "beats, {tempo: [...], points: [...]}";
const char sp_build_envelope_ramp[] =
    "an envelope moves between its points along Ardour's fader law, frame by frame (db) or as "
    "Ardour's export reads it (ardour); give one of those";
const char sp_build_tempo_needs_ramp[] =
    "a tempo is the one an Ardour list held in beats is read at; give 'ramp: ardour' beside it";
const char sp_build_vca_needs_ramp[] =
    "a VCA's automation scales a level that moves as Ardour's; give 'ramp: ardour' beside it";

void sp_build_tempo_map_why(char *why, size_t size)
{
  snprintf(why, size,
           "expected a tempo in quarter notes a minute, like 97, or a tempo map of up to %d "
           "points, like [{at: 0 s, beat: 0, bpm: 97}, {at: 2.474 s, beat: 4, bpm: 130}]",
           SP_TEMPO_MAP_MAX);
}

void sp_build_vca_count_why(char *why, size_t size)
{
  snprintf(why, size,
           "expected a list of 1 to %d lists of [time, level] points (a VCA's automation each), "
           "like [[[0, -6 dB], [2 s, 0 dB]]]",
           SP_AUTO_MAX_VCA);
}

const char *sp_build_suggest_key(const char *key, const char *const *allowed)
{
  size_t n = 0;
  while (allowed[n])
    n++;
  const char *near = sp_suggest(key, allowed, n);
  if (near)
    return near;
  const size_t kl = strlen(key);
  for (size_t i = 0; allowed[i]; i++) {
    const size_t al = strlen(allowed[i]);
    if (kl >= 3 && al >= 3 && strncmp(key, allowed[i], kl < al ? kl : al) == 0)
      return allowed[i];
  }
  return NULL;
}

char *sp_build_unknown_key(const char *key, const char *const *allowed, const char *what)
{
  if (strcmp(key, "<<") == 0) /* libyaml reads a merge key as a key like any */
    return sp_xasprintf("'<<' in %s is a YAML merge key, which stemprint does not read; write the "
                        "keys out (an alias of a whole value, *name, is read)",
                        what);
  const char *near = sp_build_suggest_key(key, allowed);
  if (near)
    return sp_xasprintf("unknown key '%s' in %s; did you mean '%s'?", key, what, near);
  char list[512] = "";
  for (size_t j = 0; allowed[j]; j++) {
    strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
    strncat(list, allowed[j], sizeof list - strlen(list) - 1);
  }
  return sp_xasprintf("unknown key '%s' in %s; expected one of: %s", key, what, list);
}

const char *const sp_build_envelope_keys[] = {"points", "ramp", "interpolation", NULL};
const char *const sp_build_tempo_keys[] = {"points", "tempo", NULL};

/* ---- regions and the recipe's top (decl2) ------------------------------- */

bool sp_build_name(const char *name, const char *what, char *why, size_t size)
{
  if (!sp_build_valid_name(name))
    snprintf(why, size,
             "'%s' is not a valid %s name; use letters, digits, '_', '-' and '.' (not first), at "
             "most 64 characters",
             name, what);
  else if (strcmp(name, "master") == 0 || strcmp(name, "none") == 0)
    snprintf(why, size, "'%s' is reserved; choose another %s name", name, what);
  else
    return true;
  return false;
}

void sp_build_duplicate_key(const char *first, char *why, size_t size)
{
  snprintf(why, size, "duplicate key (first written %s); keep only one", first);
}

bool sp_build_rate(double hz, const char **why)
{
  *why = "a sample rate is a whole number of Hz, like 48000";
  return hz == floor(hz);
}

bool sp_build_pan_law(double db, const char **why)
{
  *why = "expected one of 0 dB, -3 dB, -4.5 dB or -6 dB (level of a centred mono track on each "
         "side), or ardour";
  return db == 0 || db == -3 || db == -4.5 || db == -6;
}

void sp_build_files_count(size_t n, const char *help, char *why, size_t size)
{
  snprintf(why, size,
           "expected a list of 2 to %d paths (%s), like [take%%L.wav, take%%R.wav], got %s; one "
           "file is 'file:'",
           SP_MAX_CHANNELS, help, n < 2 ? "fewer" : "more");
}

void sp_build_region_kind(const char *key, bool midi, char *why, size_t size)
{
  if (midi)
    snprintf(why, size,
             "a MIDI region has no '%s': its notes play as written; shape what the instrument "
             "plays with the track's gain and its automation",
             key);
  else
    snprintf(why, size,
             "'%s' picks part of a MIDI file, and this region plays audio ('file:'); write "
             "'midi: FILE.mid' for notes, or remove '%s'",
             key, key);
}

const char sp_build_files_channel[] =
    "'channel:' plays one channel of a file, and 'files:' plays every channel of each; give the "
    "one file as 'file:' with its 'channel:'";

void sp_build_track_kinds(bool first_midi, bool midi, char *why, size_t size)
{
  snprintf(why, size,
           "a track plays either audio or MIDI: its first region plays %s, this one %s; put them "
           "on two tracks",
           first_midi ? "MIDI" : "audio", midi ? "MIDI" : "audio");
}

void sp_build_no_inverse(const char *fix, char *why, size_t size)
{
  snprintf(why, size,
           "an inverse fade fades the regions below an opaque region; %s or remove 'inverse'", fix);
}

const char sp_build_instrument_on_audio[] =
    "an instrument plays a track's MIDI, and this track plays audio ('file:'); give it 'midi: "
    "FILE.mid', or remove 'instrument'";
const char sp_build_midi_needs_instrument[] =
    "a track of MIDI plays into an instrument: add 'instrument: {soundfont: FILE.sf2}' or an LV2 "
    "instrument, 'instrument: {lv2: {plugin: URI}}' (`stemprint help lv2` lists those installed)";

const char sp_build_warp_few[] =
    "a warp is a list of at least two [source time, region time] points from region time 0, like "
    "[[0, 0], [2 s, 2.5 s]]";

bool sp_build_warp_point(const double *src, const double *at, size_t i, char *why, size_t size)
{
  if (i == 0 && at[0] != 0)
    snprintf(why, size,
             "a warp starts at the region's start, region time 0, not %g s; make the first point "
             "[source time, 0] (where the region starts playing the source)",
             at[0]);
  else if (i > 0 && src[i] <= src[i - 1])
    snprintf(why, size,
             "source time %g s is not after the point before's (%g s): a warp's source times "
             "increase (a warp plays its source forward); reorder or remove the point",
             src[i], src[i - 1]);
  else if (i > 0 && at[i] <= at[i - 1])
    snprintf(why, size,
             "region time %g s is not after the point before's (%g s): a warp's region times "
             "increase; reorder or remove the point",
             at[i], at[i - 1]);
  else
    return true;
  return false;
}

bool sp_build_warp_span(double src, double at, double per_second, char *why, size_t size)
{
  const double ratio = at / src;
  if (ratio >= 0.05 && ratio <= 20)
    return true;
  snprintf(why, size,
           "plays %.6g s of source in %.6g s, x%.4g; a span is stretched 0.05 to 20 times (as "
           "'stretch:')",
           src / per_second, at / per_second, ratio);
  return false;
}

const char sp_build_regions_items[] = "regions like '- {file: a.wav, at: 0}'";
const char sp_build_stem_members[] = "the tracks or buses it holds";

void sp_build_names_none(const char *item, char *why, size_t size)
{
  snprintf(why, size, "expected at least one name (%s)", item);
}

void sp_build_expected(const char *what, const char *got, char *why, size_t size)
{
  snprintf(why, size, "expected %s, got %s", what, got);
}

/* What the parser says of an empty text where it expects what (said as
 * what it is: review 26 F9, "got a single value" of a title: ""). */
static void no_text(const char *what, char *why, size_t size)
{
  sp_build_expected(what, "an empty text (\"\")", why, size);
}

void sp_build_words_text(const sp_key_row *row, char *buf, size_t size)
{
  size_t n = 0;
  while (row->words && row->words[n])
    n++;
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    snprintf(buf + strlen(buf), size - strlen(buf), "%s'%s'",
             i == 0       ? ""
             : i + 1 == n ? " or "
                          : ", ",
             row->words[i]);
}

/* What the parser says of a value that is none of row's words (got: what
 * it got, as it says it: "a list", "'x'"). Heap. */
static char *not_a_word(const sp_key_row *row, const char *got)
{
  char list[256];
  sp_build_words_text(row, list, sizeof list);
  char *what = sp_xasprintf("%s (%s)", list, row->help), why[1024];
  sp_build_expected(what, got, why, sizeof why);
  free(what);
  return sp_xstrdup(why);
}

void sp_build_none_named(const char *name, const char *path, char *why, size_t size)
{
  snprintf(why, size, "no %ss are named; add at least one or remove '%s'", name, path);
}

void sp_range_text(double v, sp_unit u, double min, double max, bool bare, char *why, size_t size)
{
  const char *un = sp_unit_name(u);
  const char *sp = *un ? " " : "";
  /* a time written without its unit reads as seconds: "release: 90" meant
   * 90 ms, most likely, when that is in range */
  char hint[96] = "";
  if (u == SP_UNIT_SECONDS && bare && v / 1000 >= min && v / 1000 <= max)
    snprintf(hint, sizeof hint, "; a time without a unit is in seconds: did you mean '%g ms'?", v);
  /* "sample_rate: 48" meant 48 kHz, most likely */
  if (u == SP_UNIT_HZ && bare && v * 1000 >= min && v * 1000 <= max)
    snprintf(hint, sizeof hint, "; a frequency without a unit is in Hz: did you mean '%g kHz'?", v);
  if (isinf(min))
    snprintf(why, size, "%g%s%s is out of range; expected -inf%s%s .. %g%s%s%s", v, sp, un, sp, un,
             max, sp, un, hint);
  else
    snprintf(why, size, "%g%s%s is out of range; expected %g%s%s .. %g%s%s%s", v, sp, un, min, sp,
             un, max, sp, un, hint);
}

/* ---- scalars and keys as the parser reads them (an insert's values) ---- */

char *sp_written_got(sp_written w)
{
  return w.kind ? sp_xstrdup(w.kind) : sp_xasprintf("'%s'", w.text);
}

bool sp_written_unitless(sp_written w)
{
  if (w.kind || !*w.text)
    return false;
  char *end;
  (void)strtod(w.text, &end);
  return end != w.text && *end == '\0';
}

bool sp_written_bool(sp_written w, bool *on, char *why, size_t size)
{
  if (!w.kind && !w.quoted && (strcmp(w.text, "true") == 0 || strcmp(w.text, "false") == 0)) {
    *on = strcmp(w.text, "true") == 0;
    return true;
  }
  char *got = sp_written_got(w);
  sp_build_expected("true or false", got, why, size);
  free(got);
  return false;
}

bool sp_written_read_value(sp_written w, sp_unit u, double min, double max, double *v, char *why,
                           size_t size)
{
  if (w.kind) {
    char *what = sp_xasprintf("a value like %s", sp_unit_example(u));
    sp_build_expected(what, w.kind, why, size);
    free(what);
    return false;
  }
  if (sp_units_parse(u, w.text, v, why, size))
    return true;
  if (u == SP_UNIT_NUMBER) {
    char *number = number_why(w.text, min, max);
    snprintf(why, size, "%s", number);
    free(number);
  }
  return false;
}

bool sp_written_value(sp_written w, sp_unit u, double min, double max, double *v, char *why,
                      size_t size)
{
  double x;
  if (!sp_written_read_value(w, u, min, max, &x, why, size))
    return false;
  if (!(x >= min && x <= max)) {
    sp_range_text(x, u, min, max, sp_written_unitless(w), why, size);
    return false;
  }
  *v = x;
  return true;
}

bool sp_written_time(sp_written w, sp_time *t, char *why, size_t size)
{
  if (w.kind) {
    sp_build_expected("a value like '10 ms', '1.5 s', '480 smp' or '1:32.5'", w.kind, why, size);
    return false;
  }
  return sp_units_parse_time(w.text, t, why, size);
}

bool sp_written_string(sp_written w, const char *what, char *why, size_t size)
{
  if (!w.kind && w.text[0] != '\0')
    return true;
  if (w.kind)
    sp_build_expected(what, w.kind, why, size);
  else
    no_text(what, why, size);
  return false;
}

/* What the parser says of a list of no points (its kind's first and
 * second values for the example; constant: it takes one value alone). */
static void points_none(const char *first, const char *second, bool constant, char *why,
                        size_t size)
{
  snprintf(why, size,
           "automation needs at least one [time, value] point, like [[0, %s], [2 s, %s]]%s", first,
           second, constant ? "; or give one value" : "");
}

void sp_build_points_flat(const char *const *items, size_t n, const char *want, const char *first,
                          const char *second, bool constant, char *why, size_t size)
{
  if (want)
    snprintf(why, size, "%s", want);
  else if (n == 0)
    points_none(first, second, constant, why, size);
  else if (n == 2)
    snprintf(why, size,
             "automation is a list of [time, value] points; for one point write [[%s, %s]]%s",
             items[0], items[1], constant ? ", or give the value alone" : "");
  else
    snprintf(why, size,
             "automation is a list of [time, value] points, like [[0, %s], [2 s, %s]]; got a list "
             "of single values",
             first, second);
}

void sp_build_point_shape(const char *want, const char *first, const char *got, char *why,
                          size_t size)
{
  if (want)
    snprintf(why, size, "%s", want);
  else
    snprintf(why, size, "an automation point is [time, value], like [1.5 s, %s]; got %s", first,
             got);
}

bool sp_written_word(const sp_key_row *row, sp_written w, int *i, char *why, size_t size)
{
  if (row->check && !w.kind && !row->check(w.text, why, size))
    return false;
  size_t n = 0;
  for (; row->words[n]; n++)
    if (!w.kind && strcmp(w.text, row->words[n]) == 0) {
      *i = (int)n;
      return true;
    }
  const char *near = !w.kind ? sp_suggest(w.text, row->words, n) : NULL;
  char *got = sp_written_got(w), *said = not_a_word(row, got);
  snprintf(why, size, "%s%s%s%s", said, near ? "; did you mean '" : "", near ? near : "",
           near ? "'?" : "");
  free(said);
  free(got);
  return false;
}

void sp_build_names_refused(const char *what, char *why, size_t size)
{
  snprintf(why, size, "expected %s, like [C] or [Ls, Rs]", what);
}

bool sp_build_in_list(const char *key, const char *const *list)
{
  for (size_t i = 0; list && list[i]; i++)
    if (strcmp(key, list[i]) == 0)
      return true;
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

/* Whether n (whole: written as a whole number, got: as written) is a
 * post_insert's place, into *after; else said in why. */
static bool tap_place(long long n, bool whole, const char *got, unsigned *after, char *why,
                      size_t size)
{
  if (!whole || n < 1 || n > SP_TAP_AFTER_MAX) {
    snprintf(why, size,
             "expected %s, got '%s'; the first post_insert is 1 (the tap right after the fader "
             "is 'tap: fader')",
             sp_build_tap_after_what, got);
    return false;
  }
  *after = (unsigned)n;
  return true;
}

bool sp_build_tap_after(const char *t, unsigned *after, char *why, size_t size)
{
  char *end = NULL;
  const long long n = strtoll(t, &end, 10);
  return tap_place(n, *end == '\0', t, after, why, size);
}

bool sp_build_tap_after_count(size_t n, unsigned *after, char *why, size_t size)
{
  char got[32];
  snprintf(got, sizeof got, "%zu", n);
  return tap_place(n > SP_TAP_AFTER_MAX ? SP_TAP_AFTER_MAX + 1 : (long long)n, true, got, after,
                   why, size);
}

char *sp_build_text_what(const sp_key_row *row)
{
  return row->words ? sp_xstrdup(row->help) /* its words said there */
                    : sp_xasprintf("a text (%s)", row->help);
}

/* ---- the recipe's size (notext) ------------------------------------------ */

bool sp_build_nodes(size_t n_tracks, size_t n_buses, char *why, size_t size)
{
  if (n_tracks + n_buses <= SP_MAX_NODES)
    return true;
  snprintf(why, size,
           "%zu tracks and %zu buses; a recipe holds at most %d in all: split the session into "
           "recipes (stems of one can be the sources of another)",
           n_tracks, n_buses, SP_MAX_NODES);
  return false;
}

const char *sp_build_loudness_aimless(bool keyed, bool preset, bool target, bool ceiling)
{
  return keyed && !preset && !target && !ceiling
             ? "give a 'target' (and 'tolerance'), a 'max_true_peak', or a 'preset'"
             : NULL;
}
