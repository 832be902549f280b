/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Another program run by posix_spawnp with an argument vector (no shell),
 * its stdout and stderr read through two pipes with poll until both close,
 * then reaped; with a time limit, in a process group of its own, killed
 * whole when the limit passes (io/fs/spawn.h). */

#include "io/fs/spawn.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct sink {
  char *buf;
  size_t len, cap, max; /* max: the most kept */
} sink;

/* Read what fd has into s (its first s->max bytes kept); false at the end
 * of the stream or on an error. */
static bool drain(int fd, sink *s)
{
  char tmp[8192];
  const ssize_t r = read(fd, tmp, sizeof tmp);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (r <= 0)
    return false;
  size_t keep = (size_t)r;
  if (s->len + keep > s->max)
    keep = s->max - s->len;
  if (s->len + keep + 1 > s->cap) {
    s->cap = s->len + keep + 1 > 2 * s->cap ? s->len + keep + 1 : 2 * s->cap;
    s->buf = sp_xrealloc(s->buf, s->cap);
  }
  memcpy(s->buf + s->len, tmp, keep);
  s->len += keep;
  s->buf[s->len] = '\0';
  return true;
}

/* Read the child's two pipes until both close or the deadline (0: none)
 * passes; false when it passed. */
static bool read_both(int out, int err, sink *so, sink *se, double deadline)
{
  bool open_out = true, open_err = true;
  while (open_out || open_err) {
    struct pollfd pf[2] = {{open_out ? out : -1, POLLIN, 0}, {open_err ? err : -1, POLLIN, 0}};
    int wait_ms = -1;
    if (deadline > 0) {
      const double left = deadline - sp_now_s();
      if (left <= 0)
        return false;
      wait_ms = (int)ceil(left * 1000);
    }
    const int ready = poll(pf, 2, wait_ms);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      break;
    if (pf[0].revents)
      open_out = drain(out, so);
    if (pf[1].revents)
      open_err = drain(err, se);
  }
  return true;
}

/* Reap pid: at once without a deadline, else polling until it (0: none)
 * passes; false when it passed with the child still running. */
static bool reap(pid_t pid, int *st, double deadline)
{
  for (;;) {
    const pid_t w = waitpid(pid, st, deadline > 0 ? WNOHANG : 0);
    if (w == pid)
      return true;
    if (w < 0 && errno != EINTR)
      return true; /* no such child: nothing left to wait for */
    if (w == 0) {
      if (sp_now_s() >= deadline)
        return false;
      nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
  }
}

sp_err sp_spawn(const char *const *argv, sp_spawn_result *res, char *why, size_t why_size)
{
  return sp_spawn_with(argv, NULL, res, why, why_size);
}

sp_err sp_spawn_with(const char *const *argv, const sp_spawn_opts *opts, sp_spawn_result *res,
                     char *why, size_t why_size)
{
  const sp_spawn_opts none = {0};
  if (!opts)
    opts = &none;
  memset(res, 0, sizeof *res);
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  if (pipe(out) != 0 || pipe(err) != 0) {
    snprintf(why, why_size, "cannot start %s: %s", argv[0], strerror(errno));
    for (int k = 0; k < 2; k++) {
      if (out[k] >= 0)
        close(out[k]);
      if (err[k] >= 0)
        close(err[k]);
    }
    return SP_ERR_IO;
  }
  for (int k = 0; k < 2; k++) {
    fcntl(out[k], F_SETFD, FD_CLOEXEC);
    fcntl(err[k], F_SETFD, FD_CLOEXEC);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  /* with a time limit, a process group of its own: what it starts is
   * stopped with it */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (opts->timeout_s > 0) {
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
  }
  pid_t pid;
  const int spawned = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  if (spawned != 0) {
    res->missing = spawned == ENOENT;
    if (res->missing)
      snprintf(why, why_size, "%s is not installed (no %s on PATH)", argv[0], argv[0]);
    else
      snprintf(why, why_size, "cannot start %s: %s", argv[0], strerror(spawned));
    close(out[0]);
    close(err[0]);
    return SP_ERR_IO;
  }
  const double deadline = opts->timeout_s > 0 ? sp_now_s() + opts->timeout_s : 0;
  sink so = {.max = opts->max_bytes ? opts->max_bytes : SP_SPAWN_MAX_BYTES};
  sink se = {.max = SP_SPAWN_MAX_BYTES};
  int st = 0;
  /* it closed its output: it is about to exit, but waited for no longer
   * than its time left */
  res->timed_out = !read_both(out[0], err[0], &so, &se, deadline) || !reap(pid, &st, deadline);
  close(out[0]);
  close(err[0]);
  if (res->timed_out) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
      ;
  }
  res->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  res->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  res->out = so.buf ? so.buf : sp_xstrdup("");
  res->err = se.buf ? se.buf : sp_xstrdup("");
  /* a program that exec could not run (posix_spawnp reports it late) */
  if (res->status == 127 && !*res->out && !*res->err) {
    snprintf(why, why_size, "%s is not installed (no %s on PATH)", argv[0], argv[0]);
    sp_spawn_result_fini(res);
    res->missing = true;
    return SP_ERR_IO;
  }
  return SP_OK;
}

void sp_spawn_result_fini(sp_spawn_result *res)
{
  free(res->out);
  free(res->err);
  res->out = res->err = NULL;
}

char *sp_spawn_line(const char *const *argv)
{
  char *line = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&line, &len);
  for (size_t i = 0; argv[i]; i++) {
    const char *w = argv[i];
    if (i)
      fputc(' ', f);
    if (*w && !strpbrk(w, " \t\n'\"\\$`*?;&|<>()"))
      fputs(w, f);
    else {
      fputc('\'', f);
      for (; *w; w++)
        if (*w == '\'')
          fputs("'\\''", f);
        else
          fputc(*w, f);
      fputc('\'', f);
    }
  }
  fclose(f);
  return line;
}

void sp_spawn_failure(const char *const *argv, const sp_spawn_result *res, char *buf, size_t n)
{
  char *line = sp_spawn_line(argv);
  const char *e = res->err ? res->err : "";
  while (*e == ' ' || *e == '\n' || *e == '\t')
    e++;
  int l = (int)strcspn(e, "\n");
  l = l > 300 ? 300 : l;
  if (res->signal)
    snprintf(buf, n, "%s was ended by signal %d%s%.*s", line, res->signal, l ? ": " : "", l, e);
  else
    snprintf(buf, n, "%s exited %d%s%.*s", line, res->status, l ? ": " : "", l, e);
  free(line);
}
