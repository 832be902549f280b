/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TESTUTIL_H
#define SP_TESTUTIL_H

/* A suite's timeout, in seconds of a plain build: the sanitized builds run
 * four to ten times slower, and two of them run in CI beside each other's
 * leftovers, so their guard against a hang is four times longer. */
#if defined(SP_SANITIZED)
#define TU_TIMEOUT(seconds) (4 * (seconds))
#else
#define TU_TIMEOUT(seconds) (seconds)
#endif

/* Helpers shared by the test programs: temporary folders, small audio files
 * written from arrays, files read back, recipes rendered through the
 * library, and the stemprint binary run as a user would. */

#include "core/base/diag.h"
#include "core/render/render.h"
#include "io/audio/media.h"
#include "io/cache/digests.h"
#include "io/outdir/print.h"

#include <stddef.h>
#include <stdint.h>

/* A fresh temporary folder (removed by tu_rmtree). Returns a heap string. */
char *tu_tmpdir(void);

/* Another value of a scalar key than its default, from its row
 * (core/recipe/keys.h), as a recipe writes it: an ENUM's or a BOOL's other
 * word, a NUMBER's or a LEVEL's (a double) a quarter into its range, a
 * timed level's (an sp_auto) -3 dB, a timed pan's 0.25; heap; NULL: its
 * row alone says none (a test's table of examples gives one). */
struct sp_key_row;
char *tu_key_example(const struct sp_key_row *row);

/* Remove a folder and everything in it. */
void tu_rmtree(const char *dir);
/* Write text (or the n bytes at bytes) to dir/name; returns the heap path. */
char *tu_write_text(const char *dir, const char *name, const char *text);
char *tu_write_bytes(const char *dir, const char *name, const void *bytes, size_t n);
/* Join dir and name into a heap path. */
char *tu_path(const char *dir, const char *name);

/* Write a WAV file of `channels` interleaved float samples (frames each) at
 * rate, as 32-bit float (bits 32) or 24/16-bit PCM. Returns the heap path. */
char *tu_write_wav(const char *dir, const char *name, int channels, int rate, int bits,
                   const float *interleaved, int64_t frames);

/* Read a whole (small) audio file as interleaved doubles; returns the
 * sample array (free it) and sets frames, channels, rate. NULL on failure. */
double *tu_read(const char *path, int64_t *frames, int *channels, int *rate);

/* Whether two files have identical bytes. */
bool tu_same_bytes(const char *a, const char *b);
/* The whole text of a file, NUL-terminated (free it); NULL if unreadable. */
char *tu_slurp(const char *path);
/* The same, failing the test when the file cannot be read. */
char *tu_slurp_must(const char *path);
/* The line (1-based) of the first `s` in `text`, failing the test where
 * there is none. */
int tu_line_of(const char *text, const char *s);
/* The project.xml of the DAWproject file at path (heap), failing the test
 * where it cannot be read. */
char *tu_project_xml(const char *path);
/* Number of entries in dir (excluding . and ..), -1 if it does not exist. */
int tu_count_entries(const char *dir);
/* The same, leaving out the folder's record of prints (.stemprint/, see
 * io/outdir/outdir.h): the files a render delivered, and any it left behind. */
int tu_count_prints(const char *dir);
/* Everything under dir (hidden entries included, links not followed), a
 * line each, "path type mode" (path relative to dir, type as find's %y,
 * mode in octal), sorted (heap; "" for an empty folder, "missing" for no
 * folder): what a command that must leave dir as it was compares before
 * and after. */
char *tu_listing(const char *dir);

/* Parse, build and render the recipe file at path with the given block size
 * (0 = default). Diagnostics are printed to stderr and freed. */
sp_err tu_render(const char *path, size_t block_frames, sp_render_result *res);

/* Parse and build text (as r.yaml in dir); every diagnostic printed into
 * the returned heap string; *r the recipe when it parsed, *g the graph when
 * it built. */
char *tu_build(const char *dir, const char *text, sp_recipe **r, sp_graph **g);

/* tu_build of the recipe file at path, as it stands. */
char *tu_build_file(const char *path, sp_recipe **r, sp_graph **g);

/* Whether any diagnostic of d, as it is printed, holds s. */
bool tu_said(const sp_diags *d, const char *s);

/* The recipe text as dir/NAME.yaml exported in-process to
 * dir/NAME.dawproject: its diagnostics into *d (initialized here); the
 * export's status; unplaced: the recipe's positions forgotten once
 * parsed, as a recipe a session's reader built has none. */
sp_err tu_export_text(const char *dir, const char *name, const char *text, sp_diags *d,
                      bool unplaced);

/* n samples of a sine of freq Hz at 48 kHz, amplitude amp, into x. */
void tu_tone(float *x, int n, double freq, double amp);
/* dir/name: frames of tu_tone's sine (freq Hz, amplitude amp), mono 48 kHz
 * 32-bit float. */
void tu_write_tone(const char *dir, const char *name, int frames, double freq, double amp);

/* Known-answer sources, 32-bit float at 48 kHz in dir: name of frames
 * samples of value v on each of channels; silence with a click of value v
 * at frame at on every channel. */
void tu_write_dc(const char *dir, const char *name, int channels, float v, int64_t frames);
void tu_write_click(const char *dir, const char *name, int channels, int64_t frames, int64_t at,
                    float v);

/* Render text (as t.yaml in dir) into *res: tu_render's status. */
sp_err tu_render_text(const char *dir, const char *text, sp_render_result *res);
/* text (a recipe whose paths are absolute or its output folder's, as
 * tu_render_text renders it) rendered once by this build and kept for the
 * tests that read the same render: the first that asks renders it (which
 * must succeed, its null test run where it has stems) into a folder beside
 * the test programs (tests/shared/NAME-KEY, KEY from the text, the test
 * program and the fixtures; NAME's older keys removed), the others, in
 * this process or another, wait for it and read it. Returns that folder
 * (heap): the recipe is its t.yaml, a print of output folder `out` is
 * FOLDER/out/NAME.wav. Read it only. */
char *tu_render_shared(const char *name, const char *text);
/* Render text, which must succeed, and drop the result. */
void tu_render_ok(const char *dir, const char *text);
/* dir/out/<name>.wav, which must be stereo at 48 kHz, as interleaved
 * doubles (heap; *frames its length). */
double *tu_read_out(const char *dir, const char *name, int64_t *frames);
/* tu_read_out of a print that must have channels (at 48 kHz). */
double *tu_read_out_ch(const char *dir, const char *name, int channels, int64_t *frames);

/* Render the recipe at path (dir/NAME.yaml, printing into the default
 * output folder dir/out/NAME), which must succeed, and read its mix back
 * as tu_read does (heap, interleaved; *frames, *channels), which must be
 * there. */
double *tu_render_mix(const char *path, int64_t *frames, int *channels);

/* What insert (a recipe's inline insert, "{lv2: {plugin: ...}}") makes of
 * silence at sample rate rate: a stereo track of 0.1 s of zeros at 48 kHz
 * through it, rendered (32-bit float, no dither, pan law 0 dB) in dir, its
 * mix's frame 100 into out[0], out[1]. */
void tu_silence_through(const char *dir, const char *insert, int rate, double out[2]);

/* Render the recipe at path once per row of runs (each row the options
 * that follow "render PATH -q -o dir/oK", NULL-terminated, at most 7; K the
 * row), each of which must succeed, and expect each of files
 * (NULL-terminated names of prints) the same bytes in every run as in the
 * first. dir: where the output folders go. */
void tu_expect_same_prints(const char *dir, const char *path, const char *const *const *runs,
                           size_t n_runs, const char *const *files);

/* An insert's latency compensated against a dry path: an impulse of 0.5
 * at frame 1000 (stereo, 4800 frames, 32f) through track 'wet', whose
 * inserts are [insert] (flow YAML: "{lv2: {...}}"), and through 'dry'.
 * Expects the plan to hold latency_frames at the insert and at master, and
 * the mix 4800 frames holding 0.5 + 0.5 × wet_gain at frame 1000 (within
 * tolerance) and nothing at 1000 + latency_frames (within 1e-9). */
void tu_expect_latency_compensated(const char *insert, int64_t latency_frames, double wet_gain,
                                   double tolerance);

/* Build text (as r.yaml in dir), which must build, expecting the plan to
 * hold latency_frames at master and (node not NULL) at node's inserts;
 * then render it and return its mix as tu_render_mix does. */
double *tu_build_render(const char *dir, const char *text, const char *node, int64_t latency_frames,
                        int64_t *frames, int *channels);

/* In a forked child: become the stemprint program with args (NULL-terminated,
 * after the program's name); _exit(127) when it cannot. */
_Noreturn void tu_exec(const char *const *args);

/* Run the stemprint binary with args (NULL-terminated); captures stdout and
 * stderr into heap strings (may pass NULL to ignore) and returns the exit
 * status. */
int tu_run(const char *const *args, char **out, char **err);

/* The stemprint binary run in dir with args (a shell's words), sent
 * signal sig as it enters its rename number at (0: none) by the preloaded
 * library tests/shim/kill_at_rename.c: a command stopped at an exact point
 * of its commit, with no timing. What it printed (stdout and stderr) into
 * *said (heap); its wait status. */
int tu_run_stopped(const char *dir, const char *args, int at, int sig, char **said);

/* Run the stemprint binary with args under strace -f -e trace=`trace`:
 * the number of the trace's lines that hold `needle`, or -1 when the
 * command failed or strace could not run it (its stdout and stderr thrown
 * away). */
int tu_strace_count(const char *const *args, const char *trace, const char *needle);
/* The same of a command that refuses (exits 2). */
int tu_strace_count_refused(const char *const *args, const char *trace, const char *needle);

/* The same for n needles counted in one traced run: counts[i] the lines
 * that hold needles[i], each -1 when the command failed or strace could
 * not run it. One run where a test asks several counts of the same command
 * (a traced start is most of such a test's CPU). */
void tu_strace_counts(const char *const *args, const char *trace, const char *const *needles,
                      int *counts, size_t n);

/* Peak |x| over n samples. */
double tu_peak(const double *x, size_t n);

/* The true peak (linear) of a whole planar signal, its tail included:
 * core/dsp/truepeak.h's running maximum from 0, then the estimates owed. */
double tu_truepeak_of(const float *const *ch, int channels, size_t frames);

/* Write m as an ADM BWF at path (24-bit; bext when b is not NULL) through
 * io/audio's scene sink: its samples from pull, which fills
 * ch[m->tracks][n] with the next n frames (values on the 24-bit grid are
 * kept exactly; others rounded). */
struct sp_adm;
struct sp_bext;
typedef sp_err (*tu_adm_pull)(void *ctx, float *const *ch, size_t n, char *why, size_t why_size);
sp_err tu_adm_write(const char *path, const struct sp_adm *m, const struct sp_bext *b,
                    tu_adm_pull pull, void *ctx, char *why, size_t why_size);

#endif
