/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The print sets of `stemprint diff`, read and compared (io/report/diff_set.h). */

#include "io/report/diff_set.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"
#include "io/fs/probe.h"
#include "io/fs/record.h"
#include "io/report/report.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void add(sp_diff_set *s, size_t *cap, const char *name, char *path)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->prints[i].name, name) == 0) { /* two records list one file */
      free(path);
      return;
    }
  SP_GROW(s->prints, s->n, *cap);
  s->prints[s->n++] = (sp_diff_print){sp_xstrdup(name), path};
}

static int name_cmp(const void *x, const void *y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool sp_diff_audio_name(const char *name)
{
  const sp_fs_kind *k = sp_fs_kind_named(name);
  return k && k->audio;
}

/* Sorted names of dir's entries that keep(name) takes (heap, n). */
static char **list_dir(const char *dir, bool (*keep)(const char *), size_t *n)
{
  *n = 0;
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  char **names = NULL;
  size_t cap = 0;
  for (struct dirent *e; (e = readdir(d));)
    if (e->d_name[0] != '.' && keep(e->d_name)) {
      SP_GROW(names, *n, cap);
      names[(*n)++] = sp_xstrdup(e->d_name);
    }
  closedir(d);
  if (*n)
    qsort(names, *n, sizeof *names, name_cmp);
  return names;
}

static bool is_record(const char *name)
{
  const size_t l = strlen(name), e = strlen(SP_RECORD_EXT);
  return l > e && strcmp(name + l - e, SP_RECORD_EXT) == 0;
}

/* A folder: its records' prints (read as the output folder's commit reads
 * them, io/fs/record.h: a name of another folder is never one), else its
 * audio files. */
static sp_err load_folder(const char *dir, sp_diff_set *s, char *why, size_t why_size)
{
  size_t cap = 0, n_rec = 0;
  char *meta = sp_xasprintf("%s/" SP_RECORD_DIR, dir);
  char **recs = list_dir(meta, is_record, &n_rec);
  sp_err err = SP_OK;
  for (size_t r = 0; r < n_rec && err == SP_OK; r++) {
    char *file = sp_xasprintf("%s/%s", meta, recs[r]), rwhy[768];
    sp_record rec;
    err = sp_record_read(file, &rec, rwhy, sizeof rwhy);
    if (err != SP_OK)
      snprintf(why, why_size, "%s; give the folder a render printed into (or remove the file)",
               rwhy);
    for (size_t i = 0; i < rec.n; i++)
      add(s, &cap, rec.names[i], sp_xasprintf("%s/%s", dir, rec.names[i]));
    if (rec.n_refused > 0 && !s->note)
      s->note = sp_xasprintf("%s: %zu line%s name%s no file directly in the folder ('%s'%s); "
                             "not compared",
                             file, rec.n_refused, rec.n_refused == 1 ? "" : "s",
                             rec.n_refused == 1 ? "s" : "", rec.refused[0],
                             rec.n_refused > 1 ? ", ..." : "");
    sp_record_fini(&rec);
    free(file);
  }
  for (size_t r = 0; r < n_rec; r++)
    free(recs[r]);
  free(recs);
  free(meta);
  if (err != SP_OK || n_rec > 0)
    return err;
  size_t n = 0;
  char **names = list_dir(dir, sp_diff_audio_name, &n);
  for (size_t i = 0; i < n; i++) {
    add(s, &cap, names[i], sp_xasprintf("%s/%s", dir, names[i]));
    free(names[i]);
  }
  free(names);
  return SP_OK;
}

/* The folder part of path ("" for none), with its '/'. */
static size_t folder_len(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? (size_t)(slash - path) + 1 : 0;
}

/* A render's --report: each object's outputs, named under their common folder. */
static sp_err load_report(const char *path, sp_diff_set *s, char *why, size_t why_size)
{
  char *text = NULL;
  size_t len = 0;
  sp_err err =
      sp_fs_read_all(path, "a report", "reports from files", 1 << 28, &text, &len, why, why_size);
  if (err != SP_OK)
    return err;
  char jwhy[256];
  sp_json *j = sp_report_parse(text, len, jwhy, sizeof jwhy);
  free(text);
  if (!j) {
    snprintf(why, why_size,
             "%s: not a JSON report (%s); give a render's output folder, its --report FILE.json "
             "or a recipe",
             path, jwhy);
    return SP_ERR_IO;
  }
  const sp_json *renders = sp_report_get(j, "renders");
  const size_t n_r = renders ? sp_report_array_size(renders) : 1;
  const char **paths = NULL;
  size_t n = 0, cap = 0;
  for (size_t r = 0; r < n_r; r++) {
    const sp_json *one = renders ? sp_report_array_get(renders, r) : j;
    const sp_json *outs = sp_report_get(one, "outputs");
    for (size_t i = 0; i < sp_report_array_size(outs); i++) {
      const char *p = sp_report_get_string(sp_report_get(sp_report_array_get(outs, i), "path"));
      if (p) {
        SP_GROW(paths, n, cap);
        paths[n++] = p;
      }
    }
  }
  if (n == 0) {
    snprintf(why, why_size,
             "%s: a JSON file with no render's outputs (no \"outputs\"[].path); give the file "
             "`stemprint render --report` wrote",
             path);
    sp_report_free(j);
    free(paths);
    return SP_ERR_IO;
  }
  /* the outputs' common folder names them */
  size_t common = folder_len(paths[0]);
  for (size_t i = 1; i < n; i++)
    while (common > 0 && strncmp(paths[i], paths[0], common) != 0) {
      /* back to the '/' before the last one kept */
      size_t k = common - 1;
      while (k > 0 && paths[0][k - 1] != '/')
        k--;
      common = k;
    }
  const size_t at = folder_len(path);
  size_t scap = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    char *where = sp_xstrdup(paths[i]);
    if (stat(where, &st) != 0 && paths[i][0] != '/') { /* beside the report */
      free(where);
      where = sp_xasprintf("%.*s%s", (int)at, path, paths[i] + common);
    }
    add(s, &scap, paths[i] + common, where);
  }
  free(paths);
  sp_report_free(j);
  return SP_OK;
}

sp_err sp_diff_set_load(const char *path, sp_diff_set *set, char *why, size_t why_size)
{
  memset(set, 0, sizeof *set);
  set->arg = sp_xstrdup(path);
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(why, why_size,
             "%s: %s; give a render's output folder, its --report FILE.json or a recipe", path,
             strerror(errno));
    return SP_ERR_IO;
  }
  sp_err err = SP_OK;
  if (S_ISDIR(st.st_mode)) {
    err = load_folder(path, set, why, why_size);
  } else if (sp_diff_audio_name(path)) { /* a set of one print, named by its file's name */
    const char *slash = strrchr(path, '/');
    size_t cap = 0;
    add(set, &cap, slash ? slash + 1 : path, sp_xstrdup(path));
    set->file = true;
  } else {
    err = load_report(path, set, why, why_size);
  }
  if (err == SP_OK && set->n == 0) {
    snprintf(why, why_size,
             "%s: no prints there (no record under .stemprint/, no audio file); give the folder a "
             "render printed into",
             path);
    err = SP_ERR_IO;
  }
  return err;
}

void sp_diff_set_fini(sp_diff_set *set)
{
  for (size_t i = 0; i < set->n; i++)
    free(set->prints[i].name), free(set->prints[i].path);
  free(set->prints);
  free(set->arg);
  free(set->note);
  memset(set, 0, sizeof *set);
}

/* ---- comparing ------------------------------------------------------------ */

/* Whether the prints at a and b hold the same bytes, into *same: each
 * opened as every reader of audio opens it (io/fs/probe.h: a regular file
 * only, its descriptor shared with the readers that decode it next) and
 * read with pread up to its size as opened, so that a FIFO or a device
 * (/dev/zero) is refused at once and never read. SP_ERR_IO with why (the
 * file and what it is) when one cannot be opened. */
static sp_err same_bytes(const char *a, const char *b, bool *same, char *why, size_t why_size)
{
  *same = false;
  sp_probe *p[2] = {NULL, NULL};
  const char *path[2] = {a, b};
  for (int k = 0; k < 2; k++) {
    char w[512];
    if (sp_probe_open(path[k], &p[k], w, sizeof w) != SP_OK) {
      snprintf(why, why_size, "%s: %s; give an audio file (WAV, FLAC, AIFF, ...) a render printed",
               path[k], w);
      sp_probe_release(p[0]);
      return SP_ERR_IO;
    }
  }
  const struct stat *sa = sp_probe_stat(p[0]), *sb = sp_probe_stat(p[1]);
  const uint64_t size = (uint64_t)sa->st_size;
  *same = sa->st_size == sb->st_size;
  if (*same && (sa->st_dev != sb->st_dev || sa->st_ino != sb->st_ino)) {
    enum { N = 1 << 16 };
    char *x = sp_xcalloc(2, N), *y = x + N;
    for (uint64_t at = 0; *same && at < size; at += N) {
      const size_t want = size - at < N ? (size_t)(size - at) : N;
      *same = sp_fs_pread(sp_probe_fd(p[0]), x, want, at) == want &&
              sp_fs_pread(sp_probe_fd(p[1]), y, want, at) == want && memcmp(x, y, want) == 0;
    }
    free(x);
  }
  sp_probe_release(p[0]);
  sp_probe_release(p[1]);
  return SP_OK;
}

/* A print read in blocks for core/measure/diff.h: forward from where the
 * last read ended; elsewhere by a seek where the format's is exact (PCM
 * and lossless), else from the start again (a lossy decoder's seek may
 * land off the frame). A print at another rate than the pair's is the
 * media's source at that rate (libsoxr, as a region plays a file of
 * another rate), opened again at the frame a read starts elsewhere. */
typedef struct file_side {
  sp_reader *r;
  sp_source *s; /* instead of r: the file at rate */
  const sp_media *media;
  double rate;
  const char *path;
  int channels;
  bool exact_seek;
  int64_t pos;
  float *buf; /* FILE_CHUNK interleaved frames (a source's: planar, channels × FILE_CHUNK) */
} file_side;

enum { FILE_CHUNK = 8192 };

/* k frames from f's source into ch[c] (NULL: read and dropped). */
static sp_err source_take(file_side *f, float *const *ch, int64_t k, char *why, size_t why_size)
{
  for (int64_t got = 0; got < k;) {
    const size_t want = (size_t)(k - got < FILE_CHUNK ? k - got : FILE_CHUNK);
    float *at[SP_MAX_CHANNELS];
    for (int c = 0; c < f->channels; c++)
      at[c] = ch ? ch[c] + got : f->buf + (size_t)c * FILE_CHUNK;
    char w[512];
    if (f->s->ops->read(f->s, at, want, w, sizeof w) != SP_OK) {
      snprintf(why, why_size, "%s: %s", f->path, w);
      return SP_ERR_IO;
    }
    got += (int64_t)want, f->pos += (int64_t)want;
  }
  return SP_OK;
}

/* k frames from f's position into ch[c] (NULL: skipped), straight into
 * the planes where the reader converts so. */
static sp_err file_take(file_side *f, float *const *ch, int64_t k, char *why, size_t why_size)
{
  if (f->s)
    return source_take(f, ch, k, why, why_size);
  const int nc = f->channels;
  int64_t (*planar)(sp_reader *, float *const *, int64_t) = ch ? f->r->ops->read_planar : NULL;
  for (int64_t got = 0; got < k;) {
    float *at[SP_MAX_CHANNELS];
    for (int c = 0; planar && c < nc; c++)
      at[c] = ch[c] + got;
    const int64_t want = k - got < FILE_CHUNK ? k - got : FILE_CHUNK,
                  n = planar ? planar(f->r, at, want) : f->r->ops->read_float(f->r, f->buf, want);
    if (n <= 0) {
      snprintf(why, why_size, "%s: %s", f->path, n < 0 ? f->r->ops->error(f->r) : "ends early");
      return SP_ERR_IO;
    }
    for (int c = 0; ch && !planar && c < nc; c++)
      for (int64_t i = 0; i < n; i++)
        ch[c][got + i] = f->buf[i * nc + c];
    got += n, f->pos += n;
  }
  return SP_OK;
}

/* f's source opened again at frame t0 (of its rate). */
static sp_err source_at(file_side *f, int64_t t0, char *why, size_t why_size)
{
  char w[512];
  if (f->s)
    f->s->ops->close(f->s), f->s = NULL;
  if (f->media->source(f->media, f->path, f->rate, t0, &f->s, w, sizeof w) != SP_OK) {
    snprintf(why, why_size, "%s: %s", f->path, w);
    f->s = NULL;
    return SP_ERR_IO;
  }
  f->pos = t0;
  return SP_OK;
}

static sp_err file_read(void *ctx, int64_t t0, float *const *ch, size_t k, char *why,
                        size_t why_size)
{
  file_side *f = ctx;
  if (t0 != f->pos && f->s) {
    sp_err err = source_at(f, t0, why, why_size);
    if (err != SP_OK)
      return err;
  } else if (t0 != f->pos) {
    const int64_t to = f->exact_seek ? t0 : t0 > f->pos ? f->pos : 0;
    char w[512];
    if (to != f->pos && f->r->ops->seek(f->r, to, w, sizeof w) != SP_OK) {
      snprintf(why, why_size, "%s: %s", f->path, w);
      return SP_ERR_IO;
    }
    f->pos = to;
    sp_err err = file_take(f, NULL, t0 - to, why, why_size);
    if (err != SP_OK)
      return err;
  }
  return file_take(f, ch, (int64_t)k, why, why_size);
}

static sp_err open_side(const sp_media *media, const char *path, sp_audio_info *info, file_side *f,
                        char *why, size_t why_size)
{
  memset(f, 0, sizeof *f);
  char w[512];
  if (media->open(media, path, &f->r, info, w, sizeof w) != SP_OK) {
    snprintf(why, why_size, "%s: %s; give an audio file (WAV, FLAC, AIFF, ...) a render printed",
             path, w);
    f->r = NULL;
    return SP_ERR_IO;
  }
  f->media = media, f->path = path, f->channels = info->channels, f->exact_seek = info->bits > 0;
  f->buf = sp_xcalloc((size_t)FILE_CHUNK * (size_t)info->channels, sizeof *f->buf);
  return SP_OK;
}

/* f, opened at its own rate, read instead at rate: its reader closed, the
 * media's source at rate from its start; *frames its length at rate. */
static sp_err side_at_rate(file_side *f, int file_rate, int rate, int64_t *frames, char *why,
                           size_t why_size)
{
  f->r->ops->close(f->r);
  f->r = NULL;
  f->rate = rate;
  *frames = sp_session_frames(*frames, file_rate, rate);
  return source_at(f, 0, why, why_size);
}

static void close_side(file_side *f)
{
  if (f->r)
    f->r->ops->close(f->r);
  if (f->s)
    f->s->ops->close(f->s);
  free(f->buf);
}

/* Compare one pair into it. */
static sp_err compare(const sp_media *media, sp_diff_item *it, const sp_diff_opts *opts)
{
  char why[1024];
  bool bytes = false;
  if (same_bytes(it->old_path, it->new_path, &bytes, why, sizeof why) != SP_OK) {
    it->error = sp_xstrdup(why);
    return SP_ERR_IO;
  }
  if (bytes) { /* the same file: its format read, its samples not decoded */
    sp_reader *r = NULL;
    sp_err e = media->open(media, it->old_path, &r, &it->old_info, why, sizeof why);
    if (e == SP_OK) {
      r->ops->close(r);
      it->new_info = it->old_info;
      const sp_audio_info *x = &it->old_info;
      it->r = (sp_diff_result){
          .verdict = SP_DIFF_SAME_BYTES,
          .threshold_dbfs = isnan(opts->threshold_dbfs)
                                ? sp_diff_threshold_dbfs(x->bits, x->is_float, x->bits, x->is_float)
                                : opts->threshold_dbfs,
          .channels = it->old_info.channels,
          .sample_rate = it->old_info.sample_rate,
          .frames_a = it->old_info.frames,
          .frames_b = it->old_info.frames,
          .peak_dbfs = -INFINITY,
          .rms_dbfs = -INFINITY,
          .delta_lu = 0,
          .aligned_peak_dbfs = -INFINITY,
          .aligned_rms_dbfs = -INFINITY};
      return SP_OK;
    }
    char *w = sp_xasprintf("%s: %s; give an audio file (WAV, FLAC, AIFF, ...) a render printed",
                           it->old_path, why);
    it->error = w;
    return SP_ERR_IO;
  }
  file_side fa, fb;
  memset(&fb, 0, sizeof fb);
  sp_err err = open_side(media, it->old_path, &it->old_info, &fa, why, sizeof why);
  if (err == SP_OK)
    err = open_side(media, it->new_path, &it->new_info, &fb, why, sizeof why);
  const sp_audio_info *a = &it->old_info, *b = &it->new_info;
  if (err == SP_OK && a->channels != b->channels) {
    snprintf(why, sizeof why,
             "%s has %d channel%s; %s has %d: prints of one name must have as many to be "
             "compared; render both in one layout, or convert one (sox, ffmpeg) before "
             "comparing",
             it->old_path, a->channels, a->channels == 1 ? "" : "s", it->new_path, b->channels);
    err = SP_ERR_IO;
  }
  int64_t new_frames = b->frames;
  if (err == SP_OK && a->sample_rate != b->sample_rate) { /* a cause of its own: said */
    it->resampled = true;
    err = side_at_rate(&fb, b->sample_rate, a->sample_rate, &new_frames, why, sizeof why);
  }
  if (err == SP_OK) {
    sp_diff_opts o = *opts;
    if (isnan(o.threshold_dbfs))
      o.threshold_dbfs = sp_diff_threshold_dbfs(a->bits, a->is_float, b->bits, b->is_float);
    /* each print metered in its layout, as `loudness` meters it */
    sp_layout_own own_a, own_b;
    const sp_diff_side sa = {&fa, a->frames, file_read,
                             sp_meter_layout_of(a->mask, a->channels, &own_a)},
                       sb = {&fb, new_frames, file_read,
                             sp_meter_layout_of(b->mask, b->channels, &own_b)};
    err = sp_diff_sides(&sa, &sb, a->channels, a->sample_rate, &o, &it->r, why, sizeof why);
    it->measured = err == SP_OK;
  }
  close_side(&fa);
  close_side(&fb);
  if (err != SP_OK)
    it->error = sp_xstrdup(why);
  return err;
}

/* The length of name without its extension (the '.' of its file name's
 * last, not its first character); the whole name when it has none. */
static size_t stem_len(const char *name)
{
  const char *base = strrchr(name, '/'), *dot = strrchr(name, '.');
  base = base ? base + 1 : name;
  return dot && dot > base ? (size_t)(dot - name) : strlen(name);
}

/* How many of s's prints not yet paired (taken) have name's stem (l bytes). */
static size_t stem_count(const sp_diff_set *s, const bool *taken, const char *name, size_t l)
{
  size_t c = 0;
  for (size_t i = 0; i < s->n; i++)
    c += !taken[i] && stem_len(s->prints[i].name) == l && strncmp(s->prints[i].name, name, l) == 0;
  return c;
}

sp_err sp_diff_sets(const sp_media *media, const sp_diff_set *old_set, const sp_diff_set *new_set,
                    const sp_diff_opts *opts, sp_diff_item **items, size_t *n)
{
  sp_diff_item *v = sp_xcalloc(old_set->n + new_set->n + 1, sizeof *v);
  bool *taken_old = sp_xcalloc(old_set->n + 1, 1), *taken_new = sp_xcalloc(new_set->n + 1, 1);
  int *pair = sp_xcalloc(old_set->n + 1, sizeof *pair); /* old i's new print, -1: none */
  /* the same name first; then, of those left, the same name without the
   * extension where each set has one such print */
  for (size_t i = 0; i < old_set->n; i++) {
    pair[i] = -1;
    for (size_t j = 0; j < new_set->n && pair[i] < 0; j++)
      if (!taken_new[j] && strcmp(new_set->prints[j].name, old_set->prints[i].name) == 0)
        pair[i] = (int)j, taken_new[j] = taken_old[i] = true;
  }
  for (size_t i = 0; i < old_set->n; i++) {
    const char *name = old_set->prints[i].name;
    const size_t l = stem_len(name);
    if (taken_old[i] || stem_count(old_set, taken_old, name, l) != 1 ||
        stem_count(new_set, taken_new, name, l) != 1)
      continue;
    for (size_t j = 0; j < new_set->n && pair[i] < 0; j++)
      if (!taken_new[j] && stem_len(new_set->prints[j].name) == l &&
          strncmp(new_set->prints[j].name, name, l) == 0)
        pair[i] = (int)j, taken_new[j] = true;
    taken_old[i] = pair[i] >= 0;
  }
  if (old_set->file && new_set->file && pair[0] < 0) { /* two files given: each other's */
    pair[0] = 0;
    taken_old[0] = taken_new[0] = true;
  }
  size_t k = 0;
  for (size_t i = 0; i < old_set->n; i++, k++) {
    const sp_diff_print *o = &old_set->prints[i],
                        *w = pair[i] >= 0 ? &new_set->prints[pair[i]] : NULL;
    v[k].old_name = o->name, v[k].old_path = o->path;
    if (w)
      v[k].new_name = w->name, v[k].new_path = w->path;
    const size_t l = stem_len(o->name);
    v[k].name = !w || strcmp(w->name, o->name) == 0 || stem_len(w->name) != l ||
                        strncmp(w->name, o->name, l) != 0
                    ? sp_xstrdup(o->name) /* (two files given: the old one's name) */
                    : sp_xasprintf("%.*s", (int)l, o->name);
  }
  for (size_t j = 0; j < new_set->n; j++)
    if (!taken_new[j]) {
      v[k].name = sp_xstrdup(new_set->prints[j].name);
      v[k].new_name = new_set->prints[j].name;
      v[k++].new_path = new_set->prints[j].path;
    }
  free(pair), free(taken_old), free(taken_new);
  sp_err status = SP_OK;
  for (size_t i = 0; i < k; i++) {
    if (!v[i].new_path || !v[i].old_path) {
      v[i].r.verdict = v[i].new_path ? SP_DIFF_ONLY_NEW : SP_DIFF_ONLY_OLD;
      v[i].r.peak_dbfs = v[i].r.rms_dbfs = v[i].r.delta_lu = NAN;
      continue;
    }
    if (compare(media, &v[i], opts) != SP_OK)
      status = SP_ERR_IO;
  }
  *items = v;
  *n = k;
  return status;
}

/* A print's encoding in words: "wav 24-bit", "flac 32-bit float", "mp3
 * (lossy)". */
static void encoding(const sp_audio_info *x, char *buf, size_t n)
{
  if (x->bits <= 0)
    snprintf(buf, n, "%s (lossy)", x->format);
  else
    snprintf(buf, n, "%s %d-bit%s", x->format, x->bits, x->is_float ? " float" : "");
}

bool sp_diff_format_change(const sp_diff_item *it, char *buf, size_t n)
{
  const sp_audio_info *a = &it->old_info, *b = &it->new_info;
  *buf = '\0';
  if (it->error || !it->old_path || !it->new_path || a->sample_rate <= 0 || b->sample_rate <= 0)
    return false;
  /* the layouts the two are metered in (sp_meter_layout_of): of as many
   * channels, their speakers differ when the layouts do */
  sp_layout_own own_a, own_b;
  const sp_layout *la = sp_meter_layout_of(a->mask, a->channels, &own_a),
                  *lb = sp_meter_layout_of(b->mask, b->channels, &own_b);
  size_t used = 0;
  const bool layout = la && lb && strcmp(la->name, lb->name) != 0;
  if (layout) {
    const int k =
        snprintf(buf, n, "layout %s (%s) -> %s (%s)", la->name, la->text, lb->name, lb->text);
    used = k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
  }
  char ea[64], eb[64];
  encoding(a, ea, sizeof ea);
  encoding(b, eb, sizeof eb);
  const bool enc = strcmp(ea, eb) != 0, rate = a->sample_rate != b->sample_rate;
  const char *sep = used ? ", " : "";
  if (enc && rate)
    snprintf(buf + used, n - used, "%s%s %d Hz -> %s %d Hz", sep, ea, a->sample_rate, eb,
             b->sample_rate);
  else if (enc)
    snprintf(buf + used, n - used, "%s%s -> %s", sep, ea, eb);
  else if (rate)
    snprintf(buf + used, n - used, "%s%d Hz -> %d Hz", sep, a->sample_rate, b->sample_rate);
  return layout;
}

void sp_diff_items_free(sp_diff_item *items, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(items[i].name);
    free(items[i].error);
    sp_diff_result_fini(&items[i].r);
  }
  free(items);
}
