/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_UNITS_H
#define SP_UNITS_H

/* Values with units, as a recipe writes them.
 *
 * A bare number is in the field's natural unit (dB, seconds, Hz, a ratio);
 * a string may carry a unit: `-3 dB`, `-inf dB`, `-18 dBFS`, `-1 dBTP`,
 * `-14 LUFS`, `1 LU`, `5 ms`, `1.5 s`, `480 smp`, `1:32.5` (m:ss.fff or
 * h:mm:ss.fff), `30 Hz`, `2.5 kHz`, `-2 st`. Parsing is strict: a number must be a
 * plain decimal (no hex, no `nan`), units are case-sensitive and a unit of
 * the wrong family is refused with a message saying what was expected. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_unit {
  SP_UNIT_NUMBER,  /* a plain number: ratio, pan, Q, count */
  SP_UNIT_DB,      /* gain or level in dB; `-inf dB` allowed */
  SP_UNIT_DBFS,    /* level relative to full scale: dBFS (or dB) */
  SP_UNIT_DBTP,    /* true-peak level: dBTP (or dB) */
  SP_UNIT_LUFS,    /* loudness: LUFS or LKFS */
  SP_UNIT_LU,      /* loudness difference: LU */
  SP_UNIT_SECONDS, /* time: s, ms, m:ss.fff (not smp: see sp_time) */
  SP_UNIT_HZ,      /* frequency: Hz, kHz */
  /* a pitch shift: st */
  SP_UNIT_SEMITONES,
  SP_UNIT_KBPS,    /* a lossy format's bitrate: kbps */
} sp_unit;

/* A time that is either in seconds or, when written in `smp`, an exact
 * number of frames (so sample-exact recipes stay exact at any rate). */
typedef struct sp_time {
  double seconds;
  int64_t frames;
  bool in_frames;
} sp_time;

/* Parse text as a value of the given unit family into *value (in the family's
 * natural unit: dB, seconds, Hz, ...). On failure returns false and writes a
 * lowercase explanation ("expected a level like '-3 dB' ...") into why. */
bool sp_units_parse(sp_unit unit, const char *text, double *value, char *why, size_t why_size);

/* Parse a time (s, ms, smp, m:ss.fff, bare seconds). Negative times are
 * refused; the caller checks upper bounds. */
bool sp_units_parse_time(const char *text, sp_time *t, char *why, size_t why_size);

/* The longest time a recipe may give, and the longest render: a day.
 * Generous for a song, an album side or a radio show, and a bound on what a
 * few characters of a recipe can ask for (`length: 1e12` would write until
 * the disk is full). */
#define SP_MAX_SECONDS 86400.0
#define SP_MAX_TEXT "24 hours"
/* The most frames that long at the highest sample rate (768 kHz). */
#define SP_MAX_FRAMES ((int64_t)86400 * 768000)

/* The time in frames at rate (rounded to the nearest frame). */
int64_t sp_time_frames(sp_time t, double rate);
/* The time in frames at rate, not rounded (a time in seconds between frames
 * stays between them), but for a time within a millionth of a frame of a
 * whole frame, which is that frame: a frame's time written in seconds
 * (288.35416666666667 ms is frame 13841 at 48 kHz) is not a hair later
 * than the frame because its decimals stop. */
double sp_time_frames_exact(sp_time t, double rate);
/* The time in seconds at rate (a time in frames divided by it). */
double sp_time_seconds(sp_time t, double rate);
/* The time's number in its own unit, at no rate: its frames when it is in
 * frames, else its seconds (a list's times compared with each other, all
 * in one unit). */
static inline double sp_time_number(sp_time t)
{
  return t.in_frames ? (double)t.frames : t.seconds;
}

/* v, a value in unit from, as a value in unit to, into *out: from is one
 * of to's spellings ("dB" for a dBFS level; seconds for a time), or a
 * plain number (written bare: in to's natural unit); a time one a recipe
 * holds (not negative, not past SP_MAX_SECONDS). Else false, why (the
 * words a text's unit or time is refused in: "unit 'Hz' does not fit
 * here; expected a value like '-3 dB' or '-inf dB'"). Another range is
 * the caller's. */
bool sp_unit_convert(double v, sp_unit from, sp_unit to, double *out, char *why, size_t why_size);

/* The unit's canonical spelling ("dB", "s", "Hz"; "" for plain numbers). */
const char *sp_unit_name(sp_unit unit);
/* The i-th spelling the unit's family takes, the canonical first ("dBFS",
 * then "dB"); NULL past the last. */
const char *sp_unit_spelling(sp_unit unit, size_t i);

/* An example value for messages ("-3 dB", "10 ms"). */
const char *sp_unit_example(sp_unit unit);

/* Whether word is, ignoring case, a spelling of a unit of any family ("dB",
 * "LUFS", "lu", "ms", "smp", "kHz"): the command line uses it to take a unit
 * written as an argument of its own (`--target -14 LUFS`). */
bool sp_units_is_unit_word(const char *word);

/* Linear gain of a level in dB; -inf gives 0. */
double sp_db_to_lin(double db);
/* Level in dB of a linear magnitude; 0 gives -inf. */
double sp_lin_to_db(double lin);

#endif
