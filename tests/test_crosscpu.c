/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same bytes on every x86-64: a short session rendered by this build's
 * stemprint natively and under qemu-x86_64 as a baseline x86-64 CPU
 * (qemu64: SSE2, no AVX) and as a Haswell (AVX2, FMA), one thread, must
 * print files identical to the byte, and the same --report but for its
 * timings (the null tests' residuals, every file's loudness and peaks).
 * Natively this machine takes the AVX-512 clones where it has them, so the
 * three runs cover every clone (core/dsp/simd.h) of every kernel that has
 * them, each of which the session reaches (checked with callgrind when it
 * was written): the FFT (core/dsp/fft.c) and the partitioned convolver's
 * multiply-add; biquads alone and side by side (master's EQ runs every
 * stem's lanes together), of all seven band types; the compressor's gain
 * (a compressor with each detector, a keyed one, a gate); the true peak of
 * the limiter (driven 12 dB into its dBTP ceiling) and of the meters; the
 * meters' K-weighting and peaks, whose loudness sets master.normalize's
 * gain and so reaches every file; the render's mixing loops (faders,
 * Ardour ramps on a fader and a send, linear and power fades, automated
 * pans, latency compensation, lanes summed per stem); the quantizer with
 * TPDF dither at 24 and at 16 bit; and the null test's loops over the
 * printed files, a linked version's included. Saturate, a ping-pong delay,
 * width, and libsoxr's resampler (a source and an impulse response at
 * 44.1 kHz) run along the way. The sources are synthesised here and last
 * 0.5 s (0.55 s with a tail of 0.05 s: `tail: auto` heard the ping-pong's
 * echoes for 2.4 s more, twice the qemu time for no other code path, and
 * a tail of 0.25 s took a quarter of the session's time for none either;
 * the reverb and the echo still sound into the tail, the sources silent;
 * the SoundFont test keeps `tail: auto`), long enough for two kicks, the
 * loudness meter's 400 ms blocks that master.normalize reads and the
 * convolver's every partition (its impulse response lasts 0.25 s): no
 * kernel's code path depends on a song's length, and the qemu runs take
 * the suite's time (1 s sources and a 0.5 s tail: 200 s of the GCC pass on
 * a 2-core machine; the Haswell's AVX2 clones, under qemu 7.2, run about
 * ten times the qemu64's time), and the demo's three renders, two under qemu, took 100 s. The
 * last tests add FLAC and Ardour's region envelope, a 5.1 session,
 * SoundFont instrument tracks (libfluidsynth's own arithmetic), and
 * stretched regions (librubberband's R2 engine, its own FFT). Skipped when qemu-user
 * is not installed (scripts/test.sh installs it) or the build is sanitized
 * (ASan's shadow memory and qemu-user do not mix). */

#include "core/base/alloc.h"
#include "core/media/midi.h"
#include "io/midi/smf.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

TestSuite(crosscpu, .timeout = TU_TIMEOUT(600));

#if !defined(SP_SANITIZED) && defined(__x86_64__)
static char *dir;

/* Skips the test when qemu-user is not installed. */
static void need_qemu(void)
{
  if (system("command -v qemu-x86_64 >/dev/null 2>&1") != 0)
    cr_skip_test("qemu-x86_64 is not installed (Debian qemu-user; sh scripts/deps.sh --tests "
                 "installs it)");
}

/* The three runs: natively, as a qemu64 and as a Haswell. */
static const char *const names[] = {"native", "qemu64", "haswell"};
static const char *const cpus[] = {NULL, "qemu64", "Haswell"};

/* Render recipe (a name in dir) three times side by side (names, cpus),
 * each from a folder of its own, dir/<name>, into its out/ with its report
 * in report.json: every run prints the same relative paths (../recipe,
 * out/...), so the reports name the same paths. The qemu runs take most of
 * the time (the Haswell's AVX2 clones several times the qemu64's), so
 * they run at once, each its own process. */
static void render_everywhere(const char *recipe)
{
  char *script = sp_xstrdup(""), *prev;
  for (int k = 0; k < 3; k++) {
    char *run = tu_path(dir, names[k]);
    cr_assert_eq(mkdir(run, 0777), 0, "cannot make %s", run);
    prev = script;
    script = sp_xasprintf("%s(cd '%s' && %s%s%s '%s' render '../%s' -o out --report report.json -q "
                          "-j 1 >run.log 2>&1; echo $? >rc) & ",
                          prev, run, cpus[k] ? "qemu-x86_64 -cpu " : "", cpus[k] ? cpus[k] : "",
                          cpus[k] ? " " : "", SP_STEMPRINT_BIN, recipe);
    free(prev);
    free(run);
  }
  prev = script;
  script = sp_xasprintf("%swait", prev);
  free(prev);
  cr_assert_eq(system(script), 0, "%s", script);
  for (int k = 0; k < 3; k++) {
    char *run = tu_path(dir, names[k]), *rc_path = tu_path(run, "rc"),
         *log_path = tu_path(run, "run.log");
    char *rc = tu_slurp(rc_path), *log = tu_slurp(log_path);
    cr_assert(rc && atoi(rc) == 0, "the %s render of %s failed (%s):\n%s", names[k], recipe,
              rc ? rc : "no status", log ? log : "");
    free(log);
    free(rc);
    free(log_path);
    free(rc_path);
    free(run);
  }
  free(script);
}

/* The report at path without the lines of its two timings. */
static char *report_without_timings(const char *path)
{
  char *text = tu_slurp_must(path);
  char *w = text;
  for (char *line = text; *line;) {
    char *end = strchr(line, '\n');
    end = end ? end + 1 : line + strlen(line);
    size_t n = (size_t)(end - line);
    char *kept = sp_xasprintf("%.*s", (int)n, line);
    if (!strstr(kept, "\"render_seconds\"") && !strstr(kept, "\"times_real_time\"")) {
      memmove(w, line, n);
      w += n;
    }
    free(kept);
    line = end;
  }
  *w = '\0';
  return text;
}

/* Whether reports got and want are the same line for line, but for the
 * figures of a decoded (MP3) file within 1e-5 dB of each other: the MP3's
 * bytes are the same everywhere, and its decoder, mpg123, picks its
 * synthesis code by CPU (its floats differ in their last bits). */
static bool same_report(const char *got, const char *want, const char *on)
{
  const char *g = got, *w = want;
  while (*g && *w) {
    const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
    ge = ge ? ge + 1 : g + strlen(g);
    we = we ? we + 1 : w + strlen(w);
    if (ge - g != we - w || memcmp(g, w, (size_t)(ge - g)) != 0) {
      const char *gc = strstr(g, "\": "), *wc = strstr(w, "\": "), *close = strchr(w, '}');
      const char *decoded = strstr(w, "\"decoded\": true");
      const bool figure = gc && wc && gc < ge && wc < we && gc - g == wc - w &&
                          memcmp(g, w, (size_t)(gc - g)) == 0 && decoded && close &&
                          decoded < close;
      const double a = figure ? strtod(gc + 3, NULL) : 0, b = figure ? strtod(wc + 3, NULL) : 0;
      if (!figure || !(fabs(a - b) < 1e-5)) {
        cr_log_error("the report differs on %s:\n  %.*s  %.*s", on, (int)(ge - g), g, (int)(we - w),
                     w);
        return false;
      }
    }
    g = ge;
    w = we;
  }
  return *g == *w;
}

/* Render recipe (a name in dir) natively, as a qemu64 and as a Haswell
 * (render_everywhere); every file the native render printed (at least
 * `expected`) is the same bytes in the other two, which print no other,
 * and so are the reports (same_report). */
static void same_everywhere(const char *recipe, int expected)
{
  render_everywhere(recipe);
  char *native = sp_xasprintf("%s/%s/out", dir, names[0]);
  DIR *d = opendir(native);
  cr_assert_not_null(d);
  int files = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    files++;
    char *n = tu_path(native, e->d_name);
    for (int k = 1; k < 3; k++) {
      char *other = sp_xasprintf("%s/%s/out/%s", dir, names[k], e->d_name);
      cr_expect(tu_same_bytes(n, other), "%s differs on %s", e->d_name, names[k]);
      free(other);
    }
    free(n);
  }
  closedir(d);
  cr_assert_geq(files, expected, "the native render printed %d files", files);
  for (int k = 1; k < 3; k++) {
    char *other = sp_xasprintf("%s/%s/out", dir, names[k]);
    cr_expect_eq(tu_count_prints(other), files, "%s printed other files", names[k]);
    free(other);
  }
  char *json = sp_xasprintf("%s/%s/report.json", dir, names[0]),
       *want = report_without_timings(json);
  cr_assert(strstr(want, "\"null\""), "%s", want);
  for (int k = 1; k < 3; k++) {
    char *p = sp_xasprintf("%s/%s/report.json", dir, names[k]), *got = report_without_timings(p);
    cr_expect(same_report(got, want, names[k]), "the report differs on %s", names[k]);
    free(got);
    free(p);
  }
  free(want);
  free(json);
  free(native);
}

static uint32_t lcg(uint32_t *seed)
{
  *seed = *seed * 1664525u + 1013904223u;
  return *seed;
}

/* Noise in -1 .. 1 from seed. */
static double noise(uint32_t *seed) { return (double)(int32_t)lcg(seed) / 2147483648.0; }

enum { SECS_X8 = 4 }; /* the sources' length: 0.5 s, in eighths */

/* The session's sources in dir: a kick (a falling sine, every 0.375 s), a
 * snare (noise bursts between the kicks, over a floor the gate closes on),
 * stereo keys (two chords), a bass at 44.1 kHz and a noise tail of an
 * impulse response at 44.1 kHz. */
static void sources(void)
{
  const int n = 48000 * SECS_X8 / 8, n44 = 44100 * SECS_X8 / 8, nir = 11025;
  float *k = sp_xcalloc((size_t)n, sizeof *k), *s = sp_xcalloc((size_t)n, sizeof *s);
  float *keys = sp_xcalloc(2 * (size_t)n, sizeof *keys);
  float *bass = sp_xcalloc((size_t)n44, sizeof *bass), *ir = sp_xcalloc(nir, sizeof *ir);
  uint32_t seed = 9;
  for (int i = 0; i < n; i++) {
    double t = (double)(i % 18000) / 48000, u = (double)((i + 9000) % 18000) / 48000;
    k[i] = (float)(0.8 * exp(-t / 0.08) * sin(2 * M_PI * (50 * t + 40 * (1 - exp(-t / 0.03)))));
    s[i] = (float)((0.5 * exp(-u / 0.05) + 0.002) * noise(&seed));
    double x = (double)i / 48000;
    keys[2 * i] = (float)(0.2 * sin(2 * M_PI * 220 * x) + 0.1 * sin(2 * M_PI * 330 * x));
    keys[2 * i + 1] = (float)(0.2 * sin(2 * M_PI * 277 * x) + 0.1 * sin(2 * M_PI * 440 * x + 1));
  }
  for (int i = 0; i < n44; i++)
    bass[i] = (float)(0.3 * sin(2 * M_PI * 110.0 * i / 44100) +
                      0.05 * sin(2 * M_PI * 6000.0 * i / 44100));
  for (int i = 0; i < nir; i++)
    ir[i] = (float)(noise(&seed) * 0.1 * exp(-i / 2000.0));
  free(tu_write_wav(dir, "k.wav", 1, 48000, 24, k, n));
  free(tu_write_wav(dir, "s.wav", 1, 48000, 24, s, n));
  free(tu_write_wav(dir, "keys.wav", 2, 48000, 24, keys, n));
  free(tu_write_wav(dir, "b44.wav", 1, 44100, 24, bass, n44));
  free(tu_write_wav(dir, "ir44.wav", 1, 44100, 32, ir, nir));
  free(k);
  free(s);
  free(keys);
  free(bass);
  free(ir);
}

/* The session, printed at `output`: every track, bus and master processor
 * class but lv2, eq bands of every type, a keyed compressor and a gate,
 * Ardour ramps on a fader and a send, fades of two kinds, automated pan,
 * a linked version and master.normalize. */
static char *session(const char *name, const char *output)
{
  char *text = sp_xasprintf(
      "stemprint: 1\n"
      "sample_rate: 48000\n"
      "tail: 0.05 s\n"
      "tracks:\n"
      "  kick:\n"
      "    file: k.wav\n"
      "    fade_in: 5 ms\n"
      "    fade_out: {length: 100 ms, shape: power}\n"
      "    inserts:\n"
      "      - eq: [{type: highpass, freq: 30 Hz}, {type: peak, freq: 60 Hz, gain: 3 dB, q: 1.4},\n"
      "             {type: lowshelf, freq: 100 Hz, gain: 2 dB}, {type: notch, freq: 1 kHz, q: 2},\n"
      "             {type: highshelf, freq: 4 kHz, gain: -2 dB}]\n"
      "    to: drums\n"
      "  snare:\n"
      "    file: s.wav\n"
      "    pan: [[0, -0.5], [0.5 s, 0.5]]\n"
      "    inserts:\n"
      "      - gate: {threshold: -30 dB, range: 20 dB, hold: 10 ms, release: 40 ms}\n"
      "      - eq: [{type: bandpass, freq: 2 kHz, q: 0.8}, {type: lowpass, freq: 12 kHz, slope: "
      "24},\n"
      "             {type: highpass, freq: 150 Hz, slope: 24}, {type: lowpass, freq: 15 kHz}]\n"
      "    sends: [{to: verb, level: -10 dB}]\n"
      "    to: drums\n"
      "  keys:\n"
      "    file: keys.wav\n"
      "    gain: {ramp: ardour, points: [[0.1 s, -20 dB], [0.5 s, -6 dB]]}\n"
      "    pan: -0.2\n"
      "    inserts: [{width: 1.5}, {saturate: {drive: 8 dB}}]\n"
      "    sends: [{to: echo, tap: pre, level: {ramp: ardour, points: [[0, -30 dB], [0.5 s, -6 "
      "dB]]}}]\n"
      "  bass:\n"
      "    file: b44.wav\n"
      "    gain: [[0, -6 dB], [0.25 s, -2 dB]]\n"
      "    inserts:\n"
      "      - eq: [{type: lowpass, freq: 2 kHz}, {type: peak, freq: 110 Hz, gain: 2 dB},\n"
      "             {type: highpass, freq: 40 Hz}]\n"
      "      - compressor: {threshold: -24 dB, ratio: 4, attack: 1 ms, release: 60 ms, key: "
      "kick}\n"
      "buses:\n"
      "  drums: {inserts: [{compressor: {threshold: -20 dB, ratio: 3, detector: rms}}]}\n"
      "  verb: {inserts: [{convolver: {ir: ir44.wav, predelay: 10 ms}}]}\n"
      "  echo: {inserts: [{delay: {time: 120 ms, feedback: 0.4, pingpong: true}}], width: 0.5}\n"
      "master:\n"
      "  trim: 12 dB\n"
      "  inserts:\n"
      "    - eq: [{type: highpass, freq: 20 Hz, slope: 24}, {type: lowshelf, freq: 120 Hz, gain: 1 "
      "dB},\n"
      "           {type: peak, freq: 2.5 kHz, gain: -1 dB, q: 1}, {type: notch, freq: 5 kHz},\n"
      "           {type: highshelf, freq: 10 kHz, gain: 1 dB}, {type: lowpass, freq: 20 kHz}]\n"
      "    - compressor: {threshold: -16 dB, ratio: 2}\n"
      "    - limiter: {ceiling: -1 dBTP}\n"
      "  normalize: {target: -16 LUFS}\n"
      "stems: {drums: [drums], keys: [keys], bass: [bass]}\n"
      "versions:\n"
      "  no_drums: {mute: [drums]}\n"
      "%s",
      output);
  char *path = tu_write_text(dir, name, text);
  free(text);
  return path;
}
#endif

/* The session at 24 bit with a set of 16-bit files beside it (a set is
 * quantized by the same kernel as the master set, with TPDF dither of its
 * own: sets of files, docs/recipe.md): one render for both depths. */
Test(crosscpu, a_session_at_24_and_16_bit_is_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  cr_skip_test("a sanitized build: ASan's shadow memory and qemu-user do not mix");
#elif !defined(__x86_64__)
  cr_skip_test("not an x86-64 build");
#else
  need_qemu();
  dir = tu_tmpdir();
  sources();
  char *recipe = session("s24.yaml", "output:\n  depth: 24\n  dither: tpdf\n  also: [{format: "
                                     "wav, depth: 16, dither: tpdf, name: \"{name}_16\"}]\n");
  same_everywhere("s24.yaml", 10);
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}

/* FLAC files (libFLAC's encoder picks SIMD code by CPU; stemprint asks it
 * for integer-only predictors), the sets of output.also made from them (a
 * CD set, resampled to 44.1 kHz and dithered to 16 bit, and LAME's MP3;
 * not Opus, whose bytes libopus chooses by CPU: docs/recipe.md), a
 * region's Ardour envelope and Ardour
 * declicked levels (no libm pow or exp, whose variants differ by CPU),
 * a source cut into at 44.1 kHz and an impulse response at 44.1 kHz.
 * The source lasts 0.5 s, as the session's above (1 s took 11.1 s of the
 * Haswell run, now 7.2: no code path depends on its length). */
Test(crosscpu, resampling_and_flac_are_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  cr_skip_test("a sanitized build: ASan's shadow memory and qemu-user do not mix");
#elif !defined(__x86_64__)
  cr_skip_test("not an x86-64 build");
#else
  need_qemu();
  dir = tu_tmpdir();
  enum { N = 22050 }; /* 0.5 s at 44.1 kHz */
  float *x = sp_xcalloc(N, sizeof *x), *ir = sp_xcalloc(11025, sizeof *ir);
  uint32_t seed = 9;
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * i / 44100) +
                   0.05 * sin(2 * M_PI * 6000.0 * i / 44100));
  for (int i = 0; i < 11025; i++) {
    seed = seed * 1664525u + 1013904223u;
    ir[i] = (float)((double)(int32_t)seed / 2147483648.0 * 0.1 * exp(-i / 2000.0));
  }
  free(tu_write_wav(dir, "a44.wav", 1, 44100, 24, x, N));
  free(tu_write_wav(dir, "ir44.wav", 1, 44100, 32, ir, 11025));
  free(x);
  free(ir);
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\n"
                               "tracks:\n"
                               "  a: {file: a44.wav, from: 0.075 s, gain: -6 dB, sends: [{to: v}]}\n"
                               "  b: {regions: [{file: a44.wav, envelope: [[0, 0 dB], [0.25 s, "
                               "-14 dB]]}],\n"
                               "      gain: {ramp: ardour, points: [[0.05 s, -20 dB], [0.325 s, "
                               "-1 dB]]},\n"
                               "      sends: [{to: v, level: {ramp: ardour, points: [[0, -30 dB], "
                               "[0.425 s, -2 dB]]}}]}\n"
                               "buses:\n"
                               "  v: {inserts: [{convolver: {ir: ir44.wav}}]}\n"
                               "stems: {dry: [a, b]}\n"
                               "output:\n  format: flac\n  also:\n"
                               "    - {format: wav, rate: 44.1 kHz, depth: 16, name: "
                               "\"{name}_cd\"}\n"
                               "    - {format: mp3, bitrate: 128 kbps}\n");
  same_everywhere("r.yaml", 6);
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}

/* Stretched regions (docs/recipe.md, Stretched audio): Rubber Band's R2
 * engine offline, as Debian builds it (its own FFT and resampler), on a
 * warp of three spans over a stereo file, a stretch with a pitch shift,
 * a 44.1 kHz file stretched after its resampling, and a pitch shift
 * alone. A pitch shift runs Rubber Band's resampler, which builds its
 * windowed-sinc filter (a sin() a tap: glibc's FMA variant on the
 * Haswell) twice a channel, about 64 taps for each unit of the larger
 * term of the nearest fraction it finds to the ratio (BQResampler, within
 * 1e-9): -2 st and 3.5 st took filters of 1.9 and 2.6 million taps, half
 * the instructions of the render, and the Haswell run 31.6 s, half the
 * module's CPU; -2.5 and 2.5 st (6961/6025) take 0.44 million, the same
 * code: 15.8 s. */
Test(crosscpu, stretched_regions_are_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  cr_skip_test("a sanitized build: ASan's shadow memory and qemu-user do not mix");
#elif !defined(__x86_64__)
  cr_skip_test("not an x86-64 build");
#else
  need_qemu();
  dir = tu_tmpdir();
  const int n = 48000 * 3 / 8, n44 = 44100 / 4; /* 0.375 s and 0.25 s: every span of the warp */
  float *x = sp_xcalloc(2 * (size_t)n, sizeof *x), *y = sp_xcalloc((size_t)n44, sizeof *y);
  uint32_t seed = 9;
  for (int i = 0; i < n; i++) {
    const double t = (double)i / 48000, u = (double)(i % 6000) / 48000;
    const double hit = 0.5 * exp(-u / 0.01) * noise(&seed);
    x[2 * i] = (float)(0.2 * sin(2 * M_PI * 220 * t) + hit);
    x[2 * i + 1] = (float)(0.2 * sin(2 * M_PI * 331 * t + 1) + hit);
  }
  for (int i = 0; i < n44; i++)
    y[i] = (float)(0.3 * sin(2 * M_PI * 330.0 * i / 44100));
  free(tu_write_wav(dir, "st.wav", 2, 48000, 24, x, n));
  free(tu_write_wav(dir, "m44.wav", 1, 44100, 24, y, n44));
  free(x);
  free(y);
  char *recipe = tu_write_text(
      dir, "r.yaml",
      "stemprint: 1\n"
      "sample_rate: 48000\n"
      "tracks:\n"
      "  a: {file: st.wav, warp: [[0, 0], [0.125 s, 0.165 s], [0.25 s, 0.24 s], [0.375 s, 0.4 s]]}\n"
      "  b: {file: st.wav, stretch: 0.8, pitch: -2.5 st, at: 0.1 s}\n"
      "  c: {file: m44.wav, stretch: 1.5, gain: -6 dB}\n"
      "  d: {file: m44.wav, pitch: 2.5 st, at: 0.125 s, gain: -6 dB}\n"
      "master: {gain: -12 dB}\n"
      "stems: {ab: [a, b], cd: [c, d]}\n");
  same_everywhere("r.yaml", 3);
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}

/* A 5.1 session (issue 33): VBAP at a fixed position with spread and at a
 * moving one (cos, sin, atan2 of glibc, whose variants are chosen by
 * CPU), an LFE feed through its low-pass, a 5.1 bus folded into a stereo
 * printed bus by BS.775 (pow), linked dynamics over six channels, a 5.1
 * master's files with their channel mask, 24-bit with dither. */
Test(crosscpu, a_5_1_session_is_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  cr_skip_test("a sanitized build: ASan's shadow memory and qemu-user do not mix");
#elif !defined(__x86_64__)
  cr_skip_test("not an x86-64 build");
#else
  need_qemu();
  dir = tu_tmpdir();
  sources();
  char *recipe = tu_write_text(
      dir, "s51.yaml",
      "stemprint: 1\n"
      "tracks:\n"
      "  kick: {file: k.wav, channels: [C], lfe: {level: -6 dB, lowpass: 90 Hz}, to: fx}\n"
      "  snare: {file: s.wav, pan: {azimuth: 40, elevation: 0, spread: 25}, to: fx}\n"
      "  keys: {file: keys.wav, pan: {azimuth: [[0, 60], [0.75 s, -150]]}, width: 0.5}\n"
      "  bass: {file: b44.wav, pan: -0.4, sends: [{to: fold, level: -6 dB}]}\n"
      "buses:\n"
      "  fx: {layout: 5.1, fold: bs775, inserts: [{compressor: {threshold: -20 dB, ratio: 3}}, "
      "{eq: [{type: highshelf, freq: 6 kHz, gain: 2 dB}]}], sends: [{to: fold}]}\n"
      "  fold: {layout: stereo, print: true, to: none}\n"
      "master:\n  layout: 5.1\n  inserts: [{limiter: {ceiling: -1 dBTP}}]\n"
      "stems: {fx: [kick, snare], keys: [keys], bass: [bass]}\n"
      "output: {depth: 24, dither: tpdf}\n");
  same_everywhere("s51.yaml", 5);
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}

/* SoundFont instrument tracks (issue 43): the tests' SoundFont
 * (tests/testsf2.h) played by libfluidsynth, which has no code chosen by
 * CPU but is compiled by Debian for the baseline x86-64 (its float
 * arithmetic is then the same on every x86-64 if nothing in it picks a
 * libm variant: this test says so). Three tracks: the looped sine with its
 * own reverb and chorus on, notes of several velocities and keys, pitch
 * bend, volume, pan, expression and modulation moving, 4th-order
 * interpolation; the slow preset (attack and release envelopes) at
 * 7th-order with the sustain pedal; the percussion burst on channel 10,
 * linear interpolation. tail: auto hears each instrument's release (the
 * tail probe runs under qemu too). 32-bit float, no dither: every bit the
 * synthesizer computes is printed. */
Test(crosscpu, soundfont_instruments_are_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  cr_skip_test("a sanitized build: ASan's shadow memory and qemu-user do not mix");
#elif !defined(__x86_64__)
  cr_skip_test("not an x86-64 build");
#else
  need_qemu();
  dir = tu_tmpdir();
  free(tu_write_sf2(dir, "t.sf2"));
  /* 480 ticks a quarter note at 500000 us: 960 ticks a second, 50 frames a tick */
  static const struct {
    int64_t tick;
    uint16_t track;
    uint8_t size, b[3];
  } ev[] = {
      {0, 0, 3, {0x90, 69, 127}},   {0, 0, 3, {0xB0, 91, 60}},   {60, 0, 3, {0x90, 76, 64}},
      {100, 0, 3, {0xE0, 0, 80}},   {140, 0, 3, {0xB0, 7, 90}},  {200, 0, 3, {0xB0, 10, 20}},
      {260, 0, 3, {0xB0, 1, 100}},  {300, 0, 3, {0xE0, 0, 40}},  {340, 0, 3, {0xB0, 11, 70}},
      {400, 0, 3, {0x80, 69, 0}},   {420, 0, 3, {0x90, 57, 33}}, {600, 0, 3, {0x80, 76, 0}},
      {700, 0, 3, {0x80, 57, 0}},   {0, 1, 2, {0xC1, 1, 0}},     {10, 1, 3, {0x91, 64, 100}},
      {30, 1, 3, {0xB1, 64, 127}},  {200, 1, 3, {0x81, 64, 0}},  {210, 1, 3, {0x91, 81, 90}},
      {300, 1, 3, {0xE1, 127, 90}}, {500, 1, 3, {0xB1, 64, 0}},  {520, 1, 3, {0x81, 81, 0}},
      {5, 2, 3, {0x99, 36, 127}},   {245, 2, 3, {0x99, 38, 80}}, {483, 2, 3, {0x99, 42, 110}},
      {700, 2, 3, {0x89, 42, 0}},
  };
  sp_midi_file *f = sp_midi_file_new(1, 480, 3);
  for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++)
    sp_midi_add_event(f, ev[i].tick, ev[i].track, ev[i].b, ev[i].size);
  sp_midi_file_finish(f);
  char *mid = tu_path(dir, "parts.mid"), why[256];
  cr_assert_eq(sp_smf_write(mid, f, why, sizeof why), SP_OK, "%s", why);
  sp_midi_file_free(f);
  free(mid);
  char *recipe = tu_write_text(
      dir, "sf.yaml",
      "stemprint: 1\n"
      "sample_rate: 48000\n"
      "tail: auto\n"
      "tracks:\n"
      "  sine:\n"
      "    midi: parts.mid\n"
      "    track: 1\n"
      "    instrument: {soundfont: {file: t.sf2, gain: -6 dB, reverb: true, chorus: true}}\n"
      "  slow:\n"
      "    midi: parts.mid\n"
      "    track: 2\n"
      "    at: 0.1 s\n"
      "    instrument: {soundfont: {file: t.sf2, interpolation: 7th}}\n"
      "    pan: 0.3\n"
      "  hits:\n"
      "    midi: parts.mid\n"
      "    track: 3\n"
      "    instrument: {soundfont: {file: t.sf2, interpolation: linear}}\n"
      "stems: {sine: [sine], slow: [slow], hits: [hits]}\n"
      "output: {depth: 32f, dither: none}\n");
  same_everywhere("sf.yaml", 4);
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}
