/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ardour 7's tempo map: beat ticks to superclock and back as libtemporal
 * computes them (core/dsp/tempo_map.h). */

#include "core/dsp/tempo_map.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

sp_tempo_point sp_tempo_point_make(int64_t sclock, int64_t quarters, double npm, int note_type,
                                   double omega, bool ramped, int64_t scps)
{
  const int64_t scpn = llround((60. / npm) * (double)scps); /* Tempo::double_npm_to_scpn */
  return (sp_tempo_point){
      .sclock = sclock,
      .quarters = quarters,
      .scpqn = scpn * note_type / 4, /* Tempo::superclocks_per_quarter_note */
      .snps = llround(npm * (double)SP_TEMPO_SUPERBEATS / 60), /* Tempo::double_npm_to_snps */
      .note_type = note_type,
      .npm = npm,
      .omega = omega,
      .ramped = ramped,
  };
}

sp_tempo_map *sp_tempo_map_constant(double bpm)
{
  sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(1, sizeof *m->t), .n = 1};
  m->t[0] = sp_tempo_point_make(0, 0, bpm, 4, 0, false, SP_TEMPO_SUPERCLOCK);
  return m;
}

sp_tempo_map *sp_tempo_map_dup(const sp_tempo_map *m)
{
  if (!m)
    return NULL;
  sp_tempo_map *c = sp_xmalloc(sizeof *c);
  *c = *m;
  c->t = m->n ? sp_xcalloc(m->n, sizeof *c->t) : NULL;
  if (m->n)
    memcpy(c->t, m->t, m->n * sizeof *c->t);
  return c;
}

void sp_tempo_map_free(sp_tempo_map *m)
{
  if (!m)
    return;
  free(m->t);
  free(m);
}

/* (x + y/2) / y for x, y ≥ 0 (PBD's int_div_round). */
static int64_t div_round(int64_t x, int64_t y) { return (x + y / 2) / y; }

bool sp_tempo_map_superclock_at(const sp_tempo_map *m, int64_t ticks, int64_t *sc)
{
  if (m->n == 0 || ticks < 0)
    return false;
  /* TempoMap::metric_at (can_match): the last point at or before it, the
   * first when it is before them all. */
  size_t i = 0;
  while (i + 1 < m->n && m->t[i + 1].quarters <= ticks)
    i++;
  const sp_tempo_point *p = &m->t[i];
  int64_t delta = ticks - p->quarters;
  if (delta == 0) {
    *sc = p->sclock;
    return true;
  }
  if (!p->ramped) {
    /* linear, in whole beats then the ticks' share rounded; before the
     * first point (Ardour's assert) the same line backwards */
    int64_t beats = delta / SP_TEMPO_BEAT_TICKS, rest = delta % SP_TEMPO_BEAT_TICKS;
    int64_t part = rest >= 0 ? div_round(p->scpqn * rest, SP_TEMPO_BEAT_TICKS)
                             : -div_round(p->scpqn * -rest, SP_TEMPO_BEAT_TICKS);
    int64_t v;
    if (__builtin_mul_overflow(p->scpqn, beats, &v) || __builtin_add_overflow(v, part, &v) ||
        __builtin_add_overflow(v, p->sclock, &v) || v < 0 || v > INT64_C(1) << 62)
      return false;
    *sc = v;
    return true;
  }
  /* log1p from libm: the result is rounded to a whole superclock tick
   * (1/5880 of a frame at 48 kHz), so a last-bit difference between libm
   * variants moves a frame only when it lands on a frame's edge. */
  double x = (double)p->scpqn * p->omega * ((double)delta / SP_TEMPO_BEAT_TICKS);
  double r;
  if (x < -1) /* TempoPoint::superclock_at in 7.3, past the ramp's end */
    r = log(-x - 1.0) / -p->omega;
  else
    r = log1p(x) / p->omega;
  if (!isfinite(r) || fabs(r) > 0x1p62 || __builtin_add_overflow(p->sclock, llrint(r), sc))
    return false;
  return *sc >= 0;
}

/* Ardour's PBD::muldiv_round multiplies in 128 bits; so does this. */
__extension__ typedef __int128 wide;

/* (x + y/2) / y in 128 bits, for x ≥ 0 (PBD's int_div_round, muldiv_round). */
static wide div_round128(wide x, wide y) { return (x + y / 2) / y; }

bool sp_tempo_map_beats_at(const sp_tempo_map *m, int64_t sc, int64_t *ticks)
{
  if (m->n == 0 || sc < 0)
    return false;
  /* TempoMap::metric_at (superclock): the last point at or before it, the
   * first when it is before them all */
  size_t i = 0;
  while (i + 1 < m->n && m->t[i + 1].sclock <= sc)
    i++;
  const sp_tempo_point *p = &m->t[i];
  if (!p->ramped) {
    /* whole seconds and the rest, in note types a second × SUPERBEATS;
     * then quarters, each step rounded as TempoPoint rounds it (in 128
     * bits: Ardour's own 64 would overflow only past what it plays) */
    const int64_t delta = sc - p->sclock;
    if (delta < 0)
      return false;
    const int64_t whole = delta / m->scps, rest = delta - whole * m->scps;
    const wide notes = (wide)p->snps * whole + div_round128((wide)p->snps * rest, m->scps);
    const wide superbeats = div_round128(notes, p->note_type) * 4;
    const wide b = superbeats / SP_TEMPO_SUPERBEATS, remain = superbeats - b * SP_TEMPO_SUPERBEATS;
    const wide t = div_round128((wide)SP_TEMPO_BEAT_TICKS * remain, SP_TEMPO_SUPERBEATS);
    const wide v = p->quarters + b * SP_TEMPO_BEAT_TICKS + t;
    if (v > INT64_C(1) << 62)
      return false;
    *ticks = (int64_t)v;
    return true;
  }
  /* the ramp: b = (e^(ω·Δ) − 1) / (scpqn·ω) quarters, its fraction
   * rounded to a tick (Beats::from_double) */
  const double b = (exp(p->omega * (double)(sc - p->sclock)) - 1) / ((double)p->scpqn * p->omega);
  if (!isfinite(b) || fabs(b) > 0x1p50)
    return false;
  double whole;
  const double frac = modf(b, &whole);
  *ticks = p->quarters + (int64_t)whole * SP_TEMPO_BEAT_TICKS +
           (int64_t)rint(frac * SP_TEMPO_BEAT_TICKS);
  return true;
}
