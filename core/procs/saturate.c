/* SPDX-License-Identifier: GPL-3.0-or-later */
/* saturate: soft clipping, a memoryless curve.
 *
 *   y = out · tanh(d·x) / d,      d = 10^(drive/20)
 *
 * Unity gain for small signals, a smooth ceiling at out/d. Deterministic:
 * the same input gives the same bits (no oversampling, no noise).
 *
 * Linking across stems: a memoryless curve links by its per-sample gain
 * g = f(x)/x, computed per channel on the full mix (g = out where x = 0, the
 * curve's slope there). Every lane is multiplied by the same g, so the stems
 * still sum to the saturated mix exactly: a lane's share of the distortion
 * is proportional to its share of the signal at that instant. */

#include "core/procs/proc.h"

#include <math.h>

enum { P_DRIVE, P_OUTPUT, N_PARAMS };

static const sp_param params[] = {
    {"drive", SP_PARAM_NUMBER, SP_UNIT_DB, 6, 0, 48, NULL, false,
     "how hard the signal is pushed into the curve"},
    {"output", SP_PARAM_NUMBER, SP_UNIT_DB, 0, -48, 24, NULL, false, "gain after the curve"},
};

typedef struct sat_state {
  int channels;
  double d, out;
} sat_state;

static void retune(void *state, const double *v)
{
  sat_state *s = state;
  s->d = sp_db_to_lin(v[P_DRIVE]);
  s->out = sp_db_to_lin(v[P_OUTPUT]);
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why;
  (void)why_size;
  sat_state *s = state;
  s->channels = env->channels;
  retune(s, a->values);
  return SP_OK;
}

static void saturate_gain(void *state, const float *const *in, const float *const *key,
                          float *const *g, size_t frames)
{
  (void)key;
  const sat_state *s = state;
  for (int c = 0; c < s->channels; c++) {
    for (size_t i = 0; i < frames; i++) {
      double x = in[c][i];
      /* Below 1e-8 tanh(dx)/(dx) is 1 to double precision. */
      double k = fabs(x) > 1e-8 ? tanh(s->d * x) / (s->d * x) : 1.0;
      g[c][i] = (float)(s->out * k);
    }
  }
}

const sp_proc_class sp_proc_saturate = {
    .name = "saturate",
    .summary = "soft clipper (tanh), memoryless and deterministic",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = 0,
    .flags = SP_PROC_SIGNAL_DEPENDENT | SP_PROC_AUTOMATABLE,
    .state_size = sizeof(sat_state),
    .prepare = prepare,
    .gain = saturate_gain,
    .retune = retune,
};
