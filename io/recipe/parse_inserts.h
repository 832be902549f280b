/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_INSERTS_H
#define SP_RECIPE_PARSE_INSERTS_H

/* A strip's inserts (io/recipe/parse_inserts.c). */

#include "io/recipe/parser.h"

#include <stdbool.h>
#include <stddef.h>

/* The insert at item (of the list at path) appended to s's chain. */
void recipe_parse_insert(parser *p, const sp_ynode *item, const char *path, sp_strip *s);

#endif
