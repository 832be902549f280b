/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_STRETCH_H
#define SP_STRETCH_H

/* Audio stretched in time and shifted in pitch, offline: the one wrapper
 * of Rubber Band (librubberband), which stemprint runs as
 *
 *   engine   R2 ("faster"), offline (the whole input studied, then
 *            processed), one thread (ThreadingNever), channels together
 *            (a stereo image kept), the short window, crisp transients,
 *            high-consistency pitch shifting
 *   map      the warp's points as the stretcher's key-frame map: each
 *            source frame lands on its frame, linearly between them
 *
 * Its output depends on nothing but the input, the map, the pitch and the
 * library's version and build (docs/recipe.md, "Stretched audio", says
 * what was measured across thread counts, block sizes and CPUs). */

#include "core/base/diag.h"
#include "core/media/media.h"

#include <stddef.h>
#include <stdint.h>

/* in[0 .. channels) of in_frames frames (source frame w->src_frames[0]
 * is in frame 0), stretched by w into out[c] (each w->dst_frames[n-1]
 * frames, allocated here; the caller frees each) at rate. SP_ERR_IO with
 * why when the stretcher refuses it. */
sp_err sp_stretch_run(float *const *in, int channels, int64_t in_frames, double rate,
                      const sp_warp_map *w, float **out, char *why, size_t why_size);

/* "rubberband-3.1.2 R2 short": the library and engine whose output the stretched
 * sources are, for a cache key. */
const char *sp_stretch_version(void);

#endif
