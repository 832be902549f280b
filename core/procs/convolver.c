/* SPDX-License-Identifier: GPL-3.0-or-later */
/* convolver: convolution with an impulse response from a file (a reverb).
 *
 *   x ──┬──► predelay ─► IR (uniformly partitioned FFT, core/dsp/conv) ─► × wet ──┐
 *       └──► delay by two partitions (to stay aligned) ────────────────► × dry ──(+)─► out
 *
 * A mono IR is applied to each channel; a stereo IR's left channel to the
 * left, right to the right (an IR of as many channels as the path: one
 * each); a true-stereo IR of four channels (L→L, L→R, R→L, R→R, and N×N
 * on a path of N) feeds each output from every input. The IR is a resource: the graph builder loads
 * it, resampled to the session rate, and it is used as it is (no
 * normalisation). The predelay is written into the IR as
 * leading zeros (partitions of silence cost nothing). Latency: two
 * partitions, 2·`block` frames (auto: the IR in at most eight partitions,
 * 256 to 65536 frames each); the second lets each partition's work be
 * spread over a block (core/dsp/conv.h). Tail: predelay + the IR up to its last sample above
 * the output's noise floor. Linear: one instance per
 * lane; the instances of one IR share its spectra, made when the first
 * block is processed (not in the set-up, which the planner's probe and a
 * render's preparation run on one thread). */

#include "core/base/alloc.h"
#include "core/dsp/conv.h"
#include "core/dsp/ring.h"
#include "core/procs/proc.h"
#include "core/dsp/automation.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_IR, P_PREDELAY, P_WET, P_DRY, P_BLOCK, N_PARAMS };

static const sp_param params[] = {
    {"ir", SP_PARAM_FILE, SP_UNIT_NUMBER, 0, 0, 60, NULL, true,
     "impulse response file (mono, stereo, true stereo or one a channel; at most 60 s), "
     "relative to the recipe"},
    {"predelay", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0, 0, 2, NULL, false,
     "time before the IR starts"},
    {"wet", SP_PARAM_NUMBER, SP_UNIT_DB, 0, -INFINITY, 12, NULL, false, "reverb level"},
    {"dry", SP_PARAM_NUMBER, SP_UNIT_DB, -INFINITY, -INFINITY, 12, NULL, false,
     "direct level (-inf dB on a return)"},
    {"block", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 0, 0, 65536, NULL, false,
     "partition size in frames, a power of two from 64 (0: auto); latency 2 x block"},
};

typedef struct conv_state {
  int channels;
  bool matrix; /* a true-stereo IR (or N×N): engine i·N + j from input i into output j */
  float wet, dry;
  bool dry_heard; /* dry is above -inf dB somewhere: its path is kept aligned */
  size_t block;
  int64_t tail;
  /* the impulse response as prepared; its spectra and engines are made at
   * the first block processed (a probe processes none), on the thread that
   * runs the instance; until then eng[0] is NULL (an IR a channel, or a
   * mono one: each channel's engine made by the first block of that
   * channel, ir[c] its own hold on its spectra) */
  const float *samples[SP_MAX_CHANNELS];
  int ir_channels;
  int64_t ir_frames, pre;
  sp_conv_ir *ir[SP_MAX_CHANNELS];
  sp_conv *eng[SP_MAX_CHANNELS];
  /* split (sp_proc_class.split): each channel's engine in three steps,
   * made at its first feed, for steps up to ahead frames apart */
  bool split;
  size_t ahead;
  sp_conv_split *steps[SP_MAX_CHANNELS];
  sp_ring dry_delay[SP_MAX_CHANNELS]; /* 2·block frames: the dry path's alignment, a channel each */
  float *tmp[SP_MAX_CHANNELS]; /* max_block_frames: the dry signal */
  float *in[SP_MAX_CHANNELS];  /* matrix: each input, and one path's output */
  float *path;
} conv_state;

/* Offline, latency is compensated anyway, so the partition is chosen for
 * speed alone: the smallest power of two, from 256 to 65536, that cuts the
 * IR into at most eight partitions. Fewer, larger partitions read fewer
 * spectra per output frame but transform more: in a render, whose other
 * work keeps evicting the convolver's data, a 2.5 s IR ran 4 % faster in
 * eight partitions of 16384 than in two of 65536 (and about as fast in 15
 * of 8192), with a quarter of the latency and of the compensating delay
 * lines' memory. */
static size_t auto_block(int64_t frames)
{
  size_t b = 256;
  while (b < 65536 && (int64_t)b * 8 < frames)
    b *= 2;
  return b;
}

/* The impulse responses' spectra, shared: every instance of a convolver
 * (one a lane, and the planner's probe) transforms its IR the same way, so
 * the first to need a channel's spectra makes them and the others take
 * them (a render of the reference session made them four times over, a
 * third of its set-up). Keyed by the resource's samples, which the graph
 * holds while any instance lives, the predelay and the partition; freed
 * with the last instance that holds them. */
typedef struct shared_ir {
  const float *samples;
  int64_t frames, pre;
  size_t block;
  sp_conv_ir *h;
  int refs;
  struct shared_ir *next;
} shared_ir;

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static shared_ir *shared;

static shared_ir *shared_find(const float *samples, int64_t frames, int64_t pre, size_t block)
{
  for (shared_ir *e = shared; e; e = e->next)
    if (e->samples == samples && e->frames == frames && e->pre == pre && e->block == block)
      return e;
  return NULL;
}

/* The spectra of samples (frames long) after pre frames of silence, in
 * partitions of block. */
static sp_conv_ir *ir_take(const float *samples, int64_t frames, int64_t pre, size_t block)
{
  pthread_mutex_lock(&shared_lock);
  shared_ir *e = shared_find(samples, frames, pre, block);
  if (e)
    e->refs++;
  pthread_mutex_unlock(&shared_lock);
  if (e)
    return e->h;
  const int64_t total = pre + frames;
  float *padded = sp_xcalloc(total ? (size_t)total : 1, sizeof *padded);
  memcpy(padded + pre, samples, (size_t)frames * sizeof *padded);
  sp_conv_ir *h = sp_conv_ir_new(padded, (size_t)total, block);
  free(padded);
  pthread_mutex_lock(&shared_lock);
  if ((e = shared_find(samples, frames, pre, block)) != NULL) { /* made meanwhile: the same */
    e->refs++;
    pthread_mutex_unlock(&shared_lock);
    sp_conv_ir_free(h);
    return e->h;
  }
  e = sp_xcalloc(1, sizeof *e);
  *e = (shared_ir){samples, frames, pre, block, h, 1, shared};
  shared = e;
  pthread_mutex_unlock(&shared_lock);
  return h;
}

static void ir_give(sp_conv_ir *h)
{
  if (!h)
    return;
  pthread_mutex_lock(&shared_lock);
  shared_ir **at = &shared;
  while (*at && (*at)->h != h)
    at = &(*at)->next;
  shared_ir *e = *at;
  if (e && --e->refs == 0)
    *at = e->next;
  else
    e = NULL;
  pthread_mutex_unlock(&shared_lock);
  if (e) {
    sp_conv_ir_free(e->h);
    free(e);
  }
}

/* The levels from v; the impulse response, predelay and partition as
 * prepared. */
static void retune(void *state, const double *v)
{
  conv_state *s = state;
  s->wet = (float)sp_db_to_lin(v[P_WET]);
  s->dry = (float)sp_db_to_lin(v[P_DRY]);
}

static const char *still(size_t k)
{
  if (k == P_PREDELAY)
    return "the reverb holds one predelay";
  return k == P_BLOCK ? "it sets the reverb's latency" : NULL;
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  conv_state *s = state;
  const double *v = a->values;
  s->channels = env->channels;
  const sp_resource *irs = a->resources ? a->resources[P_IR] : NULL;
  if (!irs) {
    snprintf(why, why_size, "'convolver' needs 'ir: FILE', the impulse response; add it");
    return SP_ERR_USAGE;
  }
  double b = v[P_BLOCK];
  if (b != 0 && (b < 64 || b != floor(b) || ((size_t)b & ((size_t)b - 1)) != 0)) {
    double below = exp2(floor(log2(b)));
    if (b < 64)
      snprintf(why, why_size,
               "block %g is not a power of two from 64 to 65536; use 64, or 0 (or no 'block') "
               "for auto",
               b);
    else
      snprintf(why, why_size,
               "block %g is not a power of two from 64 to 65536; use %g or %g, or 0 (or no "
               "'block') for auto",
               b, below, 2 * below);
    return SP_ERR_USAGE;
  }
  const float *const *ir = irs->ch;
  const int ir_ch = irs->channels;
  /* true stereo: four channels on a stereo path, L→L L→R R→L R→R (and
   * N×N on a path of N ≤ 4) */
  s->matrix = s->channels >= 2 && ir_ch == s->channels * s->channels;
  if (ir_ch > 1 && ir_ch != s->channels && !s->matrix && !(ir_ch == 2 && s->channels == 1)) {
    snprintf(why, why_size,
             "the impulse response '%s' has %d channels and this path %d: give a mono impulse "
             "response (one for every channel), one of %d channels (one each)%s",
             irs->name, ir_ch, s->channels, s->channels,
             s->channels == 2 ? ", or a true-stereo one of 4 (L to L, L to R, R to L, R to R)"
                              : "");
    return SP_ERR_USAGE;
  }
  const int64_t ir_frames = irs->frames;
  int64_t pre = (int64_t)llround(v[P_PREDELAY] * env->sample_rate);
  int64_t total = pre + ir_frames;
  /* The tail ends where what is left of the IR can no longer reach the
   * output's floor: a full-scale input gives at most Σ|h| over the rest of
   * the IR. So an IR padded with near-silence does not lengthen the render,
   * and no audible part is cut. */
  const double floor_lin = sp_db_to_lin(env->floor_db);
  int64_t audible = 0;
  for (int c = 0; c < ir_ch; c++) {
    double rest = 0;
    for (int64_t i = ir_frames; i > audible; i--) {
      rest += fabs((double)ir[c][i - 1]);
      if (rest > floor_lin) {
        audible = i;
        break;
      }
    }
  }
  s->block = b != 0 ? (size_t)b : auto_block(total);
  for (int c = 0; c < ir_ch; c++)
    s->samples[c] = ir[c];
  s->ir_channels = ir_ch;
  s->ir_frames = ir_frames;
  s->pre = pre;
  for (int c = 0; c < s->channels; c++) {
    s->tmp[c] = sp_xcalloc(env->max_block_frames, sizeof *s->tmp[c]);
    if (s->matrix)
      s->in[c] = sp_xcalloc(env->max_block_frames, sizeof *s->in[c]);
  }
  if (s->matrix)
    s->path = sp_xcalloc(env->max_block_frames, sizeof *s->path);
  for (int c = 0; c < s->channels; c++)
    sp_ring_init(&s->dry_delay[c], 1, 2 * s->block);
  retune(s, v);
  s->dry_heard = s->dry != 0 || (a->automation && a->automation[P_DRY].n > 0);
  s->tail = pre + audible;
  return SP_OK;
}

/* The spectra (shared, ir_take) and an engine for each path of a true-stereo
 * IR. */
static void make_engines(conv_state *s)
{
  const int ir_ch = s->ir_channels;
  for (int c = 0; c < ir_ch; c++)
    s->ir[c] = ir_take(s->samples[c], s->ir_frames, s->pre, s->block);
  for (int c = 0; c < ir_ch; c++)
    s->eng[c] = sp_conv_new(s->ir[c]);
}

/* Channel c's dry input, delayed to line up with the wet. */
static void keep_dry(conv_state *s, int c, const float *x, size_t frames)
{
  memcpy(s->tmp[c], x, frames * sizeof(float));
  sp_ring_process(&s->dry_delay[c], &s->tmp[c], frames);
}

/* Channel c's levels: wet, and the dry input kept. */
static void levels(const conv_state *s, int c, float *x, size_t frames)
{
  if (s->dry_heard)
    for (size_t i = 0; i < frames; i++)
      x[i] = s->wet * x[i] + s->dry * s->tmp[c][i];
  else if (s->wet != 1.0f)
    for (size_t i = 0; i < frames; i++)
      x[i] *= s->wet;
}

/* Channel c's IR spectra, taken at its first block. */
static sp_conv_ir *channel_ir(conv_state *s, int c)
{
  if (!s->ir[c])
    s->ir[c] = ir_take(s->samples[s->ir_channels > 1 ? c : 0], s->ir_frames, s->pre, s->block);
  return s->ir[c];
}

/* Channel c alone (an IR a channel, or a mono one): its engine, its dry
 * path, its state and buffers its own, so the channels of an instance may
 * run side by side (process_channel); made at its first block. */
static void process_channel(void *state, int c, float *x, size_t frames)
{
  conv_state *s = state;
  if (!s->eng[c])
    s->eng[c] = sp_conv_new(channel_ir(s, c));
  if (s->dry_heard)
    keep_dry(s, c, x, frames);
  sp_conv_process(s->eng[c], x, frames);
  levels(s, c, x, frames);
}

static bool split(void *state, size_t ahead_frames)
{
  conv_state *s = state;
  if (s->matrix)
    return false;
  s->split = true;
  s->ahead = ahead_frames;
  return true;
}

/* Channel c in three steps (split): the input into the engine's spectra;
 * their products and inverse for the partitions ending in the block; the
 * dry path (in order), the wet output and the levels. */
static void feed(void *state, int c, const float *x, size_t frames)
{
  conv_state *s = state;
  if (!s->steps[c])
    s->steps[c] = sp_conv_split_new(channel_ir(s, c), s->ahead);
  sp_conv_feed(s->steps[c], x, frames);
}

static void work(void *state, int c, int64_t at, size_t frames)
{
  sp_conv_work(((conv_state *)state)->steps[c], at, frames);
}

static void take(void *state, int c, float *x, int64_t at, size_t frames)
{
  conv_state *s = state;
  if (s->dry_heard)
    keep_dry(s, c, x, frames);
  sp_conv_take(s->steps[c], x, at, frames);
  levels(s, c, x, frames);
}

/* How many of its channels may run apart: all but with a true-stereo IR. */
static int apart(const void *state)
{
  const conv_state *s = state;
  return s->matrix ? 0 : s->channels;
}

static void process(void *state, float *const *ch, size_t frames)
{
  conv_state *s = state;
  if (!s->matrix) {
    for (int c = 0; c < s->channels; c++)
      process_channel(s, c, ch[c], frames);
    return;
  }
  if (!s->eng[0])
    make_engines(s);
  if (s->dry_heard)
    for (int c = 0; c < s->channels; c++)
      keep_dry(s, c, ch[c], frames);
  /* each output the sum of every input through its path */
  const int n = s->channels;
  for (int i = 0; i < n; i++)
    memcpy(s->in[i], ch[i], frames * sizeof(float));
  for (int j = 0; j < n; j++)
    memset(ch[j], 0, frames * sizeof(float));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      memcpy(s->path, s->in[i], frames * sizeof(float));
      sp_conv_process(s->eng[i * n + j], s->path, frames);
      for (size_t f = 0; f < frames; f++)
        ch[j][f] += s->path[f];
    }
  for (int c = 0; c < s->channels; c++)
    levels(s, c, ch[c], frames);
}

static void reset(void *state)
{
  conv_state *s = state;
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    if (s->eng[c])
      sp_conv_reset(s->eng[c]);
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    if (s->steps[c])
      sp_conv_split_reset(s->steps[c]);
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    sp_ring_reset(&s->dry_delay[c]);
}

static void release(void *state)
{
  conv_state *s = state;
  for (int c = 0; c < SP_MAX_CHANNELS; c++) {
    sp_conv_free(s->eng[c]);
    sp_conv_split_free(s->steps[c]);
    ir_give(s->ir[c]);
    free(s->tmp[c]);
    free(s->in[c]);
  }
  free(s->path);
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    sp_ring_fini(&s->dry_delay[c]);
}

static int64_t latency(const void *state)
{
  return 2 * (int64_t)((const conv_state *)state)->block;
}

static int64_t tail(const void *state) { return ((const conv_state *)state)->tail; }

const sp_proc_class sp_proc_convolver = {
    .name = "convolver",
    .summary = "convolution reverb: an impulse response from a file, partitioned FFT",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_AUTOMATABLE,
    .state_size = sizeof(conv_state),
    .prepare = prepare,
    .process = process,
    .apart = apart,
    .process_channel = process_channel,
    .split = split,
    .feed = feed,
    .work = work,
    .take = take,
    .retune = retune,
    .still = still,
    .reset = reset,
    .release = release,
    .latency_frames = latency,
    .tail_frames = tail,
};
