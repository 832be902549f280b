/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keys of a recipe (core/recipe/keys.h): each table's names, and the
 * lists a track, a bus and master take, made of their tables at compile
 * time, so that they cannot drift apart. */

#include "core/recipe/keys.h"

#include "core/base/alloc.h"

#include <stddef.h>
#include <string.h>

#define NAMES(OBJ, obj) const char *const sp_keys_##obj[] = {SP_KEYS_##OBJ(SP_KEY_NAME_) NULL};
SP_KEY_TABLES(NAMES)
#undef NAMES

/* The entries of a table whose flag column says Y. */
#define IF_Y(...) __VA_ARGS__
#define IF_N(...)
#define BIT_Y(b) (b)
#define BIT_N(b) 0
#define ON_TRACK(obj, id, name, t, b, m) IF_##t(name, )
#define ON_BUS(obj, id, name, t, b, m) IF_##b(name, )
#define ON_MASTER(obj, id, name, t, b, m) IF_##m(name, )
#define STRIP_BITS(obj, id, name, t, b, m)                                                         \
  (unsigned char)(BIT_##t(SP_KEY_ON_TRACK) | BIT_##b(SP_KEY_ON_BUS) | BIT_##m(SP_KEY_ON_MASTER)),
#define REGION_ON_TRACK(obj, id, name, t) IF_##t(name, )

const char *const sp_keys_track_all[] = {SP_KEYS_REGION(REGION_ON_TRACK) SP_KEYS_TRACK(SP_KEY_NAME_)
                                             SP_KEYS_STRIP(ON_TRACK) NULL};
const char *const sp_keys_bus_all[] = {SP_KEYS_STRIP(ON_BUS) NULL};
const char *const sp_keys_master_all[] = {SP_KEYS_STRIP(ON_MASTER) SP_KEYS_MASTER(SP_KEY_NAME_)
                                              NULL};
const char *const sp_keys_region_on_track[] = {SP_KEYS_REGION(REGION_ON_TRACK) NULL};

const unsigned char sp_key_strip_on[SP_KEY_STRIP_N] = {SP_KEYS_STRIP(STRIP_BITS)};

#define TABLE(OBJ, obj) {#OBJ, sp_keys_##obj, SP_KEY_##OBJ##_N},
const sp_key_table sp_key_tables[] = {SP_KEY_TABLES(TABLE)};
#undef TABLE
const size_t sp_key_table_count = sizeof sp_key_tables / sizeof *sp_key_tables;

char *sp_port_key(const char *symbol)
{
  for (const char *const *k = sp_keys_insert; *k; k++)
    if (strcmp(*k, symbol) == 0)
      return sp_xasprintf("port_%s", symbol);
  return sp_xstrdup(symbol);
}
