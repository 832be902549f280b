/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The job tokens in use (core/base/tokens.h): the front end's, or none. */

#include "core/base/tokens.h"

#include <stddef.h>

static const sp_tokens *in_use;

void sp_tokens_use(const sp_tokens *t) { in_use = t; }

bool sp_token_take(int wait_ms) { return !in_use || in_use->take(in_use->ctx, wait_ms); }

void sp_token_give(void)
{
  if (in_use)
    in_use->give(in_use->ctx);
}
