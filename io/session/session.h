/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_H
#define SP_SESSION_H

/* DAW sessions as recipes (docs/sessions.md): a DAWproject file (.dawproject,
 * a ZIP holding project.xml and perhaps the audio) or an Ardour session (a
 * folder, or its .ardour file) read as a recipe (sp_session_read), with a
 * comment kept for every place where the session says more than a recipe
 * can carry; and a recipe written the other way, as a .dawproject.
 *
 * `stemprint import` writes that recipe; `render`, `check`, `graph` and
 * `plan` take the same recipe (sp_cli_load), so importing and rendering
 * the recipe gives the same bytes as rendering the session. (Inside, the
 * recipe is built from the reader's mix, io/session/session_build.h, with
 * no recipe text; --set keys go over the tree its walk makes; the lines
 * the recipe's messages name are those of the session's elements its
 * values came from.) */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>

typedef struct sp_import_opts {
  bool strict;           /* every loss an error (exit 2) */
  const char *stems;     /* "groups" (NULL), "tracks", "none" or "NAME=A,B;NAME=C" */
  const char *recipe;    /* where the recipe will be: its folder is where relative paths
                            start; NULL: the session's own folder (render SESSION) */
  const char *audio_dir; /* embedded audio goes here (import: beside the recipe);
                            NULL: a content-addressed folder in the user's cache */
  /* when not NULL: the files the import writes there (its audio, its MIDI:
   * into stage->dir, audio_dir unread) are staged, under temporary names,
   * for the caller to land with the recipe (sp_outdir_stage_commit) or take
   * away; the recipe reads them where they are staged (sp_recipe.staged).
   * NULL with audio_dir: they land when the session is read. */
  struct sp_outdir_stage *stage;
  /* when not NULL: set to how many things of the session the recipe does
   * not carry (each a warning; its comment may go with a strip left out) */
  size_t *losses;
  /* when not NULL: what reads the audio the session names (the one
   * opener, core/media/media.h), so that its reader plays each file as the
   * file is where the session says otherwise of it (a DAWproject's Audio
   * channels, duration, sampleRate), a loss; NULL: the session's word is
   * taken */
  const sp_media *media;
  /* when not NULL: the render's confinement (sp_graph_opts.confine), which
   * the files media reads are held to as its build will hold them: one
   * outside is not read (the build says so) */
  const sp_graph_opts *confine;
} sp_import_opts;

/* A path looked at once (sp_session_probe): whether it is a session and
 * of which format, as libavformat's probe hands back a format. */
typedef struct sp_session_format sp_session_format;
typedef struct sp_session_input {
  const sp_session_format *format; /* NULL: not a session (a recipe, or nothing) */
  const char *name;                /* the format's name: "DAWproject", "Ardour" */
  char *path;                      /* the path looked at */
  /* The path its recipe text reads as when the session is rendered
   * directly: its own file, an Ardour folder's .ardour file, so that the
   * text's relative paths start in the session's folder and its problems
   * name the session. */
  char *recipe_path;
  /* The folder a session rendered directly fills itself and its recipe
   * may read under --confine (sp_recipe.trusted_dir): a DAWproject's, the
   * audio cache; NULL for an Ardour session (whose audio is its own). */
  char *trusted_dir;
} sp_session_input;

/* Look at path once (one stat; a folder's listing only when it is a
 * folder): a DAWproject file (.dawproject), an Ardour session (a folder
 * holding a .ardour file, or that file). True when it is a session. Free
 * in with sp_session_input_fini either way. */
bool sp_session_probe(const char *path, sp_session_input *in);
void sp_session_input_fini(sp_session_input *in);

/* The session in read by its reader into *m (io/session/mix.h;
 * sp_mix_init'd, then finished, with o's options; freed with sp_mix_fini
 * either way): whether it read with no error (its status in *rc, what it
 * says into d). */
struct sp_mix;
bool sp_session_mix(const sp_session_input *in, const sp_import_opts *o, struct sp_mix *m,
                    sp_diags *d, sp_err *rc);

/* What of a session is kept (sp_session_read) to change its recipe's
 * stems where its render refuses them (sp_session_restem). */
typedef struct sp_session_kept sp_session_kept;

/* What a session's recipe cannot hold, kept beside it for the text
 * import writes (core/recipe/walk.h): the comment lines above the key at
 * each recipe path ("" the top, "tracks.kick", "master", "stems"): where
 * it came from, what was lost and how it was read, how the stems were
 * chosen. */
typedef struct sp_session_notes sp_session_notes;
/* The comment at path, or NULL: sp_recipe_yaml_opts.comment, notes its
 * ctx. */
const char *sp_session_note_at(void *notes, const char *path);
/* Before writing r with notes: where r has no stems, what chose none is
 * said at the top. */
void sp_session_notes_for(sp_session_notes *notes, const sp_recipe *r);
void sp_session_notes_free(sp_session_notes *notes);

/* How sp_session_read reads a session's recipe, and what it says of
 * that reading (the recipe's own, after the reader's). */
typedef struct sp_session_reading {
  /* --set KEY=VALUE: recipe keys put over the session's own, as over a
   * recipe file's (sp_recipe_parse_set): over the tree of the text
   * `import` writes of the recipe built from the session, made by its walk
   * (io/recipe/walk_tree.h), not read from text; what the builder says of
   * a value a set puts is not said; pointers the caller keeps */
  const char *const *sets;
  size_t n_sets;
  /* where the reading says its problems, or NULL: d */
  sp_diags *said;
  /* said: its first message, and the errors it said */
  size_t said_from, errors;
} sp_session_reading;

/* The session probed, read as a recipe (*out, NULL where it cannot be):
 * at o->recipe (NULL: in->recipe_path), its relative paths from there,
 * its problems naming it; problems and losses go to d, the recipe's own
 * reading's to how->said. With kept, where the render may refuse the
 * default stems (none asked for, two or more, an insert on a bus or
 * master: a nonlinear one on a bus several stems pass refuses them) what
 * sp_session_restem needs is kept in *kept (free it with
 * sp_session_kept_free); else *kept is NULL. With notes, its comments
 * (free them with sp_session_notes_free, after *kept: a restem says its
 * stems there). The status is the one the problems imply. The recipe's
 * places (sp_recipe_where), and the reading's messages about it, are the
 * lines of the session's elements its values came from (sp_session_place;
 * docs/sessions.md), not of a text no one sees. */
sp_err sp_session_read(const sp_session_input *in, const sp_import_opts *o,
                       sp_session_reading *how, sp_recipe **out, sp_session_kept **kept,
                       sp_session_notes **notes, sp_diags *d);

/* r's places (sp_recipe_note) replaced: what it writes, the paths of the
 * text import writes of it (r walked, sp_recipe_yaml, with notes'
 * comments, sp_session_notes_for done, as the walk tells them writing it:
 * sp_recipe_place; the text is not read), each at the line of the
 * session's element it came from (notes' origins; NULL, or a mix that
 * names no file of its elements: at the lines of that text); a --set
 * key's (line 0) kept. */
void sp_session_place(sp_recipe *r, sp_session_notes *notes);

/* Where the graph of r, the recipe read from k's session, is refused
 * (why: the first error of the default stems' build, as "key: message"):
 * r's stems (none, sp_build_stems_take) set to the next ones, master's
 * inputs as stems (split: buses), then none, each noted where the text
 * would hold it, and said in the session's notes; false when none is
 * left. *said: the warning to give when they are taken (heap). The caller
 * builds each and takes the first that builds clean, else the default's
 * errors stand: never stems its own render refuses. */
bool sp_session_restem(sp_session_kept *k, sp_recipe *r, const char *why, char **said);
/* After a restem r's stems built clean (said: that build's messages):
 * r placed anew (sp_session_place) with those stems (its comments too,
 * which say how they were chosen), said's messages moved there. */
void sp_session_replace(const sp_session_kept *k, sp_recipe *r, sp_diags *said);
void sp_session_kept_free(sp_session_kept *k);

/* How sp_session_export_with writes the project. */
typedef struct sp_export_opts {
  /* Embed the SoundFonts too (`export --embed`), for a project that
   * travels to a machine without them; by default each is referenced
   * where it lives (DAWproject's external file), so that an import plays
   * it in place rather than extract a second copy. */
  bool embed;
} sp_export_opts;

/* The recipe r as a DAWproject at path, written as o says (NULL: the
 * defaults), whole, then renamed into place (the sources' lengths read
 * through g's media): its tracks and regions (the audio embedded), its
 * instrument tracks' notes (what g's nodes play: sp_node.events) and
 * instruments, routing, sends, automation and the built-in eq,
 * compressor, gate, limiter and gain; everything DAWproject cannot hold
 * is a warning at its recipe line. g is r's graph (sp_graph_build). */
sp_err sp_session_export_with(const sp_recipe *r, const sp_graph *g, const char *path,
                              const sp_export_opts *o, sp_diags *d);

#endif
