/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PAN_H
#define SP_PAN_H

/* Pan laws: the gains a pan position gives a mono or a stereo source, by
 * the laws in dB; the named laws are curves of the registry
 * (core/dsp/curves/curve.h: sp_pan_quadratic). */

#include "core/dsp/curves/curve.h"

#include <stdbool.h>

/* Gains of a pan position. Mono source: left/right gains under the pan law
 * (dB at centre: 0, -3, -4.5, -6). Stereo source (balance): the far channel
 * is scaled by cos(|pan|·π/2), the near one stays at unity. */
void sp_pan_mono(double pan, double law_db, double *left, double *right);
void sp_pan_balance(double pan, double *left, double *right);
/* A stereo source by a stereo panner (Ardour's Panner2in2out): each
 * channel panned as a mono source, the left at pan − width, the right at
 * pan + width, width (-1 .. 1; 1: the channels as they are, 0: both in
 * the middle, -1: swapped) clamped to 1 − |pan|. Under Ardour's law
 * (quadratic: sp_pan_quadratic_stereo), else by the mono law law_db. Gains
 * g[0] left ← left, g[1] right ← right, g[2] left ← right, g[3] right ← left. */
void sp_pan_stereo(double pan, double width, bool quadratic, double law_db, double g[4]);

#endif
