/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test's passes over the files (core/measure/nulltest_pass.h):
 * spans read in time order by one thread and measured by many, the loud
 * spots' bands, the searches for each fit's lag and gain. */

#include "core/measure/nulltest_pass.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- a pass over the files ----------------------------------------------- */

/* Reading and decoding the files is most of a pass, and what is measured
 * must come in time order (each sum is one chain of additions, so that its
 * bits never depend on the threads). So a pass reads SPAN frames at a
 * time, GROUP spans side by side (a group), each reading task with
 * readers of its own, while the group read before is measured by tasks of
 * their own, each going through it in time order; the same plan at any -j
 * (a render's profile measures the plan), on no more threads than it has
 * tasks a round or the machine has cores (core/base/pool.h):
 *
 *   round k:  read group k + 1, a task a span  ║  measure group k, a task a measure:
 *                                              ║  the statistics, the bands, each
 *                                              ║  correlator
 *
 * Memory: two groups of spans, whatever the files' length, and a reader
 * a span of a group. Four spans of a block a round (half the memory of
 * -j 2's two spans of four blocks, before): the reference session's
 * read-back has a span (longest path) of 0.07 s against 0.11 s, with 0.8 MB
 * more at its peak; eight, 0.035 s, for 2.8 MB more. More spans a round
 * shorten the reading, not the measures, each a chain through every span
 * (their longest is most of the span); up to 16 a round with as many
 * threads, as before, left -j 16 with 2.8 MB more than -j 2 and a plan of
 * its own. */
enum { SPAN = BLOCK, GROUP = 4 };

/* Read span k with readers rd: read_block for each of its blocks, and its
 * peaks. */
static void read_span(pass *p, size_t k, reader *rd)
{
  files *f = p->f;
  span *sp = &p->reading[k];
  const size_t C = (size_t)f->channels, n = f->n - 1;
  const bool st = p->ms->st != NULL;
  if (rd->next != sp->at &&
      (sp->err = null_files_rewind(&rd->f, sp->at, sp->why, sizeof sp->why)) != SP_OK)
    return;
  rd->next = -1;
  block b = {.clipped = sp->clipped, .stem = sp->stem ? sp_xcalloc(n, sizeof(float *)) : NULL};
  for (size_t off = 0; off < sp->frames; off += BLOCK) {
    const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK, m = len * C;
    b.r = sp->r ? sp->r + off * C : rd->r;
    b.mix = sp->mix ? sp->mix + off * C : rd->mix;
    b.m = sp->m + off;
    b.s = sp->s + off;
    for (size_t i = 0; b.stem && i < n; i++)
      b.stem[i] = sp->stem[i] ? sp->stem[i] + off : NULL;
    b.a = st ? rd->a : NULL;
    b.full = st && f->any_int ? rd->full : NULL;
    if ((sp->err = null_read_block(&rd->f, &b, sp->at + (int64_t)off, len, sp->why, sizeof sp->why)) !=
        SP_OK)
      break;
    if (st) {
      sp->peak = null_abs_max(b.r, m, sp->peak);
      sp->unclipped = b.full ? null_abs_max_unmarked(b.r, b.full, m, sp->unclipped) : sp->peak;
      sp->mix_peak = null_abs_max(b.mix, m, sp->mix_peak);
      sp->abs_peak = null_abs_max(b.a, m, sp->abs_peak);
    }
    if (sp->rm)
      for (size_t t = 0; t < len; t++)
        sp->rm[off + t] = b.s[t] - b.m[t];
  }
  free(b.stem);
  if (sp->err == SP_OK)
    rd->next = sp->at + (int64_t)sp->frames;
}

/* One measure over the group read last round, span by span, block by
 * block, in time order. */
static void measure_group(pass *p, measure_task *t)
{
  const size_t C = (size_t)p->f->channels;
  const measures *ms = p->ms;
  for (size_t k = 0; k < p->group && p->measuring[k].frames; k++) {
    const span *sp = &p->measuring[k];
    switch (t->kind) {
    case M_STATS: {
      stats *st = ms->st;
      st->peak = sp->peak > st->peak ? sp->peak : st->peak;
      st->unclipped = sp->unclipped > st->unclipped ? sp->unclipped : st->unclipped;
      st->mix_peak = sp->mix_peak > st->mix_peak ? sp->mix_peak : st->mix_peak;
      st->abs_peak = sp->abs_peak > st->abs_peak ? sp->abs_peak : st->abs_peak;
      for (size_t i = 0; i < p->f->n; i++)
        st->clipped[i] += sp->clipped[i];
      for (size_t off = 0; off < sp->frames; off += BLOCK) {
        const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK;
        const block b = {
            .r = sp->r + off * C, .mix = sp->mix + off * C, .m = sp->m + off, .s = sp->s + off};
        null_stats_block(st, &b, sp->at + (int64_t)off, len, C);
      }
      break;
    }
    case M_BANDS: {
      const size_t W = ms->bd->W;
      /* whole windows within each block, as the blocks were read */
      for (size_t off = 0; off < sp->frames; off += BLOCK) {
        const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK;
        for (size_t w = 0; w + W <= len; w += W, (*ms->windows)++)
          null_bands_measure(ms->bd, sp->r + (off + w) * C, C, ms->power);
      }
      break;
    }
    case M_SUM: sp_xcorr_push(ms->sum, sp->m, sp->s, sp->frames); break;
    case M_STEM: {
      const float *st = sp->stem[t->stem];
      for (size_t i = 0; i < sp->frames; i++)
        t->e[i] = st[i] - sp->rm[i];
      sp_xcorr_push(ms->stem[t->stem], t->e, st, sp->frames);
      break;
    }
    }
  }
}

static void pass_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  pass *p = ctx;
  if (i >= p->n_read)
    measure_group(p, &p->tasks[i - p->n_read]);
  else if (!p->in_order)
    read_span(p, i, &p->readers[i]);
  else /* one task reads the group, span after span */
    for (size_t k = 0; k < p->group && p->reading[k].frames; k++) {
      read_span(p, k, &p->readers[0]);
      if (p->reading[k].err != SP_OK)
        break;
    }
}

static void span_alloc(span *sp, const pass *p)
{
  const size_t C = (size_t)p->f->channels, n = p->f->n - 1, S = p->span;
  memset(sp, 0, sizeof *sp);
  if (p->keep_r) {
    sp->r = sp_xcalloc(S * C, sizeof *sp->r);
    sp->mix = sp_xcalloc(S * C, sizeof *sp->mix);
  }
  sp->m = sp_xcalloc(S, sizeof *sp->m);
  sp->s = sp_xcalloc(S, sizeof *sp->s);
  sp->rm = p->stems ? sp_xcalloc(S, sizeof *sp->rm) : NULL;
  if (p->stems) {
    sp->stem = sp_xcalloc(n, sizeof *sp->stem);
    for (size_t i = 0; i < n; i++)
      if (p->ms->stem[i])
        sp->stem[i] = sp_xcalloc(S, sizeof(float));
  }
  sp->clipped = sp_xcalloc(p->f->n, sizeof *sp->clipped);
}

static void span_free(span *sp, size_t n_stems)
{
  free(sp->r);
  free(sp->mix);
  free(sp->m);
  free(sp->s);
  free(sp->rm);
  for (size_t i = 0; sp->stem && i < n_stems; i++)
    free(sp->stem[i]);
  free(sp->stem);
  free(sp->clipped);
}

sp_err null_pass_run(files *f, const measures *ms, int threads, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels, n = f->n - 1;
  pass p = {.f = f, .ms = ms, .span = null_fit_frames(f->frames, SPAN)};
  const size_t B = null_fit_frames(f->frames, BLOCK);
  p.group = GROUP; /* the same plan at any -j */
  p.keep_r = ms->st || ms->bd;
  p.in_order = f->any_lossy;
  p.tasks = sp_xcalloc(3 + n, sizeof *p.tasks);
  if (ms->st)
    p.tasks[p.n_tasks++].kind = M_STATS;
  if (ms->bd)
    p.tasks[p.n_tasks++].kind = M_BANDS;
  if (ms->sum)
    p.tasks[p.n_tasks++].kind = M_SUM;
  for (size_t i = 0; ms->stem && i < n; i++)
    if (ms->stem[i]) {
      p.tasks[p.n_tasks++] = (measure_task){M_STEM, i, sp_xcalloc(p.span, sizeof(float))};
      p.stems = true;
    }
  sp_err err = SP_OK;
  p.readers = sp_xcalloc(p.group, sizeof *p.readers);
  for (size_t k = 0; k < p.group && err == SP_OK; k++) {
    reader *rd = &p.readers[k];
    err = null_files_open(&rd->f, f->media, f->path[0], f->path + 1, n, why, why_size);
    rd->f.shift = f->shift;
    rd->f.scale = f->scale;
    rd->f.cancel = f->cancel;
    rd->next = f->shift ? -1 : 0; /* a reader just opened stands at the start */
    rd->r = sp_xcalloc(B * C, sizeof *rd->r);
    rd->mix = sp_xcalloc(B * C, sizeof *rd->mix);
    rd->a = sp_xcalloc(B * C, sizeof *rd->a);
    rd->full = sp_xcalloc(B * C, 1);
  }
  span *spans = sp_xcalloc(2 * p.group, sizeof *spans);
  for (size_t k = 0; k < 2 * p.group; k++)
    span_alloc(&spans[k], &p);
  /* no more threads than a round has tasks (the pool keeps no more than
   * the machine's cores) */
  const size_t most = p.group + p.n_tasks;
  sp_pool *pool = sp_pool_new(threads <= 1 ? 1 : (size_t)threads < most ? threads : (int)most);
  p.reading = spans;
  p.measuring = spans + p.group;
  int64_t at = 0;
  bool measure = false; /* the other group holds spans read */
  while (err == SP_OK && (at < f->frames || measure)) {
    p.n_read = 0;
    for (size_t k = 0; k < p.group; k++) {
      span *sp = &p.reading[k];
      sp->at = at;
      sp->frames = at < f->frames ? (size_t)(f->frames - at < SPAN ? f->frames - at : SPAN) : 0;
      sp->peak = sp->unclipped = sp->mix_peak = sp->abs_peak = 0;
      memset(sp->clipped, 0, f->n * sizeof *sp->clipped);
      sp->err = SP_OK;
      p.n_read += sp->frames > 0;
      at += (int64_t)sp->frames;
    }
    if (p.in_order && p.n_read > 0)
      p.n_read = 1;
    p.n_measure = measure ? p.n_tasks : 0;
    if (p.n_read + p.n_measure > 0)
      sp_pool_run(pool, p.n_read + p.n_measure, pass_task, &p);
    for (size_t k = 0; k < p.group && p.reading[k].frames && err == SP_OK; k++)
      if ((err = p.reading[k].err) != SP_OK)
        snprintf(why, why_size, "%s", p.reading[k].why);
    span *t = p.reading;
    p.reading = p.measuring;
    p.measuring = t;
    measure = p.n_read > 0;
  }
  sp_pool_free(pool);
  for (size_t k = 0; k < 2 * p.group; k++)
    span_free(&spans[k], n);
  free(spans);
  for (size_t k = 0; k < p.group; k++) {
    null_files_close(&p.readers[k].f);
    free(p.readers[k].r);
    free(p.readers[k].mix);
    free(p.readers[k].a);
    free(p.readers[k].full);
  }
  free(p.readers);
  for (size_t i = 0; i < p.n_tasks; i++)
    free(p.tasks[i].e);
  free(p.tasks);
  return err;
}

sp_err null_pass_spots(files *f, bands *bd, sp_null_result *res, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels;
  block b = {sp_xcalloc(bd->W * C, sizeof(double)),
             sp_xcalloc(bd->W * C, sizeof(double)),
             NULL,
             NULL,
             NULL,
             NULL,
             NULL,
             NULL};
  sp_err err = SP_OK;
  for (size_t i = 0; i < res->n_worst && err == SP_OK; i++) {
    int64_t at = (int64_t)llround(res->worst[i].t_s * res->sample_rate);
    size_t n = f->frames - at < (int64_t)bd->W ? (size_t)(f->frames - at) : bd->W;
    if ((err = null_files_rewind(f, at, why, why_size)) != SP_OK ||
        (err = null_read_block(f, &b, at, n, why, why_size)) != SP_OK)
      break;
    memset(b.r + n * C, 0, (bd->W - n) * C * sizeof *b.r);
    double power[SP_NULL_BANDS] = {0};
    null_bands_measure(bd, b.r, C, power);
    int best = 0;
    for (int j = 1; j < SP_NULL_BANDS; j++)
      if (power[j] > power[best])
        best = j;
    res->worst[i].band_hz = power[best] > 0 ? sp_null_band_hz[best] : NAN;
  }
  free(b.r);
  free(b.mix);
  return err;
}

sp_err null_pass_search(files *f, const search *s, char *why, size_t why_size)
{
  const size_t n = f->n - 1, L = s->L;
  sp_xcorr_result *sum = s->sum, *per = s->per;
  const bool *want = s->want;
  sp_xcorr **xp = sp_xcalloc(n ? n : 1, sizeof *xp);
  sp_err err = SP_OK;
  size_t i = 0;
  for (bool first = true; err == SP_OK; first = false) {
    size_t k = 0, from = i;
    for (; i < n && k < SP_NULL_GROUP; i++)
      if (want[i])
        xp[i] = sp_xcorr_new(L, f->frames), k++;
    measures ms = {.bd = first ? s->bd : NULL,
                   .power = s->power,
                   .windows = s->windows,
                   .sum = first && sum ? sp_xcorr_new(L, f->frames) : NULL,
                   .stem = xp};
    if (k == 0 && !ms.sum && !ms.bd)
      break;
    err = null_pass_run(f, &ms, s->threads, why, why_size);
    if (err == SP_OK && ms.sum) {
      sp_xcorr_finish(ms.sum);
      sp_xcorr_result_get(ms.sum, sum);
    }
    sp_xcorr_free(ms.sum);
    for (size_t j = from; j < i; j++) {
      if (xp[j] && err == SP_OK) {
        sp_xcorr_finish(xp[j]);
        sp_xcorr_result_get(xp[j], &per[j]);
      }
      sp_xcorr_free(xp[j]);
      xp[j] = NULL;
    }
  }
  free(xp);
  return err;
}
