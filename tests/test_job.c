/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render as a job (core/job/job.h), its digests (io/cache/digests.h) and plan
 * --json: SHA-256 known answers, the canonical recipe (a reformatted
 * recipe keeps its key; a source's byte, a parameter, the tool, the block
 * size or what is printed changes it), the digest index (an unchanged file
 * is not read again, a touched one is and keeps its digest, a changed one
 * gets a new one, damaged lines are ignored), and the command's output. */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/job/job.h"
#include "io/cache/digests.h"
#include "io/recipe/parse.h"
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
    if (sp_job_build(g, o ? o : &files, &job, &d) == SP_OK)
      hex_of(&job.key, hex);
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
  cr_expect(strstr(why, "not a regular file"), "%s", why);
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
