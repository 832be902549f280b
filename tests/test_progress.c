/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `stemprint render` says while it works, through the real binary:
 * each warning about a recipe once, however many graphs of it a run builds
 * (an own version's render, the --html bleed measurement, `bleed`). */

#include "core/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000 };

static char *dir;

/* A sine of secs at hz, -12 dBFS, mono 24-bit, in dir. */
static void sine(const char *name, double hz, double secs)
{
  int64_t n = (int64_t)(RATE * secs);
  float *x = sp_xcalloc((size_t)n, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    x[i] = (float)(0.25 * sin(2 * M_PI * hz * (double)i / RATE));
  free(tu_write_wav(dir, name, 1, RATE, 24, x, n));
  free(x);
}

static void setup(void)
{
  dir = tu_tmpdir();
  sine("a.wav", 220, 1.0);
  sine("b.wav", 330, 1.0);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(progress, .init = setup, .fini = teardown, .timeout = 120);

/* How many times needle occurs in hay. */
static size_t count(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* Two tracks, two stems, an own version and master.normalize: four passes
 * over the timeline (normalize's measurement and the render, for the mix
 * and again for the version), plus extra. */
static char *recipe(const char *name, const char *extra)
{
  char *text = sp_xasprintf("stemprint: 1\n"
                            "sample_rate: 48000\n"
                            "%s"
                            "tracks:\n"
                            "  a: {file: a.wav}\n"
                            "  b: {file: b.wav}\n"
                            "master:\n"
                            "  normalize: {target: -20 LUFS}\n"
                            "stems:\n"
                            "  one: [a]\n"
                            "  two: [b]\n"
                            "versions:\n"
                            "  solo_a: {mute: [b], mode: own}\n",
                            extra);
  char *path = tu_write_text(dir, name, text);
  free(text);
  return path;
}

/* A warning is about the recipe: said once, not again for the own
 * version's render (a graph of its own) or the bleed measurement. */
Test(progress, each_warning_once)
{
  char *r = recipe("w.yaml", "buses:\n  unused: {}\n");
  char *html = tu_path(dir, "w.html");
  const char *render[] = {"render", r, "--progress", "none", "--html", html, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  const char *says = "bus 'unused' is fed by nothing";
  cr_expect_eq(count(err, says), 1, "the warning once:\n%s", err);
  free(out);
  free(err);
  const char *bleed[] = {"bleed", r, NULL};
  tu_run(bleed, &out, &err);
  cr_expect_eq(count(err, says), 1, "the warning once:\n%s", err);
  free(out);
  free(err);
  free(html);
  free(r);
}
