/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SENT_H
#define SP_SENT_H

/* What the hardware insert (core/procs/hardware.c) holds a return against:
 * the digest of a send, made alike by the render (io/outdir/print.c, of
 * the signal it kept at the insert) and by `stemprint latency` (of the
 * send's file, core/measure/latency.c), and the sidecar beside a return
 * that keeps it with the round trip measured. */

#include "core/base/digest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A send's digest: SHA-256 over its
 * samples as 32-bit floats, interleaved, little-endian, then its channel
 * count and rate as text ("|2|48000"), in hex. A render digests the
 * signal at a hardware insert the same way, so a return recorded from a
 * send is known stale when the render's send is another. */
typedef struct sp_send_digest sp_send_digest;
sp_send_digest *sp_send_digest_new(void);
/* frames interleaved frames of channels channels */
void sp_send_digest_add(sp_send_digest *d, const float *interleaved, size_t frames, int channels);
/* Frees d. */
void sp_send_digest_end(sp_send_digest *d, int channels, int sample_rate, char hex[SP_DIGEST_HEX]);

/* ---- what a return was recorded from: RETURN.sent ------------------------ */

/* A sidecar beside a return (`RETURN.sent`, written by `stemprint latency
 * SENT RETURN --mark`): the digest of the send it was recorded from and
 * the round trip measured then, as lines of `key: value` (YAML):
 *
 *   # stemprint: the send this return was recorded from
 *   send: sends/la2a.wav
 *   digest: 3f1c...
 *   sample_rate: 48000
 *   latency: 137 smp
 *   gain: -1.30 dB
 *   polarity: inverted
 *   linear: true
 */
typedef struct sp_sent {
  char digest[SP_DIGEST_HEX];
  int sample_rate;
  int64_t latency_frames;
  double gain_db;
  bool inverted, linear;
} sp_sent;

/* The sidecar's text for what s says of a return of send (heap). */
char *sp_sent_text(const sp_sent *s, const char *send);
/* Read a sidecar's text into *out; false with why (the key at fault). */
bool sp_sent_parse(const char *text, sp_sent *out, char *why, size_t why_size);

#endif
