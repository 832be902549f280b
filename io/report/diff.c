/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `stemprint diff` says (io/report/diff.h). */

#include "io/report/diff.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int rank(sp_diff_verdict v)
{
  switch (v) {
  case SP_DIFF_CHANGED: return 0;
  case SP_DIFF_ONLY_OLD: return 1;
  case SP_DIFF_ONLY_NEW: return 2;
  case SP_DIFF_RESCALED: return 3;
  case SP_DIFF_SHIFTED: return 4;
  case SP_DIFF_WITHIN: return 5;
  case SP_DIFF_SAME_SAMPLES: return 6;
  default: return 7;
  }
}

static int item_cmp(const void *x, const void *y)
{
  const sp_diff_item *a = x, *b = y;
  /* one that could not be compared comes first of all */
  if ((a->error != NULL) != (b->error != NULL))
    return a->error ? -1 : 1;
  const int ra = rank(a->r.verdict), rb = rank(b->r.verdict);
  if (ra != rb)
    return ra - rb;
  const double pa = isnan(a->r.peak_dbfs) ? -INFINITY : a->r.peak_dbfs,
               pb = isnan(b->r.peak_dbfs) ? -INFINITY : b->r.peak_dbfs;
  if (pa != pb)
    return pa < pb ? 1 : -1;
  return strcmp(a->name, b->name);
}

void sp_diff_sort(sp_diff_item *items, size_t n)
{
  if (n > 1)
    qsort(items, n, sizeof *items, item_cmp);
}

void sp_diff_fmt_db(char *buf, size_t n, double db, bool sign)
{
  if (isnan(db))
    snprintf(buf, n, "n/a");
  else if (isinf(db))
    snprintf(buf, n, db < 0 ? "-inf" : "+inf");
  else
    snprintf(buf, n, sign ? "%+.1f" : "%.1f", fabs(db) < 0.05 ? 0.0 : db);
}

void sp_diff_fmt_time(char *buf, size_t n, double s)
{
  const long ms = lround(s * 1000.0);
  snprintf(buf, n, "%ld:%02ld.%03ld", ms / 60000, ms / 1000 % 60, ms % 1000);
}

/* Whether name is one of list's (comma-separated): the whole name, or its
 * file name without its extension. */
static bool listed(const char *list, const char *name)
{
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  const size_t stem = dot ? (size_t)(dot - base) : strlen(base);
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    const size_t l = e ? (size_t)(e - p) : strlen(p);
    if ((l == strlen(name) && strncmp(p, name, l) == 0) ||
        (l == stem && strncmp(p, base, l) == 0))
      return true;
    p += l + (e != NULL);
  }
  return false;
}

void sp_diff_judge(const sp_diff_item *items, size_t n, const sp_diff_expect *e,
                   sp_diff_verdicts *v)
{
  memset(v, 0, sizeof *v);
  v->checks = sp_xcalloc(n + 1, sizeof *v->checks);
  v->n_checks = sp_xcalloc(n + 1, sizeof *v->n_checks);
  v->passed = true;
  const bool other = !isnan(e->max_residual_dbfs) || !isnan(e->max_loudness_delta_lu);
  const bool expect = e->changed || !other; /* nothing asked: every print unchanged */
  char a[32], b[32];
  for (size_t i = 0; i < n; i++) {
    const sp_diff_item *it = &items[i];
    sp_diff_check *c = v->checks[i];
    size_t k = 0;
    if (it->error) {
      v->passed = false;
      continue;
    }
    const bool differs = sp_diff_verdict_differs(it->r.verdict);
    if (expect) {
      const bool may = e->changed && listed(e->changed, it->name);
      c[k].name = "expect-changed";
      c[k].passed = may ? differs : !differs;
      sp_diff_fmt_db(a, sizeof a, it->r.peak_dbfs, false);
      sp_diff_fmt_db(b, sizeof b, it->r.threshold_dbfs, false);
      const bool one_side =
          it->r.verdict == SP_DIFF_ONLY_OLD || it->r.verdict == SP_DIFF_ONLY_NEW;
      if (may || one_side) /* a print on one side has no residual to say */
        snprintf(c[k].message, sizeof c[k].message, "%s: expected %s: %s", it->name,
                 may ? "to change" : "unchanged", sp_diff_verdict_word(it->r.verdict));
      else
        snprintf(c[k].message, sizeof c[k].message,
                 "%s: expected unchanged (residual peak at most %s dBFS): %s, residual peak %s dBFS",
                 it->name, b, sp_diff_verdict_word(it->r.verdict), a);
      k++;
    }
    if (!isnan(e->max_residual_dbfs) && it->measured) {
      c[k].name = "max-residual";
      c[k].passed = !(it->r.peak_dbfs > e->max_residual_dbfs);
      sp_diff_fmt_db(a, sizeof a, it->r.peak_dbfs, false);
      sp_diff_fmt_db(b, sizeof b, e->max_residual_dbfs, false);
      snprintf(c[k].message, sizeof c[k].message, "%s: residual peak %s dBFS (max %s dBFS)",
               it->name, a, b);
      k++;
    }
    if (!isnan(e->max_loudness_delta_lu) && it->measured) {
      c[k].name = "max-loudness-delta";
      const double d = it->r.delta_lu;
      /* silent on one side only: the loudness moved from or to nothing */
      const bool one_silent = isnan(d) && (isnan(it->r.a.integrated_lufs) !=
                                           isnan(it->r.b.integrated_lufs));
      c[k].passed = one_silent ? false : !(fabs(d) > e->max_loudness_delta_lu);
      sp_diff_fmt_db(a, sizeof a, d, true);
      snprintf(c[k].message, sizeof c[k].message, "%s: loudness %s LU (max ±%g LU)%s", it->name,
               a, e->max_loudness_delta_lu, one_silent ? ", one side is silent" : "");
      k++;
    }
    for (size_t j = 0; j < k; j++)
      v->passed = v->passed && c[j].passed;
    v->n_checks[i] = k;
  }
  /* a name expected to change that no print has is a typo, said */
  for (const char *p = e->changed; p && *p;) {
    const char *q = strchr(p, ',');
    const size_t l = q ? (size_t)(q - p) : strlen(p);
    char *name = sp_xasprintf("%.*s", (int)l, p);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
      found = listed(name, items[i].name);
    if (!found) {
      v->unmatched = sp_xreallocarray(v->unmatched, v->n_unmatched + 1, sizeof *v->unmatched);
      v->unmatched[v->n_unmatched++] = name;
      v->passed = false;
    } else {
      free(name);
    }
    p += l + (q != NULL);
  }
}

void sp_diff_verdicts_fini(sp_diff_verdicts *v)
{
  free(v->checks);
  free(v->n_checks);
  for (size_t i = 0; i < v->n_unmatched; i++)
    free(v->unmatched[i]);
  free(v->unmatched);
  memset(v, 0, sizeof *v);
}

/* "+3.0 dB at 8000 Hz": the band that moved most (changed, of those holding
 * a share of the residual) and by how much; then, where another band holds
 * most of the residual (loudest, -1: not said), " (residual loudest at 1000
 * Hz, +0.4 dB)". */
static void band_words(char *buf, size_t n, int changed, int loudest, const double *delta,
                       const sp_diff_result *r)
{
  if (changed < 0) {
    snprintf(buf, n, "no band");
    return;
  }
  char d[32], e[32];
  sp_diff_fmt_db(d, sizeof d, delta[changed], true);
  if (loudest < 0 || loudest == changed) {
    snprintf(buf, n, "%s dB at %g Hz", d, r->band_hz[changed]);
    return;
  }
  sp_diff_fmt_db(e, sizeof e, delta[loudest], true);
  snprintf(buf, n, "%s dB at %g Hz (residual loudest at %g Hz, %s dB)", d, r->band_hz[changed],
           r->band_hz[loudest], e);
}

/* The band the whole print's residual is loudest in (-1: none). */
static int loudest(const sp_diff_result *r)
{
  int best = -1;
  for (int j = 0; j < r->n_bands; j++)
    if (isfinite(r->band_residual_dbfs[j]) &&
        (best < 0 || r->band_residual_dbfs[j] > r->band_residual_dbfs[best]))
      best = j;
  return best;
}

/* The verdict's figures in words: "residual peak -42.1 dBFS, rms ..." */
static void item_words(char *buf, size_t n, const sp_diff_item *it)
{
  const sp_diff_result *r = &it->r;
  char a[32], b[32], c[32];
  if (it->error) {
    snprintf(buf, n, "could not be compared: %s", it->error);
    return;
  }
  switch (r->verdict) {
  case SP_DIFF_ONLY_OLD:
    snprintf(buf, n, "in the old set only (%s)", it->old_path);
    return;
  case SP_DIFF_ONLY_NEW:
    snprintf(buf, n, "in the new set only (%s)", it->new_path);
    return;
  case SP_DIFF_SAME_BYTES:
  case SP_DIFF_SAME_SAMPLES:
    snprintf(buf, n, "%s", "");
    return;
  case SP_DIFF_SHIFTED:
  case SP_DIFF_RESCALED:
    sp_diff_fmt_db(a, sizeof a, r->gain_db, true);
    sp_diff_fmt_db(b, sizeof b, r->aligned_peak_dbfs, false);
    snprintf(buf, n, "lag %lld frames, gain %s dB%s (residual after alignment: peak %s dBFS)",
             (long long)r->lag_frames, a, r->inverted ? ", inverted" : "", b);
    return;
  default:
    sp_diff_fmt_db(a, sizeof a, r->peak_dbfs, false);
    sp_diff_fmt_db(b, sizeof b, r->rms_dbfs, false);
    sp_diff_fmt_db(c, sizeof c, r->delta_lu, true);
    snprintf(buf, n, "residual peak %s dBFS, rms %s dBFS, loudness %s LU", a, b, c);
    if (r->frames_a != r->frames_b) {
      const size_t l = strlen(buf);
      snprintf(buf + l, n - l, ", length %lld -> %lld frames", (long long)r->frames_a,
               (long long)r->frames_b);
    }
  }
}

void sp_diff_print_item(FILE *f, const sp_diff_item *it, bool detail)
{
  char w[1200];
  item_words(w, sizeof w, it);
  /* one line whatever a name holds (sp_diag_escape) */
  sp_diag_line(f, "  %-18s %s%s%s", it->error ? "error" : sp_diff_verdict_word(it->r.verdict),
               it->name, *w ? ": " : "", w);
  const sp_diff_result *r = &it->r;
  if (!detail || it->error || r->verdict != SP_DIFF_CHANGED)
    return;
  char a[32], b[32], c[32], d[32];
  sp_diff_fmt_db(a, sizeof a, r->a.true_peak_dbtp, false);
  sp_diff_fmt_db(b, sizeof b, r->b.true_peak_dbtp, false);
  sp_diff_fmt_db(c, sizeof c, r->a.integrated_lufs, false);
  sp_diff_fmt_db(d, sizeof d, r->b.integrated_lufs, false);
  fprintf(f, "  %18s loudness %s -> %s LUFS, true peak %s -> %s dBTP", "", c, d, a, b);
  sp_diff_fmt_db(a, sizeof a, r->a.range_lu, false);
  sp_diff_fmt_db(b, sizeof b, r->b.range_lu, false);
  fprintf(f, ", LRA %s -> %s LU\n", a, b);
  if (r->lag_frames != 0) {
    sp_diff_fmt_db(a, sizeof a, r->gain_db, true);
    sp_diff_fmt_db(b, sizeof b, r->aligned_peak_dbfs, false);
    fprintf(f, "  %18s aligned: lag %lld frames, gain %s dB, residual peak %s dBFS\n", "",
            (long long)r->lag_frames, a, b);
  }
  size_t loud = SIZE_MAX; /* the residual's loudest 3 s */
  for (size_t i = 0; i < r->n_series; i++)
    if (!isnan(r->series_lufs[i]) && (loud == SIZE_MAX || r->series_lufs[i] > r->series_lufs[loud]))
      loud = i;
  if (loud != SIZE_MAX) {
    char t0[32], t1[32];
    sp_diff_fmt_time(t0, sizeof t0, r->series_t_s[loud] > 3 ? r->series_t_s[loud] - 3 : 0);
    sp_diff_fmt_time(t1, sizeof t1, r->series_t_s[loud]);
    sp_diff_fmt_db(a, sizeof a, r->series_lufs[loud], false);
    fprintf(f, "  %18s residual loudest %s-%s: %s LUFS short-term\n", "", t0, t1, a);
  }
  for (size_t s = 0; s < r->n_spans; s++) {
    const sp_diff_span *sp = &r->spans[s];
    char t0[32], t1[32], band[128];
    sp_diff_fmt_time(t0, sizeof t0, sp->start_s);
    sp_diff_fmt_time(t1, sizeof t1, sp->end_s);
    sp_diff_fmt_db(a, sizeof a, sp->peak_dbfs, false);
    band_words(band, sizeof band, sp->changed_band, sp->loudest_band, sp->band_delta_db, r);
    fprintf(f, "  %18s %s %s-%s: residual peak %s dBFS, most changed %s\n", "",
            s ? "     " : "where", t0, t1, a, band);
  }
  if (r->spans_found > r->n_spans)
    fprintf(f, "  %18s       (%zu spans more)\n", "", r->spans_found - r->n_spans);
  char band[128];
  band_words(band, sizeof band, r->changed_band, loudest(r), r->band_delta_db, r);
  fprintf(f, "  %18s what  the whole print: %s\n", "", band);
}

/* ---- JSON, Markdown, JUnit ------------------------------------------------ */

static sp_json *numbers(const double *v, size_t n)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(a, sp_report_number(v[i]));
  return a;
}

static sp_json *str_or_null(const char *s) { return s ? sp_report_string(s) : sp_report_number(NAN); }

static sp_json *item_json(const sp_diff_item *it, const sp_diff_check *c, size_t n_checks)
{
  const sp_diff_result *r = &it->r;
  sp_json *x = sp_report_object();
  sp_report_set(x, "name", sp_report_string(it->name));
  sp_report_set(x, "verdict", sp_report_string(it->error ? "error" : sp_diff_verdict_word(r->verdict)));
  sp_report_set(x, "differs", sp_report_bool(!it->error && sp_diff_verdict_differs(r->verdict)));
  sp_report_set(x, "old_path", str_or_null(it->old_path));
  sp_report_set(x, "new_path", str_or_null(it->new_path));
  sp_report_set(x, "error", str_or_null(it->error));
  const bool m = it->measured;
  /* identical bytes: nothing decoded, the residual none and no delta */
  const bool same = !it->error && r->verdict == SP_DIFF_SAME_BYTES;
  sp_report_set(x, "threshold_dbfs", sp_report_number(m ? r->threshold_dbfs : NAN));
  sp_report_set(x, "residual_peak_dbfs", sp_report_number(m || same ? r->peak_dbfs : NAN));
  sp_report_set(x, "residual_rms_dbfs", sp_report_number(m || same ? r->rms_dbfs : NAN));
  sp_report_set(x, "old", m ? sp_report_loudness_fields(&r->a) : sp_report_number(NAN));
  sp_report_set(x, "new", m ? sp_report_loudness_fields(&r->b) : sp_report_number(NAN));
  sp_report_set(x, "delta_lu", sp_report_number(m || same ? r->delta_lu : NAN));
  sp_report_set(x, "delta_true_peak_db", sp_report_number(m || same ? r->delta_true_peak_db : NAN));
  sp_report_set(x, "delta_range_lu", sp_report_number(m || same ? r->delta_range_lu : NAN));
  sp_report_set(x, "lag_frames", m || same ? sp_report_int(r->lag_frames) : sp_report_number(NAN));
  sp_report_set(x, "gain_db", sp_report_number(m || same ? r->gain_db : NAN));
  sp_report_set(x, "inverted", sp_report_bool(m && r->inverted));
  sp_report_set(x, "aligned_peak_dbfs", sp_report_number(m ? r->aligned_peak_dbfs : NAN));
  sp_report_set(x, "aligned_rms_dbfs", sp_report_number(m ? r->aligned_rms_dbfs : NAN));
  sp_json *spans = sp_report_array();
  for (size_t s = 0; m && s < r->n_spans; s++) {
    const sp_diff_span *sp = &r->spans[s];
    sp_json *o = sp_report_object();
    sp_report_set(o, "start_s", sp_report_number(sp->start_s));
    sp_report_set(o, "end_s", sp_report_number(sp->end_s));
    sp_report_set(o, "peak_dbfs", sp_report_number(sp->peak_dbfs));
    sp_report_set(o, "rms_dbfs", sp_report_number(sp->rms_dbfs));
    sp_report_set(o, "band_hz",
                  sp_report_number(sp->loudest_band >= 0 ? r->band_hz[sp->loudest_band] : NAN));
    sp_report_set(o, "changed_band_hz",
                  sp_report_number(sp->changed_band >= 0 ? r->band_hz[sp->changed_band] : NAN));
    sp_report_set(o, "band_delta_db", numbers(sp->band_delta_db, (size_t)r->n_bands));
    sp_report_append(spans, o);
  }
  sp_report_set(x, "spans", spans);
  sp_report_set(x, "spans_found", sp_report_int(m ? (int64_t)r->spans_found : 0));
  sp_json *bands = sp_report_object();
  sp_report_set(bands, "hz", numbers(r->band_hz, m ? (size_t)r->n_bands : 0));
  sp_report_set(bands, "residual_dbfs", numbers(r->band_residual_dbfs, m ? (size_t)r->n_bands : 0));
  sp_report_set(bands, "delta_db", numbers(r->band_delta_db, m ? (size_t)r->n_bands : 0));
  sp_report_set(bands, "changed_hz",
                sp_report_number(m && r->changed_band >= 0 ? r->band_hz[r->changed_band] : NAN));
  sp_report_set(x, "bands", bands);
  sp_json *series = sp_report_object();
  /* identical samples have no residual, so no series */
  const size_t n_series = m && r->verdict != SP_DIFF_SAME_SAMPLES ? r->n_series : 0;
  sp_report_set(series, "t_end_s", numbers(r->series_t_s, n_series));
  sp_report_set(series, "shortterm_lufs", numbers(r->series_lufs, n_series));
  sp_report_set(x, "residual_series", series);
  sp_json *checks = sp_report_array();
  for (size_t k = 0; k < n_checks; k++) {
    sp_json *o = sp_report_object();
    sp_report_set(o, "name", sp_report_string(c[k].name));
    sp_report_set(o, "passed", sp_report_bool(c[k].passed));
    sp_report_set(o, "message", sp_report_string(c[k].message));
    sp_report_append(checks, o);
  }
  sp_report_set(x, "checks", checks);
  return x;
}

sp_json *sp_diff_json(const char *old_arg, const char *new_arg, const sp_diff_item *items,
                      size_t n, const sp_diff_verdicts *v, const sp_diff_expect *e)
{
  sp_json *j = sp_report_object();
  sp_report_set(j, "old", sp_report_string(old_arg));
  sp_report_set(j, "new", sp_report_string(new_arg));
  sp_report_set(j, "passed", sp_report_bool(v->passed));
  sp_report_set(j, "expect_changed", str_or_null(e->changed));
  sp_report_set(j, "max_residual_dbfs", sp_report_number(e->max_residual_dbfs));
  sp_report_set(j, "max_loudness_delta_lu", sp_report_number(e->max_loudness_delta_lu));
  sp_json *un = sp_report_array();
  for (size_t i = 0; i < v->n_unmatched; i++)
    sp_report_append(un, sp_report_string(v->unmatched[i]));
  sp_report_set(j, "unmatched", un);
  sp_json *prints = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(prints, item_json(&items[i], v->checks[i], v->n_checks[i]));
  sp_report_set(j, "prints", prints);
  return j;
}

static bool word_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

void sp_diff_md_text(FILE *f, const char *s)
{
  char *shown = sp_diag_escape(s);
  for (const char *p = shown; *p; p++) {
    const bool inner = p > shown && word_char(p[-1]) && word_char(p[1]);
    if (strchr("`*[]<>|~\\", *p) || (*p == '_' && !inner))
      fprintf(f, "\\%c", *p);
    else
      fputc(*p, f);
  }
  free(shown);
}

void sp_diff_md_code(FILE *f, const char *s, bool in_table)
{
  char *shown = sp_diag_escape(s);
  size_t run = 0, longest = 0;
  for (const char *p = shown; *p; p++) {
    run = *p == '`' ? run + 1 : 0;
    longest = run > longest ? run : longest;
  }
  const bool pad = *shown == '`' || (*shown && shown[strlen(shown) - 1] == '`');
  for (size_t i = 0; i <= longest; i++)
    fputc('`', f);
  if (pad)
    fputc(' ', f);
  for (const char *p = shown; *p; p++)
    if (*p == '|' && in_table)
      fputs("\\|", f);
    else
      fputc(*p, f);
  if (pad)
    fputc(' ', f);
  for (size_t i = 0; i <= longest; i++)
    fputc('`', f);
  free(shown);
}

void sp_diff_markdown(FILE *f, const char *old_arg, const char *new_arg,
                      const sp_diff_item *items, size_t n, const sp_diff_verdicts *v)
{
  size_t changed = 0;
  for (size_t i = 0; i < n; i++)
    changed += items[i].error || sp_diff_verdict_differs(items[i].r.verdict);
  fprintf(f, "### stemprint diff: %zu of %zu print%s changed %s\n\n", changed, n,
          n == 1 ? "" : "s", v->passed ? "(passed)" : "(FAILED)");
  sp_diff_md_code(f, old_arg, false);
  fputs(" → ", f);
  sp_diff_md_code(f, new_arg, false);
  fputs("\n\n| print | verdict | residual peak | Δ loudness | where |\n|---|---|---:|---:|---|\n", f);
  for (size_t i = 0; i < n; i++) {
    const sp_diff_item *it = &items[i];
    const sp_diff_result *r = &it->r;
    char a[32], b[32];
    fputs("| ", f);
    sp_diff_md_text(f, it->name);
    fputs(" | ", f);
    if (it->error) {
      fputs("error: ", f);
      sp_diff_md_text(f, it->error);
      fputs(" | | | |\n", f);
      continue;
    }
    fputs(sp_diff_verdict_word(r->verdict), f);
    if (r->verdict == SP_DIFF_SHIFTED || r->verdict == SP_DIFF_RESCALED) {
      sp_diff_fmt_db(a, sizeof a, r->gain_db, true);
      fprintf(f, " (lag %lld, gain %s dB%s)", (long long)r->lag_frames, a,
              r->inverted ? ", inverted" : "");
    }
    const bool has = it->measured || r->verdict == SP_DIFF_SAME_BYTES;
    sp_diff_fmt_db(a, sizeof a, has ? r->peak_dbfs : NAN, false);
    sp_diff_fmt_db(b, sizeof b, has ? r->delta_lu : NAN, true);
    fprintf(f, " | %s dBFS | %s LU | ", a, b);
    for (size_t s = 0; it->measured && s < r->n_spans && s < 3; s++) {
      char t0[32], t1[32], band[128];
      sp_diff_fmt_time(t0, sizeof t0, r->spans[s].start_s);
      sp_diff_fmt_time(t1, sizeof t1, r->spans[s].end_s);
      band_words(band, sizeof band, r->spans[s].changed_band, -1, r->spans[s].band_delta_db, r);
      fprintf(f, "%s%s–%s (%s)", s ? "; " : "", t0, t1, band);
    }
    if (it->measured && r->spans_found > 3)
      fprintf(f, "; %zu more", r->spans_found - 3);
    fputs(" |\n", f);
  }
  for (size_t i = 0; i < v->n_unmatched; i++) {
    fputs("\n--expect-changed names ", f);
    sp_diff_md_code(f, v->unmatched[i], false);
    fputs(", which no print has.\n", f);
  }
}

sp_junit_suite *sp_diff_junit(const sp_diff_item *items, size_t n, const sp_diff_verdicts *v)
{
  sp_junit_suite *s = sp_junit_suite_new("diff", NULL);
  for (size_t i = 0; i < n; i++) {
    const sp_diff_item *it = &items[i];
    char w[1200];
    item_words(w, sizeof w, it);
    char *name = sp_xasprintf("diff: %s", it->name);
    char *line = sp_xasprintf("%s: %s%s%s", it->name, sp_diff_verdict_word(it->r.verdict),
                              *w ? ", " : "", w);
    sp_junit_add(s, name, NULL, (sp_pos){0, 0},
                 it->error ? SP_JUNIT_ERROR : SP_JUNIT_PASSED, it->error ? it->error : line, NULL);
    free(line);
    free(name);
    for (size_t k = 0; k < v->n_checks[i]; k++) {
      const sp_diff_check *c = &v->checks[i][k];
      char *cn = sp_xasprintf("%s: %s", c->name, it->name);
      sp_junit_add(s, cn, NULL, (sp_pos){0, 0}, c->passed ? SP_JUNIT_PASSED : SP_JUNIT_FAILED,
                   c->message, NULL);
      free(cn);
    }
  }
  for (size_t i = 0; i < v->n_unmatched; i++) {
    char *cn = sp_xasprintf("expect-changed: %s", v->unmatched[i]);
    char *m = sp_xasprintf("--expect-changed names '%s', which no print has; give a print's name "
                           "(mix, drums, or its file name)",
                           v->unmatched[i]);
    sp_junit_add(s, cn, NULL, (sp_pos){0, 0}, SP_JUNIT_FAILED, m, NULL);
    free(m);
    free(cn);
  }
  return s;
}
