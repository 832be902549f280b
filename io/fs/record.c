/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An output folder's record of prints, read (io/fs/record.h). */

#include "io/fs/record.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sp_record_plain_name(const char *s)
{
  return *s && *s != '.' && !strchr(s, '/') && strlen(s) <= 255;
}

void sp_record_fini(sp_record *r)
{
  free(r->recipe);
  sp_free_strings(r->names, r->n);
  sp_free_strings(r->refused, r->n_refused);
  memset(r, 0, sizeof *r);
}

sp_err sp_record_read(const char *path, sp_record *r, char *why, size_t why_size)
{
  memset(r, 0, sizeof *r);
  char *text = NULL;
  size_t len = 0;
  sp_err err = sp_fs_read_all(path, "a record of prints", "records of prints from files",
                              (size_t)1 << 24, &text, &len, why, why_size);
  if (err != SP_OK)
    return SP_ERR_IO;
  bool first = true;
  for (char *line = text, *end; line < text + len; line = end + 1) {
    end = memchr(line, '\n', (size_t)(text + len - line));
    if (!end)
      end = text + len;
    *end = '\0';
    for (char *cr = end; cr > line && cr[-1] == '\r';)
      *--cr = '\0';
    if (first) {
      first = false;
      if (strcmp(line, SP_RECORD_HEAD) != 0) {
        snprintf(why, why_size, "%s: not a record of prints (its first line is not %s)", path,
                 SP_RECORD_HEAD);
        err = SP_ERR_IO;
        break;
      }
    } else if (strncmp(line, "/recipe=", 8) == 0) {
      free(r->recipe);
      r->recipe = sp_xstrdup(line + 8);
    } else if (line[0] != '/' && line[0] != '\0') {
      sp_fs_make_unescape(line);
      if (sp_record_plain_name(line)) {
        SP_GROW(r->names, r->n, r->cap);
        r->names[r->n++] = sp_xstrdup(line);
      } else {
        SP_GROW(r->refused, r->n_refused, r->cap_refused);
        r->refused[r->n_refused++] = sp_xstrdup(line);
      }
    }
  }
  if (first && err == SP_OK) {
    snprintf(why, why_size, "%s: not a record of prints (it is empty)", path);
    err = SP_ERR_IO;
  }
  free(text);
  if (err != SP_OK)
    sp_record_fini(r);
  return err;
}
