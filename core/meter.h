/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_METER_H
#define SP_METER_H

/* Loudness and peak meter (ITU-R BS.1770-4, EBU R128) over a stream of
 * planar float blocks, the only module that talks to libebur128.
 *
 * Feed a whole programme with sp_meter_add, in blocks of any size (the
 * result does not depend on them), then read sp_meter_result. Momentary
 * (400 ms) and short-term (3 s) loudness are evaluated every 10 ms of
 * programme time for their maxima, as EBU Tech 3341 asks of an "EBU mode"
 * meter. Memory is fixed: libebur128's windows plus one 10 ms block. */

#include "core/diag.h"

#include <stddef.h>
#include <stdint.h>

/* What a meter read. Levels are NAN where the programme has none (silence
 * gated away, or too short for the window): never a made-up floor. */
typedef struct sp_loudness {
  double integrated_lufs;    /* gated programme loudness (EBU Tech 3341) */
  double range_lu;           /* loudness range (EBU Tech 3342) */
  double momentary_max_lufs; /* max of the 400 ms loudness */
  double shortterm_max_lufs; /* max of the 3 s loudness */
  double true_peak_dbtp;     /* 4× oversampled, all channels; -inf for digital silence */
  double sample_peak_dbfs;   /* max |x|, all channels; -inf for digital silence */
  int64_t clipped;           /* samples with |x| ≥ 1 */
  int64_t frames;
} sp_loudness;

typedef struct sp_meter sp_meter;

/* A meter for channels (1 or 2) at rate Hz. Aborts only when out of
 * memory; SP_ERR_USAGE for a channel count or rate libebur128 refuses. */
sp_err sp_meter_new(int channels, double rate, sp_meter **out);
/* Add frames of planar audio ch[0..channels). Never fails. */
void sp_meter_add(sp_meter *m, const float *const *ch, size_t frames);
/* Keep the momentary and short-term loudness every 100 ms of programme
 * time (call before adding). The series grows with the programme: 24 bytes
 * a point, about 0.9 MB an hour. */
void sp_meter_keep_series(sp_meter *m);
/* The series kept so far: end time of each window (s) and the loudness
 * there (LUFS, NAN where silent); returns the number of points. */
size_t sp_meter_series(const sp_meter *m, const double **t_end_s, const double **momentary,
                       const double **shortterm);
/* The measurements of everything added so far. */
void sp_meter_result(const sp_meter *m, sp_loudness *out);
/* Free; accepts NULL. */
void sp_meter_free(sp_meter *m);

/* Loudness of the group of meters taken as one programme (an album):
 * integrated and range over all, maxima and peaks the largest of any. */
void sp_meter_group_result(const sp_meter *const *ms, size_t n, sp_loudness *out);

#endif
