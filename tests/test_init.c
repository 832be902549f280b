/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `stemprint init` through the CLI, as a user with a folder of stems
 * exported from a DAW would run it: track names made valid and unique from
 * file names, mono/stereo and the session rate detected, stems guessed from
 * names (and the reasons written as comments), unreadable files skipped with
 * a warning, a 3-channel file commented out; the result passes `check`,
 * renders stems that null, is never overwritten without --force, and is the
 * same bytes every time. */

#include "core/alloc.h"
#include "io/recipe_parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
  wav("Surround.wav", 3, RATE, 250);    /* refused by stemprint: commented out */
  free(tu_write_text(dir, "notes.txt", "not audio\n"));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(init, .init = setup, .fini = teardown, .timeout = 120);

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = sp_xmalloc((size_t)n + 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

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
  char *text = slurp(recipe);
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
  cr_assert(strstr(text, "  # Surround.wav has 3 channels"), "%s", text);
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
  char *sub = tu_path(dir, "sub");
  mkdir(sub, 0777); /* folders are not scanned */
  char *recipe = tu_path(dir, "names.yaml");
  const char *run[] = {"init", dir, "-o", recipe, NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(run, NULL, &err), 0, "%s", err);
  free(err);
  sp_recipe *r = parse(recipe);
  const char *expect[] = {"snare_top", "808_kick", "piano_room", "123",  "x",
                          "a_b",       "master_2", "none_2",     "track"};
  for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
    bool found = false;
    for (size_t i = 0; i < r->n_tracks; i++)
      found |= strcmp(r->tracks[i].name, expect[k]) == 0;
    cr_assert(found, "no track '%s'", expect[k]);
  }
  for (size_t i = 0; i < r->n_tracks; i++)
    for (size_t j = 0; j < i; j++)
      cr_assert_str_neq(r->tracks[i].name, r->tracks[j].name);
  sp_recipe_free(r);
  char *text = slurp(recipe);
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
  char *text = slurp(recipe);
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
