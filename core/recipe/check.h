/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_CHECK_H
#define SP_RECIPE_CHECK_H

/* The recipe checked as a whole, whatever filled it: the YAML parser
 * (io/recipe/), a session's reader (io/session/), a --set. A reader reads
 * values (a number in its unit, a word, a time) and notes where each came
 * from (sp_recipe_note_value); what a value may be is said here, once, by
 * the key rows (core/recipe/keys.h) and the rules no row says, each
 * message at its path's origin (sp_recipe_origin: the YAML file's line,
 * the line of the text `import` writes of a session, the --set that put
 * it), so a value gets the same words whichever reader read it.
 *
 * The rules held here so far: every ranged number and whole number a row
 * stores (in every table the model holds: the recipe's own keys, output
 * and its sets, checks, master's, each track's regions and strip, each
 * bus's, their sends, LFE feeds, folds and positions), the sample rate a
 * whole number, pan_law's four levels, a length above 0; a region's keys
 * together (what its kind refuses, `channel:` beside `files:`, a warp
 * beside `from:`, an inverse fade over nothing), a region's fade points
 * (a curve's, a saved list's, an inverse's), a track's instrument and
 * its MIDI; a gain matrix's gains; a track's, a bus's, a stem's and a
 * version's name; the timed values of a strip, a send and a region's
 * envelope (their values, their points' times and order, tempo maps,
 * starts, VCA curves, the ramps, interpolations and keys their kinds
 * take); an insert's number parameters (each band's), in their
 * processor's range and below Nyquist; a detector narrowed beside a key. */

#include "core/base/diag.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>

/* r checked: what is wrong said into d, at its origin; d's messages
 * from its first from on are its reading's (a value it could not read,
 * said there, is not said again). An insert's value refused is put back
 * to its default, a region's fade points refused are left out (its
 * curve's fade then a ramp of no length), and a sample rate refused to
 * the rate r was read at (sp_recipe_reading_rate), as its reader would
 * leave out a value it could not read: what is built of r after (a graph
 * prepares its inserts: a delay's buffer; a file's length in frames; a
 * fade's curve) sees none. Whether nothing was wrong. */
bool sp_recipe_check(sp_recipe *r, sp_diags *d, size_t from);

/* The rows of table (its name, "TEMPO") checked on obj, an object of it
 * that a reader holds apart from the recipe while it computes on it (a
 * tempo point before it joins its map), at path (its values' places
 * noted in r). Whether nothing was wrong. */
bool sp_recipe_check_table(const sp_recipe *r, sp_diags *d, const char *table, const void *obj,
                           const char *path);

/* The same of one row's value of obj, the key at path: a file of keys
 * that is not a recipe read by the recipe's rows (an album's). */
struct sp_key_row;
bool sp_recipe_check_row(const sp_recipe *r, sp_diags *d, const struct sp_key_row *row,
                         const void *obj, const char *path);

/* The rate a recipe's values are read at while it is read (a reader's
 * Nyquist, its frames): hz where the check takes it as a sample rate,
 * else the default (the check says what is wrong with hz). */
double sp_recipe_reading_rate(double hz);

#endif
