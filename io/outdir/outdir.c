/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render's output folder: one commit at a time under a lock, and each
 * recipe's record of what it printed there (see io/outdir/outdir.h).
 *
 *   lock <dir>/.stemprint/lock ─► complete a killed commit's journal ─►
 *   read the recipe's record ─► write the journal ─► rename every
 *   temporary file into place ─► remove what the record lists and the
 *   recipe prints no more ─► write the new record ─► remove the journal ─►
 *   unlock */

#include "io/outdir/outdir.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/fs/fs.h"
#include "io/fs/record.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *sp_outdir_record_path(const char *dir, const char *recipe_name)
{
  return sp_xasprintf("%s/" SP_RECORD_DIR "/%s" SP_RECORD_EXT, dir, recipe_name);
}

/* to as a path relative to the folder from (both resolved, links
 * followed); NULL when either cannot be resolved. */
static char *relative_to(const char *from, const char *to)
{
  char *a = realpath(from, NULL), *b = realpath(to, NULL);
  char *rel = a && b ? sp_fs_path_from(a, b) : NULL;
  free(a);
  free(b);
  return rel;
}

/* A record's recipe line: '%', spaces and control characters escaped, so
 * that the line is one word for make. */
static char *encode(const char *s)
{
  char *out = sp_xmalloc(3 * strlen(s) + 1), *o = out;
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c <= ' ' || *c == '%' || *c == 0x7f)
      o += sprintf(o, "%%%02X", *c);
    else
      *o++ = (char)*c;
  }
  *o = '\0';
  return out;
}

/* Whether names lists name (in any case: names a file system that ignores
 * case takes for one). */
static bool listed(const char *name, const char *const *names, size_t n, bool any_case)
{
  for (size_t i = 0; i < n; i++)
    if ((any_case ? strcasecmp : strcmp)(names[i], name) == 0)
      return true;
  return false;
}

/* Whether dir/name is a regular file (a link is not followed); remove:
 * and it was removed. */
static bool regular_at(const char *dir, const char *name, bool remove)
{
  char *p = sp_xasprintf("%s/%s", dir, name);
  struct stat st;
  const bool yes = lstat(p, &st) == 0 && S_ISREG(st.st_mode) && (!remove || unlink(p) == 0);
  free(p);
  return yes;
}

/* The name of the recipe (its record's name, less .prints; heap) whose
 * record in records_dir, other than the one at own, lists name; NULL when
 * none does. */
static char *claimant_of(const char *records_dir, const char *own, const char *name, bool any_case)
{
  DIR *d = opendir(records_dir);
  if (!d)
    return NULL;
  char *claimant = NULL;
  const size_t ext = strlen(SP_RECORD_EXT);
  for (struct dirent *e; !claimant && (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n <= ext || strcmp(e->d_name + n - ext, SP_RECORD_EXT) != 0)
      continue;
    char *path = sp_xasprintf("%s/%s", records_dir, e->d_name);
    if (strcmp(path, own) != 0) {
      sp_record r;
      char why[512];
      if (sp_record_read(path, &r, why, sizeof why) == SP_OK) {
        if (listed(name, (const char *const *)r.names, r.n, any_case))
          claimant = sp_xasprintf("%.*s", (int)(n - ext), e->d_name);
        sp_record_fini(&r);
      }
    }
    free(path);
  }
  closedir(d);
  return claimant;
}

static bool claimed_by_another(const char *records_dir, const char *own, const char *name)
{
  char *who = claimant_of(records_dir, own, name, false);
  const bool claimed = who != NULL;
  free(who);
  return claimed;
}

/* What lock_folder returns for a lock whose file was removed while it was
 * waited for (by a refused commit that had made it, release_lock): no
 * lock; make the records' folder again and take it anew. */
enum { LOCK_GONE = -2 };

/* The folder's lock, held until the descriptor is closed (-1 with why;
 * LOCK_GONE); its file made here where missing (*made). Where there is a
 * cancel, the lock is asked for every 20 ms and the wait ends when cancel
 * is set: a signal goes to any of a render's threads, seldom the one that
 * waits in flock(2), which it would not interrupt. The lock taken, the
 * caller looks at cancel again. */
static int lock_folder(const char *records_dir, const volatile sig_atomic_t *cancel, bool *made,
                       char *why, size_t why_size)
{
  char *path = sp_xasprintf("%s/lock", records_dir);
  int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666); /* not a link's */
  *made = fd >= 0;
  if (fd < 0 && errno == EEXIST)
    fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int e = errno;
    if (e == ELOOP)
      snprintf(why, why_size,
               "cannot lock the output folder ('%s'): it is a symbolic link, never followed out "
               "of the folder: remove it",
               path);
    else
      snprintf(why, why_size,
               "cannot lock the output folder ('%s'): %s; make '%s' writable, or print into "
               "another folder (output.dir, or -o)",
               path, strerror(e), records_dir);
    free(path);
    return e == ENOENT ? LOCK_GONE : -1; /* its folder removed since it was made */
  }
  int rc;
  const struct timespec poll_ms = {0, 20 * 1000 * 1000};
  while ((rc = flock(fd, cancel ? LOCK_EX | LOCK_NB : LOCK_EX)) != 0 &&
         (errno == EINTR || errno == EWOULDBLOCK) && !(cancel && *cancel))
    if (errno == EWOULDBLOCK)
      nanosleep(&poll_ms, NULL);
  struct stat st;
  if (rc != 0) {
    if (errno == EINTR || errno == EWOULDBLOCK) /* the lock was another render's */
      snprintf(why, why_size,
               "interrupted while another render committed into '%s'; nothing was written",
               records_dir);
    else
      snprintf(why, why_size, "cannot lock the output folder ('%s'): %s", path, strerror(errno));
    close(fd);
    fd = -1;
  } else if (fstat(fd, &st) == 0 && st.st_nlink == 0) {
    close(fd);
    fd = LOCK_GONE;
  }
  free(path);
  return fd;
}

/* Let go of the lock; where nothing landed, the lock's file and the
 * records' folder this commit made (made_lock, made_dir) removed first,
 * under the lock, so that a refused commit leaves the folder as it was.
 * A commit waiting for this lock then finds its file gone and takes the
 * lock anew (LOCK_GONE). */
static void release_lock(int lock, const char *records_dir, bool landed, bool made_lock,
                         bool made_dir)
{
  if (!landed && made_lock) {
    char *path = sp_xasprintf("%s/lock", records_dir);
    unlink(path);
    free(path);
  }
  if (!landed && made_dir)
    rmdir(records_dir); /* (empty, unless another commit landed while this one waited) */
  close(lock);
}

/* The record's line naming recipe_file, as seen from dir (heap); where
 * it is not there yet (an import's, landed by the commit), where it will
 * be. */
static char *recipe_id(const char *dir, const char *recipe_file)
{
  if (sp_fs_text_piped(recipe_file)) /* (/dev/fd/63: no folder holds it) */
    return encode(recipe_file);
  char *rel = relative_to(dir, recipe_file);
  if (!rel) {
    char *folder = sp_fs_folder_of(recipe_file), *up = relative_to(dir, folder);
    const char *name = sp_base_name(recipe_file);
    const size_t n = up ? strlen(up) : 0; /* "", "../", "out/.." */
    rel = up ? sp_xasprintf("%s%s%s", up, n && up[n - 1] != '/' ? "/" : "", name) : NULL;
    free(up);
    free(folder);
  }
  char *id = encode(rel ? rel : recipe_file);
  free(rel);
  return id;
}

char *sp_outdir_claimant(const char *dir, const char *recipe_name, const char *recipe_file)
{
  char *path = sp_outdir_record_path(dir, recipe_name);
  sp_record old;
  char *other = NULL, why[512];
  if (sp_record_read(path, &old, why, sizeof why) == SP_OK) {
    char *id = recipe_id(dir, recipe_file);
    if (old.recipe && strcmp(old.recipe, id) != 0)
      other = sp_xstrdup(old.recipe);
    free(id);
    sp_record_fini(&old);
  }
  free(path);
  return other;
}

char *sp_outdir_taken(const char *dir, const char *recipe_name, const char *const *names, size_t n,
                      size_t *which)
{
  char *records_dir = sp_xasprintf("%s/" SP_RECORD_DIR, dir);
  char *own = sp_outdir_record_path(dir, recipe_name);
  char *who = NULL;
  for (size_t i = 0; !who && i < n; i++)
    if ((who = claimant_of(records_dir, own, names[i], true)) != NULL)
      *which = i;
  free(own);
  free(records_dir);
  return who;
}

/* Whether the regular files a and b hold the same bytes (replacing one by
 * the other loses nothing). */
static bool same_bytes(const char *a, const char *b)
{
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || !S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode) ||
      sa.st_size != sb.st_size)
    return false;
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  bool same = fa && fb;
  enum { CHUNK = 1 << 16 };
  char *ba = sp_xmalloc(2 * CHUNK), *bb = ba + CHUNK; /* (imports run on workers: no static) */
  for (size_t n; same && (n = fread(ba, 1, CHUNK, fa)) > 0;)
    same = fread(bb, 1, n, fb) == n && memcmp(ba, bb, n) == 0;
  same = same && !ferror(fa) && !ferror(fb);
  free(ba);
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

/* Whether c's finals in its folder replace no file of the user's, where
 * c keeps them (others_fix): none there that mine (the recipe's own record,
 * at record_path; NULL: none) does not list, but one that holds what
 * would land (an earlier import's, from before imports kept a record: the
 * same session imported again); else why names it. */
static bool others_kept(const sp_outdir_commit *c, const char *record_path, const sp_record *mine,
                        char *why, size_t why_size)
{
  const size_t n = strlen(c->dir);
  for (size_t i = 0; i < c->n_files && c->others_fix; i++) {
    const char *name = sp_base_name(c->finals[i]);
    const bool in_dir = strncmp(c->finals[i], c->dir, n) == 0 && c->finals[i][n] == '/' &&
                        strcmp(c->finals[i] + n + 1, name) == 0;
    struct stat st;
    if (in_dir && lstat(c->finals[i], &st) == 0 &&
        !(mine && listed(name, (const char *const *)mine->names, mine->n, false)) &&
        !same_bytes(c->temps[i], c->finals[i])) {
      snprintf(why, why_size,
               "%s is there, and no earlier commit of %s wrote it (%s lists no such file): it "
               "is not replaced; %s",
               c->finals[i], c->recipe_file, record_path, c->others_fix);
      return false;
    }
  }
  return true;
}

/* c's record of its recipe in *old where there is one of this very
 * recipe (its path at *record_path, the recipe's line in *id: heap). */
static bool own_record(const sp_outdir_commit *c, char **record_path, char **id, sp_record *old,
                       bool *have)
{
  *record_path = sp_outdir_record_path(c->dir, c->recipe_name);
  *id = recipe_id(c->dir, c->recipe_file);
  char rwhy[512];
  *have = sp_record_read(*record_path, old, rwhy, sizeof rwhy) == SP_OK;
  return *have && old->recipe && strcmp(old->recipe, *id) == 0;
}

/* Whether records_dir, where it is, is a folder of the output folder's own
 * (not a link, which would take the records and the lock wherever it
 * points); else why. */
static bool records_dir_ok(const char *records_dir, char *why, size_t why_size)
{
  struct stat st;
  const bool there = lstat(records_dir, &st) == 0;
  if (there && S_ISDIR(st.st_mode))
    return true;
  snprintf(why, why_size,
           "cannot keep the output folder's records in '%s': %s; stemprint keeps them in a "
           "folder of its own there, never followed out of it: remove it",
           records_dir,
           !there                ? strerror(errno)
           : S_ISLNK(st.st_mode) ? "it is a symbolic link"
                                 : "it is not a folder");
  return false;
}

/* Why c's files cannot land (SP_OK: they can): a folder or a device at a
 * final name, or where the record goes (a FIFO there would hold the
 * commit forever), SP_ERR_IO; a file of the user's that mine (the
 * recipe's own record, at record_path; NULL: none) does not list, where
 * others_fix says, SP_ERR_USAGE. */
static sp_err refusal(const sp_outdir_commit *c, const char *record_path, const sp_record *mine,
                      char *why, size_t why_size)
{
  if (!sp_fs_refuse_not_file(record_path, why, why_size))
    return SP_ERR_IO;
  if (!others_kept(c, record_path, mine, why, why_size))
    return SP_ERR_USAGE;
  for (size_t i = 0; i < c->n_files; i++)
    if (!sp_fs_refuse_not_file(c->finals[i], why, why_size))
      return SP_ERR_IO;
  return SP_OK;
}

/* The files paths[0..n) into ids, by sp_fs_identity (a link, another
 * spelling of a path: one file). */
static void identities(const char *const *paths, size_t n, sp_strmap *ids)
{
  for (size_t i = 0; i < n; i++) {
    char *id = sp_fs_identity(paths[i], NULL);
    sp_strmap_put(ids, id, i);
    free(id);
  }
}

/* Whether path is one of the files of ids (identities). */
static bool identity_in(const sp_strmap *ids, const char *path)
{
  char *id = sp_fs_identity(path, NULL);
  const bool in = sp_strmap_get(ids, id, NULL);
  free(id);
  return in;
}

/* Whether name, a file in dir, is one of the files of ids. */
static bool in_dir_among(const char *dir, const char *name, const sp_strmap *ids)
{
  char *p = sp_xasprintf("%s/%s", dir, name);
  const bool in = identity_in(ids, p);
  free(p);
  return in;
}

sp_err sp_outdir_commit_check(const sp_outdir_commit *c, char *why, size_t why_size)
{
  char *records_dir = sp_xasprintf("%s/" SP_RECORD_DIR, c->dir);
  struct stat st;
  sp_err err = SP_OK;
  if (lstat(records_dir, &st) == 0 && !records_dir_ok(records_dir, why, why_size))
    err = SP_ERR_IO;
  free(records_dir);
  if (err != SP_OK)
    return err;
  char *record_path, *id;
  sp_record old;
  bool have;
  const bool ours = own_record(c, &record_path, &id, &old, &have);
  err = refusal(c, record_path, ours ? &old : NULL, why, why_size);
  if (have)
    sp_record_fini(&old);
  free(record_path);
  free(id);
  return err;
}

/* Why c, with claims, cannot land over what another command landed in
 * its folder after c's command looked (SP_OK: nothing): its own record
 * (at record_path) of another input (other: that input; NULL: none), or
 * a final another record in its folder lists (sp_outdir_taken, as the
 * command asked before its work). */
static sp_err claims_refusal(const sp_outdir_commit *c, const char *record_path, const char *other,
                             char *why, size_t why_size)
{
  if (!c->claims)
    return SP_OK;
  if (other) {
    snprintf(why, why_size,
             "'%s' holds the prints of another input named '%s' (%s, as its record %s says), "
             "landed there while %s was made, so nothing was landed: give each a folder of its "
             "own, or use --force to print there and take the record over",
             c->dir, c->recipe_name, other, record_path, c->recipe_file);
    return SP_ERR_USAGE;
  }
  const char **names = sp_xcalloc(c->n_files + 1, sizeof *names);
  for (size_t i = 0; i < c->n_files; i++)
    names[i] = sp_base_name(c->finals[i]);
  size_t which = 0; /* what the command asked before its work, asked again */
  char *who = sp_outdir_taken(c->dir, c->recipe_name, names, c->n_files, &which);
  if (who)
    snprintf(why, why_size,
             "'%s' holds the prints of the recipe '%s', landed there while %s was made, "
             "which would print over its %s; nothing was landed: give each recipe a folder of "
             "its own, or prints of other names, or use --force to print over them",
             c->dir, who, c->recipe_file, names[which]);
  free(names);
  const sp_err err = who ? SP_ERR_USAGE : SP_OK;
  free(who);
  return err;
}

/* ---- the commit's journal -------------------------------------------------
 * Written (atomically) into the records' folder before the first rename,
 * removed after the record: a process killed between leaves it, and the
 * next commit into the folder, under the lock, completes that one first
 * (finish_journal) before the folder's temporary files are taken for a
 * dead process's and removed. Its lines: the head, "/record=" the record's
 * path, "/move=" a temporary file and its place, "/remove=" a print the
 * recipe prints no more, each path absolute and encoded (encode), then
 * "/text" and the record's text as it is to be written. */
#define JOURNAL "commit"
#define JOURNAL_HEAD "/stemprint-commit=1"

/* path absolute (heap): the journal is read from another working folder */
static char *absolute(const char *path)
{
  if (path[0] == '/')
    return sp_xstrdup(path);
  char *cwd = getcwd(NULL, 0);
  char *a = sp_xasprintf("%s/%s", cwd ? cwd : ".", path);
  free(cwd);
  return a;
}

static void journal_put(FILE *f, const char *tag, const char *path)
{
  char *a = absolute(path), *e = encode(a);
  fprintf(f, "%s%s", tag, e);
  free(e);
  free(a);
}

/* encode's text back, in place; false where it is not encode's. */
static bool decode(char *s)
{
  char *o = s;
  for (const char *c = s; *c; c++) {
    unsigned v;
    if (*c != '%') {
      *o++ = *c;
    } else if (isxdigit((unsigned char)c[1]) && isxdigit((unsigned char)c[2]) &&
               sscanf(c + 1, "%2x", &v) == 1 && v != 0) {
      *o++ = (char)v;
      c += 2;
    } else {
      return false;
    }
  }
  *o = '\0';
  return true;
}

/* The commit a killed process left in records_dir's journal, completed:
 * its temporary files still there moved into place (how many into
 * *moved), the prints it removes removed, its record written; false
 * where there is no journal. A journal that is not one is removed. */
static bool finish_journal(const char *records_dir, size_t *moved)
{
  char *path = sp_xasprintf("%s/" JOURNAL, records_dir), *text = NULL, why[512];
  size_t n = 0;
  *moved = 0;
  if (access(path, F_OK) != 0 || /* (the common case: none, and no words made for it) */
      sp_fs_read_all(path, "a commit's journal", "journals", 64u << 20, &text, &n, why,
                     sizeof why) != SP_OK) {
    free(path);
    return false;
  }
  char *record = NULL, *body = strstr(text, "\n/text\n");
  if (strncmp(text, JOURNAL_HEAD "\n", sizeof JOURNAL_HEAD) == 0 && body) {
    *body = '\0';
    body += strlen("\n/text\n");
    for (char *line = strtok(text + sizeof JOURNAL_HEAD, "\n"); line; line = strtok(NULL, "\n")) {
      char *to = strchr(line, ' ');
      if (to)
        *to++ = '\0';
      if (strncmp(line, "/record=", 8) == 0 && decode(line + 8)) {
        record = line + 8;
      } else if (strncmp(line, "/move=", 6) == 0 && to && decode(line + 6) && decode(to)) {
        struct stat st;
        *moved += lstat(line + 6, &st) == 0 && S_ISREG(st.st_mode) && rename(line + 6, to) == 0;
      } else if (strncmp(line, "/remove=", 8) == 0 && decode(line + 8)) {
        struct stat st;
        if (lstat(line + 8, &st) == 0 && S_ISREG(st.st_mode))
          unlink(line + 8);
      }
    }
    if (record)
      sp_fs_write_text(record, body, why, sizeof why);
  }
  unlink(path);
  free(text);
  free(path);
  return true;
}

sp_err sp_outdir_commit_files(const sp_outdir_commit *c, sp_outdir_result *res, char *why,
                              size_t why_size)
{
  memset(res, 0, sizeof *res);
  char *records_dir = sp_xasprintf("%s/" SP_RECORD_DIR, c->dir);
  bool made_dir = false, made_lock = false;
  int lock = LOCK_GONE;
  while (lock == LOCK_GONE) {
    made_dir = mkdir(records_dir, 0777) == 0;
    if (!made_dir && errno != EEXIST) {
      snprintf(why, why_size, "cannot create '%s': %s", records_dir, strerror(errno));
      free(records_dir);
      return SP_ERR_IO;
    }
    /* the records are written in the output folder itself: a link there
     * (a clone's, say) would take them, and the lock, wherever it points */
    if (!records_dir_ok(records_dir, why, why_size)) {
      free(records_dir);
      return SP_ERR_IO;
    }
    lock = lock_folder(records_dir, c->cancel, &made_lock, why, why_size);
  }
  if (lock < 0) {
    if (made_dir)
      rmdir(records_dir); /* (not where another render holds the lock) */
    free(records_dir);
    return SP_ERR_IO;
  }
  /* a commit a killed process left halfway, completed before anything
   * else reads the folder's records or takes its files for a dead one's */
  size_t moved = 0;
  const bool finished = finish_journal(records_dir, &moved);
  char *record_path, *id;
  sp_record old;
  bool have;
  const bool ours = own_record(c, &record_path, &id, &old, &have);
  sp_err err = claims_refusal(
      c, record_path, have && !ours ? (old.recipe ? old.recipe : "unknown") : NULL, why, why_size);
  if (err == SP_OK && have && !ours)
    res->note = sp_xasprintf("%s recorded the prints of another recipe named '%s' (%s); "
                             "nothing it lists was removed, and it now records %s's",
                             record_path, c->recipe_name, old.recipe ? old.recipe : "unknown",
                             c->recipe_file);

  if (err == SP_OK && c->cancel && *c->cancel) {
    snprintf(why, why_size, "interrupted before its files were committed; nothing was written");
    err = SP_ERR_IO;
  }
  if (err == SP_OK) /* none renamed when one cannot be */
    err = refusal(c, record_path, ours ? &old : NULL, why, why_size);
  /* refused, the folder stays as it was: the temporary files of killed
   * renders too, till a commit lands */
  const bool landing = err == SP_OK;
  if (landing)
    res->n_stale_temps =
        sp_fs_remove_stale_temps(c->dir, NULL) + sp_fs_remove_stale_temps(records_dir, NULL);

  /* What the recipe prints once the files are in place: this render's
   * files, and the earlier prints it did not write this time; and the
   * earlier prints it prints no more, to be removed. */
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fprintf(f, "%s\n/recipe=%s\n", SP_RECORD_HEAD, id);
  for (size_t k = 0; k < c->n_prints; k++) {
    const char *name = c->prints[k];
    bool now = false;
    for (size_t i = 0; i < c->n_files && !now; i++)
      now = strcmp(sp_base_name(c->finals[i]), name) == 0;
    if (!now && ours && listed(name, (const char *const *)old.names, old.n, false))
      now = regular_at(c->dir, name, false);
    if (now) {
      sp_fs_make_escape(f, name, true); /* a print: a target */
      fputc('\n', f);
    }
  }
  fclose(f);
  bool *gone = sp_xcalloc(old.n + 1, sizeof *gone);
  sp_strmap read = {0}; /* what the command reads: never removed */
  if (err == SP_OK && ours && old.n > 0)
    identities(c->reads, c->n_reads, &read);
  for (size_t k = 0; err == SP_OK && ours && k < old.n; k++)
    gone[k] = !listed(old.names[k], c->prints, c->n_prints, false) &&
              !claimed_by_another(records_dir, record_path, old.names[k]) &&
              regular_at(c->dir, old.names[k], false) && !in_dir_among(c->dir, old.names[k], &read);
  sp_strmap_fini(&read);

  /* the journal, then the renames, the removals and the record */
  char *journal = sp_xasprintf("%s/" JOURNAL, records_dir);
  if (err == SP_OK) {
    char *jt = NULL;
    size_t jn = 0;
    FILE *j = open_memstream(&jt, &jn);
    fprintf(j, JOURNAL_HEAD "\n");
    journal_put(j, "/record=", record_path);
    fputc('\n', j);
    for (size_t i = 0; i < c->n_files; i++) {
      journal_put(j, "/move=", c->temps[i]);
      journal_put(j, " ", c->finals[i]);
      fputc('\n', j);
    }
    for (size_t k = 0; k < old.n; k++)
      if (gone[k]) {
        char *p = sp_xasprintf("%s/%s", c->dir, old.names[k]);
        journal_put(j, "/remove=", p);
        fputc('\n', j);
        free(p);
      }
    fprintf(j, "/text\n%s", text);
    fclose(j);
    err = sp_fs_write_text(journal, jt, why, why_size);
    free(jt);
  }
  for (size_t i = 0; i < c->n_files && err == SP_OK; i++)
    if (rename(c->temps[i], c->finals[i]) != 0) {
      snprintf(why, why_size, "cannot move '%s' into place as '%s': %s", c->temps[i], c->finals[i],
               strerror(errno));
      err = SP_ERR_IO;
    }
  for (size_t k = 0; err == SP_OK && k < old.n; k++)
    if (gone[k] && regular_at(c->dir, old.names[k], true)) {
      res->removed = sp_xreallocarray(res->removed, res->n_removed + 1, sizeof *res->removed);
      res->removed[res->n_removed++] = sp_xstrdup(old.names[k]);
    }
  free(gone);
  if (err == SP_OK)
    err = sp_fs_write_text(record_path, text, why, why_size);
  unlink(journal); /* (a commit failed partway: its files are its caller's to remove) */
  free(journal);
  free(text);
  if (finished) {
    char *was = res->note;
    res->note = sp_xasprintf("%s%sa commit into this folder was stopped while it moved its files "
                             "into place (its process killed); it was completed first (%zu file%s "
                             "moved), so no print of the folder is of two renders",
                             was ? was : "", was ? "; " : "", moved, moved == 1 ? "" : "s");
    free(was);
  }
  sp_record_fini(&old);
  free(id);
  free(record_path);
  release_lock(lock, records_dir, landing, made_lock, made_dir);
  free(records_dir);
  return err;
}

void sp_outdir_result_fini(sp_outdir_result *res)
{
  sp_free_strings(res->removed, res->n_removed);
  free(res->note);
  memset(res, 0, sizeof *res);
}

/* ---- files staged before their commit ------------------------------------------- */

void sp_outdir_stage_init(sp_outdir_stage *st, const char *dir)
{
  memset(st, 0, sizeof *st);
  char cwd[PATH_MAX];
  st->dir =
      dir[0] != '/' && getcwd(cwd, sizeof cwd) ? sp_xasprintf("%s/%s", cwd, dir) : sp_xstrdup(dir);
}

void sp_outdir_stage_reads(sp_outdir_stage *st, const char *path)
{
  identities(&path, 1, &st->reads);
}

/* Whether path is a file the command reads (st's reads). */
static bool read_by(const sp_outdir_stage *st, const char *path)
{
  return identity_in(&st->reads, path);
}

const char *sp_outdir_staged(const sp_outdir_stage *st, const char *final)
{
  for (size_t i = 0; i < st->n; i++)
    if (strcmp(st->finals[i], final) == 0)
      return st->temps[i];
  return NULL;
}

bool sp_outdir_stage_free(const sp_outdir_stage *st, const char *final)
{
  return !sp_outdir_staged(st, final) && !read_by(st, final);
}

int sp_outdir_stage_open(sp_outdir_stage *st, const char *final, char *why, size_t why_size)
{
  if (!st->n && !st->made && (st->made = sp_fs_first_missing(st->dir)) != NULL) {
    sp_fs_hold_folder(st->made); /* what a stop takes away (io/fs/fs.h) */
    sp_fs_hold_folder(st->dir);
  }
  if (sp_fs_mkdirs(st->dir, why, why_size) != SP_OK)
    return -1;
  char *tmp = sp_fs_temp_template(final);
  const int fd = mkstemp(tmp);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write %s: %s", final, strerror(errno));
    free(tmp);
    return -1;
  }
  fchmod(fd, sp_fs_file_mode());
  sp_fs_hold(tmp);
  st->temps = sp_xreallocarray(st->temps, st->n + 1, sizeof *st->temps);
  st->finals = sp_xreallocarray(st->finals, st->n + 1, sizeof *st->finals);
  st->temps[st->n] = tmp;
  st->finals[st->n++] = sp_xstrdup(final);
  return fd;
}

sp_err sp_outdir_stage_commit(sp_outdir_stage *st, const char *recipe_temp, const char *recipe,
                              bool force, char *why, size_t why_size)
{
  for (size_t i = 0; i < st->n; i++)
    if (read_by(st, st->finals[i])) {
      snprintf(why, why_size,
               "%s is a file this command reads; it is never written over: import with -o "
               "another recipe, whose folder of audio holds none of the files it reads",
               st->finals[i]);
      return SP_ERR_USAGE;
    }
  char *name = sp_xstrdup(sp_base_name(recipe));
  char *dot = strrchr(name, '.');
  if (dot && dot != name)
    *dot = '\0';
  char *record = sp_outdir_record_path(st->dir, name);
  const bool commit = st->n || access(record, F_OK) == 0;
  free(record);
  sp_err err = SP_OK;
  if (commit) {
    const char **temps = sp_xcalloc(st->n + 2, sizeof *temps);
    const char **finals = sp_xcalloc(st->n + 2, sizeof *finals);
    const char **prints = sp_xcalloc(st->n + 1, sizeof *prints);
    for (size_t i = 0; i < st->n; i++) {
      temps[i] = st->temps[i];
      finals[i] = st->finals[i];
      prints[i] = sp_base_name(st->finals[i]);
    }
    if (recipe_temp) {
      temps[st->n] = recipe_temp;
      finals[st->n] = recipe;
    }
    const sp_outdir_commit c = {
        .dir = st->dir,
        .recipe_file = recipe,
        .recipe_name = name,
        .temps = temps,
        .finals = finals,
        .n_files = st->n + (recipe_temp != NULL),
        .prints = prints,
        .n_prints = st->n,
        .others_fix = force ? NULL
                            : "use --force to replace it, or -o to write the recipe (and its "
                              "folder of audio) elsewhere"};
    /* refused before the folder's lock is made (nothing of the import's
     * left in a folder of the user's), and again under it */
    err = sp_outdir_commit_check(&c, why, why_size);
    sp_outdir_result res;
    if (err == SP_OK) {
      err = sp_outdir_commit_files(&c, &res, why, why_size);
      sp_outdir_result_fini(&res);
    }
    free(temps);
    free(finals);
    free(prints);
  } else if (recipe_temp && !sp_fs_refuse_not_file(recipe, why, why_size)) {
    err = SP_ERR_IO;
  } else if (recipe_temp && rename(recipe_temp, recipe) != 0) {
    snprintf(why, why_size, "cannot move '%s' into place as '%s': %s", recipe_temp, recipe,
             strerror(errno));
    err = SP_ERR_IO;
  }
  free(name);
  return err;
}

void sp_outdir_stage_fini(sp_outdir_stage *st)
{
  for (size_t i = 0; i < st->n; i++) {
    unlink(st->temps[i]); /* landed: no longer there */
    sp_fs_let_go(st->temps[i]);
  }
  if (st->made) {
    sp_fs_let_go(st->dir);
    sp_fs_let_go(st->made);
  }
  if (st->made) {
    char *records = sp_xasprintf("%s/" SP_RECORD_DIR, st->dir);
    rmdir(records); /* (empty where no commit was made) */
    free(records);
    sp_fs_rmdirs_empty(st->dir, st->made);
  }
  sp_free_strings(st->temps, st->n);
  sp_free_strings(st->finals, st->n);
  sp_strmap_fini(&st->reads);
  free(st->made);
  free(st->dir);
  memset(st, 0, sizeof *st);
}

size_t sp_outdir_forget_folders(const char *parent, const char *const *keep, size_t n,
                                const char *recipe_file, const char *recipe_name)
{
  DIR *d = opendir(parent);
  size_t removed = 0;
  sp_strmap kept = {0};
  identities(keep, n, &kept);
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char *sub = sp_xasprintf("%s/%s", parent, e->d_name), *record = NULL;
    struct stat st;
    if (!identity_in(&kept, sub) && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
        access(record = sp_outdir_record_path(sub, recipe_name), F_OK) == 0) {
      const sp_outdir_commit c = {
          .dir = sub, .recipe_file = recipe_file, .recipe_name = recipe_name, .claims = true};
      sp_outdir_result res = {0};
      char why[1024];
      if (sp_outdir_commit_check(&c, why, sizeof why) == SP_OK &&
          sp_outdir_commit_files(&c, &res, why, sizeof why) == SP_OK)
        removed += res.n_removed;
      sp_outdir_result_fini(&res);
    }
    free(record);
    free(sub);
  }
  if (d)
    closedir(d);
  sp_strmap_fini(&kept);
  return removed;
}
