/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cache entry's manifest, written and read (io/report/cache_entry.h).
 *
 * Numbers are exact: finite doubles as JSON reals with 17 digits, the
 * others as the strings "inf", "-inf" and "nan" (a report writes null for
 * them, which cannot tell -inf dBFS of silence from an unknown). Reading
 * checks every field's kind; the first one missing or wrong makes the
 * whole entry unusable (a miss, never a guess). */

#include "io/report/cache_entry.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "io/report/report.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------- */

static sp_json *xnum(double v)
{
  if (isfinite(v))
    return sp_report_number(v);
  return sp_report_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

static sp_json *doubles(const double *v, size_t n)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(a, xnum(v[i]));
  return a;
}

static sp_json *loudness(const sp_loudness *l)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "integrated_lufs", xnum(l->integrated_lufs));
  sp_report_set(o, "range_lu", xnum(l->range_lu));
  sp_report_set(o, "momentary_max_lufs", xnum(l->momentary_max_lufs));
  sp_report_set(o, "shortterm_max_lufs", xnum(l->shortterm_max_lufs));
  sp_report_set(o, "true_peak_dbtp", xnum(l->true_peak_dbtp));
  sp_report_set(o, "sample_peak_dbfs", xnum(l->sample_peak_dbfs));
  sp_report_set(o, "clipped", sp_report_int(l->clipped));
  sp_report_set(o, "frames", sp_report_int(l->frames));
  return o;
}

static sp_json *null_result(const sp_null_result *n)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "frames", sp_report_int(n->frames));
  sp_report_set(o, "channels", sp_report_int(n->channels));
  sp_report_set(o, "sample_rate", sp_report_int(n->sample_rate));
  sp_report_set(o, "passed", sp_report_bool(n->passed));
  sp_report_set(o, "threshold_dbfs", xnum(n->threshold_dbfs));
  sp_report_set(o, "residual_peak_dbfs", xnum(n->residual_peak_dbfs));
  sp_report_set(o, "residual_rms_dbfs", xnum(n->residual_rms_dbfs));
  sp_report_set(o, "mix_peak_dbfs", xnum(n->mix_peak_dbfs));
  sp_report_set(o, "mix_rms_dbfs", xnum(n->mix_rms_dbfs));
  sp_report_set(o, "clipped", sp_report_bool(n->clipped));
  sp_report_set(o, "mix_clipped", sp_report_int(n->mix_clipped));
  sp_report_set(o, "residual_unclipped_peak_dbfs", xnum(n->residual_unclipped_peak_dbfs));
  sp_report_set(o, "searched", sp_report_bool(n->searched));
  sp_report_set(o, "lag_frames", sp_report_int(n->lag_frames));
  sp_report_set(o, "gain_db", xnum(n->gain_db));
  sp_report_set(o, "inverted", sp_report_bool(n->inverted));
  sp_report_set(o, "fixed_dbfs", xnum(n->fixed_dbfs));
  sp_report_set(o, "mix_correlation", xnum(n->mix_correlation));
  sp_report_set(o, "band_dbfs", doubles(n->band_dbfs, SP_NULL_BANDS));
  sp_json *chs = sp_report_array();
  for (int c = 0; c < n->channels; c++) {
    sp_json *e = sp_report_object();
    sp_report_set(e, "name", sp_report_string(n->by_channel[c].name));
    sp_report_set(e, "peak", xnum(n->by_channel[c].residual_peak_dbfs));
    sp_report_set(e, "rms", xnum(n->by_channel[c].residual_rms_dbfs));
    sp_report_set(e, "gain", xnum(n->by_channel[c].gain_db));
    sp_report_append(chs, e);
  }
  sp_report_set(o, "by_channel", chs);
  sp_json *worst = sp_report_array();
  for (size_t i = 0; i < n->n_worst; i++) {
    sp_json *w = sp_report_object();
    sp_report_set(w, "t_s", xnum(n->worst[i].t_s));
    sp_report_set(w, "band_hz", xnum(n->worst[i].band_hz));
    sp_report_set(w, "level_dbfs", xnum(n->worst[i].level_dbfs));
    sp_report_append(worst, w);
  }
  sp_report_set(o, "worst", worst);
  sp_json *stems = sp_report_array();
  for (size_t i = 0; i < n->n_stems; i++) {
    const sp_null_stem *s = &n->stems[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "frames", sp_report_int(s->frames));
    sp_report_set(e, "clipped", sp_report_int(s->clipped));
    sp_report_set(e, "analysed", sp_report_bool(s->analysed));
    sp_report_set(e, "lag_frames", sp_report_int(s->lag_frames));
    sp_report_set(e, "gain_db", xnum(s->gain_db));
    sp_report_set(e, "inverted", sp_report_bool(s->inverted));
    sp_report_set(e, "fixed_dbfs", xnum(s->fixed_dbfs));
    sp_report_append(stems, e);
  }
  sp_report_set(o, "stems", stems);
  sp_json *findings = sp_report_array();
  for (size_t i = 0; i < n->n_findings; i++)
    sp_report_append(findings, sp_report_string(n->findings[i]));
  sp_report_set(o, "findings", findings);
  return o;
}

/* A file g prints: its output's plan, where it lands, and its set (0: the
 * master set's; k: output.also[k - 1]'s). */
typedef struct printed {
  const sp_output_plan *plan;
  const char *path;
  int set;
} printed;

/* The file of g named file, or false. */
static bool print_of(const sp_graph *g, const char *file, printed *p)
{
  for (size_t i = 0; sp_graph_output(g, i); i++)
    if (sp_graph_output(g, i)->kind != SP_OUT_REST &&
        strcmp(sp_graph_output(g, i)->file, file) == 0) {
      *p = (printed){sp_graph_output(g, i), sp_graph_output(g, i)->path, 0};
      return true;
    }
  for (size_t i = 0; sp_graph_derived(g, i); i++)
    if (strcmp(sp_graph_derived(g, i)->file, file) == 0) {
      const sp_derived_plan *d = sp_graph_derived(g, i);
      *p = (printed){sp_graph_output(g, d->of), d->path, d->set + 1};
      return true;
    }
  return false;
}

/* Whether g prints a file named file: an output's, a set's, or one of
 * master.adm's (made after the render from the prints). */
static bool prints(const sp_graph *g, const char *file)
{
  printed p;
  if (print_of(g, file, &p))
    return true;
  size_t n;
  const char *const *adm = sp_graph_adm_prints(g, &n);
  for (size_t i = 0; i < n; i++)
    if (strcmp(adm[i], file) == 0)
      return true;
  return false;
}

static const char *file_of(const sp_graph *g, const char *path)
{
  for (size_t i = 0; sp_graph_output(g, i); i++)
    if (sp_graph_output(g, i)->path && strcmp(sp_graph_output(g, i)->path, path) == 0)
      return sp_graph_output(g, i)->file;
  for (size_t i = 0; sp_graph_derived(g, i); i++)
    if (strcmp(sp_graph_derived(g, i)->path, path) == 0)
      return sp_graph_derived(g, i)->file;
  return "";
}

char *sp_cache_entry_text(const sp_job *job, const sp_graph *g, const sp_cache_file *files,
                          size_t n, const sp_render_result *res, int status)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "schema", sp_report_string(SP_CACHE_SCHEMA));
  sp_report_set(o, "key", sp_report_digest(&job->key));
  sp_report_set(o, "job", sp_report_string(job->text));
  sp_report_set(o, "status", sp_report_int(status));
  sp_json *fs = sp_report_array();
  for (size_t i = 0; i < n; i++) {
    sp_json *f = sp_report_object();
    sp_report_set(f, "file", sp_report_string(files[i].file));
    sp_report_set(f, "size", sp_report_int(files[i].size));
    sp_report_set(f, "sha256", sp_report_digest(&files[i].digest));
    sp_report_append(fs, f);
  }
  sp_report_set(o, "files", fs);
  sp_json *r = sp_report_object();
  /* The folder the render printed into: its checks' sentences name its
   * files by path, and a hit elsewhere names its own folder instead. */
  sp_report_set(r, "out_dir", sp_report_string(sp_graph_out_dir(g)));
  sp_report_set(r, "frames", sp_report_int(res->frames));
  sp_report_set(r, "seconds", xnum(res->seconds));
  sp_report_set(r, "wall_seconds", xnum(res->wall_seconds));
  sp_report_set(r, "buffer_bytes", sp_report_int((int64_t)res->buffer_bytes));
  sp_report_set(r, "tail_frames", sp_report_int(res->tail_frames));
  sp_report_set(r, "tail_capped", sp_report_bool(res->tail_capped));
  sp_report_set(r, "latency", sp_report_int(res->latency));
  sp_json *outs = sp_report_array();
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *s = &res->outputs[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "file", sp_report_string(file_of(g, s->path)));
    sp_report_set(e, "sample_peak_dbfs", xnum(s->sample_peak_dbfs));
    sp_report_set(e, "unquantized_peak_dbfs", xnum(s->unquantized_peak_dbfs));
    sp_report_set(e, "clipped", sp_report_int(s->clipped));
    sp_report_set(e, "measured", sp_report_bool(s->measured));
    sp_report_set(e, "decoded", sp_report_bool(s->decoded));
    if (s->frames > 0)
      sp_report_set(e, "frames", sp_report_int(s->frames));
    if (s->part > 0)
      sp_report_set(e, "part", sp_report_int(s->part));
    if (s->n_channels > 0) {
      sp_json *chs = sp_report_array();
      for (int c = 0; c < s->n_channels; c++) {
        sp_json *f = sp_report_object();
        sp_report_set(f, "i", xnum(s->by_channel[c].integrated_lufs));
        sp_report_set(f, "tp", xnum(s->by_channel[c].true_peak_dbtp));
        sp_report_set(f, "pk", xnum(s->by_channel[c].sample_peak_dbfs));
        sp_report_append(chs, f);
      }
      sp_report_set(e, "by_channel", chs);
    }
    sp_report_set(e, "loudness", loudness(&s->loudness));
    if (s->n_series) {
      sp_report_set(e, "t_end_s", doubles(s->t_end_s, s->n_series));
      sp_report_set(e, "momentary", doubles(s->momentary, s->n_series));
      sp_report_set(e, "shortterm", doubles(s->shortterm, s->n_series));
    }
    sp_report_append(outs, e);
  }
  sp_report_set(r, "outputs", outs);
  sp_json *vn = sp_report_array();
  for (size_t i = 0; i < res->n_version_nulls; i++) {
    const sp_version_null *v = &res->version_nulls[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "version", sp_report_string(v->version));
    sp_report_set(e, "null", null_result(&v->null));
    sp_report_set(e, "threshold_dbfs", xnum(v->threshold_dbfs));
    sp_report_set(e, "left_out_stems", sp_report_bool(v->left_out_stems));
    sp_report_append(vn, e);
  }
  sp_report_set(r, "version_nulls", vn);
  sp_report_set(r, "null_ran", sp_report_bool(res->null_ran));
  sp_report_set(r, "null_passed", sp_report_bool(res->null_passed));
  sp_report_set(r, "null_threshold_dbfs", xnum(res->null_threshold_dbfs));
  sp_report_set(r, "null", null_result(&res->null));
  sp_json *checks = sp_report_array();
  for (size_t i = 0; i < res->n_checks; i++) {
    const sp_check *c = &res->checks[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "name", sp_report_string(c->name));
    sp_report_set(e, "passed", sp_report_bool(c->passed));
    sp_report_set(e, "value", xnum(c->value));
    sp_report_set(e, "limit", xnum(c->limit));
    sp_report_set(e, "tolerance", xnum(c->tolerance));
    sp_report_set(e, "text", sp_report_string(c->text));
    sp_report_set(e, "path", sp_report_string(c->path));
    sp_report_append(checks, e);
  }
  sp_report_set(r, "checks", checks);
  sp_report_set(r, "normalized", sp_report_bool(res->normalized));
  sp_report_set(r, "normalize_measured_lufs", xnum(res->normalize_measured_lufs));
  sp_report_set(r, "normalize_gain_db", xnum(res->normalize_gain_db));
  sp_report_set(o, "result", r);
  char *text = sp_report_dump_exact(o);
  sp_report_free(o);
  return text;
}

/* ---- reading ------------------------------------------------------------- */

/* text with every "<from>/" made "<to>/" (heap string). */
static char *rebase(const char *text, const char *from, const char *to)
{
  size_t fl = strlen(from), tl = strlen(to), n = 0;
  if (fl == 0 || strcmp(from, to) == 0)
    return sp_xstrdup(text);
  for (const char *p = text; (p = strstr(p, from)); p += fl)
    n++;
  char *out = sp_xmalloc(strlen(text) + n * (tl + 1) + 1), *o = out;
  for (const char *p = text;;) {
    const char *at = strstr(p, from);
    if (!at || at[fl] != '/') {
      if (!at) {
        strcpy(o, p);
        break;
      }
      memcpy(o, p, (size_t)(at - p) + fl);
      o += at - p + (ptrdiff_t)fl;
      p = at + fl;
      continue;
    }
    memcpy(o, p, (size_t)(at - p));
    o += at - p;
    memcpy(o, to, tl);
    o += tl;
    p = at + fl;
  }
  return out;
}

typedef struct reader {
  bool ok;
  char *why;
  size_t why_size;
} reader;

static void fail(reader *rd, const char *what, const char *key)
{
  if (rd->ok)
    snprintf(rd->why, rd->why_size, "'%s' %s", key, what);
  rd->ok = false;
}

/* j as a double: a JSON number, or "inf", "-inf", "nan" (see xnum). */
static bool as_double(const sp_json *j, double *v)
{
  const char *s = sp_report_get_string(j);
  if (sp_report_get_number(j, v))
    return true;
  if (s && strcmp(s, "inf") == 0)
    *v = INFINITY;
  else if (s && strcmp(s, "-inf") == 0)
    *v = -INFINITY;
  else if (s && strcmp(s, "nan") == 0)
    *v = NAN;
  else
    return false;
  return true;
}

static double rnum(reader *rd, const sp_json *o, const char *key)
{
  double v;
  if (as_double(sp_report_get(o, key), &v))
    return v;
  fail(rd, "is not a number", key);
  return NAN;
}

static int64_t rint_(reader *rd, const sp_json *o, const char *key)
{
  int64_t v = 0;
  if (!sp_report_get_int(sp_report_get(o, key), &v))
    fail(rd, "is not a whole number", key);
  return v;
}

static bool rbool(reader *rd, const sp_json *o, const char *key)
{
  bool v = false;
  if (!sp_report_get_bool(sp_report_get(o, key), &v))
    fail(rd, "is not true or false", key);
  return v;
}

static const char *rstr(reader *rd, const sp_json *o, const char *key)
{
  const char *s = sp_report_get_string(sp_report_get(o, key));
  if (!s)
    fail(rd, "is not a string", key);
  return s ? s : "";
}

/* An array field, and its length (0 when it is not an array). */
static const sp_json *rarr(reader *rd, const sp_json *o, const char *key, size_t *n)
{
  const sp_json *a = sp_report_get(o, key);
  *n = sp_report_array_size(a);
  if (!sp_report_is_array(a))
    fail(rd, "is not a list", key);
  return a;
}

static double *rdoubles(reader *rd, const sp_json *o, const char *key, size_t want)
{
  size_t n;
  const sp_json *a = rarr(rd, o, key, &n);
  if (n != want) {
    fail(rd, "has the wrong length", key);
    return NULL;
  }
  double *v = sp_xcalloc(n + 1, sizeof *v);
  for (size_t i = 0; i < n; i++)
    if (!as_double(sp_report_array_get(a, i), &v[i]))
      fail(rd, "holds something that is not a number", key);
  return v;
}

static void rloudness(reader *rd, const sp_json *o, sp_loudness *l)
{
  l->integrated_lufs = rnum(rd, o, "integrated_lufs");
  l->range_lu = rnum(rd, o, "range_lu");
  l->momentary_max_lufs = rnum(rd, o, "momentary_max_lufs");
  l->shortterm_max_lufs = rnum(rd, o, "shortterm_max_lufs");
  l->true_peak_dbtp = rnum(rd, o, "true_peak_dbtp");
  l->sample_peak_dbfs = rnum(rd, o, "sample_peak_dbfs");
  l->clipped = rint_(rd, o, "clipped");
  l->frames = rint_(rd, o, "frames");
}

static void rnull(reader *rd, const sp_json *o, sp_null_result *n, const char *was, const char *now)
{
  memset(n, 0, sizeof *n);
  if (!o) {
    fail(rd, "is missing", "null");
    return;
  }
  n->frames = rint_(rd, o, "frames");
  n->channels = (int)rint_(rd, o, "channels");
  n->sample_rate = (int)rint_(rd, o, "sample_rate");
  n->passed = rbool(rd, o, "passed");
  n->threshold_dbfs = rnum(rd, o, "threshold_dbfs");
  n->residual_peak_dbfs = rnum(rd, o, "residual_peak_dbfs");
  n->residual_rms_dbfs = rnum(rd, o, "residual_rms_dbfs");
  n->mix_peak_dbfs = rnum(rd, o, "mix_peak_dbfs");
  n->mix_rms_dbfs = rnum(rd, o, "mix_rms_dbfs");
  n->clipped = rbool(rd, o, "clipped");
  n->mix_clipped = rint_(rd, o, "mix_clipped");
  n->residual_unclipped_peak_dbfs = rnum(rd, o, "residual_unclipped_peak_dbfs");
  n->searched = rbool(rd, o, "searched");
  n->lag_frames = rint_(rd, o, "lag_frames");
  n->gain_db = rnum(rd, o, "gain_db");
  n->inverted = rbool(rd, o, "inverted");
  n->fixed_dbfs = rnum(rd, o, "fixed_dbfs");
  n->mix_correlation = rnum(rd, o, "mix_correlation");
  double *bands = rdoubles(rd, o, "band_dbfs", SP_NULL_BANDS);
  if (bands)
    memcpy(n->band_dbfs, bands, sizeof n->band_dbfs);
  free(bands);
  size_t nch;
  const sp_json *chs = rarr(rd, o, "by_channel", &nch);
  if (nch != (size_t)n->channels || n->channels < 0) { /* an entry a channel each */
    fail(rd, "does not match 'channels'", "by_channel");
    n->channels = 0;
  }
  n->by_channel = sp_xcalloc(nch ? nch : 1, sizeof *n->by_channel);
  for (size_t c = 0; rd->ok && c < nch; c++) {
    const sp_json *e = sp_report_array_get(chs, c);
    snprintf(n->by_channel[c].name, sizeof n->by_channel[c].name, "%s", rstr(rd, e, "name"));
    n->by_channel[c].residual_peak_dbfs = rnum(rd, e, "peak");
    n->by_channel[c].residual_rms_dbfs = rnum(rd, e, "rms");
    n->by_channel[c].gain_db = rnum(rd, e, "gain");
  }
  size_t nw;
  const sp_json *w = rarr(rd, o, "worst", &nw);
  if (nw > SP_NULL_WORST)
    fail(rd, "is too long", "worst");
  for (size_t i = 0; rd->ok && i < nw; i++) {
    const sp_json *e = sp_report_array_get(w, i);
    n->worst[i] =
        (sp_null_spot){rnum(rd, e, "t_s"), rnum(rd, e, "band_hz"), rnum(rd, e, "level_dbfs")};
    n->n_worst = i + 1;
  }
  size_t ns;
  const sp_json *st = rarr(rd, o, "stems", &ns);
  n->stems = sp_xcalloc(ns + 1, sizeof *n->stems);
  for (size_t i = 0; rd->ok && i < ns; i++) {
    const sp_json *e = sp_report_array_get(st, i);
    n->stems[i] = (sp_null_stem){.frames = rint_(rd, e, "frames"),
                                 .clipped = rint_(rd, e, "clipped"),
                                 .analysed = rbool(rd, e, "analysed"),
                                 .lag_frames = rint_(rd, e, "lag_frames"),
                                 .gain_db = rnum(rd, e, "gain_db"),
                                 .inverted = rbool(rd, e, "inverted"),
                                 .fixed_dbfs = rnum(rd, e, "fixed_dbfs")};
    n->n_stems = i + 1;
  }
  size_t nf;
  const sp_json *f = rarr(rd, o, "findings", &nf);
  n->findings = sp_xcalloc(nf + 1, sizeof *n->findings);
  for (size_t i = 0; rd->ok && i < nf; i++) {
    const char *s = sp_report_get_string(sp_report_array_get(f, i));
    if (!s)
      fail(rd, "holds something that is not a sentence", "findings");
    else
      n->findings[n->n_findings++] = rebase(s, was, now);
  }
}

/* A check's name as sp_render (with master.adm's, core/render/adm_out.c)
 * names it (a static string), or NULL. */
static const char *check_name(const char *s)
{
  static const char *const names[] = {"clipping",
                                      "null.version",
                                      "null",
                                      "loudness.integrated",
                                      "loudness.true_peak",
                                      "adm.render",
                                      "adm.null",
                                      "adm.profile.rate",
                                      "adm.profile.channels",
                                      "adm.profile.binaural",
                                      "adm.profile.loudness",
                                      "adm.profile.true_peak",
                                      "adm.profile.lfe",
                                      "adm.profile.start"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i]) == 0)
      return names[i];
  return NULL;
}

static void rresult(reader *rd, const sp_json *r, const sp_graph *g, sp_render_result *res)
{
  const char *was = rstr(rd, r, "out_dir");
  res->frames = rint_(rd, r, "frames");
  res->seconds = rnum(rd, r, "seconds");
  res->wall_seconds = rnum(rd, r, "wall_seconds");
  res->buffer_bytes = (size_t)rint_(rd, r, "buffer_bytes");
  res->tail_frames = rint_(rd, r, "tail_frames");
  res->tail_capped = rbool(rd, r, "tail_capped");
  res->latency = rint_(rd, r, "latency");
  size_t no;
  const sp_json *outs = rarr(rd, r, "outputs", &no);
  res->outputs = sp_xcalloc(no + 1, sizeof *res->outputs);
  for (size_t i = 0; rd->ok && i < no; i++) {
    const sp_json *e = sp_report_array_get(outs, i);
    sp_output_stats *s = &res->outputs[i];
    printed pr;
    if (!print_of(g, rstr(rd, e, "file"), &pr)) {
      fail(rd, "names a file this recipe does not print", "outputs");
      break;
    }
    const sp_output_plan *p = pr.plan;
    s->path = pr.path;
    s->name = p->name;
    s->is_mix = p->kind == SP_OUT_MIX;
    s->kind = p->kind;
    s->set = pr.set;
    s->decoded = sp_report_get(e, "decoded") && rbool(rd, e, "decoded"); /* since sets */
    s->frames = sp_report_get(e, "frames") ? rint_(rd, e, "frames") : 0;
    s->part = sp_report_get(e, "part") ? (int)rint_(rd, e, "part") : 0;
    size_t nch = 0;
    const sp_json *chs = sp_report_get(e, "by_channel") ? rarr(rd, e, "by_channel", &nch) : NULL;
    if (nch > SP_MAX_CHANNELS)
      fail(rd, "is too long", "by_channel");
    for (size_t c = 0; rd->ok && chs && c < nch; c++) {
      const sp_json *f = sp_report_array_get(chs, c);
      s->by_channel[c] = (sp_channel_figures){rnum(rd, f, "i"), rnum(rd, f, "tp"), rnum(rd, f, "pk")};
      s->n_channels = (int)c + 1;
    }
    s->sample_peak_dbfs = rnum(rd, e, "sample_peak_dbfs");
    s->unquantized_peak_dbfs = rnum(rd, e, "unquantized_peak_dbfs");
    s->clipped = rint_(rd, e, "clipped");
    s->measured = rbool(rd, e, "measured");
    const sp_json *l = sp_report_get(e, "loudness");
    if (!l)
      fail(rd, "is missing", "loudness");
    else
      rloudness(rd, l, &s->loudness);
    if (sp_report_get(e, "t_end_s")) {
      size_t ns = sp_report_array_size(sp_report_get(e, "t_end_s"));
      s->t_end_s = rdoubles(rd, e, "t_end_s", ns);
      s->momentary = rdoubles(rd, e, "momentary", ns);
      s->shortterm = rdoubles(rd, e, "shortterm", ns);
      s->n_series = ns;
    }
    res->n_outputs = i + 1;
  }
  size_t nv;
  const sp_json *vn = rarr(rd, r, "version_nulls", &nv);
  res->version_nulls = sp_xcalloc(nv + 1, sizeof *res->version_nulls);
  for (size_t i = 0; rd->ok && i < nv; i++) {
    const sp_json *e = sp_report_array_get(vn, i);
    sp_version_null *v = &res->version_nulls[i];
    const char *name = rstr(rd, e, "version");
    for (size_t k = 0; k < sp_graph_recipe(g)->n_versions; k++)
      if (strcmp(sp_graph_recipe(g)->versions[k].name, name) == 0)
        v->version = sp_graph_recipe(g)->versions[k].name;
    if (!v->version)
      fail(rd, "names a version this recipe does not have", "version_nulls");
    rnull(rd, sp_report_get(e, "null"), &v->null, was, sp_graph_out_dir(g));
    v->threshold_dbfs = rnum(rd, e, "threshold_dbfs");
    v->left_out_stems = rbool(rd, e, "left_out_stems");
    res->n_version_nulls = i + 1;
  }
  res->null_ran = rbool(rd, r, "null_ran");
  res->null_passed = rbool(rd, r, "null_passed");
  res->null_threshold_dbfs = rnum(rd, r, "null_threshold_dbfs");
  rnull(rd, sp_report_get(r, "null"), &res->null, was, sp_graph_out_dir(g));
  size_t nc;
  const sp_json *checks = rarr(rd, r, "checks", &nc);
  res->checks = sp_xcalloc(nc + 1, sizeof *res->checks);
  for (size_t i = 0; rd->ok && i < nc; i++) {
    const sp_json *e = sp_report_array_get(checks, i);
    sp_check *c = &res->checks[i];
    c->name = check_name(rstr(rd, e, "name"));
    if (!c->name)
      fail(rd, "names an unknown check", "checks");
    c->passed = rbool(rd, e, "passed");
    c->value = rnum(rd, e, "value");
    c->limit = rnum(rd, e, "limit");
    c->tolerance = rnum(rd, e, "tolerance");
    c->text = rebase(rstr(rd, e, "text"), was, sp_graph_out_dir(g));
    /* the rule's recipe path; an entry stored before checks had one: none */
    const char *path = sp_report_get_string(sp_report_get(e, "path"));
    c->path = path ? sp_xstrdup(path) : NULL;
    res->n_checks = i + 1;
  }
  res->normalized = rbool(rd, r, "normalized");
  res->normalize_measured_lufs = rnum(rd, r, "normalize_measured_lufs");
  res->normalize_gain_db = rnum(rd, r, "normalize_gain_db");
}

void sp_cache_files_free(sp_cache_file *files, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(files[i].file);
  free(files);
}

bool sp_cache_entry_read(const char *text, size_t len, const sp_job *job, const sp_graph *g,
                         sp_cache_file **files, size_t *n_files, sp_render_result *res, int *status,
                         char *why, size_t why_size)
{
  memset(res, 0, sizeof *res);
  *files = NULL;
  *n_files = 0;
  *status = 0;
  char jwhy[256];
  sp_json *o = sp_report_parse(text, len, jwhy, sizeof jwhy);
  if (!o) {
    snprintf(why, why_size, "not JSON (%s)", jwhy);
    return false;
  }
  reader rd = {.ok = true, .why = why, .why_size = why_size};
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&job->key, hex);
  if (strcmp(rstr(&rd, o, "schema"), SP_CACHE_SCHEMA) != 0)
    fail(&rd, "is not " SP_CACHE_SCHEMA, "schema");
  else if (strcmp(rstr(&rd, o, "key"), hex) != 0 || strcmp(rstr(&rd, o, "job"), job->text) != 0)
    fail(&rd, "is another job's", "key");
  *status = (int)rint_(&rd, o, "status");
  size_t nf;
  const sp_json *fs = rarr(&rd, o, "files", &nf);
  sp_cache_file *f = sp_xcalloc(nf + 1, sizeof *f);
  size_t got = 0;
  for (size_t i = 0; rd.ok && i < nf; i++) {
    const sp_json *e = sp_report_array_get(fs, i);
    const char *name = rstr(&rd, e, "file");
    if (!prints(g, name) || strchr(name, '/')) {
      fail(&rd, "names a file this recipe does not print", "files");
      break;
    }
    f[i].file = sp_xstrdup(name);
    f[i].size = rint_(&rd, e, "size");
    got = i + 1;
    if (!sp_digest_from_hex(rstr(&rd, e, "sha256"), &f[i].digest))
      fail(&rd, "is not a SHA-256", "sha256");
  }
  const sp_json *r = sp_report_get(o, "result");
  if (rd.ok && !r)
    fail(&rd, "is missing", "result");
  if (rd.ok)
    rresult(&rd, r, g, res);
  sp_report_free(o);
  if (!rd.ok) {
    sp_cache_files_free(f, got);
    sp_render_result_fini(res);
    return false;
  }
  *files = f;
  *n_files = nf;
  return true;
}
