/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The jobserver client (cmd/jobserver.h).
 *
 *   MAKEFLAGS "... --jobserver-auth=R,W" (make 4.3)  ─► the pipe's read end
 *            "... --jobserver-auth=fifo:PATH" (4.4)      opened anew, ours
 *   a thread's token: a byte read from it (non-blocking, poll to wait),
 *                     written back when given (the same byte: make may give
 *                     bytes meanings)
 *
 * make sets its pipe's read end blocking and says not to change that: the
 * O_NONBLOCK flag belongs to the file description, which make shares. So
 * the read end is opened again (/proc/self/fd/R, a description of our
 * own), as the fifo is. The bytes held are kept in a table of atomic
 * slots, so that a signal handler can give them all back. */

#include "cmd/jobserver.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/tokens.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { HELD_MAX = 1024 }; /* more than -j's 256 threads and a song's each */

static int read_fd = -1, write_fd = -1;
static _Atomic unsigned char held[HELD_MAX]; /* the bytes taken; 0: a free slot */

static bool take(void *ctx, int wait_ms)
{
  (void)ctx;
  for (;;) {
    unsigned char c;
    const ssize_t n = read(read_fd, &c, 1);
    if (n == 1) {
      for (size_t i = 0; i < HELD_MAX; i++) {
        unsigned char empty = 0;
        if (c != 0 && atomic_compare_exchange_strong(&held[i], &empty, c))
          return true;
      }
      (void)!write(write_fd, &c, 1); /* nowhere to keep it (never: see HELD_MAX) */
      return false;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n == 0 || errno != EAGAIN || wait_ms <= 0)
      return false; /* none now, or the jobserver is gone: run on fewer threads */
    struct pollfd pfd = {.fd = read_fd, .events = POLLIN};
    if (poll(&pfd, 1, wait_ms) <= 0)
      return false;
    wait_ms = 0; /* readable: one more try (another process may be first) */
  }
}

static void give(void *ctx)
{
  (void)ctx;
  for (size_t i = 0; i < HELD_MAX; i++) {
    const unsigned char c = atomic_exchange(&held[i], 0);
    if (c != 0) {
      while (write(write_fd, &c, 1) < 0 && errno == EINTR)
        ;
      return;
    }
  }
}

void sp_jobserver_release(void)
{
  if (write_fd < 0)
    return;
  for (size_t i = 0; i < HELD_MAX; i++) {
    const unsigned char c = atomic_exchange(&held[i], 0);
    if (c != 0)
      while (write(write_fd, &c, 1) < 0 && errno == EINTR)
        ;
  }
}

static void release_at_exit(void) { sp_jobserver_release(); }

/* A signal that ends the process: the tokens go back first. */
static void on_fatal(int sig)
{
  sp_jobserver_release();
  signal(sig, SIG_DFL);
  raise(sig);
}

/* The value of MAKEFLAGS' last --jobserver-auth (or make 4.1's
 * --jobserver-fds), up to the next blank; heap, or NULL. */
static char *auth_value(const char *flags)
{
  const char *at = NULL;
  for (const char *s = flags; (s = strstr(s, "--jobserver-")); s++)
    if (strncmp(s, "--jobserver-auth=", 17) == 0 || strncmp(s, "--jobserver-fds=", 16) == 0)
      at = strchr(s, '=') + 1;
  if (!at)
    return NULL;
  return sp_xasprintf("%.*s", (int)strcspn(at, " \t"), at);
}

/* A descriptor of the pipe: open, a pipe, readable (or writable). */
static bool pipe_end(int fd, bool reading, struct stat *st)
{
  const int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fstat(fd, st) != 0 || !S_ISFIFO(st->st_mode))
    return false;
  const int mode = fl & O_ACCMODE;
  return mode == O_RDWR || mode == (reading ? O_RDONLY : O_WRONLY);
}

/* Open the jobserver auth names (read_fd, write_fd); NULL, or why not
 * (static text). */
static const char *open_auth(const char *auth)
{
  if (strncmp(auth, "fifo:", 5) == 0) {
    const int fd = open(auth + 5, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) {
      if (fd >= 0)
        close(fd);
      return "its named pipe does not open here as one";
    }
    read_fd = write_fd = fd;
    return NULL;
  }
  int r, w, end = 0;
  if (sscanf(auth, "%d,%d%n", &r, &w, &end) != 2 || auth[end] != '\0')
    return "it is neither 'R,W' nor 'fifo:PATH'";
  struct stat rs, ws;
  if (!pipe_end(r, true, &rs) || !pipe_end(w, false, &ws) || rs.st_ino != ws.st_ino)
    return "its pipe is not open here (make 4.3 gives it only to a rule's command that starts "
           "with '+'; make 4.4's named pipe reaches every command)";
  char own[64];
  snprintf(own, sizeof own, "/proc/self/fd/%d", r);
  read_fd = open(own, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (read_fd < 0)
    return "its pipe cannot be opened again without blocking make's (/proc/self/fd)";
  write_fd = w;
  return NULL;
}

void sp_jobserver_start(void)
{
  static const sp_tokens tokens = {.take = take, .give = give};
  const char *flags = getenv("MAKEFLAGS");
  char *auth = flags ? auth_value(flags) : NULL;
  if (!auth)
    return;
  int r, w;
  if (sscanf(auth, "%d,%d", &r, &w) == 2 && (r < 0 || w < 0)) {
    free(auth); /* make's way of saying: no jobserver for this command */
    return;
  }
  const char *why = open_auth(auth);
  if (why) {
    read_fd = write_fd = -1;
    sp_diag_line(stderr,
                 "stemprint: warning: MAKEFLAGS names make's jobserver (--jobserver-auth=%s) but "
                 "%s; running -j threads without it",
                 auth, why);
    free(auth);
    return;
  }
  free(auth);
  sp_tokens_use(&tokens);
  atexit(release_at_exit);
  static const int fatal[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE};
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    struct sigaction now;
    if (sigaction(fatal[i], NULL, &now) == 0 && now.sa_handler == SIG_DFL)
      signal(fatal[i], on_fatal);
  }
}
