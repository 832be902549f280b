/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_STRETCH_KEYS_H
#define SP_STRETCH_KEYS_H

/* Which points of a warp the stretcher follows: the one rule that the
 * recipe's check says (core/recipe/check.c) and the stretcher's wrapper
 * keeps to (io/audio/stretch.c passes it only the points it follows).
 *
 * Rubber Band's R2 engine, offline, with the short window (the settings
 * io/audio/stretch.h names), reads its input a step of `step` source
 * frames at a time and maps a key frame from the step it falls in to its
 * target, a frame of what it makes BEFORE its pitch shift (offline it
 * always resamples after stretching): a point meant for region frame d is
 * given the target d * pitch scale (sp_stretch_target), which the shift
 * then puts at d. Of two key frames in one step it drops the earlier one
 * (and says so on stderr), and likewise of two whose targets round to one
 * frame (only with the pitch lowered, and points a few frames apart); one
 * in the first step drops the map's start (0 -> 0), and the whole region
 * then plays early by that point's region time. The step is Rubber
 * Band's input increment: its window of 1024 frames at 48 kHz (the power
 * of two at or above 2048 * rate / 48000, halved), a sixth of it divided
 * by the ratio r = stretch * pitch scale where r >= 1 (170 / r frames at
 * 48 kHz), else a quarter of it (256), halved while that is 512 or more,
 * halved again while four steps are longer than the span. Read off
 * librubberband 3.1.2's source (StretchCalculator::mapPeaks,
 * R2Stretcher::calculateSizes, resampleBeforeStretching) and measured
 * against it: 300 random warps (rates 8 to 192 kHz, stretches 0.06 to 18,
 * pitches -12 to +12 st) predicted the step and each of 792 key frames it
 * dropped; with targets scaled by the pitch, 300 more (-24 to +24 st):
 * mapPeaks' test, this rule's, predicted each of the 144 it dropped given
 * all of a warp's points (5 of them, in 4 warps, this rule keeps: the
 * point after each was dropped too), and given only the points this rule
 * keeps it dropped none; docs/recipe.md, "Stretched audio". */

#include <stddef.h>
#include <stdint.h>

typedef enum sp_stretch_key {
  SP_STRETCH_KEY_FOLLOWED,
  SP_STRETCH_KEY_SAME_STEP,  /* in the step of the next point it follows */
  SP_STRETCH_KEY_FIRST_STEP, /* in the warp's first step, with its start */
  SP_STRETCH_KEY_SAME_FRAME, /* its target the frame of the next point's (or of the start's) */
} sp_stretch_key;

/* The stretcher's step in source frames for in_frames stretched into
 * out_frames at rate (Hz), pitch scaled by pitch_scale (> 0). */
int64_t sp_stretch_step(double rate, int64_t in_frames, int64_t out_frames, double pitch_scale);

/* The key frame's target, in what the stretcher makes before its pitch
 * shift, that puts a point at region frame dst once pitch scaled by
 * pitch_scale: dst * pitch_scale, to the nearest frame. */
int64_t sp_stretch_target(int64_t dst, double pitch_scale);

/* fate[i] of each of the n points (n >= 2) of a warp, source frames src
 * (the span from src[0] to src[n-1]) played at region frames dst (dst[0]
 * 0, dst[n-1] the length), both increasing, at rate, pitch scaled by
 * pitch_scale: the ends are the stretch's ratio, always followed. How
 * many points it does not follow. */
size_t sp_stretch_keys(const int64_t *src, const int64_t *dst, size_t n, double rate,
                       double pitch_scale, sp_stretch_key *fate);

#endif
