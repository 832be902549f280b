/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_BUILD_INSERT_H
#define SP_RECIPE_BUILD_INSERT_H

/* An insert's parameters set from typed values: the one place of the rules
 * a parameter's value is read by (its processor's table: unit, words,
 * choices, whether it may move; its range and Nyquist are the check's,
 * core/recipe/check.h). The recipe parser reads a YAML node into an
 * sp_ival and sets it here; a session's reader builds the same values
 * from what it read and sets them here too, so that an insert goes into
 * sp_recipe with no recipe text. A refusal comes back as
 * its words (what is wrong; the fix), which the caller says at its own
 * position (a recipe's line, a session's element). */

#include "core/base/diag.h"
#include "core/base/units.h"
#include "core/procs/proc.h"
#include "core/recipe/build.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum sp_ival_kind {
  SP_IVAL_NUMBER, /* number in unit (bare: written without one) */
  SP_IVAL_WORD,   /* a choice, or a number parameter's word ("auto", "inf") */
  SP_IVAL_BOOL,   /* on */
  SP_IVAL_POINTS, /* a moving parameter: moving, taken when set */
  SP_IVAL_FILE,   /* a file's path, resolved by the caller */
} sp_ival_kind;

/* A parameter's value as a reader or the parser has it, before its rules. */
typedef struct sp_ival {
  sp_ival_kind kind;
  double number; /* NUMBER: in unit's natural scale (seconds, Hz, dB) */
  /* NUMBER of a time written in frames ("480 smp"): number is its
   * frames, held so until the recipe's rate is final (sp_insert.times) */
  bool in_frames;
  sp_unit unit;  /* NUMBER: SP_UNIT_NUMBER, written bare: in the parameter's unit */
  const char *word;
  bool on;
  sp_auto moving; /* POINTS: its points, in the parameter's unit */
  const char *file;
} sp_ival;

static inline sp_ival sp_ival_number(double x, sp_unit unit)
{
  return (sp_ival){.kind = SP_IVAL_NUMBER, .number = x, .unit = unit};
}
static inline sp_ival sp_ival_word(const char *word)
{
  return (sp_ival){.kind = SP_IVAL_WORD, .word = word};
}
static inline sp_ival sp_ival_bool(bool on) { return (sp_ival){.kind = SP_IVAL_BOOL, .on = on}; }

/* Whether parameter k of cls may take a list of points (automatable:
 * the insert's class moves its parameters): SP_OK when it may; else
 * SP_ERR_USAGE with why (it cannot move), or SP_ERR_IO (not a moving
 * parameter at all: a file; a switch or a choice where nothing moves),
 * which is no refusal of its own: the value is then read as one value. */
sp_err sp_param_may_move(const sp_proc_class *cls, int k, bool automatable, char *why, size_t size);

/* Whether x, a value of pr at sample_rate, is below Nyquist where pr is a
 * frequency; else why. */
bool sp_param_below_nyquist(const sp_param *pr, double x, double sample_rate, char *why,
                            size_t size);

/* Parameter k of cls set to x in values[k] (and files[k], autos[k]: autos
 * NULL where the insert's parameters do not move), read as its row of
 * cls's table reads it: its kind, its unit, its words and choices, a
 * moving value's points. A number's range and Nyquist are the check's
 * (core/recipe/check.h), and a moving number's points: it is set as given.
 * SP_OK, or SP_ERR_USAGE with why (a message's text: what is wrong; how
 * to fix it), values untouched. A POINTS value is taken (freed on a
 * refusal). */
sp_err sp_param_set(const sp_proc_class *cls, int k, sp_ival *x, double *values, char **files,
                    sp_auto *autos, char *why, size_t size);

/* x (not POINTS, not a file) as a value of parameter k of cls, into *out:
 * a number in its unit (sp_unit_convert), a word of it ("auto"), a
 * choice's index by its label, a switch's 0 or 1. SP_OK, or SP_ERR_USAGE
 * with why: a unit that does not fit, a label no choice has, a value of
 * another kind (sp_param_other_kind). */
sp_err sp_param_value(const sp_proc_class *cls, int k, const sp_ival *x, double *out, char *why,
                      size_t size);
/* x as a message says what was given: "'3 dB'", "'loud'", "'true'",
 * "a list"; "nothing": an empty text. */
void sp_ival_got(const sp_ival *x, char *buf, size_t size);
/* What parameter k of cls says of a value of another kind than its own
 * (got: "'true'", "'3'", "a list"), in the words the text's reader says
 * it of a scalar: "expected a value like '-3 dB' or '-inf dB', got
 * 'true'", "'3' is not a detector of 'compressor'; expected one of: peak,
 * rms", "expected true or false, got '2'". */
void sp_param_other_kind(const sp_proc_class *cls, int k, const char *got, char *why, size_t size);

/* An insert of cls at recipe path path (what its messages name), its
 * parameters at their defaults at the recipe's sample rate rate
 * (sp_proc_defaults), one set (or n_sets bands), moving where cls's
 * parameters move. */
void sp_insert_begin(sp_insert *ins, const sp_proc_class *cls, const char *path, size_t n_sets,
                     double rate);
/* A value of an insert's parameter as its reader holds it, before the
 * parameter's rules: one value (typed, or, written, as the text wrote
 * it: sp_param_read reads it), a list, or a mapping (points_key: it holds
 * `points:`). A list or a mapping that the parameter takes as points is
 * read by the reader itself, in its own forms, once the parameter is found
 * to move: points(ctx, out), false where it refused them (said by it). */
typedef enum sp_pval_form { SP_PVAL_ONE, SP_PVAL_LIST, SP_PVAL_MAP } sp_pval_form;
typedef struct sp_pval {
  sp_pval_form form;
  sp_ival one;  /* ONE, not written */
  bool written; /* w holds the value as written (of any form) */
  sp_written w;
  bool points_key; /* MAP: it holds `points:` */
  bool (*points)(void *ctx, sp_auto *out);
  void *ctx;
} sp_pval;
/* v set as parameter k of ins's set (a band; 0): the one rule of every
 * reader's (a moving value where the parameter moves, one value where it
 * takes one, a mapping of points where a plugin's ports take one), set by
 * sp_param_set; a time written in frames held in ins->times until the
 * recipe's rate is final. SP_OK; SP_ERR_USAGE with why, which the caller
 * says at the value; SP_ERR_IO: its points refused, said by points. */
sp_err sp_insert_param(sp_insert *ins, size_t set, int k, const sp_pval *v, char *why, size_t size);
/* The class of family fam its selector names (sel: the selector's value
 * as written; NULL where none is given: the family's class of none), or
 * NULL with why: a value that is no text, a name of no class of it. */
const sp_proc_class *sp_insert_select(const sp_proc_family *fam, const sp_written *sel, char *why,
                                      size_t size);
/* An insert's own key of one value, as written (a reader's typed value
 * as the text would write it), set on ins of family fam: `preset` (its
 * values into the parameters, under those set after it), `state` (the
 * file as written: the reader resolves it where it resolves the recipe's
 * files), `feed` and `widen` (a class with one input and two outputs: it
 * hears a stereo path's left, right or mid; false keeps a mono path mono).
 * The one rule of every reader; SP_OK, or SP_ERR_USAGE with why, which the
 * reader says at the key. */
sp_err sp_insert_own(sp_insert *ins, const sp_proc_family *fam, const char *key, sp_written w,
                     char *why, size_t size);
/* A moving bypass whose points all agree fixed: `bypass` its setting
 * (the recipe's check, once it has judged the points). */
void sp_insert_bypass_fix(sp_insert *ins);
/* ins (taken) appended to s's chain, its moving parameters kept only where
 * one moves. */
void sp_insert_append(sp_strip *s, sp_insert *ins);

/* The choice of pr (a parameter of cls) named text: its index in *index;
 * else SP_ERR_USAGE with why (the choices, the one near text). */
sp_err sp_param_choice(const sp_proc_class *cls, const sp_param *pr, const char *text,
                       double *index, char *why, size_t size);

/* ---- what the parser says of an insert's keys and values ---------------- */
/* Each rule the parser reads an insert's text by (io/recipe/parse_inserts.c)
 * and a session's builder its typed values by (io/session/session_build.c):
 * what is taken, and what is said of what is not, in the same words. */

/* Parameter k of cls written as w (a scalar, or another form: refused
 * with what the parser says of it), as the parser reads it: the value to
 * set in *x (a FILE's path as written, for the caller to resolve; a time
 * in frames as its frames, in_frames); else SP_ERR_USAGE with why. */
sp_err sp_param_read(const sp_proc_class *cls, int k, sp_written w, sp_ival *x, char *why,
                     size_t size);
/* The choice of pr written as w: its index in *index; else why. */
sp_err sp_param_choice_of(const sp_proc_class *cls, const sp_param *pr, sp_written w, double *index,
                          char *why, size_t size);
/* What a moving parameter k of cls says of its points: its value's noun,
 * two values for examples, and what a list of another shape is told (""
 * for a number, whose points are numbers). */
typedef struct sp_param_moving {
  const char *noun, *first, *second;
  char want[256];
} sp_param_moving;
void sp_param_moving_words(const sp_proc_class *cls, int k, sp_param_moving *out);
/* What a mapping of points (`{ramp: ..., points: ...}`) is told where
 * parameter k of cls takes none (automatable: the insert's parameters
 * move). */
void sp_param_no_map(const sp_proc_class *cls, int k, bool automatable, char *why, size_t size);
/* What a moving bypass of points of another shape, or of none, is told. */
#define SP_BUILD_BYPASS_WANT                                                                       \
  "a moving bypass is a list of [time, true or false] points in time order, like [[0, false], "    \
  "[2 s, true], [3 s, false]], or {tempo: ..., points: [...]} for a list Ardour holds in beats"

/* The keys besides its parameters an insert of class cls of family fam
 * takes (extra: what an unknown key's message lists), and those it does
 * not take that are said with a message of their own (elsewhere:
 * sp_insert_not_taken's). Each NULL-terminated, of SP_KEY_INSERT_N + 1. */
void sp_insert_keys(const sp_proc_family *fam, const sp_proc_class *cls, const char **extra,
                    const char **elsewhere);
/* The keys an insert of cls takes in its mapping: its parameters, then
 * extra's (sp_insert_keys; NULL: none), NULL-terminated (heap; the names
 * borrowed), and what a message of a key not among them calls them ("the
 * parameters of 'compressor'") into what. */
const char **sp_insert_taken(const sp_proc_class *cls, const char *const *extra, char *what,
                             size_t size);
/* Whether cls holds key itself (not a parameter, not its own): why, the
 * message of it. */
bool sp_insert_held(const sp_proc_class *cls, const char *key, char *why, size_t size);
/* What an insert of cls is told of its key (key, bands, detect, name,
 * feed, widen) that it does not take. */
void sp_insert_not_taken(const sp_proc_class *cls, const char *key, char *why, size_t size);
/* What a band list of cls is told where it is refused: got, what was
 * written ("an empty list": none; "single values": not mappings). */
void sp_insert_bands_refused(const sp_proc_class *cls, const char *got, char *why, size_t size);
/* What a band's parameter given beside `bands` is told. */
void sp_insert_band_param(const char *key, char *why, size_t size);
/* What a band written as got (not a mapping) is told. */
void sp_insert_band_not_map(const char *got, char *why, size_t size);
/* What an insert of cls written as got (no mapping of its parameters,
 * and none it takes alone) is told. */
void sp_insert_not_map(const sp_proc_class *cls, const char *got, char *why, size_t size);
/* Whether required parameter k of cls is missing from keys[0..n) (a
 * misspelling of it there is said as such, not here): why, the message. */
bool sp_insert_needs(const sp_proc_class *cls, size_t k, const char *const *keys, size_t n,
                     char *why, size_t size);
/* Whether an insert of cls (named name) plays as the parser expects
 * (instrument: an instrument); else why. */
bool sp_insert_plays(const sp_proc_class *cls, const char *name, bool instrument, char *why,
                     size_t size);

#endif
