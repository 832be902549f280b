/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe `stemprint init` writes (io/init/init.h), from a plan the scan
 * made and the measure completed:
 *
 *   header comment        how it was made, how to render it
 *   stemprint, rate, ...  the session; files at another rate are listed
 *   tracks                a section per group, in recipe order: one track
 *                         per file at unity, a comment beside it saying mono,
 *                         stereo or its layout and why it went to its
 *                         group's bus; a file of more than two channels with
 *                         its layout (folded into its bus's when they
 *                         differ), commented out when it has none
 *   buses                 a group bus per stem used; impulse responses as
 *                         commented-out return buses with a convolver
 *   left out              the prints of the mix, the files a track's file
 *                         is already (links), the audio files with
 *                         nothing to play: each listed in a comment
 *   master                the session's layout (the widest file's), a
 *                         headroom comment and the trim, when needed
 *   stems, output, checks split by sources, a stem per group; the defaults
 *
 * Paths and names are written by the recipe writer (core/recipe/writer.h:
 * quoted when YAML would not read them back plain; names are valid by
 * construction, io/init/init_names.c), file names in comments hold no line
 * break (the scan skipped those), and the long comments are wrapped at
 * column 78: the text is valid YAML whatever the files are called. It is
 * built in memory and depends on nothing but the plan. */

#include "io/init/init_text.h"

#include "core/base/bytes.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"
#include "io/init/init_names.h"

#include "core/base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* name as a key, then blanks to column 2 + width (one at least): where
 * the comment beside it starts. */
static void put_key(sp_writer *t, const char *name, int width)
{
  size_t before = t->n;
  sp_write_name(t, name);
  int pad = width - (int)(t->n - before);
  sp_write(t, ":%*s# ", pad > 1 ? pad : 1, "");
}

/* para as wrapped comment lines (sp_write_wrapped); takes para. */
static void put_para(sp_writer *t, const char *prefix, char *para)
{
  sp_write_wrapped(t, prefix, para);
  free(para);
}

/* ---- the recipe ----------------------------------------------------------- */

static void put_reason(sp_writer *t, const sp_init_file *s)
{
  if (s->guess.word[0])
    sp_write(t, "%s: the name says '%s'", sp_init_group_names[s->guess.group], s->guess.word);
  else
    sp_write(t, "%s: no stem word in the name (the default)", sp_init_group_names[s->guess.group]);
}

static void write_track(sp_writer *t, const sp_init_plan *p, const sp_init_file *s, int width)
{
  char *file = sp_xasprintf("%s%s", p->rel, s->file);
  if (sp_init_is_commented(s)) {
    char speakers[128] = "no channel mask";
    if (s->info.mask) {
      char bits[96];
      sp_layout_mask_text(s->info.mask, bits, sizeof bits);
      snprintf(speakers, sizeof speakers, "a channel mask (0x%X: %s)", s->info.mask, bits);
    }
    put_para(t, "  # ",
             sp_xasprintf("%s has %d channels and %s of no layout stemprint has (stemprint "
                          "help layouts): give the track the layout to read them as, or split "
                          "the file into mono or stereo files and give each a track like this "
                          "one%s.",
                          s->file, s->info.channels, speakers,
                          p->used[s->guess.group] ? "" : " (and add its bus and stem)"));
    sp_write(t, "  # ");
    put_key(t, s->name, width - 2);
    put_reason(t, s);
    sp_write(t, "\n  #   file: ");
    sp_write_string(t, file);
    sp_write(t, "\n  #   to: ");
    sp_write_name(t, p->bus[s->guess.group]);
    sp_write(t, "\n");
    free(file);
    return;
  }
  sp_write(t, "  ");
  put_key(t, s->name, width);
  if (s->layout && s->layout_by_count)
    sp_write(t, "%s by its %d channels", s->layout->name, s->info.channels);
  else if (s->layout)
    sp_write(t, "%s (its channel mask 0x%X)", s->layout->name, s->info.mask);
  else
    sp_write(t, "%s", s->info.channels == 1 ? "mono" : "stereo");
  if (s->info.sample_rate != p->rate_hz)
    sp_write(t, ", %d Hz (resampled)", s->info.sample_rate);
  sp_write(t, "; ");
  put_reason(t, s);
  if (s->ir_long)
    sp_write(t, "\n    # named like an impulse response ('%s'), but too long for one (%.0f s)",
             s->ir_word, init_seconds(s));
  if (s->layout && s->layout_by_count)
    sp_write(t, "\n    # no channel mask says its speakers: read as %s, %s", s->layout->name,
             s->layout->text);
  sp_write(t, "\n    file: ");
  sp_write_string(t, file);
  if (s->layout) /* said, so that a file without a mask reads as the comment says */
    sp_write(t, "\n    layout: %s", s->layout->name);
  if (s->layout && s->layout != p->layout)
    sp_write(t, "\n    fold: bs775             # into its bus's %s (ITU-R BS.775)", p->layout->name);
  const sp_init_file *first = p->spot_first;
  if (first && (double)s->info.time_ref / s->info.sample_rate >
                   (double)first->info.time_ref / first->info.sample_rate) {
    /* after the earliest: in frames where both are at the session's rate (exact) */
    const int rate = s->info.sample_rate;
    if (rate == p->rate_hz && first->info.sample_rate == rate)
      sp_write(t, "\n    at: %llu smp",
               (unsigned long long)(s->info.time_ref - first->info.time_ref));
    else
      sp_write(t, "\n    at: %.9g s",
               (double)s->info.time_ref / rate -
                   (double)first->info.time_ref / first->info.sample_rate);
    sp_write(t, "   # its BWF time reference, this far after the earliest stem's ('");
    sp_write(t, "%s", first->file);
    sp_write(t, "')");
  }
  sp_write(t, "\n    to: ");
  sp_write_name(t, p->bus[s->guess.group]);
  sp_write(t, "\n");
  free(file);
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
static void write_irs(sp_writer *t, const sp_init_plan *p)
{
  const char *example = NULL;
  for (size_t i = 0; i < p->n_files && !example; i++)
    if (p->files[i].ir && p->files[i].info.channels <= 2)
      example = p->files[i].name;
  sp_write(t, "\n");
  if (example) {
    put_para(t, "  # ",
             sp_xasprintf("Impulse responses (by their names), not made tracks. To use one as "
                          "a reverb, uncomment its return bus and send to it from the tracks "
                          "that want it, with a line like this under each:"));
    sp_write(t, "  #     sends: [{to: %s, level: -12 dB}]\n", example);
  } else {
    sp_write(t, "  # Impulse responses (by their names), not made tracks:\n");
  }
  for (size_t i = 0; i < p->n_files; i++) {
    const sp_init_file *s = &p->files[i];
    if (!s->ir)
      continue;
    char buf[32];
    sp_write(t, "  #\n");
    put_para(t, "  # ",
             sp_xasprintf("(%s: %s, %.2f s; the name says '%s'%s)", s->file,
                          channels_word(s->info.channels, buf), init_seconds(s), s->ir_word,
                          s->info.channels > 2 ? "; the convolver takes mono or stereo IRs" : ""));
    if (s->info.channels > 2)
      continue;
    sp_write(t, "  # ");
    sp_write_name(t, s->name);
    sp_write(t, ": {inserts: [{convolver: {ir: ");
    char *file = sp_xasprintf("%s%s", p->rel, s->file);
    sp_write_string(t, file);
    free(file);
    sp_write(t, "}}], to: master}\n");
  }
}

/* The full-mix prints, not tracks: each listed, and how to compare one
 * with stemprint's mix (recipe_file's default output folder). */
static void write_mix_prints(sp_writer *t, const sp_init_plan *p, const char *recipe_file)
{
  const sp_init_file *first = NULL;
  for (size_t i = 0; i < p->n_files && !first; i++)
    if (p->files[i].mix_print)
      first = &p->files[i];
  if (!first)
    return;
  char *base = init_base_name(recipe_file);
  char *file = sp_xasprintf("%s%s", p->rel, first->file);
  put_para(t, "# ",
           sp_xasprintf("Prints of the full mix (by their names), not made tracks: summed with "
                        "the tracks they would double the mix. To compare stemprint's mix with "
                        "one, once rendered: stemprint null %s%s%s out/%s/mix.wav",
                        strchr(file, ' ') ? "'" : "", file, strchr(file, ' ') ? "'" : "", base));
  free(file);
  free(base);
  for (size_t i = 0; i < p->n_files; i++) {
    const sp_init_file *s = &p->files[i];
    if (!s->mix_print)
      continue;
    char buf[32];
    sp_write(t, "#   %s: %s, %.2f s; the name says '%s'\n", s->file,
             channels_word(s->info.channels, buf), init_seconds(s), s->mix_word);
  }
  sp_write(t, "\n");
}

/* The files of the folder not made tracks but said: each one a track's
 * file is already (a link, a hard link), with that file, and the audio
 * files left out, with why. */
static void write_left_out(sp_writer *t, const sp_init_plan *p)
{
  if (p->n_same) {
    put_para(t, "# ",
             sp_xasprintf("Files that are another file of the folder, reached by a second name "
                          "(a link or a hard link), not made tracks: summed again, that file "
                          "would play twice (6 dB louder)."));
    for (size_t i = 0; i < p->n_files; i++)
      if (p->files[i].same_as)
        sp_write(t, "#   %s: the same file as %s\n", p->files[i].file, p->files[i].same_as);
  }
  if (p->n_unused) {
    sp_write(t, "# Audio files left out, with nothing stemprint can play in them:\n");
    for (size_t i = 0; i < p->n_unused; i++)
      put_para(t, "#   ", sp_xasprintf("%s: %s", p->unused[i].file, p->unused[i].why));
  }
  if (p->n_same || p->n_unused)
    sp_write(t, "\n");
}

/* Above master: what the unity sum measured and why master has a trim. */
static void write_headroom(sp_writer *t, const sp_init_plan *p)
{
  const sp_init_levels *lv = &p->levels;
  char stem[128] = "";
  if (sp_init_stem_decides(lv))
    snprintf(stem, sizeof stem, ", and the %s stem alone at %+.1f dBFS", lv->stem, lv->stem_dbfs);
  const char *why = lv->mix_dbfs > 0 || lv->stem_dbfs > 0
                        ? "the 24-bit files would clip and the stems would not null"
                    : lv->mix_dbtp > 0 ? "the mix would go over full scale between samples"
                                       : "that leaves less than 1 dB of headroom";
  put_para(t, "# ",
           sp_xasprintf("Headroom, measured when this recipe was written: the files summed "
                        "at unity as routed here (pan law included) peak at %+.1f dBFS, true "
                        "peak %+.1f dBTP%s; %s. Stems exported from a DAW usually sum to the "
                        "mix at unity, so the tracks stay at 0 dB and master's trim, ahead of "
                        "any insert added here, takes the mix's true peak and every stem's "
                        "peak to %.0f dB or below. Revisit it once the levels are set: "
                        "`stemprint check` measures them again.",
                        lv->mix_dbfs, lv->mix_dbtp, stem, why, SP_INIT_CEILING_DB));
  sp_write(t, "#\n");
}

/* output's keys a recipe most often changes, each at its default as its
 * row says it, and beside it what it may be: an ENUM's words from its row
 * (a format added to the rows is offered here too), the others' words
 * init's own. */
static void write_output_defaults(sp_writer *t)
{
  static const struct {
    const char *key, *beside;
  } keys[] = {
      {"dir", "beside this recipe; {recipe}: its file name"},
      {"format", NULL},
      {"depth", NULL},
      {"dither", NULL},
      {"mix", "the mix's file name; stems are <stem>.<ext>"},
  };
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    const sp_key_row *row = sp_key_row_find("OUTPUT", keys[i].key);
    char *pair = sp_xasprintf("%s: %s", keys[i].key, row->def);
    sp_write(t, "  %-24s# ", pair);
    free(pair);
    if (keys[i].beside)
      sp_write(t, "%s", keys[i].beside);
    for (size_t w = 0; !keys[i].beside && row->words[w]; w++)
      sp_write(t, "%s%s", w ? " | " : "", row->words[w]);
    sp_write(t, "\n");
  }
}

char *sp_init_text(const sp_init_plan *p)
{
  const char *recipe_file = sp_base_name(p->recipe_path);
  sp_writer t = {0};
  size_t n_tracks = 0, n_other_rate = 0;
  for (size_t i = 0; i < p->n_files; i++) {
    n_tracks += sp_init_is_track(&p->files[i]);
    n_other_rate += sp_init_is_track(&p->files[i]) && p->files[i].info.sample_rate != p->rate_hz;
  }
  sp_write(&t,
           "# A session scaffolded by `stemprint init` from %zu audio file%s: one track per\n"
           "# file, routed to the group bus of the stem its name suggests. Check the\n"
           "# guesses (the comment beside each track says why it went where), then add\n"
           "# levels, pans and inserts; docs/recipe.md lists every key.\n"
           "#\n"
           "# Render it, from this folder, with:  stemprint render %s\n"
           "stemprint: 1\n",
           n_tracks, n_tracks == 1 ? "" : "s", recipe_file);
  if (n_other_rate) {
    sp_write(&t, "# Resampled to %d Hz when rendered:", p->rate_hz);
    for (size_t i = 0; i < p->n_files; i++)
      if (sp_init_is_track(&p->files[i]) && p->files[i].info.sample_rate != p->rate_hz)
        sp_write(&t, "\n#   %s (%d Hz)", p->files[i].file, p->files[i].info.sample_rate);
    sp_write(&t, "\n");
  }
  char rate[32];
  snprintf(rate, sizeof rate, "sample_rate: %d", p->rate_hz);
  sp_write(&t,
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
    if (!sp_init_is_track(&p->files[i]) && !sp_init_is_commented(&p->files[i]))
      continue;
    int w = (int)strlen(p->files[i].name) + (sp_init_is_commented(&p->files[i]) ? 2 : 0);
    width = w > width ? w : width;
  }
  width = width > 31 ? 32 : width + 1; /* a long name gets one space */
  bool first = true;
  for (size_t g = 0; g < SP_INIT_GROUPS; g++) {
    if (!p->used[g] && !p->commented[g])
      continue;
    char rule[80];
    int w = snprintf(rule, sizeof rule, "  # ---- %s ", sp_init_group_names[g]);
    sp_write(&t, "%s%s", first ? "" : "\n", rule);
    for (int k = w; k < 78; k++)
      sp_write(&t, "-");
    sp_write(&t, "\n");
    first = false;
    for (size_t i = 0; i < p->n_files; i++)
      if (p->files[i].guess.group == (sp_init_group)g &&
          (sp_init_is_track(&p->files[i]) || sp_init_is_commented(&p->files[i])))
        write_track(&t, p, &p->files[i], width);
  }
  sp_write(&t, "\n# A group bus per stem: its tracks' outputs sum here (add inserts, gain).\n"
               "buses:\n");
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
    if (p->used[g]) {
      sp_write(&t, "  ");
      sp_write_name(&t, p->bus[g]);
      if (p->wide[g])
        sp_write(&t, ": {layout: %s, to: master}\n", p->layout->name);
      else
        sp_write(&t, ": {to: master}\n");
    }
  if (p->n_ir)
    write_irs(&t, p);
  sp_write(&t, "\n");
  write_mix_prints(&t, p, recipe_file);
  write_left_out(&t, p);
  if (p->trim_db < 0)
    write_headroom(&t, p);
  sp_write(&t, "# Add inserts here, for example a true-peak limiter:\n"
               "#   inserts: [{limiter: {ceiling: -1 dBTP}}]\n");
  if (p->layout)
    put_para(&t, "# ",
             sp_xasprintf("Master is %s (%s), as %s is, the widest of the files: it plays "
                          "channel for channel, and the stereo buses into L and R. For a "
                          "stereo mix, remove master's and the buses' layouts and give its track fold: bs775.",
                          p->layout->name, p->layout->text, p->layout_file->file));
  if (p->trim_db < 0) {
    char trim[32];
    snprintf(trim, sizeof trim, "trim: %.1f dB", p->trim_db);
    sp_write(&t, "master:\n");
    if (p->layout)
      sp_write(&t, "  layout: %s\n", p->layout->name);
    sp_write(&t, "  %-24s# for a peak of %+.1f dB at unity; see above\n", trim,
             sp_init_loudest_db(&p->levels));
  } else if (p->layout)
    sp_write(&t, "master: {layout: %s}\n", p->layout->name);
  else
    sp_write(&t, "master: {}\n");
  sp_write(&t, "\n"
               "# Each stem is the whole mix with only its tracks sounding, so the stems\n"
               "# sum to the mix; render proves it with a null test.\n"
               "stems:\n"
               "  split: sources\n");
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
    if (p->used[g]) {
      sp_write(&t, "  %s: [", sp_init_group_names[g]);
      sp_write_name(&t, p->bus[g]);
      sp_write(&t, "]\n");
    }
  sp_write(&t, "\noutput:\n");
  write_output_defaults(&t);
  sp_write(&t, "\n"
               "checks:\n"
               "  null: {max_residual: auto}   # what 24-bit output with dither allows\n");
  return sp_writer_take(&t);
}
