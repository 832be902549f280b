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
 * print's floor and stay there for SP_LV2_TAIL_WINDOW_SECONDS.
 *
 * This file makes the classes (the family) and saves a state; the hosts
 * are lv2_host.c's, instances and their runs lv2_play.c's, the
 * measurements lv2_measure.c's (what they share: lv2_class.h). */

#include "core/procs/lv2_class.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- classes ------------------------------------------------------------- */

pthread_mutex_t lv2_made_lock = PTHREAD_MUTEX_INITIALIZER;
static lv2_class **made;
static size_t n_made;

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
  lc->per_rate = sp_xcalloc(p->n_controls + 1, sizeof *lc->per_rate);
  lc->def_fixed = sp_xcalloc(p->n_controls + 1, sizeof *lc->def_fixed);
  size_t np = 0;
  for (size_t k = 0; k < p->n_controls; k++) {
    const sp_lv2_control *c = &p->controls[k];
    if (c->held)
      continue;
    sp_param *pr = &lc->params[np];
    pr->name = c->symbol;
    pr->help = c->name;
    pr->unit = c->unit;
    lc->per_rate[np] = c->per_rate;
    lc->def_fixed[np] = c->def_fixed;
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
  lc->summary = sp_xasprintf("%s %s, %s: %s", lv2_api_of(p), p->class_label,
                             sp_lv2_link_name(p->link), p->uri);
  lc->cls = (sp_proc_class){
      .name = p->name,
      .summary = lc->summary,
      .params = lc->params,
      .n_params = np,
      .per_rate = lc->per_rate,
      .def_fixed = lc->def_fixed,
      .primary_param = -1,
      .flags = SP_PROC_MEMORY | SP_PROC_AUTOMATABLE | SP_PROC_SWITCHES_MOVE |
               (p->instrument ? SP_PROC_INSTRUMENT : 0u) |
               (p->enable_switch >= 0 && !p->instrument ? SP_PROC_OWN_BYPASS : 0u) |
               /* an instrument's audio inputs hear silence: of two outputs, it
                * widens its track whatever its inputs (LSP's Sampler Stereo) */
               ((p->n_in <= 1 || p->instrument) && p->n_out == 2 ? SP_PROC_MONO_TO_STEREO : 0u) |
               (p->link == SP_LV2_KEYED        ? SP_PROC_KEYED_LANES | SP_PROC_TAKES_KEY
                : p->link == SP_LV2_TRACK_ONLY ? SP_PROC_ONE_LANE
                                               : 0u),
      .state_size = sizeof(lv2_state),
      .prepare = lv2_prepare,
      .process = lv2_process,
      .process_keyed = lv2_process_keyed,
      .at = lv2_play_at,
      .reset = lv2_reset,
      .release = lv2_release,
      .latency_frames = lv2_latency_frames,
      .tail_frames = lv2_no_tail,
      .measure = lv2_measure,
      .saved_of = lv2_saved_of,
      .held = held,
      .data = lc,
      .origin = &lc->origin,
  };
  lc->origin = (sp_proc_origin){
      .uri = p->uri, .version = p->version, .binary = p->binary, .bundle = p->bundle};
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
    snprintf(why, why_size, "the %s plugin '%s' cannot be %s: %s", lv2_api_of(p), p->name,
             plays ? "played" : "an insert", p->refused);
    return NULL;
  }
  pthread_mutex_lock(&lv2_made_lock);
  lv2_class *lc = NULL;
  for (size_t i = 0; i < n_made && !lc; i++)
    if (made[i]->p == p)
      lc = made[i];
  if (!lc) {
    lc = build(p);
    made = sp_xreallocarray(made, n_made + 1, sizeof *made);
    made[n_made++] = lc;
  }
  pthread_mutex_unlock(&lv2_made_lock);
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
  pthread_mutex_lock(&lv2_made_lock);
  size_t n = 0;
  for (size_t i = 0; i < n_made; i++)
    n += (made[i]->p->host != NULL) == ladspa;
  pthread_mutex_unlock(&lv2_made_lock);
  return n;
}

static const sp_proc_class *at_of(bool ladspa, size_t i)
{
  pthread_mutex_lock(&lv2_made_lock);
  const sp_proc_class *c = NULL;
  for (size_t k = 0; k < n_made && !c; k++)
    if ((made[k]->p->host != NULL) == ladspa && i-- == 0)
      c = &made[k]->cls;
  pthread_mutex_unlock(&lv2_made_lock);
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
  bool ok = lv2_host_preset(p, name, is_file, port, set, saved, why, why_size);
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
  pthread_mutex_lock(&lv2_made_lock);
  for (size_t i = 0; i < n_made && !lc; i++)
    if (&made[i]->cls == cls)
      lc = made[i];
  pthread_mutex_unlock(&lv2_made_lock);
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
  if (!lv2_host_of(p)->save) {
    snprintf(why, why_size, "this program's %s host cannot save a plugin's state", lv2_api_of(p));
    return SP_ERR_USAGE;
  }
  lv2_state s = {.lc = lc,
                 .n_inst = 1,
                 .channels = p->n_in,
                 .out_channels = p->n_out,
                 .rate = rate,
                 .max_block = 1024};
  s.ctl = sp_xcalloc((size_t)p->n_ports + 1, sizeof *s.ctl);
  sp_err err = lv2_set_controls(lc, a, s.ctl, &s.saved, why, why_size);
  /* A moving parameter is saved at its value where the timeline starts. */
  for (size_t k = 0; err == SP_OK && a->automation && k < lc->cls.n_params; k++) {
    if (a->automation[k].n > 0)
      s.ctl[p->controls[lc->control[k]].port] =
          (float)lv2_moving_port_value(lc, k, &a->automation[k], rate, 0);
  }
  for (int k = 0; k < 2; k++) {
    s.in[0][k] = sp_xcalloc(s.max_block, sizeof(float));
    s.out[0][k] = sp_xcalloc(s.max_block, sizeof(float));
    s.sc[0][k] = sp_xcalloc(s.max_block, sizeof(float));
  }
  if (err == SP_OK && !lv2_instantiate(&s, why, why_size))
    err = SP_ERR_IO;
  sp_lv2_draws *was = sp_lv2_draws_use(err == SP_OK ? s.inst[0]->draws : NULL);
  if (err == SP_OK && !lv2_host_of(p)->save(s.inst[0], s.ctl, dir, label, why, why_size))
    err = SP_ERR_IO;
  sp_lv2_draws_use(was);
  lv2_release(&s);
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
