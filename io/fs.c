/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File-system helpers. */

#include "io/fs.h"

#include "core/alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sp_err sp_fs_mkdirs(const char *dir, char *why, size_t why_size)
{
  char *p = sp_xstrdup(dir);
  sp_err err = SP_OK;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s != '\0')
      continue;
    char saved = *s;
    *s = '\0';
    struct stat st;
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      snprintf(why, why_size, "cannot create folder '%s': %s", p, strerror(errno));
      err = SP_ERR_IO;
    } else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
      snprintf(why, why_size, "cannot create folder '%s': a file of that name is in the way", p);
      err = SP_ERR_IO;
    }
    *s = saved;
    if (err != SP_OK || saved == '\0')
      break;
  }
  free(p);
  return err;
}

char *sp_fs_first_missing(const char *dir)
{
  struct stat st;
  if (stat(dir, &st) == 0)
    return NULL;
  char *p = sp_xstrdup(dir), *missing = sp_xstrdup(dir);
  for (;;) {
    char *slash = strrchr(p, '/');
    if (!slash || slash == p)
      break;
    *slash = '\0';
    if (stat(p, &st) == 0)
      break;
    free(missing);
    missing = sp_xstrdup(p);
  }
  free(p);
  return missing;
}

void sp_fs_rmdirs_empty(const char *dir, const char *top)
{
  char *p = sp_xstrdup(dir);
  const size_t top_len = strlen(top);
  while (strlen(p) >= top_len && rmdir(p) == 0 && strlen(p) > top_len) {
    char *slash = strrchr(p, '/');
    if (!slash)
      break;
    *slash = '\0';
  }
  free(p);
}

bool sp_fs_write_all(int fd, const void *buf, size_t n)
{
  const char *p = buf;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, p + done, n - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      if (w == 0)
        errno = EIO;
      return false;
    }
    done += (size_t)w;
  }
  return true;
}

sp_err sp_fs_write_text(const char *path, const char *text, char *why, size_t why_size)
{
  char *tmp = sp_xasprintf("%s.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(errno));
    free(tmp);
    return SP_ERR_IO;
  }
  bool whole = sp_fs_write_all(fd, text, strlen(text));
  int saved = errno;
  bool ok = whole && fchmod(fd, 0644) == 0;
  if (close(fd) != 0)
    ok = false, saved = errno;
  if (ok && rename(tmp, path) != 0)
    ok = false, saved = errno;
  if (!ok) {
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(saved));
    unlink(tmp);
  }
  free(tmp);
  return ok ? SP_OK : SP_ERR_IO;
}

void sp_fs_make_escape(FILE *f, const char *path)
{
  for (const char *c = path; *c; c++) {
    if (*c == ' ' || *c == '#' || *c == ':' || *c == '\\')
      fputc('\\', f);
    if (*c == '$')
      fputc('$', f);
    fputc(*c, f);
  }
}

void sp_fs_make_unescape(char *s)
{
  char *w = s;
  for (const char *r = s; *r; r++) {
    if ((r[0] == '\\' && r[1]) || (r[0] == '$' && r[1] == '$'))
      r++;
    *w++ = *r;
  }
  *w = '\0';
}
