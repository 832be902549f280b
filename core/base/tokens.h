/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TOKENS_H
#define SP_TOKENS_H

/* Job tokens shared with other processes (GNU make's jobserver), so that
 * renders inside `make -j` and songs in one invocation share the cores
 * without running more busy threads than make allows.
 *
 * Every process holds one token of its own: the thread that calls into the
 * engine runs work without asking. Any other thread (a render pipeline's
 * worker, a pool's, a song's in `render A B -j N`) holds a token while it
 * runs work: it takes one before its first task and gives it back when it
 * runs out of work, sleeps or ends. A thread that gets none runs nothing
 * and leaves the work to the threads that hold one.
 *
 * The engine defines the interface and opens no file: the front end gives
 * the implementation (cmd/jobserver.c reads make's --jobserver-auth, as
 * io/audio/media.h is given for media). With none given, every take
 * succeeds at once: -j threads, as without make. */

#include <stdbool.h>

typedef struct sp_tokens {
  /* Take one token, waiting up to wait_ms for one (0: not at all); whether
   * one was taken. Called from any thread. */
  bool (*take)(void *ctx, int wait_ms);
  /* Give back one token taken. */
  void (*give)(void *ctx);
  void *ctx;
} sp_tokens;

/* How long a thread that wants a token and has work waits for one before
 * it looks at its work again (whether there is any left). */
#define SP_TOKEN_WAIT_MS 5

/* The tokens to take from now on (NULL: none). Set before any thread
 * starts; t must outlive them. */
void sp_tokens_use(const sp_tokens *t);
/* Take one (true at once with none in use). */
bool sp_token_take(int wait_ms);
/* Give one back (nothing with none in use). */
void sp_token_give(void);

#endif
