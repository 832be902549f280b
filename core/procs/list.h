/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The processor registry, in help order: SP_PROC(name) for a built-in
 * class (core/procs/<name>.c defines sp_proc_<name>), SP_FAMILY(name) for a
 * family whose classes are made at load time (sp_family_<name>). Included
 * with both macros defined by the includer (core/procs/proc.c). */
SP_PROC(gain)
SP_PROC(eq)
SP_PROC(compressor)
SP_PROC(gate)
SP_PROC(limiter)
SP_PROC(saturate)
SP_PROC(delay)
SP_PROC(convolver)
SP_PROC(width)
SP_PROC(fold)
SP_PROC(patch)
SP_PROC(soundfont)
SP_PROC(hardware)
SP_FAMILY(lv2)
SP_FAMILY(ladspa)
