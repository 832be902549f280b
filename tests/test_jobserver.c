/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GNU make's jobserver (issue 73): renders inside `make -j` and songs in
 * one invocation share the cores.
 *
 * The engine's side (core/base/tokens.h): with K tokens to be had, the
 * thread pool and the render pipeline never run tasks on more than K + 1
 * threads at once (the caller's thread holds the process's own token),
 * whatever -j says, and every token taken is given back; with none, every
 * task runs on the caller's thread. Counted by the tasks themselves.
 *
 * The client's side (cmd/jobserver.c), through the program: a pipe of K
 * tokens named by MAKEFLAGS as make 4.3 names it (`R,W`) and a named pipe
 * as make 4.4 does (`fifo:PATH`) get every token back, the same bytes,
 * and the prints are the bytes of a render without make; a real `make -j2`
 * of three renders of -j 4 each; a jobserver named and not usable (its
 * descriptors closed, as make 4.3 leaves them for a rule without '+', not
 * a pipe, a missing fifo) is said once and the render runs as without
 * make. */

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/base/tokens.h"
#include "core/render/flow.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  static float a[48000], ir[4800];
  for (int i = 0; i < 48000; i++)
    a[i] = (float)(0.2 * ((i * 7919) % 200 - 100) / 100.0);
  for (int i = 0; i < 4800; i++)
    ir[i] = (float)(0.3 * (4800 - i) / 4800.0 * ((i % 2) ? 1 : -1));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 48000));
  free(tu_write_wav(dir, "ir.wav", 1, 48000, 24, ir, 4800));
}

static void teardown(void)
{
  sp_tokens_use(NULL);
  tu_rmtree(dir);
  free(dir);
}

TestSuite(jobserver, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(180));

/* ---- the engine: K tokens, counted -------------------------------------- */

typedef struct fake {
  pthread_mutex_t mu;
  int free_tokens, held;
  _Atomic int busy, most_busy; /* tasks running now, and at most */
  _Atomic int off_caller;      /* tasks run on a thread but the caller's */
} fake;

static bool fake_take(void *ctx, int wait_ms)
{
  fake *f = ctx;
  pthread_mutex_lock(&f->mu);
  const bool got = f->free_tokens > 0;
  if (got) {
    f->free_tokens--;
    f->held++;
  }
  pthread_mutex_unlock(&f->mu);
  if (!got && wait_ms > 0)
    sched_yield();
  return got;
}

static void fake_give(void *ctx)
{
  fake *f = ctx;
  pthread_mutex_lock(&f->mu);
  if (f->held <= 0)
    abort(); /* a token given back that was never taken */
  f->free_tokens++;
  f->held--;
  pthread_mutex_unlock(&f->mu);
}

static void fake_init(fake *f, int tokens, sp_tokens *t)
{
  memset(f, 0, sizeof *f);
  pthread_mutex_init(&f->mu, NULL);
  f->free_tokens = tokens;
  *t = (sp_tokens){.take = fake_take, .give = fake_give, .ctx = f};
  sp_tokens_use(t);
}

/* A task: counted busy while it works a little (long enough for the other
 * threads to start theirs). */
static void busy_task(fake *f, int thread)
{
  const int now = atomic_fetch_add(&f->busy, 1) + 1;
  int most = atomic_load(&f->most_busy);
  while (now > most && !atomic_compare_exchange_weak(&f->most_busy, &most, now))
    ;
  if (thread != 0)
    atomic_fetch_add(&f->off_caller, 1);
  volatile double x = 0;
  for (int i = 0; i < 20000; i++)
    x = x + i * 0.5;
  if (x < 0)
    abort();
  for (int i = 0; i < 4; i++)
    sched_yield();
  atomic_fetch_sub(&f->busy, 1);
}

static void pool_task(void *ctx, size_t index, int thread)
{
  (void)index;
  busy_task(ctx, thread);
}

static int flow_task(void *ctx, size_t task, int64_t block, int thread)
{
  (void)task;
  (void)block;
  busy_task(ctx, thread);
  return 0;
}

/* At most tokens + 1 tasks ran at once, and none off the caller's thread
 * without a token; the counts start again. */
static void expect_busy_at_most(fake *f, int tokens, const char *what)
{
  cr_assert_leq(atomic_load(&f->most_busy), tokens + 1, "%s: %d tasks at once with %d tokens",
                what, atomic_load(&f->most_busy), tokens);
  if (tokens == 0)
    cr_assert_eq(atomic_load(&f->off_caller), 0, "%s: a task ran on a thread without a token",
                 what);
  atomic_store(&f->most_busy, 0);
  atomic_store(&f->off_caller, 0);
}

/* The pool and the pipeline on 8 threads with `tokens` tokens: at most
 * tokens + 1 tasks at once, every token back. */
static void expect_at_most(int tokens)
{
  fake f;
  sp_tokens t;
  fake_init(&f, tokens, &t);
  sp_pool *p = sp_pool_new(8);
  for (int phase = 0; phase < 20; phase++)
    sp_pool_run(p, 64, pool_task, &f);
  sp_pool_free(p);
  sp_pool_run_threads(8, 64, pool_task, &f);
  expect_busy_at_most(&f, tokens, "the pool");
  sp_flow *fl = sp_flow_new(12, 8);
  for (size_t k = 1; k < 12; k += 3)
    sp_flow_edge(fl, k - 1, k);
  sp_flow_result res;
  sp_flow_run(fl, 40, flow_task, NULL, &f, NULL, &res);
  sp_flow_free(fl);
  cr_assert_eq(res.failure, 0);
  expect_busy_at_most(&f, tokens, "the pipeline");
  cr_assert_eq(f.held, 0, "%d tokens kept", f.held);
  cr_assert_eq(f.free_tokens, tokens);
  sp_tokens_use(NULL);
  pthread_mutex_destroy(&f.mu);
}

Test(jobserver, no_token_runs_every_task_on_the_callers_thread) { expect_at_most(0); }
Test(jobserver, one_token_runs_at_most_two_tasks_at_once) { expect_at_most(1); }
Test(jobserver, three_tokens_run_at_most_four_tasks_at_once) { expect_at_most(3); }

/* ---- the program under a jobserver ---------------------------------------- */

static const char *song = "stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: a.wav, sends: [{to: verb}]}\n"
                          "  b: {file: a.wav, gain: -6 dB, pan: -0.5}\n"
                          "  c: {file: a.wav, gain: -3 dB, pan: 0.5,\n"
                          "      inserts: [{eq: {freq: 200 Hz, gain: 6 dB}}]}\n"
                          "buses:\n"
                          "  verb: {inserts: [{convolver: {ir: ir.wav}}]}\n"
                          "stems: {one: [a], two: [b], three: [c]}\n";

static const char *const prints[] = {"mix.wav", "one.wav", "two.wav", "three.wav"};

/* `render -j 8` of the song into dir/NAME with MAKEFLAGS set to makeflags
 * (NULL: unset), run by the shell as make runs a rule's command (the
 * descriptors this process has open are the command's); its exit status,
 * its standard error in *err. */
static int render_under(const char *makeflags, const char *name, char **err)
{
  char *r = tu_path(dir, "song.yaml"), *o = tu_path(dir, name), *e = tu_path(dir, "err.txt");
  if (access(r, F_OK) != 0)
    free(tu_write_text(dir, "song.yaml", song));
  char *cmd = sp_xasprintf("%s%s%s'%s' render -q -j 8 '%s' -o '%s' 2>'%s'",
                           makeflags ? "MAKEFLAGS='" : "", makeflags ? makeflags : "",
                           makeflags ? "' " : "", SP_STEMPRINT_BIN, r, o, e);
  const int st = system(cmd);
  *err = tu_slurp(e);
  free(cmd);
  free(e);
  free(o);
  free(r);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* dir/NAME holds the prints of dir/plain, byte for byte. */
static void expect_plain_prints(const char *name)
{
  char *plain = tu_path(dir, "plain"), *err = NULL;
  struct stat st;
  if (stat(plain, &st) != 0)
    cr_assert_eq(render_under(NULL, "plain", &err), 0, "%s", err);
  free(err);
  for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++) {
    char *a = sp_xasprintf("%s/%s", plain, prints[i]);
    char *b = sp_xasprintf("%s/%s/%s", dir, name, prints[i]);
    cr_assert(tu_same_bytes(a, b), "%s differs from the render without make", b);
    free(a);
    free(b);
  }
  free(plain);
}

/* How many lines of text hold needle. */
static int lines_with(const char *text, const char *needle)
{
  int n = 0;
  for (const char *l = text; l && *l;) {
    const char *end = strchr(l, '\n');
    const size_t len = end ? (size_t)(end - l) : strlen(l);
    char *line = sp_xasprintf("%.*s", (int)len, l);
    n += strstr(line, needle) != NULL;
    free(line);
    l = end ? end + 1 : l + len;
  }
  return n;
}

/* What is left in the pipe's read end rd (non-blocking): its bytes. */
static char *drain(int rd)
{
  fcntl(rd, F_SETFL, fcntl(rd, F_GETFL) | O_NONBLOCK);
  char buf[256];
  const ssize_t n = read(rd, buf, sizeof buf - 1);
  return sp_xasprintf("%.*s", n > 0 ? (int)n : 0, buf);
}

/* A pipe of the tokens' bytes, as make 4.3 passes it: every token back,
 * the same bytes, the prints those of a render without make. */
static void expect_pipe_of(const char *tokens)
{
  int fd[2];
  cr_assert_eq(pipe(fd), 0);
  cr_assert_eq(write(fd[1], tokens, strlen(tokens)), (ssize_t)strlen(tokens));
  char *flags = sp_xasprintf(" -j%zu --jobserver-auth=%d,%d", strlen(tokens) + 1, fd[0], fd[1]);
  char *err = NULL;
  cr_assert_eq(render_under(flags, "piped", &err), 0, "%s", err);
  cr_assert_eq(lines_with(err, "jobserver"), 0, "%s", err);
  char *back = drain(fd[0]);
  cr_assert_eq(strlen(back), strlen(tokens), "%zu of %zu tokens back", strlen(back),
               strlen(tokens));
  for (const char *c = tokens; *c; c++) /* the same bytes, in any order */
    cr_assert(strchr(back, *c), "token '%c' not given back: '%s'", *c, back);
  expect_plain_prints("piped");
  free(back);
  free(err);
  free(flags);
  close(fd[0]);
  close(fd[1]);
}

Test(jobserver, a_pipe_of_three_tokens_gets_them_back_and_the_same_prints)
{
  expect_pipe_of("+a+");
}

Test(jobserver, a_pipe_of_no_token_renders_on_one_thread_to_the_same_prints)
{
  expect_pipe_of("");
}

Test(jobserver, a_named_pipe_of_two_tokens_gets_them_back_and_the_same_prints)
{
  char *fifo = tu_path(dir, "jobserver.fifo");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  const int fd = open(fifo, O_RDWR | O_NONBLOCK);
  cr_assert_geq(fd, 0);
  cr_assert_eq(write(fd, "++", 2), 2);
  char *flags = sp_xasprintf(" -j3 --jobserver-auth=fifo:%s", fifo), *err = NULL;
  cr_assert_eq(render_under(flags, "fifo", &err), 0, "%s", err);
  cr_assert_eq(lines_with(err, "jobserver"), 0, "%s", err);
  char *back = drain(fd);
  cr_assert_str_eq(back, "++");
  expect_plain_prints("fifo");
  free(back);
  free(err);
  free(flags);
  close(fd);
  free(fifo);
}

/* A jobserver MAKEFLAGS names and this process cannot use: said once,
 * the render as without make. */
static void expect_said_once(const char *flags, const char *why)
{
  char *err = NULL;
  cr_assert_eq(render_under(flags, "broken", &err), 0, "%s", err);
  cr_assert_eq(lines_with(err, "jobserver"), 1, "%s", err);
  cr_assert(strstr(err, "stemprint: warning: MAKEFLAGS names make's jobserver"), "%s", err);
  cr_assert(strstr(err, why), "'%s' not in: %s", why, err);
  expect_plain_prints("broken");
  free(err);
}

Test(jobserver, closed_descriptors_are_said_once_and_the_render_runs_without)
{
  expect_said_once(" -j4 --jobserver-auth=97,98", "starts with '+'");
}

Test(jobserver, descriptors_that_are_not_a_pipe_are_said_once)
{
  char *flags = NULL, *e = tu_path(dir, "null.txt");
  free(tu_write_text(dir, "null.txt", ""));
  const int rd = open(e, O_RDONLY), wr = open("/dev/null", O_WRONLY);
  cr_assert(rd >= 0 && wr >= 0);
  flags = sp_xasprintf(" -j4 --jobserver-auth=%d,%d", rd, wr);
  expect_said_once(flags, "not open here");
  /* the two ends of two different pipes */
  int p1[2], p2[2];
  cr_assert(pipe(p1) == 0 && pipe(p2) == 0);
  free(flags);
  flags = sp_xasprintf(" -j4 --jobserver-auth=%d,%d", p1[0], p2[1]);
  expect_said_once(flags, "not open here");
  free(flags);
  free(e);
  close(rd);
  close(wr);
}

Test(jobserver, a_missing_named_pipe_and_a_bad_value_are_said_once)
{
  char *flags = sp_xasprintf(" -j4 --jobserver-auth=fifo:%s/none", dir);
  expect_said_once(flags, "does not open here");
  expect_said_once(" -j4 --jobserver-auth=3;4", "neither 'R,W' nor 'fifo:PATH'");
  free(flags);
}

Test(jobserver, a_jobserver_make_turned_off_is_no_jobserver)
{
  char *err = NULL;
  cr_assert_eq(render_under(" -j4 --jobserver-auth=-2,-2", "off", &err), 0, "%s", err);
  cr_assert_eq(lines_with(err, "jobserver"), 0, "%s", err);
  free(err);
  expect_plain_prints("off");
}

/* make -j2 of three renders of -j 4 each, the rules' commands marked '+'
 * (make 4.3 passes its pipe to those alone): make finds its tokens all
 * back (it says when not), no render warns, the prints are the same bytes
 * as without make. Without '+', make 4.3's renders say once that they
 * cannot reach its pipe, make 4.4's reach its named pipe; both print the
 * same bytes. */
Test(jobserver, make_j2_of_three_renders_shares_its_tokens)
{
  if (system("command -v make >/dev/null 2>&1") != 0)
    cr_skip_test("make is not installed (sh scripts/deps.sh installs it)");
  free(tu_write_text(dir, "song.yaml", song));
  for (int plus = 1; plus >= 0; plus--) {
    char *mk = sp_xasprintf("all: o1/mix.wav o2/mix.wav o3/mix.wav\n"
                            "o%%/mix.wav: song.yaml\n"
                            "\t%s'%s' render -q -j 4 song.yaml -o o$* 2>err$*.txt\n",
                            plus ? "+" : "", SP_STEMPRINT_BIN);
    free(tu_write_text(dir, "Makefile", mk));
    char *cmd = sp_xasprintf("cd '%s' && rm -rf o1 o2 o3 && env -u MAKEFLAGS -u MAKELEVEL "
                             "make -j2 >make.log 2>&1",
                             dir);
    char *log = tu_path(dir, "make.log");
    const int st = system(cmd);
    char *said = tu_slurp(log);
    cr_assert_eq(st, 0, "make: %s", said);
    cr_assert_eq(lines_with(said, "jobserver"), 0, "make says: %s", said);
    for (int k = 1; k <= 3; k++) {
      char *e = sp_xasprintf("%s/err%d.txt", dir, k), *o = sp_xasprintf("o%d", k);
      char *text = tu_slurp(e);
      cr_assert_leq(lines_with(text, "jobserver"), plus ? 0 : 1, "%s", text);
      cr_assert_eq(lines_with(text, "jobserver"), lines_with(text, "warning"), "%s", text);
      expect_plain_prints(o);
      free(text);
      free(o);
      free(e);
    }
    free(said);
    free(log);
    free(cmd);
    free(mk);
  }
}

/* Three songs in one invocation, -j 6, under a pipe of one token: the
 * songs beyond the first wait for a token (each song's render threads take
 * their own), the token comes back, each song prints what it prints alone. */
Test(jobserver, songs_in_one_invocation_take_a_token_each)
{
  char *err = NULL;
  cr_assert_eq(render_under(NULL, "plain", &err), 0, "%s", err);
  free(err);
  char *paths[3];
  for (int k = 0; k < 3; k++) {
    char *name = sp_xasprintf("s%d.yaml", k + 1);
    paths[k] = tu_write_text(dir, name, song);
    free(name);
  }
  int fd[2];
  cr_assert_eq(pipe(fd), 0);
  cr_assert_eq(write(fd[1], "+", 1), 1);
  char *cmd = sp_xasprintf("MAKEFLAGS=' -j2 --jobserver-auth=%d,%d' '%s' render -q -j 6 '%s' '%s' "
                           "'%s' -o '%s/{recipe}' 2>'%s/err.txt'",
                           fd[0], fd[1], SP_STEMPRINT_BIN, paths[0], paths[1], paths[2], dir, dir);
  const int st = system(cmd);
  char *e = tu_path(dir, "err.txt"), *said = tu_slurp(e);
  cr_assert_eq(st, 0, "%s", said);
  cr_assert_eq(lines_with(said, "jobserver"), 0, "%s", said);
  char *back = drain(fd[0]);
  cr_assert_str_eq(back, "+");
  for (int k = 0; k < 3; k++) {
    char *o = sp_xasprintf("s%d", k + 1);
    expect_plain_prints(o);
    free(o);
    free(paths[k]);
  }
  close(fd[0]);
  close(fd[1]);
  free(back);
  free(said);
  free(e);
  free(cmd);
}

/* The tokens come back from a render that fails and from one ended by
 * signals (the first asks it to stop, the second ends it at once): what
 * the threads held is given back before the process ends. */
Test(jobserver, tokens_come_back_after_a_failure_and_a_signal)
{
  int fd[2];
  cr_assert_eq(pipe(fd), 0);
  cr_assert_eq(write(fd[1], "+++", 3), 3);
  free(tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  a: {file: missing.wav}\n"));
  char *cmd = sp_xasprintf("cd '%s' && MAKEFLAGS=' -j4 --jobserver-auth=%d,%d' '%s' render -q -j 8 "
                           "bad.yaml 2>/dev/null",
                           dir, fd[0], fd[1], SP_STEMPRINT_BIN);
  const int st = system(cmd);
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) != 0);
  char *back = drain(fd[0]);
  cr_assert_str_eq(back, "+++", "after a failure");
  free(back);
  free(cmd);
  fcntl(fd[0], F_SETFL, fcntl(fd[0], F_GETFL) & ~O_NONBLOCK);
  cr_assert_eq(write(fd[1], "+++", 3), 3);
  cmd = sp_xasprintf("cd '%s' && MAKEFLAGS=' -j4 --jobserver-auth=%d,%d' '%s' render -q -j 8 "
                     "--no-cache '%s/recipes/demo/song.yaml' -o demo 2>/dev/null & pid=$!; "
                     "sleep 0.3; kill -TERM $pid 2>/dev/null; sleep 0.05; "
                     "kill -TERM $pid 2>/dev/null; wait $pid; true",
                     dir, fd[0], fd[1], SP_STEMPRINT_BIN, SP_SOURCE_DIR);
  cr_assert_eq(system(cmd), 0);
  back = drain(fd[0]);
  cr_assert_str_eq(back, "+++", "after SIGTERM twice");
  free(back);
  free(cmd);
  close(fd[0]);
  close(fd[1]);
}

/* sp_flow_stateless: a producer with state writes each block's number
 * into its four slots, a task without state doubles it into the block's
 * own place, and a consumer with state adds them up; on 8 threads every
 * block sees its own inputs and the consumer takes them in order, as a
 * plain loop would. */
typedef struct chain3 {
  int64_t slot[4], out[500], sum, next;
  bool in_order;
} chain3;

static int chain3_task(void *ctx, size_t task, int64_t k, int thread)
{
  chain3 *c = ctx;
  (void)thread;
  if (task == 0)
    c->slot[k % 4] = k;
  else if (task == 1)
    c->out[k] = 2 * c->slot[k % 4];
  else {
    c->in_order &= c->next == k;
    c->next = k + 1;
    c->sum += c->out[k];
  }
  return 0;
}

Test(jobserver, a_stateless_task_keeps_each_blocks_inputs_and_its_consumer_their_order)
{
  for (int run = 0; run < 20; run++) {
    chain3 c = {.in_order = true};
    sp_flow *f = sp_flow_new(3, 8);
    sp_flow_edge(f, 0, 1);
    sp_flow_edge(f, 1, 2);
    sp_flow_slots(f, 0, 4);
    sp_flow_stateless(f, 1);
    sp_flow_result res;
    sp_flow_run(f, 500, chain3_task, NULL, &c, NULL, &res);
    sp_flow_free(f);
    cr_assert_eq(res.failure, 0);
    cr_assert(c.in_order, "run %d: the consumer took the blocks out of order", run);
    for (int64_t k = 0; k < 500; k++)
      cr_assert_eq(c.out[k], 2 * k, "run %d, block %lld: %lld", run, (long long)k,
                   (long long)c.out[k]);
    cr_assert_eq(c.sum, 500 * 499);
  }
}
