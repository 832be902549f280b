/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_VALUES_H
#define SP_RECIPE_PARSE_VALUES_H

/* Values as every object of a recipe reads them (io/recipe/parse_values.c;
 * a mapping's keys: parser.h): numbers with units, times, booleans,
 * strings and names, and each key's from its row (what moves:
 * parse_timed.h). Each reader reports what it cannot take at the node,
 * and returns false. */

#include "io/recipe/parser.h"

#include "core/recipe/build.h"
#include "core/recipe/keys.h"

#include <stdbool.h>
#include <stddef.h>

void recipe_range_error(parser *p, const sp_ynode *n, const char *path, double v, sp_unit u,
                        double min, double max);
bool recipe_get_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                      double max, double *out);
/* n's number in unit u, not checked against min .. max (which only the
 * message of a plain number that could not be read names). */
bool recipe_read_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                       double max, double *out);
/* What n was written as, as the shared rules read it (core/recipe/build.h). */
sp_written recipe_written(const sp_ynode *n);
/* Whether n is a plain number, without a unit ("90", "-3.5"). */
bool recipe_unitless(const sp_ynode *n);
bool recipe_get_time(parser *p, const sp_ynode *n, const char *path, sp_time *out);
bool recipe_get_bool(parser *p, const sp_ynode *n, const char *path, bool *out);
bool recipe_get_string(parser *p, const sp_ynode *n, const char *path, const char *what,
                       char **out);
/* Channels by name, `[Ls, Rs]` or one name `C` (at most SP_MAX_CHANNELS):
 * a new array of strings into *names, their count into *n (each item's
 * position noted for later messages). false (reported) otherwise. */
bool recipe_get_channels(parser *p, const sp_ynode *v, const char *kp, const char *what,
                         char ***names, size_t *n);
/* `layout: 5.1`: a layout's name (core/base/layout.h). */
bool recipe_get_layout(parser *p, const sp_ynode *v, const char *kp, const sp_layout **out);
/* n as one of row's words: its index into *i. */
bool recipe_get_word(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row, int *i);
/* "'a', 'b' or 'c'" of a row's words, into buf. */
void recipe_words_text(const sp_key_row *row, char *buf, size_t size);
/* One value n (at path) as its row says (core/recipe/keys.h: its type,
 * unit, range, words) into the row's field of obj, the struct of the
 * row's table; its `has` flag set, its word flag (auto) set or cleared.
 * false (reported) when n is not such a value, or the row has no field. */
bool recipe_fill_one(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                     void *obj);
/* Every key of map whose row in table ("OUTPUT") has a field (a list of
 * mappings too, item by item), into obj, as recipe_fill_one (only:
 * the keys of map to read, NULL: all), but the timed ones
 * (recipe_fill_timed, io/recipe/parse_timed.h); a field
 * the table requires (def NULL) that map lacks is said missing. The keys
 * themselves are the caller's to check (recipe_check_keys), and so are
 * the keys a row cannot say: a composite value, a rule across keys. */
void recipe_fill(parser *p, const sp_ynode *map, const char *path, const char *table,
                 const char *const *only, void *obj);
/* One item of a list being read (fill_list, parse_values.c): its
 * mapping at its path ("tracks.a.sends[2]"), the errors said before it
 * was read, its slot (zeroed), the list's holder. */
typedef struct recipe_item {
  const sp_ynode *map;
  const char *path;
  size_t errors;
  void *item, *owner;
} recipe_item;
/* What a list's rows cannot say: its items as its message gives them
 * ("sends like '- {to: verb}'"), an item as an unknown key's message
 * names it ("a send"), a MAP's item as its name's ("version"), whether it
 * is given as a list alone (listed: left empty, null, is no list of
 * them), and hooks (NULL: none): start
 * once an item's keys are checked, before its rows are read (defaults;
 * false: it is left out), done after (composite values, rules across
 * keys; false: it is left out, what it holds freed by the hook). */
typedef struct recipe_list {
  const char *items, *item, *name;
  bool listed;
  bool (*start)(parser *p, const recipe_item *it);
  void (*fill)(parser *p, const recipe_item *it); /* its rows read (NULL: recipe_fill's) */
  bool (*done)(parser *p, const recipe_item *it);
  void (*fini)(void *item); /* what an item left out holds, freed (NULL: a MAP's name) */
} recipe_list;
/* Each list's, by its items' table: REGION's, SEND's (parse.c), SET's,
 * VERSION's (parse_output.c). */
/* A store kind's reader (core/recipe/keys.h): the value n at path into
 * the field of obj row says, as recipe_fill_one. */
typedef bool (*recipe_read)(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                            void *obj);
/* The readers of the mixer's store kinds (parse.c: PAN, POLARITY, CHAIN,
 * INSTRUMENT), by kind, reached as data as the lists are. */
extern const recipe_read recipe_mixer_reads[];
/* The readers of the other store kinds of more than one field
 * (parse_stores.c: FADE, WARP, INPUT, WORDS, LAYOUTS, CYCLE, NAMES,
 * PRESET), by kind. */
extern const recipe_read recipe_store_reads[];
extern const recipe_list recipe_regions, recipe_sends, recipe_sets, recipe_stems,
    recipe_versions;

#endif
