/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_BUILD_H
#define SP_RECIPE_BUILD_H

/* Filling a recipe in place, without its text: what a session's reader
 * or a command changes in the model itself, each value set as the
 * parser sets it (its field, the key's row's words) and its place noted
 * where the recipe's text would hold it (sp_recipe_note), so that what a
 * build says of it is said where the text says it. */

#include "core/base/units.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"

/* A recipe's stems, taken out of it whole (sp_build_stems_take) to be put
 * back (sp_build_stems_put) when the stems set instead are refused. */
typedef struct sp_build_stems {
  bool has;
  sp_split split;
  sp_stem *stems;
  size_t n;
  size_t n_where; /* the recipe's places noted before */
} sp_build_stems;

/* Takes r's stems out of it into *out: r then has none (no `stems:`). */
void sp_build_stems_take(sp_recipe *r, sp_build_stems *out);
/* Puts stems taken by sp_build_stems_take back into r (those it has now
 * freed, the places noted since forgotten). */
void sp_build_stems_put(sp_recipe *r, sp_build_stems *in);
/* r's stems, and the places noted since its first n_where, replaced by
 * those of from (another reading of r's text), taken out of it with the
 * places from noted for them. */
void sp_build_stems_from(sp_recipe *r, sp_recipe *from, size_t n_where);
/* Frees stems taken by sp_build_stems_take. */
void sp_build_stems_fini(sp_build_stems *s);

/* `stems: {split: WORD}` (a word of its row: "sources", "buses"), the
 * word at pos. false when WORD is none of its row's. (The caller notes
 * where `stems:` itself is.) */
bool sp_build_split(sp_recipe *r, const char *word, sp_pos pos);
/* A stem named name (its list at pos), then its members one by one
 * (each at its pos): `stems: {NAME: [MEMBER, ...]}`. */
sp_stem *sp_build_stem(sp_recipe *r, const char *name, sp_pos pos);
void sp_build_stem_member(sp_recipe *r, sp_stem *st, const char *member, sp_pos pos);
/* A name for a stem made after the strip named after (heap): after,
 * or where it is taken among the n stems of v (case aside: stems become
 * file names) or is one no stem may have (a key of `stems:`, the mix's
 * file), after_N, N past every after_N of v. */
char *sp_build_stem_name(const sp_stem *v, size_t n, const char *after);
/* The places noted since r's first n_where are in the file `from` names
 * (sp_where.from: a session's file of elements, a --set; NULL: r's). */
void sp_build_noted_in(sp_recipe *r, size_t n_where, const char *from);

/* A track named name, its regions listed (`regions:`), appended to r. */
sp_track *sp_build_track(sp_recipe *r, const char *name);
/* A bus named name appended to r. */
sp_bus *sp_build_bus(sp_recipe *r, const char *name);
/* A region appended to t (zeroed: its keys not given). */
sp_region *sp_build_region(sp_track *t);
/* g placed at path (its recipe path): its file (`file:` or `midi:`) and
 * files (`files:`), as written, resolved against r's folder, and their
 * keys, relative to g ("file", "files[1]"), put under path. */
void sp_build_region_place(const sp_recipe *r, sp_region *g, const char *path);
/* file, as a recipe names it, from r's folder (absolute as given); one
 * staged (sp_recipe.staged) where it is until it lands. Heap. */
char *sp_build_resolve(const sp_recipe *r, const char *file);
/* Whether s may name a track, a bus, a stem (the parser's rule): letters,
 * digits, '_', '-', '.' (neither of the last two first), at most 64. */
bool sp_build_valid_name(const char *s);
/* r's places forgotten (a recipe built is placed afterwards: a session's,
 * sp_session_place). */
void sp_build_unplace(sp_recipe *r);

/* Whether an insert of processor family f takes key: a parameter of its
 * class's table (a family whose classes its selector makes: any word,
 * their parameters are the plugin's ports), or one of an insert's keys
 * whose row (core/recipe/keys.h) gives it to such an insert. */
bool sp_build_insert_takes(const sp_proc_family *f, const char *key);

/* A gain matrix's linear gains: -16 .. 16. */
#define SP_BUILD_GAIN_MAX 16.0

/* The unit a number of row is in: its unit's, else dB for a LEVEL, else
 * a plain number. */
sp_unit sp_build_row_unit(const sp_key_row *row);
/* Whether v is in row's range (none: any value); else false, and in why
 * what the parser says of such a value at its key (bare: written as a
 * plain number, without its unit). */
bool sp_build_in_row(const sp_key_row *row, double v, bool bare, char *why, size_t size);

/* Whether a logarithmic level's points move only where Ardour's
 * interpolate_logarithmic, from · (to / from)^fraction, gives a number: a
 * fall to -inf dB is silence past its first point, but a rise from it is
 * 0 · ∞ and two points both at -inf dB (Curve's two-point path)
 * 0 · (0 / 0)^fraction, not numbers (two points at the same time jump, and
 * make neither). The index of the first point that makes one, why saying
 * what; 0 when none does. */
size_t sp_build_log_gap(const sp_auto *a, const char **why);

/* ---- values (decl1): a session's values read as the parser reads the
 * text a recipe writes of them, each said as it says it ---------------- */

/* What the parser says of a recipe of no tracks, at `tracks`; what the
 * check says of a recipe a session's reader built with none. */
extern const char sp_build_no_tracks[];
extern const char sp_build_session_no_tracks[];

/* What a loudness rule written as a mapping says where it aims at nothing
 * (keyed: keys given, its tolerance or others; none of a target, a
 * ceiling or a preset): the fix; NULL where it aims. The one rule of a
 * recipe's checks and sets and an album's (review 30 F5: an album's set
 * took {tolerance: 1 LU} and judged nothing). */
const char *sp_build_loudness_aimless(bool keyed, bool preset, bool target, bool ceiling);

/* Whether v, written as a recipe writes a number in unit u (bare: plain,
 * "-6"; else with its unit, "-6 dB"), reads back as the parser reads such
 * a value, a number of u in min .. max; else false with what the parser
 * says of it in why (a value the text writes as no number, "nan", "inf
 * dB", or one out of range). */
bool sp_build_value(double v, sp_unit u, bool bare, double min, double max, char *why,
                    size_t size);
/* sp_build_value of a number of row, in its row's unit and range (a row
 * of none: any number). */
bool sp_build_row_value(const sp_key_row *row, double v, bool bare, char *why, size_t size);
/* v, a time written as the recipe's text writes it in its short forms (a
 * region's, a point's: core/recipe/walk.c), "N smp" (its frames exact)
 * or "N s", into *t as the parser reads that text;
 * false with what it says of it in why. */
bool sp_build_time(sp_time v, sp_time *t, char *why, size_t size);
/* Whether automation point time t, after one at prev, is in time order
 * (in frames at rate, as the render reads them); else false with what
 * the parser says of it in why, naming `more` points after it out of
 * order too (a list's first out of order is said, once). */
bool sp_build_in_order(sp_time prev, sp_time t, double rate, size_t more, char *why, size_t size);
/* What the parser says of a timed value's parts where they do not fit
 * it: `ramp:` on a pan (at the value), `ramp: declick` on an envelope
 * (at its ramp), `tempo:` on a level of no `ramp: ardour` (at its tempo),
 * `vca:` likewise (at its vca). */
extern const char sp_build_pan_ramp[], sp_build_envelope_ramp[], sp_build_tempo_needs_ramp[],
    sp_build_vca_needs_ramp[];
/* What the parser says of a tempo map of none or too many points (at the
 * value's tempo), of a `vca:` of none or too many curves (at its vca), in
 * why. */
void sp_build_tempo_map_why(char *why, size_t size);
void sp_build_vca_count_why(char *why, size_t size);
/* The keys a moving value written as a mapping takes (beside a level's,
 * sp_keys_level): an envelope's, a pan's or a VCA curve's (a list held in
 * beats). */
extern const char *const sp_build_envelope_keys[], *const sp_build_tempo_keys[];
/* The key of allowed (NULL-ended) that key most likely meant: a close
 * spelling, else one that is a prefix of it or that it begins ("frequency"
 * for "freq", "thresh" for "threshold"), at least three letters long;
 * NULL if none. */
const char *sp_build_suggest_key(const char *key, const char *const *allowed);
/* What the parser says of key, none of allowed, in a mapping of what ("a
 * level's automation"). Heap. */
char *sp_build_unknown_key(const char *key, const char *const *allowed, const char *what);
/* What the parser says of a tempo point at sclock and quarters (as
 * sp_tempo_point holds them) after prev (NULL: the first), not after it
 * both in time and in beats (the first not at the start); NULL when it
 * is. */
const char *sp_build_tempo_order(const sp_tempo_point *prev, int64_t sclock, int64_t quarters);

/* ---- regions and the recipe's top (decl2) ------------------------------- */

/* Whether name may name a `what` ("track", "bus", "stem"): a valid name
 * (sp_build_valid_name), not a reserved one ("master", "none"); else
 * false, and in why what the parser says of it at its key. */
bool sp_build_name(const char *name, const char *what, char *why, size_t size);
/* What a key written twice in one mapping is told, where its first is
 * said by first ("at line 3", "at column 2 of the value", "as 'a=kick'"):
 * the YAML reader's words, and --stems' of a stem it lists twice. */
void sp_build_duplicate_key(const char *first, char *why, size_t size);
/* Whether hz, a sample rate in its row's range, is a whole number of Hz;
 * else false and why (the parser keeps its default rate then). */
bool sp_build_rate(double hz, const char **why);
/* Whether db, a pan law in its row's range, is one of its four levels;
 * else false and why (the parser keeps its default law then). */
bool sp_build_pan_law(double db, const char **why);
/* What the check says of a region's files (`files:`, n of them) that
 * are not 2 to SP_MAX_CHANNELS, into why (help: the row's help). */
void sp_build_files_count(size_t n, const char *help, char *why, size_t size);
/* The key of region key keys[k] refused on a region of the other kind
 * (midi: the region plays MIDI), what the parser says of it into why. */
void sp_build_region_kind(const char *key, bool midi, char *why, size_t size);
/* What the parser says of a region's `channel:` beside its `files:`, of
 * a region of audio after one of MIDI on a track (or the other way
 * round), of an inverse fade on a region not opaque (fix: the fix it
 * names). */
extern const char sp_build_files_channel[];
void sp_build_track_kinds(bool first_midi, bool midi, char *why, size_t size);
void sp_build_no_inverse(const char *fix, char *why, size_t size);
/* What the parser says of a track's instrument on a track of audio, and
 * of a track of MIDI with none. */
extern const char sp_build_instrument_on_audio[];
extern const char sp_build_midi_needs_instrument[];
/* What is said of a warp of fewer than two points (by the parser, of one
 * that is no list; by the check, core/recipe/check.c); whether point i of
 * a warp (src, at: its points' source and region times, in seconds, up to
 * i) follows from those before it: the first at region time 0, source and
 * region times increasing; else false and why (the check's). */
extern const char sp_build_warp_few[];
bool sp_build_warp_point(const double *src, const double *at, size_t i, char *why, size_t size);
/* Whether a warp's span that plays src of its source in at (lengths in
 * one unit, per_second of it a second) is stretched as the graph
 * stretches one, 0.05 to 20 times (core/graph/sources.c); else false and
 * what the span plays, and the range, which the caller ends with its fix
 * (the graph's "move the point"; an import's loss). */
bool sp_build_warp_span(double src, double at, double per_second, char *why, size_t size);
/* What a track's regions are as messages say them; what is said of a
 * stem of no members (item: what they are). */
extern const char sp_build_regions_items[];
extern const char sp_build_stem_members[];
void sp_build_names_none(const char *item, char *why, size_t size);
/* What the parser and a session's insert setter say where they want what
 * and got got ("a single value" for an empty text): "expected WHAT, got
 * GOT", the one function of those words. */
void sp_build_expected(const char *what, const char *got, char *why, size_t size);
/* A row's words as messages list them ("'a', 'b' or 'c'"); what is said
 * of a mapping of names (`stems:`) that names none, at path. */
void sp_build_words_text(const sp_key_row *row, char *buf, size_t size);
void sp_build_none_named(const char *name, const char *path, char *why, size_t size);

/* "V UNIT is out of range; expected MIN .. MAX" (and a hint where bare V
 * was meant in ms or kHz): a number's refusal, in why. */
void sp_range_text(double v, sp_unit u, double min, double max, bool bare, char *why, size_t size);

/* ---- scalars and keys as the parser reads them (an insert's values) ---- */

/* What a value was written as: a scalar's text (quoted: in quotes), or
 * (kind not NULL) another form, "a list", "a mapping", which messages
 * name. The parser makes one of a YAML node; a session's builder of a
 * typed value. */
typedef struct sp_written {
  const char *kind; /* NULL: a scalar */
  const char *text;
  bool quoted;
} sp_written;

/* "'TEXT'", or the kind written: what a message says it got. Heap. */
char *sp_written_got(sp_written w);
/* Whether w is a plain number ("90", not "90 ms"). */
bool sp_written_unitless(sp_written w);
/* w as true or false into *on; else why. */
bool sp_written_bool(sp_written w, bool *on, char *why, size_t size);
/* w as a number in unit u into *v, its range min .. max not checked (but
 * named where a plain number is not read); else why. */
bool sp_written_read_value(sp_written w, sp_unit u, double min, double max, double *v, char *why,
                           size_t size);
/* The same, and in min .. max. */
bool sp_written_value(sp_written w, sp_unit u, double min, double max, double *v, char *why,
                      size_t size);
/* w as a time ('1.5 s', '480 smp') into *t; else why. */
bool sp_written_time(sp_written w, sp_time *t, char *why, size_t size);
/* w as a string, not empty, (what it is, for the message); else why. */
bool sp_written_string(sp_written w, const char *what, char *why, size_t size);
/* What the parser says of a list of points whose n items are all scalars
 * (items: their texts; a point is [time, value]): want, the kind's own
 * message for a list of another shape, or NULL; first, second: its
 * example values; constant: it takes one value alone. */
void sp_build_points_flat(const char *const *items, size_t n, const char *want, const char *first,
                          const char *second, bool constant, char *why, size_t size);
/* What a point written as got (not [time, value]) is told. */
void sp_build_point_shape(const char *want, const char *first, const char *got, char *why,
                          size_t size);
/* w as one of row's words: its index in *i; else why. */
bool sp_written_word(const sp_key_row *row, sp_written w, int *i, char *why, size_t size);
/* What a list of names (what they are) of none, or of too many, is told. */
void sp_build_names_refused(const char *what, char *why, size_t size);
/* Whether key is one of list (NULL-terminated; NULL: none). */
bool sp_build_in_list(const char *key, const char *const *list);

/* ---- strips (decl4): a strip's keys as the parser reads them, each
 * refusal said as it says it ---------------------------------------------- */

/* What is said of a gain matrix's `gains` that is no mapping (by the
 * parser) or of none, or more than SP_MAX_CHANNELS (by the check). */
extern const char sp_build_no_gains[];
/* What the parser says of a polarity given channel by channel for n
 * channels (none, or more than SP_MAX_CHANNELS); NULL where it takes it. */
const char *sp_build_polarity_refused(size_t n);
/* What the parser says of a bus's `solo`, at it (bus: its name). */
void sp_build_bus_solo(const char *bus, char *why, size_t size);
/* What the check says of a track's `to: none`, at its `to`. */
extern const char sp_build_track_to_none[];

/* What a tap's `after:` is, as the parser's messages say it. */
extern const char sp_build_tap_after_what[];
/* t, a tap's `after:` written as a number (its first character a digit or
 * a sign), as the parser reads it: a post_insert's place, 1 ..
 * SP_TAP_AFTER_MAX, into *after; else false with what it says in why. */
bool sp_build_tap_after(const char *t, unsigned *after, char *why, size_t size);
/* The same of a reader's count n (a post_insert's place it read as a
 * number): the same words, with no text made for it. */
bool sp_build_tap_after_count(size_t n, unsigned *after, char *why, size_t size);

/* What a text key of row wants, as the parser's messages say it (its
 * words' help, or "a text (HELP)"). Heap. */
char *sp_build_text_what(const sp_key_row *row);

/* ---- the recipe's size (notext) ------------------------------------------ */

/* Whether a recipe of n_tracks tracks and n_buses buses is one the parser
 * holds (SP_MAX_NODES in all); else what it says, at `tracks` where they
 * are more than the buses, else at `buses`, in why. */
bool sp_build_nodes(size_t n_tracks, size_t n_buses, char *why, size_t size);

#endif
