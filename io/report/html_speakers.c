/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The speaker pictures of the HTML report: a surround file's channels seen
 * from above, the listener in the middle facing the top of the page.
 * Speakers at ear height stand on the outer ring at their azimuth (ITU-R
 * BS.2051's nominal positions, the layout's), height speakers on an inner
 * ring (the higher, the nearer the middle), the LFE in the corner below
 * right. Each is a disc shaded by its channel's integrated loudness
 * against the loudest channel's (dark: the loudest; 30 LU down or more:
 * pale; grey: silent), its name in it and its loudness under it; hovering
 * gives its true and sample peaks. Each speaker's <g> names its channel
 * (data-ch): clicked, the player solos that channel. */

#include "io/report/html_parts.h"

#include <math.h>
#include <string.h>

#define SPK_W 300.0
#define SPK_H 290.0
#define SPK_CX 150.0
#define SPK_CY 140.0
#define SPK_R 108.0 /* the ear-height ring */

/* Where channel c stands, px. */
static void place(const sp_channel *c, double *x, double *y)
{
  if (c->lfe) {
    *x = SPK_W - 26;
    *y = SPK_H - 38;
    return;
  }
  const double el = c->el > 80 ? 80 : c->el;
  const double r = c->el > 0 ? SPK_R * 0.55 * (1 - el / 110) : SPK_R;
  const double az = c->az * M_PI / 180;
  *x = SPK_CX - r * sin(az);
  *y = SPK_CY - r * cos(az);
}

/* Of the song's outputs, the stereo file called name (a fold-down), or
 * NULL. */
static const sp_html_output *stereo_fold(const sp_html_song *s, const char *name)
{
  for (size_t k = 0; k < s->n_outputs; k++) {
    const sp_html_output *o = &s->outputs[k];
    if (o->layout && strcmp(o->layout->name, "stereo") == 0 && strcmp(o->name, name) == 0 &&
        o->measured)
      return o;
  }
  return NULL;
}

void html_speakers(FILE *f, const sp_html_song *s, size_t i, const char *label)
{
  const sp_html_output *o = &s->outputs[i];
  const sp_layout *lay = o->layout;
  char a[32], b[32], c3[32];
  fputs("<figure class=\"spk\"><figcaption><b>", f);
  html_esc(f, label);
  fputs("</b> <span>", f);
  html_esc(f, lay->name);
  fprintf(f, " · I %s LUFS", html_level(a, sizeof a, o->loudness.integrated_lufs, 1));
  const sp_html_output *fold = stereo_fold(s, o->name);
  if (fold)
    fprintf(f, " · stereo fold I %s LUFS", html_level(b, sizeof b, fold->loudness.integrated_lufs, 1));
  fputs("</span></figcaption>", f);
  fprintf(f,
          "<svg class=\"spk\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
          "aria-label=\"",
          SPK_W, SPK_H, SPK_W, SPK_H);
  html_esc(f, label);
  fputs(": each channel's loudness where its speaker stands\">", f);
  fprintf(f, "<circle class=\"ring\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", SPK_CX, SPK_CY, SPK_R);
  bool heights = false;
  for (int c = 0; c < o->n_channels; c++)
    heights |= !lay->ch[c].lfe && lay->ch[c].el > 0;
  if (heights)
    fprintf(f, "<circle class=\"ring up\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", SPK_CX, SPK_CY,
            SPK_R * 0.55 * (1 - 35.0 / 110));
  /* the listener, facing up */
  fprintf(f, "<path class=\"head\" d=\"M%.1f %.1fl-7 12h14z\"/>", SPK_CX, SPK_CY - 8);
  double loudest = -INFINITY;
  for (int c = 0; c < o->n_channels; c++)
    if (isfinite(o->by_channel[c].integrated_lufs) && o->by_channel[c].integrated_lufs > loudest)
      loudest = o->by_channel[c].integrated_lufs;
  for (int c = 0; c < o->n_channels; c++) {
    const sp_channel *ch = &lay->ch[c];
    const sp_channel_figures *fg = &o->by_channel[c];
    double x, y;
    place(ch, &x, &y);
    fputs("<g data-ch=\"", f);
    html_esc(f, ch->name);
    fputs("\"><title>", f);
    html_esc(f, ch->name);
    fprintf(f, ": I %s LUFS, true peak %s dBTP, sample peak %s dBFS</title>",
            html_level(a, sizeof a, fg->integrated_lufs, 1),
            html_level(b, sizeof b, fg->true_peak_dbtp, 2),
            html_level(c3, sizeof c3, fg->sample_peak_dbfs, 2));
    if (isfinite(fg->integrated_lufs)) {
      double down = loudest - fg->integrated_lufs; /* LU below the loudest channel */
      if (down > 30)
        down = 30;
      const double light = 32 + 60 * down / 30; /* lightness, % */
      fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"15\" style=\"fill:hsl(214,45%%,%.0f%%)\"/>",
              x, y, light);
      fprintf(f, "<text class=\"n%s\" x=\"%.1f\" y=\"%.1f\">", light < 60 ? " on" : "", x, y + 4);
    } else {
      fprintf(f, "<circle class=\"off\" cx=\"%.1f\" cy=\"%.1f\" r=\"15\"/>", x, y);
      fprintf(f, "<text class=\"n\" x=\"%.1f\" y=\"%.1f\">", x, y + 4);
    }
    html_esc(f, ch->name);
    fprintf(f, "</text><text class=\"v\" x=\"%.1f\" y=\"%.1f\">%s</text></g>", x, y + 28,
            html_level(a, sizeof a, fg->integrated_lufs, 1));
  }
  fputs("</svg></figure>", f);
}
