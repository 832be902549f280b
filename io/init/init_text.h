/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_INIT_TEXT_H
#define SP_INIT_TEXT_H

/* The recipe `stemprint init` writes (io/init/init_text.c). */

#include "io/init/init_plan.h"

/* The recipe's text for p as it stands (after sp_init_place; p->levels and
 * p->trim_db as set: no trim, no headroom comment when trim_db is 0); a
 * heap string. sp_init_recipe calls it before and after measuring. */
char *sp_init_text(const sp_init_plan *p);

#endif
