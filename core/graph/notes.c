/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An instrument track's MIDI regions (core/graph/builder.h).
 *
 * A region plays the events of its file that it picks (a track, a
 * channel) from `from` for `length`, at `at` on the timeline: an event at
 * t seconds into the file (through the file's tempo map) is at file frame
 * round(t × rate), and plays at at + (that frame − from). Around that,
 * what a DAW does at a region's edges:
 *
 *   - at its start, the state the part is in there is sent first (the
 *     last bank and program, controller values, pitch bend, channel
 *     pressure and each key's poly pressure of each channel before
 *     `from`), so a region cut from the
 *     middle of a part sounds as the part does there; notes that began
 *     before `from` are not played;
 *   - at its end, every note it left on is turned off and a sustain pedal
 *     it left down is released, there, so nothing hangs past the region.
 *
 * Events at one frame play in this order: the ends of regions, the
 * starts' state, then the regions' events as the files order them (a
 * region's end and the next one's first note at the same frame: the old
 * note ends, the new one starts). */

#include "core/graph/builder.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An event with what orders it at its frame: its class (0: a region's
 * end, 1: a region's start state, 2: the file's events) and its place. */
typedef struct timed {
  sp_event e;
  int cls;
  size_t seq;
} timed;

typedef struct schedule {
  timed *v;
  size_t n, cap, seq;
} schedule;

static void put(schedule *s, int64_t frame, int cls, const uint8_t *msg, uint8_t size)
{
  SP_GROW(s->v, s->n, s->cap);
  timed *t = &s->v[s->n++];
  memset(t, 0, sizeof *t);
  t->e.frame = frame;
  t->e.size = size;
  memcpy(t->e.msg, msg, size);
  t->cls = cls;
  t->seq = s->seq++;
}

static int cmp_timed(const void *pa, const void *pb)
{
  const timed *a = pa, *b = pb;
  if (a->e.frame != b->e.frame)
    return a->e.frame < b->e.frame ? -1 : 1;
  if (a->cls != b->cls)
    return a->cls < b->cls ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* What a channel is in at a point of a part: the last value of each
 * controller, its program, bend and pressure, and each key's last poly
 * pressure (-1: none yet). */
typedef struct chase {
  int cc[16][128];
  int program[16], bend[16], pressure[16];
  int16_t poly[16][128];
} chase;

static void chase_init(chase *c)
{
  for (int ch = 0; ch < 16; ch++) {
    for (int k = 0; k < 128; k++)
      c->cc[ch][k] = -1;
    c->program[ch] = c->bend[ch] = c->pressure[ch] = -1;
    for (int k = 0; k < 128; k++)
      c->poly[ch][k] = -1;
  }
}

static void chase_take(chase *c, const sp_midi_event *e)
{
  const int ch = e->msg[0] & 0x0F;
  switch (e->msg[0] & 0xF0) {
  case 0xB0:
    if (e->msg[1] < 120) { /* channel mode messages (120..127) are not state */
      c->cc[ch][e->msg[1]] = e->msg[2];
    } else if (e->msg[1] == 121) { /* Reset All Controllers: what RP-015 lists, reset */
      static const uint8_t reset[][2] = {{1, 0},  {11, 127}, {64, 0},   {65, 0},    {66, 0},
                                         {67, 0}, {98, 127}, {99, 127}, {100, 127}, {101, 127}};
      for (size_t k = 0; k < sizeof reset / sizeof reset[0]; k++)
        if (c->cc[ch][reset[k][0]] >= 0)
          c->cc[ch][reset[k][0]] = reset[k][1];
      if (c->bend[ch] >= 0)
        c->bend[ch] = 8192;
      if (c->pressure[ch] >= 0)
        c->pressure[ch] = 0;
      for (int k = 0; k < 128; k++)
        if (c->poly[ch][k] >= 0)
          c->poly[ch][k] = 0;
    }
    break;
  case 0xA0: c->poly[ch][e->msg[1] & 0x7F] = (int16_t)(e->msg[2] & 0x7F); break;
  case 0xC0: c->program[ch] = e->msg[1]; break;
  case 0xD0: c->pressure[ch] = e->msg[1]; break;
  case 0xE0: c->bend[ch] = e->msg[1] | e->msg[2] << 7; break;
  default: break;
  }
}

/* The state in c, sent at frame: per channel its bank (controllers 0 and
 * 32) and program, its other controllers, its bend and pressure, then its
 * keys' poly pressure, key by key (a synth keeps a key's pressure for
 * the key's next note, as fluidsynth does: so every key's, not only those
 * of notes held across the start, which are not played). */
static void chase_send(const chase *c, schedule *s, int64_t frame)
{
  for (int ch = 0; ch < 16; ch++) {
    const uint8_t st = (uint8_t)ch;
    for (int k = 0; k < 2; k++) {
      const int cc = k ? 32 : 0;
      if (c->cc[ch][cc] >= 0)
        put(s, frame, 1, (const uint8_t[]){0xB0 | st, (uint8_t)cc, (uint8_t)c->cc[ch][cc]}, 3);
    }
    if (c->program[ch] >= 0)
      put(s, frame, 1, (const uint8_t[]){0xC0 | st, (uint8_t)c->program[ch]}, 2);
    for (int cc = 0; cc < 120; cc++)
      if (cc != 0 && cc != 32 && c->cc[ch][cc] >= 0)
        put(s, frame, 1, (const uint8_t[]){0xB0 | st, (uint8_t)cc, (uint8_t)c->cc[ch][cc]}, 3);
    if (c->bend[ch] >= 0)
      put(s, frame, 1,
          (const uint8_t[]){0xE0 | st, (uint8_t)(c->bend[ch] & 0x7F), (uint8_t)(c->bend[ch] >> 7)},
          3);
    if (c->pressure[ch] >= 0)
      put(s, frame, 1, (const uint8_t[]){0xD0 | st, (uint8_t)c->pressure[ch]}, 2);
    for (int k = 0; k < 128; k++)
      if (c->poly[ch][k] >= 0)
        put(s, frame, 1, (const uint8_t[]){0xA0 | st, (uint8_t)k, (uint8_t)c->poly[ch][k]}, 3);
  }
}

/* Notes left on and pedals left down, as a region plays. */
typedef struct held {
  uint16_t on[16][128];
  bool pedal[16];
  bool pedal_played[16]; /* the region played a CC64 (else the pedal is as the start sent it) */
} held;

static void held_take(held *h, const sp_midi_event *e)
{
  const int ch = e->msg[0] & 0x0F;
  if (sp_midi_is_note_on(e)) {
    h->on[ch][e->msg[1]]++;
  } else if (sp_midi_is_note_off(e)) {
    if (h->on[ch][e->msg[1]])
      h->on[ch][e->msg[1]]--;
  } else if ((e->msg[0] & 0xF0) == 0xB0) {
    if (e->msg[1] == 64) {
      h->pedal[ch] = e->msg[2] >= 64;
      h->pedal_played[ch] = true;
    } else if (e->msg[1] == 120 || e->msg[1] == 123) /* all sound off, all notes off */
      memset(h->on[ch], 0, sizeof h->on[ch]);
  }
}

/* The region's end: pedals released, then each note left on turned off
 * as many times as it was struck. */
static void held_close(const held *h, schedule *s, int64_t frame)
{
  for (int ch = 0; ch < 16; ch++) {
    if (h->pedal[ch])
      put(s, frame, 0, (const uint8_t[]){(uint8_t)(0xB0 | ch), 64, 0}, 3);
    for (int k = 0; k < 128; k++)
      for (unsigned r = 0; r < h->on[ch][k]; r++)
        put(s, frame, 0, (const uint8_t[]){(uint8_t)(0x80 | ch), (uint8_t)k, 0}, 3);
  }
}

static double secs(int64_t frames, double rate) { return (double)frames / rate; }

/* A MIDI file as the build read it: the file, or why it could not be. */
struct graph_midi {
  char *path;
  sp_midi_file *f; /* NULL: not read, why says why */
  char why[512];
};

/* The file at path, read through the graph's media the first time a
 * region plays it and then kept for the build: a file played by many
 * tracks is read and held once (one parse of a file of millions of
 * events, not one a track). The file stays the builder's (graph_notes_fini
 * frees it); NULL with why when it cannot be read. */
static const sp_midi_file *midi_of(builder *b, const char *path, const char **why)
{
  const sp_media *media = b->g->media;
  size_t i;
  char *id = NULL;
  if (!sp_strmap_get(&b->midi_names, path, &i)) { /* the same file named otherwise */
    id = media->identity(media, path);
    if (!sp_strmap_get(&b->midi_files, id, &i))
      i = b->n_midi;
  }
  if (i == b->n_midi) {
    SP_GROW(b->midi, b->n_midi, b->cap_midi);
    struct graph_midi *m = &b->midi[b->n_midi++];
    m->path = sp_xstrdup(path);
    m->f = NULL;
    m->why[0] = '\0';
    if (media->midi(media, path, &m->f, m->why, sizeof m->why) != SP_OK) {
      sp_midi_file_free(m->f);
      m->f = NULL;
    }
    if (m->f)
      sp_strmap_put(&b->midi_files, id, i);
  }
  sp_strmap_put(&b->midi_names, path, i);
  free(id);
  *why = b->midi[i].why;
  return b->midi[i].f;
}

void graph_notes_fini(builder *b)
{
  for (size_t i = 0; i < b->n_midi; i++) {
    free(b->midi[i].path);
    sp_midi_file_free(b->midi[i].f);
  }
  free(b->midi);
  b->midi = NULL;
  b->n_midi = b->cap_midi = 0;
  sp_strmap_fini(&b->midi_names);
  sp_strmap_fini(&b->midi_files);
}

/* Region rg's playback channels on event e (a channel message): false
 * when `keep_channels` leaves its channel out; else on `force_channel`
 * when given (as Ardour's MidiChannelFilter does after the playlist). */
static bool playback_channel(const sp_region *rg, sp_midi_event *e)
{
  const int c = e->msg[0] & 0x0F;
  if (e->msg[0] < 0x80 || e->msg[0] >= 0xF0)
    return true;
  if (rg->keep_channels && !(rg->keep_channels & (1u << c)))
    return false;
  if (rg->force_channel)
    e->msg[0] = (uint8_t)((e->msg[0] & 0xF0) | ((rg->force_channel - 1) & 0x0F));
  return true;
}

/* The part of f region rg picks (its `track:`, its `channel:`), said at
 * rp's keys when the file has no such track. */
static bool pick_of(builder *b, const sp_region *rg, const char *rp, const sp_midi_file *f,
                    sp_midi_pick *pick)
{
  pick->track = -1;
  pick->channel = rg->channel - 1;
  char *tk = sp_xasprintf("%s.track", rp);
  bool ok = true;
  if (rg->midi_track) {
    size_t first = 0;
    const size_t named = sp_midi_tracks_named(f, rg->midi_track, &first);
    if (named == 1) {
      pick->track = (long)first;
    } else {
      char list[512] = "";
      for (size_t i = 0; i < f->n_tracks && strlen(list) < sizeof list - 64; i++) {
        const char *nm = f->track_names[i];
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%zu%s%s%s", i ? ", " : "", i + 1,
                 nm ? " '" : " (no name)", nm ? nm : "", nm ? "'" : "");
      }
      if (named == 0)
        graph_error(b, SP_ERR_USAGE, tk,
                    "'%s' has no track named '%s'; its tracks: %s (give a name or a number)",
                    sp_region_named(rg), rg->midi_track, list);
      else
        graph_error(b, SP_ERR_USAGE, tk,
                    "%zu tracks of '%s' are named '%s' (its tracks: %s); give the number of the "
                    "one to play",
                    named, sp_region_named(rg), rg->midi_track, list);
      ok = false;
    }
  } else if (rg->midi_track_no) {
    if ((size_t)rg->midi_track_no > f->n_tracks) {
      graph_error(b, SP_ERR_USAGE, tk, "'%s' has %zu track%s; 'track' is 1 to %zu (or a name)",
                  sp_region_named(rg), f->n_tracks, f->n_tracks == 1 ? "" : "s", f->n_tracks);
      ok = false;
    } else {
      pick->track = rg->midi_track_no - 1;
    }
  }
  free(tk);
  return ok;
}

/* The note of f released latest (its note-on's index, -1 when f has no
 * note), the first so released, and when (*until; a note never released
 * sounds to the file's end, and *never says so: of those, the first is
 * named). One pass: a key struck again while it sounds is the same note
 * until its note-off. */
static ptrdiff_t latest_release(const sp_midi_file *f, double *until, bool *never)
{
  ptrdiff_t open[16][128], best = -1;
  for (int c = 0; c < 16; c++)
    for (int k = 0; k < 128; k++)
      open[c][k] = -1;
  *until = -1;
  *never = false;
  for (size_t i = 0; i < f->n_events; i++) {
    const sp_midi_event *e = &f->events[i];
    ptrdiff_t *o = &open[sp_midi_channel(e)][e->msg[1] & 0x7F];
    if (sp_midi_is_note_on(e) && *o < 0)
      *o = (ptrdiff_t)i;
    else if (sp_midi_is_note_off(e) && *o >= 0) {
      if (e->seconds > *until || (e->seconds == *until && *o < best))
        best = *o, *until = e->seconds;
      *o = -1;
    }
  }
  for (int c = 0; c < 16; c++)
    for (int k = 0; k < 128; k++)
      if (open[c][k] >= 0 && (*never ? open[c][k] < best : f->end_seconds >= *until))
        best = open[c][k], *until = f->end_seconds, *never = true;
  return best;
}

/* Why f, which holds events, lasts no frame at rate (a region of it with
 * no 'length' is refused): they and its end are all at its start (a note
 * struck there and never released is named: it is what the writer meant
 * to sound), or its ticks are so short at its tempo that its end is less
 * than half a sample in. */
static void say_no_length(builder *b, const char *fp, const sp_region *rg, const sp_midi_file *f,
                          double rate)
{
  const char *name = sp_region_named(rg);
  const char *more = "; give the region a 'length' (how long it plays) or another file";
  if (f->end_tick > 0) {
    const unsigned us = f->n_tempos ? f->tempos[0].us_per_quarter : 500000;
    graph_error(b, SP_ERR_USAGE, fp,
                "'%s' lasts %.2f microseconds, less than a sample at %.0f Hz: its end is at tick "
                "%lld, and a quarter note (%d ticks) lasts %u microsecond%s at its tempo%s",
                name, f->end_seconds * 1e6, rate, (long long)f->end_tick, f->ticks_per_quarter, us,
                us == 1 ? "" : "s", more);
    return;
  }
  char never_off[128] = "";
  double until;
  bool never;
  const ptrdiff_t note = latest_release(f, &until, &never);
  if (note >= 0 && never)
    snprintf(never_off, sizeof never_off,
             ", and key %d on channel %d, struck there, is never released", f->events[note].msg[1],
             sp_midi_channel(&f->events[note]) + 1);
  graph_error(b, SP_ERR_USAGE, fp,
              "'%s' lasts 0 s: its %zu event%s and its end (End of Track) are all at its start "
              "(tick 0)%s%s",
              name, f->n_events, f->n_events == 1 ? "" : "s", never_off, more);
}

/* A file's end more than this after its last event but note-offs is
 * said: a render of it lasts as long, in silence or one held note. */
#define LONG_HOLD_SECONDS 3600.0

/* Warn when the length of a region of f from `from` s, the file's (no
 * 'length'), ends more than LONG_HOLD_SECONDS after the file's last event
 * but note-offs: a note held past the others, or an End of Track long
 * after the last note. The file's length is what it says (a DAW's region
 * of it is as long), but a user who meant a few minutes should hear of a
 * print of hours before it is written. */
static void warn_long_hold(builder *b, const char *fp, const sp_region *rg, const sp_midi_file *f,
                           double from)
{
  double last = from; /* the last event but note-offs, from the region's start */
  for (size_t i = 0; i < f->n_events; i++)
    if (!sp_midi_is_note_off(&f->events[i]) && f->events[i].seconds > last)
      last = f->events[i].seconds;
  if (!(f->end_seconds - last > LONG_HOLD_SECONDS))
    return;
  /* the note released latest, if it is held through an hour of that */
  double until;
  bool never;
  ptrdiff_t note = latest_release(f, &until, &never);
  if (!(until - last > LONG_HOLD_SECONDS))
    note = -1;
  const char *name = sp_region_named(rg);
  const double hours = (f->end_seconds - from) / 3600;
  const char *fix = "; the render prints all of it: give the region a 'length', or end the "
                    "MIDI file sooner";
  if (note >= 0) {
    const sp_midi_event *e = &f->events[note];
    graph_warn(b, fp,
               "'%s' plays %.1f hours: key %d on channel %d, struck at %.3f s, is held to "
               "%.3f s, %.1f hours after the file's last message but note-offs (at %.3f s)%s%s",
               name, hours, e->msg[1], sp_midi_channel(e) + 1, e->seconds, until,
               (until - last) / 3600, last,
               until < f->end_seconds ? ", and its end (End of Track) comes later still" : "", fix);
  } else
    graph_warn(b, fp,
               "'%s' plays %.1f hours: its end (End of Track, at %.3f s) comes %.1f hours after "
               "the file's last message but note-offs (at %.3f s)%s",
               name, hours, f->end_seconds, (f->end_seconds - last) / 3600, last, fix);
}

static void plan_region(builder *b, sp_node *n, const sp_track *t, size_t k, schedule *s)
{
  const double rate = b->r->sample_rate;
  const sp_region *rg = &t->regions[k];
  char *rp = t->regions_listed ? graph_region_path(b, n, k) : sp_xstrdup(n->path);
  char *fp = sp_xasprintf("%s.%s", rp, rg->midi ? "midi" : "file");
  sp_region_plan *p = &n->regions[n->n_regions];
  memset(p, 0, sizeof *p);
  p->pick = -1;
  const sp_midi_file *f = NULL;
  if (!rg->path)
    goto out;
  if (!rg->midi) {
    bool midi = false; /* a track of audio alone: the recipe's check says its instrument */
    for (size_t i = 0; i < t->n_regions; i++)
      midi |= t->regions[i].midi;
    if (midi)
      graph_error(b, SP_ERR_USAGE, fp,
                  "an instrument track plays MIDI: give the region 'midi: FILE.mid' (audio "
                  "plays on a track of its own)");
    goto out;
  }
  if (!graph_allowed(b, rg->path, false, fp, "the MIDI file"))
    goto out;
  const char *why;
  if (!b->g->media->midi) {
    graph_error(b, SP_ERR_IO, fp, "cannot read '%s': this program reads no MIDI files",
                sp_region_named(rg));
    goto out;
  }
  if (!(f = midi_of(b, rg->path, &why))) {
    graph_error(b, SP_ERR_IO, fp, "cannot read the MIDI file '%s': %s", sp_region_named(rg), why);
    goto out;
  }
  sp_midi_pick pick;
  if (!pick_of(b, rg, rp, f, &pick))
    goto out;
  const int64_t file_frames = llround(f->end_seconds * rate);
  p->path = rg->path;
  p->name = sp_region_named(rg);
  p->midi = true;
  p->channels = 1;
  p->at = sp_time_frames(rg->at, rate);
  p->from = sp_time_frames(rg->from, rate);
  p->gain = 1.0f;
  if (p->from > 0 && p->from >= file_frames) {
    char *kp = sp_xasprintf("%s.from", rp);
    graph_error(b, SP_ERR_USAGE, kp,
                "starts at %.3f s, at or past the end of '%s' (%.3f s long); use a smaller 'from'",
                secs(p->from, rate), sp_region_written(rg), secs(file_frames, rate));
    free(kp);
    goto out;
  }
  if (rg->has_length) {
    p->length = sp_time_frames(rg->length, rate);
    if (p->length <= 0) {
      char *kp = sp_xasprintf("%s.length", rp);
      graph_error(b, SP_ERR_USAGE, kp, "a region must be longer than 0");
      free(kp);
      goto out;
    }
  } else if ((p->length = file_frames - p->from) <= 0) {
    if (f->n_events)
      say_no_length(b, fp, rg, f, rate);
    else
      graph_error(b, SP_ERR_USAGE, fp,
                  "'%s' holds no events (it ends at its start); give the region a 'length' or "
                  "another file",
                  sp_region_named(rg));
    goto out;
  } else {
    warn_long_hold(b, fp, rg, f, secs(p->from, rate));
    /* Played to the file's own end: an event on its last frame (a note-on
     * at End of Track, a last hit written without its note-off) is the
     * file's, and the region takes that frame too, its notes released
     * after it (a region ends before its end frame's events: those are the
     * next region's, where one follows; here none does). */
    for (size_t i = f->n_events; i-- > 0;) {
      if (llround(f->events[i].seconds * rate) < file_frames)
        break;
      if (sp_midi_picks(pick, &f->events[i])) {
        p->length++;
        break;
      }
    }
  }
  if (sp_midi_note_channels(f, pick) == 0) {
    char what[96] = "";
    if (pick.track >= 0 && rg->midi_track) /* as the recipe names it, then its number */
      snprintf(what, sizeof what, " in track '%.40s' (track %ld)", rg->midi_track, pick.track + 1);
    else if (pick.track >= 0)
      snprintf(what, sizeof what, " in track %ld", pick.track + 1);
    if (pick.channel >= 0) {
      size_t used = strlen(what);
      snprintf(what + used, sizeof what - used, "%s channel %d", pick.track >= 0 ? "," : " on",
               pick.channel + 1);
    }
    graph_warn(b, fp, "'%s' has no note%s: the region plays nothing; check 'track' and 'channel'",
               sp_region_named(rg), what);
  }
  if (__builtin_popcount(f->ports) > 1 && pick.track < 0)
    graph_warn(b, fp,
               "'%s' sends its tracks to %d MIDI ports (port prefix, FF 21), each a device of 16 "
               "channels of its own; the region plays them on one, a channel of one port the same "
               "as another's (a program change of one changes the other's part): give each port's "
               "tracks a region of their own ('track: NAME')",
               sp_region_named(rg), __builtin_popcount(f->ports));
  if (f->n_tracks_uncounted)
    graph_warn(b, fp,
               "'%s' holds %zu track%s (MTrk) after the %zu its header counts, not read: if %s a "
               "part, the header's count is wrong; save the file again from its sequencer",
               sp_region_named(rg), f->n_tracks_uncounted, f->n_tracks_uncounted == 1 ? "" : "s",
               f->n_tracks, f->n_tracks_uncounted == 1 ? "it holds" : "they hold");
  if (f->n_meters_skipped)
    graph_warn(b, fp,
               "%zu time signature%s of '%s' of no meter (a numerator of 0, a denominator past "
               "2^7) left out: a time signature changes no time",
               f->n_meters_skipped, f->n_meters_skipped == 1 ? "" : "s", sp_region_named(rg));
  if (f->n_sysex_skipped)
    graph_warn(b, fp,
               "%zu SysEx message%s of '%s' left out: stemprint plays an instrument notes, "
               "controllers, programs, pitch bend and pressure, not SysEx",
               f->n_sysex_skipped, f->n_sysex_skipped == 1 ? "" : "s", sp_region_named(rg));
  if (f->n_escapes_skipped)
    graph_warn(b, fp,
               "%zu escape%s (F7 outside a SysEx message) of '%s' left out, %zu sending a channel "
               "message (a note, a controller, a program ...): stemprint plays those from the "
               "file's own events, not from escaped bytes; save the part again from its "
               "sequencer, which writes them as events",
               f->n_escapes_skipped, f->n_escapes_skipped == 1 ? "" : "s", sp_region_named(rg),
               f->n_escaped_channel);
  /* The part's state where the region starts, its events, its ends. */
  chase c;
  chase_init(&c);
  held h;
  memset(&h, 0, sizeof h);
  for (size_t i = 0; i < f->n_events; i++) {
    sp_midi_event played = f->events[i];
    const sp_midi_event *e = &played;
    if (!sp_midi_picks(pick, e) || !playback_channel(rg, &played))
      continue;
    const int64_t at_file = llround(e->seconds * rate);
    if (at_file < p->from) {
      chase_take(&c, e);
      continue;
    }
    if (at_file >= p->from + p->length)
      break;
    put(s, p->at + (at_file - p->from), 2, e->msg, e->size);
    held_take(&h, e);
  }
  chase_send(&c, s, p->at); /* before the events at p->at: their class says so */
  for (int ch = 0; ch < 16; ch++) /* a pedal the start sent down and the part left down */
    if (c.cc[ch][64] >= 64 && !h.pedal_played[ch])
      h.pedal[ch] = true;
  held_close(&h, s, p->at + p->length);
  p->key = fp;
  fp = NULL;
  n->n_regions++;
out:
  free(fp);
  free(rp);
}

static bool same_events(const sp_events *a, const sp_events *b)
{
  for (size_t i = 0; i < a->n; i++) {
    const sp_event *x = &a->v[i], *y = &b->v[i];
    if (x->frame != y->frame || x->size != y->size || memcmp(x->msg, y->msg, x->size) != 0)
      return false;
  }
  return true;
}

/* n's events held once: where an earlier node's are the same (tracks
 * that play the same part of a file at the same place), n reads those and
 * its own copy goes. */
static void share_events(builder *b, sp_node *n)
{
  if (!n->events.n)
    return;
  const sp_graph *g = b->g;
  for (size_t i = 0; i < g->n_nodes && &g->nodes[i] != n; i++) {
    const sp_events *o = &g->nodes[i].events;
    if (o->v && o->n == n->events.n && same_events(o, &n->events)) {
      free(n->events.v);
      n->events.v = o->v;
      n->events_shared = true;
      return;
    }
  }
}

void graph_plan_notes(builder *b, sp_node *n, const sp_track *t)
{
  schedule s = {0};
  for (size_t k = 0; k < t->n_regions; k++)
    plan_region(b, n, t, k, &s);
  /* One region's schedule is in order as made (its start's state, its
   * events as the file orders them, its end): sorted only when it is not,
   * since glibc's qsort copies the whole array aside (its merge sort). The
   * order is total (seq), so either way it is the same. qsort is not given
   * a null array, even of none. */
  bool sorted = true;
  for (size_t i = 1; i < s.n && sorted; i++)
    sorted = cmp_timed(&s.v[i - 1], &s.v[i]) < 0;
  if (s.n && !sorted)
    qsort(s.v, s.n, sizeof *s.v, cmp_timed);
  /* the events moved down over the schedule's own memory, which then
   * shrinks to them: a part of millions of events is not held twice */
  sp_event *ev = (sp_event *)(void *)s.v;
  for (size_t i = 0; i < s.n; i++)
    memmove(&ev[i], &s.v[i].e, sizeof *ev);
  n->events.v = s.n ? sp_xreallocarray(ev, s.n, sizeof *ev) : sp_xcalloc(1, sizeof *ev);
  n->events.n = s.n;
  if (!s.n)
    free(s.v);
  share_events(b, n);
  if (t->strip.layout) {
    char *lk = sp_xasprintf("%s.layout", n->path);
    graph_error(b, SP_ERR_USAGE, lk,
                "an instrument track has the channels its instrument plays (one or two); remove "
                "'layout'");
    free(lk);
  }
  n->layout = sp_layout_find("mono");
  n->channels = 1;
  /* no instrument (refused where it was given, or none: said): what the
   * chain would play is not known */
  n->channels_unknown |= !t->strip.instrument;
}
