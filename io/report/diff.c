/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `stemprint diff` says (io/report/diff.h): the model made once
 * (sp_diff_report_make: sorted, each print's cause, the assertions), and
 * its views, the terminal's lines, JSON, Markdown and JUnit (the HTML
 * page's in io/report/diff_html.c), all saying a figure in the same words
 * (fig: a number with its unit, or what is absent and why). */

#include "io/report/diff.h"

#include "core/base/alloc.h"
#include "core/measure/meter.h"

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

static void sort_items(sp_diff_item *items, size_t n)
{
  if (n > 1)
    qsort(items, n, sizeof *items, item_cmp);
}

void sp_diff_fmt_db(char *buf, size_t n, double db, bool sign)
{
  if (isnan(db))
    snprintf(buf, n, "%s", "");
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

/* v in unit ("-12.3 dBFS", "+0.4 LU"), or, v NAN, absent: what is missing
 * and why. */
static void fig(char *buf, size_t n, double v, const char *unit, bool sign, const char *absent)
{
  char d[32];
  sp_diff_fmt_db(d, sizeof d, v, sign);
  if (isnan(v))
    snprintf(buf, n, "%s", absent);
  else
    snprintf(buf, n, "%s %s", d, unit);
}

/* Why a figure of both sides is absent: the side with no gated loudness. */
static const char *silent_words(double a, double b)
{
  if (isnan(a) && isnan(b))
    return "none: both silent (below the gate)";
  if (isnan(a))
    return "none: the old is silent (below the gate)";
  if (isnan(b))
    return "none: the new is silent (below the gate)";
  return "none";
}

/* Why item it has no figures at all: not compared, or on one side only;
 * NULL when it has them. */
static const char *no_figures(const sp_diff_item *it)
{
  if (it->error)
    return "none: not compared";
  if (it->r.verdict == SP_DIFF_ONLY_OLD)
    return "none: removed";
  if (it->r.verdict == SP_DIFF_ONLY_NEW)
    return "none: added";
  return NULL;
}

/* Whether it holds figures of both sides (decoded, or the same bytes). */
static bool has_figures(const sp_diff_item *it)
{
  return !no_figures(it) && (it->measured || it->r.verdict == SP_DIFF_SAME_BYTES);
}

/* The loudness delta in words: "+0.4 LU", or why there is none. */
static void delta_lu_words(char *buf, size_t n, const sp_diff_item *it)
{
  const char *none = no_figures(it);
  fig(buf, n, none ? NAN : it->r.delta_lu, "LU", true,
      none ? none : silent_words(it->r.a.integrated_lufs, it->r.b.integrated_lufs));
}

static void delta_tp_words(char *buf, size_t n, const sp_diff_item *it)
{
  const char *none = no_figures(it);
  const bool silent =
      it->measured && isinf(it->r.a.true_peak_dbtp) && isinf(it->r.b.true_peak_dbtp);
  fig(buf, n, none || silent ? NAN : it->r.delta_true_peak_db, "dB", true,
      none ? none : "none: both digital silence");
}

static void peak_words(char *buf, size_t n, const sp_diff_item *it)
{
  const char *none = no_figures(it);
  fig(buf, n, none ? NAN : it->r.peak_dbfs, "dBFS", false, none ? none : "");
}

/* "lag 882 frames, gain -0.1 dB", with the residual left when aligning
 * changed something; or why there is none. */
static void lag_words(char *buf, size_t n, const sp_diff_item *it, bool frames_word)
{
  const sp_diff_result *r = &it->r;
  const char *none = no_figures(it);
  if (none) {
    snprintf(buf, n, "%s", none);
    return;
  }
  char g[64], p[64];
  fig(g, sizeof g, r->gain_db, "dB", true, "none (the old is silent)");
  snprintf(buf, n, "lag %lld%s, gain %s%s", (long long)r->lag_frames, frames_word ? " frames" : "",
           g, r->inverted ? ", inverted" : "");
  if (it->measured &&
      (r->lag_frames != 0 || r->verdict == SP_DIFF_SHIFTED || r->verdict == SP_DIFF_RESCALED)) {
    const size_t l = strlen(buf);
    fig(p, sizeof p, r->aligned_peak_dbfs, "dBFS", false, "");
    snprintf(buf + l, n - l, " (residual after alignment: peak %s)", p);
  }
}

/* "+3.0 dB at 8000 Hz": the band that moved most (changed, of those holding
 * a share of the residual) and by how much; then, where another band holds
 * most of the residual (loudest, -1: not said), " (residual loudest at 1000
 * Hz, +0.4 dB)". */
static void band_words(char *buf, size_t n, int changed, int loudest, const double *delta,
                       const sp_diff_result *r)
{
  if (changed < 0) {
    snprintf(buf, n, "no band (the residual is silent in every band)");
    return;
  }
  char d[48], e[48];
  fig(d, sizeof d, delta[changed], "dB", true, "silent on both sides");
  if (loudest < 0 || loudest == changed) {
    snprintf(buf, n, "%s at %g Hz", d, r->band_hz[changed]);
    return;
  }
  fig(e, sizeof e, delta[loudest], "dB", true, "silent on both sides");
  snprintf(buf, n, "%s at %g Hz (residual loudest at %g Hz, %s)", d, r->band_hz[changed],
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
  char a[64], b[64], c[96];
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
  case SP_DIFF_RESCALED: lag_words(buf, n, it, true); break;
  default:
    fig(a, sizeof a, r->peak_dbfs, "dBFS", false, "");
    fig(b, sizeof b, r->rms_dbfs, "dBFS", false, "");
    delta_lu_words(c, sizeof c, it);
    snprintf(buf, n, "residual peak %s, rms %s, loudness %s", a, b, c);
  }
  if (r->frames_a != r->frames_b) { /* a print moved or rescaled may be longer or shorter too */
    const size_t l = strlen(buf);
    snprintf(buf + l, n - l, ", length %lld -> %lld frames", (long long)r->frames_a,
             (long long)r->frames_b);
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
  char a[64], b[64], c[64], d[64];
  fig(c, sizeof c, r->a.integrated_lufs, "LUFS", false, "silent (below the gate)");
  fig(d, sizeof d, r->b.integrated_lufs, "LUFS", false, "silent (below the gate)");
  fig(a, sizeof a, r->a.true_peak_dbtp, "dBTP", false, "");
  fig(b, sizeof b, r->b.true_peak_dbtp, "dBTP", false, "");
  fprintf(f, "  %18s loudness %s -> %s, true peak %s -> %s", "", c, d, a, b);
  fig(a, sizeof a, r->a.range_lu, "LU", false, "none (too short or silent)");
  fig(b, sizeof b, r->b.range_lu, "LU", false, "none (too short or silent)");
  fprintf(f, ", LRA %s -> %s\n", a, b);
  if (r->lag_frames != 0) {
    char l[256];
    lag_words(l, sizeof l, it, true);
    fprintf(f, "  %18s aligned: %s\n", "", l);
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
    char t0[32], t1[32], band[160];
    sp_diff_fmt_time(t0, sizeof t0, sp->start_s);
    sp_diff_fmt_time(t1, sizeof t1, sp->end_s);
    fig(a, sizeof a, sp->peak_dbfs, "dBFS", false, "");
    band_words(band, sizeof band, sp->changed_band, sp->loudest_band, sp->band_delta_db, r);
    fprintf(f, "  %18s %s %s-%s: residual peak %s, most changed %s\n", "", s ? "     " : "where",
            t0, t1, a, band);
  }
  if (r->spans_found > r->n_spans)
    fprintf(f, "  %18s       (%zu spans more)\n", "", r->spans_found - r->n_spans);
  char band[160];
  band_words(band, sizeof band, r->changed_band, loudest(r), r->band_delta_db, r);
  fprintf(f, "  %18s what  the whole print: %s\n", "", band);
}

/* ---- the model ------------------------------------------------------------ */

/* The names of list (comma-separated), each trimmed of spaces and tabs,
 * an empty one dropped (heap, *n). */
static char **names_of(const char *list, size_t *n)
{
  char **v = NULL;
  *n = 0;
  for (const char *p = list; p && *p;) {
    const char *e = strchr(p, ',');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    const char *q = p;
    while (l && (*q == ' ' || *q == '\t'))
      q++, l--;
    while (l && (q[l - 1] == ' ' || q[l - 1] == '\t'))
      l--;
    if (l) {
      v = sp_xreallocarray(v, *n + 1, sizeof *v);
      v[(*n)++] = sp_xasprintf("%.*s", (int)l, q);
    }
    p += (e ? (size_t)(e - p) : strlen(p)) + (e != NULL);
  }
  return v;
}

/* Whether want is the print name, or its file name without the extension. */
static bool names(const char *want, const char *name)
{
  if (!name)
    return false;
  if (strcmp(want, name) == 0)
    return true;
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  const size_t stem = dot ? (size_t)(dot - base) : strlen(base);
  return strlen(want) == stem && strncmp(want, base, stem) == 0;
}

/* Whether it is one of the n names v. */
static bool listed(char *const *v, size_t n, const sp_diff_item *it)
{
  for (size_t i = 0; i < n; i++)
    if (names(v[i], it->name) || names(v[i], it->old_name) || names(v[i], it->new_name))
      return true;
  return false;
}

/* The indices k (of n) whose list v(k) names the item, into *out. */
static size_t *indices(size_t n, char **(*list)(const sp_diff_cause *, size_t, size_t *),
                       const sp_diff_cause *c, const sp_diff_item *it, size_t *n_out)
{
  size_t *v = NULL;
  *n_out = 0;
  for (size_t k = 0; k < n; k++) {
    size_t m = 0;
    char **names_k = list(c, k, &m);
    if (sp_diff_names_item(names_k, m, it)) {
      v = sp_xreallocarray(v, *n_out + 1, sizeof *v);
      v[(*n_out)++] = k;
    }
  }
  return v;
}

static char **key_reaches(const sp_diff_cause *c, size_t k, size_t *n)
{
  *n = c->keys[k].n_reaches;
  return c->keys[k].reaches;
}
static char **input_reaches(const sp_diff_cause *c, size_t k, size_t *n)
{
  *n = c->inputs[k].n_reaches;
  return c->inputs[k].reaches;
}
static char **link_prints(const sp_diff_cause *c, size_t k, size_t *n)
{
  *n = c->links[k].n_prints;
  return c->links[k].prints;
}

static bool one_sided(const sp_diff_item *it)
{
  return it->r.verdict == SP_DIFF_ONLY_OLD || it->r.verdict == SP_DIFF_ONLY_NEW;
}

/* Row i's cause: its change of format; and, with the recipes, the keys
 * and inputs that reach it, else the links it followed, else that nothing
 * explains it. */
static void attribute(sp_diff_report *rep, size_t i)
{
  const sp_diff_item *it = &rep->items[i];
  sp_diff_row *row = &rep->rows[i];
  const sp_diff_cause *c = rep->cause;
  row->layout = sp_diff_format_change(it, row->format, sizeof row->format);
  if (*row->format && it->resampled) {
    const size_t l = strlen(row->format);
    snprintf(row->format + l, sizeof row->format - l, " (the new read at %d Hz to compare)",
             it->old_info.sample_rate);
  }
  /* the same samples on other speakers: the keys that moved them said */
  if (!c || it->error || !(sp_diff_verdict_differs(it->r.verdict) || row->layout))
    return;
  row->keys = indices(c->n_keys, key_reaches, c, it, &row->n_keys);
  row->inputs = indices(c->n_inputs, input_reaches, c, it, &row->n_inputs);
  if (row->n_keys || row->n_inputs || one_sided(it))
    return;
  row->links = indices(c->n_links, link_prints, c, it, &row->n_links);
  row->unexplained = row->n_links == 0 && !*row->format;
}

/* The processors row followed, "a, b" (heap). */
static char *followed_words(const sp_diff_report *rep, const sp_diff_row *row)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t k = 0; k < row->n_links; k++)
    fprintf(f, "%s%s", k ? ", " : "", rep->cause->links[row->links[k]].processor);
  fclose(f);
  return text;
}

/* Item i's assertions into its row. */
static void judge(sp_diff_report *rep, size_t i, char *const *want, size_t n_want)
{
  const sp_diff_expect *e = &rep->expect;
  const sp_diff_item *it = &rep->items[i];
  sp_diff_row *row = &rep->rows[i];
  const bool other = !isnan(e->max_residual_dbfs) || !isnan(e->max_loudness_delta_lu);
  const bool expect = e->changed || !other; /* nothing asked: every print unchanged */
  row->passed = !it->error;
  if (it->error)
    return;
  /* the same samples on other speakers: a print that changed too */
  const bool differs = sp_diff_verdict_differs(it->r.verdict), moved = row->layout;
  char a[96], b[96];
  size_t k = 0;
  if (expect) {
    sp_diff_check *c = &row->checks[k++];
    const bool may = listed(want, n_want, it), followed = row->n_links > 0;
    /* nothing asked: the rule diff holds every print to, named as what
     * it is, not as the option that was not given */
    c->name = e->changed ? "expect-changed" : "unchanged";
    c->unit = "dBFS";
    c->passed = may ? differs || moved : (!differs || (followed && !e->strict)) && !moved;
    c->threshold = may ? NAN : it->r.threshold_dbfs;
    c->value = has_figures(it) ? it->r.peak_dbfs : NAN;
    fig(a, sizeof a, it->r.peak_dbfs, "dBFS", false, "");
    fig(b, sizeof b, it->r.threshold_dbfs, "dBFS", false, "");
    char *by = followed ? followed_words(rep, row) : NULL;
    if (may)
      snprintf(c->expected, sizeof c->expected, "to change");
    else if (one_sided(it)) /* a print on one side has no residual to say */
      snprintf(c->expected, sizeof c->expected, "unchanged");
    else
      snprintf(c->expected, sizeof c->expected, "unchanged%s (residual peak at most %s)",
               followed && !e->strict ? " or following what changed" : "", b);
    if (may || one_sided(it))
      snprintf(c->found, sizeof c->found, "%s%s", sp_diff_verdict_word(it->r.verdict),
               moved ? ", on other speakers" : "");
    else
      snprintf(c->found, sizeof c->found, "%s, residual peak %s%s%s%s%s",
               sp_diff_verdict_word(it->r.verdict), a, by ? ", followed " : "", by ? by : "",
               by ? (e->strict ? " (--strict: it fails as a change)" : " (linked dynamics)") : "",
               moved ? ", on other speakers (its layout changed)" : "");
    free(by);
    /* copies: GCC at -O0 takes fields of *c for an overlap of c->message */
    char expected[sizeof c->expected], found[sizeof c->found];
    memcpy(expected, c->expected, sizeof expected);
    memcpy(found, c->found, sizeof found);
    snprintf(c->message, sizeof c->message, "%s: expected %s: %s%s", it->name, expected, found,
             !c->passed && !rep->cause && e->changed && differs && !may
                 ? "; from prints alone diff cannot tell one that only followed a shared "
                   "compressor: diff the recipes (or --rev) to know"
                 : "");
  }
  if (!isnan(e->max_residual_dbfs) && it->measured) {
    sp_diff_check *c = &row->checks[k++];
    c->name = "max-residual";
    c->unit = "dBFS";
    c->passed = !(it->r.peak_dbfs > e->max_residual_dbfs);
    c->threshold = e->max_residual_dbfs;
    c->value = it->r.peak_dbfs;
    fig(a, sizeof a, it->r.peak_dbfs, "dBFS", false, "");
    fig(b, sizeof b, e->max_residual_dbfs, "dBFS", false, "");
    snprintf(c->expected, sizeof c->expected, "residual peak at most %s", b);
    snprintf(c->found, sizeof c->found, "residual peak %s", a);
    snprintf(c->message, sizeof c->message, "%s: residual peak %s (max %s)", it->name, a, b);
  }
  if (!isnan(e->max_loudness_delta_lu) && it->measured) {
    sp_diff_check *c = &row->checks[k++];
    const double d = it->r.delta_lu;
    /* silent on one side only: the loudness moved from or to nothing */
    const bool one_silent =
        isnan(d) && (isnan(it->r.a.integrated_lufs) != isnan(it->r.b.integrated_lufs));
    c->name = "max-loudness-delta";
    c->unit = "LU";
    c->passed = one_silent ? false : !(fabs(d) > e->max_loudness_delta_lu);
    c->threshold = e->max_loudness_delta_lu;
    c->value = d;
    delta_lu_words(a, sizeof a, it);
    if (isfinite(d)) /* with the decimals that show its side of the bound (review 25 F9) */
      snprintf(a, sizeof a, "%+.*f LU", sp_loudness_decimals(d, 0, e->max_loudness_delta_lu), d);
    snprintf(c->expected, sizeof c->expected, "loudness within ±%g LU", e->max_loudness_delta_lu);
    snprintf(c->found, sizeof c->found, "%s", a);
    snprintf(c->message, sizeof c->message, "%s: loudness %s (max ±%g LU)%s", it->name, a,
             e->max_loudness_delta_lu, one_silent ? ", one side is silent" : "");
  }
  for (size_t j = 0; j < k; j++)
    row->passed = row->passed && row->checks[j].passed;
  row->n_checks = k;
}

void sp_diff_report_make(sp_diff_report *rep, const char *old_arg, const char *new_arg,
                         sp_diff_item *items, size_t n, const sp_diff_expect *e,
                         sp_diff_cause *cause)
{
  memset(rep, 0, sizeof *rep);
  rep->old_arg = sp_xstrdup(old_arg);
  rep->new_arg = sp_xstrdup(new_arg);
  rep->expect = *e;
  rep->expect.changed = e->changed ? sp_xstrdup(e->changed) : NULL;
  sort_items(items, n);
  rep->items = items;
  rep->n = n;
  rep->rows = sp_xcalloc(n + 1, sizeof *rep->rows);
  rep->cause = cause;
  size_t n_want = 0;
  char **want = names_of(e->changed, &n_want);
  rep->passed = true;
  for (size_t i = 0; i < n; i++) {
    attribute(rep, i);
    judge(rep, i, want, n_want);
    rep->passed = rep->passed && rep->rows[i].passed;
    const bool differs = items[i].error || sp_diff_verdict_differs(items[i].r.verdict);
    rep->n_differ += differs;
    rep->n_layout += !differs && rep->rows[i].layout;
    rep->n_checks += rep->rows[i].n_checks;
    for (size_t k = 0; k < rep->rows[i].n_checks; k++)
      rep->n_failed += !rep->rows[i].checks[k].passed;
  }
  /* a name expected to change that no print has is a typo, said */
  for (size_t w = 0; w < n_want; w++) {
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
      found = listed(&want[w], 1, &items[i]);
    if (found) {
      free(want[w]);
      continue;
    }
    rep->unmatched = sp_xreallocarray(rep->unmatched, rep->n_unmatched + 1, sizeof *rep->unmatched);
    rep->unmatched[rep->n_unmatched++] = want[w];
    rep->n_checks++, rep->n_failed++;
    rep->passed = false;
  }
  free(want);
}

void sp_diff_report_fini(sp_diff_report *rep)
{
  for (size_t i = 0; i < rep->n; i++)
    free(rep->rows[i].keys), free(rep->rows[i].inputs), free(rep->rows[i].links);
  free(rep->rows);
  sp_diff_items_free(rep->items, rep->n);
  for (size_t i = 0; i < rep->n_unmatched; i++)
    free(rep->unmatched[i]);
  free(rep->unmatched);
  if (rep->cause)
    sp_diff_cause_fini(rep->cause);
  free(rep->cause);
  free((char *)rep->expect.changed);
  free(rep->old_arg);
  free(rep->new_arg);
  memset(rep, 0, sizeof *rep);
}

/* ---- the terminal's lines ------------------------------------------------- */

/* A place as messages write it: FILE:LINE:COL, an element's FILE:LINE;
 * in another file than file where from names one (sp_diff_key's). */
static void at_words(FILE *f, const char *file, const char *from, sp_pos p)
{
  if (from && *from == ':') { /* a member of file: "song.dawproject" ":project.xml" */
    fputs(file, f);
    file = from;
  } else if (from) {
    file = from;
  }
  char at[64];
  fprintf(f, "%s%s", file, sp_diag_at(p, at, sizeof at));
}

/* A key's change: "tracks.a.gain: 0 -> 6 (one.yaml:4:5, two.yaml:4:5)". */
static void key_words(FILE *f, const sp_diff_cause *c, const sp_diff_key *k)
{
  fprintf(f, "%s: %s -> %s (", k->path, k->old_value ? k->old_value : "(none)",
          k->new_value ? k->new_value : "(none)");
  at_words(f, c->old_file, k->old_from, k->old_at);
  fputs(", ", f);
  at_words(f, c->new_file, k->new_from, k->new_at);
  fputc(')', f);
}

static void input_words(FILE *f, const sp_diff_input *x)
{
  fprintf(f, "%s: %s%s%.12s -> %s%s%.12s", x->key, x->old_path ? x->old_path : "(none)",
          *x->old_digest ? " " : "", x->old_digest, x->new_path ? x->new_path : "(none)",
          *x->new_digest ? " " : "", x->new_digest);
}

/* The keys a link hears: "tracks.a.gain, tracks.b.gain". */
static void hears_words(FILE *f, const sp_diff_cause *c, const sp_diff_link *l)
{
  for (size_t k = 0; k < l->n_hears; k++)
    fprintf(f, "%s%s", k ? ", " : "", c->keys[l->hears[k]].path);
}

/* Why item it changed with nothing in the recipes to say so. */
static const char *unexplained_words(const sp_diff_report *rep)
{
  return rep->cause->n_keys == 0
             ? "the two recipes' canonical texts are the same: the tool, a plugin or a file "
               "outside the recipe changed"
             : "no changed key or input reaches it, and no shared processor it passes through "
               "hears one: a change the recipe does not show (a plugin's own state?)";
}

/* How many prints followed link k. */
static size_t followers(const sp_diff_report *rep, size_t k)
{
  size_t n = 0;
  for (size_t p = 0; p < rep->n; p++)
    for (size_t j = 0; j < rep->rows[p].n_links; j++)
      n += rep->rows[p].links[j] == k;
  return n;
}

enum { ROW_KEYS = 6 }; /* the keys said of one print; the cause lists them all */

/* Print i's cause in lines, each made whole and said by line (escaped),
 * prefixed by lead. */

/* "; reaches a, b" (the prints a cause reaches), or "; reaches no print". */
static void reaches_words(FILE *m, char *const *reaches, size_t n)
{
  fputs("; reaches", m);
  for (size_t r = 0; r < n; r++)
    fprintf(m, "%s %s", r ? "," : "", reaches[r]);
  fputs(n ? "" : " no print", m);
}

static void row_cause(FILE *f, const sp_diff_report *rep, size_t i, const char *lead)
{
  const sp_diff_row *row = &rep->rows[i];
  const sp_diff_cause *c = rep->cause;
  char *line = NULL;
  size_t len = 0;
  for (size_t k = 0; c && k < row->n_keys && k < ROW_KEYS; k++) {
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "%skey %s", lead, "");
    key_words(m, c, &c->keys[row->keys[k]]);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  if (row->n_keys > ROW_KEYS)
    sp_diag_line(f, "%skey and %zu more (the cause below)", lead, row->n_keys - ROW_KEYS);
  for (size_t k = 0; c && k < row->n_inputs; k++) {
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "%sinput ", lead);
    input_words(m, &c->inputs[row->inputs[k]]);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  for (size_t k = 0; c && k < row->n_links; k++) {
    const sp_diff_link *l = &c->links[row->links[k]];
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "%sfollowed %s, which hears ", lead, l->processor);
    hears_words(m, c, l);
    fputs(" (linked dynamics: no changed key reaches this print)", m);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  if (*row->format)
    sp_diag_line(f, "%sformat %s", lead, row->format);
  if (row->unexplained)
    sp_diag_line(f, "%sunexplained: %s", lead, unexplained_words(rep));
}

void sp_diff_print_row(FILE *f, const sp_diff_report *rep, size_t i)
{
  const sp_diff_row *row = &rep->rows[i];
  char lead[32];
  snprintf(lead, sizeof lead, "  %18s cause  ", "");
  sp_diff_print_item(f, &rep->items[i], true);
  row_cause(f, rep, i, lead);
  for (size_t k = 0; k < row->n_checks; k++)
    sp_diag_line(f, "  %18s %s %s: %s", "", row->checks[k].passed ? "passed" : "FAILED",
                 row->checks[k].name, row->checks[k].message);
}

void sp_diff_print_cause(FILE *f, const sp_diff_report *rep)
{
  const sp_diff_cause *c = rep->cause;
  if (!c) {
    if (rep->n_differ)
      fputs("cause: not known: a side is prints (a folder, a report or a file), not a recipe (diff "
            "the "
            "recipes, or one with --rev, for the keys that changed at their lines and the prints "
            "that followed a shared compressor)\n",
            f);
    return;
  }
  size_t n_followed = 0;
  for (size_t i = 0; i < c->n_links; i++)
    n_followed += followers(rep, i) > 0;
  fprintf(f,
          "cause: %zu key%s of the canonical recipe changed, %zu input file%s, %zu shared "
          "processor%s followed\n",
          c->n_keys, c->n_keys == 1 ? "" : "s", c->n_inputs, c->n_inputs == 1 ? "" : "s",
          n_followed, n_followed == 1 ? "" : "s");
  /* each line made whole, then said escaped (sp_diag_line): a recipe's
   * value or a file's name is never more than its line */
  char *line = NULL;
  size_t len = 0;
  for (size_t i = 0; i < c->n_keys; i++) {
    const sp_diff_key *k = &c->keys[i];
    FILE *m = open_memstream(&line, &len);
    fputs("  key    ", m);
    key_words(m, c, k);
    reaches_words(m, k->reaches, k->n_reaches);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  for (size_t i = 0; i < c->n_inputs; i++) {
    const sp_diff_input *x = &c->inputs[i];
    FILE *m = open_memstream(&line, &len);
    fputs("  input  ", m);
    input_words(m, x);
    reaches_words(m, x->reaches, x->n_reaches);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  for (size_t i = 0; i < c->n_links; i++) {
    const sp_diff_link *l = &c->links[i];
    if (!followers(rep, i)) /* it heard the change, and nothing it carries moved */
      continue;
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "  linked %s hears ", l->processor);
    hears_words(m, c, l);
    fputs("; followed by", m);
    size_t said = 0;
    for (size_t p = 0; p < rep->n; p++)
      for (size_t k = 0; k < rep->rows[p].n_links; k++)
        if (rep->rows[p].links[k] == i)
          fprintf(m, "%s %s", said++ ? "," : "", rep->items[p].name);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  for (size_t i = 0; i < rep->n; i++)
    if (rep->rows[i].unexplained)
      sp_diag_line(f, "  finding %s changed, and %s", rep->items[i].name, unexplained_words(rep));
}

/* ", and N changed layout only (...)": the prints of the same samples
 * whose layout changed, said where the count of those that differ is
 * ("" when none). */
static const char *layout_words(const sp_diff_report *rep)
{
  static _Thread_local char words[96];
  *words = '\0';
  if (rep->n_layout)
    snprintf(words, sizeof words,
             ", and %zu changed layout only (the same samples on other speakers)", rep->n_layout);
  return words;
}

static void head_line(FILE *f, const sp_diff_report *rep)
{
  size_t followed = 0;
  for (size_t i = 0; i < rep->n; i++)
    followed += rep->rows[i].n_links > 0;
  char also[64] = "";
  if (followed)
    snprintf(also, sizeof also, " (%zu of them followed a shared processor)", followed);
  sp_diag_line(f, "diff: %s -> %s: %zu of %zu print%s differ%s%s%s", rep->old_arg, rep->new_arg,
               rep->n_differ, rep->n, rep->n == 1 ? "" : "s", rep->n_differ == 1 ? "s" : "", also,
               layout_words(rep));
}

/* The failed assertions, and how many held. */
static void verdict_lines(FILE *f, const sp_diff_report *rep)
{
  for (size_t i = 0; i < rep->n; i++)
    for (size_t k = 0; k < rep->rows[i].n_checks; k++)
      if (!rep->rows[i].checks[k].passed)
        sp_diag_line(f, "  FAILED %s: %s", rep->rows[i].checks[k].name,
                     rep->rows[i].checks[k].message);
  for (size_t i = 0; i < rep->n_unmatched; i++)
    sp_diag_line(f, "  FAILED expect-changed: '%s' is no print's name", rep->unmatched[i]);
  fprintf(f, "assertions: %zu of %zu held (%s)\n", rep->n_checks - rep->n_failed, rep->n_checks,
          rep->passed ? "passed" : "FAILED");
}

void sp_diff_print_head(FILE *f, const sp_diff_report *rep)
{
  head_line(f, rep);
  verdict_lines(f, rep);
}

void sp_diff_say(FILE *f, const sp_diff_report *rep)
{
  head_line(f, rep);
  for (size_t i = 0; i < rep->n; i++)
    sp_diff_print_row(f, rep, i);
  verdict_lines(f, rep);
  sp_diff_print_cause(f, rep);
}

/* ---- JSON ----------------------------------------------------------------- */

static sp_json *numbers(const double *v, size_t n)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(a, sp_report_number(v[i]));
  return a;
}

static sp_json *str_or_null(const char *s) { return s ? sp_report_string(s) : sp_report_number(NAN); }

/* Row i's cause as JSON: {keys, inputs, followed, format_change,
 * unexplained}; null without the recipes and with no change of format. */
static sp_json *row_cause_json(const sp_diff_report *rep, size_t i)
{
  const sp_diff_row *row = &rep->rows[i];
  const sp_diff_cause *c = rep->cause;
  if (!c && !*row->format)
    return sp_report_number(NAN);
  sp_json *o = sp_report_object(), *keys = sp_report_array(), *inputs = sp_report_array(),
          *followed = sp_report_array();
  for (size_t k = 0; c && k < row->n_keys; k++)
    sp_report_append(keys, sp_report_string(c->keys[row->keys[k]].path));
  for (size_t k = 0; c && k < row->n_inputs; k++)
    sp_report_append(inputs, sp_report_string(c->inputs[row->inputs[k]].key));
  for (size_t k = 0; c && k < row->n_links; k++) {
    const sp_diff_link *l = &c->links[row->links[k]];
    sp_json *x = sp_report_object(), *hears = sp_report_array();
    sp_report_set(x, "processor", sp_report_string(l->processor));
    for (size_t h = 0; h < l->n_hears; h++)
      sp_report_append(hears, sp_report_string(c->keys[l->hears[h]].path));
    sp_report_set(x, "hears", hears);
    sp_report_append(followed, x);
  }
  sp_report_set(o, "keys", keys);
  sp_report_set(o, "inputs", inputs);
  sp_report_set(o, "followed", followed);
  sp_report_set(o, "format_change", str_or_null(*row->format ? row->format : NULL));
  sp_report_set(o, "unexplained", sp_report_bool(row->unexplained));
  return o;
}

static sp_json *item_json(const sp_diff_report *rep, size_t i)
{
  const sp_diff_item *it = &rep->items[i];
  const sp_diff_row *row = &rep->rows[i];
  const sp_diff_result *r = &it->r;
  sp_json *x = sp_report_object();
  sp_report_set(x, "name", sp_report_string(it->name));
  sp_report_set(x, "old_name", str_or_null(it->old_name));
  sp_report_set(x, "new_name", str_or_null(it->new_name));
  sp_report_set(x, "verdict", sp_report_string(it->error ? "error" : sp_diff_verdict_word(r->verdict)));
  sp_report_set(x, "differs", sp_report_bool(!it->error && sp_diff_verdict_differs(r->verdict)));
  sp_report_set(x, "followed", sp_report_bool(row->n_links > 0));
  sp_report_set(x, "passed", sp_report_bool(row->passed));
  sp_report_set(x, "old_path", str_or_null(it->old_path));
  sp_report_set(x, "new_path", str_or_null(it->new_path));
  sp_report_set(x, "error", str_or_null(it->error));
  sp_report_set(x, "resampled", sp_report_bool(it->resampled));
  const bool m = it->measured;
  /* identical bytes: nothing decoded, the residual none and no delta */
  const bool same = !it->error && r->verdict == SP_DIFF_SAME_BYTES;
  sp_report_set(x, "threshold_dbfs", sp_report_number(m || same ? r->threshold_dbfs : NAN));
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
  sp_report_set(x, "cause", row_cause_json(rep, i));
  static const sp_report_field fields[] = {
      SP_REPORT_FIELD(sp_diff_check, name, STR, "name"),
      SP_REPORT_FIELD(sp_diff_check, passed, BOOL, "passed"),
      SP_REPORT_FIELD(sp_diff_check, expected, NAME, "expected"),
      SP_REPORT_FIELD(sp_diff_check, found, NAME, "found"),
      SP_REPORT_FIELD(sp_diff_check, threshold, REAL, "threshold"),
      SP_REPORT_FIELD(sp_diff_check, value, REAL, "value"),
      SP_REPORT_FIELD(sp_diff_check, unit, STR, "unit"),
      SP_REPORT_FIELD(sp_diff_check, message, NAME, "message"),
      {0}};
  sp_report_set(x, "checks",
                sp_report_rows(row->checks, row->n_checks, sizeof *row->checks, fields, false));
  return x;
}

sp_json *sp_diff_json(const sp_diff_report *rep)
{
  const sp_diff_expect *e = &rep->expect;
  sp_json *j = sp_report_object();
  sp_report_set(j, "old", sp_report_string(rep->old_arg));
  sp_report_set(j, "new", sp_report_string(rep->new_arg));
  sp_report_set(j, "passed", sp_report_bool(rep->passed));
  sp_report_set(j, "differ", sp_report_int((int64_t)rep->n_differ));
  sp_report_set(j, "assertions", sp_report_int((int64_t)rep->n_checks));
  sp_report_set(j, "failed", sp_report_int((int64_t)rep->n_failed));
  sp_report_set(j, "expect_changed", str_or_null(e->changed));
  sp_report_set(j, "strict", sp_report_bool(e->strict));
  sp_report_set(j, "max_residual_dbfs", sp_report_number(e->max_residual_dbfs));
  sp_report_set(j, "max_loudness_delta_lu", sp_report_number(e->max_loudness_delta_lu));
  sp_json *un = sp_report_array();
  for (size_t i = 0; i < rep->n_unmatched; i++)
    sp_report_append(un, sp_report_string(rep->unmatched[i]));
  sp_report_set(j, "unmatched", un);
  sp_report_set(j, "cause", rep->cause ? sp_diff_cause_json(rep->cause) : sp_report_number(NAN));
  sp_json *prints = sp_report_array();
  for (size_t i = 0; i < rep->n; i++)
    sp_report_append(prints, item_json(rep, i));
  sp_report_set(j, "prints", prints);
  return j;
}

/* ---- Markdown ------------------------------------------------------------- */

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

/* A key's place in the Markdown: "(line 4 → 5)", or the side it is not on. */
static void md_lines(FILE *f, const sp_diff_key *k)
{
  if (k->old_at.line > 0 && k->new_at.line > 0)
    fprintf(f, " (line %d → %d)", k->old_at.line, k->new_at.line);
  else if (k->new_at.line > 0)
    fprintf(f, " (new, line %d)", k->new_at.line);
  else if (k->old_at.line > 0)
    fprintf(f, " (old, line %d)", k->old_at.line);
}

/* Print i's cause, in its table cell (in_table) or a line. */
static void md_cause_words(FILE *f, const sp_diff_report *rep, size_t i, bool in_table)
{
  const sp_diff_row *row = &rep->rows[i];
  const sp_diff_cause *c = rep->cause;
  const char *sep = "";
  for (size_t k = 0; c && k < row->n_keys && k < 3; k++, sep = "; ") {
    const sp_diff_key *key = &c->keys[row->keys[k]];
    fputs(sep, f);
    sp_diff_md_code(f, key->path, in_table);
    md_lines(f, key);
  }
  if (c && row->n_keys > 3)
    fprintf(f, "; %zu keys more", row->n_keys - 3);
  for (size_t k = 0; c && k < row->n_inputs; k++, sep = "; ") {
    fprintf(f, "%sinput ", sep);
    sp_diff_md_code(f, c->inputs[row->inputs[k]].key, in_table);
  }
  for (size_t k = 0; c && k < row->n_links; k++, sep = "; ") {
    fprintf(f, "%sfollowed ", sep);
    sp_diff_md_code(f, c->links[row->links[k]].processor, in_table);
  }
  if (*row->format) {
    fprintf(f, "%sformat ", sep);
    sp_diff_md_text(f, row->format);
    sep = "; ";
  }
  if (row->unexplained)
    fprintf(f, "%sunexplained (below)", sep);
}

/* Print i's row of the table: print | verdict | lag, gain | residual peak |
 * Δ loudness | Δ true peak | where (band) | cause. */
static void md_row(FILE *f, const sp_diff_report *rep, size_t i)
{
  const sp_diff_item *it = &rep->items[i];
  const sp_diff_result *r = &it->r;
  char w[320];
  fputs("| ", f);
  sp_diff_md_text(f, it->name);
  fputs(" | ", f);
  if (it->error) {
    fputs("error: ", f);
    sp_diff_md_text(f, it->error);
  } else {
    fputs(sp_diff_verdict_word(r->verdict), f);
    if (rep->rows[i].n_links)
      fputs(" (followed)", f);
  }
  fputs(" | ", f);
  lag_words(w, sizeof w, it, false);
  sp_diff_md_text(f, w);
  peak_words(w, sizeof w, it);
  fprintf(f, " | %s | ", w);
  delta_lu_words(w, sizeof w, it);
  fprintf(f, "%s | ", w);
  delta_tp_words(w, sizeof w, it);
  fprintf(f, "%s | ", w);
  for (size_t s = 0; it->measured && r->verdict == SP_DIFF_CHANGED && s < r->n_spans && s < 3;
       s++) {
    char t0[32], t1[32], band[160];
    sp_diff_fmt_time(t0, sizeof t0, r->spans[s].start_s);
    sp_diff_fmt_time(t1, sizeof t1, r->spans[s].end_s);
    band_words(band, sizeof band, r->spans[s].changed_band, -1, r->spans[s].band_delta_db, r);
    fprintf(f, "%s%s–%s (%s)", s ? "; " : "", t0, t1, band);
  }
  if (it->measured && r->verdict == SP_DIFF_CHANGED && r->spans_found > 3)
    fprintf(f, "; %zu more", r->spans_found - 3);
  if (it->measured && r->verdict == SP_DIFF_CHANGED) {
    char band[160];
    band_words(band, sizeof band, r->changed_band, loudest(r), r->band_delta_db, r);
    fprintf(f, "%sthe whole print: %s", r->n_spans ? "; " : "", band);
  }
  fputs(" | ", f);
  md_cause_words(f, rep, i, true);
  fputs(" |\n", f);
}

/* The cause as a list. */
static void md_cause(FILE *f, const sp_diff_report *rep)
{
  const sp_diff_cause *c = rep->cause;
  if (!c) {
    if (rep->n_differ)
      fputs("\n**Cause**: not known: a side is prints (a folder, a report or a file), not a recipe "
            "(diff the recipes, or one with `--rev`, for the keys that changed at their lines "
            "and the prints that followed a shared compressor)\n",
            f);
    return;
  }
  if (c->n_keys == 0 && c->n_inputs == 0 && c->n_links == 0) {
    fputs("\n**Cause**: the two recipes' canonical texts and inputs are the same\n", f);
    return;
  }
  fputs("\n**Cause**\n\n", f);
  for (size_t i = 0; i < c->n_keys && i < 20; i++) {
    const sp_diff_key *k = &c->keys[i];
    fputs("- ", f);
    sp_diff_md_code(f, k->path, false);
    fputs(": ", f);
    sp_diff_md_code(f, k->old_value ? k->old_value : "(none)", false);
    fputs(" → ", f);
    sp_diff_md_code(f, k->new_value ? k->new_value : "(none)", false);
    md_lines(f, k);
    fputs("; reaches", f);
    for (size_t r = 0; r < k->n_reaches; r++) {
      fputs(r ? ", " : " ", f);
      sp_diff_md_text(f, k->reaches[r]);
    }
    fputs(k->n_reaches ? "\n" : " no print\n", f);
  }
  if (c->n_keys > 20)
    fprintf(f, "- and %zu keys more (the JSON lists them)\n", c->n_keys - 20);
  for (size_t i = 0; i < c->n_inputs; i++) {
    const sp_diff_input *x = &c->inputs[i];
    fputs("- input ", f);
    sp_diff_md_code(f, x->key, false);
    fprintf(f, ": digest `%.12s` → `%.12s`; reaches", *x->old_digest ? x->old_digest : "(none)",
            *x->new_digest ? x->new_digest : "(none)");
    for (size_t r = 0; r < x->n_reaches; r++) {
      fputs(r ? ", " : " ", f);
      sp_diff_md_text(f, x->reaches[r]);
    }
    fputs(x->n_reaches ? "\n" : " no print\n", f);
  }
  for (size_t i = 0; i < c->n_links; i++) {
    const sp_diff_link *l = &c->links[i];
    if (!followers(rep, i))
      continue;
    fputs("- linked dynamics: ", f);
    sp_diff_md_code(f, l->processor, false);
    fputs(" hears", f);
    for (size_t k = 0; k < l->n_hears; k++) {
      fputs(k ? ", " : " ", f);
      sp_diff_md_code(f, c->keys[l->hears[k]].path, false);
    }
    fputs("; followed by", f);
    size_t said = 0;
    for (size_t p = 0; p < rep->n; p++)
      for (size_t k = 0; k < rep->rows[p].n_links; k++)
        if (rep->rows[p].links[k] == i) {
          fputs(said++ ? ", " : " ", f);
          sp_diff_md_text(f, rep->items[p].name);
        }
    fputc('\n', f);
  }
  for (size_t i = 0; i < rep->n; i++)
    if (rep->rows[i].unexplained) {
      fputs("- finding: ", f);
      sp_diff_md_text(f, rep->items[i].name);
      fputs(" changed, and ", f);
      sp_diff_md_text(f, unexplained_words(rep));
      fputc('\n', f);
    }
}

/* An assertion's row: result | assertion | print | expected | found. */
static void md_check(FILE *f, const sp_diff_item *it, const sp_diff_check *c)
{
  fprintf(f, "| %s | `%s` | ", c->passed ? "passed" : "**FAILED**", c->name);
  sp_diff_md_text(f, it->name);
  fputs(" | ", f);
  sp_diff_md_text(f, c->expected);
  fputs(" | ", f);
  sp_diff_md_text(f, c->found);
  fputs(" |\n", f);
}

void sp_diff_markdown(FILE *f, const sp_diff_report *rep)
{
  fprintf(f, "### stemprint diff: %zu of %zu print%s changed%s ", rep->n_differ, rep->n,
          rep->n == 1 ? "" : "s", layout_words(rep));
  if (rep->passed)
    fprintf(f, "(passed: %zu of %zu assertions held)\n\n", rep->n_checks, rep->n_checks);
  else
    fprintf(f, "(FAILED: %zu of %zu assertions)\n\n", rep->n_failed, rep->n_checks);
  sp_diff_md_code(f, rep->old_arg, false);
  fputs(" → ", f);
  sp_diff_md_code(f, rep->new_arg, false);
  fputs("\n", f);
  if (!rep->passed) {
    fputs("\n**Failed**\n\n", f);
    for (size_t i = 0; i < rep->n; i++) {
      if (rep->items[i].error) {
        fputs("- could not compare ", f);
        sp_diff_md_text(f, rep->items[i].name);
        fputs(": ", f);
        sp_diff_md_text(f, rep->items[i].error);
        fputc('\n', f);
      }
      for (size_t k = 0; k < rep->rows[i].n_checks; k++) {
        const sp_diff_check *c = &rep->rows[i].checks[k];
        if (c->passed)
          continue;
        fprintf(f, "- `%s` ", c->name);
        sp_diff_md_text(f, rep->items[i].name);
        fputs(": expected ", f);
        sp_diff_md_text(f, c->expected);
        fputs("; found ", f);
        sp_diff_md_text(f, c->found);
        const sp_diff_row *row = &rep->rows[i];
        if (row->n_keys || row->n_inputs || *row->format || row->unexplained) {
          fputs("; cause: ", f);
          md_cause_words(f, rep, i, false);
        }
        fputc('\n', f);
      }
    }
    for (size_t i = 0; i < rep->n_unmatched; i++) {
      fputs("- `expect-changed` names ", f);
      sp_diff_md_code(f, rep->unmatched[i], false);
      fputs(", which no print has\n", f);
    }
  }
  fputs("\n| print | verdict | lag, gain | residual peak | Δ loudness | Δ true peak | where (band) "
        "| cause |\n|---|---|---|---:|---:|---:|---|---|\n",
        f);
  for (size_t i = 0; i < rep->n; i++)
    md_row(f, rep, i);
  md_cause(f, rep);
  if (rep->n_checks > rep->n_unmatched) {
    fprintf(f, "\n<details><summary>Assertions: %zu of %zu held</summary>\n\n",
            rep->n_checks - rep->n_failed, rep->n_checks);
    fputs("| result | assertion | print | expected | found |\n|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < rep->n; i++)
      for (size_t k = 0; k < rep->rows[i].n_checks; k++)
        md_check(f, &rep->items[i], &rep->rows[i].checks[k]);
    fputs("\n</details>\n", f);
  }
}

/* ---- JUnit ---------------------------------------------------------------- */

sp_junit_suite *sp_diff_junit(const sp_diff_report *rep)
{
  sp_junit_suite *s = sp_junit_suite_new("diff", NULL);
  for (size_t i = 0; i < rep->n; i++) {
    const sp_diff_item *it = &rep->items[i];
    char w[1200];
    item_words(w, sizeof w, it);
    char *name = sp_xasprintf("diff: %s", it->name);
    char *line = sp_xasprintf("%s: %s%s%s", it->name, sp_diff_verdict_word(it->r.verdict),
                              *w ? ", " : "", w);
    char *lines = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&lines, &len);
    sp_diff_print_row(m, rep, i);
    fclose(m);
    sp_junit_add(s, name, NULL, (sp_pos){0, 0}, it->error ? SP_JUNIT_ERROR : SP_JUNIT_PASSED,
                 it->error ? it->error : line, lines);
    free(lines);
    free(line);
    free(name);
    for (size_t k = 0; k < rep->rows[i].n_checks; k++) {
      const sp_diff_check *c = &rep->rows[i].checks[k];
      char *cn = sp_xasprintf("%s: %s", c->name, it->name);
      sp_junit_add(s, cn, NULL, (sp_pos){0, 0}, c->passed ? SP_JUNIT_PASSED : SP_JUNIT_FAILED,
                   c->message, c->passed ? c->message : NULL);
      free(cn);
    }
  }
  for (size_t i = 0; i < rep->n_unmatched; i++) {
    char *cn = sp_xasprintf("expect-changed: %s", rep->unmatched[i]);
    char *m = sp_xasprintf("--expect-changed names '%s', which no print has; give a print's name "
                           "(mix, drums, or its file name)",
                           rep->unmatched[i]);
    sp_junit_add(s, cn, NULL, (sp_pos){0, 0}, SP_JUNIT_FAILED, m, NULL);
    free(m);
    free(cn);
  }
  return s;
}
