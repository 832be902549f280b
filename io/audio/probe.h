/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_PROBE_H
#define SP_AUDIO_PROBE_H

/* Each file opened once per command: the table of the files the audio
 * readers have opened, keyed by what the file is (device, inode, size,
 * modification time), each with one read-only descriptor that every
 * reader of that file shares (they read it with pread, at positions of
 * their own) and what probing it learnt (whether it is an ADM BWF, how
 * its audio is laid out), so that later opens neither open nor sniff it
 * again. A null test reads each print in 16 chunks and a render probes a
 * source before it streams it: all of them share one descriptor.
 *
 * A file that changed (another size or modification time, or, rewritten
 * within the clock's tick at the same size, other first 4 KiB) or was
 * replaced (another inode) is opened and probed afresh. A file
 * no reader holds stays open for the next (up to a bound, the least
 * recently used closed first); once deleted (or replaced by a rename), it
 * is closed when released, or when the next file is added. Thread-safe. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct sp_probe sp_probe;

/* path's entry, opened when it is not in the table, held for the caller
 * until sp_probe_release. Only a regular file is opened (a FIFO would
 * block, a device stream forever). SP_ERR_IO with why (strerror's words;
 * for a missing file, the nearest existing name) when it cannot be. */
sp_err sp_probe_open(const char *path, sp_probe **out, char *why, size_t why_size);

/* Hand the table fd, a readable descriptor of a regular file just
 * written and complete (an output under its temporary name): it becomes
 * that file's entry, idle, and its readers open the file no more. Takes
 * fd (closed when the table has no use for it). */
void sp_probe_adopt(int fd);

/* Give p back (NULL: nothing). */
void sp_probe_release(sp_probe *p);

/* Its descriptor (read with pread only: it is shared), and the file as
 * it was opened. */
int sp_probe_fd(const sp_probe *p);
const struct stat *sp_probe_stat(const sp_probe *p);

/* Whether the file is a WAV, RF64 or BW64 with an axml chunk (an ADM BWF),
 * sniffed the first time it is asked. */
bool sp_probe_is_adm(sp_probe *p);

/* What an audio reader learnt of the file, `size` bytes of its own kind
 * (io/audio/audio.c's): copied into facts and true when known; kept by
 * sp_probe_learnt (the first one given is kept). */
bool sp_probe_facts(sp_probe *p, void *facts, size_t size);
void sp_probe_learnt(sp_probe *p, const void *facts, size_t size);

#endif
