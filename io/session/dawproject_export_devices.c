/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strip's inserts and instrument as DAWproject devices
 * (io/session/dawproject_writer.h): the built-in EQ, compressor, gate and
 * limiter, LV2 plugins with their state, SoundFonts. */

#include "io/session/dawproject_writer.h"

#include "core/base/alloc.h"
#include "core/recipe/check.h"
#include "io/fs/fs.h"
#include "io/session/dawproject.h"
#include "io/session/dawproject_keys.h"

#include <math.h>
#include <string.h>

/* ---- devices ------------------------------------------------------------------ */

static double pv(const sp_insert *in, size_t set, const char *name)
{
  int k = sp_proc_param_index(in->cls, name);
  return k < 0 ? 0 : in->params[set * in->cls->n_params + (size_t)k];
}

/* Parameter pname of set `set` of in as parent's RealParameter name, in
 * unit u; when it moves, with an id its Points (lane l) target. */
static void param(writer *w, lane *l, xmlNode *parent, const char *name, const sp_insert *in,
                  size_t set, const char *pname, sp_dp_unit u)
{
  const int k = sp_proc_param_index(in->cls, pname);
  const size_t q = set * in->cls->n_params + (size_t)(k < 0 ? 0 : k);
  const sp_auto *a = k >= 0 && in->automation && in->automation[q].n ? &in->automation[q] : NULL;
  char id[24];
  dx_real(w, parent, name, dx_unit_name(u), dx_written(u, k < 0 ? 0 : in->params[q]),
          a ? id : NULL);
  if (a)
    dx_want(l, id, a, u);
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

static bool at_default(const writer *w, const sp_insert *in, const char *name)
{
  int k = sp_proc_param_index(in->cls, name);
  return k < 0 ||
         in->params[k] == sp_param_default(in->cls, k, sp_recipe_reading_rate(w->r->sample_rate));
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
  xmlNode *dev =
      dx_node(w, devs, kind, "deviceRole", "audioFX", "deviceName", name, "id", DX_NEW_ID, NULL);
  const bool moves = in->bypasses.n > 0;
  xmlNode *en = dx_el(dev, "Enabled");
  dx_attr(en, "value", (moves ? in->bypasses.points[0].v == 0 : !in->bypass) ? "true" : "false");
  if (moves) {
    dx_attr(en, "id", dx_new_id(w, id));
    dx_want(l, id, &in->bypasses, P_ENABLED);
  }
  return dev;
}

static void equalizer(writer *w, lane *l, xmlNode *devs, const sp_insert *in)
{
  xmlNode *dev = device(w, l, devs, "Equalizer", in, "EQ");
  for (size_t b = 0; b < in->n_sets; b++) {
    const sp_dp_band *t = sp_dp_bands; /* the eq's types are the table's */
    while (t[1].recipe && strcmp(choice(in, b, "type"), t->recipe) != 0)
      t++;
    xmlNode *band =
        dx_node(w, dev, "Band", "type", t->dawproject, "order", sp_mix_num((double)b).text, NULL);
    param(w, l, band, "Freq", in, b, "freq", P_HZ);
    if (t->gain)
      param(w, l, band, "Gain", in, b, "gain", P_DB);
    param(w, l, band, "Q", in, b, "q", P_LINEAR);
    if (t->slope && strcmp(choice(in, b, "slope"), "12") != 0)
      dx_lost(w, in->path,
              "band %zu's 24 dB/oct slope (DAWproject's bands have no slope: it is "
              "written as 12 dB/oct)",
              b + 1);
  }
}

/* Built-in device d for in (the table in io/session/dawproject_keys.c),
 * its parameters in the schema's order: a held one at its value; the
 * compressor's `makeup: auto` the format's AutoMakeup, with no gain after
 * it. */
static void builtin(writer *w, lane *l, xmlNode *devs, const sp_insert *in, const sp_dp_device *d)
{
  xmlNode *dev = device(w, l, devs, d->element, in, d->name);
  for (const sp_dp_param *p = d->params; p->element; p++) {
    const int k = sp_proc_param_index(in->cls, p->param);
    const bool makeup = strcmp(p->param, "makeup") == 0;
    const bool automatic = makeup && k >= 0 && sp_proc_word(in->cls, k, NULL, &in->params[k]) &&
                           !(in->automation && in->automation[k].n);
    if (makeup)
      dx_boolean(dev, "AutoMakeup", automatic);
    if (p->held || automatic)
      dx_real(w, dev, p->element, dx_unit_name(p->unit), automatic ? 0 : pv(in, 0, p->param), NULL);
    else
      param(w, l, dev, p->element, in, 0, p->param, p->unit);
  }
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
    if (!f || f->fate != SP_FATE_NAMED || (at_default(w, in, pr->name) && !moving))
      continue;
    char value[64];
    if (pr->kind == SP_PARAM_CHOICE)
      snprintf(value, sizeof value, "%s", choice(in, 0, pr->name));
    else
      snprintf(value, sizeof value, "%s%s%s", sp_mix_num(in->params[k]).text,
               *sp_unit_name(pr->unit) ? " " : "", sp_unit_name(pr->unit));
    dx_lost(w, in->path, "%s %s%s (%s)", pr->name, value, moving ? " and its automation" : "",
            f->why);
  }
}

static xmlNode *param_el(writer *w, xmlNode *parent, const char *kind, const char *name)
{
  return dx_node(w, parent, kind, "name", name, "id", DX_NEW_ID, NULL);
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
  if (sp_fs_read_all(ttl, "an LV2 state", "LV2 states from files", 16u << 20, &text, &n, why,
                     sizeof why) != SP_OK)
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
    dx_lost(w, in->path, "an instrument DAWproject cannot name; left out");
    return;
  }
  xmlNode *dev = dx_node(w, devs, "Device", "deviceID", sf ? SP_DAWPROJECT_SOUNDFONT : uri,
                         "deviceName", sf ? "SoundFont" : c->name, "deviceRole", "instrument",
                         "deviceVendor", sf ? "stemprint" : NULL, "id", DX_NEW_ID, NULL);
  xmlNode *ps = dx_el(dev, "Parameters");
  bool moving = false;
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *pr = &c->params[k];
    const double v = in->params[k];
    moving |= in->automation && in->automation[k].n > 0;
    /* The file is the State; a value at its default needs no saying, and
     * beside a state file only the recipe's own values are the recipe's. */
    if (sp_param_is_file(pr) ||
        (in->given ? !in->given[k]
                   : v == sp_param_default(c, (int)k, sp_recipe_reading_rate(w->r->sample_rate))))
      continue;
    char num[40];
    snprintf(num, sizeof num, "%.0f", v);
    if (pr->kind == SP_PARAM_BOOL) {
      dx_attr(param_el(w, ps, "BoolParameter", pr->name), "value", v != 0 ? "true" : "false");
    } else if (pr->kind == SP_PARAM_CHOICE) {
      xmlNode *p = param_el(w, ps, "EnumParameter", pr->name);
      size_t n = 0;
      while (pr->choices && pr->choices[n])
        n++;
      dx_attr(p, "count", sp_mix_num((double)n).text);
      dx_attr(p, "value", num);
    } else if (sf && strcmp(pr->name, "gain") != 0) {
      dx_attr(param_el(w, ps, "IntegerParameter", pr->name), "value", num);
    } else {
      xmlNode *p = param_el(w, ps, "RealParameter", pr->name);
      dx_attr(p, "unit",
              pr->unit == SP_UNIT_DB        ? "decibel"
              : pr->unit == SP_UNIT_SECONDS ? "seconds"
              : pr->unit == SP_UNIT_HZ      ? "hertz"
                                            : "linear");
      dx_attr(p, "value", sp_mix_num(v).text);
    }
  }
  if (!sp_xml_child(ps, NULL)) {
    xmlUnlinkNode(ps);
    xmlFreeNode(ps);
  }
  dx_boolean(dev, "Enabled", !in->bypass);
  if (moving)
    dx_lost(w, in->path,
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
      dx_lost(w, in->path,
              "the plugin's state (its file names files of its own, which the project would not "
              "carry): the plugin starts from its parameters");
    file = ttl;
    name = sp_xasprintf("%s.ttl", track);
  } else if (in->saved) {
    dx_lost(w, in->path,
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
    dx_node(w, dev, "State", "path", at, "external", "true", NULL);
  } else if (file) {
    dx_attr(dx_el(dev, "State"), "path",
            dx_entry_for(w, file, sf ? "soundfonts" : "plugins", name));
  }
  free(at);
  free(name);
  free(ttl);
}

void dx_devices(writer *w, lane *l, xmlNode *ch, const sp_strip *s, const char *track)
{
  if (s->n_inserts == 0 && s->trim_db == 0)
    return;
  xmlNode *devs = dx_el(ch, "Devices");
  const size_t first = s->instrument && s->n_inserts ? 1 : 0;
  if (first)
    instrument_device(w, devs, &s->inserts[0], track);
  if (s->trim_db != 0) {
    /* The trim comes before the inserts: a gain device first is the same. */
    xmlNode *dev = dx_node(w, devs, "Equalizer", "deviceRole", "audioFX", "deviceName", "Trim",
                           "id", DX_NEW_ID, NULL);
    dx_real(w, dev, "OutputGain", "decibel", s->trim_db, NULL);
  }
  for (size_t i = first; i < s->n_inserts; i++) {
    const sp_insert *in = &s->inserts[i];
    const char *name = in->cls->name;
    if (in->key_from)
      dx_lost(w, in->path,
              "the key from '%s' (DAWproject has no sidechain): the device listens "
              "to its own input",
              in->key_from);
    if (in->n_on)
      dx_lost(w, in->path, "'channels' (a DAWproject device runs on its whole channel)");
    if (in->n_detect)
      dx_lost(w, in->path, "'detect' (a DAWproject device's detector hears its whole channel)");
    if (i >= s->n_inserts - s->n_post && !in->bypass && (s->gain.n > 0 || s->gain.value != 0))
      dx_lost(w, in->path,
              "after the fader: a DAWproject channel's devices run before its volume, so this one "
              "hears the signal before the fader (the same only with the fader at 0 dB)");
    if (strcmp(name, "eq") == 0)
      equalizer(w, l, devs, in);
    else if (sp_dp_device_of(name))
      builtin(w, l, devs, in, sp_dp_device_of(name));
    else
      dx_lost(w, in->path, "DAWproject has no generic %s device; left out", name);
    named_params(w, in);
  }
  if (!sp_xml_child(devs, NULL)) {
    xmlUnlinkNode(devs);
    xmlFreeNode(devs);
  }
}
