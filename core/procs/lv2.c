/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lv2: any installed LV2 effect as an insert, a family whose classes are
 * made at load time from a plugin's ports (a host describes them:
 * core/procs/lv2.h):
 *
 *   - lv2: {plugin: http://lsp-plug.in/plugins/lv2/para_equalizer_x8_stereo,
 *           ft_0: Bell, f_0: 120 Hz, g_0: -3 dB}
 *
 * A class per plugin: each input control port is a parameter named by its
 * symbol, with its range, its default and its unit (a port in dB takes
 * "-3 dB", one in ms takes "10 ms" or "0.01 s"); an enumeration takes its
 * labels, a toggle true or false. The plugin's own enable/bypass switch is
 * held on (an insert has `bypass:`), and a keyed plugin's external-sidechain
 * switch is set by how its key is fed (find_key_form).
 *
 *   in ─► [copy] ─► plugin run (one or two instances) ─► [copy] ─► out
 *                    ▲ sidechain ports ◄─ the key (keyed plugins)
 *
 * A mono plugin on a stereo strip runs as two instances, one per channel;
 * a mono-to-stereo one (SP_PROC_MONO_TO_STEREO) as one, widening a mono
 * path or hearing one channel (or their mean) of a stereo one.
 * Plugins are run with the render's blocks (every run the block length
 * but the last), so their output does not depend on -j; it may depend on
 * --block-frames for plugins whose output depends on run lengths.
 *
 * How it splits into stems (docs/lv2.md): a linear plugin runs one
 * instance per lane; a plugin with a sidechain input is keyed per lane
 * (SP_PROC_KEYED_LANES: every lane's instance hears the same key, the
 * recipe's key, or the sum of the lanes fed as the plugin hears its own
 * input); any other runs only where one lane
 * passes (SP_PROC_ONE_LANE). measure() confirms the first two on test
 * signals: the link floor, how far Σ per-lane outputs stray from one
 * instance on the sum. It also measures the tail LV2 cannot state: fed
 * test noise, then silence, how long the output takes to fall below the
 * print's floor and stay there for SP_LV2_TAIL_WINDOW_SECONDS. */

#include "core/procs/proc.h"

#include "core/base/alloc.h"
#include "core/dsp/automation.h"
#include "core/dsp/events.h"
#include "core/procs/instrument.h"
#include "core/dsp/simd.h"
#include "core/procs/lv2.h"


#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a plugin's output must stay below the print's floor for its
 * tail to be over (a delay's echoes may be this far apart). */
#define SP_LV2_TAIL_WINDOW_SECONDS 2.0

/* ---- the hosts ----------------------------------------------------------- */

/* A plugin API and the host the program installed for it (cmd/entry.c), or
 * none: LV2's (lilv) and LADSPA's describe plugins the same way, so one set
 * of functions asks either. */
typedef struct plugin_api {
  const char *name; /* "LV2", "LADSPA": for what is said without a host */
  const sp_lv2_host *host;
} plugin_api;

static plugin_api lv2_api = {"LV2", NULL}, ladspa_api = {"LADSPA", NULL};

static const sp_lv2_plugin *find_in(const plugin_api *a, const char *what, char *why,
                                    size_t why_size)
{
  if (a->host)
    return a->host->find(what, why, why_size);
  snprintf(why, why_size, "no %s plugin '%s': this program has no %s host", a->name, what,
           a->name);
  return NULL;
}

static const char **installed_in(const plugin_api *a, size_t *n)
{
  if (a->host)
    return a->host->installed(n);
  *n = 0;
  return sp_xcalloc(1, sizeof(const char *));
}

static const char *search_path_in(const plugin_api *a)
{
  return a->host ? a->host->search_path() : "";
}

void sp_lv2_use_host(const sp_lv2_host *h) { lv2_api.host = h; }

const sp_lv2_plugin *sp_lv2_find(const char *what, char *why, size_t why_size)
{
  return find_in(&lv2_api, what, why, why_size);
}

const char **sp_lv2_installed(size_t *n) { return installed_in(&lv2_api, n); }

const char *sp_lv2_search_path(void) { return search_path_in(&lv2_api); }

void sp_ladspa_use_host(const sp_lv2_host *h) { ladspa_api.host = h; }

const sp_lv2_plugin *sp_ladspa_find(const char *what, char *why, size_t why_size)
{
  return find_in(&ladspa_api, what, why, why_size);
}

const char **sp_ladspa_installed(size_t *n) { return installed_in(&ladspa_api, n); }

const char *sp_ladspa_search_path(void) { return search_path_in(&ladspa_api); }

bool sp_lv2_ports_refused(int n_in, int n_out, int n_sc, char *why, size_t why_size)
{
  if (n_out == 0)
    snprintf(why, why_size, "it has no audio output (an analyzer or a meter)");
  else if (n_in > 2 || n_out > 2 || n_in > n_out)
    snprintf(why, why_size,
             "it has %d audio input%s and %d output%s; stemprint runs effects with one or two of "
             "each, as many in as out, or one in and two out",
             n_in, n_in == 1 ? "" : "s", n_out, n_out == 1 ? "" : "s");
  else if (n_in < n_out && n_sc > 0)
    snprintf(why, why_size, "it has one audio input, two outputs and a sidechain input; "
                            "stemprint runs mono-to-stereo plugins without one");
  else if (n_sc > 2)
    snprintf(why, why_size, "it has %d sidechain inputs; stemprint feeds one or two", n_sc);
  else
    return false;
  return true;
}

/* The host that describes p and makes its instances. */
static const sp_lv2_host *host_of(const sp_lv2_plugin *p)
{
  return p->host ? p->host : lv2_api.host;
}

/* "LV2" or "LADSPA", for messages. */
static const char *api_of(const sp_lv2_plugin *p)
{
  const sp_lv2_host *h = host_of(p);
  return h && h->api ? h->api : "LV2";
}

static const sp_lv2_host *host_of(const sp_lv2_plugin *p);

sp_lv2_preset *sp_lv2_presets(const sp_lv2_plugin *p, size_t *n)
{
  const sp_lv2_host *h = host_of(p);
  if (h && h->presets)
    return h->presets(p, n);
  *n = 0;
  return NULL;
}

void sp_lv2_presets_free(sp_lv2_preset *v, size_t n)
{
  for (size_t i = 0; v && i < n; i++) {
    free(v[i].label);
    free(v[i].uri);
  }
  free(v);
}

const char *sp_lv2_link_name(sp_lv2_link link)
{
  static const char *const names[] = {"linear", "keyed", "track-only", "refused"};
  return names[link];
}

double sp_lv2_control_value(const sp_lv2_control *c, double port_value)
{
  switch (c->kind) {
  case SP_LV2_CTL_TOGGLE: return port_value > 0.5 * (c->min + c->max) ? 1.0 : 0.0;
  case SP_LV2_CTL_ENUM: {
    size_t best = 0;
    for (size_t e = 0; e < c->n_points; e++)
      if (fabs(c->point_values[e] - port_value) < fabs(c->point_values[best] - port_value))
        best = e;
    return (double)best;
  }
  case SP_LV2_CTL_GAIN: return sp_lin_to_db(port_value);
  default: return port_value / c->scale;
  }
}

/* An instance run through the LV2 C ABI, with the host's part of a run
 * around it (as lilv_instance_* would call the descriptor). */

/* LV2's Instantiation class (instantiate, cleanup, activate, deactivate)
 * is never called concurrently with itself, whatever the instance (lv2core:
 * "a function in any class is never called concurrently with another
 * function in that class"); runs of different instances may overlap (the
 * probes of a graph's inserts run side by side, a render's lanes too). */
static pthread_mutex_t inst_lock = PTHREAD_MUTEX_INITIALIZER;

static sp_lv2_instance *lv2_new(const sp_lv2_plugin *p, double rate, size_t max_block,
                                const sp_proc_saved *saved, char *why, size_t why_size)
{
  pthread_mutex_lock(&inst_lock);
  sp_lv2_instance *in = host_of(p)->instantiate(p, rate, max_block, saved, why, why_size);
  pthread_mutex_unlock(&inst_lock);
  return in;
}

static void lv2_free(const sp_lv2_plugin *p, sp_lv2_instance *in)
{
  pthread_mutex_lock(&inst_lock);
  host_of(p)->free(in);
  pthread_mutex_unlock(&inst_lock);
}

static void lv2_connect(sp_lv2_instance *in, int port, void *data)
{
  in->descriptor->connect_port(in->handle, (uint32_t)port, data);
}

static void lv2_activate(sp_lv2_instance *in)
{
  pthread_mutex_lock(&inst_lock);
  if (in->descriptor->activate)
    in->descriptor->activate(in->handle);
  pthread_mutex_unlock(&inst_lock);
}

static void lv2_deactivate(sp_lv2_instance *in)
{
  pthread_mutex_lock(&inst_lock);
  if (in->descriptor->deactivate)
    in->descriptor->deactivate(in->handle);
  pthread_mutex_unlock(&inst_lock);
}

/* Deactivate and free in, an instance of p (NULL: nothing). */
static void lv2_drop(const sp_lv2_plugin *p, sp_lv2_instance *in)
{
  if (in) {
    lv2_deactivate(in);
    lv2_free(p, in);
  }
}

static void lv2_run(sp_lv2_instance *in, size_t frames)
{
  if (in->before_run)
    in->before_run(in);
  in->descriptor->run(in->handle, (uint32_t)frames);
  if (in->after_run)
    in->after_run(in);
}

/* The value of output control port port after the last run. */
static float lv2_output(const sp_lv2_instance *in, const sp_lv2_plugin *p, int port)
{
  return port >= 0 && port < p->n_ports ? in->outputs[port] : 0.0f;
}

static bool lv2_preset(const sp_lv2_plugin *p, const char *what, bool is_file, double *values,
                       bool *set, const sp_proc_saved **saved, char *why, size_t why_size)
{
  const sp_lv2_host *h = host_of(p);
  if (!h->preset) {
    snprintf(why, why_size, "%s plugins have no presets or state files here", api_of(p));
    return false;
  }
  return h->preset(p, what, is_file, values, set, saved, why, why_size);
}

/* ---- classes ------------------------------------------------------------- */

typedef struct lv2_class {
  sp_proc_class cls;
  sp_proc_origin origin;
  const sp_lv2_plugin *p;
  sp_param *params;
  int *control; /* [n_params]: the control each parameter sets */
  char *summary;
} lv2_class;

static pthread_mutex_t made_lock = PTHREAD_MUTEX_INITIALIZER;
static lv2_class **made;
static size_t n_made;

/* How a keyed plugin's sidechain inputs are fed from a key (two channels,
 * the second NULL when mono). A key the recipe routes is fed as it is
 * (KEY_AS_GIVEN); the sum of the lanes at the insert, which stands in for
 * the plugin's own detector, is fed in the form that makes the plugin do
 * what it does on its own input, found by measurement (find_key_form). */
typedef enum key_form {
  KEY_AS_GIVEN, /* each sidechain input its key channel; one input (L + R)/2 */
  KEY_CHANNELS, /* each sidechain input, or each instance of a mono plugin, its channel */
  KEY_MAX_ABS,  /* one input: max(|L|, |R|), a peak detector's view of both */
  KEY_MEAN,     /* one input: (L + R)/2 */
  KEY_SUM,      /* one input: L + R */
  KEY_OWN,      /* none reproduces it: the switch at its own value, the key unused */
} key_form;

typedef struct lv2_state {
  const lv2_class *lc;
  sp_lv2_instance *inst[SP_MAX_CHANNELS]; /* a mono plugin: one a channel */
  int n_inst;
  int channels;     /* the path's, entering the insert */
  int out_channels; /* leaving it: 2 for a mono-to-stereo plugin on a mono path, unless kept mono */
  sp_mono_feed feed; /* what a mono-to-stereo plugin hears of a stereo path */
  float *in[SP_MAX_CHANNELS][2], *out[SP_MAX_CHANNELS][2],
      *sc[SP_MAX_CHANNELS][2]; /* [instance][port] */
  float *ctl;                  /* [n_ports] */
  const sp_proc_saved *saved;  /* restored into every instance, or NULL */
  size_t max_block;
  int64_t latency;
  double rate;
  bool keyed;                 /* the recipe routes a key to it */
  key_form form;              /* how the key feeds its sidechain inputs */
  const sp_auto *autos;       /* [n_params] the moving parameters' breakpoints, or NULL */
  /* SP_PROC_OWN_BYPASS: the insert's moving bypass as steps that hold and
   * jump (each point's setting, then at the next point's time that one
   * again and the next), read like a setting; n 0 when it does not move.
   * Owned. */
  sp_auto bypass;
  int64_t cycle, cycle_first; /* the recipe's plugin_cycle (0: none) */
  bool timed;                 /* the renderer said where the next run plays (at) */
  int64_t t, clock;           /* ...the timeline frame of its first frame, and its output clock */
  /* An instrument: what it plays (NULL: nothing, a probe), and the
   * timeline frame of the next run's first frame (each run moves it on) */
  const sp_events *events;
  int64_t played;
  size_t next_event; /* the first of events not sent yet */
  /* ...played in runs of its own, ahead of the render (instrument_run):
   * run_t the timeline frame of the run in ahead[], pos the next frame the
   * render takes, clock_offset the output clock less the timeline */
  float *ahead[2];
  int64_t run_t, pos, clock_offset;
  bool run_valid;
  /* Whether the instances are as instantiate() left them (their state
   * restored, activated and settled with the controls settled_ctl, not
   * run since): a reset then has nothing to undo, and release() keeps
   * them as spares (take_spare). */
  bool fresh;
  float *settled_ctl; /* [n_ports] */
} lv2_state;

/* ---- spare instances ----------------------------------------------------- */

/* An instance as instantiate() leaves it is the same whichever processor
 * made it: the same plugin, rate and block, the same saved state restored,
 * settled with the same controls. A processor released with its instances
 * fresh leaves them here, and the next instantiate() of the same takes one
 * instead of making it again. So an instrument's probe, which ends with
 * its instance reset (sp_instrument_tail), hands that instance to the
 * render: one ACE Fluid Synth a track loads its SoundFont twice, not five
 * times (the second from libfluidsynth's sample cache). At most SP_LV2_SPARES are kept, the oldest freed
 * first. */
#define SP_LV2_SPARES 128

typedef struct spare {
  const sp_lv2_plugin *p;
  double rate;
  size_t max_block;
  const sp_proc_saved *saved;
  float *ctl; /* [n_ports]: the controls it settled with */
  sp_lv2_instance *in;
} spare;

static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static spare spares[SP_LV2_SPARES];
static size_t n_spares;

/* A spare instance for s as its controls are now, or NULL. */
static sp_lv2_instance *take_spare(const lv2_state *s)
{
  const sp_lv2_plugin *p = s->lc->p;
  sp_lv2_instance *in = NULL;
  pthread_mutex_lock(&spare_lock);
  for (size_t i = 0; i < n_spares && !in; i++) {
    spare *k = &spares[i];
    if (k->p != p || k->rate != s->rate || k->max_block != s->max_block || k->saved != s->saved ||
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
  spares[n_spares++] = (spare){p, s->rate, s->max_block, s->saved, ctl, in};
  pthread_mutex_unlock(&spare_lock);
  lv2_drop(oldest.p, oldest.in);
  free(oldest.ctl);
}

static void release(void *state)
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

/* The port value of moving parameter k (automation a) at frame t: as its
 * class reads it (a setting, a whole number rounded, a logarithmic port
 * geometrically), or under `ramp: linear` (SP_RAMP_LINEAR) in a straight
 * line between its points' port values, as it is. */
static double moving_port_value(const lv2_class *lc, size_t k, const sp_auto *a, double rate,
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

static void play(lv2_state *s, bool keyed, key_form form, float *const *ch, const float *const *key,
                 size_t frames);

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
  play(s, false, KEY_OWN, s->ahead, NULL, (size_t)r);
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

/* Run every instance over frames (≤ max_block) of ch, in place. The
 * inputs are copied (a plugin never runs in place: its inputs are its
 * own); the outputs that become a channel are written straight into it,
 * the others into the instance's own buffers. An instance's outputs are
 * connected only once every instance has read its inputs. */
static void run(lv2_state *s, float *const *ch, size_t frames)
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
  run(s, ch, frames);
}

/* ---- parameters that move ------------------------------------------------ */

/* While a parameter ramps, the plugin is run in pieces of at most
 * SP_AUTO_CONTROL_FRAMES frames, each with the values at its first frame,
 * the pieces falling on multiples of it on the timeline (so the same at any
 * block length and -j); a piece also ends at every breakpoint. With the
 * recipe's plugin_cycle every run ends where a cycle does, on the output's
 * clock, and a moving value is read at its cycle's start. */

static void play_at(void *state, int64_t frame, int64_t clock)
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
        (float)moving_port_value(lc, k, a, s->rate, from);
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

/* Run frames of ch through s, keyed (in form) or not, its moving
 * parameters set piece by piece where the renderer said they play. */
static void play(lv2_state *s, bool keyed, key_form form, float *const *ch, const float *const *key,
                 size_t frames)
{
  if ((!s->autos && !s->bypass.n && !s->cycle) || !s->timed) {
    if (keyed)
      run_keyed(s, form, ch, key, frames);
    else
      run(s, ch, frames);
    return;
  }
  for (size_t done = 0; done < frames;) {
    set_moving(s, done);
    const size_t n = piece(s, done, frames - done);
    float *c[SP_MAX_CHANNELS] = {NULL};
    for (int d = 0; d < s->channels || d < s->out_channels; d++)
      c[d] = ch[d] + done;
    if (keyed) {
      const float *k[2] = {key[0] + done, key[1] ? key[1] + done : NULL};
      run_keyed(s, form, c, k, n);
    } else {
      run(s, c, n);
    }
    done += n;
  }
  s->t += (int64_t)frames;
  s->clock += (int64_t)frames;
}

static void process(void *state, float *const *ch, size_t frames)
{
  lv2_state *s = state;
  if (s->lc->p->instrument && s->timed)
    instrument_process(s, ch, frames);
  else
    play(s, false, KEY_OWN, ch, NULL, frames);
}

static void process_keyed(void *state, float *const *ch, const float *const *key, size_t frames)
{
  lv2_state *s = state;
  play(s, true, s->keyed ? KEY_AS_GIVEN : s->form, ch, key, frames);
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

static bool instantiate(lv2_state *s, char *why, size_t why_size);
static void reset(void *state);

/* The channels a test run through s carries: the path's or the plugin's
 * output's, whichever is wider, and at least a pair (the key's). */
static int test_width(const lv2_state *s)
{
  const int w = s->channels > s->out_channels ? s->channels : s->out_channels;
  return w > 2 ? w : 2;
}

static void test_bufs(float **x, int w, size_t frames)
{
  for (int c = 0; c < w; c++)
    x[c] = sp_xcalloc(frames, sizeof(float));
}

static void test_bufs_free(float **x, int w)
{
  for (int c = 0; c < w; c++)
    free(x[c]);
}

/* Run the detector test through s from a reset, keyed in form (KEY_OWN:
 * not keyed), into y[c][frames]. */
static void run_detector_test(lv2_state *s, key_form form, float *const *y, size_t frames)
{
  reset(s);
  const int w = test_width(s);
  float *x[SP_MAX_CHANNELS], *k[2];
  test_bufs(x, w, s->max_block);
  test_bufs(k, 2, s->max_block);
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
  test_bufs_free(x, w);
  test_bufs_free(k, 2);
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

/* Whether s moves a switch or a choice (moving_setting has a first). */
static bool settings_move(const lv2_state *s)
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
  const bool moves = settings_move(s);
  float *own[SP_MAX_CHANNELS], *y[SP_MAX_CHANNELS];
  test_bufs(own, s->out_channels, frames);
  test_bufs(y, s->out_channels, frames);
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
  reset(s);
  test_bufs_free(own, s->out_channels);
  test_bufs_free(y, s->out_channels);
  return form;
}

/* New instances (spares, or made, activated and settled), their ports
 * connected to s's buffers and controls; the old ones (if any) freed once
 * their successors are made, so that what a plugin's library shares
 * between its instances stays loaded (libfluidsynth's samples: ACE Fluid
 * Synth reads its SoundFont again only when no instance holds it). */
static bool instantiate(lv2_state *s, char *why, size_t why_size)
{
  const sp_lv2_plugin *p = s->lc->p;
  if (!s->settled_ctl)
    s->settled_ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *s->settled_ctl);
  memcpy(s->settled_ctl, s->ctl, (size_t)p->n_ports * sizeof *s->ctl);
  s->fresh = false;
  for (int i = 0; i < s->n_inst; i++) {
    sp_lv2_instance *old = s->inst[i];
    sp_lv2_instance *kept = take_spare(s);
    s->inst[i] = kept ? kept : lv2_new(p, s->rate, s->max_block, s->saved, why, why_size);
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

/* Back to the state right after prepare: fresh instances (a plugin's
 * activate() is meant to clear its history, but not every plugin's does),
 * unless they are (not run since they were made, with the controls they
 * settled with). */
static void reset(void *state)
{
  lv2_state *s = state;
  char why[256];
  s->timed = s->run_valid = false; /* an instrument plays its runs anew */
  if (s->fresh && memcmp(s->settled_ctl, s->ctl, (size_t)s->lc->p->n_ports * sizeof *s->ctl) == 0)
    return;
  if (!instantiate(s, why, sizeof why))
    for (int i = 0; i < s->n_inst; i++) /* it was instantiated before: not expected */
      s->inst[i] = NULL;
}

/* A deterministic test signal: noise (which 0) or a tone (which 1) with
 * on/off steps, on each channel a little differently, at most 0.5 in
 * magnitude. The step is the frame's, the tone only computed for the tone
 * (a sine and a remainder a sample were a fifth of an LV2 session's
 * set-up); the noise's generator steps for every sample either way. */
static void test_signal(float *const *x, int channels, size_t frames, double rate, int which,
                        size_t from)
{
  uint32_t seed = 0x9e3779b9u * (uint32_t)(which + 1);
  for (size_t f = 0; f < frames; f++) {
    const double t = (double)(f + from) / rate;
    const bool on = fmod(t, 0.25) < 0.15;
    for (int c = 0; c < channels; c++) {
      seed = seed * 1664525u + 1013904223u;
      double v;
      if (which == 0) {
        const double noise = ((double)(seed >> 8) / 16777216.0 - 0.5) * 0.6;
        v = on ? noise : 0.05 * noise;
      } else {
        const double tone = 0.3 * sin(2 * M_PI * (220.0 + 110.0 * c) * t);
        v = !on ? tone : 0.1 * tone;
      }
      x[c][f] = (float)v;
    }
  }
}

/* What measure() found, by everything that decides it: a graph is built
 * again for a version's own render or a bleed measurement, and a recipe
 * may use one plugin with one setting on several strips. */
typedef struct measured {
  const lv2_class *lc;
  int channels, out_channels;
  sp_mono_feed feed;
  double rate, floor_db;
  size_t block;
  float *ctl;
  const sp_proc_saved *saved;
  bool keyed;
  key_form form;
  const sp_events *events; /* an instrument's: its tail is heard on its notes */
  const sp_auto *autos;    /* where switches or choices move (the form holds at each): theirs */
  sp_proc_probed out;
} measured;
static measured *cache;
static size_t n_cache;

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

/* The entry for s's settings, measured for a print's floor of *floor_db
 * (NULL: any floor, for the latency, which does not depend on it); called
 * under made_lock. */
static measured *cached(const lv2_state *s, const double *floor_db)
{
  for (size_t i = 0; i < n_cache; i++) {
    measured *m = &cache[i];
    if (m->lc == s->lc && m->channels == s->channels && m->out_channels == s->out_channels &&
        m->feed == s->feed && m->rate == s->rate && (!floor_db || m->floor_db == *floor_db) &&
        m->block == s->max_block && m->saved == s->saved && m->keyed == s->keyed &&
        (!floor_db || m->events == s->events) && same_settings(s->lc->p, m->ctl, s->ctl) &&
        m->autos == (settings_move(s) ? s->autos : NULL))
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
  bool ok = lv2_preset(p, a->state_file, true, port, set, &from_file, said, sizeof said);
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

/* Every input control's port value as the insert a sets it (ctl[n_ports]):
 * held switches held, the rest at the plugin's default unless the recipe,
 * then its state file, sets it; *saved the state to restore. */
static sp_err set_controls(const lv2_class *lc, const sp_proc_args *a, float *ctl,
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

/* The state an insert with args a restores, as prepare finds it, without
 * an instance (sp_proc_class.saved_of). */
static sp_err saved_of(const sp_proc_class *cls, const sp_proc_args *a, const sp_proc_saved **saved,
                       char *why, size_t why_size)
{
  const lv2_class *lc = cls->data;
  float *ctl = sp_xcalloc((size_t)lc->p->n_ports + 1, sizeof *ctl);
  const sp_err err = set_controls(lc, a, ctl, saved, why, why_size);
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
  sp_auto_point *pts = sp_xcalloc(2 * b->n, sizeof *pts);
  size_t n = 0;
  for (size_t i = 0; i < b->n; i++) {
    if (n > 0) { /* the last setting held up to this point */
      const double last = pts[n - 1].v;
      pts[n++] = (sp_auto_point){b->points[i].t, last};
    }
    pts[n++] = b->points[i];
  }
  /* a list held in beats is read as Ardour reads it (its tempo, not owned) */
  s->bypass = (sp_auto){.value = pts[0].v, .points = pts, .n = n, .tempo = b->tempo};
  /* it starts (and settles) as the timeline starts: off when bypassed there */
  const sp_lv2_control *c = &s->lc->p->controls[s->lc->p->enable_switch];
  if (s->ctl && pts[0].v > 0.5)
    s->ctl[c->port] = (float)c->min;
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
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
  const sp_err set = set_controls(lc, a, s->ctl, &s->saved, why, why_size);
  if (set != SP_OK)
    return set;
  /* A LADSPA port's range that is a fraction of the rate, at this rate. */
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    const double f = s->rate / SP_LV2_NOMINAL_RATE, v = s->ctl[c->port];
    if (c->per_rate && (v < c->min * f || v > c->max * f)) {
      snprintf(why, why_size,
               "'%s' of '%s' is %g, out of its range at %g Hz (%g .. %g, the plugin's range "
               "times the sample rate); give a value in it",
               c->symbol, p->name, v / c->scale, s->rate, c->min * f / c->scale,
               c->max * f / c->scale);
      return SP_ERR_USAGE;
    }
  }
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
  const bool own_key = p->n_sc > 0 && p->key_switch >= 0 && !s->keyed;
  pthread_mutex_lock(&made_lock);
  const measured *known = cached(s, NULL);
  if (known) {
    s->latency = known->out.latency_frames;
    s->form = known->form;
  }
  pthread_mutex_unlock(&made_lock);
  if (known && s->form == KEY_OWN)
    s->ctl[p->controls[p->key_switch].port] = (float)own_value(&p->controls[p->key_switch]);
  if (!instantiate(s, why, why_size))
    return SP_ERR_IO;
  if (!known)
    s->form = own_key ? find_key_form(s) : KEY_AS_GIVEN;
  /* Latency: read after a run with signal (some plugins say 0 before). */
  if (p->latency_port >= 0 && !known) {
    const int w = test_width(s);
    float *x[SP_MAX_CHANNELS];
    test_bufs(x, w, s->max_block);
    test_signal(x, w, s->max_block, s->rate, 0, 0);
    const float *key[2] = {x[0], x[1]};
    if (p->n_sc)
      process_keyed(s, x, key, s->max_block);
    else
      run(s, x, s->max_block);
    const float l = lv2_output(s->inst[0], p, p->latency_port);
    s->latency = isfinite(l) && l > 0 && l < 60.0 * s->rate ? (int64_t)lrintf(l) : 0;
    test_bufs_free(x, w);
    reset(s);
  }
  return SP_OK;
}

static int64_t latency_frames(const void *state) { return ((const lv2_state *)state)->latency; }

static int64_t no_tail(const void *state)
{
  (void)state;
  return 0;
}

/* ---- measuring ----------------------------------------------------------- */

/* Run signal `which` (0, 1, or 2 for their sum) through s from a reset,
 * for frames, keyed by the sum when keyed; into y. */
static void run_test(lv2_state *s, int which, bool keyed, size_t frames, size_t input_frames,
                     float *const *y)
{
  reset(s);
  const int ch = s->channels, w = test_width(s);
  float *x[SP_MAX_CHANNELS], *k[SP_MAX_CHANNELS], *tmp[SP_MAX_CHANNELS];
  test_bufs(x, w, s->max_block);
  test_bufs(k, w, s->max_block);
  test_bufs(tmp, w, s->max_block);
  for (size_t at = 0; at < frames; at += s->max_block) {
    const size_t n = frames - at < s->max_block ? frames - at : s->max_block;
    const size_t live = at >= input_frames ? 0 : input_frames - at < n ? input_frames - at : n;
    for (int c = 0; c < w; c++) {
      memset(x[c], 0, n * sizeof(float));
      memset(k[c], 0, n * sizeof(float));
    }
    if (live && (keyed || which == 2)) { /* the key: both signals, added */
      test_signal(tmp, w, live, s->rate, 0, at);
      for (int c = 0; c < w; c++)
        for (size_t f = 0; f < live; f++)
          k[c][f] = tmp[c][f];
      test_signal(tmp, w, live, s->rate, 1, at);
      for (int c = 0; c < w; c++)
        for (size_t f = 0; f < live; f++)
          k[c][f] += tmp[c][f];
    }
    if (live && which == 2)
      for (int c = 0; c < w; c++)
        memcpy(x[c], k[c], live * sizeof(float));
    else if (live)
      test_signal(x, w, live, s->rate, which, at);
    const float *key[2] = {k[0], ch > 1 ? k[1] : NULL};
    if (keyed)
      process_keyed(s, x, key, n);
    else
      run(s, x, n);
    for (int c = 0; c < s->out_channels; c++)
      memcpy(y[c] + at, x[c], n * sizeof(float));
  }
  test_bufs_free(x, w);
  test_bufs_free(k, w);
  test_bufs_free(tmp, w);
}

/* The tail: fed the sum signal for input_frames, then silence, how long
 * the output stays above the floor, until it has been below it for the
 * window (or the cap). */
static int64_t measure_tail(lv2_state *s, bool keyed, double floor_db, bool *capped)
{
  reset(s);
  const size_t input = (size_t)(0.5 * s->rate);
  const size_t window = (size_t)(SP_LV2_TAIL_WINDOW_SECONDS * s->rate);
  const size_t cap = (size_t)(SP_TAIL_CAP_SECONDS * s->rate);
  const float floor_lin = (float)pow(10.0, floor_db / 20.0);
  const int w = test_width(s);
  float *x[SP_MAX_CHANNELS], *k[SP_MAX_CHANNELS];
  test_bufs(x, w, s->max_block);
  test_bufs(k, w, s->max_block);
  size_t last = 0; /* one past the last frame above the floor */
  size_t at = 0;
  *capped = false;
  for (;;) {
    const size_t n = s->max_block;
    for (int c = 0; c < w; c++)
      memset(x[c], 0, n * sizeof(float));
    if (at < input)
      test_signal(x, w, input - at < n ? input - at : n, s->rate, 0, at);
    for (int c = 0; c < w; c++)
      memcpy(k[c], x[c], n * sizeof(float));
    const float *key[2] = {k[0], s->channels > 1 ? k[1] : NULL};
    if (keyed)
      process_keyed(s, x, key, n);
    else
      run(s, x, n);
    for (int c = 0; c < s->out_channels; c++)
      for (size_t f = 0; f < n; f++)
        if (!(fabsf(x[c][f]) <= floor_lin))
          last = at + f + 1 > last ? at + f + 1 : last;
    at += n;
    if (at > input + (size_t)s->latency && at - (last > input ? last : input) >= window)
      break;
    if (at >= input + (size_t)s->latency + cap) {
      *capped = true;
      break;
    }
  }
  test_bufs_free(x, w);
  test_bufs_free(k, w);
  const int64_t tail = (int64_t)last - (int64_t)input - s->latency;
  return tail > 0 ? (tail < (int64_t)cap ? tail : (int64_t)cap) : 0;
}

/* An instrument heard for its tail (core/procs/instrument.h). */
static void probe_reset(void *state) { reset(state); }

static void probe_use(void *state, const sp_events *notes)
{
  lv2_state *s = state;
  s->events = notes;
  s->timed = notes != NULL;
  s->pos = 0;
  s->clock_offset = 0;
  s->run_valid = false;
}

static void probe_play(void *state, float *const *out, size_t frames)
{
  process(state, out, frames);
}

static int64_t instrument_tail(lv2_state *s, double floor_db, bool *capped)
{
  const sp_events *events = s->events;
  const sp_instrument_probe pr = {.state = s,
                                  .reset = probe_reset,
                                  .use = probe_use,
                                  .play = probe_play,
                                  .channels = s->out_channels,
                                  .block = s->max_block,
                                  .rate = s->rate,
                                  .latency = s->latency};
  const int64_t tail =
      sp_instrument_tail(&pr, events, floor_db, SP_LV2_TAIL_WINDOW_SECONDS, capped);
  s->events = events;
  return tail;
}

static void measure_now(lv2_state *s, const sp_proc_env *env, sp_proc_probed *out);

static void measure(void *state, const sp_proc_env *env, sp_proc_probed *out)
{
  lv2_state *s = state;
  pthread_mutex_lock(&made_lock);
  const measured *m = cached(s, &env->floor_db);
  if (m)
    *out = m->out;
  pthread_mutex_unlock(&made_lock);
  if (m)
    return;
  measure_now(s, env, out);
  pthread_mutex_lock(&made_lock);
  cache = sp_xreallocarray(cache, n_cache + 1, sizeof *cache);
  measured *c = &cache[n_cache++];
  *c = (measured){.lc = s->lc,
                  .channels = s->channels,
                  .out_channels = s->out_channels,
                  .feed = s->feed,
                  .rate = s->rate,
                  .floor_db = env->floor_db,
                  .block = s->max_block,
                  .saved = s->saved,
                  .keyed = s->keyed,
                  .form = s->form,
                  .events = s->events,
                  .autos = settings_move(s) ? s->autos : NULL,
                  .out = *out};
  c->ctl = sp_xcalloc((size_t)s->lc->p->n_ports + 1, sizeof(float));
  memcpy(c->ctl, s->ctl, (size_t)s->lc->p->n_ports * sizeof(float));
  pthread_mutex_unlock(&made_lock);
}

static void measure_now(lv2_state *s, const sp_proc_env *env, sp_proc_probed *out)
{
  const sp_lv2_link link = s->lc->p->link;
  const bool keyed = link == SP_LV2_KEYED;
  out->own_detector = keyed && s->form == KEY_OWN;
  static const char *const feeds[] = {
      [KEY_AS_GIVEN] = "the sum of the stems",
      [KEY_CHANNELS] = "the sum of the stems, channel by channel",
      [KEY_MAX_ABS] = "the sum of the stems, the peak of both channels",
      [KEY_MEAN] = "the sum of the stems, the mean of both channels",
      [KEY_SUM] = "the sum of the stems, both channels added",
      [KEY_OWN] = "none: it listens to its own input, stem by stem",
  };
  out->key_feed = !keyed ? NULL : s->keyed ? "its key" : feeds[s->form];
  out->saved = s->saved;
  out->tail_frames = s->lc->p->instrument
                         ? instrument_tail(s, env->floor_db, &out->tail_capped)
                         : measure_tail(s, keyed, env->floor_db, &out->tail_capped);
  out->link_floor_dbfs = NAN;
  if (link == SP_LV2_TRACK_ONLY)
    return;
  const size_t input = (size_t)(1.0 * s->rate);
  const size_t frames = input + (size_t)s->latency + (size_t)(0.25 * s->rate);
  float *y[3][SP_MAX_CHANNELS] = {{NULL}};
  for (int w = 0; w < 3; w++) {
    for (int c = 0; c < s->out_channels; c++)
      y[w][c] = sp_xcalloc(frames, sizeof(float));
    run_test(s, w, keyed, frames, input, y[w]);
  }
  double peak = 0.0;
  for (int c = 0; c < s->out_channels; c++)
    for (size_t f = 0; f < frames; f++) {
      const double d = fabs((double)y[0][c][f] + (double)y[1][c][f] - (double)y[2][c][f]);
      peak = d > peak || isnan(d) ? d : peak;
    }
  for (int w = 0; w < 3; w++)
    for (int c = 0; c < s->out_channels; c++)
      free(y[w][c]);
  out->link_floor_dbfs = isnan(peak) ? 0.0 : peak > 0 ? 20.0 * log10(peak) : -INFINITY;
}

/* ---- the family ---------------------------------------------------------- */

static const char *held(const sp_proc_class *cls, const char *key)
{
  const lv2_class *lc = cls->data;
  const sp_lv2_plugin *p = lc->p;
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    if (!c->held || strcmp(c->symbol, key) != 0)
      continue;
    return (int)k == p->key_switch
               ? "it is the plugin's external-sidechain switch, which stemprint sets: external "
                 "when the insert has a 'key'; else as the plugin listens to its own input, or "
                 "external and keyed by the stems' sum where that sounds the same (docs/lv2.md)"
               : "it is the plugin's own on/off switch, which stemprint holds on (use the insert's "
                 "'bypass: true')";
  }
  return NULL;
}

static lv2_class *build(const sp_lv2_plugin *p)
{
  lv2_class *lc = sp_xcalloc(1, sizeof *lc);
  lc->p = p;
  lc->params = sp_xcalloc(p->n_controls + 1, sizeof *lc->params);
  lc->control = sp_xcalloc(p->n_controls + 1, sizeof *lc->control);
  size_t np = 0;
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    if (c->held)
      continue;
    sp_param *pr = &lc->params[np];
    pr->name = c->symbol;
    pr->help = c->name;
    pr->unit = c->unit;
    switch (c->kind) {
    case SP_LV2_CTL_TOGGLE:
      pr->kind = SP_PARAM_BOOL;
      pr->def = c->def > 0.5 * (c->min + c->max) ? 1.0 : 0.0;
      pr->min = 0.0;
      pr->max = 1.0;
      break;
    case SP_LV2_CTL_ENUM: {
      pr->kind = SP_PARAM_CHOICE;
      const char **choices = sp_xcalloc(c->n_points + 1, sizeof *choices);
      size_t best = 0;
      for (size_t e = 0; e < c->n_points; e++) {
        choices[e] = c->point_labels[e];
        if (fabs(c->point_values[e] - c->def) < fabs(c->point_values[best] - c->def))
          best = e;
      }
      pr->choices = choices;
      pr->def = (double)best;
      pr->min = 0.0;
      pr->max = (double)(c->n_points ? c->n_points - 1 : 0);
      break;
    }
    case SP_LV2_CTL_GAIN:
      pr->kind = SP_PARAM_NUMBER;
      pr->def = sp_lin_to_db(c->def);
      pr->min = sp_lin_to_db(c->min);
      pr->max = sp_lin_to_db(c->max);
      break;
    default:
      pr->kind = SP_PARAM_NUMBER;
      pr->def = c->def / c->scale;
      pr->min = c->min / c->scale;
      pr->max = c->max / c->scale;
      break;
    }
    lc->control[np++] = (int)k;
  }
  lc->summary =
      sp_xasprintf("%s %s, %s: %s", api_of(p), p->class_label, sp_lv2_link_name(p->link), p->uri);
  lc->cls = (sp_proc_class){
      .name = p->name,
      .summary = lc->summary,
      .params = lc->params,
      .n_params = np,
      .primary_param = -1,
      .flags = SP_PROC_MEMORY | SP_PROC_AUTOMATABLE | SP_PROC_SWITCHES_MOVE |
               (p->instrument ? SP_PROC_INSTRUMENT : 0u) |
               (p->enable_switch >= 0 && !p->instrument ? SP_PROC_OWN_BYPASS : 0u) |
               (p->n_in <= 1 && p->n_out == 2 ? SP_PROC_MONO_TO_STEREO : 0u) |
               (p->link == SP_LV2_KEYED        ? SP_PROC_KEYED_LANES | SP_PROC_TAKES_KEY
                : p->link == SP_LV2_TRACK_ONLY ? SP_PROC_ONE_LANE
                                               : 0u),
      .state_size = sizeof(lv2_state),
      .prepare = prepare,
      .process = process,
      .process_keyed = process_keyed,
      .at = play_at,
      .reset = reset,
      .release = release,
      .latency_frames = latency_frames,
      .tail_frames = no_tail,
      .measure = measure,
      .saved_of = saved_of,
      .held = held,
      .data = lc,
      .origin = &lc->origin,
  };
  lc->origin = (sp_proc_origin){.uri = p->uri, .version = p->version, .binary = p->binary};
  return lc;
}

/* The class of plugin p (found by its family's host), made now or before. */
static const sp_proc_class *class_of(const sp_lv2_plugin *p, char *why, size_t why_size)
{
  if (!p)
    return NULL;
  if (p->link == SP_LV2_REFUSED) {
    /* what it is, not what stemprint took it for: one with a MIDI input
     * and no audio input is an instrument even where refused (nine
     * outputs), and is played, not inserted */
    const bool plays = p->instrument || (p->midi_in >= 0 && p->n_in == 0);
    snprintf(why, why_size, "the %s plugin '%s' cannot be %s: %s", api_of(p), p->name,
             plays ? "played" : "an insert", p->refused);
    return NULL;
  }
  pthread_mutex_lock(&made_lock);
  lv2_class *lc = NULL;
  for (size_t i = 0; i < n_made && !lc; i++)
    if (made[i]->p == p)
      lc = made[i];
  if (!lc) {
    lc = build(p);
    made = sp_xreallocarray(made, n_made + 1, sizeof *made);
    made[n_made++] = lc;
  }
  pthread_mutex_unlock(&made_lock);
  return &lc->cls;
}

static const sp_proc_class *make(const char *value, char *why, size_t why_size)
{
  return class_of(sp_lv2_find(value, why, why_size), why, why_size);
}

static const sp_proc_class *make_ladspa(const char *value, char *why, size_t why_size)
{
  return class_of(sp_ladspa_find(value, why, why_size), why, why_size);
}

/* The classes made so far of one family: LV2 plugins (ladspa false) or
 * LADSPA ones. */
static size_t count_of(bool ladspa)
{
  pthread_mutex_lock(&made_lock);
  size_t n = 0;
  for (size_t i = 0; i < n_made; i++)
    n += (made[i]->p->host != NULL) == ladspa;
  pthread_mutex_unlock(&made_lock);
  return n;
}

static const sp_proc_class *at_of(bool ladspa, size_t i)
{
  pthread_mutex_lock(&made_lock);
  const sp_proc_class *c = NULL;
  for (size_t k = 0; k < n_made && !c; k++)
    if ((made[k]->p->host != NULL) == ladspa && i-- == 0)
      c = &made[k]->cls;
  pthread_mutex_unlock(&made_lock);
  return c;
}

static size_t count(void) { return count_of(false); }
static const sp_proc_class *at(size_t i) { return at_of(false, i); }
static size_t count_ladspa(void) { return count_of(true); }
static const sp_proc_class *at_ladspa(size_t i) { return at_of(true, i); }

static bool preset(const sp_proc_class *cls, const char *name, bool is_file, double *values,
                   const sp_proc_saved **saved, char *why, size_t why_size)
{
  const lv2_class *lc = cls->data;
  const sp_lv2_plugin *p = lc->p;
  double *port = sp_xcalloc(p->n_controls + 1, sizeof *port);
  bool *set = sp_xcalloc(p->n_controls + 1, sizeof *set);
  *saved = NULL;
  bool ok = lv2_preset(p, name, is_file, port, set, saved, why, why_size);
  for (size_t k = 0; ok && k < cls->n_params; k++) {
    const int c = lc->control[k];
    if (!set[c])
      continue;
    values[k] = sp_lv2_control_value(&p->controls[c], port[c]);
  }
  free(port);
  free(set);
  return ok;
}

/* ---- saving a state ------------------------------------------------------ */

static const lv2_class *lv2_of(const sp_proc_class *cls)
{
  const lv2_class *lc = NULL;
  pthread_mutex_lock(&made_lock);
  for (size_t i = 0; i < n_made && !lc; i++)
    if (&made[i]->cls == cls)
      lc = made[i];
  pthread_mutex_unlock(&made_lock);
  return lc;
}

sp_err sp_lv2_save(const sp_proc_args *a, double rate, const char *dir, const char *label,
                   char *why, size_t why_size)
{
  const lv2_class *lc = lv2_of(a->cls);
  if (!lc) {
    snprintf(why, why_size, "'%s' is a built-in processor, not an LV2 plugin: it has no LV2 state",
             a->cls->name);
    return SP_ERR_USAGE;
  }
  const sp_lv2_plugin *p = lc->p;
  if (!host_of(p)->save) {
    snprintf(why, why_size, "this program's %s host cannot save a plugin's state", api_of(p));
    return SP_ERR_USAGE;
  }
  lv2_state s = {.lc = lc,
                 .n_inst = 1,
                 .channels = p->n_in,
                 .out_channels = p->n_out,
                 .rate = rate,
                 .max_block = 1024};
  s.ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *s.ctl);
  sp_err err = set_controls(lc, a, s.ctl, &s.saved, why, why_size);
  /* A moving parameter is saved at its value where the timeline starts. */
  for (size_t k = 0; err == SP_OK && a->automation && k < lc->cls.n_params; k++) {
    if (a->automation[k].n > 0)
      s.ctl[p->controls[lc->control[k]].port] =
          (float)moving_port_value(lc, k, &a->automation[k], rate, 0);
  }
  for (int k = 0; k < 2; k++) {
    s.in[0][k] = sp_xcalloc(s.max_block, sizeof(float));
    s.out[0][k] = sp_xcalloc(s.max_block, sizeof(float));
    s.sc[0][k] = sp_xcalloc(s.max_block, sizeof(float));
  }
  if (err == SP_OK && !instantiate(&s, why, why_size))
    err = SP_ERR_IO;
  if (err == SP_OK && !host_of(p)->save(s.inst[0], s.ctl, dir, label, why, why_size))
    err = SP_ERR_IO;
  release(&s);
  return err;
}

const sp_proc_family sp_family_lv2 = {
    .name = "lv2",
    .summary = "any installed LV2 effect, by URI or name (`stemprint help lv2` lists them)",
    .selector = "plugin",
    .selector_help = "an installed LV2 plugin's URI or name, like "
                     "'http://lsp-plug.in/plugins/lv2/compressor_stereo'",
    .make = make,
    .count = count,
    .at = at,
    .preset = preset,
};

const sp_proc_family sp_family_ladspa = {
    .name = "ladspa",
    .summary = "any installed LADSPA effect, by label or unique ID (`stemprint help ladspa` lists "
               "them)",
    .selector = "plugin",
    .selector_help = "an installed LADSPA plugin's label or unique ID, like 'singlePara' or '1203' "
                     "(FILE:label when two libraries have the label)",
    .make = make_ladspa,
    .count = count_ladspa,
    .at = at_ladspa,
};
