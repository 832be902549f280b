/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_LV2_H
#define SP_IO_LV2_H

/* LV2 plugins as stemprint sees them, through lilv: what is installed, what
 * a plugin is (its ports, read once into a plain description), its presets,
 * and instances to run. Everything that reads a bundle or loads a plugin's
 * library is here; the processor that runs plugins in a render
 * (core/procs/lv2.c) gets descriptions and instances from this file and
 * never touches lilv or a file itself.
 *
 * lilv's world is not thread-safe: every call into it is made under one
 * lock, so several recipes may be parsed at once (render -j). An instance
 * is used by one thread at a time and needs no lock.
 *
 * The world is loaded on first use from LV2_PATH (lilv's default when it is
 * not set: ~/.lv2, /usr/local/lib/lv2, /usr/lib/lv2), so a recipe without
 * LV2 inserts never pays for it. */

#include "core/base/units.h"

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
} sp_lv2_control;

typedef struct sp_lv2_plugin {
  char *uri;
  char *name;
  char *class_label; /* "Compressor Plugin" */
  char *binary;      /* the plugin's library, for messages and plan --json */
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
  /* other ports: output controls, CV, atom: connected to scratch */
  int *out_controls;
  size_t n_out_controls;
  int *cv_ports;
  size_t n_cv_ports;
  int *atom_in, *atom_out;
  size_t n_atom_in, n_atom_out;
  size_t *atom_out_bytes;
  bool pinned; /* its library is loaded for the process's life */
} sp_lv2_plugin;

/* A port value as a recipe writes it: a toggle 0 or 1, an enumeration the
 * index of the nearest scale point, a gain in dB, else value / scale (in
 * the control's unit). */
double sp_lv2_control_value(const sp_lv2_control *c, double port_value);

/* The installed plugin whose URI is what, or whose name is what when only
 * one has it; NULL with why (and a did-you-mean) when there is none. The
 * description lives as long as the process. */
const sp_lv2_plugin *sp_lv2_find(const char *what, char *why, size_t why_size);

/* Every installed plugin's URI, sorted; *n set. The array is the caller's
 * (free it, not the strings). Loads each description on demand through
 * sp_lv2_find. */
const char **sp_lv2_installed(size_t *n);

/* A preset of p (its URI or its label) as input-control values: values[k]
 * (port units) is set for each control k the preset gives, set[k] true.
 * false with why when there is no such preset or it holds state beyond
 * port values. */
bool sp_lv2_preset(const sp_lv2_plugin *p, const char *what, double *values, bool *set, char *why,
                   size_t why_size);

/* Where this plugin's LV2 search path comes from, for messages. */
const char *sp_lv2_search_path(void);

/* ---- instances ----------------------------------------------------------- */

typedef struct sp_lv2_instance sp_lv2_instance;

/* Instantiate p at rate for runs of at most max_block_frames; NULL with why
 * when the plugin refuses. Ports are not connected yet; every port but the
 * audio ones and the input controls is given scratch here. */
sp_lv2_instance *sp_lv2_new(const sp_lv2_plugin *p, double rate, size_t max_block_frames, char *why,
                            size_t why_size);
void sp_lv2_connect(sp_lv2_instance *in, int port, void *data);
void sp_lv2_activate(sp_lv2_instance *in);
void sp_lv2_deactivate(sp_lv2_instance *in);
/* One run: atom inputs get an empty sequence, scheduled work is done before
 * run returns and its responses delivered after it. */
void sp_lv2_run(sp_lv2_instance *in, size_t frames);
/* The value of output control port port after the last run. */
float sp_lv2_output(const sp_lv2_instance *in, int port);
void sp_lv2_free(sp_lv2_instance *in);

#endif
