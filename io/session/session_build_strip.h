/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_STRIP_H
#define SP_SESSION_BUILD_STRIP_H

/* A strip's own values and its sends as a reader builds them into the
 * recipe's own types at once (issue 72): each set as read, what the
 * parser would say of one said where the session builder places the
 * strip (io/session/session_build_strip.c), by the rules the parser and
 * the builder share (core/recipe/build.h). A timed
 * value a reader still computes on after reading it (a level, a pan, a
 * mute's or polarity's steps: shifted, scaled by VCAs, or-ed) stays a
 * list of points as read (sp_auto, io/session/mix.h), built when the strip is
 * placed. */

#include "core/base/layout.h"
#include "core/dsp/fold.h"
#include "core/recipe/keys.h"
#include "io/session/mix.h"

#include <stddef.h>
#include <stdint.h>

/* v, a number in the unit of the row of key (SP_KEY_STRIP_*: trim in dB,
 * width plain), whose field in the recipe's strip is a number
 * (sp_key_row.store SP_KEY_S_DOUBLE; another key is a reader's mistake,
 * and aborts), set in s->strip as read (its `has` flag set where the row
 * has one): the recipe's check holds it to its row's range
 * (core/recipe/check.h). A value s had before is replaced. */
void sp_mix_strip_number(sp_mix_strip *s, size_t key, double v);
/* The same of a key whose field is a switch (SP_KEY_S_BOOL: `print`, `bed`,
 * a two-word enum's second word) and of one whose field is a word's
 * (SP_KEY_S_INT: its index, or its row's value); the builder places every
 * scalar a reader set so, by its row. */
void sp_mix_strip_switch(sp_mix_strip *s, size_t key, bool on);
void sp_mix_strip_word(sp_mix_strip *s, size_t key, int word);
/* key's number taken back (a width the pan's matrix replaces), its points
 * too where it moves: left out. */
void sp_mix_strip_unset(sp_mix_strip *s, size_t key);
/* `mute: true` (on) or not. */
void sp_mix_strip_mute(sp_mix_strip *s, bool on);
/* `solo: true` (on) or not (a bus's is said where it is placed). */
void sp_mix_strip_solo(sp_mix_strip *s, bool on);
/* `mute_points:`: bits of SP_MUTE_* (0: not given, every one). */
void sp_mix_strip_mute_points(sp_mix_strip *s, unsigned bits);
/* `layout:` l (NULL: none given); a track's is its reader's alone (its
 * files say theirs). */
void sp_mix_strip_layout(sp_mix_strip *s, const sp_layout *l);
/* `fold: bs775`: into a destination of another layout by BS.775's
 * levels (sp_fold_default). */
void sp_mix_strip_fold_bs775(sp_mix_strip *s);

/* s's pan as a gain matrix (`pan: {gains: {L: 0.97, Ls: [0.2, 0.1]}}`),
 * in place of its pan: g[input][channel], the linear gain of each of its
 * inputs into each channel of layout l, as the float Ardour applies. Built
 * at once into s->strip.pan as the parser reads the text the recipe writes
 * of it: a channel all of whose gains are 0 left out of it (none at all
 * said at its `pan.gains` where it is placed, as the parser says
 * `gains: {}`). g NULL: a matrix of no gain, its first channel's zeros
 * (a panner that places the path on no channel wired). A matrix s had
 * before is replaced. */
void sp_mix_strip_gains(sp_mix_strip *s, const sp_layout *l, size_t inputs,
                        const double (*g)[SP_MAX_CHANNELS]);
/* The same of send x's own pan (its path under the send's). */
void sp_mix_send_gains(sp_mix_send *x, const sp_layout *l, size_t inputs,
                       const double (*g)[SP_MAX_CHANNELS]);
/* Where send x taps its strip: at (`tap: pre`, `fader`, `post`), or at
 * SP_TAP_FADER with after > 0 after its first `after` post_inserts
 * (`tap: {after: N}`; one past the parser's range said at its
 * `tap.after` where it is placed, the send then post). */
void sp_mix_send_tap(sp_mix_send *x, sp_tap_at at, size_t after);
/* s's polarity inverted on every channel (`invert: true`). */
void sp_mix_strip_invert_all(sp_mix_strip *s);
/* s's polarity channel by channel (`invert: [false, true]`): bit c of
 * mask inverts channel c, of n (none, or more than a strip has: said at
 * its `invert` where it is placed, as the parser says it, and left out). */
void sp_mix_strip_invert_channels(sp_mix_strip *s, uint32_t mask, size_t n);

#endif
