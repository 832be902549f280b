/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Ardour 7.3 plays of a MIDI track (io/session/ardour_midi.h): its
 * sources' models, each region's read, the playlist's render, step for
 * step as libevoral's Sequence and ControlList and libardour's
 * MidiSource, MidiPlaylist and MidiStateTracker do them. Where this file
 * says "Ardour does", it names the function it follows. */

#include "io/session/ardour_midi.h"
#include "io/session/part.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the model ------------------------------------------------------------------ */

/* A note (Evoral::Note): on and off in beat ticks from the source's start. */
typedef struct note {
  int64_t on, off;
  uint8_t ch, key, vel, off_vel;
  bool open; /* no note-off yet */
} note;

/* A program change with the channel's bank (Evoral::PatchChange). */
typedef struct patch {
  int64_t t;
  uint8_t ch, program;
  uint16_t bank;
} patch;

typedef struct point {
  int64_t t;
  double v;
} point;

/* A control list (Evoral::ControlList) of one parameter: a controller,
 * pitch bend, channel or polyphonic pressure, in the order Ardour keeps
 * them (Evoral::Parameter: by type, channel, number). */
typedef struct control {
  int type; /* 0 controller, 1 bend, 2 channel pressure, 3 poly pressure (AutomationType's order) */
  uint8_t ch, id;
  bool discrete; /* EventTypeMap::interpolation_of */
  point *p;
  size_t n, cap;
} control;

struct sp_ardour_model {
  note *notes; /* by on, in the order appended */
  size_t n_notes, cap_notes;
  patch *patches;
  size_t n_patches, cap_patches;
  control *controls;
  size_t n_controls, cap_controls;
  size_t n_sysex;
};

/* The controllers Ardour steps rather than ramps (EventTypeMap::interpolation_of). */
static bool discrete_cc(int cc)
{
  switch (cc) {
  case 0: case 32: case 16: case 17: case 48: case 49: case 80: case 81: case 82: case 83:
  case 64: case 65: case 66: case 67: case 68: case 69: case 96: case 97: case 98: case 99:
  case 100: case 101: case 120: case 121: case 122: case 123: case 124: case 125: case 126:
  case 127:
    return true;
  default:
    return false;
  }
}

static control *control_of(sp_ardour_model *m, int type, uint8_t ch, uint8_t id)
{
  size_t i = 0;
  for (; i < m->n_controls; i++) {
    const control *c = &m->controls[i];
    if (c->type == type && c->ch == ch && c->id == id)
      return &m->controls[i];
    if (c->type > type || (c->type == type && (c->ch > ch || (c->ch == ch && c->id > id))))
      break;
  }
  SP_GROW(m->controls, m->n_controls, m->cap_controls);
  memmove(m->controls + i + 1, m->controls + i, (m->n_controls - i) * sizeof *m->controls);
  m->n_controls++;
  control *c = &m->controls[i];
  *c = (control){.type = type, .ch = ch, .id = id, .discrete = type == 0 && discrete_cc(id)};
  return c;
}

/* ControlList::add, not in a write pass, the value clamped: one value a
 * time (the last written); appended after two of the same value, the last
 * of them moves instead (maybe_insert_straight_line). */
static void control_add(control *c, int64_t t, double v, double upper)
{
  v = v < 0 ? 0 : v > upper ? upper : v;
  if (c->n > 0 && c->p[c->n - 1].t == t) {
    c->p[c->n - 1].v = v;
    return;
  }
  if (c->n >= 2 && c->p[c->n - 1].v == v && c->p[c->n - 2].v == v) {
    c->p[c->n - 1].t = t;
    return;
  }
  SP_GROW(c->p, c->n, c->cap);
  c->p[c->n++] = (point){t, v};
}

typedef struct timed {
  int64_t t;
  size_t k; /* its place: by track, then in the track */
  const sp_midi_event *e;
} timed;

static int by_track(const void *a, const void *b)
{
  const timed *x = a, *y = b;
  if (x->e->track != y->e->track)
    return x->e->track < y->e->track ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

static int by_time(const void *a, const void *b)
{
  const timed *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

sp_ardour_model *sp_ardour_model_new(const sp_midi_file *f)
{
  if (f->ticks_per_quarter <= 0)
    return NULL;
  sp_ardour_model *m = sp_xcalloc(1, sizeof *m);
  m->n_sysex = f->n_sysex_skipped + f->n_escapes_skipped; /* both left out */
  /* SMFSource::load_model reads track after track, each event at
   * Beats::ticks_at_rate (its tick in the file's time base, truncated to
   * Ardour's), then sorts them by time, keeping the order of those at one
   * time. */
  const int64_t ppqn = f->ticks_per_quarter;
  timed *v = sp_xcalloc(f->n_events ? f->n_events : 1, sizeof *v);
  for (size_t i = 0; i < f->n_events; i++) {
    const int64_t tk = f->events[i].tick;
    v[i] = (timed){(tk / ppqn) * SP_TEMPO_BEAT_TICKS + (tk % ppqn) * SP_TEMPO_BEAT_TICKS / ppqn, i,
                   &f->events[i]};
  }
  qsort(v, f->n_events, sizeof *v, by_track);
  for (size_t i = 0; i < f->n_events; i++)
    v[i].k = i;
  qsort(v, f->n_events, sizeof *v, by_time);
  int64_t length = 0;
  uint16_t bank[16] = {0};
  for (size_t i = 0; i < f->n_events; i++) {
    const sp_midi_event *e = v[i].e;
    const int64_t t = v[i].t;
    const uint8_t st = e->msg[0] & 0xF0, ch = e->msg[0] & 0x0F;
    length = t > length ? t : length;
    /* Sequence::append */
    if (st == 0x90 && e->msg[2] > 0) {
      SP_GROW(m->notes, m->n_notes, m->cap_notes);
      m->notes[m->n_notes++] =
          (note){.on = t, .ch = ch, .key = e->msg[1], .vel = e->msg[2], .off_vel = 64, .open = true};
    } else if (st == 0x80 || st == 0x90) {
      /* the earliest sounding note of its key ends (FIFO); a note-off
       * that ends none is dropped */
      for (size_t k = 0; k < m->n_notes; k++) {
        note *n = &m->notes[k];
        if (n->open && n->ch == ch && n->key == e->msg[1]) {
          n->open = false;
          n->off = t;
          n->off_vel = e->msg[2];
          break;
        }
      }
    } else if (st == 0xB0 && (e->msg[1] == 0 || e->msg[1] == 32)) {
      /* a bank select is kept for the program change that follows */
      bank[ch] = e->msg[1] == 0 ? (uint16_t)((bank[ch] & 0x7F) | e->msg[2] << 7)
                                : (uint16_t)((bank[ch] & ~0x7F) | e->msg[2]);
    } else if (st == 0xC0) {
      SP_GROW(m->patches, m->n_patches, m->cap_patches);
      m->patches[m->n_patches++] = (patch){t, ch, e->msg[1], bank[ch]};
    } else if (st == 0xB0 || st == 0xE0 || st == 0xD0 || st == 0xA0) {
      const int type = st == 0xB0 ? 0 : st == 0xE0 ? 1 : st == 0xD0 ? 2 : 3; /* control's */
      control_add(control_of(m, type, ch, st == 0xB0 || st == 0xA0 ? e->msg[1] : 0), t,
                  sp_part_message_value(e->msg), st == 0xE0 ? 16383 : 127);
    }
  }
  free(v);
  /* Sequence::end_write (ResolveStuckNotes, the last event's time): a
   * note never ended ends there, or is dropped when it starts there */
  size_t kept = 0;
  for (size_t k = 0; k < m->n_notes; k++) {
    note n = m->notes[k];
    if (n.open && length <= n.on)
      continue;
    if (n.open)
      n.off = length;
    n.open = false;
    m->notes[kept++] = n;
  }
  m->n_notes = kept;
  return m;
}

void sp_ardour_model_free(sp_ardour_model *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n_controls; i++)
    free(m->controls[i].p);
  free(m->controls);
  free(m->notes);
  free(m->patches);
  free(m);
}

size_t sp_ardour_model_sysex(const sp_ardour_model *m) { return m->n_sysex; }

/* ---- a region's read ---------------------------------------------------------------- */

/* A time as Ardour's timepos_t holds it: beat ticks, or superclocks once
 * a control list has sent a value between two of its points. */
typedef struct tpos {
  int64_t v;
  bool beats;
} tpos;

/* The superclock and the beat ticks of a time (timepos_t::superclocks,
 * ::ticks), through the session's tempo map: a source's times are read as
 * if the source started at the timeline's start, as Ardour reads them. */
static int64_t sc_of(const sp_tempo_map *map, tpos a)
{
  int64_t sc = INT64_MAX / 4;
  if (!a.beats)
    return a.v;
  sp_tempo_map_superclock_at(map, a.v, &sc);
  return sc;
}

static int64_t ticks_of(const sp_tempo_map *map, tpos a)
{
  int64_t t = INT64_MAX / 4;
  if (a.beats)
    return a.v;
  sp_tempo_map_beats_at(map, a.v, &t);
  return t;
}

/* a <=> b as timepos_t compares them: b in a's domain. */
static int cmp(const sp_tempo_map *map, tpos a, tpos b)
{
  const int64_t y = a.beats ? ticks_of(map, b) : sc_of(map, b);
  return a.v < y ? -1 : a.v > y;
}

/* timepos_t == : the same domain and value (or both 0). */
static bool same(tpos a, tpos b) { return a.v == b.v && (a.beats == b.beats || a.v == 0); }

/* Ardour's least distance between two values it sends of a list it ramps
 * (Sequence.cc's time_between_interpolated_controller_outputs): 8 ticks. */
#define RAMP_TICKS 8

/* a + 8 ticks (timepos_t + timecnt_t, TempoMap::convert_duration), in a's
 * domain. */
static tpos plus_ramp(const sp_tempo_map *map, tpos a)
{
  if (a.beats)
    return (tpos){a.v + RAMP_TICKS, true};
  int64_t sc = INT64_MAX / 4;
  sp_tempo_map_superclock_at(map, ticks_of(map, a) + RAMP_TICKS, &sc);
  return (tpos){sc, false};
}

/* One control list's iterator in a read (Sequence::const_iterator's
 * ControlIterator: the value it sends next, at x) and the list's search
 * cache (ControlList::_search_cache: the index it has reached, and the
 * time it was left at; dirty before the read's first search). */
typedef struct cursor {
  tpos x;
  double v;
  bool live;
  size_t first;
  tpos left;
  bool dirty;
} cursor;

static tpos when(const control *c, size_t i) { return (tpos){c->p[i].t, true}; }

/* ControlList::build_search_cache_if_necessary */
static void cache_build(const control *c, const sp_tempo_map *map, cursor *cu, tpos start)
{
  if (cu->dirty || cmp(map, cu->left, start) > 0) {
    size_t lo = 0, hi = c->n; /* lower_bound */
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (cmp(map, when(c, mid), start) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    cu->first = lo;
    cu->dirty = false;
  }
  while (cu->first < c->n && cmp(map, when(c, cu->first), start) < 0)
    cu->first++;
  cu->left = start;
}

/* ControlList::rt_safe_earliest_event_discrete_unlocked */
static bool discrete_next(const control *c, const sp_tempo_map *map, cursor *cu, tpos start,
                          bool inclusive)
{
  cache_build(c, map, cu, start);
  if (cu->first >= c->n)
    return false;
  const int o = cmp(map, when(c, cu->first), start);
  if (!(inclusive ? o >= 0 : o > 0))
    return false;
  cu->x = cu->left = when(c, cu->first);
  cu->v = c->p[cu->first++].v;
  return true;
}

/* ControlList::rt_safe_earliest_event_linear_unlocked, step for step: the
 * value a ramped list sends next after start_time, 8 ticks on at the
 * earliest (or at it: the read's first, inclusive). Between two points more than
 * one value apart it sends the line's value at start_time rounded up to
 * the next whole step of the line in superclocks (the values between, one
 * a step or one every 8 ticks, whichever is later), a superclock after
 * that step: a time in superclocks from then on. */
static bool linear_next(const control *c, const sp_tempo_map *map, cursor *cu, tpos start_time,
                        bool inclusive)
{
  tpos start = start_time;
  if (c->n == 1)
    return discrete_next(c, map, cu, inclusive ? start : plus_ramp(map, start), inclusive);
  if (!inclusive) {
    /* a point within [start, start + delta) is sent at its own time */
    cache_build(c, map, cu, start);
    if (cu->first < c->n) {
      const tpos w = when(c, cu->first);
      const int o = cmp(map, w, start);
      if ((o > 0 || (inclusive && same(w, start))) &&
          cmp(map, w, plus_ramp(map, start)) < 0) {
        cu->x = cu->left = w;
        cu->v = c->p[cu->first].v;
        return true;
      }
    }
    start = plus_ramp(map, start);
  }
  cache_build(c, map, cu, start);
  if (cu->first >= c->n)
    return false;
  size_t a, b;
  if (cu->first == 0 || cmp(map, when(c, cu->first), start) <= 0) {
    a = cu->first++;
    if (cu->first >= c->n)
      return false;
    b = cu->first;
  } else {
    a = cu->first - 1;
    b = cu->first;
  }
  if (inclusive && same(when(c, a), start)) {
    cu->x = cu->left = when(c, a);
    cu->v = c->p[a].v;
    return true;
  }
  const int ob = cmp(map, when(c, b), start);
  if (ob < 0 || (!inclusive && ob == 0))
    return false;
  const double va = c->p[a].v, vb = c->p[b].v;
  if (fabs(va - vb) <= 1) {
    if (ob <= 0)
      return false;
    cu->x = cu->left = when(c, b);
    cu->v = vb;
    return true;
  }
  const double xa = (double)sc_of(map, when(c, a)), xb = (double)sc_of(map, when(c, b));
  const double slope = (xb - xa) / (vb - va);
  double t = (double)sc_of(map, start_time);
  t += fabs(slope) - fmod(t, fabs(slope));
  const tpos x = {(int64_t)(t + 1), false};
  double y = rint(va + (t - xa) / slope);
  y = slope > 0 ? fmax(va, fmin(vb, y)) : fmax(vb, fmin(va, y));
  const int ox = cmp(map, x, start);
  cu->v = y;
  if (inclusive ? ox >= 0 : ox > 0)
    cu->x = x;
  else if (inclusive)
    cu->x = when(c, b);
  else
    cu->x = start;
  cu->left = cu->x;
  return true;
}

/* The value a list's iterator sends next (Sequence::const_iterator: at or
 * after t at the read's start, else after the one it sent); false: none. */
static bool control_next(const control *c, const sp_tempo_map *map, cursor *cu, bool first)
{
  if (c->n == 0)
    return false;
  if (c->discrete)
    return discrete_next(c, map, cu, cu->x, first);
  return linear_next(c, map, cu, cu->x, first);
}

/* The iterator whose value goes next (Sequence::const_iterator::operator++:
 * the first of the earliest; one that has ended, or never began, after
 * all). */
static size_t control_pick(const cursor *cs, size_t n, const sp_tempo_map *map)
{
  size_t k = 0;
  for (size_t i = 1; i < n; i++)
    if (cs[i].live && (!cs[k].live || cmp(map, cs[i].x, cs[k].x) < 0))
      k = i;
  return k;
}

static void put(sp_ardour_midi_part *p, int64_t frame, const uint8_t *msg, uint8_t size,
                bool resolve)
{
  SP_GROW(p->ev, p->n, p->cap);
  sp_ardour_midi_event *e = &p->ev[p->n++];
  memset(e, 0, sizeof *e);
  e->frame = frame;
  memcpy(e->msg, msg, size);
  e->size = size;
  e->resolve = resolve;
}

/* The frame of a timeline beat time (timepos_t::samples). */
static int64_t frame_at(const sp_tempo_map *map, int64_t rate, int64_t ticks)
{
  int64_t sc = 0;
  if (!sp_tempo_map_superclock_at(map, ticks, &sc))
    return INT64_MAX / 4;
  return sp_ardour_frame_of(map, sc, rate);
}

/* Notes sounding in a read (MidiNoteTracker: a count per key). */
typedef struct tracker {
  uint8_t on[16][128];
  size_t keys; /* keys on (its _on) */
} tracker;

static void tracker_take(tracker *k, const uint8_t *msg)
{
  const int st = msg[0] & 0xF0, ch = msg[0] & 0x0F;
  uint8_t *n = &k->on[ch][msg[1] & 0x7F];
  if (st == 0x90) {
    if ((*n)++ == 0)
      k->keys++;
  } else if (st == 0x80 && *n > 0) {
    if (--*n == 0)
      k->keys--;
  }
}

/* MidiNoteTracker::resolve_notes: a note-off of velocity 0 for each note
 * still on, channel by channel, key by key, as many as were struck. */
static void tracker_resolve(tracker *k, sp_ardour_midi_part *p, int64_t frame)
{
  if (k->keys == 0)
    return;
  for (int ch = 0; ch < 16; ch++)
    for (int key = 0; key < 128; key++)
      for (; k->on[ch][key] > 0; k->on[ch][key]--)
        put(p, frame, (const uint8_t[]){(uint8_t)(0x80 | ch), (uint8_t)key, 0}, 3, true);
  k->keys = 0;
}

/* MidiRegion::render_range: the region's events from its source through
 * midi_read, then its notes left on turned off at its end. */
static void region_read(const sp_ardour_midi_region *rg, const sp_tempo_map *map, int64_t rate,
                        sp_ardour_midi_part *p)
{
  const sp_ardour_model *m = rg->model;
  const int64_t t0 = rg->start;
  /* Sequence::const_iterator (t0): the notes from t0, patch changes from
   * t0, each control list's first value at or after t0 */
  size_t ni = 0, pi = 0, pmsg = 0;
  while (ni < m->n_notes && m->notes[ni].on < t0)
    ni++;
  while (pi < m->n_patches && m->patches[pi].t < t0)
    pi++;
  cursor *cs = sp_xcalloc(m->n_controls ? m->n_controls : 1, sizeof *cs);
  for (size_t i = 0; i < m->n_controls; i++) {
    cs[i] = (cursor){.x = {t0, true}, .dirty = true};
    cs[i].live = control_next(&m->controls[i], map, &cs[i], true);
  }
  size_t ci = control_pick(cs, m->n_controls, map);
  /* sounding notes (the iterator's active notes), the earliest end first */
  size_t *active = sp_xcalloc(m->n_notes ? m->n_notes : 1, sizeof *active);
  size_t n_active = 0;
  tracker trk;
  memset(&trk, 0, sizeof trk);
  for (;;) {
    /* Sequence::const_iterator::choose_next: a note-on; a patch change at
     * or before it; a controller at or before that; a note-off at or
     * before that */
    enum { NIL, NOTE_ON, PATCH, CONTROL, NOTE_OFF } type = NIL;
    int64_t t = 0;
    size_t ai = 0;
    if (ni < m->n_notes) {
      type = NOTE_ON;
      t = m->notes[ni].on;
    }
    if (pi < m->n_patches && (type == NIL || m->patches[pi].t <= t)) {
      type = PATCH;
      t = m->patches[pi].t;
    }
    if (ci < m->n_controls && cs[ci].live) {
      const int64_t tc = ticks_of(map, cs[ci].x);
      if (type == NIL || tc <= t) {
        type = CONTROL;
        t = tc;
      }
    }
    for (size_t i = 0; i < n_active; i++)
      if (m->notes[active[i]].off < m->notes[active[ai]].off)
        ai = i;
    if (n_active > 0 && (type == NIL || m->notes[active[ai]].off <= t)) {
      type = NOTE_OFF;
      t = m->notes[active[ai]].off;
    }
    if (type == NIL)
      break;
    /* MidiSource::midi_read: at the timeline's beat time source start + t,
     * from the region's first beat time, up to its end */
    const int64_t at = rg->source_start + t;
    if (at >= rg->end)
      break;
    uint8_t msg[3];
    uint8_t size = 3;
    switch (type) {
    case NOTE_ON: {
      const note *n = &m->notes[ni];
      msg[0] = (uint8_t)(0x90 | n->ch);
      msg[1] = n->key;
      msg[2] = n->vel;
      active[n_active++] = ni++;
      break;
    }
    case NOTE_OFF: {
      const note *n = &m->notes[active[ai]];
      msg[0] = (uint8_t)(0x80 | n->ch);
      msg[1] = n->key;
      msg[2] = n->off_vel;
      memmove(active + ai, active + ai + 1, (n_active - ai - 1) * sizeof *active);
      n_active--;
      break;
    }
    case PATCH: { /* bank select MSB, LSB, then the program */
      const patch *q = &m->patches[pi];
      size = pmsg < 2 ? sp_part_message(0xB0, q->ch, pmsg == 0 ? 0 : 32,
                                        pmsg == 0 ? (q->bank >> 7) & 0x7F : q->bank & 0x7F, msg)
                      : sp_part_message(0xC0, q->ch, 0, q->program, msg);
      if (++pmsg == 3) {
        pmsg = 0;
        pi++;
      }
      break;
    }
    case CONTROL: {
      static const int status[] = {0xB0, 0xE0, 0xD0, 0xA0}; /* by the control's type */
      const control *c = &m->controls[ci];
      size = sp_part_message(status[c->type], c->ch, c->id, (int)cs[ci].v, msg);
      cs[ci].live = control_next(c, map, &cs[ci], false);
      ci = control_pick(cs, m->n_controls, map);
      break;
    }
    default:
      break;
    }
    if (at < rg->first)
      continue;
    put(p, frame_at(map, rate, at), msg, size, false);
    tracker_take(&trk, msg);
  }
  tracker_resolve(&trk, p, rg->end_frame);
  p->resolve_frame = rg->end_frame;
  free(active);
  free(cs);
}

/* ---- the playlist ----------------------------------------------------------------------- */

/* An event of the track's list, with the region it belongs to. */
typedef struct tev {
  sp_ardour_midi_event e;
  size_t region;
  bool bound; /* a marker: where an opaque region above starts (Evoral::NO_EVENT) */
} tev;

typedef struct tlist {
  tev *v;
  size_t n, cap;
} tlist;

static void tlist_put(tlist *l, const sp_ardour_midi_event *e, size_t region, bool bound)
{
  SP_GROW(l->v, l->n, l->cap);
  l->v[l->n++] = (tev){*e, region, bound};
}

/* At one frame on one channel: controllers, programs, note-offs, note-ons,
 * poly pressure, channel pressure, bend
 * (MidiBuffer::second_simultaneous_midi_byte_is_first); markers first. */
static int rank(const tev *x)
{
  if (x->bound)
    return -1;
  switch (x->e.msg[0] & 0xF0) {
  case 0xB0: return 0;
  case 0xC0: return 1;
  case 0x80: return 2;
  case 0x90: return 3;
  case 0xA0: return 4;
  case 0xD0: return 5;
  default: return 6;
  }
}

/* EventsSortByTimeAndType, stable (std::list::sort): by frame, then by
 * rank; events of other channels at one frame are told apart by rank too
 * (Ardour leaves them in the order they came; which goes first changes
 * nothing an instrument plays on another channel). */
static void tlist_sort(tlist *l)
{
  for (size_t i = 1; i < l->n; i++) {
    const tev x = l->v[i];
    size_t j = i;
    while (j > 0 && (l->v[j - 1].e.frame > x.e.frame ||
                     (l->v[j - 1].e.frame == x.e.frame && rank(&l->v[j - 1]) > rank(&x)))) {
      l->v[j] = l->v[j - 1];
      j--;
    }
    l->v[j] = x;
  }
}

/* Region::covers (frame): its position at or before the frame's time, its
 * last tick (or superclock) at or after it, compared as timepos_t compares
 * times of two domains. */
static bool covers(const sp_ardour_midi_region *rg, const sp_tempo_map *map, int64_t rate,
                   int64_t frame)
{
  const int64_t sc = sp_ardour_superclock_of_frame(map, frame, rate);
  if (rg->audio_time)
    return rg->pos <= sc && sc <= rg->last;
  int64_t ticks = 0, last_sc = 0;
  if (!sp_tempo_map_beats_at(map, sc, &ticks) ||
      !sp_tempo_map_superclock_at(map, rg->last, &last_sc))
    return false;
  return rg->pos <= ticks && sc <= last_sc;
}

/* Playlist::region_is_audible_at: the topmost region covering the frame,
 * or one under only transparent ones, is rg (k); on one layer the later
 * in the playlist is the upper. */
static bool audible(const sp_ardour_midi_region *rg, size_t n, size_t k, const sp_tempo_map *map,
                    int64_t rate, int64_t frame)
{
  for (size_t i = n; i-- > 0;) {
    if (!covers(&rg[i], map, rate, frame))
      continue;
    if (i == k)
      return true;
    if (rg[i].opaque)
      return false;
  }
  return false;
}

/* MidiStateTracker: what a region's events left set. */
typedef struct state {
  tracker notes;
  int control[16][128]; /* -1: none */
  int program[16];
  int bender[16];
} state;

static void state_take(state *s, const uint8_t *msg)
{
  const int st = msg[0] & 0xF0, ch = msg[0] & 0x0F;
  tracker_take(&s->notes, msg);
  if (st == 0xB0)
    s->control[ch][msg[1]] = msg[2];
  else if (st == 0xC0)
    s->program[ch] = msg[1];
  else if (st == 0xE0)
    s->bender[ch] = (msg[2] << 7 | msg[1]) & 0x3FFF;
}

/* find_event (midi_state_tracker.cc): the first event of above, at or
 * before frame, of status st (and controller cc unless cc is 0x80); into
 * msg. 1 before frame, -1 at it, 0 none. */
static int find_event(const tlist *above, int64_t frame, uint8_t st, uint8_t cc, uint8_t *msg)
{
  for (size_t i = 0; i < above->n; i++) {
    const tev *x = &above->v[i];
    if (x->bound)
      continue;
    if (x->e.frame > frame)
      break;
    if (x->e.msg[0] != st || (cc != 0x80 && x->e.msg[1] != cc))
      continue;
    memcpy(msg, x->e.msg, x->e.size);
    return x->e.frame == frame ? -1 : 1;
  }
  return 0;
}

/* The value a controller is reset to where an opaque region above starts
 * and sets it not (MidiStateTracker::resolve_state), or -1: left as it is. */
static int reset_value(int cc)
{
  switch (cc) {
  case 0x07: case 0x27: return 0x7F; /* volume */
  case 0x08: case 0x0A: return 0x40; /* balance, pan */
  case 0x01: case 0x21: case 0x02: case 0x22: case 0x28: case 0x2A: case 0x40: case 0x41:
  case 0x42: case 0x43: case 0x44:
    return 0; /* modulation, breath, LSBs, pedals, legato */
  default:
    return -1;
  }
}

/* MidiStateTracker::resolve_state (reset): at frame, into out, the notes
 * left on turned off (the region k's), then per channel the controllers
 * it set restored to what the regions above sent before (or reset), a
 * program they sent before replayed, a bend centred; these go with the
 * region whose start the frame is (to). */
static void resolve_state(state *s, tlist *out, const tlist *above, int64_t frame, size_t k,
                          size_t to)
{
  sp_ardour_midi_part scratch = {0};
  tracker_resolve(&s->notes, &scratch, frame);
  for (size_t i = 0; i < scratch.n; i++)
    tlist_put(out, &scratch.ev[i], k, false);
  free(scratch.ev);
  for (int ch = 0; ch < 16; ch++) {
    uint8_t msg[3];
    sp_ardour_midi_event e = {.frame = frame, .size = 3};
    for (int cc = 0; cc < 127; cc++) {
      if (s->control[ch][cc] < 0)
        continue;
      s->control[ch][cc] = -1;
      const int found = find_event(above, frame, (uint8_t)(0xB0 | ch), (uint8_t)cc, msg);
      const int v = found == 1 ? msg[2] : found == 0 ? reset_value(cc) : -1;
      if (v < 0)
        continue;
      e.msg[0] = (uint8_t)(0xB0 | ch);
      e.msg[1] = (uint8_t)cc;
      e.msg[2] = (uint8_t)v;
      tlist_put(out, &e, to, false);
    }
    if (s->program[ch] >= 0) {
      s->program[ch] = -1;
      if (find_event(above, frame, (uint8_t)(0xC0 | ch), 0x80, msg) > 0) {
        e.msg[0] = msg[0];
        e.msg[1] = msg[1];
        e.size = 2;
        tlist_put(out, &e, to, false);
        e.size = 3;
      }
    }
    if (s->bender[ch] >= 0) {
      s->bender[ch] = -1;
      if (find_event(above, frame, (uint8_t)(0xE0 | ch), 0x80, msg) >= 0) {
        e.msg[0] = (uint8_t)(0xE0 | ch);
        e.msg[1] = 0x00;
        e.msg[2] = 0x40;
        tlist_put(out, &e, to, false);
      }
    }
  }
}

void sp_ardour_midi_play(const sp_ardour_midi_region *rg, size_t n, const sp_tempo_map *map,
                         int64_t rate, sp_ardour_midi_part *parts)
{
  if (n == 0)
    return;
  /* the bottom one's opacity counts for nothing (MidiPlaylist::render) */
  bool all_transparent = true;
  for (size_t i = 1; i < n; i++)
    all_transparent &= !rg[i].opaque;
  sp_ardour_midi_part *read = sp_xcalloc(n, sizeof *read);
  for (size_t i = 0; i < n; i++)
    region_read(&rg[i], map, rate, &read[i]);
  tlist evlist = {0};
  if (n == 1) {
    /* one region: as read, in its order, the notes it leaves on turned off
     * at its end (measured: bench/ardour/random seed 121, its export read
     * back by SP MIDI Log, two note-offs of velocity 0 there) */
    parts[0] = read[0];
    free(read);
    return;
  }
  if (all_transparent) {
    /* MidiPlaylist::render: each region read, the topmost first; sorted */
    for (size_t i = n; i-- > 0;)
      for (size_t k = 0; k < read[i].n; k++)
        tlist_put(&evlist, &read[i].ev[k], i, false);
    tlist_sort(&evlist);
  } else {
    /* the topmost (the last) as read; each one below it: its events where
     * no opaque region above covers them (a note-off only for a note it
     * sent), and where each opaque region above starts, its state
     * resolved */
    for (size_t k = 0; k < read[n - 1].n; k++)
      tlist_put(&evlist, &read[n - 1].ev[k], n - 1, false);
    tlist_sort(&evlist);
    for (size_t i = n - 1; i-- > 0;) {
      tlist tmp = {0};
      for (size_t k = 0; k < read[i].n; k++)
        tlist_put(&tmp, &read[i].ev[k], i, false);
      for (size_t j = i + 1; j < n; j++)
        if (rg[j].opaque)
          tlist_put(&tmp, &(sp_ardour_midi_event){.frame = rg[j].at_frame}, j, true);
      tlist_sort(&tmp);
      tlist above = {sp_xcalloc(evlist.n ? evlist.n : 1, sizeof *above.v), evlist.n, evlist.n};
      if (evlist.n) /* an empty list has no array yet */
        memcpy(above.v, evlist.v, evlist.n * sizeof *above.v);
      state s;
      memset(&s, 0, sizeof s);
      for (int ch = 0; ch < 16; ch++) {
        for (int cc = 0; cc < 128; cc++)
          s.control[ch][cc] = -1;
        s.program[ch] = s.bender[ch] = -1;
      }
      read[i].resolve_frame = -1; /* where its notes end, found below */
      for (size_t k = 0; k < tmp.n; k++) {
        const tev *x = &tmp.v[k];
        if (x->bound) {
          if (s.notes.keys > 0 && read[i].resolve_frame < 0)
            read[i].resolve_frame = x->e.frame;
          resolve_state(&s, &evlist, &above, x->e.frame, i, x->region);
          continue;
        }
        if (!audible(rg, n, i, map, rate, x->e.frame))
          continue;
        if ((x->e.msg[0] & 0xF0) == 0x80 && !s.notes.on[x->e.msg[0] & 0x0F][x->e.msg[1]])
          continue;
        tlist_put(&evlist, &x->e, i, false);
        state_take(&s, x->e.msg);
      }
      /* notes still on at its end: Ardour's note-offs there go (the region
       * does not cover its own end) */
      if (read[i].resolve_frame < 0)
        read[i].resolve_frame = rg[i].end_frame;
      read[i].hangs = s.notes.keys > 0;
      free(tmp.v);
      free(above.v);
      tlist_sort(&evlist);
    }
  }
  for (size_t i = 0; i < n; i++) {
    parts[i].resolve_frame = read[i].resolve_frame;
    parts[i].hangs = read[i].hangs;
    free(read[i].ev);
  }
  free(read);
  for (size_t k = 0; k < evlist.n; k++)
    put(&parts[evlist.v[k].region], evlist.v[k].e.frame, evlist.v[k].e.msg, evlist.v[k].e.size,
        evlist.v[k].e.resolve);
  free(evlist.v);
}

void sp_ardour_midi_parts_free(sp_ardour_midi_part *parts, size_t n)
{
  for (size_t i = 0; i < n && parts; i++) {
    free(parts[i].ev);
    parts[i] = (sp_ardour_midi_part){0};
  }
}
