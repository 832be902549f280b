/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Confinement (--confine, --confine-to): every path a recipe reads or
 * writes must resolve inside the allowed folders. A path is resolved as the
 * file system will resolve it (links followed through its longest existing
 * prefix), so a link or a "../" cannot lead out; a file that does not exist
 * yet (an output folder) is judged by where it would be made. */

#include "core/graph/builder.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* path as the file system will resolve it: its longest existing prefix
 * through realpath (links followed), the rest appended with "." and ".."
 * taken lexically. NULL when not even "/" or "." resolves. */
static char *resolve_path(const sp_media *m, const char *path)
{
  char *head = sp_xstrdup(path), *real = NULL;
  size_t keep = strlen(head); /* head[0 .. keep) is the prefix tried */
  for (;;) {
    if (keep == 0) {
      real = m->resolve(m, path[0] == '/' ? "/" : ".");
      break;
    }
    head[keep] = '\0';
    if ((real = m->resolve(m, head)))
      break;
    char *slash = strrchr(head, '/');
    keep = !slash ? 0 : slash == head ? 1 : (size_t)(slash - head);
  }
  free(head);
  if (!real)
    return NULL;
  const char *rest = path + keep;
  char *out = sp_xmalloc(strlen(real) + strlen(rest) + 2);
  strcpy(out, real);
  free(real);
  for (const char *p = rest; *p;) {
    while (*p == '/')
      p++;
    size_t n = strcspn(p, "/");
    if (n == 0)
      break;
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      char *slash = strrchr(out, '/');
      if (slash && slash != out)
        *slash = '\0';
      else
        strcpy(out, "/");
    } else if (!(n == 1 && p[0] == '.')) {
      size_t l = strlen(out);
      if (l > 1)
        out[l++] = '/';
      memcpy(out + l, p, n);
      out[l + n] = '\0';
    }
    p += n;
  }
  return out;
}

static bool under(const char *path, const char *root)
{
  size_t n = strlen(root);
  return strncmp(path, root, n) == 0 &&
         (path[n] == '/' || path[n] == '\0' || strcmp(root, "/") == 0);
}

/* Whether real (a path resolved) lies inside one of roots (resolved). */
static bool inside(const char *real, char *const *roots, size_t n)
{
  bool ok = false;
  for (size_t i = 0; real && i < n && !ok; i++)
    ok = under(real, roots[i]);
  return ok;
}

/* The n folders given resolved (heap, *n_out of them): one that does not
 * resolve lets nothing in. */
static char **resolve_roots(const sp_media *m, const char *const *given, size_t n, size_t *n_out)
{
  char **roots = sp_xcalloc(n ? n : 1, sizeof *roots);
  *n_out = 0;
  for (size_t i = 0; i < n; i++)
    if ((roots[*n_out] = m->resolve(m, given[i])))
      (*n_out)++;
  return roots;
}

/* Whether path (a file read, or write: a folder written) resolves inside
 * one of roots[0 .. n_roots), or a file read inside trusted (NULL: none);
 * else false, and why says where it resolves and the fix. */
static bool allowed(const sp_media *m, char *const *roots, size_t n_roots, const char *trusted,
                    const char *path, bool write, const char *what, char *why, size_t why_size)
{
  char *real = resolve_path(m, path);
  const bool ok =
      (!write && real && trusted && under(real, trusted)) || inside(real, roots, n_roots);
  if (!ok) {
    char list[1024] = "";
    for (size_t i = 0; i < n_roots; i++) {
      size_t used = strlen(list);
      snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", roots[i]);
    }
    snprintf(why, why_size,
             "%s '%s' resolves to '%s', outside the folders this render may use (--confine: "
             "%s); keep it inside them",
             what, path, real ? real : "?", list);
  }
  free(real);
  return ok;
}

/* Whether the recipe may use path (a file it reads, or its output folder
 * it writes): always without confinement; with it, when path resolves
 * inside a root, or a file it reads inside its trusted folder. Says why
 * not at key. */
bool graph_allowed(builder *b, const char *path, bool write, const char *key, const char *what)
{
  if (!b->roots)
    return true;
  char why[2048];
  const bool ok =
      allowed(b->g->media, b->roots, b->n_roots, b->trusted, path, write, what, why, sizeof why);
  if (!ok)
    graph_error(b, SP_ERR_USAGE, key, "%s", why);
  return ok;
}

bool sp_confine_allows(const sp_media *m, const sp_graph_opts *opts, const char *base_dir,
                       const char *path, bool write, const char *what, char *why, size_t why_size)
{
  if (!opts || !opts->confine)
    return true;
  size_t n_roots;
  char **roots = opts->n_roots ? resolve_roots(m, opts->roots, opts->n_roots, &n_roots)
                               : resolve_roots(m, &base_dir, 1, &n_roots);
  const bool ok = allowed(m, roots, n_roots, NULL, path, write, what, why, why_size);
  sp_free_strings(roots, n_roots);
  return ok;
}

bool sp_graph_confined(const sp_media *media, const char *path, const char *const *roots, size_t n,
                       char **real)
{
  size_t n_roots;
  char **resolved = resolve_roots(media, roots, n, &n_roots);
  *real = resolve_path(media, path);
  const bool ok = inside(*real, resolved, n_roots);
  sp_free_strings(resolved, n_roots);
  return ok;
}
