/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_VBAP_H
#define SP_VBAP_H

/* Vector base amplitude panning (Pulkki, "Virtual Sound Source Positioning
 * Using Vector Base Amplitude Panning", JAES 1997) over a layout's
 * speakers, the LFE never among them: a source's direction is written as a
 * combination of the two speakers around it (a layout on one plane: 2-D)
 * or of the three of the triangle it falls in (a layout with heights:
 * 3-D, over the triangles of the speakers' convex hull), and the gains are
 * scaled to unit power, so a source keeps its loudness wherever it is.
 * Spread widens a source, 0 to 180 degrees: its gains are the power sum of
 * nine sources, the source and eight more along the arc of that angle
 * centred on it (a layout on the horizon) or on a cone of half that angle
 * around it (with heights), scaled to unit power.
 *
 * Directions are degrees: azimuth positive to the left (0 straight ahead,
 * BS.2051's convention), elevation up. A source outside what the speakers
 * surround sounds from the nearest place they reach: behind a front-only
 * layout (stereo, LCR) from its mirror image in front (180° as 0°, 150° as
 * 30°), else its nearest speaker; below a layout without low speakers,
 * the horizon. */

#include "core/base/layout.h"

typedef struct sp_vbap sp_vbap;

/* A panner over l's speakers. Never fails (a layout of one speaker gets
 * everything on it); free with sp_vbap_free. */
sp_vbap *sp_vbap_new(const sp_layout *l);
void sp_vbap_free(sp_vbap *v);
/* The gains (g[l->n], the LFE's 0) of a source at azimuth az and elevation
 * el (degrees), spread over spread degrees (0: a point). */
void sp_vbap_gains(const sp_vbap *v, double az, double el, double spread, double *g);

#endif
