/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTSF2_H
#define SP_TESTSF2_H

/* A SoundFont 2.01 file of the tests' own, with answers known by
 * construction, for the SoundFont instrument tests: two 16-bit samples
 * at 48000 Hz and three presets.
 *
 *   sample "Sine A4"   full scale (32767) sine of 440 Hz: 3600 points, 33
 *                      cycles, looped over [1200, 2400) (11 cycles exactly:
 *                      48000/440 = 1200/11), original pitch 69, correction 0
 *   sample "Sine hit"  full scale sine of 1000 Hz: 4800 points, 100 cycles,
 *                      not looped (a burst of 100 ms)
 *
 *   bank 0   program 0  "Sine"       the A4 sine looped, the SF2 default
 *                                    envelope (attack, hold, decay, release
 *                                    -12000 timecents ≈ 1 ms, sustain 0 dB)
 *   bank 0   program 1  "Sine slow"  the same, with attack TU_SF2_SLOW_ATTACK_TC
 *                                    and release TU_SF2_SLOW_RELEASE_TC
 *   bank 128 program 0  "Sine hit"   the 1000 Hz burst on every key, at its
 *                                    own pitch whatever the key (scaleTuning
 *                                    0), played once (percussion)
 *
 * Timecents tc are 2^(tc/1200) seconds. Every pdta list ends with its
 * terminal record (EOP, EOI, EOS and zero records), every sample with the
 * 46 zero points the specification asks for. */

#define TU_SF2_RATE 48000
#define TU_SF2_A4_HZ 440.0
#define TU_SF2_HIT_HZ 1000.0
#define TU_SF2_HIT_FRAMES 4800
#define TU_SF2_SLOW_ATTACK_TC (-2400)  /* 0.25 s */
#define TU_SF2_SLOW_RELEASE_TC (-1200) /* 0.5 s */

/* Write the SoundFont to dir/name; returns the heap path. Aborts when it
 * cannot be written. */
char *tu_write_sf2(const char *dir, const char *name);

/* The same file with a flaw that leaves something unplayable:
 *   TU_SF2_NO_SAMPLES     no sample at all (smpl empty, shdr only its
 *                         terminal record, no zone names a sample)
 *   TU_SF2_SILENT_PRESET  a fourth preset, 0:2 "Silent", whose instrument
 *                         ("Empty") has a zone that names no sample
 *   TU_SF2_EMPTY_SAMPLE   the same preset, its instrument ("Hollow") on a
 *                         third sample of no points (start = end)
 *   TU_SF2_ODD_SMPL       smpl one byte longer (an odd size, padded as
 *                         RIFF pads): fluidsynth plays none of its samples */
typedef enum tu_sf2_flaw {
  TU_SF2_SOUND,
  TU_SF2_NO_SAMPLES,
  TU_SF2_SILENT_PRESET,
  TU_SF2_EMPTY_SAMPLE,
  TU_SF2_ODD_SMPL,
} tu_sf2_flaw;
char *tu_write_sf2_flawed(const char *dir, const char *name, tu_sf2_flaw flaw);

/* Write a Standard MIDI File (format 0, 480 ticks a quarter note, 120 bpm:
 * 960 ticks a second) to dir/name: n events, each `ticks` after the
 * previous one, of the 3 bytes given; returns the heap path. */
typedef struct tu_smf_event {
  unsigned ticks;
  unsigned char msg[3];
} tu_smf_event;
char *tu_write_smf(const char *dir, const char *name, const tu_smf_event *ev, int n);

#endif
