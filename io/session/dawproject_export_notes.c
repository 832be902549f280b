/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An instrument track's MIDI as DAWproject notes clips
 * (io/session/dawproject_writer.h): its regions' events in beats, notes
 * and controllers, what the format cannot order. */

#include "io/session/dawproject_writer.h"

#include "core/base/alloc.h"
#include "io/session/dawproject_keys.h"
#include "io/session/part.h"

#include <string.h>

/* ---- instrument tracks ------------------------------------------------------------ */

/* An instrument track's events (sp_node.events: what its regions play,
 * their edges included) as note clips: the regions that overlap or touch
 * make one clip, from the first's start to the last's end, holding the
 * notes (each note-on and the note-off that ends it) and the other
 * messages as Points of MIDI expression, one a channel and kind, at the
 * frames they play. The last clip ends where the track's last region
 * does, and the notes and pedals its end closes are left to the import's
 * region to close there too, so the round trip ends the render on the
 * same frame; the others reach one frame past their end. */

typedef struct xnote {
  int64_t on, off;
  int ch, key, vel, rel;
  size_t next; /* the next note open on its key (SIZE_MAX: none) */
} xnote;

typedef struct xpoint {
  int64_t frame;
  int q;
} xpoint;

typedef struct xlane {
  int ch, rank;
  uint8_t status, num; /* the message's status (high nibble) and controller or key */
  xpoint *v;
  size_t n;
} xlane;

/* Where a message's lane sorts: per channel as a region's start sends its
 * state (core/graph/notes.c): bank, program, controllers, bend, pressure. */
static int rank_of(const uint8_t *m)
{
  switch (m[0] & 0xF0) {
  case 0xB0: return m[1] == 0 ? 0 : m[1] == 32 ? 1 : 3 + m[1];
  case 0xC0: return 2;
  case 0xE0: return 200;
  case 0xD0: return 201;
  default: return 300 + m[1]; /* 0xA0, polyphonic pressure by key */
  }
}

static int cmp_lane(const void *pa, const void *pb)
{
  const xlane *a = pa, *b = pb;
  return a->ch != b->ch ? (a->ch < b->ch ? -1 : 1) : (a->rank > b->rank) - (a->rank < b->rank);
}

static bool is_off(const sp_event *e)
{
  return (e->msg[0] & 0xF0) == 0x80 || ((e->msg[0] & 0xF0) == 0x90 && e->msg[2] == 0);
}

/* e as an import plays it back: a note-on of velocity 0 is a note-off. */
static sp_event plain(const sp_event *e)
{
  sp_event x = *e;
  if (is_off(e))
    x.msg[0] = (uint8_t)(0x80 | (e->msg[0] & 0x0F));
  return x;
}

static bool same_event(const sp_event *a, const sp_event *b)
{
  return a->frame == b->frame && a->size == b->size && memcmp(a->msg, b->msg, a->size) == 0;
}

/* How many frames of want (n, in play order) an import plays otherwise
 * than got (m), the first of them into *first. */
static size_t frames_differ(const sp_event *want, size_t n, const sp_event *got, size_t m,
                            int64_t *first)
{
  size_t bad = 0, i = 0, j = 0;
  while (i < n || j < m) {
    const int64_t f =
        i < n && (j >= m || want[i].frame <= got[j].frame) ? want[i].frame : got[j].frame;
    bool differs = false;
    while (i < n && want[i].frame == f && j < m && got[j].frame == f)
      differs |= !same_event(&want[i++], &got[j++]);
    while (i < n && want[i].frame == f)
      differs = true, i++;
    while (j < m && got[j].frame == f)
      differs = true, j++;
    if (differs && bad++ == 0)
      *first = f;
  }
  return bad;
}

/* The events of one clip (a group of regions): paired into notes, the
 * rest into a lane a channel and kind, and all of them as played. */
typedef struct xgroup {
  xnote *notes;
  size_t n_notes;
  xlane *lanes;
  size_t n_lanes;
  sp_event *want;
  size_t n_want;
} xgroup;

/* The regions' spans into span, those that overlap or touch merged; how
 * many. */
static size_t region_groups(const sp_node *node, int64_t (*span)[2])
{
  size_t n_span = 0;
  for (size_t k = 0; k < node->n_regions; k++)
    if (node->regions[k].midi) {
      span[n_span][0] = node->regions[k].at;
      span[n_span++][1] = node->regions[k].at + node->regions[k].length;
    }
  for (size_t i = 1; i < n_span; i++) /* by start (few regions) */
    for (size_t j = i; j > 0 && span[j][0] < span[j - 1][0]; j--) {
      int64_t a = span[j][0], b = span[j][1];
      span[j][0] = span[j - 1][0], span[j][1] = span[j - 1][1];
      span[j - 1][0] = a, span[j - 1][1] = b;
    }
  size_t n_group = 0;
  for (size_t i = 0; i < n_span; i++) {
    if (n_group && span[i][0] <= span[n_group - 1][1]) {
      if (span[i][1] > span[n_group - 1][1])
        span[n_group - 1][1] = span[i][1];
    } else {
      span[n_group][0] = span[i][0];
      span[n_group++][1] = span[i][1];
    }
  }
  return n_group;
}

/* The events from *e_i before clip_end into gr (*e_i moved past them); a
 * note-off with no note-on counted in *stray. Notes still on at
 * clip_end (the last clip's end closes them) end there. */
static void gather(xgroup *gr, const sp_events *ev, size_t *e_i, int64_t clip_end, size_t *stray)
{
  size_t head[16][128], tail[16][128];
  memset(head, 0xFF, sizeof head);
  memset(tail, 0xFF, sizeof tail);
  for (; *e_i < ev->n && ev->v[*e_i].frame < clip_end; (*e_i)++) {
    const sp_event *x = &ev->v[*e_i];
    const int ch = x->msg[0] & 0x0F, st = x->msg[0] & 0xF0;
    if (st == 0x90 && x->msg[2] > 0) {
      gr->notes = sp_xreallocarray(gr->notes, gr->n_notes + 1, sizeof *gr->notes);
      gr->notes[gr->n_notes] = (xnote){x->frame, -1, ch, x->msg[1], x->msg[2], 0, SIZE_MAX};
      if (tail[ch][x->msg[1]] != SIZE_MAX)
        gr->notes[tail[ch][x->msg[1]]].next = gr->n_notes;
      else
        head[ch][x->msg[1]] = gr->n_notes;
      tail[ch][x->msg[1]] = gr->n_notes++;
    } else if (is_off(x)) {
      const size_t k = head[ch][x->msg[1]];
      if (k == SIZE_MAX) {
        (*stray)++;
        continue;
      }
      gr->notes[k].off = x->frame;
      gr->notes[k].rel = st == 0x80 ? x->msg[2] : 0;
      head[ch][x->msg[1]] = gr->notes[k].next;
      if (head[ch][x->msg[1]] == SIZE_MAX)
        tail[ch][x->msg[1]] = SIZE_MAX;
    } else {
      const int rank = rank_of(x->msg);
      size_t k = 0;
      while (k < gr->n_lanes && !(gr->lanes[k].ch == ch && gr->lanes[k].rank == rank))
        k++;
      if (k == gr->n_lanes) {
        gr->lanes = sp_xreallocarray(gr->lanes, gr->n_lanes + 1, sizeof *gr->lanes);
        gr->lanes[gr->n_lanes++] =
            (xlane){ch, rank, (uint8_t)st, st == 0xB0 || st == 0xA0 ? x->msg[1] : 0, NULL, 0};
      }
      xlane *l = &gr->lanes[k];
      l->v = sp_xreallocarray(l->v, l->n + 1, sizeof *l->v);
      l->v[l->n++] = (xpoint){x->frame, sp_part_message_value(x->msg)};
    }
    gr->want = sp_xreallocarray(gr->want, gr->n_want + 1, sizeof *gr->want);
    gr->want[gr->n_want++] = plain(x);
  }
  for (size_t k = 0; k < gr->n_notes; k++)
    if (gr->notes[k].off < 0)
      gr->notes[k].off = clip_end;
  if (gr->n_lanes > 1)
    qsort(gr->lanes, gr->n_lanes, sizeof *gr->lanes, cmp_lane);
}

/* gr's notes into the clip's lanes cln (times in beats from b0), and
 * into back as an import plays them. */
static void clip_notes(writer *w, xmlNode *cln, const xgroup *gr, double b0, sp_part *back)
{
  const double rate = w->r->sample_rate;
  if (gr->n_notes) {
    xmlNode *ns = dx_node(w, cln, "Notes", "id", DX_NEW_ID, NULL);
    for (size_t k = 0; k < gr->n_notes; k++) {
      const xnote *x = &gr->notes[k];
      const double on = dx_beat_at(w, (double)x->on / rate);
      dx_node(w, ns, "Note", "time", sp_mix_num(on - b0).text, "duration",
              sp_mix_num(dx_beat_at(w, (double)x->off / rate) - on).text, "channel",
              sp_mix_num(x->ch).text, "key", sp_mix_num(x->key).text, "vel",
              sp_mix_num(x->vel / 127.0).text, "rel", sp_mix_num(x->rel / 127.0).text, NULL);
      sp_part_note(back, x->on, x->off, x->ch, x->key, x->vel, x->rel, false);
    }
  }
}

/* gr's other messages as Points of MIDI expression, likewise. */
static void clip_points(writer *w, xmlNode *cln, const xgroup *gr, double b0, sp_part *back)
{
  const double rate = w->r->sample_rate;
  for (size_t k = 0; k < gr->n_lanes; k++) {
    const xlane *l = &gr->lanes[k];
    const sp_dp_expression *ex = &sp_dp_expressions[(l->status >> 4) - 0xA]; /* A0 .. E0 */
    const bool program = l->status == 0xC0;
    xmlNode *pts =
        dx_node(w, cln, "Points", "id", DX_NEW_ID, "unit", program ? NULL : "normalized", NULL);
    xmlNode *tg =
        dx_node(w, pts, "Target", "expression", ex->name, "channel", sp_mix_num(l->ch).text, NULL);
    if (ex->number)
      dx_attr(tg, ex->number, sp_mix_num(l->num).text);
    const double steps = l->status == 0xE0 ? 16383 : 127;
    for (size_t i = 0; i < l->n; i++) {
      dx_node(w, pts, program ? "IntegerPoint" : "RealPoint", "time",
              sp_mix_num(dx_beat_at(w, (double)l->v[i].frame / rate) - b0).text, "value",
              sp_mix_num(program ? l->v[i].q : l->v[i].q / steps).text, "interpolation",
              program ? NULL : "hold", NULL);
      uint8_t m[3];
      const uint8_t size = sp_part_message(l->status, l->ch, l->num, l->v[i].q, m);
      sp_part_control(back, l->v[i].frame, m, size);
    }
  }
}

/* What the track's end at frame e closes: in the stream (the events
 * from *e_i on) and as a region closes what it leaves on
 * (core/graph/notes.c) after the clip's messages got; how many frames
 * differ, the first in *first. */
static size_t end_differs(const sp_events *ev, size_t *e_i, const sp_event *got, size_t n_got,
                          int64_t e, int64_t *first)
{
  sp_event *closes = NULL, *made = NULL;
  size_t n_closes = 0, n_made = 0;
  for (; *e_i < ev->n; (*e_i)++) {
    closes = sp_xreallocarray(closes, n_closes + 1, sizeof *closes);
    closes[n_closes++] = plain(&ev->v[*e_i]);
  }
  unsigned on[16][128] = {{0}};
  bool pedal[16] = {false};
  for (size_t i = 0; i < n_got; i++) {
    const sp_event *x = &got[i];
    const int ch = x->msg[0] & 0x0F;
    if ((x->msg[0] & 0xF0) == 0x90)
      on[ch][x->msg[1]]++;
    else if ((x->msg[0] & 0xF0) == 0x80 && on[ch][x->msg[1]])
      on[ch][x->msg[1]]--;
    else if ((x->msg[0] & 0xF0) == 0xB0 && x->msg[1] == 64)
      pedal[ch] = x->msg[2] >= 64;
  }
  for (int ch = 0; ch < 16; ch++) {
    if (pedal[ch]) {
      made = sp_xreallocarray(made, n_made + 1, sizeof *made);
      made[n_made++] = (sp_event){e, 3, {(uint8_t)(0xB0 | ch), 64, 0}};
    }
    for (int k = 0; k < 128; k++)
      for (unsigned i = 0; i < on[ch][k]; i++) {
        made = sp_xreallocarray(made, n_made + 1, sizeof *made);
        made[n_made++] = (sp_event){e, 3, {(uint8_t)(0x80 | ch), (uint8_t)k, 0}};
      }
  }
  const size_t bad = frames_differ(closes, n_closes, made, n_made, first);
  free(closes);
  free(made);
  return bad;
}

void dx_notes_clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id)
{
  const sp_node *node = w->g ? sp_graph_node_of(w->g, &t->strip) : NULL;
  if (!node || node->events.n == 0)
    return;
  const double rate = w->r->sample_rate;
  const sp_events *ev = &node->events;
  /* The regions' spans, those that overlap or touch merged. */
  int64_t(*span)[2] = sp_xcalloc(node->n_regions + 1, sizeof *span);
  const size_t n_group = region_groups(node, span);
  /* notes on the DAW's grid, through the tempo map */
  xmlNode *ln =
      dx_node(w, lanes_el, "Lanes", "track", track_id, "timeUnit", "beats", "id", DX_NEW_ID, NULL);
  xmlNode *cl = dx_node(w, ln, "Clips", "id", DX_NEW_ID, NULL);
  size_t e_i = 0, stray = 0, reordered = 0;
  int64_t first_reordered = 0;
  for (size_t g = 0; g < n_group && e_i < ev->n; g++) {
    const bool last = g + 1 == n_group;
    const int64_t a = span[g][0], e = span[g][1], clip_end = last ? e : e + 1;
    xgroup gr = {0};
    gather(&gr, ev, &e_i, clip_end, &stray);
    /* The clip. */
    const double b0 = dx_beat_at(w, (double)a / rate);
    xmlNode *c = dx_node(w, cl, "Clip", "time", sp_mix_num(b0).text, "duration",
                         sp_mix_num(dx_beat_at(w, (double)clip_end / rate) - b0).text,
                         "contentTimeUnit", "beats", "playStart", "0", NULL);
    xmlNode *cln = dx_node(w, c, "Lanes", "id", DX_NEW_ID, NULL);
    sp_part back = {0}; /* what an import plays */
    clip_notes(w, cln, &gr, b0, &back);
    clip_points(w, cln, &gr, b0, &back);
    /* Read back: the same messages, in the order an import plays them? */
    sp_part_sort(&back);
    sp_event *got = sp_xcalloc(back.n + 1, sizeof *got);
    size_t n_got = 0;
    for (size_t i = 0; i < back.n; i++)
      if (back.v[i].frame < clip_end)
        got[n_got++] = (sp_event){back.v[i].frame,
                                  back.v[i].size,
                                  {back.v[i].msg[0], back.v[i].msg[1], back.v[i].msg[2]}};
    int64_t f0 = 0;
    size_t bad = frames_differ(gr.want, gr.n_want, got, n_got, &f0);
    int64_t f1 = 0;
    if (last && end_differs(ev, &e_i, got, n_got, e, &f1) && bad++ == 0)
      f0 = f1;
    if (bad && reordered == 0)
      first_reordered = f0;
    reordered += bad;
    free(got);
    sp_part_fini(&back);
    free(gr.want);
    free(gr.notes);
    for (size_t k = 0; k < gr.n_lanes; k++)
      free(gr.lanes[k].v);
    free(gr.lanes);
  }
  free(span);
  if (stray)
    dx_strip_lost(w, "tracks", t->name, "regions",
                  "%zu note-off%s with no note-on before %s (a region that starts inside a note "
                  "ends it): a DAWproject note has both ends",
                  stray, stray == 1 ? "" : "s", stray == 1 ? "it" : "them");
  if (reordered)
    dx_strip_lost(
        w, "tracks", t->name, "regions",
        "the order of the MIDI messages at %zu frame%s (the first at %.6f s): a "
        "DAWproject orders no notes and controllers at one time, and read back each frame "
        "plays its controllers, then note-offs, then note-ons",
        reordered, reordered == 1 ? "" : "s", (double)first_reordered / rate);
}
