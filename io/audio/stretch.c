/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Offline time stretching through Rubber Band's C API (io/audio/stretch.h).
 *
 *   in (planar, whole) ──► study (all of it) ──► key-frame map, ratio
 *                      ──► process (CHUNK frames at a time, the last final)
 *                      ──► retrieve what is available ──► out (planar, whole)
 *
 * The stretcher pads its output at both ends by its own latency in
 * offline mode and removes it itself; what comes back is cut or padded
 * with silence to the map's length, the frames the region plays. */

#include "io/audio/stretch.h"

#include "core/base/alloc.h"
#include "core/dsp/stretch_keys.h"

#include <math.h>
#include <rubberband/rubberband-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 4096 };

/* R2 ("faster"): its key frames land within 10 ms where R3's, in 3.1.2,
 * lag by up to 47 ms (docs/recipe.md, "Stretched audio"); the short
 * window keeps them closer than the standard one (9 ms against 18). */
static const RubberBandOptions OPTIONS =
    RubberBandOptionProcessOffline | RubberBandOptionEngineFaster |
    RubberBandOptionTransientsCrisp | RubberBandOptionWindowShort | RubberBandOptionThreadingNever |
    RubberBandOptionChannelsTogether | RubberBandOptionPitchHighConsistency;

sp_err sp_stretch_run(float *const *in, int channels, int64_t in_frames, double rate,
                      const sp_warp_map *w, float **out, char *why, size_t why_size)
{
  const int64_t out_frames = w->dst_frames[w->n - 1];
  if (in_frames <= 0 || out_frames <= 0 || in_frames > UINT32_MAX / 2 ||
      out_frames > UINT32_MAX / 2 || rate < 1 || rate > 1e6 ||
      (w->n > 2 && (double)out_frames * w->pitch_scale > UINT32_MAX / 2)) { /* (its targets) */
    snprintf(why, why_size, "cannot stretch %lld frames into %lld", (long long)in_frames,
             (long long)out_frames);
    return SP_ERR_IO;
  }
  RubberBandState rb = rubberband_new((unsigned)lround(rate), (unsigned)channels, OPTIONS,
                                      (double)out_frames / (double)in_frames, w->pitch_scale);
  rubberband_set_expected_input_duration(rb, (unsigned)in_frames);
  rubberband_set_max_process_size(rb, CHUNK);
  /* The points between the ends that it follows (the ends are the
   * ratio's): one it would not, the recipe's check warns of, and it is
   * left out here as it would leave it out, but for its saying so. Each
   * target is in the frames it makes before its pitch shift, which then
   * puts it at the point's region frame. */
  sp_stretch_key *fate = sp_xcalloc(w->n, sizeof *fate);
  sp_stretch_keys(w->src_frames, w->dst_frames, w->n, rate, w->pitch_scale, fate);
  size_t nk = 0;
  unsigned *kf = sp_xcalloc(w->n, sizeof *kf), *kt = sp_xcalloc(w->n, sizeof *kt);
  for (size_t i = 1; i + 1 < w->n; i++)
    if (fate[i] == SP_STRETCH_KEY_FOLLOWED) {
      kf[nk] = (unsigned)(w->src_frames[i] - w->src_frames[0]);
      kt[nk++] = (unsigned)sp_stretch_target(w->dst_frames[i], w->pitch_scale);
    }
  free(fate);
  const float *ch[64];
  for (int64_t pos = 0; pos < in_frames; pos += CHUNK) {
    const int64_t m = in_frames - pos < CHUNK ? in_frames - pos : CHUNK;
    for (int c = 0; c < channels; c++)
      ch[c] = in[c] + pos;
    rubberband_study(rb, ch, (unsigned)m, pos + m >= in_frames);
  }
  if (nk)
    rubberband_set_key_frame_map(rb, (unsigned)nk, kf, kt);
  for (int c = 0; c < channels; c++)
    out[c] = sp_xcalloc((size_t)out_frames, sizeof **out);
  int64_t got = 0;
  float *tmp[64];
  float *scratch = sp_xcalloc((size_t)channels * CHUNK, sizeof *scratch);
  for (int c = 0; c < channels; c++)
    tmp[c] = scratch + (size_t)c * CHUNK;
  int64_t pos = 0;
  for (;;) {
    if (pos < in_frames) {
      const int64_t m = in_frames - pos < CHUNK ? in_frames - pos : CHUNK;
      for (int c = 0; c < channels; c++)
        ch[c] = in[c] + pos;
      rubberband_process(rb, ch, (unsigned)m, pos + m >= in_frames);
      pos += m;
    }
    int avail;
    while ((avail = rubberband_available(rb)) > 0) {
      const unsigned take = (unsigned)(avail < CHUNK ? avail : CHUNK);
      const unsigned r = rubberband_retrieve(rb, tmp, take);
      for (int c = 0; c < channels; c++) {
        int64_t keep = out_frames - got < (int64_t)r ? out_frames - got : (int64_t)r;
        if (keep > 0)
          memcpy(out[c] + got, tmp[c], (size_t)keep * sizeof(float));
      }
      got += r;
    }
    if (pos >= in_frames) /* one thread: the final process made all there is */
      break;
  }
  free(scratch);
  free(kf);
  free(kt);
  rubberband_delete(rb);
  return SP_OK;
}

const char *sp_stretch_version(void) { return "rubberband-" RUBBERBAND_VERSION " R2 short"; }
