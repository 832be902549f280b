/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint state RECIPE INSERT -o DIR: save an LV2 insert's state as LV2
 * hosts save it (core/procs/lv2.h: sp_lv2_save), into a folder a recipe's
 * `state:` names, jalv and Carla load as a preset bundle, and Ardour reads
 * as a plugin's state folder.
 *
 * The folder is written whole or not at all: the state is saved into a
 * hidden folder beside DIR, renamed to DIR when complete, removed on
 * failure. A DIR that exists and is not empty is left alone. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/procs/lv2.h"
#include "io/fs/fs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "usage: stemprint state RECIPE INSERT -o DIR [--confine | --confine-to DIR]\n"
    "\n"
    "Save the state of one of a recipe's LV2 inserts as LV2 hosts save it: the\n"
    "folder DIR with state.ttl (its port values and the settings the plugin keeps\n"
    "beyond them: an impulse response's path, a sample it made) and manifest.ttl.\n"
    "INSERT is the insert's place in the recipe, as messages write it:\n"
    "tracks.NAME.inserts[K], buses.NAME.inserts[K] or master.inserts[K].\n"
    "\n"
    "The plugin starts from the insert's preset or state, takes its parameters (a\n"
    "moving one at its value where the timeline starts) and is saved. A recipe\n"
    "names the folder with `state: DIR`; jalv and Carla load it as a preset\n"
    "(labelled with the folder's name, less a .lv2 ending). A file the state\n"
    "names outside DIR (an impulse response) is named through a link made in\n"
    "DIR, and left as it is: copy it into DIR first for a folder that can move\n"
    "on its own. Only INSERT is prepared: a state another insert names need not\n"
    "be there yet (it may be DIR), which is said as a warning.\n"
    "\n"
    "  -o, --output DIR  the folder to write (it must not exist, or be empty)\n" SP_CONFINE_HELP
        SP_RECIPE_STDIN_HELP "  -h, --help        this help\n"
    "\n"
    "exit status: 0 saved, 2 usage, recipe or an insert that has no LV2 state,\n"
    "3 a file problem (the plugin could not be loaded, DIR could not be written).\n";

static const sp_cli_spec spec = {"state",
                                 help,
                                 2,
                                 2,
                                 "give a recipe and one of its inserts, like 'stemprint state "
                                 "song.yaml tracks.gtr.inserts[0] -o gtr-verb'",
                                 "one recipe and one insert at a time",
                                 1};

/* The insert of g at place (its path, or its path up to the insert's
 * index): *node and *k. */
static bool find_insert(const sp_graph *g, const char *place, const sp_node **node, size_t *k)
{
  const size_t n = strlen(place);
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *nd = sp_graph_node(g, i);
    for (size_t j = 0; nd->strip && j < nd->strip->n_inserts; j++) {
      const char *path = nd->strip->inserts[j].path;
      if (path && strncmp(path, place, n) == 0 && (path[n] == '\0' || path[n] == '.')) {
        *node = nd;
        *k = j;
        return true;
      }
    }
  }
  return false;
}

/* The LV2 inserts of g, for a message: "tracks.gtr.inserts[1], master.inserts[0]". */
static char *lv2_inserts(const sp_graph *g)
{
  char *list = sp_xstrdup("");
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *nd = sp_graph_node(g, i);
    for (size_t j = 0; nd->strip && j < nd->strip->n_inserts; j++) {
      const sp_insert *ins = &nd->strip->inserts[j];
      const char *dot = ins->path ? strrchr(ins->path, '.') : NULL;
      if (!dot || strcmp(dot, ".lv2") != 0)
        continue;
      char *more =
          sp_xasprintf("%s%s%.*s", list, list[0] ? ", " : "", (int)(dot - ins->path), ins->path);
      free(list);
      list = more;
    }
  }
  return list;
}

/* Whether path is a folder with nothing in it. */
static bool empty_folder(const char *path)
{
  DIR *dir = opendir(path);
  if (!dir)
    return false;
  bool empty = true;
  for (struct dirent *e; empty && (e = readdir(dir));)
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  closedir(dir);
  return empty;
}

/* The label of the preset saved in folder out: its last name, without
 * the ".lv2" of a bundle's folder ("hall.lv2" gives "hall"). */
static char *preset_label(const char *out)
{
  size_t end = strlen(out), start = end;
  while (start > 0 && out[start - 1] != '/')
    start--;
  if (end - start > 4 && memcmp(out + end - 4, ".lv2", 4) == 0)
    end -= 4;
  char *label = sp_xstrdup(out + start);
  label[end - start] = '\0';
  return label;
}

int sp_cmd_state(int argc, char **argv)
{
  const char *given = NULL;
  sp_cli_input in = {0};
  const sp_arg opts[] = {
      SP_CONFINE_ARGS(&in),
      SP_TEXT_ARG("output", 'o', &given, "a folder", "verb-state"),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  if (!given) {
    sp_args_fini(&args);
    return sp_cli_usage_error("state", "no folder to write: give -o DIR");
  }
  const char *path = args.pos[0], *place = args.pos[1];
  /* the graph of this insert alone: the others' states (one may be the
   * very folder being saved) need not be there */
  in.gopts.only_insert = place;
  /* the folder as named, less slashes after it ("verb/" is "verb") */
  char out[PATH_MAX];
  snprintf(out, sizeof out, "%s", given);
  for (size_t n = strlen(out); n > 1 && out[n - 1] == '/';)
    out[--n] = '\0';
  struct stat st;
  /* a link to a folder is written through, as every output is: the hidden
   * folder beside the folder it names, renamed over it */
  char named[PATH_MAX], target[PATH_MAX]; /* named: as given, in what is said */
  snprintf(named, sizeof named, "%s", out);
  if (lstat(out, &st) == 0 && S_ISLNK(st.st_mode)) {
    const ssize_t n = readlink(out, target, sizeof target - 1);
    target[n > 0 ? n : 0] = '\0';
    char *real = realpath(out, NULL);
    if (!real) {
      sp_diag_line(stderr,
                   "stemprint: error: '%s' is a symbolic link to '%s', which does not exist; "
                   "nothing was written (make that folder, or give another -o)",
                   out, target);
      sp_args_fini(&args);
      return SP_ERR_USAGE;
    }
    snprintf(out, sizeof out, "%s", real);
    free(real);
  }
  if (stat(out, &st) == 0 && !empty_folder(out)) {
    sp_diag_line(stderr,
                 "stemprint: error: '%s' exists and is not an empty folder; nothing was written "
                 "(remove it, or give another -o)",
                 named);
    sp_args_fini(&args);
    return SP_ERR_USAGE;
  }
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_open(path, &in, &r, &g);
  sp_args_fini(&args);
  if (err != SP_OK)
    return err;
  const sp_node *node = NULL;
  size_t k = 0;
  char why[2048];
  if (!find_insert(g, place, &node, &k)) {
    char *list = lv2_inserts(g);
    sp_diag_line(stderr, "stemprint: error: %s: no insert '%s'; %s%s", r->file, place,
                 list[0] ? "its LV2 inserts: " : "the recipe has no LV2 insert", list);
    free(list);
    err = SP_ERR_USAGE;
  } else {
    /* into a hidden folder beside out, renamed to it once whole */
    char *tmp = sp_fs_temp_template(out);
    const sp_proc_args a = sp_graph_insert_args(g, node, k);
    char *label = preset_label(named);
    if (!mkdtemp(tmp) || chmod(tmp, sp_fs_folder_mode()) != 0) {
      sp_diag_line(stderr, "stemprint: error: cannot make a folder beside '%s': %s", named,
                   strerror(errno));
      err = SP_ERR_IO;
    } else {
      err = sp_lv2_save(&a, sp_graph_rate(g), tmp, label, why, sizeof why);
      if (err != SP_OK) {
        sp_diag_line(stderr, "stemprint: error: %s: %s: %s", r->file, node->strip->inserts[k].path,
                     why);
      } else if (rename(tmp, out) != 0) {
        sp_diag_line(stderr, "stemprint: error: cannot write '%s': %s", named, strerror(errno));
        err = SP_ERR_IO;
      } else {
        fprintf(sp_cli_out(), "%s: the state of %s saved in %s/state.ttl\n", r->file,
                node->strip->inserts[k].path, named);
      }
      if (err != SP_OK)
        sp_fs_remove_tree(tmp);
    }
    free(label);
    free(tmp);
  }
  sp_graph_free(g);
  sp_recipe_free(r);
  return err;
}
