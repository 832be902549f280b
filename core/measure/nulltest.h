/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_NULLTEST_H
#define SP_NULLTEST_H

/* The null test: do the stems sum to the mix, and if not, why not?
 *
 * Works on any files (stemprint's or another tool's), streaming: memory
 * does not grow with their length. Files must agree in rate and channel
 * count; a stem shorter or longer than the mix counts as silence past its
 * end and is reported.
 *
 * Always measured, in one pass: the residual r = Σ stems − mix (peak and
 * RMS over all channels), the gain of the stem sum against the mix at lag
 * 0, and the loudest residual spots in time (100 ms-ish windows), each
 * with the octave band it lives in. When the residual is above the
 * threshold, or when asked to diagnose, more passes find the best-fit lag
 * (FFT cross-correlation, ±max_lag_s, run only where the first pass's sums
 * leave a lag other than 0 possible) and gain of the stem sum, the same
 * for each stem against what the mix says it should be (mix − the other
 * stems), the residual's spectrum by octave, and the faults these numbers
 * point to (sp_null_finding: stems offset by N samples, a stem missing
 * (the residual correlates with the mix), a polarity flip, a gain error,
 * dither-level noise only, a stem of another length), as kinds and
 * numbers: io/report/null_words.c says them in words.
 *
 * Clipping comes first. Samples at full scale in an integer file do not
 * add up (the clipped stems' sum is not the clipped mix), so where any
 * file is at full scale the residual is clipping's, whatever it looks
 * like; the first pass counts those samples and measures the residual
 * everywhere else too, and when the test fails with files clipped, the
 * findings lead with the clipping and say whether it is the whole of the
 * failure. The caller may say what the files cannot show (sp_null_known):
 * the name to call each by, and where its samples would have gone. */

#include "core/base/diag.h"
#include "core/media/media.h"
#include "core/recipe/recipe.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SP_NULL_WORST = 5, SP_NULL_BANDS = 10 };

/* Octave band centres, Hz: 31.5, 63, 125, ... 16000. */
extern const double sp_null_band_hz[SP_NULL_BANDS];

typedef struct sp_null_spot {
  double t_s;        /* start of the window, seconds */
  double band_hz;    /* octave band holding most of the residual there */
  double level_dbfs; /* the residual's RMS in that window, all bands */
} sp_null_spot;

typedef struct sp_null_stem {
  int64_t frames;     /* the stem's own length */
  int64_t clipped;    /* its samples at full scale (see sp_null_result.clipped) */
  bool analysed;      /* lag and gain below were measured (none is where a stem is extra
                         signal: what the mix leaves for the others holds it) */
  int64_t lag_frames; /* how late the stem is against what the mix implies (< 0: early) */
  double gain_db;     /* its level against that; -inf when silent */
  bool inverted;      /* polarity flipped against it */
  double fixed_dbfs;  /* residual RMS were this stem's lag, gain and polarity put right */
} sp_null_stem;

/* What the caller knows of a file that its samples cannot show; a render
 * passes its outputs'. */
typedef struct sp_null_known {
  const char *name;             /* what findings call the file; NULL: its path's last part */
  double unquantized_peak_dbfs; /* its samples' peak before quantization, NAN: unknown; above
                                   0 dBFS in an integer file, where clipping cut them from */
} sp_null_known;

/* How far above the rounding's RMS (sp_null_result.rounding_rms_dbfs) a
 * residual within the peak bound may be: 6 dB, twice the RMS, room for
 * rounding errors that follow each other (two stems of one signal). */
#define SP_NULL_QUIET_DB 6.0

typedef struct sp_null_opts {
  double threshold_dbfs; /* largest residual peak that passes; NAN: what the files'
                          * depths allow (1.5 LSB of dither per file; for float
                          * files, float_threshold_dbfs of their levels) */
  bool diagnose;         /* run the lag search and stem analysis even when passing */
  double max_lag_s;      /* lag search range, ± seconds (0: 1 s) */
  int threads;           /* threads reading and measuring the files (0, 1: one; at most 16
                          * are used); the numbers are the same for any count */
  /* [1 + n_stems]: what is known of the mix, then of each stem; NULL: nothing */
  const sp_null_known *known;
  /* when non-NULL and set, the test stops at its next read (SP_ERR_RENDER,
   * why: "interrupted"): a render interrupted during its null test ends
   * promptly */
  const volatile sig_atomic_t *cancel;
} sp_null_opts;

/* What a null test found: a kind and the numbers it is said with
 * (io/report/null_words.c), most telling first. file: 0 for the mix (for
 * a fit: the stems' sum), i for stem i - 1 (names[i]); for CHANNEL the
 * channel; for EXTRA with file > 0, that stem, which the mix leaves
 * nothing for (the other stems sum to the mix without it), gain_db what
 * the mix implies for it against it (-inf: nothing at all). Thresholds and
 * rates are the result's. */
typedef enum sp_null_finding_kind {
  SP_NULL_FOUND_CLIPPING,      /* files at full scale: the result's clipped counts, names, over */
  SP_NULL_FOUND_CLIP_EXACT,    /* away from them, the stems sum to the mix exactly */
  SP_NULL_FOUND_CLIP_WITHIN,   /* away from them, peak_dbfs within the threshold */
  SP_NULL_FOUND_CLIP_ROUNDING, /* away from them, peak_dbfs at most bound_dbfs (quantization) */
  SP_NULL_FOUND_CLIP_MORE,     /* away from them, peak_dbfs above the threshold still */
  SP_NULL_FOUND_LENGTH,        /* stem file: frames longer (< 0: shorter) than the mix */
  SP_NULL_FOUND_EXACT,         /* the stems sum to the mix bit for bit */
  SP_NULL_FOUND_QUANTIZATION,  /* peak_dbfs at most bound_dbfs: quantization and dither only */
  SP_NULL_FOUND_QUIET,         /* as QUANTIZATION, its rms_dbfs past the rounding's */
  SP_NULL_FOUND_WITHIN,        /* peak_dbfs within the threshold */
  SP_NULL_FOUND_ROUNDING,      /* peak_dbfs, rms_dbfs a few times bound_dbfs, not the mix's */
  SP_NULL_FOUND_LAG,           /* file (0: the stems) frames late (< 0: early) against the mix */
  SP_NULL_FOUND_INVERTED,      /* file's polarity flipped against the mix */
  SP_NULL_FOUND_GAIN,          /* file gain_db louder (< 0: quieter) than the mix implies */
  SP_NULL_FOUND_MISSING,       /* rms_dbfs correlates with the mix at correlation (< 0) */
  SP_NULL_FOUND_EXTRA,         /* ... at correlation (> 0): something the mix does not hold */
  SP_NULL_FOUND_UNRELATED,     /* rms_dbfs, unrelated to the mix and to any fit */
  SP_NULL_FOUND_CHANNEL,       /* file: the channel holding the residual's largest peak */
} sp_null_finding_kind;

typedef struct sp_null_finding {
  sp_null_finding_kind kind;
  size_t file;
  int64_t frames;
  double peak_dbfs, rms_dbfs, bound_dbfs, gain_db, correlation;
  bool remains; /* MISSING, EXTRA, UNRELATED: what remains with the fits put right, not the
                   residual itself */
  /* LAG: the fraction of a frame more (-0.5 .. 0.5; 0: on the frame): a
   * file between two frames (a resampler's or a plugin's fractional
   * delay), which no whole-frame shift puts right */
  double fraction;
} sp_null_finding;

/* One channel's share of a null test. */
typedef struct sp_null_channel {
  /* its name in the mix's layout ("Ls"), by its channel mask or count; an
   * ADM track's, its bed channel's or its object's ("lead", "sweep.L"), an
   * object's name cut to 63 bytes with its ".L" or ".R" */
  char name[64];
  double residual_peak_dbfs; /* -inf where it nulls exactly */
  double residual_rms_dbfs;
  double gain_db; /* the stem sum's level against the mix in this channel (NAN: the mix is silent there) */
} sp_null_channel;

typedef struct sp_null_result {
  int64_t frames; /* the longest file's length */
  int channels;
  int sample_rate;
  bool passed; /* residual_peak_dbfs ≤ the threshold (and, with the files' own threshold,
                  residual_rms_dbfs within SP_NULL_QUIET_DB of rounding_rms_dbfs) */
  double threshold_dbfs;
  /* With the threshold the files' depths allow (sp_null_opts NAN) and a
   * file of integers: the RMS their rounding makes, each file's error
   * independent of the others' (its dither's, seeded apart, or its
   * rounding's, of another signal): sqrt(Σ (LSB/2)²), half an LSB being
   * the most a rounding's RMS is and TPDF dither's with it; a residual
   * within the peak bound whose RMS passes this by SP_NULL_QUIET_DB holds
   * more than rounding (a quiet element in no stem). NAN: not judged. */
  double rounding_rms_dbfs;
  double residual_peak_dbfs; /* -inf for a perfect null */
  double residual_rms_dbfs;
  double mix_peak_dbfs;
  double mix_rms_dbfs;
  /* Clipping: samples at full scale in an integer file, the top or the
   * bottom code, as a meter counts them (a float file holds any level and
   * never clips). Where any file is at full scale the residual is the
   * clipping's; residual_unclipped_peak_dbfs is its peak everywhere else
   * (the same as residual_peak_dbfs when nothing clipped). */
  bool clipped;        /* some file holds samples at full scale */
  int64_t mix_clipped; /* the mix's (each stem's: stems[i].clipped) */
  double residual_unclipped_peak_dbfs;
  /* The stem sum against the mix. Without a search, lag 0 and the gain
   * there; with one, the best fit in the range, or none where a stem is
   * extra signal (as no stem's is: sp_null_stem.analysed): lag 0, gain_db
   * and fixed_dbfs NAN. */
  bool searched;
  int64_t lag_frames; /* how late the stem sum is against the mix (< 0: early) */
  double gain_db;     /* level of the stem sum against the mix at that lag */
  bool inverted;
  double fixed_dbfs;      /* residual RMS with that lag, gain and polarity put right */
  double mix_correlation; /* of the residual with the mix, -1 .. 1; NAN if either is silent */
  double band_dbfs[SP_NULL_BANDS]; /* residual RMS per octave band (searched only) */
  sp_null_spot worst[SP_NULL_WORST];
  size_t n_worst;
  sp_null_stem *stems; /* [n_stems] */
  size_t n_stems;
  /* [1 + n_stems]: what findings call each file (the caller's name, else
   * its path's last part), and its peak before quantization (NAN: unknown) */
  char **names;
  double *unquantized_peak_dbfs;
  sp_null_finding *found; /* what the numbers point to, most telling first */
  size_t n_found;
  /* found in words (io/report/null_words.c's sp_null_say, or a cache entry's) */
  char **findings;
  size_t n_findings;
  sp_null_channel *by_channel; /* [channels], however many the files have (heap) */
} sp_null_result;

/* Null-test mix against stems, read through media. On failure why names the file at fault and
 * the problem: SP_ERR_IO for an unreadable file or one whose rate or
 * channel count differs from the mix's; SP_ERR_USAGE for a stem given
 * twice (sp_null_files_distinct). res is valid (and must be
 * finalised) whatever the result. */
sp_err sp_null_files(const sp_media *media, const char *mix, const char *const *stems,
                     size_t n_stems, const sp_null_opts *opts, sp_null_result *res, char *why,
                     size_t why_size);

/* SP_OK when the stems are each one file, else SP_ERR_USAGE with why
 * naming the stem given twice (media->identity: a link, a hard link or
 * another spelling of its path is the same file) and the fix: it would
 * count twice in the sum. sp_null_files asks it first, before it reads
 * anything. (The mix given as a stem too is not refused: a file nulled
 * against itself, as a check of a reader, passes.) */
sp_err sp_null_files_distinct(const sp_media *media, const char *const *stems, size_t n_stems,
                              char *why, size_t why_size);

/* Says a result's findings in words (res->findings); a render calls it
 * after each null test (sp_render_opts.say_null). */
typedef void (*sp_null_say_fn)(sp_null_result *res);

/* Free what sp_null_files put into res; accepts a zeroed result. */
void sp_null_result_fini(sp_null_result *res);

/* max_residual: auto — the largest residual peak that output quantization
 * alone can produce: each of the n_stems + 1 files may be off by the
 * quantizer's largest error (dither included). For 32-bit float it depends
 * on the levels, so it is NAN here: sp_null_files measures it (see
 * float_threshold_dbfs in nulltest.c). */
double sp_null_auto_threshold_dbfs(sp_depth depth, bool dither, size_t n_stems);

#endif
