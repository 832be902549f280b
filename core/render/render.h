/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_H
#define SP_RENDER_H

/* The renderer: one streaming pass over the timeline, a lane per stem.
 *
 * sp_render walks the graph's schedule block by block: each track reads its
 * regions (fades applied), runs trim, polarity and its inserts once, then
 * adds into its destinations through the fader, pan and send levels; each
 * bus and master process every lane that carries signal with their own
 * processor state per lane. Master's lanes are the stems; their sum, taken
 * in double in lane order and rounded once, is the mix. So the stems null
 * against the mix by construction; only output quantization remains.
 *
 * Memory is fixed at prepare: nodes × lanes × block × 2 channels of float32,
 * plus each open source's chunk buffers; nothing grows with the session's
 * length. The output is the same for every block size.
 *
 * Outputs are written through the graph's media (core/media/media.h), as
 * sinks kept under names of their own until every pass is complete; then
 * they are delivered together (sp_render_opts.deliver: io/outdir renames
 * them into the output folder as one step); on any failure none of them is
 * delivered. With stems, the null test reads the written outputs back
 * before they are delivered. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/measure/meter.h"
#include "core/measure/nulltest.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a render is doing, for progress reports. */
typedef enum sp_render_phase {
  SP_PHASE_MEASURE, /* master.normalize's first pass (or a render that only measures) */
  SP_PHASE_RENDER,  /* a pass that writes the outputs */
  SP_PHASE_NULL,    /* reading the printed files back */
} sp_render_phase;

/* Which pass over the timeline a progress report is about. A render makes
 * one pass; master.normalize makes it two (measure, then render); each own
 * version is a render of its own, as many passes again. */
typedef struct sp_render_pass {
  sp_render_phase phase; /* SP_PHASE_NULL: the null test after pass index */
  const char *version;   /* the own version this pass renders; NULL: the recipe's outputs.
                          * Borrowed for the callback's duration only. */
  int index, count;      /* pass index of count, from 1 */
} sp_render_pass;

/* Called from the rendering thread at every block: frames done of total in
 * this pass, and once with 0 done when a pass or its null test starts.
 * Must be cheap and must not call back into the render. */
typedef void (*sp_progress_fn)(void *ctx, const sp_render_pass *pass, int64_t done_frames,
                               int64_t total_frames);

struct sp_render_result;

/* Says the checks of a result in words (sp_check.text from its kind and
 * numbers), after the render judged them. */
typedef void (*sp_checks_say_fn)(struct sp_render_result *res);

/* Deliver the n finished outputs of a render that succeeded, as one step:
 * take every sink (release or discard each), say what failed in d, and
 * return the status. May fill what delivering did into res (removed,
 * n_removed, n_stale_temps). */
typedef sp_err (*sp_deliver_fn)(void *ctx, const sp_graph *g, sp_sink *const *sinks, size_t n,
                                struct sp_render_result *res, sp_diags *d);

typedef struct sp_render_opts {
  size_t block_frames;           /* 0: the default (4096) */
  volatile sig_atomic_t *cancel; /* when non-NULL and set, the render stops */
  bool measure_only;             /* write nothing: measure master's lanes (lane_energy) */
  bool loudness;                 /* meter every output (BS.1770); checks.loudness implies it */
  bool loudness_mix;             /* meter the mix at least (for a summary) */
  bool node_peaks;               /* measure each track's and bus's peak after its fader */
  bool series;                   /* with loudness: keep each output's 100 ms loudness series */
  const bool *skip;              /* [graph n_outputs]: outputs not to write; NULL: none. A
                                    null test needs the mix and the stems it sums. */
  int threads;                   /* threads in this render (0, 1: one); the bytes are the same */
  sp_progress_fn progress;       /* may be NULL */
  void *progress_ctx;
  sp_deliver_fn deliver; /* NULL: each output delivered by its sink's commit */
  void *deliver_ctx;
  /* says a null test's findings in words after it ran (io/report/null_words.h's
   * sp_null_say), so that a failed null check names its cause; NULL: no words, the
   * check points to the report */
  sp_null_say_fn say_null;
  /* says the checks in words after they were judged (io/report/check_words.h's
   * sp_checks_say); NULL: a check's text stays NULL (its kind and numbers are
   * all it has) */
  sp_checks_say_fn say_checks;
  /* records the render's work and span (core/base/profile.h; `render
   * --profile`), or NULL; the bytes are the same */
  struct sp_profile *profile;
  /* render --strict: a hardware insert whose return is missing, not marked
   * or stale fails the render (exit 1), its prints left as they were and
   * its send landed (io/outdir/print.c); else a warning, the prints land */
  bool strict;
  /* render --force: the output folder's prints of another recipe taken
   * over; else they refuse the prints, asked again as they land
   * (io/outdir/outdir.h, sp_outdir_commit.claims) */
  bool force;
} sp_render_opts;

typedef struct sp_output_stats {
  const char *path; /* final path (borrowed from the graph) */
  const char *name; /* the mix's, a stem's, a version's or a printed bus's name */
  bool is_mix;
  sp_out_kind kind;
  int set;        /* 0: the master set; k: output.also[k - 1] (a file made from the master's) */
  bool decoded;   /* a lossy file's figures are its decoded samples' */
  int part;       /* a multi-mono set's file: 1 + the channel it holds; 0: every channel */
  int64_t frames; /* a file of a set at another rate: its length; else 0 (the render's) */
  /* Peaks, dBFS, -inf for digital silence. sample_peak_dbfs is the file's,
   * as written: the largest |sample| after quantization, dither and
   * clamping (for 32f, of the floats written), what any meter reading the
   * file finds. unquantized_peak_dbfs is the samples' before quantization:
   * above 0 dBFS in a 16- or 24-bit file, the level clamping cut them from
   * (for 32f, the same as the sample peak). */
  double sample_peak_dbfs;
  double unquantized_peak_dbfs;
  int64_t clipped;      /* samples at full scale as written (16/24-bit; clamped or not) */
  bool measured;        /* loudness below was metered (opts.loudness) */
  sp_loudness loudness; /* of the samples as written */
  /* a file of more than two channels, measured: each channel's figures
   * (n_channels of them; 0: not kept) */
  int n_channels;
  sp_channel_figures by_channel[SP_MAX_CHANNELS];
  /* opts.series: momentary and short-term loudness every 100 ms (LUFS, NAN
   * where silent) at window end times t_end_s; owned by the result */
  double *t_end_s, *momentary, *shortterm;
  size_t n_series;
} sp_output_stats;

/* What a check judged, for its words (io/report/check_words.c). */
typedef enum sp_check_kind {
  SP_CHECK_SAID,         /* its text was given with it (a cache entry's, an ADM check's) */
  SP_CHECK_CLIPPING,     /* outputs[of] has value samples at full scale */
  SP_CHECK_NULL_VERSION, /* version_nulls[of] against the mix */
  SP_CHECK_NULL,         /* the stems against the mix (null) */
  SP_CHECK_LOUDNESS,     /* outputs[of]'s integrated loudness against limit ± tolerance */
  SP_CHECK_TRUE_PEAK,    /* outputs[of]'s true peak against the ceiling limit */
} sp_check_kind;

/* A check of the recipe's `checks:`, judged on the printed files: the
 * render records its kind and numbers; its text is said from them
 * (sp_render_opts.say_checks). */
typedef struct sp_check {
  const char *name; /* "clipping", "null.version", "null", "loudness.integrated",
                       "loudness.true_peak" */
  bool passed;
  double value;     /* what was measured (NAN: nothing measurable) */
  double limit;     /* the threshold, or the target */
  double tolerance; /* loudness.integrated: ± LU */
  char *text;       /* one line saying what passed or failed; a failed one's fix after "; " */
  char *path;       /* the recipe path of the rule it judges by ("checks.loudness.target",
                       "output.also[1].loudness", "output.depth"), or NULL */
  sp_check_kind kind;
  size_t of;          /* the output (res->outputs) or version null (res->version_nulls) judged */
  const char *fold;   /* CLIPPING: the layout its set folds into ("stereo"), or NULL. Borrowed */
  const char *preset; /* LOUDNESS: the rule's preset ("ebu-r128"), or NULL. Borrowed */
  bool own_rule;      /* LOUDNESS: the rule is its set's own (a set has no gain of its own) */
  double normalize_lufs; /* LOUDNESS: master.normalize's target where it misses the rule's
                            (its fix is normalize's), else NAN */
  double rate_hz;        /* LOUDNESS: its file's rate, for the length of one too short to
                            measure (sp_loudness_too_short) */
} sp_check;

/* A linked version's null relation: version + the stems it leaves out
 * against the mix (when what it leaves out is exactly some stems). */
/* A linked version's null test: the version plus what it leaves out (the
 * stems that hold it, else a temporary print of it) against the mix. */
typedef struct sp_version_null {
  const char *version;
  sp_null_result null;
  double threshold_dbfs;
  bool left_out_stems; /* what it leaves out is whole stems, summed from their files */
} sp_version_null;

typedef struct sp_render_result {
  int64_t frames; /* frames written per file */
  double seconds; /* session seconds written */
  /* the plan's: the tail rendered after the content (capped: by the
   * longest tail measured), the latency compensated at master (frames) */
  int64_t tail_frames;
  bool tail_capped;
  int64_t latency;
  double wall_seconds;      /* time the render took */
  size_t buffer_bytes;      /* audio buffers the renderer allocated */
  sp_output_stats *outputs; /* the files written: mix first, then stems in lane order */
  size_t n_outputs;
  sp_version_null *version_nulls;
  size_t n_version_nulls;
  bool null_ran;
  bool null_passed;
  double null_threshold_dbfs;
  sp_null_result null;
  char **removed; /* file names in the output folder removed at the commit: printed by an
                     earlier render of the recipe, and no more */
  size_t n_removed;
  size_t n_stale_temps; /* temporary files killed renders had left in the folder, removed */
  char *stem_file;      /* output.stem_mp4's file, landed with the prints (io/outdir/print.h) */
  double stem_file_residual_db; /* its null test's residual */
  /* the hardware inserts' sends landed, by their names in the output
   * folder ("sends/la2a.wav"): those whose return is missing, not marked
   * or recorded from another send (io/outdir/print.c) */
  char **sends;
  size_t n_sends;
  /* the prints landed (a --strict render stopped by such a return lands
   * its sends alone) */
  bool landed;
  sp_check *checks;     /* the recipe's checks, in order: clipping, null, loudness, then
                           master.adm's */
  size_t n_checks;
  size_t n_adm_checks; /* master.adm's, first until the render judges the recipe's */
  /* master.normalize: the mix's loudness measured before, and the gain */
  bool normalized;
  double normalize_measured_lufs;
  double normalize_gain_db;
  /* measure_only with loudness: the mix */
  sp_loudness mix_loudness;
  /* measure_only: per lane of master, over the output's frames */
  int lane_channels;   /* master's channels */
  double *lane_energy; /* [n_lanes × lane_channels]: Σ x² of each channel */
  double *lane_peak;   /* max |x| */
  /* measure_only: per planned output (graph outputs), the peak its file
   * would have before quantization (linear): the mix, each stem and each
   * linked version, the sum of its lanes; NAN for what measuring does not
   * make (an own version, a printed bus, what a version leaves out) */
  double *output_peak;
  /* node_peaks: per node, the peak of its signal after inserts and fader
   * (before pan), all lanes together (linear) */
  double *node_peak;
} sp_render_result;

/* Render g to its outputs, through g's media. With master.normalize, a
 * first pass (writing nothing) measures the mix's integrated loudness and
 * the second applies the gain that meets the target after master's chain,
 * to the mix and the stems alike. Returns SP_OK, SP_ERR_CHECK when a check
 * failed (the null test, a loudness check; the outputs are still
 * delivered), SP_ERR_IO for an output that cannot be written or an input
 * that cannot be read, SP_ERR_RENDER when the render failed (NaN,
 * cancelled, a silent mix to normalize); problems go to d. A render into
 * an output folder is io/outdir's sp_print, which delivers through here. */
sp_err sp_render(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d);

/* Output o's bext chunk (output.bwf) in its file of `set` (NULL: the
 * master set's), of a multi-mono set's `channel` ("L"; NULL: every
 * channel): the description expanded for it (a channel named after it
 * when the template does not place it), the time reference at the file's
 * rate, and loudness l when measured (NULL: not yet). */
void sp_render_bext(const sp_graph *g, const sp_output_plan *o, const sp_output_set *set,
                    const char *channel, const sp_loudness *l, sp_bext *b);

/* Free what sp_render put into res; accepts a zeroed result. */
void sp_render_result_fini(sp_render_result *res);

/* The recipe path a master-set print that clips is said at (its check's
 * rule, and check's error for a mix that would clip): output.depth, or
 * master when the recipe writes master and not output.depth (the level
 * is set there; an output block of other keys, whether written or made
 * by a --set of output.also, chose no depth). */
const char *sp_render_clip_rule(const sp_recipe *r);

/* The layout of the whole print an output of g's result is (or, for a
 * multi-mono file, is a channel of): its set's layout, else its output's,
 * else the master's. */
const sp_layout *sp_render_output_layout(const sp_graph *g, const sp_output_stats *st);

/* The number of audio buffer bytes a render of g with the given block size
 * allocates (what sp_render_result.buffer_bytes will say). */
size_t sp_render_buffer_bytes(const sp_graph *g, size_t block_frames);

#endif
