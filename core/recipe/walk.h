/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_WALK_H
#define SP_RECIPE_WALK_H

/* The recipe model walked by its rows (core/recipe/keys.h) and written as
 * the text a recipe file holds: what `import` writes of a session and
 * `init` of a plan. Each object's keys in its table's order, each under
 * its recipe name, a key whose row names its field from the row, the
 * others (a track's, a bus's and master's mappings; an insert's processor,
 * parameters, plugin and key) by the walk's own code. Keys at their
 * default are left out; files as the recipe wrote them (sp_region.file,
 * not the resolved path). Parsing what it writes (io/recipe/parse.h, as
 * the same file) gives back the same canonical recipe (core/job/job.h):
 * tests/test_walk.c holds it over every recipe of the examples and the
 * tests. What the model does not hold is not written: comments, a
 * preset's name (the values it set are), the order a mapping's keys were
 * written in. */

#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"

/* ---- the walk -------------------------------------------------------------
 * One walk over the model by its rows, for every form of it: the walk
 * decides which keys a mapping holds and in which order (each table's, a
 * strip's those of its kind), whether a key is given (its word flag, its
 * key_if, its points when it moves), and enters a mapping or a list of
 * another table (OBJECT, LIST, MAP, NAMED, FOLD), and writes the values
 * whose shape is every form's (names, words, a tap, a switch, a polarity,
 * a pan) through the form, and those a form spells its own way (a time,
 * a tempo map, a value that moves, a fade, a warp, an insert's parameter)
 * with one writer each, in the spelling of the writer it writes with
 * (sp_writer.json: the canonical recipe's, the model as it holds it:
 * core/recipe/walk.c); the form writes a key, a value of its own shape,
 * the punctuation, and the keys no row says (its own). The forms: the
 * recipe's text (sp_recipe_yaml, here), the
 * canonical recipe of the cache key (core/job/job.c), and the keys the
 * text gives (sp_recipe_given, here: which keys the DAWproject export
 * names as lost, and their order; the words are io's).
 *
 * Not forms of it, and why. The JSON Schema (cmd/schema.c) describes each
 * table once, as a definition the others refer to, by its rows' types:
 * the walk goes through objects, each instance of a table where it is,
 * its decisions (a word flag, key_if, a moving value, a default, a list's
 * count) all read a value, and a schema has none. What both decide alike,
 * which keys a mapping holds and in which order, is one source already:
 * the tables' X-macro columns (a track's mapping its region's keys on the
 * track, its own, its strip's: sp_keys_track_all for the schema and the
 * parser, sp_keys_region_on_track and sp_key_strip_on here, made of the
 * same Y/N columns). init's text (io/init/init_text.c) is written from a
 * plan, not a recipe: keys at their default written on purpose (a menu
 * to edit), comments beside keys, commented-out tracks and return buses
 * the recipe does not hold; its keys' words come from the rows. */

typedef struct sp_walk sp_walk;

typedef struct sp_walk_form {
  /* `name:` before a value in the mapping being written (first: nothing
   * written in it yet, then false) */
  void (*key)(sp_walk *k, const char *name, bool *first);
  /* an item's separator in a list (first as above) */
  void (*item)(sp_walk *k, bool *first);
  /* a mapping (or list) opens, closes */
  void (*open)(sp_walk *k, bool list);
  void (*close)(sp_walk *k, bool list);
  /* a word (a row's word flag's: auto, none) */
  void (*word)(sp_walk *k, const char *word);
  /* the value of row's field of obj, of a store whose shape is the
   * form's own (a number, a level, a text, a file, an insert's chain ...:
   * not OBJECT, LIST, NAMED, GROUPS, FOLD, nor the values every form
   * writes alike: BOOL, PRESET, LAYOUT, NAMES, CHANNELS, WORDS, TAP,
   * POLARITY, PAN, which the walk writes through this form's punctuation
   * and word, and the writer's scalars; nor TIME, AUTO, FADE, WARP and a
   * value that moves, which the walk's value writers write in the
   * writer's spelling); def: the same table's struct at its defaults, or
   * NULL; false: not written */
  bool (*value)(sp_walk *k, const sp_key_row *row, const char *name, const void *obj,
                const void *def);
  /* key q of table (named name) of obj, after its row's field (none:
   * NULL), the keys no row says */
  void (*own)(sp_walk *k, const char *table, size_t q, const char *name, const void *obj,
              bool *first);
  /* optional: the struct an item of a list of table starts as, the item
   * being item, made in buf (zeroed, the item's size), its keys then left
   * out where they are as its; NULL: none, every key written */
  const void *(*item_default)(sp_walk *k, const char *table, const void *item, void *buf);
} sp_walk_form;

struct sp_walk {
  const sp_walk_form *form;
  sp_writer *w; /* where the form writes: the walk swaps it to weigh a key */
  /* the cache key's form: a key that never reaches a printed byte
   * (unkeyed) left out, every list written, none left out (an envelope
   * of no default that neither moves nor gains: none written) */
  bool keyed;
};

/* The value of row's field of obj (name: its key) in k's form: false
 * when it is not given (nothing written). */
bool sp_walk_value(sp_walk *k, const sp_key_row *row, const char *name, const void *obj,
                   const void *def);
/* Key q of a table (its rows, its names) of obj, `name: value`, unless
 * it is not given, or written as def's (NULL: none) is. */
void sp_walk_key(sp_walk *k, const sp_key_row *rows, const char *const *names, size_t q,
                 const void *obj, const void *def, bool *first);
/* Parameter p of parameter set `set` of ins: its automation where it
 * moves, else its value, in the writer's spelling (as held: numbers). */
void sp_walk_param(sp_walk *k, const sp_insert *ins, size_t set, size_t p);
/* Each key of table in its order, then the form's own for it. */
void sp_walk_table(sp_walk *k, const char *table, const void *obj, const void *def, bool *first);
/* The mixer keys strip s takes (on: SP_KEY_ON_TRACK, _BUS or _MASTER),
 * those not as def's (NULL: none). */
void sp_walk_strip(sp_walk *k, const sp_strip *s, unsigned on, const sp_strip *def, bool *first);
/* The insert keys an insert of class flags takes (plugin: of a family
 * with presets; selector: of one with a selector), its rows' then the
 * form's own. */
void sp_walk_insert_keys(sp_walk *k, const sp_insert *ins, const sp_insert *def, unsigned flags,
                         bool plugin, bool selector, bool *first);

/* ---- the recipe's text ------------------------------------------------------ */

typedef struct sp_recipe_yaml_opts {
  /* The comment lines written above the key at recipe path ("" the top
   * of the file, "tracks.kick", "tracks.kick.inserts[0]", "stems",
   * "master"), each line of it prefixed "# " (its line breaks kept, each
   * line's text through sp_write_comment); NULL: none. Asked for the top,
   * each root key, each track, bus and their inserts, regions and sends. */
  const char *(*comment)(void *ctx, const char *path);
  void *ctx;
  /* Optional: told each node of the text as the walk writes it, in the
   * text's order, at its line and column as a YAML reader marks it (a
   * block mapping at its first key, a block list at its first '-', a
   * flow one at its bracket and its end after its closing one, a scalar
   * at its first character, a quote): a scalar's text as a reader reads
   * it (quoted: written in quotes); no node for an empty text. The nodes
   * are those the value writers keep as they write (sp_writer.tells,
   * core/recipe/writer.h), none found by reading the text back: what a
   * tree of the text is made of without reading it
   * (io/recipe/walk_tree.h). */
  void (*node)(void *ctx, sp_yaml_ev ev, sp_pos at, const char *text, bool quoted);
  void *node_ctx;
  /* No text: the same nodes told to node, in the same order, each at
   * {0, 0}, the text not laid out and no comment asked (the values are
   * still written, each as the walk weighs it against its default): the
   * paths the text holds, where their places come from elsewhere (a
   * session's recipe, placed at its elements: io/session/import.c). */
  bool nodes_only;
} sp_recipe_yaml_opts;

/* The recipe r as YAML text (heap; "" with o's nodes_only); o may be
 * NULL. */
char *sp_recipe_yaml(const sp_recipe *r, const sp_recipe_yaml_opts *o);

/* Each key sp_recipe_yaml writes of r in the mapping at path ("" the top
 * level; "master"; "output", "checks"; "tracks.NAME", "buses.NAME"; a
 * strip's send, "tracks.NAME.sends[0]"), in
 * the order it writes them: given_key(ctx, table, key), table the one
 * whose row the key is ("ROOT", "STRIP", "MASTER", "OUTPUT", ...; a
 * track's keys are of REGION, TRACK and STRIP). A key at its default is
 * not given, however the recipe came (a file, a session): what a form
 * that names the keys a recipe gives walks (the DAWproject exporter's
 * keys it cannot carry). The top level's tracks, buses and master are
 * mappings of their own paths, not given at "". */
void sp_recipe_given(const sp_recipe *r, const char *path,
                     void (*given_key)(void *ctx, const char *table, const char *key), void *ctx);

#endif
