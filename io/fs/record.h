/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FS_RECORD_H
#define SP_FS_RECORD_H

/* The record of prints an output folder keeps, read: one reader for the
 * output folder's commit (io/outdir/outdir.c, which writes it) and for
 * `stemprint diff`, which reads a folder's prints from it
 * (io/report/diff_set.c). The format is io/outdir/outdir.h's:
 * <dir>/.stemprint/<recipe>.prints, plain text, its first line
 * SP_RECORD_HEAD, then "/recipe=..." and a file name a line, written as
 * make reads a name in a rule (sp_fs_make_escape). */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define SP_RECORD_DIR ".stemprint"
#define SP_RECORD_EXT ".prints"
#define SP_RECORD_HEAD "/stemprint-prints=1"

typedef struct sp_record {
  char *recipe; /* the /recipe= line, encoded, as written; NULL: none */
  char **names; /* the prints it lists, unescaped, each a plain name (sp_record_plain_name) */
  size_t n, cap;
  char **refused; /* the lines (unescaped) that name no plain file of the folder */
  size_t n_refused, cap_refused;
} sp_record;

/* A name a record may list: one plain file directly in the folder (not
 * hidden, no '/', at most 255 bytes). A record edited by hand or by
 * anything else can never make a commit remove, or diff read, a hidden
 * file, an entry of another folder or the folder itself. */
bool sp_record_plain_name(const char *s);

/* Read the record at path into r (free with sp_record_fini): through
 * sp_fs_read_all (a regular file only, at most 16 MiB). SP_ERR_IO with why
 * ("cannot read PATH: ...", or "PATH: not a record of prints (...)") when
 * it cannot be read or is not a record; r is then empty. */
sp_err sp_record_read(const char *path, sp_record *r, char *why, size_t why_size);
void sp_record_fini(sp_record *r);

#endif
