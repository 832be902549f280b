/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_DIAGS_H
#define SP_REPORT_DIAGS_H

/* Diagnostics as data, for programs and CI services (docs/ci.md,
 * Diagnostics a CI reads): the report's objects (`check --json`, `render
 * --report`), GitHub Actions' workflow commands and GitLab's code quality
 * report (`--diagnostics github|gitlab`). Each diagnostic is the one
 * stderr prints, in the same order, with its parts apart:
 *
 *   severity     "error", "warning" or "note"
 *   file         the file it is about (a recipe, a session), or null
 *   line, column 1-based, or null where unknown (an XML element has a line
 *                and no column)
 *   path         the recipe path of the object at fault
 *                ("tracks.snare.sends[0].to"; a failed check's: the rule
 *                it judges by, "checks.loudness.target"), or null
 *   message      what is wrong: the text before its first "; "
 *   hint         how to fix it: the text after, or null
 *   exit_status  the status this problem leads to (0 for a warning or a
 *                note; the command exits with the lowest non-zero one)
 *   text         the line stderr printed */

#include "core/base/diag.h"
#include "io/report/report.h"

/* Every diagnostic of d, in the order stderr printed them (warnings of one
 * shape are not folded here: a program wants them all). */
sp_json *sp_report_diags(const sp_diags *d);

/* Where a CI service (GitHub, GitLab, a JUnit reader) places a message
 * about file: the length of the archive file names a member of
 * ("song.dawproject:project.xml", a DAWproject's XML: "ARCHIVE:"
 * SP_DIAG_MEMBER, ARCHIVE a DAWproject's name, core/base/diag.h), which
 * is where it goes, with no line (a line of a member is none of the
 * archive's; the member and its line lead the message instead); 0: file
 * itself (one whose name holds a colon too: "main:song.yaml", a
 * revision's file; "a:project.xml"). Read from the name alone, never the
 * filesystem. */
size_t sp_report_archive_of(const char *file);

/* GitHub Actions' workflow command for g, one line with its newline
 * ("::error file=song.yaml,line=5,col=58,title=tracks.snare.sends[0].to::
 * no bus named 'verbb'; did you mean 'verb'?"), its properties and message
 * escaped as the runner reads them. Heap. */
char *sp_report_diag_github(const sp_diag *g);

/* GitLab's code quality issues for d (an array: description, check_name,
 * fingerprint, severity, location.path and location.lines.begin), to
 * which more may be appended. */
void sp_report_diags_gitlab(const sp_diags *d, sp_json *issues);

#endif
