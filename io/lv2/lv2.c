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
 * that needs one of the others is refused with its name. */

#define _GNU_SOURCE /* RTLD_NODELETE */
#include "io/lv2/lv2.h"
#include "io/lv2/names.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/digest.h"
#include "core/dsp/quantize.h"
#include "core/recipe/keys.h"
#include "io/fs/fs.h"

#include <lilv/lilv.h>
#include <sord/sord.h>
#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/midi/midi.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/port-groups/port-groups.h>
#include <lv2/port-props/port-props.h>
#include <lv2/presets/presets.h>
#include <lv2/state/state.h>
#include <lv2/units/units.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>

#include <ctype.h>
#include <errno.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the world ----------------------------------------------------------- */

static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;
static LilvWorld *world;
static struct {
  LilvNode *input, *output, *audio, *control, *cv, *atom, *sidechain, *group, *side_chain_of,
      *toggled, *integer, *enumeration, *unit, *enabled, *designation, *optional, *preset, *label,
      *unit_symbol, *minimum_size, *logarithmic, *midi_event;
} N;

static const char *search_path(void);

static void load_world(void)
{
  if (world)
    return;
  world = lilv_world_new();
  if (getenv("LV2_PATH")) {
    LilvNode *path = lilv_new_string(world, search_path());
    lilv_world_set_option(world, LILV_OPTION_LV2_PATH, path);
    lilv_node_free(path);
  }
  lilv_world_load_all(world);
  N.input = lilv_new_uri(world, LV2_CORE__InputPort);
  N.output = lilv_new_uri(world, LV2_CORE__OutputPort);
  N.audio = lilv_new_uri(world, LV2_CORE__AudioPort);
  N.control = lilv_new_uri(world, LV2_CORE__ControlPort);
  N.cv = lilv_new_uri(world, LV2_CORE__CVPort);
  N.atom = lilv_new_uri(world, LV2_ATOM__AtomPort);
  N.sidechain = lilv_new_uri(world, LV2_CORE_PREFIX "isSideChain");
  N.group = lilv_new_uri(world, LV2_PORT_GROUPS__group);
  N.side_chain_of = lilv_new_uri(world, LV2_PORT_GROUPS__sideChainOf);
  N.toggled = lilv_new_uri(world, LV2_CORE__toggled);
  N.integer = lilv_new_uri(world, LV2_CORE__integer);
  N.enumeration = lilv_new_uri(world, LV2_CORE__enumeration);
  N.unit = lilv_new_uri(world, LV2_UNITS__unit);
  N.enabled = lilv_new_uri(world, LV2_CORE__enabled);
  N.designation = lilv_new_uri(world, LV2_CORE__designation);
  N.optional = lilv_new_uri(world, LV2_CORE__connectionOptional);
  N.preset = lilv_new_uri(world, LV2_PRESETS__Preset);
  N.label = lilv_new_uri(world, "http://www.w3.org/2000/01/rdf-schema#label");
  N.unit_symbol = lilv_new_uri(world, LV2_UNITS__symbol);
  N.minimum_size = lilv_new_uri(world, "http://lv2plug.in/ns/ext/resize-port#minimumSize");
  N.logarithmic = lilv_new_uri(world, "http://lv2plug.in/ns/ext/port-props#logarithmic");
  N.midi_event = lilv_new_uri(world, LV2_MIDI__MidiEvent);
}

/* lilv's own default when LV2_PATH is not set: Debian builds it with the
 * multiarch library folder (/usr/lib/x86_64-linux-gnu/lv2), read here as
 * the folder lilv's library was loaded from, so that the search path said
 * in messages and digested for the index of names (io/lv2/names.h) is the
 * one lilv searches. */
static char default_path[PATH_MAX + 64];
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void make_default_path(void)
{
  Dl_info info;
  char lib[PATH_MAX] = "";
  LilvWorld *(*fn)(void) = lilv_world_new;
  void *addr; /* a function's address as dladdr takes it (ISO C has no cast) */
  memcpy(&addr, &fn, sizeof addr);
  if (dladdr(addr, &info) && info.dli_fname) {
    const char *slash = strrchr(info.dli_fname, '/');
    /* found as /lib/..., which a merged /usr makes /usr/lib/...: lilv's */
    const bool bare = strncmp(info.dli_fname, "/lib/", 5) == 0;
    if (slash && (size_t)(slash - info.dli_fname) + 4 < sizeof lib)
      snprintf(lib, sizeof lib, "%s%.*s", bare ? "/usr" : "", (int)(slash - info.dli_fname),
               info.dli_fname);
  }
  if (lib[0] && strcmp(lib, "/usr/lib") != 0 && strcmp(lib, "/usr/local/lib") != 0)
    snprintf(default_path, sizeof default_path, "~/.lv2:%s/lv2:/usr/lib/lv2:/usr/local/lib/lv2",
             lib);
  else
    snprintf(default_path, sizeof default_path, "~/.lv2:/usr/lib/lv2:/usr/local/lib/lv2");
}

/* LV2_PATH with each relative folder made absolute (lilv takes a folder
 * as a file URI, and a relative one is no URI: it said "attempt to map
 * invalid URI" and found nothing, or crashed); NULL when it is not set. */
static char *given_path;
static pthread_once_t given_once = PTHREAD_ONCE_INIT;

static void make_given_path(void)
{
  const char *p = getenv("LV2_PATH");
  if (!p)
    return;
  char cwd[PATH_MAX];
  const bool here = getcwd(cwd, sizeof cwd) != NULL;
  size_t n = strlen(p) + 1, used = 0;
  for (const char *c = p; *c; c++)
    n += *c == ':' ? sizeof cwd + 1 : 0;
  given_path = sp_xcalloc(n + sizeof cwd + 1, 1);
  for (const char *at = p;;) {
    const char *end = strchr(at, ':');
    const size_t len = end ? (size_t)(end - at) : strlen(at);
    const bool relative = len > 0 && at[0] != '/' && at[0] != '~' && here;
    used += (size_t)sprintf(given_path + used, "%s%s%s%.*s", used ? ":" : "", relative ? cwd : "",
                            relative ? "/" : "", (int)len, at);
    if (!end)
      break;
    at = end + 1;
  }
}

static const char *search_path(void)
{
  pthread_once(&given_once, make_given_path);
  if (given_path) /* set, even empty: lilv then searches nothing */
    return given_path;
  pthread_once(&default_once, make_default_path);
  return default_path;
}

/* The search path as messages say it. */
static const char *said_path(void)
{
  const char *p = search_path();
  return *p ? p : "no folder: LV2_PATH is set but empty";
}

/* ---- URIDs --------------------------------------------------------------- */

static pthread_mutex_t urid_lock = PTHREAD_MUTEX_INITIALIZER;
static char **uris;      /* URID i + 1 is uris[i] */
static size_t n_uris;
static uint32_t *slots;  /* open addressing by the URI's hash: 0 empty, else its URID */
static size_t n_slots;   /* a power of two, at most half full */

/* The slot that holds uri, or the empty one where it would go. */
static size_t slot_of(const char *uri, uint64_t h)
{
  size_t i = (size_t)h & (n_slots - 1);
  while (slots[i] && strcmp(uris[slots[i] - 1], uri) != 0)
    i = (i + 1) & (n_slots - 1);
  return i;
}

/* A plugin maps a URID for each of its ports' and features' URIs when it is
 * instantiated (LSP's equalizers: hundreds), so the map is a hash table: a
 * search through every URI mapped so far made each instance cost more
 * than the one before (5 % of `help lv2` for LSP's 16-band EQ, which makes
 * two instances a parameter). */
static LV2_URID map_uri(LV2_URID_Map_Handle h, const char *uri)
{
  (void)h;
  const uint64_t hash = sp_hash_string(uri);
  pthread_mutex_lock(&urid_lock);
  if (2 * (n_uris + 1) > n_slots) {
    n_slots = n_slots ? 2 * n_slots : 256;
    free(slots);
    slots = sp_xcalloc(n_slots, sizeof *slots);
    for (size_t k = 0; k < n_uris; k++)
      slots[slot_of(uris[k], sp_hash_string(uris[k]))] = (uint32_t)(k + 1);
  }
  const size_t i = slot_of(uri, hash);
  if (!slots[i]) {
    uris = sp_xreallocarray(uris, n_uris + 1, sizeof *uris);
    uris[n_uris++] = sp_xstrdup(uri);
    slots[i] = (uint32_t)n_uris;
  }
  const LV2_URID id = slots[i];
  pthread_mutex_unlock(&urid_lock);
  return id;
}

static const char *unmap_uri(LV2_URID_Unmap_Handle h, LV2_URID urid)
{
  (void)h;
  pthread_mutex_lock(&urid_lock);
  const char *s = urid >= 1 && urid <= n_uris ? uris[urid - 1] : NULL;
  pthread_mutex_unlock(&urid_lock);
  return s;
}

static LV2_URID_Map urid_map = {NULL, map_uri};
static LV2_URID_Unmap urid_unmap = {NULL, unmap_uri};

/* The features a plugin may require. */
static const char *const provided[] = {
    LV2_URID__map,
    LV2_URID__unmap,
    LV2_OPTIONS__options,
    LV2_BUF_SIZE__boundedBlockLength,
    LV2_LOG__log,
    LV2_WORKER__schedule,
    LV2_CORE__inPlaceBroken, /* its inputs then have buffers of their own (in_place_broken) */
    LV2_CORE__isLive,
    LV2_CORE__hardRTCapable,
    NULL,
};

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
    LilvNode *pred = lilv_new_uri(world, which[k]);
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

static void refuse(sp_lv2_plugin *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(sp_lv2_plugin *d, const char *fmt, ...)
{
  if (d->refused)
    return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  d->link = SP_LV2_REFUSED;
  d->refused = sp_xstrdup(msg);
}

/* Whether s contains word, case aside. */
static bool contains_nocase(const char *s, const char *word)
{
  const size_t n = strlen(word);
  for (; *s; s++)
    if (strncasecmp(s, word, n) == 0)
      return true;
  return false;
}

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
  if (lilv_port_has_property(p, port, N.sidechain))
    return true;
  LilvNodes *groups = lilv_port_get_value(p, port, N.group);
  bool side = false;
  LILV_FOREACH(nodes, i, groups)
  {
    LilvNodes *of = lilv_world_find_nodes(world, lilv_nodes_get(groups, i), N.side_chain_of, NULL);
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
  *unit = SP_UNIT_NUMBER;
  *scale = 1.0;
  *gain = false;
  LilvNodes *u = lilv_port_get_value(p, port, N.unit);
  const LilvNode *node = u && lilv_nodes_size(u) ? lilv_nodes_get_first(u) : NULL;
  const char *uri = node && lilv_node_is_uri(node) ? lilv_node_as_uri(node) : "";
  if (strcmp(uri, LV2_UNITS__db) == 0) {
    *unit = SP_UNIT_DB;
  } else if (strcmp(uri, LV2_UNITS__hz) == 0) {
    *unit = SP_UNIT_HZ;
  } else if (strcmp(uri, LV2_UNITS__khz) == 0) {
    *unit = SP_UNIT_HZ;
    *scale = 0.001;
  } else if (strcmp(uri, LV2_UNITS__ms) == 0) {
    *unit = SP_UNIT_SECONDS;
    *scale = 1000.0;
  } else if (strcmp(uri, LV2_UNITS__s) == 0) {
    *unit = SP_UNIT_SECONDS;
  } else if (node && lilv_node_is_blank(node)) {
    LilvNode *label = lilv_world_get(world, node, N.label, NULL);
    LilvNode *sym = lilv_world_get(world, node, N.unit_symbol, NULL);
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
  c->min = min && lilv_node_is_float(min) ? lilv_node_as_float(min)
           : min && lilv_node_is_int(min) ? lilv_node_as_int(min)
                                          : 0.0;
  c->max = max && lilv_node_is_float(max) ? lilv_node_as_float(max)
           : max && lilv_node_is_int(max) ? lilv_node_as_int(max)
                                          : 1.0;
  c->def = def && lilv_node_is_float(def) ? lilv_node_as_float(def)
           : def && lilv_node_is_int(def) ? lilv_node_as_int(def)
                                          : c->min;
  if (c->max < c->min)
    c->max = c->min;
  if (c->def < c->min)
    c->def = c->min;
  if (c->def > c->max)
    c->def = c->max;
  lilv_node_free(def);
  lilv_node_free(min);
  lilv_node_free(max);
  bool gain;
  port_unit(p, port, &c->unit, &c->scale, &gain);
  c->logarithmic = lilv_port_has_property(p, port, N.logarithmic);
  c->kind = lilv_port_has_property(p, port, N.toggled)       ? SP_LV2_CTL_TOGGLE
            : lilv_port_has_property(p, port, N.enumeration) ? SP_LV2_CTL_ENUM
            : lilv_port_has_property(p, port, N.integer)     ? SP_LV2_CTL_INTEGER
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
  if (lilv_port_has_property(p, port, N.enabled) ||
      (c->kind == SP_LV2_CTL_TOGGLE && strcmp(symbol, "enabled") == 0)) {
    c->held = true; /* the plugin's own on switch: on (the insert has bypass:) */
    c->held_value = c->max;
  } else if (c->kind == SP_LV2_CTL_TOGGLE && strcmp(symbol, "bypass") == 0) {
    c->held = true;
    c->held_value = c->min;
  }
  LilvNodes *des = lilv_port_get_value(p, port, N.designation);
  if (des && lilv_nodes_contains(des, N.enabled)) {
    c->held = true;
    c->held_value = c->max;
    c->enable_port = true;
  }
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
      while (e < c->n_points && !contains_nocase(c->point_labels[e], "extern"))
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
  const LilvPlugins *all = lilv_world_get_all_plugins(world);
  LILV_FOREACH(plugins, i, all)
  {
    const LilvPlugin *q = lilv_plugins_get(all, i);
    if (q == p || !lib || !lilv_node_equals(lilv_plugin_get_library_uri(q), lib))
      continue;
    const uint32_t outs = lilv_plugin_get_num_ports_of_class(q, N.audio, N.output, NULL);
    if (outs < 1 || outs > 2 || lilv_plugin_get_num_ports_of_class(q, N.audio, N.input, NULL))
      continue;
    bool midi = false;
    for (uint32_t k = 0; k < lilv_plugin_get_num_ports(q) && !midi; k++) {
      const LilvPort *port = lilv_plugin_get_port_by_index(q, k);
      midi = lilv_port_is_a(q, port, N.input) && lilv_port_is_a(q, port, N.atom) &&
             lilv_port_supports_event(q, port, N.midi_event);
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
  sp_lv2_plugin *d = sp_xcalloc(1, sizeof *d);
  d->uri = sp_xstrdup(lilv_node_as_uri(lilv_plugin_get_uri(p)));
  LilvNode *name = lilv_plugin_get_name(p);
  d->name = node_str(name);
  lilv_node_free(name);
  /* The class from the plugin's own rdf:type, which needs no spec bundle on
   * the search path (lilv's own class needs lv2core.lv2 loaded). */
  bool linear = false;
  bool instrument_class = false; /* lv2:InstrumentPlugin */
  LilvNode *rdf_type = lilv_new_uri(world, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
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
  d->version = plugin_version(p);
  for (size_t k = 0; k < sizeof aborts / sizeof aborts[0]; k++)
    if (strcmp(d->uri, aborts[k].uri) == 0)
      refuse(d, "%s", aborts[k].why);
  d->latency_port = -1;
  d->key_switch = -1;
  d->enable_switch = -1;
  d->midi_in = -1;

  LilvNodes *req = lilv_plugin_get_required_features(p);
  LILV_FOREACH(nodes, i, req)
  {
    const char *f = lilv_node_as_uri(lilv_nodes_get(req, i));
    if (!word_in(f, provided))
      refuse(d, "it requires the LV2 feature <%s>, which stemprint does not provide", f);
  }
  lilv_nodes_free(req);
  LilvNode *broken = lilv_new_uri(world, LV2_CORE__inPlaceBroken);
  d->in_place_broken = lilv_plugin_has_feature(p, broken);
  lilv_node_free(broken);

  d->n_ports = (int)lilv_plugin_get_num_ports(p);
  d->controls = sp_xcalloc((size_t)d->n_ports + 1, sizeof *d->controls);
  d->out_controls = sp_xcalloc((size_t)d->n_ports + 1, sizeof(int));
  d->cv_ports = sp_xcalloc((size_t)d->n_ports + 1, sizeof(int));
  d->atom_in = sp_xcalloc((size_t)d->n_ports + 1, sizeof(int));
  d->atom_out = sp_xcalloc((size_t)d->n_ports + 1, sizeof(int));
  d->atom_out_bytes = sp_xcalloc((size_t)d->n_ports + 1, sizeof(size_t));
  int n_in = 0, n_out = 0, n_sc = 0;
  if (lilv_plugin_has_latency(p))
    d->latency_port = (int)lilv_plugin_get_latency_port_index(p);
  for (int i = 0; i < d->n_ports; i++) {
    const LilvPort *port = lilv_plugin_get_port_by_index(p, (uint32_t)i);
    const char *symbol = lilv_node_as_string(lilv_port_get_symbol(p, port));
    const bool in = lilv_port_is_a(p, port, N.input), out = lilv_port_is_a(p, port, N.output);
    if (lilv_port_is_a(p, port, N.audio)) {
      if (in && is_sidechain(p, port, symbol)) {
        if (n_sc < 2)
          d->sc[n_sc] = i;
        n_sc++;
      } else if (in) {
        if (n_in < 2)
          d->in[n_in] = i;
        n_in++;
      } else if (out) {
        if (n_out < 2)
          d->out[n_out] = i;
        n_out++;
      }
    } else if (lilv_port_is_a(p, port, N.control)) {
      if (in) {
        read_control(p, port, i, &d->controls[d->n_controls++]);
        if (d->controls[d->n_controls - 1].enable_port && d->enable_switch < 0)
          d->enable_switch = (int)d->n_controls - 1;
      } else {
        d->out_controls[d->n_out_controls++] = i;
      }
    } else if (lilv_port_is_a(p, port, N.cv)) {
      d->cv_ports[d->n_cv_ports++] = i;
    } else if (lilv_port_is_a(p, port, N.atom)) {
      if (in) {
        if (d->midi_in < 0 && lilv_port_supports_event(p, port, N.midi_event))
          d->midi_in = (int)d->n_atom_in;
        d->atom_in[d->n_atom_in++] = i;
      } else {
        LilvNodes *sz = lilv_port_get_value(p, port, N.minimum_size);
        int bytes = sz && lilv_nodes_size(sz) ? lilv_node_as_int(lilv_nodes_get_first(sz)) : 0;
        d->atom_out_bytes[d->n_atom_out] = bytes > 8192 ? (size_t)bytes : 8192;
        d->atom_out[d->n_atom_out++] = i;
        lilv_nodes_free(sz);
      }
    } else if (!lilv_port_has_property(p, port, N.optional)) {
      refuse(d, "its port '%s' is of a kind stemprint cannot connect", symbol);
    }
  }
  d->n_in = n_in;
  d->n_out = n_out;
  d->n_sc = n_sc;
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
  char ports_why[256];
  if (n_in == 0 && d->midi_in >= 0) {
    char *sibling = playable_sibling(p);
    refuse(d,
           "it is an instrument with %d audio output%s%s; stemprint plays instruments of one or "
           "two outputs%s%s%s",
           n_out, n_out == 1 ? "" : "s", n_sc ? " and a sidechain input" : "",
           sibling ? ", like " : "", sibling ? sibling : "",
           sibling ? ", of the same plugin library" : "");
    free(sibling);
  } else if (n_in == 0)
    refuse(d, "it has no audio input and no MIDI input (a generator, not an effect or an "
              "instrument)");
  else if (sp_lv2_ports_refused(n_in, n_out, n_sc, ports_why, sizeof ports_why))
    refuse(d, "%s", ports_why);
  if (d->link != SP_LV2_REFUSED)
    d->link = n_sc > 0 ? SP_LV2_KEYED : linear ? SP_LV2_LINEAR : SP_LV2_TRACK_ONLY;
  if (d->link == SP_LV2_KEYED)
    find_key_switch(d);
  return d;
}

static const LilvPlugin *by_uri(const char *uri)
{
  LilvNode *u = lilv_new_uri(world, uri);
  const LilvPlugin *p = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), u);
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
  const char *path = search_path();
  sp_digest d;
  sp_digest_bytes(path, strlen(path), &d);
  char hex[SP_DIGEST_HEX], name[32];
  sp_digest_hex(&d, hex);
  snprintf(name, sizeof name, "lv2-names-%.16s", hex);
  return sp_fs_user_cache(name);
}

static const sp_lv2_plugin *find(const char *what, char *why, size_t why_size)
{
  pthread_mutex_lock(&world_lock);
  load_world();
  const sp_lv2_plugin *d = NULL;
  const LilvPlugins *all = lilv_world_get_all_plugins(world);
  const LilvPlugin *p = strchr(what, ':') ? by_uri(what) : NULL;
  if (p) {
    d = remember(p);
    goto out;
  }
  /* by name: exactly one plugin called so (case aside), from the index of
   * names when the bundles are as it knows them (io/lv2/names.h), else
   * from every plugin's description, and the index written anew */
  char *digest = sp_lv2_bundles_digest(search_path());
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
  if (n_match == 1 && (p = by_uri(match)) != NULL) {
    d = remember(p);
  } else if (n_match > 1) {
    snprintf(why, why_size, "%zu installed LV2 plugins are named '%s' (%s); give the URI", n_match,
             what, listed);
  } else {
    const char *near = sp_suggest(what, names, 2 * n);
    if (near)
      snprintf(why, why_size,
               "no LV2 plugin '%s' is installed here; did you mean '%s'? (`stemprint help lv2` "
               "lists them)",
               what, near);
    else
      snprintf(why, why_size,
               "no LV2 plugin '%s' is installed here (searched %s); install it, or choose one "
               "that `stemprint help lv2` lists",
               what, said_path());
  }
  free(names);
  sp_lv2_names_fini(&all_names);
out:
  pthread_mutex_unlock(&world_lock);
  return d;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **installed(size_t *n)
{
  pthread_mutex_lock(&world_lock);
  load_world();
  const LilvPlugins *all = lilv_world_get_all_plugins(world);
  const char **v = sp_xcalloc(lilv_plugins_size(all) + 1, sizeof *v);
  size_t k = 0;
  LILV_FOREACH(plugins, i, all)
  v[k++] = lilv_node_as_uri(lilv_plugin_get_uri(lilv_plugins_get(all, i)));
  pthread_mutex_unlock(&world_lock);
  qsort(v, k, sizeof *v, cmp_str);
  *n = k;
  return v;
}

/* ---- presets ------------------------------------------------------------- */

typedef struct preset_values {
  const sp_lv2_plugin *p;
  double *values;
  bool *set;
  LV2_URID t_float, t_double, t_int, t_long, t_bool;
} preset_values;

static void set_port_value(const char *symbol, void *ud, const void *value, uint32_t size,
                           uint32_t type)
{
  preset_values *pv = ud;
  double v;
  if (type == pv->t_float && size == sizeof(float))
    v = *(const float *)value;
  else if (type == pv->t_double && size == sizeof(double))
    v = *(const double *)value;
  else if ((type == pv->t_int || type == pv->t_bool) && size == sizeof(int32_t))
    v = *(const int32_t *)value;
  else if (type == pv->t_long && size == sizeof(int64_t))
    v = (double)*(const int64_t *)value;
  else
    return;
  for (size_t k = 0; k < pv->p->n_controls; k++) {
    const char *s = pv->p->controls[k].symbol;
    if (strcmp(s, symbol) == 0 || (strncmp(s, "port_", 5) == 0 && strcmp(s + 5, symbol) == 0)) {
      pv->values[k] = v;
      pv->set[k] = true;
    }
  }
}

/* A state read for a plugin, kept for the process (a render restores it
 * into every instance: each lane's, each probe's). */
typedef struct lilv_saved {
  sp_proc_saved base;
  LilvState *state;
  char *uri, *what; /* the plugin's, and the preset or file it came from */
  bool is_file;
} lilv_saved;
static lilv_saved **saveds;
static size_t n_saveds;

/* serd prints what it finds wrong in a file on stderr unless its reader
 * has an error sink: these keep the first error as text (a message of
 * stemprint's says it), or drop it (a file stemprint only looks into). */
typedef struct turtle_error {
  char text[200];
  bool any;
} turtle_error;

static SerdStatus keep_turtle_error(void *handle, const SerdError *e)
{
  turtle_error *t = handle;
  if (t->any)
    return SERD_SUCCESS;
  char what[160];
  va_list args;
  va_copy(args, *e->args);
  vsnprintf(what, sizeof what, e->fmt, args);
  va_end(args);
  what[strcspn(what, "\n")] = '\0';
  snprintf(t->text, sizeof t->text, "line %u, column %u: %s", e->line, e->col, what);
  t->any = true;
  return SERD_SUCCESS;
}

static SerdStatus drop_turtle_error(void *handle, const SerdError *e)
{
  (void)handle;
  (void)e;
  return SERD_SUCCESS;
}

/* The regular files the Turtle files ttls[0..n) name by path: objects that
 * are file URIs (a relative one is read against its file: Ardour's
 * `<level.txt>`, jalv's), and literals typed atom:Path, relative ones read
 * from the folder of their file; the Turtle files themselves aside. A
 * state's plugin reads them when it is restored. Into k->base.files. */
static void named_files(lilv_saved *k, char *const *ttls, size_t n)
{
  char **files = NULL;
  size_t n_files = 0, cap = 0;
  SordWorld *w = sord_world_new();
  for (size_t i = 0; i < n; i++) {
    SordModel *m = sord_new(w, SORD_SPO, false);
    SerdEnv *env = serd_env_new(NULL);
    SerdReader *rd = sord_new_reader(m, env, SERD_TURTLE, NULL);
    serd_reader_set_error_sink(rd, drop_turtle_error, NULL);
    SerdNode base = serd_node_new_file_uri((const uint8_t *)ttls[i], NULL, NULL, true);
    serd_env_set_base_uri(env, &base);
    char *dir = sp_xstrdup(ttls[i]);
    char *slash = strrchr(dir, '/');
    if (slash)
      *slash = '\0';
    if (serd_reader_read_file(rd, base.buf) == SERD_SUCCESS) {
      SordIter *it = sord_begin(m);
      for (; !sord_iter_end(it); sord_iter_next(it)) {
        const SordNode *o = sord_iter_get_node(it, SORD_OBJECT);
        const SordNode *dt = sord_node_get_datatype(o);
        const char *text = (const char *)sord_node_get_string(o);
        char *path = NULL;
        if (sord_node_get_type(o) == SORD_URI && strncmp(text, "file:", 5) == 0) {
          uint8_t *p = serd_file_uri_parse((const uint8_t *)text, NULL);
          path = p ? sp_xstrdup((const char *)p) : NULL;
          serd_free(p);
        } else if (sord_node_get_type(o) == SORD_LITERAL && dt &&
                   strcmp((const char *)sord_node_get_string(dt), LV2_ATOM__Path) == 0) {
          path = text[0] == '/' ? sp_xstrdup(text) : sp_xasprintf("%s/%s", dir, text);
        }
        struct stat sb;
        bool keep = path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        for (size_t j = 0; keep && j < n; j++)
          keep = strcmp(path, ttls[j]) != 0;
        for (size_t j = 0; keep && j < n_files; j++)
          keep = strcmp(path, files[j]) != 0;
        if (keep) {
          SP_GROW(files, n_files, cap);
          files[n_files++] = path;
        } else {
          free(path);
        }
      }
      sord_iter_free(it);
    }
    free(dir);
    serd_node_free(&base);
    serd_reader_free(rd);
    serd_env_free(env);
    sord_free(m);
  }
  sord_world_free(w);
  k->base.files = (const char *const *)files;
  k->base.n_files = n_files;
}

/* The state st read for d from what: its port values into values/set and,
 * when it holds more than port values, the kept state (st then the kept
 * one's, else freed). Called under world_lock. */
static const sp_proc_saved *keep_state(const sp_lv2_plugin *d, const char *what, bool is_file,
                                       LilvState *st, double *values, bool *set)
{
  preset_values pv = {d,
                      values,
                      set,
                      map_uri(NULL, LV2_ATOM__Float),
                      map_uri(NULL, LV2_ATOM__Double),
                      map_uri(NULL, LV2_ATOM__Int),
                      map_uri(NULL, LV2_ATOM__Long),
                      map_uri(NULL, LV2_ATOM__Bool)};
  lilv_state_emit_port_values(st, set_port_value, &pv);
  if (lilv_state_get_num_properties(st) == 0) {
    lilv_state_free(st);
    return NULL;
  }
  for (size_t i = 0; i < n_saveds; i++)
    if (saveds[i]->is_file == is_file && strcmp(saveds[i]->uri, d->uri) == 0 &&
        strcmp(saveds[i]->what, what) == 0) {
      lilv_state_free(st);
      return &saveds[i]->base;
    }
  lilv_saved *k = sp_xcalloc(1, sizeof *k);
  k->state = st;
  k->uri = sp_xstrdup(d->uri);
  k->what = sp_xstrdup(what);
  k->is_file = is_file;
  k->base.from = k->what;
  /* The digest of the state: its file's bytes; a preset's URI and the
   * bytes of the files that describe it (rdfs:seeAlso: a user's preset
   * edited in ~/.lv2 is a new state). The files a state names by path are
   * inputs of their own (named_files). */
  sp_hasher *h = sp_hasher_new();
  sp_hasher_add(h, what, strlen(what) + 1);
  LilvNode *subject = is_file ? NULL : lilv_new_uri(world, what);
  LilvNode *see_also = lilv_new_uri(world, "http://www.w3.org/2000/01/rdf-schema#seeAlso");
  LilvNodes *files = subject ? lilv_world_find_nodes(world, subject, see_also, NULL) : NULL;
  char **paths = sp_xcalloc(2 + (files ? lilv_nodes_size(files) : 0), sizeof *paths);
  size_t np = 0;
  if (is_file)
    paths[np++] = sp_xstrdup(what);
  LILV_FOREACH(nodes, i, files)
  {
    char *f = lilv_file_uri_parse(lilv_node_as_uri(lilv_nodes_get(files, i)), NULL);
    if (f)
      paths[np++] = sp_xstrdup(f);
    lilv_free(f);
  }
  for (size_t i = 0; i < np; i++) {
    char *text = NULL, why[256];
    size_t n = 0;
    if (sp_fs_read_all(paths[i], 64u << 20, &text, &n, why, sizeof why) == SP_OK)
      sp_hasher_add(h, text, n);
    free(text);
  }
  named_files(k, paths, np);
  for (size_t i = 0; i < np; i++)
    free(paths[i]);
  free(paths);
  lilv_nodes_free(files);
  lilv_node_free(see_also);
  lilv_node_free(subject);
  sp_digest dg;
  sp_hasher_end(h, &dg);
  sp_digest_hex(&dg, k->base.digest);
  saveds = sp_xreallocarray(saveds, n_saveds + 1, sizeof *saveds);
  saveds[n_saveds++] = k;
  return &k->base;
}

/* Whether the file at abs is Turtle; else why (line, column, serd's
 * reason) into t. It is read once more here so that lilv, which reads it
 * with serd's default sink, never reads a file that is not. */
static bool is_turtle(const char *abs, turtle_error *t)
{
  SerdReader *rd = serd_reader_new(SERD_TURTLE, NULL, NULL, NULL, NULL, NULL, NULL);
  serd_reader_set_error_sink(rd, keep_turtle_error, t);
  SerdNode uri = serd_node_new_file_uri((const uint8_t *)abs, NULL, NULL, true);
  const SerdStatus st = serd_reader_read_file(rd, uri.buf);
  serd_node_free(&uri);
  serd_reader_free(rd);
  if (st != SERD_SUCCESS && !t->any)
    snprintf(t->text, sizeof t->text, "%s", serd_strerror(st));
  return st == SERD_SUCCESS && !t->any;
}

/* What a state file is, for messages: where `state:` points and the fix. */
#define STATE_FILE_IS                                                                              \
  "`state:` names the Turtle file an LV2 host saves a plugin's state in (with lv2:appliesTo "      \
  "and state:state: jalv's, Carla's, Ardour's, the state.ttl `stemprint state` writes) or a "      \
  "folder holding state.ttl; a file the plugin uses (an impulse response, a sample) is named "     \
  "inside the state, not by `state:`"

/* The state file at path for d (a folder: its state.ttl, as hosts save
 * state in a folder of its own). */
static bool state_file(const sp_lv2_plugin *d, const char *path, double *values, bool *set,
                       const sp_proc_saved **saved, char *why, size_t why_size)
{
  struct stat st_;
  char *file = stat(path, &st_) == 0 && S_ISDIR(st_.st_mode) ? sp_xasprintf("%s/state.ttl", path)
                                                             : sp_xstrdup(path);
  /* a FIFO would block the reads below until a writer comes: a hang */
  if (stat(file, &st_) == 0 && !S_ISREG(st_.st_mode)) {
    snprintf(why, why_size,
             "cannot read the state file '%s': it is not a regular file (a FIFO, a device or a "
             "socket); " STATE_FILE_IS,
             file);
    free(file);
    return false;
  }
  char *abs = realpath(file, NULL);
  if (!abs) {
    snprintf(why, why_size, "cannot read the state file '%s': %s", file, strerror(errno));
    free(file);
    return false;
  }
  /* the path as given, and where it led when that is elsewhere */
  char *named =
      strcmp(file, abs) == 0 ? sp_xasprintf("'%s'", file) : sp_xasprintf("'%s' (%s)", file, abs);
  turtle_error te = {.any = false};
  if (!is_turtle(abs, &te)) {
    snprintf(why, why_size, "%s is not an LV2 state: it is not Turtle (%s); " STATE_FILE_IS, named,
             te.text);
    free(named);
    free(abs);
    free(file);
    return false;
  }
  pthread_mutex_lock(&world_lock);
  load_world();
  LilvState *st = lilv_state_new_from_file(world, &urid_map, NULL, abs);
  bool ok = false;
  if (!st) {
    snprintf(why, why_size,
             "%s is not an LV2 state: it is Turtle, but names no plugin "
             "(lv2:appliesTo); " STATE_FILE_IS,
             named);
  } else if (!lilv_state_get_plugin_uri(st) ||
             strcmp(lilv_node_as_uri(lilv_state_get_plugin_uri(st)), d->uri) != 0) {
    snprintf(why, why_size, "the state in '%s' is for the plugin <%s>, not '%s' (<%s>)", file,
             lilv_state_get_plugin_uri(st) ? lilv_node_as_uri(lilv_state_get_plugin_uri(st))
                                           : "none",
             d->name, d->uri);
    lilv_state_free(st);
  } else {
    *saved = keep_state(d, abs, true, st, values, set);
    ok = true;
  }
  pthread_mutex_unlock(&world_lock);
  free(named);
  free(abs);
  free(file);
  return ok;
}

static bool preset(const sp_lv2_plugin *d, const char *what, bool is_file, double *values,
                   bool *set, const sp_proc_saved **saved, char *why, size_t why_size)
{
  *saved = NULL;
  if (is_file)
    return state_file(d, what, values, set, saved, why, why_size);
  pthread_mutex_lock(&world_lock);
  load_world();
  bool ok = false;
  const LilvPlugin *p = by_uri(d->uri);
  LilvNodes *presets = p ? lilv_plugin_get_related(p, N.preset) : NULL;
  const LilvNode *chosen = NULL;
  char labels[768] = "";
  LILV_FOREACH(nodes, i, presets)
  {
    const LilvNode *pr = lilv_nodes_get(presets, i);
    lilv_world_load_resource(world, pr);
    LilvNode *label = lilv_world_get(world, pr, N.label, NULL);
    const char *l = label ? lilv_node_as_string(label) : "";
    size_t used = strlen(labels);
    if (used < sizeof labels - 80)
      snprintf(labels + used, sizeof labels - used, "%s'%s'", used ? ", " : "", l);
    if (!chosen && (strcmp(lilv_node_as_uri(pr), what) == 0 || strcasecmp(l, what) == 0))
      chosen = pr;
    lilv_node_free(label);
  }
  if (!chosen) {
    snprintf(why, why_size, "'%s' has no preset '%s'%s%s", d->name, what,
             labels[0] ? "; its presets: " : " (it has no presets)", labels);
  } else {
    LilvState *st = lilv_state_new_from_world(world, &urid_map, chosen);
    if (!st) {
      snprintf(why, why_size, "the preset '%s' of '%s' cannot be read", what, d->name);
    } else {
      *saved = keep_state(d, lilv_node_as_uri(chosen), false, st, values, set);
      ok = true;
    }
  }
  lilv_nodes_free(presets);
  pthread_mutex_unlock(&world_lock);
  return ok;
}

static int cmp_preset(const void *a, const void *b)
{
  const sp_lv2_preset *x = a, *y = b;
  const int by_label = strcasecmp(x->label, y->label);
  return by_label ? by_label : strcmp(x->uri, y->uri);
}

static sp_lv2_preset *presets_of(const sp_lv2_plugin *d, size_t *n)
{
  pthread_mutex_lock(&world_lock);
  load_world();
  const LilvPlugin *p = by_uri(d->uri);
  LilvNodes *presets = p ? lilv_plugin_get_related(p, N.preset) : NULL;
  sp_lv2_preset *v = sp_xcalloc((presets ? lilv_nodes_size(presets) : 0) + 1, sizeof *v);
  size_t k = 0;
  LILV_FOREACH(nodes, i, presets)
  {
    const LilvNode *pr = lilv_nodes_get(presets, i);
    lilv_world_load_resource(world, pr);
    LilvNode *label = lilv_world_get(world, pr, N.label, NULL);
    LilvState *st = lilv_state_new_from_world(world, &urid_map, pr);
    v[k++] = (sp_lv2_preset){.label = sp_xstrdup(label ? lilv_node_as_string(label) : ""),
                             .uri = sp_xstrdup(lilv_node_as_uri(pr)),
                             .state = st && lilv_state_get_num_properties(st) > 0};
    lilv_state_free(st);
    lilv_node_free(label);
  }
  lilv_nodes_free(presets);
  pthread_mutex_unlock(&world_lock);
  qsort(v, k, sizeof *v, cmp_preset);
  *n = k;
  return v;
}

/* ---- instances ----------------------------------------------------------- */

enum { MAX_RESPONSES = 16, MAX_RESPONSE_BYTES = 4096 };

typedef struct instance {
  sp_lv2_instance base; /* what the engine runs: the descriptor and handle */
  const sp_lv2_plugin *p;
  LilvInstance *lilv;
  const LV2_Worker_Interface *worker;
  float *controls_out; /* every port's output value slot, by port index */
  float *cv;           /* zeros */
  LV2_Atom_Sequence **atom_in;
  LV2_Atom_Sequence **atom_out;
  int32_t block_min, block_max, block_nominal;
  float rate;
  LV2_Options_Option options[7];
  LV2_Worker_Schedule schedule;
  LV2_Log_Log log;
  LV2_Feature f_map, f_unmap, f_options, f_bounded, f_log, f_schedule;
  const LV2_Feature *features[7];
  size_t n_responses;
  uint32_t response_size[MAX_RESPONSES];
  unsigned char responses[MAX_RESPONSES][MAX_RESPONSE_BYTES];
  /* The work its state's restore scheduled, done before its first run */
  bool restoring;
  size_t n_deferred;
  uint32_t deferred_size[MAX_RESPONSES];
  unsigned char deferred[MAX_RESPONSES][MAX_RESPONSE_BYTES];
  LV2_URID atom_chunk, atom_sequence;
} instance;

/* The body of a MIDI event input: 24 bytes an event (its frame, its atom
 * header, three bytes padded to eight), some 2,700 events a run; a run
 * with more is played in pieces (core/procs/lv2.c). */
#define SP_LV2_MIDI_BYTES 65536

/* Ardour's thread options (http://ardour.org/lv2/threads/): the policy and
 * priority of the threads a plugin starts. */
#define SP_LV2_SCHED_POLICY "http://ardour.org/lv2/threads/#schedPolicy"
#define SP_LV2_SCHED_PRIORITY "http://ardour.org/lv2/threads/#schedPriority"
static const int32_t sched_other = SCHED_OTHER, sched_priority = 0;

static LV2_Worker_Status respond(LV2_Worker_Respond_Handle h, uint32_t size, const void *data)
{
  instance *in = h;
  if (in->n_responses == MAX_RESPONSES || size > MAX_RESPONSE_BYTES)
    return LV2_WORKER_ERR_NO_SPACE;
  memcpy(in->responses[in->n_responses], data, size);
  in->response_size[in->n_responses++] = size;
  return LV2_WORKER_SUCCESS;
}

static LV2_Worker_Status schedule_work(LV2_Worker_Schedule_Handle h, uint32_t size,
                                       const void *data)
{
  instance *in = h;
  if (!in->worker || !in->worker->work)
    return LV2_WORKER_ERR_UNKNOWN;
  /* Asked while the state is restored: done before the first run, out of
   * the locks a restore is under (the work is not in LV2's instantiation
   * class: a SoundFont or an impulse response loads while another
   * thread's instance loads its own), as a host's worker thread would. */
  if (in->restoring) {
    if (in->n_deferred == MAX_RESPONSES || size > MAX_RESPONSE_BYTES)
      return LV2_WORKER_ERR_NO_SPACE;
    memcpy(in->deferred[in->n_deferred], data, size);
    in->deferred_size[in->n_deferred++] = size;
    return LV2_WORKER_SUCCESS;
  }
  /* synchronously: nothing here runs in real time */
  return in->worker->work(lilv_instance_get_handle(in->lilv), respond, in, size, data);
}

static int log_vprintf(LV2_Log_Handle h, LV2_URID type, const char *fmt, va_list ap)
{
  (void)h;
  if (type != map_uri(NULL, LV2_LOG__Error))
    return 0;
  fputs("stemprint: an LV2 plugin says: ", stderr);
  return vfprintf(stderr, fmt, ap);
}

static int log_printf(LV2_Log_Handle h, LV2_URID type, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = log_vprintf(h, type, fmt, ap);
  va_end(ap);
  return n;
}

static void before_run(sp_lv2_instance *base);
static void after_run(sp_lv2_instance *base);

static sp_lv2_instance *instantiate(const sp_lv2_plugin *d, double rate, size_t max_block_frames,
                                    const sp_proc_saved *saved, char *why, size_t why_size)
{
  instance *in = sp_xcalloc(1, sizeof *in);
  in->p = d;
  in->rate = (float)rate;
  in->block_min = 1;
  in->block_max = in->block_nominal = (int32_t)max_block_frames;
  LV2_URID t_int = map_uri(NULL, LV2_ATOM__Int), t_float = map_uri(NULL, LV2_ATOM__Float);
  in->options[0] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,       map_uri(NULL, LV2_PARAMETERS__sampleRate),
                           sizeof(float),        t_float, &in->rate};
  in->options[1] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(NULL, LV2_BUF_SIZE__minBlockLength),
                           sizeof(int32_t),      t_int, &in->block_min};
  in->options[2] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(NULL, LV2_BUF_SIZE__maxBlockLength),
                           sizeof(int32_t),      t_int, &in->block_max};
  in->options[3] = (LV2_Options_Option){
      LV2_OPTIONS_INSTANCE, 0,     map_uri(NULL, LV2_BUF_SIZE__nominalBlockLength),
      sizeof(int32_t),      t_int, &in->block_nominal};
  /* Ardour's options for the threads a plugin starts (x42's convolver
   * reads them): ordinary scheduling, since nothing here is real time and
   * a render's plugin threads must not starve the machine (the plugin asks
   * for SCHED_FIFO without them). */
  in->options[4] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(NULL, SP_LV2_SCHED_POLICY),
                           sizeof(int32_t),      t_int, &sched_other};
  in->options[5] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(NULL, SP_LV2_SCHED_PRIORITY),
                           sizeof(int32_t),      t_int, &sched_priority};
  in->options[6] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL};
  in->schedule = (LV2_Worker_Schedule){in, schedule_work};
  in->log = (LV2_Log_Log){in, log_printf, log_vprintf};
  in->f_map = (LV2_Feature){LV2_URID__map, &urid_map};
  in->f_unmap = (LV2_Feature){LV2_URID__unmap, &urid_unmap};
  in->f_options = (LV2_Feature){LV2_OPTIONS__options, in->options};
  in->f_bounded = (LV2_Feature){LV2_BUF_SIZE__boundedBlockLength, NULL};
  in->f_log = (LV2_Feature){LV2_LOG__log, &in->log};
  in->f_schedule = (LV2_Feature){LV2_WORKER__schedule, &in->schedule};
  const LV2_Feature *f[] = {
      &in->f_map, &in->f_unmap, &in->f_options, &in->f_bounded, &in->f_log, &in->f_schedule, NULL};
  memcpy(in->features, f, sizeof f);
  in->atom_chunk = map_uri(NULL, LV2_ATOM__Chunk);
  in->atom_sequence = map_uri(NULL, LV2_ATOM__Sequence);

  pthread_mutex_lock(&world_lock);
  load_world();
  /* A plugin's library stays loaded once used: lilv would unload it with
   * its last instance and load it again for the next (every lane's, every
   * render's), and a plugin's leaks could not be told apart by name. */
  if (!d->pinned && dlopen(d->binary, RTLD_NOW | RTLD_NODELETE))
    ((sp_lv2_plugin *)d)->pinned = true;
  const LilvPlugin *p = by_uri(d->uri);
  in->lilv = p ? lilv_plugin_instantiate(p, rate, in->features) : NULL;
  pthread_mutex_unlock(&world_lock);
  if (!in->lilv) {
    snprintf(why, why_size, "the LV2 plugin '%s' (%s) could not be instantiated at %.0f Hz",
             d->name, d->binary, rate);
    free(in);
    return NULL;
  }
  in->worker = lilv_instance_get_extension_data(in->lilv, LV2_WORKER__interface);
  /* The saved state, before the instance is activated, once it can
   * schedule work (a convolver loads its impulse response in its worker);
   * lilv adds the map-path and free-path features it needs (paths in the
   * state are relative to the file it came from). */
  if (saved) {
    in->restoring = true;
    pthread_mutex_lock(&world_lock);
    lilv_state_restore(((const lilv_saved *)saved)->state, in->lilv, NULL, NULL, 0, in->features);
    pthread_mutex_unlock(&world_lock);
    in->restoring = false;
  }
  in->controls_out = sp_xcalloc((size_t)d->n_ports + 1, sizeof(float));
  in->cv = sp_xcalloc(max_block_frames, sizeof(float));
  for (size_t k = 0; k < d->n_out_controls; k++)
    lilv_instance_connect_port(in->lilv, (uint32_t)d->out_controls[k],
                               &in->controls_out[d->out_controls[k]]);
  for (size_t k = 0; k < d->n_cv_ports; k++)
    lilv_instance_connect_port(in->lilv, (uint32_t)d->cv_ports[k], in->cv);
  in->atom_in = sp_xcalloc(d->n_atom_in + 1, sizeof *in->atom_in);
  for (size_t k = 0; k < d->n_atom_in; k++) {
    const size_t bytes = (int)k == d->midi_in ? SP_LV2_MIDI_BYTES : 64;
    in->atom_in[k] = sp_xcalloc(1, sizeof(LV2_Atom_Sequence) + bytes);
    lilv_instance_connect_port(in->lilv, (uint32_t)d->atom_in[k], in->atom_in[k]);
  }
  in->atom_out = sp_xcalloc(d->n_atom_out + 1, sizeof *in->atom_out);
  for (size_t k = 0; k < d->n_atom_out; k++) {
    in->atom_out[k] = sp_xcalloc(1, d->atom_out_bytes[k]);
    lilv_instance_connect_port(in->lilv, (uint32_t)d->atom_out[k], in->atom_out[k]);
  }
  in->base = (sp_lv2_instance){
      .descriptor = lilv_instance_get_descriptor(in->lilv),
      .handle = lilv_instance_get_handle(in->lilv),
      .outputs = in->controls_out,
      .before_run = d->n_atom_in || d->n_atom_out || in->n_deferred ? before_run : NULL,
      .after_run = in->worker ? after_run : NULL,
      .midi = d->midi_in >= 0 ? in->atom_in[d->midi_in] : NULL,
      .midi_capacity = SP_LV2_MIDI_BYTES,
      .midi_event = map_uri(NULL, LV2_MIDI__MidiEvent)};
  return &in->base;
}

/* Before each run: the work the state's restore scheduled done (the
 * first), atom inputs emptied and atom outputs given their whole capacity
 * again. */
static void before_run(sp_lv2_instance *base)
{
  instance *in = (instance *)base;
  const sp_lv2_plugin *d = in->p;
  for (size_t k = 0; k < in->n_deferred; k++)
    in->worker->work(lilv_instance_get_handle(in->lilv), respond, in, in->deferred_size[k],
                     in->deferred[k]);
  in->n_deferred = 0;
  for (size_t k = 0; k < d->n_atom_in; k++) {
    in->atom_in[k]->atom.type = in->atom_sequence;
    in->atom_in[k]->atom.size = sizeof(LV2_Atom_Sequence_Body);
    in->atom_in[k]->body.unit = 0;
    in->atom_in[k]->body.pad = 0;
  }
  for (size_t k = 0; k < d->n_atom_out; k++) {
    in->atom_out[k]->atom.type = in->atom_chunk;
    in->atom_out[k]->atom.size = (uint32_t)(d->atom_out_bytes[k] - sizeof(LV2_Atom));
  }
}

/* The responses of the work the run scheduled (done at once, inside it),
 * delivered after it. */
static void after_run(sp_lv2_instance *base)
{
  instance *in = (instance *)base;
  if (in->worker->work_response)
    for (size_t r = 0; r < in->n_responses; r++)
      in->worker->work_response(lilv_instance_get_handle(in->lilv), in->response_size[r],
                                in->responses[r]);
  in->n_responses = 0;
  if (in->worker->end_run)
    in->worker->end_run(lilv_instance_get_handle(in->lilv));
}

static void free_instance(sp_lv2_instance *base)
{
  if (!base)
    return;
  instance *in = (instance *)base;
  pthread_mutex_lock(&world_lock);
  lilv_instance_free(in->lilv);
  pthread_mutex_unlock(&world_lock);
  for (size_t k = 0; k < in->p->n_atom_in; k++)
    free(in->atom_in[k]);
  for (size_t k = 0; k < in->p->n_atom_out; k++)
    free(in->atom_out[k]);
  free(in->atom_in);
  free(in->atom_out);
  free(in->controls_out);
  free(in->cv);
  free(in);
}

/* ---- saving ---------------------------------------------------------------- */

typedef struct port_reader {
  const sp_lv2_plugin *p;
  const float *ctl;
  LV2_URID t_float;
} port_reader;

/* An input control's value for lilv, by the port's symbol (a parameter
 * renamed port_SYMBOL in a recipe is the port SYMBOL). */
static const void *get_port_value(const char *symbol, void *ud, uint32_t *size, uint32_t *type)
{
  const port_reader *r = ud;
  for (size_t k = 0; k < r->p->n_controls; k++) {
    const char *s = r->p->controls[k].symbol;
    if (strcmp(s, symbol) == 0 || (strncmp(s, "port_", 5) == 0 && strcmp(s + 5, symbol) == 0)) {
      *size = sizeof(float);
      *type = r->t_float;
      return &r->ctl[r->p->controls[k].port];
    }
  }
  *size = *type = 0;
  return NULL;
}

/* lilv gives the plugin's save() map-path, make-path (a file the plugin
 * makes is made in dir) and free-path, and writes the Turtle. A file
 * outside dir that the state names is named through a symbolic link lilv
 * makes in dir, as jalv saves: lilv 0.24 given no folder for links
 * removes such a file (lilv_state_make_links: remove() on the path it
 * failed to make relative) before failing to link it to itself. */
static bool save(sp_lv2_instance *base, const float *ctl, const char *dir, const char *label,
                 char *why, size_t why_size)
{
  instance *in = (instance *)base;
  port_reader r = {in->p, ctl, map_uri(NULL, LV2_ATOM__Float)};
  pthread_mutex_lock(&world_lock);
  load_world();
  const LilvPlugin *p = by_uri(in->p->uri);
  LilvState *st =
      p ? lilv_state_new_from_instance(p, in->lilv, &urid_map, NULL, dir, dir, dir, get_port_value,
                                       &r, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, in->features)
        : NULL;
  int status = -1;
  if (st) {
    lilv_state_set_label(st, label);
    status = lilv_state_save(world, &urid_map, &urid_unmap, st, NULL, dir, "state.ttl");
  }
  pthread_mutex_unlock(&world_lock);
  if (!st)
    snprintf(why, why_size, "the state of '%s' could not be taken from the plugin", in->p->name);
  else if (status != 0)
    snprintf(why, why_size, "cannot write the state of '%s' into '%s'", in->p->name, dir);
  lilv_state_free(st);
  return st && status == 0;
}

static const sp_lv2_host lilv_host = {
    .find = find,
    .installed = installed,
    .preset = preset,
    .presets = presets_of,
    .search_path = said_path,
    .instantiate = instantiate,
    .free = free_instance,
    .save = save,

};

const sp_lv2_host *sp_lilv_host(void) { return &lilv_host; }
