/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_TEXT_H
#define SP_HTML_TEXT_H

/* The text every part of the HTML report writes with: escaped for HTML,
 * into growing strings, and an exit status in words. */

#include <stdio.h>

/* Text for HTML content and attribute values. NULL writes nothing. */
void html_esc(FILE *f, const char *s);
/* The same for at most the first n bytes of s. */
void html_esc_n(FILE *f, const char *s, size_t n);
/* A stream into a growing heap string; out of memory aborts. */
FILE *html_memstream(char **text, size_t *len);
/* An exit status in words ("passed", "file problem"). */
const char *html_status_words(int status);
/* A level with dec decimals into buf: "–" for NAN, "-inf" for silence;
 * returns buf. */
const char *html_level(char *buf, size_t n, double v, int dec);

#endif
