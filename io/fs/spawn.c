/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Another program run by posix_spawnp with an argument vector (no shell),
 * its stdout and stderr read through two pipes with poll until both close,
 * then reaped (io/fs/spawn.h). */

#include "io/fs/spawn.h"

#include "core/base/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct sink {
  char *buf;
  size_t len, cap;
} sink;

/* Read what fd has into s (its first SP_SPAWN_MAX_BYTES kept); false at
 * the end of the stream or on an error. */
static bool drain(int fd, sink *s)
{
  char tmp[8192];
  const ssize_t r = read(fd, tmp, sizeof tmp);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (r <= 0)
    return false;
  size_t keep = (size_t)r;
  if (s->len + keep > SP_SPAWN_MAX_BYTES)
    keep = SP_SPAWN_MAX_BYTES - s->len;
  if (s->len + keep + 1 > s->cap) {
    s->cap = s->len + keep + 1 > 2 * s->cap ? s->len + keep + 1 : 2 * s->cap;
    s->buf = sp_xrealloc(s->buf, s->cap);
  }
  memcpy(s->buf + s->len, tmp, keep);
  s->len += keep;
  s->buf[s->len] = '\0';
  return true;
}

sp_err sp_spawn(const char *const *argv, sp_spawn_result *res, char *why, size_t why_size)
{
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
  pid_t pid;
  const int spawned = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  if (spawned != 0) {
    if (spawned == ENOENT)
      snprintf(why, why_size, "%s is not installed (no %s on PATH)", argv[0], argv[0]);
    else
      snprintf(why, why_size, "cannot start %s: %s", argv[0], strerror(spawned));
    close(out[0]);
    close(err[0]);
    return SP_ERR_IO;
  }
  sink so = {0}, se = {0};
  bool open_out = true, open_err = true;
  while (open_out || open_err) {
    struct pollfd pf[2] = {{open_out ? out[0] : -1, POLLIN, 0},
                           {open_err ? err[0] : -1, POLLIN, 0}};
    const int ready = poll(pf, 2, -1);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      break;
    if (pf[0].revents)
      open_out = drain(out[0], &so);
    if (pf[1].revents)
      open_err = drain(err[0], &se);
  }
  close(out[0]);
  close(err[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
    ;
  res->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  res->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  res->out = so.buf ? so.buf : sp_xstrdup("");
  res->err = se.buf ? se.buf : sp_xstrdup("");
  /* a program that exec could not run (posix_spawnp reports it late) */
  if (res->status == 127 && !*res->out && !*res->err) {
    snprintf(why, why_size, "%s is not installed (no %s on PATH)", argv[0], argv[0]);
    sp_spawn_result_fini(res);
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
