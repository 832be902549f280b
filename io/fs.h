/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FS_H
#define SP_FS_H

/* Small file-system helpers. */

#include "core/diag.h"

#include <stddef.h>

/* Create dir and its missing parents (like mkdir -p); why says what failed. */
sp_err sp_fs_mkdirs(const char *dir, char *why, size_t why_size);

#endif
