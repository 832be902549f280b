/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ZIP containers through libzip (io/session/zip.h). */

#include "io/session/zip.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct sp_zip {
  zip_t *z;
  char *name; /* for messages */
};

/* A fixed entry time (2000-01-01 00:00 UTC): the same entries, the same
 * archive. */
#define SP_ZIP_MTIME 946684800

static void say_zip_error(zip_error_t *e, const char *what, const char *name, char *why, size_t n)
{
  snprintf(why, n, "%s %s: %s", what, name, zip_error_strerror(e));
}

sp_err sp_zip_open(const char *path, sp_zip **out, char *why, size_t why_size)
{
  *out = NULL;
  struct stat st; /* by the shared opener: a FIFO or a device refused at once */
  char own[512];
  FILE *f = sp_fs_fopen_regular(path, "a ZIP container", "ZIP containers from files", &st, own,
                                sizeof own);
  if (!f) {
    snprintf(why, why_size, "cannot open %s: %s", path, own);
    return SP_ERR_IO;
  }
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_filep_create(f, 0, -1, &err); /* then f is its own */
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
  if (!z) {
    if (src)
      zip_source_free(src); /* and f */
    else
      fclose(f);
    if (zip_error_code_zip(&err) == ZIP_ER_EXISTS) /* libzip's "File already exists" */
      snprintf(why, why_size,
               "cannot read the ZIP container %s: it holds two entries of one name (a container "
               "written twice into, or damaged): which one is meant is not known; write it again "
               "from its DAW",
               path);
    else
      say_zip_error(&err, "cannot read the ZIP container", path, why, why_size);
    zip_error_fini(&err);
    return SP_ERR_IO;
  }
  zip_error_fini(&err);
  sp_zip *s = sp_xcalloc(1, sizeof *s);
  s->z = z;
  s->name = sp_xstrdup(path);
  *out = s;
  return SP_OK;
}

void sp_zip_close(sp_zip *z)
{
  if (!z)
    return;
  zip_discard(z->z);
  free(z->name);
  free(z);
}

bool sp_zip_has(sp_zip *z, const char *name, uint64_t *size)
{
  zip_int64_t i = zip_name_locate(z->z, name, ZIP_FL_ENC_GUESS);
  if (i < 0)
    return false;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z->z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return false;
  if (size)
    *size = st.size;
  return true;
}

sp_err sp_zip_stream(sp_zip *z, const char *name, uint64_t max, sp_zip_sink sink, void *ctx,
                     char *why, size_t why_size)
{
  uint64_t size = 0;
  if (!sp_zip_has(z, name, &size)) {
    snprintf(why, why_size, "%s holds no entry '%s'", z->name, name);
    return SP_ERR_IO;
  }
  if (size > max) {
    snprintf(why, why_size, "%s: entry '%s' is %llu bytes, more than the %llu allowed", z->name,
             name, (unsigned long long)size, (unsigned long long)max);
    return SP_ERR_IO;
  }
  zip_file_t *f = zip_fopen(z->z, name, ZIP_FL_ENC_GUESS);
  if (!f) {
    snprintf(why, why_size, "%s: cannot read entry '%s': %s", z->name, name, zip_strerror(z->z));
    return SP_ERR_IO;
  }
  sp_err rc = SP_OK;
  uint64_t got = 0;
  char buf[1 << 16];
  for (;;) {
    zip_int64_t k = zip_fread(f, buf, sizeof buf);
    if (k < 0) {
      snprintf(why, why_size, "%s: entry '%s' is damaged: %s", z->name, name, zip_file_strerror(f));
      rc = SP_ERR_IO;
      break;
    }
    if (k == 0)
      break;
    got += (uint64_t)k;
    if (got > size) {
      snprintf(why, why_size, "%s: entry '%s' holds more than the %llu bytes it declares", z->name,
               name, (unsigned long long)size);
      rc = SP_ERR_IO;
      break;
    }
    if (!sink(ctx, buf, (size_t)k, why, why_size)) {
      rc = SP_ERR_IO;
      break;
    }
  }
  if (rc == SP_OK && got != size) {
    snprintf(why, why_size, "%s: entry '%s' ends after %llu of the %llu bytes it declares", z->name,
             name, (unsigned long long)got, (unsigned long long)size);
    rc = SP_ERR_IO;
  }
  zip_fclose(f);
  return rc;
}

typedef struct membuf {
  char *p;
  size_t n, cap;
} membuf;

static bool to_memory(void *ctx, const void *data, size_t n, char *why, size_t why_size)
{
  (void)why;
  (void)why_size;
  membuf *m = ctx;
  if (m->n + n + 1 > m->cap) {
    m->cap = (m->n + n + 1) * 2;
    m->p = sp_xrealloc(m->p, m->cap);
  }
  memcpy(m->p + m->n, data, n);
  m->n += n;
  return true;
}

sp_err sp_zip_read(sp_zip *z, const char *name, size_t max, char **data, size_t *size, char *why,
                   size_t why_size)
{
  membuf m = {sp_xmalloc(1), 0, 1};
  sp_err rc = sp_zip_stream(z, name, max, to_memory, &m, why, why_size);
  if (rc != SP_OK) {
    free(m.p);
    *data = NULL;
    *size = 0;
    return rc;
  }
  m.p[m.n] = '\0';
  *data = m.p;
  *size = m.n;
  return SP_OK;
}

/* A file an archive embeds, read as libzip asks for it (zip_close), opened
 * then through the shared opener (sp_fs_open_regular: a FIFO or a device
 * swapped in since the render's check is refused, never waited on) and
 * read to the size it had when opened; what went wrong kept in said. */
typedef struct embedded {
  const char *file;
  int fd;
  uint64_t size, done;
  zip_error_t error;
  char *said; /* the writer's: the first refusal's words (size said_size) */
  size_t said_size;
} embedded;

/* e's refusal, reason its words: kept where it is the first, libzip told
 * ze. */
static zip_int64_t refuse(embedded *e, int ze, const char *reason)
{
  if (!*e->said)
    snprintf(e->said, e->said_size, "cannot read %s: %s", e->file, reason);
  zip_error_set(&e->error, ze, 0);
  return -1;
}

static zip_int64_t embed_cb(void *ctx, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
  embedded *e = ctx;
  char why[512];
  struct stat st;
  switch (cmd) {
  case ZIP_SOURCE_OPEN:
    if (sp_fs_open_regular(e->file, "a file the project embeds", "regular files", &e->fd, &st, why,
                           sizeof why) != SP_OK)
      return refuse(e, ZIP_ER_OPEN, why);
    e->size = (uint64_t)st.st_size;
    e->done = 0;
    return 0;
  case ZIP_SOURCE_READ: {
    const size_t want = (size_t)(len < e->size - e->done ? len : e->size - e->done);
    const ssize_t got = want ? read(e->fd, data, want) : 0;
    if (got < 0)
      return refuse(e, ZIP_ER_READ, strerror(errno));
    if (got == 0 && e->done < e->size)
      return refuse(e, ZIP_ER_READ, "it was cut short while read");
    e->done += (uint64_t)got;
    return got;
  }
  case ZIP_SOURCE_CLOSE:
    if (e->fd >= 0)
      close(e->fd);
    e->fd = -1;
    return 0;
  case ZIP_SOURCE_STAT: { /* its size as it is now; read to it when opened */
    if (len < sizeof(zip_stat_t))
      return -1;
    zip_stat_t *zs = data;
    zip_stat_init(zs);
    if (stat(e->file, &st) == 0 && S_ISREG(st.st_mode)) {
      zs->size = (zip_uint64_t)st.st_size;
      zs->valid |= ZIP_STAT_SIZE;
    }
    return sizeof(zip_stat_t);
  }
  case ZIP_SOURCE_ERROR: return zip_error_to_data(&e->error, data, len);
  case ZIP_SOURCE_FREE:
    if (e->fd >= 0)
      close(e->fd);
    zip_error_fini(&e->error);
    free(e);
    return 0;
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                          ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
  default: zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0); return -1;
  }
}

/* A source of z reading file as embed_cb does (NULL: libzip refused). */
static zip_source_t *embed(zip_t *z, const char *file, char *said, size_t said_size)
{
  embedded *e = sp_xcalloc(1, sizeof *e);
  *e = (embedded){.file = file, .fd = -1, .said = said, .said_size = said_size};
  zip_error_init(&e->error);
  zip_source_t *src = zip_source_function(z, embed_cb, e);
  if (!src) {
    zip_error_fini(&e->error);
    free(e);
  }
  return src;
}

sp_err sp_zip_write(const char *path, const sp_zip_item *items, size_t n, char *why,
                    size_t why_size)
{
  /* a folder or a device at path refused before the archive is made, not
   * at its rename */
  if (!sp_fs_refuse_print_at(path, why, why_size))
    return SP_ERR_IO;
  char *tmp = sp_fs_temp_template(path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return SP_ERR_IO;
  }
  fchmod(fd, sp_fs_file_mode()); /* mkstemp's 0600 is not what a user's file gets */
  close(fd);
  int zerr = 0;
  zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    say_zip_error(&e, "cannot write", path, why, why_size);
    zip_error_fini(&e);
    unlink(tmp);
    free(tmp);
    return SP_ERR_IO;
  }
  sp_err rc = SP_OK;
  char said[768] = ""; /* an embedded file's refusal (embed_cb) */
  for (size_t i = 0; i < n && rc == SP_OK; i++) {
    const sp_zip_item *it = &items[i];
    zip_source_t *src = it->data ? zip_source_buffer(z, it->data, it->size, 0)
                                 : embed(z, it->file, said, sizeof said);
    zip_int64_t idx =
        src ? zip_file_add(z, it->name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (src)
        zip_source_free(src);
      snprintf(why, why_size, "cannot add %s to %s: %s", it->data ? it->name : it->file, path,
               zip_strerror(z));
      rc = SP_ERR_IO;
      break;
    }
    zip_set_file_compression(z, (zip_uint64_t)idx, it->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 6);
    zip_file_set_mtime(z, (zip_uint64_t)idx, SP_ZIP_MTIME, 0);
    /* rw-r--r-- each: not the embedded file's own mode (libzip's file
     * source took it), so the same project is the same bytes */
    zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                     (zip_uint32_t)(S_IFREG | 0644) << 16);
  }
  if (rc == SP_OK && zip_close(z) != 0) {
    if (*said)
      snprintf(why, why_size, "cannot write %s: %s", path, said);
    else
      snprintf(why, why_size, "cannot write %s: %s", path, zip_strerror(z));
    rc = SP_ERR_IO;
  }
  if (rc != SP_OK) {
    zip_discard(z);
    unlink(tmp);
  } else if (rename(tmp, path) != 0) {
    snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
    unlink(tmp);
    rc = SP_ERR_IO;
  }
  free(tmp);
  return rc;
}
