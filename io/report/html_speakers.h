/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_SPEAKERS_H
#define SP_HTML_SPEAKERS_H

/* The HTML report's speaker pictures (io/report/html_speakers.c): a
 * surround file's channels where their speakers stand, each with its own
 * loudness. */

#include "io/report/html.h"

#include <stdio.h>

/* The speakers of output i of the song (one of more than two channels,
 * with its figures), seen from above, captioned label; the caption gives
 * the file's loudness and, when the song has one, its stereo fold-down's
 * (an output of the same name in stereo). */
void html_speakers(FILE *f, const sp_html_song *s, size_t i, const char *label);

#endif
