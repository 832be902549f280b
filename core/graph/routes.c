/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each edge's route into its destination's channels (core/graph/builder.h). */

#include "core/graph/builder.h"

#include "core/base/alloc.h"
#include "core/dsp/automation.h"
#include "core/dsp/fold.h"
#include "core/dsp/vbap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether a is given and moves. */
static bool moving(const sp_auto *a) { return a && !sp_auto_is_constant(a); }

/* Azimuth v (-180 .. 180) turned a whole turn at a time, up (down: !up),
 * while it is more than 180 short of b, the point before it as the path
 * has it: each turn rounded as one turn at a time rounds it, but the
 * turns that leave v in its binade (each exact there) taken at once, so
 * that a point after a spin of many turns costs a step a binade, not a
 * step a turn (a spin of 300000 points took half a minute). Down is up
 * mirrored, -v from -b (exact). */
static double turned(double v, double b, bool up)
{
  const double s = up ? 1 : -1;
  v *= s, b *= s;
  while (v - b < -180) {
    int e;
    frexp(v, &e);
    /* turns that keep v below its binade's top, and a turn short of b */
    const double k =
        fmin(v > 0 ? floor((ldexp(1, e) - v) / 360) - 1 : 0, floor((b - 180 - v) / 360) - 1);
    v += 360 * (k > 1 ? k : 1);
  }
  return s * v;
}

sp_auto *graph_azimuth_path(const sp_auto *a)
{
  sp_auto *p = sp_xcalloc(1, sizeof *p);
  *p = (sp_auto){.value = a->value,
                 .n = a->n,
                 .ramp = a->ramp,
                 .interp = a->interp,
                 .tempo = sp_tempo_map_dup(a->tempo)};
  p->points = a->n ? sp_xcalloc(a->n, sizeof *p->points) : NULL;
  for (size_t i = 0; i < a->n; i++) {
    p->points[i] = a->points[i];
    const double before = i ? p->points[i - 1].v : 0;
    double *v = &p->points[i].v;
    /* (one its check refused, or the one after it: as written) */
    if (i == 0 || !(fabs(*v) <= 180) || !(fabs(a->points[i - 1].v) <= 180))
      continue;
    if (fabs(*v - before) > 180)
      *v = turned(*v, before, *v < before);
  }
  return p;
}

/* The value of a where it starts (a constant's value). */
static double start_value(const sp_auto *a, double otherwise) { return a ? a->value : otherwise; }

/* Where the strip's key names the routing of edge e, for messages: the
 * strip's own key when it has one, else the edge's. */
static char *strip_key(const sp_graph *g, const sp_edge *e, const char *key)
{
  return sp_xasprintf("%s.%s", g->nodes[e->src].path, key);
}

/* A mono or stereo source placed into layout `to` by its position (or a
 * plain pan read as an azimuth): VBAP, a stereo source's channels at
 * ± width/2 around it. Sets the edge's moving position when it moves. */
static void place(sp_graph *g, sp_edge *e, const sp_layout *to, int from_n)
{
  const sp_node *src = &g->nodes[e->src];
  const sp_strip *s = src->strip;
  /* a send's own position or pan, else the strip's */
  const bool own = e->kind == SP_EDGE_SEND && e->send->pan.given;
  const sp_pan *pn = own ? &e->send->pan : &s->pan;
  const bool position = pn->pos.has;
  const sp_auto *az = position ? &pn->pos.azimuth : &pn->plain;
  if (position && moving(az)) { /* moved the short way round */
    e->azimuth_path = graph_azimuth_path(az);
    az = e->azimuth_path;
  }
  const double scale = position ? 1.0 : -30.0;
  const sp_auto *el = position ? &pn->pos.elevation : NULL;
  e->spread = position ? pn->pos.spread : 0;
  e->width_deg = s->has_width ? 60.0 * s->width : 60.0;
  if (moving(az) || moving(el)) {
    e->azimuth = az;
    e->elevation = el;
    e->azimuth_scale = scale;
  }
  const double a0 = scale * start_value(az, 0), e0 = start_value(el, 0);
  sp_vbap *v = sp_vbap_new(to);
  double gl[SP_MAX_CHANNELS], gr[SP_MAX_CHANNELS];
  if (from_n == 1) {
    sp_vbap_gains(v, a0, e0, e->spread, gl);
    for (int t = 0; t < to->n; t++)
      e->mix[t] = (float)gl[t];
  } else {
    sp_vbap_gains(v, a0 + e->width_deg / 2, e0, e->spread, gl);
    sp_vbap_gains(v, a0 - e->width_deg / 2, e0, e->spread, gr);
    for (int t = 0; t < to->n; t++) {
      e->mix[t * 2] = (float)gl[t];
      e->mix[t * 2 + 1] = (float)gr[t];
    }
  }
  sp_vbap_free(v);
}

/* A channel name the destination has not, said with its channels (and the
 * one meant, when only its case is wrong or when it is another layout's
 * channel that folds whole into one of these: Ltf on a 7.1.2, its Ltm). */
static void no_channel(builder *b, const sp_edge *e, const sp_layout *to, const char *name,
                       const char *key)
{
  const char *meant = NULL;
  for (int c = 0; c < to->n && !meant; c++)
    if (strcasecmp(to->ch[c].name, name) == 0)
      meant = to->ch[c].name;
  if (!meant)
    meant = sp_fold_meant(to, name);
  graph_error(b, SP_ERR_USAGE, key, "'%s' has no channel %s; its channels are %s%s%s%s",
              b->g->nodes[e->dst].name, name, to->text, meant ? " (did you mean '" : "",
              meant ? meant : "", meant ? "'?)" : "");
}

/* `pan: {gains: {...}}`, pn (the strip's, or its send's own): the
 * strip's channels into the destination's channels so named, at the gains
 * given; the errors at key, "...pan.gains". */
static void gain_matrix(builder *b, sp_edge *e, const sp_layout *to, const sp_layout *from,
                        const sp_pan *pn, const char *key)
{
  const sp_strip *s = b->g->nodes[e->src].strip;
  if (pn == &s->pan && e->kind == SP_EDGE_SEND) { /* the strip's matrix, where it fits */
    bool fits = true;
    for (size_t k = 0; k < pn->n_gains && fits; k++)
      fits = sp_layout_channel(to, pn->gain_to[k]) >= 0 && pn->gain_n[k] == (size_t)from->n;
    if (!fits) {
      const size_t n = strlen(e->path); /* "tracks.a.sends[0].to" */
      char *at = sp_xasprintf("%.*s", (int)(n > 3 ? n - 3 : n), e->path);
      graph_error(b, SP_ERR_USAGE, at,
                  "the send into '%s' (%s: %s) takes '%s's gain matrix, which names channels "
                  "it has not: give the send a pan of its own, like {to: %s, pan: 0}",
                  b->g->nodes[e->dst].name, to->name, to->text, b->g->nodes[e->src].name,
                  b->g->nodes[e->dst].name);
      free(at);
      return;
    }
  }
  for (size_t k = 0; k < pn->n_gains; k++) {
    char *at = sp_xasprintf("%s.%s", key, pn->gain_to[k]);
    const int t = sp_layout_channel(to, pn->gain_to[k]);
    bool twice = false;
    for (size_t j = 0; j < k && !twice; j++)
      twice = sp_layout_channel(to, pn->gain_to[j]) == t;
    if (t < 0)
      no_channel(b, e, to, pn->gain_to[k], at);
    else if (twice)
      graph_error(b, SP_ERR_USAGE, at, "'%s' is named twice; name each channel once",
                  pn->gain_to[k]);
    else if (pn->gain_n[k] != (size_t)from->n)
      graph_error(b, SP_ERR_USAGE, at,
                  "%zu gain%s for a strip of %d channel%s: give one for each of its channels, "
                  "in order (%s)",
                  pn->gain_n[k], pn->gain_n[k] == 1 ? "" : "s", from->n, from->n == 1 ? "" : "s",
                  from->text);
    else
      for (int f = 0; f < from->n; f++)
        e->mix[t * from->n + f] = (float)pn->gain_v[k][f];
    free(at);
  }
}

/* `channels: [...]`: each source channel straight into the destination's
 * channel so named (a mono source into each named). */
static void direct(builder *b, sp_edge *e, const sp_layout *to, const sp_layout *from)
{
  const sp_strip *s = b->g->nodes[e->src].strip;
  char *key = strip_key(b->g, e, "channels");
  if (from->n == 2 && s->n_direct == 1) { /* a stereo strip into one channel: its mono fold */
    const int t = sp_layout_channel(to, s->direct[0]);
    if (t >= 0)
      e->mix[t * 2] = e->mix[t * 2 + 1] = (float)M_SQRT1_2;
    else
      no_channel(b, e, to, s->direct[0], key);
    free(key);
    return;
  }
  if (from->n > 1 && s->n_direct != (size_t)from->n) {
    graph_error(b, SP_ERR_USAGE, key,
                "names %zu channel%s for %d: a %s strip names one destination channel for each "
                "of its own (a mono strip may name several; a stereo strip may name one, for its "
                "mono fold)",
                s->n_direct, s->n_direct == 1 ? "" : "s", from->n, from->name);
    free(key);
    return;
  }
  for (size_t k = 0; k < s->n_direct; k++) {
    const int t = sp_layout_channel(to, s->direct[k]);
    if (t < 0) {
      no_channel(b, e, to, s->direct[k], key);
      continue;
    }
    bool twice = false;
    for (size_t j = 0; j < k && !twice; j++)
      twice = sp_layout_channel(to, s->direct[j]) == t;
    if (twice) {
      char *at = sp_recipe_item(b->r, key, k);
      graph_error(b, SP_ERR_USAGE, at, "'%s' is named twice; name each channel once", s->direct[k]);
      free(at);
      continue;
    }
    const int f = from->n == 1 ? 0 : (int)k;
    e->mix[t * from->n + f] = 1.0f;
  }
  free(key);
}

/* A position behind the listener into a layout with no speaker behind
 * sounds from its mirror image in front: said, since the layout the user
 * meant is usually wider (a bus left stereo on the way to a 5.1 master). */
static void warn_mirrored(builder *b, const sp_edge *e, const sp_layout *to, const sp_auto *az,
                          bool own)
{
  double widest = 0, behind = 0;
  for (int c = 0; c < to->n; c++)
    if (!to->ch[c].lfe && fabs(to->ch[c].az) > widest)
      widest = fabs(to->ch[c].az);
  for (size_t k = 0; k <= az->n; k++) {
    const double v = k < az->n ? az->points[k].v : az->value;
    if (fabs(v) > fabs(behind))
      behind = v;
  }
  if (widest > 90 || fabs(behind) <= 90 + 1e-9)
    return;
  const sp_node *src = &b->g->nodes[e->src], *dst = &b->g->nodes[e->dst];
  /* where the azimuth is written: the send's own position, else its strip's */
  const size_t n = strlen(e->path); /* "tracks.a.sends[0].to" */
  char *key = own ? sp_xasprintf("%.*s.pan.azimuth", (int)(n > 3 ? n - 3 : n), e->path)
                  : sp_xasprintf("%s.pan.azimuth", src->path);
  graph_warn(b, key,
             "azimuth %g is behind the listener, and '%s' (%s) has no speaker behind: '%s' "
             "sounds from its mirror image in front (%g); give '%s' a layout with surrounds, "
             "like layout: 5.1, to place it behind",
             behind, dst->name, to->name, src->name, behind > 0 ? 180 - behind : -180 - behind,
             dst->name);
  free(key);
}

/* The route of edge e. */
static void route(builder *b, sp_edge *e)
{
  sp_graph *g = b->g;
  const sp_node *src = &g->nodes[e->src], *dst = &g->nodes[e->dst];
  const sp_strip *s = src->strip;
  const sp_layout *from = e->from, *to = dst->in_layout;
  const bool main = e->kind == SP_EDGE_MAIN, lfe = main && s->has_lfe;
  const bool stereo_dst = to->n == 2 && strcmp(to->name, "stereo") == 0;
  if (src->channels_unknown || dst->channels_unknown || s->placing_unread)
    return; /* its channels, or how they are placed, not known (an error already): what would
               follow is not said */
  const bool own = e->kind == SP_EDGE_SEND && e->send->pan.given;
  const sp_pan *pn = own ? &e->send->pan : &s->pan; /* a send's own, else its strip's */
  const bool position = pn->pos.has, gains = pn->n_gains;
  if (stereo_dst && from->n <= 2 && !position && !gains && !(s->n_direct && main) && !lfe) {
    if (s->has_fold && main) {
      char *key = strip_key(g, e, "fold");
      graph_error(b, SP_ERR_USAGE, key,
                  "'%s' is %s into '%s', %s: nothing to fold; remove 'fold' (pan places it)",
                  src->name, from->name, dst->name, to->name);
      free(key);
    }
    return; /* the pan laws, as ever */
  }
  e->mix = sp_xcalloc((size_t)to->n * (size_t)from->n, sizeof *e->mix);
  if (from->n > 2 && e->kind == SP_EDGE_SEND && e->send->pan.pos.has) {
    const size_t n = strlen(e->path); /* "tracks.a.sends[0].to" */
    char *key = sp_xasprintf("%.*s.pan", (int)(n > 3 ? n - 3 : n), e->path);
    graph_error(b, SP_ERR_USAGE, key,
                "'%s' is %s: a position places a mono or stereo signal; its send feeds '%s' "
                "channel to channel (or by the strip's fold); remove it",
                src->name, from->name, dst->name);
    free(key);
  }
  if (gains && main && (s->pan.pos.has || s->has_width || s->n_direct)) {
    char *key = strip_key(g, e, s->n_direct ? "channels" : s->has_width ? "width" : "pan");
    graph_error(b, SP_ERR_USAGE, key,
                "'%s' has a gain matrix (pan: {gains: ...}), which places it whole; remove %s",
                src->name,
                s->n_direct    ? "'channels'"
                : s->has_width ? "'width'"
                               : "the position");
    free(key);
  }
  if (gains) {
    const size_t n = strlen(e->path); /* "tracks.a.sends[0].to" */
    char *key = own ? sp_xasprintf("%.*s.pan.gains", (int)(n > 3 ? n - 3 : n), e->path)
                    : strip_key(g, e, "pan.gains");
    gain_matrix(b, e, to, from, pn, key);
    free(key);
  } else if (s->n_direct && main) { /* named channels: the main output's; sends are placed */
    bool followed = false;          /* a send placed by the strip's pan or position */
    for (size_t k = 0; k < s->n_sends; k++)
      followed |= !s->sends[k].pan.given;
    if ((s->pan.pos.has || s->pan.has) && !followed) {
      char *key = strip_key(g, e, "pan");
      graph_error(b, SP_ERR_USAGE, key,
                  "'%s' goes into named channels (channels: [...]), which pan does not move, "
                  "and no send follows its pan: remove 'pan', or 'channels' to place it",
                  src->name);
      free(key);
    }
    direct(b, e, to, from);
  } else if (from->n <= 2 && to->n > 1 && (from != to || position)) {
    /* placed by VBAP: a mono or stereo source into a wider layout, or by a
     * position into any of two channels or more, stereo into stereo too
     * (a position is the panner's; the pan laws are a plain pan's) */
    if (position) /* (a move passes behind only where a point is: as written) */
      warn_mirrored(b, e, to, &pn->pos.azimuth, own);
    if (from->n == 2 && s->has_width && s->widths.n) {
      char *key = strip_key(g, e, "width");
      if (to->n == 2) /* into stereo, placed by a position */
        graph_error(b, SP_ERR_USAGE, key,
                    "'%s' is placed by a position, where its width is a spread placed once; a "
                    "width moves only with a plain pan (the stereo panner): give one value",
                    src->name);
      else
        graph_error(b, SP_ERR_USAGE, key,
                    "'%s' feeds '%s', %s, where its width is a spread placed once; a width "
                    "moves only on a stereo panner into two channels: give one value",
                    src->name, dst->name, to->name);
      free(key);
    }
    place(g, e, to, from->n);
  } else if (from == to || (from->n == 1 && to->n == 1)) {
    for (int c = 0; c < from->n; c++)
      e->mix[c * from->n + c] = 1.0f;
  } else if (s->has_fold) {
    double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
    sp_fold_matrix(from, to, &s->fold, m);
    for (int k = 0; k < to->n * from->n; k++)
      e->mix[k] = (float)m[k];
  } else {
    graph_error(b, SP_ERR_USAGE, e->path,
                "'%s' is %s and '%s' %s: say how its channels fold into %s's: fold: bs775 "
                "(ITU-R BS.775's downmix: the centre and surrounds at -3 dB, the LFE dropped) "
                "on '%s', or give the levels, like fold: {centre: -3 dB, surround: -3 dB}",
                src->name, from->name, dst->name, to->name, dst->name, src->name);
  }
  if (lfe) {
    const int t = sp_layout_channel(to, "LFE");
    char *key = strip_key(g, e, "lfe");
    if (t < 0) {
      graph_error(b, SP_ERR_USAGE, key, "'%s' is %s, which has no LFE; remove 'lfe'", dst->name,
                  to->name);
    } else if (s->lfe_lowpass_hz > 0) {
      e->lfe = t;
      e->lfe_gain = (float)pow(10.0, s->lfe_db / 20.0);
      e->lfe_lowpass_hz = s->lfe_lowpass_hz;
    } else {
      const float gain = isinf(s->lfe_db) ? 0.0f : (float)pow(10.0, s->lfe_db / 20.0);
      for (int f = 0; f < from->n; f++)
        if (!from->ch[f].lfe)
          e->mix[t * from->n + f] += gain;
    }
    free(key);
  }
}

/* The layout edge e reads from its source src: at the fader (`tap: pre`,
 * `tap: fader`) or between its post_inserts, the chain's there (a
 * post_insert may widen a mono path); else src's output's. */
static const sp_layout *tapped_layout(const sp_node *src, const sp_edge *e)
{
  const sp_strip *s = src->strip;
  const size_t at = s->n_inserts - s->n_post;
  if (!s->n_post || (e->kind != SP_EDGE_SEND && e->kind != SP_EDGE_KEY))
    return src->layout;
  const bool pre = e->kind == SP_EDGE_SEND ? e->send->tap.at == SP_TAP_PRE : !e->key_post;
  const bool fader = e->kind == SP_EDGE_SEND ? e->send->tap.at == SP_TAP_FADER : e->key_fader;
  if (pre)
    return src->ins[at].layout;
  return fader && e->tap_after < s->n_post ? src->ins[at + e->tap_after].layout : src->layout;
}

void graph_plan_routes(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < g->n_edges; i++) {
    sp_edge *e = &g->edges[i];
    e->from = tapped_layout(&g->nodes[e->src], e);
    if (e->kind != SP_EDGE_KEY) {
      route(b, e);
    } else if ((e->key_panned || e->key_has_pan) && e->from->n > 2) {
      /* a key from more channels is their sum (but the LFE): no pan places it */
      const sp_insert *ins = &g->nodes[e->dst].strip->inserts[e->insert];
      char *key = sp_xasprintf("%s.key.%s", ins->path, e->key_panned ? "panned" : "pan");
      graph_error(b, SP_ERR_USAGE, key,
                  "'%s' is %s here: a key from more than two channels is their sum (but the "
                  "LFE) in both of the key's, which no pan places; remove '%s'",
                  g->nodes[e->src].name, e->from->name, e->key_panned ? "panned" : "pan");
      free(key);
    }
  }
  /* what only a mono or stereo strip has, on a wider one */
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->layout->n <= 2)
      continue;
    const sp_strip *s = n->strip;
    /* each at its own key: a pan or a position, and a width */
    const bool pan = s->pan.pos.has || s->pan.has;
    for (int k = 0; k < 2; k++) {
      if (!(k ? s->has_width : pan))
        continue;
      char *key = sp_xasprintf("%s.%s", n->path, k ? "width" : "pan");
      graph_error(b, SP_ERR_USAGE, key,
                  "'%s' is %s: %s places a mono or stereo signal; a %s strip feeds its "
                  "destination channel to channel (or by its fold); remove it",
                  n->name, n->layout->name,
                  k                ? "width"
                  : s->pan.pos.has ? "a position"
                                   : "pan",
                  n->layout->name);
      free(key);
    }
  }
}
