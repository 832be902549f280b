/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules the LV2 and LADSPA hosts describe plugins by (io/plugin/plugin.h). */

#include "io/plugin/plugin.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"

#include <ctype.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

sp_lv2_plugin *sp_plugin_new(const sp_lv2_host *host, int n_ports)
{
  sp_lv2_plugin *d = sp_xcalloc(1, sizeof *d);
  const size_t room = (size_t)n_ports + 1;
  d->host = host;
  d->n_ports = n_ports;
  d->latency_port = d->key_switch = d->enable_switch = d->midi_in = -1;
  d->controls = sp_xcalloc(room, sizeof *d->controls);
  d->out_controls = sp_xcalloc(room, sizeof(int));
  d->cv_ports = sp_xcalloc(room, sizeof(int));
  d->atom_in = sp_xcalloc(room, sizeof(int));
  d->atom_out = sp_xcalloc(room, sizeof(int));
  d->atom_out_bytes = sp_xcalloc(room, sizeof(size_t));
  return d;
}

void sp_plugin_refuse(sp_lv2_plugin *d, const char *fmt, ...)
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

void sp_plugin_add_audio(sp_lv2_plugin *d, sp_plugin_audio what, int port)
{
  int *n = what == SP_PLUGIN_IN ? &d->n_in : what == SP_PLUGIN_OUT ? &d->n_out : &d->n_sc;
  int *at = what == SP_PLUGIN_IN ? d->in : what == SP_PLUGIN_OUT ? d->out : d->sc;
  if (*n < 2)
    at[*n] = port;
  ++*n;
}

void sp_plugin_link(sp_lv2_plugin *d, bool linear, const char *no_input)
{
  char why[256];
  if (d->n_in == 0)
    sp_plugin_refuse(d, "%s", no_input);
  else if (sp_lv2_ports_refused(d->n_in, d->n_out, d->n_sc, why, sizeof why))
    sp_plugin_refuse(d, "%s", why);
  if (d->link != SP_LV2_REFUSED)
    d->link = d->n_sc > 0 ? SP_LV2_KEYED : linear ? SP_LV2_LINEAR : SP_LV2_TRACK_ONLY;
}

void sp_plugin_clamp(sp_lv2_control *c)
{
  if (c->max < c->min)
    c->max = c->min;
  if (c->def < c->min)
    c->def = c->min;
  if (c->def > c->max)
    c->def = c->max;
}

void sp_plugin_unit(const char *word, sp_unit *unit, double *scale)
{
  /* exact: the units a time may be written in ("ms", not "MS") */
  static const struct {
    const char *word;
    bool exact;
    sp_unit unit;
    double scale;
  } units[] = {
      {"dB", false, SP_UNIT_DB, 1.0},           {"Hz", false, SP_UNIT_HZ, 1.0},
      {"kHz", false, SP_UNIT_HZ, 0.001},        {"ms", true, SP_UNIT_SECONDS, 1000.0},
      {"msec", false, SP_UNIT_SECONDS, 1000.0}, {"s", true, SP_UNIT_SECONDS, 1.0},
      {"sec", false, SP_UNIT_SECONDS, 1.0},     {"seconds", false, SP_UNIT_SECONDS, 1.0},
  };
  *unit = SP_UNIT_NUMBER;
  *scale = 1.0;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if ((units[i].exact ? strcmp : strcasecmp)(word, units[i].word) == 0) {
      *unit = units[i].unit;
      *scale = units[i].scale;
      return;
    }
}

bool sp_plugin_says(const char *s, const char *word)
{
  const size_t n = strlen(word);
  for (; *s; s++)
    if (strncasecmp(s, word, n) == 0)
      return true;
  return false;
}

void sp_plugin_not_found(const char *api, const char *what, const char *const *names, size_t n,
                         const char *path, char *why, size_t why_size)
{
  char help[16];
  size_t k = 0;
  for (; api[k] && k + 1 < sizeof help; k++)
    help[k] = (char)tolower((unsigned char)api[k]);
  help[k] = '\0';
  const char *near = sp_suggest(what, names, n);
  if (near)
    snprintf(why, why_size,
             "no %s plugin '%s' is installed here; did you mean '%s'? (`stemprint help %s` lists "
             "them)",
             api, what, near, help);
  else
    snprintf(why, why_size,
             "no %s plugin '%s' is installed here (searched %s); install it, or choose one that "
             "`stemprint help %s` lists",
             api, what, path, help);
}

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static int heap_holders;

void sp_plugin_heap_begin(void)
{
  pthread_mutex_lock(&heap_lock);
  /* M_PERTURB: each block malloc gives filled with the byte's complement
   * (0), each one free takes back with the byte (glibc's mallopt(3)) */
  if (heap_holders++ == 0)
    mallopt(M_PERTURB, 0xff);
  pthread_mutex_unlock(&heap_lock);
}

void sp_plugin_heap_end(void)
{
  pthread_mutex_lock(&heap_lock);
  if (--heap_holders == 0)
    mallopt(M_PERTURB, 0);
  pthread_mutex_unlock(&heap_lock);
}
