/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_XML_H
#define SP_SESSION_XML_H

/* XML through libxml2, for the session readers and writers (session/): a
 * document parsed safely from text stemprint did not write (no network, no
 * external entities, no DTD loading, libxml2's own limits on depth and
 * entity expansion), validated against a schema held in the binary, and a
 * few helpers to walk it. Every problem names the file, the line and the
 * element. */

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

#endif
