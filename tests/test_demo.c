/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo song end to end. Its routing (group buses, a return fed
 * post-fader by four tracks, a parallel bus fed pre-fader) is rendered with
 * several stem sets; every set nulls against the mix at the output depth's
 * floor: below -140 dBFS at 32-bit float, within the auto threshold at 24
 * and 16 bit. Through the CLI: the same recipe gives the same bytes, at any
 * block size. */

#include "core/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO SP_SOURCE_DIR "/recipes/demo/song.yaml"

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(demo, .init = setup, .fini = teardown, .timeout = 120);

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "%s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = sp_xmalloc((size_t)n + 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

/* The demo's tracks and buses (everything before `stems:`), with source
 * paths made absolute, followed by the given stems and output sections. */
static char *variant(const char *stems, const char *output)
{
  char *text = slurp(DEMO);
  char *cut = strstr(text, "\nstems:");
  cr_assert_not_null(cut);
  cut[1] = '\0';
  size_t cap = strlen(text) * 2 + strlen(stems) + strlen(output) + 4096;
  char *out = sp_xcalloc(cap, 1);
  const char *rel = "../../fixtures/audio/";
  for (const char *p = text; *p;) {
    if (strncmp(p, rel, strlen(rel)) == 0) {
      strcat(out, SP_FIXTURE_DIR "/");
      p += strlen(rel);
    } else {
      strncat(out, p, 1);
      p++;
    }
  }
  strcat(out, stems);
  strcat(out, output);
  free(text);
  return out;
}

static sp_render_result render_variant(const char *stems, const char *output)
{
  char *text = variant(stems, output);
  char *path = tu_write_text(dir, "demo.yaml", text);
  sp_render_result res;
  sp_err err = tu_render(path, 0, &res);
  cr_assert(err == SP_OK, "render failed (%d) for:\n%s", err, stems);
  cr_assert(res.null_ran);
  free(text);
  free(path);
  return res;
}

static const char *const stem_sets[] = {
    /* the demo's own */
    "stems:\n  drums: [drums]\n  bass: [bass]\n  music: [keys]\n  vocals: [vocals]\n",
    /* one stem per track */
    "stems:\n  k: [kick]\n  s: [snare]\n  h: [hats]\n  b: [bass]\n  keys: [keys]\n"
    "  vox: [vox]\n  bgv: [bgv]\n",
    /* two halves */
    "stems:\n  rhythm: [drums, bass]\n  top: [keys, vocals]\n",
    /* master's inputs */
    "stems:\n  split: buses\n  rhythm: [drums, bass]\n  music: [keys]\n"
    "  vocals: [vocals, vox_par]\n  fx: [verb]\n",
};

Test(demo, every_stem_set_nulls_below_minus_140_dBFS_at_32f)
{
  for (size_t i = 0; i < sizeof stem_sets / sizeof stem_sets[0]; i++) {
    sp_render_result res = render_variant(stem_sets[i], "output: {dir: out, depth: 32f}\n");
    cr_assert(res.null_passed);
    cr_assert_lt(res.null.residual_peak_dbfs, -140.0, "set %zu: residual %.1f dBFS", i,
                 res.null.residual_peak_dbfs);
    cr_assert_eq(res.null_threshold_dbfs, -140.0);
    cr_assert_gt(res.null.mix_peak_dbfs, -6.0, "the demo must be at a realistic level");
    sp_render_result_fini(&res);
  }
}

Test(demo, stems_null_within_the_auto_threshold_at_24_and_16_bit)
{
  const char *outputs[] = {"output: {dir: out, depth: 24, dither: tpdf}\n",
                           "output: {dir: out, depth: 24, dither: none}\n",
                           "output: {dir: out, depth: 16, dither: tpdf}\n"};
  const double thresholds[] = {20 * log10(5 * 1.5 / 8388608.0), 20 * log10(5 * 0.5 / 8388608.0),
                               20 * log10(5 * 1.5 / 32768.0)};
  for (int i = 0; i < 3; i++) {
    sp_render_result res = render_variant(stem_sets[0], outputs[i]);
    cr_assert_float_eq(res.null_threshold_dbfs, thresholds[i], 1e-9);
    cr_assert(res.null_passed, "%s: residual %.1f > %.1f dBFS", outputs[i],
              res.null.residual_peak_dbfs, res.null_threshold_dbfs);
    for (size_t k = 0; k < res.n_outputs; k++)
      cr_assert_eq(res.outputs[k].clipped, 0);
    sp_render_result_fini(&res);
  }
}

static int run_cli(const char *outdir, const char *block)
{
  char *err = NULL;
  const char *args[] = {"render", "-q", DEMO, "-o", outdir, "--block-frames", block, NULL};
  int rc = tu_run(args, NULL, &err);
  cr_assert_eq(rc, 0, "stemprint failed: %s", err);
  free(err);
  return rc;
}

Test(demo, cli_renders_identical_bytes_at_any_block_size)
{
  char *a = tu_path(dir, "a"), *b = tu_path(dir, "b"), *c = tu_path(dir, "c");
  run_cli(a, "1024");
  run_cli(b, "1024");
  run_cli(c, "64");
  const char *files[] = {"mix.wav", "drums.wav", "bass.wav", "music.wav", "vocals.wav"};
  for (int i = 0; i < 5; i++) {
    char *fa = tu_path(a, files[i]), *fb = tu_path(b, files[i]), *fc = tu_path(c, files[i]);
    cr_assert(tu_same_bytes(fa, fb), "%s differs between two renders", files[i]);
    cr_assert(tu_same_bytes(fa, fc), "%s differs between block sizes 1024 and 64", files[i]);
    free(fa);
    free(fb);
    free(fc);
  }
  cr_assert_eq(tu_count_entries(a), 5);
  free(a);
  free(b);
  free(c);
}

Test(demo, cli_prints_where_the_files_are_and_that_they_nulled)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", DEMO, "-o", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "/mix.wav"), "%s", out);
  cr_assert(strstr(out, "/vocals.wav"), "%s", out);
  cr_assert(strstr(out, "null test: passed"), "%s", out);
  free(out);
  free(err);
}
