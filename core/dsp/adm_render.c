/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A master rendered into a layout (core/dsp/adm.h's sp_adm_renderer), as
 * BS.2127 renders it where it has the layout (core/dsp/bs2127/), else by
 * stemprint's VBAP and folds:
 *
 *   bed tracks ──── DirectSpeakers gains (label, position, band, pack) ─┐
 *                                                                       ├─ Σ (double) ─> channels
 *   object tracks ─ a block's gains (allocentric / point source, extent) ┘
 *                   once a block, ramped from the last block's (ramp_at)
 *
 * A block's gains are computed when the render first reaches it and kept
 * with the previous block's (the ramp's start) for each object channel:
 * a block spanning many chunks costs one gain calculation, and a render
 * that moves on to the next block takes the last one's as its start. */

#include "core/dsp/adm.h"

#include "core/base/alloc.h"
#include "core/dsp/bs2127/bs2127.h"
#include "core/dsp/fold.h"
#include "core/dsp/vbap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An object channel's gains: of block b (to), of the block before it
 * (from; none for the first), and the ramp between them. */
typedef struct chan_gains {
  bool valid;
  size_t b;
  double to[SP_MAX_CHANNELS], from[SP_MAX_CHANNELS];
  sp_bs2127_ramp ramp;
} chan_gains;

struct sp_adm_renderer {
  const sp_adm *m;
  const sp_layout *l;
  sp_bs2127 *bs; /* NULL: VBAP and folds */
  sp_vbap *v;
  int beds_n;     /* the beds' tracks */
  double *beds;   /* l->n × beds_n */
  chan_gains *ch; /* [the objects' tracks] */
  /* a gated bed track's spans each at its own block's place: the fold's
   * column of each track (VBAP's path, l->n × beds_n), whether it is a
   * lone channel, and the gains of the span each last played (its index
   * in at, -1 none; l->n × beds_n) */
  double *fold, *span_g;
  bool *lone;
  int64_t *span_at;
};

/* The profile's label and room-centric position of bed channel k of l
 * (sp_adm_rc, as io/audio writes them): a model made here, not read, has
 * none of its own. A channel the profile has no role for: at its place in
 * the layout. */
static sp_adm_speaker profile_speaker(const sp_layout *l, int k)
{
  sp_adm_speaker s = {.known = true, .lfe_band = l->ch[k].lfe, .gain = 1};
  const int role = sp_adm_rc_role(l, k);
  if (role >= 0) {
    s.label = sp_adm_rc[role].label;
    s.x = sp_adm_rc[role].x, s.y = sp_adm_rc[role].y, s.z = sp_adm_rc[role].z;
  } else {
    s.polar = true;
    s.az = l->ch[k].az, s.el = l->ch[k].el, s.dist = 1;
  }
  return s;
}

/* A bed track's channel as s places it, its gains into r's layout,
 * g[l->n], by BS.2127's DirectSpeakers rules. */
static void speaker_gains(const sp_adm_renderer *r, sp_adm_speaker s, double *g)
{
  const sp_bs2127_speaker b = {.label = s.label,
                               .cartesian = !s.polar,
                               .az = s.az,
                               .el = s.el,
                               .dist = s.dist,
                               .x = s.x,
                               .y = s.y,
                               .z = s.z,
                               .lfe_band = s.lfe_band,
                               .pack = s.pack[0] ? s.pack : NULL,
                               .gain = s.gain,
                               .bounded = s.bounded,
                               .lo = {s.lo[0], s.lo[1], s.lo[2]},
                               .hi = {s.hi[0], s.hi[1], s.hi[2]},
                               .edge_h = s.edge_h,
                               .edge_v = s.edge_v};
  sp_bs2127_speaker_gains(r->bs, &b, g);
}

/* A file's bed of one channel (a DirectSpeakers pack of one, read as a
 * bed of mono) into a layout BS.2127 has none of: its speaker by VBAP at
 * its position, an LFE to the layout's LFE (or nowhere), g[l->n]. */
static void lone_speaker_gains(const sp_adm_renderer *r, const sp_adm_speaker *s, double *g)
{
  const sp_layout *l = r->l;
  for (int c = 0; c < l->n; c++)
    g[c] = 0;
  const char *label = s->label ? s->label : "";
  const size_t first = strcspn(label, "\x1f"); /* its first label */
  if (s->lfe_band || (first == 4 && strncmp(label, "LFE1", 4) == 0) ||
      (first == 3 && strncmp(label, "LFE", 3) == 0)) {
    for (int c = 0; c < l->n; c++)
      if (l->ch[c].lfe) {
        g[c] = 1;
        break;
      }
    return;
  }
  double az = s->az, el = s->el, d;
  if (!s->polar)
    sp_adm_cart_to_polar(s->x, s->y, s->z, &az, &el, &d);
  sp_bs2127_screen_lock(s->edge_h, s->edge_v, &az, &el);
  sp_vbap_gains(r->v, az, el, 0, g);
}

/* Bed track t placed as s (its speaker's, or a span's block's) into r's
 * layout, g[l->n]: BS.2127's gains (they hold s's gain); else, VBAP's
 * path, a lone channel by VBAP at its place, another its fold's column
 * (r->fold: by name, whatever its place), times s's gain. */
static void placed_gains(const sp_adm_renderer *r, int t, const sp_adm_speaker *s, double *g)
{
  const int N = r->l->n, B = r->beds_n;
  if (r->bs) {
    speaker_gains(r, *s, g);
    return;
  }
  if (r->lone[t])
    lone_speaker_gains(r, s, g);
  for (int c = 0; c < N; c++)
    g[c] = (r->lone[t] ? g[c] : r->fold[c * B + t]) * (s->known ? s->gain : 1);
}

sp_adm_renderer *sp_adm_renderer_new(const sp_adm *m, const sp_layout *l)
{
  sp_adm_renderer *r = sp_xcalloc(1, sizeof *r);
  r->m = m;
  r->l = l;
  r->bs = sp_bs2127_new(l);
  if (!r->bs)
    r->v = sp_vbap_new(l);
  const int N = l->n, B = r->beds_n = sp_adm_bed_tracks(m);
  const size_t cells = (size_t)N * (size_t)(B > 0 ? B : 1);
  r->beds = sp_xcalloc(cells, sizeof *r->beds);
  r->fold = sp_xcalloc(cells, sizeof *r->fold);
  r->span_g = sp_xcalloc(cells, sizeof *r->span_g);
  r->lone = sp_xcalloc((size_t)(B > 0 ? B : 1), sizeof *r->lone);
  r->span_at = sp_xcalloc((size_t)(B > 0 ? B : 1), sizeof *r->span_at);
  double one[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  const sp_fold bs775 = sp_fold_default(); /* VBAP's path: the bed folded by name */
  int at = 0;
  for (size_t b = 0; b < m->n_beds; b++) {
    const sp_layout *bed = m->beds[b];
    if (!r->bs)
      sp_fold_matrix(bed, l, &bs775, one);
    for (int k = 0; k < bed->n; k++) {
      const int t = at + k;
      r->lone[t] = !r->bs && bed->n == 1 && m->speakers[t].known;
      r->span_at[t] = -1;
      for (int c = 0; !r->bs && c < N; c++)
        r->fold[c * B + t] = one[c * bed->n + k];
      /* its audioObject's gain (BS.2127's gains hold it) */
      const sp_adm_speaker s = m->speakers[t].known ? m->speakers[t] : profile_speaker(bed, k);
      double g[SP_MAX_CHANNELS];
      placed_gains(r, t, &s, g);
      for (int c = 0; c < N; c++)
        r->beds[c * B + t] = g[c];
    }
    at += bed->n;
  }
  const int T = sp_adm_object_tracks(m);
  r->ch = sp_xcalloc((size_t)(T > 0 ? T : 1), sizeof *r->ch);
  return r;
}

void sp_adm_renderer_free(sp_adm_renderer *r)
{
  if (!r)
    return;
  sp_bs2127_free(r->bs);
  sp_vbap_free(r->v);
  free(r->beds);
  free(r->fold), free(r->span_g), free(r->lone), free(r->span_at);
  free(r->ch);
  free(r);
}

const double *sp_adm_renderer_beds(const sp_adm_renderer *r) { return r->beds; }

/* x rounded to 6 decimals, as the axml writes a position. */
static double six(double x) { return round(x * 1e6) / 1e6; }

/* Channel ch of object o at block k's position, size and gain into r's
 * layout, g[l->n]. A stereo object's channels sit 30° to either side of
 * its position, each where the file writes it (6 decimals). */
static void block_gains(const sp_adm_renderer *r, const sp_adm_object *o, const sp_adm_block *k,
                        int ch, double *g)
{
  const double turn = o->channels == 2 ? (ch == 0 ? 30 : -30) : 0;
  if (!r->bs) {
    double az, el, d; /* a Cartesian position clipped into the room, as BS.2127's */
    sp_adm_cart_to_polar(fmin(fmax(k->x, -1), 1), fmin(fmax(k->y, -1), 1), fmin(fmax(k->z, -1), 1),
                         &az, &el, &d);
    sp_bs2127_screen_lock(k->edge_h, k->edge_v, &az, &el);
    sp_vbap_gains(r->v, az + turn, el, 180.0 * fmin(fmax(k->width, 0), 1), g);
    for (int c = 0; c < r->l->n; c++)
      g[c] *= k->gain;
    return;
  }
  sp_bs2127_object b = sp_bs2127_object_default();
  if (k->polar) {
    b.az = k->az + turn, b.el = k->el, b.dist = k->dist;
    b.width = k->width * 360.0, b.height = k->height * 360.0, b.depth = k->depth;
  } else {
    b.cartesian = true;
    b.x = k->x, b.y = k->y, b.z = k->z;
    if (turn != 0) {
      double az, el, d;
      sp_adm_cart_to_polar(k->x, k->y, k->z, &az, &el, &d);
      sp_adm_polar_to_cart(az + turn, el, d, &b.x, &b.y, &b.z);
      b.x = six(b.x), b.y = six(b.y), b.z = six(b.z);
    }
    b.width = k->width, b.height = k->height, b.depth = k->depth;
  }
  b.gain = k->gain;
  b.divergence = k->divergence, b.div_range = k->div_range;
  /* a maxDistance below 0 has no speaker near enough: no lock, as in the
   * EAR (BS.2127's lock_max <= 0 is any speaker) */
  b.lock = k->lock && !(k->lock_max < 0), b.lock_max = k->lock_max;
  b.zones = k->n_zones ? &o->zones[k->zone0] : NULL;
  b.n_zones = (int)k->n_zones;
  b.edge_h = k->edge_h, b.edge_v = k->edge_v;
  sp_bs2127_object_gains(r->bs, &b, g, NULL);
}

/* Frames over which block b of o reaches its gains from the last block's
 * (BS.2127 section 7.2): none for the first; a jump's interpolationLength
 * as written (none: at once); else the block's duration. */
static double ramp_frames(const sp_adm_object *o, size_t b, double rate)
{
  const sp_adm_block *k = &o->blocks[b];
  if (b == 0)
    return 0;
  if (!k->jump)
    return (double)k->dur + k->end_off - k->start_off;
  if (k->no_interp)
    return 0;
  return k->interp_s > 0 ? k->interp_s * rate : (double)k->interp;
}

/* c holding block b of channel ch of o: the last block's gains taken as
 * the ramp's start where the render moves on to the next. */
static void reach(const sp_adm_renderer *r, const sp_adm_object *o, int ch, size_t b, chan_gains *c)
{
  if (c->valid && c->b == b)
    return;
  const int N = r->l->n;
  if (c->valid && c->b + 1 == b)
    memcpy(c->from, c->to, (size_t)N * sizeof *c->to);
  else if (b > 0)
    block_gains(r, o, &o->blocks[b - 1], ch, c->from);
  block_gains(r, o, &o->blocks[b], ch, c->to);
  const double s = (double)o->blocks[b].start + o->blocks[b].start_off;
  c->ramp = sp_bs2127_ramp_make(s, s + ramp_frames(o, b, r->m->rate));
  c->b = b;
  c->valid = true;
}

void sp_adm_render(sp_adm_renderer *r, int64_t t0, size_t n, const float *const *in,
                   float *const *out, double *acc)
{
  const sp_adm *m = r->m;
  const int N = r->l->n, B = r->beds_n;
  memset(acc, 0, (size_t)N * n * sizeof *acc);
  const int64_t t1 = t0 + (int64_t)n;
  for (int k = 0; k < B; k++) {
    /* a gated bed track sounds within its spans alone: the first that
     * ends after t0 found by halves (a channel of many blocks), on to the
     * first that starts at t1 or after */
    const sp_adm_speaker *s = &m->speakers[k];
    const sp_adm_bed_span *sp = s->gated ? m->bed_spans + s->span0 : NULL;
    size_t j = 0, hi = s->gated ? s->n_spans : 1;
    for (size_t lo = 0; sp && lo < hi;)
      if (sp[(lo + hi) / 2].end <= t0)
        lo = j = (lo + hi) / 2 + 1;
      else
        hi = (lo + hi) / 2;
    for (const size_t ns = s->gated ? s->n_spans : 1; j < ns; j++) {
      const int64_t a = sp && sp[j].start > t0 ? sp[j].start : t0,
                    b = sp && sp[j].end < t1 ? sp[j].end : t1;
      if (a >= t1)
        break;
      /* a span's gains, its block's place's, reckoned once it plays */
      const double *col = r->beds;
      if (sp) {
        const int64_t at = (int64_t)(s->span0 + j);
        double g[SP_MAX_CHANNELS];
        if (r->span_at[k] != at) {
          placed_gains(r, k, &sp[j].at, g);
          for (int c = 0; c < N; c++)
            r->span_g[c * B + k] = g[c];
          r->span_at[k] = at;
        }
        col = r->span_g;
      }
      for (int c = 0; c < N; c++) {
        const double f = col[c * B + k];
        if (f != 0)
          for (size_t i = (size_t)(a - t0); i < (size_t)(b - t0); i++)
            acc[(size_t)c * n + i] += f * (double)in[k][i];
      }
    }
  }
  int at = 0;
  for (size_t o = 0; o < m->n_objects; o++) {
    const sp_adm_object *ob = &m->objects[o];
    for (int ch = 0; ch < ob->channels; ch++, at++) {
      const float *x = in[ob->track + ch];
      chan_gains *c = &r->ch[at];
      size_t i = 0;
      while (i < n) {
        const int64_t t = t0 + (int64_t)i;
        const size_t b = sp_adm_block_at(ob, t);
        reach(r, ob, ch, b, c);
        const int64_t end = b + 1 < ob->n_blocks ? ob->blocks[b + 1].start : INT64_MAX;
        const size_t until = end - t0 < (int64_t)n ? (size_t)(end - t0) : n;
        for (; i < until; i++) {
          if (x[i] == 0.0f)
            continue;
          const double p = sp_bs2127_ramp_at(&c->ramp, t0 + (int64_t)i), v = (double)x[i];
          if (p >= 1.0)
            for (int k = 0; k < N; k++)
              acc[(size_t)k * n + i] += c->to[k] * v;
          else
            for (int k = 0; k < N; k++)
              acc[(size_t)k * n + i] += (c->from[k] * (1 - p) + c->to[k] * p) * v;
        }
      }
    }
  }
  for (int c = 0; c < N; c++)
    for (size_t i = 0; i < n; i++)
      out[c][i] = (float)acc[(size_t)c * n + i];
}
