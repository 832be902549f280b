/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render as a job (core/job/job.h), its digests (io/cache/digests.h) and plan
 * --json: SHA-256 known answers, the canonical recipe (a reformatted
 * recipe keeps its key; a source's byte, a parameter, the tool, the block
 * size or what is printed changes it; every key of every table of the
 * recipe's keys, core/recipe/keys.h, and every parameter of every
 * processor changes the canonical recipe), the digest index (an unchanged
 * file is not read again, a touched one is and keeps its digest, a
 * changed one gets a new one, damaged lines are ignored), and the
 * command's output. */

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/graph/graph.h"
#include "core/job/job.h"
#include "core/procs/proc.h"
#include "core/recipe/keys.h"
#include "core/recipe/walk.h"
#include "core/recipe/writer.h"
#include "io/audio/adm.h"
#include "io/cache/digests.h"
#include "io/recipe/parse.h"
#include "io/midi/smf.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TestSuite(job, .timeout = TU_TIMEOUT(60));

static void hex_of(const sp_digest *d, char hex[SP_DIGEST_HEX]) { sp_digest_hex(d, hex); }

Test(job, sha256_known_answers)
{
  char hex[SP_DIGEST_HEX];
  sp_digest d;
  sp_digest_bytes("abc", 3, &d);
  hex_of(&d, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sp_digest_bytes("", 0, &d);
  hex_of(&d, hex);
  cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  /* piece by piece = at once */
  sp_hasher *h = sp_hasher_new();
  sp_hasher_add(h, "a", 1);
  sp_hasher_add(h, "bc", 2);
  sp_digest e;
  sp_hasher_end(h, &e);
  sp_digest_bytes("abc", 3, &d);
  cr_expect(memcmp(d.b, e.b, sizeof d.b) == 0);
  sp_digest back;
  cr_expect(sp_digest_from_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                               &back));
  cr_expect(memcmp(back.b, d.b, sizeof d.b) == 0);
  cr_expect(!sp_digest_from_hex("ba78", &back));
  cr_expect(!sp_digest_from_hex("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                                &back));
}

/* Two short mono sources in dir. */
static void sources(const char *dir)
{
  enum { N = 4800 };
  static float a[N], b[N];
  for (int i = 0; i < N; i++) {
    a[i] = (float)(0.3 * sin(2 * M_PI * 220 * i / 48000.0));
    b[i] = (float)(0.2 * sin(2 * M_PI * 330 * i / 48000.0));
  }
  char *sub = tu_path(dir, "audio");
  mkdir(sub, 0755);
  free(tu_write_wav(sub, "a.wav", 1, 48000, 24, a, N));
  free(tu_write_wav(sub, "b.wav", 1, 48000, 24, b, N));
  free(sub);
}

/* $SP_CANON_LOG names a file each canonical recipe built here is
 * appended to, a line each: two builds' logs compared show whether a
 * change to the key tables or the job's writer kept the canonical text. */
static void canon_log(const char *text)
{
  const char *path = getenv("SP_CANON_LOG");
  FILE *f = path && *path ? fopen(path, "a") : NULL;
  if (f) {
    fprintf(f, "%s\n", text);
    fclose(f);
  }
}

/* The key of the recipe text (as dir/name), built with opts; "" when it
 * did not build. */
static void key_of(const char *dir, const char *name, const char *text, const sp_job_opts *o,
                   char hex[SP_DIGEST_HEX], sp_job *keep)
{
  char *path = tu_write_text(dir, name, text);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  hex[0] = '\0';
  if (sp_recipe_parse_file(path, &r, &d) == SP_OK &&
      sp_graph_build(r, sp_audio_media(), NULL, &g, &d) == SP_OK) {
    sp_job job;
    const sp_job_opts files = {.digest = sp_digest_index_file};
    if (sp_job_build(g, o ? o : &files, &job, &d) == SP_OK) {
      hex_of(&job.key, hex);
      canon_log(job.recipe_text);
    }
    if (keep)
      *keep = job;
    else
      sp_job_fini(&job);
  }
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(path);
}

static const char base_recipe[] =
    "stemprint: 1\n"
    "tracks:\n"
    "  a: {file: audio/a.wav, gain: -3 dB, to: bus}\n"
    "  b: {file: audio/b.wav, pan: 0.5, to: bus}\n"
    "buses:\n"
    "  bus: {inserts: [{compressor: {threshold: -20 dB, ratio: 3, attack: 5 ms}}]}\n"
    "stems: {sa: [a], sb: [b]}\n"
    "output: {depth: 24}\n";

Test(job, a_reformatted_recipe_keeps_its_key_and_any_change_that_decides_the_bytes_changes_it)
{
  char *dir = tu_tmpdir();
  sources(dir);
  char k0[SP_DIGEST_HEX], k[SP_DIGEST_HEX];
  key_of(dir, "song.yaml", base_recipe, NULL, k0, NULL);
  cr_assert(k0[0], "the recipe builds");

  /* Comments, key order, unit spellings, flow vs block style, a path
   * written another way, another file name: the same job. */
  char *abs = tu_path(dir, "audio/b.wav");
  char *same = sp_xasprintf(
      "# the same song, written another way\n"
      "stemprint: 1\n"
      "output:\n  depth: 24\n"
      "stems:\n  sa: [a]\n  sb: [b]\n"
      "buses:\n"
      "  bus:\n"
      "    inserts:\n"
      "      - compressor: {attack: 0.005 s, ratio: 3.0, threshold: -20.0dB}  # same values\n"
      "tracks:\n"
      "  a: {to: bus, gain: -3.0 dB, file: ./audio/../audio/a.wav}\n"
      "  b:\n    file: %s\n    to: bus\n    pan: 0.50\n",
      abs);
  key_of(dir, "other.yaml", same, NULL, k, NULL);
  cr_expect_str_eq(k, k0, "a reformatted recipe keeps its key");
  free(same);

  /* The recipe and its sources moved to another folder: the same key. */
  char *dir2 = tu_tmpdir();
  sources(dir2);
  key_of(dir2, "song.yaml", base_recipe, NULL, k, NULL);
  cr_expect_str_eq(k, k0, "moved with its sources, the same key");

  /* A parameter changes it. */
  char *changed = sp_xasprintf("%s", base_recipe);
  char *at = strstr(changed, "ratio: 3");
  at[7] = '4';
  key_of(dir, "song.yaml", changed, NULL, k, NULL);
  cr_expect_str_neq(k, k0, "a parameter changes the key");
  free(changed);

  /* A fade's shape decides the bytes: each way of drawing the same
   * 0.1 s fade-in has its own key. */
  const char *fades[] = {"0.1", "{length: 0.1, shape: power}", "{length: 0.1, shape: slow}",
                         "{curve: [[0, 0], [0.1, 1]]}", "{curve: [[0, 0], [0.05, 0.6], [0.1, 1]]}"};
  char keys[5][SP_DIGEST_HEX];
  for (int i = 0; i < 5; i++) {
    changed =
        sp_xasprintf("%.*sfade_in: %s, %s", (int)(strstr(base_recipe, "gain: -3") - base_recipe),
                     base_recipe, fades[i], strstr(base_recipe, "gain: -3"));
    key_of(dir, "song.yaml", changed, NULL, keys[i], NULL);
    cr_assert(keys[i][0], "%s builds", fades[i]);
    cr_expect_str_neq(keys[i], k0, "a fade changes the key");
    for (int j = 0; j < i; j++)
      cr_expect_str_neq(keys[i], keys[j], "fade_in: %s and %s share a key", fades[i], fades[j]);
    free(changed);
  }

  /* So does what is printed (a stem renamed), and the track order. */
  changed = sp_xasprintf("%s", base_recipe);
  strstr(changed, "sb: [b]")[1] = 'c';
  key_of(dir, "song.yaml", changed, NULL, k, NULL);
  cr_expect_str_neq(k, k0, "a renamed stem changes the key");
  free(changed);

  /* The block size, and the tool. */
  sp_job_opts o = {.block_frames = 1024, .digest = sp_digest_index_file};
  key_of(dir, "song.yaml", base_recipe, &o, k, NULL);
  cr_expect_str_neq(k, k0, "the block size is in the key");
  sp_tool_id tool;
  sp_job_tool(sp_audio_media(), &tool);
  tool.version = "99.0.0";
  o = (sp_job_opts){.tool = &tool, .digest = sp_digest_index_file};
  key_of(dir, "song.yaml", base_recipe, &o, k, NULL);
  cr_expect_str_neq(k, k0, "another version of the tool, another key");
  sp_job_tool(sp_audio_media(), &tool);
  tool.sources = "0000000000000000000000000000000000000000000000000000000000000000";
  key_of(dir, "song.yaml", base_recipe, &o, k, NULL);
  cr_expect_str_neq(k, k0, "the same version built from other sources, another key");

  /* One byte of a source: another key, in the moved copy only. */
  char *b2 = tu_path(dir2, "audio/b.wav");
  int fd = open(b2, O_WRONLY);
  cr_assert(fd >= 0);
  cr_assert_eq(pwrite(fd, "\x01", 1, 100), 1);
  close(fd);
  key_of(dir2, "song.yaml", base_recipe, NULL, k, NULL);
  cr_expect_str_neq(k, k0, "a source's byte changes the key");
  key_of(dir, "song.yaml", base_recipe, NULL, k, NULL);
  cr_expect_str_eq(k, k0);
  free(b2);
  free(abs);
  tu_rmtree(dir2);
  free(dir2);
  tu_rmtree(dir);
  free(dir);
}

Test(job, the_job_names_its_inputs_outputs_and_a_missing_source_where_it_is_written)
{
  char *dir = tu_tmpdir();
  sources(dir);
  char k[SP_DIGEST_HEX];
  sp_job job;
  key_of(dir, "song.yaml", base_recipe, NULL, k, &job);
  cr_assert_eq(job.n_inputs, 2);
  cr_expect_str_eq(job.inputs[0].key, "tracks.a.file");
  cr_expect_str_eq(job.inputs[0].role, "source");
  char *a = tu_path(dir, "audio/a.wav");
  char *bytes = tu_slurp_must(a);
  struct stat st;
  cr_assert_eq(stat(a, &st), 0);
  cr_expect_eq(job.inputs[0].file.size, st.st_size);
  sp_digest want;
  sp_digest_bytes(bytes, (size_t)st.st_size, &want);
  cr_expect(memcmp(want.b, job.inputs[0].file.digest.b, sizeof want.b) == 0,
            "an input's digest is its bytes' SHA-256");
  cr_expect_eq(job.bytes_read, 2 * st.st_size, "no index: every input read");
  cr_assert_eq(job.n_outputs, 3);
  cr_expect_str_eq(job.outputs[0].file, "mix.wav");
  cr_expect_str_eq(job.outputs[0].kind, "mix");
  cr_expect_str_eq(job.outputs[2].file, "sb.wav");
  cr_expect_null(job.cpu, "no plugins: the CPU is not in the key");
  cr_expect(strstr(job.text, "\"outputs\":[\"mix.wav\",\"sa.wav\",\"sb.wav\"]"), "%s", job.text);
  sp_job_fini(&job);
  free(bytes);
  free(a);

  /* A source that disappears after the graph was built: the key cannot
   * be made, and the error names the recipe's place. */
  char *path = tu_write_text(dir, "song.yaml", base_recipe);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(r, sp_audio_media(), NULL, &g, &d), SP_OK);
  char *b = tu_path(dir, "audio/b.wav");
  unlink(b);
  cr_expect_eq(sp_job_build(g, &(sp_job_opts){.digest = sp_digest_index_file}, &job, &d),
               SP_ERR_IO);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  sp_diags_print(&d, f);
  fclose(f);
  cr_expect(strstr(text, "song.yaml:4:") && strstr(text, "tracks.b.file") && strstr(text, "b.wav"),
            "%s", text);
  free(text);
  sp_job_fini(&job);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(b);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* Age a file's times by setting its mtime back and waiting out the
 * settling time for its ctime, which cannot be set. */
static void settle(void) { sleep(SP_DIGEST_SETTLED_SECONDS + 1); }

Test(job, the_digest_index_spares_reading_unchanged_files)
{
  char *dir = tu_tmpdir();
  char *file = tu_write_text(dir, "x.bin", "abc");
  char *ixp = tu_path(dir, "cache/digests");
  sp_digest_index *ix = sp_digest_index_open(ixp);
  sp_file_digest fd;
  char why[512];
  char hex[SP_DIGEST_HEX];
  /* A file written just now is read and not yet remembered: its times
   * could still miss a change. */
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK, "%s", why);
  cr_expect(!fd.from_index);
  hex_of(&fd.digest, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cr_expect_eq(fd.size, 3);
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(fd.from_index, "known to this process at once");
  sp_digest_index *second = sp_digest_index_open(ixp);
  cr_assert_eq(sp_digest_file(second, file, &fd, why, sizeof why), SP_OK);
  cr_expect(!fd.from_index, "but not written to the index before its times settle");
  sp_digest_index_close(second);
  settle();
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(fd.from_index, "settled: written now");
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(fd.from_index, "unchanged: from the index");
  sp_digest_index_close(ix);
  cr_expect_null(sp_digest_index_note(NULL));

  /* Another process (a new open) finds it in the file. */
  ix = sp_digest_index_open(ixp);
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(fd.from_index);
  hex_of(&fd.digest, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sp_digest_index_close(ix);

  /* Touched (same bytes): read again, the same digest. Rewritten with
   * other bytes of the same size: a new digest, never the old one. */
  struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  cr_assert_eq(utimensat(AT_FDCWD, file, times, 0), 0);
  ix = sp_digest_index_open(ixp);
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(!fd.from_index, "a touched file is read again");
  hex_of(&fd.digest, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  free(tu_write_text(dir, "x.bin", "abd"));
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  cr_expect(!fd.from_index);
  hex_of(&fd.digest, hex);
  cr_expect_str_neq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sp_digest_index_close(ix);

  /* Damaged lines cost a read, never a wrong digest; not a file: said. */
  char *text = tu_slurp_must(ixp);
  char *bad = sp_xasprintf("%sgarbage line\n1 2 3 4.5 6.7 nothex\n%.40s", text, text + 20);
  free(tu_write_text(dir, "cache/digests", bad));
  ix = sp_digest_index_open(ixp);
  cr_assert_eq(sp_digest_file(ix, file, &fd, why, sizeof why), SP_OK);
  hex_of(&fd.digest, hex);
  cr_expect_str_neq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cr_expect_null(sp_digest_index_note(ix));
  cr_expect_neq(sp_digest_file(ix, dir, &fd, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "it is a folder, not a file"), "%s", why);
  sp_digest_index_close(ix);
  free(bad);
  free(text);

  /* An index that is some other file is not used, and says so. */
  free(tu_write_text(dir, "notindex", "hello\n1 2 3\n"));
  char *other = tu_path(dir, "notindex");
  ix = sp_digest_index_open(other);
  cr_expect(sp_digest_index_note(ix) && strstr(sp_digest_index_note(ix), "notindex"));
  sp_digest_index_close(ix);
  free(other);
  free(ixp);
  free(file);
  tu_rmtree(dir);
  free(dir);
}

/* What a digest cannot read is said in the shared opener's words (io/fs):
 * a folder, a FIFO (at once) or a device, a missing file with its
 * did-you-mean; the digest opened such files its own way and said "is not
 * a regular file" of each, and nothing more of a missing one. */
Test(job, a_digest_says_what_it_cannot_read_in_the_opener_s_words, .timeout = 20)
{
  char *dir = tu_tmpdir();
  char *file = tu_write_text(dir, "take.wav", "abc"), *fifo = tu_path(dir, "fifo.wav"),
       *dev = tu_path(dir, "zero.wav"), *typo = tu_path(dir, "Take.wav");
  cr_assert(mkfifo(fifo, 0644) == 0 && symlink("/dev/zero", dev) == 0);
  const char *paths[] = {dir, fifo, dev, typo};
  char *said[] = {
      sp_xasprintf("cannot read %s: it is a folder, not a file", dir),
      sp_xasprintf("cannot read %s: it is not a regular file (a FIFO, a device or a socket); "
                   "stemprint reads regular files only",
                   fifo),
      sp_xasprintf("cannot read %s: it is not a regular file (a FIFO, a device or a socket); "
                   "stemprint reads regular files only",
                   dev),
      sp_xasprintf("cannot read %s: No such file or directory; did you mean '%s'?", typo, file)};
  for (size_t i = 0; i < 4; i++) {
    sp_file_digest fd;
    char why[1024] = "";
    cr_expect_eq(sp_digest_file(NULL, paths[i], &fd, why, sizeof why), SP_ERR_IO, "%s", paths[i]);
    cr_expect_str_eq(why, said[i]);
    free(said[i]);
  }
  free(file), free(fifo), free(dev), free(typo);
  tu_rmtree(dir);
  free(dir);
}

Test(job, plan_prints_the_jobs_as_json)
{
  char *dir = tu_tmpdir();
  sources(dir);
  char *path = tu_write_text(dir, "song.yaml", base_recipe);
  char *ixp = tu_path(dir, "digests");
  setenv("STEMPRINT_DIGEST_INDEX", ixp, 1);
  const char *args[] = {"plan", "--json", path, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "\"schema\": \"stemprint-plan/1\""), "%s", out);
  cr_expect(strstr(out, "\"recipe_key\": \"tracks.a.file\""), "%s", out);
  cr_expect(strstr(out, "\"file\": \"sb.wav\""), "%s", out);
  char k[SP_DIGEST_HEX];
  key_of(dir, "song.yaml", base_recipe, NULL, k, NULL);
  char *want = sp_xasprintf("\"key\": \"%s\"", k);
  cr_expect(strstr(out, want), "the command's key is the library's: %s", out);
  free(want);
  free(out);
  free(err);
  const char *text_args[] = {"plan", path, NULL};
  cr_assert_eq(tu_run(text_args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, k) && strstr(out, "2 files"), "%s", out);
  free(out);
  free(err);
  /* --set as render takes it: the key of the recipe the set makes (before,
   * plan took no --set, so the key a render with sets is stored under
   * could not be asked for) */
  char *set_text = sp_xstrdup(base_recipe);
  char *depth = strstr(set_text, "depth: 24");
  depth[7] = '1', depth[8] = '6';
  char ks[SP_DIGEST_HEX];
  key_of(dir, "song16.yaml", set_text, NULL, ks, NULL);
  cr_expect_str_neq(ks, k);
  const char *set_args[] = {"plan", path, "--set", "output.depth=16", NULL};
  cr_assert_eq(tu_run(set_args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, ks), "the key of the recipe with depth 16 in:\n%s", out);
  free(out);
  free(err);
  free(set_text);
  /* A recipe that is wrong: exit 2, where and what. */
  char *bad = tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  a: {file: nope.wav}\n");
  const char *bad_args[] = {"plan", "--json", bad, NULL};
  cr_expect_eq(tu_run(bad_args, &out, &err), 3);
  cr_expect(strstr(err, "bad.yaml:3:") && strstr(err, "nope.wav"), "%s", err);
  free(out);
  free(err);
  unsetenv("STEMPRINT_DIGEST_INDEX");
  free(bad);
  free(ixp);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* ---- every key of the recipe changes the canonical recipe ---------------- */

/* The sources the hosts below play, in dir/audio: mono a.wav and b.wav,
 * stereo s.wav, six channels six.wav (0.1 s at 48 kHz); and s.ttl, a
 * state file of the tests' LV2 plugin stash (tests/lv2). */
static sp_err pull_silence(void *ctx, float *const *ch, size_t n, char *why, size_t why_size)
{
  (void)ctx, (void)why, (void)why_size;
  for (int c = 0; c < 3; c++)
    memset(ch[c], 0, n * sizeof(float));
  return SP_OK;
}

static void world(const char *dir)
{
  sources(dir);
  enum { N = 4800 };
  static float s[2 * N], six[6 * N];
  for (int i = 0; i < 2 * N; i++)
    s[i] = (float)(0.25 * sin(2 * M_PI * (i % 2 ? 440 : 550) * (i / 2) / 48000.0));
  for (int i = 0; i < 6 * N; i++)
    six[i] = (float)(0.1 * sin(2 * M_PI * (200 + 50 * (i % 6)) * (i / 6) / 48000.0));
  char *sub = tu_path(dir, "audio");
  free(tu_write_wav(sub, "s.wav", 2, 48000, 24, s, N));
  free(tu_write_wav(sub, "r.wav", 2, 48000, 24, s, N / 2)); /* a hardware insert's return */
  free(tu_write_wav(sub, "six.wav", 6, 48000, 24, six, N));
  { /* an ADM BWF: a stereo bed and a still mono object */
    sp_adm_block block = {.dur = N, .y = 1, .gain = 1, .jump = true};
    sp_adm_object ob = {.name = "o", .track = 2, .channels = 1, .blocks = &block, .n_blocks = 1};
    const sp_adm scene = {.rate = 48000,
                          .frames = N,
                          .beds = {sp_layout_find("stereo")},
                          .n_beds = 1,
                          .objects = &ob,
                          .n_objects = 1,
                          .tracks = 3};
    char *path = sp_xasprintf("%s/scene_adm.wav", sub), why[256];
    cr_assert_eq(tu_adm_write(path, &scene, NULL, pull_silence, NULL, why, sizeof why), SP_OK, "%s",
                 why);
    free(path);
  }
  free(tu_write_sf2(sub, "a.sf2"));
  /* b.sf2: another file (its name in INAM another letter), the same sounds */
  char *b_sf2 = tu_write_sf2(sub, "b.sf2");
  FILE *bf = fopen(b_sf2, "r+b");
  cr_assert_not_null(bf);
  char head[256];
  const size_t got = fread(head, 1, sizeof head, bf);
  const char *inam = NULL;
  for (size_t i = 0; i + 4 <= got && !inam; i++)
    if (memcmp(head + i, "INAM", 4) == 0)
      inam = head + i;
  cr_assert_not_null(inam, "no INAM in the tests' SoundFont's first bytes");
  fseek(bf, (long)(inam - head) + 8, SEEK_SET);
  fputc('X', bf);
  fclose(bf);
  free(b_sf2);
  /* two MIDI files of two tracks, notes on channels 1 and 2 */
  for (int f = 0; f < 2; f++) {
    sp_midi_file *m = sp_midi_file_new(1, 480, 2);
    for (int t = 0; t < 2; t++)
      for (int c = 0; c < 2; c++) {
        const uint8_t on[3] = {(uint8_t)(0x90 | c), (uint8_t)(60 + 7 * t + c + f), 100},
                      off[3] = {(uint8_t)(0x80 | c), on[1], 0};
        sp_midi_add_event(m, 0, (uint16_t)t, on, 3);
        sp_midi_add_event(m, 40, (uint16_t)t, off, 3);
      }
    sp_midi_file_finish(m);
    char *path = sp_xasprintf("%s/%s", sub, f ? "n.mid" : "m.mid"), why[256];
    cr_assert_eq(sp_smf_write(path, m, why, sizeof why), SP_OK, "%s", why);
    free(path);
    sp_midi_file_free(m);
  }
  free(sub);
  free(tu_write_text(dir, "s.ttl",
                     "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n"
                     "@prefix pset: <http://lv2plug.in/ns/ext/presets#> .\n"
                     "<> a pset:Preset ; lv2:appliesTo <urn:stemprint:test:stash> ;\n"
                     "  lv2:port [ lv2:symbol \"trim\" ; pset:value 5.0 ] .\n"));
}

/* The recipe r (of path) as recipe text (core/recipe/walk.h), parsed
 * back as path: the same canonical recipe as canon, r's. */
static void walk_back(const char *path, const sp_recipe *r, const char *canon)
{
  char *yaml = sp_recipe_yaml(r, NULL);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *back = NULL;
  sp_graph *g = NULL;
  char *again = NULL;
  if (sp_recipe_parse_string(path, yaml, &back, &d) == SP_OK &&
      sp_graph_build(back, sp_audio_media(), NULL, &g, &d) == SP_OK) {
    sp_job job;
    const sp_job_opts files = {.digest = sp_digest_index_file};
    if (sp_job_build(g, &files, &job, &d) == SP_OK)
      again = sp_xstrdup(job.recipe_text);
    sp_job_fini(&job);
  }
  if (!again || strcmp(again, canon) != 0)
    sp_diags_print(&d, stderr);
  cr_expect(again && strcmp(again, canon) == 0,
            "the recipe written by sp_recipe_yaml has another canonical recipe:\n%s\n%s\n%s", yaml,
            canon, again ? again : "(did not build)");
  free(again);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(back);
  free(yaml);
}

/* The canonical recipe's digest of the recipe text (as dir/song.yaml),
 * "" when it does not build (said on stderr, with the text). */
static void recipe_of(const char *dir, const char *text, char hex[SP_DIGEST_HEX])
{
  char *path = tu_write_text(dir, "song.yaml", text);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  hex[0] = '\0';
  if (sp_recipe_parse_file(path, &r, &d) == SP_OK &&
      sp_graph_build(r, sp_audio_media(), NULL, &g, &d) == SP_OK) {
    sp_job job;
    const sp_job_opts files = {.digest = sp_digest_index_file};
    if (sp_job_build(g, &files, &job, &d) == SP_OK) {
      hex_of(&job.recipe, hex);
      canon_log(job.recipe_text);
      walk_back(path, r, job.recipe_text);
    }
    sp_job_fini(&job);
  }
  if (!hex[0]) {
    fprintf(stderr, "---\n%s", text);
    sp_diags_print(&d, stderr);
  }
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(path);
}

/* A flow mapping's pairs ("a: 1, b: {c: 2}") split at its top-level
 * commas into pairs[] (heap; at most 16), their count. */
static size_t split_pairs(const char *s, char *pairs[16])
{
  size_t n = 0;
  int depth = 0;
  const char *start = s;
  for (const char *c = s;; c++) {
    if (*c == '[' || *c == '{')
      depth++;
    else if (*c == ']' || *c == '}')
      depth--;
    if ((*c == ',' && depth == 0) || !*c) {
      while (*start == ' ')
        start++;
      if (c > start) {
        cr_assert_lt(n, 16);
        pairs[n++] = sp_xasprintf("%.*s", (int)(c - start), start);
      }
      start = c + 1;
    }
    if (!*c)
      break;
  }
  return n;
}

/* Pair p's key's length ("a: 1": 1). */
static size_t pair_key(const char *p) { return strcspn(p, ":"); }

/* pairs[] with "key: value" in place of any pair of that key, or after
 * them; a value "-" removes the key. */
static size_t set_pair(char *pairs[16], size_t n, const char *pair)
{
  size_t k = pair_key(pair);
  const char *value = pair + k + 1 + strspn(pair + k + 1, " ");
  for (size_t i = 0; i < n; i++)
    if (pair_key(pairs[i]) == k && strncmp(pairs[i], pair, k) == 0) {
      free(pairs[i]);
      if (strcmp(value, "-") == 0) {
        memmove(pairs + i, pairs + i + 1, (n - i - 1) * sizeof *pairs);
        return n - 1;
      }
      pairs[i] = sp_xstrdup(pair);
      return n;
    }
  if (strcmp(value, "-") == 0)
    return n;
  cr_assert_lt(n, 16);
  pairs[n] = sp_xstrdup(pair);
  return n + 1;
}

/* host (a recipe with one %s) with the mapping of base's pairs, with's
 * (each replacing base's of its key, or removing it: "key: -") and, when
 * key is not NULL, "key: value" last in the same way. */
static char *host_with(const char *host, const char *base, const char *with, const char *key,
                       const char *value)
{
  char *pairs[16];
  size_t n = split_pairs(base, pairs);
  char *w[16];
  size_t nw = with ? split_pairs(with, w) : 0;
  for (size_t i = 0; i < nw; i++) {
    n = set_pair(pairs, n, w[i]);
    free(w[i]);
  }
  if (key) {
    char *pair = sp_xasprintf("%s: %s", key, value);
    n = set_pair(pairs, n, pair);
    free(pair);
  }
  sp_writer m = {0};
  sp_write(&m, "{");
  for (size_t i = 0; i < n; i++) {
    sp_write(&m, "%s%s", i ? ", " : "", pairs[i]);
    free(pairs[i]);
  }
  sp_write(&m, "}");
  char *map = sp_writer_take(&m);
  char *text = sp_xasprintf(host, map);
  free(map);
  return text;
}

/* A place in a recipe where an object's keys are written: host, a recipe
 * with %s where the object's mapping goes, base its pairs when no key is
 * set, keys the keys it takes (core/recipe/keys.h). */
typedef struct place {
  const char *name;
  const char *const *keys;
  const char *host, *base;
} place;

/* The bus place's host with its track s into master, heard beside bus x. */
#define BUS_BESIDE                                                                                 \
  "stemprint: 1\ntracks:\n  a: {file: audio/a.wav, to: x}\n  s: {file: audio/s.wav}\n"             \
  "buses:\n  fx: {}\n  sur: {layout: 5.1, fold: bs775}\n  x: %s\n"

/* Buses and two tracks, for a host to add a track t to. */
#define WORLD                                                                                      \
  "stemprint: 1\nbuses: {fx: {}, fx2: {}, sur: {layout: 5.1, fold: bs775}}\n"                      \
  "tracks:\n  a: audio/a.wav\n  b: audio/b.wav\n"

/* a recipe of four stems (output.stem_mp4's) */
#define STEMS4                                                                                     \
  "stemprint: 1\ntracks: {a: audio/a.wav, b: audio/b.wav, c: audio/a.wav, d: audio/b.wav}\n"     \
  "stems: {w: [a], x: [b], y: [c], z: [d]}\n"

static const place places[] = {
    {"root", sp_keys_root, "%s\n", "stemprint: 1, tracks: {a: audio/a.wav, b: audio/b.wav}"},
    {"track", sp_keys_track_all, WORLD "  t: %s\n", "file: audio/s.wav"},
    {"region", sp_keys_region, WORLD "  t: {regions: [%s]}\n", "file: audio/a.wav"},
    {"bus", sp_keys_bus_all,
     "stemprint: 1\ntracks:\n  a: {file: audio/a.wav, to: x}\n  s: {file: audio/s.wav, to: x}\n"
     "buses:\n  fx: {}\n  sur: {layout: 5.1, fold: bs775}\n  x: %s\n",
     ""},
    {"master", sp_keys_master_all,
     "stemprint: 1\ntracks: {a: audio/a.wav, s: audio/s.wav}\nmaster: %s\n", ""},
    {"normalize", sp_keys_normalize,
     "stemprint: 1\ntracks: {a: audio/a.wav}\nmaster: {normalize: %s}\n", "target: -20 LUFS"},
    {"adm", sp_keys_adm, "stemprint: 1\ntracks: {a: audio/a.wav}\nmaster: {adm: %s}\n",
     "name: '{name}_adm'"},
    {"object", sp_keys_object,
     "stemprint: 1\ntracks: {a: {file: audio/a.wav, to: x}}\nbuses: {x: {object: %s}}\n",
     "binaural: mid"},
    {"send", sp_keys_send, WORLD "  t: {file: audio/a.wav, sends: [%s]}\n", "to: fx"},
    {"position", sp_keys_position, WORLD "  t: {file: audio/a.wav, to: sur, pan: %s}\n",
     "azimuth: 30"},
    {"gains", sp_keys_gains, WORLD "  t: {file: audio/a.wav, to: sur, pan: %s}\n", "gains: {L: 1}"},
    {"lfe", sp_keys_lfe, WORLD "  t: {file: audio/a.wav, to: sur, lfe: %s}\n", "level: -10 dB"},
    {"fold", sp_keys_fold,
     "stemprint: 1\ntracks: {a: {file: audio/a.wav, to: sur}}\nbuses: {sur: {layout: 5.1, fold: "
     "%s}}\n",
     "centre: -3 dB"},
    {"fade", sp_keys_fade,
     WORLD "  t: {regions: [{file: audio/a.wav, opaque: true, fade_in: %s}]}\n", "length: 0.01 s"},
    {"level", sp_keys_level, WORLD "  t: {file: audio/a.wav, gain: %s}\n",
     "points: [[0, -6 dB], [0.05 s, 0 dB]]"},
    {"tempo", sp_keys_tempo,
     WORLD "  t: {file: audio/a.wav, gain: {ramp: ardour, points: [[0, -6 dB], [0.05 s, 0 dB]], "
           "tempo: [{at: 0 s, beat: 0, bpm: 120}, %s]}}\n",
     "at: 2 s, beat: 4, bpm: 90"},
    {"insert", sp_keys_insert, WORLD "  t: {file: audio/s.wav, inserts: [{compressor: %s}]}\n",
     "threshold: -20 dB"},
    {"key", sp_keys_key,
     WORLD "  t: {file: audio/s.wav, inserts: [{compressor: {threshold: -20 dB, key: %s}}]}\n",
     "from: a"},
    {"stems", sp_keys_stems, "stemprint: 1\ntracks: {a: audio/a.wav, b: audio/b.wav}\nstems: %s\n",
     "sa: [a], sb: [b]"},
    {"version", sp_keys_version,
     "stemprint: 1\ntracks: {a: audio/a.wav, b: audio/b.wav}\nversions: {v: %s}\n", "mute: [a]"},
    {"output", sp_keys_output, "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: %s\n", ""},
    {"names", sp_keys_names, "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {name: %s}\n",
     "mix: 'm_{name}'"},
    {"bwf", sp_keys_bwf, "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {bwf: %s}\n",
     "originator: me"},
    {"tags", sp_keys_tags, "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {tags: %s}\n",
     "artist: me"},
    {"stem_mp4", sp_keys_stem_mp4, STEMS4 "output: {stem_mp4: %s}\n", "stems: [w, x, y, z]"},
    {"set", sp_keys_set, "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {also: [%s]}\n",
     "format: wav, name: 'alt_{name}'"},
    {"loudness", sp_keys_loudness,
     "stemprint: 1\ntracks: {a: audio/a.wav}\nchecks: {loudness: %s}\n", "target: -20 LUFS"},
    {"checks", sp_keys_checks, "stemprint: 1\ntracks: {a: audio/a.wav}\nchecks: %s\n", ""},
    {"null", sp_keys_null_test, "stemprint: 1\ntracks: {a: audio/a.wav}\nchecks: {null: %s}\n", ""},
};

/* Another value for a key at a place: value, beside with's pairs (in
 * both recipes), without drop's key (in the changed one only), in host and
 * base when they are given (else the place's); same: a key that must not
 * change the canonical recipe; none: why a key has no other value. A key
 * may have several. */
typedef struct example {
  const char *at; /* "place.key" */
  const char *value, *with, *drop, *host, *base;
  const char *key; /* another key to set than at's (what at's key changes) */
  bool same;
  const char *none;
} example;

#define LV2_HOST(track) WORLD "  t: {file: audio/" track ", inserts: [{lv2: %s}]}\n"
/* a hardware insert (outboard gear), its return there */
#define HW_HOST WORLD "  t: {file: audio/s.wav, inserts: [{hardware: %s}]}\n"
#define HW_BASE "return: audio/r.wav, latency: 1 ms"
/* an instrument track, its keys written into it or into its regions */
#define MIDI_TRACK "midi: audio/m.mid, instrument: {soundfont: audio/a.sf2}"
#define MIDI_REGIONS WORLD "  t: {instrument: {soundfont: audio/a.sf2}, regions: [%s]}\n"

static const example examples[] = {
    {"root.stemprint", .none = "format 1 is the only one"},
    {"root.sample_rate", .value = "96000"},
    {"root.length", .value = "0.05 s"},
    {"root.tail", .value = "0.05 s"},
    {"root.pan_law", .value = "-6 dB"},
    {"root.tracks", .value = "{a: audio/b.wav}"},
    {"root.buses", .value = "{x: {}}"},
    {"root.master", .value = "{gain: -1 dB}"},
    {"root.stems", .value = "{sa: [a], sb: [b]}"},
    {"root.versions", .value = "{v: {mute: [a]}}"},
    {"root.output", .value = "{depth: 16}"},
    {"root.checks", .value = "{null: {max_residual: -100 dBFS}}"},
    {"root.plugin_cycle", .value = "1024"},
    {"root.latency", .value = "ignore"},

    {"track.file", .value = "audio/b.wav"},
    {"track.files", .value = "[audio/a.wav, audio/b.wav]", .drop = "file"},
    {"track.at", .value = "0.01 s"},
    {"track.from", .value = "0.01 s"},
    {"track.length", .value = "0.05 s"},
    {"track.fade_in", .value = "0.01 s"},
    {"track.fade_out", .value = "0.01 s"},
    {"track.stretch", .value = "1.25"},
    {"track.warp", .value = "[[0, 0], [0.02 s, 0.03 s]]"},
    {"track.pitch", .value = "-2 st"},
    {"track.regions", .value = "[{file: audio/s.wav, gain: -1 dB}]",
     .with = "file: -, regions: [{file: audio/s.wav}]"},
    /* one region, as a list or as the track's own file: the same */
    {"track.regions", .value = "[{file: audio/s.wav}]", .drop = "file", .same = true},
    {"track.gain", .value = "-1 dB"},
    {"track.gain", .value = "[[0, -6 dB], [0.05 s, 0 dB]]"},
    {"track.trim", .value = "-1 dB"},
    {"track.trim", .value = "{ramp: ardour, points: [[0, -6 dB], [0.05 s, 0 dB]]}"},
    {"track.pan", .value = "0.5"},
    {"track.pan", .value = "{tempo: 97, points: [[0, -0.5], [0.05 s, 0.5]]}"},
    {"track.width", .value = "0.5"},
    {"track.width", .value = "[[0, 1], [0.05 s, 0.5]]"},
    {"track.invert", .value = "true"},
    {"track.invert", .value = "[[0, false], [0.05 s, [true, false]]]"},
    {"track.mute", .value = "true"},
    {"track.mute", .value = "[[0, false], [0.05 s, true]]"},
    {"track.mute_points", .value = "[main]", .with = "mute: true"},
    {"track.mute_points", .value = "pre_fader", .with = "mute: true"},
    {"track.solo", .value = "true"},
    {"track.inserts", .value = "[{gain: -1 dB}]"},
    {"track.post_inserts", .value = "[{gain: -1 dB}]"},
    {"track.sends", .value = "[{to: fx}]"},
    {"track.to", .value = "fx"},
    {"track.layout", .value = "stereo"},
    {"track.midi", .value = "audio/n.mid", .host = WORLD "  t: %s\n", .base = MIDI_TRACK},
    {"track.track", .value = "2", .host = WORLD "  t: %s\n", .base = MIDI_TRACK},
    {"track.channel", .value = "2", .host = WORLD "  t: %s\n", .base = MIDI_TRACK},
    {"track.keep_channels", .value = "[2]", .host = WORLD "  t: %s\n", .base = MIDI_TRACK},
    {"track.force_channel", .value = "10", .host = WORLD "  t: %s\n", .base = MIDI_TRACK},
    {"track.instrument", .value = "{soundfont: {file: audio/a.sf2, program: 1}}",
     .host = WORLD "  t: %s\n", .base = "midi: audio/m.mid, instrument: {soundfont: audio/a.sf2}"},
    {"track.channels", .value = "[R, L]"},
    {"track.lfe", .value = "-10 dB", .with = "to: sur"},
    {"track.objects", .value = "keep", .host = WORLD "  t: %s\nmaster: {adm: true}\n",
     .base = "file: audio/scene_adm.wav, layout: stereo"},
    {"track.programme", .value = "APR_1001", .host = WORLD "  t: %s\n",
     .base = "file: audio/scene_adm.wav, layout: stereo"},
    {"track.complementary", .none = "a file of a complementary group builds with it: "
                                    "admforeign renders one by the key, its plans' keys apart"},
    {"track.fold", .value = "{centre: -9 dB}",
     .with = "file: audio/six.wav, layout: 5.1, fold: bs775"},

    {"region.file", .value = "audio/b.wav"},
    {"region.files", .value = "[audio/a.wav, audio/b.wav]", .drop = "file"},
    {"region.at", .value = "0.01 s"},
    {"region.from", .value = "0.01 s"},
    {"region.length", .value = "0.05 s"},
    {"region.fade_in", .value = "0.01 s"},
    {"region.fade_out", .value = "0.01 s"},
    {"region.stretch", .value = "1.25"},
    {"region.warp", .value = "[[0, 0], [0.02 s, 0.03 s]]"},
    {"region.pitch", .value = "-2 st"},
    {"region.gain", .value = "-1 dB"},
    {"region.envelope", .value = "[[0, 0 dB], [0.05 s, -6 dB]]"},
    {"region.envelope", .value = "-6 dB"}, /* a constant: its level */
    {"region.envelope", .value = "{ramp: ardour, points: [[0, 0 dB], [0.05 s, -6 dB]]}"},
    {"region.opaque", .value = "true"},
    {"region.midi", .value = "audio/n.mid", .host = MIDI_REGIONS, .base = "midi: audio/m.mid"},
    {"region.track", .value = "2", .host = MIDI_REGIONS, .base = "midi: audio/m.mid"},
    {"region.channel", .value = "2", .host = MIDI_REGIONS, .base = "midi: audio/m.mid"},
    {"region.keep_channels", .value = "[1, 2]", .host = MIDI_REGIONS, .base = "midi: audio/m.mid"},
    {"region.force_channel", .value = "16", .host = MIDI_REGIONS, .base = "midi: audio/m.mid"},
    {"region.channel", .value = "1"}, /* an audio file's */

    {"bus.gain", .value = "-1 dB"},
    {"bus.trim", .value = "-1 dB"},
    {"bus.pan", .value = "0.5"},
    {"bus.width", .value = "0.5"},
    {"bus.invert", .value = "true"},
    /* with s heard beside the muted bus: a mix of nothing heard is refused */
    {"bus.mute", .value = "true", .host = BUS_BESIDE},
    {"bus.mute_points", .value = "[post_fader, main]", .with = "mute: true", .host = BUS_BESIDE},
    {"bus.inserts", .value = "[{gain: -1 dB}]"},
    {"bus.post_inserts", .value = "[{gain: -1 dB}]"},
    {"bus.sends", .value = "[{to: fx}]"},
    {"bus.to", .value = "fx"},
    {"bus.print", .value = "true"},
    {"bus.object", .value = "true"},
    {"bus.bed", .value = "true",
     .host = "stemprint: 1\ntracks:\n  a: {file: audio/a.wav, to: x}\n  s: {file: audio/s.wav, to: "
             "x}\nbuses:\n  fx: {}\n  sur: {layout: 5.1, fold: bs775}\n  x: %s\nmaster: {adm: "
             "true}\n"},
    {"bus.layout", .value = "5.1", .with = "to: sur"},
    {"bus.channels", .value = "[R, L]"},
    {"bus.lfe", .value = "-10 dB", .with = "to: sur"},
    {"bus.fold", .value = "{centre: -9 dB}", .with = "layout: 5.1, fold: bs775"},

    {"master.gain", .value = "-1 dB"},
    {"master.trim", .value = "-1 dB"},
    {"master.pan", .value = "0.5"},
    {"master.width", .value = "0.5"},
    {"master.invert", .value = "true"},
    {"master.inserts", .value = "[{gain: -1 dB}]"},
    {"master.post_inserts", .value = "[{gain: -1 dB}]"},
    {"master.layout", .value = "5.1"},
    {"master.normalize", .value = "{target: -20 LUFS}"},
    {"master.adm", .value = "true"},
    {"adm.name", .value = "'{name}_atmos'"},
    {"adm.renders", .value = "[5.1]"},
    {"adm.profile", .value = "immersive-music"},
    {"object.binaural", .value = "near"},

    {"normalize.target", .value = "-18 LUFS"},

    {"send.to", .value = "fx2"},
    {"send.level", .value = "-6 dB"},
    {"send.level", .value = "[[0, -6 dB], [0.05 s, 0 dB]]"},
    {"send.tap", .value = "pre"},
    {"send.tap", .value = "fader"},
    {"send.pan", .value = "0.5"},
    {"send.pan", .value = "{azimuth: 30}", .base = "to: sur"},
    {"send.pan", .value = "{gains: {L: 0.97, C: 0.2}}", .base = "to: sur"},
    {"send.pan", .value = "{gains: {L: 0.97, C: 0.25}}", .with = "pan: {gains: {L: 0.97, C: 0.2}}",
     .base = "to: sur"},

    {"position.azimuth", .value = "-30"},
    {"position.elevation", .value = "10"},
    {"position.spread", .value = "20"},

    {"gains.gains", .value = "{R: 1}"},

    {"lfe.level", .value = "-6 dB"},
    {"lfe.lowpass", .value = "120 Hz"},

    {"fold.centre", .value = "-9 dB"},
    {"fold.surround", .value = "-9 dB"},
    {"fold.height", .value = "-9 dB"},
    {"fold.lfe", .value = "-9 dB"},

    {"fade.length", .value = "0.02 s"},
    {"fade.shape", .value = "power"},
    {"fade.curve", .value = "[[0, 0], [0.005 s, 0.6], [0.01 s, 1]]",
     .with = "length: -, curve: [[0, 0], [0.01 s, 1]]"},
    {"fade.points", .value = "[[0.005 s, 0.2], [0.01 s, 1.2]]",
     .with = "length: -, points: [[0, 0], [0.01 s, 1]]"},
    {"fade.inverse", .value = "[[0, 1], [0.01 s, 0]]"},

    {"level.points", .value = "[[0, -3 dB], [0.05 s, 0 dB]]"},
    {"level.ramp", .value = "ardour"},
    {"level.ramp", .value = "declick"},
    {"level.interpolation", .value = "logarithmic", .with = "ramp: ardour"},
    {"level.interpolation", .value = "linear", .with = "ramp: ardour"},
    {"level.interpolation", .value = "discrete", .with = "ramp: ardour"},
    {"level.interpolation", .value = "curved", .with = "ramp: ardour"},
    {"level.tempo", .value = "97", .with = "ramp: ardour"},
    {"level.tempo", .value = "[{at: 0 s, beat: 0, bpm: 97}, {at: 2 s, beat: 4, bpm: 130}]",
     .with = "ramp: ardour"},
    {"level.vca", .value = "[{tempo: 97, points: [[0, -3 dB], [0.05 s, 0 dB]]}]",
     .with = "ramp: ardour"},
    {"tempo.at", .value = "2.5 s"},
    {"tempo.beat", .value = "5"},
    {"tempo.bpm", .value = "100"},
    {"tempo.note", .value = "8"},
    {"tempo.omega", .value = "1e-9"},
    {"level.vca", .value = "[[[0, -3 dB], [0.05 s, 0 dB]]]", .with = "ramp: ardour"},
    {"level.start", .value = "-3 dB", .with = "ramp: ardour"},
    {"level.start", .value = "-3 dB", .with = "ramp: declick"},

    {"insert.bypass", .value = "true"},
    {"insert.bypass", .value = "[[0, false], [0.05 s, true]]"},
    {"insert.bypass", .value = "[[0, true], [0.05 s, true]]"}, /* points that agree: fixed */
    {"insert.channels", .value = "[L]"},
    {"insert.detect", .value = "[R]"},
    {"insert.plugin", .value = "urn:stemprint:test:stash", .host = LV2_HOST("s.wav"),
     .base = "plugin: urn:stemprint:test:gain"},
    {"insert.preset", .value = "Louder", .host = LV2_HOST("s.wav"),
     .base = "plugin: urn:stemprint:test:stash"},
    {"insert.state", .value = "s.ttl", .host = LV2_HOST("s.wav"),
     .base = "plugin: urn:stemprint:test:stash"},
    /* beside a state file, a parameter the recipe gives at its default
     * is not filled from the state (trim: 5 dB there) */
    {"insert.state", .key = "trim", .value = "0 dB", .host = LV2_HOST("s.wav"),
     .base = "plugin: urn:stemprint:test:stash, state: s.ttl"},
    {"insert.key", .value = "a"},
    {"insert.bands", .value = "[{type: highpass, freq: 40 Hz}]",
     .host = WORLD "  t: {file: audio/s.wav, inserts: [{eq: %s}]}\n",
     .base = "bands: [{type: highpass, freq: 30 Hz}]"},
    {"insert.feed", .value = "right", .host = LV2_HOST("s.wav"),
     .base = "plugin: urn:stemprint:test:widen"},
    {"insert.widen", .value = "false", .host = LV2_HOST("a.wav"),
     .base = "plugin: urn:stemprint:test:widen"},

    {"insert.name", .value = "la2a", .host = HW_HOST, .base = HW_BASE},
    {"key.from", .value = "b"},
    {"key.tap", .value = "post"},
    {"key.tap", .value = "fader"},
    {"key.level", .value = "-6 dB"},
    {"key.panned", .value = "true"},

    {"stems.split", .value = "buses"},

    {"version.mute", .value = "[b]"},
    {"version.keep", .value = "[a]", .drop = "mute"},
    {"version.mode", .value = "own"},

    {"output.dir", .value = "elsewhere", .same = true},
    {"output.format", .value = "flac"},
    {"output.depth", .value = "16"},
    {"output.dither", .value = "none"},
    {"output.mix", .value = "master"},
    {"output.name", .value = "'x_{name}'"},
    {"output.bwf", .value = "true"},
    {"output.tags", .value = "{title: t}"},
    {"output.also", .value = "[{format: flac}]"},
    {"output.stem_mp4", .value = "{stems: [w, x, y, z]}", .host = STEMS4 "output: %s\n"},

    {"names.mix", .value = "'n_{name}'"},
    {"names.stems", .value = "'s_{name}'"},
    {"names.versions", .value = "'v_{name}'"},
    {"names.buses", .value = "'b_{name}'"},

    {"bwf.description", .value = "'d {name}'"},
    {"bwf.originator", .value = "you"},
    {"bwf.originator_reference", .value = "ref"},
    {"bwf.date", .value = "2020-01-01"},
    {"bwf.time", .value = "10:00:00"},
    {"bwf.start", .value = "1 s"},

    {"tags.title", .value = "Song"},
    {"tags.artist", .value = "you"},
    {"tags.album", .value = "Album"},
    {"tags.year", .value = "2026"},
    {"tags.track", .value = "3"},
    {"tags.tracks", .value = "10"},
    {"tags.disc", .value = "1"},
    {"tags.discs", .value = "2"},
    {"tags.isrc", .value = "GBAYE2600003"},
    {"tags.cover", .value = "audio/s.wav"},

    {"stem_mp4.stems", .value = "[z, y, x, w]"},
    {"stem_mp4.colors", .value = "['#000000', '#111111', '#222222', '#333333']"},
    {"stem_mp4.codec", .value = "aac"},
    {"stem_mp4.bitrate", .value = "128 kbps", .with = "codec: aac"},
    {"stem_mp4.name", .value = "'{name}-dj'"},

    {"set.format", .value = "flac"},
    {"set.rate", .value = "44.1 kHz"},
    {"set.depth", .value = "16"},
    {"set.dither", .value = "none"},
    {"set.bitrate", .value = "128 kbps", .with = "format: mp3"},
    {"set.name", .value = "'alt2_{name}'"},
    {"set.layout", .value = "mono"},
    {"set.fold", .value = "{centre: -9 dB}", .with = "layout: mono"},
    {"set.channels", .value = "split", .with = "name: 'x_{name}_{channel}'"},
    {"set.loudness", .value = "streaming"},
    {"set.loudness", .value = "streaming",
     .with = "loudness: {target: -14 LUFS, tolerance: 1 LU, max_true_peak: -1 dBTP}"},

    {"loudness.preset", .value = "streaming"},
    /* the preset's own values: its name is in the check's message */
    {"loudness.preset", .value = "streaming",
     .base = "target: -14 LUFS, tolerance: 1 LU, max_true_peak: -1 dBTP"},
    {"loudness.target", .value = "-18 LUFS"},
    {"loudness.tolerance", .value = "2 LU"},
    {"loudness.max_true_peak", .value = "-2 dBTP"},

    {"checks.null", .value = "{max_residual: -100 dBFS}"},
    {"checks.loudness", .value = "streaming"},

    {"null.max_residual", .value = "-100 dBFS"},
};

/* Tries e at place pl: the recipe with e's key and the one without it
 * both build, and their canonical recipes differ (e->same: do not). */
static void try_example(const char *dir, const place *pl, const example *e, const char *key)
{
  const char *host = e->host ? e->host : pl->host, *base = e->base ? e->base : pl->base;
  char *before = host_with(host, base, e->with, NULL, NULL);
  char *with = e->drop
                   ? sp_xasprintf("%s%s%s: -", e->with ? e->with : "", e->with ? ", " : "", e->drop)
                   : NULL;
  char *after = host_with(host, base, with ? with : e->with, e->key ? e->key : key, e->value);
  char h0[SP_DIGEST_HEX], h1[SP_DIGEST_HEX];
  recipe_of(dir, before, h0);
  recipe_of(dir, after, h1);
  cr_expect(h0[0], "%s: the recipe without it builds:\n%s", e->at, before);
  cr_expect(h1[0], "%s: the recipe with it builds:\n%s", e->at, after);
  if (h0[0] && h1[0] && e->same)
    cr_expect_str_eq(h1, h0, "%s: %s changes the canonical recipe; it should not", e->at, e->value);
  else if (h0[0] && h1[0])
    cr_expect_str_neq(h1, h0, "%s: %s leaves the canonical recipe as it was:\n%s", e->at, e->value,
                      after);
  free(with);
  free(before);
  free(after);
}

/* Another value of key k of the table whose keys are keys than its
 * default, from its row (tu_key_example); NULL: none. A list of keys no
 * table is (a bus's, master's: sp_keys_bus_all, sp_keys_master_all)
 * takes the row of its key in the strip's table, else master's. */
static char *row_example(const char *const *keys, size_t k)
{
  for (size_t t = 0; t < sp_key_table_count; t++)
    if (sp_key_tables[t].keys == keys)
      return tu_key_example(&sp_key_tables[t].rows[k]);
  static const char *const objects[] = {"STRIP", "MASTER"};
  for (size_t o = 0; o < sizeof objects / sizeof *objects; o++)
    for (size_t t = 0; t < sp_key_table_count; t++) {
      if (strcmp(sp_key_tables[t].object, objects[o]) != 0)
        continue;
      for (size_t j = 0; j < sp_key_tables[t].n; j++)
        if (strcmp(sp_key_tables[t].keys[j], keys[k]) == 0)
          return tu_key_example(&sp_key_tables[t].rows[j]);
    }
  return NULL;
}

/* The canonical recipe (core/job/job.c) is written by walking the tables
 * the parser checks keys against (core/recipe/keys.h). Each key every
 * place of a recipe takes, from those tables and not from a list of this
 * test's, set to another value than a recipe without it (or with another
 * value) gives another canonical recipe, one key at a time: a key the
 * parser reads and the job forgets is a stale cache hit, served as if it
 * were the render. A key the tables gain needs an example here, or this
 * fails, naming it, unless its row says another value (row_example). */
Test(job, every_key_of_the_recipe_changes_the_canonical_recipe)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  char *dir = tu_tmpdir();
  world(dir);
  /* every table is walked by some place */
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++) {
      bool found = false;
      for (size_t p = 0; !found && p < sizeof places / sizeof *places; p++)
        for (size_t j = 0; !found && places[p].keys[j]; j++)
          found = strcmp(places[p].keys[j], sp_key_tables[t].keys[k]) == 0;
      cr_expect(found, "no place of this test takes %s's key '%s': add one to places[]",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
    }
  size_t tried = 0;
  for (size_t p = 0; p < sizeof places / sizeof *places; p++) {
    const place *pl = &places[p];
    for (size_t k = 0; pl->keys[k]; k++) {
      char *at = sp_xasprintf("%s.%s", pl->name, pl->keys[k]);
      size_t found = 0;
      for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
        if (strcmp(examples[i].at, at) != 0)
          continue;
        found++;
        if (!examples[i].none) {
          try_example(dir, pl, &examples[i], pl->keys[k]);
          tried++;
        }
      }
      if (!found) { /* a scalar key: another value than its default, from its row */
        char *v = row_example(pl->keys, k);
        if (v) {
          const example e = {.at = at, .value = v};
          try_example(dir, pl, &e, pl->keys[k]);
          tried++;
          found++;
        }
        free(v);
      }
      cr_expect(found, "no example of %s: give it another value in examples[]", at);
      free(at);
    }
  }
  /* an example of a key no table has any more is stale */
  for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
    bool found = false;
    for (size_t p = 0; !found && p < sizeof places / sizeof *places; p++) {
      const size_t n = strlen(places[p].name);
      if (strncmp(examples[i].at, places[p].name, n) != 0 || examples[i].at[n] != '.')
        continue;
      for (size_t k = 0; !found && places[p].keys[k]; k++)
        found = strcmp(places[p].keys[k], examples[i].at + n + 1) == 0;
    }
    cr_expect(found, "examples[] has %s, a key no place takes", examples[i].at);
  }
  cr_expect_gt(tried, 100);
  unsetenv("LV2_PATH");
  tu_rmtree(dir);
  free(dir);
}

/* x as parameter pr's value in a recipe: "-4.5 dB", "0.0125 s". */
static char *param_text(const sp_param *pr, double x)
{
  char buf[40];
  sp_number_text(x, buf);
  const char *u = sp_unit_name(pr->unit);
  return sp_xasprintf("%s%s%s", buf, *u ? " " : "", u);
}

/* Another value of parameter pr than its default, within its range (and
 * below the Nyquist frequency at 48 kHz), as a recipe writes it; the
 * default itself when other is false. */
static char *param_value(const sp_param *pr, bool other)
{
  /* whole numbers a SoundFont has: the tests' (tests/testsf2.h) has 0:0,
   * 0:1 and 128:0; a patch's channels of the stereo path (audio/s.wav) */
  static const struct {
    const char *name, *other;
  } whole[] = {{"bank", "128"}, {"program", "1"}, {"polyphony", "64"}, {"c1", "2"}, {"c2", "1"}};
  for (size_t i = 0; other && i < sizeof whole / sizeof *whole; i++)
    if (strcmp(pr->name, whole[i].name) == 0)
      return sp_xstrdup(whole[i].other);
  const double v = pr->def;
  switch (pr->kind) {
  case SP_PARAM_BOOL: return sp_xstrdup((v != 0) == other ? "false" : "true");
  case SP_PARAM_CHOICE: return sp_xstrdup(pr->choices[!other ? (size_t)v : v == 0 ? 1 : 0]);
  case SP_PARAM_FILE: /* a hardware insert's return: as many channels as its path */
    return sp_xstrdup(other ? strcmp(pr->name, "return") == 0 ? "audio/r.wav" : "audio/a.wav"
                            : "audio/s.wav");
  case SP_PARAM_PATH: return sp_xstrdup(other ? "audio/b.sf2" : "audio/a.sf2");
  case SP_PARAM_NUMBER: break;
  }
  if (!other)
    return param_text(pr, v);
  double hi = isfinite(pr->max) ? pr->max : v + 4, lo = isfinite(pr->min) ? pr->min : v - 4;
  if (pr->unit == SP_UNIT_HZ && hi >= 24000)
    hi = 20000;
  if (isinf(v) && v > 0) /* inf: a gate's ratio, closed by its range */
    return param_text(pr, isfinite(lo) ? lo + 1 : 4);
  if (isinf(v)) /* -inf dB: a level */
    return param_text(pr, hi > -20 ? -20 : hi);
  return param_text(pr, v < hi ? v + (hi - v) / 4 : v - (v - lo) / 4);
}

/* A hardware insert's name names the send the render writes
 * (sends/NAME.wav): two recipes that differ in it alone are two canonical
 * recipes, and the name is in the one that gives it. */
Test(job, a_hardware_insert_s_name_is_in_the_canonical_recipe)
{
  char *dir = tu_tmpdir();
  world(dir);
  char h[3][SP_DIGEST_HEX];
  const char *names[] = {"", "name: la2a, ", "name: la3a, "};
  for (int i = 0; i < 3; i++) {
    char *map = sp_xasprintf("{%s" HW_BASE "}", names[i]);
    char *text = sp_xasprintf(HW_HOST, map);
    recipe_of(dir, text, h[i]);
    cr_assert(h[i][0], "%s", text);
    free(map), free(text);
  }
  cr_expect_str_neq(h[0], h[1], "a name given changes the canonical recipe");
  cr_expect_str_neq(h[1], h[2], "another name, another canonical recipe");
  tu_rmtree(dir);
  free(dir);
}

/* Every parameter of every built-in processor, from the processor's own
 * table (core/procs/), set to another value than its default, one at a
 * time: another canonical recipe. */
Test(job, every_parameter_of_every_processor_changes_the_canonical_recipe)
{
  char *dir = tu_tmpdir();
  world(dir);
  size_t tried = 0;
  for (size_t c = 0; c < sp_proc_count(); c++) {
    const sp_proc_class *cls = sp_proc_at(c);
    const bool bands = cls->flags & SP_PROC_BANDS;
    char *host =
        cls->flags & SP_PROC_INSTRUMENT
            ? sp_xasprintf(WORLD "  t: {midi: audio/m.mid, instrument: {%s: %%s}}\n", cls->name)
            : sp_xasprintf(WORLD "  t: {file: audio/s.wav, inserts: [{%s: %s%%s%s}]}\n", cls->name,
                           bands ? "[" : "", bands ? "]" : "");
    /* what it requires, at its defaults */
    sp_writer base = {0};
    for (size_t p = 0; p < cls->n_params; p++)
      if (cls->params[p].required) {
        char *v = param_value(&cls->params[p], false);
        sp_write(&base, "%s%s: %s", base.n ? ", " : "", cls->params[p].name, v);
        free(v);
      }
    char *base_text = sp_writer_take(&base);
    const place pl = {cls->name, NULL, host, base_text};
    for (size_t p = 0; p < cls->n_params; p++) {
      char *at = sp_xasprintf("%s.%s", cls->name, cls->params[p].name);
      char *v = param_value(&cls->params[p], true);
      const example e = {.at = at, .value = v};
      try_example(dir, &pl, &e, cls->params[p].name);
      tried++;
      free(v);
      free(at);
    }
    free(base_text);
    free(host);
  }
  cr_expect_gt(tried, 30);
  tu_rmtree(dir);
  free(dir);
}

/* A Broadcast WAV description naming {recipe} (its default, "{recipe}:
 * {name}") prints the recipe's file name into every file: the same text
 * under another name is then another job; without bwf it is the same.
 * master.adm's ADM BWFs print it into their bext Description whatever
 * output.bwf says ("song: ADM master mix"): another job too. Before, that
 * name was not in the key: other.yaml's render served from the cache of
 * song.yaml's printed 'song: ADM master mix' into other.yaml's. */
Test(job, a_recipe_file_name_printed_into_the_files_is_in_the_key)
{
  char *dir = tu_tmpdir();
  sources(dir);
  const char *plain = "stemprint: 1\ntracks: {a: audio/a.wav}\n",
             *bwf = "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {bwf: true}\n",
             *own = "stemprint: 1\ntracks: {a: audio/a.wav}\noutput: {bwf: {description: "
                    "'{name}'}}\n";
  char k0[SP_DIGEST_HEX], k1[SP_DIGEST_HEX];
  key_of(dir, "song.yaml", plain, NULL, k0, NULL);
  key_of(dir, "other.yaml", plain, NULL, k1, NULL);
  cr_assert(k0[0]);
  cr_expect_str_eq(k1, k0, "the recipe's file name alone is not in the key");
  key_of(dir, "song.yaml", bwf, NULL, k0, NULL);
  key_of(dir, "other.yaml", bwf, NULL, k1, NULL);
  cr_assert(k0[0]);
  cr_expect_str_neq(k1, k0, "the bext chunk says 'song: mix' or 'other: mix'");
  key_of(dir, "song.yaml", own, NULL, k0, NULL);
  key_of(dir, "other.yaml", own, NULL, k1, NULL);
  cr_assert(k0[0]);
  cr_expect_str_eq(k1, k0, "a description without {recipe}: the same chunk");
  const char *adm = "stemprint: 1\ntracks: {a: audio/a.wav}\nmaster: {layout: 5.1, adm: true}\n";
  key_of(dir, "song.yaml", adm, NULL, k0, NULL);
  key_of(dir, "other.yaml", adm, NULL, k1, NULL);
  cr_assert(k0[0]);
  cr_expect_str_neq(k1, k0, "the ADM BWF's bext says 'song: ADM master mix' or 'other: ...'");
  tu_rmtree(dir);
  free(dir);
}
