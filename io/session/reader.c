/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every session reader says the same way (io/session/reader.h). */

#include "io/session/reader.h"

#include "core/base/alloc.h"
#include "core/base/digest.h"
#include "core/recipe/keys.h"
#include "io/fs/fs.h"
#include "io/midi/smf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void sp_session_error(const sp_session_where *w, const xmlNode *n, sp_err kind, const char *fmt,
                      ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(w->d, kind, w->file, (sp_pos){sp_xml_line(n), 0}, NULL, fmt, ap);
  va_end(ap);
}

void sp_session_loss(const sp_session_where *w, sp_mix_strip *s, const xmlNode *n, const char *fmt,
                     ...)
{
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  const char *name = sp_xml_peek(n, "name");
  if (!name && w->alt_name)
    name = sp_xml_peek(n, w->alt_name);
  char *el = sp_xml_element(n, name, w->loss_file, true),
       *named = sp_xml_element(n, name, NULL, false);
  sp_mix_loss_at(w->m, s, w->file, sp_xml_line(n), named, el, buf);
  free(named);
  free(el);
}

/* The most a recipe's level holds (a fader's, a moving trim's: a level's
 * kind's), and a fixed trim's (its row's; both core/recipe/keys.c). */
#define RECIPE_MAX_DB (sp_timed_kinds[SP_TIMED_LEVEL].max)
#define RECIPE_MAX_TRIM_DB (sp_key_rows_strip[SP_KEY_STRIP_TRIM].max)

bool sp_session_trim_unheard(const sp_mix_strip *s)
{
  bool pre = false;
  for (size_t i = 0; i < s->n_sends; i++)
    pre = pre || s->sends[i].send.tap.at == SP_TAP_PRE;
  return s->n_inserts - s->n_post == 0 && !pre;
}

/* Whether s's trim can take db more in place of its fader: nothing between
 * them that would hear it (sp_session_trim_unheard), and it stays in its
 * range. */
static bool trim_takes(const sp_mix_strip *s, double db)
{
  if (!sp_session_trim_unheard(s) || !(db <= RECIPE_MAX_TRIM_DB))
    return false;
  if (!s->strip.trims.n)
    return s->strip.trim_db + db <= RECIPE_MAX_TRIM_DB;
  for (size_t i = 0; i < s->strip.trims.n; i++)
    if (!(s->strip.trims.points[i].v + db <= RECIPE_MAX_DB))
      return false;
  return true;
}

void sp_session_trim_add(sp_mix_strip *s, double db)
{
  s->strip.trim_db += db; /* in its range: trim_takes */
  for (size_t i = 0; i < s->strip.trims.n; i++)
    s->strip.trims.points[i].v += db;
  s->strip.trims.value += s->strip.trims.n ? db : 0;
}

/* a's points held at most db, a point of db put where a ramp (linear in
 * dB between points at seconds) crosses it. */
static void held_at(sp_auto *a, double db)
{
  sp_auto out = {0};
  for (size_t i = 0; i < a->n; i++) {
    const sp_auto_point *p = &a->points[i], *q = i + 1 < a->n ? p + 1 : NULL;
    sp_mix_auto_point(&out, p->t.seconds, fmin(p->v, db));
    const double t0 = p->t.seconds, t1 = q ? q->t.seconds : t0;
    if (q && t1 > t0 && (p->v < db) != (q->v < db) && isfinite(p->v) && isfinite(q->v))
      sp_mix_auto_point(&out, t0 + (db - p->v) / (q->v - p->v) * (t1 - t0), db);
  }
  free(a->points);
  a->points = out.points;
  a->n = out.n;
  a->value = a->n ? a->points[0].v : fmin(a->value, db);
}

void sp_session_vca_level_within(const sp_session_where *w, sp_mix_strip *s, const xmlNode *el,
                                 sp_auto *a, const char *names)
{
  double most = a->value;
  for (size_t i = 0; i < a->n; i++)
    most = i ? fmax(most, a->points[i].v) : a->points[i].v;
  if (!(most > RECIPE_MAX_DB))
    return;
  const double over = most - RECIPE_MAX_DB;
  const char *is = a->n ? "reaches" : "is";
  if (trim_takes(s, over)) {
    sp_session_trim_add(s, over);
    for (size_t i = 0; i < a->n; i++)
      a->points[i].v -= over;
    a->value -= over;
    sp_mix_note(s,
                "its gain with VCA %s %s %.2f dB, past the +24 dB a recipe's level holds: "
                "%.2f dB of it in its trim",
                names, is, most, over);
    return;
  }
  sp_session_loss(w, s, el,
                  "its gain with VCA %s %s %.2f dB, past the +24 dB a recipe's level holds, "
                  "and its trim cannot take the rest: held at +24 dB%s",
                  names, is, most, a->n ? " where it passes it" : "");
  held_at(a, RECIPE_MAX_DB);
}

void sp_session_vca_within(const sp_session_where *w, sp_mix_strip *s, const xmlNode *el,
                           double *db, const char *names)
{
  sp_auto a = {.value = *db};
  sp_session_vca_level_within(w, s, el, &a, names);
  *db = a.value;
}

/* One kind of what a reader did not read, as a loss. */
static void unread_loss(void *ctx, const xmlNode *n, const char *attr, size_t more)
{
  const sp_session_where *w = ctx;
  char also[96] = "";
  if (more)
    snprintf(also, sizeof also, " (nor %zu more like it%s)", more,
             attr ? " on elements of its name" : "");
  if (attr)
    sp_session_loss(w, NULL, n,
                    "its attribute %s=\"%.40s\" is not read by stemprint%s: what it changes is "
                    "not carried over; if it changes what the session plays, set that in the "
                    "recipe by hand",
                    attr, sp_xml_peek(n, attr), also);
  else
    sp_session_loss(w, NULL, n,
                    "the element <%s> in <%s> is not read by stemprint, nor anything in it%s: "
                    "what it changes is not carried over; if it changes what the session plays, "
                    "set that in the recipe by hand",
                    (const char *)n->name, (const char *)n->parent->name, also);
}

void sp_session_unread(const sp_session_where *w, const xmlNode *root, const sp_xml_ignored *table,
                       size_t n_table)
{
  sp_session_where at = *w;
  const size_t others =
      sp_xml_unread(root, table, n_table, SP_SESSION_UNREAD_KINDS, unread_loss, &at);
  if (others)
    sp_mix_loss(w->m, NULL, w->loss_file ? w->loss_file : "the session",
                "%zu more elements or attributes of other kinds are not read by stemprint (the "
                "first %d kinds are said): what they change is not carried over",
                others, SP_SESSION_UNREAD_KINDS);
}

bool sp_session_cached_whole(const char *path, uint64_t size)
{
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size) {
    if (fd >= 0)
      close(fd);
    return false;
  }
  sp_digest dg;
  uint64_t held = 0;
  const bool whole = sp_fs_digest_fd(fd, &dg, &held) && held == size;
  close(fd);
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&dg, hex);
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return whole && strncmp(base, hex, SP_DIGEST_HEX - 1) == 0;
}

char *sp_session_write_midi(const char *dir, bool cache, sp_outdir_stage *stage, const char *name,
                            const sp_midi_file *f, char ***taken, size_t *n_taken, bool *made,
                            char *why, size_t why_size)
{
  uint8_t *bytes = NULL;
  size_t n = 0;
  if (sp_smf_encode(f, &bytes, &n, why, why_size) != SP_OK)
    return NULL;
  if (!stage && sp_fs_mkdirs(dir, why, why_size) != SP_OK) {
    free(bytes);
    return NULL;
  }
  char *path = NULL;
  if (cache) {
    sp_digest dg;
    char hex[SP_DIGEST_HEX];
    sp_digest_bytes(bytes, n, &dg);
    sp_digest_hex(&dg, hex);
    path = sp_xasprintf("%s/%s.mid", dir, hex);
  } else {
    /* a name of its own this run: name.mid, name_2.mid, ... */
    for (int k = 1; !path; k++) {
      char *p = k == 1 ? sp_xasprintf("%s/%s.mid", dir, name)
                       : sp_xasprintf("%s/%s_%d.mid", dir, name, k);
      bool clash = stage && !sp_outdir_stage_free(stage, p);
      for (size_t i = 0; i < *n_taken && !clash; i++)
        clash = strcmp((*taken)[i], p) == 0;
      if (clash)
        free(p);
      else
        path = p;
    }
    *taken = sp_xreallocarray(*taken, *n_taken + 1, sizeof **taken);
    (*taken)[(*n_taken)++] = sp_xstrdup(path);
  }
  if (made)
    *made = !cache && !stage && access(path, F_OK) != 0;
  const bool there = cache && sp_session_cached_whole(path, n);
  bool staged = false;
  if (stage) { /* under a temporary name, until the import lands */
    const int fd = sp_outdir_stage_open(stage, path, why, why_size);
    staged = fd >= 0 && sp_fs_write_all(fd, bytes, n);
    if (fd >= 0 && (close(fd) != 0 || !staged)) {
      snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
      staged = false;
    }
  }
  if (stage && !staged) {
    free(path);
    path = NULL;
  } else if (!stage && !there && sp_fs_write_bytes(path, bytes, n, why, why_size) != SP_OK) {
    free(path);
    path = NULL;
  } else if (cache) {
    *taken = sp_xreallocarray(*taken, *n_taken + 1, sizeof **taken);
    (*taken)[(*n_taken)++] = sp_xstrdup(path);
  }
  free(bytes);
  return path;
}

char *sp_session_audio_cache(void)
{
  char *p = sp_fs_user_cache("session-audio");
  return p ? p : sp_xstrdup("/tmp/.cache/stemprint/session-audio");
}

char *sp_session_media_dir(const sp_import_opts *o, bool *cache)
{
  *cache = !o->audio_dir && !o->stage;
  if (o->stage)
    return sp_xstrdup(o->stage->dir);
  if (o->audio_dir && o->audio_dir[0] != '/') {
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof cwd) ? sp_xasprintf("%s/%s", cwd, o->audio_dir)
                                   : sp_xstrdup(o->audio_dir);
  }
  return o->audio_dir ? sp_xstrdup(o->audio_dir) : sp_session_audio_cache();
}

typedef struct cached_file {
  char *path;
  double bytes;
  time_t used;
} cached_file;

static int by_use(const void *a, const void *b)
{
  const cached_file *x = a, *y = b;
  if (x->used != y->used)
    return x->used < y->used ? -1 : 1;
  return strcmp(x->path, y->path);
}

static double audio_cache_bound(void)
{
  const char *v = getenv("STEMPRINT_SESSION_AUDIO_MAX");
  char *end;
  double gb = v && *v ? strtod(v, &end) : -1;
  return v && *v && *end == '\0' && gb >= 0 ? gb * 1e9 : SP_SESSION_AUDIO_MAX;
}

void sp_session_audio_prune(const char *dir, const char *const *in, size_t n)
{
  /* Used now: the access time, never the modification time, which a
   * render reading the file checks (see sp_fs_mark_used) */
  for (size_t i = 0; i < n; i++)
    sp_fs_mark_used(in[i]);
  DIR *d = opendir(dir);
  if (!d)
    return;
  cached_file *f = NULL;
  size_t nf = 0;
  double total = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue; /* temporary files of extractions under way */
    char *p = sp_xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(p);
      continue;
    }
    f = sp_xreallocarray(f, nf + 1, sizeof *f);
    f[nf++] = (cached_file){p, (double)st.st_size, st.st_atime};
    total += (double)st.st_size;
  }
  closedir(d);
  const double bound = audio_cache_bound();
  if (total > bound && nf > 0) {
    qsort(f, nf, sizeof *f, by_use);
    const time_t now = time(NULL);
    for (size_t i = 0; i < nf && total > bound; i++) {
      bool keep = now - f[i].used < SP_SESSION_AUDIO_KEEP_SECONDS;
      for (size_t k = 0; k < n && !keep; k++)
        keep = strcmp(f[i].path, in[k]) == 0;
      if (!keep && unlink(f[i].path) == 0)
        total -= f[i].bytes;
    }
  }
  for (size_t i = 0; i < nf; i++)
    free(f[i].path);
  free(f);
}
