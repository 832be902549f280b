/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTS_MIX_YAML_H
#define SP_TESTS_MIX_YAML_H

/* The tests' oracle of a session's recipe: the mix a reader read written
 * as recipe text (the text `import` wrote before the builder,
 * io/session/session_build.c, made the recipe with no text), for the
 * parser to read and the tests to compare with the built recipe. Only the
 * tests that check the builder against a second writer use it: the values
 * the builder refuses (held in this text, said by the parser as the
 * builder must say them), the builder's paths and declines (test_session's
 * decl tests, test_sessioncmds, test_build_insert, fuzz_session). Every
 * other test imports as users do (sp_cli_import, cmd/cli.h), whose text
 * leaves a value refused out and is written from the built recipe. */

#include "io/session/mix.h"
#include "io/session/session.h"

/* m's recipe as sp_session_read makes it of a session read: built
 * (sp_session_build), placed at the lines of the text import writes of it
 * (sp_session_place), and checked (sp_recipe_check, core/recipe/check.h);
 * what the build and the check say into said. NULL where the build reads
 * no further. */
sp_recipe *sp_test_session_recipe(sp_mix *m, const char *file, sp_diags *said);

/* The recipe of m, as YAML text with comments (its regions as read).
 * Heap string. */
char *sp_mix_yaml(const sp_mix *m);

/* What the session's readers said of m's inserts' values as they read
 * them (the text holds no value the parser refuses, so what it says of
 * one is said beside it), into d at their recipe paths, as the builder
 * says them. */
void sp_mix_yaml_said(const sp_mix *m, sp_diags *d);

/* The session at path as that text (heap, in *yaml; path not a session
 * is an error, usage), and what the builder says of the values its
 * readers built at once (an insert's, a region's fades) into said (NULL:
 * not asked), as sp_mix_said_placed gives it. */
sp_err sp_session_import_said(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d,
                              sp_diags *said);
/* What the readers of m (finished) said of the values they built at
 * once, into out as the builder says it when it places them: at the
 * path of each region and insert and the value's under it. The text
 * sp_mix_yaml writes holds the values as built, a value refused left
 * out; what was said of it is this. */
void sp_mix_said_placed(const sp_mix *m, sp_diags *out);
/* What the builder says of m's tracks' regions that the text cannot hold
 * (a fade's points that move as a level's: the text leaves them out and
 * its read says nothing of them), each as an error at its
 * recipe path (`tracks.NAME.regions[K].fade_in`), into into: what a test
 * adds to what the text's read says, to compare with what the build
 * says. */
void sp_test_regions_said(const sp_mix *m, sp_diags *into);
/* regions' errors (sp_test_regions_said's) moved into text, each but
 * those text says from its first from on already (a value the builder
 * kept and said, which the text holds and its read says too); regions
 * emptied. */
void sp_test_said_take(sp_diags *text, size_t from, sp_diags *regions);

/* d's errors from its first `from` on as "PATH: MESSAGE" lines, sorted
 * (heap): what a read says, to compare with what the oracle's text says. */
char *sp_test_errors_of(const sp_diags *d, size_t from);
/* What the parser says of text (a recipe written by hand, at file), as
 * sp_test_errors_of gives it (heap); the recipe it reads in *read (NULL
 * where it reads none). */
char *sp_test_text_said(const char *file, const char *text, sp_recipe **read);

#endif
