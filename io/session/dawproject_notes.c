/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DAWproject notes clips as MIDI files (io/session/dawproject_reader.h):
 * notes, expressions and aliased clips played as the timeline plays
 * them, into an instrument track's part. */

#include "io/session/dawproject_reader.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

/* ---- notes -------------------------------------------------------------------------------- */

/* An instrument track's clips become one MIDI file of its part on the
 * session's timeline, in frames (io/session/part.h), played by one
 * region: every clip's notes and expressions where the clip plays them
 * (its window), its loops unrolled, its clips in clips cut to it. A
 * window's offset maps its content's times to the lane's, as for audio
 * clips (window.offset); its start and end, in seconds, cut what plays. */

notes_track *dp_notes_of(reader *r, const sp_mix_strip *s)
{
  for (size_t i = 0; s && i < r->n_notes; i++)
    if (strcmp(r->notes[i].strip_id, s->id) == 0)
      return &r->notes[i];
  return NULL;
}

/* Second sec as a frame of the session; -1 before 0 or past a day. */
static int64_t frame_of(const reader *r, double sec)
{
  if (!(sec >= 0) || sec >= SP_MAX_SECONDS)
    return -1;
  return llround(sec * r->rate);
}

/* One more note, point or clip read: false, with an error the first
 * time, past the import's bounds. */
static bool spend(reader *r, const xmlNode *n)
{
  if (++r->visits <= SP_DAWPROJECT_MAX_VISITS && r->events <= SP_DAWPROJECT_MAX_EVENTS)
    return true;
  if (!r->said_events)
    error(r, n, SP_ERR_USAGE,
          "%s: more than %d MIDI messages, or %d notes, points and clips read with their loops "
          "and clips in clips; a session this large is not one stemprint renders",
          (const char *)n->name, SP_DAWPROJECT_MAX_EVENTS, SP_DAWPROJECT_MAX_VISITS);
  r->said_events = true;
  return false;
}

/* What of a part lies past a day: said once. */
static void too_late(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n)
{
  if (!nt->said_late)
    loss(r, s, n, "notes or points past %s: left out (a recipe lasts at most as long)",
         SP_MAX_TEXT);
  nt->said_late = true;
}

/* Whether n is said to be wrong for the first time (a clip's loop and
 * its aliases read a note again and again; its error is said once). */
static bool first_error(reader *r, const xmlNode *n)
{
  for (size_t i = 0; i < r->n_bad; i++)
    if (r->bad[i] == n)
      return false;
  r->bad = sp_xreallocarray(r->bad, r->n_bad + 1, sizeof *r->bad);
  r->bad[r->n_bad++] = n;
  return true;
}

/* A Note's number attribute name into *v (left alone when absent); false,
 * with an error, when it is not a number. */
static bool note_number(reader *r, const xmlNode *n, const char *name, double *v)
{
  const char *s = sp_xml_attr(n, name);
  char why[160];
  if (!s || sp_xml_double_said(s, v, why, sizeof why))
    return true;
  if (first_error(r, n)) /* the words' own fix, else the note's */
    error(r, n, SP_ERR_USAGE, "Note: %s: %s%s", name, why,
          strchr(why, ';') ? "" : "; fix the note");
  return false;
}

static void note(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n, const window *w)
{
  if (!spend(r, n))
    return;
  double time = 0, dur = 0, ch = 0, key = 0, vel = 100.0 / 127, rel = 64.0 / 127;
  if (!note_number(r, n, "time", &time) || !note_number(r, n, "duration", &dur) ||
      !note_number(r, n, "channel", &ch) || !note_number(r, n, "key", &key) ||
      !note_number(r, n, "vel", &vel) || !note_number(r, n, "rel", &rel))
    return;
  const char *bad = ch < 0 || ch > 15 || ch != floor(ch)        ? "channel"
                    : key < 0 || key > 127 || key != floor(key) ? "key"
                    : dur < 0                                   ? "duration"
                                                                : NULL;
  if (bad) {
    if (first_error(r, n))
      error(r, n, SP_ERR_USAGE, "Note: %s %s is %s; fix the note", bad, sp_xml_attr(n, bad),
            bad[0] == 'c'   ? "not a MIDI channel (0 to 15, as DAWproject counts them)"
            : bad[0] == 'k' ? "not a MIDI key (0 to 127)"
                            : "negative (a note lasts 0 or more from its time)");
    return;
  }
  if (sp_xml_child(n, NULL) && !nt->said_per_note) {
    loss(r, s, n,
         "per-note expressions (a note's own timelines): MIDI 1.0 has no message for them; "
         "left out");
    nt->said_per_note = true;
  }
  const double on = dp_sec_of(r, w, w->offset + time);
  if (!(on >= w->start && on < w->end))
    return;
  /* Its end, or its window's (its clip's, its loop pass's) when it
   * reaches that frame. */
  const double off = dp_sec_of(r, w, w->offset + time + fmax(dur, 0));
  const int64_t f_end = isfinite(w->end) ? frame_of(r, w->end) : -1;
  const int64_t f_on = frame_of(r, on);
  int64_t f_off = frame_of(r, off);
  const bool at_end = !(off < w->end) || (f_end >= 0 && f_off >= f_end);
  if (at_end)
    f_off = frame_of(r, w->end);
  if (f_on < 0 || f_off < 0) {
    too_late(r, nt, s, n);
    return;
  }
  if (!sp_xml_peek(n, "vel") && !nt->said_no_vel) { /* (a release velocity's is MIDI's 64) */
    loss(r, s, n,
         "a note without vel: the format names no velocity for it (each DAW has its own); "
         "played at 100 of 127, as each such note of the track");
    nt->said_no_vel = true;
  }
  if ((vel < 0 || vel > 1 || rel < 0 || rel > 1) && !nt->said_value) {
    loss(r, s, n, "a velocity of %g or release velocity of %g, beyond 0 .. 1: held within", vel,
         rel);
    nt->said_value = true;
  }
  const long v = lround(fmin(fmax(vel, 0), 1) * 127), rv = lround(fmin(fmax(rel, 0), 1) * 127);
  sp_part_note(&nt->part, f_on, f_off, (int)ch, (int)key, v < 1 ? 1 : (int)v, (int)rv, at_end);
  r->events += 2;
}

/* The messages of one expression, cut to a window: a point before the
 * window leaves its value pending, sent at the window's start unless a
 * message comes there; a ramp's message at the frame of the next one's
 * gives way to it. */
typedef struct xsend {
  reader *r;
  notes_track *nt;
  const window *w;
  int status, ch, num; /* what it sends (sp_dp_expressions) */
  bool pending;
  int pending_q;
  bool held; /* a ramp's message, held until the next message says whether it stays */
  int64_t held_frame;
  int held_q;
} xsend;

static void xsend_out(xsend *x, int64_t frame, int q)
{
  uint8_t m[3];
  const uint8_t size = sp_part_message(x->status, x->ch, x->num, q, m);
  sp_part_control(&x->nt->part, frame, m, size);
  x->r->events++;
}

static void xsend_flush(xsend *x)
{
  if (x->held)
    xsend_out(x, x->held_frame, x->held_q);
  x->held = false;
}

/* Value q at content second sec; a ramp's (ramp) may be replaced. */
static void xsend_put(xsend *x, double sec, int q, bool ramp, const xmlNode *at)
{
  if (sec < x->w->start) {
    x->pending = true;
    x->pending_q = q;
    return;
  }
  if (!(sec < x->w->end))
    return;
  const int64_t f = frame_of(x->r, sec);
  if (f < 0) {
    too_late(x->r, x->nt, NULL, at);
    return;
  }
  if (x->pending) {
    const int64_t f0 = frame_of(x->r, x->w->start);
    if (f0 >= 0 && f0 < f)
      xsend_out(x, f0, x->pending_q);
    x->pending = false;
  }
  if (x->held && x->held_frame != f)
    xsend_flush(x);
  x->held = false;
  if (ramp) {
    x->held = true;
    x->held_frame = f;
    x->held_q = q;
  } else {
    xsend_out(x, f, q);
  }
}

void dp_expression(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *pts, const window *w)
{
  const xmlNode *tg = sp_xml_child(pts, "Target");
  const char *ex = sp_xml_attr(tg, "expression");
  size_t k = 0;
  while (ex && k < 5 && strcmp(ex, sp_dp_expressions[k].name) != 0)
    k++;
  if (!ex || k == 5) {
    loss(r, s, pts, "the '%s' expression: MIDI 1.0 has no message for it; left out", ex ? ex : "");
    return;
  }
  double ch = 0, num = 0;
  number(r, tg, "channel", &ch);
  const int status = sp_dp_expressions[k].status;
  const char *numa = sp_dp_expressions[k].number;
  const bool num_ok =
      !numa || (number(r, tg, numa, &num) && num >= 0 && num <= 127 && num == floor(num));
  if (ch < 0 || ch > 15 || ch != floor(ch) || !num_ok) {
    loss(r, s, pts, "the %s expression of channel %g%s%s: MIDI's channels are 0 to 15%s; left out",
         ex, ch, numa ? ", without a " : "", numa ? numa : "",
         numa ? " and its controllers and keys 0 to 127" : "");
    return;
  }
  const char *unit = sp_xml_attr(pts, "unit");
  const double scale = !unit || strcmp(unit, "normalized") == 0 ? 1
                       : strcmp(unit, "percent") == 0           ? 0.01
                                                                : NAN;
  if (isnan(scale)) {
    loss(r, s, pts, "the %s expression in unit '%s' (MIDI's are normalized, 0 .. 1): left out", ex,
         unit);
    return;
  }
  const int steps = status == 0xE0 ? 16383 : 127;
  xsend x = {.r = r, .nt = nt, .w = w, .status = status, .ch = (int)ch, .num = (int)num};
  double px = 0, pv = 0;
  int pq = 0;
  bool have = false, linear = false, said = false;
  for (const xmlNode *p = sp_xml_child(pts, NULL); p; p = sp_xml_next(p, NULL)) {
    if (sp_xml_is(p, "Target"))
      continue;
    if (!spend(r, p))
      return;
    double t = 0, v = 0;
    if (!number(r, p, "time", &t))
      continue;
    int q = 0;
    if (sp_xml_is(p, "RealPoint")) {
      if (!number(r, p, "value", &v))
        continue;
      v *= scale;
      if ((v < 0 || v > 1) && !said) {
        loss(r, s, p, "the %s expression at %g, beyond 0 .. 1: held within", ex, v);
        said = true;
      }
      v = fmin(fmax(v, 0), 1);
      q = (int)lround(v * steps);
    } else if (sp_xml_is(p, "BoolPoint")) {
      q = sp_xml_bool(p, "value", false) ? steps : 0;
      v = q / (double)steps;
    } else if (sp_xml_is(p, "IntegerPoint") || sp_xml_is(p, "EnumPoint")) {
      if (!number(r, p, "value", &v))
        continue;
      q = (int)fmin(fmax(round(v), 0), steps);
      v = q / (double)steps;
    } else {
      continue;
    }
    if (have && t < px) {
      error(r, p, SP_ERR_USAGE,
            "%s: time %g comes before the point above it; points must be in time order",
            (const char *)p->name, t);
      return;
    }
    if (have && linear && t > px && q != pq) {
      const int dir = q > pq ? 1 : -1;
      for (int m = pq + dir; m != q; m += dir) {
        if (!spend(r, p))
          return;
        const double vb = (m - dir * 0.5) / steps;
        const double xb = px + (vb - pv) / (v - pv) * (t - px);
        xsend_put(&x, dp_sec_of(r, w, w->offset + xb), m, true, p);
      }
    }
    xsend_put(&x, dp_sec_of(r, w, w->offset + t), q, false, p);
    linear = sp_xml_is(p, "RealPoint") && !dp_point_holds(p);
    px = t;
    pv = v;
    pq = q;
    have = true;
  }
  xsend_flush(&x);
  if (x.pending) { /* every point before the window: its value holds in it */
    const int64_t f0 = frame_of(r, w->start);
    if (f0 >= 0 && w->start < w->end)
      xsend_out(&x, f0, x.pending_q);
  }
}

void dp_notes_content(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n,
                      const window *w, int depth)
{
  if (depth > SP_DAWPROJECT_MAX_DEPTH || !spend(r, n)) {
    if (depth > SP_DAWPROJECT_MAX_DEPTH && !nt->said_content)
      loss(r, s, n, "clips inside clips (or aliases of them) more than %d deep: left out",
           SP_DAWPROJECT_MAX_DEPTH);
    nt->said_content |= depth > SP_DAWPROJECT_MAX_DEPTH;
    return;
  }
  const char *tu = sp_xml_attr(n, "timeUnit");
  if (tu && dp_unit_beats(tu, w->beats) != w->beats) {
    loss(r, s, n, "a %s counting time in %s inside a timeline in %s: left out",
         (const char *)n->name, tu, w->beats ? "beats" : "seconds");
    return;
  }
  if (sp_xml_is(n, "Notes")) {
    for (const xmlNode *x = sp_xml_child(n, "Note"); x; x = sp_xml_next(x, "Note"))
      note(r, nt, s, x, w);
  } else if (sp_xml_is(n, "Lanes")) {
    for (const xmlNode *x = sp_xml_child(n, NULL); x; x = sp_xml_next(x, NULL))
      dp_notes_content(r, nt, s, x, w, depth + 1);
  } else if (sp_xml_is(n, "Clips")) {
    for (const xmlNode *x = sp_xml_child(n, "Clip"); x; x = sp_xml_next(x, "Clip"))
      dp_notes_clip(r, nt, s, x, w, depth + 1);
  } else if (sp_xml_is(n, "Points")) {
    if (sp_xml_attr(sp_xml_child(n, "Target"), "expression"))
      dp_expression(r, nt, s, n, w);
    else
      loss(r, s, n, "automation inside a note clip: left out");
  } else if (!sp_xml_is(n, "markers") && !sp_xml_is(n, "Markers")) {
    if (!nt->said_content)
      loss(r, s, n, "%s in an instrument track's clip: it plays notes only; left out",
           (const char *)n->name);
    nt->said_content = true;
  }
}

void dp_notes_clip(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *c, const window *w,
                   int depth)
{
  if (!sp_xml_bool(c, "enable", true)) {
    sp_xml_read_all(c); /* off: plays nothing, nothing of it lost */
    return;
  }
  if (!spend(r, c))
    return;
  double time = 0, dur = 0, ps = 0, stop = 0, ls = 0, le = 0;
  if (!number(r, c, "time", &time))
    return;
  const double lane_t = w->offset + time, start = dp_sec_of(r, w, lane_t);
  const bool has_dur = number(r, c, "duration", &dur);
  if (has_dur && dp_clip_duration_negative(r, c, dur))
    return; /* (its notes go into the track's MIDI: no region of its own to carry it) */
  number(r, c, "playStart", &ps);
  const bool has_stop = number(r, c, "playStop", &stop);
  if (has_stop && dp_clip_stops_before_start(r, s, c, has_dur, ps, stop))
    return;
  /* The content's own unit: its times map to the lane's through the
   * clip's start, whatever the units. */
  window cm = {0, INFINITY, dp_unit_beats(sp_xml_attr(c, "contentTimeUnit"), w->beats), 0};
  cm.offset = cm.beats == w->beats ? lane_t - ps
              : cm.beats           ? dp_beats_of(&r->tm, start) - ps
                                   : start - ps;
  const double end = has_dur    ? dp_sec_of(r, w, lane_t + dur)
                     : has_stop ? dp_sec_of(r, &cm, cm.offset + stop)
                                : w->end;
  double fi = 0, fo = 0;
  number(r, c, "fadeInTime", &fi);
  number(r, c, "fadeOutTime", &fo);
  if ((fi != 0 || fo != 0) && !nt->said_fade) {
    loss(r, s, c, "fades on a note clip (MIDI has none): left out");
    nt->said_fade = true;
  }
  const xmlNode *content = sp_xml_child(c, NULL);
  const char *ref = dp_clip_reference(r, s, c);
  if (!content && ref)
    content = dp_find_id(r, ref);
  const double c_start = fmax(fmax(start, w->start), 0), c_end = fmin(end, w->end);
  if (!content || !(c_end > c_start))
    return;
  if (depth == 0 && isfinite(c_end)) {
    const int64_t f = frame_of(r, fmin(c_end, SP_MAX_SECONDS - 1));
    if (f > nt->clips_end)
      nt->clips_end = f;
  }
  const double ce = has_stop ? stop : INFINITY;
  bool loops = dp_clip_loop(r, s, c, false, NAN, &ls, &le);
  if (loops && !(c_end < INFINITY)) { /* (as an audio clip's: dawproject_clips.c) */
    loss(r, s, c,
         "a loop with no duration or playStop, from which the format takes a clip's length: "
         "played once, unlooped");
    loops = false;
  }
  if (!loops) {
    window x = cm;
    x.start = c_start;
    x.end = isinf(ce) ? c_end : fmin(c_end, dp_sec_of(r, &cm, cm.offset + ce));
    if (x.end > x.start)
      dp_notes_content(r, nt, s, content, &x, depth + 1);
    return;
  }
  /* Pass k plays the content from loopStart (the first from playStart)
   * to loopEnd, k loop lengths later (each from the clip's start, not
   * the pass before: no drift adds up), to the clip's end or a day's;
   * each pass counts as a clip read (spend: the import's bound, said). */
  const double hi = fmin(le, ce), last = fmin(c_end, SP_MAX_SECONDS);
  for (double k = 0;; k++) {
    const double lo = k == 0 ? ps : ls;
    if (!(hi > lo) || (k > 0 && !spend(r, c)))
      break;
    window x = cm;
    x.offset = cm.offset + k * (le - ls);
    const double a = dp_sec_of(r, &x, x.offset + lo), b = dp_sec_of(r, &x, x.offset + hi);
    if (!(a < last))
      break;
    x.start = fmax(c_start, a);
    x.end = fmin(c_end, b);
    if (x.end > x.start)
      dp_notes_content(r, nt, s, content, &x, depth + 1);
  }
}

void dp_notes_region(reader *r, notes_track *nt)
{
  sp_mix_strip *s = sp_mix_find(r->m, nt->strip_id);
  if (!s || nt->part.n == 0)
    return;
  sp_part_sort(&nt->part);
  int64_t end = nt->clips_end;
  for (size_t i = 0; i < nt->part.n; i++)
    if (!nt->part.v[i].at_end && nt->part.v[i].frame + 1 > end)
      end = nt->part.v[i].frame + 1;
  for (size_t i = 0; i < nt->part.n; i++) /* the file says what the region plays */
    if (nt->part.v[i].frame >= end)
      nt->part.v[i].msg[2] = 0;
  sp_midi_file *f = sp_part_midi(&nt->part, r->rate, nt->title, end);
  /* Its name beside the recipe: the track's, cut to safe characters. */
  char *name = sp_xstrdup(nt->title && *nt->title ? nt->title : "notes");
  if (strlen(name) > 100)
    name[100] = '\0';
  for (char *c = name; *c; c++)
    if (*c == '/')
      *c = '_';
  char *base = dp_safe_base(name);
  free(name);
  char why[512];
  bool made = false;
  char *path = sp_session_write_midi(r->audio_dir, r->audio_cache, r->o->stage, base, f, &r->midi,
                                     &r->n_midi, &made, why, sizeof why);
  free(base);
  sp_midi_file_free(f);
  if (!path) {
    sp_diags_add_whole(r->d, SP_SEV_ERROR, SP_ERR_IO, "%s: the notes of track '%s': %s", r->path,
                       nt->title ? nt->title : "", why);
    return;
  }
  if (made) {
    r->created = sp_xreallocarray(r->created, r->n_created + 1, sizeof(char *));
    r->created[r->n_created++] = sp_xstrdup(path);
  }
  char *rel = sp_fs_relative_to(path, r->recipe_dir);
  sp_mix_midi_region_add(s, rel, 0, 0, (double)end / r->rate);
  free(rel);
  free(path);
}
