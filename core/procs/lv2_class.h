/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROCS_LV2_CLASS_H
#define SP_PROCS_LV2_CLASS_H

/* What the files of the lv2 processor share (core/procs/lv2.c and the
 * lv2_*.c beside it): a class and a processor's state, the classes made,
 * and each file's functions the others call. */

#include "core/dsp/automation.h"
#include "core/dsp/events.h"
#include "core/procs/lv2.h"
#include "core/procs/proc.h"

#include <pthread.h>

typedef struct lv2_class {
  sp_proc_class cls;
  sp_proc_origin origin;
  const sp_lv2_plugin *p;
  sp_param *params;
  int *control; /* [n_params]: the control each parameter sets */
  bool *per_rate;  /* [n_params]: the class's per_rate (its control's) */
  bool *def_fixed; /* [n_params]: the class's def_fixed (its control's) */
  char *summary;
} lv2_class;

extern pthread_mutex_t lv2_made_lock;

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
  int64_t end;                /* where the render ends on the output clock (0: not known) */
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
  /* Whether the instances are as lv2_instantiate() left them (their state
   * restored, activated and settled with the controls settled_ctl, not
   * run since): a reset then has nothing to undo, and lv2_release() keeps
   * them as spares (take_spare). */
  bool fresh;
  float *settled_ctl; /* [n_ports] */
} lv2_state;

typedef struct spare {
  const sp_lv2_plugin *p;
  double rate;
  size_t max_block, nominal;
  const sp_proc_saved *saved;
  float *ctl; /* [n_ports]: the controls it settled with */
  sp_lv2_instance *in;
} spare;

/* What lv2_measure() found, by everything that decides it: a graph is built
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

extern measured *lv2_cache;

extern size_t lv2_n_cache;

/* ---- lv2_host.c ---------------------------------------------------------------- */

/* The host that describes p and makes its instances. */
const sp_lv2_host *lv2_host_of(const sp_lv2_plugin *p);

/* "LV2" or "LADSPA", for messages. */
const char *lv2_api_of(const sp_lv2_plugin *p);

/* An instance run in blocks of at most max_block frames, most of nominal. */
sp_lv2_instance *lv2_new(const sp_lv2_plugin *p, double rate, size_t max_block, size_t nominal,
                         const sp_proc_saved *saved, char *why, size_t why_size);

void lv2_connect(sp_lv2_instance *in, int port, void *data);

void lv2_activate(sp_lv2_instance *in);

/* Deactivate and free in, an instance of p (NULL: nothing). */
void lv2_drop(const sp_lv2_plugin *p, sp_lv2_instance *in);

void lv2_run(sp_lv2_instance *in, size_t frames);

/* The value of output control port port after the last run. */
float lv2_output(const sp_lv2_instance *in, const sp_lv2_plugin *p, int port);

bool lv2_host_preset(const sp_lv2_plugin *p, const char *what, bool is_file, double *values,
                       bool *set, const sp_proc_saved **saved, char *why, size_t why_size);

/* ---- lv2_play.c ---------------------------------------------------------------- */

void lv2_release(void *state);

/* The port value of moving parameter k (automation a) at frame t: as its
 * class reads it (a setting, a whole number rounded, a logarithmic port
 * geometrically), or under `ramp: linear` (SP_RAMP_LINEAR) in a straight
 * line between its points' port values, as it is. */
double lv2_moving_port_value(const lv2_class *lc, size_t k, const sp_auto *a, double rate,
                                int64_t t);

/* Run every instance over frames (≤ max_block) of ch, in place. The
 * inputs are copied (a plugin never runs in place: its inputs are its
 * own); the outputs that become a channel are written straight into it,
 * the others into the instance's own buffers. An instance's outputs are
 * connected only once every instance has read its inputs. */
void lv2_run_all(lv2_state *s, float *const *ch, size_t frames);

void lv2_play_at(void *state, int64_t frame, int64_t clock);

/* Run frames of ch through s, keyed (in form) or not, its moving
 * parameters set piece by piece where the renderer said they play. */
void lv2_play(lv2_state *s, bool keyed, key_form form, float *const *ch, const float *const *key,
                 size_t frames);

void lv2_process(void *state, float *const *ch, size_t frames);

void lv2_process_keyed(void *state, float *const *ch, const float *const *key, size_t frames);

/* The channels a test run through s carries: the path's or the plugin's
 * output's, whichever is wider, and at least a pair (the key's). */
int lv2_test_width(const lv2_state *s);

void lv2_test_bufs(float **x, int w, size_t frames);

void lv2_test_bufs_free(float **x, int w);

/* Whether s moves a switch or a choice (moving_setting has a first). */
bool lv2_settings_move(const lv2_state *s);

/* New instances (spares, or made, activated and settled), their ports
 * connected to s's buffers and controls; the old ones (if any) freed once
 * their successors are made, so that what a plugin's library shares
 * between its instances stays loaded (libfluidsynth's samples: ACE Fluid
 * Synth reads its SoundFont again only when no instance holds it). */
bool lv2_instantiate(lv2_state *s, char *why, size_t why_size);

/* Back to the state right after prepare: fresh instances (a plugin's
 * activate() is meant to clear its history, but not every plugin's does),
 * unless they are (not run since they were made, with the controls they
 * settled with). */
void lv2_reset(void *state);

/* A deterministic test signal: noise (which 0; 2: at -80 dB between its
 * bursts, not digital silence, which Calf's plugins skip) or a tone (which 1)
 * with on/off steps, on each channel a little differently, at most 0.5 in
 * magnitude. The step is the frame's, the tone only computed for the tone
 * (a sine and a remainder a sample were a fifth of an LV2 session's
 * set-up); the noise's generator steps for every sample either way. */
void lv2_test_signal(float *const *x, int channels, size_t frames, double rate, int which,
                        size_t from);

/* The entry for s's settings, measured for a print's floor of *floor_db
 * (NULL: any floor, for the latency, which does not depend on it); called
 * under made_lock. */
measured *lv2_cached(const lv2_state *s, const double *floor_db);

/* Every input control's port value as the insert a sets it (ctl[n_ports]):
 * held switches held, the rest at the plugin's default unless the recipe,
 * then its state file, sets it; *saved the state to restore. */
sp_err lv2_set_controls(const lv2_class *lc, const sp_proc_args *a, float *ctl,
                           const sp_proc_saved **saved, char *why, size_t why_size);

/* The state an insert with args a restores, as prepare finds it, without
 * an instance (sp_proc_class.saved_of). */
sp_err lv2_saved_of(const sp_proc_class *cls, const sp_proc_args *a, const sp_proc_saved **saved,
                       char *why, size_t why_size);

sp_err lv2_prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size);

int64_t lv2_latency_frames(const void *state);

int64_t lv2_no_tail(const void *state);

/* ---- lv2_measure.c ------------------------------------------------------------- */

void lv2_measure(void *state, const sp_proc_env *env, sp_proc_probed *out);

#endif
