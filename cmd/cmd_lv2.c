/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint help lv2 [PLUGIN]: the installed LV2 effects, and one plugin's
 * parameters as `help inserts` prints a built-in's.
 *
 * The list says for each plugin what a recipe needs to know before naming
 * it: its URI and name, its class, its audio inputs and outputs, whether it
 * has a sidechain input and a latency port, and how it splits into stems
 * (linear: run per stem; keyed: run per stem, keyed by the mix at that
 * point; track-only: only where one stem passes; refused: why). */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/procs/lv2.h"
#include "core/procs/proc.h"
#include "io/report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plugins of uris that are instruments (or not), as the list says
 * them; find: sp_lv2_find or sp_ladspa_find. */
static void list_some(const char **uris, size_t n, bool instruments,
                      const sp_lv2_plugin *(*find)(const char *, char *, size_t))
{
  for (size_t i = 0; i < n; i++) {
    char why[512];
    const sp_lv2_plugin *p = find(uris[i], why, sizeof why);
    if (!p || p->instrument != instruments)
      continue;
    if (instruments) {
      fprintf(sp_cli_out(), "%s\n  %s — %s; MIDI in, %d out%s%s%s\n", p->uri, p->name,
              p->class_label, p->n_out, p->latency_port >= 0 ? ", reports latency" : "",
              p->refused ? "; refused: " : "", p->refused ? p->refused : "");
      continue;
    }
    fprintf(sp_cli_out(), "%s\n  %s — %s; %d in, %d out%s%s; %s", p->uri, p->name, p->class_label,
            p->n_in, p->n_out, p->n_sc ? ", sidechain" : "",
            p->latency_port >= 0 ? ", reports latency" : "", sp_lv2_link_name(p->link));
    if (p->link == SP_LV2_REFUSED)
      fprintf(sp_cli_out(), ": %s", p->refused);
    fprintf(sp_cli_out(), "\n");
  }
}

static int list_all(void)
{
  size_t n = 0, n_inst = 0;
  const char **uris = sp_lv2_installed(&n);
  for (size_t i = 0; i < n; i++) {
    char why[512];
    const sp_lv2_plugin *p = sp_lv2_find(uris[i], why, sizeof why);
    n_inst += p && p->instrument;
  }
  fprintf(sp_cli_out(),
          "LV2 effects installed here (%zu plugins on %s).\n"
          "In a recipe: inserts: [{lv2: {plugin: URI or name, PORT: VALUE, ...}}]\n"
          "  linear      runs once per stem (EQ, filter, delay, reverb)\n"
          "  keyed       has a sidechain input: runs once per stem, keyed by the\n"
          "              mix at that point (or the recipe's key)\n"
          "  track-only  nonlinear, no sidechain: only where one stem passes\n"
          "  refused     cannot run here (the reason follows)\n\n",
          n - n_inst, sp_lv2_search_path());
  list_some(uris, n, false, sp_lv2_find);
  fprintf(sp_cli_out(),
          "\nLV2 instruments installed here (%zu).\n"
          "In a recipe, on a track of MIDI: instrument: {lv2: {plugin: URI or name, ...}}\n\n",
          n_inst);
  list_some(uris, n, true, sp_lv2_find);
  free(uris);
  return 0;
}

/* The installed LADSPA effects, as the LV2 list says them. */
static int list_ladspa(void)
{
  size_t n = 0;
  const char **keys = sp_ladspa_installed(&n);
  fprintf(sp_cli_out(),
          "LADSPA effects installed here (%zu plugins on %s).\n"
          "In a recipe: inserts: [{ladspa: {plugin: LABEL, ID or FILE:LABEL, PORT: VALUE}}]\n"
          "  keyed       has a sidechain input: runs once per stem, keyed by the\n"
          "              mix at that point (or the recipe's key)\n"
          "  track-only  no sidechain: only where one stem passes (LADSPA does not\n"
          "              say which plugins are linear)\n"
          "  refused     cannot run here (the reason follows)\n\n",
          n, sp_ladspa_search_path());
  list_some(keys, n, false, sp_ladspa_find);
  free(keys);
  return 0;
}

/* p's presets, as `preset:` names them: label, URI, and whether each
 * holds state beyond its port values. */
static void list_presets(const sp_lv2_plugin *p)
{
  size_t n = 0;
  sp_lv2_preset *v = sp_lv2_presets(p, &n);
  if (n == 0) {
    fprintf(sp_cli_out(), "presets: none\n");
  } else {
    int w = 0;
    for (size_t i = 0; i < n; i++)
      w = (int)strlen(v[i].label) > w ? (int)strlen(v[i].label) : w;
    fprintf(sp_cli_out(), "presets (`preset:` takes a label or a URI; state: it holds "
                          "settings no port carries):\n");
    for (size_t i = 0; i < n; i++)
      fprintf(sp_cli_out(), "  %-*s  %s%s\n", w, v[i].label[0] ? v[i].label : "(no label)",
              v[i].uri, v[i].state ? "  state" : "");
  }
  sp_lv2_presets_free(v, n);
}

/* p's presets as data: [{label, uri, state}]. */
static sp_json *presets_json(const sp_lv2_plugin *p)
{
  size_t n = 0;
  sp_lv2_preset *v = sp_lv2_presets(p, &n);
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++) {
    sp_json *x = sp_report_object();
    sp_report_set(x, "label", sp_report_string(v[i].label));
    sp_report_set(x, "uri", sp_report_string(v[i].uri));
    sp_report_set(x, "state", sp_report_bool(v[i].state));
    sp_report_append(a, x);
  }
  sp_lv2_presets_free(v, n);
  return a;
}

static const char *kind_name(sp_lv2_ctl_kind k)
{
  static const char *const names[] = {"number", "integer", "toggle", "enumeration", "gain"};
  return names[k];
}

/* A plugin's ports as data, for tools that write recipes (bench/lv2.py):
 * each input control with its port index, its symbol as a recipe writes
 * it, its kind, the unit a recipe writes and the factor to the port's
 * value, its range and default in port units, whether it is held, whether
 * it may move (and, for a plugin with a latency port, the latencies at its
 * minimum and maximum when they differ: then it may not); the output
 * controls' port indices; its presets (label, URI, whether each holds
 * state beyond port values). Schema version 1 (keys are only ever added). */
static int describe_json(const sp_lv2_plugin *p, const sp_proc_class *cls)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "schema", sp_report_int(1));
  sp_report_set(o, "uri", sp_report_string(p->uri));
  sp_report_set(o, "name", sp_report_string(p->name));
  sp_report_set(o, "class", sp_report_string(p->class_label));
  sp_report_set(o, "link", sp_report_string(sp_lv2_link_name(p->link)));
  sp_report_set(o, "refused", sp_report_string(p->refused));
  sp_report_set(o, "audio_inputs", sp_report_int(p->n_in));
  sp_report_set(o, "audio_outputs", sp_report_int(p->n_out));
  sp_report_set(o, "sidechain_inputs", sp_report_int(p->n_sc));
  sp_report_set(o, "latency_port",
                p->latency_port >= 0 ? sp_report_int(p->latency_port) : sp_report_string(NULL));
  sp_json *cs = sp_report_array();
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    sp_json *x = sp_report_object();
    sp_report_set(x, "port", sp_report_int(c->port));
    sp_report_set(x, "symbol", sp_report_string(c->symbol));
    sp_report_set(x, "name", sp_report_string(c->name));
    sp_report_set(x, "kind", sp_report_string(kind_name(c->kind)));
    sp_report_set(x, "unit", sp_report_string(sp_unit_name(c->unit)));
    sp_report_set(x, "scale", sp_report_number(c->scale));
    sp_report_set(x, "min", sp_report_number(c->min));
    sp_report_set(x, "max", sp_report_number(c->max));
    sp_report_set(x, "default", sp_report_number(c->def));
    sp_report_set(x, "held", sp_report_bool(c->held));
    if (c->held)
      sp_report_set(x, "held_value", sp_report_number(c->held_value));
    const int k_param = cls ? sp_proc_param_index(cls, c->symbol) : -1;
    bool moves = k_param >= 0 && cls->params[k_param].kind == SP_PARAM_NUMBER;
    int64_t at_min = 0, at_max = 0;
    if (moves && p->latency_port >= 0 &&
        sp_proc_latency_follows(cls, (size_t)k_param, SP_CLI_HELP_RATE, &at_min, &at_max)) {
      moves = false;
      sp_json *lat = sp_report_object();
      sp_report_set(lat, "rate", sp_report_number(SP_CLI_HELP_RATE));
      sp_report_set(lat, "at_min", sp_report_int(at_min));
      sp_report_set(lat, "at_max", sp_report_int(at_max));
      sp_report_set(x, "latency_follows", lat);
    }
    sp_report_set(x, "moves", sp_report_bool(moves));
    sp_json *pts = sp_report_array();
    for (size_t e = 0; e < c->n_points; e++) {
      sp_json *pt = sp_report_object();
      sp_report_set(pt, "label", sp_report_string(c->point_labels[e]));
      sp_report_set(pt, "value", sp_report_number(c->point_values[e]));
      sp_report_append(pts, pt);
    }
    sp_report_set(x, "choices", pts);
    sp_report_append(cs, x);
  }
  sp_report_set(o, "controls", cs);
  sp_json *outs = sp_report_array();
  for (size_t k = 0; k < p->n_out_controls; k++)
    sp_report_append(outs, sp_report_int(p->out_controls[k]));
  sp_report_set(o, "output_controls", outs);
  sp_report_set(o, "presets", presets_json(p));
  sp_cli_print_json(o);
  return 0;
}

static const char help[] =
    "usage: stemprint help lv2 [PLUGIN] [--json]\n"
    "\n"
    "Without PLUGIN: the LV2 effects installed (on LV2_PATH, else lilv's default\n"
    "path, which the list's first line names), each with its class, its audio\n"
    "inputs and outputs, and how it splits into stems: linear, keyed,\n"
    "track-only, or refused with the reason; then the LV2 instruments (a MIDI\n"
    "input, one or two audio outputs), which play a track's MIDI.\n"
    "\n"
    "With PLUGIN (its URI, or a name only one installed plugin has): its\n"
    "parameters as a recipe writes them, each with its range and default and\n"
    "whether it moves (a parameter the plugin's latency follows is fixed), the\n"
    "switches stemprint holds, and its presets: each one's label and URI (what\n"
    "`preset:` names) and whether it holds state beyond port values.\n"
    "\n"
    "  --json      with PLUGIN: its ports and presets as data (schema 1)\n"
    "  -h, --help  this help\n"
    "\n"
    "exit status: 0 ok, 2 usage or no such plugin.\n";

static const char help_ladspa[] =
    "usage: stemprint help ladspa [PLUGIN] [--json]\n"
    "\n"
    "Without PLUGIN: the LADSPA effects installed (on LADSPA_PATH, else\n"
    "/usr/lib/ladspa, /usr/local/lib/ladspa, /usr/lib/x86_64-linux-gnu/ladspa),\n"
    "each as FILE:label with its name, unique ID, audio inputs and outputs, and\n"
    "how it splits into stems: keyed, track-only, or refused with the reason.\n"
    "\n"
    "With PLUGIN (its label, unique ID, or FILE:label): its parameters as a\n"
    "recipe writes them (each port's name folded: lowercase, every run of other\n"
    "characters one '_'), each with its range and default and whether it moves.\n"
    "\n"
    "  --json      with PLUGIN: its ports as data (schema 1)\n"
    "  -h, --help  this help\n"
    "\n"
    "exit status: 0 ok, 2 usage or no such plugin.\n";

static const sp_cli_spec spec_lv2 = {
    "help lv2", help, 0, 1, NULL, "one plugin at a time (a name with spaces in quotes)", 0};
static const sp_cli_spec spec_ladspa = {"help ladspa",
                                        help_ladspa,
                                        0,
                                        1,
                                        NULL,
                                        "one plugin at a time (a name with spaces in quotes)",
                                        0};

/* help lv2 or help ladspa (ladspa), as its help text says. */
static int help_plugins(bool ladspa, int argc, char **argv)
{
  const sp_lv2_plugin *(*find)(const char *, char *, size_t) =
      ladspa ? sp_ladspa_find : sp_lv2_find;
  bool json = false;
  const sp_arg opts[] = {
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(ladspa ? &spec_ladspa : &spec_lv2, opts, argc, argv, &args, &status))
    return status;
  const char *what = args.pos[0]; /* NULL: the list */
  sp_args_fini(&args);
  if (!what && json)
    return sp_cli_usage_error(ladspa ? "help ladspa" : "help lv2",
                              ladspa ? "--json describes one plugin: give its label"
                                     : "--json describes one plugin: give its URI or name");
  if (!what)
    return ladspa ? list_ladspa() : list_all();
  char why[1024];
  const sp_proc_family *f = sp_proc_family_find(ladspa ? "ladspa" : "lv2");
  const sp_lv2_plugin *p = find(what, why, sizeof why);
  if (!p) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
    return 2;
  }
  if (json)
    return describe_json(p, p->link == SP_LV2_REFUSED ? NULL : f->make(what, why, sizeof why));
  fprintf(sp_cli_out(), "%s\n  %s — %s; %d audio in, %d out%s%s\n  splits into stems: %s", p->uri,
          p->name, p->class_label, p->n_in, p->n_out, p->n_sc ? ", sidechain input" : "",
          p->latency_port >= 0 ? ", reports latency" : "", sp_lv2_link_name(p->link));
  if (p->link == SP_LV2_REFUSED) {
    fprintf(sp_cli_out(), " (%s)\n", p->refused);
    return 0;
  }
  if (p->key_switch >= 0)
    fprintf(sp_cli_out(), "; its sidechain switch '%s' is held at %g (external)",
            p->controls[p->key_switch].symbol, p->controls[p->key_switch].held_value);
  fprintf(sp_cli_out(), "\n  library: %s\n\n", p->binary);
  const sp_proc_class *c = f->make(what, why, sizeof why);
  if (!c) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
    return 2;
  }
  char *name = sp_xasprintf("%s: {plugin: %s}", f->name, p->uri);
  sp_cli_help_class(name, c, p->latency_port >= 0);
  free(name);
  if (!ladspa)
    list_presets(p);
  return 0;
}

int sp_cmd_help_lv2(int argc, char **argv) { return help_plugins(false, argc, argv); }

int sp_cmd_help_ladspa(int argc, char **argv) { return help_plugins(true, argc, argv); }
