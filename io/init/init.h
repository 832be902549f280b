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

#include <stdbool.h>
#include <stddef.h>

/* The stem groups, in recipe order: buses, stems and track sections follow
 * it. */
typedef enum sp_init_group {
  SP_INIT_DRUMS,
  SP_INIT_BASS,
  SP_INIT_MUSIC,
  SP_INIT_VOCALS,
  SP_INIT_FX,
  SP_INIT_GROUPS
} sp_init_group;

/* "drums", "bass", "music", "vocals", "fx": the groups' stem names. */
extern const char *const sp_init_group_names[SP_INIT_GROUPS];

/* The most the mix's true peak and any stem's sample peak may reach at
 * unity before master gets a trim: 1 dB below full scale, the ceiling of
 * EBU R128 and the streaming services. */
#define SP_INIT_CEILING_DB -1.0

/* The longest impulse response the convolver loads (core/procs/convolver.c):
 * a file named like one but longer is a track. */
#define SP_INIT_IR_MAX_S 60.0

/* The stem group a file name suggests, and the keyword that decided. */
typedef struct sp_init_guess {
  sp_init_group group;
  char word[16]; /* "" for the default, music */
} sp_init_guess;

/* An audio file of the folder. */
typedef struct sp_init_file {
  char *file; /* the entry's name in the folder (owned) */
  char *name; /* the track's name; an impulse response's: its return bus's (owned) */
  sp_audio_info info;
  sp_init_guess guess;
  bool ir;         /* an impulse response: not a track */
  bool ir_long;    /* named like one, but too long to be one: a track */
  char ir_word[8]; /* the word of the name that says impulse response */
} sp_init_file;

/* The peaks of the recipe as scaffolded, every track at unity, no trim. */
typedef struct sp_init_levels {
  double mix_dbfs;  /* the mix's sample peak */
  double mix_dbtp;  /* its true peak (oversampled, BS.1770-4) */
  double stem_dbfs; /* the loudest stem's sample peak (-inf: none) */
  char stem[72];    /* that stem's name */
} sp_init_levels;

/* What to scaffold. */
typedef struct sp_init_opts {
  const char *dir;       /* the folder of audio files; NULL or "": the current one */
  const char *out;       /* the recipe's path; NULL: DIR/session.yaml; a folder that
                            exists or a path ending in '/': OUT/session.yaml */
  bool replace;          /* replace a recipe that exists at that path */
  const sp_media *media; /* what reads the files (io/audio/media.h: the file system's) */
} sp_init_opts;

/* The recipe in the making; caller storage, zeroed; sp_init_plan_fini
 * frees what the steps allocate. */
typedef struct sp_init_plan {
  /* sp_init_scan */
  const sp_media *media;            /* the files read through it (o->media) */
  char *dir;                        /* the folder, without trailing '/' */
  char *recipe_path;                /* where the recipe goes */
  char *recipe_dir;                 /* its folder ("." when the path has none) */
  sp_init_file *files;              /* the audio files, sorted bytewise by name */
  size_t n_files;                   /* how many */
  size_t n_tracks;                  /* files that are tracks (sp_init_is_track) */
  size_t n_ir;                      /* files that are impulse responses */
  size_t used[SP_INIT_GROUPS];      /* tracks per group */
  size_t commented[SP_INIT_GROUPS]; /* commented-out tracks (too many channels) per group */
  char *bus[SP_INIT_GROUPS];        /* the group buses' names */
  int rate_hz;                      /* the session's rate */
  /* sp_init_place */
  char *rel; /* the folder relative to the recipe's: "" or ending in '/' */
  /* sp_init_recipe */
  sp_init_levels levels; /* the peaks without trim */
  double trim_db;        /* master's trim: 0, or what brings the peaks to the ceiling */
} sp_init_plan;

/* Resolve where the recipe goes (o->out as described there) and read the
 * folder o->dir, not its subfolders: each file o->media opens becomes a
 * file of p; one it cannot open, one whose name is not UTF-8 text (or
 * holds a control character) and one without audio are skipped with a
 * warning. Files named like impulse responses (sp_init_ir_name) of at most
 * SP_INIT_IR_MAX_S are set aside (not tracks, but return buses). Every file
 * gets a unique name in file order (sp_init_track_name; "Kick.wav" is kick
 * and "kick.aif" kick_2) and a group (sp_init_guess_group); each group a
 * bus named after it, or <group>_bus when a file took the name; the
 * session rate is the most common rate among the tracks (the higher on a
 * tie; 48 kHz if none is 8 kHz .. 768 kHz). Errors: SP_ERR_IO when the
 * folder cannot be read or holds no mono or stereo audio file that is not
 * an impulse response; SP_ERR_USAGE when it is not a folder, the recipe's
 * path is a folder, a file is there and o->replace is not set, or it is
 * one of the audio files. Reads every file's header. */
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

/* Free what the steps allocated; p may be zeroed and used again. */
void sp_init_plan_fini(sp_init_plan *p);

/* ---- the pieces (io/init/init_names.c, init_plan.c, init_text.c) --------- */

/* The group a file name (without its extension) suggests: each word of it
 * (cut at anything not a letter or digit, a lower-to-upper case change and
 * between letters and digits) takes its longest keyword; a strong word of
 * a group decides over a weak one ("Piano Room" is music, "Room" drums),
 * and among those fx, drums, bass, vocals, music in that order ("Snare
 * Verb" is fx, "808 Kick" drums); music when no word is a keyword. */
sp_init_guess sp_init_guess_group(const char *base);

/* Whether a file name (without its extension) says impulse response: a
 * word of it (as sp_init_guess_group cuts them) is "ir" or "irs" or starts
 * with "impulse", or an upper-case IR runs into a capitalised word
 * (IRHall); the keyword ("ir", "irs", "impulse") goes to word. Whole words
 * only: choir, air and MIRROR are not. */
bool sp_init_ir_name(const char *base, char word[8]);

/* A valid track name for a file name without its extension: a leading
 * track number goes ("01 ", "3-", "001_"), letters are lowercased, a run
 * of other characters becomes '_' (a single '-' or '.' stays), no
 * separator first or last, at most 56 characters (room for a "_N"
 * suffix); "track" when nothing is left. Heap string. Not made unique. */
char *sp_init_track_name(const char *base);

/* The loudest of the peaks the ceiling applies to, dB (-inf when silent). */
double sp_init_loudest_db(const sp_init_levels *lv);

/* Whether a stem alone peaks above the whole mix (and so sets the trim). */
bool sp_init_stem_decides(const sp_init_levels *lv);

/* The trim that brings the peaks to SP_INIT_CEILING_DB, dB, in 0.1 dB steps
 * rounded down (so they end at or just below it); 0 when they are not
 * above it. */
double sp_init_trim_db(const sp_init_levels *lv);

/* Whether f becomes a track (mono or stereo, not an impulse response). */
bool sp_init_is_track(const sp_init_file *f);

/* Whether f becomes a commented-out track (more than two channels). */
bool sp_init_is_commented(const sp_init_file *f);

/* The recipe's text for p as it stands (after sp_init_place; p->levels and
 * p->trim_db as set: no trim, no headroom comment when trim_db is 0); a
 * heap string. sp_init_recipe calls it before and after measuring. */
char *sp_init_text(const sp_init_plan *p);

#endif
