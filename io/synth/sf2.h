/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SYNTH_SF2_H
#define SP_SYNTH_SF2_H

/* What a SoundFont file is and holds, read before a library opens it
 * (io/synth/fluid.c): that it is a regular file (a FIFO would block the
 * library's open for good, a device would stream forever), that it is a
 * RIFF 'sfbk' form (or a DLS one, which fluidsynth plays through
 * libinstpatch), and, for a SoundFont, which of its presets reach a sample
 * that plays: a preset none of whose zones does plays nothing. A 16-bit
 * sample of a smpl chunk of an odd byte count plays nothing either:
 * fluidsynth refuses it ("invalid buffer size"), points being 2 bytes. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A preset of the file (its phdr record): its bank and program, and why
 * it plays nothing (static text: "it has no zones", ...), or NULL. */
typedef struct sp_sf2_file_preset {
  int bank, program;
  const char *mute;
} sp_sf2_file_preset;

typedef struct sp_sf2_file {
  bool dls;                    /* a DLS form: nothing below was read */
  bool parsed;                 /* its pdta was read whole: presets and samples below are its */
  size_t n_samples;            /* sample headers but the terminal one */
  size_t n_sample_points;      /* 16-bit points of its smpl chunk */
  uint64_t smpl_bytes;         /* the size its smpl chunk's header says */
  size_t n_compressed;         /* samples of Ogg Vorbis data (SF3), byte-addressed */
  sp_sf2_file_preset *presets; /* heap */
  size_t n_presets;
} sp_sf2_file;

/* Read what the file at path is (*out; sp_sf2_file_fini it), the file
 * left open: *fd is the descriptor that was checked and read (the
 * caller's to close; -1 when refused), so that what a library is given to
 * read is what was checked here. SP_ERR_IO with why ("it is a FIFO ...",
 * "it is a WAV file (audio), not a SoundFont") when it is not a regular
 * file or not a RIFF sfbk or DLS form. A SoundFont whose lists do not
 * parse here, or that has no smpl chunk, is not judged (parsed false: the
 * library says what it finds). */
sp_err sp_sf2_file_open(const char *path, int *fd, sp_sf2_file *out, char *why, size_t why_size);
/* As sp_sf2_file_open, of a file already open (fd: a regular file, read
 * with pread: its offset is not moved). */
sp_err sp_sf2_file_read_fd(int fd, sp_sf2_file *out, char *why, size_t why_size);
void sp_sf2_file_fini(sp_sf2_file *f);

/* The mute reason of preset bank:program of f, NULL when it plays or is
 * not known. */
const char *sp_sf2_file_mute(const sp_sf2_file *f, int bank, int program);

#endif
