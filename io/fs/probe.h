/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FS_PROBE_H
#define SP_FS_PROBE_H

/* Each file opened once per command: the table of the files the readers
 * of audio and of the cache's digests have opened, keyed by what the file is (device, inode, size,
 * modification time), each with one read-only descriptor that every
 * reader of that file shares (they read it with pread, at positions of
 * their own) and what probing it learnt (whether it is an ADM BWF, how
 * its audio is laid out), so that later opens neither open nor sniff it
 * again. Beneath the adapters (io/audio, io/cache), as the rest of io/fs. A null test reads each
 * print in 16 chunks and a render probes a source before it streams it: all of them share one
 * descriptor.
 *
 * A file that changed (another size, modification or change time, or, rewritten
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

/* Close every entry no reader holds, and free the table once it holds
 * none: what a process's exit would do, for a process that goes on (the
 * tests' commands, each of which ends with no memory of its own left). */
void sp_probe_close_idle(void);

/* Its descriptor (read with pread only: it is shared), and the file as
 * it was opened. */
int sp_probe_fd(const sp_probe *p);
const struct stat *sp_probe_stat(const sp_probe *p);

/* What was learnt of the file, by kind: a reader's layout of its audio
 * (io/audio/audio.c), whether it is an ADM BWF and, once read, how its
 * tracks are laid out (io/audio/adm.c), whether its bytes were hashed...
 * (each kind's own struct, `size` bytes). */
typedef enum sp_probe_kind {
  SP_PROBE_AUDIO,
  SP_PROBE_ADM,
  SP_PROBE_ADM_READ,
  SP_PROBE_KINDS
} sp_probe_kind;

/* The most a kind's facts may take, in bytes (more are not kept): an
 * opened file's reader and its info (sp_audio_info, with what its reader
 * says of it: an ADM BWF's unread, reordered and refused notes). */
#define SP_PROBE_FACTS_MAX 2048

/* Copy what was learnt of kind into facts; true when known. */
bool sp_probe_facts(sp_probe *p, sp_probe_kind kind, void *facts, size_t size);
/* Keep it (the first one given is kept: later ones are the same). */
void sp_probe_learnt(sp_probe *p, sp_probe_kind kind, const void *facts, size_t size);

#endif
