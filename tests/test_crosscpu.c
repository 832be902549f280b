/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same bytes on every x86-64: the demo rendered by this build's
 * stemprint natively and under qemu-x86_64 as a baseline x86-64 CPU
 * (qemu64: SSE2, no AVX) and as a Haswell (AVX2, FMA), one thread, must
 * print files identical to the byte. Natively this machine takes the
 * AVX-512 clones where it has them, so the three runs cover every clone of
 * every kernel (core/dsp/simd.h) and the FFT (core/dsp/fft.c). Skipped when
 * qemu-user is not installed (scripts/test.sh installs it) or the build is
 * sanitized (ASan's shadow memory and qemu-user do not mix). */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(crosscpu, .timeout = TU_TIMEOUT(1800));

#if !defined(SP_SANITIZED)
static char *dir;

/* Render recipe into dir/<name>, under qemu with cpu unless NULL. */
static void render_recipe(const char *recipe, const char *cpu, const char *name)
{
  char *cmd = sp_xasprintf("%s%s%s '%s' render '%s' -o '%s/%s' -q -j 1 >'%s/%s.log' 2>&1",
                           cpu ? "qemu-x86_64 -cpu " : "", cpu ? cpu : "", cpu ? " " : "",
                           SP_STEMPRINT_BIN, recipe, dir, name, dir, name);
  int rc = system(cmd);
  char *log_path = sp_xasprintf("%s/%s.log", dir, name), *log = tu_slurp(log_path);
  cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, log ? log : "");
  free(log);
  free(log_path);
  free(cmd);
}

static void render(const char *cpu, const char *name)
{
  render_recipe(SP_SOURCE_DIR "/recipes/demo/song.yaml", cpu, name);
}
#endif

Test(crosscpu, the_demo_is_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED)
  fprintf(stderr, "crosscpu: a sanitized build: skipped\n");
  return;
#else
#if !defined(__x86_64__)
  fprintf(stderr, "crosscpu: not an x86-64 build: skipped\n");
  return;
#endif
  if (system("command -v qemu-x86_64 >/dev/null 2>&1") != 0) {
    fprintf(stderr, "crosscpu: qemu-x86_64 is not installed (Debian qemu-user): skipped\n");
    return;
  }
  dir = tu_tmpdir();
  render(NULL, "native");
  render("qemu64", "qemu64");
  render("Haswell", "haswell");
  static const char *const files[] = {"mix.wav",         "drums.wav",      "bass.wav",
                                      "music.wav",       "lead_vocal.wav", "backing_vocals.wav",
                                      "instrumental.wav", "tv.wav",        "acappella.wav",
                                      "cue.wav"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char *n = sp_xasprintf("%s/native/%s", dir, files[i]);
    char *q = sp_xasprintf("%s/qemu64/%s", dir, files[i]);
    char *h = sp_xasprintf("%s/haswell/%s", dir, files[i]);
    cr_expect(tu_same_bytes(n, q), "%s differs on a baseline x86-64 (qemu64)", files[i]);
    cr_expect(tu_same_bytes(n, h), "%s differs on a Haswell (AVX2)", files[i]);
    free(n);
    free(q);
    free(h);
  }
  tu_rmtree(dir);
  free(dir);
#endif
}

/* What the demo does not do: a source at 44.1 kHz cut into (libsoxr), an
 * impulse response at 44.1 kHz, FLAC files (libFLAC's encoder picks SIMD
 * code by CPU; stemprint asks it for integer-only predictors), and Ardour's
 * fader law and declick (a region envelope, `ramp: ardour` levels: no libm
 * pow or exp, whose variants differ by CPU). */
Test(crosscpu, resampling_and_flac_are_the_same_bytes_on_every_x86_64_level)
{
#if defined(SP_SANITIZED) || !defined(__x86_64__)
  fprintf(stderr, "crosscpu: skipped\n");
  return;
#else
  if (system("command -v qemu-x86_64 >/dev/null 2>&1") != 0) {
    fprintf(stderr, "crosscpu: qemu-x86_64 is not installed (Debian qemu-user): skipped\n");
    return;
  }
  dir = tu_tmpdir();
  float *x = sp_xcalloc(2 * 44100, sizeof *x), *ir = sp_xcalloc(11025, sizeof *ir);
  uint32_t seed = 9;
  for (int i = 0; i < 2 * 44100; i++)
    x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * i / 44100) + 0.05 * sin(2 * M_PI * 6000.0 * i / 44100));
  for (int i = 0; i < 11025; i++) {
    seed = seed * 1664525u + 1013904223u;
    ir[i] = (float)((double)(int32_t)seed / 2147483648.0 * 0.1 * exp(-i / 2000.0));
  }
  free(tu_write_wav(dir, "a44.wav", 1, 44100, 24, x, 2 * 44100));
  free(tu_write_wav(dir, "ir44.wav", 1, 44100, 32, ir, 11025));
  free(x);
  free(ir);
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\n"
                               "tracks:\n"
                               "  a: {file: a44.wav, from: 0.3 s, gain: -6 dB, sends: [{to: v}]}\n"
                               "  b: {regions: [{file: a44.wav, envelope: [[0, 0 dB], [1 s, "
                               "-14 dB]]}],\n"
                               "      gain: {ramp: ardour, points: [[0.2 s, -20 dB], [1.3 s, "
                               "-1 dB]]},\n"
                               "      sends: [{to: v, level: {ramp: ardour, points: [[0, -30 dB], "
                               "[1.7 s, -2 dB]]}}]}\n"
                               "buses:\n"
                               "  v: {inserts: [{convolver: {ir: ir44.wav}}]}\n"
                               "stems: {dry: [a, b]}\n"
                               "output: {format: flac}\n");
  render_recipe(recipe, NULL, "native");
  render_recipe(recipe, "qemu64", "qemu64");
  render_recipe(recipe, "Haswell", "haswell");
  static const char *const files[] = {"mix.flac", "dry.flac"};
  for (size_t i = 0; i < 2; i++) {
    char *n = sp_xasprintf("%s/native/%s", dir, files[i]);
    char *q = sp_xasprintf("%s/qemu64/%s", dir, files[i]);
    char *h = sp_xasprintf("%s/haswell/%s", dir, files[i]);
    cr_expect(tu_same_bytes(n, q), "%s differs on a baseline x86-64 (qemu64)", files[i]);
    cr_expect(tu_same_bytes(n, h), "%s differs on a Haswell (AVX2)", files[i]);
    free(n);
    free(q);
    free(h);
  }
  free(recipe);
  tu_rmtree(dir);
  free(dir);
#endif
}
