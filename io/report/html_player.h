/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_PLAYER_H
#define SP_HTML_PLAYER_H

/* The HTML report's player (io/report/html_player.c): a song's "Listen"
 * block and the script every page with one carries. */

#include "io/report/html.h"

#include <stdbool.h>
#include <stdio.h>

/* The song's Listen block: the transport the script fills in and what it
 * plays, as JSON: every output with a role (its absolute path, channels,
 * layout and fold to stereo), the sample rate and the null test's figures.
 * Nothing when the song has no played mix. */
void html_player(FILE *f, const sp_html_song *s);

/* The player's script and style sheet, to write once in a page whose
 * sections hold a Listen block (section holds one: html_player_in). */
bool html_player_in(const char *section);
void html_player_script(FILE *f);
void html_player_style(FILE *f);

#endif
