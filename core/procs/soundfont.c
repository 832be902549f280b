/* SPDX-License-Identifier: GPL-3.0-or-later */
/* soundfont: an instrument that plays a track's MIDI on a SoundFont (.sf2)
 * through the process's SoundFont host (core/procs/soundfont.h; io/synth:
 * libfluidsynth), stereo.
 *
 *   events (timeline frames) ─► sent at the synth's block boundary nearest
 *                               their frame ─► synth ─► L, R
 *
 * The synthesizer runs in blocks of its own (64 frames for fluidsynth) and
 * a message takes effect at the start of the block after it was sent: no
 * message can start between two. So the synth's blocks are laid on the
 * timeline's multiples of the block (its first run is preceded by as much
 * silence as puts its first block boundary on one), and each event is sent
 * at the boundary nearest its frame: it sounds at most half a block from
 * it (0.67 ms at 48 kHz), at the same frame at any block length and -j, on
 * any path latency. Its own reverb and chorus are off unless asked: the
 * recipe's buses do the room.
 *
 * The bank and program of the recipe start every channel but 10 (which
 * plays the SoundFont's percussion, bank 128, as General MIDI's drum
 * channel); the MIDI's own program changes then select as they come. A
 * preset the SoundFont has not, the recipe's, one the MIDI selects or the
 * percussion a note on channel 10 plays, is an error that lists those it
 * has. */

#include "core/procs/soundfont.h"

#include "core/base/alloc.h"
#include "core/dsp/events.h"
#include "core/procs/instrument.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sp_sf2_host *host;

void sp_sf2_use_host(const sp_sf2_host *h) { host = h; }

const sp_sf2_host *sp_sf2_host_of(void) { return host; }

static const char *const interpolations[] = {"none", "linear", "4th", "7th", NULL};
static const int interpolation_order[] = {0, 1, 4, 7};

/* fluidsynth's own level, 0.2, in dB */
#define SP_SF2_GAIN_DB -13.979400086720375

enum { P_FILE, P_BANK, P_PROGRAM, P_GAIN, P_REVERB, P_CHORUS, P_POLYPHONY, P_INTERPOLATION };

static const sp_param params[] = {
    {"file", SP_PARAM_PATH, SP_UNIT_NUMBER, 0, 0, 0, NULL, true,
     "the SoundFont (.sf2), relative to the recipe's folder"},
    {"bank", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 0, 0, 16383, NULL, false,
     "the bank of the preset every channel but 10 starts on"},
    {"program", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 0, 0, 127, NULL, false,
     "its program, as the SoundFont numbers them (from 0: General MIDI's piano is 0)"},
    {"gain", SP_PARAM_NUMBER, SP_UNIT_DB, SP_SF2_GAIN_DB, -INFINITY, 20, NULL, false,
     "the synthesizer's level (the default, 20 log10 0.2 = -13.9794 dB, is fluidsynth's own "
     "0.2)"},
    {"reverb", SP_PARAM_BOOL, SP_UNIT_NUMBER, 0, 0, 1, NULL, false,
     "the synthesizer's own reverb (off: the recipe's buses do the room)"},
    {"chorus", SP_PARAM_BOOL, SP_UNIT_NUMBER, 0, 0, 1, NULL, false, "the synthesizer's own chorus"},
    {"polyphony", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 256, 1, 65535, NULL, false,
     "the most voices that sound at once"},
    {"interpolation", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 2, 0, 3, interpolations, false,
     "how samples are pitched: none, linear, 4th or 7th order"},
};

/* The frames of the synth's block (what its host says; 64 without one). */
#define BLOCK (host && host->block_frames ? (int64_t)host->block_frames : 64)

typedef struct sf_state {
  sp_sf2_synth *sy;
  sp_sf2_settings set;
  const char *path;
  int bank, program;
  const sp_events *events;
  bool timed;      /* the renderer said where the next run plays */
  int64_t played;  /* the timeline frame of the synth's next output frame */
  size_t next;     /* the next event to send */
  float scratch[2][256];
  float *right; /* kept mono (`widen: false`): its right output, thrown away */
} sf_state;

/* The timeline frame an event at frame t is sent at: the synth's block
 * boundary nearest it (a multiple of the block; halfway: the later). */
static int64_t send_frame(int64_t t)
{
  const int64_t b = BLOCK, r = ((t % b) + b) % b;
  return r < b / 2 ? t - r : t - r + b;
}

/* The first event sent at frame t or later. */
static size_t first_from(const sp_events *ev, int64_t t)
{
  size_t i = sp_events_from(ev, t - BLOCK);
  while (ev && i < ev->n && send_frame(ev->v[i].frame) < t)
    i++;
  return i;
}

/* frames of silence out of the synth, thrown away */
static void skip(sf_state *s, int64_t frames)
{
  while (frames > 0) {
    const size_t n = frames < 256 ? (size_t)frames : 256;
    host->render(s->sy, s->scratch[0], s->scratch[1], n);
    frames -= (int64_t)n;
  }
}

static void play_at(void *state, int64_t frame, int64_t clock)
{
  (void)clock;
  sf_state *s = state;
  if (s->timed && frame == s->played)
    return;
  if (!s->timed) /* its blocks on the timeline's multiples of a block */
    skip(s, ((frame % BLOCK) + BLOCK) % BLOCK);
  s->played = frame;
  s->next = first_from(s->events, frame);
  s->timed = true;
}

static void process(void *state, float *const *in, size_t frames)
{
  sf_state *s = state;
  float *const ch[2] = {in[0], s->right ? s->right : in[1]};
  if (!s->sy) {
    memset(ch[0], 0, frames * sizeof(float));
    memset(ch[1], 0, frames * sizeof(float));
    return;
  }
  const sp_events *ev = s->timed ? s->events : NULL;
  const int64_t end = s->played + (int64_t)frames;
  size_t done = 0;
  while (ev && s->next < ev->n) {
    const sp_event *e = &ev->v[s->next];
    const int64_t at = send_frame(e->frame);
    if (at >= end)
      break;
    if (at > s->played) {
      const size_t n = (size_t)(at - s->played);
      host->render(s->sy, ch[0] + done, ch[1] + done, n);
      done += n;
      s->played = at;
    }
    host->send(s->sy, e->msg, e->size);
    s->next++;
  }
  if (done < frames)
    host->render(s->sy, ch[0] + done, ch[1] + done, frames - done);
  s->played = end;
}

/* Every channel but 10 on the recipe's preset. */
static bool select_all(sf_state *s)
{
  if (!host->keep(s->sy, s->bank, s->program))
    return false;
  host->keep(s->sy, 128, 0); /* the percussion, where the SoundFont has some */
  for (int c = 0; c < 16; c++)
    if (c != 9 && !host->select(s->sy, c, s->bank, s->program))
      return false;
  return true;
}

/* "0:0 'Grand Piano', 0:1 'Bright Piano', ..." (as many as fit), the
 * presets of bank first (the one asked for: a missing drum kit lists the
 * kits, 128:x, before the melodic presets); playing: only those that play
 * something. */
static void list_presets(const sp_sf2_synth *sy, int bank, bool playing, char *buf, size_t size)
{
  const sp_sf2_preset *p;
  const size_t n = host->presets(sy, &p);
  buf[0] = '\0';
  size_t listed = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < n; i++) {
      if ((p[i].bank == bank) != (pass == 0) || (playing && p[i].mute))
        continue;
      const size_t used = strlen(buf);
      if (used + 48 >= size) {
        snprintf(buf + used, size - used, ", ... (%zu in all)", n);
        return;
      }
      snprintf(buf + used, size - used, "%s%d:%d '%s'", listed++ ? ", " : "", p[i].bank,
               p[i].program, p[i].name);
    }
}

static const sp_sf2_preset *find_preset(const sp_sf2_synth *sy, int bank, int program)
{
  const sp_sf2_preset *p;
  const size_t n = host->presets(sy, &p);
  for (size_t i = 0; i < n; i++)
    if (p[i].bank == bank && p[i].program == program)
      return &p[i];
  return NULL;
}

/* The track's events against the SoundFont, channel by channel: each
 * program change, with the bank its channel is on then (controller 0, as
 * fluidsynth reads bank select by default; the percussion channel, 10, on
 * bank 128), selects a preset the SoundFont has (each one found is kept
 * loaded), and each note plays on a preset it has (channel 10 starts on
 * 128:0, which a SoundFont of no kit has not: fluidsynth then says "No
 * preset found" to no one and the notes play nothing) that plays
 * something. */
static bool presets_play(const sf_state *s, char *why, size_t why_size)
{
  int bank[16], sel_bank[16], program[16]; /* bank: as selected by controller 0 since */
  for (int c = 0; c < 16; c++) {
    bank[c] = sel_bank[c] = c == 9 ? 128 : s->bank;
    program[c] = c == 9 ? 0 : s->program;
  }
  for (size_t i = 0; s->events && i < s->events->n; i++) {
    const sp_event *e = &s->events->v[i];
    const int c = e->msg[0] & 0x0F, type = e->msg[0] & 0xF0;
    if (type == 0xB0 && e->msg[1] == 0 && c != 9)
      bank[c] = e->msg[2];
    if (type == 0x90 && e->size == 3 && e->msg[2] > 0) {
      const sp_sf2_preset *p = find_preset(s->sy, sel_bank[c], program[c]);
      /* channel 10 on the percussion a SoundFont of no kit has not
       * (fluidsynth's "No preset found", said to no one): silent. Every
       * other channel is on the recipe's preset or one a program change
       * selected, each found above */
      if (!p && c == 9) {
        char list[768];
        list_presets(s->sy, sel_bank[c], true, list, sizeof list);
        snprintf(why, why_size,
                 "the MIDI plays key %d on channel 10 (at frame %lld), which starts on preset "
                 "%d:%d (bank:program), General MIDI's percussion, and '%s' has none there: the "
                 "note plays nothing; play the part on another channel, or on a SoundFont with a "
                 "kit in bank 128; it has %s",
                 e->msg[1], (long long)e->frame, sel_bank[c], program[c], s->path, list);
        return false;
      }
      if (p && p->mute) {
        char list[768];
        list_presets(s->sy, sel_bank[c], true, list, sizeof list);
        snprintf(why, why_size,
                 "the MIDI plays key %d on channel %d (at frame %lld) on preset %d:%d '%s' of "
                 "'%s', which plays nothing: %s; choose a preset that plays: %s",
                 e->msg[1], c + 1, (long long)e->frame, p->bank, p->program, p->name, s->path,
                 p->mute, list);
        return false;
      }
    }
    if (type != 0xC0)
      continue;
    program[c] = e->msg[1];
    sel_bank[c] = bank[c];
    if (find_preset(s->sy, bank[c], e->msg[1])) { /* its samples loaded before the render */
      host->keep(s->sy, bank[c], e->msg[1]);
      continue;
    }
    char list[768];
    list_presets(s->sy, bank[c], false, list, sizeof list);
    snprintf(why, why_size,
             "the MIDI selects program %d of bank %d on channel %d (at frame %lld), which '%s' "
             "has not; it has %s",
             e->msg[1], bank[c], c + 1, (long long)e->frame, s->path, list);
    return false;
  }
  return true;
}

/* From a synth as the host opens or restarts it: its presets selected,
 * the timeline's clock back to its start. */
static bool begin(sf_state *s)
{
  s->timed = false;
  s->played = 0;
  s->next = 0;
  return select_all(s);
}

/* A synth of s's settings with its presets selected and every preset its
 * events select loaded, as it starts. */
static sp_err start(sf_state *s, char *why, size_t why_size)
{
  s->sy = host->open(s->path, &s->set, why, why_size);
  if (!s->sy) /* at a rate it does not play: the recipe's mistake; else the file's */
    return host->max_rate_hz > 0 &&
                   (s->set.rate < host->min_rate_hz || s->set.rate > host->max_rate_hz)
               ? SP_ERR_USAGE
               : SP_ERR_IO;
  if (!begin(s)) {
    char list[768];
    list_presets(s->sy, s->bank, false, list, sizeof list);
    snprintf(why, why_size, "'%s' has no preset %d:%d (bank:program); it has %s", s->path,
             s->bank, s->program, list);
    return SP_ERR_USAGE;
  }
  if (!presets_play(s, why, why_size))
    return SP_ERR_USAGE;
  return SP_OK;
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  sf_state *s = state;
  if (!host) {
    snprintf(why, why_size, "this program has no SoundFont player");
    return SP_ERR_USAGE;
  }
  s->path = a->paths ? a->paths[P_FILE] : NULL;
  if (!s->path) {
    snprintf(why, why_size, "a SoundFont needs its 'file'");
    return SP_ERR_USAGE;
  }
  const double *v = a->values;
  static const int whole[] = {P_BANK, P_PROGRAM, P_POLYPHONY};
  for (size_t k = 0; k < sizeof whole / sizeof *whole; k++)
    if (v[whole[k]] != floor(v[whole[k]])) {
      const sp_param *pr = &params[whole[k]];
      snprintf(why, why_size, "'%s' is a whole number from %g to %g, got %g", pr->name, pr->min,
               pr->max, v[whole[k]]);
      return SP_ERR_USAGE;
    }
  const sp_sf2_settings set = {
      .rate = env->sample_rate,
      .gain_lin = isinf(v[P_GAIN]) ? 0.0 : pow(10.0, v[P_GAIN] / 20.0),
      .reverb = v[P_REVERB] != 0,
      .chorus = v[P_CHORUS] != 0,
      .polyphony = (int)v[P_POLYPHONY],
      .interpolation = interpolation_order[(int)v[P_INTERPOLATION] & 3],
  };
  s->set = set;
  if (sp_proc_out_channels(a->cls, a->keep_mono, env->channels) == 1)
    s->right = sp_xcalloc(env->max_block_frames, sizeof(float));
  s->bank = (int)v[P_BANK];
  s->program = (int)v[P_PROGRAM];
  s->events = a->events;
  return start(s, why, why_size);
}

static void release(void *state)
{
  sf_state *s = state;
  if (s->sy)
    host->close(s->sy);
  s->sy = NULL;
  free(s->right);
}

/* A fresh synth (a system reset leaves some of its state behind: its
 * output after one is not a fresh synth's) over the SoundFont prepare
 * loaded: no file is read again, and what succeeded at prepare (its
 * presets selected) succeeds again. */
static void reset(void *state)
{
  sf_state *s = state;
  if (!s->sy)
    return;
  host->restart(s->sy);
  begin(s);
}

/* An instrument heard for its tail (core/procs/instrument.h). */
static void probe_use(void *state, const sp_events *notes)
{
  sf_state *s = state;
  s->events = notes;
  s->timed = false;
  if (notes)
    play_at(s, 0, 0);
}

static void measure(void *state, const sp_proc_env *env, sp_proc_probed *out)
{
  sf_state *s = state;
  const sp_events *events = s->events;
  const sp_instrument_probe pr = {.state = s,
                                  .reset = reset,
                                  .use = probe_use,
                                  .play = process,
                                  .channels = 2,
                                  .block = env->max_block_frames,
                                  .rate = env->sample_rate};
  out->tail_frames = sp_instrument_tail(&pr, events, env->floor_db, 0.5, &out->tail_capped);
  s->events = events;
  out->link_floor_dbfs = -INFINITY;
}

/* The file held open while the graph lives: the probe and the render's
 * instance read what was opened once. */
static void *hold(const sp_proc_args *a)
{
  return host && host->hold && a->paths && a->paths[P_FILE] ? host->hold(a->paths[P_FILE]) : NULL;
}

static void let_go(void *held) { host->let_go(held); }

const sp_proc_class sp_proc_soundfont = {
    .name = "soundfont",
    .summary = "an instrument: a SoundFont (.sf2) played by fluidsynth, stereo",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .primary_param = P_FILE,
    .flags = SP_PROC_MEMORY | SP_PROC_INSTRUMENT | SP_PROC_MONO_TO_STEREO | SP_PROC_ONE_LANE,
    .state_size = sizeof(sf_state),
    .prepare = prepare,
    .process = process,
    .at = play_at,
    .reset = reset,
    .release = release,
    .measure = measure,
    .hold = hold,
    .let_go = let_go,
};
