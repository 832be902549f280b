/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sessions as recipes: the formats stemprint reads, which one a path is
 * (looked at once), and the recipe's text (io/session/session.h). A format
 * is a reader (sp_mix from a path) and a line of `formats` below. */

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

struct sp_session_format {
  const char *name;
  const char *ext; /* a file of the format ends so */
  /* A folder of the format: its session file (heap), "" when the folder
   * is one but which file is not clear (the reader says why), NULL when
   * it is none. NULL: the format is a file. */
  char *(*folder_file)(const char *dir);
  sp_err (*read)(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d);
  bool own_audio; /* its audio is where it is: no cache folder to trust */
};

/* An Ardour session's folder: the .ardour file it holds. */
static char *ardour_folder_file(const char *dir)
{
  char *f = sp_ardour_session_file(dir);
  struct stat st;
  if (f && stat(f, &st) == 0 && S_ISREG(st.st_mode))
    return f;
  free(f);
  return NULL;
}

static const sp_session_format formats[] = {
    {"Ardour", ".ardour", ardour_folder_file, sp_ardour_read, true},
    {"DAWproject", ".dawproject", NULL, sp_dawproject_read, false},
};
enum { N_FORMATS = sizeof formats / sizeof formats[0] };

static bool ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), k = strlen(tail);
  return n > k && strcasecmp(s + n - k, tail) == 0;
}

bool sp_session_probe(const char *path, sp_session_input *in)
{
  memset(in, 0, sizeof *in);
  if (!path)
    return false;
  struct stat st;
  const bool folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  for (size_t k = 0; k < N_FORMATS && !in->format; k++) {
    const sp_session_format *f = &formats[k];
    if (folder && f->folder_file) {
      if ((in->recipe_path = f->folder_file(path)))
        in->format = f;
    } else if (!folder && ends_with(path, f->ext)) {
      in->format = f;
      in->recipe_path = sp_xstrdup(path);
    }
  }
  if (!in->format)
    return false;
  in->name = in->format->name;
  in->path = sp_xstrdup(path);
  in->trusted_dir = in->format->own_audio ? NULL : sp_session_audio_cache();
  return true;
}

void sp_session_input_fini(sp_session_input *in)
{
  free(in->path);
  free(in->recipe_path);
  free(in->trusted_dir);
  memset(in, 0, sizeof *in);
}

sp_err sp_session_read(const sp_session_input *in, const sp_import_opts *o, char **yaml,
                       sp_diags *d)
{
  static const sp_import_opts none = {0};
  if (!o)
    o = &none;
  *yaml = NULL;
  sp_mix m;
  sp_mix_init(&m, in->path, o->strict, d);
  sp_err rc = in->format->read(in->path, o, &m, d);
  if (rc == SP_OK || sp_diags_errors(d) == 0) {
    sp_mix_stems_opt st = {o->stems};
    rc = sp_mix_finish(&m, &st);
    if (rc == SP_OK && sp_diags_errors(d) == 0)
      *yaml = sp_mix_yaml(&m);
  }
  sp_mix_fini(&m);
  return *yaml ? SP_OK : (sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE);
}

sp_err sp_session_import(const char *path, const sp_import_opts *o, char **yaml, sp_diags *d)
{
  *yaml = NULL;
  sp_session_input in;
  sp_err rc = SP_ERR_USAGE;
  if (sp_session_probe(path, &in))
    rc = sp_session_read(&in, o, yaml, d);
  else
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: not a session stemprint reads; give a DAWproject file (.dawproject) "
                       "or an Ardour session (its folder or .ardour file)",
                       path ? path : "(none)");
  sp_session_input_fini(&in);
  return rc;
}
