/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One pass's blocks through the pipeline (core/render/flow.h): the tasks
 * of every node (a bus's gather, its chain's stages, the node itself),
 * every output and the measurement, each told what it reads from whom,
 * run block by block on the render's threads (core/render/renderer.h
 * draws a block's flow). */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/render/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

/* One pipeline task (core/render/flow.h): a node, an output or the measurement,
 * for one block. */
static int flow_task(void *ctx, size_t task, int64_t block, int thread)
{
  renderer *R = ctx;
  const sp_graph *g = R->g;
#ifdef SP_HAVE_MXCSR
  /* Flush denormals to zero on every thread: decaying filter and reverb
   * states otherwise crawl through the denormal range very slowly, and the
   * bits must not depend on which thread ran a task. */
  _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
  scratch *w = &R->scr[thread];
  const int64_t t0 = block * (int64_t)R->block;
  const size_t frames = R->total - t0 < (int64_t)R->block ? (size_t)(R->total - t0) : R->block;
  if (task < R->n_node_tasks) {
    const node_task *t = &R->tasks[task];
    switch (t->kind) {
    case TASK_GATHER:
      if (!g->nodes[t->node].silent)
        render_gather(R, w, t->node, block, t0, frames);
      return SP_OK;
    case TASK_STAGE:
      render_run_stage(R, w, t->node, block, frames, t->stage, t->lane);
      return SP_OK;
    case TASK_NODE: break;
    }
    return render_process_node(R, w, t->node, block, t0, frames);
  }
  task -= R->n_node_tasks;
  if (task < R->n_outs)
    return render_output_block(R, task, block);
  task -= R->n_outs;
  if (task == 0) {
    if (R->measure)
      render_measure_block(R, w, block, t0, frames);
    return SP_OK;
  }
  task -= 1;
  if (task < R->adm_units)
    return render_adm_block(R, task, block, thread);
  task -= R->adm_units;
  if (task < R->n_met) {
    render_meter_block(R, task, block);
    return SP_OK;
  }
  return render_output_prep(R, w, task - R->n_met, block, t0, frames);
}

/* A block is complete: tell the progress callback. */
static void block_done(void *ctx, int64_t block)
{
  renderer *R = ctx;
  const sp_render_opts *opts = R->opts;
  if (opts && opts->progress)
    opts->progress(opts->progress_ctx, &R->pass, (block + 1) * (int64_t)R->block, R->total);
}

/* The tasks of stage st of node s: [*first, *first + count). */
static size_t stage_tasks(const node_state *s, size_t st, size_t *first)
{
  *first = s->stages[st].task0;
  return s->stages[st].lanes ? s->n_present * render_per_lane(&s->stages[st]) : 1;
}

/* Task reader reads node src's output (its slots): it waits for what
 * writes them, the node's task and its render_gather (which must itself wait for
 * the reader before it writes a slot again). */
static void add_reader(sp_flow *f, const renderer *R, const int *task_of, const int *gather_of,
                       int src, size_t reader)
{
  sp_flow_edge(f, (size_t)task_of[src], reader);
  if (R->g->nodes[src].kind != SP_NODE_TRACK)
    sp_flow_edge(f, (size_t)gather_of[src], reader);
}

/* Whether stage sg of node idx reads the key routed to insert ins: a
 * stage whose inserts hold it, but for a lanes stage that only applies
 * its gain (a linked insert's) and a split gain's stages after its first,
 * which read the copy it made or what detect made of it (so the key's
 * source goes on to its next block once the key is read). */
static bool reads_key(const renderer *R, int idx, const stage *sg, size_t ins)
{
  if (ins < sg->from || ins >= sg->to)
    return false;
  if (sg->split) /* its first stage: the sum, or a direct detect */
    return sg->part == GAIN_SUM || (sg->part == GAIN_DETECT && sg->split->direct);
  return !(sg->lanes && sp_proc_is_linked(R->g->nodes[idx].strip->inserts[ins].cls));
}

/* Node i's own tasks in order: its gather, each stage's tasks (a lane's
 * task after the same lane's, a stage of one task after all), itself. */
static void chain_node(sp_flow *f, const renderer *R, int i, size_t gather, size_t self)
{
  const node_state *s = &R->ns[i];
  size_t prev = gather, n_prev = 1, prev_per = 1;
  bool prev_lanes = false;
  for (size_t st = 0; st < s->n_stages; st++) {
    size_t first, n = stage_tasks(s, st, &first);
    const bool lanes = s->stages[st].lanes;
    const size_t per = render_per_lane(&s->stages[st]);
    for (size_t a = 0; a < n_prev; a++)
      for (size_t b = 0; b < n; b++)
        if (!(prev_lanes && lanes) || a / prev_per == b / per) /* a lane's after the same lane's */
          sp_flow_edge(f, prev + a, first + b);
    if (s->stages[st].key[0])
      sp_flow_slots(f, first, 1); /* one key buffer: wait for its readers */
    if (s->stages[st].gain)
      sp_flow_slots(f, first, RENDER_GAIN_SLOTS);
    if (s->stages[st].part == GAIN_DETECT) /* no state: its blocks side by side */
      sp_flow_stateless(f, first);
    /* A split insert (sp_proc_class.split): its feed of block k waits for
     * its take of block k − SP_FLOW_SLOTS (and so for every work and take
     * before), which bounds the rings it fills; its work writes none of the
     * lanes' slots (the node's gather, before it, waits for every reader of
     * the slot it writes) and keeps no state: blocks side by side, as far
     * ahead as the feed. */
    for (size_t b = 0; s->stages[st].step == STEP_FEED && b < n; b++)
      sp_flow_edge(f, first + b, s->stages[st + 2].task0 + b);
    for (size_t b = 0; s->stages[st].step == STEP_WORK && b < n; b++) {
      sp_flow_slots(f, first + b, SP_FLOW_WINDOW);
      sp_flow_stateless(f, first + b);
    }
    prev = first;
    n_prev = n;
    prev_per = per;
    prev_lanes = lanes;
  }
  for (size_t a = 0; a < n_prev; a++)
    sp_flow_edge(f, prev + a, self);
}

/* The outputs' meters' tasks from met0 on (R->met): each output's peaks
 * read the block its writer left in a slot, with no state (blocks side
 * by side); its meter's loudness and each channel meter's read the peaks
 * and the slot, block after block. The writer waits for them all before
 * it fills a slot again (RENDER_MET_SLOTS, at most its kept codes'). */
static void meter_tasks(sp_flow *f, const renderer *R, size_t met0)
{
  const size_t outs = R->n_node_tasks;
  for (size_t j = 0; j < R->n_met; j++) {
    const met_task *t = &R->met[j];
    const size_t writer = outs + t->out;
    if (t->kind == MET_PEAKS) {
      sp_flow_edge(f, writer, met0 + j);
      sp_flow_stateless(f, met0 + j);
      sp_flow_slots(f, met0 + j, RENDER_MET_SLOTS);
      if (!R->outs[t->out].kept[0])
        sp_flow_slots(f, writer, RENDER_MET_SLOTS);
      continue;
    }
    size_t peaks = j; /* the output's peaks task, before its others */
    while (R->met[peaks].kind != MET_PEAKS)
      peaks--;
    sp_flow_edge(f, met0 + peaks, met0 + j);
    sp_flow_edge(f, writer, met0 + j);
  }
}

/* ---- the profile (opts.profile) ------------------------------------------ */

/* Each thread's seconds per insert: scratch.ins_s, node i's from ins0[i]. */
static void profile_inserts(renderer *R)
{
  const sp_graph *g = R->g;
  R->ins0 = render_calloc(R, g->n_nodes + 1, sizeof *R->ins0);
  size_t n = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    R->ins0[i] = n;
    n += g->nodes[i].strip ? g->nodes[i].strip->n_inserts : 0;
  }
  for (int t = 0; t < R->threads; t++)
    R->scr[t].ins_s = render_calloc(R, n + 1, sizeof(double));
}

/* What pipeline task t works for: its node's path, an output (its writer
 * or its meter), the measurement or one of master.adm's files. */
static void task_name(const renderer *R, size_t t, char *buf, size_t size)
{
  if (t < R->n_node_tasks) {
    snprintf(buf, size, "%s", R->g->nodes[R->tasks[t].node].path);
    return;
  }
  t -= R->n_node_tasks;
  const size_t prep0 = R->n_outs + 1 + R->adm_units + R->n_met;
  if (t < R->n_outs || t >= prep0) { /* its writer, its prep */
    snprintf(buf, size, "output %s", R->outs[t < R->n_outs ? t : t - prep0].plan->file);
  } else if (t == R->n_outs) {
    snprintf(buf, size, "measure");
  } else if (t <= R->n_outs + R->adm_units) {
    const size_t a = t - R->n_outs - 1, file = render_adm_file(R, a);
    snprintf(buf, size, "master.adm %s%s", R->g->adm_outs[file].file, file != a ? ": meter" : "");
  } else {
    snprintf(buf, size, "output %s: meter",
             R->outs[R->met[t - R->n_outs - 1 - R->adm_units].out].plan->file);
  }
}

/* The pass's pipeline into the profile: its phase, each task's work and
 * span by what it works for, each thread's clock, each insert's time. */
static void profile_pass(renderer *R, const sp_flow *f, size_t n_tasks)
{
  sp_profile *prof = R->opts ? R->opts->profile : NULL;
  const sp_flow_stats *st = sp_flow_stats_of(f);
  if (!prof || !st)
    return;
  sp_profile_phase_add(prof, (sp_profile_phase){.kind = SP_PROFILE_PIPELINE,
                                                .tasks = n_tasks,
                                                .blocks = st->blocks,
                                                .threads = R->threads,
                                                .wall_s = st->wall_s,
                                                .work_s = st->work_s,
                                                .span_s = st->span_s,
                                                .caller_cpu_s = st->caller_cpu_s});
  char name[512];
  for (size_t t = 0; t < n_tasks; t++) {
    task_name(R, t, name, sizeof name);
    sp_profile_item_add(prof, name, st->task_work_s[t], st->task_span_s[t]);
  }
  for (int t = 0; t < R->threads; t++)
    sp_profile_thread_add(prof, t, st->threads[t]);
  const sp_graph *g = R->g;
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; g->nodes[i].strip && k < g->nodes[i].strip->n_inserts; k++) {
      const sp_strip *strip = g->nodes[i].strip;
      const sp_insert *ins = &strip->inserts[k];
      if (ins->bypass)
        continue;
      double s = 0;
      for (int t = 0; t < R->threads; t++)
        s += R->scr[t].ins_s[R->ins0[i] + k];
      const size_t pre = strip->n_inserts - strip->n_post; /* inserts, then post_inserts */
      sp_profile_insert_add(prof, g->nodes[i].path, k < pre ? "inserts" : "post_inserts",
                            k < pre ? k : k - pre, ins->cls->name, s);
    }
}

/* Render every block: the tasks and what each reads from which (a gather
 * from the inputs' main and send edges; a node's stages and the node from
 * its gather and its key edges; an output from master or its bus; the
 * measurement from master), run as a pipeline.
 *
 * A gather writes the slot its node then works on in place, so it waits,
 * as the node does, for the node's readers to be done with that slot: they
 * are its consumers too. Its own task lets a track (one slot) go on to its
 * next block once the buses it feeds have added it in, not after their
 * whole chains. */
sp_err render_run_blocks(renderer *R)
{
  const sp_graph *g = R->g;
  int *task_of = sp_xcalloc(g->n_nodes + 1, sizeof *task_of);
  int *gather_of = sp_xcalloc(g->n_nodes + 1, sizeof *gather_of);
  for (size_t t = 0; t < R->n_node_tasks; t++)
    if (R->tasks[t].kind != TASK_STAGE)
      (R->tasks[t].kind == TASK_GATHER ? gather_of : task_of)[R->tasks[t].node] = (int)t;
  const size_t outs = R->n_node_tasks;
  const size_t adm_units = R->adm_units;
  const size_t met0 = outs + R->n_outs + 1 + adm_units, prep0 = met0 + R->n_met,
               n_tasks = prep0 + R->n_outs;
  sp_flow *f = sp_flow_new(n_tasks, R->threads);
  for (size_t t = 0; t < R->n_node_tasks; t++)
    sp_flow_slots(f, t, R->ns[R->tasks[t].node].slots);
  for (size_t e = 0; e < g->n_edges; e++) {
    const sp_edge *ed = &g->edges[e];
    const int dst = ed->dst;
    if (ed->kind != SP_EDGE_KEY) {
      const bool gathered = g->nodes[dst].kind != SP_NODE_TRACK;
      add_reader(f, R, task_of, gather_of, ed->src, (size_t)(gathered ? gather_of : task_of)[dst]);
      continue;
    }
    /* A key is read by the task that runs its insert: the node's, or the
     * stages that read it (reads_key). */
    const node_state *ds = &R->ns[dst];
    if (!ds->n_stages)
      add_reader(f, R, task_of, gather_of, ed->src, (size_t)task_of[dst]);
    for (size_t st = 0; st < ds->n_stages; st++) {
      if (!reads_key(R, dst, &ds->stages[st], (size_t)ed->insert))
        continue;
      size_t first, n = stage_tasks(ds, st, &first);
      for (size_t m = 0; m < n; m++)
        add_reader(f, R, task_of, gather_of, ed->src, first + m);
    }
  }
  /* An output's prep reads master or its bus; its writer, what the prep
   * left in a slot, block after block. A prep keeps no state but an
   * alignment's delay: without one its blocks run side by side, so that
   * the writer's chain is the appending alone. */
  for (size_t o = 0; o < R->n_outs; o++) {
    const sp_output_plan *p = R->outs[o].plan;
    add_reader(f, R, task_of, gather_of, p->kind == SP_OUT_BUS ? p->node : g->master, prep0 + o);
    sp_flow_edge(f, prep0 + o, outs + o);
    sp_flow_slots(f, prep0 + o, RENDER_OUT_SLOTS);
    if (R->outs[o].align.len == 0)
      sp_flow_stateless(f, prep0 + o);
  }
  add_reader(f, R, task_of, gather_of, g->master, outs + R->n_outs);
  /* master.adm's ADM BWFs' tasks read the codes the outputs wrote; their
   * re-renders' the tracks their ADM BWF's task leaves in its slots; a
   * metered re-render's measures what it left in its own */
  for (size_t o = 0; o < R->n_outs; o++)
    if (R->outs[o].kept[0])
      sp_flow_slots(f, outs + o, RENDER_KEPT_SLOTS);
  const size_t adm0 = outs + R->n_outs + 1;
  for (size_t a = 0; a < adm_units; a++) {
    const size_t from = render_adm_source(R, a);
    sp_flow_slots(f, adm0 + a, RENDER_KEPT_SLOTS);
    if (render_adm_stateless(R, a))
      sp_flow_stateless(f, adm0 + a);
    if (render_adm_after(R, a) != a)
      sp_flow_edge(f, adm0 + render_adm_after(R, a), adm0 + a);
    if (from != a) {
      sp_flow_edge(f, adm0 + from, adm0 + a);
      continue;
    }
    for (size_t o = 0; o < R->n_outs; o++)
      sp_flow_edge(f, outs + o, adm0 + a);
  }
  meter_tasks(f, R, met0);
  for (size_t i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].kind != SP_NODE_TRACK)
      chain_node(f, R, (int)i, (size_t)gather_of[i], (size_t)task_of[i]);
  const int64_t blocks = (R->total + (int64_t)R->block - 1) / (int64_t)R->block;
  const bool profiling = R->opts && R->opts->profile;
  if (profiling) {
    sp_flow_profile(f, true);
    profile_inserts(R);
  }
  sp_flow_result fr;
  sp_flow_run(f, blocks, flow_task, block_done, R, R->opts ? R->opts->cancel : NULL, &fr);
  if (profiling)
    profile_pass(R, f, n_tasks);
  sp_flow_free(f);
  sp_err err = SP_OK;
  if (fr.failure) {
    err = (sp_err)fr.failure;
    size_t t = fr.failed_task;
    size_t i = t < R->n_node_tasks ? (size_t)R->tasks[t].node
               : t >= prep0        ? R->n_tasks - g->n_outputs + (t - prep0) /* a prep's */
                                   : g->n_nodes + (t - R->n_node_tasks);
    if (R->task_key[i])
      sp_recipe_error(R->r, R->d, err, R->task_key[i], "%s", R->task_why[i]);
    else
      sp_diags_error(R->d, err, R->r->file, (sp_pos){0, 0}, NULL, "%s",
                     R->task_why[i] ? R->task_why[i] : "a render task failed");
  } else if (fr.cancelled) {
    sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                   "interrupted; no output was written");
    err = SP_ERR_RENDER;
  }
  free(task_of);
  free(gather_of);
  return err;
}
