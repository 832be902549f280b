/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SYNTH_H
#define SP_SYNTH_H

/* The engine's SoundFont host (core/procs/soundfont.h) over libfluidsynth:
 * a synthesizer per instrument instance, its settings fixed for the same
 * bytes on every run and thread count (one core, no minimum note length,
 * no dither), its messages routed to stemprint's diagnostics. */

#include "core/procs/soundfont.h"

const sp_sf2_host *sp_fluid_host(void);

#endif
