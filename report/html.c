/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML delivery report: one page, self-contained, that prints well.
 *
 *   sp_html_section (a worker, while its render's data is alive)
 *     header: recipe, status in words and exit code, length, render time
 *     failed: a red section with the messages instead of results
 *     checks: a green/red list
 *     loudness: a table of every output's numbers, then a plot per output
 *               (momentary and short-term over time, target band), all of
 *               them the same size on one common level range
 *     null test: verdict, residual, fit, findings, worst spots
 *     bleed: the source × stem matrix as a heat map (own stems blue, bleed
 *            warm), each case listed as an amber finding (not a check)
 *     route map: `dot -Tsvg` on the DOT (spawned, no shell, killed after a
 *                time limit), the <svg> element embedded at natural size;
 *                without it the text map in <pre>, saying why
 *   sp_html_write (at the end)
 *     head with the inline style sheet, a contents list for several songs,
 *     the sections in order; written to a temporary file and renamed
 *
 * Nothing on the page refers outside it: no scripts, fonts, images or
 * links, and the embedded SVG loses its namespace URLs (HTML needs none).
 * Every piece of text from outside (names, paths, findings) is escaped. */

#include "report/html.h"

#include "base/alloc.h"
#include "io/fs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

/* esc for the first n bytes of s. */
static void esc_n(FILE *f, const char *s, size_t n)
{
  char *part = sp_xmalloc(n + 1);
  memcpy(part, s, n);
  part[n] = '\0';
  esc(f, part);
  free(part);
}

/* A file path that may wrap only after its slashes, never inside a name. */
static void esc_path(FILE *f, const char *s)
{
  for (const char *slash; s && (slash = strchr(s, '/')); s = slash + 1) {
    esc_n(f, s, (size_t)(slash + 1 - s));
    fputs("<wbr>", f);
  }
  esc(f, s);
}

/* Messages as a terminal would show them: escaped, with terminal control
 * sequences (colour) and other control characters dropped. */
static void esc_messages(FILE *f, const char *s)
{
  for (; s && *s; s++) {
    if (*s == '\033') {
      if (s[1] == '[') {
        s += 2;
        while (*s && !(*s >= '@' && *s <= '~'))
          s++;
        if (!*s)
          break;
      }
      continue;
    }
    if ((unsigned char)*s < ' ' && *s != '\n' && *s != '\t')
      continue;
    char one[2] = {*s, '\0'};
    esc(f, one);
  }
}

/* A stream into a growing heap string; out of memory aborts. */
static FILE *memstream(char **text, size_t *len)
{
  FILE *f = open_memstream(text, len);
  if (!f) {
    fputs("stemprint: fatal: out of memory making the HTML report\n", stderr);
    abort();
  }
  return f;
}

/* <tag>text</tag>, the text escaped. */
static void elem(FILE *f, const char *tag, const char *text)
{
  fprintf(f, "<%s>", tag);
  esc(f, text);
  fprintf(f, "</%s>", tag);
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
    snprintf(buf, n, "%.*f", dec, v + 0.0); /* + 0.0: never "-0.0" from -0 */
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

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- route map: Graphviz ----------------------------------------------------- */

enum { DOT_TIMEOUT_S = 30 };

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

/* Append what a readable fd has to buf (heap, NUL-terminated); false at
 * the end of the stream or on an error. */
static bool drain(int fd, char **buf, size_t *len, size_t *cap)
{
  if (*cap - *len < 4096)
    *buf = sp_xrealloc(*buf, *cap = *cap ? 2 * *cap : 65536);
  ssize_t r = read(fd, *buf + *len, *cap - *len - 1);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (r <= 0)
    return false;
  *len += (size_t)r;
  (*buf)[*len] = '\0';
  return true;
}

/* Run `dot -Tsvg` on the DOT text, in its own process group, for at most
 * timeout_s seconds, and return its <svg> element (heap). NULL when it
 * cannot, with why saying so: dot is not installed, failed (its first line
 * of errors), or ran out of time (then the whole group is killed). dot
 * reads a temporary file, so nothing is written into a pipe a failed dot
 * could close (SIGPIPE is the whole process's business, not this
 * function's). Labels are set in Helvetica, as the nodes already are. */
static char *dot_svg(const char *dot, double timeout_s, char *why, size_t why_size)
{
  const char *tmpdir = getenv("TMPDIR");
  char *in = sp_xasprintf("%s/stemprint-map-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(in);
  if (fd < 0) {
    snprintf(why, why_size, "no temporary file for dot: %s", strerror(errno));
    free(in);
    return NULL;
  }
  bool whole = sp_fs_write_all(fd, dot, strlen(dot));
  close(fd);
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  if (!whole || pipe(out) != 0 || pipe(err) != 0) {
    snprintf(why, why_size, "cannot hand the map to dot: %s", strerror(errno));
    for (int k = 0; k < 2; k++) {
      if (out[k] >= 0)
        close(out[k]);
      if (err[k] >= 0)
        close(err[k]);
    }
    unlink(in);
    free(in);
    return NULL;
  }
  for (int k = 0; k < 2; k++) {
    fcntl(out[k], F_SETFD, FD_CLOEXEC);
    fcntl(err[k], F_SETFD, FD_CLOEXEC);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  char *argv[] = {
      "dot", "-Tsvg", "-Gfontname=Helvetica", "-Nfontname=Helvetica", "-Efontname=Helvetica",
      in,    NULL};
  pid_t pid;
  int spawned = posix_spawnp(&pid, "dot", &fa, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  char *svg = NULL, *text_out = NULL, *text_err = NULL;
  size_t len_out = 0, cap_out = 0, len_err = 0, cap_err = 0;
  if (spawned != 0) {
    if (spawned == ENOENT)
      snprintf(why, why_size, "Graphviz is not installed (no dot on PATH)");
    else
      snprintf(why, why_size, "cannot start Graphviz's dot: %s", strerror(spawned));
  } else {
    double deadline = now_s() + (timeout_s > 0 ? timeout_s : DOT_TIMEOUT_S);
    bool open_out = true, open_err = true, late = false;
    while ((open_out || open_err) && !late) {
      struct pollfd pf[2] = {{open_out ? out[0] : -1, POLLIN, 0},
                             {open_err ? err[0] : -1, POLLIN, 0}};
      double left = deadline - now_s();
      int ready = left > 0 ? poll(pf, 2, (int)ceil(left * 1000)) : 0;
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0) {
        late = ready == 0;
        break;
      }
      if (pf[0].revents)
        open_out = drain(out[0], &text_out, &len_out, &cap_out);
      if (pf[1].revents)
        open_err = drain(err[0], &text_err, &len_err, &cap_err);
    }
    /* dot has closed its output: it is about to exit; wait, but no longer
     * than the time it has left. */
    int st = 0;
    pid_t w = 0;
    while (!late && (w = waitpid(pid, &st, WNOHANG)) == 0) {
      if (now_s() >= deadline) {
        late = true;
        break;
      }
      nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
    if (late) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
      snprintf(why, why_size, "Graphviz's dot took longer than %g s and was stopped",
               timeout_s > 0 ? timeout_s : DOT_TIMEOUT_S);
    } else if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 127 && len_out == 0) {
      snprintf(why, why_size, "Graphviz is not installed (no dot on PATH)");
    } else if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      /* its first line of errors says what */
      const char *e = text_err ? text_err : "";
      while (*e && isspace((unsigned char)*e))
        e++;
      int line = (int)strcspn(e, "\n");
      if (line > 200)
        line = 200;
      if (w == pid && WIFSIGNALED(st))
        snprintf(why, why_size, "Graphviz's dot failed (signal %d)%s%.*s", WTERMSIG(st),
                 line ? ": " : "", line, e);
      else
        snprintf(why, why_size, "Graphviz's dot failed (exit %d)%s%.*s",
                 w == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1, line ? ": " : "", line, e);
    } else {
      const char *from = text_out ? strstr(text_out, "<svg") : NULL;
      const char *to = NULL;
      for (const char *p = from; p && (p = strstr(p, "</svg>")); p++)
        to = p;
      if (from && to)
        svg = strip_namespaces(from, (size_t)(to + 6 - from));
      else
        snprintf(why, why_size, "Graphviz's dot wrote no SVG");
    }
  }
  close(out[0]);
  close(err[0]);
  free(text_out);
  free(text_err);
  unlink(in);
  free(in);
  return svg;
}

/* The width an SVG asks for in CSS pixels ("1018pt" is 1357 px), 0: unknown. */
static double svg_width_px(const char *svg)
{
  const char *w = strstr(svg, " width=\"");
  const char *gt = strchr(svg, '>');
  if (!w || (gt && w > gt))
    return 0;
  char *end;
  double v = strtod(w + 8, &end);
  return strncmp(end, "pt", 2) == 0 ? v * 4 / 3 : v;
}

/* ---- loudness plot ------------------------------------------------------------ */

enum { PLOT_MAX_POINTS = 1000 };

/* Every plot is this size in CSS pixels and drawn 1:1, so its text is the
 * page's 12 px whatever the window's width (it only shrinks on a screen
 * narrower than one plot). */
#define PLOT_W 500.0
#define PLOT_H 250.0

/* What the axes of a song's plots span: the same for all of them. */
typedef struct scale {
  double top_lufs, bottom_lufs; /* levels at the top and bottom edges */
  double t_max;                 /* seconds at the right edge */
} scale;

typedef struct frame {
  double x0, x1, y0, y1; /* the plot area, px */
  scale sc;
} frame;

static double fx(const frame *p, double t) { return p->x0 + (p->x1 - p->x0) * t / p->sc.t_max; }

static double fy(const frame *p, double l)
{
  if (l > p->sc.top_lufs)
    l = p->sc.top_lufs;
  if (l < p->sc.bottom_lufs)
    l = p->sc.bottom_lufs;
  return p->y0 + (p->y1 - p->y0) * (p->sc.top_lufs - l) / (p->sc.top_lufs - p->sc.bottom_lufs);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Where an output's programme sits low: its short-term loudness's 10th
 * percentile among the values loud enough to count (EBU Tech 3342's
 * relative gate, 20 LU below the integrated loudness), so fades and a
 * tail's ring-out do not squash the plots. INFINITY: no such value. */
static double low_level(const sp_html_output *o)
{
  double *st = sp_xcalloc(o->n_series + 1, sizeof *st);
  size_t n = 0;
  for (size_t i = 0; i < o->n_series; i++)
    if (isfinite(o->shortterm[i]))
      st[n++] = o->shortterm[i];
  qsort(st, n, sizeof *st, cmp_double);
  double gate = o->measured && isfinite(o->loudness.integrated_lufs)
                    ? o->loudness.integrated_lufs - 20
                    : -INFINITY;
  size_t first = 0;
  while (first < n && st[first] < gate)
    first++;
  double lo = first < n ? st[first + (n - first) / 10] : INFINITY;
  free(st);
  return lo;
}

/* The axes of all of a song's plots, so they compare by eye: the level
 * range is six-LU steps from the loudest momentary value of any output
 * down past most of the quietest output's programme (36 to 48 LU), and
 * holds the target and its band; the time axis is the longest output. */
static scale plot_scale(const sp_html_song *s)
{
  double hi = -INFINITY, lo = INFINITY, t_max = s->seconds > 0 ? s->seconds : 0;
  bool target = false;
  for (size_t k = 0; k < s->n_outputs; k++) {
    const sp_html_output *o = &s->outputs[k];
    if (o->n_series == 0)
      continue;
    for (size_t i = 0; i < o->n_series; i++) {
      if (isfinite(o->momentary[i]) && o->momentary[i] > hi)
        hi = o->momentary[i];
      if (isfinite(o->shortterm[i]) && o->shortterm[i] > hi)
        hi = o->shortterm[i];
    }
    if (o->t_end_s[o->n_series - 1] > t_max)
      t_max = o->t_end_s[o->n_series - 1];
    double l = low_level(o);
    lo = l < lo ? l : lo;
    target |= o->is_mix;
  }
  target = target && isfinite(s->target_lufs);
  double tol = isfinite(s->tolerance_lu) && s->tolerance_lu > 0 ? s->tolerance_lu : 0;
  if (!isfinite(hi))
    hi = target ? s->target_lufs : -23;
  if (target && s->target_lufs + tol > hi)
    hi = s->target_lufs + tol;
  if (target && s->target_lufs - tol < lo)
    lo = s->target_lufs - tol;
  if (!isfinite(lo) || lo > hi)
    lo = hi;
  scale sc = {.top_lufs = 6 * ceil((hi + 1) / 6) + 0.0, .t_max = t_max > 0 ? t_max : 1};
  double span = 36;
  while (span < 48 && lo - 3 < sc.top_lufs - span)
    span += 6;
  sc.bottom_lufs = sc.top_lufs - span;
  return sc;
}

/* One loudness line as an SVG path, cut into buckets of at most
 * PLOT_MAX_POINTS (each its loudest point). It breaks where the output is
 * silent (NAN) and where it falls below the floor: a line along the bottom
 * edge would read as a level. Through the floor it runs to the crossing. A
 * run of one point still shows (a zero-length segment with round caps). */
static void series_path(FILE *f, const frame *p, const double *t, const double *v, size_t n,
                        const char *cls)
{
  size_t stride = (n + PLOT_MAX_POINTS - 1) / PLOT_MAX_POINTS;
  if (stride < 1)
    stride = 1;
  double floor_lufs = p->sc.bottom_lufs;
  fprintf(f, "<path class=\"%s\" d=\"", cls);
  bool pen = false, have_prev = false;
  double px = 0, pv = 0; /* the point before, its level not clamped */
  for (size_t i = 0; i < n; i += stride) {
    size_t end = i + stride < n ? i + stride : n;
    double best = NAN;
    for (size_t k = i; k < end; k++)
      if (isfinite(v[k]) && !(v[k] <= best))
        best = v[k];
    if (!isfinite(best)) {
      pen = have_prev = false;
      continue;
    }
    double x = fx(p, t[end - 1]);
    if (best < floor_lufs) {
      if (pen) /* down through the floor */
        fprintf(f, "L%.1f %.1f", px + (x - px) * (pv - floor_lufs) / (pv - best), p->y1);
    } else if (pen) {
      fprintf(f, "L%.1f %.1f", x, fy(p, best));
    } else if (have_prev) { /* up through the floor */
      fprintf(f, "M%.1f %.1fL%.1f %.1f", px + (x - px) * (floor_lufs - pv) / (best - pv), p->y1, x,
              fy(p, best));
    } else {
      fprintf(f, "M%.1f %.1fl0 0", x, fy(p, best));
    }
    pen = best >= floor_lufs;
    have_prev = true;
    px = x;
    pv = best;
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

/* A legend entry: a sample of the line (class cls; band: the shaded band
 * behind it) and its words, right to left from *right. */
static void legend_item(FILE *f, double *right, double y, const char *cls, bool band,
                        const char *words)
{
  double w = 7.2 * (double)strlen(words), x = *right - w - 24;
  if (band)
    fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"10\"/>", x, y - 5);
  fprintf(f,
          "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
          "<text x=\"%.1f\" y=\"%.1f\">",
          cls, x, x + 20, y, y, x + 24, y + 4);
  esc(f, words);
  fputs("</text>", f);
  *right = x - 14;
}

/* A horizontal line's name and level at the plot's right end, just above
 * or below it (inside the plot area). */
static void level_label(FILE *f, const frame *p, double lufs, bool above, const char *cls,
                        const char *name)
{
  double y = fy(p, lufs) + (above ? -5 : 13);
  y = y < p->y0 + 12 ? p->y0 + 12 : y > p->y1 - 3 ? p->y1 - 3 : y;
  fprintf(f, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">%s %.1f</text>", cls, p->x1 - 4, y, name,
          lufs + 0.0);
}

/* The loudness-over-time plot of one output on the song's axes: momentary
 * and short-term loudness, the integrated loudness and, on the mix's plot
 * (is_mix), the target with its tolerance band. */
static void plot(FILE *f, const sp_html_output *o, const sp_html_song *s, const scale *sc,
                 const char *label)
{
  frame p = {.x0 = 46, .x1 = PLOT_W - 14, .y0 = 34, .y1 = PLOT_H - 38, .sc = *sc};
  bool target = o->is_mix && isfinite(s->target_lufs);
  double tol = isfinite(s->tolerance_lu) && s->tolerance_lu > 0 ? s->tolerance_lu : 0;
  bool silent = true;
  for (size_t i = 0; i < o->n_series && silent; i++)
    silent = !isfinite(o->momentary[i]) && !isfinite(o->shortterm[i]);

  fprintf(f,
          "<svg class=\"plot\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
          "role=\"img\" aria-label=\"loudness over time of ",
          PLOT_W, PLOT_H, PLOT_W, PLOT_H);
  esc(f, label);
  fputs("\">", f);
  fprintf(f, "<rect class=\"area\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", p.x0,
          p.y0, p.x1 - p.x0, p.y1 - p.y0);
  for (double l = sc->top_lufs; l >= sc->bottom_lufs - 1e-9; l -= 6) {
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0, p.x1,
            fy(&p, l), fy(&p, l));
    fprintf(f, "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%.0f</text>", p.x0 - 6, fy(&p, l) + 4,
            l + 0.0);
  }
  double tstep = time_step(sc->t_max, 8);
  bool minutes = sc->t_max >= 120;
  for (double t = 0; t <= sc->t_max + 1e-9; t += tstep) {
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
          PLOT_H - 5, minutes ? "m:ss" : "s");
  /* The target's band, shaded and edged, then the target under the
   * integrated loudness: where the two meet, the target's long green
   * dashes show between the integrated line's short orange ones. */
  if (target) {
    if (tol > 0) {
      double top = fy(&p, s->target_lufs + tol), bottom = fy(&p, s->target_lufs - tol);
      fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              p.x0, top, p.x1 - p.x0, bottom - top);
      for (int k = 0; k < 2; k++)
        fprintf(f, "<line class=\"edge\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
                p.x1, k ? bottom : top, k ? bottom : top);
    }
    fprintf(f, "<line class=\"target\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, s->target_lufs), fy(&p, s->target_lufs));
  }
  if (o->measured && isfinite(o->loudness.integrated_lufs))
    fprintf(f, "<line class=\"integ\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, o->loudness.integrated_lufs), fy(&p, o->loudness.integrated_lufs));
  if (!silent) {
    series_path(f, &p, o->t_end_s, o->momentary, o->n_series, "mom");
    series_path(f, &p, o->t_end_s, o->shortterm, o->n_series, "st");
  } else {
    fprintf(f, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\">silence: no loudness</text>",
            (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2);
  }
  /* The two levels' values at the right end, the louder above its line
   * and the quieter below, so they never overlap, even on one line. */
  double integ = o->measured ? o->loudness.integrated_lufs : NAN;
  if (target)
    level_label(f, &p, s->target_lufs, !isfinite(integ) || s->target_lufs >= integ, "lt", "target");
  if (isfinite(integ))
    level_label(f, &p, integ, !target || integ > s->target_lufs, "li", "I");
  /* the legend, in the top margin, from the right */
  double right = p.x1, ly = 13;
  fputs("<g class=\"legend\">", f);
  if (target) {
    char words[64];
    if (tol > 0)
      snprintf(words, sizeof words, "target ±%g LU", tol);
    else
      snprintf(words, sizeof words, "target");
    legend_item(f, &right, ly, "target", tol > 0, words);
  }
  legend_item(f, &right, ly, "integ", false, "integrated");
  legend_item(f, &right, ly, "st", false, "short-term");
  legend_item(f, &right, ly, "mom", false, "momentary");
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
  if (s->seconds > 0)
    fprintf(f, "<span>length <b>%s</b></span>", duration(a, sizeof a, s->seconds));
  if (s->render_seconds > 0) {
    double x = s->seconds / s->render_seconds;
    fprintf(f, "<span>rendered in <b>%.2f s</b></span><span><b>%.*f×</b> real time</span>",
            s->render_seconds, x < 10 ? 1 : 0, x);
  }
  fputs("</p></header>", f);
}

/* A recipe that failed has no results, only what stemprint said; other
 * songs show their messages when they are given some. */
static void messages(FILE *f, const sp_html_song *s)
{
  bool some = s->messages && *s->messages;
  if (s->status < 2 && !some)
    return;
  if (s->status >= 2) {
    fputs("<h3>What went wrong</h3><p class=\"verdict fail\">This recipe failed before its report "
          "could be made: no loudness, null test or bleed to show.",
          f);
    fputs(some ? " stemprint said:</p>" : "</p>", f);
  } else {
    fputs("<h3>Messages</h3>", f);
  }
  if (some) {
    fputs("<pre class=\"messages\">", f);
    esc_messages(f, s->messages);
    fputs("</pre>", f);
  }
}

static void checks(FILE *f, const sp_html_song *s)
{
  if (s->status >= 2 && s->n_checks == 0 && s->n_outputs == 0)
    return;
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
  char why[320] = "";
  char *svg = s->route_dot ? dot_svg(s->route_dot, s->dot_timeout_s, why, sizeof why) : NULL;
  if (svg) {
    fputs("<div class=\"route\">", f);
    fputs(svg, f);
    fputs("</div><p class=\"note\">Drawn by Graphviz at its natural size", f);
    if (svg_width_px(svg) > 640)
      fputs(" (scroll the box sideways when it is wider than the window)", f);
    fputs(". Main outputs solid, sends dashed blue, sidechain keys dotted orange.</p>", f);
    free(svg);
    return;
  }
  if (*why) {
    fputs("<p class=\"note warn\">", f);
    esc(f, why);
    fputs(s->route_text ? ": the route map as text instead.</p>" : ": no route map.</p>", f);
  }
  if (s->route_text) {
    fputs("<pre class=\"route\">", f);
    esc(f, s->route_text);
    fputs("</pre>", f);
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

/* What a plot of output i is called: its name, or its path past the
 * common folder when another output has the same name (an album's
 * out/one/mix.wav and out/two/mix.wav). */
static const char *plot_label(const sp_html_song *s, size_t i, size_t dir)
{
  const sp_html_output *o = &s->outputs[i];
  for (size_t k = 0; k < s->n_outputs; k++)
    if (k != i && strcmp(s->outputs[k].name, o->name) == 0)
      return o->path && o->path[dir] ? o->path + dir : o->name;
  return o->name;
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
    fputs(" in <b class=\"path\">", f);
    char *folder = sp_xmalloc(dir + 1);
    memcpy(folder, from, dir);
    folder[dir] = '\0';
    esc_path(f, folder);
    free(folder);
    fputs("</b>", f);
  }
  fputs(".", f);
  char a[32], b[32], c[32];
  if (isfinite(s->target_lufs)) {
    fprintf(f, " Target <b>%s LUFS", lvl(a, sizeof a, s->target_lufs, 1));
    if (s->tolerance_lu > 0)
      fprintf(f, " ± %s LU", lvl(b, sizeof b, s->tolerance_lu, 1));
    fputs("</b>.", f);
  }
  if (isfinite(s->max_true_peak))
    fprintf(f, " True peak at most <b>%s dBTP</b>.", lvl(a, sizeof a, s->max_true_peak, 2));
  fputs("</p>", f);
  fputs(
      "<div class=\"scroll\"><table class=\"loud\"><thead><tr><th>output<br>file</th>"
      "<th>integrated<br>LUFS</th><th>range<br>LU</th><th>momentary<br>max LUFS</th>"
      "<th>short&#8209;term<br>max LUFS</th><th>true peak<br>dBTP</th><th>sample<br>peak dBFS</th>"
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
      esc_path(f, file);
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
    fprintf(f, "<td%s>%lld", l->clipped > 0 ? " class=\"bad\"" : "", (long long)l->clipped);
    if (l->clipped > 0 && o->unquantized_peak_dbfs > 0)
      fprintf(f, "<br><span class=\"over\">would reach %+.1f dBFS</span>",
              o->unquantized_peak_dbfs);
    fputs("</td></tr>", f);
  }
  fputs("</tbody></table></div>", f);
  size_t plots = 0;
  for (size_t i = 0; i < s->n_outputs; i++)
    plots += s->outputs[i].n_series > 0;
  if (plots == 0)
    return;
  scale sc = plot_scale(s);
  fputs("<div class=\"plots\">", f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    if (o->n_series == 0)
      continue;
    const char *label = plot_label(s, i, dir);
    fputs("<figure class=\"plot\"><figcaption><b>", f);
    esc_path(f, label);
    fputs("</b>", f);
    if (o->measured)
      fprintf(f, " <span>I %s LUFS · LRA %s LU · TP %s dBTP</span>",
              lvl(a, sizeof a, o->loudness.integrated_lufs, 1),
              lvl(b, sizeof b, o->loudness.range_lu, 1),
              lvl(c, sizeof c, o->loudness.true_peak_dbtp, 2));
    fputs("</figcaption>", f);
    plot(f, o, s, &sc, label);
    fputs("</figure>", f);
  }
  fprintf(f,
          "</div><p class=\"note\">Every plot has the same scales, %s to %s LUFS, so they "
          "compare by eye; a line breaks where its output is silent or quieter than %s LUFS.</p>",
          lvl(a, sizeof a, sc.bottom_lufs, 0), lvl(b, sizeof b, sc.top_lufs, 0),
          lvl(c, sizeof c, sc.bottom_lufs, 0));
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
      elem(f, "li", n->findings[k]);
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

/* Heat-map colour of a level, pale at -90 dBFS and below, deep at 0: a
 * source in its own stem on a blue scale, bleed on a warm one (amber to
 * red-orange), so the two never read alike at any level. */
static void heat(FILE *f, double db, bool is_bleed)
{
  if (!isfinite(db)) {
    fputs(" style=\"background:#fff\"", f);
    return;
  }
  double t = (db + 90) / 90;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  if (is_bleed) {
    double light = 84 - 36 * t;
    fprintf(f, " style=\"background:hsl(%.0f,95%%,%.0f%%);color:%s\"", 44 - 34 * t, light,
            light < 60 ? "#fff" : "#3d1f00");
  } else {
    double light = 95 - 55 * t;
    fprintf(f, " style=\"background:hsl(214,45%%,%.0f%%);color:%s\"", light,
            light < 64 ? "#fff" : "#1d232b");
  }
}

typedef struct bleed_case {
  size_t source, stem;
  double db;
} bleed_case;

static int louder_first(const void *a, const void *b)
{
  const bleed_case *x = a, *y = b;
  return (x->db < y->db) - (x->db > y->db);
}

enum { BLEED_LISTED = 12 };

static void bleed(FILE *f, const sp_html_song *s)
{
  if (s->n_sources == 0 || s->n_stems == 0)
    return;
  bleed_case *cases = sp_xcalloc(s->n_sources * s->n_stems + 1, sizeof *cases);
  size_t n_bleed = 0;
  for (size_t i = 0; i < s->n_sources; i++)
    for (size_t k = 0; k < s->n_stems; k++)
      if ((int)k != s->home[i] && isfinite(s->bleed_db[i * s->n_stems + k]))
        cases[n_bleed++] = (bleed_case){i, k, s->bleed_db[i * s->n_stems + k]};
  qsort(cases, n_bleed, sizeof *cases, louder_first);
  char a[32];
  fputs("<h3>Stem bleed</h3>", f);
  if (n_bleed == 0) {
    fputs("<p class=\"verdict pass\"><span class=\"badge ok\">✓ none</span> every source reaches "
          "only its own stem.</p>",
          f);
  } else {
    fprintf(f,
            "<p class=\"verdict\"><span class=\"badge warn\">⚠ bleed found</span> %zu case%s of "
            "bleed: a source reaching a stem other than its own. A finding to look at, not a "
            "check: it does not change the exit status.</p><ul class=\"findings bleed\">",
            n_bleed, n_bleed == 1 ? "" : "s");
    for (size_t c = 0; c < n_bleed && c < BLEED_LISTED; c++) {
      fputs("<li>bleed found: <b>", f);
      esc(f, s->sources[cases[c].source]);
      fputs("</b> → <b>", f);
      esc(f, s->stems[cases[c].stem]);
      fprintf(f, "</b> at %s dBFS RMS</li>", lvl(a, sizeof a, cases[c].db, 1));
    }
    if (n_bleed > BLEED_LISTED)
      fprintf(f, "<li>… and %zu more, in the matrix</li>", n_bleed - BLEED_LISTED);
    fputs("</ul>", f);
  }
  free(cases);
  fputs("<div class=\"scroll\"><table class=\"bleed\"><thead><tr><th>source \\ stem</th>", f);
  for (size_t k = 0; k < s->n_stems; k++) {
    elem(f, "th", s->stems[k]);
  }
  fputs("</tr></thead><tbody>", f);
  for (size_t i = 0; i < s->n_sources; i++) {
    fputs("<tr><th>", f);
    esc(f, s->sources[i]);
    fputs("</th>", f);
    for (size_t k = 0; k < s->n_stems; k++) {
      double db = s->bleed_db[i * s->n_stems + k];
      bool home = (int)k == s->home[i];
      bool is_bleed = !home && isfinite(db);
      fprintf(f, "<td class=\"%s\"", home ? "home" : is_bleed ? "bleed" : "none");
      heat(f, db, is_bleed);
      fputs(" title=\"", f);
      esc(f, s->sources[i]);
      fputs(" in ", f);
      esc(f, s->stems[k]);
      fprintf(f, ": %s%s%s\">", isfinite(db) ? lvl(a, sizeof a, db, 1) : "nothing",
              isfinite(db) ? " dBFS RMS" : "", is_bleed ? " (bleed)" : "");
      if (home)
        fputs("<span class=\"home-mark\">●</span>", f);
      fprintf(f, "%s</td>", isfinite(db) ? lvl(a, sizeof a, db, 1) : "–");
    }
    fputs("</tr>", f);
  }
  fputs("</tbody></table></div><p class=\"note legend\"><span class=\"home-mark\">●</span> the "
        "source's own stem <span class=\"scale home\"></span> · bleed <span class=\"scale "
        "warm\"></span> · pale to deep: -90 … 0 dBFS RMS over the render · – nothing at all</p>",
        f);
}

char *sp_html_section(const sp_html_song *song)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = memstream(&text, &len);
  fprintf(f, "<section class=\"song%s\" data-title=\"", song->status >= 2 ? " failed" : "");
  esc(f, song->title);
  fprintf(f, "\" data-status=\"%d\">", song->status);
  header(f, song);
  messages(f, song);
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
    ":root{--ok:#1b7a3a;--bad:#c0262d;--warn:#8a5300;--ink:#1d232b;--mute:#5c6675;",
    "--line:#d8dde4}",
    "*{box-sizing:border-box}",
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    "body{margin:0;background:#eef1f4;color:var(--ink);font:14px/1.45 system-ui,-apple-system,",
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}",
    "main{max-width:1140px;margin:0 auto;padding:24px 20px 40px}",
    "header.page h1{font-size:22px;margin:0 0 2px}",
    "header.page p{margin:0;color:var(--mute)}",
    "nav ol{margin:10px 0 0;padding-left:22px}nav li{margin:2px 0}",
    "section.song{background:#fff;border:1px solid var(--line);border-radius:8px;",
    "padding:18px 24px 22px;margin:18px 0}",
    "section.song.failed{border:1px solid #e8b4b6;border-left:6px solid var(--bad)}",
    "section.song>header h2{font-size:19px;margin:0 0 6px;overflow-wrap:anywhere}",
    "h3{font-size:15px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}",
    ".facts{display:flex;flex-wrap:wrap;align-items:center;gap:4px 22px;margin:0;",
    "color:var(--mute)}",
    ".facts b{color:var(--ink)}",
    ".badge{display:inline-block;padding:1px 10px;border-radius:11px;font-weight:600;",
    "font-size:13px;margin-right:6px}",
    ".badge.ok{background:#e1f3e6;color:var(--ok)}",
    ".badge.fail{background:#fbe4e4;color:var(--bad)}",
    ".badge.warn{background:#fdedc8;color:var(--warn)}",
    ".note{color:var(--mute);font-size:13px;margin:4px 0 10px}",
    ".note.warn{color:var(--warn)}",
    ".verdict{margin:4px 0 10px}",
    ".verdict.fail{color:var(--bad);font-weight:600}",
    "pre.messages{background:#fdf1f1;border-left:4px solid var(--bad);border-radius:3px;",
    "padding:10px 12px;margin:6px 0;font-size:12px;line-height:1.45;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    "ul.checks,ul.findings{list-style:none;padding:0;margin:0}",
    "li.check{display:flex;align-items:baseline;padding:4px 10px;margin:3px 0;",
    "border-left:4px solid;border-radius:3px}",
    "li.check.pass{border-color:var(--ok);background:#f1f9f3}",
    "li.check.fail{border-color:var(--bad);background:#fdf1f1}",
    ".mark{font-weight:700;margin-right:8px}",
    "li.check code{margin-left:auto;padding-left:14px;color:var(--mute);font-size:12px}",
    ".pass .mark{color:var(--ok)}.fail .mark{color:var(--bad)}",
    "ul.findings li{padding:3px 10px;margin:3px 0;background:#f6f7f9;border-radius:3px}",
    "ul.findings.bleed li{background:#fdf4e1;border-left:4px solid #e0a021;color:#4a2f00}",
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}",
    "th,td{padding:4px 6px;border-bottom:1px solid #e6e9ee;text-align:right;",
    "vertical-align:top}",
    "td{white-space:nowrap}",
    "thead th{font-weight:600;color:var(--mute);",
    "border-bottom:1.5px solid var(--line);",
    "vertical-align:bottom;line-height:1.25}",
    "tbody th{text-align:left;font-weight:600}",
    "th:first-child{text-align:left}",
    "span.path{display:block;font-weight:normal;font-size:12px;color:var(--mute);",
    "max-width:26em;overflow-wrap:break-word}",
    "tr.mix th,tr.mix td{background:#f7f9fc}",
    "td.good{color:var(--ok);font-weight:600}td.bad{color:var(--bad);font-weight:700}",
    "td span.over{font-size:12px;font-weight:normal}",
    ".scroll{overflow-x:auto;max-width:100%}",
    "table.kv th{text-align:left;font-weight:normal;color:var(--mute);padding-left:0}",
    "table.kv td{text-align:left}",
    "table.worst{margin-top:10px}",
    "table.worst caption{text-align:left;font-weight:600;padding:0 0 4px;font-size:13px}",
    ".plots{display:flex;flex-wrap:wrap;gap:16px 28px;margin-top:16px}",
    "figure.plot{margin:0;width:500px;max-width:100%;break-inside:avoid}",
    "figure.plot figcaption{font-size:13px;margin-bottom:2px}",
    "figure.plot figcaption span{color:var(--mute);margin-left:6px}",
    "svg.plot{display:block;width:100%;height:auto;font-family:inherit}",
    "svg.plot text{font-size:12px;fill:#5c6675}",
    "svg.plot .yl{text-anchor:end}svg.plot .xl,svg.plot .xt,svg.plot .empty{text-anchor:middle}",
    "svg.plot .axis{font-weight:600}svg.plot text.axis:not(.xt){text-anchor:end}",
    "svg.plot .area{fill:#fbfcfd;stroke:#c9d0d9}",
    "svg.plot .grid{stroke:#e6e9ee;stroke-width:1}",
    "svg.plot path,svg.plot line{fill:none;stroke-linejoin:round}",
    "svg.plot path{stroke-linecap:round}",
    "svg.plot .mom{stroke:#8fb5dd;stroke-width:1.2}",
    "svg.plot .st{stroke:#16407a;stroke-width:2.2}",
    "svg.plot .band{fill:#2e9a52;fill-opacity:.2}",
    "svg.plot .edge{stroke:#2e9a52;stroke-opacity:.6;stroke-width:1}",
    "svg.plot .target{stroke:#157032;stroke-width:2.5;stroke-dasharray:10 5}",
    "svg.plot .integ{stroke:#d0590a;stroke-width:2;stroke-dasharray:3 4}",
    "svg.plot .lt,svg.plot .li{font-size:11px;font-weight:600;text-anchor:end;paint-order:stroke;",
    "stroke:#fbfcfd;stroke-width:4px;stroke-linejoin:round}",
    "svg.plot .lt{fill:#157032}svg.plot .li{fill:#b04a06}",
    "table.bleed td{min-width:72px;text-align:center;border:1px solid #fff}",
    "table.bleed td.bleed{font-weight:700}",
    "table.bleed td.none{color:#9aa3ae}",
    ".home-mark{font-size:10px;margin-right:4px;vertical-align:1px}",
    ".legend .scale{display:inline-block;width:80px;height:10px;vertical-align:-1px;",
    "margin-left:4px;border-radius:2px}",
    ".legend .scale.home{background:linear-gradient(90deg,hsl(214,45%,95%),hsl(214,45%,40%))}",
    ".legend .scale.warm{background:linear-gradient(90deg,hsl(44,95%,84%),hsl(10,95%,48%))}",
    "div.route{overflow-x:auto;width:fit-content;max-width:100%;border:1px solid var(--line);",
    "border-radius:4px;padding:6px;margin:0}",
    "div.route svg{display:block;max-width:none}",
    /* Graphviz draws dotted lines as 1-unit dashes: make them round dots */
    "div.route path[stroke-dasharray=\"1,5\"]{stroke-dasharray:0.01 5.5;stroke-linecap:round}",
    "pre.route{background:#f6f7f9;padding:10px 12px;border-radius:4px;font-size:12px;",
    "line-height:1.35;overflow-x:auto}",
    "footer{color:var(--mute);font-size:12px;text-align:center}",
    "@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}",
    "th,td{padding:3px 6px}",
    "section.song{border:0;border-radius:0;padding:0;margin:0 0 12px}",
    "section.song.failed{border-left:6px solid var(--bad);padding-left:10px}",
    "section.song+section.song{break-before:page}",
    "table,li,.verdict,div.route{break-inside:avoid}h3{break-after:avoid}",
    ".scroll,div.route{overflow:visible}div.route{border:0;padding:0}",
    "div.route svg{max-width:100%;height:auto}}",
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
  FILE *f = memstream(&text, &len);
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
    size_t passed = 0;
    for (size_t i = 0; i < n; i++) {
      size_t sl;
      const char *st = attribute(sections[i], "data-status", &sl);
      passed += sl == 1 && st[0] == '0';
    }
    fprintf(f, "<p>%zu recipes: %zu passed, %zu did not.</p><nav><ol>", n, passed, n - passed);
    for (size_t i = 0; i < n; i++) {
      size_t tl, sl;
      const char *t = attribute(sections[i], "data-title", &tl);
      const char *st = attribute(sections[i], "data-status", &sl);
      int status = sl > 0 ? atoi(st) : 4;
      fprintf(f,
              "<li><a href=\"#s%zu\">%.*s</a> <span class=\"badge %s\">%s %s — exit %d</span></li>",
              i + 1, (int)tl, t, status == 0 ? "ok" : "fail", status == 0 ? "✓" : "✗",
              status_words(status), status);
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
