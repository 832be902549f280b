/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics: a growable list of errors and warnings with positions, printed
 * sorted so that a user fixes a recipe from top to bottom, and a small
 * edit-distance helper for "did you mean" hints. */

#include "core/base/diag.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void sp_diags_init(sp_diags *d) { memset(d, 0, sizeof *d); }

void sp_diags_fini(sp_diags *d)
{
  sp_diags_truncate(d, 0);
  free(d->v);
  memset(d, 0, sizeof *d);
}

void sp_diags_truncate(sp_diags *d, size_t n)
{
  for (size_t i = n; i < d->n; i++) {
    free(d->v[i].file);
    free(d->v[i].path);
    free(d->v[i].msg);
  }
  d->n = n < d->n ? n : d->n;
}

void sp_diags_take(sp_diags *d, sp_diags *from)
{
  for (size_t i = 0; i < from->n; i++) {
    SP_GROW(d->v, d->n, d->cap);
    d->v[d->n] = from->v[i];
    d->v[d->n].seq = d->n;
    d->n++;
  }
  free(from->v);
  memset(from, 0, sizeof *from);
}

static char *vformat(const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int len = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *s = sp_xmalloc(len > 0 ? (size_t)len + 1 : 1);
  if (len > 0)
    vsnprintf(s, (size_t)len + 1, fmt, ap);
  else
    s[0] = '\0';
  return s;
}

/* A word (a run without spaces) this long in a message is cut: a recipe
 * can hold a key of megabytes, which a message would repeat in full. */
enum { LONG_WORD = 200, KEPT = 60 };

/* s with every word longer than LONG_WORD bytes cut to its first KEPT
 * (at a character boundary), "…(N bytes)" and its closing marks (the
 * "':" of "'name':"); s itself when none is. */
static char *shorten(char *s)
{
  if (!s)
    return s;
  size_t len = strlen(s), run = 0, longest = 0;
  for (size_t i = 0; i <= len; i++) {
    run = s[i] == ' ' || s[i] == '\0' ? 0 : run + 1;
    longest = run > longest ? run : longest;
  }
  if (longest <= LONG_WORD)
    return s;
  char *out = sp_xmalloc(len + 1), *o = out;
  for (size_t i = 0; i < len;) {
    size_t n = 0;
    while (i + n < len && s[i + n] != ' ')
      n++;
    if (n > LONG_WORD) {
      size_t keep = KEPT, tail = 0; /* its closing marks kept: a quote it opened stays closed */
      while (keep > 0 && ((unsigned char)s[i + keep] & 0xc0) == 0x80)
        keep--;
      while (tail < 3 && strchr("'\":,;.)]", s[i + n - 1 - tail]))
        tail++;
      memcpy(o, s + i, keep);
      o += keep;
      o += sprintf(o, "\xe2\x80\xa6(%zu bytes)", n);
      memcpy(o, s + i + n - tail, tail);
      o += tail;
    } else {
      memcpy(o, s + i, n);
      o += n;
    }
    i += n;
    while (i < len && s[i] == ' ')
      *o++ = s[i++];
  }
  *o = '\0';
  free(s);
  return out;
}

void sp_diags_copy(sp_diags *d, const sp_diags *from)
{
  for (size_t i = 0; i < from->n; i++) {
    SP_GROW(d->v, d->n, d->cap);
    const sp_diag *g = &from->v[i];
    d->v[d->n] =
        (sp_diag){g->severity,        g->kind, sp_xstrdup(g->file), g->pos, sp_xstrdup(g->path),
                  sp_xstrdup(g->msg), d->n};
    d->n++;
  }
}

/* whole: keep the message as it is (sp_diags_add_whole) */
static void add(sp_diags *d, sp_severity sev, sp_err kind, const char *file, sp_pos pos,
                const char *path, bool whole, const char *fmt, va_list ap)
{
  SP_GROW(d->v, d->n, d->cap);
  sp_diag *g = &d->v[d->n];
  g->severity = sev;
  g->kind = kind;
  g->file = sp_xstrdup(file);
  g->pos = pos;
  g->path = shorten(sp_xstrdup(path));
  g->msg = whole ? vformat(fmt, ap) : shorten(vformat(fmt, ap));
  g->seq = d->n;
  d->n++;
}

void sp_diags_add_whole(sp_diags *d, sp_severity sev, sp_err kind, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add(d, sev, kind, NULL, (sp_pos){0, 0}, NULL, true, fmt, ap);
  va_end(ap);
}

void sp_diags_verror(sp_diags *d, sp_err kind, const char *file, sp_pos pos, const char *path,
                     const char *fmt, va_list ap)
{
  add(d, SP_SEV_ERROR, kind, file, pos, path, false, fmt, ap);
}

void sp_diags_error(sp_diags *d, sp_err kind, const char *file, sp_pos pos, const char *path,
                    const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add(d, SP_SEV_ERROR, kind, file, pos, path, false, fmt, ap);
  va_end(ap);
}

void sp_diags_vwarn(sp_diags *d, const char *file, sp_pos pos, const char *path, const char *fmt,
                    va_list ap)
{
  add(d, SP_SEV_WARNING, SP_OK, file, pos, path, false, fmt, ap);
}

void sp_diags_warn(sp_diags *d, const char *file, sp_pos pos, const char *path, const char *fmt,
                   ...)
{
  va_list ap;
  va_start(ap, fmt);
  add(d, SP_SEV_WARNING, SP_OK, file, pos, path, false, fmt, ap);
  va_end(ap);
}

static size_t count(const sp_diags *d, sp_severity sev)
{
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++)
    n += d->v[i].severity == sev;
  return n;
}

size_t sp_diags_errors(const sp_diags *d) { return count(d, SP_SEV_ERROR); }
size_t sp_diags_warnings(const sp_diags *d) { return count(d, SP_SEV_WARNING); }

sp_err sp_diags_status(const sp_diags *d)
{
  sp_err worst = SP_OK;
  for (size_t i = 0; i < d->n; i++) {
    const sp_diag *g = &d->v[i];
    if (g->severity != SP_SEV_ERROR || g->kind == SP_OK)
      continue;
    if (worst == SP_OK || g->kind < worst)
      worst = g->kind;
  }
  return worst;
}

static int cmp_diag(const void *a, const void *b)
{
  const sp_diag *x = a, *y = b;
  const char *fx = x->file ? x->file : "", *fy = y->file ? y->file : "";
  int c = strcmp(fx, fy);
  if (c)
    return c;
  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  if (x->pos.col != y->pos.col)
    return x->pos.col < y->pos.col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

char *sp_diag_escape(const char *s)
{
  const unsigned char *u = (const unsigned char *)(s ? s : "");
  /* at most 4 bytes for each byte: "\x1b" for one, "\u0085" for two */
  char *out = sp_xmalloc(4 * strlen((const char *)u) + 1), *o = out;
  while (*u) {
    const size_t n = sp_utf8_at(u);
    const uint32_t c = n ? sp_utf8_point(u, n) : 0;
    if (n == 0 || c < 0x20 || c == 0x7f) {
      const char *named = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : NULL;
      o += named && n ? sprintf(o, "%s", named) : sprintf(o, "\\x%02x", *u);
      u++;
    } else if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
               (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      o += sprintf(o, "\\u%04x", (unsigned)c);
      u += n;
    } else {
      memcpy(o, u, n);
      o += n;
      u += n;
    }
  }
  *o = '\0';
  return out;
}

void sp_diag_line(FILE *f, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *text = vformat(fmt, ap), *shown = sp_diag_escape(text);
  va_end(ap);
  fprintf(f, "%s\n", shown);
  free(shown);
  free(text);
}

const char *sp_diag_at(sp_pos pos, char *buf, size_t size)
{
  if (pos.line > 0 && pos.col > 0)
    snprintf(buf, size, ":%d:%d", pos.line, pos.col);
  else if (pos.line > 0) /* an element's line (XML): no column */
    snprintf(buf, size, ":%d", pos.line);
  else if (size > 0)
    buf[0] = '\0';
  return buf;
}

char *sp_diag_format(const sp_diag *g)
{
  static const char *const sev[] = {"error", "warning", "note"};
  char where[64];
  sp_diag_at(g->pos, where, sizeof where);
  char *file = sp_diag_escape(g->file), *path = sp_diag_escape(g->path),
       *msg = sp_diag_escape(g->msg);
  char *line = sp_xasprintf("stemprint: %s: %s%s%s%s%s%s", sev[g->severity], file, where,
                            g->file ? ": " : "", path, g->path ? ": " : "", msg);
  free(file);
  free(path);
  free(msg);
  return line;
}

/* A message's shape: its text with every quoted name ('…') left out and
 * every number one '#', so that "bus 'b17' feeds nothing" and "bus 'b18'
 * feeds nothing" are one, and so are "plays from 12 s into its audio,
 * outside the file's 3.5 s" and "plays from 40 s …, … 1e-06 s"; digits
 * in a word are the word's (odd23=, odd24= are two). */
static char *shape_of(const char *msg)
{
  char *out = sp_xmalloc(strlen(msg) + 1), *o = out;
  bool quoted = false;
  for (const char *c = msg; *c; c++) {
    if (*c == '\'') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (isdigit((unsigned char)*c) &&
               (c == msg || !(isalnum((unsigned char)c[-1]) || c[-1] == '_'))) {
      /* a number (12, 3.5, 1e-06): one '#'; in a word (odd23), the word's */
      const char *e = c;
#define DIGIT(x) isdigit((unsigned char)(x))
      for (;;) {
        if (DIGIT(e[1]))
          e++;
        else if ((e[1] == '.' || e[1] == 'e' || e[1] == 'E') && DIGIT(e[2]))
          e += 2;
        else if ((e[1] == 'e' || e[1] == 'E') && (e[2] == '-' || e[2] == '+') && DIGIT(e[3]))
          e += 3;
        else
          break;
      }
#undef DIGIT
      c = e;
      *o++ = '#';
    } else {
      *o++ = *c;
    }
  }
  *o = '\0';
  return out;
}

/* Errors, or warnings, of one shape in one file printed before the rest
 * are counted instead (every one is still in --json, --junit and
 * --diagnostics, which list sp_diags_sorted). */
enum { SAME_SHAPE = 3 };

sp_diag *sp_diags_sorted(const sp_diags *d)
{
  sp_diag *sorted = sp_xmalloc((d->n ? d->n : 1) * sizeof *sorted);
  if (d->n)
    memcpy(sorted, d->v, d->n * sizeof *sorted);
  qsort(sorted, d->n, sizeof *sorted, cmp_diag);
  return sorted;
}

void sp_diags_print(const sp_diags *d, FILE *f)
{
  if (d->n == 0)
    return;
  sp_diag *sorted = sp_diags_sorted(d);
  typedef struct shape {
    char *text;
    const sp_diag *first;
    size_t seen;
  } shape;
  shape *shapes = NULL;
  size_t n_shapes = 0, cap = 0;
  for (size_t i = 0; i < d->n; i++) {
    const sp_diag *g = &sorted[i];
    if (g->severity != SP_SEV_NOTE) {
      char *t = shape_of(g->msg);
      size_t k = 0;
      while (k < n_shapes &&
             !(shapes[k].first->severity == g->severity && strcmp(shapes[k].text, t) == 0 &&
               strcmp(shapes[k].first->file ? shapes[k].first->file : "", g->file ? g->file : "") ==
                   0))
        k++;
      if (k == n_shapes) {
        SP_GROW(shapes, n_shapes, cap);
        shapes[n_shapes++] = (shape){t, g, 0};
      } else {
        free(t);
      }
      if (++shapes[k].seen > SAME_SHAPE)
        continue;
    }
    char *line = sp_diag_format(g);
    fprintf(f, "%s\n", line);
    free(line);
  }
  for (size_t k = 0; k < n_shapes; k++) {
    if (shapes[k].seen > SAME_SHAPE) {
      const char *sev = shapes[k].first->severity == SP_SEV_ERROR ? "error" : "warning";
      char *file = sp_diag_escape(shapes[k].first->file),
           *msg = sp_diag_escape(shapes[k].first->msg);
      const size_t more = shapes[k].seen - SAME_SHAPE;
      fprintf(f, "stemprint: %s: %s%s%zu more %s%s like '%s' (the first %d are above)\n", sev, file,
              shapes[k].first->file ? ": " : "", more, sev, more == 1 ? "" : "s", msg, SAME_SHAPE);
      free(file);
      free(msg);
    }
    free(shapes[k].text);
  }
  free(shapes);
  free(sorted);
}

/* Optimal-string-alignment distance (Levenshtein plus adjacent swaps, so
 * "gian" is one edit from "gain"), case-insensitive unless cased; short
 * words only. */
static size_t distance(const char *a, const char *b, bool cased)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return (size_t)-1;
  size_t m[65][65]; /* 33 KiB of stack; keeps this reentrant */
  for (size_t i = 0; i <= la; i++)
    m[i][0] = i;
  for (size_t j = 0; j <= lb; j++)
    m[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    for (size_t j = 1; j <= lb; j++) {
#define FOLD(c) (cased ? (int)(unsigned char)(c) : tolower((unsigned char)(c)))
      int ai = FOLD(a[i - 1]), bj = FOLD(b[j - 1]);
      size_t best = m[i - 1][j - 1] + (ai != bj);
      if (m[i - 1][j] + 1 < best)
        best = m[i - 1][j] + 1;
      if (m[i][j - 1] + 1 < best)
        best = m[i][j - 1] + 1;
      if (i > 1 && j > 1 && ai == FOLD(b[j - 2]) && FOLD(a[i - 2]) == bj &&
          m[i - 2][j - 2] + 1 < best)
#undef FOLD
        best = m[i - 2][j - 2] + 1;
      m[i][j] = best;
    }
  }
  return m[la][lb];
}

const char *sp_suggest(const char *word, const char *const *cands, size_t n)
{
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  size_t len = strlen(word);
  /* Allow one edit for short words, about a third of the letters for long. */
  size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  /* Of candidates as near ignoring case, the one nearest in case too:
   * {Nmae} is {Name}, not {name}. */
  size_t best_cased = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    size_t dist = distance(word, cands[i], false);
    if (dist > limit || dist > best_d)
      continue;
    size_t cased = distance(word, cands[i], true);
    if (dist < best_d || cased < best_cased) {
      best_d = dist;
      best_cased = cased;
      best = cands[i];
    }
  }
  return best;
}
