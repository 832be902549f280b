/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's media over the file system (io/audio/media.h): its readers
 * are io/audio/audio.c's (libsndfile, plain PCM read from its bytes), its
 * sources io/audio/stream.c's (libsoxr for other rates), its sinks
 * audio.c's writers (a temporary file beside the final name), and its
 * answers about names come from realpath, stat and access. The readers,
 * sources and sinks are the file modules' own objects (each starts with
 * the engine's struct); a stretched source is made here. */

#include "io/audio/media.h"

#include "core/base/alloc.h"
#include "io/audio/adm.h"
#include "io/audio/audio.h"
#include "io/audio/m4a.h"
#include "io/audio/stream.h"
#include "io/audio/stretch.h"
#include "io/fs/fs.h"
#include "io/midi/smf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- readers ------------------------------------------------------------- */

static sp_err media_open(const sp_media *m, const char *name, sp_reader **out, sp_audio_info *info,
                         char *why, size_t why_size)
{
  (void)m;
  *out = NULL;
  if (sp_adm_sniff(name)) /* its own reader: BW64 too, its chna and axml checked */
    return sp_adm_reader_open(name, out, info, why, why_size);
  return sp_audio_open(name, out, info, why, why_size);
}

/* ---- sources ------------------------------------------------------------- */

static sp_err media_source(const sp_media *m, const char *name, double session_rate,
                           int64_t from_frames, sp_source **out, char *why, size_t why_size)
{
  (void)m;
  return sp_stream_open(name, session_rate, from_frames, out, why, why_size);
}

/* A stretched source: the file's frames src_frames[0] .. src_frames[n-1]
 * at the session rate read whole, stretched whole when opened
 * (io/audio/stretch.c), then handed out; the stream stays open to say
 * whether the file changed. */
typedef struct stretched_source {
  sp_source base;
  sp_source *s; /* the file's stream */
  char *name;
  float *ch[SP_MAX_CHANNELS];
  int64_t pos;
} stretched_source;

static sp_err stretched_read(sp_source *src, float *const *ch, size_t frames, char *why,
                             size_t why_size)
{
  (void)why;
  (void)why_size;
  stretched_source *ss = (stretched_source *)src;
  int64_t have = ss->base.frames - ss->pos;
  size_t m = have <= 0 ? 0 : (int64_t)frames < have ? frames : (size_t)have;
  for (int c = 0; c < ss->base.channels; c++) {
    if (m)
      memcpy(ch[c], ss->ch[c] + ss->pos, m * sizeof(float));
    memset(ch[c] + m, 0, (frames - m) * sizeof(float));
  }
  ss->pos += (int64_t)m;
  return SP_OK;
}

static sp_err stretched_unchanged(const sp_source *src, char *why, size_t why_size)
{
  const sp_source *s = ((const stretched_source *)src)->s;
  return s->ops->unchanged(s, why, why_size);
}

static void stretched_close(sp_source *src)
{
  stretched_source *ss = (stretched_source *)src;
  ss->s->ops->close(ss->s);
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    free(ss->ch[c]);
  free(ss->name);
  free(ss);
}

static const sp_source_ops stretched_ops = {stretched_read, stretched_unchanged, stretched_close};

static sp_err media_stretched(const sp_media *m, const char *name, double session_rate,
                              const sp_warp_map *w, sp_source **out, char *why, size_t why_size)
{
  (void)m;
  *out = NULL;
  sp_source *s;
  sp_err err = sp_stream_open(name, session_rate, w->src_frames[0], &s, why, why_size);
  if (err != SP_OK)
    return err;
  const int channels = s->channels;
  const int64_t in_frames = w->src_frames[w->n - 1] - w->src_frames[0];
  float *in[SP_MAX_CHANNELS] = {0};
  for (int c = 0; c < channels; c++)
    in[c] = sp_xcalloc((size_t)in_frames, sizeof(float));
  stretched_source *ss = sp_xcalloc(1, sizeof *ss);
  for (int64_t pos = 0; pos < in_frames && err == SP_OK;) {
    enum { STEP = 65536 };
    const size_t k = in_frames - pos < STEP ? (size_t)(in_frames - pos) : STEP;
    float *at[SP_MAX_CHANNELS];
    for (int c = 0; c < channels; c++)
      at[c] = in[c] + pos;
    err = s->ops->read(s, at, k, why, why_size);
    pos += (int64_t)k;
  }
  if (err == SP_OK)
    err = sp_stretch_run(in, channels, in_frames, session_rate, w, ss->ch, why, why_size);
  for (int c = 0; c < channels; c++)
    free(in[c]);
  ss->base.ops = &stretched_ops;
  ss->base.channels = channels;
  ss->base.frames = w->dst_frames[w->n - 1];
  ss->base.name = ss->name = sp_xstrdup(name);
  ss->s = s;
  if (err != SP_OK) {
    stretched_close(&ss->base);
    return err;
  }
  *out = &ss->base;
  return SP_OK;
}

static const char *media_stretcher_version(const sp_media *m)
{
  (void)m;
  return sp_stretch_version();
}

/* ---- sinks --------------------------------------------------------------- */

static sp_err media_create(const sp_media *m, const char *name, sp_format format, sp_depth depth,
                           int channels, int sample_rate, int64_t frames, sp_sink **out, char *why,
                           size_t why_size)
{
  (void)m;
  return sp_audio_create(name, format, depth, channels, sample_rate, frames, out, why, why_size);
}

static sp_err media_make_folder(const sp_media *m, const char *dir, char *why, size_t why_size)
{
  (void)m;
  return sp_fs_mkdirs(dir, why, why_size);
}

/* ---- names --------------------------------------------------------------- */

static char *media_resolve(const sp_media *m, const char *name)
{
  (void)m;
  return realpath(name, NULL);
}

static char *media_near(const sp_media *m, const char *name)
{
  (void)m;
  return sp_fs_near_path(name);
}


static char *media_identity(const sp_media *m, const char *name)
{
  (void)m;
  return sp_fs_identity(name, NULL);
}

static bool media_exists(const sp_media *m, const char *name, char *why, size_t why_size)
{
  (void)m;
  struct stat st;
  if (stat(name, &st) == 0)
    return true;
  const int e = errno;
  snprintf(why, why_size, "%s", e == ENOENT || e == ENOTDIR ? "" : sp_fs_errno_words(e));
  return false;
}

/* dir exists as a writable folder, or its nearest existing parent does
 * (the rest is made when the first output is). */
static sp_err media_check_folder(const sp_media *m, const char *dir, char *why, size_t why_size)
{
  (void)m;
  char *p = sp_xstrdup(dir);
  sp_err err = SP_OK;
  for (;;) {
    struct stat st;
    if (stat(p, &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        snprintf(why, why_size,
                 "cannot create output folder '%s': '%s' is a file, not a folder; choose "
                 "another output.dir or -o",
                 dir, p);
        err = SP_ERR_IO;
      } else if (access(p, W_OK | X_OK) != 0) {
        snprintf(why, why_size, "cannot write into '%s': %s; choose another output.dir or -o", p,
                 strerror(errno));
        err = SP_ERR_IO;
      }
      break;
    }
    /* ENOTDIR: a file is in the way further up; the walk up will name it. */
    if (errno != ENOENT && errno != ENOTDIR) {
      snprintf(why, why_size, "cannot use output folder '%s': %s", dir, strerror(errno));
      err = SP_ERR_IO;
      break;
    }
    char *slash = strrchr(p, '/');
    if (!slash)
      break; /* a relative path whose first part is missing: made in "." */
    if (slash == p)
      p[1] = '\0';
    else
      *slash = '\0';
  }
  free(p);
  return err;
}

static long media_open_files_limit(const sp_media *m)
{
  (void)m;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return -1;
  return (long)rl.rlim_cur;
}

static const char *media_library_version(const sp_media *m)
{
  (void)m;
  return sp_audio_library_version();
}

static const char *media_resampler_version(const sp_media *m)
{
  (void)m;
  return sp_stream_resampler_version();
}

static sp_err media_midi(const sp_media *m, const char *name, sp_midi_file **out, char *why,
                         size_t why_size)
{
  (void)m;
  return sp_smf_read(name, out, why, why_size);
}

static char *media_text(const sp_media *m, const char *name, size_t max_bytes, char *why,
                        size_t why_size)
{
  (void)m;
  char *text = NULL;
  size_t n = 0;
  const sp_err err =
      sp_fs_read_all(name, "a text file", "text files", max_bytes, &text, &n, why, why_size);
  if (err == SP_ERR_USAGE)
    snprintf(why, why_size, "it is larger than %zu bytes", max_bytes);
  if (err != SP_OK)
    return NULL;
  if (strlen(text) != n) { /* a NUL in it: not text */
    snprintf(why, why_size, "it holds a NUL byte: not text");
    free(text);
    return NULL;
  }
  return text;
}

static sp_err media_rendered(const sp_media *m, const char *name, const sp_adm_choice *choice,
                             const sp_layout *l, bool bed_only, double session_rate,
                             int64_t from_frames, sp_source **out, char *why, size_t why_size)
{
  (void)m;
  return sp_adm_source_open_as(name, choice, l, bed_only, session_rate, from_frames, out, why,
                               why_size);
}

static sp_err media_scene(const sp_media *m, const char *name, const sp_adm_choice *choice,
                          sp_adm *out, char *why, size_t why_size)
{
  (void)m;
  sp_adm_file *f;
  const sp_err err = sp_adm_open_as(name, choice, &f, out, why, why_size);
  if (err == SP_OK)
    sp_adm_close(f);
  return err;
}

static sp_err media_scene_fits(const sp_media *m, const sp_adm *s, char *why, size_t why_size)
{
  (void)m;
  return sp_adm_fits(s, why, why_size);
}

static sp_err media_stem_file(const sp_media *m, const char *name, const sp_stem_mp4 *s,
                              double *residual_db, char *why, size_t why_size)
{
  (void)m;
  sp_stem_mp4 t = *s;
  t.open = t.open ? t.open : sp_audio_open;
  return sp_stem_mp4_write(name, &t, residual_db, why, why_size);
}

static const sp_media files = {
    .open = media_open,
    .source = media_source,
    .stretched = media_stretched,
    .stretcher_version = media_stretcher_version,
    .make_folder = media_make_folder,
    .create = media_create,
    .resolve = media_resolve,
    .near = media_near,
    .identity = media_identity,
    .exists = media_exists,
    .check_folder = media_check_folder,
    .open_files_limit = media_open_files_limit,
    .library_version = media_library_version,
    .resampler_version = media_resampler_version,
    .midi = media_midi,
    .text = media_text,
    .rendered = media_rendered,
    .scene = media_scene,
    .scene_fits = media_scene_fits,
    .create_scene = sp_adm_sink_create,
    .create_stem_file = media_stem_file,
};

const sp_media *sp_audio_media(void) { return &files; }
