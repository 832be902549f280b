/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io/init/init.h, the engine of `stemprint init`, called directly (no
 * subprocess; tests/test_init.c runs the command): the stem group and the
 * keyword a file name suggests, impulse responses told by name, track
 * names made valid, the headroom trim from known peaks; then the steps on
 * a generated folder: what the scan keeps, names and groups, the buses and
 * the session rate, its warnings and refusals, and the measured recipe of
 * two hot sines, whose trim is known to the tenth of a dB. */

#include "core/base/alloc.h"
#include "io/init/init.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { RATE = 48000 };

/* A sine of amp (linear) at hz, the same on every channel, of secs, as
 * 32-bit float in folder. */
static void sine_in(const char *folder, const char *name, int channels, int rate, double amp,
                    double secs)
{
  int64_t n = (int64_t)(rate * secs);
  float *x = sp_xcalloc((size_t)(n > 0 ? n : 1) * (size_t)channels, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    for (int c = 0; c < channels; c++)
      x[i * channels + c] = (float)(amp * sin(2 * M_PI * 100 * (double)i / rate));
  free(tu_write_wav(folder, name, channels, rate, 32, x, n));
  free(x);
}

/* ---- names ---------------------------------------------------------------- */

TestSuite(init_engine, .timeout = TU_TIMEOUT(60));

Test(init_engine, a_file_name_suggests_a_stem_by_its_words)
{
  static const struct {
    const char *base;
    sp_init_group group;
    const char *word;
  } cases[] = {
      {"01 Kick In", SP_INIT_DRUMS, "kick"},
      {"OH L", SP_INIT_DRUMS, "oh"},
      {"ohl", SP_INIT_DRUMS, "oh"},
      {"toms", SP_INIT_DRUMS, "tom"},
      {"Tom2", SP_INIT_DRUMS, "tom"},
      {"Overheads", SP_INIT_DRUMS, "overhead"},
      {"Bass Drum", SP_INIT_DRUMS, "drum"}, /* drums before bass */
      {"808 Kick", SP_INIT_DRUMS, "kick"},  /* drums before bass */
      {"Sub Kick", SP_INIT_DRUMS, "kick"},  /* a weak word (sub) gives way */
      {"Room", SP_INIT_DRUMS, "room"},      /* a weak word alone counts */
      {"Bass DI", SP_INIT_BASS, "bass"},
      {"808Bass", SP_INIT_BASS, "808"}, /* the first word of a group */
      {"Sub", SP_INIT_BASS, "sub"},
      {"Piano Room", SP_INIT_MUSIC, "piano"}, /* a room of a piano */
      {"Lead Synth", SP_INIT_MUSIC, "synth"},
      {"bassoon", SP_INIT_MUSIC, "bassoon"}, /* the longest keyword, not bass */
      {"Keys", SP_INIT_MUSIC, "keys"},
      {"Lead Vox", SP_INIT_VOCALS, "vox"},
      {"LeadVox", SP_INIT_VOCALS, "vox"},
      {"Lead", SP_INIT_VOCALS, "lead"},
      {"Choir Pad", SP_INIT_VOCALS, "choir"}, /* vocals before music */
      {"BGV 1", SP_INIT_VOCALS, "bgv"},
      {"Snare Verb", SP_INIT_FX, "verb"}, /* fx before drums */
      {"SFX Riser", SP_INIT_FX, "sfx"},
      {"weird name!", SP_INIT_MUSIC, ""}, /* no keyword: music */
      {"snow", SP_INIT_MUSIC, ""},        /* "sn" is a word, not a prefix */
      {"", SP_INIT_MUSIC, ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sp_init_guess g = sp_init_guess_group(cases[i].base);
    cr_expect_eq(g.group, cases[i].group, "'%s': %s, not %s", cases[i].base,
                 sp_init_group_names[g.group], sp_init_group_names[cases[i].group]);
    cr_expect_str_eq(g.word, cases[i].word, "'%s'", cases[i].base);
  }
  cr_assert_str_eq(sp_init_group_names[SP_INIT_DRUMS], "drums");
  cr_assert_str_eq(sp_init_group_names[SP_INIT_FX], "fx");
}

Test(init_engine, impulse_responses_are_whole_words_of_the_name)
{
  static const struct {
    const char *base, *word;
  } irs[] = {
      {"hall_ir", "ir"},       {"IR Plate", "ir"},
      {"Reverb IR 2", "ir"},   {"HallIR", "ir"},
      {"IRHall", "ir"},        {"spring-irs", "irs"},
      {"Impulse", "impulse"},  {"ImpulseResponse Room", "impulse"},
      {"impulses", "impulse"}, {"room.IR.L", "ir"},
  };
  for (size_t i = 0; i < sizeof irs / sizeof irs[0]; i++) {
    char word[8] = "";
    cr_expect(sp_init_ir_name(irs[i].base, word), "'%s' is an impulse response", irs[i].base);
    cr_expect_str_eq(word, irs[i].word, "'%s'", irs[i].base);
  }
  static const char *const not_irs[] = {"choir",   "air",   "stirring", "Irish Whistle", "MIRROR",
                                        "AIRHorn", "irate", "Fair",     "sir vox",       ""};
  for (size_t i = 0; i < sizeof not_irs / sizeof not_irs[0]; i++) {
    char word[8] = "";
    cr_expect(!sp_init_ir_name(not_irs[i], word), "'%s' is not an impulse response", not_irs[i]);
  }
}

/* Prints of the full mix, as DAWs name them beside the tracks, are not
 * tracks; a submix and a track with such a word among others are. */
Test(init_engine, full_mix_prints_are_known_by_their_names)
{
  static const struct {
    const char *base, *word;
  } prints[] = {
      {"Mix", "mix"},           {"Mix Bus", "mix"},         {"Master", "master"},
      {"02 Stereo Mix", "mix"}, {"Song Bounce", "bounce"},  {"My Song Mixdown", "mixdown"},
      {"FINAL_MIX_2", "mix"},   {"Main Out Mix", "mix"},    {"Mastered", "mastered"},
      {"bounced", "bounced"},   {"Printmaster", "printmaster"},
  };
  for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++) {
    char word[16] = "";
    cr_expect(sp_init_mix_print_name(prints[i].base, word), "'%s' is a mix print",
              prints[i].base);
    cr_expect_str_eq(word, prints[i].word, "'%s'", prints[i].base);
  }
  static const char *const tracks[] = {"Drum Mix", "Master Keys", "Vox Bus", "Bounce Synth",
                                       "Mixer Noise", "Kick", "Remix Vox", ""};
  for (size_t i = 0; i < sizeof tracks / sizeof tracks[0]; i++) {
    char word[16] = "";
    cr_expect(!sp_init_mix_print_name(tracks[i], word), "'%s' is a track", tracks[i]);
  }
}

Test(init_engine, track_names_are_valid_recipe_names)
{
  static const char *const cases[][2] = {
      {"01 Kick In", "kick_in"},
      {"02 - Snare Top", "snare_top"},
      {"3-guitar", "guitar"},
      {"001_keys", "keys"},
      {"808 Kick", "808_kick"},
      {"123", "123"},
      {"Bass DI", "bass_di"},
      {"04_SnareBtm", "snare_btm"},
      {"KickIn", "kick_in"},
      {"OH", "oh"},
      {"weird name!", "weird_name"},
      {"-x-", "x"},
      {"a\"b", "a_b"},
      {"a--b..c", "a_b_c"},
      {"v1.2-final", "v1.2-final"},
      {"ベース", "track"},
      {"", "track"},
      {"master", "master"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *name = sp_init_track_name(cases[i][0]);
    cr_expect_str_eq(name, cases[i][1], "'%s'", cases[i][0]);
    free(name);
  }
  /* At most 56 characters, room for a "_N" suffix within the recipe's 64. */
  char *name = sp_init_track_name(
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  cr_assert_eq(strlen(name), 56);
  free(name);
}

/* ---- headroom --------------------------------------------------------------- */

Test(init_engine, the_trim_takes_the_loudest_peak_to_the_ceiling_in_tenths_of_a_db)
{
  static const struct {
    sp_init_levels lv;
    double loudest_db, trim_db;
    bool stem_decides;
  } cases[] = {
      /* under the ceiling, or on it: no trim */
      {{.mix_dbfs = -6, .mix_dbtp = -5.5, .stem_dbfs = -7}, -5.5, 0, false},
      {{.mix_dbfs = -1.2, .mix_dbtp = -1.0, .stem_dbfs = -3}, -1.0, 0, false},
      /* the true peak decides: -0.95 dBTP needs 0.05 dB, rounded down to 0.1 */
      {{.mix_dbfs = -1.2, .mix_dbtp = -0.95, .stem_dbfs = -3}, -0.95, -0.1, false},
      /* the sample peak decides: +2.37 dBFS needs 3.37 dB, so 3.4 */
      {{.mix_dbfs = 2.37, .mix_dbtp = 2.3, .stem_dbfs = 1}, 2.37, -3.4, false},
      /* an exact tenth stays exact: +5.0 needs 6.0 */
      {{.mix_dbfs = 5.0, .mix_dbtp = 5.0, .stem_dbfs = -INFINITY}, 5.0, -6.0, false},
      /* a stem louder than the mix (parts that cancel) sets it */
      {{.mix_dbfs = 0.5, .mix_dbtp = 0.6, .stem_dbfs = 1.6}, 1.6, -2.6, true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const sp_init_levels *lv = &cases[i].lv;
    cr_expect_float_eq(sp_init_loudest_db(lv), cases[i].loudest_db, 1e-12, "case %zu", i);
    cr_expect_float_eq(sp_init_trim_db(lv), cases[i].trim_db, 1e-12, "case %zu: %.3f dB", i,
                       sp_init_trim_db(lv));
    cr_expect_eq(sp_init_stem_decides(lv), cases[i].stem_decides, "case %zu", i);
  }
  /* Silence has no peak, and needs no trim. */
  sp_init_levels silent = {.mix_dbfs = -INFINITY, .mix_dbtp = -INFINITY, .stem_dbfs = -INFINITY};
  cr_assert(isinf(sp_init_loudest_db(&silent)) && sp_init_loudest_db(&silent) < 0);
  cr_assert_eq(sp_init_trim_db(&silent), 0);
  cr_assert(!sp_init_stem_decides(&silent));
}

/* ---- the steps on a folder -------------------------------------------------- */

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

static const sp_init_file *file_named(const sp_init_plan *p, const char *file)
{
  for (size_t i = 0; i < p->n_files; i++)
    if (strcmp(p->files[i].file, file) == 0)
      return &p->files[i];
  cr_assert_fail("no file '%s' in the plan", file);
  return NULL;
}

Test(init_engine, the_scan_keeps_audio_names_tracks_and_groups_them, .init = setup,
     .fini = teardown)
{
  sine_in(dir, "Kick.wav", 1, RATE, 0.01, 0.2);
  sine_in(dir, "kick!.wav", 1, RATE, 0.01, 0.2); /* sorts after Kick.wav: kick_2 */
  sine_in(dir, "Drums.wav", 2, RATE, 0.01, 0.2); /* a track named drums: drums_bus */
  sine_in(dir, "Bass DI.wav", 1, 44100, 0.01, 0.2);
  sine_in(dir, "Keys.wav", 2, 44100, 0.01, 0.2);
  sine_in(dir, "Lead Vox.wav", 1, RATE, 0.01, 0.2);
  sine_in(dir, "Surround.wav", 9, RATE, 0.01, 0.2); /* no layout of 9: commented out */
  sine_in(dir, "hall_ir.wav", 2, RATE, 0.01, 0.1);  /* set aside */
  sine_in(dir, "empty.wav", 1, RATE, 0.01, 0);      /* no audio: skipped */
  free(tu_write_text(dir, "notes.txt", "not audio\n"));

  sp_init_opts o = {.dir = dir, .media = sp_audio_media()};
  sp_init_plan p = {0};
  sp_diags d;
  sp_diags_init(&d);
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_OK);

  /* Two warnings, in file order, naming the files in full. */
  cr_assert_eq(d.n, 2);
  cr_assert_eq(sp_diags_errors(&d), 0);
  char *empty = sp_xasprintf("%s/empty.wav: skipped: it holds no audio", dir);
  cr_assert_str_eq(d.v[0].msg, empty);
  free(empty);
  char *notes = sp_xasprintf("%s/notes.txt: skipped: ", dir);
  cr_assert(strncmp(d.v[1].msg, notes, strlen(notes)) == 0, "%s", d.v[1].msg);
  free(notes);

  char *recipe = sp_xasprintf("%s/session.yaml", dir);
  cr_assert_str_eq(p.recipe_path, recipe);
  cr_assert_str_eq(p.recipe_dir, dir);
  free(recipe);
  cr_assert_eq(p.n_files, 8);
  cr_assert_eq(p.n_tracks, 6);
  cr_assert_eq(p.n_ir, 1);
  /* Sorted bytewise: upper case first. */
  cr_assert_str_eq(p.files[0].file, "Bass DI.wav");
  cr_assert_str_eq(p.files[p.n_files - 1].file, "kick!.wav");

  static const struct {
    const char *file, *name;
    sp_init_group group;
  } want[] = {
      {"Kick.wav", "kick", SP_INIT_DRUMS},         {"kick!.wav", "kick_2", SP_INIT_DRUMS},
      {"Drums.wav", "drums", SP_INIT_DRUMS},       {"Bass DI.wav", "bass_di", SP_INIT_BASS},
      {"Keys.wav", "keys", SP_INIT_MUSIC},         {"Lead Vox.wav", "lead_vox", SP_INIT_VOCALS},
      {"Surround.wav", "surround", SP_INIT_MUSIC}, {"hall_ir.wav", "hall_ir", SP_INIT_MUSIC},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const sp_init_file *f = file_named(&p, want[i].file);
    cr_expect_str_eq(f->name, want[i].name, "%s", want[i].file);
    cr_expect_eq(f->guess.group, want[i].group, "%s", want[i].file);
  }
  const sp_init_file *surround = file_named(&p, "Surround.wav");
  cr_assert(sp_init_is_commented(surround) && !sp_init_is_track(surround));
  const sp_init_file *ir = file_named(&p, "hall_ir.wav");
  cr_assert(ir->ir && !ir->ir_long && !sp_init_is_track(ir) && !sp_init_is_commented(ir));
  cr_assert_str_eq(ir->ir_word, "ir");

  /* Tracks per group (the commented-out one apart), the buses, and the rate:
   * two files at 44.1 kHz, four at 48 kHz. */
  size_t used[SP_INIT_GROUPS] = {
      [SP_INIT_DRUMS] = 3, [SP_INIT_BASS] = 1, [SP_INIT_MUSIC] = 1, [SP_INIT_VOCALS] = 1};
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
    cr_expect_eq(p.used[g], used[g], "%s", sp_init_group_names[g]);
  cr_assert_eq(p.commented[SP_INIT_MUSIC], 1);
  cr_assert_str_eq(p.bus[SP_INIT_DRUMS], "drums_bus");
  cr_assert_str_eq(p.bus[SP_INIT_BASS], "bass");
  cr_assert_str_eq(p.bus[SP_INIT_FX], "fx");
  cr_assert_eq(p.rate_hz, RATE);

  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
}

Test(init_engine, the_scan_refuses_what_it_cannot_scaffold, .init = setup, .fini = teardown)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_init_plan p = {0};

  /* Nothing but a text file. */
  free(tu_write_text(dir, "readme.txt", "no audio here\n"));
  sp_init_opts o = {.dir = dir, .media = sp_audio_media()};
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_IO);
  cr_assert_eq(sp_diags_status(&d), SP_ERR_IO);
  char *want = sp_xasprintf("no audio file in '%s' (wav, flac, aiff, w64, ogg, ...); give the "
                            "folder of the exported stems",
                            dir);
  cr_assert_str_eq(d.v[d.n - 1].msg, want);
  free(want);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);

  /* An impulse response alone. */
  sine_in(dir, "Hall IR.wav", 2, RATE, 0.01, 0.1);
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_IO);
  cr_assert(strstr(d.v[d.n - 1].msg, "only an impulse response (by its name)"), "%s",
            d.v[d.n - 1].msg);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);

  /* A recipe that exists is kept unless replace is set. */
  sine_in(dir, "gtr.wav", 1, RATE, 0.01, 0.1);
  free(tu_write_text(dir, "session.yaml", "old\n"));
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_USAGE);
  cr_assert(strstr(d.v[0].msg, "already exists; use --force"), "%s", d.v[0].msg);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
  o.replace = true;
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_OK);
  cr_assert_eq(p.n_tracks, 1);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);

  /* ... but never over one of the audio files. */
  char *gtr = tu_path(dir, "gtr.wav");
  o.out = gtr;
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_USAGE);
  cr_assert(strstr(d.v[d.n - 1].msg, "is one of the audio files"), "%s", d.v[d.n - 1].msg);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
  free(gtr);

  /* Not a folder; no such folder, named in full however long. */
  char *file = tu_path(dir, "readme.txt");
  o = (sp_init_opts){.dir = file, .media = sp_audio_media()};
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_USAGE);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
  free(file);
  char long_name[260];
  memset(long_name, 'L', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  char *missing = tu_path(dir, long_name);
  o = (sp_init_opts){.dir = missing, .media = sp_audio_media()};
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_ERR_IO);
  cr_assert(strstr(d.v[0].msg, missing), "cut: %s", d.v[0].msg);
  free(missing);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
}

/* Where the recipe goes, and how the files are named from there. */
Test(init_engine, the_recipe_path_and_the_files_relative_to_it, .init = setup, .fini = teardown)
{
  sine_in(dir, "gtr.wav", 1, RATE, 0.01, 0.1);
  char *sub = tu_path(dir, "sub");
  mkdir(sub, 0777);
  char *folder = sp_xasprintf("%s/", sub); /* a folder: sub/session.yaml */
  struct {
    const char *out;
    const char *path_in_dir, *rel;
  } cases[] = {
      {NULL, "session.yaml", ""},
      {folder, "sub/session.yaml", "../"},
      {sub, "sub/session.yaml", "../"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sp_init_opts o = {.dir = dir, .out = cases[i].out, .media = sp_audio_media()};
    sp_init_plan p = {0};
    sp_diags d;
    sp_diags_init(&d);
    cr_assert_eq(sp_init_scan(&o, &p, &d), SP_OK);
    char *want = tu_path(dir, cases[i].path_in_dir);
    cr_expect_str_eq(p.recipe_path, want, "case %zu", i);
    free(want);
    cr_assert_eq(sp_init_place(&p, &d), SP_OK);
    cr_expect_str_eq(p.rel, cases[i].rel, "case %zu", i);
    sp_init_plan_fini(&p);
    sp_diags_fini(&d);
  }
  free(folder);
  free(sub);
}

/* Two identical stereo files at 0.9 (-0.92 dBFS) sum to 1.8 (+5.11 dBFS):
 * the trim is -6.2 dB (the ceiling, rounded down to 0.1 dB), and the text
 * says so and parses with that trim on master and every track at unity. */
Test(init_engine, a_hot_sum_is_measured_and_trimmed, .init = setup, .fini = teardown)
{
  sine_in(dir, "gtr a.wav", 2, RATE, 0.9, 1);
  sine_in(dir, "gtr b.wav", 2, RATE, 0.9, 1);
  sp_init_opts o = {.dir = dir, .media = sp_audio_media()};
  sp_init_plan p = {0};
  sp_diags d;
  sp_diags_init(&d);
  cr_assert_eq(sp_init_scan(&o, &p, &d), SP_OK);
  cr_assert_eq(sp_init_place(&p, &d), SP_OK);
  char *text = NULL;
  cr_assert_eq(sp_init_recipe(&p, &text, &d), SP_OK);
  sp_diags_print(&d, stderr);
  cr_assert_eq(sp_diags_errors(&d), 0);

  double sum_db = 20 * log10(1.8);
  cr_assert_float_eq(p.levels.mix_dbfs, sum_db, 0.01, "%.3f dBFS", p.levels.mix_dbfs);
  cr_assert(p.levels.mix_dbtp >= p.levels.mix_dbfs - 1e-6);
  cr_assert_float_eq(p.levels.stem_dbfs, sum_db, 0.01, "the music stem is the mix");
  cr_assert_str_eq(p.levels.stem, "music");
  cr_assert_float_eq(p.trim_db, -6.2, 1e-9);
  cr_assert(strstr(text, "\nmaster:\n  trim: -6.2 dB           # for a peak of +5.1 dB at unity; "
                         "see above\n"),
            "%s", text);
  cr_assert(strstr(text, "# Headroom, measured when this recipe was written"), "%s", text);

  /* The text is a recipe that says what the plan says. */
  char *path = tu_path(dir, "session.yaml");
  sp_recipe *r = NULL;
  cr_assert_eq(sp_recipe_parse_string(path, text, &r, &d), SP_OK);
  cr_assert_float_eq(r->master.trim_db, -6.2, 1e-9);
  cr_assert_eq(r->n_tracks, 2);
  for (size_t i = 0; i < r->n_tracks; i++)
    cr_assert_eq(r->tracks[i].strip.gain.value, 0.0);
  cr_assert_eq(r->sample_rate, RATE);
  sp_recipe_free(r);
  free(path);

  /* The same plan gives the same bytes; without the trim, master is bare. */
  char *again = sp_init_text(&p);
  cr_assert_str_eq(again, text);
  free(again);
  p.trim_db = 0;
  char *bare = sp_init_text(&p);
  cr_assert(strstr(bare, "\nmaster: {}\n"), "%s", bare);
  cr_assert_null(strstr(bare, "Headroom"), "%s", bare);
  free(bare);

  free(text);
  sp_init_plan_fini(&p);
  sp_diags_fini(&d);
}
