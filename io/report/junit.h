/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_JUNIT_H
#define SP_JUNIT_H

/* JUnit XML reports (--junit FILE of render, check, null and loudness;
 * docs/ci.md): every verdict a <testcase>, a failed one with a <failure>
 * whose message is the line stemprint prints, a run that could not judge
 * (a recipe that did not load, files that cannot be read) an <error>. The
 * format GitLab's artifacts:reports:junit, Jenkins' junit step and
 * GitHub's test reporters read: <testsuites> of <testsuite name tests
 * failures errors skipped> of <testcase name classname file line>;
 * tests/junit.xsd is the schema the tests hold it to. No timestamp and no
 * time: the same verdicts give the same bytes.
 *
 * A command collects its verdicts into suites (one per recipe, or one for
 * a command's files) and writes them together; the suites own copies of
 * their strings. */

#include "core/base/diag.h"
#include "core/render/render.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_junit_suite sp_junit_suite;

typedef enum sp_junit_state {
  SP_JUNIT_PASSED,
  SP_JUNIT_FAILED, /* the verdict is no: <failure> */
  SP_JUNIT_ERROR,  /* nothing could be judged: <error> */
} sp_junit_state;

/* A suite named name (a recipe's path, "loudness", "null"); file: the file
 * its cases' lines are in (a recipe), or NULL. Free with sp_junit_suite_free. */
sp_junit_suite *sp_junit_suite_new(const char *name, const char *file);
void sp_junit_suite_free(sp_junit_suite *s); /* accepts NULL */

/* One testcase: its name ("loudness.integrated: out/mix.wav"), where its
 * rule is written (file at line:col; file NULL or line 0: nowhere), and,
 * unless it passed, the message (one line, as stemprint prints it after
 * "error: ") and the text beneath it (more lines, or NULL); a passed case's
 * text (what it found) is its <system-out>. */
void sp_junit_add(sp_junit_suite *s, const char *name, const char *file, sp_pos at,
                  sp_junit_state state, const char *message, const char *text);

/* A render's verdicts: that it printed ("render"; an error case when its
 * status is 2 or more), then each of res->checks (the list the JSON report's
 * "checks" is made of: the null tests of the stems and of each version,
 * clipping, each loudness and true-peak target per file), with the line of
 * the recipe's rule it judges by. */
sp_junit_suite *sp_junit_render(const char *recipe, const sp_render_result *res, const sp_recipe *r,
                                sp_err status);

/* A recipe that printed nothing: each error of d a case (at its file:line),
 * or, when d holds none, one error case saying what (said: the text it
 * printed, or NULL). */
sp_junit_suite *sp_junit_failed(const char *recipe, sp_err status, const sp_diags *d,
                                const char *said);

/* Write the suites, in order, to path safely (temporary file, rename);
 * SP_ERR_IO with why when it cannot. */
sp_err sp_junit_write(const char *path, sp_junit_suite *const *suites, size_t n, char *why,
                      size_t why_size);

#endif
