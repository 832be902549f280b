/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour route's automation as the recipe's moving values
 * (io/session/ardour_reader.h): its lists' events, how its levels
 * interpolate, its pan's width, its mute and polarity stepped at Ardour's
 * export cycles. */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- automation ------------------------------------------------------------- */

const xmlNode *ardour_automation_list(const xmlNode *el, const char *id)
{
  return sp_xml_child_with(sp_xml_child(el, "Automation"), "AutomationList", "automation-id", id);
}

bool ardour_state_plays(reader *r, const xmlNode *al)
{
  /* AutoState, by its exact name (AutomationList::set_state reads it
   * with string_to_auto_state, not EnumWriter: "play" or "4" aborts
   * Ardour as it loads the session) */
  enum { TOUCH = 0x2, PLAY = 0x4, LATCH = 0x8 };
  static const ardour_name states[] = {{"Off", 0},     {"Write", 0x1},   {"Touch", TOUCH},
                                       {"Play", PLAY}, {"Latch", LATCH}, {NULL, 0}};
  return ardour_word(r, al, "state", states, 0) & (PLAY | TOUCH | LATCH);
}

/* Whether Ardour plays list al back when it exports (ardour_state_plays). */
static bool plays(const xmlNode *al)
{
  const bool on = ardour_state_plays(NULL, al);
  if (!on)
    sp_xml_read_all(al); /* not played back: the control's value plays */
  return on;
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

const char *ardour_style(reader *r, const xmlNode *al)
{
  /* AutomationList::InterpolationStyle, EnumWriter's distinct values */
  static const ardour_name styles[] = {{"Discrete", 0},    {"Linear", 1},      {"Curved", 2},
                                       {"Logarithmic", 3}, {"Exponential", 4}, {NULL, 0}};
  if (!al || !sp_xml_attr(al, "interpolation-style"))
    return NULL;
  const unsigned v = ardour_enum(r, al, "interpolation-style", styles, false, 5);
  return v < 5 ? styles[v].name : NULL;
}

sp_interp ardour_level_interpolation(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id,
                                     const double *t, const double *v, size_t n, size_t *keep)
{
  *keep = n;
  const char *style = ardour_style(r, al);
  if (!style)
    style = strcmp(id, "trim") == 0 ? "Logarithmic" : "Exponential";
  if (strcmp(style, "Exponential") == 0)
    return SP_INTERP_EXPONENTIAL;
  if (strcmp(style, "Discrete") == 0)
    return SP_INTERP_DISCRETE;
  if (strcmp(style, "Curved") == 0)
    return SP_INTERP_CURVED;
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
    return SP_INTERP_LOGARITHMIC;
  }
  return SP_INTERP_LINEAR;
}

bool ardour_in_beats(reader *r, const xmlNode *al)
{
  /* Temporal::TimeDomain, EnumWriter's distinct values */
  static const ardour_name domains[] = {{"AudioTime", 0}, {"BeatTime", 1}, {NULL, 0}};
  return ardour_enum(r, al, "time-domain", domains, false, 0) == 1;
}

sp_tempo_map *ardour_beat_list_tempo(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id)
{
  if (!ardour_in_beats(r, al))
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

/* A pan's list (id: its position's or width's, n events) that Ardour 7.3
 * moves otherwise than linearly between its points, which the recipe's pan
 * does: a loss, said. Its interpolation-style is its own (Ardour's editor
 * offers none for a pan, Lua and a hand may set it); Curve::_get_vector
 * ramps two points of a Discrete or Curved list linearly. */
static void pan_style(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id, size_t n)
{
  static const char *const how[][2] = {{"Discrete", "holds each point until the next"},
                                       {"Curved", "draws its spline through the points"},
                                       {"Logarithmic", "moves it along a logarithmic curve"},
                                       {"Exponential", "moves it along the fader law"}};
  const char *style = ardour_style(r, al);
  for (size_t k = 0; style && n >= 2 && k < sizeof how / sizeof how[0]; k++)
    if (strcmp(style, how[k][0]) == 0 && (n > 2 || k >= 2))
      loss(r, s, al,
           "its '%s' list is %s: Ardour 7.3 %s, the recipe moves a pan linearly between its "
           "points",
           id, style, how[k][1]);
}

bool ardour_automation(reader *r, sp_mix_strip *s, const xmlNode *el, const char *id, bool level,
                       sp_auto *a)
{
  const xmlNode *al = ardour_automation_list(el, id);
  if (!plays(al))
    return false;
  double *t = NULL, *v = NULL;
  /* Ardour keeps a trim's events in its range, -20 .. +20 dB
   * (AutomationList::deserialize_events, ParameterDescriptor; its bound
   * is a float, 0.1f, 1.3e-7 dB above the 0.1 here): a trim list never
   * reaches silence; a fader's or a send's in 0 .. its max-gain, 2 (+6 dB,
   * Ardour's default `max-gain`; a user's rc may raise it); a panner's
   * position in 0 .. 1, full left to full right */
  const bool trim = strcmp(id, "trim") == 0, pan = strcmp(id, "pan-azimuth") == 0;
  const double hi = trim ? 10.0 : pan ? 1.0 : ARDOUR_MAX_GAIN;
  size_t n = ardour_list_loaded(r, al, trim ? 0.1 : 0, hi, &t, &v);
  if (n == 0) {
    /* a list Ardour plays that holds no event plays its parameter's
     * default, not the control's value (review 14 F2, F3): the Amp's and
     * the panner's curve fill their buffers with the descriptor's normal
     * (Evoral::Curve::_get_vector), as a list of one point at it plays:
     * unity gain (a fader's, a trim's, a send's), the centre */
    t = sp_xreallocarray(t, 1, sizeof *t);
    v = sp_xreallocarray(v, 1, sizeof *v);
    t[0] = 0;
    v[0] = level ? 1 : 0.5;
    n = 1;
    if (a->value != 0) /* the default in the recipe's terms: 0 dB, pan 0 */
      sp_mix_note(s,
                  "its %s automation plays and holds no point: Ardour plays the parameter's "
                  "default there (%s), not its value (%.2f%s)",
                  id, level ? "0 dB" : "the centre", a->value, level ? " dB" : "");
  }
  for (size_t i = 0; i < n; i++)
    sp_mix_auto_point(a, t[i], level ? sp_lin_to_db(v[i]) : 2 * v[i] - 1);
  if (!level)
    pan_style(r, s, al, id, n);
  if (n > 0) {
    a->value = a->points[0].v;
    if (level) {
      a->ramp = SP_RAMP_LIST;
      size_t keep = n;
      a->interp = ardour_level_interpolation(r, s, al, id, t, v, n, &keep);
      a->n = keep;
    }
    a->tempo = ardour_beat_list_tempo(r, s, al, id); /* a level's or a pan's, held in beats */
    /* a strip's points read from their list's element, a send's too */
    const char *items = a == &s->strip.gain        ? "gain[]"
                        : a == &s->strip.trims     ? "trim[]"
                        : a == &s->strip.pan.plain ? "pan[]"
                                                   : NULL;
    if (items)
      sp_mix_strip_at(s, items, sp_xml_line(al));
    for (size_t k = 0; !items && k < s->n_sends; k++)
      if (a == &s->sends[k].send.level)
        s->sends[k].level_points_line = sp_xml_line(al);
      else if (a == &s->sends[k].send.pan.plain)
        s->sends[k].pan_points_line = sp_xml_line(al);
  }
  free(t);
  free(v);
  return n > 0;
}

bool ardour_plays_events(const xmlNode *al)
{
  const xmlNode *ev = sp_xml_child(al, "events");
  return plays(al) && ev && ev->children;
}

void ardour_fixed_controls(reader *r, sp_mix_strip *s, const xmlNode *el, const char *const *ids)
{
  for (size_t i = 0; ids[i]; i++) {
    const xmlNode *al = ardour_automation_list(el, ids[i]);
    if (ardour_plays_events(al))
      loss(r, s, al, "'%s' automation: the control stays at its value", ids[i]);
  }
}

void ardour_widths(reader *r, sp_mix_strip *s, const xmlNode *pannable)
{
  const xmlNode *al = ardour_automation_list(pannable, "pan-width");
  if (!ardour_plays_events(al)) {
    /* the position moves alone: the panner still reads the width list,
     * which gives its normal value, 0 (Curve::_get_vector) */
    if (s->strip.pan.plain.n > 0 && s->strip.width != 0) {
      sp_mix_note(s,
                  "its position moves, and Ardour then places both channels at its width list's "
                  "normal value, 0 (that list has no events), not its width %g",
                  s->strip.width);
      sp_mix_strip_number(s, SP_KEY_STRIP_WIDTH, 0);
    }
    return;
  }
  double *t = NULL, *v = NULL;
  const size_t n = ardour_list_loaded(r, al, -1, 1, &t, &v); /* the width's range */
  pan_style(r, s, al, "pan-width", n);
  double widest = 0;
  for (size_t i = 0; i < n; i++) {
    sp_mix_auto_point(&s->strip.widths, t[i], v[i]);
    widest = fmax(widest, fabs(s->strip.widths.points[s->strip.widths.n - 1].v));
  }
  free(t);
  free(v);
  if (n == 0)
    return;
  s->strip.widths.value = s->strip.widths.points[0].v;
  if (s->strip.pan.plain.n == 0 && s->strip.pan.plain.value != 0) {
    sp_mix_note(s, "its width moves, and Ardour then places it at its position list's normal "
                   "value, the centre (that list has no events)");
    s->strip.pan.plain.value = 0;
  }
  double room = 1.0 - fabs(s->strip.pan.plain.value);
  for (size_t i = 0; i < s->strip.pan.plain.n; i++)
    room = fmin(room, 1.0 - fabs(s->strip.pan.plain.points[i].v));
  if (widest > room + 1e-9)
    loss(r, s, al,
         "its width reaches %g where its position leaves room for %g: Ardour clamps each "
         "channel to its side, the recipe the width",
         widest, room);
}

/* The events of rt's list id that Ardour plays, as a switch's (on at 0.5
 * and above), each from the start of the export cycle at or after it,
 * into a (frames); how many. *big: whether a value is 2 or more (as a
 * bitset, a channel past the first). A mute's are held in 0 .. 1, its
 * range; a polarity's are read as written (their bits said: *big). */
static size_t cycle_steps(reader *r, const xmlNode *rt, const char *id, sp_auto *a, bool *big)
{
  const xmlNode *al = ardour_automation_list(rt, id);
  double *t = NULL, *v = NULL;
  const bool mute = strcmp(id, "mute") == 0;
  const double lo = mute ? 0 : -INFINITY, hi = mute ? 1 : INFINITY;
  const size_t n = ardour_plays_events(al) ? ardour_list_loaded(r, al, lo, hi, &t, &v) : 0;
  for (size_t i = 0; i < n; i++) {
    const double cycles = ceil(t[i] * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
    sp_mix_auto_frame(a, (cycles > 0 ? cycles : 0) * ARDOUR_MUTE_CYCLE, v[i] >= 0.5);
    *big |= v[i] >= 2;
  }
  free(t);
  free(v);
  return n;
}

void ardour_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt)
{
  bool big = false;
  if (cycle_steps(r, rt, "mute", &s->strip.mutes, &big) == 0)
    return;
  sp_mix_strip_mute(s, false); /* the automation, not the control's value */
  sp_mix_note(s,
              "its mute automation, as Ardour plays it: from the start of the %d-frame cycle "
              "at or after each event, declicked",
              ARDOUR_MUTE_CYCLE);
}

void ardour_phases(reader *r, sp_mix_strip *s, const xmlNode *rt, size_t channels)
{
  bool others = false; /* a value that would invert more than the first channel */
  if (cycle_steps(r, rt, "phase", &s->strip.invert.moves, &others) == 0)
    return;
  if (s->kind == SP_MIX_TRACK && channels > 2) {
    loss(r, s, rt,
         "its polarity automation, on the first of the %zu channels of its disk reader: the "
         "recipe inverts the channels its regions play on, before they are copied onto those; "
         "not played",
         channels);
    sp_auto_free(&s->strip.invert.moves);
    s->strip.invert.moves = (sp_auto){0};
    return;
  }
  s->invert_channels = channels ? channels : 2;
  sp_mix_note(s,
              "its polarity automation, as Ardour plays it: from the start of the %d-frame "
              "cycle at or after each event, declicked; 'on' inverts the first channel alone",
              ARDOUR_MUTE_CYCLE);
  if (others && channels > 1)
    sp_mix_note(s, "its polarity automation inverts other channels too, which Ardour 7.3 plays "
                   "as the first channel's alone (a toggled control: 1 or 0)");
}

/* The token of s after XML's white space into tok (size bytes: one
 * longer is cut, and reads as no number); s past it. */
static const char *token(const char *s, char *tok, size_t size)
{
  s += strspn(s, " \t\n\r");
  size_t k = 0;
  for (; *s && !strchr(" \t\n\r", *s); s++)
    if (k + 1 < size)
      tok[k++] = *s;
    else
      tok[0] = 'x'; /* too long for any number */
  tok[k] = '\0';
  return s;
}

size_t ardour_list_events(reader *r, const xmlNode *al, double **t, double **v)
{
  *t = *v = NULL;
  const xmlNode *ev = sp_xml_child(al, "events");
  if (!ev || !ev->children || !ev->children->content)
    return 0;
  const char *s = (const char *)ev->children->content;
  size_t n = 0, cap = 0;
  while (*s) {
    char tok[64], val[64]; /* "TIME VALUE", each a token of XML's white space */
    s = token(s, tok, sizeof tok);
    if (!*tok)
      break;
    double tt = 0, vv = 0;
    if (!ardour_time_of(r, al, tok, &tt))
      break;
    s = token(s, val, sizeof val);
    if (!sp_xml_double(val, &vv)) { /* (a number as XML writes one: not 0x10) */
      error(r, al, SP_ERR_USAGE, "%s: an event without a value", (const char *)al->name);
      break;
    }
    if (n == cap) { /* room for as many again: one more each was quadratic under ASan */
      cap = cap ? 2 * cap : 16;
      *t = sp_xreallocarray(*t, cap, sizeof **t);
      *v = sp_xreallocarray(*v, cap, sizeof **v);
    }
    (*t)[n] = tt;
    (*v)[n++] = vv;
  }
  return n;
}

/* An event of a list as it is sorted: its time, value and place. */
typedef struct ev_at {
  double t, v;
  size_t i;
} ev_at;

static int by_time(const void *a, const void *b)
{
  const ev_at *x = a, *y = b;
  return x->t < y->t ? -1 : x->t > y->t ? 1 : x->i < y->i ? -1 : x->i > y->i;
}

size_t ardour_list_loaded(reader *r, const xmlNode *al, double lo, double hi, double **t,
                          double **v)
{
  size_t n = ardour_list_events(r, al, t, v);
  for (size_t i = 0; i < n; i++) /* held first, as each is read */
    (*v)[i] = fmin(hi, fmax(lo, (*v)[i]));
  bool sorted = true;
  for (size_t i = 1; sorted && i < n; i++)
    sorted = (*t)[i] >= (*t)[i - 1];
  if (!sorted) { /* stably (std::list::sort) */
    ev_at *e = sp_xreallocarray(NULL, n, sizeof *e);
    for (size_t i = 0; i < n; i++)
      e[i] = (ev_at){(*t)[i], (*v)[i], i};
    qsort(e, n, sizeof *e, by_time);
    for (size_t i = 0; i < n; i++)
      (*t)[i] = e[i].t, (*v)[i] = e[i].v;
    free(e);
  }
  size_t m = 0; /* ControlList::unlocked_remove_duplicates: time and value */
  for (size_t i = 0; i < n; i++)
    if (m == 0 || (*t)[i] != (*t)[m - 1] || (*v)[i] != (*v)[m - 1]) {
      (*t)[m] = (*t)[i];
      (*v)[m++] = (*v)[i];
    }
  return m;
}
