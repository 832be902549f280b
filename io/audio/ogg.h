/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_OGG_H
#define SP_AUDIO_OGG_H

#include "core/base/diag.h"

#include <stddef.h>
#include <stdint.h>

/* libsndfile draws an Ogg stream's serial number from the clock, so two
 * encodings of the same samples differ: every page of the Ogg file at path
 * takes serial instead (its CRC made again), in place, and the same
 * samples give the same bytes. SP_ERR_IO, with why, when it cannot. */
sp_err sp_ogg_fix_serial(const char *path, uint32_t serial, char *why, size_t why_size);

#endif
