/* SPDX-License-Identifier: GPL-3.0-or-later */
/* width: stereo width by mid/side scaling.
 *
 *   M = (L + R)/2,  S = (L − R)/2 · width,  L' = M + S,  R' = M − S
 *
 * width 1 leaves the signal unchanged, 0 makes it mono, above 1 widens.
 * Linear and memoryless: one instance per lane. Stereo signals only. */

#include "core/procs/proc.h"

#include <stdio.h>

static const sp_param params[] = {
    {"width", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 1, 0, 4, NULL, false,
     "side level relative to the original: 0 mono, 1 unchanged, 2 twice as wide"},
};

typedef struct width_state {
  float w;
} width_state;

static void retune(void *state, const double *v) { ((width_state *)state)->w = (float)v[0]; }

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  if (env->channels == 1) {
    snprintf(why, why_size,
             "width needs a stereo signal and this one is mono; put it on a bus or a stereo "
             "track");
    return SP_ERR_USAGE;
  }
  if (env->channels != 2) {
    snprintf(why, why_size,
             "width needs a stereo signal and this path has %d channels; run it on a pair: "
             "- width: {width: %g, channels: [L, R]} (or [Ls, Rs])",
             env->channels, a->values[0]);
    return SP_ERR_USAGE;
  }
  retune(state, a->values);
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  const float w = ((width_state *)state)->w;
  float *l = ch[0], *r = ch[1];
  for (size_t i = 0; i < frames; i++) {
    float m = 0.5f * (l[i] + r[i]), s = 0.5f * (l[i] - r[i]) * w;
    l[i] = m + s;
    r[i] = m - s;
  }
}

const sp_proc_class sp_proc_width = {
    .name = "width",
    .summary = "stereo width (mid/side)",
    .params = params,
    .n_params = 1,
    .primary_param = 0,
    .flags = SP_PROC_AUTOMATABLE,
    .state_size = sizeof(width_state),
    .prepare = prepare,
    .process = process,
    .retune = retune,
};
