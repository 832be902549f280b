/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line's conventions, through the binary as a user types it:
 * values with their unit after them (in the value, `-14LUFS` or
 * `'-14 LUFS'`, or as an argument of its own, `--target -14 LUFS`) on
 * every option whose help shows a unit; `--opt=value` on every command;
 * grouped short flags (`-qj2`, `-qj 2`); `--` ending the options; and the
 * messages for a wrong value, a wrong unit, a missing value, a flag given a
 * value, an unknown or ambiguous option. Then the shared parser
 * (cmd/args.c) itself, called twice in one process: getopt_long's global
 * state must not leak from one parse into the next. */

#include "cmd/cli.h"
#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { RATE = 48000, N = 2 * RATE };

static char *dir;

static float tone[2 * N];

static void setup(void)
{
  dir = tu_tmpdir();
  static float half[2 * N], noise[2 * N];
  uint64_t s = 7;
  for (int i = 0; i < N; i++) {
    /* 997 Hz at -20 dBFS peak in both channels: -20 LUFS, -20 dBTP */
    float v = (float)(0.1 * sin(2 * M_PI * 997.0 * i / RATE));
    tone[2 * i] = tone[2 * i + 1] = v;
    /* as a stem of the tone it leaves a residual of -26 dBFS peak */
    half[2 * i] = half[2 * i + 1] = v / 2;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    float w = (float)(((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.2);
    noise[2 * i] = w;
    noise[2 * i + 1] = -w;
  }
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 24, tone, N));
  free(tu_write_wav(dir, "half.wav", 2, RATE, 24, half, N));
  free(tu_write_wav(dir, "noise.wav", 2, RATE, 24, noise, N));
  /* Two stems, one track each. */
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\n"
                     "tracks:\n  tone: tone.wav\n  noise: noise.wav\n"
                     "stems:\n  one: [tone]\n  two: [noise]\n"));
  /* split: buses, the tone sending into a delay in stem fx: bleed between
   * -40 and -20 dBFS RMS (as in test_verify). */
  free(tu_write_text(dir, "bleed.yaml",
                     "stemprint: 1\n"
                     "tracks:\n"
                     "  tone: {file: tone.wav, to: a, sends: [{to: verb, level: -6 dB}]}\n"
                     "  noise: {file: noise.wav, to: b}\n"
                     "buses:\n"
                     "  a: {}\n"
                     "  b: {}\n"
                     "  verb: {inserts: [{delay: {time: 100 ms, feedback: 0.3}}]}\n"
                     "stems: {split: buses, a: [a], b: [b], fx: [verb]}\n"));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(args, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

static char *p(const char *name) { return tu_path(dir, name); }

/* Run stemprint with args and expect the exit status; stdout and stderr are
 * returned in out and err when not NULL (free them). */
static void expect_run(int status, const char *const *args, char **out, char **err)
{
  char *o = NULL, *e = NULL;
  int got = tu_run(args, &o, &e);
  char line[512] = "";
  for (size_t i = 0; args[i]; i++) {
    size_t used = strlen(line);
    snprintf(line + used, sizeof line - used, " %s", args[i]);
  }
  cr_assert_eq(got, status, "stemprint%s: exit %d, expected %d\nstdout: %s\nstderr: %s", line, got,
               status, o, e);
  if (out)
    *out = o;
  else
    free(o);
  if (err)
    *err = e;
  else
    free(e);
}

/* The usage error stemprint prints, whole: one line. */
static void expect_error(const char *const *args, const char *message)
{
  char *err = NULL;
  expect_run(2, args, NULL, &err);
  cr_expect(strstr(err, message), "expected\n  %s\ngot\n  %s", message, err);
  free(err);
}

Test(args, loudness_takes_units_after_the_values)
{
  char *t = p("tone.wav");
  /* Each unit as an argument of its own: the tone passes all three. */
  const char *apart[] = {"loudness", t,    "--target",        "-20", "LUFS", "--tolerance",
                         "0.5",      "LU", "--max-true-peak", "-1",  "dBTP", NULL};
  expect_run(0, apart, NULL, NULL);
  /* In the value, with = or without, blank or not; LKFS and dB too. */
  const char *inside[] = {
      "loudness", t, "--target=-20LUFS", "--tolerance=0.5 LU", "--max-true-peak=-1dB", NULL};
  expect_run(0, inside, NULL, NULL);
  const char *lkfs[] = {"loudness", "--target", "-20 LKFS", t, "--max-true-peak", "-1dBTP", NULL};
  expect_run(0, lkfs, NULL, NULL);
  /* The values are used: -14 LUFS and a -30 dB ceiling both fail. */
  char *err = NULL;
  const char *miss[] = {"loudness", t, "--target", "-14", "LUFS", NULL};
  expect_run(1, miss, NULL, &err);
  cr_expect(strstr(err, "outside -14.0 LUFS"), "%s", err);
  free(err);
  const char *peak[] = {"loudness", t, "--max-true-peak", "-30", "dB", NULL};
  expect_run(1, peak, NULL, NULL);
  /* A unit after a unit is a mistake, not a file. */
  expect_error((const char *[]){"loudness", t, "--target", "-20 LUFS", "LUFS", NULL},
               "--target '-20 LUFS LUFS': needs an integrated loudness in LUFS");
  free(t);
}

Test(args, null_takes_units_after_the_values)
{
  char *m = p("tone.wav"), *s = p("half.wav"), *out = NULL;
  /* The residual is -26 dBFS peak: -20 passes, -30 fails. */
  const char *apart[] = {"null", m,    s,   "--max-residual", "-20", "dBFS", "--max-lag",
                         "500",  "ms", NULL};
  expect_run(0, apart, &out, NULL);
  cr_expect(strstr(out, "(max -20.0 dBFS)"), "%s", out);
  free(out);
  const char *db[] = {"null", "--max-residual", "-30", "dB", m, s, NULL};
  expect_run(1, db, &out, NULL);
  cr_expect(strstr(out, "(max -30.0 dBFS)"), "%s", out);
  free(out);
  const char *inside[] = {"null", m, s, "--max-residual=-20dBFS", "--max-lag=0.5s", NULL};
  expect_run(0, inside, NULL, NULL);
  const char *blank[] = {"null", m, "--max-residual", "-30 dBFS", "--max-lag=250 ms", s, NULL};
  expect_run(1, blank, NULL, NULL);
  free(m);
  free(s);
}

Test(args, bleed_takes_a_unit_after_max_bleed)
{
  char *r = p("bleed.yaml"), *out = NULL;
  const char *quiet[] = {"bleed", r, "--max-bleed", "-10", "dB", NULL};
  expect_run(0, quiet, &out, NULL);
  cr_expect(strstr(out, "none above --max-bleed -10.0 dBFS"), "%s", out);
  free(out);
  const char *dbfs[] = {"bleed", "--max-bleed", "-10", "dBFS", r, NULL};
  expect_run(0, dbfs, NULL, NULL);
  const char *loud[] = {"bleed", r, "--max-bleed=-60dBFS", NULL};
  expect_run(1, loud, &out, NULL);
  cr_expect(strstr(out, "bleed: 'tone' reaches stem 'fx'"), "%s", out);
  free(out);
  char *o = p("bleed-out"), *d = sp_xasprintf("--output-dir=%s", o);
  const char *eq[] = {"bleed", r, "--max-bleed=-10 dB", d, NULL};
  expect_run(0, eq, NULL, NULL);
  expect_error((const char *[]){"bleed", r, "--output-dir=", NULL},
               "--output-dir '': needs a folder, like -o out or --output-dir=out");
  free(d);
  free(o);
  free(r);
}

/* Whether folder/name exists. */
static bool has(const char *folder, const char *name)
{
  char *path = tu_path(folder, name);
  bool yes = access(path, F_OK) == 0;
  free(path);
  return yes;
}

Test(args, render_takes_opt_equals_value_and_grouped_short_flags)
{
  char *r = p("song.yaml"), *o1 = p("out1"), *o2 = p("out2"), *o3 = p("out3");
  char *d1 = sp_xasprintf("--output-dir=%s", o1), *out = NULL;
  /* -q and -j 2 in one argument; the recipe between the options. */
  const char *grouped[] = {"render", "-qj2", r, d1, "--progress=none", "--block-frames=512", NULL};
  expect_run(0, grouped, &out, NULL);
  cr_expect_str_eq(out, "", "quiet prints nothing");
  free(out);
  cr_expect(has(o1, "mix.wav") && has(o1, "one.wav") && has(o1, "two.wav"), "mix and stems");
  /* -qj 2: the value in the next argument; -o's value attached. */
  char *d2 = sp_xasprintf("-o%s", o2);
  const char *apart[] = {"render", r, "-qj", "2", d2, NULL};
  expect_run(0, apart, &out, NULL);
  cr_expect_str_eq(out, "");
  free(out);
  cr_expect(has(o2, "mix.wav") && has(o2, "one.wav") && has(o2, "two.wav"), "mix and stems");
  /* --only=, --report=; -nq is a quiet dry run: nothing written. */
  char *rep = sp_xasprintf("--report=%s/r.json", o3);
  const char *only[] = {"render", r, "-o", o3, "--only=mix", rep, "-q", NULL};
  expect_run(0, only, NULL, NULL);
  cr_expect(has(o3, "mix.wav") && has(o3, "r.json"), "the mix and the report");
  cr_expect_not(has(o3, "one.wav"), "only the mix");
  char *o4 = p("out4");
  const char *dry[] = {"render", "-nqo", o4, r, NULL};
  expect_run(0, dry, NULL, NULL);
  cr_expect_eq(tu_count_entries(o4), -1, "a dry run writes nothing");
  free(o4);
  free(rep);
  free(d1);
  free(d2);
  free(o1);
  free(o2);
  free(o3);
  free(r);
}

/* One rule for every command: an option of one value given twice is an
 * error naming it, whatever its spellings (the last no longer wins
 * silently); a list takes each, a flag again changes nothing. */
Test(args, an_option_of_one_value_given_twice_is_an_error_in_every_command)
{
  char *r = p("song.yaml"), *o1 = p("t1"), *o2 = p("t2"), *t = p("tone.wav");
  static const struct {
    const char *args[10];
    const char *says;
  } rows[] = {
      {{"render", "R", "-o", "A", "-o", "B", NULL}, "--output-dir given twice; give it once"},
      {{"render", "R", "-o", "A", "--output-dir=B", NULL}, "--output-dir given twice"},
      {{"render", "R", "-j", "1", "--jobs", "2", NULL}, "--jobs given twice"},
      {{"loudness", "T", "--target", "-14", "--target", "-16", NULL}, "--target given twice"},
      {{"check", "R", "--stems", "none", "--stems", "tracks", NULL}, "--stems given twice"},
      {{"graph", "R", "--format", "dot", "--format", "text", NULL}, "--format given twice"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const char *args[10] = {0};
    for (size_t k = 0; rows[i].args[k]; k++)
      args[k] = strcmp(rows[i].args[k], "R") == 0   ? r
                : strcmp(rows[i].args[k], "T") == 0 ? t
                : strcmp(rows[i].args[k], "A") == 0 ? o1
                : strcmp(rows[i].args[k], "B") == 0 ? o2
                                                    : rows[i].args[k];
    char *err = NULL;
    expect_run(2, args, NULL, &err);
    cr_expect(err && strstr(err, rows[i].says), "%s: want '%s' in:\n%s", rows[i].args[0],
              rows[i].says, err);
    free(err);
    cr_expect_eq(tu_count_entries(o1) + tu_count_entries(o2), -2, "nothing written");
  }
  /* a flag twice, and a list, are fine */
  const char *ok[] = {"check", r, "--no-levels", "--no-levels", "--confine-to", "/",
                      "--confine-to", "/tmp", NULL};
  expect_run(0, ok, NULL, NULL);
  free(r);
  free(o1);
  free(o2);
  free(t);
}

Test(args, graph_check_and_init_take_the_same_forms)
{
  char *r = p("song.yaml"), *out = NULL;
  const char *json[] = {"graph", r, "--format=json", NULL};
  expect_run(0, json, &out, NULL);
  cr_expect(strstr(out, "\"nodes\""), "%.200s", out);
  free(out);
  const char *dot[] = {"graph", "-fdot", r, NULL};
  expect_run(0, dot, &out, NULL);
  cr_expect(strstr(out, "digraph"), "%.200s", out);
  free(out);
  /* -- ends the options; a long option may be abbreviated while it is
   * the only one that starts so. */
  const char *check[] = {"check", "--no-lev", "--", r, NULL};
  expect_run(0, check, &out, NULL);
  cr_expect(strstr(out, "ok"), "%s", out);
  free(out);
  /* init: --output=, and -f grouped with -o and its value. */
  char *audio = p("stems"), *recipe = p("stems/mine.yaml");
  cr_assert_eq(mkdir(audio, 0700), 0);
  free(tu_write_wav(audio, "kick.wav", 2, RATE, 24, tone, N));
  char *o = sp_xasprintf("--output=%s", recipe);
  const char *init[] = {"init", audio, o, NULL};
  expect_run(0, init, NULL, NULL);
  const char *again[] = {"init", audio, "-fo", recipe, NULL};
  expect_run(0, again, NULL, NULL);
  char *text = tu_slurp_must(recipe);
  cr_expect(strstr(text, "kick.wav"), "%s", text);
  free(text);
  free(o);
  free(audio);
  free(recipe);
  free(r);
}

Test(args, a_wrong_value_names_the_option_and_the_forms)
{
  char *r = p("song.yaml"), *t = p("tone.wav");
  expect_error((const char *[]){"render", r, "--jobs", "x", NULL},
               "stemprint: error: --jobs 'x': needs a whole number from 1 to 256, like -j 2 or "
               "--jobs=2 (see 'stemprint render --help')\n");
  expect_error((const char *[]){"render", r, "-qj0", NULL},
               "-j '0': needs a whole number from 1 to 256, like -j 2 or --jobs=2");
  expect_error((const char *[]){"render", r, "--progress=fast", NULL},
               "--progress 'fast': needs auto, bar, plain or none, like --progress plain or "
               "--progress=plain");
  expect_error((const char *[]){"graph", r, "--format", "svg", NULL},
               "--format 'svg': needs text, dot or json, like -f dot or --format=dot");
  expect_error((const char *[]){"loudness", t, "--target", "loud", NULL},
               "--target 'loud': needs an integrated loudness in LUFS (or LKFS), like --target "
               "-14 LUFS or --target=-14LUFS (see 'stemprint loudness --help')");
  expect_error((const char *[]){"loudness", t, "--target", "-14", "--tolerance=-1", NULL},
               "--tolerance '-1': needs a loudness difference of 0 LU or more");
  expect_error((const char *[]){"null", t, t, "--max-lag=20s", NULL},
               "--max-lag '20s': needs a time above 0 and at most 10 s");
  free(r);
  free(t);
}

Test(args, a_wrong_unit_is_refused_not_read_as_a_file)
{
  char *t = p("tone.wav"), *r = p("bleed.yaml");
  expect_error((const char *[]){"loudness", t, "--target", "-14", "dB", NULL},
               "--target '-14 dB': unit 'dB' does not fit here: it needs an integrated loudness in LUFS (or LKFS), like --target "
               "-14 LUFS or --target=-14LUFS");
  expect_error((const char *[]){"loudness", t, "--target=-14dB", NULL},
               "--target '-14dB': unit 'dB' does not fit here: it needs an integrated loudness in LUFS");
  expect_error((const char *[]){"loudness", t, "--target", "-14", "lufs", NULL},
               "--target '-14 lufs': needs");
  expect_error((const char *[]){"loudness", t, "--tolerance", "1", "dB", "--target", "-20", NULL},
               "--tolerance '1 dB': unit 'dB' does not fit here: it needs a loudness difference of 0 LU or more, like "
               "--tolerance 1 LU or --tolerance=1LU");
  expect_error((const char *[]){"loudness", t, "--max-true-peak", "-1", "LUFS", NULL},
               "--max-true-peak '-1 LUFS': unit 'LUFS' does not fit here: it needs a true-peak level in dBTP (or dB)");
  expect_error((const char *[]){"null", t, t, "--max-residual", "-120", "LUFS", NULL},
               "--max-residual '-120 LUFS': unit 'LUFS' does not fit here: it needs a level in dBFS (or dB), like --max-residual "
               "-120 dBFS or --max-residual=-120dBFS");
  expect_error((const char *[]){"null", t, t, "--max-lag", "480", "smp", NULL},
               "--max-lag '480 smp': unit 'smp' does not fit here: it needs a time above 0 and at most 10 s");
  expect_error((const char *[]){"bleed", r, "--max-bleed", "-20", "LU", NULL},
               "--max-bleed '-20 LU': unit 'LU' does not fit here: it needs a level in dBFS (or dB)");
  /* A value without a unit leaves the next argument alone: it is a file. */
  const char *file[] = {"loudness", "--target", "-20", t, NULL};
  expect_run(0, file, NULL, NULL);
  free(t);
  free(r);
}

Test(args, a_missing_value_says_which_option_needs_it)
{
  char *r = p("song.yaml"), *t = p("tone.wav");
  expect_error((const char *[]){"loudness", t, "--target", NULL},
               "stemprint: error: --target needs an integrated loudness in LUFS (or LKFS), like "
               "--target -14 LUFS or --target=-14LUFS (see 'stemprint loudness --help')\n");
  expect_error((const char *[]){"render", r, "-qj", NULL},
               "-j needs a whole number from 1 to 256, like -j 2 or --jobs=2");
  expect_error((const char *[]){"render", r, "--report", NULL},
               "--report needs a file name, like --report report.json or --report=report.json");
  expect_error((const char *[]){"null", t, t, "--max-residual", NULL},
               "--max-residual needs a level in dBFS (or dB)");
  expect_error((const char *[]){"bleed", r, "--max-bleed", NULL},
               "--max-bleed needs a level in dBFS (or dB)");
  expect_error((const char *[]){"graph", r, "-f", NULL}, "-f needs text, dot or json");
  expect_error((const char *[]){"init", "-o", NULL}, "-o needs the recipe's path");
  free(r);
  free(t);
}

Test(args, an_unknown_option_gets_a_did_you_mean)
{
  char *r = p("song.yaml"), *t = p("tone.wav");
  expect_error((const char *[]){"loudness", t, "--jsn", NULL},
               "stemprint: error: unknown option '--jsn'; did you mean '--json'? (see 'stemprint "
               "loudness --help')\n");
  expect_error((const char *[]){"render", r, "--dryrun", NULL},
               "unknown option '--dryrun'; did you mean '--dry-run'?");
  expect_error((const char *[]){"null", t, t, "--max-residul=-90", NULL},
               "unknown option '--max-residul'; did you mean '--max-residual'?");
  expect_error((const char *[]){"check", r, "--nolevels", NULL},
               "unknown option '--nolevels'; did you mean '--no-levels'?");
  expect_error((const char *[]){"loudness", "-json", t, NULL},
               "unknown option '-j' in '-json'; did you mean '--json'?");
  /* An abbreviation that fits two options names both. */
  expect_error((const char *[]){"null", t, t, "--max", "-90", NULL},
               "option '--max' is ambiguous; did you mean '--max-residual' or '--max-lag'?");
  /* A flag given a value. */
  expect_error((const char *[]){"loudness", t, "--json=yes", NULL},
               "'--json=yes': --json takes no value; give --json alone");
  /* Nothing close: no guess. */
  char *err = NULL;
  const char *bogus[] = {"bleed", r, "--frobnicate", NULL};
  expect_run(2, bogus, NULL, &err);
  cr_expect(strstr(err, "unknown option '--frobnicate' (see 'stemprint bleed --help')"), "%s", err);
  free(err);
  free(r);
  free(t);
}

/* ---- the parser itself, in this process ------------------------------------ */

static const char help[] = "usage: test\n";

typedef struct parsed {
  bool quiet, json;
  long jobs;
  double level;
  const char *out;
} parsed;

static sp_err parse(char **argv, int argc, parsed *v, sp_args *a)
{
  *v = (parsed){.jobs = 1, .level = NAN};
  const sp_arg opts[] = {
      {.name = "quiet", .letter = 'q', .kind = SP_ARG_FLAG, .to = &v->quiet},
      {.name = "json", .kind = SP_ARG_FLAG, .to = &v->json},
      {.name = "jobs",
       .letter = 'j',
       .kind = SP_ARG_WHOLE,
       .to = &v->jobs,
       .what = "a whole number from 1 to 256",
       .example = "2",
       .min = 1,
       .max = 256},
      {.name = "level",
       .kind = SP_ARG_VALUE,
       .to = &v->level,
       .unit = SP_UNIT_DB,
       .min = -INFINITY,
       .max = 24,
       .what = "a gain in dB",
       .example = "-3 dB"},
      {.name = "out",
       .letter = 'o',
       .kind = SP_ARG_TEXT,
       .to = &v->out,
       .what = "a folder",
       .example = "out"},
      {.name = NULL},
  };
  return sp_args_parse("test", help, opts, argc, argv, a);
}

Test(args, parses_twice_in_one_process_without_leftover_state)
{
  cr_redirect_stderr();
  cr_redirect_stdout();
  parsed v;
  sp_args a;
  /* Stopped in the middle of a group: glibc's getopt remembers where. */
  char *first[] = {"-xq", "a", NULL};
  cr_assert_eq(parse(first, 2, &v, &a), SP_ERR_USAGE);
  sp_args_fini(&a);
  /* A fresh parse starts over: -j3 is not read as the rest of "-xq". */
  char *second[] = {"b", "-j3", "--level", "-inf", "dB", "-qo", "dir", "--", "-c", NULL};
  cr_assert_eq(parse(second, 9, &v, &a), SP_OK);
  cr_expect_eq(v.jobs, 3);
  cr_expect(v.quiet);
  cr_expect_not(v.json);
  cr_expect(isinf(v.level) && v.level < 0, "%g", v.level);
  cr_expect_str_eq(v.out, "dir");
  cr_assert_eq(a.n_pos, 2);
  cr_expect_str_eq(a.pos[0], "b");
  cr_expect_str_eq(a.pos[1], "-c");
  /* argv is left as it was: positional arguments were not moved. */
  cr_expect_str_eq(second[0], "b");
  cr_expect_str_eq(second[1], "-j3");
  cr_expect_str_eq(second[8], "-c");
  sp_args_fini(&a);
  /* And once more, the same words: the same result. */
  cr_assert_eq(parse(second, 9, &v, &a), SP_OK);
  cr_expect_eq(v.jobs, 3);
  cr_expect_eq(a.n_pos, 2);
  sp_args_fini(&a);
  /* Help stops the parse; nothing is left to free. */
  char *h[] = {"x", "-qh", "--bogus", NULL};
  cr_assert_eq(parse(h, 3, &v, &a), SP_OK);
  cr_expect(a.help);
  cr_expect_eq(a.n_pos, 0);
  sp_args_fini(&a);
}

/* sp_cli_parse: a command's positional arguments counted against its spec,
 * with its own words for too few and too many (the latter may name the
 * first two); the values of a list option belong to the args and go with
 * them, after a mistake too. */
Test(args, a_spec_counts_the_arguments_and_the_args_own_the_lists)
{
  cr_redirect_stderr();
  cr_redirect_stdout();
  static const sp_cli_spec spec = {
      "test", "usage: test\n", 1, 2, "give one", "at most two, not '%s' and '%s' and more", 0};
  sp_arg_list roots = {0};
  const sp_arg opts[] = {
      {.name = "to", .kind = SP_ARG_LIST, .to = &roots, .what = "a folder", .example = "."},
      {.name = NULL},
  };
  sp_args a;
  int status = -1;
  char *two[] = {"--to", "x", "a", "--to=y", "b", NULL};
  cr_assert(sp_cli_parse(&spec, opts, 5, two, &a, &status));
  cr_expect_eq(status, 0);
  cr_assert_eq(a.n_pos, 2);
  cr_assert_eq(roots.n, 2);
  cr_expect_str_eq(roots.v[0], "x");
  cr_expect_str_eq(roots.v[1], "y");
  sp_args_fini(&a);
  cr_expect_eq(roots.n, 0);
  cr_expect_null(roots.v);
  char *none[] = {"--to", "x", NULL};
  cr_expect_not(sp_cli_parse(&spec, opts, 2, none, &a, &status));
  cr_expect_eq(status, SP_ERR_USAGE);
  cr_expect_eq(roots.n, 0, "a refused command line leaves no list behind");
  char *three[] = {"a", "b", "c", NULL};
  cr_expect_not(sp_cli_parse(&spec, opts, 3, three, &a, &status));
  cr_expect_eq(status, SP_ERR_USAGE);
  char *asks[] = {"--help", NULL};
  cr_expect_not(sp_cli_parse(&spec, opts, 1, asks, &a, &status));
  cr_expect_eq(status, 0);
  fflush(stderr);
  cr_expect_stderr_eq_str("stemprint: error: give one (see 'stemprint test --help')\n"
                          "stemprint: error: at most two, not 'a' and 'b' and more (see "
                          "'stemprint test --help')\n");
}
