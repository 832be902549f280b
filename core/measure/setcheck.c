/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A set's file against its master, channel by channel (setcheck.h).
 *
 *   reference (master at the set's rate and layout) ─┐
 *   decoded file ────────────────────────────────────┤
 *     lossless: |decoded − clamp(reference)| ─► largest, first frame over
 *     lossy:    each through a 4th-order low-pass (1 kHz; LFE 120 Hz)
 *               ─► Σ r², Σ d², Σ r·d ─► level difference, correlation
 *
 * Why a band: MP3 and Opus keep a signal's spectrum, not its waveform,
 * where they are short of bits, so above a few kHz a noise-like channel
 * correlates with its master by 0.1 at a bitrate that sounds fine (hi-hats
 * in Opus at 24 kbps: 0.10; white noise in MP3 at 64 kbps: 5.4 dB low
 * over the whole band, past LAME's low-pass). Below 1 kHz every bitrate
 * stemprint takes keeps the waveform (the same hi-hats: 0.955), and a
 * channel in another's place, an inverted one, one coded as an LFE (kept
 * below 400 Hz by Opus) or one a codec delay late is far from it there. */

#include "core/measure/setcheck.h"

#include "core/base/alloc.h"
#include "core/dsp/biquad.h"
#include "core/dsp/quantize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SECTIONS = 2 };

/* A reference channel with less than this in the band holds nothing; nor
 * one whose band is FAINT_DB and more under its own level (a hi-hat's or a
 * shaker's faint low end, which a codec at a low bitrate may drop). */
#define SILENT_DBFS (-90.0)
#define FAINT_DB 60.0
/* The band's edges: a channel's, and an LFE's (its own band, 120 Hz). */
#define BAND_HZ 1000.0
#define LFE_BAND_HZ 120.0

typedef struct chan {
  const char *name;
  bool lfe;
  sp_biquad_state r[SECTIONS], d[SECTIONS];
  double rr, dd, rd;   /* lossy: in the band */
  double full;         /* lossy: the reference's sum of squares over every frequency */
  double max_err;      /* lossless: the largest |error| */
  int64_t first_over;  /* lossless: the first frame over the bound, or -1 */
} chan;

struct sp_setcheck {
  sp_setcheck_bounds b;
  double rate_hz;
  int n;
  int64_t frames; /* added so far */
  sp_biquad band[SECTIONS], lfe_band[SECTIONS];
  chan ch[SP_MAX_CHANNELS];
};

void sp_setcheck_lossless_bounds(int bits, bool dither, bool exact, sp_setcheck_bounds *b)
{
  memset(b, 0, sizeof *b);
  b->bits = bits;
  if (bits == 16 || bits == 24) {
    const double scale = ldexp(1.0, bits - 1);
    b->clamp_lo = -1.0;
    b->clamp_hi = (scale - 1.0) / scale;
    b->max_error_lin = exact ? 0.0 : sp_quantizer_max_error(bits, dither);
  } else { /* float: the samples as they are */
    b->clamp_lo = -INFINITY;
    b->clamp_hi = INFINITY;
    b->max_error_lin = 0.0;
  }
}

void sp_setcheck_lossy_bounds(int kbps, int channels, sp_setcheck_bounds *b)
{
  memset(b, 0, sizeof *b);
  b->lossy = true;
  b->kbps_per_channel = kbps / (channels > 0 ? channels : 1);
  /* measured on the demo's prints, a 5.1 scene, white and pink noise and
   * hi-hats (docs/recipe.md): the worst at 24 kbps a channel and more was
   * 1.6 dB and 0.87 (noise, Opus at 48 kbps stereo); below, 7.3 dB and
   * 0.37 (a 5.1 effects stem at 36 kbps) */
  if (b->kbps_per_channel >= 24) {
    b->max_level_db = 3.0;
    b->min_correlation = 0.8;
    b->max_silent_dbfs = -60.0;
  } else {
    b->max_level_db = 10.0;
    b->min_correlation = 0.25;
    b->max_silent_dbfs = INFINITY; /* stereo folded to mono fills both sides */
  }
  b->frames_slack = 4;
}

sp_setcheck *sp_setcheck_new(const sp_layout *layout, double rate_hz, const sp_setcheck_bounds *b)
{
  sp_setcheck *s = sp_xcalloc(1, sizeof *s);
  s->b = *b;
  s->rate_hz = rate_hz;
  s->n = layout->n;
  /* Butterworth's two sections: Q = 1 / (2 cos(π/8)), 1 / (2 cos(3π/8)) */
  static const double q[SECTIONS] = {0.54119610014619701, 1.3065629648763766};
  for (int k = 0; k < SECTIONS; k++) {
    sp_biquad_design(&s->band[k], SP_BQ_LOWPASS, fmin(BAND_HZ, 0.45 * rate_hz), q[k], 0, rate_hz);
    sp_biquad_design(&s->lfe_band[k], SP_BQ_LOWPASS, LFE_BAND_HZ, q[k], 0, rate_hz);
  }
  for (int c = 0; c < s->n; c++) {
    s->ch[c].name = layout->ch[c].name;
    s->ch[c].lfe = layout->ch[c].lfe;
    s->ch[c].first_over = -1;
  }
  return s;
}

void sp_setcheck_free(sp_setcheck *s) { free(s); }

static inline double section(const sp_biquad *q, sp_biquad_state *st, double x)
{
  const double y = q->b0 * x + st->s1;
  st->s1 = q->b1 * x - q->a1 * y + st->s2;
  st->s2 = q->b2 * x - q->a2 * y;
  return y;
}

void sp_setcheck_add(sp_setcheck *s, const float *const *ref, const float *const *dec,
                     size_t frames)
{
  for (int c = 0; c < s->n; c++) {
    chan *h = &s->ch[c];
    const float *r = ref[c], *d = dec[c];
    if (!s->b.lossy) {
      for (size_t i = 0; i < frames; i++) {
        double want = r[i];
        want = want < s->b.clamp_lo ? s->b.clamp_lo : want > s->b.clamp_hi ? s->b.clamp_hi : want;
        const double e = fabs((double)d[i] - want);
        if (!(e <= s->b.max_error_lin) && h->first_over < 0)
          h->first_over = s->frames + (int64_t)i;
        h->max_err = e > h->max_err || isnan(e) ? e : h->max_err;
      }
      continue;
    }
    const sp_biquad *band = h->lfe ? s->lfe_band : s->band;
    double rr = 0, dd = 0, rd = 0, full = 0;
    for (size_t i = 0; i < frames; i++) {
      double x = r[i], y = d[i];
      full += x * x;
      for (int k = 0; k < SECTIONS; k++) {
        x = section(&band[k], &h->r[k], x);
        y = section(&band[k], &h->d[k], y);
      }
      rr += x * x;
      dd += y * y;
      rd += x * y;
    }
    h->rr += rr;
    h->full += full;
    h->dd += dd;
    h->rd += rd;
  }
  s->frames += (int64_t)frames;
}

/* A channel's in-band figures: mean square levels in dBFS, their
 * difference and the correlation. */
static void figures(const sp_setcheck *s, const chan *h, double *ref_dbfs, double *dec_dbfs,
                    double *level_db, double *corr)
{
  const double n = s->frames > 0 ? (double)s->frames : 1.0;
  *ref_dbfs = 10.0 * log10(h->rr / n + 1e-300);
  *dec_dbfs = 10.0 * log10(h->dd / n + 1e-300);
  *level_db = *dec_dbfs - *ref_dbfs;
  *corr = h->rr > 0 && h->dd > 0 ? h->rd / sqrt(h->rr * h->dd) : 0.0;
}

/* Why channel h is out of bounds, into buf; false when it is not. */
static bool channel_fault(const sp_setcheck *s, const chan *h, char *buf, size_t size)
{
  const sp_setcheck_bounds *b = &s->b;
  if (!b->lossy) {
    if (h->first_over < 0)
      return false;
    const double lsb = b->bits == 16 || b->bits == 24 ? ldexp(1.0, -(b->bits - 1)) : 0;
    if (lsb > 0)
      snprintf(buf, size,
               "channel %s differs from its master's by up to %.1f LSB, first at frame %lld "
               "(%.3f s); its %d-bit quantization allows %.1f",
               h->name, h->max_err / lsb, (long long)h->first_over,
               (double)h->first_over / s->rate_hz, b->bits, b->max_error_lin / lsb);
    else
      snprintf(buf, size,
               "channel %s differs from its master's by up to %.3g, first at frame %lld (%.3f "
               "s); a float copy holds its samples bit for bit",
               h->name, h->max_err, (long long)h->first_over, (double)h->first_over / s->rate_hz);
    return true;
  }
  double ref_dbfs, dec_dbfs, level, corr;
  figures(s, h, &ref_dbfs, &dec_dbfs, &level, &corr);
  const double band = h->lfe ? LFE_BAND_HZ : fmin(BAND_HZ, 0.45 * s->rate_hz);
  const double full_dbfs =
      10.0 * log10(h->full / (s->frames > 0 ? (double)s->frames : 1.0) + 1e-300);
  if (ref_dbfs < SILENT_DBFS || ref_dbfs < full_dbfs - FAINT_DB) {
    if (!(dec_dbfs <= b->max_silent_dbfs)) {
      char held[64] = "nothing";
      if (ref_dbfs >= SILENT_DBFS)
        snprintf(held, sizeof held, "next to nothing (%.1f dBFS, %.0f dB under its level)",
                 ref_dbfs, full_dbfs - ref_dbfs);
      snprintf(buf, size,
               "channel %s holds %.1f dBFS below %.0f Hz where its master holds %s (at %d kbps a "
               "channel, at most %.0f dBFS)",
               h->name, dec_dbfs, band, held, b->kbps_per_channel, b->max_silent_dbfs);
      return true;
    }
    return false;
  }
  if (!(fabs(level) <= b->max_level_db)) {
    snprintf(buf, size,
             "channel %s is %.1f dB %s its master's below %.0f Hz (%.1f against %.1f dBFS; at %d "
             "kbps a channel, within %.0f dB)",
             h->name, fabs(level), level < 0 ? "under" : "over", band, dec_dbfs, ref_dbfs,
             b->kbps_per_channel, b->max_level_db);
    return true;
  }
  if (!(corr >= b->min_correlation)) {
    snprintf(buf, size,
             "channel %s correlates with its master's by %.2f below %.0f Hz (at %d kbps a "
             "channel, at least %.2f)",
             h->name, corr, band, b->kbps_per_channel, b->min_correlation);
    return true;
  }
  return false;
}

sp_err sp_setcheck_result(const sp_setcheck *s, int ref_channels, int64_t ref_frames,
                          int dec_channels, int64_t dec_frames, char *why, size_t why_size)
{
  if (dec_channels != ref_channels) {
    snprintf(why, why_size, "it decodes to %d channel%s, and its master's set has %d",
             dec_channels, dec_channels == 1 ? "" : "s", ref_channels);
    return SP_ERR_RENDER;
  }
  const int64_t slack = s->b.lossy ? s->b.frames_slack : 0;
  if (llabs((long long)(dec_frames - ref_frames)) > slack) {
    snprintf(why, why_size, "it decodes to %lld frames, and its master to %lld at %.0f Hz%s",
             (long long)dec_frames, (long long)ref_frames, s->rate_hz,
             slack ? " (a lossy file may differ by a few)" : "");
    return SP_ERR_RENDER;
  }
  int bad = 0;
  char first[320] = "";
  for (int c = 0; c < s->n; c++) {
    char one[320];
    if (channel_fault(s, &s->ch[c], one, sizeof one) && bad++ == 0)
      snprintf(first, sizeof first, "%s", one);
  }
  if (bad == 0)
    return SP_OK;
  if (bad > 1)
    snprintf(why, why_size, "%s; and %d more channel%s", first, bad - 1, bad > 2 ? "s" : "");
  else
    snprintf(why, why_size, "%s", first);
  return SP_ERR_RENDER;
}

void sp_setcheck_worst(const sp_setcheck *s, double *level_db, double *correlation,
                       double *error_lsb)
{
  *level_db = 0;
  *correlation = 1;
  *error_lsb = 0;
  const double lsb = s->b.bits == 16 || s->b.bits == 24 ? ldexp(1.0, -(s->b.bits - 1)) : 1.0;
  for (int c = 0; c < s->n; c++) {
    const chan *h = &s->ch[c];
    if (!s->b.lossy) {
      *error_lsb = fmax(*error_lsb, h->max_err / lsb);
      continue;
    }
    double ref_dbfs, dec_dbfs, level, corr;
    figures(s, h, &ref_dbfs, &dec_dbfs, &level, &corr);
    if (ref_dbfs < SILENT_DBFS)
      continue;
    *level_db = fabs(level) > fabs(*level_db) ? level : *level_db;
    *correlation = fmin(*correlation, corr);
  }
}
