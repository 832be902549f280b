/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The layers are one-way (docs/design.md draws them):
 *
 *   cmd ─► session ─► recipe ─► core ─► io ─► dsp ─► base
 *   cmd ─► report ─► core
 *
 * Each folder may include its own headers and those of the folders below
 * it, never above or beside: recipe (the parser, the init engine) and
 * report (JSON, HTML, route maps, depfiles) sit side by side over the
 * engine and do not use each other; session (DAW sessions as recipes)
 * sits over recipe, whose parser reads what it writes. This test reads every #include "x/..."
 * of every source file and fails on one that points the wrong way: a
 * cycle between folders starts with one such line, and it is cheaper to
 * refuse it here than to untangle it later. */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

TestSuite(layers);

typedef struct layer {
  const char *folder;
  const char *may; /* the folders its files may include, space-separated */
} layer;

/* While the engine is being turned around (io/ still below core/). */
#define OLD_IO "io/fs io/audio io/outdir io/cache io/lv2 io/session"
#define CORE "core/base core/dsp core/recipe core/procs core/graph core/measure core/render core/job"

static const layer layers[] = {
    {"core/base", "core/base"},
    {"core/dsp", "core/base core/dsp"},
    {"io/fs", "core/base core/dsp core/recipe " OLD_IO},
    {"io/audio", "core/base core/dsp core/recipe " OLD_IO},
    {"io/outdir", "core/base core/dsp core/recipe " OLD_IO},
    {"io/cache", "core/base core/dsp core/recipe " OLD_IO},
    {"io/lv2", "core/base core/dsp core/recipe " OLD_IO},
    {"core", CORE " " OLD_IO},
    {"io/recipe", CORE " " OLD_IO " io/recipe io/init"},
    {"io/init", CORE " " OLD_IO " io/recipe io/init"},
    {"io/report", CORE " " OLD_IO " io/report"},
    {"io/session", CORE " " OLD_IO " io/recipe io/session"},
    {"cmd", CORE " " OLD_IO " io/recipe io/init io/report io/session cmd"},
};
enum { N_LAYERS = sizeof layers / sizeof layers[0] };

/* The layer a path (a file, or an included header) is in: the one whose
 * folder is the longest prefix of it; NULL for none (a system header, a
 * generated one). */
static const layer *layer_of(const char *path)
{
  const layer *best = NULL;
  for (size_t i = 0; i < N_LAYERS; i++) {
    size_t n = strlen(layers[i].folder);
    if (strncmp(path, layers[i].folder, n) == 0 && path[n] == '/' &&
        (!best || n > strlen(best->folder)))
      best = &layers[i];
  }
  return best;
}

/* Whether a file of l may include the header at path: some folder of its
 * list holds it. */
static bool may_include(const layer *l, const char *path)
{
  char *list = sp_xstrdup(l->may), *save = NULL;
  bool ok = false;
  for (char *w = strtok_r(list, " ", &save); w && !ok; w = strtok_r(NULL, " ", &save))
    ok = strncmp(path, w, strlen(w)) == 0 && path[strlen(w)] == '/';
  free(list);
  return ok;
}

/* Check every .c and .h under dir (recursively, rel its path from the
 * source folder); count the files read and describe each wrong include
 * into bad. */
static void check_dir(const char *rel, size_t *files, FILE *bad)
{
  char *dir = sp_xasprintf("%s/%s", SP_SOURCE_DIR, rel);
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "%s", dir);
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char *path = sp_xasprintf("%s/%s", dir, e->d_name), *sub = sp_xasprintf("%s/%s", rel, e->d_name);
    struct stat st;
    size_t n = strlen(e->d_name);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      check_dir(sub, files, bad);
    } else if (n > 2 && (strcmp(e->d_name + n - 2, ".c") == 0 || strcmp(e->d_name + n - 2, ".h") == 0)) {
      const layer *l = layer_of(sub);
      cr_assert_not_null(l, "%s is in no layer of the table", sub);
      (*files)++;
      FILE *f = fopen(path, "r");
      char line[512];
      for (int no = 1; f && fgets(line, sizeof line, f); no++) {
        char inc[200];
        if (sscanf(line, " # include \"%199[a-z_0-9/.]\"", inc) != 1 || !strchr(inc, '/'))
          continue; /* a system header, or a generated one ("sp_sources_id.h") */
        if (!may_include(l, inc))
          fprintf(bad, "%s:%d: %s (a %s file may include only %s)\n", sub, no, strtok(line, "\n"),
                  l->folder, l->may);
      }
      if (f)
        fclose(f);
    }
    free(sub);
    free(path);
  }
  closedir(d);
  free(dir);
}

Test(layers, every_include_points_down)
{
  char *text = NULL;
  size_t len = 0, files = 0;
  FILE *bad = open_memstream(&text, &len);
  check_dir("core", &files, bad);
  check_dir("io", &files, bad);
  check_dir("cmd", &files, bad);
  fclose(bad);
  cr_assert_gt(files, 60, "only %zu source files found", files);
  cr_assert_eq(len, 0, "includes that point the wrong way:\n%s", text);
  free(text);
}
