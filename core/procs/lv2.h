/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROCS_LV2_H
#define SP_PROCS_LV2_H

/* LV2 plugins as the engine sees them: a plugin's plain description (its
 * ports, read once by a host), instances a host makes, and the host itself
 * as a table of functions. The lv2 family of inserts (core/procs/lv2.c)
 * makes a class per plugin from its description and runs its instances
 * through the LV2 C ABI (the descriptor's connect_port, activate, run,
 * deactivate); finding plugins, reading their bundles and presets and
 * loading their libraries is the host's (io/lv2: lilv). A process installs
 * its host once, before any recipe is read (sp_lv2_use_host); without one,
 * no plugin is found. */

#include "core/base/units.h"
#include "core/procs/proc.h"

#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a plugin's output can be split into stems (docs/lv2.md). */
typedef enum sp_lv2_link {
  SP_LV2_LINEAR,     /* its class is a linear one (EQ, filter, delay, reverb, ...):
                        one instance per lane, Σ outputs = output of Σ */
  SP_LV2_KEYED,      /* it has a sidechain input: one instance per lane, each
                        keyed by the sum of the lanes (or the recipe's key) */
  SP_LV2_TRACK_ONLY, /* nonlinear without a sidechain: only where one lane passes */
  SP_LV2_REFUSED,    /* cannot run here (why in refused) */
} sp_lv2_link;

/* "linear", "keyed", "track-only" or "refused", as help and reports say it. */
const char *sp_lv2_link_name(sp_lv2_link link);

typedef enum sp_lv2_ctl_kind {
  SP_LV2_CTL_NUMBER,
  SP_LV2_CTL_INTEGER,
  SP_LV2_CTL_TOGGLE,
  SP_LV2_CTL_ENUM,
  SP_LV2_CTL_GAIN, /* a linear gain, written in dB in a recipe */
} sp_lv2_ctl_kind;

/* An input control port. A recipe's value v (in unit) is the port value
 * v × scale (a port in ms takes seconds in a recipe, as every time does). */
typedef struct sp_lv2_control {
  char *symbol; /* the port's symbol: the parameter's name in a recipe */
  char *name;
  int port;
  sp_lv2_ctl_kind kind;
  sp_unit unit;
  double scale;
  double def, min, max; /* in port units */
  size_t n_points;      /* enumeration: scale points sorted by value */
  double *point_values;
  char **point_labels;
  /* held at `held_value` and not a parameter: the plugin's own enable or
   * bypass switch (an insert has `bypass:`), the sidechain switch while
   * the insert is keyed */
  bool held;
  double held_value;
  /* the plugin's designated on switch (lv2:designation lv2:enabled), which
   * Ardour bypasses the plugin through (PluginInsert::enable) */
  bool enable_port;
  bool logarithmic; /* pprops:logarithmic: automation moves geometrically */
  /* A LADSPA port with LADSPA_HINT_SAMPLE_RATE, an LV2 port with
   * lv2:sampleRate: def, min and max are given at SP_PARAM_NOMINAL_RATE
   * (core/procs/proc.h); at another rate its bounds move with the rate
   * (its parameter's per_rate: the recipe's check holds it there), and so
   * does its default, but where def_fixed (LADSPA's DEFAULT_0, _1, _100,
   * _440: numbers, not of the bounds; its parameter's def_fixed). */
  bool per_rate, def_fixed;
} sp_lv2_control;

typedef struct sp_lv2_plugin {
  char *uri;
  char *name;
  char *class_label; /* "Compressor Plugin" */
  char *binary;      /* the plugin's library, for messages and plan --json */
  char *bundle;      /* the folder of its bundle, or NULL */
  char *version;     /* "minor.micro" from lv2:minorVersion and lv2:microVersion, or "" */
  sp_lv2_link link;
  char *refused; /* SP_LV2_REFUSED: why, as a sentence with the fix */
  int n_ports;
  int n_in, n_out, n_sc; /* main audio inputs and outputs (1 or 2), sidechain inputs (0–2) */
  int in[2], out[2], sc[2];
  int latency_port; /* output control port reporting latency, or -1 */
  sp_lv2_control *controls;
  size_t n_controls;
  int key_switch; /* index in controls of the external-sidechain switch, or -1 */
  int enable_switch; /* index in controls of its designated on switch (enable_port), or -1 */
  /* other ports: output controls, CV, atom: connected to scratch */
  int *out_controls;
  size_t n_out_controls;
  int *cv_ports;
  size_t n_cv_ports;
  int *atom_in, *atom_out;
  size_t n_atom_in, n_atom_out;
  size_t *atom_out_bytes;
  /* an atom input that takes MIDI events (atom:supports midi:MidiEvent):
   * its index in atom_in, or -1 */
  int midi_in;
  /* an instrument: no audio input, a MIDI event input, one or two audio
   * outputs; played from a track's MIDI as its `instrument:` */
  bool instrument;
  bool pinned; /* its library is loaded for the process's life */
  /* it cannot run with an input and an output on one buffer (LV2's
   * lv2:inPlaceBroken, LADSPA_PROPERTY_INPLACE_BROKEN): its inputs are
   * always copies; else an input and the output of its index that carry
   * one channel share its buffer, as Ardour runs a plugin (in place) */
  bool in_place_broken;
  /* The host that described it and makes its instances: NULL for the
   * process's LV2 host (sp_lv2_use_host), else the LADSPA host
   * (sp_ladspa_use_host), which describes a LADSPA plugin in these same
   * terms (io/ladspa/ladspa.h). */
  const struct sp_lv2_host *host;
} sp_lv2_plugin;

/* A port value as a recipe writes it: a toggle 0 or 1, an enumeration the
 * index of the nearest scale point, a gain in dB, else value / scale (in
 * the control's unit). */
double sp_lv2_control_value(const sp_lv2_control *c, double port_value);

/* "linear", "keyed", "track-only" or "refused", as help and reports say it. */
const char *sp_lv2_link_name(sp_lv2_link link);

/* An instance of a plugin, made by the host for runs of at most the block
 * length it was asked for. The processor connects the audio ports and the
 * input controls and runs it through the plugin's own descriptor and
 * handle; the host has connected every other port to buffers of its own. */
typedef struct sp_lv2_instance sp_lv2_instance;
typedef struct sp_lv2_draws sp_lv2_draws;
struct sp_lv2_instance {
  const LV2_Descriptor *descriptor;
  LV2_Handle handle;
  /* [plugin's n_ports]: each output control port's value after a run */
  const float *outputs;
  /* Around each run, when not NULL: the host's port buffers made ready
   * (atom inputs emptied; before the first, the work the state's restore
   * scheduled done), and after it the work the run scheduled answered. */
  void (*before_run)(sp_lv2_instance *in);
  void (*after_run)(sp_lv2_instance *in);
  /* The plugin's MIDI event input (sp_lv2_plugin.midi_in), emptied by
   * before_run, which the engine fills with the run's events (frame times)
   * before the run; midi_capacity: the bytes its body may take; midi_event
   * and atom_sequence: the URIDs of midi:MidiEvent and atom:Sequence.
   * NULL when the plugin has none. */
  LV2_Atom_Sequence *midi;
  uint32_t midi_capacity;
  uint32_t midi_event;
  /* The C library's random numbers its calls draw (sp_lv2_draws_use): its
   * own, given by the engine as it is made; the host leaves it NULL. */
  sp_lv2_draws *draws;
};

/* The C library's random numbers (rand and random, one sequence; srand and
 * srandom seed it) that this thread's calls draw from until the next call:
 * draws (an instance's own), or NULL: the process's, as the C library's
 * own. glibc's are one sequence for the process, so two instances drawing
 * from it (Dragonfly Room and Plate draw in every run: fv3's modulation
 * noise) each got what the other left, in the order the threads happened
 * to run them: a render of two such instances differed at -j 2 run to run
 * and from -j 1 by up to -33 dBFS. With its own, seeded 1 as the C
 * library's is at the process's start, an instance draws what it would
 * alone whatever else runs. The executable exports these functions so
 * that the plugins' libraries call them (CMakeLists.txt). Returns the
 * draws before, to be given back. */
sp_lv2_draws *sp_lv2_draws_use(sp_lv2_draws *draws);

/* A plugin's preset, as a host lists it. */
typedef struct sp_lv2_preset {
  char *label; /* rdfs:label, or "" */
  char *uri;
  bool state; /* it holds state beyond port values (restored through the plugin) */
} sp_lv2_preset;

/* What a host does: find installed plugins (by URI, or by a name only one
 * has) and describe them (descriptions live as long as the process), list
 * them, read a preset as port values, say where it looks, and make and
 * free instances. Every function may be called from several threads. */
typedef struct sp_lv2_host {
  const char *api; /* "LV2" or "LADSPA": how messages name its plugins */
  /* NULL with why (and a did-you-mean) when there is none. */
  const sp_lv2_plugin *(*find)(const char *what, char *why, size_t why_size);
  /* Every installed plugin's URI, sorted; the array is the caller's. */
  const char **(*installed)(size_t *n);
  /* A preset of p (its URI or label), or the state file at what (is_file:
   * LV2's state format, as a host saves it), as input-control values:
   * values[k] (port units) set for each control k it gives, set[k] true;
   * *saved the state beyond them, for instantiate (NULL when it holds only
   * port values; the host keeps it for the process's life). False with
   * why when there is no such preset, or the file is not a state of p. */
  bool (*preset)(const sp_lv2_plugin *p, const char *what, bool is_file, double *values, bool *set,
                 const sp_proc_saved **saved, char *why, size_t why_size);
  /* p's presets, sorted by label then URI, into *n; the array and its
   * strings are the caller's (sp_lv2_presets_free). */
  sp_lv2_preset *(*presets)(const sp_lv2_plugin *p, size_t *n);
  /* Where plugins are looked for, for messages. */
  const char *(*search_path)(void);
  /* An instance of p at rate, run in blocks of at most max_block_frames,
   * most of nominal_block_frames (LV2's nominalBlockLength: a DAW's cycle),
   * with the state saved (from preset, or NULL) restored into it; NULL
   * with why when the plugin refuses. */
  sp_lv2_instance *(*instantiate)(const sp_lv2_plugin *p, double rate, size_t max_block_frames,
                                  size_t nominal_block_frames, const sp_proc_saved *saved,
                                  char *why, size_t why_size);
  void (*free)(sp_lv2_instance *in);
  /* Save in (made by instantiate, its input controls at ctl[n_ports]) as
   * LV2 hosts save a state: dir/state.ttl with its port values and what
   * the plugin's state interface stores (paths through map-path, files it
   * makes through make-path in dir), dir/manifest.ttl naming it a preset
   * labelled label. dir exists. False with why. */
  bool (*save)(sp_lv2_instance *in, const float *ctl, const char *dir, const char *label, char *why,
               size_t why_size);
} sp_lv2_host;

/* Install the process's host (io/lv2/lv2.h: sp_lilv_host), once, before
 * any recipe with LV2 inserts is read. */
void sp_lv2_use_host(const sp_lv2_host *host);

/* The host's answers (see sp_lv2_host); without a host: no plugin, none
 * installed, an empty search path. */
const sp_lv2_plugin *sp_lv2_find(const char *what, char *why, size_t why_size);
const char **sp_lv2_installed(size_t *n);
const char *sp_lv2_search_path(void);
/* Whether an effect of n_in audio inputs (one at least), n_out outputs and
 * n_sc sidechain inputs is one the engine cannot run, with why (the same
 * rule for LV2 and LADSPA plugins: one or two of each, as many in as out,
 * or one in and two out without a sidechain; at most two sidechain
 * inputs). */
bool sp_lv2_ports_refused(int n_in, int n_out, int n_sc, char *why, size_t why_size);
/* p's presets (sp_lv2_host.presets; none without a host or a way to list
 * them); free with sp_lv2_presets_free. */
sp_lv2_preset *sp_lv2_presets(const sp_lv2_plugin *p, size_t *n);
void sp_lv2_presets_free(sp_lv2_preset *v, size_t n);

/* The LADSPA host (io/ladspa/ladspa.h: sp_ladspa_host), installed as the
 * LV2 one is; its plugins are the `ladspa` family's classes, run by the
 * same processor. Its instances' descriptor is a stand-in LV2_Descriptor
 * whose functions call the LADSPA plugin's own (same shape: connect_port,
 * activate, run, deactivate). */
void sp_ladspa_use_host(const sp_lv2_host *host);
const sp_lv2_plugin *sp_ladspa_find(const char *what, char *why, size_t why_size);
const char **sp_ladspa_installed(size_t *n);
const char *sp_ladspa_search_path(void);

/* Save the state of the LV2 insert a (its class one of the lv2 family's)
 * into the folder dir, as sp_lv2_host.save: an instance at rate with the
 * insert's preset, state file and parameters (a moving one at its value
 * at the timeline's start), settled as a render's are. SP_ERR_USAGE for a
 * built-in class or settings the plugin refuses, SP_ERR_IO when the host
 * cannot make or save the instance; why says which. */
sp_err sp_lv2_save(const sp_proc_args *a, double rate, const char *dir, const char *label,
                   char *why, size_t why_size);

#endif
