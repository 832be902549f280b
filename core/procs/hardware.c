/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hardware: outboard gear in an offline render, as a printed pass.
 *
 *   in ──┬──────────────────────────► (kept: the send, sp_outboard.send)
 *        │
 *   return file ──► out (frame t of the insert's clock: the return's t)
 *
 * The render cannot play through the unit, so it plays what the unit gave
 * back when the send was played through it once: the return, a file
 * recorded from frame 0 of the send on. The unit and its converters delay
 * it by their round trip (`latency:`, given, or `auto`: what `stemprint
 * latency SENT RETURN --mark` measured, RETURN.sent), which the insert
 * reports as its latency, compensated like any other; its gain and its
 * polarity are the unit's sound, played as recorded (the graph says them).
 * Without a return (missing) it passes its input and the render writes
 * the send. Its input is kept whole by the render's instance, frame for
 * frame from its first call, so that the output folder can write it and
 * hold its digest against the one the return was recorded from.
 *
 * One recording of one signal: it does not split into stems, so it runs
 * where one lane passes (SP_PROC_ONE_LANE: a track, a bus of one stem); a
 * bus of several stems is printed as a stem of its own instead
 * (core/graph/restem.c). */

#include "core/base/alloc.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_RETURN, P_LATENCY };

typedef struct hw_state {
  int channels;
  const sp_resource *ret; /* NULL: missing, the input passes */
  sp_outboard *ob;        /* NULL: keeps no send (a probe) */
  int64_t latency;
  int64_t pos; /* frames since prepare or reset */
} hw_state;

static const sp_param params[] = {
    {"return", SP_PARAM_FILE, SP_UNIT_NUMBER, 0, 0, 86400, NULL, true,
     "return file: the unit's output recorded from the send (sends/NAME.wav played "
     "through it); until it is there the render writes the send"},
    {"latency", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0, 0, 1.0, NULL, true,
     "the round trip through the unit and its converters (3.2 ms, 154 smp), or auto: what "
     "RETURN.sent says (stemprint latency SENT RETURN --mark)"},
};

static const sp_param_word words[] = {
    {P_LATENCY, "auto", -1, "the round trip measured: RETURN.sent, written by stemprint latency"},
    {0, NULL, 0, NULL},
};

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  hw_state *s = state;
  memset(s, 0, sizeof *s);
  s->channels = env->channels;
  s->ret = a->resources ? a->resources[P_RETURN] : NULL;
  sp_outboard *ob = a->outboard;
  if (s->ret && s->ret->file_rate != (int)env->sample_rate) {
    snprintf(why, why_size,
             "the return '%s' is at %d Hz, the session at %.0f Hz: record it at the send's "
             "rate (the session's)",
             s->ret->name, s->ret->file_rate, env->sample_rate);
    return SP_ERR_IO;
  }
  if (s->ret && s->ret->channels != env->channels) {
    snprintf(why, why_size,
             "the return '%s' has %d channel%s and the path at the insert %d: record as many "
             "channels as the send has",
             s->ret->name, s->ret->channels, s->ret->channels == 1 ? "" : "s", env->channels);
    return SP_ERR_IO;
  }
  const double given = a->values[P_LATENCY];
  if (!s->ret)
    s->latency = 0; /* passes its input */
  else if (given >= 0)
    s->latency = (int64_t)llround(given * env->sample_rate);
  else if (ob && ob->marked && ob->sent_latency_frames > (int64_t)env->sample_rate) {
    snprintf(why, why_size,
             "'%s.sent' says a round trip of %lld frames, more than the 1 s a hardware "
             "insert takes; measure it again (stemprint latency SEND '%s' --mark)",
             s->ret->name, (long long)ob->sent_latency_frames, s->ret->name);
    return SP_ERR_USAGE;
  } else if (ob && ob->marked && ob->sent_latency_frames >= 0)
    s->latency = ob->sent_latency_frames;
  else {
    snprintf(why, why_size,
             "latency: auto takes the round trip from '%s.sent', which is not there: measure "
             "it with stemprint latency SEND '%s' --mark (SEND: the file played through the "
             "unit), or give it (latency: 3.2 ms, or 154 smp)",
             s->ret->name, s->ret->name);
    return SP_ERR_USAGE;
  }
  if (ob && a->keep_send && !ob->send[0] && ob->send_cap > 0) {
    ob->channels = env->channels;
    for (int c = 0; c < env->channels; c++)
      ob->send[c] = sp_xcalloc((size_t)ob->send_cap, sizeof(float));
    s->ob = ob;
  }
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  hw_state *s = state;
  if (s->ob && s->pos < s->ob->send_cap) {
    const int64_t k =
        s->ob->send_cap - s->pos < (int64_t)frames ? s->ob->send_cap - s->pos : (int64_t)frames;
    for (int c = 0; c < s->channels; c++)
      memcpy(s->ob->send[c] + s->pos, ch[c], (size_t)k * sizeof(float));
    if (s->pos + k > s->ob->send_frames)
      s->ob->send_frames = s->pos + k;
  }
  if (s->ret) {
    const int64_t have = s->ret->frames - s->pos;
    const size_t k = have <= 0 ? 0 : have < (int64_t)frames ? (size_t)have : frames;
    for (int c = 0; c < s->channels; c++) {
      if (k)
        memcpy(ch[c], s->ret->ch[c] + s->pos, k * sizeof(float));
      memset(ch[c] + k, 0, (frames - k) * sizeof(float));
    }
  }
  s->pos += (int64_t)frames;
}

static void reset(void *state) { ((hw_state *)state)->pos = 0; }

static int64_t latency_frames(const void *state) { return ((const hw_state *)state)->latency; }

const sp_proc_class sp_proc_hardware = {
    .name = "hardware",
    .summary = "outboard gear: its recorded return in place of its input, aligned by the round "
               "trip; the send written while the return is missing or stale",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .words = words,
    .primary_param = -1, /* both are required */
    .flags = SP_PROC_MEMORY | SP_PROC_ONE_LANE | SP_PROC_OUTBOARD,
    .state_size = sizeof(hw_state),
    .prepare = prepare,
    .process = process,
    .reset = reset,
    .latency_frames = latency_frames,
};
