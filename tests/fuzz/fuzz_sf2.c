/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: bytes read as a SoundFont by stemprint's own reader
 * (io/synth/sf2.h), before fluidsynth would open it: its form, its lists,
 * which presets reach a sample. What it says must hold together: a
 * refusal has a reason; a file read lists presets only when its pdta
 * parsed, each with no reason or one of the reader's own sentences. */

#include "io/synth/sf2.h"
#include "tests/fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = fz_file("input.sf2", data, size);
  sp_sf2_file f;
  char why[384] = "";
  int fd;
  if (sp_sf2_file_open(path, &fd, &f, why, sizeof why) != SP_OK) {
    if (!why[0])
      abort(); /* a refusal says why */
    return 0;
  }
  close(fd);
  if ((f.dls || !f.parsed) && f.n_presets != 0)
    abort();
  for (size_t i = 0; i < f.n_presets; i++) {
    const char *m = f.presets[i].mute;
    if (m && strncmp(m, "it", 2) != 0 && strncmp(m, "none", 4) != 0)
      abort();
    if (sp_sf2_file_mute(&f, f.presets[i].bank, f.presets[i].program) == NULL && m &&
        f.presets[i].bank >= 0) {
      /* the first preset of that bank and program is the one found: a
       * later duplicate may say otherwise */
      for (size_t j = 0; j < i; j++)
        if (f.presets[j].bank == f.presets[i].bank &&
            f.presets[j].program == f.presets[i].program)
          goto next;
      abort();
    }
  next:;
  }
  sp_sf2_file_fini(&f);
  return 0;
}
