/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FOLD_H
#define SP_FOLD_H

/* Fold-downs and fold-ups between layouts: the matrix that takes a signal
 * of one layout to another, as ITU-R BS.775 writes its downmixes and
 * extended to every pair of layouts:
 *
 *   - a channel the other layout also has (by name: L, R, C, LFE, Ls ...)
 *     goes to it whole;
 *   - the centre, where there is none, to L and R at `centre` (-3 dB);
 *   - a surround, rear, wide or height channel the other layout lacks to
 *     the nearest channel it has on the same side, in the same layer
 *     (BS.2051's: the heights, 30° to 55° up, are one) if it has one
 *     there, else below; two as near (a wide between L and Ls, a top
 *     middle between the front and rear heights) at half power each. An
 *     ear-level surround or rear into a front channel at `surround`
 *     (-3 dB), a height onto the ear level at `height` (-3 dB), the rest
 *     whole (a rear into 5.x's surround, the surround it replaces; a wide
 *     into the front; a height into a height, 45° up into 30° up);
 *   - the LFE is dropped (BS.775) unless `lfe` is given: then to the other
 *     layout's centre, or to its L and R at lfe − 3 dB;
 *   - into mono, everything as into stereo, then L and R at -3 dB each.
 *
 * 5.1 into stereo is so BS.775's Lo/Ro: Lo = L + 0.707 C + 0.707 Ls,
 * Ro = R + 0.707 C + 0.707 Rs. */

#include "core/base/layout.h"

typedef struct sp_fold {
  double centre_db;   /* the centre into L and R where there is none: -3 dB */
  double surround_db; /* a surround into a channel in front of it: -3 dB */
  double height_db;   /* a height into the ear level below it: -3 dB */
  double lfe_db;      /* the LFE where there is none: -inf dB (dropped) */
} sp_fold;

/* BS.775's defaults: -3 dB, -3 dB, -3 dB, the LFE dropped. */
sp_fold sp_fold_default(void);
/* m[to->n × from->n], row-major (m[t * from->n + f]: channel f of from
 * into channel t of to). */
void sp_fold_matrix(const sp_layout *from, const sp_layout *to, const sp_fold *f, double *m);
/* The channel of `to` that a channel `to` has not, named name, stands for
 * (a "did you mean"): where the default fold puts it whole, name taken as
 * the first layout's channel of that name (Ltf, Ltr on a 7.1.2: its Ltm,
 * where 5.1.2's and 5.1.4's fold; Lrs on a 5.1: its Ls). NULL when no
 * layout has name, when `to` has it, or when the fold splits it (a wide, a
 * back centre) or lowers it (a height onto the ear level). */
const char *sp_fold_meant(const sp_layout *to, const char *name);

#endif
