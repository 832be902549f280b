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
/* The same, and what its reader said of the values it built at once
 * (sp_mix_said) into said (not NULL), as sp_mix_said_placed gives it. */
sp_err sp_session_import_said(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d,
                              sp_diags *said);
/* What the readers of m (finished) said of the values they built at
 * once, into out as the builder says it when it places each strip: at
 * the strip's path (a send's) and the value's under it. The text
 * sp_mix_yaml writes holds the values as built, a value refused left
 * out; what was said of it is this. */
void sp_mix_said_placed(const sp_mix *m, sp_diags *out);

/* d's errors from its first `from` on as "PATH: MESSAGE" lines, sorted
 * (heap): what a read says, to compare with what the oracle's text says. */
char *sp_test_errors_of(const sp_diags *d, size_t from);

#endif
