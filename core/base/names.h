/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_NAMES_H
#define SP_NAMES_H

/* Output file names from templates.
 *
 * `output.name` is a template such as "{recipe}_{NAME}_{depth}b{khz}k" or
 * "Artist - Title ({Name})": literal text and placeholders in braces. The
 * extension is never part of it; the format's is appended. Every resulting
 * name is checked to be a portable file name, so a delivery printed here
 * unpacks the same on Linux, macOS and Windows:
 *
 *   {recipe}  the recipe's file name without extension
 *   {name}    the output's name: the mix's (output.mix), a stem's, a
 *             version's or a printed bus's, as written in the recipe
 *   {Name}    the same with its first letter in capitals; {NAME} all capitals
 *   {kind}    mix, stem, version or bus
 *   {rate}    the sample rate in Hz (48000); {khz} in kHz (48, 44.1)
 *   {depth}   16, 24 or 32f (a lossy file: its format, mp3, opus or aac)
 *   {format}  wav, flac, aiff, w64, alac, mp3, opus or aac
 *   {layout}  the files' channel layout: stereo, 5.1, 7.1.4 ...
 *   {channel} a multi-mono file's channel: L, R, C, LFE, Ls ...
 *
 * `{{` and `}}` stand for literal braces. */

#include <stdbool.h>
#include <stddef.h>

/* What a template's placeholders stand for. */
typedef struct sp_name_vars {
  const char *recipe;
  const char *name;
  const char *kind;   /* "mix", "stem", "version", "bus" */
  const char *format; /* the extension: "wav" */
  double rate_hz;
  int depth; /* 16, 24, or 32 for 32-bit float; 0: lossy */
  const char *layout;  /* the layout's name ("5.1"); NULL: stereo */
  const char *channel; /* a multi-mono file's channel ("L", "LFE"); NULL: none */
} sp_name_vars;

/* Check a template's syntax: balanced braces, every placeholder known (only
 * {recipe} and {input}, the input's whole file name, when recipe_only, as
 * in a folder), no control character, and no
 * path separator unless recipe_only. On failure why says what is wrong and how to fix it, with a
 * did-you-mean for a misspelt placeholder. */
bool sp_name_template_check(const char *tmpl, bool recipe_only, char *why, size_t why_size);

/* The template with its placeholders replaced (heap string). The template
 * must have passed sp_name_template_check. */
char *sp_name_expand(const char *tmpl, const sp_name_vars *v);

/* Whether name (with its extension) is a portable file name: not empty, at
 * most 255 bytes, no path separator or control character, none of
 * < > : " | ? * (refused by Windows) nor % = ; (a print is a make target:
 * make cannot be told ';' at all, and reads '%' and '=' back only escaped,
 * '%' otherwise in a target than in a prerequisite: docs/ci.md), not starting with '.' (hidden, and
 * stemprint's own temporary files start so) or '-' (read as an option by
 * most commands), not ending with a space or '.', and not a name Windows
 * reserves for devices (CON, PRN, AUX, NUL, COM1..9, LPT1..9, with any
 * extension). why says which rule it breaks. */
bool sp_file_name_check(const char *name, char *why, size_t why_size);

/* Whether c may stand anywhere in a portable file name (not a path
 * separator, a control character, nor one of < > : " | ? * % = ;): what
 * sp_file_name_check holds each character to. A name made of free text (an
 * album track's title) replaces the others. */
bool sp_file_name_char_ok(char c);

#endif
