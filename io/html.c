/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML delivery report: one page, self-contained, that prints well.
 *
 *   sp_html_section (a worker, while its render's data is alive)
 *     header: recipe, status in words and exit code, length, render time
 *     checks: a green/red list
 *     loudness: a table of every output's numbers, then a plot per output
 *               (momentary and short-term over time, target band)
 *     null test: verdict, residual, fit, findings, worst spots
 *     bleed: the source × stem matrix as a heat map
 *     route map: `dot -Tsvg` on the DOT (spawned, no shell), the <svg>
 *                element embedded; without Graphviz the text map in <pre>
 *   sp_html_write (at the end)
 *     head with the inline style sheet, a contents list for several songs,
 *     the sections in order; written to a temporary file and renamed
 *
 * Nothing on the page refers outside it: no scripts, fonts, images or
 * links, and the embedded SVG loses its namespace URLs (HTML needs none).
 * Every piece of text from outside (names, paths, findings) is escaped. */

#include "io/html.h"

#include "core/alloc.h"
#include "io/fs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- text ------------------------------------------------------------------ */

/* Text for HTML content and attribute values. NULL writes nothing. */
static void esc(FILE *f, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&#39;", f); break;
    default: fputc(*s, f);
    }
  }
}

/* A level with dec decimals: "–" where there is none (NAN: silence),
 * "-inf" for digital silence. Returns buf. */
static const char *lvl(char *buf, size_t n, double v, int dec)
{
  if (isnan(v))
    snprintf(buf, n, "–");
  else if (isinf(v))
    snprintf(buf, n, v < 0 ? "-inf" : "inf");
  else
    snprintf(buf, n, "%.*f", dec, v);
  return buf;
}

/* A duration: "12.512 s", or "3:25.4 (205.4 s)" from a minute on. */
static const char *duration(char *buf, size_t n, double s)
{
  if (!(s >= 60))
    snprintf(buf, n, "%.3f s", s);
  else
    snprintf(buf, n, "%d:%04.1f (%.1f s)", (int)(s / 60), fmod(s, 60), s);
  return buf;
}

/* An octave band's centre: "63 Hz", "1 kHz", "31.5 Hz". */
static const char *band(char *buf, size_t n, double hz)
{
  if (hz >= 1000)
    snprintf(buf, n, "%g kHz", hz / 1000);
  else
    snprintf(buf, n, "%g Hz", hz);
  return buf;
}

static const char *status_words(int status)
{
  switch (status) {
  case 0: return "passed";
  case 1: return "a check failed";
  case 2: return "recipe or command-line error";
  case 3: return "file problem";
  default: return "render failed";
  }
}

/* ---- route map: Graphviz ----------------------------------------------------- */

/* Drop the namespace attributes (xmlns, xmlns:xlink) from the <svg> tag:
 * HTML's parser puts inline SVG in its namespace anyway, and the page
 * holds no URL. */
static char *strip_namespaces(const char *svg, size_t len)
{
  char *out = sp_xmalloc(len + 1);
  size_t o = 0;
  const char *tag_end = memchr(svg, '>', len);
  for (size_t i = 0; i < len;) {
    if (tag_end && svg + i < tag_end && isspace((unsigned char)svg[i]) &&
        strncmp(svg + i + 1, "xmlns", 5) == 0) {
      const char *q = memchr(svg + i, '"', (size_t)(tag_end - (svg + i)));
      const char *q2 = q ? memchr(q + 1, '"', (size_t)(tag_end - (q + 1))) : NULL;
      if (q2) {
        i = (size_t)(q2 + 1 - svg);
        continue;
      }
    }
    out[o++] = svg[i++];
  }
  out[o] = '\0';
  return out;
}

/* Run `dot -Tsvg` on the DOT text and return its <svg> element (heap), or
 * NULL when Graphviz is not on PATH or fails. dot reads a temporary file,
 * so nothing is written into a pipe a failed dot could close (SIGPIPE is
 * the whole process's business, not this function's). */
static char *dot_svg(const char *dot)
{
  const char *tmpdir = getenv("TMPDIR");
  char *in = sp_xasprintf("%s/stemprint-map-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(in);
  if (fd < 0) {
    free(in);
    return NULL;
  }
  size_t n = strlen(dot), done = 0;
  while (done < n) {
    ssize_t w = write(fd, dot + done, n - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    done += (size_t)w;
  }
  close(fd);
  char *svg = NULL;
  int pfd[2];
  if (done == n && pipe(pfd) == 0) {
    fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
    fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"dot", "-Tsvg", in, NULL};
    pid_t pid;
    int spawned = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[1]);
    char *text = NULL;
    size_t len = 0, cap = 0;
    if (spawned == 0) {
      for (;;) {
        if (cap - len < 4096)
          text = sp_xrealloc(text, cap = cap ? 2 * cap : 65536);
        ssize_t r = read(pfd[0], text + len, cap - len - 1);
        if (r < 0 && errno == EINTR)
          continue;
        if (r <= 0)
          break;
        len += (size_t)r;
      }
      int st = 0;
      pid_t w;
      while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
      if (text && w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        text[len] = '\0';
        const char *from = strstr(text, "<svg");
        const char *to = NULL;
        for (const char *p = from; p && (p = strstr(p, "</svg>")); p++)
          to = p;
        if (from && to)
          svg = strip_namespaces(from, (size_t)(to + 6 - from));
      }
    }
    close(pfd[0]);
    free(text);
  }
  unlink(in);
  free(in);
  return svg;
}

/* ---- loudness plot ------------------------------------------------------------ */

enum { PLOT_MAX_POINTS = 1600 };

typedef struct frame {
  double w, h;                  /* viewBox */
  double x0, x1, y0, y1;        /* plot area, user units */
  double t_max;                 /* seconds at the right edge */
  double top_lufs, bottom_lufs; /* levels at the top and bottom edges */
} frame;

static double fx(const frame *p, double t) { return p->x0 + (p->x1 - p->x0) * t / p->t_max; }

static double fy(const frame *p, double l)
{
  if (l > p->top_lufs)
    l = p->top_lufs;
  if (l < p->bottom_lufs)
    l = p->bottom_lufs;
  return p->y0 + (p->y1 - p->y0) * (p->top_lufs - l) / (p->top_lufs - p->bottom_lufs);
}

/* One loudness line as an SVG path: NAN points are gaps; a long series is
 * cut into buckets of at most PLOT_MAX_POINTS, each its loudest point. A
 * run of one point still shows (a zero-length segment with round caps). */
static void series_path(FILE *f, const frame *p, const double *t, const double *v, size_t n,
                        const char *cls)
{
  size_t stride = (n + PLOT_MAX_POINTS - 1) / PLOT_MAX_POINTS;
  if (stride < 1)
    stride = 1;
  fprintf(f, "<path class=\"%s\" d=\"", cls);
  bool pen = false;
  for (size_t i = 0; i < n; i += stride) {
    size_t end = i + stride < n ? i + stride : n;
    double best = NAN;
    for (size_t k = i; k < end; k++)
      if (isfinite(v[k]) && !(v[k] <= best))
        best = v[k];
    if (!isfinite(best)) {
      pen = false;
      continue;
    }
    double x = fx(p, t[end - 1]), y = fy(p, best);
    if (pen)
      fprintf(f, "L%.1f %.1f", x, y);
    else
      fprintf(f, "M%.1f %.1fl0 0", x, y);
    pen = true;
  }
  fputs("\"/>", f);
}

/* A tick step for span seconds giving at most max_ticks ticks. */
static double time_step(double span, int max_ticks)
{
  static const double steps[] = {0.1, 0.2, 0.5, 1,   2,    5,    10,   15,    30,   60,
                                 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (span / steps[i] <= max_ticks)
      return steps[i];
  return 86400;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The loudness-over-time plot of one output. The level range is six-LU
 * steps from its loudest momentary value down past most of its short-term
 * values (36 to 48 LU); quieter values sit on the bottom edge. The target
 * and its band are drawn on the mix's plot (is_mix), in range. */
static void plot(FILE *f, const sp_html_output *o, const sp_html_song *s, bool wide)
{
  frame p = {.w = wide ? 960 : 440, .h = wide ? 240 : 220};
  p.x0 = 46, p.x1 = p.w - 14, p.y0 = 26, p.y1 = p.h - 40;
  double hi = -INFINITY, t_last = 0;
  double *st = sp_xcalloc(o->n_series + 1, sizeof *st);
  size_t n_st = 0;
  for (size_t i = 0; i < o->n_series; i++) {
    if (isfinite(o->momentary[i]) && o->momentary[i] > hi)
      hi = o->momentary[i];
    if (isfinite(o->shortterm[i]) && o->shortterm[i] > hi)
      hi = o->shortterm[i];
    if (isfinite(o->shortterm[i]))
      st[n_st++] = o->shortterm[i];
    t_last = o->t_end_s[i];
  }
  /* The range reaches down to the short-term loudness's 10th percentile
   * among the values loud enough to count (EBU Tech 3342's relative gate,
   * 20 LU below the integrated loudness), so fades and the tail's ring-out
   * do not squash the programme: they sit on the floor. */
  qsort(st, n_st, sizeof *st, cmp_double);
  double gate = o->measured && isfinite(o->loudness.integrated_lufs)
                    ? o->loudness.integrated_lufs - 20
                    : -INFINITY;
  size_t first = 0;
  while (first < n_st && st[first] < gate)
    first++;
  double lo = first < n_st ? st[first + (n_st - first) / 10] : INFINITY;
  free(st);
  /* The target is the mix's (or a programme's), never a stem's. */
  bool target = o->is_mix && isfinite(s->target_lufs);
  double tol = isfinite(s->tolerance_lu) && s->tolerance_lu > 0 ? s->tolerance_lu : 0;
  bool silent = !isfinite(hi);
  if (silent) {
    hi = target ? s->target_lufs : -23;
    lo = hi;
  }
  if (target && s->target_lufs + tol > hi)
    hi = s->target_lufs + tol;
  if (target && s->target_lufs - tol < lo)
    lo = s->target_lufs - tol;
  p.top_lufs = 6 * ceil((hi + 1) / 6) + 0.0; /* + 0.0: never "-0" */
  double span = 36;
  while (span < 48 && lo - 3 < p.top_lufs - span)
    span += 6;
  p.bottom_lufs = p.top_lufs - span;
  p.t_max = t_last > s->seconds ? t_last : s->seconds;
  if (!(p.t_max > 0))
    p.t_max = 1;

  fprintf(f,
          "<svg class=\"plot\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
          "aria-label=\"loudness over time of ",
          p.w, p.h);
  esc(f, o->name);
  fputs("\">", f);
  /* grid and level labels */
  fprintf(f, "<rect class=\"area\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", p.x0,
          p.y0, p.x1 - p.x0, p.y1 - p.y0);
  double lstep = span > 42 ? 12 : 6;
  for (double l = p.top_lufs; l >= p.bottom_lufs - 1e-9; l -= lstep) {
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0, p.x1,
            fy(&p, l), fy(&p, l));
    fprintf(f, "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%.0f</text>", p.x0 - 6, fy(&p, l) + 4, l);
  }
  double tstep = time_step(p.t_max, wide ? 16 : 8);
  bool minutes = p.t_max >= 120;
  for (double t = 0; t <= p.t_max + 1e-9; t += tstep) {
    double x = fx(&p, t);
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x, x, p.y0,
            p.y1);
    if (minutes)
      fprintf(f, "<text class=\"xl\" x=\"%.1f\" y=\"%.1f\">%d:%02d</text>", x, p.y1 + 15,
              (int)(t / 60), (int)fmod(t, 60));
    else
      fprintf(f, "<text class=\"xl\" x=\"%.1f\" y=\"%.1f\">%.*f</text>", x, p.y1 + 15,
              tstep < 1 ? 1 : 0, t);
  }
  fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\">LUFS</text>", p.x0 - 6, p.y0 - 10);
  fprintf(f, "<text class=\"axis xt\" x=\"%.1f\" y=\"%.1f\">time (%s)</text>", (p.x0 + p.x1) / 2,
          p.h - 6, minutes ? "m:ss" : "s");
  /* the target and its band (in range: the range was made to hold them) */
  if (target) {
    if (tol > 0)
      fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              p.x0, fy(&p, s->target_lufs + tol), p.x1 - p.x0,
              fy(&p, s->target_lufs - tol) - fy(&p, s->target_lufs + tol));
    fprintf(f, "<line class=\"target\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, s->target_lufs), fy(&p, s->target_lufs));
  }
  /* the integrated loudness, as a reference */
  if (o->measured && isfinite(o->loudness.integrated_lufs))
    fprintf(f, "<line class=\"integ\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, o->loudness.integrated_lufs), fy(&p, o->loudness.integrated_lufs));
  if (!silent) {
    series_path(f, &p, o->t_end_s, o->momentary, o->n_series, "mom");
    series_path(f, &p, o->t_end_s, o->shortterm, o->n_series, "st");
  } else {
    fprintf(f, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\">%s</text>", (p.x0 + p.x1) / 2,
            (p.y0 + p.y1) / 2, o->n_series ? "silence: no loudness" : "no loudness series");
  }
  /* legend, in the top margin, right-aligned */
  double lx = p.x1 - (target ? 340 : 278), ly = p.y0 - 13;
  fprintf(f,
          "<g class=\"legend\"><line class=\"mom\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
          "y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\">momentary</text>",
          lx, lx + 16, ly, ly, lx + 20, ly + 4);
  lx += 96;
  fprintf(f,
          "<line class=\"st\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
          "<text x=\"%.1f\" y=\"%.1f\">short-term</text>",
          lx, lx + 16, ly, ly, lx + 20, ly + 4);
  lx += 92;
  fprintf(f,
          "<line class=\"integ\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
          "<text x=\"%.1f\" y=\"%.1f\">integrated</text>",
          lx, lx + 16, ly, ly, lx + 20, ly + 4);
  lx += 90;
  if (target)
    fprintf(f,
            "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"8\"/>"
            "<line class=\"target\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
            "<text x=\"%.1f\" y=\"%.1f\">target</text>",
            lx, ly - 4, lx, lx + 16, ly, ly, lx + 20, ly + 4);
  fputs("</g></svg>", f);
}

/* ---- sections ------------------------------------------------------------------ */

static void header(FILE *f, const sp_html_song *s)
{
  char a[64];
  bool ok = s->status == 0;
  fputs("<header><h2>", f);
  esc(f, s->title);
  fprintf(f, "</h2><p class=\"facts\"><span class=\"badge %s\">%s %s — exit %d</span>",
          ok ? "ok" : "fail", ok ? "✓" : "✗", status_words(s->status), s->status);
  fprintf(f, "<span>length <b>%s</b></span>", duration(a, sizeof a, s->seconds));
  if (s->render_seconds > 0) {
    double x = s->seconds / s->render_seconds;
    fprintf(f, "<span>rendered in <b>%.2f s</b></span><span><b>%.*f×</b> real time</span>",
            s->render_seconds, x < 10 ? 1 : 0, x);
  }
  fputs("</p></header>", f);
}

static void checks(FILE *f, const sp_html_song *s)
{
  fputs("<h3>Checks</h3>", f);
  if (s->n_checks == 0) {
    fputs("<p class=\"note\">No checks were asked for.</p>", f);
    return;
  }
  fputs("<ul class=\"checks\">", f);
  for (size_t k = 0; k < s->n_checks; k++) {
    const sp_html_check *c = &s->checks[k];
    fprintf(f, "<li class=\"check %s\"><span class=\"mark\">%s</span><span>",
            c->passed ? "pass" : "fail", c->passed ? "✓" : "✗");
    esc(f, c->text);
    fputs("</span><code>", f);
    esc(f, c->name);
    fputs("</code></li>", f);
  }
  fputs("</ul>", f);
}

static void route(FILE *f, const sp_html_song *s)
{
  if (!s->route_dot && !s->route_text)
    return;
  fputs("<h3>Route map</h3>", f);
  char *svg = s->route_dot ? dot_svg(s->route_dot) : NULL;
  if (svg) {
    fputs("<div class=\"route\">", f);
    fputs(svg, f);
    fputs("</div><p class=\"note\">Main outputs solid, sends dashed, sidechain keys "
          "dotted; drawn by Graphviz.</p>",
          f);
    free(svg);
  } else if (s->route_text) {
    fputs("<pre class=\"route\">", f);
    esc(f, s->route_text);
    fputs("</pre>", f);
  } else {
    fputs("<p class=\"note\">Graphviz (dot) is not installed: no route map.</p>", f);
  }
}

/* The length of the folder ("a/b/") all outputs' paths share, 0: none;
 * *from: a path holding it. */
static size_t common_dir(const sp_html_output *o, size_t n, const char **from)
{
  const char *first = NULL;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = o[i].path;
    if (!p)
      continue;
    if (!first) {
      first = p;
      const char *slash = strrchr(p, '/');
      len = slash ? (size_t)(slash + 1 - p) : 0;
      continue;
    }
    size_t k = 0;
    while (k < len && p[k] == first[k])
      k++;
    while (k > 0 && first[k - 1] != '/')
      k--;
    len = k;
  }
  *from = first;
  return len;
}

/* esc for the first n bytes of s. */
static void fwrite_esc(FILE *f, const char *s, size_t n)
{
  char *part = sp_xmalloc(n + 1);
  memcpy(part, s, n);
  part[n] = '\0';
  esc(f, part);
  free(part);
}

/* A table cell with a level; judged cells are coloured. */
static void level_cell(FILE *f, double v, int dec, int judged /* -1 no, 0 fail, 1 pass */)
{
  char a[32];
  fprintf(f, "<td%s>%s</td>",
          judged < 0   ? ""
          : judged > 0 ? " class=\"good\""
                       : " class=\"bad\"",
          lvl(a, sizeof a, v, dec));
}

static void loudness(FILE *f, const sp_html_song *s)
{
  if (s->n_outputs == 0)
    return;
  fputs("<h3>Loudness</h3>", f);
  fputs("<p class=\"note\">ITU-R BS.1770-4 / EBU R128, measured on the files as written", f);
  const char *from;
  size_t dir = common_dir(s->outputs, s->n_outputs, &from);
  if (dir > 0) {
    fputs(" in <b>", f);
    fwrite_esc(f, from, dir);
    fputs("</b>", f);
  }
  fputs(".", f);
  char a[32], b[32];
  if (isfinite(s->target_lufs)) {
    fprintf(f, " Target <b>%s LUFS", lvl(a, sizeof a, s->target_lufs, 1));
    if (s->tolerance_lu > 0)
      fprintf(f, " ± %s LU", lvl(b, sizeof b, s->tolerance_lu, 1));
    fputs("</b>.", f);
  }
  if (isfinite(s->max_true_peak))
    fprintf(f, " True peak at most <b>%s dBTP</b>.", lvl(a, sizeof a, s->max_true_peak, 1));
  fputs("</p>", f);
  fputs("<div class=\"scroll\"><table class=\"loud\"><thead><tr><th>output / file</th>"
        "<th>integrated<br>LUFS</th><th>range<br>LU</th><th>momentary<br>max LUFS</th>"
        "<th>short-term<br>max LUFS</th><th>true peak<br>dBTP</th><th>sample peak<br>dBFS</th>"
        "<th>clipped<br>samples</th></tr></thead><tbody>",
        f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    fprintf(f, "<tr%s><th>", o->is_mix ? " class=\"mix\"" : "");
    esc(f, o->name);
    /* The file below its name, unless that says it all. */
    const char *file = o->path ? o->path + dir : NULL;
    if (file && *file && strcmp(file, o->name) != 0) {
      fputs("<span class=\"path\">", f);
      esc(f, file);
      fputs("</span>", f);
    }
    fputs("</th>", f);
    if (!o->measured) {
      fputs("<td colspan=\"7\" class=\"note\">not measured</td></tr>", f);
      continue;
    }
    const sp_loudness *l = &o->loudness;
    int ij = -1, tj = -1;
    if (o->is_mix && isfinite(s->target_lufs))
      ij = isfinite(l->integrated_lufs) &&
           fabs(l->integrated_lufs - s->target_lufs) <= s->tolerance_lu + 1e-9;
    if (o->is_mix && isfinite(s->max_true_peak))
      tj = !(l->true_peak_dbtp > s->max_true_peak + 1e-9);
    level_cell(f, l->integrated_lufs, 1, ij);
    level_cell(f, l->range_lu, 1, -1);
    level_cell(f, l->momentary_max_lufs, 1, -1);
    level_cell(f, l->shortterm_max_lufs, 1, -1);
    level_cell(f, l->true_peak_dbtp, 2, tj);
    level_cell(f, l->sample_peak_dbfs, 2, -1);
    fprintf(f, "<td%s>%lld</td></tr>", l->clipped > 0 ? " class=\"bad\"" : "",
            (long long)l->clipped);
  }
  fputs("</tbody></table></div>", f);
  size_t plots = 0;
  for (size_t i = 0; i < s->n_outputs; i++)
    plots += s->outputs[i].n_series > 0;
  if (plots == 0)
    return;
  fputs("<div class=\"plots\">", f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    if (o->n_series == 0)
      continue;
    bool wide = o->is_mix && plots > 1;
    fprintf(f, "<figure class=\"plot%s\"><figcaption><b>", wide ? " wide" : "");
    esc(f, o->name);
    fputs("</b>", f);
    if (o->measured)
      fprintf(f, " <span>I %s LUFS · LRA %s LU · TP %s dBTP</span>",
              lvl(a, sizeof a, o->loudness.integrated_lufs, 1),
              lvl(b, sizeof b, o->loudness.range_lu, 1),
              lvl((char[32]){0}, 32, o->loudness.true_peak_dbtp, 1));
    fputs("</figcaption>", f);
    plot(f, o, s, wide);
    fputs("</figure>", f);
  }
  fputs("</div>", f);
}

static void null_test(FILE *f, const sp_null_result *n)
{
  if (!n)
    return;
  char a[32], b[32], c[32];
  fputs("<h3>Null test</h3>", f);
  fprintf(f,
          "<p class=\"verdict %s\"><span class=\"badge %s\">%s</span> the stems %s the mix: "
          "residual peak <b>%s dBFS</b>, max_residual %s dBFS</p>",
          n->passed ? "pass" : "fail", n->passed ? "ok" : "fail",
          n->passed ? "✓ passed" : "✗ failed", n->passed ? "sum to" : "do not sum to",
          lvl(a, sizeof a, n->residual_peak_dbfs, 1), lvl(b, sizeof b, n->threshold_dbfs, 1));
  fputs("<table class=\"kv\"><tbody>", f);
  fprintf(f, "<tr><th>residual peak</th><td>%s dBFS</td></tr>",
          lvl(a, sizeof a, n->residual_peak_dbfs, 1));
  fprintf(f, "<tr><th>residual RMS</th><td>%s dBFS</td></tr>",
          lvl(a, sizeof a, n->residual_rms_dbfs, 1));
  fprintf(f, "<tr><th>threshold (max_residual)</th><td>%s dBFS</td></tr>",
          lvl(a, sizeof a, n->threshold_dbfs, 1));
  fprintf(f, "<tr><th>mix peak / RMS</th><td>%s / %s dBFS</td></tr>",
          lvl(a, sizeof a, n->mix_peak_dbfs, 1), lvl(b, sizeof b, n->mix_rms_dbfs, 1));
  double ms = n->sample_rate > 0 ? 1000.0 * (double)n->lag_frames / n->sample_rate : 0;
  fprintf(f, "<tr><th>lag of the stem sum%s</th><td>%lld samples (%.2f ms)</td></tr>",
          n->searched ? " (searched)" : "", (long long)n->lag_frames, ms);
  if (isfinite(n->gain_db))
    snprintf(c, sizeof c, "%+.3f", n->gain_db);
  else
    lvl(c, sizeof c, n->gain_db, 3);
  fprintf(f, "<tr><th>gain of the stem sum</th><td>%s dB%s</td></tr>", c,
          n->inverted ? ", inverted" : "");
  if (n->searched)
    fprintf(f, "<tr><th>residual with lag and gain put right</th><td>%s dBFS RMS</td></tr>",
            lvl(a, sizeof a, n->fixed_dbfs, 1));
  fputs("</tbody></table>", f);
  if (n->n_findings > 0) {
    fputs("<ul class=\"findings\">", f);
    for (size_t k = 0; k < n->n_findings; k++) {
      fputs("<li>", f);
      esc(f, n->findings[k]);
      fputs("</li>", f);
    }
    fputs("</ul>", f);
  }
  if (n->n_worst > 0) {
    fputs("<table class=\"worst\"><caption>Loudest residual spots</caption><thead><tr>"
          "<th>#</th><th>time</th><th>band</th><th>level dBFS</th></tr></thead><tbody>",
          f);
    for (size_t k = 0; k < n->n_worst; k++) {
      const sp_null_spot *w = &n->worst[k];
      fprintf(f, "<tr><td>%zu</td><td>%.2f s</td><td>%s</td><td>%s</td></tr>", k + 1, w->t_s,
              band(a, sizeof a, w->band_hz), lvl(b, sizeof b, w->level_dbfs, 1));
    }
    fputs("</tbody></table>", f);
  }
}

/* Heat-map colour of a level: pale at -90 dBFS and below, deep blue at 0. */
static void heat(FILE *f, double db)
{
  if (!isfinite(db)) {
    fputs(" style=\"background:#fff\"", f);
    return;
  }
  double t = (db + 90) / 90;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  double light = 96 - 58 * t;
  fprintf(f, " style=\"background:hsl(214,62%%,%.0f%%);color:%s\"", light,
          light < 62 ? "#fff" : "#1d232b");
}

static void bleed(FILE *f, const sp_html_song *s)
{
  if (s->n_sources == 0 || s->n_stems == 0)
    return;
  size_t n_bleed = 0;
  for (size_t i = 0; i < s->n_sources; i++)
    for (size_t k = 0; k < s->n_stems; k++)
      n_bleed += (int)k != s->home[i] && isfinite(s->bleed_db[i * s->n_stems + k]);
  fputs("<h3>Stem bleed</h3>", f);
  if (n_bleed == 0)
    fputs("<p class=\"verdict pass\"><span class=\"badge ok\">✓ none</span> every source reaches "
          "only its own stem.</p>",
          f);
  else
    fprintf(f,
            "<p class=\"verdict fail\"><span class=\"badge fail\">✗ bleed</span> %zu case%s of "
            "bleed: a source reaching a stem other than its own (outlined in red).</p>",
            n_bleed, n_bleed == 1 ? "" : "s");
  fputs("<div class=\"scroll\"><table class=\"bleed\"><thead><tr><th>source \\ stem</th>", f);
  for (size_t k = 0; k < s->n_stems; k++) {
    fputs("<th>", f);
    esc(f, s->stems[k]);
    fputs("</th>", f);
  }
  fputs("</tr></thead><tbody>", f);
  char a[32];
  for (size_t i = 0; i < s->n_sources; i++) {
    fputs("<tr><th>", f);
    esc(f, s->sources[i]);
    fputs("</th>", f);
    for (size_t k = 0; k < s->n_stems; k++) {
      double db = s->bleed_db[i * s->n_stems + k];
      bool home = (int)k == s->home[i];
      bool is_bleed = !home && isfinite(db);
      fprintf(f, "<td class=\"%s\"", home ? "home" : is_bleed ? "bleed" : "none");
      heat(f, db);
      fputs(" title=\"", f);
      esc(f, s->sources[i]);
      fputs(" in ", f);
      esc(f, s->stems[k]);
      fprintf(f, ": %s%s\">", isfinite(db) ? lvl(a, sizeof a, db, 1) : "nothing",
              isfinite(db) ? " dBFS RMS" : "");
      if (home)
        fputs("<span class=\"home-mark\">●</span>", f);
      fprintf(f, "%s</td>", isfinite(db) ? lvl(a, sizeof a, db, 1) : "–");
    }
    fputs("</tr>", f);
  }
  fputs("</tbody></table></div><p class=\"note legend\"><span class=\"scale\"></span> -90 … 0 "
        "dBFS RMS over the render · <span class=\"home-mark\">●</span> the source's own stem · "
        "– nothing at all</p>",
        f);
}

char *sp_html_section(const sp_html_song *song)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) {
    fputs("stemprint: fatal: out of memory making the HTML report\n", stderr);
    abort();
  }
  fputs("<section class=\"song\" data-title=\"", f);
  esc(f, song->title);
  fprintf(f, "\" data-status=\"%d\">", song->status);
  header(f, song);
  checks(f, song);
  loudness(f, song);
  null_test(f, song->null);
  bleed(f, song);
  route(f, song);
  fputs("</section>\n", f);
  fclose(f);
  return text;
}

/* ---- the page ------------------------------------------------------------------ */

static const char *const style[] = {
    ":root{--ok:#1b7a3a;--bad:#c0262d;--ink:#1d232b;--mute:#5c6675;--line:#d8dde4}",
    "*{box-sizing:border-box}",
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    "body{margin:0;background:#eef1f4;color:var(--ink);font:14px/1.45 system-ui,-apple-system,",
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}",
    "main{max-width:1140px;margin:0 auto;padding:24px 20px 40px}",
    "header.page h1{font-size:22px;margin:0 0 2px}",
    "header.page p{margin:0;color:var(--mute)}",
    "nav ol{margin:10px 0 0;padding-left:22px}",
    "section.song{background:#fff;border:1px solid var(--line);border-radius:8px;",
    "padding:18px 24px 22px;margin:18px 0}",
    "section.song>header h2{font-size:19px;margin:0 0 6px;overflow-wrap:anywhere}",
    "h3{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}",
    ".facts{display:flex;flex-wrap:wrap;align-items:center;gap:4px 22px;margin:0;",
    "color:var(--mute)}",
    ".facts b{color:var(--ink)}",
    ".badge{display:inline-block;padding:1px 10px;border-radius:11px;font-weight:600;",
    "font-size:13px;margin-right:6px}",
    ".badge.ok{background:#e1f3e6;color:var(--ok)}",
    ".badge.fail{background:#fbe4e4;color:var(--bad)}",
    ".note{color:var(--mute);font-size:13px;margin:4px 0 10px}",
    ".verdict{margin:4px 0 10px}",
    "ul.checks,ul.findings{list-style:none;padding:0;margin:0}",
    "li.check{display:flex;align-items:baseline;padding:4px 10px;margin:3px 0;"
    "border-left:4px solid;border-radius:3px}",
    "li.check.pass{border-color:var(--ok);background:#f1f9f3}",
    "li.check.fail{border-color:var(--bad);background:#fdf1f1}",
    ".mark{font-weight:700;margin-right:8px}",
    "li.check code{margin-left:auto;padding-left:14px;color:var(--mute);font-size:12px}",
    ".pass .mark{color:var(--ok)}.fail .mark{color:var(--bad)}",
    "ul.findings li{padding:3px 10px;margin:3px 0;background:#f6f7f9;border-radius:3px}",
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}",
    "th,td{padding:4px 9px;border-bottom:1px solid #e6e9ee;text-align:right;",
    "vertical-align:top}",
    "thead th{white-space:nowrap;font-weight:600;color:var(--mute);border-bottom:1.5px solid "
    "var(--line);",
    "vertical-align:bottom;line-height:1.25}",
    "tbody th{text-align:left;font-weight:600}",
    "th:first-child{text-align:left}",
    "span.path{display:block;font-weight:normal;font-size:12px;color:var(--mute);"
    "overflow-wrap:anywhere;min-width:8em;max-width:22em}",
    "tr.mix th,tr.mix td{background:#f7f9fc}",
    "td.good{color:var(--ok);font-weight:600}td.bad{color:var(--bad);font-weight:700}",
    ".scroll{overflow-x:auto;max-width:100%}",
    "table.kv th{text-align:left;font-weight:normal;color:var(--mute);padding-left:0}",
    "table.kv td{text-align:left}",
    "table.worst{margin-top:10px}",
    "table.worst caption{text-align:left;font-weight:600;padding:0 0 4px;font-size:13px}",
    ".plots{display:grid;align-items:end;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));"
    "gap:14px 18px;",
    "margin-top:14px}",
    "figure.plot{margin:0;max-width:600px;break-inside:avoid}",
    "figure.plot.wide{grid-column:1/-1;max-width:none}",
    "figure.plot figcaption{font-size:13px;margin-bottom:2px}",
    "figure.plot figcaption span{color:var(--mute);margin-left:6px}",
    "svg.plot{display:block;width:100%;height:auto}",
    "svg.plot text{font-size:12px;fill:#5c6675}",
    "svg.plot .yl{text-anchor:end}svg.plot .xl,svg.plot .xt,svg.plot .empty{text-anchor:middle}",
    "svg.plot .axis{font-weight:600}svg.plot text.axis:not(.xt){text-anchor:end}",
    "svg.plot .area{fill:#fbfcfd;stroke:#c9d0d9}",
    "svg.plot .grid{stroke:#e3e7ec;stroke-width:1}",
    "svg.plot path,svg.plot .legend line{fill:none;stroke-linejoin:round;stroke-linecap:round}",
    "svg.plot .mom{stroke:#8db4dc;stroke-width:1}",
    "svg.plot .st{stroke:#17447f;stroke-width:2}",
    "svg.plot .integ{stroke:#c7711c;stroke-width:1.2;stroke-dasharray:2 3}",
    "svg.plot .band{fill:#1b7a3a;fill-opacity:.12}",
    "svg.plot .target{stroke:#1b7a3a;stroke-width:1.2;stroke-dasharray:6 3}",
    "table.bleed td{min-width:70px;text-align:center;border:1px solid #fff}",
    "table.bleed td.bleed{outline:2.5px solid var(--bad);outline-offset:-3px;font-weight:700}",
    "table.bleed td.none{color:#9aa3ae}",
    ".home-mark{font-size:10px;margin-right:4px;vertical-align:1px}",
    ".legend .scale{display:inline-block;width:90px;height:10px;vertical-align:-1px;",
    "background:linear-gradient(90deg,hsl(214,62%,96%),hsl(214,62%,38%))}",
    ".route{overflow-x:auto;margin:0}",
    "div.route svg{display:block;max-width:100%;height:auto;margin:0 auto}",
    "pre.route{background:#f6f7f9;padding:10px 12px;border-radius:4px;font-size:12px;",
    "line-height:1.35}",
    "footer{color:var(--mute);font-size:12px;text-align:center}",
    "@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}",
    "th,td{padding:3px 6px}thead th{white-space:normal}span.path{max-width:14em}",
    ".plots{grid-template-columns:1fr 1fr}figure.plot{max-width:none}",
    "section.song{border:0;border-radius:0;padding:0;margin:0 0 12px}",
    "section.song+section.song{break-before:page}",
    "table,li,.verdict,div.route{break-inside:avoid}h3{break-after:avoid}",
    ".scroll,.route{overflow:visible}}",
    "@page{margin:14mm}",
};

/* The value of a section's data- attribute (already escaped), for the
 * contents list; its length in len (0: none). */
static const char *attribute(const char *section, const char *name, size_t *len)
{
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *at = strstr(section, key);
  const char *gt = strchr(section, '>');
  *len = 0;
  if (!at || (gt && at > gt))
    return "";
  at += strlen(key);
  const char *end = strchr(at, '"');
  *len = end ? (size_t)(end - at) : 0;
  return at;
}

sp_err sp_html_write(const char *path, const char *title, const char *const *sections, size_t n,
                     char *why, size_t why_size)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) {
    fputs("stemprint: fatal: out of memory making the HTML report\n", stderr);
    abort();
  }
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"stemprint " SP_VERSION "\">\n<title>",
        f);
  esc(f, title);
  fputs(" — stemprint report</title>\n<style>", f);
  for (size_t i = 0; i < sizeof style / sizeof style[0]; i++)
    fputs(style[i], f);
  fputs("</style>\n</head>\n<body>\n<main>\n<header class=\"page\"><h1>Delivery report</h1><p>", f);
  esc(f, title);
  fputs(" · stemprint " SP_VERSION "</p>", f);
  if (n > 1) {
    fputs("<nav><ol>", f);
    for (size_t i = 0; i < n; i++) {
      size_t tl, sl;
      const char *t = attribute(sections[i], "data-title", &tl);
      const char *st = attribute(sections[i], "data-status", &sl);
      bool ok = sl == 1 && st[0] == '0';
      fprintf(f, "<li><a href=\"#s%zu\">%.*s</a> <span class=\"badge %s\">%s exit %.*s</span></li>",
              i + 1, (int)tl, t, ok ? "ok" : "fail", ok ? "✓" : "✗", (int)sl, st);
    }
    fputs("</ol></nav>", f);
  }
  fputs("</header>\n", f);
  for (size_t i = 0; i < n; i++) {
    /* Each section gets an id for the contents list. */
    const char *s = sections[i];
    if (strncmp(s, "<section", 8) == 0) {
      fprintf(f, "<section id=\"s%zu\"", i + 1);
      s += 8;
    }
    fputs(s, f);
  }
  fputs("<footer><p>Levels in dBFS, LUFS and dBTP; '–': no level (silence). Generated by "
        "stemprint " SP_VERSION ".</p></footer>\n</main>\n</body>\n</html>\n",
        f);
  fclose(f);
  sp_err err = sp_fs_write_text(path, text, why, why_size);
  free(text);
  return err;
}
