/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_H
#define SP_REPORT_H

/* JSON reports (docs/verify.md), the only module that includes <jansson.h>.
 *
 * The objects whose keys are the contract — a file's loudness, the null
 * test — are built here from the measurements; commands compose them with
 * the small builders below. Levels that do not exist (silence, a window
 * never filled) and non-finite numbers are written as null, never as a
 * string or a made-up floor. Builders that take a value take ownership of
 * it; sp_report_free frees a whole tree. */

#include "core/base/diag.h"
#include "core/base/digest.h"
#include "core/measure/meter.h"
#include "core/measure/nulltest.h"
#include "core/media/media.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct json_t sp_json;

sp_json *sp_report_object(void);
sp_json *sp_report_array(void);
/* A number; null when v is NaN or infinite. */
sp_json *sp_report_number(double v);
sp_json *sp_report_int(int64_t v);
sp_json *sp_report_string(const char *s);
/* d as a string of hex digits. */
sp_json *sp_report_digest(const sp_digest *d);
sp_json *sp_report_bool(bool b);
/* obj[key] = value (takes value). */
void sp_report_set(sp_json *obj, const char *key, sp_json *value);
/* arr += value (takes value). */
void sp_report_append(sp_json *arr, sp_json *value);
void sp_report_free(sp_json *j);
/* Element i of an array (borrowed), or NULL. */
sp_json *sp_report_array_get(const sp_json *arr, size_t i);

/* ---- objects from tables (AVOption's habit) ------------------------------ */

typedef enum sp_report_kind {
  SP_REPORT_REAL,   /* double; not finite: null, or in an exact table "inf", "-inf", "nan" */
  SP_REPORT_I64,    /* int64_t */
  SP_REPORT_INT,    /* int */
  SP_REPORT_SIZE,   /* size_t */
  SP_REPORT_BOOL,   /* bool */
  SP_REPORT_STR,    /* a char pointer; NULL: null */
  SP_REPORT_NAME,   /* a char array */
  SP_REPORT_DIGEST, /* an sp_digest, as hex */
} sp_report_kind;

/* A key and the struct member it is made from (io/report/cache_entry.c
 * reads it back); a table ends with a row whose key is NULL. */
typedef struct sp_report_field {
  const char *key;
  sp_report_kind kind;
  size_t offset, size;
} sp_report_field;

#define SP_REPORT_FIELD(type, member, kind, key)                                                   \
  {                                                                                                \
    (key), SP_REPORT_##kind, offsetof(type, member), sizeof(((type *)0)->member)                   \
  }

/* Set the fields f of the struct at base in obj, in order; exact: a real
 * as sp_report_exact writes it. */
void sp_report_fields(sp_json *obj, const void *base, const sp_report_field *f, bool exact);
/* An array of n objects, each the fields f of base + i * stride. */
sp_json *sp_report_rows(const void *base, size_t n, size_t stride, const sp_report_field *f,
                        bool exact);
/* v as a number when it is finite, else "inf", "-inf" or "nan" (data for
 * a program, which must tell -inf dBFS of silence from an unknown). */
sp_json *sp_report_exact(double v);
/* An sp_null_spot's t_s, band_hz, level_dbfs. */
extern const sp_report_field sp_report_spot_fields[];

/* The per-file object: path, frames, channels, sample_rate, format and the
 * loudness fields (docs/verify.md, "The report's objects"). */
sp_json *sp_report_loudness(const char *path, const sp_audio_info *info, const sp_loudness *l);
/* The loudness fields alone (for an album). */
sp_json *sp_report_loudness_fields(const sp_loudness *l);
/* Set "layout" (its name) on a file's object x and, when n > 0, "by_channel":
 * each channel's figures [{channel, integrated_lufs, true_peak_dbtp,
 * sample_peak_dbfs}] named by the layout. */
void sp_report_set_channels(sp_json *x, const sp_layout *layout, const sp_channel_figures *f,
                            int n);

/* The null object: passed, max_residual_dbfs, residual_peak_dbfs,
 * residual_rms_dbfs, lag_samples, gain_db, worst, and beside them the
 * files, clipping (clipped, mix_clipped_samples, each stem's
 * clipped_samples, residual_unclipped_peak_dbfs), each stem's fit and the
 * findings. */
sp_json *sp_report_null(const sp_null_result *n, const char *mix, const char *const *stems);

/* The text of j, indented, ending in a newline (free it). */
char *sp_report_dump(const sp_json *j);
/* Print j to f. */
void sp_report_print(const sp_json *j, FILE *f);
/* Write j to path safely (temporary file, then rename). */
sp_err sp_report_write(const sp_json *j, const char *path, char *why, size_t why_size);

/* ---- data for programs (a cache entry's manifest) ----------------------- */

/* The text of j on one line, every real to 17 significant digits, so that
 * reading it back gives the same doubles (free it). */
char *sp_report_dump_exact(const sp_json *j);
/* Parse n bytes of JSON; NULL with why (line, column, what) when they are
 * not. */
sp_json *sp_report_parse(const char *text, size_t n, char *why, size_t why_size);
/* obj[key] (borrowed), NULL when obj is not an object or has no such key. */
sp_json *sp_report_get(const sp_json *obj, const char *key);
/* The length of an array; 0 for anything else. */
size_t sp_report_array_size(const sp_json *arr);
/* One more reference to j (each sp_report_free drops one): j set twice. */
sp_json *sp_report_incref(sp_json *j);
/* Every key of from set in obj (each value shared). */
void sp_report_merge(sp_json *obj, const sp_json *from);
bool sp_report_is_array(const sp_json *j);
/* j's value when it is of the kind (a number: an integer or a real);
 * false (NULL) otherwise. */
bool sp_report_get_number(const sp_json *j, double *v);
bool sp_report_get_int(const sp_json *j, int64_t *v);
const char *sp_report_get_string(const sp_json *j);
bool sp_report_get_bool(const sp_json *j, bool *v);

#endif
