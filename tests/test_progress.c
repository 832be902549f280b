/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `stemprint render` says while it works, through the real binary:
 * each warning about a recipe once, however many graphs of it a run builds
 * (an own version's render, the --html bleed measurement, `bleed`); every
 * pass over the timeline named, in the log and in the live line, so that a
 * progress starting again says why (master.normalize's measurement, an own
 * version's render); the live line only on a terminal that is not a CI
 * job's (CI=true) or a dumb one, unless --progress bar asks for it (stderr
 * on a pseudo-terminal here). Interrupted by SIGINT or SIGTERM, a render
 * ends as the shell expects (130, 143), replaces no earlier output and
 * leaves no temporary file. */

#define _DEFAULT_SOURCE /* syscall(2), to signal one thread */

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/render/render.h"
#include "io/outdir/derive.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { RATE = 48000 };

static char *dir;

/* A sine of secs at hz, -12 dBFS, mono 24-bit, in dir. */
static void sine(const char *name, double hz, double secs)
{
  int64_t n = (int64_t)(RATE * secs);
  float *x = sp_xcalloc((size_t)n, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    x[i] = (float)(0.25 * sin(2 * M_PI * hz * (double)i / RATE));
  free(tu_write_wav(dir, name, 1, RATE, 24, x, n));
  free(x);
}

static void setup(void)
{
  dir = tu_tmpdir();
  sine("a.wav", 220, 1.0);
  sine("b.wav", 330, 1.0);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(progress, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* How many times needle occurs in hay. */
static size_t count(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Two tracks, two stems, an own version and master.normalize: four passes
 * over the timeline (normalize's measurement and the render, for the mix
 * and again for the version), plus extra. */
static char *recipe(const char *name, const char *extra)
{
  char *text = sp_xasprintf("stemprint: 1\n"
                            "sample_rate: 48000\n"
                            "%s"
                            "tracks:\n"
                            "  a: {file: a.wav}\n"
                            "  b: {file: b.wav}\n"
                            "master:\n"
                            "  normalize: {target: -20 LUFS}\n"
                            "stems:\n"
                            "  one: [a]\n"
                            "  two: [b]\n"
                            "versions:\n"
                            "  solo_a: {mute: [b], mode: own}\n",
                            extra);
  char *path = tu_write_text(dir, name, text);
  free(text);
  return path;
}

/* A warning is about the recipe: said once, not again for the own
 * version's render (a graph of its own) or the bleed measurement. */
Test(progress, each_warning_once)
{
  char *r = recipe("w.yaml", "buses:\n  unused: {}\n");
  char *html = tu_path(dir, "w.html");
  const char *render[] = {"render", r, "--progress", "none", "--html", html, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  const char *says = "bus 'unused' is fed by nothing";
  cr_expect_eq(count(err, says), 1, "the warning once:\n%s", err);
  free(out);
  free(err);
  const char *bleed[] = {"bleed", r, NULL};
  tu_run(bleed, &out, &err);
  cr_expect_eq(count(err, says), 1, "the warning once:\n%s", err);
  free(out);
  free(err);
  free(html);
  free(r);
}

/* The log of a run with --progress plain names each pass, and the null
 * test once: the own version renders no null test of its own. */
Test(progress, the_log_names_every_pass)
{
  char *r = recipe("p.yaml", "");
  const char *render[] = {"render", r, "--progress", "plain", NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  const char *lines[] = {
      "stemprint: p.yaml: measuring the mix's loudness (normalize, pass 1 of 4)\n",
      "stemprint: p.yaml: rendering (pass 2 of 4)\n",
      "stemprint: p.yaml: null test: reading the printed files back\n",
      ("stemprint: p.yaml: measuring the loudness of version 'solo_a' (normalize, own render, "
       "pass 3 of 4)\n"),
      "stemprint: p.yaml: rendering version 'solo_a' (own render, pass 4 of 4)\n",
  };
  const char *prev = err;
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    const char *at = strstr(err, lines[i]);
    cr_expect(at && at >= prev, "no '%s' in order in:\n%s", lines[i], err);
    prev = at ? at : prev;
  }
  cr_expect_eq(count(err, "null test"), 1, "%s", err);
  cr_expect_null(strchr(err, '\r'), "%s", err);
  cr_expect_null(strchr(err, '\033'), "%s", err);
  free(out);
  free(err);
  free(r);
}

/* Run stemprint with stderr on a pseudo-terminal (output processing off, so
 * its bytes arrive as written) and stdout to /dev/null, with CI and TERM set
 * as given (NULL: unset). Returns what it wrote to the terminal; *status
 * its exit status. */
static char *run_on_terminal(const char *const *args, const char *ci, const char *term, int *status)
{
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  cr_assert_geq(master, 0, "no pseudo-terminal: %s", strerror(errno));
  cr_assert_eq(grantpt(master), 0);
  cr_assert_eq(unlockpt(master), 0);
  char *slave_name = sp_xstrdup(ptsname(master));
  pid_t pid = fork();
  if (pid == 0) {
    int slave = open(slave_name, O_RDWR | O_NOCTTY);
    struct termios t;
    if (slave < 0 || tcgetattr(slave, &t) != 0)
      _exit(126);
    t.c_oflag &= ~(tcflag_t)OPOST;
    tcsetattr(slave, TCSANOW, &t);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(slave, 2);
    close(master);
    if (ci)
      setenv("CI", ci, 1);
    else
      unsetenv("CI");
    if (term)
      setenv("TERM", term, 1);
    else
      unsetenv("TERM");
    tu_exec(args);
  }
  cr_assert_gt(pid, 0);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  char buf[4096];
  ssize_t got;
  /* Until the child is gone: then reading the master fails (EIO). */
  while ((got = read(master, buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR))
    if (got > 0)
      fwrite(buf, 1, (size_t)got, f);
  fclose(f);
  int st = 0;
  waitpid(pid, &st, 0);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  close(master);
  free(slave_name);
  return text;
}

/* Whether text holds the terminal's control characters: a carriage return
 * or an escape sequence. */
static bool has_controls(const char *text) { return strchr(text, '\r') || strchr(text, '\033'); }

Test(progress, a_live_line_on_a_terminal_plain_lines_in_ci)
{
  /* Long enough (four passes of 120 s) for the line to be drawn several
   * times at its 100 ms pace in the plain build (40 s became too quick
   * once the writers ran block-parallel: at times drawn not once). */
  char *r = recipe("t.yaml", "length: 120 s\n");
  char *o = tu_path(dir, "out");
  const char *args[] = {"render", r, "-o", o, "-j", "1", NULL};
  int status;
  char *text = run_on_terminal(args, NULL, "xterm", &status);
  cr_assert_eq(status, 0, "%s", text);
  cr_expect(strstr(text, "\r\033[K"), "a live line on a terminal:\n%s", text);
  /* Each drawing of the line says which pass it is. */
  size_t drawn = 0;
  for (const char *p = strstr(text, "\r\033[K"); p; p = strstr(p + 1, "\r\033[K")) {
    const char *line = p + 4, *end = strstr(line, "\r");
    size_t n = end ? (size_t)(end - line) : strlen(line);
    if (n == 0 || !memchr(line, '%', n))
      continue;
    drawn++;
    char *one = sp_xasprintf("%.*s", (int)n, line);
    cr_expect(strncmp(one, "t.yaml pass ", 12) == 0 && strstr(one, "/4 "),
              "the live line names its pass: '%s'", one);
    free(one);
  }
  cr_expect_gt(drawn, 0, "the live line was drawn:\n%s", text);
  free(text);

  text = run_on_terminal(args, "true", "xterm", &status);
  cr_assert_eq(status, 0, "%s", text);
  cr_expect(!has_controls(text), "CI=true: plain lines, no live line:\n%s", text);
  cr_expect(strstr(text, "stemprint: t.yaml: rendering (pass 2 of 4)\n"), "%s", text);
  free(text);

  text = run_on_terminal(args, NULL, "dumb", &status);
  cr_assert_eq(status, 0, "%s", text);
  cr_expect(!has_controls(text), "TERM=dumb: plain lines:\n%s", text);
  free(text);

  const char *bar[] = {"render", r, "-o", o, "-j", "1", "--progress", "bar", NULL};
  text = run_on_terminal(bar, "true", "xterm", &status);
  cr_assert_eq(status, 0, "%s", text);
  cr_expect(strstr(text, "\r\033[K"), "--progress bar draws the line in CI too:\n%s", text);
  free(text);
  free(o);
  free(r);
}

/* Run stemprint with stderr on a pipe and stdout to /dev/null; once its
 * stderr says start, send it sig. Returns its exit status (128 + the
 * signal if it died of one, as a shell says); *err what it wrote. */
static int interrupt_when(const char *const *args, const char *start, int sig, char **err)
{
  int fd[2];
  cr_assert_eq(pipe(fd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(fd[1], 2);
    close(fd[0]);
    tu_exec(args);
  }
  cr_assert_gt(pid, 0);
  close(fd[1]);
  char *text = sp_xcalloc(1, 1);
  size_t len = 0;
  bool sent = false;
  char buf[4096];
  ssize_t got;
  while ((got = read(fd[0], buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR)) {
    if (got <= 0)
      continue;
    text = sp_xrealloc(text, len + (size_t)got + 1);
    memcpy(text + len, buf, (size_t)got);
    len += (size_t)got;
    text[len] = '\0';
    if (!sent && strstr(text, start)) {
      kill(pid, sig);
      sent = true;
    }
  }
  close(fd[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  cr_assert(sent, "'%s' never came:\n%s", start, text);
  *err = text;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The hidden files in folder: what a render leaves behind when it does not
 * clean up (outputs are written as .mix.wav.XXXXXX, then renamed). A
 * hidden folder of stemprint's own does not count. */
static size_t hidden_files(const char *folder)
{
  DIR *d = opendir(folder);
  cr_assert_not_null(d, "cannot read %s", folder);
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    char *path = tu_path(folder, e->d_name);
    struct stat st;
    n += e->d_name[0] == '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
  }
  closedir(d);
  return n;
}

/* dir/long.yaml: two tracks of 1 s, two stems, rendered for length. */
static char *long_recipe(const char *length)
{
  char *text = sp_xasprintf("stemprint: 1\n"
                            "sample_rate: 48000\n"
                            "length: %s\n"
                            "tracks:\n"
                            "  a: {file: a.wav}\n"
                            "  b: {file: b.wav}\n"
                            "stems:\n"
                            "  one: [a]\n"
                            "  two: [b]\n",
                            length);
  char *r = tu_write_text(dir, "long.yaml", text);
  free(text);
  return r;
}

/* Render the recipe at 2 s, then again at 600 s (a few seconds' work),
 * interrupted by sig as soon as it renders; a second recipe, one recipe at
 * a time (-j 1), is then never started. */
static void interrupted_by(int sig, const char *name)
{
  char *r = long_recipe("2 s");
  const char *first[] = {"render", r, "--progress", "none", NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(first, NULL, &err), 0, "%s", err);
  free(err);
  const char *files[] = {"mix.wav", "one.wav", "two.wav"};
  char *out = tu_path(dir, "out/long"), *keep = tu_path(dir, "kept");
  cr_assert_eq(mkdir(keep, 0777), 0);
  for (size_t i = 0; i < 3; i++) {
    char *from = tu_path(out, files[i]), *to = tu_path(keep, files[i]);
    char *cp = sp_xasprintf("cp '%s' '%s'", from, to);
    cr_assert_eq(system(cp), 0);
    free(cp);
    free(from);
    free(to);
  }

  free(long_recipe("600 s"));
  char *other = tu_write_text(dir, "other.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  const char *again[] = {"render", r, other, "--progress", "plain", "-j", "1", NULL};
  int status = interrupt_when(again, "stemprint: long.yaml: rendering", sig, &err);
  cr_expect_eq(status, 128 + sig, "%s: exit %d, expected %d:\n%s", name, status, 128 + sig, err);
  cr_expect(strstr(err, "interrupted"), "%s:\n%s", name, err);
  cr_expect(strstr(err, name), "the signal is named:\n%s", err);
  cr_expect(strstr(err, "other.yaml: interrupted before it started"), "%s", err);
  free(err);
  char *other_out = tu_path(dir, "out/other");
  cr_expect_eq(tu_count_entries(other_out), -1, "%s: other.yaml was not rendered", name);
  free(other_out);
  free(other);
  /* Nothing replaced, and no temporary file (.mix.wav.XXXXXX) left. */
  cr_expect_eq(hidden_files(out), 0, "%s: a temporary file remains", name);
  for (size_t i = 0; i < 3; i++) {
    char *a = tu_path(out, files[i]), *b = tu_path(keep, files[i]);
    cr_expect(tu_same_bytes(a, b), "%s: %s was replaced", name, files[i]);
    free(a);
    free(b);
  }
  tu_rmtree(keep);
  free(keep);
  free(out);
  free(r);
}

Test(progress, sigint_exits_130_and_replaces_nothing) { interrupted_by(SIGINT, "SIGINT"); }

Test(progress, sigterm_exits_143_and_replaces_nothing) { interrupted_by(SIGTERM, "SIGTERM"); }

static volatile sig_atomic_t cancel_flag;

static void cancel_at_null_test(void *ctx, const sp_render_pass *pass, int64_t done, int64_t total)
{
  (void)ctx, (void)done, (void)total;
  if (pass->phase == SP_PHASE_NULL)
    cancel_flag = SIGINT;
}

/* A cancel that comes after the last block, while the null test reads the
 * files back, still writes nothing (the library, as the CLI's signal
 * handler drives it). */
Test(progress, cancelled_during_the_null_test_nothing_is_written)
{
  char *r = long_recipe("2 s");
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *rec = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(r, &rec, &d), SP_OK);
  cr_assert_eq(sp_graph_build(rec, sp_audio_media(), NULL, &g, &d), SP_OK);
  cancel_flag = 0;
  sp_render_opts o = {.cancel = &cancel_flag, .progress = cancel_at_null_test};
  sp_render_result res;
  cr_expect_eq(sp_print(g, &o, &res, &d), SP_ERR_RENDER);
  cr_expect_eq(cancel_flag, SIGINT, "the null test was announced");
  char *out = tu_path(dir, "out");
  cr_expect_eq(tu_count_entries(out), -1, "nothing written, no folder made");
  free(out);
  sp_render_result_fini(&res);
  sp_graph_free(g);
  sp_recipe_free(rec);
  sp_diags_fini(&d);
  free(r);
}

/* A set's file (output.also) is made and decoded block by block after the
 * prints: an interrupt stops it within a block, its temporary file gone.
 * Before, the making never looked (review 154 #3): SIGINT while an MP3 and
 * a FLAC set of 12 s were made outlasted the 2 s grace ("a render did not
 * stop within 2 s ... ending now") and left 25 MB of temporary files each
 * time; now it ends in 0.04 s, nothing left. Here, the library: the set of
 * a finished print made again with the cancel already set. */
Test(progress, a_set_being_made_stops_within_a_block_of_an_interrupt)
{
  char *text = sp_xasprintf("stemprint: 1\nsample_rate: 48000\nlength: 2 s\ntracks:\n"
                            "  a: {file: a.wav}\noutput:\n  also: [{format: flac}]\n");
  char *r = tu_write_text(dir, "sets.yaml", text);
  free(text);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *rec = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(r, &rec, &d), SP_OK);
  cr_assert_eq(sp_graph_build(rec, sp_audio_media(), NULL, &g, &d), SP_OK);
  cancel_flag = 0;
  sp_render_opts o = {.cancel = &cancel_flag};
  sp_render_result res;
  cr_assert_eq(sp_print(g, &o, &res, &d), SP_OK);
  sp_render_result_fini(&res);
  const sp_derived_plan *plan = sp_graph_derived(g, 0);
  cr_assert_not_null(plan);
  char *out = tu_path(dir, "out/sets"), *mix = tu_path(out, "mix.wav");
  cancel_flag = SIGINT;
  sp_sink *sink = NULL;
  sp_output_stats st;
  char why[512] = "";
  cr_expect_eq(sp_derive(g, plan, mix, &cancel_flag, &sink, &st, why, sizeof why), SP_ERR_RENDER);
  cr_expect_str_eq(why, "interrupted; no output was written");
  cr_expect_null(sink, "a file was kept");
  cr_expect_eq(hidden_files(out), 0, "a temporary file remains");
  free(mix);
  free(out);
  sp_graph_free(g);
  sp_recipe_free(rec);
  sp_diags_fini(&d);
  free(r);
}

/* --html measures the bleed with one more pass: named in the log, and
 * stopped by an interrupt like the others (the render's files are written
 * by then; the exit status is still the signal's). */
Test(progress, the_bleed_pass_of_html_is_named_and_interruptible)
{
  /* The bleed pass of 180 s lasts long enough for the signal to land in
   * it (a few hundred ms in the plain build). */
  char *r = long_recipe("180 s");
  char *html = tu_path(dir, "long.html");
  const char *args[] = {"render", r, "--html", html, "--progress", "plain", "-j", "1", NULL};
  char *err = NULL;
  int status = interrupt_when(
      args, "stemprint: long.yaml: measuring the bleed between the stems (for --html)\n", SIGINT,
      &err);
  cr_expect_eq(status, 130, "%s", err);
  cr_expect(strstr(err, "long.yaml: interrupted while measuring the bleed for --html"), "%s", err);
  const char *files[] = {"mix.wav", "one.wav", "two.wav"};
  for (size_t i = 0; i < 3; i++) {
    char *path = sp_xasprintf("%s/out/long/%s", dir, files[i]);
    cr_expect_eq(access(path, F_OK), 0, "the render before it wrote %s", files[i]);
    free(path);
  }
  char *out = tu_path(dir, "out/long");
  cr_expect_eq(hidden_files(out), 0, "a temporary file remains");
  free(out);
  free(err);
  free(html);
  free(r);
}

/* Whether process pid catches sig (its handler is installed: SigCgt in
 * /proc/PID/status) and holds path open: then it waits in the read. The
 * descriptor it holds it by in *fd_out, when given. */
static bool waits_in_read(pid_t pid, int sig, const char *path, int *fd_out)
{
  char name[64];
  snprintf(name, sizeof name, "/proc/%d/status", (int)pid);
  FILE *f = fopen(name, "r");
  if (!f)
    return false;
  char line[256];
  unsigned long long caught = 0;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "SigCgt: %llx", &caught) == 1)
      break;
  fclose(f);
  if (!(caught >> (sig - 1) & 1))
    return false;
  snprintf(name, sizeof name, "/proc/%d/fd", (int)pid);
  DIR *d = opendir(name);
  if (!d)
    return false;
  bool open_ = false;
  struct dirent *e;
  while (!open_ && (e = readdir(d))) {
    char link[320], to[4096];
    snprintf(link, sizeof link, "%s/%s", name, e->d_name);
    const ssize_t n = readlink(link, to, sizeof to - 1);
    if (n > 0) {
      to[n] = '\0';
      open_ = strcmp(to, path) == 0;
      if (open_ && fd_out)
        *fd_out = atoi(e->d_name);
    }
  }
  closedir(d);
  return open_;
}

/* The thread of process pid (not its first) that waits in read(2) on
 * descriptor fd (/proc/PID/task/TID/syscall: 0, the read, then its
 * arguments in hex), or 0 while none does. */
static pid_t thread_reading(pid_t pid, int fd)
{
  char name[64];
  snprintf(name, sizeof name, "/proc/%d/task", (int)pid);
  DIR *d = opendir(name);
  if (!d)
    return 0;
  pid_t found = 0;
  struct dirent *e;
  while (!found && (e = readdir(d))) {
    const pid_t tid = (pid_t)atoi(e->d_name);
    if (tid <= 0 || tid == pid)
      continue;
    char path[128];
    snprintf(path, sizeof path, "%s/%d/syscall", name, (int)tid);
    FILE *f = fopen(path, "r");
    long nr = -1;
    unsigned long arg = 0;
    if (f && fscanf(f, "%ld 0x%lx", &nr, &arg) == 2 && nr == 0 && arg == (unsigned long)fd)
      found = tid;
    if (f)
      fclose(f);
  }
  closedir(d);
  return found;
}

/* A render that waits where it does not look at the signal (its recipe a
 * FIFO a writer holds open and never writes to: the read blocks; one no
 * writer holds reads as empty at once) is started; once it catches sig and
 * holds the FIFO open (a fixed 300 ms was too short for a machine running
 * other tests beside: the signal came before the handler and ended it at
 * once, unsaid), it is sent sig (twice, 200 ms apart, when twice; to the
 * thread that waits in the read, when to_reader, as the kernel may choose:
 * a signal is the process's, taken by any thread that does not block it). Returns its exit status
 * as a shell says it; *took the seconds from the (first) signal to its end, *err its stderr. */
static int stuck_render(int sig, bool twice, bool to_reader, double *took, char **err)
{
  char *fifo = tu_path(dir, "stuck.yaml");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  char *o = tu_path(dir, "stuck-out");
  const char *args[] = {"render", fifo, "-o", o, "--progress", "plain", NULL};
  const int writer = open(fifo, O_RDWR | O_CLOEXEC); /* Linux: opens at once */
  cr_assert_geq(writer, 0);
  int fd[2];
  cr_assert_eq(pipe(fd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(fd[1], 2);
    close(fd[0]);
    tu_exec(args);
  }
  cr_assert_gt(pid, 0);
  close(fd[1]);
  char *real = realpath(fifo, NULL);
  cr_assert(real);
  int held = -1;
  for (int i = 0; i < 3000 && !waits_in_read(pid, sig, real, &held); i++)
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  cr_assert(waits_in_read(pid, sig, real, &held), "the render did not open %s within 30 s", real);
  free(real);
  pid_t reader = 0;
  for (int i = 0; to_reader && i < 3000 && !(reader = thread_reading(pid, held)); i++)
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  cr_assert(!to_reader || reader > 0, "no thread of the render waits in a read of its recipe");
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (to_reader)
    syscall(SYS_tgkill, pid, reader, sig);
  else
    kill(pid, sig);
  if (twice) {
    nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
    kill(pid, sig);
  }
  char *text = sp_xcalloc(1, 1);
  size_t len = 0;
  char buf[4096];
  ssize_t got;
  while ((got = read(fd[0], buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR)) {
    if (got <= 0)
      continue;
    text = sp_xrealloc(text, len + (size_t)got + 1);
    memcpy(text + len, buf, (size_t)got);
    len += (size_t)got;
    text[len] = '\0';
  }
  close(fd[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  close(writer);
  close(writer);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  *took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  *err = text;
  free(o);
  free(fifo);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Issue 60: a render stuck in a read (a SoundFont that was a FIFO hung in
 * fluidsynth's load) ignored SIGTERM and SIGINT for good. It ends by the
 * signal 2 s after it, saying why. */
Test(progress, a_render_that_does_not_stop_ends_2_s_after_the_signal)
{
  double took = 0;
  char *err = NULL;
  const int status = stuck_render(SIGTERM, false, false, &took, &err);
  cr_expect_eq(status, 143, "exit %d:\n%s", status, err);
  cr_expect(took >= 1.9 && took < 10, "it ended %.2f s after SIGTERM", took);
  cr_expect(strstr(err, "stemprint: interrupted by SIGTERM; a render did not stop within 2 s"),
            "%s", err);
  free(err);
}

/* CI at 20b37e42: the signal was taken by the thread waiting in the read
 * (the kernel gives a process's signal to any thread that does not block
 * it), whose read then failed with EINTR: "cannot read the recipe:
 * Interrupted system call", the recipe said unreadable for a signal. A
 * read the handler interrupts goes on (SA_RESTART): the same end as when
 * the first thread takes it. */
Test(progress, a_signal_taken_by_the_thread_in_a_read_does_not_fail_the_read)
{
  double took = 0;
  char *err = NULL;
  const int status = stuck_render(SIGTERM, false, true, &took, &err);
  cr_expect_eq(status, 143, "exit %d:\n%s", status, err);
  cr_expect(took >= 1.9 && took < 10, "it ended %.2f s after SIGTERM", took);
  cr_expect(strstr(err, "stemprint: interrupted by SIGTERM; a render did not stop within 2 s"),
            "%s", err);
  cr_expect(!strstr(err, "cannot read"), "%s", err);
  free(err);
}

/* A second signal ends it at once. */
Test(progress, a_second_signal_ends_a_render_at_once)
{
  double took = 0;
  char *err = NULL;
  const int status = stuck_render(SIGINT, true, false, &took, &err);
  cr_expect_eq(status, 130, "exit %d:\n%s", status, err);
  cr_expect(took < 1.5, "it ended %.2f s after the first SIGINT", took);
  free(err);
}
