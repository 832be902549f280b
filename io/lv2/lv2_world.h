/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_LV2_WORLD_H
#define SP_LV2_WORLD_H

/* What the files of the LV2 host share (io/lv2/lv2.c and the lv2_*.c
 * beside it): the one lilv world, its lock and nodes, the URID table, and
 * each file's functions the others call. */

#include "io/lv2/lv2.h"

#include <lilv/lilv.h>
#include <lv2/urid/urid.h>
#include <pthread.h>

extern pthread_mutex_t lv2_world_lock;

extern LilvWorld *lv2_world;

/* The nodes the readers ask the world with, made when it loads. */
typedef struct lv2_nodes {
  LilvNode *input, *output, *audio, *control, *cv, *atom, *sidechain, *group, *side_chain_of,
      *toggled, *integer, *enumeration, *unit, *enabled, *designation, *optional, *preset, *label,
      *unit_symbol, *minimum_size, *logarithmic, *midi_event, *sample_rate;
} lv2_nodes;
extern lv2_nodes lv2_N;

extern LV2_URID_Map lv2_urid_map;

extern LV2_URID_Unmap lv2_urid_unmap;

/* The features a plugin may require. */
extern const char *const lv2_provided[];

/* A state read for a plugin, kept for the process (a render restores it
 * into every instance: each lane's, each probe's). */
typedef struct lilv_saved {
  sp_proc_saved base;
  LilvState *state;
  char *uri, *what; /* the plugin's, and the preset or file it came from */
  bool is_file;
} lilv_saved;

/* serd prints what it finds wrong in a file on stderr unless its reader
 * has an error sink: these keep the first error as text (a message of
 * stemprint's says it), or drop it (a file stemprint only looks into). */
typedef struct turtle_error {
  char text[200];
  bool any;
} turtle_error;

/* ---- lv2_world.c --------------------------------------------------------------- */

void lv2_load_world(void);

const char *lv2_search_path(void);

/* The search path as messages say it. */
const char *lv2_said_path(void);
/* "; the bundle B was left out: WHY", of the first bundle on the search
 * path the world left out (its walk refused it), to end a message that
 * no plugin was found; "" when none was. Under lv2_world_lock. */
const char *lv2_left_out(void);

/* A plugin maps a URID for each of its ports' and features' URIs when it is
 * instantiated (LSP's equalizers: hundreds), so the map is a hash table: a
 * search through every URI mapped so far made each instance cost more
 * than the one before (5 % of `help lv2` for LSP's 16-band EQ, which makes
 * two instances a parameter). */
LV2_URID lv2_map_uri(LV2_URID_Map_Handle h, const char *uri);

/* ---- lv2.c --------------------------------------------------------------------- */

const LilvPlugin *lv2_by_uri(const char *uri);

const sp_lv2_plugin *lv2_find(const char *what, char *why, size_t why_size);

const char **lv2_installed(size_t *n);

/* ---- lv2_presets.c ------------------------------------------------------------- */

bool lv2_preset(const sp_lv2_plugin *d, const char *what, bool is_file, double *values,
                   bool *set, const sp_proc_saved **saved, char *why, size_t why_size);

sp_lv2_preset *lv2_presets_of(const sp_lv2_plugin *d, size_t *n);

#endif
