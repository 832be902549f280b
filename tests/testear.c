/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "testear.h"

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

const char *tu_ear_dir(void)
{
  const char *ear = getenv("SP_EAR_DIR");
  if (!ear || !*ear || access("/usr/bin/python3", X_OK) != 0)
    return NULL;
  return ear;
}

int tu_ear_render(const char *ear, const char *path, const char *out, char **said)
{
  char *log = sp_xasprintf("%s.log", out);
  char *cmd = sp_xasprintf("PYTHONPATH='%s' /usr/bin/python3 -m ear.cmdline.render_file -s "
                           "0+5+0 '%s' '%s' > '%s' 2>&1",
                           ear, path, out, log);
  const int rc = system(cmd);
  *said = tu_slurp_must(log);
  free(cmd), free(log);
  return rc;
}

double tu_ear_worst_5_1(const char *ear, const char *path, const float *const *got, int64_t frames)
{
  char *out = sp_xasprintf("%s.ear.wav", path), *said = NULL;
  cr_assert_eq(tu_ear_render(ear, path, out, &said), 0, "%s: %s", path, said);
  int64_t n = 0;
  int channels = 0, rate = 0;
  double *e = tu_read(out, &n, &channels, &rate);
  cr_assert(e && channels == 6 && n >= frames, "%s: the EAR's render", path);
  double worst = 0;
  for (int c = 0; c < 6; c++)
    for (int64_t t = 0; t < frames; t++)
      worst = fmax(worst, fabs(got[c][t] - e[t * 6 + c]));
  free(e), free(said), free(out);
  return worst;
}
