/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_LOUDNESS_H
#define SP_LOUDNESS_H

/* Loudness of audio files (`stemprint loudness`): each file read through a
 * meter of its own (core/measure/meter.h, BS.1770-4 / EBU R128), and optionally
 * every file, one after another, through one album meter as well, so that
 * the album's numbers are those of one programme (its windows span the
 * joins between files) rather than a combination of the files' numbers.
 *
 *   sp_loudness_album_open  (an album only) every file's format, checked
 *                           to fit one meter, and that meter
 *   sp_loudness_measure     each file in turn: its meter, and the album's
 *   sp_loudness_album_result  the album's numbers, after the last file
 *
 * Files of 1 to SP_METER_MAX_CHANNELS channels at 8 kHz to 768 kHz, in any
 * format the media reads (core/media/media.h; the command line's: io/audio). */

#include "core/base/diag.h"
#include "core/measure/meter.h"
#include "core/media/media.h"

#include <stdbool.h>
#include <stddef.h>

/* A file and what it measured; caller storage, zeroed, with path set. */
typedef struct sp_loudness_file {
  const char *path;   /* borrowed */
  sp_audio_info info; /* its format (set by sp_loudness_measure or _album_open) */
  sp_meter *meter;    /* after measuring: its meter, for the series (owned) */
  sp_loudness l;      /* after measuring: the numbers */
  /* after measuring: the layout it was measured as and, for a file of more
   * than two channels, each channel's figures (n_channels; else 0) */
  const sp_layout *layout;
  sp_layout_own own; /* layout's storage when the file's mask is of no layout */
  int n_channels;
  sp_channel_figures by_channel[SP_MAX_CHANNELS];
} sp_loudness_file;

/* The files as one programme; caller storage, zeroed. */
typedef struct sp_loudness_album {
  sp_meter *meter; /* owned */
  int channels;    /* the widest file's: the others fit its layout */
  sp_layout layout; /* the widest file's layout, as its file is measured */
  sp_channel ch[SP_MAX_CHANNELS]; /* layout's channels */
  int sample_rate; /* every file's, Hz */
  sp_loudness l;   /* after sp_loudness_album_result */
} sp_loudness_album;

/* Files that cannot make one album: file a's sample rate differs from file
 * b's (rates), or a's channels do not line up with b's, the widest file's
 * (sp_meter_layout_fits). */
typedef struct sp_loudness_mismatch {
  size_t a, b;
  bool rates;
} sp_loudness_mismatch;

/* Read the format of the n files (through media) (not their audio) and set up al for them:
 * one sample rate, channels that line up, a meter of the widest file's
 * channels (keeping the 100 ms series when series is set). Returns SP_OK;
 * SP_ERR_IO with the reason in why when a file cannot be opened or
 * measured (too many channels, a rate out of range), the first file that
 * fails; SP_ERR_USAGE with the two files in *mismatch when they do not fit
 * one album. The files' info is set for every file read. */
sp_err sp_loudness_album_open(const sp_media *media, sp_loudness_file *files, size_t n, bool series,
                              sp_loudness_album *al, char *why, size_t why_size,
                              sp_loudness_mismatch *mismatch);

/* Read f->path (through media) into a new meter of its own (keeping the series when
 * series is set) and, when al is not NULL, through al's meter too (set up
 * by sp_loudness_album_open; its channels beyond the file's stay silent);
 * f->info and f->l are set. SP_ERR_IO with the reason in why when the file
 * cannot be read or measured, or changed since the album was opened. */
sp_err sp_loudness_measure(const sp_media *media, sp_loudness_file *f, bool series,
                           sp_loudness_album *al, char *why, size_t why_size);

/* al->l from everything measured into the album. */
void sp_loudness_album_result(sp_loudness_album *al);

/* Free the meters; the structs may be zeroed again. */
void sp_loudness_file_fini(sp_loudness_file *f);
void sp_loudness_album_fini(sp_loudness_album *al);

#endif
