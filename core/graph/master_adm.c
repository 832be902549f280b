/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.adm planned with the graph (core/graph/builder.h): the ADM
 * BWF's structure as core/render/adm_out.c renders it with the prints
 * (its files are named with them, core/graph/outputs.c), and every rule
 * it must keep, checked when the graph is built, so that `check` says
 * what a render would refuse and a render refuses it before a file is
 * written:
 *
 *   output.format / output.depth ─ the prints are 24-bit WAV (the ADM
 *                                  BWF holds their samples bit for bit)
 *   master, bed buses  ─> beds    ─ a profile's layout each, their
 *                                  tracks within SP_ADM_MAX_BED_TRACKS
 *                                  (at most SP_ADM_MAX_BEDS: the parser)
 *   object buses       ─> objects ─ mono or stereo; blocks from pan
 *   objects: keep      ─> objects ─ as the file has them, placed by the
 *                                  region (names apart: sources.c)
 *   profile            ─ dolby (immersive-music): 48 or 96 kHz, a
 *                        binaural mode on some object; bs2076: the file
 *                        laid out as BS.2076-2 alone has it, any rate
 *   the whole          ─ BS.2076 (sp_adm_check: tracks, objects, blocks,
 *                        gains), what the media's writer can write and
 *                        read back (its axml within the reader's cap),
 *                        each bed and object in one stem (an ADM stem
 *                        holds it whole)
 *
 * What stays for the render to find is what only the files' content can
 * say: tests/test_adm.c (render_rules_are_checked_first) lists both. */

#include "core/graph/builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/graph/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where strip n's layout leaving its chain (n->layout) is said: the last
 * insert that folds it, else its `layout:` (sp_recipe_where walks up to the
 * strip when the key is not written). Freed by the caller. */
static char *layout_said_at(const sp_node *n)
{
  const sp_strip *s = n->strip;
  for (size_t k = s->n_inserts; k-- > 0;)
    if (!s->inserts[k].bypass && s->inserts[k].cls->out_layout)
      return sp_xstrdup(s->inserts[k].path);
  return sp_xasprintf("%s.layout", n->path);
}

/* Bed or object n (master: its first bed) as the ADM BWF will hold it,
 * as its chain leaves it, after a fold (a 7.1.4 bus folded to 7.1.2 is a
 * bed of 7.1.2): a bed of a layout the profile takes for a bed, the beds'
 * tracks so far (*bed_tracks) within SP_ADM_MAX_BED_TRACKS, an object
 * mono or stereo. */
static void check_strip(builder *b, const sp_node *n, bool master, int *bed_tracks)
{
  char *at = layout_said_at(n);
  if (n->strip->object && n->channels > 2)
    graph_error(b, SP_ERR_USAGE, at,
                "an object is mono or stereo, and '%s' leaves its chain with %d channels (%s); "
                "give it layout: mono or stereo (or fold it to stereo), or make it a bed",
                n->name, n->channels, n->layout->name);
  else if (!n->strip->object && !sp_adm_bed_ok(n->layout))
    graph_error(b, SP_ERR_USAGE, at,
                "%s%s%s of master's ADM BWF, of layout %s as its chain leaves it, and the "
                "profile's beds are stereo, LCR, 5.0, 5.1, 7.1 and 7.1.2; give it one of them "
                "(layout: 5.1, or fold: {to: 7.1.2}) and make what is above it objects",
                master ? "master is the first bed" : "'", master ? "" : n->name,
                master ? "" : "' is a bed", n->layout->name);
  else if (!n->strip->object && (*bed_tracks += n->layout->n) > SP_ADM_MAX_BED_TRACKS)
    graph_error(b, SP_ERR_USAGE, at,
                "the beds would take %d tracks of master's ADM BWF (master's and the bed "
                "buses' channels up to '%s'), more than %d; give this bed a smaller layout or "
                "leave it out",
                *bed_tracks, n->name, SP_ADM_MAX_BED_TRACKS);
  free(at);
}

/* The ADM BWF is made of the prints' samples, bit for bit: 24-bit WAV. */
static void check_adm_format(builder *b)
{
  const sp_recipe *r = b->r;
  const bool wav = sp_formats[r->output.format].bwf, d24 = r->output.depth == SP_DEPTH_24;
  if (wav && d24)
    return;
  graph_error(b, SP_ERR_USAGE, !d24 ? "output.depth" : "output.format",
              "master.adm makes a 24-bit WAV ADM BWF (the profile's depth) of the prints' "
              "samples, and the prints are %s %s: set output.format: wav and output.depth: 24 "
              "(output.also makes other formats from them)",
              sp_depth_words(r->output.depth), sp_format_ext(r->output.format));
}

/* The stem that holds bed or object node i of master's ADM BWF, as an
 * ADM stem holds it whole (-1: none); said when two stems' signals reach
 * it. */
static int one_stem(builder *b, size_t i, bool bed)
{
  const sp_graph *g = b->g;
  int home = -1;
  for (size_t s = 0; s < g->n_stems; s++) {
    if (!sp_graph_carries_stem(g, (int)i, s))
      continue;
    if (home >= 0) {
      graph_error(b, SP_ERR_USAGE, g->nodes[i].path,
                  "%s '%s' holds stems '%s' and '%s', and an ADM stem holds %s whole; feed it "
                  "from one stem's tracks (a shared reverb: in %s bed)",
                  bed ? "bed" : "object", g->nodes[i].name, g->lane_names[home], g->lane_names[s],
                  bed ? "a bed" : "an object", bed ? "master's" : "the");
      return home;
    }
    home = (int)s;
  }
  return home;
}

/* Tracks [track, track + channels) of the ADM BWFs come from src. */
static void add_src(sp_graph *g, sp_adm_src src)
{
  g->adm_srcs = sp_xreallocarray(g->adm_srcs, g->n_adm_srcs + 1, sizeof *g->adm_srcs);
  g->adm_srcs[g->n_adm_srcs++] = src;
}

/* Whether r's ADM master is re-rendered into 5.1: what its loudness is
 * measured on (the profile's, a loudness target's). */
static bool renders_5_1(const sp_recipe *r)
{
  for (size_t k = 0; k < r->n_adm_renders; k++)
    if (strcmp(r->adm_renders[k]->name, "5.1") == 0)
      return true;
  return false;
}

/* The immersive music profile's rules of the structure: its rate and a
 * binaural mode on some object (its counts are sp_adm_check's). */
static void check_profile(builder *b, const sp_adm *m)
{
  if (m->rate != 48000 && m->rate != 96000)
    graph_error(b, SP_ERR_USAGE, "sample_rate",
                "master.adm.profile dolby (the Dolby Atmos Master ADM Profile) "
                "takes 48 or 96 kHz, and the session runs at %g Hz; set sample_rate: 48 kHz, or "
                "write the master to BS.2076-2 alone (profile: bs2076), which takes any rate",
                m->rate);
  /* what only the audio says is measured on the re-renders: the loudness
   * on the 5.1's (review 25 F7: a master without it passed, its -18 LKFS
   * rule never measured; without any, no true peak either) */
  if (!renders_5_1(b->r))
    graph_error(b, SP_ERR_USAGE, "master.adm.renders",
                "master.adm.profile dolby measures the master's loudness (at most -18 LKFS) on "
                "its 5.1 re-render, and its true peak on each, and this master re-renders no "
                "5.1; add 5.1 to master.adm.renders, or write BS.2076-2 alone (profile: bs2076)");
  size_t o = 0;
  while (o < m->n_objects && m->objects[o].binaural == SP_ADM_BINAURAL_OFF)
    o++;
  if (m->n_objects > 0 && o == m->n_objects)
    graph_error(b, SP_ERR_USAGE, "master.adm.profile",
                "the Dolby Atmos Master ADM Profile asks a binaural render mode of some object, "
                "and every object's is off; give the objects object: {binaural: near, mid or far}");
}

/* The objects of object bus n, at the master's rate and length: its
 * position (pan: {azimuth, elevation, spread}, or a plain pan as an
 * azimuth across the front pair: pan -1 is 30° left) as blocks of at
 * most 20 ms where it moves, with the profile's interpolationLengths. */
/* master.normalize beside an ADM master of more than master's bed: it
 * measures and moves master, the first bed alone, and the programme (its
 * objects and further beds too, each at its bus's or its file's level)
 * would miss the target it says it reached (review 25 F3's rest). */
static void normalize_refused(builder *b)
{
  const sp_graph *g = b->g;
  char names[512] = "";
  for (size_t k = 0; k < g->n_adm_srcs; k++) {
    const sp_adm_src *a = &g->adm_srcs[k];
    const size_t used = strlen(names);
    if (a->node != g->master && used + 80 < sizeof names)
      snprintf(names + used, sizeof names - used, "%s'%s'", used ? ", " : "",
               g->nodes[a->node].name);
  }
  graph_error(b, SP_ERR_USAGE, "master.normalize",
              "master.normalize measures and moves master's bed alone, and this ADM master holds "
              "more (%s, each at its bus's or its file's level): the programme would miss the "
              "target; take normalize out and set master's level and theirs (a loudness target, "
              "checks.loudness.target, judges the programme re-rendered in 5.1 and says how far "
              "to move them)",
              names);
}

static void object_bus(const sp_node *n, int track, sp_adm *m)
{
  const sp_strip *s = n->strip;
  m->objects = sp_xreallocarray(m->objects, m->n_objects + 1, sizeof *m->objects);
  sp_adm_object *ob = &m->objects[m->n_objects++];
  *ob = (sp_adm_object){.name = sp_xstrdup(n->name),
                        .track = track,
                        .channels = n->channels,
                        .binaural = (sp_adm_binaural)s->object_binaural};
  sp_auto az = {.value = 0}, el = {.value = 0};
  const sp_auto *paz = &az, *pel = &el;
  sp_auto_point *pts = NULL;
  sp_auto *path = NULL; /* its azimuth the short way round */
  if (s->pan.pos.has) {
    path = graph_azimuth_path(&s->pan.pos.azimuth);
    paz = path, pel = &s->pan.pos.elevation;
  } else if (s->pan.has) {
    az.value = -30 * s->pan.plain.value;
    if (s->pan.plain.n) {
      pts = sp_xcalloc(s->pan.plain.n, sizeof *pts);
      for (size_t k = 0; k < s->pan.plain.n; k++)
        pts[k] =
            (sp_auto_point){.t = s->pan.plain.points[k].t, .v = -30 * s->pan.plain.points[k].v};
      az.points = pts, az.n = s->pan.plain.n;
    }
  }
  sp_adm_object_blocks(ob, paz, pel, s->pan.pos.has ? s->pan.pos.spread : 0, 1.0, m->rate,
                       m->frames, (int64_t)(m->rate / 50));
  free(pts);
  if (path)
    sp_auto_free(path);
  free(path);
}

void graph_plan_master_adm(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  if (g->master < 0)
    return;
  /* nothing to render: the build says so (core/graph/build.c) */
  if (g->content_frames + g->tail_frames <= 0)
    return;
  const size_t errors = sp_diags_errors(b->d);
  check_adm_format(b);
  /* the programme's name is Dolby's for a master of its profile (the
   * recipe's name is in the bext's description) */
  sp_adm *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_adm){.rate = g->sample_rate,
                .frames = g->content_frames + g->tail_frames,
                .programme = sp_xstrdup("Atmos_Master"),
                .bs2076 = r->adm_profile == SP_ADM_PROFILE_BS2076};
  m->beds[m->n_beds++] = g->nodes[g->master].layout;
  int tracks = g->nodes[g->master].layout->n, bed_tracks = 0;
  check_strip(b, &g->nodes[g->master], true, &bed_tracks);
  add_src(g, (sp_adm_src){.channels = tracks, .node = g->master, .home = -1});
  /* ADM stems: what core/graph/outputs.c names (none past 62 stems) */
  const bool stems = g->n_adm_prints > 1 + r->n_adm_renders;
  /* the bed buses' prints, then the object buses', in the outputs' order */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < g->n_outputs; i++) {
      const sp_output_plan *o = &g->outputs[i];
      const sp_node *n = o->kind == SP_OUT_BUS ? &g->nodes[o->node] : NULL;
      if (!n || !(pass ? n->strip->object : n->strip->bed) ||
          (!pass && m->n_beds == SP_ADM_MAX_BEDS)) /* the check refused it (core/recipe/check.c) */
        continue;
      check_strip(b, n, false, &bed_tracks);
      if (pass)
        object_bus(n, tracks, m);
      else
        m->beds[m->n_beds++] = n->layout;
      const int channels = pass ? n->channels : n->layout->n;
      add_src(g, (sp_adm_src){.track = tracks,
                              .channels = channels,
                              .output = (int)i,
                              .node = o->node,
                              .home = stems ? one_stem(b, (size_t)o->node, !pass) : -1});
      tracks += channels;
    }
  /* the objects tracks keep, each as its file has it, placed and trimmed
   * as the track's one region plays the file, its blocks to the master's
   * end */
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->n_regions != 1 || !n->regions[0].bed_only || !n->regions[0].scene)
      continue;
    const sp_region_plan *rp = &n->regions[0];
    const sp_adm *sm = rp->scene;
    sp_adm_src src = {.track = tracks, .output = -1, .node = (int)i, .home = -1};
    src.pick = sp_xcalloc((size_t)sp_adm_object_tracks(sm) + 1, sizeof *src.pick);
    for (size_t k = 0; k < sm->n_objects; k++)
      for (int c = 0; c < sm->objects[k].channels; c++)
        src.pick[src.channels++] = sm->objects[k].track + c;
    for (size_t k = 0; k < sm->n_objects; k++) {
      const sp_adm_object *so = &sm->objects[k];
      m->objects = sp_xreallocarray(m->objects, m->n_objects + 1, sizeof *m->objects);
      sp_adm_object *ob = &m->objects[m->n_objects++];
      *ob = (sp_adm_object){.name = sp_xstrdup(so->name),
                            .track = tracks,
                            .channels = so->channels,
                            .binaural = so->binaural};
      sp_adm_object_place(so, rp->at, rp->from, rp->length, m->frames, m->rate, ob);
      tracks += so->channels;
    }
    if (stems && sm->n_objects > 0)
      src.home = one_stem(b, i, false);
    if (src.channels > 0)
      add_src(g, src);
    else
      free(src.pick);
  }
  m->tracks = tracks;
  char why[768];
  if (r->adm_profile == SP_ADM_PROFILE_DOLBY)
    check_profile(b, m);
  else if (r->loudness.on && r->loudness.has_target && !renders_5_1(r))
    graph_error(b, SP_ERR_USAGE, "checks.loudness.target",
                "with master.adm the loudness target is the programme's, bed and objects, "
                "measured on its 5.1 re-render (the mix's print is the bed alone), and this master "
                "re-renders no 5.1; add 5.1 to master.adm.renders, or judge it by a ceiling "
                "alone (loudness: {max_true_peak: -1 dBTP})");
  if (r->normalize && g->n_adm_srcs > 1)
    normalize_refused(b);
  if (sp_diags_errors(b->d) == errors && !sp_adm_check(m, why, sizeof why))
    graph_error(b, SP_ERR_USAGE, "master.adm", "master's ADM BWF would break BS.2076: %s", why);
  /* its metadata as the media writes it, within what it reads back: a
   * cache key's plan renders nothing, and a large master's text costs */
  const sp_media *media = g->media;
  if (sp_diags_errors(b->d) == errors && !b->key_only && media->scene_fits &&
      media->scene_fits(media, m, why, sizeof why) != SP_OK)
    graph_error(b, SP_ERR_USAGE, "master.adm", "%s", why);
  if (sp_diags_errors(b->d) != errors) {
    sp_adm_fini(m);
    free(m);
    return;
  }
  g->adm = m;
}
