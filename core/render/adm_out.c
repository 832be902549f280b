/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.adm's files, rendered with the prints (core/render/renderer.h).
 *
 *   mix print's codes ──┐                          ┌─ gains + fold ─> mix_7.1.4.wav
 *   bed bus prints' ────┼─> tracks ─> mix_adm.wav  ├─ gains + fold ─> mix_5.1.wav
 *   object bus prints' ─┤   (codes)   (sink)       └─ gains + fold ─> mix_stereo.wav
 *   kept ADM objects ───┘   a stem's: its print, the beds and objects it holds
 *
 * A pipeline task per ADM BWF reads, block by block, the codes its prints'
 * outputs just wrote (output.kept): its tracks are the prints' samples bit
 * for bit, and leaves them in a slot for its re-renders, each a task of its
 * own (the re-renders of a block side by side, each file's blocks in
 * order). Each layout of master.adm.renders is rendered from them as the
 * file's reader finds its structure (the media's create_scene), at
 * core/dsp/adm_render.c's gains (BS.2127's), dithered (TPDF, seeded by its name) to 24 bits;
 * the mix's are metered as written. Then the files are null-tested as the
 * prints are (sp_null_files, through the media), Σ the stems' against the
 * mix's, and land with the prints in one step, or nothing does. */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/graph/query.h"
#include "core/measure/meter.h"
#include "core/render/kernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The immersive-music profile's LFE measure (docs/recipe.md): over the
 * whole re-render, 10 log10(Σ h² / Σ x²), x its LFE as written, h x
 * through a 4th-order Linkwitz-Riley high-pass at 200 Hz (two RBJ
 * Butterworth sections of q 0.7071); at most -30 dB passes. Its advice:
 * the same measure of x through a 4th-order Butterworth low-pass at each
 * of lfe_try_hz, the first that passes with LFE_ADVICE_MARGIN_DB to
 * spare. */
#define LFE_HP_HZ 200.0
#define LFE_MAX_DB (-30.0)
#define LFE_ADVICE_MARGIN_DB 1.0
static const double lfe_try_hz[] = {150, 120, 100, 90, 80, 70, 60, 50, 40, 30};
enum { N_LFE_TRY = sizeof lfe_try_hz / sizeof lfe_try_hz[0] };

/* A file being made: an ADM BWF, or a re-render with its panner, fold,
 * quantizer, meter and the profile's measures. */
typedef struct adm_file {
  const sp_adm_out_plan *plan;
  sp_sink *w;
  const sp_layout *l; /* a re-render's; NULL: the ADM BWF */
  sp_adm_renderer *r;
  sp_quantizer q;
  sp_meter *meter; /* the mix's re-renders */
  sp_biquad hp;
  sp_biquad_state hs[2];
  double lfe_high, lfe_all;
  int64_t lfe_frames;
  sp_biquad try_lp[N_LFE_TRY][2];
  sp_biquad_state try_ls[N_LFE_TRY][2], try_hs[N_LFE_TRY][2];
  double try_high[N_LFE_TRY], try_all[N_LFE_TRY];
  int64_t first_sound; /* the first frame not silent; -1: none */
  sp_loudness loud;
  /* a metered re-render's block k as written, for its measures' tasks: in
   * slot k mod RENDER_KEPT_SLOTS, [slot][channel], from frame met_t, met_n
   * frames, after the SP_METER_BEFORE frames written before them (the
   * true peak's interpolator reads them); their peaks */
  float *met[RENDER_KEPT_SLOTS][SP_MAX_CHANNELS];
  int64_t met_t[RENDER_KEPT_SLOTS];
  size_t met_n[RENDER_KEPT_SLOTS];
  sp_meter_peaks met_pk[RENDER_KEPT_SLOTS];
  int lfe; /* its LFE channel; -1: none */
} adm_file;

/* The tasks after the files' (render_adm_block): a metered re-render's
 * peaks (no state: blocks side by side), its loudness (block after block,
 * with the peaks), its LFE's measure, and each of the advice's low-passes
 * of it (try: which), side by side. */
typedef enum { ADM_PEAKS, ADM_LOUDNESS, ADM_LFE, ADM_LFE_TRY } adm_measure_kind;
typedef struct adm_measure {
  size_t file;
  adm_measure_kind kind;
  int try;
} adm_measure;

/* An ADM BWF and its re-renders: files [first, first + per). */
typedef struct adm_unit {
  int unit;          /* -1: the mix's; s: stem s's */
  size_t first;      /* its ADM BWF's index in files (and in g->adm_outs) */
  size_t bed;        /* the output whose codes are its first bed: the mix's or the stem's */
  sp_reader **kept;  /* [n_adm_srcs]: the kept files it holds, open; NULL: silence */
  int64_t t;         /* frames written */
  int64_t adm_first; /* the first frame not silent; -1: none */
  /* block k's tracks as its reader reads them, for the re-renders' tasks:
   * in slot k mod RENDER_KEPT_SLOTS, from frame in_t, in_n frames */
  float *in[RENDER_KEPT_SLOTS][SP_ADM_MAX_TRACKS];
  int64_t in_t[RENDER_KEPT_SLOTS];
  size_t in_n[RENDER_KEPT_SLOTS];
} adm_unit;

/* A thread's buffers for an ADM task's block (none outlives the block, so
 * they grow with the threads, not with the stems). */
typedef struct adm_scratch {
  int32_t *codes;  /* the tracks, interleaved, as the ADM BWF holds them */
  int32_t *rcodes; /* a re-render's */
  double *acc;     /* a re-render's sums */
  float *kbuf;     /* a kept file's frames, interleaved; the LFE advice's filter */
  float *ch[SP_MAX_CHANNELS]; /* a re-render */
} adm_scratch;

struct render_adm {
  adm_file *files;
  size_t n_files, per;
  adm_unit *units;
  size_t n_units;
  adm_scratch *scr; /* [R->threads] */
  adm_measure *measures; /* tasks n_files .. n_files + n_measures − 1 */
  size_t n_measures;
  sp_adm back;      /* the structure as the ADM BWF's reader finds it */
};

static sp_err fail(renderer *R, sp_err err, const char *at, const char *why)
{
  sp_diags_error(R->d, err, at, (sp_pos){0, 0}, "master.adm",
                 "%s; no file of this render is delivered (master.adm's land with the prints)",
                 why);
  return err;
}

/* Output o (R->outs is g->outputs' order) keeps each block's codes for
 * the ADM tasks. */
static void keep_codes(renderer *R, size_t o)
{
  output *out = &R->outs[o];
  for (int k = 0; k < RENDER_KEPT_SLOTS && !out->kept[k]; k++)
    out->kept[k] = render_alloc(R, R->block * (size_t)out->channels, sizeof(int32_t));
}

/* File f's sink and what it measures with. */
static sp_err open_file(renderer *R, struct render_adm *A, adm_file *f, int64_t frames)
{
  const sp_graph *g = R->g;
  const sp_recipe *r = R->r;
  char why[768];
  f->first_sound = -1;
  if (!f->l) {
    sp_bext b = {0};
    snprintf(b.description, sizeof b.description, "%s: ADM %s %s", r->base,
             f->plan->unit < 0 ? "master" : "stem", f->plan->of);
    snprintf(b.originator, sizeof b.originator, "%s",
             r->output.bwf.originator ? r->output.bwf.originator : "stemprint");
    snprintf(b.date, sizeof b.date, "%s", r->output.bwf.date);
    snprintf(b.time, sizeof b.time, "%s", r->output.bwf.time);
    const bool first = f == A->files;
    sp_err err = g->media->create_scene(g->media, f->plan->path, g->adm, &b, &f->w,
                                        first ? &A->back : NULL, why, sizeof why);
    return err == SP_OK ? SP_OK : fail(R, err, f->plan->path, why);
  }
  sp_err err = g->media->create(g->media, f->plan->path, SP_FORMAT_WAV, SP_DEPTH_24, f->l->n,
                                (int)g->sample_rate, frames, &f->w, why, sizeof why);
  if (err != SP_OK)
    return fail(R, err, f->plan->path, why);
  if (f->w->ops->set_mask)
    f->w->ops->set_mask(f->w, f->l->mask);
  f->r = sp_adm_renderer_new(&A->back, f->l);
  sp_quantizer_init(&f->q, 24, true, sp_hash_string(f->plan->file));
  if (f->plan->unit < 0 && sp_meter_new_layout(f->l, g->sample_rate, 24, &f->meter) != SP_OK)
    return fail(R, SP_ERR_RENDER, f->plan->path, "cannot meter its loudness at this rate");
  f->lfe = sp_layout_channel(f->l, "LFE");
  if (f->meter) {
    for (int k = 0; k < RENDER_KEPT_SLOTS; k++)
      for (int c = 0; c < f->l->n; c++)
        f->met[k][c] = render_buf(R, SP_METER_BEFORE + R->block) + SP_METER_BEFORE;
    const size_t i = (size_t)(f - A->files);
    A->measures[A->n_measures++] = (adm_measure){i, ADM_PEAKS, 0};
    A->measures[A->n_measures++] = (adm_measure){i, ADM_LOUDNESS, 0};
    if (f->lfe >= 0)
      A->measures[A->n_measures++] = (adm_measure){i, ADM_LFE, 0};
    for (int t = 0; f->lfe >= 0 && t < N_LFE_TRY; t++)
      A->measures[A->n_measures++] = (adm_measure){i, ADM_LFE_TRY, t};
  }
  sp_biquad_design(&f->hp, SP_BQ_HIGHPASS, LFE_HP_HZ, 0.7071, 0, g->sample_rate);
  for (int t = 0; t < N_LFE_TRY; t++) {
    sp_biquad_design(&f->try_lp[t][0], SP_BQ_LOWPASS, lfe_try_hz[t], 0.54119610014619698, 0,
                     g->sample_rate);
    sp_biquad_design(&f->try_lp[t][1], SP_BQ_LOWPASS, lfe_try_hz[t], 1.3065629648763766, 0,
                     g->sample_rate);
  }
  return SP_OK;
}

/* Unit u's kept files (the objects tracks keep of ADM BWFs it holds),
 * open at the frame their regions play from, each of the tracks the graph
 * planned it with (its region's scene's). */
static sp_err open_kept(renderer *R, adm_unit *u)
{
  const sp_graph *g = R->g;
  u->kept = render_calloc(R, g->n_adm_srcs + 1, sizeof *u->kept);
  for (size_t s = 0; s < g->n_adm_srcs; s++) {
    const sp_adm_src *src = &g->adm_srcs[s];
    if (src->output >= 0 || (u->unit >= 0 && src->home != u->unit))
      continue;
    const sp_region_plan *rp = &g->nodes[src->node].regions[0];
    sp_audio_info info;
    char why[768];
    sp_err err = g->media->open(g->media, rp->path, &u->kept[s], &info, why, sizeof why);
    if (err == SP_OK)
      err = u->kept[s]->ops->seek(u->kept[s], rp->from, why, sizeof why);
    if (err == SP_OK && info.channels != rp->scene->tracks) {
      snprintf(why, sizeof why, "it has %d tracks, and %d when the graph was built", info.channels,
               rp->scene->tracks);
      err = SP_ERR_IO;
    }
    if (err != SP_OK)
      return fail(R, err, rp->name, why);
  }
  return SP_OK;
}

sp_err render_adm_open(renderer *R, int64_t frames)
{
  const sp_graph *g = R->g;
  const size_t made = sp_graph_adm_made(g, R->skip);
  if (!g->adm || made == 0 || R->measure || !g->media->create_scene)
    return SP_OK;
  struct render_adm *A = R->adm = render_calloc(R, 1, sizeof *A);
  A->per = 1 + R->r->n_adm_renders;
  A->n_files = made;
  A->n_units = made / A->per;

  A->files = render_calloc(R, A->n_files, sizeof *A->files);
  A->measures = render_calloc(R, (3 + N_LFE_TRY) * A->n_files, sizeof *A->measures);
  A->units = render_calloc(R, A->n_units, sizeof *A->units);
  for (size_t s = 0; s < g->n_adm_srcs; s++)
    if (g->adm_srcs[s].output >= 0)
      keep_codes(R, (size_t)g->adm_srcs[s].output);
  sp_err err = SP_OK;
  for (size_t k = 0; k < A->n_files && err == SP_OK; k++) {
    A->files[k].plan = &g->adm_outs[k];
    A->files[k].l = g->adm_outs[k].layout;
    err = open_file(R, A, &A->files[k], frames);
  }
  R->adm_units = made + A->n_measures; /* a task a file, then the measures' */
  const size_t T = (size_t)g->adm->tracks, B = R->block;
  int widest = 1, kept = 1; /* the most channels a re-render has, a kept file has */
  for (size_t k = 0; k < R->r->n_adm_renders; k++)
    widest = R->r->adm_renders[k]->n > widest ? R->r->adm_renders[k]->n : widest;
  for (size_t s = 0; s < g->n_adm_srcs; s++) {
    const sp_adm_src *src = &g->adm_srcs[s];
    const int n = src->output < 0 ? g->nodes[src->node].regions[0].scene->tracks : 0;
    kept = n > kept ? n : kept;
  }
  A->scr = render_calloc(R, (size_t)R->threads, sizeof *A->scr);
  for (int i = 0; i < R->threads; i++) {
    adm_scratch *w = &A->scr[i];
    w->codes = render_alloc(R, B * T, sizeof *w->codes);
    w->rcodes = render_alloc(R, B * (size_t)widest, sizeof *w->rcodes);
    w->acc = render_alloc(R, B * (size_t)widest, sizeof *w->acc);
    w->kbuf = render_buf(R, B * (size_t)kept);
    for (int c = 0; c < widest; c++)
      w->ch[c] = render_buf(R, B);
  }
  for (size_t u = 0; u < A->n_units && err == SP_OK; u++) {
    adm_unit *x = &A->units[u];
    x->unit = (int)u - 1;
    x->first = u * A->per;
    x->adm_first = -1;
    for (int k = 0; k < RENDER_KEPT_SLOTS; k++)
      for (size_t c = 0; c < T; c++)
        x->in[k][c] = render_buf(R, B);
    for (size_t o = 0; u && o < R->n_outs; o++)
      if (g->outputs[o].kind == SP_OUT_STEM && g->outputs[o].index == (int)u - 1)
        x->bed = o;
    keep_codes(R, x->bed);
    err = open_kept(R, x);
  }
  return err;
}

/* Tracks [track, track + C) of a block of n frames into w's codes (C
 * channels interleaved; NULL: silence), and the floats a reader of them
 * reads into ins. */
static void put_tracks(adm_scratch *w, float *const *ins, size_t T, int track, size_t C,
                       const int32_t *codes, size_t n)
{
  for (size_t c = 0; c < C; c++) {
    float *in = ins[(size_t)track + c];
    int32_t *to = w->codes + (size_t)track + c;
    for (size_t i = 0; i < n; i++) {
      const int32_t v = codes ? codes[i * C + c] : 0;
      to[i * T] = v;
      in[i] = (float)((double)(v >> 8) / 8388608.0);
    }
  }
}

/* A kept file's frames [t, t + n) of unit x's ADM BWF into w at
 * src's tracks (T in all), put there silent: the file's from its
 * region's `from` where the region plays. */
static sp_err kept_block(renderer *R, adm_unit *x, adm_scratch *w, float *const *in, size_t s,
                         size_t T, size_t n, char **why)
{
  const sp_adm_src *src = &R->g->adm_srcs[s];
  sp_reader *rd = x->kept[s];
  const sp_region_plan *rp = &R->g->nodes[src->node].regions[0];
  const int64_t t = x->t, b = t > rp->at ? t : rp->at,
                e = t + (int64_t)n < rp->at + rp->length ? t + (int64_t)n : rp->at + rp->length;
  if (!rd || b >= e)
    return SP_OK;
  const size_t lead = (size_t)(b - t), F = (size_t)rp->scene->tracks;
  const int64_t got = rd->ops->read_float(rd, w->kbuf, e - b);
  if (got < 0) {
    *why = sp_xasprintf("%s: %s", rp->name, rd->ops->error(rd));
    return SP_ERR_IO;
  }
  for (size_t c = 0, k = (size_t)src->track; c < (size_t)src->channels; c++, k++)
    for (size_t i = 0; i < (size_t)got; i++) {
      const int32_t v = sp_adm_code(w->kbuf[i * F + (size_t)src->pick[c]]);
      w->codes[(lead + i) * T + k] = v;
      in[k][lead + i] = (float)((double)(v >> 8) / 8388608.0);
    }
  return SP_OK;
}

/* The first frame of ch[C][n] (its first at t) not silent into *first,
 * when earlier than it (-1: none yet). */
static void first_sound(float *const *ch, size_t C, size_t n, int64_t t, int64_t *first)
{
  for (size_t c = 0; c < C; c++)
    for (size_t i = 0; i < n && (*first < 0 || t + (int64_t)i < *first); i++)
      if (ch[c][i] != 0) {
        *first = t + (int64_t)i;
        break;
      }
}

/* The LFE x (n frames) through the advice's low-pass k, measured as the
 * check measures (y: n frames of scratch). */
static void lfe_try(adm_file *o, int k, const float *x, float *y, size_t n)
{
  memcpy(y, x, n * sizeof *y);
  sp_biquad_process(&o->try_lp[k][0], &o->try_ls[k][0], y, n);
  sp_biquad_process(&o->try_lp[k][1], &o->try_ls[k][1], y, n);
  for (size_t i = 0; i < n; i++)
    o->try_all[k] += (double)y[i] * y[i];
  sp_biquad_process(&o->hp, &o->try_hs[k][0], y, n);
  sp_biquad_process(&o->hp, &o->try_hs[k][1], y, n);
  for (size_t i = 0; i < n; i++)
    o->try_high[k] += (double)y[i] * y[i];
}

/* Re-render o of a unit's tracks in, a block of n frames from frame t: its
 * codes into w->rcodes, written; a metered one's as written into its
 * slot, for its measures' tasks. */
static sp_err rerender(adm_scratch *w, adm_file *o, int slot, float *const *in, int64_t t,
                       size_t n, char *why, size_t why_size)
{
  const int N = o->l->n;
  sp_adm_render(o->r, t, n, (const float *const *)in, w->ch, w->acc);
  sp_quantize(&o->q, (const float *const *)w->ch, N, n, w->rcodes);
  if (o->meter) {
    render_dequantize(w->rcodes, o->met[slot], N, n); /* metered as written */
    o->met_t[slot] = t;
    o->met_n[slot] = n;
  }
  return o->w->ops->write_int(o->w, w->rcodes, (int64_t)n, why, why_size);
}

/* Measure task m for block k: a metered re-render's block as written, its
 * peaks, its loudness (and first sound), its LFE's measure, or one of the
 * advice's low-passes of its LFE. */
static void measure_block(struct render_adm *A, size_t m, int64_t k, adm_scratch *w)
{
  adm_file *o = &A->files[A->measures[m].file];
  const int slot = (int)(k % RENDER_KEPT_SLOTS);
  const size_t n = o->met_n[slot];
  if (n == 0)
    return;
  float *const *ch = o->met[slot];
  if (A->measures[m].kind == ADM_PEAKS) {
    sp_meter_peaks_of(o->meter, (const float *const *)ch, n, &o->met_pk[slot]);
    return;
  }
  if (A->measures[m].kind == ADM_LOUDNESS) {
    first_sound(ch, (size_t)o->l->n, n, o->met_t[slot], &o->first_sound);
    sp_meter_add_measured(o->meter, (const float *const *)ch, n, &o->met_pk[slot]);
    return;
  }
  if (A->measures[m].kind == ADM_LFE_TRY) {
    lfe_try(o, A->measures[m].try, ch[o->lfe], w->kbuf, n);
    return;
  }
  float *x = w->ch[0]; /* filtered in place below */
  memcpy(x, ch[o->lfe], n * sizeof *x);
  for (size_t i = 0; i < n; i++)
    o->lfe_all += (double)x[i] * x[i];
  o->lfe_frames += (int64_t)n;
  sp_biquad_process(&o->hp, &o->hs[0], x, n);
  sp_biquad_process(&o->hp, &o->hs[1], x, n);
  for (size_t i = 0; i < n; i++)
    o->lfe_high += (double)x[i] * x[i];
}

size_t render_adm_file(const renderer *R, size_t a)
{
  const struct render_adm *A = R->adm;
  return a >= A->n_files ? A->measures[a - A->n_files].file : a;
}

size_t render_adm_source(const renderer *R, size_t a)
{
  const struct render_adm *A = R->adm;
  return a >= A->n_files ? A->measures[a - A->n_files].file : a - a % A->per;
}

sp_err render_adm_block(renderer *R, size_t a, int64_t k, int thread)
{
  const sp_graph *g = R->g;
  struct render_adm *A = R->adm;
  adm_unit *x = &A->units[a < A->n_files ? a / A->per : 0];
  adm_scratch *w = &A->scr[thread];
  const int slot = (int)(k % RENDER_KEPT_SLOTS);
  const size_t task = g->n_nodes + g->n_outputs + 1 + a;
  char why[512];
  if (a >= A->n_files) {
    measure_block(A, a - A->n_files, k, w);
    return SP_OK;
  }
  adm_file *f = &A->files[a];
  if (a % A->per) { /* a re-render of the unit's tracks */
    const size_t n = x->in_n[slot];
    if (f->meter) { /* the frames written before this block's, before its slot's */
      const int before = (slot + RENDER_KEPT_SLOTS - 1) % RENDER_KEPT_SLOTS;
      for (int c = 0; c < f->l->n; c++)
        memcpy(f->met[slot][c] - SP_METER_BEFORE,
               f->met[before][c] + f->met_n[before] - SP_METER_BEFORE,
               SP_METER_BEFORE * sizeof(float));
      f->met_n[slot] = 0;
    }
    sp_err err = n ? rerender(w, f, slot, x->in[slot], x->in_t[slot], n, why, sizeof why) : SP_OK;
    if (err != SP_OK)
      R->task_why[task] = sp_xasprintf("%s: %s", f->plan->path, why);
    return err;
  }
  const size_t n = x->in_n[slot] = R->outs[x->bed].kept_n[slot], T = (size_t)g->adm->tracks;
  x->in_t[slot] = x->t;
  if (n == 0)
    return SP_OK;
  float *const *in = x->in[slot];
  for (size_t s = 0; s < g->n_adm_srcs; s++) {
    const sp_adm_src *src = &g->adm_srcs[s];
    const bool held = s == 0 || x->unit < 0 || src->home == x->unit;
    const size_t o = s == 0 ? x->bed : src->output > 0 ? (size_t)src->output : 0;
    put_tracks(w, in, T, src->track, (size_t)src->channels,
               held && src->output >= 0 ? R->outs[o].kept[slot] : NULL, n);
    if (held && src->output < 0 &&
        kept_block(R, x, w, in, s, T, n, &R->task_why[task]) != SP_OK)
      return SP_ERR_IO;
  }
  if (x->unit < 0)
    first_sound(in, T, n, x->t, &x->adm_first);
  sp_err err = f->w->ops->write_int(f->w, w->codes, (int64_t)n, why, sizeof why);
  if (err != SP_OK)
    R->task_why[task] = sp_xasprintf("%s: %s", f->plan->path, why);
  x->t += (int64_t)n;
  return err;
}

static const char *written(const adm_file *f) { return f->w->ops->written(f->w); }

static void add_check(sp_render_result *res, const char *name, bool passed, double value,
                      double limit, const char *path, char *text)
{
  res->checks = sp_xreallocarray(res->checks, res->n_checks + 1, sizeof *res->checks);
  res->n_adm_checks++;
  res->checks[res->n_checks++] = (sp_check){.name = name,
                                            .passed = passed,
                                            .value = value,
                                            .limit = limit,
                                            .tolerance = NAN,
                                            .text = text,
                                            .path = path ? sp_xstrdup(path) : NULL,
                                            .kind = SP_CHECK_SAID};
}

/* The null tests of the ADM files: Σ the stems' against the mix's. The
 * ADM tracks hold the prints' codes: what the prints' null test allows; a
 * re-render adds each file's dither and float rounding, through the
 * beds' gains. */
static sp_err null_checks(renderer *R, sp_render_result *res)
{
  struct render_adm *A = R->adm;
  const size_t n_st = A->n_units - 1;
  const double lsb = 1.0 / 8388608.0;
  double bed_peak = 0;
  const char **stems = sp_xcalloc(n_st + 1, sizeof *stems);
  for (size_t k = 0; k < A->per; k++) {
    const adm_file *f = &A->files[k];
    double limit = pow(10, res->null_threshold_dbfs / 20);
    if (k > 0) {
      const int B = sp_adm_bed_tracks(R->g->adm);
      const double *fold = sp_adm_renderer_beds(f->r);
      double fold_sum = 0;
      for (int c = 0; c < f->l->n; c++) {
        double row = 0;
        for (int b = 0; b < B; b++)
          row += fabs(fold[c * B + b]);
        fold_sum = row > fold_sum ? row : fold_sum;
      }
      limit = fold_sum * bed_peak + (double)(n_st + 1) * (1.5 * lsb + 0.5 * lsb);
    }
    /* read back through the media, as the prints' null test reads them */
    const double ldb = 20 * log10(limit);
    for (size_t s = 0; s < n_st; s++)
      stems[s] = written(&A->files[A->units[1 + s].first + k]);
    const sp_null_opts opts = {
        .threshold_dbfs = ldb, .threads = R->threads, .cancel = R->opts ? R->opts->cancel : NULL};
    sp_null_result nr = {0};
    char why[768];
    if (sp_null_files(R->g->media, written(f), stems, n_st, &opts, &nr, why, sizeof why) != SP_OK) {
      free(stems);
      return fail(R, SP_ERR_RENDER, f->plan->path, why);
    }
    const double db = nr.residual_peak_dbfs;
    sp_null_result_fini(&nr);
    if (k == 0)
      bed_peak = isfinite(db) ? pow(10, db / 20) : 0;
    const bool ok = !(db > ldb);
    add_check(res, "adm.null", ok, db, ldb, "stems",
              sp_xasprintf("adm.null: %s against its stems' sum: residual peak %.1f dBFS (max "
                           "%.1f dBFS)%s",
                           f->plan->file, db, ldb,
                           ok ? "" : "; the stems' ADM files do not add up to the master's"));
  }
  free(stems);
  return SP_OK;
}

void render_adm_take(renderer *R, sp_sink ***sinks, size_t *n, size_t *cap)
{
  for (size_t k = 0; R->adm && k < R->adm->n_files; k++) {
    SP_GROW(*sinks, *n, *cap);
    (*sinks)[(*n)++] = R->adm->files[k].w;
    R->adm->files[k].w = NULL;
  }
}

/* What moves every part of the mix's re-renders alike (after "; ", heap):
 * master's level (or master.normalize's target, which sets it) moves its
 * bed alone, so the hint names master and each bed or object bus
 * master.adm holds, to lower by db; a kept file's objects are at the
 * file's own level, which no fader moves. */
static char *adm_lower(const renderer *R, double db, int decimals)
{
  const sp_graph *g = R->g;
  char buses[512] = "", kept[256] = "";
  size_t n = 0;
  for (size_t k = 0; k < g->n_adm_srcs; k++) {
    const sp_adm_src *a = &g->adm_srcs[k];
    if (a->node < 0 || a->node == g->master)
      continue;
    char *to = a->output >= 0 ? buses : kept;
    const size_t cap = a->output >= 0 ? sizeof buses : sizeof kept, used = strlen(to);
    if (a->output >= 0)
      n++;
    if (used + 80 < cap)
      snprintf(to + used, cap - used, "%s'%s'", used ? ", " : "", g->nodes[a->node].name);
  }
  char *also = *kept ? sp_xasprintf("; the objects that %s keep%s are at their file's level, "
                                    "which no fader moves: render them (objects: render) to "
                                    "move them with the rest",
                                    kept, strchr(kept, ',') ? "" : "s")
                     : sp_xstrdup("");
  /* master.normalize sets the bed's level after master's fader: its target moves it */
  const char *master = R->r->normalize ? "master.normalize's target" : "master's level";
  char *text =
      n ? sp_xasprintf("; lower %s and the level of bus%s %s by %.*f dB together (master's "
                       "moves the bed alone, each object and further bed is its bus's)%s",
                       master, n == 1 ? "" : "es", buses, decimals, db, also)
        : sp_xasprintf("; lower %s by %.*f dB%s", master, decimals, db, also);
  free(also);
  return text;
}

/* How far to lower to bring value within limit, rounded up to a unit of
 * the last decimal shown, and one more (a meter's rounding). */
static double lower_by(double value, double limit, int decimals)
{
  const double unit = pow(10, -decimals);
  return ceil((value - limit) / unit - 1e-9) * unit + unit;
}

/* What to do about an LFE the check fails: the highest corner of a
 * 24 dB/octave low-pass on master's LFE that passes by the check's own
 * measure (heap). */
static char *lfe_advice(const adm_file *o)
{
  for (int k = 0; k < N_LFE_TRY; k++) {
    const double rel = 10 * log10(o->try_high[k] / o->try_all[k] + 1e-300);
    if (o->try_all[k] > 0 && rel <= LFE_MAX_DB - LFE_ADVICE_MARGIN_DB)
      return sp_xasprintf("; a steeper and lower filter passes: a 24 dB/octave low-pass at %g Hz "
                          "on the LFE makes it %.1f dB; add it last of master's inserts, - eq: "
                          "{type: lowpass, freq: %g Hz, slope: 24, channels: [LFE]} (or low-pass "
                          "what feeds the LFE lower)",
                          lfe_try_hz[k], -rel, lfe_try_hz[k]);
  }
  return sp_xasprintf("; not even a 24 dB/octave low-pass at %g Hz on it would pass: low-pass what "
                      "feeds the LFE",
                      lfe_try_hz[N_LFE_TRY - 1]);
}

/* The profile's measures of re-render o of the mix. */
static void profile_measured(const renderer *R, const adm_file *o, int64_t adm_first,
                             sp_render_result *res)
{
  const char *P = "master.adm.profile";
  if (strcmp(o->l->name, "5.1") == 0) {
    const double i = o->loud.integrated_lufs;
    const bool ok = !(i > -18.0) && isfinite(i);
    char *fix = ok || !isfinite(i) ? sp_xstrdup("") : adm_lower(R, lower_by(i, -18.0, 1), 1);
    add_check(res, "adm.profile.loudness", ok, i, -18.0, P,
              sp_xasprintf("immersive-music: the 5.1 re-render's integrated loudness %.1f LKFS, "
                           "at most -18.0 LKFS%s",
                           i, fix));
    free(fix);
  }
  const bool tp = !(o->loud.true_peak_dbtp > -1.0);
  char *fix = tp ? sp_xstrdup("") : adm_lower(R, lower_by(o->loud.true_peak_dbtp, -1.0, 2), 2);
  add_check(res, "adm.profile.true_peak", tp, o->loud.true_peak_dbtp, -1.0, P,
            sp_xasprintf("immersive-music: %s's true peak %.2f dBTP, at most -1.0 dBTP%s",
                         o->plan->file, o->loud.true_peak_dbtp, fix));
  free(fix);
  /* an LFE of nothing but the print's dither (below -90 dBFS RMS) has no
   * band to limit: its noise is as loud above 200 Hz as below */
  const double lfe_rms_db =
      o->lfe_frames > 0 ? 10 * log10(o->lfe_all / (double)o->lfe_frames + 1e-300) : -INFINITY;
  if (o->lfe_all > 0 && lfe_rms_db < -90.0) {
    add_check(res, "adm.profile.lfe", true, lfe_rms_db, -90.0, P,
              sp_xasprintf("immersive-music: %s's LFE holds nothing above the dither (%.1f dBFS "
                           "RMS): no band to limit",
                           o->plan->file, lfe_rms_db));
  } else if (o->lfe_all > 0) {
    const double rel = 10 * log10(o->lfe_high / o->lfe_all + 1e-300);
    const bool ok = rel <= LFE_MAX_DB;
    char *advice = ok ? sp_xstrdup("") : lfe_advice(o);
    add_check(res, "adm.profile.lfe", ok, rel, LFE_MAX_DB, P,
              sp_xasprintf("immersive-music: %s's LFE through a 4th-order Linkwitz-Riley "
                           "high-pass at 200 Hz is %.1f dB below the LFE (at least 30 dB)%s",
                           o->plan->file, -rel, advice));
    free(advice);
  }
  if (o->l->n == 2) {
    const bool ok = o->first_sound == adm_first;
    add_check(res, "adm.profile.start", ok, (double)o->first_sound, (double)adm_first, P,
              sp_xasprintf("immersive-music: the stereo re-render's first sound at frame %lld, "
                           "the ADM master's at %lld",
                           (long long)o->first_sound, (long long)adm_first));
  }
}

/* The checks of the files besides their null tests: each re-render's
 * clipping, the mix's re-renders' loudness and true peak, the profile's
 * measures. */
static void judge(renderer *R, sp_render_result *res)
{
  const struct render_adm *A = R->adm;
  const sp_recipe *r = R->r;
  for (size_t k = 0; k < A->n_files; k++) {
    const adm_file *o = &A->files[k];
    if (o->l && o->q.clipped > 0)
      add_check(res, "clipping", false, (double)o->q.clipped, 0, "master.adm",
                sp_xasprintf("clipping: %s has %lld samples at full scale; the objects are not "
                             "under master's inserts and fader, and a re-render into fewer "
                             "channels adds them up: lower the objects' buses or the bed (its "
                             "stems and the master's no longer add up where it clips)",
                             o->plan->path, (long long)o->q.clipped));
    if (!o->l || o->plan->unit >= 0)
      continue;
    add_check(res, "adm.render", true, o->loud.integrated_lufs, NAN, NULL,
              sp_xasprintf("adm.render: %s from %s: %.1f LUFS, %.1f dBTP", o->plan->file,
                           A->files[0].plan->file, o->loud.integrated_lufs,
                           o->loud.true_peak_dbtp));
    /* the loudness target is the programme's, bed and objects: its 5.1
     * re-render's, as a label measures an Atmos master (the mix's print
     * is the bed alone: not judged by it, core/render/render_checks.c;
     * review 25 F3) */
    if (r->loudness.on && r->loudness.has_target && strcmp(o->l->name, "5.1") == 0) {
      const sp_loudness_rule *rule = &r->loudness;
      const double i = o->loud.integrated_lufs;
      const bool ok = sp_loudness_passes(rule, i);
      char band[48];
      sp_loudness_band(band, sizeof band, rule->target_lufs,
                       sp_loudness_ceiling(rule) ? NAN : rule->tolerance_lu);
      char *fix = ok || !isfinite(i) ? sp_xstrdup("")
                                     : sp_xasprintf("; move the bed and the objects together by "
                                                    "%+.1f dB (master's objects are not under "
                                                    "its fader: their buses' gains too)",
                                                    rule->target_lufs - i);
      add_check(res, "loudness.integrated", ok, i, rule->target_lufs, "checks.loudness.target",
                sp_xasprintf("loudness: %s (the ADM master, bed and objects, re-rendered) "
                             "integrated %.1f LUFS, %s%s%s (%+.1f LU)%s",
                             o->plan->path, i, band, rule->preset ? ", " : "",
                             rule->preset ? rule->preset : "", i - rule->target_lufs, fix));
      free(fix);
    }
    if (r->loudness.has_max_true_peak) {
      const double max = r->loudness.max_true_peak_dbtp;
      const bool ok = !(o->loud.true_peak_dbtp > max);
      char *fix = ok ? sp_xstrdup("") : adm_lower(R, lower_by(o->loud.true_peak_dbtp, max, 2), 2);
      add_check(res, "loudness.true_peak", ok, o->loud.true_peak_dbtp, max,
                "checks.loudness.max_true_peak",
                sp_xasprintf("true peak: %s %.2f dBTP, max %.2f dBTP%s", o->plan->path,
                             o->loud.true_peak_dbtp, max, fix));
      free(fix);
    }
  }
  /* the profile's rules of the structure (its rate, counts, binaural
   * modes) are the graph build's (core/graph/master_adm.c); these are its
   * measures of the mix's re-renders */
  for (size_t k = 1; r->adm_profile == SP_ADM_PROFILE_DOLBY && k < A->per; k++)
    profile_measured(R, &A->files[k], A->units[0].adm_first, res);
}

sp_err render_adm_finish(renderer *R, sp_render_result *res)
{
  struct render_adm *A = R->adm;
  if (!A)
    return SP_OK;
  for (size_t k = 0; k < A->n_files; k++) {
    adm_file *f = &A->files[k];
    char why[512];
    sp_err err = f->w->ops->finish(f->w, why, sizeof why);
    if (err != SP_OK)
      return fail(R, err, f->plan->path, why);
    if (f->meter)
      sp_meter_result(f->meter, &f->loud);
  }
  sp_err err = A->n_units > 1 ? null_checks(R, res) : SP_OK;
  if (err == SP_OK)
    judge(R, res);
  return err;
}

void render_adm_release(renderer *R)
{
  struct render_adm *A = R->adm;
  if (!A)
    return;
  for (size_t k = 0; k < A->n_files; k++) {
    adm_file *f = &A->files[k];
    if (f->w)
      f->w->ops->discard(f->w);
    sp_adm_renderer_free(f->r);
    sp_meter_free(f->meter);
  }
  for (size_t u = 0; u < A->n_units; u++) {
    adm_unit *x = &A->units[u];
    for (size_t s = 0; x->kept && s < R->g->n_adm_srcs; s++)
      if (x->kept[s])
        x->kept[s]->ops->close(x->kept[s]);
  }
  sp_adm_fini(&A->back);
  R->adm = NULL;
}

bool render_adm_stateless(const renderer *R, size_t a)
{
  const struct render_adm *A = R->adm;
  return a >= A->n_files && A->measures[a - A->n_files].kind == ADM_PEAKS;
}

size_t render_adm_after(const renderer *R, size_t a)
{
  const struct render_adm *A = R->adm;
  return a >= A->n_files && A->measures[a - A->n_files].kind == ADM_LOUDNESS ? a - 1 : a;
}
