/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's recipe built from what its reader read, with no recipe text
 * (io/session/session_build.h): each value set as the parser sets it from
 * the text the mix would be written as (tests/mix_yaml.c), and checked as
 * it checks it: a value out of its row's range said as the parser says it
 * (the same rule, core/recipe/build.h), at its recipe path, and left out.
 * A value no
 * reader gives (a shape the recipe cannot hold) is said as an error at its
 * path, the value left out: nothing is dropped unsaid. */

#include "io/session/session_build.h"
#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/build.h"
#include "core/recipe/fade.h"
#include "core/recipe/writer.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"
#include "io/recipe/yamltree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- regions ------------------------------------------------------------- */

/* A fade's points (a curve, a saved list or an inverse: what) at path as
 * fade_points reads them: true when set; false when not: left out (*left)
 * where the parser refuses them (a value out of range, a curve not from
 * 0, two points at one time: said at their place; a shape no reader gives
 * said as unheld says it). */
static bool fade_points(builder *b, const char *path, const char *what, const sp_mix_auto *a,
                        bool inverse, sp_auto *out, bool *left)
{
  char why[320];
  *left = false;
  if (a->n_vca && !a->ramp_ardour && !a->ramp_declick && !a->tempo)
    return build_unheld(b, path, "a fade's points with a VCA's") || !(*left = true);
  if (a->ramp_ardour || a->ramp_declick || a->tempo) { /* written a mapping, not a list */
    sp_fade_points_few(what, inverse ? 1 : 2, inverse, why, sizeof why);
    build_say_at(b, path, why);
    return !(*left = true);
  }
  const build_kind gains = {0.0, inverse ? 2.0 : 1.0, false, false, false, false};
  b->at = path;
  const bool ok = build_timed(b, a, &gains, out);
  *left = b->refused;
  b->at = NULL;
  b->refused = false;
  if (!ok)
    return false;
  /* the first gain as the writer writes it; the times, plain seconds,
   * read as written */
  char gain0[40];
  sp_number_text(a->pts[0].v, gain0);
  double *t = sp_xcalloc(a->n, sizeof *t);
  for (size_t i = 0; !*left && i < a->n; i++) {
    t[i] = a->pts[i].t;
    if (!sp_fade_point_ok(t, i, inverse, what, gain0, why, sizeof why)) {
      char *pp = sp_xasprintf("%s[%zu]", path, i);
      build_say_at(b, pp, why);
      free(pp);
      *left = true;
    }
  }
  free(t);
  return !*left;
}

/* A region's fade (key of its region at path) as put_fade writes it and
 * get_fade reads it; what the parser refuses of it said at its place
 * (the fade then as get_fade leaves it). */
static bool fade(builder *b, const char *path, const char *key, double len, bool ardour,
                 const sp_mix_auto *curve, bool saved, const sp_mix_auto *inverse, sp_fade *f)
{
  *f = (sp_fade){0};
  if (!ardour && curve->n < 2 && len <= 0)
    return true; /* not written */
  f->shape = SP_FADE_RAMP;
  bool left = false;
  if (ardour) {
    f->length = (sp_time){.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
    f->shape = SP_FADE_DEFAULT;
  } else if (curve->n >= 2) {
    char *cp = sp_xasprintf("%s.%s.%s", path, key, saved ? "points" : "curve");
    const bool set = fade_points(b, cp, saved ? "a fade's points" : "a fade curve", curve, saved,
                                 &f->curve, &left);
    free(cp);
    if (set) {
      f->length = f->curve.points[f->curve.n - 1].t;
      f->shape = saved ? SP_FADE_POINTS : SP_FADE_CURVE;
    } else if (!left) {
      return false;
    } else {
      sp_auto_free(&f->curve);
      f->curve = (sp_auto){0};
    }
  } else {
    char *lp = sp_xasprintf("%s.%s", path, key);
    const bool timed_ok = build_seconds(b, lp, len, &f->length);
    free(lp);
    if (!timed_ok)
      return false;
  }
  if (inverse->n == 0)
    return true;
  char *ip = sp_xasprintf("%s.%s.inverse", path, key);
  const bool set = fade_points(b, ip, "an inverse fade", inverse, true, &f->inverse, &left);
  free(ip);
  if (!set && left) {
    sp_auto_free(&f->inverse);
    f->inverse = (sp_auto){0};
  }
  return set || left;
}

/* A region's files (`files:`, m->n_files ≥ 2) as get_inputs reads them:
 * each path the parser takes (an empty one said at its place); none when
 * they are more than a region takes (said). */
static void region_files(builder *b, sp_region *g, const char *path, const sp_mix_region *m)
{
  char *fp = sp_xasprintf("%s.files", path), why[320];
  const char *help = sp_key_rows_region[SP_KEY_REGION_FILES].help;
  if (m->n_files > SP_MAX_CHANNELS) {
    sp_build_files_count(m->n_files, help, why, sizeof why);
    build_say_at(b, fp, why);
    free(fp);
    return;
  }
  char *what = sp_xasprintf("the path of %s", help);
  const char **kept = sp_xcalloc(m->n_files, sizeof *kept);
  size_t n = 0;
  for (size_t k = 0; k < m->n_files; k++) {
    char *ip = sp_xasprintf("%s[%zu]", fp, k);
    if (build_text_said(b, ip, m->files[k], what))
      kept[n++] = m->files[k];
    free(ip);
  }
  if (n)
    sp_build_region_files(b->r, g, path, (const char *const *)kept, n);
  if (n < m->n_files) /* read so, each at its own place */
    for (size_t k = 0, j = 0; k < m->n_files; k++)
      if (*m->files[k]) {
        free(g->keys[j]);
        g->keys[j++] = sp_xasprintf("%s[%zu]", fp, k);
      }
  if (n) {
    free(g->key);
    g->key = sp_xstrdup(g->keys[0]);
  }
  free(kept);
  free(what);
  free(fp);
}

/* Whether the mix's region m is read as one of MIDI: `midi:` (its files
 * are written `files:`, audio), its path taken (an empty one is refused,
 * the region then of no kind). */
static bool reads_midi(const sp_mix_region *m) { return m->midi && m->n_files <= 1 && *m->file; }

/* Whether the mix's region m is read with its path: its file's not
 * empty, or one of its files (not more than a region takes). */
static bool region_read(const sp_mix_region *m)
{
  bool any = m->n_files <= 1 && *m->file;
  for (size_t k = 0; m->n_files > 1 && m->n_files <= SP_MAX_CHANNELS && k < m->n_files; k++)
    any |= *m->files[k] != '\0';
  return any;
}

/* The keys of region m (at path, read as midi) that its kind refuses,
 * said as check_region_kind says them (the keys put_region writes). */
static void region_kind(builder *b, const char *path, const sp_mix_region *m, bool midi)
{
  const bool fade_in = m->fade_in_ardour || m->fade_in_curve.n >= 2 || m->fade_in > 0;
  const bool fade_out = m->fade_out_ardour || m->fade_out_curve.n >= 2 || m->fade_out > 0;
  const bool given[SP_KEY_REGION_N] = {
      [SP_KEY_REGION_FILES] = m->n_files > 1,
      [SP_KEY_REGION_CHANNEL] = m->channel != 0,
      [SP_KEY_REGION_KEEP_CHANNELS] = m->keep_channels != 0,
      [SP_KEY_REGION_FORCE_CHANNEL] = m->force_channel != 0,
      [SP_KEY_REGION_AT] = true,
      [SP_KEY_REGION_FROM] = m->n_warp == 0,
      [SP_KEY_REGION_LENGTH] = true,
      [SP_KEY_REGION_FADE_IN] = fade_in,
      [SP_KEY_REGION_FADE_OUT] = fade_out,
      [SP_KEY_REGION_WARP] = m->n_warp > 0,
      [SP_KEY_REGION_GAIN] = m->gain_db != 0,
      [SP_KEY_REGION_ENVELOPE] = m->envelope.n > 0,
      [SP_KEY_REGION_OPAQUE] = m->opaque,
  };
  const unsigned other = midi ? SP_KEY_TAKES_AUDIO : SP_KEY_TAKES_MIDI;
  for (size_t k = 0; k < SP_KEY_REGION_N; k++) {
    if (!given[k] || !(sp_key_rows_region[k].takes & other))
      continue;
    char why[320], *kp = sp_xasprintf("%s.%s", path, sp_keys_region[k]);
    sp_build_region_kind(sp_keys_region[k], midi, why, sizeof why);
    build_say_at(b, kp, why);
    free(kp);
  }
}

/* A region's warp (m->n_warp points) as get_warp reads it: the point it
 * refuses said at its place, the warp then left out. */
static bool warp(builder *b, sp_region *g, const char *path, const sp_mix_region *m)
{
  char why[320], *wp = sp_xasprintf("%s.warp", path);
  bool ok = true;
  if (m->n_warp < 2) {
    build_say_at(b, wp, sp_build_warp_few);
    free(wp);
    return true;
  }
  g->stretch.src = sp_xcalloc(m->n_warp, sizeof *g->stretch.src);
  g->stretch.at = sp_xcalloc(m->n_warp, sizeof *g->stretch.at);
  for (size_t k = 0; ok && k < m->n_warp; k++) {
    char *kp = sp_xasprintf("%s[%zu]", wp, k);
    ok = build_seconds(b, kp, m->warp_src[k], &g->stretch.src[k]) &&
         build_seconds(b, kp, m->warp_at[k], &g->stretch.at[k]);
    free(kp);
    if (ok && !sp_build_warp_point(m->warp_src, m->warp_at, k, why, sizeof why)) {
      char *pp = sp_xasprintf("%s[%zu]", wp, k);
      build_say_at(b, pp, why);
      free(pp);
      g->stretch.n = 0;
      free(wp);
      return true;
    }
    g->stretch.n = k + 1;
  }
  g->stretch.on = ok;
  free(wp);
  return ok;
}

/* What region_rules says of region g (read from m, at path): `channel:`
 * beside `files:`, an inverse fade on a region not opaque, the keys its
 * kind refuses. */
static void region_rules(builder *b, const sp_region *g, const char *path, const sp_mix_region *m)
{
  char why[320];
  if (g->n_files && m->channel) {
    char *kp = sp_xasprintf("%s.channel", path);
    build_say_at(b, kp, sp_build_files_channel);
    free(kp);
  }
  for (int k = 0; k < 2 && !g->opaque && !g->midi; k++) {
    const bool written = k ? m->fade_out_ardour || m->fade_out_curve.n >= 2 || m->fade_out > 0
                           : m->fade_in_ardour || m->fade_in_curve.n >= 2 || m->fade_in > 0;
    if (written && (k ? m->fade_out_inverse.n : m->fade_in_inverse.n)) {
      char *kp = sp_xasprintf("%s.%s.inverse", path, k ? "fade_out" : "fade_in");
      sp_build_no_inverse("add 'opaque: true' to the region", why, sizeof why);
      build_say_at(b, kp, why);
      free(kp);
    }
  }
  if (g->path)
    region_kind(b, path, m, g->midi);
}

static bool region(builder *b, sp_track *t, const char *tpath, const sp_mix_region *m)
{
  const size_t i = t->n_regions;
  char *path = sp_xasprintf("%s.regions[%zu]", tpath, i), why[320];
  sp_region *g = sp_build_region(t);
  const bool midi = reads_midi(m);
  const sp_key_row *rows = sp_key_rows_region;
  bool ok = true;
  if (m->n_files > 1) {
    region_files(b, g, path, m);
  } else {
    char *fp = sp_xasprintf("%s.%s", path, m->midi ? "midi" : "file");
    char *what = sp_xasprintf("the path of %s",
                              rows[m->midi ? SP_KEY_REGION_MIDI : SP_KEY_REGION_FILE].help);
    if (build_text_said(b, fp, m->file, what))
      sp_build_region_file(b->r, g, path, m->file, midi);
    free(what);
    free(fp);
  }
  g->midi = midi;
  if (m->channel && build_in_row(b, path, "channel", &rows[SP_KEY_REGION_CHANNEL], m->channel, true))
    g->channel = m->channel;
  g->keep_channels = m->keep_channels & 0xFFFFu;
  if (m->force_channel &&
      build_in_row(b, path, "force_channel", &rows[SP_KEY_REGION_FORCE_CHANNEL], m->force_channel, true))
    g->force_channel = m->force_channel;
  char *ap = sp_xasprintf("%s.at", path), *fp = sp_xasprintf("%s.from", path),
       *lp = sp_xasprintf("%s.length", path);
  ok = build_seconds(b, ap, m->at, &g->at);
  if (ok && m->n_warp)
    ok = warp(b, g, path, m);
  else if (ok)
    ok = build_seconds(b, fp, m->from, &g->from);
  ok = ok && build_seconds(b, lp, m->length, &g->length);
  free(ap);
  free(fp);
  free(lp);
  g->has_length = true;
  g->opaque = m->opaque;
  ok = ok &&
       fade(b, path, "fade_in", m->fade_in, m->fade_in_ardour, &m->fade_in_curve, m->fade_in_saved,
            &m->fade_in_inverse, &g->fade_in) &&
       fade(b, path, "fade_out", m->fade_out, m->fade_out_ardour, &m->fade_out_curve,
            m->fade_out_saved, &m->fade_out_inverse, &g->fade_out);
  if (ok && m->gain_db != 0 &&
      build_in_row(b, path, "gain", &rows[SP_KEY_REGION_GAIN], m->gain_db, false))
    g->gain_db = m->gain_db;
  bool left = false;
  if (ok && m->envelope.n)
    ok = build_timed_key(b, path, "envelope", &m->envelope, &build_envelope_kind, &g->envelope, &left) || left;
  if (ok) /* the rules across its keys, as region_rules says them */
    region_rules(b, g, path, m);
  if (ok && i > 0 && g->path && t->regions[0].path && g->midi != t->regions[0].midi) {
    char *kp = sp_xasprintf("%s.%s", path, g->midi ? "midi" : "file");
    sp_build_track_kinds(t->regions[0].midi, g->midi, why, sizeof why);
    build_say_at(b, kp, why);
    free(kp);
    free(g->path); /* said once: the graph leaves the region out */
    g->path = NULL;
    g->midi = t->regions[0].midi;
  }
  free(path);
  return ok;
}

/* ---- the recipe ---------------------------------------------------------- */

/* The stems as the mix's text writes `stems:` and fill_named reads
 * them: a name the parser refuses said, and one of no members, the stem
 * kept (as it keeps it); one named as a key of `stems:` itself (split)
 * said as that key's value, a list, and left out. */
static bool stems(builder *b, const sp_mix *m)
{
  char why[320];
  size_t named = 0;
  for (size_t k = 0; k < m->n_stems; k++) {
    const sp_stem *st = &m->stems[k];
    size_t own = 0; /* a key of `stems:`'s own (split): its list read as that key's value */
    while (own < SP_KEY_STEMS_N && strcmp(st->name, sp_keys_stems[own]) != 0)
      own++;
    if (own < SP_KEY_STEMS_N) {
      char *kp = sp_xasprintf("stems.%s", st->name),
           *said = sp_build_not_a_word(&sp_key_rows_stems[own], "a list");
      build_say_at(b, kp, said);
      free(said);
      free(kp);
      b->r->has_stems = true;
      continue;
    }
    named++;
    char *path = sp_xasprintf("stems.%s", st->name);
    build_name_said(b, path, st->name, "stem");
    sp_stem *d = sp_build_stem(b->r, st->name, (sp_pos){1, 1});
    char *what = sp_xasprintf("a name (%s)", sp_build_stem_members);
    for (size_t j = 0; j < st->n_members; j++) {
      char *ip = sp_xasprintf("%s[%zu]", path, j);
      if (build_text_said(b, ip, st->members[j], what))
        sp_build_stem_member(b->r, d, st->members[j], (sp_pos){1, 1});
      free(ip);
    }
    if (st->n_members == 0) {
      sp_build_names_none(sp_build_stem_members, why, sizeof why);
      build_say_at(b, path, why);
    }
    free(what);
    free(path);
  }
  if (m->n_stems && !named) {
    sp_build_none_named("stem", "stems", why, sizeof why);
    build_say_at(b, "stems", why);
  }
  return true;
}

/* A track of s at path: its strip, regions and instrument as parse_track
 * reads them (its regions before its instrument, which plays their MIDI:
 * one on a track of audio left out, and one missing on a track of MIDI,
 * said as the parser says them). */
static bool track(builder *b, const char *path, const sp_mix_strip *s)
{
  char why[320];
  build_name_said(b, path, s->name, "track");
  sp_track *t = sp_build_track(b->r, s->name);
  /* the track's kind as its regions are read: MIDI where one is; the
   * first's, its path read, where the others read take its kind */
  bool midi = false;
  for (size_t k = 0; k < s->n_regions && !midi; k++)
    midi = reads_midi(&s->regions[k]);
  if (s->n_regions && region_read(&s->regions[0]))
    midi = reads_midi(&s->regions[0]);
  sp_mix_strip own = *s;
  if (s->n_regions && !midi)
    own.instrument = NULL; /* refused below, not read */
  bool ok = build_strip(b, path, &own, &t->strip);
  if (ok && s->n_regions == 0) {
    char *rp = sp_xasprintf("%s.regions", path);
    sp_build_list_empty(sp_build_regions_items, why, sizeof why);
    build_say_at(b, rp, why);
    free(rp);
  }
  for (size_t k = 0; ok && k < s->n_regions; k++)
    ok = region(b, t, path, &s->regions[k]);
  if (ok && s->instrument && s->n_regions && !midi) {
    char *ip = sp_xasprintf("%s.instrument", path);
    build_say_at(b, ip, sp_build_instrument_on_audio);
    free(ip);
  } else if (ok && midi && !s->instrument) {
    build_say_at(b, path, sp_build_midi_needs_instrument);
  }
  return ok;
}

sp_recipe *sp_session_build(const sp_mix *m, const char *file, sp_diags *said)
{
  builder b = {.r = build_top_recipe(m, file), .said = said};
  const size_t from = sp_diags_errors(said);
  size_t n_of[2] = {0, 0}; /* tracks, buses */
  for (size_t i = 0; i < m->n_strips; i++)
    if (m->strips[i].kind == SP_MIX_TRACK || m->strips[i].kind == SP_MIX_BUS)
      n_of[m->strips[i].kind == SP_MIX_BUS]++;
  char why[320];
  bool ok = sp_build_nodes(n_of[0], n_of[1], why, sizeof why);
  if (!ok)
    build_say_at(&b, n_of[0] > n_of[1] ? "tracks" : "buses", why);
  ok = ok && build_top(&b, m);
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_TRACK)
      continue;
    char *path = sp_xasprintf("tracks.%s", s->name);
    ok = track(&b, path, s);
    free(path);
  }
  for (size_t i = 0; ok && i < m->n_strips; i++) {
    const sp_mix_strip *s = &m->strips[i];
    if (s->kind != SP_MIX_BUS)
      continue;
    char *path = sp_xasprintf("buses.%s", s->name);
    build_name_said(&b, path, s->name, "bus");
    ok = build_strip(&b, path, s, &sp_build_bus(b.r, s->name)->strip);
    free(path);
  }
  ok = ok && build_strip(&b, "master", &m->master, &b.r->master) && stems(&b, m);
  if (ok && b.r->n_tracks == 0) /* said last, as the parser says it */
    build_say_at(&b, "tracks", sp_build_no_tracks);
  if (!ok) { /* a value the parser reads no further past: said */
    if (sp_diags_errors(said) == from)
      build_unheld(&b, "tracks", "a session the builder read no further");
    sp_recipe_free(b.r);
    return NULL;
  }
  sp_build_unplace(b.r); /* placed at the text import writes (sp_session_place) */
  return b.r;
}
