/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DERIVE_H
#define SP_DERIVE_H

/* The files of output.also (core/graph/graph.h: sp_derived_plan), made as
 * the render delivers: each from its master file, finished and still
 * under its temporary name, so the sets land with it as one step.
 *
 *   master file ──► source at the set's rate (libsoxr, io/audio/stream.c)
 *     ──► lossless: TPDF dither and quantize to the set's depth, its own
 *         seed (the file's name) ──► its container; metered as written
 *     ──► MP3 / Opus: floats into the encoder (libsndfile: LAME, libopus)
 *         at the set's bitrate (Opus of 3 to 8 channels in Vorbis order)
 *   ──► finished, decoded again and held against the master read again as
 *       the set was made from it, channel by channel
 *       (core/measure/setcheck.h): a file that does not hold its master
 *       fails the render, and nothing lands; an MP3's or Opus's figures
 *       are its decoded samples': true peak rises in encoding, and a
 *       delivery check must see it
 *
 * The null test reads the master set; these are judged by the checks a
 * file takes (clipping, true peak, the mix's loudness target). */

#include "core/graph/graph.h"
#include "core/render/render.h"

/* Make g's derived file d from the master file at `from` (finished), and
 * check it as decoded. On success *out is its sink, finished under its
 * temporary name (release or discard it), and st its figures (path and
 * name borrowed from g). SP_ERR_RENDER when the file does not hold its
 * master (why names the file's master, the channel, the figure and its
 * bound); SP_ERR_IO and SP_ERR_USAGE as the media's; SP_ERR_RENDER
 * ("interrupted; ...") within a block of cancel being set, nothing kept. */
sp_err sp_derive(const sp_graph *g, const sp_derived_plan *d, const char *from,
                 const volatile sig_atomic_t *cancel, sp_sink **out, sp_output_stats *st, char *why,
                 size_t why_size);

#endif
