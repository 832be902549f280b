/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_OGG_H
#define SP_AUDIO_OGG_H

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libsndfile draws an Ogg stream's serial number from the clock, so two
 * encodings of the same samples differ: every page of the Ogg file at path
 * takes serial instead (its CRC made again), in place, and the same
 * samples give the same bytes. SP_ERR_IO, with why, when it cannot. */
sp_err sp_ogg_fix_serial(const char *path, uint32_t serial, char *why, size_t why_size);

/* Vorbis channel order: how Ogg Vorbis and Ogg Opus (channel mapping
 * family 1, RFC 7845 5.1.1.2) hold 3 to 8 channels, one layout a count:
 *
 *   3  L C R                     LCR
 *   4  L R Ls Rs                 quad
 *   5  L C R Ls Rs               5.0
 *   6  L C R Ls Rs LFE           5.1
 *   7  L C R Ls Rs Cs LFE        6.1
 *   8  L C R Ls Rs Lrs Rrs LFE   7.1
 *
 * stemprint's files are in the order of their speaker bits (L R C LFE
 * ...), the layouts sp_layout_by_count names for these counts. For a count
 * of channels, at[k] is the file-order index of the stream's channel k;
 * false for a count that has no such order (libsndfile encodes 1 and 2
 * channels as they are, and more than 8 in mapping 255, no order at all). */
bool sp_ogg_vorbis_order(int channels, int at[8]);

/* Frames of Vorbis order in buf (samples of size bytes: a float's, a
 * double's) put into file order, in place. */
void sp_ogg_from_vorbis_order(int channels, void *buf, size_t size, int64_t frames);

/* The channel mapping family of the Ogg Opus stream at fd: byte 18 of its
 * first packet, OpusHead (RFC 7845 5.1), in the stream's first page; -1
 * when that is not what the file starts with. */
int sp_ogg_opus_mapping_family(int fd);

/* Whether the Ogg file at fd (size bytes) is one its reader (libsndfile)
 * would read in part, silently: its pages walked by their headers from
 * the first, once,
 * - cut short: a page that ends past the file's end, or a last page that
 *   does not end its stream (no end-of-stream flag, which every encoder
 *   sets on a stream's last page: RFC 3533, 6);
 * - of more than one logical stream (a page flagged beginning-of-stream
 *   each, RFC 3533, 4): chained, one after another (`cat a.ogg b.ogg`), or
 *   multiplexed, at once; libsndfile reads the first alone.
 * why says which, and the fix (an ffmpeg line, which reads a chain whole);
 * false for a whole file of one stream, and for one whose pages lose their
 * track (bytes that are no page, which a reader skips) before its end. */
bool sp_ogg_refused(int fd, uint64_t size, char *why, size_t why_size);

#endif
