/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An immersive master's model and its checks (core/dsp/adm.h).
 *
 * Its renderer is core/dsp/adm_render.c. */

#include "core/dsp/adm.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "off", "near", "mid", "far"; "?" for a value out of range. */
static const char *mode_name(sp_adm_binaural b)
{
  static const char *const names[] = {"off", "near", "mid", "far"};
  return (unsigned)b < 4 ? names[b] : "?";
}

void sp_adm_fini(sp_adm *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n_objects; i++) {
    free(m->objects[i].name);
    free(m->objects[i].blocks);
    free(m->objects[i].zones);
  }
  free(m->objects);
  free(m->programme);
  free(m->bed_spans);
  sp_free_strings(m->labels, m->n_labels);
  memset(m, 0, sizeof *m);
}

int sp_adm_bed_tracks(const sp_adm *m)
{
  int n = 0;
  for (size_t b = 0; b < m->n_beds && b < SP_ADM_MAX_BED_TRACKS; b++)
    n += m->beds[b]->n;
  return n;
}

/* The names[k] of bits' set bits k < n, "a, b", into out ("" for none). */
static void names_of(unsigned bits, const char *const *names, size_t n, char *out, size_t size)
{
  size_t used = 0;
  if (size)
    out[0] = '\0';
  for (size_t k = 0; k < n && used < size; k++)
    if (bits & (1u << k))
      used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "", names[k]);
}

void sp_adm_unplayed_names(unsigned bits, char *out, size_t size)
{
  static const char *const names[] = {"diffuse", "screenRef"};
  names_of(bits, names, sizeof names / sizeof names[0], out, size);
}

void sp_adm_unplayed_said(const sp_adm *m, char *out, size_t size)
{
  sp_adm_unplayed_names(m->unplayed, out, size);
  const size_t used = strnlen(out, size);
  if (m->unread[0] && used < size)
    snprintf(out + used, size - used, "%s%.*s", used ? "; " : "", (int)sizeof m->unread, m->unread);
  if (size)
    sp_utf8_cut(out);
}

void sp_adm_vbap_unplayed(const sp_adm *m, char *out, size_t size)
{
  static const char *const names[] = {"objectDivergence", "channelLock", "zoneExclusion", "height",
                                      "depth"};
  unsigned held = 0;
  for (size_t o = 0; o < m->n_objects; o++)
    for (size_t b = 0; b < m->objects[o].n_blocks; b++) {
      const sp_adm_block *k = &m->objects[o].blocks[b];
      held |= (unsigned)(k->divergence > 0 && k->div_range > 0) << 0 |
              (unsigned)(k->lock && !(k->lock_max < 0)) << 1 | (unsigned)(k->n_zones > 0) << 2 |
              (unsigned)(k->height != k->width) << 3 |
              (unsigned)(k->depth != k->width && k->depth != 0) << 4;
    }
  names_of(held, names, sizeof names / sizeof names[0], out, size);
}

int sp_adm_object_tracks(const sp_adm *m)
{
  int n = 0;
  for (size_t o = 0; o < m->n_objects; o++)
    n += m->objects[o].channels;
  return n;
}

bool sp_adm_bed_ok(const sp_layout *l)
{
  static const char *const beds[] = {"stereo", "LCR", "5.0", "5.1", "7.1", "7.1.2"};
  for (size_t i = 0; l && i < sizeof beds / sizeof beds[0]; i++)
    if (strcmp(l->name, beds[i]) == 0)
      return true;
  return false;
}

/* ---- BS.2127 section 10: polar and Cartesian ----------------------------- */

void sp_adm_polar_to_cart(double az, double el, double d, double *x, double *y, double *z)
{
  sp_bs2127_polar_to_cart(az, el, d, x, y, z);
}

void sp_adm_cart_to_polar(double x, double y, double z, double *az, double *el, double *d)
{
  sp_bs2127_cart_to_polar(x, y, z, az, el, d);
}

/* An object's width (0 .. 1, the profile's size) as the spread of
 * stemprint's panner in degrees (0 .. 180) and back: linear, size 1 the
 * whole 180. */
static double spread_to_size(double spread_deg) { return fmin(fmax(spread_deg, 0), 180) / 180.0; }

/* ---- checks -------------------------------------------------------------- */

/* why said as fmt says; false (a check's failure). */
__attribute__((format(printf, 3, 4))) static bool refuse(char *why, size_t size, const char *fmt,
                                                         ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, size, fmt, ap);
  va_end(ap);
  return false;
}

/* Block b of o's objectDivergence, channelLock and zoneExclusion within
 * BS.2076's ranges, else false with why naming the element. */
static bool block_extras_ok(const sp_adm_object *o, const sp_adm_block *k, const char *name,
                            size_t b, char *why, size_t why_size)
{
  /* outside 0 .. 1 a weight of BS.2127's goes below 0: the EAR's render
   * is then numpy's NaN, not BS.2127's (checked: tests/test_admforeign.c) */
  if (isnan(k->divergence))
    return refuse(why, why_size,
                  "object '%s' block %zu: objectDivergence not a number, which the EBU ADM "
                  "Renderer refuses too (its 'must be finite'): write a value of 0 .. 1",
                  name, b + 1);
  if (!(k->divergence >= 0 && k->divergence <= 1))
    return refuse(why, why_size,
                  "object '%s' block %zu: objectDivergence %g, and it is 0 (none) .. 1 (fully "
                  "diverged): outside it a weight of BS.2127's three positions ((1 - v) / (1 + v) "
                  "at the centre, v / (1 + v) at each side) is below 0, and the EBU ADM Renderer "
                  "plays the square root of a power below 0 as silence (numpy's 'invalid value "
                  "encountered in sqrt': a polar block's every speaker, a Cartesian one's that "
                  "speaker; at -1 it fails, dividing by 0), a render no standard has: write a "
                  "value of 0 .. 1",
                  name, b + 1, k->divergence);
  /* a range or a maxDistance of any number plays as the EBU ADM Renderer
   * plays it: a negative azimuthRange the two sides swapped, one past 180
   * turned as far, a positionRange's positions clipped into the room, a
   * negative maxDistance no speaker near enough (no lock) */
  if (isnan(k->div_range))
    return refuse(why, why_size,
                  "object '%s' block %zu: objectDivergence's %s is not a number, which the "
                  "EBU ADM Renderer refuses too (its 'must be finite'): write a decimal number",
                  name, b + 1, k->polar ? "azimuthRange" : "positionRange");
  if (isnan(k->lock_max))
    return refuse(why, why_size,
                  "object '%s' block %zu: channelLock's maxDistance is not a number, which the "
                  "EBU ADM Renderer refuses too (its 'must be finite'): write a decimal number",
                  name, b + 1);
  if ((size_t)k->zone0 + k->n_zones > o->n_zones)
    return refuse(why, why_size, "object '%s' block %zu: zoneExclusion zones %u to %u of its %zu",
                  name, b + 1, (unsigned)k->zone0 + 1, (unsigned)(k->zone0 + k->n_zones),
                  o->n_zones);
  /* a polar zone's azimuths run anticlockwise from min to max, through
   * 180° where min is the greater; a bound's min over its max excludes no
   * speaker, as the EAR finds none above the one and below the other */
  static const char *const cart[3] = {"X", "Y", "Z"}, *const polar[3] = {"Azimuth", "Elevation"};
  for (uint32_t z = 0; z < k->n_zones; z++) {
    const sp_bs2127_zone *zn = &o->zones[k->zone0 + z];
    for (int q = 0; q < (zn->cartesian ? 3 : 2); q++) {
      const char *c = zn->cartesian ? cart[q] : polar[q];
      if (isnan(zn->min[q]) || isnan(zn->max[q]))
        return refuse(why, why_size,
                      "object '%s' block %zu: zoneExclusion's zone %u has no number for min%s or "
                      "max%s, which the EBU ADM Renderer refuses too: a zone gives all its bounds, "
                      "each a decimal number",
                      name, b + 1, (unsigned)z + 1, c, c);
    }
  }
  return true;
}

/* v as a message says it: %g, and a NaN "nan" whatever its sign. */
static const char *said(double v, char buf[32])
{
  if (isnan(v))
    snprintf(buf, 32, "nan");
  else
    snprintf(buf, 32, "%g", v);
  return buf;
}

/* Block b's position and width within the profile's room, else false
 * with why saying them as the block gives them: a polar one's azimuth,
 * elevation and distance and its width in degrees, a Cartesian one's X,
 * Y, Z and width (a positionOffset added: its sum). */
static bool position_ok(const sp_adm_block *k, const char *name, size_t b, char *why,
                        size_t why_size)
{
  char p[3][32], w[32];
  /* BS.2076's ranges, as the EBU ADM Renderer holds a polar position to
   * them (after a positionOffset too): an azimuth of 200 or an elevation
   * of 100 was a direction all the same, a distance of -1 the opposite. A
   * distance past 1 and a width past 360° it plays (BS.2127's extent seen
   * from the distance, core/dsp/bs2127/extent.c), and so does the
   * renderer; a Cartesian position outside the room (-1 .. 1 each) is
   * clipped into it as the EAR clips it (BS.2127's renderer does), and a
   * width of any number plays as there: below 0 a point's, or narrower */
  if (k->polar && !(fabs(k->az) <= 180 && fabs(k->el) <= 90 && k->dist >= 0))
    return refuse(why, why_size,
                  "object '%s' block %zu: a position of azimuth %s, elevation %s, distance %s; "
                  "BS.2076 has an azimuth of -180 .. 180, an elevation of -90 .. 90 and a "
                  "distance of 0 or more",
                  name, b + 1, said(k->az, p[0]), said(k->el, p[1]), said(k->dist, p[2]));
  if (!k->polar && (isnan(k->x) || isnan(k->y) || isnan(k->z)))
    return refuse(why, why_size, "object '%s' block %zu: a position of X %s, Y %s, Z %s", name,
                  b + 1, said(k->x, p[0]), said(k->y, p[1]), said(k->z, p[2]));
  if (isnan(k->width))
    return refuse(why, why_size, "object '%s' block %zu: a width of %s", name, b + 1,
                  said(k->width, w));
  return true;
}

bool sp_adm_check(const sp_adm *m, char *why, size_t why_size)
{
  if (m->tracks < 1 || m->tracks > SP_ADM_MAX_TRACKS)
    return refuse(why, why_size, "%d tracks; the profile takes 1 to %d", m->tracks,
                  SP_ADM_MAX_TRACKS);
  if (sp_adm_object_tracks(m) > SP_ADM_MAX_OBJECTS)
    return refuse(why, why_size,
                  "objects of %d tracks; the profile takes at most %d (a stereo object "
                  "is two)",
                  sp_adm_object_tracks(m), SP_ADM_MAX_OBJECTS);
  /* a file's beds (their speakers known, as read) are of any layout its
   * DirectSpeakers channels are, or of mono, one a channel; a master made
   * here has the profile's, at most SP_ADM_MAX_BEDS */
  const bool read = m->n_beds > 0 && m->speakers[0].known;
  if (m->n_beds > (read ? SP_ADM_MAX_BED_TRACKS : SP_ADM_MAX_BEDS))
    return refuse(why, why_size, "%zu beds; stemprint takes at most %d", m->n_beds,
                  read ? SP_ADM_MAX_BED_TRACKS : SP_ADM_MAX_BEDS);
  for (size_t b = 0; b < m->n_beds; b++)
    if (!m->beds[b] || (!sp_adm_bed_ok(m->beds[b]) && !read))
      return refuse(why, why_size, "a bed of %s; the profile's beds are 2.0 to 7.1.2",
                    m->beds[b] ? m->beds[b]->name : "no layout");
  const int bed_tracks = sp_adm_bed_tracks(m);
  if (bed_tracks > SP_ADM_MAX_BED_TRACKS || bed_tracks > m->tracks)
    return refuse(why, why_size, "beds of %d tracks in all in a file of %d; at most %d", bed_tracks,
                  m->tracks, SP_ADM_MAX_BED_TRACKS);
  if (!(m->rate > 0) || m->frames < 0)
    return refuse(why, why_size, "a rate of %g Hz and %lld frames", m->rate, (long long)m->frames);
  bool used[SP_ADM_MAX_TRACKS] = {false};
  for (int k = 0; k < bed_tracks; k++)
    used[k] = true;
  for (size_t i = 0; i < m->n_objects; i++) {
    const sp_adm_object *o = &m->objects[i];
    const char *name = o->name ? o->name : "?";
    if (o->channels < 1 || o->channels > 2 || o->track < 0 || o->track + o->channels > m->tracks)
      return refuse(why, why_size,
                    "object '%s' names track %d of %d channel(s), and the file has %d", name,
                    o->track + 1, o->channels, m->tracks);
    for (int c = 0; c < o->channels; c++) {
      if (used[o->track + c])
        return refuse(why, why_size, "object '%s': track %d is another's too", name,
                      o->track + c + 1);
      used[o->track + c] = true;
    }
    if (o->n_blocks == 0)
      return refuse(why, why_size, "object '%s' has no block", name);
    int64_t at = 0;
    for (size_t b = 0; b < o->n_blocks; b++) {
      const sp_adm_block *k = &o->blocks[b];
      if (k->start != at || k->dur <= 0)
        return refuse(
            why, why_size,
            "object '%s' block %zu spans frames %lld to %lld, and the one before ends at %lld",
            name, b + 1, (long long)k->start, (long long)(k->start + k->dur), (long long)at);
      at = k->start + k->dur;
      if (!position_ok(k, name, b, why, why_size))
        return false;
      if (!(fabs(k->gain) <= SP_ADM_MAX_GAIN))
        return refuse(why, why_size,
                      "object '%s' block %zu: a gain of %g (%+.1f dB), and stemprint takes at most "
                      "%g (%+.0f dB) either way",
                      name, b + 1, k->gain, 20 * log10(fabs(k->gain)), SP_ADM_MAX_GAIN,
                      20 * log10(SP_ADM_MAX_GAIN));
      if (!k->no_interp && !(k->interp_s >= 0 && k->interp_s <= 1e6))
        return refuse(why, why_size,
                      "object '%s' block %zu: an interpolationLength of %g s, which is no duration",
                      name, b + 1, k->interp_s);
      if (!block_extras_ok(o, k, name, b, why, why_size))
        return false;
    }
    if (at != m->frames)
      return refuse(why, why_size,
                    "object '%s': its blocks end at frame %lld and the master at %lld", name,
                    (long long)at, (long long)m->frames);
  }
  for (int k = 0; k < m->tracks; k++)
    if (!used[k])
      return refuse(why, why_size, "track %d belongs to no bed and no object", k + 1);
  return true;
}

/* ---- the profile's bed channels ------------------------------------------- */

const sp_adm_rc_channel sp_adm_rc[SP_ADM_RC_ROLES] = {
    {"RoomCentricLeft", "RC_L", -1, 1, 0, 0},
    {"RoomCentricRight", "RC_R", 1, 1, 0, 1},
    {"RoomCentricCenter", "RC_C", 0, 1, 0, 2},
    {"RoomCentricLFE", "RC_LFE", -1, 1, -1, 3},
    {"RoomCentricLeftSurround", "RC_Ls", -1, -0.36397, 0, 4},
    {"RoomCentricRightSurround", "RC_Rs", 1, -0.36397, 0, 5},
    {"RoomCentricLeftSideSurround", "RC_Lss", -1, 0, 0, 4},
    {"RoomCentricRightSideSurround", "RC_Rss", 1, 0, 0, 5},
    {"RoomCentricLeftRearSurround", "RC_Lrs", -1, -1, 0, 6},
    {"RoomCentricRightRearSurround", "RC_Rrs", 1, -1, 0, 7},
    {"RoomCentricLeftTopSurround", "RC_Lts", -1, 0, 1, 8},
    {"RoomCentricRightTopSurround", "RC_Rts", 1, 0, 1, 9},
};

int sp_adm_rc_role(const sp_layout *l, int k)
{
  const char *c = l->ch[k].name;
  bool seven = false;
  for (int i = 0; i < l->n; i++)
    seven |= strcmp(l->ch[i].name, "Lrs") == 0;
  return !strcmp(c, "L")                          ? SP_ADM_RC_L
         : !strcmp(c, "R")                        ? SP_ADM_RC_R
         : !strcmp(c, "C")                        ? SP_ADM_RC_C
         : !strcmp(c, "LFE")                      ? SP_ADM_RC_LFE
         : !strcmp(c, "Ls")                       ? (seven ? SP_ADM_RC_LSS : SP_ADM_RC_LS)
         : !strcmp(c, "Rs")                       ? (seven ? SP_ADM_RC_RSS : SP_ADM_RC_RS)
         : !strcmp(c, "Lrs")                      ? SP_ADM_RC_LRS
         : !strcmp(c, "Rrs")                      ? SP_ADM_RC_RRS
         : !strcmp(c, "Ltm") || !strcmp(c, "Ltf") ? SP_ADM_RC_LTS
         : !strcmp(c, "Rtm") || !strcmp(c, "Rtf") ? SP_ADM_RC_RTS
                                                  : -1;
}

/* ---- the renderer -------------------------------------------------------- */

size_t sp_adm_block_at(const sp_adm_object *o, int64_t t)
{
  size_t lo = 0, hi = o->n_blocks;
  while (hi - lo > 1) {
    const size_t mid = (lo + hi) / 2;
    if (o->blocks[mid].start <= t)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

int64_t sp_adm_interp_frames(const sp_adm_block *k, double rate)
{
  return k->jump && !k->no_interp ? llround(k->interp_s * rate) : 0;
}

/* Object o's blocks (at rate) with the profile's interpolationLengths
 * (sp_adm_object_blocks); a kept object's blocks keep their file's
 * (sp_adm_object_place). */
static void conform_object(sp_adm_object *o, double rate)
{
  for (size_t b = 0; b < o->n_blocks; b++) {
    sp_adm_block *k = &o->blocks[b];
    k->interp_s = b > 0 ? SP_ADM_INTERP_S : 0;
    k->no_interp = false;
    k->interp = sp_adm_interp_frames(k, rate);
  }
}

/* ---- blocks from automation ------------------------------------------------ */

static void put_block(sp_adm_object *o, size_t *cap, const sp_adm_block *b)
{
  SP_GROW(o->blocks, o->n_blocks, *cap);
  o->blocks[o->n_blocks++] = *b;
}

static void push_block(sp_adm_object *o, size_t *cap, int64_t start, int64_t end, double az,
                       double el, double spread, double gain, bool jump)
{
  if (end <= start)
    return;
  sp_adm_block b = {.start = start,
                    .dur = end - start,
                    .width = spread_to_size(spread),
                    .height = spread_to_size(spread),
                    .depth = spread_to_size(spread),
                    .gain = gain,
                    .jump = jump};
  sp_adm_polar_to_cart(az, el, 1.0, &b.x, &b.y, &b.z);
  put_block(o, cap, &b);
}

void sp_adm_object_blocks(sp_adm_object *o, const sp_auto *az, const sp_auto *el, double spread,
                          double gain, double rate, int64_t frames, int64_t ramp_frames)
{
  size_t cap = o->n_blocks;
  int64_t t = 0;
  while (t < frames) {
    bool mov_a, mov_e;
    int64_t prev;
    const int64_t na = sp_auto_next_point(az, rate, t, &mov_a, &prev);
    const int64_t ne = sp_auto_next_point(el, rate, t, &mov_e, &prev);
    int64_t next = na < ne ? na : ne;
    if (next > frames)
      next = frames;
    const bool moving = mov_a || mov_e;
    if (!moving) {
      push_block(o, &cap, t, next, sp_auto_value_at(az, rate, t, false),
                 sp_auto_value_at(el, rate, t, false), spread, gain, true);
      t = next;
    } else {
      const int64_t end = t + ramp_frames < next ? t + ramp_frames : next;
      push_block(o, &cap, t, end, sp_auto_value_at(az, rate, end, false),
                 sp_auto_value_at(el, rate, end, false), spread, gain, false);
      t = end;
    }
  }
  conform_object(o, rate);
}

/* " (a jump over 480 frames, interpolationLength 0.01 s)", as block k
 * moves, for a difference said in words. */
static void jump_words(const sp_adm_block *k, char *out, size_t size)
{
  char il[40] = ", no interpolationLength";
  if (!k->no_interp)
    snprintf(il, sizeof il, ", interpolationLength %g s", k->interp_s);
  if (k->jump)
    snprintf(out, size, " (a jump over %lld frames%s)", (long long)k->interp, il);
  else
    snprintf(out, size, " (a ramp%s)", il);
}

/* A screenEdgeLock's word as BS.2076 writes it ("left", "top"; "none"). */
static const char *edge_name(sp_bs2127_edge e)
{
  static const char *const names[] = {"none", "left", "right", "top", "bottom"};
  return (unsigned)e < 5 ? names[e] : "?";
}

/* Whether blocks x of object p and y of q agree in what BS.2127 plays
 * besides position, width and gain: polar or Cartesian, height, depth,
 * divergence (and its range), channel lock, screen edge lock, the zones
 * they exclude. */
static bool same_extras(const sp_adm_object *p, const sp_adm_block *x, const sp_adm_object *q,
                        const sp_adm_block *y)
{
  if (x->polar != y->polar || x->height != y->height || x->depth != y->depth ||
      x->divergence != y->divergence || (x->divergence != 0 && x->div_range != y->div_range) ||
      x->lock != y->lock || (x->lock && x->lock_max != y->lock_max) || x->n_zones != y->n_zones ||
      x->edge_h != y->edge_h || x->edge_v != y->edge_v)
    return false;
  for (uint32_t z = 0; z < x->n_zones; z++) {
    const sp_bs2127_zone *a = &p->zones[x->zone0 + z], *b = &q->zones[y->zone0 + z];
    if (a->cartesian != b->cartesian || memcmp(a->min, b->min, sizeof a->min) != 0 ||
        memcmp(a->max, b->max, sizeof a->max) != 0)
      return false;
  }
  return true;
}

bool sp_adm_same(const sp_adm *a, const char *an, const sp_adm *b, const char *bn, char *why,
                 size_t why_size)
{
  for (size_t k = 0; k < a->n_beds || k < b->n_beds; k++) {
    const sp_layout *x = k < a->n_beds ? a->beds[k] : NULL, *y = k < b->n_beds ? b->beds[k] : NULL;
    if (x != y)
      return refuse(why, why_size, "bed %zu is %s in %s and %s in %s", k + 1, x ? x->name : "none",
                    an, y ? y->name : "none", bn);
  }
  if (a->n_objects != b->n_objects || a->tracks != b->tracks)
    return refuse(why, why_size, "%s has %zu objects in %d tracks and %s %zu in %d", an,
                  a->n_objects, a->tracks, bn, b->n_objects, b->tracks);
  for (size_t i = 0; i < a->n_objects; i++) {
    const sp_adm_object *p = &a->objects[i], *q = &b->objects[i];
    const char *name = p->name ? p->name : "?";
    if (strcmp(name, q->name ? q->name : "?") != 0)
      return refuse(why, why_size, "object %zu is '%s' in %s and '%s' in %s", i + 1, name, an,
                    q->name ? q->name : "?", bn);
    if (p->track != q->track || p->channels != q->channels)
      return refuse(why, why_size,
                    "object '%s' is %d track(s) from track %d in %s and %d from track %d in %s",
                    name, p->channels, p->track + 1, an, q->channels, q->track + 1, bn);
    if (p->binaural != q->binaural)
      return refuse(why, why_size, "object '%s' has binaural mode %s in %s and %s in %s", name,
                    mode_name(p->binaural), an, mode_name(q->binaural), bn);
    for (size_t k = 0; k < p->n_blocks || k < q->n_blocks; k++) {
      if (k >= p->n_blocks || k >= q->n_blocks)
        return refuse(why, why_size, "object '%s' has %zu blocks in %s and %zu in %s", name,
                      p->n_blocks, an, q->n_blocks, bn);
      const sp_adm_block *x = &p->blocks[k], *y = &q->blocks[k];
      const double s = a->rate > 0 ? (double)x->start / a->rate : 0;
      const bool here = x->start == y->start && x->dur == y->dur && x->x == y->x && x->y == y->y &&
                        x->z == y->z && x->width == y->width && x->gain == y->gain &&
                        x->jump == y->jump && x->interp == y->interp &&
                        x->no_interp == y->no_interp &&
                        (x->no_interp || x->interp_s == y->interp_s);
      if (here && same_extras(p, x, q, y))
        continue;
      if (here && (x->edge_h != y->edge_h || x->edge_v != y->edge_v))
        return refuse(why, why_size,
                      "object '%s' block %zu (from %.3f s) has screenEdgeLock %s %s in %s, and %s "
                      "%s in %s",
                      name, k + 1, s, edge_name(x->edge_h), edge_name(x->edge_v), an,
                      edge_name(y->edge_h), edge_name(y->edge_v), bn);
      if (here)
        return refuse(why, why_size,
                      "object '%s' block %zu (from %.3f s) is %s, height %.4f, depth %.4f, "
                      "divergence %.4f, channelLock %d, %u zones excluded in %s, and %s, height "
                      "%.4f, depth %.4f, divergence %.4f, channelLock %d, %u zones in %s",
                      name, k + 1, s, x->polar ? "polar" : "Cartesian", x->height, x->depth,
                      x->divergence, x->lock, (unsigned)x->n_zones, an,
                      y->polar ? "polar" : "Cartesian", y->height, y->depth, y->divergence, y->lock,
                      (unsigned)y->n_zones, bn);
      char xj[80], yj[80];
      jump_words(x, xj, sizeof xj);
      jump_words(y, yj, sizeof yj);
      snprintf(why, why_size,
               "object '%s' block %zu (from %.3f s) is at x %.4f y %.4f z %.4f, width %.4f, "
               "gain %.4f%s for %lld frames in %s, and at x %.4f y %.4f z %.4f, width %.4f, "
               "gain %.4f%s from frame %lld for %lld in %s",
               name, k + 1, s, x->x, x->y, x->z, x->width, x->gain, xj, (long long)x->dur, an, y->x,
               y->y, y->z, y->width, y->gain, yj, (long long)y->start, (long long)y->dur, bn);
      return false;
    }
  }
  return true;
}

/* ---- a region of a file's object ------------------------------------------ */

/* The place block b of o has at frame t (its start .. its end): its own
 * where it holds (a jump, or the first block, which has nothing to ramp
 * from, or a jump past its interpolationLength), else the point t reaches
 * on its ramp from the previous block's, each of x, y, z, width and gain
 * linear in time as a renderer's gains ramp (over the block for
 * jumpPosition 0, over interpolationLength for a jump). */
/* The frames over which block k of an object reaches its place from the
 * previous block's: a jump's interpolationLength, else the block. */
static int64_t ramp_span(const sp_adm_block *k) { return k->jump ? k->interp : k->dur; }

static void place_at(const sp_adm_object *o, size_t b, int64_t t, sp_adm_block *out)
{
  const sp_adm_block *k = &o->blocks[b];
  *out = *k;
  const int64_t span = ramp_span(k);
  if (b == 0 || span <= 0 || t >= k->start + span) /* reached: its own, exactly */
    return;
  const sp_adm_block *p = &o->blocks[b - 1];
  const double f = (double)(t - k->start) / (double)span;
  out->x = p->x + (k->x - p->x) * f;
  out->y = p->y + (k->y - p->y) * f;
  out->z = p->z + (k->z - p->z) * f;
  out->width = p->width + (k->width - p->width) * f;
  out->height = p->height + (k->height - p->height) * f;
  out->depth = p->depth + (k->depth - p->depth) * f;
  out->polar = false; /* a point between two: x, y, z */
  out->gain = p->gain + (k->gain - p->gain) * f;
}

static bool same_place(const sp_adm_block *a, const sp_adm_block *b)
{
  return a->x == b->x && a->y == b->y && a->z == b->z && a->width == b->width && a->gain == b->gain;
}

/* Block nb, made of the file's block k and starting at the file's frame
 * f (k->start or later), given the part of k's interpolationLength not
 * yet past there and within nb (the place it reaches is nb's own, where
 * it is cut: place_at); its interp_s the file's where nothing is cut,
 * else the frames left at rate. */
static void rest_of_interp(const sp_adm_block *k, int64_t f, double rate, sp_adm_block *nb)
{
  if (!k->jump || k->interp <= 0)
    return;
  int64_t left = k->interp - (f - k->start);
  left = left < 0 ? 0 : left > nb->dur ? nb->dur : left;
  if (left != k->interp) {
    nb->interp = left;
    nb->interp_s = (double)left / rate;
    nb->no_interp = false;
  }
}

void sp_adm_object_place(const sp_adm_object *src, int64_t at, int64_t from, int64_t length,
                         int64_t frames, double rate, sp_adm_object *o)
{
  o->blocks = NULL;
  o->n_blocks = 0;
  o->zones = src->n_zones ? memcpy(sp_xmalloc(src->n_zones * sizeof *src->zones), src->zones,
                                   src->n_zones * sizeof *src->zones)
                          : NULL;
  o->n_zones = src->n_zones;
  if (frames <= 0 || src->n_blocks == 0)
    return;
  size_t cap = 0;
  const int64_t d = at - from;
  int64_t end = from + length; /* the file's frames played: [from, end) */
  if (end > frames - d)
    end = frames - d;
  int64_t t = 0; /* the master's frames the blocks cover */
  size_t b = sp_adm_block_at(src, from);
  const sp_adm_block *first = &src->blocks[b];
  const bool ramps = b > 0 && from < first->start + ramp_span(first);
  if (at > 0 || ramps) {
    /* before the region (silence), the place the region starts at: so a
     * ramp cut at `from` goes on from there. At 0 (a first block ramps
     * from nothing), one frame at the place of the region's second frame,
     * the ramp on from there exactly. */
    sp_adm_block lead;
    place_at(src, b, at > 0 ? from : from + 1, &lead);
    lead.start = 0;
    lead.dur = at > 0 ? (at < frames ? at : frames) : 1;
    lead.start_off = lead.end_off = 0;
    lead.jump = true; /* the first: nothing to ramp from (interpolationLength 0) */
    lead.interp = 0, lead.interp_s = 0, lead.no_interp = false;
    put_block(o, &cap, &lead);
    t = lead.dur;
  }
  for (; b < src->n_blocks && t < frames; b++) {
    const sp_adm_block *k = &src->blocks[b];
    if (k->start >= end)
      break;
    const int64_t cs = k->start > from ? k->start : from;
    const int64_t ce = k->start + k->dur < end ? k->start + k->dur : end;
    if (ce <= cs)
      continue;
    sp_adm_block nb;
    place_at(src, b, ce, &nb); /* a block cut short ends where its ramp is then */
    nb.jump = k->jump;
    nb.start = cs + d > t ? cs + d : t;
    nb.dur = ce + d - nb.start;
    /* an edge the region cuts is on the frame grid; one it keeps, exact */
    nb.start_off = nb.start == k->start + d ? k->start_off : 0;
    nb.end_off = ce == k->start + k->dur ? k->end_off : 0;
    if (nb.dur <= 0)
      continue;
    rest_of_interp(k, nb.start - d, rate, &nb);
    put_block(o, &cap, &nb);
    t = nb.start + nb.dur;
  }
  if (t < frames && o->n_blocks > 0) {
    /* after the region: its last place held to the master's end, in a
     * block of its own where the last block ramps (stretching it would
     * slow the ramp) */
    sp_adm_block *last = &o->blocks[o->n_blocks - 1];
    if (last->jump || o->n_blocks == 1 || same_place(last, last - 1)) {
      last->dur = frames - last->start;
      last->end_off = 0;
    } else {
      sp_adm_block hold = *last;
      hold.start = t;
      hold.dur = frames - t;
      hold.start_off = hold.end_off = 0;
      hold.jump = true; /* to where it is: as the profile writes a block after the first */
      hold.interp_s = SP_ADM_INTERP_S, hold.no_interp = false;
      hold.interp = sp_adm_interp_frames(&hold, rate);
      put_block(o, &cap, &hold);
    }
  }
}

int32_t sp_adm_code(float v)
{
  double x = round((double)v * 8388608.0);
  x = x > 8388607 ? 8388607 : x < -8388608 ? -8388608 : x;
  return (int32_t)((uint32_t)(int32_t)x << 8);
}
