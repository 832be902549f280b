/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_XML_XML_H
#define SP_XML_XML_H

/* XML through libxml2, the one XML reader of stemprint, beneath the
 * adapters that read it: the session readers and writers (io/session) and
 * the ADM BWF reader (io/audio/adm.c). Text stemprint did not write is
 * read with one set of guards, here: no network, no external entities, no
 * DTD loading, no entity substituted, libxml2's own limits on depth, names
 * and entity expansion, and its errors said in a user's words. A document
 * is either parsed whole (sp_xml_parse: a session), validated against a
 * schema held in the binary and walked with a few helpers, or streamed
 * node by node (sp_xml_stream: an ADM master's axml of up to 64 MiB, whose
 * reader keeps values, not a tree). Every problem names the line. */

#include "core/base/diag.h"
#include "core/base/strmap.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* text (n bytes) as a document; name is the file for messages. NULL with
 * an error in d when it is not well-formed XML. */
xmlDoc *sp_xml_parse(const char *name, const char *text, size_t n, sp_diags *d);

/* Validate doc against the XSD schema text; the first few violations go to
 * d as errors at their line, naming the element. */
sp_err sp_xml_validate(xmlDoc *doc, const char *name, const char *xsd, size_t xsd_len, sp_diags *d);

/* The first child element of n named name, the next sibling element of
 * the same name. */
xmlNode *sp_xml_child(const xmlNode *n, const char *name);
xmlNode *sp_xml_next(const xmlNode *n, const char *name);
/* The first child element of n named name (NULL: any) whose attribute
 * attr is value; NULL when none is. */
xmlNode *sp_xml_child_with(const xmlNode *n, const char *name, const char *attr, const char *value);
/* n's children named name by the value of their attribute attr, made
 * once, for a reader that looks up many among many (a session's routes by
 * id, each named by every send and output to it): sp_xml_index_find(ix, v)
 * is sp_xml_child_with(n, name, attr, v) - the first of a value, it and
 * its attr marked read - found at once where that scans them all. name
 * and attr are the caller's, kept; the document must outlive ix. */
typedef struct sp_xml_index {
  sp_strmap at; /* a value -> its element in nodes */
  xmlNode **nodes;
  const char *attr;
} sp_xml_index;
void sp_xml_index_make(sp_xml_index *ix, const xmlNode *n, const char *name, const char *attr);
/* Every element below n, at any depth (in document order: the first of
 * a value stands), by its attribute attr, as sp_xml_index_make's: an
 * element a document names by an id from anywhere (xs:ID). None is
 * marked read by the making, only the one a find returns. */
void sp_xml_index_tree(sp_xml_index *ix, const xmlNode *n, const char *attr);
xmlNode *sp_xml_index_find(const sp_xml_index *ix, const char *value);
void sp_xml_index_free(sp_xml_index *ix);
/* Whether n is the element name. */
bool sp_xml_is(const xmlNode *n, const char *name);
/* An attribute's value (owned by the document's interned strings: copy it
 * to keep it past sp_xml_free), NULL when absent. */
const char *sp_xml_attr(const xmlNode *n, const char *name);
/* Whether s is a number as a recipe writes one (a plain decimal, as
 * xs:double's decimal form: a sign, digits with or without a point, an
 * exponent), within XML's white space, into *v: the one rule of every
 * number the session and ADM readers read from XML, an attribute's or a
 * text's token, and the YAML reader's (sp_units_parse, SP_UNIT_NUMBER):
 * not C's hexadecimal or words, nor xs:double's INF or NaN. Refused, why
 * (NULL: not said) in the words a recipe's text is told ("expected a
 * value like '1.5', got 'nan'", "'1e999' is too large a number; ..."). */
bool sp_xml_double_said(const char *s, double *v, char *why, size_t size);
bool sp_xml_double(const char *s, double *v);
/* sp_xml_double with why it refuses s in words that follow the value, as
 * the ADM reader's messages say them with the EBU ADM Renderer's after
 * ("width 'INF' is not a finite number; write a decimal number"): "is not
 * a number"; for xs:double's INF, -INF and NaN "is not a finite number;
 * ..." and for a decimal past a double's range "is out of range; ...".
 * NULL when it is a number (into *v). */
const char *sp_xml_double_why(const char *s, double *v);
/* A number attribute (sp_xml_double): false when absent; an error in d
 * (SP_ERR_USAGE; d may be NULL: none) and false when present but not a
 * number ("Freq: attribute value: expected a value like '1.5', got
 * '0x10'", sp_xml_double_said's words). */
bool sp_xml_number(const xmlNode *n, const char *name, double *out, const char *file, sp_diags *d);
/* A switch as XML Schema writes one (xs:boolean: true, false, 1 or 0,
 * within XML's white space, as sp_xml_double takes a number's): true and
 * *v set, else false. */
bool sp_xml_switch(const char *s, bool *v);
/* A switch attribute of a document checked against its schema, where it
 * is an xs:boolean (sp_xml_switch): def when absent. One the schema did
 * not type (a reader's mistake) is def too. */
bool sp_xml_bool(const xmlNode *n, const char *name, bool def);
/* An attribute's value as sp_xml_attr gives it, and elements as
 * sp_xml_child and sp_xml_next give them, not marked read (below): for a
 * message naming the element, or a search that passes elements by. */
const char *sp_xml_peek(const xmlNode *n, const char *name);
xmlNode *sp_xml_peek_child(const xmlNode *n, const char *name);
xmlNode *sp_xml_peek_next(const xmlNode *n, const char *name);
/* The element's line in its file. */
int sp_xml_line(const xmlNode *n);
/* The element for a message (heap): "Compressor 'Bus' (project.xml line
 * 42)" — its name when name is not NULL or empty, its file when file is
 * not NULL ("Route (line 7)" without); with no line (line false), for a
 * message placed at it: "Compressor 'Bus'". */
char *sp_xml_element(const xmlNode *n, const char *name, const char *file, bool line);

/* ---- what a reader read -------------------------------------------------- */

/* Every element the accessors above give (sp_xml_child, _next,
 * _child_with) and every attribute they read (sp_xml_attr, _number,
 * _bool) is marked read, in the document (libxml2's _private, which
 * nothing else of stemprint uses), so that a reader accounts for all it
 * was given: what it read and what its table (below) says changes nothing
 * it makes. A reader that looks at an element and decides it plays
 * nothing (a muted region, a monitor bus) marks it all read: */
void sp_xml_read_all(const xmlNode *n);
/* Whether n was given by an accessor above (or marked by
 * sp_xml_read_all). */
bool sp_xml_was_read(const xmlNode *n);

/* What a reader's table says changes nothing it makes, each with the
 * reason (docs/sessions.md lists them): path is "Element@attr" (the
 * attribute of that element), "Element@attr=value" (it, when it is that
 * value: a default that plays as the reader plays), "*@attr" (of any),
 * "Element@*" (every attribute of it) or "Element" (the element anywhere,
 * all it holds); an element may be written "Parent/Element" (one in a
 * Parent) and "Element[attr=value]" (one whose attribute attr is value,
 * each such condition true: "Config/Option[name=punch-in]"). */
typedef struct sp_xml_ignored {
  const char *path, *why;
} sp_xml_ignored;

/* An element of a tree of another reader's (the ADM reader's, which
 * streams its document) as a table is matched against it: its name, its
 * attributes (attr(el, name): the value, NULL when absent), its parent
 * (NULL: none). */
typedef struct sp_xml_view {
  const char *name;
  const char *(*attr)(const void *el, const char *name);
  const void *el;
  const struct sp_xml_view *parent;
} sp_xml_view;

/* Whether the table lets element v (attr NULL) or its attribute attr go
 * unread. */
bool sp_xml_ignored_at(const sp_xml_ignored *t, size_t n, const sp_xml_view *v, const char *attr);
/* Whether the table lets element el of this tree go unread, all it holds
 * (a reader's element of a kind it does not read: a loss unless so). */
bool sp_xml_ignored_element(const sp_xml_ignored *t, size_t n, const xmlNode *el);

/* What was not read under root and the table does not let go (an element
 * counts as read when anything in it was: a search may pass it by and a
 * reader come back to it): each kind (an attribute of an element of one
 * name, an element of one name under a parent of one name) once, by its
 * first in the document: fn(ctx, element, attr (NULL: the element
 * itself), how many more of its kind), in the document's order; an
 * element not read is said whole (what it holds is not looked at). The
 * first `most` kinds are said; how many things unread there were of the
 * kinds past those. root itself counts as read. */
typedef void (*sp_xml_unread_fn)(void *ctx, const xmlNode *n, const char *attr, size_t more);
size_t sp_xml_unread(const xmlNode *root, const sp_xml_ignored *table, size_t n_table, size_t most,
                     sp_xml_unread_fn fn, void *ctx);

/* ---- text written as XML ------------------------------------------------ */

/* What every writer of XML or HTML writes a name or a message through (the
 * JUnit report, the DAWproject export, the ADM axml, the HTML report), so
 * that any reader takes the file: the first n bytes of s (SIZE_MAX: all of
 * it) as XML 1.0's Char production holds them (heap), each character it
 * leaves out replaced by U+FFFD: a byte that is not UTF-8 (a sequence cut
 * at n too), a C0 control but tab, LF and CR, U+FFFE and U+FFFF; DEL and
 * the C1 controls too, which XML 1.0 discourages and HTML refuses. With
 * markup, '&', '<', '>', '"' and '\'' are escaped as well (&amp; &lt; &gt;
 * &quot; &#39;), for text and attribute values written by hand; without,
 * for libxml2's writers, which escape markup themselves. */
char *sp_xml_text(const char *s, size_t n, bool markup);

/* The document as UTF-8 text, indented (heap, NUL-terminated). */
char *sp_xml_dump(xmlDoc *doc, size_t *n);

void sp_xml_free(xmlDoc *doc);

/* ---- a document streamed ------------------------------------------------ */

/* What a streamed document calls as it is read (libxml2's SAX2, pushed a
 * piece at a time): nothing of it is kept but what the callbacks keep, so
 * a large document costs what its reader takes from it. Names are local
 * (without a prefix); attrs holds n_attrs name, value pairs (namespace
 * declarations left out, references resolved); a text may come in
 * several pieces (CDATA and whitespace too). All are valid only during
 * the call. */
typedef struct sp_xml_events {
  /* line: the line of the document the element opens on */
  void (*open)(void *ctx, const char *name, const char *const *attrs, size_t n_attrs, int line);
  void (*close)(void *ctx, const char *name);
  void (*text)(void *ctx, const char *s, size_t n);
} sp_xml_events;

/* A document of n bytes as sp_xml_stream reads it: text, in memory; or
 * (text NULL) read a piece at a time by read (ctx), k bytes from its byte
 * at into buf, false where they cannot be: a file's chunk (an ADM BWF's
 * axml), never held whole. */
typedef struct sp_xml_doc {
  const char *text;
  size_t n;
  bool (*read)(void *ctx, char *buf, size_t at, size_t k);
  void *ctx;
} sp_xml_doc;

/* Read doc through ev with sp_xml_parse's guards, a DOCTYPE refused (no
 * DTD, so no entity but XML's five and character references) and
 * elements nested at most max_depth deep below the document's. false
 * when it is not well-formed, past a guard or cannot be read, with what
 * is wrong in why in a user's words (kind is what the text should be:
 * "an axml") and its line in *line. */
bool sp_xml_stream(const sp_xml_doc *doc, int max_depth, const char *kind, const sp_xml_events *ev,
                   void *ctx, char *why, size_t why_size, int *line);

#endif
