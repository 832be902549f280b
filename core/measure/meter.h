/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_METER_H
#define SP_METER_H

/* Loudness and peak meter (ITU-R BS.1770-4, EBU R128) over a stream of
 * planar float blocks; the tests hold it to libebur128's figures and to the
 * EBU's conformance cases.
 *
 * Feed a whole programme with sp_meter_add, in blocks of any size (the
 * result does not depend on them), then read sp_meter_result. Momentary
 * (400 ms) and short-term (3 s) loudness are evaluated every 10 ms of
 * programme time for their maxima, as EBU Tech 3341 asks of an "EBU mode"
 * meter. Memory: 3 s of step energies and one 10 ms block, plus the gating
 * blocks the integrated loudness and the range need at the end (8 bytes
 * for each 100 ms and each second of programme).
 *
 * Channels: 1 to SP_METER_MAX_CHANNELS of a layout (core/base/layout.h),
 * in its file order, each weighted as BS.1770-4 weights its position
 * (sp_layout_weight): L, R and C count once, the surrounds at ±60°..±120°
 * below 30° of elevation 1.41 times (+1.5 dB), back channels (±135° and
 * beyond) and heights once, the LFE not at all. Peaks are over all
 * channels, the LFE's included. */

#include "core/base/diag.h"
#include "core/base/layout.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_METER_MAX_CHANNELS SP_MAX_CHANNELS

/* What a meter read. Levels are NAN where the programme has none (silence
 * gated away, or too short for the window): never a made-up floor. */
typedef struct sp_loudness {
  double integrated_lufs;    /* gated programme loudness (EBU Tech 3341) */
  double range_lu;           /* loudness range (EBU Tech 3342) */
  double momentary_max_lufs; /* max of the 400 ms loudness */
  double shortterm_max_lufs; /* max of the 3 s loudness */
  double true_peak_dbtp;     /* 4× oversampled, all channels; -inf for digital silence */
  double sample_peak_dbfs;   /* max |x|, all channels; -inf for digital silence */
  int64_t clipped;           /* samples at or beyond full scale (see sp_meter_new) */
  int64_t frames;
} sp_loudness;

typedef struct sp_meter sp_meter;

/* A meter for a programme of layout l at rate Hz (sp_meter_new: of the
 * layout a file of that many channels is read as, sp_layout_by_count).
 *
 * pcm_bits says where full scale is, for the clipped count: the depth of
 * the integer PCM the samples come from (8..32, read as code / 2^(bits-1)),
 * or 0 for float data. For integer PCM a sample is clipped at the largest
 * positive code, x ≥ (2^(bits-1) − 1) / 2^(bits-1), or at x ≤ −1; for
 * float at |x| ≥ 1. (32-bit PCM read as float rounds codes within 64 of
 * the top to 1.0: those count too.)
 *
 * Aborts only when out of memory; SP_ERR_USAGE for a channel count, rate
 * or depth it cannot meter. */
sp_err sp_meter_new_layout(const sp_layout *l, double rate, int pcm_bits, sp_meter **out);
sp_err sp_meter_new(int channels, double rate, int pcm_bits, sp_meter **out);
/* Full scale from now on, as pcm_bits of sp_meter_new: for an album whose
 * files differ in depth. SP_ERR_USAGE (and no change) outside 0, 8..32. */
sp_err sp_meter_set_pcm_bits(sp_meter *m, int pcm_bits);
/* Add frames of planar audio ch[0..channels). Never fails. */
void sp_meter_add(sp_meter *m, const float *const *ch, size_t frames);
/* sp_meter_add(m[q], ch[q], frames) for q < n, bit for bit, in one pass
 * where the meters step together (n ≤ 4 meters of one channel count, rate
 * and layout, each fed as many frames so far): the K-weighting's
 * recursions of all their channels side by side, about the time of one
 * meter's (diff's two sides and their residual). Meters that do not are
 * fed one by one. */
void sp_meter_add_together(sp_meter *const *m, const float *const *const *ch, size_t n,
                           size_t frames);
/* A programme and its parts, each part measured as a programme of its own
 * (an album and its tracks, each track as its file read alone: silence
 * before its first frame and after its last): adds frames of ch to whole
 * and, in order, to the parts they are of: part[p] takes the next len[p]
 * frames (Σ len is frames; a part may go on in the next call). The figures
 * are bit for bit sp_meter_add's on each, but the true peak is
 * interpolated once: a part's estimates from its (SP_METER_BEFORE + 1)th
 * frame on are whole's (the same points of the same samples), only its
 * first SP_METER_BEFORE (points made of frames before its start) by its
 * own detector. Each meter as sp_meter_new made it (one channel count, no
 * sp_meter_peak_from, not loudness only), else each measures its own. */
void sp_meter_add_parts(sp_meter *whole, sp_meter *const *part, const size_t *len, size_t n_parts,
                        const float *const *ch, size_t frames);
/* Keep the momentary and short-term loudness every 100 ms of programme
 * time (call before adding). The series grows with the programme: 24 bytes
 * a point, about 0.9 MB an hour. */
void sp_meter_keep_series(sp_meter *m);
/* Measure loudness only (call before adding): no sample peak, clipped
 * count or true peak, which take most of a meter's time (they read -inf
 * and 0): for a signal whose loudness alone is wanted (diff's residual). */
void sp_meter_loudness_only(sp_meter *m);
/* The series kept so far: end time of each window (s) and the loudness
 * there (LUFS, NAN where silent); returns the number of points. */
size_t sp_meter_series(const sp_meter *m, const double **t_end_s, const double **momentary,
                       const double **shortterm);
/* The measurements of everything added so far. */
void sp_meter_result(const sp_meter *m, sp_loudness *out);
/* Free; accepts NULL. */
void sp_meter_free(sp_meter *m);

/* Why a programme of frames at rate Hz has no integrated loudness when it
 * is too short for one: the meter gates blocks of 400 ms (EBU Tech 3341),
 * and one shorter than a block has none ("out/a.wav is 0.300 s, too
 * short to measure its integrated loudness, which takes at least 0.400 s:
 * one 400 ms gating block"). what: the file, as said. Heap; NULL: long
 * enough (an integrated loudness of NAN is then silence, gated away). */
char *sp_loudness_too_short(const char *what, int64_t frames, double rate);
/* The decimals a loudness of value LUFS is said with beside target ±
 * tolerance LU (its distance from the target with as many): 1, or more
 * where one would round a value outside onto the tolerance or past it
 * one inside (-15.024 LUFS beside -14 ± 1 said -15.0, "-1.0 LU", and
 * failed: -15.02, -1.02 LU). At most 6: a judge holds it to 1e-9, and
 * -22.4996 LUFS beside -23 ± 0.5 said -22.500, "+0.500 LU", looked
 * inside and failed (review 25 F9). */
int sp_loudness_decimals(double value, double target, double tolerance);
/* A loudness rule's target in words into buf: "target -23.0 LUFS ± 0.5
 * LU", or of a ceiling (tolerance NAN: sp_loudness_ceiling) "at most -18.0
 * LUFS". */
void sp_loudness_band(char *buf, size_t size, double target, double tolerance);

/* A file's channels, each measured as a mono programme: its integrated
 * loudness (BS.1770-4 gating, weight 1), true peak and sample peak; the
 * figures a surround delivery is read by, channel by channel. */
typedef struct sp_channel_figures {
  double integrated_lufs; /* NAN: silent, or too short to gate */
  double true_peak_dbtp;
  double sample_peak_dbfs;
} sp_channel_figures;

typedef struct sp_meters sp_meters;
/* A meter for each of channels at rate (pcm_bits as sp_meter_new's); NULL
 * for what sp_meter_new refuses. */
sp_meters *sp_meters_new(int channels, double rate, int pcm_bits);
/* Add frames of planar audio ch[0..channels), each to its own meter. */
void sp_meters_add(sp_meters *m, const float *const *ch, size_t frames);
/* Each channel's figures into out[channels]. */
void sp_meters_result(const sp_meters *m, sp_channel_figures *out);
void sp_meters_free(sp_meters *m);
/* Read m's true peak as the largest of each's channels' (BS.1770's true
 * peak is a channel's; a programme's is the largest), not measuring it a
 * second time: each must be fed the same frames as m and outlive its last
 * sp_meter_result. The figure is bit for bit the one m would measure
 * alone. SP_ERR_USAGE (and no change) when each is NULL or its channel
 * count is not m's. */
sp_err sp_meter_peak_from(sp_meter *m, const sp_meters *each);

/* ---- A meter fed block by block from a pipeline (core/render) -----------
 *
 * sp_meter_add measures a block's peaks and its loudness on the way; a
 * renderer measures the peaks apart, on any thread and several blocks side
 * by side (they keep no state from block to block), then adds each block's
 * loudness in order with the peaks measured. The figures are bit for bit
 * sp_meter_add's. */

/* Frames before a block that sp_meter_peaks_of and sp_meter_add_measured
 * read: the programme's frames before it, zeros before its start (the
 * true peak's interpolator reaches that far back). */
#define SP_METER_BEFORE 23

/* A block's peaks, over the meter's channels. */
typedef struct sp_meter_peaks {
  float sample;    /* max |x| */
  float true_peak; /* the block's largest true peak above `known` (else at most it) */
  int64_t clipped; /* samples at or beyond full scale */
} sp_meter_peaks;

/* The peaks of frames of ch (ch[c][-SP_METER_BEFORE .. -1] readable, see
 * above) for meter m. Safe on several threads at once, and beside
 * sp_meter_add_measured on another: of m it reads and raises only a shared
 * bound, the largest true peak any block has shown so far, below which
 * nothing is interpolated (what sp_meter_add's running maximum does). */
void sp_meter_peaks_of(sp_meter *m, const float *const *ch, size_t frames, sp_meter_peaks *out);
/* sp_meter_add with the frames' peaks measured already by
 * sp_meter_peaks_of (ch as there); blocks in programme order. */
void sp_meter_add_measured(sp_meter *m, const float *const *ch, size_t frames,
                           const sp_meter_peaks *p);
/* How many channel meters m holds, and channel c's. */
int sp_meters_count(const sp_meters *m);
sp_meter *sp_meters_channel(const sp_meters *m, int c);

/* Whether a programme of layout a fed to the first channels of a meter of
 * layout b (the rest silent) keeps every channel's weight,
 * and so reads as it does alone: mono and stereo fit any larger layout,
 * L R C those with a centre; 5.0 does not fit 5.1 (its surrounds would
 * land on the LFE). */
bool sp_meter_layout_fits(const sp_layout *a, const sp_layout *b);

/* The layout a file of n channels whose channel mask is mask (0: it says
 * none) is measured as: its mask's layout; the speakers of a mask of no
 * layout, placed and weighed where they are (into own, the caller's; NULL:
 * not looked for); else the one its count is read as (sp_layout_by_count).
 * NULL for a count no layout has. What `loudness` measures a file as, and
 * every meter of a file's or a print's channels with it. */
const sp_layout *sp_meter_layout_of(uint32_t mask, int n, sp_layout_own *own);

#endif
