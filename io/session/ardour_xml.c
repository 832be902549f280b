/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every part of the Ardour reader reads the same way
 * (io/session/ardour_reader.h): Ardour's times (superclock, beats, 6.x
 * samples) placed through the tempo map, a control's value, the session's
 * sources and their files. */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool ardour_parse_time(reader *r, const xmlNode *n, const char *s, atime *t)
{
  if (!s || !*s)
    return false;
  *t = (atime){.beats = s[0] == 'b', .frames = s[0] != 'a' && s[0] != 'b'};
  const char *digits = t->frames ? s : s + 1;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(digits, &end, 10);
  /* a time is an int62_t in Ardour (temporal's timepos_t): one past it is
   * none Ardour writes, and a position and a length added stay in int64 */
  if (errno || end == digits || (*end && *end != '@') || v < 0 || v >= INT64_C(1) << 62) {
    error(r, n, SP_ERR_USAGE, "%s: '%.40s' is not a time Ardour writes", (const char *)n->name, s);
    return false;
  }
  t->v = v;
  return true;
}

bool ardour_superclock_of(reader *r, const xmlNode *n, atime t, int64_t *sc)
{
  if (!t.beats) {
    *sc = t.v;
    return true;
  }
  if (sp_tempo_map_superclock_at(&r->map, t.v, sc))
    return true;
  if (!r->said_tempo)
    error(r, n, SP_ERR_USAGE,
          r->map.n ? "%s: beat time %lld ticks is past where the tempo map's ramp holds"
                   : "%s: a time in beats (%lld ticks) and no tempo map to read it by",
          (const char *)n->name, (long long)t.v);
  r->said_tempo = true;
  return false;
}

/* A time on the timeline: superclock ticks, or frames (*frames: 6.x). */
static bool timeline_of(reader *r, const xmlNode *n, const char *s, int64_t *v, bool *frames)
{
  atime t;
  if (!ardour_parse_time(r, n, s, &t))
    return false;
  *frames = t.frames;
  if (t.frames) {
    *v = t.v;
    return true;
  }
  return ardour_superclock_of(r, n, t, v);
}

bool ardour_time_of(reader *r, const xmlNode *n, const char *s, double *out)
{
  int64_t v;
  bool frames;
  if (!timeline_of(r, n, s, &v, &frames))
    return false;
  *out = frames ? (double)v / r->rate : (double)v / (double)r->map.scps;
  return true;
}

bool ardour_frame_of(reader *r, const xmlNode *n, const char *s, int64_t *out)
{
  int64_t v;
  bool frames;
  if (!timeline_of(r, n, s, &v, &frames))
    return false;
  *out = frames ? v : sp_ardour_frame_of(&r->map, v, (int64_t)r->rate);
  return true;
}

bool ardour_length_of(reader *r, const xmlNode *n, const char *s, int64_t *out)
{
  atime len, pos;
  if (!ardour_parse_time(r, n, s, &len))
    return false;
  if (len.frames) {
    *out = len.v;
    return true;
  }
  int64_t sc = len.v;
  if (len.beats) {
    const char *at = strchr(s, '@');
    int64_t a, b;
    if (!at || !ardour_parse_time(r, n, at + 1, &pos) || !pos.beats) {
      error(r, n, SP_ERR_USAGE,
            "%s: the length '%.40s' is in beats from a position not in beats; Ardour writes an "
            "audio region's length in superclock ('a...')",
            (const char *)n->name, s);
      return false;
    }
    if (!ardour_superclock_of(r, n, pos, &a) ||
        !ardour_superclock_of(r, n, (atime){.v = pos.v + len.v, .beats = true}, &b))
      return false;
    sc = b - a;
  }
  *out = sp_ardour_frame_of(&r->map, sc, (int64_t)r->rate);
  return true;
}

const xmlNode *ardour_controllable(const xmlNode *n, const char *name)
{
  return sp_xml_child_with(n, "Controllable", "name", name);
}

const char *ardour_option(const xmlNode *root, const char *name)
{
  const xmlNode *o = sp_xml_child_with(sp_xml_child(root, "Config"), "Option", "name", name);
  return o ? sp_xml_attr(o, "value") : NULL;
}

double ardour_value_of(reader *r, const xmlNode *c, double def)
{
  double v = def;
  if (c)
    sp_xml_number(c, "value", &v, r->path, r->d);
  return v;
}

/* Whether value s (by its place) is said for the first time: a value
 * parts of the reader read again is said once. */
static bool first_said(reader *r, const char *s)
{
  char at[32];
  snprintf(at, sizeof at, "%p", (const void *)s);
  const size_t said = r->bad_switches.n;
  sp_strmap_put(&r->bad_switches, at, 0);
  return r->bad_switches.n > said;
}

bool ardour_switch(reader *r, const xmlNode *n, const char *name, bool def)
{
  const char *s = n ? sp_xml_attr(n, name) : NULL;
  if (!s)
    return def;
  const size_t len = strlen(s);
  if (strcmp(s, "1") == 0 || strcmp(s, "y") == 0)
    return true;
  if (strcmp(s, "0") == 0 || strcmp(s, "n") == 0)
    return false;
  static const char *const words[] = {"yes", "no", "true", "false"};
  for (size_t k = 0; len && k < sizeof words / sizeof *words; k++)
    if (strncasecmp(s, words[k], len) == 0)
      return k % 2 == 0;
  if (first_said(r, s))
    error(r, n, SP_ERR_USAGE, "%s: attribute %s='%.40s' is not a switch; write 1 or 0",
          (const char *)n->name, name, s);
  return def;
}

/* Attribute name='s' of n, a word Ardour reads none of (names: what it
 * reads), an error at n said once. */
static void none_read(reader *r, const xmlNode *n, const char *name, const char *s,
                      const ardour_name *names, bool bits)
{
  if (!first_said(r, s))
    return;
  char known[256] = "";
  for (const ardour_name *k = names; k->name; k++)
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k == names ? "" : ", ",
             k->name);
  error(r, n, SP_ERR_USAGE, "%s: attribute %s='%.40s' is none Ardour reads; write %s of %s",
        (const char *)n->name, name, s, bits ? "names, between commas," : "one", known);
}

bool ardour_enum_parse(const ardour_name *names, bool bits, const char *s, unsigned *v)
{
  const size_t len = strlen(s);
  if ((len > 2 && s[0] == '0' && s[1] == 'x') || strspn(s, "0123456789") == len) {
    errno = 0;
    const long x = strtol(s, NULL, len > 2 && s[1] == 'x' ? 16 : 10);
    /* Ardour takes it as an int; of flags, it looks for each bit up to
     * it, one past 2^30 overflowing (no session loads) */
    if (errno || x < 0 || x > (bits ? (1L << 30) - 1 : INT_MAX))
      return false;
    bool named = x == 0;
    *v = 0;
    for (const ardour_name *k = names; k->name; k++)
      if (bits && (k->value & (k->value - 1)) == 0)
        *v |= (unsigned)x & k->value;
      else if (!bits && k->value == (unsigned)x)
        named = true;
    if (!bits)
      *v = named ? (unsigned)x : names[0].value;
    return true;
  }
  bool found = false;
  *v = 0;
  for (const char *seg = s;; seg++) {
    const size_t n = bits ? strcspn(seg, ",") : strlen(seg);
    for (const ardour_name *k = names; k->name; k++)
      if (strlen(k->name) == n && strncasecmp(seg, k->name, n) == 0) {
        *v |= k->value;
        found = true;
      }
    seg += n;
    if (!*seg)
      break;
  }
  return found;
}

unsigned ardour_enum(reader *r, const xmlNode *n, const char *name, const ardour_name *names,
                     bool bits, unsigned def)
{
  const char *s = n ? sp_xml_attr(n, name) : NULL;
  unsigned v;
  if (!s)
    return def;
  if (ardour_enum_parse(names, bits, s, &v))
    return v;
  none_read(r, n, name, s, names, bits);
  return def;
}

unsigned ardour_word(reader *r, const xmlNode *n, const char *name, const ardour_name *names,
                     unsigned def)
{
  const char *s = n ? sp_xml_attr(n, name) : NULL;
  if (!s)
    return def;
  for (const ardour_name *k = names; k->name; k++)
    if (strcmp(s, k->name) == 0)
      return k->value;
  if (r)
    none_read(r, n, name, s, names, false);
  return def;
}

bool ardour_is_type(const char *s, const char *type)
{
  const size_t n = strlen(s);
  const char *is = strncasecmp(s, "audio", n) == 0  ? "audio"
                   : strncasecmp(s, "midi", n) == 0 ? "midi"
                                                    : NULL;
  return is && strcmp(is, type) == 0;
}

bool ardour_option_switch(reader *r, const char *name, bool def)
{
  return ardour_switch(
      r, sp_xml_child_with(sp_xml_child(r->root, "Config"), "Option", "name", name), "value", def);
}

/* ---- sources ---------------------------------------------------------------- */

char *ardour_find_source(reader *r, const char *name, const char *kind)
{
  char *found = NULL;
  if (name[0] == '/')
    found = access(name, R_OK) == 0 ? sp_xstrdup(name) : NULL;
  if (name[0] == '/' || strstr(name, "..") || strchr(name, '/')) {
    if (found && r->o->stage) /* the import writes no file over it */
      sp_outdir_stage_reads(r->o->stage, found);
    return found;
  }
  char *ic = sp_xasprintf("%s/interchange", r->dir);
  DIR *dd = opendir(ic);
  for (struct dirent *e; dd && !found && (e = readdir(dd));) {
    if (e->d_name[0] == '.')
      continue;
    char *p = sp_xasprintf("%s/%s/%s/%s", ic, e->d_name, kind, name);
    if (access(p, R_OK) == 0)
      found = p;
    else
      free(p);
  }
  if (dd)
    closedir(dd);
  free(ic);
  if (found && r->o->stage)
    sp_outdir_stage_reads(r->o->stage, found);
  return found;
}

void ardour_read_sources(reader *r, const xmlNode *root)
{
  const xmlNode *ss = sp_xml_child(root, "Sources");
  for (const xmlNode *s = sp_xml_child(ss, "Source"); s; s = sp_xml_next(s, "Source")) {
    const char *type = sp_xml_attr(s, "type");
    const char *id = sp_xml_attr(s, "id");
    const char *name = sp_xml_attr(s, "name");
    if (id && name && type && ardour_is_type(type, "midi")) {
      /* read when a region plays it (an empty one may have no file) */
      r->midi = sp_xreallocarray(r->midi, r->n_midi + 1, sizeof *r->midi);
      sp_strmap_put(&r->midi_ids, id, r->n_midi);
      r->midi[r->n_midi++] = (midi_source){.id = id, .name = name, .el = s};
      continue;
    }
    if (!id || !name || (type && !ardour_is_type(type, "audio")))
      continue;
    r->sources = sp_xreallocarray(r->sources, r->n_sources + 1, sizeof *r->sources);
    sp_strmap_put(&r->source_ids, id, r->n_sources);
    ardour_source *src = &r->sources[r->n_sources++];
    *src = (ardour_source){.id = id, .el = s};
    double ch = 0;
    sp_xml_number(s, "channel", &ch, r->path, r->d);
    if (ch < 0 || ch > 64 || ch != floor(ch)) {
      error(r, s, SP_ERR_USAGE, "Source '%s': channel %g is no channel of an audio file", name, ch);
      ch = 0;
    }
    src->channel = (int)ch;
    src->gain = 1;
    sp_xml_number(s, "gain", &src->gain, r->path, r->d);
    src->path = ardour_find_source(r, name, "audiofiles");
    if (!src->path)
      error(r, s, SP_ERR_IO,
            "Source '%s': no such file in %s/interchange/*/audiofiles (or it cannot be read); "
            "put the session's audio back or fix the name",
            name, r->dir);
  }
}

const ardour_source *ardour_source_by_id(const reader *r, const char *id)
{
  size_t i;
  return id && sp_strmap_get(&r->source_ids, id, &i) ? &r->sources[i] : NULL;
}
