/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics: the message format (`stemprint: error: FILE:LINE:COL: key:
 * what is wrong; how to fix it`), sorting by position, exit status from
 * the kinds recorded, and the "did you mean" suggestions. */

#include "core/base/diag.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(diag, format_names_file_line_col_and_key)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_error(&d, SP_ERR_USAGE, "song.yaml", (sp_pos){14, 7}, "tracks.kick.to",
                 "no bus named '%s'; did you mean '%s'?", "drum", "drums");
  char *s = sp_diag_format(&d.v[0]);
  cr_assert_str_eq(s, "stemprint: error: song.yaml:14:7: tracks.kick.to: no bus named 'drum'; "
                      "did you mean 'drums'?");
  free(s);
  sp_diags_fini(&d);
}

Test(diag, sorted_by_position_and_status_is_most_fundamental)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_error(&d, SP_ERR_IO, "a.yaml", (sp_pos){9, 1}, "x", "third");
  sp_diags_error(&d, SP_ERR_USAGE, "a.yaml", (sp_pos){2, 5}, "y", "first");
  sp_diags_warn(&d, "a.yaml", (sp_pos){2, 9}, "z", "second");
  cr_assert_eq(sp_diags_errors(&d), 2);
  cr_assert_eq(sp_diags_warnings(&d), 1);
  cr_assert_eq(sp_diags_status(&d), SP_ERR_USAGE);

  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  char *first = strstr(buf, "first"), *second = strstr(buf, "second"),
       *third = strstr(buf, "third");
  cr_assert(first && second && third && first < second && second < third, "%s", buf);
  cr_assert(strstr(buf, "stemprint: warning: a.yaml:2:9: z: second"), "%s", buf);
  free(buf);
  sp_diags_fini(&d);
}

/* Warnings of one shape past the first three are counted in one line, in
 * its number's words: "1 more warning", "2 more warnings" (before
 * 35c8ebcd, "1 more warnings"). */
Test(diag, the_count_of_folded_warnings_is_in_its_numbers_words)
{
  for (int n = 4; n <= 5; n++) {
    sp_diags d;
    sp_diags_init(&d);
    for (int i = 0; i < n; i++)
      sp_diags_warn(&d, "a.yaml", (sp_pos){i + 1, 3}, NULL, "bus 'b%d' feeds nothing", i);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sp_diags_print(&d, f);
    fclose(f);
    cr_expect(strstr(buf, n == 4 ? "a.yaml: 1 more warning like 'bus 'b0' feeds nothing'"
                                 : "a.yaml: 2 more warnings like 'bus 'b0' feeds nothing'"),
              "%s", buf);
    cr_expect_null(strstr(buf, "b3' feeds"), "%s", buf);
    free(buf);
    sp_diags_fini(&d);
  }
}

/* A long word cut keeps its closing marks (a quote, a colon): the quote
 * it opened is closed, so the words after it read as words and a
 * warning's shape is its own. Before, "bus 'xxx…(304 bytes) is muted"
 * lost its quote, everything after it read as quoted, and four warnings
 * of four texts folded into one: "3 more warnings like ...". */
Test(diag, a_cut_word_keeps_its_closing_quote)
{
  char word[301];
  memset(word, 'x', sizeof word - 1);
  word[sizeof word - 1] = '\0';
  static const char *const said[] = {"feeds nothing", "is muted", "has no inputs", "is silent"};
  sp_diags d;
  sp_diags_init(&d);
  for (int i = 0; i < 4; i++)
    sp_diags_warn(&d, "a.yaml", (sp_pos){i + 1, 3}, NULL, "bus '%s%d': %s", word, i, said[i]);
  cr_assert(strstr(d.v[1].msg, "\xe2\x80\xa6(304 bytes)': is muted"), "%s", d.v[1].msg);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  for (int i = 0; i < 4; i++)
    cr_expect(strstr(buf, said[i]), "%s: %s", said[i], buf);
  cr_expect_null(strstr(buf, "more warning"), "%s", buf);
  free(buf);
  sp_diags_fini(&d);
}

/* A word of more than 200 bytes (here the quoted 300 x's: 302) is cut (a
 * recipe's megabyte key), unless
 * the message is recorded whole (a folder's path, which the user needs in
 * full). */
Test(diag, long_words_are_cut_unless_the_message_is_whole)
{
  char word[301];
  memset(word, 'x', sizeof word - 1);
  word[sizeof word - 1] = '\0';
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_error(&d, SP_ERR_IO, NULL, (sp_pos){0, 0}, NULL, "cannot read '%s'", word);
  sp_diags_add_whole(&d, SP_SEV_ERROR, SP_ERR_IO, "cannot read '%s'", word);
  sp_diags_add_whole(&d, SP_SEV_WARNING, SP_OK, "%s: skipped", word);
  cr_assert_lt(strlen(d.v[0].msg), 100, "%s", d.v[0].msg);
  cr_assert(strstr(d.v[0].msg, "(302 bytes)"), "%s", d.v[0].msg);
  cr_assert_eq(strlen(d.v[1].msg), strlen("cannot read ''") + 300);
  cr_assert(strstr(d.v[1].msg, word));
  char *line = sp_diag_format(&d.v[2]);
  char *want = malloc(strlen(word) + 64);
  sprintf(want, "stemprint: warning: %s: skipped", word);
  cr_assert_str_eq(line, want);
  free(want);
  free(line);
  cr_assert_eq(sp_diags_errors(&d), 2);
  cr_assert_eq(sp_diags_warnings(&d), 1);
  cr_assert_eq(sp_diags_status(&d), SP_ERR_IO);
  sp_diags_fini(&d);
}

Test(diag, no_errors_is_ok)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_warn(&d, NULL, (sp_pos){0, 0}, NULL, "only a warning");
  cr_assert_eq(sp_diags_status(&d), SP_OK);
  sp_diags_fini(&d);
}

Test(diag, suggestions)
{
  const char *const keys[] = {"gain", "trim", "pan", "sends", "fade_in", "fade_out"};
  cr_assert_str_eq(sp_suggest("gian", keys, 6), "gain"); /* swap */
  cr_assert_str_eq(sp_suggest("Gain", keys, 6), "gain"); /* case */
  cr_assert_str_eq(sp_suggest("fadein", keys, 6), "fade_in");
  cr_assert_str_eq(sp_suggest("send", keys, 6), "sends");
  cr_assert_null(sp_suggest("volume", keys, 6));
  cr_assert_null(sp_suggest("x", keys, 6));
  const char *const buses[] = {"drums", "bass", "verb"};
  cr_assert_str_eq(sp_suggest("drum", buses, 3), "drums");
  /* as near ignoring case: the one that keeps the word's case wins */
  const char *const names[] = {"recipe", "name", "Name", "NAME", "kind"};
  cr_assert_str_eq(sp_suggest("Nmae", names, 5), "Name");
  cr_assert_str_eq(sp_suggest("nmae", names, 5), "name");
  cr_assert_str_eq(sp_suggest("NMAE", names, 5), "NAME");
  cr_assert_str_eq(sp_suggest("Kidn", names, 5), "kind");
}

/* Errors of one shape (the same text but for quoted names and numbers)
 * past the first three of a file are counted in one line, as warnings
 * are, each still counted in the exit status and listed by
 * sp_diags_sorted (--json); errors of another shape, and a warning of
 * the same text, are printed. Before, every error was printed: a
 * DAWproject of short audio files printed 658 lines of "Clip: plays from
 * N s into its audio, outside the file's M s". */
Test(diag, errors_of_one_shape_are_folded_as_warnings_are)
{
  sp_diags d;
  sp_diags_init(&d);
  for (int i = 0; i < 6; i++)
    sp_diags_error(&d, SP_ERR_IO, "a.xml", (sp_pos){i + 10, 0}, NULL,
                   "Clip: plays from %.6g s into its audio, outside the file's %.6g s; fix the "
                   "clip's playStart",
                   12.5 + i, i ? 1e-6 * i : 3.0);
  sp_diags_error(&d, SP_ERR_USAGE, "a.xml", (sp_pos){30, 0}, NULL, "Track: no channel 'x'");
  sp_diags_warn(&d, "a.xml", (sp_pos){31, 0}, NULL,
                "Clip: plays from 1 s into its audio, outside the file's 2 s; fix the clip's "
                "playStart");
  cr_assert_eq(sp_diags_errors(&d), 7);
  cr_assert_eq(sp_diags_status(&d), SP_ERR_USAGE);
  sp_diag *all = sp_diags_sorted(&d);
  for (size_t i = 0; i < d.n; i++)
    cr_expect_eq(all[i].pos.line, i < 6 ? (int)i + 10 : (int)i + 24);
  free(all);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  cr_expect(strstr(buf, "stemprint: error: a.xml:10: Clip: plays from 12.5 s into its audio, "
                        "outside the file's 3 s"),
            "%s", buf);
  cr_expect(strstr(buf, "a.xml:11: Clip: plays from 13.5 s"), "%s", buf);
  cr_expect(strstr(buf, "a.xml:12: Clip: plays from 14.5 s"), "%s", buf);
  cr_expect_null(strstr(buf, "a.xml:13:"), "%s", buf);
  cr_expect(strstr(buf, "stemprint: error: a.xml: 3 more errors like 'Clip: plays from 12.5 s "
                        "into its audio, outside the file's 3 s; fix the clip's playStart' (the "
                        "first 3 are above)"),
            "%s", buf);
  cr_expect(strstr(buf, "a.xml:30: Track: no channel 'x'"), "%s", buf);
  cr_expect(strstr(buf, "stemprint: warning: a.xml:31: Clip:"), "%s", buf);
  cr_expect_null(strstr(buf, "more warning"), "%s", buf);
  size_t lines = 0;
  for (const char *c = buf; *c; c++)
    lines += *c == '\n';
  cr_expect_eq(lines, 6, "%s", buf);
  free(buf);
  sp_diags_fini(&d);
}
