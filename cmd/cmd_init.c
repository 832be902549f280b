/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint init [DIR] [-o RECIPE] [--force]: scaffold a recipe from a
 * folder of audio files, so stems exported from any DAW render in one step.
 *
 *   the files in DIR --sp_audio_open-->  sources, sorted by file name
 *     --name_from_base, unique_name-->   track names
 *     --guess_group-->                   a stem group per track
 *     --write_recipe-->                  one track per file, to its group's bus;
 *                                        a bus and a stem per group; defaults
 *
 * The scan is not recursive. Files libsndfile cannot read are skipped with a
 * warning; files of more than two channels become commented-out tracks
 * (stemprint refuses them). Track names follow the recipe's name rules
 * (io/recipe_parse.c: letters, digits, '_', '-', '.', not first; at most 64;
 * not master or none) and are made unique; a group bus whose name a track
 * already took is called <group>_bus instead, as tracks and buses share one
 * namespace. The text depends only on the files' names and headers, so the
 * same folder always gives the same bytes. It is written with
 * sp_fs_write_text (temporary file, then rename), and never over an existing
 * file without --force. */

#include "cmd/cli.h"

#include "core/alloc.h"
#include "io/audio.h"
#include "io/fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: stemprint init [DIR] [-o RECIPE] [--force]\n"
    "\n"
    "Write a recipe for the audio files in DIR (default: the current folder):\n"
    "one track per file that libsndfile reads (wav, flac, aiff, w64, ogg, caf,\n"
    "...; not in subfolders), named after the file, mono or stereo as the file\n"
    "is, routed to a group bus per stem guessed from its name: drums (kick,\n"
    "snare, hat, tom, oh, room, perc, ...), bass (bass, sub, 808), vocals (vox,\n"
    "vocal, lead, bgv, choir, ...), fx (fx, sfx, reverb, verb) and music\n"
    "(everything else). The session rate is the most common rate among the\n"
    "files. Comments in the recipe say why each track went where. Files it\n"
    "cannot read are skipped with a warning; files of more than two channels\n"
    "are written as commented-out tracks.\n"
    "\n"
    "options:\n"
    "  -o RECIPE     where to write the recipe (default DIR/session.yaml; a\n"
    "                folder: RECIPE/session.yaml); file paths in it are\n"
    "                relative to its folder\n"
    "  --force       replace an existing recipe\n"
    "  -h, --help    this help\n"
    "\n"
    "Then check the guesses and run: stemprint render DIR/session.yaml\n"
    "\n"
    "exit status: 0 written, 2 bad command line or the recipe exists (use\n"
    "--force), 3 DIR unreadable, no audio file in it, or the recipe cannot be\n"
    "written.\n";

/* ---- stem groups and the words that suggest them ----------------------- */

typedef enum group { G_DRUMS, G_BASS, G_MUSIC, G_VOCALS, G_FX, G_COUNT } group;

/* In recipe order: buses, stems and track sections follow it. */
static const char *const group_names[G_COUNT] = {"drums", "bass", "music", "vocals", "fx"};

/* When a name holds words of several groups ("Snare Verb", "808 Kick",
 * "Bass Drum"), the first group here wins. */
static const group priority[G_COUNT] = {G_FX, G_DRUMS, G_BASS, G_VOCALS, G_MUSIC};

/* The words that suggest each group, as in a file name. A weak word is
 * ambiguous alone ("Piano Room", "Sub Kick", "Lead Synth") and counts only
 * when no group's strong word does. */
static const char *const strong_words[G_COUNT] = {
    [G_DRUMS] = "kick kik bd snare snr sn hat hihat hh tom overhead oh cymbal cym ride crash "
                "perc clap snap shaker tamb conga bongo cowbell drum kit",
    [G_BASS] = "bass 808",
    [G_MUSIC] = "keys keyboard piano pno rhodes wurli organ clav synth pad arp pluck gtr guitar "
                "acoustic string violin viola cello brass horn sax trumpet tpt trombone flute "
                "harp bell mallet marimba vibes orch bassoon",
    [G_VOCALS] = "vox vocal voc voice bgv bv choir adlib harmony harmonies singer rap",
    [G_FX] = "fx sfx efx reverb verb",
};
static const char *const weak_words[G_COUNT] = {
    [G_DRUMS] = "room",
    [G_BASS] = "sub",
    [G_VOCALS] = "lead backing",
};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }
static char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }

/* Whether token tok is the keyword kw (kw_len characters). A keyword of
 * four letters or more matches as a prefix (kicks, vocals, overheads,
 * percussion); a short one alone or with a plural s or a side l/r (toms,
 * ohl), so that "sn" does not match "snow". */
static bool kw_match(const char *tok, const char *kw, size_t kw_len)
{
  if (strncmp(tok, kw, kw_len) != 0)
    return false;
  const char *rest = tok + kw_len;
  return *rest == '\0' || kw_len >= 4 ||
         ((rest[0] == 's' || rest[0] == 'l' || rest[0] == 'r') && rest[1] == '\0');
}

typedef struct guess {
  group g;
  char word[16]; /* the keyword that decided; "" for the default, music */
} guess;

typedef struct match {
  size_t len; /* 0: none */
  const char *word;
} match;

/* The longest keyword of words (space-separated) that tok matches, if
 * longer than best. */
static void best_match(const char *tok, const char *words, match *best)
{
  for (const char *w = words; w && *w;) {
    size_t len = strcspn(w, " ");
    if (len > best->len && kw_match(tok, w, len))
      *best = (match){.len = len, .word = w};
    w += len;
    w += *w == ' ';
  }
}

/* The stem group a file name suggests. The name is cut into words at
 * anything not a letter or digit, at a lower-to-upper case change and between
 * letters and digits ("LeadVox", "Tom2", "808Bass"); each word takes its
 * longest matching keyword (so "bassoon" is not bass). */
static guess guess_group(const char *base)
{
  match strong[G_COUNT] = {{0}}, weak[G_COUNT] = {{0}};
  size_t n = strlen(base);
  char tok[256];
  for (size_t i = 0; i < n;) {
    if (!is_alnum(base[i])) {
      i++;
      continue;
    }
    size_t t = 0;
    tok[t++] = to_lower(base[i++]);
    while (i < n && is_alnum(base[i]) && t + 1 < sizeof tok) {
      char prev = base[i - 1], c = base[i];
      if ((is_lower(prev) && is_upper(c)) || (is_digit(prev) != is_digit(c)))
        break;
      tok[t++] = to_lower(c);
      i++;
    }
    tok[t] = '\0';
    match best = {0};
    int best_g = -1;
    bool best_weak = false;
    for (int g = 0; g < G_COUNT; g++) {
      size_t before = best.len;
      best_match(tok, strong_words[g], &best);
      if (best.len > before)
        best_g = g, best_weak = false;
      before = best.len;
      best_match(tok, weak_words[g], &best);
      if (best.len > before)
        best_g = g, best_weak = true;
    }
    match *slot = best_g < 0 ? NULL : best_weak ? &weak[best_g] : &strong[best_g];
    if (slot && !slot->len)
      *slot = best;
  }
  for (int pass = 0; pass < 2; pass++)
    for (size_t p = 0; p < G_COUNT; p++) {
      const match *m = &(pass == 0 ? strong : weak)[priority[p]];
      if (m->len) {
        guess r = {.g = priority[p]};
        snprintf(r.word, sizeof r.word, "%.*s", (int)m->len, m->word);
        return r;
      }
    }
  return (guess){.g = G_MUSIC};
}

/* ---- names --------------------------------------------------------------- */

/* Names are at most 64 characters: room for a "_N" suffix. */
enum { BASE_MAX_LEN = 56 };

static bool is_sep(char c) { return c == '_' || c == '-' || c == '.' || c == ' '; }

/* The file name without its extension, as a heap string. */
static char *base_name(const char *file)
{
  const char *dot = strrchr(file, '.');
  size_t len = dot && dot != file ? (size_t)(dot - file) : strlen(file);
  char *b = sp_xmalloc(len + 1);
  memcpy(b, file, len);
  b[len] = '\0';
  return b;
}

/* A valid track name for base (the file name without extension): a leading
 * track number ("01 ", "3-", "001_") goes; letters are lowercased; a run of
 * other characters becomes '_' (a single '-' or '.' stays); no separator
 * first or last; at most BASE_MAX_LEN characters; "track" if nothing is
 * left. Heap string. */
static char *name_from_base(const char *base)
{
  size_t len = strlen(base), start = 0, nd = 0;
  while (nd < len && is_digit(base[nd]))
    nd++;
  if (nd > 0 && nd < len && (nd <= 2 || base[0] == '0') && is_sep(base[nd])) {
    size_t s = nd;
    while (s < len && is_sep(base[s]))
      s++;
    if (s < len)
      start = s;
  }
  char *out = sp_xmalloc(len - start + 1);
  size_t n = 0;
  for (size_t i = start; i < len;) {
    if (is_alnum(base[i])) {
      out[n++] = to_lower(base[i++]);
      continue;
    }
    size_t j = i;
    while (j < len && !is_alnum(base[j]))
      j++;
    out[n++] = j - i == 1 && (base[i] == '-' || base[i] == '.') ? base[i] : '_';
    i = j;
  }
  out[n] = '\0';
  if (n > BASE_MAX_LEN)
    n = BASE_MAX_LEN;
  while (n > 0 && !is_alnum(out[n - 1]))
    n--;
  out[n] = '\0';
  size_t lead = 0;
  while (out[lead] && !is_alnum(out[lead]))
    lead++;
  memmove(out, out + lead, n - lead + 1);
  if (!*out) {
    free(out);
    return sp_xstrdup("track");
  }
  return out;
}

typedef struct names {
  char **v;
  size_t n, cap;
} names;

static bool names_has(const names *s, const char *name)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], name) == 0)
      return true;
  return false;
}

/* base, or base_2, base_3, ... : the first that is free and not reserved;
 * added to s. Returns a heap string. */
static char *unique_name(names *s, const char *base)
{
  char *name = sp_xstrdup(base);
  for (int k = 2; names_has(s, name) || strcmp(name, "master") == 0 || strcmp(name, "none") == 0;
       k++) {
    free(name);
    name = sp_xasprintf("%s_%d", base, k);
  }
  SP_GROW(s->v, s->n, s->cap);
  s->v[s->n++] = sp_xstrdup(name);
  return name;
}

/* ---- text ---------------------------------------------------------------- */

typedef struct text {
  char *s;
  size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0)
    abort();
  if (t->n + (size_t)need + 1 > t->cap) {
    t->cap = 2 * (t->n + (size_t)need + 1);
    t->s = sp_xrealloc(t->s, t->cap);
  }
  va_start(ap, fmt);
  vsnprintf(t->s + t->n, (size_t)need + 1, fmt, ap);
  va_end(ap);
  t->n += (size_t)need;
}

/* Whether s is valid UTF-8 without control characters or line breaks: YAML
 * needs the first, and the file name goes into comments, which end at a
 * line break. */
static bool printable_utf8(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    size_t more = c < 0x80             ? 0
                  : (c & 0xE0) == 0xC0 ? 1
                  : (c & 0xF0) == 0xE0 ? 2
                  : (c & 0xF8) == 0xF0 ? 3
                                       : 9;
    if (more == 9 || (c < 0x80 && (c < 0x20 || c == 0x7F)) || c == 0xC0 || c == 0xC1)
      return false;
    /* C1 controls, and U+2028/U+2029, which YAML 1.1 reads as line breaks */
    if ((c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) ||
        (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
      return false;
    for (size_t k = 1; k <= more; k++)
      if ((p[k] & 0xC0) != 0x80)
        return false;
    p += 1 + more;
  }
  return true;
}

/* s as a YAML string: plain when it is only letters, digits and ._/-, does
 * not start with - and is not a null, otherwise double-quoted with \ and "
 * escaped. */
static void put_scalar(text *t, const char *s)
{
  bool plain = *s && *s != '-' && strcmp(s, "null") && strcmp(s, "Null") && strcmp(s, "NULL");
  for (const char *c = s; *c && plain; c++)
    plain = is_alnum(*c) || *c == '_' || *c == '.' || *c == '/' || *c == '-';
  if (plain) {
    put(t, "%s", s);
    return;
  }
  put(t, "\"");
  for (const char *c = s; *c; c++)
    put(t, "%s%c", *c == '"' || *c == '\\' ? "\\" : "", *c);
  put(t, "\"");
}

/* ---- paths --------------------------------------------------------------- */

/* dir/name, or name alone when dir is "." */
static char *join(const char *dir, const char *name)
{
  if (strcmp(dir, ".") == 0)
    return sp_xstrdup(name);
  size_t n = strlen(dir);
  return sp_xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* The folder part of path ("." when it has none). Heap string. */
static char *dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash)
    return sp_xstrdup(".");
  if (slash == path)
    return sp_xstrdup("/");
  char *d = sp_xmalloc((size_t)(slash - path) + 1);
  memcpy(d, path, (size_t)(slash - path));
  d[slash - path] = '\0';
  return d;
}

/* The path of folder `to` relative to folder `from`, both absolute and
 * canonical (realpath): "" when they are the same, else ending in '/'. */
static char *relative(const char *from, const char *to)
{
  /* skip the components they share */
  size_t i = 0, common = 0;
  while (from[i] && from[i] == to[i]) {
    i++;
    if ((from[i] == '/' || from[i] == '\0') && (to[i] == '/' || to[i] == '\0'))
      common = i;
  }
  text t = {.s = sp_xstrdup(""), .cap = 1};
  for (const char *c = from + common; *c; c++)
    if (*c == '/' && c[1] != '\0')
      put(&t, "../");
  const char *rest = to + common;
  while (*rest == '/')
    rest++;
  if (*rest)
    put(&t, "%s/", rest);
  return t.s;
}

/* ---- the scan ------------------------------------------------------------ */

typedef struct source {
  char *file; /* the entry's name in DIR */
  char *name; /* the track's name */
  sp_audio_info info;
  guess guess;
} source;

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file names in dir (not . files), sorted bytewise. */
static sp_err list_dir(const char *dir, char ***out, size_t *n_out)
{
  *out = NULL;
  *n_out = 0;
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "stemprint: error: cannot read folder '%s': %s\n", dir, strerror(errno));
    return SP_ERR_IO;
  }
  char **v = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    SP_GROW(v, n, cap);
    v[n++] = sp_xstrdup(e->d_name);
  }
  closedir(d);
  if (n)
    qsort(v, n, sizeof *v, by_name);
  *out = v;
  *n_out = n;
  return SP_OK;
}

/* The most common rate among the usable sources, the higher one on a tie,
 * among those a session can have (8 kHz .. 768 kHz); 48 kHz if none. */
static int common_rate(const source *src, size_t n)
{
  int best = 48000;
  size_t best_count = 0;
  for (size_t i = 0; i < n; i++) {
    int rate = src[i].info.sample_rate;
    if (src[i].info.channels > 2 || rate < 8000 || rate > 768000)
      continue;
    size_t count = 0;
    for (size_t j = 0; j < n; j++)
      count += src[j].info.channels <= 2 && src[j].info.sample_rate == src[i].info.sample_rate;
    if (count > best_count || (count == best_count && src[i].info.sample_rate > best)) {
      best = src[i].info.sample_rate;
      best_count = count;
    }
  }
  return best;
}

/* ---- the recipe ---------------------------------------------------------- */

typedef struct plan {
  source *src;
  size_t n_src;
  int rate;
  const char *rel;           /* DIR relative to the recipe's folder ("" or ".../") */
  char *bus[G_COUNT];        /* the group buses' names */
  size_t used[G_COUNT];      /* tracks (not commented out) per group */
  size_t commented[G_COUNT]; /* commented-out tracks per group */
} plan;

static void put_reason(text *t, const source *s)
{
  if (s->guess.word[0])
    put(t, "%s: the name says '%s'", group_names[s->guess.g], s->guess.word);
  else
    put(t, "%s: no stem word in the name (the default)", group_names[s->guess.g]);
}

static void write_track(text *t, const plan *p, const source *s, int width)
{
  char *file = sp_xasprintf("%s%s", p->rel, s->file);
  if (s->info.channels > 2) {
    put(t,
        "  # %s has %d channels, and stemprint takes mono and stereo files only:\n"
        "  # split it into mono or stereo files and give each a track like this one%s.\n",
        s->file, s->info.channels, p->used[s->guess.g] ? "" : " (and add its bus and stem)");
    int pad = width - 2 - (int)strlen(s->name);
    put(t, "  # %s:%*s# ", s->name, pad > 1 ? pad : 1, "");
    put_reason(t, s);
    put(t, "\n  #   file: ");
    put_scalar(t, file);
    put(t, "\n  #   to: %s\n", p->bus[s->guess.g]);
    free(file);
    return;
  }
  int pad = width - (int)strlen(s->name);
  put(t, "  %s:%*s# %s", s->name, pad > 1 ? pad : 1, "", s->info.channels == 1 ? "mono" : "stereo");
  if (s->info.sample_rate != p->rate)
    put(t, ", %d Hz (resampled)", s->info.sample_rate);
  put(t, "; ");
  put_reason(t, s);
  put(t, "\n    file: ");
  put_scalar(t, file);
  put(t, "\n    to: %s\n", p->bus[s->guess.g]);
  free(file);
}

static char *write_recipe(const plan *p, const char *recipe_file)
{
  text t = {0};
  size_t n_tracks = 0, n_other_rate = 0;
  for (size_t i = 0; i < p->n_src; i++) {
    n_tracks += p->src[i].info.channels <= 2;
    n_other_rate += p->src[i].info.channels <= 2 && p->src[i].info.sample_rate != p->rate;
  }
  put(&t,
      "# A session scaffolded by `stemprint init` from %zu audio file%s: one track per\n"
      "# file, routed to the group bus of the stem its name suggests. Check the\n"
      "# guesses (the comment beside each track says why it went where), then add\n"
      "# levels, pans and inserts; docs/recipe.md lists every key.\n"
      "#\n"
      "# Render it, from this folder, with:  stemprint render %s\n"
      "stemprint: 1\n",
      n_tracks, n_tracks == 1 ? "" : "s", recipe_file);
  if (n_other_rate) {
    put(&t, "# Resampled to %d Hz when rendered:", p->rate);
    for (size_t i = 0; i < p->n_src; i++)
      if (p->src[i].info.channels <= 2 && p->src[i].info.sample_rate != p->rate)
        put(&t, "\n#   %s (%d Hz)", p->src[i].file, p->src[i].info.sample_rate);
    put(&t, "\n");
  }
  char rate[32];
  snprintf(rate, sizeof rate, "sample_rate: %d", p->rate);
  put(&t,
      "%-23s # the most common rate among the files (%zu of %zu)\n"
      "length: auto            # the end of the last region\n"
      "tail: auto              # keep rendering while effects ring out\n"
      "pan_law: -3 dB          # a centred mono track gets -3 dB on each side\n"
      "\n"
      "tracks:\n",
      rate, n_tracks - n_other_rate, n_tracks);
  /* The column of the comments beside the track names. */
  int width = 20;
  for (size_t i = 0; i < p->n_src; i++) {
    int w = (int)strlen(p->src[i].name) + (p->src[i].info.channels > 2 ? 2 : 0);
    width = w > width ? w : width;
  }
  width = width > 31 ? 32 : width + 1; /* a long name gets one space */
  bool first = true;
  for (size_t g = 0; g < G_COUNT; g++) {
    if (!p->used[g] && !p->commented[g])
      continue;
    char rule[80];
    int w = snprintf(rule, sizeof rule, "  # ---- %s ", group_names[g]);
    put(&t, "%s%s", first ? "" : "\n", rule);
    for (int k = w; k < 78; k++)
      put(&t, "-");
    put(&t, "\n");
    first = false;
    for (size_t i = 0; i < p->n_src; i++)
      if (p->src[i].guess.g == (group)g)
        write_track(&t, p, &p->src[i], width);
  }
  put(&t, "\n# A group bus per stem: its tracks' outputs sum here (add inserts, gain).\n"
          "buses:\n");
  for (size_t g = 0; g < G_COUNT; g++)
    if (p->used[g])
      put(&t, "  %s: {to: master}\n", p->bus[g]);
  put(&t, "\n# Add inserts here, for example a true-peak limiter:\n"
          "#   inserts: [{limiter: {ceiling: -1 dBTP}}]\n"
          "master: {}\n"
          "\n"
          "# Each stem is the whole mix with only its tracks sounding, so the stems\n"
          "# sum to the mix; render proves it with a null test.\n"
          "stems:\n"
          "  split: sources\n");
  for (size_t g = 0; g < G_COUNT; g++)
    if (p->used[g])
      put(&t, "  %s: [%s]\n", group_names[g], p->bus[g]);
  put(&t, "\n"
          "output:\n"
          "  dir: out/{recipe}       # beside this recipe; {recipe}: its file name\n"
          "  format: wav             # wav | flac | aiff | w64\n"
          "  depth: 24               # 16 | 24 | 32f\n"
          "  dither: tpdf            # none | tpdf\n"
          "  mix: mix                # the mix's file name; stems are <stem>.<ext>\n"
          "\n"
          "checks:\n"
          "  null: {max_residual: auto}   # what 24-bit output with dither allows\n");
  return t.s;
}

/* path as a shell word: quoted when it holds anything unusual. */
static void print_shell_word(const char *path)
{
  bool plain = *path != '\0';
  for (const char *c = path; *c && plain; c++)
    plain = is_alnum(*c) || strchr("_-./+,:@%", *c);
  if (plain) {
    fputs(path, stdout);
    return;
  }
  putchar('\'');
  for (const char *c = path; *c; c++)
    if (*c == '\'')
      fputs("'\\''", stdout);
    else
      putchar(*c);
  putchar('\'');
}

/* ---- the command ----------------------------------------------------------- */

static void free_sources(source *src, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(src[i].file);
    free(src[i].name);
  }
  free(src);
}

int sp_cmd_init(int argc, char **argv)
{
  const char *dir_arg = NULL, *out_arg = NULL;
  bool force = false;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      return 0;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      if (i + 1 >= argc || argv[i + 1][0] == '\0')
        return sp_cli_usage_error("init", "%s needs the recipe's path", a);
      out_arg = argv[++i];
    } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
      force = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      return sp_cli_usage_error("init", "unknown option '%s'", a);
    } else if (dir_arg) {
      return sp_cli_usage_error("init", "one folder at a time ('%s' and '%s')", dir_arg, a);
    } else {
      dir_arg = a;
    }
  }
  /* DIR without trailing slashes, so paths print as dir/file. */
  char *dir = sp_xstrdup(dir_arg && *dir_arg ? dir_arg : ".");
  for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
    dir[n - 1] = '\0';
  struct stat st;
  if (stat(dir, &st) != 0) {
    fprintf(stderr, "stemprint: error: cannot read folder '%s': %s\n", dir, strerror(errno));
    free(dir);
    return SP_ERR_IO;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr,
            "stemprint: error: '%s' is not a folder; give the folder that holds the audio "
            "files\n",
            dir);
    free(dir);
    return SP_ERR_USAGE;
  }

  /* Where the recipe goes: DIR/session.yaml, -o's path, or -o's folder. */
  char *out;
  if (!out_arg)
    out = join(dir, "session.yaml");
  else if (stat(out_arg, &st) == 0 && S_ISDIR(st.st_mode))
    out = join(out_arg, "session.yaml");
  else
    out = sp_xstrdup(out_arg);
  struct stat out_st;
  bool out_exists = stat(out, &out_st) == 0;
  if (out_exists && S_ISDIR(out_st.st_mode)) {
    fprintf(stderr, "stemprint: error: '%s' is a folder; give -o the recipe file's path\n", out);
    free(out);
    free(dir);
    return SP_ERR_USAGE;
  }
  if (out_exists && !force) {
    fprintf(stderr,
            "stemprint: error: '%s' already exists; use --force to replace it, or -o to write "
            "the recipe elsewhere\n",
            out);
    free(out);
    free(dir);
    return SP_ERR_USAGE;
  }

  char **files;
  size_t n_files;
  sp_err err = list_dir(dir, &files, &n_files);
  source *src = sp_xcalloc(n_files ? n_files : 1, sizeof *src);
  size_t n_src = 0;
  for (size_t i = 0; err == SP_OK && i < n_files; i++) {
    char *path = join(dir, files[i]);
    char why[256] = "";
    sp_audio_reader *r = NULL;
    sp_audio_info info;
    bool is_out = out_exists && stat(path, &st) == 0 && st.st_dev == out_st.st_dev &&
                  st.st_ino == out_st.st_ino;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      /* subfolders (out/ among them) are not scanned */
    } else if (sp_audio_open(path, &r, &info, why, sizeof why) != SP_OK) {
      if (!is_out)
        fprintf(stderr, "stemprint: warning: %s: skipped: %s\n", path, why);
    } else if (is_out) {
      fprintf(stderr,
              "stemprint: error: '%s' is one of the audio files; write the recipe elsewhere "
              "(-o)\n",
              out);
      err = SP_ERR_USAGE;
    } else if (!printable_utf8(files[i])) {
      fprintf(stderr,
              "stemprint: warning: %s: skipped: its name is not UTF-8 text (or holds a control "
              "character), which a recipe cannot hold; rename it\n",
              path);
    } else if (info.frames <= 0) {
      fprintf(stderr, "stemprint: warning: %s: skipped: it holds no audio\n", path);
    } else {
      src[n_src++] = (source){.file = sp_xstrdup(files[i]), .info = info};
    }
    sp_audio_close(r);
    free(path);
  }
  for (size_t i = 0; i < n_files; i++)
    free(files[i]);
  free(files);

  size_t usable = 0;
  for (size_t i = 0; i < n_src; i++)
    usable += src[i].info.channels <= 2;
  if (err == SP_OK && usable == 0) {
    fprintf(stderr,
            "stemprint: error: no %saudio file in '%s' (wav, flac, aiff, w64, ogg, ...); give "
            "the folder of the exported stems\n",
            n_src ? "mono or stereo " : "", dir);
    err = SP_ERR_IO;
  }

  plan p = {.src = src, .n_src = n_src};
  names taken = {0};
  char *rel = NULL, *rdir = NULL, *real_dir = NULL, *real_rdir = NULL, *body = NULL;
  if (err == SP_OK) {
    /* Names in file order, so "Kick.wav" is kick and "kick.aif" kick_2. */
    for (size_t i = 0; i < n_src; i++) {
      char *base = base_name(src[i].file);
      char *name = name_from_base(base);
      src[i].name = unique_name(&taken, name);
      src[i].guess = guess_group(base);
      free(name);
      free(base);
      if (src[i].info.channels <= 2)
        p.used[src[i].guess.g]++;
      else
        p.commented[src[i].guess.g]++;
    }
    for (size_t g = 0; g < G_COUNT; g++) {
      bool clash = names_has(&taken, group_names[g]);
      char *want = sp_xasprintf("%s%s", group_names[g], clash ? "_bus" : "");
      p.bus[g] = unique_name(&taken, want);
      free(want);
    }
    p.rate = common_rate(src, n_src);

    rdir = dir_of(out);
    char why[512];
    err = sp_fs_mkdirs(rdir, why, sizeof why);
    if (err != SP_OK)
      fprintf(stderr, "stemprint: error: %s\n", why);
  }
  if (err == SP_OK) {
    real_dir = realpath(dir, NULL);
    real_rdir = realpath(rdir, NULL);
    if (!real_dir || !real_rdir) {
      fprintf(stderr, "stemprint: error: cannot resolve '%s': %s\n", real_dir ? rdir : dir,
              strerror(errno));
      err = SP_ERR_IO;
    }
  }
  if (err == SP_OK) {
    rel = relative(real_rdir, real_dir);
    p.rel = rel;
    const char *slash = strrchr(out, '/');
    body = write_recipe(&p, slash ? slash + 1 : out);
    char why[512];
    err = sp_fs_write_text(out, body, why, sizeof why);
    if (err != SP_OK)
      fprintf(stderr, "stemprint: error: %s\n", why);
  }
  if (err == SP_OK) {
    size_t mono = 0;
    for (size_t i = 0; i < n_src; i++)
      mono += src[i].info.channels == 1;
    printf("wrote %s: %zu track%s (%zu mono, %zu stereo) at %d Hz\n", out, usable,
           usable == 1 ? "" : "s", mono, usable - mono, p.rate);
    for (size_t g = 0; g < G_COUNT; g++) {
      if (!p.used[g])
        continue;
      printf("  %s (bus %s):", group_names[g], p.bus[g]);
      const char *sep = " ";
      for (size_t i = 0; i < n_src; i++)
        if (src[i].guess.g == (group)g && src[i].info.channels <= 2) {
          printf("%s%s", sep, src[i].name);
          sep = ", ";
        }
      printf("\n");
    }
    for (size_t i = 0; i < n_src; i++)
      if (src[i].info.channels > 2)
        printf("  commented out: %s (%d channels; split it into mono or stereo files)\n",
               src[i].file, src[i].info.channels);
    printf("next: check the stem guesses in the recipe's comments, then run\n  stemprint render ");
    print_shell_word(out);
    printf("\n");
  }
  free(body);
  free(rel);
  free(rdir);
  free(real_dir);
  free(real_rdir);
  for (size_t g = 0; g < G_COUNT; g++)
    free(p.bus[g]);
  for (size_t i = 0; i < taken.n; i++)
    free(taken.v[i]);
  free(taken.v);
  free_sources(src, n_src);
  free(out);
  free(dir);
  return (int)err;
}
