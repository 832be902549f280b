/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_OUTDIR_H
#define SP_OUTDIR_H

/* A render's output folder: its files land as one step, and the folder
 * keeps a record of what each recipe printed there.
 *
 * A render writes its files under temporary names; sp_outdir_commit then
 * takes the folder's lock (<dir>/.stemprint/lock, flock: a second render
 * committing into the same folder waits, till its cancel is set), renames every file into place,
 * removes the files this recipe's earlier renders printed there that it
 * prints no more, and rewrites the recipe's record, before it lets go. So
 * two renders into one folder never leave a mix of one beside the stems of
 * the other, and a renamed stem does not leave its old file behind.
 *
 * The record, <dir>/.stemprint/<recipe>.prints, is plain text, a file name
 * a line (mix first), written as make reads a target's name in a rule (a
 * space as "\ ", see sp_fs_make_escape); lines starting with '/' say what the
 * record is:
 *
 *   /stemprint-prints=1
 *   /recipe=../../song.yaml      (the recipe, relative to <dir>; %20 for a space)
 *   mix.wav
 *   drums.wav
 *
 * Before the first rename the commit writes its journal,
 * <dir>/.stemprint/commit (each temporary file and its place, the prints
 * it removes, the record's text), and removes it after the record: a
 * process killed outright between its renames leaves it, and the next
 * commit into the folder completes that commit first, under the lock,
 * before anything else (sp_outdir_result.note says so).
 *
 * Temporary files that a render killed outright left in the folder (or in
 * .stemprint/) are recognised by their names (sp_fs_temp_is_stale: this
 * host's, their process gone; another host's untouched for a day:
 * sp_fs_temp_is_abandoned) and removed by the next commit that lands.
 *
 * A commit refused (a folder at a final name, an interrupt) changes
 * nothing in the folder: the records' folder and the lock's file it made
 * are removed again before it lets go of the lock (a commit that waited
 * for that lock finds its file gone and takes a new one), and the killed
 * renders' temporary files stay.
 *
 * One reader reads it, here and for `stemprint diff` (io/fs/record.h),
 * and takes only names of files directly in <dir>.
 *
 * Make reads it as a list of targets (recipes/album/Makefile):
 * $(filter-out /%,$(file <out/song/.stemprint/song.prints)). Only the files
 * a record of this very recipe lists are ever removed, and only regular
 * files directly in <dir> that no other recipe's record lists. */

#include "core/base/diag.h"
#include "core/base/strmap.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sp_outdir_commit {
  const char *dir;           /* the output folder; exists */
  const char *recipe_file;   /* the recipe (its identity in the record) */
  const char *recipe_name;   /* names the record: {recipe} */
  const char *const *temps;  /* [n_files] finished files under temporary names */
  const char *const *finals; /* [n_files] the paths they take, in dir */
  size_t n_files;
  /* Every file name (in dir) a whole render of the recipe prints now, in
   * order: one not written this time (render --only) stays a print. */
  const char *const *prints;
  size_t n_prints;
  /* when non-NULL and set (an interrupt), waiting for another render's
   * commit ends and nothing is committed */
  const volatile sig_atomic_t *cancel;
  /* A folder that holds the user's files too (an import's audio): when
   * not NULL, a file at a final name in dir that the recipe's record does
   * not list is not replaced: nothing is renamed, SP_ERR_USAGE, why naming
   * it and this fix ("use --force to replace it"). NULL: replaced. */
  const char *others_fix;
  /* Whether a print of another recipe's (a file at a final name that
   * another record in the folder lists) or this recipe's record of another
   * input refuses the commit, SP_ERR_USAGE, why naming it: what a render or
   * an album without --force asks before its work (sp_outdir_claimant,
   * sp_outdir_taken), asked again under the lock, where two commands
   * printing into one folder at once meet (make -j). false: taken over. */
  bool claims;
  /* The files the command read (its inputs; may be none): an earlier
   * print among them, which the recipe prints no more, is not removed but
   * left out of the record, the user's file now (an album's song read
   * from a track it printed before under another title: review 26 F2). */
  const char *const *reads;
  size_t n_reads;
} sp_outdir_commit;

typedef struct sp_outdir_result {
  char **removed; /* file names removed (in dir): an earlier render's, printed no more */
  size_t n_removed;
  size_t n_stale_temps; /* temporary files of renders that were killed, removed */
  /* a record that could not be used, a killed commit completed: said as a
   * warning; or NULL */
  char *note;
} sp_outdir_result;

/* Commit c's files as described above. On failure (SP_ERR_IO, why says
 * which file and why) the files not yet renamed are left under their
 * temporary names for the caller to remove; refused before the first is
 * renamed, the folder is as it was. res is always initialised. */
sp_err sp_outdir_commit_files(const sp_outdir_commit *c, sp_outdir_result *res, char *why,
                              size_t why_size);

/* What sp_outdir_commit_files would refuse c for, asked before it takes
 * the lock and without making anything: SP_OK, or its error and why.
 * A command that lands files in several folders, one commit each (an
 * album's sets), asks it of every folder before the first lands. */
sp_err sp_outdir_commit_check(const sp_outdir_commit *c, char *why, size_t why_size);

/* Free what sp_outdir_commit_files put into res. */
void sp_outdir_result_fini(sp_outdir_result *res);

/* The input another recipe of the same name printed into dir from, when
 * dir's record for recipe_name names one other than recipe_file (its path
 * relative to dir, as recorded; heap), else NULL: no record, or this
 * recipe's. Two inputs named alike (song.yaml, song.dawproject) would
 * otherwise print into one folder, each taking the other's record. */
char *sp_outdir_claimant(const char *dir, const char *recipe_name, const char *recipe_file);

/* The recipe (its name, as its record is named; heap) another of whose
 * renders printed into dir a file that names[*which] would replace; NULL
 * when no other recipe's record lists any of names, in any case. Two
 * recipes that print files of one name into one folder would overwrite
 * each other's (names that differ in case alone, where the file system
 * ignores case). */
char *sp_outdir_taken(const char *dir, const char *recipe_name, const char *const *names, size_t n,
                      size_t *which);

/* Files an output folder will hold, written before its commit can be
 * (an import's audio, extracted as the session is read, before the
 * recipe that names them is written): each under a temporary name beside
 * the one it takes (sp_fs_temp_template), so that nothing in the folder
 * changes until sp_outdir_stage_commit lands them all in one commit, or
 * sp_outdir_stage_fini takes them away. */
typedef struct sp_outdir_stage {
  char *dir;              /* the folder, absolute */
  char **temps, **finals; /* [n]: each file written, and the path (in dir) it takes */
  size_t n;
  sp_strmap reads; /* the files the command reads, by sp_fs_identity: none is written */
  char *made;      /* the first folder the stage made (sp_fs_first_missing), or NULL */
} sp_outdir_stage;

/* st empty, into dir (made absolute from the working folder). */
void sp_outdir_stage_init(sp_outdir_stage *st, const char *dir);
/* path is a file the command reads: no file of st takes its place. */
void sp_outdir_stage_reads(sp_outdir_stage *st, const char *path);
/* Whether final (a path in st->dir) may take a file of st: none staged
 * there, and not a file the command reads. */
bool sp_outdir_stage_free(const sp_outdir_stage *st, const char *final);
/* The temporary file staged for final in st, or NULL. */
const char *sp_outdir_staged(const sp_outdir_stage *st, const char *final);
/* A new file of st to take final's place: its temporary file created (st's
 * folder made), open for writing (its descriptor; the caller closes it),
 * in st from now on; -1 with why. */
int sp_outdir_stage_open(sp_outdir_stage *st, const char *final, char *why, size_t why_size);
/* st's files landed as one commit of st->dir (sp_outdir_commit_files: its
 * record names the recipe recipe, and lists them), then recipe_temp (NULL:
 * none) renamed to recipe, last, under the same lock. A file of the
 * user's at a final name (one the recipe's record does not list) is not
 * replaced unless force (SP_ERR_USAGE, why naming it and the fix), a file
 * the command reads never (the same). Where st holds no file and its folder
 * no record of the recipe's, recipe_temp alone is renamed. */
sp_err sp_outdir_stage_commit(sp_outdir_stage *st, const char *recipe_temp, const char *recipe,
                              bool force, char *why, size_t why_size);
/* What of st did not land removed (its temporary files, the folders it
 * made where empty); st freed. */
void sp_outdir_stage_fini(sp_outdir_stage *st);

/* The folders right under parent but keep[0..n) whose record is the
 * recipe's (recipe_file's, by recipe_name), one it prints into no more
 * (an album's store set dropped or renamed): each committed with no
 * files, its prints removed as any print it prints no more, its record
 * left listing none; a record of another input is left as it is. The
 * files removed counted. */
size_t sp_outdir_forget_folders(const char *parent, const char *const *keep, size_t n,
                                const char *recipe_file, const char *recipe_name);

/* The record's path for a recipe name in dir (heap string). */
char *sp_outdir_record_path(const char *dir, const char *recipe_name);

#endif
