/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.adm's ADM BWFs as the engine's sinks (io/audio/media.c's
 * create_scene): the engine plans and renders them with the prints
 * (core/render/adm_out.c) and hands their codes here; this file only puts
 * them under a temporary name in the output folder through
 * io/audio/adm.c's writer (chna, axml, bext), until they are delivered
 * with the prints. */

#include "io/audio/adm.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct adm_sink {
  sp_sink base;
  sp_adm_writer *w; /* NULL once finished */
  char *temp, *final;
  bool finished;
} adm_sink;

static sp_err sink_float(sp_sink *s, const float *buf, int64_t frames, char *why, size_t why_size)
{
  (void)s, (void)buf, (void)frames;
  snprintf(why, why_size, "an ADM BWF takes 24-bit codes (stemprint's bug)");
  return SP_ERR_RENDER;
}

static sp_err sink_int(sp_sink *s, const int32_t *buf, int64_t frames, char *why, size_t why_size)
{
  return sp_adm_writer_write(((adm_sink *)s)->w, buf, (size_t)frames, why, why_size);
}

static sp_err sink_finish(sp_sink *s, char *why, size_t why_size)
{
  adm_sink *a = (adm_sink *)s;
  if (a->finished)
    return SP_OK;
  a->finished = true;
  const sp_err err = sp_adm_writer_close(a->w, why, why_size);
  a->w = NULL;
  return err;
}

static const char *sink_written(const sp_sink *s) { return ((const adm_sink *)s)->temp; }

static const char *sink_name(const sp_sink *s) { return ((const adm_sink *)s)->final; }

static void sink_free(adm_sink *a)
{
  sp_adm_writer_abort(a->w);
  free(a->temp);
  free(a->final);
  free(a);
}

static sp_err sink_commit(sp_sink *s, char *why, size_t why_size)
{
  adm_sink *a = (adm_sink *)s;
  sp_err err = sink_finish(s, why, why_size);
  if (err == SP_OK && rename(a->temp, a->final) != 0) {
    snprintf(why, why_size, "cannot move the finished file into place: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  if (err != SP_OK)
    unlink(a->temp);
  sink_free(a);
  return err;
}

static void sink_release(sp_sink *s) { sink_free((adm_sink *)s); }

static void sink_discard(sp_sink *s)
{
  adm_sink *a = (adm_sink *)s;
  if (a->finished)
    unlink(a->temp);
  sink_free(a); /* an unfinished writer removes its file */
}

static const sp_sink_ops adm_sink_ops = {.write_float = sink_float,
                                         .write_int = sink_int,
                                         .finish = sink_finish,
                                         .written = sink_written,
                                         .name = sink_name,
                                         .commit = sink_commit,
                                         .release = sink_release,
                                         .discard = sink_discard};

sp_err sp_adm_sink_create(const char *name, const sp_adm *s, const sp_bext *b, sp_sink **out,
                          sp_adm *as_read, char *why, size_t why_size)
{
  *out = NULL;
  if (!sp_fs_refuse_special(name, why, why_size))
    return SP_ERR_IO;
  char *temp = sp_fs_temp_template(name);
  const int fd = mkstemp(temp);
  if (fd < 0) {
    snprintf(why, why_size, "cannot create a file in the output folder: %s", strerror(errno));
    free(temp);
    return SP_ERR_IO;
  }
  fchmod(fd, sp_fs_file_mode());
  close(fd);
  adm_sink *a = sp_xcalloc(1, sizeof *a);
  a->base.ops = &adm_sink_ops;
  a->temp = temp;
  a->final = sp_xstrdup(name);
  sp_err err = sp_adm_writer_open(temp, s, b, &a->w, why, why_size);
  if (err == SP_OK && as_read)
    err = sp_adm_as_read(s, as_read, why, why_size);
  if (err != SP_OK) {
    sp_adm_writer_abort(a->w);
    a->w = NULL;
    unlink(temp);
    sink_free(a);
    return err;
  }
  *out = &a->base;
  return SP_OK;
}
