/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_DIFF_H
#define SP_REPORT_DIFF_H

/* What `stemprint diff` says: the CI's assertions judged on the compared
 * prints (io/report/diff_set.h), the items worst first, and the run in
 * words (a line a print), as JSON (docs/verify.md's keys), as a Markdown
 * table for a pull request, and as JUnit testcases. */

#include "core/base/diag.h"
#include "io/report/diff_set.h"
#include "io/report/junit.h"
#include "io/report/report.h"

#include <stdbool.h>
#include <stdio.h>

/* The assertions; NAN / NULL: not asked. */
typedef struct sp_diff_expect {
  const char *changed; /* --expect-changed: names (comma-separated) that must differ; the
                          others must not. A name matches a print's whole name or its
                          file name without the extension (vocals matches vocals.wav). */
  double max_residual_dbfs;
  double max_loudness_delta_lu;
} sp_diff_expect;

enum { SP_DIFF_CHECKS = 3 };
typedef struct sp_diff_check {
  const char *name; /* "expect-changed", "max-residual", "max-loudness-delta" */
  bool passed;
  char message[512];
} sp_diff_check;

typedef struct sp_diff_verdicts {
  sp_diff_check (*checks)[SP_DIFF_CHECKS]; /* [n items], each item's asked checks */
  size_t *n_checks;                        /* [n items] */
  char **unmatched; /* --expect-changed names no print has (heap, n_unmatched) */
  size_t n_unmatched;
  bool passed; /* every check passed and no name is unmatched */
} sp_diff_verdicts;

/* Sort items worst first: changed, removed, added, rescaled, shifted,
 * within, identical; then by the residual's peak, then by name. */
void sp_diff_sort(sp_diff_item *items, size_t n);

/* Judge items by e into v (free with sp_diff_verdicts_fini). */
void sp_diff_judge(const sp_diff_item *items, size_t n, const sp_diff_expect *e,
                   sp_diff_verdicts *v);
void sp_diff_verdicts_fini(sp_diff_verdicts *v);

/* "-12.3" / "-inf" / "n/a" (the residual's and deltas' words). */
void sp_diff_fmt_db(char *buf, size_t n, double db, bool sign);
/* "1:12.340" (m:ss.mmm) */
void sp_diff_fmt_time(char *buf, size_t n, double s);

/* One item's line of the terminal summary, and its spans and bands
 * beneath when it changed (each line indented); its name, paths and
 * error escaped as diagnostics are (sp_diag_line), so that a name is
 * never more than its line. */
void sp_diff_print_item(FILE *f, const sp_diff_item *it, bool detail);

/* The run as JSON: {old, new, passed, threshold..., prints: [...]}. */
sp_json *sp_diff_json(const char *old_arg, const char *new_arg, const sp_diff_item *items,
                      size_t n, const sp_diff_verdicts *v, const sp_diff_expect *e);
/* Text for a GitHub or GitLab comment (GFM), in a table's cell or not:
 * s escaped as diagnostics are first (sp_diag_escape: a control
 * character, a newline included, and a byte that is not UTF-8 as \xHH,
 * so the comment is valid UTF-8 and s one line of it), then the
 * characters Markdown acts on (` * _ [ ] < > | ~ \, and _ but inside a
 * word) escaped with a backslash; and a code span of s so escaped,
 * fenced by one backtick more than the longest run in it, with '|'
 * escaped in a table's cell (in_table). */
void sp_diff_md_text(FILE *f, const char *s);
void sp_diff_md_code(FILE *f, const char *s, bool in_table);
/* The Markdown table (a pull-request comment). */
void sp_diff_markdown(FILE *f, const char *old_arg, const char *new_arg,
                      const sp_diff_item *items, size_t n, const sp_diff_verdicts *v);
/* A JUnit suite: a testcase per print (failed when it differs and no
 * --expect-changed says it may, an error when it could not be compared)
 * and one per assertion of each print. */
sp_junit_suite *sp_diff_junit(const sp_diff_item *items, size_t n, const sp_diff_verdicts *v);

#endif
