/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The house's rules, read off the sources (docs/design.md draws them).
 *
 * Folders: includes run cmd → io → core, never back. The engine (core/)
 * opens no file; its folders are layered from core/base up to core/render
 * and core/job. The adapters (io/) stand on the engine, on io/fs, the
 * file-system helpers they share, and on io/xml, the XML reader beneath
 * those that read XML, and never on each other, but for the
 * recipe parser (io/recipe), which the importers (io/init, io/session)
 * read their own text with, and MIDI files (io/midi), which the session
 * importer writes a notes clip as and the file system's media reads a
 * track's MIDI with (io/audio/media.c). The table below is that picture; the first
 * test reads every #include "x/..." of every source file against it: a
 * cycle between folders starts with one include that points the wrong
 * way, and it is cheaper to refuse it here than to untangle it later.
 * A few headers are private to a part of the engine (the graph's struct,
 * which only the builder and the renderer read; the rest ask
 * core/graph/query.h): the same test keeps every other file off them.
 *
 * Files: no two files call each other in a loop. A file that uses a
 * function another file defines depends on that file; the second test
 * reads every function definition and every use of a name of core/, io/
 * and cmd/, and fails on a cycle, naming its files and the functions that
 * tie them. A builder or a context that several steps share lives in a
 * file of its own, below the steps and the file that runs them.
 *
 * And the engine, built as a library of its own, needs nothing from
 * outside that opens a file or reads a file format (the third test reads
 * its undefined symbols with nm). */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

TestSuite(layers);

typedef struct layer {
  const char *folder;
  const char *may; /* the folders its files may include, space-separated */
} layer;

/* Every folder of the engine, bottom to top. */
#define CORE                                                                                       \
  "core/base core/album core/dsp core/procs core/recipe core/media core/measure core/graph "      \
  "core/render core/job"

static const layer layers[] = {
    /* core/: the engine, which opens no file */
    {"core/base", "core/base"},
    {"core/album", "core/base core/album"},
    {"core/dsp", "core/base core/dsp"},
    {"core/procs", "core/base core/dsp core/procs"},
    {"core/recipe", "core/base core/dsp core/procs core/album core/recipe"},
    {"core/media", "core/base core/recipe core/media"},
    {"core/measure", "core/base core/dsp core/recipe core/media core/measure"},
    {"core/graph", "core/base core/dsp core/procs core/recipe core/media core/graph"},
    {"core/render",
     "core/base core/dsp core/procs core/recipe core/media core/measure core/graph core/render"},
    {"core/job", "core/base core/procs core/recipe core/media core/graph core/job"},
    /* io/: the adapters, over the engine, io/fs and io/xml, never over
     * each other but for the recipe parser and MIDI files, which the
     * importers use */
    {"io/fs", "core/base io/fs"},
    {"io/xml", "core/base io/xml"},
    {"io/audio", CORE " io/fs io/xml io/midi io/audio"},
    {"io/midi", CORE " io/fs io/midi"},
    {"io/outdir", CORE " io/fs io/outdir"},
    {"io/cache", CORE " io/fs io/cache"},
    {"io/plugin", CORE " io/plugin"},
    {"io/lv2", CORE " io/fs io/plugin io/lv2"},
    {"io/ladspa", CORE " io/fs io/plugin io/ladspa"},
    {"io/synth", CORE " io/fs io/synth"},
    {"io/recipe", CORE " io/fs io/recipe"},
    {"io/init", CORE " io/fs io/recipe io/init"},
    /* (an import's audio and MIDI landed with its recipe through the
     * output folder, as a render's prints are) */
    {"io/session", CORE " io/fs io/xml io/recipe io/midi io/outdir io/session"},
    {"io/report", CORE " io/fs io/xml io/report"},
    /* the album's files: its recipe read as YAML, its files written and
     * read back as audio, and landed in the output folder as a render's
     * prints are (the one way out) */
    {"io/album", CORE " io/fs io/recipe io/audio io/outdir io/album"},
    /* cmd/: the command line, over everything */
    {"cmd", CORE " io/fs io/audio io/midi io/outdir io/cache io/lv2 io/ladspa io/synth io/recipe "
                 "io/init io/session io/report io/album cmd"},
};
enum { N_LAYERS = sizeof layers / sizeof layers[0] };

/* Headers private to folders of the engine: the folders that may include them. */
static const layer private_headers[] = {
    {"core/graph/graph_impl.h", "core/graph core/render"},
};
enum { N_PRIVATE = sizeof private_headers / sizeof private_headers[0] };

/* ---- the sources --------------------------------------------------------- */

typedef struct sources {
  char **path; /* from the source folder: "core/graph/build.c" */
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
  size_t private_uses[N_PRIVATE] = {0};
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
      for (size_t k = 0; k < N_PRIVATE; k++) {
        if (strcmp(inc, private_headers[k].folder) != 0)
          continue;
        private_uses[k]++;
        if (!may_include(&private_headers[k], s.path[i]))
          fprintf(bad, "%s:%d: %s is private to %s; ask its public header's queries\n", s.path[i],
                  no, inc, private_headers[k].may);
      }
    }
    fclose(f);
    free(path);
  }
  fclose(bad);
  for (size_t k = 0; k < N_PRIVATE; k++) /* a header renamed would leave its rule idle */
    cr_assert_gt(private_uses[k], 0, "no file includes %s", private_headers[k].folder);
  cr_assert_eq(len, 0, "includes that point the wrong way:\n%s", text);
  free(text);
  sources_fini(&s);
}

/* ---- files --------------------------------------------------------------- */

/* text with its comments, string and character literals and preprocessor
 * lines blanked out (newlines kept): what is left is declarations and
 * code. */
static char *code_of(const char *text)
{
  char *c = sp_xstrdup(text);
  bool line_start = true;
  for (char *p = c; *p;) {
    if (line_start) {
      char *q = p;
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q == '#') { /* a directive, with its continuation lines */
        for (; *q && !(*q == '\n' && q[-1] != '\\'); q++)
          *q = ' ';
        p = q;
        continue;
      }
    }
    line_start = *p == '\n';
    if (p[0] == '/' && p[1] == '*') {
      char *end = strstr(p + 2, "*/");
      char *stop = end ? end + 2 : p + strlen(p);
      for (; p < stop; p++)
        if (*p != '\n')
          *p = ' ';
    } else if (p[0] == '/' && p[1] == '/') {
      for (; *p && *p != '\n'; p++)
        *p = ' ';
    } else if (*p == '"' || *p == '\'') {
      char quote = *p;
      *p++ = ' ';
      for (; *p && *p != quote; p++) {
        if (*p == '\\' && p[1])
          *p++ = ' ';
        if (*p != '\n')
          *p = ' ';
      }
      if (*p)
        *p++ = ' ';
    } else {
      p++;
    }
  }
  return c;
}

static bool ident_start(char c)
{
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/* A function a file defines. */
typedef struct def {
  char *name;
  size_t file;
  bool global; /* not static */
} def;

typedef struct defs {
  def *v;
  size_t n, cap;
} defs;

/* The functions code (a .c file's, blanked by code_of) defines at file
 * scope: an identifier followed by a parameter list and a body. */
static void definitions(const char *code, size_t file, defs *out)
{
  int depth = 0;
  const char *stmt = code; /* where the current top-level declaration starts */
  for (const char *p = code; *p; p++) {
    if (*p == '{') {
      depth++;
    } else if (*p == '}') {
      if (--depth == 0)
        stmt = p + 1;
    } else if (depth == 0 && *p == ';') {
      stmt = p + 1;
    } else if (depth == 0 && ident_start(*p) && (p == code || !ident_char(p[-1]))) {
      const char *e = p;
      while (ident_char(*e))
        e++;
      const char *q = e;
      while (*q == ' ' || *q == '\n' || *q == '\t')
        q++;
      if (*q != '(') {
        p = e - 1;
        continue;
      }
      int paren = 0;
      for (; *q; q++) {
        paren += *q == '(';
        paren -= *q == ')';
        if (paren == 0)
          break;
      }
      if (!*q)
        break;
      q++;
      while (*q == ' ' || *q == '\n' || *q == '\t')
        q++;
      if (*q == '{' && !(e - p == 4 && strncmp(p, "main", 4) == 0)) { /* main is no one's to use */
        char *decl = sp_xasprintf("%.*s", (int)(p - stmt), stmt);
        bool is_static = false;
        for (char *w = strstr(decl, "static"); w; w = strstr(w + 1, "static"))
          is_static |= (w == decl || !ident_char(w[-1])) && !ident_char(w[6]);
        free(decl);
        SP_GROW(out->v, out->n, out->cap);
        out->v[out->n++] = (def){sp_xasprintf("%.*s", (int)(e - p), p), file, !is_static};
      }
      p = e - 1;
    }
  }
}

/* defs sorted by name, then by file (def_order), for def_first's binary
 * search: the uses of every identifier of every file are looked up, some
 * 300,000 of them, and a scan of every definition for each was 95 % of
 * the module's CPU (8.5 of 9.0 s sanitized). */
static int def_order(const void *a, const void *b)
{
  const def *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->file > y->file) - (x->file < y->file);
}

/* The first definition of name (n bytes, not terminated) in d, sorted by
 * def_order, or d->n where there is none. */
static size_t def_first(const defs *d, const char *name, size_t n)
{
  size_t lo = 0, hi = d->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strncmp(d->v[mid].name, name, n);
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < d->n && strncmp(d->v[lo].name, name, n) == 0 && d->v[lo].name[n] == '\0' ? lo : d->n;
}

/* The file defining global function name, or -1 (the first such file). */
static long defined_in(const defs *d, const char *name, size_t n)
{
  for (size_t i = def_first(d, name, n);
       i < d->n && strncmp(d->v[i].name, name, n) == 0 && d->v[i].name[n] == '\0'; i++)
    if (d->v[i].global)
      return (long)d->v[i].file;
  return -1;
}

/* Whether file defines name itself (statically or not). */
static bool defines(const defs *d, size_t file, const char *name, size_t n)
{
  for (size_t i = def_first(d, name, n);
       i < d->n && strncmp(d->v[i].name, name, n) == 0 && d->v[i].name[n] == '\0'; i++)
    if (d->v[i].file == file)
      return true;
  return false;
}

typedef struct graph {
  size_t n;
  char **why; /* [a × n + b]: a function of b that a uses, or NULL */
} graph;

/* Tarjan's strongly connected components: files that reach each other
 * through uses are one component; a component of more than one file is a
 * loop. comp[a] is a's component's number. */
typedef struct scc {
  const graph *g;
  long *index, *low, *comp;
  bool *on;
  size_t *stack, depth;
  long next, n_comp;
} scc;

static void strong(scc *t, size_t a)
{
  const graph *g = t->g;
  t->index[a] = t->low[a] = t->next++;
  t->stack[t->depth++] = a;
  t->on[a] = true;
  for (size_t b = 0; b < g->n; b++) {
    if (!g->why[a * g->n + b])
      continue;
    if (t->index[b] < 0) {
      strong(t, b);
      if (t->low[b] < t->low[a])
        t->low[a] = t->low[b];
    } else if (t->on[b] && t->index[b] < t->low[a]) {
      t->low[a] = t->index[b];
    }
  }
  if (t->low[a] != t->index[a])
    return;
  size_t b;
  do {
    b = t->stack[--t->depth];
    t->on[b] = false;
    t->comp[b] = t->n_comp;
  } while (b != a);
  t->n_comp++;
}

/* Every constructor of the libraries and the command line has a priority,
 * so that it runs before those without one: the tests' zygote
 * (tests/testutil.c) forks in one of those, and a copy made before the
 * engine's tables are built, say, would run every command without them. */
Test(layers, every_constructor_runs_before_the_tests_zygote)
{
  sources s = all_sources();
  char *text = NULL;
  size_t len = 0;
  FILE *bad = open_memstream(&text, &len);
  int found = 0;
  for (size_t i = 0; i < s.n; i++) {
    char *path = tu_path(SP_SOURCE_DIR, s.path[i]);
    char *src = tu_slurp_must(path);
    for (const char *p = strstr(src, "__attribute__((constructor"); p;
         p = strstr(p + 1, "__attribute__((constructor")) {
      found++;
      if (strncmp(p, "__attribute__((constructor(", 27) != 0)
        fprintf(bad, "%s: a constructor without a priority (write constructor(101))\n", s.path[i]);
    }
    free(src);
    free(path);
  }
  fclose(bad);
  cr_expect_geq(found, 2, "the engine's tables and the umask are read by constructors");
  cr_assert_eq(len, 0, "%s", text);
  free(text);
  sources_fini(&s);
}

Test(layers, no_two_files_call_each_other_in_a_loop)
{
  sources s = all_sources();
  char **code = sp_xcalloc(s.n, sizeof *code);
  defs d = {0};
  for (size_t i = 0; i < s.n; i++) {
    char *path = tu_path(SP_SOURCE_DIR, s.path[i]);
    char *text = tu_slurp_must(path);
    code[i] = code_of(text);
    if (ends_with(s.path[i], ".c"))
      definitions(code[i], i, &d);
    free(text);
    free(path);
  }
  cr_assert_gt(d.n, 500, "only %zu function definitions found", d.n);
  qsort(d.v, d.n, sizeof *d.v, def_order);
  graph g = {s.n, sp_xcalloc(s.n * s.n, sizeof *g.why)};
  for (size_t a = 0; a < s.n; a++) {
    if (!ends_with(s.path[a], ".c"))
      continue;
    for (const char *p = code[a]; *p; p++) {
      if (!ident_start(*p) || (p > code[a] && (ident_char(p[-1]) || p[-1] == '.')) ||
          (p > code[a] + 1 && p[-2] == '-' && p[-1] == '>'))
        continue;
      size_t n = 0;
      while (ident_char(p[n]))
        n++;
      long b = defined_in(&d, p, n);
      if (b >= 0 && (size_t)b != a && !defines(&d, a, p, n) && !g.why[a * s.n + (size_t)b])
        g.why[a * s.n + (size_t)b] = sp_xasprintf("%.*s", (int)n, p);
      p += n - 1;
    }
  }
  scc t = {.g = &g,
           .index = sp_xcalloc(s.n, sizeof(long)),
           .low = sp_xcalloc(s.n, sizeof(long)),
           .comp = sp_xcalloc(s.n, sizeof(long)),
           .on = sp_xcalloc(s.n, sizeof(bool)),
           .stack = sp_xcalloc(s.n, sizeof(size_t))};
  for (size_t a = 0; a < s.n; a++)
    t.index[a] = -1;
  for (size_t a = 0; a < s.n; a++)
    if (t.index[a] < 0)
      strong(&t, a);
  char *text = NULL;
  size_t len = 0;
  FILE *bad = open_memstream(&text, &len);
  for (long c = 0; c < t.n_comp; c++) {
    size_t members = 0;
    for (size_t a = 0; a < s.n; a++)
      members += t.comp[a] == c;
    if (members < 2)
      continue;
    fprintf(bad, "  a loop of %zu files:\n", members);
    for (size_t a = 0; a < s.n; a++)
      for (size_t b = 0; t.comp[a] == c && b < s.n; b++)
        if (t.comp[b] == c && g.why[a * s.n + b])
          fprintf(bad, "    %s uses %s (%s)\n", s.path[a], s.path[b], g.why[a * s.n + b]);
  }
  fclose(bad);
  cr_expect_eq(len, 0, "files that use each other in a loop:\n%s", text);
  free(text);
  free(t.index);
  free(t.low);
  free(t.comp);
  free(t.on);
  free(t.stack);
  for (size_t i = 0; i < s.n * s.n; i++)
    free(g.why[i]);
  free(g.why);
  for (size_t i = 0; i < d.n; i++)
    free(d.v[i].name);
  free(d.v);
  for (size_t i = 0; i < s.n; i++)
    free(code[i]);
  free(code);
  sources_fini(&s);
}

/* ---- the engine's library ------------------------------------------------ */

/* What the engine (core/, its own static library) opens no file and links
 * no file-format or transport library means, read off the library itself:
 * no symbol it needs from outside is a call that opens, names or removes a
 * file, or a function of libsndfile, libsoxr, libyaml, jansson, lilv,
 * libcurl, libxml2 or libzip. */
Test(layers, the_engine_opens_no_file_and_links_no_file_library)
{
  static const char *const calls[] = {
      "open",    "open64",    "openat",    "openat64", "creat",     "fopen",     "fopen64",
      "freopen", "opendir",   "fdopendir", "stat",     "stat64",    "lstat",     "lstat64",
      "fstatat", "access",    "faccessat", "realpath", "mkstemp",   "mkstemp64", "mkdtemp",
      "rename",  "renameat",  "unlink",    "unlinkat", "remove",    "mkdir",     "rmdir",
      "statvfs", "statvfs64", "truncate",  "dlopen",   "getrlimit", "flock"};
  static const char *const prefixes[] = {"sf_",   "soxr_", "rubberband_", "yaml_", "json_",
                                         "lilv_", "curl_", "xml",         "zip_",  NULL};
  char *cmd = sp_xasprintf("nm -u '%s' 2>/dev/null", SP_CORE_LIB);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p, "%s", cmd);
  char line[512];
  size_t symbols = 0;
  char *text = NULL;
  size_t len = 0;
  FILE *bad = open_memstream(&text, &len);
  while (fgets(line, sizeof line, p)) {
    char sym[256];
    if (sscanf(line, " U %255s", sym) != 1)
      continue;
    symbols++;
    char *at = strchr(sym, '@'); /* a versioned name: open@GLIBC_2.2.5 */
    if (at)
      *at = '\0';
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
      if (strcmp(sym, calls[i]) == 0)
        fprintf(bad, "  %s\n", sym);
    for (size_t i = 0; prefixes[i]; i++)
      if (strncmp(sym, prefixes[i], strlen(prefixes[i])) == 0)
        fprintf(bad, "  %s\n", sym);
  }
  pclose(p);
  fclose(bad);
  free(cmd);
  cr_assert_gt(symbols, 50, "nm read only %zu undefined symbols of %s", symbols, SP_CORE_LIB);
  cr_expect_eq(len, 0, "the engine's library needs what opens files or a file library:\n%s", text);
  free(text);
}

/* The engine speaks no DAW: no name in core/'s code (its comments may
 * cite where a formula comes from, its strings hold the recipe's names
 * and messages) names a DAW; a curve a DAW uses is named by what it does
 * (core/dsp/curves/), the importers in io/session/ name the DAW. Code
 * is what code_of leaves: a macro is caught where it is used. */
Test(layers, the_engine_names_no_daw)
{
  static const char *const daws[] = {"ardour", "reaper", "bitwig", "cubase", "nuendo", NULL};
  sources s = all_sources();
  char *text = NULL;
  size_t len = 0;
  FILE *bad = open_memstream(&text, &len);
  for (size_t i = 0; i < s.n; i++) {
    if (strncmp(s.path[i], "core/", 5) != 0)
      continue;
    char *path = tu_path(SP_SOURCE_DIR, s.path[i]);
    char *raw = tu_slurp_must(path), *code = code_of(raw);
    int line = 1;
    for (char *p = code; *p; p++) {
      line += *p == '\n';
      for (size_t k = 0; daws[k]; k++)
        if (strncasecmp(p, daws[k], strlen(daws[k])) == 0)
          fprintf(bad, "  %s:%d: %s\n", s.path[i], line, daws[k]);
    }
    free(code);
    free(raw);
    free(path);
  }
  fclose(bad);
  cr_assert_eq(len, 0, "core/ code naming a DAW (name the curve or the clock by what it does):\n%s",
               text);
  free(text);
  sources_fini(&s);
}
