/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The processor registry and instance lifecycle. The registry is the list in
 * core/procs/list.h expanded twice: once to declare each class, once to list
 * them, so adding a processor is one file and one line.
 *
 * sp_proc_process gives every class the same single-signal entry point: a
 * linked class's gain is applied here to its input delayed by its latency,
 * exactly as the renderer applies it to each lane. */

#include "core/procs/proc.h"

#include "core/base/alloc.h"
#include "core/dsp/automation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

#define SP_PROC(n) extern const sp_proc_class sp_proc_##n;
#define SP_FAMILY(n) extern const sp_proc_family sp_family_##n;
#include "core/procs/list.h"
#undef SP_PROC
#undef SP_FAMILY

/* list.h expanded twice, in step: each SP_PROC line a family of one in
 * `ones`, each SP_FAMILY line itself in `proper` (and a NULL in the other). */
#define SP_PROC(n) {.name = #n, .single = &sp_proc_##n},
#define SP_FAMILY(n) {.name = NULL},
static const sp_proc_family ones[] = {
#include "core/procs/list.h"
};
#undef SP_PROC
#undef SP_FAMILY
#define SP_PROC(n) NULL,
#define SP_FAMILY(n) &sp_family_##n,
static const sp_proc_family *const proper[] = {
#include "core/procs/list.h"
};
#undef SP_PROC
#undef SP_FAMILY
enum { N_BUILTIN = sizeof ones / sizeof ones[0] };

static const sp_proc_family **registered;
static size_t n_registered;

void sp_proc_register(const sp_proc_family *f)
{
  registered = sp_xreallocarray(registered, n_registered + 1, sizeof *registered);
  registered[n_registered++] = f;
}

size_t sp_proc_family_count(void) { return N_BUILTIN + n_registered; }

const sp_proc_family *sp_proc_family_at(size_t i)
{
  if (i < N_BUILTIN)
    return proper[i] ? proper[i] : &ones[i];
  return i - N_BUILTIN < n_registered ? registered[i - N_BUILTIN] : NULL;
}

const sp_proc_family *sp_proc_family_find(const char *name)
{
  for (size_t i = 0; i < sp_proc_family_count(); i++)
    if (strcmp(sp_proc_family_at(i)->name, name) == 0)
      return sp_proc_family_at(i);
  return NULL;
}

const sp_proc_class *sp_proc_family_class(const sp_proc_family *f, const char *value, char *why,
                                          size_t why_size)
{
  if (f->single)
    return f->single;
  if (!value) {
    snprintf(why, why_size, "'%s' needs '%s: ...', %s", f->name, f->selector, f->selector_help);
    return NULL;
  }
  return f->make(value, why, why_size);
}

size_t sp_proc_count(void)
{
  size_t n = 0;
  for (size_t i = 0; i < sp_proc_family_count(); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    n += f->single ? 1 : f->count ? f->count() : 0;
  }
  return n;
}

const sp_proc_class *sp_proc_at(size_t i)
{
  for (size_t k = 0; k < sp_proc_family_count(); k++) {
    const sp_proc_family *f = sp_proc_family_at(k);
    size_t n = f->single ? 1 : f->count ? f->count() : 0;
    if (i < n)
      return f->single ? f->single : f->at(i);
    i -= n;
  }
  return NULL;
}

const sp_proc_class *sp_proc_find(const char *name)
{
  for (size_t i = 0; i < sp_proc_count(); i++)
    if (strcmp(sp_proc_at(i)->name, name) == 0)
      return sp_proc_at(i);
  return NULL;
}

int sp_proc_param_index(const sp_proc_class *cls, const char *name)
{
  for (size_t i = 0; i < cls->n_params; i++)
    if (strcmp(cls->params[i].name, name) == 0)
      return (int)i;
  return -1;
}

const sp_param_word *sp_proc_word(const sp_proc_class *cls, int k, const char *text,
                                  const double *value)
{
  for (const sp_param_word *w = cls->words; w && w->word; w++)
    if (w->param == k && (text ? strcmp(w->word, text) == 0 : w->value == *value))
      return w;
  return NULL;
}

void sp_param_range_at(double min, double max, bool per_rate, double rate, double *lo, double *hi)
{
  const double f = per_rate ? rate / SP_PARAM_NOMINAL_RATE : 1.0;
  *lo = min * f;
  *hi = max * f;
}

void sp_param_range(const sp_proc_class *cls, int k, double rate, double *lo, double *hi)
{
  const sp_param *pr = &cls->params[k];
  sp_param_range_at(pr->min, pr->max, cls->per_rate && cls->per_rate[k], rate, lo, hi);
}

double sp_param_default_at(double def, bool moves, double rate)
{
  return moves ? def * (rate / SP_PARAM_NOMINAL_RATE) : def;
}

bool sp_param_default_moves(const sp_proc_class *cls, int k)
{
  return cls->per_rate && cls->per_rate[k] && !(cls->def_fixed && cls->def_fixed[k]) &&
         cls->params[k].def != 0;
}

double sp_param_default(const sp_proc_class *cls, int k, double rate)
{
  return sp_param_default_at(cls->params[k].def, sp_param_default_moves(cls, k), rate);
}

void sp_proc_defaults(const sp_proc_class *cls, double rate, double *values)
{
  for (size_t i = 0; i < cls->n_params; i++)
    values[i] = sp_param_default(cls, (int)i, rate);
}

sp_err sp_proc_new(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                   sp_proc **out, char *why, size_t why_size)
{
  sp_proc *p = sp_xcalloc(1, sizeof *p);
  p->cls = cls;
  p->channels = env->channels;
  p->state = sp_xcalloc(1, cls->state_size);
  sp_proc_args with = *args;
  with.cls = cls;
  sp_err err = cls->prepare(p->state, &with, env, why, why_size);
  if (err != SP_OK) {
    if (cls->release)
      cls->release(p->state);
    free(p->state);
    free(p);
    *out = NULL;
    return err;
  }
  p->latency = cls->latency_frames ? cls->latency_frames(p->state) : 0;
  if (sp_proc_is_linked(cls)) {
    for (int c = 0; c < p->channels; c++)
      p->gain[c] = sp_xcalloc(env->max_block_frames, sizeof(float));
    sp_ring_init(&p->ring, p->channels, (size_t)p->latency);
  }
  *out = p;
  return SP_OK;
}

void sp_proc_free(sp_proc *p)
{
  if (!p)
    return;
  if (p->cls->release)
    p->cls->release(p->state);
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    free(p->gain[c]);
  sp_ring_fini(&p->ring);
  free(p->state);
  free(p);
}

void sp_proc_reset(sp_proc *p)
{
  if (p->cls->reset)
    p->cls->reset(p->state);
  sp_ring_reset(&p->ring);
}

void sp_proc_process(sp_proc *p, float *const *ch, const float *const *key, size_t frames)
{
  if (p->cls->flags & SP_PROC_KEYED_LANES) {
    /* one signal: it is its own key unless one is given */
    const float *self[2] = {ch[0], p->channels > 1 ? ch[1] : NULL};
    p->cls->process_keyed(p->state, ch, key ? key : self, frames);
    return;
  }
  if (!sp_proc_is_linked(p->cls)) {
    p->cls->process(p->state, ch, frames);
    return;
  }
  p->cls->gain(p->state, (const float *const *)ch, key, p->gain, frames);
  sp_ring_process(&p->ring, ch, frames);
  for (int c = 0; c < p->channels; c++)
    for (size_t i = 0; i < frames; i++)
      ch[c][i] *= p->gain[c][i];
}

/* The latency of cls prepared with args, value q at v instead. */
static sp_err latency_with(const sp_proc_class *cls, const sp_proc_args *args,
                           const sp_proc_env *env, size_t q, double v, int64_t *latency, char *why,
                           size_t why_size)
{
  const size_t n = args->n_sets * cls->n_params;
  double *values = sp_xcalloc(n + 1, sizeof *values);
  memcpy(values, args->values, n * sizeof *values);
  values[q] = v;
  sp_proc_args with = *args;
  with.values = values;
  sp_proc *p;
  const sp_err err = sp_proc_new(cls, &with, env, &p, why, why_size);
  if (err == SP_OK)
    *latency = p->latency;
  sp_proc_free(p);
  free(values);
  return err;
}

/* v in the unit of pr, for a message: "20 ms", "-3 dB", "4". */
static void value_text(const sp_param *pr, double v, char *buf, size_t size)
{
  const char *unit = sp_unit_name(pr->unit);
  if (pr->kind == SP_PARAM_BOOL)
    snprintf(buf, size, "%s", v != 0 ? "true" : "false");
  else if (pr->kind == SP_PARAM_CHOICE && pr->choices)
    snprintf(buf, size, "%s", pr->choices[(size_t)v]);
  else if (pr->unit == SP_UNIT_SECONDS && v > -1 && v < 1)
    snprintf(buf, size, "%g ms", v * 1000);
  else
    snprintf(buf, size, "%g%s%s", v, *unit ? " " : "", unit);
}

/* Whether the moving parameters of args keep the latency the first values
 * gave (latency): each number prepared at its lowest and highest
 * breakpoint values, each switch or choice at each of its settings.
 * SP_ERR_USAGE with why and *bad when one does not. */
static sp_err check_moving_latency(const sp_proc_class *cls, const sp_proc_args *args,
                                   const sp_proc_env *env, int64_t latency, long *bad, char *why,
                                   size_t why_size)
{
  for (size_t q = 0; args->automation && q < args->n_sets * cls->n_params; q++) {
    const sp_auto *a = &args->automation[q];
    const sp_param *pr = &cls->params[q % cls->n_params];
    if (a->n == 0 || sp_param_is_file(pr))
      continue;
    /* A number at its lowest and highest values; a switch or a choice at
     * each setting it takes (sp_auto_setting). */
    const bool number = pr->kind == SP_PARAM_NUMBER;
    double ends[2] = {a->points[0].v, a->points[0].v};
    for (size_t i = 1; number && i < a->n; i++) {
      ends[0] = fmin(ends[0], a->points[i].v);
      ends[1] = fmax(ends[1], a->points[i].v);
    }
    double v;
    for (size_t e = 0; number ? e < 2 : sp_auto_setting(a, e, &v); e++) {
      if (number)
        v = ends[e];
      if (v == args->values[q] || (number && e == 1 && ends[1] == ends[0]))
        continue;
      /* A value the class cannot be prepared at (a frequency above Nyquist)
       * is the parser's or the render's to say, not this check's. */
      int64_t at = 0;
      char ignored[256];
      if (latency_with(cls, args, env, q, v, &at, ignored, sizeof ignored) != SP_OK ||
          at == latency)
        continue;
      char first[64], other[64], band[32] = "";
      value_text(pr, args->values[q], first, sizeof first);
      value_text(pr, v, other, sizeof other);
      if (args->n_sets > 1)
        snprintf(band, sizeof band, " (band %zu)", q / cls->n_params + 1);
      snprintf(why, why_size,
               "'%s'%s of '%s' cannot move: the insert's latency follows it (at %s: %lld "
               "frames; at %s: %lld), and a render compensates one latency throughout, so after "
               "the move its output would sit off the timeline; give '%s' one value, like %s",
               pr->name, band, cls->name, first, (long long)latency, other, (long long)at, pr->name,
               first);
      *bad = (long)q;
      return SP_ERR_USAGE;
    }
  }
  return SP_OK;
}

bool sp_proc_latency_follows(const sp_proc_class *cls, size_t k, double rate, int64_t *at_min,
                             int64_t *at_max)
{
  if (k >= cls->n_params || cls->params[k].kind != SP_PARAM_NUMBER)
    return false;
  double *values = sp_xcalloc(cls->n_params + 1, sizeof *values);
  sp_proc_defaults(cls, rate, values);
  const sp_proc_args args = {.values = values, .n_sets = 1};
  const sp_proc_env env = {
      .sample_rate = rate, .channels = 2, .max_block_frames = 4096, .floor_db = -146.0};
  char why[512];
  const bool differ =
      latency_with(cls, &args, &env, k, cls->params[k].min, at_min, why, sizeof why) == SP_OK &&
      latency_with(cls, &args, &env, k, cls->params[k].max, at_max, why, sizeof why) == SP_OK &&
      *at_min != *at_max;
  free(values);
  return differ;
}

static sp_err probe_now(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                        sp_proc_probed *out, char *why, size_t why_size);

/* A probe runs its processor in the render's floating-point modes (x86:
 * denormals flushed to zero, core/render/passes.c): the instance it
 * settles is one a render may take (an instrument's, after its tail), and
 * a plugin fed silence after a test signal otherwise crawls through the
 * denormal range (ACE EQ's tail and link runs at 96 kHz: 0.2 s of CPU,
 * bench/ardour/engine.sh's instrument session). */
sp_err sp_proc_probe(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                     sp_proc_probed *out, char *why, size_t why_size)
{
#ifdef SP_HAVE_MXCSR
  const unsigned int saved_csr = _mm_getcsr();
  _mm_setcsr(saved_csr | 0x8040);
#endif
  const sp_err err = probe_now(cls, args, env, out, why, why_size);
#ifdef SP_HAVE_MXCSR
  _mm_setcsr(saved_csr);
#endif
  return err;
}

static sp_err probe_now(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                        sp_proc_probed *out, char *why, size_t why_size)
{
  out->bad_param = -1;
  sp_proc *p;
  sp_err err = sp_proc_new(cls, args, env, &p, why, why_size);
  if (err != SP_OK)
    return err;
  err = check_moving_latency(cls, args, env, p->latency, &out->bad_param, why, why_size);
  if (err != SP_OK) {
    sp_proc_free(p);
    return err;
  }
  out->latency_frames = p->latency;
  out->tail_frames = cls->tail_frames ? cls->tail_frames(p->state) : 0;
  out->tail_capped = false;
  out->link_floor_dbfs = -INFINITY;
  out->own_detector = false;
  out->key_feed = NULL;
  out->saved = args->saved;
  if (cls->measure)
    cls->measure(p->state, env, out);
  sp_proc_free(p);
  /* Parameters that move end where their last breakpoints hold, where the
   * tail rings on: the longer of the two tails is the insert's. */
  if (args->automation && cls->retune && cls->tail_frames) {
    const size_t n = args->n_sets * cls->n_params;
    double *last = sp_xcalloc(n, sizeof *last);
    for (size_t k = 0; k < n; k++) {
      const sp_auto *a = &args->automation[k];
      last[k] = a->n ? a->points[a->n - 1].v : args->values[k];
    }
    sp_proc_args end = *args;
    end.values = last;
    if (sp_proc_new(cls, &end, env, &p, why, why_size) == SP_OK) {
      const int64_t tail = cls->tail_frames(p->state);
      out->tail_frames = tail > out->tail_frames ? tail : out->tail_frames;
      sp_proc_free(p);
    }
    free(last);
  }
  return SP_OK;
}
