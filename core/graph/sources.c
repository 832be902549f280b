/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each track plays (core/graph/builder.h): its regions on the
 * session's timeline, each file probed through the graph's media, each
 * fade drawn, each opaque region's inverse fades. */

#include "core/graph/builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/recipe/build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  if (len <= 0 || shape == SP_FADE_RAMP || shape == SP_FADE_DEFAULT)
    return;
  if (shape != SP_FADE_CURVE && shape != SP_FADE_POINTS)
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
  else if (shape == SP_FADE_DEFAULT)
    sp_fade_curve_inverse(out, SP_FADE_POWER, in, len, (int)rate);
  else if (sp_fade_shape_name(shape))
    sp_fade_curve_inverse(out, shape, in, len, (int)rate);
}

/* A stretched region's warp in session frames (p->warp): its points, or
 * `stretch:`'s ratio (1 for a pitch shift alone) from p->from to the end
 * of the file; the stretched source then plays from its frame 0. False,
 * said, for a point outside the file. */
static bool plan_stretch(builder *b, sp_region_plan *p, const sp_region *rg, const char *rp,
                         int64_t file_frames, double rate)
{
  const sp_stretch *st = &rg->stretch;
  sp_warp_map *w = &p->warp;
  size_t n = st->n >= 2 ? st->n : 2;
  w->src_frames = sp_xcalloc(n, sizeof *w->src_frames);
  w->dst_frames = sp_xcalloc(n, sizeof *w->dst_frames);
  w->n = n;
  w->pitch_scale = pow(2.0, st->pitch_st / 12.0);
  bool ok = true;
  char why[256];
  if (st->n < 2) {
    const double ratio = st->ratio > 0 ? st->ratio : 1.0;
    w->src_frames[0] = p->from;
    w->src_frames[1] = file_frames;
    w->dst_frames[1] = llround((double)(file_frames - p->from) * ratio);
  }
  for (size_t i = 0; st->n >= 2 && i < n && ok; i++) {
    w->src_frames[i] = sp_time_frames(st->src[i], rate);
    w->dst_frames[i] = sp_time_frames(st->at[i], rate);
    char *kp = sp_xasprintf("%s.warp[%zu]", rp, i);
    if (w->src_frames[i] > file_frames) {
      graph_error(b, SP_ERR_USAGE, kp,
                  "source time %.6g s is past the end of '%s' (%.6g s long); move the point "
                  "into the file",
                  secs(w->src_frames[i], rate), sp_region_written(rg), secs(file_frames, rate));
      ok = false;
    } else if (i > 0 && w->src_frames[i] > w->src_frames[i - 1] &&
               w->dst_frames[i] > w->dst_frames[i - 1] &&
               !sp_build_warp_span((double)(w->src_frames[i] - w->src_frames[i - 1]),
                                   (double)(w->dst_frames[i] - w->dst_frames[i - 1]), rate, why,
                                   sizeof why)) {
      graph_error(b, SP_ERR_USAGE, kp, "the span before this point %s; move the point", why);
      ok = false;
    } else if (i > 0 && (w->src_frames[i] <= w->src_frames[i - 1] ||
                         w->dst_frames[i] <= w->dst_frames[i - 1])) {
      graph_error(b, SP_ERR_USAGE, kp,
                  "this point is within a frame of the one before at %g Hz; move it further "
                  "or remove it",
                  rate);
      ok = false;
    }
    free(kp);
  }
  if (ok && w->dst_frames[n - 1] <= 0) {
    graph_error(b, SP_ERR_USAGE, rp,
                "the stretched region is shorter than a frame; stretch it less");
    ok = false;
  }
  p->from = 0;
  return ok;
}

/* The objects region p of node n keeps (`objects: keep`), as the media
 * names them (p->kept): each must be named apart from master's other
 * objects, the object buses and the objects other tracks (or this file)
 * keep, as master's ADM BWF names each once (core/render/adm_out.c). An
 * error names both and the fix; false then. */
static bool keep_objects(builder *b, const sp_node *n, sp_region_plan *p)
{
  const sp_media *m = b->g->media;
  char why[256];
  sp_adm *scene = sp_xcalloc(1, sizeof *scene);
  if (!m->scene || m->scene(m, p->path, &p->choice, scene, why, sizeof why) != SP_OK) {
    sp_adm_fini(scene);
    free(scene);
    return true; /* a file the media cannot name: its reading says why */
  }
  p->scene = scene;
  p->n_kept = scene->n_objects;
  p->kept = sp_xcalloc(p->n_kept + 1, sizeof *p->kept);
  for (size_t k = 0; k < p->n_kept; k++)
    p->kept[k] = sp_xstrdup(scene->objects[k].name);
  const sp_recipe *r = b->r;
  char *kp = sp_xasprintf("%s.objects", n->path);
  bool ok = true;
  for (size_t k = 0; k < p->n_kept && ok; k++) {
    const char *name = p->kept[k];
    for (size_t i = 0; i < b->g->n_nodes && ok; i++) {
      const sp_node *o = &b->g->nodes[i];
      if (o->strip && o->strip->object && strcmp(o->name, name) == 0) {
        char at[1024];
        graph_error(b, SP_ERR_USAGE, kp,
                    "object '%s' of '%s' has the name of the object bus '%s' (%s: %s), "
                    "and master's ADM BWF names each object once: rename the bus, or render "
                    "this file's objects into the track ('objects: render')",
                    name, p->name, o->name, sp_recipe_at_text(r, o->path, at, sizeof at), o->path);
        ok = false;
      }
      for (size_t q = 0; o != n && q < o->n_regions && ok; q++)
        for (size_t e = 0; e < o->regions[q].n_kept && ok; e++)
          if (strcmp(o->regions[q].kept[e], name) == 0) {
            char at[1024];
            graph_error(b, SP_ERR_USAGE, kp,
                        "object '%s' of '%s' has the name of object '%s' of '%s', which %s "
                        "(%s) keeps too, and master's ADM BWF names each object once: "
                        "render one file's objects into its track ('objects: render')",
                        name, p->name, name, o->regions[q].name, o->path,
                        sp_recipe_at_text(r, o->path, at, sizeof at));
            ok = false;
          }
    }
    for (size_t e = 0; e < k && ok; e++)
      if (strcmp(p->kept[e], name) == 0) {
        graph_error(b, SP_ERR_USAGE, kp,
                    "'%s' holds two objects named '%s', and master's ADM BWF names each object "
                    "once: render the file's objects into the track ('objects: render')",
                    p->name, name);
        ok = false;
      }
  }
  free(kp);
  if (!ok) {
    sp_free_strings(p->kept, p->n_kept);
    p->kept = NULL;
    p->n_kept = 0;
    sp_adm_fini(p->scene);
    free(p->scene);
    p->scene = NULL;
  }
  return ok;
}

/* The track's choice of what its ADM BWF plays (`programme:`,
 * `complementary:`, BS.2127 section 5.2) into p, checked against the file:
 * a programme or an object it does not have is an error at the key, with
 * what the file says. False then. What the choice plays of the file and
 * the renderer does not (sp_adm_unplayed_said), and its blocks written
 * out of time's order, into info, which holds the file's probe's, its
 * default choice's. */
static bool choose_in_scene(builder *b, const sp_node *n, const sp_track *t, const sp_region *rg,
                            sp_region_plan *p, sp_audio_info *info)
{
  p->choice =
      (sp_adm_choice){t->strip.adm_programme, (const char *const *)t->strip.adm_complementary,
                      t->strip.n_adm_complementary};
  const sp_media *m = b->g->media;
  if ((!p->choice.programme && !p->choice.n_complementary) || !m->scene)
    return true;
  char why[512];
  sp_adm scene;
  const sp_err err = m->scene(m, rg->path, &p->choice, &scene, why, sizeof why);
  if (err == SP_OK) {
    sp_adm_unplayed_said(&scene, info->unplayed, sizeof info->unplayed);
    sp_adm_vbap_unplayed(&scene, info->vbap_unplayed, sizeof info->vbap_unplayed);
    snprintf(info->reordered, sizeof info->reordered, "%s", scene.reordered);
    snprintf(info->refused, sizeof info->refused, "%s", scene.refused);
    sp_adm_fini(&scene);
    return true;
  }
  const char *key = p->choice.programme ? "programme" : "complementary";
  if (p->choice.n_complementary && !strstr(why, "audioProgramme"))
    key = "complementary";
  char *kp = sp_xasprintf("%s.%s", n->path, key);
  graph_error(b, SP_ERR_USAGE, kp, "'%s': %s; name one the file has, or leave '%s' out",
              sp_region_named(rg), why, key);
  free(kp);
  return false;
}

/* Region rg's file (its key fp) probed into *info: a file the recipe
 * may read, audio, an ADM BWF only where the track renders it (p then
 * renders into the track's layout), of channels stemprint reads; false
 * with an error. */
static bool probe_region(builder *b, sp_node *n, const sp_track *t, const sp_region *rg,
                         const char *fp, sp_region_plan *p, sp_audio_info *info)
{
  const double rate = b->r->sample_rate;
  if (!graph_allowed(b, rg->path, false, fp, "the file"))
    return false;
  char why[1024]; /* a reader's reason whole, its fix at its end (an ADM BWF's name objects) */
  if (sp_media_probe(b->g->media, rg->path, info, why, sizeof why) != SP_OK) {
    const sp_media *m = b->g->media;
    sp_midi_file *mf = NULL;
    char mwhy[8];
    if (m->midi && m->midi(m, rg->path, &mf, mwhy, sizeof mwhy) == SP_OK) /* notes, not audio */
      graph_error(b, SP_ERR_IO, fp,
                  "cannot read '%s': it is a Standard MIDI File, notes rather than audio; play "
                  "it on an instrument track: 'midi: %s' and an 'instrument:'",
                  sp_region_named(rg), rg->file);
    else
      graph_error(b, SP_ERR_IO, fp, "cannot read '%s': %s", sp_region_named(rg), why);
    sp_midi_file_free(mf);
    return false;
  }
  if (strcmp(info->format, "adm") == 0) {
    /* a bed and objects: rendered into the track's layout as it plays */
    const sp_layout *l = t->strip.layout;
    if (!l) {
      graph_error(b, SP_ERR_USAGE, fp,
                  "'%s' is an ADM BWF (a bed and objects), rendered into the track's layout as "
                  "it plays; give the track its layout, like layout: 5.1 (stemprint help layouts)",
                  sp_region_named(rg));
      return false;
    }
    if (info->sample_rate != rate || rg->stretch.on) {
      graph_error(b, SP_ERR_USAGE, fp,
                  "'%s' is an ADM BWF at %d Hz, rendered at its own rate and speed; %s",
                  sp_region_named(rg), info->sample_rate,
                  rg->stretch.on ? "stretch its re-render instead (a print of it)"
                                 : "resample it, or render the recipe at its rate");
      return false;
    }
    info->channels = l->n;
    info->mask = l->mask;
    p->render_into = l;
    p->bed_only = t->strip.keep_objects;
    if (!choose_in_scene(b, n, t, rg, p, info))
      return false;
    if (info->reordered[0])
      graph_warn(b, fp,
                 "'%s': its axml writes blocks out of time order (%s); they play in time order, "
                 "as the EBU ADM Renderer sorts them: write the blocks in time order",
                 sp_region_named(rg), info->reordered);
    /* what the reference refuses, a warning a note (each says its fix) */
    for (const char *s = info->refused, *e; *s; s = *e ? e + 1 : e) {
      e = s + strcspn(s, "\n");
      graph_warn(b, fp, "'%s': %.*s", sp_region_named(rg), (int)(e - s), s);
    }
    /* into a layout BS.2127 has none of, VBAP renders the objects */
    const bool bs2127 = sp_bs2127_renders(l);
    if (info->unplayed[0])
      graph_warn(b, fp,
                 "'%s': its metadata carries %s, which stemprint's renderer does not play (it "
                 "renders its objects' positions, sizes, gains%s as BS.2127 does, but has no "
                 "decorrelator for a diffuse part and no screen, and plays nothing of what it does "
                 "not read): a render by another renderer may differ where they act",
                 sp_region_named(rg), info->unplayed,
                 bs2127 ? ", divergence, channel lock and zone exclusion" : "");
    if (!bs2127 && info->vbap_unplayed[0])
      graph_warn(b, fp,
                 "'%s': its objects' blocks hold %s, which BS.2127's renderer plays into the "
                 "layouts of BS.2051 alone; into %s, which is none of them, stemprint renders the "
                 "objects with VBAP, which plays a block's position, screen edge lock, width and "
                 "gain and none of those: give the track a layout of BS.2051's (like layout: "
                 "5.1, or 7.1.4) and say how it folds into its bus's (fold:)",
                 sp_region_named(rg), info->vbap_unplayed, l->name);
  } else if (t->strip.adm_programme || t->strip.n_adm_complementary) {
    char *kp =
        sp_xasprintf("%s.%s", n->path, t->strip.adm_programme ? "programme" : "complementary");
    graph_error(b, SP_ERR_USAGE, kp,
                "'%s' is not an ADM BWF: it has no programmes or objects to choose; leave '%s' out",
                sp_region_named(rg), t->strip.adm_programme ? "programme" : "complementary");
    free(kp);
    return false;
  } else if (t->strip.keep_objects) {
    char *kp = sp_xasprintf("%s.objects", n->path);
    graph_error(b, SP_ERR_USAGE, kp,
                "'%s' is not an ADM BWF: it has no objects to keep; leave 'objects' out",
                sp_region_named(rg));
    free(kp);
    return false;
  } else {
    char *note = sp_media_passed_over(sp_region_named(rg), info);
    if (note) /* what its reader passes over (an MPEG-4's other tracks) */
      graph_warn(b, fp, "%s", note);
    free(note);
  }
  if (info->channels > SP_MAX_CHANNELS) {
    graph_error(b, SP_ERR_IO, fp,
                "'%s' has %d channels; stemprint reads up to %d, a 9.1.6 bed (split it into "
                "files of a layout stemprint knows: stemprint help layouts)",
                sp_region_named(rg), info->channels, SP_MAX_CHANNELS);
    return false;
  }
  return true;
}

/* A region whose file's objects are kept ('objects: keep'): its objects
 * are copied into master's ADM BWF, their tracks' samples as the file has
 * them, placed and trimmed as the region plays the file (their blocks
 * too: core/render/adm_out.c); the objects are under no fader, so nothing
 * may change their samples. False with an error. */
static bool keeps_objects(builder *b, sp_node *n, const sp_track *t, const sp_region *rg,
                          sp_region_plan *p, const char *rp)
{
  const char *key = "objects", *fix = "remove it (fade or gain the objects in the file)";
  char what[160] = "";
  if (!b->r->adm) {
    snprintf(what, sizeof what, "there is no master.adm to keep them in");
    fix = "give master an ADM BWF ('adm: true')";
  } else if (t->n_regions > 1) {
    snprintf(what, sizeof what, "the track has other regions");
    fix = "play the file as the track's one region (at:, from: and length: place and trim it)";
  } else if (p->fade_in || p->fade_out || p->gain != 1.0f || rg->envelope.n ||
             rg->envelope.value != 0) {
    key = p->fade_in ? "fade_in" : p->fade_out ? "fade_out" : p->gain != 1.0f ? "gain" : key;
    snprintf(what, sizeof what, "the region has %s, which would not reach the objects",
             p->fade_in || p->fade_out ? "a fade" : "a gain");
  }
  if (*what) {
    char *kp = strcmp(key, "objects") == 0 ? sp_xasprintf("%s.objects", n->path)
                                           : sp_xasprintf("%s.%s", rp, key);
    graph_error(b, SP_ERR_USAGE, kp,
                "'objects: keep' keeps the objects of '%s' as objects of master's ADM BWF, "
                "their samples as the file has them; %s: %s, or render the objects into the "
                "track: 'objects: render'",
                sp_region_named(rg), what, fix);
    free(kp);
    return false;
  }
  return keep_objects(b, n, p);
}

/* What the plan of a kept region owns: its fades' curves (and their
 * inverses when it is opaque), its envelope as fader positions. */
static void plan_owned(const sp_region *rg, sp_region_plan *p, double rate)
{
  fade_curve(p->fade_in, rg->fade_in.shape, &rg->fade_in.curve, true, rate, &p->fade_in_shape,
             &p->fade_in_curve);
  fade_curve(p->fade_out, rg->fade_out.shape, &rg->fade_out.curve, false, rate, &p->fade_out_shape,
             &p->fade_out_curve);
  p->opaque = rg->opaque;
  if (p->opaque) {
    fade_inverse(p->fade_in, rg->fade_in.shape, &rg->fade_in.inverse, true, rate,
                 &p->fade_in_inverse);
    fade_inverse(p->fade_out, rg->fade_out.shape, &rg->fade_out.inverse, false, rate,
                 &p->fade_out_inverse);
  }
  const sp_auto *env = &rg->envelope;
  if (env->n == 0 && env->value != 0) /* `envelope: -6 dB`: one level over the whole region */
    p->gain = (float)(p->gain * (isinf(env->value) ? 0.0 : pow(10.0, env->value / 20.0)));
  if (env->n > 0 && env->ramp == SP_RAMP_LIST) {
    p->env_list = env; /* its reads: plan_reads, once the track's regions are planned */
  } else if (env->n > 0) {
    p->n_env = env->n;
    p->env_at = sp_xcalloc(env->n, sizeof *p->env_at);
    p->env_pos = sp_xcalloc(env->n, sizeof *p->env_pos);
    for (size_t e = 0; e < env->n; e++) {
      p->env_at[e] = sp_time_frames(env->points[e].t, rate);
      double lin = isinf(env->points[e].v) ? 0.0 : pow(10.0, env->points[e].v / 20.0);
      p->env_pos[e] = sp_fader_gain_to_position(lin);
    }
  }
}

/* Region rg's `files:` (rp its recipe path) probed into *info as one
 * file of their channels side by side: each a file the recipe may read,
 * audio, no ADM BWF, all at one rate, the region not stretched; its
 * frames the longest's (a shorter one is silent past its end). False with
 * an error. */
static bool probe_files(builder *b, const sp_region *rg, const char *rp, sp_audio_info *info)
{
  bool ok = true;
  if (rg->stretch.on) {
    char *kp = sp_xasprintf("%s.%s", rp,
                            rg->stretch.n           ? "warp"
                            : rg->stretch.ratio > 0 ? "stretch"
                                                    : "pitch");
    graph_error(b, SP_ERR_USAGE, kp,
                "a region of 'files:' is not stretched (each file would be stretched apart from "
                "the others); join the files into one of their channels and stretch that, or "
                "remove it");
    free(kp);
    ok = false;
  }
  memset(info, 0, sizeof *info);
  for (size_t i = 0; i < rg->n_files && ok; i++) {
    sp_audio_info one;
    char why[1024];
    if (!graph_allowed(b, rg->paths[i], false, rg->keys[i], "the file"))
      return false;
    if (sp_media_probe(b->g->media, rg->paths[i], &one, why, sizeof why) != SP_OK) {
      graph_error(b, SP_ERR_IO, rg->keys[i], "cannot read '%s': %s", rg->paths[i], why);
      return false;
    }
    if (strcmp(one.format, "adm") == 0) {
      graph_error(b, SP_ERR_USAGE, rg->keys[i],
                  "'%s' is an ADM BWF (a bed and objects), which plays as a region of its own; "
                  "give it 'file:'",
                  rg->paths[i]);
      return false;
    }
    if (i > 0 && one.sample_rate != info->sample_rate) {
      graph_error(b, SP_ERR_USAGE, rg->keys[i],
                  "'%s' is at %d Hz and '%s' at %d Hz: the files of a region play side by side, "
                  "at one rate; resample one",
                  rg->paths[i], one.sample_rate, rg->paths[0], info->sample_rate);
      return false;
    }
    if (i == 0)
      *info = one;
    else
      info->channels += one.channels;
    info->frames = one.frames > info->frames ? one.frames : info->frames;
  }
  info->mask = 0; /* the files' masks say nothing of the channels side by side */
  if (ok && info->channels > SP_MAX_CHANNELS) {
    char *kp = sp_xasprintf("%s.files", rp);
    graph_error(b, SP_ERR_IO, kp,
                "the files have %d channels together; stemprint reads up to %d, a 9.1.6 bed",
                info->channels, SP_MAX_CHANNELS);
    free(kp);
    ok = false;
  }
  return ok;
}

static void plan_region(builder *b, sp_node *n, const sp_track *t, size_t k)
{
  const double rate = b->r->sample_rate;
  const sp_region *rg = &t->regions[k];
  /* Region fields live at tracks.X.regions[k].* in a list, else at tracks.X.*. */
  char *rp = t->regions_listed ? graph_region_path(b, n, k) : sp_xstrdup(n->path);
  char *fp = sp_xasprintf("%s.%s", rp, rg->n_files ? "files" : "file");
  sp_region_plan *p = &n->regions[n->n_regions];
  memset(p, 0, sizeof *p);
  p->pick = -1;
  sp_audio_info info;
  if (!rg->path ||
      (rg->n_files ? !probe_files(b, rg, rp, &info) : !probe_region(b, n, t, rg, fp, p, &info)) ||
      rg->files_unread) /* (a file of it refused: the others read, its channels not known) */
    goto out;
  p->paths = rg->n_files ? rg->paths : NULL;
  p->n_paths = rg->n_files;
  int64_t file_frames = sp_session_frames(info.frames, info.sample_rate, rate);
  if (rg->channel > info.channels) {
    char *cp = sp_xasprintf("%s.channel", rp);
    if (info.channels == 1)
      graph_error(b, SP_ERR_USAGE, cp, "'%s' is mono: it has no channel %d; remove 'channel'",
                  sp_region_named(rg), rg->channel);
    else
      graph_error(b, SP_ERR_USAGE, cp,
                  "'%s' has %d channels and no channel %d; give one from 1 to %d, or remove "
                  "'channel'",
                  sp_region_named(rg), info.channels, rg->channel, info.channels);
    free(cp);
    goto out;
  }
  p->path = rg->path;
  p->name = sp_region_named(rg);
  p->file_channels = info.channels;
  p->pick = rg->channel - 1;
  p->channels = rg->channel ? 1 : info.channels;
  p->mask = rg->channel ? 0 : info.mask;
  p->file_rate = info.sample_rate;
  p->at = sp_time_frames(rg->at, rate);
  p->from = sp_time_frames(rg->from, rate);
  p->fade_in = sp_time_frames(rg->fade_in.length, rate);
  p->fade_out = sp_time_frames(rg->fade_out.length, rate);
  p->gain = isinf(rg->gain_db) ? 0.0f : (float)pow(10.0, rg->gain_db / 20.0);
  if (rg->invert) /* (exact: every sample of it its negative) */
    p->gain = -p->gain;
  bool ok = true;
  if (file_frames == 0) {
    graph_error(b, SP_ERR_IO, fp,
                "'%s' holds no audio (0 frames); export it again or remove the region",
                sp_region_named(rg));
    ok = false;
  } else if (p->from >= file_frames) {
    char *kp = sp_xasprintf("%s.from", rp);
    graph_error(b, SP_ERR_USAGE, kp,
                "starts at %.3f s, at or past the end of '%s' (%.3f s long); "
                "use a smaller 'from'",
                secs(p->from, rate), sp_region_written(rg), secs(file_frames, rate));
    free(kp);
    ok = false;
  }
  if (ok && rg->stretch.on) {
    ok = plan_stretch(b, p, rg, rp, file_frames, rate);
    file_frames = ok ? p->warp.dst_frames[p->warp.n - 1] : file_frames;
  }
  if (rg->has_length) {
    p->length = sp_time_frames(rg->length, rate);
    char *kp = sp_xasprintf("%s.length", rp);
    if (p->length <= 0) {
      graph_error(b, SP_ERR_USAGE, kp, "a region must be longer than 0");
      ok = false;
    } else if (ok && !rg->span_unread && p->from + p->length > file_frames) {
      graph_error(b, SP_ERR_USAGE, kp,
                  "%.3f s runs past the end of '%s': at most %.3f s remain "
                  "after 'from'",
                  secs(p->length, rate), sp_region_written(rg), secs(file_frames - p->from, rate));
      ok = false;
    }
    free(kp);
  } else if (ok) {
    p->length = file_frames - p->from;
  }
  /* Fades may overlap (Ardour sums them there: core/render/regions.c);
   * each plays within the region (its span refused: how long it is is
   * not known, and not judged, unless its `length:` says it). */
  if (ok && (!rg->span_unread || rg->has_length) &&
      (p->fade_in > p->length || p->fade_out > p->length)) {
    bool in = p->fade_in > p->length;
    char *kp = sp_xasprintf("%s.%s", rp, in ? "fade_in" : "fade_out");
    /* at the fade, or at the set that gave its length */
    const sp_where *lw = sp_recipe_noted_key(b->r, kp, "length");
    const sp_where *at = sp_where_set(lw) ? lw : sp_recipe_origin(b->r, kp);
    sp_diags_error(
        b->d, SP_ERR_USAGE, at && at->from ? at->from : b->r->file, at ? at->pos : (sp_pos){0, 0},
        kp, "a fade-%s of %.3f s is longer than the region (%.3f s); shorten it", in ? "in" : "out",
        secs(in ? p->fade_in : p->fade_out, rate), secs(p->length, rate));
    free(kp);
    ok = false;
  }
  if (ok && p->bed_only)
    ok = keeps_objects(b, n, t, rg, p, rp);
  if (ok) {
    plan_owned(rg, p, rate);
    if (p->channels > n->channels)
      n->channels = p->channels;
    p->key = fp;
    fp = NULL;
    n->n_regions++;
  }
out:
  if (fp) { /* not kept (said): what the track plays, and so its channels, not known */
    n->channels_unknown = true;
    free(p->warp.src_frames);
    free(p->warp.dst_frames);
    memset(&p->warp, 0, sizeof p->warp);
  }
  free(fp);
  free(rp);
}

/* A track's layout, from its files and its `layout:`: mono and stereo
 * files may share a track (a mono one plays on both sides of a stereo
 * track); a file of more channels is of the layout its channel mask says,
 * or the track's `layout:` says for a file without one, and every file of
 * the track is of that layout. A `layout:` of other channels than a file
 * (mono on a stereo file, quad on a stereo one) is an error. */
static void track_layout(builder *b, sp_node *n, const sp_track *t)
{
  const sp_layout *said = t->strip.layout, *found = NULL;
  char *lk = sp_xasprintf("%s.layout", n->path);
  const size_t first = b->d->n; /* (not each error of the recipe counted again: per track) */
  for (size_t k = 0; k < n->n_regions; k++) {
    const sp_region_plan *p = &n->regions[k];
    /* a writer's default mask (libsndfile's 0xFF for 8) says nothing: as none */
    const uint32_t mask = sp_layout_mask_is_default(p->mask, p->channels) ? 0 : p->mask;
    const sp_layout *of = mask ? sp_layout_by_mask(mask, p->channels) : NULL;
    char fits[64];
    sp_layout_names_of_count(p->channels, fits, sizeof fits);
    /* a mono file plays on both sides of a stereo track; a file of other
     * channels than the track's layout is an error, not a channel dropped:
     * a fold into fewer channels is asked for as one (the fold insert) */
    if (said && p->channels != said->n && !(said->n == 2 && p->channels == 1)) {
      char fold[96] = "";
      if (p->channels > said->n)
        snprintf(fold, sizeof fold, "; to hear it as %s, fold it: inserts: [{fold: %s}]",
                 said->name, said->name);
      graph_error(b, SP_ERR_IO, p->key,
                  "'%s' has %d channel%s; the track's layout %s has %d: give the layout the "
                  "file is in%s%s%s, or remove 'layout' to take the file's%s",
                  p->name, p->channels, p->channels == 1 ? "" : "s", said->name, said->n,
                  fits[0] ? " (of " : "", fits, fits[0] ? ")" : "", fold);
      continue;
    }
    if (mask && !of && p->channels > 1 && !said) {
      /* a mask of no layout stemprint has (of two channels, one that is
       * not FL FR: a centre and LFE pair, a pair of surrounds): the
       * track's layout says how to read the channels (the user's word
       * over the mask) */
      char speakers[128];
      sp_layout_mask_text(p->mask, speakers, sizeof speakers);
      graph_error(b, SP_ERR_IO, p->key,
                  "'%s' has %d channels with a channel mask (0x%X: %s) of no layout stemprint "
                  "has; give the track the layout to read them as%s%s (stemprint help "
                  "layouts), or write the file in one of them",
                  p->name, p->channels, p->mask, speakers, fits[0] ? ", of " : "", fits);
      continue;
    }
    /* What the recipe can say (the track's layout) is a recipe error, exit 2. */
    if (said && of && of != said && p->channels > 2) {
      graph_error(b, SP_ERR_USAGE, lk,
                  "'%s' says its channels are %s (its channel mask); the track says %s: give "
                  "the layout the file is in, or remove 'layout' to take the file's",
                  p->name, of->name, said->name);
      continue;
    }
    if (!said && p->channels > 2 && !of) {
      char none[64] = "no channel mask";
      if (p->mask)
        snprintf(none, sizeof none, "only its writer's default channel mask (0x%X)", p->mask);
      graph_error(b, SP_ERR_USAGE, p->key,
                  "'%s' has %d channels and %s to say which; give the track its layout, like "
                  "layout: %s (stemprint help layouts)",
                  p->name, p->channels, none,
                  sp_layout_by_count(p->channels) ? sp_layout_by_count(p->channels)->name : "5.1");
      continue;
    }
    const sp_layout *l = said ? said : of ? of : sp_layout_by_count(p->channels);
    if (found && (found->n > 2 || l->n > 2) && found != l)
      graph_error(b, SP_ERR_IO, p->key,
                  "'%s' is %s, and an earlier region of the track is %s: a track's files share "
                  "a layout (mono and stereo aside)",
                  p->name, l->name, found->name);
    else if (!found || l->n > found->n)
      found = l;
  }
  free(lk);
  /* a file whose layout is refused (said): what the track plays not known */
  for (size_t i = first; i < b->d->n; i++)
    n->channels_unknown |= b->d->v[i].severity == SP_SEV_ERROR;
  n->layout = found ? found : said && said->n <= 2 ? said : sp_layout_find("mono");
  if (said && said->n <= 2 && n->channels <= said->n)
    n->layout = said; /* a mono file on a track said to be stereo plays on both sides */
  n->channels = n->layout->n;
}

/* Where Ardour 7.3's export reads a track's playlist, frames from the
 * timeline's start (measured, docs/sessions.md: Ardour's reads). Its disk
 * reader, located at the start, fills its buffer (its Medium buffering
 * preset: 10 s and 8191 frames, to a power of two; 8192 of it kept free)
 * in reads of at most 4 MB of float samples, whole 16 kB each
 * (DiskReader::refill_audio), and from then on reads 262144 frames (its
 * chunk) each time the export has played that many: the first read after
 * frame t starts at the frame returned. */
enum { DISK_CHUNK = 262144 }; /* Ardour's disk reader's chunk, in frames */

int64_t sp_graph_disk_read_after(int64_t t, double rate)
{
  const int64_t chunk = DISK_CHUNK;
  int64_t size = 1;
  while (size < (int64_t)floor(10.0 * rate) + 8191)
    size *= 2;
  int64_t at = 0, space = size - 8192, total;
  do { /* the buffer's first fill */
    total = space;
    int64_t bytes = total * 4 < 4 * 1048576 ? total * 4 : 4 * 1048576;
    bytes = (bytes < 256 * 1024 ? 256 * 1024 : bytes) / 16384 * 16384;
    const int64_t read = bytes / 4 < total ? bytes / 4 : total;
    at += read;
    space -= read;
    if (at > t)
      return at;
    if (total - bytes / 4 <= chunk)
      break;
  } while (space > 0);
  return at + ((t - at) / chunk + 1) * chunk;
}

int64_t sp_graph_disk_read_at(int64_t t, double rate)
{
  int64_t at = 0;
  for (int64_t next; (next = sp_graph_disk_read_after(at, rate)) <= t;) {
    if (sp_graph_disk_read_after(next, rate) - next == DISK_CHUNK) /* past the first fill */
      return next + (t - next) / DISK_CHUNK * DISK_CHUNK;
    at = next;
  }
  return at;
}

static int by_frame(const void *a, const void *b)
{
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The reads of each region of n whose envelope is read as Ardour's
 * (env_list): AudioPlaylist::read reads a region within each of the
 * export's reads (sp_graph_disk_read_after), and there leaves out what an opaque
 * region above it (later in the list) plays alone, its body (from its
 * fade-in's end to its fade-out's start); each part read is a read of its
 * own, whose envelope Curve::get_vector draws over that part alone. */
static void plan_reads(sp_node *n, double rate)
{
  for (size_t k = 0; k < n->n_regions; k++) {
    sp_region_plan *p = &n->regions[k];
    if (!p->env_list)
      continue;
    size_t cap = 0;
    SP_GROW(p->reads, p->n_reads, cap);
    p->reads[p->n_reads++] = 0;
    for (int64_t t = sp_graph_disk_read_after(p->at, rate); t < p->at + p->length;
         t = sp_graph_disk_read_after(t, rate)) {
      SP_GROW(p->reads, p->n_reads, cap);
      p->reads[p->n_reads++] = t - p->at;
    }
    for (size_t j = k + 1; j < n->n_regions; j++) {
      const sp_region_plan *q = &n->regions[j];
      const int64_t edge[2] = {q->at + q->fade_in - p->at, q->at + q->length - q->fade_out - p->at};
      for (int e = 0; q->opaque && edge[0] < edge[1] && e < 2; e++)
        if (edge[e] > 0 && edge[e] < p->length) {
          SP_GROW(p->reads, p->n_reads, cap);
          p->reads[p->n_reads++] = edge[e];
        }
    }
    qsort(p->reads, p->n_reads, sizeof *p->reads, by_frame);
    size_t u = 0; /* each start once */
    for (size_t i = 0; i < p->n_reads; i++)
      if (u == 0 || p->reads[i] != p->reads[u - 1])
        p->reads[u++] = p->reads[i];
    p->n_reads = u;
  }
}

void graph_plan_sources(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < b->r->n_tracks; i++) {
    sp_node *n = &g->nodes[i];
    const sp_track *t = &b->r->tracks[i];
    n->channels = 1;
    n->regions = sp_xcalloc(t->n_regions, sizeof *n->regions);
    n->channels_unknown |= t->regions_unread; /* (a region left out: said) */
    bool midi = t->strip.instrument;
    for (size_t k = 0; k < t->n_regions; k++)
      midi |= t->regions[k].midi;
    if (midi) { /* notes for its instrument (core/graph/notes.c) */
      graph_plan_notes(b, n, t);
      continue;
    }
    for (size_t k = 0; k < t->n_regions; k++)
      plan_region(b, n, t, k);
    plan_reads(n, b->r->sample_rate);
    track_layout(b, n, t);
  }
}
