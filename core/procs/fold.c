/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fold: the path folded into another layout, as an insert.
 *
 *   in (the path's layout, n channels) ──► m (to × n) ──► out (to's channels)
 *
 * The matrix is core/dsp/fold.h's (ITU-R BS.775 extended to every pair
 * of layouts: 5.1 into stereo is Lo = L + 0.707 C + 0.707 Ls), at the
 * levels the insert gives; what comes after it in the chain, and where the
 * strip goes, see the path in the new layout. Linear and memoryless: it
 * runs on every lane. */

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/dsp/fold.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { P_TO, P_CENTRE, P_SURROUND, P_HEIGHT, P_LFE };

static const sp_param params[] = {
    {"to", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 1, 0, 14, sp_layout_names, false,
     "the layout it folds into (stemprint help layouts)"},
    {"centre", SP_PARAM_NUMBER, SP_UNIT_DB, -3.0, -INFINITY, 0.0, NULL, false,
     "the centre into L and R where there is none"},
    {"surround", SP_PARAM_NUMBER, SP_UNIT_DB, -3.0, -INFINITY, 0.0, NULL, false,
     "a surround or rear into a channel in front of it"},
    {"height", SP_PARAM_NUMBER, SP_UNIT_DB, -3.0, -INFINITY, 0.0, NULL, false,
     "a height into the ear level below it"},
    {"lfe", SP_PARAM_NUMBER, SP_UNIT_DB, -INFINITY, -INFINITY, 0.0, NULL, false,
     "the LFE where there is none; -inf dB drops it (BS.775)"},
};

typedef struct fold_state {
  int from, to;                                    /* channels in, out */
  float m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];       /* [to × from] */
  float *out[SP_MAX_CHANNELS];                     /* a block of each output channel */
  size_t max_block;
} fold_state;

static const sp_layout *out_layout(const double *values, const sp_layout *in)
{
  (void)in;
  return sp_layout_at((size_t)values[P_TO]);
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  fold_state *s = state;
  const sp_layout *from = env->layout, *to = out_layout(a->values, from);
  if (!from || from->n != env->channels) {
    snprintf(why, why_size, "'fold' folds a whole path of a known layout; remove 'channels'");
    return SP_ERR_USAGE;
  }
  const sp_fold f = {a->values[P_CENTRE], a->values[P_SURROUND], a->values[P_HEIGHT],
                     a->values[P_LFE]};
  double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  sp_fold_matrix(from, to, &f, m);
  s->from = from->n;
  s->to = to->n;
  for (int k = 0; k < s->to * s->from; k++)
    s->m[k] = (float)m[k];
  s->max_block = env->max_block_frames;
  for (int c = 0; c < s->to; c++)
    s->out[c] = sp_xcalloc(s->max_block, sizeof(float));
  return SP_OK;
}

/* ch holds max(from, to) channels: the path's in, the fold's out. */
static void process(void *state, float *const *ch, size_t frames)
{
  fold_state *s = state;
  for (int t = 0; t < s->to; t++) {
    float *restrict o = s->out[t];
    memset(o, 0, frames * sizeof *o);
    for (int f = 0; f < s->from; f++) {
      const float g = s->m[t * s->from + f];
      if (g == 0.0f)
        continue;
      const float *restrict x = ch[f];
      for (size_t i = 0; i < frames; i++)
        o[i] += g * x[i];
    }
  }
  for (int t = 0; t < s->to; t++)
    memcpy(ch[t], s->out[t], frames * sizeof(float));
  for (int c = s->to; c < s->from; c++) /* the channels it leaves: silent from here on */
    memset(ch[c], 0, frames * sizeof(float));
}

static void release(void *state)
{
  fold_state *s = state;
  for (int c = 0; c < s->to; c++)
    free(s->out[c]);
}

const sp_proc_class sp_proc_fold = {
    .name = "fold",
    .summary = "the path folded into another layout (ITU-R BS.775, extended)",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .primary_param = P_TO,
    .flags = 0,
    .state_size = sizeof(fold_state),
    .prepare = prepare,
    .process = process,
    .release = release,
    .out_layout = out_layout,
};
