/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTMEDIA_H
#define SP_TESTMEDIA_H

/* The engine's media (core/media/media.h) over memory, for tests that
 * render without files: sources are float arrays added by name, outputs
 * are kept by name as the floats written (integer outputs scaled back by
 * 2^-31, which is exact for 16 and 24 bits), and a name is a file that
 * exists when something was added or delivered under it. Sources play at
 * their own rate only (nothing here resamples). Not thread-safe: a render
 * with threads reads several sources at once, which only read. */

#include "core/media/media.h"

#include <stddef.h>
#include <stdint.h>

typedef struct tu_media tu_media;

tu_media *tu_media_new(void);
void tu_media_free(tu_media *m);
/* The media the engine is given. */
const sp_media *tu_media_of(tu_media *m);

/* Add (or replace) name: frames of channels interleaved floats at rate. */
void tu_media_add(tu_media *m, const char *name, int channels, int rate, const float *interleaved,
                  int64_t frames);

/* What name holds: its interleaved floats (borrowed) and their frames and
 * channels; NULL when nothing is there. */
const float *tu_media_get(const tu_media *m, const char *name, int64_t *frames, int *channels);

/* How many names hold something (sources, outputs, and outputs written but
 * not delivered). */
size_t tu_media_count(const tu_media *m);

#endif
