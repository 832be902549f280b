/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FS_KIND_H
#define SP_FS_KIND_H

/* What a file is, by its first bytes: one table (kind.c) of the kinds
 * stemprint reads or names, each row a magic and what confirms it, the
 * kind's name as messages say it, whether it is audio and its usual
 * extensions. The recipe loader says what a file given as a recipe is
 * (io/recipe/yamltree.c), the SoundFont and MIDI readers what a file
 * given as one is (io/synth/sf2.c, io/midi/smf.c), a DAWproject's audio
 * entries are extracted when they begin as audio does
 * (io/session/dawproject_audio.c) and `stemprint diff` takes a file as a
 * print by its extension (io/report/diff_set.c). One more audio format is
 * one more row. */

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_fs_kind {
  const char *name; /* as messages say it: "a WAV file" */
  const char *note; /* what a file given in the wrong place may be meant as, or NULL */
  bool audio;       /* stemprint's audio readers take it (libsndfile; demuxer's: FFmpeg) */
  const char *exts; /* its usual extensions, ' '-separated: ".aif .aiff"; NULL: none */
  /* FFmpeg's demuxer of it, where FFmpeg reads it, not libsndfile (io/audio/m4a.h: "mp4",
   * "wv"); NULL: libsndfile's, or no reader's */
  const char *demuxer;
} sp_fs_kind;

/* The first bytes the lookup reads at most: a file's head of this size
 * is enough to tell every kind. */
enum { SP_FS_KIND_HEAD = 20 };

/* The kind of the file whose first n bytes are at head, or NULL. A kind
 * is known by its magic and what follows it: a form ("WAVE" in a RIFF), a
 * byte no text holds (a text may begin with "fLaC") or the file's end
 * right after the magic (n is the file's length where it is under
 * SP_FS_KIND_HEAD: a MIDI file of 4 bytes is one); by_magic: by its
 * magic alone, the first row of it (RIFF, FORM: the audio form's), so a
 * file begins as audio does whatever the rest. */
const sp_fs_kind *sp_fs_kind_of(const void *head, size_t n, bool by_magic);

/* The kind whose usual extension name's is (case aside), or NULL. */
const sp_fs_kind *sp_fs_kind_named(const char *name);

#endif
