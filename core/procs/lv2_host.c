/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The LV2 and LADSPA hosts the program installs (core/procs/lv2_class.h):
 * a plugin found, described and instantiated through whichever API it is
 * of; an instance's calls, each through its host. */

#define _GNU_SOURCE /* random_r, srandom_r, initstate_r */
#include "core/procs/lv2_class.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>

/* ---- the hosts ----------------------------------------------------------- */

/* A plugin API and the host the program installed for it (cmd/entry.c), or
 * none: LV2's (lilv) and LADSPA's describe plugins the same way, so one set
 * of functions asks either. */
typedef struct plugin_api {
  const char *name; /* "LV2", "LADSPA": for what is said without a host */
  const sp_lv2_host *host;
} plugin_api;

static plugin_api lv2_api = {"LV2", NULL}, ladspa_api = {"LADSPA", NULL};

static const sp_lv2_plugin *find_in(const plugin_api *a, const char *what, char *why,
                                    size_t why_size)
{
  if (a->host)
    return a->host->find(what, why, why_size);
  snprintf(why, why_size, "no %s plugin '%s': this program has no %s host", a->name, what,
           a->name);
  return NULL;
}

static const char **installed_in(const plugin_api *a, size_t *n)
{
  if (a->host)
    return a->host->installed(n);
  *n = 0;
  return sp_xcalloc(1, sizeof(const char *));
}

static const char *search_path_in(const plugin_api *a)
{
  return a->host ? a->host->search_path() : "";
}

void sp_lv2_use_host(const sp_lv2_host *h) { lv2_api.host = h; }

const sp_lv2_plugin *sp_lv2_find(const char *what, char *why, size_t why_size)
{
  return find_in(&lv2_api, what, why, why_size);
}

const char **sp_lv2_installed(size_t *n) { return installed_in(&lv2_api, n); }

const char *sp_lv2_search_path(void) { return search_path_in(&lv2_api); }

void sp_ladspa_use_host(const sp_lv2_host *h) { ladspa_api.host = h; }

const sp_lv2_plugin *sp_ladspa_find(const char *what, char *why, size_t why_size)
{
  return find_in(&ladspa_api, what, why, why_size);
}

const char **sp_ladspa_installed(size_t *n) { return installed_in(&ladspa_api, n); }

const char *sp_ladspa_search_path(void) { return search_path_in(&ladspa_api); }

bool sp_lv2_ports_refused(int n_in, int n_out, int n_sc, char *why, size_t why_size)
{
  if (n_out == 0)
    snprintf(why, why_size, "it has no audio output (an analyzer or a meter)");
  else if (n_in > 2 || n_out > 2 || n_in > n_out)
    snprintf(why, why_size,
             "it has %d audio input%s and %d output%s; stemprint runs effects with one or two of "
             "each, as many in as out, or one in and two out",
             n_in, n_in == 1 ? "" : "s", n_out, n_out == 1 ? "" : "s");
  else if (n_in < n_out && n_sc > 0)
    snprintf(why, why_size, "it has one audio input, two outputs and a sidechain input; "
                            "stemprint runs mono-to-stereo plugins without one");
  else if (n_sc > 2)
    snprintf(why, why_size, "it has %d sidechain inputs; stemprint feeds one or two", n_sc);
  else
    return false;
  return true;
}

const sp_lv2_host *lv2_host_of(const sp_lv2_plugin *p)
{
  return p->host ? p->host : lv2_api.host;
}

const char *lv2_api_of(const sp_lv2_plugin *p)
{
  const sp_lv2_host *h = lv2_host_of(p);
  return h && h->api ? h->api : "LV2";
}

sp_lv2_preset *sp_lv2_presets(const sp_lv2_plugin *p, size_t *n)
{
  const sp_lv2_host *h = lv2_host_of(p);
  if (h && h->presets)
    return h->presets(p, n);
  *n = 0;
  return NULL;
}

void sp_lv2_presets_free(sp_lv2_preset *v, size_t n)
{
  for (size_t i = 0; v && i < n; i++) {
    free(v[i].label);
    free(v[i].uri);
  }
  free(v);
}

const char *sp_lv2_link_name(sp_lv2_link link)
{
  static const char *const names[] = {"linear", "keyed", "track-only", "refused"};
  return names[link];
}

double sp_lv2_control_value(const sp_lv2_control *c, double port_value)
{
  switch (c->kind) {
  case SP_LV2_CTL_TOGGLE: return port_value > 0.5 * (c->min + c->max) ? 1.0 : 0.0;
  case SP_LV2_CTL_ENUM: {
    size_t best = 0;
    for (size_t e = 0; e < c->n_points; e++)
      if (fabs(c->point_values[e] - port_value) < fabs(c->point_values[best] - port_value))
        best = e;
    return (double)best;
  }
  case SP_LV2_CTL_GAIN: return sp_lin_to_db(port_value);
  default: return port_value / c->scale;
  }
}

/* ---- the C library's random numbers (core/procs/lv2.h, sp_lv2_draws_use) -- */

/* glibc's state of random(): the same generator (TYPE_3, 128 bytes) as the
 * process's, so an instance seeded 1 draws the numbers one alone drew. */
struct sp_lv2_draws {
  struct random_data data;
  char state[128];
};

static sp_lv2_draws *draws_new(void)
{
  sp_lv2_draws *d = sp_xcalloc(1, sizeof *d);
  initstate_r(1, d->state, sizeof d->state, &d->data);
  return d;
}

/* The thread's (a pointer: nothing of stemprint's own but pointers lives in
 * thread-local storage, docs/lv2.md, The host); the process's under a lock,
 * for a call in no instance (a plugin's own thread, lilv). */
static _Thread_local sp_lv2_draws *drawing;
static pthread_mutex_t process_lock = PTHREAD_MUTEX_INITIALIZER;
static sp_lv2_draws *process_draws;

sp_lv2_draws *sp_lv2_draws_use(sp_lv2_draws *draws)
{
  sp_lv2_draws *was = drawing;
  drawing = draws;
  return was;
}

long random(void)
{
  int32_t r = 0;
  if (drawing) {
    random_r(&drawing->data, &r);
    return r;
  }
  pthread_mutex_lock(&process_lock);
  if (!process_draws)
    process_draws = draws_new();
  random_r(&process_draws->data, &r);
  pthread_mutex_unlock(&process_lock);
  return r;
}

void srandom(unsigned seed)
{
  if (drawing) {
    srandom_r(seed, &drawing->data);
    return;
  }
  pthread_mutex_lock(&process_lock);
  if (!process_draws)
    process_draws = draws_new();
  srandom_r(seed, &process_draws->data);
  pthread_mutex_unlock(&process_lock);
}

/* glibc's rand() is random() and srand() srandom(). */
int rand(void) { return (int)random(); }

void srand(unsigned seed) { srandom(seed); }

/* An instance run through the LV2 C ABI, with the host's part of a run
 * around it (as lilv_instance_* would call the descriptor), each call
 * drawing the instance's own random numbers. */

/* LV2's Instantiation class (instantiate, cleanup, activate, deactivate)
 * is never called concurrently with itself, whatever the instance (lv2core:
 * "a function in any class is never called concurrently with another
 * function in that class"); runs of different instances may overlap (the
 * probes of a graph's inserts run side by side, a render's lanes too). */
static pthread_mutex_t inst_lock = PTHREAD_MUTEX_INITIALIZER;

sp_lv2_instance *lv2_new(const sp_lv2_plugin *p, double rate, size_t max_block, size_t nominal,
                         const sp_proc_saved *saved, char *why, size_t why_size)
{
  sp_lv2_draws *draws = draws_new(), *was = sp_lv2_draws_use(draws);
  pthread_mutex_lock(&inst_lock);
  sp_lv2_instance *in =
      lv2_host_of(p)->instantiate(p, rate, max_block, nominal, saved, why, why_size);
  pthread_mutex_unlock(&inst_lock);
  sp_lv2_draws_use(was);
  if (in)
    in->draws = draws;
  else
    free(draws);
  return in;
}

static void lv2_free(const sp_lv2_plugin *p, sp_lv2_instance *in)
{
  sp_lv2_draws *draws = in->draws, *was = sp_lv2_draws_use(draws);
  pthread_mutex_lock(&inst_lock);
  lv2_host_of(p)->free(in);
  pthread_mutex_unlock(&inst_lock);
  sp_lv2_draws_use(was);
  free(draws);
}

void lv2_connect(sp_lv2_instance *in, int port, void *data)
{
  sp_lv2_draws *was = sp_lv2_draws_use(in->draws);
  in->descriptor->connect_port(in->handle, (uint32_t)port, data);
  sp_lv2_draws_use(was);
}

void lv2_activate(sp_lv2_instance *in)
{
  sp_lv2_draws *was = sp_lv2_draws_use(in->draws);
  pthread_mutex_lock(&inst_lock);
  if (in->descriptor->activate)
    in->descriptor->activate(in->handle);
  pthread_mutex_unlock(&inst_lock);
  sp_lv2_draws_use(was);
}

static void lv2_deactivate(sp_lv2_instance *in)
{
  sp_lv2_draws *was = sp_lv2_draws_use(in->draws);
  pthread_mutex_lock(&inst_lock);
  if (in->descriptor->deactivate)
    in->descriptor->deactivate(in->handle);
  pthread_mutex_unlock(&inst_lock);
  sp_lv2_draws_use(was);
}

void lv2_drop(const sp_lv2_plugin *p, sp_lv2_instance *in)
{
  if (in) {
    lv2_deactivate(in);
    lv2_free(p, in);
  }
}

void lv2_run(sp_lv2_instance *in, size_t frames)
{
  sp_lv2_draws *was = sp_lv2_draws_use(in->draws);
  if (in->before_run)
    in->before_run(in);
  in->descriptor->run(in->handle, (uint32_t)frames);
  if (in->after_run)
    in->after_run(in);
  sp_lv2_draws_use(was);
}

float lv2_output(const sp_lv2_instance *in, const sp_lv2_plugin *p, int port)
{
  return port >= 0 && port < p->n_ports ? in->outputs[port] : 0.0f;
}

bool lv2_host_preset(const sp_lv2_plugin *p, const char *what, bool is_file, double *values,
                       bool *set, const sp_proc_saved **saved, char *why, size_t why_size)
{
  const sp_lv2_host *h = lv2_host_of(p);
  if (!h->preset) {
    snprintf(why, why_size, "%s plugins have no presets or state files here", lv2_api_of(p));
    return false;
  }
  return h->preset(p, what, is_file, values, set, saved, why, why_size);
}
