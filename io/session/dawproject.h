/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_DAWPROJECT_H
#define SP_SESSION_DAWPROJECT_H

/* A .dawproject read into m (io/session/mix.h), before sp_mix_finish. */

#include "io/session/mix.h"
#include "io/session/session.h"

sp_err sp_dawproject_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d);

#endif
