/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_LV2_NAMES_H
#define SP_LV2_NAMES_H

/* Installed plugins' names and URIs, kept on disk so that a plugin found by
 * its name is found as fast as by its URI: reading every plugin's name
 * means reading every description (2–3 s of CPU for 322 plugins), the
 * index a few kilobytes. The index is trusted only while the bundles are as they were
 * when it was written: its first line holds a digest of every bundle
 * folder on the search path and of each file's inode, size, modification
 * and change times in it, so installing, removing or updating a plugin
 * makes a new one. The index lives in the user's cache, one a search path
 * (lv2-names-<a digest of the path>: io/lv2/lv2.c); the
 * cache being only a cache, failing to read or write it is never an
 * error. */

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_lv2_names {
  size_t n;
  char **uri, **name;
} sp_lv2_names;

/* The folder that the len bytes at entry, one of a search path's, name
 * as lilv reads them: $NAME (capitals, digits, '_') is that variable's
 * value, ~ before a '/' or the end is $HOME's, an unset one left as
 * written. Heap. */
char *sp_lv2_folder(const char *entry, size_t len);

/* The digest of the bundles on search_path (LV2_PATH's form: folders
 * separated by ':', each read by sp_lv2_folder), as hex. Heap. */
char *sp_lv2_bundles_digest(const char *search_path);

/* The index at path if it was written for digest; false otherwise (no
 * index, another digest, a damaged file), *out then empty. */
bool sp_lv2_names_load(const char *path, const char *digest, sp_lv2_names *out);

/* Writes names as the index at path for digest, atomically; a name or URI
 * holding a tab or a newline leaves it unwritten. */
void sp_lv2_names_save(const char *path, const char *digest, const sp_lv2_names *names);

void sp_lv2_names_add(sp_lv2_names *names, const char *uri, const char *name);
void sp_lv2_names_fini(sp_lv2_names *names);

#endif
