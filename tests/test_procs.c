/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Processors. First the contract every registered class keeps (STYLE rule
 * 15), driven by the registry so a new processor is covered by adding it:
 * defaults in range, silence in gives finite silence out, reset repeats the
 * output exactly, the output is identical at block sizes 1, 64 and 4096,
 * and the reported latency is the delay measured with an impulse. Then
 * known answers per processor, against analytic values. */

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/dsp/biquad.h"
#include "core/measure/meter.h"
#include "core/procs/proc.h"
#include "core/dsp/events.h"
#include "testsf2.h"
#include "testutil.h"

#include <complex.h>
#include <criterion/criterion.h>
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, LEN = 16384, MAXB = 4096 };

static char *dir;

/* A short stereo IR built in memory, decaying noise: the resource every
 * FILE parameter gets (a processor is handed data, never a file). */
static float ir_l[3000], ir_r[3000];
static sp_resource ir_res = {"(a decaying noise, in memory)", 2, 3000, RATE, {ir_l, ir_r}};

/* An instrument's file (the tests' SoundFont) and what it plays: A4 on
 * channel 1, a percussion hit on channel 10, a pitch bend. */
static char *sf2;
static sp_event note_v[] = {
    {.frame = 100, .size = 3, .msg = {0x90, 69, 100}},
    {.frame = 1203, .size = 3, .msg = {0xE0, 0, 80}},
    {.frame = 2000, .size = 3, .msg = {0x99, 40, 127}},
    {.frame = 5000, .size = 3, .msg = {0x80, 69, 0}},
};
static const sp_events notes = {note_v, sizeof note_v / sizeof note_v[0]};

static void setup(void)
{
  dir = tu_tmpdir();
  sf2 = tu_write_sf2(dir, "t.sf2");
  uint64_t s = 99;
  for (int i = 0; i < 3000; i++)
    for (int c = 0; c < 2; c++) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      (c ? ir_r : ir_l)[i] =
          (float)(((double)(s >> 11) / 9007199254740992.0 - 0.5) * exp(-i / 600.0));
    }
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
  free(sf2);
}

TestSuite(contract, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(known, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* Arguments of cls: defaults, the in-memory IR for FILE parameters, and overrides
 * "name=value" (value in the parameter's natural unit). */
typedef struct args {
  double v[64];
  const sp_resource *resources[64];
  const char *paths[64];
  sp_proc_args a;
} args;

static void make_args(args *x, const sp_proc_class *cls, const char *const *overrides)
{
  memset(x, 0, sizeof *x);
  sp_proc_defaults(cls, SP_PARAM_NOMINAL_RATE, x->v);
  for (size_t k = 0; k < cls->n_params; k++)
    if (cls->params[k].kind == SP_PARAM_FILE)
      x->resources[k] = &ir_res;
    else if (cls->params[k].kind == SP_PARAM_PATH)
      x->paths[k] = sf2;
  for (size_t i = 0; overrides && overrides[i]; i++) {
    char name[64];
    double value;
    cr_assert_eq(sscanf(overrides[i], "%63[^=]=%lf", name, &value), 2);
    int k = sp_proc_param_index(cls, name);
    cr_assert_geq(k, 0, "%s has no %s", cls->name, name);
    x->v[k] = value;
  }
  x->a.values = x->v;
  x->a.n_sets = 1;
  x->a.resources = x->resources;
  x->a.paths = x->paths;
  x->a.events = (cls->flags & SP_PROC_INSTRUMENT) ? &notes : NULL;
}

/* Where a block that starts at frame t plays, for a class that is told
 * (an instrument's events are on that clock). */
static void tell(const sp_proc *p, size_t t)
{
  if (p->cls->at)
    p->cls->at(p->state, (int64_t)t, (int64_t)t);
}

static sp_proc *make(const sp_proc_class *cls, const args *x, int channels)
{
  sp_proc_env env = {.sample_rate = RATE,
                     .channels = channels,
                     .max_block_frames = MAXB,
                     .floor_db = -146,
                     .layout = sp_layout_by_count(channels)};
  sp_proc *p;
  char why[512];
  cr_assert_eq(sp_proc_new(cls, &x->a, &env, &p, why, sizeof why), SP_OK, "%s: %s", cls->name, why);
  return p;
}

/* Run a fresh instance over in (planar, LEN frames a channel) in blocks. */
static void run(const sp_proc_class *cls, const args *x, int channels, const float *in, float *out,
                size_t block)
{
  sp_proc *p = make(cls, x, channels);
  memcpy(out, in, (size_t)channels * LEN * sizeof *out);
  for (size_t t = 0; t < LEN; t += block) {
    size_t n = t + block > LEN ? LEN - t : block;
    float *ch[2] = {out + t, out + LEN + t};
    tell(p, t);
    sp_proc_process(p, ch, NULL, n);
  }
  sp_proc_free(p);
}

static void noise(float *x, size_t n, uint64_t seed, float amp)
{
  for (size_t i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (float)((double)(seed >> 11) / 9007199254740992.0 - 0.5) * 2 * amp;
  }
}

/* Parameters under which each class passes a quiet signal unchanged but for
 * its latency, so an impulse measures that latency. */
static const char *const *transparent(const sp_proc_class *c)
{
  static const char *const delay[] = {"dry=0", "wet=-inf", NULL};
  static const char *const gate[] = {"range=0", NULL};
  static const char *const comp[] = {"threshold=0", NULL};
  static const char *const sat[] = {"drive=0", NULL};
  if (strcmp(c->name, "delay") == 0 || strcmp(c->name, "convolver") == 0)
    return delay;
  if (strcmp(c->name, "gate") == 0)
    return gate;
  if (strcmp(c->name, "compressor") == 0)
    return comp;
  if (strcmp(c->name, "saturate") == 0)
    return sat;
  return NULL;
}

/* The registry's lines (core/procs/list.h), read here as the registry
 * reads them: the built-in classes' names and the families' names. */
#define SP_PROC(n) #n,
#define SP_FAMILY(n)
static const char *const builtin_names[] = {
#include "core/procs/list.h"
    NULL};
#undef SP_PROC
#undef SP_FAMILY
#define SP_PROC(n)
#define SP_FAMILY(n) #n,
static const char *const family_names[] = {
#include "core/procs/list.h"
    NULL};
#undef SP_PROC
#undef SP_FAMILY

/* Every line of the registry is a class or family found by its name, the
 * families of one come first in the order of their lines, and every class
 * the contract tests walk (sp_proc_at) keeps the rules of a descriptor. */
Test(contract, registry_is_sane)
{
  size_t n_builtin = 0;
  for (; builtin_names[n_builtin]; n_builtin++) {
    const char *name = builtin_names[n_builtin];
    const sp_proc_class *c = sp_proc_find(name);
    cr_assert_not_null(c, "SP_PROC(%s) is in core/procs/list.h, but no class is named '%s'", name,
                       name);
    const sp_proc_family *f = sp_proc_family_at(n_builtin);
    cr_assert(f && f->single == c, "SP_PROC(%s) is not the registry's family %zu", name, n_builtin);
  }
  cr_assert_geq(n_builtin, 10, "core/procs/list.h lists %zu built-in processors", n_builtin);
  cr_assert_geq(sp_proc_count(), n_builtin);
  for (size_t i = 0; family_names[i]; i++)
    cr_assert_not_null(sp_proc_family_find(family_names[i]), "SP_FAMILY(%s) is not registered",
                       family_names[i]);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    cr_assert_not_null(c->summary);
    cr_assert_eq(sp_proc_find(c->name), c);
    cr_assert(c->primary_param < (int)c->n_params);
    cr_assert(sp_proc_is_linked(c) ? c->gain != NULL : c->process != NULL, "%s", c->name);
    cr_assert((c->flags & SP_PROC_TAKES_KEY) == 0 || sp_proc_is_linked(c));
    for (size_t k = 0; k < c->n_params; k++) {
      const sp_param *p = &c->params[k];
      cr_assert(p->def >= p->min && p->def <= p->max, "%s.%s default out of range", c->name,
                p->name);
      if (p->kind == SP_PARAM_CHOICE) {
        size_t n = 0;
        while (p->choices[n])
          n++;
        cr_assert_eq(p->max, (double)(n - 1), "%s.%s: max must be the last choice", c->name,
                     p->name);
      }
      cr_assert_not_null(p->help);
      cr_assert_eq(sp_proc_param_index(c, p->name), (int)k);
    }
  }
}

/* A parameter that may move never moves the latency, which a render
 * compensates once: a class whose latency follows one names it in still()
 * (the limiter's lookahead), and the planner refuses a move of any other
 * that does (sp_proc_probe: an LV2 plugin's lookahead). */
Test(contract, no_parameter_that_moves_moves_the_latency)
{
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    for (size_t k = 0; (c->flags & SP_PROC_AUTOMATABLE) && k < c->n_params; k++) {
      if (c->params[k].kind != SP_PARAM_NUMBER || (c->still && c->still(k)))
        continue;
      int64_t at_min, at_max;
      cr_expect(!sp_proc_latency_follows(c, k, 48000, &at_min, &at_max),
                "%s.%s moves, and its latency follows it: %lld frames at its minimum, %lld at "
                "its maximum",
                c->name, c->params[k].name, (long long)at_min, (long long)at_max);
    }
  }
}

Test(contract, silence_in_gives_finite_silence_out)
{
  static float in[2 * LEN], out[2 * LEN];
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    if (c->flags & SP_PROC_OUTBOARD) /* plays its return, not its input: test_latency */
      continue;
    args x;
    make_args(&x, c, NULL);
    x.a.events = NULL; /* an instrument playing nothing */
    run(c, &x, 2, in, out, 512);
    for (size_t k = 0; k < 2 * LEN; k++) {
      cr_assert(isfinite(out[k]), "%s: non-finite output", c->name);
      cr_assert_eq(out[k], 0.0f, "%s: silence in, %g out", c->name, out[k]);
    }
  }
}

Test(contract, output_is_the_same_at_block_sizes_1_64_4096)
{
  static float in[2 * LEN], ref[2 * LEN], out[2 * LEN];
  noise(in, 2 * LEN, 7, 0.8f);
  const size_t blocks[] = {1, 64, 4096, 1000};
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    args x;
    make_args(&x, c, NULL);
    run(c, &x, 2, in, ref, 512);
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
      run(c, &x, 2, in, out, blocks[b]);
      cr_assert_eq(memcmp(ref, out, sizeof ref), 0, "%s differs at block %zu", c->name, blocks[b]);
    }
  }
}

/* Modes the defaults do not reach, each under the same contract: a
 * ping-pong delay, the RMS detector, a gate's hold, a limiter's release, a
 * shelf and a 24 dB/oct pass, saturation driven hard, stereo folded into
 * mono; and every class that takes a key, driven by one. */
typedef struct variant {
  const char *cls;
  const char *o[6];
  bool key;
} variant;

static const variant variants[] = {
    {"delay", {"pingpong=1", "feedback=0.6", "time=0.0031", NULL}, false},
    {"compressor", {"detector=1", "threshold=-30", "ratio=8", "attack=0.0005", NULL}, false},
    {"compressor", {"threshold=-30", "knee=0", NULL}, true},
    {"gate", {"threshold=-20", "hold=0.004", "range=40", NULL}, true},
    {"gate", {"threshold=-30", "hold=0", "attack=0", NULL}, false},
    {"gate", {"threshold=-20", "ratio=3", "range=30", NULL}, true},
    {"gate", {"threshold=-12", "ratio=1.5", "hold=0", NULL}, false},
    {"compressor", {"threshold=-30", "makeup=-1", NULL}, false},
    {"limiter", {"ceiling=-6", "release=0.003", NULL}, true},
    {"eq", {"type=2", "gain=-9", "freq=300", NULL}, false},
    {"eq", {"type=3", "slope=1", "freq=5000", NULL}, false},
    {"saturate", {"drive=24", NULL}, false},
    {"width", {"width=2", NULL}, false},
    {"fold", {"to=0", NULL}, false},
    {"patch", {"c1=2", "c2=0", NULL}, false},
};

/* Run variant v over in in blocks of block, with a key of its own. */
static void run_variant(const variant *v, const float *in, const float *key, float *out,
                        size_t block)
{
  const sp_proc_class *c = sp_proc_find(v->cls);
  cr_assert_not_null(c);
  args x;
  make_args(&x, c, v->o);
  sp_proc *p = make(c, &x, 2);
  memcpy(out, in, 2 * LEN * sizeof *out);
  for (size_t t = 0; t < LEN; t += block) {
    size_t n = t + block > LEN ? LEN - t : block;
    float *ch[2] = {out + t, out + LEN + t};
    const float *k[2] = {key + t, key + LEN + t};
    sp_proc_process(p, ch, v->key ? k : NULL, n);
  }
  sp_proc_free(p);
}

Test(contract, every_variant_and_key_is_block_size_independent_and_finite)
{
  static float in[2 * LEN], key[2 * LEN], ref[2 * LEN], out[2 * LEN];
  noise(in, 2 * LEN, 5, 0.5f);
  /* a key in bursts: loud for 20 ms, quiet for 30 ms */
  noise(key, 2 * LEN, 6, 0.9f);
  for (size_t i = 0; i < LEN; i++)
    if (i % 2400 >= 960)
      key[i] = key[LEN + i] = key[i] * 0.01f;
  const size_t blocks[] = {1, 64, 4096, 777};
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const variant *v = &variants[i];
    run_variant(v, in, key, ref, 512);
    for (size_t k = 0; k < 2 * LEN; k++)
      cr_assert(isfinite(ref[k]), "%s variant %zu: non-finite", v->cls, i);
    cr_assert_neq(memcmp(ref, in, sizeof ref), 0, "%s variant %zu does nothing", v->cls, i);
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
      run_variant(v, in, key, out, blocks[b]);
      cr_assert_eq(memcmp(ref, out, sizeof ref), 0, "%s variant %zu differs at block %zu", v->cls,
                   i, blocks[b]);
    }
  }
}

Test(contract, every_variant_and_key_resets_exactly)
{
  static float in[2 * LEN], key[2 * LEN], a[2 * LEN], b[2 * LEN];
  noise(in, 2 * LEN, 15, 0.6f);
  noise(key, 2 * LEN, 16, 0.9f);
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const variant *v = &variants[i];
    const sp_proc_class *c = sp_proc_find(v->cls);
    args x;
    make_args(&x, c, v->o);
    sp_proc *p = make(c, &x, 2);
    memcpy(a, in, sizeof a);
    memcpy(b, in, sizeof b);
    for (int pass = 0; pass < 2; pass++) {
      float *buf = pass ? b : a;
      for (size_t t = 0; t < LEN; t += MAXB) {
        float *ch[2] = {buf + t, buf + LEN + t};
        const float *k[2] = {key + t, key + LEN + t};
        sp_proc_process(p, ch, v->key ? k : NULL, MAXB);
      }
      sp_proc_reset(p);
    }
    cr_assert_eq(memcmp(a, b, sizeof a), 0, "%s variant %zu: reset does not restore the state",
                 v->cls, i);
    sp_proc_free(p);
  }
}

/* A linked class's gain in two steps (detect, which keeps no state, then
 * gain_from, block after block: how the renderer runs it, core/render's
 * split gain) is bit for bit its gain in one, from its detector or its
 * key, for every variant of a class that has the steps (the compressor's
 * peak and rms detectors, the gate, the limiter). */
Test(contract, a_gain_in_two_steps_is_the_gain_in_one_bit_for_bit)
{
  enum { PAD = 256, B = 777 };
  static float in[2 * (PAD + LEN)], key[2 * (PAD + LEN)], g1[2 * LEN], g2[2 * LEN];
  static double det[SP_DETECT_BYTES * MAXB / sizeof(double)];
  noise(in + PAD, LEN, 25, 0.8f);
  noise(in + 2 * PAD + LEN, LEN, 26, 0.6f);
  noise(key + PAD, LEN, 27, 0.9f);
  noise(key + 2 * PAD + LEN, LEN, 28, 0.9f);
  for (size_t i = 0; i < LEN; i++)
    if (i % 2400 >= 960) /* bursts, so that gains rise and fall */
      key[PAD + i] *= 0.01f, key[2 * PAD + LEN + i] *= 0.01f, in[PAD + i] *= 0.05f;
  size_t tried = 0;
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const sp_proc_class *c = sp_proc_find(variants[i].cls);
    if (!c->detect)
      continue;
    cr_assert(c->gain_from && c->detect_history <= PAD, "%s", c->name);
    for (int keyed = 0; keyed < 2; keyed++, tried++) {
      args x;
      make_args(&x, c, variants[i].o);
      sp_proc *one = make(c, &x, 2), *two = make(c, &x, 2);
      for (size_t t = 0; t < LEN; t += B) {
        const size_t n = t + B > LEN ? LEN - t : B;
        const float *d[2] = {in + PAD + t, in + 2 * PAD + LEN + t};
        const float *k[2] = {key + PAD + t, key + 2 * PAD + LEN + t};
        float *a[2] = {g1 + t, g1 + LEN + t}, *b[2] = {g2 + t, g2 + LEN + t};
        c->gain(one->state, d, keyed ? k : NULL, a, n);
        c->detect(two->state, keyed ? NULL : d, keyed ? k : NULL, det, n);
        c->gain_from(two->state, det, b, n);
      }
      cr_assert_eq(memcmp(g1, g2, sizeof g1), 0, "%s variant %zu%s: two steps differ", c->name, i,
                   keyed ? ", keyed" : "");
      bool moves = false;
      for (size_t j = 1; j < LEN; j++)
        moves |= g1[j] != g1[0];
      cr_assert(moves, "%s variant %zu: its gain never moves", c->name, i);
      sp_proc_free(one);
      sp_proc_free(two);
    }
  }
  cr_assert_geq(tried, 8);
}

/* The convolver's wet path, at its automatic partition size: with a unit
 * impulse as the IR, the output is the input delayed by exactly the latency
 * it reports. */
Test(contract, convolver_wet_latency_is_the_delay_of_an_impulse)
{
  /* The IR is built in memory and handed over as a resource. */
  static float unit_l[64], unit_r[64];
  unit_l[0] = unit_r[0] = 1.0f;
  const sp_resource unit = {"(a unit impulse, in memory)", 2, 64, RATE, {unit_l, unit_r}};
  const sp_proc_class *c = sp_proc_find("convolver");
  const char *const o[] = {"dry=-inf", "wet=0", NULL};
  args x;
  make_args(&x, c, o);
  x.resources[sp_proc_param_index(c, "ir")] = &unit;
  static float in[2 * LEN], out[2 * LEN];
  memset(in, 0, sizeof in);
  in[300] = 0.5f;
  in[LEN + 300] = -0.25f;
  sp_proc *p = make(c, &x, 2);
  int64_t latency = p->latency;
  sp_proc_free(p);
  cr_assert_lt(latency + 300, (int64_t)LEN, "latency %lld is too long for the test",
               (long long)latency);
  run(c, &x, 2, in, out, 256);
  for (size_t k = 0; k < LEN; k++) {
    float want_l = (int64_t)k == 300 + latency ? 0.5f : 0.0f;
    float want_r = (int64_t)k == 300 + latency ? -0.25f : 0.0f;
    cr_assert(fabsf(out[k] - want_l) < 1e-6f && fabsf(out[LEN + k] - want_r) < 1e-6f,
              "frame %zu: %g %g (latency says %lld)", k, out[k], out[LEN + k], (long long)latency);
  }
}

Test(contract, reset_repeats_the_output_exactly)
{
  static float in[2 * LEN], a[2 * LEN], b[2 * LEN];
  noise(in, 2 * LEN, 11, 0.8f);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    args x;
    make_args(&x, c, NULL);
    sp_proc *p = make(c, &x, 2);
    memcpy(a, in, sizeof a);
    memcpy(b, in, sizeof b);
    float *ca[2] = {a, a + LEN}, *cb[2] = {b, b + LEN};
    for (size_t t = 0; t < LEN; t += MAXB) {
      float *pa[2] = {ca[0] + t, ca[1] + t};
      tell(p, t);
      sp_proc_process(p, pa, NULL, MAXB);
    }
    sp_proc_reset(p);
    for (size_t t = 0; t < LEN; t += MAXB) {
      float *pb[2] = {cb[0] + t, cb[1] + t};
      tell(p, t);
      sp_proc_process(p, pb, NULL, MAXB);
    }
    cr_assert_eq(memcmp(a, b, sizeof a), 0, "%s: reset does not restore the state", c->name);
    sp_proc_free(p);
  }
}

Test(contract, reported_latency_is_the_delay_of_an_impulse)
{
  static float in[2 * LEN], out[2 * LEN];
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    if (c->flags & SP_PROC_INSTRUMENT) /* plays its events, not its input: test_instrument */
      continue;
    if (c->flags & SP_PROC_OUTBOARD) /* plays its return, not its input: test_latency */
      continue;
    args x;
    make_args(&x, c, transparent(c));
    memset(in, 0, sizeof in);
    in[100] = in[LEN + 100] = 0.01f;
    sp_proc *p = make(c, &x, 2);
    int64_t latency = p->latency;
    sp_proc_free(p);
    run(c, &x, 2, in, out, 256);
    size_t at = 0;
    for (size_t k = 0; k < LEN; k++)
      if (fabsf(out[k]) > fabsf(out[at]))
        at = k;
    cr_assert_eq((int64_t)at - 100, latency,
                 "%s: impulse came out %zu frames later, latency "
                 "says %lld",
                 c->name, at - 100, (long long)latency);
    cr_assert_float_eq(out[at], 0.01f, 1e-5, "%s: the impulse changed level: %g", c->name, out[at]);
  }
}

/* ---- known answers ------------------------------------------------------- */

/* Steady-state gain (dB) of the eq with one band at f_hz: a sine through it,
 * measured over whole periods after it settled. */
static double eq_response_db(const double *band, double f_hz)
{
  const sp_proc_class *c = sp_proc_find("eq");
  sp_proc_args a = {.values = band, .n_sets = 1};
  sp_proc_env env = {
      .sample_rate = RATE, .channels = 1, .max_block_frames = MAXB, .floor_db = -146};
  sp_proc *p;
  char why[256];
  cr_assert_eq(sp_proc_new(c, &a, &env, &p, why, sizeof why), SP_OK, "%s", why);
  enum { N = 4 * RATE };
  static float x[N];
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.25 * sin(2 * M_PI * f_hz * i / RATE));
  for (int t = 0; t < N; t += MAXB) {
    float *ch[1] = {x + t};
    sp_proc_process(p, ch, NULL, N - t < MAXB ? (size_t)(N - t) : MAXB);
  }
  sp_proc_free(p);
  /* The last second: an integer number of periods for the test frequencies. */
  double complex acc = 0;
  for (int i = N - RATE; i < N; i++)
    acc += x[i] * cexp(-I * 2 * M_PI * f_hz * i / RATE);
  return 20 * log10(2 * cabs(acc) / RATE / 0.25);
}

/* |H| in dB of the RBJ cookbook design, written out here a second time. */
static double rbj_db(int type, double f0, double q, double gain_db, double f)
{
  double A = pow(10, gain_db / 40), w0 = 2 * M_PI * f0 / RATE, cw = cos(w0), al = sin(w0) / (2 * q);
  double b[3], a[3], sa = 2 * sqrt(A) * al;
  switch (type) {
  case 0: /* peak */
    b[0] = 1 + al * A, b[1] = -2 * cw, b[2] = 1 - al * A;
    a[0] = 1 + al / A, a[1] = -2 * cw, a[2] = 1 - al / A;
    break;
  case 1: /* lowshelf */
    b[0] = A * ((A + 1) - (A - 1) * cw + sa), b[1] = 2 * A * ((A - 1) - (A + 1) * cw);
    b[2] = A * ((A + 1) - (A - 1) * cw - sa);
    a[0] = (A + 1) + (A - 1) * cw + sa, a[1] = -2 * ((A - 1) + (A + 1) * cw);
    a[2] = (A + 1) + (A - 1) * cw - sa;
    break;
  case 2: /* highshelf */
    b[0] = A * ((A + 1) + (A - 1) * cw + sa), b[1] = -2 * A * ((A - 1) + (A + 1) * cw);
    b[2] = A * ((A + 1) + (A - 1) * cw - sa);
    a[0] = (A + 1) - (A - 1) * cw + sa, a[1] = 2 * ((A - 1) - (A + 1) * cw);
    a[2] = (A + 1) - (A - 1) * cw - sa;
    break;
  case 3: /* highpass */
    b[0] = (1 + cw) / 2, b[1] = -(1 + cw), b[2] = (1 + cw) / 2;
    a[0] = 1 + al, a[1] = -2 * cw, a[2] = 1 - al;
    break;
  case 4: /* lowpass */
    b[0] = (1 - cw) / 2, b[1] = 1 - cw, b[2] = (1 - cw) / 2;
    a[0] = 1 + al, a[1] = -2 * cw, a[2] = 1 - al;
    break;
  case 5: /* notch */
    b[0] = 1, b[1] = -2 * cw, b[2] = 1;
    a[0] = 1 + al, a[1] = -2 * cw, a[2] = 1 - al;
    break;
  default: /* bandpass, 0 dB peak */
    b[0] = al, b[1] = 0, b[2] = -al;
    a[0] = 1 + al, a[1] = -2 * cw, a[2] = 1 - al;
    break;
  }
  double complex z = cexp(-I * 2 * M_PI * f / RATE);
  double complex h = (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z);
  return 20 * log10(cabs(h));
}

Test(known, eq_every_type_at_f0_and_in_the_stop_band_within_0_01_dB)
{
  /* type, q, gain; measured at f0 = 1 kHz and at 125 Hz and 8 kHz. */
  const struct {
    int type;
    double q, gain, at_f0;
  } cases[] = {
      {0, 0.7071, 6, 6.0},                 /* peak: exactly the gain at f0 */
      {0, 4.0, -9, -9.0},                  /* narrow cut */
      {1, 0.7071, 6, 3.0},                 /* lowshelf: half the gain at f0 */
      {2, 0.7071, -6, -3.0},               /* highshelf */
      {3, 0.7071067811865476, 0, -3.0103}, /* highpass: -3 dB at f0 */
      {4, 0.7071067811865476, 0, -3.0103}, /* lowpass */
      {6, 1.0, 0, 0.0},                    /* bandpass: 0 dB at f0 */
  };
  const double freqs[] = {1000, 125, 8000};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double band[5] = {cases[i].type, 1000, cases[i].gain, cases[i].q, 0};
    for (int k = 0; k < 3; k++) {
      double measured = eq_response_db(band, freqs[k]);
      double formula = rbj_db(cases[i].type, 1000, cases[i].q, cases[i].gain, freqs[k]);
      cr_assert_float_eq(measured, formula, 0.01, "type %d at %g Hz: %.4f dB, formula %.4f dB",
                         cases[i].type, freqs[k], measured, formula);
      if (k == 0)
        cr_assert_float_eq(measured, cases[i].at_f0, 0.01, "type %d at f0: %.4f dB", cases[i].type,
                           measured);
    }
  }
  /* Notch: nothing left at f0, untouched far away. */
  double notch[5] = {5, 1000, 0, 2, 0};
  cr_assert_lt(eq_response_db(notch, 1000), -60.0);
  cr_assert_float_eq(eq_response_db(notch, 8000), rbj_db(5, 1000, 2, 0, 8000), 0.01);
}

/* Many streams through one cascade side by side (a bus's stems through its
 * EQ) give the bits of each stream through each section alone: any stream
 * count (short groups padded), groups of at most 8, 4 and 2 (whichever
 * this CPU would pick), 1 to 6 sections (the fused four and a rest), a
 * length across the kernel's spans, and the states carried over to a
 * second call. */
Test(known, biquads_side_by_side_equal_one_stream_at_a_time)
{
  enum { N = 1000, MAXS = 17, SEC = 6 };
  sp_biquad bq[SEC];
  sp_biquad_design(&bq[0], SP_BQ_HIGHPASS, 30, 0.707, 0, RATE);
  sp_biquad_design(&bq[1], SP_BQ_PEAK, 400, 1.2, -2, RATE);
  sp_biquad_design(&bq[2], SP_BQ_LOWSHELF, 100, 0.707, 2, RATE);
  sp_biquad_design(&bq[3], SP_BQ_HIGHSHELF, 8000, 0.707, 2, RATE);
  sp_biquad_design(&bq[4], SP_BQ_LOWPASS, 9000, 0.9, 0, RATE);
  sp_biquad_design(&bq[5], SP_BQ_NOTCH, 3000, 4, 0, RATE);
  static float a[MAXS][N], b[MAXS][N];
  static const size_t counts[] = {1, 2, 3, 4, 5, 6, 8, 9, 10, 17};
  for (size_t widest = 2; widest <= 8; widest *= 2)
    for (size_t ci = 0; ci < sizeof counts / sizeof *counts; ci++)
      for (size_t n = 1; n <= SEC; n++) {
        size_t m = counts[ci];
        sp_biquad_state sa[MAXS][SEC], sb[MAXS][SEC];
        memset(sa, 0, sizeof sa);
        memset(sb, 0, sizeof sb);
        sp_biquad_state *st[MAXS];
        float *x[MAXS];
        for (size_t s = 0; s < m; s++) {
          noise(a[s], N, 100 + s, 0.5f);
          memcpy(b[s], a[s], sizeof a[s]);
          st[s] = sb[s];
          x[s] = b[s];
        }
        for (int half = 0; half < 2; half++) { /* 600 frames, then 400 more */
          size_t from = half ? 600 : 0, len = half ? N - 600 : 600;
          for (size_t s = 0; s < m; s++)
            for (size_t k = 0; k < n; k++)
              sp_biquad_process(&bq[k], &sa[s][k], a[s] + from, len);
          float *xs[MAXS];
          for (size_t s = 0; s < m; s++)
            xs[s] = x[s] + from;
          sp_biquad_process_many_in(bq, n, st, xs, m, len, widest);
        }
        for (size_t s = 0; s < m; s++)
          cr_assert_eq(memcmp(a[s], b[s], sizeof a[s]), 0,
                       "%zu streams, groups of at most %zu, %zu sections: stream %zu", m, widest, n,
                       s);
      }
}

Test(known, eq_24_dB_per_octave_is_a_4th_order_butterworth)
{
  for (int type = 3; type <= 4; type++) {
    double band[5] = {type, 1000, 0, 0.7071, 1};
    cr_assert_float_eq(eq_response_db(band, 1000), -3.0103, 0.01);
    /* |H|² = 1/(1 + (f/f0)^±8) on the analog prototype; one octave into
     * the stop band the digital filter is within a few hundredths. */
    double stop = eq_response_db(band, type == 3 ? 500 : 2000);
    double analog = -10 * log10(1 + pow(2, 8));
    cr_assert_float_eq(stop, analog, 0.3, "one octave into the stop band: %.3f dB", stop);
    /* And the formula for the two sections, exactly. */
    double f = type == 3 ? 125 : 8000;
    double formula = rbj_db(type, 1000, 0.54119610014619698, 0, f) +
                     rbj_db(type, 1000, 1.3065629648763766, 0, f);
    cr_assert_float_eq(eq_response_db(band, f), formula, 0.01);
  }
}

/* The compressor's settled gain (dB) for a constant input at level_db. */
static double compressor_gain_db_with(double level_db, const char *detector)
{
  const sp_proc_class *c = sp_proc_find("compressor");
  const char *const o[] = {"threshold=-20", "ratio=4", "knee=6", "attack=0.001",
                           "release=0.05",  detector,  NULL};
  args x;
  make_args(&x, c, o);
  sp_proc *p = make(c, &x, 1);
  static float buf[MAXB];
  float level = (float)pow(10, level_db / 20);
  for (int t = 0; t < RATE; t += MAXB) {
    for (int i = 0; i < MAXB; i++)
      buf[i] = level;
    float *ch[1] = {buf};
    sp_proc_process(p, ch, NULL, MAXB);
  }
  sp_proc_free(p);
  return 20 * log10(buf[MAXB - 1] / level);
}

static double compressor_gain_db(double level_db)
{
  return compressor_gain_db_with(level_db, "detector=0");
}

Test(known, compressor_static_curve_at_seven_levels_within_0_001_dB)
{
  /* threshold -20, ratio 4, knee 6: below the knee nothing; in the knee
   * (1/R − 1)(x − T + W/2)²/(2W); above it (x − T)(1/R − 1). A settled
   * constant input leaves nothing but the curve: 0.001 dB, so the knee's
   * -0.0625 dB at -22 dB is really told from 0. */
  const double levels[] = {-40, -23.5, -22, -20, -17.5, -10, 0};
  const double expect[] = {0.0, -0.0, -0.0625, -0.5625, -1.890625, -7.5, -15.0};
  for (int i = 0; i < 7; i++) {
    double peak = compressor_gain_db(levels[i]),
           rms = compressor_gain_db_with(levels[i], "detector=1");
    cr_assert_float_eq(peak, expect[i], 0.001, "peak, %g dB in: %.4f dB", levels[i], peak);
    /* a constant's mean square is its square: the same curve */
    cr_assert_float_eq(rms, expect[i], 0.001, "rms, %g dB in: %.4f dB", levels[i], rms);
  }
}

/* The settled gain (dB) of class name with overrides o for a tone of
 * steady magnitude at level_db: a square wave of 1 kHz (its |x| is the
 * level at every sample, as a peak detector hears it), one second. */
static double settled_gain_db(const char *name, const char *const *o, double level_db)
{
  const sp_proc_class *c = sp_proc_find(name);
  args x;
  make_args(&x, c, o);
  sp_proc *p = make(c, &x, 1);
  static float buf[MAXB];
  const float level = (float)pow(10, level_db / 20);
  for (int t = 0; t < RATE; t += MAXB) {
    for (int i = 0; i < MAXB; i++)
      buf[i] = (t + i) / 24 % 2 ? -level : level;
    float *ch[1] = {buf};
    sp_proc_process(p, ch, NULL, MAXB);
  }
  sp_proc_free(p);
  return 20 * log10(fabs(buf[MAXB - 1]) / level);
}

/* `makeup: auto` (-1 in the values) gives back what the static curve takes
 * from a 0 dB level: threshold -20, ratio 4, knee 6 take 15 dB there, so a
 * full-scale tone leaves at 0 dB and a quiet one 15 dB louder; with the
 * knee over 0 dB (threshold -2) the knee's (1/R − 1)(2 + 3)²/12 =
 * -1.5625 dB. The same curve as the seven levels above, plus that. */
Test(known, compressor_auto_makeup_gives_back_the_curve_at_0_dB)
{
  const char *const hard[] = {"threshold=-20", "ratio=4",   "knee=6", "attack=0.001",
                              "release=0.05",  "makeup=-1", NULL};
  const double levels[] = {-40, -22, -10, 0};
  const double expect[] = {15.0, 14.9375, 7.5, 0.0};
  for (int i = 0; i < 4; i++) {
    const double g = settled_gain_db("compressor", hard, levels[i]);
    cr_assert_float_eq(g, expect[i], 0.001, "%g dB in: %.4f dB", levels[i], g);
  }
  const char *const knee[] = {"threshold=-2", "ratio=4",   "knee=6", "attack=0.001",
                              "release=0.05", "makeup=-1", NULL};
  double g = settled_gain_db("compressor", knee, -30);
  cr_assert_float_eq(g, 1.5625, 0.001, "-30 dB in, the knee over 0 dB: %.4f dB", g);
  g = settled_gain_db("compressor", knee, 0);
  cr_assert_float_eq(g, 0.0, 0.001, "0 dB in, the knee over 0 dB: %.4f dB", g);
  /* a threshold that moves to -30 moves it to 30·(1 − 1/4) = 22.5 dB */
  const sp_proc_class *c = sp_proc_find("compressor");
  args x;
  make_args(&x, c, hard);
  sp_proc *p = make(c, &x, 1);
  x.v[sp_proc_param_index(c, "threshold")] = -30;
  c->retune(p->state, x.v);
  static float buf[MAXB];
  for (int t = 0; t < 4; t++) {
    for (int i = 0; i < MAXB; i++)
      buf[i] = 0.01f;
    float *ch[1] = {buf};
    sp_proc_process(p, ch, NULL, MAXB);
  }
  sp_proc_free(p);
  g = 20 * log10(buf[MAXB - 1] / 0.01);
  cr_assert_float_eq(g, 22.5, 0.001, "retuned to -30 dB: %.4f dB", g);
}

/* A gate's finite ratio makes it a downward expander: below the threshold
 * T its gain is (R − 1)·(x − T) dB, limited by the range. Threshold -30,
 * range 40: ratio 2 takes 10 dB from a tone at -40, 20 from one at -50,
 * and the whole 40 from one at -80 (it would take 50); ratio 1.5 takes 5
 * from -40; ratio 1 nothing; at the threshold it is open. */
Test(known, gate_ratio_below_infinity_is_a_downward_expander)
{
  static const struct {
    const char *ratio;
    double level_db, expect_db;
  } cases[] = {{"ratio=2", -40, -10},    {"ratio=2", -50, -20}, {"ratio=2", -80, -40},
               {"ratio=1.5", -40, -5},   {"ratio=1", -70, 0},   {"ratio=2", -30, 0},
               {"ratio=2", -69.5, -39.5}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *const o[] = {"threshold=-30", "range=40", "attack=0.0005", "hold=0", "release=0.01",
                             cases[i].ratio,  NULL};
    const double g = settled_gain_db("gate", o, cases[i].level_db);
    cr_assert_float_eq(g, cases[i].expect_db, 1e-3, "%s, %g dB in: %.5f dB, expected %g",
                       cases[i].ratio, cases[i].level_db, g, cases[i].expect_db);
  }
}

/* Below its knee, with no makeup, a compressor's gain is exactly 1: the
 * samples pass bit for bit, chunk after chunk; a louder passage is turned
 * down, and once the release has brought the gain back within 2.5e-7 dB of
 * unity the samples pass bit for bit again. */
Test(known, compressor_passes_samples_bit_for_bit_at_unity_gain)
{
  const sp_proc_class *c = sp_proc_find("compressor");
  const char *const o[] = {"threshold=-20", "ratio=4",       "knee=6",
                           "attack=0.001",  "release=0.005", NULL};
  args x;
  make_args(&x, c, o);
  sp_proc *p = make(c, &x, 1);
  static float buf[MAXB], in[MAXB];
  for (int pass = 0; pass < 40; pass++) {
    const double level = pass >= 10 && pass < 12 ? 0.9 : 0.01; /* -40 dBFS, then a burst */
    for (int i = 0; i < MAXB; i++)
      in[i] = buf[i] = (float)(level * sin(0.05 * (pass * MAXB + i)));
    float *ch[1] = {buf};
    sp_proc_process(p, ch, NULL, MAXB);
    const bool same = memcmp(buf, in, sizeof buf) == 0;
    if (pass < 10 || pass >= 30)
      cr_assert(same, "pass %d: a quiet passage must pass unchanged", pass);
    if (pass == 10)
      cr_assert(!same, "the burst must be turned down");
  }
  sp_proc_free(p);
}

/* The RMS detector hears a sine 3.01 dB below its peak (its mean square
 * over 10 ms is steady): at -6 dBFS peak, threshold -20, ratio 4, knee 0,
 * the gain is (−9.01 + 20)(1/4 − 1) dB. */
Test(known, compressor_rms_detector_hears_a_sine_3_dB_below_its_peak)
{
  const sp_proc_class *c = sp_proc_find("compressor");
  {
    const char *const o[] = {"threshold=-20", "ratio=4",    "knee=0", "attack=0.05",
                             "release=0.2",   "detector=1", NULL};
    args x;
    make_args(&x, c, o);
    sp_proc *p = make(c, &x, 1);
    static float buf[RATE];
    const double amp = pow(10, -6.0 / 20);
    for (int i = 0; i < RATE; i++)
      buf[i] = (float)(amp * sin(2 * M_PI * 1000.0 * i / RATE));
    for (int t = 0; t < RATE; t += MAXB) {
      float *ch[1] = {buf + t};
      sp_proc_process(p, ch, NULL, RATE - t < MAXB ? (size_t)(RATE - t) : MAXB);
    }
    sp_proc_free(p);
    /* the gain over the last 100 ms: the output's peak against the input's */
    double peak = 0;
    for (int i = RATE - 4800; i < RATE; i++)
      peak = fmax(peak, fabs(buf[i]));
    double got = 20 * log10(peak / amp);
    double want = (-6.0 - 10 * log10(2.0) + 20) * (0.25 - 1);
    cr_assert_float_eq(got, want, 0.05, "rms detector: %.3f dB, want %.3f dB", got, want);
  }
}

/* True peak by 16× oversampling with a long Kaiser-windowed sinc: an
 * independent measurement, not the limiter's own detector. */
static double true_peak_16x(const float *x, size_t n)
{
  enum { HALF = 64, OS = 16 };
  /* the windowed sinc's taps, the same for every sample: made once */
  static double taps[OS][2 * HALF];
  static bool made;
  if (!made) {
    for (int p = 1; p < OS; p++)
      for (int j = -HALF + 1; j <= HALF; j++) {
        double t = j - (double)p / OS, r = t / (HALF + 1.0);
        double w = 0.42 + 0.5 * cos(M_PI * r) + 0.08 * cos(2 * M_PI * r); /* Blackman */
        taps[p][j + HALF - 1] = sin(M_PI * t) / (M_PI * t) * w;
      }
    made = true;
  }
  double peak = 0;
  for (size_t m = 0; m < n; m++) {
    peak = fmax(peak, fabs(x[m]));
    for (int p = 1; p < OS; p++) {
      double y = 0;
      for (int j = -HALF + 1; j <= HALF; j++) {
        long idx = (long)m + j;
        if (idx < 0 || idx >= (long)n)
          continue;
        y += x[idx] * taps[p][j + HALF - 1];
      }
      peak = fmax(peak, fabs(y));
    }
  }
  return peak;
}

Test(known, limiter_true_peak_never_exceeds_the_ceiling)
{
  enum { N = 24000, LOUD = 18000 };
  static float x[2 * N];
  /* Worst cases for a sample-peak limiter: a quarter-rate sine sampled at
   * ±45° (samples at 0.707 of its true peak), pulses that ring between
   * samples, bursts 12 dB over, then full-band noise 6 dB over. */
  for (int i = 0; i < N; i++) {
    double v;
    if (i < 6000)
      v = 1.4 * sin(2 * M_PI * i / 4 + M_PI / 4);
    else if (i < 12000)
      v = ((i / 2) % 2 ? 1.0 : -1.0) * (i % 50 < 25 ? 1.3 : 0.2);
    else if (i < LOUD)
      v = 4.0 * sin(2 * M_PI * 3000.0 * i / RATE) * (i % 3000 < 300 ? 1 : 0.1);
    else
      v = 0;
    x[i] = (float)v;
    x[N + i] = (float)(i >= LOUD ? 0 : -0.5 * v);
  }
  noise(x + LOUD, N - LOUD, 3, 2.0f);
  noise(x + N + LOUD, N - LOUD, 4, 2.0f);
  const sp_proc_class *c = sp_proc_find("limiter");
  const double ceilings[] = {-1.0, -0.1, -6.0};
  for (int k = 0; k < 3; k++) {
    char o[64];
    snprintf(o, sizeof o, "ceiling=%g", ceilings[k]);
    const char *const ov[] = {o, "lookahead=0.002", "release=0.02", NULL};
    args a;
    make_args(&a, c, ov);
    sp_proc *p = make(c, &a, 2);
    static float y[2 * N];
    memcpy(y, x, sizeof y);
    for (int t = 0; t < N; t += 1000) {
      float *ch[2] = {y + t, y + N + t};
      sp_proc_process(p, ch, NULL, 1000);
    }
    sp_proc_free(p);
    /* The delivery meter's true peak (BS.1770, 4x) checks the limiter's
     * output; libebur128's own interpolator, an implementation independent
     * of the detector both share, checks it too. */
    sp_meter *m;
    cr_assert_eq(sp_meter_new(2, RATE, 0, &m), SP_OK);
    const float *ch[2] = {y, y + N};
    sp_meter_add(m, ch, N);
    sp_loudness l;
    sp_meter_result(m, &l);
    sp_meter_free(m);
    ebur128_state *st = ebur128_init(2, RATE, EBUR128_MODE_TRUE_PEAK);
    float *inter = malloc(2 * N * sizeof *inter);
    for (int i = 0; i < N; i++)
      inter[2 * i] = y[i], inter[2 * i + 1] = y[N + i];
    ebur128_add_frames_float(st, inter, N);
    double tl, tr;
    ebur128_true_peak(st, 0, &tl);
    ebur128_true_peak(st, 1, &tr);
    ebur128_destroy(&st);
    free(inter);
    cr_assert_leq(20 * log10(fmax(tl, tr)), ceilings[k],
                  "ceiling %g dBTP: libebur128 reads %.4f dBTP", ceilings[k],
                  20 * log10(fmax(tl, tr)));
    cr_assert_leq(l.true_peak_dbtp, ceilings[k], "ceiling %g dBTP: BS.1770 true peak %.4f dBTP",
                  ceilings[k], l.true_peak_dbtp);
    /* And it limits, not just attenuates: the loud parts reach within 1 dB. */
    cr_assert_gt(l.true_peak_dbtp, ceilings[k] - 1.0);
    /* Band-limited material measured finer (16x, long sinc) stays within
     * 0.1 dB of the ceiling too; full-band noise is left out here, since
     * a 4x meter cannot see what lies between its points near Nyquist. */
    double tp = fmax(true_peak_16x(y, LOUD), true_peak_16x(y + N, LOUD));
    cr_assert_leq(20 * log10(tp), ceilings[k] + 0.1, "ceiling %g dBTP: 16x true peak %.4f dBTP",
                  ceilings[k], 20 * log10(tp));
  }
}

/* A limiter at rest (nothing over the ceiling, its gain recovered to 1)
 * skips its per-sample steps: the bits must be those of the steps. Bursts
 * over the ceiling between long quiet stretches make it reduce, recover,
 * rest and wake again; blocks of 1, 37 and 4096 frames meet the rest at
 * different places (a whole call, part of one, or each sample), so any
 * state the skip got wrong would show as a difference. */
Test(known, limiter_at_rest_gives_the_bits_of_every_step)
{
  enum { N = 120000 };
  static float x[2 * N], y[3][2 * N];
  for (int i = 0; i < N; i++) {
    bool burst = i % 40000 >= 20000 && i % 40000 < 22000;
    double v = (burst ? 1.6 : 0.05) * sin(2 * M_PI * 997.0 * i / RATE);
    x[i] = (float)v;
    x[N + i] = (float)(-0.7 * v);
  }
  const sp_proc_class *c = sp_proc_find("limiter");
  const char *const ov[] = {"ceiling=-1", "release=0.003", NULL};
  args a;
  make_args(&a, c, ov);
  const size_t blocks[] = {4096, 1, 37};
  for (int b = 0; b < 3; b++) {
    sp_proc *p = make(c, &a, 2);
    memcpy(y[b], x, sizeof x);
    for (size_t t = 0; t < N; t += blocks[b]) {
      size_t n = N - t < blocks[b] ? N - t : blocks[b];
      float *ch[2] = {y[b] + t, y[b] + N + t};
      sp_proc_process(p, ch, NULL, n);
    }
    sp_proc_free(p);
  }
  cr_assert_eq(memcmp(y[0], y[1], sizeof x), 0, "blocks of 4096 and of 1 differ");
  cr_assert_eq(memcmp(y[0], y[2], sizeof x), 0, "blocks of 4096 and of 37 differ");
  /* It did reduce the bursts, and it left the quiet stretch after the
   * last one as it came (delayed by the latency, gain exactly 1). */
  const sp_proc *p = make(c, &a, 2);
  const int64_t lat = p->latency;
  sp_proc_free((sp_proc *)p);
  float top = 0;
  for (int i = 0; i < N; i++)
    top = fmaxf(top, fabsf(y[0][i]));
  cr_assert_lt(top, 0.9f);
  for (int i = 110000; i < N; i++)
    cr_assert_eq(y[0][i], x[i - lat], "frame %d", i);
}

Test(known, convolver_equals_direct_convolution_within_minus_120_dB)
{
  enum { IR = 5000, IN = 20000 };
  static float h[IR], x[IN];
  noise(h, IR, 21, 0.5f);
  noise(x, IN, 22, 0.5f);
  const sp_resource ir = {"(in memory)", 1, IR, RATE, {h, NULL}};
  const sp_proc_class *c = sp_proc_find("convolver");
  const char *const o[] = {"block=256", NULL}; /* 20 partitions */
  args a;
  make_args(&a, c, o);
  a.resources[0] = &ir;
  sp_proc *p = make(c, &a, 1);
  cr_assert_eq(p->latency, 512); /* two partitions */
  static float y[IN + 512];
  memcpy(y, x, sizeof x);
  for (int t = 0; t < IN + 512; t += 777) {
    float *ch[1] = {y + t};
    sp_proc_process(p, ch, NULL, (size_t)(IN + 512 - t < 777 ? IN + 512 - t : 777));
  }
  sp_proc_free(p);
  double worst = 0, peak = 0;
  for (int n = 0; n < IN; n++) {
    double direct = 0;
    for (int k = 0; k < IR && k <= n; k++)
      direct += (double)h[k] * x[n - k];
    peak = fmax(peak, fabs(direct));
    worst = fmax(worst, fabs(direct - y[n + 512]));
  }
  cr_assert_lt(20 * log10(worst / peak), -120.0, "error %.1f dB", 20 * log10(worst / peak));
}

/* A convolver's channel in three steps (sp_proc_class.split: feed in
 * order, work with no state, blocks in any order, take in order) gives the
 * bytes of the channel whole (process_channel), through a stereo IR of 24
 * partitions and a dry path, at blocks of 64, 333 and 4096 frames, the
 * work of each group of eight blocks done last to first after all of them
 * were fed (as far ahead as split was told). */
Test(known, convolver_in_three_steps_gives_the_bytes_of_its_channel_whole)
{
  enum { IR = 6000, IN = 40000, W = 8 };
  static float h[2][IR], x[2][IN], whole[2][IN], steps[2][IN];
  noise(h[0], IR, 41, 0.5f);
  noise(h[1], IR, 42, 0.5f);
  noise(x[0], IN, 43, 0.5f);
  noise(x[1], IN, 44, 0.5f);
  const sp_resource ir = {"(in memory)", 2, IR, RATE, {h[0], h[1]}};
  const sp_proc_class *c = sp_proc_find("convolver");
  cr_assert(c->split && c->feed && c->work && c->take);
  const char *const o[] = {"block=256", "dry=-12", NULL};
  args a;
  make_args(&a, c, o);
  a.resources[0] = &ir;
  const size_t blocks[] = {64, 333, MAXB};
  for (size_t b = 0; b < 3; b++) {
    const size_t B = blocks[b];
    sp_proc *p = make(c, &a, 2), *q = make(c, &a, 2);
    cr_assert_eq(c->apart(p->state), 2);
    cr_assert(c->split(q->state, W * B));
    memcpy(whole, x, sizeof x);
    memcpy(steps, x, sizeof x);
    for (size_t g = 0; g < IN; g += W * B) {
      for (int ch = 0; ch < 2; ch++) {
        for (size_t t = g; t < g + W * B && t < IN; t += B)
          c->process_channel(p->state, ch, whole[ch] + t, IN - t < B ? IN - t : B);
        for (size_t t = g; t < g + W * B && t < IN; t += B)
          c->feed(q->state, ch, steps[ch] + t, IN - t < B ? IN - t : B);
        size_t last = g;
        while (last + B < g + W * B && last + B < IN)
          last += B;
        for (size_t t = last + B; t > g; t -= B) /* last to first */
          c->work(q->state, ch, (int64_t)(t - B), IN - (t - B) < B ? IN - (t - B) : B);
        for (size_t t = g; t < g + W * B && t < IN; t += B)
          c->take(q->state, ch, steps[ch] + t, (int64_t)t, IN - t < B ? IN - t : B);
      }
    }
    cr_expect_eq(memcmp(whole, steps, sizeof whole), 0, "blocks of %zu: not the same bytes", B);
    double top = 0;
    for (int i = 0; i < IN; i++)
      top = fmax(top, fabs((double)steps[0][i] - 0.25 * x[0][i > 512 ? i - 512 : 0]));
    cr_expect_gt(top, 0.01, "no reverb heard"); /* it did convolve */
    sp_proc_free(p);
    sp_proc_free(q);
  }
}

/* Instances of one impulse response share its spectra (one per lane in a
 * render): an instance whose twin, made first, was freed under it gives
 * the bytes of one made after both are gone; one with a predelay of its
 * own, alive beside it, makes spectra of its own: the same reverb later. */
static void convolve(sp_proc *p, const float *x, float *y, size_t n)
{
  memcpy(y, x, n * sizeof *y);
  for (size_t t = 0; t < n; t += 500) {
    float *ch[1] = {y + t};
    sp_proc_process(p, ch, NULL, n - t < 500 ? n - t : 500);
  }
}

Test(known, convolvers_of_one_ir_share_its_spectra_and_agree)
{
  enum { IR = 3000, IN = 12000 };
  static float h[IR], x[IN], twin[IN], alone[IN], later[IN];
  noise(h, IR, 31, 0.5f);
  noise(x, IN, 32, 0.5f);
  const sp_resource ir = {"(in memory)", 1, IR, RATE, {h, NULL}};
  const sp_proc_class *c = sp_proc_find("convolver");
  const char *const plain[] = {"block=256", NULL};
  const char *const pre[] = {"block=256", "predelay=0.01", NULL};
  args a, b;
  make_args(&a, c, plain);
  a.resources[0] = &ir;
  make_args(&b, c, pre);
  b.resources[0] = &ir;
  sp_proc *first = make(c, &a, 1), *second = make(c, &a, 1);
  sp_proc_free(first);
  convolve(second, x, twin, IN);
  sp_proc_free(second);
  sp_proc *third = make(c, &a, 1), *delayed = make(c, &b, 1);
  convolve(third, x, alone, IN);
  convolve(delayed, x, later, IN);
  cr_expect_eq(memcmp(twin, alone, sizeof twin), 0, "one IR's instances differ");
  double worst = 0;
  for (int n = 480; n < IN; n++) /* 10 ms at 48 kHz */
    worst = fmax(worst, fabs((double)later[n] - alone[n - 480]));
  cr_expect_lt(worst, 1e-5, "the predelayed reverb strays by %g", worst);
  cr_expect_gt(fabs((double)later[600] - alone[600]) + fabs((double)later[900] - alone[900]), 0,
               "the predelay was not applied");
  sp_proc_free(third);
  sp_proc_free(delayed);
}

/* The automatic partition: the smallest power of two from 256 that cuts
 * the IR into at most eight partitions; the latency is two of them. */
Test(known, convolver_auto_partition_cuts_the_ir_in_at_most_eight)
{
  const struct {
    int frames;
    int64_t latency;
  } cases[] = {{64, 512}, {2048, 512}, {2049, 1024}, {5000, 2048}, {120000, 32768}};
  static float h[120000];
  noise(h, 120000, 23, 0.5f);
  const sp_proc_class *c = sp_proc_find("convolver");
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    const sp_resource ir = {"(in memory)", 1, cases[k].frames, RATE, {h, NULL}};
    args a;
    make_args(&a, c, NULL);
    a.resources[0] = &ir;
    sp_proc *p = make(c, &a, 1);
    cr_assert_eq(p->latency, cases[k].latency, "IR of %d frames: latency %lld", cases[k].frames,
                 (long long)p->latency);
    sp_proc_free(p);
  }
}

Test(known, delay_echoes_at_exact_sample_positions)
{
  const sp_proc_class *c = sp_proc_find("delay");
  static float in[2 * LEN], out[2 * LEN];
  memset(in, 0, sizeof in);
  in[0] = in[LEN] = 1.0f;
  const char *const straight[] = {"time=0.0020833333333333333", "feedback=0.5", NULL}; /* 100 smp */
  args a;
  make_args(&a, c, straight);
  run(c, &a, 2, in, out, 37);
  for (int i = 0; i < 1000; i++) {
    float expect = i == 100 ? 1.0f : i == 200 ? 0.5f : i == 300 ? 0.25f : i == 400 ? 0.125f : 0;
    if (i % 100 == 0 && i > 400)
      expect = (float)pow(0.5, i / 100 - 1);
    cr_assert_eq(out[i], expect, "left %d: %g", i, out[i]);
    cr_assert_eq(out[LEN + i], expect, "right %d: %g", i, out[LEN + i]);
  }
  const char *const pp[] = {"time=0.0020833333333333333", "feedback=0.5", "pingpong=1", NULL};
  make_args(&a, c, pp);
  run(c, &a, 2, in, out, 37);
  /* Echoes alternate: left at 100, right at 200, left at 300 ... */
  for (int i = 0; i < 1000; i++) {
    float l = i == 100 ? 1.0f : i == 300 ? 0.25f : i == 500 ? 0.0625f : i == 700 ? 0.015625f : 0;
    float r = i == 200 ? 0.5f : i == 400 ? 0.125f : i == 600 ? 0.03125f : i == 800 ? 0.0078125f : 0;
    if (i == 900)
      l = 0.00390625f;
    cr_assert_eq(out[i], l, "ping-pong left %d: %g", i, out[i]);
    cr_assert_eq(out[LEN + i], r, "ping-pong right %d: %g", i, out[LEN + i]);
  }
}

Test(known, gate_closes_by_its_range_and_opens_on_its_key)
{
  const sp_proc_class *c = sp_proc_find("gate");
  const char *const o[] = {"threshold=-30", "range=40",      "attack=0",
                           "hold=0",        "release=0.001", NULL};
  args a;
  make_args(&a, c, o);
  sp_proc *p = make(c, &a, 1);
  static float x[MAXB], k0[MAXB], k1[MAXB];
  for (int i = 0; i < MAXB; i++) {
    x[i] = 0.01f; /* -40 dB: below the threshold */
    k0[i] = 0;
    k1[i] = i >= 2048 ? 0.5f : 0.0f; /* the key opens the gate halfway */
  }
  const float *key[2] = {k1, k0};
  float *ch[1] = {x};
  sp_proc_process(p, ch, key, MAXB);
  sp_proc_free(p);
  cr_assert_float_eq(20 * log10(x[2000] / 0.01), -40.0, 0.01, "closed: %g", x[2000]);
  cr_assert_eq(x[2048], 0.01f, "open at once (attack 0) when the key passes the threshold");
}

Test(known, saturate_is_the_tanh_curve)
{
  const sp_proc_class *c = sp_proc_find("saturate");
  const char *const o[] = {"drive=12", "output=-3", NULL};
  args a;
  make_args(&a, c, o);
  static float in[2 * LEN], out[2 * LEN];
  for (int i = 0; i < 2 * LEN; i++)
    in[i] = (float)(1.5 * sin(i * 0.01));
  run(c, &a, 2, in, out, 64);
  double d = pow(10, 12 / 20.0), g = pow(10, -3 / 20.0);
  for (int i = 0; i < 2 * LEN; i++) {
    double expect = g * tanh(d * in[i]) / d;
    cr_assert_float_eq(out[i], expect, 1e-6, "%d: %g, expected %g", i, out[i], expect);
  }
}

Test(known, width_zero_is_mono_and_two_doubles_the_side)
{
  const sp_proc_class *c = sp_proc_find("width");
  static float in[2 * LEN], out[2 * LEN];
  noise(in, 2 * LEN, 5, 0.5f);
  const char *const mono[] = {"width=0", NULL}, *const wide[] = {"width=2", NULL};
  args a;
  make_args(&a, c, mono);
  run(c, &a, 2, in, out, 100);
  for (int i = 0; i < LEN; i++) {
    cr_assert_eq(out[i], out[LEN + i]);
    cr_assert_float_eq(out[i], 0.5f * (in[i] + in[LEN + i]), 1e-7);
  }
  make_args(&a, c, wide);
  run(c, &a, 2, in, out, 100);
  for (int i = 0; i < LEN; i++)
    cr_assert_float_eq(out[i] - out[LEN + i], 2 * (in[i] - in[LEN + i]), 1e-6);
  /* Mono signals are refused: there is no side. */
  sp_proc_env env = {
      .sample_rate = RATE, .channels = 1, .max_block_frames = MAXB, .floor_db = -146};
  sp_proc *p;
  char why[256];
  cr_assert_eq(sp_proc_new(c, &a.a, &env, &p, why, sizeof why), SP_ERR_USAGE);
  cr_assert(strstr(why, "stereo"), "%s", why);
}

/* patch's `to` takes "same", then every layout in sp_layout_names' order
 * (its own list, the default first), and copies: a swap of a stereo path
 * passes each sample unchanged; a channel its input lacks is refused. */
Test(contract, patch_takes_every_layout_and_copies_channels)
{
  const sp_proc_class *c = sp_proc_find("patch");
  cr_assert_not_null(c);
  const char *const *to = c->params[0].choices;
  cr_assert_str_eq(to[0], "same");
  size_t n = 0;
  for (; sp_layout_names[n]; n++)
    cr_expect_str_eq(to[n + 1], sp_layout_names[n]);
  cr_expect_null(to[n + 1]);
  cr_expect_eq(c->params[0].max, (double)n);
  static float in[2 * LEN], out[2 * LEN];
  noise(in, 2 * LEN, 7, 0.5f);
  const variant swap = {"patch", {"c1=2", "c2=1", NULL}, false};
  run_variant(&swap, in, in, out, 512);
  cr_expect_eq(memcmp(out, in + LEN, LEN * sizeof *out), 0);
  cr_expect_eq(memcmp(out + LEN, in, LEN * sizeof *out), 0);
  args x;
  make_args(&x, c, (const char *const[]){"c2=3", NULL});
  sp_proc_env env = {.sample_rate = RATE, .channels = 2, .max_block_frames = MAXB,
                     .floor_db = -146, .layout = sp_layout_by_count(2)};
  sp_proc *p = NULL;
  char why[512];
  cr_expect_eq(sp_proc_new(c, &x.a, &env, &p, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "c2 is 3, not a channel of its input (stereo: 1 to 2)"), "%s", why);
  make_args(&x, c, (const char *const[]){"c1=1.5", NULL});
  cr_expect_eq(sp_proc_new(c, &x.a, &env, &p, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "c1 is 1.5, not a channel of its input"), "%s", why);
}
