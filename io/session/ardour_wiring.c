/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How an Ardour session's routes are wired (io/session/ardour_reader.h):
 * a route's flags, ports and the routes its outputs feed, where a send
 * taps its route, which sends feed a plugin's sidechain, and what a
 * route's panner or a send makes of its channels. Read from the XML
 * only; nothing here writes the mix. */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"

#include <math.h>
#include <string.h>

/* ---- routes ---------------------------------------------------------------------- */

/* PresentationInfo::Flag (Ardour 7 and 8, not Mixbus's) */
const ardour_name ardour_route_flags[] = {{"AudioTrack", 0x1},
                                          {"MidiTrack", 0x2},
                                          {"AudioBus", 0x4},
                                          {"MidiBus", 0x8},
                                          {"VCA", 0x10},
                                          {"MasterOut", 0x20},
                                          {"MonitorOut", 0x40},
                                          {"Auditioner", 0x80},
                                          {"Hidden", 0x100},
                                          {"OrderSet", 0x400},
                                          {"FoldbackBus", 0x2000},
                                          {"TriggerTrack", 0x4000},
                                          {"SurroundMaster", 0x8000},
                                          {NULL, 0}};

bool ardour_has_flag(const xmlNode *route, const char *flag)
{
  const char *f = sp_xml_attr(sp_xml_child(route, "PresentationInfo"), "flags");
  unsigned v;
  if (!f || !ardour_enum_parse(ardour_route_flags, true, f, &v))
    return false;
  for (const ardour_name *k = ardour_route_flags; k->name; k++)
    if (strcmp(k->name, flag) == 0)
      return v & k->value;
  return false;
}

/* An audio port of an IO (a MIDI track's output has a MIDI one too). */
static bool audio_port(const xmlNode *port)
{
  const char *type = sp_xml_attr(port, "type");
  return !type || ardour_is_type(type, "audio");
}

/* One connection of a route's audio output port k (0-based) to route
 * `to`'s input port `port` (1-based; 0: a port of to's not an audio
 * input), whichever side saved it. */
typedef struct port_wire {
  size_t k;
  char *to;
  int port;
} port_wire;

/* w, with (k, to, port) added unless it holds it: a connection saved on
 * both ports (as Ardour saves one) or twice is one (Port's connections are
 * a set). to is taken (freed when held). */
static void wire_add(port_wire **w, size_t *n, size_t k, char *to, int port)
{
  for (size_t i = 0; i < *n; i++)
    if ((*w)[i].k == k && (*w)[i].port == port && strcmp((*w)[i].to, to) == 0) {
      free(to);
      return;
    }
  *w = sp_xreallocarray(*w, *n + 1, sizeof **w);
  (*w)[(*n)++] = (port_wire){k, to, port};
}

size_t ardour_output_port(const xmlNode *rt, const char *other)
{
  const char *name = sp_xml_peek(rt, "name");
  const size_t len = name ? strlen(name) : 0;
  if (!name || !other || strncmp(other, name, len) != 0 ||
      strncmp(other + len, "/audio_out ", 11) != 0)
    return 0;
  const xmlNode *io = sp_xml_peek_child(rt, "IO");
  while (io && (!sp_xml_peek(io, "direction") || strcmp(sp_xml_peek(io, "direction"), "Output")))
    io = sp_xml_peek_next(io, "IO");
  size_t ports = 0;
  for (const xmlNode *p = sp_xml_peek_child(io, "Port"); p; p = sp_xml_peek_next(p, "Port"))
    ports += !sp_xml_peek(p, "type") || ardour_is_type(sp_xml_peek(p, "type"), "audio");
  char *end = NULL;
  const long k = strtol(other + len + 11, &end, 10);
  return *end == '\0' && k >= 1 && (size_t)k <= ports ? (size_t)k : 0;
}

/* The connections of route rt's audio outputs to other routes' inputs,
 * as Ardour makes them (IO::set_state connects every port's Connection
 * entries, an input's as an output's): each saved on its output port
 * ("drums/audio_in 1"), and each saved on an input port of a route of the
 * session that names one of rt's ("verb/audio_out 1": rt's output 1, as
 * Ardour names its ports, the route's name and the port's number), the
 * same connection once. Read from the output side (marked read there);
 * the input side is looked at only (ardour_unread reads each input's
 * connections). *n of them (heap, each to). */
static port_wire *wires_of(const xmlNode *rt, size_t *n)
{
  port_wire *w = NULL;
  *n = 0;
  size_t k = 0;
  const xmlNode *io = sp_xml_child_with(rt, "IO", "direction", "Output");
  for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port")) {
    /* a sound card's port, as Ardour 8 saves one (Port::get_state): no
     * route's, as system:... is none in Ardour 7 */
    for (const xmlNode *c = sp_xml_child(p, "ExtConnection"); c;
         c = sp_xml_next(c, "ExtConnection"))
      sp_xml_read_all(c);
    if (!audio_port(p))
      continue;
    for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
      const char *o = sp_xml_attr(c, "other");
      const char *slash = o ? strrchr(o, '/') : NULL;
      if (!slash || strncmp(o, "system:", 7) == 0)
        continue;
      const int port = strncmp(slash + 1, "audio_in ", 9) == 0 ? atoi(slash + 10) : 0;
      wire_add(&w, n, k, sp_xasprintf("%.*s", (int)(slash - o), o), port);
    }
    k++;
  }
  for (const xmlNode *to = sp_xml_peek_child(rt->parent, "Route"); to;
       to = sp_xml_peek_next(to, "Route")) {
    const char *to_name = sp_xml_peek(to, "name");
    const xmlNode *in = sp_xml_peek_child(to, "IO");
    while (in && (!sp_xml_peek(in, "direction") || strcmp(sp_xml_peek(in, "direction"), "Input")))
      in = sp_xml_peek_next(in, "IO");
    int port = 0;
    for (const xmlNode *p = sp_xml_peek_child(in, "Port"); to_name && p;
         p = sp_xml_peek_next(p, "Port")) {
      const char *type = sp_xml_peek(p, "type");
      if (type && !ardour_is_type(type, "audio"))
        continue;
      port++;
      for (const xmlNode *c = sp_xml_peek_child(p, "Connection"); c;
           c = sp_xml_peek_next(c, "Connection")) {
        const size_t out = ardour_output_port(rt, sp_xml_peek(c, "other"));
        if (out)
          wire_add(&w, n, out - 1, sp_xstrdup(to_name), port);
      }
    }
  }
  return w;
}

static void wires_free(port_wire *w, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(w[i].to);
  free(w);
}

char **ardour_outputs(const xmlNode *route, size_t *n_out)
{
  size_t n = 0, count = 0;
  port_wire *w = wires_of(route, &n);
  char **seen = NULL;
  for (size_t i = 0; i < n; i++) {
    bool dup = false;
    for (size_t j = 0; j < count; j++)
      dup |= strcmp(seen[j], w[i].to) == 0;
    if (dup)
      continue;
    seen = sp_xreallocarray(seen, count + 1, sizeof *seen);
    seen[count++] = sp_xstrdup(w[i].to);
  }
  wires_free(w, n);
  *n_out = count;
  return seen;
}

size_t ardour_io_ports(const xmlNode *route, const char *direction)
{
  const xmlNode *io = sp_xml_child_with(route, "IO", "direction", direction);
  size_t n = 0;
  for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"))
    n += audio_port(p);
  return io ? n : 2;
}

int ardour_configured_of(const xmlNode *p, const char *which, const char *type)
{
  for (const xmlNode *c = sp_xml_child(sp_xml_child(p, which), "Channels"); c;
       c = sp_xml_next(c, "Channels")) {
    double n = 0;
    const char *t = sp_xml_attr(c, "type");
    if (t && ardour_is_type(t, type) && sp_xml_number(c, "count", &n, NULL, NULL))
      return n >= 0 && n <= 64 ? (int)n : -1;
  }
  return -1;
}

size_t ardour_route_inputs(const xmlNode *route)
{
  if (!ardour_has_flag(route, "MidiTrack"))
    return ardour_io_ports(route, "Input");
  int n = -1;
  for (const xmlNode *p = sp_xml_child(route, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    const int k = type && strcmp(type, "lv2") == 0
                      ? ardour_configured_of(p, "ConfiguredOutput", "audio")
                      : -1;
    n = k > 0 ? k : n;
  }
  return n > 0 ? (size_t)n : 2;
}

size_t ardour_wired_ports(const xmlNode *rt, size_t k, const char *to, int *ports, size_t max)
{
  size_t n = 0, n_ports = 0;
  port_wire *w = wires_of(rt, &n);
  for (size_t i = 0; i < n; i++)
    if (w[i].k == k && w[i].port != 0 && strcmp(w[i].to, to) == 0 && n_ports < max)
      ports[n_ports++] = w[i].port;
  wires_free(w, n);
  return n_ports;
}

const xmlNode *ardour_main_shell(const xmlNode *rt)
{
  return sp_xml_child(sp_xml_child_with(rt, "Processor", "type", "main-outs"), "PannerShell");
}

const xmlNode *ardour_route_by_name(const reader *r, const char *name)
{
  return sp_xml_index_find(&r->route_names, name);
}

bool ardour_is_plugin(const char *type)
{
  return type && (strcmp(type, "lv2") == 0 || strcmp(type, "ladspa") == 0);
}

const ardour_name ardour_disk_points[] = {{"DiskIOPreFader", ARDOUR_IO_PRE},
                                          {"DiskIOPostFader", ARDOUR_IO_POST},
                                          {"DiskIOCustom", ARDOUR_IO_CUSTOM},
                                          {NULL, 0}};

/* Where at point io (ardour_reader_of). */
static const xmlNode *reader_place(const xmlNode *rt, unsigned io)
{
  for (const xmlNode *p = sp_xml_peek_child(rt, "Processor"); p && io != ARDOUR_IO_PRE;
       p = sp_xml_peek_next(p, "Processor")) {
    const char *type = sp_xml_peek(p, "type");
    if (type && strcmp(type, io == ARDOUR_IO_POST ? "main-outs" : "diskreader") == 0)
      return p;
  }
  return NULL;
}

const xmlNode *ardour_reader_of(const xmlNode *rt)
{
  const char *s = sp_xml_peek(rt, "audio-playlist") && !ardour_has_flag(rt, "MidiTrack")
                      ? sp_xml_peek(rt, "disk-io-point")
                      : NULL;
  unsigned io = ARDOUR_IO_PRE;
  return s && ardour_enum_parse(ardour_disk_points, false, s, &io) ? reader_place(rt, io) : NULL;
}

bool ardour_before_reader(const xmlNode *rt, const xmlNode *p)
{
  const xmlNode *at = ardour_reader_of(rt);
  for (const xmlNode *q = sp_xml_peek_child(rt, "Processor"); at && q && q != at;
       q = sp_xml_peek_next(q, "Processor"))
    if (q == p)
      return true;
  return false;
}

/* Where send processor sp of route rt taps it, as the recipe's `tap:`
 * says it: before the fader (TAP_PRE); after it with plugins after the
 * send (TAP_FADER: before the post_inserts, or between two of them, after
 * the *passed plugins after the fader before it: `tap: {after: N}`); after
 * the fader and every plugin after it (TAP_POST). passed may be NULL. */
int ardour_tap_point(const xmlNode *rt, const xmlNode *sp, size_t *passed)
{
  bool amp = false, after = false, seen = false;
  size_t before = 0;
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (p == sp) {
      if (!amp)
        return TAP_PRE;
      seen = true;
    } else if (type && strcmp(type, "amp") == 0) {
      amp = true;
    } else if (amp && ardour_is_plugin(type)) {
      if (seen)
        after = true;
      else
        before++;
    }
  }
  if (passed)
    *passed = before;
  return after ? TAP_FADER : TAP_POST;
}

const xmlNode *ardour_send_route(const xmlNode *routes, const char *name, int *tap, size_t *passed,
                                 const xmlNode **send)
{
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route")) {
    for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
      const char *type = sp_xml_attr(p, "type");
      if (type && strcmp(type, "send") == 0 && sp_xml_attr(p, "name") &&
          strcmp(sp_xml_attr(p, "name"), name) == 0) {
        *tap = ardour_tap_point(rt, p, passed);
        *send = p;
        return rt;
      }
    }
  }
  return NULL;
}

size_t ardour_sidechain_wiring(const xmlNode *plugin, const char *send, unsigned wire[2])
{
  size_t ports = 0;
  wire[0] = wire[1] = 0;
  for (const xmlNode *sc = sp_xml_child(plugin, "Processor"); sc;
       sc = sp_xml_next(sc, "Processor")) {
    const char *type = sp_xml_attr(sc, "type");
    if (!type || strcmp(type, "sidechain") != 0)
      continue;
    const xmlNode *io = sp_xml_child(sc, "IO");
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"), ports++)
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        size_t n = strlen(send);
        if (ports < 2 && o && strncmp(o, send, n) == 0 && o[n] == '/') {
          const char *digit = o + strlen(o) - 1;
          if (*digit == '1' || *digit == '2')
            wire[ports] |= 1u << (*digit - '1');
        }
      }
  }
  return ports;
}

/* The sends feeding plugin's sidechain input, each once (each port's
 * connection names its send: "send 1/audio_send 2" is send 1's): how
 * many, the first in *first; *has (may be NULL) whether want is one. */
static size_t sidechain_senders(const xmlNode *plugin, char *first, size_t n, const char *want,
                                bool *has)
{
  size_t count = 0;
  sp_strmap seen = {0}; /* the sends named so far */
  first[0] = '\0';
  if (has)
    *has = false;
  for (const xmlNode *sc = sp_xml_child(plugin, "Processor"); sc;
       sc = sp_xml_next(sc, "Processor")) {
    const char *type = sp_xml_attr(sc, "type");
    if (!type || strcmp(type, "sidechain") != 0)
      continue;
    const xmlNode *io = sp_xml_child(sc, "IO");
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"))
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        const char *slash = o ? strrchr(o, '/') : NULL;
        if (!slash)
          continue;
        char nm[256];
        snprintf(nm, sizeof nm, "%.*s", (int)(slash - o), o);
        if (has && want && strcmp(nm, want) == 0)
          *has = true;
        if (sp_strmap_put(&seen, nm, count) == count) { /* a send not seen before */
          if (count == 0)
            snprintf(first, n, "%s", nm);
          count++;
        }
      }
  }
  sp_strmap_fini(&seen);
  return count;
}

size_t ardour_sidechain_sends(const xmlNode *plugin, char *first, size_t n)
{
  return sidechain_senders(plugin, first, n, NULL, NULL);
}

bool ardour_feeds_sidechain(const xmlNode *routes, const char *name, bool *kept)
{
  bool feeds = false;
  *kept = false;
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
      char first[256];
      bool has = false;
      if (!ardour_is_plugin(sp_xml_attr(p, "type")) ||
          sidechain_senders(p, first, sizeof first, name, &has) == 0 || !has)
        continue;
      feeds = true; /* the first send of one: the one its key keeps */
      *kept |= strcmp(first, name) == 0;
    }
  return feeds;
}

/* ---- panners ------------------------------------------------------------------- */

/* The panner of shell over pannable; a linked send's pannable is its
 * route's, whose values route (its panner) has read already. Its position
 * and width each held in its range as Ardour sets them
 * (PanControllable::actually_set_value): full left .. full right, -1 .. 1. */
ardour_panner ardour_panner_of(reader *r, const xmlNode *shell, const xmlNode *pannable,
                               size_t inputs, const ardour_panner *route)
{
  double az =
      route ? route->az : ardour_value_of(r, ardour_controllable(pannable, "pan-azimuth"), 0.5);
  az = fmin(1.0, fmax(0.0, az));
  ardour_panner p = {az, 2 * az - 1, false, 0, NULL};
  if (shell && ardour_switch(r, shell, "bypassed", false)) {
    p.pan = inputs == 1 ? -1 : 0;
    sp_xml_read_all(shell); /* its panner plays nothing */
    return p;
  }
  const char *uri = shell ? sp_xml_attr(shell, "user-panner") : NULL;
  if (inputs == 1) { /* the mono panner; VBAP where the user chose it, which takes any
                      * count (PannerManager::select_panner): not carried, said */
    p.other = uri && strcmp(uri, PANNER_VBAP) == 0 ? uri : NULL;
    return p;
  }
  if (!uri || !*uri || strcmp(uri, PANNER_BALANCE) == 0)
    return p;
  if (strcmp(uri, PANNER_2IN2OUT) == 0) {
    p.has_width = true;
    p.width =
        route && route->has_width
            ? route->width
            : fmin(1.0,
                   fmax(-1.0, ardour_value_of(r, ardour_controllable(pannable, "pan-width"), 1)));
  } else {
    p.other = uri;
  }
  return p;
}

/* The gains of panner pn over `ins` channels into two outputs: m[j][i],
 * output j from channel i, in float as Ardour's. */
static void pan_matrix(const ardour_panner *pn, size_t ins, double m[2][2])
{
  m[0][0] = m[0][1] = m[1][0] = m[1][1] = 0;
  if (ins == 1) {
    sp_pan_quadratic(pn->pan, &m[0][0], &m[1][0]);
  } else if (pn->has_width) {
    double g[4];
    sp_pan_quadratic_stereo(pn->pan, pn->width, g);
    m[0][0] = g[0];
    m[1][1] = g[1];
    m[0][1] = g[2];
    m[1][0] = g[3];
  } else {
    sp_pan_balance_linear(pn->pan, &m[0][0], &m[1][1]);
  }
  for (size_t j = 0; j < 4; j++) /* Ardour's gains are floats */
    m[j / 2][j % 2] = (float)m[j / 2][j % 2];
}

size_t ardour_send_gains(reader *r, const xmlNode *from, const xmlNode *send, size_t n_src,
                         double m[2][2], bool *panned, double *pan)
{
  m[0][0] = m[0][1] = m[1][0] = m[1][1] = 0;
  *panned = false;
  *pan = NAN;
  const size_t n_out = ardour_io_ports(send, "Output");
  const size_t outs = n_out < 2 ? n_out : 2, ins = n_src < 2 ? n_src : 2;
  const xmlNode *shell = sp_xml_child(send, "PannerShell");
  if (ins == 0 || outs == 0)
    return outs;
  if (outs < 2 || ardour_switch(r, shell, "bypassed", false)) {
    /* no panner: each channel into its output, the last into the
     * outputs after it (IO::copy_to_outputs) */
    for (size_t j = 0; j < outs; j++)
      m[j][j < ins ? j : ins - 1] = 1;
    return outs;
  }
  /* the send's own kind of panner (its shell's user-panner, else Ardour's
   * default: Stereo Balance for two inputs) over the route's pannable
   * when linked, else its own */
  const bool linked = !shell || ardour_switch(r, shell, "linked-to-route", true);
  const xmlNode *pannable = sp_xml_child(linked ? from : send, "Pannable");
  const ardour_panner pn = ardour_panner_of(r, shell, pannable, ins, NULL);
  pan_matrix(&pn, ins, m);
  *panned = true;
  if (!pn.has_width && !pn.other) /* a plain pan: a key's own `pan` plays it */
    *pan = pn.pan;
  return outs;
}

void ardour_route_pan_gains(reader *r, const xmlNode *rt, size_t n_src, double m[2][2])
{
  const size_t ins = n_src < 2 ? n_src : 2;
  const xmlNode *shell = ardour_main_shell(rt);
  /* into more than two outputs the recipe holds VBAP's gains and a plain
   * pan of 0 (ardour_routes.c's panning), which places a `panned` key */
  const bool wide =
      ardour_io_ports(rt, "Output") > 2 && !ardour_switch(r, shell, "bypassed", false);
  const ardour_panner pn =
      wide ? (ardour_panner){0}
           : ardour_panner_of(r, shell, sp_xml_child(rt, "Pannable"), ins, NULL);
  pan_matrix(&pn, ins, m);
}

void ardour_pan_gains_at(double pan, size_t n_src, double m[2][2])
{
  const ardour_panner pn = {.pan = pan};
  pan_matrix(&pn, n_src < 2 ? n_src : 2, m);
}
