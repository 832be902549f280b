/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_YAMLTREE_H
#define SP_YAMLTREE_H

/* A YAML document as a small tree that keeps positions.
 *
 * The only module that includes <yaml.h>. It loads one document with
 * libyaml's document API and copies it into sp_ynode values carrying 1-based
 * line:column marks, so the recipe parser never touches libyaml and every
 * message can point at the text. Aliases are expanded (with a node budget, so
 * an alias bomb is an error, not an out-of-memory). Plain `~`, `null` and
 * empty scalars become SP_Y_NULL. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum sp_ykind { SP_Y_NULL, SP_Y_SCALAR, SP_Y_SEQ, SP_Y_MAP } sp_ykind;

typedef struct sp_ynode sp_ynode;

typedef struct sp_ypair {
  sp_ynode *key; /* always a scalar (other keys are refused at load) */
  sp_ynode *value;
} sp_ypair;

struct sp_ynode {
  sp_ykind kind;
  sp_pos pos;
  char *text;       /* scalars: the text; NULL otherwise */
  bool quoted;      /* scalars written in quotes or as a block */
  sp_ynode **items; /* sequences */
  sp_ypair *pairs;  /* mappings, in file order */
  size_t n;
  const char *from; /* put there from outside the text (sp_ynode_put): what says so */
};

/* Load the single YAML document in file path. Errors (unreadable file: IO;
 * syntax error, several documents, non-scalar keys, duplicate keys: USAGE)
 * go to d with positions; *root is NULL on failure. An empty file gives a
 * SP_Y_NULL root. */
sp_err sp_yaml_load(const char *path, sp_ynode **root, sp_diags *d);

/* Same, from memory; name is used in messages. */
sp_err sp_yaml_load_string(const char *name, const char *text, size_t len, sp_ynode **root,
                           sp_diags *d);

void sp_ynode_free(sp_ynode *n);

/* A deep copy of n (NULL: NULL), its from as n's (not copied): a tree
 * read again where its text cannot be (a recipe from a pipe). */
sp_ynode *sp_ynode_copy(const sp_ynode *n);

/* Whether a scalar of text is YAML's null (SP_Y_NULL): plain and empty,
 * `~`, `null`, `Null` or `NULL`. */
bool sp_yaml_null_text(const char *text, bool quoted);

/* Put value (owned from then on) at the path key of the mapping root, in
 * the form messages write paths: names between dots, an item of a list
 * in brackets ("output.depth", "output.also[0].loudness",
 * "tracks.kick.sends[1].level"). A name is the longest key of its mapping
 * that the path goes on with up to a '.', a '[' or its end, so a name with
 * dots in it is found as written (tracks.lead.vox.gain), or in double
 * quotes, taken whole (tracks."lead.vox".gain: a track to add). What is
 * there is replaced; the mappings and lists on the way that are missing
 * (or empty: "master:") are made, and [n] of a list of n items adds one.
 * The nodes it adds, value's too, have no position and say from (not
 * copied: it outlives the tree). False with why (value freed, root as it
 * was) when a name is empty or its quote not closed, an index is not a
 * whole number or past the end, or a node on the way is not a mapping or
 * a list as the path says. A scalar or a list on the way that short_for
 * (NULL: none) says is short for a mapping, {KEY: node} (a track written
 * as its file alone, `b: b.wav`, is {file: b.wav}), is first written as
 * that mapping, its pair and value where it was; an item [n] of a
 * mapping whose KEY short_for names is an item of its KEY's list (`eq:
 * {bands: [...]}`, eq[0] its bands[0]). */
/* The name a path gives at k in the mapping at (NULL: a mapping still to
 * be made), as sp_ynode_put reads it: a name in double quotes taken
 * whole; else the longest key of at that k goes on with and ends at a
 * '.', a '[' or the path's end (a track "lead.vox": tracks.lead.vox.gain),
 * else the text up to the next '.' or '['. A heap string, *used the
 * path's bytes it takes; NULL when a quote is not closed. */
char *sp_ypath_name(const sp_ynode *at, const char *k, size_t *used);
typedef const char *sp_yshort_fn(const sp_ynode *root, const sp_ynode *node);
bool sp_ynode_put(sp_ynode *root, const char *key, sp_ynode *value, const char *from,
                  sp_yshort_fn *short_for, char *why, size_t why_size);

/* The value of key in a mapping, or NULL. */
const sp_ynode *sp_ymap_get(const sp_ynode *map, const char *key);
/* Whether n is a scalar written as a plain number, no unit ("90", not
 * "90 ms": sp_where.bare). */
bool sp_ynode_bare(const sp_ynode *n);

/* A short word for the node's kind, for messages: "a mapping", "a list". */
const char *sp_ykind_name(sp_ykind k);

/* What a message says it got, as the three arguments of "got %s%s%s": a
 * scalar's text in quotes ('x'), else its kind ("a mapping"). */
#define SP_Y_GOT(n)                                                                                \
  (n)->kind == SP_Y_SCALAR ? "'" : "",                                                             \
      (n)->kind == SP_Y_SCALAR ? (n)->text : sp_ykind_name((n)->kind),                             \
      (n)->kind == SP_Y_SCALAR ? "'" : ""

#endif
