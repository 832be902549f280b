/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the recipe's text (sp_recipe_yaml) wrote each path: the positions
 * the parser notes (sp_recipe_note) when it reads that text, found in the
 * text the walk wrote (its own shapes only: block mappings of the root and
 * the strips, block lists of flow items, flow mappings and lists on one
 * line, comments), so that a recipe that was not read from it (a
 * session's) is positioned at the lines of the text it is written as.
 * tests/test_walk.c holds the positions equal to the parser's, path by
 * path, over every recipe it round-trips. */

#include "core/recipe/walk.h"

#include "core/base/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct at {
  sp_recipe *r;
  const char *line; /* the line being read */
  int line_no;
} at;

/* The column (from 1) of c on its line: the parser counts characters,
 * not bytes. */
static int col_of(const at *a, const char *c)
{
  int col = 1;
  for (const char *q = a->line; q < c; q++)
    col += ((unsigned char)*q & 0xC0) != 0x80;
  return col;
}

static void note(at *a, const char *path, const char *c)
{
  sp_recipe_note(a->r, path, (sp_pos){a->line_no, col_of(a, c)});
}

/* A key or scalar at c, quoted or plain (ending at one of stops or the
 * end of the line), into *text (heap, unquoted); the character after. */
static const char *scalar(const char *c, const char *stops, char **text)
{
  sp_writer w = {0};
  if (*c == '"') {
    for (c++; *c && *c != '"' && *c != '\n'; c++) {
      if (*c == '\\' && c[1] == 'u') { /* \uXXXX: its hex digits, as many as there are */
        unsigned v = 0;
        size_t k = 0;
        for (; k < 4 && isxdigit((unsigned char)c[2 + k]); k++)
          v = v * 16 + (unsigned)(isdigit((unsigned char)c[2 + k]) ? c[2 + k] - '0'
                                                                  : (c[2 + k] | 0x20) - 'a' + 10);
        const char ch = (char)v;
        sp_write_n(&w, &ch, 1);
        c += 1 + k; /* on its last digit (or the u) */
      } else {
        c += *c == '\\' && c[1];
        sp_write_n(&w, c, 1);
      }
    }
    c += *c == '"';
  } else {
    const char *s = c;
    while (*c && *c != '\n' && !strchr(stops, *c))
      c++;
    sp_write_n(&w, s, (size_t)(c - s));
  }
  sp_write(&w, "%s", "");
  *text = sp_writer_take(&w);
  return c;
}

static char *join(const char *path, const char *key)
{
  return *path ? sp_xasprintf("%s.%s", path, key) : sp_xstrdup(key);
}

/* Whether the parser notes a key of the mapping at path at the key, not
 * at its value: a track's or a bus's name, a named list's item (versions),
 * an insert's or an instrument's processor (its one key). */
static bool at_key(const char *path)
{
  if (strcmp(path, "tracks") == 0 || strcmp(path, "buses") == 0 ||
      strcmp(path, "versions") == 0)
    return true;
  const char *last = strrchr(path, '.');
  last = last ? last + 1 : path;
  const size_t n = strlen(last);
  if (strcmp(last, "instrument") == 0 && strncmp(path, "tracks.", 7) == 0 &&
      last > path + 7 && !strchr(path, '[')) /* tracks.NAME.instrument, not a track so named */
    return true;
  return n > 0 && last[n - 1] == ']' &&
         (strncmp(last, "inserts[", 8) == 0 || strncmp(last, "post_inserts[", 13) == 0);
}

/* Whether the parser notes the items of the list at path: a list's, not
 * those of a list in a list (a point's values), but a `vca:` list's, whose
 * items are curves and their items points; never those of `mute_points:`,
 * `tempo:` or `invert:`. */
static bool item_noted(const char *path)
{
  size_t depth = 0; /* the lists path is in, below its key */
  const char *end = path + strlen(path);
  while (end > path && end[-1] == ']') {
    while (end > path && end[-1] != '[')
      end--;
    end -= end > path;
    depth++;
  }
  const char *key = end;
  while (key > path && key[-1] != '.')
    key--;
  const size_t n = (size_t)(end - key);
#define IS(word) (n == strlen(word) && strncmp(key, word, n) == 0)
  if (IS("mute_points") || IS("tempo") || IS("invert"))
    return false;
  return IS("vca") ? depth == 1 : depth == 0;
#undef IS
}

static const char *flow(at *a, const char *c, const char *path);

/* A flow mapping's keys or a flow list's items from c (past its opening
 * bracket) to its close; the character after. */
static const char *flow_items(at *a, const char *c, const char *path, bool list)
{
  const char close = list ? ']' : '}';
  for (size_t i = 0; *c && *c != '\n' && *c != close; i++) {
    const char *from = c;
    while (*c == ' ' || *c == ',')
      c++;
    if (*c == close)
      break;
    char *sub;
    if (list) {
      sub = sp_xasprintf("%s[%zu]", path, i);
      if (item_noted(path))
        note(a, sub, c);
      c = flow(a, c, sub);
    } else {
      const char *key = c;
      char *name;
      c = scalar(c, ":", &name);
      c += *c == ':';
      c += *c == ' ';
      sub = join(path, name);
      note(a, sub, at_key(path) ? key : c);
      c = flow(a, c, sub);
      free(name);
    }
    free(sub);
    if (c == from) /* not a text the walk wrote: no further */
      break;
  }
  return c + (*c == close);
}

/* A value at c in the flow style (a mapping, a list or a scalar), its
 * keys and items noted under path; the character after. */
static const char *flow(at *a, const char *c, const char *path)
{
  if (*c == '{' || *c == '[')
    return flow_items(a, c + 1, path, *c == '[');
  char *text;
  c = scalar(c, ",]}", &text);
  free(text);
  return c;
}

/* The block mappings a level each, by indentation. */
typedef struct level {
  int indent;
  char *path;
  size_t items; /* a block list's items so far */
} level;

void sp_recipe_place(sp_recipe *r, const char *text)
{
  for (size_t i = 0; i < r->n_where; i++)
    free(r->where[i].path);
  r->n_where = 0;
  at a = {.r = r};
  level levels[16];
  size_t n = 0;
  char *pending = NULL; /* a key whose value is the block below it */
  for (const char *line = text; *line;) {
    a.line = line;
    a.line_no++;
    const char *eol = strchr(line, '\n');
    const char *c = line;
    while (*c == ' ')
      c++;
    const int indent = (int)(c - line);
    if (*c && *c != '\n' && *c != '#') {
      if (pending) { /* the value below a key: where its block starts */
        note(&a, pending, c);
        free(pending);
        pending = NULL;
      }
      const bool item = c[0] == '-' && c[1] == ' ';
      while (n > 0 && (levels[n - 1].indent > indent ||
                       (levels[n - 1].indent == indent && !item)))
        free(levels[--n].path);
      const char *parent = n ? levels[n - 1].path : "";
      if (item && n > 0) {
        char *ip = sp_xasprintf("%s[%zu]", parent, levels[n - 1].items++);
        c += 2;
        note(&a, ip, c);
        char *head = NULL;
        const char *colon = c;
        if (*c != '{' && *c != '[') /* `- NAME: {...}`: a mapping of one key */
          colon = scalar(c, ":", &head);
        free(head);
        if (*colon == ':') {
          char *name;
          const char *v = scalar(c, ":", &name) + 2;
          char *kp = join(ip, name);
          note(&a, kp, at_key(ip) ? c : v);
          flow(&a, v, kp);
          free(kp);
          free(name);
        } else {
          flow(&a, c, ip);
        }
        free(ip);
      } else if (!item) {
        char *name;
        const char *v = scalar(c, ":", &name);
        v += *v == ':';
        char *kp = join(parent, name);
        if (*v == '\n' || !*v) {
          if (at_key(parent))
            note(&a, kp, c);
          else
            pending = sp_xstrdup(kp);
          if (n < sizeof levels / sizeof *levels)
            levels[n++] = (level){indent, sp_xstrdup(kp), 0};
        } else {
          v += *v == ' ';
          note(&a, kp, at_key(parent) ? c : v);
          flow(&a, v, kp);
        }
        free(kp);
        free(name);
      }
    }
    line = eol ? eol + 1 : line + strlen(line);
  }
  free(pending);
  while (n > 0)
    free(levels[--n].path);
}
