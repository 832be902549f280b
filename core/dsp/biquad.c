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

#include <complex.h>
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

double sp_biquad_magnitude(const sp_biquad *bq, double f_hz, double rate_hz)
{
  double complex z1 = cexp(-I * 2.0 * M_PI * f_hz / rate_hz), z2 = z1 * z1;
  double complex h = (bq->b0 + bq->b1 * z1 + bq->b2 * z2) / (1.0 + bq->a1 * z1 + bq->a2 * z2);
  return cabs(h);
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

/* Two doubles side by side: one vector register, one instruction for both
 * channels (GCC and Clang vector extensions; plain code elsewhere). The same
 * operations in the same order as the scalar loop, so the same bits. */
#if defined(__GNUC__)
typedef double v2d __attribute__((vector_size(16)));
typedef float v2f __attribute__((vector_size(8)));

/* Frame by frame through every section: section k of frame i waits only
 * for section k − 1 of frame i and for its own state, so the out-of-order
 * core overlaps the sections of successive frames (a section-by-section
 * loop would run one dependency chain at a time). Between sections the
 * signal is rounded to float, as the plain cascade stores it: the same
 * bits. */
enum { FUSE = 4 };

static inline __attribute__((always_inline)) void fused(const sp_biquad *bq, size_t n,
                                                        sp_biquad_state *st0, sp_biquad_state *st1,
                                                        float *x0, float *x1, size_t frames)
{
  v2d b0[FUSE], b1[FUSE], b2[FUSE], a1[FUSE], a2[FUSE], s1[FUSE], s2[FUSE];
  for (size_t k = 0; k < n; k++) {
    b0[k] = (v2d){bq[k].b0, bq[k].b0};
    b1[k] = (v2d){bq[k].b1, bq[k].b1};
    b2[k] = (v2d){bq[k].b2, bq[k].b2};
    a1[k] = (v2d){bq[k].a1, bq[k].a1};
    a2[k] = (v2d){bq[k].a2, bq[k].a2};
    s1[k] = (v2d){st0[k].s1, st1[k].s1};
    s2[k] = (v2d){st0[k].s2, st1[k].s2};
  }
  for (size_t i = 0; i < frames; i++) {
    v2f x = {x0[i], x1[i]};
    for (size_t k = 0; k < n; k++) {
      v2d in = __builtin_convertvector(x, v2d);
      v2d out = b0[k] * in + s1[k];
      s1[k] = b1[k] * in - a1[k] * out + s2[k];
      s2[k] = b2[k] * in - a2[k] * out;
      /* __builtin_convertvector: GCC 12 folds the float round trip away
       * when it is written as (v2d){(float)out[0], (float)out[1]}. */
      x = __builtin_convertvector(out, v2f);
    }
    x0[i] = x[0];
    x1[i] = x[1];
  }
  for (size_t k = 0; k < n; k++) {
    st0[k].s1 = s1[k][0], st0[k].s2 = s2[k][0];
    st1[k].s1 = s1[k][1], st1[k].s2 = s2[k][1];
  }
}

void sp_biquad_process_stereo(const sp_biquad *bq, size_t n, sp_biquad_state *st0,
                              sp_biquad_state *st1, float *x0, float *x1, size_t frames)
{
  /* Up to four sections with their count known to the compiler, so the
   * states stay in registers; longer cascades four at a time. */
  for (size_t k = 0; k < n; k += 4) {
    switch (n - k) {
    case 1: fused(bq + k, 1, st0 + k, st1 + k, x0, x1, frames); break;
    case 2: fused(bq + k, 2, st0 + k, st1 + k, x0, x1, frames); break;
    case 3: fused(bq + k, 3, st0 + k, st1 + k, x0, x1, frames); break;
    default: fused(bq + k, 4, st0 + k, st1 + k, x0, x1, frames); break;
    }
  }
}

/* Eight streams side by side, the same way: stream s in element s. */
typedef double v8d __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));
enum { MANY = 8, SPAN = 256 };

static inline __attribute__((always_inline)) void fused8(const sp_biquad *bq, size_t n,
                                                         sp_biquad_state *const *st, size_t k0,
                                                         float *const *x, size_t frames)
{
  v8d b0[FUSE], b1[FUSE], b2[FUSE], a1[FUSE], a2[FUSE];
  v8d s1[FUSE], s2[FUSE];
  const v8d zero = {0};
  for (size_t k = 0; k < n; k++) {
    b0[k] = zero + bq[k].b0, b1[k] = zero + bq[k].b1, b2[k] = zero + bq[k].b2;
    a1[k] = zero + bq[k].a1, a2[k] = zero + bq[k].a2;
    double t1[MANY], t2[MANY];
    for (int s = 0; s < MANY; s++)
      t1[s] = st[s][k0 + k].s1, t2[s] = st[s][k0 + k].s2;
    memcpy(&s1[k], t1, sizeof t1);
    memcpy(&s2[k], t2, sizeof t2);
  }
  for (size_t i = 0; i < frames; i++) {
    v8f v = {x[0][i], x[1][i], x[2][i], x[3][i], x[4][i], x[5][i], x[6][i], x[7][i]};
    for (size_t k = 0; k < n; k++) {
      v8d in = __builtin_convertvector(v, v8d);
      v8d out = b0[k] * in + s1[k];
      s1[k] = b1[k] * in - a1[k] * out + s2[k];
      s2[k] = b2[k] * in - a2[k] * out;
      v = __builtin_convertvector(out, v8f);
    }
    for (int s = 0; s < MANY; s++)
      x[s][i] = v[s];
  }
  for (size_t k = 0; k < n; k++)
    for (int s = 0; s < MANY; s++)
      st[s][k0 + k].s1 = s1[k][s], st[s][k0 + k].s2 = s2[k][s];
}

SP_CLONES
static void many8(const sp_biquad *bq, size_t n, sp_biquad_state *const *st, float *const *x,
                  size_t frames)
{
  for (size_t k = 0; k < n; k += FUSE) {
    switch (n - k) {
    case 1: fused8(bq + k, 1, st, k, x, frames); break;
    case 2: fused8(bq + k, 2, st, k, x, frames); break;
    case 3: fused8(bq + k, 3, st, k, x, frames); break;
    default: fused8(bq + k, 4, st, k, x, frames); break;
    }
  }
}

void sp_biquad_process_many(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                            float *const *x, size_t n_streams, size_t frames)
{
  /* Groups of eight; a short group is filled with streams of silence into
   * a sink, with states of their own (silence in, silence out). */
  static const float silence[SPAN];
  for (size_t g = 0; g < n_streams; g += MANY) {
    size_t m = n_streams - g < MANY ? n_streams - g : MANY;
    sp_biquad_state spare[MANY][FUSE * 16];
    sp_biquad_state *gst[MANY];
    float sink[SPAN];
    for (size_t s = 0; s < MANY; s++)
      gst[s] = s < m ? st[g + s] : spare[s];
    if (m < MANY)
      memset(spare, 0, sizeof spare);
    if (m < MANY && n > FUSE * 16) { /* more sections than the spares hold */
      for (size_t s = 0; s < m; s++)
        for (size_t k = 0; k < n; k++)
          sp_biquad_process(&bq[k], &st[g + s][k], x[g + s], frames);
      continue;
    }
    for (size_t t = 0; t < frames; t += SPAN) {
      size_t len = frames - t < SPAN ? frames - t : SPAN;
      float *gx[MANY];
      for (size_t s = 0; s < MANY; s++)
        gx[s] = s < m ? x[g + s] + t : sink;
      if (m < MANY)
        memcpy(sink, silence, sizeof sink);
      many8(bq, n, gst, gx, len);
    }
  }
}
#else
void sp_biquad_process_many(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                            float *const *x, size_t n_streams, size_t frames)
{
  for (size_t s = 0; s < n_streams; s++)
    for (size_t k = 0; k < n; k++)
      sp_biquad_process(&bq[k], &st[s][k], x[s], frames);
}

void sp_biquad_process_stereo(const sp_biquad *bq, size_t n, sp_biquad_state *st0,
                              sp_biquad_state *st1, float *x0, float *x1, size_t frames)
{
  for (size_t k = 0; k < n; k++) {
    sp_biquad_process(&bq[k], &st0[k], x0, frames);
    sp_biquad_process(&bq[k], &st1[k], x1, frames);
  }
}
#endif
