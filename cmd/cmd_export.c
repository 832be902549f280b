/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint export RECIPE [-o FILE.dawproject] [--force] [--embed]: a recipe as a
 * DAWproject file, for a DAW (io/session/session.h does the work). The recipe
 * is checked first, as `check` would; nothing is written when it fails. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/session/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: stemprint export RECIPE [-o FILE] [--force] [--embed]\n"
    "\n"
    "Write the recipe as a DAWproject file (.dawproject) a DAW opens (Bitwig\n"
    "Studio, Studio One, Cubase, ...): its tracks and regions with the audio\n"
    "inside the file, buses (groups and effect returns), routing, sends, gain\n"
    "and pan with their automation, mute and solo, and the eq, compressor, gate,\n"
    "limiter and gain inserts as the format's generic devices. What DAWproject\n"
    "cannot hold (other inserts, sidechain keys, polarity, other stems, the\n"
    "render's rate, output and checks) is a warning at its key's line, and\n"
    "stemprint import of the file names it again. Otherwise, import reads the\n"
    "file back as an equivalent recipe.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write it (default: the recipe's path with\n"
    "                      .dawproject for its extension; of a recipe from\n"
    "                      standard input, stdin.dawproject)\n"
    "  -f, --force         replace an existing file\n"
    "  -e, --embed         embed the SoundFonts too, for a project that travels\n"
    "                      (by default each is referenced where it lives, so an\n"
    "                      import plays it there instead of copying it again)\n"
    "  -h, --help          this help\n" SP_RECIPE_STDIN_HELP "\n"
    "docs/sessions.md lists what is exported, and how.\n"
    "\n"
    "exit status: 0 written, 2 the command line or the recipe is wrong, or the\n"
    "file exists (use --force), 3 a file cannot be read or written.\n";

static const sp_cli_spec spec = {
    "export", help, 1, 1, "which recipe? give its path", "one recipe at a time", 1};

/* The file export writes with no -o: the recipe's path with .dawproject
 * for its extension; of a recipe given by a descriptor's name (-,
 * /dev/stdin, /dev/fd/63), in the folder its files are found from
 * (sp_fs_text_folder: the working folder for a pipe), never in /dev. */
static char *default_out(const char *recipe)
{
  char *dir = sp_fs_text_folder(recipe), *parent = sp_fs_parent(recipe);
  char *out = NULL;
  if (strcmp(dir, parent) == 0)
    out = sp_cli_with_ext(recipe, ".dawproject");
  else {
    char *name = sp_cli_with_ext(strrchr(recipe, '/') + 1, ".dawproject");
    out = strcmp(dir, ".") == 0 ? sp_xstrdup(name) : sp_xasprintf("%s/%s", dir, name);
    free(name);
  }
  free(dir);
  free(parent);
  return out;
}

int sp_cmd_export(int argc, char **argv)
{
  const char *out_arg = NULL;
  bool force = false, embed = false;
  const sp_arg opts[] = {
      SP_FILE_OUTPUT_ARG("output", 'o', &out_arg, "the DAWproject file's path", "song.dawproject",
                         "a DAWproject archive (written as a whole file)"),
      {.name = "force", .letter = 'f', .kind = SP_ARG_FLAG, .to = &force},
      {.name = "embed", .letter = 'e', .kind = SP_ARG_FLAG, .to = &embed},
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  const char *recipe = args.pos[0];
  sp_args_fini(&args);
  char *out = out_arg ? sp_xstrdup(out_arg) : default_out(recipe);
  /* the default held against what it reads as -o is: a DAWproject read
   * and exported again (--force) once replaced itself (review 13 #4) */
  if (!out_arg)
    sp_cli_writes_default("output", out);
  if (!force && access(out, F_OK) == 0) {
    sp_diag_line(stderr, "stemprint: error: %s exists; use --force to replace it", out);
    free(out);
    return SP_ERR_USAGE;
  }
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  /* a mix nothing is heard in (every track muted), which a DAW plays and
   * `import` takes back, is written: the check says it as a warning */
  sp_err err = sp_cli_load(recipe, &(sp_cli_input){.gopts = {.unheard_warns = true}}, &r, &g, &d);
  size_t before = sp_diags_warnings(&d);
  if (err == SP_OK)
    err = sp_session_export_with(r, g, out, &(sp_export_opts){.embed = embed}, &d);
  sp_diags_print(&d, stderr);
  if (err == SP_OK) {
    size_t lost = sp_diags_warnings(&d) - before;
    fprintf(sp_cli_out(), "wrote %s from %s: %zu track%s, %zu bus%s", out, recipe, r->n_tracks,
            r->n_tracks == 1 ? "" : "s", r->n_buses, r->n_buses == 1 ? "" : "es");
    if (lost)
      fprintf(sp_cli_out(), "; %zu thing%s not exported (the warnings above say what)\n", lost,
              lost == 1 ? "" : "s");
    else
      fprintf(sp_cli_out(), "; everything exported\n");
  } else {
    sp_diag_line(stderr, "stemprint: error: %s not written", out);
  }
  sp_graph_free(g);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(out);
  return (int)err;
}
