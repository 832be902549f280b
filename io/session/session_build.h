/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_H
#define SP_SESSION_BUILD_H

/* A session's recipe built from the mix its reader read (after
 * sp_mix_finish), with no recipe text between: each value set as the
 * parser sets it from the text sp_mix_yaml writes, checked as the parser
 * checks it (issue 72). */

#include "core/recipe/recipe.h"
#include "io/session/mix.h"

/* The recipe of m at file (its relative paths from file's folder), with
 * no places noted (sp_session_place places it). A value the parser
 * refuses of m's text with the message of its row (a number out of its
 * row's range) is said into said as the parser says it, each at its
 * recipe path (file, line 1: the caller places it where the text import
 * writes has that path), and left out as the parser leaves it. NULL where
 * the builder declines: another value the parser would refuse or say
 * something of. The caller then reads m's text, which says what it
 * says. */
sp_recipe *sp_session_build(const sp_mix *m, const char *file, sp_diags *said);

#endif
