/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour route as a strip of the mix (io/session/ardour_reader.h): its
 * flags, switches, panner (Ardour's VBAP into more than two outputs),
 * processors in order, sends and outputs. */

#include "io/session/ardour.h"
#include "io/session/ardour_reader.h"
#include "io/session/session_build_strip.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/graph/pan.h"
#include "core/procs/lv2.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <string.h>

typedef ardour_panner panner;

/* ---- Ardour's VBAP (libs/panners/vbap, 7.3), on the horizon ------------------------ */

/* The speakers a VBAP panner of n outputs places its signals over: the
 * session's (<Speakers>) when there are as many, else Ardour's defaults
 * for n (Speakers::setup_default_speakers: its front at 180 degrees, the
 * azimuth growing to the left). Azimuths into azi[n]; false when a
 * speaker is off the horizon (Ardour's 3-D VBAP is not carried). */
static bool ardour_speakers(const xmlNode *root, int n, double *azi)
{
  const xmlNode *sp = sp_xml_peek_child(root, "Speakers");
  int have = 0;
  for (const xmlNode *k = sp_xml_peek_child(sp, "Speaker"); k; k = sp_xml_peek_next(k, "Speaker"))
    have++;
  if (have != n)
    sp_xml_read_all(sp); /* not these: the defaults below (Ardour's) */
  if (have == n) {
    int i = 0;
    for (const xmlNode *k = sp_xml_child(sp, "Speaker"); k; k = sp_xml_next(k, "Speaker"), i++) {
      double e = 0;
      azi[i] = 0;
      sp_xml_number(k, "azimuth", &azi[i], NULL, NULL);
      sp_xml_number(k, "elevation", &e, NULL, NULL);
      if (e != 0)
        return false;
    }
    return true;
  }
  const double o = 180.0;
  static const double d3[] = {60, -60, 180}, d4[] = {45, -45, 135, -135},
                      d5[] = {72, -72, 0, 144, -144}, d6[] = {60, -60, 0, 120, -120, 180},
                      d7[] = {45, -45, 0, 90, -90, 150, -150};
  static const double *const by_count[] = {NULL, NULL, d3, d3, d4, d5, d6, d7};
  const double *d = n >= 2 && n <= 7 ? by_count[n] : NULL;
  if (n == 1) {
    azi[0] = o;
  } else if (d) {
    for (int i = 0; i < n; i++)
      azi[i] = o + d[i];
  } else if (n == 10) {
    return false; /* 5+4: heights */
  } else {
    const double step = 360.0 / n;
    double deg = n % 2 ? 360 + o + step : 360 + o;
    for (int i = 0; i < n; i++, deg -= step)
      azi[i] = fmod(deg, 360);
  }
  return true;
}

/* VBAPSpeakers::calc_2D_inv_tmatrix */
static bool ardour_inv2(double a1, double a2, double *m)
{
  const double x1 = cos(a1 * (M_PI / 180.0)), x2 = sin(a1 * (M_PI / 180.0)),
               x3 = cos(a2 * (M_PI / 180.0)), x4 = sin(a2 * (M_PI / 180.0));
  const double det = (x1 * x4) - (x3 * x2);
  if (fabs(det) <= 0.001)
    return false;
  m[0] = x4 / det;
  m[1] = -x3 / det;
  m[2] = -x2 / det;
  m[3] = x1 / det;
  return true;
}

/* The gains g[n] of a signal at Ardour's azimuth dir (degrees, truncated
 * to a whole degree as its compute_gains takes it) over speakers azi[n]:
 * VBAPSpeakers::choose_speaker_pairs (adjacent by azimuth, the wrap
 * tested as Ardour tests it) and VBAPanner::compute_gains (the pair whose
 * smaller gain is largest, scaled to unit power), step for step. */
static void ardour_vbap(const double *azi, int n, double dir, double *g)
{
  for (int i = 0; i < n; i++)
    g[i] = 0;
  if (n < 2) {
    g[0] = 1;
    return;
  }
  int sorted[SP_MAX_CHANNELS];
  for (int i = 0; i < n; i++)
    sorted[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && azi[sorted[j]] < azi[sorted[j - 1]]; j--) {
      const int t = sorted[j];
      sorted[j] = sorted[j - 1];
      sorted[j - 1] = t;
    }
  const double thr = (180.0 / M_PI) * (M_PI - 0.175);
  double mats[SP_MAX_CHANNELS][4];
  int pair[SP_MAX_CHANNELS][2], np = 0;
  for (int s = 0; s < n - 1; s++)
    if (azi[sorted[s + 1]] - azi[sorted[s]] <= thr &&
        ardour_inv2(azi[sorted[s]], azi[sorted[s + 1]], mats[np])) {
      pair[np][0] = sorted[s];
      pair[np][1] = sorted[s + 1];
      np++;
    }
  if ((6.283 - azi[sorted[n - 1]]) + azi[sorted[0]] <= thr &&
      ardour_inv2(azi[sorted[n - 1]], azi[sorted[0]], mats[np])) {
    pair[np][0] = sorted[n - 1];
    pair[np][1] = sorted[0];
    np++;
  }
  const int a = (int)dir;
  static const double atorad = 2.0 * M_PI / 360.0;
  const double cart[2] = {1.0 * cos(a * atorad) * cos(0 * atorad),
                          1.0 * sin(a * atorad) * cos(0 * atorad)};
  double big = -100000.0, best[2] = {0, 0};
  int ids[2] = {0, 0};
  for (int i = 0; i < np; i++) {
    double small = 10000000.0, t[2];
    for (int j = 0; j < 2; j++) {
      t[j] = 0.0;
      for (int k = 0; k < 2; k++)
        t[j] += cart[k] * mats[i][j * 2 + k];
      if (t[j] < small)
        small = t[j];
    }
    if (small > big) {
      big = small;
      best[0] = t[0];
      best[1] = t[1];
      ids[0] = pair[i][0];
      ids[1] = pair[i][1];
    }
  }
  const double power = sqrt(best[0] * best[0] + best[1] * best[1]);
  if (power > 0) {
    best[0] /= power;
    best[1] /= power;
  }
  g[ids[0]] += best[0];
  g[ids[1]] += best[1];
}

/* A route's (or its send's) VBAP panner of `inputs` signals into n
 * outputs as gains g[signal][output], output by port order, as
 * VBAPanner::update places its signals: one at (1 − azimuth) turns; more
 * spread over −width from (1 − (azimuth − width/2)) turns, each wrapped
 * into one turn; the controls' values as Ardour holds them (floats), their
 * automation held (a loss said). False (a loss said) when Ardour's panner
 * cannot be followed. */
static bool vbap_matrix(reader *r, sp_mix_strip *s, const xmlNode *pannable, size_t inputs, int n,
                        double (*g)[SP_MAX_CHANNELS])
{
  const sp_layout *to = sp_layout_by_count(n);
  double azi[SP_MAX_CHANNELS];
  if (n > SP_MAX_CHANNELS || !to || to->n != n || !ardour_speakers(r->root, n, azi)) {
    loss(r, s, pannable, "Ardour's VBAP panner over %d outputs%s: rendered as stemprint's", n,
         to && to->n == n ? " with speakers above the horizon" : "");
    return false;
  }
  const float az = (float)ardour_value_of(r, ardour_controllable(pannable, "pan-azimuth"), 0.5);
  const float width = (float)ardour_value_of(r, ardour_controllable(pannable, "pan-width"), 1);
  for (size_t i = 0; i < SP_MAX_CHANNELS; i++)
    for (size_t o = 0; o < SP_MAX_CHANNELS; o++)
      g[i][o] = 0;
  if (inputs > 1) {
    const double w = -(double)width;
    double dir = 1.0 - ((double)az + (w / 2));
    const double step = w / (double)(inputs - 1);
    for (size_t i = 0; i < inputs && i < SP_MAX_CHANNELS; i++) {
      int over = (int)dir;
      over -= dir >= 0 ? 0 : 1;
      dir -= (double)over;
      ardour_vbap(azi, n, dir * 360.0, g[i]);
      dir += step;
    }
  } else {
    ardour_vbap(azi, n, (1.0 - (double)az) * 360.0, g[0]);
  }
  sp_mix_note(s, "Ardour's VBAP panner over %d outputs (azimuth %g%s): its gains", n, (double)az,
              inputs > 1 ? ", and width" : "");
  for (int o = 0; o < n; o++)
    for (size_t i = 0; i < inputs && to->ch[o].lfe; i++)
      if (g[i][o] != 0) {
        sp_mix_note(s,
                    "Ardour's VBAP knows no LFE: output %d, %s's LFE, is one of its speakers "
                    "(at %g degrees, Ardour's)",
                    o + 1, to->name, azi[o]);
        i = inputs;
      }
  ardour_fixed_controls(r, s, pannable, (const char *const[]){"pan-azimuth", "pan-width", NULL});
  return true;
}

/* vbap_matrix as send x's own gain matrix, over the channels of the
 * layout of n (by port order). */
static bool send_vbap(reader *r, sp_mix_strip *s, sp_mix_send *x, const xmlNode *pannable,
                      size_t inputs, int n)
{
  double g[SP_MAX_CHANNELS][SP_MAX_CHANNELS]; /* [signal][output] */
  if (!vbap_matrix(r, s, pannable, inputs, n, g))
    return false;
  sp_mix_send_gains(x, sp_layout_by_count(n), inputs, (const double(*)[SP_MAX_CHANNELS])g);
  return true;
}

/* Whether processor p is an instrument: MIDI in, audio out, no audio in,
 * by its configured pins, or by the plugin as installed when the session
 * does not say. */
static bool is_instrument(const xmlNode *p)
{
  const int midi_in = ardour_configured_of(p, "ConfiguredInput", "midi");
  const int audio_in = ardour_configured_of(p, "ConfiguredInput", "audio");
  const int audio_out = ardour_configured_of(p, "ConfiguredOutput", "audio");
  if (midi_in >= 0 || audio_out >= 0)
    return midi_in > 0 && audio_out > 0 && audio_in <= 0;
  char why[256];
  const char *uri = sp_xml_attr(p, "unique-id");
  const sp_lv2_plugin *pl = uri ? sp_lv2_find(uri, why, sizeof why) : NULL;
  return pl && pl->instrument;
}

/* What the track rt, left out (how), fed in the session: the routes its
 * outputs are wired to, and its aux sends' (sp_mix_left_out_feeds). */
static void left_out_feeds(reader *r, const xmlNode *rt, sp_fed_left_out how)
{
  size_t n = 0;
  char **to = ardour_outputs(rt, &n);
  for (size_t i = 0; i < n; i++) {
    const xmlNode *dest = sp_xml_index_find(&r->route_names, to[i]);
    sp_mix_left_out_feeds(r->m, dest ? sp_xml_attr(dest, "id") : NULL, how);
    free(to[i]);
  }
  free(to);
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (type && strcmp(type, "intsend") == 0)
      sp_mix_left_out_feeds(r->m, sp_xml_attr(p, "target"), how);
  }
}

/* The MIDI track rt left out, a loss (counted): what it fed said so. */
static const xmlNode *midi_lost(reader *r, const xmlNode *rt)
{
  r->m->tracks_left_out++;
  left_out_feeds(r, rt, SP_FED_LEFT_LOST);
  return NULL;
}

/* A MIDI track's instrument: its first plugin that takes MIDI and gives
 * audio, when stemprint can play it; else NULL, the track left out (a
 * loss, counted), or, its instrument deactivated, which Ardour 7.3 plays
 * as silence (nothing after it hears any: measured, docs/sessions.md), in
 * a note at the top. */
static const xmlNode *midi_instrument(reader *r, const xmlNode *rt)
{
  if (r->version < 7000) {
    loss(r, NULL, rt,
         "a MIDI track of an Ardour 6 session: open the session in Ardour 7 and save it to carry "
         "its MIDI over; left out");
    return midi_lost(r, rt);
  }
  const xmlNode *p = sp_xml_child(rt, "Processor");
  for (; p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (type && strcmp(type, "lv2") == 0 && is_instrument(p))
      break;
  }
  if (!p) {
    loss(r, NULL, rt,
         "a MIDI track without an LV2 instrument (what it plays leaves Ardour as MIDI, or goes "
         "through a plugin stemprint cannot run): left out");
    return midi_lost(r, rt);
  }
  const char *uri = sp_xml_attr(p, "unique-id"), *name = sp_xml_attr(p, "name");
  char why[256] = "it names no plugin";
  const sp_lv2_plugin *pl = uri ? sp_lv2_find(uri, why, sizeof why) : NULL;
  const char *cannot = !pl           ? why
                       : pl->refused ? pl->refused
                       : !pl->instrument
                           ? "stemprint plays an instrument of a MIDI input and one or two audio "
                             "outputs only"
                           : NULL;
  if (cannot) {
    loss(r, NULL, rt, "its instrument '%s' (%s) cannot play here: %s; the track is left out",
         name ? name : "", uri ? uri : "", cannot);
    return midi_lost(r, rt);
  }
  if (!ardour_switch(r, p, "active", true)) {
    sp_mix_top_note(r->m,
                    "the MIDI track '%s' (line %d): its instrument '%s' is deactivated, so Ardour "
                    "plays nothing of it; left out",
                    sp_xml_attr(rt, "name"), sp_xml_line(rt), name ? name : "");
    left_out_feeds(r, rt, SP_FED_LEFT_SILENT);
    return NULL;
  }
  return p;
}

/* Ardour mutes what its MuteMaster's mute points name, each delivery
 * asking for its own (Delivery::target_gain): a send or sidechain before
 * the fader PreFader, after it PostFader, the main outs Main; Listen is
 * the monitor feed, which no export holds. Its default since Ardour 6
 * leaves out PreFader (mute-point="PostFader,Listen,Main"), so a muted
 * route's pre-fader sends go on playing (bench/ardour/random seeds 61,
 * 101, 110, 187): the recipe's mute_points, written where it is muted
 * (io/session/session_build.c). A mute of none of the three silences nothing here. */
static void mute_points(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  /* MuteMaster::MutePoint, EnumWriter's bits */
  enum { PRE = 0x1, POST = 0x2, MAIN = 0x8 };
  static const ardour_name names[] = {{"PreFader", PRE}, {"PostFader", POST},    {"Listen", 0x4},
                                      {"Main", MAIN},    {"SurroundSend", 0x10}, {NULL, 0}};
  const xmlNode *mm = sp_xml_child(rt, "MuteMaster");
  const char *points = mm ? sp_xml_attr(mm, "mute-point") : NULL;
  if (!points)
    return; /* every one */
  const unsigned v = ardour_enum(r, mm, "mute-point", names, true, PRE | POST | 0x4 | MAIN);
  const unsigned bits = (v & PRE ? SP_MUTE_PRE_FADER : 0) | (v & POST ? SP_MUTE_POST_FADER : 0) |
                        (v & MAIN ? SP_MUTE_MAIN : 0);
  sp_mix_strip_mute_points(s, bits == SP_MUTE_ALL ? 0 : bits);
  if (bits == 0 && (s->strip.mute || s->strip.mutes.n > 0)) {
    sp_mix_strip_mute(s, false);
    s->strip.mutes.n = 0;
    sp_mix_note(s,
                "its mute points (%s) name none of its sends or outputs: its mute silences "
                "nothing an export hears",
                points);
  }
}

/* A route made inactive (Route active="0", "Deactivate" in Ardour's
 * mixer): Route::roll silences its outputs and runs none of its
 * processors, and a bus's return takes nothing from an inactive route's
 * sends (InternalReturn::run): nothing of it is heard, whatever its mute
 * says. The recipe mutes it at every point (its sends and keys with it),
 * its mute automation and its VCAs' dropped. Master cannot be deactivated
 * in Ardour; one saved so is a loss. */
static void inactive(reader *r, sp_mix_strip *s, const xmlNode *rt, bool master)
{
  if (master) {
    loss(r, s, rt,
         "master is inactive (Ardour's export of it is silent): a recipe's master has no mute; "
         "activate it in the session");
    return;
  }
  sp_mix_strip_mute(s, true);
  s->strip.mutes.n = 0;
  sp_mix_strip_mute_points(s, 0);
  sp_mix_note(s, "inactive (deactivated in Ardour): Ardour plays nothing of it, nor of its sends: "
                 "muted at every point");
}

/* Whether s's mute silences its send x (its mute points). */
static bool mutes_send(const sp_mix_strip *s, const sp_mix_send *x)
{
  return !s->strip.mute_points ||
         (s->strip.mute_points & (x->send.tap.at == SP_TAP_PRE ? SP_MUTE_PRE_FADER : SP_MUTE_POST_FADER)) != 0;
}

/* A send's level is an Amp that starts at gain 0 and goes to its level
 * through the declick each cycle it runs; and a muted send, its own mute
 * declicked to silence, returns before running it (InternalSend::run). So
 * the sends a route's mute silences from the export's start (its mute
 * automation on there, or a VCA's) first run at its first unmute, and
 * their level rises from silence there with the mute's own declick: the
 * two multiply (measured: bench/ardour/random seed 78, a post-fader send
 * of a track muted from 0 to 9.38 s; -61.4 dBFS there before, the send's
 * path at the mute's ramp squared). The recipe's level steps from -inf dB
 * to its own there (`ramp: declick`); a send whose level is automated
 * cannot wait so: a loss. */
static void sends_wait_for_unmute(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  const sp_auto *mu = &s->strip.mutes;
  size_t i = 0; /* the mute's state at the export's start, then its first unmute */
  while (i + 1 < mu->n && sp_time_number(mu->points[i + 1].t) <= (double)r->range_start)
    i++;
  if (mu->n == 0 || mu->points[i].v == 0)
    return;
  while (i < mu->n && mu->points[i].v != 0)
    i++;
  if (i == mu->n)
    return; /* never heard */
  for (size_t k = 0; k < s->n_sends; k++) {
    sp_mix_send *x = &s->sends[k];
    if (!mutes_send(s, x))
      continue; /* not muted: its mute points leave it out */
    if (x->send.level.n > 0) {
      loss(r, s, rt,
           "muted from the export's start, its sends' levels rise from silence where it is "
           "first unmuted (Ardour runs no send level while muted); an automated one goes from "
           "its points' level there");
      continue;
    }
    const double db = x->send.level.value;
    x->send.level.ramp = SP_RAMP_DECLICK;
    sp_mix_auto_frame(&x->send.level, (double)r->range_start, -INFINITY);
    sp_mix_auto_frame(&x->send.level, sp_time_number(mu->points[i].t), db);
    sp_mix_note(s, "muted from the export's start: its send's level rises from silence where it "
                   "is first unmuted, as Ardour's does");
  }
}

/* MIDI controller automation on a MIDI track (its "midicc-...", "midi-
 * pgm-change-..." lists) that Ardour plays: a loss. */
static void midi_automation(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  const xmlNode *au = sp_xml_child(rt, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList")) {
    const char *aid = sp_xml_attr(al, "automation-id");
    if (aid && strncmp(aid, "midi", 4) == 0 && ardour_plays_events(al))
      loss(r, s, al, "the track's MIDI automation '%s': not sent to the instrument", aid);
  }
}

/* The channels reaching processor upto of route rt (NULL: its main outs,
 * which hold its panner): its inputs, or what the last plugin before it
 * puts out (ConfiguredOutput): a mono route is stereo from a plugin that
 * makes it so, before its fader or after it, and Ardour's panner shell
 * there takes two inputs. */
static size_t channels_at(const xmlNode *rt, const xmlNode *upto, size_t inputs)
{
  size_t n = inputs;
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p && p != upto;
       p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (!upto && type && strcmp(type, "main-outs") == 0)
      break;
    const int k =
        ardour_is_plugin(type) ? ardour_configured_of(p, "ConfiguredOutput", "audio") : -1;
    n = k > 0 ? (size_t)k : n;
  }
  return n;
}

/* A route being read: its strip, and what its sends and outputs are read
 * against (its panner, its channels in and out). */
typedef struct route_at {
  sp_mix_strip *s;
  const xmlNode *rt, *routes, *pannable;
  bool master, track;
  bool wide; /* into more than two outputs: Ardour's VBAP */
  size_t inputs, n_out;
  size_t panned; /* the channels its panner takes (channels_at) */
  /* where its disk reader plays its playlist, when not before its
   * processors (disk_reader_at: its main outs or its disk reader), and
   * the channels Ardour gives it there (channels_at: its regions play on
   * as many) */
  const xmlNode *reader;
  size_t read_channels;
  panner pn;
  /* into more than two outputs: its VBAP gains [signal][output], once
   * its processors say how many signals it places (vbap_matrix) */
  bool has_vbap;
  double vbap[SP_MAX_CHANNELS][SP_MAX_CHANNELS];
} route_at;

/* Mute, solo, polarity; whether the mute moves with its VCAs'
 * automation (ardour_vca_mutes, later). */
static bool switches(reader *r, sp_mix_strip *s, const xmlNode *rt, bool master, size_t channels)
{
  const xmlNode *mute = ardour_controllable(rt, "mute");
  sp_mix_strip_at(s, "mute", sp_xml_line(mute));
  r->vca_steps = 0;
  const bool mute_moves = mute && ardour_vca_moves(r, mute, "mute");
  sp_mix_strip_mute(s, !mute_moves && ardour_switched(r, s, mute, ardour_value_of(r, mute, 0) != 0,
                                                     "muted", NULL));
  const xmlNode *solo = ardour_controllable(rt, "solo");
  sp_mix_strip_at(s, "solo", sp_xml_line(solo));
  if (!master && solo) {
    /* SoloControl::set_state sets the control's value, then its
     * self-solo where saved, which stands (review 14 F4: value 1 with
     * self-solo 0 is not soloed) */
    const bool value = ardour_value_of(r, solo, 0) != 0;
    const bool self =
        sp_xml_attr(solo, "self-solo") ? ardour_switch(r, solo, "self-solo", false) : value;
    sp_mix_strip_solo(s, ardour_switched(r, s, solo, self, "soloed", NULL));
  }
  /* the solo others give it, as Ardour saved it: SoloControl::set_state
   * takes soloed-by-upstream and soloed-by-downstream as they are, and
   * nothing propagates a solo while the session loads (only a change
   * does: Session::route_solo_changed), so Ardour's export plays them
   * whatever the routing would give (a solo written by hand: a soloed
   * bus whose sources were not counted leaves them muted by it) */
  double up = 0, down = 0;
  if (!master && solo &&
      (sp_xml_attr(solo, "soloed-by-upstream") || sp_xml_attr(solo, "soloed-by-downstream"))) {
    sp_xml_number(solo, "soloed-by-upstream", &up, r->path, r->d);
    sp_xml_number(solo, "soloed-by-downstream", &down, r->path, r->d);
    s->solo_others_saved = true;
    s->solo_by_others = up != 0 || down != 0;
  }
  /* solo isolate and solo safe, as Ardour saves them (SoloIsolateControl,
   * SoloSafeControl): what the session's solo mutes (sp_mix_finish) */
  const xmlNode *iso = ardour_controllable(rt, "solo-iso"),
                *safe = ardour_controllable(rt, "solo-safe");
  s->solo_isolate =
      !master && iso && ardour_switch(r, iso, "solo-isolated", ardour_value_of(r, iso, 0) != 0);
  s->solo_safe =
      !master && safe && ardour_switch(r, safe, "solo-safe", ardour_value_of(r, safe, 0) != 0);
  const xmlNode *phase = ardour_controllable(rt, "phase");
  sp_mix_strip_at(s, "invert", sp_xml_line(phase));
  const char *inv = phase ? sp_xml_attr(phase, "phase-invert") : NULL;
  if (inv && strchr(inv, '1')) {
    size_t n = strlen(inv);
    if (n <= SP_MAX_CHANNELS && strspn(inv, "01") == n) {
      /* Ardour writes its bits last channel first (a bitset's string), so
       * the last character is the first channel; its polarity processor
       * has the channels that reach it (PolarityProcessor::configure_io
       * resizes the control: read_channels), the bits past them dropped,
       * a channel past the bits not inverted (a mono track whose disk
       * reader a plugin makes stereo: its first channel alone) */
      uint32_t mask = 0;
      for (size_t c = 0; c < n; c++)
        mask |= inv[n - 1 - c] == '1' ? 1u << c : 0u;
      if (channels > 0 && channels <= SP_MAX_CHANNELS) {
        n = channels;
        mask &= (1u << n) - 1;
      }
      if (mask == (1u << n) - 1)
        sp_mix_strip_invert_all(s);
      else if (mask && s->kind == SP_MIX_TRACK && n > 2)
        loss(r, s, phase,
             "polarity '%s', some of the %zu channels of its disk reader: the recipe inverts "
             "the channels its regions play on, before they are copied onto those; not "
             "inverted",
             inv, n);
      else if (mask)
        sp_mix_strip_invert_channels(s, mask, n);
    } else if (strspn(inv, "1") == n) {
      sp_mix_strip_invert_all(s);
    } else {
      loss(r, s, rt, "polarity '%s': not one bit a channel; left as it is", inv);
    }
  }
  return mute_moves;
}

/* The panner: Ardour's mono panner (pan_law: ardour), its stereo
 * balance, or its equal-power stereo panner with a width (panner_of);
 * into more than two outputs its VBAP. */
static void panning(reader *r, route_at *a)
{
  sp_mix_strip *s = a->s;
  const xmlNode *rt = a->rt, *outs = ardour_main_shell(rt);
  a->inputs = ardour_route_inputs(rt);
  /* a bus's too: a plugin of more outputs than its inputs (Calf Mono Input
   * on a bus of one) gives its panner as many */
  a->panned = channels_at(rt, NULL, a->inputs);
  a->n_out = ardour_io_ports(rt, "Output");
  a->pannable = sp_xml_child(rt, "Pannable");
  /* A bus or master of more than two channels: the layout of as many; a
   * bus of one input, mono (what its routes' outputs feed is summed in
   * that input, port_wiring) */
  if (!a->track && (a->inputs > 2 || (a->inputs == 1 && !a->master))) {
    sp_mix_strip_layout(s, a->inputs <= SP_MAX_CHANNELS ? sp_layout_by_count((int)a->inputs) : NULL);
    if (!s->strip.layout)
      loss(r, s, rt, "%zu channels: no layout has as many; read as stereo", a->inputs);
    else
      sp_mix_note(s, "%zu channels: %s (%s), by their count", a->inputs, s->strip.layout->name,
                  s->strip.layout->text);
  }
  a->wide = a->n_out > 2 && !ardour_switch(r, outs, "bypassed", false);
  a->pn = a->wide ? (panner){0} : ardour_panner_of(r, outs, a->pannable, a->panned, NULL);
  s->strip.pan.plain.value = a->pn.pan;
  sp_mix_strip_at(s, "pan", sp_xml_line(a->pannable));
  sp_mix_strip_at(s, "width", sp_xml_line(a->pannable));
  if (a->pn.has_width)
    sp_mix_strip_number(s, SP_KEY_STRIP_WIDTH, a->pn.width);
  if (a->pn.other)
    loss(r, s, rt, "Ardour's panner '%s': rendered as %s", a->pn.other,
         a->panned == 1 ? "its mono panner" : "a balance");
  /* into more than two outputs: Ardour's VBAP (ardour_route, once the
   * processors say how many signals it places) */
  if (a->wide)
    return;
  if (ardour_switch(r, outs, "bypassed", false)) {
    sp_mix_note(s, "its panner is bypassed: Ardour copies %s",
                a->panned == 1 && a->n_out == 2 ? "its one channel to both outputs"
                                                : "each input to its output");
  } else {
    ardour_automation(r, s, a->pannable, "pan-azimuth", false, &s->strip.pan.plain);
    if (a->pn.has_width)
      ardour_widths(r, s, a->pannable);
  }
}

/* A MIDI track's playback channel mode (MidiTrack's playback-channel-mode
 * and -mask, or Ardour 3's channel-mode and channel-mask): FilterChannels
 * keeps the channels its mask sets (*keep, 0 for every channel),
 * ForceChannel plays every channel message on its mask's lowest channel
 * (*force, 0 .. 15, else -1) (MidiChannelFilter::filter, on what the
 * playlist reads). */
static void playback_mode(reader *r, sp_mix_strip *s, const xmlNode *rt, int *force, unsigned *keep)
{
  *force = -1;
  *keep = 0;
  /* ChannelMode, EnumWriter's distinct values: Ardour 3's channel-mode
   * over the playback one where both are saved (MidiTrack::set_state) */
  enum { ALL, FILTER, FORCE };
  static const ardour_name modes[] = {
      {"AllChannels", ALL}, {"FilterChannels", FILTER}, {"ForceChannel", FORCE}, {NULL, 0}};
  unsigned mode = ardour_enum(r, rt, "playback-channel-mode", modes, false, ALL);
  mode = ardour_enum(r, rt, "channel-mode", modes, false, mode);
  const char *mask_text = sp_xml_attr(rt, "playback-channel-mask");
  if (sp_xml_attr(rt, "channel-mask"))
    mask_text = sp_xml_attr(rt, "channel-mask");
  unsigned mask = 0xFFFF;
  if (mask_text && sscanf(mask_text, "0x%x", &mask) != 1)
    mask = 0xFFFF;
  mask &= 0xFFFF;
  if (mode == ALL)
    return;
  const bool forces = mode == FORCE;
  if (!forces && mask == 0xFFFF)
    return;
  if (!forces && mask == 0) {
    loss(r, s, rt, "its playback filter passes no channel: its regions play, as if it passed all");
    return;
  }
  int low = 0;
  while (forces && mask && !(mask & (1u << low)))
    low++;
  if (forces)
    *force = low & 0x0F;
  else
    *keep = mask;
}

/* The playback mode (playback_mode) on the track's regions from first on,
 * but those whose files hold their events on the channels it plays them
 * on already (own_channels). */
static void playback_channels(sp_mix_strip *s, size_t first, int force, unsigned keep)
{
  for (size_t k = first; k < s->n_regions; k++) {
    if (s->regions[k].own_channels)
      continue;
    if (force >= 0)
      s->regions[k].region.force_channel = force + 1;
    else if (keep)
      s->regions[k].region.keep_channels = keep;
  }
}

/* An aux send (intsend processor p) as the strip's send. */
static void aux_send(reader *r, const route_at *a, const xmlNode *p)
{
  sp_mix_strip *s = a->s;
  const char *target = sp_xml_attr(p, "target");
  /* Delivery::Role, EnumWriter's bits: an intsend is Aux unless it says */
  enum { AUX = 0x10 };
  static const ardour_name roles[] = {{"Main", 0x1},        {"Send", 0x2}, {"Insert", 0x4},
                                      {"Listen", 0x8},      {"Aux", AUX},  {"Foldback", 0x20},
                                      {"DirectOuts", 0x40}, {NULL, 0}};
  const unsigned role = ardour_enum(r, p, "role", roles, true, AUX);
  if (!target || role != AUX || !ardour_switch(r, p, "active", true)) {
    /* off, or a foldback or listen send: feeds no export (foldback_bus);
     * but one into an ordinary bus (a hand edit) feeds that bus, which the
     * recipe takes no send of its role into */
    const xmlNode *to = target ? sp_xml_index_find(&r->route_ids, target) : NULL;
    if (to && role != AUX && ardour_switch(r, p, "active", true) &&
        !ardour_has_flag(to, "FoldbackBus") && !ardour_has_flag(to, "MonitorOut")) {
      loss(r, s, p,
           "a send of role %s into '%s', which is no foldback bus or monitor section: the "
           "recipe takes only an aux send into a bus; left out",
           sp_xml_peek(p, "role"), sp_xml_peek(to, "name") ? sp_xml_peek(to, "name") : target);
    }
    sp_xml_read_all(p);
    return;
  }
  if (a->master) {
    loss(r, s, p, "a send from master: master feeds nothing in a recipe; left out");
    sp_xml_read_all(p);
    return;
  }
  sp_mix_send *x = sp_mix_send_add(s, target);
  x->line = sp_xml_line(p);
  /* a value below 0 plays as saved (PBD::Controllable::set_state sets it
   * unchecked, the send's Amp multiplies by it): its size, inverted */
  const double g = ardour_value_of(r, ardour_controllable(p, "gaincontrol"), 1);
  x->send.level.value = sp_lin_to_db(fabs(g));
  const bool moves = ardour_automation(r, s, p, "send", true, &x->send.level);
  /* Ardour 7's send polarity: its delivery's gain times -1 on every
   * channel (Delivery::target_gain) */
  x->send.invert =
      (ardour_value_of(r, ardour_controllable(p, "polarity-invert"), 0) > 0) != (g < 0 && !moves);
  ardour_fixed_controls(r, s, p, (const char *const[]){"phase", NULL});
  const int tap = ardour_tap_point(a->rt, p, NULL);
  /* between two plugins after the fader: after those imported before
   * it (this route's post_inserts so far) */
  sp_mix_send_tap(x, tap == TAP_PRE ? SP_TAP_PRE : tap == TAP_FADER ? SP_TAP_FADER : SP_TAP_POST,
                  tap == TAP_FADER ? s->n_post : 0);
  /* Its panner: the route's pannable when linked, else its own; of
   * the kind its own shell says. The recipe's send keeps the strip's
   * width. */
  const xmlNode *shell = sp_xml_child(p, "PannerShell");
  bool linked = !shell || ardour_switch(r, shell, "linked-to-route", true);
  /* the bus it feeds: its target, by id (its own name, which Ardour gives
   * it from the bus, is a name the user may change) */
  const xmlNode *to = sp_xml_index_find(&r->route_ids, target);
  const char *to_name = to ? sp_xml_peek(to, "name") : NULL;
  const size_t to_in = to ? ardour_io_ports(to, "Input") : 0;
  /* the signals its panner places: the route's channels where it taps */
  const size_t in = a->track ? channels_at(a->rt, p, a->inputs) : a->inputs;
  if (a->wide && (s->widened ? 2 : a->panned) == in && to_in == a->n_out) {
    /* the route's VBAP gains fit it: the send takes them */
    if (!linked)
      loss(r, s, p,
           "a send with a panner of its own from a route of %zu outputs: it "
           "takes the route's gains",
           a->n_out);
    return;
  }
  if (to_in == 1 && in <= 2) {
    /* into a bus of one input: no panner, its channels summed there
     * (PannerShell::run of one output) */
    double m[2][SP_MAX_CHANNELS] = {{1}, {1}};
    sp_mix_send_gains(x, sp_layout_by_count(1), in, (const double(*)[SP_MAX_CHANNELS])m);
    return;
  }
  if (to_in > 2 && !ardour_switch(r, shell, "bypassed", false)) {
    /* into a bus of more than two channels Ardour pans the send by VBAP
     * over the bus's inputs, at the route's position when linked, else its
     * own (bench/ardour/random/found/seed298.json): the send's own matrix;
     * of the signals it places, where the route's do not fit it (a route
     * made stereo by a plugin after the send: seed 303) */
    const xmlNode *pannable = linked ? a->pannable : sp_xml_child(p, "Pannable");
    if (send_vbap(r, s, x, pannable, a->wide ? in : s->widened ? 2 : a->inputs, (int)to_in)) {
      sp_mix_note(s, "its send to '%s', of %zu channels: Ardour's VBAP, its own gain matrix",
                  to_name, to_in);
      return;
    }
  }
  /* into two channels (or fewer), its panner; a route of more than two
   * outputs has no panner into two whose values the send takes */
  const panner *pn = a->wide ? NULL : &a->pn;
  panner sp = linked ? ardour_panner_of(r, shell, a->pannable, in, pn)
                     : ardour_panner_of(r, shell, sp_xml_child(p, "Pannable"), in, NULL);
  /* (a route's bypassed panner is none a send follows: the send's pans) */
  if (!linked || !pn || sp.pan != pn->pan ||
      ardour_switch(r, ardour_main_shell(a->rt), "bypassed", false)) {
    x->has_pan = true;
    x->send.pan.plain.value = sp.pan;
    /* its automation the route's pannable's when linked (its own then a
     * copy Ardour does not play) */
    if (!ardour_switch(r, shell, "bypassed", false))
      ardour_automation(r, s, linked ? a->pannable : sp_xml_child(p, "Pannable"), "pan-azimuth",
                        false, &x->send.pan.plain);
  }
  if (!pn && sp.has_width)
    loss(r, s, p, "its panner's width: the route's is VBAP's, so the send is panned without one");
  else if (pn && (sp.has_width != pn->has_width || (sp.has_width && sp.width != pn->width)))
    loss(r, s, p, "its panner's width differs from its route's: it is panned with the route's");
  if (sp.other)
    loss(r, s, p, "Ardour's panner '%s': rendered as %s", sp.other,
         in == 1 ? "its mono panner" : "a balance");
}

/* What feeds route rt's input ports: the first port wired to them (a
 * sound card's capture, another route's output), NULL for none. Ardour 8
 * saves a sound card's apart, an ExtConnection with the card it is of
 * (`for`; Port::get_state), the first of each naming none. */
static const char *input_feed(const xmlNode *rt)
{
  const xmlNode *io = sp_xml_child_with(rt, "IO", "direction", "Input");
  const char *from = NULL;
  for (const xmlNode *p = sp_xml_child(io, "Port"); p && !from; p = sp_xml_next(p, "Port"))
    for (const xmlNode *c = sp_xml_child(p, NULL); c && !from; c = sp_xml_next(c, NULL))
      if (sp_xml_is(c, "Connection") || sp_xml_is(c, "ExtConnection"))
        from = sp_xml_attr(c, "other");
  return from;
}

/* What feeds a route's input at the port from (input_feed's), as a
 * message says it, "... which WHO feeds (WHERE)": a route of the session
 * ("the route 'drums' of the session feeds (its port 'drums/audio_out
 * 1')"), a send or insert of one, whose own ports it is ("the send 'send
 * 1' of the route 'kick' feeds (its port ...)"), else what no session file
 * holds ("'system:capture_1' feeds (no session file holds it)"). */
static void feed_words(const reader *r, const char *from, char *buf, size_t size)
{
  const char *slash = strrchr(from, '/');
  char owner[256] = "";
  if (slash) /* a port of a route of the session ("NAME/audio_out 1"), or of its processor's */
    snprintf(owner, sizeof owner, "%.*s", (int)(slash - from), from);
  if (owner[0] && ardour_route_by_name(r, owner)) {
    snprintf(buf, size, "the route '%s' of the session feeds (its port '%s')", owner, from);
    return;
  }
  const xmlNode *routes = sp_xml_child(r->root, "Routes");
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); owner[0] && rt;
       rt = sp_xml_next(rt, "Route"))
    for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
      const char *io = sp_xml_attr(sp_xml_child(p, "IO"), "name");
      if (io && strcmp(io, owner) == 0) {
        snprintf(buf, size, "the %s '%s' of the route '%s' feeds (its port '%s')",
                 sp_xml_attr(p, "type") && strcmp(sp_xml_attr(p, "type"), "send") == 0 ? "send"
                                                                                       : "insert",
                 owner, sp_xml_attr(rt, "name"), from);
        return;
      }
    }
  snprintf(buf, size, "'%s' feeds (no session file holds it)", from);
}

/* The channels of route rt's disk reader, and of its polarity right
 * after it: what reaches it (DiskIOProcessor::configure_io and
 * PolarityProcessor::configure_io take as many), a plugin before it (not
 * heard there: disk_reader_at) setting them as it sets them for what
 * comes after it; its regions play on as many. Its inputs for a bus, a
 * MIDI track (its point a loss) and a track of the default point. */
static size_t read_channels(const xmlNode *rt, bool track, size_t inputs)
{
  const xmlNode *at = track ? ardour_reader_of(rt) : NULL;
  return at ? channels_at(rt, at, inputs) : inputs;
}

/* Where track a plays its playlist among its processors, its disk I/O
 * point (Route::setup_invisible_processors): DiskIOPreFader (the
 * default) before them all (NULL); DiskIOPostFader just before its main
 * outs (that processor); DiskIOCustom where its disk reader is in the
 * list, as the user placed it (that processor). The disk reader replaces
 * what its processors before it made of the track's input (Route::
 * process_output_buffers silences the buffers there), and its polarity
 * comes right after it: those processors (its trim, plugins, fader, sends)
 * hear the input, not the playlist, and what they make of it is not heard
 * on the track's outputs. A MIDI track's is a loss (its instrument may be
 * among them), read as before them all. The place is ardour_reader_of's
 * (as read_channels' and a sidechain's send's): what is said here, only. */
static const xmlNode *disk_reader_at(reader *r, const route_at *a)
{
  const unsigned io =
      a->track ? ardour_enum(r, a->rt, "disk-io-point", ardour_disk_points, false, ARDOUR_IO_PRE)
               : ARDOUR_IO_PRE;
  if (io == ARDOUR_IO_PRE)
    return NULL;
  const char *point = ardour_disk_points[io].name;
  const bool post = io == ARDOUR_IO_POST;
  const xmlNode *at = ardour_reader_of(a->rt); /* the one place, read_channels' too */
  if (!at) {
    loss(r, a->s, a->rt, "its disk I/O point '%s'%s: its playlist is played before its processors",
         point, ardour_has_flag(a->rt, "MidiTrack") ? " on a MIDI track" : "");
    return NULL;
  }
  const char *from = input_feed(a->rt);
  char who[768];
  if (from) {
    feed_words(r, from, who, sizeof who);
    loss(r, a->s, a->rt,
         "its disk I/O point is %s, and its processors before its disk reader hear its input, "
         "which %s, not carried to them: they hear silence here",
         post ? "post-fader" : "custom", who);
  }
  sp_mix_note(a->s,
              "its disk I/O point is %s: Ardour plays its regions from there on (with its "
              "polarity), its processors before it (its trim, plugins, fader, sends) hearing its "
              "input%s, not heard on its outputs; left out",
              post ? "post-fader (before its main outputs)"
                   : "custom (after its processors above its disk reader)",
              from ? "" : ", which nothing feeds");
  if (a->read_channels != a->inputs)
    sp_mix_note(a->s,
                "its disk reader there has the %zu channels a plugin before it puts out (its "
                "input %zu): Ardour plays its regions on as many",
                a->read_channels, a->inputs);
  return at;
}

/* The route's processors, in order: the fader splits pre from post; a
 * MIDI track's plugins before its instrument play MIDI; a track's
 * processors before its disk reader are not heard (disk_reader_at). The
 * fader's control when its automation plays (its VCAs are read over it),
 * else NULL. */
/* A processor of which a route has one (its fader, trim, polarity, disk
 * reader, master's volume) named twice in its list: Route::
 * set_processor_state puts that one processor in the list as often as the
 * session names it, and Ardour runs it each time (measured: a track's
 * fader listed twice exports at its gain squared; a polarity twice undoes
 * itself), where the recipe applies it once: a loss at the second. */
static void stock_processors_once(reader *r, const route_at *a)
{
  static const char *const once[] = {"amp", "trim", "polarity", "diskreader", "main-volume"};
  static const char *const what[] = {"fader", "trim", "polarity", "disk reader", "volume"};
  for (size_t k = 0; k < sizeof once / sizeof once[0]; k++) {
    size_t n = 0;
    for (const xmlNode *p = sp_xml_peek_child(a->rt, "Processor"); p;
         p = sp_xml_peek_next(p, "Processor")) {
      const char *type = sp_xml_peek(p, "type");
      if (type && strcmp(type, once[k]) == 0 && ++n == 2)
        loss(r, a->s, p,
             "its '%s' processor is listed again: Ardour runs the route's one %s a second time "
             "here, the recipe once",
             once[k], what[k]);
    }
  }
}

/* The route's own processors that processors() passes by, read where
 * what they do is: its main outs (its panner and output, outputs()), its
 * polarity (the route's phase control, ardour_phases()), its disk reader
 * (disk_reader_at()), its clip launcher (loaded_trigger()) and a bus's
 * return (where its aux sends arrive: each send, aux_send()). */
static bool read_elsewhere(const char *type)
{
  static const char *const own[] = {"main-outs", "polarity", "diskreader", "triggerbox",
                                    "intreturn"};
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
    if (strcmp(type, own[k]) == 0)
      return true;
  return false;
}

/* A trim's saved value below 0 (tc's, g). Ardour 7.3 keeps a trim's
 * automation in -20 .. +20 dB but not its value: the controllable's
 * set_state sets it as saved, and the trim's Amp multiplies by it
 * (measured, docs/sessions.md: -2 plays inverted at +6.02 dB; 0.001 at -60
 * dB, 100 at +40 dB). Its level is the trim's (|g|), its sign the
 * strip's polarity turned over on every channel the trim sees; over a
 * moving polarity, a loss. */
static void trim_inverts(reader *r, sp_mix_strip *s, const xmlNode *tc, double g)
{
  const sp_polarity *pol = &s->strip.invert;
  if (pol->moves.n > 0)
    loss(r, s, tc,
         "its trim's value %g, below 0, which Ardour plays inverted, over its moving polarity: "
         "its level carried (%.2f dB), its polarity not inverted",
         g, sp_lin_to_db(fabs(g)));
  else if (s->invert_listed)
    sp_mix_strip_invert_channels(s, ~pol->mask, pol->n);
  else if (pol->all)
    s->strip.invert = (sp_polarity){0};
  else
    sp_mix_strip_invert_all(s);
}

static const xmlNode *processors(reader *r, const route_at *a, const xmlNode *instrument)
{
  sp_mix_strip *s = a->s;
  bool past_fader = false, past_instrument = !instrument, kept = false;
  const xmlNode *fader_masters = NULL, *reader_at = a->reader;
  bool heard = reader_at == NULL;
  stock_processors_once(r, a);
  for (const xmlNode *p = sp_xml_child(a->rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    heard |= p == reader_at;
    if (!heard) { /* before the disk reader: hears the input, said where it matters */
      if (type && strcmp(type, "intsend") == 0) /* what it feeds hears none of it here */
        sp_mix_left_out_feeds(r->m, sp_xml_attr(p, "target"),
                              input_feed(a->rt) ? SP_FED_LEFT_LOST : SP_FED_LEFT_SILENT);
      sp_xml_read_all(p);
    }
    if (!type || !heard)
      continue;
    if (strcmp(type, "amp") == 0) {
      const xmlNode *gc = ardour_controllable(p, "gaincontrol");
      sp_mix_strip_at(s, "gain", sp_xml_line(p));
      /* a value below 0 plays as saved, as the trim's does (above): its
       * size, which the recipe's fader takes, inverted, which the strip's
       * polarity at its start is not where something before the fader
       * hears it (a loss) */
      const double g = ardour_value_of(r, gc, 1);
      s->strip.gain.value = sp_lin_to_db(fabs(g));
      past_fader = true;
      r->vca_steps = 0;
      if (ardour_automation(r, s, p, "gain", true, &s->strip.gain)) {
        fader_masters = gc;
      } else {
        if (!ardour_vca_moves(r, gc, "gain") || !ardour_vca_gain_moves(r, s, gc, fabs(g)))
          ardour_vca_level(r, s, gc, &s->strip.gain.value);
        if (g < 0)
          loss(r, s, p,
               "its fader's value %g, below 0, which Ardour plays inverted: its level carried "
               "(%.2f dB), its polarity not inverted",
               g, sp_lin_to_db(-g));
      }
    } else if (strcmp(type, "trim") == 0 && ardour_has_flag(a->rt, "MidiTrack")) {
      /* Ardour 7.3 switches a MIDI track's trim on nowhere (Route::init:
       * an audio track's and a bus's); one its session switches on goes
       * first, before the instrument, where the track holds MIDI alone,
       * which a trim's Amp does not scale (control_midi_also false): it
       * changes nothing (measured, docs/sessions.md) */
      const double g = ardour_value_of(r, ardour_controllable(p, "trimcontrol"), 1);
      if (g != 1 || ardour_plays_events(ardour_automation_list(p, "trim")))
        sp_mix_note(s,
                    "its trim (%.2f dB%s) is not played: Ardour 7.3 plays a MIDI track's trim "
                    "on nothing",
                    sp_lin_to_db(g),
                    ardour_plays_events(ardour_automation_list(p, "trim")) ? ", and its automation"
                                                                           : "");
      sp_xml_read_all(p);
    } else if (strcmp(type, "trim") == 0) {
      sp_mix_strip_at(s, "trim", sp_xml_line(p));
      const xmlNode *tc = ardour_controllable(p, "trimcontrol");
      const double g = ardour_value_of(r, tc, 1);
      sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, sp_lin_to_db(fabs(g)));
      /* an Amp as the fader is; its list, where it plays, over the value */
      if (!ardour_automation(r, s, p, "trim", true, &s->strip.trims) && g < 0)
        trim_inverts(r, s, tc, g);
    } else if (strcmp(type, "lv2") == 0 && !past_instrument) {
      if (p == instrument) {
        s->instrument = ardour_plugin_insert(r, s, p);
        if (s->instrument)
          s->instrument->line = sp_xml_line(p);
        ardour_instrument_pins(r, s, p);
        char first[256];
        if (ardour_sidechain_sends(p, first, sizeof first) > 0)
          loss(r, s, p, "its instrument's sidechain input (fed by '%s'): left out", first);
        past_instrument = true;
      } else if (ardour_switch(r, p, "active", true)) {
        loss(r, s, p,
             "a MIDI plugin before the instrument: left out (the instrument plays the regions' "
             "MIDI as it is)");
        sp_xml_read_all(p);
      } else {
        sp_xml_read_all(p); /* off: plays nothing */
      }
    } else if (ardour_is_plugin(type)) {
      /* after the fader: the recipe's post_inserts, in Ardour's order */
      const size_t before = s->n_inserts;
      ardour_plugin(r, s, a->routes, p, channels_at(a->rt, p, a->inputs));
      sp_mix_inserts_at(s, before, sp_xml_line(p));
      if (past_fader)
        s->n_post += s->n_inserts - before;
    } else if (strcmp(type, "intsend") == 0) {
      aux_send(r, a, p);
    } else if (strcmp(type, "send") == 0 && sp_xml_attr(p, "name") &&
               ardour_feeds_sidechain(a->routes, sp_xml_attr(p, "name"), &kept)) {
      /* the key's feed: its level is the key's (ardour_plugin()); its
       * connections are the sidechain input's, read there. Another send
       * into that sidechain: not kept, said at the plugin ("fed by N
       * sends") */
      sp_xml_read_all(kept ? sp_xml_child(p, "IO") : p);
    } else if (strcmp(type, "port") == 0) {       /* a PortInsert: Ardour's hardware insert */
      const char *at = sp_xml_attr(p, "latency"); /* its measured round trip, samples */
      const long lat = at ? strtol(at, NULL, 10) : 0;
      char latency[32] = "auto";
      if (lat > 0 && lat < 1000000)
        snprintf(latency, sizeof latency, "%ld smp", lat);
      const char *title = sp_xml_attr(p, "name") ? sp_xml_attr(p, "name") : "";
      char name[64]; /* the unit's name as a recipe's (a file name: its send's) */
      size_t n = 0;
      for (const char *c = title; *c && n < sizeof name - 1; c++)
        name[n++] = sp_file_name_char_ok(*c) && *c != ' ' ? *c : '_';
      name[n] = '\0';
      char why[128];
      if (!sp_file_name_check(name, why, sizeof why))
        snprintf(name, sizeof name, "unit");
      if (ardour_switch(r, p, "active", true))
        loss(r, s, p,
             "a hardware insert ('%s'): left out, an offline render cannot play through the "
             "unit; name its printed return here in the recipe's inserts: - hardware: {name: "
             "%s, return: FILE, latency: %s} (the render writes what to play through it, "
             "sends/%s.wav; docs/recipe.md, Hardware inserts)",
             *title ? title : "unnamed", name, latency, name);
      sp_xml_read_all(p); /* said, or off */
    } else if (strcmp(type, "send") == 0 || strcmp(type, "lua") == 0 ||
               strcmp(type, "luaproc") == 0 || strcmp(type, "vst") == 0 ||
               strcmp(type, "lxvst") == 0 || strcmp(type, "vst3") == 0 ||
               strcmp(type, "windows-vst") == 0 || strcmp(type, "mac-vst") == 0 ||
               strcmp(type, "audiounit") == 0) {
      if (ardour_switch(r, p, "active", true))
        loss(r, s, p, "a %s processor: left out", type);
      sp_xml_read_all(p); /* said, or off */
    } else if (!read_elsewhere(type) &&
               !sp_xml_ignored_element(sp_ardour_ignored, sp_ardour_n_ignored, p)) {
      /* Ardour 8's surround send, a type to come: what it plays is not
       * known here (the table's play nothing: their attributes are read
       * by the table as any element's) */
      loss(r, s, p, "a processor of type '%s' that stemprint does not read: left out", type);
      sp_xml_read_all(p);
    }
  }
  return fader_masters;
}

/* What route rt's panner of n_out (1 or 2) outputs puts on each of its
 * output ports from each of its `inputs` (1 or 2) signals, g[out][in], as
 * Ardour's main outs deliver them (Delivery::run): two outputs through its
 * panner (mono: Panner1in2out's law; stereo: the balance, or Equal Power
 * Stereo with its width, each output from both channels); one output, or
 * a bypassed panner, with no panner: signal k on port k, the last on the
 * ports after it (IO::copy_to_outputs). False, a loss said, for another
 * panner. */
static bool output_gains(reader *r, sp_mix_strip *s, const xmlNode *rt, const panner *pn,
                         size_t inputs, size_t n_out, const char *to_name, double g[2][2])
{
  memset(g, 0, 4 * sizeof g[0][0]);
  const bool bypassed = ardour_switch(r, ardour_main_shell(rt), "bypassed", false);
  if (n_out == 1 && inputs == 2 && s->widened && !bypassed) {
    /* a mono route made stereo by a plugin, wired by one output: Ardour
     * gives it a second output (unwired) when it loads the session, and
     * its balance panner pans the two into them (seed 261: a kick at
     * azimuth 0.96 fed its first output at 0.08) */
    double right = 0;
    sp_pan_balance_linear(pn->pan, &g[0][0], &right);
  } else if (n_out == 1 || bypassed) {
    for (size_t k = 0; k < n_out && inputs > 0; k++)
      g[k][k < inputs ? k : inputs - 1] = 1;
  } else if (inputs == 1) {
    sp_pan_quadratic(pn->pan, &g[0][0], &g[1][0]);
  } else if (pn->has_width && !pn->other) {
    double w[4]; /* left ← left, right ← right, left ← right, right ← left */
    sp_pan_stereo(pn->pan, pn->width, true, 0, w);
    g[0][0] = w[0], g[1][1] = w[1], g[0][1] = w[2], g[1][0] = w[3];
  } else if (!pn->other) {
    sp_pan_balance_linear(pn->pan, &g[0][0], &g[1][1]);
  } else {
    loss(r, s, rt, "its panner '%s' wired into %s's inputs port by port: placed by stemprint's",
         pn->other, to_name);
    return false;
  }
  return true;
}

/* Gains g[signal][output] of route a's outputs summed into the `width`
 * inputs of to_name each output k is wired to (ports[k], n_ports[k] of
 * them), each input summing in float what it is fed, as a port sums its
 * connections: m[signal][input] (zeroed first). An output wired to an
 * input to_name lacks, a loss. Whether any gain reaches an input. */
static bool wired_sum(reader *r, const route_at *a, const char *to_name, size_t width,
                      size_t inputs, const int (*ports)[SP_MAX_CHANNELS], const size_t *n_ports,
                      const double (*g)[SP_MAX_CHANNELS], double (*m)[SP_MAX_CHANNELS])
{
  bool heard = false;
  for (size_t i = 0; i < SP_MAX_CHANNELS; i++)
    for (size_t c = 0; c < SP_MAX_CHANNELS; c++)
      m[i][c] = 0;
  for (size_t k = 0; k < a->n_out && k < SP_MAX_CHANNELS; k++)
    for (size_t j = 0; j < n_ports[k]; j++) {
      const int port = ports[k][j];
      if (port < 1 || port > (int)width) {
        loss(r, a->s, a->rt, "its output %zu is wired to %s's input %d, which it lacks: left out",
             k + 1, to_name, port);
        continue;
      }
      for (size_t i = 0; i < inputs; i++) {
        m[i][port - 1] = (double)((float)m[i][port - 1] + (float)g[i][k]);
        heard |= (float)m[i][port - 1] != 0;
      }
    }
  return heard;
}

/* Route a's outputs (one or two) into destination `to` port by port, as
 * Ardour wires them (each output port into any of to's inputs, an input
 * port summing every output wired into it, as a port's connections sum):
 * the recipe's own pan where each output k feeds to's input k + 1 alone
 * and to has as many inputs as the route has outputs (two); else a gain
 * matrix over to's channels (its layout by its count of inputs: a
 * one-input bus mono), the panner's gains (output_gains) summed into the
 * inputs each output feeds: crossed outputs arrive swapped, an output
 * wired to nothing is not heard, two outputs into one input add, an
 * output into two inputs feeds both. Of the strip's main output (x NULL),
 * or of the post-fader send at 0 dB that feeds a further destination x
 * (force: its matrix even where it is wired plainly, the strip's pan
 * being a matrix of another wiring). */
static void port_wiring(reader *r, const route_at *a, const xmlNode *to, sp_mix_send *x, bool force)
{
  sp_mix_strip *s = a->s;
  const size_t width = ardour_io_ports(to, "Input"), n_out = a->n_out,
               inputs = s->widened ? 2 : a->panned;
  const char *to_name = sp_xml_attr(to, "name");
  if (!to_name || n_out == 0 || n_out > 2 || inputs > 2 || width == 0)
    return;
  int ports[SP_MAX_CHANNELS][SP_MAX_CHANNELS];
  size_t n_ports[SP_MAX_CHANNELS] = {0};
  bool plain = width == n_out;
  /* a mono route's bypassed panner copies its channel to both outputs,
   * which no pan of the recipe's does: a matrix however it is wired */
  const bool copies =
      inputs == 1 && n_out == 2 && ardour_switch(r, ardour_main_shell(a->rt), "bypassed", false);
  for (size_t k = 0; k < n_out; k++) {
    n_ports[k] = ardour_wired_ports(a->rt, k, to_name, ports[k], SP_MAX_CHANNELS);
    plain = plain && n_ports[k] == 1 && ports[k][0] == (int)k + 1;
  }
  if (plain && !force && !copies)
    return; /* as the recipe pans into it */
  const sp_layout *l = width <= SP_MAX_CHANNELS ? sp_layout_by_count((int)width) : NULL;
  if (!l) {
    loss(r, s, a->rt, "its outputs into %s's %zu inputs: no layout has as many; read as stereo",
         to_name, width);
    return;
  }
  double g[2][2];
  if (!output_gains(r, s, a->rt, &a->pn, inputs, n_out, to_name, g))
    return;
  for (size_t k = 0; k < n_out; k++)
    if (n_ports[k] == 0)
      sp_mix_note(s, "its output %zu is wired to none of %s's inputs: not heard there", k + 1,
                  to_name);
  double by_signal[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{0}}; /* [input][output] */
  for (size_t k = 0; k < n_out; k++)
    for (size_t i = 0; i < inputs; i++)
      by_signal[i][k] = g[k][i];
  double m[SP_MAX_CHANNELS][SP_MAX_CHANNELS]; /* [input][the destination's channel] */
  wired_sum(r, a, to_name, width, inputs, (const int(*)[SP_MAX_CHANNELS])ports, n_ports,
            (const double(*)[SP_MAX_CHANNELS])by_signal, m);
  const bool moves = s->strip.pan.plain.n || s->strip.widths.n;
  if (x) {
    sp_mix_send_gains(x, l, inputs, (const double(*)[SP_MAX_CHANNELS])m);
  } else {
    sp_mix_strip_gains(s, l, inputs, (const double(*)[SP_MAX_CHANNELS])m);
    s->strip.pan.plain.value = 0;
    sp_mix_strip_unset(s, SP_KEY_STRIP_WIDTH);
  }
  if (moves)
    loss(r, s, a->rt, "pan automation into %s's inputs port by port: held at its start", to_name);
  if (!plain || force)
    sp_mix_note(s,
                "its %zu output%s wired into %s's %zu input%s port by port (%s is %s): a gain "
                "matrix",
                n_out, n_out == 1 ? "" : "s", to_name, width, width == 1 ? "" : "s", to_name,
                l->name);
}

/* Route a's VBAP gains (a->vbap, over its n_out outputs) into `to` as
 * Ardour wires its outputs, each output port into any of to's inputs, a
 * port summing in float what it is fed: the gains over the layout of its
 * n_out outputs where output k feeds to's input k + 1 alone and to has as
 * many inputs (or to is NULL: it feeds none); else summed into the inputs
 * each output feeds, a matrix over to's channels (its layout by its count
 * of inputs), an output wired to none of them not heard there (a route
 * of 8 outputs after a plugin of 8 into a stereo bus by its first two).
 * Of the strip (x NULL), its aux sends that take its gains (aux_send)
 * then given them over its outputs; or of the post-fader send at 0 dB
 * that feeds a further destination x, which follows the strip's gains
 * where wired plainly and those are over the route's outputs (own).
 * Whether the gains are over the route's outputs. */
static bool wide_wiring(reader *r, const route_at *a, const xmlNode *to, sp_mix_send *x,
                        size_t n_aux, bool own_gains)
{
  sp_mix_strip *s = a->s;
  const size_t inputs = s->widened ? 2 : a->panned, n_out = a->n_out;
  const double(*g)[SP_MAX_CHANNELS] = (const double(*)[SP_MAX_CHANNELS])a->vbap;
  const sp_layout *own = sp_layout_by_count((int)n_out);
  const char *to_name = to ? sp_xml_attr(to, "name") : NULL;
  const size_t width = to_name ? ardour_io_ports(to, "Input") : n_out;
  int ports[SP_MAX_CHANNELS][SP_MAX_CHANNELS];
  size_t n_ports[SP_MAX_CHANNELS] = {0};
  bool plain = width == n_out;
  for (size_t k = 0; k < n_out && to_name; k++) {
    n_ports[k] = ardour_wired_ports(a->rt, k, to_name, ports[k], SP_MAX_CHANNELS);
    plain = plain && n_ports[k] == 1 && ports[k][0] == (int)k + 1;
  }
  const sp_layout *l = width <= SP_MAX_CHANNELS ? sp_layout_by_count((int)width) : NULL;
  if (!plain && !l)
    loss(r, s, a->rt,
         "its outputs into %s's %zu inputs: no layout has as many; its VBAP gains "
         "as if each output fed the input of its number",
         to_name, width);
  if (plain || !l) {
    if (!x)
      sp_mix_strip_gains(s, own, inputs, g);
    else if (!own_gains)
      sp_mix_send_gains(x, own, inputs, g);
    return true;
  }
  size_t unwired = 0;
  for (size_t k = 0; k < n_out; k++)
    unwired += n_ports[k] == 0;
  double m[SP_MAX_CHANNELS][SP_MAX_CHANNELS]; /* [signal][the destination's channel] */
  const bool heard =
      wired_sum(r, a, to_name, width, inputs, (const int(*)[SP_MAX_CHANNELS])ports, n_ports, g, m);
  const double(*placed)[SP_MAX_CHANNELS] = heard ? (const double(*)[SP_MAX_CHANNELS])m : NULL;
  if (x) {
    sp_mix_send_gains(x, l, inputs, placed);
  } else {
    sp_mix_strip_gains(s, l, inputs, placed);
    for (size_t k = 0; k < n_aux; k++)
      if (!s->sends[k].has_gains && !s->sends[k].has_pan)
        sp_mix_send_gains(&s->sends[k], own, inputs, g);
  }
  sp_mix_note(s,
              "its %zu outputs wired into %s's %zu input%s port by port (%s is %s): its VBAP "
              "gains summed into them%s",
              n_out, to_name, width, width == 1 ? "" : "s", to_name, l->name,
              unwired ? ", its outputs wired to none of them not heard there" : "");
  if (!heard) /* its panner places it on outputs wired to none of to's */
    sp_mix_note(s, "its VBAP gains fall on none of its outputs wired to %s: not heard there",
                to_name);
  return false;
}

/* The aux sends of route a (the first n of its strip's) that follow its
 * panner (no pan of their own), once its pan is the gain matrix of its
 * ports' wiring: Ardour pans a send by the route's panner into the bus's
 * inputs, whatever the route's outputs feed; each takes those gains as its
 * own (into a one-input bus the channels summed, PannerShell::run of one
 * output). */
static void sends_keep_the_panner(reader *r, const route_at *a, size_t n)
{
  sp_mix_strip *s = a->s;
  const size_t inputs = s->widened ? 2 : a->panned;
  for (size_t k = 0; k < n; k++) {
    sp_mix_send *x = &s->sends[k];
    if (x->has_gains || x->has_pan)
      continue;
    const xmlNode *to = sp_xml_index_find(&r->route_ids, x->send.to);
    const size_t w = to ? ardour_io_ports(to, "Input") : 2;
    double g[2][2] = {{1, 1}, {0, 0}};
    if (w == 0 || w > 2 || inputs > 2 ||
        (w == 2 && !output_gains(r, s, a->rt, &a->pn, inputs, 2, sp_xml_attr(to, "name"), g))) {
      loss(r, s, a->rt,
           "its send to '%s' follows its panner, and its own pan is now its ports' wiring: "
           "the send takes that",
           to ? sp_xml_attr(to, "name") : x->send.to);
      continue;
    }
    double m[2][SP_MAX_CHANNELS] = {{0}};
    for (size_t i = 0; i < inputs; i++)
      for (size_t c = 0; c < w; c++)
        m[i][c] = w == 1 ? 1 : (double)(float)g[c][i];
    sp_mix_send_gains(x, sp_layout_by_count((int)w), inputs, (const double(*)[SP_MAX_CHANNELS])m);
  }
}

/* Track a, whose disk reader has more than two channels (a plugin of as
 * many outputs before it: read_channels): Ardour plays source c of each
 * region on its channel c, and a region of fewer sources again from its
 * first (c modulo its sources: replicate-missing-region-channels), so a
 * mono region on all of them, a stereo one's L and R in turn. The
 * recipe's track is its regions' one or two channels, copied onto the
 * layout of as many first (a patch); without such a layout, a loss. */
static void reader_patch(reader *r, const route_at *a)
{
  sp_mix_strip *s = a->s;
  const size_t n = a->read_channels;
  const sp_layout *l = n <= SP_MAX_CHANNELS ? sp_layout_by_count((int)n) : NULL;
  if (!l) {
    loss(r, s, a->rt,
         "its disk reader has %zu channels, of no layout: its regions play on their own "
         "channels alone",
         n);
    return;
  }
  int from = s->stereo ? 2 : 1; /* the channels of the track's regions */
  for (size_t k = 0; k < s->n_regions; k++)
    from = s->regions[k].stereo ? 2 : from;
  sp_ins *x = sp_ins_new("patch", r->m->top->sample_rate);
  sp_ins_word(x, "to", l->name);
  for (int c = 1; c < l->n; c++)
    if (c % from != c) {
      char key[16];
      snprintf(key, sizeof key, "c%d", c + 1);
      sp_ins_number(x, key, c % from + 1, SP_UNIT_NUMBER);
    }
  sp_ins_put(s, x, true);
  sp_mix_note(s,
              "its regions' %d channel%s copied onto its disk reader's %zu (%s), as Ardour "
              "plays them: a patch",
              from, from == 1 ? "" : "s", n, l->name);
}

/* Where a route other than master sends its output. */
static void outputs(reader *r, const route_at *a)
{
  sp_mix_strip *s = a->s;
  size_t n = 0;
  const size_t n_aux = s->n_sends;
  char **dest = ardour_outputs(a->rt, &n);
  /* a foldback bus or the monitor section is no strip of the mix: what
   * reaches it is in no export */
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    const xmlNode *to = ardour_route_by_name(r, dest[i]);
    if (!to) { /* Ardour makes no connection to a port that is not there */
      loss(r, s, a->rt,
           "its output is connected to '%s', which is no route of the session: that connection "
           "plays nothing",
           dest[i]);
      free(dest[i]);
    } else if (ardour_has_flag(to, "FoldbackBus") || ardour_has_flag(to, "MonitorOut")) {
      sp_mix_note(s, "its output also feeds '%s', which no export holds", dest[i]);
      free(dest[i]);
    } else {
      dest[kept++] = dest[i];
    }
  }
  n = kept;
  if (n == 0 && a->track && !s->strip.mute && !s->strip.mutes.n) {
    /* its sends play on, its main output reaches nothing (Ardour's
     * delivery to no port): muted at main alone */
    s->strip.unwired = true;
    s->unwired_points = s->strip.mute_points;
    sp_mix_strip_mute(s, true);
    sp_mix_strip_mute_points(s, SP_MUTE_MAIN);
    sp_mix_note(s, "its output is connected to no route: muted at its main output, its sends "
                   "playing");
  } else if (n == 0) {
    if (a->track && s->strip.mute_points) /* muted at its own points, and at main */
      sp_mix_strip_mute_points(s, s->strip.mute_points | SP_MUTE_MAIN);
    if (a->track)
      sp_mix_strip_mute(s, true);
    else
      s->strip.to_none = s->strip.unwired = true;
    sp_mix_note(s, "its output is connected to no route: not in the mix");
  }
  /* The main output: master when it is among them (a send cannot feed
   * master), else the first. Each other route the output feeds hears
   * the same signal a post-fader send at 0 dB gives it. */
  size_t main = 0;
  for (size_t i = 0; i < n; i++) {
    const xmlNode *to = ardour_route_by_name(r, dest[i]);
    if (to && ardour_has_flag(to, "MasterOut"))
      main = i;
  }
  for (size_t i = 0; i < n; i++) {
    const xmlNode *to = ardour_route_by_name(r, dest[i]);
    if (!to)
      continue;
    if (i == main) {
      if (!ardour_has_flag(to, "MasterOut"))
        s->strip.to = sp_xstrdup(sp_xml_attr(to, "id"));
    } else {
      sp_mix_send *x = sp_mix_send_add(s, sp_xml_attr(to, "id"));
      x->send.level.value = 0;
      sp_mix_note(s, "its output also feeds '%s': a post-fader send at 0 dB", dest[i]);
    }
  }
  const xmlNode *to = n >= 1 ? ardour_route_by_name(r, dest[main]) : NULL;
  if (to && !a->wide && ardour_has_flag(a->rt, "MidiTrack") &&
      ardour_switch(r, a->rt, "strict-io", false) && ardour_io_ports(to, "Input") > 2)
    /* measured (bench/ardour/random/found/seed261-midiport.json): its two
     * outputs become six when Ardour loads the session, its panner VBAP */
    loss(r, s, a->rt,
         "a MIDI track of strict I/O wired by %zu output%s into some of %s's %zu inputs: Ardour "
         "gives it more outputs when it loads the session and pans into them by VBAP; the "
         "recipe plays its outputs as wired",
         a->n_out, a->n_out == 1 ? "" : "s", dest[main], ardour_io_ports(to, "Input"));
  if (a->wide && a->has_vbap) {
    const bool own = wide_wiring(r, a, to, NULL, n_aux, true);
    for (size_t i = 0, k = n_aux; i < n && k < s->n_sends; i++) {
      const xmlNode *d = ardour_route_by_name(r, dest[i]);
      if (d && i != main)
        wide_wiring(r, a, d, &s->sends[k++], 0, own);
    }
  } else if (to && !a->wide) {
    port_wiring(r, a, to, NULL, false);
    /* the further destinations' sends, by their own wiring; where the
     * strip's pan is a matrix, a plain one's too, and its aux sends keep
     * the panner */
    for (size_t i = 0, k = n_aux; i < n && k < s->n_sends; i++) {
      const xmlNode *d = ardour_route_by_name(r, dest[i]);
      if (d && i != main)
        port_wiring(r, a, d, &s->sends[k++], s->has_gains);
    }
    if (s->has_gains)
      sends_keep_the_panner(r, a, n_aux);
  }
  for (size_t i = 0; i < n; i++)
    free(dest[i]);
  free(dest);
}

/* A MonitorChoice as Ardour saves it (EnumWriter's bits: "MonitorInput",
 * "MonitorDisk", "MonitorInput,MonitorDisk,MonitorCue", "" for auto),
 * attribute name of n (ardour_enum): 1 input, 2 disk, 0 when not saved. */
static unsigned monitor_bits(reader *r, const xmlNode *n, const char *name)
{
  static const ardour_name choices[] = {
      {"MonitorAuto", 0}, {"MonitorInput", 1}, {"MonitorDisk", 2}, {"MonitorCue", 3}, {NULL, 0}};
  return ardour_enum(r, n, name, choices, true, 0);
}

/* Whether the session holds a region of id id (RegionFactory's: the
 * whole-file regions and the playlists' own), looked at, not read. */
static bool region_exists(const xmlNode *root, const char *id)
{
  const char *lists[] = {"Playlists", "UnusedPlaylists"};
  for (const xmlNode *g = sp_xml_peek_child(sp_xml_peek_child(root, "Regions"), "Region"); g;
       g = sp_xml_peek_next(g, "Region"))
    if (sp_xml_peek(g, "id") && strcmp(sp_xml_peek(g, "id"), id) == 0)
      return true;
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    for (const xmlNode *pl = sp_xml_peek_child(sp_xml_peek_child(root, lists[i]), "Playlist"); pl;
         pl = sp_xml_peek_next(pl, "Playlist"))
      for (const xmlNode *g = sp_xml_peek_child(pl, "Region"); g; g = sp_xml_peek_next(g, "Region"))
        if (sp_xml_peek(g, "id") && strcmp(sp_xml_peek(g, "id"), id) == 0)
          return true;
  return false;
}

/* The first clip in track rt's clip launcher: a Trigger of its triggerbox
 * naming a region the session holds, which TriggerBox::set_state counts
 * an active slot (TriggerBox::empty() is none); NULL when it holds none.
 * Its Triggers are read: a clip plays when it is launched, which the
 * export does not do but at a cue marker (a loss, sp_session_unread). */
static const xmlNode *loaded_trigger(reader *r, const xmlNode *rt)
{
  const xmlNode *found = NULL;
  for (const xmlNode *p = sp_xml_peek_child(rt, "Processor"); p;
       p = sp_xml_peek_next(p, "Processor")) {
    const char *type = sp_xml_peek(p, "type");
    if (!type || strcmp(type, "triggerbox") != 0)
      continue;
    const xmlNode *triggers = sp_xml_child(p, "Triggers");
    for (const xmlNode *t = sp_xml_child(triggers, "Trigger"); t && !found;
         t = sp_xml_next(t, "Trigger")) {
      const char *id = sp_xml_attr(t, "region");
      if (id && region_exists(r->root, id))
        found = t;
    }
    sp_xml_read_all(triggers);
  }
  return found;
}

/* Whether track rt plays its input and not its playlist (Route::
 * monitoring_state): its own monitoring choice (the `monitor` control's
 * `monitoring`), else the session's (`session-monitoring`), when it asks
 * for the input without the disk. Ardour then silences the disk reader's
 * output and the track plays what its input ports bring in, through its
 * whole strip. Unconnected, that is silence: its regions are left out
 * (the track with them, as a track that plays nothing), in a note. An
 * input wired to a port (a sound card's, another route's output) brings
 * in what no session file holds: the same, a loss. Cue (the disk and the
 * input) plays the regions and adds the input to them (DiskReader::run):
 * an input wired, a loss. Auto, the choice of neither (or the session's
 * disk), plays the disk unless the track's clip launcher holds a clip
 * while the session's triggerbox-overrides-disk-monitoring is on (its
 * default): then the disk reader is silent, as is the track (an audio
 * track's input not heard while it does not record; a MIDI track's, which
 * Ardour hears then, is MIDI no session file holds), in a note. */
static bool monitors_input(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  const xmlNode *mc = ardour_controllable(rt, "monitor");
  unsigned bits = monitor_bits(r, mc, "monitoring");
  /* The control's value is its choice (a MonitorChoice): Ardour writes
   * `monitoring` as bits, each name that shares a bit with the choice
   * (EnumWriter::write_bits: MonitorInput as "MonitorInput,MonitorCue",
   * MonitorCue being 3), which read back as bits say cue; loading the
   * session, Ardour 7.3 plays the value (measured on r701 seed 729's hats,
   * saved by Ardour so: silent in its export; with value 1 and
   * "MonitorDisk" silent too, with 3 and "MonitorInput" heard). */
  double v = -1;
  if (mc && sp_xml_number(mc, "value", &v, NULL, NULL) && v >= 0 && v <= 3 && v == floor(v))
    bits = (unsigned)v;
  const char *whose = "its";
  const xmlNode *clip = loaded_trigger(r, rt);
  if (bits == 0) {
    bits = monitor_bits(
        r,
        sp_xml_child_with(sp_xml_child(r->root, "Config"), "Option", "name", "session-monitoring"),
        "value");
    whose = "the session's";
    if (clip && (bits == 0 || bits == 2) &&
        ardour_option_switch(r, "triggerbox-overrides-disk-monitoring", true)) {
      sp_mix_top_note(r->m,
                      "the track '%s' holds a clip in its clip launcher (line %d) and the "
                      "session's triggerbox-overrides-disk-monitoring is on: Ardour does not play "
                      "its regions, nor the clip unless it is launched, so it plays silence",
                      s->title, sp_xml_line(clip));
      return true;
    }
  }
  const char *from = bits & 1 ? input_feed(rt) : NULL;
  char who[768] = "";
  if (from)
    feed_words(r, from, who, sizeof who);
  if (bits == 3) {
    if (from)
      loss(r, s, rt,
           "monitors its input and its disk (%s monitoring, cue): Ardour adds what comes in at its "
           "input, which %s, to its regions; the recipe plays its regions alone",
           whose, who);
    return false;
  }
  if (bits != 1)
    return false;
  if (from)
    loss(r, s, rt,
         "monitors its input (%s monitoring), which %s: Ardour plays what comes in there, not "
         "its regions; the recipe plays it silent",
         whose, who);
  else /* at the top: the track is left out, its own notes with it */
    sp_mix_top_note(r->m,
                    "the track '%s' monitors its input (%s monitoring), which nothing feeds: "
                    "Ardour plays silence through it, not its regions",
                    s->title, whose);
  return true;
}

/* A foldback bus: a performer's monitor mix, fed by foldback sends (an
 * intsend of role Foldback, which aux_send leaves out) and played into
 * its own outputs, never into master: Ardour's export renders master's
 * mix, which holds none of it. Left out in a note; one whose output is
 * wired into a route of the mix (which Ardour's own dialogs never offer)
 * would be heard there: a loss. */
static void foldback_bus(reader *r, const xmlNode *rt, const char *name)
{
  size_t n = 0;
  char **dest = ardour_outputs(rt, &n);
  if (n == 0)
    sp_mix_top_note(r->m,
                    "'%s' is a foldback bus (a monitor mix): Ardour's export holds none of it, "
                    "nor of the foldback sends into it; left out",
                    name);
  else
    loss(r, NULL, rt,
         "the foldback bus '%s' is wired into '%s': Ardour plays it there, the recipe leaves it "
         "out with the foldback sends into it",
         name, dest[0]);
  for (size_t i = 0; i < n; i++)
    free(dest[i]);
  free(dest);
}

void ardour_route(reader *r, const xmlNode *root, const xmlNode *routes, const xmlNode *rt)
{
  const char *name = sp_xml_attr(rt, "name");
  const char *id = sp_xml_attr(rt, "id");
  if (!name || !id)
    return;
  /* its kind, read where it is needed (ardour_has_flag): an error here
   * when Ardour reads none */
  ardour_enum(r, sp_xml_child(rt, "PresentationInfo"), "flags", ardour_route_flags, true, 0);
  route_at a = {.rt = rt, .routes = routes, .master = ardour_has_flag(rt, "MasterOut")};
  /* a route left out, with what it holds: read, as far as what it plays
   * goes (sp_xml_read_all) */
  if (ardour_has_flag(rt, "MonitorOut") || ardour_has_flag(rt, "SurroundMaster")) {
    sp_xml_read_all(rt); /* Ardour's export plays neither */
    return;
  }
  if (ardour_has_flag(rt, "FoldbackBus")) {
    foldback_bus(r, rt, name);
    sp_xml_read_all(rt);
    return;
  }
  if (ardour_has_flag(rt, "MidiBus")) {
    loss(r, NULL, rt, "a MIDI bus: stemprint routes no MIDI between strips; left out");
    sp_xml_read_all(rt);
    return;
  }
  const xmlNode *instrument = NULL;
  if (ardour_has_flag(rt, "MidiTrack") && !(instrument = midi_instrument(r, rt))) {
    sp_xml_read_all(rt); /* (said, a loss counted or a note) */
    return;
  }
  const char *playlist_id = sp_xml_attr(rt, instrument ? "midi-playlist" : "audio-playlist");
  a.track = playlist_id != NULL;
  if (a.master && r->master_name) {
    loss(r, NULL, rt, "a second master bus: left out");
    sp_xml_read_all(rt);
    return;
  }
  sp_mix_strip *s = a.s =
      a.master ? &r->m->master : sp_mix_add(r->m, a.track ? SP_MIX_TRACK : SP_MIX_BUS, id, name);
  if (!s)
    return;
  s->line = sp_xml_line(rt);
  if (a.master) {
    r->master_name = name;
    a.track = false; /* master plays no playlist */
  }
  a.read_channels = read_channels(rt, a.track, ardour_route_inputs(rt));
  const bool mute_moves = switches(r, s, rt, a.master, a.read_channels);
  panning(r, &a);
  if (mute_moves)
    ardour_vca_mutes(r, s, rt, ardour_controllable(rt, "mute"));
  else
    ardour_mutes(r, s, rt);
  ardour_phases(r, s, rt, a.read_channels);
  /* Solo automation: Ardour 7.3's export does not play it (measured,
   * docs/sessions.md): the solo holds its value there too, no loss. */
  if (ardour_plays_events(ardour_automation_list(rt, "solo")))
    sp_mix_note(s, "its solo automation is not played, as Ardour 7.3's export does not play it: "
                   "its solo stays at its value");
  if (instrument)
    midi_automation(r, s, rt);
  a.reader = disk_reader_at(r, &a);
  const xmlNode *fader_masters = processors(r, &a, instrument);
  /* Into more than two outputs: Ardour's VBAP, its gains as a matrix, of
   * as many signals as the route has channels at its panner (inputs as
   * many as the outputs of a bus: each its own signal; a mono route made
   * stereo by a plugin: two, seed 269). */
  if (a.wide)
    a.has_vbap = vbap_matrix(r, s, a.pannable, s->widened ? 2 : a.panned, (int)a.n_out, a.vbap);
  if (fader_masters)
    ardour_vca_under_automation(r, s, fader_masters);
  if (!a.master) /* master's mute is no key of the recipe's */
    mute_points(r, s, rt);
  else
    sp_xml_read_all(sp_xml_child(rt, "MuteMaster")); /* its mute is said by switches() */
  if (!ardour_switch(r, rt, "active", true))
    inactive(r, s, rt, a.master);
  sends_wait_for_unmute(r, s, rt);
  if (!a.master) {
    outputs(r, &a);
  } else { /* the export takes master's output; where its ports go is the hardware */
    if (a.has_vbap)
      wide_wiring(r, &a, NULL, NULL, 0, true);
    sp_xml_read_all(sp_xml_child_with(rt, "IO", "direction", "Output"));
  }
  if (a.track && monitors_input(r, s, rt)) {
    /* its playlist is not heard */
  } else if (a.track && instrument) {
    const size_t first = s->n_regions;
    int force = -1;
    unsigned keep = 0;
    playback_mode(r, s, rt, &force, &keep);
    ardour_midi_playlist(r, s, root, playlist_id, force);
    playback_channels(s, first, force, keep);
  } else if (a.track) {
    r->track_inputs = a.read_channels;
    ardour_playlist(r, s, root, playlist_id);
    if (a.read_channels > 2)
      reader_patch(r, &a);
  }
}
