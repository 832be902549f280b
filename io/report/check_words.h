/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CHECK_WORDS_H
#define SP_CHECK_WORDS_H

/* A render's checks in words: core/render/render_checks.c judges them as
 * kinds and numbers (sp_check), this module says them, each in one line:
 * what passed or failed, and a failed one's fix after "; ", the way
 * stderr, the JSON report, the HTML page and a cache entry show them. */

#include "core/render/render.h"

/* The text of every check of res that has none, from its kind and
 * numbers and the outputs and null tests it names (a failed null check
 * carries its test's leading finding: its words, sp_null_say, when they
 * were said). An sp_checks_say_fn. */
void sp_checks_say(sp_render_result *res);

#endif
