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

#include "base/alloc.h"
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

static const layer layers[] = {
    {"base", "base"},
    {"dsp", "base dsp"},
    {"io", "base dsp io"},
    {"core", "base dsp io core"},
    {"recipe", "base dsp io core recipe"},
    {"report", "base dsp io core report"},
    {"session", "base dsp io core recipe session"},
    {"cmd", "base dsp io core recipe report session cmd"},
};

static bool may_include(const layer *l, const char *folder)
{
  char word[40];
  snprintf(word, sizeof word, " %s ", folder);
  char *list = sp_xasprintf(" %s ", l->may);
  bool ok = strstr(list, word) != NULL;
  free(list);
  return ok;
}

/* Check every .c and .h under dir (recursively) against l; count the files
 * read and describe each wrong include into bad. */
static void check_dir(const layer *l, const char *dir, size_t *files, FILE *bad)
{
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "%s", dir);
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char *path = sp_xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      check_dir(l, path, files, bad);
    } else {
      size_t n = strlen(e->d_name);
      if (n > 2 && (strcmp(e->d_name + n - 2, ".c") == 0 || strcmp(e->d_name + n - 2, ".h") == 0)) {
        (*files)++;
        FILE *f = fopen(path, "r");
        char line[512];
        for (int no = 1; f && fgets(line, sizeof line, f); no++) {
          char folder[32];
          int slash = 0; /* a folder's include ("x/..."), not a generated header's ("x_y.h") */
          if (sscanf(line, " # include \"%31[a-z]/%n", folder, &slash) == 1 && slash > 0 &&
              !may_include(l, folder))
            fprintf(bad, "%s:%d: %s (a %s file may include only %s)\n", path + strlen(SP_SOURCE_DIR) + 1,
                    no, strtok(line, "\n"), l->folder, l->may);
        }
        if (f)
          fclose(f);
      }
    }
    free(path);
  }
  closedir(d);
}

Test(layers, every_include_points_down)
{
  char *text = NULL;
  size_t len = 0, files = 0;
  FILE *bad = open_memstream(&text, &len);
  for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
    char *dir = sp_xasprintf("%s/%s", SP_SOURCE_DIR, layers[i].folder);
    check_dir(&layers[i], dir, &files, bad);
    free(dir);
  }
  fclose(bad);
  cr_assert_gt(files, 60, "only %zu source files found", files);
  cr_assert_eq(len, 0, "includes that point the wrong way:\n%s", text);
  free(text);
}
