/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loudness meter: libebur128 for the gated measures, our own sliding
 * windows for the momentary and short-term maxima, and our own true peak.
 *
 *   planar blocks ─► interleave ─► ebur128 (integrated, LRA)
 *                 ─► K-weighting (BS.1770's shelf and high-pass, per channel)
 *                    ─► energy of each 10 ms step, Σ weight·channel
 *                    ─► ring of the last 300 steps
 *                    ─► at each step: momentary (40 steps) and short-term (300)
 *                       loudness ─► running maxima, and the 100 ms series
 *                 ─► sample peak and clipped count, on the way in
 *                 ─► true peak: 4× interpolation (core/dsp/truepeak.h), run
 *                    only on blocks that could raise the maximum so far
 *
 * libebur128 can report the momentary and short-term loudness too, but it
 * sums its whole window at each request: every 10 ms, that is 300 times the
 * work of keeping the steps' energies, as EBU mode needs. Steps are cut at
 * absolute 10 ms boundaries of programme time, not at the caller's block
 * edges, so the numbers do not depend on how the programme was fed. Before
 * a window has filled, the missing time counts as silence (as in
 * libebur128). libebur128's true peak interpolates every sample of every
 * block; it was a third of a stems render's metering time.
 *
 * Both paths weight the channels alike: one table below gives each
 * position of each channel count its libebur128 channel and its BS.1770
 * weight, so the gated and the windowed loudness always agree on what a
 * channel is worth. */

#include "core/meter.h"

#include "core/alloc.h"
#include "core/dsp/truepeak.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Speaker positions, with BS.1770-4's weights: 1.41 for |azimuth| in
 * 60°..120° (the 5.1 surrounds at ±110°, 7.1's sides at ±90°), 1.0 for the
 * front and for the back (±135° and beyond), none for the LFE. */
typedef enum pos { P_L, P_R, P_C, P_LFE, P_LS, P_RS, P_LB, P_RB, P_CB } pos;

static const struct {
  int ebu; /* libebur128's channel: it applies the same weights */
  double weight;
} positions[] = {
    [P_L] = {EBUR128_LEFT, 1.0},
    [P_R] = {EBUR128_RIGHT, 1.0},
    [P_C] = {EBUR128_CENTER, 1.0},
    [P_LFE] = {EBUR128_UNUSED, 0.0},
    [P_LS] = {EBUR128_LEFT_SURROUND, 1.41},
    [P_RS] = {EBUR128_RIGHT_SURROUND, 1.41},
    [P_LB] = {EBUR128_Mp135, 1.0},
    [P_RB] = {EBUR128_Mm135, 1.0},
    [P_CB] = {EBUR128_Mp180, 1.0},
};

/* The WAV / SMPTE order of each channel count: mono; stereo; L R C; quad
 * (WAV's FL FR BL BR, surrounds); 5.0; 5.1; 6.1 (back centre); 7.1 (backs
 * then sides, as WAVE_FORMAT_EXTENSIBLE orders them). */
static const pos layouts[SP_METER_MAX_CHANNELS + 1][SP_METER_MAX_CHANNELS] = {
    [1] = {P_L},
    [2] = {P_L, P_R},
    [3] = {P_L, P_R, P_C},
    [4] = {P_L, P_R, P_LS, P_RS},
    [5] = {P_L, P_R, P_C, P_LS, P_RS},
    [6] = {P_L, P_R, P_C, P_LFE, P_LS, P_RS},
    [7] = {P_L, P_R, P_C, P_LFE, P_CB, P_LS, P_RS},
    [8] = {P_L, P_R, P_C, P_LFE, P_LB, P_RB, P_LS, P_RS},
};
static const char *const layout_names[SP_METER_MAX_CHANNELS + 1] = {
    NULL,
    "mono",
    "L R",
    "L R C",
    "L R Ls Rs",
    "L R C Ls Rs",
    "L R C LFE Ls Rs",
    "L R C LFE Cb Ls Rs",
    "L R C LFE Lb Rb Ls Rs",
};

const char *sp_meter_layout(int channels)
{
  return channels >= 1 && channels <= SP_METER_MAX_CHANNELS ? layout_names[channels] : NULL;
}

bool sp_meter_layout_fits(int channels, int meter_channels)
{
  if (channels < 1 || channels > meter_channels || meter_channels > SP_METER_MAX_CHANNELS)
    return false;
  for (int c = 0; c < channels; c++)
    if (layouts[channels][c] != layouts[meter_channels][c])
      return false;
  return true;
}

enum { M_STEPS = 40, S_STEPS = 300 };

/* One second-order section, direct form I, double. */
typedef struct kfilt {
  double b0, b1, b2, a1, a2;
} kfilt;

struct sp_meter {
  ebur128_state *st;
  int channels;
  size_t step;  /* frames in 10 ms */
  size_t fill;  /* frames of the current step already added */
  float *inter; /* one step, interleaved */
  kfilt shelf, hipass;
  double weight[SP_METER_MAX_CHANNELS];      /* BS.1770's G of each channel */
  double z[SP_METER_MAX_CHANNELS][8];        /* per channel: x1 x2 y1 y2 of each section */
  double step_energy[SP_METER_MAX_CHANNELS]; /* per channel: Σ y² over the current step */
  double ring[S_STEPS];                      /* the last steps' weighted energies */
  size_t ring_pos;
  double m_max, s_max;
  double sample_peak;
  sp_truepeak tp;
  float tp_max; /* the largest true peak reported so far (linear) */
  double clip_hi; /* the clipped count's positive full scale */
  int64_t clipped, frames;
  int64_t steps; /* 10 ms steps completed */
  /* the series, when kept: a point every 100 ms */
  bool series;
  size_t n_series, cap_series;
  double *t_end, *m_series, *s_series;
};

/* The positive full scale for pcm_bits (see sp_meter_new); 0: none. */
static double full_scale(int pcm_bits)
{
  if (pcm_bits == 0)
    return 1.0;
  if (pcm_bits < 8 || pcm_bits > 32)
    return 0;
  return 1.0 - ldexp(1.0, -(pcm_bits - 1));
}

sp_err sp_meter_new(int channels, double rate, int pcm_bits, sp_meter **out)
{
  *out = NULL;
  if (channels < 1 || channels > SP_METER_MAX_CHANNELS || rate < 8000 || rate > 768000 ||
      full_scale(pcm_bits) == 0)
    return SP_ERR_USAGE;
  ebur128_state *st = ebur128_init((unsigned)channels, (unsigned long)rate,
                                   EBUR128_MODE_I | EBUR128_MODE_LRA);
  if (!st)
    return SP_ERR_USAGE;
  for (int c = 0; c < channels; c++)
    if (ebur128_set_channel(st, (unsigned)c, positions[layouts[channels][c]].ebu) !=
        EBUR128_SUCCESS) {
      ebur128_destroy(&st);
      return SP_ERR_USAGE;
    }
  sp_meter *m = sp_xcalloc(1, sizeof *m);
  m->st = st;
  m->channels = channels;
  for (int c = 0; c < channels; c++)
    m->weight[c] = positions[layouts[channels][c]].weight;
  m->clip_hi = full_scale(pcm_bits);
  sp_truepeak_init(&m->tp, channels);
  m->step = (size_t)(rate / 100.0 + 0.5);
  m->inter = sp_xcalloc(m->step * (size_t)channels, sizeof *m->inter);
  m->m_max = m->s_max = -INFINITY;
  /* BS.1770's K-weighting at this rate: the high shelf (+4 dB above about
   * 1.7 kHz) and the RLB high-pass (38 Hz), by the bilinear transform of
   * their analogue prototypes (the same design as libebur128's). */
  double f0 = 1681.974450955533, G = 3.999843853973347, Q = 0.7071752369554196;
  double K = tan(M_PI * f0 / rate), Vh = pow(10.0, G / 20.0), Vb = pow(Vh, 0.4996667741545416);
  double a0 = 1.0 + K / Q + K * K;
  m->shelf =
      (kfilt){(Vh + Vb * K / Q + K * K) / a0, 2.0 * (K * K - Vh) / a0,
              (Vh - Vb * K / Q + K * K) / a0, 2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0};
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = tan(M_PI * f0 / rate);
  a0 = 1.0 + K / Q + K * K;
  m->hipass = (kfilt){1.0, -2.0, 1.0, 2.0 * (K * K - 1.0) / a0, (1.0 - K / Q + K * K) / a0};
  *out = m;
  return SP_OK;
}

/* Loudness of a window's energy (Σ channels Σ y² over `frames`), LUFS. */
static double window_lufs(double energy, double frames)
{
  return energy > 0 ? -0.691 + 10.0 * log10(energy / frames) : -INFINITY;
}

/* One K-weighting section (direct form I) of x, with its state z[0..4). */
static inline double section(const kfilt *f, double *z, double x)
{
  double y = f->b0 * x + f->b1 * z[0] + f->b2 * z[1] - f->a1 * z[2] - f->a2 * z[3];
  z[1] = z[0], z[0] = x, z[3] = z[2], z[2] = y;
  return y;
}

/* Channels c0 and c1 of the interleaved frames x through the shelf and the
 * high-pass, each with its state (z: x1 x2 y1 y2 of each section), the
 * squares added to e0 and e1 (c1 == c0: one channel, reckoned twice). */
static void k_weigh(const kfilt *shelf, const kfilt *hp, const float *x, size_t C, size_t frames,
                    size_t c0, size_t c1, double *restrict z0, double *restrict z1, double *e0,
                    double *e1)
{
  double s0 = *e0, s1 = *e1;
  for (size_t i = 0; i < frames; i++) {
    double w0 = section(hp, z0 + 4, section(shelf, z0, x[i * C + c0]));
    double w1 = section(hp, z1 + 4, section(shelf, z1, x[i * C + c1]));
    s0 += w0 * w0;
    s1 += w1 * w1;
  }
  *e0 = s0, *e1 = s1;
}

/* Add the interleaved frames buffered so far; at a step boundary read the
 * momentary and short-term loudness. */
static void flush(sp_meter *m, size_t frames, size_t first)
{
  if (frames == 0)
    return;
  ebur128_add_frames_float(m->st, m->inter + first * (size_t)m->channels, frames);
  /* K-weighted energy of these frames, two channels at a time: their
   * recursions are independent, so the core overlaps them. Each channel's
   * sum runs on from where the last call left it, so its additions come in
   * the same order however the step was cut. */
  const size_t C = (size_t)m->channels;
  size_t ch[SP_METER_MAX_CHANNELS], n = 0;
  for (size_t c = 0; c < C; c++)
    if (m->weight[c] != 0) /* the LFE is not part of the loudness */
      ch[n++] = c;
  for (size_t k = 0; k < n; k += 2) {
    const size_t c0 = ch[k], c1 = k + 1 < n ? ch[k + 1] : ch[k];
    double *z0 = m->z[c0], e0 = m->step_energy[c0];
    double z1[8], e1 = m->step_energy[c1];
    memcpy(z1, m->z[c1], sizeof z1);
    k_weigh(&m->shelf, &m->hipass, m->inter + first * C, C, frames, c0, c1, z0, z1, &e0, &e1);
    m->step_energy[c0] = e0;
    if (c1 != c0) {
      memcpy(m->z[c1], z1, sizeof z1);
      m->step_energy[c1] = e1;
    }
  }
  if (m->fill < m->step)
    return;
  m->fill = 0;
  m->steps++;
  double weighted = 0;
  for (size_t c = 0; c < C; c++) {
    weighted += m->weight[c] * m->step_energy[c];
    m->step_energy[c] = 0;
  }
  m->ring[m->ring_pos] = weighted;
  m->ring_pos = (m->ring_pos + 1) % S_STEPS;
  double em = 0, es = 0;
  for (size_t k = 1; k <= S_STEPS; k++) {
    double e = m->ring[(m->ring_pos + S_STEPS - k) % S_STEPS];
    es += e;
    if (k == M_STEPS)
      em = es;
  }
  double mo = window_lufs(em, (double)(M_STEPS * m->step));
  double sh = window_lufs(es, (double)(S_STEPS * m->step));
  if (mo > m->m_max)
    m->m_max = mo;
  if (sh > m->s_max)
    m->s_max = sh;
  if (m->series && m->steps % 10 == 0) {
    SP_GROW(m->t_end, m->n_series, m->cap_series);
    m->m_series = sp_xreallocarray(m->m_series, m->cap_series, sizeof *m->m_series);
    m->s_series = sp_xreallocarray(m->s_series, m->cap_series, sizeof *m->s_series);
    m->t_end[m->n_series] = (double)m->steps / 100.0;
    m->m_series[m->n_series] = isfinite(mo) ? mo : NAN;
    m->s_series[m->n_series] = isfinite(sh) ? sh : NAN;
    m->n_series++;
  }
}

void sp_meter_keep_series(sp_meter *m) { m->series = true; }

sp_err sp_meter_set_pcm_bits(sp_meter *m, int pcm_bits)
{
  double hi = full_scale(pcm_bits);
  if (hi == 0)
    return SP_ERR_USAGE;
  m->clip_hi = hi;
  return SP_OK;
}

size_t sp_meter_series(const sp_meter *m, const double **t_end_s, const double **momentary,
                       const double **shortterm)
{
  *t_end_s = m->t_end;
  *momentary = m->m_series;
  *shortterm = m->s_series;
  return m->n_series;
}

void sp_meter_add(sp_meter *m, const float *const *ch, size_t frames)
{
  const size_t C = (size_t)m->channels;
  size_t i = 0;
  while (i < frames) {
    size_t start = m->fill;
    size_t n = m->step - m->fill;
    if (n > frames - i)
      n = frames - i;
    for (size_t c = 0; c < C; c++) {
      float *dst = m->inter + start * C + c;
      const float *src = ch[c] + i;
      for (size_t k = 0; k < n; k++) {
        float x = src[k];
        double a = fabs((double)x);
        if (a > m->sample_peak)
          m->sample_peak = a;
        /* Integer PCM's positive full scale is a step short of 1. */
        if ((double)x >= m->clip_hi || x <= -1.0f)
          m->clipped++;
        dst[k * C] = x;
      }
    }
    m->fill += n;
    i += n;
    flush(m, n, start);
  }
  m->tp_max = fmaxf(m->tp_max, sp_truepeak_max(&m->tp, ch, frames, m->tp_max));
  m->frames += (int64_t)frames;
}

static double level_or_nan(double v) { return isfinite(v) ? v : NAN; }

static double peak_db(double lin) { return lin > 0 ? 20.0 * log10(lin) : -INFINITY; }

static double true_peak(const sp_meter *m)
{
  double tp = fmaxf(m->tp_max, sp_truepeak_tail(&m->tp));
  /* Never below the sample peak (the detector holds the samples too; this
   * only guards the float-to-double step). */
  return tp > m->sample_peak ? tp : m->sample_peak;
}

void sp_meter_result(const sp_meter *m, sp_loudness *out)
{
  double v;
  out->integrated_lufs =
      ebur128_loudness_global(m->st, &v) == EBUR128_SUCCESS ? level_or_nan(v) : NAN;
  out->range_lu = NAN;
  if (!isnan(out->integrated_lufs) && ebur128_loudness_range(m->st, &v) == EBUR128_SUCCESS)
    out->range_lu = level_or_nan(v);
  out->momentary_max_lufs = level_or_nan(m->m_max);
  out->shortterm_max_lufs = level_or_nan(m->s_max);
  out->true_peak_dbtp = peak_db(true_peak(m));
  out->sample_peak_dbfs = peak_db(m->sample_peak);
  out->clipped = m->clipped;
  out->frames = m->frames;
}

void sp_meter_free(sp_meter *m)
{
  if (!m)
    return;
  ebur128_destroy(&m->st);
  free(m->inter);
  free(m->t_end);
  free(m->m_series);
  free(m->s_series);
  free(m);
}
