/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CMD_CACHE_H
#define SP_CMD_CACHE_H

/* render --cache (cmd/cache.c): a render served from a cache of renders,
 * with the all-or-nothing guarantee of a render, or a render's files and
 * result stored in it. */

#include "core/job/job.h"
#include "core/render/render.h"
#include "io/cache/cache.h"

#include <signal.h>

/* Materialise job's render of g from c into g's output folder: every file
 * checked against its digest, all committed together (io/outdir/outdir.h); a
 * file the digest index ix knows to be in place already is left as it
 * is (ix may be NULL: every file is copied). res
 * and *status as the render returned them (res->removed as this commit
 * found), and into d what the render said as it landed its files: the
 * hardware inserts whose sends it wrote (sp_print_sends_said), a record of
 * prints it could not use. Anything but SP_CACHE_HIT leaves the folder as
 * it was, with why:
 * SP_CACHE_MISS no entry, or one a render under strict (--strict) would
 * fail at (it holds a send: the render runs, and fails as it says);
 * SP_CACHE_BAD an entry or file that is not what
 * it should be (render, and store again); SP_CACHE_FAIL the store or the
 * folder cannot be used; SP_CACHE_REFUSED a file at *refused (heap) that
 * the render's writer refuses too (sp_fs_refuse_print_at: a folder at its
 * name), none copied. force: as render's (sp_print_commit). */
sp_cache_status sp_cli_cache_fetch(sp_cache *c, const sp_graph *g, const sp_job *job,
                                   sp_digest_index *ix, const volatile sig_atomic_t *cancel,
                                   int threads, bool force, bool strict, sp_render_result *res,
                                   int *status, sp_diags *d, char **refused, char *why,
                                   size_t why_size);

/* Store the files job printed (read back from g's output folder: its
 * outputs, those it may write only where res says it wrote them) and res,
 * status as the render returned them, whose prints landed
 * (res->landed); SP_CACHE_HIT when stored (or there already),
 * SP_CACHE_FAIL with why. */
sp_cache_status sp_cli_cache_store(sp_cache *c, const sp_graph *g, const sp_job *job,
                                   const sp_render_result *res, int status, sp_digest_index *ix,
                                   char *why, size_t why_size);

#endif
