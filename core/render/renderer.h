/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDERER_H
#define SP_RENDERER_H

/* What the render's files share, and nothing outside core/render uses: the
 * renderer's state (lanes, edges, outputs, each thread's scratch) and its
 * buffer helpers. A pass renders every block of the timeline so:
 *
 *   for each block [t0, t0 + n):
 *     for each node in schedule order (a track has one lane, a bus the lanes that reach it):
 *       track:   regions at t0 − lat_in ─► Σ (fades) ─► lane              regions.c
 *       bus:     each input edge: lane ─► delay (latency compensation)
 *                  ─► × fader·level·pan (per sample when automated)
 *                  ─► destination lane (split: buses remaps at master)    nodes.c, gains.c
 *       every:   trim·polarity ─► inserts, one at a time across the lanes:
 *                  linear:  each lane through its own instance
 *                  linked:  g = gain(Σ lanes, key) once; each lane delayed by the
 *                           insert's latency, × g                           chain.c
 *                ─► keys:  Σ lanes (× fader for tap post) ─► delay ─► key buffers
 *       master:  per lane × fader·balance: the lane is the stem             nodes.c
 *     mix = Σ stems (double, lane order) ─► drop master's latency
 *         ─► quantize (blocks side by side) ─► sinks (block after block)  outputs.c
 *
 * Pre- and post-fader taps read the same buffer with different gains: the
 * fader is a gain after the inserts, folded into each edge's coefficients.
 * A strip with inserts after its fader (`post_inserts:`) runs its fader in
 * its chain instead (chain.c, render_run_fader): its pre-fader taps read a
 * copy of the lanes taken at the fader, its edges carry no fader.
 * The files, each over the ones it uses:
 *
 *   passes.c         a render: its passes (normalize's measuring pass, the
 *                    render, each own version's), the delivery, the result
 *   render_checks.c  what a pass's outputs are judged on: the null tests of
 *                    what was written, and the recipe's checks
 *   pipeline.c       a pass's blocks as tasks on the render's threads
 *                    (core/render/flow.h)
 *   prepare.c        a pass's state, allocated once
 *   outputs.c        the outputs: sinks, quantizers, meters
 *   adm_out.c        master.adm's files, made of the outputs' codes
 *   nodes.c          a node's block: gathered, run, captured
 *   chain.c          a node's inserts and keys
 *   regions.c        a track's regions
 *   gains.c          fader, level and pan gains
 *   kernels.c        the block loops, per vector width */

#include "core/render/render.h"
#include "core/graph/graph_impl.h"
#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/dsp/biquad.h"
#include "core/dsp/quantize.h"
#include "core/dsp/ring.h"
#include "core/render/flow.h"
#include "core/dsp/automation.h"
#include "core/dsp/declick.h"
#include "core/media/media.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The points in the chain of a strip with inserts after its fader
 * (`post_inserts:`) where a send or a key taps it, besides its output:
 * before the fader (`tap: pre`), after it, before the inserts after it
 * (`tap: fader`), and after the j-th of those inserts (`tap: {after: j}`,
 * 1 <= j < n_post: point RENDER_TAP_FADER + j); after the last one is the
 * output. A strip has render_taps of them. */
enum { RENDER_TAP_PRE, RENDER_TAP_FADER };

/* A lane's copy of the signal at one tap point, [slot][channel], delayed
 * by ring (the latency of the inserts after the point) to line up with
 * the chain's output; buf[..][0] NULL: not tapped there. */
typedef struct render_tap {
  float *buf[SP_FLOW_SLOTS][SP_MAX_CHANNELS];
  sp_ring ring;
} render_tap;

/* A node's signals come in slots (render_node_slots), block k's in slot k mod
 * slots: while its consumers read block k, the node may already work on
 * the blocks after it (see core/render/flow.h). */
typedef struct lane_state {
  /* [slot][channel]; NULL when the lane does not reach this node */
  float *buf[SP_FLOW_SLOTS][SP_MAX_CHANNELS];
  sp_proc **procs; /* [n_inserts]: this lane's instances of linear inserts */
  sp_ring *rings;  /* [n_inserts]: this lane's delay before a linked insert's gain */
  /* [n_inserts]: a per-lane insert with a moving bypass, this lane's dry
   * input to it (the channels it runs on) delayed by its latency, to
   * crossfade to (render_run_chain) */
  sp_ring *dry;
  /* A strip with inserts after its fader, tapped in its chain (a send or
   * key with `tap: pre`, `tap: fader` or `tap: {after: j}`;
   * render_tap_of): the lane at each point, [render_taps]; NULL: the
   * strip has no such points */
  render_tap *taps;
} lane_state;

/* How many blocks' gains a linked insert's gain stage keeps: it may find
 * the gain of this many blocks ahead of the lanes that apply it. */
enum { RENDER_GAIN_SLOTS = 2 };

/* A linked insert's gain in three stages, when its class finds it in two
 * steps (sp_proc_class.detect, gain_from): the sum of the lanes, or the
 * key routed to it, after the frames before it (one task, block after
 * block: a copy, so the key's source goes on to its next block at once),
 * detect's values (blocks side by side: no state), the gain from them
 * (block after block: a keyed compressor's gain computer does only its
 * smoothing there). */
typedef struct split_gain {
  size_t hist; /* the frames before a block detect reads */
  bool keyed;  /* from the key edge (2 channels), not the lanes' sum */
  /* no first stage: detect reads the key edge, or the node's one lane, in
   * place (no history to keep, nothing to sum); sum and tail unused */
  bool direct;
  /* block k's: [k mod RENDER_GAIN_SLOTS][channel], hist + block frames:
   * the frames before, then the block's sum (or key) */
  float *sum[RENDER_GAIN_SLOTS][SP_MAX_CHANNELS];
  float *tail[SP_MAX_CHANNELS]; /* hist: the last frames summed so far */
  void *det[RENDER_GAIN_SLOTS]; /* block k's values, SP_DETECT_BYTES a frame */
} split_gain;

/* Which part of a linked insert's gain a gain stage finds. */
enum { GAIN_WHOLE, GAIN_SUM, GAIN_DETECT, GAIN_FROM };

/* Which step of a split insert's channels a stage runs (stage.step). */
enum { STEP_WHOLE, STEP_FEED, STEP_WORK, STEP_TAKE };

/* A stretch of a bus's or master's chain that runs as tasks of its own.
 * The stages of a chain are a pipeline over the blocks (plan_stages): each
 * is serial in blocks (its inserts have state), but stage j + 1 of block k
 * runs beside stage j of block k + 1, and a stage of per-lane work runs its
 * lanes side by side. */
typedef struct stage {
  size_t from, to; /* inserts [from, to) */
  bool lanes;      /* a task per lane (per-lane inserts; a linked insert's gain applied); */
  bool gain;       /* else one task: a linked insert's gain (insert from) into gains; */
                   /* else one task over every lane */
  /* a lanes stage of one insert whose channels run apart (process_channel):
   * this many tasks a lane, one a channel; else 0 */
  int apart;
  /* of such a stage, when its class splits each channel (sp_proc_class.split):
   * which step it runs (STEP_FEED, STEP_WORK: blocks side by side, STEP_TAKE);
   * else STEP_WHOLE */
  int step;
  size_t task0; /* its first pipeline task (a lanes stage has n_present × render_per_lane) */
  /* one task: the sum of the lanes it leaves for the next stage's first
   * insert, keyed per lane by that sum; else NULL */
  float *key[SP_MAX_CHANNELS];
  /* a gain stage: block k's gain in [k mod RENDER_GAIN_SLOTS], on the
   * insert's channels (its `channels:`), applied by the lanes stage after
   * (GAIN_WHOLE or GAIN_FROM); which part it finds, and of a split gain,
   * the buffers its three stages share */
  float *gains[RENDER_GAIN_SLOTS][SP_MAX_CHANNELS];
  int part;
  split_gain *split;
} stage;

/* A lanes stage's tasks a lane. */
static inline size_t render_per_lane(const stage *st) { return st->apart > 1 ? (size_t)st->apart : 1; }

typedef struct node_state {
  int channels; /* entering its chain */
  int width;    /* the most its chain has (a fold's in or out, a widening's out) */
  int slots;           /* how many of lane_state.buf's slots it uses (see node_slots) */
  float trim;          /* trim and polarity */
  /* the same, channel by channel (`invert: [...]`) */
  float trim_ch[SP_MAX_CHANNELS];
  /* the channels trim and polarity scale: those entering the chain, or
   * those an instrument track's instrument plays (trimmed after it) */
  int trim_channels;
  lane_state *lanes;   /* [n_lanes] */
  bool *tapped;        /* [render_taps]: a send or key reads that tap point */
  sp_proc **linked;    /* [n_inserts]: the one instance of each linked insert */
  int *key_edge;       /* [n_inserts]: the key edge feeding the insert, or -1 */
  sp_source **sources; /* tracks: per region, open while it plays */
  size_t *present;     /* the lanes that reach this node */
  size_t n_present;
  stage *stages; /* the chain in stages (plan_stages); NULL: the node's task runs it */
  size_t n_stages;
  sp_declick mute; /* a moving mute's gains (n 0: none) */
  sp_declick *flips; /* [trim_channels]: a moving polarity's gains, or NULL */
  /* [n_inserts]: a moving bypass's gains of the insert's output (1 on, 0
   * bypassed; its dry input the rest), on its output's frames; n 0: none */
  sp_declick *bypass;
} node_state;

typedef struct edge_state {
  bool live; /* the source carries signal and the destination is not silent */
  /* a matrix route (sp_edge.mix): the fader·level, constant; a moving
   * position's panner; a low-passed LFE feed's filter and its state per
   * lane (two sections) */
  float scale;
  struct sp_vbap *vbap;
  sp_biquad lfe_bq;
  sp_biquad_state (*lfe_st)[2];
  bool varying;                 /* automated fader, level or pan: coefficients per sample */
  bool cross;                   /* a stereo panner with width: each channel feeds both sides */
  float coef[4];                /* constant gains: left ← left, right ← right, left ← right,
                                   right ← left (a mono source's right is its left) */
  sp_ring *rings;               /* [n_lanes]: latency compensation per lane (main and send edges) */
  float *key[SP_FLOW_SLOTS][2]; /* key edges: the key signal (mono or stereo), [slot][channel] */
  sp_ring key_ring;
} edge_state;

/* The slots of an output whose codes master.adm's tasks read (8: 10 MB more in the example). */
enum { RENDER_KEPT_SLOTS = 2 };

/* The slots of a metered output's samples as written, for its meters'
 * tasks (render_meter_block). */
enum { RENDER_MET_SLOTS = SP_FLOW_SLOTS };

/* The slots an output's prep task leaves a block in for its writer
 * (render_output_prep): the prep of block k may run this many blocks
 * ahead of the writer. */
enum { RENDER_OUT_SLOTS = 2 };

typedef struct output {
  const sp_output_plan *plan;
  const char *path;
  sp_sink *w; /* the file being written (media.create) */
  /* its codes' bits, dither and seed, fixed once opened: each block's prep
   * quantizes with it (sp_quantize_at), side by side with the writer,
   * which adds what the blocks found into `written`, in block order */
  sp_quantizer q;
  sp_quant_tally written;
  double peak;                 /* 32f: the largest |sample| written */
  sp_meter *meter;             /* when metering loudness */
  sp_meters *meters;           /* ...and of more than two channels: channel by channel */
  bool skip;                   /* not written by this pass (--only, or an own version) */
  int channels;                /* its file's: master's, or a printed bus's */
  /* block k's samples as its file takes them, made by its prep task, in
   * slot k mod RENDER_OUT_SLOTS: interleaved codes (16, 24 bit) or floats
   * (32f), how many frames, what quantizing found (the writer adds it into
   * written), a 32f block's peak; bad: its prep failed (nothing to write) */
  int32_t *codes[RENDER_OUT_SLOTS];
  float *floats[RENDER_OUT_SLOTS];
  size_t ready_n[RENDER_OUT_SLOTS];
  sp_quant_tally tally[RENDER_OUT_SLOTS];
  float ready_peak[RENDER_OUT_SLOTS];
  bool ready_bad[RENDER_OUT_SLOTS];
  /* the frame of the non-finite sample its failure says (its task_why):
   * blocks are prepared at once, and the earliest of theirs is said */
  int64_t failed_at;
  float *cap[SP_FLOW_SLOTS][SP_MAX_CHANNELS]; /* a printed bus: its node's capture */
  size_t *sum_lanes; /* the lanes it sums that reach master, in lane order */
  size_t n_sum_lanes;
  sp_ring align; /* plan->delay: every output lines up with the others */
  /* an output master.adm's files are made of: each block's codes as written, [slot][frame ×
   * channel], and how many frames (kept[0] NULL: not kept) */
  int32_t *kept[RENDER_KEPT_SLOTS];
  size_t kept_n[RENDER_KEPT_SLOTS];
  /* a metered output's samples as written (dequantized), for its meters'
   * tasks: block k's in slot k mod RENDER_MET_SLOTS, [slot][channel], each
   * after the SP_METER_BEFORE frames written before them (met[0][0] NULL:
   * not metered); how many frames; and their peaks, [0] the meter's, [1 + c]
   * channel c's meter's */
  float *met[RENDER_MET_SLOTS][SP_MAX_CHANNELS];
  size_t met_n[RENDER_MET_SLOTS];
  sp_meter_peaks met_pk[RENDER_MET_SLOTS][1 + SP_MAX_CHANNELS];
} output;

/* A metered output's pipeline tasks, after the writer's (which writes
 * the block its prep quantized, then leaves its samples in a slot): its peaks (no
 * state: blocks side by side), its meter's loudness (in block order), and
 * with a meter a channel, each channel meter's loudness (channels side by
 * side). */
typedef enum { MET_PEAKS, MET_LOUDNESS, MET_CHANNEL } met_kind;
typedef struct met_task {
  size_t out;
  met_kind kind;
  int channel; /* MET_CHANNEL: which */
} met_task;

/* Working buffers of one thread: every block function writes only into
 * these and into the state of the node, edge or output it works on. */
typedef struct scratch {
  float *region[SP_MAX_CHANNELS];  /* one region's frames */
  float *det[SP_MAX_CHANNELS];     /* a linked insert's detector: Σ lanes */
  float *gain[SP_MAX_CHANNELS];    /* its gain */
  float *tmp[SP_MAX_CHANNELS];     /* a delayed copy of a lane */
  float *coef[4];                  /* per-sample edge gains, as edge_state's coef */
  float *work[4];                  /* automation values */
  float *mix[SP_MAX_CHANNELS];     /* a sum of lanes */
  double *acc;                     /* a sum of lanes, in double */
  double *env;                     /* a region's envelope gains */
  void **states;                   /* [n_lanes]: a linear insert's instances, lanes side by side */
  double *values;       /* a moving insert's values for a piece (the most any insert has) */
  float *const **chans; /* [n_lanes]: their lanes' channels */
  double *ins_s;        /* profiling: each insert's seconds on this thread (renderer.ins0) */
} scratch;

/* A node's pipeline tasks for a block, in this order: a bus's or master's
 * gather (its inputs into its lanes), each stage of its chain (one task,
 * or one per lane), then the node itself (a track's regions; the chain
 * when it has no stages; keys, peaks, prints, master's fader). */
typedef enum { TASK_GATHER, TASK_STAGE, TASK_NODE } task_kind;
typedef struct task {
  int node;
  task_kind kind;
  int stage;   /* TASK_STAGE: which */
  size_t lane; /* a lanes stage's task: which of the node's present lanes */
} node_task;

typedef struct renderer {
  const sp_graph *g;
  const sp_recipe *r;
  sp_diags *d;
  size_t block;
  size_t bytes;
  bool counting; /* only counting bytes (sp_render_buffer_bytes): no processor made */
  node_state *ns;
  edge_state *es;
  scratch *scr; /* [threads]: each thread's working buffers */
  int threads;
  /* Pipeline task t < n_node_tasks works on node tasks[t].node, in
   * schedule order: a bus's gather, its chain's stages, then the rest of
   * its block. */
  node_task *tasks;
  size_t n_node_tasks;
  size_t n_tasks; /* failure slots: nodes, then outputs (their writers), the
                     measurement, master.adm's files, the outputs' preps */
  int64_t total;  /* frames rendered: the timeline plus master's latency */
  /* Each node's failure for the block it last ran (a node runs one block
   * at a time), read by the pipeline's caller. */
  char **task_why;       /* [n_tasks] */
  const char **task_key; /* [n_tasks]: the recipe key it is about (a region's file), or NULL */
  const sp_render_opts *opts;
  bool measure; /* measure_only: no files, lane sums */
  sp_render_result *res;
  sp_render_pass pass; /* what the progress callback is told */
  bool null_told;      /* the callback has heard of the null test */
  output *outs;
  size_t n_outs;
  bool loudness;       /* meter outputs (or, measuring, the mix) */
  bool loudness_mix;   /* meter the mix at least */
  sp_meter *mix_meter; /* measure_only with loudness */
  float master_gain;   /* master.normalize's gain, linear */
  const bool *skip;    /* opts.skip */
  bool series;         /* opts.series */
  bool skipping;       /* some output is not written */
  double *node_peak;   /* node_peaks: the result's array */
  int max_channels;    /* the most channels a node or an output of the graph has */
  float *silent_key[2];   /* a key at -inf dB from its own strip: zeros, or NULL */
  size_t *ins0;           /* profiling: node i's inserts at scratch.ins_s[ins0[i] ..]; else NULL */
  struct render_adm *adm; /* master.adm's files (core/render/adm_out.c), or NULL */
  size_t adm_units;       /* ...and their tasks: one a file (an ADM BWF, a re-render), the measures' */
  met_task *met;          /* the outputs' meters' tasks, after master.adm's */
  size_t n_met;
  /* What the pass holds, each released by its fn(p) when render_release
   * ends the pass, last first: every buffer, delay line, gain and
   * processor render_prepare, the outputs and master.adm's files make. */
  struct render_owned {
    void (*fn)(void *);
    void *p;
  } * owned;
  size_t n_owned, cap_owned;
} renderer;

/* ---- the fader ----------------------------------------------------------- */

/* Where node n's fader acts: after inserts [0, at) and before the strip's
 * post-fader inserts [at, n_inserts). A strip without post-fader inserts
 * has its fader at the chain's end, folded into each edge's gains (at ==
 * n_inserts); one with them has it as a gain in its chain, and its edges
 * carry none. */
static inline size_t render_fader_at(const sp_node *n)
{
  return n->strip->n_inserts - n->strip->n_post;
}

/* Whether node n's fader is a gain in its chain (render_fader_at). */
static inline bool render_fader_in_chain(const sp_node *n) { return n->strip->n_post > 0; }

/* How many tap points node n's chain has (RENDER_TAP_PRE, RENDER_TAP_FADER,
 * then one after each post_insert but the last): none unless its fader is
 * in its chain. */
static inline size_t render_taps(const sp_node *n)
{
  return render_fader_in_chain(n) ? n->strip->n_post + 1 : 0;
}

/* Which tap point of its source src edge e reads (RENDER_TAP_PRE,
 * RENDER_TAP_FADER + the post_inserts it passes), or -1: src's output. Only
 * a strip whose fader is in its chain has taps; on another a `tap: pre` is
 * its output without the fader's gain, a `tap: fader` its output (as `tap:
 * post`). A tap after the last post_insert is the output too. */
static inline int render_tap_of(const sp_node *src, const sp_edge *e)
{
  if (!render_fader_in_chain(src))
    return -1;
  bool pre, fader;
  if (e->kind == SP_EDGE_SEND) {
    pre = e->send->tap.at == SP_TAP_PRE;
    fader = e->send->tap.at == SP_TAP_FADER;
  } else if (e->kind == SP_EDGE_KEY) {
    pre = !e->key_post;
    fader = e->key_fader;
  } else {
    return -1;
  }
  if (pre)
    return RENDER_TAP_PRE;
  if (fader && e->tap_after < src->strip->n_post)
    return RENDER_TAP_FADER + (int)e->tap_after;
  return -1;
}

/* ---- buffers ------------------------------------------------------------- */

/* n zeroed items of size bytes, freed at render_release (not counted:
 * the pass's bookkeeping, made even when only counting). */
void *render_calloc(renderer *R, size_t n, size_t size);

/* n zeroed items of size bytes, counted in R->bytes and freed at
 * render_release; NULL when only counting (sp_render_buffer_bytes): the
 * count is asked before a render that would take more memory than the
 * machine has, and a count that allocated (and, under the sanitizers,
 * zero-filled) what it counts took it twice. */
void *render_alloc(renderer *R, size_t n, size_t size);

/* A zeroed audio buffer of frames floats, counted in R->bytes. */
float *render_buf(renderer *R, size_t frames);

/* A delay line of len frames, counted in R->bytes (made unless counting),
 * released at render_release. */
void render_ring_init(renderer *R, sp_ring *ring, int channels, int64_t len);

/* A node's slots: tracks one, the rest SP_FLOW_SLOTS. With many tracks,
 * their buffers are most of what grows with a session; a track's block is
 * free again as soon as the buses it feeds have gathered it (a task of its
 * own, see render_run_blocks), so a second slot bought the reference session no
 * speed (the same wall time at -j 2, 64 KB more a stereo track). */
static inline int render_node_slots(const sp_node *n)
{
  return n->kind == SP_NODE_TRACK ? 1 : SP_FLOW_SLOTS;
}

/* The slot of node idx that holds block k. */
static inline int render_slot_of(const renderer *R, int idx, int64_t k)
{
  return (int)(k % R->ns[idx].slots);
}

/* ---- What a pass's outputs are judged on (core/render/render_checks.c). */

/* Where out's samples went before quantization, in dBFS. */
double render_unquantized_peak_dbfs(const renderer *R, const output *out);
/* The null tests of the outputs written: the stems against the mix, and
 * each linked version with what it leaves out. */
sp_err render_run_null(renderer *R, sp_render_result *res);
/* The recipe's checks on what was printed, into res->checks. */
void render_judge(const sp_graph *g, sp_render_result *res);

/* ---- One pass's blocks through the pipeline (core/render/pipeline.c). */

/* Every block of the timeline through the pipeline, on R->threads
 * threads: the bytes are the same whatever their number. */
sp_err render_run_blocks(renderer *R);

/* ---- A pass's state (core/render/prepare.c): every node's, edge's and
 * thread's buffers and processors, the stages and tasks of the pipeline,
 * allocated once before the first block. */

sp_err render_prepare(renderer *R);
void render_release(renderer *R);

/* ---- The outputs of a pass (core/render/outputs.c): each file's sink,
 * quantizer and meter; a block of the mix (Σ stems in double, lane order),
 * a stem or a printed bus aligned, quantized, metered and written. */

/* Every output of the plan gets its buffers; those this pass writes get a
 * writer (a temporary file), a quantizer and a meter. */
sp_err render_open_outputs(renderer *R, int64_t frames, bool files);
/* Output o's block k made ready for its file (its prep task): its samples
 * (the sum of its lanes at master, in double in lane order, rounded once;
 * or a printed bus's capture), aligned with the others, checked, quantized
 * (dithered at their place in the file) or interleaved, into its slot.
 * Keeps no state but its alignment's (an output with none: blocks side by
 * side). */
sp_err render_output_prep(renderer *R, scratch *w, size_t o, int64_t k, int64_t t0, size_t frames);
/* Output o's block k written (its writer, block after block): what its
 * prep left in the slot, appended to the file, kept for master.adm and
 * its meters. */
sp_err render_output_block(renderer *R, size_t o, int64_t k);
/* Meter task j (R->met) for block k: a metered output's block, as written. */
void render_meter_block(renderer *R, size_t j, int64_t k);
/* measure_only: add this block's frames of master's lanes to the sums. */
void render_measure_block(renderer *R, scratch *w, int64_t k, int64_t t0, size_t frames);
sp_err render_finish_outputs(renderer *R);
const output *render_output_of(const renderer *R, sp_out_kind kind, int index);

/* ---- master.adm's files rendered with the prints (core/render/adm_out.c):
 * the ADM BWFs (the mix's, each stem's) made of the prints' codes as they
 * are written, and their re-renders, in the same pass, through sinks. */

/* A pass that writes the mix (not an own version's) gets master.adm's
 * sinks and its tasks, one per file (R->adm_units): each ADM BWF's (the
 * mix's, each stem's when every stem is printed), each followed by its
 * re-renders'; the outputs keep their codes. */
sp_err render_adm_open(renderer *R, int64_t frames);
/* Task a's share of block k on thread `thread`: an ADM BWF's, once the
 * outputs wrote it, its tracks from their codes (and the kept files'),
 * written and left in a slot (RENDER_KEPT_SLOTS); a re-render's, once its
 * ADM BWF's task did, the tracks rendered and written (the mix's left in a
 * slot of its own); then a metered re-render's peaks (blocks side by
 * side), its loudness, and its LFE's measures, each a task. */
sp_err render_adm_block(renderer *R, size_t a, int64_t k, int thread);
/* The task whose block task a reads: the ADM BWF's whose tracks a
 * re-render re-renders, the re-render's a measure measures; a itself for
 * an ADM BWF's (it reads the outputs). */
size_t render_adm_source(const renderer *R, size_t a);
/* The file (g->adm_outs) task a makes or measures. */
size_t render_adm_file(const renderer *R, size_t a);
/* Whether task a keeps no state (a metered re-render's peaks: blocks side
 * by side), and the task it runs after at the same block besides its
 * source (a re-render's loudness: its peaks'; else a itself). */
bool render_adm_stateless(const renderer *R, size_t a);
size_t render_adm_after(const renderer *R, size_t a);
/* After the last block: the files finished and null-tested (Σ the stems'
 * against the mix's, read back as the prints' null test reads them), and
 * every check of them appended to res->checks (res->n_adm_checks). */
sp_err render_adm_finish(renderer *R, sp_render_result *res);
/* The sinks, taken out of R and appended to sinks[*n] (of *cap), to be
 * delivered with the prints. */
void render_adm_take(renderer *R, sp_sink ***sinks, size_t *n, size_t *cap);
void render_adm_release(renderer *R);

/* ---- A node's block (core/render/nodes.c): a bus's or master's inputs
 * gathered over the edges (each lane delayed, × fader·level·pan), the
 * node run (regions or chain, keys), a printed bus captured, peaks
 * measured, master's fader. */

/* A bus or master takes its inputs for this block: each main and send edge
 * into it, in the order of its inputs, adds its source's lanes (slot sl),
 * delayed to line up and scaled by the edge's gains. The order is fixed, so
 * the sums are the same whatever ran first. */
void render_gather(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames);
/* Whether what leaves node idx at mute point pt (SP_MUTE_*) goes quiet
 * with its moving mute where its mute points leave some out (all of them:
 * render_process_node scales its lanes); then the mute's gains at t (the
 * chain's output time) into g. */
bool render_mute_at(const renderer *R, int idx, unsigned pt, int64_t t, size_t frames, float *g);
/* Everything node idx does in a block: a track reads its regions (a bus or
 * master has gathered its inputs, a task of its own); then trim and
 * polarity, the chain, keys, peaks and prints; master applies its fader.
 * Touches only the node's own state and slot, its key edges and printed
 * outputs. */
sp_err render_process_node(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames);

/* ---- A node's chain for a block (core/render/chain.c): trim and polarity,
 * each insert across the lanes (a linear one per lane, a linked one by a
 * gain from the sum or its key), in stages when threads share a node; and
 * the keys it feeds. */

/* Run inserts [from, to) of n's chain on its lanes for block k, one insert
 * at a time. */
void render_run_chain(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames, size_t from,
                      size_t to);
/* Trim and polarity on lane l of node idx, for block k (a moving trim
 * where the signal entering the chain plays). */
void render_trim_lane(renderer *R, scratch *w, int idx, size_t l, int64_t k_block, int sl,
                      size_t frames);
/* Stage st of bus or master idx for block k: on one lane (the task's) or
 * on every lane; the first stage trims first, as the node's task does. */
void render_run_stage(renderer *R, scratch *w, int idx, int64_t k, size_t frames, int st,
                      size_t lane);
/* Node idx's fader in its chain, for block k (a strip with post-fader
 * inserts; render_fader_at): each lane copied to its `tap: pre` tap when
 * tapped, then × the fader where the signal at the fader plays, then
 * copied to its `tap: fader` tap when tapped. */
void render_run_fader(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames);
/* Node idx's post_inserts for block k, after render_run_fader: each lane
 * copied at each `tap: {after: j}` point tapped on the way. */
void render_run_post(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames);
/* Fill the key buffers of n's key edges: Σ lanes, × fader for tap post. */
void render_feed_keys(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames);

/* ---- A track's block (core/render/regions.c): its regions read through the
 * graph's media, each with its fades, gain and envelope, opaque regions
 * over the ones below. */

/* The regions of track idx for timeline frames t0 .. t0 + frames − 1. */
sp_err render_read_regions(renderer *R, scratch *w, int idx, int64_t t0, size_t frames,
                           float *const *out);

#endif
