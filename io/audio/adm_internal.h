/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_ADM_INTERNAL_H
#define SP_IO_ADM_INTERNAL_H

/* What the files of the ADM BWF code share (io/audio/adm.c and the adm_*.c
 * beside it): the profile's bed channels and how the file lays out its
 * tracks (adm_profile.c), which the writer (adm_write.c) writes and the
 * reader (adm_read.c) recognises, and the growing text both build. */

#include "io/audio/adm.h"

#include <stdbool.h>
#include <stddef.h>

/* A growing text buffer: the writer's axml (adm_write.c's put), the
 * reader's elements' text as it streams (adm_read.c). */
typedef struct adm_text {
  char *s;
  size_t n, cap;
  bool count; /* only count the bytes (n), keep none */
} adm_text;

/* Bed layout l as the profile's file holds it: file track k is the
 * layout's channel chan[k] of role roles[k] (each [l->n]). False for a
 * layout the profile has no bed of. */
bool adm_bed_tracks(const sp_layout *l, int *chan, int *roles);

/* For each track of the file m is written as, the model's track it holds:
 * of[m->tracks]; the roles of the beds' tracks into roles (may be NULL). */
void adm_file_tracks(const sp_adm *m, int *of, int *roles);

/* Point (x, y, z) turned by deg of azimuth (to the left when positive) at
 * its elevation and distance: a stereo object's L and R, 30° to either
 * side of the object, and back. */
void adm_turn(double deg, double x, double y, double z, double *ox, double *oy, double *oz);

#endif
