/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_PLUGIN_H
#define SP_IO_PLUGIN_H

/* What the plugin hosts (io/lv2, io/ladspa) share, beneath them: a plain
 * description (core/procs/lv2.h) begun, its audio ports counted, its
 * controls' ranges and units, its verdict as an effect, and the message
 * for a plugin that is not installed. A host reads its own API (lilv, a
 * LADSPA descriptor); what it learns goes into the description here, by
 * one set of rules for both. */

#include "core/procs/lv2.h"

/* A description of one of host's plugins (NULL: the LV2 host) with n_ports
 * ports: a list of each kind with room for every port, every index that
 * may be unset -1. */
sp_lv2_plugin *sp_plugin_new(const sp_lv2_host *host, int n_ports);

/* d refused with why; the first reason given stays. */
void sp_plugin_refuse(sp_lv2_plugin *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef enum sp_plugin_audio { SP_PLUGIN_IN, SP_PLUGIN_OUT, SP_PLUGIN_SIDECHAIN } sp_plugin_audio;

/* Audio port `port` of d counted as what it is (the first two of each kind
 * kept in d->in, d->out or d->sc). */
void sp_plugin_add_audio(sp_lv2_plugin *d, sp_plugin_audio what, int port);

/* An effect's verdict from its audio ports: refused with no_input when it
 * has no audio input, or when the engine runs no such effect
 * (sp_lv2_ports_refused); else keyed with a sidechain, linear when its
 * class says so (linear), else track-only. */
void sp_plugin_link(sp_lv2_plugin *d, bool linear, const char *no_input);

/* c's range put right: max not below min, def between them. */
void sp_plugin_clamp(sp_lv2_control *c);

/* A control's unit named by word ("dB", "Hz", "kHz", "ms", "s", ...: a
 * LADSPA port's parentheses, an LV2 unit's URI's end) as the recipe's unit
 * and the factor from it to the port's value; a plain number otherwise. */
void sp_plugin_unit(const char *word, sp_unit *unit, double *scale);

/* Around a host's instantiation of a plugin: memory the C library hands
 * out uninitialized meanwhile (by malloc, new: not from its smallest
 * recent frees, glibc's tcache) is zero, in any thread, and memory freed
 * is overwritten. A plugin that reads a member it never set then reads
 * zero, whatever the heap held before (Calf Rotary Speaker's output
 * changed run to run at -j 2 by up to -50.6 dBFS: docs/lv2.md). */
void sp_plugin_heap_begin(void);
void sp_plugin_heap_end(void);

/* Whether s contains word, case aside. */
bool sp_plugin_says(const char *s, const char *word);

/* why: no api plugin (api "LV2" or "LADSPA") is named what; did you mean
 * the nearest of names[n]; searched path. */
void sp_plugin_not_found(const char *api, const char *what, const char *const *names, size_t n,
                         const char *path, char *why, size_t why_size);

#endif
