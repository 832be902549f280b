/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names for `stemprint init` (io/init/init.h): what a file name says about
 * the file, and what the recipe calls it.
 *
 *   "02 - Snare Top.wav"  --init_base_name-->      "02 - Snare Top"
 *     --next_word-->            "02" "snare" "top"
 *     --sp_init_guess_group-->  drums, by 'snare' (each word takes its
 *                               longest keyword; strong beats weak; the
 *                               groups' priority breaks ties)
 *     --sp_init_ir_name-->      not an impulse response (no word "ir")
 *     --sp_init_track_name-->   "snare_top"
 *     --init_unique_name-->     "snare_top", or snare_top_2 if taken
 *
 * Words are matched, never letters: "sn" is not in "snow", "ir" not in
 * "choir", "bass" not in "bassoon". Track names follow the recipe's name
 * rules (letters, digits, '_', '-', '.', not first; at most 64; not master
 * or none); tracks and buses share one namespace. */

#include "io/init/init_names.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- stem groups and the words that suggest them ------------------------ */

/* When a name holds words of several groups ("Snare Verb", "808 Kick",
 * "Bass Drum"), the first group here wins. */
static const sp_init_group priority[SP_INIT_GROUPS] = {SP_INIT_FX, SP_INIT_DRUMS, SP_INIT_BASS,
                                                       SP_INIT_VOCALS, SP_INIT_MUSIC};

/* The words that suggest each group, as in a file name. A weak word is
 * ambiguous alone ("Piano Room", "Sub Kick", "Lead Synth") and counts only
 * when no group's strong word does. */
static const char *const strong_words[SP_INIT_GROUPS] = {
    [SP_INIT_DRUMS] = "kick kik bd snare snr sn hat hihat hh tom overhead oh cymbal cym ride crash "
                      "perc clap snap shaker tamb conga bongo cowbell drum kit",
    [SP_INIT_BASS] = "bass 808",
    [SP_INIT_MUSIC] =
        "keys keyboard piano pno rhodes wurli organ clav synth pad arp pluck gtr guitar "
        "acoustic string violin viola cello brass horn sax trumpet tpt trombone flute "
        "harp bell mallet marimba vibes orch bassoon",
    [SP_INIT_VOCALS] = "vox vocal voc voice bgv bv choir adlib harmony harmonies singer rap",
    [SP_INIT_FX] = "fx sfx efx reverb verb",
};
static const char *const weak_words[SP_INIT_GROUPS] = {
    [SP_INIT_DRUMS] = "room",
    [SP_INIT_BASS] = "sub",
    [SP_INIT_VOCALS] = "lead backing",
};

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

/* Each word of the name (next_word) takes its longest matching keyword (so
 * "bassoon" is not bass). */
sp_init_guess sp_init_guess_group(const char *base)
{
  match strong[SP_INIT_GROUPS] = {{0}}, weak[SP_INIT_GROUPS] = {{0}};
  char tok[256];
  for (size_t i = 0; next_word(base, &i, tok, sizeof tok);) {
    match best = {0};
    int best_g = -1;
    bool best_weak = false;
    for (int g = 0; g < SP_INIT_GROUPS; g++) {
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
    for (size_t p = 0; p < SP_INIT_GROUPS; p++) {
      const match *m = &(pass == 0 ? strong : weak)[priority[p]];
      if (m->len) {
        sp_init_guess r = {.group = priority[p]};
        snprintf(r.word, sizeof r.word, "%.*s", (int)m->len, m->word);
        return r;
      }
    }
  return (sp_init_guess){.group = SP_INIT_MUSIC};
}

/* ---- impulse responses --------------------------------------------------- */

/* Whether a file name says impulse response: one of its words (next_word)
 * is "ir" or "irs", or starts with "impulse", or it has an upper-case IR run
 * into a capitalised word (IRHall). Whole words only, so choir, air,
 * stirring, Irish and MIRROR are not; HallIR, Hall_IR_L, ir-plate, Reverb
 * IR 2 and ImpulseResponse are. A file's length alone says too little (a
 * one-shot, a sting or a short intro is as short as a room's IR), so only
 * the name counts here; the scan makes one longer than the convolver takes
 * a track. */
bool sp_init_ir_name(const char *base, char word[8])
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

/* ---- full-mix prints ----------------------------------------------------- */

static bool in_words(const char *tok, const char *const *words)
{
  for (size_t k = 0; words[k]; k++)
    if (strcmp(tok, words[k]) == 0)
      return true;
  return false;
}

bool sp_init_mix_print_name(const char *base, char word[16])
{
  static const char *const last[] = {"bounce", "bounced", "mixdown", "printmaster", NULL};
  static const char *const mixes[] = {"mix", "master", "mastered", NULL};
  static const char *const filler[] = {"bus", "stereo", "main", "full", "final",
                                       "print", "out", "two", "the", NULL};
  char tok[256], decided[16] = "", end[16] = "";
  bool all = true;
  size_t n = 0;
  for (size_t i = 0; next_word(base, &i, tok, sizeof tok); n++) {
    snprintf(end, sizeof end, "%.15s", tok);
    if (in_words(tok, mixes))
      snprintf(decided, sizeof decided, "%.15s", tok);
    else if (!in_words(tok, filler) && !is_digit(tok[0]))
      all = false;
  }
  if (n > 0 && in_words(end, last)) {
    snprintf(word, 16, "%s", end);
    return true;
  }
  if (n > 0 && all && *decided) {
    snprintf(word, 16, "%s", decided);
    return true;
  }
  return false;
}

/* ---- names --------------------------------------------------------------- */

/* Names are at most 64 characters: room for a "_N" suffix. */
enum { BASE_MAX_LEN = 56 };

static bool is_sep(char c) { return c == '_' || c == '-' || c == '.' || c == ' '; }

char *init_base_name(const char *file)
{
  const char *dot = strrchr(file, '.');
  size_t len = dot && dot != file ? (size_t)(dot - file) : strlen(file);
  char *b = sp_xmalloc(len + 1);
  memcpy(b, file, len);
  b[len] = '\0';
  return b;
}

/* U+00C0 .. U+00FF (UTF-8 0xC3 0x80 .. 0xBF) as ASCII letters; NULL for
 * the two that are no letter (the signs of multiplication and division). */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C",  "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  NULL, "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y"};

char *init_file_words(const char *file)
{
  char *base = init_base_name(file);
  char *out = sp_xmalloc(strlen(base) + 1), *o = out; /* no letter grows: 2 bytes to 2 at most */
  for (const char *c = base; *c;) {
    const char *a = (unsigned char)c[0] == 0xC3 && ((unsigned char)c[1] & 0xC0) == 0x80
                        ? latin1[(unsigned char)c[1] & 0x3F]
                        : NULL;
    if (a) {
      o = stpcpy(o, a);
      c += 2;
    } else {
      *o++ = *c++;
    }
  }
  *o = '\0';
  free(base);
  return out;
}

/* Track numbers go only when they look like one: at most two digits, or
 * led by a zero, and followed by a separator and more ("808 Kick" keeps
 * its 808, "123" stays). */
char *sp_init_track_name(const char *base)
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
  char *out = sp_xmalloc(2 * (len - start) + 1);
  size_t n = 0;
  for (size_t i = start; i < len;) {
    if (is_alnum(base[i])) {
      if (i > start && is_lower(base[i - 1]) && is_upper(base[i]))
        out[n++] = '_'; /* SnareBtm: snare_btm, words as the stem guess cuts them */
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
  if (n > BASE_MAX_LEN) {
    /* Both ends are kept, the middle goes: a DAW's long names lead with
     * the session's and end with the track's ("..._kick_in"). */
    size_t h = BASE_MAX_LEN / 2, t = n - (BASE_MAX_LEN - BASE_MAX_LEN / 2 - 1), k;
    for (k = h; k > 0 && is_alnum(out[k - 1]) && is_alnum(out[k]); k--)
      ; /* cut between words, where there is a word to cut before */
    h = k ? k : h;
    for (k = t; k < n && is_alnum(out[k - 1]) && is_alnum(out[k]); k++)
      ;
    t = k < n ? k : t;
    while (h > 0 && !is_alnum(out[h - 1]))
      h--;
    while (t < n && !is_alnum(out[t]))
      t++;
    out[h] = '_';
    memmove(out + h + 1, out + t, n - t + 1);
    n = h + 1 + (n - t);
  }
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

bool init_names_has(const init_names *s, const char *name)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], name) == 0)
      return true;
  return false;
}

char *init_unique_name(init_names *s, const char *base)
{
  char *name = sp_xstrdup(base);
  for (int k = 2;
       init_names_has(s, name) || strcmp(name, "master") == 0 || strcmp(name, "none") == 0; k++) {
    free(name);
    name = sp_xasprintf("%s_%d", base, k);
  }
  SP_GROW(s->v, s->n, s->cap);
  s->v[s->n++] = sp_xstrdup(name);
  return name;
}

void init_names_fini(init_names *s)
{
  sp_free_strings(s->v, s->n);
  *s = (init_names){0};
}
