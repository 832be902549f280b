/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registry-driven contract tests (STYLE rule 15): every processor in the
 * registry, with its default parameters, keeps the processor contract.
 * A new processor gets these tests by being registered. Plus known answers
 * per processor. */

#include "core/alloc.h"
#include "core/proc.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { LEN = 8192, MAXB = 4096 };

static double *defaults(const sp_proc_class *c)
{
  double *p = sp_xcalloc(c->n_params + 1, sizeof *p);
  for (size_t i = 0; i < c->n_params; i++)
    p[i] = c->params[i].def;
  return p;
}

/* Run a fresh instance over in (2 channels, LEN frames) in blocks of size
 * block; the result goes to out. */
static void run(const sp_proc_class *c, const double *params, const float *in, float *out,
                size_t block)
{
  sp_proc_env env = {48000, 2, MAXB};
  sp_proc *p;
  char why[256];
  cr_assert_eq(sp_proc_new(c, params, &env, &p, why, sizeof why), SP_OK, "%s: %s", c->name, why);
  memcpy(out, in, 2 * LEN * sizeof *out);
  for (size_t t = 0; t < LEN; t += block) {
    size_t n = t + block > LEN ? LEN - t : block;
    float *ch[2] = {out + t, out + LEN + t};
    sp_proc_process(p, ch, n);
  }
  sp_proc_free(p);
}

static void test_signal(float *x)
{
  uint64_t s = 12345;
  for (size_t i = 0; i < 2 * LEN; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (float)((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.5f;
  }
}

Test(contract, registry_is_sane)
{
  cr_assert_gt(sp_proc_count(), 0);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    cr_assert_not_null(c->name);
    cr_assert_not_null(c->summary);
    cr_assert_eq(sp_proc_find(c->name), c);
    cr_assert(c->primary_param < (int)c->n_params);
    for (size_t k = 0; k < c->n_params; k++) {
      const sp_param *p = &c->params[k];
      cr_assert(p->def >= p->min && p->def <= p->max, "%s.%s default out of range", c->name,
                p->name);
      cr_assert_not_null(p->help);
      cr_assert_eq(sp_proc_param_index(c, p->name), (int)k);
    }
  }
  cr_assert_null(sp_proc_find("no-such-processor"));
}

Test(contract, silence_in_gives_finite_silence_out)
{
  static float in[2 * LEN], out[2 * LEN];
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    double *p = defaults(c);
    run(c, p, in, out, 512);
    for (size_t k = 0; k < 2 * LEN; k++)
      cr_assert(isfinite(out[k]), "%s: non-finite output", c->name);
    free(p);
  }
}

Test(contract, output_is_the_same_at_every_block_size)
{
  static float in[2 * LEN], ref[2 * LEN], out[2 * LEN];
  test_signal(in);
  const size_t blocks[] = {1, 7, 64, 1000, 4096};
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    double *p = defaults(c);
    run(c, p, in, ref, 512);
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
      run(c, p, in, out, blocks[b]);
      cr_assert_eq(memcmp(ref, out, sizeof ref), 0, "%s differs at block %zu", c->name, blocks[b]);
    }
    free(p);
  }
}

Test(contract, reset_repeats_exactly)
{
  static float in[2 * LEN], a[2 * LEN], b[2 * LEN];
  test_signal(in);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    double *params = defaults(c);
    sp_proc_env env = {48000, 2, MAXB};
    sp_proc *p;
    char why[256];
    cr_assert_eq(sp_proc_new(c, params, &env, &p, why, sizeof why), SP_OK);
    memcpy(a, in, sizeof a);
    memcpy(b, in, sizeof b);
    float *ca[2] = {a, a + LEN}, *cb[2] = {b, b + LEN};
    sp_proc_process(p, ca, LEN);
    c->reset(p->state);
    sp_proc_process(p, cb, LEN);
    cr_assert_eq(memcmp(a, b, sizeof a), 0, "%s: reset does not restore the state", c->name);
    sp_proc_free(p);
    free(params);
  }
}

Test(contract, reported_latency_is_the_measured_delay)
{
  static float in[2 * LEN], out[2 * LEN];
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    double *params = defaults(c);
    memset(in, 0, sizeof in);
    in[100] = 0.5f;
    in[LEN + 100] = 0.5f;
    sp_proc_env env = {48000, 2, MAXB};
    sp_proc *p;
    char why[256];
    cr_assert_eq(sp_proc_new(c, params, &env, &p, why, sizeof why), SP_OK);
    int64_t latency = c->latency_frames(p->state);
    sp_proc_free(p);
    run(c, params, in, out, 256);
    size_t peak_at = 0;
    for (size_t k = 0; k < LEN; k++)
      if (fabsf(out[k]) > fabsf(out[peak_at]))
        peak_at = k;
    if (c->flags & SP_PROC_MEMORY)
      cr_assert_geq((int64_t)peak_at, 100, "%s", c->name);
    else
      cr_assert_eq((int64_t)peak_at - 100, latency, "%s: impulse at %zu, latency %lld", c->name,
                   peak_at, (long long)latency);
    free(params);
  }
}

Test(gain, known_answer)
{
  const sp_proc_class *c = sp_proc_find("gain");
  double params[1] = {-6.0};
  static float in[2 * LEN], out[2 * LEN];
  for (size_t i = 0; i < 2 * LEN; i++)
    in[i] = 0.5f;
  run(c, params, in, out, 1000);
  for (size_t i = 0; i < 2 * LEN; i++)
    cr_assert_eq(out[i], 0.5f * (float)pow(10, -6 / 20.0));
  params[0] = -INFINITY;
  run(c, params, in, out, 1000);
  for (size_t i = 0; i < 2 * LEN; i++)
    cr_assert_eq(out[i], 0.0f);
}
