/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TRUEPEAK_H
#define SP_TRUEPEAK_H

/* A streaming true-peak detector: 4× oversampling by a polyphase
 * Kaiser-windowed sinc (24 taps a phase), as ITU-R BS.1770 describes, the
 * peak taken over all channels. For each input frame m it reports the
 * largest magnitude of the signal on [m, m + 1) — the sample itself and the
 * three points interpolated after it — SP_TP_DELAY frames later. */

#include <stddef.h>

#define SP_TP_HALF 12          /* taps on each side of an interpolated point */
#define SP_TP_DELAY SP_TP_HALF /* frames between an input and its estimate */
#define SP_TP_MAX_CHANNELS 16  /* a loudness meter's most (9.1.6) */

typedef struct sp_truepeak {
  int channels;
  float hist[SP_TP_MAX_CHANNELS][2 * SP_TP_HALF]; /* the last 2·HALF − 1 samples, oldest first */
} sp_truepeak;

/* channels: 1..SP_TP_MAX_CHANNELS. */
void sp_truepeak_init(sp_truepeak *tp, int channels);
/* Stand tp where the frames before ch[c][0] have passed: its history is
 * ch[c][−(2·SP_TP_HALF − 1) .. −1] (a detector started afresh on any
 * block, what one that streamed up to it holds). */
void sp_truepeak_start(sp_truepeak *tp, const float *const *ch);
/* tp_out[i] = the true peak (linear) of frame (t + i − SP_TP_DELAY), where t
 * is the index of ch[·][0] in the stream; frames before the start count as 0. */
void sp_truepeak_process(sp_truepeak *tp, const float *const *ch, size_t frames, float *tp_out);

/* The largest true peak of these frames, for a running maximum: where the
 * frames (with the history before them) cannot reach above `known` — their
 * largest |sample| times the interpolator's gain bound is at most `known` —
 * the interpolation is skipped (a chunk of 256 frames at a time) and they
 * count as 0. So max(known, result) is
 * exactly what sp_truepeak_process would give, at a fraction of the cost
 * once the running maximum has risen. The estimates are SP_TP_DELAY frames
 * late, as there. */
float sp_truepeak_max(sp_truepeak *tp, const float *const *ch, size_t frames, float known);

/* Move tp on past these frames without measuring them: its history is
 * what sp_truepeak_process would leave (for a caller that has their
 * estimates from another detector). */
void sp_truepeak_pass(sp_truepeak *tp, const float *const *ch, size_t frames);

/* The estimates still owed: the true peak (linear) of the last SP_TP_DELAY
 * frames, as if the stream went on in silence. tp is left as it was. */
float sp_truepeak_tail(const sp_truepeak *tp);

/* sp_truepeak_process for a caller that only asks whether the true peak
 * is above `level`: where it cannot be (a chunk's largest |sample| times
 * the interpolator's gain bound is at most `level`), tp_out reads 0 and
 * the interpolation is skipped. Every estimate above `level` is exact. */
void sp_truepeak_process_over(sp_truepeak *tp, const float *const *ch, size_t frames,
                              float *tp_out, float level);

#endif
