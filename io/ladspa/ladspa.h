/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_LADSPA_H
#define SP_IO_LADSPA_H

/* The engine's LADSPA host: LADSPA plugins described as the LV2 ones are
 * (core/procs/lv2.h), so that the `ladspa` family runs them through the
 * same processor as `lv2` inserts. Everything that opens a library is
 * here.
 *
 * Libraries are looked for on LADSPA_PATH (folders separated by ':'),
 * else in /usr/lib/ladspa, /usr/local/lib/ladspa and
 * /usr/lib/x86_64-linux-gnu/ladspa; every *.so there is opened on first
 * use (a recipe without LADSPA inserts never pays for it) and stays open.
 *
 * A plugin is named by its label (delay_5s), its unique ID (1043), or
 * FILE:label (delay.so:delay_5s, FILE a library's name or path) when two
 * libraries have the label. Its input control ports are its parameters,
 * each named by its port name folded: ASCII letters lowercased, every run
 * of other characters one '_', none at either end ("Delay (Seconds)" is
 * delay_seconds); a unit in the name's last parentheses, (dB), (Hz),
 * (ms), (s), is the parameter's. */

#include "core/procs/lv2.h"

/* The host, for sp_ladspa_use_host: one for the process. */
const sp_lv2_host *sp_ladspa_host(void);

/* name folded as a parameter's name (above) into out; false when nothing
 * is left of it. */
bool sp_ladspa_fold_name(const char *name, char *out, size_t out_size);

#endif
