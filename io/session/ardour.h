/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_ARDOUR_H
#define SP_SESSION_ARDOUR_H

/* An Ardour session (a folder, or its .ardour file) read into m
 * (io/session/mix.h), before sp_mix_finish. */

#include "io/session/mix.h"
#include "io/session/session.h"
#include "io/xml/xml.h"

/* The session file path names: path itself, or in a folder its
 * <folder name>.ardour, else its only .ardour file; NULL when a folder
 * holds none or several. Heap. */
char *sp_ardour_session_file(const char *path);

sp_err sp_ardour_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d);

/* What of a session the reader does not read, each path with why that
 * changes nothing Ardour's export plays (io/xml/xml.h, sp_xml_ignored;
 * io/session/ardour_unread.c): docs/sessions.md lists them. */
extern const sp_xml_ignored sp_ardour_ignored[];
extern const size_t sp_ardour_n_ignored;

#endif
