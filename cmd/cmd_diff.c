/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint diff OLD NEW: what changed between two print sets, print by
 * print (core/measure/diff.h the math, io/report/diff_set.h the sets,
 * io/report/diff.h what it says). OLD and NEW are output folders, render
 * reports, or recipes (rendered here, through the cache when given, by
 * render itself into a scratch folder, or into --keep's folder, or with
 * --html beside the page, which plays them). Exit 0 when every assertion holds
 * (none given: every print identical within the threshold), 1 when one
 * fails, 2 usage, 3 a set or file that cannot be read or compared, 4 a
 * recipe that did not render. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "io/audio/media.h"
#include "core/graph/graph.h"
#include "core/job/job.h"
#include "io/cache/digests.h"
#include "io/fs/fs.h"
#include "io/fs/spawn.h"
#include "io/report/diff.h"
#include "io/report/diff_html.h"
#include "io/report/diff_cause.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help_about[] =
    "usage: stemprint diff OLD NEW [--expect-changed NAME,...] [--max-residual DB]\n"
    "       stemprint diff RECIPE --rev GIT_REV [options]\n"
    "                              [--strict] [--max-loudness-delta LU] [--threshold DB]\n"
    "                              [--max-lag S] [--third-octave] [--cache DIR] [--keep DIR]\n"
    "                              [-j N] [--confine | --confine-to DIR] [--json FILE]\n"
    "                              [--junit FILE.xml] [--markdown FILE.md] [--html FILE.html]\n"
    "\n"
    "What changed between two sets of prints: OLD and NEW are each an output\n"
    "folder (the prints its records list), a render's --report JSON (its outputs),\n"
    "a recipe (rendered first, into a scratch folder, through the cache when\n"
    "one is given) or an audio file (that print alone; two files are compared\n"
    "whatever their names). Prints are matched by name (mix, stems, versions,\n"
    "buses, output.also's copies, ADM re-renders), else by name without the\n"
    "extension (mix.wav and mix.flac: compared as decoded samples, the change of\n"
    "format, depth or rate said as a cause); one in a set only is said. For each:\n"
    "identical bytes, identical samples, within the threshold, shifted (lag N\n"
    "frames), rescaled (gain x dB) or changed; for a changed print the residual's\n"
    "peak and RMS, each side's loudness, true peak and LRA, where in time the\n"
    "residual is above the threshold (the loudest spans first) and what: the\n"
    "octave bands that moved most there. When both are recipes, the cause: the\n"
    "recipe keys that changed (at their lines), the input files whose digest\n"
    "changed, and the prints each reaches; a print no change reaches that moved\n"
    "because a shared compressor, limiter, gate or master.normalize it passes\n"
    "through heard what changed has *followed* it (linked dynamics).\n"
    "\n";
static const char help_options[] =
    "options:\n"
    "  --expect-changed NAMES  the prints that must differ (a name, or its file\n"
    "                          name without the extension: mix,vocals; spaces around\n"
    "                          a name ignored); every other must be identical within\n"
    "                          the threshold, or have followed a shared processor\n"
    "  --strict                a print that followed fails --expect-changed too\n"
    "  --max-residual DB       every print's residual peak at most DB dBFS\n"
    "  --max-loudness-delta LU every print's loudness within ± LU of the old one\n"
    "                          (without any of these three: every print must be\n"
    "                          identical within the threshold)\n"
    "  --threshold DB          the residual peak a print differs above, and spans\n"
    "                          rise above (default: the null test's for the files'\n"
    "                          depth, two files with dither, as null's auto:\n"
    "                          -128.9 dBFS for 24-bit; -140 dBFS for float)\n"
    "  --max-lag SECONDS       the alignment's search, ± (default 1 s)\n"
    "  --third-octave          third-octave bands (31) instead of octaves (10)\n"
    "  --rev GIT_REV           OLD is RECIPE as it was at that git revision (the\n"
    "                          revision's tree unpacked by git archive into a\n"
    "                          scratch folder; the working tree is not touched)\n"
    "  --cache DIR             render recipes through this cache (as render's)\n"
    "  --keep DIR              render recipe sides into DIR/old and DIR/new and keep\n"
    "                          them (default: a scratch folder, deleted; with --html\n"
    "                          FILE.html, FILE.prints beside the page, which plays them)\n"
    "  -j, --jobs N            threads a recipe renders with, and a pair is compared\n"
    "                          with (2: its meters beside its alignment and bands)\n"
    "  --confine               confine each recipe's render as render's option\n"
    "                          does (diff's folder for its prints allowed), and each\n"
    "                          set's prints (links followed) to its own folder\n"
    "  --confine-to DIR        the same inside DIR (given again: any of them)\n"
    "  --json FILE             the whole comparison as JSON (docs/verify.md)\n"
    "  --junit FILE.xml        a testcase per print and per assertion\n"
    "  --markdown FILE.md      a table for a pull-request comment\n"
    "  --html FILE.html        a page to listen: A, B and A - B of every print in sync,\n"
    "                          the loudness of both, the residual's spans, the band deltas\n"
    "                          (a recipe side's prints kept for it beside the page, in\n"
    "                          FILE.prints, but for a page on standard output or a\n"
    "                          device: see --keep)\n"
    "  -h, --help              this help\n"
    "\n"
    "exit status: 0 as expected, 1 an assertion failed (or, without one, a print\n"
    "differs), 2 usage, 3 a set or file that cannot be read or compared, 4 a\n"
    "recipe that did not render.\n";

/* Run git with argv (io/fs/spawn.h, no shell); SP_OK when it exited 0,
 * its output in res (fini it either way). Else the failure in why: git's
 * command line, its status and the first line of its errors, or that it
 * could not start. */
static sp_err git(const char *const *argv, sp_spawn_result *res, char *why, size_t why_size)
{
  if (sp_spawn(argv, res, why, why_size) != SP_OK)
    return SP_ERR_IO;
  if (res->status == 0)
    return SP_OK;
  sp_spawn_failure(argv, res, why, why_size);
  return SP_ERR_IO;
}

/* recipe as it was at git revision rev: that revision's tree, unpacked by
 * git archive into scratch/rev.tar and tar into scratch/rev (the working
 * tree untouched); its path there (heap), *said its name ("REV:path",
 * heap), *repo the repository's top (heap); NULL with *status set when
 * not (said, with git's own words). */
static char *at_revision(const char *recipe, const char *rev, const char *scratch, char **said,
                         char **repo, int *status)
{
  if (rev[0] == '-' || !*rev) {
    sp_diag_line(stderr, "stemprint: error: --rev '%s': not a revision; give a commit, branch or "
                         "tag (git log --oneline)", rev);
    *status = SP_ERR_USAGE;
    return NULL;
  }
  char why[1200];
  char *real = realpath(recipe, NULL);
  char *folder = real ? sp_fs_folder_of(real) : NULL;
  char *top = NULL, *out = NULL, *spec_ = NULL, *commit = NULL;
  sp_spawn_result r = {0};
  const char *show[] = {"git", "-C", folder ? folder : ".", "rev-parse", "--show-toplevel", NULL};
  if (!real) {
    sp_diag_line(stderr, "stemprint: error: %s: %s; give the recipe's path", recipe,
                 strerror(errno));
    *status = SP_ERR_IO;
    goto done;
  }
  if (git(show, &r, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr,
                 "stemprint: error: %s: in no git repository (%s); --rev needs the recipe "
                 "in one",
                 recipe, why);
    *status = SP_ERR_IO;
    goto done;
  }
  r.out[strcspn(r.out, "\n")] = '\0';
  top = sp_xstrdup(r.out);
  sp_spawn_result_fini(&r);
  const size_t tl = strlen(top);
  if (!*top || strncmp(real, top, tl) != 0 || real[tl] != '/') {
    sp_diag_line(stderr,
                 "stemprint: error: %s: not under its repository's top %s; --rev needs "
                 "the recipe in the repository",
                 recipe, top);
    *status = SP_ERR_IO;
    goto done;
  }
  const char *rel = real + tl + 1;
  commit = sp_xasprintf("%s^{commit}", rev);
  const char *verify[] = {"git", "-C", top, "rev-parse", "--verify", commit, NULL};
  if (git(verify, &r, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr,
                 "stemprint: error: --rev %s: no such commit in %s (%s); give a commit, "
                 "branch or tag (git log --oneline)",
                 rev, top, why);
    *status = SP_ERR_USAGE;
    goto done;
  }
  sp_spawn_result_fini(&r);
  spec_ = sp_xasprintf("%s:%s", rev, rel);
  const char *has[] = {"git", "-C", top, "cat-file", "-e", spec_, NULL};
  if (git(has, &r, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr,
                 "stemprint: error: %s: the recipe is not in that revision (%s); give a "
                 "revision that has it",
                 recipe, why);
    *status = SP_ERR_IO;
    goto done;
  }
  sp_spawn_result_fini(&r);
  char *tree = sp_xasprintf("%s/rev", scratch), *tar = sp_xasprintf("%s/rev.tar", scratch);
  const char *archive[] = {"git", "-C", top, "archive", "--format=tar", "-o", tar, rev, NULL};
  const char *untar[] = {"tar", "-x", "-f", tar, "-C", tree, NULL};
  bool unpacked = false;
  if (mkdir(tree, 0777) != 0) {
    snprintf(why, sizeof why, "cannot make %s: %s", tree, strerror(errno));
  } else if (git(archive, &r, why, sizeof why) == SP_OK) {
    sp_spawn_result_fini(&r);
    if (sp_spawn(untar, &r, why, sizeof why) == SP_OK) {
      unpacked = r.status == 0;
      if (!unpacked)
        sp_spawn_failure(untar, &r, why, sizeof why);
    }
  }
  sp_spawn_result_fini(&r);
  unlink(tar);
  if (!unpacked) {
    sp_diag_line(stderr,
                 "stemprint: error: --rev %s: the revision could not be unpacked into %s "
                 "(%s); is there room?",
                 rev, tree, why);
    *status = SP_ERR_IO;
  } else {
    out = sp_xasprintf("%s/%s", tree, rel);
    *said = sp_xstrdup(spec_);
    *repo = sp_xstrdup(top);
  }
  free(tree);
  free(tar);
done:
  sp_spawn_result_fini(&r);
  free(spec_);
  free(commit);
  free(top);
  free(folder);
  free(real);
  return out;
}

/* Where a recipe side's prints are kept for the page at html: beside it,
 * its name with ".prints" for ".html" (diff.html: diff.prints/old, /new). */
static char *prints_beside(const char *html)
{
  const char *dot = strrchr(html, '.'), *slash = strrchr(html, '/');
  const size_t stem = dot && (!slash || dot > slash) && strcasecmp(dot, ".html") == 0
                          ? (size_t)(dot - html)
                          : strlen(html);
  return sp_xasprintf("%.*s.prints", (int)stem, html);
}

static bool is_recipe(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))
    return false;
  const char *dot = strrchr(path, '.');
  return dot && strcasecmp(dot, ".json") != 0 && !sp_diff_audio_name(path);
}

/* Render recipe into dir with render itself (its cache, its checks),
 * confined to the n roots (--confine-to each) when n > 0; returns its
 * status. */
static int render_into(const char *recipe, const char *dir, const char *cache, long jobs,
                       char *const *roots, size_t n, size_t *served)
{
  char j[32];
  snprintf(j, sizeof j, "%ld", jobs);
  char **argv = sp_xcalloc(11 + 2 * n, sizeof *argv);
  int argc = 0;
  const char *fixed[] = {
      recipe, "-o", dir, "-q", "-j", j, "--progress", "none", cache ? "--cache" : "--no-cache"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
    argv[argc++] = (char *)fixed[i];
  if (cache)
    argv[argc++] = (char *)cache;
  for (size_t i = 0; i < n; i++) {
    argv[argc++] = "--confine-to";
    argv[argc++] = roots[i];
  }
  const int st = sp_cmd_render_counted(argc, argv, served);
  free(argv);
  /* a failed check (a loudness target) still printed the files */
  return st == SP_ERR_CHECK ? SP_OK : st;
}

/* The cause when both sides are recipes: each loaded again as its
 * render printed it (into dirs[k], confined to roots[k] as it rendered)
 * and made a job (its canonical recipe, its inputs' digests); heap. NULL
 * (said) when one does not load. */
static sp_diff_cause *cause_of(const char *const *recipes, char *const *dirs, char **const *roots,
                               const size_t *n_roots)
{
  sp_diff_cause *c = NULL;
  char *index_path = sp_digest_index_default_path();
  sp_digest_index *ix = sp_digest_index_open(index_path);
  free(index_path);
  sp_recipe *r[2] = {NULL, NULL};
  sp_graph *g[2] = {NULL, NULL};
  sp_job job[2] = {{0}, {0}};
  bool ok = true;
  for (int k = 0; k < 2 && ok; k++) {
    sp_cli_input in = {.gopts = {.out_dir = dirs[k]},
                       .roots = {(const char **)roots[k], n_roots[k]}};
    sp_diags d;
    sp_diags_init(&d);
    sp_err err = sp_cli_load(recipes[k], &in, &r[k], &g[k], &d);
    if (err == SP_OK) {
      sp_job_opts jo = {.digest = sp_digest_index_file, .digest_ctx = ix, .threads = 1};
      err = sp_job_build(g[k], &jo, &job[k], &d);
    }
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
    ok = err == SP_OK;
  }
  if (ok) {
    c = sp_xcalloc(1, sizeof *c);
    sp_diff_cause_of(g[0], &job[0], g[1], &job[1], c);
  }
  for (int k = 0; k < 2; k++) {
    sp_job_fini(&job[k]);
    sp_graph_free(g[k]);
    sp_recipe_free(r[k]);
  }
  sp_digest_index_close(ix);
  return c;
}

/* The folders side k may read under --confine or --confine-to (heap
 * strings, *n): --confine-to's (for the recipe at a revision, a folder
 * inside the repository, repo, taken to the same place in its unpacked
 * tree, tree), else the side's own folder: a recipe's, an output folder
 * itself, a report's; and a recipe side's output folder, out, diff's own,
 * which its render writes. */
static char **side_roots(const sp_arg_list *given, const char *arg, bool recipe, const char *out,
                         const char *repo, const char *tree, size_t *n)
{
  char **v = sp_xcalloc(given->n + 2, sizeof *v);
  *n = 0;
  for (size_t i = 0; i < given->n; i++) {
    char *real = repo ? realpath(given->v[i], NULL) : NULL;
    const size_t tl = repo ? strlen(repo) : 0;
    if (real && strncmp(real, repo, tl) == 0 && (real[tl] == '/' || real[tl] == '\0'))
      v[(*n)++] = sp_xasprintf("%s%s", tree, real + tl);
    else
      v[(*n)++] = sp_xstrdup(given->v[i]);
    free(real);
  }
  struct stat st;
  if (given->n > 0)
    ;
  else if (recipe)
    v[(*n)++] = sp_fs_folder_of(arg);
  else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) /* an output folder */
    v[(*n)++] = sp_xstrdup(arg);
  else /* a report */
    v[(*n)++] = sp_fs_parent(arg);
  if (out)
    v[(*n)++] = sp_xstrdup(out);
  return v;
}

/* Under confinement, whether every print of s resolves inside one of the
 * n roots; each that does not is said (exit 2, before a print is read). */
static bool prints_confined(const sp_diff_set *s, const char *said, char *const *roots, size_t n)
{
  bool ok = true;
  for (size_t i = 0; i < s->n; i++) {
    char *real = NULL;
    if (sp_graph_confined(sp_audio_media(), s->prints[i].path, (const char *const *)roots, n,
                          &real)) {
      free(real);
      continue;
    }
    char *list = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&list, &len);
    for (size_t k = 0; k < n; k++)
      fprintf(f, "%s%s", k ? ", " : "", roots[k]);
    fclose(f);
    sp_diag_line(stderr,
                 "stemprint: error: %s: the print '%s' resolves to '%s', outside the folders "
                 "this diff may read (--confine: %s); keep it inside them",
                 said, s->prints[i].path, real ? real : "?", list);
    free(list);
    free(real);
    ok = false;
  }
  return ok;
}

typedef struct outputs {
  const char *json, *junit, *markdown, *html;
  bool rendered; /* a side was a recipe, rendered into the scratch folder (not kept) */
} outputs;

/* Note the prints each side holds (a folder's, a report's; a recipe
 * side's, noted as its render built them, with every file it read: the
 * record held across the renders, sp_cli_writes_hold) and refuse an
 * output over any of them, or over an input. */
static int check_writes(const sp_diff_set *s)
{
  for (int k = 0; k < 2; k++) {
    sp_cli_reads_add(s[k].arg, "an input of this command");
    for (size_t i = 0; i < s[k].n; i++)
      sp_cli_reads_add(s[k].prints[i].path, "a print this command compares");
  }
  char why[1024];
  return sp_cli_writes_check(true, why, sizeof why);
}

/* Write the outputs asked, each a view of rep; the status, made worse
 * by an output that cannot be written. */
static int write_outputs(const outputs *o, const sp_diff_report *rep, int status)
{
  char why[1024];
  int st = status;
  if (o->json) {
    sp_json *j = sp_diff_json(rep);
    if (sp_report_write(j, o->json, why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: --json %s: %s", o->json, why);
      st = st > SP_ERR_IO ? st : SP_ERR_IO;
    }
    sp_report_free(j);
  }
  if (o->markdown) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    sp_diff_markdown(f, rep);
    fclose(f);
    if (sp_fs_write_text(o->markdown, text, why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: --markdown %s: %s", o->markdown, why);
      st = st > SP_ERR_IO ? st : SP_ERR_IO;
    }
    free(text);
  }
  if (o->html &&
      sp_diff_html_write(o->html, rep,
                         o->rendered ? "a side was a recipe, rendered into a scratch folder "
                                       "that is gone; render each into an output folder and "
                                       "diff the folders to listen, or give --keep DIR"
                                     : NULL,
                         why, sizeof why) != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: --html %s: %s", o->html, why);
    st = st > SP_ERR_IO ? st : SP_ERR_IO;
  }
  if (o->junit) {
    sp_junit_suite *suite = sp_diff_junit(rep);
    st = sp_cli_junit_write(o->junit, &suite, 1, st);
  }
  return st;
}

int sp_cmd_diff(int argc, char **argv)
{
  sp_diff_expect e = {.max_residual_dbfs = NAN, .max_loudness_delta_lu = NAN};
  sp_diff_opts opts = {.threshold_dbfs = NAN, .max_lag_s = 1.0};
  outputs o = {0};
  const char *cache = NULL, *rev = NULL, *keep = NULL;
  sp_cli_input in = {0};
  long jobs = sp_cli_cpus();
  const sp_arg table[] = {
      SP_TEXT_ARG("expect-changed", 0, &e.changed, "print names, comma-separated", "mix,vocals"),
      {.name = "strict", .kind = SP_ARG_FLAG, .to = &e.strict},
      SP_VALUE_ARG("max-residual", &e.max_residual_dbfs, SP_UNIT_DBFS, -INFINITY, INFINITY,
                   "a level in dBFS (or dB)", "-90 dBFS", NULL),
      SP_VALUE_ARG("max-loudness-delta", &e.max_loudness_delta_lu, SP_UNIT_LU, 0, INFINITY,
                   "a loudness difference of 0 LU or more", "0.5 LU", NULL),
      SP_VALUE_ARG("threshold", &opts.threshold_dbfs, SP_UNIT_DBFS, -INFINITY, INFINITY,
                   "a level in dBFS (or dB)", "-120 dBFS", NULL),
      SP_VALUE_ARG("max-lag", &opts.max_lag_s, SP_UNIT_SECONDS, DBL_MIN, 10,
                   "a time above 0 and at most 10 s (s, ms or m:ss)", "500 ms", NULL),
      {.name = "third-octave", .kind = SP_ARG_FLAG, .to = &opts.third_octave},
      SP_TEXT_ARG("rev", 0, &rev, "a git revision", "main"),
      SP_TEXT_ARG("cache", 0, &cache, "a folder", "~/.cache/stemprint/renders"),
      SP_TEXT_ARG("keep", 0, &keep, "a folder", "diff-prints"),
      SP_JOBS_ARG(&jobs),
      SP_CONFINE_ARGS(&in),
      SP_OUTPUT_ARG("json", 0, &o.json, "a file name", "diff.json"),
      SP_OUTPUT_ARG("junit", 0, &o.junit, "a file name", "diff.xml"),
      SP_OUTPUT_ARG("markdown", 0, &o.markdown, "a file name", "diff.md"),
      SP_OUTPUT_ARG("html", 0, &o.html, "a file name", "diff.html"),
      {.name = NULL},
  };
  static char help[sizeof help_about + sizeof help_options]; /* C11's longest literal is less */
  snprintf(help, sizeof help, "%s%s", help_about, help_options);
  const sp_cli_spec spec = {"diff", help, 1, 2, "give the old set and the new", NULL, 0};
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, table, argc, argv, &args, &status))
    return status;
  if ((rev != NULL) != (args.n_pos == 1)) {
    sp_diag_line(stderr, "stemprint: error: %s",
                 rev ? "--rev compares one recipe with itself at a revision: give the recipe "
                       "alone (stemprint diff song.yaml --rev main)"
                     : "give the old set and the new (or a recipe and --rev GIT_REV)");
    sp_args_fini(&args);
    return SP_ERR_USAGE;
  }
  opts.threads = jobs > 1 ? 2 : 1;
  const bool confined = in.confine || in.roots.n > 0;
  char *scratch = NULL, *dirs[2] = {NULL, NULL}, *old_recipe = NULL, *said_old = NULL;
  char *repo = NULL, *tree = NULL, **roots[2] = {NULL, NULL};
  size_t n_roots[2] = {0, 0};
  char *keep_dir = keep ? sp_xstrdup(keep) : NULL;
  /* what each side is: as given, or the recipe at its revision */
  const char *given[2] = {args.pos[0], rev ? args.pos[0] : args.pos[1]};
  const char *arg[2] = {given[0], given[1]};
  const char *recipes[2] = {given[0], given[1]};
  status = SP_OK;
  char why[1024];
  /* a recipe side's render adds what it reads to this command's record
   * (and is refused where an output of diff's would destroy one) */
  sp_cli_writes_hold(true);
  for (int k = 0; k < 2 && status == SP_OK; k++) {
    if (!is_recipe(arg[k]))
      continue;
    if (!scratch) {
      const char *tmp = getenv("TMPDIR");
      scratch = sp_xasprintf("%s/stemprint-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
      if (!mkdtemp(scratch)) {
        sp_diag_line(stderr, "stemprint: error: %s: cannot make a scratch folder; set TMPDIR",
                     scratch);
        status = SP_ERR_IO;
        break;
      }
      char *abs = realpath(scratch, NULL); /* git -C reads it from elsewhere */
      if (abs)
        free(scratch), scratch = abs;
    }
    if (k == 0 && rev) {
      old_recipe = at_revision(arg[0], rev, scratch, &said_old, &repo, &status);
      if (!old_recipe)
        break;
      tree = sp_xasprintf("%s/rev", scratch);
      recipes[0] = arg[0] = old_recipe;
      given[0] = said_old;
    }
    /* beside the page, which plays them; a page written to standard output
     * or a device has no beside (--html -: ./-.prints; --html /dev/null:
     * /dev/null.prints, review 13 #5): the scratch folder, as with no page */
    if (!keep_dir && o.html && !sp_fs_is_stdout(o.html) && !sp_fs_is_special(o.html))
      keep_dir = prints_beside(o.html);
    dirs[k] = sp_xasprintf("%s/%s", keep_dir ? keep_dir : scratch, k ? "new" : "old");
    o.rendered = !keep_dir;
    if (confined) { /* the render's own output folder allowed: made first, as roots resolve */
      roots[k] =
          side_roots(&in.roots, arg[k], true, dirs[k], k == 0 ? repo : NULL, tree, &n_roots[k]);
      if (sp_fs_mkdirs(dirs[k], why, sizeof why) != SP_OK) {
        sp_diag_line(stderr, "stemprint: error: %s", why);
        status = SP_ERR_IO;
        break;
      }
    }
    size_t served = 0;
    status = render_into(arg[k], dirs[k], cache, jobs, roots[k], n_roots[k], &served);
    if (status != SP_OK)
      sp_diag_line(stderr, "stemprint: error: %s: did not render (exit %d); diff compares nothing",
                   given[k], status);
    else if (cache)
      sp_diag_line(stderr, "stemprint: note: %s: %s", given[k],
                   served ? "served from the cache" : "rendered (not in the cache)");
    arg[k] = dirs[k];
  }
  sp_cli_writes_hold(false);
  sp_diff_set s[2] = {{0}, {0}};
  for (int k = 0; k < 2 && status == SP_OK; k++)
    if (sp_diff_set_load(arg[k], &s[k], why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s", why);
      status = SP_ERR_IO;
    } else if (s[k].note) {
      sp_diag_line(stderr, "stemprint: warning: %s", s[k].note);
    }
  for (int k = 0; k < 2 && status == SP_OK && confined; k++) {
    if (!roots[k])
      roots[k] = side_roots(&in.roots, arg[k], false, NULL, NULL, NULL, &n_roots[k]);
    if (!prints_confined(&s[k], given[k], roots[k], n_roots[k]))
      status = SP_ERR_USAGE;
  }
  if (status == SP_OK) {
    /* the sets are said by what was given */
    for (int k = 0; k < 2; k++)
      free(s[k].arg), s[k].arg = sp_xstrdup(given[k]);
    status = check_writes(s);
  }
  sp_diff_cause *cause =
      status == SP_OK && dirs[0] && dirs[1] ? cause_of(recipes, dirs, roots, n_roots) : NULL;
  if (cause && said_old) /* the old recipe by its revision, not its scratch path */
    free(cause->old_file), cause->old_file = sp_xstrdup(said_old);
  if (status == SP_OK) {
    sp_diff_item *items = NULL;
    size_t n = 0;
    sp_cli_media media;
    sp_cli_media_init(&media);
    status = sp_diff_sets(&media.media, &s[0], &s[1], &opts, &items, &n);
    sp_cli_media_fini(&media);
    /* the model, made once; every output a view of it */
    sp_diff_report rep;
    sp_diff_report_make(&rep, given[0], given[1], items, n, &e, cause);
    cause = NULL;
    sp_diff_say(sp_cli_out(), &rep);
    for (size_t i = 0; i < rep.n; i++)
      if (rep.items[i].error)
        sp_diag_line(stderr, "stemprint: error: %s", rep.items[i].error);
    if (status == SP_OK && !rep.passed)
      status = SP_ERR_CHECK;
    status = write_outputs(&o, &rep, status);
    sp_diff_report_fini(&rep);
  }
  if (cause)
    sp_diff_cause_fini(cause);
  free(cause);
  free(old_recipe);
  free(said_old);
  for (int k = 0; k < 2; k++) {
    sp_diff_set_fini(&s[k]);
    free(dirs[k]);
    sp_free_strings(roots[k], n_roots[k]);
  }
  free(repo);
  free(tree);
  if (scratch)
    sp_fs_remove_tree(scratch);
  free(scratch);
  free(keep_dir);
  sp_args_fini(&args);
  return status;
}
