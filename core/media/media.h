/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_MEDIA_H
#define SP_MEDIA_H

/* The engine's view of the audio it reads and writes: a table of
 * functions the engine calls and an adapter implements. The engine names
 * files (the recipe's paths, the outputs' paths) but opens none; io/audio
 * implements the table over the file system (sp_audio_media: libsndfile,
 * libsoxr), a test can implement it over memory.
 *
 *   sp_reader   a file's frames at its own rate, interleaved: the null
 *               test and loudness read the files they judge through it
 *   sp_source   a file's frames at the session's rate, planar, from a
 *               start frame: what a region plays (resampled when the
 *               file's rate is another)
 *   sp_sink     an output being written, under a name of its own until it
 *               is delivered: its samples can be read back (the null test
 *               reads a print before it lands), then it is committed or
 *               discarded
 *   sp_media    opens the three, and answers the questions a graph asks of
 *               the names: what a path resolves to, whether two name one
 *               file, whether an output folder can be written
 *
 * Each object carries its functions (the first member of an adapter's own
 * struct), so several media can be used in one process. Every function
 * that can fail returns an sp_err and a lowercase reason in why, which
 * names the file where that helps; none prints. */

#include "core/base/diag.h"
#include "core/media/midi.h"
#include "core/base/layout.h"
#include "core/recipe/format.h"
#include "core/recipe/tags.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sp_adm;        /* a scene's structure: core/dsp/adm.h */
struct sp_adm_choice; /* what of a scene plays: core/dsp/adm.h */

/* What a file holds. */
typedef struct sp_audio_info {
  int64_t frames;
  int channels;
  int sample_rate;
  char format[32]; /* "wav", "flac", ... as the adapter names the container */
  int bits;        /* bits per sample (16, 24, 32, 64); 0 when the codec is lossy */
  bool is_float;   /* a float or double encoding */
  /* the channels' speakers as WAVE_FORMAT_EXTENSIBLE bits, from the file's
   * channel mask or layout (core/base/layout.h: sp_layout_by_mask); 0 when
   * it says none */
  uint32_t mask;
  /* what of the file its reader reads past and does not play (an ADM BWF's
   * object metadata: "diffuse, zoneExclusion", what it does not read, at
   * its axml line; an MPEG-4's audio tracks but the one it plays, an MP3's
   * last frame it ends inside, each with what it plays and its fix, said by
   * sp_media_passed_over); "" when nothing */
  char unplayed[192];
  /* what of an ADM BWF's object metadata BS.2127's renderer plays and
   * VBAP, which renders into a layout BS.2127 has none of, does not
   * (sp_adm_vbap_unplayed: "channelLock, zoneExclusion"); "" when nothing */
  char vbap_unplayed[96];
  /* a BWF's place on its session's timeline, where time_ref_said: its bext
   * chunk's TimeReference, its first sample's, in samples of its rate from
   * the session's midnight (what a DAW spots a stem to) */
  bool time_ref_said;
  uint64_t time_ref;
  /* what its reader plays otherwise than the file writes it (an ADM BWF's
   * blocks written out of time's order, played in it: sp_adm's
   * reordered); "" when nothing */
  char reordered[160];
  /* what of it its reader plays and the reference refuses, a note a line,
   * each whole (an ADM BWF's: sp_adm's refused); "" when nothing */
  char refused[640];
} sp_audio_info;

/* ---- reading a file at its own rate -------------------------------------- */

typedef struct sp_reader sp_reader;
typedef struct sp_reader_ops {
  /* Up to frames interleaved frames, normalised to ±1.0 (integer data
   * scaled by 2^-(bits-1), so it converts exactly). The number read; 0 at
   * the end; -1 on a read error (error says which). */
  int64_t (*read_float)(sp_reader *r, float *buf, int64_t frames);
  int64_t (*read_double)(sp_reader *r, double *buf, int64_t frames);
  /* Position the next read at frame. */
  sp_err (*seek)(sp_reader *r, int64_t frame, char *why, size_t why_size);
  /* Why the last read returned -1. */
  const char *(*error)(const sp_reader *r);
  void (*close)(sp_reader *r);
  /* Optional (NULL: read_float's frames deinterleaved): the same frames,
   * planar, ch[c][0 .. n) for each channel c, for a reader that converts
   * straight into planes; as read_float returns. */
  int64_t (*read_planar)(sp_reader *r, float *const *ch, int64_t frames);
} sp_reader_ops;
struct sp_reader {
  const sp_reader_ops *ops;
};

/* ---- a source at the session rate ---------------------------------------- */

typedef struct sp_source sp_source;
typedef struct sp_source_ops {
  /* The next frames into the planar channels ch[0 .. channels); silence
   * past the end of the file. */
  sp_err (*read)(sp_source *s, float *const *ch, size_t frames, char *why, size_t why_size);
  /* SP_OK when the file is as it was when opened; else SP_ERR_IO, why
   * saying it changed while being read (what a render read must be one
   * version of the file). */
  sp_err (*unchanged)(const sp_source *s, char *why, size_t why_size);
  void (*close)(sp_source *s);
} sp_source_ops;
struct sp_source {
  const sp_source_ops *ops;
  int channels;
  int64_t frames;   /* the file's length at the session rate (sp_session_frames) */
  const char *name; /* for messages: the name it was opened by (owned by the source) */
};

/* A stretch (sp_media.stretched): source frame src_frames[i] of a file
 * at the session's rate plays at frame dst_frames[i] of the stretched
 * source, linearly between points; n >= 2, both increasing, dst_frames[0]
 * == 0. The source plays the file from src_frames[0] to src_frames[n-1]
 * in dst_frames[n-1] frames, its pitch scaled by pitch_scale (1: kept). */
typedef struct sp_warp_map {
  int64_t *src_frames, *dst_frames;
  size_t n;
  double pitch_scale;
} sp_warp_map;

/* The length at the session's rate of a file of file_frames at file_rate:
 * what a source yields before its silence. */
int64_t sp_session_frames(int64_t file_frames, int file_rate, double session_rate);

/* ---- an output ----------------------------------------------------------- */

/* A Broadcast WAV's bext chunk, version 2 (EBU Tech 3285): what a print
 * says of itself, its loudness measured on its samples as written. */
typedef struct sp_bext {
  char description[257], originator[33], originator_reference[33];
  char date[11], time[9];  /* "yyyy-mm-dd", "hh:mm:ss"; empty: not said */
  uint64_t time_reference; /* the first sample's position, in samples since the clock's 0 */
  bool measured;           /* the loudness below is known */
  double loudness_lufs, range_lu, true_peak_dbtp, max_momentary_lufs, max_shortterm_lufs;
} sp_bext;

typedef struct sp_sink sp_sink;
typedef struct sp_sink_ops {
  /* Append frames: float data for 32f outputs, integer data for 16/24-bit
   * outputs (left-justified in int32: the sample's bits are the top bits). */
  sp_err (*write_float)(sp_sink *s, const float *buf, int64_t frames, char *why, size_t why_size);
  sp_err (*write_int)(sp_sink *s, const int32_t *buf, int64_t frames, char *why, size_t why_size);
  /* Complete it (headers, flush), still under its own name: once
   * finished, sp_media.open on `written` reads it back. Again: no-op. */
  sp_err (*finish)(sp_sink *s, char *why, size_t why_size);
  /* The name it is written under until delivered, and the name it takes. */
  const char *(*written)(const sp_sink *s);
  const char *(*name)(const sp_sink *s);
  /* Deliver it alone (a finished sink takes its name) and free it. */
  sp_err (*commit)(sp_sink *s, char *why, size_t why_size);
  /* Free it and leave what was written under `written`, for a caller that
   * delivers several as one step (io/outdir). */
  void (*release)(sp_sink *s);
  /* Remove what was written and free it. */
  void (*discard)(sp_sink *s);
  /* Optional (NULL: a media that keeps none): the bext chunk of a WAV
   * print, given before its samples and again, measured, before finish;
   * a format without one ignores it. */
  sp_err (*set_bext)(sp_sink *s, const sp_bext *b, char *why, size_t why_size);
  /* Optional: a lossy file's bitrate (MP3, Opus), before its samples. */
  sp_err (*set_bitrate)(sp_sink *s, int kbps, char *why, size_t why_size);
  /* Optional: its channels' speakers (a layout's channel mask), before its
   * samples; where the format cannot say it, nothing. */
  void (*set_mask)(sp_sink *s, uint32_t mask);
  /* Optional: a store file's tags (core/recipe/tags.h), before finish;
   * a format that keeps none (WAV, AIFF, W64, Opus here) ignores them. */
  sp_err (*set_tags)(sp_sink *s, const sp_tags *t, char *why, size_t why_size);
} sp_sink_ops;
struct sp_sink {
  const sp_sink_ops *ops;
};

/* Give sink w the tags t (NULL or none said: nothing) of print `name`:
 * the title as sp_tags_title makes it for the mix (is_mix) or another
 * print; a sink that keeps no tags ignores them. */
sp_err sp_sink_set_tags(sp_sink *w, const sp_tags *t, const char *name, bool is_mix, char *why,
                        size_t why_size);

/* ---- the media ----------------------------------------------------------- */

/* A DJ's stem file (Native Instruments' Stem format, .stem.mp4): the
 * mix and four stems as five stereo audio tracks of one MPEG-4 file, the
 * mix first (the track a player that knows no stems plays), ALAC or AAC,
 * and moov/udta/stem, the manifest Traktor and Mixxx read: JSON
 * {"version": 1, "mastering_dsp": {compressor, limiter: both off},
 * "stems": [{"name", "color"} x 4]}. A stem may be a group: several prints
 * summed into its track. The stems must sum to the mix: the
 * files are read, summed and held against the mix before anything is
 * encoded (the null test: the residual's peak at most max_residual_db). */
typedef struct sp_stem_mp4 {
  const char *mix;      /* the mix's print (any file sp_audio_open reads) */
  const char *stems[4]; /* the four stems' prints, in the file's order */
  /* more prints summed into stem i (a group of stems: its track their sum,
   * which must stay under full scale); none: 0 */
  const char *const *also[4];
  size_t n_also[4];
  const char *names[4];   /* as the player shows them ("drums") */
  const char *colors[4];  /* "#RRGGBB" */
  sp_format codec;        /* SP_FORMAT_ALAC (prints of 16 or 24 bits) or SP_FORMAT_AAC */
  int kbps;               /* AAC's bitrate a track */
  double max_residual_db; /* the null test's limit, dBFS */
  const sp_tags *tags;    /* NULL: none */
  /* how the prints are opened: sp_audio_open (given by the caller, or
   * by the media's create_stem_file: io/audio/m4a.c is beneath audio.c) */
  sp_err (*open)(const char *path, sp_reader **out, sp_audio_info *info, char *why,
                 size_t why_size);
} sp_stem_mp4;

typedef struct sp_media sp_media;
struct sp_media {
  /* Open name for reading; fills info. */
  sp_err (*open)(const sp_media *m, const char *name, sp_reader **out, sp_audio_info *info,
                 char *why, size_t why_size);
  /* Stream name at session_rate from frame from_frames (at that rate). */
  sp_err (*source)(const sp_media *m, const char *name, double session_rate, int64_t from_frames,
                   sp_source **out, char *why, size_t why_size);
  /* Optional (NULL: this media stretches nothing): name at session_rate
   * stretched by w (its length dst_frames[n-1], then silence). Made whole
   * when opened, so what it yields never depends on how it is read. */
  sp_err (*stretched)(const sp_media *m, const char *name, double session_rate,
                      const sp_warp_map *w, sp_source **out, char *why, size_t why_size);
  /* Optional (NULL: this media renders no scene): name, a file whose
   * channels are a scene rendered at playback (an ADM BWF: open's
   * info.format "adm"), rendered into l's channels at session_rate from
   * from_frames (at that rate, which must be the file's); bed_only: its
   * bed alone, without its objects; choice: what of it plays (NULL: the
   * defaults; core/dsp/adm.h). */
  sp_err (*rendered)(const sp_media *m, const char *name, const struct sp_adm_choice *choice,
                     const sp_layout *l, bool bed_only, double session_rate, int64_t from_frames,
                     sp_source **out, char *why, size_t why_size);
  /* Optional (NULL: this media reads no scene's structure): the structure
   * of name, a scene (open's info.format "adm"), into *out (the caller's;
   * free it with sp_adm_fini): its beds, and its objects in the file's
   * order with their blocks as the file has them, in frames at its rate;
   * those of what choice chooses (NULL: the defaults). */
  sp_err (*scene)(const sp_media *m, const char *name, const struct sp_adm_choice *choice,
                  struct sp_adm *out, char *why, size_t why_size);
  /* Optional (NULL: nothing known against it): SP_OK when this media can
   * write scene s as a file it reads back (an ADM BWF whose metadata is
   * within what its reader takes), else why, a whole sentence. Asked of
   * master.adm's structure when the graph is built, before anything is
   * rendered. */
  sp_err (*scene_fits)(const sp_media *m, const struct sp_adm *s, char *why, size_t why_size);
  /* Optional (NULL: this media writes no scene): a new output that will
   * take name, scene s as a file (an ADM BWF, bext b when not NULL) of
   * s->frames frames of s->tracks 24-bit tracks (write_int, in s's track
   * order); as_read (may be NULL; the caller's, freed with sp_adm_fini):
   * s as a reader of the file will find it (positions as its text rounds
   * them), what a renderer of the file renders. */
  sp_err (*create_scene)(const sp_media *m, const char *name, const struct sp_adm *s,
                         const sp_bext *b, sp_sink **out, struct sp_adm *as_read, char *why,
                         size_t why_size);
  /* Optional: the stretcher's version, for a cache key ("rubberband-3.1.2"). */
  const char *(*stretcher_version)(const sp_media *m);
  /* Optional: output.stem_mp4's file written at name (a temporary name
   * beside its final one) from the prints s names, opened through this
   * media when s->open is NULL; its null test's residual peak into
   * *residual_db (io/audio/m4a.h: sp_stem_mp4_write). */
  sp_err (*create_stem_file)(const sp_media *m, const char *name, const sp_stem_mp4 *s,
                             double *residual_db, char *why, size_t why_size);
  /* Make the folder outputs go into (and its missing parents). */
  sp_err (*make_folder)(const sp_media *m, const char *dir, char *why, size_t why_size);
  /* A new output that will take name, of the given format, depth, channel
   * count and rate; frames is its expected length (a WAV too long for
   * 32-bit sizes becomes RF64). */
  sp_err (*create)(const sp_media *m, const char *name, sp_format format, sp_depth depth,
                   int channels, int sample_rate, int64_t frames, sp_sink **out, char *why,
                   size_t why_size);
  /* name with links followed and made absolute (heap), or NULL when it
   * does not exist. */
  char *(*resolve)(const sp_media *m, const char *name);
  /* A path that exists and is close to name, which does not (a typo, a
   * case, an extension: a did-you-mean), heap; NULL when there is none.
   * May be NULL: no suggestions. */
  char *(*near)(const sp_media *m, const char *name);
  /* name as one file: a text two names of one file share (heap), the
   * file's own (its device and inode) where it is there, else the place
   * it would be (its folder and name: a print to come over a hardware
   * insert's return to come), never both. Two names are one file when
   * theirs are equal (sp_media_same); a list of many is held by theirs
   * (core/base/strmap.h), each asked once, not each against each. */
  char *(*identity)(const sp_media *m, const char *name);
  /* Whether name is there (a file, or a name that has no path of its
   * own: /dev/stdin on a pipe). Where not, why (why_size bytes) is ""
   * when nothing is there, else what is in the way, in words (a loop of
   * symbolic links, a folder on the path that may not be searched). */
  bool (*exists)(const sp_media *m, const char *name, char *why, size_t why_size);
  /* SP_OK when dir is a folder outputs can be written into, or can be
   * made; else why says what is in the way, as a whole sentence with the
   * way out. */
  sp_err (*check_folder)(const sp_media *m, const char *dir, char *why, size_t why_size);
  /* How many files the process may hold open at once; -1: no limit known. */
  long (*open_files_limit)(const sp_media *m);
  /* The versions of the libraries whose output is in the files (the audio
   * encoders', the resampler's), for a cache key ("libsndfile-1.2.0"). */
  const char *(*library_version)(const sp_media *m);
  const char *(*resampler_version)(const sp_media *m);
  /* The Standard MIDI File name, read whole into a new model (*out;
   * sp_midi_file_free it): SP_ERR_IO with why (the byte offset and what
   * was expected, for a file that does not parse) when it cannot be read.
   * NULL: this media reads no MIDI. */
  sp_err (*midi)(const sp_media *m, const char *name, struct sp_midi_file **out, char *why,
                 size_t why_size);
  /* Optional (NULL: this media reads no text): the small text file name
   * whole (at most max_bytes), NUL-terminated (heap), or NULL with why: a
   * hardware insert's RETURN.sent (core/measure/latency.h). */
  char *(*text)(const sp_media *m, const char *name, size_t max_bytes, char *why,
                size_t why_size);
};

/* Whether a and b name one file (their identities equal). */
bool sp_media_same(const sp_media *m, const char *a, const char *b);

/* What the reader of name, a file opened as info says, passes over and
 * does not play (info->unplayed of a file that is not an ADM BWF: an
 * MPEG-4's other audio tracks, an MP3's last frame cut short) as a
 * warning's words, with the fix (heap);
 * NULL when it passes over nothing. The words of every command that reads
 * the file: a recipe's check and render (core/graph/sources.c) and the
 * commands that measure files (cmd/cli.h: sp_cli_media_init). An ADM
 * BWF's unplayed is its renderer's, not its reader's: NULL. */
char *sp_media_passed_over(const char *name, const sp_audio_info *info);

/* What the file name holds: its info, the file opened and closed again. */
sp_err sp_media_probe(const sp_media *m, const char *name, sp_audio_info *info, char *why,
                      size_t why_size);

/* A whole short file (an impulse response, at most SP_MAX_CHANNELS
 * channels and max_seconds long) at session_rate into planar buffers
 * ch[0 .. *channels) of *frames frames (ch has SP_MAX_CHANNELS; the rest
 * NULL; free each), read through a source as a region would play it;
 * *file_rate is the file's own rate. */
sp_err sp_media_load(const sp_media *m, const char *name, double session_rate, double max_seconds,
                     float **ch, int *channels, int64_t *frames, int *file_rate, char *why,
                     size_t why_size);

#endif
