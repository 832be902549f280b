/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audio a DAWproject names (io/session/dawproject_reader.h): a file
 * beside it, or an entry of its zip extracted (bounded in size, checked to
 * be audio, into the import's folder or the cache). */

#include "io/session/dawproject_reader.h"

#include "core/base/alloc.h"
#include "core/base/digest.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* ---- audio files ---------------------------------------------------------------------- */

/* An entry of audio that begins otherwise than audio does (its kind's
 * magic, io/fs/kind.h: RIFF, FORM, fLaC, ...) is refused after its first
 * block, not extracted whole (a few MB of deflated zeros can claim
 * gigabytes). */
enum { AUDIO_HEAD = 16 };

typedef struct extracting {
  int fd;
  sp_hasher *h;
  unsigned char head[AUDIO_HEAD];
  size_t n_head;
  bool checked;
  entry_kind kind;
} extracting;

/* Whether x's first bytes begin what it must be; else why says so. */
static bool check_head(extracting *x, char *why, size_t why_size)
{
  x->checked = true;
  bool text = x->n_head > 0;
  for (size_t i = 0; i < x->n_head; i++)
    text &= x->head[i] >= 0x20 || x->head[i] == '\t' || x->head[i] == '\n' || x->head[i] == '\r';
  const sp_fs_kind *begins_as = sp_fs_kind_of(x->head, x->n_head, true);
  if (x->kind == E_AUDIO       ? begins_as && begins_as->audio
      : x->kind == E_SOUNDFONT ? x->n_head >= 12 && memcmp(x->head, "RIFF", 4) == 0 &&
                                     memcmp(x->head + 8, "sfbk", 4) == 0
                               : text)
    return true;
  char hex[3 * AUDIO_HEAD + 1] = "";
  for (size_t i = 0, at = 0; i < x->n_head && i < 8; i++)
    at += (size_t)snprintf(hex + at, sizeof hex - at, "%s%02x", i ? " " : "", x->head[i]);
  snprintf(why, why_size, "%s: it begins with %s%s, where %s; not extracted",
           x->kind == E_AUDIO       ? "not an audio file"
           : x->kind == E_SOUNDFONT ? "not a SoundFont"
                                    : "not a plugin state (LV2's Turtle text)",
           x->n_head ? hex : "nothing", x->n_head > 8 ? " ..." : "",
           x->kind == E_AUDIO ? "WAV, AIFF, FLAC, Ogg, CAF and the other formats stemprint reads "
                                "begin with their name"
           : x->kind == E_SOUNDFONT ? "a SoundFont begins with RIFF and sfbk"
                                    : "a state is text");
  return false;
}

static bool to_file(void *ctx, const void *data, size_t n, char *why, size_t why_size)
{
  extracting *x = ctx;
  if (!x->checked) {
    size_t take = n < AUDIO_HEAD - x->n_head ? n : AUDIO_HEAD - x->n_head;
    memcpy(x->head + x->n_head, data, take);
    x->n_head += take;
    if (x->n_head == AUDIO_HEAD && !check_head(x, why, why_size))
      return false;
  }
  if (x->h)
    sp_hasher_add(x->h, data, n);
  if (!sp_fs_write_all(x->fd, data, n)) {
    snprintf(why, why_size, "cannot write: %s", strerror(errno));
    return false;
  }
  return true;
}

static const char *extension(const char *name)
{
  const char *slash = strrchr(name, '/');
  const char *dot = strrchr(slash ? slash + 1 : name, '.');
  return dot && strlen(dot) <= 6 ? dot : "";
}

char *dp_safe_base(const char *entry)
{
  const char *slash = strrchr(entry, '/');
  const char *b = slash ? slash + 1 : entry;
  char *s = sp_xstrdup(*b ? b : "audio");
  for (char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '.' || *c == '-' || *c == '_'))
      *c = '_';
  if (s[0] == '.')
    s[0] = '_';
  return s;
}

/* The embedded file entry, extracted; its path (heap), or NULL with an
 * error. It must be of kind (its first bytes say). */
static char *extract(reader *r, const xmlNode *file_el, const char *entry, entry_kind kind)
{
  size_t i;
  if (sp_strmap_get(&r->extracted_from, entry, &i))
    return sp_xstrdup(r->extracts[i].to);
  uint64_t size = 0;
  if (!sp_zip_has(r->zip, entry, &size)) {
    error(r, file_el, SP_ERR_IO, "File path='%s': the container holds no such entry", entry);
    return NULL;
  }
  if (size > SP_DAWPROJECT_MAX_AUDIO_TOTAL - r->extracted) {
    error(r, file_el, SP_ERR_IO,
          "File path='%s': its %llu bytes would take the audio extracted past %llu GB; "
          "is the container damaged?",
          entry, (unsigned long long)size,
          (unsigned long long)(SP_DAWPROJECT_MAX_AUDIO_TOTAL >> 30));
    return NULL;
  }
  r->extracted += size;
  char why[512];
  sp_outdir_stage *stage = r->o->stage; /* (beside the recipe: staged) */
  if (!stage && !r->audio_dir_made && sp_fs_mkdirs(r->audio_dir, why, sizeof why) != SP_OK) {
    error(r, file_el, SP_ERR_IO, "cannot make %s for the embedded audio: %s", r->audio_dir, why);
    return NULL;
  }
  r->audio_dir_made = true;
  /* What the entry says it holds must fit, with room to spare: a full
   * disk fails other programs too. */
  struct statvfs fs;
  const bool stat_ok = statvfs(r->audio_dir, &fs) == 0 || statvfs(r->recipe_dir, &fs) == 0;
  if (stat_ok && fs.f_frsize > 0) {
    const double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    if ((double)size + SP_DAWPROJECT_SPARE > free_bytes) {
      /* where else it can go: beside the recipe an import writes (-o);
       * a render's, the user's cache (XDG_CACHE_HOME) */
      error(r, file_el, SP_ERR_IO,
            "File path='%s': its %.1f MB would leave less than %.0f MB free in %s (%.1f MB "
            "free); make room there, or %s",
            entry, (double)size / 1e6, SP_DAWPROJECT_SPARE / 1e6, r->audio_dir, free_bytes / 1e6,
            r->audio_cache ? "set XDG_CACHE_HOME to a folder on a disk with space"
                           : "import with -o naming a recipe on a disk with space (its audio "
                             "goes beside it)");
      return NULL;
    }
  }
  char *dest = NULL;
  if (r->audio_cache) {
    dest = sp_xasprintf("%s/pending%s", r->audio_dir, extension(entry));
  } else {
    /* a name of its own: none this import extracted, none of a file it
     * reads (an external file the session plays from the same folder) */
    char *base = dp_safe_base(entry);
    dest = sp_xasprintf("%s/%s", r->audio_dir, base);
    for (int k = 2; k < 10000; k++) {
      if (!sp_strmap_get(&r->extracted_to, dest, NULL) &&
          (!stage || sp_outdir_stage_free(stage, dest)))
        break;
      free(dest);
      dest = sp_xasprintf("%s/%d_%s", r->audio_dir, k, base);
    }
    free(base);
  }
  char *tmp = stage ? NULL : sp_fs_temp_template(dest);
  int fd = stage ? sp_outdir_stage_open(stage, dest, why, sizeof why) : mkstemp(tmp);
  if (fd < 0) {
    if (!stage)
      snprintf(why, sizeof why, "cannot write %s: %s", dest, strerror(errno));
    error(r, file_el, SP_ERR_IO, "%s", why);
    free(tmp);
    free(dest);
    return NULL;
  }
  if (stage) /* (the stage's: it takes it away where the import fails) */
    tmp = sp_xstrdup(stage->temps[stage->n - 1]);
  else
    fchmod(fd, sp_fs_file_mode());
  extracting x = {.fd = fd, .h = r->audio_cache ? sp_hasher_new() : NULL, .kind = kind};
  sp_err rc = sp_zip_stream(r->zip, entry, SP_DAWPROJECT_MAX_AUDIO, to_file, &x, why, sizeof why);
  if (rc == SP_OK && !x.checked && !check_head(&x, why, sizeof why))
    rc = SP_ERR_IO; /* shorter than a header */
  if (close(fd) != 0 && rc == SP_OK) {
    snprintf(why, sizeof why, "cannot write %s: %s", tmp, strerror(errno));
    rc = SP_ERR_IO;
  }
  if (x.h) { /* in the cache: named by its bytes */
    sp_digest dg;
    sp_hasher_end(x.h, &dg);
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(&dg, hex);
    if (rc == SP_OK) {
      free(dest);
      dest = sp_xasprintf("%s/%s%s", r->audio_dir, hex, extension(entry));
    }
  }
  /* A file of the cache that was there is another import's too: it is
   * the same bytes (named by them), so it stays as it is, never replaced
   * while a render may be reading it, and only what this import made goes
   * if the import fails. Put in place by link(), which makes it only where
   * none is: two imports of one archive at once (two commands, two test
   * programs) each found it missing and renamed theirs over the other's,
   * under a render that read it (which then refused it as changed). */
  bool existed = access(dest, F_OK) == 0, placed = false;
  if (rc == SP_OK && r->audio_cache && existed && !sp_session_cached_whole(dest, size)) {
    /* not the bytes it is named by (a disk's error, a tool's write):
     * the session's put in its place, a render reading it keeps its own */
    sp_diags_add_whole(r->d, SP_SEV_WARNING, SP_OK,
                       "%s: the copy of File path='%s' extracted before, %s, did not hold the "
                       "bytes it is named by (damaged since): extracted again in its place",
                       r->path, entry, dest);
    existed = false;
    if (rename(tmp, dest) == 0)
      placed = true;
  }
  if (rc == SP_OK && r->audio_cache && !existed) {
    if (link(tmp, dest) == 0) {
      unlink(tmp);
      placed = true;
    } else if (errno == EEXIST)
      existed = true; /* another import's, made since */
    /* else a file system without links: renamed below */
  }
  if (rc == SP_OK && existed && r->audio_cache) {
    unlink(tmp);
    /* used now, at once: a prune of another render passes it by */
    sp_fs_mark_used(dest);
  } else if (rc == SP_OK && !placed && !stage && rename(tmp, dest) != 0) {
    snprintf(why, sizeof why, "cannot write %s: %s", dest, strerror(errno));
    rc = SP_ERR_IO;
  }
  if (rc != SP_OK) {
    if (!stage)
      unlink(tmp);
    error(r, file_el, SP_ERR_IO, "File path='%s': %s", entry, why);
    free(tmp);
    free(dest);
    return NULL;
  }
  free(tmp);
  r->extracts = sp_xreallocarray(r->extracts, r->n_extracted + 1, sizeof *r->extracts);
  sp_strmap_put(&r->extracted_from, entry, r->n_extracted);
  sp_strmap_put(&r->extracted_to, dest, r->n_extracted);
  r->extracts[r->n_extracted++] = (id_pair){sp_xstrdup(entry), sp_xstrdup(dest)};
  if (!existed && !stage) {
    r->created = sp_xreallocarray(r->created, r->n_created + 1, sizeof(char *));
    r->created[r->n_created++] = sp_xstrdup(dest);
  }
  return dest;
}

/* Whether path resolves (links followed) inside the folder dir. */
static bool inside(const char *path, const char *dir)
{
  char *rp = realpath(path, NULL), *rd = realpath(dir, NULL);
  size_t n = rd ? strlen(rd) : 0;
  bool in = rp && rd && strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
  free(rp);
  free(rd);
  return in;
}

char *dp_file_name(const reader *r, const xmlNode *f)
{
  const char *p = sp_xml_peek(f, "path");
  return p && !sp_xml_bool(f, "external", false) ? sp_xasprintf("%s:%s", r->path, p) : NULL;
}

char *dp_file_path(reader *r, const xmlNode *owner, const xmlNode *f, entry_kind kind)
{
  const char *p = sp_xml_attr(f, "path");
  if (!p || !*p) {
    error(r, owner, SP_ERR_USAGE, "%s: its %s has no path", (const char *)owner->name,
          f ? (const char *)f->name : "File");
    return NULL;
  }
  if (!sp_xml_bool(f, "external", false)) {
    char *x = extract(r, f, p, kind);
    if (!x)
      return NULL;
    char *rel = sp_fs_relative_to(x, r->recipe_dir);
    free(x);
    return rel;
  }
  char *abs = p[0] == '/' ? sp_xstrdup(p) : sp_xasprintf("%s/%s", r->session_dir, p);
  if (access(abs, R_OK) != 0) {
    error(r, f, SP_ERR_IO, "%s path='%s' (external): cannot read %s: %s", (const char *)f->name, p,
          abs, strerror(errno));
    free(abs);
    return NULL;
  }
  /* The cache holds what stemprint extracted, which a render under
   * --confine may read (sp_session_input.trusted_dir): a session's own external
   * reference may not lead into it. */
  if (r->audio_cache && inside(abs, r->audio_dir)) {
    error(r, f, SP_ERR_USAGE,
          "%s path='%s' (external) leads into stemprint's cache of extracted audio (%s); "
          "refer to the %s where it lives, or embed it",
          (const char *)f->name, p, r->audio_dir, kind == E_AUDIO ? "audio" : "file");
    free(abs);
    return NULL;
  }
  char *rel = sp_fs_relative_to(abs, r->recipe_dir);
  free(abs);
  return rel;
}
