/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every session reader says the same way (io/session/reader.h). */

#include "io/session/reader.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>

void sp_session_verror(sp_diags *d, const char *file, const xmlNode *n, sp_err kind,
                       const char *fmt, va_list ap)
{
  sp_diags_verror(d, kind, file, (sp_pos){sp_xml_line(n), 0}, NULL, fmt, ap);
}

void sp_session_vloss(sp_mix *m, sp_mix_strip *s, const xmlNode *n, const char *name,
                      const char *file, const char *fmt, va_list ap)
{
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  char *el = sp_xml_element(n, name, file);
  sp_mix_loss(m, s, el, "%s", buf);
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
