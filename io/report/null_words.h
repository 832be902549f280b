/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_NULL_WORDS_H
#define SP_NULL_WORDS_H

/* A null test's findings in words: core/measure/nulltest.c finds them as
 * kinds and numbers (sp_null_finding), this module says them, each in one
 * sentence of at most 511 bytes, the way stderr, the JSON report, the HTML
 * page and a cache entry show them. */

#include "core/measure/nulltest.h"

#include <stddef.h>

/* Finding k of res in words, into buf (at most 512 bytes with its NUL). */
void sp_null_finding_text(const sp_null_result *res, size_t k, char buf[512]);

/* res->findings from res->found, once: a result that has its words (read
 * back from a cache entry) keeps them. An sp_null_say_fn. */
void sp_null_say(sp_null_result *res);

#endif
