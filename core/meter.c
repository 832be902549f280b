/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loudness meter: libebur128 fed in 10 ms steps.
 *
 *   planar blocks ─► interleave, cut at every 10 ms of programme time
 *                 ─► ebur128_add_frames_float ─► at each 10 ms boundary:
 *                      momentary and short-term loudness ─► running maxima
 *                 ─► sample peak and clipped count, on the way in
 *
 * Cutting at absolute 10 ms boundaries (not at the caller's block edges)
 * makes the maxima independent of how the programme was fed. */

#include "core/meter.h"

#include "core/alloc.h"

#include <ebur128.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

struct sp_meter {
  ebur128_state *st;
  int channels;
  size_t step;  /* frames in 10 ms */
  size_t fill;  /* frames of the current step already added */
  float *inter; /* one step, interleaved */
  double m_max, s_max;
  double sample_peak;
  int64_t clipped, frames;
  int64_t steps; /* 10 ms steps completed */
  /* the series, when kept: a point every 100 ms */
  bool series;
  size_t n_series, cap_series;
  double *t_end, *m_series, *s_series;
};

sp_err sp_meter_new(int channels, double rate, sp_meter **out)
{
  *out = NULL;
  if (channels < 1 || channels > 2 || rate < 8000 || rate > 768000)
    return SP_ERR_USAGE;
  ebur128_state *st = ebur128_init((unsigned)channels, (unsigned long)rate,
                                   EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I |
                                       EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
  if (!st)
    return SP_ERR_USAGE;
  sp_meter *m = sp_xcalloc(1, sizeof *m);
  m->st = st;
  m->channels = channels;
  m->step = (size_t)(rate / 100.0 + 0.5);
  m->inter = sp_xcalloc(m->step * (size_t)channels, sizeof *m->inter);
  m->m_max = m->s_max = -INFINITY;
  *out = m;
  return SP_OK;
}

/* Add the interleaved frames buffered so far; at a step boundary read the
 * momentary and short-term loudness. */
static void flush(sp_meter *m, size_t frames, size_t first)
{
  if (frames == 0)
    return;
  ebur128_add_frames_float(m->st, m->inter + first * (size_t)m->channels, frames);
  if (m->fill < m->step)
    return;
  m->fill = 0;
  m->steps++;
  double mo = -INFINITY, sh = -INFINITY;
  if (ebur128_loudness_momentary(m->st, &mo) == EBUR128_SUCCESS && mo > m->m_max)
    m->m_max = mo;
  if (ebur128_loudness_shortterm(m->st, &sh) == EBUR128_SUCCESS && sh > m->s_max)
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
        if (a >= 1.0)
          m->clipped++;
        dst[k * C] = x;
      }
    }
    m->fill += n;
    i += n;
    flush(m, n, start);
  }
  m->frames += (int64_t)frames;
}

static double level_or_nan(double v) { return isfinite(v) ? v : NAN; }

static double peak_db(double lin) { return lin > 0 ? 20.0 * log10(lin) : -INFINITY; }

static double true_peak(const sp_meter *m)
{
  double tp = 0;
  for (int c = 0; c < m->channels; c++) {
    double v;
    if (ebur128_true_peak(m->st, (unsigned)c, &v) == EBUR128_SUCCESS && v > tp)
      tp = v;
  }
  /* The true peak is never below the sample peak; libebur128's
   * interpolator can read a hair under it. */
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

void sp_meter_group_result(const sp_meter *const *ms, size_t n, sp_loudness *out)
{
  ebur128_state **sts = sp_xcalloc(n ? n : 1, sizeof *sts);
  double m_max = -INFINITY, s_max = -INFINITY, tp = 0, sp = 0;
  int64_t clipped = 0, frames = 0;
  for (size_t i = 0; i < n; i++) {
    sts[i] = ms[i]->st;
    m_max = fmax(m_max, ms[i]->m_max);
    s_max = fmax(s_max, ms[i]->s_max);
    tp = fmax(tp, true_peak(ms[i]));
    sp = fmax(sp, ms[i]->sample_peak);
    clipped += ms[i]->clipped;
    frames += ms[i]->frames;
  }
  double v;
  out->integrated_lufs =
      ebur128_loudness_global_multiple(sts, n, &v) == EBUR128_SUCCESS ? level_or_nan(v) : NAN;
  out->range_lu = NAN;
  if (!isnan(out->integrated_lufs) &&
      ebur128_loudness_range_multiple(sts, n, &v) == EBUR128_SUCCESS)
    out->range_lu = level_or_nan(v);
  out->momentary_max_lufs = level_or_nan(m_max);
  out->shortterm_max_lufs = level_or_nan(s_max);
  out->true_peak_dbtp = peak_db(tp);
  out->sample_peak_dbfs = peak_db(sp);
  out->clipped = clipped;
  out->frames = frames;
  free(sts);
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
