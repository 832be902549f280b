/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_H
#define SP_HTML_H

/* The HTML delivery report: one self-contained file (no network, no
 * external scripts or fonts) a mix engineer can hand to a client. Per
 * recipe: the route map (SVG from Graphviz's `dot` when it is installed,
 * else the text map, saying why), a loudness-over-time plot per output
 * (momentary and short-term, with the target; one level range for all of a
 * recipe's plots), a surround file's channels where their speakers stand
 * with each one's loudness, the null test with the residual's worst spots, the bleed
 * matrix as a heat map with the bleed listed as findings, and the checks in
 * green and red; and a player (io/report/html_player.c) that plays the
 * prints in place, the mix, stems, versions and the null residual in sync,
 * its playhead on the plots. A recipe that failed gets a red section with its messages.
 * `stemprint loudness --html` uses the same page with files only.
 *
 * Everything is borrowed: the caller keeps the data alive during the call. */

#include "core/base/diag.h"
#include "core/base/layout.h"
#include "core/measure/meter.h"
#include "core/measure/nulltest.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_html_output {
  const char *name; /* "mix", a stem's name, or a file's base name */
  const char *path;
  bool is_mix;   /* the programme the targets judge: its row and plot show them */
  bool measured; /* loudness below is valid */
  sp_loudness loudness;
  /* The peak before quantization, dBFS: above 0 with clipped samples, the
   * level clamping cut (shown beside the count); 0 or NAN: not shown */
  double unquantized_peak_dbfs;
  const double *t_end_s, *momentary, *shortterm; /* the 100 ms series (LUFS, NAN silent) */
  size_t n_series;
  /* its layout, or NULL (not known: a file `loudness` read); a file of more
   * than two channels may give each channel's figures (n_channels of them,
   * in the layout's order; 0: none) */
  const sp_layout *layout;
  int n_channels;
  const sp_channel_figures *by_channel;
  /* what the page's player plays it as: "mix", "stem", "version" or "bus";
   * NULL: not played (a file of another set, a file `loudness` read) */
  const char *role;
} sp_html_output;

typedef struct sp_html_check {
  const char *name; /* "null", "loudness.integrated", ... */
  bool passed;
  const char *text; /* one line */
} sp_html_check;

typedef struct sp_html_song {
  const char *title;      /* the recipe's path, or a heading for loudness --html */
  int status;             /* exit status of this render (0 ok) */
  const char *messages;   /* what it printed on stderr (shown escaped), or NULL */
  double seconds;         /* session length; 0: unknown (not shown) */
  double render_seconds;  /* wall time; 0: not a render */
  const char *route_dot;  /* Graphviz DOT of the route map, or NULL */
  const char *route_text; /* the text map (shown when dot is missing or fails), or NULL */
  double dot_timeout_s;   /* how long dot may run before it is killed; 0: 30 s */
  const sp_html_output *outputs;
  size_t n_outputs;
  const sp_null_result *null; /* NULL: no null test */
  /* the bleed matrix, or n_sources 0 */
  size_t n_sources, n_stems;
  const char *const *sources, *const *stems;
  const double *bleed_db; /* [n_sources × n_stems], dBFS RMS, -inf nothing */
  const int *home;        /* [n_sources]: each source's own stem, -1 none */
  const sp_html_check *checks;
  size_t n_checks;
  double target_lufs;   /* the loudness target to draw, NAN: none */
  double tolerance_lu;  /* its tolerance band */
  bool at_most;         /* the target is a ceiling (sp_loudness_ceiling): no band below */
  double max_true_peak; /* NAN: none */
  int sample_rate;      /* of the played outputs; 0: no player */
  /* the player compares two prints (`stemprint diff --html`): the mix role
   * is A (old), the one stem B (new), the residual A − B */
  bool ab;
} sp_html_song;

/* The HTML of one song's section of the page (heap; free it). Made while
 * the song's data is alive, so renders running in parallel each make their
 * own and the page is assembled at the end. A song with status 2 or more
 * (a recipe that failed) gets a red section; give it its messages. Runs
 * `dot` (for at most dot_timeout_s) when route_dot is set. */
char *sp_html_section(const sp_html_song *song);

/* What a page is a report of: its heading, the noun its contents list
 * counts the sections by, and how many sections lead the page uncounted (a
 * head of the whole page, not a thing passed or failed). NULL for
 * sp_html_write: a delivery report counting recipes, none uncounted. */
typedef struct sp_html_kind {
  const char *heading; /* "Delivery report" */
  const char *noun;    /* "recipe": "3 recipes: 2 passed, 1 did not." */
  size_t n_head;       /* the first n_head sections are not counted */
} sp_html_kind;

/* Write the page — its head and styles, a contents list when there are
 * several sections, then the sections in order — to path, safely
 * (temporary file, rename), as kind says (NULL: a delivery report).
 * SP_ERR_IO with the reason in why when it cannot be written. */
sp_err sp_html_write(const char *path, const char *title, const sp_html_kind *kind,
                     const char *const *sections, size_t n, char *why, size_t why_size);

#endif
