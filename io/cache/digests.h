/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIGESTS_H
#define SP_DIGESTS_H

/* Files' SHA-256 digests (core/base/digest.h), and the digest index: what a file's digest was,
 * remembered by the file's identity so that an unchanged source of a gigabyte is not read again to
 * compute a cache key.
 *
 * A file's identity is its device, inode, size, modification time and
 * change time (nanoseconds). Writing a file changes its mtime and ctime,
 * so an entry never matches a file whose bytes changed since; touching a
 * file changes its identity too, so it is read once more (and keeps its
 * digest). A file changed within the timestamps' granularity right after
 * it was read could keep its identity: entries are written to the index
 * only for files whose times are at least SP_DIGEST_SETTLED_SECONDS old
 * (younger ones are known to this process alone while it runs).
 *
 * The index is a text file, a line an entry, appended to with one write
 * each (so processes sharing it do not tear each other's lines) and
 * rewritten without its duplicates when they outnumber the live entries:
 *
 *   stemprint-digests 1
 *   <dev> <ino> <size> <mtime s.ns> <ctime s.ns> <sha256 hex>
 *
 * A line that does not parse is ignored: a damaged index costs reading
 * the files again, never a wrong digest. */

#include "core/base/diag.h"
#include "core/base/digest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_DIGEST_SETTLED_SECONDS 2

/* The largest digest index read (a line is about 130 bytes: two million
 * files); a larger one, or one that is not a regular file, is noted and
 * not used. */
#define SP_DIGEST_INDEX_MAX_BYTES (256 << 20)

typedef struct sp_digest_index sp_digest_index;

/* The index at path, loaded (a missing file is an empty index; its folder
 * is created when the first entry is written); NULL path: no index, every
 * file is read. Never fails: an index that cannot be read or written only
 * costs reading files again (sp_digest_index_note says why, once). */
sp_digest_index *sp_digest_index_open(const char *path);
/* Write back a compacted index if it needs it, and free. Accepts NULL. */
void sp_digest_index_close(sp_digest_index *ix);
/* Why the index could not be used (a sentence), or NULL. */
const char *sp_digest_index_note(const sp_digest_index *ix);

/* The index's default place: $STEMPRINT_DIGEST_INDEX (empty: none), else
 * $XDG_CACHE_HOME/stemprint/digests, else ~/.cache/stemprint/digests;
 * NULL when none can be found. Heap string. */
char *sp_digest_index_default_path(void);

/* The digest of the regular file at path (links followed), from ix when
 * its identity is known there, else by reading it once (and recording it
 * in ix). Safe to call from several threads with one ix. SP_ERR_IO with why
 * (the path and the reason) when it cannot be read, is not a regular file,
 * or changed while it was read. */
sp_err sp_digest_file(sp_digest_index *ix, const char *path, sp_file_digest *out, char *why,
                      size_t why_size);
/* sp_digest_file as a job's digest function (core/job/job.h: sp_digest_fn),
 * index an sp_digest_index or NULL; an input that is a folder (an LV2
 * state saved in a folder of its own) is the digest of its entries' names
 * and digests, in name order, folders below it to three deep. */
sp_err sp_digest_index_file(void *index, const char *path, sp_file_digest *out, char *why,
                            size_t why_size);

/* Record the digest of the file at path, which this process has just
 * written and put in place itself (a render's output, renamed into its
 * folder under the folder's lock), without waiting for its times to
 * settle: only a writer racing the render within the clock's tick (a few
 * milliseconds on file systems with nanosecond times) could change it
 * unseen. */
void sp_digest_index_remember_own(sp_digest_index *ix, const char *path, const sp_digest *d);

/* Whether the index knows the file at path, as it is now, to have digest
 * d and size bytes (a stat, nothing read). */
bool sp_digest_index_vouches(sp_digest_index *ix, const char *path, const sp_digest *d,
                             int64_t size);

/* Record that the file open as fd, whose identity was *before when its
 * whole content was read and hashed into d, has that digest, if its
 * identity is still the same and settled. For a reader that hashed a file
 * as it copied it. */
struct stat;
void sp_digest_index_remember(sp_digest_index *ix, int fd, const struct stat *before,
                              const sp_digest *d);

#endif
