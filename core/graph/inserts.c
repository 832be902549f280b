/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inserts as the planner sees them: each insert's resources (an impulse
 * response today) resolved and loaded through io/, its class asked for its
 * latency and tail, and the delays that keep every path to an output
 * sample-aligned. Processors get their resources as data (core/procs/proc.h);
 * only this file reads them from files. */

#include "core/graph/builder.h"

#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/dsp/fold.h"
#include "core/media/sent.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- processors, latency, tails ------------------------------------------ */

/* Channel name of layout l into its index among sel (n of them), or -1
 * with the error reported at path. */
static int find_channel(builder *b, const sp_node *n, const sp_layout *l, const int *sel, int count,
                        const char *name, const char *path, const char *what)
{
  const int c = sp_layout_channel(l, name);
  for (int i = 0; c >= 0 && i < count; i++)
    if (sel[i] == c)
      return i;
  if (c < 0) {
    const char *meant = sp_fold_meant(l, name); /* Ltf on a 7.1.2: its Ltm */
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' is not a channel of %s's path here (%s: %s); name %s of those%s%s%s", name,
                n->name, l->name, l->text, what, meant ? " (did you mean '" : "",
                meant ? meant : "", meant ? "'?)" : "");
  } else
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' is not among the channels the insert runs on; its detector hears only "
                "those (add it to 'channels', or leave it out of 'detect')",
                name);
  return -1;
}

/* Insert k's `channels:` and `detect:` (core/recipe/recipe.h) as indices
 * into n->ins[k].sel, each name checked against the path's layout. */
static void select_channels(builder *b, sp_node *n, size_t k)
{
  const sp_insert *ins = &n->strip->inserts[k];
  struct sp_ins_sel *sel = &n->ins[k].sel;
  const sp_layout *l = n->ins[k].layout;
  int all[SP_MAX_CHANNELS];
  for (int c = 0; c < l->n; c++)
    all[c] = c;
  char *list = sp_xasprintf("%s.channels", ins->path);
  for (size_t i = 0; i < ins->n_on; i++) {
    char *at = sp_recipe_item(b->r, list, i);
    int c = find_channel(b, n, l, all, l->n, ins->on[i], at, "channels");
    for (int j = 0; c >= 0 && j < sel->n; j++)
      if (sel->idx[j] == c) {
        graph_error(b, SP_ERR_USAGE, at, "'%s' is named twice; name each channel once", ins->on[i]);
        c = -1;
      }
    sel->refused |= c < 0;
    if (c >= 0)
      sel->idx[sel->n++] = c;
    free(at);
  }
  if (ins->n_on && ((ins->cls->flags & SP_PROC_MONO_TO_STEREO) || ins->cls->out_layout)) {
    char *at = sp_xasprintf("%s.channels", ins->path);
    graph_error(b, SP_ERR_USAGE, at,
                "'%s' changes its path's channels (%s), so it runs on the whole path; remove "
                "'channels'",
                ins->cls->name,
                ins->cls->out_layout ? "it folds them into another layout"
                                     : "one input, two outputs: it makes the path stereo");
    free(at);
    sel->refused = true;
  }
  const int *own = sel->n ? sel->idx : all;
  const int count = sel->n ? sel->n : l->n;
  free(list);
  list = sp_xasprintf("%s.detect", ins->path);
  for (size_t i = 0; i < ins->n_detect; i++) {
    char *at = sp_recipe_item(b->r, list, i);
    const int c = find_channel(b, n, l, own, count, ins->detect[i], at, "channels");
    if (c >= 0)
      sel->detect |= 1u << c;
    sel->refused |= c < 0;
    free(at);
  }
  free(list);
}

/* Whether the file a PATH parameter names (read by the class's host when
 * it prepares: a SoundFont) may be read and is there; said at its key. */
static bool path_readable(builder *b, const sp_insert *ins, size_t q)
{
  const char *path = ins->files[q];
  char *at = sp_xasprintf("%s.%s", ins->path, ins->cls->params[q].name);
  bool ok = graph_allowed(b, path, false, at, "the file");
  const sp_media *m = b->g->media;
  char *real = ok ? m->resolve(m, path) : NULL;
  char why[256] = "";
  /* a name that is there but has no path of its own (/dev/stdin on a
   * pipe): the class's host says what it is */
  if (ok && !real && !m->exists(m, path, why, sizeof why)) {
    char *near = !*why && m->near ? m->near(m, path) : NULL;
    /* something in the way (a loop of links) is said as it is */
    char *hint = *why ? sp_xasprintf(": %s", why)
                 : near
                     ? sp_xasprintf(": no such file; did you mean '%s'?", near)
                     : sp_xstrdup(": no such file (the path is relative to the recipe's folder)");
    graph_error(b, SP_ERR_IO, at, "cannot read '%s'%s", sp_insert_file_named(ins, q), hint);
    free(hint);
    free(near);
    ok = false;
  }
  free(real);
  free(at);
  return ok;
}

/* Load the resource a FILE parameter names: an audio file at the session
 * rate, at most the parameter's `max` seconds (an impulse response).
 * Reports a file that cannot be used at the parameter's key; NULL then. */
static sp_resource *load_resource(builder *b, const sp_insert *ins, size_t q)
{
  const sp_param *pr = &ins->cls->params[q];
  const char *path = ins->files[q];
  char *at = sp_xasprintf("%s.%s", ins->path, pr->name);
  sp_resource *res = NULL;
  if (graph_allowed(b, path, false, at, "the file")) {
    float *ch[SP_MAX_CHANNELS] = {NULL};
    int channels = 0;
    int64_t frames = 0;
    int file_rate = 0;
    char why[512];
    sp_err err = sp_media_load(b->g->media, path, b->r->sample_rate, pr->max, ch, &channels,
                               &frames, &file_rate, why, sizeof why);
    if (err != SP_OK) {
      /* What the file is, in the parameter's own words ("impulse response
       * file (mono ...)" → "impulse response"); the reason names the file
       * when it is about its contents. */
      char noun[64];
      snprintf(noun, sizeof noun, "%.*s", (int)strcspn(pr->help, "(,"), pr->help);
      char *end = noun + strlen(noun);
      while (end > noun && end[-1] == ' ')
        *--end = '\0';
      if (end - noun > 5 && strcmp(end - 5, " file") == 0)
        end[-5] = '\0';
      if (strstr(why, path))
        graph_error(b, err, at, "cannot use the %s: %s", noun, why);
      else if (strstr(why, "; check the path")) /* the opener's fix, with where it starts */
        graph_error(b, err, at,
                    "cannot use the %s '%s': %s ('%s' is relative to the recipe's folder)", noun,
                    sp_insert_file_named(ins, q), why, pr->name);
      else
        graph_error(b, err, at,
                    "cannot use the %s '%s': %s; check '%s' (relative to the recipe's folder)",
                    noun, sp_insert_file_named(ins, q), why, pr->name);
    } else {
      res = sp_xcalloc(1, sizeof *res);
      res->name = path;
      res->channels = channels;
      res->frames = frames;
      res->file_rate = file_rate;
      for (int c = 0; c < SP_MAX_CHANNELS; c++)
        res->ch[c] = ch[c];
    }
  }
  free(at);
  return res;
}

/* An outboard insert's return (its FILE parameter): there, or missing
 * (the render then writes its send), and what RETURN.sent says it was
 * recorded from, read through the media; said at the insert: a sidecar
 * that cannot be used, the polarity and gain it found (the unit's sound,
 * played as recorded). False when the insert cannot be used. */
static bool outboard_of(builder *b, sp_node *n, size_t k)
{
  const sp_insert *ins = &n->strip->inserts[k];
  const sp_media *m = b->g->media;
  size_t q = 0;
  while (q < ins->cls->n_params && ins->cls->params[q].kind != SP_PARAM_FILE)
    q++;
  const char *ret = ins->files && q < ins->cls->n_params ? ins->files[q] : NULL;
  if (!ret)
    return true; /* the parser said it is required */
  sp_outboard *ob = sp_xcalloc(1, sizeof *ob);
  n->ins[k].outboard = ob;
  char *real = m->resolve(m, ret);
  char why_not[256] = "";
  /* a return that is there but cannot be read (a loop of links) is not
   * one to come: loading it says why */
  ob->missing = !real && !m->exists(m, ret, why_not, sizeof why_not) && !*why_not;
  free(real);
  const char *base = strrchr(ret, '/') ? strrchr(ret, '/') + 1 : ret;
  const size_t len = strrchr(base, '.') && strrchr(base, '.') != base
                         ? (size_t)(strrchr(base, '.') - base)
                         : strlen(base);
  char *name = ins->name ? sp_xstrdup(ins->name) : sp_xasprintf("%.*s", (int)len, base);
  for (char *c = name; *c; c++) /* a file name a person can type */
    if ((unsigned char)*c < 0x20 || *c == 0x7f)
      *c = '_';
  ob->name = name;
  ob->send_name = sp_xasprintf("sends/%s.wav", name);
  /* two inserts whose sends would be one file */
  for (size_t i = 0; i < b->g->n_nodes; i++)
    for (size_t j = 0; b->g->nodes[i].ins && j < b->g->nodes[i].strip->n_inserts; j++) {
      const sp_outboard *o = b->g->nodes[i].ins[j].outboard;
      if (o && o != ob && strcmp(o->send_name, ob->send_name) == 0) {
        char *at = sp_xasprintf("%s.%s", ins->path, ins->name ? "name" : "return");
        graph_error(b, SP_ERR_USAGE, at,
                    "its send would be %s, as the send of %s is: give the two units names of "
                    "their own ('name: ...'; without one, the send takes the return's file "
                    "name)",
                    ob->send_name, b->g->nodes[i].strip->inserts[j].path);
        free(at);
        return false;
      }
    }
  if (ob->missing || !m->text)
    return true;
  char *side = sp_xasprintf("%s.sent", ret), *at = sp_xasprintf("%s.return", ins->path);
  char why[512] = "";
  char *text = NULL;
  bool ok = true;
  real = m->resolve(m, side);
  if (real && graph_allowed(b, side, false, at, "the return's mark")) {
    text = m->text(m, side, 4096, why, sizeof why);
    sp_sent sent;
    if (!text) {
      graph_error(b, SP_ERR_IO, at,
                  "cannot use '%s', the return's mark: %s; mark the return again: stemprint "
                  "latency OUT/%s '%s' --mark (OUT: the output folder)",
                  side, why, ob->send_name, ret);
      ok = false;
    } else if (!sp_sent_parse(text, &sent, why, sizeof why)) {
      graph_error(b, SP_ERR_IO, at,
                  "'%s' is not what stemprint latency --mark writes (%s); mark the return "
                  "again: stemprint latency OUT/%s '%s' --mark (OUT: the output folder)",
                  side, why, ob->send_name, ret);
      ok = false;
    } else if (sent.sample_rate != (int)b->r->sample_rate) {
      graph_error(b, SP_ERR_IO, at,
                  "'%s' was measured at %d Hz and the session is at %.0f Hz: record the return "
                  "at the session's rate and mark it again",
                  side, sent.sample_rate, b->r->sample_rate);
      ok = false;
    } else {
      ob->marked = true;
      snprintf(ob->sent_digest, sizeof ob->sent_digest, "%s", sent.digest);
      ob->sent_latency_frames = sent.latency_frames;
      ob->sent_gain_db = sent.gain_db;
      ob->sent_inverted = sent.inverted;
      ob->sent_linear = sent.linear;
      if (sent.inverted || fabs(sent.gain_db) >= 0.05)
        graph_warn(b, ins->path,
                   "'%s' comes back %s%s%.2f dB against its send (%s): played as recorded, the "
                   "unit's sound; if the flip or the level is the cabling's or the "
                   "converters', fix them and record again",
                   ret, sent.inverted ? "with its polarity inverted" : "",
                   sent.inverted ? " and " : "at ", sent.gain_db, side);
    }
  }
  free(real);
  free(text);
  free(side);
  free(at);
  return ok;
}

void graph_free_inserts(sp_node *n)
{
  for (size_t k = 0; n->ins && k < n->strip->n_inserts; k++) {
    sp_node_insert *ni = &n->ins[k];
    for (size_t q = 0; ni->resources && q < n->strip->inserts[k].cls->n_params; q++)
      if (ni->resources[q]) {
        for (int c = 0; c < SP_MAX_CHANNELS; c++)
          free((float *)ni->resources[q]->ch[c]);
        free(ni->resources[q]);
      }
    free(ni->resources);
    if (ni->outboard) {
      for (int c = 0; c < SP_MAX_CHANNELS; c++)
        free(ni->outboard->send[c]);
      free((char *)ni->outboard->send_name);
      free((char *)ni->outboard->name);
      free(ni->outboard);
    }
    if (ni->hold)
      n->strip->inserts[k].cls->let_go(ni->hold);
  }
  free(n->ins);
  n->ins = NULL;
}

/* What a key-only plan (sp_graph_opts.key_only) takes of an insert: the
 * state it would restore, found without preparing it; nothing measured. */
static sp_err key_probe(const sp_proc_class *cls, const sp_proc_args *args, sp_proc_probed *out,
                        char *why, size_t why_size)
{
  *out = (sp_proc_probed){.link_floor_dbfs = -INFINITY, .saved = args->saved, .bad_param = -1};
  return cls->saved_of ? cls->saved_of(cls, args, &out->saved, why, why_size) : SP_OK;
}

/* Whether path (an insert's, "tracks.gtr.inserts[0].lv2") is at place
 * ("tracks.gtr.inserts[0]", or the path itself). */
static bool at_place(const char *path, const char *place)
{
  const size_t n = strlen(place);
  return path && strncmp(path, place, n) == 0 && (path[n] == '\0' || path[n] == '.');
}

/* An insert a one-insert plan (sp_graph_opts.only_insert) leaves alone:
 * nothing of it is read, but a state file it names that is not there is
 * said, as a warning (the very folder being saved may be it). */
static void leave_alone(builder *b, const sp_insert *ins)
{
  char *real = ins->state_file ? b->g->media->resolve(b->g->media, ins->state_file) : NULL;
  if (ins->state_file && !real) {
    char *at = sp_xasprintf("%s.state", ins->path);
    graph_warn(b, at,
               "its state '%s' is not there (yet): `stemprint state` saves %s alone and does "
               "not need it",
               ins->state_file, b->only_insert);
    free(at);
  }
  free(real);
}

/* One insert to prepare and measure (sp_proc_probe), and what it found. */
typedef struct probe {
  sp_node *n;
  size_t k; /* the insert's place in n's chain */
  sp_proc_args args;
  sp_proc_env env;
  sp_proc_probed probed;
  sp_err err;
  char why[2048];
} probe;

typedef struct probe_job {
  const builder *b;
  probe *probes;
} probe_job;

static void probe_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  const probe_job *j = ctx;
  probe *pr = &j->probes[i];
  const sp_insert *ins = &pr->n->strip->inserts[pr->k];
  pr->err = j->b->key_only ? key_probe(ins->cls, &pr->args, &pr->probed, pr->why, sizeof pr->why)
                           : sp_proc_probe(ins->cls, &pr->args, &pr->env, &pr->probed, pr->why,
                                           sizeof pr->why);
}

/* Every probe, on b->threads threads (each probe's data its own; a class
 * shares what it caches under its own locks). */
static void probe_all(const builder *b, probe *probes, size_t n)
{
  probe_job job = {b, probes};
  sp_pool_run_threads(b->threads, n, probe_task, &job);
}

/* What probe pr found, said and kept: its error at its key, else its
 * latency, tail and the rest for the planner. */
static void take_probe(builder *b, const probe *pr)
{
  sp_graph *g = b->g;
  sp_node *n = pr->n;
  const size_t k = pr->k;
  const sp_insert *ins = &n->strip->inserts[k];
  const sp_err err = pr->err;
  const sp_proc_probed probed = pr->probed;
  if (err != SP_OK && probed.bad_param >= 0 && !(ins->cls->flags & SP_PROC_BANDS)) {
    /* at the parameter's own key */
    char *at = sp_xasprintf("%s.%s", ins->path, ins->cls->params[probed.bad_param].name);
    graph_error(b, err, at, "%s", pr->why);
    free(at);
  } else if (err != SP_OK) {
    graph_error(b, err, ins->path, "%s", pr->why);
  } else {
    n->ins[k].latency = probed.latency_frames;
    n->ins[k].tail = probed.tail_frames;
    n->ins[k].link_floor = probed.link_floor_dbfs;
    n->ins[k].own_detector = probed.own_detector;
    n->ins[k].key_feed = probed.key_feed;
    n->ins[k].saved = probed.saved;
    /* the files its state names, which the plugin has read in the
     * probe: under --confine a render is refused where one lies
     * outside the allowed folders */
    for (size_t f = 0; probed.saved && f < probed.saved->n_files; f++) {
      char *at = sp_xasprintf("%s.state", ins->path);
      graph_allowed(b, probed.saved->files[f], false, at, "a file the plugin's state names");
      free(at);
    }
    if (probed.tail_capped && b->r->tail_auto && !ins->bypass)
      graph_warn(b, ins->path,
                 "'%s' still rings above the print's floor after %.0f s, the longest tail "
                 "stemprint measures; its tail is cut there (set 'tail' to render more)",
                 ins->cls->name, (double)probed.tail_frames / g->sample_rate);
  }
  if (ins->bypass) {
    n->ins[k].latency = n->ins[k].tail = 0;
    n->ins[k].link_floor = -INFINITY;
  }
}

/* The files probe pr's insert reads, loaded (g->insert_files). */
static void add_insert_files(sp_graph *g, const probe *pr)
{
  const sp_insert *ins = &pr->n->strip->inserts[pr->k];
  for (size_t q = 0; q < ins->cls->n_params; q++) {
    const sp_resource *res = pr->n->ins[pr->k].resources[q];
    if (!res)
      continue;
    g->insert_files =
        sp_xreallocarray(g->insert_files, g->n_insert_files + 1, sizeof *g->insert_files);
    g->insert_files[g->n_insert_files++] = (sp_insert_file){
        ins->files[q], sp_insert_file_named(ins, q),
        sp_xasprintf("%s.%s", ins->path, ins->cls->params[q].name), res->file_rate};
  }
}

/* Insert k of node n to probe: what it is given, and what it holds open
 * (not for a key-only plan) before the probes run side by side: the file
 * opened here, once, is the one the probe and the render's instances
 * read. */
static void probe_of(builder *b, sp_node *n, size_t k, probe *pr)
{
  const sp_proc_class *cls = n->strip->inserts[k].cls;
  pr->n = n;
  pr->k = k;
  pr->args = sp_graph_insert_args(b->g, n, k);
  pr->args.keep_send = false; /* a probe's input is its test signals */
  /* A class that measures runs its test signals in the render's
   * default blocks (a plugin's cost is per run as much as per frame). */
  pr->env = sp_graph_proc_env(b->g, n, k, cls->measure ? 4096 : 64);
  if (cls->hold && !b->key_only)
    n->ins[k].hold = cls->hold(&pr->args);
}

/* Room for a probe of every insert of g's nodes. */
static probe *probes_new(const sp_graph *g)
{
  size_t n_all = 0;
  for (size_t i = 0; i < g->n_nodes; i++)
    n_all += g->nodes[i].strip->n_inserts;
  return sp_xcalloc(n_all + 1, sizeof(probe));
}

/* The probes side by side (a plugin's test signals take a tenth of a
 * second or more each), then their findings said in the recipe's order:
 * the same graph and the same words at any thread count; with add_files,
 * the files each probe read join the graph's inputs. Frees probes. */
static void probes_run(builder *b, probe *probes, size_t n_probes, bool add_files)
{
  probe_all(b, probes, n_probes);
  for (size_t j = 0; j < n_probes; j++) {
    take_probe(b, &probes[j]);
    if (add_files && probes[j].err == SP_OK)
      add_insert_files(b->g, &probes[j]);
  }
  free(probes);
}

/* Node n's polarity (its chain's channels worked out) against the
 * channels it acts on: the chain's input's, an instrument's output's on
 * an instrument track (core/render/prepare.c's trim_channels). */
static void polarity_channels(builder *b, const sp_node *n)
{
  const sp_strip *s = n->strip;
  const int ch = !s->instrument     ? n->src_channels
                 : s->n_inserts > 1 ? n->ins[1].channels
                                    : n->channels;
  /* what the count is of, as the user knows it: an instrument's output,
   * not the MIDI before it */
  const char *of = s->instrument ? "a track whose instrument plays" : "a strip whose chain takes";
  if (s->invert.n && (int)s->invert.n != ch) {
    char *at = sp_xasprintf("%s.invert", n->path);
    graph_error(b, SP_ERR_USAGE, at,
                "%zu polarit%s for %s %d channel%s: give one true or false for each, or "
                "'invert: true' for all",
                s->invert.n, s->invert.n == 1 ? "y" : "ies", of, ch, ch == 1 ? "" : "s");
    free(at);
  }
  if (s->invert.moves.n && s->invert.moves_n > (size_t)ch) {
    char *at = sp_xasprintf("%s.invert", n->path);
    graph_error(b, SP_ERR_USAGE, at,
                "a moving polarity's setting of %zu channels for %s %d channel%s: give one true "
                "or false for each (fewer leave those after them upright), or true or false for "
                "all",
                s->invert.moves_n, of, ch, ch == 1 ? "" : "s");
    free(at);
  }
}

/* Prepare every insert once: what only a processor can check (a frequency
 * above Nyquist, an unreadable IR) is reported now, before anything renders,
 * and each insert's latency and tail become data for the planner. */
void graph_probe_inserts(builder *b)
{
  sp_graph *g = b->g;
  size_t n_probes = 0;
  probe *probes = probes_new(g);
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    const sp_strip *s = n->strip;
    n->ins = sp_xcalloc(s->n_inserts ? s->n_inserts : 1, sizeof *n->ins);
    /* The path's width along the chain: a mono-to-stereo insert (not
     * bypassed) makes a mono path stereo from there on. */
    n->src_channels = n->channels;
    n->in_layout = n->layout;
    /* ... and a fold makes it of the layout it folds into */
    for (size_t k = 0; k < s->n_inserts; k++) {
      const sp_insert *ins = &s->inserts[k];
      n->ins[k].channels = n->channels;
      n->ins[k].layout = n->layout;
      if (ins->bypass)
        continue;
      const int out_channels = ins->cls->out_layout
                                   ? ins->cls->out_layout(ins->params, n->layout)->n
                                   : sp_proc_out_channels(ins->cls, ins->keep_mono, n->channels);
      if (sp_insert_crossfades(ins) &&
          (out_channels != n->channels || (ins->cls->flags & SP_PROC_INSTRUMENT))) {
        /* its dry input has other channels than its output: nothing to
         * crossfade to */
        char *at = sp_xasprintf("%s.bypass", ins->path);
        graph_error(b, SP_ERR_USAGE, at,
                    "'%s' %s, so it cannot be bypassed while it plays; give 'bypass' true or "
                    "false",
                    ins->cls->name,
                    (ins->cls->flags & SP_PROC_INSTRUMENT) ? "is an instrument"
                                                           : "changes the path's channels");
        free(at);
      }
      if (ins->cls->out_layout) {
        n->layout = ins->cls->out_layout(ins->params, n->layout);
        n->channels = n->layout->n;
      } else if ((n->channels = sp_proc_out_channels(ins->cls, ins->keep_mono, n->channels)) !=
                 n->layout->n) { /* widened */
        n->layout = sp_layout_by_count(n->channels);
      }
    }
    /* a file not read (said where it is named): the chain's channels are
     * not known, and what depends on them would be said of a guess; so
     * from an insert refused on (what it would have made of them) */
    const bool judged = !n->channels_unknown;
    const size_t known = s->refused_at ? s->refused_at - 1 : s->n_inserts;
    if (judged)
      polarity_channels(b, n);
    for (size_t k = 0; k < known && judged; k++)
      select_channels(b, n, k);
    n->channels_unknown |= known < s->n_inserts;
    for (size_t k = 0; k < s->n_inserts; k++) {
      /* Bypassed inserts are checked too: un-bypassing one must not turn
       * up an error the recipe already had. They add no latency or tail. */
      const sp_insert *ins = &s->inserts[k];
      const size_t np = ins->cls->n_params;
      /* Not probed (a file it needs is missing: that error is the cause)
       * is nothing measured, so no check after says a consequence first. */
      n->ins[k].link_floor = -INFINITY;
      n->ins[k].resources = sp_xcalloc(np ? np : 1, sizeof *n->ins[k].resources);
      if (b->only_insert && !at_place(ins->path, b->only_insert)) {
        leave_alone(b, ins);
        continue;
      }
      bool loaded = true;
      if (ins->cls->flags & SP_PROC_OUTBOARD)
        loaded = outboard_of(b, n, k);
      for (size_t q = 0; ins->files && q < np; q++)
        if (n->ins[k].outboard && n->ins[k].outboard->missing)
          continue; /* no return yet: the render writes the send */
        else if (ins->files[q] && ins->cls->params[q].kind == SP_PARAM_PATH)
          loaded &= path_readable(b, ins, q);
        else if (ins->files[q] && !(n->ins[k].resources[q] = load_resource(b, ins, q)))
          loaded = false;
      if (ins->state_file) { /* read by the class's host at prepare: may it be? */
        char *at = sp_xasprintf("%s.state", ins->path);
        loaded &= graph_allowed(b, ins->state_file, false, at, "the state file");
        free(at);
      }
      if (!loaded || !judged || k >= known || n->ins[k].sel.refused)
        continue;
      probe_of(b, n, k, &probes[n_probes++]);
    }
  }
  probes_run(b, probes, n_probes, true);
}

void graph_probe_again(builder *b, const sp_graph *like)
{
  sp_graph *g = b->g;
  size_t n_probes = 0;
  probe *probes = probes_new(g);
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      if (!like) {
        probe_of(b, n, k, &probes[n_probes++]);
        continue;
      }
      /* the same recipe's insert, probed for like: what it found */
      const sp_node_insert *from = &like->nodes[i].ins[k];
      sp_node_insert *to = &n->ins[k];
      to->latency = from->latency;
      to->tail = from->tail;
      to->link_floor = from->link_floor;
      to->own_detector = from->own_detector;
      to->key_feed = from->key_feed;
      to->saved = from->saved;
    }
  }
  probes_run(b, probes, n_probes, false);
}

/* Latency before insert k of n's chain, relative to the chain's input. */
static int64_t pre_latency(const sp_node *n, size_t k)
{
  int64_t t = 0;
  for (size_t j = 0; j < k; j++)
    t += n->ins[j].latency;
  return t;
}

/* The latency of src's inserts after the point edge e taps (a send's or
 * key's tap; its output's: none), as the renderer lines a tap up with the
 * output (render/prepare.c). */
static int64_t after_tap(const sp_node *src, const sp_edge *e)
{
  const size_t n = src->strip->n_inserts, at = n - src->strip->n_post;
  if (src->strip->n_post == 0 || e->kind != SP_EDGE_SEND)
    return 0;
  size_t from = n;
  if (e->send->tap.at == SP_TAP_PRE)
    from = at;
  else if (e->send->tap.at == SP_TAP_FADER && e->tap_after < src->strip->n_post)
    from = at + e->tap_after;
  int64_t t = 0;
  for (size_t j = from; j < n; j++)
    t += src->ins[j].latency;
  return t;
}

/* Where a send's tap lies in its route's chain, for the order Ardour
 * lines sends up in: later taps larger, a send of the output last. */
static size_t tap_rank(const sp_node *src, const sp_edge *e)
{
  const size_t n = src->strip->n_inserts;
  if (e->send->tap.at == SP_TAP_PRE)
    return n - src->strip->n_post;
  if (e->send->tap.at == SP_TAP_FADER && e->tap_after < src->strip->n_post)
    return n - src->strip->n_post + e->tap_after;
  return n + 1;
}

/* Ardour 7.3's aux sends are lined up with their bus whatever the ports
 * say (Route::update_signal_latency, Send::update_delaylines): a send's
 * delay_out is its bus's playback offset (the bus's latency: its own
 * inserts' and its own sends' thru delays), its delay_in the latency of
 * its route's chain after it (later sends' thru delays in it). Where the
 * bus's is larger, the route's path after the send is delayed by the
 * difference (its thru delay, part of the route's latency, which a track
 * reads its regions early by), else the send is. Either way the send
 * reaches its bus early by the bus's latency, from the route's output
 * (with every thru delay): the bus's output is on time with its route's.
 * Into thru[k] each node's thru delays together, downstream first; into
 * each send edge its delay from its source's output: thru less its bus's
 * latency (none where the tap, lined up with the output, cannot be as
 * early as Ardour's send: a latent post_insert after a tap into a latent
 * bus). */
static void plan_send_delays(sp_graph *g, int64_t *thru)
{
  for (size_t k = g->n_nodes; k-- > 0;) {
    const size_t i = (size_t)g->order[k];
    const sp_node *n = &g->nodes[i];
    int64_t acc = 0;
    bool *done = sp_xcalloc(n->n_out + 1, sizeof *done);
    for (;;) { /* the sends from the chain's end back: the latest tap, the last listed first */
      size_t best = n->n_out;
      for (size_t j = 0; j < n->n_out; j++) {
        const sp_edge *e = &g->edges[n->out[j]];
        if (done[j] || e->kind != SP_EDGE_SEND || g->nodes[e->dst].kind != SP_NODE_BUS)
          continue;
        if (best == n->n_out || tap_rank(n, e) >= tap_rank(n, &g->edges[n->out[best]]))
          best = j;
      }
      if (best == n->n_out)
        break;
      done[best] = true;
      const sp_edge *e = &g->edges[n->out[best]];
      const sp_node *d = &g->nodes[e->dst];
      const int64_t out = pre_latency(d, d->strip->n_inserts) + thru[e->dst];
      const int64_t in = after_tap(n, e) + acc;
      if (out > in)
        acc += out - in;
    }
    free(done);
    thru[i] = acc;
  }
  for (size_t j = 0; j < g->n_edges; j++) {
    sp_edge *e = &g->edges[j];
    const sp_node *d = &g->nodes[e->dst];
    int64_t delay = thru[e->src];
    if (e->kind == SP_EDGE_SEND && d->kind == SP_NODE_BUS)
      delay -= pre_latency(d, d->strip->n_inserts) + thru[e->dst];
    e->delay = delay > 0 ? delay : 0;
  }
}

/* `latency: ignore`, as Ardour plays a session whose master is wired to
 * nothing (no port latency to align routes by): a track reads its regions
 * early by its own chain's latency (Ardour's disk reader), so its output
 * is on time; a bus cannot, and plays late by its chain's. Nothing is
 * delayed where routes meet by outputs (a route's own taps stay aligned
 * with its output, render/prepare.c), but a send reaches its bus early by
 * the bus's latency (plan_send_delays), which a track's thru delays make
 * it read earlier still. The render starts the largest track's latency
 * early, trimmed from the outputs, so that every track reads its regions
 * from their start; each route runs its cycles on the outputs' clock
 * (lat_down). */
static void plan_no_latency(sp_graph *g)
{
  int64_t *thru = sp_xcalloc(g->n_nodes + 1, sizeof *thru);
  plan_send_delays(g, thru);
  int64_t early = 0;
  for (size_t k = 0; k < g->n_nodes; k++) {
    const int64_t own = pre_latency(&g->nodes[k], g->nodes[k].strip->n_inserts);
    if (g->nodes[k].kind == SP_NODE_TRACK && own + thru[k] > early)
      early = own + thru[k];
  }
  for (size_t k = 0; k < g->n_nodes; k++) {
    sp_node *n = &g->nodes[k];
    const int64_t own = pre_latency(n, n->strip->n_inserts);
    n->lat_in = n->kind == SP_NODE_TRACK ? early - own - thru[k] : early;
    n->lat_out = n->lat_in + own;
    n->lat_down = early - n->lat_out;
  }
  g->latency = early;
  free(thru);
}

/* Walk the schedule once: a node's input latency is the largest among its
 * inputs (keys: less the latency of the inserts before the keyed one), its
 * output adds its inserts'; every input arriving earlier gets a delay. */
void graph_plan_latency(sp_graph *g)
{
  for (size_t k = 0; k < g->n_nodes; k++) {
    sp_node *n = &g->nodes[g->order[k]];
    int64_t in = 0, tail = 0;
    for (size_t j = 0; j < n->n_in; j++) {
      const sp_edge *e = &g->edges[n->in[j]];
      const sp_node *src = &g->nodes[e->src];
      int64_t need = src->lat_out;
      if (e->kind == SP_EDGE_KEY)
        need -= pre_latency(n, (size_t)e->insert);
      else if (src->tail_out > tail)
        tail = src->tail_out;
      if (need > in)
        in = need;
    }
    n->lat_in = in;
    n->lat_out = in + pre_latency(n, n->strip->n_inserts);
    n->tail_out = tail;
    for (size_t j = 0; j < n->strip->n_inserts; j++)
      n->tail_out += n->ins[j].tail;
    for (size_t j = 0; j < n->n_in; j++) {
      sp_edge *e = &g->edges[n->in[j]];
      int64_t at = n->lat_in + (e->kind == SP_EDGE_KEY ? pre_latency(n, (size_t)e->insert) : 0);
      e->delay = at - g->nodes[e->src].lat_out;
    }
  }
  g->latency = g->nodes[g->master].lat_out;
  for (size_t k = g->n_nodes; k-- > 0;) {
    sp_node *n = &g->nodes[g->order[k]];
    n->lat_down = 0;
    for (size_t j = 0; j < n->n_out; j++) {
      const sp_edge *e = &g->edges[n->out[j]];
      const sp_node *d = &g->nodes[e->dst];
      if (e->kind == SP_EDGE_MAIN && d->lat_out - d->lat_in + d->lat_down > n->lat_down)
        n->lat_down = d->lat_out - d->lat_in + d->lat_down;
    }
  }
  if (g->recipe && g->recipe->latency_ignored)
    plan_no_latency(g);
  /* a hardware insert's send: what reaches it of the content and the tails
   * before it, on its clock (not the render's end, which its own latency
   * and what follows it move: the same send whatever comes after) */
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    int64_t tail = n->tail_out;
    for (size_t k = n->strip->n_inserts; n->ins && k-- > 0;) {
      tail -= n->ins[k].tail;
      if (n->ins[k].outboard)
        n->ins[k].outboard->send_cap = g->content_frames + n->lat_in + pre_latency(n, k) +
                                       (tail > 0 ? tail : 0);
    }
  }
}

void graph_plan_tail(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  if (!r->tail_auto) {
    g->tail_frames = sp_time_frames(r->tail, r->sample_rate);
    return;
  }
  int64_t cap = (int64_t)(SP_TAIL_CAP_SECONDS * r->sample_rate);
  g->tail_frames = g->nodes[g->master].tail_out;
  for (size_t o = 0; o < g->n_outputs; o++)
    if (g->outputs[o].kind == SP_OUT_BUS && g->nodes[g->outputs[o].node].tail_out > g->tail_frames)
      g->tail_frames = g->nodes[g->outputs[o].node].tail_out;
  if (g->tail_frames > cap) {
    graph_warn(b, "tail",
               "the processors' tails last %.1f s; 'tail: auto' renders %g s of them: "
               "set 'tail' to render more",
               (double)g->tail_frames / r->sample_rate, SP_TAIL_CAP_SECONDS);
    g->tail_frames = cap;
    g->tail_capped = true;
  }
}
