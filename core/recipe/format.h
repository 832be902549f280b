/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FORMAT_H
#define SP_FORMAT_H

/* The files stemprint prints: containers and sample depths. */

typedef enum sp_format { SP_FORMAT_WAV, SP_FORMAT_FLAC, SP_FORMAT_AIFF, SP_FORMAT_W64 } sp_format;
/* Bits per sample; 32 is 32-bit float. */
typedef enum sp_depth { SP_DEPTH_16 = 16, SP_DEPTH_24 = 24, SP_DEPTH_32F = 32 } sp_depth;

/* The file extension of a format ("wav"). */
const char *sp_format_ext(sp_format f);

#endif
