/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render as a hermetic job and its cache key (core/job/job.h).
 *
 * The canonical recipe is JSON on one line, written from the model, never
 * from the recipe's text, as a form of the recipe's walk
 * (core/recipe/walk.h), which walks the recipe's own tables of keys
 * (core/recipe/keys.h), the ones the parser checks every mapping against:
 * each object's keys in its table's order, each under its recipe name,
 * the walk deciding which are given and entering a mapping or a list of
 * another table, and writing the values whose shape is every form's
 * (names, words, a tap, a switch, a polarity, a pan) through this form's
 * punctuation, and a time, a tempo map, a value that moves, a fade, a
 * warp and an insert's parameter with its one writer of each, in this
 * form's spelling (sp_writer.json: as the model holds them, a time as
 * {"s"} or {"frames"}); this form writes the values of its own shape
 * (j_value: a number, a text, a file's digest, an insert's chain ...),
 * the punctuation, and the keys no row says
 * (j_own: the tracks, buses and master; an insert's plugin, preset,
 * state, key and bands). tests/test_job.c sets every key of every table, and every
 * parameter of every processor, to another value and requires another
 * canonical recipe: a key added to a table and written by neither fails
 * it.
 *
 * A value appears as the model holds it (units converted, defaults and
 * presets filled in; numbers as the shortest text that reads back as the
 * same double, so the same double is the same text; -inf dB as "-inf"), a
 * time as seconds or as frames the way it was written (`1 s` and `1000
 * ms` are one time, `48000 smp` another), a file as the digest of its
 * bytes, through the recipe writer (core/recipe/writer.h). What never
 * reaches the bytes stays out: comments, paths, the output folder,
 * positions. Names stay in: they name the outputs and the report's
 * entries. */

#include "core/job/job.h"

#include "core/procs/soundfont.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/graph/query.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "core/recipe/walk.h"
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

/* ---- the canonical recipe: a form of the recipe's walk (core/recipe/walk.h) ---- */

typedef struct builder {
  sp_walk k; /* first: the walk's sp_walk * is the builder's */
  const sp_graph *g;
  const sp_job_opts *o;
  sp_job *job;
  sp_diags *d;
  sp_err err;
  bool collect; /* the first pass: inputs listed, not read */
  bool list;    /* sp_job_list: that pass alone, no plugin's library read either */
  sp_writer t;
  char **rk;             /* the next of the recipe paths naming inputs (sp_job.keys) */
  const sp_strip *strip; /* the strip whose inserts are written */
} builder;

static void k_insert(builder *b, const sp_strip *s, size_t k);
static void file_digest(builder *b, const char *path, char *recipe_key, const char *role);

/* The chain of strip s before the fader, or (post) after it, only when it has some. */
static bool chain_value(builder *b, const sp_strip *s, bool post)
{
  const size_t pre = s->n_inserts - s->n_post;
  if (post && !s->n_post)
    return false;
  puts_(b->k.w, "[");
  for (size_t k = post ? pre : 0; k < (post ? s->n_inserts : pre); k++) {
    item(b->k.w);
    k_insert(b, s, k);
  }
  puts_(b->k.w, "]");
  return true;
}

/* A scalar row's value as the model holds it, from obj, the struct of
 * its table's fields: false when nothing is written (the walk decided
 * whether it is given, and entered mappings and lists). */
static bool j_value(sp_walk *k, const sp_key_row *row, const char *name, const void *obj,
                    const void *def)
{
  builder *b = (builder *)k;
  sp_writer *t = k->w;
  const char *o = obj;
  const void *at = o + row->at;
  (void)def;
  switch (row->store) {
  case SP_KEY_S_DOUBLE: num(t, *(const double *)at); return true;
  case SP_KEY_S_INT: /* as keyed says; its word, its number, a whole number or a name */
    if (row->keyed)
      puts_(t, row->keyed[*(const int *)at]);
    else if (row->name_at && *(char *const *)(o + row->name_at - 1))
      str(t, *(char *const *)(o + row->name_at - 1));
    else if (row->type == SP_KEY_T_NUMBER ? *(const int *)at != 0 : row->values != NULL)
      num(t, *(const int *)at); /* a whole number's 0: not given */
    else if (row->type != SP_KEY_T_NUMBER)
      str(t, row->words[*(const int *)at]);
    else
      return false;
    return true;
  case SP_KEY_S_TEXT: {
    const char *text = *(char *const *)at;
    if (!text && row->keyed) /* none, as the row says it */
      puts_(t, row->keyed[0]);
    else /* NULL: its first word, its default, if it has words */
      str(t, text || !row->words ? text : row->words[0]);
    /* a template that prints the recipe's file name into the bytes: that
     * name is in the key too (another recipe file, another chunk) */
    if ((row->names_recipe && text && strstr(text, "{recipe}")) || row->prints_recipe)
      k_str(t, "{recipe}", sp_graph_recipe(b->g)->base);
    return true;
  }
  case SP_KEY_S_INPUT: { /* under the key that named it: the digest of its bytes */
    char *const *in = at;
    if (!in[1] || !in[2] || strcmp(strrchr(in[2], '.') + 1, name) != 0)
      return false;
    file_digest(b, in[1], sp_xstrdup(in[2]), "source");
    return true;
  }
  case SP_KEY_S_INPUTS: { /* each under the key that named it, in order */
    char **const *in = at;
    const size_t n = *(const size_t *)(o + row->count - 1);
    if (!n)
      return false;
    puts_(t, "[");
    for (size_t i = 0; i < n; i++) {
      item(t);
      file_digest(b, in[1][i], sp_xstrdup(in[2][i]), "source");
    }
    puts_(t, "]");
    return true;
  }
  case SP_KEY_S_CHARS: str(t, at); return true;
  case SP_KEY_S_CYCLE: /* 0: none */
    sp_write(t, "[%lld,%lld]", (long long)((const int64_t *)at)[0],
             (long long)((const int64_t *)at)[1]);
    return true;
  case SP_KEY_S_LAYOUTS: /* each under the key */
    for (size_t i = 0; i < *(const size_t *)(o + row->count - 1); i++) {
      if (i)
        key(t, name);
      str(t, ((const sp_layout *const *)at)[i]->name);
    }
    return *(const size_t *)(o + row->count - 1) != 0;
  case SP_KEY_S_CHAIN: return chain_value(b, at, row->count != 0);
  case SP_KEY_S_INSTRUMENT: /* inserts[0], among the strip's inserts */
    puts_(t, ((const sp_strip *)at)->instrument ? "true" : "false");
    return true;
  default: return false; /* the walk's */
  }
}

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

/* A file the recipe names at recipe_key (heap, kept with the job): the
 * digest of its bytes, never its path, as a string. */
static void file_digest(builder *b, const char *path, char *recipe_key, const char *role)
{
  *b->rk++ = recipe_key;
  int i = input(b, path, recipe_key, role);
  char hex[SP_DIGEST_HEX] = "";
  if (i >= 0)
    sp_digest_hex(&b->job->inputs[i].file.digest, hex);
  str(b->k.w, hex);
}

/* The same under key k. */
static void k_file(builder *b, const char *k, const char *path, char *recipe_key, const char *role)
{
  key(b->k.w, k);
  file_digest(b, path, recipe_key, role);
}

static void plugin(builder *b, const sp_proc_origin *o)
{
  sp_job *job = b->job;
  for (size_t i = 0; i < job->n_plugins; i++)
    if (strcmp(job->plugins[i].uri, o->uri) == 0)
      return;
  sp_file_digest fd = {0};
  char why[768];
  sp_err err = b->list ? SP_OK : b->o->digest(b->o->digest_ctx, o->binary, &fd, why, sizeof why);
  if (err != SP_OK) {
    sp_diags_error(b->d, err, sp_graph_recipe(b->g)->file, (sp_pos){0, 0}, NULL,
                   "the LV2 plugin %s: %s", o->uri, why);
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
  const sp_node *n = g ? sp_graph_node_of(g, s) : NULL;
  return n && n->ins ? n->ins[k].saved : NULL;
}

/* Parameter set `set` of an insert, from its processor's table: each
 * value, or its automation where it moves. */
static void k_params(builder *b, const sp_insert *ins, size_t set)
{
  const sp_proc_class *c = ins->cls;
  puts_(b->k.w, "{");
  for (size_t p = 0; p < c->n_params; p++) {
    if (sp_param_is_file(&c->params[p]))
      continue; /* its file's digest: k_insert */
    key(b->k.w, c->params[p].name);
    sp_walk_param(&b->k, ins, set, p);
  }
  puts_(b->k.w, "}");
}

/* `state:` a state file (an input), the parameters the recipe gives
 * beside it (the state's values fill the others), and the files the state
 * restored into insert k names (a preset's or a state file's). */
static void k_state(builder *b, const sp_strip *s, size_t k, const char *name)
{
  sp_writer *t = b->k.w;
  const sp_insert *ins = &s->inserts[k];
  if (ins->state_file) {
    key(t, name);
    puts_(t, "{");
    k_file(b, "file", ins->state_file, sp_xasprintf("%s.state", ins->path), "file");
    key(t, "given");
    puts_(t, "[");
    for (size_t p = 0; ins->given && p < ins->cls->n_params; p++)
      if (ins->given[p]) {
        item(t);
        str(t, ins->cls->params[p].name);
      }
    puts_(t, "]}");
  }
  const sp_proc_saved *sv = saved_of(b->g, s, k);
  for (size_t f = 0; sv && f < sv->n_files; f++) { /* an impulse response it loads */
    char kf[40];
    snprintf(kf, sizeof kf, "state_names_%zu", f);
    k_file(b, kf, sv->files[f], sp_xasprintf("%s.state", ins->path), "file");
  }
}

/* An insert's keys no row says (of b->strip's chain). */
static void insert_keys(builder *b, size_t q, const char *name, const sp_insert *ins)
{
  sp_writer *t = b->k.w;
  const sp_proc_class *c = ins->cls;
  bool first = true;
  switch ((sp_key_insert)q) {
  case SP_KEY_INSERT_BYPASS: /* their rows' */
  case SP_KEY_INSERT_CHANNELS:
  case SP_KEY_INSERT_DETECT:
  case SP_KEY_INSERT_FEED:
  case SP_KEY_INSERT_NAME: break;
  case SP_KEY_INSERT_PLUGIN:
    if (c && c->origin) {
      k_str(t, name, c->origin->uri);
      plugin(b, c->origin);
      /* its bundle, an input of every file it holds (the digest of a
       * folder: sp_digest_fn): what the plugin loads beside its library
       * (avldrums' kit, its .ttl) decides the bytes as much as the library */
      if (c->origin->bundle)
        k_file(b, "bundle", c->origin->bundle, sp_xasprintf("%s.%s", ins->path, name), "plugin");
    }
    break;
  case SP_KEY_INSERT_PRESET: /* the state it restores beyond its values, as read */
    if (ins->saved)
      k_str(t, name, ins->saved->digest);
    break;
  case SP_KEY_INSERT_STATE: k_state(b, b->strip, (size_t)(ins - b->strip->inserts), name); break;
  case SP_KEY_INSERT_KEY:
    if (!ins->key_from)
      break;
    key(t, name);
    puts_(t, "{");
    sp_walk_table(&b->k, "KEY", ins, NULL, &first);
    puts_(t, "}");
    break;
  case SP_KEY_INSERT_BANDS:
    if (!c || !(c->flags & SP_PROC_BANDS))
      break; /* the one set: params */
    key(t, name);
    puts_(t, "[");
    for (size_t set = 0; set < ins->n_sets; set++) {
      item(t);
      k_params(b, ins, set);
    }
    puts_(t, "]");
    break;
  case SP_KEY_INSERT_WIDEN: k_bool(t, name, !ins->keep_mono); break;
  }
}

/* Insert k of strip s: its processor and parameters, the files it reads,
 * then the keys of its table. */
static void k_insert(builder *b, const sp_strip *s, size_t k)
{
  sp_writer *t = b->k.w;
  const sp_insert *ins = &s->inserts[k];
  const sp_proc_class *c = ins->cls;
  bool first = true;
  puts_(t, "{");
  k_str(t, "class", c ? c->name : "");
  if (c && !(c->flags & SP_PROC_BANDS)) {
    key(t, "params");
    k_params(b, ins, 0);
  }
  /* a hardware insert's return not recorded yet: no file to digest, but
   * listed (awaited: the depfile's rule names it, so that make renders
   * again once it is recorded); one there is keyed with what it was
   * recorded from (RETURN.sent) */
  const sp_node *n = b->g ? sp_graph_node_of(b->g, s) : NULL;
  const sp_outboard *ob = n && n->ins ? n->ins[k].outboard : NULL;
  for (size_t p = 0; c && p < c->n_params; p++)
    if (sp_param_is_file(&c->params[p]) && ins->files && ins->files[p] && ob && ob->missing) {
      k_str(t, c->params[p].name, "");
      if (b->list)
        input(b, ins->files[p], *b->rk++ = sp_xasprintf("%s.%s", ins->path, c->params[p].name),
              "awaited");
    } else if (sp_param_is_file(&c->params[p]) && ins->files && ins->files[p]) {
      k_file(b, c->params[p].name, ins->files[p],
             sp_xasprintf("%s.%s", ins->path, c->params[p].name), "file");
      if (ob && ob->marked) {
        char *side = sp_xasprintf("%s.sent", ins->files[p]);
        k_file(b, "sent", side, sp_xasprintf("%s.%s", ins->path, c->params[p].name), "file");
        free(side); /* the input keeps its own copy */
      }
    }
  b->strip = s;
  /* those its class takes (a family's: its own) */
  sp_walk_insert_keys(&b->k, ins, NULL, c ? c->flags : 0, true, true, &first);
  puts_(t, "}");
}

/* The keys no row says, by table: the recipe's tracks, buses and master;
 * a stretched region's stretcher (its stretch is keyed with the
 * stretcher whose output it is); a sidechain key's source; an insert's. */
static void j_own(sp_walk *k, const char *table, size_t q, const char *name, const void *obj,
                  bool *first)
{
  builder *b = (builder *)k;
  sp_writer *t = k->w;
  bool inner = true;
  (void)first;
  if (strcmp(table, "INSERT") == 0) {
    insert_keys(b, q, name, obj);
  } else if (strcmp(table, "KEY") == 0 && q == SP_KEY_KEY_FROM) {
    k_str(t, name, ((const sp_insert *)obj)->key_from);
  } else if (strcmp(table, "REGION") == 0 && q == SP_KEY_REGION_STRETCH &&
             ((const sp_region *)obj)->stretch.on) {
    const sp_media *m = sp_graph_media(b->g);
    k_str(t, "stretcher", m->stretcher_version ? m->stretcher_version(m) : "none");
  } else if (strcmp(table, "ROOT") == 0 && q == SP_KEY_ROOT_TRACKS) {
    const sp_recipe *r = obj;
    key(t, name);
    puts_(t, "{");
    for (size_t i = 0; i < r->n_tracks; i++) { /* its regions, its instrument, its mixer */
      key(t, r->tracks[i].name);
      puts_(t, "{");
      sp_walk_table(k, "TRACK", &r->tracks[i], NULL, &inner);
      sp_walk_strip(k, &r->tracks[i].strip, SP_KEY_ON_TRACK, NULL, &inner);
      puts_(t, "}");
    }
    puts_(t, "}");
  } else if (strcmp(table, "ROOT") == 0 && q == SP_KEY_ROOT_BUSES) {
    const sp_recipe *r = obj;
    key(t, name);
    puts_(t, "{");
    for (size_t i = 0; i < r->n_buses; i++) {
      key(t, r->buses[i].name);
      puts_(t, "{");
      sp_walk_strip(k, &r->buses[i].strip, SP_KEY_ON_BUS, NULL, &inner);
      puts_(t, "}");
    }
    puts_(t, "}");
  } else if (strcmp(table, "ROOT") == 0 && q == SP_KEY_ROOT_MASTER) {
    key(t, name);
    puts_(t, "{");
    sp_walk_strip(k, &((const sp_recipe *)obj)->master, SP_KEY_ON_MASTER, NULL, &inner);
    sp_walk_table(k, "MASTER", obj, NULL, &inner);
    puts_(t, "}");
  }
}

static void j_key(sp_walk *k, const char *name, bool *first)
{
  (void)first;
  key(k->w, name);
}

static void j_item(sp_walk *k, bool *first)
{
  (void)first;
  item(k->w);
}

static void j_open(sp_walk *k, bool list) { puts_(k->w, list ? "[" : "{"); }
static void j_close(sp_walk *k, bool list) { puts_(k->w, list ? "]" : "}"); }
static void j_word(sp_walk *k, const char *word) { str(k->w, word); }

static const sp_walk_form canonical_form = {
    .key = j_key,
    .item = j_item,
    .open = j_open,
    .close = j_close,
    .word = j_word,
    .value = j_value,
    .own = j_own,
};

/* ---- the job ------------------------------------------------------------- */

/* The FILE parameters, state files and the files states name of a
 * strip's inserts: the recipe paths naming inputs, to count them. */
static size_t strip_files(const sp_graph *g, const sp_strip *s)
{
  size_t n = 0;
  for (size_t k = 0; k < s->n_inserts; k++) {
    n += s->inserts[k].state_file != NULL;
    const sp_proc_saved *sv = saved_of(g, s, k);
    n += sv ? sv->n_files : 0;
    for (size_t p = 0; s->inserts[k].cls && p < s->inserts[k].cls->n_params; p++)
      n += sp_param_is_file(&s->inserts[k].cls->params[p]) *
           (s->inserts[k].cls->flags & SP_PROC_OUTBOARD ? 2 : 1); /* and RETURN.sent */
    n += s->inserts[k].cls && s->inserts[k].cls->origin;          /* its plugin's bundle */
  }
  return n;
}

/* The canonical recipe into b->t, each object's keys in its table's order
 * (core/recipe/keys.h); *keys the recipe paths that name its inputs
 * (freed with the job). */
static void canonical_recipe(builder *b, char ***keys, size_t *n_keys)
{
  const sp_recipe *r = sp_graph_recipe(b->g);
  size_t cap = strip_files(b->g, &r->master) + 1;
  for (size_t i = 0; i < r->n_tracks; i++) {
    cap += strip_files(b->g, &r->tracks[i].strip) + r->tracks[i].n_regions;
    for (size_t k = 0; k < r->tracks[i].n_regions; k++)
      cap += r->tracks[i].regions[k].n_files; /* `files:`, each a key */
  }
  for (size_t i = 0; i < r->n_buses; i++)
    cap += strip_files(b->g, &r->buses[i].strip);
  b->rk = *keys = sp_xcalloc(cap, sizeof **keys);
  b->k = (sp_walk){.form = &canonical_form, .w = &b->t, .keyed = true};
  bool first = true;
  puts_(&b->t, "{");
  sp_walk_table(&b->k, "ROOT", r, NULL, &first);
  puts_(&b->t, "}");
  *n_keys = (size_t)(b->rk - *keys);
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

/* Every input's digest, the files read side by side on the core's pool of
 * threads (core/base/pool.h), as many as the caller gives (render's -j):
 * hashing a gigabyte of sources is work for every core it may use. */
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
  const int threads = b->o->threads > 1 ? b->o->threads : 1;
  sp_pool *pool = sp_pool_new(job->n_inputs > 1 ? threads : 1);
  sp_pool_run(pool, job->n_inputs, hash_one, &h);
  sp_pool_free(pool);
  for (size_t i = 0; i < job->n_inputs; i++) {
    if (h.err[i] != SP_OK) {
      sp_recipe_error(sp_graph_recipe(b->g), b->d, h.err[i], job->inputs[i].key, "%s", h.why[i]);
      b->err = h.err[i];
    } else if (!job->inputs[i].file.from_index) {
      job->bytes_read += job->inputs[i].file.size;
    }
    free(h.why[i]);
  }
  free(h.why);
  free(h.err);
}

/* The recipe's part of the job: its inputs listed (a first walk that reads
 * nothing), read side by side, then the canonical recipe written with their
 * digests, and its digest. */
static sp_err job_recipe(builder *b)
{
  sp_job *job = b->job;
  char **rkeys = NULL;
  size_t n_rkeys = 0;
  b->collect = true;
  canonical_recipe(b, &rkeys, &n_rkeys);
  free(b->t.s);
  b->t = (sp_writer){.json = true};
  b->collect = false;
  job->keys = rkeys;
  job->n_keys = n_rkeys;
  hash_inputs(b);
  if (b->err != SP_OK)
    return b->err;
  canonical_recipe(b, &rkeys, &n_rkeys);
  job->keys = sp_xreallocarray(job->keys, job->n_keys + n_rkeys + 1, sizeof *job->keys);
  memcpy(job->keys + job->n_keys, rkeys, n_rkeys * sizeof *rkeys);
  job->n_keys += n_rkeys;
  free(rkeys);
  job->recipe_text = b->t.s;
  sp_digest_bytes(job->recipe_text, b->t.n, &job->recipe);
  return SP_OK;
}

/* An output file of the job. */
static void job_output(sp_job *job, const char *file, const char *kind, char *name)
{
  job->outputs[job->n_outputs++] =
      (sp_job_output){.file = sp_xstrdup(file), .kind = kind, .name = name};
}

/* The outboard gear of node's insert k whose send a render may write
 * (io/outdir/print.c), or NULL. */
static const sp_outboard *sends_to(const sp_node *node, size_t k)
{
  return node->ins && !node->strip->inserts[k].bypass ? node->ins[k].outboard : NULL;
}

/* The files the render writes (those skip leaves out not among them): the
 * prints, then each one's files of output.also, then master.adm's, made
 * from them after the render, then the hardware inserts' sends, written
 * where a return is not of its send (a cache's entry holds them too, and
 * their names are in the key: an unnamed unit's is its return's file
 * name, which the key has only as a digest). */
static void job_outputs(sp_job *job, const sp_graph *g, const bool *skip)
{
  const size_t n_adm = sp_graph_adm_made(g, skip);
  size_t n_sends = 0;
  for (size_t i = 0; sp_graph_node(g, i); i++)
    for (size_t k = 0; sp_graph_node(g, i)->strip && k < sp_graph_node(g, i)->strip->n_inserts; k++)
      n_sends += sends_to(sp_graph_node(g, i), k) != NULL;
  job->outputs = sp_xcalloc(sp_graph_count(g, SP_GRAPH_OUTPUTS) +
                                sp_graph_count(g, SP_GRAPH_DERIVED) + n_adm + n_sends + 1,
                            sizeof *job->outputs);
  for (size_t i = 0; sp_graph_output(g, i); i++) {
    const sp_output_plan *p = sp_graph_output(g, i);
    if (p->kind != SP_OUT_REST && !(skip && skip[i]))
      job_output(job, p->file, sp_out_kind_name(p->kind), sp_xstrdup(p->name));
  }
  for (size_t i = 0; sp_graph_derived(g, i); i++) {
    const sp_derived_plan *dp = sp_graph_derived(g, i);
    const sp_output_plan *p = sp_graph_output(g, dp->of);
    if (!(skip && skip[dp->of]))
      job_output(job, dp->file, sp_out_kind_name(p->kind), sp_xstrdup(p->name));
  }
  for (size_t i = 0; i < n_adm; i++) {
    const char *f = sp_graph_adm_prints(g, NULL)[i];
    const size_t len = strlen(f) > 4 ? strlen(f) - 4 : strlen(f); /* without ".wav" */
    job_output(job, f, "adm", sp_xasprintf("%.*s", (int)len, f));
  }
  for (size_t i = 0; sp_graph_node(g, i); i++)
    for (size_t k = 0; sp_graph_node(g, i)->strip && k < sp_graph_node(g, i)->strip->n_inserts;
         k++) {
      const sp_outboard *ob = sends_to(sp_graph_node(g, i), k);
      if (ob) {
        job_output(job, ob->send_name, "send", sp_xstrdup(ob->name));
        job->outputs[job->n_outputs - 1].maybe = true;
      }
    }
}

/* The SoundFont player's version, where the recipe plays a SoundFont (its
 * bytes are the same on every CPU: io/synth/fluid.c); NULL: none. */
static const char *job_synth(const sp_graph *g)
{
  const sp_sf2_host *sf = sp_sf2_host_of();
  const sp_recipe *r = sp_graph_recipe(g);
  bool soundfont = false;
  for (size_t i = 0; sf && i < r->n_tracks; i++) {
    const sp_strip *st = &r->tracks[i].strip;
    soundfont |= st->instrument && st->n_inserts && st->inserts[0].cls == &sp_proc_soundfont;
  }
  return soundfont ? sf->version() : NULL;
}

/* The level of CPU the job's bytes hold on, or NULL: any. Plugins may
 * choose their code by the CPU's features, so their bits are only known to
 * be the same on the same level of CPU; so does libopus (an Opus set's
 * bytes differ between this machine's AVX-512 and a baseline x86-64, its
 * decoded samples by up to -28 dBFS). */
static const char *job_cpu(const sp_graph *g, const sp_job *job)
{
  const sp_recipe *r = sp_graph_recipe(g);
  bool by_cpu = false;
  for (size_t i = 0; i < r->output.n_sets; i++)
    by_cpu = by_cpu || sp_formats[r->output.sets[i].format].cpu_bytes;
  return job->n_plugins || by_cpu ? cpu_level() : NULL;
}

/* The job as the text its key is the digest of: the tool, the block size,
 * the recipe's digest, the plugins, the synth and the CPU where they
 * matter, the output files. */
static void job_text(sp_job *job, const char *synth)
{
  sp_writer t = {.json = true};
  const sp_tool_id *tool = &job->tool;
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&job->recipe, hex);
  puts_(&t, "{");
  k_num(&t, "schema", SP_JOB_SCHEMA);
  key(&t, "tool");
  puts_(&t, "{");
  k_str(&t, "version", tool->version);
  k_str(&t, "sources", tool->sources);
  k_str(&t, "compiler", tool->compiler);
  k_str(&t, "sndfile", tool->sndfile);
  k_str(&t, "soxr", tool->soxr);
  k_str(&t, "arch", tool->arch);
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
  if (synth)
    k_str(&t, "synth", synth);
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
}

sp_err sp_job_build(const sp_graph *g, const sp_job_opts *opts, sp_job *job, sp_diags *d)
{
  static const sp_job_opts none = {0};
  memset(job, 0, sizeof *job);
  builder b = {.g = g, .o = opts ? opts : &none, .job = job, .d = d, .t = {.json = true}};
  job->block_frames = sp_graph_block_frames(g, b.o->block_frames);
  if (job_recipe(&b) != SP_OK)
    return b.err;
  job_outputs(job, g, b.o->skip);
  if (b.o->tool)
    job->tool = *b.o->tool;
  else
    sp_job_tool(sp_graph_media(g), &job->tool);
  job->cpu = job_cpu(g, job);
  job_text(job, job_synth(g));
  return b.err;
}

void sp_job_list(const sp_graph *g, sp_job *job)
{
  static const sp_job_opts none = {0};
  memset(job, 0, sizeof *job);
  builder b = {.g = g, .o = &none, .job = job, .t = {.json = true}, .collect = true, .list = true};
  canonical_recipe(&b, &job->keys, &job->n_keys);
  free(b.t.s);
}

void sp_job_fini(sp_job *job)
{
  sp_free_strings(job->keys, job->n_keys);
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
