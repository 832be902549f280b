/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint render: load, validate, render, report — for one recipe or
 * many at once.
 *
 *   main thread: parse options ─► start min(-j, recipes) workers ─► watch:
 *                progress on stderr (a live line on a terminal, plain lines
 *                otherwise), each recipe's output printed whole and in recipe
 *                order as soon as it and those before it are done
 *   workers:     take the next recipe ─► load ─► render (or dry run) ─►
 *                summary, diagnostics and report into the recipe's buffers
 *   at the end:  the report file, the depfile, a line per failed recipe
 *
 * A failing recipe does not stop the others; the exit status is the worst.
 * Renders never share state, so the files are the same bytes for any -j.
 * What a render says besides its summary is built by the library: the
 * report object (io/report/report_render.h), the depfile rule
 * (io/report/depfile.h), the HTML section (io/report/html_render.h); which
 * recipes would write one file is core/graph/claims.h's. */

#include "cmd/jobserver.h"
#include "cmd/render.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/tokens.h"
#include "core/render/bleed.h"
#include "core/graph/claims.h"
#include "core/graph/query.h"
#include "core/job/job.h"
#include "core/render/render.h"
#include "io/cache/digests.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"
#include "io/report/check_words.h"
#include "io/report/null_words.h"
#include "io/report/report.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The help, in literals (one would pass the 4095 bytes C99 promises) and
 * the output handlers' usage and lines, joined by help_text. */
static const char help_head[] =
    "usage: stemprint render RECIPE... [-o DIR] [-j N] [--only mix|stems|NAME[,NAME...]]\n"
    "                        ";
/* (the outputs' usage: cmd/render_outputs.c) */
static const char help_options[] =
    "\n"
    "                        [--dry-run] [--force] [--confine | --confine-to DIR]\n"
    "                        [--progress auto|bar|plain|none] [--quiet]\n"
    "                        [--cache DIR|URL | --no-cache] [--stems HOW] [--strict]\n"
    "                        [--block-frames N] [--set KEY=VALUE]...\n"
    "                        [--diagnostics text|github|gitlab [--diagnostics-file F]]\n"
    "\n"
    "Render each recipe's mix and stems into its output folder (output.dir,\n"
    "default out/<recipe name> beside the recipe). Files are written under a\n"
    "temporary name and moved into place only when every output is complete.\n"
    "With stems, the printed stems are read back, summed and compared with the\n"
    "printed mix (the null test); a residual above checks.null.max_residual\n"
    "makes the render exit 1, as does a missed checks.loudness target (the mix),\n"
    "a printed file over checks.loudness.max_true_peak (each file is checked),\n"
    "or a 16- or 24-bit file with samples at full scale (clipping).\n"
    "\n"
    "options:\n"
    "  -o, --output-dir DIR   write into DIR instead of output.dir; {recipe} in it is\n"
    "                         the recipe's name (several recipes need a folder each)\n"
    "  -j, --jobs N           use N threads (default: the number of CPUs): up to N\n"
    "                         recipes at once, the rest inside each render; the\n"
    "                         files are the same bytes for any N\n"
    "  --only WHAT            write only the mix ('mix': the same bytes as a whole\n"
    "                         render's, the stems computed, not written), only the\n"
    "                         stems ('stems'), or the named\n"
    "                         outputs (comma-separated); without every output\n"
    "                         there is no null test; with master.adm, the mix\n"
    "                         brings the object buses its ADM BWF is made from\n";
/* (the outputs' lines) */
static const char help_rest[] =
    "  -n, --dry-run          print what would be written, from which inputs, and\n"
    "                         render nothing\n"
    "  --force                print into a folder that holds another input's prints\n"
    "                         (song.yaml's, for song.dawproject), taking it over,\n"
    "                         or over files another recipe printed there\n"
    "  --progress MODE        auto (a live line on a terminal; plain lines every\n"
    "                         few seconds otherwise, and with CI=true or\n"
    "                         TERM=dumb), bar, plain or none; always on stderr;\n"
    "                         each pass over the timeline is named\n"
    "  -q, --quiet            print only errors and warnings (no summary, no\n"
    "                         progress)\n" SP_CONFINE_HELP SP_RECIPE_STDIN_HELP SP_SESSION_HELP
        SP_SET_HELP;
static const char help_tail[] =
    SP_DIAG_HELP "  --cache DIR|URL        serve renders from a cache of renders in DIR, or on\n"
                 "                         a cache server at http(s)://host/prefix, when it\n"
                 "                         has them (the same files, report and exit status,\n"
                 "                         checked against their digests), and store the\n"
                 "                         others there; also $STEMPRINT_CACHE (docs/cache.md)\n"
                 "  --no-cache             do not use $STEMPRINT_CACHE\n"
                 "  --block-frames N       render block size in frames (default 8192,\n"
                 "                         4096 with LV2 plugins); the output is identical\n"
                 "                         for every size (LV2 plugins aside: some depend\n"
                 "                         on it, docs/lv2.md)\n"
                 "  -h, --help             this help\n"
                 "\n"
                 "A value follows its option or an '=' (-j 2, -j2, --jobs=2); short flags group\n"
                 "(-qj2 is -q -j 2); options may come before or after the recipes; -- ends\n"
                 "them.\n"
                 "\n"
                 "exit status: the worst of the recipes: 0 ok, 1 a check failed, 2 usage or\n"
                 "recipe errors, 3 a file problem, 4 the render failed; interrupted, 130\n"
                 "(SIGINT) or 143 (SIGTERM), with no output of an unfinished render written\n"
                 "(a render that has not stopped 2 s after the signal, or a second signal,\n"
                 "ends the process at once).\n";

static const char *help_text(void)
{
  static char
      help[sizeof help_head + sizeof help_options + sizeof help_rest + sizeof help_tail + 2048];
  char usage[512] = "", lines[1536] = "";
  sp_cmd_render_output_help(usage, sizeof usage, lines, sizeof lines);
  snprintf(help, sizeof help, "%s%s%s%s%s%s", help_head, usage, help_options, lines, help_rest,
           help_tail);
  return help;
}

/* The signal that asked the renders to stop (SIGINT, SIGTERM), 0 none; the
 * first one counts. The renders poll it (sp_render_opts.cancel). */
static volatile sig_atomic_t interrupted;

/* The default action (SIG_DFL), set before the handler is installed. */
static struct sigaction default_action;

/* The first signal asks the renders to stop where they next look (a block,
 * a phase); a second one ends the process at once, by that signal. */
static void on_signal(int sig)
{
  if (!interrupted) {
    interrupted = sig;
    return;
  }
  sp_jobserver_release();
  sigaction(sig, &default_action, NULL);
  raise(sig);
}

/* How long the renders have to stop after a signal before the process ends
 * anyway: a render stops within a block (milliseconds) unless it waits
 * inside a library or a read (a plugin's own work, a file that blocks). */
#define SP_STOP_GRACE_S 2.0

/* After an interrupt, with every temporary file gone: end by the same
 * signal, so that the shell says 130 (SIGINT) or 143 (SIGTERM) and a
 * script that ran stemprint stops too (bash goes on with a script whose
 * command exited, even with 130, but not with one the signal killed).
 * 128 + sig if the signal does not end the process. */
static int die_of(int sig)
{
  sp_jobserver_release(); /* what the threads still hold: the process ends here */
  fflush(sp_cli_out());
  fflush(stderr);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(sig, &sa, NULL);
  raise(sig);
  return 128 + sig;
}

/* ---- many recipes ---------------------------------------------------------- */

/* Whether a worker beyond the first has a job token (core/base/tokens.h)
 * to render a recipe with: it waits for one while recipes are left. */
static bool token_for_a_recipe(pool *p)
{
  while (!sp_token_take(SP_TOKEN_WAIT_MS))
    if (atomic_load(&p->next) >= p->n || interrupted)
      return false;
  return true;
}

static void *worker(void *arg)
{
  pool *p = arg;
  const bool own = atomic_fetch_add(&p->started, 1) == 0; /* the process's own token */
  for (;;) {
    if (!own && !token_for_a_recipe(p))
      break;
    size_t k = atomic_fetch_add(&p->next, 1);
    if (k >= p->n || interrupted) {
      if (!own)
        sp_token_give();
      break;
    }
    sp_cmd_render_one(&p->jobs[k], p->o);
    if (!own)
      sp_token_give();
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->mu);
  }
  pthread_mutex_lock(&p->mu);
  atomic_fetch_sub(&p->workers, 1);
  pthread_cond_broadcast(&p->done);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* One job's progress: "song.yaml pass 2/4 rendering  42% 31x ETA 3s", the
 * speed and time left of the pass under way. */
static void progress_text(job *j, char *buf, size_t n)
{
  char what[sizeof j->what];
  pthread_mutex_lock(&j->mu);
  int phase = atomic_load(&j->phase);
  int64_t done = atomic_load(&j->done), total = atomic_load(&j->total);
  memcpy(what, j->what, sizeof what);
  double elapsed = sp_now_s() - j->since;
  pthread_mutex_unlock(&j->mu);
  if (phase == SP_PHASE_NULL) {
    snprintf(buf, n, "%s %s", j->name, what);
    return;
  }
  double frac = total > 0 ? (double)(done < total ? done : total) / (double)total : 0.0;
  double speed = elapsed > 0 ? frac * j->seconds / elapsed : 0.0;
  double eta = frac > 0.01 ? elapsed * (1 - frac) / frac : NAN;
  if (isnan(eta))
    snprintf(buf, n, "%s %s %3.0f%%", j->name, what, 100 * frac);
  else
    snprintf(buf, n, "%s %s %3.0f%% %.0fx ETA %.0fs", j->name, what, 100 * frac, speed, eta);
}

static int terminal_width(void)
{
  struct winsize w;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20)
    return w.ws_col;
  return 80;
}

/* The live line: every running job, cut to the terminal's width (at a
 * character, not inside one), redrawn whole over the last one. */
static void draw_bar(pool *p, bool *drawn)
{
  char line[1024] = "";
  size_t len = 0;
  int width = terminal_width() - 1;
  for (size_t k = 0; k < p->n; k++) {
    int phase = atomic_load(&p->jobs[k].phase);
    if (phase < 0 || phase == 99)
      continue;
    char one[256];
    progress_text(&p->jobs[k], one, sizeof one);
    len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", len ? " | " : "", one);
    if (len >= sizeof line - 1)
      break;
  }
  if ((int)strlen(line) > width) {
    int cut = width;
    while (cut > 0 && (line[cut] & 0xC0) == 0x80)
      cut--;
    line[cut] = '\0';
  }
  fprintf(stderr, "\r\033[K%s", line);
  fflush(stderr);
  *drawn = *line != '\0';
}

static void clear_bar(bool *drawn)
{
  if (*drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  *drawn = false;
}

/* Print job k's buffered output. */
static void flush_job(job *j)
{
  if (j->err_len)
    fwrite(j->err_text, 1, j->err_len, stderr);
  if (j->out_len)
    fwrite(j->out_text, 1, j->out_len, sp_cli_out());
  fflush(sp_cli_out());
  fflush(stderr);
}

/* Watch the workers until every job is done, or every worker (an
 * interrupt leaves the recipes after it unstarted): progress, and each
 * job's output as soon as it and the ones before it are complete. */
static void watch(pool *p, progress_mode mode)
{
  size_t printed = 0;
  bool drawn = false;
  double last_plain = sp_now_s(), asked = 0;
  while (printed < p->n) {
    /* Asked to stop, and a render has not within the grace: end now, by
     * the signal. Its temporary files (hidden, named for this process)
     * are removed by the next render into its folder; nothing unfinished
     * was committed under an output's name. */
    const int sig = interrupted;
    if (sig && asked == 0)
      asked = sp_now_s();
    if (sig && sp_now_s() - asked >= SP_STOP_GRACE_S && atomic_load(&p->workers) > 0) {
      clear_bar(&drawn);
      fprintf(stderr,
              "stemprint: interrupted by %s; a render did not stop within %g s (it waits inside a "
              "library or a read): ending now, exit status %d\n",
              sig == SIGINT    ? "SIGINT"
              : sig == SIGTERM ? "SIGTERM"
                               : "a signal",
              SP_STOP_GRACE_S, 128 + sig);
      die_of(sig);
      _exit(128 + sig);
    }
    /* Read first: what the workers finished before they stopped is done. */
    const bool stopped = atomic_load(&p->workers) == 0;
    while (printed < p->n && atomic_load(&p->jobs[printed].phase) == 99) {
      clear_bar(&drawn);
      flush_job(&p->jobs[printed++]);
    }
    if (printed == p->n || stopped)
      break;
    if (mode == PROGRESS_BAR) {
      draw_bar(p, &drawn);
    } else if (mode == PROGRESS_PLAIN && sp_now_s() - last_plain >= 5.0) {
      /* Every 5 s (the workers print a line at each phase). */
      for (size_t k = 0; k < p->n; k++) {
        int phase = atomic_load(&p->jobs[k].phase);
        if (phase < 0 || phase == 99)
          continue;
        char one[256];
        progress_text(&p->jobs[k], one, sizeof one);
        sp_diag_line(stderr, "stemprint: %s", one);
      }
      last_plain = sp_now_s();
    }
    /* Up to 100 ms for the progress, or until the next recipe finishes. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L)
      until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&p->mu);
    if (atomic_load(&p->jobs[printed].phase) != 99 && atomic_load(&p->workers) > 0)
      pthread_cond_timedwait(&p->done, &p->mu, &until);
    pthread_mutex_unlock(&p->mu);
  }
  clear_bar(&drawn);
}

/* The fix for two recipes a and b whose prints would land on one file
 * with -o dir (NULL: their output.dir): a folder each by a field of the
 * output folder's template (core/graph/outputs.c) that tells them apart
 * and dir lacks, {recipe} (each one's name) or {input} (its file name);
 * where none does (x/song.yaml, y/song.yaml), that their names are the
 * same, with the fixes: a name each, or an -o each. Heap. */
static char *clash_fix(const char *dir, const sp_recipe *a, const sp_recipe *b)
{
  const struct {
    const char *field, *a, *b, *is;
  } fields[] = {{"{recipe}", a->base, b->base, "each recipe's name"},
                {"{input}", a->input, b->input, "each recipe's file name"}};
  bool apart = false; /* a field of dir tells them apart, yet they meet */
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    if (strcmp(fields[i].a, fields[i].b) == 0)
      continue;
    if (dir && strstr(dir, fields[i].field)) {
      apart = true;
      continue;
    }
    return sp_xasprintf("give each recipe its own folder, like -o '%s/%s' (%s is %s), or rename "
                        "the outputs",
                        dir ? dir : "DIR", fields[i].field, fields[i].field, fields[i].is);
  }
  if (apart)
    return sp_xstrdup("give each recipe its own -o, or rename the outputs");
  return sp_xasprintf(
      "their names are the same ('%s'), so neither {recipe} nor {input} in -o tells "
      "them apart: rename one, or render each with its own -o",
      a->input);
}

/* The error line (heap) where the recipe r (at path), printing into g's output
 * folder, and an album of a keep one record there: the same folder and
 * the same name (an album c/song.yaml whose song is a/song.yaml, both
 * into out/{recipe}), which the first to land takes and the other is
 * then refused by, its work done; NULL: none. one_o: one -o for both
 * (it stands over the album's output.dir: not a fix). */
static char *record_shared(const sp_graph *g, const sp_recipe *r, const char *path,
                           const sp_cmd_albums *a, bool one_o)
{
  if (!sp_graph_out_dir(g))
    return NULL;
  char *rec = sp_outdir_record_path(sp_graph_out_dir(g), r->base), *mine = sp_fs_place(rec);
  free(rec);
  char *clash = NULL;
  for (size_t i = 0; i < a->n && !clash; i++)
    for (size_t f = 0; a->v[i].status == SP_OK && f <= a->v[i].paths.n_sets && !clash; f++) {
      const char *dir = a->v[i].paths.folders[f];
      char *its = sp_outdir_record_path(dir, a->v[i].spec.base), *at = sp_fs_place(its);
      free(its);
      if (strcasecmp(mine, at) == 0)
        clash = sp_xasprintf("stemprint: error: the album %s and the recipe %s are both named "
                             "'%s' and both print into '%s', where each keeps its record by its "
                             "name; %s, or rename one\n",
                             a->v[i].spec.file, path, r->base, dir,
                             one_o ? "render the album with an -o of its own"
                                   : "give the album a folder of its own (output.dir)");
      free(at);
    }
  free(mine);
  return clash;
}

/* The command's refusal (text: its error lines, as printed) said by every
 * one of the n jobs, one diagnostic a line: what a report of a recipe
 * refused with the others says it was told (--report's, --diagnostics'). */
static void said_refused(job *jobs, size_t n, const char *text)
{
  static const char prefix[] = "stemprint: error: ";
  for (const char *s = text; *s;) {
    const size_t len = strcspn(s, "\n");
    const char *m = strncmp(s, prefix, strlen(prefix)) == 0 ? s + strlen(prefix) : s;
    for (size_t k = 0; k < n && m < s + len; k++)
      sp_diags_add_whole(&jobs[k].said, SP_SEV_ERROR, SP_ERR_USAGE, "%.*s", (int)(s + len - m), m);
    s += len + (s[len] == '\n');
  }
}

/* Several recipes must not write the same file (one -o for all of them,
 * or two recipes with the same output folder and names): each would
 * overwrite the other's, and a null test could read the other's mix; nor
 * keep one record with an album (record_shared); nor may an output option
 * (a report) name what one of them reads or prints, said once for the
 * command, not by each recipe's build after it (cmd/writes.c); nor may one
 * of them have a name an output cannot be written with (--depfile's, make
 * cannot read it back: sp_cmd_render_names), each such name said at its
 * recipe's key; nor may an album print a file one of them reads or prints
 * (sp_cli_prints_clashes). Found before anything renders; a recipe that does not
 * load is left to its render to report. Returns the error lines (heap),
 * or NULL. */
static char *outputs_collide(job *jobs, size_t n, const options *o, const sp_cmd_albums *albums)
{
  sp_claims claims;
  sp_claims_init(&claims);
  char *clash = NULL;
  sp_diags named; /* the names refused, every recipe's */
  sp_diags_init(&named);
  const char *refused = NULL; /* the first recipe with one */
  size_t n_refused = 0;
  for (size_t k = 0; k < n && !clash; k++) {
    sp_cmd_render_read(&jobs[k], o); /* read once: its render uses what was read */
    sp_diags d;
    sp_diags_init(&d);
    sp_graph *g;
    if (sp_diags_errors(&jobs[k].read_said) == 0 &&
        sp_cmd_render_build(&jobs[k], o, true, &g, &d) == SP_OK) { /* its files: no probe needed */
      sp_claims_clash c;
      if (sp_claims_add(&claims, k, g, &c)) {
        char *fix = clash_fix(o->in.gopts.out_dir, jobs[c.first].in.r, jobs[c.second].in.r);
        clash = sp_xasprintf("stemprint: error: %s and %s would both write '%s'; %s\n",
                             jobs[c.first].path, jobs[c.second].path, c.path, fix);
        free(fix);
      } else {
        clash = record_shared(g, jobs[k].in.r, jobs[k].path, albums, o->in.gopts.out_dir != NULL);
      }
      sp_diags mine; /* said with the others', and its own when the command is refused */
      sp_diags_init(&mine);
      if (!clash && !sp_cmd_render_names(o, &jobs[k], g, &mine)) {
        refused = refused ? refused : jobs[k].path;
        n_refused++;
      }
      sp_diags_copy(&named, &mine);
      sp_diags_take(&jobs[k].said, &mine);
      sp_graph_free(g);
    }
    sp_diags_fini(&d);
  }
  sp_claims_fini(&claims);
  if (!clash && n_refused > 0) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    sp_diags_print(&named, f);
    char *path = sp_diag_escape(refused); /* a name never acts on a terminal */
    char *whose = n_refused == 1 ? sp_xasprintf("the name of %s", path)
                                 : sp_xasprintf("the names of %zu of them", n_refused);
    char *line = sp_xasprintf("stemprint: error: none of the %zu recipes rendered, for %s said "
                              "above\n",
                              n, whose);
    fputs(line, f);
    said_refused(jobs, n, line);
    free(line);
    free(whose);
    free(path);
    fclose(f);
    clash = text;
  } else if (clash) {
    said_refused(jobs, n, clash);
  } else {
    for (size_t k = 0; k < n; k++) /* each says its own when it renders */
      sp_diags_truncate(&jobs[k].said, 0);
  }
  sp_diags_fini(&named);
  size_t n_over = 0; /* an output option over what one of them reads or prints: said once */
  char **over = clash ? NULL : sp_cli_writes_clashes(&n_over);
  for (size_t i = 0; i < n_over; i++) {
    char *line = sp_xasprintf("stemprint: error: %s\n", over[i]);
    char *more = sp_xasprintf("%s%s", clash ? clash : "", line);
    said_refused(jobs, n, line);
    free(line);
    free(clash);
    clash = more;
  }
  sp_free_strings(over, n_over);
  char **printed =
      clash ? NULL : sp_cli_prints_clashes(&n_over); /* an album's file over one read */
  for (size_t i = 0; printed && i < n_over; i++) {
    char *line = sp_xasprintf("stemprint: error: %s\n", printed[i]);
    char *more = sp_xasprintf("%s%s", clash ? clash : "", line);
    said_refused(jobs, n, line);
    free(line);
    free(clash);
    clash = more;
  }
  sp_free_strings(printed, printed ? n_over : 0);
  return clash;
}

/* Whether --progress auto draws a live line: stderr is a terminal, and
 * neither a dumb one (no cursor control) nor a CI job's (CI=true, as GitHub
 * Actions, GitLab CI and most others set it), whose log keeps every redraw
 * of the line; they get plain lines. */
static bool live_terminal(void)
{
  const char *ci = getenv("CI"), *term = getenv("TERM");
  if (ci && *ci && strcmp(ci, "0") != 0 && strcasecmp(ci, "false") != 0)
    return false;
  if (term && strcmp(term, "dumb") == 0)
    return false;
  return isatty(STDERR_FILENO);
}

static void free_jobs(pool *p)
{
  for (size_t k = 0; k < p->n; k++) {
    sp_diags_fini(&p->jobs[k].said);
    sp_diags_fini(&p->jobs[k].read_said);
    sp_cli_recipe_fini(&p->jobs[k].in);
    free(p->jobs[k].out_text);
    free(p->jobs[k].err_text);
    sp_cmd_render_parts_free(&p->jobs[k]);
    free(p->jobs[k].name);
    free(p->jobs[k].landed);
    pthread_mutex_destroy(&p->jobs[k].mu);
  }
  free(p->jobs);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->done);
}

/* The pool of the recipes to render, each a job not yet run. */
static void init_pool(pool *p, const char *const *recipes, size_t n, options *o)
{
  *p = (pool){.jobs = sp_xcalloc(n, sizeof(job)), .n = n, .o = o};
  atomic_init(&p->next, 0);
  atomic_init(&p->workers, 0);
  atomic_init(&p->started, 0);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->done, NULL);
  for (size_t k = 0; k < n; k++) {
    job *j = &p->jobs[k];
    j->path = recipes[k];
    j->name = sp_diag_escape(sp_base_name(recipes[k])); /* drawn on a terminal */
    j->status = SP_ERR_RENDER;                          /* until it ran */
    j->last_phase = -1;
    sp_diags_init(&j->said);
    sp_diags_init(&j->read_said);
    pthread_mutex_init(&j->mu, NULL);
    atomic_init(&j->phase, -1);
    atomic_init(&j->done, 0);
    atomic_init(&j->total, 0);
  }
}

/* The render cache (--cache, else $STEMPRINT_CACHE) and the digest index
 * beside it, unless --no-cache or --dry-run. */
static const char *cache_where(const char *cache_dir, bool no_cache)
{
  if (!cache_dir && !no_cache && getenv("STEMPRINT_CACHE") && *getenv("STEMPRINT_CACHE"))
    cache_dir = getenv("STEMPRINT_CACHE");
  return no_cache ? NULL : cache_dir;
}

/* A cache that is not one (a URL of a scheme stemprint does not speak)
 * is refused before anything renders, where it came from named: it is
 * never taken for a folder. */
static bool cache_usable(const char *cache_dir, bool no_cache)
{
  const char *where = cache_where(cache_dir, no_cache);
  char why[768];
  if (!where || sp_cache_check(where, why, sizeof why) == SP_OK)
    return true;
  sp_diag_line(stderr, "stemprint: error: %s: %s", cache_dir ? "--cache" : "$STEMPRINT_CACHE", why);
  return false;
}

static void open_cache(options *o, const char *cache_dir, bool no_cache)
{
  cache_dir = cache_where(cache_dir, no_cache);
  if (!cache_dir || o->dry_run)
    return;
  char *ixp = sp_digest_index_default_path();
  o->index = sp_digest_index_open(ixp);
  free(ixp);
  char why[768];
  o->cache = sp_cache_open(cache_dir, o->index, why, sizeof why);
  if (!o->cache)
    sp_diag_line(stderr, "stemprint: warning: %s; rendering without it", why);
  /* An entry serves any later render: --report and --html included. */
  o->ropts.loudness = o->cache != NULL || o->ropts.loudness;
  o->ropts.series = o->cache != NULL || o->ropts.series;
}

/* SIGINT and SIGTERM ask the renders and the albums to stop (on_signal).
 * The thread that takes one may be any (the kernel's choice): a read or a
 * write it waits in goes on after the handler (SA_RESTART), never failing
 * with EINTR as if the file were bad; the render stops where it next
 * looks, or the watch ends it after the grace. */
static void catch_signals(void)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  default_action = sa;
  default_action.sa_handler = SIG_DFL;
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

/* The pool's jobs run on -j threads in all (recipes side by side, the rest
 * inside each render), watched until they end; SIGINT and SIGTERM stop
 * them. */
static void run_pool(pool *p, options *o)
{
  const size_t threads = (size_t)o->jobs < p->n ? (size_t)o->jobs : p->n;
  o->ropts.threads = (int)((size_t)o->jobs / threads);
  o->in.gopts.threads = o->ropts.threads; /* the inserts' probes, side by side */
  pthread_t *tid = sp_xcalloc(threads, sizeof *tid);
  atomic_store(&p->workers, threads);
  for (size_t t = 0; t < threads; t++)
    if (pthread_create(&tid[t], NULL, worker, p) != 0) {
      fprintf(stderr, "stemprint: fatal: cannot start a render thread\n");
      abort();
    }
  watch(p, o->progress);
  for (size_t t = 0; t < threads; t++)
    pthread_join(tid[t], NULL);
  free(tid);
  /* Recipes an interrupt kept from starting. */
  for (size_t k = 0; k < p->n; k++)
    if (atomic_load(&p->jobs[k].phase) != 99)
      sp_diag_line(stderr, "stemprint: error: %s: interrupted before it started", p->jobs[k].path);
}

/* The worst of status and the jobs' statuses; the failed recipes named
 * when several were rendered. */
static int tally(const pool *p, int status)
{
  size_t failed = 0;
  for (size_t k = 0; k < p->n; k++) {
    if (p->jobs[k].status > status)
      status = p->jobs[k].status;
    failed += p->jobs[k].status != SP_OK;
  }
  if (p->n > 1 && failed > 0) {
    fprintf(stderr, "stemprint: %zu of %zu recipes failed:", failed, p->n);
    for (size_t k = 0; k < p->n; k++)
      if (p->jobs[k].status != SP_OK) {
        char *path = sp_diag_escape(p->jobs[k].path); /* a name never acts on a terminal */
        fprintf(stderr, " %s (exit %d)", path, p->jobs[k].status);
        free(path);
      }
    fputc('\n', stderr);
  }
  return status;
}

int sp_cmd_render(int argc, char **argv) { return sp_cmd_render_counted(argc, argv, NULL); }

int sp_cmd_render_counted(int argc, char **argv, size_t *served)
{
  if (served)
    *served = 0;
  options o = {
      .in = {.gopts = {.out_dir = NULL}},
      .ropts = {.cancel = &interrupted, .say_null = sp_null_say, .say_checks = sp_checks_say}};
  long jobs = sp_cli_cpus(), block_frames = 0;
  const char *progress = "auto";
  const char *cache_dir = NULL;
  bool no_cache = false;
  static const char *const progress_modes[] = {"auto", "bar", "plain", "none", NULL};
  /* the outputs' options (--report, --html, --depfile) come from their table */
  const sp_arg before[] = {
      SP_OUTPUT_DIR_ARG(&o.in.gopts.out_dir, "out/{recipe}"),
      SP_JOBS_ARG(&jobs),
      SP_TEXT_ARG("only", 0, &o.only, "mix, stems or output names (comma-separated)", "mix"),
  };
  const sp_arg after[] = {
      {.name = "dry-run", .letter = 'n', .kind = SP_ARG_FLAG, .to = &o.dry_run},
      {.name = "force", .kind = SP_ARG_FLAG, .to = &o.force},
      SP_CHOICE_ARG("progress", 0, &progress, progress_modes, "auto, bar, plain or none", "plain"),
      {.name = "quiet", .letter = 'q', .kind = SP_ARG_FLAG, .to = &o.quiet},
      SP_INPUT_ARGS(&o.in),
      SP_SET_ARG(&o.in.session),
      SP_TEXT_ARG("cache", 0, &cache_dir, "a folder", "~/.cache/stemprint/renders"),
      {.name = "no-cache", .kind = SP_ARG_FLAG, .to = &no_cache},
      SP_BLOCK_FRAMES_ARG(&block_frames),
      SP_DIAG_ARGS(&o.dout),
      {.name = NULL},
  };
  enum { N_BEFORE = sizeof before / sizeof before[0], N_AFTER = sizeof after / sizeof after[0] };
  sp_arg opts[N_BEFORE + RENDER_OUTPUTS_MAX + N_AFTER];
  memcpy(opts, before, sizeof before);
  const size_t n_outputs = sp_cmd_render_output_args(&o, opts + N_BEFORE);
  memcpy(opts + N_BEFORE + n_outputs, after, sizeof after);
  const sp_cli_spec spec = {"render", help_text(), 1, SIZE_MAX, "no recipe given", NULL, SIZE_MAX};
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  sp_cli_confine(&o.in);
  status = sp_cmd_render_output_paths(&o); /* the reports' folders, before anything renders */
  o.jobs = (int)jobs;
  o.ropts.block_frames = (size_t)block_frames;
  sp_cmd_albums albums;
  const int album_status = sp_cmd_album_expand((const char *const *)args.pos, args.n_pos,
                                               o.in.gopts.out_dir, &o.in.gopts,
                                               &o.in.session.sets, &albums);
  status = album_status > status ? album_status : status;
  /* a report over an album's input or file: refused before anything renders */
  char over[2048];
  if (albums.n > 0 && status == 0 && sp_cli_writes_check(true, over, sizeof over) != SP_OK)
    status = SP_ERR_USAGE;
  if (status == 0 && !cache_usable(cache_dir, no_cache || o.profile))
    status = SP_ERR_USAGE;
  /* an album's name make cannot be told (--depfile): refused before anything renders */
  if (albums.n > 0 && status == 0 && !sp_cmd_render_output_albums(&o, &albums))
    status = SP_ERR_USAGE;
  const char *const *recipes = albums.recipes;
  size_t n = albums.n_recipes;
  pool p;
  init_pool(&p, recipes, n, &o);
  p.albums = &albums;
  for (size_t k = 0; k < n; k++) {
    p.jobs[k].album = albums.album[k];
    p.jobs[k].song_only = albums.song_only[k];
  }
  sp_cmd_render_output_needs(&o); /* the depfile's targets, asked of every recipe */
  if ((n > 1 || albums.n > 0) && status == 0) {
    char *clash = outputs_collide(p.jobs, n, &o, &albums);
    if (clash) {
      fputs(clash, stderr);
      for (size_t k = 0; k < n; k++) {
        p.jobs[k].status = SP_ERR_USAGE;
        p.jobs[k].err_text = sp_xstrdup(clash);
      }
      for (size_t k = 0; k < albums.n; k++) /* none is made */
        albums.v[k].status = SP_ERR_USAGE;
      status = sp_cmd_render_write(&p, &o, true, SP_ERR_USAGE);
      free(clash);
    }
  }
  if (status != 0) {
    free_jobs(&p);
    sp_cmd_albums_fini(&albums);
    sp_args_fini(&args);
    return status;
  }
  no_cache |= o.profile; /* a profile is of a render: none served */
  /* The summary shows the mix's loudness and true peak; --quiet prints no
   * summary, so a quiet render (a build, a benchmark) meters nothing. */
  o.ropts.loudness_mix = !o.quiet;
  open_cache(&o, cache_dir, no_cache);
  if (o.quiet || strcmp(progress, "none") == 0 || o.dry_run)
    o.progress = PROGRESS_NONE;
  else if (strcmp(progress, "bar") == 0 || (strcmp(progress, "auto") == 0 && live_terminal()))
    o.progress = PROGRESS_BAR;
  else
    o.progress = PROGRESS_PLAIN;
  for (size_t k = 0; k < n; k++)
    p.jobs[k].plain = o.progress == PROGRESS_PLAIN;
  catch_signals();
  if (n > 0) /* an album of finished files renders nothing */
    run_pool(&p, &o);
  status = tally(&p, status);
  for (size_t k = 0; served && k < n; k++)
    *served += p.jobs[k].cache_seconds > 0;
  /* the albums, then the reports of all (the albums' with them) */
  status = sp_cmd_album_make(&albums, &p, &o, &interrupted, status);
  status = sp_cmd_render_write(&p, &o, false, status);
  if (!o.dry_run) {
    const sp_diags **said = sp_xcalloc(n, sizeof *said);
    for (size_t k = 0; k < n; k++)
      said[k] = &p.jobs[k].said;
    const int written = sp_cli_diags_write(&o.dout, said, n);
    status = written > status ? written : status;
    free(said);
  }
  const int sig = interrupted;
  /* a stop after a recipe's prints landed leaves them, whole: said, as
   * the exit status alone says nothing was written */
  for (size_t k = 0; sig && k < p.n; k++)
    if (p.jobs[k].landed)
      sp_diag_line(stderr,
                   "stemprint: %s: its prints had landed in %s when the render was interrupted: "
                   "they are whole, this render's; what comes after them (a report, --html's "
                   "bleed) may be missing",
                   p.jobs[k].path, p.jobs[k].landed);
  free_jobs(&p);
  sp_cmd_albums_fini(&albums);
  sp_args_fini(&args);
  sp_cache_close(o.cache);
  if (sp_digest_index_note(o.index))
    sp_diag_line(stderr, "stemprint: warning: %s", sp_digest_index_note(o.index));
  sp_digest_index_close(o.index);
  if (sig) {
    fprintf(stderr, "stemprint: interrupted by %s: exit status %d\n",
            sig == SIGINT    ? "SIGINT"
            : sig == SIGTERM ? "SIGTERM"
                             : "a signal",
            128 + sig);
    return die_of(sig);
  }
  return status;
}
