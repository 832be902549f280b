/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML report's text (io/report/html_parts.h). */

#include "io/report/html_parts.h"

#include "io/xml/xml.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void html_esc(FILE *f, const char *s) { html_esc_n(f, s, SIZE_MAX); }

void html_esc_n(FILE *f, const char *s, size_t n)
{
  char *text = sp_xml_text(s, n, true);
  fputs(text, f);
  free(text);
}

/* A stream into a growing heap string; out of memory aborts. */
FILE *html_memstream(char **text, size_t *len)
{
  FILE *f = open_memstream(text, len);
  if (!f) {
    fputs("stemprint: fatal: out of memory making the HTML report\n", stderr);
    abort();
  }
  return f;
}

const char *html_status_words(int status)
{
  switch (status) {
  case 0: return "passed";
  case 1: return "a check failed";
  case 2: return "recipe or command-line error";
  case 3: return "file problem";
  default: return "render failed";
  }
}

const char *html_level(char *buf, size_t n, double v, int dec)
{
  if (isnan(v))
    snprintf(buf, n, "–");
  else if (isinf(v))
    snprintf(buf, n, v < 0 ? "-inf" : "inf");
  else
    snprintf(buf, n, "%.*f", dec, v + 0.0); /* + 0.0: never "-0.0" from -0 */
  return buf;
}
