/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A catalogue on Slurm (scripts/catalogue-slurm.sh), end to end: a
 * single-node cluster started from nothing in a temporary folder
 * (scripts/slurm-local.sh: munge, slurmctld, slurmd), a small catalogue
 * cut from the demo's sources plus one broken recipe rendered as a chunked
 * job array through a shared cache, cold and then warm, the outputs and
 * the exit status checked, the failed song named with its reason, and the
 * cluster stopped. Needs root and Debian's slurm-wlm and munge (installed
 * by sh scripts/deps.sh --tests). */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *cluster;

static void start(void)
{
  cluster = tu_tmpdir();
  char *cmd = sp_xasprintf("sh '%s/scripts/slurm-local.sh' start '%s/slurm' >/dev/null",
                           SP_SOURCE_DIR, cluster);
  int rc = system(cmd);
  free(cmd);
  cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
            "the local Slurm cluster did not start (root, slurm-wlm and munge are needed: "
            "sh scripts/deps.sh --tests)");
  char *conf = sp_xasprintf("%s/slurm/slurm.conf", cluster);
  setenv("SLURM_CONF", conf, 1);
  free(conf);
  char *ix = sp_xasprintf("%s/digests", cluster);
  setenv("STEMPRINT_DIGEST_INDEX", ix, 1);
  free(ix);
  unsetenv("STEMPRINT_CACHE");
}

static void stop(void)
{
  char *cmd =
      sp_xasprintf("sh '%s/scripts/slurm-local.sh' stop '%s/slurm'", SP_SOURCE_DIR, cluster);
  if (system(cmd) != 0)
    fprintf(stderr, "test_slurm: the cluster did not stop cleanly\n");
  free(cmd);
  tu_rmtree(cluster);
  free(cluster);
}

TestSuite(slurm, .init = start, .fini = stop, .timeout = TU_TIMEOUT(180));

/* Run the catalogue script; its exit status, stdout and stderr. */
static int catalogue(const char *songs, const char *cache, char **out, char **err)
{
  char *cmd = sp_xasprintf("sh '%s/scripts/catalogue-slurm.sh' --chunk 3 --cache '%s' "
                           "--stemprint '%s' '%s' > '%s/out.txt' 2> '%s/err.txt'",
                           SP_SOURCE_DIR, cache, SP_STEMPRINT_BIN, songs, cluster, cluster);
  int rc = system(cmd);
  free(cmd);
  char *po = sp_xasprintf("%s/out.txt", cluster), *pe = sp_xasprintf("%s/err.txt", cluster);
  *out = tu_slurp_must(po);
  *err = tu_slurp_must(pe);
  free(po);
  free(pe);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

Test(slurm, a_catalogue_renders_on_a_job_array_cold_then_from_the_cache)
{
  char *songs = sp_xasprintf("%s/songs", cluster);
  mkdir(songs, 0755);
  enum { N = 7 };
  for (int i = 0; i < N; i++) {
    char name[32], *text = sp_xasprintf(
                      "stemprint: 1\n"
                      "tail: 0.5 s\n"
                      "tracks:\n"
                      "  kick: {regions: [{file: %s/kick.wav, from: %.2f s, length: 2 s}], "
                      "gain: -%d dB, to: drums}\n"
                      "  bass: {regions: [{file: %s/bass.wav, from: %.2f s, length: 2 s}]}\n"
                      "  vox:  {regions: [{file: %s/vox.wav, from: %.2f s, length: 2 s}]}\n"
                      "buses:\n  drums: {inserts: [{compressor: {threshold: -18 dB, ratio: 3}}]}\n"
                      "master: {inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
                      "stems: {drums: [drums], bass: [bass], vocals: [vox]}\n"
                      "output: {depth: 24, dir: out/{recipe}}\n",
                      SP_FIXTURE_DIR, 0.5 * i, 2 + i, SP_FIXTURE_DIR, 0.3 * i, SP_FIXTURE_DIR,
                      0.2 * i);
    snprintf(name, sizeof name, "song%d.yaml", i);
    free(tu_write_text(songs, name, text));
    free(text);
  }
  free(tu_write_text(songs, "zz_broken.yaml",
                     "stemprint: 1\ntracks:\n  vox: {file: missing.wav}\n"));
  char *cache = sp_xasprintf("%s/cache", cluster);
  char *out, *err;
  int rc = catalogue(songs, cache, &out, &err);
  cr_expect_eq(rc, 1, "a song failed: exit 1\n%s%s", out, err);
  cr_expect(strstr(out, "7 of 8 songs printed (0 from the cache), 1 failed"), "%s", out);
  cr_expect(strstr(out, "zz_broken.yaml: exit 3") && strstr(out, "zz_broken.yaml:3:") &&
                strstr(out, "missing.wav"),
            "the failed song, its exit status and why: %s", out);
  cr_expect(strstr(err, "8 songs in 3 array tasks of 3"), "%s", err);
  free(out);
  free(err);
  for (int i = 0; i < N; i++) {
    char *mix = sp_xasprintf("%s/out/song%d/mix.wav", songs, i);
    char *stem = sp_xasprintf("%s/out/song%d/vocals.wav", songs, i);
    cr_expect(access(mix, F_OK) == 0 && access(stem, F_OK) == 0, "song%d printed", i);
    char *keep = sp_xasprintf("%s/cold%d.wav", cluster, i);
    cr_assert_eq(link(mix, keep), 0);
    free(keep);
    free(mix);
    free(stem);
  }

  /* Warm, into empty folders (another machine's checkout): every song that
   * printed is served from the cache, the same bytes. */
  char *outs = sp_xasprintf("%s/out", songs);
  tu_rmtree(outs);
  free(outs);
  rc = catalogue(songs, cache, &out, &err);
  cr_expect_eq(rc, 1, "%s%s", out, err);
  cr_expect(strstr(out, "7 of 8 songs printed (7 from the cache), 1 failed"), "%s", out);
  free(out);
  free(err);
  for (int i = 0; i < N; i++) {
    char *mix = sp_xasprintf("%s/out/song%d/mix.wav", songs, i);
    char *cold = sp_xasprintf("%s/cold%d.wav", cluster, i);
    cr_expect(tu_same_bytes(mix, cold), "song%d's mix is the cold render's", i);
    free(mix);
    free(cold);
  }

  /* Fixed, the catalogue prints whole: exit 0. */
  char *broken = sp_xasprintf("%s/zz_broken.yaml", songs);
  unlink(broken);
  free(broken);
  rc = catalogue(songs, cache, &out, &err);
  cr_expect_eq(rc, 0, "%s%s", out, err);
  cr_expect(strstr(out, "all 7 songs printed (7 from the cache)"), "%s", out);
  free(out);
  free(err);
  free(cache);
  free(songs);
}
