/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_TOP_H
#define SP_SESSION_BUILD_TOP_H

/* The recipe's top as a session's reader builds it, at once: each key of
 * the recipe's own (its row, core/recipe/keys.c's sp_key_rows_root) set
 * in the mix's recipe (sp_mix.top) as read; the recipe's check holds it to
 * its row and the rules of its values (a whole sample rate, pan_law's four
 * levels: core/recipe/check.h) as it holds a recipe's text (a length
 * longer than stemprint renders too). The session's recipe is built
 * from this top (sp_session_build). */

#include "core/recipe/keys.h"
#include "io/session/mix.h"

#include <stddef.h>
#include <stdint.h>

/* v, a number in the unit of the row of key (SP_KEY_ROOT_*: sample_rate
 * in Hz, pan_law in dB), whose field is a number (sp_key_row.store
 * SP_KEY_S_DOUBLE): another key is a reader's mistake, and aborts. */
void sp_mix_top_number(sp_mix *m, size_t key, double v);
/* `pan_law: ardour`: Ardour's panners' law. */
void sp_mix_top_pan_law_ardour(sp_mix *m);
/* `plugin_cycle: ardour`: LV2 plugins run in Ardour's export's cycles. */
void sp_mix_top_cycle_ardour(sp_mix *m);
/* `latency: ignore` (Ardour's export with master wired to nothing). */
void sp_mix_top_latency_ignored(sp_mix *m);
/* `length: N smp` and `tail: 0`: the render frames long and no tail, as
 * a session's export range ends. */
void sp_mix_top_length(sp_mix *m, int64_t frames);

#endif
