/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a cache entry's manifest as a shared cache may hand it over
 * (a server's, a colleague's: input stemprint did not write), read for a
 * fixed recipe's job (io/report/cache_entry.c). Whatever it says, the reader
 * must refuse it or give a result that points only into the graph and
 * names only files the recipe prints; an entry it accepts is written again
 * and must read back. */

#include "core/graph/graph.h"
#include "core/job/job.h"
#include "tests/fuzz/fuzz_common.h"
#include "io/audio/media.h"
#include "io/cache/digests.h"
#include "io/recipe/parse.h"
#include "io/report/cache_entry.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sp_recipe *r;
static sp_graph *g;
static sp_job job;

static void once(void)
{
  const char *dir = fz_dir();
  char path[160], out[160];
  snprintf(path, sizeof path, "%s/cache.yaml", dir);
  snprintf(out, sizeof out, "%s/out", dir);
  sp_diags d;
  sp_diags_init(&d);
  if (sp_recipe_parse_string(
          path,
          "stemprint: 1\ntracks:\n  a: {file: mono.wav}\n  b: {file: stereo.wav}\n"
          "stems: {sa: [a], sb: [b]}\nversions: {onlya: {keep: [sa]}}\n",
          &r, &d) != SP_OK) {
    sp_diags_print(&d, stderr);
    abort();
  }
  sp_graph_opts o = {.out_dir = out};
  if (sp_graph_build(r, sp_audio_media(), &o, &g, &d) != SP_OK ||
      sp_job_build(g, &(sp_job_opts){.digest = sp_digest_index_file}, &job, &d) != SP_OK) {
    sp_diags_print(&d, stderr);
    abort();
  }
  sp_diags_fini(&d);
}

/* The input with "@KEY@" and "@JOB@" replaced by this build's key and job
 * text (escaped for JSON), so that seeds reach past the check that an
 * entry is this very job's whatever the build (heap, NUL-terminated). */
static char *with_job(const uint8_t *data, size_t size, size_t *len)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&job.key, hex);
  size_t jl = 0;
  for (const char *p = job.text; *p; p++)
    jl += (*p == '"' || *p == '\\') ? 2 : 1;
  char *esc = malloc(jl + 1), *e = esc;
  for (const char *p = job.text; *p; p++) {
    if (*p == '"' || *p == '\\')
      *e++ = '\\';
    *e++ = *p;
  }
  *e = '\0';
  /* sized by what the input holds: a bound of size / 5 stand-ins of the
   * longer text made a 3 MB allocation of a 5 kB input, mapped and unmapped
   * by AddressSanitizer at every run (half the target's time) */
  size_t cap = size + 1, n = 0;
  for (size_t i = 0; i + 5 <= size; i++)
    if (memcmp(data + i, "@KEY@", 5) == 0 || memcmp(data + i, "@JOB@", 5) == 0)
      cap += data[i + 1] == 'K' ? 64 : jl;
  char *out = malloc(cap);
  for (size_t i = 0; i < size;) {
    if (i + 5 <= size && memcmp(data + i, "@KEY@", 5) == 0) {
      memcpy(out + n, hex, 64);
      n += 64;
      i += 5;
    } else if (i + 5 <= size && memcmp(data + i, "@JOB@", 5) == 0) {
      memcpy(out + n, esc, jl);
      n += jl;
      i += 5;
    } else {
      out[n++] = (char)data[i++];
    }
  }
  out[n] = '\0';
  free(esc);
  *len = n;
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *raw, size_t raw_size)
{
  if (!g)
    once();
  size_t size;
  char *data = with_job(raw, raw_size, &size);
  sp_cache_file *files;
  size_t n;
  sp_render_result res;
  int status;
  char why[512];
  bool ok = sp_cache_entry_read(data, size, &job, g, &files, &n, &res, &status, why, sizeof why);
  free(data);
  if (!ok)
    return 0;
  char *text = sp_cache_entry_text(&job, g, files, n, &res, status);
  sp_cache_file *files2;
  size_t n2;
  sp_render_result res2;
  int status2;
  if (!sp_cache_entry_read(text, strlen(text), &job, g, &files2, &n2, &res2, &status2, why,
                           sizeof why)) {
    fprintf(stderr, "an accepted entry does not read back: %s\n", why);
    abort();
  }
  if (n2 != n || status2 != status || res2.n_outputs != res.n_outputs)
    abort();
  sp_cache_files_free(files2, n2);
  sp_render_result_fini(&res2);
  free(text);
  sp_cache_files_free(files, n);
  sp_render_result_fini(&res);
  return 0;
}
