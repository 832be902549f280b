/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIFF_H
#define SP_DIFF_H

/* What changed between two prints of one name (`stemprint diff`): the
 * math on two signals, old (a) and new (b), planar float at one rate and
 * channel count, read in blocks (a pair is never held whole);
 * io/report/diff_set.c reads the files, cmd/cmd_diff.c says it.
 *
 *   the residual r = b − a      peak and RMS (dBFS), its short-term loudness
 *                               over time (3 s windows, every 100 ms)
 *   each side                   loudness, true peak, LRA (core/measure/meter.h,
 *                               each in its own layout) and their deltas
 *   the best alignment          lag and gain of b against a (core/dsp/xcorr.h,
 *                               over the channels' sum): b(t) ≈ g·a(t − lag),
 *                               and the residual left with them applied; a lag
 *                               only where it leaves SP_DIFF_LAG_EXPLAINS_DB
 *                               less residual energy than lag 0 (the sums')
 *   where                       the spans of the timeline whose residual peak
 *                               is above the threshold (10 ms blocks, gaps under
 *                               0.5 s merged), the loudest first
 *   what                        the residual's level and each side's delta by
 *                               octave or third-octave band (core/dsp/fft.h,
 *                               frames of 8192 points, 16384 for thirds, whose
 *                               squared windows overlap by an eighth and sum to
 *                               1: every sample's energy counted once), for the
 *                               print and each span
 *
 * One pass reads both signals once and measures everything at lag 0; a
 * print found moved (lag ≠ 0, rare) is read again at its lag, and the
 * aligned residual's peak rereads the few 10 ms blocks that can hold it
 * (every block of a rescaled print). The residual the spans and bands
 * read is b(t) − a(t − lag): a print moved in time is compared where it
 * lines up. A signal shorter than the other is silent past its end.
 * Deterministic: the same numbers for the same samples on any CPU. */

#include "core/measure/meter.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SP_DIFF_MAX_BANDS = 31, SP_DIFF_MAX_SPANS = 16 };

/* A band's change is said when its residual is within this of the loudest
 * band's: a band near silence on both sides moves by many dB unheard. */
#define SP_DIFF_BAND_SHARE_DB 20.0
/* ... and when it moved this much more than the band holding most of the
 * residual (else that band is said: a change of the whole print's level
 * moves every band alike). */
#define SP_DIFF_BAND_MORE_DB 0.5
/* A lag is said when the alignment leaves at most this much of the residual
 * energy that lag 0 (at the best gain) leaves: a minimum-phase filter's
 * group delay correlates best a frame or two off, but explains little. */
#define SP_DIFF_LAG_EXPLAINS_DB 20.0

/* The verdict on a pair, best first. The first two and the last two are
 * the caller's (it compares bytes and names); sp_diff_signals gives the
 * others. */
typedef enum sp_diff_verdict {
  SP_DIFF_SAME_BYTES,   /* the two files are byte for byte the same */
  SP_DIFF_SAME_SAMPLES, /* every sample equal, the same length */
  SP_DIFF_WITHIN,       /* the residual's peak at or below the threshold */
  SP_DIFF_SHIFTED,      /* b is a moved by lag frames (and scaled by gain_db when not 0) */
  SP_DIFF_RESCALED,     /* b is a scaled by gain_db (inverted when so), at lag 0 */
  SP_DIFF_CHANGED,      /* none of these: the residual is above the threshold */
  SP_DIFF_ONLY_OLD,     /* the print is in the old set only */
  SP_DIFF_ONLY_NEW,     /* ... in the new set only */
} sp_diff_verdict;

/* Its word: "identical", "identical samples", "within threshold",
 * "shifted", "rescaled", "changed", "removed", "added". */
const char *sp_diff_verdict_word(sp_diff_verdict v);
/* Whether the verdict says the print differs (SHIFTED and beyond). */
bool sp_diff_verdict_differs(sp_diff_verdict v);

typedef struct sp_diff_opts {
  double threshold_dbfs; /* the residual peak a span rises above (the caller's default:
                          * sp_diff_threshold_dbfs) */
  double max_lag_s;      /* the alignment's search, ± seconds; 0: 1 s; < 0: none */
  bool third_octave;     /* 31 third-octave bands (20 Hz..20 kHz) instead of 10 octaves */
  int threads;           /* 2 or more: each block's meters on one thread, the residual,
                          * the lag search and the bands on another (the same numbers);
                          * 0 or 1: one */
} sp_diff_opts;

typedef struct sp_diff_span {
  double start_s, end_s;
  double peak_dbfs, rms_dbfs; /* the residual's in the span */
  int loudest_band;           /* the band holding most of the residual there (-1: none) */
  int changed_band; /* the band whose level moved most, of those holding a part of the residual
                     * (within SP_DIFF_BAND_SHARE_DB of the loudest's), if SP_DIFF_BAND_MORE_DB
                     * more than the loudest band; else that one (-1: none) */
  double band_delta_db[SP_DIFF_MAX_BANDS]; /* b against a in the span, per band (NAN: both silent) */
} sp_diff_span;

typedef struct sp_diff_result {
  sp_diff_verdict verdict;
  int channels, sample_rate;
  int64_t frames_a, frames_b;
  double threshold_dbfs;
  double peak_dbfs, rms_dbfs; /* the residual b − a as printed (lag 0); -inf: none */
  sp_loudness a, b;           /* each side's meter */
  double delta_lu;            /* b's integrated loudness − a's (NAN where either is silent) */
  double delta_true_peak_db;
  double delta_range_lu;
  int64_t lag_frames; /* b(t) ≈ gain·a(t − lag): b later by lag frames (< 0: earlier) */
  double gain_db;     /* NAN when a is silent */
  bool inverted;
  double aligned_peak_dbfs, aligned_rms_dbfs; /* b(t) − gain·a(t − lag) */
  sp_diff_span spans[SP_DIFF_MAX_SPANS];      /* the loudest first */
  size_t n_spans;
  size_t spans_found; /* before keeping the loudest SP_DIFF_MAX_SPANS */
  int n_bands;
  const double *band_hz;                   /* [n_bands] nominal centres */
  double band_residual_dbfs[SP_DIFF_MAX_BANDS]; /* the compared residual's level per band */
  double band_delta_db[SP_DIFF_MAX_BANDS];      /* b's level against a's per band */
  int changed_band; /* as a span's, over the whole print (-1: none) */
  /* the short-term loudness (3 s) every 100 ms: end of the window (s),
   * the residual's, a's and b's, LUFS (NAN: silent or past its end; the
   * residual's all NAN when b is a); heap, n_series */
  double *series_t_s, *series_lufs, *series_a_lufs, *series_b_lufs;
  size_t n_series;
} sp_diff_result;

/* One side, read in blocks: read puts frames [t0, t0 + k) of every
 * channel into ch[c][0 .. k) (0 ≤ t0, t0 + k ≤ frames). Reads go forward
 * within a pass; a later pass, or a block read again, starts anywhere. An
 * error: SP_ERR_IO with why. */
typedef struct sp_diff_side {
  void *ctx;
  int64_t frames;
  sp_err (*read)(void *ctx, int64_t t0, float *const *ch, size_t k, char *why, size_t why_size);
  /* the layout its channels are metered in (a file's: sp_meter_layout_of,
   * as `loudness` meters it; the residual's, the new side's); NULL: the
   * one its count is read as (sp_layout_by_count) */
  const sp_layout *layout;
} sp_diff_side;

/* Compare a with b, channels 1 to SP_METER_MAX_CHANNELS at rate Hz. Fills
 * res (free with sp_diff_result_fini); SP_ERR_USAGE for what a meter
 * cannot take, a read's error as it is (why says). */
sp_err sp_diff_sides(const sp_diff_side *a, const sp_diff_side *b, int channels, int rate,
                      const sp_diff_opts *opts, sp_diff_result *res, char *why, size_t why_size);

/* sp_diff_sides on two signals in memory: a[ch][0 .. frames_a) and
 * b[ch][0 .. frames_b). */
sp_err sp_diff_signals(const float *const *a, int64_t frames_a, const float *const *b,
                       int64_t frames_b, int channels, int rate, const sp_diff_opts *opts,
                       sp_diff_result *res, char *why, size_t why_size);
void sp_diff_result_fini(sp_diff_result *res);

/* The default threshold for two files of these bits per sample (0: float
 * or lossy): the null test's for the coarser depth with dither and two
 * files (sp_null_auto_threshold_dbfs), -140 dBFS for float files. */
double sp_diff_threshold_dbfs(int bits_a, bool float_a, int bits_b, bool float_b);

#endif
