/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sessions as recipes: which reader a path takes, and the recipe's text
 * (io/session/session.h). */

#include "io/session/session.h"

#include "core/base/alloc.h"
#include "io/session/ardour.h"
#include "io/session/dawproject.h"
#include "io/session/mix.h"
#include "io/session/reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), k = strlen(tail);
  return n > k && strcasecmp(s + n - k, tail) == 0;
}

/* A folder holding an Ardour session file. */
static bool ardour_folder(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return false;
  char *f = sp_ardour_session_file(path);
  bool yes = f && access(f, F_OK) == 0;
  free(f);
  return yes;
}

static bool is_ardour(const char *path)
{
  return ends_with(path, ".ardour") || ardour_folder(path);
}

bool sp_session_is(const char *path)
{
  return path && (ends_with(path, ".dawproject") || is_ardour(path));
}

char *sp_session_recipe_path(const char *path)
{
  return ardour_folder(path) ? sp_ardour_session_file(path) : sp_xstrdup(path);
}

char *sp_session_trusted_dir(const char *path)
{
  return is_ardour(path) ? NULL : sp_session_audio_cache();
}

sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d)
{
  static const sp_import_opts none = {0};
  if (!o)
    o = &none;
  *yaml = NULL;
  sp_mix m;
  sp_mix_init(&m, path, o->strict, d);
  sp_err rc = is_ardour(path) ? sp_ardour_read(path, o, &m, d) : sp_dawproject_read(path, o, &m, d);
  if (rc == SP_OK || sp_diags_errors(d) == 0) {
    sp_mix_stems_opt st = {o->stems};
    rc = sp_mix_finish(&m, &st);
    if (rc == SP_OK && sp_diags_errors(d) == 0)
      *yaml = sp_mix_yaml(&m);
  }
  sp_mix_fini(&m);
  return *yaml ? SP_OK : (sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE);
}
