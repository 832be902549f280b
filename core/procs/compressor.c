/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compressor: a feed-forward, log-domain compressor with a soft knee.
 *
 *   detector (in, or key) ─► level dB ─► static curve ─► attack/release ─► + makeup ─► g
 *     peak: 20·log10 max|x_c|          gc = y(x) − x      smoothing of gc
 *     rms:  10·log10 of x² averaged over 10 ms
 *
 * The static curve (threshold T, ratio R, knee W):
 *   x − T < −W/2:      y = x
 *   |x − T| ≤ W/2:     y = x + (1/R − 1)·(x − T + W/2)² / (2W)
 *   x − T > W/2:       y = T + (x − T)/R
 * Attack smooths gain reduction getting deeper, release it getting
 * shallower (one-pole each). Stereo-linked: one gain for both channels.
 *
 * `makeup: auto` is −(y(0) − 0): the gain the static curve takes from a
 * 0 dB level, given back, so a steady full-scale input leaves at full
 * scale (Logic's Auto Gain referenced to 0 dB, T − T/R with a hard knee).
 * It follows a moving threshold, ratio or knee.
 *
 * Linking across stems: a gain computer. The renderer feeds it the sum of
 * the lanes (or the key) and multiplies every lane by its gain, so the stems
 * sum to the compressed mix. */

#include "core/procs/proc.h"
#include "core/dsp/simd.h"
#include "core/procs/dynamics.h"

#include <math.h>
#include <string.h>

static const char *const detectors[] = {"peak", "rms", NULL};

enum { P_THRESHOLD, P_RATIO, P_KNEE, P_ATTACK, P_RELEASE, P_MAKEUP, P_DETECTOR, N_PARAMS };

static const sp_param params[] = {
    {"threshold", SP_PARAM_NUMBER, SP_UNIT_DBFS, -18, -80, 0, NULL, false,
     "level above which the gain is reduced"},
    {"ratio", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 4, 1, 100, NULL, false,
     "input dB over threshold per output dB"},
    {"knee", SP_PARAM_NUMBER, SP_UNIT_DB, 6, 0, 36, NULL, false, "soft knee width"},
    {"attack", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.010, 0, 1, NULL, false,
     "time constant of increasing gain reduction"},
    {"release", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.120, 0.001, 10, NULL, false,
     "time constant of decreasing gain reduction"},
    {"makeup", SP_PARAM_NUMBER, SP_UNIT_DB, 0, 0, 48, NULL, false, "gain added after"},
    {"detector", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 0, 0, 1, detectors, false,
     "peak, or rms over 10 ms"},
};

/* `makeup: auto`: a value below the makeup's range, read in retune. */
#define MAKEUP_AUTO -1.0

static const sp_param_word words[] = {
    {P_MAKEUP, "auto", MAKEUP_AUTO, "the gain the curve takes from a 0 dB level"},
    {0, NULL, 0, NULL},
};

typedef struct comp_state {
  int channels;
  unsigned detect; /* the channels its detector hears (sp_proc_env.detect) */
  double rate;
  double threshold, ratio, knee, makeup;
  double att, rel, rms_coef;
  double quiet; /* detector values below the knee: no gain change (peak: |x|, rms: x²) */
  int rms;
  double ms, gs; /* mean square, smoothed gain (dB) */
} comp_state;

/* Gain change in dB (≤ 0) the static curve asks for at level x dB. Both
 * pieces are computed and one is selected (no branch: the loops calling it
 * become vector code). */
static inline double curve(const comp_state *s, double x)
{
  double over = x - s->threshold, w = s->knee, slope = 1.0 / s->ratio - 1.0;
  double a = over + w / 2;
  double knee = slope * a * a / (2 * w); /* w = 0: not selected */
  double line = slope * over;
  return 2 * over < -w ? 0 : ((w > 0) & (2 * fabs(over) <= w)) ? knee : line;
}

/* The curve and the time constants from v (the detector as prepared). */
static void retune(void *state, const double *v)
{
  comp_state *s = state;
  s->threshold = v[P_THRESHOLD];
  s->ratio = v[P_RATIO];
  s->knee = v[P_KNEE];
  s->makeup = v[P_MAKEUP] == MAKEUP_AUTO ? -curve(s, 0.0) : v[P_MAKEUP];
  s->att = sp_dyn_coef(v[P_ATTACK], s->rate);
  s->rel = sp_dyn_coef(v[P_RELEASE], s->rate);
  /* Below threshold − knee/2 the curve is flat: no logarithm needed there. */
  const double below_db = s->threshold - s->knee / 2;
  s->quiet = s->rms ? pow(10.0, below_db / 10.0) : pow(10.0, below_db / 20.0);
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why;
  (void)why_size;
  comp_state *s = state;
  s->channels = env->channels;
  s->detect = env->detect;
  s->rate = env->sample_rate;
  s->rms = (int)a->values[P_DETECTOR];
  s->rms_coef = sp_dyn_coef(0.010, env->sample_rate);
  retune(s, a->values);
  s->ms = s->gs = 0;
  return SP_OK;
}

/* The helpers of the SP_CLONES kernels below, inlined into each clone
 * (GCC leaves a large one out of line otherwise, built for the baseline). */
#if defined(__GNUC__)
#define SP_INLINE __attribute__((always_inline))
#else
#define SP_INLINE
#endif

/* Frames handled a pass at a time (see gain). */
enum { CHUNK = 256 };

/* The largest of n levels (≥ 0, not NaN; see sp_max_bits_f64). */
static inline double top(const double *v, size_t n)
{
  union {
    uint64_t u;
    double d;
  } r = {sp_max_bits_f64(v, n, 0x7fffffffffffffffull)};
  return r.d;
}

/* Whether the n gains (dB) are all within the unity band, |v| < 2.5e-7
 * (NaNs left out, unless v[0] is one, as the minimum and the maximum from
 * v[0] on leave them). Without a NaN that is the largest magnitude, an
 * integer maximum of the bits (vector code, where a running minimum and
 * maximum of doubles is a chain of scalar instructions); with one, those. */
static inline bool unity(const double *v, size_t n)
{
  const double largest = top(v, n); /* NaN where some v is */
  if (!isnan(largest))
    return largest < 2.5e-7;
  double lo = v[0], hi = v[0];
  for (size_t i = 1; i < n; i++) {
    lo = v[i] < lo ? v[i] : lo;
    hi = v[i] > hi ? v[i] : hi;
  }
  return lo > -2.5e-7 && hi < 2.5e-7;
}

/* The detector's values of frames [t, t + n) of d (dch channels; key:
 * d is the key) into v: peak, the level (linear); rms, each frame's mean
 * square over the channels heard, before its 10 ms average (average). No
 * state: frames are independent. */
static inline SP_INLINE void levels(const comp_state *s, const float *const *d, int dch, bool key, size_t t,
                          size_t n, double *restrict v)
{
  if (dch > 2 || (!key && s->detect)) { /* the channels its detector hears */
    int heard = 0;
    for (int c = 0; c < dch; c++)
      heard += !s->detect || (s->detect >> c & 1u);
    if (!s->rms) {
      /* the largest magnitude, channel by channel over the chunk (the
       * same values as frame by frame: a maximum is exact) */
      for (size_t i = 0; i < n; i++)
        v[i] = 0;
      for (int c = 0; c < dch; c++) {
        if (s->detect && !(s->detect >> c & 1u))
          continue;
        const float *x = d[c] + t;
        for (size_t i = 0; i < n; i++) {
          const double a = fabs(x[i]);
          v[i] = a > v[i] ? a : v[i];
        }
      }
    }
    for (size_t i = 0; s->rms && i < n; i++) {
      double e = 0;
      for (int c = 0; c < dch; c++)
        if (!s->detect || (s->detect >> c & 1u))
          e += (double)d[c][t + i] * d[c][t + i];
      v[i] = e / heard;
    }
  } else if (s->rms) {
    for (size_t i = 0; i < n; i++) {
      double e = 0;
      for (int c = 0; c < dch; c++)
        e += (double)d[c][t + i] * d[c][t + i];
      v[i] = e / dch;
    }
  } else {
    /* linked: the larger magnitude (a mono detector reads its one
     * channel twice) */
    const float *d0 = d[0] + t, *d1 = d[dch > 1 ? 1 : 0] + t;
    for (size_t i = 0; i < n; i++) {
      double a = fabs(d0[i]), b = fabs(d1[i]);
      v[i] = b > a ? b : a;
    }
  }
}

/* rms: the mean squares v averaged over 10 ms, in place (the state's). */
static inline SP_INLINE void average(comp_state *s, double *restrict v, size_t n)
{
  double ms = s->ms;
  for (size_t i = 0; i < n; i++) {
    ms = s->rms_coef * ms + (1 - s->rms_coef) * v[i];
    v[i] = ms;
  }
  s->ms = ms;
}

/* The levels v (linear; rms: mean squares) into the static curve's gain
 * change (dB), in place: independent frames, vector code, the log's
 * table read in a plain pass between. */
static inline SP_INLINE void curve_of(const comp_state *s, double *restrict v, size_t n)
{
  const sp_fastmath_tables *T = &sp_fastmath_t;
  const double quiet = s->quiet;
  double ta[CHUNK], tb[CHUNK];
  int32_t j[CHUNK];
  if (top(v, n) < quiet) {
    /* the whole chunk below the knee: the curve asks for nothing */
    for (size_t i = 0; i < n; i++)
      v[i] = 0;
    return;
  }
  for (size_t i = 0; i < n; i++)
    j[i] = sp_fast_log2_index(v[i]);
  for (size_t i = 0; i < n; i++)
    ta[i] = T->inv_c[j[i]], tb[i] = T->log2_c[j[i]];
  const double half = s->rms ? 0.5 : 1.0; /* rms: dB of a mean square */
  for (size_t i = 0; i < n; i++) {
    double db = 6.020599913279624 * sp_fast_log2_at(v[i], ta[i], tb[i]);
    double c = curve(s, s->rms ? half * db : db);
    v[i] = v[i] >= quiet ? c : 0;
  }
}

/* The curve's gain changes v (dB) smoothed by attack and release (the one
 * dependent chain, cheap), the makeup added, into linear gains on every
 * channel of g from frame t: sp_dyn_lin's exponential, the same three
 * parts, vector code; a chunk within its unity band (no reduction left, no
 * makeup) is all 1. */
static inline SP_INLINE void smooth_into(comp_state *s, double *restrict v, size_t n, float *const *g,
                               size_t t)
{
  const sp_fastmath_tables *T = &sp_fastmath_t;
  const double makeup = s->makeup;
  double ta[CHUNK];
  int32_t j[CHUNK];
  float lin[CHUNK];
  double gs = s->gs;
  for (size_t i = 0; i < n; i++) {
    double k = v[i] < gs ? s->att : s->rel;
    gs = k * gs + (1 - k) * v[i];
    v[i] = gs + makeup;
  }
  s->gs = gs;
  if (unity(v, n)) {
    for (size_t i = 0; i < n; i++)
      lin[i] = 1.0f;
  } else {
    for (size_t i = 0; i < n; i++)
      j[i] = sp_fast_exp2_index(v[i] * 0.16609640474436813);
    for (size_t i = 0; i < n; i++)
      ta[i] = T->exp2_j[j[i]];
    for (size_t i = 0; i < n; i++) {
      float lg = (float)sp_fast_exp2_at(v[i] * 0.16609640474436813, ta[i]);
      lin[i] = fabs(v[i]) < 2.5e-7 ? 1.0f : lg;
    }
  }
  for (int c = 0; c < s->channels; c++)
    memcpy(g[c] + t, lin, n * sizeof *lin);
}

/* The gain for each frame, in passes over a chunk: each frame's level and
 * its static curve, the smoothing, the linear gains (levels, average,
 * curve_of, smooth_into). The same operations in the same order as one
 * loop doing it all per frame, so the same bits. */
SP_CLONES
static void compressor_gain(void *state, const float *const *in, const float *const *key,
                            float *const *g, size_t frames)
{
  comp_state *s = state;
  double v[CHUNK];
  for (size_t t = 0; t < frames; t += CHUNK) {
    const size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    levels(s, key ? key : in, key ? 2 : s->channels, key, t, n, v);
    if (s->rms)
      average(s, v, n);
    curve_of(s, v, n);
    smooth_into(s, v, n, g, t);
  }
}

/* The gain in two steps (sp_proc_class.detect, gain_from). detect keeps
 * no state: a peak detector's curve (dB), an rms one's mean squares, a
 * double a frame into det. */
SP_CLONES
static void detect(const void *state, const float *const *in, const float *const *key, void *det,
                   size_t frames)
{
  const comp_state *s = state;
  double *v = det;
  for (size_t t = 0; t < frames; t += CHUNK) {
    const size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    levels(s, key ? key : in, key ? 2 : s->channels, key, t, n, v + t);
    if (!s->rms)
      curve_of(s, v + t, n);
  }
}

/* gain_from: the rest, block after block (the state's). */
SP_CLONES
static void gain_from(void *state, const void *det, float *const *g, size_t frames)
{
  comp_state *s = state;
  const double *d = det;
  double v[CHUNK];
  for (size_t t = 0; t < frames; t += CHUNK) {
    const size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    memcpy(v, d + t, n * sizeof *v);
    if (s->rms) {
      average(s, v, n);
      curve_of(s, v, n);
    }
    smooth_into(s, v, n, g, t);
  }
}

static void reset(void *state)
{
  comp_state *s = state;
  s->ms = s->gs = 0;
}

const sp_proc_class sp_proc_compressor = {
    .name = "compressor",
    .summary = "feed-forward compressor, soft knee, peak or RMS detector; takes a key",
    .params = params,
    .n_params = N_PARAMS,
    .words = words,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_SIGNAL_DEPENDENT | SP_PROC_TAKES_KEY | SP_PROC_AUTOMATABLE |
             SP_PROC_DETECTOR,
    .state_size = sizeof(comp_state),
    .prepare = prepare,
    .gain = compressor_gain,
    .detect = detect,
    .gain_from = gain_from,
    .retune = retune,
    .reset = reset,
};
