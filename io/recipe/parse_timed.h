/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_TIMED_H
#define SP_RECIPE_PARSE_TIMED_H

/* Timed values (read in io/recipe/parse_values.c): whatever may move over the
 * timeline (a fader, a pan, a send, a plugin's port, a bypass, a mute, an
 * ADM position) is read here, and only here, into an sp_auto
 * (core/dsp/automation.h). A kind of value (recipe_timed) says how one of
 * its values is read and which of these forms it takes:
 *
 *   a constant               -6 dB                         RECIPE_TIMED_CONSTANT
 *   a list of points         [[0, -6 dB], [2 s, 0 dB]]     always
 *   a list held in beats     {tempo: 97, points: [...]}    RECIPE_TIMED_TEMPO
 *   a level's ramp           {ramp: ardour, points: ...}   RECIPE_TIMED_LEVEL
 *   a port in a line         {ramp: linear, points: ...}   RECIPE_TIMED_LINEAR
 *   an envelope as Ardour's  {ramp: ardour, points: ...}   RECIPE_TIMED_ENVELOPE
 *
 * Two points at one time make a jump; points go in time order (in frames,
 * as the render reads them). A mute's or a bypass's settings are held by
 * what plays them; a plugin's are made steps by the recipe's check. Every
 * kind's messages of its forms are made here, from its words (or its own
 * `want`); its values' unit and range, and how the recipe's check judges
 * it, are its core kind's (sp_timed_kind, core/recipe/keys.h): what its
 * values may be and how they may move is said there (core/recipe/check.c),
 * for a recipe's text and a session's build alike. */

#include "core/recipe/keys.h"
#include "io/recipe/parser.h"

#include <stdbool.h>

enum {
  RECIPE_TIMED_CONSTANT = 1u << 0, /* one value alone */
  RECIPE_TIMED_TEMPO = 1u << 1,    /* {tempo: ..., points: [...]} */
  /* {points, ramp: db | ardour | declick, interpolation, tempo, start, vca}
   * (core/recipe/keys.h, sp_keys_level) */
  RECIPE_TIMED_LEVEL = 1u << 2,
  RECIPE_TIMED_LINEAR = 1u << 3, /* {points, ramp: linear, tempo} */
  /* {points, ramp: db | ardour}: a region's envelope, drawn frame by
   * frame or as Ardour's export reads it (core/graph/graph.h, env_list) */
  RECIPE_TIMED_ENVELOPE = 1u << 5,
};

typedef struct recipe_timed recipe_timed;

/* Reads one value of kind k (a constant's, a point's) at n into *v; false
 * (reported at path) otherwise. */
typedef bool (*recipe_timed_read)(parser *p, const recipe_timed *k, const sp_ynode *n,
                                  const char *path, double *v);

/* A kind of timed value as it is read: a const row, or one made for a
 * plugin's port. Its values and how they move are the recipe's check's:
 * read as written (a value out of its range, points out of time order, a
 * ramp its kind takes not), each value's place noted. */
struct recipe_timed {
  /* its values' unit and range (recipe_timed_number's), how the check
   * judges it, its moving form as a whole in messages ("a moving bypass") */
  const sp_timed_kind *kind;
  recipe_timed_read read;
  unsigned forms;             /* RECIPE_TIMED_* */
  const void *ctx;            /* the reader's own (a plugin's parameter) */
  const char *noun;           /* a point's value in messages: "level" */
  const char *first, *second; /* two values for examples: "-6 dB", "0 dB" */
  /* the message for a list of another shape (a setting's, which no
   * example of numbers fits); NULL: made from the fields above */
  const char *want;
};

/* A kind of numbers of kind (its unit, min .. max); a kind of settings read
 * by read, a list of another shape said by want. */
#define RECIPE_TIMED_NUMBERS(kind, forms, noun, first, second)                                     \
  {                                                                                                \
    (kind), recipe_timed_number, (forms), NULL, (noun), (first), (second), NULL                    \
  }
#define RECIPE_TIMED_SETTINGS(kind, read, forms, noun, first, second, want)                        \
  {                                                                                                \
    (kind), (read), (forms), NULL, (noun), (first), (second), (want)                               \
  }

/* The reader of numbers in k->kind's unit and range; of true or false (1
 * or 0). */
bool recipe_timed_number(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                         double *v);
bool recipe_timed_switch(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                         double *v);

/* The timed keys of map whose rows in table ("STRIP") say where they go
 * (core/recipe/keys.h: an sp_auto, SP_KEY_S_AUTO; or a plain field and
 * the sp_auto it moves in, moves), into obj, the struct of the table's
 * fields; each read as its row's kind (a constant of a row that moves
 * as its plain field, recipe_fill_one); only (NULL: all) the keys the
 * object takes, as recipe_fill reads them: a key it does not take (master's
 * `mute`) is said unknown and not read. The other keys are recipe_fill's
 * (io/recipe/parse_values.h). */
void recipe_fill_timed(parser *p, const sp_ynode *map, const char *path, const char *table,
                       const char *const *only, void *obj);

/* How kind id (core/recipe/keys.h) is read: each a key's row names
 * (sp_key_row.timed), and a VCA's curve; NULL: none (SP_TIMED_NONE), or
 * one read where it is (a polarity's settings, io/recipe/parse.c; a fade's
 * gains, parse_stores.c). */
const recipe_timed *recipe_timed_of(sp_timed_id id);

/* The value of kind k at n (at path) into *out, what it held freed first:
 * a constant into out->value, else its points (out->value the first's).
 * false (reported, each error at its place) otherwise. */
bool recipe_get_timed(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                      sp_auto *out);

#endif
