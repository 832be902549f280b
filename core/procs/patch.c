/* SPDX-License-Identifier: GPL-3.0-or-later */
/* patch: the path's channels patched into a layout, each output channel a
 * copy of one input channel or silence.
 *
 *   in (the path's layout, n channels) ──► out[k] = in[c(k+1) − 1] ──► out (to's channels)
 *
 * What a DAW's pin map does around a plugin (Ardour's PluginInsert wires
 * each plugin pin to one buffer or none, copies a buffer through or
 * silences it: io/session/ardour_plugins.c writes one before and one after
 * a plugin whose pins are wired otherwise than its default). A copy, not a
 * sum: a sample passes unchanged. Linear and memoryless: it runs on every
 * lane. */

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "same", then sp_layout_names' own, in its order (tests/test_procs.c
 * holds the two lists alike). */
static const char *const to_names[] = {"same",  "mono",  "stereo", "LCR",   "quad", "5.0",
                                       "5.1",   "6.0",   "6.1",    "7.0",   "7.1",  "5.1.2",
                                       "5.1.4", "7.1.2", "7.1.4",  "9.1.6", NULL};

enum { P_TO, P_C1 };

#define CH(k)                                                                                      \
  {                                                                                                \
    "c" #k, SP_PARAM_NUMBER, SP_UNIT_NUMBER, k, 0, SP_MAX_CHANNELS, NULL, false,                   \
        "the input channel (1: the first) output channel " #k " copies; 0: silence"                \
  }

static const sp_param params[] = {
    {"to", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 0, 0, 15, to_names, false,
     "the layout it patches into (stemprint help layouts); same: the path's own"},
    CH(1),
    CH(2),
    CH(3),
    CH(4),
    CH(5),
    CH(6),
    CH(7),
    CH(8),
    CH(9),
    CH(10),
    CH(11),
    CH(12),
    CH(13),
    CH(14),
    CH(15),
    CH(16),
};

typedef struct patch_state {
  int from, to;             /* channels in, out */
  int src[SP_MAX_CHANNELS]; /* each output's input channel, -1: silence */
  float *out[SP_MAX_CHANNELS];
  size_t max_block;
} patch_state;

static const sp_layout *out_layout(const double *values, const sp_layout *in)
{
  const size_t to = (size_t)values[P_TO];
  return to == 0 ? in : sp_layout_at(to - 1);
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  patch_state *s = state;
  const sp_layout *from = env->layout, *to = out_layout(a->values, from);
  if (!from || from->n != env->channels || !to) {
    snprintf(why, why_size, "'patch' patches a whole path of a known layout; remove 'channels'");
    return SP_ERR_USAGE;
  }
  s->from = from->n;
  s->to = to->n;
  for (int k = 0; k < s->to; k++) {
    const double c = a->values[P_C1 + k];
    if (c != floor(c) || c > s->from) {
      snprintf(why, why_size,
               "'patch': c%d is %g, not a channel of its input (%s: 1 to %d); give one of them, or "
               "0 for silence",
               k + 1, c, from->name, s->from);
      return SP_ERR_USAGE;
    }
    s->src[k] = (int)c - 1;
  }
  s->max_block = env->max_block_frames;
  for (int c = 0; c < s->to; c++)
    s->out[c] = sp_xcalloc(s->max_block, sizeof(float));
  return SP_OK;
}

/* ch holds max(from, to) channels: the path's in, the patch's out. */
static void process(void *state, float *const *ch, size_t frames)
{
  patch_state *s = state;
  for (int t = 0; t < s->to; t++) {
    if (s->src[t] < 0)
      memset(s->out[t], 0, frames * sizeof(float));
    else
      memcpy(s->out[t], ch[s->src[t]], frames * sizeof(float));
  }
  for (int t = 0; t < s->to; t++)
    memcpy(ch[t], s->out[t], frames * sizeof(float));
  for (int c = s->to; c < s->from; c++) /* the channels it leaves: silent from here on */
    memset(ch[c], 0, frames * sizeof(float));
}

static void release(void *state)
{
  patch_state *s = state;
  for (int c = 0; c < s->to; c++)
    free(s->out[c]);
}

const sp_proc_class sp_proc_patch = {
    .name = "patch",
    .summary = "each channel a copy of one of the path's channels, or silence (a pin map)",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .primary_param = P_TO,
    .flags = 0,
    .state_size = sizeof(patch_state),
    .prepare = prepare,
    .process = process,
    .release = release,
    .out_layout = out_layout,
};
