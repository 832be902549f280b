/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour session (7.x; 6.x positions too) read into a mix
 * (io/session/mix.h), for sp_session_import. docs/sessions.md lists what is
 * carried over: sources, regions and playlists, routes and buses, fader
 * and trim, polarity, mute and solo, Ardour's mono panner (its law, through
 * `pan_law: ardour`) and its stereo panner where it passes the channels
 * through, aux sends (pre or post the fader), outputs wired to a bus,
 * VCAs, LV2 and LADSPA plugins with their port values, automation Ardour plays back,
 * and beat times through the tempo map (io/session/ardour_time.h). */

#include "io/session/ardour.h"
#include "io/session/ardour_midi.h"
#include "io/session/ardour_time.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/dsp/automation.h"
#include "core/graph/graph.h"
#include "core/graph/pan.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"
#include "io/fs/fs.h"
#include "core/procs/lv2.h"
#include "io/session/mix.h"
#include "io/session/reader.h"
#include "io/xml/xml.h"
#include "io/midi/smf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest session file read. */
#define SP_ARDOUR_MAX_XML (64u << 20)
typedef struct source {
  const char *id;
  char *path; /* the file, found */
  int channel;
} source;

/* A MIDI source: its file, read and modelled as Ardour models it when a
 * region first plays it. */
typedef struct midi_source {
  const char *id, *name;
  const xmlNode *el;
  bool read; /* tried */
  sp_ardour_model *model;
} midi_source;

typedef struct reader {
  sp_session_where where; /* errors and losses (reader.h) */
  const char *path;       /* the .ardour file */
  char *dir;              /* the session folder */
  const sp_import_opts *o;
  sp_mix *m;
  sp_diags *d;
  xmlDoc *doc;
  const xmlNode *root; /* <Session> */
  int version;
  double rate;
  sp_ardour_map map; /* the tempo map, for beat times */
  bool said_tempo;
  unsigned vca_steps; /* masters read for one control */
  size_t track_inputs; /* the channels of the track whose playlist is read */
  bool picked;         /* a region of two sources on it played its first alone */
  source *sources;
  size_t n_sources;
  midi_source *midi;
  size_t n_midi;
  /* the MIDI files written for regions (io/session/reader.h) */
  char *midi_dir;  /* where: the import's audio folder, or the cache */
  bool midi_cache; /* midi_dir is the content-addressed cache */
  char **written;  /* their paths, this run */
  size_t n_written;
  char *recipe_dir;
  const char *master_name;
  size_t regions; /* made, against SP_SESSION_MAX_REGIONS */
  bool said_regions;
} reader;

/* Errors and losses, said the way every session reader says them. */
#define error(r, ...) sp_session_error(&(r)->where, __VA_ARGS__)
#define loss(r, ...) sp_session_loss(&(r)->where, __VA_ARGS__)

/* A time as Ardour writes it: "a<superclock>", "b<beat ticks>", or (6.x)
 * plain samples (then frames). */
typedef struct atime {
  int64_t v;
  bool beats, frames;
} atime;

static bool parse_time(reader *r, const xmlNode *n, const char *s, atime *t)
{
  if (!s || !*s)
    return false;
  *t = (atime){.beats = s[0] == 'b', .frames = s[0] != 'a' && s[0] != 'b'};
  const char *digits = t->frames ? s : s + 1;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(digits, &end, 10);
  if (errno || end == digits || (*end && *end != '@') || v < 0) {
    error(r, n, SP_ERR_USAGE, "%s: '%.40s' is not a time Ardour writes", (const char *)n->name, s);
    return false;
  }
  t->v = v;
  return true;
}

/* t on the timeline in superclock ticks (not for 6.x samples). */
static bool superclock_of(reader *r, const xmlNode *n, atime t, int64_t *sc)
{
  if (!t.beats) {
    *sc = t.v;
    return true;
  }
  if (sp_ardour_superclock_at(&r->map, t.v, sc))
    return true;
  if (!r->said_tempo)
    error(r, n, SP_ERR_USAGE,
          r->map.n ? "%s: beat time %lld ticks is past where the tempo map's ramp holds"
                   : "%s: a time in beats (%lld ticks) and no tempo map to read it by",
          (const char *)n->name, (long long)t.v);
  r->said_tempo = true;
  return false;
}

/* A time on the timeline: superclock ticks, or frames (*frames: 6.x). */
static bool timeline_of(reader *r, const xmlNode *n, const char *s, int64_t *v, bool *frames)
{
  atime t;
  if (!parse_time(r, n, s, &t))
    return false;
  *frames = t.frames;
  if (t.frames) {
    *v = t.v;
    return true;
  }
  return superclock_of(r, n, t, v);
}

/* A time in seconds, as automation reads it. */
static bool time_of(reader *r, const xmlNode *n, const char *s, double *out)
{
  int64_t v;
  bool frames;
  if (!timeline_of(r, n, s, &v, &frames))
    return false;
  *out = frames ? (double)v / r->rate : (double)v / (double)r->map.scps;
  return true;
}

/* The frame a time falls on, as Ardour reads a region's position and
 * start (timepos_t::samples: rounded down). */
static bool frame_of(reader *r, const xmlNode *n, const char *s, int64_t *out)
{
  int64_t v;
  bool frames;
  if (!timeline_of(r, n, s, &v, &frames))
    return false;
  *out = frames ? v : sp_ardour_frame_of(&r->map, v, (int64_t)r->rate);
  return true;
}

/* A length "<duration>@<position>" in frames (timecnt_t::samples): a
 * duration in beats lasts from its position's beat time to that plus it. */
static bool length_of(reader *r, const xmlNode *n, const char *s, int64_t *out)
{
  atime len, pos;
  if (!parse_time(r, n, s, &len))
    return false;
  if (len.frames) {
    *out = len.v;
    return true;
  }
  int64_t sc = len.v;
  if (len.beats) {
    const char *at = strchr(s, '@');
    int64_t a, b;
    if (!at || !parse_time(r, n, at + 1, &pos) || !pos.beats) {
      error(r, n, SP_ERR_USAGE,
            "%s: the length '%.40s' is in beats from a position not in beats; Ardour writes an "
            "audio region's length in superclock ('a...')",
            (const char *)n->name, s);
      return false;
    }
    if (!superclock_of(r, n, pos, &a) ||
        !superclock_of(r, n, (atime){.v = pos.v + len.v, .beats = true}, &b))
      return false;
    sc = b - a;
  }
  *out = sp_ardour_frame_of(&r->map, sc, (int64_t)r->rate);
  return true;
}

/* A Controllable child of n by name, and its value. */
static const xmlNode *controllable(const xmlNode *n, const char *name)
{
  for (const xmlNode *c = sp_xml_child(n, "Controllable"); c; c = sp_xml_next(c, "Controllable"))
    if (sp_xml_attr(c, "name") && strcmp(sp_xml_attr(c, "name"), name) == 0)
      return c;
  return NULL;
}

static double value_of(reader *r, const xmlNode *c, double def)
{
  double v = def;
  if (c)
    sp_xml_number(c, "value", &v, r->path, r->d);
  return v;
}

/* ---- automation ------------------------------------------------------------- */

static size_t list_events(reader *r, const xmlNode *al, double **t, double **v);

/* The AutomationList of parameter id in el's <Automation>. */
static const xmlNode *automation_list(const xmlNode *el, const char *id)
{
  const xmlNode *au = sp_xml_child(el, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList"))
    if (sp_xml_attr(al, "automation-id") && strcmp(sp_xml_attr(al, "automation-id"), id) == 0)
      return al;
  return NULL;
}

/* Whether Ardour plays list al back when it exports: Play, or Touch and
 * Latch (nobody touches the control); Off, Manual and Write hold the
 * control's own value. */
static bool plays(const xmlNode *al)
{
  const char *state = al ? sp_xml_attr(al, "state") : NULL;
  return state &&
         (strcmp(state, "Play") == 0 || strcmp(state, "Touch") == 0 || strcmp(state, "Latch") == 0);
}

/* Where a Logarithmic list of n events (times t, gains v) first rises
 * from silence, or holds it over two points (the event that ends that
 * ramp; 0: nowhere): there Ardour 7.3's interpolate_logarithmic
 * (pbd/control_math.h, from · pow (to / from, fraction)) gives 0 · ∞ or
 * 0 · (0 / 0)^fraction, not a number, which its Amp's declick keeps to
 * the end (lpf += a · (gain − lpf)): the export is not a number from
 * there on, the whole mix with it (measured: docs/sessions.md, the curves
 * row). Two events at the same time jump: no ramp. */
static size_t log_not_a_number(const double *t, const double *v, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (!(v[i - 1] > 0) && t[i] != t[i - 1] && (v[i] > 0 || n == 2))
      return i;
  return 0;
}

/* How level list al (of parameter id) moves between its points, as the
 * recipe's `interpolation:` (NULL: the fader law): the list's saved
 * `interpolation-style`, else the default Ardour 7.3 gives its parameter
 * (AutomationList::default_interpolation: a trim's is Logarithmic, a
 * fader's and a send's Exponential). Curved is Evoral's spline through
 * the gains (Curve::_get_vector of more than two points), as the recipe
 * draws it. In *keep how many of its n events the recipe keeps: all but
 * for a Logarithmic list that rises from silence (not a number in
 * Ardour), which is a loss: its level stays silent from the silence on,
 * the events up to it kept. */
static const char *level_interpolation(reader *r, sp_mix_strip *s, const xmlNode *al,
                                       const char *id, const double *t, const double *v,
                                       size_t n, size_t *keep)
{
  *keep = n;
  const char *style = sp_xml_attr(al, "interpolation-style");
  if (!style)
    style = strcmp(id, "trim") == 0 ? "Logarithmic" : "Exponential";
  if (strcmp(style, "Exponential") == 0)
    return NULL;
  if (strcmp(style, "Discrete") == 0)
    return "discrete";
  if (strcmp(style, "Curved") == 0)
    return "curved";
  if (strcmp(style, "Logarithmic") == 0) {
    const size_t i = log_not_a_number(t, v, n);
    if (i > 0) {
      loss(r, s, al,
           "its '%s' list is Logarithmic and rises from silence at %s s (or holds it over two "
           "points), where Ardour's gain is not a number (0 times infinity), and so is its "
           "export from then on: the level stays silent from %s s",
           id, sp_mix_num(t[i - 1]).text, sp_mix_num(t[i - 1]).text);
      /* the events up to the silence; two silent ones are one */
      *keep = i == 2 && !(v[0] > 0) ? 1 : i;
    }
    return "logarithmic";
  }
  if (strcmp(style, "Linear") != 0)
    loss(r, s, al, "its '%s' list's interpolation '%.40s' is not carried over: it moves linearly",
         id, style);
  return "linear";
}

/* The tempo map a level's or a pan's list al (of parameter id) is read
 * through when Ardour holds it in beats (`time-domain="BeatTime"`): Ardour
 * reads it a whole beat tick at a time, each cycle's ends through the
 * session's map (the recipe's `tempo:`); NULL for a list in audio time,
 * and under a map of other superclocks a second than Ardour 7's, one that
 * does not start at the timeline's start or one of more than
 * SP_TEMPO_MAP_MAX points (a loss: it is read in audio time, its points
 * through the map). */
static sp_tempo_map *beat_list_tempo(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id)
{
  const char *td = sp_xml_attr(al, "time-domain");
  if (!td || strcmp(td, "BeatTime") != 0)
    return NULL;
  if (r->map.n > 0 && r->map.n <= SP_TEMPO_MAP_MAX && r->map.t[0].sclock == 0 &&
      r->map.t[0].quarters == 0 && r->map.scps == SP_TEMPO_SUPERCLOCK)
    return sp_tempo_map_dup(&r->map);
  loss(r, s, al,
       "its '%s' list is held in beats, which Ardour reads a beat tick at a time, under a "
       "tempo map of other superclocks a second, not from the timeline's start or of more than "
       "%d points: it is read in audio time",
       id, SP_TEMPO_MAP_MAX);
  return NULL;
}

/* The automation of parameter id in el into a, when Ardour plays it back
 * and it has events: levels (gain coefficients, into dB) moving as Ardour
 * interpolates the list (its interpolation-style: a fader's along its
 * fader law, a trim's linearly in dB) through its declick (`ramp:
 * ardour`), else values mapped by pan (an azimuth 0 .. 1 into a pan)
 * moving linearly; either read a whole tick at a time through the tempo
 * map when Ardour holds the list in beats. Whether it was read. */
static bool automation(reader *r, sp_mix_strip *s, const xmlNode *el, const char *id, bool level,
                       sp_mix_auto *a)
{
  const xmlNode *al = automation_list(el, id);
  if (!plays(al))
    return false;
  double *t = NULL, *v = NULL;
  size_t n = list_events(r, al, &t, &v);
  /* Ardour keeps a trim's events in its range, -20 .. +20 dB
   * (AutomationList::deserialize_events, ParameterDescriptor): a trim
   * list never reaches silence */
  if (strcmp(id, "trim") == 0)
    for (size_t i = 0; i < n; i++)
      v[i] = fmin(10.0, fmax(0.1, v[i]));
  /* and a fader's or a send's in 0 .. its max-gain, 2 (+6 dB, Ardour's
   * default `max-gain`; a user's rc may raise it) */
  if (strcmp(id, "gain") == 0 || strcmp(id, "send") == 0)
    for (size_t i = 0; i < n; i++)
      v[i] = fmin(2.0, fmax(0.0, v[i]));
  for (size_t i = 0; i < n; i++)
    sp_mix_auto_point(a, t[i], level ? sp_lin_to_db(v[i]) : 2 * v[i] - 1);
  if (n > 0) {
    a->value = a->pts[0].v;
    a->ramp_ardour = level;
    if (level) {
      size_t keep = n;
      a->interpolation = level_interpolation(r, s, al, id, t, v, n, &keep);
      a->n = keep;
    }
    a->tempo = beat_list_tempo(r, s, al, id); /* a level's or a pan's, held in beats */
  }
  free(t);
  free(v);
  return n > 0;
}

/* Whether list al plays back events. */
static bool plays_events(const xmlNode *al)
{
  const xmlNode *ev = sp_xml_child(al, "events");
  return plays(al) && ev && ev->children;
}

/* Automation Ardour plays back on a control stemprint keeps fixed: a loss
 * for each of el's lists named in ids. */
static void fixed_controls(reader *r, sp_mix_strip *s, const xmlNode *el, const char *const *ids)
{
  for (size_t i = 0; ids[i]; i++) {
    const xmlNode *al = automation_list(el, ids[i]);
    if (plays_events(al))
      loss(r, s, al, "'%s' automation: the control stays at its value", ids[i]);
  }
}

/* The Equal Power Stereo panner's width automation, when Ardour plays it
 * back: the recipe's moving width, linear between its events as Ardour's
 * Panner2in2out reads it, a value a frame (distribute_one_automated). The
 * pannable's lists play together, and one without events gives that
 * function its parameter's normal value, not the control's: a position
 * that does not move is then the centre, and a width that does not move
 * while the position does is 0. Ardour clamps each channel's
 * position to the sides where the recipe clamps the width to the room
 * left: the same while the width fits; where it does not, a loss. */
static void ardour_widths(reader *r, sp_mix_strip *s, const xmlNode *pannable)
{
  const xmlNode *al = automation_list(pannable, "pan-width");
  if (!plays_events(al)) {
    /* the position moves alone: the panner still reads the width list,
     * which gives its normal value, 0 (Curve::_get_vector) */
    if (s->pan.n > 0 && s->width != 0) {
      sp_mix_note(s,
                  "its position moves, and Ardour then places both channels at its width list's "
                  "normal value, 0 (that list has no events), not its width %g",
                  s->width);
      s->width = 0;
    }
    return;
  }
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  double widest = 0;
  for (size_t i = 0; i < n; i++) {
    sp_mix_auto_point(&s->widths, t[i], fmax(-1.0, fmin(1.0, v[i])));
    widest = fmax(widest, fabs(s->widths.pts[s->widths.n - 1].v));
  }
  free(t);
  free(v);
  if (n == 0)
    return;
  s->widths.value = s->widths.pts[0].v;
  if (s->pan.n == 0 && s->pan.value != 0) {
    sp_mix_note(s, "its width moves, and Ardour then places it at its position list's normal "
                   "value, the centre (that list has no events)");
    s->pan.value = 0;
  }
  double room = 1.0 - fabs(s->pan.value);
  for (size_t i = 0; i < s->pan.n; i++)
    room = fmin(room, 1.0 - fabs(s->pan.pts[i].v));
  if (widest > room + 1e-9)
    loss(r, s, al,
         "its width reaches %g where its position leaves room for %g: Ardour clamps each "
         "channel to its side, the recipe the width",
         widest, room);
}

/* Ardour's export cycle, in frames from the timeline's start */
#define ARDOUR_MUTE_CYCLE 1024

/* A route's mute automation, when Ardour plays it back: the recipe's
 * moving mute. Ardour reads a mute's automation at the start of each of
 * its export's cycles (MuteControl::automation_run: the list's value
 * there), so a change takes effect at the first cycle start at or after
 * its event; its delivery then declicks it (core/render/mute.c). */
static void ardour_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  const xmlNode *al = automation_list(rt, "mute");
  if (!plays_events(al))
    return;
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  for (size_t i = 0; i < n; i++) {
    const double cycles = ceil(t[i] * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
    sp_mix_auto_point(&s->mutes, (cycles > 0 ? cycles : 0) * ARDOUR_MUTE_CYCLE, v[i] >= 0.5);
  }
  free(t);
  free(v);
  if (n == 0)
    return;
  s->mutes_declicked = true;
  s->mute = false; /* the automation, not the control's value */
  sp_mix_note(s, "its mute automation, as Ardour plays it: from the start of the %d-frame cycle "
                 "at or after each event, declicked",
              ARDOUR_MUTE_CYCLE);
}

/* A route's polarity automation ("phase"), when Ardour plays it back: the
 * recipe's moving polarity. Ardour 7.3 reads it as it reads a mute's, at
 * the start of each export cycle, and as a switch (its PhaseControl is
 * toggled: AutomationControl::automation_run sets 1 at 0.5 and above, else
 * 0), whose 1 as a bitset inverts the first channel alone; its polarity
 * processor then declicks the change (Amp::apply_gain, as the mute's). */
static void ardour_phases(reader *r, sp_mix_strip *s, const xmlNode *rt, size_t channels)
{
  const xmlNode *al = automation_list(rt, "phase");
  if (!plays_events(al))
    return;
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  bool others = false; /* a value that would invert more than the first channel */
  for (size_t i = 0; i < n; i++) {
    const double cycles = ceil(t[i] * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
    sp_mix_auto_point(&s->inverts, (cycles > 0 ? cycles : 0) * ARDOUR_MUTE_CYCLE,
                      v[i] >= 0.5 ? 1.0 : 0.0);
    others |= v[i] >= 2 && channels > 1;
  }
  free(t);
  free(v);
  if (n == 0)
    return;
  s->invert_channels = channels ? channels : 2;
  sp_mix_note(s,
              "its polarity automation, as Ardour plays it: from the start of the %d-frame "
              "cycle at or after each event, declicked; 'on' inverts the first channel alone",
              ARDOUR_MUTE_CYCLE);
  if (others)
    sp_mix_note(s, "its polarity automation inverts other channels too, which Ardour 7.3 plays "
                   "as the first channel's alone (a toggled control: 1 or 0)");
}

/* ---- VCAs ------------------------------------------------------------------------ */

/* The Controllable with id among the session's VCAs' (*vca: its VCA). */
static const xmlNode *vca_control(const reader *r, const char *id, const xmlNode **vca)
{
  const xmlNode *mgr = sp_xml_child(r->root, "VCAManager");
  for (const xmlNode *v = sp_xml_child(mgr, "VCA"); v && id; v = sp_xml_next(v, "VCA"))
    for (const xmlNode *c = sp_xml_child(v, "Controllable"); c; c = sp_xml_next(c, "Controllable"))
      if (sp_xml_attr(c, "id") && strcmp(sp_xml_attr(c, "id"), id) == 0) {
        *vca = v;
        return c;
      }
  return NULL;
}

/* What control c's VCA masters make of it (Ardour's
 * SlavableAutomationControl::get_value): a level's factor, the product of
 * each master's ratio (its value, its own masters' included, over the
 * value it had when assigned: val-master); for a switch (toggle), 1 when
 * any master is on, else 0. A master whose automation plays is a loss
 * (s's), held at its value, unless the caller plays it (moving: its id);
 * names collects the VCAs' names for a note. */
static double masters_of(reader *r, sp_mix_strip *s, const xmlNode *c, bool toggle, char *names,
                         size_t size, int depth, const char *moving)
{
  double f = toggle ? 0 : 1;
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc)
      continue; /* Ardour drops a master it does not find */
    const char *ctl = sp_xml_attr(mc, "name"), *vname = sp_xml_attr(vca, "name");
    if (!ctl || ++r->vca_steps > 4096)
      continue; /* a session's VCAs are few: a web of them is read this far */
    const char *id = strcmp(ctl, "gaincontrol") == 0 ? "gain" : ctl;
    /* A VCA's solo automation: Ardour 7.3's export does not play it, as it
     * does not play a route's (measured, the vcasolo row of
     * docs/sessions.md): the solo holds its value there too, no loss. */
    if (plays_events(automation_list(vca, id)) && strcmp(id, "solo") == 0)
      sp_mix_note(s,
                  "the solo automation of VCA '%s' is not played, as Ardour 7.3's export does "
                  "not play it: its solo stays at its value",
                  vname ? vname : "");
    else if (plays_events(automation_list(vca, id)) && !(moving && strcmp(moving, id) == 0))
      loss(r, s, vca, "the VCA's %s automation: its %s stays at its value", id, id);
    /* its name, outer VCAs first; taken back when it changes nothing */
    size_t len = strlen(names);
    snprintf(names + len, size - len, "%s'%s'", len ? ", " : "", vname ? vname : "");
    double v = value_of(r, mc, toggle ? 0 : 1), k;
    if (toggle) {
      k = v != 0 || masters_of(r, s, mc, true, names, size, depth + 1, moving) != 0;
      f = k != 0 ? 1 : f;
    } else {
      double at = 1;
      sp_xml_number(m, "val-master", &at, r->path, r->d);
      k = at == 0 ? 0 : v * masters_of(r, s, mc, false, names, size, depth + 1, moving) / at;
      f *= k;
    }
    if (k == (toggle ? 0 : 1))
      names[len] = '\0';
  }
  return f;
}

/* A switch (mute, solo) on by itself or by a VCA's; says which VCA. A
 * VCA's automation of it is a loss unless its id is moving (the caller
 * plays it). */
static bool switched(reader *r, sp_mix_strip *s, const xmlNode *c, bool own, const char *what,
                     const char *moving)
{
  char names[256] = "";
  r->vca_steps = 0;
  if (own || !c || masters_of(r, s, c, true, names, sizeof names, 0, moving) == 0)
    return own;
  sp_mix_note(s, "%s by VCA %s", what, names);
  return true;
}

/* A fixed fader's level in dB with its VCAs' factor. */
static void vca_level(reader *r, sp_mix_strip *s, const xmlNode *gc, double *db)
{
  char names[256] = "";
  r->vca_steps = 0;
  double k = masters_of(r, s, gc, false, names, sizeof names, 0, NULL);
  if (k == 1)
    return;
  *db += sp_lin_to_db(k);
  sp_mix_note(s, "its gain includes VCA %s: %.2f dB", names, sp_lin_to_db(k));
}

/* An automated fader's VCAs: Ardour scales its automation by them
 * (masters_curve_multiply) before its declick, which starts from the
 * fader's own level: `vca:` curves (a constant one of one point) and
 * `start:`. With every curve taken, the constant goes into the trim,
 * which scales the same signal where nothing between the trim and the
 * fader tells them apart (no insert, no pre-fader send); elsewhere a loss. */
static bool vca_moves(reader *r, const xmlNode *c, const char *id, int depth);

/* The VCAs over an automated fader (control c) whose gain automation
 * plays: each such list into s's gain as a `vca:` curve, which Ardour
 * multiplies into the fader's automation frame by frame
 * (SlavableAutomationControl::masters_curve_multiply: a master's list's
 * curve, else its value, then its val-master's inverse, its own masters
 * likewise); the constant part into *k. */
static void vca_curves(reader *r, sp_mix_strip *s, const xmlNode *c, double *k, int depth)
{
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc || ++r->vca_steps > 4096)
      continue;
    double at = 1;
    sp_xml_number(m, "val-master", &at, r->path, r->d);
    *k *= at == 0 ? 0 : 1 / at;
    const xmlNode *al = automation_list(vca, "gain");
    double *t = NULL, *v = NULL;
    const size_t n = plays_events(al) ? list_events(r, al, &t, &v) : 0;
    if (n > 0 && s->gain.n_vca < SP_AUTO_MAX_VCA) {
      s->gain.vca = sp_xreallocarray(s->gain.vca, s->gain.n_vca + 1, sizeof *s->gain.vca);
      sp_mix_auto *cv = &s->gain.vca[s->gain.n_vca++];
      *cv = (sp_mix_auto){0};
      for (size_t i = 0; i < n; i++)
        sp_mix_auto_point(cv, t[i], sp_lin_to_db(v[i]));
      cv->tempo = beat_list_tempo(r, s, al, "gain"); /* a list in beats: read in ticks */
    } else {
      if (n > 0)
        loss(r, s, vca, "more than %d VCAs' gain automation over one fader: this one's is held",
             SP_AUTO_MAX_VCA);
      *k *= value_of(r, mc, 1);
    }
    free(t);
    free(v);
    vca_curves(r, s, mc, k, depth + 1);
  }
}

static void vca_under_automation(reader *r, sp_mix_strip *s, const xmlNode *gc)
{
  char names[256] = "";
  r->vca_steps = 0;
  const bool moving = vca_moves(r, gc, "gain", 0);
  r->vca_steps = 0;
  double k = masters_of(r, s, gc, false, names, sizeof names, 0, moving ? "gain" : NULL);
  if (moving) {
    k = 1;
    r->vca_steps = 0;
    vca_curves(r, s, gc, &k, 0);
    sp_mix_note(s, "its fader's automation is scaled frame by frame by its VCAs' gain automation, "
                   "as Ardour plays it (vca:)");
  }
  if (k == 1 && !moving)
    return;
  /* Ardour's declick starts from the fader's own value, unscaled, and
   * reaches the scaled one at 25 Hz (measured: docs/sessions.md, vcas) */
  if (s->gain.n > 0) {
    s->gain.has_start = true;
    s->gain.start_db = s->gain.pts[0].v;
    sp_mix_note(s, "its fader's declick starts from its own level, unscaled by its VCAs, as "
                   "Ardour's does (start:)");
  }
  if (k == 1)
    return;
  if (s->gain.n_vca < SP_AUTO_MAX_VCA) {
    /* the constant part too is multiplied into the fader's automation
     * before its declick, where Ardour multiplies it (the declick's float
     * state stalls where Ardour's does) */
    s->gain.vca = sp_xreallocarray(s->gain.vca, s->gain.n_vca + 1, sizeof *s->gain.vca);
    sp_mix_auto *cv = &s->gain.vca[s->gain.n_vca++];
    *cv = (sp_mix_auto){0};
    sp_mix_auto_point(cv, 0, sp_lin_to_db(k));
    sp_mix_note(s,
                "its fader's automation is scaled by VCA %s, %.2f dB, before its declick, as "
                "Ardour scales it (vca:)",
                names, sp_lin_to_db(k));
    return;
  }
  bool pre = false;
  for (size_t i = 0; i < s->n_sends; i++)
    pre = pre || s->sends[i].pre;
  if (s->n_inserts - s->n_post == 0 && !pre) {
    s->trim_db += sp_lin_to_db(k);
    if (s->gain.has_start) /* the trim scales the start too: Ardour's starts unscaled */
      s->gain.start_db -= sp_lin_to_db(k);
    for (size_t i = 0; i < s->trims.n; i++) /* a moving trim: each point */
      s->trims.pts[i].v += sp_lin_to_db(k);
    s->trims.value += s->trims.n ? sp_lin_to_db(k) : 0;
    sp_mix_note(s, "its trim includes VCA %s, %.2f dB, as its fader is automated", names,
                sp_lin_to_db(k));
  } else {
    loss(r, s, gc,
         "VCA %s on an automated fader with plugins or pre-fader sends before it: %.2f dB "
         "not applied",
         names, sp_lin_to_db(k));
  }
}

/* ---- a VCA's own automation ------------------------------------------------------ */

/* Ardour plays a VCA's automation at the start of each export cycle
 * (Session::process_routes runs each VCA's automation_run first): its
 * gain is its list's value there, and a fader it masters whose own
 * automation does not play takes its new target, its value times its
 * masters' ratios, and goes to it through Amp::apply_gain's declick
 * (Amp::run's manual path); a VCA's mute is its list's switch there, and
 * a route it masters is muted while it or any master is
 * (SlavableAutomationControl::boolean_automation_run), declicked by its
 * delivery as its own mute. The recipe steps the fader (`ramp: declick`)
 * and the mute at those cycle starts. */

/* The most cycles a moving VCA is read over, and the most masters read
 * for one value: a session's VCAs are few, a hostile web is refused. */
#define VCA_MAX_CYCLES (1 << 18)
#define VCA_MAX_VISITS 4096

/* A list Ardour plays: its events, times in seconds; n 0 when it plays
 * none. */
typedef struct vlist {
  const xmlNode *ctl; /* the VCA's control it moves */
  double *t, *v;
  size_t n;
  const sp_ardour_map *beats; /* held in beats: the map it is read through; else NULL */
} vlist;

typedef struct vlists {
  vlist *l;
  size_t n, cap;
  size_t visits; /* masters read for one value */
} vlists;

static void vlists_free(vlists *c)
{
  for (size_t i = 0; i < c->n; i++) {
    free(c->l[i].t);
    free(c->l[i].v);
  }
  free(c->l);
}

static int cmp_i64(const void *a, const void *b)
{
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The list that moves control mc (named id) of vca, read once. */
static const vlist *vca_list(reader *r, vlists *c, const xmlNode *vca, const xmlNode *mc,
                             const char *id)
{
  for (size_t i = 0; i < c->n; i++)
    if (c->l[i].ctl == mc)
      return &c->l[i];
  if (c->n == c->cap)
    c->l = sp_xreallocarray(c->l, c->cap = c->cap ? 2 * c->cap : 8, sizeof *c->l);
  vlist *l = &c->l[c->n++];
  *l = (vlist){.ctl = mc};
  const xmlNode *al = automation_list(vca, id);
  if (plays_events(al))
    l->n = list_events(r, al, &l->t, &l->v);
  for (size_t i = 0; strcmp(id, "gain") == 0 && i < l->n; i++) /* as a fader's (automation) */
    l->v[i] = fmin(2.0, fmax(0.0, l->v[i]));
  const char *td = al ? sp_xml_attr(al, "time-domain") : NULL;
  if (l->n && td && strcmp(td, "BeatTime") == 0 && r->map.n > 0)
    l->beats = &r->map;
  return l;
}

/* List l's value at second x as Ardour's ControlList::rt_safe_eval reads
 * it: before the first event and after the last, theirs; at an event's
 * time, the first there; between two, along Ardour's fader law for a gain
 * (interpolate_gain, an Exponential list: each end 1e-7 more, so that a
 * flat stretch reads 1e-7 above its value), else the earlier one's (a
 * switch's list is Discrete). */
static double list_at(const vlist *l, double x, bool gain)
{
  if (l->n == 1 || x <= l->t[0])
    return l->v[0];
  if (x >= l->t[l->n - 1])
    return l->v[l->n - 1];
  size_t lo = 0, hi = l->n; /* the first event at or after x */
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (l->t[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (l->t[lo] == x || !gain)
    return l->t[lo] == x ? l->v[lo] : l->v[lo - 1];
  const double from = l->v[lo - 1] + 1e-7, to = l->v[lo] + 1e-7;
  if (fabs(to - from) < 1e-7)
    return to;
  const double g0 = sp_fader_gain_to_position(from), g1 = sp_fader_gain_to_position(to);
  double fraction = (x - l->t[lo - 1]) / (l->t[lo] - l->t[lo - 1]);
  if (l->beats) {
    /* a list in beats: the distance from the point before in whole ticks
     * through the tempo map (lpos.distance (xtime) in its time domain) */
    int64_t tx = 0, t0 = 0, t1 = 0;
    const double scps = (double)l->beats->scps;
    if (sp_tempo_map_beats_at(l->beats, llround(x * scps), &tx) &&
        sp_tempo_map_beats_at(l->beats, llround(l->t[lo - 1] * scps), &t0) &&
        sp_tempo_map_beats_at(l->beats, llround(l->t[lo] * scps), &t1) && t1 > t0)
      fraction = (double)(tx - t0) / (double)(t1 - t0);
  }
  return sp_fader_position_to_gain(g0 + fraction * (g1 - g0));
}

/* What control c's masters make of it at second x (as masters_of, each
 * master at its list's value there when it plays): a level's factor, or
 * for a switch 1 when any master is on. *last: the latest event of a list
 * read (seconds; unchanged when none). */
static double masters_at(reader *r, vlists *c, const xmlNode *ctl, bool toggle, double x,
                         double *last, int depth)
{
  double f = toggle ? 0 : 1;
  const xmlNode *ms = sp_xml_child(ctl, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    const char *name = mc ? sp_xml_attr(mc, "name") : NULL;
    if (!name || ++c->visits > VCA_MAX_VISITS)
      continue;
    const vlist *l = vca_list(r, c, vca, mc, strcmp(name, "gaincontrol") == 0 ? "gain" : name);
    if (l->n && l->t[l->n - 1] > *last)
      *last = l->t[l->n - 1];
    double v = l->n ? list_at(l, x, !toggle) : value_of(r, mc, toggle ? 0 : 1);
    if (toggle) {
      if ((l->n ? v >= 0.5 : v != 0) || masters_at(r, c, mc, true, x, last, depth + 1) != 0)
        f = 1;
    } else {
      double at = 1;
      sp_xml_number(m, "val-master", &at, r->path, r->d);
      if (l->n)
        v = fmax(0.0, fmin(2.0, v)); /* the gain control's range */
      f *= at == 0 ? 0 : v * masters_at(r, c, mc, false, x, last, depth + 1) / at;
    }
  }
  return f;
}

/* Whether a master of control c (id: "gain", "mute") moves: a list of
 * events Ardour plays, on a VCA it is assigned to or one above. */
static bool vca_moves(reader *r, const xmlNode *c, const char *id, int depth)
{
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc || ++r->vca_steps > VCA_MAX_VISITS)
      continue;
    if (plays_events(automation_list(vca, id)) || vca_moves(r, mc, id, depth + 1))
      return true;
  }
  return false;
}

/* The frame of cycle k's start, in seconds. */
static double cycle_seconds(const reader *r, int64_t k)
{
  return (double)(k * ARDOUR_MUTE_CYCLE) / r->rate;
}

/* A fixed fader (control gc, its value own) under a VCA whose gain
 * automation plays: its gain as Ardour plays it, own × its masters'
 * ratios at each cycle's start (a float, as Amp's target is), held from
 * there (`ramp: declick`). False, with a loss, when it moves over more
 * cycles than are read. */
static bool vca_gain_moves(reader *r, sp_mix_strip *s, const xmlNode *gc, double own)
{
  vlists c = {0};
  double last = 0;
  masters_at(r, &c, gc, false, 0, &last, 0);
  const int64_t cycles = (int64_t)ceil(last * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
  bool ok = c.visits <= VCA_MAX_VISITS && cycles < VCA_MAX_CYCLES;
  float held = 0;
  for (int64_t k = 0; ok && k <= cycles; k++) {
    c.visits = 0;
    const float g = (float)(own * masters_at(r, &c, gc, false, cycle_seconds(r, k), &last, 0));
    if (k > 0 && g == held)
      continue;
    sp_mix_auto_point(&s->gain, (double)(k * ARDOUR_MUTE_CYCLE), sp_lin_to_db(g));
    held = g;
  }
  vlists_free(&c);
  if (!ok) {
    loss(r, s, gc,
         "its VCAs' gain automation reaches past %d cycles (or a web of VCAs): held at its value",
         VCA_MAX_CYCLES);
    s->gain.n = 0;
    return false;
  }
  s->gain.value = s->gain.pts[0].v;
  s->gain.ramp_declick = true;
  sp_mix_note(s,
              "its gain moves with its VCAs' automation, as Ardour plays it: set at the start "
              "of each %d-frame cycle, declicked",
              ARDOUR_MUTE_CYCLE);
  return true;
}

/* A route's mute (control mc) when a VCA's mute automation plays: muted at
 * each cycle's start while its own list (or value) or any master is on
 * there, declicked (the recipe's moving mute). The values change only at
 * the cycle at or after an event: those are read. */
static void vca_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt, const xmlNode *mc)
{
  vlists c = {0};
  double last = 0;
  masters_at(r, &c, mc, true, 0, &last, 0);
  /* every list's events: the route's own and its masters' */
  vlist own = {0};
  const xmlNode *al = automation_list(rt, "mute");
  if (plays_events(al))
    own.n = list_events(r, al, &own.t, &own.v);
  size_t n = 1 + own.n;
  for (size_t i = 0; i < c.n; i++)
    n += c.l[i].n;
  int64_t *at = sp_xcalloc(n, sizeof *at);
  size_t m = 0;
  at[m++] = 0;
  for (size_t i = 0; i <= c.n; i++) {
    const vlist *l = i < c.n ? &c.l[i] : &own;
    for (size_t e = 0; e < l->n; e++) {
      const double k = ceil(l->t[e] * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
      at[m++] = (int64_t)(k > 0 ? k : 0) * ARDOUR_MUTE_CYCLE;
    }
  }
  qsort(at, m, sizeof *at, cmp_i64);
  const bool fixed = value_of(r, mc, 0) != 0;
  int held = -1;
  for (size_t i = 0; i < m && c.visits <= VCA_MAX_VISITS; i++) {
    if (i > 0 && at[i] == at[i - 1])
      continue;
    c.visits = 0;
    const double x = (double)at[i] / r->rate;
    const bool self = own.n ? list_at(&own, x, false) >= 0.5 : fixed;
    const int on = self || masters_at(r, &c, mc, true, x, &last, 0) != 0;
    if (on != held)
      sp_mix_auto_point(&s->mutes, (double)at[i], on);
    held = on;
  }
  if (c.visits > VCA_MAX_VISITS) {
    loss(r, s, mc, "a web of VCAs: their mute automation is not played");
    s->mutes.n = 0;
  } else {
    s->mutes_declicked = true;
    s->mute = false;
    sp_mix_note(s,
                "its mute moves with its VCAs' mute automation%s, as Ardour plays it: from "
                "the start of the %d-frame cycle at or after each event, declicked",
                own.n ? " and its own" : "", ARDOUR_MUTE_CYCLE);
  }
  free(at);
  free(own.t);
  free(own.v);
  vlists_free(&c);
}

/* ---- sources ---------------------------------------------------------------- */

/* name under <dir>/interchange/<any>/<kind>/ (audiofiles, midifiles), or
 * absolute; heap or NULL. */
static char *find_source(reader *r, const char *name, const char *kind)
{
  if (name[0] == '/')
    return access(name, R_OK) == 0 ? sp_xstrdup(name) : NULL;
  if (strstr(name, "..") || strchr(name, '/'))
    return NULL;
  char *ic = sp_xasprintf("%s/interchange", r->dir);
  DIR *dd = opendir(ic);
  char *found = NULL;
  for (struct dirent *e; dd && !found && (e = readdir(dd));) {
    if (e->d_name[0] == '.')
      continue;
    char *p = sp_xasprintf("%s/%s/%s/%s", ic, e->d_name, kind, name);
    if (access(p, R_OK) == 0)
      found = p;
    else
      free(p);
  }
  if (dd)
    closedir(dd);
  free(ic);
  return found;
}

static void read_sources(reader *r, const xmlNode *root)
{
  const xmlNode *ss = sp_xml_child(root, "Sources");
  for (const xmlNode *s = sp_xml_child(ss, "Source"); s; s = sp_xml_next(s, "Source")) {
    const char *type = sp_xml_attr(s, "type");
    const char *id = sp_xml_attr(s, "id");
    const char *name = sp_xml_attr(s, "name");
    if (id && name && type && strcmp(type, "midi") == 0) {
      /* read when a region plays it (an empty one may have no file) */
      r->midi = sp_xreallocarray(r->midi, r->n_midi + 1, sizeof *r->midi);
      r->midi[r->n_midi++] = (midi_source){.id = id, .name = name, .el = s};
      continue;
    }
    if (!id || !name || (type && strcmp(type, "audio") != 0))
      continue;
    r->sources = sp_xreallocarray(r->sources, r->n_sources + 1, sizeof *r->sources);
    source *src = &r->sources[r->n_sources++];
    src->id = id;
    double ch = 0;
    sp_xml_number(s, "channel", &ch, r->path, r->d);
    if (ch < 0 || ch > 64 || ch != floor(ch)) {
      error(r, s, SP_ERR_USAGE, "Source '%s': channel %g is no channel of an audio file", name, ch);
      ch = 0;
    }
    src->channel = (int)ch;
    src->path = find_source(r, name, "audiofiles");
    if (!src->path)
      error(r, s, SP_ERR_IO,
            "Source '%s': no such file in %s/interchange/*/audiofiles (or it cannot be read); "
            "put the session's audio back or fix the name",
            name, r->dir);
  }
}

static const source *source_by_id(const reader *r, const char *id)
{
  for (size_t i = 0; id && i < r->n_sources; i++)
    if (strcmp(r->sources[i].id, id) == 0)
      return &r->sources[i];
  return NULL;
}

/* ---- regions ------------------------------------------------------------------ */

/* The events of the AutomationList inside el ("<time> <value>" lines):
 * their count, times in seconds in *t and values in *v (heap); 0 when
 * there are none or one is not a time and a number. */
static size_t events(reader *r, const xmlNode *el, double **t, double **v)
{
  return list_events(r, sp_xml_child(el, "AutomationList"), t, v);
}

/* The events of the AutomationList al. */
static size_t list_events(reader *r, const xmlNode *al, double **t, double **v)
{
  *t = *v = NULL;
  const xmlNode *el = al;
  const xmlNode *ev = sp_xml_child(al, "events");
  if (!ev || !ev->children || !ev->children->content)
    return 0;
  const char *s = (const char *)ev->children->content;
  size_t n = 0;
  while (*s) {
    while (*s == ' ' || *s == '\n' || *s == '\t')
      s++;
    if (!*s)
      break;
    char tok[64];
    size_t k = 0;
    while (*s && *s != ' ' && *s != '\n' && k + 1 < sizeof tok)
      tok[k++] = *s++;
    tok[k] = '\0';
    double tt = 0;
    char *end = NULL;
    if (!time_of(r, el, tok, &tt))
      break;
    double vv = strtod(s, &end);
    if (end == s || !isfinite(vv)) {
      error(r, el, SP_ERR_USAGE, "%s: an event without a value", (const char *)el->name);
      break;
    }
    s = end;
    *t = sp_xreallocarray(*t, n + 1, sizeof **t);
    *v = sp_xreallocarray(*v, n + 1, sizeof **v);
    (*t)[n] = tt;
    (*v)[n++] = vv;
  }
  return n;
}

/* Events t, v (n of them) as Ardour 7.3 loads a fade's list: each gain
 * clamped to 0 .. 2 (AutomationList::deserialize_events, its
 * FadeInAutomation's range), sorted by time, stably (ControlList::thaw,
 * std::list::sort), a point at the time of the one before it dropped. The
 * points kept, in place; *jump when a dropped one had another gain (two
 * gains at one time, where Ardour's spline divides by zero). */
static size_t ardour_fade_list(double *t, double *v, size_t n, bool *jump)
{
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && t[j] < t[j - 1]; j--) {
      double tt = t[j], vv = v[j];
      t[j] = t[j - 1], v[j] = v[j - 1];
      t[j - 1] = tt, v[j - 1] = vv;
    }
  size_t m = 0;
  *jump = false;
  for (size_t i = 0; i < n; i++) {
    double vv = fmin(2.0, fmax(0.0, v[i]));
    if (m > 0 && t[i] == t[m - 1]) {
      *jump = *jump || vv != v[m - 1];
      continue;
    }
    t[m] = t[i];
    v[m++] = vv;
  }
  return m;
}

/* Whether n ≥ 1 events are points the recipe draws as a fade (or its
 * inverse): from time 0, in time order, gains 0 .. 1. */
static bool fade_points(const double *t, const double *v, size_t n)
{
  bool ok = t[0] == 0;
  for (size_t i = 0; ok && i < n; i++)
    ok = (i == 0 || t[i] > t[i - 1]) && v[i] >= 0 && v[i] <= 1;
  return ok;
}

/* A region's fade-in (in) or fade-out, in seconds: none when inactive;
 * Ardour's default (64 frames of its curve, *ardour set) unless one is
 * drawn; a drawn one by its points into *curve (its shape: Ardour's
 * spline through them, as the recipe draws a fade curve). */
static double region_fade(reader *r, sp_mix_strip *s, const xmlNode *g, bool in, bool *ardour,
                          sp_mix_auto *curve, bool *saved)
{
  *ardour = false;
  *saved = false;
  if (!sp_xml_bool(g, in ? "fade-in-active" : "fade-out-active", true))
    return 0;
  const xmlNode *drawn = sp_xml_child(g, in ? "FadeIn" : "FadeOut");
  if (sp_xml_bool(g, in ? "default-fade-in" : "default-fade-out", false) || !drawn) {
    *ardour = true;
    return SP_FADE_DEFAULT_FRAMES / r->rate;
  }
  double *t = NULL, *v = NULL;
  size_t n = events(r, drawn, &t, &v);
  double sec = n >= 2 ? t[n - 1] : 0; /* its last event's time */
  bool drawable = n >= 2 && fade_points(t, v, n);
  if (drawable) {
    for (size_t i = 0; i < n; i++)
      sp_mix_auto_point(curve, t[i], v[i]);
  } else if (n >= 2) {
    /* points that are not a fade (not from 0, out of order, gains above
     * 1): as Ardour loads and draws a saved list (ardour_fade_list,
     * fade.h), its length its last point's time; `points:` */
    bool jump;
    const size_t m = ardour_fade_list(t, v, n, &jump);
    if (jump || m < 2) {
      loss(r, s, g,
           "its fade-%s holds two points at one time with two gains, which Ardour's spline "
           "cannot join: drawn linear, over its length",
           in ? "in" : "out");
    } else {
      for (size_t i = 0; i < m; i++)
        sp_mix_auto_point(curve, t[i], v[i]);
      *saved = !fade_points(t, v, m);
      sec = t[m - 1];
    }
  }
  free(t);
  free(v);
  return sec;
}

/* The inverse Ardour saved for a region's fade-in (in) or fade-out
 * (InverseFadeIn, InverseFadeOut): what the region, when opaque, fades the
 * regions below it by under that fade. Ardour 7.3 plays the saved points,
 * whatever they are: AutomationList::deserialize_events clamps each gain
 * to 0 .. 2 (its FadeInAutomation's range) and ControlList::thaw sorts
 * them by time, dropping a point that repeats the one before it (time and
 * gain); AudioRegion::read_at then draws the list over the fade's frames
 * (Curve::get_vector), holding its first gain before its first point and
 * its last after its last, as the recipe's inverse is drawn (some sessions
 * hold one point for a default fade: a constant), and an empty list as
 * unity. Into *inv, sorted and clamped so; two points at one time with
 * two gains (where Ardour's spline divides by zero) are a loss, the fade's
 * own inverse drawn. Not saved: none (the fade's own inverse). */
static void region_inverse(reader *r, sp_mix_strip *s, const xmlNode *g, bool in, double sec,
                           sp_mix_auto *inv)
{
  const xmlNode *al =
      sp_xml_child(sp_xml_child(g, in ? "InverseFadeIn" : "InverseFadeOut"), "AutomationList");
  if (!al || sec <= 0)
    return;
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  bool jump;
  const size_t m = ardour_fade_list(t, v, n, &jump);
  if (jump)
    loss(r, s, g,
         "its inverse fade-%s holds two points at one time with two gains, which Ardour's "
         "spline cannot join: the fade's own inverse is drawn",
         in ? "in" : "out");
  else if (m == 0)
    sp_mix_auto_point(inv, 0, 1);
  for (size_t i = 0; !jump && i < m; i++)
    sp_mix_auto_point(inv, t[i], v[i]);
  free(t);
  free(v);
}

/* Whether one more region may be made, g the next; the first past
 * SP_SESSION_MAX_REGIONS is an error at g (io/session/mix.h). */
static bool region_allowed(reader *r, const xmlNode *g)
{
  if (r->regions < SP_SESSION_MAX_REGIONS) {
    r->regions++;
    return true;
  }
  if (!r->said_regions)
    error(r, g, SP_ERR_USAGE,
          "Region '%s': the session has more than %d regions, the most one import makes; "
          "split the session",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "", SP_SESSION_MAX_REGIONS);
  r->said_regions = true;
  return false;
}

/* Adds the region g to s unless it is muted or unplayable; false when its
 * fades were shortened to fit it (their inverses no longer fit either). */
static bool region(reader *r, sp_mix_strip *s, const xmlNode *g)
{
  if (sp_xml_bool(g, "muted", false) || !region_allowed(r, g))
    return true;
  /* Ardour 7 writes a region's length as "<duration>@<position>" and may
   * leave out its position attribute; a start of 0 may be left out too. */
  int64_t fpos = 0, fstart = 0, flen = 0;
  const char *length = sp_xml_attr(g, "length");
  const char *atpos = length ? strchr(length, '@') : NULL;
  if ((sp_xml_attr(g, "position") && !frame_of(r, g, sp_xml_attr(g, "position"), &fpos)) ||
      (!sp_xml_attr(g, "position") && atpos && !frame_of(r, g, atpos + 1, &fpos)) ||
      (sp_xml_attr(g, "start") && !frame_of(r, g, sp_xml_attr(g, "start"), &fstart)))
    return true;
  if (!length) {
    error(r, g, SP_ERR_USAGE, "Region '%s': no length",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return true;
  }
  if (!length_of(r, g, length, &flen))
    return true;
  /* Ardour plays a region from whole frames: its position's, its start's
   * and its length's, each rounded down */
  double pos = (double)fpos / r->rate, start = (double)fstart / r->rate;
  double len = (double)flen / r->rate;
  const source *s0 = source_by_id(r, sp_xml_attr(g, "source-0"));
  const source *s1 = source_by_id(r, sp_xml_attr(g, "source-1"));
  if (!s0 || !s0->path) {
    if (!s0)
      error(r, g, SP_ERR_USAGE, "Region '%s': its source-0 names no audio source",
            sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return true;
  }
  if (s1 && !s1->path)
    return true; /* its file is missing: said where the sources are read */
  /* Ardour's track of N channels plays source c of the region on its
   * channel c, and a region of fewer sources again from its first
   * (replicate-missing-region-channels, on by default): a mono track plays
   * a stereo region's first source alone, a stereo track a mono region on
   * both sides (measured, docs/sessions.md) */
  const bool mono_track = r->track_inputs == 1;
  int pick = 0; /* `channel:` of the file, from 1 */
  if (mono_track && s1) {
    pick = s0->channel + 1;
    s1 = NULL;
    r->picked = true;
  } else if (sp_xml_attr(g, "source-2") ||
             (s1 && (strcmp(s1->path, s0->path) != 0 || s0->channel != 0 || s1->channel != 1))) {
    loss(r, s, g,
         "a region of more than one file or channel layout stemprint plays as one "
         "stereo file: left out");
    return true;
  } else if (!s1 && s0->channel != 0) {
    pick = s0->channel + 1;
  }
  /* Fades: Ardour's defaults are 64 samples; drawn ones are read by length. */
  bool din = false, dout = false, sin = false, sout = false;
  sp_mix_auto cin = {0}, cout = {0};
  double fin = region_fade(r, s, g, true, &din, &cin, &sin);
  double fout = region_fade(r, s, g, false, &dout, &cout, &sout);
  /* Fades that overlap play as Ardour plays them (summed where both
   * play: docs/recipe.md, Regions); a fade longer than its region, which
   * Ardour's editor never saves (AudioRegion::set_fade_in_length keeps
   * it shorter, recompute_at_end cuts it to the region), Ardour draws
   * from its first points alone. */
  bool shortened = fin > len || fout > len;
  if (shortened) {
    if (cin.n || cout.n)
      loss(r, s, g,
           "a fade longer than the region (Ardour's editor keeps a fade within its region): "
           "both fades shortened to their share of the region, drawn linear");
    double k = len / (fin + fout);
    fin *= k;
    fout *= k;
    din = dout = sin = sout = false;
    cin.n = cout.n = 0;
  }
  double *et = NULL, *evv = NULL;
  size_t ne = 0;
  if (sp_xml_bool(g, "envelope-active", false))
    ne = events(r, sp_xml_child(g, "Envelope"), &et, &evv);
  double scale = 1;
  sp_xml_number(g, "scale-amplitude", &scale, r->path, r->d);
  char *rel = sp_fs_relative_to(s0->path, r->recipe_dir);
  sp_mix_region_add(s, rel, pos, start, len, fin, fout);
  sp_mix_region *mr = &s->regions[s->n_regions - 1];
  mr->channel = pick;
  mr->stereo = s1 != NULL;
  mr->gain_db = sp_lin_to_db(scale);
  mr->fade_in_ardour = din;
  mr->fade_out_ardour = dout;
  mr->fade_in_curve = cin;
  mr->fade_out_curve = cout;
  mr->fade_in_saved = sin;
  mr->fade_out_saved = sout;
  /* Ardour's regions are opaque unless made transparent; layer() keeps
   * that for those that cover another. */
  mr->opaque = sp_xml_bool(g, "opaque", true);
  for (size_t k = 0; k < ne; k++) /* the region's gain envelope, in its own time */
    sp_mix_auto_point(&mr->envelope, et[k], sp_lin_to_db(evv[k]));
  free(et);
  free(evv);
  free(rel);
  return !shortened;
}

/* A region read from a playlist: where it is in s->regions, its layer,
 * its element, and whether its fades are as Ardour saved them. */
typedef struct layered {
  unsigned long long layer;
  double at;
  size_t k;
  const xmlNode *g;
  bool fades_kept;
} layered;

static int by_layer(const void *a, const void *b)
{
  const layered *x = a, *y = b;
  if (x->layer != y->layer)
    return x->layer < y->layer ? -1 : 1;
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

/* Whether region a's fades together are longer than it, in the frames the
 * recipe gives them (sp_time_frames). */
static bool fades_overlap(const reader *r, const sp_mix_region *a)
{
  return llround(a->fade_in * r->rate) + llround(a->fade_out * r->rate) >
         llround(a->length * r->rate);
}

/* Puts the n regions s->regions[first ..] (read as o) in layer order,
 * bottom first: Ardour (its Manual layer model, the default) stacks a
 * playlist's regions by their layering-index, each above every earlier one
 * it overlaps, and on one layer by position. A region stays opaque only
 * where it covers one below it (elsewhere it plays alone and the recipe
 * need not say so) or where its fades overlap (AudioRegion::read_at then
 * fades what its fade-in laid down by its fade-out's inverse, below it or
 * not), and then takes the inverses of its fades. */
static void layer(reader *r, sp_mix_strip *s, size_t first, layered *o, size_t n)
{
  if (n == 0)
    return;
  qsort(o, n, sizeof *o, by_layer);
  sp_mix_region *sorted = sp_xcalloc(n, sizeof *sorted);
  for (size_t i = 0; i < n; i++)
    sorted[i] = s->regions[o[i].k];
  memcpy(s->regions + first, sorted, n * sizeof *sorted);
  free(sorted);
  for (size_t i = 0; i < n; i++) {
    sp_mix_region *a = &s->regions[first + i];
    bool covers = false;
    for (size_t j = 0; j < i && a->opaque && !covers; j++) {
      const sp_mix_region *b = &s->regions[first + j];
      covers = fmin(a->at + a->length, b->at + b->length) > fmax(a->at, b->at);
    }
    a->opaque = a->opaque && (covers || fades_overlap(r, a));
    if (a->opaque && o[i].fades_kept) {
      region_inverse(r, s, o[i].g, true, a->fade_in, &a->fade_in_inverse);
      region_inverse(r, s, o[i].g, false, a->fade_out, &a->fade_out_inverse);
    }
  }
}

static void playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id)
{
  const xmlNode *pls = sp_xml_child(root, "Playlists");
  for (const xmlNode *pl = sp_xml_child(pls, "Playlist"); pl; pl = sp_xml_next(pl, "Playlist")) {
    if (!sp_xml_attr(pl, "id") || strcmp(sp_xml_attr(pl, "id"), id) != 0)
      continue;
    size_t first = s->n_regions, n = 0;
    layered *o = NULL;
    for (const xmlNode *g = sp_xml_child(pl, "Region"); g; g = sp_xml_next(g, "Region")) {
      bool kept = region(r, s, g);
      if (s->n_regions == first + n)
        continue;
      const char *li = sp_xml_attr(g, "layering-index");
      o = sp_xreallocarray(o, n + 1, sizeof *o);
      o[n] =
          (layered){li ? strtoull(li, NULL, 10) : 0, s->regions[first + n].at, first + n, g, kept};
      n++;
    }
    layer(r, s, first, o, n);
    /* a stereo track of mono regions alone is stereo still */
    bool mono = s->n_regions > first;
    for (size_t i = first; i < s->n_regions; i++)
      mono = mono && !s->regions[i].stereo;
    if (r->picked)
      sp_mix_note(s, "its stereo regions play their first channel alone on this mono track, as "
                     "Ardour plays them (channel:)");
    r->picked = false;
    if (mono && r->track_inputs == 2 && !s->stereo) {
      s->stereo = true;
      sp_mix_note(s, "its regions are mono on a stereo track: each plays on both sides, into its "
                     "stereo panner, as Ardour plays them");
    }
    free(o);
    return;
  }
  error(r, NULL, SP_ERR_USAGE, "no playlist with id %s (a track's audio-playlist)", id);
}

/* ---- MIDI regions ------------------------------------------------------------------ */

/* A time as Ardour's timepos_t holds it: beat ticks, or superclock. */
typedef struct tpos {
  int64_t v;
  bool beats;
} tpos;

/* The time s of region g's attribute key (for messages). */
static bool tpos_of(reader *r, const xmlNode *g, const char *key, const char *s, tpos *t)
{
  atime a;
  if (!parse_time(r, g, s, &a))
    return false;
  if (a.frames) {
    const char *name = sp_xml_attr(g, "name");
    error(r, g, SP_ERR_USAGE,
          "Region '%s': its %s, the time '%.40s', is in samples, as Ardour 6 wrote it; Ardour 7 "
          "writes a MIDI region's times in beats ('b...') or superclock ('a...'): open the "
          "session in Ardour 7 and save it",
          name ? name : "", key, s);
    return false;
  }
  *t = (tpos){a.v, a.beats};
  return true;
}

/* timepos_t::beats (), in ticks. */
static bool beats_of(reader *r, const xmlNode *g, tpos t, int64_t *ticks)
{
  if (t.beats) {
    *ticks = t.v;
    return true;
  }
  if (sp_ardour_beats_at(&r->map, t.v, ticks))
    return true;
  if (!r->said_tempo)
    error(r, g, SP_ERR_USAGE,
          r->map.n ? "%s: superclock %lld is past where the tempo map's ramp holds"
                   : "%s: a MIDI region in audio time (superclock %lld) and no tempo map to read "
                     "its beats by",
          (const char *)g->name, (long long)t.v);
  r->said_tempo = true;
  return false;
}

/* timepos_t::superclocks (). */
static bool superclocks_of(reader *r, const xmlNode *g, tpos t, int64_t *sc)
{
  return superclock_of(r, g, (atime){.v = t.v, .beats = t.beats}, sc);
}

/* A length of len_sc superclocks from at, in beat ticks, as Ardour's
 * TempoMap::convert_duration gives it: from at's frame (rounded down, when
 * at is in beats), the beats of where it ends less at's. */
static bool length_beats(reader *r, const xmlNode *g, int64_t len_sc, tpos at, int64_t *ticks)
{
  int64_t p = at.v, b = 0, a = 0;
  const int64_t rate = (int64_t)r->rate;
  if (at.beats) {
    if (!superclocks_of(r, g, at, &p))
      return false;
    p = sp_ardour_superclock_of_frame(&r->map, sp_ardour_frame_of(&r->map, p, rate), rate);
  }
  if (!beats_of(r, g, (tpos){p + len_sc, false}, &b) || !beats_of(r, g, at, &a))
    return false;
  *ticks = b - a;
  return true;
}

/* pos + len (a timepos_t plus a timecnt_t), in pos's domain. */
static bool tpos_add(reader *r, const xmlNode *g, tpos pos, tpos len, tpos *out)
{
  if (pos.beats == len.beats) {
    *out = (tpos){pos.v + len.v, pos.beats};
    return true;
  }
  if (pos.beats) {
    int64_t d = 0;
    if (!length_beats(r, g, len.v, pos, &d))
      return false;
    *out = (tpos){pos.v + d, true};
    return true;
  }
  /* audio time plus beats: the superclock of pos's beats plus them */
  int64_t b = 0, sc = 0;
  if (!beats_of(r, g, pos, &b) || !superclock_of(r, g, (atime){.v = b + len.v, .beats = true}, &sc))
    return false;
  *out = (tpos){sc, false};
  return true;
}

static bool frame_of_tpos(reader *r, const xmlNode *g, tpos t, int64_t *frame)
{
  int64_t sc = 0;
  if (!superclocks_of(r, g, t, &sc))
    return false;
  *frame = sp_ardour_frame_of(&r->map, sc, (int64_t)r->rate);
  return true;
}

/* A MIDI region's times as MidiRegion::render_range and MidiSource::
 * midi_read take them (io/session/ardour_midi.h): its source's start on
 * the timeline (its position less its start), where it starts in its
 * source, the beats it plays from and before, the frames it starts and
 * resolves its notes at, and where it lies. */
static bool midi_span(reader *r, const xmlNode *g, sp_ardour_midi_region *out)
{
  const char *length = sp_xml_attr(g, "length");
  const char *atpos = length ? strchr(length, '@') : NULL;
  const char *position = sp_xml_attr(g, "position");
  const char *name = sp_xml_attr(g, "name");
  position = position ? position : atpos ? atpos + 1 : NULL;
  if (!length || !position) {
    error(r, g, SP_ERR_USAGE, "Region '%s': no %s; a MIDI region of Ardour 7 has both",
          name ? name : "", length ? "position" : "length");
    return false;
  }
  tpos pos, start = {0, true}, len, len_at;
  if (!tpos_of(r, g, "position", position, &pos) || !tpos_of(r, g, "length", length, &len) ||
      (sp_xml_attr(g, "start") && !tpos_of(r, g, "start", sp_xml_attr(g, "start"), &start)))
    return false;
  len_at = pos;
  if (atpos && !tpos_of(r, g, "length's position", atpos + 1, &len_at))
    return false;
  int64_t st_beats = 0, st_sc = 0, cnt = 0;
  if (!beats_of(r, g, start, &st_beats) || !superclocks_of(r, g, start, &st_sc))
    return false;
  /* source_position () = position ().earlier (start), in position's
   * domain; the source's and the read's start: that plus start */
  const tpos src = pos.beats ? (tpos){pos.v - st_beats, true} : (tpos){pos.v - st_sc, false};
  const tpos from = src.beats ? (tpos){src.v + st_beats, true} : (tpos){src.v + st_sc, false};
  if (len.beats)
    cnt = len.v;
  else if (!length_beats(r, g, len.v, len_at, &cnt))
    return false;
  tpos end, last;
  if (!beats_of(r, g, src, &out->source_start) || !beats_of(r, g, from, &out->first) ||
      !tpos_add(r, g, from, len, &end) || !frame_of_tpos(r, g, end, &out->end_frame) ||
      !frame_of_tpos(r, g, pos, &out->at_frame) || !tpos_add(r, g, pos, len, &last))
    return false;
  out->start = st_beats;
  out->end = out->source_start + st_beats + cnt;
  out->audio_time = !pos.beats;
  out->pos = pos.v;
  out->last = last.v - 1; /* Region::nt_last: its end less one tick or superclock */
  return true;
}

/* The model of a MIDI source, read once; NULL (said) when it cannot be. */
static const sp_ardour_model *midi_model(reader *r, const xmlNode *g, const char *id)
{
  midi_source *src = NULL;
  for (size_t i = 0; id && i < r->n_midi && !src; i++)
    if (strcmp(r->midi[i].id, id) == 0)
      src = &r->midi[i];
  if (!src) {
    error(r, g, SP_ERR_USAGE, "Region '%s': its source-0 names no MIDI source",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return NULL;
  }
  if (src->read)
    return src->model;
  src->read = true;
  char *path = find_source(r, src->name, "midifiles");
  if (!path) {
    error(r, src->el, SP_ERR_IO,
          "Source '%s': no such file in %s/interchange/*/midifiles (or it cannot be read); put "
          "the session's MIDI back or fix the name",
          src->name, r->dir);
    return NULL;
  }
  char why[512];
  sp_midi_file *f = NULL;
  if (sp_smf_read(path, &f, why, sizeof why) != SP_OK) {
    error(r, src->el, SP_ERR_IO, "Source '%s': %s: %s", src->name, path, why);
  } else {
    src->model = sp_ardour_model_new(f);
    if (!src->model)
      error(r, src->el, SP_ERR_USAGE,
            "Source '%s': a MIDI file timed in SMPTE frames, which Ardour reads as beats; save "
            "it with a metrical time base (ticks a quarter note)",
            src->name);
  }
  sp_midi_file_free(f);
  free(path);
  return src->model;
}

/* A MIDI file's time base in which a tick is one frame at rate: d ticks a
 * quarter note, u µs a quarter note, d/u = rate/10^6 (the tempo nearest
 * 120 bpm that allows). False for a rate no file can tick at. */
static bool frame_ticks(int64_t rate, int *d, uint32_t *u)
{
  int64_t a = rate, b = 1000000;
  while (b) {
    const int64_t t = a % b;
    a = b;
    b = t;
  }
  const int64_t p = rate / a, q = 1000000 / a;
  int64_t k = (500000 + q / 2) / q;
  k = k < 1 ? 1 : k;
  if (k * p > 32767)
    k = 32767 / p;
  if (k * q > 16777215)
    k = 16777215 / q;
  if (k < 1)
    return false;
  *d = (int)(k * p);
  *u = (uint32_t)(k * q);
  return true;
}

/* name as a file name: letters, digits, '.', '-' and '_', others '_'. */
static char *file_name(const char *name)
{
  char *f = sp_xstrdup(name && *name ? name : "midi");
  for (char *c = f; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '.' || *c == '-' || *c == '_'))
      *c = '_';
  return f;
}

/* The part of region g as a MIDI file of its own, its ticks the frames
 * from at, written where the import's MIDI goes; the recipe's path to it,
 * or NULL (said). */
static char *write_part(reader *r, const xmlNode *g, const sp_ardour_midi_part *part, int64_t at,
                        int64_t end)
{
  int d = 0;
  uint32_t u = 0;
  frame_ticks((int64_t)r->rate, &d, &u);
  sp_midi_file *f = sp_midi_file_new(0, d, 1);
  sp_midi_add_tempo(f, 0, u);
  const char *name = sp_xml_attr(g, "name");
  sp_midi_set_track_name(f, 0, name);
  for (size_t i = 0; i < part->n; i++)
    if (!part->ev[i].resolve)
      sp_midi_add_event(f, part->ev[i].frame - at, 0, part->ev[i].msg, part->ev[i].size);
  f->end_tick = end - at;
  sp_midi_file_finish(f);
  char why[512];
  char *fname = file_name(name);
  const size_t before = r->n_written;
  char *path = sp_session_write_midi(r->midi_dir, r->midi_cache, fname, f, &r->written,
                                     &r->n_written, why, sizeof why);
  free(fname);
  sp_midi_file_free(f);
  if (!path) {
    error(r, g, SP_ERR_IO, "Region '%s': cannot write its MIDI into %s: %s", name ? name : "",
          r->midi_dir, why);
    return NULL;
  }
  if (r->midi_cache && r->n_written == before) {
    r->written = sp_xreallocarray(r->written, r->n_written + 1, sizeof *r->written);
    r->written[r->n_written++] = sp_xstrdup(path);
  }
  char *rel = sp_fs_relative_to(path, r->recipe_dir);
  free(path);
  return rel;
}

/* The controller a status byte and number name, for a loss. */
static void controller_name(uint8_t status, uint8_t id, char *buf, size_t n)
{
  switch (status) {
  case 0xE0: snprintf(buf, n, "pitch bend"); break;
  case 0xD0: snprintf(buf, n, "channel pressure"); break;
  case 0xA0: snprintf(buf, n, "polyphonic pressure of key %d", id); break;
  default: snprintf(buf, n, "controller %d", id); break;
  }
}

/* A MIDI track's playlist: each region Ardour plays (muted ones left out)
 * as a MIDI region of s playing a file of what Ardour sends the
 * instrument from it, frame for frame (io/session/ardour_midi.h). */
static void midi_playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id)
{
  const xmlNode *pls = sp_xml_child(root, "Playlists"), *pl = NULL;
  for (pl = sp_xml_child(pls, "Playlist"); pl; pl = sp_xml_next(pl, "Playlist"))
    if (sp_xml_attr(pl, "id") && strcmp(sp_xml_attr(pl, "id"), id) == 0)
      break;
  if (!pl) {
    error(r, NULL, SP_ERR_USAGE, "no playlist with id %s (a track's midi-playlist)", id);
    return;
  }
  int d = 0;
  uint32_t u = 0;
  if (r->rate != floor(r->rate) || !frame_ticks((int64_t)r->rate, &d, &u)) {
    loss(r, s, pl, "at %g Hz no MIDI file times its events to the frame: its regions are left out",
         r->rate);
    return;
  }
  sp_ardour_midi_region *rg = NULL;
  const xmlNode **el = NULL;
  size_t n = 0;
  for (const xmlNode *g = sp_xml_child(pl, "Region"); g; g = sp_xml_next(g, "Region")) {
    if (sp_xml_bool(g, "muted", false))
      continue;
    sp_ardour_midi_region x = {0};
    if (!midi_span(r, g, &x) || !(x.model = midi_model(r, g, sp_xml_attr(g, "source-0"))))
      continue;
    /* MIDI regions are opaque since format 7001 (MidiRegion::set_state) */
    x.opaque = r->version >= 7001 && sp_xml_bool(g, "opaque", true);
    rg = sp_xreallocarray(rg, n + 1, sizeof *rg);
    el = sp_xreallocarray(el, n + 1, sizeof *el);
    rg[n] = x;
    el[n++] = g;
  }
  sp_ardour_midi_part *parts = sp_xcalloc(n ? n : 1, sizeof *parts);
  size_t over = 0;
  if (!sp_ardour_midi_play(rg, n, &r->map, (int64_t)r->rate, parts, &over)) {
    loss(r, s, el[over],
         "MIDI regions that overlap, one of them opaque: Ardour plays only the upper one where "
         "they overlap; the recipe plays them together");
    for (size_t i = 0; i < n; i++)
      rg[i].opaque = false;
    sp_ardour_midi_play(rg, n, &r->map, (int64_t)r->rate, parts, &over);
  }
  for (size_t i = 0; i < n; i++) {
    const sp_ardour_midi_part *p = &parts[i];
    const xmlNode *g = el[i];
    size_t sysex = sp_ardour_model_sysex(rg[i].model);
    if (sysex)
      loss(r, s, g, "%zu SysEx message%s in its source: left out", sysex, sysex == 1 ? "" : "s");
    if (p->n_ramps) {
      char what[64];
      controller_name(p->ramp_status, p->ramp_id, what, sizeof what);
      loss(r, s, g,
           "%s (and %zu more controller%s) moves more than a step between two of its values: "
           "Ardour sends the values between them too, the recipe only the values written",
           what, p->n_ramps - 1, p->n_ramps == 2 ? "" : "s");
    }
    int64_t at = rg[i].at_frame, end = p->resolve_frame;
    size_t played = 0;
    bool pedal[16] = {false};
    for (size_t k = 0; k < p->n; k++) {
      const sp_ardour_midi_event *e = &p->ev[k];
      if (e->resolve)
        continue;
      played++;
      at = e->frame < at ? e->frame : at;
      end = e->frame >= end ? e->frame + 1 : end;
      if ((e->msg[0] & 0xF0) == 0xB0 && e->msg[1] == 64)
        pedal[e->msg[0] & 0x0F] = e->msg[2] >= 64;
    }
    if (played == 0) {
      sp_mix_note(s, "its region '%s' plays nothing here: left out",
                  sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
      continue;
    }
    if (p->hangs)
      loss(r, s, g,
           "Ardour 7.3 leaves the notes it holds at its end sounding (no opaque region follows "
           "to end them); the recipe ends them there");
    for (int ch = 0; ch < 16; ch++)
      if (pedal[ch]) {
        loss(r, s, g,
             "it leaves the sustain pedal down on channel %d: Ardour leaves it down after the "
             "region, the recipe lifts it where the region ends",
             ch + 1);
        break;
      }
    if (!region_allowed(r, g))
      break;
    char *file = write_part(r, g, p, at, end);
    if (!file)
      continue;
    sp_mix_midi_region_add(s, file, (double)at / r->rate, 0, (double)(end - at) / r->rate);
    free(file);
  }
  sp_ardour_midi_parts_free(parts, n);
  free(parts);
  free(rg);
  free(el);
}

/* ---- routes ---------------------------------------------------------------------- */

static bool has_flag(const xmlNode *route, const char *flag)
{
  const xmlNode *pi = sp_xml_child(route, "PresentationInfo");
  const char *f = sp_xml_attr(pi, "flags");
  if (!f)
    return false;
  size_t n = strlen(flag);
  for (const char *p = f; (p = strstr(p, flag)); p += n)
    if ((p == f || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
      return true;
  return false;
}

/* An audio port of an IO (a MIDI track's output has a MIDI one too). */
static bool audio_port(const xmlNode *port)
{
  const char *type = sp_xml_attr(port, "type");
  return !type || strcmp(type, "midi") != 0;
}

/* The routes an output IO feeds, by the names in its connections
 * ("drums/audio_in 1"), each once: an array of *n_out names, the caller's
 * (each name and the array freed). */
static char **outputs(const xmlNode *route, size_t *n_out)
{
  char **seen = NULL;
  size_t count = 0;
  for (const xmlNode *io = sp_xml_child(route, "IO"); io; io = sp_xml_next(io, "IO")) {
    const char *dir = sp_xml_attr(io, "direction");
    if (!dir || strcmp(dir, "Output") != 0)
      continue;
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"))
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c && audio_port(p);
           c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        const char *slash = o ? strrchr(o, '/') : NULL;
        if (!slash || strncmp(o, "system:", 7) == 0)
          continue;
        char *name = sp_xasprintf("%.*s", (int)(slash - o), o);
        bool dup = false;
        for (size_t i = 0; i < count; i++)
          dup |= strcmp(seen[i], name) == 0;
        if (dup) {
          free(name);
          continue;
        }
        seen = sp_xreallocarray(seen, count + 1, sizeof *seen);
        seen[count++] = name;
      }
    break;
  }
  *n_out = count;
  return seen;
}

/* The audio ports of the route's input (1 for a mono track) or output. */
static size_t io_ports(const xmlNode *route, const char *direction)
{
  for (const xmlNode *io = sp_xml_child(route, "IO"); io; io = sp_xml_next(io, "IO")) {
    const char *dir = sp_xml_attr(io, "direction");
    if (!dir || strcmp(dir, direction) != 0)
      continue;
    size_t n = 0;
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"))
      n += audio_port(p);
    return n;
  }
  return 2;
}

/* The audio channels of processor p's ConfiguredInput or ConfiguredOutput
 * of the given type ("audio", "midi"), -1 when not said. */
static int configured_of(const xmlNode *p, const char *which, const char *type)
{
  for (const xmlNode *c = sp_xml_child(sp_xml_child(p, which), "Channels"); c;
       c = sp_xml_next(c, "Channels")) {
    double n = 0;
    const char *t = sp_xml_attr(c, "type");
    if (t && strcmp(t, type) == 0 && sp_xml_number(c, "count", &n, NULL, NULL))
      return n >= 0 && n <= 64 ? (int)n : -1;
  }
  return -1;
}

/* The channels a route's panner takes: an audio route's inputs; a MIDI
 * track's, what its plugins give out last (its instrument's outputs, or
 * a later plugin's), two when the session does not say. */
static size_t route_inputs(const xmlNode *route)
{
  if (!has_flag(route, "MidiTrack"))
    return io_ports(route, "Input");
  int n = -1;
  for (const xmlNode *p = sp_xml_child(route, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    const int k = type && strcmp(type, "lv2") == 0 ? configured_of(p, "ConfiguredOutput", "audio")
                                                   : -1;
    n = k > 0 ? k : n;
  }
  return n > 0 ? (size_t)n : 2;
}

/* A panner as the recipe's pan and width. Ardour 6 and later give two
 * inputs the Stereo Balance panner (pan_law: ardour's stereo balance)
 * unless the Equal Power Stereo one is chosen (the shell's user-panner),
 * whose width spreads the channels; a bypassed shell copies each input to
 * its output (a mono one to the left). */
#define PANNER_2IN2OUT "http://ardour.org/plugin/panner_2in2out"
#define PANNER_BALANCE "http://ardour.org/plugin/panner_balance"

typedef struct panner {
  double az; /* the pannable's azimuth, 0 .. 1 */
  double pan;
  bool has_width;
  double width;
  const char *other; /* a panner of another kind (its URI): rendered as a balance */
} panner;

/* The panner of shell over pannable; a linked send's pannable is its
 * route's, whose values route (its panner) has read already. */
static panner panner_of(reader *r, const xmlNode *shell, const xmlNode *pannable, size_t inputs,
                        const panner *route)
{
  double az = route ? route->az : value_of(r, controllable(pannable, "pan-azimuth"), 0.5);
  panner p = {az, 2 * az - 1, false, 0, NULL};
  if (shell && sp_xml_bool(shell, "bypassed", false)) {
    p.pan = inputs == 1 ? -1 : 0;
    return p;
  }
  const char *uri = shell ? sp_xml_attr(shell, "user-panner") : NULL;
  if (inputs == 1 || !uri || !*uri || strcmp(uri, PANNER_BALANCE) == 0)
    return p;
  if (strcmp(uri, PANNER_2IN2OUT) == 0) {
    p.has_width = true;
    p.width = route && route->has_width ? route->width
                                        : value_of(r, controllable(pannable, "pan-width"), 1);
  } else {
    p.other = uri;
  }
  return p;
}

/* ---- Ardour's VBAP (libs/panners/vbap, 7.3), on the horizon ------------------------ */

/* The speakers a VBAP panner of n outputs places its signals over: the
 * session's (<Speakers>) when there are as many, else Ardour's defaults
 * for n (Speakers::setup_default_speakers: its front at 180 degrees, the
 * azimuth growing to the left). Azimuths into azi[n]; false when a
 * speaker is off the horizon (Ardour's 3-D VBAP is not carried). */
static bool ardour_speakers(const xmlNode *root, int n, double *azi)
{
  const xmlNode *sp = sp_xml_child(root, "Speakers");
  int have = 0;
  for (const xmlNode *k = sp_xml_child(sp, "Speaker"); k; k = sp_xml_next(k, "Speaker"))
    have++;
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
  const double *d = n == 2 ? d3 : n == 3 ? d3 : n == 4 ? d4 : n == 5 ? d5 : n == 6 ? d6 : n == 7 ? d7 : NULL;
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

/* g[input][output] over layout l's channels as the recipe's gain matrix
 * ("{gains: {L: 0.97, LFE: 0.25}}", a list for each channel when more
 * than one input), each gain as the float Ardour applies. */
static char *gains_text(const sp_layout *l, size_t inputs,
                        const double (*g)[SP_MAX_CHANNELS])
{
  sp_writer t = {0};
  sp_write(&t, "{gains: {");
  bool first = true;
  for (int o = 0; o < l->n; o++) {
    bool any = false;
    for (size_t i = 0; i < inputs; i++)
      any |= g[i][o] != 0;
    if (!any)
      continue;
    sp_write(&t, "%s%s: %s", first ? "" : ", ", l->ch[o].name, inputs > 1 ? "[" : "");
    for (size_t i = 0; i < inputs; i++)
      sp_write(&t, "%s%s", i ? ", " : "", sp_mix_num((double)(float)g[i][o]).text);
    sp_write(&t, "%s", inputs > 1 ? "]" : "");
    first = false;
  }
  sp_write(&t, "}}");
  return sp_writer_take(&t);
}

/* A route's VBAP panner of `inputs` signals into n outputs as a gain
 * matrix over the destination layout's channels (by port order), as
 * VBAPanner::update places its signals: one at (1 − azimuth) turns; more
 * spread over −width from (1 − (azimuth − width/2)) turns, each wrapped
 * into one turn; the controls' values as Ardour holds them (floats). NULL
 * (a loss said) when Ardour's panner cannot be followed. */
static char *ardour_vbap_gains(reader *r, sp_mix_strip *s, const xmlNode *pannable,
                               size_t inputs, int n, const sp_layout *to)
{
  double azi[SP_MAX_CHANNELS];
  if (n > SP_MAX_CHANNELS || !to || to->n != n || !ardour_speakers(r->root, n, azi)) {
    loss(r, s, pannable, "Ardour's VBAP panner over %d outputs%s: rendered as stemprint's", n,
         to && to->n == n ? " with speakers above the horizon" : "");
    return NULL;
  }
  const float az = (float)value_of(r, controllable(pannable, "pan-azimuth"), 0.5);
  const float width = (float)value_of(r, controllable(pannable, "pan-width"), 1);
  double g[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{0}}; /* [signal][output] */
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
  char *text = gains_text(to, inputs, (const double(*)[SP_MAX_CHANNELS])g);
  sp_mix_note(s, "Ardour's VBAP panner over %d outputs (azimuth %g%s): its gains", n, (double)az,
              inputs > 1 ? ", and width" : "");
  for (int o = 0; o < n; o++)
    for (size_t i = 0; i < inputs && to->ch[o].lfe; i++)
      if (g[i][o] != 0) {
        sp_mix_note(s, "Ardour's VBAP knows no LFE: output %d, %s's LFE, is one of its speakers "
                    "(at %g degrees, Ardour's)", o + 1, to->name, azi[o]);
        i = inputs;
      }
  return text;
}

/* The input port of `to` that the route's output port k (0-based) is
 * wired to, 1-based ("Master/audio_in 4": 4); 0 for none of to's. */
static int wired_port(const xmlNode *rt, size_t k, const char *to)
{
  for (const xmlNode *io = sp_xml_child(rt, "IO"); io; io = sp_xml_next(io, "IO")) {
    const char *dir = sp_xml_attr(io, "direction");
    if (!dir || strcmp(dir, "Output") != 0)
      continue;
    size_t i = 0;
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"), i++) {
      if (i != k)
        continue;
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        const size_t n = strlen(to);
        if (o && strncmp(o, to, n) == 0 && strncmp(o + n, "/audio_in ", 10) == 0)
          return atoi(o + n + 10);
      }
    }
  }
  return 0;
}

static void narrow_into_wide(reader *r, sp_mix_strip *s, const xmlNode *to, const xmlNode *rt,
                             const panner *pn, size_t inputs, size_t n_out);

/* The shell of the route's main output. */
static const xmlNode *main_shell(const xmlNode *rt)
{
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor"))
    if (sp_xml_attr(p, "type") && strcmp(sp_xml_attr(p, "type"), "main-outs") == 0)
      return sp_xml_child(p, "PannerShell");
  return NULL;
}

static const xmlNode *route_by_name(const xmlNode *routes, const char *name)
{
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    if (sp_xml_attr(rt, "name") && strcmp(sp_xml_attr(rt, "name"), name) == 0)
      return rt;
  return NULL;
}

/* Whether a processor of this type is a plugin effect stemprint runs: an
 * LV2 or a LADSPA plugin. */
static bool is_plugin(const char *type)
{
  return type && (strcmp(type, "lv2") == 0 || strcmp(type, "ladspa") == 0);
}

/* Where send processor sp of route rt taps it, as the recipe's `tap:`
 * says it: before the fader (TAP_PRE); after it with plugins after the
 * send (TAP_FADER: before the post_inserts, or between two of them, after
 * the *passed plugins after the fader before it: `tap: {after: N}`); after
 * the fader and every plugin after it (TAP_POST). passed may be NULL. */
enum { TAP_PRE, TAP_FADER, TAP_POST };
static int tap_point(const xmlNode *rt, const xmlNode *sp, size_t *passed)
{
  bool amp = false, after = false, seen = false;
  size_t before = 0;
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (p == sp) {
      if (!amp)
        return TAP_PRE;
      seen = true;
    } else if (type && strcmp(type, "amp") == 0) {
      amp = true;
    } else if (amp && is_plugin(type)) {
      if (seen)
        after = true;
      else
        before++;
    }
  }
  if (passed)
    *passed = before;
  return after ? TAP_FADER : TAP_POST;
}

/* The route holding the external send named name (type "send"), and
 * where that send taps it (tap_point). */
static const xmlNode *send_route(const xmlNode *routes, const char *name, int *tap, size_t *passed,
                                 const xmlNode **send)
{
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route")) {
    for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
      const char *type = sp_xml_attr(p, "type");
      if (type && strcmp(type, "send") == 0 && sp_xml_attr(p, "name") &&
          strcmp(sp_xml_attr(p, "name"), name) == 0) {
        *tap = tap_point(rt, p, passed);
        *send = p;
        return rt;
      }
    }
  }
  return NULL;
}

/* For each sidechain input port of plugin (at most 2), which of the send's
 * channels (bit 0: its first, bit 1: its second) feed it. */
static size_t sidechain_wiring(const xmlNode *plugin, const char *send, unsigned wire[2])
{
  size_t ports = 0;
  wire[0] = wire[1] = 0;
  for (const xmlNode *sc = sp_xml_child(plugin, "Processor"); sc;
       sc = sp_xml_next(sc, "Processor")) {
    const char *type = sp_xml_attr(sc, "type");
    if (!type || strcmp(type, "sidechain") != 0)
      continue;
    const xmlNode *io = sp_xml_child(sc, "IO");
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"), ports++)
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        size_t n = strlen(send);
        if (ports < 2 && o && strncmp(o, send, n) == 0 && o[n] == '/') {
          const char *digit = o + strlen(o) - 1;
          if (*digit == '1' || *digit == '2')
            wire[ports] |= 1u << (*digit - '1');
        }
      }
  }
  return ports;
}

/* The send names feeding a plugin's sidechain input ("send 1/audio_send
 * 2" is send 1's); the first in *first, how many different ones. */
static size_t sidechain_sends(const xmlNode *plugin, char *first, size_t n)
{
  size_t count = 0;
  first[0] = '\0';
  for (const xmlNode *sc = sp_xml_child(plugin, "Processor"); sc;
       sc = sp_xml_next(sc, "Processor")) {
    const char *type = sp_xml_attr(sc, "type");
    if (!type || strcmp(type, "sidechain") != 0)
      continue;
    const xmlNode *io = sp_xml_child(sc, "IO");
    for (const xmlNode *p = sp_xml_child(io, "Port"); p; p = sp_xml_next(p, "Port"))
      for (const xmlNode *c = sp_xml_child(p, "Connection"); c; c = sp_xml_next(c, "Connection")) {
        const char *o = sp_xml_attr(c, "other");
        const char *slash = o ? strrchr(o, '/') : NULL;
        if (!slash)
          continue;
        char nm[256];
        snprintf(nm, sizeof nm, "%.*s", (int)(slash - o), o);
        if (count == 0 || strcmp(nm, first) != 0) {
          if (count == 0)
            snprintf(first, n, "%s", nm);
          count++;
        }
      }
  }
  return count;
}

/* One port value of an LV2 plugin as the recipe writes it, by the
 * plugin's description when it is installed; NULL for a port the insert
 * holds itself (its on/off or sidechain switch). */
static char *port_value(const sp_lv2_plugin *pl, const char *sym, double v)
{
  if (!pl)
    return sp_xstrdup(sp_mix_num(v).text);
  for (size_t k = 0; k < pl->n_controls; k++) {
    const sp_lv2_control *c = &pl->controls[k];
    if (strcmp(c->symbol, sym) != 0)
      continue;
    if (c->held)
      return NULL;
    double x = sp_lv2_control_value(c, v);
    if (c->kind == SP_LV2_CTL_TOGGLE)
      return sp_xstrdup(x != 0 ? "true" : "false");
    if (c->kind == SP_LV2_CTL_ENUM && c->n_points) {
      return sp_mix_quoted(c->point_labels[(size_t)x]);
    }
    if (c->kind == SP_LV2_CTL_GAIN)
      return isinf(x) ? sp_xstrdup("-inf dB") : sp_xasprintf("%s dB", sp_mix_num(x).text);
    return sp_xstrdup(sp_mix_num(x).text);
  }
  return sp_xstrdup(sp_mix_num(v).text); /* not a control it has: the recipe says so */
}

/* The head of a plugin port's automation list as the recipe writes it:
 * "{" how (`ramp: linear, `) "tempo: ..., points: [" when it moves in a
 * way of its own or Ardour holds the list in beats (read as Ardour reads
 * one: its tempo map), else "[" alone. list_tail closes it. */
static char *list_head(reader *r, sp_mix_strip *s, const xmlNode *al, const sp_lv2_control *c,
                       const char *how)
{
  sp_tempo_map *m = beat_list_tempo(r, s, al, c->symbol);
  if (!m && !*how)
    return sp_xstrdup("[");
  char *tempo = m ? sp_mix_tempo(m) : sp_xstrdup("");
  sp_tempo_map_free(m);
  char *head = sp_xasprintf("{%s%spoints: [", how, tempo);
  free(tempo);
  return head;
}

/* What closes the list text begun by list_head. */
static const char *list_tail(const char *text) { return text[0] == '{' ? "]}" : "]"; }

/* The automation Ardour plays back (al) on a switch or a choice c, as the
 * recipe's settings ("[[0 s, false], [1.5 s, true]]"), or NULL when it has
 * no events. A Discrete list (a toggled port's) holds each until the next
 * point, which the recipe's steps do; a Linear list (a choice's) hands the
 * plugin the values between its points, in a line, which the plugin reads
 * as it will: `{ramp: linear, points: ...}` does the same. A point between
 * two settings, or another style (Ardour's Logarithmic, Exponential) on a
 * setting, is a loss. */
static char *setting_automation(reader *r, sp_mix_strip *s, const xmlNode *al,
                                const sp_lv2_control *c)
{
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  const char *style = sp_xml_attr(al, "interpolation-style");
  if (!style) /* Ardour's default (ControlList::default_interpolation) */
    style = c->kind == SP_LV2_CTL_TOGGLE ? "Discrete" : c->logarithmic ? "Logarithmic" : "Linear";
  const bool discrete = strcmp(style, "Discrete") == 0, linear = strcmp(style, "Linear") == 0;
  bool between = false, off = false;
  char *text = list_head(r, s, al, c, discrete ? "" : "ramp: linear, ");
  for (size_t i = 0; i < n; i++) {
    const double x = sp_lv2_control_value(c, v[i]);
    const double at =
        c->kind == SP_LV2_CTL_TOGGLE ? (x != 0 ? c->max : c->min) : c->point_values[(size_t)x];
    char *setting = c->kind == SP_LV2_CTL_TOGGLE ? sp_xstrdup(x != 0 ? "true" : "false")
                                                 : sp_mix_quoted(c->point_labels[(size_t)x]);
    char *t2 = sp_xasprintf("%s%s[%s s, %s]", text, i ? ", " : "", sp_mix_num(t[i]).text, setting);
    free(setting);
    free(text);
    text = t2;
    between |= !discrete && !linear && i > 0 && v[i] != v[i - 1];
    if (!discrete && at != v[i] && !off) {
      loss(r, s, al,
           "automation of '%s' has a point at %g, between its settings (Ardour's %s list): it "
           "is taken as the nearest, %g",
           c->symbol, v[i], style, at);
      off = true;
    }
  }
  free(t);
  free(v);
  if (n == 0) {
    free(text);
    return NULL;
  }
  if (between)
    loss(r, s, al,
         "automation of '%s' moves %s between its points (Ardour's %s list), which a %s does "
         "not take: it moves in a line",
         c->symbol, strcmp(style, "Logarithmic") == 0 ? "geometrically" : "along a curve", style,
         c->kind == SP_LV2_CTL_TOGGLE ? "switch" : "choice");
  char *done = sp_xasprintf("%s%s", text, list_tail(text));
  free(text);
  return done;
}

/* The automation Ardour plays back on port sym (index port) of plugin
 * processor p, as the recipe's breakpoints ("[[0 s, 1000], [2 s, 4000]]"),
 * or NULL when it has none; a list it cannot carry (on a switch or a
 * choice, or on a plugin not installed here) is a loss. */
static char *port_automation(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_control *c,
                             int port)
{
  char id[32];
  snprintf(id, sizeof id, "parameter-%d", port);
  const xmlNode *al = automation_list(p, id);
  if (!plays_events(al))
    return NULL;
  if (c->kind == SP_LV2_CTL_TOGGLE || c->kind == SP_LV2_CTL_ENUM)
    return setting_automation(r, s, al, c);
  double *t = NULL, *v = NULL;
  const size_t n = list_events(r, al, &t, &v);
  const char *style = sp_xml_attr(al, "interpolation-style");
  const bool discrete = style && strcmp(style, "Discrete") == 0;
  /* A Linear list where the recipe's own reading is not a line through
   * the port's values (a logarithmic port's, a whole number's, a gain's,
   * which move geometrically, rounded, in dB): `ramp: linear`. */
  const bool line = style && strcmp(style, "Linear") == 0 &&
                    (c->logarithmic || c->kind == SP_LV2_CTL_INTEGER || c->kind == SP_LV2_CTL_GAIN);
  char *text = list_head(r, s, al, c, line ? "ramp: linear, " : "");
  for (size_t i = 0; i < n; i++) {
    char val[2][64]; /* this point's value, and the last one's */
    for (int b = 0; b < 2; b++) {
      const double x = sp_lv2_control_value(c, v[i >= (size_t)b ? i - (size_t)b : 0]);
      snprintf(val[b], sizeof val[b], "%s%s", isinf(x) ? "-inf" : sp_mix_num(x).text,
               c->kind == SP_LV2_CTL_GAIN ? " dB" : "");
    }
    char *t2;
    if (discrete && i > 0) /* a step: the last value up to the point's time */
      t2 = sp_xasprintf("%s, [%s s, %s], [%s s, %s]", text, sp_mix_num(t[i]).text, val[1],
                        sp_mix_num(t[i]).text, val[0]);
    else
      t2 = sp_xasprintf("%s%s[%s s, %s]", text, i ? ", " : "", sp_mix_num(t[i]).text, val[0]);
    free(text);
    text = t2;
  }
  free(t);
  free(v);
  if (n == 0) {
    free(text);
    return NULL;
  }
  if (style && strcmp(style, c->logarithmic ? "Logarithmic" : "Linear") != 0 && !discrete && !line)
    sp_mix_note(s, "the automation of '%s' moves %s between its points (Ardour's: %s)", c->symbol,
                c->logarithmic ? "geometrically" : "linearly", style);
  char *done = sp_xasprintf("%s%s", text, list_tail(text));
  free(text);
  return done;
}

/* The audio channels of a processor's ConfiguredInput or ConfiguredOutput,
 * 0 when not said. */
static int configured(const xmlNode *p, const char *which)
{
  const xmlNode *c = sp_xml_child(sp_xml_child(p, which), "Channels");
  double n = 0;
  for (; c; c = sp_xml_next(c, "Channels")) {
    const char *type = sp_xml_attr(c, "type");
    if (type && strcmp(type, "audio") == 0 && sp_xml_number(c, "count", &n, NULL, NULL))
      return n >= 0 && n <= 64 ? (int)n : 0;
  }
  return 0;
}

/* Where pin `pin` of the audio Channelmap list `map` (InputMap-0: the
 * buffer a plugin input reads; OutputMap-0: the one an output writes) is
 * wired, -1 when it is not. */
static int wired(const xmlNode *map, int pin)
{
  for (const xmlNode *c = sp_xml_child(map, "Channelmap"); c; c = sp_xml_next(c, "Channelmap")) {
    double from = -1, to = -1;
    const char *type = sp_xml_attr(c, "type");
    if (type && strcmp(type, "audio") == 0 && sp_xml_number(c, "from", &from, NULL, NULL) &&
        sp_xml_number(c, "to", &to, NULL, NULL) && from == pin)
      return to >= 0 && to <= 64 ? (int)to : -1;
  }
  return -1;
}

/* A mono-to-stereo plugin's pin configuration as the insert's feed and
 * widen (docs/lv2.md), appended to text: Ardour feeds it the left channel
 * of a stereo route (its input pin on buffer 0), and with strict I/O keeps
 * a mono route mono (its right output unwired, the processor's
 * ConfiguredOutput one channel). Any other wiring is a loss. */
static char *mono_to_stereo(reader *r, sp_mix_strip *s, const xmlNode *p, char *text)
{
  const int in = configured(p, "ConfiguredInput"), out = configured(p, "ConfiguredOutput");
  const xmlNode *im = sp_xml_child(p, "InputMap-0"), *om = sp_xml_child(p, "OutputMap-0");
  const int from = wired(im, 0), l = wired(om, 0), rr = wired(om, 1);
  double count = 1;
  sp_xml_number(p, "count", &count, NULL, NULL);
  const char *add = NULL;
  bool ok = count == 1 && l == 0 && from >= 0 && from < in;
  if (ok && in == 1 && out == 2 && rr == 1)
    add = ""; /* the route becomes stereo: the recipe's default */
  else if (ok && in == 1 && out == 1 && rr < 0)
    add = ", widen: false";
  else if (ok && in == 2 && out == 2 && rr == 1)
    add = from == 0 ? ", feed: left" : ", feed: right";
  if (!add) {
    loss(r, s, p,
         "its pins are wired in a way stemprint does not play (%d in, %d out, %g instance%s); "
         "it runs as stemprint wires a mono-to-stereo plugin (docs/lv2.md)",
         in, out, count, count == 1 ? "" : "s");
    return text;
  }
  char *t = sp_xasprintf("%s%s", text, add);
  free(text);
  return t;
}

/* A LADSPA plugin processor as recipe text, "ladspa: {plugin: ID, its
 * port values and the automation Ardour plays on them" (the closing brace
 * left to the caller): Ardour saves each input control as <Port number=
 * value=> in its <ladspa> node, the port's number its automation's
 * parameter-N; the recipe names a port by its folded name, which needs the
 * plugin installed here. NULL when it names no plugin (a loss). */
static char *ladspa_text(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const char *id = sp_xml_attr(p, "unique-id");
  if (!id || !*id || strspn(id, "0123456789") != strlen(id)) {
    loss(r, s, p, "a LADSPA processor without its plugin's unique ID: left out");
    return NULL;
  }
  char why[512];
  const sp_lv2_plugin *pl = sp_ladspa_find(id, why, sizeof why);
  char *text = sp_xasprintf("ladspa: {plugin: %s", id);
  bool carried[1024] = {false};
  const xmlNode *node = sp_xml_child(p, "ladspa");
  for (const xmlNode *port = sp_xml_child(node, "Port"); port; port = sp_xml_next(port, "Port")) {
    double number = -1, v = 0;
    if (!sp_xml_number(port, "number", &number, r->path, r->d) ||
        !sp_xml_number(port, "value", &v, r->path, r->d))
      continue;
    const sp_lv2_control *c = NULL;
    for (size_t k = 0; pl && k < pl->n_controls && !c; k++)
      if (pl->controls[k].port == (int)number)
        c = &pl->controls[k];
    if (!c)
      continue;
    char *val = port_value(pl, c->symbol, v);
    char *moves = val ? port_automation(r, s, p, c, c->port) : NULL;
    if (c->port >= 0 && c->port < (int)(sizeof carried / sizeof carried[0]))
      carried[c->port] = true;
    if (moves) {
      free(val);
      val = moves;
    }
    if (!val)
      continue;
    char *t = sp_xasprintf("%s, %s: %s", text, c->symbol, val);
    free(val);
    free(text);
    text = t;
  }
  if (!pl)
    loss(r, s, p, "the LADSPA plugin %s is not installed here (%s): its port values are left out",
         id, why);
  if (pl && pl->n_in == 1 && pl->n_out == 2)
    text = mono_to_stereo(r, s, p, text);
  const xmlNode *au = sp_xml_child(p, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList")) {
    const char *aid = sp_xml_attr(al, "automation-id");
    int index = -1;
    char more;
    if (!plays_events(al) || (aid && sscanf(aid, "parameter-%d%c", &index, &more) == 1 &&
                              index >= 0 && index < 1024 && carried[index]))
      continue;
    loss(r, s, al, "automation of %s: it stays at its value", aid ? aid : "a control");
  }
  return text;
}

/* Control sym of pl when it is the plugin's designated on switch. */
static const sp_lv2_control *enable_control(const sp_lv2_plugin *pl, const char *sym)
{
  for (size_t k = 0; pl && sym && k < pl->n_controls; k++)
    if (pl->controls[k].enable_port && strcmp(pl->controls[k].symbol, sym) == 0)
      return &pl->controls[k];
  return NULL;
}

/* The insert's `bypass` from the plugin's designated on switch c (saved
 * at v), through which Ardour 7.3 bypasses a plugin that has one
 * (PluginInsert::enable: the processor stays active, the switch off):
 * "bypass: true" when it is off, its automation as a moving bypass
 * ("bypass: [[0 s, false], [2 s, true]]", the list Discrete as a toggled
 * port's is), NULL when it is on. Ardour's plugin then bypasses itself
 * (ACE's plugins glide to their dry sound over some milliseconds);
 * stemprint crossfades the insert to its dry input through the moving
 * mute's declick. */
static char *enable_bypass(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_control *c,
                           double v)
{
  const double mid = 0.5 * (c->min + c->max);
  char id[32];
  snprintf(id, sizeof id, "parameter-%d", c->port);
  const xmlNode *al = automation_list(p, id);
  if (!plays_events(al))
    return v > mid ? NULL : sp_xstrdup("bypass: true");
  double *t = NULL, *x = NULL;
  const size_t n = list_events(r, al, &t, &x);
  char *head = list_head(r, s, al, c, ""); /* "{tempo: ..., points: [" in beats */
  char *text = sp_xasprintf("bypass: %s", head);
  const char *tail = list_tail(head);
  free(head);
  for (size_t i = 0; i < n; i++) {
    char *t2 = sp_xasprintf("%s%s[%s s, %s]", text, i ? ", " : "", sp_mix_num(t[i]).text,
                            x[i] > mid ? "false" : "true");
    free(text);
    text = t2;
  }
  free(t);
  free(x);
  if (n == 0) {
    free(text);
    return v > mid ? NULL : sp_xstrdup("bypass: true");
  }
  const char *style = sp_xml_attr(al, "interpolation-style");
  if (style && strcmp(style, "Discrete") != 0)
    sp_mix_note(s, "its on switch's automation ('%s', a %s list) steps at each point", c->symbol,
                style);
  char *done = sp_xasprintf("%s%s", text, tail);
  free(text);
  return done;
}

/* An LV2 plugin processor as recipe text, "lv2: {plugin: URI, its port
 * values and the automation Ardour plays on them, state: ..." (the closing
 * brace left to the caller), or a LADSPA one's (ladspa_text); NULL when it
 * names no plugin (a loss). */
static char *plugin_text(reader *r, sp_mix_strip *s, const xmlNode *p)
{
  const char *uri = sp_xml_attr(p, "unique-id");
  const xmlNode *lv2 = sp_xml_child(p, "lv2");
  if (sp_xml_child(p, "ladspa"))
    return ladspa_text(r, s, p);
  if (!uri || !lv2) {
    loss(r, s, p, "an LV2 processor without its plugin URI: left out");
    return NULL;
  }
  char why[256];
  const sp_lv2_plugin *pl = sp_lv2_find(uri, why, sizeof why);
  char *quoted = sp_mix_quoted(uri); /* the session's text: never raw into the recipe */
  char *text = sp_xasprintf("lv2: {plugin: %s", quoted);
  free(quoted);
  bool carried[1024] = {false}; /* the ports whose automation was read */
  for (const xmlNode *port = sp_xml_child(lv2, "Port"); port; port = sp_xml_next(port, "Port")) {
    const char *sym = sp_xml_attr(port, "symbol");
    double v = 0;
    if (!sym || !sp_xml_number(port, "value", &v, r->path, r->d))
      continue;
    bool ok = *sym != '\0';
    for (const char *c = sym; *c; c++)
      ok &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '_';
    char *key = ok ? sp_port_key(sym) : NULL; /* port_bypass: an insert's own key */
    const sp_lv2_control *en = enable_control(pl, key);
    if (en) { /* the switch Ardour bypasses it through: the insert's bypass */
      free(key);
      char *b = enable_bypass(r, s, p, en, v);
      if (en->port >= 0 && en->port < (int)(sizeof carried / sizeof carried[0]))
        carried[en->port] = true;
      if (b && sp_xml_bool(p, "active", true)) { /* off altogether, the caller says so */
        char *t = sp_xasprintf("%s, %s", text, b);
        free(text);
        text = t;
      }
      free(b);
      continue;
    }
    char *val = ok ? port_value(pl, key, v) : NULL;
    if (!val) {
      free(key);
      continue;
    }
    for (size_t k = 0; pl && k < pl->n_controls; k++)
      if (strcmp(pl->controls[k].symbol, key) == 0) {
        const int index = pl->controls[k].port;
        char *moves = port_automation(r, s, p, &pl->controls[k], index);
        if (index >= 0 && index < (int)(sizeof carried / sizeof carried[0]))
          carried[index] = true;
        if (moves) {
          free(val);
          val = moves;
        }
      }
    char *t = sp_xasprintf("%s, %s: %s", text, key, val);
    free(key);
    free(val);
    free(text);
    text = t;
  }
  /* The state Ardour saved beside the session: plugins/<the processor's
   * id>/<state-dir>/state.ttl, restored as a state file (docs/lv2.md). */
  const char *sd = sp_xml_attr(lv2, "state-dir"), *id = sp_xml_attr(p, "id");
  unsigned version;
  char tail;
  bool id_ok = id && *id && strspn(id, "0123456789") == strlen(id);
  if (sd && id_ok && sscanf(sd, "state%u%c", &version, &tail) == 1) {
    char *folder = sp_xasprintf("%s/plugins/%s/%s", r->dir, id, sd);
    char *ttl = sp_xasprintf("%s/state.ttl", folder);
    if (access(ttl, R_OK) == 0) {
      char *rel = sp_fs_relative_to(folder, r->recipe_dir), *q = sp_mix_quoted(rel);
      char *t = sp_xasprintf("%s, state: %s", text, q);
      free(text);
      text = t;
      free(q);
      free(rel);
    } else {
      loss(r, s, p,
           "its saved state (plugins/%s/%s/state.ttl) is not in the session folder: "
           "the plugin starts from its port values",
           id, sd);
    }
    free(ttl);
    free(folder);
  } else if (sd) {
    loss(r, s, p,
         "its saved state ('%s' of processor '%s') is not where Ardour keeps it: the "
         "plugin starts from its port values",
         sd, id ? id : "");
  }
  if (sp_xml_attr(lv2, "template-dir"))
    loss(r, s, p, "the plugin's template state (template-dir): left out");
  if (pl && pl->n_in == 1 && pl->n_out == 2)
    text = mono_to_stereo(r, s, p, text);
  const xmlNode *au = sp_xml_child(p, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList")) {
    const char *aid = sp_xml_attr(al, "automation-id");
    int index = -1;
    char more;
    if (!plays_events(al) || (aid && sscanf(aid, "parameter-%d%c", &index, &more) == 1 &&
                              index >= 0 && index < 1024 && carried[index]))
      continue;
    loss(r, s, al, "automation of %s%s: it stays at its value", aid ? aid : "a control",
         pl ? "" : " (the plugin is not installed here to name it)");
  }
  return text;
}

/* An LV2 plugin processor as an `lv2` insert with its port values and the
 * automation Ardour plays on them, and its sidechain as the insert's key. */
static void plugin(reader *r, sp_mix_strip *s, const xmlNode *routes, const xmlNode *p)
{
  char *text = plugin_text(r, s, p);
  if (!text)
    return;
  bool active = sp_xml_bool(p, "active", true);
  sp_mix_insert_add(s, "%s%s}", text, active ? "" : ", bypass: true");
  free(text);
  char send[256];
  size_t n = sidechain_sends(p, send, sizeof send);
  if (n > 0) {
    int tap = TAP_PRE;
    size_t passed = 0;
    const xmlNode *snd = NULL;
    const xmlNode *from = send_route(routes, send, &tap, &passed, &snd);
    if (!from) {
      loss(r, s, p,
           "its sidechain is fed by '%s', no send of a route: the plugin listens to "
           "its own input",
           send);
    } else {
      sp_mix_insert *x = &s->inserts[s->n_inserts - 1];
      x->key = sp_xstrdup(sp_xml_attr(from, "id"));
      x->key_post = tap != TAP_PRE;
      x->key_fader = tap == TAP_FADER;
      /* between two plugins after the fader: after those before it */
      x->key_after = tap == TAP_FADER ? passed : 0;
      /* The key's level: what Ardour sums into the plugin's sidechain port
       * (the send's gain, its panner's gains, the channels wired to the
       * port) over what stemprint feeds it (the key; two channels of a
       * one-port sidechain averaged). */
      unsigned wire[2];
      size_t ports = sidechain_wiring(p, send, wire);
      double sg = value_of(r, controllable(snd, "gaincontrol"), 1);
      float g[2] = {1, 1};
      if (route_inputs(from) == 1) { /* the send's panner follows the route's: Ardour's law */
        double az = value_of(r, controllable(sp_xml_child(from, "Pannable"), "pan-azimuth"), 0.5);
        double l = 0, rr = 0;
        sp_pan_quadratic(2 * az - 1, &l, &rr);
        g[0] = (float)l;
        g[1] = (float)rr;
      }
      double lv[2] = {0, 0};
      for (size_t k = 0; k < ports && k < 2; k++)
        lv[k] = sg * ((wire[k] & 1 ? g[0] : 0) + (wire[k] & 2 ? g[1] : 0));
      bool mono = route_inputs(from) == 1;
      double level = lv[0];
      bool exact = ports == 1 ? (mono || wire[0] == 3) : fabs(lv[0] - lv[1]) < 1e-9;
      if (!mono && ports == 1 && wire[0] == 3)
        level = lv[0]; /* Ardour's L + R, stemprint's (L + R) / 2: twice */
      if (!mono && ports == 1 && wire[0] == 3)
        level = 2 * sg;
      x->key_level_db = sp_lin_to_db(level);
      if (!exact)
        loss(r, s, p, "its sidechain's channels are wired unevenly: the key takes one level");
      if (n > 1)
        loss(r, s, p, "a sidechain fed by %zu sends: only '%s's is kept", n, send);
    }
  }
}

/* Whether an external send named name feeds some plugin's sidechain. */
static bool feeds_sidechain(const xmlNode *routes, const char *name)
{
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
      char first[256];
      if (is_plugin(sp_xml_attr(p, "type")) && sidechain_sends(p, first, sizeof first) > 0 &&
          strcmp(first, name) == 0)
        return true;
    }
  return false;
}

/* Whether processor p is an instrument: MIDI in, audio out, no audio in,
 * by its configured pins, or by the plugin as installed when the session
 * does not say. */
static bool is_instrument(const xmlNode *p)
{
  const int midi_in = configured_of(p, "ConfiguredInput", "midi");
  const int audio_in = configured_of(p, "ConfiguredInput", "audio");
  const int audio_out = configured_of(p, "ConfiguredOutput", "audio");
  if (midi_in >= 0 || audio_out >= 0)
    return midi_in > 0 && audio_out > 0 && audio_in <= 0;
  char why[256];
  const char *uri = sp_xml_attr(p, "unique-id");
  const sp_lv2_plugin *pl = uri ? sp_lv2_find(uri, why, sizeof why) : NULL;
  return pl && pl->instrument;
}

/* A MIDI track's instrument: its first plugin that takes MIDI and gives
 * audio, when stemprint can play it; else NULL, the track left out (a
 * loss). */
static const xmlNode *midi_instrument(reader *r, const xmlNode *rt)
{
  if (r->version < 7000) {
    loss(r, NULL, rt,
         "a MIDI track of an Ardour 6 session: open the session in Ardour 7 and save it to carry "
         "its MIDI over; left out");
    return NULL;
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
    return NULL;
  }
  const char *uri = sp_xml_attr(p, "unique-id"), *name = sp_xml_attr(p, "name");
  char why[256] = "it names no plugin";
  const sp_lv2_plugin *pl = uri ? sp_lv2_find(uri, why, sizeof why) : NULL;
  const char *cannot = !pl            ? why
                       : pl->refused  ? pl->refused
                       : !pl->instrument
                           ? "stemprint plays an instrument of a MIDI input and one or two audio "
                             "outputs only"
                           : NULL;
  if (cannot) {
    loss(r, NULL, rt, "its instrument '%s' (%s) cannot play here: %s; the track is left out",
         name ? name : "", uri ? uri : "", cannot);
    return NULL;
  }
  if (!sp_xml_bool(p, "active", true)) {
    loss(r, NULL, rt, "its instrument '%s' is deactivated: Ardour plays nothing; left out",
         name ? name : "");
    return NULL;
  }
  return p;
}

/* MIDI controller automation on a MIDI track (its "midicc-...", "midi-
 * pgm-change-..." lists) that Ardour plays: a loss. */
static void midi_automation(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  const xmlNode *au = sp_xml_child(rt, "Automation");
  for (const xmlNode *al = sp_xml_child(au, "AutomationList"); al;
       al = sp_xml_next(al, "AutomationList")) {
    const char *aid = sp_xml_attr(al, "automation-id");
    if (aid && strncmp(aid, "midi", 4) == 0 && plays_events(al))
      loss(r, s, al, "the track's MIDI automation '%s': not sent to the instrument", aid);
  }
}

static void route(reader *r, const xmlNode *root, const xmlNode *routes, const xmlNode *rt)
{
  const char *name = sp_xml_attr(rt, "name");
  const char *id = sp_xml_attr(rt, "id");
  if (!name || !id)
    return;
  bool master = has_flag(rt, "MasterOut");
  if (has_flag(rt, "MonitorOut") || has_flag(rt, "SurroundMaster"))
    return;
  if (has_flag(rt, "MidiBus")) {
    loss(r, NULL, rt, "a MIDI bus: stemprint routes no MIDI between strips; left out");
    return;
  }
  const xmlNode *instrument = NULL;
  if (has_flag(rt, "MidiTrack") && !(instrument = midi_instrument(r, rt)))
    return;
  const char *playlist_id = sp_xml_attr(rt, instrument ? "midi-playlist" : "audio-playlist");
  bool track = playlist_id != NULL;
  if (master && r->master_name) {
    loss(r, NULL, rt, "a second master bus: left out");
    return;
  }
  sp_mix_strip *s =
      master ? &r->m->master : sp_mix_add(r->m, track ? SP_MIX_TRACK : SP_MIX_BUS, id, name);
  if (!s)
    return;
  if (master) {
    r->master_name = name;
    track = false; /* master plays no playlist */
  }
  /* Mute, solo, polarity. */
  const xmlNode *mute = controllable(rt, "mute");
  r->vca_steps = 0;
  const bool mute_moves = mute && vca_moves(r, mute, "mute", 0); /* vca_mutes, below */
  s->mute = !mute_moves && switched(r, s, mute, value_of(r, mute, 0) != 0, "muted", NULL);
  const xmlNode *solo = controllable(rt, "solo");
  if (!master && solo)
    s->solo =
        switched(r, s, solo, sp_xml_bool(solo, "self-solo", false) || value_of(r, solo, 0) != 0,
                 "soloed", NULL);
  /* solo isolate and solo safe, as Ardour saves them (SoloIsolateControl,
   * SoloSafeControl): what the session's solo mutes (sp_mix_finish) */
  const xmlNode *iso = controllable(rt, "solo-iso"), *safe = controllable(rt, "solo-safe");
  s->solo_isolate = !master && iso && sp_xml_bool(iso, "solo-isolated", value_of(r, iso, 0) != 0);
  s->solo_safe = !master && safe && sp_xml_bool(safe, "solo-safe", value_of(r, safe, 0) != 0);
  const xmlNode *phase = controllable(rt, "phase");
  const char *inv = phase ? sp_xml_attr(phase, "phase-invert") : NULL;
  if (inv && strchr(inv, '1')) {
    const size_t n = strlen(inv);
    if (strspn(inv, "1") == n) {
      s->invert = true;
    } else if (n <= SP_MAX_CHANNELS && strspn(inv, "01") == n) {
      /* some channels: Ardour writes its bits last channel first (a
       * bitset's string), so the last character is the first channel */
      for (size_t c = 0; c < n; c++)
        s->invert_mask |= inv[n - 1 - c] == '1' ? 1u << c : 0u;
      s->n_invert = n;
    } else {
      loss(r, s, rt, "polarity '%s': not one bit a channel; left as it is", inv);
    }
  }
  /* The panner: Ardour's mono panner (pan_law: ardour), its stereo
   * balance, or its equal-power stereo panner with a width (panner_of). */
  const size_t inputs = route_inputs(rt), n_out = io_ports(rt, "Output");
  const xmlNode *pannable = sp_xml_child(rt, "Pannable"), *outs = main_shell(rt);
  /* A bus or master of more than two channels: the layout of as many */
  if (!track && inputs > 2) {
    s->layout = inputs <= SP_MAX_CHANNELS ? sp_layout_by_count((int)inputs) : NULL;
    if (!s->layout)
      loss(r, s, rt, "%zu channels: no layout has as many; read as stereo", inputs);
    else
      sp_mix_note(s, "%zu channels: %s (%s), by their count", inputs, s->layout->name,
                  s->layout->text);
  }
  const bool wide = n_out > 2 && !sp_xml_bool(outs, "bypassed", false);
  const panner pn = wide ? (panner){0} : panner_of(r, outs, pannable, inputs, NULL);
  s->pan.value = pn.pan;
  s->has_width = pn.has_width;
  s->width = pn.width;
  if (pn.other)
    loss(r, s, rt, "Ardour's panner '%s': rendered as a balance", pn.other);
  if (wide) {
    /* into more than two outputs: Ardour's VBAP, its gains as a matrix
     * (inputs as many as the outputs of a bus: each its own signal) */
    s->pan_gains = ardour_vbap_gains(r, s, pannable, inputs, (int)n_out,
                                     sp_layout_by_count((int)n_out));
    if (s->pan_gains)
      fixed_controls(r, s, pannable, (const char *const[]){"pan-azimuth", "pan-width", NULL});
  } else if (sp_xml_bool(outs, "bypassed", false)) {
    sp_mix_note(s, "its panner is bypassed: Ardour copies %s",
                inputs == 1 ? "it to the left output" : "each input to its output");
  } else {
    automation(r, s, pannable, "pan-azimuth", false, &s->pan);
    if (pn.has_width)
      ardour_widths(r, s, pannable);
  }
  if (mute_moves)
    vca_mutes(r, s, rt, mute);
  else
    ardour_mutes(r, s, rt);
  ardour_phases(r, s, rt, inputs);
  /* Solo automation: Ardour 7.3's export does not play it (measured,
   * docs/sessions.md): the solo holds its value there too, no loss. */
  if (plays_events(automation_list(rt, "solo")))
    sp_mix_note(s, "its solo automation is not played, as Ardour 7.3's export does not play it: "
                   "its solo stays at its value");
  if (instrument)
    midi_automation(r, s, rt);
  /* Processors, in order: the fader splits pre from post; a MIDI track's
   * plugins before its instrument play MIDI. */
  bool past_fader = false, past_instrument = !instrument;
  const xmlNode *fader_masters = NULL; /* an automated fader's control */
  for (const xmlNode *p = sp_xml_child(rt, "Processor"); p; p = sp_xml_next(p, "Processor")) {
    const char *type = sp_xml_attr(p, "type");
    if (!type)
      continue;
    if (strcmp(type, "amp") == 0) {
      const xmlNode *gc = controllable(p, "gaincontrol");
      s->gain.value = sp_lin_to_db(value_of(r, gc, 1));
      past_fader = true;
      r->vca_steps = 0;
      if (automation(r, s, p, "gain", true, &s->gain))
        fader_masters = gc;
      else if (!vca_moves(r, gc, "gain", 0) || !vca_gain_moves(r, s, gc, value_of(r, gc, 1)))
        vca_level(r, s, gc, &s->gain.value);
    } else if (strcmp(type, "trim") == 0) {
      s->trim_db = sp_lin_to_db(value_of(r, controllable(p, "trimcontrol"), 1));
      automation(r, s, p, "trim", true, &s->trims); /* an Amp as the fader is */
    } else if (strcmp(type, "lv2") == 0 && !past_instrument) {
      if (p == instrument) {
        char *text = plugin_text(r, s, p);
        s->instrument = text ? sp_xasprintf("%s}", text) : NULL;
        free(text);
        char first[256];
        if (sidechain_sends(p, first, sizeof first) > 0)
          loss(r, s, p, "its instrument's sidechain input (fed by '%s'): left out", first);
        past_instrument = true;
      } else if (sp_xml_bool(p, "active", true)) {
        loss(r, s, p,
             "a MIDI plugin before the instrument: left out (the instrument plays the regions' "
             "MIDI as it is)");
      }
    } else if (is_plugin(type)) {
      /* after the fader: the recipe's post_inserts, in Ardour's order */
      const size_t before = s->n_inserts;
      plugin(r, s, routes, p);
      if (past_fader)
        s->n_post += s->n_inserts - before;
    } else if (strcmp(type, "intsend") == 0) {
      const char *target = sp_xml_attr(p, "target");
      const char *role = sp_xml_attr(p, "role");
      if (!target || (role && strcmp(role, "Aux") != 0))
        continue;
      if (!sp_xml_bool(p, "active", true))
        continue;
      if (master) {
        loss(r, s, p, "a send from master: master feeds nothing in a recipe; left out");
        continue;
      }
      sp_mix_send *x = sp_mix_send_add(s, target);
      x->level.value = sp_lin_to_db(value_of(r, controllable(p, "gaincontrol"), 1));
      automation(r, s, p, "send", true, &x->level);
      const int tap = tap_point(rt, p, NULL);
      x->pre = tap == TAP_PRE;
      x->fader = tap == TAP_FADER;
      /* between two plugins after the fader: after those imported before
       * it (this route's post_inserts so far) */
      x->after = tap == TAP_FADER ? s->n_post : 0;
      /* Its panner: the route's pannable when linked, else its own; of
       * the kind its own shell says. The recipe's send keeps the strip's
       * width. */
      const xmlNode *shell = sp_xml_child(p, "PannerShell");
      bool linked = !shell || sp_xml_bool(shell, "linked-to-route", true);
      if (wide) { /* the route's VBAP gains: the send takes them, into as many channels */
        if (!linked)
          loss(r, s, p, "a send with a panner of its own from a route of %zu outputs: it "
               "takes the route's gains", n_out);
        continue;
      }
      panner sp = linked ? panner_of(r, shell, pannable, inputs, &pn)
                         : panner_of(r, shell, sp_xml_child(p, "Pannable"), inputs, NULL);
      if (!linked || sp.pan != pn.pan) {
        x->has_pan = true;
        x->pan.value = sp.pan;
        if (!sp_xml_bool(shell, "bypassed", false))
          automation(r, s, sp_xml_child(p, "Pannable"), "pan-azimuth", false, &x->pan);
      }
      if (sp.has_width != pn.has_width || (sp.has_width && sp.width != pn.width))
        loss(r, s, p, "its panner's width differs from its route's: it is panned with the route's");
      if (sp.other)
        loss(r, s, p, "Ardour's panner '%s': rendered as a balance", sp.other);
    } else if (strcmp(type, "send") == 0 && sp_xml_attr(p, "name") &&
               feeds_sidechain(routes, sp_xml_attr(p, "name"))) {
      /* the key's feed: its level is the key's (plugin()) */
    } else if (strcmp(type, "send") == 0 || strcmp(type, "port") == 0 ||
               strcmp(type, "lua") == 0 ||
               strcmp(type, "luaproc") == 0 || strcmp(type, "vst") == 0 ||
               strcmp(type, "lxvst") == 0 || strcmp(type, "vst3") == 0) {
      if (sp_xml_bool(p, "active", true))
        loss(r, s, p, "a %s processor: left out", type);
    }
  }
  if (fader_masters)
    vca_under_automation(r, s, fader_masters);
  /* Where its output goes. */
  if (!master) {
    size_t n = 0;
    char **dest = outputs(rt, &n);
    if (n == 0) {
      if (track)
        s->mute = true;
      else
        s->to_none = true;
      sp_mix_note(s, "its output is connected to no route: not in the mix");
    }
    /* The main output: master when it is among them (a send cannot feed
     * master), else the first. Each other route the output feeds hears
     * the same signal a post-fader send at 0 dB gives it. */
    size_t main = 0;
    for (size_t i = 0; i < n; i++) {
      const xmlNode *to = route_by_name(routes, dest[i]);
      if (to && has_flag(to, "MasterOut"))
        main = i;
    }
    for (size_t i = 0; i < n; i++) {
      const xmlNode *to = route_by_name(routes, dest[i]);
      if (!to)
        continue;
      if (i == main) {
        if (!has_flag(to, "MasterOut"))
          s->to = sp_xstrdup(sp_xml_attr(to, "id"));
      } else {
        sp_mix_send *x = sp_mix_send_add(s, sp_xml_attr(to, "id"));
        x->level.value = 0;
        x->pre = false;
        sp_mix_note(s, "its output also feeds '%s': a post-fader send at 0 dB", dest[i]);
      }
    }
    if (n >= 1 && !wide && n_out <= 2)
      narrow_into_wide(r, s, route_by_name(routes, dest[main]), rt, &pn, inputs, n_out);
    for (size_t i = 0; i < n; i++)
      free(dest[i]);
    free(dest);
  }
  if (track && instrument)
    midi_playlist(r, s, root, playlist_id);
  else if (track) {
    r->track_inputs = inputs;
    playlist(r, s, root, playlist_id);
  }
}

/* A route of one or two outputs wired into some inputs of a destination
 * of more than two (an LFE feed into master's fourth, a stereo return into
 * its fifth and sixth): what Ardour's panner of one or two outputs gives
 * each, as a gain matrix over the destination's channels those inputs
 * are. */
static void narrow_into_wide(reader *r, sp_mix_strip *s, const xmlNode *to, const xmlNode *rt,
                             const panner *pn, size_t inputs, size_t n_out)
{
  const size_t width = to ? io_ports(to, "Input") : 0;
  const sp_layout *l = width > 2 && width <= SP_MAX_CHANNELS ? sp_layout_by_count((int)width) : NULL;
  const char *to_name = to ? sp_xml_attr(to, "name") : NULL;
  if (!l || !to_name || inputs > 2 || n_out == 0)
    return;
  /* g[out][in]: the panner of n_out outputs */
  double g[2][2] = {{0, 0}, {0, 0}};
  const bool bypassed = sp_xml_bool(main_shell(rt), "bypassed", false);
  if (n_out == 1 || bypassed) {
    for (size_t k = 0; k < n_out && k < inputs; k++)
      g[k][k] = 1;
  } else if (inputs == 1) {
    sp_pan_quadratic(pn->pan, &g[0][0], &g[1][0]);
  } else if (!pn->has_width && !pn->other) {
    sp_pan_balance_linear(pn->pan, &g[0][0], &g[1][1]);
  } else {
    loss(r, s, rt, "a stereo panner with a width into some of %s's %zu inputs: placed by "
         "stemprint's panner", to_name, width);
    return;
  }
  double m[2][SP_MAX_CHANNELS] = {{0}}; /* [input][the destination's channel] */
  for (size_t k = 0; k < n_out; k++) {
    const int port = wired_port(rt, k, to_name);
    if (port < 1 || port > (int)width) {
      loss(r, s, rt, "its output %zu is wired to none of %s's inputs: left out", k + 1, to_name);
      continue;
    }
    for (size_t i = 0; i < inputs; i++)
      m[i][port - 1] += (double)(float)g[k][i];
  }
  free(s->pan_gains);
  s->pan_gains = gains_text(l, inputs, (const double(*)[SP_MAX_CHANNELS])m);
  s->pan.value = 0;
  s->has_width = false;
  if (s->pan.n)
    loss(r, s, rt, "pan automation into some of %s's inputs: held at its start", to_name);
  sp_mix_note(s, "its %zu output%s wired into %s's inputs as they are (%s is %s): a gain matrix",
              n_out, n_out == 1 ? "" : "s", to_name, to_name, l->name);
}

char *sp_ardour_session_file(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return sp_xstrdup(path);
  char *copy = sp_xstrdup(path);
  size_t n = strlen(copy);
  while (n > 1 && copy[n - 1] == '/')
    copy[--n] = '\0';
  const char *base = strrchr(copy, '/');
  char *f = sp_xasprintf("%s/%s.ardour", copy, base ? base + 1 : copy);
  if (access(f, F_OK) != 0) {
    /* Else the one .ardour file in it (a snapshot, .bak, .pending or
     * .history file is not one). */
    free(f);
    f = NULL;
    size_t found = 0;
    DIR *dd = opendir(copy);
    for (struct dirent *e; dd && (e = readdir(dd));) {
      size_t k = strlen(e->d_name);
      if (k > 7 && strcmp(e->d_name + k - 7, ".ardour") == 0 && e->d_name[0] != '.') {
        free(f);
        f = sp_xasprintf("%s/%s", copy, e->d_name);
        found++;
      }
    }
    if (dd)
      closedir(dd);
    if (found != 1) {
      free(f);
      f = NULL;
    }
  }
  free(copy);
  return f;
}

sp_err sp_ardour_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d)
{
  reader r = {0};
  char *file = sp_ardour_session_file(path);
  if (!file) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: a folder with more than one .ardour file; name the snapshot's file",
                       path);
    return SP_ERR_USAGE;
  }
  r.path = file;
  r.o = o;
  r.m = m;
  r.d = d;
  r.where = (sp_session_where){.d = d, .m = m, .file = file};
  r.dir = sp_fs_folder_of(file);
  r.recipe_dir = o->recipe ? sp_fs_folder_of(o->recipe) : sp_xstrdup(r.dir);
  /* MIDI regions' files go where embedded audio goes (reader.h) */
  if (o->audio_dir && o->audio_dir[0] != '/') {
    char cwd[PATH_MAX];
    r.midi_dir = getcwd(cwd, sizeof cwd) ? sp_xasprintf("%s/%s", cwd, o->audio_dir)
                                         : sp_xstrdup(o->audio_dir);
  } else if (o->audio_dir) {
    r.midi_dir = sp_xstrdup(o->audio_dir);
  } else {
    r.midi_dir = sp_session_audio_cache();
    r.midi_cache = true;
  }
  char why[512];
  char *text = NULL;
  size_t n = 0;
  sp_err rc = sp_fs_read_all(file, SP_ARDOUR_MAX_XML, &text, &n, why, sizeof why);
  if (rc != SP_OK) {
    sp_diags_add_whole(d, SP_SEV_ERROR, rc, "%s: %s", file, why);
    goto out;
  }
  r.doc = sp_xml_parse(file, text, n, d);
  free(text);
  if (!r.doc) {
    rc = sp_diags_status(d);
    goto out;
  }
  const xmlNode *root = xmlDocGetRootElement(r.doc);
  r.root = root;
  if (!sp_xml_is(root, "Session")) {
    error(&r, root, SP_ERR_USAGE, "not an Ardour session: its root element is <%s>, not <Session>",
          root ? (const char *)root->name : "");
    rc = SP_ERR_USAGE;
    goto out;
  }
  double version = 0, rate = 0;
  sp_xml_number(root, "version", &version, file, d);
  if (!sp_xml_number(root, "sample-rate", &rate, file, d) || rate < 8000 || rate > 768000) {
    error(&r, root, SP_ERR_USAGE, "Session: sample-rate %g is not one stemprint renders at", rate);
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (!(version >= 0 && version < 100000)) { /* Ardour's are 3001 to 7003 */
    error(&r, root, SP_ERR_USAGE, "Session: version %g is not an Ardour session's", version);
    rc = SP_ERR_USAGE;
    goto out;
  }
  r.version = (int)version;
  r.rate = rate;
  m->rate = rate;
  m->pan_law = SP_PAN_LAW_QUADRATIC; /* Ardour's panners */
  m->cycle_ardour = true;
  m->format = sp_xasprintf("Ardour session, format %d", r.version);
  if (r.version < 6000) {
    /* Ardour 2 .. 5 write routes, panners and regions otherwise: read as
     * if they were Ardour 6's, tracks become buses. */
    error(&r, root, SP_ERR_USAGE,
          "Session: format %d is Ardour 5's or older; stemprint reads the sessions of Ardour 6 "
          "and later (format 6000 and up): open it in Ardour 6 or later, save it, and import "
          "that",
          r.version);
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (r.version >= 8000)
    sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK,
                       "%s: Ardour session format %d; stemprint reads 6000 .. 7999 (Ardour 6 "
                       "and 7) and reads this one as if it were",
                       file, r.version);
  if (sp_ardour_map_read(&r.map, sp_xml_child(root, "TempoMap"), file, d) != SP_OK) {
    rc = SP_ERR_USAGE;
    goto out;
  }
  read_sources(&r, root);
  const xmlNode *routes = sp_xml_child(root, "Routes");
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    route(&r, root, routes, rt);
  /* Sends reach buses; routing to an id that is not a bus is master's. */
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->to && !sp_mix_find(m, s->to)) {
      free(s->to);
      s->to = NULL;
    }
    for (size_t k = 0; k < s->n_sends; k++) {
      sp_mix_strip *t = sp_mix_find(m, s->sends[k].to);
      if (!t || t->kind != SP_MIX_BUS) {
        char *el = sp_xasprintf("an aux send of '%s'", s->title);
        sp_mix_loss(m, s, el, "it feeds no bus: left out");
        free(el);
        sp_mix_send_remove(s, k--);
      }
    }
  }
  rc = sp_diags_status(d);
out:
  /* A failed import leaves none of the MIDI it wrote beside the recipe;
   * the cache keeps its bound. */
  if (rc != SP_OK && !r.midi_cache)
    for (size_t i = 0; i < r.n_written; i++)
      unlink(r.written[i]);
  else if (r.midi_cache && r.n_written > 0)
    sp_session_audio_prune(r.midi_dir, (const char *const *)r.written, r.n_written);
  for (size_t i = 0; i < r.n_written; i++)
    free(r.written[i]);
  free(r.written);
  free(r.midi_dir);
  for (size_t i = 0; i < r.n_midi; i++)
    sp_ardour_model_free(r.midi[i].model);
  free(r.midi);
  sp_ardour_map_free(&r.map);
  sp_xml_free(r.doc);
  for (size_t i = 0; i < r.n_sources; i++)
    free(r.sources[i].path);
  free(r.sources);
  free(r.dir);
  free(r.recipe_dir);
  free(file);
  return rc;
}
