/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ardour 7's timeline: its tempo map read, beat times to superclock and
 * superclock to frames as libtemporal computes them (io/session/ardour_time.h). */

#include "io/session/ardour_time.h"

#include "core/base/alloc.h"
#include "io/xml/xml.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An integer attribute: false when absent or not a whole number. */
static bool attr_int(const xmlNode *n, const char *name, int64_t *out)
{
  const char *s = sp_xml_attr(n, name);
  if (!s || !*s)
    return false;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

/* Beats as Ardour writes them ("beats:ticks", or a number of beats from
 * before 7.0: Beats::from_double, a number as XML writes one, one that is
 * not said in d as sp_xml_number says it), in ticks. */
static bool attr_beats(const xmlNode *n, const char *name, int64_t *out, const char *file,
                       sp_diags *d)
{
  const char *s = sp_xml_attr(n, name);
  if (!s || !*s)
    return false;
  if (!strchr(s, ':')) {
    double v;
    if (!sp_xml_number(n, name, &v, file, d) || !(v >= 0 && v < INT32_MAX))
      return false;
    double whole = floor(v);
    *out = (int64_t)whole * SP_TEMPO_BEAT_TICKS + (int64_t)rint((v - whole) * SP_TEMPO_BEAT_TICKS);
    return true;
  }
  char *end = NULL;
  errno = 0;
  long long b = strtoll(s, &end, 10);
  if (errno || *end != ':')
    return false;
  const char *t = end + 1;
  long long k = strtoll(t, &end, 10);
  if (errno || end == t || *end || b < 0 || k < 0 || b > INT32_MAX || k > INT32_MAX)
    return false;
  *out = (int64_t)b * SP_TEMPO_BEAT_TICKS + k;
  return true;
}

/* Superclocks a note of the tempo's type at npm of them a minute
 * (Tempo::double_npm_to_scpn). */
static int64_t npm_to_scpn(double npm, int64_t scps) { return llround((60. / npm) * (double)scps); }

/* One tempo point: the Point's attributes from at (a MusicTime's or the
 * Tempo's own), the Tempo's from t. */
static bool tempo_point(sp_tempo_map *m, const xmlNode *at, const xmlNode *t, const char *file,
                        sp_diags *d)
{
  const char *what = NULL;
  const xmlNode *of = t; /* the element what is of: a MusicTime's sclock and quarters its own */
  double npm = 0, enpm = 0;
  int64_t note = 0, sclock = 0, quarters = 0;
  bool first = m->n == 0 && sp_xml_is(at, "Tempo");
  if (!sp_xml_number(t, "npm", &npm, file, d) || !(npm >= 1e-3 && npm <= 1e6))
    what = "'npm' (its note types a minute, 0.001 .. 1000000)";
  else if (sp_xml_attr(t, "enpm") &&
           (!sp_xml_number(t, "enpm", &enpm, file, d) || !(enpm >= 1e-3 && enpm <= 1e6)))
    what = "'enpm' (the note types a minute it ends at, 0.001 .. 1000000)";
  else if (!attr_int(t, "note-type", &note) || note < 1 || note > 128)
    what = "'note-type' (the note it counts, 1 .. 128: 4 a quarter note)";
  else if (!attr_int(at, "sclock", &sclock) && !(first && !sp_xml_attr(at, "sclock"))) {
    what = "'sclock' (where it starts, in superclock ticks)";
    of = at;
  } else if (!attr_beats(at, "quarters", &quarters, file, d) &&
             !(first && !sp_xml_attr(at, "quarters"))) {
    what = "'quarters' (where it starts, in beats: 'beats:ticks')";
    of = at;
  }
  if (what) {
    sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(of), 0}, NULL,
                   "%s: no valid %s; Ardour writes it on every tempo point", (const char *)of->name,
                   what);
    return false;
  }
  if (!sp_xml_attr(t, "enpm")) /* (none: its npm, a tempo that holds) */
    enpm = npm;
  double omega = 0;
  sp_xml_number(t, "omega", &omega, file, d);
  int64_t scpn = npm_to_scpn(npm, m->scps), escpn = npm_to_scpn(enpm, m->scps);
  sp_tempo_point p = sp_tempo_point_make(sclock, quarters, npm, (int)note, omega,
                                         scpn != escpn && omega != 0, m->scps);
  if (sclock < 0 || sclock > INT64_C(1) << 62) {
    sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(at), 0}, NULL,
                   "%s: sclock %lld is not a time on the session's timeline",
                   (const char *)at->name, (long long)sclock);
    return false;
  }
  /* TempoMap::core_add_tempo: in beat order; one at the same superclock
   * as the first at or after its beat time takes that one's place. */
  size_t i = 0;
  while (i < m->n && m->t[i].quarters < quarters)
    i++;
  if (i < m->n && m->t[i].sclock == sclock) {
    m->t[i] = p;
    return true;
  }
  if ((i > 0 && m->t[i - 1].sclock > sclock) || (i < m->n && m->t[i].sclock < sclock)) {
    sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(at), 0}, NULL,
                   "%s: at beat ticks %lld and superclock %lld, out of order with the tempo map's "
                   "other points (a later beat must be at a later time)",
                   (const char *)at->name, (long long)quarters, (long long)sclock);
    return false;
  }
  m->t = sp_xreallocarray(m->t, m->n + 1, sizeof *m->t);
  memmove(m->t + i + 1, m->t + i, (m->n - i) * sizeof *m->t);
  m->t[i] = p;
  m->n++;
  return true;
}

sp_err sp_ardour_map_read(sp_tempo_map *m, const xmlNode *tempo_map, const char *file, sp_diags *d)
{
  *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK};
  if (!tempo_map)
    return SP_OK;
  if (sp_xml_attr(tempo_map, "superclocks-per-second") &&
      (!attr_int(tempo_map, "superclocks-per-second", &m->scps) || m->scps < 1000000 ||
       m->scps > INT64_C(1) << 40)) {
    sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(tempo_map), 0}, NULL,
                   "TempoMap: superclocks-per-second '%s' is not a tick rate Ardour writes "
                   "(282240000 in Ardour 7)",
                   sp_xml_attr(tempo_map, "superclocks-per-second"));
    m->scps = SP_TEMPO_SUPERCLOCK;
    return SP_ERR_USAGE;
  }
  const xmlNode *tempos = sp_xml_child(tempo_map, "Tempos");
  for (const xmlNode *t = sp_xml_child(tempos, "Tempo"); t; t = sp_xml_next(t, "Tempo"))
    if (!tempo_point(m, t, t, file, d))
      return SP_ERR_USAGE;
  const xmlNode *bars = sp_xml_child(tempo_map, "MusicTimes");
  for (const xmlNode *b = sp_xml_child(bars, "MusicTime"); b; b = sp_xml_next(b, "MusicTime")) {
    const xmlNode *t = sp_xml_child(b, "Tempo");
    if (!t) {
      sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(b), 0}, NULL,
                     "MusicTime: no <Tempo> inside; Ardour writes one in every BBT marker");
      return SP_ERR_USAGE;
    }
    if (!tempo_point(m, b, t, file, d))
      return SP_ERR_USAGE;
  }
  return SP_OK;
}

void sp_ardour_map_free(sp_tempo_map *m)
{
  free(m->t);
  *m = (sp_tempo_map){0};
}

int64_t sp_ardour_frame_of(const sp_tempo_map *m, int64_t sc, int64_t rate)
{
  /* PBD::muldiv_floor, sc·rate / scps rounded down, in two parts that
   * cannot overflow (sc ≥ 0, scps < 2^40, rate < 2^20) */
  int64_t whole = sc / m->scps, rest = sc % m->scps;
  return whole * rate + rest * rate / m->scps;
}

/* Ardour's PBD::muldiv_round multiplies in 128 bits; so does this. */
__extension__ typedef __int128 wide;

int64_t sp_ardour_superclock_of_frame(const sp_tempo_map *m, int64_t frame, int64_t rate)
{
  /* PBD::muldiv_round: frame·scps / rate, to nearest */
  return (int64_t)(((wide)frame * m->scps + rate / 2) / rate);
}
