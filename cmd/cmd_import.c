/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint import SESSION [-o RECIPE] [--stems HOW] [--strict] [--force]:
 * a DAW session as a commented recipe (io/session/session.h does the work).
 *
 *   the session --sp_session_read-->  the recipe, the embedded audio
 *                                       extracted beside it, the comments
 *     --sp_cli_build-->  its stems the render refuses replaced
 *     --sp_recipe_yaml-->  the recipe's text, written from the model with
 *                          the comments (core/recipe/walk.h)
 *     --sp_cli_build-->  checked as `check` would, its messages at the
 *                        session's elements (sp_session_place; the text
 *                        is not parsed again)
 *     --sp_outdir_stage_commit-->  the audio and MIDI it staged, then the
 *                                  recipe (each a temporary file until
 *                                  then), landed in one commit of the
 *                                  audio's folder (io/outdir/outdir.h)
 *
 * Nothing is written when the session cannot be read, a loss is refused
 * (--strict), the recipe would not check, or a file would land over one
 * of the user's (no --force) or one the session reads. A mix nothing is
 * heard in (every track muted), which a DAW plays and `check` and `render`
 * refuse, is written: the check says it as a warning here
 * (sp_graph_opts.unheard_warns). */

#include "cmd/cli.h"
#include "cmd/schema.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/recipe/walk.h"
#include "io/audio/media.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"
#include "io/session/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "usage: stemprint import SESSION [-o RECIPE] [--stems HOW] [--strict] [--force]\n"
    "\n"
    "Write a recipe for a DAW session: a DAWproject file (.dawproject, from\n"
    "Bitwig Studio, Studio One, Cubase, ...) or an Ardour session (its folder\n"
    "or .ardour file). Tracks and their clips or regions (positions, fades,\n"
    "gains, envelopes, layers, warps), MIDI into its instruments, volume, pan,\n"
    "mute and solo, groups and buses, sends, VCAs, automation, the DAWproject\n"
    "built-in EQ, compressor, gate and limiter (their parameters' automation\n"
    "too), LV2 plugins with their state and automation, and sidechains are\n"
    "carried over; what a recipe cannot hold (a plugin that cannot run here, a\n"
    "warp it cannot read, what MIDI 1.0 cannot say) is a comment at its place\n"
    "and a warning.\n"
    "Audio inside a DAWproject file is extracted beside the recipe, landed with\n"
    "it only when the import succeeds, over no file that is not its own.\n"
    "render, check, graph, plan and bleed also take a session directly.\n"
    "\n"
    "options:\n"
    "  -o, --output RECIPE   where to write it (default: beside the session,\n"
    "                        SESSION without its extension + .yaml); embedded\n"
    "                        audio goes to RECIPE's name + .audio/ beside it\n"
    "      --stems HOW       groups (default: each top-level group or bus a stem,\n"
    "                        each track straight to master one of its own),\n"
    "                        tracks (a stem per track), none, or\n"
    "                        'NAME=TRACK,BUS,...;NAME=...' by the session's names\n"
    "      --strict          refuse (exit 2) when anything would be lost\n"
    "  -f, --force           replace an existing recipe, and files of the user's\n"
    "                        where its audio goes (never one the session reads)\n"
    "  -h, --help            this help\n"
    "\n"
    "docs/sessions.md lists what is carried over, and how.\n"
    "\n"
    "exit status: 0 written, 2 the command line is wrong, the session is not\n"
    "valid, the recipe exists (use --force) or --strict refused a loss, 3 the\n"
    "session or a file it names cannot be read, or the recipe cannot be written.\n";

static const sp_cli_spec spec = {
    "import", help, 1, 1, "which session? give its path", "one session at a time", 0};

/* The session's recipe as it was read (rd; its reading's problems in
 * first, each at the session's element its path came from; where its
 * default stems may be refused, built, and stems its render refuses
 * replaced), then written with the session's notes (the editor's line,
 * head, first) into *yaml, and checked as `check` would before anything
 * is written: its messages into d at those elements (where the reading or
 * the restem has errors, their own). The text is not read again: the
 * recipe is the one it is written from; where `check` and `render` refuse
 * it (a mix nothing is heard in), *unheard is their rule's words. */
static sp_err import_check(const char *head, sp_cli_recipe *rd, sp_session_notes *notes,
                           sp_diags *first, size_t n_read, char **yaml, char **unheard, sp_diags *d)
{
  *yaml = NULL;
  sp_graph *g = NULL;
  if (rd->r && rd->kept) /* its default stems may be refused: built to choose others */
    sp_cli_build(rd, &(sp_graph_opts){.unheard_warns = true}, &g, first);
  sp_graph_free(g);
  g = NULL;
  if (!rd->r || sp_diags_errors(first) > 0) {
    sp_diags_take(d, first);
    return sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE;
  }
  sp_diags_truncate(first, n_read); /* the build's: said again by the check */
  sp_session_notes_for(notes, rd->r);
  char *walked = sp_recipe_yaml(rd->r, &(sp_recipe_yaml_opts){.comment = sp_session_note_at, .ctx = notes});
  char *text = sp_xasprintf("%s%s", head, walked);
  free(walked);
  sp_diags_take(d, first);
  /* built again from rd itself, as render builds twice from one reading:
   * what a restem said is said by this build as by the first, a graph's
   * at each insert's line (in->restem_said), not copied field by field */
  sp_cli_build(rd, &(sp_graph_opts){.unheard_warns = true}, &g, d);
  if (g && sp_graph_unheard(g) && unheard)
    *unheard = sp_xstrdup(sp_graph_unheard(g));
  sp_graph_free(g);
  if (sp_diags_errors(d) > 0) {
    free(text);
    return sp_diags_status(d);
  }
  *yaml = text;
  return SP_OK;
}

sp_err sp_cli_import(const sp_session_input *in, const sp_import_opts *o, char **yaml,
                     char **unheard, sp_diags *d)
{
  *yaml = NULL;
  if (unheard)
    *unheard = NULL;
  char *head = sp_cli_with_schema_line("");
  sp_session_notes *notes = NULL;
  sp_cli_recipe rd = {.unwritten = true, .strict = o->strict}; /* as render's (sp_cli_read) */
  sp_diags first; /* the reading's: said only where it has errors */
  sp_diags_init(&first);
  sp_session_reading reading = {.said = &first};
  sp_err err = sp_session_read(in, o, &reading, &rd.r, &rd.kept, &notes, d);
  if (rd.r || first.n)
    err = import_check(head, &rd, notes, &first, first.n, yaml, unheard, d);
  else if (err == SP_OK)
    err = SP_ERR_USAGE;
  sp_diags_fini(&first);
  free(head);
  sp_session_notes_free(notes);
  sp_cli_recipe_fini(&rd);
  return err;
}

/* The recipe's text yaml under a temporary name beside recipe, then
 * landed with stage's files (sp_outdir_stage_commit: none over a file of
 * the user's, unless force, nor over one the import reads). */
static sp_err land(sp_outdir_stage *stage, const char *recipe, const char *yaml, bool force,
                   char *why, size_t why_size)
{
  if (sp_fs_is_special(recipe)) { /* a device, a FIFO: written into, never replaced */
    sp_err err = sp_outdir_stage_commit(stage, NULL, recipe, force, why, why_size);
    return err == SP_OK ? sp_fs_write_text(recipe, yaml, why, why_size) : err;
  }
  if (sp_fs_text_over(recipe, why, why_size)) /* --force replaces a recipe, not audio */
    return SP_ERR_IO;
  char *tmp = sp_fs_temp_template(recipe);
  const int fd = mkstemp(tmp);
  if (fd >= 0)
    sp_fs_hold(tmp);
  sp_err err = SP_OK;
  if (fd < 0 || !sp_fs_write_all(fd, yaml, strlen(yaml))) {
    snprintf(why, why_size, "cannot write %s: %s", recipe, strerror(errno));
    err = SP_ERR_IO;
  }
  if (fd >= 0) {
    fchmod(fd, sp_fs_file_mode());
    if (close(fd) != 0 && err == SP_OK) {
      snprintf(why, why_size, "cannot write %s: %s", recipe, strerror(errno));
      err = SP_ERR_IO;
    }
  }
  if (err == SP_OK)
    err = sp_outdir_stage_commit(stage, tmp, recipe, force, why, why_size);
  if (fd >= 0)
    unlink(tmp); /* (landed: no longer there) */
  sp_fs_let_go(tmp);
  free(tmp);
  return err;
}

int sp_cmd_import(int argc, char **argv)
{
  const char *out_arg = NULL;
  bool force = false;
  sp_cli_session how = {0};
  const sp_arg opts[] = {
      SP_FILE_OUTPUT_ARG("output", 'o', &out_arg, "the recipe's path", "song.yaml",
                         "a recipe whose audio is extracted beside it"),
      SP_SESSION_ARGS(&how),
      {.name = "force", .letter = 'f', .kind = SP_ARG_FLAG, .to = &force},
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  const char *session = args.pos[0];
  sp_args_fini(&args);
  sp_session_input in;
  if (!sp_session_probe(session, &in)) {
    sp_diag_line(stderr,
                 "stemprint: error: %s: not a session stemprint reads; import takes a DAWproject "
                 "file (.dawproject) or an Ardour session (its folder or .ardour file)",
                 session);
    sp_session_input_fini(&in);
    return SP_ERR_USAGE;
  }
  char *recipe = out_arg ? sp_xstrdup(out_arg) : sp_cli_with_ext(session, ".yaml");
  if (!force && access(recipe, F_OK) == 0) {
    sp_diag_line(stderr, "stemprint: error: %s exists; use --force to replace it", recipe);
    free(recipe);
    sp_session_input_fini(&in);
    return SP_ERR_USAGE;
  }
  sp_cli_stop stop;
  sp_cli_stop_takes_held(&stop); /* a stop takes away what is not in place yet */
  char *audio = sp_cli_with_ext(recipe, ".audio");
  size_t lost = 0; /* what was left out, counted as it was (not the comments that stay) */
  /* its audio and MIDI staged as the session is read, landed with the
   * recipe in one commit of the audio's folder, or taken away */
  sp_outdir_stage stage;
  sp_outdir_stage_init(&stage, audio);
  sp_import_opts o = {.strict = how.strict,
                      .stems = how.stems,
                      .recipe = recipe,
                      .audio_dir = audio,
                      .stage = &stage,
                      .losses = &lost,
                      .media = sp_audio_media()};
  sp_diags d;
  sp_diags_init(&d);
  char *yaml = NULL, *unheard = NULL;
  sp_err err = sp_cli_import(&in, &o, &yaml, &unheard, &d);
  sp_session_input_fini(&in);
  sp_diags_print(&d, stderr);
  if (err == SP_OK) {
    char why[1024];
    err = land(&stage, recipe, yaml, force, why, sizeof why);
    if (err != SP_OK)
      sp_diag_line(stderr, "stemprint: error: %s; %s not written", why, recipe);
  } else {
    sp_diag_line(stderr, "stemprint: error: %s not written", recipe);
  }
  sp_outdir_stage_fini(&stage);
  if (err == SP_OK) {
    fprintf(sp_cli_out(), "wrote %s from %s: %zu warning%s", recipe, session, sp_diags_warnings(&d),
            sp_diags_warnings(&d) == 1 ? "" : "s");
    if (lost)
      fprintf(sp_cli_out(),
              "; %zu thing%s not carried over (the warnings say what; the recipe's '# not "
              "carried over' comments list each)\n",
              lost, lost == 1 ? "" : "s");
    else
      fprintf(sp_cli_out(), "; everything carried over\n");
    if (unheard) /* render refuses it as it is: the step before, in the check's words */
      fprintf(sp_cli_out(), "next: edit %s as the warning says (%s), then stemprint render %s\n",
              recipe, unheard, recipe);
    else
      fprintf(sp_cli_out(), "next: stemprint render %s\n", recipe);
  }
  free(unheard);
  free(yaml);
  free(audio);
  free(recipe);
  sp_diags_fini(&d);
  sp_cli_stop_restore(&stop);
  return (int)err;
}
