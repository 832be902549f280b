/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_INSERT_H
#define SP_SESSION_BUILD_INSERT_H

/* A session reader's inserts, built into the recipe's own sp_insert as
 * they are read (issue 72): each value given by a typed call and set at
 * once by the insert setter (core/recipe/build_insert.h), with no text: a
 * number converted from the reader's unit to its parameter's
 * (sp_unit_convert), a switch as a switch, a choice by its label in its
 * processor's table, a file as given, a moving value's points as numbers
 * (issue 88). A value the recipe cannot hold (a unit that does not fit,
 * a label no choice has, a value of another kind) is kept on the insert
 * (said, each at its path under the insert's: "threshold",
 * "bands[1].freq", "plugin"), said at the insert's recipe path when the
 * session builder places it (io/session/session_build.c), and left out.
 * What needs the whole insert (a required parameter, an instrument where
 * one plays) is said when it is placed. A value held is the recipe's one
 * check's (core/recipe/check.h: a number's range, Nyquist, a detector
 * narrowed beside a key), as any reader's is. */

#include "core/base/diag.h"
#include "core/base/units.h"
#include "core/dsp/tempo_map.h"
#include "core/procs/proc.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>
#include <stddef.h>

/* A moving value's points, [[T s, V], ...] (times in seconds, or frames:
 * "N smp"): numbers in unit, switches (v 1 or 0) or a choice's labels;
 * `{ramp: linear, tempo: ..., points: [...]}` where linear or tempo says
 * so. Given whole to the insert (sp_ins_moving). */
typedef enum sp_ins_points_kind {
  SP_INS_PTS_NUMBERS,
  SP_INS_PTS_SWITCHES,
  SP_INS_PTS_LABELS,
} sp_ins_points_kind;

typedef struct sp_ins_point {
  double t, v;
} sp_ins_point;

typedef struct sp_ins_points {
  sp_ins_points_kind kind;
  sp_unit unit;
  sp_ins_point *pts;
  size_t n, cap;
  char **labels;       /* LABELS: [n], each point's (its v unused) */
  bool frames;         /* times in frames, else in seconds */
  bool linear;         /* `ramp: linear` */
  sp_tempo_map *tempo; /* `tempo:`, the map Ardour holds its list in beats at; owned */
} sp_ins_points;

/* A new, empty list of points of kind (and unit). */
sp_ins_points *sp_ins_points_new(sp_ins_points_kind kind, sp_unit unit);
/* A point at t of value v (a switch: 0 or 1), or (label not NULL) of a
 * choice's label (copied). */
void sp_ins_points_add(sp_ins_points *p, double t, double v, const char *label);
void sp_ins_points_free(sp_ins_points *p);

/* An insert as a reader builds it: the recipe's insert (ins: its class's,
 * begun when the class is known: at once, or when a family's selector,
 * `plugin`, names it), what the parser would say of its values, and the
 * reader's own bookkeeping. */
typedef struct sp_ins {
  const sp_proc_family *proc;
  /* its class; NULL where its selector is not given yet, or refused (then
   * nothing more of it is read, as the parser reads no more of it) */
  const sp_proc_class *cls;
  bool refused;
  double rate; /* the recipe's sample rate its values are checked at */
  sp_insert ins;
  /* the keys given, in order (a second of one is not read: the first's
   * value stands); what a required parameter is looked for in */
  char **keys;
  size_t n_keys;
  size_t n_bands; /* bands given (sp_ins_band) */
  bool one;       /* `NAME: VALUE`: its one value, no keys */
  bool complete;  /* false: a band lacks a required parameter (said) */
  bool moves;     /* given a moving value (a list of points), read or not */
  /* what the parser says of its values, each at its path under the
   * insert's, in the order they were given */
  sp_diags said;
  /* A sidechain key: its strip's session id (its name after sp_mix_finish),
   * or NULL; checked when placed (its level, its tap) */
  char *key;
  bool key_post;
  bool key_fader;   /* `tap: fader` (key_post too) */
  size_t key_after; /* with key_fader: `tap: {after: N}` (0: `tap: fader`) */
  double key_level_db;
  bool key_panned;  /* `panned: true` */
  bool key_has_pan; /* `pan: key_pan` */
  double key_pan;
  int line; /* the line of the session's element it was read from (0: its strip's) */
  /* the lines of the elements its values were read from, at their keys
   * (a plugin's port: sp_ins_at) */
  sp_where *at;
  size_t n_at, cap_at;
} sp_ins;

/* An insert of processor proc (a family of core/procs, "compressor",
 * "lv2"; another is a reader's mistake, and aborts), its values checked
 * at rate, the recipe's sample rate (the mix's top, set first:
 * m->top->sample_rate, the session's where the parser takes it, else its
 * default). */
sp_ins *sp_ins_new(const char *proc, double rate);

/* Key key of x (a parameter of its class's table, or a key an insert of
 * it takes; of a family whose classes a selector makes, its selector
 * first): a number in unit (bare: written without it), a word (a choice,
 * `auto`), true or false, a string (a plugin's URI, a file as the recipe
 * names it, a choice's label, a state file), a moving value's points
 * (taken; `bypass` too, a moving bypass of switches). A key no insert
 * takes is a reader's mistake, and aborts; one its class does not take
 * is said as the parser says it. */
void sp_ins_number(sp_ins *x, const char *key, double v, sp_unit unit);
void sp_ins_word(sp_ins *x, const char *key, const char *word);
void sp_ins_bool(sp_ins *x, const char *key, bool on);
void sp_ins_string(sp_ins *x, const char *key, const char *s);
void sp_ins_moving(sp_ins *x, const char *key, sp_ins_points *p);
/* `channels:` (or `detect:`), n names (copied), `[L, R]`. */
void sp_ins_names(sp_ins *x, const char *key, const char *const *names, size_t n);
/* x's value at key read from the session's element at line (0: none
 * noted): what is said of it said there. */
void sp_ins_at(sp_ins *x, const char *key, int line);
/* The file of x's parameter key (a FILE or PATH one, given by
 * sp_ins_string) named as the session names it, a file its reader made
 * (sp_insert.names): what every message, report and listing names it by.
 * A key no such parameter of x's class has is a reader's mistake, and
 * aborts (of x refused, nothing is read). */
void sp_ins_file_name(sp_ins *x, const char *key, const char *name);
/* x's one value, `NAME: VALUE` (`gain: 3 dB`, `fold: stereo`): its
 * class's primary parameter, with no keys (of a class that has none, a
 * reader's mistake, and aborts). */
void sp_ins_value_number(sp_ins *x, double v, sp_unit unit);
void sp_ins_value_word(sp_ins *x, const char *word);
/* band (taken: an insert of x's processor, its keys a band's parameters)
 * as x's next band (of a class without bands, a reader's mistake, and
 * aborts). */
void sp_ins_band(sp_ins *x, sp_ins *band);
/* The sidechain key of x: from strip id (a session id until sp_mix_finish
 * makes names), its tap, level and whether panned. */
void sp_ins_key(sp_ins *x, const char *id, bool post, bool fader, size_t after, double level_db,
                bool panned);

/* A copy of x (heap), to be set and placed on its own. */
sp_ins *sp_ins_copy(const sp_ins *x);
/* What x holds freed (not x itself); sp_ins_free frees x too. */
void sp_ins_fini(sp_ins *x);
void sp_ins_free(sp_ins *x);

struct sp_mix_strip;
/* x (taken) as s's last insert, or (first) its first: before those added
 * so far. The insert as placed. */
sp_ins *sp_ins_put(struct sp_mix_strip *s, sp_ins *x, bool first);

#endif
