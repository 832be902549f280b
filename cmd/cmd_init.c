/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint init [DIR] [-o RECIPE] [--force]: scaffold a recipe from a
 * folder of audio files, so stems exported from any DAW render in one step.
 *
 * The engine is the library's (io/init/init.h: the scan, the names and stem
 * guesses, the headroom measure, the recipe's text); this file reads the
 * command line, runs the engine's steps, makes the recipe's folder and
 * writes the recipe, and says what it did:
 *
 *   argv --sp_args_parse-->  DIR, -o, --force
 *     --sp_init_scan-->        where the recipe goes (never over a file
 *                              without --force); the files, their tracks,
 *                              groups and buses
 *     --sp_fs_mkdirs-->        the recipe's folder
 *     --sp_init_place-->       the files' paths from there
 *     --sp_init_recipe-->      the measured recipe's text
 *     --sp_fs_write_text-->    the recipe (temporary file, then rename)
 *   and a summary on stdout: the tracks by stem, the files left out (their
 *   count in its first line), the levels and the trim, the command to
 *   render it.
 *
 * Each step's problems go to stderr when it returns, before the next step
 * runs: the scan's and the placing's in the order they arose, the
 * measuring render's sorted by position, and only when it fails (`check`
 * gives its warnings on the written recipe). The exit status is the
 * failing step's. On failure nothing is left: not the folders made for the
 * recipe either. */

#include "cmd/cli.h"
#include "cmd/schema.h"

#include "io/audio/media.h"
#include "io/fs/fs.h"
#include "io/init/init.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "files. Comments in the recipe say why each track went where. Files that\n"
    "are not audio are skipped with a warning. An audio file (by its\n"
    "extension) that cannot be read (permission denied, cut short, damaged, a\n"
    "link to nothing) stops init: nothing is written, exit 3, as a recipe\n"
    "without it would render a mix without it. Audio files with nothing to\n"
    "play (no frames, a FIFO) and a link or hard link to a file already a track\n"
    "(the first in name order that is no link is the track) are left out,\n"
    "each in a comment and counted in the summary. Files of more than two\n"
    "channels of no layout are written as commented-out tracks. Files named\n"
    "like impulse responses (hall_ir, IR Plate, impulse...; a word 'ir', not\n"
    "choir or air) are not tracks: each gets a commented-out return bus with a\n"
    "convolver. Nor are prints of the full mix, named as DAWs export them\n"
    "beside the tracks (Mix, Mix Bus, Master, ... Bounce, ... Mixdown; not Drum\n"
    "Mix): summed with the tracks they would double the mix; a comment says\n"
    "how to null-test one against the render.\n"
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
    "--force), 3 DIR unreadable, no audio file in it, an audio file in it that\n"
    "cannot be read (when scanned or while measuring), or the recipe cannot be\n"
    "written, 4 the measuring render failed. Nothing is written on failure.\n";

static const sp_cli_spec spec = {"init", help, 0, 1, NULL, "one folder at a time ('%s' and '%s')",
                                 0};

/* The problems of a step that names no recipe position (sp_init_scan's,
 * sp_init_place's), in the order they arose and each in full. */
static void print_in_order(const sp_diags *d)
{
  for (size_t i = 0; i < d->n; i++) {
    char *line = sp_diag_format(&d->v[i]);
    fprintf(stderr, "%s\n", line);
    free(line);
  }
}

/* path as a shell word: quoted when it holds anything unusual. */
static void print_shell_word(const char *path)
{
  bool plain = *path != '\0';
  for (const char *c = path; *c && plain; c++)
    plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("_-./+,:@%", *c);
  if (plain) {
    fputs(path, sp_cli_out());
    return;
  }
  fputc('\'', sp_cli_out());
  for (const char *c = path; *c; c++)
    if (*c == '\'')
      fputs("'\\''", sp_cli_out());
    else
      fputc(*c, sp_cli_out());
  fputc('\'', sp_cli_out());
}

/* What init did, on stdout: the tracks by stem, the files left out, the
 * levels and the trim, and the command to render the recipe. */
static void print_summary(const sp_init_plan *p)
{
  size_t mono = 0, wide = 0;
  for (size_t i = 0; i < p->n_files; i++) {
    mono += sp_init_is_track(&p->files[i]) && p->files[i].info.channels == 1;
    wide += sp_init_is_track(&p->files[i]) && p->files[i].info.channels > 2;
  }
  char surround[64] = "", left[64] = "";
  if (wide)
    snprintf(surround, sizeof surround, ", %zu surround; master %s", wide, p->layout->name);
  const size_t n_left = p->n_same + p->n_unused;
  if (n_left)
    snprintf(left, sizeof left, "; %zu audio file%s left out (below)", n_left,
             n_left == 1 ? "" : "s");
  sp_diag_line(sp_cli_out(), "wrote %s: %zu track%s (%zu mono, %zu stereo%s) at %d Hz%s",
               p->recipe_path, p->n_tracks, p->n_tracks == 1 ? "" : "s", mono,
               p->n_tracks - mono - wide, surround, p->rate_hz, left);
  for (size_t g = 0; g < SP_INIT_GROUPS; g++) {
    if (!p->used[g])
      continue;
    fprintf(sp_cli_out(), "  %s (bus %s):", sp_init_group_names[g], p->bus[g]);
    const char *sep = " ";
    for (size_t i = 0; i < p->n_files; i++)
      if (p->files[i].guess.group == (sp_init_group)g && sp_init_is_track(&p->files[i])) {
        char *name = sp_diag_escape(p->files[i].name); /* a file's name never acts */
        fprintf(sp_cli_out(), "%s%s", sep, name);
        free(name);
        sep = ", ";
      }
    fprintf(sp_cli_out(), "\n");
  }
  for (size_t i = 0; i < p->n_files; i++)
    if (sp_init_is_commented(&p->files[i]))
      sp_diag_line(sp_cli_out(),
                   "  commented out: %s (%d channels of no layout stemprint has; give its track "
                   "the layout, or split it into mono or stereo files)",
                   p->files[i].file, p->files[i].info.channels);
  for (size_t i = 0; i < p->n_files; i++)
    if (p->files[i].mix_print)
      sp_diag_line(sp_cli_out(),
                   "  not a track: %s (a print of the full mix, by its name: as a track it would "
                   "double the mix)",
                   p->files[i].file);
  for (size_t i = 0; i < p->n_files; i++)
    if (p->files[i].ir)
      sp_diag_line(sp_cli_out(), "  not a track: %s (an impulse response, by its name; %s)",
                   p->files[i].file,
                   p->files[i].info.channels <= 2 ? "its return bus is commented out under buses"
                                                  : "the convolver takes mono or stereo IRs only");
  for (size_t i = 0; i < p->n_files; i++)
    if (p->files[i].same_as)
      sp_diag_line(sp_cli_out(),
                   "  left out: %s (the same file as %s, by a link or a hard link: a second "
                   "track of it would play it twice)",
                   p->files[i].file, p->files[i].same_as);
  for (size_t i = 0; i < p->n_unused; i++)
    sp_diag_line(sp_cli_out(), "  left out: %s (%s)", p->unused[i].file, p->unused[i].why);
  const sp_init_levels *lv = &p->levels;
  char stem_note[128] = "";
  if (sp_init_stem_decides(lv))
    snprintf(stem_note, sizeof stem_note, ", the %s stem alone at %+.1f dBFS", lv->stem,
             lv->stem_dbfs);
  if (isinf(sp_init_loudest_db(lv)))
    fprintf(sp_cli_out(), "levels: the files are silent\n");
  else if (p->trim_db < 0)
    fprintf(sp_cli_out(),
            "levels: the files summed at unity peak at %+.1f dBFS (true peak %+.1f dBTP)%s; "
            "master trim %.1f dB brings them to %.0f dB\n",
            lv->mix_dbfs, lv->mix_dbtp, stem_note, p->trim_db, SP_INIT_CEILING_DB);
  else
    fprintf(sp_cli_out(),
            "levels: the files summed at unity peak at %+.1f dBFS (true peak %+.1f dBTP); no "
            "trim needed\n",
            lv->mix_dbfs, lv->mix_dbtp);
  fprintf(sp_cli_out(),
          "next: check the stem guesses in the recipe's comments, then run\n  stemprint render ");
  print_shell_word(p->recipe_path);
  fprintf(sp_cli_out(), "\n");
}

int sp_cmd_init(int argc, char **argv)
{
  const char *out_arg = NULL;
  bool force = false;
  const sp_arg opts[] = {
      SP_FILE_OUTPUT_ARG("output", 'o', &out_arg, "the recipe's path", "session.yaml",
                         "a recipe whose folder its files' paths start from"),
      {.name = "force", .letter = 'f', .kind = SP_ARG_FLAG, .to = &force},
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  const char *dir_arg = args.pos[0]; /* NULL when none was given */
  sp_args_fini(&args);

  sp_cli_stop stop;
  sp_cli_stop_takes_held(&stop); /* a stop takes away what is not in place yet */
  sp_init_opts o = {.dir = dir_arg, .out = out_arg, .replace = force, .media = sp_audio_media()};
  sp_init_plan p = {0};
  sp_diags d;
  sp_diags_init(&d);
  char *body = NULL;
  char *made = NULL; /* the first folder init creates for the recipe, if any */
  sp_err err = sp_init_scan(&o, &p, &d);
  print_in_order(&d);
  if (err == SP_OK) {
    made = sp_fs_first_missing(p.recipe_dir);
    if (made) {
      sp_fs_hold_folder(made);
      sp_fs_hold_folder(p.recipe_dir);
    }
    char why[512];
    err = sp_fs_mkdirs(p.recipe_dir, why, sizeof why);
    if (err != SP_OK)
      sp_diag_line(stderr, "stemprint: error: %s", why);
  }
  if (err == SP_OK) {
    sp_diags_fini(&d);
    err = sp_init_place(&p, &d);
    print_in_order(&d);
  }
  if (err == SP_OK) {
    sp_diags_fini(&d);
    err = sp_init_recipe(&p, &body, &d);
    if (err != SP_OK) {
      sp_diags_print(&d, stderr);
      sp_diag_line(stderr,
                   "stemprint: error: %s not written: init measures the files summed at unity to "
                   "set the headroom, and that failed (see above)",
                   p.recipe_path);
    }
  }
  if (err == SP_OK) {
    char why[512], *with = sp_cli_with_schema_line(body);
    free(body);
    body = with;
    err = sp_fs_write_text(p.recipe_path, body, why, sizeof why);
    if (err != SP_OK)
      sp_diag_line(stderr, "stemprint: error: %s", why);
  }
  if (err == SP_OK)
    print_summary(&p);
  /* Nothing is left on failure: not the folders made for the recipe either. */
  if (err != SP_OK && made)
    sp_fs_rmdirs_empty(p.recipe_dir, made);
  if (made) {
    sp_fs_let_go(p.recipe_dir);
    sp_fs_let_go(made);
  }
  free(made);
  free(body);
  sp_diags_fini(&d);
  sp_init_plan_fini(&p);
  sp_cli_stop_restore(&stop);
  return (int)err;
}
