/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROC_H
#define SP_PROC_H

/* The processor interface: what an insert is.
 *
 * A processor class is a const descriptor: a name, a one-line summary, a
 * parameter table (name, kind, unit, default, range) that shared code parses
 * and range-checks (processors never see YAML), flags, the size of its
 * private state and its lifecycle:
 *
 *   prepare  coefficients and buffers, from parameter values; may fail
 *   process  (linear classes) in place on planar float32 channels
 *   gain     (signal-dependent classes) the gain to apply, per channel and
 *            sample, computed from a detector signal and an optional key
 *   reset    back to the state right after prepare
 *   release  frees what prepare allocated
 *
 * process and gain never allocate, never do I/O and never fail.
 *
 * Linear and signal-dependent. A linear class (gain, eq, delay, convolver,
 * width) satisfies L(a + b) = L(a) + L(b): the renderer runs one instance
 * per lane. A signal-dependent class (compressor, gate, limiter, saturate)
 * is linked: one instance computes a gain g from the sum of the lanes (or
 * from its key), and every lane, delayed by the class's latency, is
 * multiplied by that same g. A gain computer links by its gain; a memoryless
 * curve y = f(x) by its per-sample gain f(x)/x. So stems sum to the mix
 * through bus compression and limiting. sp_proc_process runs either kind
 * on a single signal.
 *
 * Latency and tail are data the planner reads (latency_frames, tail_frames),
 * never something a processor compensates itself: latency_frames is the
 * delay the class puts on its input (a lookahead, a convolver's partition);
 * tail_frames bounds how long output continues after input stops, until it
 * falls below env->floor_db. A class is defined in core/procs/<name>.c and
 * made known by one SP_PROC(<name>) line in core/procs/list.h: the recipe
 * parser, `stemprint help inserts` and the contract tests all walk it. A
 * family of classes made at load time (sp_proc_family) is one line too,
 * SP_FAMILY(<name>).
 *
 * Processors never see files: a FILE parameter is a resource the graph
 * builder loads and hands to prepare as data (sp_resource). */

#include "core/base/diag.h"
#include "core/base/layout.h"
#include "core/dsp/ring.h"
#include "core/base/units.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_param_kind {
  SP_PARAM_NUMBER, /* a value in `unit`, within [min, max]; SECONDS also takes smp */
  SP_PARAM_CHOICE, /* one of `choices`; the value is its index */
  SP_PARAM_BOOL,   /* true or false: 1 or 0 */
  SP_PARAM_FILE,   /* a resource from a file, relative to the recipe's folder: the
                      graph builder loads it (an audio file at the session rate, at
                      most `max` seconds) and hands it to prepare as data,
                      sp_proc_args.resources */
  SP_PARAM_PATH,   /* a file the class's host reads itself when it prepares (a
                      SoundFont), relative to the recipe's folder: the graph
                      checks it may be read and hands its resolved path to
                      prepare, sp_proc_args.paths; an input of the render like
                      an audio file (its digest is in the cache key) */
} sp_param_kind;

typedef struct sp_param {
  const char *name;
  sp_param_kind kind;
  sp_unit unit;
  double def; /* default, in the unit's natural scale (choice: index) */
  double min; /* inclusive; -INFINITY allowed for levels */
  double max;
  const char *const *choices; /* SP_PARAM_CHOICE: NULL-terminated names */
  bool required;              /* must be given (a convolver's IR) */
  const char *help;
} sp_param;

/* The rate the range of a parameter that moves with the rate is described
 * at (sp_proc_class.per_rate), in Hz. */
#define SP_PARAM_NOMINAL_RATE 48000.0

/* A range min .. max at sample rate rate into *lo, *hi: itself, or (per
 * rate: given at SP_PARAM_NOMINAL_RATE) moved with the rate. */
void sp_param_range_at(double min, double max, bool per_rate, double rate, double *lo, double *hi);
/* A default def at sample rate rate: itself, or (moves: given at
 * SP_PARAM_NOMINAL_RATE, a default of bounds that are fractions of the
 * rate) moved with the rate as its range is. */
double sp_param_default_at(double def, bool moves, double rate);

/* A word a recipe may write for a number parameter instead of a number,
 * and the value it stands for: a compressor's `makeup: auto`, a gate's
 * `ratio: inf`. The value may lie outside the parameter's range (a
 * sentinel the class reads, as `auto`'s -1 is), or be its infinite end.
 * A word is one setting: breakpoints take numbers only. */
typedef struct sp_param_word {
  int param;        /* the parameter's index in the class's table */
  const char *word; /* NULL ends a class's list */
  double value;
  const char *help; /* what it does, for `help inserts` */
} sp_param_word;

/* The longest tail `tail: auto` renders; longer tails need an explicit
 * `tail:`. A processor that measures its tail need look no further. */
#define SP_TAIL_CAP_SECONDS 120.0

/* The most bytes a frame's value of a class's detect (sp_proc_class.detect)
 * takes. */
#define SP_DETECT_BYTES 8

enum {
  SP_PROC_MEMORY = 1u << 0,           /* output depends on past input */
  SP_PROC_SIGNAL_DEPENDENT = 1u << 1, /* nonlinear: linked across lanes by its gain */
  SP_PROC_TAKES_KEY = 1u << 2,        /* accepts a sidechain key: `key: {from, tap}` */
  SP_PROC_BANDS = 1u << 3,            /* takes a list of parameter sets (eq bands) */
  /* Linked by its key (a plugin with a sidechain input): one instance per
   * lane, each given its lane as program and, as its key, the sum of the
   * lanes at the insert (or the recipe's key): Σ f(laneᵢ, key = Σ) is then
   * f(Σ, key = Σ), the mix's path, to the class's rounding. process_keyed. */
  SP_PROC_KEYED_LANES = 1u << 4,
  /* Cannot be split into stems (nonlinear, no sidechain): allowed only
   * where one lane passes (a track, a bus of one stem). */
  SP_PROC_ONE_LANE = 1u << 5,
  /* Its number parameters may move over the timeline (a list of
   * breakpoints, sp_proc_args.automation), all but those still() names:
   * either the class moves them itself, told by the renderer where each
   * block falls (at), or the renderer runs its blocks in pieces, each with
   * the values where it plays (retune). */
  SP_PROC_AUTOMATABLE = 1u << 6,
  /* One input, two outputs (a mono-to-stereo reverb, a widener): on a mono
   * path it makes the path stereo from there on, unless the insert keeps
   * it mono (sp_proc_args.keep_mono: its left output alone); on a stereo
   * path it hears one channel or their mean (sp_proc_args.feed). */
  SP_PROC_MONO_TO_STEREO = 1u << 7,
  /* Its gain follows a detector over the channels it runs on, which the
   * recipe may narrow (`detect: [L, R, C]`, sp_proc_env.detect). */
  SP_PROC_DETECTOR = 1u << 8,
  /* An instrument: it makes its output from the MIDI events of the track
   * it plays on (sp_proc_args.events, frames on the timeline), ignoring
   * its input; only as a track's `instrument:`, never as an insert. The
   * renderer tells it where each call plays (at); it plays each event at
   * its own frame. Its output has sp_proc_env.channels channels (what
   * out_channels says it makes). */
  SP_PROC_INSTRUMENT = 1u << 9,
  /* SP_PROC_AUTOMATABLE: its switches and choices move too, in steps
   * (each breakpoint's setting held until the next, taking effect at its
   * frame): the class reads them where each piece of a block starts, as
   * it reads its numbers (an LV2 or LADSPA plugin's toggles and
   * enumerations). */
  SP_PROC_SWITCHES_MOVE = 1u << 10,
  /* Its moving bypass is its own: the renderer hands it the insert's
   * bypass (sp_proc_args.bypasses) and runs it all along, with no
   * crossfade to its dry input; the class switches itself off and on at
   * each point, where the piece that starts there plays (an LV2 plugin's
   * designated on switch, lv2:enabled, as Ardour bypasses such a plugin:
   * the plugin's own bypass, click-free its own way). */
  SP_PROC_OWN_BYPASS = 1u << 11,
  /* Outboard gear (hardware): its FILE parameter is a recording of its
   * input made outside the render (a return), which may not be there yet;
   * the graph reads what the return was recorded from (RETURN.sent) into
   * sp_proc_args.outboard, and the render's instance keeps its input there
   * (the send), which the output folder writes when the return is missing
   * or stale (io/outdir/print.c). */
  SP_PROC_OUTBOARD = 1u << 12,
};

/* An SP_PROC_OUTBOARD insert as the graph found it and the render leaves
 * it (owned by the graph, sp_node_insert.outboard). */
typedef struct sp_outboard {
  const char *name;      /* the unit's: the insert's `name:`, else its return's file name */
  const char *send_name; /* the send's file name in the output folder: "sends/la2a.wav" */
  bool missing;          /* its return is not there: the insert passes its input */
  bool marked;           /* RETURN.sent was read: the fields below are known */
  char sent_digest[65];  /* the digest of the send the return was recorded from */
  int64_t sent_latency_frames;
  double sent_gain_db;
  bool sent_inverted, sent_linear;
  int64_t return_frames; /* its return's length (at the session rate), 0 when missing */
  /* the send, kept by the render's first instance (a probe keeps none):
   * send[c][0 .. send_frames) of channels channels, room for send_cap (set
   * by the planner: the content and the tails before the insert, as they
   * reach it) */
  float *send[SP_MAX_CHANNELS];
  int channels;
  int64_t send_cap, send_frames;
} sp_outboard;

/* What an SP_PROC_MONO_TO_STEREO insert hears of a stereo path. */
typedef enum sp_mono_feed {
  SP_FEED_LEFT, /* as Ardour 7 feeds it (its pin map: input 0 only) */
  SP_FEED_RIGHT,
  SP_FEED_MID, /* (L + R) / 2 */
} sp_mono_feed;

typedef struct sp_proc_env {
  double sample_rate;
  int channels;            /* the path's, entering the insert: 1 to SP_MAX_CHANNELS */
  size_t max_block_frames; /* process() and gain() are never called with more */
  double floor_db;         /* the output's noise floor, for tails (e.g. -146 at 24 bit) */
  /* the recipe's plugin_cycle: a plugin's runs end where the output's
   * clock reaches cycle_first + k × cycle (0: none) */
  int64_t cycle, cycle_first;
  /* with a cycle, the output clock's frame where the render ends (0: not
   * known): a run that ends there inside a cycle runs the whole cycle, as
   * Ardour's export runs its last */
  int64_t end;
  /* the path's layout entering the insert when it runs on all of it (NULL:
   * on some of its channels) */
  const sp_layout *layout;
  /* the channels a detector hears (bit c: channel c): the recipe's
   * `detect:` (detect_asked), else on more than two channels all but an
   * LFE; 0: every channel */
  uint32_t detect;
  bool detect_asked;
} sp_proc_env;

/* A resource a processor is given, loaded by the graph builder (never by
 * the processor: a processor does no I/O, and a test, a cache or an
 * importer can hand it data made anywhere). */
typedef struct sp_resource {
  const char *name; /* where it came from, for messages only (a file's path) */
  int channels;     /* audio: 1 to SP_MAX_CHANNELS */
  int64_t frames;   /* audio: at the session rate */
  int file_rate;    /* audio: the rate it was loaded from */
  const float *ch[SP_MAX_CHANNELS];
} sp_resource;

/* What the planner learns of an insert by preparing it once (sp_proc_probe). */
typedef struct sp_proc_probed {
  int64_t latency_frames; /* the delay it puts on its input */
  int64_t tail_frames;    /* output after input stops, on the compensated timeline */
  bool tail_capped;       /* measured, and still above the floor at the cap */
  /* How far Σ of per-lane instances may stray from one instance on the
   * sum, as a peak in dBFS, measured on test signals; -INFINITY when exact
   * by construction (every built-in), NAN when not measured. */
  double link_floor_dbfs;
  /* A keyed class with no key routed to it that, keyed by the sum of the
   * lanes, would not do what it does on its own input (an LV2 plugin whose
   * detector its sidechain inputs cannot reproduce): it runs on its own
   * detector lane by lane, and the link floor says whether that splits. */
  bool own_detector;
  /* A keyed class: what feeds its sidechain input, in words for reports
   * ("its key", "the sum of the stems, the peak of both channels"); else
   * NULL. Static text. */
  const char *key_feed;
  /* The state restored into it (a preset's or a state file's), or NULL. */
  const struct sp_proc_saved *saved;
  /* When sp_proc_probe fails because of one parameter (a moving one whose
   * values give other latencies): its index in the values (set × n_params
   * + k), for a message at its key; else -1. */
  long bad_param;
} sp_proc_probed;

/* A plugin's state beyond its parameter values (an LV2 plugin's, from a
 * preset or a state file), read by the family's host when the recipe was
 * read and restored by it into every instance the class makes. The digest
 * of the state as read enters the cache key; from says where it came from,
 * for messages. The family owns it for the process's life. */
typedef struct sp_proc_saved {
  const char *from;
  char digest[65]; /* SHA-256, hex */
  /* The files the state names by path (an impulse response, a sample),
   * which the plugin reads when it is restored: inputs of a render like
   * the state's own file. */
  const char *const *files;
  size_t n_files;
} sp_proc_saved;

typedef struct sp_proc_args {
  const double *values; /* n_sets × n_params, in table order, defaults filled in */
  size_t n_sets;        /* 1, or the number of bands of an SP_PROC_BANDS class */
  /* [n_params]: the loaded resource of each FILE parameter, else NULL */
  const sp_resource *const *resources;
  const struct sp_proc_class *cls; /* the class prepared (set by sp_proc_new): a
                                      family's class finds its data there */
  const sp_proc_saved *saved;      /* the state to restore, or NULL */
  /* A state file to read at prepare (through the family's host), its
   * values filling the parameters given[k] false, its state replacing
   * saved; NULL: none. */
  const char *state_file;
  const bool *given;
  bool keyed; /* the recipe routes a key to it (`key:`) */
  /* SP_PROC_AUTOMATABLE: [n_sets × n_params], as values, each parameter's
   * breakpoints (n == 0: it holds its value), or NULL when none moves */
  const struct sp_auto *automation;
  sp_mono_feed feed; /* SP_PROC_MONO_TO_STEREO on a stereo path */
  bool keep_mono;    /* SP_PROC_MONO_TO_STEREO on a mono path: its left output only */
  /* [n_params]: the resolved path of each PATH parameter, else NULL */
  const char *const *paths;
  /* SP_PROC_INSTRUMENT: what it plays (NULL for a probe: nothing) */
  const struct sp_events *events;
  /* SP_PROC_OWN_BYPASS: the insert's moving bypass, [time, 1 bypassed or
   * 0] steps (each held from its frame), or NULL when it does not move */
  const struct sp_auto *bypasses;
  /* SP_PROC_OUTBOARD: what the graph found of its return, and (keep_send)
   * where the render's instance keeps its send; NULL elsewhere */
  sp_outboard *outboard;
  bool keep_send; /* false in a probe */
} sp_proc_args;

typedef struct sp_proc_origin {
  const char *uri;
  const char *version; /* as the plugin states it, or "" */
  const char *binary;  /* the library file that runs it */
  /* LV2: the bundle folder it was found in, whose every file (its .ttl,
   * the data it loads: a drum kit's samples) is an input of a render that
   * uses it; NULL: none (LADSPA) */
  const char *bundle;
} sp_proc_origin;

typedef struct sp_proc_class {
  const char *name;
  const char *summary;
  const sp_param *params;
  size_t n_params;
  /* [n_params]: whether each parameter's min and max (and default) are
   * given at SP_PARAM_NOMINAL_RATE and move with the sample rate (a LADSPA
   * port's LADSPA_HINT_SAMPLE_RATE, an LV2 port's lv2:sampleRate: bounds
   * that are fractions of the rate; sp_param_range); NULL: none does */
  const bool *per_rate;
  /* [n_params]: a per_rate parameter whose default is a number of its
   * own, not one of its bounds' (LADSPA's DEFAULT_0, _1, _100 and _440),
   * which stays where the range moves (sp_param_default); NULL: none */
  const bool *def_fixed;
  const sp_param_word *words; /* words its number parameters take; NULL: none */
  int primary_param; /* index set by the scalar shorthand `- gain: -3 dB`; -1 none */
  unsigned flags;
  size_t state_size;
  /* On failure write why (SP_ERR_USAGE for a parameter combination the
   * table cannot express, SP_ERR_IO for a file that cannot be used). */
  sp_err (*prepare)(void *state, const sp_proc_args *args, const sp_proc_env *env, char *why,
                    size_t why_size);
  /* Linear classes: process in place. */
  void (*process)(void *state, float *const *ch, size_t frames);
  /* Optional, linear classes: n instances of the same insert (one per
   * lane), instance l on its channels lanes[l][c], side by side; bit for
   * bit process on each in turn. NULL: the renderer calls process. */
  void (*process_lanes)(void *const *states, float *const *const *lanes, size_t n, size_t frames);
  /* Optional, linear classes: how many of an instance's channels may run
   * apart (0: none), each by process_channel, which processes channel c
   * alone, in place, touching only that channel's state (the channels of
   * one instance run side by side, on other threads), bit for bit what
   * process does on it. Not while its values move (retune). */
  int (*apart)(const void *state);
  void (*process_channel)(void *state, int c, float *x, size_t frames);
  /* Optional, with apart: channel c in three steps over the blocks, so
   * that most of its work runs blocks side by side. feed takes the
   * channel's input block by block; work, once the block from frame `at`
   * of the stream is fed, keeps no state of its own (several blocks at
   * once, on other threads); take, block by block after the block's work,
   * writes the output over x (which still holds the block's input).
   * Together, bit for bit process_channel. split readies an instance for
   * steps that run up to ahead_frames apart (false: it does not split). */
  bool (*split)(void *state, size_t ahead_frames);
  void (*feed)(void *state, int c, const float *x, size_t frames);
  void (*work)(void *state, int c, int64_t at, size_t frames);
  void (*take)(void *state, int c, float *x, int64_t at, size_t frames);
  /* Signal-dependent classes: from the detector in[0..channels) and the key
   * (2 channels, or NULL when none is routed), write into gain[c][i] the
   * gain for the input delayed by latency_frames. */
  void (*gain)(void *state, const float *const *in, const float *const *key, float *const *gain,
               size_t frames);
  /* Optional, linked classes: gain in two steps, when its values do not
   * move. detect keeps no state, so that blocks run side by side: from the
   * detector in[0..channels), or the key (2 channels, in then NULL) when
   * one is routed, each readable from [c][−detect_history] (the frames
   * before the block; 0 before the start), it writes one value a frame
   * into det, of the class's own type (at most SP_DETECT_BYTES: the
   * limiter's true peaks are floats, the compressor's curve doubles);
   * gain_from turns them into the gain, block after block. Together, bit
   * for bit what gain gives. */
  size_t detect_history;
  void (*detect)(const void *state, const float *const *in, const float *const *key, void *det,
                 size_t frames);
  void (*gain_from)(void *state, const void *det, float *const *gain, size_t frames);
  /* SP_PROC_KEYED_LANES classes: process ch in place, keyed by key (2
   * channels; key[1] NULL for a mono key). */
  void (*process_keyed)(void *state, float *const *ch, const float *const *key, size_t frames);
  /* SP_PROC_AUTOMATABLE classes: the timeline frame the next process call's
   * first frame plays at, and where it falls on the output's clock (the
   * timeline less the latency after the insert); the renderer calls it
   * before each call. Without it parameters hold their first values. */
  void (*at)(void *state, int64_t frame, int64_t clock);
  /* SP_PROC_AUTOMATABLE classes without at: take values (n_sets ×
   * n_params, as prepare's, each within its range, the class's choices
   * and files as prepared) for the frames that follow, keeping what the
   * signal left in it (a filter's memory, an envelope). The renderer runs
   * a block in pieces where a value moves (a control period, or up to a
   * breakpoint: core/dsp/automation.h) and calls it before each; calling
   * it again with the same values changes nothing. Never allocates, never
   * fails. */
  void (*retune)(void *state, const double *values);
  /* SP_PROC_AUTOMATABLE, optional: why number parameter k cannot move (it
   * sets the insert's latency), or NULL when it can. */
  const char *(*still)(size_t k);
  void (*reset)(void *state); /* NULL: it keeps no state (memoryless) */
  void (*release)(void *state); /* may be NULL */
  int64_t (*latency_frames)(const void *state); /* NULL: none */
  int64_t (*tail_frames)(const void *state);    /* NULL: none */
  /* Optional: measure on a prepared instance what the class cannot tell
   * from its parameters (an LV2 plugin's tail, its link floor); the planner
   * calls it once per insert and uses the instance no more. */
  void (*measure)(void *state, const sp_proc_env *env, sp_proc_probed *out);
  /* Optional: hold open what an instance of args reads from outside the
   * recipe (a SoundFont file) until let_go, so that every instance the
   * planner and the render prepare while the graph lives reads what was
   * opened once; NULL when nothing is held (prepare says why). */
  void *(*hold)(const sp_proc_args *args);
  void (*let_go)(void *held);
  /* Optional: the state an insert of the class with args would restore
   * (sp_proc_probed.saved), found without preparing it (no instance, no
   * test signal): for a render's cache key alone (core/graph/graph.h:
   * sp_graph_opts.key_only). NULL: args->saved. */
  sp_err (*saved_of)(const struct sp_proc_class *cls, const sp_proc_args *args,
                     const struct sp_proc_saved **saved, char *why, size_t why_size);
  /* Optional: why key, which is not a parameter, is held by the class
   * itself (an LV2 plugin's own on switch, its sidechain switch), or NULL. */
  const char *(*held)(const struct sp_proc_class *cls, const char *key);
  /* Optional: the layout the path leaves it in, a class that changes it
   * (a fold), from its values and the layout it enters in; process then
   * has max(in, out) channels to work in. NULL: as it entered. */
  const sp_layout *(*out_layout)(const double *values, const sp_layout *in);
  const void *data; /* a family's own data for the class (its plugin) */
  /* What decides a class's output besides the tool itself, for a render's
   * cache key (core/job/job.h): an LV2 plugin's URI, its version and its
   * library; NULL for a built-in. */
  const struct sp_proc_origin *origin;
} sp_proc_class;

/* A registry entry: a family of classes under one insert name. Most are a
 * family of one (a built-in processor: `single`, made by SP_PROC in
 * core/procs/list.h). A family whose classes are made at load time (an
 * LV2 host: one class per plugin, its parameter table from the plugin's
 * ports) names the key that selects the class in a recipe (`selector`,
 * "plugin") and makes the class from its value; the parser, the planner,
 * the renderer, `help inserts` and the contract tests then use the class
 * like any other. */
typedef struct sp_proc_family {
  const char *name;    /* the insert's name in a recipe */
  const char *summary; /* a family of several: what they are */
  const sp_proc_class *single;
  const char *selector;      /* the key naming the class ("plugin") */
  const char *selector_help; /* what its value is, for messages and help */
  /* The class value names, made now or found among those made before (the
   * family owns it for the process's life); NULL with why (a fix, and a
   * did-you-mean where one is near) when there is none. */
  const sp_proc_class *(*make)(const char *value, char *why, size_t why_size);
  /* The classes it can make here, for help and the contract tests. */
  size_t (*count)(void);
  const sp_proc_class *(*at)(size_t i);
  /* Optional: `preset: NAME` on an insert of the family (or a state file,
   * is_file: a resolved path) sets the values of the parameters the preset
   * gives (after the defaults, before the recipe's own) and *saved to the
   * state beyond them (NULL when there is none); false with why when there
   * is no such preset or the file is not a state of this class. A family
   * with presets takes `state: FILE` too (sp_proc_args.state_file). */
  bool (*preset)(const sp_proc_class *cls, const char *name, bool is_file, double *values,
                 const sp_proc_saved **saved, char *why, size_t why_size);
} sp_proc_family;

/* The families: the built-in registry (core/procs/list.h), then those
 * registered at run time, in that order. */
size_t sp_proc_family_count(void);
const sp_proc_family *sp_proc_family_at(size_t i);
/* The family an insert named name belongs to, or NULL. */
const sp_proc_family *sp_proc_family_find(const char *name);
/* Add a family (it must outlive every use; tests define small ones). */
void sp_proc_register(const sp_proc_family *f);
/* The class of an insert of family f with selector value value (NULL for a
 * family of one): f->single, or what f->make says. */
const sp_proc_class *sp_proc_family_class(const sp_proc_family *f, const char *value, char *why,
                                          size_t why_size);

/* A prepared instance. */
typedef struct sp_proc {
  const sp_proc_class *cls;
  void *state;
  int channels;
  int64_t latency;
  /* sp_proc_process on a signal-dependent class: gain and delayed input */
  float *gain[SP_MAX_CHANNELS];
  sp_ring ring;
} sp_proc;

/* Every class known now, family by family: each family of one's class,
 * then what each other family can make. */
size_t sp_proc_count(void);
const sp_proc_class *sp_proc_at(size_t i);
/* The class named name among those, or NULL. */
const sp_proc_class *sp_proc_find(const char *name);
/* Index of the parameter named name in cls's table, or -1. */
int sp_proc_param_index(const sp_proc_class *cls, const char *name);
/* The word number parameter k of cls takes as text (its value in *value),
 * or, text NULL, the word whose value is *value; NULL when none. */
const sp_param_word *sp_proc_word(const sp_proc_class *cls, int k, const char *text,
                                  const double *value);
/* How many channels an insert of cls leaves on a path of in channels. */
static inline int sp_proc_out_channels(const sp_proc_class *cls, bool keep_mono, int in)
{
  return (cls->flags & SP_PROC_MONO_TO_STEREO) && in == 1 && !keep_mono ? 2 : in;
}
/* Whether parameter pr names a file (FILE or PATH): a path in a recipe,
 * an input of the render. */
static inline bool sp_param_is_file(const sp_param *pr)
{
  return pr->kind == SP_PARAM_FILE || pr->kind == SP_PARAM_PATH;
}
/* Whether cls is linked across lanes (signal-dependent). */
static inline bool sp_proc_is_linked(const sp_proc_class *cls)
{
  return (cls->flags & SP_PROC_SIGNAL_DEPENDENT) != 0;
}

/* Allocate and prepare an instance; on failure *out is NULL and why says
 * what is wrong. */
sp_err sp_proc_new(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                   sp_proc **out, char *why, size_t why_size);
/* Release and free; accepts NULL. */
void sp_proc_free(sp_proc *p);
/* Back to the state right after prepare. */
void sp_proc_reset(sp_proc *p);

/* Run p on one signal in place (frames ≤ env.max_block_frames). A linear
 * class processes; a signal-dependent one computes its gain from ch (key
 * may be NULL) and applies it to ch delayed by its latency. */
void sp_proc_process(sp_proc *p, float *const *ch, const float *const *key, size_t frames);

/* Prepare cls once to validate args and read its latency, tail and link
 * floor (measured when the class measures). A number parameter that moves
 * is also prepared at its lowest and highest breakpoint values: where its
 * latency differs from the first values' (the planner compensates one
 * latency for the whole render) it is SP_ERR_USAGE, with the latencies and
 * the way out in why and the parameter in out->bad_param (a value the class
 * cannot be prepared at is not this check's to say: it is skipped). Cost: a
 * prepare, and up to two more for each moving parameter. */
sp_err sp_proc_probe(const sp_proc_class *cls, const sp_proc_args *args, const sp_proc_env *env,
                     sp_proc_probed *out, char *why, size_t why_size);

/* For help: whether number parameter k of cls gives it other latencies at
 * its minimum and its maximum, every other parameter at its default, at
 * rate on a stereo path (*at_min and *at_max, frames). False when they are
 * equal or cls cannot be prepared so (a file it needs). Prepares cls
 * twice: for a class whose latency may follow a parameter (an LV2 plugin
 * with a latency port), not for every class. */
bool sp_proc_latency_follows(const sp_proc_class *cls, size_t k, double rate, int64_t *at_min,
                             int64_t *at_max);

/* Parameter k of cls's range at sample rate rate into *lo, *hi (its
 * table's, moved with the rate where it is per_rate): what the recipe's
 * check holds its values to. */
void sp_param_range(const sp_proc_class *cls, int k, double rate, double *lo, double *hi);
/* Parameter k of cls's default at sample rate rate: its table's, moved
 * with the rate where its range is (per_rate) and it is of the range (not
 * def_fixed), as LADSPA's DEFAULT_MINIMUM .. _MAXIMUM are of the bounds
 * and Ardour 7.3 scales an LV2 lv2:sampleRate port's lv2:default. What an
 * insert that does not give k plays, what the recipe's check judges and
 * puts a refused value back to, and what a recipe's text leaves out. */
double sp_param_default(const sp_proc_class *cls, int k, double rate);
/* Whether parameter k of cls's default moves with the rate (what
 * sp_param_default says; one of 0 stays 0): a value at it at one rate is
 * another's at another, so a recipe's text writes it (core/recipe/walk.c). */
bool sp_param_default_moves(const sp_proc_class *cls, int k);
/* The defaults of cls at sample rate rate (sp_param_default) into values,
 * which must hold cls->n_params doubles. */
void sp_proc_defaults(const sp_proc_class *cls, double rate, double *values);

#endif
