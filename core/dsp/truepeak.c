/* SPDX-License-Identifier: GPL-3.0-or-later */
/* True-peak estimation by 4× polyphase interpolation.
 *
 *   x[m−11] … x[m] … x[m+12] ──► Σ h_p[j]·x[m+j] for p = ¼, ½, ¾ ──► max |·|, |x[m]|
 *
 * h_p[j] = sinc(j − p)·kaiser(j − p), each phase normalised to unit DC gain.
 * The history is the last 2·HALF − 1 samples, oldest first; a block is
 * interpolated a chunk of frames at a time, the frames side by side. */

#include "core/dsp/truepeak.h"

#include "core/dsp/simd.h"

#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdint.h>
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

/* The larger; a NaN a is ignored, as by fmaxf, but this is one instruction
 * (fmaxf is a libm call unless NaNs are ruled out). */
void sp_truepeak_start(sp_truepeak *tp, const float *const *ch)
{
  for (int c = 0; c < tp->channels; c++)
    memcpy(tp->hist[c], ch[c] - (TAPS - 1), (TAPS - 1) * sizeof(float));
}

static float max2(float a, float b) { return a > b ? a : b; }

/* Frames interpolated at a time: the working set stays in the L1 cache. */
enum { CHUNK = 256 };

SP_CLONES
void sp_truepeak_process(sp_truepeak *tp, const float *const *ch, size_t frames, float *tp_out)
{
  for (size_t t = 0; t < frames; t += CHUNK) {
    const size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    for (size_t i = 0; i < n; i++)
      tp_out[t + i] = 0;
    for (int c = 0; c < tp->channels; c++) {
      /* x[i .. i + TAPS − 1]: the newest TAPS samples at frame t + i,
       * oldest first; the first TAPS − 1 are the history. */
      float x[TAPS - 1 + CHUNK], acc[3][CHUNK];
      memcpy(x, tp->hist[c], (TAPS - 1) * sizeof(float));
      memcpy(x + TAPS - 1, ch[c] + t, n * sizeof(float));
      if (n < CHUNK) /* a last chunk's frames past n: summed, never read */
        memset(x + TAPS - 1 + n, 0, (CHUNK - n) * sizeof(float));
      /* Each phase's sum taken tap by tap in order for every frame, frames
       * side by side: the bits of a scalar loop, at vector speed. The loops
       * run a whole chunk, a count known here: GCC's -O2 vectorizes only
       * such loops (its very-cheap cost model; with n frames each clone ran
       * a frame at a time). */
      for (int p = 0; p < 3; p++) {
        const float *h = coef[p + 1];
        float *y = acc[p];
        for (size_t i = 0; i < CHUNK; i++)
          y[i] = 0;
        for (int j = 0; j < TAPS; j++) {
          const float hj = h[j];
          const float *xj = x + j;
          for (size_t i = 0; i < CHUNK; i++)
            y[i] += hj * xj[i];
        }
      }
      for (size_t i = 0; i < n; i++) {
        float m = fabsf(x[i + SP_TP_HALF - 1]); /* the frame itself: HALF back */
        m = max2(m, fabsf(acc[0][i]));
        m = max2(m, fabsf(acc[1][i]));
        m = max2(m, fabsf(acc[2][i]));
        tp_out[t + i] = max2(tp_out[t + i], m);
      }
      memcpy(tp->hist[c], x + n, (TAPS - 1) * sizeof(float));
    }
  }
}

/* The largest estimate sp_truepeak_process gives for these frames (at
 * most a chunk). */
static float peak_of(sp_truepeak *tp, const float *const *ch, size_t frames)
{
  float out[CHUNK], peak = 0;
  sp_truepeak_process(tp, ch, frames, out);
  for (size_t i = 0; i < frames; i++)
    peak = max2(out[i], peak);
  return peak;
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

/* The largest |x[i]| (see sp_max_bits_f32). */
SP_CLONES
static float abs_max(const float *x, size_t n)
{
  union { uint32_t u; float f; } r = {sp_max_bits_f32(x, n, 0x7fffffffu)};
  return r.f;
}

/* When these frames (with the history before them) cannot give a true peak
 * above `level` — their largest |sample| times the interpolator's gain
 * bound is at most `level` — move the history on past them and say so. */
static bool quiet_below(sp_truepeak *tp, const float *const *ch, size_t frames, float level)
{
  pthread_once(&bound_once, make_bound);
  float m = 0;
  for (int c = 0; c < tp->channels; c++) {
    m = max2(abs_max(ch[c], frames), m);
    m = max2(abs_max(tp->hist[c], TAPS - 1), m); /* what the first points are made of */
  }
  if (m * gain_bound > level)
    return false;
  sp_truepeak_pass(tp, ch, frames);
  return true;
}

void sp_truepeak_pass(sp_truepeak *tp, const float *const *ch, size_t frames)
{
  /* Only the history moves on: the newest TAPS − 1 frames. */
  for (int c = 0; c < tp->channels; c++) {
    float *h = tp->hist[c];
    if (frames >= TAPS - 1) {
      memcpy(h, ch[c] + frames - (TAPS - 1), (TAPS - 1) * sizeof(float));
    } else {
      memmove(h, h + frames, (TAPS - 1 - frames) * sizeof(float));
      memcpy(h + TAPS - 1 - frames, ch[c], frames * sizeof(float));
    }
  }
}

float sp_truepeak_max(sp_truepeak *tp, const float *const *ch, size_t frames, float known)
{
  /* A chunk at a time: a loud moment interpolates its own chunk, not the
   * caller's whole block. */
  float peak = 0;
  for (size_t t = 0; t < frames; t += CHUNK) {
    size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    const float *part[SP_TP_MAX_CHANNELS];
    for (int c = 0; c < tp->channels; c++)
      part[c] = ch[c] + t;
    if (!quiet_below(tp, part, n, max2(known, peak)))
      peak = max2(peak_of(tp, part, n), peak);
  }
  return peak;
}

void sp_truepeak_process_over(sp_truepeak *tp, const float *const *ch, size_t frames,
                              float *tp_out, float level)
{
  for (size_t t = 0; t < frames; t += CHUNK) {
    size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    const float *part[SP_TP_MAX_CHANNELS];
    for (int c = 0; c < tp->channels; c++)
      part[c] = ch[c] + t;
    if (quiet_below(tp, part, n, level))
      memset(tp_out + t, 0, n * sizeof *tp_out);
    else
      sp_truepeak_process(tp, part, n, tp_out + t);
  }
}

float sp_truepeak_tail(const sp_truepeak *tp)
{
  sp_truepeak t = *tp;
  static const float zero[SP_TP_DELAY];
  const float *flush[SP_TP_MAX_CHANNELS];
  for (int c = 0; c < t.channels; c++)
    flush[c] = zero;
  return peak_of(&t, flush, SP_TP_DELAY);
}
