/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour route's LV2 and LADSPA plugins as the recipe's inserts
 * (io/session/ardour_reader.h): their port values, automation, bypass and
 * sidechain keys. */

#include "io/session/ardour_reader.h"
#include "io/session/session_build_top.h"

#include "core/base/alloc.h"
#include "core/procs/lv2.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"
#include "io/fs/fs.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

/* A port's one value as the recipe has it: a number in unit, a switch,
 * or a choice's label; snapped: the session's value is none of the
 * port's (a choice's scale point, a switch's off or on), which the recipe
 * plays as the nearest; held: a number past the port's range, which the
 * recipe plays as the nearest end of it, lo .. hi (port units). */
typedef struct port_val {
  enum { PORT_NUMBER, PORT_SWITCH, PORT_LABEL } kind;
  double x;
  sp_unit unit;
  const char *label;
  bool snapped, held;
  double lo, hi;
} port_val;

/* The value of its own that the recipe plays for the session's v on a
 * switch or a choice c (another port plays v): a switch's off or on (its
 * min or max), a choice's nearest scale point. One that is not v is none
 * of the port's values, which Ardour hands the plugin as it is: a port's
 * value (port_value) and each point of its automation (setting_automation)
 * so snapped are losses. */
static double setting_of(const sp_lv2_control *c, double v)
{
  const double x = sp_lv2_control_value(c, v);
  if (c->kind == SP_LV2_CTL_TOGGLE)
    return x != 0 ? c->max : c->min;
  if (c->kind == SP_LV2_CTL_ENUM && c->n_points)
    return c->point_values[(size_t)x];
  return v;
}

/* A port value the recipe plays as the nearest of its own (v at port,
 * key sym): a loss, as Ardour hands the plugin the value itself
 * (LV2Plugin::set_state sets a port's saved value unchecked; some plugins
 * hold one past their range themselves, others play it). */
static void snapped_loss(reader *r, sp_mix_strip *s, const xmlNode *port, const char *sym,
                         double v, const port_val *val)
{
  if (val->snapped)
    loss(r, s, port,
         "the port '%s' is %g, none of its values: the recipe plays %s, the nearest, where Ardour "
         "hands the plugin %g",
         sym, v, val->kind == PORT_LABEL ? val->label : val->x != 0 ? "on" : "off", v);
  else if (val->held)
    loss(r, s, port,
         "the port '%s' is %g, past its range %g .. %g: the recipe plays %g, the nearest end, "
         "where Ardour hands the plugin %g",
         sym, v, val->lo, val->hi, v < val->lo ? val->lo : val->hi, v);
}

/* The range Ardour holds port c's values in at rate (its
 * ParameterDescriptor's: the port's, times the rate for bounds that are
 * fractions of it), the recipe's check's too (sp_param_range), in port
 * units. */
static void port_range(const sp_lv2_control *c, double rate, double *lo, double *hi)
{
  sp_param_range_at(c->min, c->max, c->per_rate, rate, lo, hi);
}

/* v given to x as port key's value. */
static void port_give(sp_ins *x, const char *key, const port_val *v)
{
  if (v->kind == PORT_SWITCH)
    sp_ins_bool(x, key, v->x != 0);
  else if (v->kind == PORT_LABEL)
    sp_ins_string(x, key, v->label);
  else
    sp_ins_number(x, key, v->x, v->unit);
}

/* The first control of plugin pl (NULL: none) whose port's symbol is sym,
 * or, sym NULL, whose port's number is port; NULL when it has none. */
static const sp_lv2_control *control_of(const sp_lv2_plugin *pl, const char *sym, int port)
{
  for (size_t k = 0; pl && k < pl->n_controls; k++)
    if (sym ? strcmp(pl->controls[k].symbol, sym) == 0 : pl->controls[k].port == port)
      return &pl->controls[k];
  return NULL;
}

/* One port value of an LV2 plugin as the recipe has it, by the plugin's
 * description when it is installed, into *out (a number held in the
 * port's range at rate, port_range); false for a port the insert holds
 * itself (its on/off or sidechain switch). */
static bool port_value(const sp_lv2_plugin *pl, const char *sym, double v, double rate,
                       port_val *out)
{
  const sp_lv2_control *c = control_of(pl, sym, -1);
  if (!c) { /* not a control it has: the recipe says so */
    *out = (port_val){.kind = PORT_NUMBER, .x = v, .unit = SP_UNIT_NUMBER};
    return true;
  }
  if (c->held)
    return false;
  double lo, hi;
  port_range(c, rate, &lo, &hi);
  const bool held =
      c->kind != SP_LV2_CTL_TOGGLE && c->kind != SP_LV2_CTL_ENUM && (v < lo || v > hi);
  double x = sp_lv2_control_value(c, held ? (v < lo ? lo : hi) : v);
  if (c->kind == SP_LV2_CTL_TOGGLE)
    *out = (port_val){.kind = PORT_SWITCH, .x = x != 0, .snapped = setting_of(c, v) != v};
  else if (c->kind == SP_LV2_CTL_ENUM && c->n_points)
    *out = (port_val){
        .kind = PORT_LABEL, .label = c->point_labels[(size_t)x], .snapped = setting_of(c, v) != v};
  else if (c->kind == SP_LV2_CTL_GAIN)
    *out = (port_val){.kind = PORT_NUMBER, .x = isinf(x) ? -INFINITY : x, .unit = SP_UNIT_DB};
  else
    *out = (port_val){.kind = PORT_NUMBER, .x = x, .unit = SP_UNIT_NUMBER};
  out->held = held;
  out->lo = lo;
  out->hi = hi;
  return true;
}

/* A plugin port's automation list as the recipe has it, its points of
 * kind (and unit) to come: `ramp: linear` where linear, its tempo map
 * where Ardour holds the list in beats (read as Ardour reads one). */
static sp_ins_points *list_head(reader *r, sp_mix_strip *s, const xmlNode *al,
                                const sp_lv2_control *c, bool linear, sp_ins_points_kind kind,
                                sp_unit unit)
{
  sp_ins_points *p = sp_ins_points_new(kind, unit);
  p->tempo = ardour_beat_list_tempo(r, s, al, c->symbol);
  p->linear = linear;
  return p;
}

/* p into *out, false (p freed) where it has no points. */
static bool list_end(sp_ins_points *p, sp_ins_points **out)
{
  if (p->n == 0) {
    sp_ins_points_free(p);
    return false;
  }
  *out = p;
  return true;
}

/* The automation Ardour plays back (al) on a switch or a choice c, as the
 * recipe's settings ("[[0 s, false], [1.5 s, true]]") into *out, or false
 * when it has no events. A Discrete list (a toggled port's) holds each until the next
 * point, which the recipe's steps do; a Linear list (a choice's) hands the
 * plugin the values between its points, in a line, which the plugin reads
 * as it will: `{ramp: linear, points: ...}` does the same. A point between
 * two settings, whatever the list's style (setting_of), or another style
 * (Ardour's Logarithmic, Exponential) on a setting, is a loss. */
static bool setting_automation(reader *r, sp_mix_strip *s, const xmlNode *al,
                               const sp_lv2_control *c, sp_ins_points **out)
{
  double *t = NULL, *v = NULL, lo, hi;
  port_range(c, r->m->top->sample_rate, &lo, &hi);
  const size_t n = ardour_list_loaded(r, al, lo, hi, &t, &v);
  const char *style = ardour_style(r, al);
  if (!style) /* Ardour's default (ControlList::default_interpolation) */
    style = c->kind == SP_LV2_CTL_TOGGLE ? "Discrete" : c->logarithmic ? "Logarithmic" : "Linear";
  const bool discrete = strcmp(style, "Discrete") == 0, linear = strcmp(style, "Linear") == 0;
  bool between = false, off = false;
  const bool toggle = c->kind == SP_LV2_CTL_TOGGLE;
  sp_ins_points *list = list_head(r, s, al, c, !discrete,
                                  toggle ? SP_INS_PTS_SWITCHES : SP_INS_PTS_LABELS, SP_UNIT_NUMBER);
  for (size_t i = 0; i < n; i++) {
    const double x = sp_lv2_control_value(c, v[i]), at = setting_of(c, v[i]);
    sp_ins_points_add(list, t[i], x != 0, toggle ? NULL : c->point_labels[(size_t)x]);
    between |= !discrete && !linear && i > 0 && v[i] != v[i - 1];
    if (at != v[i] && !off) {
      loss(r, s, al,
           "automation of '%s' has a point at %g, between its settings (Ardour's %s list): it "
           "is taken as the nearest, %g",
           c->symbol, v[i], style, at);
      off = true;
    }
  }
  free(t);
  free(v);
  if (between)
    loss(r, s, al,
         "automation of '%s' moves %s between its points (Ardour's %s list), which a %s does "
         "not take: it moves in a line",
         c->symbol, strcmp(style, "Logarithmic") == 0 ? "geometrically" : "along a curve", style,
         c->kind == SP_LV2_CTL_TOGGLE ? "switch" : "choice");
  return list_end(list, out);
}

/* The automation Ardour plays back on port sym (index port) of plugin
 * processor p, as the recipe's breakpoints ("[[0 s, 1000], [2 s, 4000]]")
 * into *out, or false when it has none; a list it cannot carry (on a
 * switch or a choice, or on a plugin not installed here) is a loss. */
static bool port_automation(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_control *c,
                            int port, sp_ins_points **out)
{
  char id[32];
  snprintf(id, sizeof id, "parameter-%d", port);
  const xmlNode *al = ardour_automation_list(p, id);
  if (!ardour_plays_events(al))
    return false;
  if (c->kind == SP_LV2_CTL_TOGGLE || c->kind == SP_LV2_CTL_ENUM)
    return setting_automation(r, s, al, c, out);
  double *t = NULL, *v = NULL, lo, hi;
  port_range(c, r->m->top->sample_rate, &lo, &hi);
  const size_t n = ardour_list_loaded(r, al, lo, hi, &t, &v);
  const char *style = ardour_style(r, al);
  const bool discrete = style && strcmp(style, "Discrete") == 0;
  /* A Linear list where the recipe's own reading is not a line through
   * the port's values (a logarithmic port's, a whole number's, a gain's,
   * which move geometrically, rounded, in dB): `ramp: linear`. */
  const bool line = style && strcmp(style, "Linear") == 0 &&
                    (c->logarithmic || c->kind == SP_LV2_CTL_INTEGER || c->kind == SP_LV2_CTL_GAIN);
  sp_ins_points *list = list_head(r, s, al, c, line, SP_INS_PTS_NUMBERS,
                                  c->kind == SP_LV2_CTL_GAIN ? SP_UNIT_DB : SP_UNIT_NUMBER);
  for (size_t i = 0; i < n; i++) {
    double val[2]; /* this point's value, and the last one's */
    for (int b = 0; b < 2; b++) {
      const double x = sp_lv2_control_value(c, v[i >= (size_t)b ? i - (size_t)b : 0]);
      val[b] = isinf(x) ? -INFINITY : x;
    }
    if (discrete && i > 0) /* a step: the last value up to the point's time */
      sp_ins_points_add(list, t[i], val[1], NULL);
    sp_ins_points_add(list, t[i], val[0], NULL);
  }
  free(t);
  free(v);
  if (n > 0 && style && strcmp(style, c->logarithmic ? "Logarithmic" : "Linear") != 0 &&
      !discrete && !line)
    sp_mix_note(s, "the automation of '%s' moves %s between its points (Ardour's: %s)", c->symbol,
                c->logarithmic ? "geometrically" : "linearly", style);
  return list_end(list, out);
}

/* The audio channels of a processor's ConfiguredInput or ConfiguredOutput,
 * 0 when not said. */
static int configured(const xmlNode *p, const char *which)
{
  const int n = ardour_configured_of(p, which, "audio");
  return n < 0 ? 0 : n;
}

/* Where pin `pin` of the audio Channelmap list `map` (InputMap-0: the
 * buffer a plugin input reads; OutputMap-0: the one an output writes) is
 * wired, -1 when it is not. */
static int wired(const xmlNode *map, int pin)
{
  for (const xmlNode *c = sp_xml_child(map, "Channelmap"); c; c = sp_xml_next(c, "Channelmap")) {
    double from = -1, to = -1;
    const char *type = sp_xml_attr(c, "type");
    if (type && ardour_is_type(type, "audio") && sp_xml_number(c, "from", &from, NULL, NULL) &&
        sp_xml_number(c, "to", &to, NULL, NULL) && from == pin)
      return to >= 0 && to <= 64 ? (int)to : -1;
  }
  return -1;
}

/* A mono-to-stereo plugin's pin configuration as the insert's feed and
 * widen (docs/lv2.md), written after text: Ardour feeds it the left channel
 * of a stereo route (its input pin on buffer 0), and with strict I/O keeps
 * a mono route mono (its right output unwired, the processor's
 * ConfiguredOutput one channel). Any other wiring is a loss. */
static void mono_to_stereo(reader *r, sp_mix_strip *s, const xmlNode *p, sp_ins *x)
{
  const int in = configured(p, "ConfiguredInput"), out = configured(p, "ConfiguredOutput");
  const xmlNode *im = sp_xml_child(p, "InputMap-0"), *om = sp_xml_child(p, "OutputMap-0");
  const int from = wired(im, 0), l = wired(om, 0), rr = wired(om, 1);
  double count = 1;
  sp_xml_number(p, "count", &count, NULL, NULL);
  bool ok = count == 1 && l == 0 && from >= 0 && from < in;
  if (ok && in == 1 && out == 2 && rr == 1)
    return; /* the route becomes stereo: the recipe's default */
  if (ok && in == 1 && out == 1 && rr < 0)
    sp_ins_bool(x, "widen", false);
  else if (ok && in == 2 && out == 2 && rr == 1)
    sp_ins_word(x, "feed", from == 0 ? "left" : "right");
  else
    loss(r, s, p,
         "its pins are wired in a way stemprint does not play (%d in, %d out, %g instance%s); "
         "it runs as stemprint wires a mono-to-stereo plugin (docs/lv2.md)",
         in, out, count, count == 1 ? "" : "s");
}

/* A loss for each automation list of plugin p that Ardour plays and
 * that no port read (carried[port]) took: it stays at its value. Of a
 * plugin not here (here false; its insert refused where it is checked)
 * the lists of its ports are not judged: which port each moves is not
 * known. */
static void automation_left(reader *r, sp_mix_strip *s, const xmlNode *p, const bool *carried,
                            bool here)
{
  const xmlNode *au = sp_xml_child(p, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList")) {
    const char *aid = sp_xml_attr(al, "automation-id");
    int index = -1;
    char more;
    const bool port = aid && sscanf(aid, "parameter-%d%c", &index, &more) == 1;
    if (port && !here)
      sp_xml_read_all(al);
    if (!ardour_plays_events(al) ||
        (port && (!here || (index >= 0 && index < 1024 && carried[index]))))
      continue;
    loss(r, s, al, "automation of %s: it stays at its value", aid ? aid : "a control");
  }
}

/* A LADSPA plugin processor as recipe text, "ladspa: {plugin: ID, its
 * port values and the automation Ardour plays on them" (the closing brace
 * left to the caller): Ardour saves each input control as <Port number=
 * value=> in its <ladspa> node, the port's number its automation's
 * parameter-N; the recipe names a port by its folded name, which needs the
 * plugin installed here (not here: the plugin alone, which the check
 * refuses at its insert, as an LV2 one not here). NULL when it names no
 * plugin (a loss). */
/* The controls of plugin processor p whose ports its saved ports (the
 * Port list of its <lv2> or <ladspa> element, ports) do not hold:
 * PluginInsert::set_state sets every control from its Controllable
 * (PlugInsertBase::set_control_ids) before the plugin's own state sets
 * the ports it holds (LV2Plugin::set_state restores its state file
 * without port values), so such a port plays at its control's value,
 * where the recipe, which reads the ports, leaves it at the plugin's
 * default: a loss at the control, unless that is the default. An LV2
 * control is known by its port's symbol, a LADSPA one by its port's
 * number (the control's parameter). */
static void controls_without_port(reader *r, sp_mix_strip *s, const xmlNode *p,
                                  const xmlNode *ports, const sp_lv2_plugin *pl, bool lv2)
{
  for (const xmlNode *c = sp_xml_peek_child(p, "Controllable"); c;
       c = sp_xml_peek_next(c, "Controllable")) {
    const char *key = sp_xml_peek(c, lv2 ? "symbol" : "parameter");
    const char *value = sp_xml_peek(c, "value");
    if (!key || !value)
      continue;
    bool held = false;
    for (const xmlNode *port = sp_xml_peek_child(ports, "Port"); port && !held;
         port = sp_xml_peek_next(port, "Port")) {
      const char *k = sp_xml_peek(port, lv2 ? "symbol" : "number");
      held = k && strcmp(k, key) == 0;
    }
    const sp_lv2_control *ctl =
        lv2 ? control_of(pl, key, -1) : control_of(pl, NULL, (int)strtol(key, NULL, 10));
    double v; /* a value not a number (the one rule of XML's) said too: it is no default */
    if (!held && !(ctl && sp_xml_double(value, &v) &&
                   v == sp_param_default_at(ctl->def, ctl->per_rate && !ctl->def_fixed, r->rate)))
      loss(r, s, c,
           "the plugin's saved ports leave out '%s', which Ardour plays at its control's value, "
           "%s: the recipe leaves it at the plugin's default",
           key, value);
  }
}

static sp_ins *ladspa_insert(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const char *id = sp_xml_attr(p, "unique-id");
  if (!id || !*id || strspn(id, "0123456789") != strlen(id)) {
    loss(r, s, p, "a LADSPA processor without its plugin's unique ID: left out");
    return NULL;
  }
  char why[512];
  const sp_lv2_plugin *pl = sp_ladspa_find(id, why, sizeof why);
  sp_ins *x = sp_ins_new("ladspa", r->m->top->sample_rate);
  sp_ins_word(x, "plugin", id);
  bool carried[1024] = {false};
  const xmlNode *node = sp_xml_child(p, "ladspa");
  for (const xmlNode *port = sp_xml_child(node, "Port"); port; port = sp_xml_next(port, "Port")) {
    double number = -1, v = 0;
    if (!sp_xml_number(port, "number", &number, r->path, r->d) ||
        !sp_xml_number(port, "value", &v, r->path, r->d))
      continue;
    const sp_lv2_control *c = control_of(pl, NULL, (int)number);
    if (!c)
      continue;
    port_val val;
    sp_ins_points *moves = NULL;
    const bool given = port_value(pl, c->symbol, v, r->m->top->sample_rate, &val);
    const bool moving = given && port_automation(r, s, p, c, c->port, &moves);
    if (c->port >= 0 && c->port < (int)(sizeof carried / sizeof carried[0]))
      carried[c->port] = true;
    if (moving) {
      sp_ins_moving(x, c->symbol, moves);
    } else if (given) {
      snapped_loss(r, s, port, c->symbol, v, &val);
      port_give(x, c->symbol, &val);
    }
  }
  if (pl) /* not here: the check refuses it at its insert, its port values with it */
    controls_without_port(r, s, p, node, pl, false);
  if (pl && pl->n_in == 1 && pl->n_out == 2)
    mono_to_stereo(r, s, p, x);
  automation_left(r, s, p, carried, pl != NULL);
  return x;
}

/* Control sym of pl when it is the plugin's designated on switch. */
static const sp_lv2_control *enable_control(const sp_lv2_plugin *pl, const char *sym)
{
  for (size_t k = 0; pl && sym && k < pl->n_controls; k++)
    if (pl->controls[k].enable_port && strcmp(pl->controls[k].symbol, sym) == 0)
      return &pl->controls[k];
  return NULL;
}

/* The insert's `bypass` from the plugin's designated on switch c (saved
 * at v), through which Ardour 7.3 bypasses a plugin that has one
 * (PluginInsert::enable: the processor stays active, the switch off):
 * "bypass: true" when it is off, its automation as a moving bypass
 * ("bypass: [[0 s, false], [2 s, true]]", the list Discrete as a toggled
 * port's is), NULL when it is on. Ardour's plugin then bypasses itself
 * (ACE's plugins glide to their dry sound over some milliseconds);
 * stemprint crossfades the insert to its dry input through the moving
 * mute's declick. Into *out (NULL: `bypass: true`); false when it is
 * on. */
static bool enable_bypass(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_control *c,
                          double v, sp_ins_points **out)
{
  /* on above 0, as LV2's lv2:toggled says a switch is and Ardour reads it
   * (PluginInsert::enabled: its value > 0), whatever its range: 0.3 of
   * 0 .. 1 is on (before, off below the middle of its range, in silence) */
  const double on_above = 0;
  char id[32];
  snprintf(id, sizeof id, "parameter-%d", c->port);
  const xmlNode *al = ardour_automation_list(p, id);
  *out = NULL;
  if (!ardour_plays_events(al))
    return v <= on_above;
  double *t = NULL, *x = NULL;
  const size_t n = ardour_list_loaded(r, al, -INFINITY, INFINITY, &t, &x);
  /* {tempo: ..., points: [...]} in beats */
  sp_ins_points *list = list_head(r, s, al, c, false, SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER);
  for (size_t i = 0; i < n; i++)
    sp_ins_points_add(list, t[i], !(x[i] > on_above), NULL);
  free(t);
  free(x);
  const char *style = ardour_style(r, al);
  if (n > 0 && style && strcmp(style, "Discrete") != 0)
    sp_mix_note(s, "its on switch's automation ('%s', a %s list) steps at each point", c->symbol,
                style);
  if (list_end(list, out))
    return true;
  *out = NULL;
  return v <= on_above;
}

/* Whether master has output ports and none is connected. */
static bool master_unwired(const reader *r)
{
  const xmlNode *routes = sp_xml_child(r->root, "Routes");
  bool ports = false;
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route")) {
    if (!ardour_has_flag(rt, "MasterOut"))
      continue;
    for (const xmlNode *io = sp_xml_child(rt, "IO"); io; io = sp_xml_next(io, "IO")) {
      const char *dir = sp_xml_attr(io, "direction");
      for (const xmlNode *pt = sp_xml_child(io, "Port"); dir && strcmp(dir, "Output") == 0 && pt;
           pt = sp_xml_next(pt, "Port")) {
        ports = true;
        if (sp_xml_child(pt, "Connection"))
          return false;
      }
    }
  }
  return ports;
}

/* Where Ardour saved the state of processor p beside the session
 * (plugins/<its id>/<state-dir>, heap), or NULL when p names none there. */
static char *state_folder(const reader *r, const xmlNode *p)
{
  const char *sd = sp_xml_attr(sp_xml_child(p, "lv2"), "state-dir"), *id = sp_xml_attr(p, "id");
  unsigned version;
  char tail;
  bool id_ok = id && *id && strspn(id, "0123456789") == strlen(id);
  if (sd && id_ok && sscanf(sd, "state%u%c", &version, &tail) == 1)
    return sp_xasprintf("%s/plugins/%s/%s", r->dir, id, sd);
  return NULL;
}

/* The latency plugin pl reports at processor p's settings (its ports'
 * values and the state saved beside the session) at the session's rate,
 * in frames, as a render prepares it; -1 with why when it cannot be
 * prepared so. Cost: an instance of the plugin. */
static int64_t reported_latency(const reader *r, const sp_lv2_plugin *pl, const xmlNode *p,
                                char *why, size_t why_size)
{
  const sp_proc_class *cls =
      sp_proc_family_class(sp_proc_family_find("lv2"), pl->uri, why, why_size);
  if (!cls)
    return -1;
  double *values = sp_xcalloc(cls->n_params + 1, sizeof *values);
  bool *given = sp_xcalloc(cls->n_params + 1, sizeof *given);
  sp_proc_defaults(cls, r->rate, values);
  for (const xmlNode *port = sp_xml_child(sp_xml_child(p, "lv2"), "Port"); port;
       port = sp_xml_next(port, "Port")) {
    const char *sym = sp_xml_attr(port, "symbol");
    const int k = sym ? sp_proc_param_index(cls, sym) : -1;
    double v = 0;
    for (size_t c = 0; k >= 0 && c < pl->n_controls; c++)
      if (strcmp(pl->controls[c].symbol, sym) == 0 &&
          sp_xml_number(port, "value", &v, NULL, NULL)) {
        values[k] = sp_lv2_control_value(&pl->controls[c], v);
        given[k] = true;
      }
  }
  char *folder = state_folder(r, p);
  const sp_proc_args args = {.values = values, .n_sets = 1, .state_file = folder, .given = given};
  const sp_proc_env env = {
      .sample_rate = r->rate, .channels = pl->n_out, .max_block_frames = 4096, .floor_db = -146.0};
  sp_proc *in = NULL;
  const int64_t late =
      sp_proc_new(cls, &args, &env, &in, why, why_size) == SP_OK ? in->latency : -1;
  sp_proc_free(in);
  free(folder);
  free(given);
  free(values);
  return late;
}

/* Plugins whose sound moves by itself from their start, at any setting
 * (port NULL) or where a port is at a value: Ardour runs them while its
 * transport stands, so in its export they are wherever that time left
 * them, which no session holds; the render starts them at the range's
 * first frame (docs/sessions.md). Measured by bench/ardour/random: Calf
 * Organ's Global vibrato (seeds 216 and 292: Ardour's two exports of 216
 * differ by -30.5 dBFS; 292's organ, -26.8 dBFS from Ardour's, nulls to
 * -56 with the render's LFO 4,248 frames ahead), Calf Rotary Speaker
 * (alone on a track, two exports -67 and -25 dBFS apart), setBfree's
 * Leslie (nine seeds at or near Ardour's own difference; two renders of
 * stemprint's differ by -51 to -56 dBFS), x42 Whirl (seed 213: Ardour's
 * two exports -32 dBFS apart with its rotor stopped), Calf MultiChorus
 * (seed 209, at Ardour's own -19.6), Calf Ring Modulator (seed 274:
 * -58.6 with its modulation at 0, Ardour's own -61.8) and Calf Phaser
 * (seed 210: -23.9 dBFS, all of it while the kick it is on plays; seed
 * 609: -22.1 against Ardour's own -42.3). */
static const struct {
  const char *uri, *port;
  double value;
  const char *what;
} free_running[] = {
    {"http://calf.sourceforge.net/plugins/Organ", "vib_mode", 5,
     "its Vib Mode Global (the vibrato's one LFO) runs"},
    {"http://calf.sourceforge.net/plugins/RotarySpeaker", NULL, 0, "its rotors run"},
    {"http://gareus.org/oss/lv2/b_synth", NULL, 0, "its Leslie's rotors run"},
    {"http://gareus.org/oss/lv2/b_whirl#simple", NULL, 0, "its rotors run"},
    {"http://gareus.org/oss/lv2/b_whirl#extended", NULL, 0, "its rotors run"},
    {"http://calf.sourceforge.net/plugins/MultiChorus", NULL, 0, "its LFOs run"},
    {"http://calf.sourceforge.net/plugins/RingModulator", NULL, 0, "its modulator runs"},
    {"http://calf.sourceforge.net/plugins/Phaser", NULL, 0, "its LFO runs"},
};

/* A loss for plugin p (of URI uri, its ports lv2) when it runs free. */
static void runs_free(reader *r, sp_mix_strip *s, const xmlNode *p, const char *uri,
                      const xmlNode *lv2)
{
  for (size_t k = 0; k < sizeof free_running / sizeof free_running[0]; k++) {
    if (strcmp(uri, free_running[k].uri) != 0)
      continue;
    bool set = !free_running[k].port;
    for (const xmlNode *port = sp_xml_child(lv2, "Port"); port && !set;
         port = sp_xml_next(port, "Port")) {
      const char *sym = sp_xml_attr(port, "symbol");
      double v = 0;
      set = sym && strcmp(sym, free_running[k].port) == 0 &&
            sp_xml_number(port, "value", &v, NULL, NULL) && v == free_running[k].value;
    }
    if (set)
      loss(r, s, p,
           "%s free from the plugin's start: in Ardour's export it is where Ardour's time "
           "before the export left it, which the session does not hold; the recipe starts it "
           "at the range's first frame",
           free_running[k].what);
  }
}

sp_ins *ardour_plugin_insert(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const char *uri = sp_xml_attr(p, "unique-id");
  const xmlNode *lv2 = sp_xml_child(p, "lv2");
  if (sp_xml_child(p, "ladspa"))
    return ladspa_insert(r, s, p);
  if (!uri || !lv2) {
    loss(r, s, p, "an LV2 processor without its plugin URI: left out");
    return NULL;
  }
  char why[256];
  const sp_lv2_plugin *pl = sp_lv2_find(uri, why, sizeof why);
  /* measured (issue 63): with master connected to no output, Ardour 7.3's
   * export compensates no latency, each path as late as its plugins': the
   * recipe's `latency: ignore` when a plugin reports one (or cannot say) */
  if (pl && pl->latency_port >= 0 && ardour_switch(r, p, "active", true) && master_unwired(r) &&
      !r->m->top->latency_ignored) {
    char said[512];
    if (reported_latency(r, pl, p, said, sizeof said) != 0)
      sp_mix_top_latency_ignored(r->m);
  }
  runs_free(r, s, p, uri, lv2);
  sp_ins *x = sp_ins_new("lv2", r->m->top->sample_rate);
  sp_ins_string(x, "plugin", uri); /* the session's text: never raw into the recipe */
  bool carried[1024] = {false}; /* the ports whose automation was read */
  for (const xmlNode *port = sp_xml_child(lv2, "Port"); port; port = sp_xml_next(port, "Port")) {
    const char *sym = sp_xml_attr(port, "symbol");
    double v = 0;
    if (!sym || !sp_xml_number(port, "value", &v, r->path, r->d))
      continue;
    bool ok = *sym != '\0';
    for (const char *c = sym; *c; c++)
      ok &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '_';
    char *key = ok ? sp_port_key(sym) : NULL; /* port_bypass: an insert's own key */
    const sp_lv2_control *en = enable_control(pl, key);
    if (en) { /* the switch Ardour bypasses it through: the insert's bypass */
      free(key);
      sp_ins_points *b = NULL;
      const bool off = enable_bypass(r, s, p, en, v, &b);
      if (en->port >= 0 && en->port < (int)(sizeof carried / sizeof carried[0]))
        carried[en->port] = true;
      if (off && ardour_switch(r, p, "active", true) && b) /* off altogether: the caller says so */
        sp_ins_moving(x, "bypass", b);
      else if (off && ardour_switch(r, p, "active", true))
        sp_ins_bool(x, "bypass", true);
      else
        sp_ins_points_free(b);
      continue;
    }
    port_val val;
    if (!ok || !port_value(pl, key, v, r->m->top->sample_rate, &val)) {
      free(key);
      continue;
    }
    sp_ins_points *moves = NULL;
    for (size_t k = 0; pl && k < pl->n_controls; k++)
      if (strcmp(pl->controls[k].symbol, key) == 0) {
        const int index = pl->controls[k].port;
        sp_ins_points *m = NULL;
        if (port_automation(r, s, p, &pl->controls[k], index, &m)) {
          sp_ins_points_free(moves); /* the last control of its symbol's */
          moves = m;
        }
        if (index >= 0 && index < (int)(sizeof carried / sizeof carried[0]))
          carried[index] = true;
      }
    sp_ins_at(x, key, sp_xml_line(port));
    if (moves) {
      sp_ins_moving(x, key, moves);
    } else {
      snapped_loss(r, s, port, key, v, &val);
      port_give(x, key, &val);
    }
    free(key);
  }
  controls_without_port(r, s, p, lv2, pl, true);
  /* The state Ardour saved beside the session: plugins/<the processor's
   * id>/<state-dir>/state.ttl, restored as a state file (docs/lv2.md). */
  const char *sd = sp_xml_attr(lv2, "state-dir"), *id = sp_xml_attr(p, "id");
  char *folder = state_folder(r, p);
  if (folder) {
    char *ttl = sp_xasprintf("%s/state.ttl", folder);
    if (access(ttl, R_OK) == 0) {
      char *rel = sp_fs_relative_to(folder, r->recipe_dir);
      sp_ins_string(x, "state", rel);
      free(rel);
    } else {
      loss(r, s, p,
           "its saved state (plugins/%s/%s/state.ttl) is not in the session folder: "
           "the plugin starts from its port values",
           id, sd);
    }
    free(ttl);
  } else if (sd) {
    loss(r, s, p,
         "its saved state ('%s' of processor '%s') is not where Ardour keeps it: the "
         "plugin starts from its port values",
         sd, id ? id : "");
  }
  free(folder);
  if (sp_xml_attr(lv2, "template-dir"))
    loss(r, s, p, "the plugin's template state (template-dir): left out");
  if (pl && pl->n_in == 1 && pl->n_out == 2)
    mono_to_stereo(r, s, p, x);
  automation_left(r, s, p, carried, pl != NULL);
  return x;
}

/* The LV2 plugin processor p runs (an <lv2> one), as installed here, or
 * NULL. */
static const sp_lv2_plugin *lv2_of(const xmlNode *p)
{
  char why[256];
  const char *uri = sp_xml_attr(p, "unique-id");
  return uri && sp_xml_child(p, "lv2") ? sp_lv2_find(uri, why, sizeof why) : NULL;
}

/* A stereo LV2 plugin on a mono path (its ConfiguredInput one channel):
 * Ardour wires the channel to the input pins InputMap-0 says, feeds the
 * others silence, and the route is stereo from there (ConfiguredOutput
 * two), before the fader or after it (its panner then one of two inputs,
 * as the recipe's: a path widened after the fader is panned as stereo).
 * The path made stereo first by a patch: the channel, as it is, on each
 * side a pin reads it, silence on the other (before, a fold and gains of
 * +3.01 dB, which gave it the channel some rounding off: seed 711, x42's
 * EQ and a delay's feedback after it raising that to -42.6 dBFS). Wired
 * otherwise: false, a loss, the plugin left out. */
static void patch_put(reader *r, sp_mix_strip *s, int from, const sp_layout *to, const int *src);

static bool mono_into_stereo(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const sp_lv2_plugin *pl = lv2_of(p);
  if (!pl || pl->instrument || pl->n_in != 2 || configured(p, "ConfiguredInput") != 1)
    return true;
  const xmlNode *im = sp_xml_child(p, "InputMap-0");
  const int l = wired(im, 0), rr = wired(im, 1);
  double count = 1;
  sp_xml_number(p, "count", &count, NULL, NULL);
  if (count != 1 || configured(p, "ConfiguredOutput") != 2 || (l != 0 && rr != 0) ||
      (l > 0 || rr > 0)) {
    loss(r, s, p,
         "a stereo plugin on a mono path, its pins wired otherwise (Ardour feeds it the channel "
         "and makes the route stereo from there): left out");
    return false;
  }
  /* `- patch: {to: stereo, c2: 1}`: the channel on both; c2: 0, the right
   * silent; c1: 0, the left */
  patch_put(r, s, 1, sp_layout_find("stereo"), (const int[]){l, rr});
  s->widened = true;
  return true;
}

/* How many instances of plugin p Ardour runs on s's path of more than two
 * channels (a 5.1 bus): a plugin of k inputs and k outputs as many as fill
 * the path, each on its k channels in order (PluginInsert's Replicate,
 * count="3" for a stereo one on six; measured, bench/ardour/random seed
 * 261); 1 where the path is of two channels or fewer, or the plugin of one
 * input and one output (the render runs one on each channel itself); 0,
 * a loss, for another plugin there. */
static size_t wide_instances(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const int c = s->strip.layout ? s->strip.layout->n : 2;
  const sp_lv2_plugin *pl = c > 2 ? lv2_of(p) : NULL;
  if (!pl || pl->instrument || (pl->n_in == 1 && pl->n_out == 1))
    return 1;
  if (pl->n_in == pl->n_out && pl->n_in > 0 && c % pl->n_in == 0)
    return (size_t)(c / pl->n_in);
  loss(r, s, p, "a plugin of %d input%s and %d output%s on a path of %d channels (%s): left out",
       pl->n_in, pl->n_in == 1 ? "" : "s", pl->n_out, pl->n_out == 1 ? "" : "s", c,
       s->strip.layout->name);
  return 0;
}

/* Whether plugin pl, as processor p, listens to its sidechain input:
 * its external-sidechain switch set so (the value stemprint holds it at
 * when keyed), or it has none. */
static bool listens_to_sidechain(const xmlNode *p, const sp_lv2_plugin *pl)
{
  if (pl->key_switch < 0)
    return true;
  const sp_lv2_control *c = &pl->controls[pl->key_switch];
  for (const xmlNode *port = sp_xml_child(sp_xml_child(p, "lv2"), "Port"); port;
       port = sp_xml_next(port, "Port")) {
    const char *sym = sp_xml_attr(port, "symbol");
    double v = 0;
    if (sym && strcmp(sym, c->symbol) == 0 && sp_xml_number(port, "value", &v, NULL, NULL))
      return v == c->held_value;
  }
  return c->def == c->held_value;
}

/* Ardour's pin of LV2 audio input port `port` of pl: its place among the
 * plugin's audio inputs, which Ardour numbers in port order. */
static int pin_of(const sp_lv2_plugin *pl, int port)
{
  int n = 0;
  for (int i = 0; i < pl->n_in && i < 2; i++)
    n += pl->in[i] < port;
  for (int q = 0; q < pl->n_sc && q < 2; q++)
    n += pl->sc[q] < port;
  return n;
}

/* The buffer sidechain pin q of plugin pl (processor p) reads, as its
 * InputMap-0 says (PluginInsert's buffers: the route's cin channels, then
 * the sidechain's ports), or, where the map is not written, Ardour's
 * default (its sidechain pins round-robin over the sidechain's `ports`
 * ports: PluginInsert::reset_map); -1: none, the pin hears silence. */
static int sidechain_buffer(const xmlNode *p, const sp_lv2_plugin *pl, int q, int cin, size_t ports)
{
  const xmlNode *im = sp_xml_child(p, "InputMap-0");
  if (!im)
    return ports ? cin + (int)((size_t)q % ports) : -1;
  return wired(im, pin_of(pl, pl->sc[q]));
}

/* The level a key is best fed at to be what the sidechain's pins hear
 * (h: pin q from the source's channel i), stemprint feeding them the key's
 * channels placed by p (p[c][i]: key channel c from source channel i), a
 * two-pin sidechain channel for channel, a one-pin one (L + R)/2; into
 * *worst how far the pins' gains then are from h. */
static double key_level(double h[2][2], double p[2][2], int pins, size_t n_src, double *worst)
{
  double f[2][2] = {{0, 0}, {0, 0}}, level = 0;
  for (size_t i = 0; i < n_src; i++) {
    f[0][i] = pins == 2 ? p[0][i] : 0.5 * (p[0][i] + p[1][i]);
    f[1][i] = pins == 2 ? p[1][i] : 0;
  }
  for (int q = 0; q < pins; q++)
    for (size_t i = 0; i < n_src; i++)
      if (f[q][i] != 0 && fabs(h[q][i] / f[q][i]) > fabs(level))
        level = h[q][i] / f[q][i];
  *worst = level < 0 ? INFINITY : 0;
  for (int q = 0; q < pins; q++)
    for (size_t i = 0; i < n_src; i++)
      *worst = fmax(*worst, fabs(h[q][i] - level * f[q][i]));
  return fabs(level);
}

/* How far a sidechain pin's gain may be from the key's and still be it:
 * Ardour sums the send's outputs wired to one port in float, so a key
 * through an Equal Power panner (each output from both channels) comes
 * within float's rounding of its panned level, not exactly (issue 71). */
#define KEY_GAIN_EPS 1e-6

/* The insert's key from the external send feeding plugin p's sidechain:
 * where it taps its route `from` and the level (and, where the send has a
 * panner, whether placed by the route's pan as the recipe holds it,
 * `panned: true`, or else by the send's own position, `pan: P`: the
 * balance at a VBAP route's azimuth, seed 714) that feeds the plugin's
 * sidechain pins what Ardour's hear (h: each pin from each of the route's
 * channels, through the send's gain, its panner or copy, the sidechain's
 * ports it feeds and the pins those reach). */
static void key_from_send(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_plugin *pl,
                          const xmlNode *from, int tap, size_t passed, double h[2][2], size_t n_src,
                          bool send_panned, double send_pan)
{
  sp_ins *x = &s->inserts[s->n_inserts - 1];
  /* between two plugins after the fader: after those before it */
  sp_ins_key(x, sp_xml_attr(from, "id"), tap != TAP_PRE, tap == TAP_FADER,
             tap == TAP_FADER ? passed : 0, 0, false);
  const int pins = pl && pl->n_sc == 2 ? 2 : 1;
  double plain[2][2] = {{1, 0}, {n_src == 1 ? 1 : 0, 1}}, pan[2][2], worst = 0, pworst = INFINITY;
  double level = key_level(h, plain, pins, n_src, &worst), plevel = 0;
  if (send_panned) { /* its panner follows the route's: the key placed by the strip's pan */
    ardour_route_pan_gains(r, from, n_src, pan);
    plevel = key_level(h, pan, pins, n_src, &pworst);
  }
  if (pworst < worst && pworst < KEY_GAIN_EPS) {
    level = plevel;
    worst = pworst;
    x->key_panned = true;
  } else if (send_panned && !isnan(send_pan)) { /* by the send's panner where it is */
    double own[2][2], oworst = INFINITY;
    ardour_pan_gains_at(send_pan, n_src, own);
    const double olevel = key_level(h, own, pins, n_src, &oworst);
    if (oworst < worst && oworst < KEY_GAIN_EPS) {
      level = olevel;
      worst = oworst;
      x->key_has_pan = true;
      x->key_pan = send_pan;
    }
  }
  x->key_level_db = sp_lin_to_db(level);
  if (worst > KEY_GAIN_EPS)
    loss(r, s, p,
         "its sidechain hears the key's channels at levels neither its level nor its track's pan "
         "gives (the send's panner of another kind than the track's, or its wiring): the key "
         "takes one level");
}

/* Plugin p's sidechain as the key of the last `copies` inserts of s: the
 * send that feeds it, as far as the plugin's pins hear it (InputMap-0);
 * silence where its switch is set to listen to it and no pin hears a
 * channel (Ardour runs it on a silent buffer there: an expander or gate
 * keyed so closes, a compressor lets its input through; measured,
 * bench/ardour/random seed 262, and an LSP Sidechain Compressor fed by a
 * send its pins are not mapped to, issue 71), or where the send is above
 * its track's disk reader (ardour_before_reader: it hears the track's
 * input; seed r701/717); none where its switch says it listens to its own
 * input. */
static void sidechain_key(reader *r, sp_mix_strip *s, const xmlNode *routes, const xmlNode *p,
                          size_t copies)
{
  const sp_lv2_plugin *pl = lv2_of(p);
  char send[256];
  const size_t n = ardour_sidechain_sends(p, send, sizeof send);
  if (pl && (pl->n_sc == 0 || !listens_to_sidechain(p, pl)))
    return;
  if (!pl && n == 0)
    return;
  int tap = TAP_PRE;
  size_t passed = 0;
  const xmlNode *snd = NULL;
  const xmlNode *from = n > 0 ? ardour_send_route(routes, send, &tap, &passed, &snd) : NULL;
  if (n > 0 && !from)
    loss(r, s, p,
         "its sidechain is fed by '%s', no send of a route: the plugin listens to its own input",
         send);
  unsigned wire[2] = {0, 0};
  const size_t ports = ardour_sidechain_wiring(p, from ? send : "", wire);
  const size_t n_src = from && ardour_route_inputs(from) == 1 ? 1 : 2;
  double m[2][2] = {{0, 0}, {0, 0}}, h[2][2] = {{0, 0}, {0, 0}};
  bool send_panned = false;
  double send_pan = NAN;
  const size_t outs = from ? ardour_send_gains(r, from, snd, n_src, m, &send_panned, &send_pan) : 0;
  const double sg = from ? ardour_value_of(r, ardour_controllable(snd, "gaincontrol"), 1) : 0;
  if (from && ardour_value_of(r, ardour_controllable(snd, "polarity-invert"), 0) > 0)
    loss(r, s, p, "its sidechain's send '%s' has its polarity inverted: the key is not inverted",
         send);
  const int cin = configured(p, "ConfiguredInput") ? configured(p, "ConfiguredInput")
                  : pl                             ? pl->n_in
                                                   : 2;
  bool heard = false, own = false;
  for (int q = 0; q < (pl ? pl->n_sc : 1) && q < 2; q++) {
    const int b = pl ? sidechain_buffer(p, pl, q, cin, ports) : cin;
    own |= b >= 0 && b < cin;
    if (b < cin || (size_t)(b - cin) >= ports || b - cin >= 2)
      continue;
    for (size_t i = 0; i < n_src; i++) {
      float sum = 0; /* the port sums the outputs wired to it, in float */
      for (size_t j = 0; j < outs; j++)
        sum += wire[b - cin] & (1u << j) ? (float)m[j][i] : 0.0f;
      h[q][i] = sg * sum;
      heard |= sum != 0;
    }
  }
  if (own) /* a sidechain pin on the route's own channels: it listens to its input */
    return;
  /* a send above its track's disk reader hears the track's input, not its
   * regions (disk_reader_at: which nothing feeds, or a loss said there) */
  const bool above_reader = heard && from && ardour_before_reader(from, snd); /* pins hear it */
  heard &= !above_reader;
  /* a class the recipe cannot key (a LADSPA plugin: stemprint reads no
   * sidechain of one): Ardour's sidechain hears the send, the recipe's
   * plugin its own input (before, the key was set, which the builder
   * refuses as the recipe's "remove 'key'", the import failing) */
  const sp_proc_class *cls = s->inserts[s->n_inserts - 1].cls;
  if ((heard || above_reader) && cls && !(cls->flags & SP_PROC_TAKES_KEY)) {
    loss(r, s, p,
         "its sidechain hears the send '%s' of '%s'%s: the recipe cannot key '%s' (it takes no "
         "sidechain key): the plugin hears only its own input",
         send, sp_xml_attr(from, "name"),
         above_reader ? " (above that track's disk reader: its input)" : "", cls->name);
    return;
  }
  if (heard && copies > 1) {
    loss(r, s, p, "a sidechain into a plugin Ardour runs %zu times on the path: left out", copies);
  } else if (heard) {
    key_from_send(r, s, p, pl, from, tap, passed, h, n_src, send_panned, send_pan);
    if (n > 1)
      loss(r, s, p, "a sidechain fed by %zu sends: only '%s's is kept", n, send);
  } else if (pl || above_reader) { /* keyed by silence: its own strip's key at -inf dB */
    /* (a plugin not LV2 is keyed from the send where it hears it) */
    for (size_t k = s->n_inserts - copies; k < s->n_inserts; k++)
      sp_ins_key(&s->inserts[k], s->id, false, false, 0, -INFINITY, false);
    const char *name = sp_xml_attr(p, "name") ? sp_xml_attr(p, "name")
                       : pl                   ? pl->name
                                              : sp_xml_attr(p, "unique-id");
    if (above_reader)
      sp_mix_note(s,
                  "the send '%s' into the sidechain of '%s' is above the disk reader of '%s' "
                  "(its disk I/O point), where it hears that track's input, not its regions: "
                  "keyed by silence",
                  send, name, sp_xml_attr(from, "name"));
    else if (from)
      sp_mix_note(s, "the send '%s' feeds a sidechain port no pin of '%s' reads: keyed by silence",
                  send, name);
    if (above_reader && n > 1)
      loss(r, s, p, "a sidechain fed by %zu sends: only '%s's is kept", n, send);
  }
}

/* The plugin processor p runs, LV2 or LADSPA, as installed here, or NULL. */
static const sp_lv2_plugin *plugin_of(const xmlNode *p)
{
  char why[256];
  const char *type = sp_xml_attr(p, "type"), *id = sp_xml_attr(p, "unique-id");
  if (type && strcmp(type, "ladspa") == 0)
    return id ? sp_ladspa_find(id, why, sizeof why) : NULL;
  return lv2_of(p);
}

/* Whether audio pin map `map` of plugin pl's instance k is Ardour's own
 * (PluginInsert::reset_map): each main input pin on the buffer of its
 * number, and each output pin on its own, offset by the instance's place
 * on the path (k times the plugin's main inputs, or outputs); a pin
 * unwired or on another buffer is not. Sidechain pins are the key's
 * (sidechain_key). */
static bool default_map(const xmlNode *map, const sp_lv2_plugin *pl, int k, bool in)
{
  const int n = in ? pl->n_in : pl->n_out;
  for (int i = 0; i < n && i < 2; i++) {
    const int pin = in ? pin_of(pl, pl->in[i]) : i;
    if (wired(map, pin) != k * n + pin)
      return false;
  }
  return true;
}

/* A plugin's pins as Ardour plays them (PluginInsert::connect_and_run,
 * its maps as sanitize_maps leaves them): instance k's input pin i reads
 * buffer in[k][i] of the route's cin (-1: silence), its output pin o
 * writes buffer out[k][o] of the cout the plugin leaves (-1: none; two
 * instances on one buffer: the first's), and a buffer no output writes
 * is a copy of input buffer thru[b] (ThruMap, delayed by the plugin's
 * latency) or silence. */
typedef struct pin_plan {
  int k_n, n, cin, cout; /* instances, pins of each (inputs = outputs), buffers in, out */
  int in[SP_MAX_CHANNELS][2], out[SP_MAX_CHANNELS][2], thru[SP_MAX_CHANNELS];
} pin_plan;

/* The number of children of p named PREFIX-K (K of 0 to count, as
 * PluginInsert::set_state reads them). */
static int maps_saved(const xmlNode *p, const char *prefix, int count)
{
  int n = 0;
  for (int k = 0; k <= count; k++) {
    char name[32];
    snprintf(name, sizeof name, "%s-%d", prefix, k);
    n += sp_xml_peek_child(p, name) != NULL;
  }
  return n;
}

/* Every pin map of p (InputMap-K, OutputMap-K, ThruMap of its count
 * instances) marked read, where Ardour makes its own maps and these play
 * nothing (io/xml's walk of what was not read). */
static void maps_read(const xmlNode *p, int count)
{
  static const char *const prefixes[] = {"InputMap", "OutputMap"};
  for (int k = 0; k <= count; k++)
    for (size_t q = 0; q < 2; q++) {
      char name[32];
      snprintf(name, sizeof name, "%s-%d", prefixes[q], k);
      sp_xml_read_all(sp_xml_peek_child(p, name));
    }
  sp_xml_read_all(sp_xml_peek_child(p, "ThruMap"));
}

/* Every instance's pin maps of plugin processor p (InputMap-K and
 * OutputMap-K of its `count` instances) held to Ardour's own, for a plugin
 * whose maps pins_played does not play (one with a sidechain, or of
 * other inputs than outputs): a pin moved, unwired or added in Ardour's
 * pin dialog runs here as Ardour's default wires it, a loss at that map.
 * A plugin of another shape than its path (a mono-to-stereo one, a stereo
 * one on a mono path) is read by its own rules (mono_to_stereo,
 * mono_into_stereo). */
static void pin_maps(reader *r, sp_mix_strip *s, const xmlNode *p, size_t reaching)
{
  const sp_lv2_plugin *pl = plugin_of(p);
  double count = 1;
  sp_xml_number(p, "count", &count, NULL, NULL);
  if (!(count >= 1 && count <= SP_MAX_CHANNELS))
    return; /* a count not a number, or of more instances than channels: Replicate's own */
  if (!pl) { /* not here (said at its insert): what its pins would play is not known */
    sp_xml_read_all(sp_xml_peek_child(p, "ConfiguredInput"));
    sp_xml_read_all(sp_xml_peek_child(p, "ConfiguredOutput"));
    maps_read(p, (int)count);
    return;
  }
  const int k_n = (int)count, cin = configured(p, "ConfiguredInput"),
            cout = configured(p, "ConfiguredOutput");
  if ((!pl->instrument && cin && (size_t)cin != reaching) ||
      maps_saved(p, "InputMap", k_n) != k_n || maps_saved(p, "OutputMap", k_n) != k_n) {
    maps_read(p, k_n); /* not every instance's maps, or saved for other channels: Ardour
                          makes its own, and these play nothing */
    return;
  }
  /* a side of another shape than the plugin's instances: read by its own
   * rules, or a loss where it is not read (the walk of what was not read);
   * an instrument's inputs take MIDI (its maps' MIDI pins let go by the
   * table), an audio pin of it a loss there */
  const bool ins = !pl->instrument && (!cin || cin == k_n * pl->n_in),
             outs = !cout || cout == k_n * pl->n_out;
  for (int k = 0; k < k_n; k++)
    for (int in = 1; in >= 0; in--) {
      char name[32];
      snprintf(name, sizeof name, "%s-%d", in ? "InputMap" : "OutputMap", k);
      if (in && pl->instrument)
        sp_xml_child(p, name);
      if (in ? !ins : !outs)
        continue;
      const xmlNode *map = sp_xml_child(p, name);
      if (map && !default_map(map, pl, k, in))
        loss(r, s, map,
             "its %s pins of instance %d of %d are wired otherwise than Ardour wires them (an "
             "instance on another channel, two on one, a pin unwired): it runs as Ardour's "
             "default wires it",
             in ? "input" : "output", k + 1, k_n);
    }
}

void ardour_instrument_pins(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  pin_maps(r, s, p, 0); /* its inputs take MIDI */
}

/* Whether plugin processor p's saved pin maps play otherwise than the
 * recipe runs the plugin on its own (each instance on its channels in
 * order, every buffer written), read into *pp; false where Ardour makes
 * its own maps (not every instance's saved, or saved for another count of
 * channels than `reaching`: PluginInsert::reset_map), and
 * for a plugin read by other rules (a sidechain, other inputs than
 * outputs, a stereo plugin widening a mono path: mono_into_stereo). */
static bool pins_played(const xmlNode *p, size_t reaching, pin_plan *pp)
{
  const sp_lv2_plugin *pl = plugin_of(p);
  double count = 1;
  sp_xml_number(p, "count", &count, NULL, NULL);
  if (!pl || pl->instrument || pl->n_sc > 0 || pl->n_in != pl->n_out || pl->n_in < 1 ||
      pl->n_in > 2 || !(count >= 1 && count * pl->n_in <= SP_MAX_CHANNELS))
    return false;
  *pp = (pin_plan){.k_n = (int)count, .n = pl->n_in};
  pp->cin = configured(p, "ConfiguredInput");
  pp->cout = configured(p, "ConfiguredOutput");
  if (pp->cin < 1 || pp->cout < 1 || pp->cin > SP_MAX_CHANNELS || pp->cout > SP_MAX_CHANNELS ||
      (size_t)pp->cin != reaching ||
      maps_saved(p, "InputMap", pp->k_n) != pp->k_n ||
      maps_saved(p, "OutputMap", pp->k_n) != pp->k_n)
    return false;
  bool plain = pp->cin == pp->k_n * pp->n && pp->cout == pp->cin;
  bool taken[SP_MAX_CHANNELS] = {false};
  for (int k = 0; k < pp->k_n; k++) {
    char in[32], out[32];
    snprintf(in, sizeof in, "InputMap-%d", k);
    snprintf(out, sizeof out, "OutputMap-%d", k);
    for (int i = 0; i < pp->n; i++) {
      const int b = wired(sp_xml_child(p, in), pin_of(pl, pl->in[i]));
      const int o = wired(sp_xml_child(p, out), i);
      pp->in[k][i] = b < pp->cin ? b : -1;
      pp->out[k][i] = o >= 0 && o < pp->cout && !taken[o] ? o : -1; /* the first keeps it */
      if (pp->out[k][i] >= 0)
        taken[o] = true;
      plain &= pp->in[k][i] == k * pp->n + i && pp->out[k][i] == k * pp->n + i;
    }
  }
  const xmlNode *thru = sp_xml_child(p, "ThruMap");
  for (int b = 0; b < pp->cout; b++) {
    const int from = wired(thru, b);
    pp->thru[b] = from < pp->cin ? from : -1;
  }
  /* where an output writes a buffer, sanitize_maps unsets the thru of
   * the buffer its thru reads (of the same number, as a rule), in order */
  for (int b = 0; b < pp->cout; b++)
    if (taken[b] && pp->thru[b] >= 0 && pp->thru[b] < pp->cout)
      pp->thru[pp->thru[b]] = -1;
  for (int b = 0; b < pp->cout; b++)
    plain &= pp->thru[b] < 0;
  /* a stereo plugin widening a mono path, its outputs on their own
   * channels and its inputs on the channel or silent: mono_into_stereo's */
  const bool widens = pp->cin == 1 && pp->n == 2 && pp->cout == 2 && pp->k_n == 1 &&
                      pp->out[0][0] == 0 && pp->out[0][1] == 1 && pp->thru[0] < 0 &&
                      pp->thru[1] < 0 && (pp->in[0][0] == 0 || pp->in[0][1] == 0);
  return !plain && !widens;
}

/* The narrowest layout of at least n channels, one without an LFE before
 * one with. */
static const sp_layout *lanes_layout(int n)
{
  const sp_layout *best = NULL;
  for (size_t i = 0; sp_layout_at(i); i++) {
    const sp_layout *l = sp_layout_at(i);
    bool lfe = false;
    for (int c = 0; c < l->n; c++)
      lfe |= l->ch[c].lfe;
    if (l->n >= n && (!best || l->n < best->n || (l->n == best->n && !lfe)))
      best = l;
  }
  return best;
}

/* A patch insert put on s from a path of `from` channels into layout
 * `to`, output channel c from input channel src[c] (0-based; -1:
 * silence); none where it would copy each channel to itself. */
static void patch_put(reader *r, sp_mix_strip *s, int from, const sp_layout *to, const int *src)
{
  bool same = to->n == from;
  for (int c = 0; c < to->n; c++)
    same &= src[c] == c;
  if (same)
    return;
  sp_ins *x = sp_ins_new("patch", r->m->top->sample_rate);
  sp_ins_word(x, "to", to->name);
  for (int c = 0; c < to->n; c++)
    if (src[c] != c) {
      char key[16];
      snprintf(key, sizeof key, "c%d", c + 1);
      sp_ins_number(x, key, src[c] + 1, SP_UNIT_NUMBER);
    }
  sp_ins_put(s, x, false);
}

/* The lane of the instance's output pin that writes buffer b (instance
 * k's pin o: k * n + o), or -1. */
static int written(const pin_plan *pp, int b)
{
  for (int k = 0; k < pp->k_n; k++)
    for (int o = 0; o < pp->n; o++)
      if (pp->out[k][o] == b)
        return k * pp->n + o;
  return -1;
}

/* Plugin x (processor p, its pins pp) put on s as Ardour plays its pin
 * maps: a patch into lanes, one for each instance's pins (each the
 * buffer its input pin reads, or silence) and one for each buffer passed
 * through; the plugin on each instance's lanes (`channels`: the others
 * pass, delayed by its latency, as Ardour's thru); a patch from the lanes
 * into the buffers it leaves. False, a loss, where the route's path is
 * not of the buffers Ardour gives it. */
static bool pins_put(reader *r, sp_mix_strip *s, const xmlNode *p, const pin_plan *pp, sp_ins *x,
                     bool active)
{
  const sp_layout *path = pp->cout == 1   ? sp_layout_find("mono")
                          : pp->cout == 2 ? sp_layout_find("stereo")
                                          : s->strip.layout;
  int n = pp->k_n * pp->n, pre[SP_MAX_CHANNELS], post[SP_MAX_CHANNELS];
  for (int b = 0; b < pp->cout; b++)
    n += pp->thru[b] >= 0 && written(pp, b) < 0;
  /* the path's own layout where its channels hold the lanes */
  const sp_layout *lanes = path && pp->cin == pp->cout && n <= pp->cin ? path : lanes_layout(n);
  if (!path || path->n != pp->cout || !lanes || (pp->cout != pp->cin && pp->cin != 1)) {
    loss(r, s, p,
         "its pins (%d instance%s) on a path of %d channels into %d, which stemprint does not "
         "wire: left out",
         pp->k_n, pp->k_n == 1 ? "" : "s", pp->cin, pp->cout);
    return false;
  }
  for (int c = 0; c < lanes->n; c++)
    pre[c] = c < pp->k_n * pp->n ? pp->in[c / pp->n][c % pp->n] : -1;
  for (int b = 0, lane = pp->k_n * pp->n; b < pp->cout; b++) {
    post[b] = written(pp, b);
    if (post[b] < 0 && pp->thru[b] >= 0) { /* an output written over it wins */
      pre[lane] = pp->thru[b];
      post[b] = lane++;
    }
  }
  patch_put(r, s, pp->cin, lanes, pre);
  const size_t copies = pp->n == 1 ? 1 : (size_t)pp->k_n;
  const size_t w = (size_t)pp->k_n * (size_t)pp->n / copies;
  for (size_t k = 0; k < copies; k++) {
    sp_ins *one = k + 1 < copies ? sp_ins_copy(x) : x;
    const char *names[SP_MAX_CHANNELS];
    for (size_t c = 0; c < w; c++)
      names[c] = lanes->ch[k * w + c].name;
    sp_ins_names(one, "channels", names, w);
    if (!active)
      sp_ins_bool(one, "bypass", true);
    sp_ins_put(s, one, false);
  }
  patch_put(r, s, lanes->n, path, post);
  if (pp->cout > pp->cin)
    s->widened = true;
  return true;
}

void ardour_plugin(reader *r, sp_mix_strip *s, const xmlNode *routes, const xmlNode *p,
                   size_t reaching)
{
  pin_plan pp;
  const bool mapped = pins_played(p, reaching, &pp);
  const size_t copies = !mapped && !mono_into_stereo(r, s, p) ? 0
                        : mapped                              ? 1
                                                              : wide_instances(r, s, p);
  sp_ins *x = copies ? ardour_plugin_insert(r, s, p) : NULL;
  bool active = x && ardour_switch(r, p, "active", true);
  if (x && mapped && !pins_put(r, s, p, &pp, x, active))
    sp_ins_free(x), x = NULL;
  if (!x || mapped) {
    if (!x) /* left out (said): what is in it is not carried, and not said again */
      sp_xml_read_all(p);
    return;
  }
  /* on a path of a layout, each copy on its share of the channels */
  for (size_t k = 0, w = (size_t)(copies > 1 ? s->strip.layout->n : 0) / copies; k < copies; k++) {
    sp_ins *one = k + 1 < copies ? sp_ins_copy(x) : x;
    const char *names[SP_MAX_CHANNELS];
    for (size_t c = 0; c < w && c < SP_MAX_CHANNELS; c++)
      names[c] = s->strip.layout->ch[k * w + c].name;
    if (w)
      sp_ins_names(one, "channels", names, w < SP_MAX_CHANNELS ? w : SP_MAX_CHANNELS);
    if (!active)
      sp_ins_bool(one, "bypass", true);
    sp_ins_put(s, one, false);
  }
  pin_maps(r, s, p, reaching);
  sidechain_key(r, s, routes, p, copies);
}
