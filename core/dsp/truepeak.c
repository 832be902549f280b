/* SPDX-License-Identifier: GPL-3.0-or-later */
/* True-peak estimation by 4× polyphase interpolation.
 *
 *   x[m−11] … x[m] … x[m+12] ──► Σ h_p[j]·x[m+j] for p = ¼, ½, ¾ ──► max |·|, |x[m]|
 *
 * h_p[j] = sinc(j − p)·kaiser(j − p), each phase normalised to unit DC gain.
 * The history is stored twice (positions pos and pos + 2·HALF) so that the
 * 2·HALF most recent samples are always contiguous. */

#include "core/dsp/truepeak.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define TAPS (2 * SP_TP_HALF)

static double bessel_i0(double x)
{
  double sum = 1, term = 1;
  for (int k = 1; k < 50; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
  }
  return sum;
}

/* coef[p][j]: phase p/4 (p = 1..3), tap j for x[m − HALF + 1 + j]. */
static float coef[4][TAPS];
static pthread_once_t coef_once = PTHREAD_ONCE_INIT;

static void make_coefs(void)
{
  const double beta = 8.0;
  for (int p = 1; p < 4; p++) {
    double sum = 0, c[TAPS];
    for (int j = 0; j < TAPS; j++) {
      double t = (double)(j - SP_TP_HALF + 1) - p / 4.0; /* distance from the point */
      double sinc = t == 0 ? 1.0 : sin(M_PI * t) / (M_PI * t);
      double r = t / (SP_TP_HALF + 0.5);
      double w = fabs(r) < 1 ? bessel_i0(beta * sqrt(1 - r * r)) / bessel_i0(beta) : 0;
      c[j] = sinc * w;
      sum += c[j];
    }
    for (int j = 0; j < TAPS; j++)
      coef[p][j] = (float)(c[j] / sum);
  }
}

void sp_truepeak_init(sp_truepeak *tp, int channels)
{
  pthread_once(&coef_once, make_coefs);
  memset(tp, 0, sizeof *tp);
  tp->channels = channels;
}

#if defined(__GNUC__)
/* The three phases side by side in one vector (the fourth lane idle): each
 * phase's sum is still taken tap by tap in order, so the bits are those of
 * three scalar loops, a third of the instructions. */
typedef float v4f __attribute__((vector_size(16)));
static v4f coef4[TAPS]; /* {h_¼[j], h_½[j], h_¾[j], 0} */
static pthread_once_t coef4_once = PTHREAD_ONCE_INIT;

static void make_coef4(void)
{
  for (int j = 0; j < TAPS; j++)
    coef4[j] = (v4f){coef[1][j], coef[2][j], coef[3][j], 0.0f};
}

static float max_abs3(v4f y) { return fmaxf(fmaxf(fabsf(y[0]), fabsf(y[1])), fabsf(y[2])); }
#endif

void sp_truepeak_process(sp_truepeak *tp, const float *const *ch, size_t frames, float *tp_out)
{
#if defined(__GNUC__)
  pthread_once(&coef4_once, make_coef4);
#endif
  for (size_t i = 0; i < frames; i++) {
    size_t pos = tp->pos;
    float peak = 0;
    for (int c = 0; c < tp->channels; c++) {
      float *h = tp->hist[c];
      h[pos] = h[pos + TAPS] = ch[c][i];
      /* The newest TAPS samples, oldest first, are h[pos + 1 .. pos + TAPS]. */
      const float *x = h + pos + 1;
      float m = fabsf(x[SP_TP_HALF - 1]); /* the frame itself: HALF back */
#if defined(__GNUC__)
      v4f y = {0, 0, 0, 0};
      for (int j = 0; j < TAPS; j++)
        y += coef4[j] * x[j];
      m = fmaxf(m, max_abs3(y));
#else
      for (int p = 1; p < 4; p++) {
        float y = 0;
        for (int j = 0; j < TAPS; j++)
          y += coef[p][j] * x[j];
        m = fmaxf(m, fabsf(y));
      }
#endif
      peak = fmaxf(peak, m);
    }
    tp_out[i] = peak;
    tp->pos = pos + 1 == TAPS ? 0 : pos + 1;
  }
}

/* Σ|h| of the worst phase: no interpolated point exceeds it times the
 * largest |sample| it is made of. */
static float gain_bound;
static pthread_once_t bound_once = PTHREAD_ONCE_INIT;

static void make_bound(void)
{
  for (int p = 1; p < 4; p++) {
    double sum = 0;
    for (int j = 0; j < TAPS; j++)
      sum += fabs((double)coef[p][j]);
    if (sum > gain_bound)
      gain_bound = (float)sum;
  }
  gain_bound *= 1.0001f; /* the float sums' rounding, and then some */
}

float sp_truepeak_max(sp_truepeak *tp, const float *const *ch, size_t frames, float known)
{
  pthread_once(&bound_once, make_bound);
  float m = 0;
  for (int c = 0; c < tp->channels; c++) {
    for (size_t i = 0; i < frames; i++)
      m = fmaxf(m, fabsf(ch[c][i]));
    for (int j = 0; j < TAPS; j++) /* the history the first points are made of */
      m = fmaxf(m, fabsf(tp->hist[c][j]));
  }
  if (m * gain_bound <= known) {
    /* Only the history moves on: the newest TAPS frames, in ring order. */
    for (size_t i = frames > TAPS ? frames - TAPS : 0; i < frames; i++) {
      size_t pos = tp->pos;
      for (int c = 0; c < tp->channels; c++)
        tp->hist[c][pos] = tp->hist[c][pos + TAPS] = ch[c][i];
      tp->pos = pos + 1 == TAPS ? 0 : pos + 1;
    }
    return 0;
  }
  float out[256], peak = 0;
  for (size_t t = 0; t < frames; t += 256) {
    size_t n = frames - t < 256 ? frames - t : 256;
    const float *part[2] = {ch[0] + t, tp->channels > 1 ? ch[1] + t : NULL};
    sp_truepeak_process(tp, part, n, out);
    for (size_t i = 0; i < n; i++)
      peak = fmaxf(peak, out[i]);
  }
  return peak;
}

double sp_truepeak_of(const float *const *ch, int channels, size_t frames)
{
  sp_truepeak tp;
  sp_truepeak_init(&tp, channels);
  float out[256], zero[SP_TP_DELAY] = {0};
  double peak = 0;
  for (size_t t = 0; t < frames; t += 256) {
    size_t n = frames - t < 256 ? frames - t : 256;
    const float *part[2] = {ch[0] + t, channels > 1 ? ch[1] + t : NULL};
    sp_truepeak_process(&tp, part, n, out);
    for (size_t i = 0; i < n; i++)
      peak = fmax(peak, out[i]);
  }
  const float *flush[2] = {zero, zero};
  sp_truepeak_process(&tp, flush, SP_TP_DELAY, out);
  for (size_t i = 0; i < SP_TP_DELAY; i++)
    peak = fmax(peak, out[i]);
  return peak;
}
