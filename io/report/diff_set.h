/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIFF_SET_H
#define SP_DIFF_SET_H

/* The two sides of `stemprint diff`: print sets read from the file system
 * and compared print by print (core/measure/diff.h does the math).
 *
 * A set is an output folder (the prints its records list,
 * <dir>/.stemprint/<recipe>.prints, read by io/fs/record.h's reader, which
 * takes only names of files directly in the folder; a folder without a
 * record: its audio files, by extension), a render's --report JSON (its
 * `outputs`, each at its path, or beside the report) or an audio file (a
 * set of that one print, by its extension). Prints are named by
 * their path under the set's folder (mix.wav, also/mix.mp3) and matched by
 * that name, else by that name without its extension (a WAV set against a
 * FLAC set: mix.wav is mix.flac), two audio files given alone whatever
 * their names, and compared as decoded samples. */

#include "core/base/diag.h"
#include "core/measure/diff.h"
#include "core/media/media.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_diff_print {
  char *name; /* the matching name */
  char *path; /* where it is read */
} sp_diff_print;

typedef struct sp_diff_set {
  char *arg; /* as given */
  sp_diff_print *prints;
  size_t n;
  char *note; /* what of the set was left out, for a warning (heap); NULL: nothing */
  bool file;  /* an audio file given alone: its one print */
} sp_diff_set;

/* Whether name is an audio file's, by its extension (an audio kind's of
 * io/fs/kind.h: what a folder without a record lists, and a set of one
 * print is). */
bool sp_diff_audio_name(const char *name);

/* Read the set at path (a folder, a report or an audio file). SP_ERR_IO
 * with why (the path, what is wrong, the fix) when it is none of them or
 * cannot be read. */
sp_err sp_diff_set_load(const char *path, sp_diff_set *set, char *why, size_t why_size);
void sp_diff_set_fini(sp_diff_set *set);

/* One name's comparison. */
typedef struct sp_diff_item {
  char *name; /* the print's name in both sets, or, paired without the extension, the
               * name without it ("mix" for mix.wav and mix.flac) */
  const char *old_name, *new_name; /* its names in each set (borrowed); NULL: not in it */
  const char *old_path, *new_path; /* borrowed from the sets; NULL: not in that set */
  bool measured;                   /* r holds numbers */
  bool resampled;                  /* the rates differ: the new print was read at the old one's rate
                                    * (the media's source, libsoxr) to be compared */
  sp_diff_result r;                /* verdict set for every item without error */
  sp_audio_info old_info, new_info;
  char *error; /* the pair could not be compared (heap): why, naming the file and the fix */
} sp_diff_item;

/* Pair the sets' prints by name (the old set's order, then the new set's
 * own) into *items (heap, n): the same name, else the same name without
 * the extension where one print of each set has it; and compare each
 * pair: bytes first (each print opened by io/fs/probe.h, as media's
 * readers open it: a regular file only, read up to its size), then
 * samples read through media (sp_diff_signals; opts' threshold NAN: the
 * files' default, sp_diff_threshold_dbfs), the new print at the old one's
 * rate where the two differ. A pair that cannot be compared (other
 * channel counts, a file that is not audio) holds its error; the status
 * is SP_ERR_IO when any could not, else SP_OK. */
sp_err sp_diff_sets(const sp_media *media, const sp_diff_set *old_set, const sp_diff_set *new_set,
                    const sp_diff_opts *opts, sp_diff_item **items, size_t *n);
void sp_diff_items_free(sp_diff_item *items, size_t n);

/* A pair's change of layout, format, depth or rate in words, into buf
 * ("layout quad (L R Ls Rs) -> mask 0x107 (L R C Cs)", the layouts the two
 * are metered in when they differ; "wav 24-bit 44100 Hz -> flac 24-bit
 * 44100 Hz", the parts that differ said; "" when none or the item was not
 * decoded on both sides): a cause of its own, whatever the samples say.
 * True when its layout changed (its channels play on other speakers). */
bool sp_diff_format_change(const sp_diff_item *it, char *buf, size_t n);

#endif
