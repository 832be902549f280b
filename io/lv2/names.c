/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The index of installed plugins' names (io/lv2/names.h). */

#include "io/lv2/names.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/digest.h"
#include "io/fs/fs.h"

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NAMES_HEAD "stemprint lv2 names 1 "

/* folder's entries but . and .., sorted (readdir's order is the file
 * system's); *n of them. */
static char **entries(const char *folder, size_t *n)
{
  *n = 0;
  DIR *d = opendir(folder);
  if (!d)
    return NULL;
  char **v = NULL;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    v = sp_xreallocarray(v, *n + 1, sizeof *v);
    v[(*n)++] = sp_xstrdup(e->d_name);
  }
  closedir(d);
  if (*n)
    qsort(v, *n, sizeof *v, sp_cmp_str);
  return v;
}

/* Adds what identifies path's state: its name, kind, inode, size and
 * modification and change times (a file rewritten within a coarse clock's
 * tick to the same size still changes its change time or its inode). */
static void add_stat(sp_hasher *h, const char *path)
{
  struct stat st;
  char line[128];
  sp_hasher_add(h, path, strlen(path) + 1);
  if (stat(path, &st) != 0) {
    sp_hasher_add(h, "-", 1);
    return;
  }
  int k = snprintf(line, sizeof line, "%o %llu %lld %lld.%09ld %lld.%09ld", (unsigned)st.st_mode,
                   (unsigned long long)st.st_ino, (long long)st.st_size,
                   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
                   st.st_ctim.tv_nsec);
  sp_hasher_add(h, line, (size_t)k + 1);
}

/* Appends the n bytes at s to the heap string *out, *used long. */
static void append(char **out, size_t *used, const char *s, size_t n)
{
  *out = sp_xrealloc(*out, *used + n + 1);
  memcpy(*out + *used, s, n);
  *used += n;
  (*out)[*used] = '\0';
}

/* Appends variable name's value, or $name itself where it is not set. */
static void append_var(char **out, size_t *used, const char *name, size_t n)
{
  char *v = sp_xasprintf("%.*s", (int)n, name);
  const char *value = getenv(v);
  if (value) {
    append(out, used, value, strlen(value));
  } else {
    append(out, used, "$", 1);
    append(out, used, name, n);
  }
  free(v);
}

char *sp_lv2_folder(const char *entry, size_t len)
{
  char *out = sp_xstrdup("");
  size_t used = 0;
  for (size_t i = 0; i < len;) {
    if (entry[i] == '$') {
      size_t j = i + 1;
      while (j < len && (isupper((unsigned char)entry[j]) || isdigit((unsigned char)entry[j]) ||
                         entry[j] == '_'))
        j++;
      append_var(&out, &used, entry + i + 1, j - i - 1);
      i = j;
    } else if (entry[i] == '~' && (i + 1 == len || entry[i + 1] == '/')) {
      append_var(&out, &used, "HOME", 4);
      i++;
    } else {
      append(&out, &used, entry + i, 1);
      i++;
    }
  }
  return out;
}

char *sp_lv2_bundles_digest(const char *search_path)
{
  sp_hasher *h = sp_hasher_new();
  for (const char *at = search_path; *at;) {
    const char *colon = strchr(at, ':');
    size_t len = colon ? (size_t)(colon - at) : strlen(at);
    char *root = sp_lv2_folder(at, len);
    add_stat(h, root);
    size_t nb;
    char **bundles = entries(root, &nb);
    for (size_t b = 0; b < nb; b++) {
      char *bundle = sp_xasprintf("%s/%s", root, bundles[b]);
      add_stat(h, bundle);
      size_t nf;
      char **files = entries(bundle, &nf);
      for (size_t f = 0; f < nf; f++) {
        char *file = sp_xasprintf("%s/%s", bundle, files[f]);
        add_stat(h, file);
        free(file);
        free(files[f]);
      }
      free(files);
      free(bundle);
      free(bundles[b]);
    }
    free(bundles);
    free(root);
    at += len;
    if (*at == ':')
      at++;
  }
  sp_digest d;
  sp_hasher_end(h, &d);
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&d, hex);
  return sp_xstrdup(hex);
}

void sp_lv2_names_add(sp_lv2_names *names, const char *uri, const char *name)
{
  names->uri = sp_xreallocarray(names->uri, names->n + 1, sizeof *names->uri);
  names->name = sp_xreallocarray(names->name, names->n + 1, sizeof *names->name);
  names->uri[names->n] = sp_xstrdup(uri);
  names->name[names->n++] = sp_xstrdup(name);
}

void sp_lv2_names_fini(sp_lv2_names *names)
{
  for (size_t i = 0; i < names->n; i++) {
    free(names->uri[i]);
    free(names->name[i]);
  }
  free(names->uri);
  free(names->name);
  *names = (sp_lv2_names){0};
}

bool sp_lv2_names_load(const char *path, const char *digest, sp_lv2_names *out)
{
  *out = (sp_lv2_names){0};
  char *text;
  size_t n;
  char why[256];
  if (!path || sp_fs_read_all(path, "an index of names", "indexes of names from files", 64u << 20,
                              &text, &n, why, sizeof why) != SP_OK)
    return false;
  bool ok = strlen(text) == n && strncmp(text, NAMES_HEAD, strlen(NAMES_HEAD)) == 0;
  char *line = ok ? text + strlen(NAMES_HEAD) : text;
  char *eol = ok ? strchr(line, '\n') : NULL;
  ok = eol && (size_t)(eol - line) == strlen(digest) && strncmp(line, digest, strlen(digest)) == 0;
  for (line = ok ? eol + 1 : NULL; ok && *line; line = eol + 1) {
    eol = strchr(line, '\n');
    char *tab = strchr(line, '\t');
    ok = eol && tab && tab < eol && tab > line;
    if (ok) {
      *tab = *eol = '\0';
      sp_lv2_names_add(out, line, tab + 1);
    }
  }
  free(text);
  if (!ok)
    sp_lv2_names_fini(out);
  return ok;
}

void sp_lv2_names_save(const char *path, const char *digest, const sp_lv2_names *names)
{
  if (!path)
    return;
  for (size_t i = 0; i < names->n; i++)
    if (strpbrk(names->uri[i], "\t\n") || strpbrk(names->name[i], "\t\n") || !*names->uri[i])
      return;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f)
    return;
  fprintf(f, NAMES_HEAD "%s\n", digest);
  for (size_t i = 0; i < names->n; i++)
    fprintf(f, "%s\t%s\n", names->uri[i], names->name[i]);
  fclose(f);
  char why[256];
  char *folder = sp_fs_folder_of(path);
  if (sp_fs_mkdirs(folder, why, sizeof why) == SP_OK)
    sp_fs_write_text(path, text, why, sizeof why);
  free(folder);
  free(text);
}
