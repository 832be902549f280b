/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Route maps: text tree, Graphviz DOT and JSON, all walking the same graph.
 *
 * The tree hangs every node under its main output's destination, children
 * in recipe order (tracks, then buses), so a group bus shows its tracks and
 * master shows everything that reaches it directly. Sends and keys are
 * listed under their source, pointing at their destination by name. */

#include "io/report/routemap.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/graph/query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(sp_node_kind k)
{
  return k == SP_NODE_TRACK ? "track" : k == SP_NODE_BUS ? "bus" : "master";
}

/* "-3 dB", "-inf dB", or "automated" for a level. */
static void fmt_level(const sp_auto *a, char *buf, size_t n)
{
  if (!sp_auto_is_constant(a))
    snprintf(buf, n, "automated");
  else if (isinf(a->value))
    snprintf(buf, n, "-inf dB");
  else
    snprintf(buf, n, "%g dB", a->value);
}

/* "trim 7 dB" for a trim that is not 0 dB (the input gain before the
 * inserts: what drives a master limiter); "" for none. */
static void fmt_trim(const sp_node *n, char *buf, size_t size)
{
  double t = n->strip->trim_db;
  if (t == 0)
    buf[0] = '\0';
  else if (isinf(t))
    snprintf(buf, size, "trim -inf dB");
  else
    snprintf(buf, size, "trim %g dB", t);
}

/* "track mono", "track stereo", "track 5.1": a track by its layout's name
 * (core/base/layout.h) leaving its chain, "track 6 channels" where none is
 * known; "bus"; "" for master, whose name says it. In buf (a track's). */
static const char *kind_label(const sp_node *n, char *buf, size_t size)
{
  if (n->kind != SP_NODE_TRACK)
    return n->kind == SP_NODE_BUS ? "bus" : "";
  if (n->layout)
    snprintf(buf, size, "track %s", n->layout->name);
  else if (n->channels > 0)
    snprintf(buf, size, "track %d channel%s", n->channels, n->channels == 1 ? "" : "s");
  else
    snprintf(buf, size, "track");
  return buf;
}

/* A tap's name, tap ("pre", "after"...), with the place of the post_insert
 * it follows for "after" ("after 2", "after limiter" as written), into buf. */
static const char *tap_label(const char *tap, unsigned after, const char *name, char *buf,
                             size_t size)
{
  if (strcmp(tap, "after") != 0)
    return tap;
  if (name)
    snprintf(buf, size, "after %s", name);
  else
    snprintf(buf, size, "after %u", after);
  return buf;
}

/* The node's inserts, "eq, compressor (key ⇠ kick, pre), limiter 263 smp". */
static void fmt_inserts(const sp_node *n, char *buf, size_t size)
{
  buf[0] = '\0';
  for (size_t k = 0; k < n->strip->n_inserts; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    char one[256];
    int w = snprintf(one, sizeof one, "%s%s", k ? ", " : "", ins->cls->name);
    if (ins->bypass)
      w += snprintf(one + w, sizeof one - (size_t)w, " (bypassed)");
    else if (ins->bypasses.n)
      w += snprintf(one + w, sizeof one - (size_t)w, " (bypass moves)");
    char tl[80];
    if (ins->key_from)
      w += snprintf(one + w, sizeof one - (size_t)w, " (key <- %s, %s)", ins->key_from,
                    tap_label(sp_tap_name(&ins->key_tap), ins->key_tap.after,
                              ins->key_tap.after_name, tl, sizeof tl));
    if (n->ins && n->ins[k].latency > 0)
      snprintf(one + w, sizeof one - (size_t)w, " %lld smp", (long long)n->ins[k].latency);
    strncat(buf, one, size - strlen(buf) - 1);
  }
}

static void fmt_stems(const sp_graph *g, int idx, char *buf, size_t size)
{
  buf[0] = '\0';
  if (!sp_graph_count(g, SP_GRAPH_STEMS) || idx == sp_graph_master(g))
    return;
  for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS); s++)
    if (sp_graph_carries_stem(g, idx, s)) {
      strncat(buf, *buf ? ", " : "", size - strlen(buf) - 1);
      strncat(buf, sp_graph_recipe(g)->stems[s].name, size - strlen(buf) - 1);
    }
}

/* Where edge e taps its source after the fader and some of its
 * post_inserts (`tap: {after: N}`), "after post_insert 2", into buf. */
static const char *tap_place(const sp_edge *e, char *buf, size_t size)
{
  snprintf(buf, size, "after post_insert %zu", e->tap_after);
  return buf;
}

static void text_node(const sp_graph *g, int idx, const char *prefix, bool last, bool root, FILE *f)
{
  const sp_node *n = sp_graph_node(g, idx);
  char ins[1024], stems[512], gain[64], trim[64], kb[64];
  fmt_inserts(n, ins, sizeof ins);
  fmt_stems(g, idx, stems, sizeof stems);
  fmt_level(&n->strip->gain, gain, sizeof gain);
  fmt_trim(n, trim, sizeof trim);
  const char *kind = kind_label(n, kb, sizeof kb);
  fprintf(f, "%s%s%s", prefix, root ? "" : last ? "└─ " : "├─ ", n->name);
  if (*kind)
    fprintf(f, "  %s", kind);
  if (*trim)
    fprintf(f, "  %s", trim);
  fprintf(f, "  gain %s", gain);
  if (*ins)
    fprintf(f, "  [%s]", ins);
  if (n->lat_out > 0)
    fprintf(f, "  latency %lld", (long long)n->lat_out);
  if (*stems)
    fprintf(f, "  stem: %s", stems);
  if (n->strip->to_none)
    fprintf(f, "  to: none");
  if (n->strip->print)
    fprintf(f, "  printed");
  if (n->strip->mute)
    fprintf(f, "  MUTED");
  else if (n->silent)
    fprintf(f, "  silent (solo)");
  fputc('\n', f);

  char *child_prefix = sp_xasprintf("%s%s", prefix, root ? "" : last ? "   " : "│  ");
  /* Sends and keys from this node, then the nodes whose main output is it. */
  size_t n_children = 0;
  for (size_t i = 0; sp_graph_node(g, i); i++)
    n_children += graph_main_dest(g, (int)i) == idx;
  for (size_t j = 0; j < n->n_out; j++) {
    const sp_edge *e = sp_graph_edge(g, n->out[j]);
    const char *bar = n_children ? "│  " : "   ";
    char place[64];
    if (e->kind == SP_EDGE_SEND) {
      char lv[64];
      fmt_level(&e->send->level, lv, sizeof lv);
      fprintf(f, "%s%s  -> %s  send %s, %s%s\n", child_prefix, bar, sp_graph_node(g, e->dst)->name,
              lv,
              e->send->tap.at == SP_TAP_PRE                   ? "pre-fader"
              : e->send->tap.after || e->send->tap.after_name ? tap_place(e, place, sizeof place)
              : e->send->tap.at == SP_TAP_FADER               ? "at the fader"
                                                              : "post-fader",
              e->send->pan.has       ? ", own pan"
              : e->send->pan.pos.has ? ", own position"
              : e->send->pan.n_gains ? ", own gain matrix"
                                     : "");
    } else if (e->kind == SP_EDGE_KEY) {
      fprintf(f, "%s%s  ..> %s  key of %s, %s\n", child_prefix, bar, sp_graph_node(g, e->dst)->name,
              sp_graph_node(g, e->dst)->strip->inserts[e->insert].cls->name,
              !e->key_post                   ? "pre-fader"
              : e->key_fader && e->tap_after ? tap_place(e, place, sizeof place)
              : e->key_fader                 ? "at the fader"
                                             : "post-fader");
    }
  }
  size_t seen = 0;
  for (size_t i = 0; sp_graph_node(g, i); i++)
    if (graph_main_dest(g, (int)i) == idx)
      text_node(g, (int)i, child_prefix, ++seen == n_children, false, f);
  free(child_prefix);
}

void sp_routemap_text(const sp_graph *g, FILE *f)
{
  const sp_recipe *r = sp_graph_recipe(g);
  fprintf(f, "%s: %zu track%s, %zu bus%s, %.0f Hz, latency %lld frames at master\n", r->file,
          r->n_tracks, r->n_tracks == 1 ? "" : "s", r->n_buses, r->n_buses == 1 ? "" : "es",
          sp_graph_rate(g), (long long)sp_graph_timeline(g).latency_frames);
  text_node(g, sp_graph_master(g), "", true, true, f);
  /* Buses that feed nothing (cue mixes) are trees of their own. */
  for (size_t i = 0; sp_graph_node(g, i); i++)
    if (sp_graph_node(g, i)->kind == SP_NODE_BUS && sp_graph_node(g, i)->strip->to_none)
      text_node(g, (int)i, "", true, true, f);
  for (size_t v = 0; sp_graph_version(g, v); v++) {
    const sp_version_plan *vp = sp_graph_version(g, v);
    if (v == 0)
      fprintf(f, "versions:\n");
    fprintf(f, "  %s (%s): leaves out", vp->v->name, vp->v->own ? "own" : "linked");
    for (size_t t = 0; t < r->n_tracks; t++)
      if (vp->left_out[t])
        fprintf(f, " %s", sp_graph_node(g, t)->name);
    for (size_t i = r->n_tracks; sp_graph_node(g, i); i++)
      if (vp->muted_nodes[i])
        fprintf(f, " (the return) %s", sp_graph_node(g, i)->name);
    if (vp->n_stems_left_out && !vp->v->own) {
      fprintf(f, "; + stem%s", vp->n_stems_left_out > 1 ? "s" : "");
      for (size_t k = 0; k < vp->n_stems_left_out; k++)
        fprintf(f, " %s", r->stems[vp->stems_left_out[k]].name);
      fprintf(f, " = mix");
    }
    fputc('\n', f);
  }
  if (!sp_graph_count(g, SP_GRAPH_STEMS))
    return;
  fprintf(f, "stems (split: %s):\n", r->split == SP_SPLIT_BUSES ? "buses" : "sources");
  for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS); s++) {
    fprintf(f, "  %s:", r->stems[s].name);
    for (size_t i = 0; sp_graph_node(g, i); i++) {
      const sp_node *n = sp_graph_node(g, i);
      bool member = r->split == SP_SPLIT_BUSES
                        ? graph_main_dest(g, (int)i) == sp_graph_master(g) &&
                              sp_graph_home_stem(g, (int)i) == (int)s
                        : n->kind == SP_NODE_TRACK && sp_graph_home_stem(g, (int)i) == (int)s;
      if (member)
        fprintf(f, " %s", n->name);
    }
    fputc('\n', f);
  }
}

/* ---- DOT ------------------------------------------------------------------- */

/* A DOT string: quotes and backslashes escaped. */
static void dot_str(FILE *f, const char *s)
{
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', f);
    if (*s == '\n')
      fputs("\\n", f);
    else
      fputc(*s, f);
  }
  fputc('"', f);
}

static void dot_node(const sp_graph *g, int idx, FILE *f)
{
  const sp_node *n = sp_graph_node(g, idx);
  char ins[1024], gain[64], trim[64], stems[512] = "", label[2000];
  fmt_inserts(n, ins, sizeof ins);
  fmt_level(&n->strip->gain, gain, sizeof gain);
  fmt_trim(n, trim, sizeof trim);
  /* Tracks sit in their stem's cluster; a bus says which stems pass it. */
  if (n->kind == SP_NODE_BUS) {
    char list[480];
    fmt_stems(g, idx, list, sizeof list);
    if (*list)
      snprintf(stems, sizeof stems, "\nstems: %s", list);
  }
  char kb[64];
  const char *kind = kind_label(n, kb, sizeof kb);
  snprintf(label, sizeof label, "%s\n%s%s%s%sgain %s%s%s%s%s%s", n->name, kind, *kind ? ", " : "",
           trim, *trim ? ", " : "", gain, *ins ? "\n" : "", ins, stems,
           n->strip->print ? (n->strip->to_none ? "\nprinted, to: none" : "\nprinted") : "",
           n->strip->mute ? "\nMUTED"
           : n->silent    ? "\nsilent (solo)"
                          : "");
  fprintf(f, "  n%d [label=", idx);
  dot_str(f, label);
  fprintf(f, ", shape=%s%s];\n",
          n->kind == SP_NODE_TRACK ? "box"
          : n->kind == SP_NODE_BUS ? "box, style=\"rounded,bold\""
                                   : "doubleoctagon, style=bold",
          n->silent ? ", color=gray50, fontcolor=gray50" : "");
}

void sp_routemap_dot(const sp_graph *g, FILE *f)
{
  const sp_recipe *r = sp_graph_recipe(g);
  fprintf(f, "digraph stemprint {\n  rankdir=LR;\n  fontname=\"Helvetica\";\n"
             "  node [fontname=\"Helvetica\", fontsize=10];\n"
             "  edge [fontname=\"Helvetica\", fontsize=9];\n  label=");
  dot_str(f, r->file);
  fprintf(f, ";\n");
  bool *placed = sp_xcalloc(sp_graph_count(g, SP_GRAPH_NODES), sizeof *placed);
  if (sp_graph_count(g, SP_GRAPH_STEMS) && r->split == SP_SPLIT_SOURCES) {
    for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS); s++) {
      fprintf(f, "  subgraph cluster_%zu {\n    label=", s);
      char lab[128];
      snprintf(lab, sizeof lab, "stem %s", r->stems[s].name);
      dot_str(f, lab);
      fprintf(f, ";\n    style=dashed; color=gray60;\n");
      for (size_t i = 0; sp_graph_node(g, i); i++)
        if (sp_graph_node(g, i)->kind == SP_NODE_TRACK && sp_graph_home_stem(g, (int)i) == (int)s) {
          fputs("  ", f);
          dot_node(g, (int)i, f);
          placed[i] = true;
        }
      fprintf(f, "  }\n");
    }
  }
  for (size_t i = 0; sp_graph_node(g, i); i++)
    if (!placed[i])
      dot_node(g, (int)i, f);
  free(placed);
  for (size_t e = 0; sp_graph_edge(g, e); e++) {
    const sp_edge *ed = sp_graph_edge(g, e);
    fprintf(f, "  n%d -> n%d [", ed->src, ed->dst);
    if (ed->kind == SP_EDGE_MAIN) {
      fprintf(f, "penwidth=1.6");
    } else if (ed->kind == SP_EDGE_SEND) {
      char lv[64], lab[160], tl[80];
      fmt_level(&ed->send->level, lv, sizeof lv);
      snprintf(lab, sizeof lab, "send %s %s",
               tap_label(sp_tap_name(&ed->send->tap), (unsigned)ed->tap_after, NULL, tl, sizeof tl),
               lv);
      fprintf(f, "style=dashed, color=blue4, fontcolor=blue4, label=");
      dot_str(f, lab);
    } else {
      char lab[160], tl[80];
      const sp_insert *ins = &sp_graph_node(g, ed->dst)->strip->inserts[ed->insert];
      snprintf(lab, sizeof lab, "key %s (%s)", ins->cls->name,
               tap_label(sp_tap_name(&ins->key_tap), (unsigned)ed->tap_after, NULL, tl, sizeof tl));
      /* dark and thick: a dotted line must survive a page at natural size */
      fprintf(f, "style=dotted, penwidth=2.4, color=\"#a33a00\", fontcolor=\"#8c3200\", "
                 "arrowhead=odot, label=");
      dot_str(f, lab);
    }
    if (ed->delay > 0)
      fprintf(f, ", taillabel=\"+%lld smp\"", (long long)ed->delay);
    fprintf(f, "];\n");
  }
  /* The versions, as a note beside master: what each leaves out. */
  if (sp_graph_count(g, SP_GRAPH_VERSIONS) > 0) {
    char *text = NULL;
    size_t len = 0;
    FILE *t = open_memstream(&text, &len);
    fputs("versions", t);
    for (size_t v = 0; sp_graph_version(g, v); v++) {
      const sp_version_plan *vp = sp_graph_version(g, v);
      fprintf(t, "\n%s (%s): without", vp->v->name, vp->v->own ? "own" : "linked");
      for (size_t n = 0; sp_graph_node(g, n); n++)
        if (vp->muted_nodes[n])
          fprintf(t, " %s", sp_graph_node(g, n)->name);
    }
    fclose(t);
    fprintf(f, "  versions [shape=note, labeljust=l, label=");
    dot_str(f, text);
    fprintf(f, "];\n  n%d -> versions [style=invis];\n", sp_graph_master(g));
    free(text);
  }
  fprintf(f, "}\n");
}

/* ---- JSON ------------------------------------------------------------------ */

static sp_json *level_json(const sp_auto *a)
{
  if (sp_auto_is_constant(a))
    return sp_report_number(a->value); /* -inf dB: null */
  sp_json *pts = sp_report_array();
  for (size_t i = 0; i < a->n; i++) {
    sp_json *p = sp_report_array();
    const sp_time *t = &a->points[i].t;
    sp_report_append(p, sp_report_number(t->in_frames ? NAN : t->seconds));
    sp_report_append(p, sp_report_number(a->points[i].v));
    sp_report_append(pts, p);
  }
  return pts;
}

sp_json *sp_routemap_json(const sp_graph *g)
{
  const sp_recipe *r = sp_graph_recipe(g);
  sp_json *o = sp_report_object();
  sp_report_set(o, "schema", sp_report_string("stemprint-graph/1"));
  sp_report_set(o, "recipe", sp_report_string(r->file));
  sp_report_set(o, "sample_rate", sp_report_int((int64_t)sp_graph_rate(g)));
  sp_report_set(o, "latency_frames", sp_report_int(sp_graph_timeline(g).latency_frames));
  sp_report_set(o, "split",
                sp_graph_count(g, SP_GRAPH_STEMS)
                    ? sp_report_string(r->split == SP_SPLIT_BUSES ? "buses" : "sources")
                    : sp_report_string(NULL));
  sp_json *nodes = sp_report_array();
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    sp_json *x = sp_report_object();
    sp_report_set(x, "id", sp_report_string(n->name));
    sp_report_set(x, "kind", sp_report_string(kind_name(n->kind)));
    sp_report_set(x, "channels", sp_report_int(n->channels));
    sp_report_set(x, "trim_db", sp_report_number(n->strip->trim_db)); /* -inf dB: null */
    sp_report_set(x, "gain_db", level_json(&n->strip->gain));
    sp_report_set(x, "pan", level_json(&n->strip->pan.plain));
    sp_report_set(x, "muted", sp_report_bool(n->strip->mute));
    sp_report_set(x, "print", sp_report_bool(n->strip->print));
    sp_report_set(x, "to_none", sp_report_bool(n->strip->to_none));
    sp_report_set(x, "silent", sp_report_bool(n->silent));
    sp_report_set(x, "latency_in_frames", sp_report_int(n->lat_in));
    sp_report_set(x, "latency_out_frames", sp_report_int(n->lat_out));
    sp_json *ins = sp_report_array();
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *in = &n->strip->inserts[k];
      sp_json *y = sp_report_object();
      sp_report_set(y, "processor", sp_report_string(in->cls->name));
      sp_report_set(y, "bypass", sp_report_bool(in->bypass));
      sp_report_set(y, "linked", sp_report_bool(sp_proc_is_linked(in->cls)));
      sp_report_set(y, "latency_frames", sp_report_int(n->ins ? n->ins[k].latency : 0));
      sp_report_set(y, "tail_frames", sp_report_int(n->ins ? n->ins[k].tail : 0));
      sp_report_append(ins, y);
    }
    sp_report_set(x, "inserts", ins);
    sp_json *st = sp_report_array();
    for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS) && (int)i != sp_graph_master(g); s++)
      if (sp_graph_carries_stem(g, (int)i, s))
        sp_report_append(st, sp_report_string(r->stems[s].name));
    sp_report_set(x, "stems", st);
    sp_report_append(nodes, x);
  }
  sp_report_set(o, "nodes", nodes);
  sp_json *edges = sp_report_array();
  for (size_t e = 0; sp_graph_edge(g, e); e++) {
    const sp_edge *ed = sp_graph_edge(g, e);
    sp_json *x = sp_report_object();
    sp_report_set(x, "from", sp_report_string(sp_graph_node(g, ed->src)->name));
    sp_report_set(x, "to", sp_report_string(sp_graph_node(g, ed->dst)->name));
    sp_report_set(x, "kind",
                  sp_report_string(ed->kind == SP_EDGE_MAIN   ? "main"
                                   : ed->kind == SP_EDGE_SEND ? "send"
                                                              : "key"));
    if (ed->kind == SP_EDGE_SEND) {
      sp_report_set(x, "tap", sp_report_string(sp_tap_name(&ed->send->tap)));
      if (ed->send->tap.after || ed->send->tap.after_name)
        sp_report_set(x, "after", sp_report_int((int64_t)ed->tap_after));
      sp_report_set(x, "level_db", level_json(&ed->send->level));
    } else if (ed->kind == SP_EDGE_KEY) {
      const sp_insert *ins = &sp_graph_node(g, ed->dst)->strip->inserts[ed->insert];
      sp_report_set(x, "tap", sp_report_string(sp_tap_name(&ins->key_tap)));
      if (ins->key_tap.after || ins->key_tap.after_name)
        sp_report_set(x, "after", sp_report_int((int64_t)ed->tap_after));
      sp_report_set(x, "insert", sp_report_int(ed->insert));
      sp_report_set(
          x, "processor",
          sp_report_string(sp_graph_node(g, ed->dst)->strip->inserts[ed->insert].cls->name));
    }
    sp_report_set(x, "delay_frames", sp_report_int(ed->delay));
    sp_report_append(edges, x);
  }
  sp_report_set(o, "edges", edges);
  sp_json *stems = sp_report_array();
  for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS); s++) {
    sp_json *x = sp_report_object(), *m = sp_report_array(), *t = sp_report_array();
    sp_report_set(x, "name", sp_report_string(r->stems[s].name));
    for (size_t k = 0; k < r->stems[s].n_members; k++)
      sp_report_append(m, sp_report_string(r->stems[s].members[k]));
    sp_report_set(x, "members", m);
    for (size_t i = 0; sp_graph_node(g, i); i++)
      if (sp_graph_node(g, i)->kind == SP_NODE_TRACK && sp_graph_home_stem(g, (int)i) == (int)s)
        sp_report_append(t, sp_report_string(sp_graph_node(g, i)->name));
    sp_report_set(x, "tracks", t);
    sp_report_append(stems, x);
  }
  sp_report_set(o, "stems", stems);
  sp_json *vers = sp_report_array();
  for (size_t v = 0; sp_graph_version(g, v); v++) {
    const sp_version_plan *vp = sp_graph_version(g, v);
    sp_json *x = sp_report_object(), *lo = sp_report_array(), *st = sp_report_array();
    sp_report_set(x, "name", sp_report_string(vp->v->name));
    sp_report_set(x, "mode", sp_report_string(vp->v->own ? "own" : "linked"));
    for (size_t t = 0; t < r->n_tracks; t++)
      if (vp->left_out[t])
        sp_report_append(lo, sp_report_string(sp_graph_node(g, t)->name));
    sp_report_set(x, "left_out", lo);
    for (size_t k = 0; k < vp->n_stems_left_out; k++)
      sp_report_append(st, sp_report_string(r->stems[vp->stems_left_out[k]].name));
    sp_report_set(x, "left_out_stems", st);
    sp_report_append(vers, x);
  }
  sp_report_set(o, "versions", vers);
  return o;
}
