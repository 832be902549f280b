/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An lv2 insert's instances and their runs (core/procs/lv2_class.h):
 * spares kept between renders, controls set from settings and moving
 * parameters, a key fed to the sidechain, an instrument's MIDI, prepare,
 * process and reset. */

#include "core/procs/lv2_class.h"

#include "core/base/alloc.h"
#include "core/dsp/simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- spare instances ----------------------------------------------------- */

/* An instance as lv2_instantiate() leaves it is the same whichever processor
 * made it: the same plugin, rate and block, the same saved state restored,
 * settled with the same controls. A processor released with its instances
 * fresh leaves them here, and the next lv2_instantiate() of the same takes one
 * instead of making it again. So an instrument's probe, which ends with
 * its instance reset (sp_instrument_tail), hands that instance to the
 * render: one ACE Fluid Synth a track loads its SoundFont twice, not five
 * times (the second from libfluidsynth's sample cache). At most SP_LV2_SPARES are kept, the oldest freed
 * first. */
#define SP_LV2_SPARES 128

static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static spare spares[SP_LV2_SPARES];
static size_t n_spares;

/* The block length s's instances are told most runs have (LV2's
 * nominalBlockLength): the recipe's plugin_cycle, as Ardour tells its
 * plugins its cycle (ZamVerb's convolver runs only on runs of that
 * length, else passes its input through: bench/ardour/random seed 289),
 * else the longest. */
static size_t nominal_block(const lv2_state *s)
{
  return s->cycle > 0 && (size_t)s->cycle <= s->max_block ? (size_t)s->cycle : s->max_block;
}

/* A spare instance for s as its controls are now, or NULL. */
static sp_lv2_instance *take_spare(const lv2_state *s)
{
  const sp_lv2_plugin *p = s->lc->p;
  sp_lv2_instance *in = NULL;
  pthread_mutex_lock(&spare_lock);
  for (size_t i = 0; i < n_spares && !in; i++) {
    spare *k = &spares[i];
    if (k->p != p || k->rate != s->rate || k->max_block != s->max_block ||
        k->nominal != nominal_block(s) || k->saved != s->saved ||
        memcmp(k->ctl, s->ctl, (size_t)p->n_ports * sizeof(float)) != 0)
      continue;
    in = k->in;
    free(k->ctl);
    memmove(k, k + 1, (n_spares - i - 1) * sizeof *k);
    n_spares--;
  }
  pthread_mutex_unlock(&spare_lock);
  return in;
}

/* Keep instance in, fresh, of s as a spare. */
static void keep_spare(const lv2_state *s, sp_lv2_instance *in)
{
  const sp_lv2_plugin *p = s->lc->p;
  float *ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *ctl);
  memcpy(ctl, s->settled_ctl, (size_t)p->n_ports * sizeof *ctl);
  spare oldest = {0};
  pthread_mutex_lock(&spare_lock);
  if (n_spares == SP_LV2_SPARES) {
    oldest = spares[0];
    memmove(spares, spares + 1, (n_spares - 1) * sizeof *spares);
    n_spares--;
  }
  spares[n_spares++] = (spare){p, s->rate, s->max_block, nominal_block(s), s->saved, ctl, in};
  pthread_mutex_unlock(&spare_lock);
  lv2_drop(oldest.p, oldest.in);
  free(oldest.ctl);
}

void lv2_release(void *state)
{
  lv2_state *s = state;
  for (int i = 0; i < s->n_inst; i++) {
    if (s->inst[i] && s->fresh)
      keep_spare(s, s->inst[i]);
    else
      lv2_drop(s->lc->p, s->inst[i]);
    for (int k = 0; k < 2; k++) {
      free(s->in[i][k]);
      free(s->out[i][k]);
      free(s->sc[i][k]);
    }
  }
  free(s->ahead[0]);
  free(s->ahead[1]);
  free(s->ctl);
  free(s->settled_ctl);
  free(s->bypass.points);
}

/* The port value of parameter k at value v (recipe units); a whole
 * number rounded when whole. */
static double port_of(const lv2_class *lc, size_t k, double v, bool whole)
{
  const sp_lv2_control *c = &lc->p->controls[lc->control[k]];
  switch (c->kind) {
  case SP_LV2_CTL_TOGGLE: return v != 0.0 ? c->max : c->min;
  case SP_LV2_CTL_ENUM: return c->point_values[(size_t)v < c->n_points ? (size_t)v : 0];
  case SP_LV2_CTL_INTEGER: return whole ? round(v * c->scale) : v * c->scale;
  case SP_LV2_CTL_GAIN: return sp_db_to_lin(v);
  default: return v * c->scale;
  }
}

static double port_value(const lv2_class *lc, size_t k, double v)
{
  return port_of(lc, k, v, true);
}

typedef struct port_map {
  const lv2_class *lc;
  size_t k;
} port_map;

/* A point's value as its port's, not rounded (sp_auto_value_mapped). */
static double point_port(const void *ctx, double v)
{
  const port_map *m = ctx;
  return port_of(m->lc, m->k, v, false);
}

double lv2_moving_port_value(const lv2_class *lc, size_t k, const sp_auto *a, double rate,
                                int64_t t)
{
  if (a->ramp == SP_RAMP_LINEAR)
    return sp_auto_value_mapped(a, rate, t, point_port, &(port_map){lc, k});
  const sp_lv2_control *c = &lc->p->controls[lc->control[k]];
  return port_value(lc, k, sp_auto_value_at(a, rate, t, c->logarithmic));
}

/* The instrument's events of timeline frames t .. t + frames - 1 into its
 * MIDI input (emptied by before_run), each at its frame in the run, from
 * *next, the first not sent yet; returns how many frames of the run they
 * cover: all, or up to the first event that no longer fits (some 2,700
 * events: the next run takes it, a run never loses one; more than that at
 * one frame go a frame later). */
static size_t fill_midi(sp_lv2_instance *in, const sp_events *ev, size_t *next, int64_t t,
                        size_t frames)
{
  LV2_Atom_Sequence *seq = in->midi;
  if (!seq || !ev)
    return frames;
  uint8_t *body = (uint8_t *)(seq + 1);
  uint32_t used = 0;
  const uint32_t need = (uint32_t)sizeof(LV2_Atom_Event) + 8;
  size_t i = *next;
  for (; i < ev->n && ev->v[i].frame < t + (int64_t)frames; i++) {
    const sp_event *e = &ev->v[i];
    if (used + need > in->midi_capacity)
      break;
    LV2_Atom_Event *a = (LV2_Atom_Event *)(body + used);
    a->time.frames = e->frame > t ? e->frame - t : 0;
    a->body.type = in->midi_event;
    a->body.size = e->size;
    memcpy(a + 1, e->msg, e->size);
    used += need;
  }
  *next = i;
  seq->atom.size = (uint32_t)sizeof(LV2_Atom_Sequence_Body) + used;
  if (i < ev->n && ev->v[i].frame < t + (int64_t)frames)
    return ev->v[i].frame > t ? (size_t)(ev->v[i].frame - t) : 1;
  return frames;
}

/* An instrument's run of frames into ch (its outputs, one or two), from
 * timeline frame s->played: the events of the frames it covers at their
 * frames, in as many runs as the MIDI input needs. */
static void run_instrument(lv2_state *s, float *const *ch, size_t frames)
{
  const sp_lv2_plugin *p = s->lc->p;
  sp_lv2_instance *in = s->inst[0];
  sp_lv2_draws *was = sp_lv2_draws_use(in->draws);
  for (size_t done = 0; done < frames;) {
    for (int k = 0; k < p->n_out; k++)
      lv2_connect(in, p->out[k], k < s->out_channels ? ch[k] + done : s->out[0][k]);
    if (in->before_run)
      in->before_run(in);
    const size_t n =
        fill_midi(in, s->timed ? s->events : NULL, &s->next_event, s->played, frames - done);
    in->descriptor->run(in->handle, (uint32_t)n);
    if (in->after_run)
      in->after_run(in);
    s->played += (int64_t)n;
    done += n;
  }
  sp_lv2_draws_use(was);
}

/* An instrument runs in runs of its own, laid on the timeline whatever
 * blocks the render takes its output in: runs of SP_LV2_INSTRUMENT_RUN
 * frames from the timeline's multiples of it, or the recipe's
 * plugin_cycle on the output's clock (a DAW's cycles, as an imported
 * session's). It has no input, so it can play ahead; and a plugin whose
 * output depends on its runs' lengths (avldrums: its fluidsynth inside
 * starts a note at its next 64-frame block after a run's start) prints
 * the same bytes at any --block-frames and -j. */
#define SP_LV2_INSTRUMENT_RUN 1024

static size_t instrument_run_frames(const lv2_state *s)
{
  return s->cycle ? (size_t)s->cycle : SP_LV2_INSTRUMENT_RUN;
}

/* The run that holds frame s->pos, played into s->ahead. */
static void instrument_run(lv2_state *s)
{
  const int64_t r = (int64_t)instrument_run_frames(s);
  int64_t start;
  if (s->cycle) { /* where the output's clock starts a cycle */
    const int64_t c = s->pos + s->clock_offset - s->cycle_first;
    start = s->pos - (c - sp_auto_period_start(c, r));
  } else {
    start = sp_auto_period_start(s->pos, r);
  }
  if (!s->run_valid || start != s->run_t + r) /* not the next run: find its events */
    s->next_event = sp_events_from(s->events, start);
  s->run_t = s->t = s->played = start;
  s->clock = start + s->clock_offset;
  s->run_valid = true;
  lv2_play(s, false, KEY_OWN, s->ahead, NULL, (size_t)r);
}

/* frames of an instrument's output from s->pos on, out of its runs. */
static void instrument_process(lv2_state *s, float *const *ch, size_t frames)
{
  const int64_t r = (int64_t)instrument_run_frames(s);
  for (size_t done = 0; done < frames;) {
    if (!s->run_valid || s->pos < s->run_t || s->pos >= s->run_t + r)
      instrument_run(s);
    const size_t off = (size_t)(s->pos - s->run_t);
    const size_t n = frames - done < (size_t)r - off ? frames - done : (size_t)r - off;
    for (int c = 0; c < s->out_channels; c++)
      memcpy(ch[c] + done, s->ahead[c] + off, n * sizeof(float));
    s->pos += (int64_t)n;
    done += n;
  }
}

void lv2_run_all(lv2_state *s, float *const *ch, size_t frames)
{
  const sp_lv2_plugin *p = s->lc->p;
  s->fresh = false;
  if (p->instrument) {
    run_instrument(s, ch, frames);
    return;
  }
  const bool folds = p->n_in < p->n_out && s->channels == 2; /* mono in, on a stereo path */
  for (int i = 0; i < s->n_inst; i++) {
    int from[2] = {-1, -1}, to[2] = {-1, -1}; /* the channel each input reads, output writes */
    for (int k = 0; k < p->n_in; k++)
      from[k] = folds && s->feed == SP_FEED_MID ? -1
                : s->n_inst > 1                 ? i
                : folds                         ? (s->feed == SP_FEED_RIGHT)
                : k < s->channels               ? k
                                                : 0;
    for (int k = 0; k < p->n_out; k++) {
      const bool to_ch = s->n_inst > 1 ? k < 1 : k < s->out_channels;
      to[k] = to_ch ? (s->n_inst > 1 ? i : k) : -1;
      lv2_connect(s->inst[i], p->out[k], to_ch ? ch[to[k]] : s->out[i][k]);
    }
    for (int k = 0; k < p->n_in; k++) {
      /* In place, as Ardour runs it, where input k and output k carry one
       * channel that no other input reads; else a copy of its own. */
      const bool in_place = !p->in_place_broken && from[k] >= 0 && k < p->n_out &&
                            from[k] == to[k] && (p->n_in < 2 || from[1 - k] != from[k]);
      lv2_connect(s->inst[i], p->in[k], in_place ? ch[from[k]] : s->in[i][k]);
      if (in_place)
        continue;
      if (from[k] >= 0)
        memcpy(s->in[i][k], ch[from[k]], frames * sizeof(float));
      else
        for (size_t f = 0; f < frames; f++)
          s->in[i][k][f] = 0.5f * (ch[0][f] + ch[1][f]);
    }
  }
  for (int i = 0; i < s->n_inst; i++)
    lv2_run(s->inst[i], frames);
}

/* A mono sidechain from a stereo key, frame by frame: the larger
 * magnitude (fmaxf's: a NaN loses to a number), the sum or the mean. One
 * loop a form, each vector code: fmaxf itself is a libm call a sample (3 %
 * of an LV2 session's time with a keyed compressor). */
SP_CLONES
static void key_mix(key_form form, const float *restrict l, const float *restrict r,
                    float *restrict dst, size_t frames)
{
  if (form == KEY_MAX_ABS)
    for (size_t f = 0; f < frames; f++) {
      const float a = fabsf(l[f]), b = fabsf(r[f]);
      dst[f] = a > b || b != b ? a : b;
    }
  else if (form == KEY_SUM)
    for (size_t f = 0; f < frames; f++)
      dst[f] = l[f] + r[f];
  else
    for (size_t f = 0; f < frames; f++)
      dst[f] = 0.5f * (l[f] + r[f]);
}

/* Sidechain input k of instance i, fed from key in form. */
static void feed_key(const lv2_state *s, key_form form, int i, int k, const float *const *key,
                     size_t frames)
{
  float *dst = s->sc[i][k];
  const float *l = key[0], *r = key[1] ? key[1] : key[0];
  const int n_sc = s->lc->p->n_sc;
  if (n_sc == 2 || !key[1] || form == KEY_CHANNELS) {
    /* a mono plugin's instance per channel hears its own channel */
    const int c = form == KEY_CHANNELS && s->n_inst > 1 && n_sc == 1 ? i : k;
    memcpy(dst, c < 1 ? l : r, frames * sizeof(float));
    return;
  }
  key_mix(form, l, r, dst, frames);
}

static void run_keyed(lv2_state *s, key_form form, float *const *ch, const float *const *key,
                      size_t frames)
{
  const sp_lv2_plugin *p = s->lc->p;
  for (int i = 0; form != KEY_OWN && i < s->n_inst; i++)
    for (int k = 0; k < p->n_sc; k++)
      feed_key(s, form, i, k, key, frames);
  lv2_run_all(s, ch, frames);
}

/* ---- parameters that move ------------------------------------------------ */

/* While a parameter ramps, the plugin is run in pieces of at most
 * SP_AUTO_CONTROL_FRAMES frames, each with the values at its first frame,
 * the pieces falling on multiples of it on the timeline (so the same at any
 * block length and -j); a piece also ends at every breakpoint. With the
 * recipe's plugin_cycle every run ends where a cycle does, on the output's
 * clock, and a moving value is read at its cycle's start. */

void lv2_play_at(void *state, int64_t frame, int64_t clock)
{
  lv2_state *s = state;
  if (s->lc->p->instrument) { /* its runs are its own (instrument_run) */
    s->pos = frame;
    s->clock_offset = clock - frame;
    s->timed = true;
    return;
  }
  s->t = frame;
  s->clock = clock;
  s->timed = true;
}

/* The first frame, on the timeline, of the control period or cycle that
 * holds the piece done frames into the call. */
static int64_t control_start(const lv2_state *s, size_t done)
{
  const int64_t t = s->t + (int64_t)done;
  if (!s->cycle)
    return sp_auto_period_start(t, SP_AUTO_CONTROL_FRAMES);
  const int64_t at = s->clock + (int64_t)done - s->cycle_first;
  return t - (at - sp_auto_period_start(at, s->cycle));
}

/* Each moving parameter's value for the piece done frames into the call
 * into its control port, read where the piece starts (sp_auto_piece_start:
 * its control period's start, or the last breakpoint of any parameter if
 * that is later); in its unit (dB, Hz, s), geometrically for a logarithmic
 * port. */
static void set_moving(lv2_state *s, size_t done)
{
  const lv2_class *lc = s->lc;
  const int64_t t = s->t + (int64_t)done;
  int64_t from = sp_auto_piece_start(s->autos, s->autos ? lc->cls.n_params : 0, s->rate, t,
                                     control_start(s, done));
  from = sp_auto_piece_start(&s->bypass, s->bypass.n ? 1 : 0, s->rate, t, from);
  if (s->bypass.n) { /* its own on switch: off where bypassed */
    const sp_lv2_control *c = &lc->p->controls[lc->p->enable_switch];
    s->ctl[c->port] =
        (float)(sp_auto_value_at(&s->bypass, s->rate, from, false) > 0.5 ? c->min : c->max);
  }
  for (size_t k = 0; s->autos && k < lc->cls.n_params; k++) {
    const sp_auto *a = &s->autos[k];
    if (a->n == 0)
      continue;
    s->ctl[lc->p->controls[lc->control[k]].port] =
        (float)lv2_moving_port_value(lc, k, a, s->rate, from);
  }
}

/* How many of frames, done frames into the call, run as one piece: up to
 * the next breakpoint, the next cycle, and while a value ramps (with no
 * cycle) the next control period. */
static size_t piece(const lv2_state *s, size_t done, size_t frames)
{
  const int64_t t = s->t + (int64_t)done, start = control_start(s, done);
  int64_t end = t + (int64_t)frames;
  if (s->cycle && start + s->cycle < end)
    end = start + s->cycle;
  end = sp_auto_piece_end(s->autos, s->autos ? s->lc->cls.n_params : 0, s->rate, t, end,
                          s->cycle ? INT64_MAX : start + SP_AUTO_CONTROL_FRAMES);
  end = sp_auto_piece_end(&s->bypass, s->bypass.n ? 1 : 0, s->rate, t, end,
                          s->cycle ? INT64_MAX : start + SP_AUTO_CONTROL_FRAMES);
  return (size_t)(end - t);
}

/* How many frames the piece of n frames, done frames into the call, runs:
 * n, or where it ends the render inside a cycle, the cycle's rest, as
 * Ardour's export runs its last cycle whole (ZamVerb passes its input
 * through on a shorter run: bench/ardour/random seed 289). */
static size_t run_frames(const lv2_state *s, size_t done, size_t n)
{
  if (!s->cycle || s->end <= 0 || s->clock + (int64_t)(done + n) != s->end)
    return n;
  const int64_t whole = control_start(s, done) + s->cycle - (s->t + (int64_t)done);
  return whole > (int64_t)n && whole <= (int64_t)s->max_block ? (size_t)whole : n;
}

void lv2_play(lv2_state *s, bool keyed, key_form form, float *const *ch, const float *const *key,
                 size_t frames)
{
  if ((!s->autos && !s->bypass.n && !s->cycle) || !s->timed) {
    if (keyed)
      run_keyed(s, form, ch, key, frames);
    else
      lv2_run_all(s, ch, frames);
    return;
  }
  for (size_t done = 0; done < frames;) {
    set_moving(s, done);
    const size_t n = piece(s, done, frames - done), m = run_frames(s, done, n);
    float *c[SP_MAX_CHANNELS] = {NULL}, *k[2] = {NULL};
    const int nc = s->channels > s->out_channels ? s->channels : s->out_channels;
    for (int d = 0; d < nc; d++)
      c[d] = m > n ? sp_xcalloc(m, sizeof(float)) : ch[d] + done;
    for (int d = 0; keyed && d < 2; d++)
      k[d] = !key[d] ? NULL : m > n ? sp_xcalloc(m, sizeof(float)) : (float *)key[d] + done;
    for (int d = 0; m > n && d < nc; d++) /* the frames past the end silence */
      memcpy(c[d], ch[d] + done, n * sizeof(float));
    for (int d = 0; m > n && keyed && d < 2 && key[d]; d++)
      memcpy(k[d], key[d] + done, n * sizeof(float));
    if (keyed)
      run_keyed(s, form, c, (const float *const *)k, m);
    else
      lv2_run_all(s, c, m);
    for (int d = 0; m > n && d < nc; d++) {
      memcpy(ch[d] + done, c[d], n * sizeof(float));
      free(c[d]);
    }
    for (int d = 0; m > n && d < 2; d++)
      free(k[d]);
    done += n;
  }
  s->t += (int64_t)frames;
  s->clock += (int64_t)frames;
}

void lv2_process(void *state, float *const *ch, size_t frames)
{
  lv2_state *s = state;
  if (s->lc->p->instrument && s->timed)
    instrument_process(s, ch, frames);
  else
    lv2_play(s, false, KEY_OWN, ch, NULL, frames);
}

void lv2_process_keyed(void *state, float *const *ch, const float *const *key, size_t frames)
{
  lv2_state *s = state;
  lv2_play(s, true, s->keyed ? KEY_AS_GIVEN : s->form, ch, key, frames);
}

/* Instance i run on SP_LV2_SETTLE_SECONDS of silence, its output thrown
 * away: a plugin glides its parameters from its defaults to their values
 * after it starts (x42's EQ, Ardour's ACE plugins), and a DAW's plugins
 * have long settled when an export starts. So a render starts where a
 * DAW's does, not in the glide. */
#define SP_LV2_SETTLE_SECONDS 1.0
static void settle(lv2_state *s, int i)
{
  const sp_lv2_plugin *p = s->lc->p;
  for (int k = 0; k < p->n_in; k++) {
    memset(s->in[i][k], 0, s->max_block * sizeof(float));
    lv2_connect(s->inst[i], p->in[k], s->in[i][k]); /* a run may have left a channel's */
  }
  for (int k = 0; k < p->n_sc; k++)
    memset(s->sc[i][k], 0, s->max_block * sizeof(float));
  for (int k = 0; k < p->n_out; k++)
    lv2_connect(s->inst[i], p->out[k], s->out[i][k]);
  size_t left = (size_t)(SP_LV2_SETTLE_SECONDS * s->rate);
  while (left > 0) {
    size_t n = left < s->max_block ? left : s->max_block;
    lv2_run(s->inst[i], n);
    left -= n;
  }
}

/* The value of the sidechain switch c at which the plugin listens to its
 * own input: its default, unless that is external. */
static double own_value(const sp_lv2_control *c)
{
  if (c->def != c->held_value)
    return c->def;
  for (size_t e = 0; e < c->n_points; e++)
    if (c->point_values[e] != c->held_value)
      return c->point_values[e];
  return c->held_value == c->max ? c->min : c->max;
}

/* A test signal for a detector: noise at levels stepping from -70 to
 * +6 dBFS, 0.1 s each, its channels alike but not the same. */
static void level_steps(float *const *x, size_t frames, double rate, size_t from)
{
  static const double steps_db[] = {-70, -50, -35, -24, -16, -10, -5, 0, 6};
  const size_t n_steps = sizeof steps_db / sizeof steps_db[0];
  uint32_t seed = 0x2545f491u + (uint32_t)from;
  for (size_t f = 0; f < frames; f++) {
    const size_t step = (size_t)((double)(f + from) / (0.1 * rate)) % n_steps;
    const double a = pow(10.0, steps_db[step] / 20.0);
    seed = seed * 1664525u + 1013904223u;
    const double u = (double)(seed >> 8) / 16777216.0 - 0.5;
    seed = seed * 1664525u + 1013904223u;
    const double v = (double)(seed >> 8) / 16777216.0 - 0.5;
    x[0][f] = (float)(a * 2.0 * u);
    x[1][f] = (float)(a * (1.2 * u + 0.8 * v));
  }
}

int lv2_test_width(const lv2_state *s)
{
  const int w = s->channels > s->out_channels ? s->channels : s->out_channels;
  return w > 2 ? w : 2;
}

void lv2_test_bufs(float **x, int w, size_t frames)
{
  for (int c = 0; c < w; c++)
    x[c] = sp_xcalloc(frames, sizeof(float));
}

void lv2_test_bufs_free(float **x, int w)
{
  for (int c = 0; c < w; c++)
    free(x[c]);
}

/* Run the detector test through s from a reset, keyed in form (KEY_OWN:
 * not keyed), into y[c][frames]. */
static void run_detector_test(lv2_state *s, key_form form, float *const *y, size_t frames)
{
  lv2_reset(s);
  const int w = lv2_test_width(s);
  float *x[SP_MAX_CHANNELS], *k[2];
  lv2_test_bufs(x, w, s->max_block);
  lv2_test_bufs(k, 2, s->max_block);
  for (size_t at = 0; at < frames; at += s->max_block) {
    const size_t n = frames - at < s->max_block ? frames - at : s->max_block;
    level_steps(k, n, s->rate, at);
    for (int c = 0; c < w; c++)
      memcpy(x[c], k[c & 1], n * sizeof(float));
    const float *key[2] = {k[0], s->channels > 1 ? k[1] : NULL};
    run_keyed(s, form, x, key, n);
    for (int c = 0; c < s->out_channels; c++)
      memcpy(y[c] + at, x[c], n * sizeof(float));
  }
  lv2_test_bufs_free(x, w);
  lv2_test_bufs_free(k, 2);
}

/* The switches and choices of s that move (SP_PROC_SWITCHES_MOVE), as
 * settings to try: the i-th (from 1; 0 is none) is one of them at one of
 * the other settings it takes. Sets it into s->ctl and returns its port
 * and the value it replaced in *port and *was; false when there is no i-th. */
static bool moving_setting(lv2_state *s, size_t i, int *port, float *was)
{
  const lv2_class *lc = s->lc;
  for (size_t k = 0; s->autos && k < lc->cls.n_params && i > 0; k++) {
    double v;
    for (size_t e = 0;
         lc->cls.params[k].kind != SP_PARAM_NUMBER && i > 0 && sp_auto_setting(&s->autos[k], e, &v);
         e++)
      if (--i == 0) {
        *port = lc->p->controls[lc->control[k]].port;
        *was = s->ctl[*port];
        s->ctl[*port] = (float)port_value(lc, k, v);
      }
  }
  return i == 0;
}

bool lv2_settings_move(const lv2_state *s)
{
  const lv2_class *lc = s->lc;
  double v;
  for (size_t k = 0; s->autos && k < lc->cls.n_params; k++)
    if (lc->cls.params[k].kind != SP_PARAM_NUMBER && sp_auto_setting(&s->autos[k], 0, &v))
      return true;
  return false;
}

/* How the sum of the lanes, standing in for a keyed plugin's own input,
 * must feed its sidechain inputs for the plugin to do what it does with
 * its switch at its own value (the engineer's setting, what a DAW plays):
 * each form that could is tried on a detector test, and the first whose
 * output is the plugin's own to -140 dBFS is used (ACE's compressor, with
 * one sidechain input, detects max(|L|, |R|) of its input). Where the
 * plugin's switches or choices move, a form must do so at each setting
 * they take (a Peak detector moving to Power cannot be fed the peak).
 * KEY_OWN when none is: the plugin then runs on its own detector, lane by
 * lane, and its link floor says whether that splits. Leaves the switch
 * where the form needs it and the instances reset. */
static key_form find_key_form(lv2_state *s)
{
  const sp_lv2_plugin *p = s->lc->p;
  const int sw = p->controls[p->key_switch].port;
  const bool one_input = p->n_sc == 1 && s->n_inst == 1 && s->channels == 2;
  const key_form tries[] = {one_input ? KEY_MAX_ABS : KEY_CHANNELS, KEY_MEAN, KEY_SUM};
  const size_t n_tries = one_input ? 3 : 1;
  const size_t frames = (size_t)(0.9 * s->rate);
  const bool moves = lv2_settings_move(s);
  float *own[SP_MAX_CHANNELS], *y[SP_MAX_CHANNELS];
  lv2_test_bufs(own, s->out_channels, frames);
  lv2_test_bufs(y, s->out_channels, frames);
  bool works[3] = {true, true, true};
  int port = -1;
  float was = 0;
  for (size_t i = 0; i == 0 || moving_setting(s, i, &port, &was); i++) {
    s->ctl[sw] = (float)own_value(&p->controls[p->key_switch]);
    run_detector_test(s, KEY_OWN, own, frames);
    s->ctl[sw] = (float)p->controls[p->key_switch].held_value;
    for (size_t t = 0; t < n_tries; t++) {
      if (!works[t])
        continue;
      run_detector_test(s, tries[t], y, frames);
      bool same = true;
      for (int c = 0; c < s->out_channels && same; c++)
        for (size_t f = 0; f < frames && same; f++)
          same = fabsf(y[c][f] - own[c][f]) <= 1e-7f;
      works[t] = same;
      if (same && !moves) /* the first that works: the others are not needed */
        break;
    }
    if (i > 0)
      s->ctl[port] = was;
  }
  key_form form = KEY_OWN;
  for (size_t t = n_tries; t-- > 0;)
    form = works[t] ? tries[t] : form;
  if (form == KEY_OWN)
    s->ctl[sw] = (float)own_value(&p->controls[p->key_switch]);
  lv2_reset(s);
  lv2_test_bufs_free(own, s->out_channels);
  lv2_test_bufs_free(y, s->out_channels);
  return form;
}

bool lv2_instantiate(lv2_state *s, char *why, size_t why_size)
{
  const sp_lv2_plugin *p = s->lc->p;
  if (!s->settled_ctl)
    s->settled_ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *s->settled_ctl);
  memcpy(s->settled_ctl, s->ctl, (size_t)p->n_ports * sizeof *s->ctl);
  s->fresh = false;
  for (int i = 0; i < s->n_inst; i++) {
    sp_lv2_instance *old = s->inst[i];
    sp_lv2_instance *kept = take_spare(s);
    s->inst[i] =
        kept ? kept : lv2_new(p, s->rate, s->max_block, nominal_block(s), s->saved, why, why_size);
    if (!s->inst[i]) {
      lv2_drop(p, old);
      return false;
    }
    for (size_t k = 0; k < p->n_controls; k++)
      lv2_connect(s->inst[i], p->controls[k].port, &s->ctl[p->controls[k].port]);
    for (int k = 0; k < p->n_in; k++)
      lv2_connect(s->inst[i], p->in[k], s->in[i][k]);
    for (int k = 0; k < p->n_out; k++)
      lv2_connect(s->inst[i], p->out[k], s->out[i][k]);
    for (int k = 0; k < p->n_sc; k++)
      lv2_connect(s->inst[i], p->sc[k], s->sc[i][k]);
    if (!kept) {
      lv2_activate(s->inst[i]);
      settle(s, i);
    }
    lv2_drop(p, old);
  }
  s->fresh = true;
  return true;
}

void lv2_reset(void *state)
{
  lv2_state *s = state;
  char why[256];
  s->timed = s->run_valid = false; /* an instrument plays its runs anew */
  if (s->fresh && memcmp(s->settled_ctl, s->ctl, (size_t)s->lc->p->n_ports * sizeof *s->ctl) == 0)
    return;
  if (!lv2_instantiate(s, why, sizeof why))
    for (int i = 0; i < s->n_inst; i++) /* it was instantiated before: not expected */
      s->inst[i] = NULL;
}

void lv2_test_signal(float *const *x, int channels, size_t frames, double rate, int which,
                        size_t from)
{
  uint32_t seed = 0x9e3779b9u * (uint32_t)(which + 1);
  for (size_t f = 0; f < frames; f++) {
    const double t = (double)(f + from) / rate;
    const bool on = fmod(t, 0.25) < 0.15;
    for (int c = 0; c < channels; c++) {
      seed = seed * 1664525u + 1013904223u;
      double v;
      if (which != 1) { /* 2 all but stops: -80 dB, under a gate's threshold */
        const double noise = ((double)(seed >> 8) / 16777216.0 - 0.5) * 0.6;
        v = on ? noise : (which == 0 ? 0.05 : 1e-4) * noise;
      } else {
        const double tone = 0.3 * sin(2 * M_PI * (220.0 + 110.0 * c) * t);
        v = !on ? tone : 0.1 * tone;
      }
      x[c][f] = (float)v;
    }
  }
}

measured *lv2_cache;
size_t lv2_n_cache;

/* Whether two instances' input controls are the same, but for the
 * sidechain switch (set by the key's form, which the others decide). */
static bool same_settings(const sp_lv2_plugin *p, const float *a, const float *b)
{
  const int sw = p->key_switch >= 0 ? p->controls[p->key_switch].port : -1;
  for (int k = 0; k < p->n_ports; k++)
    if (k != sw && memcmp(&a[k], &b[k], sizeof(float)) != 0)
      return false;
  return true;
}

measured *lv2_cached(const lv2_state *s, const double *floor_db)
{
  for (size_t i = 0; i < lv2_n_cache; i++) {
    measured *m = &lv2_cache[i];
    if (m->lc == s->lc && m->channels == s->channels && m->out_channels == s->out_channels &&
        m->feed == s->feed && m->rate == s->rate && (!floor_db || m->floor_db == *floor_db) &&
        m->block == s->max_block && m->saved == s->saved && m->keyed == s->keyed &&
        (!floor_db || m->events == s->events) && same_settings(s->lc->p, m->ctl, s->ctl) &&
        m->autos == (lv2_settings_move(s) ? s->autos : NULL))
      return m;
  }
  return NULL;
}

/* The state file a->state_file: its port values where the recipe gives
 * none (a->given) into ctl, its state into *saved. */
static bool use_state_file(const lv2_class *lc, const sp_proc_args *a, float *ctl,
                           const sp_proc_saved **saved, char *why, size_t why_size)
{
  const sp_lv2_plugin *p = lc->p;
  double *port = sp_xcalloc(p->n_controls + 1, sizeof *port);
  bool *set = sp_xcalloc(p->n_controls + 1, sizeof *set);
  const sp_proc_saved *from_file = NULL;
  char said[1536];
  bool ok = lv2_host_preset(p, a->state_file, true, port, set, &from_file, said, sizeof said);
  if (!ok)
    snprintf(why, why_size, "state: %s", said);
  for (size_t k = 0; ok && k < lc->cls.n_params; k++) {
    const int c = lc->control[k];
    if (set[c] && !(a->given && a->given[k]))
      ctl[p->controls[c].port] = (float)port[c];
  }
  if (ok && from_file)
    *saved = from_file;
  free(port);
  free(set);
  return ok;
}

sp_err lv2_set_controls(const lv2_class *lc, const sp_proc_args *a, float *ctl,
                           const sp_proc_saved **saved, char *why, size_t why_size)
{
  const sp_lv2_plugin *p = lc->p;
  *saved = a->saved;
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    ctl[c->port] = (float)(c->held ? c->held_value : c->def);
  }
  for (size_t k = 0; k < lc->cls.n_params; k++) {
    const sp_lv2_control *c = &p->controls[lc->control[k]];
    const double v = a->values[k];
    if (c->kind == SP_LV2_CTL_INTEGER && fabs(v * c->scale - round(v * c->scale)) > 1e-9) {
      snprintf(why, why_size, "'%s' of '%s' takes a whole number, got %g", c->symbol, p->name,
               v * c->scale);
      return SP_ERR_USAGE;
    }
    ctl[c->port] = (float)port_value(lc, k, v);
  }
  if (a->state_file && !use_state_file(lc, a, ctl, saved, why, why_size))
    return SP_ERR_USAGE;
  return SP_OK;
}

sp_err lv2_saved_of(const sp_proc_class *cls, const sp_proc_args *a, const sp_proc_saved **saved,
                       char *why, size_t why_size)
{
  const lv2_class *lc = cls->data;
  float *ctl = sp_xcalloc((size_t)lc->p->n_ports + 1, sizeof *ctl);
  const sp_err err = lv2_set_controls(lc, a, ctl, saved, why, why_size);
  free(ctl);
  return err;
}

/* The insert's moving bypass b (SP_PROC_OWN_BYPASS; NULL: it does not
 * move) into s->bypass as steps that hold and jump, so that a piece reads
 * a point's setting from its frame on and none between. */
static void own_bypass(lv2_state *s, const sp_auto *b)
{
  free(s->bypass.points);
  s->bypass = (sp_auto){0};
  if (!b || b->n == 0 || s->lc->p->enable_switch < 0)
    return;
  size_t n = 0;
  sp_auto_point *pts = sp_auto_steps(b->points, b->n, &n); /* each setting held */
  /* a list held in beats is read as Ardour reads it (its tempo, not owned) */
  s->bypass = (sp_auto){.value = pts[0].v, .points = pts, .n = n, .tempo = b->tempo};
  /* it starts (and settles) as the timeline starts: off when bypassed there */
  const sp_lv2_control *c = &s->lc->p->controls[s->lc->p->enable_switch];
  if (s->ctl && pts[0].v > 0.5)
    s->ctl[c->port] = (float)c->min;
}

sp_err lv2_prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  lv2_state *s = state;
  const lv2_class *lc = s->lc = a->cls->data;
  s->channels = env->channels;
  s->out_channels = sp_proc_out_channels(a->cls, a->keep_mono, env->channels);
  s->feed = a->feed;
  s->max_block = env->max_block_frames;
  s->rate = env->sample_rate;
  const sp_lv2_plugin *p = lc->p;
  s->cycle = env->cycle;
  if (p->instrument) { /* its runs (instrument_run) are all it runs, whatever the render's block */
    const size_t r = instrument_run_frames(s);
    s->max_block = r;
    for (int c = 0; c < 2; c++)
      s->ahead[c] = sp_xcalloc(r, sizeof(float));
  }
  if (p->n_in == 2 && env->channels == 1 && !p->instrument) {
    snprintf(why, why_size,
             "'%s' is a stereo plugin (two inputs, two outputs) on a mono strip; use its mono "
             "variant if it has one, or put it on a stereo bus",
             p->name);
    return SP_ERR_USAGE;
  }
  if (env->channels > 2 && !(p->n_in == 1 && p->n_out == 1) && !p->instrument) {
    snprintf(why, why_size,
             "'%s' has %d input%s and %d output%s, and this path %d channels: on a path of more "
             "than two channels a plugin of one input and one output runs on each; run this one "
             "on %s of them (channels: %s)",
             p->name, p->n_in, p->n_in == 1 ? "" : "s", p->n_out, p->n_out == 1 ? "" : "s",
             env->channels, p->n_in == 2 ? "a pair" : "some", p->n_in == 2 ? "[L, R]" : "[...]");
    return SP_ERR_USAGE;
  }
  /* an instrument's audio inputs, if it has any, hear silence: one instance */
  s->n_inst = p->n_in == 1 && p->n_out == 1 && !p->instrument ? env->channels : 1;
  s->ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *s->ctl);
  const sp_err set = lv2_set_controls(lc, a, s->ctl, &s->saved, why, why_size);
  if (set != SP_OK)
    return set;
  for (int i = 0; i < s->n_inst; i++)
    for (int k = 0; k < 2; k++) {
      s->in[i][k] = sp_xcalloc(s->max_block, sizeof(float));
      s->out[i][k] = sp_xcalloc(s->max_block, sizeof(float));
      s->sc[i][k] = sp_xcalloc(s->max_block, sizeof(float));
    }
  /* The key's form and the latency, as the planner's probe of these
   * settings found them (every lane's instance in a render), else found
   * now. */
  s->keyed = a->keyed;
  s->events = a->events;
  s->autos = a->automation;
  own_bypass(s, a->bypasses);
  s->cycle = env->cycle;
  s->cycle_first = env->cycle_first;
  s->end = env->end;
  const bool own_key = p->n_sc > 0 && p->key_switch >= 0 && !s->keyed;
  pthread_mutex_lock(&lv2_made_lock);
  const measured *known = lv2_cached(s, NULL);
  if (known) {
    s->latency = known->out.latency_frames;
    s->form = known->form;
  }
  pthread_mutex_unlock(&lv2_made_lock);
  if (known && s->form == KEY_OWN)
    s->ctl[p->controls[p->key_switch].port] = (float)own_value(&p->controls[p->key_switch]);
  if (!lv2_instantiate(s, why, why_size))
    return SP_ERR_IO;
  if (!known)
    s->form = own_key ? find_key_form(s) : KEY_AS_GIVEN;
  /* Latency: read after a run with signal (some plugins say 0 before). */
  if (p->latency_port >= 0 && !known) {
    const int w = lv2_test_width(s);
    float *x[SP_MAX_CHANNELS];
    lv2_test_bufs(x, w, s->max_block);
    lv2_test_signal(x, w, s->max_block, s->rate, 0, 0);
    const float *key[2] = {x[0], x[1]};
    if (p->n_sc)
      lv2_process_keyed(s, x, key, s->max_block);
    else
      lv2_run_all(s, x, s->max_block);
    const float l = lv2_output(s->inst[0], p, p->latency_port);
    s->latency = isfinite(l) && l > 0 && l < 60.0 * s->rate ? (int64_t)lrintf(l) : 0;
    lv2_test_bufs_free(x, w);
    lv2_reset(s);
  }
  return SP_OK;
}

int64_t lv2_latency_frames(const void *state) { return ((const lv2_state *)state)->latency; }

int64_t lv2_no_tail(const void *state)
{
  (void)state;
  return 0;
}
