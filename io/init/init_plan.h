/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_INIT_PLAN_H
#define SP_INIT_PLAN_H

/* What `stemprint init`'s steps share (io/init/init.h): the plan they fill
 * in, the questions every step asks of it (io/init/init_plan.c), and ASCII
 * character classes. The classes are ASCII on purpose: <ctype.h>'s depend
 * on the locale, and a name's bytes above 0x7F are never letters here. */

#include "core/base/layout.h"
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
  bool mix_print;   /* a print of the full mix (by its name): not a track */
  char mix_word[16]; /* the word of the name that says so */
  /* a file of more than two channels: the layout its channel mask says,
   * or, without a mask, the one its count is read as (sp_layout_by_count:
   * 6 channels are 5.1); NULL for mono and stereo, and for a file of no
   * layout stemprint has (commented out) */
  const sp_layout *layout;
  bool layout_by_count; /* no channel mask: layout is its count's */
  /* the earlier file of the folder (its entry's name, the plan's) that
   * this one is the same file as, a link or a hard link to it followed
   * (sp_media identity): not a track, as summed again it would double
   * that one; NULL for the first of them */
  const char *same_as;
} sp_init_file;

/* An audio file of the folder that is not in the recipe but for a comment
 * that says why: nothing in it to play (no frames), or nothing a reader
 * takes (a FIFO, a device). One that holds audio stemprint cannot read
 * refuses the scan instead (sp_init_scan). */
typedef struct sp_init_unused {
  char *file; /* the entry's name in the folder (owned) */
  char *why;  /* why, as the opener or the scan says it (owned) */
} sp_init_unused;

/* The peaks of the recipe as scaffolded, every track at unity, no trim. */
typedef struct sp_init_levels {
  double mix_dbfs;  /* the mix's sample peak */
  double mix_dbtp;  /* its true peak (oversampled, BS.1770-4) */
  double stem_dbfs; /* the loudest stem's sample peak (-inf: none) */
  char stem[72];    /* that stem's name */
} sp_init_levels;

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
  size_t n_mix_prints;              /* files that are prints of the full mix */
  size_t n_same;                    /* files that are an earlier one (same_as) */
  sp_init_unused *unused;           /* audio files left out, in name order */
  size_t n_unused;                  /* how many */
  size_t used[SP_INIT_GROUPS];      /* tracks per group */
  size_t commented[SP_INIT_GROUPS]; /* commented-out tracks (too many channels) per group */
  char *bus[SP_INIT_GROUPS];        /* the group buses' names */
  /* the session's layout: the widest of the tracks' of more than two
   * channels (the first in file order of as many), which master and the
   * group buses that hold one take; NULL: stereo */
  const sp_layout *layout;
  const sp_init_file *layout_file; /* the file that set it */
  bool wide[SP_INIT_GROUPS];       /* a group bus of the session's layout */
  int rate_hz;                      /* the session's rate */
  /* the earliest track by its BWF time reference, where every track has
   * one and they differ (stems a DAW spots to their places): each track
   * placed after it by its own; NULL: none */
  const sp_init_file *spot_first;
  /* sp_init_place */
  char *rel; /* the folder relative to the recipe's: "" or ending in '/' */
  /* sp_init_recipe */
  sp_init_levels levels; /* the peaks without trim */
  double trim_db;        /* master's trim: 0, or what brings the peaks to the ceiling */
} sp_init_plan;

/* The loudest of the peaks the ceiling applies to, dB (-inf when silent). */
double sp_init_loudest_db(const sp_init_levels *lv);
/* Whether a stem alone peaks above the whole mix (and so sets the trim). */
bool sp_init_stem_decides(const sp_init_levels *lv);
/* The trim that brings the peaks to SP_INIT_CEILING_DB, dB, in 0.1 dB steps
 * rounded down (so they end at or just below it); 0 when they are not
 * above it. */
double sp_init_trim_db(const sp_init_levels *lv);
/* Whether f becomes a track (mono, stereo, or of a layout stemprint has;
 * not an impulse response, a print of the mix nor a file already had). */
bool sp_init_is_track(const sp_init_file *f);
/* Whether f becomes a commented-out track (more than two channels of no
 * layout stemprint has; not a file already had). */
bool sp_init_is_commented(const sp_init_file *f);
/* f's layout as stemprint reads it: by its channel mask (a writer's
 * default mask as none), else by its count; NULL for one of no layout. */
const sp_layout *sp_init_file_layout(const sp_audio_info *info, bool *by_count);

/* Free what the steps allocated; p may be zeroed and used again. */
void sp_init_plan_fini(sp_init_plan *p);

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }
static inline char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }

/* The file's length in seconds. */
static inline double init_seconds(const sp_init_file *f)
{
  return (double)f->info.frames / f->info.sample_rate;
}

#endif
