/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets' folder and input files (fuzz_common.h). */

#include "tests/fuzz/fuzz_common.h"

#include "io/audio/audio.h"
#include "io/ladspa/ladspa.h"
#include "io/lv2/lv2.h"
#include "io/synth/synth.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void tone(const char *path, int channels, int rate, sp_depth depth, int64_t frames)
{
  sp_sink *w;
  char why[256];
  if (sp_audio_create(path, SP_FORMAT_WAV, depth, channels, rate, frames, &w, why, sizeof why) !=
      SP_OK)
    abort();
  float *x = calloc((size_t)(frames * channels), sizeof *x);
  int32_t *q = calloc((size_t)(frames * channels), sizeof *q);
  for (int64_t i = 0; i < frames * channels; i++) {
    x[i] = (float)(0.25 * sin(0.05 * (double)i) * exp(-(double)i / (double)(frames * channels)));
    q[i] = (int32_t)lrint(x[i] * 2147483647.0) & (depth == SP_DEPTH_16 ? ~0xffff : ~0xff);
  }
  sp_err err = depth == SP_DEPTH_32F ? w->ops->write_float(w, x, frames, why, sizeof why)
                                     : w->ops->write_int(w, q, frames, why, sizeof why);
  if (err != SP_OK || w->ops->commit(w, why, sizeof why) != SP_OK)
    abort();
  free(x);
  free(q);
}

/* AddressSanitizer's settings for the fuzz targets (ASAN_OPTIONS adds to
 * them): a quarantine of 32 MB rather than 256. Freed memory waits there
 * before it is used again; at 256 MB every input's buffers were fresh
 * pages, each faulted in and zeroed by the kernel (a third of
 * fuzz_readers' time, whose null test takes about a megabyte an input).
 * 32 MB still holds the memory of dozens of inputs, so a use after free
 * within one is caught as before. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "quarantine_size_mb=32"; }

static char dir[64];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

/* The folder and what the targets wrote in it, gone when the run ends. */
static void remove_dir(void) { nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

const char *fz_dir(void)
{
  if (!*dir) {
    /* LV2 inserts find only the tests' own bundle (tests/lv2), never the
     * machine's plugins: a third-party plugin's crash on a fuzzed
     * parameter is not stemprint's, and the machine's set is not the same
     * everywhere. */
    setenv("LV2_PATH", SP_FUZZ_LV2_DIR, 1);
    sp_lv2_use_host(sp_lilv_host());
    sp_ladspa_use_host(sp_ladspa_host());
    sp_sf2_use_host(sp_fluid_host());
    /* in memory (tmpfs) where there is one: every input is written to a
     * file, and ext4 flushes a file truncated and written again when it is
     * closed (auto_da_alloc), a write to disk an input */
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/stemprint-fuzz-XXXXXX", base);
    if (!mkdtemp(dir))
      abort();
    atexit(remove_dir);
    static const struct {
      const char *name;
      int channels, rate;
      sp_depth depth;
      int64_t frames;
    } files[] = {{"mono.wav", 1, 48000, SP_DEPTH_16, 4800},
                 {"stereo.wav", 2, 44100, SP_DEPTH_24, 4410},
                 {"ir.wav", 1, 48000, SP_DEPTH_32F, 2400}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
      char path[128];
      snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
      tone(path, files[i].channels, files[i].rate, files[i].depth, files[i].frames);
    }
  }
  return dir;
}

const char *fz_file(const char *name, const uint8_t *data, size_t size)
{
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", fz_dir(), name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort();
  return path;
}
