/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics as data (io/report/report_diags.h). */

#include "io/report/report_diags.h"

#include "core/base/alloc.h"
#include "core/base/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const severities[] = {"error", "warning", "note"};

/* A position part: the number, or null where unknown. */
static sp_json *position(int v) { return v > 0 ? sp_report_int(v) : sp_report_string(NULL); }

/* One diagnostic's object. */
static sp_json *diag(const sp_diag *g)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "severity", sp_report_string(severities[g->severity]));
  sp_report_set(o, "file", sp_report_string(g->file));
  sp_report_set(o, "line", position(g->pos.line));
  sp_report_set(o, "column", position(g->pos.col));
  sp_report_set(o, "path", sp_report_string(g->path));
  const char *semi = strstr(g->msg, "; ");
  if (semi) {
    char *what = sp_xasprintf("%.*s", (int)(semi - g->msg), g->msg);
    sp_report_set(o, "message", sp_report_string(what));
    sp_report_set(o, "hint", sp_report_string(semi + 2));
    free(what);
  } else {
    sp_report_set(o, "message", sp_report_string(g->msg));
    sp_report_set(o, "hint", sp_report_string(NULL));
  }
  sp_report_set(o, "exit_status",
                sp_report_int(g->severity == SP_SEV_ERROR ? (int64_t)g->kind : 0));
  char *text = sp_diag_format(g);
  sp_report_set(o, "text", sp_report_string(text));
  free(text);
  return o;
}

sp_json *sp_report_diags(const sp_diags *d)
{
  sp_json *a = sp_report_array();
  sp_diag *sorted = sp_diags_sorted(d);
  for (size_t i = 0; i < d->n; i++)
    sp_report_append(a, diag(&sorted[i]));
  free(sorted);
  return a;
}

/* text as a workflow command holds it: a CR or LF as GitHub's runner
 * reads them (%0D, %0A: a line of the annotation, never a command of its
 * own), every other control character as stderr shows it
 * (sp_diag_escape: no ESC reaches the log), then the characters the
 * runner reads specially: '%' always, and in a property also ':' and ','. */
static char *github_escape(const char *text, bool property)
{
  char *out = sp_xmalloc(12 * strlen(text) + 1), *o = out;
  for (const char *s = text; *s;) {
    if (*s == '\r' || *s == '\n') {
      o = stpcpy(o, *s++ == '\r' ? "%0D" : "%0A");
      continue;
    }
    const size_t run = strcspn(s, "\r\n");
    char *part = sp_xasprintf("%.*s", (int)run, s), *shown = sp_diag_escape(part);
    for (const char *c = shown; *c; c++) {
      const char *e = *c == '%'               ? "%25"
                      : property && *c == ':' ? "%3A"
                      : property && *c == ',' ? "%2C"
                                              : NULL;
      if (e)
        o = stpcpy(o, e);
      else
        *o++ = *c;
    }
    free(shown);
    free(part);
    s += run;
  }
  *o = '\0';
  return out;
}

size_t sp_report_archive_of(const char *file)
{
  /* from the name alone: a file "main" beside a message of `diff
   * main:song.yaml` (a revision's file) makes it no archive's, and a
   * file "a:project.xml" is its own (its archive's name is none) */
  const char *colon = file ? strrchr(file, ':') : NULL;
  const size_t n = colon ? (size_t)(colon - file) : 0, k = strlen(SP_DIAG_ARCHIVE);
  return colon && n > k && strncasecmp(colon - k, SP_DIAG_ARCHIVE, k) == 0 &&
                 strcmp(colon + 1, SP_DIAG_MEMBER) == 0
             ? n
             : 0;
}

/* g as a CI service places it (sp_report_archive_of): its file, its
 * place and its message, a member's and its line before it (heap). */
static sp_diag ci_placed(const sp_diag *g)
{
  sp_diag c = *g;
  const size_t n = sp_report_archive_of(g->file);
  if (!n) {
    c.file = g->file ? sp_xstrdup(g->file) : NULL;
    c.msg = sp_xstrdup(g->msg);
    return c;
  }
  char at[32];
  c.file = sp_xasprintf("%.*s", (int)n, g->file);
  c.msg = sp_xasprintf("%s%s: %s", g->file + n + 1, sp_diag_at(g->pos, at, sizeof at), g->msg);
  c.pos = (sp_pos){0, 0};
  return c;
}

char *sp_report_diag_github(const sp_diag *d)
{
  static const char *const commands[] = {"error", "warning", "notice"};
  sp_diag placed = ci_placed(d);
  const sp_diag *g = &placed;
  char *props = sp_xstrdup("");
  if (g->file) {
    char *f = github_escape(g->file, true);
    char *t = sp_xasprintf(" file=%s", f);
    free(f);
    free(props);
    props = t;
  }
  if (g->file && g->pos.line > 0) {
    char *t = sp_xasprintf("%s,line=%d", props, g->pos.line);
    free(props);
    props = t;
  }
  if (g->file && g->pos.line > 0 && g->pos.col > 0) {
    char *t = sp_xasprintf("%s,col=%d", props, g->pos.col);
    free(props);
    props = t;
  }
  char *title = github_escape(g->path ? g->path : "stemprint", true);
  char *msg = github_escape(g->msg, false);
  char *line = sp_xasprintf("::%s%s%stitle=%s::%s\n", commands[g->severity], props,
                            *props ? "," : " ", title, msg);
  free(props);
  free(title);
  free(msg);
  free(placed.file);
  free(placed.msg);
  return line;
}

void sp_report_diags_gitlab(const sp_diags *d, sp_json *issues)
{
  static const char *const levels[] = {"major", "minor", "info"};
  sp_diag *sorted = sp_diags_sorted(d);
  for (size_t i = 0; i < d->n; i++) {
    sp_diag placed = ci_placed(&sorted[i]);
    const sp_diag *g = &placed;
    sp_json *o = sp_report_object();
    sp_report_set(o, "type", sp_report_string("issue"));
    sp_report_set(o, "check_name",
                  sp_report_string(g->severity == SP_SEV_ERROR ? "stemprint-error"
                                                               : "stemprint-warning"));
    sp_report_set(o, "description", sp_report_string(g->msg));
    sp_report_set(o, "severity", sp_report_string(levels[g->severity]));
    /* The same problem at the same place is the same issue from run to
     * run: its fingerprint is the digest of those. */
    char *key = sp_xasprintf("%s\n%d\n%s\n%s", g->file ? g->file : "", g->pos.line,
                             g->path ? g->path : "", g->msg);
    sp_digest dg;
    sp_digest_bytes(key, strlen(key), &dg);
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(&dg, hex);
    free(key);
    sp_report_set(o, "fingerprint", sp_report_string(hex));
    sp_json *loc = sp_report_object();
    sp_report_set(loc, "path", sp_report_string(g->file ? g->file : ""));
    sp_json *lines = sp_report_object();
    sp_report_set(lines, "begin", sp_report_int(g->pos.line > 0 ? g->pos.line : 1));
    sp_report_set(loc, "lines", lines);
    sp_report_set(o, "location", loc);
    sp_report_append(issues, o);
    free(placed.file);
    free(placed.msg);
  }
  free(sorted);
}
