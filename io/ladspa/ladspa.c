/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The LADSPA host: the libraries on the search path opened once, each
 * plugin's descriptor read into the plain description the lv2 family's
 * processor runs (core/procs/lv2.h), and instances made through the
 * descriptor's instantiate.
 *
 *   LADSPA_Descriptor ──describe──► sp_lv2_plugin (ports, hints, refusal)
 *   instantiate ──► instance { sp_lv2_instance base; the LADSPA handle }
 *                   base.descriptor: one stand-in LV2_Descriptor whose
 *                   connect_port/activate/run/deactivate call the plugin's
 *
 * LADSPA and LV2 share the run's shape (connect every port, activate,
 * run(frames), deactivate), so the processor needs nothing of its own for
 * LADSPA: a mono plugin runs one instance a channel, an input and its
 * output share a buffer as Ardour runs them (in place; a plugin that is
 * LADSPA_PROPERTY_INPLACE_BROKEN gets inputs of their own), and latency comes from an output
 * control port named "latency" or "_latency", as Ardour reads it.
 *
 * What a description holds (docs/lv2.md, LADSPA plugins):
 *   - a control's range from its LADSPA_HINT_BOUNDED_* hints (unbounded
 *     sides: -inf or inf), times the rate for LADSPA_HINT_SAMPLE_RATE
 *     (stored at SP_PARAM_NOMINAL_RATE, checked at the recipe's rate:
 *     sp_param_range); its default from LADSPA_HINT_DEFAULT_*
 *     (LOW, MIDDLE, HIGH geometric for a logarithmic port, as the SDK's
 *     header says); toggled a switch, integer a whole number;
 *   - no class: LADSPA does not say which plugins are linear, so every
 *     plugin runs only where one stem passes (track-only), but one with an
 *     audio input named as a sidechain, which is keyed. */

#include "io/ladspa/ladspa.h"
#include "io/plugin/plugin.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/diag.h"
#include "core/recipe/keys.h"
#include "io/fs/fs.h"

#include <ladspa.h>

#include <dirent.h>
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char default_path[] =
    "/usr/lib/ladspa:/usr/local/lib/ladspa:/usr/lib/x86_64-linux-gnu/ladspa";

/* One plugin of an open library. */
typedef struct entry {
  char *file;  /* the library's path */
  char *label; /* the descriptor's label */
  unsigned long id;
  const LADSPA_Descriptor *d;
  char *key;           /* "base.so:label": the plugin's name in lists, always unique */
  sp_lv2_plugin *desc; /* made on first use */
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool loaded;
static entry *all;
static size_t n_all;
static char *path_used;

static const char *search_path(void)
{
  const char *p = getenv("LADSPA_PATH");
  return p && *p ? p : default_path;
}

/* Every plugin of the library at file, added to all (a library already
 * opened under another folder is skipped: the first on the path wins). */
static void open_library(const char *file)
{
  for (size_t i = 0; i < n_all; i++)
    if (strcmp(sp_base_name(all[i].file), sp_base_name(file)) == 0)
      return;
  /* dlopen opens by path, and would wait forever on a FIFO named like a
   * library: the shared opener says first that it is a file (it is held
   * open while dlopen opens it); what is not is skipped, as a file that
   * is no library is */
  int fd;
  struct stat st;
  char why[512];
  if (sp_fs_open_regular(file, "a LADSPA library", "LADSPA libraries from files", &fd, &st, why,
                         sizeof why) != SP_OK)
    return;
  void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  close(fd);
  if (!lib)
    return;
  LADSPA_Descriptor_Function fn;
  *(void **)&fn = dlsym(lib, "ladspa_descriptor");
  if (!fn)
    return; /* not a LADSPA library; it stays loaded (RTLD_NODELETE) */
  for (unsigned long k = 0;; k++) {
    const LADSPA_Descriptor *d = fn(k);
    if (!d || k > 100000)
      break;
    if (!d->Label || !d->instantiate || !d->connect_port || !d->run)
      continue;
    all = sp_xreallocarray(all, n_all + 1, sizeof *all);
    all[n_all++] = (entry){.file = sp_xstrdup(file),
                           .label = sp_xstrdup(d->Label),
                           .id = d->UniqueID,
                           .d = d,
                           .key = sp_xasprintf("%s:%s", sp_base_name(file), d->Label)};
  }
}

/* The libraries of every folder on the search path, in the path's order,
 * each folder's in name order. Under lock. */
static void load(void)
{
  if (loaded)
    return;
  loaded = true;
  path_used = sp_xstrdup(search_path());
  char *copy = sp_xstrdup(path_used), *save = NULL;
  for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    DIR *dp = opendir(dir);
    if (!dp)
      continue;
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
      const size_t len = strlen(e->d_name);
      if (len > 3 && strcmp(e->d_name + len - 3, ".so") == 0) {
        names = sp_xreallocarray(names, n + 1, sizeof *names);
        names[n++] = sp_xasprintf("%s/%s", dir, e->d_name);
      }
    }
    closedir(dp);
    if (n)
      qsort(names, n, sizeof *names, sp_cmp_str);
    for (size_t i = 0; i < n; i++) {
      open_library(names[i]);
      free(names[i]);
    }
    free(names);
  }
  free(copy);
}

bool sp_ladspa_fold_name(const char *name, char *out, size_t out_size)
{
  size_t n = 0;
  bool gap = false;
  for (const char *c = name; *c && n + 2 < out_size; c++) {
    const char ch = *c;
    const bool alnum =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!alnum) {
      gap = n > 0;
      continue;
    }
    if (gap)
      out[n++] = '_';
    gap = false;
    out[n++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
  }
  out[n] = '\0';
  return n > 0;
}

/* The unit in the last parentheses of a port's name. */
static void name_unit(const char *name, sp_unit *unit, double *scale)
{
  const char *open = strrchr(name, '(');
  char u[16];
  size_t n = 0;
  for (const char *c = open ? open + 1 : ""; *c && *c != ')' && n + 1 < sizeof u; c++)
    if (*c != ' ')
      u[n++] = *c;
  u[n] = '\0';
  sp_plugin_unit(u, unit, scale);
}

/* The default LADSPA_HINT_DEFAULT_* names, between lo and hi. */
static double hint_default(LADSPA_PortRangeHintDescriptor h, double lo, double hi)
{
  const bool lg = LADSPA_IS_HINT_LOGARITHMIC(h) && lo > 0 && hi > 0;
  const double l = lg ? log(lo) : lo, u = lg ? log(hi) : hi;
  double w = -1; /* the weight of the upper bound, for LOW, MIDDLE, HIGH */
  switch (h & LADSPA_HINT_DEFAULT_MASK) {
  case LADSPA_HINT_DEFAULT_MINIMUM: return lo;
  case LADSPA_HINT_DEFAULT_MAXIMUM: return hi;
  case LADSPA_HINT_DEFAULT_LOW: w = 0.25; break;
  case LADSPA_HINT_DEFAULT_MIDDLE: w = 0.5; break;
  case LADSPA_HINT_DEFAULT_HIGH: w = 0.75; break;
  case LADSPA_HINT_DEFAULT_0: return 0.0;
  case LADSPA_HINT_DEFAULT_1: return 1.0;
  case LADSPA_HINT_DEFAULT_100: return 100.0;
  case LADSPA_HINT_DEFAULT_440: return 440.0;
  default: return isfinite(lo) ? lo : isfinite(hi) && hi < 0 ? hi : 0.0;
  }
  if (!isfinite(lo) || !isfinite(hi))
    return isfinite(lo) ? lo : isfinite(hi) ? hi : 0.0;
  const double v = l * (1 - w) + u * w;
  return lg ? exp(v) : v;
}

static void read_control(const LADSPA_Descriptor *d, unsigned long port, sp_lv2_control *c)
{
  const LADSPA_PortRangeHint *r = &d->PortRangeHints[port];
  const LADSPA_PortRangeHintDescriptor h = r->HintDescriptor;
  const char *name = d->PortNames && d->PortNames[port] ? d->PortNames[port] : "";
  char folded[128];
  if (!sp_ladspa_fold_name(name, folded, sizeof folded))
    snprintf(folded, sizeof folded, "port_%lu", port);
  c->symbol = sp_port_key(folded); /* port_bypass: an insert's own key */
  c->name = sp_xstrdup(name);
  c->port = (int)port;
  const double rate = LADSPA_IS_HINT_SAMPLE_RATE(h) ? SP_PARAM_NOMINAL_RATE : 1.0;
  c->per_rate = LADSPA_IS_HINT_SAMPLE_RATE(h);
  c->min = LADSPA_IS_HINT_BOUNDED_BELOW(h) ? r->LowerBound * rate : -INFINITY;
  c->max = LADSPA_IS_HINT_BOUNDED_ABOVE(h) ? r->UpperBound * rate : INFINITY;
  if (c->max < c->min)
    c->max = c->min;
  c->def = hint_default(h, c->min, c->max);
  /* DEFAULT_MINIMUM .. _MAXIMUM (and none) are of the bounds, and move
   * with them; DEFAULT_0, _1, _100 and _440 are numbers, which do not
   * (ladspa.h; Ardour 7.3's LadspaPlugin::_default_value) */
  const LADSPA_PortRangeHintDescriptor d_kind = h & LADSPA_HINT_DEFAULT_MASK;
  c->def_fixed =
      c->per_rate && (d_kind == LADSPA_HINT_DEFAULT_0 || d_kind == LADSPA_HINT_DEFAULT_1 ||
                      d_kind == LADSPA_HINT_DEFAULT_100 || d_kind == LADSPA_HINT_DEFAULT_440);
  sp_plugin_clamp(c);
  name_unit(name, &c->unit, &c->scale);
  if (c->per_rate && c->unit == SP_UNIT_NUMBER)
    c->unit = SP_UNIT_HZ; /* a fraction of the rate: a frequency */
  c->logarithmic = LADSPA_IS_HINT_LOGARITHMIC(h) && c->min > 0 && isfinite(c->max);
  if (LADSPA_IS_HINT_TOGGLED(h)) {
    c->kind = SP_LV2_CTL_TOGGLE;
    c->min = 0.0;
    c->max = 1.0;
    c->def = c->def > 0.5 ? 1.0 : 0.0;
    c->unit = SP_UNIT_NUMBER;
    c->scale = 1.0;
  } else if (LADSPA_IS_HINT_INTEGER(h)) {
    c->kind = SP_LV2_CTL_INTEGER;
    c->def = round(c->def);
  } else {
    c->kind = SP_LV2_CTL_NUMBER;
  }
}

/* Does an audio input's name say it is a sidechain? */
static bool is_sidechain_name(const char *name)
{
  static const char *const words[] = {"sidechain", "side-chain", "side chain", "sc in", NULL};
  for (const char *const *w = words; *w; w++)
    if (sp_plugin_says(name, *w))
      return true;
  return false;
}

static const sp_lv2_host ladspa_host;

static sp_lv2_plugin *describe(const entry *e)
{
  const LADSPA_Descriptor *ld = e->d;
  sp_lv2_plugin *d = sp_plugin_new(&ladspa_host, (int)ld->PortCount);
  d->uri = sp_xstrdup(e->key);
  d->name = sp_xstrdup(ld->Name ? ld->Name : ld->Label);
  d->class_label = sp_xasprintf("ID %lu", ld->UniqueID);
  d->binary = sp_xstrdup(e->file);
  d->version = sp_xasprintf("%lu", ld->UniqueID);
  d->pinned = true;
  d->in_place_broken = LADSPA_IS_INPLACE_BROKEN(ld->Properties);
  for (int i = 0; i < d->n_ports; i++) {
    const LADSPA_PortDescriptor pd = ld->PortDescriptors[i];
    const char *pname = ld->PortNames && ld->PortNames[i] ? ld->PortNames[i] : "";
    const bool in = LADSPA_IS_PORT_INPUT(pd), out = LADSPA_IS_PORT_OUTPUT(pd);
    if (LADSPA_IS_PORT_AUDIO(pd) && (in || out)) {
      sp_plugin_add_audio(d,
                          !in                        ? SP_PLUGIN_OUT
                          : is_sidechain_name(pname) ? SP_PLUGIN_SIDECHAIN
                                                     : SP_PLUGIN_IN,
                          i);
    } else if (LADSPA_IS_PORT_CONTROL(pd) && in) {
      read_control(ld, (unsigned long)i, &d->controls[d->n_controls++]);
    } else if (LADSPA_IS_PORT_CONTROL(pd) && out) {
      d->out_controls[d->n_out_controls++] = i;
      if (d->latency_port < 0 &&
          (strcasecmp(pname, "latency") == 0 || strcasecmp(pname, "_latency") == 0))
        d->latency_port = i;
    } else {
      sp_plugin_refuse(d, "its port %d ('%s') is neither audio nor control, input nor output", i,
                       pname);
    }
  }
  /* Two controls folded to one name: each but the first takes its port
   * number too. */
  for (size_t k = 0; k < d->n_controls; k++)
    for (size_t j = 0; j < k; j++)
      if (strcmp(d->controls[j].symbol, d->controls[k].symbol) == 0) {
        char *s = sp_xasprintf("%s_%d", d->controls[k].symbol, d->controls[k].port);
        free(d->controls[k].symbol);
        d->controls[k].symbol = s;
        break;
      }
  sp_plugin_link(d, false,
                 "it has no audio input (a generator, not an effect); stemprint runs LADSPA "
                 "effects of one or two inputs");
  return d;
}

static const sp_lv2_plugin *described(entry *e)
{
  if (!e->desc)
    e->desc = describe(e);
  return e->desc;
}

/* Does what name entry e as FILE:label (FILE its path or its name)? A
 * label may hold ':' itself (LSP's are URIs). */
static bool names_file_label(const entry *e, const char *what)
{
  const char *const files[] = {e->file, sp_base_name(e->file)};
  for (size_t k = 0; k < 2; k++) {
    const size_t n = strlen(files[k]);
    if (strncmp(what, files[k], n) == 0 && what[n] == ':' && strcmp(what + n + 1, e->label) == 0)
      return true;
  }
  return false;
}

static const sp_lv2_plugin *find(const char *what, char *why, size_t why_size)
{
  pthread_mutex_lock(&lock);
  load();
  const sp_lv2_plugin *d = NULL;
  char *end = NULL;
  const unsigned long id = strtoul(what, &end, 10);
  const bool by_id = *what >= '0' && *what <= '9' && end && *end == '\0';
  size_t n_match = 0, first = 0;
  char listed[512] = "";
  for (size_t i = 0; i < n_all; i++) {
    const bool hit = by_id ? all[i].id == id
                           : strcmp(all[i].label, what) == 0 || names_file_label(&all[i], what);
    if (!hit)
      continue;
    if (n_match++ == 0)
      first = i;
    const size_t used = strlen(listed);
    snprintf(listed + used, sizeof listed - used, "%s%s (ID %lu)", n_match > 1 ? ", " : "",
             all[i].key, all[i].id);
  }
  if (n_match == 1) {
    d = described(&all[first]);
  } else if (n_match > 1) {
    snprintf(why, why_size, "%zu installed LADSPA plugins are %s '%s' (%s); give FILE:label%s",
             n_match, by_id ? "numbered" : "labelled", what, listed,
             by_id ? "" : " or the unique ID");
  } else {
    const char **names = sp_xcalloc(2 * n_all + 1, sizeof *names);
    for (size_t i = 0; i < n_all; i++) {
      names[2 * i] = all[i].label;
      names[2 * i + 1] = all[i].key;
    }
    sp_plugin_not_found("LADSPA", what, names, 2 * n_all, path_used, why, why_size);
    free(names);
  }
  pthread_mutex_unlock(&lock);
  return d;
}

/* Every plugin's FILE:label, sorted. */
static const char **installed(size_t *n)
{
  pthread_mutex_lock(&lock);
  load();
  const char **v = sp_xcalloc(n_all + 1, sizeof *v);
  for (size_t i = 0; i < n_all; i++)
    v[i] = all[i].key;
  *n = n_all;
  pthread_mutex_unlock(&lock);
  qsort(v, *n, sizeof *v, sp_cmp_str);
  return v;
}

static const char *said_path(void)
{
  pthread_mutex_lock(&lock);
  load();
  pthread_mutex_unlock(&lock);
  return path_used;
}

/* ---- instances ------------------------------------------------------------- */

typedef struct instance {
  sp_lv2_instance base;
  const LADSPA_Descriptor *d;
  LADSPA_Handle h;
  float *controls_out; /* [n_ports] */
} instance;

/* The stand-in LV2 descriptor: its handle is the instance. */
static void shim_connect(LV2_Handle h, uint32_t port, void *data)
{
  instance *in = h;
  in->d->connect_port(in->h, port, data);
}

static void shim_activate(LV2_Handle h)
{
  instance *in = h;
  if (in->d->activate)
    in->d->activate(in->h);
}

static void shim_run(LV2_Handle h, uint32_t frames)
{
  instance *in = h;
  in->d->run(in->h, frames);
}

static void shim_deactivate(LV2_Handle h)
{
  instance *in = h;
  if (in->d->deactivate)
    in->d->deactivate(in->h);
}

static const LV2_Descriptor shim = {
    .URI = "urn:stemprint:ladspa",
    .connect_port = shim_connect,
    .activate = shim_activate,
    .run = shim_run,
    .deactivate = shim_deactivate,
};

static const LADSPA_Descriptor *descriptor_of(const sp_lv2_plugin *p)
{
  pthread_mutex_lock(&lock);
  const LADSPA_Descriptor *d = NULL;
  for (size_t i = 0; i < n_all && !d; i++)
    if (all[i].desc == p)
      d = all[i].d;
  pthread_mutex_unlock(&lock);
  return d;
}

static sp_lv2_instance *instantiate(const sp_lv2_plugin *p, double rate, size_t max_block_frames,
                                    size_t nominal_block_frames, const sp_proc_saved *saved,
                                    char *why, size_t why_size)
{
  (void)max_block_frames;
  (void)nominal_block_frames;
  (void)saved;
  const LADSPA_Descriptor *d = descriptor_of(p);
  sp_plugin_heap_begin();
  LADSPA_Handle h = d ? d->instantiate(d, (unsigned long)rate) : NULL;
  sp_plugin_heap_end();
  if (!h) {
    snprintf(why, why_size, "the LADSPA plugin '%s' (%s) could not be instantiated at %.0f Hz",
             p->name, p->binary, rate);
    return NULL;
  }
  instance *in = sp_xcalloc(1, sizeof *in);
  in->d = d;
  in->h = h;
  in->controls_out = sp_xcalloc((size_t)p->n_ports + 1, sizeof(float));
  for (size_t k = 0; k < p->n_out_controls; k++)
    d->connect_port(h, (unsigned long)p->out_controls[k], &in->controls_out[p->out_controls[k]]);
  in->base = (sp_lv2_instance){.descriptor = &shim, .handle = in, .outputs = in->controls_out};
  return &in->base;
}

static void free_instance(sp_lv2_instance *base)
{
  if (!base)
    return;
  instance *in = (instance *)base;
  if (in->d->cleanup)
    in->d->cleanup(in->h);
  free(in->controls_out);
  free(in);
}

static const sp_lv2_host ladspa_host = {
    .api = "LADSPA",
    .find = find,
    .installed = installed,
    .search_path = said_path,
    .instantiate = instantiate,
    .free = free_instance,
};

const sp_lv2_host *sp_ladspa_host(void) { return &ladspa_host; }
