/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ISRC's one rule and its one form (core/base/isrc.h). */

#include "core/base/isrc.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The n characters of an ISRC's part at p: each a capital (letters),
 * a digit (digits), or either. */
static bool part_ok(const char *p, size_t n, bool letters, bool digits)
{
  for (size_t i = 0; i < n; i++)
    if (!((letters && is_upper(p[i])) || (digits && is_digit(p[i]))))
      return false;
  return true;
}

static bool any_lower(const char *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (is_lower(p[i]))
      return true;
  return false;
}

bool sp_isrc_valid(const char *s, char why[128])
{
  const size_t len = s ? strlen(s) : 0;
  if (len == 0) {
    snprintf(why, 128, "an ISRC is CC-XXX-YY-NNNNN (e.g. US-RC1-76-07839); it is empty");
    return false;
  }
  if (len != 12 && len != 15) {
    snprintf(why, 128,
             "'%.20s' is %zu characters: an ISRC is CC-XXX-YY-NNNNN (15) or the same without "
             "hyphens (12)",
             s, len);
    return false;
  }
  char c[12];
  if (len == 15) {
    if (s[2] != '-' || s[6] != '-' || s[9] != '-') {
      snprintf(why, 128,
               "'%s': its hyphens go after the country, the registrant and the year: "
               "CC-XXX-YY-NNNNN",
               s);
      return false;
    }
    memcpy(c, s, 2);
    memcpy(c + 2, s + 3, 3);
    memcpy(c + 5, s + 7, 2);
    memcpy(c + 7, s + 10, 5);
  } else
    memcpy(c, s, 12);
  static const struct {
    size_t at, n;
    bool letters, digits;
    const char *what;
  } parts[] = {{0, 2, true, false, "the country code '%.2s' is two letters (ISO 3166-1)"},
               {2, 3, true, true, "the registrant code '%.3s' is three letters or digits"},
               {5, 2, false, true, "the year '%.2s' is two digits"},
               {7, 5, false, true, "the designation code '%.5s' is five digits"}};
  for (size_t k = 0; k < 4; k++) {
    const char *p = c + parts[k].at;
    if (part_ok(p, parts[k].n, parts[k].letters, parts[k].digits))
      continue;
    char what[80];
    snprintf(what, sizeof what, parts[k].what, p);
    snprintf(why, 128, "'%s': %s%s", s, what,
             parts[k].letters && any_lower(p, parts[k].n) ? "; write its letters in capitals" : "");
    return false;
  }
  return true;
}

void sp_isrc_compact(const char *s, char out[13])
{
  size_t n = 0;
  for (const char *p = s; *p && n < 12; p++)
    if (*p != '-')
      out[n++] = *p;
  out[n] = '\0';
}
