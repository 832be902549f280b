/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROCS_SOUNDFONT_H
#define SP_PROCS_SOUNDFONT_H

/* SoundFonts as the engine sees them: a synthesizer that a host makes
 * with one SoundFont (.sf2) loaded, fed a track's MIDI messages and run
 * for frames of stereo output; the `soundfont` instrument
 * (core/procs/soundfont.c) plays a track's MIDI through it. Loading the
 * file and synthesizing is the host's (io/synth: libfluidsynth); a
 * process installs it once (sp_sf2_use_host), and without one a
 * SoundFont cannot be played. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_sf2_synth sp_sf2_synth;

typedef struct sp_sf2_settings {
  double rate;
  double gain_lin; /* the synthesizer's master gain */
  bool reverb, chorus;
  int polyphony;
  int interpolation; /* 0 none, 1 linear, 4 fourth order, 7 seventh order */
} sp_sf2_settings;

/* A preset of a SoundFont: its bank and program, its name, and why it
 * plays nothing (static text: "it has no zones", ...; NULL when it plays
 * or the host cannot tell). */
typedef struct sp_sf2_preset {
  int bank, program;
  char name[24];
  const char *mute;
} sp_sf2_preset;

typedef struct sp_sf2_host {
  /* A synthesizer with the SoundFont at path loaded, with settings; NULL
   * with why when it cannot be (path is not a regular file, not a
   * SoundFont, holds no samples, ...). The file is read here only: every
   * synthesizer of the instrument plays what was loaded then. Safe to
   * call from any thread, for any number of instruments at once. */
  sp_sf2_synth *(*open)(const char *path, const sp_sf2_settings *settings, char *why,
                        size_t why_size);
  /* Its presets, sorted by bank and program (the array is the synth's). */
  size_t (*presets)(const sp_sf2_synth *sy, const sp_sf2_preset **out);
  /* Channel channel (0..15) plays preset bank:program; false when the
   * SoundFont has none such. */
  bool (*select)(sp_sf2_synth *sy, int channel, int bank, int program);
  /* Keep preset bank:program's samples loaded from now on (a synth loads
   * a preset's samples when a channel first selects it, so a program
   * change in a render would read the file: every preset a track selects
   * is kept loaded before it starts). False when there is none such. */
  bool (*keep)(sp_sf2_synth *sy, int bank, int program);
  /* A channel message (note on/off, a controller, a program change,
   * pressure, pitch bend), effective from the synthesizer's next block. */
  void (*send)(sp_sf2_synth *sy, const uint8_t *msg, size_t size);
  /* The next frames of its output. */
  void (*render)(sp_sf2_synth *sy, float *left, float *right, size_t frames);
  /* The synthesizer made fresh, as open left it but for the presets its
   * channels play (select them again) and the presets kept (still kept):
   * no file is read; it cannot fail (an allocation that does ends the
   * process). */
  void (*restart)(sp_sf2_synth *sy);
  void (*close)(sp_sf2_synth *sy);
  /* Optional: open the file at path as open would and keep it open until
   * let_go, so that every open of path meanwhile reads it without opening
   * it again; NULL when it cannot be (open then says why). */
  void *(*hold)(const char *path);
  void (*let_go)(void *held);
  /* The synthesizer's library and version ("fluidsynth 2.3.1"). */
  const char *(*version)(void);
  /* The frames of a synthesizer's block: a message takes effect at the
   * start of the block after it was sent. */
  size_t block_frames;
  /* The sample rates it plays at (0: it does not say): open refuses a
   * synthesizer at another, a mistake of the recipe's, not the file's. */
  double min_rate_hz, max_rate_hz;
} sp_sf2_host;

/* Install the process's host (io/synth/synth.h: sp_fluid_host), once,
 * before any recipe with a SoundFont is read. */
void sp_sf2_use_host(const sp_sf2_host *host);
const sp_sf2_host *sp_sf2_host_of(void);

/* The soundfont instrument's class (core/procs/list.h). */
struct sp_proc_class;
extern const struct sp_proc_class sp_proc_soundfont;

#endif
