/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint: the command-line entry point. Dispatches to one file per
 * subcommand; everything else lives in the library. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "io/audio/media.h"
#include "io/lv2/lv2.h"
#include "io/recipe/parse.h"
#include "io/session/session.h"

#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: stemprint <command> [options]\n"
    "\n"
    "Render mixing sessions written as YAML recipes: the mix and its stems,\n"
    "proved by a null test.\n"
    "\n"
    "commands:\n"
    "  render RECIPE... [-j N]     render the mix and stems of each recipe, null-test\n"
    "                              them, check loudness; --report, --depfile, --only\n"
    "  check  RECIPE...            validate recipes and routing, warn about mistakes\n"
    "  null   MIX STEM...          null-test any stems against a mix, and say why not\n"
    "  loudness FILE...            loudness and true peak (BS.1770, EBU R128) of files\n"
    "  bleed  RECIPE               which source reaches which stem, measured\n"
    "  graph  RECIPE [--format F]  the route map: text, dot (Graphviz) or json\n"
    "  plan   RECIPE... [--json]   each render as a job: its cache key, inputs, outputs\n"
    "  init   [DIR] [-o RECIPE]    write a recipe for a folder of audio files (stems)\n"
    "  import SESSION [-o RECIPE]  write a recipe for a DAW session (DAWproject, Ardour)\n"
    "  export RECIPE [-o FILE]     write a recipe as a DAW session (.dawproject)\n"
    "  help   [COMMAND|inserts]    this text, a command's help, or the processors\n"
    "  help   lv2 [PLUGIN]         the installed LV2 effects, or one's parameters\n"
    "\n"
    "options:\n"
    "  -h, --help                  show help (also: stemprint COMMAND --help)\n"
    "  -V, --version               show the version\n"
    "\n"
    "A command's options take a value after them or after '=' (-j 2, -j2,\n"
    "--jobs=2), short flags group (-qj2), a level or time may carry its unit\n"
    "(--target -14 LUFS, --target=-14LUFS), and -- ends the options.\n"
    "\n"
    "exit status: 0 ok, 1 a check failed (null test, loudness, clipping, bleed), 2 the\n"
    "command line or recipe is wrong, 3 an input or output file problem, 4 the render\n"
    "failed.\n"
    "\n"
    "docs: docs/recipe.md (the recipe), docs/verify.md, docs/graph.md, docs/init.md,\n"
    "docs/ci.md, docs/cache.md, docs/sessions.md; the manual: man stemprint once installed (cmake "
    "--install), or\n"
    "man -l docs/stemprint.1 in a checkout.\n";

sp_err sp_cli_load(const char *path, const sp_graph_opts *opts, const sp_cli_session *session,
                   sp_recipe **recipe, sp_graph **graph, sp_diags *d)
{
  *recipe = NULL;
  *graph = NULL;
  sp_recipe *r = NULL;
  size_t n_session = SIZE_MAX; /* the session's diagnostics: those before this */
  if (sp_session_is(path)) {
    /* A DAW session reads through the recipe `stemprint import` writes. */
    char *yaml = NULL;
    sp_import_opts io = {.strict = session && session->strict,
                         .stems = session ? session->stems : NULL};
    if (sp_session_import(path, &io, &yaml, d) != SP_OK || !yaml) {
      free(yaml);
      return sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE;
    }
    char *as = sp_session_recipe_path(path);
    n_session = d->n;
    sp_recipe_parse_string(as, yaml, &r, d);
    if (r)
      r->trusted_dir = sp_session_trusted_dir(path);
    free(as);
    free(yaml);
  } else if (session && (session->stems || session->strict)) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: %s is for a DAW session (.dawproject, an Ardour session); a "
                       "recipe names its stems under 'stems:' and holds nothing it cannot "
                       "render",
                       path, session->stems ? "--stems" : "--strict");
    return SP_ERR_USAGE;
  } else {
    sp_recipe_parse_file(path, &r, d);
  }
  if (!r)
    return sp_diags_status(d);
  /* Build the graph even after parse errors, so that routing mistakes are
   * reported in the same run; the graph skips what did not parse. */
  sp_graph *g = NULL;
  sp_graph_build(r, sp_audio_media(), opts, &g, d);
  bool at_lines = false;
  for (size_t i = n_session; i < d->n; i++)
    at_lines |= d->v[i].pos.line > 0;
  if (at_lines)
    sp_diags_add_whole(d, SP_SEV_NOTE, SP_OK,
                       "%s: the lines and keys these messages name are those of the recipe the "
                       "session reads as; 'stemprint import %s' writes it out to read",
                       path, path);
  if (sp_diags_errors(d) > 0) {
    sp_graph_free(g);
    sp_recipe_free(r);
    return sp_diags_status(d);
  }
  *recipe = r;
  *graph = g;
  return SP_OK;
}

char *sp_cli_with_ext(const char *path, const char *ext)
{
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  const char *dot = strrchr(name, '.');
  size_t keep = dot && dot != name ? (size_t)(dot - path) : strlen(path);
  return sp_xasprintf("%.*s%s", (int)keep, path, ext);
}

void sp_cli_confine(sp_graph_opts *o, bool flag, const sp_arg_list *roots)
{
  o->confine = flag || roots->n > 0;
  o->roots = roots->v;
  o->n_roots = roots->n;
}

/* A value of parameter p for help: times in ms below a second. */
static void fmt_value(const sp_param *p, double v, char *buf, size_t n)
{
  if (p->kind == SP_PARAM_CHOICE)
    snprintf(buf, n, "%s", p->choices[(int)v]);
  else if (p->kind == SP_PARAM_BOOL)
    snprintf(buf, n, "%s", v != 0 ? "true" : "false");
  else if (isinf(v))
    snprintf(buf, n, "%s", v < 0 ? "-inf" : "inf");
  else if (p->unit == SP_UNIT_SECONDS && v < 1 && v > 0)
    snprintf(buf, n, "%g ms", v * 1000);
  else
    snprintf(buf, n, "%g%s%s", v, *sp_unit_name(p->unit) ? " " : "", sp_unit_name(p->unit));
}

/* One class: its name (as a recipe writes it), summary, flags and every
 * parameter with its range and default. */
void sp_cli_help_class(const char *name, const sp_proc_class *c)
{
  printf("%s — %s%s%s\n", name, c->summary, sp_proc_is_linked(c) ? " [linked]" : "",
         (c->flags & SP_PROC_BANDS) ? " [list of bands]" : "");
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *p = &c->params[k];
    char def[64], lo[64], hi[64], range[256] = "";
    fmt_value(p, p->def, def, sizeof def);
    if (p->kind == SP_PARAM_NUMBER) {
      fmt_value(p, p->min, lo, sizeof lo);
      fmt_value(p, p->max, hi, sizeof hi);
      snprintf(range, sizeof range, "%s .. %s, %s%s", lo, hi, p->required ? "required" : "default ",
               p->required ? "" : def);
    } else if (p->kind == SP_PARAM_CHOICE) {
      for (size_t j = 0; p->choices[j]; j++) {
        strncat(range, j ? "|" : "", sizeof range - strlen(range) - 1);
        strncat(range, p->choices[j], sizeof range - strlen(range) - 1);
      }
      strncat(range, ", default ", sizeof range - strlen(range) - 1);
      strncat(range, def, sizeof range - strlen(range) - 1);
    } else if (p->kind == SP_PARAM_BOOL) {
      snprintf(range, sizeof range, "true|false, default %s", def);
    } else {
      snprintf(range, sizeof range, "a file%s", p->required ? ", required" : "");
    }
    printf("  %-10s %s\n  %-10s   %s\n", p->name, range, "", p->help);
  }
  if (c->primary_param >= 0)
    printf("  shorthand: '- %s: VALUE' sets %s\n", name, c->params[c->primary_param].name);
  printf("\n");
}

static void help_inserts(void)
{
  printf("Inserts (processors). In a recipe:\n"
         "  inserts: [{NAME: {PARAM: VALUE, ...}}]   'bypass: true' on any;\n"
         "  'key: {from: TRACK_OR_BUS, tap: pre|post}' on those that take a key.\n"
         "Linked processors compute their gain once from the sum of the stems\n"
         "passing through (or from their key) and apply it to each, so stems\n"
         "null against the mix; the others run on each stem.\n\n");
  for (size_t i = 0; i < sp_proc_family_count(); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    if (f->single) {
      sp_cli_help_class(f->name, f->single);
      continue;
    }
    /* A family: its classes are made from what its selector names. */
    printf("%s — %s\n  %-10s %s; its other parameters are the class's:\n\n", f->name, f->summary,
           f->selector, f->selector_help);
    for (size_t k = 0; f->count && k < f->count(); k++) {
      char *name = sp_xasprintf("%s: {%s: %s}", f->name, f->selector, f->at(k)->name);
      sp_cli_help_class(name, f->at(k));
      free(name);
    }
  }
}

/* The commands, by name. */
static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
} commands[] = {
    {"render", sp_cmd_render},     {"check", sp_cmd_check}, {"null", sp_cmd_null},
    {"loudness", sp_cmd_loudness}, {"bleed", sp_cmd_bleed}, {"graph", sp_cmd_graph},
    {"plan", sp_cmd_plan},         {"init", sp_cmd_init},   {"import", sp_cmd_import},
    {"export", sp_cmd_export},     {"help", sp_cmd_help},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

int sp_cmd_help(int argc, char **argv)
{
  if (argc >= 1 && strcmp(argv[0], "inserts") == 0) {
    help_inserts();
    return 0;
  }
  if (argc >= 1 && strcmp(argv[0], "lv2") == 0)
    return sp_cmd_help_lv2(argc - 1, argv + 1);
  for (size_t i = 0; argc >= 1 && i < N_COMMANDS; i++)
    if (strcmp(argv[0], commands[i].name) == 0 && commands[i].run != sp_cmd_help) {
      char *args[] = {"--help", NULL};
      return commands[i].run(1, args);
    }
  if (argc >= 1)
    return sp_cli_usage_error("help",
                              "no help topic '%s' (topics: render, check, null, loudness, bleed, "
                              "graph, plan, init, inserts, lv2)",
                              argv[0]);
  fputs(usage, stdout);
  return 0;
}

int main(int argc, char **argv)
{
  /* A file-size limit (ulimit -f) must fail the write that passes it (exit
   * 3, with the path and the reason), not kill the process with its
   * temporary files left behind. */
  signal(SIGXFSZ, SIG_IGN);
  /* Every region that plays holds its file open: allow as many files as
   * the system lets this process have (the soft limit is often 1024). */
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  /* LV2 inserts are hosted through lilv. */
  sp_lv2_use_host(sp_lilv_host());
  if (argc < 2) {
    fputs(usage, stderr);
    return SP_ERR_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    printf("stemprint %s\n", SP_VERSION);
    return 0;
  }
  const char *cmds[N_COMMANDS];
  for (size_t i = 0; i < N_COMMANDS; i++) {
    if (strcmp(cmd, commands[i].name) == 0)
      return commands[i].run(argc - 2, argv + 2);
    cmds[i] = commands[i].name;
  }
  const char *near = sp_suggest(cmd, cmds, N_COMMANDS);
  if (near)
    return sp_cli_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", cmd, near);
  return sp_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
