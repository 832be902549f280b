/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The LV2 world through lilv (see io/lv2/lv2.h), the engine's LV2 host
 * (core/procs/lv2.h): one world loaded on first use,
 * plugins read once into plain descriptions, presets read as port values,
 * and instances with the host features stemprint provides:
 *
 *   urid:map, urid:unmap     one table for the process, under its own lock
 *   options                  sample rate, nominal/minimum/maximum block length,
 *                            Ardour's thread scheduling (SCHED_OTHER)
 *   buf-size:boundedBlockLength
 *   log:log                  errors to stderr, the rest dropped
 *   worker:schedule          run at once (nothing here is real time): the
 *                            work is done inside run(), its responses are
 *                            delivered after run() returns
 *
 * lilv does not check lv2:requiredFeature; this file does, and a plugin
 * that needs one of the others is refused with its name.
 *
 * This file describes plugins; the world and the URID table are
 * lv2_world.c's, presets lv2_presets.c's, instances and saving their state
 * lv2_instance.c's (what they share: lv2_world.h). */

#include "io/lv2/lv2.h"
#include "io/lv2/lv2_world.h"

#include "io/lv2/names.h"
#include "io/plugin/plugin.h"
#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/digest.h"
#include "core/recipe/keys.h"
#include "io/fs/fs.h"

#include <lv2/units/units.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- descriptions -------------------------------------------------------- */

/* "minor.micro" from the plugin's lv2:minorVersion and lv2:microVersion
 * (0 for one not stated); "" when it states neither. */
static char *plugin_version(const LilvPlugin *p)
{
  static const char *const which[2] = {LV2_CORE_PREFIX "minorVersion",
                                       LV2_CORE_PREFIX "microVersion"};
  int v[2] = {0, 0};
  bool any = false;
  for (int k = 0; k < 2; k++) {
    LilvNode *pred = lilv_new_uri(lv2_world, which[k]);
    LilvNodes *vals = lilv_plugin_get_value(p, pred);
    if (vals && lilv_nodes_size(vals) > 0) {
      const LilvNode *n = lilv_nodes_get_first(vals);
      if (lilv_node_is_int(n)) {
        v[k] = lilv_node_as_int(n);
        any = true;
      }
    }
    lilv_nodes_free(vals);
    lilv_node_free(pred);
  }
  return any ? sp_xasprintf("%d.%d", v[0], v[1]) : sp_xstrdup("");
}

static sp_lv2_plugin **found;
static size_t n_found;

/* Classes whose plugins are linear (and time-invariant, or varying the same
 * way in every instance): one instance per lane adds up to one on the sum.
 * The probe at prepare confirms it (core/procs/lv2.c). */
static const char *const linear_classes[] = {
    "FilterPlugin",  "AllpassPlugin",  "BandpassPlugin",
    "CombPlugin",    "EQPlugin",       "MultiEQPlugin",
    "ParaEQPlugin",  "HighpassPlugin", "LowpassPlugin",
    "DelayPlugin",   "ReverbPlugin",   "ModulatorPlugin",
    "ChorusPlugin",  "FlangerPlugin",  "PhaserPlugin",
    "SpatialPlugin", "MixerPlugin",    NULL,
};

static bool is_linear_class(const char *uri)
{
  const char *hash = strrchr(uri, '#');
  if (!hash || strncmp(uri, LV2_CORE_PREFIX, strlen(LV2_CORE_PREFIX)) != 0)
    return false;
  for (size_t i = 0; linear_classes[i]; i++)
    if (strcmp(hash + 1, linear_classes[i]) == 0)
      return true;
  return false;
}

/* "…#ParaEQPlugin" → "Para EQ Plugin". */
static char *class_label(const char *uri)
{
  const char *w = strrchr(uri, '#') + 1;
  char *out = sp_xcalloc(2 * strlen(w) + 1, 1);
  size_t k = 0;
  for (size_t i = 0; w[i]; i++) {
    if (i > 0 && isupper((unsigned char)w[i]) &&
        (islower((unsigned char)w[i - 1]) || (w[i + 1] && islower((unsigned char)w[i + 1]))))
      out[k++] = ' ';
    out[k++] = w[i];
  }
  return out;
}

static char *node_str(const LilvNode *n)
{
  return sp_xstrdup(n && lilv_node_as_string(n) ? lilv_node_as_string(n) : "");
}

/* Plugins that end the process when a headless host runs them, as
 * measured here (bench/lv2instruments.py): refused with why, as a DAW's
 * plugin scan lists those that crash it, rather than taking a render down. */
static const struct {
  const char *uri, *why;
} aborts[] = {
    {"http://drumkv1.sourceforge.net/lv2",
     "it aborts the process in its own cleanup when run without a display (drumkv1 0.9.29: "
     "Qt's 'QThread: Destroyed while thread is still running')"},
    {"http://samplv1.sourceforge.net/lv2",
     "it aborts the process in its own cleanup when run without a display (samplv1 0.9.29: "
     "Qt's 'QThread: Destroyed while thread is still running')"},
};

static bool word_in(const char *s, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    if (strcmp(s, words[i]) == 0)
      return true;
  return false;
}

/* Whether an audio input is a sidechain: marked lv2:isSideChain, in a port
 * group that is pg:sideChainOf another, or (Calf, older plugins) only
 * named so. */
static bool is_sidechain(const LilvPlugin *p, const LilvPort *port, const char *symbol)
{
  if (lilv_port_has_property(p, port, lv2_N.sidechain))
    return true;
  LilvNodes *groups = lilv_port_get_value(p, port, lv2_N.group);
  bool side = false;
  LILV_FOREACH(nodes, i, groups)
  {
    LilvNodes *of =
        lilv_world_find_nodes(lv2_world, lilv_nodes_get(groups, i), lv2_N.side_chain_of, NULL);
    side |= of && lilv_nodes_size(of) > 0;
    lilv_nodes_free(of);
  }
  lilv_nodes_free(groups);
  if (side)
    return true;
  char low[64];
  size_t k = 0;
  for (; symbol[k] && k < sizeof low - 1; k++)
    low[k] = (char)tolower((unsigned char)symbol[k]);
  low[k] = '\0';
  return strstr(low, "sidechain") || strstr(low, "side_chain") || strncmp(low, "sc_", 3) == 0 ||
         strcmp(low, "sc") == 0 || strcmp(low, "scl") == 0 || strcmp(low, "scr") == 0;
}

/* The unit a recipe writes for a port's unit, and the factor from it to
 * the port's value; *gain when the port is a linear gain (a unit of its
 * own labelled "gain", as LSP's are), which a recipe writes in dB. Not
 * units:coef: a coefficient may be anything (Calf's compressor ratios are
 * units:coef), so it stays a plain number. */
static void port_unit(const LilvPlugin *p, const LilvPort *port, sp_unit *unit, double *scale,
                      bool *gain)
{
  *gain = false;
  LilvNodes *u = lilv_port_get_value(p, port, lv2_N.unit);
  const LilvNode *node = u && lilv_nodes_size(u) ? lilv_nodes_get_first(u) : NULL;
  const char *uri = node && lilv_node_is_uri(node) ? lilv_node_as_uri(node) : "";
  const size_t prefix = strlen(LV2_UNITS_PREFIX);
  /* units:db, units:hz, units:khz, units:ms, units:s */
  sp_plugin_unit(strncmp(uri, LV2_UNITS_PREFIX, prefix) == 0 ? uri + prefix : "", unit, scale);
  if (*unit == SP_UNIT_NUMBER && node && lilv_node_is_blank(node)) {
    LilvNode *label = lilv_world_get(lv2_world, node, lv2_N.label, NULL);
    LilvNode *sym = lilv_world_get(lv2_world, node, lv2_N.unit_symbol, NULL);
    *gain = (label && strcasecmp(lilv_node_as_string(label), "gain") == 0) ||
            (sym && strcmp(lilv_node_as_string(sym), "G") == 0);
    lilv_node_free(label);
    lilv_node_free(sym);
  }
  lilv_nodes_free(u);
}

static int cmp_point(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* A range's end as lilv gives it (a float or an int), else or_else. */
static double range_end(const LilvNode *n, double or_else)
{
  return n && lilv_node_is_float(n) ? lilv_node_as_float(n)
         : n && lilv_node_is_int(n) ? lilv_node_as_int(n)
                                    : or_else;
}

static void read_control(const LilvPlugin *p, const LilvPort *port, int index, sp_lv2_control *c)
{
  const char *symbol = lilv_node_as_string(lilv_port_get_symbol(p, port));
  c->symbol = sp_port_key(symbol); /* port_bypass: an insert's own key */
  LilvNode *name = lilv_port_get_name(p, port);
  c->name = node_str(name);
  lilv_node_free(name);
  c->port = index;
  LilvNode *def, *min, *max;
  lilv_port_get_range(p, port, &def, &min, &max);
  /* lv2:sampleRate: bounds that are fractions of the rate, held at
   * SP_PARAM_NOMINAL_RATE; its default too, a fraction as the bounds it
   * lies between are (LV2 says the bounds; Ardour 7.3's LV2Plugin scales
   * the lv2:default it plays, _defaults, by the rate) */
  c->per_rate = lilv_port_has_property(p, port, lv2_N.sample_rate);
  const double f = c->per_rate ? SP_PARAM_NOMINAL_RATE : 1.0;
  c->min = range_end(min, 0.0) * f;
  c->max = range_end(max, 1.0) * f;
  const double d = range_end(def, NAN); /* none given: its lower bound */
  c->def = isnan(d) ? c->min : d * f;
  sp_plugin_clamp(c);
  lilv_node_free(def);
  lilv_node_free(min);
  lilv_node_free(max);
  bool gain;
  port_unit(p, port, &c->unit, &c->scale, &gain);
  c->logarithmic = lilv_port_has_property(p, port, lv2_N.logarithmic);
  c->kind = lilv_port_has_property(p, port, lv2_N.toggled)       ? SP_LV2_CTL_TOGGLE
            : lilv_port_has_property(p, port, lv2_N.enumeration) ? SP_LV2_CTL_ENUM
            : lilv_port_has_property(p, port, lv2_N.integer)     ? SP_LV2_CTL_INTEGER
                                                                 : SP_LV2_CTL_NUMBER;
  LilvScalePoints *points = lilv_port_get_scale_points(p, port);
  if (c->kind == SP_LV2_CTL_ENUM && points && lilv_scale_points_size(points) > 0) {
    size_t n = lilv_scale_points_size(points);
    /* sorted by value, label beside it */
    struct pt {
      double v;
      const char *label;
    } *pts = sp_xcalloc(n, sizeof *pts);
    size_t k = 0;
    LILV_FOREACH(scale_points, i, points)
    {
      const LilvScalePoint *sp = lilv_scale_points_get(points, i);
      const LilvNode *v = lilv_scale_point_get_value(sp);
      pts[k].v = lilv_node_is_float(v) ? lilv_node_as_float(v) : lilv_node_as_int(v);
      pts[k++].label = lilv_node_as_string(lilv_scale_point_get_label(sp));
    }
    qsort(pts, n, sizeof *pts, cmp_point);
    c->n_points = n;
    c->point_values = sp_xcalloc(n, sizeof *c->point_values);
    c->point_labels = sp_xcalloc(n, sizeof *c->point_labels);
    for (k = 0; k < n; k++) {
      c->point_values[k] = pts[k].v;
      c->point_labels[k] = sp_xstrdup(pts[k].label ? pts[k].label : "");
    }
    free(pts);
  } else if (c->kind == SP_LV2_CTL_ENUM) {
    c->kind = SP_LV2_CTL_INTEGER;
  }
  lilv_scale_points_free(points);
  if (gain && c->kind == SP_LV2_CTL_NUMBER && c->min >= 0.0) {
    c->kind = SP_LV2_CTL_GAIN;
    c->unit = SP_UNIT_DB;
  }
  if (lilv_port_has_property(p, port, lv2_N.enabled) ||
      (c->kind == SP_LV2_CTL_TOGGLE && strcmp(symbol, "enabled") == 0)) {
    c->held = true; /* the plugin's own on switch: on (the insert has bypass:) */
    c->held_value = c->max;
  } else if (c->kind == SP_LV2_CTL_TOGGLE && strcmp(symbol, "bypass") == 0) {
    c->held = true;
    c->held_value = c->min;
  }
  LilvNodes *des = lilv_port_get_value(p, port, lv2_N.designation);
  c->enable_port = des && lilv_nodes_contains(des, lv2_N.enabled); /* held by the caller */
  lilv_nodes_free(des);
}

/* The external-sidechain switch of a keyed plugin: its known symbols
 * (LSP sct/sci/extsc, Calf sc_route, Zam sidechain, ACE sidech), else a
 * toggle named so or an enumeration with an "external" choice. */
static void find_key_switch(sp_lv2_plugin *d)
{
  static const char *const toggles[] = {"extsc",  "sc_route", "sidechain",     "sidech",
                                        "ext_sc", "scext",    "use_sidechain", NULL};
  d->key_switch = -1;
  for (size_t k = 0; k < d->n_controls && d->key_switch < 0; k++) {
    sp_lv2_control *c = &d->controls[k];
    char low[128];
    snprintf(low, sizeof low, "%s %s", c->symbol, c->name);
    for (char *s = low; *s; s++)
      *s = (char)tolower((unsigned char)*s);
    const bool about_sc = strstr(low, "side") || strncmp(low, "sc", 2) == 0;
    if (c->kind == SP_LV2_CTL_TOGGLE &&
        (word_in(c->symbol, toggles) || strstr(low, "external side"))) {
      c->held_value = c->max;
    } else if (c->kind == SP_LV2_CTL_ENUM && about_sc) {
      size_t e = 0;
      while (e < c->n_points && !sp_plugin_says(c->point_labels[e], "extern"))
        e++;
      if (e == c->n_points)
        continue;
      c->held_value = c->point_values[e];
    } else {
      continue;
    }
    c->held = true;
    d->key_switch = (int)k;
  }
}

/* An instrument of p's library that stemprint plays (a MIDI input, no
 * audio input, one or two audio outputs), as "'NAME' (URI)", the one whose
 * name is nearest p's (avldrums' Black Pearl Drumkit for its nine-output
 * Multi); heap, NULL when the library has none. */
static char *playable_sibling(const LilvPlugin *p)
{
  const LilvNode *lib = lilv_plugin_get_library_uri(p);
  LilvNode *pn = lilv_plugin_get_name(p);
  const char *pname = pn ? lilv_node_as_string(pn) : "";
  char *best = NULL;
  size_t best_common = 0;
  const LilvPlugins *all = lilv_world_get_all_plugins(lv2_world);
  LILV_FOREACH(plugins, i, all)
  {
    const LilvPlugin *q = lilv_plugins_get(all, i);
    if (q == p || !lib || !lilv_node_equals(lilv_plugin_get_library_uri(q), lib))
      continue;
    const uint32_t outs = lilv_plugin_get_num_ports_of_class(q, lv2_N.audio, lv2_N.output, NULL);
    if (outs < 1 || outs > 2 ||
        lilv_plugin_get_num_ports_of_class(q, lv2_N.audio, lv2_N.input, NULL))
      continue;
    bool midi = false;
    for (uint32_t k = 0; k < lilv_plugin_get_num_ports(q) && !midi; k++) {
      const LilvPort *port = lilv_plugin_get_port_by_index(q, k);
      midi = lilv_port_is_a(q, port, lv2_N.input) && lilv_port_is_a(q, port, lv2_N.atom) &&
             lilv_port_supports_event(q, port, lv2_N.midi_event);
    }
    LilvNode *qn = lilv_plugin_get_name(q);
    const char *qname = qn ? lilv_node_as_string(qn) : "";
    size_t common = 0; /* the names' common start: the nearest sibling */
    while (pname[common] && pname[common] == qname[common])
      common++;
    if (midi && (!best || common > best_common)) {
      free(best);
      best = sp_xasprintf("'%s' (%s)", qname, lilv_node_as_uri(lilv_plugin_get_uri(q)));
      best_common = common;
    }
    lilv_node_free(qn);
  }
  lilv_node_free(pn);
  return best;
}

static sp_lv2_plugin *describe(const LilvPlugin *p)
{
  sp_lv2_plugin *d = sp_plugin_new(NULL, (int)lilv_plugin_get_num_ports(p));
  d->uri = sp_xstrdup(lilv_node_as_uri(lilv_plugin_get_uri(p)));
  LilvNode *name = lilv_plugin_get_name(p);
  d->name = node_str(name);
  lilv_node_free(name);
  /* The class from the plugin's own rdf:type, which needs no spec bundle on
   * the search path (lilv's own class needs lv2core.lv2 loaded). */
  bool linear = false;
  bool instrument_class = false; /* lv2:InstrumentPlugin */
  LilvNode *rdf_type = lilv_new_uri(lv2_world, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  LilvNodes *types = lilv_plugin_get_value(p, rdf_type);
  LILV_FOREACH(nodes, i, types)
  {
    const char *t = lilv_node_as_uri(lilv_nodes_get(types, i));
    if (!t || strncmp(t, LV2_CORE_PREFIX, strlen(LV2_CORE_PREFIX)) != 0 ||
        strcmp(t, LV2_CORE__Plugin) == 0)
      continue;
    linear |= is_linear_class(t);
    instrument_class |= strcmp(t, LV2_CORE__InstrumentPlugin) == 0;
    if (!d->class_label)
      d->class_label = class_label(t);
  }
  lilv_nodes_free(types);
  lilv_node_free(rdf_type);
  if (!d->class_label)
    d->class_label = sp_xstrdup("Plugin");
  char *lib = lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_library_uri(p)), NULL);
  d->binary = sp_xstrdup(lib ? lib : "?");
  lilv_free(lib);
  char *bundle = lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_bundle_uri(p)), NULL);
  const size_t bundle_len = bundle ? strlen(bundle) : 0;
  if (bundle_len > 1 && bundle[bundle_len - 1] == '/') /* lilv's URI ends in one */
    bundle[bundle_len - 1] = '\0';
  d->bundle = bundle ? sp_xstrdup(bundle) : NULL;
  lilv_free(bundle);
  d->version = plugin_version(p);
  for (size_t k = 0; k < sizeof aborts / sizeof aborts[0]; k++)
    if (strcmp(d->uri, aborts[k].uri) == 0)
      sp_plugin_refuse(d, "%s", aborts[k].why);

  LilvNodes *req = lilv_plugin_get_required_features(p);
  LILV_FOREACH(nodes, i, req)
  {
    const char *f = lilv_node_as_uri(lilv_nodes_get(req, i));
    if (!word_in(f, lv2_provided))
      sp_plugin_refuse(d, "it requires the LV2 feature <%s>, which stemprint does not provide", f);
  }
  lilv_nodes_free(req);
  LilvNode *broken = lilv_new_uri(lv2_world, LV2_CORE__inPlaceBroken);
  d->in_place_broken = lilv_plugin_has_feature(p, broken);
  lilv_node_free(broken);

  if (lilv_plugin_has_latency(p))
    d->latency_port = (int)lilv_plugin_get_latency_port_index(p);
  for (int i = 0; i < d->n_ports; i++) {
    const LilvPort *port = lilv_plugin_get_port_by_index(p, (uint32_t)i);
    const char *symbol = lilv_node_as_string(lilv_port_get_symbol(p, port));
    const bool in = lilv_port_is_a(p, port, lv2_N.input),
               out = lilv_port_is_a(p, port, lv2_N.output);
    if (lilv_port_is_a(p, port, lv2_N.audio)) {
      if (in || out)
        sp_plugin_add_audio(d,
                            !in                             ? SP_PLUGIN_OUT
                            : is_sidechain(p, port, symbol) ? SP_PLUGIN_SIDECHAIN
                                                            : SP_PLUGIN_IN,
                            i);
    } else if (lilv_port_is_a(p, port, lv2_N.control)) {
      if (in) {
        sp_lv2_control *c = &d->controls[d->n_controls++];
        read_control(p, port, i, c);
        /* The designated on switch is the first port designated so, as
         * lilv_plugin_get_port_by_designation, and Ardour with it, take it;
         * another (x42 darc's `hold`, a setting of its own) is a port like
         * any other (issue 63) */
        if (c->enable_port && d->enable_switch < 0) {
          d->enable_switch = (int)d->n_controls - 1;
          c->held = true;
          c->held_value = c->max;
        }
        c->enable_port = (int)d->n_controls - 1 == d->enable_switch;
      } else {
        d->out_controls[d->n_out_controls++] = i;
      }
    } else if (lilv_port_is_a(p, port, lv2_N.cv)) {
      d->cv_ports[d->n_cv_ports++] = i;
    } else if (lilv_port_is_a(p, port, lv2_N.atom)) {
      if (in) {
        if (d->midi_in < 0 && lilv_port_supports_event(p, port, lv2_N.midi_event))
          d->midi_in = (int)d->n_atom_in;
        d->atom_in[d->n_atom_in++] = i;
      } else {
        LilvNodes *sz = lilv_port_get_value(p, port, lv2_N.minimum_size);
        int bytes = sz && lilv_nodes_size(sz) ? lilv_node_as_int(lilv_nodes_get_first(sz)) : 0;
        d->atom_out_bytes[d->n_atom_out] = bytes > 8192 ? (size_t)bytes : 8192;
        d->atom_out[d->n_atom_out++] = i;
        lilv_nodes_free(sz);
      }
    } else if (!lilv_port_has_property(p, port, lv2_N.optional)) {
      sp_plugin_refuse(d, "its port '%s' is of a kind stemprint cannot connect", symbol);
    }
  }
  const int n_in = d->n_in, n_out = d->n_out, n_sc = d->n_sc;
  /* An instrument: MIDI in, one or two audio outputs, and no audio input,
   * or inputs of an instrument class (synthv1's, samplv1's: they hear
   * silence here, as in a DAW's instrument track) */
  if (d->midi_in >= 0 && n_out >= 1 && n_out <= 2 && n_sc == 0 &&
      (n_in == 0 || (instrument_class && n_in <= 2))) {
    d->instrument = true; /* played from a track's MIDI, on the track's one lane */
    if (d->link != SP_LV2_REFUSED)
      d->link = SP_LV2_TRACK_ONLY;
    return d;
  }
  if (n_in == 0 && d->midi_in >= 0) {
    char *sibling = playable_sibling(p);
    sp_plugin_refuse(
        d,
        "it is an instrument with %d audio output%s%s; stemprint plays instruments of one or "
        "two outputs%s%s%s",
        n_out, n_out == 1 ? "" : "s", n_sc ? " and a sidechain input" : "",
        sibling ? ", like " : "", sibling ? sibling : "",
        sibling ? ", of the same plugin library" : "");
    free(sibling);
  }
  sp_plugin_link(d, linear,
                 "it has no audio input and no MIDI input (a generator, not an effect or an "
                 "instrument)");
  if (d->link == SP_LV2_KEYED)
    find_key_switch(d);
  return d;
}

const LilvPlugin *lv2_by_uri(const char *uri)
{
  LilvNode *u = lilv_new_uri(lv2_world, uri);
  const LilvPlugin *p = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(lv2_world), u);
  lilv_node_free(u);
  return p;
}

static const sp_lv2_plugin *remember(const LilvPlugin *p)
{
  const char *uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
  for (size_t i = 0; i < n_found; i++)
    if (strcmp(found[i]->uri, uri) == 0)
      return found[i];
  found = sp_xreallocarray(found, n_found + 1, sizeof *found);
  return found[n_found++] = describe(p);
}

/* The index of names of the plugins on the search path: one a search path
 * (lv2-names-<its digest's first 16 hex digits>), so that renders and
 * commands with other LV2_PATHs (a project's own folder, the tests') do not
 * write each other's index anew each time they alternate. */
static char *names_index_path(void)
{
  const char *path = lv2_search_path();
  sp_digest d;
  sp_digest_bytes(path, strlen(path), &d);
  char hex[SP_DIGEST_HEX], name[32];
  sp_digest_hex(&d, hex);
  snprintf(name, sizeof name, "lv2-names-%.16s", hex);
  return sp_fs_user_cache(name);
}

const sp_lv2_plugin *lv2_find(const char *what, char *why, size_t why_size)
{
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  const sp_lv2_plugin *d = NULL;
  const LilvPlugins *all = lilv_world_get_all_plugins(lv2_world);
  const LilvPlugin *p = strchr(what, ':') ? lv2_by_uri(what) : NULL;
  if (p) {
    d = remember(p);
    goto out;
  }
  /* by name: exactly one plugin called so (case aside), from the index of
   * names when the bundles are as it knows them (io/lv2/names.h), else
   * from every plugin's description, and the index written anew */
  char *digest = sp_lv2_bundles_digest(lv2_search_path());
  char *index = names_index_path();
  sp_lv2_names all_names;
  if (!sp_lv2_names_load(index, digest, &all_names)) {
    LILV_FOREACH(plugins, i, all)
    {
      const LilvPlugin *q = lilv_plugins_get(all, i);
      LilvNode *nm = lilv_plugin_get_name(q);
      char *name = node_str(nm);
      lilv_node_free(nm);
      sp_lv2_names_add(&all_names, lilv_node_as_uri(lilv_plugin_get_uri(q)), name);
      free(name);
    }
    sp_lv2_names_save(index, digest, &all_names);
    /* the one index of earlier versions, for every search path: not read
     * any more, so not left behind */
    char *old = sp_fs_user_cache("lv2-names");
    if (old)
      unlink(old);
    free(old);
  }
  free(index);
  free(digest);
  const size_t n = all_names.n;
  const char *match = NULL;
  size_t n_match = 0;
  const char **names = sp_xcalloc(2 * n + 1, sizeof *names);
  char listed[512] = "";
  for (size_t k = 0; k < n; k++) {
    names[2 * k] = all_names.uri[k];
    names[2 * k + 1] = all_names.name[k];
    if (strcasecmp(all_names.name[k], what) == 0) {
      match = all_names.uri[k];
      size_t used = strlen(listed);
      snprintf(listed + used, sizeof listed - used, "%s%s", n_match ? ", " : "", match);
      n_match++;
    }
  }
  if (n_match == 1 && (p = lv2_by_uri(match)) != NULL) {
    d = remember(p);
  } else if (n_match > 1) {
    snprintf(why, why_size, "%zu installed LV2 plugins are named '%s' (%s); give the URI", n_match,
             what, listed);
  } else {
    sp_plugin_not_found("LV2", what, names, 2 * n, lv2_said_path(), why, why_size);
    const size_t used = strlen(why);
    snprintf(why + used, why_size - used, "%s", lv2_left_out());
  }
  free(names);
  sp_lv2_names_fini(&all_names);
out:
  pthread_mutex_unlock(&lv2_world_lock);
  return d;
}

const char **lv2_installed(size_t *n)
{
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  const LilvPlugins *all = lilv_world_get_all_plugins(lv2_world);
  const char **v = sp_xcalloc(lilv_plugins_size(all) + 1, sizeof *v);
  size_t k = 0;
  LILV_FOREACH(plugins, i, all)
  v[k++] = lilv_node_as_uri(lilv_plugin_get_uri(lilv_plugins_get(all, i)));
  pthread_mutex_unlock(&lv2_world_lock);
  qsort(v, k, sizeof *v, sp_cmp_str);
  *n = k;
  return v;
}
