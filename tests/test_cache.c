/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render --cache DIR, as a user runs it: a miss renders and stores, a hit
 * prints the same bytes, report and exit status without rendering; a
 * corrupt or truncated entry is never served (a warning, a render, and a
 * good entry stored again); two renders storing one key at once both
 * succeed; a cache that cannot be used is a warning and a render;
 * touching a source keeps its key, changing it does not; the manifest
 * reads back as the result it was written from. */

#include "core/base/alloc.h"
#include "io/cache/cache.h"
#include "io/fs/fs.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *index_dir;

static void setup(void)
{
  index_dir = tu_tmpdir();
  char *ix = tu_path(index_dir, "digests");
  setenv("STEMPRINT_DIGEST_INDEX", ix, 1);
  unsetenv("STEMPRINT_CACHE");
  free(ix);
}

static void teardown(void)
{
  tu_rmtree(index_dir);
  free(index_dir);
}

TestSuite(cache, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* A small song with stems, a version and a check, in dir/song.yaml. */
static char *song(const char *dir)
{
  enum { N = 24000 };
  static float a[N], b[N];
  for (int i = 0; i < N; i++) {
    a[i] = (float)(0.4 * sin(2 * M_PI * 110 * i / 48000.0));
    b[i] = (float)(0.3 * sin(2 * M_PI * 440 * i / 48000.0) * (i % 4800 < 2400));
  }
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, N));
  free(tu_write_wav(dir, "b.wav", 1, 48000, 24, b, N));
  return tu_write_text(dir, "song.yaml",
                       "stemprint: 1\n"
                       "tracks:\n  a: {file: a.wav, to: bus}\n  b: {file: b.wav, to: bus}\n"
                       "buses:\n  bus: {inserts: [{compressor: {threshold: -20 dB, ratio: 3}}]}\n"
                       "master: {inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
                       "stems: {low: [a], high: [b]}\n"
                       "versions: {nohigh: {mute: [high]}}\n"
                       "output: {depth: 24}\n");
}

static const char *const prints[] = {"mix.wav", "low.wav", "high.wav", "nohigh.wav"};
enum { N_PRINTS = 4 };

/* stemprint render path -o out [--cache cache] [extra]: its exit status,
 * stdout and stderr. */
static int render(const char *path, const char *out, const char *cache, const char *extra, char **o,
                  char **e)
{
  const char *args[12] = {"render", path, "-o", out, "-j", "2"};
  int n = 6;
  if (cache) {
    args[n++] = "--cache";
    args[n++] = cache;
  }
  if (extra)
    args[n++] = extra;
  args[n] = NULL;
  return tu_run(args, o, e);
}

static void expect_same_prints(const char *a, const char *b)
{
  for (int i = 0; i < N_PRINTS; i++) {
    char *pa = tu_path(a, prints[i]), *pb = tu_path(b, prints[i]);
    cr_expect(tu_same_bytes(pa, pb), "%s differs between %s and %s", prints[i], a, b);
    free(pa);
    free(pb);
  }
}

static int count_files(const char *dir)
{
  int n = tu_count_entries(dir);
  return n < 0 ? 0 : n;
}

Test(cache, a_miss_renders_and_stores_a_hit_serves_the_same_bytes_report_and_status)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *fresh = tu_path(dir, "fresh"), *cold = tu_path(dir, "cold"),
       *warm = tu_path(dir, "warm");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, NULL, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *rep_cold = tu_path(dir, "cold.json"), *rep_warm = tu_path(dir, "warm.json");
  char *opt = sp_xasprintf("--report=%s", rep_cold);
  cr_assert_eq(render(path, cold, cache, opt, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(opt);
  free(out);
  free(err);
  char *ac = tu_path(cache, "ac"), *cas = tu_path(cache, "cas");
  cr_expect_eq(count_files(ac), 1, "one entry stored");
  cr_expect_eq(count_files(cas), N_PRINTS, "a file per print");
  /* Served into the same folder, its report is the render's, to the byte. */
  opt = sp_xasprintf("--report=%s", rep_warm);
  cr_assert_eq(render(path, cold, cache, opt, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  free(opt);
  free(out);
  free(err);
  char *a = tu_slurp_must(rep_cold), *b = tu_slurp_must(rep_warm);
  cr_expect_str_eq(a, b, "the report of a hit is the render's");
  free(a);
  free(b);
  opt = sp_xasprintf("--report=%s", rep_warm);
  cr_assert_eq(render(path, warm, cache, opt, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  cr_expect(strstr(out, "null test: passed"), "%s", out);
  cr_expect_eq(err[0], '\0', "a hit warns of nothing: %s", err);
  free(opt);
  free(out);
  free(err);
  expect_same_prints(fresh, cold);
  expect_same_prints(fresh, warm);
  cr_expect_eq(tu_count_prints(warm), N_PRINTS, "the hit's folder holds the prints alone");
  char *record = tu_path(warm, ".stemprint/song.prints");
  char *rec = tu_slurp_must(record);
  cr_expect(strstr(rec, "nohigh.wav"), "the record of prints is written: %s", rec);
  free(rec);
  free(record);

  /* $STEMPRINT_CACHE does the same; --no-cache turns it off. */
  char *env = tu_path(dir, "env");
  setenv("STEMPRINT_CACHE", cache, 1);
  cr_assert_eq(render(path, env, NULL, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  free(out);
  free(err);
  cr_assert_eq(render(path, env, NULL, "--no-cache", &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  unsetenv("STEMPRINT_CACHE");
  free(env);
  free(ac);
  free(cas);
  free(rep_cold);
  free(rep_warm);
  free(cache);
  free(fresh);
  free(cold);
  free(warm);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A store's copy cut short by a kill was left in cas/ for good (review 24
 * F6): the next store removes what killed processes of this host left in
 * the cache, and nothing a live one writes. */
Test(cache, a_killed_stores_temporary_goes_with_the_next_store)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *cas = tu_path(cache, "cas"), *o = tu_path(dir, "o");
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(cas, why, sizeof why), SP_OK, "%s", why);
  char *mine = sp_fs_temp_template("x");
  unsigned host = 0;
  cr_assert_eq(sscanf(strstr(mine, ".stemprint-tmp-") + 15, "%8x", &host), 1);
  free(mine);
  const pid_t child = fork();
  if (child == 0)
    _exit(0);
  waitpid(child, NULL, 0);
  char *dead = sp_xasprintf(".%064d.stemprint-tmp-%08x-%ld-abcdef", 0, host, (long)child);
  char *live = sp_xasprintf(".%064d.stemprint-tmp-%08x-%ld-abcdef", 1, host, (long)getpid());
  free(tu_write_text(cas, dead, "a print cut short"));
  free(tu_write_text(cas, live, "being stored"));
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  char *dp = tu_path(cas, dead), *lp = tu_path(cas, live);
  cr_expect_neq(access(dp, F_OK), 0, "the killed store's temporary stays");
  cr_expect_eq(access(lp, F_OK), 0, "a live one's was removed");
  cr_expect_eq(count_files(cas), N_PRINTS + 1, "the prints stored, and the live one's");
  free(dp), free(lp), free(dead), free(live), free(out), free(err);
  free(o), free(cas), free(cache), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* output.also: the sets' files are the job's outputs too. A render at -j 2
 * and one at -j 1 print the same bytes in every set; a hit serves all of
 * them (in "two", whose render moved to "hit"), and its report is the render's: each file with its set, format,
 * rate and (MP3) bitrate and decoded figures. */
Test(cache, a_hit_serves_the_files_of_every_set)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *text = tu_slurp_must(path);
  char *at = strstr(text, "output: {depth: 24}\n");
  cr_assert_not_null(at);
  *at = '\0';
  char *with = sp_xasprintf("%soutput: {depth: 24, also: [{format: flac, rate: 44.1 kHz, depth: "
                            "16, name: \"{name}_cd\"}, {format: mp3, bitrate: 192 kbps}]}\n",
                            text);
  free(text);
  free(path);
  path = tu_write_text(dir, "song.yaml", with);
  free(with);
  static const char *const sets[] = {"mix_cd.flac", "low_cd.flac", "high_cd.flac", "nohigh_cd.flac",
                                     "mix.mp3",     "low.mp3",     "high.mp3",     "nohigh.mp3"};
  char *cache = tu_path(dir, "cache"), *one = tu_path(dir, "one"), *two = tu_path(dir, "two"),
       *miss = tu_path(dir, "miss");
  char *rep_two = tu_path(dir, "two.json"), *rep_hit = tu_path(dir, "hit.json");
  const char *args[] = {"render", path, "-o", one, "-j", "1", NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *opt = sp_xasprintf("--report=%s", rep_two);
  cr_assert_eq(render(path, two, cache, opt, &out, &err), 0, "%s", err);
  free(opt);
  free(out);
  free(err);
  /* served into the same folder, emptied: its report names the same paths */
  cr_assert_eq(rename(two, miss), 0);
  opt = sp_xasprintf("--report=%s", rep_hit);
  cr_assert_eq(render(path, two, cache, opt, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  free(opt);
  free(out);
  free(err);
  expect_same_prints(one, two);
  expect_same_prints(one, miss);
  for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
    char *a = tu_path(one, sets[i]), *b = tu_path(miss, sets[i]), *c = tu_path(two, sets[i]);
    cr_expect(tu_same_bytes(a, b), "%s differs between -j 1 and -j 2", sets[i]);
    cr_expect(tu_same_bytes(a, c), "%s differs when served", sets[i]);
    free(a);
    free(b);
    free(c);
  }
  cr_expect_eq(tu_count_prints(two), 12);
  char *a = tu_slurp_must(rep_two), *b = tu_slurp_must(rep_hit);
  cr_expect_str_eq(a, b, "the report of a hit is the render's");
  char *cd = strstr(a, "mix_cd.flac\""), *mp3 = strstr(a, "mix.mp3\"");
  cr_assert(cd && mp3, "%s", a);
  cr_expect(strstr(cd, "\"sample_rate\": 44100") && strstr(cd, "\"depth\": \"16\"") &&
                strstr(cd, "\"set\": 1") && strstr(cd, "\"format\": \"flac\""),
            "%.400s", cd);
  cr_expect(strstr(mp3, "\"bitrate_kbps\": 192") && strstr(mp3, "\"decoded\": true") &&
                strstr(mp3, "\"set\": 2"),
            "%.400s", mp3);
  free(a);
  free(b);
  free(rep_two);
  free(rep_hit);
  free(cache);
  free(one);
  free(two);
  free(miss);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The only file in folder sub of cache (its path), or NULL. */
static char *only_file(const char *cache, const char *sub, int which)
{
  char *d = tu_path(cache, sub);
  DIR *dd = opendir(d);
  char *found = NULL;
  int k = 0;
  for (struct dirent *e; dd && (e = readdir(dd));)
    if (e->d_name[0] != '.' && k++ == which)
      found = tu_path(d, e->d_name);
  if (dd)
    closedir(dd);
  free(d);
  return found;
}

Test(cache, a_corrupt_or_truncated_entry_is_never_served)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *fresh = tu_path(dir, "fresh"), *o1 = tu_path(dir, "o1"),
       *o2 = tu_path(dir, "o2"), *o3 = tu_path(dir, "o3"), *o4 = tu_path(dir, "o4");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, cache, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);

  /* A stored file with a byte changed: not served; rendered, stored again. */
  for (int which = 0; which < N_PRINTS; which++) {
    char *blob = only_file(cache, "cas", which);
    struct stat st;
    cr_assert_eq(stat(blob, &st), 0);
    int fd = open(blob, O_WRONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(pwrite(fd, "\x5a", 1, st.st_size / 2), 1);
    close(fd);
    free(blob);
  }
  cr_assert_eq(render(path, o1, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "warning") && strstr(err, "rendering instead"), "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  expect_same_prints(fresh, o1);
  cr_assert_eq(render(path, o2, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "stored again, served: %s %s", out, err);
  free(out);
  free(err);
  expect_same_prints(fresh, o2);

  /* A truncated file, and a manifest that is not one. */
  char *blob = only_file(cache, "cas", 0);
  cr_assert_eq(truncate(blob, 100), 0);
  cr_assert_eq(render(path, o3, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "not the") || strstr(err, "bytes"), "%s", err);
  free(out);
  free(err);
  expect_same_prints(fresh, o3);
  char *entry = only_file(cache, "ac", 0);
  char *text = tu_slurp_must(entry);
  FILE *f = fopen(entry, "w");
  fwrite(text, 1, strlen(text) / 2, f); /* cut in the middle */
  fclose(f);
  cr_assert_eq(render(path, o4, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "is not usable"), "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  expect_same_prints(fresh, o4);
  cr_assert_eq(render(path, o4, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "an unusable entry is replaced: %s %s", out, err);
  free(out);
  free(err);
  free(text);
  free(entry);
  free(blob);
  free(cache);
  free(fresh);
  free(o1);
  free(o2);
  free(o3);
  free(o4);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

Test(cache, two_renders_storing_one_key_at_once_both_succeed)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache");
  char *script =
      sp_xasprintf("'%s' render '%s' -q -o '%s/x' --cache '%s' & a=$!; "
                   "'%s' render '%s' -q -o '%s/y' --cache '%s' & b=$!; "
                   "wait $a; ra=$?; wait $b; rb=$?; exit $((ra * 16 + rb))",
                   SP_STEMPRINT_BIN, path, dir, cache, SP_STEMPRINT_BIN, path, dir, cache);
  for (int round = 0; round < 3; round++) {
    tu_rmtree(cache);
    int rc = system(script);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "round %d: exit %d", round, WEXITSTATUS(rc));
    char *ac = tu_path(cache, "ac"), *cas = tu_path(cache, "cas");
    cr_expect_eq(count_files(ac), 1, "round %d: one entry, no temporary left", round);
    cr_expect_eq(count_files(cas), N_PRINTS, "round %d", round);
    free(ac);
    free(cas);
    char *x = tu_path(dir, "x"), *y = tu_path(dir, "y");
    expect_same_prints(x, y);
    free(x);
    free(y);
  }
  free(script);
  free(cache);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* Root writes into a read-only folder: as root, the programs this test
 * process starts from now on run without the capabilities that let it
 * (root still owns every file, so it reads them all). Criterion runs each
 * test in a process of its own, so no other test is touched. */
static void no_dac_override(void)
{
  if (geteuid() != 0)
    return;
  if (prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
      prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0)
    cr_skip_test("root without CAP_SETPCAP cannot give up writing into read-only folders: %s",
                 strerror(errno));
}

Test(cache, a_cache_that_cannot_be_used_is_a_warning_and_a_render)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *blocker = tu_write_text(dir, "file", "not a folder\n");
  char *cache = tu_path(dir, "file/cache"), *o = tu_path(dir, "o");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "warning") && strstr(err, "file/cache") && strstr(err, "without it"), "%s",
            err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  cr_expect_eq(tu_count_prints(o), N_PRINTS);
  free(out);
  free(err);
  /* A read-only cache: the render is not stored, and says so. */
  char *ro = tu_path(dir, "ro");
  char *o2 = tu_path(dir, "o2");
  cr_assert_eq(render(path, o2, ro, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *ro_ac = tu_path(ro, "ac"), *ro_cas = tu_path(ro, "cas");
  tu_rmtree(ro_ac);
  tu_rmtree(ro_cas);
  mkdir(ro_ac, 0555);
  mkdir(ro_cas, 0555);
  no_dac_override();
  cr_assert_eq(render(path, o2, ro, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "not stored in the cache"), "%s", err);
  free(out);
  free(err);
  chmod(ro_ac, 0755);
  chmod(ro_cas, 0755);
  free(ro_ac);
  free(ro_cas);
  free(ro);
  free(o2);
  free(blocker);
  free(cache);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A folder at a print's name refuses the render, and a hit as the render:
 * the writer's words, once, exit 3, nothing landed, and no "rendering
 * instead" (the render it promised failed the same way). Before, the hit
 * warned "...; rendering instead", rendered the whole song, and then
 * failed at its writer. */
Test(cache, a_hit_the_output_folder_refuses_is_the_renders_refusal)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *fresh = tu_path(dir, "fresh");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, cache, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  for (int cached = 0; cached < 2; cached++) {
    char *o = tu_path(dir, cached ? "o1" : "o0");
    char *low = tu_path(o, "low.wav");
    cr_assert_eq(mkdir(o, 0755), 0);
    cr_assert_eq(mkdir(low, 0755), 0);
    char *want = sp_xasprintf("stemprint: error: %s: cannot write '%s': it is a folder, not a "
                              "file, and a file would take its name; move it away, or name the "
                              "output otherwise\n",
                              low, low);
    cr_expect_eq(render(path, o, cached ? cache : NULL, NULL, &out, &err), 3, "%s", err);
    const char *at = strstr(err, want);
    cr_expect(at && !strstr(at + 1, want), "once: %s", err);
    cr_expect_null(strstr(err, "rendering instead"), "%s", err);
    cr_expect_null(strstr(out, "served from the cache"), "%s", out);
    cr_expect_eq(tu_count_entries(o), 1, "only the folder in the way is there"); /* no temp */
    cr_expect_eq(tu_count_entries(low), 0);
    free(out);
    free(err);
    free(want);
    free(low);
    free(o);
  }
  free(cache);
  free(fresh);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A failed check is served as it failed (exit 1), its sentence naming the
 * files of the folder served into, not those of the render that stored it,
 * said at the rule it judges by as the render said it. */
Test(cache, a_failed_check_is_served_failed_naming_this_folder)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *text = tu_slurp_must(path);
  char *with = sp_xasprintf("%schecks: {loudness: {target: -40 LUFS}}\n", text);
  free(tu_write_text(dir, "song.yaml", with));
  char *cache = tu_path(dir, "cache"), *a = tu_path(dir, "first"), *b = tu_path(dir, "second");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, a, cache, NULL, &out, &err), 1, "%s", err);
  free(out);
  free(err);
  cr_assert_eq(render(path, b, cache, NULL, &out, &err), 1, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  cr_expect(strstr(err, "check failed: loudness") && strstr(err, "second/mix.wav") &&
                !strstr(err, "first/"),
            "%s", err);
  cr_expect(strstr(err, ": checks.loudness.target: check failed: loudness"), "%s", err);
  free(out);
  free(err);
  free(with);
  free(text);
  free(cache);
  free(a);
  free(b);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* ---- a hardware insert's stale return ------------------------------------ */

/* A vocal at gain_db through a hardware insert (docs/recipe.md) whose
 * return, prints/r.wav, was recorded from the send of the vocal at -6 dB
 * and marked: at any other gain it is stale. dir/hw.yaml's path. */
static char *stale_session(const char *dir, const char *gain_db)
{
  enum { N = 24000 };
  static float v[N];
  for (int i = 0; i < N; i++)
    v[i] = (float)(0.3 * sin(2 * M_PI * 330 * i / 48000.0));
  free(tu_write_wav(dir, "v.wav", 1, 48000, 24, v, N));
  const char *fmt = "stemprint: 1\nsample_rate: 48000\ntracks:\n  vox:\n    file: v.wav\n"
                    "    inserts: [{gain: %s}, {hardware: {name: la2a, return: prints/r.wav, "
                    "latency: auto}}]\n";
  char *text = sp_xasprintf(fmt, "-6 dB");
  char *path = tu_write_text(dir, "hw.yaml", text);
  free(text);
  char *first = tu_path(dir, "first");
  const char *args[] = {"render", "-q", path, "-o", first, "--no-cache", NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  /* "recorded": the unit passes the send as it is */
  char *send = tu_path(first, "sends/la2a.wav"), *folder = tu_path(dir, "prints");
  int64_t frames;
  int ch, rate;
  double *x = tu_read(send, &frames, &ch, &rate);
  cr_assert(x, "no send %s", send);
  float *f = malloc((size_t)(frames * ch) * sizeof *f);
  for (int64_t i = 0; i < frames * ch; i++)
    f[i] = (float)x[i];
  mkdir(folder, 0755);
  char *ret = tu_write_wav(folder, "r.wav", ch, rate, 32, f, frames);
  const char *mark[] = {"latency", send, ret, "--mark", NULL};
  cr_assert_eq(tu_run(mark, NULL, &err), 0, "%s", err);
  free(err);
  text = sp_xasprintf(fmt, gain_db);
  free(tu_write_text(dir, "hw.yaml", text));
  free(text), free(ret), free(f), free(x), free(folder), free(send), free(first);
  return path;
}

/* The lines of err that say a warning or an error (heap): what a render
 * said, without its progress. */
static char *said_lines(const char *err)
{
  char *said = sp_xstrdup(""), *copy = sp_xstrdup(err), *save = NULL;
  for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
    if (strstr(l, ": warning: ") || strstr(l, ": error: ")) {
      char *more = sp_xasprintf("%s%s\n", said, l);
      free(said);
      said = more;
    }
  free(copy);
  return said;
}

/* A render whose hardware return is stale says so, writes the send and
 * (--strict) exits 1 with its prints left as they were. Served from the
 * cache it does the same, in the same folder: the same warning and the
 * send among its files (the job's outputs name it), and under --strict
 * the same error, exit 1, the send landed alone. Before, a hit said
 * nothing, wrote no sends/ and exited 0 under --strict. */
Test(cache, a_stale_hardware_return_is_said_and_its_send_served_and_strict_fails)
{
  char *dir = tu_tmpdir();
  char *path = stale_session(dir, "-3 dB");
  char *cache = tu_path(dir, "cache"), *o = tu_path(dir, "o");
  char *send = tu_path(o, "sends/la2a.wav"), *mix = tu_path(o, "mix.wav");
  char *out = NULL, *err = NULL;
  /* without the cache: what a render says and prints */
  cr_assert_eq(render(path, o, NULL, NULL, &out, &err), 0, "%s", err);
  char *warned = said_lines(err);
  cr_assert(strstr(warned, "tracks.vox.inserts[1].hardware: la2a's return '") &&
                strstr(warned, "prints/r.wav' is stale"),
            "%s", err);
  free(out), free(err);
  char *sent = tu_path(dir, "sent.wav"), *mixed = tu_path(dir, "mixed.wav");
  cr_assert(rename(send, sent) == 0 && rename(mix, mixed) == 0);
  tu_rmtree(o);
  cr_assert_eq(render(path, o, NULL, "--strict", &out, &err), 1, "%s", err);
  char *failed = said_lines(err);
  cr_assert(strstr(failed, "is stale") && strstr(failed, "(--strict)"), "%s", err);
  free(out), free(err);
  tu_rmtree(o);
  /* stored, then served into an emptied folder */
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out), free(err);
  tu_rmtree(o);
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  char *said = said_lines(err);
  cr_expect_str_eq(said, warned, "a hit says what the render said");
  free(said), free(out), free(err);
  cr_expect(tu_same_bytes(send, sent) && tu_same_bytes(mix, mixed),
            "the send served with the prints, the render's bytes");
  char *ac = tu_path(cache, "ac"), *cas = tu_path(cache, "cas");
  cr_expect_eq(count_files(cas), 2, "the mix and the send stored");
  /* --strict: the entry is not served; the render fails as without it */
  tu_rmtree(o);
  cr_assert_eq(render(path, o, cache, "--strict", &out, &err), 1, "%s", err);
  said = said_lines(err);
  cr_expect_str_eq(said, failed, "under --strict a hit fails as the render does");
  cr_expect(access(send, F_OK) == 0 && access(mix, F_OK) != 0, "the send landed alone");
  cr_expect_eq(count_files(ac), 1, "nothing more stored");
  free(said), free(out), free(err);
  free(ac), free(cas), free(sent), free(mixed), free(failed), free(warned);
  free(send), free(mix), free(o), free(cache), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A --strict render stopped at a stale return lands its send alone: it
 * stores nothing (before, its entry held whatever the folder held, the
 * prints of an earlier render, and exit status 1: a later render without
 * --strict was served those, exit 1, no warning). */
Test(cache, a_strict_render_stopped_at_a_stale_return_stores_nothing)
{
  char *dir = tu_tmpdir();
  char *path = stale_session(dir, "-3 dB");
  char *cache = tu_path(dir, "cache"), *first = tu_path(dir, "first");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, first, cache, "--strict", &out, &err), 1, "%s", err);
  free(out), free(err);
  char *ac = tu_path(cache, "ac");
  cr_expect_eq(count_files(ac), 0, "no entry stored");
  cr_assert_eq(render(path, first, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  cr_expect(strstr(err, "is stale"), "%s", err);
  free(out), free(err);
  free(ac), free(first), free(cache), free(path);
  tu_rmtree(dir);
  free(dir);
}

Test(cache, a_touched_source_still_hits_a_changed_one_renders)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *o = tu_path(dir, "o");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *a = tu_path(dir, "a.wav");
  struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  cr_assert_eq(utimensat(AT_FDCWD, a, now, 0), 0);
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "touched, the same bytes: %s", out);
  free(out);
  free(err);
  int fd = open(a, O_WRONLY);
  cr_assert(fd >= 0);
  cr_assert_eq(pwrite(fd, "\x10", 1, 2000), 1);
  close(fd);
  cr_assert_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "a changed source renders: %s", out);
  free(out);
  free(err);
  char *ac = tu_path(cache, "ac");
  cr_expect_eq(count_files(ac), 2, "a second key stored");
  free(ac);
  free(a);
  free(cache);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* What every backend does, through the table (io/cache/backend.h): the
 * first entry stored stays, a file comes back as stored, and a file asked
 * for with another size than its own is bad. scratch: a folder for files. */
static void store_contract(sp_cache *c, const char *scratch)
{
  char why[512];
  sp_digest key, d;
  sp_digest_bytes("key", 3, &key);
  char *text;
  size_t n;
  cr_expect_eq(sp_cache_get_entry(c, &key, &text, &n, why, sizeof why), SP_CACHE_MISS, "%s", why);
  cr_expect_eq(sp_cache_put_entry(c, &key, "first", 5, why, sizeof why), SP_CACHE_HIT, "%s", why);
  cr_expect_eq(sp_cache_put_entry(c, &key, "second", 6, why, sizeof why), SP_CACHE_HIT, "%s", why);
  cr_assert_eq(sp_cache_get_entry(c, &key, &text, &n, why, sizeof why), SP_CACHE_HIT, "%s", why);
  cr_expect_str_eq(text, "first", "the first writer wins");
  cr_expect_eq(n, 5);
  free(text);
  char *file = tu_write_text(scratch, "blob", "abc");
  sp_digest_bytes("abc", 3, &d);
  cr_expect_eq(sp_cache_put_file(c, &d, file, why, sizeof why), SP_CACHE_HIT, "%s", why);
  char *got = tu_path(scratch, "got");
  int fd = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  cr_expect_eq(sp_cache_get_file(c, &d, 3, fd, why, sizeof why), SP_CACHE_HIT, "%s", why);
  close(fd);
  char *back = tu_slurp_must(got);
  cr_expect_str_eq(back, "abc");
  free(back);
  /* Asked with the wrong size: bad (a folder drops its copy, a server's is
   * replaced by this process's next PUT). */
  fd = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  cr_expect_eq(sp_cache_get_file(c, &d, 4, fd, why, sizeof why), SP_CACHE_BAD);
  close(fd);
  free(got);
  free(file);
}

Test(cache, the_store_keeps_the_first_entry_and_checks_what_it_serves)
{
  char *dir = tu_tmpdir();
  char why[512];
  sp_cache *c = sp_cache_open(dir, NULL, why, sizeof why);
  cr_assert_not_null(c, "%s", why);
  cr_expect_str_eq(sp_cache_backend_name(c), "folder");
  store_contract(c, dir);
  /* The folder's copy found bad is gone. */
  sp_digest d;
  sp_digest_bytes("abc", 3, &d);
  char *got = tu_path(dir, "got");
  int fd = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  cr_expect_eq(sp_cache_get_file(c, &d, 3, fd, why, sizeof why), SP_CACHE_MISS);
  close(fd);
  free(got);
  sp_cache_close(c);
  /* A server that is not there: a failure to say, quickly. */
  c = sp_cache_open("http://user:secret@127.0.0.1:1/", NULL, why, sizeof why);
  cr_assert_not_null(c);
  cr_expect_str_eq(sp_cache_backend_name(c), "http");
  cr_expect_str_eq(sp_cache_where(c), "http://***@127.0.0.1:1/", "no password in messages");
  sp_digest key;
  sp_digest_bytes("key", 3, &key);
  char *text;
  size_t n;
  cr_expect_eq(sp_cache_get_entry(c, &key, &text, &n, why, sizeof why), SP_CACHE_FAIL);
  cr_expect(strstr(why, "127.0.0.1:1") && !strstr(why, "secret"), "%s", why);
  sp_cache_close(c);
  tu_rmtree(dir);
  free(dir);
}

/* ---- an HTTP cache: nginx as a WebDAV PUT store on the loopback -------- */

static void nap(void) { nanosleep(&(struct timespec){0, 20000000}, NULL); }

static char *http_dir;
static int http_port;
static pid_t nginx_pid;

/* A free port on 127.0.0.1 (bound and let go: the server takes it next). */
static int free_port(void)
{
  FILE *p = popen("/usr/bin/python3 -c 'import socket; s=socket.socket(); "
                  "s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'",
                  "r");
  int port = 0;
  if (p) {
    if (fscanf(p, "%d", &port) != 1)
      port = 0;
    pclose(p);
  }
  return port;
}

/* nginx on 127.0.0.1:http_port serving http_dir/store: GET, HEAD, and PUT
 * through WebDAV (a file is written whole, then renamed into place), as a
 * shared render cache is set up; /small/ takes bodies of 1 KB at most (a
 * cache that is full). */
static void start_nginx(void)
{
  http_dir = tu_tmpdir();
  http_port = free_port();
  cr_assert_gt(http_port, 0);
  const char *d = http_dir;
  char *conf = sp_xasprintf(
      "daemon on;\nuser root;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
      "events { worker_connections 64; }\n"
      "http {\n  access_log off;\n  client_body_temp_path %s/tmp;\n"
      "  proxy_temp_path %s/tmp;\n  fastcgi_temp_path %s/tmp;\n  uwsgi_temp_path %s/tmp;\n"
      "  scgi_temp_path %s/tmp;\n"
      "  server {\n    listen 127.0.0.1:%d;\n    root %s/store;\n"
      "    client_max_body_size 0;\n"
      "    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw all:r; }\n"
      "    location /small/ { client_max_body_size 1k; dav_methods PUT; create_full_put_path on; "
      "}\n"
      "  }\n}\n",
      d, d, d, d, d, d, d, http_port, d);
  free(tu_write_text(http_dir, "nginx.conf", conf));
  free(conf);
  char *cmd = sp_xasprintf("mkdir -p '%s/tmp' '%s/store/small' && chmod 777 '%s/store' "
                           "'%s/store/small' '%s/tmp' && "
                           "nginx -p '%s' -c '%s/nginx.conf' -e '%s/error.log' 2>&1",
                           d, d, d, d, d, d, d, d);
  int rc = system(cmd);
  free(cmd);
  cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
            "nginx did not start (it is installed by sh scripts/deps.sh --tests)");
  char *pidfile = tu_path(http_dir, "nginx.pid");
  char *pid = NULL;
  for (int i = 0; i < 100 && !(pid = tu_slurp(pidfile)); i++)
    nap();
  cr_assert_not_null(pid, "nginx wrote no pid file");
  nginx_pid = (pid_t)atoi(pid);
  free(pid);
  free(pidfile);
}

static void stop_nginx(void)
{
  if (nginx_pid > 0) {
    kill(nginx_pid, SIGQUIT);
    for (int i = 0; i < 100 && kill(nginx_pid, 0) == 0; i++)
      nap();
  }
  teardown();
  if (http_dir) {
    tu_rmtree(http_dir);
    free(http_dir);
  }
}

static void http_setup(void)
{
  setup();
  start_nginx();
}

TestSuite(cache_http, .init = http_setup, .fini = stop_nginx, .timeout = TU_TIMEOUT(120));

static char *http_url(const char *path)
{
  return sp_xasprintf("http://127.0.0.1:%d%s", http_port, path);
}

/* The same contract as a folder's, through the HTTP backend's row; a file
 * found bad is replaced by this process's next PUT (there is no DELETE). */
Test(cache_http, the_server_keeps_the_first_entry_and_checks_what_it_serves)
{
  char *dir = tu_tmpdir(), *url = http_url("/contract/");
  char why[512];
  sp_cache *c = sp_cache_open(url, NULL, why, sizeof why);
  cr_assert_not_null(c, "%s", why);
  cr_expect_str_eq(sp_cache_backend_name(c), "http");
  store_contract(c, dir);
  char *stored = sp_xasprintf("%s/store/contract/cas/", http_dir);
  sp_digest d;
  sp_digest_bytes("abc", 3, &d);
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&d, hex);
  char *path = sp_xasprintf("%s%s", stored, hex);
  char *before = tu_slurp_must(path);
  cr_expect_str_eq(before, "abc");
  free(before);
  char *file = tu_write_text(dir, "blob", "abc");
  cr_expect_eq(sp_cache_put_file(c, &d, file, why, sizeof why), SP_CACHE_HIT, "%s", why);
  sp_cache_close(c);
  free(file);
  free(path);
  free(stored);
  free(url);
  tu_rmtree(dir);
  free(dir);
}

/* A file to send that is a named pipe no one writes is refused at once by
 * the shared opener, where the HTTP backend's own fopen waited for a
 * writer forever. */
Test(cache_http, a_file_to_send_that_is_a_fifo_is_refused_at_once)
{
  char *dir = tu_tmpdir(), *url = http_url("/fifo/"), *fifo = tu_path(dir, "print.wav");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  char why[512];
  sp_cache *c = sp_cache_open(url, NULL, why, sizeof why);
  cr_assert_not_null(c, "%s", why);
  sp_digest d;
  sp_digest_bytes("abc", 3, &d);
  cr_expect_eq(sp_cache_put_file(c, &d, fifo, why, sizeof why), SP_CACHE_FAIL);
  cr_expect(strstr(why, "print.wav") && strstr(why, "not a regular file"), "%s", why);
  sp_cache_close(c);
  free(fifo);
  free(url);
  tu_rmtree(dir);
  free(dir);
}

/* The same in a cache folder: a file to store that is a named pipe no one
 * writes is refused at once by the shared opener, where the folder
 * backend's own open waited for a writer forever. */
Test(cache, a_file_to_store_that_is_a_fifo_is_refused_at_once, .timeout = 20)
{
  char *dir = tu_tmpdir(), *where = tu_path(dir, "cache"), *fifo = tu_path(dir, "print.wav");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  char why[512];
  sp_cache *c = sp_cache_open(where, NULL, why, sizeof why);
  cr_assert_not_null(c, "%s", why);
  sp_digest d;
  sp_digest_bytes("abc", 3, &d);
  cr_expect_eq(sp_cache_put_file(c, &d, fifo, why, sizeof why), SP_CACHE_FAIL);
  char *want = sp_xasprintf("cannot read %s: it is not a regular file (a FIFO, a device or a "
                            "socket); stemprint reads regular files into a cache only",
                            fifo);
  cr_expect_str_eq(why, want);
  free(want);
  sp_cache_close(c);
  free(fifo);
  free(where);
  tu_rmtree(dir);
  free(dir);
}

Test(cache_http, a_shared_http_cache_stores_serves_and_never_serves_a_damaged_file)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *url = http_url("/renders");
  char *fresh = tu_path(dir, "fresh"), *o1 = tu_path(dir, "o1"), *o2 = tu_path(dir, "o2"),
       *o3 = tu_path(dir, "o3");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, NULL, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  cr_assert_eq(render(path, o1, url, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  cr_expect_null(strstr(err, "warning"), "stored without a warning: %s", err);
  free(out);
  free(err);
  char *store = sp_xasprintf("%s/store/renders", http_dir);
  char *ac = tu_path(store, "ac"), *cas = tu_path(store, "cas");
  cr_expect_eq(count_files(ac), 1, "the entry is on the server");
  cr_expect_eq(count_files(cas), N_PRINTS, "and every file");
  cr_assert_eq(render(path, o2, url, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s %s", out, err);
  free(out);
  free(err);
  expect_same_prints(fresh, o1);
  expect_same_prints(fresh, o2);

  /* A file damaged on the server: never served, rendered, put back. */
  char *blob = only_file(store, "cas", 1);
  int fd = open(blob, O_WRONLY);
  cr_assert(fd >= 0);
  cr_assert_eq(pwrite(fd, "\x33", 1, 1000), 1);
  close(fd);
  cr_assert_eq(render(path, o3, url, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "rendering instead"), "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  expect_same_prints(fresh, o3);
  char *o4 = tu_path(dir, "o4");
  cr_assert_eq(render(path, o4, url, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "put back: %s %s", out, err);
  free(out);
  free(err);
  expect_same_prints(fresh, o4);
  free(o4);
  free(blob);
  free(ac);
  free(cas);
  free(store);
  free(url);
  free(fresh);
  free(o1);
  free(o2);
  free(o3);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

Test(cache_http, a_full_or_unreachable_server_is_a_warning_and_a_render)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *small = http_url("/small"), *o1 = tu_path(dir, "o1"), *o2 = tu_path(dir, "o2");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, o1, small, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "not stored in the cache") && strstr(err, "HTTP 413"), "%s", err);
  cr_expect_eq(tu_count_prints(o1), N_PRINTS);
  free(out);
  free(err);
  char *gone = sp_xasprintf("http://127.0.0.1:%d/renders", http_port);
  kill(nginx_pid, SIGQUIT);
  for (int i = 0; i < 100 && kill(nginx_pid, 0) == 0; i++)
    nap();
  nginx_pid = 0;
  cr_assert_eq(render(path, o2, gone, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "warning") && strstr(err, "rendering instead"), "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  cr_expect_eq(tu_count_prints(o2), N_PRINTS);
  free(out);
  free(err);
  free(gone);
  free(small);
  free(o1);
  free(o2);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

Test(cache_http, two_machines_missing_one_key_at_once_both_succeed)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *url = http_url("/renders");
  char *script = sp_xasprintf("'%s' render '%s' -q -o '%s/x' --cache '%s' & a=$!; "
                              "'%s' render '%s' -q -o '%s/y' --cache '%s' & b=$!; "
                              "wait $a; ra=$?; wait $b; rb=$?; exit $((ra * 16 + rb))",
                              SP_STEMPRINT_BIN, path, dir, url, SP_STEMPRINT_BIN, path, dir, url);
  int rc = system(script);
  cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "exit %d", WEXITSTATUS(rc));
  char *x = tu_path(dir, "x"), *y = tu_path(dir, "y"), *z = tu_path(dir, "z");
  expect_same_prints(x, y);
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, z, url, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s %s", out, err);
  free(out);
  free(err);
  expect_same_prints(x, z);
  free(x);
  free(y);
  free(z);
  free(script);
  free(url);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The threads a render at -j j starts (clone with CLONE_THREAD), or -1
 * when strace cannot run here. */
static int threads_started(const char *recipe, const char *out, const char *cache, const char *j)
{
  return tu_strace_count((const char *[]){"render", "-q", recipe, "-o", out, "--cache", cache,
                                          "-j", j, NULL},
                         "clone,clone3", "CLONE_THREAD");
}

/* -j 1 is one thread (render's worker) for a miss and a hit alike: the
 * inputs' digests and the files fetched from the cache are hashed on the
 * threads -j gives, not on one a CPU as --help did not say (3 and 2
 * threads on a 2-core machine before). */
Test(cache, the_hashing_uses_the_threads_j_gives)
{
  if (system("strace -V >/dev/null 2>&1") != 0) {
    cr_skip_test("strace is not installed here (scripts/deps.sh --tests installs it)");
    return;
  }
  char *dir = tu_tmpdir(), *path = song(dir);
  char *out = tu_path(dir, "out"), *cache = tu_path(dir, "cache");
  cr_expect_eq(threads_started(path, out, cache, "1"), 1, "a miss at -j 1");
  cr_expect_eq(threads_started(path, out, cache, "1"), 1, "a hit at -j 1");
  free(out);
  free(cache);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* Replace path by a FIFO, keeping what was there as path.kept. */
static void fifo_over(const char *path)
{
  char *kept = sp_xasprintf("%s.kept", path);
  cr_assert_eq(rename(path, kept), 0);
  cr_assert_eq(mkfifo(path, 0644), 0);
  free(kept);
}

/* Put back what fifo_over kept (whatever a render left at path goes). */
static void put_back(const char *path)
{
  char *kept = sp_xasprintf("%s.kept", path);
  unlink(path);
  cr_assert_eq(rename(kept, path), 0);
  free(kept);
}

/* The cache and the digest index are inputs like sources: regular files
 * of a bounded size only. A manifest or a stored file that is a FIFO, an
 * index that is /dev/zero or a FIFO or too large, are warnings and a
 * render, never a wait (each once hung a render until it was killed). */
Test(cache, what_is_not_a_regular_file_in_the_cache_or_the_index_is_never_waited_on)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *fresh = tu_path(dir, "fresh"), *o = tu_path(dir, "o");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, cache, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);

  char *entry = only_file(cache, "ac", 0);
  fifo_over(entry);
  cr_expect_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  /* the shared opener's words, as for a stored file below */
  char *want = sp_xasprintf("cannot read %s: it is not a regular file (a FIFO, a device or a "
                            "socket); stemprint reads regular files in a cache only; rendering "
                            "instead",
                            entry);
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  free(out);
  free(err);
  expect_same_prints(fresh, o);
  put_back(entry);

  for (int which = 0; which < N_PRINTS; which++) {
    char *blob = only_file(cache, "cas", which);
    if (strstr(blob, ".kept"))
      continue;
    fifo_over(blob);
    char *ok = sp_xasprintf("%s%d", o, which); /* a folder of its own: every file fetched */
    cr_expect_eq(render(path, ok, cache, NULL, &out, &err), 0, "%s", err);
    want = sp_xasprintf("cannot read %s: it is not a regular file (a FIFO, a device or a socket); "
                        "stemprint reads regular files in a cache only; rendering instead",
                        blob);
    cr_expect(strstr(err, want), "%s", err);
    free(want);
    free(out);
    free(err);
    expect_same_prints(fresh, ok);
    free(ok);
    put_back(blob);
    free(blob);
  }

  /* a manifest past its limit, said without reading it */
  char *kept = sp_xasprintf("%s.kept", entry);
  cr_assert_eq(rename(entry, kept), 0);
  int fd = open(entry, O_WRONLY | O_CREAT, 0644);
  cr_assert(fd >= 0 && ftruncate(fd, (off_t)65 << 20) == 0);
  close(fd);
  cr_expect_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
  want = sp_xasprintf("%s is larger than 64 MB", entry);
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  free(out);
  free(err);
  put_back(entry);
  free(kept);

  /* the digest index: a device, a FIFO, a file too large */
  char *fifo = tu_path(dir, "fifo"), *large = tu_path(dir, "large");
  cr_assert_eq(mkfifo(fifo, 0644), 0);
  fd = open(large, O_WRONLY | O_CREAT, 0644);
  cr_assert(fd >= 0 && ftruncate(fd, (off_t)SP_DIGEST_INDEX_MAX_BYTES + 1) == 0);
  close(fd);
  const char *const indexes[] = {"/dev/zero", fifo, large};
  const char *const reasons[] = {
      "it is not a regular file (a FIFO, a device or a socket); stemprint reads regular files "
      "as digest indexes only",
      "it is not a regular file (a FIFO, a device or a socket); stemprint reads regular files "
      "as digest indexes only",
      "it is larger than 256 MB; remove it to start a new one"};
  char *was = sp_xstrdup(getenv("STEMPRINT_DIGEST_INDEX"));
  for (int i = 0; i < 3; i++) {
    setenv("STEMPRINT_DIGEST_INDEX", indexes[i], 1);
    cr_expect_eq(render(path, o, cache, NULL, &out, &err), 0, "%s", err);
    want = sp_xasprintf("stemprint: warning: the digest index %s cannot be read (%s); sources are "
                        "read to compute their digests instead\n",
                        indexes[i], reasons[i]);
    cr_expect(strstr(err, want), "%s", err);
    cr_expect(strstr(out, "served from the cache"), "%s", out);
    free(want);
    free(out);
    free(err);
  }
  setenv("STEMPRINT_DIGEST_INDEX", was, 1);
  free(was);
  free(fifo);
  free(large);
  free(entry);
  free(cache);
  free(fresh);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A cache on one file system and the output folder on another (the
 * shared mount docs/cache.md describes): the render is stored and served,
 * copied through a buffer where the kernel cannot copy across file
 * systems (every render warned "not stored in the cache: ... Invalid
 * cross-device link"). */
Test(cache, a_cache_on_another_file_system_stores_and_serves)
{
  char *dir = tu_tmpdir();
  struct stat a, b;
  if (stat("/dev/shm", &b) != 0 || access("/dev/shm", W_OK) != 0 || stat(dir, &a) != 0 ||
      a.st_dev == b.st_dev) {
    tu_rmtree(dir);
    free(dir);
    cr_skip_test("no second file system here (/dev/shm missing or on the temporary folder's)");
  }
  char *path = song(dir);
  char *cache = tu_path(dir, "cache"), *fresh = tu_path(dir, "fresh");
  char tmpl[] = "/dev/shm/stemprint-test-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  char *o1 = tu_path(tmpl, "o1"), *o2 = tu_path(tmpl, "o2");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, fresh, NULL, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  cr_assert_eq(render(path, o1, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(!strstr(err, "warning"), "%s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  cr_expect_eq(count_files(cache) > 0 ? tu_count_entries(cache) : 0, 2);
  char *cas = tu_path(cache, "cas");
  cr_expect_eq(tu_count_entries(cas), N_PRINTS, "every print stored");
  free(cas);
  cr_assert_eq(render(path, o2, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(!strstr(err, "warning"), "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  free(out);
  free(err);
  expect_same_prints(fresh, o1);
  expect_same_prints(fresh, o2);
  tu_rmtree(tmpl);
  free(o1);
  free(o2);
  free(cache);
  free(fresh);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* ---- servers that answer badly, and caches that are not ---------------- */

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A socket listening on 127.0.0.1 (its port in *port) that no one
 * accepts from: the kernel takes every connection, nothing ever answers. */
static int silent_server(int *port)
{
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  cr_assert(s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 64) == 0);
  socklen_t n = sizeof a;
  cr_assert_eq(getsockname(s, (struct sockaddr *)&a, &n), 0);
  *port = ntohs(a.sin_port);
  return s;
}

static int count_of(const char *text, const char *what)
{
  int n = 0;
  for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

/* Three songs in one run with a server that accepts and never answers:
 * each request waited 20 s (41 s a song: the manifest's GET, then the
 * HEAD before storing), and each said so. Now the first request gives up
 * after 5 s, the server is not asked again, and it is said once. */
Test(cache, a_server_that_never_answers_costs_one_timeout_and_one_warning_a_run)
{
  char *dir = tu_tmpdir();
  char *path = song(dir);
  char *a = tu_path(dir, "a.yaml"), *b = tu_path(dir, "b.yaml"), *o = tu_path(dir, "o/{recipe}");
  char *text = tu_slurp_must(path);
  free(tu_write_text(dir, "a.yaml", text));
  free(tu_write_text(dir, "b.yaml", text));
  int port;
  const int s = silent_server(&port);
  char *url = sp_xasprintf("http://127.0.0.1:%d/renders", port);
  char *out = NULL, *err = NULL;
  const double t0 = now_s();
  const int rc = tu_run(
      (const char *[]){"render", path, a, b, "-o", o, "-j", "2", "--cache", url, NULL}, &out, &err);
  const double took = now_s() - t0;
  cr_expect_eq(rc, 0, "%s", err);
  cr_expect_lt(took, 9.0, "took %.1f s: one answer waited for, 5 s", took);
  cr_expect_eq(count_of(err, "warning"), 1, "said once: %s", err);
  cr_expect(strstr(err, "no answer within 5 s") && strstr(err, "not asked again in this run"), "%s",
            err);
  cr_expect_eq(count_of(out, "rendered in"), 3, "%s", out);
  free(out);
  free(err);
  close(s);
  free(url);
  free(text);
  free(a);
  free(b);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A request's head read from connection c into req (to its blank line,
 * or as much as fits), NUL-ended: its length. */
static size_t read_head(int c, char *req, size_t size)
{
  size_t n = 0;
  ssize_t got;
  req[0] = '\0';
  while (n < size - 1 && (got = read(c, req + n, size - 1 - n)) > 0) {
    n += (size_t)got;
    req[n] = '\0';
    if (strstr(req, "\r\n\r\n"))
      break;
  }
  return n;
}

/* A server (a child process) that answers a GET with a 200 announcing
 * 100 MB and then says nothing more, a HEAD with 404 and a PUT with 201. */
static pid_t huge_manifest_server(int *port)
{
  const int s = silent_server(port);
  const pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid > 0) {
    close(s);
    return pid;
  }
  int n_held = 0; /* connections kept open, silent */
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0)
      continue;
    char req[8192];
    const size_t n = read_head(c, req, sizeof req);
    const char *end = strstr(req, "\r\n\r\n");
    if (strncmp(req, "GET ", 4) == 0) {
      static const char hdr[] = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n";
      if (write(c, hdr, sizeof hdr - 1) < 0 || n_held == 64)
        close(c);
      else
        n_held++; /* never a byte more */
      continue;
    }
    if (strncmp(req, "PUT ", 4) == 0 && end) {
      if (strstr(req, "Expect: 100-continue") && write(c, "HTTP/1.1 100 Continue\r\n\r\n", 25))
        (void)0;
      const char *cl = strstr(req, "Content-Length:");
      long long left = cl ? atoll(cl + 15) : 0;
      left -= (long long)(n - (size_t)(end + 4 - req));
      ssize_t got;
      while (left > 0 && (got = read(c, req, sizeof req)) > 0)
        left -= got;
    }
    const char *reply = strncmp(req, "HEAD ", 5) == 0
                            ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                            : "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    if (write(c, reply, strlen(reply)) < 0)
      (void)0;
    close(c);
  }
}

/* A manifest announced over the 64 MB no manifest exceeds was waited on
 * for 20 s (the stall's limit) before the render; now it is refused at
 * its header. */
Test(cache, a_manifest_announced_over_64_mb_is_never_waited_on)
{
  char *dir = tu_tmpdir();
  char *path = song(dir), *o = tu_path(dir, "o");
  int port;
  const pid_t server = huge_manifest_server(&port);
  char *url = sp_xasprintf("http://127.0.0.1:%d/renders", port);
  char *out = NULL, *err = NULL;
  const double t0 = now_s();
  const int rc = render(path, o, url, NULL, &out, &err);
  const double took = now_s() - t0;
  kill(server, SIGKILL);
  waitpid(server, NULL, 0);
  cr_expect_eq(rc, 0, "%s", err);
  cr_expect_lt(took, 4.0, "took %.1f s", took);
  cr_expect(strstr(err, "announced as 100000000 bytes") && strstr(err, "rendering instead"), "%s",
            err);
  cr_expect_eq(count_of(err, "warning"), 1, "the entry is stored again: %s", err);
  cr_expect(strstr(out, "rendered in"), "%s", out);
  free(out);
  free(err);
  free(url);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A cache at a URL of a scheme stemprint does not speak was taken as a
 * relative folder (./s3:/bucket/x), silently, exit 0; now it is an
 * error naming it and what is spoken, before anything renders. HTTP://
 * is http:// (schemes are case-insensitive). */
Test(cache, a_cache_url_of_another_scheme_is_an_error_never_a_folder)
{
  char *dir = tu_tmpdir();
  char *path = song(dir), *o = tu_path(dir, "o");
  cr_assert_eq(chdir(dir), 0);
  char *out = NULL, *err = NULL;
  setenv("STEMPRINT_CACHE", "s3://bucket/x", 1);
  cr_expect_eq(render(path, o, NULL, NULL, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "$STEMPRINT_CACHE: s3://bucket/x: stemprint does not speak s3://") &&
                strstr(err, "a folder, or an http:// or https:// URL"),
            "%s", err);
  unsetenv("STEMPRINT_CACHE");
  cr_expect_neq(access(o, F_OK), 0, "nothing rendered");
  free(out);
  free(err);
  cr_expect_eq(render(path, o, "gs://user:secret@bucket/x", NULL, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "--cache: gs://***@bucket/x: stemprint does not speak gs://") &&
                !strstr(err, "secret"),
            "%s", err);
  free(out);
  free(err);
  char *s3 = tu_path(dir, "s3:"), *gs = tu_path(dir, "gs:"), *caps = tu_path(dir, "HTTP:");
  /* HTTP:// at a port where nothing listens: the server backend, a warning */
  cr_expect_eq(render(path, o, "HTTP://127.0.0.1:1/x", NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "127.0.0.1 port 1") && strstr(err, "rendering instead"), "%s", err);
  cr_expect_neq(access(s3, F_OK), 0, "no folder s3:");
  cr_expect_neq(access(gs, F_OK), 0, "no folder gs:");
  cr_expect_neq(access(caps, F_OK), 0, "no folder HTTP:");
  char why[512];
  cr_expect_eq(sp_cache_check("ftp://host/x", why, sizeof why), SP_ERR_USAGE);
  cr_expect_eq(sp_cache_check("Https://host/x", why, sizeof why), SP_OK);
  cr_expect_eq(sp_cache_check("./s3://x", why, sizeof why), SP_OK, "a folder spelled so");
  cr_expect_eq(sp_cache_check("cache", why, sizeof why), SP_OK);
  free(out);
  free(err);
  free(s3);
  free(gs);
  free(caps);
  free(o);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A folder where the cache keeps a file (cas/<sha256>) or an entry
 * (ac/<key>): the render warned, rendered, and "stored" nothing, silently,
 * every time. Now an empty folder is replaced by a good file, and one
 * that holds files, which the cache will not empty, is said. */
Test(cache, a_folder_in_place_of_a_cached_file_is_replaced_or_said)
{
  char *dir = tu_tmpdir();
  char *path = song(dir), *cache = tu_path(dir, "cache");
  char *o0 = tu_path(dir, "o0"), *o1 = tu_path(dir, "o1"), *o2 = tu_path(dir, "o2"),
       *o3 = tu_path(dir, "o3"), *o4 = tu_path(dir, "o4");
  char *out = NULL, *err = NULL;
  cr_assert_eq(render(path, o0, cache, NULL, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  setenv("STEMPRINT_DIGEST_INDEX", "", 1); /* every file read as it is */
  char *blob = only_file(cache, "cas", 1), *entry = only_file(cache, "ac", 0);
  cr_assert_eq(unlink(blob), 0);
  cr_assert_eq(mkdir(blob, 0755), 0);
  cr_assert_eq(unlink(entry), 0);
  cr_assert_eq(mkdir(entry, 0755), 0);
  cr_assert_eq(render(path, o1, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "rendering instead") && !strstr(err, "not stored"), "%s", err);
  free(out);
  free(err);
  struct stat st;
  cr_expect(stat(blob, &st) == 0 && S_ISREG(st.st_mode), "a good file in its place");
  cr_expect(stat(entry, &st) == 0 && S_ISREG(st.st_mode), "a good entry in its place");
  cr_assert_eq(render(path, o2, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "served from the cache"), "%s %s", out, err);
  free(out);
  free(err);
  /* a folder that holds a file: not the cache's to empty; said */
  cr_assert_eq(unlink(blob), 0);
  cr_assert_eq(mkdir(blob, 0755), 0);
  free(tu_write_text(blob, "keep", "mine\n"));
  cr_assert_eq(render(path, o3, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "rendering instead"), "%s", err);
  char *want =
      sp_xasprintf("the render was not stored in the cache: %s is a folder, not a file", blob);
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  free(out);
  free(err);
  cr_assert_eq(render(path, o4, cache, NULL, &out, &err), 0, "%s", err);
  cr_expect(strstr(err, "not stored in the cache"), "said every time: %s", err);
  free(out);
  free(err);
  free(blob);
  free(entry);
  free(o0);
  free(o1);
  free(o2);
  free(o3);
  free(o4);
  free(cache);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A server (a child process) that takes one connection at a time and
 * writes a byte to tell for each request it reads. trickle > 0: it
 * answers a GET with a 200 of 1 MB sent at trickle bytes a second (for
 * 30 s at most, then it closes); its other requests, and every request
 * when trickle is 0, get status with no body. */
static pid_t fake_server(int *port, int tell, int status, int trickle)
{
  const int s = silent_server(port);
  const pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid > 0) {
    close(s);
    return pid;
  }
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0)
      continue;
    char req[8192];
    read_head(c, req, sizeof req);
    if (write(tell, "r", 1) < 0)
      (void)0;
    if (trickle > 0 && strncmp(req, "GET ", 4) == 0) {
      static const char hdr[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n";
      static char piece[1000000];
      memset(piece, '{', sizeof piece);
      bool open = write(c, hdr, sizeof hdr - 1) > 0;
      /* a tenth of a second's bytes each tenth of a second */
      for (int tick = 0; open && tick < 300; tick++) {
        open = write(c, piece, (size_t)trickle / 10) > 0;
        nanosleep(&(struct timespec){0, 100000000}, NULL);
      }
    } else {
      char *reply = sp_xasprintf("HTTP/1.1 %d Whatever\r\nContent-Length: 0\r\n\r\n", status);
      if (write(c, reply, strlen(reply)) < 0)
        (void)0;
      free(reply);
    }
    close(c);
  }
}

/* The requests a fake server told of on the pipe's end r (nothing blocks:
 * the server is gone). */
static int requests_told(int r)
{
  int n = 0;
  char b[64];
  ssize_t got;
  while ((got = read(r, b, sizeof b)) > 0)
    n += (int)got;
  return n;
}

/* stemprint render of three songs, one run, with the cache at port, one
 * at a time (-j 1: each song's requests after the one before's): its exit
 * status, seconds, stdout and stderr. */
static int three_songs(const char *dir, int port, double *took, char **out, char **err)
{
  char *path = song(dir);
  char *a = tu_path(dir, "a.yaml"), *b = tu_path(dir, "b.yaml"), *o = tu_path(dir, "o/{recipe}");
  char *text = tu_slurp_must(path);
  free(tu_write_text(dir, "a.yaml", text));
  free(tu_write_text(dir, "b.yaml", text));
  char *url = sp_xasprintf("http://127.0.0.1:%d/renders", port);
  const double t0 = now_s();
  const int rc = tu_run(
      (const char *[]){"render", path, a, b, "-o", o, "-j", "1", "--cache", url, NULL}, out, err);
  *took = now_s() - t0;
  free(url);
  free(text);
  free(a);
  free(b);
  free(o);
  free(path);
  return rc;
}

/* A server that answers and then trickles a manifest at 2 KB/s, above
 * the stall's 1 KB/s: the render waited for as long as it trickled (30 s
 * here, then it closed; 8 minutes for the whole MB). Now a request must
 * move 64 KB/s on average once its first seconds are past (1 s here, by
 * the knob the tests have; 5 s by default): the first is given up, the
 * server is not asked again, said once, and every song renders. */
Test(cache, a_server_that_trickles_costs_a_bounded_time_and_one_warning_a_run)
{
  char *dir = tu_tmpdir();
  int tell[2], port;
  cr_assert_eq(pipe(tell), 0);
  const pid_t server = fake_server(&port, tell[1], 404, 2048);
  close(tell[1]);
  setenv("STEMPRINT_CACHE_ANSWER_SECONDS", "1", 1);
  char *out = NULL, *err = NULL;
  double took;
  const int rc = three_songs(dir, port, &took, &out, &err);
  unsetenv("STEMPRINT_CACHE_ANSWER_SECONDS");
  kill(server, SIGKILL);
  waitpid(server, NULL, 0);
  cr_expect_eq(rc, 0, "%s", err);
  cr_expect_lt(took, 10.0, "took %.1f s: 1 s and three small renders", took);
  const int asked = requests_told(tell[0]);
  cr_expect_eq(asked, 1, "asked %d times", asked);
  cr_expect_eq(count_of(err, "warning"), 1, "said once: %s", err);
  char *want = sp_xasprintf("http://127.0.0.1:%d/renders/ac/", port);
  cr_expect(strstr(err, want) && strstr(err, "less than the 64 KB/s") &&
                strstr(err, "not asked again in this run"),
            "%s", err);
  free(want);
  cr_expect_eq(count_of(out, "rendered in"), 3, "%s", out);
  close(tell[0]);
  free(out);
  free(err);
  tu_rmtree(dir);
  free(dir);
}

/* A server that answers 500, 502 or 503 was asked again at every lookup
 * and every store of a run (three songs: six requests, six warnings). Now
 * the first server error is its last request in the run, said once; a
 * 404 is a miss as before (every other test's). */
Test(cache, a_server_that_answers_5xx_is_asked_once_a_run)
{
  const int statuses[] = {500, 502, 503};
  for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++) {
    char *dir = tu_tmpdir();
    int tell[2], port;
    cr_assert_eq(pipe(tell), 0);
    const pid_t server = fake_server(&port, tell[1], statuses[i], 0);
    close(tell[1]);
    char *out = NULL, *err = NULL;
    double took;
    const int rc = three_songs(dir, port, &took, &out, &err);
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
    cr_expect_eq(rc, 0, "%s", err);
    const int asked = requests_told(tell[0]);
    cr_expect_eq(asked, 1, "HTTP %d: asked %d times", statuses[i], asked);
    cr_expect_eq(count_of(err, "warning"), 1, "said once: %s", err);
    char *want = sp_xasprintf("answered HTTP %d to a GET", statuses[i]);
    cr_expect(strstr(err, want) && strstr(err, "not asked again in this run"), "%s", err);
    free(want);
    cr_expect_eq(count_of(out, "rendered in"), 3, "%s", out);
    close(tell[0]);
    free(out);
    free(err);
    tu_rmtree(dir);
    free(dir);
  }
}
