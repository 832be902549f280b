/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same bytes on every x86-64: the demo rendered by this build's
 * stemprint natively and under qemu-x86_64 as a baseline x86-64 CPU
 * (qemu64: SSE2, no AVX) and as a Haswell (AVX2, FMA), one thread, must
 * print files identical to the byte. Natively this machine takes the
 * AVX-512 clones where it has them, so the three runs cover every clone of
 * every kernel (core/dsp/simd.h) and the FFT (core/dsp/fft.c). Skipped when
 * qemu-user is not installed (scripts/test.sh installs it) or the build is
 * sanitized (ASan's shadow memory and qemu-user do not mix). */

#include "core/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(crosscpu, .timeout = 1800);

#if !defined(SP_SANITIZED)
static char *dir;

/* Render the demo into dir/<name>, under qemu with cpu unless NULL. */
static void render(const char *cpu, const char *name)
{
  char *cmd = sp_xasprintf("%s%s%s '%s' render '%s/recipes/demo/song.yaml' -o '%s/%s' -q -j 1 "
                           ">'%s/%s.log' 2>&1",
                           cpu ? "qemu-x86_64 -cpu " : "", cpu ? cpu : "", cpu ? " " : "",
                           SP_STEMPRINT_BIN, SP_SOURCE_DIR, dir, name, dir, name);
  int rc = system(cmd);
  char *log_path = sp_xasprintf("%s/%s.log", dir, name), *log = tu_slurp(log_path);
  cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, log ? log : "");
  free(log);
  free(log_path);
  free(cmd);
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
