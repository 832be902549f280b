/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_H
#define SP_RENDER_H

/* The renderer: one streaming pass over the timeline, a lane per stem.
 *
 * sp_render walks the graph's schedule block by block: each track reads its
 * regions (fades applied), runs trim, polarity and its inserts once, then
 * adds into its destinations through the fader, pan and send levels; each
 * bus and master process every lane that carries signal with their own
 * processor state per lane. Master's lanes are the stems; their sum, taken
 * in double in lane order and rounded once, is the mix. So the stems null
 * against the mix by construction; only output quantization remains.
 *
 * Memory is fixed at prepare: nodes × lanes × block × 2 channels of float32,
 * plus each open source's chunk buffers; nothing grows with the session's
 * length. The output is the same for every block size.
 *
 * Files are written under temporary names and renamed into place only when
 * every output is complete; on any failure none of them appears and earlier
 * outputs stay untouched. With stems, the null test runs on the written
 * files before they are renamed. */

#include "core/diag.h"
#include "core/graph.h"
#include "core/nulltest.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_render_opts {
  size_t block_frames;           /* 0: the default (1024) */
  volatile sig_atomic_t *cancel; /* when non-NULL and set, the render stops */
  bool measure_only;             /* write nothing: measure master's lanes (lane_energy) */
} sp_render_opts;

typedef struct sp_output_stats {
  const char *path; /* final path (borrowed from the graph) */
  double peak_dbfs; /* sample peak before quantization */
  int64_t clipped;  /* samples clamped at full scale (16/24-bit) */
} sp_output_stats;

typedef struct sp_render_result {
  int64_t frames;           /* frames written per file */
  double seconds;           /* session seconds written */
  double wall_seconds;      /* time the render took */
  size_t buffer_bytes;      /* audio buffers the renderer allocated */
  sp_output_stats *outputs; /* mix first, then stems in lane order */
  size_t n_outputs;
  bool null_ran;
  bool null_passed;
  double null_threshold_dbfs;
  sp_null_result null;
  /* measure_only: per lane of master, over the output's frames */
  double *lane_energy; /* Σ x², both channels */
  double *lane_peak;   /* max |x| */
} sp_render_result;

/* Render g to its output files. Returns SP_OK, SP_ERR_CHECK when the null
 * test failed (the files are still written), SP_ERR_IO for an output that
 * cannot be written or an input that cannot be read, SP_ERR_RENDER when the
 * render failed (NaN, cancelled); problems go to d. */
sp_err sp_render(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d);

/* Free what sp_render put into res; accepts a zeroed result. */
void sp_render_result_fini(sp_render_result *res);

/* The number of audio buffer bytes a render of g with the given block size
 * allocates (what sp_render_result.buffer_bytes will say). */
size_t sp_render_buffer_bytes(const sp_graph *g, size_t block_frames);

#endif
