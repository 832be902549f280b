/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output file names from templates, and the rules a delivered file name
 * follows. A template is scanned twice with the same walker: once to check
 * it (at parse time, with positions), once per output to expand it (at
 * graph build, where the expanded name is checked again, since a name's
 * letters come from the recipe). */

#include "core/base/names.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const placeholders[] = {"recipe", "name",  "Name",   "NAME",   "kind",   "rate",
                                           "khz",    "depth", "format", "layout", "channel"};
enum { N_PLACEHOLDERS = sizeof placeholders / sizeof placeholders[0] };

static void say(char *why, size_t n, const char *fmt, const char *a, const char *b)
{
  if (why && n)
    snprintf(why, n, fmt, a, b);
}

bool sp_name_template_check(const char *tmpl, bool recipe_only, char *why, size_t why_size)
{
  for (const char *p = tmpl; *p; p++) {
    if (!recipe_only && (*p == '/' || *p == '\\')) {
      say(why, why_size,
          "'%s' holds a path separator ('%s'); a name is one file in the output folder "
          "(set the folder with output.dir)",
          tmpl, *p == '/' ? "/" : "\\");
      return false;
    }
    if ((unsigned char)*p < 0x20 || *p == 0x7f) {
      say(why, why_size, "'%s' holds a control character%s", tmpl, "");
      return false;
    }
    if (p[0] == '}' && p[1] == '}') {
      p++;
      continue;
    }
    if (*p == '}') {
      say(why, why_size, "'%s' has a '}' without its '{'; write '}}' for a literal brace%s", tmpl,
          "");
      return false;
    }
    if (*p != '{')
      continue;
    if (p[1] == '{') {
      p++;
      continue;
    }
    const char *end = strchr(p, '}');
    if (!end) {
      say(why, why_size, "'%s' has a '{' without its '}'; write '{{' for a literal brace%s", tmpl,
          "");
      return false;
    }
    char word[64];
    size_t len = (size_t)(end - p - 1);
    snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), p + 1);
    bool known = false;
    for (size_t k = 0; k < N_PLACEHOLDERS && !known; k++)
      known = strcmp(word, placeholders[k]) == 0 && (!recipe_only || k == 0);
    known |= recipe_only && strcmp(word, "input") == 0; /* a folder's: the whole file name */
    if (!known) {
      if (recipe_only) {
        say(why, why_size,
            "unknown placeholder '{%s}' in '%s'; a folder knows only {recipe} and {input}", word,
            tmpl);
        return false;
      }
      const char *near = sp_suggest(word, placeholders, N_PLACEHOLDERS);
      char list[256];
      snprintf(list, sizeof list,
               "%s%s%s; the placeholders are {recipe}, {name}, {Name}, {NAME}, {kind}, {rate}, "
               "{khz}, {depth}, {format}, {layout}, {channel}",
               near ? "; did you mean '{" : "", near ? near : "", near ? "}'?" : "");
      char head[128];
      snprintf(head, sizeof head, "unknown placeholder '{%s}'", word);
      if (why && why_size)
        snprintf(why, why_size, "%s in '%s'%s", head, tmpl, list);
      return false;
    }
    p = end;
  }
  return true;
}

/* The text a placeholder stands for, written to f. */
static void put_value(FILE *f, const char *word, size_t len, const sp_name_vars *v)
{
#define IS(s) (len == strlen(s) && strncmp(word, s, len) == 0)
  if (IS("recipe")) {
    fputs(v->recipe, f);
  } else if (IS("name") || IS("Name") || IS("NAME")) {
    for (const char *c = v->name; *c; c++) {
      int ch = (unsigned char)*c;
      if (IS("NAME") || (IS("Name") && c == v->name))
        ch = toupper(ch);
      fputc(ch, f);
    }
  } else if (IS("kind")) {
    fputs(v->kind, f);
  } else if (IS("rate")) {
    fprintf(f, "%.0f", v->rate_hz);
  } else if (IS("khz")) {
    fprintf(f, "%g", v->rate_hz / 1000.0);
  } else if (IS("depth")) {
    /* a lossy set's (0): its format says it */
    fputs(v->depth == 32 ? "32f" : v->depth == 16 ? "16" : v->depth == 24 ? "24" : v->format, f);
  } else if (IS("format")) {
    fputs(v->format, f);
  } else if (IS("layout")) {
    fputs(v->layout ? v->layout : "stereo", f);
  } else if (IS("channel")) {
    fputs(v->channel ? v->channel : "all", f);
  }
#undef IS
}

char *sp_name_expand(const char *tmpl, const sp_name_vars *v)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (const char *p = tmpl; *p; p++) {
    if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
      fputc(*p++, f);
      continue;
    }
    const char *end = *p == '{' ? strchr(p, '}') : NULL;
    if (!end) {
      fputc(*p, f);
      continue;
    }
    put_value(f, p + 1, (size_t)(end - p - 1), v);
    p = end;
  }
  fclose(f);
  return text;
}

bool sp_file_name_char_ok(char c)
{
  return c != '/' && c != '\\' && (unsigned char)c >= 0x20 && c != 0x7f && !strchr("<>:\"|?*%=;", c);
}

bool sp_file_name_check(const char *name, char *why, size_t why_size)
{
  size_t n = strlen(name);
  if (n == 0) {
    say(why, why_size, "the name is empty%s%s", "", "");
    return false;
  }
  if (n > 255) {
    say(why, why_size, "'%.40s...' is longer than 255 bytes, the longest file name%s", name, "");
    return false;
  }
  for (const char *c = name; *c; c++) {
    if (sp_file_name_char_ok(*c))
      continue;
    if (*c == '/' || *c == '\\') {
      say(why, why_size, "'%s' holds a path separator%s", name, "");
      return false;
    }
    if ((unsigned char)*c < 0x20 || *c == 0x7f) {
      say(why, why_size, "'%s' holds a control character%s", name, "");
      return false;
    }
    if (strchr("<>:\"|?*", *c)) {
      char bad[2] = {*c, '\0'};
      say(why, why_size, "'%s' holds '%s', which Windows refuses in a file name", name, bad);
      return false;
    }
    if (strchr("%=;", *c)) {
      char bad[2] = {*c, '\0'};
      say(why, why_size,
          *c == ';' ? "'%s' holds '%s', which make cannot take in a file name (depfiles, the "
                      "album Makefile)"
                    : "'%s' holds '%s', which make reads back in a file name only escaped "
                      "(depfiles, the album Makefile's rules)",
          name, bad);
      return false;
    }
  }
  if (name[0] == '.') {
    say(why, why_size,
        "'%s' starts with '.': a hidden file (and stemprint's own temporary files start so)%s",
        name, "");
    return false;
  }
  if (name[0] == '-') {
    say(why, why_size, "'%s' starts with '-', which most commands read as an option%s", name, "");
    return false;
  }
  if (name[n - 1] == ' ' || name[n - 1] == '.') {
    say(why, why_size, "'%s' ends with %s, which Windows drops", name,
        name[n - 1] == ' ' ? "a space" : "'.'");
    return false;
  }
  /* Windows' device names, whatever follows the first dot. */
  static const char *const devices[] = {"CON", "PRN", "AUX", "NUL"};
  size_t stem = strcspn(name, ".");
  bool reserved = false;
  for (size_t k = 0; k < 4 && !reserved; k++)
    reserved = stem == 3 && strncasecmp(name, devices[k], 3) == 0;
  if (!reserved && stem == 4 &&
      (strncasecmp(name, "COM", 3) == 0 || strncasecmp(name, "LPT", 3) == 0) && name[3] >= '1' &&
      name[3] <= '9')
    reserved = true;
  if (reserved) {
    say(why, why_size, "'%s' is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)%s",
        name, "");
    return false;
  }
  return true;
}
