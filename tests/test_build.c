/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint in build systems: the depfile's exact text (regions, an IR, a
 * path with a space), make rebuilding only the song whose source changed
 * (the album example, run twice with mtimes checked), -j 1 and -j 2
 * printing the same bytes, progress only on stderr and never with --quiet,
 * --only and --dry-run, and a failing recipe among several. */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  static float a[9600], ir[480];
  for (int i = 0; i < 9600; i++)
    a[i] = (float)(0.2 * ((i * 7919) % 200 - 100) / 100.0);
  for (int i = 0; i < 480; i++)
    ir[i] = (float)(0.3 * (480 - i) / 480.0 * ((i % 2) ? 1 : -1));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 9600));
  free(tu_write_wav(dir, "b c.wav", 1, 48000, 24, a, 9600));
  free(tu_write_wav(dir, "ir.wav", 1, 48000, 24, ir, 480));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(build, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(180));

static const char *song =
    "stemprint: 1\n"
    "tracks:\n"
    "  a:\n"
    "    regions: [{file: a.wav, at: 0}, {file: a.wav, at: 0.1, from: 0.05}]\n"
    "    sends: [{to: verb}]\n"
    "  b: {file: b c.wav, gain: -6 dB}\n"
    "buses:\n"
    "  verb: {inserts: [{convolver: {ir: ir.wav}}]}\n"
    "stems: {one: [a], two: [b]}\n";

Test(build, depfile_lists_outputs_recipe_sources_and_ir_escaped)
{
  char *r = tu_write_text(dir, "song.yaml", song);
  char *d = tu_path(dir, "deps/song.d");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", r, "--depfile", d, "-q", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  char *text = tu_slurp(d);
  cr_assert_not_null(text);
  const char *D = dir;
  char *want = sp_xasprintf("%s/out/song/mix.wav %s/out/song/one.wav %s/out/song/two.wav : \\\n"
                            "  %s/song.yaml \\\n"
                            "  %s/a.wav \\\n"
                            "  %s/b\\ c.wav \\\n"
                            "  %s/ir.wav\n"
                            "\n%s/a.wav:\n"
                            "\n%s/b\\ c.wav:\n"
                            "\n%s/ir.wav:\n",
                            D, D, D, D, D, D, D, D, D, D);
  cr_assert_str_eq(text, want);
  free(want);
  free(text);
  free(out);
  free(err);
  free(d);
  free(r);
}

/* Skips the test when make is not installed. */
static void need_make(void)
{
  if (system("command -v make >/dev/null 2>&1") != 0)
    cr_skip_test("make is not installed (sh scripts/deps.sh installs it)");
}

/* make in dir with -f dir/Makefile and args; its exit status, its output
 * in *log (heap). */
static int make_in_dir(const char *args, char **log)
{
  char *p = tu_path(dir, "make.log");
  char *cmd = sp_xasprintf("make -f '%s/Makefile' %s >'%s' 2>&1", dir, args, p);
  const int rc = system(cmd);
  *log = tu_slurp(p);
  free(cmd);
  free(p);
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* The depfile writes each name as GNU make reads it back, as GCC's -MD
 * does: a '%' in a target behind a backslash (else make reads a pattern),
 * a backslash in a name left as it is (make reads it so), '=' as "$(or =)"
 * (else make reads the line as a variable's assignment), '|' behind a
 * backslash in a prerequisite (else order-only ones follow; in a target
 * make reads it as it is), '#', ':' and a tab behind one, '$' doubled.
 * make, with the depfile included, finds the render up to date, out of
 * date once a source is touched, and names each missing source by its
 * own name: out of date, its empty rule's name the one make looks for
 * (a tab's name, which make cannot read as a target, has none: make
 * stops there, as before empty rules). Before: 'o%ut/mix.wav r%.json :' made make stop ("mixed
 * implicit and normal rules"), a source back\slash.wav was written
 * back\\slash.wav, a file make looked for and never found; a report
 * r%=.json made the rule a variable's assignment, and a source p|pe.wav
 * was read as "p" and an order-only "pe.wav". */
Test(build, depfile_names_read_back_by_make_as_written)
{
  need_make();
  static float a[4800];
  static const char *const sources[] = {"back\\slash.wav", "b%c.wav",    "e=q.wav",    "p|pe.wav",
                                        "h#sh.wav",        "d$llar.wav", "co:lon.wav", "t\tab.wav",
                                        "a[1].wav",        "st*r.wav",   "q?.wav"};
  enum { N = sizeof sources / sizeof sources[0] };
  for (size_t k = 0; k < N; k++)
    free(tu_write_wav(dir, sources[k], 1, 48000, 24, a, 4800));
  char *r = tu_write_text(dir, "pc.yaml",
                          "stemprint: 1\ntracks:\n  a: {file: \"back\\\\slash.wav\"}\n"
                          "  b: {file: b%c.wav}\n  c: {file: \"e=q.wav\"}\n"
                          "  d: {file: \"p|pe.wav\"}\n  e: {file: \"h#sh.wav\"}\n"
                          "  f: {file: \"d$llar.wav\"}\n  g: {file: \"co:lon.wav\"}\n"
                          "  h: {file: \"t\\tab.wav\"}\n  i: {file: \"a[1].wav\"}\n"
                          "  j: {file: \"st*r.wav\"}\n  k: {file: \"q?.wav\"}\n");
  char *o = tu_path(dir, "o%u|t"), *rep = tu_path(dir, "r%=.json"), *d = tu_path(dir, "pc.d");
  char *err = NULL;
  const char *args[] = {"render", r, "-o", o, "--report", rep, "--depfile", d, "-q", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *text = tu_slurp(d);
  const char *D = dir;
  char *want = sp_xasprintf("%s/o\\%%u|t/mix.wav %s/r\\%%$(or =).json : \\\n"
                            "  %s/pc.yaml \\\n"
                            "  %s/back\\slash.wav \\\n"
                            "  %s/b%%c.wav \\\n"
                            "  %s/e$(or =)q.wav \\\n"
                            "  %s/p\\|pe.wav \\\n"
                            "  %s/h\\#sh.wav \\\n"
                            "  %s/d$$llar.wav \\\n"
                            "  %s/co\\:lon.wav \\\n"
                            "  %s/t\\\tab.wav \\\n"
                            "  %s/a\\[1\\].wav \\\n"
                            "  %s/st\\*r.wav \\\n"
                            "  %s/q\\?.wav\n"
                            "\n%s/back\\slash.wav:\n"
                            "\n%s/b\\%%c.wav:\n"
                            "\n%s/e$(or =)q.wav:\n"
                            "\n%s/p|pe.wav:\n"
                            "\n%s/h\\#sh.wav:\n"
                            "\n%s/d$$llar.wav:\n"
                            "\n%s/co\\:lon.wav:\n"
                            "\n%s/a\\[1\\].wav:\n"
                            "\n%s/st\\*r.wav:\n"
                            "\n%s/q\\?.wav:\n",
                            D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D);
  cr_expect_str_eq(text, want);
  free(want);
  free(text);
  /* make: the mix built by a recipe of the Makefile's own */
  char *mk = sp_xasprintf("include %s\n%s/o\\%%u|t/mix.wav:\n\t@echo build\n", d, D);
  free(tu_write_text(dir, "Makefile", mk));
  free(mk);
  char *goal = sp_xasprintf("'%s/o%%u|t/mix.wav'", D), *log = NULL;
  cr_expect_eq(make_in_dir(goal, &log), 0, "make -q finds it out of date: %s", log);
  free(log);
  for (size_t k = 0; k < N; k++) {
    char *src = tu_path(dir, sources[k]), *hid = tu_path(dir, "hidden");
    cr_assert_eq(rename(src, hid), 0);
    /* a wildcard's name make says with its backslashes, missing (glob
     * gives back the pattern it matched nothing with) */
    const bool tab = strchr(sources[k], '\t') != NULL;
    char *args_n = sp_xasprintf("-n --debug=b %s", goal), *said = sp_xasprintf("'%s'", src);
    if (strpbrk(sources[k], "*?[")) {
      free(said);
      said = sp_xasprintf("'%s/%s'", D,
                          k == 8   ? "a\\[1\\].wav"
                          : k == 9 ? "st\\*r.wav"
                                   : "q\\?.wav");
    }
    cr_expect_eq(make_in_dir(args_n, &log), tab ? 2 : 0, "%s", log);
    cr_expect(log && strstr(log, said), "want %s in: %s", said, log);
    cr_expect(tab || (log && strstr(log, "echo build")), "rebuilt: %s", log);
    free(log);
    cr_assert_eq(rename(hid, src), 0);
    /* touched: out of date, then up to date once the mix is newer */
    struct timeval later[2] = {{.tv_sec = 4000000000}, {.tv_sec = 4000000000}};
    cr_assert_eq(utimes(src, later), 0);
    char *args_q = sp_xasprintf("-q %s", goal);
    cr_expect_eq(make_in_dir(args_q, &log), 1, "%s touched: %s", sources[k], log);
    free(log);
    free(args_q);
    free(args_n);
    free(said);
    free(hid);
    cr_assert_eq(utimes(src, NULL), 0);
    free(src);
  }
  free(goal);
  free(d);
  free(rep);
  free(o);
  free(r);
}

/* With several recipes, one whose name make cannot read back refuses the
 * whole command before any of them renders or is served: exit 2, the
 * name said at its recipe's key with the fix, a line saying none of them
 * rendered, no output folder of any, no depfile; wherever it stands among
 * them, and with two refused, both said. Before: the others rendered,
 * their prints landed and the depfile held their rules, exit 2. */
Test(build, depfile_name_make_cannot_read_refuses_every_recipe_given_with_it)
{
  static float a[4800];
  free(tu_write_wav(dir, "se;mi.wav", 1, 48000, 24, a, 4800));
  free(tu_write_wav(dir, "li\nne.wav", 1, 48000, 24, a, 4800));
  char *semi =
      tu_write_text(dir, "semi.yaml", "stemprint: 1\ntracks:\n  a: {file: \"se;mi.wav\"}\n");
  char *plain = tu_write_text(dir, "plain.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *other = tu_write_text(dir, "other.yaml", "stemprint: 1\ntracks:\n  a: {file: b c.wav}\n");
  char *line =
      tu_write_text(dir, "line.yaml", "stemprint: 1\ntracks:\n  a: {file: \"li\\nne.wav\"}\n");
  char *o = tu_path(dir, "o"), *od = tu_path(dir, "o/{recipe}"), *d = tu_path(dir, "deps/all.d");
  const struct {
    const char *recipes[3];
    const char *said;
  } cases[] = {
      {{plain, semi, other}, "none of the 3 recipes rendered, for the name of "},
      {{semi, plain, other}, "none of the 3 recipes rendered, for the name of "},
      {{plain, other, semi}, "none of the 3 recipes rendered, for the name of "},
      {{semi, plain, line}, "none of the 3 recipes rendered, for the names of 2 of them"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *err = NULL;
    const char *args[] = {"render",
                          cases[k].recipes[0],
                          cases[k].recipes[1],
                          cases[k].recipes[2],
                          "-o",
                          od,
                          "--depfile",
                          d,
                          "-q",
                          NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 2, "case %zu: %s", k, err);
    cr_expect(err && strstr(err, "semi.yaml:3:13: tracks.a.file: --depfile: make cannot read "
                                 "back the name"),
              "case %zu: %s", k, err);
    cr_expect(err && strstr(err, "rename it, or render without --depfile"), "%s", err);
    cr_expect(err && strstr(err, cases[k].said), "case %zu: want %s in: %s", k, cases[k].said, err);
    if (k == 3)
      cr_expect(err && strstr(err, "line.yaml:3:13: tracks.a.file: --depfile"), "%s", err);
    cr_expect_eq(tu_count_entries(o), -1, "case %zu: nothing rendered, no output folder", k);
    cr_expect_neq(access(d, F_OK), 0, "case %zu: no depfile", k);
    free(err);
    tu_rmtree(o);
  }
  /* without the refused one: both render, the depfile has both rules */
  char *err = NULL;
  const char *args[] = {"render", plain, other, "-o", od, "--depfile", d, "-q", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  char *text = tu_slurp(d);
  cr_expect(text && strstr(text, "/o/plain/mix.wav :") && strstr(text, "/o/other/mix.wav :"), "%s",
            text);
  free(text);
  free(err);
  free(d);
  free(od);
  free(o);
  free(line);
  free(other);
  free(plain);
  free(semi);
}

/* With several recipes refused for one's name make cannot read back,
 * --report is written as --html and --junit are: each recipe a render
 * that did not render (status 2), its diagnostics the command's refusal
 * and, for the recipe whose name it is, that name at its key with the
 * fix. Before: no report was written at all (--junit was). */
Test(build, depfile_refusal_of_several_recipes_writes_the_report_saying_why)
{
  static float a[4800];
  free(tu_write_wav(dir, "se;mi.wav", 1, 48000, 24, a, 4800));
  char *semi =
      tu_write_text(dir, "semi.yaml", "stemprint: 1\ntracks:\n  a: {file: \"se;mi.wav\"}\n");
  char *plain = tu_write_text(dir, "plain.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *od = tu_path(dir, "o/{recipe}"), *d = tu_path(dir, "all.d"), *r = tu_path(dir, "r.json"),
       *ju = tu_path(dir, "j.xml");
  char *err = NULL;
  const char *args[] = {"render",   plain, semi,      "-o", od,   "--depfile", d,
                        "--report", r,     "--junit", ju,   "-q", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect_eq(access(ju, F_OK), 0, "the junit file is written");
  cr_expect_neq(access(d, F_OK), 0, "no depfile");
  char *text = tu_slurp(r);
  cr_assert(text, "no report written: %s", err);
  json_t *root = json_loads(text, 0, NULL), *renders = json_object_get(root, "renders");
  cr_assert_eq(json_array_size(renders), 2, "%s", text);
  const char *refusal = "none of the 2 recipes rendered, for the name of ";
  for (size_t k = 0; k < 2; k++) {
    json_t *o = json_array_get(renders, k), *diags = json_object_get(o, "diagnostics");
    cr_expect_str_eq(json_string_value(json_object_get(o, "recipe")), k ? semi : plain);
    cr_expect_eq(json_integer_value(json_object_get(o, "status")), 2);
    cr_expect(json_is_false(json_object_get(o, "passed")));
    bool said_refusal = false, said_name = false;
    for (size_t i = 0; i < json_array_size(diags); i++) {
      json_t *g = json_array_get(diags, i);
      const char *m = json_string_value(json_object_get(g, "message"));
      said_refusal |= m && strncmp(m, refusal, strlen(refusal)) == 0;
      if (m && strstr(m, "--depfile: make cannot read back the name")) {
        said_name = true;
        cr_expect_eq(json_integer_value(json_object_get(g, "line")), 3);
        cr_expect_str_eq(json_string_value(json_object_get(g, "path")), "tracks.a.file");
        cr_expect_str_eq(json_string_value(json_object_get(g, "hint")),
                         "rename it, or render without --depfile");
      }
    }
    cr_expect(said_refusal, "recipe %zu: %s", k, text);
    cr_expect_eq(said_name, k == 1, "recipe %zu: %s", k, text);
  }
  json_decref(root);
  free(text);
  free(err);
  free(ju);
  free(r);
  free(d);
  free(od);
  free(plain);
  free(semi);
}

/* A name make cannot be told so that it reads it back as it is (';'
 * starts a recipe whatever quotes it, "take(2)" is read as a member of an
 * archive) is refused with --depfile before
 * anything renders: exit 2, the name, why and the fix said at the key
 * that names it, no print, no depfile (a report says the recipe failed,
 * and why). Without --depfile the same render
 * prints. Before: the render printed and wrote a depfile make read as
 * another rule ("a" and a recipe "b.wav" for 'se;mi.wav'). */
Test(build, depfile_name_make_cannot_read_is_refused_before_anything_renders)
{
  static float a[4800];
  free(tu_write_wav(dir, "se;mi.wav", 1, 48000, 24, a, 4800));
  free(tu_write_wav(dir, "take(2)", 1, 48000, 24, a, 4800));
  char *semi =
      tu_write_text(dir, "semi.yaml", "stemprint: 1\ntracks:\n  a: {file: \"se;mi.wav\"}\n");
  char *plain = tu_write_text(dir, "plain.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *take = tu_write_text(dir, "take.yaml", "stemprint: 1\ntracks:\n  a: {file: take(2)}\n");
  char *semi_src = tu_path(dir, "se;mi.wav"), *take_src = tu_path(dir, "take(2)");
  char *bad_report = tu_path(dir, "r;1.json");
  const struct {
    const char *recipe, *report, *name, *why, *key;
  } cases[] = {
      {semi, NULL, semi_src, "holds ';', which make reads as the start of the rule's recipe",
       "semi.yaml:3:13: tracks.a.file: "},
      {plain, bad_report, bad_report, "holds ';'", "plain.yaml: "},
      {take, NULL, take_src, "a member of an archive", "take.yaml:3:13: tracks.a.file: "},
  };
  char *o = tu_path(dir, "refused"), *d = tu_path(dir, "refused.d");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *err = NULL;
    const char *args[] = {"render",   cases[k].recipe, "-o", o, "--depfile", d,
                          "--report", cases[k].report, NULL};
    if (!cases[k].report)
      args[6] = "-q", args[7] = NULL;
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
    char *said = sp_xasprintf("--depfile: make cannot read back the name '%s'", cases[k].name);
    cr_expect(strstr(err, said), "want %s in: %s", said, err);
    cr_expect(strstr(err, cases[k].why) && strstr(err, cases[k].key), "%s", err);
    cr_expect(strstr(err, "rename it, or render without --depfile"), "%s", err);
    cr_expect_eq(tu_count_entries(o), -1, "%s: nothing was rendered", cases[k].recipe);
    cr_expect_neq(access(d, F_OK), 0, "no depfile");
    if (cases[k].report) { /* the report of a recipe that failed: it says why */
      char *report = tu_slurp(cases[k].report);
      cr_expect(report && strstr(report, "make cannot read back"), "%s", report);
      free(report);
      unlink(cases[k].report);
    }
    free(said);
    free(err);
    /* without --depfile: no name of it is make's */
    const char *without[] = {"render", cases[k].recipe, "-o", o, "-q", NULL};
    cr_expect_eq(tu_run(without, NULL, &err), 0, "%s", err);
    free(err);
    tu_rmtree(o);
  }
  free(d);
  free(o);
  free(bad_report);
  free(take_src);
  free(semi_src);
  free(take);
  free(plain);
  free(semi);
}

Test(build, jobs_give_identical_bytes_and_output_in_recipe_order)
{
  char *r1 = tu_write_text(dir, "s1.yaml", song);
  char *r2 = tu_write_text(dir, "s2.yaml", song);
  char *o1 = tu_path(dir, "j1/{recipe}"), *o2 = tu_path(dir, "j2/{recipe}");
  char *out1 = NULL, *out2 = NULL;
  const char *a1[] = {"render", r1, r2, "-j", "1", "-o", o1, "--progress", "none", NULL};
  const char *a2[] = {"render", r1, r2, "-j", "2", "-o", o2, "--progress", "none", NULL};
  cr_assert_eq(tu_run(a1, &out1, NULL), 0);
  cr_assert_eq(tu_run(a2, &out2, NULL), 0);
  const char *files[] = {"s1/mix.wav", "s1/one.wav", "s1/two.wav",
                         "s2/mix.wav", "s2/one.wav", "s2/two.wav"};
  char *j1 = tu_path(dir, "j1"), *j2 = tu_path(dir, "j2");
  for (size_t k = 0; k < 6; k++) {
    char *f1 = tu_path(j1, files[k]), *f2 = tu_path(j2, files[k]);
    cr_assert(tu_same_bytes(f1, f2), "%s differs between -j 1 and -j 2", files[k]);
    free(f1);
    free(f2);
  }
  /* s1's summary comes before s2's whatever finished first */
  cr_assert_lt(strstr(out2, "s1.yaml:"), strstr(out2, "s2.yaml:"));
  free(j1);
  free(j2);
  free(out1);
  free(out2);
  free(o1);
  free(o2);
  free(r1);
  free(r2);
}

/* One -o for two recipes that print the same names: refused before
 * anything renders, with the fix. */
Test(build, two_recipes_writing_one_file_are_refused)
{
  char *r1 = tu_write_text(dir, "c1.yaml", song);
  char *r2 = tu_write_text(dir, "c2.yaml", song);
  char *o = tu_path(dir, "shared"), *err = NULL;
  const char *args[] = {"render", r1, r2, "-o", o, "-q", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2);
  cr_assert(strstr(err, "would both write"), "%s", err);
  cr_assert(strstr(err, "/shared/mix.wav'"), "%s", err);
  cr_assert(strstr(err, "/shared/{recipe}'"), "%s", err);
  cr_assert_eq(tu_count_entries(o), -1, "nothing was rendered");
  /* an HTML page still says what happened: no stale page stands in */
  char *page = tu_path(dir, "clash.html");
  free(tu_write_text(dir, "clash.html", "an older page"));
  const char *with_html[] = {"render", r1, r2, "-o", o, "-q", "--html", page, NULL};
  free(err);
  err = NULL;
  cr_assert_eq(tu_run(with_html, NULL, &err), 2);
  char *text = tu_slurp(page);
  cr_assert(text && strstr(text, "would both write"), "%s", text ? text : "(no page)");
  free(text);
  free(page);
  free(err);
  free(o);
  free(r1);
  free(r2);
}

/* Two recipes of one name in two folders under one -o 'DIR/{recipe}': the
 * fix names what tells them apart, not a template that meets again. Before:
 * "like -o 'DIR/{recipe}/{recipe}'", which clashed again and suggested one
 * more {recipe}. After: their names are the same, and the fixes; two file
 * names of one base name are told apart by {input}. */
Test(build, two_recipes_of_one_name_are_told_their_names_are_the_same)
{
  static const char one[] = "stemprint: 1\ntracks: {a: ../a.wav}\n";
  char *x = tu_path(dir, "x"), *y = tu_path(dir, "y");
  cr_assert_eq(mkdir(x, 0755), 0);
  cr_assert_eq(mkdir(y, 0755), 0);
  char *r1 = tu_write_text(x, "song.yaml", one), *r2 = tu_write_text(y, "song.yaml", one),
       *r3 = tu_write_text(x, "song.yml", one), *o = tu_path(dir, "o/{recipe}"), *err = NULL;
  const char *args[] = {"render", r1, r2, "-o", o, "-q", NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "would both write") && !strstr(err, "{recipe}/{recipe}") &&
                strstr(err, "their names are the same ('song.yaml'), so neither {recipe} nor "
                            "{input} in -o tells them apart: rename one, or render each with "
                            "its own -o"),
            "%s", err);
  free(err);
  err = NULL;
  const char *by_input[] = {"render", r1, r3, "-o", o, "-q", NULL};
  cr_assert_eq(tu_run(by_input, NULL, &err), 2);
  cr_expect(strstr(err, "/o/{recipe}/{input}' ({input} is each recipe's file name)"), "%s", err);
  cr_expect_eq(tu_count_entries(x), 2, "nothing was rendered");
  free(err);
  free(o);
  free(r1);
  free(r2);
  free(r3);
  free(x);
  free(y);
}

/* The threads inside one render: test_demo renders the demo on 1, 2 and 4
 * threads (cli_renders_identical_bytes_at_any_block_size_and_thread_count). */

Test(build, progress_is_on_stderr_only_and_quiet_is_silent)
{
  char *r = tu_write_text(dir, "p.yaml", song);
  char *out = NULL, *err = NULL;
  const char *plain[] = {"render", r, "--progress", "plain", NULL};
  cr_assert_eq(tu_run(plain, &out, &err), 0);
  cr_assert(strstr(err, "stemprint: p.yaml"), "plain progress on stderr:\n%s", err);
  cr_assert_null(strstr(out, "%"), "no progress on stdout:\n%s", out);
  cr_assert(strstr(out, "null test: passed"), "the summary is on stdout");
  /* the summary: the mix with its loudness and true peak, each output, time */
  const char *mix = strstr(out, "/mix.wav");
  cr_assert_not_null(mix, "%s", out);
  const char *eol = strchr(mix, '\n');
  const char *lufs = strstr(mix, " LUFS"), *dbtp = strstr(mix, " dBTP");
  cr_assert(lufs && lufs < eol && dbtp && dbtp < eol, "the mix's loudness and true peak:\n%s", out);
  cr_assert(strstr(out, "/one.wav") && strstr(out, "/two.wav"), "%s", out);
  cr_assert(strstr(out, "x real time)"), "%s", out);
  free(out);
  free(err);
  const char *bar[] = {"render", r, "--progress", "bar", NULL};
  cr_assert_eq(tu_run(bar, &out, &err), 0);
  cr_assert_null(strstr(out, "\r"), "%s", out);
  free(out);
  free(err);
  const char *quiet[] = {"render", r, "--quiet", "--progress", "plain", NULL};
  cr_assert_eq(tu_run(quiet, &out, &err), 0);
  cr_assert_str_eq(out, "");
  cr_assert_str_eq(err, "");
  free(out);
  free(err);
  free(r);
}

Test(build, only_and_dry_run)
{
  char *r = tu_write_text(dir, "o.yaml", song);
  char *o = tu_path(dir, "only");
  char *out = NULL, *err = NULL;
  const char *dry[] = {"render", r, "--dry-run", "-o", o, NULL};
  cr_assert_eq(tu_run(dry, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "/only/mix.wav  (the mix)"), "%s", out);
  cr_assert(strstr(out, "/only/two.wav  (stem two)"), "%s", out);
  cr_assert(strstr(out, "b c.wav  (track b, mono, 48000 Hz)"), "%s", out);
  cr_assert(strstr(out, "ir.wav  (convolver of buses.verb.inserts[0].convolver)"), "%s", out);
  cr_assert_eq(tu_count_entries(o), -1, "a dry run writes nothing");
  free(out);
  free(err);
  const char *two[] = {"render", r, "--only", "two", "-o", o, NULL};
  cr_assert_eq(tu_run(two, &out, &err), 0, "%s", err);
  cr_assert_eq(tu_count_prints(o), 1);
  cr_assert_null(strstr(out, "null test"), "no null test without every output:\n%s", out);
  free(out);
  free(err);
  const char *mix[] = {"render", r, "--only", "mix", "-o", o, NULL};
  cr_assert_eq(tu_run(mix, &out, &err), 0, "%s", err);
  cr_assert_eq(tu_count_prints(o), 2);
  free(out);
  free(err);
  const char *bad[] = {"render", r, "--only", "three", "-o", o, NULL};
  cr_assert_eq(tu_run(bad, &out, &err), 2);
  cr_assert(strstr(err, "--only 'three': no such output; this recipe prints 'mix', 'one', 'two'"),
            "%s", err);
  free(out);
  free(err);
  free(o);
  free(r);
}

Test(build, a_failing_recipe_does_not_stop_the_others)
{
  char *good = tu_write_text(dir, "good.yaml", song);
  char *bad = tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  a: {file: nope.wav}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", bad, good, "-j", "2", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 3, "the worst exit: a missing file");
  cr_assert(strstr(out, "good.yaml:"), "%s", out);
  cr_assert(strstr(err, "1 of 2 recipes failed:"), "%s", err);
  cr_assert(strstr(err, "bad.yaml (exit 3)"), "%s", err);
  free(out);
  free(err);
  free(good);
  free(bad);
}

/* The first `seconds` of the demo's source `name` (fixtures/audio),
 * written to dir/fixtures/audio as 24-bit WAV, the fixtures' own depth:
 * the same samples, cut. */
static void fixture_cut(const char *name, double seconds)
{
  char *from = sp_xasprintf("%s/%s.wav", SP_FIXTURE_DIR, name);
  int64_t frames;
  int channels, rate;
  double *x = tu_read(from, &frames, &channels, &rate);
  cr_assert_not_null(x, "cannot read %s", from);
  int64_t keep = (int64_t)(seconds * rate) < frames ? (int64_t)(seconds * rate) : frames;
  float *f = sp_xcalloc((size_t)(keep * channels), sizeof *f);
  for (int64_t i = 0; i < keep * channels; i++)
    f[i] = (float)x[i];
  char *to = sp_xasprintf("%s/fixtures/audio", dir), *file = sp_xasprintf("%s.wav", name);
  free(tu_write_wav(to, file, channels, rate, 24, f, keep));
  free(file);
  free(to);
  free(f);
  free(x);
  free(from);
}

/* A copy of recipes/album in dir, as a user's checkout, with the demo's
 * sources it reads cut to their first 6 s (song two starts 4 s in, with a
 * 1.5 s fade) and the hall's impulse response to 0.25 s: what these tests
 * check is make's and stemprint's bookkeeping, which does not depend on
 * how long the songs are, and whole songs through the 1.8 s hall took most
 * of their time. The recipes and the Makefile are the album's own. Skips
 * the test when make is not installed. */
static void album_copy(void)
{
  need_make();
  const char *D = dir;
  char *cmd = sp_xasprintf(
      "set -e; mkdir -p '%s/recipes' '%s/fixtures/audio'; cp -r '%s/recipes/album' '%s/recipes/'; "
      "rm -rf '%s/recipes/album/out' '%s/recipes/album/album.json'",
      D, D, SP_SOURCE_DIR, D, D, D);
  cr_assert_eq(system(cmd), 0);
  free(cmd);
  static const char *const sources[] = {"kick", "snare", "hats", "bass", "keys", "vox", "bgv"};
  for (size_t k = 0; k < sizeof sources / sizeof *sources; k++)
    fixture_cut(sources[k], 6.0);
  fixture_cut("hall_ir", 0.25);
}

/* make in the album copy with extra arguments; its exit status. The log
 * is kept in dir/make.log. */
static int make_album(const char *args)
{
  char *cmd = sp_xasprintf("make -s -C '%s/recipes/album' STEMPRINT='%s' %s >'%s/make.log' 2>&1",
                           dir, SP_STEMPRINT_BIN, args, dir);
  int rc = system(cmd);
  free(cmd);
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static char *make_log(void)
{
  char *p = tu_path(dir, "make.log"), *log = tu_slurp(p);
  free(p);
  return log ? log : sp_xstrdup("");
}

/* The modification time of a file of the album copy (ns), 0 if missing. */
static long long album_mtime(const char *file)
{
  char *p = sp_xasprintf("%s/recipes/album/%s", dir, file);
  struct stat st;
  long long t = stat(p, &st) == 0 ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec
                                  : 0;
  free(p);
  return t;
}

/* The same for out/one/<name>. */
static long long one_mtime(const char *name)
{
  char *p = sp_xasprintf("%s/recipes/album/out/one/%s", dir, name);
  struct stat st;
  long long t = stat(p, &st) == 0 ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec
                                  : 0;
  free(p);
  return t;
}

/* Replace the first `from` in a recipe of the album copy by `to`. */
static void album_edit(const char *recipe, const char *from, const char *to)
{
  char *p = sp_xasprintf("%s/recipes/album/%s", dir, recipe);
  char *text = tu_slurp_must(p);
  char *at = strstr(text, from);
  cr_assert_not_null(at, "'%s' not in %s", from, recipe);
  *at = '\0';
  char *edited = sp_xasprintf("%s%s%s", text, to, at + strlen(from));
  FILE *f = fopen(p, "w");
  cr_assert_not_null(f);
  fputs(edited, f);
  fclose(f);
  free(edited);
  free(text);
  free(p);
}

/* Nothing is out of date: make -q's answer (the album report and what it
 * is made of; `check` is phony, so always "out of date"). */
static bool album_up_to_date(void) { return make_album("-q album.json") == 0; }

/* The album example: make renders every song, then again nothing; touching
 * one song's own source re-renders that song only. */
Test(build, make_rebuilds_only_the_song_whose_source_changed)
{
  album_copy();
  char *make = sp_xasprintf("make -s -C '%s/recipes/album' STEMPRINT='%s' >'%s/make.log' 2>&1", dir,
                            SP_STEMPRINT_BIN, dir);
  cr_assert_eq(system(make), 0, "the album builds and meets its target");
  const char *songs[] = {"one", "two", "three"};
  struct stat st;
  time_t before[3];
  for (int k = 0; k < 3; k++) {
    char *p = sp_xasprintf("%s/recipes/album/out/%s/mix.wav", dir, songs[k]);
    cr_assert_eq(stat(p, &st), 0, "%s", p);
    before[k] = st.st_mtime;
    free(p);
  }
  sleep(1); /* mtimes have one-second resolution on some file systems */
  char *hats = sp_xasprintf("%s/fixtures/audio/hats.wav", dir);
  cr_assert_eq(utimes(hats, NULL), 0); /* only song three uses the hats */
  free(hats);
  cr_assert_eq(system(make), 0);
  for (int k = 0; k < 3; k++) {
    char *p = sp_xasprintf("%s/recipes/album/out/%s/mix.wav", dir, songs[k]);
    cr_assert_eq(stat(p, &st), 0);
    if (k == 2)
      cr_assert_gt(st.st_mtime, before[k], "three uses hats.wav: re-rendered");
    else
      cr_assert_eq(st.st_mtime, before[k], "%s does not use hats.wav: untouched", songs[k]);
    free(p);
  }
  /* A missed delivery target fails the build: the album is near -16 LUFS,
   * not -30. */
  char *miss = sp_xasprintf("make -s -C '%s/recipes/album' STEMPRINT='%s' TARGETS='--target -30 "
                            "--tolerance 0.5' >'%s/miss.log' 2>&1",
                            dir, SP_STEMPRINT_BIN, dir);
  int rc = system(miss);
  cr_assert(rc != 0, "make passed a missed loudness target");
  char *log_path = sp_xasprintf("%s/miss.log", dir), *log = tu_slurp(log_path);
  cr_assert(log && strstr(log, "-30"), "the failure names the target:\n%s", log ? log : "");
  free(log);
  free(log_path);
  free(miss);
  free(make);
}

/* A print deleted by hand is printed again: by `make`, rendering its song
 * once and no other, and by `make <that print>`; then nothing is out of
 * date. */
Test(build, make_prints_a_deleted_print_again)
{
  album_copy();
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert(album_up_to_date());
  long long one = album_mtime("out/one/mix.wav"), two = album_mtime("out/two/mix.wav");
  char *p = sp_xasprintf("%s/recipes/album/out/one/drums.wav", dir);
  cr_assert_eq(unlink(p), 0);
  cr_assert_not(album_up_to_date(), "make takes a missing print for an up-to-date one");
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert_neq(album_mtime("out/one/drums.wav"), 0, "drums.wav was not printed again");
  cr_assert_gt(album_mtime("out/one/mix.wav"), one, "song one rendered again, whole");
  cr_assert_eq(album_mtime("out/two/mix.wav"), two, "song two did not need rendering");
  cr_assert(album_up_to_date());
  free(p);
  p = sp_xasprintf("%s/recipes/album/out/two/music.wav", dir);
  cr_assert_eq(unlink(p), 0);
  cr_assert_eq(make_album("out/two/music.wav"), 0, "%s", make_log());
  cr_assert_neq(album_mtime("out/two/music.wav"), 0, "make out/two/music.wav did not print it");
  cr_assert_gt(album_mtime("out/two/mix.wav"), two);
  free(p);
}

/* A stem renamed in the recipe: the next make leaves the new print and not
 * the old one; a file stemprint did not print stays. A render says what it
 * removed. */
Test(build, a_renamed_stem_leaves_no_stale_print)
{
  album_copy();
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  free(tu_write_text(dir, "recipes/album/out/one/notes.txt", "mine"));
  album_edit("one.yaml", "  vocals: [vox]", "  lead: [vox]");
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert_neq(album_mtime("out/one/lead.wav"), 0);
  cr_assert_eq(album_mtime("out/one/vocals.wav"), 0, "the old print stayed");
  cr_assert_neq(album_mtime("out/one/notes.txt"), 0, "a file stemprint never printed was removed");
  album_edit("one.yaml", "  lead: [vox]", "  vocals: [vox]");
  char *recipe = sp_xasprintf("%s/recipes/album/one.yaml", dir);
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", recipe, "--progress", "none", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "/out/one/lead.wav: an earlier render of this recipe printed it; it "
                        "prints it no more"),
            "%s", out);
  cr_assert_eq(album_mtime("out/one/lead.wav"), 0);
  free(out);
  free(err);
  free(recipe);
}

/* A missed loudness target: make fails, the folder holds the whole new set
 * (nothing deleted by make), and the next make renders it again rather
 * than passing; fixed, it passes and is up to date. */
Test(build, a_failed_check_keeps_the_new_set_and_make_tries_again)
{
  album_copy();
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  static const char *const prints[] = {"mix.wav", "drums.wav", "bass.wav", "vocals.wav"};
  long long before[4];
  for (int k = 0; k < 4; k++)
    before[k] = one_mtime(prints[k]);
  album_edit("one.yaml", "target: -16 LUFS, tolerance: 0.5 LU", "target: -10 LUFS, tolerance: 0.5 LU");
  cr_assert_neq(make_album(""), 0, "make passed a missed target");
  char *log = make_log();
  cr_assert(strstr(log, "check failed: loudness"), "%s", log);
  free(log);
  long long after[4];
  for (int k = 0; k < 4; k++) {
    after[k] = one_mtime(prints[k]);
    cr_assert_gt(after[k], before[k], "%s: not the new set", prints[k]);
  }
  cr_assert_not(album_up_to_date(), "make would take the failed set for an up-to-date one");
  cr_assert_neq(make_album(""), 0, "the second make passed the same missed target");
  cr_assert_gt(album_mtime("out/one/mix.wav"), after[0], "the second make did not render again");
  album_edit("one.yaml", "target: -10 LUFS", "target: -16 LUFS");
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert(album_up_to_date());
}

/* Deliveries named by a template with spaces and parentheses: make builds
 * them, and a deleted one is printed again. */
Test(build, make_follows_a_naming_template)
{
  album_copy();
  album_edit("one.yaml", "dither: tpdf}", "dither: tpdf, name: {stems: \"Kick Start ({Name})\"}}");
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert_neq(album_mtime("out/one/Kick Start (Drums).wav"), 0);
  cr_assert(album_up_to_date());
  char *p = sp_xasprintf("%s/recipes/album/out/one/Kick Start (Bass).wav", dir);
  cr_assert_eq(unlink(p), 0);
  cr_assert_eq(make_album(""), 0, "%s", make_log());
  cr_assert_neq(album_mtime("out/one/Kick Start (Bass).wav"), 0, "not printed again");
  cr_assert(album_up_to_date());
  char *d = sp_xasprintf("%s/recipes/album/out/one.d", dir), *deps = tu_slurp_must(d);
  cr_assert(strstr(deps, "out/one/Kick\\ Start\\ (Drums).wav"), "%s", deps);
  free(deps);
  free(d);
  free(p);
}

/* s with every from replaced by to (heap). */
static char *replace_all(const char *s, const char *from, const char *to)
{
  char *out = sp_xstrdup("");
  for (const char *at; (at = strstr(s, from)); s = at + strlen(from)) {
    char *t = sp_xasprintf("%s%.*s%s", out, (int)(at - s), s, to);
    free(out);
    out = t;
  }
  char *t = sp_xasprintf("%s%s", out, s);
  free(out);
  return t;
}

/* The Makefile lines docs/ci.md gives for one's own Makefile, as written
 * there, make a deleted print again; and so do they with the folder moved
 * to -o as the doc says (the folder in `prints` and on the render line). */
Test(build, the_makefile_lines_of_ci_md_make_a_deleted_print_again)
{
  need_make();
  char *doc_path = tu_path(SP_SOURCE_DIR, "docs/ci.md"), *doc = tu_slurp_must(doc_path);
  const char *from = strstr(doc, "Your own Makefile needs");
  cr_assert_not_null(from);
  from = strstr(from, "```make\n");
  cr_assert_not_null(from);
  from += strlen("```make\n");
  const char *end = strstr(from, "```");
  cr_assert_not_null(end);
  char *lines = sp_xasprintf("%.*s", (int)(end - from), from);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\ntracks:\n  a: {file: a.wav}\n  b: {file: b c.wav}\n"
                     "stems: {one: [a], two: [b]}\n"));
  char *moved = replace_all(lines, "out/$(1)", "build/$(1)");
  char *o = replace_all(moved, "--depfile", "-o build/$(1) --depfile");
  const struct {
    const char *lines, *folder;
  } makefiles[] = {{lines, "out/song"}, {o, "build/song"}};
  for (size_t k = 0; k < 2; k++) {
    char *mk =
        sp_xasprintf("STEMPRINT := %s\nSONGS := song\n%s", SP_STEMPRINT_BIN, makefiles[k].lines);
    free(tu_write_text(dir, "own.mk", mk));
    char *make = sp_xasprintf("make -s -C '%s' -f own.mk >'%s/make.log' 2>&1", dir, dir);
    char *two = sp_xasprintf("%s/%s/two.wav", dir, makefiles[k].folder);
    cr_assert_eq(system(make), 0, "%s", mk);
    struct stat st;
    cr_assert_eq(stat(two, &st), 0, "%s: not printed by\n%s", two, mk);
    cr_assert_eq(unlink(two), 0);
    cr_assert_eq(system(make), 0);
    cr_expect_eq(stat(two, &st), 0, "%s: a deleted print was not made again by\n%s", two, mk);
    free(two);
    free(make);
    free(mk);
  }
  free(o);
  free(moved);
  free(lines);
  free(doc);
  free(doc_path);
}

/* Whether the depfile text names path as a prerequisite of its rule and
 * gives it an empty rule of its own (gcc -MP's), so that make renders
 * again once it is gone instead of stopping ("No rule to make target"). */
static bool names(const char *text, const char *path)
{
  char *last = sp_xasprintf("  %s\n", path), *more = sp_xasprintf("  %s \\\n", path),
       *empty = sp_xasprintf("\n%s:\n", path);
  const bool yes = text && (strstr(text, last) || strstr(text, more)) && strstr(text, empty);
  free(last);
  free(more);
  free(empty);
  return yes;
}

/* path's depfile from a render of recipe (the tests' LV2 plugins on
 * LV2_PATH unless set), more after it; heap. */
static char *deps_of(const char *recipe, const char *more)
{
  char *d = tu_path(dir, "deps.d"), *err = NULL;
  const char *args[] = {"render", recipe, "-q", "--no-cache", "--depfile", d, more, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *text = tu_slurp_must(d);
  free(d);
  return text;
}

/* output.tags.cover is an input of the job (plan --json lists it, the key
 * hashes it): the depfile names it too. Before: not in the depfile, and
 * make took the prints for up to date after the cover changed. */
Test(build, depfile_names_the_tags_cover)
{
  static const unsigned char png[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
      0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08,
      0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d,
      0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  char *cover = tu_write_bytes(dir, "cover.png", png, sizeof png);
  char *r = tu_write_text(dir, "tag.yaml",
                          "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"
                          "output:\n  format: flac\n  tags: {title: T, cover: cover.png}\n");
  char *text = deps_of(r, NULL);
  cr_expect(names(text, cover), "%s", text);
  free(text);
  free(r);
  free(cover);
}

/* A hardware insert's RETURN.sent (latency: auto reads the round trip
 * from it) is an input of the job: the depfile names it, and the return
 * itself before it is recorded. Before: not
 * named; a return marked again with another latency printed other bytes
 * and make did nothing. */
Test(build, depfile_names_a_hardware_return_s_sent)
{
  char *r =
      tu_write_text(dir, "hw.yaml",
                    "stemprint: 1\ntracks:\n  a:\n    file: a.wav\n"
                    "    inserts: [{hardware: {name: la2a, return: r.wav, latency: auto}}]\n");
  char *err = NULL;
  const char *first[] = {"render", r, "-q", "--no-cache", NULL};
  cr_assert_eq(tu_run(first, NULL, &err), 0, "%s", err); /* the send, to record */
  free(err);
  char *send = tu_path(dir, "out/hw/sends/la2a.wav"), *ret = tu_path(dir, "r.wav");
  /* the return not recorded yet: named, with its empty rule, so that make
   * renders again once it is (before: not named, and make took the
   * passed-through print for up to date after the return was recorded) */
  char *awaited = deps_of(r, NULL), *rule = sp_xasprintf("\n%s:\n", ret);
  cr_expect(names(awaited, ret), "%s", awaited);
  cr_expect(strstr(awaited, rule), "%s", awaited);
  free(rule);
  free(awaited);
  char *cp = sp_xasprintf("cp '%s' '%s'", send, ret);
  cr_assert_eq(system(cp), 0);
  const char *mark[] = {"latency", send, ret, "--mark", NULL};
  cr_assert_eq(tu_run(mark, NULL, &err), 0, "%s", err);
  free(err);
  char *sent = tu_path(dir, "r.wav.sent"), *text = deps_of(r, NULL);
  cr_expect(names(text, ret), "%s", text);
  cr_expect(names(text, sent), "%s", text);
  free(text);
  free(sent);
  free(cp);
  free(ret);
  free(send);
  free(r);
}

/* The key of a plan --json (heap). */
static char *plan_key(const char *recipe, char **json)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {"plan", recipe, "--json", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  free(err);
  const char *k = strstr(out, "\"key\"");
  cr_assert_not_null(k, "%s", out);
  k = strchr(k + 5, '"');
  char *key = sp_xasprintf("%.64s", k + 1);
  *json = out;
  return key;
}

/* An LV2 plugin's bundle, every file of it (its library, its .ttl, the
 * data it loads beside them: avldrums' kit), is an input of the job: the
 * key changes with any of them, plan --json lists the bundle, the depfile
 * names each file. Before: the key hashed the library alone (a changed
 * kit was served from the cache with the old kit's print), and the
 * depfile named none of them, not even the library. */
Test(build, an_lv2_plugin_s_bundle_is_in_the_key_and_the_depfile)
{
  char *lv2 = tu_path(dir, "lv2"), *bundle = tu_path(lv2, "stemprint-test.lv2");
  char *cp = sp_xasprintf("mkdir -p '%s' && cp -R '%s/stemprint-test.lv2' '%s'", lv2,
                          SP_TEST_LV2_DIR, lv2);
  cr_assert_eq(system(cp), 0);
  char *kit = tu_write_text(bundle, "kit.dat", "one kit\n");
  setenv("LV2_PATH", lv2, 1);
  char *r =
      tu_write_text(dir, "fx.yaml",
                    "stemprint: 1\ntracks:\n  a: {file: a.wav, sends: [{to: fx}]}\n"
                    "buses:\n  fx: {inserts: [{lv2: {plugin: \"urn:stemprint:test:gain\"}}]}\n");
  char *json = NULL, *key = plan_key(r, &json);
  char *quoted = sp_xasprintf("\"%s\"", bundle);
  cr_expect(strstr(json, quoted), "plan --json lists the bundle: %s", json);
  free(json);
  char *text = deps_of(r, NULL);
  static const char *const files[] = {"kit.dat", "manifest.ttl", "sptest.so", "sptest.ttl"};
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    char *p = tu_path(bundle, files[k]);
    cr_expect(names(text, p), "%s in:\n%s", p, text);
    free(p);
  }
  free(text);
  free(tu_write_text(bundle, "kit.dat", "another kit\n"));
  char *key2 = plan_key(r, &json);
  cr_expect_str_neq(key, key2, "another kit, another key");
  free(json);
  unsetenv("LV2_PATH");
  free(key2);
  free(key);
  free(quoted);
  free(r);
  free(kit);
  free(cp);
  free(bundle);
  free(lv2);
}

/* A bundle the walk of a folder input refuses (here: it holds a FIFO,
 * which lilv would wait on forever) is left out of the plugins found, and
 * a recipe asking for its plugin is told why. Before: its own walk beside
 * the shared one left it out, and the message said only that no such
 * plugin was installed. */
Test(build, an_lv2_bundle_left_out_is_said_where_its_plugin_is_asked_for)
{
  char *lv2 = tu_path(dir, "lv2-fifo"), *bundle = tu_path(lv2, "stemprint-test.lv2");
  char *cp = sp_xasprintf("mkdir -p '%s' && cp -R '%s/stemprint-test.lv2' '%s'", lv2,
                          SP_TEST_LV2_DIR, lv2);
  cr_assert_eq(system(cp), 0);
  char *fifo = tu_path(bundle, "kit.fifo");
  cr_assert_eq(mkfifo(fifo, 0644), 0);
  setenv("LV2_PATH", lv2, 1);
  char *r =
      tu_write_text(dir, "fifo.yaml",
                    "stemprint: 1\ntracks:\n  a: {file: a.wav, sends: [{to: fx}]}\n"
                    "buses:\n  fx: {inserts: [{lv2: {plugin: \"urn:stemprint:test:gain\"}}]}\n");
  char *err = NULL;
  const char *args[] = {"check", r, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  char *words = sp_xasprintf("the bundle %s was left out: cannot read %s: it is not a regular file",
                             bundle, fifo);
  cr_expect(strstr(err, words), "%s", err);
  unsetenv("LV2_PATH");
  free(words);
  free(err);
  free(r);
  free(fifo);
  free(cp);
  free(bundle);
  free(lv2);
}

/* A DAWproject's render reads the audio extracted from it into the
 * user's cache ($XDG_CACHE_HOME/stemprint/session-audio), which stemprint
 * prunes: the depfile names the session, not those files. Before: it
 * named them, and once the cache was pruned make stopped ("No rule to
 * make target") for a render that was up to date. */
Test(build, a_session_s_depfile_names_no_file_of_stemprint_s_cache)
{
  char *xdg = tu_path(dir, "xdg");
  setenv("XDG_CACHE_HOME", xdg, 1);
  char *r = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *s = tu_path(dir, "sess.dawproject"), *err = NULL;
  const char *args[] = {"export", r, "-o", s, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *text = deps_of(s, NULL);
  cr_expect(strstr(text, "  ") && strstr(text, s), "the session: %s", text);
  cr_expect_null(strstr(text, xdg), "nothing of the cache: %s", text);
  unsetenv("XDG_CACHE_HOME");
  free(text);
  free(s);
  free(r);
  free(xdg);
}
