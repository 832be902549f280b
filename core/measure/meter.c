/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loudness meter (BS.1770-4, EBU R128, Tech 3341 and 3342).
 *
 *   planar blocks, cut at 10 ms steps
 *                 ─► K-weighting (BS.1770's shelf and high-pass, per channel)
 *                    ─► energy of each 10 ms step, Σ weight·channel
 *                    ─► ring of the last 300 steps
 *                    ─► at each step: momentary (40 steps) and short-term (300)
 *                       loudness ─► running maxima, and the 100 ms series
 *                    ─► every 100 ms from 400 ms on: a gating block (the
 *                       momentary window), kept if above -70 LUFS
 *                    ─► every second from 3 s on: a short-term block for the
 *                       loudness range, kept if above -70 LUFS
 *                 ─► sample peak and clipped count, on the way in
 *                 ─► true peak: 4× interpolation (core/dsp/truepeak.h), run
 *                    only on blocks that could raise the maximum so far
 *
 * Integrated loudness and loudness range are gated over the kept blocks at
 * the end, as libebur128 gates them (the same blocks, gates and
 * percentiles), and the tests hold both to libebur128's figures. It used to
 * compute them here, but it K-weights every sample again, in a filter of
 * its own, for energies the windows above already have: a quarter of a
 * metered render's time. (Its momentary and short-term loudness would cost
 * more still: it sums its whole window at each request.) Steps are cut at
 * absolute 10 ms boundaries of programme time, not at the caller's block
 * edges, so the numbers do not depend on how the programme was fed; where
 * 10 ms is not a whole number of frames (22.05 and 11.025 kHz) the steps
 * differ by a frame so that each stays on its boundary, and the windows
 * keep their exact lengths (400 ms is 8820 frames at 22.05 kHz). Before
 * a window has filled, the missing time counts as silence. The kept blocks
 * are 8 bytes for each 100 ms and each second of programme (430 KB an
 * output for 90 minutes): with the series, when kept, the only memory that
 * grows with the programme's length. */

#include "core/measure/meter.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/simd.h"
#include "core/dsp/truepeak.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

bool sp_meter_layout_fits(const sp_layout *a, const sp_layout *b)
{
  if (!a || !b || a->n > b->n)
    return false;
  for (int c = 0; c < a->n; c++)
    if (sp_layout_weight(a, c) != sp_layout_weight(b, c))
      return false;
  return true;
}

const sp_layout *sp_meter_layout_of(uint32_t mask, int n, sp_layout_own *own)
{
  const sp_layout *l = sp_layout_by_mask(mask, n);
  if (!l && mask && own && sp_layout_of_mask(mask, n, own))
    return &own->l;
  return l ? l : sp_layout_by_count(n);
}

enum { M_STEPS = 40, S_STEPS = 300 };

/* One second-order section, direct form I, double. */
typedef struct kfilt {
  double b0, b1, b2, a1, a2;
} kfilt;

/* A growing list of block energies. */
typedef struct blocks {
  double *z;
  size_t n, cap;
} blocks;

struct sp_meter {
  int channels;
  double rate; /* Hz */
  size_t step; /* frames in the current 10 ms step (step_start) */
  size_t fill; /* frames of the current step already added */
  kfilt shelf, hipass;
  double weight[SP_METER_MAX_CHANNELS];      /* BS.1770's G of each channel */
  double z[SP_METER_MAX_CHANNELS][8];        /* per channel: x1 x2 y1 y2 of each section */
  double step_energy[SP_METER_MAX_CHANNELS]; /* per channel: Σ y² over the current step */
  double ring[S_STEPS];                      /* the last steps' weighted energies */
  size_t ring_pos;
  double m_max, s_max;
  blocks gating;     /* every 100 ms: the mean square of the last 400 ms, above -70 LUFS */
  blocks shortterm;  /* every second: of the last 3 s, above -70 LUFS */
  double sample_peak;
  sp_truepeak tp;
  float tp_max; /* the largest true peak reported so far (linear) */
  /* a true peak of the programme already measured (its bits), the bound
   * sp_meter_peaks_of interpolates above, shared by the threads measuring
   * blocks: at most tp_max once every block is added */
  _Atomic uint32_t tp_known;
  const struct sp_meters *tp_by; /* when set: the true peak is the largest of these channels' */
  double clip_hi; /* the clipped count's positive full scale */
  int64_t clipped, frames;
  int64_t steps; /* 10 ms steps completed */
  bool loudness_only; /* no peaks measured */
  /* the series, when kept: a point every 100 ms */
  bool series;
  size_t n_series, cap_series;
  double *t_end, *m_series, *s_series;
};

/* The frame where 10 ms step k begins: ⌊k·rate/100⌋, k < 0 included (the
 * silence before the programme). Where 10 ms is not a whole number of
 * frames (220.5 at 22.05 kHz, 110.25 at 11.025 kHz) steps differ by a
 * frame, and every window of whole 100 ms holds its exact length: 400 ms
 * is 8820 frames at 22.05 kHz, as libebur128 cuts it. For a whole rate the
 * product is exact (below 2^53: years of programme even at 768 kHz) and the
 * quotient, rounded once, stays within a hundredth of a frame, on the
 * right side of every whole frame. */
static int64_t step_start(const sp_meter *m, int64_t k)
{
  return (int64_t)floor((double)k * m->rate / 100.0);
}

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
  const sp_layout *l = sp_layout_by_count(channels);
  if (!l) {
    *out = NULL;
    return SP_ERR_USAGE;
  }
  return sp_meter_new_layout(l, rate, pcm_bits, out);
}

sp_err sp_meter_new_layout(const sp_layout *l, double rate, int pcm_bits, sp_meter **out)
{
  *out = NULL;
  const int channels = l->n;
  if (channels < 1 || channels > SP_METER_MAX_CHANNELS || rate < 8000 || rate > 768000 ||
      full_scale(pcm_bits) == 0)
    return SP_ERR_USAGE;
  sp_meter *m = sp_xcalloc(1, sizeof *m);
  m->channels = channels;
  for (int c = 0; c < channels; c++)
    m->weight[c] = sp_layout_weight(l, c);
  m->clip_hi = full_scale(pcm_bits);
  sp_truepeak_init(&m->tp, channels);
  m->rate = rate;
  m->step = (size_t)(step_start(m, 1) - step_start(m, 0));
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

/* BS.1770's absolute gate, -70 LUFS, as a mean square. */
static const double ABS_GATE = 1.1724653045822981e-7; /* 10^((-70 + 0.691) / 10) */

static void keep(blocks *b, double z)
{
  if (!(z >= ABS_GATE))
    return;
  SP_GROW(b->z, b->n, b->cap);
  b->z[b->n++] = z;
}

/* Loudness of a window's energy (Σ channels Σ y² over `frames`), LUFS. */
static double window_lufs(double energy, double frames)
{
  return energy > 0 ? -0.691 + 10.0 * log10(energy / frames) : -INFINITY;
}

/* Two channels side by side, one in each element: the same operations as
 * one at a time, so the same bits. */
typedef double v2d __attribute__((vector_size(16)));

/* One K-weighting section (direct form I) of x, with its state z[0..4).
 * The feedback term of the last output is added last: it alone waits for
 * the previous sample, so each sample's chain is one multiply and one
 * subtraction long. */
static inline v2d section(const kfilt *f, v2d *z, v2d x)
{
  v2d y = f->b0 * x + f->b1 * z[0] + f->b2 * z[1] - f->a2 * z[3] - f->a1 * z[2];
  z[1] = z[0], z[0] = x, z[3] = z[2], z[2] = y;
  return y;
}

/* Planes x0 and x1 through the shelf and the high-pass, each with its state
 * (z: x1 x2 y1 y2 of each section), the squares added to e0 and e1 (x1 ==
 * x0: one channel, reckoned twice). */
SP_CLONES
static void k_weigh(const kfilt *shelf, const kfilt *hp, const float *x0, const float *x1,
                    size_t frames, double *restrict z0, double *restrict z1, double *e0,
                    double *e1)
{
  v2d z[8];
  for (int k = 0; k < 8; k++)
    z[k] = (v2d){z0[k], z1[k]};
  v2d e = {*e0, *e1};
  for (size_t i = 0; i < frames; i++) {
    v2d w = section(hp, z + 4, section(shelf, z, (v2d){x0[i], x1[i]}));
    e += w * w;
  }
  for (int k = 0; k < 8; k++)
    z0[k] = z[k][0], z1[k] = z[k][1];
  *e0 = e[0], *e1 = e[1];
}

/* Eight lanes side by side, one a plane: the same operations as one at a
 * time, so the same bits (a lane's chain is as long as alone: eight cost
 * about what two do). */
typedef double v8d __attribute__((vector_size(64)));

/* section on eight lanes, *x in and out (by pointer: a 64-byte vector is
 * passed in registers only where AVX-512 is). */
static inline void section8(const kfilt *f, v8d *z, v8d *x)
{
  v8d y = f->b0 * *x + f->b1 * z[0] + f->b2 * z[1] - f->a2 * z[3] - f->a1 * z[2];
  z[1] = z[0], z[0] = *x, z[3] = z[2], z[2] = y;
  *x = y;
}

/* k_weigh of the planes x[0..8), lane l's state z[l] and sum e[l]. */
SP_CLONES
static void k_weigh8(const kfilt *shelf, const kfilt *hp, const float *const *x, size_t frames,
                     double (*restrict z)[8], double *restrict e)
{
  v8d v[8], s;
  for (int k = 0; k < 8; k++)
    for (int l = 0; l < 8; l++)
      v[k][l] = z[l][k];
  for (int l = 0; l < 8; l++)
    s[l] = e[l];
  for (size_t i = 0; i < frames; i++) {
    v8d w = {x[0][i], x[1][i], x[2][i], x[3][i], x[4][i], x[5][i], x[6][i], x[7][i]};
    section8(shelf, v, &w);
    section8(hp, v + 4, &w);
    s += w * w;
  }
  for (int k = 0; k < 8; k++)
    for (int l = 0; l < 8; l++)
      z[l][k] = v[k][l];
  for (int l = 0; l < 8; l++)
    e[l] = s[l];
}

/* The denormal guard of flush (below), on the states of m's loudness channels. */
static void quiet_states(sp_meter *m)
{
  /* Once the input falls silent the filters' outputs decay towards the
   * denormals (below 2.2e-308), where every operation costs a hundred
   * times more: a programme with silences, or a diff's residual, metered
   * eight times slower. A state below 1e-100 is set to 0, far below any
   * float sample (the smallest is 1.4e-45), so no level read changes; only
   * a window of decaying tail reads silence (NAN) instead of -2000 LUFS. In
   * one 10 ms step a state decays by e^-75 at most, so from 1e-100 it
   * stays far from the denormals, its square too. */
  for (int c = 0; c < m->channels; c++)
    for (int j = 0; j < 8 && m->weight[c] != 0; j++)
      if (fabs(m->z[c][j]) < 1e-100)
        m->z[c][j] = 0;
}

/* The channels m's loudness reads (the LFE is not part of it), into chs. */
static size_t loud_channels(const sp_meter *m, size_t *chs)
{
  size_t n = 0;
  for (size_t c = 0; c < (size_t)m->channels; c++)
    if (m->weight[c] != 0)
      chs[n++] = c;
  return n;
}

static void step_done(sp_meter *m);

/* Add `frames` frames of the planes ch (all within one step); at a step
 * boundary read the momentary and short-term loudness. */
static void flush(sp_meter *m, const float *const *ch, size_t frames)
{
  if (frames == 0)
    return;
  /* K-weighted energy of these frames, two channels at a time: their
   * recursions are independent, so the core overlaps them. Each channel's
   * sum runs on from where the last call left it, so its additions come in
   * the same order however the step was cut. */
  size_t chs[SP_METER_MAX_CHANNELS];
  const size_t n = loud_channels(m, chs);
  for (size_t k = 0; k < n; k += 2) {
    const size_t c0 = chs[k], c1 = k + 1 < n ? chs[k + 1] : chs[k];
    double *z0 = m->z[c0], e0 = m->step_energy[c0];
    double z1[8], e1 = m->step_energy[c1];
    memcpy(z1, m->z[c1], sizeof z1);
    k_weigh(&m->shelf, &m->hipass, ch[c0], ch[c1], frames, z0, z1, &e0, &e1);
    m->step_energy[c0] = e0;
    if (c1 != c0) {
      memcpy(m->z[c1], z1, sizeof z1);
      m->step_energy[c1] = e1;
    }
  }
  quiet_states(m);
  step_done(m);
}

/* At the end of a step (m->fill reached m->step): its energy into the
 * ring, the windows' loudness read, the blocks kept. */
static void step_done(sp_meter *m)
{
  const size_t C = (size_t)m->channels;
  if (m->fill < m->step)
    return;
  m->fill = 0;
  m->steps++;
  m->step = (size_t)(step_start(m, m->steps + 1) - step_start(m, m->steps));
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
  /* the windows' lengths in frames: the steps they span */
  const double m_frames = (double)(step_start(m, m->steps) - step_start(m, m->steps - M_STEPS));
  const double s_frames = (double)(step_start(m, m->steps) - step_start(m, m->steps - S_STEPS));
  double mo = window_lufs(em, m_frames);
  double sh = window_lufs(es, s_frames);
  if (m->steps >= M_STEPS && m->steps % 10 == 0)
    keep(&m->gating, em / m_frames);
  if (m->steps >= S_STEPS && m->steps % 100 == 0)
    keep(&m->shortterm, es / s_frames);
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

void sp_meter_loudness_only(sp_meter *m) { m->loudness_only = true; }

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

/* The largest magnitude in x (NaNs left out) and how many samples are at
 * or beyond full scale (hi, or -1). */
SP_CLONES
static float peak_and_clips(const float *x, size_t n, float hi, int64_t *clipped)
{
  int64_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += (x[i] >= hi) | (x[i] <= -1.0f);
  *clipped += k;
  return sp_abs_peak_f32(x, n);
}

/* The loudness of frames of the planes ch: cut at the 10 ms steps. */
static void add_loudness(sp_meter *m, const float *const *ch, size_t frames)
{
  const size_t C = (size_t)m->channels;
  size_t i = 0;
  while (i < frames) {
    size_t n = m->step - m->fill;
    if (n > frames - i)
      n = frames - i;
    const float *at[SP_METER_MAX_CHANNELS];
    for (size_t c = 0; c < C; c++)
      at[c] = ch[c] + i;
    m->fill += n;
    i += n;
    flush(m, at, n);
  }
}

/* A true peak of the programme (linear) into m's shared bound, where it
 * is higher. */
static void raise_known(sp_meter *m, float tp)
{
  uint32_t was = atomic_load_explicit(&m->tp_known, memory_order_relaxed);
  for (;;) {
    union { uint32_t u; float f; } cur = {was}, next = {.f = tp};
    if (!(tp > cur.f) || atomic_compare_exchange_weak_explicit(&m->tp_known, &was, next.u,
                                                               memory_order_relaxed,
                                                               memory_order_relaxed))
      return;
  }
}

static float known_of(sp_meter *m)
{
  union { uint32_t u; float f; } b = {atomic_load_explicit(&m->tp_known, memory_order_relaxed)};
  return b.f;
}

/* sp_meter_add but for the true peak. */
/* The sample peak and clipped count of frames of ch. */
static void add_sample_peaks(sp_meter *m, const float *const *ch, size_t frames)
{
  const size_t C = (size_t)m->channels;
  /* Integer PCM's positive full scale is a step short of 1: clip_hi, a
   * double, is exact as a float too (1 - 2^-(bits-1), bits <= 24), and for
   * 32-bit PCM rounds up to 1, as the samples themselves round. */
  const float hi = (float)m->clip_hi;
  for (size_t c = 0; c < C && !m->loudness_only; c++) {
    float peak = peak_and_clips(ch[c], frames, hi, &m->clipped);
    if (peak > m->sample_peak)
      m->sample_peak = peak;
  }
}

static void add_but_true_peak(sp_meter *m, const float *const *ch, size_t frames)
{
  add_sample_peaks(m, ch, frames);
  add_loudness(m, ch, frames);
  m->frames += (int64_t)frames;
}

void sp_meter_add(sp_meter *m, const float *const *ch, size_t frames)
{
  if (!m->tp_by && !m->loudness_only)
    m->tp_max = fmaxf(m->tp_max, sp_truepeak_max(&m->tp, ch, frames, m->tp_max));
  add_but_true_peak(m, ch, frames);
}

/* Meters that step together: one channel count, rate and layout, at one
 * frame. */
static bool in_step(sp_meter *const *m, size_t n)
{
  if (n < 1 || n > 4)
    return false;
  for (size_t q = 1; q < n; q++) {
    if (m[q]->channels != m[0]->channels || m[q]->rate != m[0]->rate ||
        m[q]->frames != m[0]->frames || m[q]->fill != m[0]->fill || m[q]->step != m[0]->step)
      return false;
    for (int c = 0; c < m[0]->channels; c++)
      if (m[q]->weight[c] != m[0]->weight[c])
        return false;
  }
  return true;
}

/* flush on n meters in step, m[q] taking ch[q], their K-weighting in one
 * k_weigh8: each channel pair of each meter two of its lanes. */
static void flush_together(sp_meter *const *m, const float *const *const *ch, size_t n,
                           size_t at, size_t frames)
{
  size_t chs[SP_METER_MAX_CHANNELS];
  const size_t nc = loud_channels(m[0], chs);
  for (size_t k = 0; k < nc && frames > 0; k += 2) {
    const size_t c[2] = {chs[k], k + 1 < nc ? chs[k + 1] : chs[k]};
    const float *x[8];
    double z[8][8], e[8];
    for (size_t l = 0; l < 8; l++) {
      const size_t q = l / 2 < n ? l / 2 : 0; /* the lanes past the meters: meter 0's again */
      x[l] = ch[q][c[l % 2]] + at;
      memcpy(z[l], m[q]->z[c[l % 2]], sizeof z[l]);
      e[l] = m[q]->step_energy[c[l % 2]];
    }
    k_weigh8(&m[0]->shelf, &m[0]->hipass, x, frames, z, e);
    for (size_t l = 0; l < 2 * n; l++)
      if (l % 2 == 0 || c[1] != c[0]) {
        memcpy(m[l / 2]->z[c[l % 2]], z[l], sizeof z[l]);
        m[l / 2]->step_energy[c[l % 2]] = e[l];
      }
  }
  for (size_t q = 0; q < n; q++) {
    quiet_states(m[q]);
    step_done(m[q]);
  }
}

void sp_meter_add_together(sp_meter *const *m, const float *const *const *ch, size_t n,
                           size_t frames)
{
  if (!in_step(m, n)) {
    for (size_t q = 0; q < n; q++)
      sp_meter_add(m[q], ch[q], frames);
    return;
  }
  for (size_t q = 0; q < n; q++) {
    if (!m[q]->tp_by && !m[q]->loudness_only)
      m[q]->tp_max = fmaxf(m[q]->tp_max, sp_truepeak_max(&m[q]->tp, ch[q], frames, m[q]->tp_max));
    add_sample_peaks(m[q], ch[q], frames);
  }
  for (size_t i = 0; i < frames;) { /* cut at the steps, as add_loudness */
    const size_t k = m[0]->step - m[0]->fill < frames - i ? m[0]->step - m[0]->fill : frames - i;
    for (size_t q = 0; q < n; q++)
      m[q]->fill += k;
    flush_together(m, ch, n, i, k);
    i += k;
  }
  for (size_t q = 0; q < n; q++)
    m[q]->frames += (int64_t)frames;
}

/* Whether m measures its own true peak, of `channels`. */
static bool own_true_peak(const sp_meter *m, int channels)
{
  return m->channels == channels && !m->tp_by && !m->loudness_only;
}

/* Part m's frames ch[.][0 .. n), whose true-peak estimates whole's
 * detector gave in est[0 .. n) (exact above m's maximum): those of its
 * first SP_METER_BEFORE frames (points made of frames before its start,
 * zeros for it alone) measured by its own detector, the rest taken. */
static void part_true_peak(sp_meter *m, const float *const *ch, size_t n, const float *est)
{
  size_t own = m->frames < SP_METER_BEFORE ? (size_t)(SP_METER_BEFORE - m->frames) : 0;
  own = own < n ? own : n;
  if (own)
    m->tp_max = fmaxf(m->tp_max, sp_truepeak_max(&m->tp, ch, own, m->tp_max));
  const float *rest[SP_METER_MAX_CHANNELS];
  for (int c = 0; c < m->channels; c++)
    rest[c] = ch[c] + own;
  sp_truepeak_pass(&m->tp, rest, n - own);
  for (size_t i = own; i < n; i++)
    m->tp_max = est[i] > m->tp_max ? est[i] : m->tp_max;
}

void sp_meter_add_parts(sp_meter *whole, sp_meter *const *part, const size_t *len, size_t n_parts,
                        const float *const *ch, size_t frames)
{
  bool once = own_true_peak(whole, whole->channels);
  for (size_t p = 0; p < n_parts; p++)
    once = once && own_true_peak(part[p], whole->channels);
  size_t p = 0, in_p = 0; /* the part the next frame is of, and its frames before it */
  enum { PIECE = 1024 };
  float est[PIECE];
  for (size_t t = 0; t < frames; t += PIECE) {
    const size_t n = frames - t < PIECE ? frames - t : PIECE;
    const float *at[SP_METER_MAX_CHANNELS];
    for (int c = 0; c < whole->channels; c++)
      at[c] = ch[c] + t;
    if (once) {
      /* interpolated where it could raise any of the maxima it feeds */
      float level = whole->tp_max;
      for (size_t q = p, seen = 0; q < n_parts && seen < n; q++) {
        level = part[q]->tp_max < level ? part[q]->tp_max : level;
        seen += len[q] - (q == p ? in_p : 0);
      }
      sp_truepeak_process_over(&whole->tp, at, n, est, level);
      for (size_t i = 0; i < n; i++)
        whole->tp_max = est[i] > whole->tp_max ? est[i] : whole->tp_max;
    } else if (!whole->tp_by && !whole->loudness_only) {
      whole->tp_max = fmaxf(whole->tp_max, sp_truepeak_max(&whole->tp, at, n, whole->tp_max));
    }
    add_but_true_peak(whole, at, n);
    for (size_t i = 0; i < n;) {
      while (p < n_parts && len[p] == in_p) { /* a part of no frames left: the next */
        p++;
        in_p = 0;
      }
      if (p == n_parts) /* frames past the parts: the whole's alone */
        break;
      const size_t k = len[p] - in_p < n - i ? len[p] - in_p : n - i;
      const float *pa[SP_METER_MAX_CHANNELS];
      for (int c = 0; c < part[p]->channels; c++)
        pa[c] = at[c] + i;
      if (once) {
        part_true_peak(part[p], pa, k, est + i);
        add_but_true_peak(part[p], pa, k);
      } else {
        sp_meter_add(part[p], pa, k);
      }
      i += k;
      in_p += k;
    }
  }
}

_Static_assert(SP_METER_BEFORE == 2 * SP_TP_HALF - 1, "the true peak's history");

void sp_meter_peaks_of(sp_meter *m, const float *const *ch, size_t frames, sp_meter_peaks *out)
{
  *out = (sp_meter_peaks){0, 0, 0};
  if (m->loudness_only)
    return;
  const float hi = (float)m->clip_hi; /* as sp_meter_add */
  for (int c = 0; c < m->channels; c++) {
    float peak = peak_and_clips(ch[c], frames, hi, &out->clipped);
    if (peak > out->sample)
      out->sample = peak;
  }
  if (m->tp_by)
    return;
  /* a detector stood where the frames before these have passed: what the
   * meter's own would hold */
  sp_truepeak tp;
  sp_truepeak_init(&tp, m->channels);
  sp_truepeak_start(&tp, ch);
  /* Skipped frames count as 0, but only where they cannot reach above the
   * bound: the block's figure with it is the block's true peak wherever
   * that is above the bound, and the bound a true peak some block had. So
   * the largest of all blocks' figures is the programme's true peak,
   * whichever blocks raised the bound first. */
  out->true_peak = sp_truepeak_max(&tp, ch, frames, known_of(m));
  raise_known(m, out->true_peak);
}

void sp_meter_add_measured(sp_meter *m, const float *const *ch, size_t frames,
                           const sp_meter_peaks *p)
{
  if (!m->loudness_only) {
    if (p->sample > m->sample_peak)
      m->sample_peak = p->sample;
    m->clipped += p->clipped;
  }
  add_loudness(m, ch, frames);
  if (!m->tp_by && !m->loudness_only) {
    /* The true peak measured above any bound sp_meter_peaks_of shared is, with
     * the maximum so far, the one sp_truepeak_max would give here
     * (core/dsp/truepeak.h); the detector is left as it would be. */
    m->tp_max = fmaxf(m->tp_max, p->true_peak);
    const float *end[SP_METER_MAX_CHANNELS];
    for (int c = 0; c < m->channels; c++)
      end[c] = ch[c] + frames;
    sp_truepeak_start(&m->tp, end);
  }
  m->frames += (int64_t)frames;
}

static double level_or_nan(double v) { return isfinite(v) ? v : NAN; }

static double peak_db(double lin) { return lin > 0 ? 20.0 * log10(lin) : -INFINITY; }

struct sp_meters {
  int n;
  sp_meter *m[SP_MAX_CHANNELS];
};

static double true_peak(const sp_meter *m)
{
  if (m->tp_by) { /* BS.1770's true peak is a channel's; the programme's, the largest */
    double tp = m->sample_peak;
    for (int c = 0; c < m->tp_by->n; c++) {
      const double ch = true_peak(m->tp_by->m[c]);
      tp = ch > tp ? ch : tp;
    }
    return tp;
  }
  double tp = fmaxf(m->tp_max, sp_truepeak_tail(&m->tp));
  /* Never below the sample peak (the detector holds the samples too; this
   * only guards the float-to-double step). */
  return tp > m->sample_peak ? tp : m->sample_peak;
}

static double lufs(double z) { return 10.0 * log10(z) - 0.691; }

/* Integrated loudness (BS.1770-4): the mean of the gating blocks at or
 * above a relative gate 10 LU under the mean of all of them. */
static double integrated(const blocks *b)
{
  double sum = 0;
  for (size_t i = 0; i < b->n; i++)
    sum += b->z[i];
  if (b->n == 0)
    return NAN;
  const double gate = sum / (double)b->n * 0.1;
  double kept = 0;
  size_t n = 0;
  for (size_t i = 0; i < b->n; i++)
    if (b->z[i] >= gate)
      kept += b->z[i], n++;
  return n ? lufs(kept / (double)n) : NAN;
}

/* Loudness range (EBU Tech 3342): of the short-term blocks at or above a
 * relative gate 20 LU under their mean, the 95th percentile's loudness
 * less the 10th's (the nearest ranks, as libebur128 takes them). */
static double range(const blocks *b)
{
  if (b->n == 0)
    return 0;
  double *v = memcpy(sp_xmalloc(b->n * sizeof *v), b->z, b->n * sizeof *v);
  qsort(v, b->n, sizeof *v, sp_cmp_double);
  double sum = 0;
  for (size_t i = 0; i < b->n; i++)
    sum += v[i];
  const double gate = sum / (double)b->n * 0.01;
  size_t first = 0;
  while (first < b->n && v[first] < gate)
    first++;
  double lra = 0;
  const size_t n = b->n - first;
  if (n > 0)
    lra = lufs(v[first + (size_t)((double)(n - 1) * 0.95 + 0.5)]) -
          lufs(v[first + (size_t)((double)(n - 1) * 0.1 + 0.5)]);
  free(v);
  return lra;
}

void sp_meter_result(const sp_meter *m, sp_loudness *out)
{
  out->integrated_lufs = integrated(&m->gating);
  out->range_lu = isnan(out->integrated_lufs) ? NAN : range(&m->shortterm);
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
  free(m->gating.z);
  free(m->shortterm.z);
  free(m->t_end);
  free(m->m_series);
  free(m->s_series);
  free(m);
}

sp_meters *sp_meters_new(int channels, double rate, int pcm_bits)
{
  if (channels < 1 || channels > SP_MAX_CHANNELS)
    return NULL;
  sp_meters *ms = sp_xcalloc(1, sizeof *ms);
  ms->n = channels;
  for (int c = 0; c < channels; c++)
    if (sp_meter_new(1, rate, pcm_bits, &ms->m[c]) != SP_OK) {
      sp_meters_free(ms);
      return NULL;
    }
  return ms;
}

void sp_meters_add(sp_meters *m, const float *const *ch, size_t frames)
{
  for (int c = 0; c < m->n; c++)
    sp_meter_add(m->m[c], &ch[c], frames);
}

void sp_meters_result(const sp_meters *m, sp_channel_figures *out)
{
  for (int c = 0; c < m->n; c++) {
    sp_loudness l;
    sp_meter_result(m->m[c], &l);
    out[c] = (sp_channel_figures){l.integrated_lufs, l.true_peak_dbtp, l.sample_peak_dbfs};
  }
}

int sp_meters_count(const sp_meters *m) { return m->n; }

sp_meter *sp_meters_channel(const sp_meters *m, int c) { return m->m[c]; }

sp_err sp_meter_peak_from(sp_meter *m, const sp_meters *each)
{
  if (!each || each->n != m->channels)
    return SP_ERR_USAGE;
  m->tp_by = each;
  return SP_OK;
}

void sp_meters_free(sp_meters *m)
{
  if (!m)
    return;
  for (int c = 0; c < m->n; c++)
    sp_meter_free(m->m[c]);
  free(m);
}

int sp_loudness_decimals(double value, double target, double tolerance)
{
  const double d = value - target;
  const bool inside = fabs(d) <= tolerance + 1e-9; /* as every judge holds it */
  int n = 1;
  for (double scale = 10; n < 6; n++, scale *= 10) { /* d as "%+.*f" rounds it, and the limit */
    const double said = nearbyint(d * scale) / scale, limit = nearbyint(tolerance * scale) / scale;
    if ((fabs(said) <= limit + 1e-9) == inside)
      break;
  }
  return n;
}

void sp_loudness_band(char *buf, size_t size, double target, double tolerance)
{
  if (isnan(tolerance))
    snprintf(buf, size, "at most %.1f LUFS", target);
  else
    snprintf(buf, size, "target %.1f LUFS ± %.1f LU", target, tolerance);
}

char *sp_loudness_too_short(const char *what, int64_t frames, double rate)
{
  const int64_t block = (int64_t)floor(40.0 * rate / 100.0); /* step_start(40): 400 ms */
  if (rate <= 0 || frames >= block)
    return NULL;
  return sp_xasprintf("%s is %.3f s, too short to measure its integrated loudness, which takes "
                      "at least %.3f s: one 400 ms gating block",
                      what, (double)frames / rate, (double)block / rate);
}
