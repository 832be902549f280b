/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_READER_H
#define SP_SESSION_READER_H

/* What every session reader (io/session/ardour.c, dawproject.c) says the
 * same way: an error at an element of the session's XML, placed at its
 * line; a loss (what the recipe cannot carry) named by its element, into
 * the mix as a note and a warning (an error with --strict); and where
 * audio a session embeds is kept. */

#include "core/base/diag.h"
#include "io/session/mix.h"
#include "io/session/xml.h"

#include <stdarg.h>

/* An error of kind at element n of file (the name messages give it). */
void sp_session_verror(sp_diags *d, const char *file, const xmlNode *n, sp_err kind,
                       const char *fmt, va_list ap);

/* A loss of strip s (NULL: of the session) at element n, named by its
 * name (NULL: none) and, when file is not NULL, the file it is in. */
void sp_session_vloss(sp_mix *m, sp_mix_strip *s, const xmlNode *n, const char *name,
                      const char *file, const char *fmt, va_list ap);

/* Where audio embedded in a session goes when no folder is given:
 * $XDG_CACHE_HOME/stemprint/session-audio (or ~/.cache/...). Heap. */
char *sp_session_audio_cache(void);

#endif
