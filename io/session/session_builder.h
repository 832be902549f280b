/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILDER_H
#define SP_SESSION_BUILDER_H

/* The session builder's own parts that its files share: its values
 * (io/session/session_build_values.c: times, levels, timed values, tempo
 * maps, names, taps), used by its inserts (session_build_insert.c) and by
 * the rest (session_build.c: regions, strips, the recipe). Not an
 * interface: nothing else includes it. */

#include "core/recipe/build.h"
#include "core/recipe/recipe.h"
#include "io/session/mix.h"

#include <stdbool.h>

typedef struct builder {
  sp_recipe *r;
  sp_diags *said; /* what the parser says of the session's values */
  /* the path of the timed value being built, what the parser says of it
   * said there */
  const char *at;
  /* the mix built (NULL: a part built alone, what it says said again by
   * the mix's builder), and the line of the session's element of the
   * object being built (sp_mix.origins): what is said of it said there
   * (0: placed by its path) */
  sp_mix *m;
  int line;
} builder;

/* The object at path, read from the session's element at line (0: its
 * holder's, the line kept), is the one being built: its path and line
 * noted in b->m's origins. The line before (to give back to b->line). */
int build_enter(builder *b, const char *path, int line);
/* The values of the object at path read from elements of their own
 * (at[0..n): their keys under it, their lines) noted in b->m's origins. */
void build_origins_under(builder *b, const char *path, const sp_where *at, size_t n);

/* What the parser says (why) of key of the object at path, said at
 * path.key. */
void build_say(builder *b, const char *path, const char *key, const char *why);
/* Whether s, a file's path or a name a reader gave (at kp), is a text: an
 * empty one (what it would be: "an empty file path") no reader gives (a
 * reader refuses an empty path of its session, io/session/dawproject_audio.c;
 * a strip's name is never empty, io/session/mix.c), said as build_unheld
 * says it (false: left out). A YAML's "" is the parser's to refuse. */
bool build_text_held(builder *b, const char *kp, const char *s, const char *what);
/* a, a timed value of a strip (its gain, pan, trim, width, a send's level
 * and pan) or a region's envelope or fade, moved from its reader as read
 * (the mix is built once; what it may be is the recipe's check's,
 * core/recipe/check.c), settled as the parser leaves one it read: its
 * first point's value its value (its VCA curves' too), the declick's
 * state made where it ramps as Ardour's. */
void build_timed_settle(sp_auto *a);
/* What the parser says (why) of the value at kp, said there: at the line
 * of the session's element kp came from (its own where the reader noted
 * one, else the object's being built: b->line, in b->m->origin), else
 * where import.c places kp (its object's origin). */
void build_say_at(builder *b, const char *kp, const char *why);
/* What a reader said of the values it built into an object before its
 * path was known (rel: an insert's, sp_ins.said), said at path + each one's sub
 * ("path.sub", "path[3]"; path itself for ""), in rel's order; rel
 * emptied. */
void build_said_under(builder *b, const char *path, sp_diags *rel);
/* A value at kp no reader gives (what: its shape), said as an error there
 * (false: the value left out). */
bool build_unheld(builder *b, const char *kp, const char *what);
/* A reader's tempo map as the recipe holds it (what it may be, the
 * check's), allocated. */
sp_tempo_map *build_tempo(const sp_tempo_map *m);
/* A tap of the object at at (a send, a sidechain key), as the parser
 * reads it: `{after: N}` past its range said at `tap.after`. */
bool build_tap(builder *b, const char *at, bool post, bool fader, size_t after, sp_tap *t);
/* ---- a strip's own values and sends (session_build_strip.c) ---- */
/* The mixer keys of strip m at path, as the parser reads the text the
 * recipe writes of them, into s; what a reader said of its values built at
 * once (m->said, its sends') said at their paths. */
void build_strip(builder *b, const char *path, sp_mix_strip *m, sp_strip *s);
/* A strip's inserts (and a track's instrument) at path, each built as
 * its reader read it (session_build_insert.h): what was said of it said
 * at its path, with what needs the whole insert, and taken into s's chain
 * unless the parser would leave it out. */
void build_inserts(builder *b, const char *path, sp_mix_strip *m, sp_strip *s);

/* ---- regions (io/session/session_build_region.c) ---- */
/* x's region (taken whole) placed as t's next region, under the track at
 * tpath: what the parser says of its file(s) and fades' points said at
 * their paths under `tpath.regions[K]`, its file(s) resolved. */
void build_region_place(builder *b, sp_track *t, const char *tpath, sp_mix_region *x);

/* ---- the recipe's top (session_build_top.c) ------------------------------ */

/* The session's recipe, at file: m's top itself (sp_mix.top, taken:
 * the keys of the recipe's own as the reader set them); the rest the
 * builder's. */
sp_recipe *build_top_recipe(sp_mix *m, const char *file);

#endif
