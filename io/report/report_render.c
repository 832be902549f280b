/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The --report object of a render. It walks the graph for what was planned
 * (the session's rate and length, resampled sources, linked versions) and
 * the render's result for what happened (each output's loudness and peaks,
 * the null tests, the checks, the time it took), under the keys
 * docs/verify.md documents (its `render --report` table). */

#include "io/report/report_render.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/recipe/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *sp_report_role(sp_out_kind kind)
{
  return kind == SP_OUT_REST ? NULL : sp_out_kind_name(kind);
}

/* A source or an insert's file read at another rate than the session's. */
static void resampled(sp_json *rs, const char *what, const char *name, const char *path,
                      int from_hz, double to_hz)
{
  sp_json *x = sp_report_object();
  sp_report_set(x, what, sp_report_string(name));
  sp_report_set(x, "path", sp_report_string(path));
  sp_report_set(x, "from_hz", sp_report_int(from_hz));
  sp_report_set(x, "to_hz", sp_report_int((int64_t)to_hz));
  sp_report_set(x, "resampler", sp_report_string("libsoxr, very high quality"));
  sp_report_append(rs, x);
}

/* Every file read at another rate: regions' sources, then inserts' files. */
sp_json *sp_report_resampled(const sp_graph *g)
{
  const double rate = sp_graph_rate(g);
  sp_json *rs = sp_report_array();
  for (size_t i = 0; sp_graph_node(g, i); i++)
    for (size_t k = 0; k < sp_graph_node(g, i)->n_regions; k++) {
      const sp_region_plan *p = &sp_graph_node(g, i)->regions[k];
      for (size_t q = 0; !p->midi && p->file_rate != (int)rate && q < sp_region_plan_n_files(p);
           q++)
        resampled(rs, "track", sp_graph_node(g, i)->name, sp_region_plan_named(p, q), p->file_rate,
                  rate);
    }
  for (size_t f = 0; sp_graph_insert_file(g, f); f++) {
    const sp_insert_file *p = sp_graph_insert_file(g, f);
    if (p->file_rate != (int)rate)
      resampled(rs, "insert", p->key, p->name, p->file_rate, rate);
  }
  return rs;
}

/* Each file written: its loudness, peaks, channels, set and format. */
static sp_json *report_outputs(const sp_graph *g, const sp_render_result *res)
{
  const sp_recipe *r = sp_graph_recipe(g);
  sp_json *outs = sp_report_array();
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *st = &res->outputs[i];
    const sp_output_set *set = st->set > 0 ? &r->output.sets[st->set - 1] : NULL;
    const int64_t frames = st->frames > 0 ? st->frames : res->frames;
    const sp_layout *whole = sp_render_output_layout(g, st);
    const sp_layout *layout = st->part > 0 ? sp_layout_find("mono") : whole;
    sp_audio_info info = {.frames = frames,
                          .channels = layout->n,
                          .sample_rate =
                              set && set->rate > 0 ? (int)set->rate : (int)sp_graph_rate(g)};
    snprintf(info.format, sizeof info.format, "%s",
             sp_format_ext(set ? set->format : r->output.format));
    /* Unmetered, the file's peak and clipped count are still known: the
     * writer's, the same numbers a meter gives. */
    sp_loudness none = {NAN, NAN, NAN, NAN, NAN, st->sample_peak_dbfs, st->clipped, frames};
    sp_json *x = sp_report_loudness(st->path, &info, st->measured ? &st->loudness : &none);
    sp_report_set(x, "role", sp_report_string(sp_report_role(st->kind)));
    sp_report_set(x, "name", sp_report_string(st->name));
    sp_report_set(x, "unquantized_peak_dbfs", sp_report_number(st->unquantized_peak_dbfs));
    /* 0: the master set; k: output.also[k - 1], made from the master's */
    sp_report_set(x, "set", sp_report_int(st->set));
    sp_report_set_channels(x, layout, st->by_channel, st->n_channels);
    if (st->part > 0) /* a multi-mono file: its channel of the set's layout */
      sp_report_set(x, "channel", sp_report_string(whole->ch[st->part - 1].name));
    if (set && sp_format_lossy(set->format)) {
      sp_report_set(x, "bitrate_kbps", sp_report_int(set->kbps));
      sp_report_set(x, "decoded", sp_report_bool(st->decoded));
    } else {
      sp_report_set(x, "depth",
                    sp_report_string(sp_depth_name(set ? set->depth : r->output.depth)));
    }
    sp_report_append(outs, x);
  }
  return outs;
}

/* Every insert as the planner measured it: what it delays, how long it
 * rings, whether it runs split across stems and, for a class whose
 * splitting is measured (an LV2 plugin), its link floor. */
static sp_json *report_inserts(const sp_graph *g)
{
  sp_json *inserts = sp_report_array();
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    size_t lanes = 0;
    for (size_t l = 0; l < sp_graph_count(g, SP_GRAPH_LANES); l++)
      lanes += n->lanes && n->lanes[l];
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      sp_json *x = sp_report_object();
      sp_report_set(x, "path", sp_report_string(ins->path));
      sp_report_set(x, "processor", sp_report_string(ins->cls->name));
      sp_report_set(x, "bypass", sp_report_bool(ins->bypass));
      sp_report_set(x, "latency_frames", sp_report_int(n->ins ? n->ins[k].latency : 0));
      sp_report_set(x, "tail_seconds",
                    sp_report_number(n->ins ? (double)n->ins[k].tail / sp_graph_rate(g) : 0));
      sp_report_set(x, "stems_through", sp_report_int((int64_t)lanes));
      const double floor = n->ins ? n->ins[k].link_floor : -INFINITY;
      sp_report_set(x, "link_floor_dbfs", sp_report_number(isfinite(floor) ? floor : NAN));
      sp_report_set(x, "key_feed", sp_report_string(n->ins ? n->ins[k].key_feed : NULL));
      sp_report_append(inserts, x);
    }
  }
  return inserts;
}

/* Each linked version's null: the version and what it leaves out (the
 * stems that hold it, or its temporary print) against the mix. */
static sp_json *report_version_nulls(const sp_graph *g, const sp_render_result *res)
{
  sp_json *vnulls = sp_report_array();
  for (size_t v = 0; v < res->n_version_nulls; v++) {
    const sp_version_null *vn = &res->version_nulls[v];
    const sp_version_plan *vp = NULL;
    const char *vpath = NULL;
    for (size_t k = 0; sp_graph_version(g, k); k++)
      if (strcmp(sp_graph_version(g, k)->v->name, vn->version) == 0)
        vp = sp_graph_version(g, k);
    for (size_t k = 0; sp_graph_output(g, k); k++)
      if (sp_graph_output(g, k)->kind == SP_OUT_VERSION &&
          strcmp(sp_graph_output(g, k)->name, vn->version) == 0)
        vpath = sp_graph_output(g, k)->path;
    if (!vp || !vpath)
      continue;
    const char **parts = sp_xcalloc(vp->n_stems_left_out + 2, sizeof *parts);
    char *rest = sp_xasprintf("(what '%s' leaves out, printed for the test)", vn->version);
    parts[0] = vpath;
    for (size_t k = 0; k < vp->n_stems_left_out; k++)
      parts[1 + k] = sp_graph_output(g, 1 + vp->stems_left_out[k])->path;
    if (!vn->left_out_stems)
      parts[1] = rest;
    sp_json *x = sp_report_object();
    sp_report_set(x, "version", sp_report_string(vn->version));
    sp_report_set(x, "against",
                  sp_report_string(vn->left_out_stems
                                       ? "the stems it leaves out"
                                       : "what it leaves out, printed for the test"));
    sp_report_set(x, "null", sp_report_null(&vn->null, res->outputs[0].path, parts));
    sp_report_append(vnulls, x);
    free(rest);
    free(parts);
  }
  return vnulls;
}

/* Each check's verdict; *all: whether every one passed. */
static sp_json *report_checks(const sp_render_result *res, bool *all)
{
  sp_json *checks = sp_report_array();
  *all = true;
  for (size_t k = 0; k < res->n_checks; k++) {
    const sp_check *c = &res->checks[k];
    sp_json *x = sp_report_object();
    sp_report_set(x, "name", sp_report_string(c->name));
    sp_report_set(x, "passed", sp_report_bool(c->passed));
    sp_report_set(x, "value", sp_report_number(c->value));
    sp_report_set(x, "limit", sp_report_number(c->limit));
    if (!isnan(c->tolerance))
      sp_report_set(x, "tolerance", sp_report_number(c->tolerance));
    sp_report_set(x, "message", sp_report_string(c->text));
    sp_report_set(x, "path", sp_report_string(c->path));
    sp_report_append(checks, x);
    *all &= c->passed;
  }
  return checks;
}

sp_json *sp_report_render(const sp_graph *g, const sp_render_result *res, sp_err status)
{
  const sp_recipe *r = sp_graph_recipe(g);
  sp_json *o = sp_report_object();
  sp_report_set(o, "stemprint_version", sp_report_string(SP_VERSION));
  sp_report_set(o, "recipe", sp_report_string(r->file));
  sp_report_set(o, "status", sp_report_int(status));
  sp_report_set(o, "sample_rate", sp_report_int((int64_t)sp_graph_rate(g)));
  sp_report_set(o, "frames", sp_report_int(res->frames));
  sp_report_set(o, "seconds", sp_report_number(res->seconds));
  sp_report_set(o, "latency_frames", sp_report_int(sp_graph_timeline(g).latency_frames));
  sp_report_set(o, "tail_seconds",
                sp_report_number((double)sp_graph_timeline(g).tail_frames / sp_graph_rate(g)));
  sp_report_set(o, "resampled", sp_report_resampled(g));
  if (res->normalized) {
    sp_json *n = sp_report_object();
    sp_report_set(n, "target_lufs", sp_report_number(r->normalize_lufs));
    sp_report_set(n, "measured_lufs", sp_report_number(res->normalize_measured_lufs));
    sp_report_set(n, "gain_db", sp_report_number(res->normalize_gain_db));
    sp_report_set(o, "normalize", n);
  }
  sp_report_set(o, "outputs", report_outputs(g, res));
  sp_report_set(o, "inserts", report_inserts(g));
  sp_json *removed = sp_report_array();
  for (size_t i = 0; i < res->n_removed; i++) {
    char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), res->removed[i]);
    sp_report_append(removed, sp_report_string(path));
    free(path);
  }
  sp_report_set(o, "removed", removed);
  if (res->null_ran) {
    const char **stems = sp_xcalloc(res->n_outputs, sizeof *stems);
    for (size_t i = 1; i < res->n_outputs; i++)
      stems[i - 1] = res->outputs[i].path;
    sp_report_set(o, "null", sp_report_null(&res->null, res->outputs[0].path, stems));
    free(stems);
  } else {
    sp_report_set(o, "null", sp_report_string(NULL));
  }
  sp_report_set(o, "version_nulls", report_version_nulls(g, res));
  bool all;
  sp_report_set(o, "checks", report_checks(res, &all));
  sp_report_set(o, "passed", sp_report_bool(status == SP_OK && all));
  sp_report_set(o, "render_seconds", sp_report_number(res->wall_seconds));
  sp_report_set(o, "times_real_time",
                sp_report_number(res->wall_seconds > 0 ? res->seconds / res->wall_seconds : NAN));
  return o;
}

sp_json *sp_report_render_failed(const char *recipe, sp_err status)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "recipe", sp_report_string(recipe));
  sp_report_set(o, "status", sp_report_int(status));
  sp_report_set(o, "passed", sp_report_bool(status == SP_OK));
  return o;
}
