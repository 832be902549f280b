/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_LV2_H
#define SP_IO_LV2_H

/* The engine's LV2 host (core/procs/lv2.h) through lilv: what is
 * installed, what a plugin is (its ports, read once into a plain
 * description), its presets, and instances to run. Everything that reads a
 * bundle or loads a plugin's library is here; the processor that runs
 * plugins in a render (core/procs/lv2.c) gets descriptions and instances
 * from it and never touches lilv or a file itself.
 *
 * lilv's world is not thread-safe: every call into it is made under one
 * lock, so several recipes may be parsed at once (render -j). An instance
 * is used by one thread at a time and needs no lock.
 *
 * The world is loaded on first use from LV2_PATH (lilv's default when it is
 * not set: ~/.lv2:LIBDIR/lv2:/usr/lib/lv2:/usr/local/lib/lv2, LIBDIR the
 * folder lilv's library is in), so a recipe without LV2 inserts never pays
 * for it. */

#include "core/procs/lv2.h"

/* The host, for sp_lv2_use_host: one for the process. */
const sp_lv2_host *sp_lilv_host(void);

#endif
