/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIAG_H
#define SP_DIAG_H

/* Error kinds and diagnostics.
 *
 * An sp_err is what a fallible function returns; its value is also the
 * process exit status the man page documents, so the CLI never has to
 * translate:
 *   0 ok, 1 a check failed, 2 the command line or recipe is wrong,
 *   3 an input or output file problem, 4 the render itself failed.
 *
 * Diagnostics are collected, not printed on the spot: validation reports every
 * problem of a recipe at once, sorted by position, then stops. A diagnostic
 * names the file, the 1-based line and column (from libyaml's marks), the
 * recipe path of the object at fault (`tracks.kick.to`) and a message that
 * says what was expected and how to fix it. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum sp_err {
  SP_OK = 0,
  SP_ERR_CHECK = 1,  /* a check failed: null test, loudness, clipping */
  SP_ERR_USAGE = 2,  /* the command line or the recipe is wrong */
  SP_ERR_IO = 3,     /* an input or output file problem */
  SP_ERR_RENDER = 4, /* the render itself failed */
} sp_err;

/* A position in a text file; 1-based, 0 = unknown. */
typedef struct sp_pos {
  int line;
  int col;
} sp_pos;

typedef enum sp_severity { SP_SEV_ERROR, SP_SEV_WARNING, SP_SEV_NOTE } sp_severity;

typedef struct sp_diag {
  sp_severity severity;
  sp_err kind; /* for errors: which exit status it implies */
  char *file;  /* may be NULL */
  sp_pos pos;
  char *path; /* recipe object path, may be NULL */
  char *msg;
  size_t seq; /* insertion order, keeps sorting stable */
} sp_diag;

typedef struct sp_diags {
  sp_diag *v;
  size_t n, cap;
} sp_diags;

void sp_diags_init(sp_diags *d);
void sp_diags_fini(sp_diags *d);
/* Drop the diagnostics of d recorded after its first n. */
void sp_diags_truncate(sp_diags *d, size_t n);
/* Move every diagnostic of from into d (from is left empty). */
void sp_diags_take(sp_diags *d, sp_diags *from);
/* Append a copy of every diagnostic of from to d (from is left as it is). */
void sp_diags_copy(sp_diags *d, const sp_diags *from);

/* Record an error of the given kind. file, path may be NULL; pos may be {0}. */
void sp_diags_error(sp_diags *d, sp_err kind, const char *file, sp_pos pos, const char *path,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sp_diags_verror(sp_diags *d, sp_err kind, const char *file, sp_pos pos, const char *path,
                     const char *fmt, va_list ap);
void sp_diags_warn(sp_diags *d, const char *file, sp_pos pos, const char *path, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));
void sp_diags_vwarn(sp_diags *d, const char *file, sp_pos pos, const char *path, const char *fmt,
                    va_list ap);

/* Record a diagnostic without file, position or path whose message is kept
 * whole. sp_diags_error and _warn cut every word of more than 200 bytes (a
 * recipe can hold a key of megabytes, which a message would repeat); a
 * message naming a path the user gave, which they need in full to act on,
 * is recorded with this one. kind: for an error, the exit status it
 * implies; SP_OK for a warning or a note. */
void sp_diags_add_whole(sp_diags *d, sp_severity sev, sp_err kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

size_t sp_diags_errors(const sp_diags *d);
size_t sp_diags_warnings(const sp_diags *d);

/* The exit status the recorded errors imply: SP_OK when there are none, else
 * the most fundamental kind recorded (a wrong recipe before a missing file:
 * the lowest non-zero code). */
sp_err sp_diags_status(const sp_diags *d);

/* Print all diagnostics, sorted by file, line and column, one per line:
 *   stemprint: error: song.yaml:14:7: tracks.kick.to: no bus named 'drum'
 * Errors, or warnings, of one shape in one file (the same text but for
 * quoted names and numbers) past the first three are counted in one line
 * after the rest: "stemprint: error: FILE: N more errors like 'MSG' (the
 * first 3 are above)". Notes are all printed. */
void sp_diags_print(const sp_diags *d, FILE *f);

/* The diagnostics of d in the order sp_diags_print prints them (by file,
 * line, column, then as recorded), every one: a heap array of d->n
 * shallow copies (free the array alone; they borrow d's strings). */
sp_diag *sp_diags_sorted(const sp_diags *d);

/* Format one diagnostic as sp_diags_print would (no trailing newline);
 * returns a heap string. Its file, path and message are escaped
 * (sp_diag_escape): one diagnostic is one line, whatever a recipe holds. */
char *sp_diag_format(const sp_diag *g);

/* The member of an archive a message may be placed in, its file named
 * "ARCHIVE:" SP_DIAG_MEMBER, ARCHIVE's name ending in SP_DIAG_ARCHIVE (any
 * case, as a session is known by it: io/session/import.c): a DAWproject's
 * XML ("song.dawproject:project.xml", its reader's file for messages,
 * io/session/dawproject.c), which a CI service places at the archive
 * (sp_report_archive_of). */
#define SP_DIAG_MEMBER "project.xml"
#define SP_DIAG_ARCHIVE ".dawproject"

/* Where a message is, after its file: ":LINE:COL" (a text's place),
 * ":LINE" (an element's line: no column) or "" (no line), into buf
 * (every place written FILE:LINE:COL goes through it). buf. */
const char *sp_diag_at(sp_pos pos, char *buf, size_t size);

/* s as a terminal or a CI log may show it (heap): every character that
 * would act instead of print written as an escape. Tab, LF and CR are \t,
 * \n and \r; other C0 controls and DEL \xHH (ESC is \x1b); C1 controls
 * (U+0080..U+009F), the line and paragraph separators (U+2028, U+2029)
 * and the bidirectional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069) \uHHHH; a byte that is not UTF-8 \xHH. So no value
 * can start a line of its own (a GitHub Actions command "::error"), set
 * a terminal's title or move its cursor. Everything else, backslash
 * included, is kept. */
char *sp_diag_escape(const char *s);

/* Print fmt's text on f as one line: all of it escaped (sp_diag_escape),
 * then a newline. For a message said outside a list of diagnostics (the
 * command line's, a file that cannot be written). */
void sp_diag_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The candidate closest to word by edit distance when it is close enough to
 * be a plausible typo (case-insensitive), else NULL; of candidates as close,
 * the one that keeps word's case ("Nmae": "Name", not "name"). */
const char *sp_suggest(const char *word, const char *const *cands, size_t n);

#endif
