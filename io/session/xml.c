/* SPDX-License-Identifier: GPL-3.0-or-later */
/* XML through libxml2 (io/session/xml.h). */

#include "io/session/xml.h"

#include "core/base/alloc.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most problems reported for one document: the rest follow from them. */
#define SP_XML_MAX_ERRORS 5

typedef struct collector {
  const char *name;
  sp_diags *d;
  int n;
} collector;

/* libxml2's message for e in a user's words: its limits are said as what
 * is wrong with the file, never as a parser option to set; anything else
 * as libxml2 says it, without its trailing newline. */
static void user_words(const xmlError *e, char *msg, size_t n)
{
  const char *m = e && e->message ? e->message : "invalid";
  int depth;
  if (sscanf(m, "Excessive depth in document: %d", &depth) == 1)
    snprintf(msg, n,
             "its elements nest more than %d deep, deeper than stemprint reads (a session "
             "nests a few dozen); is the file damaged, or not a session?",
             depth);
  else if (strstr(m, "XML_PARSE_HUGE") || strstr(m, "huge") || strstr(m, "Huge"))
    snprintf(msg, n,
             "a name or a text in it is longer than stemprint reads (a text of 10 MB, a name "
             "of 50,000 characters); is the file damaged, or not a session?");
  else if (strstr(m, "entity") && (strstr(m, "loop") || strstr(m, "amplification")))
    snprintf(msg, n,
             "it declares entities that expand into each other without end; a session has "
             "none: is the file damaged, or made to exhaust its reader?");
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
  user_words(e, msg, sizeof msg);
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
  /* No network, no DTD, no entity substitution, no XInclude; libxml2's
   * default limits on depth, names and entity amplification stay on. */
  xmlDoc *doc = n > (size_t)0x7fffffff
                    ? NULL
                    : xmlCtxtReadMemory(ctx, text, (int)n, name, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (!doc || !ctx->wellFormed) {
    if (c.n == 0) {
      const xmlError *e = xmlCtxtGetLastError(ctx);
      char msg[512];
      user_words(e, msg, sizeof msg);
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
