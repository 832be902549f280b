/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe `stemprint init` writes (io/init/init.h), from a plan the scan
 * made and the measure completed:
 *
 *   header comment        how it was made, how to render it
 *   stemprint, rate, ...  the session; files at another rate are listed
 *   tracks                a section per group, in recipe order: one track
 *                         per file at unity, a comment beside it saying mono
 *                         or stereo and why it went to its group's bus; a
 *                         file of more than two channels commented out
 *   buses                 a group bus per stem used; impulse responses as
 *                         commented-out return buses with a convolver
 *   master                a headroom comment and the trim, when needed
 *   stems, output, checks split by sources, a stem per group; the defaults
 *
 * File paths go through put_scalar (quoted when they are not plain), names
 * are valid by construction (io/init/init_names.c), file names in comments
 * hold no line break (the scan skipped those), and the long comments are
 * wrapped at column 78 (put_wrapped): the text is valid YAML whatever the
 * files are called. It is built in memory with put and depends on nothing
 * but the plan. */

#include "io/init/init_internal.h"

#include "core/base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ----------------------------------------------------------------- */

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

/* ---- the recipe ----------------------------------------------------------- */

static void put_reason(text *t, const sp_init_file *s)
{
  if (s->guess.word[0])
    put(t, "%s: the name says '%s'", sp_init_group_names[s->guess.group], s->guess.word);
  else
    put(t, "%s: no stem word in the name (the default)", sp_init_group_names[s->guess.group]);
}

static void write_track(text *t, const sp_init_plan *p, const sp_init_file *s, int width)
{
  char *file = sp_xasprintf("%s%s", p->rel, s->file);
  if (s->info.channels > 2) {
    put(t,
        "  # %s has %d channels, and stemprint takes mono and stereo files only:\n"
        "  # split it into mono or stereo files and give each a track like this one%s.\n",
        s->file, s->info.channels, p->used[s->guess.group] ? "" : " (and add its bus and stem)");
    int pad = width - 2 - (int)strlen(s->name);
    put(t, "  # %s:%*s# ", s->name, pad > 1 ? pad : 1, "");
    put_reason(t, s);
    put(t, "\n  #   file: ");
    put_scalar(t, file);
    put(t, "\n  #   to: %s\n", p->bus[s->guess.group]);
    free(file);
    return;
  }
  int pad = width - (int)strlen(s->name);
  put(t, "  %s:%*s# %s", s->name, pad > 1 ? pad : 1, "", s->info.channels == 1 ? "mono" : "stereo");
  if (s->info.sample_rate != p->rate_hz)
    put(t, ", %d Hz (resampled)", s->info.sample_rate);
  put(t, "; ");
  put_reason(t, s);
  if (s->ir_long)
    put(t, "\n    # named like an impulse response ('%s'), but too long for one (%.0f s)",
        s->ir_word, init_seconds(s));
  put(t, "\n    file: ");
  put_scalar(t, file);
  put(t, "\n    to: %s\n", p->bus[s->guess.group]);
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
static void write_irs(text *t, const sp_init_plan *p)
{
  const char *example = NULL;
  for (size_t i = 0; i < p->n_files && !example; i++)
    if (p->files[i].ir && p->files[i].info.channels <= 2)
      example = p->files[i].name;
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
  for (size_t i = 0; i < p->n_files; i++) {
    const sp_init_file *s = &p->files[i];
    if (!s->ir)
      continue;
    char buf[32];
    put(t, "  #\n");
    put_wrapped(
        t, "  # ",
        sp_xasprintf("(%s: %s, %.2f s; the name says '%s'%s)", s->file,
                     channels_word(s->info.channels, buf), init_seconds(s), s->ir_word,
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

/* Above master: what the unity sum measured and why master has a trim. */
static void write_headroom(text *t, const sp_init_plan *p)
{
  const sp_init_levels *lv = &p->levels;
  char stem[128] = "";
  if (sp_init_stem_decides(lv))
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
                           lv->mix_dbfs, lv->mix_dbtp, stem, why, SP_INIT_CEILING_DB));
  put(t, "#\n");
}

char *sp_init_text(const sp_init_plan *p)
{
  const char *slash = strrchr(p->recipe_path, '/');
  const char *recipe_file = slash ? slash + 1 : p->recipe_path;
  text t = {0};
  size_t n_tracks = 0, n_other_rate = 0;
  for (size_t i = 0; i < p->n_files; i++) {
    n_tracks += sp_init_is_track(&p->files[i]);
    n_other_rate += sp_init_is_track(&p->files[i]) && p->files[i].info.sample_rate != p->rate_hz;
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
    put(&t, "# Resampled to %d Hz when rendered:", p->rate_hz);
    for (size_t i = 0; i < p->n_files; i++)
      if (sp_init_is_track(&p->files[i]) && p->files[i].info.sample_rate != p->rate_hz)
        put(&t, "\n#   %s (%d Hz)", p->files[i].file, p->files[i].info.sample_rate);
    put(&t, "\n");
  }
  char rate[32];
  snprintf(rate, sizeof rate, "sample_rate: %d", p->rate_hz);
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
  for (size_t i = 0; i < p->n_files; i++) {
    if (p->files[i].ir)
      continue;
    int w = (int)strlen(p->files[i].name) + (p->files[i].info.channels > 2 ? 2 : 0);
    width = w > width ? w : width;
  }
  width = width > 31 ? 32 : width + 1; /* a long name gets one space */
  bool first = true;
  for (size_t g = 0; g < SP_INIT_GROUPS; g++) {
    if (!p->used[g] && !p->commented[g])
      continue;
    char rule[80];
    int w = snprintf(rule, sizeof rule, "  # ---- %s ", sp_init_group_names[g]);
    put(&t, "%s%s", first ? "" : "\n", rule);
    for (int k = w; k < 78; k++)
      put(&t, "-");
    put(&t, "\n");
    first = false;
    for (size_t i = 0; i < p->n_files; i++)
      if (p->files[i].guess.group == (sp_init_group)g && !p->files[i].ir)
        write_track(&t, p, &p->files[i], width);
  }
  put(&t, "\n# A group bus per stem: its tracks' outputs sum here (add inserts, gain).\n"
          "buses:\n");
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
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
        sp_init_loudest_db(&p->levels));
  } else
    put(&t, "master: {}\n");
  put(&t, "\n"
          "# Each stem is the whole mix with only its tracks sounding, so the stems\n"
          "# sum to the mix; render proves it with a null test.\n"
          "stems:\n"
          "  split: sources\n");
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
    if (p->used[g])
      put(&t, "  %s: [%s]\n", sp_init_group_names[g], p->bus[g]);
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
