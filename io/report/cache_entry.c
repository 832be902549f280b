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

/* ---- the fields --------------------------------------------------------- */

/* Most keys are their members' names: LOUD(frames, I64) writes
 * sp_loudness's frames as "frames", a whole number. */
#define LOUD(m, kind) SP_REPORT_FIELD(sp_loudness, m, kind, #m)
#define NUL(m, kind) SP_REPORT_FIELD(sp_null_result, m, kind, #m)
#define STEM(m, kind) SP_REPORT_FIELD(sp_null_stem, m, kind, #m)
#define RES(m, kind) SP_REPORT_FIELD(sp_render_result, m, kind, #m)
#define OUT(m, kind) SP_REPORT_FIELD(sp_output_stats, m, kind, #m)
#define CHECK(m, kind) SP_REPORT_FIELD(sp_check, m, kind, #m)

static const sp_report_field loudness_fields[] = {LOUD(integrated_lufs, REAL),
                                                  LOUD(range_lu, REAL),
                                                  LOUD(momentary_max_lufs, REAL),
                                                  LOUD(shortterm_max_lufs, REAL),
                                                  LOUD(true_peak_dbtp, REAL),
                                                  LOUD(sample_peak_dbfs, REAL),
                                                  LOUD(clipped, I64),
                                                  LOUD(frames, I64),
                                                  {0}};

static const sp_report_field null_fields[] = {NUL(frames, I64),
                                              NUL(channels, INT),
                                              NUL(sample_rate, INT),
                                              NUL(passed, BOOL),
                                              NUL(threshold_dbfs, REAL),
                                              NUL(residual_peak_dbfs, REAL),
                                              NUL(residual_rms_dbfs, REAL),
                                              NUL(mix_peak_dbfs, REAL),
                                              NUL(mix_rms_dbfs, REAL),
                                              NUL(clipped, BOOL),
                                              NUL(mix_clipped, I64),
                                              NUL(residual_unclipped_peak_dbfs, REAL),
                                              NUL(searched, BOOL),
                                              NUL(lag_frames, I64),
                                              NUL(gain_db, REAL),
                                              NUL(inverted, BOOL),
                                              NUL(fixed_dbfs, REAL),
                                              NUL(mix_correlation, REAL),
                                              {0}};

static const sp_report_field channel_fields[] = {
    SP_REPORT_FIELD(sp_null_channel, name, NAME, "name"),
    SP_REPORT_FIELD(sp_null_channel, residual_peak_dbfs, REAL, "peak"),
    SP_REPORT_FIELD(sp_null_channel, residual_rms_dbfs, REAL, "rms"),
    SP_REPORT_FIELD(sp_null_channel, gain_db, REAL, "gain"),
    {0}};

static const sp_report_field stem_fields[] = {
    STEM(frames, I64),   STEM(clipped, I64),   STEM(analysed, BOOL),   STEM(lag_frames, I64),
    STEM(gain_db, REAL), STEM(inverted, BOOL), STEM(fixed_dbfs, REAL), {0}};

static const sp_report_field file_fields[] = {
    SP_REPORT_FIELD(sp_cache_file, file, STR, "file"),
    SP_REPORT_FIELD(sp_cache_file, size, I64, "size"),
    SP_REPORT_FIELD(sp_cache_file, digest, DIGEST, "sha256"),
    {0}};

/* The result's, before its outputs, after its version nulls, and last. */
static const sp_report_field result_head[] = {
    RES(frames, I64),      RES(seconds, REAL),     RES(wall_seconds, REAL), RES(buffer_bytes, SIZE),
    RES(tail_frames, I64), RES(tail_capped, BOOL), RES(latency, I64),       {0}};
static const sp_report_field result_null[] = {
    RES(null_ran, BOOL), RES(null_passed, BOOL), RES(null_threshold_dbfs, REAL), {0}};
static const sp_report_field result_tail[] = {
    RES(normalized, BOOL), RES(normalize_measured_lufs, REAL), RES(normalize_gain_db, REAL), {0}};

/* An output's; its file is named by the graph, decoded is optional (an
 * entry stored before sets has none), frames and part are written when
 * they are set. */
static const sp_report_field output_fields[] = {OUT(sample_peak_dbfs, REAL),
                                                OUT(unquantized_peak_dbfs, REAL),
                                                OUT(clipped, I64),
                                                OUT(measured, BOOL),
                                                {0}};

static const sp_report_field figure_fields[] = {
    SP_REPORT_FIELD(sp_channel_figures, integrated_lufs, REAL, "i"),
    SP_REPORT_FIELD(sp_channel_figures, true_peak_dbtp, REAL, "tp"),
    SP_REPORT_FIELD(sp_channel_figures, sample_peak_dbfs, REAL, "pk"),
    {0}};

static const sp_report_field version_fields[] = {
    SP_REPORT_FIELD(sp_version_null, threshold_dbfs, REAL, "threshold_dbfs"),
    SP_REPORT_FIELD(sp_version_null, left_out_stems, BOOL, "left_out_stems"),
    {0}};

/* A check's; its name, text and path are read apart. */
static const sp_report_field check_fields[] = {
    CHECK(name, STR),       CHECK(passed, BOOL), CHECK(value, REAL), CHECK(limit, REAL),
    CHECK(tolerance, REAL), CHECK(text, STR),    CHECK(path, STR),   {0}};

/* ---- writing ------------------------------------------------------------- */

static sp_json *doubles(const double *v, size_t n)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(a, sp_report_exact(v[i]));
  return a;
}

static sp_json *object(const void *base, const sp_report_field *f)
{
  sp_json *o = sp_report_object();
  sp_report_fields(o, base, f, true);
  return o;
}

static sp_json *null_result(const sp_null_result *n)
{
  sp_json *o = object(n, null_fields);
  sp_report_set(o, "band_dbfs", doubles(n->band_dbfs, SP_NULL_BANDS));
  sp_report_set(o, "by_channel",
                sp_report_rows(n->by_channel, n->channels > 0 ? (size_t)n->channels : 0,
                               sizeof *n->by_channel, channel_fields, true));
  sp_report_set(
      o, "worst",
      sp_report_rows(n->worst, n->n_worst, sizeof *n->worst, sp_report_spot_fields, true));
  sp_report_set(o, "stems",
                sp_report_rows(n->stems, n->n_stems, sizeof *n->stems, stem_fields, true));
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

/* Whether job writes a file named file: one of its outputs (an output's,
 * a set's, one of master.adm's, a hardware insert's send). */
static bool job_prints(const sp_job *job, const char *file)
{
  for (size_t i = 0; i < job->n_outputs; i++)
    if (strcmp(job->outputs[i].file, file) == 0)
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
  sp_report_set(o, "files", sp_report_rows(files, n, sizeof *files, file_fields, true));
  sp_json *r = sp_report_object();
  /* The folder the render printed into: its checks' sentences name its
   * files by path, and a hit elsewhere names its own folder instead. */
  sp_report_set(r, "out_dir", sp_report_string(sp_graph_out_dir(g)));
  sp_report_fields(r, res, result_head, true);
  sp_json *outs = sp_report_array();
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *s = &res->outputs[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "file", sp_report_string(file_of(g, s->path)));
    sp_report_fields(e, s, output_fields, true);
    sp_report_set(e, "decoded", sp_report_bool(s->decoded));
    if (s->frames > 0)
      sp_report_set(e, "frames", sp_report_int(s->frames));
    if (s->part > 0)
      sp_report_set(e, "part", sp_report_int(s->part));
    if (s->n_channels > 0)
      sp_report_set(e, "by_channel",
                    sp_report_rows(s->by_channel, (size_t)s->n_channels, sizeof *s->by_channel,
                                   figure_fields, true));
    sp_report_set(e, "loudness", object(&s->loudness, loudness_fields));
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
    sp_report_fields(e, v, version_fields, true);
    sp_report_append(vn, e);
  }
  sp_report_set(r, "version_nulls", vn);
  sp_report_fields(r, res, result_null, true);
  sp_report_set(r, "null", null_result(&res->null));
  sp_report_set(
      r, "checks",
      sp_report_rows(res->checks, res->n_checks, sizeof *res->checks, check_fields, true));
  sp_report_fields(r, res, result_tail, true);
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

/* The fields f of o into the struct at base, as sp_report_fields wrote
 * them; a string (STR) is the caller's to read. */
static void read_fields(reader *rd, const sp_json *o, void *base, const sp_report_field *f)
{
  for (; rd->ok && f->key; f++) {
    char *m = (char *)base + f->offset;
    const sp_json *j = sp_report_get(o, f->key);
    const char *s = sp_report_get_string(j), *what = "is not a whole number";
    int64_t i = 0;
    bool ok = true;
    switch (f->kind) {
    case SP_REPORT_REAL:
      ok = as_double(j, (double *)m);
      what = "is not a number";
      break;
    case SP_REPORT_I64: ok = sp_report_get_int(j, (int64_t *)m); break;
    case SP_REPORT_INT:
      ok = sp_report_get_int(j, &i);
      *(int *)m = (int)i;
      break;
    case SP_REPORT_SIZE:
      ok = sp_report_get_int(j, &i);
      *(size_t *)m = (size_t)i;
      break;
    case SP_REPORT_BOOL:
      ok = sp_report_get_bool(j, (bool *)m);
      what = "is not true or false";
      break;
    case SP_REPORT_STR: break;
    case SP_REPORT_NAME:
      ok = s != NULL;
      snprintf(m, f->size, "%s", s ? s : "");
      what = "is not a string";
      break;
    case SP_REPORT_DIGEST:
      ok = s && sp_digest_from_hex(s, (sp_digest *)m);
      what = s ? "is not a SHA-256" : "is not a string";
      break;
    }
    if (!ok)
      fail(rd, what, f->key);
  }
}

/* The list o[key], each element read with f into a new array of stride
 * bytes an element (zeroed, one more than it holds); *n: its length. */
static void *read_rows(reader *rd, const sp_json *o, const char *key, const sp_report_field *f,
                       size_t stride, size_t *n)
{
  const sp_json *a = rarr(rd, o, key, n);
  char *v = sp_xcalloc(*n + 1, stride);
  for (size_t i = 0; rd->ok && i < *n; i++)
    read_fields(rd, sp_report_array_get(a, i), v + i * stride, f);
  return v;
}

/* read_rows into an array of at most max elements at into: how many. */
static size_t read_fixed(reader *rd, const sp_json *o, const char *key, const sp_report_field *f,
                         void *into, size_t stride, size_t max)
{
  size_t n;
  if (sp_report_array_size(sp_report_get(o, key)) > max)
    fail(rd, "is too long", key);
  void *v = read_rows(rd, o, key, f, stride, &n);
  if (rd->ok)
    memcpy(into, v, n * stride);
  free(v);
  return rd->ok ? n : 0;
}

static void rnull(reader *rd, const sp_json *o, sp_null_result *n, const char *was, const char *now)
{
  memset(n, 0, sizeof *n);
  if (!o) {
    fail(rd, "is missing", "null");
    return;
  }
  read_fields(rd, o, n, null_fields);
  double *bands = rdoubles(rd, o, "band_dbfs", SP_NULL_BANDS);
  if (bands)
    memcpy(n->band_dbfs, bands, sizeof n->band_dbfs);
  free(bands);
  const sp_json *chs = sp_report_get(o, "by_channel"); /* an entry a channel each */
  if (sp_report_is_array(chs) &&
      (sp_report_array_size(chs) != (size_t)n->channels || n->channels < 0)) {
    fail(rd, "does not match 'channels'", "by_channel");
    n->channels = 0;
  }
  size_t nch;
  n->by_channel = read_rows(rd, o, "by_channel", channel_fields, sizeof *n->by_channel, &nch);
  n->n_worst =
      read_fixed(rd, o, "worst", sp_report_spot_fields, n->worst, sizeof *n->worst, SP_NULL_WORST);
  n->stems = read_rows(rd, o, "stems", stem_fields, sizeof *n->stems, &n->n_stems);
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
  const char *was = rstr(rd, r, "out_dir"), *now = sp_graph_out_dir(g);
  read_fields(rd, r, res, result_head);
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
    s->path = pr.path;
    s->name = pr.plan->name;
    s->is_mix = pr.plan->kind == SP_OUT_MIX;
    s->kind = pr.plan->kind;
    s->set = pr.set;
    read_fields(rd, e, s, output_fields);
    s->decoded = sp_report_get(e, "decoded") && rbool(rd, e, "decoded"); /* since sets */
    s->frames = sp_report_get(e, "frames") ? rint_(rd, e, "frames") : 0;
    s->part = sp_report_get(e, "part") ? (int)rint_(rd, e, "part") : 0;
    if (sp_report_get(e, "by_channel"))
      s->n_channels = (int)read_fixed(rd, e, "by_channel", figure_fields, s->by_channel,
                                      sizeof *s->by_channel, SP_MAX_CHANNELS);
    const sp_json *l = sp_report_get(e, "loudness");
    if (!l)
      fail(rd, "is missing", "loudness");
    else
      read_fields(rd, l, &s->loudness, loudness_fields);
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
    rnull(rd, sp_report_get(e, "null"), &v->null, was, now);
    read_fields(rd, e, v, version_fields);
    res->n_version_nulls = i + 1;
  }
  read_fields(rd, r, res, result_null);
  rnull(rd, sp_report_get(r, "null"), &res->null, was, now);
  res->checks = read_rows(rd, r, "checks", check_fields, sizeof *res->checks, &res->n_checks);
  for (size_t i = 0; rd->ok && i < res->n_checks; i++) {
    const sp_json *e = sp_report_array_get(sp_report_get(r, "checks"), i);
    sp_check *c = &res->checks[i];
    c->name = check_name(rstr(rd, e, "name"));
    if (!c->name)
      fail(rd, "names an unknown check", "checks");
    c->text = rebase(rstr(rd, e, "text"), was, now);
    /* the rule's recipe path; an entry stored before checks had one: none */
    const char *path = sp_report_get_string(sp_report_get(e, "path"));
    c->path = path ? sp_xstrdup(path) : NULL;
  }
  read_fields(rd, r, res, result_tail);
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
  for (size_t i = 0; rd.ok && i < nf; i++) {
    const sp_json *e = sp_report_array_get(fs, i);
    const char *name = rstr(&rd, e, "file");
    if (!job_prints(job, name))
      fail(&rd, "names a file this recipe does not print", "files");
    else
      f[i].file = sp_xstrdup(name);
    read_fields(&rd, e, &f[i], file_fields);
  }
  const sp_json *r = sp_report_get(o, "result");
  if (rd.ok && !r)
    fail(&rd, "is missing", "result");
  if (rd.ok)
    rresult(&rd, r, g, res);
  sp_report_free(o);
  if (!rd.ok) {
    sp_cache_files_free(f, nf);
    sp_render_result_fini(res);
    return false;
  }
  *files = f;
  *n_files = nf;
  return true;
}
