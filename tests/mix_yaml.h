/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTS_MIX_YAML_H
#define SP_TESTS_MIX_YAML_H

/* The tests' oracle of a session's recipe: the mix a reader read written
 * as recipe text (the text `import` wrote before the builder,
 * io/session/session_build.c, made the recipe with no text), for the
 * parser to read and the tests to compare with the built recipe. */

#include "io/session/mix.h"
#include "io/session/session.h"

/* The recipe of m, as YAML text with comments. Heap string. */
char *sp_mix_yaml(const sp_mix *m);

/* The session at path as that text (heap, in *yaml): path not a session
 * is an error (usage). */
sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d);

/* d's errors from its first `from` on as "PATH: MESSAGE" lines, sorted
 * (heap): what a read says, to compare with what the oracle's text says. */
char *sp_test_errors_of(const sp_diags *d, size_t from);

#endif
