/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CACHE_ENTRY_H
#define SP_CACHE_ENTRY_H

/* A cache entry's manifest (schema stemprint-cache/1, docs/cache.md): the
 * job it is for (its key and text), the files the render printed (name,
 * size, SHA-256), the exit status it returned and its whole result (every
 * output's peaks and loudness, the null tests, the checks), every number
 * written so that it reads back as the same double. A render served from
 * the cache prints, reports and judges exactly what the render did. */

#include "core/job/job.h"
#include "core/render/render.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_CACHE_SCHEMA "stemprint-cache/1"

typedef struct sp_cache_file {
  char *file; /* its name in the output folder */
  int64_t size;
  sp_digest digest;
} sp_cache_file;

/* The manifest of job's render of g (heap string): files[n] as printed,
 * res and status as sp_render returned them. */
char *sp_cache_entry_text(const sp_job *job, const sp_graph *g, const sp_cache_file *files,
                          size_t n, const sp_render_result *res, int status);

/* Read a manifest of job for g: the files (free with sp_cache_files_free),
 * the result (its strings pointing into g as a render's do; finalise it
 * with sp_render_result_fini) and the status. false with why when it is
 * not a manifest of this very job (another key or job text, a field
 * missing or of the wrong kind, a file g does not print). */
bool sp_cache_entry_read(const char *text, size_t len, const sp_job *job, const sp_graph *g,
                         sp_cache_file **files, size_t *n_files, sp_render_result *res, int *status,
                         char *why, size_t why_size);
void sp_cache_files_free(sp_cache_file *files, size_t n);

#endif
