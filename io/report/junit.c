/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JUnit XML reports (io/report/junit.h), written with libxml2's
 * xmlTextWriter: it escapes what the messages hold (a file name with '&',
 * a quote, '<'), and what XML 1.0 cannot hold (a byte that is not UTF-8,
 * a control character, U+FFFF) is written as U+FFFD (sp_xml_text), so
 * that every reader parses the file. */

#include "io/report/junit.h"

#include "core/base/alloc.h"
#include "core/recipe/recipe.h"
#include "io/fs/fs.h"
#include "io/report/report.h"
#include "io/report/report_diags.h"
#include "io/xml/xml.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jcase {
  char *name, *file, *message, *text;
  sp_pos at;
  sp_junit_state state;
} jcase;

struct sp_junit_suite {
  char *name, *file;
  jcase *v;
  size_t n, cap;
};

static char *dup_or_null(const char *s) { return s ? sp_xstrdup(s) : NULL; }

sp_junit_suite *sp_junit_suite_new(const char *name, const char *file)
{
  sp_junit_suite *s = sp_xcalloc(1, sizeof *s);
  s->name = sp_xstrdup(name ? name : "stemprint");
  s->file = dup_or_null(file);
  return s;
}

void sp_junit_suite_free(sp_junit_suite *s)
{
  if (!s)
    return;
  for (size_t i = 0; i < s->n; i++) {
    free(s->v[i].name);
    free(s->v[i].file);
    free(s->v[i].message);
    free(s->v[i].text);
  }
  free(s->v);
  free(s->name);
  free(s->file);
  free(s);
}

void sp_junit_add(sp_junit_suite *s, const char *name, const char *file, sp_pos at,
                  sp_junit_state state, const char *message, const char *text)
{
  const bool placed = file && at.line > 0;
  const size_t archive = placed ? sp_report_archive_of(file) : 0; /* (no line of it) */
  SP_GROW(s->v, s->n, s->cap);
  s->v[s->n++] = (jcase){.name = sp_xstrdup(name),
                         .file = archive  ? sp_xasprintf("%.*s", (int)archive, file)
                                 : placed ? sp_xstrdup(file)
                                          : NULL,
                         .at = placed && !archive ? at : (sp_pos){0, 0},
                         .state = state,
                         .message = dup_or_null(message),
                         .text = dup_or_null(text)};
}

/* A check's case name: its kind and, for a file's check, the file
 * ("loudness.integrated: out/mix.wav"); a version's null, the version. */
static char *check_name(const sp_check *c, const sp_render_result *res)
{
  if (c->kind == SP_CHECK_NULL_VERSION && c->of < res->n_version_nulls)
    return sp_xasprintf("%s: %s", c->name, res->version_nulls[c->of].version);
  if ((c->kind == SP_CHECK_CLIPPING || c->kind == SP_CHECK_LOUDNESS ||
       c->kind == SP_CHECK_TRUE_PEAK) &&
      c->of < res->n_outputs)
    return sp_xasprintf("%s: %s", c->name, res->outputs[c->of].path);
  /* a check said in words (an ADM print's, or any a cache served) is
   * named as one judged here would be, from what its words name first:
   * an output ("loudness: out/song/mix.wav integrated ..."), a version
   * ("null: version 'radio' + ..."), or a file's name ("adm.render:
   * mix_5.1.wav from ...", "adm.profile.lfe: mix_5.1.wav's LFE") */
  const char *colon = c->kind == SP_CHECK_SAID && c->text ? strstr(c->text, ": ") : NULL;
  if (colon) {
    const char *w = colon + 2;
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < res->n_outputs; i++) {
      const char *o = res->outputs[i].path;
      const size_t n = o ? strlen(o) : 0;
      if (n > best_n && strncmp(w, o, n) == 0 && strchr(" ';", w[n]))
        best = o, best_n = n;
    }
    if (best)
      return sp_xasprintf("%s: %s", c->name, best);
    if (strncmp(w, "version '", 9) == 0 && strchr(w + 9, '\''))
      return sp_xasprintf("%s: %.*s", c->name, (int)(strchr(w + 9, '\'') - (w + 9)), w + 9);
    size_t n = strcspn(w, " ;");
    if (n > 2 && strncmp(w + n - 2, "'s", 2) == 0)
      n -= 2;
    const char *dot = memchr(w, '.', n);
    if (dot && dot > w && dot < w + n - 1) /* a file's name, not a word */
      return sp_xasprintf("%s: %.*s", c->name, (int)n, w);
  }
  return sp_xstrdup(c->name);
}

sp_junit_suite *sp_junit_render(const char *recipe, const sp_render_result *res, const sp_recipe *r,
                                sp_err status)
{
  sp_junit_suite *s = sp_junit_suite_new(recipe, r ? r->file : NULL);
  /* that it printed, first: a recipe without checks has a verdict too */
  sp_junit_add(s, "render", NULL, (sp_pos){0, 0},
               status >= SP_ERR_USAGE ? SP_JUNIT_ERROR : SP_JUNIT_PASSED,
               status >= SP_ERR_USAGE ? "the render failed after it printed" : NULL, NULL);
  for (size_t k = 0; k < res->n_checks; k++) {
    const sp_check *c = &res->checks[k];
    char *name = check_name(c, res);
    /* a name said twice gets its count, so that a reader keeps each
     * case apart */
    size_t seen = 0;
    for (size_t i = 0; i < s->n; i++)
      seen +=
          strcmp(s->v[i].name, name) == 0 || (strncmp(s->v[i].name, name, strlen(name)) == 0 &&
                                              strncmp(s->v[i].name + strlen(name), " #", 2) == 0);
    if (seen) {
      char *again = sp_xasprintf("%s #%zu", name, seen + 1);
      free(name);
      name = again;
    }
    const sp_pos at = r && c->path ? sp_recipe_where(r, c->path) : (sp_pos){0, 0};
    /* as stemprint prints it: the rule's place and path, then the words */
    char place[1024];
    char *said =
        at.line > 0 ? sp_xasprintf("%s: %s: %s", sp_recipe_at_text(r, c->path, place, sizeof place),
                                   c->path, c->text ? c->text : c->name)
                    : sp_xstrdup(c->text ? c->text : c->name);
    sp_junit_add(s, name, r ? (c->path ? sp_recipe_file_at(r, c->path) : r->file) : NULL, at,
                 c->passed ? SP_JUNIT_PASSED : SP_JUNIT_FAILED, said, NULL);
    free(said);
    free(name);
  }
  return s;
}

sp_junit_suite *sp_junit_failed(const char *recipe, sp_err status, const sp_diags *d,
                                const char *said)
{
  sp_junit_suite *s = sp_junit_suite_new(recipe, recipe);
  size_t errors = 0;
  for (size_t i = 0; d && i < d->n; i++) {
    const sp_diag *g = &d->v[i];
    if (g->severity != SP_SEV_ERROR)
      continue;
    char *m = sp_diag_format(g);
    const char *after = strstr(m, "error: ");
    char *name = g->path ? sp_xstrdup(g->path) : sp_xasprintf("error %zu", errors + 1);
    /* a check's verdict (a print that would clip) is a failure; a recipe
     * that cannot be judged, an error */
    sp_junit_add(s, name, g->file, g->pos,
                 g->kind == SP_ERR_CHECK ? SP_JUNIT_FAILED : SP_JUNIT_ERROR,
                 after ? after + strlen("error: ") : m, NULL);
    free(name);
    free(m);
    errors++;
  }
  if (errors == 0 && status != SP_OK) {
    /* said: the lines it printed; the first is the message (without
     * "stemprint: error: "), the rest beneath it */
    char *first = said ? sp_xstrdup(said) : NULL, *rest = NULL;
    char *nl = first ? strchr(first, '\n') : NULL;
    if (nl) {
      *nl = '\0';
      rest = nl[1] ? nl + 1 : NULL;
    }
    static const char prefix[] = "stemprint: error: ";
    const char *m =
        first && strncmp(first, prefix, strlen(prefix)) == 0 ? first + strlen(prefix) : first;
    char *fallback = sp_xasprintf("%s: failed with exit status %d", recipe, (int)status);
    sp_junit_add(s, "render", NULL, (sp_pos){0, 0},
                 status == SP_ERR_CHECK ? SP_JUNIT_FAILED : SP_JUNIT_ERROR, m && *m ? m : fallback,
                 rest);
    free(fallback);
    free(first);
  }
  return s;
}

/* ---- writing ------------------------------------------------------------ */

/* s as XML 1.0 may hold it (sp_xml_text; the writer escapes markup). */
static xmlChar *xml_text(const char *s) { return (xmlChar *)sp_xml_text(s, SIZE_MAX, false); }

static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
  xmlChar *v = xml_text(value);
  xmlTextWriterWriteAttribute(w, (const xmlChar *)name, v);
  free(v);
}

static void attr_int(xmlTextWriterPtr w, const char *name, long long v)
{
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", v);
  attr(w, name, buf);
}

static void write_suite(xmlTextWriterPtr w, const sp_junit_suite *s)
{
  size_t f = 0, e = 0;
  for (size_t i = 0; i < s->n; i++) {
    f += s->v[i].state == SP_JUNIT_FAILED;
    e += s->v[i].state == SP_JUNIT_ERROR;
  }
  xmlTextWriterStartElement(w, (const xmlChar *)"testsuite");
  attr(w, "name", s->name);
  attr_int(w, "tests", (long long)s->n);
  attr_int(w, "failures", (long long)f);
  attr_int(w, "errors", (long long)e);
  attr_int(w, "skipped", 0);
  if (s->file)
    attr(w, "file", s->file);
  for (size_t i = 0; i < s->n; i++) {
    const jcase *c = &s->v[i];
    xmlTextWriterStartElement(w, (const xmlChar *)"testcase");
    attr(w, "name", c->name);
    attr(w, "classname", s->name);
    if (c->file)
      attr(w, "file", c->file);
    if (c->file && c->at.line > 0)
      attr_int(w, "line", c->at.line);
    if (c->state != SP_JUNIT_PASSED) {
      xmlTextWriterStartElement(
          w, (const xmlChar *)(c->state == SP_JUNIT_FAILED ? "failure" : "error"));
      attr(w, "message", c->message);
      attr(w, "type", c->state == SP_JUNIT_FAILED ? "check" : "error");
      /* the body: where, then the message, then what came with it; the
       * line a reader shows when it shows one */
      char *body = sp_xasprintf("%s%s%s", c->message ? c->message : "", c->text ? "\n" : "",
                                c->text ? c->text : "");
      xmlChar *b = xml_text(body);
      xmlTextWriterWriteString(w, b);
      free(b);
      free(body);
      xmlTextWriterEndElement(w);
    } else if (c->text) { /* what a passed case found, where a reader shows a case's output */
      xmlChar *b = xml_text(c->text);
      xmlTextWriterWriteElement(w, (const xmlChar *)"system-out", b);
      free(b);
    }
    xmlTextWriterEndElement(w);
  }
  xmlTextWriterEndElement(w);
}

sp_err sp_junit_write(const char *path, sp_junit_suite *const *suites, size_t n, char *why,
                      size_t why_size)
{
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
  if (!w) {
    fputs("stemprint: fatal: out of memory writing a JUnit report\n", stderr);
    abort();
  }
  xmlTextWriterSetIndent(w, 1);
  xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
  xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
  /* The totals come first in the file but are known last: a first pass
   * counts them. */
  size_t tests = 0, failures = 0, errors = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; suites[i] && k < suites[i]->n; k++) {
      tests++;
      failures += suites[i]->v[k].state == SP_JUNIT_FAILED;
      errors += suites[i]->v[k].state == SP_JUNIT_ERROR;
    }
  xmlTextWriterStartElement(w, (const xmlChar *)"testsuites");
  attr(w, "name", "stemprint");
  attr_int(w, "tests", (long long)tests);
  attr_int(w, "failures", (long long)failures);
  attr_int(w, "errors", (long long)errors);
  for (size_t i = 0; i < n; i++)
    if (suites[i])
      write_suite(w, suites[i]);
  xmlTextWriterEndElement(w);
  xmlTextWriterEndDocument(w);
  xmlFreeTextWriter(w); /* flushes into buf */
  const char *xml = (const char *)xmlBufferContent(buf);
  const size_t len = strlen(xml);
  char *text = len && xml[len - 1] == '\n' ? sp_xstrdup(xml) : sp_xasprintf("%s\n", xml);
  sp_err err = sp_fs_write_text(path, text, why, why_size);
  free(text);
  xmlBufferFree(buf);
  return err;
}
