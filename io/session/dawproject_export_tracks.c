/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe's tracks and buses as DAWproject channels and tracks
 * (io/session/dawproject_writer.h): levels, pans, sends, outputs, and a
 * track's regions as clips, with what neither can hold. */

#include "io/session/dawproject_writer.h"

#include "core/base/alloc.h"

#include <math.h>
#include <string.h>

/* ---- structure ------------------------------------------------------------------ */

bool dx_fed_by_to(const sp_recipe *r, const char *bus)
{
  for (size_t i = 0; i < r->n_tracks; i++)
    if (r->tracks[i].strip.to && strcmp(r->tracks[i].strip.to, bus) == 0)
      return true;
  for (size_t i = 0; i < r->n_buses; i++)
    if (r->buses[i].strip.to && strcmp(r->buses[i].strip.to, bus) == 0)
      return true;
  return false;
}

static const char *channel_of(const ids *x, const char *name)
{
  for (size_t i = 0; i < x->n; i++)
    if (strcmp(x->names[i], name) == 0)
      return x->ch[i];
  return x->ch[0]; /* master */
}

/* A level that moves as Ardour plays it: DAWproject joins its points in dB. */
static void ramp_lost(writer *w, const char *kind, const char *name, const char *key,
                      const sp_auto *a)
{
  if (a->ramp == SP_RAMP_DB || sp_auto_is_constant(a))
    return;
  dx_strip_lost(w, kind, name, key,
                a->ramp == SP_RAMP_DECLICK
                    ? "'ramp: declick' (its points are exported, joined in dB)"
                : a->n_vca ? "'ramp: ardour' and its 'vca:' curves (its own points are exported, "
                             "joined in dB)"
                           : "'ramp: ardour' (its points are exported, joined in dB)");
}

/* What a DAWproject channel's (or a send's) Pan cannot say of pan pn, at
 * key: a position, written as the front pan that plays its azimuth, or a
 * gain matrix. */
static void pan_losses(writer *w, const sp_pan *pn, const char *kind, const char *name,
                       const char *key, bool send)
{
  const sp_position *p = &pn->pos;
  const char *who = send ? "send" : "channel", *whose = send ? "send's " : "";
  if (p->has)
    dx_strip_lost(w, kind, name, key,
                  "the %sposition (azimuth %g, elevation %g, spread %g; a DAWproject %s has a "
                  "pan only): written as the pan across the front pair that plays the azimuth, "
                  "%g%s%s",
                  whose, p->azimuth.value, p->elevation.value, p->spread, who,
                  dx_front_pan(p->azimuth.value),
                  sp_auto_is_constant(&p->azimuth)
                      ? ""
                      : ", its automation as the pan's (joined linearly in pan, not round the "
                        "circle)",
                  sp_auto_is_constant(&p->elevation) ? "" : "; the elevation's automation");
  const sp_auto *moving = p->has ? &p->azimuth : &pn->plain;
  if (moving->tempo && !sp_auto_is_constant(moving))
    dx_strip_lost(w, kind, name, key,
                  "the %span's 'tempo:' (read a beat tick at a time through it, as Ardour holds "
                  "its list in beats; its points are exported at their times, which an import "
                  "reads frame by frame)",
                  whose);
  if (pn->n_gains)
    dx_strip_lost(w, kind, name, key, "the %sgain matrix (a DAWproject %s has a pan only)%s", whose,
                  who, send ? ": written with none, at the strip's pan" : "");
}

/* What DAWproject's channel cannot say of a surround strip's routing: its
 * place in a wider destination, named channels, the LFE feed, a fold at
 * levels of its own (an import folds by BS.775), its sends' places. */
static void surround_losses(writer *w, const sp_strip *s, const char *kind, const char *name)
{
  pan_losses(w, &s->pan, kind, name, "pan", false);
  if (s->n_direct) {
    dx_strip_lost(w, kind, name, "channels",
                  "the named channels (a DAWproject channel has a pan only)");
  }
  if (s->has_lfe) {
    dx_strip_lost(w, kind, name, "lfe", "the LFE feed (a DAWproject channel has none)");
  }
  const sp_fold f = sp_fold_default();
  if (s->has_fold && (s->fold.centre_db != f.centre_db || s->fold.surround_db != f.surround_db ||
                      s->fold.height_db != f.height_db || s->fold.lfe_db != f.lfe_db)) {
    dx_strip_lost(w, kind, name, "fold", "the fold's own levels (an import folds by BS.775's)");
  }
  for (size_t k = 0; k < s->n_sends; k++) {
    char key[48];
    snprintf(key, sizeof key, "sends[%zu].pan", k);
    pan_losses(w, &s->sends[k].pan, kind, name, key, true);
  }
}

/* Level a as parent's Volume, in dB, or linear 0 for silence (a decibel
 * value must be a number); its automation wanted on lane l. */
static void volume(writer *w, lane *l, xmlNode *parent, const sp_auto *a)
{
  char id[24];
  const bool silent = isinf(a->value) && sp_auto_is_constant(a);
  dx_real(w, parent, "Volume", silent ? "linear" : "decibel", silent ? 0 : a->value, id);
  dx_want(l, id, a, P_DB);
}

/* Pan a (a position's azimuth when at) as parent's Pan, normalized 0 .. 1;
 * its automation wanted on lane l. */
static void pan(writer *w, lane *l, xmlNode *parent, const sp_auto *a, bool at)
{
  char id[24];
  xmlNode *p =
      dx_real(w, parent, "Pan", "normalized", dx_written(at ? P_AZIMUTH : P_PAN, a->value), id);
  dx_attr(p, "min", "0");
  dx_attr(p, "max", "1");
  dx_want(l, id, a, at ? P_AZIMUTH : P_PAN);
}

/* The point of strip s that send sd leaves from (SP_MUTE_*): before the
 * fader (tap: pre) or after it. */
static unsigned send_point(const sp_send *sd)
{
  return sd->tap.at == SP_TAP_PRE ? SP_MUTE_PRE_FADER : SP_MUTE_POST_FADER;
}

/* How strip s's mute is written. A DAWproject channel's Mute silences the
 * whole channel, its sends too; the recipe's silences its mute points,
 * and a bus's `to: none` its output alone. A fixed mute (`mute: true`) at
 * some of its points, and `to: none`, are written as what they silence,
 * where the channel can say it: its Mute where they silence the output
 * and every send the channel has; else each send the mute silences with
 * Enable false and, where the output is silenced while a send plays on
 * (Ardour's default leaves out pre_fader; an Ardour track wired to
 * nothing is muted at main alone), the Volume silent (linear 0), under
 * which a pre-fader send plays on and a post-fader one does not. A
 * moving mute is written as its points on the Mute; a track another
 * track's solo silences (at its points, which an import's solo, a whole
 * channel's, does not keep) is written muted as before, its points
 * named. */
typedef struct mute_plan {
  unsigned fixed; /* the points silenced throughout (SP_MUTE_*): the mute's, `to: none`'s main */
  bool at_points; /* fixed written as what it silences */
  bool whole;     /* the channel's Mute true throughout */
  bool moving;    /* a moving mute: its points on the Mute */
  bool mute;      /* the channel's Mute (its first value where it moves) */
  bool silent;    /* the channel's Volume silent: the output silenced while a send plays */
} mute_plan;

static mute_plan plan_mute(const writer *w, const sp_strip *s, const char *kind)
{
  const bool solo = strcmp(kind, "tracks") == 0 && !s->solo && w->track_soloed;
  mute_plan p = {.fixed =
                     (s->mute ? sp_strip_mute_points(s) : 0) | (s->to_none ? SP_MUTE_MAIN : 0)};
  p.at_points = p.fixed && p.fixed != SP_MUTE_ALL && !solo;
  bool plays = false; /* a send the fixed points leave playing */
  for (size_t k = 0; k < s->n_sends; k++)
    plays |= !(p.fixed & send_point(&s->sends[k]));
  p.whole = p.fixed && (!p.at_points || ((p.fixed & SP_MUTE_MAIN) && !plays));
  p.moving = s->mutes.n > 0 && !s->mute && !p.whole;
  p.mute = p.whole || (p.moving && s->mutes.points[0].v != 0);
  p.silent = p.at_points && !p.whole && (p.fixed & SP_MUTE_MAIN);
  return p;
}

/* Why strip s's channel, written by plan p, has a silent Volume: what
 * its fixed points silence, and what plays on. */
static const char *silent_why(const sp_strip *s, const mute_plan *p, char *buf, size_t size)
{
  const bool muted = s->mute && (sp_strip_mute_points(s) & SP_MUTE_MAIN);
  const unsigned sends = p->fixed & (SP_MUTE_PRE_FADER | SP_MUTE_POST_FADER);
  const char *also =
      !sends ? (muted ? " alone" : "")
      : sends == SP_MUTE_PRE_FADER
          ? (muted ? " and its sends before the fader" : ", muted at its sends before the fader")
          : (muted ? " and its sends after the fader" : ", muted at its sends after the fader");
  const char *playing = sends == SP_MUTE_PRE_FADER    ? " after the fader"
                        : sends == SP_MUTE_POST_FADER ? " before the fader"
                                                      : "";
  snprintf(buf, size, "%s%s while a send%s plays, it is written %sat a silent Volume: %s",
           muted ? "muted at its output" : "feeding nothing ('to: none')", also, playing,
           muted ? "unmuted " : "",
           muted ? "a DAWproject channel's mute silences its sends too"
                 : "a DAWproject bus feeds master");
  return buf;
}

/* What the channel written by plan p loses of s's mute points: where
 * not written as what they silence, the points; where its Volume is
 * silent, a post-fader send left playing, and its level (where the
 * level is its default, 0 dB, the mute written so). */
static void mute_points_lost(writer *w, const sp_strip *s, const mute_plan *p, const char *kind,
                             const char *name)
{
  if (!name)
    return;
  /* silenced at its points by its own mute, fixed or moving, or by another
   * track's solo: a DAWproject channel's mute, and a solo elsewhere,
   * silence the whole channel */
  const bool soloed_out = strcmp(kind, "tracks") == 0 && !s->solo && w->track_soloed;
  if ((s->mute || s->mutes.n || soloed_out) && sp_strip_mute_points(s) != SP_MUTE_ALL &&
      !p->at_points) {
    dx_strip_lost(w, kind, name, "mute_points",
                  "the mute points (a DAWproject channel's mute%s silences the whole channel, its "
                  "sends too)",
                  s->mute || s->mutes.n ? "" : ", and another track's solo,");
    return;
  }
  if (!p->silent)
    return; /* its Mute, or each send it silences disabled: what the recipe silences */
  char why[256];
  silent_why(s, p, why, sizeof why);
  for (size_t k = 0; k < s->n_sends; k++) {
    const sp_send *sd = &s->sends[k];
    if (sd->tap.at == SP_TAP_PRE || (p->fixed & SP_MUTE_POST_FADER))
      continue; /* playing under the silent Volume, or silenced by the mute too */
    char key[48];
    snprintf(key, sizeof key, "sends[%zu]", k);
    dx_strip_lost(w, kind, name, key,
                  "the send to '%s' after the fader, which %s leaves playing: silenced with its "
                  "output (%s)",
                  sd->to, s->mute ? "its mute (mute_points without post_fader)" : "'to: none'",
                  why);
  }
  if (!sp_auto_is_constant(&s->gain))
    dx_strip_lost(w, kind, name, "gain", "its level's automation (%s)", why);
  else if (s->gain.value != 0)
    dx_strip_lost(w, kind, name, "gain", "its level, %s dB (%s)", sp_mix_num(s->gain.value).text,
                  why);
  else if (s->mute &&
           (sp_strip_mute_points(s) & SP_MUTE_MAIN)) /* (`to: none` alone: said at `to`) */
    dx_strip_lost(w, kind, name, "mute", "the mute (%s)", why);
}

void dx_channel(writer *w, xmlNode *track, const sp_strip *s, int n, const char *role,
                const char *ch_id, const ids *x, lane *l, const char *kind, const char *name)
{
  const char *to = strcmp(role, "master") == 0 ? NULL : s->to ? channel_of(x, s->to) : x->ch[0];
  xmlNode *ch =
      dx_node(w, track, "Channel", "audioChannels", sp_mix_num(n > 2 ? n : 2).text, "destination",
              to, "role", role, "solo", s->solo ? "true" : NULL, "id", ch_id, NULL);
  const sp_layout *by_count = sp_layout_by_count(n);
  if (s->layout && s->layout->n > 2 && s->layout != by_count && strcmp(kind, "tracks") != 0) {
    dx_strip_lost(w, kind, name, "layout",
                  "the layout %s (DAWproject says %d channels, which an import reads as %s)",
                  s->layout->name, n, by_count ? by_count->name : "stereo");
  }
  surround_losses(w, s, kind, name);
  dx_devices(w, l, ch, s, name ? name : "master");
  char id[24];
  /* A bus that feeds nothing (a cue mix) and a fixed mute at some of its
   * points: what they silence. A moving mute: its points, BoolPoints on
   * the Mute (the import reads them back as the same moving mute). See
   * plan_mute. */
  const mute_plan mp = plan_mute(w, s, kind);
  mute_points_lost(w, s, &mp, kind, name);
  xmlNode *mute = dx_el(ch, "Mute");
  dx_attr(mute, "value", mp.mute ? "true" : "false");
  if (mp.moving) {
    dx_attr(mute, "id", dx_new_id(w, id));
    dx_want(l, id, &s->mutes, P_BOOL);
  }
  pan(w, l, ch, s->pan.pos.has ? &s->pan.pos.azimuth : &s->pan.plain, s->pan.pos.has);
  if (s->n_sends) {
    xmlNode *sends = dx_el(ch, "Sends");
    for (size_t k = 0; k < s->n_sends; k++) {
      const sp_send *sd = &s->sends[k];
      xmlNode *snd = dx_node(w, sends, "Send", "destination", channel_of(x, sd->to), "type",
                             sd->tap.at == SP_TAP_PRE ? "pre" : "post", NULL);
      const size_t passed = dx_send_passes(s, sd);
      if (sd->tap.at == SP_TAP_FADER && passed < s->n_post) {
        char key[48], tap[96];
        snprintf(key, sizeof key, "sends[%zu].tap", k);
        if (passed)
          snprintf(tap, sizeof tap, "{after: %zu}", passed);
        dx_strip_lost(w, kind, name, key,
                      "'tap: %s' (a DAWproject send is pre or post): written post, it hears "
                      "the inserts after the %s too",
                      passed ? tap : "fader", passed ? "ones it follows" : "fader");
      }
      dx_attr(snd, "id", dx_new_id(w, id));
      if (mp.at_points && !mp.whole && (mp.fixed & send_point(sd)))
        dx_boolean(snd, "Enable", false); /* silenced by the mute */
      if (sd->pan.has || sd->pan.pos.has)
        pan(w, l, snd, sd->pan.pos.has ? &sd->pan.pos.azimuth : &sd->pan.plain, sd->pan.pos.has);
      volume(w, l, snd, &sd->level);
      char key[48];
      snprintf(key, sizeof key, "sends[%zu].level", k);
      ramp_lost(w, kind, name, key, &sd->level);
    }
  }
  if (mp.silent) { /* the output muted, its sends playing: no level of its own heard */
    dx_real(w, ch, "Volume", "linear", 0, id);
  } else {
    volume(w, l, ch, &s->gain);
    ramp_lost(w, kind, name, "gain", &s->gain);
  }
  if (s->invert.all || s->invert.n || s->invert.moves.n) {
    dx_strip_lost(w, kind, name, "invert",
                  "the polarity inversion (a DAWproject channel has none)");
  }
  if (s->mutes.n && !s->mute && s->to_none && mp.whole)
    dx_strip_lost(w, kind, name, "mute", "the moving mute (the bus is muted: 'to: none')");
  if (s->has_width && s->widths.n)
    dx_strip_lost(w, kind, name, "width",
                  "the moving stereo width (a DAWproject channel has a pan only)");
  else if (s->has_width)
    dx_strip_lost(w, kind, name, "width",
                  "the stereo width %g (a DAWproject channel has a pan only)", s->width);
  if (s->print) {
    dx_strip_lost(w, kind, name, "print", "printing the bus (printed buses are stemprint's)");
  }
  if (s->to_none)
    dx_strip_lost(w, kind, name, "to", "'to: none': a DAWproject bus feeds master, so it is %s",
                  mp.silent ? "written feeding master at a silent Volume, its sends playing"
                            : "muted instead");
  if (s->object)
    dx_strip_lost(w, kind, name, "object",
                  "the ADM object (a DAWproject has no objects: the bus is a channel, panned as "
                  "its pan says)");
  if (s->trims.n)
    dx_strip_lost(w, kind, name, "trim",
                  "the moving trim (DAWproject's gain device does not move here): written at its "
                  "first value, %g dB",
                  s->trim_db);
  if (s->keep_objects)
    dx_strip_lost(w, kind, name, "objects",
                  "'objects: keep' (a DAWproject has no objects: the file plays as its audio)");
  if (s->adm_programme)
    dx_strip_lost(w, kind, name, "programme",
                  "the ADM programme chosen, %s (a DAWproject plays the file as its audio)",
                  s->adm_programme);
  if (s->n_adm_complementary)
    dx_strip_lost(w, kind, name, "complementary",
                  "the ADM objects chosen (a DAWproject plays the file as its audio)");
  if (s->bed)
    dx_strip_lost(w, kind, name, "bed",
                  "the ADM bed (a DAWproject has no beds: the bus is a channel of its layout)");
}

/* What a DAWproject clip cannot hold of region i of t (len seconds long,
 * its stretch's warp warped seconds long, 0: not stretched): its own gain
 * and envelope, a fade's shape (a clip's fades have only a length), fades
 * that overlap and its opacity (DAWproject says nothing of either), a
 * stretch it plays part of (an import stretches the clip's window alone:
 * the stretcher, given less of the file, renders the window otherwise;
 * review 27 F5). */
static void region_losses(writer *w, const sp_track *t, size_t i, double len, double warped)
{
  const sp_region *g = &t->regions[i];
  char *rp = t->regions_listed ? sp_xasprintf("tracks.%s.regions[%zu]", t->name, i)
                               : sp_xasprintf("tracks.%s", t->name);
  if (warped > 0 && len < warped - 1e-9)
    dx_lost(w, rp,
            "the stretch of the whole file, of which the region plays %g s of %g s (an import "
            "stretches the clip's window alone, which the stretcher renders otherwise near its "
            "end)",
            len, warped);
  if (g->gain_db != 0)
    dx_lost(w, rp, "the region's gain, %g dB (a DAWproject clip has none)", g->gain_db);
  if (g->invert)
    dx_lost(w, rp, "the region's polarity, inverted (a DAWproject clip has none)");
  if (g->envelope.n > 0)
    dx_lost(w, rp, "the region's gain envelope (a DAWproject clip has none)");
  if (g->stretch.pitch_st != 0)
    dx_lost(w, rp, "the region's pitch shift, %g st (a DAWproject clip has none)",
            g->stretch.pitch_st);
  if (g->n_files > 1)
    dx_lost(w, rp,
            "'files:', %zu files played side by side (a DAWproject clip plays one file; exported "
            "as its first, '%s': join them into one file of their channels to carry them all)",
            g->n_files, g->files[0]);
  if (g->channel)
    dx_lost(w, rp,
            "'channel: %d', one channel of its file alone (a DAWproject clip plays its file's "
            "channels; exported as the whole file)",
            g->channel);
  if (g->opaque)
    dx_lost(w, rp,
            "'opaque: true' (DAWproject does not say how overlapping clips play; exported as "
            "clips in list order, and the DAW decides)");
  double fin = dx_seconds(w->r, g->fade_in.length), fout = dx_seconds(w->r, g->fade_out.length);
  if (fin + fout > len)
    dx_lost(w, rp,
            "fades that overlap (%g s in and %g s out of a %g s clip), which the recipe sums where "
            "both play, as Ardour does (DAWproject does not say how they play; exported as they "
            "are, and the DAW decides)",
            fin, fout, len);
  for (int in = 1; in >= 0; in--) {
    sp_fade_shape sh = in ? g->fade_in.shape : g->fade_out.shape;
    if (sh == SP_FADE_RAMP)
      continue;
    char *fp = sp_xasprintf("%s.%s", rp, in ? "fade_in" : "fade_out");
    dx_lost(w, fp,
            "the fade's shape (%s): a DAWproject clip's fade has a length only, drawn as the "
            "DAW draws it",
            sh == SP_FADE_DEFAULT  ? "Ardour's default"
            : sh == SP_FADE_CURVE  ? "a curve"
            : sh == SP_FADE_POINTS ? "points drawn as Ardour draws a saved list"
                                   : sp_fade_shape_name(sh));
    free(fp);
  }
  free(rp);
}

void dx_clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id)
{
  xmlNode *ln = dx_node(w, lanes_el, "Lanes", "track", track_id, "id", DX_NEW_ID, NULL);
  xmlNode *cl = dx_node(w, ln, "Clips", "id", DX_NEW_ID, NULL);
  for (size_t i = 0; i < t->n_regions; i++) {
    const sp_region *g = &t->regions[i];
    sp_audio_info info;
    char why[512];
    if (sp_media_probe(w->media, g->path, &info, why, sizeof why) != SP_OK) {
      sp_diags_add_whole(w->d, SP_SEV_ERROR, SP_ERR_IO, "%s", why);
      w->rc = SP_ERR_IO;
      continue;
    }
    double file_s = (double)info.frames / info.sample_rate;
    double from = dx_seconds(w->r, g->from);
    /* A stretched region: its warp's points (a ratio's two), clip time
     * against file time, the clip's content time being the region's. */
    const sp_stretch *st = g->stretch.on ? &g->stretch : NULL;
    size_t nw = st ? (st->n >= 2 ? st->n : 2) : 0;
    double *ws = sp_xcalloc(nw ? nw : 1, sizeof *ws), *wa = sp_xcalloc(nw ? nw : 1, sizeof *wa);
    if (st && st->n >= 2) {
      for (size_t k = 0; k < nw; k++) {
        ws[k] = dx_seconds(w->r, st->src[k]);
        wa[k] = dx_seconds(w->r, st->at[k]);
      }
    } else if (st) {
      ws[0] = from;
      ws[1] = file_s;
      wa[1] = (file_s - from) * (st->ratio > 0 ? st->ratio : 1.0);
    }
    double len = g->has_length ? dx_seconds(w->r, g->length) : nw ? wa[nw - 1] : file_s - from;
    xmlNode *c =
        dx_node(w, cl, "Clip", "time", sp_mix_num(dx_seconds(w->r, g->at)).text, "duration",
                sp_mix_num(len).text, "contentTimeUnit", "seconds", "playStart",
                sp_mix_num(nw ? 0 : from).text, "fadeTimeUnit", "seconds", "fadeInTime",
                sp_mix_num(dx_seconds(w->r, g->fade_in.length)).text, "fadeOutTime",
                sp_mix_num(dx_seconds(w->r, g->fade_out.length)).text, NULL);
    region_losses(w, t, i, len, nw ? wa[nw - 1] : 0);
    xmlNode *wp = nw ? dx_node(w, c, "Warps", "timeUnit", "seconds", "contentTimeUnit", "seconds",
                               "id", DX_NEW_ID, NULL)
                     : NULL;
    xmlNode *au = dx_node(w, wp ? wp : c, "Audio", "channels", sp_mix_num(info.channels).text,
                          "duration", sp_mix_num(file_s).text, "sampleRate",
                          sp_mix_num(info.sample_rate).text, "id", DX_NEW_ID, NULL);
    dx_attr(dx_el(au, "File"), "path", dx_entry_for(w, g->path, "audio", NULL));
    for (size_t k = 0; k < nw; k++)
      dx_node(w, wp, "Warp", "time", sp_mix_num(wa[k]).text, "contentTime", sp_mix_num(ws[k]).text,
              NULL);
    free(ws);
    free(wa);
  }
}
