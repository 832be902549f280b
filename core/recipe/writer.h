/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_WRITER_H
#define SP_RECIPE_WRITER_H

/* Recipe text, written one value at a time: the one place that knows how
 * a recipe spells a name, a string, a number, a level, automation and a
 * comment, with one set of quoting rules. What a file of recipe text says
 * is its writer's: `stemprint init` (io/init/init_text.c) writes a plan,
 * `import` (io/session/mix.c) a session's mix, and a job (core/job/job.c)
 * the recipe model as canonical JSON, which is YAML too: the same values,
 * in JSON's flow form (sp_writer.json).
 *
 * Every value a writer writes reads back, through the recipe parser, as
 * the value it was: a string with a quote, a backslash or a line break in
 * it, a name YAML would read as a boolean, a number to its last bit. */

#include <stdbool.h>
#include <stddef.h>

/* What a node of recipe text is: a flow mapping or list opening (closed
 * by SP_YAML_END), or a scalar (a mapping's key, then its value; a list's
 * item). */
typedef enum sp_yaml_ev { SP_YAML_MAP, SP_YAML_LIST, SP_YAML_END, SP_YAML_SCALAR } sp_yaml_ev;

/* A node of a writer's text, kept as it is written (sp_writer.tells). */
typedef struct sp_wnode {
  sp_yaml_ev ev;
  size_t at, end; /* its bytes in the text: a bracket's (SP_YAML_END: the closing one's), a
                     scalar's (quoted: its quotes too) */
  char *text;     /* a scalar's, as a reader reads it (heap); else NULL */
  bool quoted;    /* a scalar written in double quotes */
} sp_wnode;

typedef struct sp_writer {
  char *s; /* the text so far, NUL-terminated; NULL before anything is written */
  size_t n, cap;
  /* canonical JSON: strings always quoted, inf and nan as strings, and the
   * values the recipe's walk writes (a time, a moving value, a fade ...)
   * as the model holds them (core/recipe/walk.c) */
  bool json;
  /* tells: keep, beside the text, the nodes the value writers below write,
   * in the text's order (a mapping and a list opened and closed by
   * sp_write_open and sp_write_close, each scalar with its text): what the
   * text is made of, known without reading it back (the recipe's text lays
   * a value out in blocks and tells a reader's tree of it by them,
   * core/recipe/walk.c). Punctuation written by sp_write (", ", ": ") and
   * text written by sp_write as it is make no node. */
  bool tells;
  sp_wnode *nodes;
  size_t n_nodes, cap_nodes;
} sp_writer;

/* Text as it is: layout, keys known to be plain, punctuation. */
void sp_write(sp_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sp_write_n(sp_writer *w, const char *s, size_t n);

/* A name, as a key or an item: plain when YAML reads it back as that
 * string (it holds only letters, digits, '_', '-' and '.', starts with
 * neither of the last two, and is not a word YAML reads as a boolean or
 * null, nor a number), else quoted. */
void sp_write_name(sp_writer *w, const char *name);
/* A string (a file's path, a URI): plain when YAML reads it back as that
 * string (letters, digits and ._/- only, not starting with '-', neither a
 * YAML word nor a number), else quoted. */
void sp_write_string(sp_writer *w, const char *s);
/* A double-quoted string: '"' and '\' escaped, control characters as
 * \u00XX; YAML and JSON read it alike. */
void sp_write_quoted(sp_writer *w, const char *s);

/* A plain scalar: its text as it is (a word, a number and its unit). */
void sp_write_plain(sp_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A flow mapping's (list: a list's) bracket, opening, closing. */
void sp_write_open(sp_writer *w, bool list);
void sp_write_close(sp_writer *w, bool list);

/* A number as the shortest text that reads back as v (up to 17
 * significant digits; -0 as 0); inf and -inf (JSON: "inf", "-inf"); nan
 * (JSON: "nan"). */
void sp_write_number(sp_writer *w, double v);
/* A level: the number and " dB" (-inf dB for silence). */
void sp_write_db(sp_writer *w, double db);
/* sp_write_number's text of v into buf, for text that is not a writer's
 * (an XML attribute, an insert's text). Returns buf. */
const char *sp_number_text(double v, char buf[40]);

/* A comment's text on one line, whatever it holds (a session's names are
 * its author's: a line break in one must not end the comment and start a
 * key): control characters (C0, DEL and C1, which YAML refuses in a
 * comment too, NEL among them) and the line breaks U+2028 and U+2029
 * become blanks. */
void sp_write_comment(sp_writer *w, const char *text);
/* para as comment lines, each starting with prefix and broken at a space
 * (not inside `code`) so that it ends by column 78; a longer word gets a
 * line of its own. */
void sp_write_wrapped(sp_writer *w, const char *prefix, const char *para);

/* The text written (heap; "" when nothing was), the writer emptied. */
char *sp_writer_take(sp_writer *w);
/* from's text and its nodes appended to w's (from emptied). */
void sp_write_moved(sp_writer *w, sp_writer *from);
/* w back to its first n bytes, the nodes written after them dropped. */
void sp_writer_cut(sp_writer *w, size_t n);
/* What w holds freed, w emptied. */
void sp_writer_free(sp_writer *w);

#endif
