/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_INIT_NAMES_H
#define SP_INIT_NAMES_H

/* Names for `stemprint init` (io/init/init_names.c): what a file name says
 * about its stem group, whether it names an impulse response, the track
 * name it gives, and names made unique. */

#include "io/init/init_plan.h"

#include <stdbool.h>
#include <stddef.h>

/* The group a file name (without its extension) suggests: each word of it
 * (cut at anything not a letter or digit, a lower-to-upper case change and
 * between letters and digits) takes its longest keyword; a strong word of
 * a group decides over a weak one ("Piano Room" is music, "Room" drums),
 * and among those fx, drums, bass, vocals, music in that order ("Snare
 * Verb" is fx, "808 Kick" drums); music when no word is a keyword. */
sp_init_guess sp_init_guess_group(const char *base);
/* Whether a file name (without its extension) says impulse response: a
 * word of it (as sp_init_guess_group cuts them) is "ir" or "irs" or starts
 * with "impulse", or an upper-case IR runs into a capitalised word
 * (IRHall); the keyword ("ir", "irs", "impulse") goes to word. Whole words
 * only: choir, air and MIRROR are not. */
bool sp_init_ir_name(const char *base, char word[8]);
/* Whether a file name (without its extension) says it is a print of the
 * full mix, as DAWs export one beside the tracks (Mix.wav, Mix Bus.wav,
 * Master.wav, 02 Stereo Mix.wav, Song Bounce.wav, Song Mixdown.wav): its
 * last word is bounce, bounced, mixdown or printmaster, or every word is one
 * of mix, master, bus, stereo, main, full, final, print, out or a number,
 * with mix or master among them; the deciding word goes to word. So "Drum
 * Mix" (a submix: a track) and "Master Keys" are not. */
bool sp_init_mix_print_name(const char *base, char word[16]);
/* A valid track name for a file name without its extension: a leading
 * track number goes ("01 ", "3-", "001_"), letters are lowercased, a
 * change from a lower- to an upper-case letter splits words with '_'
 * ("SnareBtm" is snare_btm), a run
 * of other characters becomes '_' (a single '-' or '.' stays), no
 * separator first or last, at most 56 characters (room for a "_N"
 * suffix; a longer one keeps its first 28 and its last 27, cut between
 * words where they can be, joined by '_'); "track" when nothing is left. Heap string. Not made
 * unique. */
char *sp_init_track_name(const char *base);

/* The names given out so far: tracks, return buses, group buses share one
 * namespace. */
typedef struct init_names {
  char **v;
  size_t n, cap;
} init_names;

bool init_names_has(const init_names *s, const char *name);

/* base, or base_2, base_3, ... : the first that is free and not reserved
 * (master, none); added to s. Returns a heap string. */
char *init_unique_name(init_names *s, const char *base);

void init_names_fini(init_names *s);

/* The file name without its extension, as a heap string. */
char *init_base_name(const char *file);

/* What the names above are made from: the file name without its extension,
 * the Latin-1 letters in it as ASCII (ö o, É E, ß ss, Æ AE), so "Vöx
 * Lead" is vocals by vox and named vox_lead. Heap string. */
char *init_file_words(const char *file);

#endif
