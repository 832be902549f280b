/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RBJ cookbook biquads.
 *
 *   x ──►(+)──────────────► y          y  = b0·x + s1
 *         ▲ s1 = b1·x − a1·y + s2      s1 = b1·x − a1·y + s2
 *         ▲ s2 = b2·x − a2·y           s2 = b2·x − a2·y
 *
 * Transposed direct form II in double precision: well behaved for the low
 * cut-offs of a mix (30 Hz at 48 kHz) where float state would be noisy. */

#include "core/dsp/biquad.h"

#include "core/dsp/simd.h"

#include <math.h>
#include <string.h>

void sp_biquad_design(sp_biquad *bq, sp_biquad_type type, double f0_hz, double q, double gain_db,
                      double rate_hz)
{
  double A = pow(10.0, gain_db / 40.0);
  double w0 = 2.0 * M_PI * f0_hz / rate_hz;
  double c = cos(w0), s = sin(w0);
  double alpha = s / (2.0 * q);
  double sa = 2.0 * sqrt(A) * alpha;
  double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
  switch (type) {
  case SP_BQ_LOWPASS:
    b0 = (1 - c) / 2, b1 = 1 - c, b2 = (1 - c) / 2;
    a0 = 1 + alpha, a1 = -2 * c, a2 = 1 - alpha;
    break;
  case SP_BQ_HIGHPASS:
    b0 = (1 + c) / 2, b1 = -(1 + c), b2 = (1 + c) / 2;
    a0 = 1 + alpha, a1 = -2 * c, a2 = 1 - alpha;
    break;
  case SP_BQ_BANDPASS:
    b0 = alpha, b1 = 0, b2 = -alpha;
    a0 = 1 + alpha, a1 = -2 * c, a2 = 1 - alpha;
    break;
  case SP_BQ_NOTCH:
    b0 = 1, b1 = -2 * c, b2 = 1;
    a0 = 1 + alpha, a1 = -2 * c, a2 = 1 - alpha;
    break;
  case SP_BQ_PEAK:
    b0 = 1 + alpha * A, b1 = -2 * c, b2 = 1 - alpha * A;
    a0 = 1 + alpha / A, a1 = -2 * c, a2 = 1 - alpha / A;
    break;
  case SP_BQ_LOWSHELF:
    b0 = A * ((A + 1) - (A - 1) * c + sa);
    b1 = 2 * A * ((A - 1) - (A + 1) * c);
    b2 = A * ((A + 1) - (A - 1) * c - sa);
    a0 = (A + 1) + (A - 1) * c + sa;
    a1 = -2 * ((A - 1) + (A + 1) * c);
    a2 = (A + 1) + (A - 1) * c - sa;
    break;
  case SP_BQ_HIGHSHELF:
    b0 = A * ((A + 1) + (A - 1) * c + sa);
    b1 = -2 * A * ((A - 1) + (A + 1) * c);
    b2 = A * ((A + 1) + (A - 1) * c - sa);
    a0 = (A + 1) - (A - 1) * c + sa;
    a1 = 2 * ((A - 1) - (A + 1) * c);
    a2 = (A + 1) - (A - 1) * c - sa;
    break;
  }
  bq->b0 = b0 / a0;
  bq->b1 = b1 / a0;
  bq->b2 = b2 / a0;
  bq->a1 = a1 / a0;
  bq->a2 = a2 / a0;
}

void sp_biquad_process(const sp_biquad *bq, sp_biquad_state *st, float *x, size_t frames)
{
  const double b0 = bq->b0, b1 = bq->b1, b2 = bq->b2, a1 = bq->a1, a2 = bq->a2;
  double s1 = st->s1, s2 = st->s2;
  for (size_t i = 0; i < frames; i++) {
    double in = x[i];
    double out = b0 * in + s1;
    s1 = b1 * in - a1 * out + s2;
    s2 = b2 * in - a2 * out;
    x[i] = (float)out;
  }
  st->s1 = s1;
  st->s2 = s2;
}

/* Frame by frame through every section: section k of frame i waits only
 * for section k − 1 of frame i and for its own state, so the out-of-order
 * core overlaps the sections of successive frames (a section-by-section
 * loop would run one dependency chain at a time). Between sections the
 * signal is rounded to float, as the plain cascade stores it: the same
 * bits. Up to four sections with their count known to the compiler, so the
 * states stay in registers; longer cascades four at a time. (GCC and
 * Clang vector extensions, as the rest of stemprint needs GCC's or Clang's
 * __int128 and overflow builtins.) */
enum { FUSE = 4 };

/* Streams side by side, the same way: stream s in element s of vectors of
 * W doubles, for W of 8, 4 and 2. Groups are as wide as a vector register
 * of the CPU (8 with AVX-512; else 4, which measured 2.4 ns a frame and
 * stream for a two-section EQ where 8 took 2.9 and 2 took 3.4), and the
 * last group takes the narrowest width that holds it: ten streams are
 * 4 + 4 + 2, not 8 and 8 of which six stream silence. Every width does
 * each stream's arithmetic alike: the same bits. */
enum { SPAN = 256 };

#define SP_BQ_FUSED(W)                                                                             \
  typedef double v##W##d __attribute__((vector_size(8 * (W))));                                    \
  typedef float v##W##f __attribute__((vector_size(4 * (W))));                                     \
  static inline __attribute__((always_inline)) void fused##W(                                      \
      const sp_biquad *bq, size_t n, sp_biquad_state *const *st, size_t k0, float *const *x,       \
      size_t frames)                                                                               \
  {                                                                                                \
    v##W##d b0[FUSE], b1[FUSE], b2[FUSE], a1[FUSE], a2[FUSE];                                      \
    v##W##d s1[FUSE], s2[FUSE];                                                                    \
    const v##W##d zero = {0};                                                                      \
    for (size_t k = 0; k < n; k++) {                                                               \
      b0[k] = zero + bq[k].b0, b1[k] = zero + bq[k].b1, b2[k] = zero + bq[k].b2;                   \
      a1[k] = zero + bq[k].a1, a2[k] = zero + bq[k].a2;                                            \
      double t1[W], t2[W];                                                                         \
      for (int s = 0; s < (W); s++)                                                                \
        t1[s] = st[s][k0 + k].s1, t2[s] = st[s][k0 + k].s2;                                        \
      memcpy(&s1[k], t1, sizeof t1);                                                               \
      memcpy(&s2[k], t2, sizeof t2);                                                               \
    }                                                                                              \
    for (size_t i = 0; i < frames; i++) {                                                          \
      v##W##f v = LOAD##W(x, i);                                                                   \
      for (size_t k = 0; k < n; k++) {                                                             \
        v##W##d in = __builtin_convertvector(v, v##W##d);                                          \
        v##W##d out = b0[k] * in + s1[k];                                                          \
        s1[k] = b1[k] * in - a1[k] * out + s2[k];                                                  \
        s2[k] = b2[k] * in - a2[k] * out;                                                          \
        v = __builtin_convertvector(out, v##W##f);                                                 \
      }                                                                                            \
      for (int s = 0; s < (W); s++)                                                                \
        x[s][i] = v[s];                                                                            \
    }                                                                                              \
    for (size_t k = 0; k < n; k++)                                                                 \
      for (int s = 0; s < (W); s++)                                                                \
        st[s][k0 + k].s1 = s1[k][s], st[s][k0 + k].s2 = s2[k][s];                                  \
  }                                                                                                \
                                                                                                   \
  SP_CLONES                                                                                        \
  static void many##W(const sp_biquad *bq, size_t n, sp_biquad_state *const *st, float *const *x,  \
                      size_t frames)                                                               \
  {                                                                                                \
    for (size_t k = 0; k < n; k += FUSE) {                                                         \
      switch (n - k) {                                                                             \
      case 1: fused##W(bq + k, 1, st, k, x, frames); break;                                        \
      case 2: fused##W(bq + k, 2, st, k, x, frames); break;                                        \
      case 3: fused##W(bq + k, 3, st, k, x, frames); break;                                        \
      default: fused##W(bq + k, 4, st, k, x, frames); break;                                       \
      }                                                                                            \
    }                                                                                              \
  }

/* Frame i of each stream as one vector, by an initializer (the compiler
 * builds it in registers; element by element it goes through memory). */
#define LOAD8(x, i)                                                                                \
  {                                                                                                \
    x[0][i], x[1][i], x[2][i], x[3][i], x[4][i], x[5][i], x[6][i], x[7][i]                         \
  }
#define LOAD4(x, i)                                                                                \
  {                                                                                                \
    x[0][i], x[1][i], x[2][i], x[3][i]                                                             \
  }
#define LOAD2(x, i)                                                                                \
  {                                                                                                \
    x[0][i], x[1][i]                                                                               \
  }

SP_BQ_FUSED(8)
SP_BQ_FUSED(4)
SP_BQ_FUSED(2)

/* The widest group: 8 streams where a vector register holds 8 doubles. */
static size_t widest_group(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
  return __builtin_cpu_supports("avx512f") ? 8 : 4;
#else
  return 4;
#endif
}

void sp_biquad_process_many(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                            float *const *x, size_t n_streams, size_t frames)
{
  sp_biquad_process_many_in(bq, n, st, x, n_streams, frames, widest_group());
}

void sp_biquad_process_many_in(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                               float *const *x, size_t n_streams, size_t frames, size_t widest)
{
  /* A group narrower than its width is filled with streams of silence
   * into a sink, with states of their own (silence in, silence out). */
  enum { MANY = 8 };
  static const float silence[SPAN];
  widest = widest >= 8 ? 8 : widest >= 4 ? 4 : 2;
  for (size_t g = 0; g < n_streams;) {
    const size_t left = n_streams - g;
    const size_t w = left >= widest ? widest : left > 4 ? 8 : left > 2 ? 4 : 2;
    const size_t m = left < w ? left : w;
    sp_biquad_state spare[MANY][FUSE * 16];
    sp_biquad_state *gst[MANY];
    float sink[SPAN];
    for (size_t s = 0; s < w; s++)
      gst[s] = s < m ? st[g + s] : spare[s];
    if (m < w)
      memset(spare, 0, sizeof spare);
    if (m < w && n > FUSE * 16) { /* more sections than the spares hold */
      for (size_t s = 0; s < m; s++)
        for (size_t k = 0; k < n; k++)
          sp_biquad_process(&bq[k], &st[g + s][k], x[g + s], frames);
      g += m;
      continue;
    }
    for (size_t t = 0; t < frames; t += SPAN) {
      size_t len = frames - t < SPAN ? frames - t : SPAN;
      float *gx[MANY];
      for (size_t s = 0; s < w; s++)
        gx[s] = s < m ? x[g + s] + t : sink;
      if (m < w)
        memcpy(sink, silence, sizeof sink);
      if (w == 8)
        many8(bq, n, gst, gx, len);
      else if (w == 4)
        many4(bq, n, gst, gx, len);
      else
        many2(bq, n, gst, gx, len);
    }
    g += m;
  }
}

void sp_biquad_process_stereo(const sp_biquad *bq, size_t n, sp_biquad_state *st0,
                              sp_biquad_state *st1, float *x0, float *x1, size_t frames)
{
  sp_biquad_state *st[2] = {st0, st1};
  float *x[2] = {x0, x1};
  sp_biquad_process_many(bq, n, st, x, 2, frames);
}
