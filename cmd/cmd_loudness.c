/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint loudness FILE...: BS.1770 / EBU R128 measurements of any files,
 * as a table, JSON (SPEC §4) or CSV, optionally with a 100 ms time series,
 * the files as one album, and delivery targets that set the exit status;
 * --html draws the same as a page (io/html.h): a plot per file, the
 * numbers, the targets and each judgement as a check. */

#include "cmd/cli.h"

#include "core/alloc.h"
#include "core/meter.h"
#include "core/units.h"
#include "io/audio.h"
#include "io/html.h"
#include "io/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint loudness FILE... [--json | --csv] [--series] [--album]\n"
    "                          [--target LUFS] [--tolerance LU] [--max-true-peak DBTP]\n"
    "                          [--html FILE.html]\n"
    "\n"
    "Measure each file as ITU-R BS.1770-4 and EBU R128 define it: integrated\n"
    "loudness, loudness range, the maxima of the momentary (400 ms) and\n"
    "short-term (3 s) loudness, true peak (4x oversampled), sample peak and the\n"
    "samples at or beyond full scale. Levels that do not exist (silence) are\n"
    "printed as null (JSON), empty (CSV) or '-' (table).\n"
    "\n"
    "options:\n"
    "  --json              {\"files\": [...]} with SPEC's per-file keys\n"
    "  --csv               one row per file, the same column names\n"
    "  --series            add the momentary and short-term loudness every 100 ms\n"
    "                      (JSON: \"series\" per file; CSV: one row per point)\n"
    "  --album             also measure the files as one programme (\"album\")\n"
    "  --target LUFS       integrated loudness to meet (each file; with --album,\n"
    "                      the album)\n"
    "  --tolerance LU      allowed distance from the target (default 1 LU)\n"
    "  --max-true-peak DBTP  highest true peak allowed, every file\n"
    "  --html FILE.html    also write a self-contained HTML page: loudness over\n"
    "                      time per file, the numbers, the targets as checks\n"
    "  -h, --help          this help\n"
    "\n"
    "exit status: 0 ok, 1 a target missed (a line per failing file on stderr),\n"
    "2 usage, 3 a file cannot be read (or has more than two channels) or the\n"
    "page cannot be written.\n";

typedef struct measured {
  const char *path;
  sp_audio_info info;
  sp_meter *meter;
  sp_loudness l;
} measured;

static sp_err measure(measured *m, bool series, char *why, size_t why_size)
{
  sp_audio_reader *r;
  char reason[256];
  if (sp_audio_open(m->path, &r, &m->info, reason, sizeof reason) != SP_OK) {
    snprintf(why, why_size, "cannot read '%s': %s", m->path, reason);
    return SP_ERR_IO;
  }
  if (m->info.channels > 2 ||
      sp_meter_new(m->info.channels, m->info.sample_rate, &m->meter) != SP_OK) {
    snprintf(why, why_size,
             "'%s' has %d channels at %d Hz; stemprint measures mono and stereo "
             "files from 8 kHz",
             m->path, m->info.channels, m->info.sample_rate);
    sp_audio_close(r);
    return SP_ERR_IO;
  }
  if (series)
    sp_meter_keep_series(m->meter);
  enum { BLOCK = 16384 };
  const size_t C = (size_t)m->info.channels;
  float *buf = sp_xcalloc(BLOCK * C, sizeof *buf), *pl[2];
  pl[0] = sp_xcalloc(BLOCK, sizeof(float));
  pl[1] = sp_xcalloc(BLOCK, sizeof(float));
  sp_err err = SP_OK;
  for (;;) {
    int64_t got = sp_audio_read_float(r, buf, BLOCK);
    if (got < 0) {
      snprintf(why, why_size, "cannot read '%s'", m->path);
      err = SP_ERR_IO;
      break;
    }
    if (got == 0)
      break;
    for (size_t c = 0; c < C; c++)
      for (size_t i = 0; i < (size_t)got; i++)
        pl[c][i] = buf[i * C + c];
    sp_meter_add(m->meter, (const float *const *)pl, (size_t)got);
  }
  free(buf);
  free(pl[0]);
  free(pl[1]);
  sp_audio_close(r);
  if (err == SP_OK)
    sp_meter_result(m->meter, &m->l);
  return err;
}

/* A level for the table: one decimal, or '-' when there is none. */
static void cell(char *buf, size_t n, double v)
{
  if (isnan(v) || (isinf(v) && v < 0))
    snprintf(buf, n, "-");
  else
    snprintf(buf, n, "%.1f", v);
}

static void print_table(const measured *ms, size_t n, const sp_loudness *album)
{
  printf("%-36s %9s %7s %9s %9s %8s %8s %8s\n", "file", "I LUFS", "LRA LU", "M max", "S max",
         "TP dBTP", "pk dBFS", "clipped");
  for (size_t i = 0; i <= n; i++) {
    const sp_loudness *l = i < n ? &ms[i].l : album;
    if (!l)
      break;
    char a[6][32];
    cell(a[0], 32, l->integrated_lufs);
    cell(a[1], 32, l->range_lu);
    cell(a[2], 32, l->momentary_max_lufs);
    cell(a[3], 32, l->shortterm_max_lufs);
    cell(a[4], 32, l->true_peak_dbtp);
    cell(a[5], 32, l->sample_peak_dbfs);
    printf("%-36s %9s %7s %9s %9s %8s %8s %8lld\n", i < n ? ms[i].path : "(album)", a[0], a[1],
           a[2], a[3], a[4], a[5], (long long)l->clipped);
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

static void csv_value(double v, bool last)
{
  if (isfinite(v))
    printf("%.3f", v);
  fputs(last ? "\n" : ",", stdout);
}

static void print_csv(const measured *ms, size_t n, const sp_loudness *album, bool series)
{
  if (series) {
    printf("path,t_end_s,momentary_lufs,shortterm_lufs\n");
    for (size_t i = 0; i < n; i++) {
      const double *t, *mo, *st;
      size_t k = sp_meter_series(ms[i].meter, &t, &mo, &st);
      for (size_t j = 0; j < k; j++) {
        printf("\"%s\",", ms[i].path);
        csv_value(t[j], false);
        csv_value(mo[j], false);
        csv_value(st[j], true);
      }
    }
    return;
  }
  printf("path,frames,channels,sample_rate,format,integrated_lufs,loudness_range_lu,"
         "momentary_max_lufs,shortterm_max_lufs,true_peak_dbtp,sample_peak_dbfs,"
         "clipped_samples\n");
  for (size_t i = 0; i <= n; i++) {
    const sp_loudness *l = i < n ? &ms[i].l : album;
    if (!l)
      break;
    if (i < n)
      printf("\"%s\",%lld,%d,%d,%s,", ms[i].path, (long long)ms[i].info.frames, ms[i].info.channels,
             ms[i].info.sample_rate, ms[i].info.format);
    else
      printf("(album),%lld,,,,", (long long)l->frames);
    csv_value(l->integrated_lufs, false);
    csv_value(l->range_lu, false);
    csv_value(l->momentary_max_lufs, false);
    csv_value(l->shortterm_max_lufs, false);
    csv_value(l->true_peak_dbtp, false);
    csv_value(l->sample_peak_dbfs, false);
    printf("%lld\n", (long long)l->clipped);
  }
}

typedef struct targets {
  bool has_target, has_tp;
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

/* One line per miss on stderr, and every judgement into cl; returns
 * whether l meets the targets. */
static bool judge(const char *what, const sp_loudness *l, const targets *t, bool integrated,
                  bool true_peak, check_list *cl)
{
  bool ok = true;
  if (integrated && t->has_target) {
    double i = l->integrated_lufs;
    bool pass = !isnan(i) && fabs(i - t->target) <= t->tolerance + 1e-9;
    if (isnan(i))
      fprintf(stderr, "stemprint: error: %s: no measurable loudness (silence); target %.1f LUFS\n",
              what, t->target);
    else if (!pass)
      fprintf(stderr,
              "stemprint: error: %s: integrated loudness %.1f LUFS is outside %.1f LUFS "
              "± %.1f LU (%+.1f LU)\n",
              what, i, t->target, t->tolerance, i - t->target);
    add_check(cl, "loudness.integrated", pass,
              isnan(i) ? sp_xasprintf("%s: no measurable loudness (silence); target %.1f LUFS",
                                      what, t->target)
                       : sp_xasprintf("%s: integrated loudness %.1f LUFS, target %.1f LUFS "
                                      "± %.1f LU (%+.1f LU)",
                                      what, i, t->target, t->tolerance, i - t->target));
    ok &= pass;
  }
  if (true_peak && t->has_tp) {
    bool pass = !(l->true_peak_dbtp > t->max_tp + 1e-9);
    if (!pass)
      fprintf(stderr, "stemprint: error: %s: true peak %.2f dBTP is above %.1f dBTP\n", what,
              l->true_peak_dbtp, t->max_tp);
    add_check(
        cl, "loudness.true_peak", pass,
        sp_xasprintf("%s: true peak %.2f dBTP, max %.1f dBTP", what, l->true_peak_dbtp, t->max_tp));
    ok &= pass;
  }
  return ok;
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s && s[1] ? s + 1 : path;
}

/* The --html page: one section, the files as outputs (each judged as a
 * programme, so its plot shows the target), the album as one more row. */
static sp_err write_html(const char *html, const measured *ms, size_t n, const sp_loudness *album,
                         const targets *t, const check_list *cl, int status)
{
  sp_html_output *outs = sp_xcalloc(n + 1, sizeof *outs);
  double seconds = 0;
  for (size_t i = 0; i < n; i++) {
    const double *te, *mo, *st;
    size_t k = sp_meter_series(ms[i].meter, &te, &mo, &st);
    outs[i] = (sp_html_output){.name = base_name(ms[i].path),
                               .path = ms[i].path,
                               .is_mix = album == NULL,
                               .measured = true,
                               .loudness = ms[i].l,
                               .t_end_s = te,
                               .momentary = mo,
                               .shortterm = st,
                               .n_series = k};
    double s = (double)ms[i].info.frames / ms[i].info.sample_rate;
    seconds = s > seconds ? s : seconds;
  }
  if (album)
    outs[n] =
        (sp_html_output){.name = "album", .is_mix = true, .measured = true, .loudness = *album};
  char *title =
      n == 1 ? sp_xstrdup(ms[0].path) : sp_xasprintf("%zu files%s", n, album ? " as an album" : "");
  sp_html_song song = {
      .title = title,
      .status = status,
      .seconds = seconds,
      .outputs = outs,
      .n_outputs = n + (album != NULL),
      .checks = cl->items,
      .n_checks = cl->n,
      .target_lufs = t->has_target ? t->target : NAN,
      .tolerance_lu = t->tolerance,
      .max_true_peak = t->has_tp ? t->max_tp : NAN,
  };
  char *section = sp_html_section(&song);
  char why[512];
  const char *sections[] = {section};
  sp_err err = sp_html_write(html, title, sections, 1, why, sizeof why);
  if (err != SP_OK)
    fprintf(stderr, "stemprint: error: --html: %s\n", why);
  free(section);
  free(title);
  free(outs);
  return err;
}

static int parse_level(const char *opt, const char *text, sp_unit unit, double *out)
{
  char why[256];
  if (!text)
    return sp_cli_usage_error("loudness", "%s needs a value like %s", opt, sp_unit_example(unit));
  if (!sp_units_parse(unit, text, out, why, sizeof why) || !isfinite(*out))
    return sp_cli_usage_error("loudness", "%s '%s': %s", opt, text, why);
  return 0;
}

int sp_cmd_loudness(int argc, char **argv)
{
  measured *ms = sp_xcalloc((size_t)argc + 1, sizeof *ms);
  size_t n = 0;
  bool json = false, csv = false, series = false, album = false;
  const char *html = NULL;
  targets t = {.tolerance = 1.0};
  check_list cl = {.items = NULL};
  int status = 0;
  for (int i = 0; i < argc && status == 0; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      free(ms);
      return 0;
    } else if (strcmp(a, "--json") == 0) {
      json = true;
    } else if (strcmp(a, "--csv") == 0) {
      csv = true;
    } else if (strcmp(a, "--series") == 0) {
      series = true;
    } else if (strcmp(a, "--album") == 0) {
      album = true;
    } else if (strcmp(a, "--html") == 0) {
      if (!next)
        status = sp_cli_usage_error("loudness", "--html needs a file name, like loudness.html");
      html = next, i++;
    } else if (strcmp(a, "--target") == 0) {
      status = parse_level(a, next, SP_UNIT_LUFS, &t.target);
      t.has_target = true;
      i++;
    } else if (strcmp(a, "--tolerance") == 0) {
      status = parse_level(a, next, SP_UNIT_LU, &t.tolerance);
      if (status == 0 && t.tolerance < 0)
        status = sp_cli_usage_error("loudness", "--tolerance must not be negative");
      i++;
    } else if (strcmp(a, "--max-true-peak") == 0) {
      status = parse_level(a, next, SP_UNIT_DBTP, &t.max_tp);
      t.has_tp = true;
      i++;
    } else if (a[0] == '-' && a[1] != '\0') {
      status = sp_cli_usage_error("loudness", "unknown option '%s'", a);
    } else {
      ms[n++].path = a;
    }
  }
  if (status == 0 && json && csv)
    status = sp_cli_usage_error("loudness", "--json and --csv exclude each other");
  if (status == 0 && n == 0)
    status = sp_cli_usage_error("loudness", "no file given");
  for (size_t i = 0; i < n && status == 0; i++) {
    char why[512];
    if (measure(&ms[i], series || html, why, sizeof why) != SP_OK) {
      fprintf(stderr, "stemprint: error: %s\n", why);
      status = SP_ERR_IO;
    }
  }
  if (status == 0 && album) {
    for (size_t i = 1; i < n && status == 0; i++)
      if (ms[i].info.sample_rate != ms[0].info.sample_rate)
        status = sp_cli_usage_error("loudness",
                                    "--album needs files of one sample rate: '%s' is %d Hz, "
                                    "'%s' %d Hz",
                                    ms[i].path, ms[i].info.sample_rate, ms[0].path,
                                    ms[0].info.sample_rate);
  }
  if (status == 0) {
    sp_loudness al, *alp = NULL;
    if (album) {
      const sp_meter **meters = sp_xcalloc(n, sizeof *meters);
      for (size_t i = 0; i < n; i++)
        meters[i] = ms[i].meter;
      sp_meter_group_result(meters, n, &al);
      free(meters);
      alp = &al;
    }
    if (json) {
      sp_json *root = sp_report_object(), *files = sp_report_array();
      for (size_t i = 0; i < n; i++) {
        sp_json *o = sp_report_loudness(ms[i].path, &ms[i].info, &ms[i].l);
        if (series)
          sp_report_set(o, "series", series_json(ms[i].meter));
        sp_report_append(files, o);
      }
      sp_report_set(root, "files", files);
      if (alp) {
        sp_json *ao = sp_report_loudness_fields(alp);
        sp_report_set(ao, "files", sp_report_int((int64_t)n));
        sp_report_set(root, "album", ao);
      }
      sp_report_print(root, stdout);
      sp_report_free(root);
    } else if (csv) {
      print_csv(ms, n, alp, series);
    } else {
      print_table(ms, n, alp);
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++)
      ok &= judge(ms[i].path, &ms[i].l, &t, !album, true, &cl);
    if (alp)
      ok &= judge("album", alp, &t, true, false, &cl);
    if (!ok)
      status = SP_ERR_CHECK;
    if (html && write_html(html, ms, n, alp, &t, &cl, status) != SP_OK)
      status = SP_ERR_IO;
  }
  for (size_t k = 0; k < cl.n; k++)
    free((char *)cl.items[k].text);
  free(cl.items);
  for (size_t i = 0; i < n; i++)
    sp_meter_free(ms[i].meter);
  free(ms);
  return status;
}
