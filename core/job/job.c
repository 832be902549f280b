/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render as a hermetic job and its cache key (core/job/job.h).
 *
 * The canonical recipe is JSON on one line, written from the model with a
 * fixed order of keys by the recipe writer (core/recipe/writer.h), never
 * from the recipe's text: a value appears as the model holds it (numbers
 * as the shortest text that reads back as the same double, so the same
 * double is the same text; -inf dB as "-inf"), a time as seconds or as
 * frames the way it was written (`1 s` and `1000 ms` are one time, `48000
 * smp` another), a file as the digest of its bytes. What never reaches
 * the bytes stays out: comments, paths, the output folder, positions.
 * Names stay in: they name the outputs and the report's entries. */

#include "core/job/job.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/graph/query.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"
#include "sp_sources_id.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- text: JSON through the recipe writer (core/recipe/writer.h) --------- */

static void puts_(sp_writer *t, const char *s) { sp_write_n(t, s, strlen(s)); }

/* A JSON string (NULL: ""). */
static void str(sp_writer *t, const char *s) { sp_write_quoted(t, s ? s : ""); }

/* ,"key": */
static void key(sp_writer *t, const char *k)
{
  if (t->n && t->s[t->n - 1] != '{' && t->s[t->n - 1] != '[')
    puts_(t, ",");
  str(t, k);
  puts_(t, ":");
}

static void item(sp_writer *t)
{
  if (t->n && t->s[t->n - 1] != '[')
    puts_(t, ",");
}

static void num(sp_writer *t, double v) { sp_write_number(t, v); }

static void k_num(sp_writer *t, const char *k, double v)
{
  key(t, k);
  num(t, v);
}

static void k_str(sp_writer *t, const char *k, const char *s)
{
  key(t, k);
  str(t, s);
}

static void k_bool(sp_writer *t, const char *k, bool b)
{
  key(t, k);
  puts_(t, b ? "true" : "false");
}

static void k_time(sp_writer *t, const char *k, sp_time v)
{
  key(t, k);
  if (v.in_frames)
    sp_write(t, "{\"frames\":%lld}", (long long)v.frames);
  else {
    puts_(t, "{\"s\":");
    num(t, v.seconds);
    puts_(t, "}");
  }
}

static void k_auto(sp_writer *t, const char *k, const sp_auto *a)
{
  key(t, k);
  if (sp_auto_is_constant(a)) {
    num(t, a->value);
    return;
  }
  /* Ardour's ramps wrap their points (ramps in dB keep their keys). */
  if (a->ramp == SP_RAMP_ARDOUR)
    puts_(t, "{\"ramp\":\"ardour\",\"points\":");
  puts_(t, "[");
  for (size_t i = 0; i < a->n; i++) {
    item(t);
    puts_(t, "{");
    k_time(t, "t", a->points[i].t);
    k_num(t, "v", a->points[i].v);
    puts_(t, "}");
  }
  puts_(t, "]");
  if (a->ramp == SP_RAMP_ARDOUR)
    puts_(t, "}");
}

/* How a fade is drawn, when not a ramp ("fade_in_ardour" as it was before
 * shapes, so that such recipes keep their cache keys). */
static void k_fade(sp_writer *t, const char *k, sp_fade_shape shape, const sp_auto *curve)
{
  char *kk = sp_xasprintf("%s_%s", k,
                          shape == SP_FADE_ARDOUR  ? "ardour"
                          : shape == SP_FADE_CURVE ? "curve"
                                                   : "shape");
  if (shape == SP_FADE_ARDOUR)
    k_bool(t, kk, true);
  else if (shape == SP_FADE_CURVE)
    k_auto(t, kk, curve);
  else if (shape != SP_FADE_RAMP)
    k_str(t, kk, sp_fade_shape_name(shape));
  free(kk);
}

static void k_names(sp_writer *t, const char *k, char *const *v, size_t n)
{
  key(t, k);
  puts_(t, "[");
  for (size_t i = 0; i < n; i++) {
    item(t);
    str(t, v[i]);
  }
  puts_(t, "]");
}

/* ---- the job ------------------------------------------------------------- */

typedef struct builder {
  const sp_graph *g;
  const sp_job_opts *o;
  sp_job *job;
  sp_diags *d;
  sp_err err;
  bool collect; /* the first pass: inputs listed, not read */
  sp_writer t;
} builder;

/* The input at path: on the first pass added once (its digest is made
 * between the passes, hash_inputs); on the second, its index. */
static int input(builder *b, const char *path, const char *recipe_key, const char *role)
{
  sp_job *job = b->job;
  for (size_t i = 0; i < job->n_inputs; i++)
    if (strcmp(job->inputs[i].path, path) == 0)
      return (int)i;
  if (!b->collect)
    return -1; /* not reached: the second pass names what the first did */
  job->inputs = sp_xreallocarray(job->inputs, job->n_inputs + 1, sizeof *job->inputs);
  job->inputs[job->n_inputs] =
      (sp_job_input){.path = sp_xstrdup(path), .key = recipe_key, .role = role};
  return (int)job->n_inputs++;
}

static void k_file(builder *b, const char *k, const char *path, const char *recipe_key,
                   const char *role)
{
  int i = input(b, path, recipe_key, role);
  char hex[SP_DIGEST_HEX] = "";
  if (i >= 0)
    sp_digest_hex(&b->job->inputs[i].file.digest, hex);
  k_str(&b->t, k, hex);
}

static void plugin(builder *b, const sp_proc_origin *o)
{
  sp_job *job = b->job;
  for (size_t i = 0; i < job->n_plugins; i++)
    if (strcmp(job->plugins[i].uri, o->uri) == 0)
      return;
  sp_file_digest fd;
  char why[768];
  sp_err err = b->o->digest(b->o->digest_ctx, o->binary, &fd, why, sizeof why);
  if (err != SP_OK) {
    sp_diags_error(b->d, err, b->g->recipe->file, (sp_pos){0, 0}, NULL, "the LV2 plugin %s: %s",
                   o->uri, why);
    b->err = err;
  }
  job->plugins = sp_xreallocarray(job->plugins, job->n_plugins + 1, sizeof *job->plugins);
  job->plugins[job->n_plugins++] = (sp_job_plugin){.uri = o->uri,
                                                   .version = o->version ? o->version : "",
                                                   .binary = o->binary,
                                                   .digest = fd.digest};
}

/* The state restored into insert k of strip s, as the graph's probe of
 * it found it, or NULL: the files it names are inputs. */
static const sp_proc_saved *saved_of(const sp_graph *g, const sp_strip *s, size_t k)
{
  for (size_t i = 0; g && i < g->n_nodes; i++)
    if (g->nodes[i].strip == s && g->nodes[i].ins_saved)
      return g->nodes[i].ins_saved[k];
  return NULL;
}

static void k_inserts(builder *b, const sp_strip *s, char **recipe_keys)
{
  sp_writer *t = &b->t;
  key(t, "inserts");
  puts_(t, "[");
  for (size_t k = 0; k < s->n_inserts; k++) {
    const sp_insert *ins = &s->inserts[k];
    const sp_proc_class *c = ins->cls;
    item(t);
    puts_(t, "{");
    k_str(t, "class", c ? c->name : "");
    if (c && c->origin) {
      k_str(t, "plugin", c->origin->uri);
      plugin(b, c->origin);
    }
    k_bool(t, "bypass", ins->bypass);
    if (c && (c->flags & SP_PROC_MONO_TO_STEREO)) { /* only there: other keys unchanged */
      k_num(t, "feed", ins->feed);
      k_bool(t, "widen", !ins->keep_mono);
    }
    /* a plugin's state beyond its values, as read (a preset's or a state
     * file's), and the state file itself, as an input */
    if (ins->saved)
      k_str(t, "state", ins->saved->digest);
    if (ins->state_file) {
      char *rk = *recipe_keys++ = sp_xasprintf("%s.state", ins->path);
      k_file(b, "state_file", ins->state_file, rk, "file");
    }
    const sp_proc_saved *sv = saved_of(b->g, s, k);
    for (size_t f = 0; sv && f < sv->n_files; f++) { /* an impulse response it loads */
      char *rk = *recipe_keys++ = sp_xasprintf("%s.state", ins->path), kf[40];
      snprintf(kf, sizeof kf, "state_names_%zu", f);
      k_file(b, kf, sv->files[f], rk, "file");
    }
    if (ins->key_from) {
      k_str(t, "key", ins->key_from);
      k_bool(t, "key_post", ins->key_post);
      if (ins->key_level_db != 0)
        k_num(t, "key_level", ins->key_level_db);
    }
    key(t, "sets");
    puts_(t, "[");
    for (size_t set = 0; c && set < ins->n_sets; set++) {
      item(t);
      puts_(t, "{");
      for (size_t p = 0; p < c->n_params; p++)
        if (c->params[p].kind != SP_PARAM_FILE)
          k_num(t, c->params[p].name, ins->params[set * c->n_params + p]);
      puts_(t, "}");
    }
    puts_(t, "]");
    if (c && ins->automation) { /* parameters that move: a map, or a map a set */
      key(t, "automation");
      if (ins->n_sets > 1)
        puts_(t, "[");
      for (size_t set = 0; set < ins->n_sets; set++) {
        if (ins->n_sets > 1)
          item(t);
        puts_(t, "{");
        for (size_t p = 0; p < c->n_params; p++)
          if (ins->automation[set * c->n_params + p].n)
            k_auto(t, c->params[p].name, &ins->automation[set * c->n_params + p]);
        puts_(t, "}");
      }
      if (ins->n_sets > 1)
        puts_(t, "]");
    }
    for (size_t p = 0; c && p < c->n_params; p++) {
      if (c->params[p].kind != SP_PARAM_FILE)
        continue;
      char *rk = *recipe_keys++ = sp_xasprintf("%s.%s", ins->path, c->params[p].name);
      if (ins->files && ins->files[p])
        k_file(b, c->params[p].name, ins->files[p], rk, "file");
    }
    puts_(t, "}");
  }
  puts_(t, "]");
}

static void k_strip(builder *b, const sp_strip *s, char **recipe_keys)
{
  sp_writer *t = &b->t;
  key(t, "strip");
  puts_(t, "{");
  k_auto(t, "gain", &s->gain);
  k_num(t, "trim", s->trim_db);
  k_auto(t, "pan", &s->pan);
  if (s->has_width)
    k_num(t, "width", s->width);
  k_bool(t, "invert", s->invert);
  k_bool(t, "mute", s->mute);
  k_bool(t, "solo", s->solo);
  k_inserts(b, s, recipe_keys);
  key(t, "sends");
  puts_(t, "[");
  for (size_t i = 0; i < s->n_sends; i++) {
    const sp_send *sd = &s->sends[i];
    item(t);
    puts_(t, "{");
    k_str(t, "to", sd->to);
    k_auto(t, "level", &sd->level);
    k_bool(t, "pre", sd->pre_fader);
    if (sd->has_pan)
      k_auto(t, "pan", &sd->pan);
    if (sd->has_position) {
      k_auto(t, "azimuth", &sd->azimuth);
      k_auto(t, "elevation", &sd->elevation);
      k_num(t, "spread", sd->spread);
    }
    puts_(t, "}");
  }
  puts_(t, "]");
  if (s->to)
    k_str(t, "to", s->to);
  k_bool(t, "to_none", s->to_none);
  k_bool(t, "print", s->print);
  /* multichannel routing: only when given, so other keys stay as they were */
  if (s->layout)
    k_str(t, "layout", s->layout->name);
  if (s->has_position) {
    k_auto(t, "azimuth", &s->azimuth);
    k_auto(t, "elevation", &s->elevation);
    k_num(t, "spread", s->spread);
  }
  if (s->n_direct)
    k_names(t, "channels", s->direct, s->n_direct);
  if (s->n_gains) {
    key(t, "gains");
    puts_(t, "[");
    for (size_t i = 0; i < s->n_gains; i++) {
      item(t);
      puts_(t, "{");
      k_str(t, "to", s->gain_to[i]);
      for (size_t j = 0; j < s->gain_n[i]; j++)
        k_num(t, "g", s->gain_v[i][j]);
      puts_(t, "}");
    }
    puts_(t, "]");
  }
  if (s->has_lfe) {
    k_num(t, "lfe", s->lfe_db);
    k_num(t, "lfe_lowpass", s->lfe_lowpass_hz);
  }
  if (s->has_fold) {
    k_num(t, "fold_centre", s->fold.centre_db);
    k_num(t, "fold_surround", s->fold.surround_db);
    k_num(t, "fold_height", s->fold.height_db);
    k_num(t, "fold_lfe", s->fold.lfe_db);
  }
  puts_(t, "}");
}

/* The FILE parameters, state files and the files states name of a
 * strip's inserts, for recipe_keys' size. */
static size_t strip_files(const sp_graph *g, const sp_strip *s)
{
  size_t n = 0;
  for (size_t k = 0; k < s->n_inserts; k++) {
    n += s->inserts[k].state_file != NULL;
    const sp_proc_saved *sv = saved_of(g, s, k);
    n += sv ? sv->n_files : 0;
    for (size_t p = 0; s->inserts[k].cls && p < s->inserts[k].cls->n_params; p++)
      n += s->inserts[k].cls->params[p].kind == SP_PARAM_FILE;
  }
  return n;
}

/* The canonical recipe into b->t; recipe_keys collects the strings that
 * name its inputs (freed with the job). */
static void canonical_recipe(builder *b, char ***keys, size_t *n_keys)
{
  const sp_recipe *r = b->g->recipe;
  sp_writer *t = &b->t;
  size_t cap = strip_files(b->g, &r->master) + 1;
  for (size_t i = 0; i < r->n_tracks; i++)
    cap += strip_files(b->g, &r->tracks[i].strip) + r->tracks[i].n_regions;
  for (size_t i = 0; i < r->n_buses; i++)
    cap += strip_files(b->g, &r->buses[i].strip);
  char **rk = *keys = sp_xcalloc(cap, sizeof *rk);
  puts_(t, "{");
  k_num(t, "sample_rate", b->g->sample_rate);
  if (!r->length_auto)
    k_time(t, "length", r->length);
  if (!r->tail_auto)
    k_time(t, "tail", r->tail);
  k_num(t, "pan_law", r->pan_law_db);
  if (r->pan_ardour)
    k_bool(t, "pan_ardour", true);
  if (r->plugin_cycle) {
    k_num(t, "plugin_cycle", (double)r->plugin_cycle);
    k_num(t, "plugin_cycle_first", (double)r->plugin_cycle_first);
  }
  key(t, "tracks");
  puts_(t, "[");
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *tr = &r->tracks[i];
    item(t);
    puts_(t, "{");
    k_str(t, "name", tr->name);
    key(t, "regions");
    puts_(t, "[");
    for (size_t j = 0; j < tr->n_regions; j++) {
      const sp_region *rg = &tr->regions[j];
      item(t);
      puts_(t, "{");
      *rk = tr->regions_listed ? sp_xasprintf("tracks.%s.regions[%zu].file", tr->name, j)
                               : sp_xasprintf("tracks.%s.file", tr->name);
      k_file(b, "file", rg->path, *rk++, "source");
      k_time(t, "at", rg->at);
      k_time(t, "from", rg->from);
      if (rg->has_length)
        k_time(t, "length", rg->length);
      k_time(t, "fade_in", rg->fade_in);
      k_time(t, "fade_out", rg->fade_out);
      if (rg->gain_db != 0)
        k_num(t, "gain", rg->gain_db);
      if (rg->envelope.n > 0)
        k_auto(t, "envelope", &rg->envelope);
      k_fade(t, "fade_in", rg->fade_in_shape, &rg->fade_in_curve);
      k_fade(t, "fade_out", rg->fade_out_shape, &rg->fade_out_curve);
      if (rg->opaque) {
        k_bool(t, "opaque", true);
        if (rg->fade_in_inverse.n > 0)
          k_auto(t, "fade_in_inverse", &rg->fade_in_inverse);
        if (rg->fade_out_inverse.n > 0)
          k_auto(t, "fade_out_inverse", &rg->fade_out_inverse);
      }
      puts_(t, "}");
    }
    puts_(t, "]");
    k_strip(b, &tr->strip, rk);
    rk += strip_files(b->g, &tr->strip);
    puts_(t, "}");
  }
  puts_(t, "]");
  key(t, "buses");
  puts_(t, "[");
  for (size_t i = 0; i < r->n_buses; i++) {
    item(t);
    puts_(t, "{");
    k_str(t, "name", r->buses[i].name);
    k_strip(b, &r->buses[i].strip, rk);
    rk += strip_files(b->g, &r->buses[i].strip);
    puts_(t, "}");
  }
  puts_(t, "]");
  key(t, "master");
  puts_(t, "{");
  k_strip(b, &r->master, rk);
  rk += strip_files(b->g, &r->master);
  if (r->normalize)
    k_num(t, "normalize", r->normalize_lufs);
  puts_(t, "}");
  if (r->has_stems) {
    key(t, "stems");
    puts_(t, "{");
    k_str(t, "split", r->split == SP_SPLIT_BUSES ? "buses" : "sources");
    key(t, "list");
    puts_(t, "[");
    for (size_t i = 0; i < r->n_stems; i++) {
      item(t);
      puts_(t, "{");
      k_str(t, "name", r->stems[i].name);
      k_names(t, "members", r->stems[i].members, r->stems[i].n_members);
      puts_(t, "}");
    }
    puts_(t, "]}");
  }
  key(t, "versions");
  puts_(t, "[");
  for (size_t i = 0; i < r->n_versions; i++) {
    const sp_version *v = &r->versions[i];
    item(t);
    puts_(t, "{");
    k_str(t, "name", v->name);
    k_names(t, "names", v->names, v->n_names);
    k_bool(t, "keep", v->keep);
    k_bool(t, "own", v->own);
    puts_(t, "}");
  }
  puts_(t, "]");
  key(t, "output");
  puts_(t, "{");
  k_str(t, "format", sp_format_ext(r->output.format));
  k_num(t, "depth", (double)r->output.depth);
  k_bool(t, "dither", r->output.dither);
  k_str(t, "mix", r->output.mix);
  key(t, "names");
  puts_(t, "[");
  for (int i = 0; i < 4; i++) {
    item(t);
    str(t, r->output.name[i] ? r->output.name[i] : "{name}");
  }
  puts_(t, "]");
  if (r->output.bwf.on) { /* only then: other keys unchanged */
    const sp_bwf *bw = &r->output.bwf;
    key(t, "bwf");
    puts_(t, "{");
    k_str(t, "description", bw->description);
    k_str(t, "originator", bw->originator);
    k_str(t, "originator_reference", bw->originator_reference);
    k_str(t, "date", bw->date);
    k_str(t, "time", bw->time);
    k_time(t, "start", bw->start);
    puts_(t, "}");
  }
  if (r->output.n_sets) { /* only then, as bwf */
    key(t, "also");
    puts_(t, "[");
    for (size_t i = 0; i < r->output.n_sets; i++) {
      const sp_output_set *set = &r->output.sets[i];
      item(t);
      puts_(t, "{");
      k_str(t, "format", sp_format_ext(set->format));
      k_num(t, "rate", set->rate);
      k_num(t, "depth", (double)set->depth);
      k_bool(t, "dither", set->dither);
      k_num(t, "kbps", (double)set->kbps);
      k_str(t, "name", set->name ? set->name : "");
      if (set->split)
        k_bool(t, "split", true);
      if (set->has_loudness) { /* its own checks: the status depends on them */
        k_bool(t, "loudness", set->loudness.on);
        if (set->loudness.has_target) {
          k_num(t, "target", set->loudness.target_lufs);
          k_num(t, "tolerance", set->loudness.tolerance_lu);
        }
        if (set->loudness.has_max_true_peak)
          k_num(t, "max_true_peak", set->loudness.max_true_peak_dbtp);
      }
      if (set->layout) { /* only then: other keys unchanged */
        k_str(t, "layout", set->layout->name);
        k_num(t, "fold_centre", set->fold.centre_db);
        k_num(t, "fold_surround", set->fold.surround_db);
        k_num(t, "fold_height", set->fold.height_db);
        k_num(t, "fold_lfe", set->fold.lfe_db);
      }
      puts_(t, "}");
    }
    puts_(t, "]");
  }
  puts_(t, "}");
  key(t, "checks");
  puts_(t, "{");
  if (r->null_auto)
    k_str(t, "null", "auto");
  else
    k_num(t, "null", r->null_max_residual_dbfs);
  if (r->loudness_check) {
    if (r->has_target) {
      k_num(t, "target", r->target_lufs);
      k_num(t, "tolerance", r->tolerance_lu);
    }
    if (r->has_max_true_peak)
      k_num(t, "max_true_peak", r->max_true_peak_dbtp);
  }
  puts_(t, "}}");
  *n_keys = (size_t)(rk - *keys);
}

static const char *cpu_level(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
    return "x86-64-v4";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return "x86-64-v3";
  if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt"))
    return "x86-64-v2";
  return "x86-64";
#else
  return "any";
#endif
}

void sp_job_tool(const sp_media *media, sp_tool_id *t)
{
  *t = (sp_tool_id)
  {
    .version = SP_VERSION, .sources = SP_SOURCES_ID,
#if defined(__clang__)
    .compiler = "clang " __clang_version__,
#elif defined(__GNUC__)
    .compiler = "gcc " __VERSION__,
#else
    .compiler = "cc",
#endif
    .sndfile = media->library_version(media), .soxr = media->resampler_version(media),
#if defined(__x86_64__)
    .arch = "x86_64",
#elif defined(__aarch64__)
    .arch = "aarch64",
#else
    .arch = "other",
#endif
  };
}

static const char *kind_name(sp_out_kind k)
{
  switch (k) {
  case SP_OUT_MIX: return "mix";
  case SP_OUT_STEM: return "stem";
  case SP_OUT_VERSION: return "version";
  case SP_OUT_BUS: return "bus";
  case SP_OUT_REST: break;
  }
  return "rest";
}

/* Every input's digest, the files read side by side on the core's pool of
 * threads (core/base/pool.h), one a CPU: hashing a gigabyte of sources is work
 * for every core. */
typedef struct hashing {
  sp_job *job;
  const sp_job_opts *o;
  char **why; /* [n_inputs]: a failure's reason */
  sp_err *err;
} hashing;

static void hash_one(void *ctx, size_t i, int thread)
{
  (void)thread;
  hashing *h = ctx;
  char why[768];
  sp_job_input *in = &h->job->inputs[i];
  h->err[i] = h->o->digest(h->o->digest_ctx, in->path, &in->file, why, sizeof why);
  if (h->err[i] != SP_OK)
    h->why[i] = sp_xstrdup(why);
}

static void hash_inputs(builder *b)
{
  sp_job *job = b->job;
  hashing h = {.job = job, .o = b->o};
  h.why = sp_xcalloc(job->n_inputs + 1, sizeof *h.why);
  h.err = sp_xcalloc(job->n_inputs + 1, sizeof *h.err);
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  sp_pool *pool = sp_pool_new(cpus > 1 && job->n_inputs > 1 ? (int)cpus : 1);
  sp_pool_run(pool, job->n_inputs, hash_one, &h);
  sp_pool_free(pool);
  for (size_t i = 0; i < job->n_inputs; i++) {
    if (h.err[i] != SP_OK) {
      sp_recipe_error(b->g->recipe, b->d, h.err[i], job->inputs[i].key, "%s", h.why[i]);
      b->err = h.err[i];
    } else if (!job->inputs[i].file.from_index) {
      job->bytes_read += job->inputs[i].file.size;
    }
    free(h.why[i]);
  }
  free(h.why);
  free(h.err);
}

sp_err sp_job_build(const sp_graph *g, const sp_job_opts *opts, sp_job *job, sp_diags *d)
{
  static const sp_job_opts none = {0};
  memset(job, 0, sizeof *job);
  builder b = {.g = g, .o = opts ? opts : &none, .job = job, .d = d, .t = {.json = true}};
  job->block_frames = sp_graph_block_frames(g, b.o->block_frames);
  char **rkeys = NULL;
  size_t n_rkeys = 0;
  /* First the inputs, read side by side; then the text, with their digests. */
  b.collect = true;
  canonical_recipe(&b, &rkeys, &n_rkeys);
  free(b.t.s);
  b.t = (sp_writer){.json = true};
  b.collect = false;
  job->keys = rkeys;
  job->n_keys = n_rkeys;
  hash_inputs(&b);
  if (b.err != SP_OK)
    return b.err;
  canonical_recipe(&b, &rkeys, &n_rkeys);
  job->keys = sp_xreallocarray(job->keys, job->n_keys + n_rkeys + 1, sizeof *job->keys);
  memcpy(job->keys + job->n_keys, rkeys, n_rkeys * sizeof *rkeys);
  job->n_keys += n_rkeys;
  free(rkeys);
  job->recipe_text = b.t.s;
  sp_digest_bytes(job->recipe_text, b.t.n, &job->recipe);

  job->outputs = sp_xcalloc(g->n_outputs + 1, sizeof *job->outputs);
  for (size_t i = 0; i < g->n_outputs; i++) {
    const sp_output_plan *p = &g->outputs[i];
    if (p->kind == SP_OUT_REST || (b.o->skip && b.o->skip[i]))
      continue;
    job->outputs[job->n_outputs++] = (sp_job_output){
        .file = sp_xstrdup(p->file), .kind = kind_name(p->kind), .name = sp_xstrdup(p->name)};
  }
  /* and each one's files of output.also, after them */
  job->outputs =
      sp_xreallocarray(job->outputs, job->n_outputs + g->n_derived + 1, sizeof *job->outputs);
  for (size_t i = 0; i < g->n_derived; i++) {
    const sp_derived_plan *dp = &g->derived[i];
    const sp_output_plan *p = &g->outputs[dp->of];
    if (b.o->skip && b.o->skip[dp->of])
      continue;
    job->outputs[job->n_outputs++] = (sp_job_output){
        .file = sp_xstrdup(dp->file), .kind = kind_name(p->kind), .name = sp_xstrdup(p->name)};
  }

  sp_writer t = {.json = true};
  sp_tool_id tool;
  if (b.o->tool)
    tool = *b.o->tool;
  else
    sp_job_tool(g->media, &tool);
  job->tool = tool;
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&job->recipe, hex);
  puts_(&t, "{");
  k_num(&t, "schema", SP_JOB_SCHEMA);
  key(&t, "tool");
  puts_(&t, "{");
  k_str(&t, "version", tool.version);
  k_str(&t, "sources", tool.sources);
  k_str(&t, "compiler", tool.compiler);
  k_str(&t, "sndfile", tool.sndfile);
  k_str(&t, "soxr", tool.soxr);
  k_str(&t, "arch", tool.arch);
  puts_(&t, "}");
  k_num(&t, "block_frames", (double)job->block_frames);
  k_str(&t, "recipe", hex);
  key(&t, "plugins");
  puts_(&t, "[");
  for (size_t i = 0; i < job->n_plugins; i++) {
    item(&t);
    puts_(&t, "{");
    k_str(&t, "uri", job->plugins[i].uri);
    k_str(&t, "version", job->plugins[i].version);
    sp_digest_hex(&job->plugins[i].digest, hex);
    k_str(&t, "library", hex);
    puts_(&t, "}");
  }
  puts_(&t, "]");
  /* Plugins may choose their code by the CPU's features, so their bits
   * are only known to be the same on the same level of CPU; so does
   * libopus (an Opus set's bytes differ between this machine's AVX-512 and
   * a baseline x86-64, its decoded samples by up to -28 dBFS). */
  bool opus = false;
  for (size_t i = 0; i < g->recipe->output.n_sets; i++)
    opus = opus || g->recipe->output.sets[i].format == SP_FORMAT_OPUS;
  job->cpu = job->n_plugins || opus ? cpu_level() : NULL;
  if (job->cpu)
    k_str(&t, "cpu", job->cpu);
  key(&t, "outputs");
  puts_(&t, "[");
  for (size_t i = 0; i < job->n_outputs; i++) {
    item(&t);
    str(&t, job->outputs[i].file);
  }
  puts_(&t, "]}");
  job->text = t.s;
  sp_digest_bytes(job->text, t.n, &job->key);

  return b.err;
}

void sp_job_fini(sp_job *job)
{
  for (size_t i = 0; i < job->n_keys; i++)
    free(job->keys[i]);
  free(job->keys);
  for (size_t i = 0; i < job->n_inputs; i++)
    free(job->inputs[i].path);
  free(job->inputs);
  free(job->plugins);
  for (size_t i = 0; i < job->n_outputs; i++) {
    free(job->outputs[i].file);
    free(job->outputs[i].name);
  }
  free(job->outputs);
  free(job->recipe_text);
  free(job->text);
  memset(job, 0, sizeof *job);
}
