/* SPDX-License-Identifier: GPL-3.0-or-later */
/* XML through libxml2 (io/xml/xml.h). */

#include "io/xml/xml.h"

#include "core/base/alloc.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most problems reported for one document: the rest follow from them. */
#define SP_XML_MAX_ERRORS 5

/* The guards of every read: no network, no DTD loaded, no entity
 * substituted, no XInclude; libxml2's default limits on depth, names and
 * entity amplification stay on (no XML_PARSE_HUGE). */
#define SP_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

typedef struct collector {
  const char *name;
  sp_diags *d;
  int n;
} collector;

/* libxml2's message for e in a user's words: its limits are said as what
 * is wrong with the file, never as a parser option to set; anything else
 * as libxml2 says it, without its trailing newline. */
static void user_words(const xmlError *e, const char *kind, char *msg, size_t n)
{
  const char *m = e && e->message ? e->message : "invalid";
  int depth;
  if (sscanf(m, "Excessive depth in document: %d", &depth) == 1)
    snprintf(msg, n,
             "its elements nest more than %d deep, deeper than stemprint reads (%s "
             "nests a few dozen); is the file damaged, or not %s?",
             depth, kind, kind);
  else if (strstr(m, "XML_PARSE_HUGE") || strstr(m, "huge") || strstr(m, "Huge"))
    snprintf(msg, n,
             "a name or a text in it is longer than stemprint reads (a text of 10 MB, a name "
             "of 50,000 characters); is the file damaged, or not %s?",
             kind);
  else if (strstr(m, "entity") && (strstr(m, "loop") || strstr(m, "amplification")))
    snprintf(msg, n,
             "it declares entities that expand into each other without end; %s has "
             "none: is the file damaged, or made to exhaust its reader?",
             kind);
  else
    snprintf(msg, n, "%s", m);
  size_t k = strlen(msg);
  while (k > 0 && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
    msg[--k] = '\0';
}

static void on_error(void *ctx, xmlError *e)
{
  collector *c = ctx;
  if (!e || e->level < XML_ERR_ERROR || c->n++ >= SP_XML_MAX_ERRORS)
    return;
  char msg[512];
  user_words(e, "a session", msg, sizeof msg);
  const xmlNode *node = e->node;
  int line = e->line;
  if (node && node->type == XML_ELEMENT_NODE && line <= 0)
    line = (int)xmlGetLineNo(node);
  sp_diags_error(c->d, SP_ERR_USAGE, c->name, (sp_pos){line > 0 ? line : 0, 0}, NULL, "%s", msg);
}

xmlDoc *sp_xml_parse(const char *name, const char *text, size_t n, sp_diags *d)
{
  collector c = {name, d, 0};
  xmlParserCtxt *ctx = xmlNewParserCtxt();
  if (!ctx) {
    sp_diags_error(d, SP_ERR_IO, name, (sp_pos){0, 0}, NULL, "out of memory reading XML");
    return NULL;
  }
  xmlSetStructuredErrorFunc(&c, on_error);
  xmlDoc *doc = n > (size_t)0x7fffffff
                    ? NULL
                    : xmlCtxtReadMemory(ctx, text, (int)n, name, NULL, SP_XML_OPTIONS);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (!doc || !ctx->wellFormed) {
    if (c.n == 0) {
      const xmlError *e = xmlCtxtGetLastError(ctx);
      char msg[512];
      user_words(e, "a session", msg, sizeof msg);
      sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){e ? e->line : 0, 0}, NULL,
                     "not well-formed XML: %s", msg);
    }
    if (doc)
      xmlFreeDoc(doc);
    doc = NULL;
  } else if (c.n > 0) {
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctx);
  return doc;
}

sp_err sp_xml_validate(xmlDoc *doc, const char *name, const char *xsd, size_t xsd_len, sp_diags *d)
{
  xmlSchemaParserCtxt *pc = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
  xmlSchema *schema = pc ? xmlSchemaParse(pc) : NULL;
  if (pc)
    xmlSchemaFreeParserCtxt(pc);
  if (!schema) {
    sp_diags_error(d, SP_ERR_RENDER, name, (sp_pos){0, 0}, NULL,
                   "the schema built into stemprint does not load (a bug: please report it)");
    return SP_ERR_RENDER;
  }
  collector c = {name, d, 0};
  xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(vc, on_error, &c);
  int rc = xmlSchemaValidateDoc(vc, doc);
  xmlSchemaFreeValidCtxt(vc);
  xmlSchemaFree(schema);
  if (rc != 0 && c.n == 0)
    sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){0, 0}, NULL, "does not match the schema");
  return rc == 0 ? SP_OK : SP_ERR_USAGE;
}

bool sp_xml_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *from(xmlNode *n, const char *name)
{
  for (; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)n->name, name) == 0))
      return n;
  return NULL;
}

xmlNode *sp_xml_child(const xmlNode *n, const char *name)
{
  return n ? from(n->children, name) : NULL;
}

xmlNode *sp_xml_next(const xmlNode *n, const char *name) { return n ? from(n->next, name) : NULL; }

const char *sp_xml_attr(const xmlNode *n, const char *name)
{
  if (!n)
    return NULL;
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

bool sp_xml_number(const xmlNode *n, const char *name, double *out, const char *file, sp_diags *d)
{
  const char *s = sp_xml_attr(n, name);
  if (!s)
    return false;
  char *end = NULL;
  double v = strtod(s, &end);
  while (end && (*end == ' ' || *end == '\t' || *end == '\n'))
    end++;
  if (end == s || !end || *end || !isfinite(v)) {
    if (d)
      sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(n), 0}, NULL,
                     "%s: attribute %s='%.40s' is not a number", (const char *)n->name, name, s);
    return false;
  }
  *out = v;
  return true;
}

bool sp_xml_bool(const xmlNode *n, const char *name, bool def)
{
  const char *s = sp_xml_attr(n, name);
  if (!s)
    return def;
  return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

int sp_xml_line(const xmlNode *n) { return n ? (int)xmlGetLineNo(n) : 0; }

char *sp_xml_element(const xmlNode *n, const char *name, const char *file)
{
  char where[64];
  snprintf(where, sizeof where, "%s%sline %d", file ? file : "", file ? " " : "", sp_xml_line(n));
  if (name && *name)
    return sp_xasprintf("%s '%s' (%s)", (const char *)n->name, name, where);
  return sp_xasprintf("%s (%s)", (const char *)n->name, where);
}

char *sp_xml_dump(xmlDoc *doc, size_t *n)
{
  xmlChar *buf = NULL;
  int len = 0;
  xmlDocDumpFormatMemoryEnc(doc, &buf, &len, "UTF-8", 1);
  char *out = sp_xmalloc((size_t)len + 1);
  memcpy(out, buf ? (const char *)buf : "", (size_t)len);
  out[len] = '\0';
  xmlFree(buf);
  *n = (size_t)len;
  return out;
}

void sp_xml_free(xmlDoc *doc)
{
  if (doc)
    xmlFreeDoc(doc);
}

/* ---- a document streamed ------------------------------------------------ */

struct sp_xml_stream {
  xmlTextReader *r;
  int max_depth;
  const char *kind;
  bool done; /* at END or ERROR, said again */
  sp_xml_event last;
  bool close_owed;  /* an empty element's CLOSE, after its OPEN */
  const char *name; /* the element's, libxml2's interned string */
  const char *text; /* the TEXT event's, libxml2's until the next read */
  char **attrs;     /* name, value, name, value, ... (heap, until the next event) */
  size_t n_attrs, cap;
  char why[512];
  int line;
  bool fatal; /* why holds a fatal error's words (the first of those wins) */
};

/* libxml2's errors as they come: the first fatal one (a well-formedness
 * error) kept, else the first error (a namespace's), said when the read
 * fails. */
static void on_stream_error(void *ctx, xmlError *e)
{
  sp_xml_stream *s = ctx;
  if (!e || e->level < XML_ERR_ERROR || s->fatal || (s->why[0] && e->level != XML_ERR_FATAL))
    return;
  user_words(e, s->kind, s->why, sizeof s->why);
  s->line = e->line;
  s->fatal = e->level == XML_ERR_FATAL;
}

sp_xml_stream *sp_xml_stream_new(const char *text, size_t n, int max_depth, const char *kind)
{
  sp_xml_stream *s = sp_xcalloc(1, sizeof *s);
  s->max_depth = max_depth;
  s->kind = kind;
  s->r =
      n > (size_t)0x7fffffff ? NULL : xmlReaderForMemory(text, (int)n, NULL, NULL, SP_XML_OPTIONS);
  if (s->r)
    xmlTextReaderSetStructuredErrorHandler(s->r, on_stream_error, s);
  return s;
}

static void drop_attrs(sp_xml_stream *s)
{
  for (size_t i = 0; i < 2 * s->n_attrs; i++)
    free(s->attrs[i]);
  s->n_attrs = 0;
}

/* The stream stopped: at what (NULL: at libxml2's error, as it said it). */
static sp_xml_event fail(sp_xml_stream *s, const char *what)
{
  if (what || !s->why[0]) {
    snprintf(s->why, sizeof s->why, "%s", what ? what : "not well-formed XML");
    s->line = s->r ? xmlTextReaderGetParserLineNumber(s->r) : 0;
  } else {
    char said[sizeof s->why];
    snprintf(said, sizeof said, "%s", s->why);
    snprintf(s->why, sizeof s->why, "not well-formed XML: %.480s", said);
  }
  s->done = true;
  return s->last = SP_XML_ERROR;
}

/* The element the reader is at, taken: its name, its depth checked, its
 * attributes copied (libxml2 reuses its buffer for them). */
static sp_xml_event open_element(sp_xml_stream *s)
{
  if (xmlTextReaderDepth(s->r) > s->max_depth) {
    char what[96];
    snprintf(what, sizeof what, "elements nested more than %d deep", s->max_depth);
    return fail(s, what);
  }
  s->name = (const char *)xmlTextReaderConstLocalName(s->r);
  s->close_owed = xmlTextReaderIsEmptyElement(s->r) == 1;
  while (xmlTextReaderMoveToNextAttribute(s->r) == 1) {
    if (xmlTextReaderIsNamespaceDecl(s->r) == 1)
      continue;
    const char *name = (const char *)xmlTextReaderConstLocalName(s->r);
    const char *value = (const char *)xmlTextReaderConstValue(s->r);
    if (2 * (s->n_attrs + 1) > s->cap) {
      s->cap = 2 * s->cap + 8;
      s->attrs = sp_xrealloc(s->attrs, s->cap * sizeof *s->attrs);
    }
    s->attrs[2 * s->n_attrs] = sp_xstrdup(name ? name : "");
    s->attrs[2 * s->n_attrs + 1] = sp_xstrdup(value ? value : "");
    s->n_attrs++;
  }
  xmlTextReaderMoveToElement(s->r);
  return SP_XML_OPEN;
}

sp_xml_event sp_xml_stream_next(sp_xml_stream *s)
{
  if (s->done)
    return s->last;
  drop_attrs(s);
  if (!s->r)
    return fail(s, "not XML stemprint can read (empty, or larger than 2 GB)");
  if (s->close_owed) {
    s->close_owed = false;
    return SP_XML_CLOSE;
  }
  for (;;) {
    const int rc = xmlTextReaderRead(s->r);
    if (rc == 0) {
      s->done = true;
      return s->last = SP_XML_END;
    }
    if (rc < 0)
      return fail(s, NULL);
    switch (xmlTextReaderNodeType(s->r)) {
    case XML_READER_TYPE_ELEMENT: return open_element(s);
    case XML_READER_TYPE_END_ELEMENT:
      s->name = (const char *)xmlTextReaderConstLocalName(s->r);
      return SP_XML_CLOSE;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      s->text = (const char *)xmlTextReaderConstValue(s->r);
      if (!s->text)
        s->text = "";
      return SP_XML_TEXT;
    case XML_READER_TYPE_DOCUMENT_TYPE:
      return fail(s, "a DOCTYPE; stemprint reads no DTD here, so no entity either");
    case XML_READER_TYPE_ENTITY_REFERENCE:
      return fail(s, "an entity reference; only &lt; &gt; &amp; &quot; &apos; and character "
                     "references are read");
    default: /* comments, processing instructions */ continue;
    }
  }
}

const char *sp_xml_stream_name(const sp_xml_stream *s) { return s->name ? s->name : ""; }

bool sp_xml_stream_attr(const sp_xml_stream *s, size_t i, const char **name, const char **value)
{
  if (i >= s->n_attrs)
    return false;
  *name = s->attrs[2 * i];
  *value = s->attrs[2 * i + 1];
  return true;
}

const char *sp_xml_stream_text(const sp_xml_stream *s) { return s->text ? s->text : ""; }

const char *sp_xml_stream_error(const sp_xml_stream *s, int *line)
{
  if (line)
    *line = s->line;
  return s->why;
}

void sp_xml_stream_free(sp_xml_stream *s)
{
  if (!s)
    return;
  drop_attrs(s);
  free(s->attrs);
  if (s->r)
    xmlFreeTextReader(s->r);
  free(s);
}
