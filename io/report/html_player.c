/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML report's player: each song's "Listen" block, and the script and
 * style sheet of a page that has one.
 *
 *   html_player (a song's section)
 *     <div class="listen"> the script fills with the transport, and
 *     <script type="application/json" class="sp-listen"> what it plays:
 *       every output with a role (mix, stems, versions, printed buses),
 *       its absolute path (realpath), channels, layout, channel names and
 *       its fold to stereo (core/dsp/fold.h, BS.775's defaults, the
 *       matrix the fold sets use), the sample rate, the null test's
 *       residual and threshold
 *   html_player_script / _style (the page, once)
 *     the script and its styles (io/report/html_player.js and
 *     html_player.css, built in by scripts/embed.cmake); the page's
 *     <main> carries its own folder (data-dir), so the script finds each
 *     print's path relative to the page
 *
 * The script reads the prints in place, lossless, a window at a time:
 * over HTTP by Range requests; from disk (file://, where a page may not
 * read other files) from the prints' folder the reviewer picks or drops
 * once. docs/verify.md says why it is not an embedded preview or a
 * server, and what it holds. */

#include "io/report/html_parts.h"

#include "core/base/alloc.h"
#include "core/dsp/fold.h"

#include "sp_html_player_css.h"
#include "sp_html_player_js.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string that may stand inside <script>: '<' is written \u003c, so
 * no "</script>" ends it early. */
static void json_str(FILE *f, const char *s)
{
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20 || c == '<' || c == '>' || c == '&')
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* A level for JSON: null when not finite. */
static void json_num(FILE *f, double v)
{
  if (isfinite(v))
    fprintf(f, "%.6g", v);
  else
    fputs("null", f);
}

static const sp_html_output *played_mix(const sp_html_song *s)
{
  for (size_t i = 0; i < s->n_outputs; i++)
    if (s->outputs[i].role && strcmp(s->outputs[i].role, "mix") == 0 && s->outputs[i].path)
      return &s->outputs[i];
  return NULL;
}

static void output_json(FILE *f, const sp_html_output *o)
{
  const sp_layout *lay = o->layout;
  fputs("{\"name\":", f);
  json_str(f, o->name);
  fputs(",\"role\":", f);
  json_str(f, o->role);
  char *abs = realpath(o->path, NULL);
  fputs(",\"path\":", f);
  json_str(f, abs ? abs : o->path);
  free(abs);
  if (lay) {
    fputs(",\"layout\":", f);
    json_str(f, lay->name);
    fputs(",\"channels\":[", f);
    for (int c = 0; c < lay->n; c++) {
      fputs(c ? "," : "", f);
      json_str(f, lay->ch[c].name);
    }
    /* Its fold to stereo, [2][n]: what a headphone listener hears. */
    double m[2 * SP_MAX_CHANNELS];
    sp_fold def = sp_fold_default();
    sp_fold_matrix(lay, sp_layout_find("stereo"), &def, m);
    fputs("],\"fold\":[", f);
    for (int t = 0; t < 2; t++) {
      fputs(t ? ",[" : "[", f);
      for (int c = 0; c < lay->n; c++) {
        fputs(c ? "," : "", f);
        fprintf(f, "%.17g", m[t * lay->n + c]);
      }
      fputs("]", f);
    }
    fputs("]", f);
  }
  fputs("}", f);
}

void html_player(FILE *f, const sp_html_song *s)
{
  if (s->sample_rate <= 0 || !played_mix(s))
    return;
  fputs("<h3>Listen</h3><div class=\"listen\"><p class=\"note\">The player needs scripts: "
        "they are off, or this viewer has none.</p></div>",
        f);
  fprintf(f, "<script type=\"application/json\" class=\"sp-listen\">{\"rate\":%d,\"outputs\":[",
          s->sample_rate);
  bool first = true;
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    if (!o->role || !o->path)
      continue;
    fputs(first ? "" : ",", f);
    output_json(f, o);
    first = false;
  }
  fputs(s->ab ? "],\"ab\":true" : "]", f);
  const sp_null_result *n = s->null;
  if (n) {
    fputs(",\"null\":{\"residual_peak_dbfs\":", f);
    json_num(f, n->residual_peak_dbfs);
    fputs(",\"residual_rms_dbfs\":", f);
    json_num(f, n->residual_rms_dbfs);
    fputs(",\"threshold_dbfs\":", f);
    json_num(f, n->threshold_dbfs);
    fprintf(f, ",\"lag_frames\":%lld,\"passed\":%s}", (long long)n->lag_frames,
            n->passed ? "true" : "false");
  }
  fputs("}</script>", f);
}

bool html_player_in(const char *section) { return strstr(section, "class=\"sp-listen\"") != NULL; }

void html_player_script(FILE *f)
{
  fputs("<script>", f);
  fputs(sp_html_player_js, f);
  fputs("</script>\n", f);
}

void html_player_style(FILE *f) { fputs(sp_html_player_css, f); }
