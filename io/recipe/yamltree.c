/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libyaml → sp_ynode. We use the document API (yaml_parser_load) because it
 * resolves anchors and aliases for us, then copy the document into our own
 * tree so that positions travel with values and the rest of the program is
 * independent of libyaml's index-based node storage. */

#include "io/recipe/yamltree.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"
#include "core/recipe/build.h"
#include "core/recipe/recipe.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Alias expansion can multiply a small text into a huge tree; recipes have
 * at most a few thousand nodes, so a million is a generous budget. */
#define NODE_BUDGET 1000000

typedef struct loader {
  yaml_document_t *doc;
  const char *name;
  sp_diags *d;
  size_t budget;
  bool failed;
  bool set, lines; /* a --set's value (of more than one line): placed in it in words */
} loader;

static sp_pos mark_pos(yaml_mark_t m) { return (sp_pos){(int)m.line + 1, (int)m.column + 1}; }

bool sp_yaml_null_text(const char *text, bool quoted)
{
  return !quoted && (!*text || strcmp(text, "~") == 0 || strcmp(text, "null") == 0 ||
                     strcmp(text, "Null") == 0 || strcmp(text, "NULL") == 0);
}

static sp_ynode *copy(loader *L, yaml_node_t *src, int depth, const char *path)
{
  if (L->failed)
    return NULL;
  /* A document of more nodes than the budget without its aliases is too
   * large as written: say so, not that aliases made it so. */
  const size_t own = (size_t)(L->doc->nodes.top - L->doc->nodes.start);
  if (L->budget == 0 && own >= NODE_BUDGET) {
    sp_diags_error(L->d, SP_ERR_USAGE, L->name, mark_pos(src->start_mark), NULL,
                   "the document holds %zu YAML nodes (keys, values, list items), more than "
                   "the %d a recipe may; split it into smaller recipes",
                   own, NODE_BUDGET);
    L->failed = true;
    return NULL;
  }
  if (L->budget == 0 || depth > 200) {
    sp_diags_error(L->d, SP_ERR_USAGE, L->name, mark_pos(src->start_mark), NULL,
                   "the document is too large or too deeply nested once aliases are "
                   "expanded; write it out without nested aliases");
    L->failed = true;
    return NULL;
  }
  L->budget--;
  sp_ynode *n = sp_xcalloc(1, sizeof *n);
  n->pos = mark_pos(src->start_mark);
  /* A tag of YAML's own (!!str, !!float; none written: its kind's) reads as
   * the text does; another (!foo, !<tag:example.com,2026:gain>) asks for a
   * type of an application's, which a recipe has none of: said, not read
   * past as if it were not there. */
  const char *tag = (const char *)src->tag;
  if (tag && strcmp(tag, "!") != 0 && strncmp(tag, "tag:yaml.org,2002:", 18) != 0) {
    sp_diags_error(L->d, SP_ERR_USAGE, L->name, L->set ? (sp_pos){0, 0} : n->pos,
                   *path ? path : NULL,
                   "the tag '%s' is none that stemprint reads: a recipe's values take YAML's "
                   "own (!!str, !!float) or none; remove it",
                   tag);
    L->failed = true;
  }
  switch (src->type) {
  case YAML_SCALAR_NODE:
    n->kind = sp_yaml_null_text((const char *)src->data.scalar.value,
                                src->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
                  ? SP_Y_NULL
                  : SP_Y_SCALAR;
    n->text = sp_xmalloc(src->data.scalar.length + 1);
    memcpy(n->text, src->data.scalar.value, src->data.scalar.length);
    n->text[src->data.scalar.length] = '\0';
    n->quoted = src->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    if (strlen(n->text) != src->data.scalar.length) {
      sp_diags_error(L->d, SP_ERR_USAGE, L->name, n->pos, NULL,
                     "a value contains a NUL character; remove it");
      L->failed = true;
    }
    break;
  case YAML_SEQUENCE_NODE: {
    n->kind = SP_Y_SEQ;
    size_t count = (size_t)(src->data.sequence.items.top - src->data.sequence.items.start);
    n->items = sp_xcalloc(count, sizeof *n->items);
    for (size_t i = 0; i < count && !L->failed; i++) {
      yaml_node_t *c = yaml_document_get_node(L->doc, src->data.sequence.items.start[i]);
      char *ip = sp_xasprintf("%s[%zu]", path, i);
      n->items[n->n++] = copy(L, c, depth + 1, ip);
      free(ip);
    }
    break;
  }
  case YAML_MAPPING_NODE: {
    n->kind = SP_Y_MAP;
    size_t count = (size_t)(src->data.mapping.pairs.top - src->data.mapping.pairs.start);
    n->pairs = sp_xcalloc(count, sizeof *n->pairs);
    sp_strmap seen = {0}; /* each key's pair: a scan of the earlier keys for each key made a
                             mapping of 50,000 keys cost 30 s */
    for (size_t i = 0; i < count && !L->failed; i++) {
      yaml_node_pair_t *p = &src->data.mapping.pairs.start[i];
      yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
      yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
      if (k->type != YAML_SCALAR_NODE) {
        sp_diags_error(L->d, SP_ERR_USAGE, L->name, mark_pos(k->start_mark), NULL,
                       "a key must be a plain name, not a list or a mapping");
        L->failed = true;
        break;
      }
      sp_ynode *key = copy(L, k, depth + 1, path);
      char *kp = key && *path ? sp_xasprintf("%s.%s", path, key->text)
                              : sp_xstrdup(key ? key->text : path);
      const size_t j = key ? sp_strmap_put(&seen, key->text, n->n) : n->n;
      if (j != n->n) {
        const sp_pos at = n->pairs[j].key->pos;
        char first[64], why[128];
        if (!L->set)
          snprintf(first, sizeof first, "at line %d", at.line);
        else if (L->lines)
          snprintf(first, sizeof first, "at line %d, column %d of the value", at.line, at.col);
        else
          snprintf(first, sizeof first, "at column %d of the value", at.col);
        sp_build_duplicate_key(first, why, sizeof why);
        sp_diags_error(L->d, SP_ERR_USAGE, L->name, L->set ? (sp_pos){0, 0} : key->pos, kp, "%s",
                       why);
        L->failed = true;
      }
      sp_ynode *value = copy(L, v, depth + 1, kp);
      free(kp);
      n->pairs[n->n].key = key;
      n->pairs[n->n].value = value;
      n->n++;
    }
    sp_strmap_fini(&seen);
    break;
  }
  case YAML_NO_NODE: n->kind = SP_Y_NULL; break;
  }
  return n;
}

static const char *problem_text(const yaml_parser_t *p)
{
  return p->problem ? p->problem : "invalid YAML";
}

/* Whether the character at m is a tab in the indentation of its line: only
 * spaces, tabs and the block indicators '-' and '?' before it. m counts
 * lines and columns in characters, as libyaml does; the indentation is
 * ASCII, so anything else before m means it is not indentation. */
static bool tab_in_indentation(const char *text, size_t len, yaml_mark_t m)
{
  size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM */
  for (size_t line = 0; line < m.line && i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
      line++;
  for (size_t col = 0; col < m.column; col++, i++)
    if (i >= len || (text[i] != ' ' && text[i] != '\t' && text[i] != '-' && text[i] != '?'))
      return false;
  return i < len && text[i] == '\t';
}

/* The place of byte off of text, its line and its column in characters
 * from 1, as libyaml counts them (a reader's error marks no place, only
 * the offset of the byte it refuses). */
static sp_pos offset_pos(const char *text, size_t len, size_t off)
{
  sp_pos pos = {1, 1};
  for (size_t i = 0; i < off && i < len; i++) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
      pos = (sp_pos){pos.line + 1, 1};
    else if (((unsigned char)text[i] & 0xC0) != 0x80 && text[i] != '\r')
      pos.col++;
  }
  return pos;
}

/* libyaml could not parse text: say why, at its problem mark. A tab used
 * as indentation, which YAML forbids, reaches libyaml's scanner as "found
 * character that cannot start any token" or "found a tab character that
 * violates indentation"; it is said plainly instead. */
static void syntax_error(const yaml_parser_t *parser, const char *name, bool set, const char *text,
                         size_t len, sp_diags *d)
{
  sp_pos pos = mark_pos(parser->problem_mark);
  if (parser->error == YAML_READER_ERROR && parser->problem_value >= 0)
    pos = offset_pos(text, len, parser->problem_offset);
  /* a --set's value is no file: where in it, in words, not a line and
   * column glued to the set (`--set k=[1,:2:1:`) */
  char in[64] = "", hint[160] = "";
  const char *shut = len && text[0] == '{' ? memchr(text, '}', len) : NULL;
  if (set && shut && shut + 1 < text + len && !memchr(text, '\n', len)) /* `{name}_v2` */
    snprintf(hint, sizeof hint, "; a text that starts with '{' goes in quotes, like '\"%.*s\"'",
             len < 100 ? (int)len : 100, text);
  if (set) {
    if (memchr(text, '\n', len))
      snprintf(in, sizeof in, " at line %d, column %d of the value", pos.line, pos.col);
    else if (pos.line > 1 || (size_t)pos.col > len)
      snprintf(in, sizeof in, " at the value's end");
    else
      snprintf(in, sizeof in, " at column %d of the value", pos.col);
    pos = (sp_pos){0, 0};
  }
  if (parser->error == YAML_READER_ERROR && parser->problem_value >= 0) /* a character it refuses */
    sp_diags_error(d, SP_ERR_USAGE, name, pos, NULL, "YAML syntax error%s: %s (U+%04X)", in,
                   problem_text(parser), (unsigned)parser->problem_value);
  else if (parser->error == YAML_SCANNER_ERROR &&
           tab_in_indentation(text, len, parser->problem_mark))
    sp_diags_error(d, SP_ERR_USAGE, name, pos, NULL,
                   "YAML forbids tabs for indentation; use spaces");
  else if (parser->context && !set)
    sp_diags_error(d, SP_ERR_USAGE, name, pos, NULL, "YAML syntax error: %s %s (see line %d)",
                   problem_text(parser), parser->context, (int)parser->context_mark.line + 1);
  else if (parser->context)
    sp_diags_error(d, SP_ERR_USAGE, name, pos, NULL, "YAML syntax error%s: %s %s%s", in,
                   problem_text(parser), parser->context, hint);
  else
    sp_diags_error(d, SP_ERR_USAGE, name, pos, NULL, "YAML syntax error%s: %s%s", in,
                   problem_text(parser), hint);
}

static sp_err load(yaml_parser_t *parser, const char *name, bool set, const char *text, size_t len,
                   sp_ynode **root, sp_diags *d)
{
  *root = NULL;
  yaml_document_t doc;
  if (!yaml_parser_load(parser, &doc)) {
    syntax_error(parser, name, set, text, len, d);
    return SP_ERR_USAGE;
  }
  yaml_node_t *top = yaml_document_get_root_node(&doc);
  loader L = {&doc, name, d, NODE_BUDGET, false, set, set && memchr(text, '\n', len)};
  sp_ynode *tree;
  if (top) {
    /* a --set's value is at its key's path (its names, quotes aside) */
    const char *key = set ? name + strlen(SP_SET_FROM) : "";
    char *path = sp_xasprintf("%.*s", (int)strcspn(key, "="), key);
    for (char *q = path; (q = strchr(q, '"'));)
      memmove(q, q + 1, strlen(q));
    tree = copy(&L, top, 0, path);
    free(path);
  } else {
    tree = sp_xcalloc(1, sizeof *tree);
    tree->kind = SP_Y_NULL;
    tree->pos = (sp_pos){1, 1};
  }
  yaml_document_delete(&doc);

  if (!L.failed) {
    yaml_document_t next;
    if (!yaml_parser_load(parser, &next)) {
      syntax_error(parser, name, set, text, len, d);
      L.failed = true;
    } else {
      yaml_node_t *extra = yaml_document_get_root_node(&next);
      if (extra) {
        sp_diags_error(d, SP_ERR_USAGE, name, mark_pos(extra->start_mark), NULL,
                       "a recipe is one YAML document; remove the second one (after '---')");
        L.failed = true;
      }
      yaml_document_delete(&next);
    }
  }
  if (L.failed) {
    sp_ynode_free(tree);
    return SP_ERR_USAGE;
  }
  *root = tree;
  return SP_OK;
}

/* `dir: out/{recipe}` inside a flow mapping ({dir: out/{recipe}, ...}) is
 * not valid YAML: '{' opens a mapping there. Users write it anyway (the
 * template looks like part of the path), so when a document fails to parse
 * and holds a template ({recipe}, {input}), it is parsed again with each
 * spelled in parentheses ("(recipe)": the same length, so every position
 * stays right), and scalars get their braces back. */
static const char *const TEMPLATES[] = {"{recipe}", "{input}"};
static const char *const STANDINS[] = {"(recipe)", "(input)"};
enum { N_TEMPLATES = 2 };

static bool has_template(const char *text, size_t len)
{
  for (size_t k = 0; k < N_TEMPLATES; k++) {
    const size_t n = strlen(TEMPLATES[k]);
    for (size_t i = 0; i + n <= len; i++)
      if (memcmp(text + i, TEMPLATES[k], n) == 0)
        return true;
  }
  return false;
}

static void restore_template(sp_ynode *n)
{
  if (!n)
    return;
  for (size_t k = 0; n->text && k < N_TEMPLATES; k++)
    for (char *t = strstr(n->text, STANDINS[k]); t; t = strstr(t + 1, STANDINS[k]))
      memcpy(t, TEMPLATES[k], strlen(TEMPLATES[k]));
  for (size_t i = 0; i < n->n; i++) {
    if (n->kind == SP_Y_SEQ)
      restore_template(n->items[i]);
    else if (n->kind == SP_Y_MAP)
      restore_template(n->pairs[i].value);
  }
}

/* How deep a recipe may nest: it needs about six levels (tracks, a track,
 * its inserts, an insert, its bands, a band); 64 is generous. libyaml would
 * build a document of any depth first, slowly (a sequence nested 100000
 * deep took 19.5 s to refuse). */
#define MAX_DEPTH 64

/* Whether the len bytes at text begin with UTF-16's byte order mark
 * (Notepad's "Unicode"): FF FE, FE FF. */
static bool utf16(const char *text, size_t len)
{
  const unsigned char *b = (const unsigned char *)text;
  return len >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff));
}

/* The first byte of text that is not UTF-8 a recipe may hold (a NUL, a
 * control character other than tab, CR and LF, a broken sequence), at its
 * line and column (columns in characters, as libyaml counts them); libyaml
 * itself says where its reader stopped, which can be line 1. */
static bool check_bytes(const char *name, const char *text, size_t len, sp_diags *d)
{
  if (utf16(text, len)) {
    sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){1, 1}, NULL,
                   "UTF-16 text (it begins with UTF-16's byte order mark); save the recipe as "
                   "UTF-8");
    return false;
  }
  int line = 1, col = 1;
  for (size_t i = 0; i < len;) {
    const unsigned char c = (unsigned char)text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= len;
    for (size_t k = 1; ok && k < n; k++)
      ok = ((unsigned char)text[i + k] >> 6) == 2;
    if (ok && n == 2)
      ok = c >= 0xc2; /* overlong */
    if (ok && n == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      ok = false;
    if (!ok) {
      if (c == 0)
        sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){line, col}, NULL,
                       "a NUL byte: a recipe is text; save it again as UTF-8 text");
      else if (c < 0x20 || c == 0x7f)
        sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){line, col}, NULL,
                       "a control character (0x%02x): a recipe is text; remove it", c);
      else
        sp_diags_error(d, SP_ERR_USAGE, name, (sp_pos){line, col}, NULL,
                       "a byte that is not UTF-8 (0x%02x); save the recipe as UTF-8", c);
      return false;
    }
    if (c == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    i += n;
  }
  return true;
}

/* Refuse a document nested deeper than MAX_DEPTH, at the collection that
 * passes it, before libyaml builds it: a pass over its events. Syntax
 * errors are left to the load that follows, which says them better. */
static bool check_depth(const char *name, const char *text, size_t len, sp_diags *d)
{
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  int depth = 0;
  bool ok = true;
  for (;;) {
    yaml_event_t e;
    if (!yaml_parser_parse(&parser, &e))
      break;
    yaml_event_type_t t = e.type;
    if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
      if (++depth > MAX_DEPTH) {
        sp_diags_error(d, SP_ERR_USAGE, name, mark_pos(e.start_mark), NULL,
                       "nested more than %d levels deep; a recipe needs about six: look for "
                       "brackets or indentation that run away",
                       MAX_DEPTH);
        ok = false;
      }
    } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
      depth--;
    }
    yaml_event_delete(&e);
    if (!ok || t == YAML_STREAM_END_EVENT)
      break;
  }
  yaml_parser_delete(&parser);
  return ok;
}

/* (set: text is a --set's value, named by the set; else a file's or a
 * string's, whatever its name) */
static sp_err load_text(const char *name, bool set, const char *text, size_t len, sp_ynode **root,
                        sp_diags *d)
{
  *root = NULL;
  if (!check_bytes(name, text, len, d) || !check_depth(name, text, len, d))
    return SP_ERR_USAGE;
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  sp_diags first;
  sp_diags_init(&first);
  sp_err err = load(&parser, name, set, text, len, root, &first);
  yaml_parser_delete(&parser);
  if (err != SP_OK && has_template(text, len)) {
    char *copy_text = sp_xmalloc(len + 1);
    memcpy(copy_text, text, len);
    copy_text[len] = '\0';
    for (size_t k = 0; k < N_TEMPLATES; k++)
      for (char *t = strstr(copy_text, TEMPLATES[k]); t; t = strstr(t + 1, TEMPLATES[k]))
        memcpy(t, STANDINS[k], strlen(STANDINS[k]));
    sp_diags again;
    sp_diags_init(&again);
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)copy_text, len);
    sp_err err2 = load(&parser, name, set, copy_text, len, root, &again);
    yaml_parser_delete(&parser);
    free(copy_text);
    if (err2 == SP_OK) {
      restore_template(*root);
      err = SP_OK;
    } else {
      sp_ynode_free(*root);
      *root = NULL;
    }
    sp_diags_fini(&again);
  }
  if (err != SP_OK)
    sp_diags_take(d, &first);
  sp_diags_fini(&first);
  return err;
}

sp_err sp_yaml_load(const char *path, sp_ynode **root, sp_diags *d)
{
  *root = NULL;
  /* the shared opener, streams allowed: a named pipe with no writer opens
   * at once, and then reads as empty, where a plain open would wait for a
   * writer forever; a pipe with one (`render <(make-recipe)`) reads as it
   * is written; a device is bounded by the size below; a folder, or a
   * missing file (with its did-you-mean), is said */
  struct stat st;
  char why[1024];
  FILE *f =
      sp_fs_fopen_input(path, "a recipe", "recipes from files and pipes", &st, why, sizeof why);
  if (!f) {
    sp_diags_error(d, SP_ERR_IO, path, (sp_pos){0, 0}, NULL, "cannot read the recipe: %s", why);
    return SP_ERR_IO;
  }
  /* Recipes are small: read the whole text (refusing absurd sizes). */
  char *text = NULL;
  size_t len = 0, cap = 0;
  bool too_big = false;
  for (;;) {
    if (len + 65536 > cap) {
      cap = cap ? 2 * cap : 65536;
      if (cap > (size_t)64 << 20) {
        too_big = true;
        break;
      }
      text = sp_xrealloc(text, cap);
    }
    size_t got = fread(text + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  sp_err err = SP_OK;
  /* what audio (or MIDI, or ZIP) file it is, by its first bytes */
  /* (UTF-16's FF FE is an MPEG frame's sync too: text, said as text) */
  const sp_fs_kind *binary = utf16(text, len) ? NULL : sp_fs_kind_of(text, len, false);
  if (ferror(f)) {
    sp_diags_error(d, SP_ERR_IO, path, (sp_pos){0, 0}, NULL, "cannot read the recipe: %s",
                   strerror(errno));
    err = SP_ERR_IO;
  } else if (binary) { /* what it is, where the text's first odd byte would be said */
    sp_diags_error(d, SP_ERR_USAGE, path, (sp_pos){0, 0}, NULL,
                   "%s%s%s%s, not a recipe: a recipe is YAML text that names its audio files "
                   "(stemprint init FOLDER writes one for a folder of them)",
                   binary->name, binary->note ? " (" : "", binary->note ? binary->note : "",
                   binary->note ? ")" : "");
    err = SP_ERR_USAGE;
  } else if (too_big) {
    sp_diags_error(d, SP_ERR_USAGE, path, (sp_pos){0, 0}, NULL,
                   "the recipe is larger than 64 MB; is it really a recipe?");
    err = SP_ERR_USAGE;
  }
  fclose(f);
  if (err == SP_OK)
    err = load_text(path, false, text ? text : "", len, root, d); /* a file named "--set x" too */
  free(text);
  return err;
}

sp_err sp_yaml_load_string(const char *name, const char *text, size_t len, sp_ynode **root,
                           sp_diags *d)
{
  return load_text(name, sp_from_set(name), text, len, root, d);
}

void sp_ynode_free(sp_ynode *n)
{
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++) {
    if (n->kind == SP_Y_SEQ) {
      sp_ynode_free(n->items[i]);
    } else if (n->kind == SP_Y_MAP) {
      sp_ynode_free(n->pairs[i].key);
      sp_ynode_free(n->pairs[i].value);
    }
  }
  free(n->items);
  free(n->pairs);
  free(n->text);
  free(n);
}

sp_ynode *sp_ynode_copy(const sp_ynode *n)
{
  if (!n)
    return NULL;
  sp_ynode *c = sp_xcalloc(1, sizeof *c);
  *c = *n;
  c->text = n->text ? sp_xstrdup(n->text) : NULL;
  c->items = NULL;
  c->pairs = NULL;
  if (n->kind == SP_Y_SEQ && n->n) {
    c->items = sp_xcalloc(n->n, sizeof *c->items);
    for (size_t i = 0; i < n->n; i++)
      c->items[i] = sp_ynode_copy(n->items[i]);
  } else if (n->kind == SP_Y_MAP && n->n) {
    c->pairs = sp_xcalloc(n->n, sizeof *c->pairs);
    for (size_t i = 0; i < n->n; i++)
      c->pairs[i] = (sp_ypair){sp_ynode_copy(n->pairs[i].key), sp_ynode_copy(n->pairs[i].value)};
  }
  return c;
}

static void mark_from(sp_ynode *n, const char *from)
{
  n->from = from;
  n->pos = (sp_pos){0, 0};
  for (size_t i = 0; i < n->n; i++)
    if (n->kind == SP_Y_SEQ) {
      mark_from(n->items[i], from);
    } else if (n->kind == SP_Y_MAP) {
      mark_from(n->pairs[i].key, from);
      mark_from(n->pairs[i].value, from);
    }
}

char *sp_ypath_name(const sp_ynode *at, const char *k, size_t *used)
{
  if (*k == '"') {
    const char *end = strchr(k + 1, '"');
    if (!end)
      return NULL;
    *used = (size_t)(end + 1 - k);
    return sp_xasprintf("%.*s", (int)(end - k - 1), k + 1);
  }
  size_t len = 0;
  for (size_t i = 0; at && at->kind == SP_Y_MAP && i < at->n; i++) {
    const char *t = at->pairs[i].key->text;
    const size_t n = strlen(t);
    if (n > len && strncmp(k, t, n) == 0 && (k[n] == '\0' || k[n] == '.' || k[n] == '['))
      len = n;
  }
  *used = len ? len : strcspn(k, ".[");
  return sp_xasprintf("%.*s", (int)*used, k);
}

/* A node for what the path goes on with at k ('.': a mapping, '[': a
 * list), or NULL at its end (the value goes there). */
static sp_ynode *fresh(const char *k, const char *from)
{
  if (*k != '.' && *k != '[')
    return NULL;
  sp_ynode *n = sp_xcalloc(1, sizeof *n);
  *n = (sp_ynode){.kind = *k == '.' ? SP_Y_MAP : SP_Y_SEQ, .from = from};
  return n;
}

/* The scalar n as the mapping it is short for, {key: n's text}, in place
 * (the pair where n was). */
static void unshorten(sp_ynode *n, const char *key)
{
  sp_ynode *k = sp_xcalloc(1, sizeof *k), *v = sp_xcalloc(1, sizeof *v);
  *v = *n;
  *k = (sp_ynode){.kind = SP_Y_SCALAR, .pos = n->pos, .text = sp_xstrdup(key), .from = n->from};
  *n = (sp_ynode){.kind = SP_Y_MAP, .pos = n->pos, .n = 1, .from = n->from};
  n->pairs = sp_xcalloc(1, sizeof *n->pairs);
  n->pairs[0] = (sp_ypair){k, v};
}

/* One walk of sp_ynode_put's path key: dry, it only checks that the path
 * can be put (changing nothing but a short form written long, which means
 * the same: what is missing is as if made empty); else it puts value
 * there, which a dry walk has checked it can. */
static bool put_walk(sp_ynode *root, const char *key, sp_ynode *value, const char *from,
                     sp_yshort_fn *short_for, bool dry, char *why, size_t why_size)
{
  sp_ynode *at = root; /* NULL: made on the way (a dry walk makes nothing) */
  for (const char *k = key;;) {
    const int so_far = (int)(k - key) - (k > key); /* the path before k, without its '.' */
    const char *long_key = at && (at->kind == SP_Y_SCALAR || at->kind == SP_Y_SEQ) && short_for
                               ? short_for(root, at)
                               : NULL;
    if (long_key)
      unshorten(at, long_key);
    if (at && at->kind == SP_Y_NULL && !dry)       /* "master:" with nothing: now a mapping */
      at->kind = SP_Y_MAP;
    if (at && at->kind != SP_Y_MAP && at->kind != SP_Y_NULL) {
      snprintf(why, why_size, "'%.*s' is %s, not a mapping with a key '%.*s'", so_far, key,
               sp_ykind_name(at->kind), (int)strcspn(k, ".["), k);
      return false;
    }
    size_t used;
    char *name = sp_ypath_name(at, k, &used);
    if (!name || !*name) {
      if (!name)
        snprintf(why, why_size,
                 "'%s' opens a quote it does not close; a name with dots in it goes in double "
                 "quotes, like tracks.\"lead.vox\".gain",
                 key);
      else
        snprintf(why, why_size,
                 "'%s' has an empty key; name a key by its dotted path, like output.depth", key);
      free(name);
      return false;
    }
    sp_ypair *pair = NULL;
    for (size_t i = 0; at && at->kind == SP_Y_MAP && i < at->n && !pair; i++)
      if (strcmp(at->pairs[i].key->text, name) == 0)
        pair = &at->pairs[i];
    k += used;
    sp_ynode **slot = pair ? &pair->value : NULL;
    if (!pair && !dry) { /* a new key, and what the path goes on with under it */
      at->pairs = sp_xreallocarray(at->pairs, at->n + 1, sizeof *at->pairs);
      pair = &at->pairs[at->n++];
      pair->key = sp_xcalloc(1, sizeof *pair->key);
      *pair->key = (sp_ynode){.kind = SP_Y_SCALAR, .text = name, .from = from};
      pair->value = fresh(k, from);
      slot = &pair->value;
      name = NULL;
    }
    free(name);
    while (*k == '[') { /* an item of a list: [0] the first, [n] one more */
      const size_t digits = strspn(k + 1, "0123456789");
      const char *shut = k + 1 + digits;
      sp_ynode *list = slot ? *slot : NULL;
      if (digits == 0 || digits > 6 || *shut != ']') {
        snprintf(why, why_size,
                 "in '%s', '%.*s' is not an index; an item of a list is a whole number from 0 "
                 "in brackets, like output.also[0]",
                 key, (int)(strcspn(k, "]") + (k[strcspn(k, "]")] == ']')), k);
        return false;
      }
      /* a mapping whose list is short for it (`eq: {bands: [...]}`, eq[0]) */
      const char *list_key =
          list && list->kind == SP_Y_MAP && short_for ? short_for(root, list) : NULL;
      for (size_t q = 0; list_key && q < list->n; q++)
        if (strcmp(list->pairs[q].key->text, list_key) == 0) {
          slot = &list->pairs[q].value;
          list = *slot;
          break;
        }
      const size_t i = strtoul(k + 1, NULL, 10), n = list && list->kind == SP_Y_SEQ ? list->n : 0;
      const int upto = (int)(k - key);
      if (list && list->kind != SP_Y_SEQ && list->kind != SP_Y_NULL) {
        snprintf(why, why_size, "'%.*s' is %s, not a list; [%zu] is an item of a list", upto, key,
                 sp_ykind_name(list->kind), i);
        return false;
      }
      if (i > n) {
        if (n == 0)
          snprintf(why, why_size,
                   "'%.*s' has no items; [0] adds its first (or give the list whole: "
                   "--set '%.*s=[...]')",
                   upto, key, upto, key);
        else if (n == 1)
          snprintf(why, why_size,
                   "'%.*s' has 1 item, [0]: [%zu] is past its end; give [0], or [1] to add one",
                   upto, key, i);
        else
          snprintf(why, why_size,
                   "'%.*s' has %zu items, [0] to [%zu]: [%zu] is past its end; give one of "
                   "them, or [%zu] to add one",
                   upto, key, n, n - 1, i, n);
        return false;
      }
      k = shut + 1;
      if (dry) {
        slot = i < n ? &list->items[i] : NULL;
        continue;
      }
      if (list->kind == SP_Y_NULL)
        list->kind = SP_Y_SEQ;
      if (i == n) {
        list->items = sp_xreallocarray(list->items, n + 1, sizeof *list->items);
        list->items[list->n++] = fresh(k, from);
      }
      slot = &list->items[i];
    }
    if (*k == '\0') {
      if (!dry) {
        sp_ynode_free(*slot);
        *slot = value;
      }
      return true;
    }
    if (*k != '.') {
      snprintf(why, why_size, "'%s' goes on with '%c' after '%.*s'; expected '.' or '['", key, *k,
               (int)(k - key), key);
      return false;
    }
    k++;
    at = slot ? *slot : NULL;
  }
}

bool sp_ynode_put(sp_ynode *root, const char *key, sp_ynode *value, const char *from,
                  sp_yshort_fn *short_for, char *why, size_t why_size)
{
  mark_from(value, from);
  if (!put_walk(root, key, NULL, from, short_for, true, why, why_size)) {
    sp_ynode_free(value);
    return false;
  }
  return put_walk(root, key, value, from, short_for, false, why, why_size);
}

bool sp_ynode_bare(const sp_ynode *n)
{
  return n->kind == SP_Y_SCALAR && sp_written_unitless((sp_written){NULL, n->text, n->quoted});
}

const sp_ynode *sp_ymap_get(const sp_ynode *map, const char *key)
{
  if (!map || map->kind != SP_Y_MAP)
    return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->pairs[i].key->text, key) == 0)
      return map->pairs[i].value;
  return NULL;
}

const char *sp_ykind_name(sp_ykind k)
{
  switch (k) {
  case SP_Y_NULL: return "nothing";
  case SP_Y_SCALAR: return "a single value";
  case SP_Y_SEQ: return "a list";
  case SP_Y_MAP: return "a mapping";
  }
  return "?";
}
