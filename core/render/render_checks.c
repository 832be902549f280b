/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a render's files are judged on (see core/render/renderer.h): the
 * null tests of the printed files, read back from their temporary names
 * before anything is renamed into place (the stems against the mix; each
 * linked version with the stems, or the temporary print, of what it leaves
 * out), and the recipe's checks on every file: clipping, the null tests,
 * the loudness target and the true-peak ceiling. */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An output's peak before quantization, dBFS (32f: of the floats written). */
double render_unquantized_peak_dbfs(const renderer *R, const output *out)
{
  return sp_lin_to_db(R->r->output.depth == SP_DEPTH_32F ? out->peak : out->written.input_peak_lin);
}

/* Null-test the mix against the outputs parts[0..n) (read back from their
 * temporary files); the threshold from the recipe. The test is told what
 * the files cannot show: their final names, and where their samples went
 * before quantization (so a clipped file's finding says by how much). */
static sp_err null_test(renderer *R, const output *const *parts, size_t n, sp_null_result *res,
                        double *threshold)
{
  const sp_output *o = &R->r->output;
  const output *mix = render_output_of(R, SP_OUT_MIX, -1);
  const sp_render_opts *ro = R->opts;
  if (!R->null_told && ro && ro->progress) {
    sp_render_pass p = R->pass;
    p.phase = SP_PHASE_NULL;
    ro->progress(ro->progress_ctx, &p, 0, R->g->content_frames + R->g->tail_frames);
  }
  R->null_told = true;
  const char **files = sp_xcalloc(n + 1, sizeof *files);
  sp_null_known *known = sp_xcalloc(n + 1, sizeof *known);
  for (size_t i = 0; i <= n; i++) {
    const output *out = i == 0 ? mix : parts[i - 1];
    known[i].name = out->plan->kind == SP_OUT_REST
                        ? sp_xasprintf("(what %s leaves out)", R->g->outputs[out->plan->of].name)
                        : sp_xstrdup(sp_base_name(out->path));
    known[i].unquantized_peak_dbfs = render_unquantized_peak_dbfs(R, out);
    if (i > 0)
      files[i - 1] = out->w->ops->written(out->w);
  }
  /* Auto: what quantization allows. The printed mix is the sum of the
   * stems' lanes, so an insert that splits into stems (an LV2 plugin run
   * per stem) adds nothing to the residual, however far its per-stem
   * outputs stray from one instance on the mix (its link floor): the
   * threshold is the same at every depth, with or without plugins. */
  const double thr = sp_null_auto_threshold_dbfs(o->depth, o->dither, n);
  sp_null_opts opts = {.threshold_dbfs = R->r->null_auto ? thr : R->r->null_max_residual_dbfs,
                       .max_lag_s = 1.0,
                       .threads = R->threads,
                       .known = known,
                       .cancel = ro ? ro->cancel : NULL};
  char why[768];
  sp_err err = sp_null_files(R->g->media, mix->w->ops->written(mix->w), files, n, &opts, res, why,
                             sizeof why);
  for (size_t i = 0; i <= n; i++)
    free((char *)known[i].name);
  free(known);
  free(files);
  if (err != SP_OK) {
    if (ro && ro->cancel && *ro->cancel)
      sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                     "interrupted during the null test; no output was written");
    else
      sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                     "null test could not read the printed files back: %s", why);
    return SP_ERR_RENDER;
  }
  *threshold = res->threshold_dbfs; /* measured, when auto at 32f */
  if (ro && ro->say_null)
    ro->say_null(res);
  return SP_OK;
}

/* The null tests: the stems against the mix, and each linked version with
 * the stems it leaves out against the mix. */
static bool written(const renderer *R, sp_out_kind kind, int index)
{
  const output *o = render_output_of(R, kind, index);
  return o && !o->skip;
}

sp_err render_run_null(renderer *R, sp_render_result *res)
{
  const sp_graph *g = R->g;
  if (!written(R, SP_OUT_MIX, -1))
    return SP_OK;
  bool stems = g->stems && g->n_stems > 0;
  for (size_t k = 0; k < g->n_stems; k++)
    stems &= written(R, SP_OUT_STEM, (int)k);
  const output **parts = sp_xcalloc(g->n_stems + 2, sizeof *parts);
  sp_err err = SP_OK;
  if (stems) {
    for (size_t k = 0; k < g->n_stems; k++)
      parts[k] = render_output_of(R, SP_OUT_STEM, (int)k);
    err = null_test(R, parts, g->n_stems, &res->null, &res->null_threshold_dbfs);
    if (err == SP_OK) {
      res->null_ran = true;
      res->null_passed = res->null.passed;
    }
  }
  res->version_nulls = sp_xcalloc(g->n_versions + 1, sizeof *res->version_nulls);
  for (size_t v = 0; err == SP_OK && v < g->n_versions; v++) {
    const sp_version_plan *vp = &g->versions[v];
    sp_version_null *vn = &res->version_nulls[res->n_version_nulls];
    /* What it leaves out: whole printed stems, else its rest. */
    bool ok = !vp->v->own && written(R, SP_OUT_VERSION, (int)v);
    size_t n_parts = vp->n_stems_left_out;
    for (size_t k = 0; ok && k < n_parts; k++)
      ok = written(R, SP_OUT_STEM, vp->stems_left_out[k]);
    const output *rest = n_parts == 0 ? render_output_of(R, SP_OUT_REST, (int)v) : NULL;
    if (!ok || (n_parts == 0 && (!rest || rest->skip)))
      continue;
    parts[0] = render_output_of(R, SP_OUT_VERSION, (int)v);
    for (size_t k = 0; k < n_parts; k++)
      parts[1 + k] = render_output_of(R, SP_OUT_STEM, vp->stems_left_out[k]);
    if (n_parts == 0) {
      parts[1] = rest;
      n_parts = 1;
    }
    vn->version = vp->v->name;
    vn->left_out_stems = vp->n_stems_left_out > 0;
    err = null_test(R, parts, 1 + n_parts, &vn->null, &vn->threshold_dbfs);
    if (err == SP_OK)
      res->n_version_nulls++;
  }
  free(parts);
  return err;
}

/* Add a check; it takes c.path (a heap string). */
static void add_check(sp_render_result *res, sp_check c)
{
  res->checks = sp_xreallocarray(res->checks, res->n_checks + 1, sizeof *res->checks);
  res->checks[res->n_checks++] = c;
}

/* The recipe path a check is said at: the first of paths (most specific
 * first) that the recipe wrote, else the last. A heap string. */
static char *rule_path(const sp_recipe *r, const char *const *paths, size_t n)
{
  size_t i = 0;
  while (i + 1 < n && !sp_recipe_written(r, paths[i]))
    i++;
  return sp_xstrdup(paths[i]);
}

/* The path of a loudness rule's key (target or max_true_peak): in the
 * set's own rule (output.also[k].loudness) or checks.loudness; the rule
 * itself when the key is its preset's. */
static char *loudness_path(const sp_recipe *r, const sp_output_set *own, const char *key)
{
  char *rule = own ? sp_xasprintf("output.also[%zu].loudness", sp_output_set_at(r, own))
                   : sp_xstrdup("checks.loudness");
  char *at = sp_xasprintf("%s.%s", rule, key);
  char *path = rule_path(r, (const char *const[]){at, rule}, 2);
  free(at);
  free(rule);
  return path;
}

const char *sp_render_clip_rule(const sp_recipe *r)
{
  return !sp_recipe_written(r, "output.depth") && sp_recipe_written(r, "master") ? "master"
                                                                                 : "output.depth";
}

/* The recipe's checks on what was printed. */
void render_judge(const sp_graph *g, sp_render_result *res)
{
  const sp_recipe *r = g->recipe;
  /* Clipping is a failed check (exit 1): an integer file holds samples at
   * full scale. A float file holds any level, so it has none. First: where
   * files clip, the null tests fail because of it. */
  for (size_t k = 0; k < res->n_outputs; k++) {
    const sp_output_stats *o = &res->outputs[k];
    if (o->clipped <= 0)
      continue;
    const sp_output_set *os = o->set > 0 ? &r->output.sets[o->set - 1] : NULL;
    /* said at the depth that clips: the set's, else the master set's rule */
    char *path = NULL;
    if (os) {
      char depth[64], set[48];
      snprintf(set, sizeof set, "output.also[%zu]", sp_output_set_at(r, os));
      snprintf(depth, sizeof depth, "%s.depth", set);
      path = rule_path(r, (const char *const[]){depth, set}, 2);
    } else if (o->kind == SP_OUT_BUS) { /* its print is taken before master: its gain */
      char *bus = sp_xasprintf("buses.%s", o->name), *gain = sp_xasprintf("%s.gain", bus);
      path = rule_path(r, (const char *const[]){gain, bus}, 2);
      free(bus);
      free(gain);
    } else {
      path = sp_xstrdup(sp_render_clip_rule(r));
    }
    /* a fold-down adds channels up: master's limiter does not hold its ceiling */
    add_check(res, (sp_check){.name = "clipping",
                              .value = (double)o->clipped,
                              .tolerance = NAN,
                              .path = path,
                              .kind = SP_CHECK_CLIPPING,
                              .of = k,
                              .fold = os && os->layout ? os->layout->name : NULL,
                              .normalize_lufs = NAN});
  }
  for (size_t v = 0; v < res->n_version_nulls; v++) {
    const sp_version_null *vn = &res->version_nulls[v];
    char *tested = sp_xasprintf("versions.%s", vn->version);
    add_check(res, (sp_check){.name = "null.version",
                              .passed = vn->null.passed,
                              .value = vn->null.residual_peak_dbfs,
                              .limit = vn->threshold_dbfs,
                              .tolerance = NAN,
                              .path = rule_path(r,
                                                (const char *const[]){"checks.null.max_residual",
                                                                      "checks.null", tested},
                                                3),
                              .kind = SP_CHECK_NULL_VERSION,
                              .of = v,
                              .normalize_lufs = NAN});
    free(tested);
  }
  if (res->null_ran)
    add_check(res, (sp_check){.name = "null",
                              .passed = res->null_passed,
                              .value = res->null.residual_peak_dbfs,
                              .limit = res->null_threshold_dbfs,
                              .tolerance = NAN,
                              .path = rule_path(r,
                                                (const char *const[]){"checks.null.max_residual",
                                                                      "checks.null", "stems"},
                                                3),
                              .kind = SP_CHECK_NULL,
                              .normalize_lufs = NAN});
  /* The loudness rule of each file: its set's own, else checks.loudness.
   * The target is the programme's: the mix's, in every set it is printed
   * in (an MP3's decoded loudness is its own; a multi-mono channel is not
   * the programme). The ceiling holds for every file delivered: the mix,
   * each stem, each version and printed bus, in every set (a lossy file's
   * decoded peak). */
  bool mix_printed = false; /* under an --only that leaves the mix out: none of these */
  size_t programme = res->n_outputs; /* the master set's mix: a multi-mono set's programme */
  for (size_t k = 0; k < res->n_outputs; k++) {
    const sp_output_stats *m = &res->outputs[k];
    mix_printed |= m->is_mix && m->measured;
    if (m->is_mix && m->measured && m->set == 0 && m->part == 0)
      programme = k;
  }
  for (int pass = 0; mix_printed && pass < 2; pass++) /* the targets first, then the ceilings */
    for (size_t k = 0; k < res->n_outputs; k++) {
      const sp_output_stats *m = &res->outputs[k];
      const sp_output_set *set = m->set > 0 ? &r->output.sets[m->set - 1] : NULL;
      const sp_loudness_rule *rule =
          set && (set->loudness.on || set->loudness_none) ? &set->loudness : &r->loudness;
      if (!rule->on || !m->measured)
        continue;
      const sp_loudness *l = &m->loudness;
      const sp_output_set *own = rule != &r->loudness ? set : NULL;
      /* a multi-mono set's own target, at its first file: its programme is
       * the master set's mix, its channels one a file (a set folded into
       * another layout is refused such a target: core/graph/outputs.c) */
      const bool split_target = own && own->split && m->part == 1 && programme < res->n_outputs;
      /* with master.adm the mix's print is the bed: the programme's target is
       * judged on its 5.1 re-render (core/render/adm_out.c) */
      const bool bed = r->adm && rule == &r->loudness;
      if (pass == 0 && rule->has_target && !bed && m->is_mix && (m->part == 0 || split_target)) {
        const size_t of = split_target ? programme : k; /* what is judged, and named */
        l = &res->outputs[of].loudness;
        const double i = l->integrated_lufs;
        /* master.normalize aiming elsewhere is what to fix */
        const bool normalize_misses = r->normalize && !sp_loudness_passes(rule, r->normalize_lufs);
        add_check(res, (sp_check){.name = "loudness.integrated",
                                  .passed = sp_loudness_passes(rule, i),
                                  .value = i,
                                  .limit = rule->target_lufs,
                                  /* none: a ceiling (its words say "at most") */
                                  .tolerance = sp_loudness_ceiling(rule) ? NAN : rule->tolerance_lu,
                                  .path = loudness_path(r, own, "target"),
                                  .kind = SP_CHECK_LOUDNESS,
                                  .of = of,
                                  .preset = rule->preset,
                                  .own_rule = own != NULL,
                                  .normalize_lufs = normalize_misses ? r->normalize_lufs : NAN,
                                  .rate_hz = set && set->rate > 0 ? set->rate : r->sample_rate});
      }
      if (pass == 1 && rule->has_max_true_peak) {
        const double tp = l->true_peak_dbtp;
        add_check(res, (sp_check){.name = "loudness.true_peak",
                                  .passed = tp <= rule->max_true_peak_dbtp + 1e-9,
                                  .value = tp,
                                  .limit = rule->max_true_peak_dbtp,
                                  .tolerance = NAN,
                                  .path = loudness_path(r, own, "max_true_peak"),
                                  .kind = SP_CHECK_TRUE_PEAK,
                                  .of = k,
                                  .normalize_lufs = NAN});
      }
    }
}
