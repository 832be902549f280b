/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FUZZ_COMMON_H
#define SP_FUZZ_COMMON_H

/* What the fuzz targets share: a private folder of their own (made once,
 * made the working folder), and an input written to a file there, since
 * every reader of stemprint's takes a path. */

#include <stddef.h>
#include <stdint.h>

/* The target's folder, made on first use, holding a few small audio files
 * a recipe may name: mono.wav (48 kHz, 16-bit), stereo.wav (44.1 kHz,
 * 24-bit) and ir.wav (48 kHz float). The working folder stays where it was
 * (libFuzzer reads its corpus by relative paths). */
const char *fz_dir(void);

/* data written to name in fz_dir(); returns the path (static storage). */
const char *fz_file(const char *name, const uint8_t *data, size_t size);

#endif
