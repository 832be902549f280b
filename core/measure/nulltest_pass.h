/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_MEASURE_NULLTEST_PASS_H
#define SP_MEASURE_NULLTEST_PASS_H

/* What the files of the null test share (core/measure/nulltest.c and the
 * nulltest_*.c beside it): the files read side by side, a pass's blocks,
 * sums and searches, and each file's functions the others call. */

#include "core/base/pool.h"
#include "core/dsp/fft.h"
#include "core/dsp/xcorr.h"
#include "core/measure/nulltest.h"

enum {
  BLOCK = 4096,     /* frames read at a time; a multiple of every window size */
  SP_NULL_GROUP = 4 /* stems correlated per diagnosis pass */
};

typedef struct files {
  const sp_media *media;
  size_t n; /* mix + stems */
  const char **path;
  sp_reader **r;
  sp_audio_info *info;
  double *full_hi; /* [n]: an integer file's positive full scale (its top code); INFINITY for
                      float, which never clips */
  bool any_int;    /* some file is integer PCM, and can clip */
  bool any_lossy;  /* some file is lossy (MP3, Opus, Vorbis): decoded after a seek, its
                      samples may differ in their last bits from those read in order */
  int channels;
  int64_t frames; /* the longest */
  double *buf;    /* BLOCK × channels */
  /* A stem put right before it is read (several stems off at once): read
   * shift[i] frames later (before its start and past its end: silence)
   * and × scale[i]; NULL: as it is. */
  int64_t *shift;
  double *scale;
  const volatile sig_atomic_t *cancel;
} files;

/* The block [at, at + frames): the residual r (interleaved) and, when asked,
 * the mono sums of the mix and of the stems, and each stem's mono sum. */
typedef struct block {
  double *r;     /* BLOCK × C */
  double *mix;   /* BLOCK × C */
  float *m, *s;  /* BLOCK: mono mix, mono stem sum */
  float **stem;  /* [n stems]: BLOCK mono for the stems measured, NULL for the others */
  double *a;     /* BLOCK × C: |mix| + Σ |stem|, the scale of rounding errors; NULL: not kept */
  uint8_t *full; /* BLOCK × C: 1 where some file is at full scale; NULL: not kept */
  int64_t *clipped; /* [files]: samples at full scale, added to when full is kept */
} block;

typedef struct bands {
  size_t W; /* window, frames: a power of two near 100 ms */
  sp_fft *fft;
  float *x, *win, *work;
  float *re, *im;   /* W/2 + 1 bins */
  double win_power; /* Σ w² */
  double rate;
  signed char *band; /* [W/2]: the octave band of each bin, -1 for none */
} bands;

typedef struct chunk {
  double sumsq, mix_sq, e_m, e_s, r0;
  /* per channel ([C] each, one allocation: chunk_init): the residual's peak
   * and energy, the mix's energy, and Σ residual·mix (the stem sum's gain
   * against the mix, channel by channel) */
  double *ch_peak, *ch_sumsq, *ch_mix_sq, *ch_rm;
  double *window_db; /* RMS of each window (of a piece, or of a block), -inf for none */
} chunk;

/* The statistics of the first pass, measured block by block in time order:
 * the current chunk's sums, and the whole's. */
typedef struct stats {
  sp_null_result *res; /* its loudest windows (keep_worst) */
  size_t W;            /* window, frames */
  int64_t per;         /* frames a chunk: a multiple of BLOCK */
  int64_t chunk_end;   /* where the current chunk ends */
  chunk ck;
  chunk all; /* the whole's sums: the chunks' added in time order (ch_peak: their largest) */
  double window_db[BLOCK / 1024 + 1]; /* the block's windows (W ≥ 1024) */
  double peak, unclipped, mix_peak, abs_peak;
  int64_t *clipped; /* [files] */
} stats;

/* What a pass measures. */
typedef struct measures {
  stats *st; /* the first pass's statistics; NULL: none */
  bands *bd; /* the residual's octave bands, added to power[] and *windows; NULL: none */
  double *power;
  size_t *windows;
  sp_xcorr *sum;   /* the mono stem sum against the mono mix; NULL: none */
  sp_xcorr **stem; /* [n stems]: what the mix implies stem i is, against it; NULL entries: none */
} measures;

/* Frames [at, at + frames) of every file, as read_block gives them, and
 * what needs no order: peaks and counts. */
typedef struct span {
  int64_t at;
  size_t frames;     /* 0: past the end */
  double *r, *mix;   /* SPAN × C, kept for the statistics and the bands; else NULL */
  float *m, *s, *rm; /* SPAN: the mono mix, the mono stem sum, s − m (rm: when stems are) */
  float **stem;      /* [n stems]: SPAN mono for the stems correlated, else NULL */
  double peak, unclipped, mix_peak, abs_peak;
  int64_t *clipped; /* [files] */
  sp_err err;
  char why[512];
} span;

/* A reading task's readers and scratch. */
typedef struct reader {
  files f;
  int64_t next;    /* the frame its readers stand at; -1: unknown */
  double *r, *mix; /* BLOCK × C, for spans that do not keep them */
  double *a;       /* BLOCK × C: |mix| + Σ |stem| */
  uint8_t *full;   /* BLOCK × C */
} reader;

typedef enum { M_STATS, M_BANDS, M_SUM, M_STEM } measure_kind;

typedef struct measure_task {
  measure_kind kind;
  size_t stem; /* M_STEM */
  float *e;    /* M_STEM: SPAN, what the mix implies of the stem */
} measure_task;

typedef struct pass {
  files *f;
  const measures *ms;
  size_t group;     /* spans a group */
  reader *readers;  /* [group] */
  span *reading;    /* the group read this round */
  span *measuring;  /* the group measured this round */
  size_t n_read;    /* spans read this round */
  size_t n_measure; /* measuring tasks this round */
  measure_task *tasks;
  size_t n_tasks;
  bool stems;    /* some stem is correlated: the spans keep s − m */
  bool keep_r;   /* the spans keep r and mix */
  bool in_order; /* lossy files: one reader, never seeking, reads every span in turn */
  size_t span;   /* frames a span's buffers hold: SPAN, or the file's frames when fewer */
} pass;

/* What the lag searches look for, and where their results go. */
typedef struct search {
  size_t L;             /* ± frames */
  sp_xcorr_result *sum; /* the stem sum against the mix; NULL: not searched */
  const bool *want;     /* [n stems]: stem i is searched, into per[i] */
  sp_xcorr_result *per;
  bands *bd; /* the residual's octave bands, added to power[] and *windows; NULL: none */
  double *power;
  size_t *windows;
  int threads;
} search;

/* ---- nulltest_files.c ---------------------------------------------------------- */

/* The frames a buffer of at most `most` frames needs for reads of
 * `frames` in all (at least one): a short file's buffers are sized by the
 * file, not by the longest read (zeroing them was a tenth of a short
 * file's null test). */
size_t null_fit_frames(int64_t frames, size_t most);

sp_err null_files_open(files *f, const sp_media *media, const char *mix, const char *const *stems,
                         size_t n_stems, char *why, size_t why_size);

void null_files_close(files *f);

sp_err null_files_rewind(files *f, int64_t frame, char *why, size_t why_size);

double null_abs_max_unmarked(const double *restrict x, const uint8_t *restrict full, size_t n,
                               double m);

sp_err null_read_block(files *f, block *b, int64_t at, size_t frames, char *why, size_t why_size);

/* ---- nulltest_sums.c ----------------------------------------------------------- */

void null_bands_init(bands *b, double rate);

void null_bands_fini(bands *b);

/* Add the mean-square power of each octave band of the interleaved residual
 * r (W frames, C channels, averaged over channels) into power[]. */
void null_bands_measure(bands *b, const double *r, size_t C, double *power);

double null_abs_max(const double *x, size_t n, double m);

void null_stats_init(stats *st, const files *f, size_t W, sp_null_result *res);

void null_stats_fini(stats *st);

/* The block [at, at + n) (its r, mix, m, s in b) into the sums. */
void null_stats_block(stats *st, const block *b, int64_t at, size_t n, size_t C);

/* The first pass's figures into res, once every block is in. */
void null_stats_result(stats *st, const files *f, sp_null_result *res);

/* ---- nulltest_passes.c --------------------------------------------------------- */

/* One pass over the files (as f reads them: shifted and scaled when it
 * says so), measuring ms, on up to `threads` threads; every number is the
 * same whatever the threads. On an error, why names it (the first in time). */
sp_err null_pass_run(files *f, const measures *ms, int threads, char *why, size_t why_size);

/* The octave band of each worst spot: read just those windows again. */
sp_err null_pass_spots(files *f, bands *bd, sp_null_result *res, char *why, size_t why_size);

/* The lag searches not settled by the sums: FFT correlators (±L) over
 * passes of SP_NULL_GROUP stems each (to bound their memory), the stem sum
 * and the bands in the first. */
sp_err null_pass_search(files *f, const search *s, char *why, size_t why_size);

#endif
