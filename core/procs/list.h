/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The processor registry: one line per processor class, in help order.
 * Included with SP_PROC(name) defined by the includer (core/proc.c). */
SP_PROC(gain)
SP_PROC(eq)
SP_PROC(compressor)
SP_PROC(gate)
SP_PROC(limiter)
SP_PROC(saturate)
SP_PROC(delay)
SP_PROC(convolver)
SP_PROC(width)
