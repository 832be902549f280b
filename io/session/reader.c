/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every session reader says the same way (io/session/reader.h). */

#include "io/session/reader.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>

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
  const char *name = sp_xml_attr(n, "name");
  if (!name && w->alt_name)
    name = sp_xml_attr(n, w->alt_name);
  char *el = sp_xml_element(n, name, w->loss_file);
  sp_mix_loss(w->m, s, el, "%s", buf);
  free(el);
}

char *sp_session_audio_cache(void)
{
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && x[0] == '/')
    return sp_xasprintf("%s/stemprint/session-audio", x);
  const char *home = getenv("HOME");
  return sp_xasprintf("%s/.cache/stemprint/session-audio", home && *home ? home : "/tmp");
}
