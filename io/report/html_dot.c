/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The route map as the HTML report embeds it: Graphviz's `dot` is run
 * (io/fs/spawn: no shell, a process group of its own, a time limit) on a
 * temporary file holding the DOT text.
 * The <svg> element is cut out of what it wrote and loses its namespace
 * attributes; when dot is missing, fails or is too slow, the reason comes
 * back instead, for the page to say. */

#include "io/report/html_parts.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/fs/spawn.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* its time limit, and the most SVG kept: a map of thousands of nodes
 * draws a few MiB */
enum { DOT_TIMEOUT_S = 30, DOT_MAX_BYTES = 64 << 20 };

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

/* Run `dot -Tsvg` on the DOT text, in its own process group, for at most
 * timeout_s seconds, and return its <svg> element (heap). NULL when it
 * cannot, with why saying so: dot is not installed, failed (its first line
 * of errors), or ran out of time (then the whole group is killed). dot
 * reads a temporary file, so nothing is written into a pipe a failed dot
 * could close (SIGPIPE is the whole process's business, not this
 * function's). Labels are set in Helvetica, as the nodes already are. */
char *html_dot_svg(const char *dot, double timeout_s, char *why, size_t why_size)
{
  const char *tmpdir = getenv("TMPDIR");
  char *in = sp_xasprintf("%s/stemprint-map-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(in);
  if (fd < 0) {
    snprintf(why, why_size, "no temporary file for dot: %s", strerror(errno));
    free(in);
    return NULL;
  }
  const bool whole = sp_fs_write_all(fd, dot, strlen(dot));
  close(fd);
  if (!whole) {
    snprintf(why, why_size, "cannot hand the map to dot: %s", strerror(errno));
    unlink(in);
    free(in);
    return NULL;
  }
  const char *argv[] = {"dot", "-Tsvg", "-Gfontname=Helvetica", "-Nfontname=Helvetica",
                        "-Efontname=Helvetica", in, NULL};
  const sp_spawn_opts opts = {.timeout_s = timeout_s > 0 ? timeout_s : DOT_TIMEOUT_S,
                              .max_bytes = DOT_MAX_BYTES};
  sp_spawn_result res;
  char *svg = NULL;
  if (sp_spawn_with(argv, &opts, &res, why, why_size) != SP_OK) {
    if (res.missing)
      snprintf(why, why_size, "Graphviz is not installed (no dot on PATH)");
  } else if (res.timed_out) {
    snprintf(why, why_size, "Graphviz's dot took longer than %g s and was stopped",
             opts.timeout_s);
  } else if (res.status != 0) {
    /* its first line of errors says what */
    const char *e = res.err;
    while (*e && isspace((unsigned char)*e))
      e++;
    int line = (int)strcspn(e, "\n");
    if (line > 200)
      line = 200;
    if (res.signal)
      snprintf(why, why_size, "Graphviz's dot failed (signal %d)%s%.*s", res.signal,
               line ? ": " : "", line, e);
    else
      snprintf(why, why_size, "Graphviz's dot failed (exit %d)%s%.*s", res.status,
               line ? ": " : "", line, e);
  } else {
    const char *from = strstr(res.out, "<svg");
    const char *to = NULL;
    for (const char *p = from; p && (p = strstr(p, "</svg>")); p++)
      to = p;
    if (from && to)
      svg = strip_namespaces(from, (size_t)(to + 6 - from));
    else
      snprintf(why, why_size, "Graphviz's dot wrote no SVG");
  }
  sp_spawn_result_fini(&res);
  unlink(in);
  free(in);
  return svg;
}

/* The width an SVG asks for in CSS pixels ("1018pt" is 1357 px), 0: unknown. */
double html_svg_width_px(const char *svg)
{
  const char *w = strstr(svg, " width=\"");
  const char *gt = strchr(svg, '>');
  if (!w || (gt && w > gt))
    return 0;
  char *end;
  double v = strtod(w + 8, &end);
  return strncmp(end, "pt", 2) == 0 ? v * 4 / 3 : v;
}
