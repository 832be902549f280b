/* SPDX-License-Identifier: GPL-3.0-or-later */
/* XML through libxml2 (io/xml/xml.h). */

#include "io/xml/xml.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/units.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

/* The most problems reported for one document: the rest follow from them. */
#define SP_XML_MAX_ERRORS 5

/* The guards of every read: no network, no external DTD or entity loaded
 * (no XML_PARSE_DTDLOAD, XML_PARSE_NOENT), no XInclude; an entity the
 * document declares itself is expanded where a value is read, as every
 * XML parser (a DAW's) expands it; libxml2's default limits on depth,
 * names and entity amplification stay on (no XML_PARSE_HUGE). Lines past 65535 are
 * kept (an element's, sp_xml_line, is its first text's: messages name
 * them in sessions of that many lines). */
#define SP_XML_OPTIONS                                                                             \
  (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_BIG_LINES)

/* libxml2 2.9 sets its globals up at its first use, unguarded: once, here,
 * before any thread of a render reads a session or an axml. */
static void init(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, xmlInitParser);
}

typedef struct collector {
  const char *name;
  sp_diags *d;
  int n;
  /* the last said, its line: libxml2 says one cause again at each
   * reference to it (an entity's), said once (review 27 F9) */
  char last[512];
  int last_line;
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
             "it declares entities that expand into each other without end, or each into "
             "many of the one before, past any size; %s has none: is the file damaged, or "
             "made to exhaust its reader?",
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
  if (!e || e->level < XML_ERR_ERROR || c->n >= SP_XML_MAX_ERRORS)
    return;
  char msg[512];
  user_words(e, "a session", msg, sizeof msg);
  const xmlNode *node = e->node;
  int line = e->line;
  if (node && node->type == XML_ELEMENT_NODE && line <= 0)
    line = (int)xmlGetLineNo(node);
  if (c->n > 0 && line == c->last_line && strcmp(msg, c->last) == 0)
    return;
  c->n++;
  snprintf(c->last, sizeof c->last, "%s", msg);
  c->last_line = line;
  sp_diags_error(c->d, SP_ERR_USAGE, c->name, (sp_pos){line > 0 ? line : 0, 0}, NULL, "%s", msg);
}

/* ---- attributes a tag -----------------------------------------------------
 * libxml2 (2.9) checks each attribute of an element against every one
 * before it: an element of n attributes costs n² (a session's root of
 * 40,000 took 6.6 s in libxml2 alone, 300,000 never ended). No DAW writes
 * more than a few dozen on one element (an Ardour Region some 45), so a
 * tag of more than SP_XML_MAX_ATTRS is refused before libxml2 reads it:
 * the bytes scanned once, a piece at a time (a tag may span two), tags
 * told from comments, CDATA, processing instructions and declarations,
 * an attribute counted at its '=' outside its quotes. */
#define SP_XML_MAX_ATTRS 1000

typedef enum {
  S_TEXT,    /* between tags */
  S_LT,      /* after '<' */
  S_BANG,    /* after "<!": a comment, CDATA or a declaration */
  S_TAG,     /* in a tag, outside a quoted value */
  S_QUOTE,   /* in a quoted value (quote) */
  S_COMMENT, /* in "<!-- ... -->" */
  S_CDATA,   /* in "<![CDATA[ ... ]]>" */
  S_PI,      /* in "<? ... ?>" */
  S_DECL,    /* in "<!DOCTYPE ...>", brackets counted */
} scan_state;

typedef struct attr_scan {
  scan_state st;
  char quote;
  size_t seen;  /* in S_BANG: the characters after "<!" matched so far */
  size_t run;   /* '-' or ']' or '?' just before */
  size_t depth; /* '[' open in a declaration */
  size_t attrs; /* the tag's so far */
  int line, tag_line;
} attr_scan;

/* The bytes p[0..k) scanned on from s; false where a tag passes
 * SP_XML_MAX_ATTRS (its line in s->tag_line). */
static bool attr_scan_feed(attr_scan *s, const char *p, size_t k)
{
  static const char cdata[] = "[CDATA[";
  for (size_t i = 0; i < k; i++) {
    const char c = p[i];
    if (c == '\n')
      s->line++;
    switch (s->st) {
    case S_TEXT:
      if (c == '<')
        s->st = S_LT, s->tag_line = s->line;
      break;
    case S_LT:
      s->st = c == '!' ? S_BANG : c == '?' ? S_PI : S_TAG;
      s->seen = s->run = s->depth = s->attrs = 0;
      if (s->st == S_TAG && c == '>')
        s->st = S_TEXT;
      break;
    case S_BANG:
      if (s->seen < 2 && c == '-' && (s->seen == 0 || s->run)) { /* "<!-" then "<!--" */
        s->run = 1;
        if (++s->seen == 2)
          s->st = S_COMMENT, s->run = 0;
      } else if (!s->run && s->seen < sizeof cdata - 1 && c == cdata[s->seen]) {
        if (++s->seen == sizeof cdata - 1)
          s->st = S_CDATA, s->run = 0;
      } else {
        s->st = S_DECL;
        s->depth = c == '[';
        if (c == '>')
          s->st = S_TEXT;
      }
      break;
    case S_TAG:
      if (c == '"' || c == '\'')
        s->st = S_QUOTE, s->quote = c;
      else if (c == '>')
        s->st = S_TEXT;
      else if (c == '=' && ++s->attrs > SP_XML_MAX_ATTRS)
        return false;
      break;
    case S_QUOTE:
      if (c == s->quote)
        s->st = S_TAG;
      break;
    case S_COMMENT:
      if (c == '>' && s->run >= 2)
        s->st = S_TEXT;
      s->run = c == '-' ? s->run + 1 : 0;
      break;
    case S_CDATA:
      if (c == '>' && s->run >= 2)
        s->st = S_TEXT;
      s->run = c == ']' ? s->run + 1 : 0;
      break;
    case S_PI:
      if (c == '>' && s->run)
        s->st = S_TEXT;
      s->run = c == '?';
      break;
    case S_DECL:
      if (c == '[')
        s->depth++;
      else if (c == ']' && s->depth)
        s->depth--;
      else if (c == '>' && !s->depth)
        s->st = S_TEXT;
      break;
    }
  }
  return true;
}

/* What a tag of too many attributes is, in why. */
static void too_many_attrs(const char *kind, char *why, size_t size)
{
  snprintf(why, size,
           "an element has more than %d attributes, more than stemprint reads (%s writes a few "
           "dozen at most); is the file damaged, or made to exhaust its reader?",
           SP_XML_MAX_ATTRS, kind);
}

xmlDoc *sp_xml_parse(const char *name, const char *text, size_t n, sp_diags *d)
{
  init();
  attr_scan scan = {.line = 1};
  if (!attr_scan_feed(&scan, text, n)) {
    char why[256];
    too_many_attrs("a session", why, sizeof why);
    sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){scan.tag_line, 0}, NULL, "%s", why);
    return NULL;
  }
  collector c = {.name = name, .d = d};
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
  collector c = {.name = name, .d = d};
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

/* The mark of what a reader read (xml.h): its address in an element's or
 * an attribute's _private. The mark is a note about the read, not the
 * document's content, so the accessors that take a const node set it. */
static char read_mark;

static void mark(const void *node_or_attr)
{
  if (node_or_attr)
    ((xmlNode *)(uintptr_t)node_or_attr)->_private = &read_mark;
}

static bool marked(const void *node_or_attr)
{
  return ((const xmlNode *)node_or_attr)->_private == &read_mark;
}

static xmlNode *from(xmlNode *n, const char *name)
{
  for (; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)n->name, name) == 0))
      return n;
  return NULL;
}

/* from's element, marked read */
static xmlNode *read_from(xmlNode *n, const char *name)
{
  xmlNode *f = from(n, name);
  mark(f);
  return f;
}

xmlNode *sp_xml_child(const xmlNode *n, const char *name)
{
  return n ? read_from(n->children, name) : NULL;
}

xmlNode *sp_xml_next(const xmlNode *n, const char *name)
{
  return n ? read_from(n->next, name) : NULL;
}

static const xmlAttr *attr_of(const xmlNode *n, const char *name)
{
  for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
      return a;
  return NULL;
}

xmlNode *sp_xml_peek_child(const xmlNode *n, const char *name)
{
  return n ? from(n->children, name) : NULL;
}

xmlNode *sp_xml_peek_next(const xmlNode *n, const char *name)
{
  return n ? from(n->next, name) : NULL;
}

const char *sp_xml_peek(const xmlNode *n, const char *name)
{
  const xmlAttr *a = attr_of(n, name);
  return a ? (const char *)a->children->content : NULL;
}

/* the elements passed by are not read; the one found and its attr are */
xmlNode *sp_xml_child_with(const xmlNode *n, const char *name, const char *attr, const char *value)
{
  xmlNode *c = n ? from(n->children, name) : NULL;
  while (c && (!value || !sp_xml_peek(c, attr) || strcmp(sp_xml_peek(c, attr), value) != 0))
    c = from(c->next, name);
  mark(c);
  mark(attr_of(c, attr));
  return c;
}

void sp_xml_index_make(sp_xml_index *ix, const xmlNode *n, const char *name, const char *attr)
{
  *ix = (sp_xml_index){.attr = attr};
  size_t k = 0, cap = 0;
  for (xmlNode *c = n ? from(n->children, name) : NULL; c; c = from(c->next, name)) {
    const char *v = sp_xml_peek(c, attr);
    if (!v || sp_strmap_put(&ix->at, v, k) != k)
      continue; /* none, or not the first of its value */
    SP_GROW(ix->nodes, k, cap);
    ix->nodes[k++] = c;
  }
}

/* The elements below n by attribute attr into ix, the next at *k. */
static void index_below(sp_xml_index *ix, const xmlNode *n, size_t *k, size_t *cap)
{
  for (xmlNode *c = from(n->children, NULL); c; c = from(c->next, NULL)) {
    const char *v = sp_xml_peek(c, ix->attr);
    if (v && sp_strmap_put(&ix->at, v, *k) == *k) { /* the first of its value */
      SP_GROW(ix->nodes, *k, *cap);
      ix->nodes[(*k)++] = c;
    }
    index_below(ix, c, k, cap);
  }
}

void sp_xml_index_tree(sp_xml_index *ix, const xmlNode *n, const char *attr)
{
  *ix = (sp_xml_index){.attr = attr};
  size_t k = 0, cap = 0;
  if (n)
    index_below(ix, n, &k, &cap);
}

xmlNode *sp_xml_index_find(const sp_xml_index *ix, const char *value)
{
  size_t k;
  xmlNode *c = value && sp_strmap_get(&ix->at, value, &k) ? ix->nodes[k] : NULL;
  mark(c);
  mark(attr_of(c, ix->attr));
  return c;
}

void sp_xml_index_free(sp_xml_index *ix)
{
  sp_strmap_fini(&ix->at);
  free(ix->nodes);
  *ix = (sp_xml_index){0};
}

const char *sp_xml_attr(const xmlNode *n, const char *name)
{
  const xmlAttr *a = attr_of(n, name);
  mark(a);
  return a ? (const char *)a->children->content : NULL;
}

bool sp_xml_double_said(const char *s, double *v, char *why, size_t size)
{
  /* XML's white space around it, as xs:double takes it (a character
   * reference keeps a carriage return in a value), then a recipe's plain
   * number, in its words: strtod's hexadecimal ("0x10" was 30), its words
   * and xs:double's (INF, NaN) are no number a recipe takes either */
  static const char space[] = " \t\n\r";
  const char *d = s + strspn(s, space);
  size_t n = strlen(d);
  while (n && strchr(space, d[n - 1]))
    n--;
  char buf[64]; /* a number's text (an ADM master's tens of thousands): no allocation */
  char *text = n < sizeof buf ? buf : sp_xmalloc(n + 1);
  memcpy(text, d, n);
  text[n] = '\0';
  double x = 0;
  const bool ok = sp_units_parse(SP_UNIT_NUMBER, text, &x, why, size);
  if (text != buf)
    free(text);
  if (ok)
    *v = x;
  return ok;
}

const char *sp_xml_double_why(const char *s, double *v)
{
  if (sp_xml_double_said(s, v, NULL, 0))
    return NULL;
  /* xs:double's own words for no finite number (XSD 1.1's +INF too) */
  static const char space[] = " \t\n\r";
  const char *d = s + strspn(s, space), *end = d + strspn(d, "0123456789+-.eE");
  if (end == d || end[strspn(end, space)] != '\0') {
    static const char *const words[] = {"INF", "+INF", "-INF", "NaN"};
    const size_t n = strcspn(d, space);
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
      if (n == strlen(words[k]) && strncmp(d, words[k], n) == 0 &&
          d[n + strspn(d + n, space)] == '\0')
        return "is not a finite number; write a decimal number";
    return "is not a number";
  }
  const double x = strtod(d, NULL);
  if (!isfinite(x)) /* a decimal past a double's range */
    return "is out of range; write a number between -1e308 and 1e308";
  return "is not a number";
}

bool sp_xml_double(const char *s, double *v) { return sp_xml_double_said(s, v, NULL, 0); }

bool sp_xml_number(const xmlNode *n, const char *name, double *out, const char *file, sp_diags *d)
{
  const char *s = sp_xml_attr(n, name);
  if (!s)
    return false;
  double v;
  char why[160];
  if (!sp_xml_double_said(s, &v, why, sizeof why)) {
    if (d)
      sp_diags_error(d, SP_ERR_USAGE, file, (sp_pos){sp_xml_line(n), 0}, NULL,
                     "%s: attribute %s: %s", (const char *)n->name, name, why);
    return false;
  }
  *out = v;
  return true;
}

bool sp_xml_switch(const char *s, bool *v)
{
  static const char space[] = " \t\n\r";
  const char *w = s + strspn(s, space);
  const size_t n = strcspn(w, space);
  if (w[n + strspn(w + n, space)] != '\0')
    return false;
  static const char *const words[] = {"false", "0", "true", "1"};
  for (size_t k = 0; k < sizeof words / sizeof *words; k++)
    if (n == strlen(words[k]) && strncmp(w, words[k], n) == 0) {
      *v = k >= 2;
      return true;
    }
  return false;
}

bool sp_xml_bool(const xmlNode *n, const char *name, bool def)
{
  const char *s = sp_xml_attr(n, name);
  bool v = def;
  return s && sp_xml_switch(s, &v) ? v : def;
}

int sp_xml_line(const xmlNode *n)
{
  /* Past 65535 libxml2 keeps no element's line, but a text's, at the
   * text's end (XML_PARSE_BIG_LINES): where the element after it starts.
   * An element with no text before it starts where the one before it
   * ends: at the end of its last text (its end tags follow), or where the
   * last element in it does, of none in it; the first in its parent
   * where its parent does. */
  while (n && n->type == XML_ELEMENT_NODE && n->line == 65535) {
    const xmlNode *before = n->prev;
    while (before && before->type == XML_ELEMENT_NODE && before->last)
      before = before->last;
    if (before && before->type == XML_TEXT_NODE && before->psvi)
      return (int)(intptr_t)before->psvi;
    n = before ? before : n->parent;
  }
  const long line = n ? xmlGetLineNo(n) : 0;
  return line > 0 && line <= INT_MAX ? (int)line : 0;
}

/* ---- what a reader read -------------------------------------------------- */

void sp_xml_read_all(const xmlNode *n)
{
  if (!n || n->type != XML_ELEMENT_NODE)
    return;
  mark(n);
  for (const xmlAttr *a = n->properties; a; a = a->next)
    mark(a);
  for (const xmlNode *c = n->children; c; c = c->next)
    sp_xml_read_all(c);
}

bool sp_xml_was_read(const xmlNode *n) { return n && marked(n); }

/* Whether v's attribute a (its name len long) is value (val, vn long). */
static bool attr_is(const sp_xml_view *v, const char *a, size_t len, const char *val, size_t vn)
{
  char name[64];
  if (len >= sizeof name)
    return false;
  memcpy(name, a, len);
  name[len] = '\0';
  const char *got = v->attr(v->el, name);
  return got && strlen(got) == vn && memcmp(got, val, vn) == 0;
}

/* Whether element v is what pattern (of a table's path, len long) names:
 * "Name", each "[attr=value]" after it true of it too; "*" any. */
static bool element_is(const sp_xml_view *v, const char *pat, size_t len)
{
  if (len == 1 && pat[0] == '*')
    return true;
  const char *br = memchr(pat, '[', len), *end = pat + len;
  const size_t name_len = br ? (size_t)(br - pat) : len;
  if (strlen(v->name) != name_len || memcmp(v->name, pat, name_len) != 0)
    return false;
  while (br && br < end) {
    const char *eq = memchr(br, '=', (size_t)(end - br)),
               *close = memchr(br, ']', (size_t)(end - br));
    if (!eq || !close || eq > close ||
        !attr_is(v, br + 1, (size_t)(eq - br - 1), eq + 1, (size_t)(close - eq - 1)))
      return false;
    br = close + 1 < end && close[1] == '[' ? close + 1 : NULL;
  }
  return true;
}

/* element_is, with a "Parent/" before it when the pattern has one. */
static bool path_is(const sp_xml_view *v, const char *pat, size_t len)
{
  const char *slash = memchr(pat, '/', len);
  if (!slash)
    return element_is(v, pat, len);
  return v->parent && element_is(v->parent, pat, (size_t)(slash - pat)) &&
         element_is(v, slash + 1, (size_t)(pat + len - slash - 1));
}

/* A table's path taken apart once: its element part (el, el_len), the
 * name of the element it ends with (last, last_n; "*" any), and for an
 * attribute's path its name (attr, attr_n; "*" any) and the value it
 * must have (eq: NULL for any). */
typedef struct entry {
  const char *el, *last, *attr, *eq;
  size_t el_len, last_n, attr_n;
} entry;

static entry compile(const char *p)
{
  entry e = {.el = p};
  const char *at = strchr(p, '@');
  e.el_len = at ? (size_t)(at - p) : strlen(p);
  e.last = p;
  for (const char *q = p; q < p + e.el_len; q++)
    if (*q == '/')
      e.last = q + 1;
  const char *br = memchr(e.last, '[', (size_t)(p + e.el_len - e.last));
  e.last_n = br ? (size_t)(br - e.last) : (size_t)(p + e.el_len - e.last);
  if (at) {
    e.attr = at + 1;
    e.eq = strchr(e.attr, '=');
    e.attr_n = e.eq ? (size_t)(e.eq - e.attr) : strlen(e.attr);
    e.eq = e.eq ? e.eq + 1 : NULL;
  }
  return e;
}

static bool entry_lets_go(const entry *e, const sp_xml_view *v, const char *attr, size_t attr_n)
{
  if (!attr != !e->attr)
    return false;
  if (!(e->last_n == 1 && *e->last == '*') &&
      (strlen(v->name) != e->last_n || memcmp(v->name, e->last, e->last_n) != 0))
    return false;
  if (!attr)
    return path_is(v, e->el, e->el_len);
  const bool any = e->attr_n == 1 && *e->attr == '*';
  return (any || (attr_n == e->attr_n && memcmp(attr, e->attr, attr_n) == 0)) &&
         path_is(v, e->el, e->el_len) &&
         (any || !e->eq || attr_is(v, attr, attr_n, e->eq, strlen(e->eq)));
}

bool sp_xml_ignored_at(const sp_xml_ignored *t, size_t nt, const sp_xml_view *v, const char *attr)
{
  const size_t attr_n = attr ? strlen(attr) : 0;
  for (size_t i = 0; i < nt; i++) {
    const entry e = compile(t[i].path);
    if (entry_lets_go(&e, v, attr, attr_n))
      return true;
  }
  return false;
}

static const char *node_attr(const void *el, const char *name) { return sp_xml_peek(el, name); }

/* Element n as a table is matched against it (its parent's view in *up). */
static sp_xml_view node_view(const xmlNode *n, sp_xml_view *up)
{
  const xmlNode *p = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
  *up = (sp_xml_view){p ? (const char *)p->name : "", node_attr, p, NULL};
  return (sp_xml_view){(const char *)n->name, node_attr, n, p ? up : NULL};
}

/* Whether the table (its paths taken apart: e[ne]) lets element n (attr
 * NULL) or its attribute attr go unread. */
static bool ignored(const entry *e, size_t ne, const xmlNode *n, const char *attr)
{
  sp_xml_view parent;
  const sp_xml_view v = node_view(n, &parent);
  const size_t attr_n = attr ? strlen(attr) : 0;
  for (size_t i = 0; i < ne; i++)
    if (entry_lets_go(&e[i], &v, attr, attr_n))
      return true;
  return false;
}

bool sp_xml_ignored_element(const sp_xml_ignored *t, size_t nt, const xmlNode *el)
{
  sp_xml_view parent;
  const sp_xml_view v = node_view(el, &parent);
  return sp_xml_ignored_at(t, nt, &v, NULL);
}

/* A kind of what was not read: its first, and how many more. */
typedef struct unread_kind {
  const xmlNode *n;
  const char *attr;
  size_t more;
} unread_kind;

typedef struct unread {
  const entry *t; /* the table's paths, taken apart */
  size_t nt, most, kinds, others;
  unread_kind *k; /* the first `most` kinds */
} unread;

static bool same_name(const xmlNode *a, const xmlNode *b)
{
  return (!a || a->type != XML_ELEMENT_NODE) == (!b || b->type != XML_ELEMENT_NODE) &&
         (!a || a->type != XML_ELEMENT_NODE ||
          strcmp((const char *)a->name, (const char *)b->name) == 0);
}

static void count_unread(unread *u, const xmlNode *n, const char *attr)
{
  for (size_t i = 0; i < u->kinds; i++) {
    const unread_kind *k = &u->k[i];
    if (same_name(k->n, n) && (attr ? k->attr && strcmp(k->attr, attr) == 0
                                    : !k->attr && same_name(k->n->parent, n->parent))) {
      u->k[i].more++;
      return;
    }
  }
  if (u->kinds < u->most)
    u->k[u->kinds++] = (unread_kind){n, attr, 0};
  else
    u->others++; /* of a kind past the most said: counted, its kind not kept */
}

static void walk_unread(unread *u, const xmlNode *n)
{
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (!marked(a) && !ignored(u->t, u->nt, n, (const char *)a->name))
      count_unread(u, n, (const char *)a->name);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (marked(c))
      walk_unread(u, c);
    else if (!ignored(u->t, u->nt, c, NULL))
      count_unread(u, c, NULL);
  }
}

/* Marks n read when anything in it was (its attributes, its elements);
 * whether it is read. */
static bool read_inside(const xmlNode *n)
{
  bool any = marked(n);
  for (const xmlAttr *a = n->properties; a && !any; a = a->next)
    any = marked(a);
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      any |= read_inside(c);
  if (any)
    mark(n);
  return any;
}

size_t sp_xml_unread(const xmlNode *root, const sp_xml_ignored *table, size_t n_table, size_t most,
                     sp_xml_unread_fn fn, void *ctx)
{
  if (!root)
    return 0;
  read_inside(root);
  entry *e = sp_xcalloc(n_table ? n_table : 1, sizeof *e);
  for (size_t i = 0; i < n_table; i++)
    e[i] = compile(table[i].path);
  unread u = {.t = e, .nt = n_table, .most = most};
  u.k = sp_xcalloc(most ? most : 1, sizeof *u.k);
  walk_unread(&u, root);
  for (size_t i = 0; i < u.kinds; i++)
    fn(ctx, u.k[i].n, u.k[i].attr, u.k[i].more);
  free(u.k);
  free(e);
  return u.others;
}

char *sp_xml_element(const xmlNode *n, const char *name, const char *file, bool line)
{
  char where[64] = "";
  if (line)
    snprintf(where, sizeof where, " (%s%sline %d)", file ? file : "", file ? " " : "",
             sp_xml_line(n));
  if (name && *name)
    return sp_xasprintf("%s '%s'%s", (const char *)n->name, name, where);
  return sp_xasprintf("%s%s", (const char *)n->name, where);
}

/* Whether XML 1.0 and HTML both take the character c. */
static bool xml_char(uint32_t c)
{
  return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && !(c >= 0x7f && c <= 0x9f) &&
         c != 0xfffe && c != 0xffff;
}

char *sp_xml_text(const char *s, size_t n, bool markup)
{
  const unsigned char *u = (const unsigned char *)(s ? s : "");
  size_t left = strnlen((const char *)u, n);
  /* at most 6 bytes ("&quot;") for each byte */
  char *out = sp_xmalloc(6 * left + 1), *o = out;
  while (left > 0) {
    size_t len = sp_utf8_at(u);
    len = len <= left ? len : 0; /* a sequence cut at n is not one */
    const char *e = len == 0 || !xml_char(sp_utf8_point(u, len)) ? "\xef\xbf\xbd" /* U+FFFD */
                    : !markup                                    ? NULL
                    : *u == '&'                                  ? "&amp;"
                    : *u == '<'                                  ? "&lt;"
                    : *u == '>'                                  ? "&gt;"
                    : *u == '"'                                  ? "&quot;"
                    : *u == '\''                                 ? "&#39;"
                                                                 : NULL;
    if (e)
      o = stpcpy(o, e);
    else
      memcpy(o, u, len), o += len;
    len = len ? len : 1;
    u += len, left -= len;
  }
  *o = '\0';
  return out;
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

typedef struct stream {
  xmlParserCtxt *ctxt;
  const sp_xml_events *ev;
  void *ctx;
  int depth, max_depth;
  const char *kind;
  char why[512];
  int line;
  bool stopped; /* by a guard here: why says it */
  bool fatal;   /* why holds libxml2's fatal error (the first of those wins) */
  const char **attrs;
  char *values; /* the attributes' values, NUL-terminated, one after another */
  size_t cap_attrs, cap_values;
} stream;

static void stop(stream *s, const char *what)
{
  if (s->stopped)
    return;
  snprintf(s->why, sizeof s->why, "%s", what);
  s->line = xmlSAX2GetLineNumber(s->ctxt);
  s->stopped = true;
  xmlStopParser(s->ctxt);
}

/* libxml2's errors as they come: the first fatal one (a well-formedness
 * error) kept, else the first error (a namespace's), said when the parse
 * fails. */
static void on_stream_error(void *ctx, xmlError *e)
{
  stream *s = ctx;
  if (!e || e->level < XML_ERR_ERROR || s->stopped || s->fatal ||
      (s->why[0] && e->level != XML_ERR_FATAL))
    return;
  char msg[480];
  user_words(e, s->kind, msg, sizeof msg);
  snprintf(s->why, sizeof s->why, "not well-formed XML: %s", msg);
  s->line = e->line > 0 ? e->line : xmlSAX2GetLineNumber(s->ctxt);
  s->fatal = e->level == XML_ERR_FATAL;
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *id, const xmlChar *sys)
{
  (void)name, (void)id, (void)sys;
  stop(ctx, "a DOCTYPE; stemprint reads no DTD here, so no entity either");
}

/* An element opened: its attributes' values copied out of libxml2's
 * (value, end) spans, NUL-terminated, an '&' (libxml2 passes one as
 * "&#38;" when it substitutes no entity) put back. */
static void on_open(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                    int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
                    const xmlChar **attrs)
{
  (void)prefix, (void)uri, (void)n_ns, (void)ns, (void)n_defaulted;
  stream *s = ctx;
  if (++s->depth > s->max_depth + 1) {
    char what[96];
    snprintf(what, sizeof what, "elements nested more than %d deep", s->max_depth);
    stop(s, what);
    return;
  }
  size_t bytes = 0;
  for (int i = 0; i < n_attrs; i++)
    bytes += (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]) + 1;
  if (bytes > s->cap_values) {
    s->cap_values = 2 * bytes;
    s->values = sp_xrealloc(s->values, s->cap_values);
  }
  if (2 * (size_t)n_attrs > s->cap_attrs) {
    s->cap_attrs = 4 * (size_t)n_attrs;
    s->attrs = sp_xreallocarray(s->attrs, s->cap_attrs, sizeof *s->attrs);
  }
  char *v = s->values;
  for (int i = 0; i < n_attrs; i++) {
    const char *a = (const char *)attrs[5 * i + 3], *b = (const char *)attrs[5 * i + 4];
    s->attrs[2 * i] = (const char *)attrs[5 * i];
    s->attrs[2 * i + 1] = v;
    while (a < b)
      if (*a == '&' && b - a >= 5 && memcmp(a, "&#38;", 5) == 0)
        *v++ = '&', a += 5;
      else
        *v++ = *a++;
    *v++ = '\0';
  }
  s->ev->open(s->ctx, (const char *)local, s->attrs, (size_t)n_attrs,
              xmlSAX2GetLineNumber(s->ctxt));
}

static void on_close(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
  (void)prefix, (void)uri;
  stream *s = ctx;
  s->depth--;
  s->ev->close(s->ctx, (const char *)local);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
  stream *s = ctx;
  s->ev->text(s->ctx, (const char *)ch, (size_t)len);
}

/* doc's k bytes from at: its text's, or read into buf (NULL where they
 * cannot be). */
static const char *doc_piece(const sp_xml_doc *doc, char *buf, size_t at, size_t k)
{
  if (doc->text)
    return doc->text + at;
  return doc->read(doc->ctx, buf, at, k) ? buf : NULL;
}

bool sp_xml_stream(const sp_xml_doc *doc, int max_depth, const char *kind, const sp_xml_events *ev,
                   void *ctx, char *why, size_t why_size, int *line)
{
  const size_t n = doc->n;
  if (n == 0 || n > (size_t)0x7fffffff) {
    snprintf(why, why_size,
             n ? "larger than 2 GB, more than stemprint reads as XML"
               : "empty, where a document was expected");
    *line = n ? 0 : 1;
    return false;
  }
  init();
  xmlSAXHandler sax = {0};
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_open;
  sax.endElementNs = on_close;
  sax.characters = on_text;
  sax.cdataBlock = on_text;
  sax.ignorableWhitespace = on_text;
  sax.internalSubset = on_doctype;
  sax.serror = on_stream_error;
  stream s = {.ev = ev, .ctx = ctx, .max_depth = max_depth, .kind = kind};
  /* pushed a piece at a time: libxml2 holds a piece, never a copy of the
   * whole (its memory parser copies it), nor does a document read */
  enum { PIECE = 1 << 16 };
  char *buf = doc->text ? NULL : sp_xmalloc(PIECE);
  const size_t first = n < 4 ? n : 4;
  const char *at_first = doc_piece(doc, buf, 0, first);
  s.ctxt = at_first ? xmlCreatePushParserCtxt(&sax, &s, at_first, (int)first, NULL) : NULL;
  if (!s.ctxt) { /* (its first bytes unread: said as a later piece is) */
    snprintf(why, why_size,
             at_first ? "out of memory reading XML" : "could not be read from its byte 0 on");
    *line = at_first ? 0 : 1;
    free(buf);
    return false;
  }
  xmlCtxtUseOptions(s.ctxt, SP_XML_OPTIONS);
  int rc = 0;
  size_t at = first;
  bool short_read = false;
  attr_scan scan = {.line = 1};
  if (!attr_scan_feed(&scan, at_first, first)) /* (4 bytes: never) */
    rc = -1;
  do {
    const size_t k = n - at < PIECE ? n - at : PIECE;
    const char *piece = doc_piece(doc, buf, at, k);
    if (!piece) {
      short_read = true;
      break;
    }
    if (!attr_scan_feed(&scan, piece, k)) {
      too_many_attrs(kind, s.why, sizeof s.why);
      s.line = scan.tag_line;
      s.stopped = true;
      break;
    }
    rc = xmlParseChunk(s.ctxt, piece, (int)k, at + k == n);
    at += k;
  } while (rc == 0 && !s.stopped && at < n);
  free(buf);
  if (short_read && !s.stopped) {
    snprintf(s.why, sizeof s.why, "could not be read from its byte %zu on", at);
    s.line = xmlSAX2GetLineNumber(s.ctxt);
    s.stopped = true;
  }
  const bool ok = !s.stopped && rc == 0 && s.ctxt->wellFormed;
  if (!ok) {
    if (!s.why[0]) {
      snprintf(s.why, sizeof s.why, "not well-formed XML");
      s.line = xmlSAX2GetLineNumber(s.ctxt);
    }
    snprintf(why, why_size, "%s", s.why);
    *line = s.line;
  }
  xmlFreeParserCtxt(s.ctxt);
  free(s.attrs);
  free(s.values);
  return ok;
}
