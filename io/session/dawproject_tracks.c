/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DAWproject tracks and channels as the mix's strips
 * (io/session/dawproject_reader.h): their levels, pans, sends, outputs
 * and layouts, and the arrangement's lanes with their automation. */

#include "io/session/dawproject_reader.h"
#include "io/session/session_build_strip.h"

#include "core/base/alloc.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <string.h>

/* ---- structure ---------------------------------------------------------------------- */

/* Whether a channel's or a send's Volume or Pan (p) leaves its value out
 * (the schema lets it, and names no default: each DAW has its own), its
 * unit read; where no automation sets it, stemprint's (what: 0 dB, the
 * centre) stands for it, a loss, as a device's parameter's is. True where
 * its automation sets it. */
static bool no_value(reader *r, sp_mix_strip *s, const xmlNode *p, const char *what)
{
  if (!p || sp_xml_attr(p, "value"))
    return false;
  sp_xml_attr(p, "unit"); /* read: the unit of no value */
  if (dp_points_set(r, p))
    return true;
  loss(r, s, p, "no value: the format names no default (each DAW has its own); %s", what);
  return false;
}

static void strip_levels(reader *r, sp_mix_strip *s, size_t idx, const xmlNode *ch)
{
  const xmlNode *vol = sp_xml_child(ch, "Volume");
  double db = 0;
  sp_mix_strip_at(s, "gain", sp_xml_line(vol));
  if (no_value(r, s, vol, "0 dB")) {
    dp_add_target(r, vol, T_VOLUME, idx, 0, "volume");
  } else if (vol && dp_level_db(r, vol, &db)) { /* as read: what it may be, the check's */
    s->strip.gain.value = db;
    dp_add_target(r, vol, T_VOLUME, idx, 0, "volume");
  }
  /* a pan in its own unit: said with the value as written, which the
   * user fixes (pan 2 is 1.5 normalized) */
  const xmlNode *pan = sp_xml_child(ch, "Pan");
  if (no_value(r, s, pan, "the centre")) {
    sp_mix_strip_at(s, "pan", sp_xml_line(pan));
    dp_add_target(r, pan, T_PAN, idx, 0, "pan");
  } else if (pan && dp_read_pan(r, pan, &s->strip.pan.plain.value)) {
    sp_mix_strip_at_written(s, "pan", sp_xml_line(pan), dp_pan_as_written(pan));
    dp_add_target(r, pan, T_PAN, idx, 0, "pan");
  } else {
    sp_mix_strip_at(s, "pan", sp_xml_line(pan));
  }
  const xmlNode *mute = sp_xml_child(ch, "Mute");
  sp_mix_strip_at(s, "mute", sp_xml_line(mute));
  if (mute) {
    sp_mix_strip_mute(s, sp_xml_bool(mute, "value", false));
    dp_add_target(r, mute, T_MUTE, idx, 0, "mute");
  }
}

static void sends(reader *r, sp_mix_strip *s, size_t idx, const xmlNode *ch)
{
  const xmlNode *ss = sp_xml_child(ch, "Sends");
  for (const xmlNode *x = sp_xml_child(ss, "Send"); x; x = sp_xml_next(x, "Send")) {
    const char *dest = sp_xml_attr(x, "destination");
    const xmlNode *en = sp_xml_child(x, "Enable");
    if (!dest || (en && !sp_xml_bool(en, "value", true))) {
      sp_xml_read_all(x); /* a disabled send, or one to nowhere, is silent: nothing lost */
      continue;
    }
    /* A send into its own channel: Bitwig Studio writes one on each
     * effect track, silent (linear 0), as it writes one to every effect
     * track. Silent, it plays nothing; at a level, it is a feedback loop
     * no recipe's routing holds (the check refuses a bus that sends to
     * itself): left out, a loss. */
    const char *own = sp_xml_peek(ch, "id");
    if (own && strcmp(dest, own) == 0) {
      const xmlNode *vol = sp_xml_child(x, "Volume");
      double db = 0;
      if (!vol || !dp_level_db(r, vol, &db) || db > -INFINITY)
        loss(r, s, x,
             "a send into its own channel: a feedback loop, which a recipe's routing "
             "cannot hold; left out");
      sp_xml_read_all(x);
      continue;
    }
    sp_mix_send *snd = sp_mix_send_add(s, dest);
    snd->line = sp_xml_line(x);
    const char *type = sp_xml_attr(x, "type");
    sp_mix_send_tap(snd, type && strcmp(type, "pre") == 0 ? SP_TAP_PRE : SP_TAP_POST, 0);
    double db = 0;
    const xmlNode *vol = sp_xml_child(x, "Volume");
    if (!no_value(r, s, vol, "0 dB") && vol && dp_level_db(r, vol, &db))
      snd->send.level.value = db; /* as read: what it may be, the check's */
    dp_add_target(r, vol, T_SEND_VOLUME, idx, s->n_sends - 1, "send level");
    const xmlNode *pan = sp_xml_child(x, "Pan");
    const bool pan_moves = no_value(r, s, pan, "the centre");
    if (pan_moves || (pan && dp_read_pan(r, pan, &snd->send.pan.plain.value))) {
      snd->has_pan = true;
      dp_add_target(r, pan, T_SEND_PAN, idx, s->n_sends - 1, "send pan");
    }
  }
}

/* A Channel's layout by its audioChannels (DAWproject says a layout by
 * its count alone: 1 is mono, 6 5.1, 8 7.1, 12 7.1.4, as
 * sp_layout_by_count reads a file without a channel mask); NULL for two
 * (stereo), for one on a track (its clips' layout: the caller's), and for
 * a count no layout has (a loss: read as stereo). */
static const sp_layout *layout_of(reader *r, sp_mix_strip *s, const xmlNode *ch, bool track)
{
  double n = 2;
  if (!sp_xml_attr(ch, "audioChannels") || !number(r, ch, "audioChannels", &n) || n == 2 ||
      (track && n == 1))
    return NULL;
  const sp_layout *l = n >= 1 && n <= SP_MAX_CHANNELS ? sp_layout_by_count((int)n) : NULL;
  if (!l || l->n != n)
    loss(r, s, ch,
         "%g audio channels: no layout has as many (stemprint help layouts); read as "
         "stereo",
         n);
  else
    sp_mix_note(s, "%g audio channel%s: %s (%s)", n, n == 1 ? "" : "s", l->name, l->text);
  return l && l->n == n ? l : NULL;
}

/* Refuses an output or send into a track's channel (role regular): the
 * format mixes channels into groups, effects and master, and a DAW takes
 * what reaches a track's channel as its input, which plays or not as the
 * DAW monitors it, and no file says so; a recipe's track takes no strip's
 * output. Its destination given (what: "Channel", "Send"), or a track's
 * channel inside a track (what NULL: no destination, its parent's).
 * Before, a track with clips refused the recipe the import had not
 * written, one without was left out and what fed it went to master past
 * its devices, nothing said. */
static void into_track(reader *r, const xmlNode *n, const char *what, const char *id)
{
  const sp_mix_strip *s = sp_mix_find(r->m, id);
  if (!s || s->kind != SP_MIX_TRACK)
    return;
  if (what)
    error(r, n, SP_ERR_USAGE,
          "%s: destination='%s' is the channel of the track '%s' (role=\"regular\"), whose "
          "input it would be; route it to a group's, an effect's or master's channel",
          what, id, s->title ? s->title : "");
  else
    error(r, n, SP_ERR_USAGE,
          "Channel: its track is inside the track '%s', whose channel '%s' is a track's "
          "(role=\"regular\"), not a group's: it would be that track's input; give it a "
          "destination, a group's, an effect's or master's channel",
          s->title ? s->title : "", id);
}

/* Channel ch's id; one of a track's that has none (the schema's id is
 * optional, and a channel nothing refers to needs none: RoEx Automix
 * writes none) is made from its track's, with a colon no id of the
 * project can hold (xs:ID is an NCName); NULL for a channel of no track
 * that has none. */
static const char *channel_id(reader *r, const xmlNode *ch, const xmlNode *track)
{
  const char *id = sp_xml_attr(ch, "id");
  const char *tid = track ? sp_xml_peek(track, "id") : NULL;
  if (id || !tid)
    return id;
  const char *made = sp_xasprintf("%s:channel", tid);
  r->made_ids = sp_xreallocarray(r->made_ids, r->n_made_ids + 1, sizeof *r->made_ids);
  r->made_ids[r->n_made_ids++] = (char *)made;
  return made;
}

/* Track's lanes read as those of a track left out: what they hold says
 * nothing more (track_out). */
static void tracks_out_add(reader *r, const xmlNode *track)
{
  const char *tid = sp_xml_attr(track, "id");
  if (tid) {
    r->tracks_out = sp_xreallocarray(r->tracks_out, r->n_tracks_out + 1, sizeof(char *));
    r->tracks_out[r->n_tracks_out++] = sp_xstrdup(tid);
  }
}

/* Track track (its channel ch, into parent's where it names no
 * destination) left out whole, what it fed hearing nothing of it (how:
 * SP_FED_LEFT_LOST, a loss said by the caller) and its lanes with it
 * (tracks_out: what they hold says nothing more). */
static void track_left_out(reader *r, const xmlNode *track, const xmlNode *ch, const char *parent,
                           sp_fed_left_out how)
{
  const char *dest = sp_xml_attr(ch, "destination");
  sp_mix_left_out_feeds(r->m, dest ? dest : parent, how);
  for (const xmlNode *d = sp_xml_child(sp_xml_child(ch, "Sends"), "Send"); d;
       d = sp_xml_next(d, "Send"))
    sp_mix_left_out_feeds(r->m, sp_xml_attr(d, "destination"), how);
  sp_xml_read_all(track); /* left out, said; its lanes too (dp_lanes) */
  r->m->tracks_left_out += how == SP_FED_LEFT_LOST;
  tracks_out_add(r, track);
}

/* A track not loaded (the schema's Track `loaded` false: deactivated, as
 * Bitwig Studio saves one) plays nothing, nor what reaches it: a track
 * is left out, in a note (as one whose instrument is not loaded); a group
 * or an effect track, which others feed, is muted at every point, nothing
 * more of it read (its lanes with it); master, which a recipe cannot mute,
 * and a VCA are losses, read as loaded. False where track is read so. */
static bool unloaded_track(reader *r, const xmlNode *ch, const char *title, const xmlNode *track,
                           const char *parent, const char *id, const char *role)
{
  if (!track || sp_xml_bool(track, "loaded", true))
    return false;
  if (strcmp(role, "master") == 0 || strcmp(role, "vca") == 0) {
    loss(r, NULL, track,
         strcmp(role, "vca") == 0
             ? "a VCA, not loaded (loaded=\"false\"): what the DAW makes of its level then is "
               "not known here: read as loaded"
             : "master, not loaded (loaded=\"false\"): the DAW plays nothing of the mix; a "
               "recipe's master cannot be silenced: read as loaded");
    return false;
  }
  if (strcmp(role, "regular") == 0) {
    sp_mix_top_note(r->m,
                    "Track '%s' (line %d) is not loaded in the session (loaded=\"false\"), so it "
                    "plays nothing; left out",
                    title ? title : "", sp_xml_line(track));
    track_left_out(r, track, ch, parent, SP_FED_LEFT_SILENT);
    return true;
  }
  sp_mix_strip *s = sp_mix_add(r->m, SP_MIX_BUS, id, title);
  if (s) {
    s->line = sp_xml_line(track);
    const char *dest = sp_xml_attr(ch, "destination");
    if (dest || parent)
      s->strip.to = sp_xstrdup(dest ? dest : parent);
    sp_mix_strip_mute(s, true);
    sp_mix_strip_mute_points(s, 0);
    sp_mix_note(s, "not loaded in the session (loaded=\"false\"): it plays nothing, nor what "
                   "reaches it: muted at every point");
  }
  sp_xml_read_all(ch);
  tracks_out_add(r, track);
  return true;
}

/* One Channel: a track's (track_id set) or a bus's. parent: the enclosing
 * group's channel id, where an output with no destination goes. */
static void channel(reader *r, const xmlNode *ch, const char *title, const xmlNode *track,
                    const char *parent, const char *id)
{
  const char *role = sp_xml_attr(ch, "role");
  if (!role)
    role = "regular";
  if (!id) {
    error(r, ch, SP_ERR_USAGE, "Channel: has no id; every channel needs one to be routed");
    return;
  }
  if (unloaded_track(r, ch, title, track, parent, id, role))
    return;
  if (strcmp(role, "master") == 0 && !r->master_id) {
    r->master_id = sp_xstrdup(id);
    sp_mix_strip *s = &r->m->master;
    sp_mix_strip_layout(s, layout_of(r, s, ch, false));
    strip_levels(r, s, SIZE_MAX, ch);
    dp_devices(r, s, ch);
    /* not soloed (Bitwig Studio writes solo="false" on every channel):
     * nothing to play; a soloed master is no recipe's, a loss (unread) */
    bool solo = false;
    if (sp_xml_peek(ch, "solo") && sp_xml_switch(sp_xml_peek(ch, "solo"), &solo) && !solo)
      (void)sp_xml_attr(ch, "solo");
    if (sp_xml_child(sp_xml_child(ch, "Sends"), "Send"))
      loss(r, s, ch,
           "sends from master: left out (to a channel that returns to master, a feedback loop, "
           "which a recipe's routing cannot hold; to one that feeds nothing, an output of its "
           "own beside the mix, which a recipe's master, the mix's end, cannot feed)");
    return;
  }
  if (strcmp(role, "master") == 0) /* one master is the mix's end */
    loss(r, NULL, ch,
         "a second master channel (the first is '%s'): read as a bus that feeds it, with what "
         "it is the destination of",
         r->master_id);
  const char *ctype = track ? sp_xml_attr(track, "contentType") : NULL;
  bool audio = ctype && strstr(ctype, "audio");
  bool notes = ctype && strstr(ctype, "notes");
  sp_mix_kind kind = SP_MIX_BUS;
  instrument inst = {0};
  if (strcmp(role, "vca") == 0) {
    r->vcas = sp_xreallocarray(r->vcas, r->n_vcas + 1, sizeof *r->vcas);
    r->vcas[r->n_vcas++] = sp_xstrdup(id);
  } else if (strcmp(role, "regular") == 0 && track && notes && !audio) {
    /* An instrument track: it plays when its instrument runs here. */
    dp_find_instrument(ch, &inst);
    const bool off = inst.bypassed || inst.unloaded; /* silent in the DAW too */
    const char *why = !inst.dev     ? "it has no instrument device: nothing plays its notes"
                      : off         ? NULL
                      : inst.why[0] ? inst.why
                                    : NULL;
    if (why || off) {
      if (why && inst.dev)
        loss(r, NULL, inst.dev,
             "track '%s': its instrument cannot run here (%s); the track is left out",
             title ? title : "", why);
      else if (why) /* said at the Track itself, which names it */
        loss(r, NULL, track, "its instrument cannot run here (%s); the track is left out", why);
      else
        sp_mix_top_note(r->m,
                        "Track '%s' (line %d): its instrument is %s in the session%s, so it "
                        "plays nothing; left out",
                        title ? title : "", sp_xml_line(track),
                        inst.unloaded ? "not loaded" : "bypassed",
                        inst.unloaded ? " (loaded=\"false\")" : "");
      /* what it fed hears nothing of it (sp_strip.fed_left_out); a loss
       * (bypassed: silent in the DAW too, a note) */
      track_left_out(r, track, ch, parent, why ? SP_FED_LEFT_LOST : SP_FED_LEFT_SILENT);
      return;
    }
    kind = SP_MIX_TRACK;
  } else if (strcmp(role, "regular") == 0 && track) {
    kind = SP_MIX_TRACK;
  }
  sp_mix_strip *s = sp_mix_add(r->m, kind, id, title);
  if (!s)
    return;
  s->line = sp_xml_line(track ? track : ch);
  size_t idx = r->m->n_strips - 1;
  const char *dest = sp_xml_attr(ch, "destination");
  if (!dest && parent) { /* its folder's channel */
    dest = parent;
    into_track(r, ch, NULL, parent);
  }
  if (dest)
    s->strip.to = sp_xstrdup(dest);
  if (inst.dev) {
    /* The instrument's outputs are the track's channels. */
    double n = 2;
    if (sp_xml_number(ch, "audioChannels", &n, NULL, NULL) && n > 2)
      loss(r, s, ch, "%g audio channels: an instrument track has its instrument's (one or two)", n);
    s->instrument = inst.soundfont ? dp_soundfont_device(r, s, inst.dev)
                                   : dp_lv2_device(r, s, inst.dev, inst.lv2);
    if (s->instrument)
      s->instrument->line = sp_xml_line(inst.dev);
    r->notes = sp_xreallocarray(r->notes, r->n_notes + 1, sizeof *r->notes);
    r->notes[r->n_notes++] =
        (notes_track){.strip_id = sp_xstrdup(id), .title = title ? sp_xstrdup(title) : NULL};
  } else {
    sp_mix_strip_layout(s, layout_of(r, s, ch, kind == SP_MIX_TRACK));
    double n = 2;
    if (track && sp_xml_number(ch, "audioChannels", &n, NULL, NULL) && n == 1) {
      r->mono = sp_xreallocarray(r->mono, r->n_mono + 1, sizeof *r->mono);
      r->mono[r->n_mono++] = sp_xstrdup(s->id);
    }
  }
  sp_mix_strip_solo(s, sp_xml_bool(ch, "solo", false));
  strip_levels(r, s, idx, ch);
  r->instrument_dev = inst.dev;
  dp_devices(r, s, ch);
  r->instrument_dev = NULL;
  sends(r, s, idx, ch);
  if (track) {
    const char *tid = sp_xml_attr(track, "id");
    r->tracks = sp_xreallocarray(r->tracks, r->n_tracks + 1, sizeof *r->tracks);
    r->tracks[r->n_tracks++] = (id_pair){sp_xstrdup(tid ? tid : ""), sp_xstrdup(id)};
  }
}

void dp_tracks(reader *r, const xmlNode *parent_node, const char *parent_channel)
{
  bool structure = sp_xml_is(parent_node, "Structure");
  for (const xmlNode *n = sp_xml_child(parent_node, NULL); n; n = sp_xml_next(n, NULL)) {
    if (sp_xml_is(n, "Channel") && structure) {
      channel(r, n, sp_xml_attr(n, "name"), NULL, parent_channel, sp_xml_attr(n, "id"));
    } else if (sp_xml_is(n, "Track")) {
      const xmlNode *ch = sp_xml_child(n, "Channel");
      const char *title = sp_xml_attr(n, "name");
      const char *id = ch ? channel_id(r, ch, n) : NULL;
      if (ch)
        channel(r, ch, title, n, parent_channel, id);
      else if (sp_xml_child(n, "Track") == NULL)
        sp_mix_top_note(r->m, "Track '%s' (line %d) has no channel: nothing of it sounds",
                        title ? title : "", sp_xml_line(n));
      /* A folder's tracks go to its channel unless they say otherwise. */
      dp_tracks(r, n, ch && id ? id : parent_channel);
    }
  }
}

static bool known_channel(reader *r, const char *id)
{
  return (r->master_id && strcmp(id, r->master_id) == 0) || sp_mix_find(r->m, id);
}

void dp_check_refs(reader *r, const xmlNode *parent)
{
  for (const xmlNode *n = sp_xml_child(parent, NULL); n; n = sp_xml_next(n, NULL)) {
    if (sp_xml_is(n, "Track")) {
      dp_check_refs(r, n);
    } else if (sp_xml_is(n, "Channel")) {
      const char *dest = sp_xml_attr(n, "destination");
      if (dest && !known_channel(r, dest))
        error(r, n, SP_ERR_USAGE,
              "Channel: destination='%s' names no channel of the project; route it to a "
              "channel's id",
              dest);
      else if (dest)
        into_track(r, n, "Channel", dest);
      const xmlNode *ss = sp_xml_child(n, "Sends");
      for (const xmlNode *x = sp_xml_child(ss, "Send"); x; x = sp_xml_next(x, "Send")) {
        const char *to = sp_xml_attr(x, "destination");
        if (to && !known_channel(r, to))
          error(r, x, SP_ERR_USAGE,
                "Send: destination='%s' names no channel of the project; send to a channel's id",
                to);
        else if (to)
          into_track(r, x, "Send", to);
      }
    }
  }
}

/* ---- automation ------------------------------------------------------------------------ */

static const target *find_target(const reader *r, const char *id)
{
  for (size_t i = 0; id && i < r->n_targets; i++)
    if (strcmp(r->targets[i].id, id) == 0)
      return &r->targets[i];
  return NULL;
}

static sp_mix_strip *target_strip(reader *r, const target *t)
{
  return t->strip == SIZE_MAX ? &r->m->master : &r->m->strips[t->strip];
}

/* The ramps read of the level of (its strip's id, NULL: master's; its
 * send) forgotten. */
static void ramps_forget(reader *r, const ramp_read *of)
{
  size_t kept = 0;
  for (size_t i = 0; i < r->n_ramps; i++) {
    ramp_read *rr = &r->ramps[i];
    const bool strip = rr->strip_id && of->strip_id ? strcmp(rr->strip_id, of->strip_id) == 0
                                                    : rr->strip_id == of->strip_id;
    if (strip && rr->send == of->send) {
      free(rr->strip_id);
      free(rr->written.points);
    } else {
      r->ramps[kept++] = *rr;
    }
  }
  r->n_ramps = kept;
}

/* Whether s is a VCA's (folded into the channels under it). */
static bool is_vca(const reader *r, const sp_mix_strip *s)
{
  for (size_t i = 0; s->id && i < r->n_vcas; i++)
    if (strcmp(r->vcas[i], s->id) == 0)
      return true;
  return false;
}

/* A channel's mute automation (BoolPoints, each held from its time) into
 * s->mutes: the recipe's moving mute, each point at the frame nearest its
 * time, declicked as the recipe declicks a moving mute. DAWproject states
 * no declick; a DAW declicks a mute (none cuts the waveform at a frame),
 * and the recipe's moving mute is the one stemprint has, which is what
 * `export` writes back as these BoolPoints (docs/sessions.md). The fixed
 * Mute gives way to it. */
static void mute_automation(reader *r, sp_mix_strip *s, const xmlNode *pts, const window *w)
{
  sp_auto out = {0};
  if (dp_bool_points(r, s, pts, w, false, "mute automation by numbers, not BoolPoints: left out",
                     &out) &&
      (!is_vca(r, s) || dp_points_in_order(r, pts, &out))) {
    free(s->strip.mutes.points);
    s->strip.mutes = out;
    sp_mix_strip_at(s, "mute[]", sp_xml_line(pts)); /* its points read from their own element */
  } else {
    free(out.points);
  }
}

static bool track_out(const reader *r, const char *tid);

/* Whether element p is inside a track left out (track_out). */
static bool in_track_out(const reader *r, const xmlNode *p)
{
  for (; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (sp_xml_is(p, "Track"))
      return track_out(r, sp_xml_peek(p, "id"));
  return false;
}

static void automation(reader *r, const xmlNode *pts, const window *w)
{
  const xmlNode *tg = sp_xml_child(pts, "Target");
  const char *pid = sp_xml_attr(tg, "parameter");
  const target *t = find_target(r, pid);
  for (size_t i = 0; !t && pid && i < r->n_points; i++)
    if (r->points[i].pts == pts && r->points[i].taken)
      return; /* a device's, read with it */
  /* (left out, said whole: its points and unit no loss of their own) */
  if (!t && in_track_out(r, pid ? dp_find_id(r, pid) : NULL)) {
    sp_xml_read_all(pts); /* a parameter of a track left out, said there */
    return;
  }
  if (!t) {
    if (pid) {
      loss(r, NULL, pts,
           "automation of parameter '%s' (not a channel's volume, pan or send): "
           "left out",
           pid);
      sp_xml_read_all(pts);
    }
    return;
  }
  sp_mix_strip *s = target_strip(r, t);
  if (t->kind == T_OTHER) {
    loss(r, s, pts, "%s automation: left out", t->what);
    sp_xml_read_all(pts);
    return;
  }
  bool beats = dp_unit_beats(sp_xml_attr(pts, "timeUnit"), w->beats);
  window pw = *w;
  pw.beats = beats;
  if (t->kind == T_MUTE) {
    mute_automation(r, s, pts, &pw);
    return;
  }
  const char *unit = sp_xml_attr(pts, "unit");
  if (!unit)
    unit = t->unit;
  bool level = t->kind == T_VOLUME || t->kind == T_SEND_VOLUME;
  bool linear = level && unit && strcmp(unit, "linear") == 0;
  /* a level is in decibels or linear in amplitude (dp_level_db), a pan in
   * a pan's unit (dp_pan_unit); in another ("normalized" for a level: 0 ..
   * 1 of a range the format does not tie to either; "decibel" for a pan)
   * its points are none the recipe can read */
  if (level ? !linear && unit && strcmp(unit, "decibel") != 0 : !dp_pan_unit(unit)) {
    loss(r, s, pts, "%s automation in unit '%s': DAWproject %s; left out (%s)", t->what, unit,
         level ? "levels are 'linear' or 'decibel'"
               : "pans are 'linear', 'normalized' or 'percent'",
         !t->valueless ? "it holds its value"
         : level       ? "it has no value: 0 dB stands for it"
                       : "it has no value: the centre stands for it");
    sp_xml_read_all(pts);
    return;
  }
  /* a pan's min .. max are in its parameter's unit: points in a unit of
   * their own are read by that unit's range */
  target own = *t;
  if (unit != t->unit && (!unit || !t->unit || strcmp(unit, t->unit) != 0))
    own.has_range = false;
  sp_auto *a = t->kind == T_VOLUME        ? &s->strip.gain
               : t->kind == T_PAN         ? &s->strip.pan.plain
               : t->kind == T_SEND_VOLUME ? &s->sends[t->send].send.level
                                          : &s->sends[t->send].send.pan.plain;
  /* a level linear in amplitude ramps in dB between points split until
   * every midpoint is within 0.01 dB */
  static const sp_mix_ramp in_amplitude = {false, false, dp_db_of_factor, 0.01, false};
  sp_auto written = {0};
  const dp_read how = {.convert = linear ? sp_lin_to_db : NULL,
                       .pan = level ? NULL : &own,
                       .unit = unit,
                       .minus_inf = level && !linear,
                       .ramp = linear ? &in_amplitude : NULL,
                       .factor = linear,
                       .written = linear ? &written : NULL};
  sp_auto out = {0};
  dp_real_points(r, pts, &pw, &how, &out); /* as read: what they may be, the check's */
  if (is_vca(r, s) && !dp_points_in_order(r, pts, &out)) /* (folded into its channels') */
    out.n = 0;
  const ramp_read of = {.strip_id = s == &r->m->master ? NULL : s->id,
                        .send = t->kind == T_SEND_VOLUME ? t->send : SIZE_MAX};
  if (level && out.n > 0) /* it replaces an earlier list of this level: its written points too */
    ramps_forget(r, &of);
  if (out.n > written.n) { /* a ramp read as points between the written ones */
    r->ramps = sp_xreallocarray(r->ramps, r->n_ramps + 1, sizeof *r->ramps);
    r->ramps[r->n_ramps++] = (ramp_read){.strip_id = of.strip_id ? sp_xstrdup(of.strip_id) : NULL,
                                         .send = of.send,
                                         .written = written};
    written = (sp_auto){0};
  }
  free(written.points);
  if (out.n > 0) {
    free(a->points);
    *a = out;
    for (size_t i = 0; t->kind == T_PAN && i < s->n_at; i++)
      if (strcmp(s->at[i].path, "pan") == 0) { /* the pan is its points now, not the Pan's value */
        free(s->at[i].written);
        s->at[i].written = NULL;
      }
    if (t->kind == T_VOLUME || t->kind == T_PAN) /* its points read from their own element */
      sp_mix_strip_at(s, t->kind == T_VOLUME ? "gain[]" : "pan[]", sp_xml_line(pts));
    else if (t->kind == T_SEND_VOLUME)
      s->sends[t->send].level_points_line = sp_xml_line(pts);
    else if (t->kind == T_SEND_PAN)
      s->sends[t->send].pan_points_line = sp_xml_line(pts);
  } else {
    free(out.points);
  }
}

/* The strip of the track whose id is tid, or NULL. */
static sp_mix_strip *track_strip(reader *r, const char *tid)
{
  for (size_t i = 0; tid && i < r->n_tracks; i++)
    if (strcmp(r->tracks[i].from, tid) == 0)
      return sp_mix_find(r->m, r->tracks[i].to);
  return NULL;
}

/* Whether tid is a track left out (an instrument track's, one not loaded:
 * said where it is), or a group or effect track not loaded. */
static bool track_out(const reader *r, const char *tid)
{
  for (size_t i = 0; tid && i < r->n_tracks_out; i++)
    if (strcmp(r->tracks_out[i], tid) == 0)
      return true;
  return false;
}

void dp_lanes(reader *r, const xmlNode *ln, bool beats, const char *track)
{
  bool b = dp_unit_beats(sp_xml_attr(ln, "timeUnit"), beats);
  const char *tr = sp_xml_attr(ln, "track");
  if (tr)
    track = tr;
  window w = {0, INFINITY, b, 0};
  for (const xmlNode *n = sp_xml_child(ln, NULL); n; n = sp_xml_next(n, NULL)) {
    const char *t = sp_xml_attr(n, "track") ? sp_xml_attr(n, "track") : track;
    sp_mix_strip *s = NULL;
    notes_track *nt = NULL;
    if (sp_xml_is(n, "Points") || sp_xml_is(n, "Notes") || sp_xml_is(n, "Clips")) {
      s = track_strip(r, t);
      nt = dp_notes_of(r, s);
    }
    window own = w; /* a timeline in its own unit */
    own.beats = dp_unit_beats(sp_xml_attr(n, "timeUnit"), b);
    if (sp_xml_is(n, "Lanes")) {
      dp_lanes(r, n, b, track);
    } else if (sp_xml_is(n, "Points") && sp_xml_attr(sp_xml_child(n, "Target"), "expression")) {
      if (nt) {
        dp_expression(r, nt, s, n, &own);
      } else {
        if (!track_out(r, t))
          loss(r, s, n, "MIDI expression on %s: left out",
               s ? "a track that plays no MIDI" : "no instrument track");
        sp_xml_read_all(n); /* left out, said (a track left out: said there) */
      }
    } else if (sp_xml_is(n, "Points")) {
      automation(r, n, &w);
    } else if (sp_xml_is(n, "Notes")) {
      if (nt) {
        dp_notes_content(r, nt, s, n, &own, 0);
      } else {
        if (!track_out(r, t) && sp_xml_child(n, "Note"))
          loss(r, s, n, "notes on %s: left out",
               s ? "a track that plays audio" : "no instrument track");
        sp_xml_read_all(n);
      }
    } else if (sp_xml_is(n, "Clips")) {
      if (track_out(r, t)) {
        sp_xml_read_all(n);
        continue;
      }
      if (nt) {
        for (const xmlNode *c = sp_xml_child(n, "Clip"); c; c = sp_xml_next(c, "Clip"))
          dp_notes_clip(r, nt, s, c, &own, 0);
        continue;
      }
      if (!s || s->kind != SP_MIX_TRACK) {
        if (sp_xml_child(n, "Clip"))
          loss(r, s, n, "clips on %s: left out", s ? "a bus" : "no audio track");
        sp_xml_read_all(n);
        continue;
      }
      dp_clips(r, s, n, &own);
    } else if (sp_xml_is(n, "ClipSlot")) { /* launcher content, not the arrangement's */
      if (sp_xml_child(n, "Clip"))
        loss(r, NULL, n, "a clip launcher slot: only the arrangement is rendered; left out");
      sp_xml_read_all(n);
    } else if (sp_xml_is(n, "Warps") || sp_xml_is(n, "Audio")) {
      loss(r, NULL, n, "audio placed outside a clip: left out");
      sp_xml_read_all(n);
    }
  }
}

bool dp_level_past(const sp_auto *a)
{
  const double max = sp_timed_kinds[SP_TIMED_LEVEL].max;
  if (a->n == 0)
    return !(a->value <= max);
  for (size_t i = 0; i < a->n; i++)
    if (!(a->points[i].v <= max))
      return true;
  return false;
}

void dp_ramps_as_written(reader *r, bool sends)
{
  const double max = sp_timed_kinds[SP_TIMED_LEVEL].max;
  for (size_t j = 0; j < r->n_ramps; j++) {
    const ramp_read *rr = &r->ramps[j];
    if ((rr->send != SIZE_MAX) != sends)
      continue;
    sp_mix_strip *s = rr->strip_id ? sp_mix_find(r->m, rr->strip_id) : &r->m->master;
    if (!s || (rr->send != SIZE_MAX && rr->send >= s->n_sends))
      continue;
    sp_auto *a = rr->send == SIZE_MAX ? &s->strip.gain : &s->sends[rr->send].send.level;
    /* a point at a written time stays (its VCAs' sum there, folded in
     * since), the ones between go, where one of those passes it; else (a
     * VCA's own point between the written ones does) all stay, and the
     * check speaks of those */
    bool past = false;
    for (size_t i = 0, k = 0; i < a->n && !past; i++)
      past = dp_at_written(&rr->written, &k, a->points[i].t.seconds) && !(a->points[i].v <= max);
    if (!past)
      continue;
    dp_as_written(a, &rr->written);
  }
}
