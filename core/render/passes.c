/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render (core/render/render.h): the passes over the timeline it takes — the
 * measuring pass of master.normalize, the render of the recipe's outputs,
 * a render of each own version — then the null tests and the checks on
 * what was printed, and the commit of every file into the output folder as
 * one step; before any of it, what the render will take (memory, disk).
 * One pass is core/render/prepare.c, pipeline.c and outputs.c; the tests
 * and checks are core/render/render_checks.c. */

#include "core/render/render.h"

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/units.h"
#include "core/render/flow.h"
#include "core/graph/query.h"
#include "core/dsp/quantize.h"
#include "core/dsp/ring.h"
#include "core/dsp/simd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

/* The outputs a render wrote, finished and kept under names of their own
 * until every pass has succeeded; then delivered together. */
typedef struct pending {
  sp_sink **w;
  size_t n, cap;
} pending;

/* Deliver every pending output as one step (opts->deliver: io/outdir
 * renames them into the output folder under its lock), or each by itself
 * (its sink's commit) without a deliver; on any failure, before or during,
 * what was not delivered is discarded. */
static void pending_deliver(const sp_graph *g, pending *p, const sp_render_opts *opts,
                            sp_render_result *res, sp_err *err, sp_diags *d)
{
  for (size_t i = 0; i < p->n && *err == SP_OK; i++) {
    char why[256];
    if (p->w[i]->ops->finish(p->w[i], why, sizeof why) != SP_OK) {
      sp_diags_error(d, SP_ERR_IO, p->w[i]->ops->name(p->w[i]), (sp_pos){0, 0}, NULL, "%s", why);
      *err = SP_ERR_IO;
    }
  }
  size_t taken = 0;
  if (*err == SP_OK && p->n > 0 && opts && opts->deliver) {
    *err = opts->deliver(opts->deliver_ctx, g, p->w, p->n, res, d);
    taken = p->n;
  }
  for (; taken < p->n && *err == SP_OK; taken++) {
    char why[512];
    const char *name = p->w[taken]->ops->name(p->w[taken]);
    char *at = sp_xstrdup(name);
    if (p->w[taken]->ops->commit(p->w[taken], why, sizeof why) != SP_OK) {
      sp_diags_error(d, SP_ERR_IO, at, (sp_pos){0, 0}, NULL, "%s", why);
      *err = SP_ERR_IO;
    }
    free(at);
  }
  for (; taken < p->n; taken++)
    p->w[taken]->ops->discard(p->w[taken]);
  free(p->w);
  memset(p, 0, sizeof *p);
}

static void fill_stats(const renderer *R, const output *out, sp_output_stats *st)
{
  st->path = out->path;
  st->is_mix = out->plan->kind == SP_OUT_MIX;
  st->kind = out->plan->kind;
  const bool fl = R->r->output.depth == SP_DEPTH_32F;
  st->sample_peak_dbfs =
      sp_lin_to_db(fl ? out->peak : sp_quant_tally_peak_lin(&out->written, out->q.bits));
  st->unquantized_peak_dbfs = render_unquantized_peak_dbfs(R, out);
  st->clipped = out->written.clipped;
  st->name = out->plan->name;
  if (!out->meter)
    return;
  st->measured = true;
  sp_meter_result(out->meter, &st->loudness);
  if (out->meters) {
    st->n_channels = out->channels;
    sp_meters_result(out->meters, st->by_channel);
  }
  const double *t, *m, *sh;
  st->n_series = sp_meter_series(out->meter, &t, &m, &sh);
  if (st->n_series) {
    size_t bytes = st->n_series * sizeof(double);
    st->t_end_s = memcpy(sp_xmalloc(bytes), t, bytes);
    st->momentary = memcpy(sp_xmalloc(bytes), m, bytes);
    st->shortterm = memcpy(sp_xmalloc(bytes), sh, bytes);
  }
}

/* The passes of one sp_render, counted for progress reports. */
typedef struct passes {
  const char *version; /* the own version rendered now; NULL: the recipe's outputs */
  int started, count;
} passes;

/* One pass over the timeline. Files it writes are finished and left under
 * their temporary names in pend (NULL: measure_only). */
static sp_err render_pass(const sp_graph *g, const sp_render_opts *opts, float master_gain,
                          passes *ps, sp_render_result *res, pending *pend, sp_diags *d)
{
  memset(res, 0, sizeof *res);
  renderer R;
  memset(&R, 0, sizeof R);
  R.g = g;
  R.r = g->recipe;
  R.d = d;
  R.block = sp_graph_block_frames(g, opts ? opts->block_frames : 0);
  R.master_gain = master_gain;
  R.skip = opts ? opts->skip : NULL;
  R.series = opts && opts->series;
  /* a bext chunk's loudness is measured on every print */
  R.loudness = (opts && (opts->loudness || g->recipe->loudness.on)) ||
               (g->recipe->output.bwf.on && sp_formats[g->recipe->output.format].bwf);
  R.loudness_mix = opts && opts->loudness_mix;
  R.threads = opts && opts->threads > 1 ? opts->threads : 1;

#ifdef SP_HAVE_MXCSR
  /* Flush denormals to zero while rendering: decaying filter and reverb
   * states otherwise crawl through the denormal range very slowly. */
  unsigned int saved_csr = _mm_getcsr();
  _mm_setcsr(saved_csr | 0x8040);
#endif
  sp_profile *prof = opts ? opts->profile : NULL;
  char pass[160];
  snprintf(pass, sizeof pass, "pass %d/%d%s%s", ps->started + 1, ps->count, ps->version ? " " : "",
           ps->version ? ps->version : "");
  sp_profile_section(prof, "%s: prepare", pass);
  sp_err err = render_prepare(&R);
  /* Outputs are aligned to the timeline: render the latency more and drop
   * that much from the start of every output. */
  const int64_t out_frames = g->content_frames + g->tail_frames;
  R.total = out_frames + g->latency;
  const bool measure = R.measure = opts && opts->measure_only;
  R.opts = opts;
  R.res = res;
  if (opts && opts->node_peaks)
    R.node_peak = res->node_peak = sp_xcalloc(g->n_nodes, sizeof *res->node_peak);
  if (measure) {
    res->lane_channels = g->nodes[g->master].channels;
    res->lane_energy =
        sp_xcalloc(g->n_lanes * (size_t)res->lane_channels, sizeof *res->lane_energy);
    res->lane_peak = sp_xcalloc(g->n_lanes, sizeof *res->lane_peak);
    res->output_peak = sp_xcalloc(g->n_outputs ? g->n_outputs : 1, sizeof *res->output_peak);
    for (size_t i = 0; i < g->n_outputs; i++) {
      const sp_output_plan *op = &g->outputs[i];
      res->output_peak[i] = op->lanes && !op->own && op->kind != SP_OUT_REST ? 0 : NAN;
    }
    if (R.loudness &&
        sp_meter_new_layout(g->nodes[g->master].layout, g->sample_rate, 0, &R.mix_meter) != SP_OK) {
      sp_diags_error(d, SP_ERR_USAGE, R.r->file, (sp_pos){0, 0}, NULL,
                     "cannot meter loudness at %g Hz", g->sample_rate);
      err = SP_ERR_USAGE;
    }
  }
  if (err == SP_OK)
    err = render_open_outputs(&R, out_frames, !measure);
  if (err == SP_OK && !ps->version) /* an own version's pass prints no ADM master */
    err = render_adm_open(&R, out_frames);
  R.pass = (sp_render_pass){
      .phase = measure && master_gain == 1.0f && R.mix_meter ? SP_PHASE_MEASURE : SP_PHASE_RENDER,
      .version = ps->version,
      .index = ++ps->started,
      .count = ps->count};
  if (err == SP_OK && opts && opts->progress)
    opts->progress(opts->progress_ctx, &R.pass, 0, R.total);
  sp_profile_section(prof, "%s: blocks", pass);
  if (err == SP_OK)
    err = render_run_blocks(&R);
  sp_profile_section(prof, "%s: finish", pass);
#ifdef SP_HAVE_MXCSR
  _mm_setcsr(saved_csr);
#endif
  if (err == SP_OK && !measure)
    err = render_finish_outputs(&R);
  bool any_null = g->stems;
  for (size_t i = 0; i < R.n_outs; i++)
    any_null |= R.outs[i].plan->kind == SP_OUT_REST && !R.outs[i].skip;
  sp_profile_section(prof, "%s: null test", pass);
  if (err == SP_OK && !measure && any_null)
    err = render_run_null(&R, res);
  sp_profile_section(prof, "%s: finish", pass);
  if (err == SP_OK && !measure)
    err = render_adm_finish(&R, res);
  /* The rests have served their null tests: never kept. */
  for (size_t i = 0; i < R.n_outs; i++)
    if (R.outs[i].plan->kind == SP_OUT_REST && R.outs[i].w) {
      R.outs[i].w->ops->discard(R.outs[i].w);
      R.outs[i].w = NULL;
      R.outs[i].skip = true;
    }
  if (err == SP_OK && !measure) {
    res->outputs = sp_xcalloc(R.n_outs + 1, sizeof *res->outputs);
    for (size_t i = 0; i < R.n_outs; i++)
      if (!R.outs[i].skip)
        fill_stats(&R, &R.outs[i], &res->outputs[res->n_outputs++]);
    for (size_t i = 0; pend && i < R.n_outs; i++) {
      if (R.outs[i].skip)
        continue;
      SP_GROW(pend->w, pend->n, pend->cap);
      pend->w[pend->n++] = R.outs[i].w;
      R.outs[i].w = NULL;
    }
    if (pend) /* master.adm's files, delivered with the prints */
      render_adm_take(&R, &pend->w, &pend->n, &pend->cap);
  }
  if (err == SP_OK && R.mix_meter)
    sp_meter_result(R.mix_meter, &res->mix_loudness);
  res->frames = out_frames;
  res->seconds = (double)out_frames / g->sample_rate;
  res->buffer_bytes = R.bytes;
  render_adm_release(&R);
  render_release(&R);
  return err;
}

/* master.normalize's measuring pass when the recipe asks, then the pass
 * that writes (into pend). */
static sp_err render_normalized(const sp_graph *g, const sp_render_opts *opts, passes *ps,
                                sp_render_result *res, pending *pend, sp_diags *d)
{
  const sp_recipe *r = g->recipe;
  float gain = 1.0f;
  bool normalized = false;
  double measured = NAN, gain_db = 0;
  if (r->normalize && !(opts && opts->measure_only)) {
    sp_render_opts first = opts ? *opts : (sp_render_opts){0};
    first.measure_only = true;
    first.loudness = true;
    first.node_peaks = false;
    sp_render_result m;
    sp_err err = render_pass(g, &first, 1.0f, ps, &m, NULL, d);
    measured = m.mix_loudness.integrated_lufs;
    sp_render_result_fini(&m);
    if (err == SP_OK && isnan(measured)) {
      sp_recipe_error(r, d, SP_ERR_RENDER, "master.normalize",
                      "the mix has no measurable loudness (it is silent or too short to "
                      "gate); nothing to normalize");
      err = SP_ERR_RENDER;
    }
    if (err != SP_OK) {
      memset(res, 0, sizeof *res);
      return err;
    }
    normalized = true;
    gain_db = r->normalize_lufs - measured;
    gain = (float)sp_db_to_lin(gain_db);
  }
  sp_err err = render_pass(g, opts, gain, ps, res, pend, d);
  res->normalized = normalized;
  res->normalize_measured_lufs = measured;
  res->normalize_gain_db = gain_db;
  return err;
}

/* An own version: its plan (sp_version_plan.own, the recipe with the
 * tracks it leaves out silent, as if muted in a copy of the recipe)
 * rendered; its mix is the version. */
static sp_err render_own(const sp_graph *g, const sp_output_plan *o, const sp_render_opts *opts,
                         passes *ps, sp_render_result *res, pending *pend, sp_diags *d)
{
  const sp_version_plan *vp = &g->versions[o->index];
  const sp_graph *g2 = vp->own; /* sp_render checked it is there */
  bool *skip = sp_xcalloc(g2->n_outputs, sizeof *skip);
  for (size_t i = 1; i < g2->n_outputs; i++)
    skip[i] = true; /* the mix alone */
  sp_render_opts o2 = opts ? *opts : (sp_render_opts){0};
  o2.skip = skip;
  o2.node_peaks = false;
  sp_render_result r2;
  ps->version = vp->v->name;
  sp_err err = render_normalized(g2, &o2, ps, &r2, pend, d);
  ps->version = NULL;
  if (err == SP_OK && r2.n_outputs == 1) {
    sp_output_stats st = r2.outputs[0];
    st.path = o->path;
    st.name = o->name;
    st.is_mix = false;
    st.kind = SP_OUT_VERSION;
    res->outputs = sp_xreallocarray(res->outputs, res->n_outputs + 1, sizeof *res->outputs);
    res->outputs[res->n_outputs++] = st;
    r2.outputs[0].t_end_s = r2.outputs[0].momentary = r2.outputs[0].shortterm = NULL;
  }
  sp_render_result_fini(&r2);
  free(skip);
  return err;
}

/* What a render will take, checked before it starts: its audio buffers
 * against the machine's memory (a chain of thousands of buses would take
 * gigabytes and swap). Where the files go is the caller's to check
 * (io/outdir: the free space there). */
static sp_err check_resources(const sp_graph *g, const sp_render_opts *opts, sp_diags *d)
{
  const sp_recipe *r = g->recipe;
  const size_t block = sp_graph_block_frames(g, opts ? opts->block_frames : 0);
  const double bytes = (double)sp_render_buffer_bytes(g, block);
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  const double memory = pages > 0 && page > 0 ? (double)pages * (double)page : 0;
  if (memory > 0 && bytes > memory / 2) {
    sp_diags_error(d, SP_ERR_RENDER, r->file, (sp_pos){0, 0}, NULL,
                   "the render needs %.1f GB of audio buffers (%zu tracks and buses, %zu stem "
                   "lanes, blocks of %zu frames), more than half of this machine's %.1f GB: use "
                   "fewer buses or stems, or a smaller --block-frames",
                   bytes / 1e9, g->n_nodes - 1, g->n_lanes, block, memory / 1e9);
    return SP_ERR_RENDER;
  }
  return SP_OK;
}

/* Whether output i is an own version this render prints: a render of its
 * own, its plan the graph's (sp_version_plan.own). */
static bool own_render(const sp_graph *g, size_t i, const sp_render_opts *opts)
{
  const sp_output_plan *o = &g->outputs[i];
  return !(opts && opts->measure_only) && o->kind == SP_OUT_VERSION && o->own &&
         !(opts && opts->skip && opts->skip[i]);
}

/* What g was planned for alone, where that cannot render as opts asks: a
 * cache key, one insert, or an own version (whose plan has no plans of
 * own versions, sp_version_plan.own); NULL: it renders. */
static const char *planned_for(const sp_graph *g, const sp_render_opts *opts)
{
  if (g->key_only || g->one_insert)
    return g->key_only ? "a cache key" : "one insert";
  for (size_t i = 0; i < g->n_outputs; i++)
    if (own_render(g, i, opts) && !g->versions[g->outputs[i].index].own)
      return "an own version";
  return NULL;
}

sp_err sp_render(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d)
{
  memset(res, 0, sizeof *res);
  const char *alone = planned_for(g, opts);
  if (alone) {
    sp_diags_error(d, SP_ERR_RENDER, g->recipe->file, (sp_pos){0, 0}, NULL,
                   "a graph planned for %s alone cannot render (stemprint's bug)", alone);
    return SP_ERR_RENDER;
  }
  sp_err checked = check_resources(g, opts, d);
  if (checked != SP_OK)
    return checked;
  double started = sp_now_s();
  sp_profile *prof = opts ? opts->profile : NULL;
  sp_profile *was = prof ? sp_profile_use(prof) : NULL; /* the pool's phases record into it */
  sp_profile_begin(prof);
  sp_profile_section(prof, "start");
  pending pend = {0};
  const bool measure_only = opts && opts->measure_only;
  /* Own versions are a render each, after the recipe's. */
  bool *own = sp_xcalloc(g->n_outputs + 1, sizeof *own);
  size_t n_own = 0;
  for (size_t i = 0; i < g->n_outputs; i++) {
    own[i] = own_render(g, i, opts);
    n_own += own[i];
  }
  const int per_render = g->recipe->normalize && !measure_only ? 2 : 1;
  passes ps = {.count = per_render * (int)(1 + n_own)};
  sp_err err = render_normalized(g, opts, &ps, res, &pend, d);
  res->tail_frames = g->tail_frames;
  res->tail_capped = g->tail_capped;
  res->latency = g->latency;
  /* their files committed with the others */
  for (size_t i = 0; err == SP_OK && i < g->n_outputs; i++)
    if (own[i])
      err = render_own(g, &g->outputs[i], opts, &ps, res, &pend, d);
  free(own);
  /* Cancelled after the last block (during a null test, which does not
   * stop): still nothing is written. */
  if (err == SP_OK && opts && opts->cancel && *opts->cancel) {
    sp_diags_error(d, SP_ERR_RENDER, g->recipe->file, (sp_pos){0, 0}, NULL,
                   "interrupted; no output was written");
    err = SP_ERR_RENDER;
  }
  sp_profile_section(prof, "deliver");
  pending_deliver(g, &pend, opts, res, &err, d);
  res->wall_seconds = sp_now_s() - started;
  if (prof) {
    sp_profile_end(prof);
    sp_profile_use(was);
  }
  if (err != SP_OK)
    return err;
  render_judge(g, res);
  if (opts && opts->say_checks)
    opts->say_checks(res);
  /* master.adm's, judged by the pass (the first n_adm_checks), after the recipe's */
  for (size_t k = 0; k < res->n_adm_checks; k++) {
    const sp_check c = res->checks[0];
    memmove(res->checks, res->checks + 1, (res->n_checks - 1) * sizeof *res->checks);
    res->checks[res->n_checks - 1] = c;
  }
  for (size_t k = 0; k < res->n_checks; k++)
    if (!res->checks[k].passed)
      return SP_ERR_CHECK;
  return SP_OK;
}

void sp_render_result_fini(sp_render_result *res)
{
  sp_null_result_fini(&res->null);
  for (size_t v = 0; v < res->n_version_nulls; v++)
    sp_null_result_fini(&res->version_nulls[v].null);
  free(res->version_nulls);
  res->version_nulls = NULL;
  res->n_version_nulls = 0;
  for (size_t k = 0; k < res->n_checks; k++) {
    free(res->checks[k].text);
    free(res->checks[k].path);
  }
  free(res->checks);
  res->checks = NULL;
  res->n_checks = 0;
  free(res->lane_energy);
  free(res->lane_peak);
  free(res->output_peak);
  free(res->node_peak);
  res->node_peak = NULL;
  res->lane_energy = res->lane_peak = res->output_peak = NULL;
  for (size_t i = 0; res->outputs && i < res->n_outputs; i++) {
    free(res->outputs[i].t_end_s);
    free(res->outputs[i].momentary);
    free(res->outputs[i].shortterm);
  }
  free(res->outputs);
  res->outputs = NULL;
  res->n_outputs = 0;
  sp_free_strings(res->removed, res->n_removed);
  res->removed = NULL;
  res->n_removed = 0;
  free(res->stem_file);
  res->stem_file = NULL;
  sp_free_strings(res->sends, res->n_sends);
  res->sends = NULL;
  res->n_sends = 0;
}
