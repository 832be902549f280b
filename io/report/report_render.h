/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_RENDER_H
#define SP_REPORT_RENDER_H

/* A render as a JSON report object (`stemprint render --report`,
 * docs/verify.md): what the recipe asked for, what the render did and what
 * its files measured. Built from the graph and the render's result while
 * both are alive; the object owns copies of everything it says. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/render/render.h"
#include "io/report/report.h"

/* The object of one render of g: stemprint_version, recipe, status, the
 * session (sample_rate, frames, seconds, latency_frames, tail_seconds),
 * the sources and impulse responses resampled, normalize (when it ran),
 * every output with its loudness (unmetered: null levels, the file's peak
 * and clipped count still given), the files removed, the null test and
 * each linked version's, the checks, passed (status 0 and every check
 * passed), render_seconds and times_real_time (wall clock: they differ
 * from run to run). status is the render's (SP_OK or SP_ERR_CHECK).
 * Free with sp_report_free. */
sp_json *sp_report_render(const sp_graph *g, const sp_render_result *res, sp_err status);

/* Every file g reads at another rate than the session's, which a render
 * resamples: an array of {track or insert, path, from_hz, to_hz,
 * resampler} (the render's "resampled", check --json's too). */
sp_json *sp_report_resampled(const sp_graph *g);

/* What a report calls an output of kind ("mix", "stem", "version",
 * "bus"); NULL for SP_OUT_REST, which is not a deliverable. */
const char *sp_report_role(sp_out_kind kind);

/* The object of a recipe that did not render (it did not load, or the
 * render failed): recipe (its path), status and passed (false unless
 * status is SP_OK). */
sp_json *sp_report_render_failed(const char *recipe, sp_err status);

#endif
