/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_INIT_H
#define SP_RECIPE_INIT_H

/* The scaffolding engine of `stemprint init`: a recipe written for a folder
 * of audio files, so stems exported from any DAW render in one step.
 *
 *   sp_init_scan     where the recipe goes; the folder's audio files, sorted
 *                    by name: impulse responses set aside, track names, a
 *                    stem group per track, the group buses, the session rate
 *   (the caller makes the recipe's folder)
 *   sp_init_place    the files' paths relative to the recipe's folder
 *   sp_init_recipe   the recipe rendered once, writing nothing, to measure
 *                    the unity sum; its text, with master's trim if needed
 *   (the caller writes the text to plan.recipe_path)
 *
 * The engine itself writes nothing: where the folder is made, the text
 * written and both undone on failure is the caller's to say.
 *
 * Each step takes the plan the one before filled in, records its problems in
 * d and returns the exit status they imply. Problems of sp_init_scan and
 * sp_init_place name no recipe position: each is recorded whole
 * (sp_diags_add_whole), in the order it arose. The text depends only on the
 * files (names, headers and samples), so a folder always gives the same
 * bytes. io/init/init.c says how the steps work, io/init/init_names.c how
 * names and groups are guessed, io/init/init_text.c what the recipe says,
 * io/init/init_plan.c what every step asks of the plan. */

#include "core/base/diag.h"
#include "core/media/media.h"
#include "io/init/init_names.h"
#include "io/init/init_plan.h"
#include "io/init/init_text.h"

#include <stdbool.h>
#include <stddef.h>

/* What to scaffold. */
typedef struct sp_init_opts {
  const char *dir;       /* the folder of audio files; NULL or "": the current one */
  const char *out;       /* the recipe's path; NULL: DIR/session.yaml; a folder that
                            exists or a path ending in '/': OUT/session.yaml */
  bool replace;          /* replace a recipe that exists at that path */
  const sp_media *media; /* what reads the files (io/audio/media.h: the file system's) */
} sp_init_opts;

/* Resolve where the recipe goes (o->out as described there) and read the
 * folder o->dir, not its subfolders: each file o->media opens becomes a
 * file of p, with the earlier one it is the same file as (its media
 * identity: a link, a hard link), if any; one whose name is not UTF-8 text
 * (or holds a control character) and one it cannot open that is not named
 * as audio are skipped with a warning; an audio file (by its extension,
 * io/fs/kind.h) without frames or that is no regular file is skipped with
 * a warning and recorded in p->unused; one that is there, or a link to
 * nothing, and cannot be opened is an error, each said, and the scan
 * fails (SP_ERR_IO) once all are. Files named like impulse responses
 * (sp_init_ir_name) of at most SP_INIT_IR_MAX_S are set aside (not tracks,
 * but return buses). Every file but a second name of one gets a unique
 * name in file order (sp_init_track_name; "Kick.wav" is kick and
 * "kick.aif" kick_2) and a group (sp_init_guess_group); each group a bus
 * named after it, or <group>_bus when a file took the name; the session
 * rate is the most common rate among the tracks (the higher on a tie;
 * 48 kHz if none is 8 kHz .. 768 kHz). Errors: SP_ERR_IO when the folder
 * cannot be read, holds an audio file that cannot be read (above) or no
 * mono or stereo audio file that is not an impulse response; SP_ERR_USAGE
 * when it is not a folder, the recipe's path is a folder, a file is there
 * and o->replace is not set, or it is one of the audio files. Reads every
 * file's header. */
sp_err sp_init_scan(const sp_init_opts *o, sp_init_plan *p, sp_diags *d);

/* Set p->rel from the canonical paths of p->dir and p->recipe_dir, which
 * must exist. SP_ERR_IO when either cannot be resolved. */
sp_err sp_init_place(sp_init_plan *p, sp_diags *d);

/* The recipe's text for p (after sp_init_place), a heap string in *text:
 * measured first, rendered as `stemprint check` does (as if it were the
 * file at p->recipe_path, writing nothing, every file read once), which
 * sets p->levels and p->trim_db (sp_init_trim_db). On failure *text is NULL
 * and the status is the measuring render's: its problems (the parser's,
 * the graph's, the render's) are in d, positioned in the recipe text. When
 * it succeeds, d gets the warnings it gave, if any. */
sp_err sp_init_recipe(sp_init_plan *p, char **text, sp_diags *d);

#endif
