/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Graph build: the recipe becomes nodes and edges, then each planning step
 * runs in order (sp_graph_build at the end of this file):
 *
 *   recipe ─► nodes + edges ─► names resolved ─► sources probed
 *          ─► inserts probed (graph_inserts.c) ─► schedule (Kahn) / cycles
 *          ─► solo, mute ─► stems → lanes (graph_lanes.c)
 *          ─► latency ─► outputs resolved (graph_outputs.c)
 *          ─► checks and likely mistakes (graph_checks.c, graph_confine.c)
 *
 * Every step records its problems and carries on where it safely can, so a
 * user sees all of a recipe's mistakes in one run. The steps share the
 * builder of core/graph/graph_internal.h. */

#include "core/graph/graph_internal.h"

#include "core/base/alloc.h"
#include "core/base/names.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void pan_mono_law(double pan, double law_db, double *l, double *r)
{
  double theta = (pan + 1.0) * M_PI / 4.0;
  double cl = cos(theta), cr = sin(theta);
  double ll = (1.0 - pan) / 2.0, lr = (1.0 + pan) / 2.0;
  if (law_db == 0.0) {
    *l = fmin(1.0, 1.0 - pan);
    *r = fmin(1.0, 1.0 + pan);
  } else if (law_db == -6.0) {
    *l = ll;
    *r = lr;
  } else if (law_db == -4.5) {
    *l = sqrt(cl * ll);
    *r = sqrt(cr * lr);
  } else {
    *l = cl;
    *r = cr;
  }
}

void sp_pan_mono(double pan, double law_db, double *left, double *right)
{
  pan_mono_law(pan, law_db, left, right);
  /* cos(π/2) is 6e-17, not 0: a hard-panned source must not leak. */
  if (pan <= -1.0)
    *right = 0.0;
  if (pan >= 1.0)
    *left = 0.0;
}

/* Ardour 7.3's default region fades as its export renders them: read off
 * `ardour7-export -b float` of a region of 1.0 samples (a constant-power
 * curve of 32 points, interpolated by Ardour's spline), so that a session
 * of Ardour's renders here to its bits. The first value is Ardour's
 * GAIN_COEFF_SMALL, -140 dB. */
const float sp_ardour_fade_in[SP_ARDOUR_FADE_FRAMES] = {
    1.00000001e-07f, 0.0480809025f, 0.0740031302f, 0.0961837843f, 0.120218322f, 0.144180939f,
    0.168065324f,    0.191845044f,  0.215515465f,  0.23906064f,   0.262465745f, 0.285713464f,
    0.308802396f,    0.331702262f,  0.354413331f,  0.376911819f,  0.399199516f, 0.421243995f,
    0.443048775f,    0.464591354f,  0.48586598f,   0.506849051f,  0.52754724f,  0.547925353f,
    0.567991853f,    0.587720633f,  0.60711199f,   0.626141846f,  0.644812763f, 0.662614286f,
    0.679319143f,    0.706770658f,  0.733513415f,  0.748739779f,  0.764094412f, 0.779472589f,
    0.794384003f,    0.808842599f,  0.822813988f,  0.836321592f,  0.849322855f, 0.861843407f,
    0.873846114f,    0.885352492f,  0.896324635f,  0.906791627f,  0.916709542f, 0.926109314f,
    0.934951425f,    0.94326359f,   0.951006353f,  0.958212554f,  0.964839578f, 0.970920384f,
    0.976416707f,    0.981359422f,  0.985713243f,  0.989503562f,  0.992824197f, 0.995365202f,
    0.996859431f,    0.998065054f,  0.999080062f,  0.999999821f,
};
const float sp_ardour_fade_out[SP_ARDOUR_FADE_FRAMES] = {
    1.0f,          0.998845816f,  0.997306943f, 0.995369852f,    0.992755592f, 0.989557922f,
    0.985777915f,  0.981431723f,  0.976500094f, 0.971010864f,    0.964939892f, 0.958320916f,
    0.951124191f,  0.943389535f,  0.935086608f, 0.926254094f,    0.916861713f, 0.906951845f,
    0.896495163f,  0.88552916f,   0.874031186f, 0.862038255f,    0.849523783f, 0.836530089f,
    0.823032558f,  0.809066236f,  0.79461503f,  0.779710829f,    0.764339805f, 0.748966396f,
    0.733786762f,  0.707398534f,  0.67961359f,  0.662870288f,    0.645103514f, 0.626438439f,
    0.607414246f,  0.588028371f,  0.568308294f, 0.548243523f,    0.527870476f, 0.507180393f,
    0.486198485f,  0.46492812f,   0.443393469f, 0.421588957f,    0.399548382f, 0.377267897f,
    0.35476914f,   0.332061082f,  0.309164256f, 0.286077917f,    0.26283285f,  0.239429936f,
    0.215890989f,  0.192218333f,  0.168440431f, 0.144561276f,    0.120599091f, 0.096563071f,
    0.0724707693f, 0.0483346358f, 0.024176022f, 4.14722672e-06f,
};

void sp_pan_ardour(double pan, double *left, double *right)
{
  float const scale = 2.0f - 4.0f * powf(10.0f, -3.0f / 20.0f);
  float panR = (float)((pan + 1.0) / 2.0);
  float panL = 1 - panR;
  *left = panL * (scale * panL + 1.0f - scale);
  *right = panR * (scale * panR + 1.0f - scale);
}

void sp_pan_balance(double pan, double *left, double *right)
{
  double far = pan == 0.0 ? 1.0 : fabs(pan) >= 1.0 ? 0.0 : cos(fabs(pan) * M_PI / 2.0);
  *left = pan > 0 ? far : 1.0;
  *right = pan < 0 ? far : 1.0;
}

void sp_pan_ardour_balance(double pan, double *left, double *right)
{
  /* Pannerbalance::update: its azimuth a float, the gains 2 − 2a and 2a
   * in double, kept in float. */
  float az = (float)((pan + 1.0) / 2.0);
  *left = az > 0.5f ? (float)(2 - 2. * az) : 1.0f;
  *right = az < 0.5f ? (float)(2. * az) : 1.0f;
}

/* Ardour's Panner2in2out law for one channel at lr_fract p, in float with
 * its constant (panner_2in2out.cc). */
static void ardour_2in2out(float p, double *left, double *right)
{
  const float scale = -0.831783138f;
  float panR = p, panL = 1 - p;
  *left = panL * (scale * panL + 1.0f - scale);
  *right = panR * (scale * panR + 1.0f - scale);
}

void sp_pan_stereo(double pan, double width, bool ardour, double law_db, double g[4])
{
  /* Width past 1 − |pan| would put a channel beyond a side: clamped
   * there, as Ardour clamps it. */
  if (ardour) {
    /* Panner2in2out::update, in its units: azimuth 0 .. 1, each channel
     * at azimuth ∓ width/2 in double, kept in float. */
    double az = (pan + 1.0) / 2.0;
    double room = fmin(az, 1 - az) * 2;
    if (fabs(width) > room)
      width = width > 0 ? room : -room;
    ardour_2in2out((float)(az - width / 2.0), &g[0], &g[3]);
    ardour_2in2out((float)(az + width / 2.0), &g[2], &g[1]);
    return;
  }
  double room = 1.0 - fabs(pan);
  if (fabs(width) > room)
    width = width > 0 ? room : -room;
  sp_pan_mono(pan - width, law_db, &g[0], &g[3]);
  sp_pan_mono(pan + width, law_db, &g[2], &g[1]);
}

int sp_graph_find(const sp_graph *g, const char *name)
{
  for (size_t i = 0; i < g->n_nodes; i++)
    if (strcmp(g->nodes[i].name, name) == 0)
      return (int)i;
  return -1;
}

void graph_error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(b->d, kind, b->r->file, sp_recipe_where(b->r, path), path, fmt, ap);
  va_end(ap);
}

/* A warning about the recipe, said by the first build of its graph only:
 * a rebuild (an own version's render, the bleed measurement) would repeat
 * it word for word. */
void graph_warn(builder *b, const char *path, const char *fmt, ...)
{
  if (b->rebuild)
    return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sp_recipe_warn(b->r, b->d, path, "%s", msg);
}

static int add_node(sp_graph *g, sp_node_kind kind, const char *name, char *path,
                    const sp_strip *strip)
{
  sp_node *n = &g->nodes[g->n_nodes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->name = name;
  n->path = path;
  n->strip = strip;
  n->channels = 2;
  n->lane = -1;
  return (int)g->n_nodes++;
}

static void add_edge(sp_graph *g, size_t *cap, int src, int dst, sp_edge_kind kind,
                     const sp_send *send, char *path)
{
  SP_GROW(g->edges, g->n_edges, *cap);
  g->edges[g->n_edges++] = (sp_edge){src, dst, kind, send, -1, false, 1.0f, -1, 0, path};
}

/* The destination node of `to: name` at path, or -1 with an error. */
static int resolve_dest(builder *b, const char *name, const char *path, bool is_send)
{
  sp_graph *g = b->g;
  int i = sp_graph_find(g, name);
  if (i >= 0 && g->nodes[i].kind == SP_NODE_BUS)
    return i;
  if (i >= 0 && g->nodes[i].kind == SP_NODE_MASTER) {
    if (!is_send)
      return i;
    graph_error(b, SP_ERR_USAGE, path,
                "a send feeds a bus (an aux return), not master; route "
                "the strip itself with 'to: master'");
    return -1;
  }
  if (i >= 0) {
    graph_error(b, SP_ERR_USAGE, path, "'%s' is a track; %s a bus%s", name,
                is_send ? "a send feeds" : "a strip outputs to", is_send ? "" : " or master");
    return -1;
  }
  /* Suggest among buses (and master for outputs). */
  const char *cands[1024];
  size_t n = 0;
  for (size_t k = 0; k < g->n_nodes && n < 1024; k++)
    if (g->nodes[k].kind == SP_NODE_BUS || (!is_send && g->nodes[k].kind == SP_NODE_MASTER))
      cands[n++] = g->nodes[k].name;
  const char *near = sp_suggest(name, cands, n);
  if (near)
    graph_error(b, SP_ERR_USAGE, path, "no bus named '%s'; did you mean '%s'?", name, near);
  else if (b->r->n_buses == 0)
    graph_error(b, SP_ERR_USAGE, path,
                "no bus named '%s'; the recipe has no buses (add one under "
                "'buses:')",
                name);
  else
    graph_error(b, SP_ERR_USAGE, path,
                "no bus named '%s'; add it under 'buses:' or pick one of "
                "the buses defined",
                name);
  return -1;
}

static void build_nodes(builder *b)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  g->nodes = sp_xcalloc(r->n_tracks + r->n_buses + 1, sizeof *g->nodes);
  for (size_t i = 0; i < r->n_tracks; i++)
    add_node(g, SP_NODE_TRACK, r->tracks[i].name, sp_xasprintf("tracks.%s", r->tracks[i].name),
             &r->tracks[i].strip);
  for (size_t i = 0; i < r->n_buses; i++) {
    const char *name = r->buses[i].name;
    char *path = sp_xasprintf("buses.%s", name);
    for (size_t t = 0; t < r->n_tracks; t++)
      if (strcmp(r->tracks[t].name, name) == 0)
        graph_error(b, SP_ERR_USAGE, path,
                    "'%s' is already a track's name; tracks and buses share "
                    "one namespace, rename one of them",
                    name);
    add_node(g, SP_NODE_BUS, name, path, &r->buses[i].strip);
  }
  g->master = add_node(g, SP_NODE_MASTER, "master", sp_xstrdup("master"), &r->master);
  g->nodes[g->master].channels = 2;
}

/* Route node src to the bus named to (NULL: master) as its main output, or
 * as the given send; path (taken) is where the recipe names the route. */
static void connect(builder *b, size_t *cap, int src, const char *to, const sp_send *send,
                    char *path)
{
  sp_graph *g = b->g;
  int dst = to ? resolve_dest(b, to, path, send != NULL) : g->master;
  if (dst == src) {
    graph_error(b, SP_ERR_USAGE, path, "a bus cannot %s itself (%s -> %s)",
                send ? "send to" : "output to", g->nodes[src].name, g->nodes[src].name);
    dst = -1;
  }
  if (dst < 0) {
    free(path);
    return;
  }
  add_edge(g, cap, src, dst, send ? SP_EDGE_SEND : SP_EDGE_MAIN, send, path);
}

/* The sidechain key of node dst's insert k: an edge from the key's source. */
static void connect_key(builder *b, size_t *cap, int dst, size_t k)
{
  sp_graph *g = b->g;
  const sp_insert *ins = &g->nodes[dst].strip->inserts[k];
  char *path = sp_xasprintf("%s.key.from", ins->path);
  int src = sp_graph_find(g, ins->key_from);
  if (src == g->master) {
    graph_error(b, SP_ERR_USAGE, path,
                "a key comes from a track or a bus, not master: master is fed by every strip, so "
                "it would key itself; name the track or bus the detector should listen to");
  } else if (src == dst) {
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' keyed by itself; leave out 'key' and the detector "
                "listens to its own input",
                ins->key_from);
  } else if (src < 0) {
    const char *cands[1024];
    size_t n = 0;
    for (size_t i = 0; i < g->n_nodes && n < 1024; i++)
      if ((int)i != g->master)
        cands[n++] = g->nodes[i].name;
    const char *near = sp_suggest(ins->key_from, cands, n);
    if (near)
      graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'; did you mean '%s'?",
                  ins->key_from, near);
    else
      graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'", ins->key_from);
  } else {
    add_edge(g, cap, src, dst, SP_EDGE_KEY, NULL, path);
    g->edges[g->n_edges - 1].insert = (int)k;
    g->edges[g->n_edges - 1].key_post = ins->key_post;
    g->edges[g->n_edges - 1].key_gain =
        isinf(ins->key_level_db) ? 0.0f : (float)pow(10.0, ins->key_level_db / 20.0);
    return;
  }
  free(path);
}

static void build_edges(builder *b)
{
  sp_graph *g = b->g;
  size_t cap = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_MASTER)
      continue;
    const sp_strip *s = n->strip;
    if (!s->to_none)
      connect(b, &cap, (int)i, s->to, NULL, sp_xasprintf("%s.to", n->path));
    for (size_t k = 0; k < s->n_sends; k++)
      if (s->sends[k].to)
        connect(b, &cap, (int)i, s->sends[k].to, &s->sends[k],
                sp_xasprintf("%s.sends[%zu].to", n->path, k));
  }
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; k < g->nodes[i].strip->n_inserts; k++)
      if (g->nodes[i].strip->inserts[k].key_from)
        connect_key(b, &cap, (int)i, k);
  for (size_t e = 0; e < g->n_edges; e++) {
    sp_node *src = &g->nodes[g->edges[e].src], *dst = &g->nodes[g->edges[e].dst];
    src->out = sp_xreallocarray(src->out, src->n_out + 1, sizeof *src->out);
    src->out[src->n_out++] = (int)e;
    dst->in = sp_xreallocarray(dst->in, dst->n_in + 1, sizeof *dst->in);
    dst->in[dst->n_in++] = (int)e;
  }
}

/* ---- sources ------------------------------------------------------------- */

static double secs(int64_t frames, double rate) { return (double)frames / rate; }

/* The curve through a recipe's fade points (times from the fade's start). */
static void curve_through(const sp_auto *a, double rate, sp_fade_curve *out)
{
  double *x = sp_xcalloc(a->n, sizeof *x), *y = sp_xcalloc(a->n, sizeof *y);
  for (size_t i = 0; i < a->n; i++) {
    x[i] = sp_time_frames_exact(a->points[i].t, rate);
    y[i] = a->points[i].v;
  }
  sp_fade_curve_init(out, x, y, a->n, (int)rate);
  free(x);
  free(y);
}

/* A fade of len frames drawn as shape (or the points of curve) at rate:
 * its curve in *out, made for Ardour's shapes and for curves. */
static void fade_curve(int64_t len, sp_fade_shape shape, const sp_auto *curve, bool in, double rate,
                       sp_fade_shape *shape_out, sp_fade_curve *out)
{
  *shape_out = len > 0 ? shape : SP_FADE_RAMP;
  if (len <= 0 || shape == SP_FADE_RAMP || shape == SP_FADE_ARDOUR)
    return;
  if (shape != SP_FADE_CURVE)
    sp_fade_curve_shape(out, shape, in, len, (int)rate);
  else
    curve_through(curve, rate, out);
}

/* The inverse an opaque region's fade draws over the regions below it:
 * the points given, else Ardour's for the shape (its default fade is its
 * constant-power shape); none (1 − the fade's gain) for a ramp or a curve. */
static void fade_inverse(int64_t len, sp_fade_shape shape, const sp_auto *given, bool in,
                         double rate, sp_fade_curve *out)
{
  if (len <= 0)
    return;
  if (given->n > 0)
    curve_through(given, rate, out);
  else if (shape == SP_FADE_ARDOUR)
    sp_fade_curve_inverse(out, SP_FADE_POWER, in, len, (int)rate);
  else if (sp_fade_shape_name(shape))
    sp_fade_curve_inverse(out, shape, in, len, (int)rate);
}

static void plan_region(builder *b, sp_node *n, const sp_track *t, size_t k)
{
  const double rate = b->r->sample_rate;
  const sp_region *rg = &t->regions[k];
  /* Region fields live at tracks.X.regions[k].* in a list, else at tracks.X.*. */
  char *rp = t->regions_listed ? sp_xasprintf("%s.regions[%zu]", n->path, k) : sp_xstrdup(n->path);
  char *fp = sp_xasprintf("%s.file", rp);
  sp_region_plan *p = &n->regions[n->n_regions];
  memset(p, 0, sizeof *p);
  if (!rg->path)
    goto out;

  if (!graph_allowed(b, rg->path, false, fp, "the file"))
    goto out;
  sp_audio_info info;
  char why[256];
  if (sp_media_probe(b->g->media, rg->path, &info, why, sizeof why) != SP_OK) {
    graph_error(b, SP_ERR_IO, fp, "cannot read '%s': %s", rg->path, why);
    goto out;
  }
  if (info.channels > 2) {
    graph_error(b, SP_ERR_IO, fp,
                "'%s' has %d channels; stemprint takes mono or stereo files "
                "(split it into mono or stereo files first)",
                rg->path, info.channels);
    goto out;
  }
  int64_t file_frames = sp_session_frames(info.frames, info.sample_rate, rate);
  p->path = rg->path;
  p->channels = info.channels;
  p->file_rate = info.sample_rate;
  p->at = sp_time_frames(rg->at, rate);
  p->from = sp_time_frames(rg->from, rate);
  p->fade_in = sp_time_frames(rg->fade_in, rate);
  p->fade_out = sp_time_frames(rg->fade_out, rate);
  p->gain = isinf(rg->gain_db) ? 0.0f : (float)pow(10.0, rg->gain_db / 20.0);
  bool ok = true;
  if (file_frames == 0) {
    graph_error(b, SP_ERR_IO, fp,
                "'%s' holds no audio (0 frames); export it again or remove the region", rg->path);
    ok = false;
  } else if (p->from >= file_frames) {
    char *kp = sp_xasprintf("%s.from", rp);
    graph_error(b, SP_ERR_USAGE, kp,
                "starts at %.3f s, at or past the end of '%s' (%.3f s long); "
                "use a smaller 'from'",
                secs(p->from, rate), rg->file, secs(file_frames, rate));
    free(kp);
    ok = false;
  }
  if (rg->has_length) {
    p->length = sp_time_frames(rg->length, rate);
    char *kp = sp_xasprintf("%s.length", rp);
    if (p->length <= 0) {
      graph_error(b, SP_ERR_USAGE, kp, "a region must be longer than 0");
      ok = false;
    } else if (ok && p->from + p->length > file_frames) {
      graph_error(b, SP_ERR_USAGE, kp,
                  "%.3f s runs past the end of '%s': at most %.3f s remain "
                  "after 'from'",
                  secs(p->length, rate), rg->file, secs(file_frames - p->from, rate));
      ok = false;
    }
    free(kp);
  } else if (ok) {
    p->length = file_frames - p->from;
  }
  if (ok && p->fade_in + p->fade_out > p->length) {
    char *kp = sp_xasprintf("%s.%s", rp, p->fade_out ? "fade_out" : "fade_in");
    graph_error(b, SP_ERR_USAGE, kp,
                "fades (%.3f s in + %.3f s out) are longer than the region "
                "(%.3f s); shorten them",
                secs(p->fade_in, rate), secs(p->fade_out, rate), secs(p->length, rate));
    free(kp);
    ok = false;
  }
  if (ok) {
    /* What the plan owns, made only for a region it keeps. */
    fade_curve(p->fade_in, rg->fade_in_shape, &rg->fade_in_curve, true, rate, &p->fade_in_shape,
               &p->fade_in_curve);
    fade_curve(p->fade_out, rg->fade_out_shape, &rg->fade_out_curve, false, rate,
               &p->fade_out_shape, &p->fade_out_curve);
    p->opaque = rg->opaque;
    if (p->opaque) {
      fade_inverse(p->fade_in, rg->fade_in_shape, &rg->fade_in_inverse, true, rate,
                   &p->fade_in_inverse);
      fade_inverse(p->fade_out, rg->fade_out_shape, &rg->fade_out_inverse, false, rate,
                   &p->fade_out_inverse);
    }
    const sp_auto *env = &rg->envelope;
    if (env->n > 0) {
      p->n_env = env->n;
      p->env_at = sp_xcalloc(env->n, sizeof *p->env_at);
      p->env_pos = sp_xcalloc(env->n, sizeof *p->env_pos);
      for (size_t e = 0; e < env->n; e++) {
        p->env_at[e] = sp_time_frames(env->points[e].t, rate);
        double lin = isinf(env->points[e].v) ? 0.0 : pow(10.0, env->points[e].v / 20.0);
        p->env_pos[e] = sp_ardour_gain_to_position(lin);
      }
    }
    if (p->channels > n->channels)
      n->channels = p->channels;
    p->key = fp;
    fp = NULL;
    n->n_regions++;
  }
out:
  free(fp);
  free(rp);
}

static void plan_sources(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < b->r->n_tracks; i++) {
    sp_node *n = &g->nodes[i];
    const sp_track *t = &b->r->tracks[i];
    n->channels = 1;
    n->regions = sp_xcalloc(t->n_regions, sizeof *n->regions);
    for (size_t k = 0; k < t->n_regions; k++)
      plan_region(b, n, t, k);
  }
}

/* ---- schedule ------------------------------------------------------------ */

/* Report one cycle through the nodes still marked in `left`, starting the
 * walk at start, and unmark its nodes. */
static void report_cycle(builder *b, bool *left, int start)
{
  sp_graph *g = b->g;
  int *stack = sp_xcalloc(g->n_nodes + 1, sizeof *stack);
  int *via = sp_xcalloc(g->n_nodes + 1, sizeof *via);
  int *pos = sp_xcalloc(g->n_nodes, sizeof *pos);
  for (size_t i = 0; i < g->n_nodes; i++)
    pos[i] = -1;
  /* Every node left after Kahn has an outgoing edge to another left node
   * (else it would have been scheduled... in reverse); walk until a repeat. */
  size_t depth = 0;
  int cur = start;
  while (pos[cur] < 0) {
    pos[cur] = (int)depth;
    stack[depth] = cur;
    int next = -1;
    for (size_t k = 0; k < g->nodes[cur].n_out && next < 0; k++) {
      int e = g->nodes[cur].out[k];
      if (left[g->edges[e].dst]) {
        next = g->edges[e].dst;
        via[depth] = e;
      }
    }
    depth++;
    if (next < 0)
      break;
    cur = next;
  }
  if (pos[cur] >= 0 && depth > 0) {
    size_t from = (size_t)pos[cur];
    size_t len = 0;
    for (size_t k = from; k < depth; k++)
      len += strlen(g->nodes[stack[k]].name) + 4;
    char *text = sp_xmalloc(len + strlen(g->nodes[cur].name) + 1);
    text[0] = '\0';
    for (size_t k = from; k < depth; k++) {
      strcat(text, g->nodes[stack[k]].name);
      strcat(text, " -> ");
    }
    strcat(text, g->nodes[cur].name);
    /* A key closing a cycle is easy to miss: name the insert it feeds. */
    char keys[512] = "";
    for (size_t k = from; k < depth; k++) {
      const sp_edge *e = &g->edges[via[k]];
      if (e->kind != SP_EDGE_KEY)
        continue;
      char one[256];
      snprintf(one, sizeof one, "%s%s -> %s is the key of %s", *keys ? ", " : " (",
               g->nodes[e->src].name, g->nodes[e->dst].name,
               g->nodes[e->dst].strip->inserts[e->insert].path);
      strncat(keys, one, sizeof keys - strlen(keys) - 2);
    }
    if (*keys)
      strcat(keys, ")");
    graph_error(b, SP_ERR_USAGE, g->edges[via[depth - 1]].path,
                "routing cycle: %s%s; a signal cannot feed itself, remove one of these routes",
                text, keys);
    free(text);
    for (size_t k = from; k < depth; k++)
      left[stack[k]] = false;
  }
  left[start] = false;
  free(stack);
  free(via);
  free(pos);
}

static bool schedule(builder *b)
{
  sp_graph *g = b->g;
  size_t n = g->n_nodes;
  size_t *indeg = sp_xcalloc(n, sizeof *indeg);
  bool *done = sp_xcalloc(n, sizeof *done);
  for (size_t e = 0; e < g->n_edges; e++)
    indeg[g->edges[e].dst]++;
  g->order = sp_xcalloc(n, sizeof *g->order);
  size_t k = 0;
  /* Kahn's algorithm taking the lowest ready index each time, so the order
   * follows the recipe where routing allows; n is small. */
  for (;;) {
    size_t pick = n;
    for (size_t i = 0; i < n && pick == n; i++)
      if (!done[i] && indeg[i] == 0)
        pick = i;
    if (pick == n)
      break;
    done[pick] = true;
    g->order[k++] = (int)pick;
    for (size_t j = 0; j < g->nodes[pick].n_out; j++)
      indeg[g->edges[g->nodes[pick].out[j]].dst]--;
  }
  bool ok = k == n;
  if (!ok) {
    /* Nodes not scheduled are on a cycle or downstream of one; keep only
     * nodes that can still reach a left node, then report cycles one by one. */
    bool *left = sp_xcalloc(n, sizeof *left);
    for (size_t i = 0; i < n; i++)
      left[i] = !done[i];
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < n; i++) {
        if (!left[i])
          continue;
        bool feeds_left = false;
        for (size_t j = 0; j < g->nodes[i].n_out; j++)
          feeds_left |= left[g->edges[g->nodes[i].out[j]].dst];
        if (!feeds_left) {
          left[i] = false;
          changed = true;
        }
      }
    }
    for (size_t i = 0; i < n; i++)
      if (left[i])
        report_cycle(b, left, (int)i);
    free(left);
  }
  free(indeg);
  free(done);
  return ok;
}

sp_err sp_graph_build(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                      sp_graph **out, sp_diags *d)
{
  size_t errors_before = sp_diags_errors(d);
  *out = NULL;
  sp_graph *g = sp_xcalloc(1, sizeof *g);
  g->recipe = r;
  g->media = media;
  g->sample_rate = r->sample_rate;
  builder b = {r, g, d, NULL, opts && opts->rebuild, NULL, 0, NULL};
  if (opts && opts->confine) {
    const size_t n = opts->n_roots ? opts->n_roots : 1;
    b.roots = sp_xcalloc(n, sizeof *b.roots);
    for (size_t i = 0; i < n; i++) {
      const char *root = opts->n_roots ? opts->roots[i] : r->dir;
      if ((b.roots[b.n_roots] = media->resolve(media, root)))
        b.n_roots++;
      else
        sp_diags_error(d, SP_ERR_USAGE, NULL, (sp_pos){0, 0}, NULL,
                       "--confine-to '%s': %s; give a folder that exists", root, strerror(errno));
    }
    if (r->trusted_dir)
      b.trusted = media->resolve(media, r->trusted_dir);
  }

  g->floor_db = r->output.depth == SP_DEPTH_16   ? -98.0
                : r->output.depth == SP_DEPTH_24 ? -146.0
                                                 : -150.0;
  build_nodes(&b);
  build_edges(&b);
  plan_sources(&b);
  graph_probe_inserts(&b);
  bool scheduled = schedule(&b);
  graph_plan_silence(&b, opts);
  graph_plan_lanes(&b, opts);
  if (scheduled) {
    graph_propagate_lanes(g);
    graph_plan_latency(g);
  }
  graph_plan_length(&b);
  graph_plan_outputs(&b, opts);
  graph_check_open_files(&b);
  graph_plan_tail(&b);
  if (scheduled) {
    graph_check_links(&b);
    graph_warn_mistakes(&b);
  }
  /* The longest render: content and tail together, each already at most
   * a day by the parser. */
  const int64_t longest = (int64_t)(SP_MAX_SECONDS * r->sample_rate);
  if (sp_diags_errors(d) == errors_before && g->content_frames + g->tail_frames > longest)
    graph_error(&b, SP_ERR_USAGE,
                !r->length_auto ? "length"
                : !r->tail_auto ? "tail"
                                : "tracks",
                "the render would last %.0f s (%.0f s and a tail of %.0f s), longer than %s, the "
                "longest stemprint renders; shorten it",
                (double)(g->content_frames + g->tail_frames) / r->sample_rate,
                (double)g->content_frames / r->sample_rate, (double)g->tail_frames / r->sample_rate,
                SP_MAX_TEXT);
  if (scheduled && g->content_frames == 0 && sp_diags_errors(d) == 0)
    graph_error(&b, SP_ERR_USAGE, "tracks",
                "nothing to render: every track is muted or silenced "
                "by solo; unmute a track or set 'length'");

  for (size_t i = 0; i < b.n_roots; i++)
    free(b.roots[i]);
  free(b.roots);
  free(b.trusted);
  if (sp_diags_errors(d) > errors_before) {
    sp_graph_free(g);
    return sp_diags_status(d);
  }
  *out = g;
  return SP_OK;
}

void sp_graph_free(sp_graph *g)
{
  if (!g)
    return;
  for (size_t i = 0; i < g->n_nodes; i++) {
    free(g->nodes[i].path);
    for (size_t k = 0; k < g->nodes[i].n_regions; k++) {
      free(g->nodes[i].regions[k].key);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_in_curve);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_out_curve);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_in_inverse);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_out_inverse);
      free(g->nodes[i].regions[k].env_at);
      free(g->nodes[i].regions[k].env_pos);
    }
    free(g->nodes[i].regions);
    free(g->nodes[i].lanes);
    free(g->nodes[i].in);
    free(g->nodes[i].out);
    free(g->nodes[i].ins_latency);
    free(g->nodes[i].ins_tail);
    free(g->nodes[i].ins_link_floor);
    graph_free_resources(&g->nodes[i]);
  }
  for (size_t e = 0; e < g->n_edges; e++)
    free(g->edges[e].path);
  for (size_t f = 0; f < g->n_insert_files; f++)
    free(g->insert_files[f].key);
  free(g->insert_files);
  free(g->nodes);
  free(g->edges);
  free(g->order);
  free(g->lane_names);
  free(g->lane_stem);
  free(g->lane_source);
  free(g->lane_cell);
  for (size_t v = 0; g->versions && v < g->n_versions; v++) {
    free(g->versions[v].left_out);
    free(g->versions[v].muted_nodes);
    free(g->versions[v].stems_left_out);
  }
  free(g->versions);
  for (size_t o = 0; o < g->n_outputs; o++) {
    free(g->outputs[o].path);
    free(g->outputs[o].file);
    free(g->outputs[o].key);
    free(g->outputs[o].lanes);
  }
  free(g->outputs);
  free(g->out_dir);
  for (size_t i = 0; i < g->n_prints; i++)
    free(g->prints[i]);
  free(g->prints);
  free(g->mix_path);
  if (g->stem_paths)
    for (size_t s = 0; s < g->n_stems; s++)
      free(g->stem_paths[s]);
  free(g->stem_paths);
  free(g);
}
