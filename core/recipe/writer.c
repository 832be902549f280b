/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recipe text, one value at a time (core/recipe/writer.h). */

#include "core/recipe/writer.h"

#include "core/base/alloc.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sp_write_n(sp_writer *w, const char *s, size_t n)
{
  if (w->n + n + 1 > w->cap) {
    w->cap = 2 * (w->n + n + 1);
    w->s = sp_xrealloc(w->s, w->cap);
  }
  memcpy(w->s + w->n, s, n);
  w->n += n;
  w->s[w->n] = '\0';
}

/* Formatted into the room left, and again only where it did not fit;
 * "%s" and text (a word, a separator, a number and its unit) copied as
 * they are, not formatted. */
static void vwrite(sp_writer *w, const char *fmt, va_list ap)
{
  if (fmt[0] == '%' && fmt[1] == 's' && !strchr(fmt + 2, '%')) {
    const char *s = va_arg(ap, const char *);
    sp_write_n(w, s, strlen(s));
    sp_write_n(w, fmt + 2, strlen(fmt + 2));
    return;
  }
  va_list again;
  va_copy(again, ap);
  const size_t room = w->cap > w->n ? w->cap - w->n : 0;
  int need = room ? vsnprintf(w->s + w->n, room, fmt, ap) : vsnprintf(NULL, 0, fmt, ap);
  if (need < 0)
    abort();
  if ((size_t)need < room) {
    va_end(again);
    w->n += (size_t)need;
    return;
  }
  if (w->n + (size_t)need + 1 > w->cap) {
    w->cap = 2 * (w->n + (size_t)need + 1);
    w->s = sp_xrealloc(w->s, w->cap);
  }
  vsnprintf(w->s + w->n, (size_t)need + 1, fmt, again);
  va_end(again);
  w->n += (size_t)need;
}

void sp_write(sp_writer *w, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vwrite(w, fmt, ap);
  va_end(ap);
}

/* The node just written from byte at kept (w tells): ev, a scalar's text
 * (its first n bytes). */
static void keep_n(sp_writer *w, sp_yaml_ev ev, size_t at, const char *text, size_t n, bool quoted)
{
  if (!w->tells)
    return;
  char *t = NULL;
  if (text) {
    t = sp_xmalloc(n + 1);
    memcpy(t, text, n);
    t[n] = '\0';
  }
  SP_GROW(w->nodes, w->n_nodes, w->cap_nodes);
  w->nodes[w->n_nodes++] = (sp_wnode){ev, at, w->n, t, quoted};
}

static void keep(sp_writer *w, sp_yaml_ev ev, size_t at, const char *text, bool quoted)
{
  keep_n(w, ev, at, text, text ? strlen(text) : 0, quoted);
}

void sp_write_plain(sp_writer *w, const char *fmt, ...)
{
  const size_t at = w->n;
  va_list ap;
  va_start(ap, fmt);
  vwrite(w, fmt, ap);
  va_end(ap);
  keep_n(w, SP_YAML_SCALAR, at, w->s + at, w->n - at, false);
}

void sp_write_open(sp_writer *w, bool list)
{
  const size_t at = w->n;
  sp_write_n(w, list ? "[" : "{", 1);
  keep(w, list ? SP_YAML_LIST : SP_YAML_MAP, at, NULL, false);
}

void sp_write_close(sp_writer *w, bool list)
{
  const size_t at = w->n;
  sp_write_n(w, list ? "]" : "}", 1);
  keep(w, SP_YAML_END, at, NULL, false);
}

/* A word YAML reads as a boolean or a null when plain (YAML 1.1's, any
 * case). */
static bool yaml_word(const char *s)
{
  static const char *const words[] = {"true", "false", "yes", "no", "on",
                                      "off",  "null",  "y",   "n",  "~"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strcasecmp(s, words[i]) == 0)
      return true;
  return false;
}

static bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether YAML (1.1, whose numbers take '_' between digits, and 0b, 0x
 * and 0o prefixes) reads plain s as a number. */
static bool yaml_number(const char *s)
{
  char *t = sp_xstrdup(s), *o = t;
  for (const char *c = s; *c; c++)
    if (*c != '_')
      *o++ = *c;
  *o = '\0';
  const char *d = t + (*t == '-' || *t == '+');
  bool number = d[0] == '0' && (d[1] == 'b' || d[1] == 'o' || d[1] == 'x') && d[2];
  if (!number && *t) {
    char *end;
    strtod(t, &end);
    number = *end == '\0';
  }
  free(t);
  return number;
}

/* Whether s, plain, reads back as this string: only letters, digits and
 * the characters of also, and neither a YAML word nor a number. */
static bool plain(const char *s, const char *also)
{
  if (!*s || yaml_word(s) || yaml_number(s))
    return false;
  for (const char *c = s; *c; c++)
    if (!ascii_letter(*c) && !ascii_digit(*c) && !strchr(also, *c))
      return false;
  return true;
}

void sp_write_quoted(sp_writer *w, const char *s)
{
  const size_t at = w->n;
  sp_write_n(w, "\"", 1);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\')
      sp_write(w, "\\%c", *c);
    else if (*c < 0x20 || *c == 0x7f)
      sp_write(w, "\\u%04x", *c);
    else
      sp_write_n(w, (const char *)c, 1);
  }
  sp_write_n(w, "\"", 1);
  keep(w, SP_YAML_SCALAR, at, s, true);
}

void sp_write_name(sp_writer *w, const char *name)
{
  if (!w->json && (ascii_letter(name[0]) || ascii_digit(name[0]) || name[0] == '_') &&
      plain(name, "_-."))
    sp_write_plain(w, "%s", name);
  else
    sp_write_quoted(w, name);
}

void sp_write_string(sp_writer *w, const char *s)
{
  if (!w->json && s[0] != '-' && plain(s, "_-./"))
    sp_write_plain(w, "%s", s);
  else
    sp_write_quoted(w, s);
}

const char *sp_number_text(double v, char buf[40])
{
  if (isnan(v))
    snprintf(buf, 40, "nan");
  else if (isinf(v))
    snprintf(buf, 40, "%s", v < 0 ? "-inf" : "inf");
  else
    for (int prec = 6; prec <= 17; prec++) {
      snprintf(buf, 40, "%.*g", prec, v == 0 ? 0.0 : v);
      if (strtod(buf, NULL) == v)
        break;
      /* Past 6 digits, none of 7 .. 15 reads back unless 15 do: 15
       * significant digits are at least 4.5 of a normal double's steps
       * apart, so one at most lies within half a step of v, and it is
       * the nearest, what %.15g writes. Where 15 do not, 16 is next (a
       * value of 16 or 17 digits was formatted 12 times). */
      if (prec == 6 && fabs(v) >= DBL_MIN) {
        snprintf(buf, 40, "%.15g", v);
        if (strtod(buf, NULL) != v)
          prec = 15;
      }
    }
  return buf;
}

void sp_write_number(sp_writer *w, double v)
{
  char buf[40];
  sp_number_text(v, buf);
  if (w->json && !isfinite(v))
    sp_write_quoted(w, buf);
  else
    sp_write_plain(w, "%s", buf);
}

void sp_write_db(sp_writer *w, double db)
{
  char buf[40];
  if (w->json && !isfinite(db)) { /* JSON's string of the number, then its unit */
    sp_write_number(w, db);
    sp_write(w, " dB");
  } else {
    sp_write_plain(w, "%s dB", sp_number_text(db, buf));
  }
}

void sp_write_comment(sp_writer *w, const char *text)
{
  char *c = sp_xstrdup(text);
  unsigned char *u = (unsigned char *)c;
  for (size_t i = 0; u[i]; i++) {
    if (u[i] < 0x20 || u[i] == 0x7f)
      u[i] = ' ';
    else if (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) /* C1, NEL among them */
      u[i] = u[i + 1] = ' ';
    else if (u[i] == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
      u[i] = u[i + 1] = u[i + 2] = ' ';
  }
  sp_write(w, "%s", c);
  free(c);
}

/* Whether at (in para) is a space a line may break at: not inside `code`. */
static bool breakable(const char *para, const char *at)
{
  size_t ticks = 0;
  for (const char *c = para; c < at; c++)
    ticks += *c == '`';
  return *at == ' ' && ticks % 2 == 0;
}

void sp_write_wrapped(sp_writer *w, const char *prefix, const char *para)
{
  size_t room = 78 - strlen(prefix);
  for (const char *at = para; *at;) {
    size_t n = strlen(at);
    if (n > room) {
      n = room;
      while (n > 0 && !breakable(para, at + n))
        n--;
      while (n == 0 && at[n] && !breakable(para, at + n))
        n++;
    }
    sp_write(w, "%s", prefix);
    sp_write_n(w, at, n);
    sp_write(w, "\n");
    at += n;
    while (*at == ' ')
      at++;
  }
}

char *sp_writer_take(sp_writer *w)
{
  char *s = w->s ? w->s : sp_xstrdup("");
  w->s = NULL;
  sp_writer_free(w);
  return s;
}

void sp_write_moved(sp_writer *w, sp_writer *from)
{
  const size_t base = w->n;
  sp_write_n(w, from->s ? from->s : "", from->n);
  for (size_t i = 0; i < from->n_nodes; i++) {
    sp_wnode *n = &from->nodes[i];
    if (!w->tells)
      continue; /* freed with from's */
    SP_GROW(w->nodes, w->n_nodes, w->cap_nodes);
    w->nodes[w->n_nodes++] = (sp_wnode){n->ev, n->at + base, n->end + base, n->text, n->quoted};
    n->text = NULL;
  }
  sp_writer_free(from);
}

void sp_writer_cut(sp_writer *w, size_t n)
{
  w->n = n;
  if (w->s)
    w->s[n] = '\0';
  while (w->n_nodes && w->nodes[w->n_nodes - 1].at >= n)
    free(w->nodes[--w->n_nodes].text);
}

void sp_writer_free(sp_writer *w)
{
  for (size_t i = 0; i < w->n_nodes; i++)
    free(w->nodes[i].text);
  free(w->nodes);
  free(w->s);
  *w = (sp_writer){.json = w->json, .tells = w->tells};
}
