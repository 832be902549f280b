/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A recipe written as a DAWproject 1.0 file (io/session/session.h), for an
 * engineer to open a generated mix in a DAW. What the format can hold is
 * written so that importing the file gives back an equivalent recipe (the
 * round trip the tests run); what it cannot is a warning at the recipe's
 * line (docs/sessions.md), and the key table (io/session/dawproject_keys.c)
 * says of every key of the recipe which it is. Instrument tracks' notes
 * are in beats through the project's tempo map, its MIDI files'. The
 * project is validated against the schema before it is written. */

#include "io/session/session.h"

#include "core/base/alloc.h"
#include "core/dsp/fold.h"
#include "core/graph/query.h"
#include "core/media/media.h"
#include "core/procs/lv2.h"
#include "io/fs/fs.h"
#include "io/session/dawproject.h"
#include "io/session/dawproject_keys.h"
#include "io/session/part.h"
#include "io/session/zip.h"
#include "io/session/mix.h"
#include "io/xml/xml.h"
#include "sp_dawproject_xsd.h"

#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

typedef struct writer {
  const sp_recipe *r;
  const sp_graph *g;
  const sp_media *media;
  sp_diags *d;
  xmlDoc *doc;
  unsigned next_id;
  /* Audio files to embed: recipe path -> entry name. */
  char **files, **entries;
  size_t n_files;
  /* What was not exported, "PATH\tWHAT\n" a line: written into the file
   * (SP_DAWPROJECT_LEFT_OUT) for an import to name. */
  char *left_out;
  /* The project's tempo map (tempo_map below): n points, the first at 0 s;
   * 120 bpm throughout when no MIDI file says otherwise. */
  struct tempo_pt *tempo;
  size_t n_tempo;
  bool embed; /* SoundFonts embedded, not referenced (sp_export_opts) */
  sp_err rc;
} writer;

static const char *new_id(writer *w, char buf[24])
{
  snprintf(buf, 24, "id%u", w->next_id++);
  return buf;
}

static xmlNode *el(xmlNode *parent, const char *name)
{
  return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

static void attr(xmlNode *n, const char *name, const char *value)
{
  xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static xmlNode *real(writer *w, xmlNode *parent, const char *name, const char *unit, double v,
                     char id[24])
{
  xmlNode *p = el(parent, name);
  attr(p, "unit", unit);
  attr(p, "value", sp_mix_num(v).text);
  if (id)
    attr(p, "id", new_id(w, id));
  return p;
}

static void boolean(xmlNode *parent, const char *name, bool v)
{
  attr(el(parent, name), "value", v ? "true" : "false");
}

static double seconds(const sp_recipe *r, sp_time t) { return sp_time_seconds(t, r->sample_rate); }

/* ---- the tempo map ------------------------------------------------------------ */

/* A tempo from a second of the timeline on, held to the next (a MIDI
 * file's tempo changes are steps), at beat `beat` (quarter notes from
 * the timeline's start). */
typedef struct tempo_pt {
  double sec, bpm, beat;
} tempo_pt;

/* b, or the 3840th of a beat it lies within a millionth of a tick of (a
 * note on the beat whose seconds went through the map is 7 ± 1e-15
 * beats: written 7; 1e-10 beats is far from the half frame that would
 * move it). */
static double on_grid(double b)
{
  const double ticks = b * 3840, whole = nearbyint(ticks);
  return fabs(ticks - whole) < 1e-6 ? whole / 3840 : b;
}

/* The beat at second sec of the timeline, through w's tempo map: what an
 * import's to_seconds inverts (io/session/dawproject.c). */
static double beat_at(const writer *w, double sec)
{
  size_t lo = 0, hi = w->n_tempo; /* the last point at or before sec (the first: 0 s) */
  while (hi - lo > 1) {
    const size_t mid = lo + (hi - lo) / 2;
    if (w->tempo[mid].sec <= sec)
      lo = mid;
    else
      hi = mid;
  }
  const tempo_pt *p = &w->tempo[lo];
  return on_grid(p->beat + (sec - p->sec) * p->bpm / 60);
}

static void vlost(writer *w, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void vlost(writer *w, const char *path, const char *fmt, va_list ap)
{
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  sp_recipe_warn(w->r, w->d, path, "not exported: %s", buf);
  for (char *c = buf; *c; c++) /* one line each */
    if (*c == '\n' || *c == '\t')
      *c = ' ';
  char *t = sp_xasprintf("%s%s\t%s\n", w->left_out ? w->left_out : "", path, buf);
  free(w->left_out);
  w->left_out = t;
}

/* What is not exported, at path. */
static void lost(writer *w, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void lost(writer *w, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vlost(w, path, fmt, ap);
  va_end(ap);
}

/* How many of strip s's post_inserts send sd follows (`tap: {after: N}`,
 * a name as its place; `tap: fader`: 0). */
static size_t send_passes(const sp_strip *s, const sp_send *sd)
{
  if (!sd->tap_after_name)
    return sd->tap_after;
  const size_t at = s->n_inserts - s->n_post;
  for (size_t k = at; k < s->n_inserts; k++)
    if (strcmp(s->inserts[k].cls->name, sd->tap_after_name) == 0)
      return k - at + 1;
  return 0;
}

/* What is not exported of a strip: key of tracks.NAME, buses.NAME or
 * master (name NULL). */
static void strip_lost(writer *w, const char *kind, const char *name, const char *key,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void strip_lost(writer *w, const char *kind, const char *name, const char *key,
                       const char *fmt, ...)
{
  char path[256];
  if (name)
    snprintf(path, sizeof path, "%s.%s.%s", kind, name, key);
  else
    snprintf(path, sizeof path, "%s.%s", kind, key);
  va_list ap;
  va_start(ap, fmt);
  vlost(w, path, fmt, ap);
  va_end(ap);
}

/* ---- automation ------------------------------------------------------------------ */

/* How a value that moves is written: its unit in the file and the value
 * there (a pan 0 .. 1, a ratio in percent, a gate's range as a level). */
typedef enum pending_unit {
  P_DB,
  P_PAN,
  P_HZ,
  P_SECONDS,
  P_LINEAR,
  P_PERCENT,
  P_RANGE,
  P_AZIMUTH, /* a position's azimuth, written as the pan across the front pair */
  P_BOOL,    /* a switch (a moving mute): BoolPoints, no unit */
  P_ENABLED  /* a moving bypass: BoolPoints on Enabled, each the point's opposite */
} pending_unit;

static const char *unit_name(pending_unit u)
{
  static const char *const names[] = {"decibel", "normalized", "hertz",      "seconds", "linear",
                                      "percent", "decibel",    "normalized", NULL,      NULL};
  return names[u];
}

/* The pan across the front pair that plays an azimuth (degrees, positive
 * to the left) as stemprint plays a position into speakers all in front
 * (docs/recipe.md): a source behind from its mirror image in front, one
 * beyond ±30° from that speaker; +30° is pan -1. */
static double front_pan(double azimuth)
{
  double a = fmod(azimuth, 360.0);
  a = a > 180 ? a - 360 : a <= -180 ? a + 360 : a;
  if (a > 90)
    a = 180 - a;
  else if (a < -90)
    a = -180 - a;
  const double pan = -a / 30.0;
  return pan < -1 ? -1 : pan > 1 ? 1 : pan;
}

static double written(pending_unit u, double v)
{
  return u == P_PAN       ? (v + 1) / 2
         : u == P_AZIMUTH ? (front_pan(v) + 1) / 2
         : u == P_PERCENT ? 100 * (1 - 1 / v)
         : u == P_RANGE   ? -v
                          : v;
}

static double percent_of_ratio(double r) { return 100 * (1 - 1 / r); }

typedef struct pending {
  char id[24];
  const sp_auto *a;
  pending_unit unit;
} pending;

typedef struct lane {
  char track[24];
  pending *v;
  size_t n;
} lane;

static void want(lane *l, const char *id, const sp_auto *a, pending_unit unit)
{
  if (sp_auto_is_constant(a))
    return;
  l->v = sp_xreallocarray(l->v, l->n + 1, sizeof *l->v);
  pending *p = &l->v[l->n++];
  snprintf(p->id, sizeof p->id, "%s", id);
  p->a = a;
  p->unit = unit;
}

/* A moving value's Points. The format's points join linearly in the unit
 * written; where the recipe moves otherwise (a frequency geometrically, a
 * ratio linearly as a ratio, not in percent) points are added between,
 * until every midpoint is within 0.1 % of the frequency, or 0.01 points
 * of the percent (0.02 % of a ratio of 2, 0.1 % of 10). */
static void points(writer *w, xmlNode *lanes_el, const pending *p)
{
  xmlNode *pts = el(lanes_el, "Points");
  char id[24];
  attr(pts, "id", new_id(w, id));
  if (p->unit == P_BOOL || p->unit == P_ENABLED) { /* each held from its time */
    attr(el(pts, "Target"), "parameter", p->id);
    for (size_t i = 0; i < p->a->n; i++) {
      xmlNode *pt = el(pts, "BoolPoint");
      attr(pt, "time", sp_mix_num(seconds(w->r, p->a->points[i].t)).text);
      attr(pt, "value", (p->a->points[i].v != 0) != (p->unit == P_ENABLED) ? "true" : "false");
    }
    return;
  }
  attr(pts, "unit", unit_name(p->unit));
  attr(el(pts, "Target"), "parameter", p->id);
  sp_mix_auto out = {0};
  const sp_mix_ramp hz = {true, false, NULL, 1e-3, true};
  const sp_mix_ramp pct = {false, false, percent_of_ratio, 0.01, false};
  for (size_t i = 0; i < p->a->n; i++) {
    const double t = seconds(w->r, p->a->points[i].t), v = p->a->points[i].v;
    if (i > 0 && (p->unit == P_HZ || p->unit == P_PERCENT)) {
      const double t0 = seconds(w->r, p->a->points[i - 1].t), v0 = p->a->points[i - 1].v;
      const size_t from = out.n;
      sp_mix_ramp_points(&out, p->unit == P_HZ ? &hz : &pct, t0, v0, t, v);
      for (size_t k = from; p->unit == P_PERCENT && k < out.n; k++)
        out.pts[k].v = 1 / (1 - out.pts[k].v / 100); /* back to a ratio, written below */
      out.pts[out.n - 1].v = v;
    } else {
      sp_mix_auto_point(&out, t, v);
    }
  }
  for (size_t i = 0; i < out.n; i++) {
    xmlNode *pt = el(pts, "RealPoint");
    attr(pt, "time", sp_mix_num(out.pts[i].t).text);
    attr(pt, "value", sp_mix_num(written(p->unit, out.pts[i].v)).text);
    attr(pt, "interpolation", "linear");
  }
  free(out.pts);
}

/* ---- devices ------------------------------------------------------------------ */

static double pv(const sp_insert *in, size_t set, const char *name)
{
  int k = sp_proc_param_index(in->cls, name);
  return k < 0 ? 0 : in->params[set * in->cls->n_params + (size_t)k];
}

/* Parameter pname of set `set` of in as parent's RealParameter name, in
 * unit u; when it moves, with an id its Points (lane l) target. */
static void param(writer *w, lane *l, xmlNode *parent, const char *name, const sp_insert *in,
                  size_t set, const char *pname, pending_unit u)
{
  const int k = sp_proc_param_index(in->cls, pname);
  const size_t q = set * in->cls->n_params + (size_t)(k < 0 ? 0 : k);
  const sp_auto *a = k >= 0 && in->automation && in->automation[q].n ? &in->automation[q] : NULL;
  char id[24];
  real(w, parent, name, unit_name(u), written(u, k < 0 ? 0 : in->params[q]), a ? id : NULL);
  if (a)
    want(l, id, a, u);
}

/* Whether parameter name of in moves (anywhere, in any set). */
static bool moves(const sp_insert *in, const char *name)
{
  const int k = sp_proc_param_index(in->cls, name);
  for (size_t set = 0; k >= 0 && in->automation && set < in->n_sets; set++)
    if (in->automation[set * in->cls->n_params + (size_t)k].n)
      return true;
  return false;
}

static bool at_default(const sp_insert *in, const char *name)
{
  int k = sp_proc_param_index(in->cls, name);
  return k < 0 || in->params[k] == in->cls->params[k].def;
}

static const char *choice(const sp_insert *in, size_t set, const char *name)
{
  int k = sp_proc_param_index(in->cls, name);
  return k < 0 ? "" : in->cls->params[k].choices[(int)pv(in, set, name)];
}

/* A device for in: its Enabled the insert's bypass, and a moving bypass
 * BoolPoints on it (lane l), which the import reads back as the same. */
static xmlNode *device(writer *w, lane *l, xmlNode *devs, const char *kind, const sp_insert *in,
                       const char *name)
{
  char id[24];
  xmlNode *dev = el(devs, kind);
  attr(dev, "deviceRole", "audioFX");
  attr(dev, "deviceName", name);
  attr(dev, "id", new_id(w, id));
  const bool moves = in->bypasses.n > 0;
  xmlNode *en = el(dev, "Enabled");
  attr(en, "value", (moves ? in->bypasses.points[0].v == 0 : !in->bypass) ? "true" : "false");
  if (moves) {
    attr(en, "id", new_id(w, id));
    want(l, id, &in->bypasses, P_ENABLED);
  }
  return dev;
}

static void equalizer(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  static const char *const from[] = {"peak",    "lowshelf", "highshelf", "highpass",
                                     "lowpass", "notch",    "bandpass"};
  static const char *const to[] = {"bell",    "lowShelf", "highShelf", "highPass",
                                   "lowPass", "notch",    "bandPass"};
  xmlNode *dev = device(w, l, devs, "Equalizer", in, "EQ");
  for (size_t b = 0; b < in->n_sets; b++) {
    const char *type = choice(in, b, "type");
    size_t k = 0;
    while (k < 7 && strcmp(type, from[k]) != 0)
      k++;
    xmlNode *band = el(dev, "Band");
    attr(band, "type", k < 7 ? to[k] : "bell");
    char order[24];
    snprintf(order, sizeof order, "%zu", b);
    attr(band, "order", order);
    param(w, l, band, "Freq", in, b, "freq", P_HZ);
    if (k <= 2)
      param(w, l, band, "Gain", in, b, "gain", P_DB);
    param(w, l, band, "Q", in, b, "q", P_LINEAR);
    if ((k == 3 || k == 4) && strcmp(choice(in, b, "slope"), "12") != 0)
      lost(w, in->path,
           "band %zu's 24 dB/oct slope (DAWproject's bands have no slope: it is "
           "written as 12 dB/oct)",
           b + 1);
  }
}

static void compressor(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  xmlNode *dev = device(w, l, devs, "Compressor", in, "Compressor");
  param(w, l, dev, "Attack", in, 0, "attack", P_SECONDS);
  /* makeup: auto is the format's AutoMakeup, with no gain after it */
  const int mk = sp_proc_param_index(in->cls, "makeup");
  const bool automatic = mk >= 0 && sp_proc_word(in->cls, mk, NULL, &in->params[mk]) &&
                         !(in->automation && in->automation[mk].n);
  boolean(dev, "AutoMakeup", automatic);
  if (automatic)
    real(w, dev, "OutputGain", "decibel", 0, NULL);
  else
    param(w, l, dev, "OutputGain", in, 0, "makeup", P_DB);
  param(w, l, dev, "Ratio", in, 0, "ratio", P_PERCENT);
  param(w, l, dev, "Release", in, 0, "release", P_SECONDS);
  param(w, l, dev, "Threshold", in, 0, "threshold", P_DB);
}

static void gate(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  xmlNode *dev = device(w, l, devs, "NoiseGate", in, "Gate");
  param(w, l, dev, "Attack", in, 0, "attack", P_SECONDS);
  param(w, l, dev, "Range", in, 0, "range", P_RANGE);
  param(w, l, dev, "Ratio", in, 0, "ratio", P_PERCENT);
  param(w, l, dev, "Release", in, 0, "release", P_SECONDS);
  param(w, l, dev, "Threshold", in, 0, "threshold", P_DB);
}

static void limiter(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  xmlNode *dev = device(w, l, devs, "Limiter", in, "Limiter");
  real(w, dev, "Attack", "seconds", pv(in, 0, "lookahead"), NULL);
  param(w, l, dev, "Release", in, 0, "release", P_SECONDS);
  param(w, l, dev, "Threshold", in, 0, "ceiling", P_DB);
}

/* A static gain: the format has no gain device, so an equalizer with no
 * bands and the gain as its output gain (read back as a gain insert). */
static void gain(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  xmlNode *dev = device(w, l, devs, "Equalizer", in, "Gain");
  param(w, l, dev, "OutputGain", in, 0, "gain", P_DB);
}

/* The parameters of a device's insert that the key table names
 * (io/session/dawproject_keys.c: a knee, a hold, a detector), each where
 * the recipe sets or moves it. */
static void named_params(writer *w, const sp_insert *in)
{
  const sp_proc_class *c = in->cls;
  const sp_export_fate *whole = sp_export_class_fate(c->name, NULL);
  if (!whole || whole->fate != SP_FATE_WRITTEN)
    return;
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *pr = &c->params[k];
    const sp_export_fate *f = sp_export_class_fate(c->name, pr->name);
    const bool moving = moves(in, pr->name);
    if (!f || f->fate != SP_FATE_NAMED || (at_default(in, pr->name) && !moving))
      continue;
    char value[64];
    if (pr->kind == SP_PARAM_CHOICE)
      snprintf(value, sizeof value, "%s", choice(in, 0, pr->name));
    else
      snprintf(value, sizeof value, "%s%s%s", sp_mix_num(in->params[k]).text,
               *sp_unit_name(pr->unit) ? " " : "", sp_unit_name(pr->unit));
    lost(w, in->path, "%s %s%s (%s)", pr->name, value, moving ? " and its automation" : "", f->why);
  }
}

static const char *entry_for(writer *w, const char *path, const char *folder, const char *as);

static xmlNode *param_el(writer *w, xmlNode *parent, const char *kind, const char *name)
{
  char id[24];
  xmlNode *p = el(parent, kind);
  attr(p, "name", name);
  attr(p, "id", new_id(w, id));
  return p;
}

/* The file holding an LV2 state (a state.ttl, or the folder that holds
 * one), heap; NULL when it names files of its own by path (an impulse
 * response, a sample: a relative IRI, a file: IRI, an atom:Path), which
 * the project would not carry with it. */
static char *state_ttl(const char *state, bool *names_files)
{
  struct stat st;
  char *ttl = stat(state, &st) == 0 && S_ISDIR(st.st_mode) ? sp_xasprintf("%s/state.ttl", state)
                                                           : sp_xstrdup(state);
  char *text = NULL;
  size_t n = 0;
  char why[256];
  *names_files = false;
  if (sp_fs_read_all(ttl, 16u << 20, &text, &n, why, sizeof why) != SP_OK)
    return ttl; /* the recipe read it: a render would say */
  *names_files = strstr(text, "atom:Path") != NULL || strstr(text, "<file:") != NULL;
  for (const char *c = strchr(text, '<'); c && !*names_files; c = strchr(c + 1, '<')) {
    const char *e = strchr(c, '>');
    if (!e)
      break;
    const size_t len = (size_t)(e - c - 1);
    *names_files = len > 0 && c[1] != '#' && memchr(c + 1, ':', len) == NULL &&
                   memchr(c + 1, ' ', len) == NULL && memchr(c + 1, '\n', len) == NULL;
  }
  free(text);
  if (*names_files) {
    free(ttl);
    return NULL;
  }
  return ttl;
}

/* A track's instrument as a DAWproject device (docs/sessions.md): an LV2
 * instrument as a Device named by its URI (deviceID), its parameters by
 * their port symbols, its state file as its State; a SoundFont as
 * stemprint's SoundFont device (SP_DAWPROJECT_SOUNDFONT), the .sf2 its
 * State. An import reads both back; a DAW sees a device it does not
 * have. */
static void instrument_device(writer *w, xmlNode *devs, const sp_insert *in, const char *track)
{
  const sp_proc_class *c = in->cls;
  const bool sf = strcmp(c->name, "soundfont") == 0;
  const char *uri = c->origin ? c->origin->uri : NULL;
  if (!sf && !uri) {
    lost(w, in->path, "an instrument DAWproject cannot name; left out");
    return;
  }
  char id[24];
  xmlNode *dev = el(devs, "Device");
  attr(dev, "deviceID", sf ? SP_DAWPROJECT_SOUNDFONT : uri);
  attr(dev, "deviceName", sf ? "SoundFont" : c->name);
  attr(dev, "deviceRole", "instrument");
  if (sf)
    attr(dev, "deviceVendor", "stemprint");
  attr(dev, "id", new_id(w, id));
  xmlNode *ps = el(dev, "Parameters");
  bool moving = false;
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *pr = &c->params[k];
    const double v = in->params[k];
    moving |= in->automation && in->automation[k].n > 0;
    /* The file is the State; a value at its default needs no saying, and
     * beside a state file only the recipe's own values are the recipe's. */
    if (sp_param_is_file(pr) || (in->given ? !in->given[k] : v == pr->def))
      continue;
    char num[40];
    snprintf(num, sizeof num, "%.0f", v);
    if (pr->kind == SP_PARAM_BOOL) {
      attr(param_el(w, ps, "BoolParameter", pr->name), "value", v != 0 ? "true" : "false");
    } else if (pr->kind == SP_PARAM_CHOICE) {
      xmlNode *p = param_el(w, ps, "EnumParameter", pr->name);
      size_t n = 0;
      while (pr->choices && pr->choices[n])
        n++;
      char count[24];
      snprintf(count, sizeof count, "%zu", n);
      attr(p, "count", count);
      attr(p, "value", num);
    } else if (sf && strcmp(pr->name, "gain") != 0) {
      attr(param_el(w, ps, "IntegerParameter", pr->name), "value", num);
    } else {
      xmlNode *p = param_el(w, ps, "RealParameter", pr->name);
      attr(p, "unit",
           pr->unit == SP_UNIT_DB        ? "decibel"
           : pr->unit == SP_UNIT_SECONDS ? "seconds"
           : pr->unit == SP_UNIT_HZ      ? "hertz"
                                         : "linear");
      attr(p, "value", sp_mix_num(v).text);
    }
  }
  if (!sp_xml_child(ps, NULL)) {
    xmlUnlinkNode(ps);
    xmlFreeNode(ps);
  }
  boolean(dev, "Enabled", !in->bypass);
  if (moving)
    lost(w, in->path,
         "the instrument's moving parameters (DAWproject's devices move their own parameters "
         "only): each is written at its first value");
  const char *file = NULL;
  char *ttl = NULL;
  char *name = NULL;
  if (sf) {
    const int k = sp_proc_param_index(c, "file");
    file = k >= 0 && in->files ? in->files[k] : NULL;
  } else if (in->state_file) {
    bool names_files = false;
    ttl = state_ttl(in->state_file, &names_files);
    if (names_files)
      lost(w, in->path,
           "the plugin's state (its file names files of its own, which the project would not "
           "carry): the plugin starts from its parameters");
    file = ttl;
    name = sp_xasprintf("%s.ttl", track);
  } else if (in->saved) {
    lost(w, in->path,
         "the preset (DAWproject names no LV2 preset): the plugin starts from its parameters; "
         "save its state with stemprint state and give it as 'state:' to export it");
  }
  /* A SoundFont is referenced where it lives (DAWproject's external file,
   * by its absolute path), as a plugin is: a library of a GM set is 141 MB,
   * and an import of an embedded one would extract it again beside the
   * recipe (unless `--embed` asks for a project that travels). A plugin's
   * state is the project's own and small: embedded. */
  char *at = sf && file && !w->embed ? realpath(file, NULL) : NULL;
  if (at) {
    xmlNode *state = el(dev, "State");
    attr(state, "path", at);
    attr(state, "external", "true");
  } else if (file) {
    attr(el(dev, "State"), "path", entry_for(w, file, sf ? "soundfonts" : "plugins", name));
  }
  free(at);
  free(name);
  free(ttl);
}

static void devices(writer *w, lane *l, xmlNode *ch, const sp_strip *s, const char *track)
{
  if (s->n_inserts == 0 && s->trim_db == 0)
    return;
  xmlNode *devs = el(ch, "Devices");
  const size_t first = s->instrument && s->n_inserts ? 1 : 0;
  if (first)
    instrument_device(w, devs, &s->inserts[0], track);
  if (s->trim_db != 0) {
    /* The trim comes before the inserts: a gain device first is the same. */
    char id[24];
    xmlNode *dev = el(devs, "Equalizer");
    attr(dev, "deviceRole", "audioFX");
    attr(dev, "deviceName", "Trim");
    attr(dev, "id", new_id(w, id));
    real(w, dev, "OutputGain", "decibel", s->trim_db, NULL);
  }
  for (size_t i = first; i < s->n_inserts; i++) {
    const sp_insert *in = &s->inserts[i];
    const char *name = in->cls->name;
    if (in->key_from)
      lost(w, in->path,
           "the key from '%s' (DAWproject has no sidechain): the device listens "
           "to its own input",
           in->key_from);
    if (in->n_on)
      lost(w, in->path, "'channels' (a DAWproject device runs on its whole channel)");
    if (in->n_detect)
      lost(w, in->path, "'detect' (a DAWproject device's detector hears its whole channel)");
    if (i >= s->n_inserts - s->n_post && !in->bypass && (s->gain.n > 0 || s->gain.value != 0))
      lost(w, in->path,
           "after the fader: a DAWproject channel's devices run before its volume, so this one "
           "hears the signal before the fader (the same only with the fader at 0 dB)");
    if (strcmp(name, "eq") == 0)
      equalizer(w, l, devs, in);
    else if (strcmp(name, "compressor") == 0)
      compressor(w, l, devs, in);
    else if (strcmp(name, "gate") == 0)
      gate(w, l, devs, in);
    else if (strcmp(name, "limiter") == 0)
      limiter(w, l, devs, in);
    else if (strcmp(name, "gain") == 0)
      gain(w, l, devs, in);
    else
      lost(w, in->path, "DAWproject has no generic %s device; left out", name);
    named_params(w, in);
  }
  if (!sp_xml_child(devs, NULL)) {
    xmlUnlinkNode(devs);
    xmlFreeNode(devs);
  }
}

/* A level as a Volume: dB, or linear 0 for silence (a decibel value must
 * be a number). */
static xmlNode *volume(writer *w, xmlNode *parent, const char *name, const sp_auto *a, char id[24])
{
  if (isinf(a->value) && sp_auto_is_constant(a))
    return real(w, parent, name, "linear", 0, id);
  return real(w, parent, name, "decibel", a->value, id);
}

/* ---- structure ------------------------------------------------------------------ */

static bool fed_by_to(const sp_recipe *r, const char *bus)
{
  for (size_t i = 0; i < r->n_tracks; i++)
    if (r->tracks[i].strip.to && strcmp(r->tracks[i].strip.to, bus) == 0)
      return true;
  for (size_t i = 0; i < r->n_buses; i++)
    if (r->buses[i].strip.to && strcmp(r->buses[i].strip.to, bus) == 0)
      return true;
  return false;
}

/* The channel id of a strip named name ("master" included). */
typedef struct ids {
  const char **names;
  char (*ch)[24];
  size_t n;
} ids;

static const char *channel_of(const ids *x, const char *name)
{
  for (size_t i = 0; i < x->n; i++)
    if (strcmp(x->names[i], name) == 0)
      return x->ch[i];
  return x->ch[0]; /* master */
}

/* A level that moves as Ardour plays it: DAWproject joins its points in dB. */
static void ramp_lost(writer *w, const char *kind, const char *name, const char *key,
                      const sp_auto *a)
{
  if (a->ramp == SP_RAMP_DB || sp_auto_is_constant(a))
    return;
  strip_lost(w, kind, name, key,
             a->ramp == SP_RAMP_DECLICK ? "'ramp: declick' (its points are exported, joined in dB)"
             : a->n_vca ? "'ramp: ardour' and its 'vca:' curves (its own points are exported, "
                          "joined in dB)"
                        : "'ramp: ardour' (its points are exported, joined in dB)");
}

/* What DAWproject's channel cannot say of a surround strip's routing: its
 * place in a wider destination, named channels, the LFE feed, a fold at
 * levels of its own (an import folds by BS.775). */
static void surround_losses(writer *w, const sp_strip *s, const char *kind, const char *name)
{
  if (s->has_position)
    strip_lost(w, kind, name, "pan",
               "the position (azimuth %g, elevation %g, spread %g; a DAWproject channel has a "
               "pan only): written as the pan across the front pair that plays the azimuth, %g%s%s",
               s->azimuth.value, s->elevation.value, s->spread, front_pan(s->azimuth.value),
               sp_auto_is_constant(&s->azimuth)
                   ? ""
                   : ", its automation as the pan's (joined linearly in pan, not round the circle)",
               sp_auto_is_constant(&s->elevation) ? "" : "; the elevation's automation");
  if (s->n_gains) {
    strip_lost(w, kind, name, "pan", "the gain matrix (a DAWproject channel has a pan only)");
  }
  if (s->n_direct) {
    strip_lost(w, kind, name, "channels",
               "the named channels (a DAWproject channel has a pan only)");
  }
  if (s->has_lfe) {
    strip_lost(w, kind, name, "lfe", "the LFE feed (a DAWproject channel has none)");
  }
  const sp_fold f = sp_fold_default();
  if (s->has_fold && (s->fold.centre_db != f.centre_db || s->fold.surround_db != f.surround_db ||
                      s->fold.height_db != f.height_db || s->fold.lfe_db != f.lfe_db)) {
    strip_lost(w, kind, name, "fold", "the fold's own levels (an import folds by BS.775's)");
  }
  for (size_t k = 0; k < s->n_sends; k++)
    if (s->sends[k].has_position) {
      const sp_send *sd = &s->sends[k];
      char key[48];
      snprintf(key, sizeof key, "sends[%zu].pan", k);
      strip_lost(w, kind, name, key,
                 "the send's position (azimuth %g, elevation %g; a DAWproject send has a pan "
                 "only): written as the pan across the front pair that plays the azimuth, %g%s",
                 sd->azimuth.value, sd->elevation.value, front_pan(sd->azimuth.value),
                 sp_auto_is_constant(&sd->azimuth) ? "" : ", its automation as the pan's");
    }
}

/* A channel of n audio channels (DAWproject says a layout by its count
 * alone: 6 is 5.1, 12 7.1.4). */
static void channel(writer *w, xmlNode *track, const sp_strip *s, int n, const char *role,
                    const char *ch_id, const ids *x, lane *l, const char *kind, const char *name)
{
  xmlNode *ch = el(track, "Channel");
  char count[16];
  snprintf(count, sizeof count, "%d", n > 2 ? n : 2);
  attr(ch, "audioChannels", count);
  const sp_layout *by_count = sp_layout_by_count(n);
  if (s->layout && s->layout->n > 2 && s->layout != by_count && strcmp(kind, "tracks") != 0) {
    strip_lost(w, kind, name, "layout",
               "the layout %s (DAWproject says %d channels, which an import reads as %s)",
               s->layout->name, n, by_count ? by_count->name : "stereo");
  }
  surround_losses(w, s, kind, name);
  if (strcmp(role, "master") != 0)
    attr(ch, "destination", s->to ? channel_of(x, s->to) : x->ch[0]);
  attr(ch, "role", role);
  if (s->solo)
    attr(ch, "solo", "true");
  attr(ch, "id", ch_id);
  devices(w, l, ch, s, name ? name : "master");
  char id[24];
  /* A bus that feeds nothing (a cue mix) is muted: the mix does not hear it.
   * A moving mute: its points, BoolPoints on the Mute (the import reads
   * them back as the same moving mute). */
  const bool moving_mute = s->mutes.n > 0 && !s->mute && !s->to_none;
  xmlNode *mute = el(ch, "Mute");
  attr(mute, "value",
       s->mute || s->to_none || (moving_mute && s->mutes.points[0].v != 0) ? "true" : "false");
  if (moving_mute) {
    attr(mute, "id", new_id(w, id));
    want(l, id, &s->mutes, P_BOOL);
  }
  const bool at = s->has_position;
  xmlNode *pan = real(w, ch, "Pan", "normalized",
                      written(at ? P_AZIMUTH : P_PAN, at ? s->azimuth.value : s->pan.value), id);
  attr(pan, "min", "0");
  attr(pan, "max", "1");
  want(l, id, at ? &s->azimuth : &s->pan, at ? P_AZIMUTH : P_PAN);
  if (s->n_sends) {
    xmlNode *sends = el(ch, "Sends");
    for (size_t k = 0; k < s->n_sends; k++) {
      const sp_send *sd = &s->sends[k];
      xmlNode *snd = el(sends, "Send");
      attr(snd, "destination", channel_of(x, sd->to));
      attr(snd, "type", sd->pre_fader ? "pre" : "post");
      const size_t passed = send_passes(s, sd);
      if (sd->fader_tap && passed < s->n_post) {
        char key[48], tap[96];
        snprintf(key, sizeof key, "sends[%zu].tap", k);
        if (passed)
          snprintf(tap, sizeof tap, "{after: %zu}", passed);
        strip_lost(w, kind, name, key,
                   "'tap: %s' (a DAWproject send is pre or post): written post, it hears "
                   "the inserts after the %s too",
                   passed ? tap : "fader", passed ? "ones it follows" : "fader");
      }
      attr(snd, "id", new_id(w, id));
      if (sd->has_pan || sd->has_position) {
        const bool sat = sd->has_position;
        xmlNode *sp =
            real(w, snd, "Pan", "normalized",
                 written(sat ? P_AZIMUTH : P_PAN, sat ? sd->azimuth.value : sd->pan.value), id);
        attr(sp, "min", "0");
        attr(sp, "max", "1");
        want(l, id, sat ? &sd->azimuth : &sd->pan, sat ? P_AZIMUTH : P_PAN);
      }
      volume(w, snd, "Volume", &sd->level, id);
      want(l, id, &sd->level, P_DB);
      char key[48];
      snprintf(key, sizeof key, "sends[%zu].level", k);
      ramp_lost(w, kind, name, key, &sd->level);
    }
  }
  volume(w, ch, "Volume", &s->gain, id);
  want(l, id, &s->gain, P_DB);
  ramp_lost(w, kind, name, "gain", &s->gain);
  if (s->invert || s->n_invert || s->inverts.n) {
    strip_lost(w, kind, name, "invert", "the polarity inversion (a DAWproject channel has none)");
  }
  if (s->mutes.n && !s->mute && s->to_none)
    strip_lost(w, kind, name, "mute", "the moving mute (the bus is muted: 'to: none')");
  if (s->has_width && s->widths.n)
    strip_lost(w, kind, name, "width",
               "the moving stereo width (a DAWproject channel has a pan only)");
  else if (s->has_width)
    strip_lost(w, kind, name, "width", "the stereo width %g (a DAWproject channel has a pan only)",
               s->width);
  if (s->print) {
    strip_lost(w, kind, name, "print", "printing the bus (printed buses are stemprint's)");
  }
  if (s->to_none) {
    strip_lost(w, kind, name, "to",
               "'to: none': a DAWproject bus feeds master, so it is muted instead");
  }
  if (s->object)
    strip_lost(w, kind, name, "object",
               "the ADM object (a DAWproject has no objects: the bus is a channel, panned as "
               "its pan says)");
  if (s->trims.n)
    strip_lost(w, kind, name, "trim",
               "the moving trim (DAWproject's gain device does not move here): written at its "
               "first value, %g dB",
               s->trim_db);
  if (s->keep_objects)
    strip_lost(w, kind, name, "objects",
               "'objects: keep' (a DAWproject has no objects: the file plays as its audio)");
  if (s->bed)
    strip_lost(w, kind, name, "bed",
               "the ADM bed (a DAWproject has no beds: the bus is a channel of its layout)");
}

/* The entry a file is embedded as: folder/<its name> (audio/, soundfonts/,
 * plugins/), or folder/<as> when as is not NULL, made unique. */
static const char *entry_for(writer *w, const char *path, const char *folder, const char *as)
{
  for (size_t i = 0; i < w->n_files; i++)
    if (strcmp(w->files[i], path) == 0)
      return w->entries[i];
  const char *slash = strrchr(path, '/');
  const char *base = as ? as : slash ? slash + 1 : path;
  char *e = sp_xasprintf("%s/%s", folder, base);
  for (int k = 2;; k++) {
    bool clash = false;
    for (size_t i = 0; i < w->n_files && !clash; i++)
      clash = strcmp(w->entries[i], e) == 0;
    if (!clash)
      break;
    free(e);
    e = sp_xasprintf("%s/%d_%s", folder, k, base);
  }
  w->files = sp_xreallocarray(w->files, w->n_files + 1, sizeof *w->files);
  w->entries = sp_xreallocarray(w->entries, w->n_files + 1, sizeof *w->entries);
  w->files[w->n_files] = sp_xstrdup(path);
  w->entries[w->n_files++] = e;
  return e;
}

/* What a DAWproject clip cannot hold of region i of t (len seconds long):
 * its own gain and envelope, a fade's shape (a clip's fades have only a
 * length), fades that overlap and its opacity (DAWproject says nothing of
 * either). */
static void region_losses(writer *w, const sp_track *t, size_t i, double len)
{
  const sp_region *g = &t->regions[i];
  char *rp = t->regions_listed ? sp_xasprintf("tracks.%s.regions[%zu]", t->name, i)
                               : sp_xasprintf("tracks.%s", t->name);
  if (g->gain_db != 0)
    lost(w, rp, "the region's gain, %g dB (a DAWproject clip has none)", g->gain_db);
  if (g->envelope.n > 0)
    lost(w, rp, "the region's gain envelope (a DAWproject clip has none)");
  if (g->stretch && g->stretch->pitch_st != 0)
    lost(w, rp, "the region's pitch shift, %g st (a DAWproject clip has none)",
         g->stretch->pitch_st);
  if (g->channel)
    lost(w, rp,
         "'channel: %d', one channel of its file alone (a DAWproject clip plays its file's "
         "channels; exported as the whole file)",
         g->channel);
  if (g->opaque)
    lost(w, rp,
         "'opaque: true' (DAWproject does not say how overlapping clips play; exported as "
         "clips in list order, and the DAW decides)");
  double fin = seconds(w->r, g->fade_in), fout = seconds(w->r, g->fade_out);
  if (fin + fout > len)
    lost(w, rp,
         "fades that overlap (%g s in and %g s out of a %g s clip), which the recipe sums where "
         "both play, as Ardour does (DAWproject does not say how they play; exported as they "
         "are, and the DAW decides)",
         fin, fout, len);
  for (int in = 1; in >= 0; in--) {
    sp_fade_shape sh = in ? g->fade_in_shape : g->fade_out_shape;
    if (sh == SP_FADE_RAMP)
      continue;
    char *fp = sp_xasprintf("%s.%s", rp, in ? "fade_in" : "fade_out");
    lost(w, fp,
         "the fade's shape (%s): a DAWproject clip's fade has a length only, drawn as the "
         "DAW draws it",
         sh == SP_FADE_DEFAULT  ? "Ardour's default"
         : sh == SP_FADE_CURVE  ? "a curve"
         : sh == SP_FADE_POINTS ? "points drawn as Ardour draws a saved list"
                                : sp_fade_shape_name(sh));
    free(fp);
  }
  free(rp);
}

static void clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id)
{
  char id[24];
  xmlNode *ln = el(lanes_el, "Lanes");
  attr(ln, "track", track_id);
  attr(ln, "id", new_id(w, id));
  xmlNode *cl = el(ln, "Clips");
  attr(cl, "id", new_id(w, id));
  for (size_t i = 0; i < t->n_regions; i++) {
    const sp_region *g = &t->regions[i];
    sp_audio_info info;
    char why[512];
    if (sp_media_probe(w->media, g->path, &info, why, sizeof why) != SP_OK) {
      sp_diags_add_whole(w->d, SP_SEV_ERROR, SP_ERR_IO, "%s", why);
      w->rc = SP_ERR_IO;
      continue;
    }
    double file_s = (double)info.frames / info.sample_rate;
    double from = seconds(w->r, g->from);
    /* A stretched region: its warp's points (a ratio's two), clip time
     * against file time, the clip's content time being the region's. */
    const sp_stretch *st = g->stretch;
    size_t nw = st ? (st->n >= 2 ? st->n : 2) : 0;
    double *ws = sp_xcalloc(nw ? nw : 1, sizeof *ws), *wa = sp_xcalloc(nw ? nw : 1, sizeof *wa);
    if (st && st->n >= 2) {
      for (size_t k = 0; k < nw; k++) {
        ws[k] = seconds(w->r, st->src[k]);
        wa[k] = seconds(w->r, st->at[k]);
      }
    } else if (st) {
      ws[0] = from;
      ws[1] = file_s;
      wa[1] = (file_s - from) * (st->ratio > 0 ? st->ratio : 1.0);
    }
    double len = g->has_length ? seconds(w->r, g->length) : nw ? wa[nw - 1] : file_s - from;
    xmlNode *c = el(cl, "Clip");
    attr(c, "time", sp_mix_num(seconds(w->r, g->at)).text);
    attr(c, "duration", sp_mix_num(len).text);
    attr(c, "contentTimeUnit", "seconds");
    attr(c, "playStart", sp_mix_num(nw ? 0 : from).text);
    attr(c, "fadeTimeUnit", "seconds");
    attr(c, "fadeInTime", sp_mix_num(seconds(w->r, g->fade_in)).text);
    attr(c, "fadeOutTime", sp_mix_num(seconds(w->r, g->fade_out)).text);
    region_losses(w, t, i, len);
    xmlNode *wp = NULL;
    if (nw) {
      wp = el(c, "Warps");
      attr(wp, "timeUnit", "seconds");
      attr(wp, "contentTimeUnit", "seconds");
      attr(wp, "id", new_id(w, id));
    }
    xmlNode *au = el(wp ? wp : c, "Audio");
    char b[32];
    snprintf(b, sizeof b, "%d", info.channels);
    attr(au, "channels", b);
    attr(au, "duration", sp_mix_num(file_s).text);
    snprintf(b, sizeof b, "%d", info.sample_rate);
    attr(au, "sampleRate", b);
    attr(au, "id", new_id(w, id));
    attr(el(au, "File"), "path", entry_for(w, g->path, "audio", NULL));
    for (size_t k = 0; k < nw; k++) {
      xmlNode *p = el(wp, "Warp");
      attr(p, "time", sp_mix_num(wa[k]).text);
      attr(p, "contentTime", sp_mix_num(ws[k]).text);
    }
    free(ws);
    free(wa);
  }
}

/* ---- instrument tracks ------------------------------------------------------------ */

/* An instrument track's events (sp_node.events: what its regions play,
 * their edges included) as note clips: the regions that overlap or touch
 * make one clip, from the first's start to the last's end, holding the
 * notes (each note-on and the note-off that ends it) and the other
 * messages as Points of MIDI expression, one a channel and kind, at the
 * frames they play. The last clip ends where the track's last region
 * does, and the notes and pedals its end closes are left to the import's
 * region to close there too, so the round trip ends the render on the
 * same frame; the others reach one frame past their end. */

typedef struct xnote {
  int64_t on, off;
  int ch, key, vel, rel;
  size_t next; /* the next note open on its key (SIZE_MAX: none) */
} xnote;

typedef struct xpoint {
  int64_t frame;
  int q;
} xpoint;

typedef struct xlane {
  int ch, rank;
  uint8_t status, num; /* the message's status (high nibble) and controller or key */
  xpoint *v;
  size_t n;
} xlane;

/* Where a message's lane sorts: per channel as a region's start sends its
 * state (core/graph/notes.c): bank, program, controllers, bend, pressure. */
static int rank_of(const uint8_t *m)
{
  switch (m[0] & 0xF0) {
  case 0xB0: return m[1] == 0 ? 0 : m[1] == 32 ? 1 : 3 + m[1];
  case 0xC0: return 2;
  case 0xE0: return 200;
  case 0xD0: return 201;
  default: return 300 + m[1]; /* 0xA0, polyphonic pressure by key */
  }
}

static int cmp_lane(const void *pa, const void *pb)
{
  const xlane *a = pa, *b = pb;
  return a->ch != b->ch ? (a->ch < b->ch ? -1 : 1) : (a->rank > b->rank) - (a->rank < b->rank);
}

static bool is_off(const sp_event *e)
{
  return (e->msg[0] & 0xF0) == 0x80 || ((e->msg[0] & 0xF0) == 0x90 && e->msg[2] == 0);
}

/* e as an import plays it back: a note-on of velocity 0 is a note-off. */
static sp_event plain(const sp_event *e)
{
  sp_event x = *e;
  if (is_off(e))
    x.msg[0] = (uint8_t)(0x80 | (e->msg[0] & 0x0F));
  return x;
}

static bool same_event(const sp_event *a, const sp_event *b)
{
  return a->frame == b->frame && a->size == b->size && memcmp(a->msg, b->msg, a->size) == 0;
}

/* How many frames of want (n, in play order) an import plays otherwise
 * than got (m), the first of them into *first. */
static size_t frames_differ(const sp_event *want, size_t n, const sp_event *got, size_t m,
                            int64_t *first)
{
  size_t bad = 0, i = 0, j = 0;
  while (i < n || j < m) {
    const int64_t f =
        i < n && (j >= m || want[i].frame <= got[j].frame) ? want[i].frame : got[j].frame;
    bool differs = false;
    while (i < n && want[i].frame == f && j < m && got[j].frame == f)
      differs |= !same_event(&want[i++], &got[j++]);
    while (i < n && want[i].frame == f)
      differs = true, i++;
    while (j < m && got[j].frame == f)
      differs = true, j++;
    if (differs && bad++ == 0)
      *first = f;
  }
  return bad;
}

static void notes_clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id)
{
  const sp_node *node = w->g ? sp_graph_node_of(w->g, &t->strip) : NULL;
  if (!node || node->events.n == 0)
    return;
  const double rate = w->r->sample_rate;
  const sp_events *ev = &node->events;
  /* The regions' spans, those that overlap or touch merged. */
  int64_t(*span)[2] = sp_xcalloc(node->n_regions + 1, sizeof *span);
  size_t n_span = 0;
  for (size_t k = 0; k < node->n_regions; k++)
    if (node->regions[k].midi) {
      span[n_span][0] = node->regions[k].at;
      span[n_span++][1] = node->regions[k].at + node->regions[k].length;
    }
  for (size_t i = 1; i < n_span; i++) /* by start (few regions) */
    for (size_t j = i; j > 0 && span[j][0] < span[j - 1][0]; j--) {
      int64_t a = span[j][0], b = span[j][1];
      span[j][0] = span[j - 1][0], span[j][1] = span[j - 1][1];
      span[j - 1][0] = a, span[j - 1][1] = b;
    }
  size_t n_group = 0;
  for (size_t i = 0; i < n_span; i++) {
    if (n_group && span[i][0] <= span[n_group - 1][1]) {
      if (span[i][1] > span[n_group - 1][1])
        span[n_group - 1][1] = span[i][1];
    } else {
      span[n_group][0] = span[i][0];
      span[n_group++][1] = span[i][1];
    }
  }
  char id[24];
  xmlNode *ln = el(lanes_el, "Lanes");
  attr(ln, "track", track_id);
  attr(ln, "timeUnit", "beats"); /* notes on the DAW's grid, through the tempo map */
  attr(ln, "id", new_id(w, id));
  xmlNode *cl = el(ln, "Clips");
  attr(cl, "id", new_id(w, id));
  size_t e_i = 0, stray = 0, reordered = 0;
  int64_t first_reordered = 0;
  for (size_t g = 0; g < n_group && e_i < ev->n; g++) {
    const bool last = g + 1 == n_group;
    const int64_t a = span[g][0], e = span[g][1], clip_end = last ? e : e + 1;
    /* The group's events, paired into notes; the rest into lanes. */
    xnote *notes = NULL;
    size_t n_notes = 0;
    xlane *lanes = NULL;
    size_t n_lanes = 0;
    sp_event *want = NULL;
    size_t n_want = 0;
    size_t head[16][128], tail[16][128];
    memset(head, 0xFF, sizeof head);
    memset(tail, 0xFF, sizeof tail);
    for (; e_i < ev->n && ev->v[e_i].frame < clip_end; e_i++) {
      const sp_event *x = &ev->v[e_i];
      const int ch = x->msg[0] & 0x0F, st = x->msg[0] & 0xF0;
      if (st == 0x90 && x->msg[2] > 0) {
        notes = sp_xreallocarray(notes, n_notes + 1, sizeof *notes);
        notes[n_notes] = (xnote){x->frame, -1, ch, x->msg[1], x->msg[2], 0, SIZE_MAX};
        if (tail[ch][x->msg[1]] != SIZE_MAX)
          notes[tail[ch][x->msg[1]]].next = n_notes;
        else
          head[ch][x->msg[1]] = n_notes;
        tail[ch][x->msg[1]] = n_notes++;
      } else if (is_off(x)) {
        const size_t k = head[ch][x->msg[1]];
        if (k == SIZE_MAX) {
          stray++;
          continue;
        }
        notes[k].off = x->frame;
        notes[k].rel = st == 0x80 ? x->msg[2] : 0;
        head[ch][x->msg[1]] = notes[k].next;
        if (head[ch][x->msg[1]] == SIZE_MAX)
          tail[ch][x->msg[1]] = SIZE_MAX;
      } else {
        const int rank = rank_of(x->msg);
        size_t k = 0;
        while (k < n_lanes && !(lanes[k].ch == ch && lanes[k].rank == rank))
          k++;
        if (k == n_lanes) {
          lanes = sp_xreallocarray(lanes, n_lanes + 1, sizeof *lanes);
          lanes[n_lanes++] =
              (xlane){ch, rank, (uint8_t)st, st == 0xB0 || st == 0xA0 ? x->msg[1] : 0, NULL, 0};
        }
        xlane *l = &lanes[k];
        l->v = sp_xreallocarray(l->v, l->n + 1, sizeof *l->v);
        l->v[l->n++] = (xpoint){x->frame, st == 0xE0                 ? x->msg[1] | x->msg[2] << 7
                                          : st == 0xB0 || st == 0xA0 ? x->msg[2]
                                                                     : x->msg[1]};
      }
      want = sp_xreallocarray(want, n_want + 1, sizeof *want);
      want[n_want++] = plain(x);
    }
    /* The notes still on (the last clip's end closes them), ended there. */
    for (size_t k = 0; k < n_notes; k++)
      if (notes[k].off < 0)
        notes[k].off = clip_end;
    if (n_lanes > 1)
      qsort(lanes, n_lanes, sizeof *lanes, cmp_lane);
    /* The clip. */
    xmlNode *c = el(cl, "Clip");
    const double b0 = beat_at(w, (double)a / rate);
    attr(c, "time", sp_mix_num(b0).text);
    attr(c, "duration", sp_mix_num(beat_at(w, (double)clip_end / rate) - b0).text);
    attr(c, "contentTimeUnit", "beats");
    attr(c, "playStart", "0");
    xmlNode *cln = el(c, "Lanes");
    attr(cln, "id", new_id(w, id));
    sp_part back = {0}; /* what an import plays */
    if (n_notes) {
      xmlNode *ns = el(cln, "Notes");
      attr(ns, "id", new_id(w, id));
      for (size_t k = 0; k < n_notes; k++) {
        const xnote *x = &notes[k];
        xmlNode *nt = el(ns, "Note");
        char b[16];
        const double on = beat_at(w, (double)x->on / rate);
        attr(nt, "time", sp_mix_num(on - b0).text);
        attr(nt, "duration", sp_mix_num(beat_at(w, (double)x->off / rate) - on).text);
        snprintf(b, sizeof b, "%d", x->ch);
        attr(nt, "channel", b);
        snprintf(b, sizeof b, "%d", x->key);
        attr(nt, "key", b);
        attr(nt, "vel", sp_mix_num(x->vel / 127.0).text);
        attr(nt, "rel", sp_mix_num(x->rel / 127.0).text);
        sp_part_note(&back, x->on, x->off, x->ch, x->key, x->vel, x->rel, false);
      }
    }
    for (size_t k = 0; k < n_lanes; k++) {
      const xlane *l = &lanes[k];
      static const char *const kinds[] = {"polyPressure", "channelController", "programChange",
                                          "channelPressure", "pitchBend"};
      const int kind = (l->status >> 4) - 0xA; /* A0 B0 C0 D0 E0 */
      const bool program = l->status == 0xC0;
      xmlNode *pts = el(cln, "Points");
      attr(pts, "id", new_id(w, id));
      if (!program)
        attr(pts, "unit", "normalized");
      xmlNode *tg = el(pts, "Target");
      attr(tg, "expression", kinds[kind]);
      char b[16];
      snprintf(b, sizeof b, "%d", l->ch);
      attr(tg, "channel", b);
      if (l->status == 0xB0 || l->status == 0xA0) {
        snprintf(b, sizeof b, "%d", l->num);
        attr(tg, l->status == 0xB0 ? "controller" : "key", b);
      }
      const double steps = l->status == 0xE0 ? 16383 : 127;
      for (size_t i = 0; i < l->n; i++) {
        xmlNode *p = el(pts, program ? "IntegerPoint" : "RealPoint");
        attr(p, "time", sp_mix_num(beat_at(w, (double)l->v[i].frame / rate) - b0).text);
        if (program) {
          snprintf(b, sizeof b, "%d", l->v[i].q);
          attr(p, "value", b);
        } else {
          attr(p, "value", sp_mix_num(l->v[i].q / steps).text);
          attr(p, "interpolation", "hold");
        }
        const int q = l->v[i].q;
        const uint8_t m[3] = {(uint8_t)(l->status | l->ch),
                              l->status == 0xE0                        ? (uint8_t)(q & 0x7F)
                              : l->status == 0xB0 || l->status == 0xA0 ? l->num
                                                                       : (uint8_t)q,
                              l->status == 0xE0 ? (uint8_t)(q >> 7) : (uint8_t)q};
        sp_part_control(&back, l->v[i].frame, m, l->status == 0xC0 || l->status == 0xD0 ? 2 : 3);
      }
    }
    /* Read back: the same messages, in the order an import plays them? */
    sp_part_sort(&back);
    sp_event *got = sp_xcalloc(back.n + 1, sizeof *got);
    size_t n_got = 0;
    for (size_t i = 0; i < back.n; i++)
      if (back.v[i].frame < clip_end)
        got[n_got++] = (sp_event){back.v[i].frame,
                                  back.v[i].size,
                                  {back.v[i].msg[0], back.v[i].msg[1], back.v[i].msg[2]}};
    int64_t f0 = 0;
    size_t bad = frames_differ(want, n_want, got, n_got, &f0);
    if (last) {
      /* What the track's end closes: in the stream, and as a region
       * closes what it leaves on (core/graph/notes.c). */
      sp_event *closes = NULL, *made = NULL;
      size_t n_closes = 0, n_made = 0;
      for (; e_i < ev->n; e_i++) {
        closes = sp_xreallocarray(closes, n_closes + 1, sizeof *closes);
        closes[n_closes++] = plain(&ev->v[e_i]);
      }
      unsigned on[16][128] = {{0}};
      bool pedal[16] = {false};
      for (size_t i = 0; i < n_got; i++) {
        const sp_event *x = &got[i];
        const int ch = x->msg[0] & 0x0F;
        if ((x->msg[0] & 0xF0) == 0x90)
          on[ch][x->msg[1]]++;
        else if ((x->msg[0] & 0xF0) == 0x80 && on[ch][x->msg[1]])
          on[ch][x->msg[1]]--;
        else if ((x->msg[0] & 0xF0) == 0xB0 && x->msg[1] == 64)
          pedal[ch] = x->msg[2] >= 64;
      }
      for (int ch = 0; ch < 16; ch++) {
        if (pedal[ch]) {
          made = sp_xreallocarray(made, n_made + 1, sizeof *made);
          made[n_made++] = (sp_event){e, 3, {(uint8_t)(0xB0 | ch), 64, 0}};
        }
        for (int k = 0; k < 128; k++)
          for (unsigned i = 0; i < on[ch][k]; i++) {
            made = sp_xreallocarray(made, n_made + 1, sizeof *made);
            made[n_made++] = (sp_event){e, 3, {(uint8_t)(0x80 | ch), (uint8_t)k, 0}};
          }
      }
      int64_t f1 = 0;
      if (frames_differ(closes, n_closes, made, n_made, &f1) && bad++ == 0)
        f0 = f1;
      free(closes);
      free(made);
    }
    if (bad && reordered == 0)
      first_reordered = f0;
    reordered += bad;
    free(got);
    sp_part_fini(&back);
    free(want);
    free(notes);
    for (size_t k = 0; k < n_lanes; k++)
      free(lanes[k].v);
    free(lanes);
  }
  free(span);
  if (stray)
    strip_lost(w, "tracks", t->name, "regions",
               "%zu note-off%s with no note-on before %s (a region that starts inside a note "
               "ends it): a DAWproject note has both ends",
               stray, stray == 1 ? "" : "s", stray == 1 ? "it" : "them");
  if (reordered)
    strip_lost(w, "tracks", t->name, "regions",
               "the order of the MIDI messages at %zu frame%s (the first at %.6f s): a "
               "DAWproject orders no notes and controllers at one time, and read back each frame "
               "plays its controllers, then note-offs, then note-ons",
               reordered, reordered == 1 ? "" : "s", (double)first_reordered / rate);
}

/* A track's channels: its layout's, else its widest file's (unprobed
 * files are clips()'s to report). */
static int track_channels(writer *w, const sp_track *t)
{
  if (t->strip.layout)
    return t->strip.layout->n;
  int n = 2;
  for (size_t i = 0; i < t->n_regions; i++) {
    sp_audio_info info;
    char why[512];
    if (sp_media_probe(w->media, t->regions[i].path, &info, why, sizeof why) == SP_OK &&
        info.channels > n)
      n = info.channels;
  }
  return n;
}

/* The tempo map of MIDI file f played with its second 0 at second d of
 * the timeline, from the timeline's 0 on (the tempo in force there
 * first: the file's before it, 120 bpm before its first change); its
 * points (heap), *n of them. Repeats of a tempo are dropped. */
static tempo_pt *file_tempo(const sp_midi_file *f, double d, size_t *n)
{
  tempo_pt *v = sp_xcalloc(f->n_tempos + 1, sizeof *v);
  v[0] = (tempo_pt){0, 120, 0};
  *n = 1;
  for (size_t j = 0; j < f->n_tempos; j++) {
    const double sec = d + f->tempos[j].seconds, bpm = 60e6 / f->tempos[j].us_per_quarter;
    if (sec <= fmax(d, 0)) /* in force where the file or the timeline starts: before it too */
      v[0].bpm = bpm;
    else if (bpm != v[*n - 1].bpm)
      v[(*n)++] = (tempo_pt){sec, bpm, 0};
  }
  for (size_t j = 1; j < *n; j++)
    v[j].beat = on_grid(v[j - 1].beat + (v[j].sec - v[j - 1].sec) * v[j - 1].bpm / 60);
  return v;
}

static bool same_tempo(const tempo_pt *a, size_t na, const tempo_pt *b, size_t nb)
{
  if (na != nb)
    return false;
  for (size_t i = 0; i < na; i++)
    if (fabs(a[i].sec - b[i].sec) > 1e-9 || a[i].bpm != b[i].bpm)
      return false;
  return true;
}

/* The project's tempo map: its MIDI regions' files' (docs/sessions.md):
 * the first MIDI region's file's tempo map, placed as the region plays
 * it, and each other region whose file's map, so placed, is another is
 * named (its notes keep their times, in beats of the project's map); 120
 * bpm throughout without a MIDI region. A map of a tempo DAWproject's
 * readers refuse (above 1000 bpm) is named, and 120 bpm written. */
static void tempo_map(writer *w)
{
  const char *from = NULL;
  for (size_t i = 0; i < w->r->n_tracks; i++) {
    const sp_track *t = &w->r->tracks[i];
    for (size_t k = 0; t->strip.instrument && k < t->n_regions; k++) {
      const sp_region *g = &t->regions[k];
      sp_midi_file *f = NULL;
      char why[512];
      if (!g->midi || !w->media->midi ||
          w->media->midi(w->media, g->path, &f, why, sizeof why) != SP_OK)
        continue; /* the graph read it: not a MIDI region, or said */
      size_t n = 0;
      tempo_pt *v = file_tempo(f, seconds(w->r, g->at) - seconds(w->r, g->from), &n);
      sp_midi_file_free(f);
      char *rp = t->regions_listed ? sp_xasprintf("tracks.%s.regions[%zu]", t->name, k)
                                   : sp_xasprintf("tracks.%s", t->name);
      if (!from) {
        w->tempo = v;
        w->n_tempo = n;
        from = sp_xstrdup(rp);
      } else {
        if (!same_tempo(v, n, w->tempo, w->n_tempo))
          lost(w, rp,
               "its MIDI file's tempo map, as the region plays it (the project has one tempo "
               "map, %s's): its notes are at their times, in beats of the project's",
               from);
        free(v);
      }
      free(rp);
    }
  }
  for (size_t i = 0; i < w->n_tempo; i++)
    if (w->tempo[i].bpm > 1000) {
      lost(w, from,
           "the tempo map of its MIDI file (a tempo of %g bpm, above DAWproject's 1000): 120 bpm "
           "written, the notes at their times",
           w->tempo[i].bpm);
      w->n_tempo = 0;
      break;
    }
  free((char *)from);
  if (w->n_tempo == 0) {
    free(w->tempo);
    w->tempo = sp_xcalloc(1, sizeof *w->tempo);
    w->tempo[0] = (tempo_pt){0, 120, 0};
    w->n_tempo = 1;
  }
}

static bool written_key(const void *ctx, const char *path)
{
  return sp_recipe_written(((const writer *)ctx)->r, path);
}

/* A key the table names, unless the exporter's own code named it already
 * (with its value: "the stereo width 0.5"). */
static void name_key(void *ctx, const char *path, const char *why)
{
  writer *w = ctx;
  const size_t n = strlen(path);
  for (const char *l = w->left_out; l && *l;) {
    if (strncmp(l, path, n) == 0 && l[n] == '\t')
      return;
    const char *nl = strchr(l, '\n');
    l = nl ? nl + 1 : NULL;
  }
  lost(w, path, "%s", why);
}

/* The session rate an import of the project takes (io/session/
 * dawproject.c, choose_rate): the rate most of its clips' audio has (the
 * first of a tie), else 48 kHz. */
static double import_rate(writer *w)
{
  double seen[8] = {0};
  size_t count[8] = {0};
  for (size_t i = 0; i < w->r->n_tracks; i++) {
    const sp_track *t = &w->r->tracks[i];
    for (size_t k = 0; !t->strip.instrument && k < t->n_regions; k++) {
      sp_audio_info info;
      char why[512];
      if (sp_media_probe(w->media, t->regions[k].path, &info, why, sizeof why) != SP_OK)
        continue;
      for (size_t j = 0; j < 8; j++)
        if (count[j] == 0 || seen[j] == info.sample_rate) {
          seen[j] = info.sample_rate;
          count[j]++;
          break;
        }
    }
  }
  size_t best = 0;
  for (size_t j = 1; j < 8; j++)
    if (count[j] > count[best])
      best = j;
  return count[best] && seen[best] >= 8000 && seen[best] <= 768000 ? seen[best] : 48000;
}

/* Whether the recipe's stems are those an import of the project makes
 * (docs/sessions.md, Stems): each top-level bus and each track straight
 * to master a stem named after it, of the tracks that reach it by `to`,
 * split by source. Stems are compared by what they hold, so `rhythm:
 * [bass, drums]` is `rhythm: [rhythm]` when bass and drums are what
 * reaches the bus rhythm, and nothing else does. */
static const sp_bus *bus_named(const sp_recipe *r, const char *name)
{
  for (size_t i = 0; name && i < r->n_buses; i++)
    if (strcmp(r->buses[i].name, name) == 0)
      return &r->buses[i];
  return NULL;
}

/* Whether track t reaches the strip named name by its `to` chain (itself
 * included). */
static bool reaches(const sp_recipe *r, const sp_track *t, const char *name)
{
  if (strcmp(t->name, name) == 0)
    return true;
  const char *to = t->strip.to;
  for (size_t hops = 0; to && hops <= r->n_buses; hops++) {
    if (strcmp(to, name) == 0)
      return true;
    const sp_bus *b = bus_named(r, to);
    to = b && !b->strip.to_none ? b->strip.to : NULL;
  }
  return false;
}

/* The strip whose stem an import puts track t in: the last bus of its
 * `to` chain (master's input), else the track itself. */
static const char *import_stem(const sp_recipe *r, const sp_track *t)
{
  const char *top = t->name, *to = t->strip.to;
  for (size_t hops = 0; to && hops <= r->n_buses; hops++) {
    const sp_bus *b = bus_named(r, to);
    if (!b)
      break;
    top = b->name;
    to = b->strip.to_none ? NULL : b->strip.to;
  }
  return top;
}

static bool stems_follow_groups(const sp_recipe *r)
{
  if (r->split != SP_SPLIT_SOURCES)
    return false;
  size_t n_import = 0; /* the distinct stems an import makes */
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *t = &r->tracks[i];
    if (t->strip.mute)
      continue; /* in no stem of an import's; silent in any of the recipe's */
    const char *top = import_stem(r, t);
    bool first = true;
    for (size_t j = 0; j < i && first; j++)
      first = r->tracks[j].strip.mute || strcmp(import_stem(r, &r->tracks[j]), top) != 0;
    n_import += first;
    for (size_t k = 0; k < r->n_stems; k++) {
      const sp_stem *st = &r->stems[k];
      bool in = false;
      for (size_t m = 0; m < st->n_members && !in; m++)
        in = reaches(r, t, st->members[m]);
      if (in != (strcmp(st->name, top) == 0))
        return false;
    }
  }
  return r->n_stems == n_import;
}

sp_err sp_session_export(const sp_recipe *r, const sp_graph *g, const char *path, sp_diags *d)
{
  return sp_session_export_with(r, g, path, NULL, d);
}

sp_err sp_session_export_with(const sp_recipe *r, const sp_graph *g, const char *path,
                              const sp_export_opts *o, sp_diags *d)
{
  writer w = {.r = r, .g = g, .media = sp_graph_media(g), .d = d, .embed = o && o->embed};
  w.doc = xmlNewDoc((const xmlChar *)"1.0");
  xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"Project");
  xmlDocSetRootElement(w.doc, root);
  attr(root, "version", "1.0");
  xmlNode *app = el(root, "Application");
  attr(app, "name", "stemprint");
  attr(app, "version", SP_VERSION);
  tempo_map(&w);
  xmlNode *tr = el(root, "Transport");
  char id[24], tempo_id[24];
  real(&w, tr, "Tempo", "bpm", w.tempo[0].bpm, tempo_id);
  xmlNode *st = el(root, "Structure");

  /* Channel ids: master first, then buses and tracks by name. */
  size_t n = 1 + r->n_buses + r->n_tracks;
  ids x = {sp_xcalloc(n, sizeof *x.names), sp_xcalloc(n, sizeof *x.ch), n};
  x.names[0] = "master";
  for (size_t i = 0; i < r->n_buses; i++)
    x.names[1 + i] = r->buses[i].name;
  for (size_t i = 0; i < r->n_tracks; i++)
    x.names[1 + r->n_buses + i] = r->tracks[i].name;
  for (size_t i = 0; i < n; i++)
    new_id(&w, x.ch[i]);
  lane *lanes = sp_xcalloc(n, sizeof *lanes);

  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *t = &r->tracks[i];
    const sp_node *node = t->strip.instrument && g ? sp_graph_node_of(g, &t->strip) : NULL;
    xmlNode *tk = el(st, "Track");
    attr(tk, "contentType", t->strip.instrument ? "notes" : "audio");
    attr(tk, "loaded", "true");
    attr(tk, "id", new_id(&w, lanes[1 + r->n_buses + i].track));
    attr(tk, "name", t->name);
    channel(&w, tk, &t->strip,
            t->strip.instrument ? (node ? node->channels : 2) : track_channels(&w, t), "regular",
            x.ch[1 + r->n_buses + i], &x, &lanes[1 + r->n_buses + i], "tracks", t->name);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    const sp_bus *b = &r->buses[i];
    xmlNode *tk = el(st, "Track");
    attr(tk, "contentType", "audio");
    attr(tk, "loaded", "true");
    attr(tk, "id", new_id(&w, lanes[1 + i].track));
    attr(tk, "name", b->name);
    channel(&w, tk, &b->strip, b->strip.layout ? b->strip.layout->n : 2,
            fed_by_to(r, b->name) ? "submix" : "effect", x.ch[1 + i], &x, &lanes[1 + i], "buses",
            b->name);
  }
  xmlNode *mt = el(st, "Track");
  attr(mt, "contentType", "audio");
  attr(mt, "loaded", "true");
  attr(mt, "id", new_id(&w, lanes[0].track));
  attr(mt, "name", "Master");
  channel(&w, mt, &r->master, r->master.layout ? r->master.layout->n : 2, "master", x.ch[0], &x,
          &lanes[0], "master", NULL);

  xmlNode *arr = el(root, "Arrangement");
  attr(arr, "id", new_id(&w, id));
  xmlNode *top = el(arr, "Lanes");
  attr(top, "timeUnit", "seconds");
  attr(top, "id", new_id(&w, id));
  for (size_t i = 0; i < r->n_tracks; i++)
    if (r->tracks[i].strip.instrument)
      notes_clips(&w, top, &r->tracks[i], lanes[1 + r->n_buses + i].track);
    else
      clips(&w, top, &r->tracks[i], lanes[1 + r->n_buses + i].track);
  for (size_t i = 0; i < n; i++) {
    if (lanes[i].n == 0)
      continue;
    xmlNode *ln = el(top, "Lanes");
    attr(ln, "track", lanes[i].track);
    attr(ln, "id", new_id(&w, id));
    for (size_t k = 0; k < lanes[i].n; k++)
      points(&w, ln, &lanes[i].v[k]);
  }

  if (w.n_tempo > 1) { /* the tempo's changes, at their beats, each held */
    xmlNode *ta = el(arr, "TempoAutomation");
    attr(ta, "unit", "bpm");
    attr(ta, "id", new_id(&w, id));
    attr(el(ta, "Target"), "parameter", tempo_id);
    for (size_t i = 0; i < w.n_tempo; i++) {
      xmlNode *pt = el(ta, "RealPoint");
      attr(pt, "time", sp_mix_num(w.tempo[i].beat).text);
      attr(pt, "value", sp_mix_num(w.tempo[i].bpm).text);
      attr(pt, "interpolation", "hold");
    }
  }

  /* What the recipe says beyond a mix: the keys of the top level, master,
   * output and checks that the table names (io/session/dawproject_keys.c),
   * each where the recipe writes it; the rest by what it holds. */
  sp_export_name_keys("ROOT", "", written_key, name_key, &w);
  for (size_t i = 0; i < r->n_tracks; i++) {
    char *at = sp_xasprintf("tracks.%s", r->tracks[i].name);
    sp_export_name_keys("STRIP", at, written_key, name_key, &w);
    free(at);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    char *at = sp_xasprintf("buses.%s", r->buses[i].name);
    sp_export_name_keys("STRIP", at, written_key, name_key, &w);
    free(at);
  }
  sp_export_name_keys("STRIP", "master", written_key, name_key, &w);
  sp_export_name_keys("MASTER", "master", written_key, name_key, &w);
  sp_export_name_keys("OUTPUT", "output", written_key, name_key, &w);
  sp_export_name_keys("CHECKS", "checks", written_key, name_key, &w);
  if (r->has_stems && !stems_follow_groups(r))
    lost(&w, "stems",
         "the stems (a DAWproject has none; importing it makes them from its structure, each "
         "top-level bus and each track to master a stem of what reaches it, and these are "
         "others)");
  if (r->pan_law_db != -3 || r->pan_law != SP_PAN_LAW_DB)
    lost(&w, "pan_law", "pan law %s (DAWproject names none; stemprint reads -3 dB)",
         r->pan_law != SP_PAN_LAW_DB ? sp_curve_name(SP_CURVE_PAN_LAW, (int)r->pan_law)
                                     : sp_mix_num(r->pan_law_db).text);
  const double rate = import_rate(&w);
  if (rate != r->sample_rate)
    lost(&w, "sample_rate",
         "the sample rate, %g Hz (DAWproject has no session rate: an import takes the rate most "
         "of the audio has, here %g Hz)",
         r->sample_rate, rate);

  char *xml = NULL;
  size_t xml_n = 0;
  if (w.rc == SP_OK &&
      sp_xml_validate(w.doc, path, sp_dawproject_xsd, sizeof sp_dawproject_xsd - 1, d) != SP_OK)
    w.rc = SP_ERR_RENDER; /* a bug: what stemprint writes must match the schema */
  if (w.rc == SP_OK) {
    xml = sp_xml_dump(w.doc, &xml_n);
    sp_zip_item *items = sp_xcalloc(w.n_files + 2, sizeof *items);
    size_t n_items = 0;
    items[n_items++] = (sp_zip_item){.name = "project.xml", .data = xml, .size = xml_n};
    for (size_t i = 0; i < w.n_files; i++)
      items[n_items++] = (sp_zip_item){.name = w.entries[i], .file = w.files[i], .store = true};
    /* What the project does not hold, for `stemprint import` to name: a
     * DAW ignores a file it does not know. */
    char *left = w.left_out ? sp_xasprintf("%s%s", SP_DAWPROJECT_LEFT_OUT_HEAD, w.left_out) : NULL;
    if (left)
      items[n_items++] =
          (sp_zip_item){.name = SP_DAWPROJECT_LEFT_OUT, .data = left, .size = strlen(left)};
    char why[1024];
    w.rc = sp_zip_write(path, items, n_items, why, sizeof why);
    free(left);
    if (w.rc != SP_OK)
      sp_diags_add_whole(d, SP_SEV_ERROR, w.rc, "%s", why);
    free(items);
  }
  free(xml);
  for (size_t i = 0; i < w.n_files; i++) {
    free(w.files[i]);
    free(w.entries[i]);
  }
  free(w.files);
  free(w.entries);
  free(w.left_out);
  free(w.tempo);
  for (size_t i = 0; i < n; i++)
    free(lanes[i].v);
  free(lanes);
  free(x.names);
  free(x.ch);
  xmlFreeDoc(w.doc);
  return w.rc;
}
