/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The route map as the HTML report embeds it: Graphviz's `dot` is spawned
 * (posix_spawnp, no shell) in a process group of its own on a temporary
 * file holding the DOT text; its output and errors are read through pipes
 * with poll until it exits or its time is up (then the group is killed).
 * The <svg> element is cut out of what it wrote and loses its namespace
 * attributes; when dot is missing, fails or is too slow, the reason comes
 * back instead, for the page to say. */

#include "io/report/html_parts.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/fs/fs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { DOT_TIMEOUT_S = 30 };

/* Drop the namespace attributes (xmlns, xmlns:xlink) from the <svg> tag:
 * HTML's parser puts inline SVG in its namespace anyway, and the page
 * holds no URL. */
static char *strip_namespaces(const char *svg, size_t len)
{
  char *out = sp_xmalloc(len + 1);
  size_t o = 0;
  const char *tag_end = memchr(svg, '>', len);
  for (size_t i = 0; i < len;) {
    if (tag_end && svg + i < tag_end && isspace((unsigned char)svg[i]) &&
        strncmp(svg + i + 1, "xmlns", 5) == 0) {
      const char *q = memchr(svg + i, '"', (size_t)(tag_end - (svg + i)));
      const char *q2 = q ? memchr(q + 1, '"', (size_t)(tag_end - (q + 1))) : NULL;
      if (q2) {
        i = (size_t)(q2 + 1 - svg);
        continue;
      }
    }
    out[o++] = svg[i++];
  }
  out[o] = '\0';
  return out;
}

/* Append what a readable fd has to buf (heap, NUL-terminated); false at
 * the end of the stream or on an error. */
static bool drain(int fd, char **buf, size_t *len, size_t *cap)
{
  if (*cap - *len < 4096)
    *buf = sp_xrealloc(*buf, *cap = *cap ? 2 * *cap : 65536);
  ssize_t r = read(fd, *buf + *len, *cap - *len - 1);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (r <= 0)
    return false;
  *len += (size_t)r;
  (*buf)[*len] = '\0';
  return true;
}

/* Run `dot -Tsvg` on the DOT text, in its own process group, for at most
 * timeout_s seconds, and return its <svg> element (heap). NULL when it
 * cannot, with why saying so: dot is not installed, failed (its first line
 * of errors), or ran out of time (then the whole group is killed). dot
 * reads a temporary file, so nothing is written into a pipe a failed dot
 * could close (SIGPIPE is the whole process's business, not this
 * function's). Labels are set in Helvetica, as the nodes already are. */
char *html_dot_svg(const char *dot, double timeout_s, char *why, size_t why_size)
{
  const char *tmpdir = getenv("TMPDIR");
  char *in = sp_xasprintf("%s/stemprint-map-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(in);
  if (fd < 0) {
    snprintf(why, why_size, "no temporary file for dot: %s", strerror(errno));
    free(in);
    return NULL;
  }
  bool whole = sp_fs_write_all(fd, dot, strlen(dot));
  close(fd);
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  if (!whole || pipe(out) != 0 || pipe(err) != 0) {
    snprintf(why, why_size, "cannot hand the map to dot: %s", strerror(errno));
    for (int k = 0; k < 2; k++) {
      if (out[k] >= 0)
        close(out[k]);
      if (err[k] >= 0)
        close(err[k]);
    }
    unlink(in);
    free(in);
    return NULL;
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
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  char *argv[] = {
      "dot", "-Tsvg", "-Gfontname=Helvetica", "-Nfontname=Helvetica", "-Efontname=Helvetica",
      in,    NULL};
  pid_t pid;
  int spawned = posix_spawnp(&pid, "dot", &fa, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  char *svg = NULL, *text_out = NULL, *text_err = NULL;
  size_t len_out = 0, cap_out = 0, len_err = 0, cap_err = 0;
  if (spawned != 0) {
    if (spawned == ENOENT)
      snprintf(why, why_size, "Graphviz is not installed (no dot on PATH)");
    else
      snprintf(why, why_size, "cannot start Graphviz's dot: %s", strerror(spawned));
  } else {
    double deadline = sp_now_s() + (timeout_s > 0 ? timeout_s : DOT_TIMEOUT_S);
    bool open_out = true, open_err = true, late = false;
    while ((open_out || open_err) && !late) {
      struct pollfd pf[2] = {{open_out ? out[0] : -1, POLLIN, 0},
                             {open_err ? err[0] : -1, POLLIN, 0}};
      double left = deadline - sp_now_s();
      int ready = left > 0 ? poll(pf, 2, (int)ceil(left * 1000)) : 0;
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0) {
        late = ready == 0;
        break;
      }
      if (pf[0].revents)
        open_out = drain(out[0], &text_out, &len_out, &cap_out);
      if (pf[1].revents)
        open_err = drain(err[0], &text_err, &len_err, &cap_err);
    }
    /* dot has closed its output: it is about to exit; wait, but no longer
     * than the time it has left. */
    int st = 0;
    pid_t w = 0;
    while (!late && (w = waitpid(pid, &st, WNOHANG)) == 0) {
      if (sp_now_s() >= deadline) {
        late = true;
        break;
      }
      nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
    if (late) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
      snprintf(why, why_size, "Graphviz's dot took longer than %g s and was stopped",
               timeout_s > 0 ? timeout_s : DOT_TIMEOUT_S);
    } else if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 127 && len_out == 0) {
      snprintf(why, why_size, "Graphviz is not installed (no dot on PATH)");
    } else if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      /* its first line of errors says what */
      const char *e = text_err ? text_err : "";
      while (*e && isspace((unsigned char)*e))
        e++;
      int line = (int)strcspn(e, "\n");
      if (line > 200)
        line = 200;
      if (w == pid && WIFSIGNALED(st))
        snprintf(why, why_size, "Graphviz's dot failed (signal %d)%s%.*s", WTERMSIG(st),
                 line ? ": " : "", line, e);
      else
        snprintf(why, why_size, "Graphviz's dot failed (exit %d)%s%.*s",
                 w == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1, line ? ": " : "", line, e);
    } else {
      const char *from = text_out ? strstr(text_out, "<svg") : NULL;
      const char *to = NULL;
      for (const char *p = from; p && (p = strstr(p, "</svg>")); p++)
        to = p;
      if (from && to)
        svg = strip_namespaces(from, (size_t)(to + 6 - from));
      else
        snprintf(why, why_size, "Graphviz's dot wrote no SVG");
    }
  }
  close(out[0]);
  close(err[0]);
  free(text_out);
  free(text_err);
  unlink(in);
  free(in);
  return svg;
}

/* The width an SVG asks for in CSS pixels ("1018pt" is 1357 px), 0: unknown. */
double html_svg_width_px(const char *svg)
{
  const char *w = strstr(svg, " width=\"");
  const char *gt = strchr(svg, '>');
  if (!w || (gt && w > gt))
    return 0;
  char *end;
  double v = strtod(w + 8, &end);
  return strncmp(end, "pt", 2) == 0 ? v * 4 / 3 : v;
}
