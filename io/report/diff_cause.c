/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Why two recipes' prints differ (io/report/diff_cause.h). */

#include "io/report/diff_cause.h"
#include "io/report/diff.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct leaf {
  char *path, *value;
} leaf;

typedef struct leaves {
  leaf *v;
  size_t n, cap;
} leaves;

static void flatten(const json_t *j, const char *path, leaves *out)
{
  if (json_is_object(j) && json_object_size(j) > 0) {
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
      char *p = *path ? sp_xasprintf("%s.%s", path, k) : sp_xstrdup(k);
      flatten(v, p, out);
      free(p);
    }
    return;
  }
  if (json_is_array(j) && json_array_size(j) > 0) {
    for (size_t i = 0; i < json_array_size(j); i++) {
      char *p = sp_xasprintf("%s[%zu]", path, i);
      flatten(json_array_get(j, i), p, out);
      free(p);
    }
    return;
  }
  SP_GROW(out->v, out->n, out->cap);
  out->v[out->n].path = sp_xstrdup(path);
  out->v[out->n++].value = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
}

static void leaves_of(const char *text, leaves *out)
{
  memset(out, 0, sizeof *out);
  json_error_t e;
  json_t *j = text ? json_loads(text, 0, &e) : NULL;
  if (j)
    flatten(j, "", out);
  json_decref(j);
}

static void leaves_fini(leaves *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].path), free(l->v[i].value);
  free(l->v);
}

static void add_reach(sp_diff_key *k, const char *file)
{
  for (size_t i = 0; i < k->n_reaches; i++)
    if (strcmp(k->reaches[i], file) == 0)
      return;
  k->reaches = sp_xreallocarray(k->reaches, k->n_reaches + 1, sizeof *k->reaches);
  k->reaches[k->n_reaches++] = sp_xstrdup(file);
}

/* The nodes node reaches by its edges (itself included), as flags. */
static bool *reachable(const sp_graph *g, int node)
{
  const size_t nn = sp_graph_count(g, SP_GRAPH_NODES);
  bool *seen = sp_xcalloc(nn + 1, sizeof *seen);
  int *stack = sp_xcalloc(nn + 1, sizeof *stack);
  size_t top = 0;
  seen[node] = true;
  stack[top++] = node;
  while (top) {
    const sp_node *n = sp_graph_node(g, (size_t)stack[--top]);
    for (size_t k = 0; k < n->n_out; k++) {
      const int d = sp_graph_edge(g, (size_t)n->out[k])->dst;
      if (d >= 0 && (size_t)d < nn && !seen[d])
        seen[d] = true, stack[top++] = d;
    }
  }
  free(stack);
  return seen;
}

/* Whether output o is reached by node (see the header). */
static bool node_reaches(const sp_graph *g, int node, const bool *seen, const sp_output_plan *o)
{
  const sp_node *n = sp_graph_node(g, (size_t)node);
  const size_t nl = sp_graph_count(g, SP_GRAPH_LANES);
  if (o->kind == SP_OUT_BUS)
    return o->node >= 0 && seen[o->node];
  if (o->lanes && n->lanes) {
    for (size_t l = 0; l < nl; l++)
      if (o->lanes[l] && n->lanes[l])
        return true;
    return false;
  }
  return seen[sp_graph_master(g)];
}

/* Every print of g that key path reaches, into k. */
static void reach(const sp_graph *g, const char *path, sp_diff_key *k)
{
  const size_t no = sp_graph_count(g, SP_GRAPH_OUTPUTS), nd = sp_graph_count(g, SP_GRAPH_DERIVED);
  bool *hit = sp_xcalloc(no + 1, sizeof *hit);
  char head[64] = "", name[256] = "";
  const char *dot = strchr(path, '.');
  snprintf(head, sizeof head, "%.*s", (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
  if (dot)
    snprintf(name, sizeof name, "%.*s", (int)strcspn(dot + 1, ".["), dot + 1);
  const int node = (strcmp(head, "tracks") == 0 || strcmp(head, "buses") == 0) && *name
                       ? sp_graph_find(g, name)
                       : -1;
  bool all = true;
  if (node >= 0) {
    all = false;
    bool *seen = reachable(g, node);
    for (size_t i = 0; i < no; i++)
      hit[i] = node_reaches(g, node, seen, sp_graph_output(g, i));
    free(seen);
  } else if ((strcmp(head, "stems") == 0 || strcmp(head, "versions") == 0) && *name) {
    char *key = sp_xasprintf("%s.%s", head, name);
    for (size_t i = 0; i < no; i++)
      if (sp_graph_output(g, i)->key && strcmp(sp_graph_output(g, i)->key, key) == 0)
        hit[i] = true, all = false;
    if (!all && strcmp(head, "stems") == 0) /* a stem's grouping is the mix's sum's order */
      for (size_t i = 0; i < no; i++)
        hit[i] = hit[i] || sp_graph_output(g, i)->kind == SP_OUT_MIX;
    free(key);
  }
  for (size_t i = 0; i < no; i++) {
    const sp_output_plan *o = sp_graph_output(g, i);
    if (o->kind != SP_OUT_REST && o->file && (all || hit[i]))
      add_reach(k, o->file);
  }
  for (size_t i = 0; i < nd; i++) {
    const sp_derived_plan *dp = sp_graph_derived(g, i);
    if (dp->of >= 0 && (size_t)dp->of < no && (all || hit[dp->of]))
      add_reach(k, dp->file);
  }
  size_t na = 0;
  const char *const *adm = sp_graph_adm_prints(g, &na);
  for (size_t i = 0; i < na && (all || (no && hit[0])); i++) /* master.adm's files: the mix's */
    add_reach(k, adm[i]);
  free(hit);
}

static const char *value_of(const leaves *l, const char *path)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i].path, path) == 0)
      return l->v[i].value;
  return NULL;
}

/* Whether l holds a leaf under path (path.x or path[i]): an empty table or
 * list that the other side fills is said by what fills it. */
static bool has_under(const leaves *l, const char *path)
{
  const size_t n = strlen(path);
  for (size_t i = 0; i < l->n; i++)
    if (strncmp(l->v[i].path, path, n) == 0 && (l->v[i].path[n] == '.' || l->v[i].path[n] == '['))
      return true;
  return false;
}

static bool empty(const char *v) { return strcmp(v, "[]") == 0 || strcmp(v, "{}") == 0; }

static void add_key(sp_diff_cause *c, const sp_graph *og, const sp_graph *ng, const char *path,
                    const char *ov, const char *nv)
{
  c->keys = sp_xreallocarray(c->keys, c->n_keys + 1, sizeof *c->keys);
  sp_diff_key *k = &c->keys[c->n_keys++];
  memset(k, 0, sizeof *k);
  k->path = sp_xstrdup(path);
  k->old_value = ov ? sp_xstrdup(ov) : NULL;
  k->new_value = nv ? sp_xstrdup(nv) : NULL;
  k->old_at = sp_recipe_where(sp_graph_recipe(og), path);
  k->new_at = sp_recipe_where(sp_graph_recipe(ng), path);
  reach(nv ? ng : og, path, k);
}

static void hex(const sp_digest *d, char out[65])
{
  char h[SP_DIGEST_HEX];
  sp_digest_hex(d, h);
  snprintf(out, 65, "%s", h);
}

static const sp_job_input *input_of(const sp_job *j, const char *key)
{
  for (size_t i = 0; i < j->n_inputs; i++)
    if (strcmp(j->inputs[i].key, key) == 0)
      return &j->inputs[i];
  return NULL;
}

static void add_input(sp_diff_cause *c, const char *key, const sp_job_input *a,
                      const sp_job_input *b)
{
  c->inputs = sp_xreallocarray(c->inputs, c->n_inputs + 1, sizeof *c->inputs);
  sp_diff_input *x = &c->inputs[c->n_inputs++];
  memset(x, 0, sizeof *x);
  x->key = sp_xstrdup(key);
  x->old_path = a ? sp_xstrdup(a->path) : NULL;
  x->new_path = b ? sp_xstrdup(b->path) : NULL;
  if (a)
    hex(&a->file.digest, x->old_digest);
  if (b)
    hex(&b->file.digest, x->new_digest);
}

void sp_diff_cause_of(const sp_graph *old_g, const sp_job *old_j, const sp_graph *new_g,
                      const sp_job *new_j, sp_diff_cause *c)
{
  memset(c, 0, sizeof *c);
  c->old_file = sp_xstrdup(sp_graph_recipe(old_g)->file);
  c->new_file = sp_xstrdup(sp_graph_recipe(new_g)->file);
  leaves a, b;
  leaves_of(old_j->recipe_text, &a);
  leaves_of(new_j->recipe_text, &b);
  for (size_t i = 0; i < a.n; i++) {
    const char *nv = value_of(&b, a.v[i].path);
    if (!nv && empty(a.v[i].value) && has_under(&b, a.v[i].path))
      continue;
    if (!nv || strcmp(nv, a.v[i].value) != 0)
      add_key(c, old_g, new_g, a.v[i].path, a.v[i].value, nv);
  }
  for (size_t i = 0; i < b.n; i++)
    if (!value_of(&a, b.v[i].path) && !(empty(b.v[i].value) && has_under(&a, b.v[i].path)))
      add_key(c, old_g, new_g, b.v[i].path, NULL, b.v[i].value);
  leaves_fini(&a);
  leaves_fini(&b);
  for (size_t i = 0; i < old_j->n_inputs; i++) {
    const sp_job_input *x = &old_j->inputs[i], *y = input_of(new_j, x->key);
    if (!y || memcmp(&x->file.digest, &y->file.digest, sizeof x->file.digest) != 0)
      add_input(c, x->key, x, y);
  }
  for (size_t i = 0; i < new_j->n_inputs; i++)
    if (!input_of(old_j, new_j->inputs[i].key))
      add_input(c, new_j->inputs[i].key, NULL, &new_j->inputs[i]);
}

void sp_diff_cause_findings(sp_diff_cause *c, const sp_diff_item *items, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (items[i].error || !sp_diff_verdict_differs(items[i].r.verdict) ||
        items[i].r.verdict == SP_DIFF_ONLY_OLD || items[i].r.verdict == SP_DIFF_ONLY_NEW)
      continue;
    bool reached = false;
    for (size_t k = 0; k < c->n_keys && !reached; k++)
      for (size_t r = 0; r < c->keys[k].n_reaches && !reached; r++)
        reached = strcmp(c->keys[k].reaches[r], items[i].name) == 0;
    if (reached)
      continue;
    c->findings = sp_xreallocarray(c->findings, c->n_findings + 1, sizeof *c->findings);
    c->findings[c->n_findings++] =
        c->n_keys == 0
            ? sp_xasprintf("%s changed, and the two recipes' canonical texts are the same: the "
                           "tool, a plugin or a file outside the recipe changed",
                           items[i].name)
            : sp_xasprintf("%s changed, and no changed key routes to it: linked dynamics (a bus "
                           "or master compressor or limiter it shares with what changed)",
                           items[i].name);
  }
}

void sp_diff_cause_fini(sp_diff_cause *c)
{
  for (size_t i = 0; i < c->n_keys; i++) {
    sp_diff_key *k = &c->keys[i];
    free(k->path), free(k->old_value), free(k->new_value);
    for (size_t r = 0; r < k->n_reaches; r++)
      free(k->reaches[r]);
    free(k->reaches);
  }
  free(c->keys);
  for (size_t i = 0; i < c->n_inputs; i++)
    free(c->inputs[i].key), free(c->inputs[i].old_path), free(c->inputs[i].new_path);
  free(c->inputs);
  for (size_t i = 0; i < c->n_findings; i++)
    free(c->findings[i]);
  free(c->findings);
  free(c->old_file);
  free(c->new_file);
  memset(c, 0, sizeof *c);
}

static void at_words(FILE *f, const char *file, sp_pos p)
{
  if (p.line > 0)
    fprintf(f, "%s:%d:%d", file, p.line, p.col);
  else
    fprintf(f, "%s", file);
}

void sp_diff_cause_print(FILE *f, const sp_diff_cause *c)
{
  fprintf(f, "cause: %zu key%s of the canonical recipe changed, %zu input file%s\n", c->n_keys,
          c->n_keys == 1 ? "" : "s", c->n_inputs, c->n_inputs == 1 ? "" : "s");
  /* each line made whole, then said escaped (sp_diag_line): a recipe's
   * value or a file's name is never more than its line */
  for (size_t i = 0; i < c->n_keys; i++) {
    const sp_diff_key *k = &c->keys[i];
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "  key    %s: %s -> %s (", k->path, k->old_value ? k->old_value : "(none)",
            k->new_value ? k->new_value : "(none)");
    at_words(m, c->old_file, k->old_at);
    fputs(", ", m);
    at_words(m, c->new_file, k->new_at);
    fputs("); reaches", m);
    for (size_t r = 0; r < k->n_reaches; r++)
      fprintf(m, "%s %s", r ? "," : "", k->reaches[r]);
    fputs(k->n_reaches ? "" : " no print", m);
    fclose(m);
    sp_diag_line(f, "%s", line);
    free(line);
  }
  for (size_t i = 0; i < c->n_inputs; i++) {
    const sp_diff_input *x = &c->inputs[i];
    sp_diag_line(f, "  input  %s: %s %.12s -> %s %.12s", x->key,
                 x->old_path ? x->old_path : "(none)", x->old_digest,
                 x->new_path ? x->new_path : "(none)", x->new_digest);
  }
  for (size_t i = 0; i < c->n_findings; i++)
    sp_diag_line(f, "  finding %s", c->findings[i]);
}

static sp_json *str_or_null(const char *s) { return s ? sp_report_string(s) : json_null(); }

sp_json *sp_diff_cause_json(const sp_diff_cause *c)
{
  sp_json *j = sp_report_object(), *keys = sp_report_array(), *inputs = sp_report_array(),
          *findings = sp_report_array();
  for (size_t i = 0; i < c->n_keys; i++) {
    const sp_diff_key *k = &c->keys[i];
    sp_json *o = sp_report_object(), *r = sp_report_array();
    sp_report_set(o, "path", sp_report_string(k->path));
    sp_report_set(o, "old", str_or_null(k->old_value));
    sp_report_set(o, "new", str_or_null(k->new_value));
    sp_report_set(o, "old_line", sp_report_int(k->old_at.line));
    sp_report_set(o, "old_column", sp_report_int(k->old_at.col));
    sp_report_set(o, "new_line", sp_report_int(k->new_at.line));
    sp_report_set(o, "new_column", sp_report_int(k->new_at.col));
    for (size_t x = 0; x < k->n_reaches; x++)
      sp_report_append(r, sp_report_string(k->reaches[x]));
    sp_report_set(o, "reaches", r);
    sp_report_append(keys, o);
  }
  for (size_t i = 0; i < c->n_inputs; i++) {
    const sp_diff_input *x = &c->inputs[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "key", sp_report_string(x->key));
    sp_report_set(o, "old_path", str_or_null(x->old_path));
    sp_report_set(o, "new_path", str_or_null(x->new_path));
    sp_report_set(o, "old_sha256", str_or_null(*x->old_digest ? x->old_digest : NULL));
    sp_report_set(o, "new_sha256", str_or_null(*x->new_digest ? x->new_digest : NULL));
    sp_report_append(inputs, o);
  }
  for (size_t i = 0; i < c->n_findings; i++)
    sp_report_append(findings, sp_report_string(c->findings[i]));
  sp_report_set(j, "old_recipe", str_or_null(c->old_file));
  sp_report_set(j, "new_recipe", str_or_null(c->new_file));
  sp_report_set(j, "keys", keys);
  sp_report_set(j, "inputs", inputs);
  sp_report_set(j, "findings", findings);
  return j;
}

void sp_diff_cause_markdown(FILE *f, const sp_diff_cause *c)
{
  if (c->n_keys == 0 && c->n_inputs == 0 && c->n_findings == 0)
    return;
  fputs("\n**Cause**\n\n", f);
  for (size_t i = 0; i < c->n_keys && i < 20; i++) {
    const sp_diff_key *k = &c->keys[i];
    fputs("- ", f);
    sp_diff_md_code(f, k->path, false);
    fputs(": ", f);
    sp_diff_md_code(f, k->old_value ? k->old_value : "(none)", false);
    fputs(" → ", f);
    sp_diff_md_code(f, k->new_value ? k->new_value : "(none)", false);
    fprintf(f, " (line %d → %d); reaches", k->old_at.line, k->new_at.line);
    for (size_t r = 0; r < k->n_reaches; r++) {
      fputs(r ? ", " : " ", f);
      sp_diff_md_text(f, k->reaches[r]);
    }
    fputs(k->n_reaches ? "\n" : " no print\n", f);
  }
  if (c->n_keys > 20)
    fprintf(f, "- and %zu keys more\n", c->n_keys - 20);
  for (size_t i = 0; i < c->n_inputs; i++) {
    fputs("- input ", f);
    sp_diff_md_code(f, c->inputs[i].key, false);
    fprintf(f, ": `%.12s` → `%.12s`\n", c->inputs[i].old_digest, c->inputs[i].new_digest);
  }
  for (size_t i = 0; i < c->n_findings; i++) {
    fputs("- finding: ", f);
    sp_diff_md_text(f, c->findings[i]);
    fputc('\n', f);
  }
}
