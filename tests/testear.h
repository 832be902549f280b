/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTEAR_H
#define SP_TESTEAR_H

/* The EBU ADM Renderer (github.com/ebu/ebu_adm_renderer, BS.2127's
 * reference), run from its source tree, as the ADM tests hold stemprint's
 * renders against it. */

#include <stdint.h>

/* The source tree SP_EAR_DIR names, or NULL when it names none or
 * /usr/bin/python3 (which runs it, with its requirements) is missing: a
 * test then skips, or leaves the EAR's comparison out. */
const char *tu_ear_dir(void);

/* The EAR's render of the ADM BWF at path into BS.2051's 0+5+0 (L R C LFE
 * Ls Rs, as stemprint's 5.1), written to out (a WAV); returns its exit
 * status, *said (heap) what it printed. ear: tu_ear_dir's. */
int tu_ear_render(const char *ear, const char *path, const char *out, char **said);

/* The worst difference (linear) between the EAR's render of the ADM BWF at
 * path into BS.2051's 0+5+0 (L R C LFE Ls Rs, as stemprint's 5.1) and
 * got[6] (planar), over their first `frames` frames; the EAR's render
 * (path.ear.wav) must succeed and hold at least that many. ear:
 * tu_ear_dir's. */
double tu_ear_worst_5_1(const char *ear, const char *path, const float *const *got, int64_t frames);

#endif
