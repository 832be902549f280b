/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SMF_H
#define SP_SMF_H

/* Standard MIDI Files (the MIDI Manufacturers Association's SMF 1.0) read
 * into the engine's MIDI model (core/media/midi.h) and written from it.
 *
 * Read: formats 0 and 1 (2, independent sequences, is refused); a
 * metrical or an SMPTE time base; running status, which meta events and
 * SysEx cancel; every channel message; tempo (FF 51), time signature
 * (FF 58), track name (FF 03) and End of Track (FF 2F) meta events, the
 * other meta events skipped; SysEx (F0, F7) skipped and counted. Chunks
 * of unknown types are skipped; bytes after the last track the header
 * counts are not read (writers pad files); a track may end without End
 * of Track (at its chunk's end), and what follows an End of Track inside
 * its chunk is not read. Anything else that does not parse is refused
 * with the byte offset and what was expected there.
 *
 * Written: format 0 or 1, each track's name, the tempo map and the time
 * signatures in the first track, every channel message of a track in its
 * order (by tick) in running status, gaps longer than a delta-time holds
 * bridged with empty text events, and an End of Track after each track's
 * last event, the first track's at end_tick. What the writer writes of a
 * finished model the reader reads as it was (the same model, times to the
 * bit), unless it lasts more than the 24 hours the reader takes. */

#include "core/base/diag.h"
#include "core/media/midi.h"

#include <stddef.h>
#include <stdint.h>

/* The largest file sp_smf_read reads: 16 MiB, a thousand times a long
 * piece's, and the most its model may hold is about 12 bytes for each
 * byte of the file (a 2-byte event in running status). */
#define SP_SMF_MAX_BYTES ((size_t)16 << 20)

/* The file of n bytes at data into a new model (*out; sp_midi_file_free
 * it), finished (sp_midi_file_finish: sorted, timed). SP_ERR_IO with why
 * naming the byte offset and what was expected, as in
 *   "byte 77: track 1: a data byte (0x45) with no running status; ..."
 *   "truncated at byte 1234: track 2 (MTrk) says 5000 bytes, 3766 remain"
 * Memory is bounded by n, never by what a header claims. */
sp_err sp_smf_parse(const uint8_t *data, size_t n, sp_midi_file **out, char *why, size_t why_size);

/* The regular file at path (at most SP_SMF_MAX_BYTES), parsed. SP_ERR_IO
 * with why (which does not repeat the path) when it cannot be read, is
 * not a regular file, is larger, or does not parse. */
sp_err sp_smf_read(const char *path, sp_midi_file **out, char *why, size_t why_size);

/* f as the bytes of a Standard MIDI File, into a new buffer (*data, free
 * it; *n bytes). f's seconds are not read: its ticks, tempos and time
 * base are what a reader will time it by. SP_ERR_USAGE with why when f
 * holds what a file cannot: a format but 0 or 1, no track, a format 0 of
 * more than one, a time base out of range, an event of a track it has
 * not, at a negative tick, or not a channel message of its size with
 * data bytes of 0..127, a tempo of 0 µs or above 16777215, a time
 * signature of numerator 0 or denominator beyond 2^7, anything past
 * SP_MIDI_MAX_TICKS, events, tempos or time signatures out of order by
 * tick (sp_midi_file_finish sorts them), or more than SP_SMF_MAX_BYTES of
 * file. */
sp_err sp_smf_encode(const sp_midi_file *f, uint8_t **data, size_t *n, char *why, size_t why_size);

/* f encoded (sp_smf_encode) and written to path safely: into a temporary
 * file in the same folder, renamed over path once complete. SP_ERR_USAGE
 * as sp_smf_encode, SP_ERR_IO with why when the file cannot be written. */
sp_err sp_smf_write(const char *path, const sp_midi_file *f, char *why, size_t why_size);

#endif
