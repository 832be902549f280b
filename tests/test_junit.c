/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --junit FILE (io/report/junit.h) as the CI reporters read it: each
 * command's file is validated against tests/junit.xsd with xmllint and
 * parsed with python3-junitparser (the library GitLab's and Jenkins'
 * users reach for), which must find every verdict as a testcase, a failed
 * one with the message stemprint prints and the recipe's line. A machine
 * without xmllint or junitparser skips the test that needs it, saying so. */

#include "core/base/alloc.h"
#include "io/report/junit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, FRAMES = RATE * 2 };

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  float *x = sp_xcalloc(2 * FRAMES, sizeof *x), *y = sp_xcalloc(2 * FRAMES, sizeof *y);
  for (int i = 0; i < FRAMES; i++) {
    x[2 * i] = x[2 * i + 1] = (float)(0.07 * sin(2 * M_PI * 997.0 * i / RATE));
    y[2 * i] = y[2 * i + 1] = (float)(0.03 * sin(2 * M_PI * 440.0 * i / RATE));
  }
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 32, x, FRAMES));
  free(tu_write_wav(dir, "other.wav", 2, RATE, 32, y, FRAMES));
  free(x);
  free(y);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(junit, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

static char *p(const char *name) { return tu_path(dir, name); }

/* Whether a shell command runs with exit status 0 (its output dropped). */
static bool runs(const char *cmd)
{
  char *c = sp_xasprintf("%s >/dev/null 2>&1", cmd);
  const int st = system(c);
  free(c);
  return st == 0;
}

/* xmllint --schema tests/junit.xsd FILE: "" when it validates, else what
 * xmllint said (free it). Skips the test without xmllint. */
static char *validate(const char *file)
{
  if (!runs("command -v xmllint"))
    cr_skip_test("xmllint is not installed (libxml2-utils)");
  char *out = p("xmllint.txt");
  char *cmd = sp_xasprintf("xmllint --noout --schema '%s/tests/junit.xsd' '%s' >'%s' 2>&1",
                           SP_SOURCE_DIR, file, out);
  const int st = system(cmd);
  char *said = tu_slurp(out);
  char *r = st == 0 ? sp_xstrdup("") : sp_xasprintf("xmllint: %s", said ? said : "(nothing)");
  free(said);
  free(cmd);
  free(out);
  return r;
}

/* The file as junitparser reads it: a line per suite "suite NAME tests
 * failures errors", then per case "case NAME|LINE|OUTCOME|MESSAGE"
 * (OUTCOME passed, Failure or Error). Skips the test without junitparser. */
static char *parse(const char *file)
{
  if (!runs("/usr/bin/python3 -c 'import junitparser'"))
    cr_skip_test("python3-junitparser is not installed");
  static const char script[] = "import sys\n"
                               "from junitparser import JUnitXml\n"
                               "x = JUnitXml.fromfile(sys.argv[1])\n"
                               "for s in x:\n"
                               "    print('suite', s.name, s.tests, s.failures, s.errors)\n"
                               "    for c in s:\n"
                               "        r = c.result[0] if c.result else None\n"
                               "        print('case %s|%s|%s|%s' % (c.name, c._elem.get('line'),\n"
                               "              type(r).__name__ if r is not None else 'passed',\n"
                               "              r.message if r is not None else ''))\n";
  char *py = tu_write_text(dir, "parse.py", script), *out = p("parsed.txt");
  char *cmd = sp_xasprintf("/usr/bin/python3 '%s' '%s' >'%s' 2>&1", py, file, out);
  const int st = system(cmd);
  char *text = tu_slurp(out);
  cr_assert_eq(st, 0, "junitparser could not read %s: %s", file, text ? text : "");
  free(cmd);
  free(py);
  free(out);
  return text;
}

/* A render with a loudness target the mix misses (failure) and true-peak
 * ceilings and a null test it meets (passes): each verdict a case, the
 * failure the line stemprint prints with the recipe's file:line, the
 * recipe's name escaped ('&', '<' in it); a second run, served from the
 * cache, writes the same bytes (no timestamp; the cache's checks, kept as
 * words, are named as the render's). */
Test(junit, render_writes_each_check_as_a_testcase_with_the_failure_at_its_line)
{
  char *r = tu_write_text(dir, "a&b <mix>.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  tone: {file: tone.wav}\n"
                          "  other: {file: other.wav}\n"
                          "stems: {tone: [tone], other: [other]}\n"
                          "output: {depth: 32f}\n"
                          "checks:\n"
                          "  loudness: {target: -14 LUFS, max_true_peak: -1 dBTP}\n");
  char *xml = p("render.xml"), *report = p("render.json"), *cache = p("cache");
  const char *args[] = {"render",   r,      "-q",      "--junit", xml,
                        "--report", report, "--cache", cache,     NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 1, "a missed target exits 1: %s", err);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  char *suite = sp_xasprintf("suite %s 6 1 0\ncase render|None|passed|\n", r);
  cr_expect(strstr(got, suite), "want '%s' in:\n%s", suite, got);
  cr_expect(strstr(got, "case null|5|passed|\n"), "%s", got);
  char *fail =
      sp_xasprintf("case loudness.integrated: %s/out/a&b <mix>/mix.wav|8|Failure|%s:8:22: "
                   "checks.loudness.target: loudness: %s/out/a&b <mix>/mix.wav integrated ",
                   dir, r, dir);
  cr_expect(strstr(got, fail), "want '%s' in:\n%s", fail, got);
  char *tp = sp_xasprintf("case loudness.true_peak: %s/out/a&b <mix>/tone.wav|8|passed|", dir);
  cr_expect(strstr(got, tp), "want '%s' in:\n%s", tp, got);
  free(tp);
  /* the same failure, word for word, as stderr says it (after "check failed: ") */
  const char *said = strstr(err, "check failed: loudness: ");
  cr_assert_not_null(said, "%s", err);
  char line[512];
  sscanf(said + strlen("check failed: "), "%511[^\n]", line);
  cr_expect(strstr(got, line), "stderr's '%s' not in:\n%s", line, got);
  /* the JSON report's checks are the same five */
  char *json = tu_slurp_must(report);
  size_t n = 0;
  for (const char *s = json; (s = strstr(s, "\"limit\":")); s++)
    n++;
  cr_expect_eq(n, 5, "%s", json);
  char *first = tu_slurp_must(xml);
  cr_expect(strstr(first, "&amp;b &lt;mix&gt;"), "%s", first);
  cr_expect_null(strstr(first, "time"), "no time attribute: %s", first);
  /* served from the cache: its checks come back as words, named alike */
  const char *again[] = {"render", r, "--junit", xml, "--cache", cache, NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(again, &out, NULL), 1);
  cr_expect(strstr(out, "served from the cache"), "%s", out);
  free(out);
  char *second = tu_slurp_must(xml);
  cr_expect_str_eq(first, second);
  free(first);
  free(second);
  free(json);
  free(fail);
  free(suite);
  free(got);
  free(v);
  free(err);
  free(cache);
  free(report);
  free(xml);
  free(r);
}

/* check: a valid recipe a passing case; a wrong one an error case at the
 * line of its key. */
Test(junit, check_writes_a_recipe_error_as_an_error_case_at_its_line)
{
  char *good = tu_write_text(dir, "good.yaml", "stemprint: 1\ntracks:\n  tone: {file: tone.wav}\n");
  char *bad =
      tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  tone: {file: tone.wav, to: drum}\n");
  char *xml = p("check.xml");
  const char *args[] = {"check", good, bad, "--no-levels", "--junit", xml, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 2);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  char *want = sp_xasprintf("suite %s 1 0 0\ncase valid|None|passed|\n", good);
  cr_expect(strstr(got, want), "want '%s' in:\n%s", want, got);
  char *want2 = sp_xasprintf("case tracks.tone.to|3|Error|%s:3:", bad);
  cr_expect(strstr(got, want2), "want '%s' in:\n%s", want2, got);
  cr_expect(strstr(got, "no bus named 'drum'"), "%s", got);
  free(want);
  free(want2);
  free(got);
  free(v);
  free(xml);
  free(bad);
  free(good);
}

/* null: a stem missing fails with the residual line and its finding;
 * files that cannot be read are an error case. */
Test(junit, null_writes_its_verdict_and_an_unreadable_file_as_an_error)
{
  char *tone = p("tone.wav"), *other = p("other.wav"), *none = p("none.wav");
  char *xml = p("null.xml");
  const char *args[] = {"null", tone, other, "--junit", xml, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 1);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  cr_expect(strstr(got, "suite null 1 1 0\n"), "%s", got);
  cr_expect(strstr(got, "|None|Failure|residual peak "), "%s", got);
  cr_expect(strstr(got, "): FAILED\n"), "%s", got);
  char *body = tu_slurp_must(xml);
  cr_expect(strstr(body, "finding: "), "%s", body);
  const char *args2[] = {"null", tone, none, "--junit", xml, NULL};
  cr_assert_eq(tu_run(args2, NULL, NULL), 3);
  char *v2 = validate(xml);
  cr_expect_str_empty(v2, "%s", v2);
  char *got2 = parse(xml);
  cr_expect(strstr(got2, "suite null 1 0 1\n"), "%s", got2);
  cr_expect(strstr(got2, "|Error|cannot read '"), "%s", got2);
  free(got2);
  free(v2);
  free(body);
  free(got);
  free(v);
  free(xml);
  free(none);
  free(other);
  free(tone);
}

/* loudness: each target of each file a case; a miss the line on stderr. */
Test(junit, loudness_writes_each_target_of_each_file)
{
  char *tone = p("tone.wav"), *other = p("other.wav"), *xml = p("loud.xml");
  const char *args[] = {"loudness",        tone,  other,     "--target", "-23",
                        "--max-true-peak", "-25", "--junit", xml,        NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 1);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  cr_expect(strstr(got, "suite loudness 4 "), "%s", got);
  char *want = sp_xasprintf("case loudness.true_peak: %s|None|Failure|%s: true peak ", tone, tone);
  cr_expect(strstr(got, want), "want '%s' in:\n%s", want, got);
  char *pass = sp_xasprintf("case loudness.true_peak: %s|None|passed|", other);
  cr_expect(strstr(got, pass), "want '%s' in:\n%s", pass, got);
  char line[512];
  const char *said = strstr(err, "stemprint: error: ");
  cr_assert_not_null(said, "%s", err);
  sscanf(said + strlen("stemprint: error: "), "%511[^\n]", line);
  cr_expect(strstr(got, line), "stderr's '%s' not in:\n%s", line, got);
  free(pass);
  free(want);
  free(got);
  free(v);
  free(err);
  free(xml);
  free(other);
  free(tone);
}

/* What XML cannot hold (a control character, a byte that is not UTF-8)
 * is written as U+FFFD, and what it must escape is escaped: the file
 * validates and reads back. */
Test(junit, text_xml_cannot_hold_is_replaced_and_the_rest_escaped)
{
  sp_junit_suite *s = sp_junit_suite_new("odd \x01 \xff suite", NULL);
  sp_junit_add(s, "a \"quoted\" <case> & ]]>", "r.yaml", (sp_pos){3, 7}, SP_JUNIT_FAILED,
               "bell \a, stray \xc3, fine é", "second line\nthird");
  sp_junit_add(s, "passes", NULL, (sp_pos){0, 0}, SP_JUNIT_PASSED, NULL, NULL);
  char *xml = p("odd.xml"), why[256];
  cr_assert_eq(sp_junit_write(xml, &s, 1, why, sizeof why), SP_OK, "%s", why);
  sp_junit_suite_free(s);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  cr_expect(strstr(got, "suite odd \xef\xbf\xbd \xef\xbf\xbd suite 2 1 0\n"), "%s", got);
  cr_expect(strstr(got, "case a \"quoted\" <case> & ]]>|3|Failure|bell \xef\xbf\xbd, stray "
                        "\xef\xbf\xbd, fine é\n"),
            "%s", got);
  cr_expect(strstr(got, "case passes|None|passed|\n"), "%s", got);
  free(got);
  free(v);
  free(xml);
}

/* A passed case's text (what it found: diff's figures and cause of a
 * print) is its <system-out>, escaped and held to the schema; a passed
 * case without text has none. */
Test(junit, a_passed_cases_text_is_its_system_out)
{
  sp_junit_suite *s = sp_junit_suite_new("diff", NULL);
  sp_junit_add(s, "diff: mix.wav", NULL, (sp_pos){0, 0}, SP_JUNIT_PASSED, "mix.wav: changed",
               "  changed  mix.wav\n  cause  key a -> b <&>\n");
  sp_junit_add(s, "diff: sb.wav", NULL, (sp_pos){0, 0}, SP_JUNIT_PASSED, NULL, NULL);
  char *xml = p("out.xml"), why[256];
  cr_assert_eq(sp_junit_write(xml, &s, 1, why, sizeof why), SP_OK, "%s", why);
  sp_junit_suite_free(s);
  char *v = validate(xml), *text = tu_slurp_must(xml);
  cr_expect_str_empty(v, "%s", v);
  cr_expect(strstr(text, "<testcase name=\"diff: mix.wav\" classname=\"diff\">\n      "
                         "<system-out>  changed  mix.wav\n  cause  key a -&gt; b &lt;&amp;&gt;\n"
                         "</system-out>\n    </testcase>"),
            "%s", text);
  cr_expect(strstr(text, "<testcase name=\"diff: sb.wav\" classname=\"diff\"/>"), "%s", text);
  free(text);
  free(v);
  free(xml);
}

/* render: a recipe that printed nothing is an error case per error, at its
 * line, beside a recipe that rendered; recipes refused together (their
 * outputs collide) are an error case each with what stemprint said. */
Test(junit, render_writes_a_recipe_that_printed_nothing_and_refused_recipes_as_errors)
{
  char *good = tu_write_text(dir, "good.yaml", "stemprint: 1\ntracks:\n  tone: {file: tone.wav}\n");
  char *bad =
      tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  tone: {file: tone.wav, to: drum}\n");
  char *xml = p("failed.xml");
  const char *args[] = {"render", good, bad, "-q", "--junit", xml, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 2);
  char *v = validate(xml);
  cr_expect_str_empty(v, "%s", v);
  char *got = parse(xml);
  char *want = sp_xasprintf("suite %s 1 0 1\ncase tracks.tone.to|3|Error|%s:3:", bad, bad);
  cr_expect(strstr(got, want), "want '%s' in:\n%s", want, got);
  char *ok = sp_xasprintf("suite %s 1 0 0\ncase render|None|passed|\n", good);
  cr_expect(strstr(got, ok), "want '%s' in:\n%s", ok, got);
  char *same = p("same");
  const char *args2[] = {"render", good, good, "-o", same, "--junit", xml, NULL};
  cr_assert_eq(tu_run(args2, NULL, NULL), 2);
  char *v2 = validate(xml);
  cr_expect_str_empty(v2, "%s", v2);
  char *got2 = parse(xml);
  char *want2 = sp_xasprintf("suite %s 1 0 1\ncase render|None|Error|", good);
  cr_expect(strstr(got2, want2), "want '%s' in:\n%s", want2, got2);
  free(want2);
  free(got2);
  free(v2);
  free(same);
  free(ok);
  free(want);
  free(got);
  free(v);
  free(xml);
  free(bad);
  free(good);
}

/* A check said in words (an ADM print's) is named by the file its words
 * name; two of one name and no file are kept apart by a count. */
Test(junit, checks_said_in_words_are_named_by_their_file_and_kept_apart)
{
  sp_check checks[] = {
      {.name = "adm.render", .passed = true, .text = "adm.render: mix_5.1.wav from mix_adm.wav"},
      {.name = "adm.profile.lfe", .passed = false, .text = "adm.profile.lfe: mix_5.1.wav's LFE"},
      {.name = "adm.profile.rate", .passed = true, .text = "adm.profile.rate: the rate is 48 kHz"},
      {.name = "adm.profile.rate", .passed = true, .text = "adm.profile.rate: the rate is 48 kHz"},
  };
  sp_render_result res = {.checks = checks, .n_checks = 4};
  sp_junit_suite *s = sp_junit_render("r.yaml", &res, NULL, SP_OK);
  char *xml = p("said.xml"), why[256];
  cr_assert_eq(sp_junit_write(xml, &s, 1, why, sizeof why), SP_OK, "%s", why);
  sp_junit_suite_free(s);
  char *got = parse(xml);
  cr_expect(strstr(got, "suite r.yaml 5 1 0\n"
                        "case render|None|passed|\n"
                        "case adm.render: mix_5.1.wav|None|passed|\n"
                        "case adm.profile.lfe: mix_5.1.wav|None|Failure|adm.profile.lfe: "
                        "mix_5.1.wav's LFE\n"
                        "case adm.profile.rate|None|passed|\n"
                        "case adm.profile.rate #2|None|passed|\n"),
            "%s", got);
  free(got);
  free(xml);
}
