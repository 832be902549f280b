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
/* Whether n is the element name. */
bool sp_xml_is(const xmlNode *n, const char *name);
/* An attribute's value (owned by the document's interned strings: copy it
 * to keep it past sp_xml_free), NULL when absent. */
const char *sp_xml_attr(const xmlNode *n, const char *name);
/* A number attribute: false when absent; an error in d (SP_ERR_USAGE; d
 * may be NULL: none) and false when present but not a finite number. */
bool sp_xml_number(const xmlNode *n, const char *name, double *out, const char *file, sp_diags *d);
/* A boolean attribute ("true"/"1", "false"/"0"), def when absent. */
bool sp_xml_bool(const xmlNode *n, const char *name, bool def);
/* The element's line in its file. */
int sp_xml_line(const xmlNode *n);
/* The element for a message (heap): "Compressor 'Bus' (project.xml line
 * 42)" — its name when name is not NULL or empty, its file when file is
 * not NULL ("Route (line 7)" without). */
char *sp_xml_element(const xmlNode *n, const char *name, const char *file);

/* The document as UTF-8 text, indented (heap, NUL-terminated). */
char *sp_xml_dump(xmlDoc *doc, size_t *n);

void sp_xml_free(xmlDoc *doc);

/* ---- a document streamed ------------------------------------------------ */

/* A reader of text node by node (libxml2's xmlTextReader) with
 * sp_xml_parse's guards, a DOCTYPE refused and a depth bound: it holds the
 * node it is at, not the document, so what a caller keeps is what a large
 * document costs. */
typedef struct sp_xml_stream sp_xml_stream;

typedef enum sp_xml_event {
  SP_XML_END,   /* the document's end */
  SP_XML_OPEN,  /* an element starts: sp_xml_stream_name, sp_xml_stream_attr */
  SP_XML_CLOSE, /* it ends (an empty element's too, right after its OPEN) */
  SP_XML_TEXT,  /* character data (CDATA, whitespace) in it: sp_xml_stream_text */
  SP_XML_ERROR  /* not well-formed, or past a guard: sp_xml_stream_error */
} sp_xml_event;

/* A stream over text (n bytes, not copied: it outlives the stream) whose
 * elements nest at most max_depth deep below the document's element; kind
 * is what the text should be, for messages ("an axml"). */
sp_xml_stream *sp_xml_stream_new(const char *text, size_t n, int max_depth, const char *kind);
/* The next event; after SP_XML_END or SP_XML_ERROR, the same again. */
sp_xml_event sp_xml_stream_next(sp_xml_stream *s);
/* The element's local name (without its prefix) at OPEN and CLOSE. */
const char *sp_xml_stream_name(const sp_xml_stream *s);
/* The OPEN element's i-th attribute (from 0; namespace declarations
 * left out): its local name and value, valid until the next event; false
 * past the last. */
bool sp_xml_stream_attr(const sp_xml_stream *s, size_t i, const char **name, const char **value);
/* The TEXT event's text, references resolved, valid until the next event. */
const char *sp_xml_stream_text(const sp_xml_stream *s);
/* After SP_XML_ERROR: what is wrong, in a user's words, and its line. */
const char *sp_xml_stream_error(const sp_xml_stream *s, int *line);
void sp_xml_stream_free(sp_xml_stream *s);

#endif
