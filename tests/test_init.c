/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `stemprint init` through the CLI, as a user with a folder of stems
 * exported from a DAW would run it: track names made valid and unique from
 * file names, mono/stereo and the session rate detected, stems guessed from
 * names (and the reasons written as comments), files that are not audio
 * skipped with a warning, an audio file that cannot be read refusing the
 * recipe, files with nothing to play and second names of one file (links)
 * left out in comments, a 9-channel file commented out, impulse responses set aside as
 * commented-out return buses; the unity sum measured and trimmed on master
 * when it peaks above -1 dB, and left alone when it does not; the result
 * passes `check`, renders stems that null (the project's own fixtures
 * included), is never overwritten without --force, and is the same bytes
 * every time. */

#include "core/base/alloc.h"
#include "io/audio/audio.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

enum { RATE = 48000, N = RATE / 2 };

static char *dir;

/* A quiet sine (-30 dBFS) of 0.5 s, so a dozen of them sum far below full
 * scale, on every channel. */
static void wav(const char *name, int channels, int rate, double hz)
{
  int64_t n = (int64_t)rate / 2;
  float *x = sp_xcalloc((size_t)n * (size_t)channels, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    for (int c = 0; c < channels; c++)
      x[i * channels + c] = (float)(0.0316 * sin(2 * M_PI * hz * (double)i / rate));
  free(tu_write_wav(dir, name, channels, rate, 24, x, n));
  free(x);
}

static void setup(void)
{
  dir = tu_tmpdir();
  wav("01 Kick In.wav", 1, RATE, 60);
  wav("Snare.wav", 1, RATE, 200);
  wav("OH L.wav", 1, RATE, 5000);
  wav("Drums.wav", 2, RATE, 100); /* a track named drums: the bus is drums_bus */
  wav("Kick.wav", 1, RATE, 55);
  wav("kick!.wav", 1, RATE, 50); /* sorts after Kick.wav: kick is taken, kick_2 */
  wav("Bass DI.wav", 1, RATE, 80);
  wav("Lead Vox.wav", 1, RATE, 440);
  wav("Keys.wav", 2, 44100, 330); /* the odd rate: resampled */
  wav("weird name!.wav", 2, RATE, 660);
  wav("Snare Verb.wav", 2, RATE, 1000); /* fx beats drums */
  wav("Surround.wav", 9, RATE, 250);    /* 9 channels of no layout: commented out */
  free(tu_write_text(dir, "notes.txt", "not audio\n"));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(init, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* The recipe's line that starts with `  key:` (a track or bus), as a heap
 * string; fails the test if there is none. */
static char *line_of(const char *text, const char *key)
{
  char *pat = sp_xasprintf("\n  %s:", key);
  const char *at = strstr(text, pat);
  cr_assert_not_null(at, "no line for '%s' in\n%s", key, text);
  at++;
  size_t n = strcspn(at, "\n");
  char *line = sp_xmalloc(n + 1);
  memcpy(line, at, n);
  line[n] = '\0';
  free(pat);
  return line;
}

static sp_recipe *parse(const char *path)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_recipe_parse_file(path, &r, &d);
  sp_diags_print(&d, stderr);
  cr_assert_eq(sp_diags_errors(&d), 0);
  sp_diags_fini(&d);
  cr_assert_not_null(r);
  return r;
}

Test(init, scaffolds_a_recipe_that_checks_renders_and_nulls)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "stdout:\n%s\nstderr:\n%s", out, err);
  char *recipe = tu_path(dir, "session.yaml");
  char *hint = sp_xasprintf("stemprint render %s", recipe);
  cr_assert(strstr(out, hint), "no next-step hint in\n%s", out);
  cr_assert(strstr(out, recipe), "%s", out);
  cr_assert(strstr(err, "notes.txt: skipped"), "no warning about notes.txt in\n%s", err);
  cr_assert_null(strstr(err, "Kick"), "only notes.txt is warned about:\n%s", err);
  free(hint);
  free(out);
  free(err);

  /* Tracks in stem order (drums, bass, music, vocals, fx), files sorted by
   * name within each; each to its group's bus. */
  sp_recipe *r = parse(recipe);
  static const char *const want[][2] = {
      {"kick_in", "drums_bus"}, {"drums", "drums_bus"}, {"kick", "drums_bus"},
      {"oh_l", "drums_bus"},    {"snare", "drums_bus"}, {"kick_2", "drums_bus"},
      {"bass_di", "bass"},      {"keys", "music"},      {"weird_name", "music"},
      {"lead_vox", "vocals"},   {"snare_verb", "fx"},
  };
  size_t n_want = sizeof want / sizeof want[0];
  cr_assert_eq(r->n_tracks, n_want, "%zu tracks", r->n_tracks);
  for (size_t i = 0; i < n_want; i++) {
    cr_assert_str_eq(r->tracks[i].name, want[i][0], "track %zu", i);
    cr_assert_not_null(r->tracks[i].strip.to);
    cr_assert_str_eq(r->tracks[i].strip.to, want[i][1], "track %s", want[i][0]);
  }
  cr_assert_eq(r->sample_rate, RATE);
  cr_assert_eq(r->n_buses, 5);
  static const char *const stems[][2] = {
      {"drums", "drums_bus"}, {"bass", "bass"}, {"music", "music"},
      {"vocals", "vocals"},   {"fx", "fx"},
  };
  cr_assert_eq(r->n_stems, 5);
  cr_assert_eq(r->split, SP_SPLIT_SOURCES);
  for (size_t s = 0; s < 5; s++) {
    cr_assert_str_eq(r->stems[s].name, stems[s][0]);
    cr_assert_eq(r->stems[s].n_members, 1);
    cr_assert_str_eq(r->stems[s].members[0], stems[s][1]);
  }
  sp_recipe_free(r);

  /* The comments: channels, the other rate, and why each stem. */
  char *text = tu_slurp_must(recipe);
  static const char *const comments[][2] = {
      {"kick_in", "# mono; drums: the name says 'kick'"},
      {"kick_2", "# mono; drums: the name says 'kick'"},
      {"oh_l", "# mono; drums: the name says 'oh'"},
      {"drums", "# stereo; drums: the name says 'drum'"},
      {"bass_di", "# mono; bass: the name says 'bass'"},
      {"keys", "# stereo, 44100 Hz (resampled); music: the name says 'keys'"},
      {"weird_name", "# stereo; music: no stem word in the name (the default)"},
      {"lead_vox", "# mono; vocals: the name says 'vox'"},
      {"snare_verb", "# stereo; fx: the name says 'verb'"},
  };
  for (size_t i = 0; i < sizeof comments / sizeof comments[0]; i++) {
    char *line = line_of(text, comments[i][0]);
    cr_assert(strstr(line, comments[i][1]), "'%s' lacks '%s'", line, comments[i][1]);
    free(line);
  }
  cr_assert(strstr(text, "    file: \"01 Kick In.wav\"\n"), "%s", text);
  cr_assert(strstr(text, "    file: \"weird name!.wav\"\n"), "%s", text);
  cr_assert(strstr(text, "#   Keys.wav (44100 Hz)\n"), "%s", text);
  cr_assert(strstr(text, "\nsample_rate: 48000 "), "%s", text);
  /* The 3-channel file is there, commented out, with the reason. */
  cr_assert(strstr(text, "  # Surround.wav has 9 channels and no channel mask of no layout"), "%s",
            text);
  cr_assert(strstr(text, "\n  # surround: "), "%s", text);
  cr_assert(strstr(text, "\n  #   file: Surround.wav\n"), "%s", text);
  cr_assert(strstr(text, "stemprint: 1\n") && strstr(text, "\nlength: auto ") &&
            strstr(text, "\ntail: auto ") && strstr(text, "\noutput:\n  dir: out/{recipe} "));

  const char *check[] = {"check", recipe, NULL};
  err = NULL;
  cr_assert_eq(tu_run(check, NULL, &err), 0, "%s", err);
  free(err);
  const char *render[] = {"render", recipe, "--progress", "none", NULL};
  out = err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "stdout:\n%s\nstderr:\n%s", out, err);
  cr_assert(strstr(out, "null test: passed"), "%s", out);
  free(out);
  free(err);

  /* Again: refused without --force (the file untouched), the same bytes
   * with it, though out/ (the render) now sits in the folder. */
  char *copy = tu_write_text(dir, "copy.yaml.keep", text);
  const char *again[] = {"init", dir, NULL};
  err = NULL;
  cr_assert_eq(tu_run(again, NULL, &err), 2);
  cr_assert(strstr(err, "--force"), "%s", err);
  cr_assert(tu_same_bytes(copy, recipe));
  free(err);
  const char *force[] = {"init", dir, "--force", NULL};
  cr_assert_eq(tu_run(force, NULL, NULL), 0);
  cr_assert(tu_same_bytes(copy, recipe), "--force wrote different bytes");
  free(copy);
  free(text);
  free(recipe);
}

/* init stopped (SIGINT) as it moves its recipe into place, into a folder
 * it made for it: its temporary file and the folders were left for good
 * (review 24 F3, F8: init and import had no stop of their own). Now the
 * stop takes them away, and the process still ends by the signal. Stopped
 * at the rename by a preloaded library (tests/shim/kill_at_rename.c). */
Test(init, a_stopped_init_leaves_no_temporary_file_nor_folder)
{
  char *said = NULL;
  const int st = tu_run_stopped(dir, "init . -o made/deeper/song.yaml", 1, SIGINT, &said);
  free(said);
  cr_expect(WIFSIGNALED(st) ? WTERMSIG(st) == SIGINT : WEXITSTATUS(st) == 128 + SIGINT, "status %d",
            st);
  char *made = tu_path(dir, "made");
  struct stat mst;
  cr_expect_neq(stat(made, &mst), 0, "the folder init made stays (with its temporary file)");
  free(made);
}

/* A named pipe or a link to a device among the files is opened as a
 * source is (the shared opener) and skipped with its reason, at once; a
 * stat beside the opener skipped each in silence, as it does a subfolder
 * (which still is). Named as audio, each is left out in a comment of the
 * recipe and in the summary: nothing in it a reader takes, nothing lost. */
Test(init, a_fifo_or_a_device_among_the_files_is_skipped_and_said)
{
  char *fifo = tu_path(dir, "Pipe.wav"), *dev = tu_path(dir, "Zero.wav"),
       *sub = tu_path(dir, "sub");
  cr_assert(mkfifo(fifo, 0644) == 0 && symlink("/dev/zero", dev) == 0 && mkdir(sub, 0755) == 0);
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  static const char *const said[] = {
      "Pipe.wav: skipped: it is not a regular file (a FIFO, a device or a socket); stemprint "
      "reads audio files only",
      "Zero.wav: skipped: it is not a regular file (a FIFO, a device or a socket); stemprint "
      "reads audio files only"};
  for (size_t i = 0; i < 2; i++)
    cr_expect(strstr(err, said[i]), "'%s' not in\n%s", said[i], err);
  cr_expect_null(strstr(err, "sub: "), "a subfolder is not said:\n%s", err);
  cr_expect(strstr(out, "; 2 audio files left out (below)\n"), "%s", out);
  cr_expect(strstr(out, "  left out: Pipe.wav (it is not a regular file"), "%s", out);
  char *recipe = tu_path(dir, "session.yaml"), *text = tu_slurp_must(recipe);
  cr_expect(strstr(text, "#   Zero.wav: it is not a regular file"), "%s", text);
  free(text), free(recipe);
  free(out), free(err), free(fifo), free(dev), free(sub);
}

Test(init, names_are_valid_unique_and_never_reserved)
{
  wav("master.wav", 1, RATE, 100);
  wav("none.wav", 1, RATE, 100);
  wav("02 - Snare Top.wav", 1, RATE, 100);
  wav("808 Kick.wav", 1, RATE, 100);
  wav("-x-.wav", 1, RATE, 100);
  wav("123.wav", 1, RATE, 100);
  wav("ベース.wav", 1, RATE, 100);
  wav("Piano Room.wav", 1, RATE, 100);
  wav("a\"b.wav", 1, RATE, 100);
  wav("04_SnareBtm.wav", 1, RATE, 100);
  wav("Drum Mix.wav", 1, RATE, 100);
  wav("Mix Bus.wav", 1, RATE, 100);
  wav("Song Bounce.wav", 1, RATE, 100);
  char *sub = tu_path(dir, "sub");
  mkdir(sub, 0777); /* folders are not scanned */
  char *recipe = tu_path(dir, "names.yaml");
  const char *run[] = {"init", dir, "-o", recipe, NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(run, NULL, &err), 0, "%s", err);
  free(err);
  sp_recipe *r = parse(recipe);
  /* a change from lower to upper case splits words (snare_btm); master.wav,
   * Mix Bus.wav and Song Bounce.wav are prints of the full mix, not tracks,
   * while Drum Mix.wav, a submix, is one */
  const char *expect[] = {"snare_top", "808_kick", "piano_room", "123",       "x",
                          "a_b",       "none_2",   "track",      "snare_btm", "drum_mix"};
  for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
    bool found = false;
    for (size_t i = 0; i < r->n_tracks; i++)
      found |= strcmp(r->tracks[i].name, expect[k]) == 0;
    cr_assert(found, "no track '%s'", expect[k]);
  }
  for (size_t i = 0; i < r->n_tracks; i++)
    for (size_t j = 0; j < i; j++)
      cr_assert_str_neq(r->tracks[i].name, r->tracks[j].name);
  for (size_t i = 0; i < r->n_tracks; i++) {
    const char *name = r->tracks[i].name;
    cr_assert(strcmp(name, "mix_bus") && strcmp(name, "song_bounce") && strcmp(name, "master_2"),
              "a track of a full-mix print: %s", name);
  }
  sp_recipe_free(r);
  char *text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "# Prints of the full mix (by their names), not made tracks"), "%s", text);
  cr_assert(strstr(text, "#   Mix Bus.wav: mono, "), "%s", text);
  cr_assert(strstr(text, "the name says 'bounce'"), "%s", text);
  cr_assert(strstr(text, "stemprint null 'Mix Bus.wav' out/names/mix.wav") ||
                strstr(text, "stemprint null master.wav out/names/mix.wav"),
            "%s", text);
  char *line = line_of(text, "piano_room");
  cr_assert(strstr(line, "music: the name says 'piano'"), "a room of a piano is music: %s", line);
  free(line);
  line = line_of(text, "808_kick");
  cr_assert(strstr(line, "drums: the name says 'kick'"), "%s", line);
  free(line);
  free(text);
  const char *check[] = {"check", "--no-levels", recipe, NULL};
  cr_assert_eq(tu_run(check, NULL, NULL), 0);
  free(recipe);
  free(sub);
}

Test(init, recipe_elsewhere_names_files_relative_to_itself)
{
  char *other = tu_tmpdir();
  char *deep = tu_path(other, "a/b"); /* created as needed */
  char *recipe = tu_path(deep, "song.yaml");
  const char *run[] = {"init", dir, "-o", recipe, NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(run, &out, NULL), 0);
  free(out);
  char *text = tu_slurp_must(recipe);
  const char *slash = strrchr(dir, '/');
  char *want = sp_xasprintf("    file: \"../../../%s/01 Kick In.wav\"\n", slash + 1);
  cr_assert(strstr(text, want), "no '%s' in\n%s", want, text);
  free(want);
  free(text);
  const char *check[] = {"check", "--no-levels", recipe, NULL};
  cr_assert_eq(tu_run(check, NULL, NULL), 0);
  tu_rmtree(other);
  free(recipe);
  free(deep);
  free(other);
}

/* docs/init.md: "-o RECIPE (a folder there means RECIPE/session.yaml;
 * missing folders are created)": a path ending in '/' is a folder even when
 * it does not exist yet. When the recipe cannot be written after all, the
 * folders init made are taken away again: nothing is left on failure. */
/* A recipe named (-o) with a control character, a terminal's escape or a
 * byte that is not UTF-8: its own comment says its name, which a recipe
 * cannot hold, so init refuses the name before anything is written, the
 * name escaped in the message (issue 71). A name of other UTF-8 text is
 * written, and reads back. */
Test(init, a_recipe_name_a_recipe_cannot_hold_is_refused_up_front)
{
  char *other = tu_tmpdir();
  static const char *const names[] = {"a\x01"
                                      "b.yaml",
                                      "sub/a\x1b]0;x\x07.yaml", "\xffname.yaml",
                                      "a\xc2\x85"
                                      "b.yaml"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char *bad = tu_path(other, names[i]), *err = NULL, *out = NULL;
    const char *run[] = {"init", dir, "-o", bad, NULL};
    cr_expect_eq(tu_run(run, &out, &err), 2, "init -o %s", bad);
    cr_expect(err && strstr(err, "the recipe's name is not UTF-8 text (or holds a control "
                                 "character), which a recipe cannot hold; give -o a name "
                                 "without one"),
              "%s", err);
    cr_expect(err && !strpbrk(err, "\x01\x1b\x07"), "the name is escaped:\n%s", err);
    cr_expect(!strstr(out, "wrote"), "%s", out);
    free(out);
    free(err);
    free(bad);
  }
  cr_expect_eq(tu_count_entries(other), 0, "nothing written, no folder made");
  char *good = tu_path(other, "Mix \xc3\xa9t\xc3\xa9 #1.yaml"); /* "Mix été #1.yaml" */
  const char *run[] = {"init", dir, "-o", good, NULL},
             *check[] = {"check", "--no-levels", good, NULL};
  cr_expect_eq(tu_run(run, NULL, NULL), 0);
  cr_expect_eq(tu_run(check, NULL, NULL), 0, "the recipe init wrote reads back");
  free(good);
  tu_rmtree(other);
  free(other);
}

Test(init, a_recipe_folder_that_does_not_exist_yet_is_created)
{
  char *other = tu_tmpdir();
  char *folder = tu_path(other, "new/folder/");
  const char *run[] = {"init", dir, "-o", folder, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(run, &out, &err), 0, "%s", err);
  char *recipe = tu_path(other, "new/folder/session.yaml");
  cr_assert(strstr(out, "wrote "), "%s", out);
  cr_assert(strstr(out, "new/folder/session.yaml"), "the recipe's path, no '//':\n%s", out);
  free(out);
  free(err);
  const char *check[] = {"check", "--no-levels", recipe, NULL};
  cr_assert_eq(tu_run(check, NULL, NULL), 0);
  char *inner = tu_path(other, "new/folder");
  cr_assert_eq(tu_count_entries(inner), 1, "session.yaml alone");
  free(inner);

  /* A name too long for the file system: the write fails after the folders
   * were made, and they go again. */
  char name[300];
  memset(name, 'x', sizeof name - 6);
  strcpy(name + sizeof name - 6, ".yaml");
  char *rel = sp_xasprintf("gone/sub/%s", name);
  char *bad = tu_path(other, rel);
  const char *fail[] = {"init", dir, "-o", bad, NULL};
  cr_assert_eq(tu_run(fail, NULL, &err), 3, "%s", err);
  cr_assert(strstr(err, "cannot write"), "%s", err);
  free(err);
  char *gone = tu_path(other, "gone");
  cr_assert_eq(tu_count_entries(gone), -1, "the folders init made are removed on failure");
  free(gone);
  free(bad);
  free(rel);
  free(recipe);
  free(folder);
  tu_rmtree(other);
  free(other);
}

Test(init, refuses_what_it_cannot_scaffold)
{
  char *empty = tu_tmpdir();
  free(tu_write_text(empty, "readme.txt", "no audio here\n"));
  char *err = NULL;
  const char *none[] = {"init", empty, NULL};
  cr_assert_eq(tu_run(none, NULL, &err), 3);
  cr_assert(strstr(err, "no audio file"), "%s", err);
  free(err);
  cr_assert_eq(tu_count_entries(empty), 1, "nothing written");
  char *file = tu_path(empty, "readme.txt");
  const char *not_dir[] = {"init", file, NULL};
  cr_assert_eq(tu_run(not_dir, NULL, NULL), 2);
  const char *two[] = {"init", empty, dir, NULL};
  cr_assert_eq(tu_run(two, NULL, NULL), 2);
  const char *bad[] = {"init", "--frobnicate", NULL};
  cr_assert_eq(tu_run(bad, NULL, NULL), 2);
  char *out = NULL;
  const char *help[] = {"init", "--help", NULL};
  cr_assert_eq(tu_run(help, &out, NULL), 0);
  cr_assert(strstr(out, "usage: stemprint init [DIR] [-o RECIPE] [--force]"), "%s", out);
  free(out);
  const char *help2[] = {"help", "init", NULL};
  cr_assert_eq(tu_run(help2, &out, NULL), 0);
  cr_assert(strstr(out, "usage: stemprint init"), "%s", out);
  free(out);
  const char *usage[] = {"--help", NULL};
  cr_assert_eq(tu_run(usage, &out, NULL), 0);
  cr_assert(strstr(out, "  init "), "%s", out);
  free(out);
  free(file);
  tu_rmtree(empty);
  free(empty);
}

/* ---- gain staging and impulse responses ---------------------------------- */

/* A sine of amp (linear; above 1 and negative allowed) at hz, the same on
 * every channel, of secs, as 32-bit float in folder. */
static void sine_in(const char *folder, const char *name, int channels, double amp, double hz,
                    double secs)
{
  int64_t n = (int64_t)(RATE * secs);
  float *x = sp_xcalloc((size_t)n * (size_t)channels, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    for (int c = 0; c < channels; c++)
      x[i * channels + c] = (float)(amp * sin(2 * M_PI * hz * (double)i / RATE));
  free(tu_write_wav(folder, name, channels, RATE, 32, x, n));
  free(x);
}

/* Copy every .wav of from into to, byte for byte. */
static size_t copy_wavs(const char *from, const char *to)
{
  DIR *d = opendir(from);
  cr_assert_not_null(d, "cannot read %s", from);
  size_t copied = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".wav") != 0)
      continue;
    char *src = tu_path(from, e->d_name), *dst = tu_path(to, e->d_name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    cr_assert(in && out, "cannot copy %s to %s", src, dst);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
      cr_assert_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    cr_assert_eq(fclose(out), 0);
    free(src);
    free(dst);
    copied++;
  }
  closedir(d);
  return copied;
}

/* The sample peak of an audio file, dBFS. */
static double file_peak_dbfs(const char *path)
{
  int64_t frames;
  int channels, rate;
  double *x = tu_read(path, &frames, &channels, &rate);
  cr_assert_not_null(x, "cannot read %s", path);
  double peak = tu_peak(x, (size_t)frames * (size_t)channels);
  free(x);
  return 20 * log10(peak);
}

/* text with its first `from` replaced by `to` (which must be there), as a
 * heap string. */
static char *replace_once(const char *text, const char *from, const char *to)
{
  const char *at = strstr(text, from);
  cr_assert_not_null(at, "no '%s' in\n%s", from, text);
  return sp_xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static bool has_track(const sp_recipe *r, const char *name)
{
  for (size_t i = 0; i < r->n_tracks; i++)
    if (strcmp(r->tracks[i].name, name) == 0)
      return true;
  return false;
}

/* Render recipe (exit 0, the null test passed, nothing clipped); returns
 * the mix's sample peak in dBFS. */
static double render_ok(const char *recipe, const char *folder)
{
  const char *render[] = {"render", recipe, "--progress", "none", NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "stdout:\n%s\nstderr:\n%s", out, err);
  cr_assert(strstr(out, "null test: passed"), "%s", out);
  cr_assert_null(strstr(err, "clipped"), "%s", err);
  free(out);
  free(err);
  char *mix = tu_path(folder, "out/session/mix.wav");
  double peak = file_peak_dbfs(mix);
  free(mix);
  return peak;
}

/* The audit's case: the project's own fixtures (8 files, hall_ir.wav among
 * them) sum at unity to about +2.4 dBFS. init must leave the IR out, trim
 * master to -1 dB, and give a recipe that checks, renders and nulls. */
Test(init, the_project_fixtures_render_and_null_with_headroom_and_no_ir_track)
{
  char *folder = tu_tmpdir();
  /* kick snare hats bass keys vox bgv hall_ir */
  cr_assert_eq(copy_wavs(SP_FIXTURE_DIR, folder), 8);
  const char *run[] = {"init", folder, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(run, &out, &err), 0, "stdout:\n%s\nstderr:\n%s", out, err);
  cr_assert(strstr(out, "not a track: hall_ir.wav"), "%s", out);
  cr_assert(strstr(out, "master trim -"), "%s", out);
  free(out);
  free(err);

  char *recipe = tu_path(folder, "session.yaml");
  sp_recipe *r = parse(recipe);
  cr_assert_eq(r->n_tracks, 7, "%zu tracks", r->n_tracks);
  cr_assert(!has_track(r, "hall_ir"), "the impulse response is not a track");
  for (size_t i = 0; i < r->n_tracks; i++)
    cr_assert_eq(r->tracks[i].strip.gain.value, 0.0, "track %s at unity", r->tracks[i].name);
  /* The sum peaks above full scale: a trim of a few dB, not more. */
  double trim_db = r->master.trim_db;
  cr_assert(trim_db < -2 && trim_db > -6, "master trim %.1f dB", trim_db);
  sp_recipe_free(r);

  char *text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "# Headroom, measured when this recipe was written"), "%s", text);
  cr_assert(strstr(text, "would clip"), "%s", text);
  cr_assert(strstr(text, "\n  # hall_ir: {inserts: [{convolver: {ir: hall_ir.wav}}], to: "
                         "master}\n"),
            "%s", text);
  cr_assert(strstr(text, "  #     sends: [{to: hall_ir, level: -12 dB}]\n"), "%s", text);
  cr_assert_null(strstr(text, "    file: hall_ir.wav"), "%s", text);

  const char *check[] = {"check", recipe, NULL};
  err = NULL;
  cr_assert_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_assert_null(strstr(err, "warning"), "%s", err);
  free(err);
  /* Trimmed to the -1 dB ceiling (on the mix's true peak, which is a little
   * above its sample peak), in 0.1 dB steps. */
  double peak_dbfs = render_ok(recipe, folder);
  cr_assert(peak_dbfs <= -1.0 && peak_dbfs > -1.6, "the mix peaks at %.2f dBFS", peak_dbfs);

  /* The commented-out return works as the comment says: uncommented, with a
   * send from vox, the recipe checks. */
  char *sent = replace_once(text, "    file: vox.wav\n",
                            "    file: vox.wav\n    sends: [{to: hall_ir, level: -12 dB}]\n");
  char *edited = replace_once(sent, "\n  # hall_ir: {", "\n  hall_ir: {");
  free(sent);
  char *with_verb = tu_write_text(folder, "verb.yaml", edited);
  const char *check_verb[] = {"check", with_verb, NULL};
  err = NULL;
  cr_assert_eq(tu_run(check_verb, NULL, &err), 0, "%s\n%s", err, edited);
  free(err);
  free(with_verb);
  free(edited);
  free(text);
  free(recipe);
  tu_rmtree(folder);
  free(folder);
}

/* Files that sum well below the ceiling get no trim and no headroom
 * comment: master stays as it was. */
Test(init, a_folder_that_sums_below_the_ceiling_gets_no_trim)
{
  char *out = NULL;
  const char *run[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(run, &out, NULL), 0);
  cr_assert(strstr(out, "; no trim needed"), "%s", out);
  free(out);
  char *recipe = tu_path(dir, "session.yaml");
  sp_recipe *r = parse(recipe);
  cr_assert_eq(r->master.trim_db, 0.0);
  cr_assert_eq(r->master.gain.value, 0.0);
  sp_recipe_free(r);
  char *text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "\nmaster: {}\n"), "%s", text);
  cr_assert_null(strstr(text, "trim"), "%s", text);
  cr_assert_null(strstr(text, "Headroom"), "%s", text);
  free(text);
  free(recipe);
}

/* Two identical stereo files at -0.9 dBFS sum to +5.1 dBFS: master's trim
 * takes 6.2 dB off (the ceiling, rounded down to 0.1 dB), the tracks stay
 * at unity, and the mix peaks just under -1 dBFS. Near the ceiling but
 * under it, one file alone (-1.5 dBFS) gets nothing. */
Test(init, a_hot_sum_is_trimmed_to_the_ceiling)
{
  char *folder = tu_tmpdir();
  sine_in(folder, "gtr a.wav", 2, 0.9, 100, 1);
  sine_in(folder, "gtr b.wav", 2, 0.9, 100, 1);
  const char *run[] = {"init", folder, NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(run, &out, NULL), 0);
  cr_assert(strstr(out, "peak at +5.1 dBFS (true peak +5.1 dBTP)"), "%s", out);
  cr_assert(strstr(out, "master trim -6.2 dB brings them to -1 dB"), "%s", out);
  free(out);
  char *recipe = tu_path(folder, "session.yaml");
  sp_recipe *r = parse(recipe);
  cr_assert_float_eq(r->master.trim_db, -6.2, 1e-9);
  for (size_t i = 0; i < r->n_tracks; i++)
    cr_assert_eq(r->tracks[i].strip.gain.value, 0.0);
  sp_recipe_free(r);
  char *text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "\nmaster:\n  trim: -6.2 dB           # for a peak of +5.1 dB at unity; "
                         "see above\n"),
            "%s", text);
  free(text);
  double peak_dbfs = render_ok(recipe, folder);
  cr_assert(peak_dbfs <= -1.0 && peak_dbfs > -1.2, "the mix peaks at %.2f dBFS", peak_dbfs);
  free(recipe);
  tu_rmtree(folder);
  free(folder);

  folder = tu_tmpdir();
  sine_in(folder, "gtr.wav", 2, 0.84, 100, 1); /* -1.5 dBFS */
  const char *run2[] = {"init", folder, NULL};
  cr_assert_eq(tu_run(run2, NULL, NULL), 0);
  recipe = tu_path(folder, "session.yaml");
  text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "\nmaster: {}\n"), "%s", text);
  free(text);
  free(recipe);
  tu_rmtree(folder);
  free(folder);
}

/* A stem can peak above the whole mix (here kick and bass cancel): each
 * stem's file must stay under the ceiling too, or it would clip and the
 * stems would not null. */
Test(init, a_stem_louder_than_the_mix_sets_the_trim)
{
  char *folder = tu_tmpdir();
  sine_in(folder, "kick.wav", 2, 1.2, 60, 0.5); /* +1.6 dBFS */
  sine_in(folder, "bass.wav", 2, -1.1, 60, 0.5);
  const char *run[] = {"init", folder, NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(run, &out, NULL), 0);
  cr_assert(strstr(out, "the drums stem alone at +1.6 dBFS"), "%s", out);
  free(out);
  char *recipe = tu_path(folder, "session.yaml");
  char *text = tu_slurp_must(recipe);
  cr_assert(strstr(text, "the drums stem alone at +1.6 dBFS"), "%s", text);
  cr_assert(strstr(text, "  trim: -2.6 dB "), "%s", text);
  free(text);
  render_ok(recipe, folder);
  char *drums = tu_path(folder, "out/session/drums.wav");
  double peak_dbfs = file_peak_dbfs(drums);
  cr_assert(peak_dbfs <= -1.0 && peak_dbfs > -1.2, "the drums stem peaks at %.2f dBFS", peak_dbfs);
  free(drums);
  free(recipe);
  tu_rmtree(folder);
  free(folder);
}

/* The impulse-response rule: "ir" (or "irs", or impulse...) as a word of
 * the name, not inside one. */
Test(init, impulse_responses_are_told_by_name_not_by_letters)
{
  static const char *const irs[] = {
      "hall_ir.wav", "IR Plate.wav",   "Reverb IR 2.wav",          "HallIR.wav",
      "IRHall.wav",  "spring-irs.wav", "ir_cathedral.wav",         "Impulse.wav",
      "Air IR.wav",  "room.IR.L.wav",  "ImpulseResponse Room.wav", "impulses.wav",
  };
  static const char *const tracks[][2] = {
      {"choir.wav", "choir"},       {"air.wav", "air"},
      {"stirring.wav", "stirring"}, {"Irish Whistle.wav", "irish_whistle"},
      {"MIRROR.wav", "mirror"},     {"AIRHorn.wav", "airhorn"},
      {"irate.wav", "irate"},       {"Fair.wav", "fair"},
      {"sir vox.wav", "sir_vox"},
  };
  char *folder = tu_tmpdir();
  for (size_t i = 0; i < sizeof irs / sizeof irs[0]; i++)
    sine_in(folder, irs[i], 2, 0.01, 1000, 0.1);
  for (size_t i = 0; i < sizeof tracks / sizeof tracks[0]; i++)
    sine_in(folder, tracks[i][0], 1, 0.01, 200, 0.5);
  /* Named like an IR, but longer than the convolver takes: a track. */
  int64_t n = 61 * 8000;
  float *x = sp_xcalloc((size_t)n, sizeof *x);
  free(tu_write_wav(folder, "Long IR.wav", 1, 8000, 16, x, n));
  free(x);

  const char *run[] = {"init", folder, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(run, &out, &err), 0, "%s", err);
  char *recipe = tu_path(folder, "session.yaml");
  sp_recipe *r = parse(recipe);
  char *text = tu_slurp_must(recipe);
  cr_assert_eq(r->n_tracks, sizeof tracks / sizeof tracks[0] + 1, "%s", text);
  for (size_t i = 0; i < sizeof tracks / sizeof tracks[0]; i++)
    cr_assert(has_track(r, tracks[i][1]), "%s must stay a track:\n%s", tracks[i][0], text);
  cr_assert(has_track(r, "long_ir"));
  cr_assert(strstr(text, "    # named like an impulse response ('ir'), but too long for one "
                         "(61 s)\n"),
            "%s", text);
  for (size_t i = 0; i < sizeof irs / sizeof irs[0]; i++) {
    char *said = sp_xasprintf("  # (%s: stereo, 0.10 s; the name says '", irs[i]);
    cr_assert(strstr(text, said), "%s is an impulse response:\n%s", irs[i], text);
    free(said);
    char *note = sp_xasprintf("not a track: %s (", irs[i]);
    cr_assert(strstr(out, note), "%s", out);
    free(note);
  }
  /* IR files are not counted as files at another rate or as tracks. */
  cr_assert(strstr(text, "from 10 audio files"), "%s", text);
  sp_recipe_free(r);
  free(text);
  free(out);
  free(err);
  const char *check[] = {"check", recipe, NULL};
  cr_assert_eq(tu_run(check, NULL, NULL), 0);
  free(recipe);
  tu_rmtree(folder);
  free(folder);

  /* A folder of impulse responses alone has no stem to scaffold. */
  folder = tu_tmpdir();
  sine_in(folder, "hall_ir.wav", 2, 0.01, 1000, 0.1);
  const char *only[] = {"init", folder, NULL};
  err = NULL;
  cr_assert_eq(tu_run(only, NULL, &err), 3);
  cr_assert(strstr(err, "only an impulse response"), "%s", err);
  cr_assert_eq(tu_count_entries(folder), 1, "nothing written");
  free(err);
  tu_rmtree(folder);
  free(folder);
}

/* A 5.1 file (issue 42: init commented it out, even with its 0x60F mask,
 * as "mono and stereo files only"), once with WAVE_FORMAT_EXTENSIBLE's mask
 * 0x60F and once without a mask, beside a stereo and a mono file: each is
 * a track of layout 5.1, its bus and master are 5.1, and the recipe renders
 * with each channel of the files in its own channel of the mix (a sine a
 * channel, the LFE's at 60 Hz; the stereo keys in L and R only), and the
 * stems null. */
/* A 16-bit WAV of channels, WAVE_FORMAT_PCM: no channel mask, as many
 * tools write files of more than two channels. */
static void write_plain_wav16(const char *path, int channels, int rate, const float *x,
                              int64_t frames)
{
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f, "%s", path);
  const uint32_t data = (uint32_t)(frames * channels * 2);
  unsigned char h[44];
  memcpy(h, "RIFF", 4);
  const uint32_t riff = 36 + data, fmt_size = 16, byte_rate = (uint32_t)(rate * channels * 2);
  const uint16_t pcm = 1, ch = (uint16_t)channels, align = (uint16_t)(channels * 2), bits = 16;
  const uint32_t sr = (uint32_t)rate;
  memcpy(h + 4, &riff, 4);
  memcpy(h + 8, "WAVEfmt ", 8);
  memcpy(h + 16, &fmt_size, 4);
  memcpy(h + 20, &pcm, 2);
  memcpy(h + 22, &ch, 2);
  memcpy(h + 24, &sr, 4);
  memcpy(h + 28, &byte_rate, 4);
  memcpy(h + 32, &align, 2);
  memcpy(h + 34, &bits, 2);
  memcpy(h + 36, "data", 4);
  memcpy(h + 40, &data, 4);
  fwrite(h, 1, sizeof h, f);
  for (int64_t i = 0; i < frames * channels; i++) {
    const int16_t s = (int16_t)lrint(x[i] * 32767.0);
    fwrite(&s, 2, 1, f);
  }
  cr_assert_eq(fclose(f), 0);
}

Test(init, a_surround_file_is_a_track_of_its_layout)
{
  char *sub = tu_path(dir, "surround");
  cr_assert_eq(mkdir(sub, 0777), 0);
  enum { NCH = 6, LEN = RATE };
  static const double hz[NCH] = {300, 500, 700, 60, 1100, 1300};
  float *x = sp_xcalloc((size_t)LEN * NCH, sizeof *x);
  for (int i = 0; i < LEN; i++)
    for (int c = 0; c < NCH; c++)
      x[(size_t)i * NCH + (size_t)c] = (float)(0.05 * sin(2 * M_PI * hz[c] * i / RATE));
  for (int masked = 0; masked < 2; masked++) {
    char *path = tu_path(sub, masked ? "bed_masked.wav" : "bed_plain.wav");
    char why[256];
    if (masked) {
      sp_sink *w;
      cr_assert_eq(
          sp_audio_create(path, SP_FORMAT_WAV, SP_DEPTH_32F, NCH, RATE, LEN, &w, why, sizeof why),
          SP_OK, "%s", why);
      w->ops->set_mask(w, 0x60F);
      cr_assert_eq(w->ops->write_float(w, x, LEN, why, sizeof why), SP_OK, "%s", why);
      cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
    } else {
      write_plain_wav16(path, NCH, RATE, x, LEN); /* WAVE_FORMAT_PCM: no mask */
    }
    sp_reader *r;
    sp_audio_info info;
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
    r->ops->close(r);
    cr_assert_eq(info.mask, masked ? 0x60Fu : 0u, "%s: mask 0x%X", path, info.mask);
    free(path);
  }
  free(x);
  char *keys = tu_path(sub, "Keys.wav"), *vox = tu_path(sub, "Lead Vox.wav");
  float *kx = sp_xcalloc((size_t)LEN * 2, sizeof *kx), *v = sp_xcalloc(LEN, sizeof *v);
  for (int i = 0; i < LEN; i++) {
    kx[2 * i] = kx[2 * i + 1] = (float)(0.0316 * sin(2 * M_PI * 2000 * i / RATE));
    v[i] = (float)(0.0316 * sin(2 * M_PI * 3000 * i / RATE));
  }
  write_plain_wav16(keys, 2, RATE, kx, LEN);
  write_plain_wav16(vox, 1, RATE, v, LEN);
  free(kx);
  free(v);
  free(keys);
  free(vox);
  const char *init[] = {"init", sub, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(init, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "4 tracks (1 mono, 1 stereo, 2 surround; master 5.1)"), "%s", out);
  cr_expect_null(strstr(out, "commented out"), "%s", out);
  free(out);
  free(err);
  char *recipe = tu_path(sub, "session.yaml");
  char *text = tu_slurp_must(recipe);
  cr_assert_null(strstr(text, "# bed"), "%s", text);
  char *line = line_of(text, "bed_masked");
  cr_expect(strstr(line, "# 5.1 (its channel mask 0x60F); music:"), "%s", line);
  free(line);
  line = line_of(text, "bed_plain");
  cr_expect(strstr(line, "# 5.1 by its 6 channels; music:"), "%s", line);
  free(line);
  cr_expect(strstr(text, "    # no channel mask says its speakers: read as 5.1, L R C LFE Ls Rs\n"
                         "    file: bed_plain.wav\n    layout: 5.1\n    to: music\n"),
            "%s", text);
  cr_expect(strstr(text, "    file: bed_masked.wav\n    layout: 5.1\n    to: music\n"), "%s", text);
  cr_expect(strstr(text, "\n  music: {layout: 5.1, to: master}\n  vocals: {to: master}\n"), "%s",
            text);
  cr_expect(strstr(text, "\nmaster: {layout: 5.1}\n"), "%s", text);
  free(text);

  const char *render[] = {"render", recipe, "--progress", "none", NULL};
  out = err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "stdout:\n%s\nstderr:\n%s", out, err);
  cr_expect(strstr(out, "null test: passed"), "%s", out);
  free(out);
  free(err);
  char *mix = tu_path(sub, "out/session/mix.wav");
  int64_t frames;
  int ch, rate;
  double *y = tu_read(mix, &frames, &ch, &rate);
  cr_assert_not_null(y, "%s", mix);
  cr_assert_eq(ch, NCH);
  /* the amplitude of the sine at f in channel c */
  for (int c = 0; c < NCH; c++) {
    for (int k = 0; k < NCH + 2; k++) {
      const double f = k < NCH ? hz[k] : k == NCH ? 2000 : 3000;
      double s = 0, co = 0;
      for (int64_t i = 0; i < frames; i++) {
        s += y[i * NCH + c] * sin(2 * M_PI * f * (double)i / rate);
        co += y[i * NCH + c] * cos(2 * M_PI * f * (double)i / rate);
      }
      const double a = 2 * hypot(s, co) / (double)frames;
      /* both beds' channel c: 0.1; the keys at 0.0316 in L and R; the
       * vocal (mono, no pan) in the stereo bus's L and R at -3 dB */
      const double want = k == c                  ? 0.1
                          : k == NCH && c < 2     ? 0.0316
                          : k == NCH + 1 && c < 2 ? 0.0316 * M_SQRT1_2
                                                  : 0;
      cr_expect(fabs(a - want) < 0.002, "channel %d holds %g Hz at %.4f, not %.4f", c, f, a, want);
    }
  }
  free(y);
  free(mix);
  free(recipe);
  free(sub);
}

/* An audio file (by its extension) that cannot be read: cut short, damaged,
 * a link to nothing (or, for a user who may not read it, permission
 * denied). A recipe without it renders a mix without it, so init says
 * each, writes nothing and exits 3, as a file unreadable while measuring
 * does; it skipped each with a warning, wrote the recipe and exited 0. */
Test(init, an_audio_file_that_cannot_be_read_refuses_the_recipe_and_says_each)
{
  wav("Keys.wav", 1, RATE, 300);
  char *keys = tu_path(dir, "Keys.wav"), *gone = tu_path(dir, "Gone.wav");
  cr_assert(truncate(keys, 20000) == 0 && symlink("nowhere.wav", gone) == 0);
  free(tu_write_text(dir, "Damaged.wav", "RIFFxxxxWAVEjunk\n"));
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 3, "%s\n%s", out, err);
  static const char *const said[] = {
      "Keys.wav: cannot read it: it is cut short: its header promises",
      "Gone.wav: cannot read it: No such file or directory",
      "Damaged.wav: cannot read it: it ends at byte 17, inside its header, before any audio data",
      "no recipe written: 3 audio files of '"};
  for (size_t i = 0; i < 4; i++)
    cr_expect(strstr(err, said[i]), "'%s' not in\n%s", said[i], err);
  cr_expect(strstr(err, "make them readable, or move them out of the folder"), "%s", err);
  cr_expect_null(strstr(err, "notes.txt: cannot"), "a file named as no audio is only skipped");
  char *recipe = tu_path(dir, "session.yaml");
  struct stat st;
  cr_expect(stat(recipe, &st) != 0, "nothing written");
  free(recipe), free(out), free(err), free(keys), free(gone);
}

/* An audio file with nothing to play (no frames) loses nothing: it is left
 * out, and the recipe's comments and the summary's count say so; it was a
 * warning on stderr alone. */
Test(init, an_audio_file_with_nothing_to_play_is_left_out_and_said)
{
  free(tu_write_wav(dir, "Empty.wav", 1, RATE, 24, NULL, 0));
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "; 1 audio file left out (below)\n"), "%s", out);
  cr_expect(strstr(out, "  left out: Empty.wav (it holds no audio)\n"), "%s", out);
  char *recipe = tu_path(dir, "session.yaml"), *text = tu_slurp_must(recipe);
  cr_expect(strstr(text, "# Audio files left out, with nothing stemprint can play in them:\n"
                         "#   Empty.wav: it holds no audio\n"),
            "%s", text);
  free(text), free(recipe), free(out), free(err);
}

/* A link or a hard link to a file of the folder is that file again: a
 * second track of it doubles it in the mix (its stem 6 dB hotter). The
 * first of them in name order that is no symbolic link is the track (the
 * file, not its alias, which sorts before it); the others are said in a
 * comment with the file they are. Each was a track of its own. */
Test(init, a_link_or_a_hard_link_to_a_file_is_not_a_second_track)
{
  char *kick = tu_path(dir, "Kick.wav"), *alias = tu_path(dir, "Kick (alias).wav"),
       *hard = tu_path(dir, "kick_hard.wav");
  cr_assert(symlink("Kick.wav", alias) == 0 && link(kick, hard) == 0);
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "; 2 audio files left out (below)\n"), "%s", out);
  cr_expect(strstr(out, "  left out: Kick (alias).wav (the same file as Kick.wav"), "%s", out);
  char *recipe = tu_path(dir, "session.yaml"), *text = tu_slurp_must(recipe);
  cr_expect(strstr(text, "#   Kick (alias).wav: the same file as Kick.wav\n"
                         "#   kick_hard.wav: the same file as Kick.wav\n"),
            "%s", text);
  sp_recipe *r = parse(recipe);
  /* the setup's 11 tracks, Kick.wav's under its own name */
  cr_expect_eq(r->n_tracks, 11, "one track of the kick, not three:\n%s", text);
  bool kick_named = false;
  for (size_t i = 0; i < r->n_tracks; i++) {
    cr_expect_str_neq(r->tracks[i].name, "kick_hard");
    cr_expect_str_neq(r->tracks[i].name, "kick_alias");
    kick_named |= strcmp(r->tracks[i].name, "kick") == 0;
  }
  cr_expect(kick_named, "%s", text);
  sp_recipe_free(r);
  free(text), free(recipe), free(out), free(err), free(kick), free(alias), free(hard);
}

/* Common Latin-1 letters are read as their ASCII letters, so "Vöx Lead" is
 * vocals by vox and named vox_lead (it was v_x_lead, vocals by lead); a
 * name over 56 characters keeps both ends (a long session name, then the
 * track's), so two of them differ where they do (they were the same 56
 * letters, one with _2). */
Test(init, latin1_letters_and_long_names_keep_their_meaning)
{
  wav("Vöx Lead.wav", 1, RATE, 310);
  wav("Ünïcode Snäre.wav", 1, RATE, 210);
  char *a =
      sp_xasprintf("%s Guitar Left.wav", "My Long Session Name 2024-01-05 Final Edit v3 Stems");
  char *b =
      sp_xasprintf("%s Guitar Right.wav", "My Long Session Name 2024-01-05 Final Edit v3 Stems");
  wav(a, 1, RATE, 400);
  wav(b, 1, RATE, 410);
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", dir, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  char *recipe = tu_path(dir, "session.yaml"), *text = tu_slurp_must(recipe);
  char *line = line_of(text, "vox_lead");
  cr_expect(strstr(line, "vocals: the name says 'vox'"), "%s", line);
  free(line);
  line = line_of(text, "unicode_snare");
  cr_expect(strstr(line, "drums: the name says 'snare'"), "%s", line);
  free(line);
  line = line_of(text, "my_long_session_name_2024-01_edit_v3_stems_guitar_left");
  free(line);
  line = line_of(text, "my_long_session_name_2024-01_edit_v3_stems_guitar_right");
  free(line);
  free(text), free(recipe), free(out), free(err), free(a), free(b);
}

/* A mono BWF of 0.25 s at rate (a 440 Hz tone at -30 dBFS, 16-bit) whose
 * bext chunk's TimeReference is time_ref (EBU Tech 3285: at 338, low
 * then high 32 bits). */
static void bwf(const char *folder, const char *name, int rate, uint64_t time_ref)
{
  const uint32_t frames = (uint32_t)rate / 4, data = frames * 2, bext = 602;
  const size_t size = 12 + 24 + 8 + bext + 8 + data;
  unsigned char *b = sp_xcalloc(1, size), *p = b;
  const uint32_t riff = (uint32_t)size - 8, sr = (uint32_t)rate, bytes = sr * 2, sixteen = 16;
  const uint16_t pcm = 1, one = 1, two = 2, bits = 16;
  memcpy(p, "RIFF", 4), memcpy(p + 4, &riff, 4), memcpy(p + 8, "WAVEfmt ", 8), p += 16;
  memcpy(p, &sixteen, 4), memcpy(p + 4, &pcm, 2), memcpy(p + 6, &one, 2), memcpy(p + 8, &sr, 4);
  memcpy(p + 12, &bytes, 4), memcpy(p + 16, &two, 2), memcpy(p + 18, &bits, 2), p += 20;
  memcpy(p, "bext", 4), memcpy(p + 4, &bext, 4), p += 8;
  const uint32_t lo = (uint32_t)time_ref, hi = (uint32_t)(time_ref >> 32);
  memcpy(p + 338, &lo, 4), memcpy(p + 342, &hi, 4), p += bext;
  memcpy(p, "data", 4), memcpy(p + 4, &data, 4), p += 8;
  for (uint32_t i = 0; i < frames; i++) {
    const int16_t s = (int16_t)lrint(1036 * sin(2 * M_PI * 440 * i / rate));
    memcpy(p + 2 * i, &s, 2);
  }
  free(tu_write_bytes(folder, name, b, size));
  free(b);
}

/* Stems a DAW wrote as BWFs stamped with their places on its timeline
 * (bext TimeReference: one hour in, and half a second, two seconds
 * after): each track is placed after the earliest by its own, in frames
 * where both are at the session's rate (exact), in seconds where one is
 * not; stems of one time reference, or one without, are placed at 0 as
 * before. Before, every stem was placed at 0 in silence (review 20 F6). */
Test(init, bwf_stems_are_placed_by_their_time_references)
{
  char *folder = tu_path(dir, "spotted");
  cr_assert_eq(mkdir(folder, 0777), 0);
  bwf(folder, "Gtr.wav", RATE, 3600ull * RATE);
  bwf(folder, "Vox.wav", RATE, 3600ull * RATE + 2 * RATE);
  bwf(folder, "Keys.wav", 44100, 3600ull * 44100 + 22050);
  bwf(folder, "Pad.wav", RATE, 3600ull * RATE); /* with the earliest: none */
  char *out = NULL, *err = NULL;
  const char *args[] = {"init", folder, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  char *recipe = tu_path(folder, "session.yaml"), *text = tu_slurp_must(recipe);
  cr_expect(strstr(text, "    at: 96000 smp   # its BWF time reference, this far after the "
                         "earliest stem's ('Gtr.wav')\n"),
            "%s", text);
  cr_expect(strstr(text, "    at: 0.5 s   # its BWF time reference, this far after the "
                         "earliest stem's ('Gtr.wav')\n"),
            "%s", text);
  int n_at = 0;
  for (const char *q = text; (q = strstr(q, "\n    at: ")); q++)
    n_at++;
  cr_expect_eq(n_at, 2, "Gtr.wav, the earliest, and Pad.wav, with it, have none:\n%s", text);
  sp_recipe *r = parse(recipe);
  cr_assert_eq(r->n_tracks, 4);
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_time at = r->tracks[i].regions[0].at;
    const char *name = r->tracks[i].name;
    if (strcmp(name, "vox") == 0)
      cr_expect(at.in_frames && at.frames == 2 * RATE, "%s", name);
    else
      cr_expect(!at.in_frames && at.seconds == (strcmp(name, "keys") == 0 ? 0.5 : 0), "%s: %g",
                name, at.seconds);
  }
  sp_recipe_free(r);
  free(text), free(out), free(err);
  /* one time reference for all: none placed */
  bwf(folder, "Vox.wav", RATE, 3600ull * RATE);
  bwf(folder, "Keys.wav", 44100, 3600ull * 44100);
  const char *again[] = {"init", folder, "--force", NULL};
  cr_assert_eq(tu_run(again, &out, &err), 0, "%s%s", out, err);
  text = tu_slurp_must(recipe);
  cr_expect_null(strstr(text, "\n    at: "), "%s", text);
  free(text), free(out), free(err), free(recipe), free(folder);
}
