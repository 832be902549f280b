/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schedule (core/graph/builder.h): Kahn's algorithm over the nodes,
 * ties in recipe order; a cycle is reported as the walk around it. */

#include "core/graph/builder.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Report one cycle through the nodes still marked in `left`, starting the
 * walk at start, and unmark its nodes. */
static void report_cycle(builder *b, bool *left, int start)
{
  sp_graph *g = b->g;
  int *stack = sp_xcalloc(g->n_nodes + 1, sizeof *stack);
  int *via = sp_xcalloc(g->n_nodes + 1, sizeof *via);
  int *pos = sp_xcalloc(g->n_nodes, sizeof *pos);
  for (size_t i = 0; i < g->n_nodes; i++)
    pos[i] = -1;
  /* Every node left after Kahn has an outgoing edge to another left node
   * (else it would have been scheduled... in reverse); walk until a repeat. */
  size_t depth = 0;
  int cur = start;
  while (pos[cur] < 0) {
    pos[cur] = (int)depth;
    stack[depth] = cur;
    int next = -1;
    for (size_t k = 0; k < g->nodes[cur].n_out && next < 0; k++) {
      int e = g->nodes[cur].out[k];
      if (left[g->edges[e].dst]) {
        next = g->edges[e].dst;
        via[depth] = e;
      }
    }
    depth++;
    if (next < 0)
      break;
    cur = next;
  }
  if (pos[cur] >= 0 && depth > 0) {
    size_t from = (size_t)pos[cur];
    size_t len = 0;
    for (size_t k = from; k < depth; k++)
      len += strlen(g->nodes[stack[k]].name) + 4;
    char *text = sp_xmalloc(len + strlen(g->nodes[cur].name) + 1);
    text[0] = '\0';
    for (size_t k = from; k < depth; k++) {
      strcat(text, g->nodes[stack[k]].name);
      strcat(text, " -> ");
    }
    strcat(text, g->nodes[cur].name);
    /* A key closing a cycle is easy to miss: name the insert it feeds. */
    char keys[512] = "";
    for (size_t k = from; k < depth; k++) {
      const sp_edge *e = &g->edges[via[k]];
      if (e->kind != SP_EDGE_KEY)
        continue;
      char one[256];
      snprintf(one, sizeof one, "%s%s -> %s is the key of %s", *keys ? ", " : " (",
               g->nodes[e->src].name, g->nodes[e->dst].name,
               g->nodes[e->dst].strip->inserts[e->insert].path);
      strncat(keys, one, sizeof keys - strlen(keys) - 2);
    }
    if (*keys)
      strcat(keys, ")");
    graph_error(b, SP_ERR_USAGE, g->edges[via[depth - 1]].path,
                "routing cycle: %s%s; a signal cannot feed itself, remove one of these routes",
                text, keys);
    free(text);
    for (size_t k = from; k < depth; k++)
      left[stack[k]] = false;
  }
  left[start] = false;
  free(stack);
  free(via);
  free(pos);
}

bool graph_schedule(builder *b)
{
  sp_graph *g = b->g;
  size_t n = g->n_nodes;
  size_t *indeg = sp_xcalloc(n, sizeof *indeg);
  bool *done = sp_xcalloc(n, sizeof *done);
  for (size_t e = 0; e < g->n_edges; e++)
    indeg[g->edges[e].dst]++;
  g->order = sp_xcalloc(n, sizeof *g->order);
  size_t k = 0;
  /* Kahn's algorithm taking the lowest ready index each time, so the order
   * follows the recipe where routing allows; n is small. */
  for (;;) {
    size_t pick = n;
    for (size_t i = 0; i < n && pick == n; i++)
      if (!done[i] && indeg[i] == 0)
        pick = i;
    if (pick == n)
      break;
    done[pick] = true;
    g->order[k++] = (int)pick;
    for (size_t j = 0; j < g->nodes[pick].n_out; j++)
      indeg[g->edges[g->nodes[pick].out[j]].dst]--;
  }
  bool ok = k == n;
  if (!ok) {
    /* Nodes not scheduled are on a cycle or downstream of one; keep only
     * nodes that can still reach a left node, then report cycles one by one. */
    bool *left = sp_xcalloc(n, sizeof *left);
    for (size_t i = 0; i < n; i++)
      left[i] = !done[i];
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < n; i++) {
        if (!left[i])
          continue;
        bool feeds_left = false;
        for (size_t j = 0; j < g->nodes[i].n_out; j++)
          feeds_left |= left[g->edges[g->nodes[i].out[j]].dst];
        if (!feeds_left) {
          left[i] = false;
          changed = true;
        }
      }
    }
    for (size_t i = 0; i < n; i++)
      if (left[i])
        report_cycle(b, left, (int)i);
    free(left);
  }
  free(indeg);
  free(done);
  return ok;
}
