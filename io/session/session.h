/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_H
#define SP_SESSION_H

/* DAW sessions as recipes (docs/sessions.md): a DAWproject file (.dawproject,
 * a ZIP holding project.xml and perhaps the audio) or an Ardour session (a
 * folder, or its .ardour file) read into a recipe's text,
 * with a comment at every place where the session says more than a recipe
 * can carry; and a recipe written the other way, as a .dawproject.
 *
 * `stemprint import` writes the text; `render`, `check`, `graph` and `plan`
 * read a session through the same text (sp_cli_load), so importing and
 * rendering the recipe gives the same bytes as rendering the session. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/media/media.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>

typedef struct sp_import_opts {
  bool strict;           /* every loss an error (exit 2) */
  const char *stems;     /* "groups" (NULL), "tracks", "none" or "NAME=A,B;NAME=C" */
  const char *recipe;    /* where the recipe will be: its folder is where relative paths
                            start; NULL: the session's own folder (render SESSION) */
  const char *audio_dir; /* embedded audio goes here (import: beside the recipe);
                            NULL: a content-addressed folder in the user's cache */
} sp_import_opts;

/* Whether path names a session stemprint reads (by its extension). */
bool sp_session_is(const char *path);

/* The session at path as a recipe's text (heap, in *yaml); problems and
 * losses go to d. */
sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d);

/* The path a session's recipe text is read as when the session is rendered
 * directly (import's recipe NULL): its own file, an Ardour folder's
 * .ardour file, so that the text's relative paths start in the session's
 * folder and its problems name the session. Heap. */
char *sp_session_recipe_path(const char *path);

/* The folder a session rendered directly fills itself and its recipe may
 * read under --confine (sp_recipe.trusted_dir): a DAWproject's, the audio
 * cache below; NULL for an Ardour session (whose audio is its own). Heap. */
char *sp_session_trusted_dir(const char *path);

/* The recipe r as a DAWproject at path (written whole, then renamed into
 * place; the sources' lengths read through g's media): its tracks and
 * regions (the audio embedded), its instrument tracks' notes (what g's
 * nodes play: sp_node.events) and instruments, routing, sends,
 * automation and the built-in eq, compressor, gate, limiter and gain;
 * everything DAWproject cannot hold is a warning at its recipe line. g is
 * r's graph (sp_graph_build). */
sp_err sp_session_export(const sp_recipe *r, const sp_graph *g, const char *path, sp_diags *d);

#endif
