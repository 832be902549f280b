/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint init [DIR] [-o RECIPE] [--force]: scaffold a recipe from a
 * folder of audio files, so stems exported from any DAW render in one step.
 *
 *   the files in DIR --sp_audio_open-->  sources, sorted by file name
 *     --ir_name-->                       impulse responses set aside
 *     --name_from_base, unique_name-->   track names
 *     --guess_group-->                   a stem group per track
 *     --write_recipe-->                  one track per file, to its group's bus;
 *                                        a bus and a stem per group; defaults
 *     --measure (sp_render, measure_only)-->  the unity sum's peaks
 *     --headroom_trim_db, write_recipe-->     master's trim if they are too high
 *
 * The scan is not recursive. Files libsndfile cannot read are skipped with a
 * warning; files of more than two channels become commented-out tracks
 * (stemprint refuses them); files named like impulse responses are not
 * tracks but commented-out return buses with a convolver. Track names follow
 * the recipe's name rules (io/recipe_parse.c: letters, digits, '_', '-',
 * '.', not first; at most 64; not master or none) and are made unique; a
 * group bus whose name a track already took is called <group>_bus instead,
 * as tracks and buses share one namespace.
 *
 * Gain staging: the tracks stay at unity (exported stems sum to the mix
 * that way), and the recipe is rendered once, writing nothing, as `check`
 * measures levels; when the mix's true peak or a stem's sample peak is
 * above -1 dB, master gets the trim that brings it there, with a comment
 * saying what was measured. That render reads every file once.
 *
 * The text depends only on the files (names, headers and samples; the
 * render does not depend on threads or block size), so the same folder
 * always gives the same bytes. It is written with sp_fs_write_text
 * (temporary file, then rename), and never over an existing file without
 * --force. */

#include "cmd/cli.h"

#include "base/alloc.h"
#include "core/render.h"
#include "base/units.h"
#include "io/audio.h"
#include "io/fs.h"
#include "recipe/parse.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
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
    "are written as commented-out tracks. Files named like impulse responses\n"
    "(hall_ir, IR Plate, impulse...; a word 'ir', not choir or air) are not\n"
    "tracks: each gets a commented-out return bus with a convolver.\n"
    "\n"
    "The tracks stay at 0 dB. init renders the recipe once, writing nothing,\n"
    "to measure the files summed at unity; if the mix's true peak or a stem's\n"
    "peak is above -1 dB, master gets a trim that brings it to -1 dB, with a\n"
    "comment saying what was measured.\n"
    "\n"
    "options:\n"
    "  -o, --output RECIPE\n"
    "                where to write the recipe (default DIR/session.yaml; a\n"
    "                folder, or a path ending in '/': RECIPE/session.yaml);\n"
    "                missing folders are created; file paths in it are\n"
    "                relative to its folder\n"
    "  -f, --force   replace an existing recipe\n"
    "  -h, --help    this help\n"
    "\n"
    "A value follows its option or an '=' (-o mine.yaml, -omine.yaml,\n"
    "--output=mine.yaml); short flags group (-fo mine.yaml).\n"
    "\n"
    "Then check the guesses and run: stemprint render DIR/session.yaml\n"
    "\n"
    "exit status: 0 written, 2 bad command line or the recipe exists (use\n"
    "--force), 3 DIR unreadable, no audio file in it, a file unreadable while\n"
    "measuring, or the recipe cannot be written, 4 the measuring render\n"
    "failed.\n";

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

/* The next word of a file name from *at, lowercased into tok (size bytes);
 * false when there is none. Words are cut at anything not a letter or digit,
 * at a lower-to-upper case change and between letters and digits
 * ("LeadVox", "Tom2", "808Bass", "HallIR"). */
static bool next_word(const char *base, size_t *at, char *tok, size_t size)
{
  size_t i = *at;
  while (base[i] && !is_alnum(base[i]))
    i++;
  if (!base[i])
    return false;
  size_t t = 0;
  tok[t++] = to_lower(base[i++]);
  while (is_alnum(base[i]) && t + 1 < size) {
    char prev = base[i - 1], c = base[i];
    if ((is_lower(prev) && is_upper(c)) || (is_digit(prev) != is_digit(c)))
      break;
    tok[t++] = to_lower(c);
    i++;
  }
  tok[t] = '\0';
  *at = i;
  return true;
}

/* The stem group a file name suggests: each word of the name (next_word)
 * takes its longest matching keyword (so "bassoon" is not bass). */
static guess guess_group(const char *base)
{
  match strong[G_COUNT] = {{0}}, weak[G_COUNT] = {{0}};
  char tok[256];
  for (size_t i = 0; next_word(base, &i, tok, sizeof tok);) {
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

/* ---- impulse responses ----------------------------------------------------- */

/* The longest impulse response the convolver loads (core/procs/convolver.c). */
#define IR_MAX_S 60.0

/* Whether a file name says impulse response: one of its words (next_word)
 * is "ir" or "irs", or starts with "impulse", or it has an upper-case IR run
 * into a capitalised word (IRHall). Whole words only, so choir, air,
 * stirring, Irish and MIRROR are not; HallIR, Hall_IR_L, ir-plate, Reverb
 * IR 2 and ImpulseResponse are. The keyword that decided ("ir", "irs",
 * "impulse") goes to word. A file's length alone says too little (a
 * one-shot, a sting or a short intro is as short as a room's IR), so only
 * the name counts. */
static bool ir_name(const char *base, char word[8])
{
  char tok[256];
  for (size_t i = 0; next_word(base, &i, tok, sizeof tok);)
    if (strcmp(tok, "ir") == 0 || strcmp(tok, "irs") == 0 || strncmp(tok, "impulse", 7) == 0) {
      strcpy(word, tok[1] == 'm' ? "impulse" : tok[2] ? "irs" : "ir");
      return true;
    }
  for (size_t i = 0; base[i]; i++)
    if (base[i] == 'I' && base[i + 1] == 'R' && is_upper(base[i + 2]) && is_lower(base[i + 3]) &&
        (i == 0 || !is_upper(base[i - 1]))) {
      strcpy(word, "ir");
      return true;
    }
  return false;
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
  char *name; /* the track's name; an impulse response's: its return bus's */
  sp_audio_info info;
  guess guess;
  bool ir;         /* an impulse response: not a track */
  bool ir_long;    /* named like one, but too long to be one: a track */
  char ir_word[8]; /* the word of the name that says impulse response */
} source;

/* Whether s becomes a track (not commented out, not an impulse response). */
static bool is_track(const source *s) { return !s->ir && s->info.channels <= 2; }

/* Whether s becomes a commented-out track (too many channels). */
static bool is_commented(const source *s) { return !s->ir && s->info.channels > 2; }

static double seconds(const source *s) { return (double)s->info.frames / s->info.sample_rate; }

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

/* The most common rate among the tracks, the higher one on a tie, among
 * those a session can have (8 kHz .. 768 kHz); 48 kHz if none. */
static int common_rate(const source *src, size_t n)
{
  int best = 48000;
  size_t best_count = 0;
  for (size_t i = 0; i < n; i++) {
    int rate = src[i].info.sample_rate;
    if (!is_track(&src[i]) || rate < 8000 || rate > 768000)
      continue;
    size_t count = 0;
    for (size_t j = 0; j < n; j++)
      count += is_track(&src[j]) && src[j].info.sample_rate == src[i].info.sample_rate;
    if (count > best_count || (count == best_count && src[i].info.sample_rate > best)) {
      best = src[i].info.sample_rate;
      best_count = count;
    }
  }
  return best;
}

/* ---- the recipe ---------------------------------------------------------- */

/* The peaks of the recipe as scaffolded, every track at unity and no trim. */
typedef struct levels {
  double mix_dbfs;  /* the mix's sample peak */
  double mix_dbtp;  /* its true peak (oversampled, BS.1770-4) */
  double stem_dbfs; /* the loudest stem's sample peak */
  char stem[72];    /* that stem's name */
} levels;

/* The most the mix's true peak and any stem's sample peak may reach at
 * unity before init writes a trim on master: 1 dB below full scale, the
 * ceiling of EBU R128 and the streaming services. */
#define HEADROOM_CEILING_DB -1.0

typedef struct plan {
  source *src;
  size_t n_src;
  int rate;
  const char *rel;           /* DIR relative to the recipe's folder ("" or ".../") */
  char *bus[G_COUNT];        /* the group buses' names */
  size_t used[G_COUNT];      /* tracks (not commented out) per group */
  size_t commented[G_COUNT]; /* commented-out tracks per group */
  size_t n_ir;               /* impulse responses */
  levels levels;             /* the peaks of the recipe without trim */
  double trim_db;            /* master's trim: 0, or what brings the peaks to the ceiling */
} plan;

/* The loudest of the peaks the ceiling applies to (-inf when silent). */
static double loudest_db(const levels *lv)
{
  double db = lv->mix_dbtp > lv->mix_dbfs ? lv->mix_dbtp : lv->mix_dbfs;
  return lv->stem_dbfs > db ? lv->stem_dbfs : db;
}

/* The trim that brings the peaks to the ceiling, in 0.1 dB steps rounded
 * down (so they end at or just below it); 0 when they are below it. */
static double headroom_trim_db(const levels *lv)
{
  double db = loudest_db(lv);
  if (!(db > HEADROOM_CEILING_DB))
    return 0;
  return floor((HEADROOM_CEILING_DB - db) * 10 + 1e-9) / 10;
}

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
  if (s->ir_long)
    put(t, "\n    # named like an impulse response ('%s'), but too long for one (%.0f s)",
        s->ir_word, seconds(s));
  put(t, "\n    file: ");
  put_scalar(t, file);
  put(t, "\n    to: %s\n", p->bus[s->guess.g]);
  free(file);
}

/* Whether at (in para) is a space a line may break at: not inside `code`. */
static bool breakable(const char *para, const char *at)
{
  size_t ticks = 0;
  for (const char *c = para; c < at; c++)
    ticks += *c == '`';
  return *at == ' ' && ticks % 2 == 0;
}

/* para as comment lines: each starts with prefix and breaks at a space so
 * that it ends by column 78 (a longer word gets a line of its own).
 * Takes para. */
static void put_wrapped(text *t, const char *prefix, char *para)
{
  size_t room = 78 - strlen(prefix);
  for (const char *at = para; *at;) {
    size_t n = strlen(at);
    if (n > room) {
      n = room;
      while (n > 0 && !breakable(para, at + n))
        n--;
      while (n == 0 && at[n] && !breakable(para, at + n))
        n++;
    }
    put(t, "%s%.*s\n", prefix, (int)n, at);
    at += n;
    while (*at == ' ')
      at++;
  }
  free(para);
}

/* "mono", "stereo" or "N channels", into buf. */
static const char *channels_word(int channels, char buf[32])
{
  if (channels > 2)
    snprintf(buf, 32, "%d channels", channels);
  return channels == 1 ? "mono" : channels == 2 ? "stereo" : buf;
}

/* Inside buses: the impulse responses, each with a return bus that uses it,
 * commented out. */
static void write_irs(text *t, const plan *p)
{
  const char *example = NULL;
  for (size_t i = 0; i < p->n_src && !example; i++)
    if (p->src[i].ir && p->src[i].info.channels <= 2)
      example = p->src[i].name;
  put(t, "\n");
  if (example) {
    put_wrapped(t, "  # ",
                sp_xasprintf("Impulse responses (by their names), not made tracks. To use one as "
                             "a reverb, uncomment its return bus and send to it from the tracks "
                             "that want it, with a line like this under each:"));
    put(t, "  #     sends: [{to: %s, level: -12 dB}]\n", example);
  } else {
    put(t, "  # Impulse responses (by their names), not made tracks:\n");
  }
  for (size_t i = 0; i < p->n_src; i++) {
    const source *s = &p->src[i];
    if (!s->ir)
      continue;
    char buf[32];
    put(t, "  #\n");
    put_wrapped(
        t, "  # ",
        sp_xasprintf("(%s: %s, %.2f s; the name says '%s'%s)", s->file,
                     channels_word(s->info.channels, buf), seconds(s), s->ir_word,
                     s->info.channels > 2 ? "; the convolver takes mono or stereo IRs" : ""));
    if (s->info.channels > 2)
      continue;
    put(t, "  # %s: {inserts: [{convolver: {ir: ", s->name);
    char *file = sp_xasprintf("%s%s", p->rel, s->file);
    put_scalar(t, file);
    free(file);
    put(t, "}}], to: master}\n");
  }
}

/* Whether a stem alone peaks above the whole mix (and so sets the trim). */
static bool stem_decides(const levels *lv)
{
  return lv->stem_dbfs > lv->mix_dbfs && lv->stem_dbfs > lv->mix_dbtp;
}

/* Above master: what the unity sum measured and why master has a trim. */
static void write_headroom(text *t, const plan *p)
{
  const levels *lv = &p->levels;
  char stem[128] = "";
  if (stem_decides(lv))
    snprintf(stem, sizeof stem, ", and the %s stem alone at %+.1f dBFS", lv->stem, lv->stem_dbfs);
  const char *why = lv->mix_dbfs > 0 || lv->stem_dbfs > 0
                        ? "the 24-bit files would clip and the stems would not null"
                    : lv->mix_dbtp > 0 ? "the mix would go over full scale between samples"
                                       : "that leaves less than 1 dB of headroom";
  put_wrapped(t, "# ",
              sp_xasprintf("Headroom, measured when this recipe was written: the files summed "
                           "at unity as routed here (pan law included) peak at %+.1f dBFS, true "
                           "peak %+.1f dBTP%s; %s. Stems exported from a DAW usually sum to the "
                           "mix at unity, so the tracks stay at 0 dB and master's trim, ahead of "
                           "any insert added here, takes the mix's true peak and every stem's "
                           "peak to %.0f dB or below. Revisit it once the levels are set: "
                           "`stemprint check` measures them again.",
                           lv->mix_dbfs, lv->mix_dbtp, stem, why, HEADROOM_CEILING_DB));
  put(t, "#\n");
}

static char *write_recipe(const plan *p, const char *recipe_file)
{
  text t = {0};
  size_t n_tracks = 0, n_other_rate = 0;
  for (size_t i = 0; i < p->n_src; i++) {
    n_tracks += is_track(&p->src[i]);
    n_other_rate += is_track(&p->src[i]) && p->src[i].info.sample_rate != p->rate;
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
      if (is_track(&p->src[i]) && p->src[i].info.sample_rate != p->rate)
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
    if (p->src[i].ir)
      continue;
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
      if (p->src[i].guess.g == (group)g && !p->src[i].ir)
        write_track(&t, p, &p->src[i], width);
  }
  put(&t, "\n# A group bus per stem: its tracks' outputs sum here (add inserts, gain).\n"
          "buses:\n");
  for (size_t g = 0; g < G_COUNT; g++)
    if (p->used[g])
      put(&t, "  %s: {to: master}\n", p->bus[g]);
  if (p->n_ir)
    write_irs(&t, p);
  put(&t, "\n");
  if (p->trim_db < 0)
    write_headroom(&t, p);
  put(&t, "# Add inserts here, for example a true-peak limiter:\n"
          "#   inserts: [{limiter: {ceiling: -1 dBTP}}]\n");
  if (p->trim_db < 0) {
    char trim[32];
    snprintf(trim, sizeof trim, "trim: %.1f dB", p->trim_db);
    put(&t, "master:\n  %-24s# for a peak of %+.1f dB at unity; see above\n", trim,
        loudest_db(&p->levels));
  } else
    put(&t, "master: {}\n");
  put(&t, "\n"
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

/* Measure the recipe text (as if it were the file at path) as `stemprint
 * check` does, with a render that writes nothing: the mix's sample and true
 * peak and the loudest stem, after master (whose chain is empty here). Reads
 * every file once. Returns the render's status; problems are printed. */
static sp_err measure(const char *path, const char *body, levels *lv)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  sp_render_result res = {0};
  sp_err err = sp_recipe_parse_string(path, body, &r, &d);
  if (err == SP_OK)
    err = sp_graph_build(r, NULL, &g, &d);
  if (err == SP_OK) {
    sp_render_opts o = {.measure_only = true, .loudness = true};
    err = sp_render(g, &o, &res, &d);
  }
  if (err == SP_OK) {
    *lv = (levels){.mix_dbfs = res.mix_loudness.sample_peak_dbfs,
                   .mix_dbtp = res.mix_loudness.true_peak_dbtp,
                   .stem_dbfs = -INFINITY};
    for (size_t l = 0; l < g->n_lanes; l++) {
      double db = sp_lin_to_db(res.lane_peak[l]);
      if (g->lane_stem[l] >= 0 && db > lv->stem_dbfs) {
        lv->stem_dbfs = db;
        snprintf(lv->stem, sizeof lv->stem, "%s", g->lane_names[l]);
      }
    }
  } else {
    sp_diags_print(&d, stderr);
  }
  sp_render_result_fini(&res);
  sp_graph_free(g);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  return err;
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
  const sp_arg opts[] = {
      {.name = "output",
       .letter = 'o',
       .kind = SP_ARG_TEXT,
       .to = &out_arg,
       .what = "the recipe's path",
       .example = "session.yaml"},
      {.name = "force", .letter = 'f', .kind = SP_ARG_FLAG, .to = &force},
      {.name = NULL},
  };
  sp_args args;
  int status = sp_args_parse("init", help, opts, argc, argv, &args);
  if (status == 0 && !args.help && args.n_pos > 1)
    status = sp_cli_usage_error("init", "one folder at a time ('%s' and '%s')", args.pos[0],
                                args.pos[1]);
  bool stop = status != 0 || args.help;
  if (!stop && args.n_pos == 1)
    dir_arg = args.pos[0];
  sp_args_fini(&args);
  if (stop)
    return status;
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

  /* Where the recipe goes: DIR/session.yaml, -o's path, or -o's folder:
   * one that exists, or a path ending in '/', which need not exist yet. */
  char *out;
  if (!out_arg) {
    out = join(dir, "session.yaml");
  } else {
    char *o = sp_xstrdup(out_arg);
    size_t n = strlen(o);
    bool folder = o[n - 1] == '/' || (stat(o, &st) == 0 && S_ISDIR(st.st_mode));
    for (; n > 1 && o[n - 1] == '/'; n--)
      o[n - 1] = '\0';
    out = folder ? join(o, "session.yaml") : sp_xstrdup(o);
    free(o);
  }
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

  size_t usable = 0, n_ir = 0;
  for (size_t i = 0; i < n_src; i++) {
    char *base = base_name(src[i].file);
    if (ir_name(base, src[i].ir_word)) {
      src[i].ir = seconds(&src[i]) <= IR_MAX_S;
      src[i].ir_long = !src[i].ir;
    }
    free(base);
    usable += is_track(&src[i]);
    n_ir += src[i].ir;
  }
  if (err == SP_OK && usable == 0) {
    if (n_ir)
      fprintf(stderr,
              "stemprint: error: no stem in '%s', only %s impulse response%s (by %s name%s); "
              "give the folder of the exported stems\n",
              dir, n_ir == 1 ? "an" : "the", n_ir == 1 ? "" : "s", n_ir == 1 ? "its" : "their",
              n_ir == 1 ? "" : "s");
    else
      fprintf(stderr,
              "stemprint: error: no %saudio file in '%s' (wav, flac, aiff, w64, ogg, ...); give "
              "the folder of the exported stems\n",
              n_src ? "mono or stereo " : "", dir);
    err = SP_ERR_IO;
  }

  plan p = {.src = src, .n_src = n_src, .n_ir = n_ir};
  names taken = {0};
  char *rel = NULL, *rdir = NULL, *real_dir = NULL, *real_rdir = NULL, *body = NULL;
  char *made = NULL; /* the first folder init creates for the recipe, if any */
  if (err == SP_OK) {
    /* Names in file order, so "Kick.wav" is kick and "kick.aif" kick_2. */
    for (size_t i = 0; i < n_src; i++) {
      char *base = base_name(src[i].file);
      char *name = name_from_base(base);
      src[i].name = unique_name(&taken, name);
      src[i].guess = guess_group(base);
      free(name);
      free(base);
      p.used[src[i].guess.g] += is_track(&src[i]);
      p.commented[src[i].guess.g] += is_commented(&src[i]);
    }
    for (size_t g = 0; g < G_COUNT; g++) {
      bool clash = names_has(&taken, group_names[g]);
      char *want = sp_xasprintf("%s%s", group_names[g], clash ? "_bus" : "");
      p.bus[g] = unique_name(&taken, want);
      free(want);
    }
    p.rate = common_rate(src, n_src);

    rdir = dir_of(out);
    made = sp_fs_first_missing(rdir);
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
    const char *recipe_file = slash ? slash + 1 : out;
    /* Measure the recipe at unity, then write it with the trim it needs. */
    body = write_recipe(&p, recipe_file);
    err = measure(out, body, &p.levels);
    if (err != SP_OK) {
      fprintf(stderr,
              "stemprint: error: %s not written: init measures the files summed at unity to "
              "set the headroom, and that failed (see above)\n",
              out);
    } else {
      p.trim_db = headroom_trim_db(&p.levels);
      if (p.trim_db < 0) {
        free(body);
        body = write_recipe(&p, recipe_file);
      }
      char why[512];
      err = sp_fs_write_text(out, body, why, sizeof why);
      if (err != SP_OK)
        fprintf(stderr, "stemprint: error: %s\n", why);
    }
  }
  if (err == SP_OK) {
    size_t mono = 0;
    for (size_t i = 0; i < n_src; i++)
      mono += is_track(&src[i]) && src[i].info.channels == 1;
    printf("wrote %s: %zu track%s (%zu mono, %zu stereo) at %d Hz\n", out, usable,
           usable == 1 ? "" : "s", mono, usable - mono, p.rate);
    for (size_t g = 0; g < G_COUNT; g++) {
      if (!p.used[g])
        continue;
      printf("  %s (bus %s):", group_names[g], p.bus[g]);
      const char *sep = " ";
      for (size_t i = 0; i < n_src; i++)
        if (src[i].guess.g == (group)g && is_track(&src[i])) {
          printf("%s%s", sep, src[i].name);
          sep = ", ";
        }
      printf("\n");
    }
    for (size_t i = 0; i < n_src; i++)
      if (is_commented(&src[i]))
        printf("  commented out: %s (%d channels; split it into mono or stereo files)\n",
               src[i].file, src[i].info.channels);
    for (size_t i = 0; i < n_src; i++)
      if (src[i].ir)
        printf("  not a track: %s (an impulse response, by its name; %s)\n", src[i].file,
               src[i].info.channels <= 2 ? "its return bus is commented out under buses"
                                         : "the convolver takes mono or stereo IRs only");
    const levels *lv = &p.levels;
    char stem_note[128] = "";
    if (stem_decides(lv))
      snprintf(stem_note, sizeof stem_note, ", the %s stem alone at %+.1f dBFS", lv->stem,
               lv->stem_dbfs);
    if (isinf(loudest_db(lv)))
      printf("levels: the files are silent\n");
    else if (p.trim_db < 0)
      printf("levels: the files summed at unity peak at %+.1f dBFS (true peak %+.1f dBTP)%s; "
             "master trim %.1f dB brings them to %.0f dB\n",
             lv->mix_dbfs, lv->mix_dbtp, stem_note, p.trim_db, HEADROOM_CEILING_DB);
    else
      printf("levels: the files summed at unity peak at %+.1f dBFS (true peak %+.1f dBTP); no "
             "trim needed\n",
             lv->mix_dbfs, lv->mix_dbtp);
    printf("next: check the stem guesses in the recipe's comments, then run\n  stemprint render ");
    print_shell_word(out);
    printf("\n");
  }
  /* Nothing is left on failure: not the folders made for the recipe either. */
  if (err != SP_OK && made)
    sp_fs_rmdirs_empty(rdir, made);
  free(made);
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
