/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The house's two rules, read off the sources (docs/design.md draws them).
 *
 * Folders: includes run cmd → io → core, never back. The engine (core/)
 * opens no file; its folders are layered from core/base up to core/render
 * and core/job. The adapters (io/) stand on the engine and on io/fs, the
 * file-system helpers they share, and never on each other, but for the
 * recipe parser (io/recipe), which the importers (io/init, io/session)
 * read their own text with. The table below is that picture; the first
 * test reads every #include "x/..." of every source file against it: a
 * cycle between folders starts with one include that points the wrong
 * way, and it is cheaper to refuse it here than to untangle it later. */

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

/* Every folder of the engine, bottom to top. */
#define CORE                                                                                       \
  "core/base core/dsp core/procs core/recipe core/media core/measure core/graph core/render "      \
  "core/job"

static const layer layers[] = {
    /* core/: the engine, which opens no file */
    {"core/base", "core/base"},
    {"core/dsp", "core/base core/dsp"},
    {"core/procs", "core/base core/dsp core/procs"},
    {"core/recipe", "core/base core/dsp core/procs core/recipe"},
    {"core/media", "core/base core/recipe core/media"},
    {"core/measure", "core/base core/dsp core/recipe core/media core/measure"},
    {"core/graph", "core/base core/dsp core/procs core/recipe core/media core/graph"},
    {"core/render",
     "core/base core/dsp core/procs core/recipe core/media core/measure core/graph core/render"},
    {"core/job", "core/base core/procs core/recipe core/media core/graph core/job"},
    /* io/: the adapters, over the engine and io/fs, never over each other
     * but for the recipe parser, which the importers use */
    {"io/fs", "core/base io/fs"},
    {"io/audio", CORE " io/fs io/audio"},
    {"io/outdir", CORE " io/fs io/outdir"},
    {"io/cache", CORE " io/fs io/cache"},
    {"io/lv2", CORE " io/fs io/lv2"},
    {"io/recipe", CORE " io/fs io/recipe"},
    {"io/init", CORE " io/fs io/recipe io/init"},
    {"io/session", CORE " io/fs io/recipe io/session"},
    {"io/report", CORE " io/fs io/report"},
    /* cmd/: the command line, over everything */
    {"cmd", CORE " io/fs io/audio io/outdir io/cache io/lv2 io/recipe io/init io/session "
                 "io/report cmd"},
};
enum { N_LAYERS = sizeof layers / sizeof layers[0] };

/* ---- the sources --------------------------------------------------------- */

typedef struct sources {
  char **path; /* from the source folder: "core/graph/graph.c" */
  size_t n, cap;
} sources;

static bool ends_with(const char *s, const char *end)
{
  size_t n = strlen(s), m = strlen(end);
  return n >= m && strcmp(s + n - m, end) == 0;
}

/* Every .c and .h under rel (recursively), into s. */
static void list(const char *rel, sources *s)
{
  char *dir = sp_xasprintf("%s/%s", SP_SOURCE_DIR, rel);
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "%s", dir);
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char *path = sp_xasprintf("%s/%s", dir, e->d_name),
         *sub = sp_xasprintf("%s/%s", rel, e->d_name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      list(sub, s);
      free(sub);
    } else if (ends_with(sub, ".c") || ends_with(sub, ".h")) {
      SP_GROW(s->path, s->n, s->cap);
      s->path[s->n++] = sub;
    } else {
      free(sub);
    }
    free(path);
  }
  closedir(d);
  free(dir);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static sources all_sources(void)
{
  sources s = {0};
  list("core", &s);
  list("io", &s);
  list("cmd", &s);
  qsort(s.path, s.n, sizeof *s.path, cmp_str);
  return s;
}

static void sources_fini(sources *s)
{
  for (size_t i = 0; i < s->n; i++)
    free(s->path[i]);
  free(s->path);
}

/* ---- folders ------------------------------------------------------------- */

/* The layer a file is in: the one whose folder is the longest prefix of
 * its path; NULL for none. */
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
  char *list_ = sp_xstrdup(l->may), *save = NULL;
  bool ok = false;
  for (char *w = strtok_r(list_, " ", &save); w && !ok; w = strtok_r(NULL, " ", &save))
    ok = strncmp(path, w, strlen(w)) == 0 && path[strlen(w)] == '/';
  free(list_);
  return ok;
}

Test(layers, every_include_points_down)
{
  sources s = all_sources();
  cr_assert_gt(s.n, 60, "only %zu source files found", s.n);
  char *text = NULL;
  size_t len = 0;
  FILE *bad = open_memstream(&text, &len);
  for (size_t i = 0; i < s.n; i++) {
    const layer *l = layer_of(s.path[i]);
    cr_assert_not_null(l, "%s is in no layer of the table", s.path[i]);
    char *path = tu_path(SP_SOURCE_DIR, s.path[i]);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[512];
    for (int no = 1; fgets(line, sizeof line, f); no++) {
      char inc[200];
      if (sscanf(line, " # include \"%199[a-z_0-9/.]\"", inc) != 1 || !strchr(inc, '/'))
        continue; /* a system header, or a generated one ("sp_sources_id.h") */
      if (!may_include(l, inc))
        fprintf(bad, "%s:%d: %s (a %s file may include only %s)\n", s.path[i], no,
                strtok(line, "\n"), l->folder, l->may);
    }
    fclose(f);
    free(path);
  }
  fclose(bad);
  cr_assert_eq(len, 0, "includes that point the wrong way:\n%s", text);
  free(text);
  sources_fini(&s);
}
