/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FS_H
#define SP_FS_H

/* Small file-system helpers. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The process's umask is read once, before main (while the process has
 * one thread), and never changed after: umask(2) can only be read by
 * setting it, and a set-and-restore on one thread while another creates a
 * file leaves that file, or the process, with the wrong mask. Files
 * stemprint makes with mkstemp (0600) get sp_fs_file_mode(), what open(2)
 * would have given them. Read the umask again, as the program start
 * does: only where no other thread runs (sp_main's start, for a process
 * forked from one that started earlier, as the tests' are). */
void sp_fs_read_umask(void);
/* 0666 & ~umask: an ordinary file's mode; 0777 & ~... a folder's. */
mode_t sp_fs_file_mode(void);
mode_t sp_fs_folder_mode(void);

/* A path that exists and is close to path, which does not: each missing
 * component replaced by the entry of its folder that is the same but for
 * case, or a plausible typo of it (sp_suggest), or else the one entry of
 * the same name but for its extension ("band.mid" for "band"), the rest
 * kept as written ("audio/Kick.wav" for "audio/kick.wav"). Heap; NULL when
 * there is none. */
char *sp_fs_near_path(const char *path);

/* Why a path could not be opened or stated, errno e, in words: the
 * system's, but for ELOOP, whose words ("Too many levels of symbolic
 * links") do not say that the links lead round to each other. Static. */
const char *sp_fs_errno_words(int e);

/* path opened for reading (*fd: blocking, close-on-exec, its stat in
 * *st) when it is a regular file: what a reader then reads is what was
 * checked, and a FIFO, which a plain open would wait on, is refused at
 * once. Else SP_ERR_IO, *fd -1, and why: the system's reason (a missing
 * path with sp_fs_near_path's did-you-mean), "it is a folder, not
 * <what>", or "it is not a regular file (a FIFO, a device or a socket);
 * stemprint reads <reads> only". what: "a MIDI file"; reads: "MIDI files".
 * errno: the system's reason, EINVAL for a file that is not regular. */
sp_err sp_fs_open_regular(const char *path, const char *what, const char *reads, int *fd,
                          struct stat *st, char *why, size_t why_size);

/* sp_fs_open_regular's file as a stream for reading (fclose it); NULL
 * with why (and errno) as it says them, or fdopen's reason. */
FILE *sp_fs_fopen_regular(const char *path, const char *what, const char *reads, struct stat *st,
                          char *why, size_t why_size);

/* sp_fs_fopen_regular for an input that may also be a stream (a recipe:
 * `render <(make-recipe)`, /dev/stdin): a named pipe or a character
 * device is opened too, never waiting for a writer (a FIFO no one writes
 * reads as empty), and read as it comes; its reader bounds what it reads.
 * A folder, a socket or a missing path is refused in sp_fs_open_regular's
 * words. */
FILE *sp_fs_fopen_input(const char *path, const char *what, const char *reads, struct stat *st,
                        char *why, size_t why_size);

/* ---- what a render read, as it first was ------------------------------
 * While a watch is on (sp_fs_watch_begin, one a render: renders side by
 * side share it, and the last to end forgets it), every regular file the
 * shared opener opens or looks at (sp_fs_open_regular, sp_fs_stat_regular
 * and the readers on them: io/fs/probe.h's table, sp_fs_read_all, a cache
 * key's digests) is noted by its path with its identity the first time.
 * What a render's check before its prints land compares each input with
 * (io/outdir/print.c): a file rewritten after it was first read (a plan
 * that loads an impulse response, then hashes it for a cache key, then
 * renders) is seen, however late the check's own look. */
void sp_fs_watch_begin(void);
void sp_fs_watch_end(void);
/* path's identity when the watch first noted it into *st; false where it
 * noted none (or no watch is on). */
bool sp_fs_watch_first(const char *path, struct stat *st);

/* Whether path (links followed) is a regular file, its stat in *st: the
 * check before a reader looks a file up by what it is (device, inode)
 * rather than opening it; SP_ERR_IO with why as sp_fs_open_regular's. */
sp_err sp_fs_stat_regular(const char *path, const char *what, const char *reads, struct stat *st,
                          char *why, size_t why_size);

/* Whether path is a device, a FIFO or a socket (links followed), or names
 * one of the command's descriptors (/dev/stderr, /dev/fd/N): what a
 * file may not be renamed over (as root, that would replace /dev/null),
 * and what a library that reads by path would wait on or read without
 * end (a plugin bundle's files: io/lv2). */
bool sp_fs_is_special(const char *path);

/* Note the descriptors the command was given (those open now): an output
 * named by one it was not given (/dev/fd/3 with no 3>file) is refused,
 * not written into a descriptor the command opened itself. Called first. */
void sp_fs_note_given(void);

/* Create dir and its missing parents (like mkdir -p); why says what failed. */
sp_err sp_fs_mkdirs(const char *dir, char *why, size_t why_size);

/* The topmost folder of dir that does not exist yet (the first one
 * sp_fs_mkdirs would create), newly allocated; NULL when dir exists. */
char *sp_fs_first_missing(const char *dir);

/* Undo sp_fs_mkdirs after a failure: remove dir and its parents up to and
 * including top (from sp_fs_first_missing), each only if it is empty;
 * stops at the first that is not. */
void sp_fs_rmdirs_empty(const char *dir, const char *top);

/* Remove dir and everything under it (links are removed, not followed). */
void sp_fs_remove_tree(const char *dir);

/* The longest name a folder's entry holds, in bytes (NAME_MAX of Linux's
 * file systems; core/base/names.h holds a print's name to it). */
#define SP_FS_NAME_MAX 255

/* A mkstemp template for a temporary file standing in for path until it is
 * renamed over it: in the same folder, hidden, and recognisable as
 * stemprint's and as this process's: ".<name>.stemprint-tmp-<host>-<pid>-XXXXXX"
 * (host: a hash of the host name; of a name too long for that to fit a
 * folder's entry, SP_FS_NAME_MAX bytes, its head). A render killed outright (SIGKILL, a
 * power cut) leaves such files; sp_fs_temp_is_stale tells them apart from a
 * live render's, so the next render into the folder removes them. */
char *sp_fs_temp_template(const char *path);

/* Whether name (an entry of a folder, no slash) is a temporary file of a
 * stemprint process of this host that is no longer running (a name
 * libFLAC gives a copy of one, ".metadata_edit" after it, or a
 * temporary's own temporary, too). A file of another host is never
 * stale here (sp_fs_temp_is_abandoned). */
bool sp_fs_temp_is_stale(const char *name);
/* How long another host's temporary file stays unmodified before it is
 * taken for a killed process's: a day. A render writes its files as it
 * goes, and no render's file waits a day for its commit. */
#define SP_FS_TEMP_ABANDONED_S (24 * 3600)
/* Whether dir's entry name is a killed stemprint's temporary file: this
 * host's, its process gone (sp_fs_temp_is_stale), or another host's (a
 * CI job's container, named anew each run, over a cached folder) left
 * unmodified for SP_FS_TEMP_ABANDONED_S, where no process id can be asked. */
bool sp_fs_temp_is_abandoned(const char *dir, const char *name);
/* ---- what a stop takes away ------------------------------------------------
 * The temporary files a command writes, and the folders it made for them,
 * held while they are not in place: a command with no stop of its own
 * (import, init: a render stops where it next looks, and takes its own
 * away) removes them when SIGINT or SIGTERM ends it (sp_fs_remove_held,
 * safe in a signal handler: cmd/cli.c), as its own end would have. At
 * most 64 at once; one more is left to the next sweep
 * (sp_fs_remove_stale_temps). */
void sp_fs_hold(const char *path);
void sp_fs_hold_folder(const char *path); /* removed once empty, after the files */
void sp_fs_let_go(const char *path);
void sp_fs_remove_held(void);

/* Remove dir's temporary files that killed processes left
 * (sp_fs_temp_is_abandoned), those of the file named of alone where of is
 * not NULL; how many. */
size_t sp_fs_remove_stale_temps(const char *dir, const char *of);

/* The folder part of path as written: "." when it has none, "/" for an
 * entry of the root (heap). */
char *sp_fs_parent(const char *path);

/* The folder path is in, absolute and without links when it exists, made
 * absolute from the working folder when it does not (heap). */
char *sp_fs_folder_of(const char *path);

/* The folder the files a recipe (or another text) at path names are
 * found from, as written: its folder part (sp_fs_parent); of a
 * descriptor's name (/dev/stdin, /dev/fd/3, /proc/self/fd/3), the folder
 * of the file it is open on, or of a pipe the working folder (heap). */
char *sp_fs_text_folder(const char *path);

/* Whether the text at path is read from a stream that no folder holds: a
 * descriptor's name (as above) open on a pipe, a socket or a device; its
 * only name is then the one it was given by. */
bool sp_fs_text_piped(const char *path);

/* Where path is, as a name two paths compare by: its folder as
 * sp_fs_folder_of gives it and its file name (heap). Two names of one
 * file that is not there yet (a print to come) have one place. */
char *sp_fs_place(const char *path);

/* path absolute, its links resolved as far as it exists, and past that
 * its "." and ".." and doubled slashes taken out as they would resolve
 * (heap): two spellings of one place, there or to come, are one text. */
char *sp_fs_resolved(const char *path);

/* Whether path is inside the folder dir (at any depth, or dir itself),
 * however either is spelled (sp_fs_resolved: links, "..", a folder not
 * made yet). */
bool sp_fs_inside(const char *path, const char *dir);

/* Which file path names: a text two names of one file share (heap), its
 * device and inode where it is there ("file DEV:INO": a link, a hard link
 * or another spelling of its path names the same file), else the place it
 * would be ("place " and sp_fs_place's: a print to come), never both. The
 * one rule of whether a file written is one read (the graph's media, a
 * command's outputs, an album's, the recipe init writes); *special (may
 * be NULL) set where it is there and is no regular file (a device, a
 * FIFO: written into, never replaced). */
char *sp_fs_identity(const char *path, bool *special);

/* The path of to from the folder from, both absolute and canonical
 * (realpath): "../song.yaml", "audio/kick.wav"; "" when they are the
 * same (heap). */
char *sp_fs_path_from(const char *from, const char *to);

/* name in stemprint's folder of the user's cache: $XDG_CACHE_HOME/stemprint/
 * name, else ~/.cache/stemprint/name; NULL when neither is an absolute
 * path. Heap. */
char *sp_fs_user_cache(const char *name);

/* A folder that is an input (an LV2 plugin's bundle, a state a host saved
 * in a folder of its own) is one of every file under it, walked by
 * sp_fs_folder_walk for every use of it (its digest, io/cache/digests.c;
 * the depfile's files, io/report/depfile.c): to SP_FS_FOLDER_DEPTH
 * folders below it, SP_FS_FOLDER_ENTRIES entries (files and folders) in
 * all; past those it is refused. */
#define SP_FS_FOLDER_DEPTH 3
#define SP_FS_FOLDER_ENTRIES 4096

/* What sp_fs_folder_walk tells of an entry: a regular file (links
 * followed), or a folder entered (before its own entries) and left
 * (after them). */
typedef enum sp_fs_step { SP_FS_FILE, SP_FS_ENTER, SP_FS_LEAVE } sp_fs_step;

/* Each entry of the folder at path (name: its name in its folder; the
 * walked folder's own ENTER and LEAVE: ""), in order; a visit that is not
 * SP_OK stops the walk, its why said. */
typedef sp_err (*sp_fs_visit)(void *ctx, sp_fs_step step, const char *path, const char *name,
                              char *why, size_t why_size);

/* The walk of the folder dir as an input: each folder's entries in the
 * bytes' order of their names (whatever the locale), a folder's where it
 * stands among them, entered and left; links followed. Refused (why, and
 * nothing more visited) where it passes the bounds above, or an entry is
 * neither a file nor a folder (a FIFO, a device, a link to nothing: what
 * the input's readers would refuse), or a folder cannot be read. */
sp_err sp_fs_folder_walk(const char *dir, sp_fs_visit visit, void *ctx, char *why, size_t why_size);

/* path relative to dir when it lies inside it (dir absolute, as
 * sp_fs_folder_of gives), else path itself (heap). */
char *sp_fs_relative_to(const char *path, const char *dir);

/* The whole of the regular file at path, NUL-terminated (not counted in
 * *n; free *text), opened by sp_fs_fopen_regular (what, reads: its words
 * for a file that is not one, "cannot read PATH: " before them):
 * SP_ERR_IO with the reason when it cannot be read or is not a regular
 * file, SP_ERR_USAGE when it is larger than max bytes. */
sp_err sp_fs_read_all(const char *path, const char *what, const char *reads, size_t max,
                      char **text, size_t *n, char *why, size_t why_size);

/* Write all n bytes of buf to fd, retrying interrupted and short writes;
 * false (errno set) when a write fails. */
bool sp_fs_write_all(int fd, const void *buf, size_t n);

/* Read up to n bytes at offset `at` of fd into buf (pread, retrying
 * interrupted and short reads): how many it read, fewer at the end of the
 * file (errno 0) or on an error (errno set). */
size_t sp_fs_pread(int fd, void *buf, size_t n, uint64_t at);

/* The digest of the bytes fd holds, read once from its start (fd's offset
 * unmoved), and their count in *size. false (errno set) when a read
 * fails. */
struct sp_digest;
bool sp_fs_digest_fd(int fd, struct sp_digest *out, uint64_t *size);

/* Copy n bytes of in from its offset `at` (in's own offset unmoved) to
 * out at out's offset: in the kernel (copy_file_range) where it can,
 * through a buffer where it cannot (another file system, a kernel or file
 * system without it). false when a read or a write fails (errno set) or
 * in ends before n bytes (errno 0). */
bool sp_fs_copy_range(int in, uint64_t at, int out, uint64_t n);

/* Mark path used now (its access time, never its modification time)
 * when its access time is more than SP_FS_USED_STEP_SECONDS old. Setting a
 * time moves the file's change time, which a render reading the file
 * checks (io/audio/audio.h's sp_audio_unchanged): a file used in the last
 * minutes is left alone, so that renders sharing it never fail each
 * other's. */
#define SP_FS_USED_STEP_SECONDS 600
void sp_fs_mark_used(const char *path);

/* Write text to path safely: into a temporary file in the same folder,
 * renamed over path only when complete, so a reader never sees half a file
 * and a failure leaves the old one. A path that is a device, a FIFO or a
 * socket (--report /dev/null, a pipe) is written into as it is, never
 * replaced by a file; "-" is the command's standard output
 * (sp_fs_set_stdout). SP_ERR_IO with the reason otherwise. Text never
 * replaces a file whose first bytes say it is a kind stemprint reads
 * (sp_fs_text_over). */
sp_err sp_fs_write_text(const char *path, const char *text, char *why, size_t why_size);
/* Whether text written at path would replace a regular file whose first
 * bytes say it is one of the kinds stemprint reads (io/fs/kind.h: audio,
 * MIDI, a SoundFont, an archive; one it cannot read, by its name), why
 * said: what names it (a report named as a source of a recipe that is no
 * YAML, whose sources no command can know; import -o) is a mistake, and
 * the file would be lost. */
bool sp_fs_text_over(const char *path, char *why, size_t why_size);
/* The same for n bytes of data (a binary file). */
sp_err sp_fs_write_bytes(const char *path, const void *data, size_t n, char *why, size_t why_size);
/* The same, the file being data's n bytes and then `tail` bytes of the
 * open file `in` from its byte `at`, copied (sp_fs_copy_range: never all
 * in memory): a file given a new head (an MP3's ID3 tag) where it is. */
sp_err sp_fs_write_joined(const char *path, const void *data, size_t n, int in, uint64_t at,
                          uint64_t tail, char *why, size_t why_size);

/* The error for an output that must be a regular file (audio, a session)
 * at a path that is special, or "-": false with why. */
bool sp_fs_refuse_special(const char *path, char *why, size_t why_size);
/* Whether a file may be renamed over path (links followed): true when
 * nothing is there or a regular file; false, why saying so, for a folder,
 * a device, a FIFO or a socket (a rename over a folder fails, over a
 * device replaces it). Asked of every file an output folder lands before
 * the first is renamed, so none lands when one cannot. */
bool sp_fs_refuse_not_file(const char *path, char *why, size_t why_size);
/* Both, in that order: whether a print may be made at path, asked of each
 * print before the first byte of it is made (a render's writer, a cache's
 * fetch), so that one the commit would refuse is refused before the work. */
bool sp_fs_refuse_print_at(const char *path, char *why, size_t why_size);

/* Whether an output's path is "-" (or /dev/stdout, /dev/fd/1, /proc/self/fd/1): the
 * command's standard output, as every output option takes it
 * (cmd/args.c). */
bool sp_fs_is_stdout(const char *path);

/* The path an input given as arg (a recipe) is read by: "-", the
 * command's standard input, is /dev/stdin, so that it is opened, found
 * from (sp_fs_text_folder) and named (out/stdin/) as that name is; any
 * other arg as it is (a file named '-' is ./-). */
const char *sp_fs_input_path(const char *arg);
/* The stream "-" is written to: the command's standard output (main's,
 * cmd/args.c's sp_cli_out_separate); stdout until it is set. */
void sp_fs_set_stdout(FILE *f);

/* Write path to f as GNU make reads a file name in a rule (a depfile's,
 * as GCC's -MD writes one), a target's where target, else a
 * prerequisite's: '$' doubled; '=' as "$(or =)" (else the line is a
 * variable's assignment); a space, a tab, '#', ':' and a wildcard's '*',
 * '?', '[' and ']' behind a backslash, and '%' too in a target (else a pattern), '|' in a
 * prerequisite (else order-only ones follow); the backslashes before one of those or ending the
 * name doubled (make halves them there) and a name so ended followed by a blank; any other
 * backslash as it is (make reads it so); a '&' ending a target as "$(or &)" (else "&:" is a group's
 * colon); a name that is one of make's directives ("include", "define", ...) as
 * "$(or NAME)". A name sp_fs_make_refuses is written so too, but make
 * reads it otherwise. sp_fs_make_unescape reads one name so written as a
 * target in place, as make does. */
void sp_fs_make_escape(FILE *f, const char *path, bool target);
void sp_fs_make_unescape(char *s);
/* Why make cannot be told path in a rule, a target's where target, else a
 * prerequisite's, so that it reads it back as it is (GNU make 4.3,
 * measured: docs/ci.md, "Names make reads back"): a phrase ("it holds ';',
 * which make reads as the start of the rule's recipe, ..."; static), or
 * NULL when sp_fs_make_escape's text is read back as path. Refused: ';'
 * and a line break anywhere; a leading '~'; an archive's member ("a(b)": a '(' after the first
 * byte, a
 * ')' last); a trailing space or tab; a vertical tab, form feed or
 * carriage return first, or last in a prerequisite; a tab in a target; a
 * trailing backslash in a prerequisite; a target starting with '.' in no
 * folder. */
const char *sp_fs_make_refuses(const char *path, bool target);

#endif
