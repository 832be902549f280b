/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint loudness FILE...: BS.1770 / EBU R128 measurements of any files
 * of 1 to 8 channels, as a table, JSON (the report's per-file object,
 * docs/verify.md) or CSV, optionally with a 100 ms time series, the files
 * as one album, and delivery targets that set the exit status; --html
 * draws the same as a page (io/report/html.h): a plot per file, the numbers,
 * the targets and each judgement as a check.
 *
 * The measuring is core/measure/loudness.h's (the album measured, not combined:
 * every file's blocks go to its own meter and to one album meter, so the
 * album's windows span the joins); this file reads the options, prints
 * the numbers, judges them against the targets and says what missed. */

#include "cmd/cli.h"
#include "io/audio/adm.h"

#include "core/base/alloc.h"
#include "core/measure/loudness.h"
#include "core/measure/meter.h"
#include "core/base/units.h"
#include "io/audio/media.h"
#include "io/report/html.h"
#include "io/report/junit.h"
#include "io/report/report.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint loudness FILE... [--json | --csv] [--series] [--album]\n"
    "                          [--target LUFS [--tolerance LU]] [--max-true-peak DBTP]\n"
    "                          [--html FILE.html] [--junit FILE.xml]\n"
    "\n"
    "Measure each file as ITU-R BS.1770-4 and EBU R128 define it: integrated\n"
    "loudness, loudness range, the maxima of the momentary (400 ms) and\n"
    "short-term (3 s) loudness, true peak (4x oversampled), sample peak and the\n"
    "samples at or beyond full scale (for integer PCM, the top code counts).\n"
    "Levels that do not exist (silence) are printed as null (JSON), empty (CSV)\n"
    "or '-' (table). Files of mono to 9.1.6 (1 to 8, 10, 12 or 16 channels):\n"
    "a file's channel mask says its layout, else its count (6 channels are read\n"
    "as 5.1: L R C LFE Ls Rs; stemprint help layouts); the LFE does not count,\n"
    "the surrounds at 60 to 120 degrees count +1.5 dB (BS.1770's weights), and\n"
    "each channel of a surround file is measured alone too.\n"
    "\n"
    "options:\n"
    "  --json              {\"files\": [...]} with the report's per-file keys\n"
    "  --csv               one row per file, the same column names (a surround\n"
    "                      file's channels in a second table)\n"
    "  --series            with --json or --csv: add the momentary and short-term\n"
    "                      loudness every 100 ms (JSON: \"series\" per file; CSV: a\n"
    "                      second table after an empty line, a row per point)\n"
    "  --album             also measure the files played one after another as one\n"
    "                      programme (\"album\"); files of one sample rate\n"
    "  --target LUFS       integrated loudness to meet (each file; with --album,\n"
    "                      the album)\n"
    "  --tolerance LU      with --target: allowed distance from it (default 1 LU)\n"
    "  --max-true-peak DBTP  highest true peak allowed, every file\n"
    "  --html FILE.html    also write a self-contained HTML page: loudness over\n"
    "                      time per file, the numbers, the targets as checks\n"
    "  --junit FILE.xml    write a JUnit XML report: each target of each file (and\n"
    "                      the album) a testcase, a miss its failure (docs/ci.md)\n"
    "  -h, --help          this help\n"
    "\n"
    "A value follows its option or an '=' and may carry its unit, in the same\n"
    "argument or the next: --target -14, --target -14 LUFS, --target=-14LUFS and\n"
    "--target '-14 LUFS' are the same; likewise --tolerance 1 LU and\n"
    "--max-true-peak -1 dBTP (or dB). Options may come before or after the\n"
    "files; -- ends them.\n"
    "\n"
    "exit status: 0 ok, 1 a target missed (a line per failing file on stderr),\n"
    "2 usage, 3 a file cannot be read (or has a channel count no layout has) or\n"
    "the page cannot be written.\n";

/* no file is a mistake said after the options' (loudness checks them first) */
static const sp_cli_spec spec = {"loudness", help, 0, SIZE_MAX, NULL, NULL, 0};

/* The usage error of files that do not fit one album. */
static int mismatch_error(const sp_loudness_file *ms, const sp_loudness_mismatch *m)
{
  const sp_loudness_file *a = &ms[m->a], *b = &ms[m->b];
  if (m->rates)
    return sp_cli_usage_error("loudness",
                              "--album needs files of one sample rate: '%s' is %d Hz, "
                              "'%s' %d Hz",
                              a->path, a->info.sample_rate, b->path, b->info.sample_rate);
  return sp_cli_usage_error("loudness",
                            "--album needs files whose channels line up: '%s' has %d (%s), "
                            "'%s' %d (%s); measure them apart",
                            a->path, a->info.channels, a->layout->text, b->path,
                            b->info.channels, b->layout->text);
}

/* A level for the table: one decimal, or '-' when there is none. */
static void cell(char *buf, size_t n, double v)
{
  if (isnan(v) || (isinf(v) && v < 0))
    snprintf(buf, n, "-");
  else
    snprintf(buf, n, "%.1f", v);
}

static void print_table(const sp_loudness_file *ms, size_t n, const sp_loudness_album *al)
{
  fprintf(sp_cli_out(), "%-36s %9s %7s %9s %9s %8s %8s %8s\n", "file", "I LUFS", "LRA LU", "M max",
          "S max", "TP dBTP", "pk dBFS", "clipped");
  for (size_t i = 0; i < n + (al != NULL); i++) {
    const sp_loudness *l = i < n ? &ms[i].l : &al->l;
    char a[6][32];
    cell(a[0], 32, l->integrated_lufs);
    cell(a[1], 32, l->range_lu);
    cell(a[2], 32, l->momentary_max_lufs);
    cell(a[3], 32, l->shortterm_max_lufs);
    cell(a[4], 32, l->true_peak_dbtp);
    cell(a[5], 32, l->sample_peak_dbfs);
    /* a line each, whatever a name holds (sp_diag_line: escaped, docs/ci.md) */
    sp_diag_line(sp_cli_out(), "%-36s %9s %7s %9s %9s %8s %8s %8lld",
                 i < n ? ms[i].path : "(album)", a[0], a[1], a[2], a[3], a[4], a[5],
                 (long long)l->clipped);
    for (int c = 0; i < n && c < ms[i].n_channels; c++) { /* a surround file's channels */
      const sp_channel_figures *f = &ms[i].by_channel[c];
      cell(a[0], 32, f->integrated_lufs);
      cell(a[4], 32, f->true_peak_dbtp);
      cell(a[5], 32, f->sample_peak_dbfs);
      sp_diag_line(sp_cli_out(), "  %-34s %9s %7s %9s %9s %8s %8s", ms[i].layout->ch[c].name, a[0],
                   "", "", "", a[4], a[5]);
    }
  }
}

static sp_json *series_json(const sp_meter *m)
{
  const double *t, *mo, *st;
  size_t n = sp_meter_series(m, &t, &mo, &st);
  sp_json *o = sp_report_object(), *a = sp_report_array(), *b = sp_report_array(),
          *c = sp_report_array();
  for (size_t i = 0; i < n; i++) {
    sp_report_append(a, sp_report_number(t[i]));
    sp_report_append(b, sp_report_number(mo[i]));
    sp_report_append(c, sp_report_number(st[i]));
  }
  sp_report_set(o, "t_end_s", a);
  sp_report_set(o, "momentary_lufs", b);
  sp_report_set(o, "shortterm_lufs", c);
  return o;
}

static void print_json(const sp_loudness_file *ms, size_t n, const sp_loudness_album *al,
                       bool series)
{
  sp_json *root = sp_report_object(), *files = sp_report_array();
  for (size_t i = 0; i < n; i++) {
    sp_json *o = sp_report_loudness(ms[i].path, &ms[i].info, &ms[i].l);
    sp_report_set_channels(o, ms[i].layout, ms[i].by_channel, ms[i].n_channels);
    if (series)
      sp_report_set(o, "series", series_json(ms[i].meter));
    sp_report_append(files, o);
  }
  sp_report_set(root, "files", files);
  if (al) {
    sp_json *ao = sp_report_loudness_fields(&al->l);
    sp_report_set(ao, "files", sp_report_int((int64_t)n));
    sp_report_set(ao, "frames", sp_report_int(al->l.frames));
    sp_report_set(ao, "channels", sp_report_int(al->channels));
    sp_report_set(ao, "sample_rate", sp_report_int(al->sample_rate));
    if (series)
      sp_report_set(ao, "series", series_json(al->meter));
    sp_report_set(root, "album", ao);
  }
  sp_cli_print_json(root);
}

/* A CSV field: quoted, quotes doubled (RFC 4180). */
static void csv_text(const char *s)
{
  fputc('"', sp_cli_out());
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', sp_cli_out());
    fputc(*s, sp_cli_out());
  }
  fputs("\",", sp_cli_out());
}

static void csv_value(double v, bool last)
{
  if (isfinite(v))
    fprintf(sp_cli_out(), "%.3f", v);
  fputs(last ? "\n" : ",", sp_cli_out());
}

/* The series rows of a file (path) or of the album (NULL). */
static void csv_series(const char *path, const sp_meter *m)
{
  const double *t, *mo, *st;
  size_t k = sp_meter_series(m, &t, &mo, &st);
  for (size_t j = 0; j < k; j++) {
    if (path)
      csv_text(path);
    else
      fputs("(album),", sp_cli_out());
    csv_value(t[j], false);
    csv_value(mo[j], false);
    csv_value(st[j], true);
  }
}

/* The per-file table (the per-file object's keys as column names; the
 * album as a row "(album)"); for files of more than two channels a table
 * of their channels after one empty line: path,channel,integrated_lufs,
 * true_peak_dbtp,sample_peak_dbfs; and with series another after one more:
 * path,t_end_s,momentary_lufs,shortterm_lufs, a row per 100 ms point. */
static void print_csv(const sp_loudness_file *ms, size_t n, const sp_loudness_album *al,
                      bool series)
{
  fprintf(sp_cli_out(), "path,frames,channels,sample_rate,format,integrated_lufs,loudness_range_lu,"
                        "momentary_max_lufs,shortterm_max_lufs,true_peak_dbtp,sample_peak_dbfs,"
                        "clipped_samples\n");
  for (size_t i = 0; i < n + (al != NULL); i++) {
    const sp_loudness *l = i < n ? &ms[i].l : &al->l;
    if (i < n) {
      csv_text(ms[i].path);
      fprintf(sp_cli_out(), "%lld,%d,%d,%s,", (long long)ms[i].info.frames, ms[i].info.channels,
              ms[i].info.sample_rate, ms[i].info.format);
    } else {
      fprintf(sp_cli_out(), "(album),%lld,%d,%d,,", (long long)l->frames, al->channels,
              al->sample_rate);
    }
    csv_value(l->integrated_lufs, false);
    csv_value(l->range_lu, false);
    csv_value(l->momentary_max_lufs, false);
    csv_value(l->shortterm_max_lufs, false);
    csv_value(l->true_peak_dbtp, false);
    csv_value(l->sample_peak_dbfs, false);
    fprintf(sp_cli_out(), "%lld\n", (long long)l->clipped);
  }
  /* a surround file's channels, each alone as a mono programme: a table of
   * their own after one empty line */
  bool any = false;
  for (size_t i = 0; i < n; i++)
    any |= ms[i].n_channels > 0;
  if (any) {
    fprintf(sp_cli_out(), "\npath,channel,integrated_lufs,true_peak_dbtp,sample_peak_dbfs\n");
    for (size_t i = 0; i < n; i++)
      for (int c = 0; c < ms[i].n_channels; c++) {
        const sp_channel_figures *f = &ms[i].by_channel[c];
        csv_text(ms[i].path);
        csv_text(ms[i].layout->ch[c].name);
        csv_value(f->integrated_lufs, false);
        csv_value(f->true_peak_dbtp, false);
        csv_value(f->sample_peak_dbfs, true);
      }
  }
  if (!series)
    return;
  fprintf(sp_cli_out(), "\npath,t_end_s,momentary_lufs,shortterm_lufs\n");
  for (size_t i = 0; i < n; i++)
    csv_series(ms[i].path, ms[i].meter);
  if (al)
    csv_series(NULL, al->meter);
}

typedef struct targets {
  bool has_target, has_tolerance, has_tp;
  double target, tolerance, max_tp;
} targets;

/* The judgements, passed or not, for the HTML page (texts owned). */
typedef struct check_list {
  sp_html_check *items;
  size_t n, cap;
} check_list;

static void add_check(check_list *cl, const char *name, bool passed, char *text)
{
  SP_GROW(cl->items, cl->n, cl->cap);
  cl->items[cl->n++] = (sp_html_check){.name = name, .passed = passed, .text = text};
}

static void free_checks(check_list *cl)
{
  for (size_t k = 0; k < cl->n; k++)
    free((char *)cl->items[k].text);
  free(cl->items);
}

/* One judgement, named name (a check's, "loudness.true_peak"), of what
 * (a file, "album"): miss (heap, or NULL when it passed) on stderr, text
 * (heap) into cl, and (ju not NULL) a testcase of ju, its failure miss.
 * Returns pass. */
static bool verdict(const char *name, const char *what, bool pass, char *miss, char *text,
                    check_list *cl, sp_junit_suite *ju)
{
  if (miss)
    sp_diag_line(stderr, "stemprint: error: %s", miss);
  add_check(cl, name, pass, text);
  if (ju) {
    char *test = sp_xasprintf("%s: %s", name, what);
    sp_junit_add(ju, test, NULL, (sp_pos){0, 0}, pass ? SP_JUNIT_PASSED : SP_JUNIT_FAILED, miss,
                 NULL);
    free(test);
  }
  free(miss);
  return pass;
}

/* Every judgement of l (what: its file, or "album") against the targets:
 * the integrated loudness when integrated, the true peak when true_peak;
 * returns whether l meets them. */
static bool judge(const char *what, const sp_loudness *l, const targets *t, bool integrated,
                  bool true_peak, check_list *cl, sp_junit_suite *ju)
{
  bool ok = true;
  if (integrated && t->has_target) {
    double i = l->integrated_lufs;
    bool pass = !isnan(i) && fabs(i - t->target) <= t->tolerance + 1e-9;
    char *silent = isnan(i) ? sp_xasprintf("%s: no measurable loudness (silence); target %.1f "
                                           "LUFS",
                                           what, t->target)
                            : NULL;
    const int n = sp_loudness_decimals(i, t->target, t->tolerance);
    char *miss = silent  ? sp_xstrdup(silent)
                 : !pass ? sp_xasprintf("%s: integrated loudness %.*f LUFS is outside %.1f LUFS "
                                        "± %.1f LU (%+.*f LU)",
                                        what, n, i, t->target, t->tolerance, n, i - t->target)
                         : NULL;
    ok &= verdict("loudness.integrated", what, pass, miss,
                  silent ? silent
                         : sp_xasprintf("%s: integrated loudness %.*f LUFS, target %.1f LUFS "
                                        "± %.1f LU (%+.*f LU)",
                                        what, n, i, t->target, t->tolerance, n, i - t->target),
                  cl, ju);
  }
  if (true_peak && t->has_tp) {
    bool pass = !(l->true_peak_dbtp > t->max_tp + 1e-9);
    ok &= verdict("loudness.true_peak", what, pass,
                  pass ? NULL
                       : sp_xasprintf("%s: true peak %.2f dBTP is above %.1f dBTP", what,
                                      l->true_peak_dbtp, t->max_tp),
                  sp_xasprintf("%s: true peak %.2f dBTP, max %.1f dBTP", what, l->true_peak_dbtp,
                               t->max_tp),
                  cl, ju);
  }
  return ok;
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s && s[1] ? s + 1 : path;
}

/* A programme on the page (is_mix: its row and plot show what is judged
 * of it), its loudness over time from m. */
static sp_html_output programme(const char *name, const char *path, const sp_loudness *l,
                                const sp_meter *m)
{
  sp_html_output o = {
      .name = name, .path = path, .is_mix = true, .measured = true, .loudness = *l};
  o.n_series = sp_meter_series(m, &o.t_end_s, &o.momentary, &o.shortterm);
  return o;
}

/* A section of the page: outs (n), seconds long, judged by cl (ok: every
 * judgement passed) against the integrated target (NAN: none here) and
 * the true-peak limit (NAN: none here). */
static char *section(const char *title, double seconds, const sp_html_output *outs, size_t n,
                     const check_list *cl, bool ok, double target_lufs, double tolerance_lu,
                     double max_true_peak)
{
  sp_html_song song = {
      .title = title,
      .status = ok ? 0 : SP_ERR_CHECK,
      .seconds = seconds,
      .outputs = outs,
      .n_outputs = n,
      .checks = cl->items,
      .n_checks = cl->n,
      .target_lufs = target_lufs,
      .tolerance_lu = tolerance_lu,
      .max_true_peak = max_true_peak,
  };
  return sp_html_section(&song);
}

/* The files as a section of the page, on one time axis, the longest
 * file's. Without an album the target is each file's; with one it is the
 * album's, so only the true peak is judged here. */
static char *files_section(const sp_loudness_file *ms, size_t n, bool album, const targets *t,
                           const check_list *cl, bool ok)
{
  sp_html_output *outs = sp_xcalloc(n, sizeof *outs);
  double seconds = 0;
  for (size_t i = 0; i < n; i++) {
    outs[i] = programme(base_name(ms[i].path), ms[i].path, &ms[i].l, ms[i].meter);
    outs[i].layout = ms[i].layout;
    outs[i].n_channels = ms[i].n_channels;
    outs[i].by_channel = ms[i].by_channel;
    double s = (double)ms[i].info.frames / ms[i].info.sample_rate;
    seconds = s > seconds ? s : seconds;
  }
  char *title = n == 1 ? sp_xstrdup(ms[0].path) : sp_xasprintf("%zu files", n);
  char *html = section(title, seconds, outs, n, cl, ok, t->has_target && !album ? t->target : NAN,
                       t->tolerance, t->has_tp ? t->max_tp : NAN);
  free(title);
  free(outs);
  return html;
}

/* The album as a section of its own: its length, its row and its plot,
 * with the target it is judged by; its true peak is not judged (the
 * files' are). */
static char *album_section(const sp_loudness_album *al, size_t n, const targets *t,
                           const check_list *cl, bool ok)
{
  const sp_html_output out = programme("album", NULL, &al->l, al->meter);
  char *title = sp_xasprintf("album: %zu file%s as one programme", n, n == 1 ? "" : "s");
  char *html = section(title, (double)al->l.frames / al->sample_rate, &out, 1, cl, ok,
                       t->has_target ? t->target : NAN, t->tolerance, NAN);
  free(title);
  return html;
}

/* The --html page: the files' section, then the album's. */
static sp_err write_html(const char *html, const sp_loudness_file *ms, size_t n,
                         const sp_loudness_album *al, const targets *t,
                         const check_list *files_checks, bool files_ok,
                         const check_list *album_checks, bool album_ok)
{
  char *sections[2];
  size_t k = 0;
  sections[k++] = files_section(ms, n, al != NULL, t, files_checks, files_ok);
  if (al)
    sections[k++] = album_section(al, n, t, album_checks, album_ok);
  char *title = n == 1 && !al ? sp_xstrdup(ms[0].path)
                              : sp_xasprintf("%zu files%s", n, al ? " as an album" : "");
  char why[512];
  sp_err err = sp_html_write(html, title, NULL, (const char *const *)sections, k, why, sizeof why);
  if (err != SP_OK)
    sp_diag_line(stderr, "stemprint: error: --html: %s", why);
  for (size_t i = 0; i < k; i++)
    free(sections[i]);
  free(title);
  return err;
}

int sp_cmd_loudness(int argc, char **argv)
{
  bool json = false, csv = false, series = false, album = false;
  const char *html = NULL, *junit = NULL;
  targets t = {.tolerance = 1.0};
  const sp_arg opts[] = {
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      {.name = "csv", .kind = SP_ARG_FLAG, .to = &csv, .document = true},
      {.name = "series", .kind = SP_ARG_FLAG, .to = &series},
      {.name = "album", .kind = SP_ARG_FLAG, .to = &album},
      SP_OUTPUT_ARG("html", 0, &html, "a file name", "loudness.html"),
      SP_OUTPUT_ARG("junit", 0, &junit, "a file name", "loudness.xml"),
      SP_VALUE_ARG("target", &t.target, SP_UNIT_LUFS, -DBL_MAX, DBL_MAX,
                   "an integrated loudness in LUFS (or LKFS)", "-14 LUFS", &t.has_target),
      SP_VALUE_ARG("tolerance", &t.tolerance, SP_UNIT_LU, 0, DBL_MAX,
                   "a loudness difference of 0 LU or more", "1 LU", &t.has_tolerance),
      SP_VALUE_ARG("max-true-peak", &t.max_tp, SP_UNIT_DBTP, -DBL_MAX, DBL_MAX,
                   "a true-peak level in dBTP (or dB)", "-1 dBTP", &t.has_tp),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  size_t n = args.n_pos;
  sp_loudness_file *ms = sp_xcalloc(n + 1, sizeof *ms);
  for (size_t i = 0; i < n; i++)
    ms[i].path = args.pos[i];
  sp_args_fini(&args);
  if (status == 0 && json && csv)
    status = sp_cli_usage_error("loudness", "--json and --csv exclude each other");
  if (status == 0 && t.has_tolerance && !t.has_target)
    status =
        sp_cli_usage_error("loudness", "--tolerance is the allowed distance from a target; add "
                                       "--target LUFS (like --target -14 --tolerance 1)");
  if (status == 0 && series && !json && !csv)
    status = sp_cli_usage_error("loudness",
                                "--series adds the 100 ms loudness to --json or --csv output; "
                                "add one of them (--html draws the series without it)");
  if (status == 0 && n == 0)
    status = sp_cli_usage_error("loudness", "no file given");
  sp_loudness_album al = {0};
  sp_cli_media media;
  sp_cli_media_init(&media);
  if (status == 0 && album) {
    /* Room for a path as long as the system allows, and the reason. */
    char why[8192];
    sp_loudness_mismatch m;
    sp_err err =
        sp_loudness_album_open(&media.media, ms, n, series || html, &al, why, sizeof why, &m);
    if (err == SP_ERR_USAGE)
      status = mismatch_error(ms, &m);
    else if (err != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s", why);
      status = err;
    }
  }
  /* --junit: a file that cannot be measured is an error case */
  sp_junit_suite *ju = junit && status == 0 ? sp_junit_suite_new("loudness", NULL) : NULL;
  for (size_t i = 0; i < n && status == 0; i++) {
    char why[512];
    /* an ADM BWF is measured on its 5.1 re-render, as delivery specs measure
     * an immersive master (docs/verify.md) */
    const bool adm = !album && sp_adm_sniff(ms[i].path);
    if (adm ? sp_adm_measure(sp_layout_find("5.1"), series || html, &ms[i], why, sizeof why) !=
                  SP_OK
            : sp_loudness_measure(&media.media, &ms[i], series || html, album ? &al : NULL, why,
                                  sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s", why);
      status = SP_ERR_IO;
      if (ju)
        sp_junit_add(ju, ms[i].path, NULL, (sp_pos){0, 0}, SP_JUNIT_ERROR, why, NULL);
    }
  }
  if (status == 0) {
    const sp_loudness_album *alp = album ? &al : NULL;
    if (album)
      sp_loudness_album_result(&al);
    if (json)
      print_json(ms, n, alp, series);
    else if (csv)
      print_csv(ms, n, alp, series);
    else
      print_table(ms, n, alp);
    /* With an album the integrated target is the album's; the true peak
     * is every file's. */
    check_list files_checks = {.items = NULL}, album_checks = {.items = NULL};
    bool files_ok = true, album_ok = true;
    for (size_t i = 0; i < n; i++)
      files_ok &= judge(ms[i].path, &ms[i].l, &t, !album, true, &files_checks, ju);
    if (alp)
      album_ok = judge("album", &al.l, &t, true, false, &album_checks, ju);

    if ((!files_ok || !album_ok) && status == 0)
      status = SP_ERR_CHECK;
    if (html &&
        write_html(html, ms, n, alp, &t, &files_checks, files_ok, &album_checks, album_ok) != SP_OK)
      status = SP_ERR_IO;
    free_checks(&files_checks);
    free_checks(&album_checks);
  }
  if (ju)
    status = sp_cli_junit_write(junit, &ju, 1, status);
  sp_loudness_album_fini(&al);
  sp_cli_media_fini(&media);
  for (size_t i = 0; i < n; i++)
    sp_loudness_file_fini(&ms[i]);
  free(ms);
  return status;
}
