/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CMD_JOBSERVER_H
#define SP_CMD_JOBSERVER_H

/* A GNU make jobserver client: the job tokens of core/base/tokens.h taken
 * from the jobserver that MAKEFLAGS' --jobserver-auth names (make 4.3's
 * pipe, `R,W`, or make 4.4's named pipe, `fifo:PATH`). */

/* Read MAKEFLAGS and, where it names a jobserver this process can use,
 * take the engine's tokens from it (sp_tokens_use), giving every token
 * back at exit and on a signal that ends the process. One that it names
 * and cannot be used (the pipe's descriptors closed, as make 4.3 leaves
 * them for a rule without '+'; not a pipe; a missing fifo) is said once on
 * stderr, and the command runs as without make. Call once, before any
 * thread starts and before the command opens any file (a descriptor it
 * opened could take a closed pipe's number). */
void sp_jobserver_start(void);

/* Give back every token this process holds (async-signal-safe): before
 * the process ends by a signal. */
void sp_jobserver_release(void);

#endif
