/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_REGIONS_H
#define SP_RENDER_REGIONS_H

/* A track's block (core/render/regions.c): its regions read through the
 * graph's media, each with its fades, gain and envelope, opaque regions
 * over the ones below. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The regions of track idx for timeline frames t0 .. t0 + frames − 1. */
sp_err render_read_regions(renderer *R, scratch *w, int idx, int64_t t0, size_t frames,
                           float *const *out);

#endif
