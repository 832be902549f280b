/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ZIP_H
#define SP_ZIP_H

/* ZIP containers (a .dawproject), through libzip: the only module that
 * includes it.
 *
 * Reading takes archives stemprint did not write: entries are found by
 * exact name and read into memory or copied to a file of the caller's
 * choosing (an entry's name never becomes a path here), each no larger
 * than the caller allows and no larger than the archive declares (a
 * stream that inflates past its declared size is an error, not a disk
 * filled). Every failure is SP_ERR_IO with a sentence in why.
 *
 * Writing makes the whole archive in a temporary file beside path and
 * renames it into place when complete; entries carry a fixed time, so the
 * same entries give the same bytes. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_zip sp_zip;

/* The archive at path. */
sp_err sp_zip_open(const char *path, sp_zip **out, char *why, size_t why_size);
void sp_zip_close(sp_zip *z);

/* Whether an entry of that exact name exists; its size when it does. */
bool sp_zip_has(sp_zip *z, const char *name, uint64_t *size);

/* The entry read whole, NUL-terminated (not counted in *size); refused when
 * it is larger than max bytes. Free *data. */
sp_err sp_zip_read(sp_zip *z, const char *name, size_t max, char **data, size_t *size, char *why,
                   size_t why_size);

/* The entry streamed to sink piece by piece (at most max bytes); sink
 * returns false to stop, which is an error with the sink's own reason. */
typedef bool (*sp_zip_sink)(void *ctx, const void *data, size_t n, char *why, size_t why_size);
sp_err sp_zip_stream(sp_zip *z, const char *name, uint64_t max, sp_zip_sink sink, void *ctx,
                     char *why, size_t why_size);

/* One entry of an archive to write: bytes in memory, or a file's content. */
typedef struct sp_zip_item {
  const char *name;
  const void *data; /* NULL: read from file */
  size_t size;
  const char *file;
  bool store; /* true: no compression (audio, already dense) */
} sp_zip_item;

sp_err sp_zip_write(const char *path, const sp_zip_item *items, size_t n, char *why,
                    size_t why_size);

#endif
