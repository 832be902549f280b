/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON reports with jansson. Numbers are printed with 10 significant
 * digits: enough for any level, without float noise like -23.000000000004. */

#include "io/report/report.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/fs/fs.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jansson returns NULL only when it cannot allocate. */
static json_t *must(json_t *j)
{
  if (!j) {
    fputs("stemprint: fatal: out of memory building a JSON report\n", stderr);
    abort();
  }
  return j;
}

sp_json *sp_report_object(void) { return must(json_object()); }
sp_json *sp_report_array(void) { return must(json_array()); }

sp_json *sp_report_number(double v) { return must(isfinite(v) ? json_real(v) : json_null()); }

sp_json *sp_report_int(int64_t v) { return must(json_integer((json_int_t)v)); }

/* s as valid UTF-8, heap: each byte that starts no UTF-8 sequence
 * replaced by U+FFFD. */
static char *valid_utf8(const char *s)
{
  const unsigned char *u = (const unsigned char *)s;
  char *clean = sp_xmalloc(3 * strlen(s) + 1), *o = clean;
  while (*u) {
    const size_t n = sp_utf8_at(u);
    if (n) {
      memcpy(o, u, n);
      o += n;
      u += n;
    } else {
      memcpy(o, "\xef\xbf\xbd", 3);
      o += 3;
      u++;
    }
  }
  *o = '\0';
  return clean;
}

/* A JSON string holds UTF-8 only: a text that is not (a file name in
 * Latin-1, a session's stray byte) is written with U+FFFD for each byte
 * that is not. */
sp_json *sp_report_string(const char *s)
{
  if (!s)
    return must(json_null());
  json_t *j = json_string(s);
  if (j)
    return j;
  char *clean = valid_utf8(s);
  j = must(json_string(clean));
  free(clean);
  return j;
}

sp_json *sp_report_digest(const sp_digest *d)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(d, hex);
  return sp_report_string(hex);
}

sp_json *sp_report_bool(bool b) { return must(json_boolean(b)); }

void sp_report_set(sp_json *obj, const char *key, sp_json *value)
{
  if (json_object_set_new(obj, key, value) != 0)
    must(NULL);
}

void sp_report_append(sp_json *arr, sp_json *value)
{
  if (json_array_append_new(arr, value) != 0)
    must(NULL);
}

void sp_report_free(sp_json *j) { json_decref(j); }

sp_json *sp_report_array_get(const sp_json *arr, size_t i) { return json_array_get(arr, i); }

sp_json *sp_report_exact(double v)
{
  if (isfinite(v))
    return sp_report_number(v);
  return sp_report_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

void sp_report_fields(sp_json *obj, const void *base, const sp_report_field *f, bool exact)
{
  for (; f->key; f++) {
    const void *m = (const char *)base + f->offset;
    sp_json *v = NULL;
    switch (f->kind) {
    case SP_REPORT_REAL:
      v = exact ? sp_report_exact(*(const double *)m) : sp_report_number(*(const double *)m);
      break;
    case SP_REPORT_I64: v = sp_report_int(*(const int64_t *)m); break;
    case SP_REPORT_INT: v = sp_report_int(*(const int *)m); break;
    case SP_REPORT_SIZE: v = sp_report_int((int64_t) * (const size_t *)m); break;
    case SP_REPORT_BOOL: v = sp_report_bool(*(const bool *)m); break;
    case SP_REPORT_STR: v = sp_report_string(*(const char *const *)m); break;
    case SP_REPORT_NAME: v = sp_report_string((const char *)m); break;
    case SP_REPORT_DIGEST: v = sp_report_digest((const sp_digest *)m); break;
    }
    sp_report_set(obj, f->key, v);
  }
}

sp_json *sp_report_rows(const void *base, size_t n, size_t stride, const sp_report_field *f,
                        bool exact)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++) {
    sp_json *o = sp_report_object();
    sp_report_fields(o, (const char *)base + i * stride, f, exact);
    sp_report_append(a, o);
  }
  return a;
}

#define SPOT(member) SP_REPORT_FIELD(sp_null_spot, member, REAL, #member)
const sp_report_field sp_report_spot_fields[] = {SPOT(t_s), SPOT(band_hz), SPOT(level_dbfs), {0}};

static const sp_report_field loudness_fields[] = {
    SP_REPORT_FIELD(sp_loudness, integrated_lufs, REAL, "integrated_lufs"),
    SP_REPORT_FIELD(sp_loudness, range_lu, REAL, "loudness_range_lu"),
    SP_REPORT_FIELD(sp_loudness, momentary_max_lufs, REAL, "momentary_max_lufs"),
    SP_REPORT_FIELD(sp_loudness, shortterm_max_lufs, REAL, "shortterm_max_lufs"),
    SP_REPORT_FIELD(sp_loudness, true_peak_dbtp, REAL, "true_peak_dbtp"),
    SP_REPORT_FIELD(sp_loudness, sample_peak_dbfs, REAL, "sample_peak_dbfs"),
    SP_REPORT_FIELD(sp_loudness, clipped, I64, "clipped_samples"),
    {0}};

sp_json *sp_report_loudness_fields(const sp_loudness *l)
{
  json_t *o = sp_report_object();
  sp_report_fields(o, l, loudness_fields, false);
  return o;
}

void sp_report_set_channels(sp_json *x, const sp_layout *layout, const sp_channel_figures *f, int n)
{
  sp_report_set(x, "layout", sp_report_string(layout->name));
  if (n <= 0)
    return;
  sp_json *chs = sp_report_array();
  for (int c = 0; c < n; c++) {
    sp_json *co = sp_report_object();
    sp_report_set(co, "channel", sp_report_string(layout->ch[c].name));
    sp_report_set(co, "integrated_lufs", sp_report_number(f[c].integrated_lufs));
    sp_report_set(co, "true_peak_dbtp", sp_report_number(f[c].true_peak_dbtp));
    sp_report_set(co, "sample_peak_dbfs", sp_report_number(f[c].sample_peak_dbfs));
    sp_report_append(chs, co);
  }
  sp_report_set(x, "by_channel", chs);
}

sp_json *sp_report_loudness(const char *path, const sp_audio_info *info, const sp_loudness *l)
{
  json_t *o = sp_report_object();
  sp_report_set(o, "path", sp_report_string(path));
  sp_report_set(o, "frames", sp_report_int(info->frames));
  sp_report_set(o, "channels", sp_report_int(info->channels));
  sp_report_set(o, "sample_rate", sp_report_int(info->sample_rate));
  sp_report_set(o, "format", sp_report_string(info->format));
  sp_report_fields(o, l, loudness_fields, false);
  return o;
}

static const sp_report_field channel_fields[] = {
    SP_REPORT_FIELD(sp_null_channel, name, NAME, "channel"),
    SP_REPORT_FIELD(sp_null_channel, residual_peak_dbfs, REAL, "residual_peak_dbfs"),
    SP_REPORT_FIELD(sp_null_channel, residual_rms_dbfs, REAL, "residual_rms_dbfs"),
    SP_REPORT_FIELD(sp_null_channel, gain_db, REAL, "gain_db"),
    {0}};

sp_json *sp_report_null(const sp_null_result *n, const char *mix, const char *const *stems)
{
  json_t *o = sp_report_object();
  sp_report_set(o, "passed", sp_report_bool(n->passed));
  sp_report_set(o, "max_residual_dbfs", sp_report_number(n->threshold_dbfs));
  sp_report_set(o, "residual_peak_dbfs", sp_report_number(n->residual_peak_dbfs));
  sp_report_set(o, "residual_rms_dbfs", sp_report_number(n->residual_rms_dbfs));
  sp_report_set(o, "lag_samples", sp_report_int(n->lag_frames));
  sp_report_set(o, "gain_db", sp_report_number(n->gain_db));
  sp_report_set(
      o, "worst",
      sp_report_rows(n->worst, n->n_worst, sizeof *n->worst, sp_report_spot_fields, false));
  sp_report_set(o, "mix", sp_report_string(mix));
  sp_report_set(o, "lag_searched", sp_report_bool(n->searched));
  sp_report_set(o, "inverted", sp_report_bool(n->inverted));
  sp_report_set(o, "mix_correlation", sp_report_number(n->mix_correlation));
  sp_report_set(o, "clipped", sp_report_bool(n->clipped));
  sp_report_set(o, "mix_clipped_samples", sp_report_int(n->mix_clipped));
  sp_report_set(o, "residual_unclipped_peak_dbfs",
                sp_report_number(n->residual_unclipped_peak_dbfs));
  if (n->searched) {
    json_t *bands = sp_report_array();
    for (int j = 0; j < SP_NULL_BANDS; j++) {
      json_t *b = sp_report_object();
      sp_report_set(b, "band_hz", sp_report_number(sp_null_band_hz[j]));
      sp_report_set(b, "level_dbfs", sp_report_number(n->band_dbfs[j]));
      sp_report_append(bands, b);
    }
    sp_report_set(o, "bands", bands);
  } else { /* the key always there (review 29 F4): null, not measured (no lag searched) */
    sp_report_set(o, "bands", json_null());
  }
  json_t *st = sp_report_array();
  for (size_t i = 0; i < n->n_stems; i++) {
    const sp_null_stem *s = &n->stems[i];
    json_t *so = sp_report_object();
    sp_report_set(so, "path", sp_report_string(stems ? stems[i] : NULL));
    sp_report_set(so, "frames", sp_report_int(s->frames));
    sp_report_set(so, "clipped_samples", sp_report_int(s->clipped));
    if (s->analysed) {
      sp_report_set(so, "lag_samples", sp_report_int(s->lag_frames));
      sp_report_set(so, "gain_db", sp_report_number(s->gain_db));
      sp_report_set(so, "inverted", sp_report_bool(s->inverted));
    }
    sp_report_append(st, so);
  }
  sp_report_set(o, "stems", st);
  sp_report_set(o, "by_channel",
                sp_report_rows(n->by_channel, n->channels > 0 ? (size_t)n->channels : 0,
                               sizeof *n->by_channel, channel_fields, false));
  json_t *f = sp_report_array();
  for (size_t i = 0; i < n->n_findings; i++)
    sp_report_append(f, sp_report_string(n->findings[i]));
  sp_report_set(o, "findings", f);
  return o;
}

char *sp_report_dump(const sp_json *j)
{
  char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
  if (!text)
    must(NULL); /* a NULL dump means out of memory */
  size_t n = strlen(text);
  char *out = realloc(text, n + 2);
  if (!out)
    must(NULL);
  out[n] = '\n';
  out[n + 1] = '\0';
  return out;
}

void sp_report_print(const sp_json *j, FILE *f)
{
  char *text = sp_report_dump(j);
  fputs(text, f);
  free(text);
}

sp_err sp_report_write(const sp_json *j, const char *path, char *why, size_t why_size)
{
  char *text = sp_report_dump(j);
  sp_err err = sp_fs_write_text(path, text, why, why_size);
  free(text);
  return err;
}

char *sp_report_dump_exact(const sp_json *j)
{
  char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  if (!text)
    must(NULL);
  return text;
}

sp_json *sp_report_parse(const char *text, size_t n, char *why, size_t why_size)
{
  json_error_t e;
  json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &e);
  if (!j)
    snprintf(why, why_size, "line %d, column %d: %s", e.line, e.column, e.text);
  return j;
}

sp_json *sp_report_get(const sp_json *obj, const char *key)
{
  return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

size_t sp_report_array_size(const sp_json *arr)
{
  return json_is_array(arr) ? json_array_size(arr) : 0;
}

bool sp_report_is_array(const sp_json *j) { return json_is_array(j); }

bool sp_report_get_number(const sp_json *j, double *v)
{
  if (!json_is_number(j))
    return false;
  *v = json_number_value(j);
  return true;
}

bool sp_report_get_int(const sp_json *j, int64_t *v)
{
  if (!json_is_integer(j))
    return false;
  *v = (int64_t)json_integer_value(j);
  return true;
}

const char *sp_report_get_string(const sp_json *j)
{
  return json_is_string(j) ? json_string_value(j) : NULL;
}

bool sp_report_get_bool(const sp_json *j, bool *v)
{
  if (!json_is_boolean(j))
    return false;
  *v = json_is_true(j);
  return true;
}

sp_json *sp_report_incref(sp_json *j) { return json_incref(j); }

void sp_report_merge(sp_json *obj, const sp_json *from) { json_object_update(obj, (json_t *)from); }
