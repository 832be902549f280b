/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test over files.
 *
 *   pass 1 (always)     mix, stems ─► r = Σ stems − mix (double) ─► peak, Σr², Σmix²
 *                                   ─► mono sums m = Σc mix, s = Σc Σ stems: Σm², Σs², Σm·s
 *                                   ─► RMS of r per window ─► the loudest windows
 *                                   ─► samples at full scale per integer file; the peak
 *                                      of r where no file is at full scale
 *                       with the diagnosis asked for, the same pass also takes:
 *                       ─► FFT of r per window ─► residual level per octave band
 *                       ─► each fit's sums (Σa², Σb², R(0)): the stem sum (a = m,
 *                          b = s) and each stem (a = e_i = stem_i − r, what the mix
 *                          says stem i should be; b = stem_i); a fit they settle
 *                          (sp_xcorr_zero_is_best: lag 0, nothing can beat it) is done
 *   spots (cheap)       seek to each loudest window ─► FFT of r ─► its octave band
 *   search passes       (when failing, or asked) for the fits not settled:
 *                       xcorr over ±L ─► lag, gain, polarity of the stem sum, of each
 *                         stem (SP_NULL_GROUP stems a pass, to bound memory); the
 *                         bands too when the first pass did not take them
 *   refit passes        several stems off at once: each put right, searched again
 *   findings            what the numbers above point to, as kinds and numbers
 *                       (sp_null_finding; io/report/null_words.c says them);
 *                       clipping first
 *
 * A pass reads the files side by side on the threads asked for; every
 * number is the same whatever their count (null_pass_run). Energies
 * for the fits are taken on the channel sums (mono): a fault that moves one
 * channel only is still seen in the residual, not named.
 *
 * This file runs the test and finds what its numbers point to; the files
 * are read side by side by nulltest_files.c, the first pass's sums taken
 * by nulltest_sums.c, the passes run by nulltest_passes.c (what they
 * share: nulltest_pass.h). */

#include "core/measure/nulltest.h"
#include "core/measure/nulltest_pass.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/strmap.h"
#include "core/dsp/quantize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double sp_null_band_hz[SP_NULL_BANDS] = {31.5, 63,   125,  250,  500,
                                               1000, 2000, 4000, 8000, 16000};

/* A fit explains the residual when it leaves at most this share of its
 * energy (20 dB less). */
static const double EXPLAINED = 0.01;

/* The auto threshold for float files: each file was rounded to float once,
 * off by at most half an ulp, 2^-24 of its value; so the residual is at
 * most 2^-24 · (|mix| + Σ |stem|), abs_peak being that sum's largest value
 * over the programme. Never below -140 dBFS. */
static double float_threshold_dbfs(double abs_peak)
{
  return fmax(-140.0, sp_lin_to_db(0x1p-24 * abs_peak));
}

double sp_null_auto_threshold_dbfs(sp_depth depth, bool dither, size_t n_stems)
{
  if (depth == SP_DEPTH_32F)
    return NAN;
  double err = sp_quantizer_max_error(depth, dither) * (double)(n_stems + 1);
  return sp_lin_to_db(err);
}

/* ---- findings ------------------------------------------------------------ */

/* Add a finding to res. */
static void note(sp_null_result *res, sp_null_finding f)
{
  res->found = sp_xreallocarray(res->found, res->n_found + 1, sizeof *res->found);
  res->found[res->n_found++] = f;
}

/* A fit of b ≈ g·a(t − lag): its gain, and the energy it leaves. */
typedef struct fit {
  int64_t lag;
  double gain;  /* signed */
  double left;  /* energy of b − g·a(t − lag), ≥ 0 */
  double total; /* energy of b − a at lag 0 (the residual as printed) */
} fit;

static fit fit_of(const sp_xcorr_result *x)
{
  fit f = {x->lag, 0, 0, 0};
  f.gain = x->energy_a > 0 ? x->r_best / x->energy_a : 0;
  f.left = x->energy_a > 0 ? x->energy_b - x->r_best * x->r_best / x->energy_a : x->energy_b;
  if (f.left < 0)
    f.left = 0;
  f.total = x->energy_a + x->energy_b - 2 * x->r_zero;
  if (f.total < 0)
    f.total = 0;
  return f;
}

/* Whether a stem's fit (a = what the mix implies for it: the mix minus the
 * other stems; b = the stem) has no target: what the mix leaves for the
 * stem holds at most EXPLAINED of the stem's energy and does not follow it
 * (the best lag's correlation explains less than half the stem). The
 * other stems then sum to the mix without it: it is all extra (a source in
 * two stems, a copy given beside its original), and its lag and gain,
 * fitted to next to nothing, mean nothing. A stem 20 dB or more louder
 * than the mix implies still follows its target: a gain, not this. */
static bool no_target(const sp_xcorr_result *x)
{
  if (!(x->energy_b > 0) || x->energy_a > EXPLAINED * x->energy_b)
    return false;
  return !(x->energy_a > 0) || x->r_best * x->r_best < 0.5 * x->energy_a * x->energy_b;
}

/* The fit of x with its peak between two lags (a fraction of a frame
 * more, *frac, from the parabola through R at lag − 1, lag and lag + 1);
 * *frac 0 and the whole lag's fit where none is known. A file between two
 * frames (review 28 F1, F2: half a sample late was said "unrelated to any
 * stem's timing", 10.5 samples "10 samples late" and nothing of the
 * rest). */
static fit fit_between(const sp_xcorr_result *x, double *frac)
{
  fit f = fit_of(x);
  *frac = 0;
  const double s = x->r_best < 0 ? -1 : 1, y0 = s * x->r_before, y1 = s * x->r_best,
               y2 = s * x->r_after, den = y0 - 2 * y1 + y2;
  if (!(den < 0) || !isfinite(den) || !(x->energy_a > 0))
    return f;
  const double d = 0.5 * (y0 - y2) / den;
  if (!(fabs(d) < 0.5))
    return f;
  const double peak = s * (y1 - 0.25 * (y0 - y2) * d);
  f.gain = peak / x->energy_a;
  f.left = x->energy_b - peak * peak / x->energy_a;
  f.left = f.left > 0 ? f.left : 0;
  *frac = d;
  return f;
}

/* What a fit that explains the residual shows about file (0: the stems),
 * frac: a fraction of a frame more. */
static void note_fit_between(sp_null_result *res, size_t file, const fit *f, double frac)
{
  if (f->lag != 0 || frac != 0)
    note(res, (sp_null_finding){
                  .kind = SP_NULL_FOUND_LAG, .file = file, .frames = f->lag, .fraction = frac});
  if (f->gain < 0)
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_INVERTED, .file = file});
  double db = sp_lin_to_db(fabs(f->gain));
  if (fabs(db) >= 0.005)
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_GAIN, .file = file, .gain_db = db});
}

static void note_fit(sp_null_result *res, size_t file, const fit *f)
{
  note_fit_between(res, file, f, 0);
}

/* x's fit on its lag, or between it and the next where that leaves less
 * than half of what the lag's leaves (*frac: the fraction; 0: on it). */
static fit best_fit(const sp_xcorr_result *x, double *frac)
{
  const fit on = fit_of(x);
  fit between = fit_between(x, frac);
  between.total = on.total;
  if (*frac != 0 && between.left < 0.5 * on.left)
    return between;
  *frac = 0;
  return on;
}

/* Whether fit f (of file's own residual, per: a stem's, its gain to take
 * out) explains it: leaves at most EXPLAINED of it. */
static bool explains(const fit *f, bool per)
{
  const double g2 = per ? f->gain * f->gain : 1;
  return f->total > 0 && (!per || f->gain != 0) && f->left / g2 <= EXPLAINED * f->total;
}

/* A file's step, its least significant bit (full scale 1; its depth's,
 * 16 where it says none); 0 for a float file (exact). */
static double lsb(const sp_audio_info *a)
{
  return a->is_float ? 0 : ldexp(1.0, -((a->bits ? a->bits : 16) - 1));
}

/* The coarsest quantization among the files, as a residual bound: every
 * file off by its largest error (TPDF dither assumed). 0 when all are
 * float (exact). */
static double quantization_bound(const files *f)
{
  double err = 0;
  for (size_t i = 0; i < f->n; i++)
    err += 1.5 * lsb(&f->info[i]);
  return err;
}

/* The RMS the files' rounding makes, each file's independent of the
 * others' (sp_null_result.rounding_rms_dbfs): 0 when all are float. */
static double rounding_rms(const files *f)
{
  double var = 0;
  for (size_t i = 0; i < f->n; i++)
    var += 0.25 * lsb(&f->info[i]) * lsb(&f->info[i]);
  return sqrt(var);
}

/* Whether res's residual, within the peak bound, is louder than rounding
 * (rounding_rms_dbfs judged). */
static bool quiet_left(const sp_null_result *res)
{
  return !isnan(res->rounding_rms_dbfs) &&
         res->residual_rms_dbfs > res->rounding_rms_dbfs + SP_NULL_QUIET_DB;
}

/* The null test failed with files clipped: that first (which files, how
 * many samples, where they would have gone: the result's), then what the
 * residual is away from the clipped samples. Returns whether the clipping
 * accounts for the failure (nothing else to look for). */
static bool note_clipping(const files *f, sp_null_result *res)
{
  note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIPPING});
  const double rest = res->residual_unclipped_peak_dbfs, bound = quantization_bound(f);
  if (isinf(rest)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_EXACT});
    return true;
  }
  if (rest <= res->threshold_dbfs) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_WITHIN, .peak_dbfs = rest});
    return true;
  }
  if (bound > 0 && rest <= sp_lin_to_db(bound)) {
    note(res, (sp_null_finding){
                  .kind = SP_NULL_FOUND_CLIP_ROUNDING, .peak_dbfs = rest, .bound_dbfs = sp_lin_to_db(bound)});
    return true;
  }
  note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_MORE, .peak_dbfs = rest});
  return false;
}

/* The residual RMS scaled by the share of its (mono) energy that remains. */
static double relative_rms(const sp_null_result *res, double left, double total)
{
  if (total <= 0)
    return res->residual_rms_dbfs;
  return left <= 0 ? -INFINITY : res->residual_rms_dbfs + 10.0 * log10(left / total);
}

/* Whether one fit alone explains the residual: the stems' sum's, or one
 * stem's (the others taken as right). */
static bool one_explains(const sp_xcorr_result *sum, const sp_xcorr_result *per, size_t n)
{
  /* a stem the mix leaves nothing for is the finding (find_faults): the
   * fits of the others would be refitted around it in vain */
  for (size_t i = 0; i < n; i++)
    if (no_target(&per[i]))
      return true;
  const fit s = fit_of(sum);
  if (s.total > 0 && s.left <= EXPLAINED * s.total)
    return true;
  for (size_t i = 0; i < n; i++) {
    const fit p = fit_of(&per[i]);
    if (p.total > 0 && p.gain != 0 && p.left / (p.gain * p.gain) <= EXPLAINED * p.total)
      return true;
  }
  return false;
}

static void note_left(sp_null_result *res, double rms_dbfs, double correlation, bool remains);

/* What the passes measured that the findings read beside res. */
typedef struct evidence {
  const sp_xcorr_result *sum; /* the stem sum's fit against the mix */
  const sp_xcorr_result *per; /* [n stems]: each stem's against what the mix implies */
  /* several stems off at once, res->stems refitted (refit); left,
   * left_corr: the energy the refit left and its correlation with the mix */
  bool refitted;
  double left, left_corr;
  double e_m, e_s, r0; /* the first pass's energies: mix, stem sum, their product at lag 0 */
} evidence;

static void find_faults(const files *f, sp_null_result *res, const evidence *ev)
{
  const sp_xcorr_result *sum = ev->sum, *per = ev->per;
  const bool refitted = ev->refitted;
  const double left = ev->left, left_corr = ev->left_corr, e_m = ev->e_m, e_s = ev->e_s,
               r0 = ev->r0;
  /* Clipping first: it makes any residual, which then looks like other
   * faults (a stem with extra signal, a gain error). */
  const bool explained = res->clipped && !res->passed && note_clipping(f, res);
  for (size_t i = 1; i < f->n; i++) {
    int64_t d = f->info[i].frames - f->info[0].frames;
    if (d != 0)
      note(res, (sp_null_finding){.kind = SP_NULL_FOUND_LENGTH, .file = i, .frames = d});
  }
  if (explained)
    return;
  if (isinf(res->residual_peak_dbfs)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_EXACT});
    return;
  }
  double bound = quantization_bound(f);
  if (bound > 0 && res->residual_peak_dbfs <= sp_lin_to_db(bound) && quiet_left(res)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_QUIET,
                                .peak_dbfs = res->residual_peak_dbfs,
                                .rms_dbfs = res->residual_rms_dbfs,
                                .bound_dbfs = sp_lin_to_db(bound)});
    return;
  }
  if (bound > 0 && res->residual_peak_dbfs <= sp_lin_to_db(bound)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_QUANTIZATION,
                                .peak_dbfs = res->residual_peak_dbfs,
                                .bound_dbfs = sp_lin_to_db(bound)});
    return;
  }
  if (res->passed) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_WITHIN, .peak_dbfs = res->residual_peak_dbfs});
    return;
  }
  /* A few times the rounding of these depths and nothing of the mix in
   * it: rounding added after the mix, not a fault of the render. */
  if (bound > 0 && res->residual_peak_dbfs <= sp_lin_to_db(bound) + 24.0 &&
      !(fabs(res->mix_correlation) > 0.1)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_ROUNDING,
                                .peak_dbfs = res->residual_peak_dbfs,
                                .rms_dbfs = res->residual_rms_dbfs,
                                .bound_dbfs = sp_lin_to_db(bound)});
    return;
  }
  if (!res->searched)
    return;
  /* A stem the mix leaves nothing for: extra signal, said of the stem
   * (before any fit: the stems' sum then fits the mix at a gain, a copy's
   * lag and gain are fitted to nothing) */
  bool extra = false;
  for (size_t i = 0; !refitted && i < res->n_stems; i++)
    if (no_target(&per[i])) {
      const double ratio = per[i].energy_a / per[i].energy_b;
      note(res, (sp_null_finding){.kind = SP_NULL_FOUND_EXTRA,
                                  .file = i + 1,
                                  .gain_db = ratio > 0 ? 10.0 * log10(ratio) : -INFINITY,
                                  .rms_dbfs = res->residual_rms_dbfs,
                                  .correlation = res->mix_correlation});
      extra = true;
    }
  if (extra)
    return;
  if (refitted) {
    /* several stems off at once: what each one's fit shows, the others
     * put right (res->stems, refitted) */
    for (size_t i = 0; i < res->n_stems; i++) {
      const sp_null_stem *st = &res->stems[i];
      /* a gain off by less than 0.05 dB is the other stems' rounding
       * here, not a fault */
      if (st->lag_frames == 0 && !st->inverted && fabs(st->gain_db) < 0.05)
        continue;
      const double db = fabs(st->gain_db) < 0.05 ? 0.0 : st->gain_db;
      const fit p = {st->lag_frames, sp_db_to_lin(db) * (st->inverted ? -1 : 1), 0, 0};
      note_fit(res, i + 1, &p);
    }
    const fit s = fit_of(sum);
    if (left > EXPLAINED * s.total)
      note_left(res, relative_rms(res, left, s.total), left_corr, true);
    return;
  }
  double d;
  fit s = best_fit(sum, &d);
  if (explains(&s, false)) {
    note_fit_between(res, 0, &s, d);
    return;
  }
  bool any = false;
  for (size_t i = 0; i < res->n_stems; i++) {
    fit p = best_fit(&per[i], &d);
    if (explains(&p, true)) {
      note_fit_between(res, i + 1, &p, d);
      any = true;
    }
  }
  if (any)
    return;
  const double e_r = e_s + e_m - 2 * r0;
  note_left(res, res->residual_rms_dbfs, e_r > 0 && e_m > 0 ? res->mix_correlation : 0, false);
}

/* What a residual (rms_dbfs; remains: what the fits leave, else the
 * residual itself) is, by its correlation with the mix: something the
 * stems lack, something they add, or neither. */
static void note_left(sp_null_result *res, double rms_dbfs, double correlation, bool remains)
{
  const sp_null_finding_kind k = correlation < -0.05  ? SP_NULL_FOUND_MISSING
                                 : correlation > 0.05 ? SP_NULL_FOUND_EXTRA
                                                      : SP_NULL_FOUND_UNRELATED;
  note(res, (sp_null_finding){
                .kind = k, .rms_dbfs = rms_dbfs, .correlation = correlation, .remains = remains});
}

/* The stems' Gram matrix and their products with the mix, on the mono
 * sums, each stem as f reads it (put right: its shift and scale): G[i·n +
 * j] = Σ sᵢ·sⱼ (j ≤ i), bv[i] = Σ sᵢ·m, *mm = Σ m². */
static sp_err pass_gram(files *f, size_t n, double *G, double *bv, double *mm, char *why,
                        size_t why_size)
{
  const size_t C = (size_t)f->channels, B = null_fit_frames(f->frames, BLOCK);
  block b = {sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B, sizeof(float)),
             sp_xcalloc(B, sizeof(float)),
             sp_xcalloc(n, sizeof(float *)),
             NULL,
             NULL,
             NULL};
  for (size_t i = 0; i < n; i++)
    b.stem[i] = sp_xcalloc(B, sizeof(float));
  sp_err err = null_files_rewind(f, 0, why, why_size);
  for (int64_t at = 0; at < f->frames && err == SP_OK; at += BLOCK) {
    const size_t k = f->frames - at < BLOCK ? (size_t)(f->frames - at) : BLOCK;
    if ((err = null_read_block(f, &b, at, k, why, why_size)) != SP_OK)
      break;
    for (size_t t = 0; t < k; t++) {
      const double m = b.m[t];
      *mm += m * m;
      for (size_t i = 0; i < n; i++) {
        const double si = b.stem[i][t];
        bv[i] += si * m;
        for (size_t j = 0; j <= i; j++)
          G[i * n + j] += si * b.stem[j][t];
      }
    }
  }
  for (size_t i = 0; i < n; i++)
    free(b.stem[i]);
  free(b.stem);
  free(b.r);
  free(b.mix);
  free(b.m);
  free(b.s);
  return err;
}

/* The gains g that fit Σ gᵢ·sᵢ to the mix best (least squares: G·g = bv,
 * G from pass_gram, its lower half), by elimination with partial
 * pivoting; a stem with no energy of its own keeps 1. Returns the energy
 * the fit leaves. */
static double solve_gains(size_t n, const double *G, const double *bv, double mm, double *g)
{
  double *a = sp_xcalloc(n * (n + 1), sizeof *a);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < n; j++)
      a[i * (n + 1) + j] = j <= i ? G[i * n + j] : G[j * n + i];
    a[i * (n + 1) + n] = bv[i];
  }
  bool *free_var = sp_xcalloc(n ? n : 1, sizeof *free_var);
  for (size_t c = 0; c < n; c++) {
    size_t best = c;
    for (size_t r = c + 1; r < n; r++)
      if (fabs(a[r * (n + 1) + c]) > fabs(a[best * (n + 1) + c]))
        best = r;
    const double scale = G[c * n + c] > 0 ? G[c * n + c] : 1;
    if (fabs(a[best * (n + 1) + c]) <= 1e-12 * scale) {
      free_var[c] = true;
      continue;
    }
    for (size_t j = 0; j <= n; j++) {
      const double t = a[c * (n + 1) + j];
      a[c * (n + 1) + j] = a[best * (n + 1) + j];
      a[best * (n + 1) + j] = t;
    }
    for (size_t r = 0; r < n; r++) {
      if (r == c)
        continue;
      const double k = a[r * (n + 1) + c] / a[c * (n + 1) + c];
      for (size_t j = c; j <= n; j++)
        a[r * (n + 1) + j] -= k * a[c * (n + 1) + j];
    }
  }
  for (size_t i = 0; i < n; i++)
    g[i] = free_var[i] ? 1.0 : a[i * (n + 1) + n] / a[i * (n + 1) + i];
  /* E = Σm² − 2·g·bv + gᵀ·G·g */
  double e = mm;
  for (size_t i = 0; i < n; i++) {
    e -= 2 * g[i] * bv[i];
    for (size_t j = 0; j < n; j++)
      e += g[i] * g[j] * (j <= i ? G[i * n + j] : G[j * n + i]);
  }
  free(free_var);
  free(a);
  return e > 0 ? e : 0;
}

/* Several stems off at once (drums inverted and vocals 10 ms late): each
 * stem's fit takes the others as right, so the others' faults bend it, and
 * no one fit explains the residual. So the stems are put right by what
 * their fits show (each read its lag later, its polarity turned) and
 * fitted again, each against the others put right, up to REFITS rounds
 * until no lag or polarity moves; then every stem's gain is fitted at once
 * (least squares). The stems' lags, polarities and gains become
 * res->stems' when that leaves at most half the residual's energy: *left
 * is what remains (≤ EXPLAINED of it: all is explained) and *left_corr its
 * correlation with the mix. Up to REFIT_STEMS stems. */
enum { REFITS = 4, REFIT_STEMS = 32 };

/* The lags searched, ± frames: opts' range at the files' rate, but no
 * further than the files are long (beyond that nothing overlaps, R is 0),
 * so a file of a few frames does not pay for a search of a second's FFTs
 * (the correlator's blocks are 4 × the range). At least 1. */
static size_t search_frames(const sp_null_opts *opts, const sp_null_result *res)
{
  const double lag_s = opts->max_lag_s > 0 ? opts->max_lag_s : 1.0;
  size_t L = (size_t)llround(lag_s * res->sample_rate);
  if (res->frames > 1 && L > (size_t)res->frames - 1)
    L = (size_t)res->frames - 1;
  return L < 1 ? 1 : L;
}

/* Several stems off at once: fit each again with the others put right,
 * then their gains together; into ev (refitted, left, left_corr) and
 * res->stems when that leaves at most half the residual's energy. */
static sp_err refit(files *f, sp_null_result *res, const sp_null_opts *opts, evidence *ev,
                    char *why, size_t why_size)
{
  const sp_xcorr_result *sum = ev->sum;
  double *left = &ev->left, *left_corr = &ev->left_corr;
  const size_t n = res->n_stems;
  size_t off = 0;
  for (size_t i = 0; i < n; i++)
    off += res->stems[i].lag_frames != 0 || res->stems[i].inverted;
  if (off == 0 || n > REFIT_STEMS)
    return SP_OK;
  f->shift = sp_xcalloc(f->n, sizeof *f->shift);
  f->scale = sp_xcalloc(f->n, sizeof *f->scale);
  f->scale[0] = 1;
  for (size_t i = 0; i < n; i++) {
    f->shift[i + 1] = res->stems[i].lag_frames;
    f->scale[i + 1] = res->stems[i].inverted ? -1 : 1;
  }
  sp_xcorr_result *per2 = sp_xcalloc(n, sizeof *per2);
  bool *all = sp_xcalloc(n, sizeof *all);
  for (size_t i = 0; i < n; i++)
    all[i] = true;
  const size_t L = search_frames(opts, res);
  sp_err err = SP_OK;
  bool moved = true;
  for (int round = 0; round < REFITS && moved && err == SP_OK; round++) {
    memset(per2, 0, n * sizeof *per2);
    const search sr = {.L = L, .want = all, .per = per2, .threads = opts->threads};
    err = null_pass_search(f, &sr, why, why_size);
    moved = false;
    for (size_t i = 0; err == SP_OK && i < n; i++) {
      const fit p = fit_of(&per2[i]);
      if (p.gain == 0)
        continue;
      moved |= p.lag != 0 || p.gain < 0;
      f->shift[i + 1] += p.lag;
      f->scale[i + 1] *= p.gain < 0 ? -1 : 1;
    }
  }
  double *G = sp_xcalloc(n * n, sizeof *G), *bv = sp_xcalloc(n, sizeof *bv);
  double *g = sp_xcalloc(n, sizeof *g), mm = 0;
  if (err == SP_OK)
    err = pass_gram(f, n, G, bv, &mm, why, why_size);
  const double before = fit_of(sum).total;
  if (err == SP_OK && before > 0) {
    *left = solve_gains(n, G, bv, mm, g);
    double gb = 0;
    for (size_t i = 0; i < n; i++)
      gb += g[i] * bv[i];
    /* the remainder r = Σ gᵢsᵢ − m against the mix: ⟨r, m⟩ = g·bv − Σm² */
    *left_corr = *left > 0 && mm > 0 ? (gb - mm) / sqrt(*left * mm) : 0;
    if (*left <= 0.5 * before) {
      ev->refitted = true;
      for (size_t i = 0; i < n; i++) {
        sp_null_stem *st = &res->stems[i];
        st->lag_frames = f->shift[i + 1];
        st->inverted = (f->scale[i + 1] < 0) != (g[i] < 0);
        /* the stem's level against what the mix implies: 1/g */
        st->gain_db = g[i] != 0 ? -sp_lin_to_db(fabs(g[i])) : INFINITY;
      }
    }
  }
  free(G);
  free(bv);
  free(g);
  free(per2);
  free(all);
  free(f->shift);
  free(f->scale);
  f->shift = NULL;
  f->scale = NULL;
  return err;
}

/* Every file holds audio (one with none nulls against anything: an
 * error, not a pass), and none is lossy when the threshold follows from
 * the depths (a lossy file's residual is its codec's, not a fault). */
static sp_err files_check(const files *f, const sp_null_opts *opts, char *why, size_t why_size)
{
  for (size_t i = 0; i < f->n; i++)
    if (f->info[i].frames == 0) {
      snprintf(why, why_size, "%s holds no audio (0 frames)", f->path[i]);
      return SP_ERR_IO;
    }
  for (size_t i = 0; isnan(opts->threshold_dbfs) && i < f->n; i++)
    if (!f->info[i].is_float && f->info[i].bits == 0) {
      snprintf(why, why_size,
               "%s is lossy (%s): what its codec changed does not null, and no automatic "
               "threshold follows from it; null-test the lossless prints, or give the residual "
               "you accept (--max-residual)",
               f->path[i], f->info[i].format);
      return SP_ERR_USAGE;
    }
  return SP_OK;
}

/* res's shape for the files f opened: its channels named by the mix's
 * layout (its mask's, else its count's), the files' names, each stem's
 * numbers not yet measured. */
static void result_init(sp_null_result *res, const files *f, const sp_null_opts *opts,
                        size_t n_stems)
{
  res->frames = f->frames;
  res->channels = f->channels;
  const sp_layout *lay = sp_layout_by_mask(f->info[0].mask, f->channels);
  lay = lay ? lay : sp_layout_by_count(f->channels);
  res->by_channel = sp_xcalloc(f->channels > 0 ? (size_t)f->channels : 1, sizeof *res->by_channel);
  for (int c = 0; c < f->channels; c++) {
    if (lay)
      snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%s", lay->ch[c].name);
    else
      snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%d", c + 1);
  }
  res->sample_rate = f->info[0].sample_rate;
  res->n_stems = n_stems;
  res->stems = sp_xcalloc(n_stems ? n_stems : 1, sizeof *res->stems);
  res->names = sp_xcalloc(n_stems + 1, sizeof *res->names);
  res->unquantized_peak_dbfs = sp_xcalloc(n_stems + 1, sizeof *res->unquantized_peak_dbfs);
  for (size_t i = 0; i <= n_stems; i++) {
    const sp_null_known *k = opts->known ? &opts->known[i] : NULL;
    res->names[i] = sp_xstrdup(k && k->name ? k->name : sp_base_name(f->path[i]));
    res->unquantized_peak_dbfs[i] = k ? k->unquantized_peak_dbfs : NAN;
  }
  for (size_t i = 0; i < n_stems; i++) {
    res->stems[i].frames = f->info[i + 1].frames;
    res->stems[i].gain_db = NAN;
    res->stems[i].fixed_dbfs = NAN;
  }
}

/* The searches' fits into res: the stem sum's (sum) and each stem's. */
static void searched(sp_null_result *res, const sp_xcorr_result *sum, const sp_xcorr_result *per)
{
  res->searched = true;
  /* a stem the mix leaves nothing for (extra signal) has nothing to fit
   * it to; what the mix leaves for every other stem holds that stem too,
   * and the stems' sum holds it beside the mix, where no lag or gain
   * nulls it: so no lag and gain is measured, the sum's nor any stem's */
  bool extra = false;
  for (size_t i = 0; i < res->n_stems; i++)
    extra = extra || no_target(&per[i]);
  fit s = fit_of(sum);
  res->lag_frames = extra ? 0 : s.lag;
  res->gain_db = extra ? NAN : sp_lin_to_db(fabs(s.gain));
  res->inverted = !extra && s.gain < 0;
  res->fixed_dbfs = extra ? NAN : relative_rms(res, s.left, s.total);
  for (size_t i = 0; i < res->n_stems && !extra; i++) {
    fit p = fit_of(&per[i]);
    sp_null_stem *st = &res->stems[i];
    st->analysed = true;
    st->lag_frames = p.lag;
    st->gain_db = sp_lin_to_db(fabs(p.gain));
    st->inverted = p.gain < 0;
    st->fixed_dbfs = p.gain != 0 ? relative_rms(res, p.left / (p.gain * p.gain), p.total) : NAN;
  }
}

sp_err sp_null_files_distinct(const sp_media *media, const char *const *stems, size_t n_stems,
                              char *why, size_t why_size)
{
  sp_strmap ids = {0};
  sp_err err = SP_OK;
  for (size_t i = 0; i < n_stems && err == SP_OK; i++) {
    char *id = media->identity(media, stems[i]);
    const size_t first = sp_strmap_put(&ids, id, i);
    free(id);
    if (first == i)
      continue;
    if (strcmp(stems[first], stems[i]) == 0)
      snprintf(why, why_size,
               "'%s' is given twice, as stem %zu and as stem %zu: it would count twice in the "
               "sum of the stems; give each stem once",
               stems[i], first + 1, i + 1);
    else
      snprintf(why, why_size,
               "'%s' and '%s' are one file (a link, or another spelling of its path), given as "
               "stem %zu and as stem %zu: it would count twice in the sum of the stems; give "
               "each stem once",
               stems[first], stems[i], first + 1, i + 1);
    err = SP_ERR_USAGE;
  }
  sp_strmap_fini(&ids);
  return err;
}

sp_err sp_null_files(const sp_media *media, const char *mix, const char *const *stems,
                     size_t n_stems, const sp_null_opts *opts, sp_null_result *res, char *why,
                     size_t why_size)
{
  memset(res, 0, sizeof *res);
  if (sp_null_files_distinct(media, stems, n_stems, why, why_size) != SP_OK)
    return SP_ERR_USAGE;
  res->gain_db = 0;
  res->mix_correlation = NAN;
  res->fixed_dbfs = NAN;
  for (int j = 0; j < SP_NULL_BANDS; j++)
    res->band_dbfs[j] = NAN;
  res->threshold_dbfs = opts->threshold_dbfs;
  res->rounding_rms_dbfs = NAN;
  files f;
  memset(&f, 0, sizeof f);
  sp_err err = null_files_open(&f, media, mix, stems, n_stems, why, why_size);
  if (err == SP_OK)
    err = files_check(&f, opts, why, why_size);
  if (err != SP_OK) {
    null_files_close(&f);
    return err;
  }
  f.cancel = opts->cancel;
  result_init(res, &f, opts, n_stems);
  bands bd;
  null_bands_init(&bd, res->sample_rate);
  const int threads = opts->threads > 1 ? opts->threads : 1;
  /* The first pass: the statistics and, when asked to diagnose, the bands
   * and every correlator's sums, which settle the searches they can. */
  stats first_st;
  null_stats_init(&first_st, &f, bd.W, res);
  double power[SP_NULL_BANDS] = {0};
  size_t windows = 0;
  sp_xcorr **sums = sp_xcalloc(n_stems ? n_stems : 1, sizeof *sums);
  sp_xcorr *sum_sums = NULL;
  if (opts->diagnose) {
    sum_sums = sp_xcorr_new(0, 0);
    for (size_t i = 0; i < n_stems; i++)
      sums[i] = sp_xcorr_new(0, 0);
  }
  const measures first = {.st = &first_st,
                          .bd = opts->diagnose ? &bd : NULL,
                          .power = power,
                          .windows = &windows,
                          .sum = sum_sums,
                          .stem = opts->diagnose ? sums : NULL};
  err = null_pass_run(&f, &first, threads, why, why_size);
  double e_m = 0, e_s = 0, r0 = 0, abs_peak = 0;
  if (err == SP_OK) {
    null_stats_result(&first_st, &f, res);
    e_m = first_st.all.e_m, e_s = first_st.all.e_s, r0 = first_st.all.r0;
    abs_peak = first_st.abs_peak;
  }
  null_stats_fini(&first_st);
  if (err == SP_OK) {
    if (isnan(res->threshold_dbfs)) {
      double bound = quantization_bound(&f);
      res->threshold_dbfs =
          bound > 0 ? sp_lin_to_db(bound) : float_threshold_dbfs(abs_peak);
      if (bound > 0)
        res->rounding_rms_dbfs = sp_lin_to_db(rounding_rms(&f));
    }
    res->passed = res->residual_peak_dbfs <= res->threshold_dbfs && !quiet_left(res);
    res->gain_db = e_m > 0 ? sp_lin_to_db(fabs(r0 / e_m)) : -INFINITY;
    res->inverted = r0 < 0;
    double e_r = e_s + e_m - 2 * r0;
    if (e_r > 0 && e_m > 0)
      res->mix_correlation = (r0 - e_m) / sqrt(e_r * e_m);
    if (res->n_worst > 0)
      err = null_pass_spots(&f, &bd, res, why, why_size);
  }
  sp_xcorr_result sum;
  memset(&sum, 0, sizeof sum);
  sp_xcorr_result *per = sp_xcalloc(n_stems ? n_stems : 1, sizeof *per);
  if (err == SP_OK && (opts->diagnose || !res->passed) && f.frames > 0) {
    const size_t L = search_frames(opts, res);
    /* A search the sums settle (lag 0, sp_xcorr_zero_is_best) is not run:
     * the stems of a print that nulls cost no FFT at all. */
    bool search_sum = true, *want = sp_xcalloc(n_stems ? n_stems : 1, sizeof *want);
    for (size_t i = 0; i < n_stems; i++)
      want[i] = true;
    if (sum_sums) {
      sp_xcorr_finish(sum_sums);
      sp_xcorr_result_get(sum_sums, &sum);
      search_sum = !sp_xcorr_zero_is_best(&sum);
      for (size_t i = 0; i < n_stems; i++) {
        sp_xcorr_finish(sums[i]);
        sp_xcorr_result_get(sums[i], &per[i]);
        want[i] = !sp_xcorr_zero_is_best(&per[i]);
      }
    }
    const search sr = {.L = L,
                       .sum = search_sum ? &sum : NULL,
                       .want = want,
                       .per = per,
                       .bd = opts->diagnose ? NULL : &bd,
                       .power = power,
                       .windows = &windows,
                       .threads = threads};
    err = null_pass_search(&f, &sr, why, why_size);
    free(want);
    for (int j = 0; err == SP_OK && j < SP_NULL_BANDS; j++)
      res->band_dbfs[j] = windows ? sp_lin_to_db(sqrt(power[j] / (double)windows)) : -INFINITY;
    if (err == SP_OK)
      searched(res, &sum, per);
  }
  evidence ev = {.sum = &sum, .per = per, .e_m = e_m, .e_s = e_s, .r0 = r0};
  if (err == SP_OK && res->searched && !res->passed && !one_explains(&sum, per, n_stems))
    err = refit(&f, res, opts, &ev, why, why_size);
  if (err == SP_OK)
    find_faults(&f, res, &ev);
  if (err == SP_OK && !res->passed && res->channels > 2) {
    /* which channel holds the most of it */
    int worst = 0;
    for (int c = 1; c < res->channels; c++)
      if (res->by_channel[c].residual_peak_dbfs > res->by_channel[worst].residual_peak_dbfs)
        worst = c;
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CHANNEL, .file = (size_t)worst});
  }
  free(per);
  sp_xcorr_free(sum_sums);
  for (size_t i = 0; i < n_stems; i++)
    sp_xcorr_free(sums[i]);
  free(sums);
  null_bands_fini(&bd);
  null_files_close(&f);
  return err;
}

void sp_null_result_fini(sp_null_result *res)
{
  sp_free_strings(res->findings, res->n_findings);
  for (size_t i = 0; res->names && i <= res->n_stems; i++)
    free(res->names[i]);
  free(res->names);
  free(res->unquantized_peak_dbfs);
  free(res->found);
  res->names = NULL;
  res->unquantized_peak_dbfs = NULL;
  res->found = NULL;
  res->n_found = 0;
  free(res->stems);
  free(res->by_channel);
  res->by_channel = NULL;
  res->findings = NULL;
  res->n_findings = 0;
  res->stems = NULL;
  res->n_stems = 0;
}
