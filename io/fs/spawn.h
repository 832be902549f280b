/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SPAWN_H
#define SP_SPAWN_H

/* Running another program with an argument vector, no shell: no word of
 * argv is read by one, so a path or a revision with quotes, spaces or a
 * leading '-' is passed as it is written (a program's own options parser
 * still sees a leading '-': refuse those before). */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>

enum { SP_SPAWN_MAX_BYTES = 1 << 20 };

typedef struct sp_spawn_result {
  int status;     /* its exit status; -1: ended by a signal */
  int signal;     /* that signal, else 0 */
  bool timed_out; /* stopped at sp_spawn_opts.timeout_s (signal SIGKILL) */
  bool missing;   /* not on PATH (sp_spawn's SP_ERR_IO; out and err NULL) */
  char *out;      /* what it wrote on stdout (heap, NUL-terminated; the first
                   * max_bytes kept, the rest read and dropped) */
  char *err;      /* ... on stderr (its first SP_SPAWN_MAX_BYTES) */
} sp_spawn_result;

/* How a run is bounded, beyond sp_spawn's defaults (all 0). */
typedef struct sp_spawn_opts {
  /* > 0: the program runs in a process group of its own, and the whole
   * group is killed once it has run this long (a wrapper's children too):
   * res.timed_out. 0: no limit. */
  double timeout_s;
  size_t max_bytes; /* of stdout kept; 0: SP_SPAWN_MAX_BYTES */
} sp_spawn_opts;

/* Run argv[0], looked up on PATH, with argv (NULL-terminated), stdin
 * /dev/null, and wait for it, its output and errors read as they come.
 * SP_OK when it ran (whatever its status: res says), res to free with
 * sp_spawn_result_fini; SP_ERR_IO when it could not start, why saying so
 * ("git is not installed (no git on PATH)"). Blocks SIGPIPE for nobody:
 * the child writes into pipes read to their end. */
sp_err sp_spawn(const char *const *argv, sp_spawn_result *res, char *why, size_t why_size);
/* sp_spawn bounded by opts (NULL: sp_spawn's defaults). */
sp_err sp_spawn_with(const char *const *argv, const sp_spawn_opts *opts, sp_spawn_result *res,
                     char *why, size_t why_size);
void sp_spawn_result_fini(sp_spawn_result *res);

/* The command as a line to show (heap): its words joined by spaces, one
 * holding a space or a quote in single quotes. */
char *sp_spawn_line(const char *const *argv);

/* Why a run that exited other than 0 failed, for a message: "git
 * rev-parse ... exited 128: fatal: ..." (the command's line, its status or
 * signal, and the first line of what it wrote on stderr). */
void sp_spawn_failure(const char *const *argv, const sp_spawn_result *res, char *buf, size_t n);

#endif
