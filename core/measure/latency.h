/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_LATENCY_H
#define SP_LATENCY_H

/* A hardware insert's round trip, measured (`stemprint latency SENT
 * RETURN`, and a recipe's `hardware` insert with `latency: auto`): the
 * send s(t), what left the renderer for the unit, against the return r(t),
 * what came back through its converters:
 *
 *   r(t + lag) ≈ g · s(t)
 *
 *   lag        the largest |R(τ)| of the channels' sums, τ in 0 .. the
 *              bound (core/dsp/xcorr.h: FFT, to the frame)
 *   g          least squares over every channel, Σ s·r / Σ s²: its level in
 *              dB and its sign (the polarity)
 *   residual   r(t + lag) − g·s(t) over the send's frames: its RMS in dBFS
 *              and against the return's energy there, in dB
 *   bands      the same by octave band (Welch: Hann frames of 8192 points,
 *              hop 4096), and the band where it is highest against the
 *              return's level in that band
 *   coherence  |S_sr|² / (S_ss·S_rr) per bin, averaged over frames: what of
 *              the return no linear filter of the send explains (a
 *              compressor moving its gain, distortion), weighted by the
 *              return's energy, in dB; above SP_LATENCY_NONLINEAR_DB the
 *              unit is said not linear. An EQ leaves a residual against
 *              g but keeps the coherence: linear, coloured.
 *
 * Both files read twice through the media's readers (core/media/media.h);
 * memory is fixed by the bound, not by the files' length. */

#include "core/base/diag.h"
#include "core/base/digest.h"
#include "core/media/media.h"
#include "core/media/sent.h"

#include <stdbool.h>
#include <stdint.h>

/* The incoherent part (dB against the return) above which a unit is said
 * not linear. */
#define SP_LATENCY_NONLINEAR_DB (-30.0)
/* The default bound on the round trip, seconds. */
#define SP_LATENCY_MAX_S 1.0

enum { SP_LATENCY_BANDS = 11 };

typedef struct sp_latency_result {
  int sample_rate, channels;
  int64_t frames_sent, frames_return;
  int64_t lag_frames; /* the return is later than the send by this */
  /* and by this fraction of a frame more (-0.5 .. 0.5; 0: on the frame),
   * where the return lies between two frames: the gain, the residual and
   * the bands are measured there */
  double lag_fraction;
  double lag_ms;                    /* the round trip, the fraction included */
  double gain_db;                   /* |g| in dB */
  bool inverted;                    /* g < 0: the unit (or its wiring) flips the polarity */
  double correlation;               /* |R(lag)| / √(Σs²·Σr²): 1 for a pure delay and gain */
  double residual_dbfs;             /* RMS of r(t + lag) − g·s(t); -inf: none */
  double residual_db;               /* its energy against the return's over the send's frames */
  double incoherent_db;             /* what no linear filter explains, against the return */
  bool linear;                      /* incoherent_db <= SP_LATENCY_NONLINEAR_DB */
  int n_bands;                      /* the octave bands below Nyquist */
  double band_hz[SP_LATENCY_BANDS]; /* their centres */
  double band_residual_db[SP_LATENCY_BANDS]; /* residual against the return there (NAN:
                                                no return there) */
  int worst_band; /* the highest of those within 40 dB of the loudest band that have a
                     residual; -1: none has (a null) */
  int64_t short_frames;       /* the send's last frames with no return past the lag (0: none) */
  char digest[SP_DIGEST_HEX]; /* the send's (sp_send_digest, core/media/sent.h) */
} sp_latency_result;

/* Measure return against sent, both opened through media, the lag searched
 * from 0 to max_lag_s (<= 0: SP_LATENCY_MAX_S). SP_ERR_IO with why (naming
 * the file and what to do) when a file cannot be read, or cannot be
 * measured: the rates or channel counts differ, either is silent, the
 * return is shorter than the send, the return comes back before the send
 * or later than the bound, or it does not resemble the send. */
sp_err sp_latency_measure(const sp_media *media, const char *sent, const char *ret,
                          double max_lag_s, sp_latency_result *res, char *why, size_t why_size);

/* ---- the test signal ----------------------------------------------------- */

/* `stemprint ping`: what measures a round trip well through converters, at
 * sample_rate, mono: 0.5 s of silence, an exponential sine sweep from 20 Hz
 * to 20 kHz (or 0.45 of the rate) over 3 s at -18 dBFS peak, 0.5 s of
 * silence, the same sweep at -6 dBFS (a unit whose gain depends on the
 * level is then heard not linear), 1 s of silence for the round trip; each
 * sweep faded in and out over 10 ms. Heap, *frames frames. */
float *sp_latency_ping(int sample_rate, int64_t *frames);

#endif
