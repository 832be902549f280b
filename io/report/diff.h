/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_DIFF_H
#define SP_REPORT_DIFF_H

/* What `stemprint diff` says, from one model (sp_diff_report) filled
 * once: the compared prints (io/report/diff_set.h) worst first, each with
 * its cause (io/report/diff_cause.h: the changed keys and inputs that
 * reach it, the shared processors it followed, its change of format) and
 * the CI's assertions judged on it, each with its threshold. Every output
 * is a view of that model, in the same words: the terminal (a line a
 * print, its figures, cause and assertions beneath), JSON (docs/verify.md's
 * keys), a Markdown comment for a pull request, JUnit testcases, and the
 * HTML page (io/report/diff_html.h). A figure that does not exist is said
 * with why ("none: removed", "silent: below the gate"), never "n/a". */

#include "core/base/diag.h"
#include "io/report/diff_cause.h"
#include "io/report/diff_set.h"
#include "io/report/junit.h"
#include "io/report/report.h"

#include <stdbool.h>
#include <stdio.h>

/* The assertions; NAN / NULL: not asked. */
typedef struct sp_diff_expect {
  const char *changed; /* --expect-changed: names (comma-separated, each trimmed of spaces;
                          an empty one ignored) that must differ; the others must not, but
                          for one that followed a shared processor (unless strict). A name
                          matches a print's whole name or its file name without the
                          extension (vocals matches vocals.wav), in either set. */
  bool strict;         /* --strict: a print that followed fails as any other that differs */
  double max_residual_dbfs;
  double max_loudness_delta_lu;
} sp_diff_expect;

enum { SP_DIFF_CHECKS = 3 };
/* One assertion on one print, with its threshold and what was found. */
typedef struct sp_diff_check {
  const char *name; /* "expect-changed", "max-residual", "max-loudness-delta"; "unchanged":
                       the rule of none of them given, every print unchanged */
  bool passed;
  double threshold;   /* in unit: the residual peak allowed (expect-changed's: the
                         print's threshold, NAN when it had to change), or ± the delta */
  double value;       /* what was found, in unit (NAN: none, said in found) */
  const char *unit;   /* "dBFS", "LU" */
  char expected[192]; /* the threshold in words: "unchanged (residual peak at most
                         -128.9 dBFS)", "at most -90.0 dBFS", "within ±1.0 LU" */
  char found[320];    /* "changed, residual peak -42.1 dBFS", "+0.3 LU" */
  char message[1024]; /* "NAME: EXPECTED: FOUND" */
} sp_diff_check;

/* A print's row of the model. */
typedef struct sp_diff_row {
  sp_diff_check checks[SP_DIFF_CHECKS];
  size_t n_checks;
  bool passed;  /* compared, and every check held */
  size_t *keys; /* the cause's keys that reach it (indices), when it differs */
  size_t n_keys;
  size_t *inputs; /* ... its inputs */
  size_t n_inputs;
  size_t *links; /* the cause's links it followed: it differs, no key or input reaches it */
  size_t n_links;
  bool unexplained; /* it differs and nothing above (nor its format) explains it */
  char format[192]; /* sp_diff_format_change, and how it was compared; "": the same */
  bool layout;      /* its layout changed (sp_diff_format_change) */
} sp_diff_row;

typedef struct sp_diff_report {
  char *old_arg, *new_arg; /* the sets as given */
  sp_diff_expect expect;   /* its changed owned */
  sp_diff_item *items;     /* worst first */
  sp_diff_row *rows;       /* [n] */
  size_t n;
  char **unmatched; /* --expect-changed names no print has */
  size_t n_unmatched;
  sp_diff_cause *cause;      /* NULL: a side was no recipe */
  size_t n_differ;           /* items that differ or could not be compared */
  size_t n_layout;           /* items that do not differ, and whose layout changed */
  size_t n_checks, n_failed; /* assertions, those that failed (unmatched names included) */
  bool passed;
} sp_diff_report;

/* The model of a diff: items (n, heap, taken) sorted worst first (changed,
 * removed, added, rescaled, shifted, within, identical; then by the
 * residual's peak, then by name), each given its cause from cause (taken;
 * NULL: none) and judged by e. Free with sp_diff_report_fini. */
void sp_diff_report_make(sp_diff_report *rep, const char *old_arg, const char *new_arg,
                         sp_diff_item *items, size_t n, const sp_diff_expect *e,
                         sp_diff_cause *cause);
void sp_diff_report_fini(sp_diff_report *rep);

/* "-12.3" / "-inf" / "+inf"; NAN: "" (say what is absent instead). */
void sp_diff_fmt_db(char *buf, size_t n, double db, bool sign);
/* "1:12.340" (m:ss.mmm) */
void sp_diff_fmt_time(char *buf, size_t n, double s);

/* One item's figures in lines: its verdict line, and its loudness,
 * alignment, spans and bands beneath when it changed (each line indented);
 * its name, paths and error escaped as diagnostics are (sp_diag_line), so
 * that a name is never more than its line. */
void sp_diff_print_item(FILE *f, const sp_diff_item *it, bool detail);
/* Print i of rep in lines: its figures (sp_diff_print_item), then its cause
 * and each of its assertions with its result, beneath. */
void sp_diff_print_row(FILE *f, const sp_diff_report *rep, size_t i);
/* The cause in lines (without the recipes, that it is not known). */
void sp_diff_print_cause(FILE *f, const sp_diff_report *rep);
/* The head line ("diff: OLD -> NEW: 3 of 7 prints differ"), the failed
 * assertions and how many held. */
void sp_diff_print_head(FILE *f, const sp_diff_report *rep);
/* The terminal's summary: the head line, each print's lines, the failed
 * assertions again with how many held, and the cause. */
void sp_diff_say(FILE *f, const sp_diff_report *rep);

/* The model as JSON (docs/verify.md). */
sp_json *sp_diff_json(const sp_diff_report *rep);
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
/* The model as a pull-request comment: a heading with the count and the
 * verdict, the failed assertions, a table of the prints (verdict, lag and
 * gain, residual, loudness and true-peak deltas, where and what band,
 * cause), the cause, and every assertion with its threshold. */
void sp_diff_markdown(FILE *f, const sp_diff_report *rep);
/* A JUnit suite: a testcase per print (its lines as its output; an error
 * when it could not be compared) and one per assertion of each print. */
sp_junit_suite *sp_diff_junit(const sp_diff_report *rep);

#endif
