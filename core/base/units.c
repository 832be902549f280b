/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit parsing. Every value a recipe gives goes through here, so the rules
 * are the same everywhere: a strict decimal number, optional blanks, then a
 * unit of the field's family. We do not use strtod's full grammar on purpose:
 * `0x10`, `nan` and `infinity` are not values a mixing engineer means. */

#include "core/base/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Scan a plain decimal at s: [+-]digits[.digits][e[+-]digits]. Returns the
 * number of characters used, 0 when there is no number. */
static size_t scan_number(const char *s, double *out)
{
  size_t i = 0, digits = 0;
  if (s[i] == '+' || s[i] == '-')
    i++;
  while (isdigit((unsigned char)s[i]))
    i++, digits++;
  if (s[i] == '.') {
    i++;
    while (isdigit((unsigned char)s[i]))
      i++, digits++;
  }
  if (digits == 0)
    return 0;
  if (s[i] == 'e' || s[i] == 'E') {
    size_t j = i + 1;
    if (s[j] == '+' || s[j] == '-')
      j++;
    if (isdigit((unsigned char)s[j])) {
      while (isdigit((unsigned char)s[j]))
        j++;
      i = j;
    }
  }
  char buf[64];
  if (i >= sizeof buf)
    return 0;
  memcpy(buf, s, i);
  buf[i] = '\0';
  *out = strtod(buf, NULL);
  return i;
}

static const char *skip_blanks(const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

/* Trailing blanks are allowed after the unit. */
static bool only_blanks(const char *s) { return *skip_blanks(s) == '\0'; }

typedef struct unit_spelling {
  const char *text;
  double scale;
} unit_spelling;

/* Units each family accepts; the first is the canonical one. */
static const unit_spelling db_units[] = {{"dB", 1}, {NULL, 0}};
static const unit_spelling dbfs_units[] = {{"dBFS", 1}, {"dB", 1}, {NULL, 0}};
static const unit_spelling dbtp_units[] = {{"dBTP", 1}, {"dB", 1}, {NULL, 0}};
static const unit_spelling lufs_units[] = {{"LUFS", 1}, {"LKFS", 1}, {NULL, 0}};
static const unit_spelling lu_units[] = {{"LU", 1}, {NULL, 0}};
static const unit_spelling sec_units[] = {{"s", 1}, {"ms", 1e-3}, {NULL, 0}};
static const unit_spelling hz_units[] = {{"Hz", 1}, {"kHz", 1e3}, {NULL, 0}};
static const unit_spelling st_units[] = {{"st", 1}, {NULL, 0}};
static const unit_spelling kbps_units[] = {{"kbps", 1}, {NULL, 0}};
static const unit_spelling no_units[] = {{NULL, 0}};

static const unit_spelling *spellings(sp_unit u)
{
  switch (u) {
  case SP_UNIT_DB: return db_units;
  case SP_UNIT_DBFS: return dbfs_units;
  case SP_UNIT_DBTP: return dbtp_units;
  case SP_UNIT_LUFS: return lufs_units;
  case SP_UNIT_LU: return lu_units;
  case SP_UNIT_SECONDS: return sec_units;
  case SP_UNIT_HZ: return hz_units;
  case SP_UNIT_SEMITONES: return st_units;
  case SP_UNIT_KBPS: return kbps_units;
  case SP_UNIT_NUMBER: break;
  }
  return no_units;
}

const char *sp_unit_name(sp_unit u)
{
  const unit_spelling *s = spellings(u);
  return s[0].text ? s[0].text : "";
}

const char *sp_unit_spelling(sp_unit u, size_t i)
{
  const unit_spelling *s = spellings(u);
  for (size_t k = 0; k < i && s->text; k++)
    s++;
  return s->text;
}

const char *sp_unit_example(sp_unit u)
{
  switch (u) {
  case SP_UNIT_DB: return "'-3 dB' or '-inf dB'";
  case SP_UNIT_DBFS: return "'-18 dBFS'";
  case SP_UNIT_DBTP: return "'-1 dBTP'";
  case SP_UNIT_LUFS: return "'-14 LUFS'";
  case SP_UNIT_LU: return "'1 LU'";
  case SP_UNIT_SECONDS: return "'10 ms', '1.5 s' or '1:32.5'";
  case SP_UNIT_HZ: return "'100 Hz' or '2.5 kHz'";
  case SP_UNIT_SEMITONES: return "'-2 st' or '0.5 st'";
  case SP_UNIT_KBPS: return "'320 kbps'";
  case SP_UNIT_NUMBER: break;
  }
  return "'1.5'";
}

bool sp_units_is_unit_word(const char *word)
{
  static const sp_unit families[] = {SP_UNIT_DB, SP_UNIT_DBFS,    SP_UNIT_DBTP, SP_UNIT_LUFS,
                                     SP_UNIT_LU, SP_UNIT_SECONDS, SP_UNIT_HZ,   SP_UNIT_KBPS};
  for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
    for (const unit_spelling *u = spellings(families[f]); u->text; u++)
      if (strcasecmp(word, u->text) == 0)
        return true;
  /* Frames are a time unit of their own (sp_units_parse_time). */
  return strcasecmp(word, "smp") == 0;
}

double sp_db_to_lin(double db) { return isinf(db) && db < 0 ? 0.0 : pow(10.0, db / 20.0); }

double sp_lin_to_db(double lin) { return lin > 0 ? 20.0 * log10(lin) : -INFINITY; }

static bool fail(char *why, size_t n, const char *fmt, const char *a, const char *b)
{
  if (why && n)
    snprintf(why, n, fmt, a, b);
  return false;
}

/* The spelling of unit's family that text[0..len) is, ignoring case (the
 * caller tells a spelling of another case); NULL: none. */
static const unit_spelling *spelling(sp_unit unit, const char *text, size_t len)
{
  for (const unit_spelling *u = spellings(unit); u->text; u++)
    if (strlen(u->text) == len && strncasecmp(text, u->text, len) == 0)
      return u;
  return NULL;
}

/* Whether v seconds (written as text) is a time a recipe holds: 0 ..
 * SP_MAX_SECONDS; else why. */
static bool time_held(double v, const char *text, char *why, size_t why_size)
{
  if (v < 0)
    return fail(why, why_size, "'%s': a time cannot be negative%s", text, "");
  if (!(v <= SP_MAX_SECONDS))
    return fail(why, why_size, "'%s' is longer than %s, the longest stemprint renders", text,
                SP_MAX_TEXT);
  return true;
}

/* What a value of unit `got` is told where unit is wanted. */
static bool misfit(sp_unit unit, const char *got, char *why, size_t why_size)
{
  return fail(why, why_size, "unit '%s' does not fit here; expected a value like %s", got,
              sp_unit_example(unit));
}

static bool is_db_family(sp_unit u)
{
  return u == SP_UNIT_DB || u == SP_UNIT_DBFS || u == SP_UNIT_DBTP;
}

/* m:ss.fff or h:mm:ss.fff; returns false when text is not of that shape. */
static bool parse_clock(const char *text, double *sec)
{
  double parts[3];
  size_t n = 0;
  const char *s = skip_blanks(text);
  for (;;) {
    if (n == 3 || !isdigit((unsigned char)*s))
      return false;
    double v;
    size_t used = scan_number(s, &v);
    if (!used)
      return false;
    /* Only the last field may have a fraction. */
    const char *dot = memchr(s, '.', used);
    if (memchr(s, 'e', used) || memchr(s, 'E', used))
      return false;
    parts[n++] = v;
    s += used;
    if (*s != ':') {
      if (!only_blanks(s) || n < 2)
        return false;
      break;
    }
    if (dot)
      return false;
    s++;
  }
  /* Fields after the first are 0..59 (seconds may be 59.999). */
  for (size_t i = 1; i < n; i++)
    if (parts[i] >= 60)
      return false;
  double total = 0;
  for (size_t i = 0; i < n; i++)
    total = total * 60 + parts[i];
  *sec = total;
  return true;
}

bool sp_units_parse(sp_unit unit, const char *text, double *value, char *why, size_t why_size)
{
  const char *s = skip_blanks(text);
  const char *expect = sp_unit_example(unit);

  if (is_db_family(unit) && strncmp(s, "-inf", 4) == 0) {
    const char *rest = skip_blanks(s + 4);
    const unit_spelling *u = spellings(unit);
    bool ok = *rest == '\0';
    for (; !ok && u->text; u++)
      ok = strncmp(rest, u->text, strlen(u->text)) == 0 && only_blanks(rest + strlen(u->text));
    if (!ok)
      return fail(why, why_size, "expected a level like %s, got '%s'", expect, text);
    *value = -INFINITY;
    return true;
  }
  if (unit == SP_UNIT_SECONDS && strchr(s, ':')) {
    if (parse_clock(s, value))
      return true;
    size_t colons = 0;
    for (const char *c = s; *c; c++)
      colons += *c == ':';
    if (colons == 3) /* 01:00:00:00: timecode, with frames */
      return fail(why, why_size,
                  "'%s' looks like timecode with frames (hh:mm:ss:ff); a time is m:ss.fff or "
                  "h:mm:ss.fff: write the frames as a fraction of a second ('01:00:00:00' is "
                  "'1:00:00')",
                  text, "");
    return fail(why, why_size,
                "'%s' is not a time of the form m:ss.fff or h:mm:ss.fff (minutes and seconds "
                "below 60, like '1:32.5' or '1:00:00')",
                text, "");
  }

  double v;
  size_t used = scan_number(s, &v);
  if (!used)
    return fail(why, why_size, "expected a value like %s, got '%s'", expect, text);
  if (!isfinite(v)) /* 1e400: beyond any double, not a value anyone means */
    return fail(why, why_size, "'%s' is too large a number; expected a value like %s", text,
                expect);
  const char *rest = skip_blanks(s + used);
  if (*rest == '\0') {
    *value = v;
    return true;
  }
  size_t len = strcspn(rest, " \t");
  if (!only_blanks(rest + len))
    return fail(why, why_size, "expected a value like %s, got '%s'", expect, text);
  const unit_spelling *u = spelling(unit, rest, len);
  if (u && strncmp(rest, u->text, len) == 0) {
    *value = v * u->scale;
    return true;
  }
  char got[32];
  snprintf(got, sizeof got, "%.*s", (int)(len < 31 ? len : 31), rest);
  if (u)
    return fail(why, why_size, "unit '%s' is spelled '%s'", got, u->text);
  if (unit == SP_UNIT_NUMBER)
    return fail(why, why_size, "expected a plain number, got '%s'%s", text, "");
  return misfit(unit, got, why, why_size);
}

bool sp_unit_convert(double v, sp_unit from, sp_unit to, double *out, char *why, size_t why_size)
{
  const char *name = sp_unit_name(from);
  const unit_spelling *u =
      from == SP_UNIT_NUMBER ? &(const unit_spelling){"", 1} : spelling(to, name, strlen(name));
  if (!u || strcmp(u->text, name) != 0)
    return misfit(to, name, why, why_size);
  char text[48];
  snprintf(text, sizeof text, "%g s", v * u->scale);
  if (to == SP_UNIT_SECONDS && !time_held(v * u->scale, text, why, why_size))
    return false;
  *out = v * u->scale;
  return true;
}

bool sp_units_parse_time(const char *text, sp_time *t, char *why, size_t why_size)
{
  const char *s = skip_blanks(text);
  double v;
  size_t used = scan_number(s, &v);
  const char *rest = used ? skip_blanks(s + used) : s;
  if (used && strncmp(rest, "smp", 3) == 0 && only_blanks(rest + 3)) {
    if (v < 0 || v != floor(v))
      return fail(why, why_size, "'%s': a count of samples (smp) must be a whole number %s", text,
                  "of 0 or more");
    if (!(v <= (double)SP_MAX_FRAMES))
      return fail(why, why_size,
                  "'%s' is longer than %s at any sample rate, the longest stemprint "
                  "renders",
                  text, SP_MAX_TEXT);
    t->in_frames = true;
    t->frames = (int64_t)v;
    t->seconds = 0;
    return true;
  }
  if (!sp_units_parse(SP_UNIT_SECONDS, text, &v, why, why_size)) {
    /* Mention smp, which the generic message for seconds does not. */
    if (why && strstr(why, "expected a value like"))
      snprintf(why, why_size,
               "expected a time like '10 ms', '1.5 s', '480 smp' or '1:32.5', "
               "got '%s'",
               text);
    return false;
  }
  if (!time_held(v, text, why, why_size))
    return false;
  t->in_frames = false;
  t->seconds = v;
  t->frames = 0;
  return true;
}

int64_t sp_time_frames(sp_time t, double rate)
{
  if (t.in_frames)
    return t.frames;
  return (int64_t)llround(t.seconds * rate);
}

double sp_time_frames_exact(sp_time t, double rate)
{
  if (t.in_frames)
    return (double)t.frames;
  const double x = t.seconds * rate, whole = nearbyint(x);
  return fabs(x - whole) <= 1e-6 ? whole : x;
}

double sp_time_seconds(sp_time t, double rate)
{
  return t.in_frames ? (double)t.frames / rate : t.seconds;
}
