/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Outputs: where the render writes (the output folder, checked to be
 * writable, inside the confinement and never one of the inputs), the file
 * name of every print (core/base/names.c's templates), and the plan of each
 * output: its lanes, its delay to align with the others, and the hidden
 * "what it leaves out" file each linked version's null test reads. */

#include "core/graph/builder.h"
#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/base/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- outputs ------------------------------------------------------------- */

/* The output folder: output.dir (relative to the recipe's folder) or -o
 * (relative to where stemprint runs), `{recipe}` replaced by the recipe
 * file's base name and `{input}` by its whole file name in either. */
static char *expand_dir(const sp_recipe *r, const sp_graph_opts *opts)
{
  const bool given = opts && opts->out_dir;
  const char *t = given ? opts->out_dir : r->output.dir;
  static const char *const names[] = {"{recipe}", "{input}"};
  const char *const values[] = {r->base, r->input};
  size_t len = 0;
  for (const char *p = t; *p;) {
    size_t k = 0;
    while (k < 2 && strncmp(p, names[k], strlen(names[k])) != 0)
      k++;
    len += k < 2 ? strlen(values[k]) : 1;
    p += k < 2 ? strlen(names[k]) : 1;
  }
  char *dir = sp_xmalloc(len + 1), *o = dir;
  for (const char *p = t; *p;) {
    size_t k = 0;
    while (k < 2 && strncmp(p, names[k], strlen(names[k])) != 0)
      k++;
    if (k < 2) {
      strcpy(o, values[k]);
      o += strlen(values[k]);
      p += strlen(names[k]);
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  if (given || dir[0] == '/' || strcmp(r->dir, ".") == 0)
    return dir;
  char *full = sp_xasprintf("%s/%s", r->dir, dir);
  free(dir);
  return full;
}

/* Check that dir exists as a writable folder or can be created. */
static void check_out_dir(builder *b, const char *dir, const char *key)
{
  char why[1024];
  if (b->g->media->check_folder(b->g->media, dir, why, sizeof why) != SP_OK)
    graph_error(b, SP_ERR_IO, key, "%s", why);
}

/* A file the render reads, as an output over it is told of it: the
 * recipe itself, a track's region's file (as written), an insert's. */
typedef struct read_file {
  const char *file;    /* NULL: the recipe */
  const char *track;   /* a region's track */
  const sp_insert *in; /* an insert's, its parameter param */
  size_t param;
} read_file;

/* The files the render reads, each asked its identity once (not each
 * output against each: a session of thousands of regions), the first of
 * each identity held, in the order an output is told of them: the
 * recipe, the regions track by track, the inserts' files (a convolver's
 * impulse response) node by node. */
typedef struct read_files {
  read_file *v;
  size_t n, cap;
  sp_strmap by_id; /* identity -> v's index */
} read_files;

static void read_add(read_files *in, const sp_media *m, const char *path, read_file f)
{
  char *id = m->identity(m, path);
  if (sp_strmap_put(&in->by_id, id, in->n) == in->n) {
    SP_GROW(in->v, in->n, in->cap);
    in->v[in->n++] = f;
  }
  free(id);
}

static void read_files_of(const builder *b, read_files *in)
{
  const sp_media *m = b->g->media;
  const sp_recipe *r = b->r;
  read_add(in, m, r->file, (read_file){0});
  for (size_t t = 0; t < r->n_tracks; t++)
    for (size_t k = 0; k < r->tracks[t].n_regions; k++) {
      const sp_region *rg = &r->tracks[t].regions[k];
      for (size_t f = 0; f < (rg->n_files ? rg->n_files : 1); f++) { /* `files:`: each */
        const char *path = rg->n_files ? rg->paths[f] : rg->path;
        if (path)
          read_add(in, m, path,
                   (read_file){.file = rg->n_files ? rg->files[f] : sp_region_written(rg),
                               .track = r->tracks[t].name});
      }
    }
  const sp_graph *g = b->g;
  for (size_t n = 0; n < g->n_nodes; n++) {
    const sp_strip *s = g->nodes[n].strip;
    for (size_t k = 0; s && k < s->n_inserts; k++) {
      const sp_insert *ins = &s->inserts[k];
      for (size_t q = 0; ins->files && q < ins->cls->n_params; q++)
        if (ins->files[q])
          read_add(in, m, ins->files[q],
                   (read_file){.file = sp_insert_file_named(ins, q), .in = ins, .param = q});
    }
  }
}

static void read_files_fini(read_files *in)
{
  free(in->v);
  sp_strmap_fini(&in->by_id);
}

/* Refuse an output path that is one of the render's inputs. */
static void check_not_input(builder *b, const read_files *in, const char *out, const char *key)
{
  const sp_media *m = b->g->media;
  char *id = m->identity(m, out);
  size_t i;
  const bool read = sp_strmap_get(&in->by_id, id, &i);
  free(id);
  if (!read)
    return;
  const read_file *f = &in->v[i];
  if (!f->file)
    graph_error(b, SP_ERR_USAGE, key,
                "output '%s' would overwrite the recipe itself; choose "
                "another output.dir or name",
                out);
  else if (!f->in)
    graph_error(b, SP_ERR_USAGE, key,
                "output '%s' would overwrite '%s', an input of track "
                "'%s'; choose another output.dir or name",
                out, f->file, f->track);
  else
    graph_error(b, SP_ERR_USAGE, key,
                "output '%s' would overwrite '%s', the %s of %s; choose another output.dir or "
                "name",
                out, f->file, f->in->cls->params[f->param].name, f->in->path);
}

static sp_output_plan *add_output(sp_graph *g, sp_out_kind kind, const char *name, char *key)
{
  g->outputs = sp_xreallocarray(g->outputs, g->n_outputs + 1, sizeof *g->outputs);
  sp_output_plan *o = &g->outputs[g->n_outputs++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  o->name = name;
  o->key = key;
  o->node = -1;
  o->index = -1;
  if (kind != SP_OUT_BUS)
    o->lanes = sp_xcalloc(g->n_lanes + 1, sizeof *o->lanes);
  return o;
}

const char *sp_out_kind_name(sp_out_kind kind)
{
  static const char *const kinds[] = {"mix", "stem", "version", "bus", "rest"};
  return kinds[kind];
}

/* What the placeholders of a print's file name stand for: a print of kind
 * named name, in set (NULL: the master set), a multi-mono file's channel
 * (-1: all). */
static sp_name_vars name_vars(builder *b, sp_out_kind kind, const char *name,
                              const sp_output_set *set, int channel)
{
  const sp_recipe *r = b->r;
  /* the files' layout: the set's own, a printed bus's, else master's */
  const int node = kind == SP_OUT_BUS ? sp_graph_find(b->g, name) : b->g->master;
  const sp_layout *layout = set && set->layout ? set->layout
                            : node >= 0        ? b->g->nodes[node].layout
                                               : NULL;
  return (sp_name_vars){.recipe = r->base,
                        .name = name,
                        .kind = sp_out_kind_name(kind),
                        .format = sp_format_ext(set ? set->format : r->output.format),
                        .rate_hz = set && set->rate > 0 ? set->rate : r->sample_rate,
                        .depth = set ? (sp_format_lossy(set->format) ? 0 : (int)set->depth)
                                     : (int)r->output.depth,
                        .layout = layout ? layout->name : NULL,
                        .channel = layout && channel >= 0 ? layout->ch[channel].name : NULL};
}

/* The template that names a print of kind in set (NULL: the master set),
 * and into key the recipe path it was written at: the set's own name
 * (output.also[1].name), output.name when one template names every kind,
 * else output.name.<kind>; "" for the default, "{name}". */
static const char *name_template(const sp_recipe *r, sp_out_kind kind, const sp_output_set *set,
                                 char *key, size_t key_size)
{
  static const char *const keys[] = {"output.name.mix", "output.name.stems", "output.name.versions",
                                     "output.name.buses"};
  if (set && set->name) {
    snprintf(key, key_size, "output.also[%zu].name", sp_output_set_at(r, set));
    return set->name;
  }
  if (!r->output.name[kind]) {
    snprintf(key, key_size, "%s", "");
    return "{name}";
  }
  bool one = true; /* output.name as one template for every kind */
  for (size_t k = 1; k < 4 && one; k++)
    one =
        r->output.name[k] && r->output.name[0] && strcmp(r->output.name[k], r->output.name[0]) == 0;
  snprintf(key, key_size, "%s", one ? "output.name" : keys[kind]);
  return r->output.name[kind];
}

/* Whether a template holds the print's name in any of its cases. */
static bool names_the_print(const char *tmpl)
{
  return strstr(tmpl, "{name}") || strstr(tmpl, "{Name}") || strstr(tmpl, "{NAME}");
}

/* The recipe paths already told that their template cannot name a print:
 * one mistake in a template is one error, however many prints it names. */
typedef struct said_keys {
  char **keys;
  size_t n, cap;
} said_keys;

/* Whether key is said for the first time (and remember it). */
static bool first_time(said_keys *s, const char *key)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->keys[i], key) == 0)
      return false;
  SP_GROW(s->keys, s->n, s->cap);
  s->keys[s->n++] = sp_xstrdup(key);
  return true;
}

/* The file name of an output: its template (name_template), expanded,
 * with the format's extension; checked to be portable (the template was
 * checked by the parser, the name's letters come from it and the recipe's
 * names). NULL after reporting a name that is not: at the template, once,
 * when the template makes any name unprintable ('{name} 100%'); else at
 * the print's key, whose name does. */
static char *file_name(builder *b, said_keys *said, sp_out_kind kind, const char *name,
                       const char *key, const sp_output_set *set, int channel)
{
  char tkey[64];
  const char *tmpl = name_template(b->r, kind, set, tkey, sizeof tkey);
  sp_name_vars v = name_vars(b, kind, name, set, channel);
  char *stem = sp_name_expand(tmpl, &v);
  char *file =
      sp_xasprintf("%s.%s", stem, sp_format_suffix(set ? set->format : b->r->output.format));
  free(stem);
  char why[512];
  if (sp_file_name_check(file, why, sizeof why))
    return file;
  /* the template's fault when a plain name fails in it too */
  sp_name_vars plain = v;
  plain.name = "a";
  char *p = sp_name_expand(tmpl, &plain);
  char *pfile = sp_xasprintf("%s.%s", p, v.format);
  const bool template_fault = *tkey && !sp_file_name_check(pfile, NULL, 0);
  free(p);
  free(pfile);
  if (!template_fault)
    graph_error(b, SP_ERR_USAGE, key,
                "the %s '%s' cannot be printed under this name: %s; rename it",
                sp_out_kind_name(kind), name, why);
  else if (first_time(said, tkey))
    graph_error(b, SP_ERR_USAGE, tkey,
                "the %s '%s' cannot be printed under this name: %s; change %s",
                sp_out_kind_name(kind), name, why, tkey);
  free(file);
  return NULL;
}

/* A print as named_prints lists it: its kind, name and the key naming it,
 * and which of its kind it is (a stem's or a version's index in the recipe,
 * a printed bus's node; -1 for the mix). */
typedef struct named {
  sp_out_kind kind;
  const char *name, *key;
  int index;
} named;

/* The channels of print x's files in set os: the set's layout's, else the
 * printed bus's or master's. */
static int print_channels(builder *b, const named *x, const sp_output_set *os)
{
  const sp_graph *g = b->g;
  if (os && os->layout)
    return os->layout->n;
  const int node = x->kind == SP_OUT_BUS ? sp_graph_find(g, x->name) : g->master;
  return node >= 0 ? g->nodes[node].layout->n : 2;
}

/* How to name set os's files apart from those of another set whose print
 * took the same name (vars: the two prints'), into how: the placeholders
 * whose values differ between the two ({khz}, {depth}, {layout}), to put
 * in the set's template; when none do, a name of its own (that differs by
 * more than case when cased: the names clash only in case). */
static void sets_apart(const sp_recipe *r, const sp_output_set *os, const sp_name_vars *mine,
                       const sp_name_vars *theirs, bool cased, char *how, size_t how_size)
{
  const bool rate = mine->rate_hz != theirs->rate_hz, depth = mine->depth != theirs->depth,
             layout = strcmp(mine->layout ? mine->layout : "stereo",
                             theirs->layout ? theirs->layout : "stereo") != 0;
  char tkey[64];
  const char *tmpl = name_template(r, SP_OUT_MIX, os, tkey, sizeof tkey);
  const char *where = os->name ? "its name" : "output.name";
  if (rate || depth || layout) {
    const char *words[3];
    size_t n = 0;
    if (rate)
      words[n++] = "{khz}";
    if (depth)
      words[n++] = "{depth}";
    if (layout)
      words[n++] = "{layout}";
    snprintf(how, how_size,
             "name the sets apart by what differs between them: put %s%s%s%s%s in %s, or give "
             "the set a name of its own, like name: \"{name}%s%s%s\"",
             words[0], n > 1 ? (n > 2 ? ", " : " or ") : "", n > 1 ? words[1] : "",
             n > 2 ? " or " : "", n > 2 ? words[2] : "", where, rate ? "_{khz}k" : "",
             depth ? "_{depth}bit" : "", layout ? "_{layout}" : "");
    return;
  }
  snprintf(how, how_size,
           "the two sets print the same format, rate, depth and layout, so {khz}, {depth} and "
           "{layout} cannot tell them apart: remove the set, or give it a name of its own%s, "
           "like name: \"%s_alt\"",
           cased ? " that differs by more than case" : "",
           names_the_print(tmpl) ? tmpl : "{name}"); /* a set's name applies to every print */
}

static const char *const print_kinds[] = {"the mix", "stem", "version", "printed bus"};
static const char *const case_only =
    " names that differ only in case are one file on macOS and Windows, whose file systems "
    "ignore case";

/* Print a of a set of output.also takes print c's file name (cased: but
 * for case): said once for the set, at output.also[N], with the fix. */
static void set_clash(builder *b, const named *all, size_t n, size_t a, size_t c, bool cased)
{
  const sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const size_t set = (size_t)g->print_refs[a].set, at = g->print_refs[a].of;
  const size_t cset = (size_t)g->print_refs[c].set, of = g->print_refs[c].of;
  const sp_output_set *os = &r->output.sets[set - 1];
  const sp_output_set *cs = cset ? &r->output.sets[cset - 1] : NULL;
  sp_name_vars mine = name_vars(b, all[at].kind, all[at].name, os, g->print_refs[a].channel);
  sp_name_vars theirs = name_vars(b, all[of].kind, all[of].name, cs, g->print_refs[c].channel);
  char how[512];
  if (os->split && !strstr(os->name ? os->name : "", "{channel}"))
    snprintf(how, sizeof how,
             "a multi-mono set names each channel's file: put {channel} in its name, "
             "like name: \"{name}.{channel}\"");
  else if (cset == set)
    snprintf(how, sizeof how, "each print needs a file of its own: put {name} in %s",
             os->name ? "its name" : "output.name");
  else
    sets_apart(r, os, &mine, &theirs, cased, how, sizeof how);
  char key[48];
  snprintf(key, sizeof key, "output.also[%zu]", sp_output_set_at(r, os));
  char theirs_key[64] = "";
  if (cs && cset != set) /* the other set named, where both are written */
    snprintf(theirs_key, sizeof theirs_key, "output.also[%zu]'s", sp_output_set_at(r, cs));
  const char *whose = c < n ? "the master set's" : cset == set ? "each other's" : theirs_key;
  if (cased)
    graph_error(b, SP_ERR_USAGE, key,
                "its files' names would differ from %s only in case (%s '%s' would be "
                "written to '%s' beside '%s'), and%s; %s",
                whose, print_kinds[all[at].kind], all[at].name, g->prints[a], g->prints[c],
                case_only, how);
  else
    graph_error(b, SP_ERR_USAGE, key,
                "its files would take %s%s (%s '%s' would be written to '%s'); %s",
                cset == set && c >= n ? "one name between them" : whose,
                cset == set && c >= n ? "" : " names", print_kinds[all[at].kind], all[at].name,
                g->prints[a], how);
}

/* Prints a and c of the master set take one file name (cased: but for
 * case): said at the key to mend, with the fix. */
static void print_clash(builder *b, const named *x, const named *y, size_t a, size_t c, bool cased)
{
  const sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const bool is_mix = y->kind == SP_OUT_MIX;
  char xkey[64], ykey[64];
  const char *xt = name_template(r, x->kind, NULL, xkey, sizeof xkey),
             *yt = name_template(r, y->kind, NULL, ykey, sizeof ykey);
  /* where to mend it: two prints of one name are renamed (the mix at
   * output.mix, when the recipe names it there); prints of other names
   * lose them in a template that leaves the name out */
  const bool one_name = strcasecmp(x->name, y->name) == 0;
  const bool mix_named = is_mix && sp_recipe_written(r, "output.mix");
  const char *loses = !names_the_print(xt) ? xkey : !names_the_print(yt) ? ykey : NULL;
  char how[256];
  if (one_name && mix_named)
    snprintf(how, sizeof how, "rename the mix (output.mix) or the %s", print_kinds[x->kind]);
  else if (one_name && is_mix)
    snprintf(how, sizeof how, "rename it or set output.mix");
  else if (!one_name && loses)
    snprintf(how, sizeof how, "rename one of them, or put {name} in %s", loses);
  else
    snprintf(how, sizeof how, "rename one of them%s",
             one_name && cased ? " by more than case" : "");
  if (one_name && mix_named)
    graph_error(b, SP_ERR_USAGE, y->key,
                "the mix '%s' would be written to '%s', like %s '%s'%s%s%s; %s", y->name,
                g->prints[c], print_kinds[x->kind], x->name, cased ? " (" : "",
                cased ? case_only + 1 : "", cased ? ")" : "", how);
  else
    graph_error(b, SP_ERR_USAGE, x->key,
                "%s '%s' would be written to '%s', like %s%s%s%s%s%s%s; %s", print_kinds[x->kind],
                x->name, g->prints[a], print_kinds[y->kind], is_mix ? "" : " '",
                is_mix ? "" : y->name, is_mix ? "" : "'", cased ? " (" : "",
                cased ? case_only + 1 : "", cased ? ")" : "", how);
}

/* The prints of a whole render, by kind: the mix, the stems, the versions,
 * the printed buses, into *all (n); their keys' texts into *keys (freed
 * by the caller, n_keys of them). */
static size_t named_prints(builder *b, named **all, char ***keys, size_t *n_keys)
{
  const sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  size_t n = 0, cap = 0;
  *all = NULL;
  SP_GROW(*all, n, cap);
  (*all)[n++] = (named){SP_OUT_MIX, r->output.mix, "output.mix", -1};
  *keys = sp_xcalloc(r->n_stems + r->n_versions + g->n_nodes + 1, sizeof **keys);
  *n_keys = 0;
  for (size_t s = 0; r->has_stems && s < r->n_stems; s++) {
    SP_GROW(*all, n, cap);
    (*keys)[*n_keys] = sp_xasprintf("stems.%s", r->stems[s].name);
    (*all)[n++] = (named){SP_OUT_STEM, r->stems[s].name, (*keys)[(*n_keys)++], (int)s};
  }
  for (size_t v = 0; v < r->n_versions; v++) {
    SP_GROW(*all, n, cap);
    (*keys)[*n_keys] = sp_xasprintf("versions.%s", r->versions[v].name);
    (*all)[n++] = (named){SP_OUT_VERSION, r->versions[v].name, (*keys)[(*n_keys)++], (int)v};
  }
  for (size_t i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].kind == SP_NODE_BUS && g->nodes[i].strip->print) {
      SP_GROW(*all, n, cap);
      (*keys)[*n_keys] = sp_xasprintf("%s.print", g->nodes[i].path);
      (*all)[n++] = (named){SP_OUT_BUS, g->nodes[i].name, (*keys)[(*n_keys)++], (int)i};
    }
  return n;
}

/* Every file a whole render prints, named and checked once: two names that
 * are the same or differ only in case would overwrite each other (on the
 * file systems that ignore case). One mistake is one error: a clash of two
 * prints in the master set is not said again for each set of output.also,
 * where their files clash too. */
static void plan_prints(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  named *all;
  char **keys;
  size_t n_keys;
  const size_t n = named_prints(b, &all, &keys, &n_keys);
  /* the master set's files, then each set of output.also's in turn (a
   * multi-mono set's a file a channel of each print) */
  const size_t sets = r->output.n_sets;
  size_t total = n;
  for (size_t k = 0; k < sets; k++)
    for (size_t at = 0; at < n; at++)
      total +=
          r->output.sets[k].split ? (size_t)print_channels(b, &all[at], &r->output.sets[k]) : 1;
  g->prints = sp_xcalloc(total, sizeof *g->prints);
  g->print_refs = sp_xcalloc(total, sizeof *g->print_refs);
  g->n_prints = 0;
  g->n_master_prints = n;
  for (size_t set = 0; set <= sets; set++)
    for (size_t at = 0; at < n; at++) {
      const sp_output_set *os = set ? &r->output.sets[set - 1] : NULL;
      const int channels = os && os->split ? print_channels(b, &all[at], os) : 0;
      for (int c = os && os->split ? 0 : -1; c < channels; c++)
        g->print_refs[g->n_prints++] = (struct sp_print_ref){(int)set, at, c};
    }
  bool *set_said = sp_xcalloc(sets + 1, sizeof *set_said);
  /* [n * n]: prints a and c of the master set whose files clash */
  bool *clashed = sp_xcalloc(n * n, sizeof *clashed);
  said_keys said = {0};
  for (size_t a = 0; a < g->n_prints; a++) {
    const size_t set = (size_t)g->print_refs[a].set, at = g->print_refs[a].of;
    const sp_output_set *os = set ? &r->output.sets[set - 1] : NULL;
    g->prints[a] =
        file_name(b, &said, all[at].kind, all[at].name, all[at].key, os, g->print_refs[a].channel);
    for (size_t c = 0; g->prints[a] && c < a; c++) {
      if (!g->prints[c] || strcasecmp(g->prints[a], g->prints[c]) != 0)
        continue;
      const size_t of = g->print_refs[c].of;
      const bool cased = strcmp(g->prints[a], g->prints[c]) != 0;
      if (set > 0) { /* a set whose names are another's: said once per set */
        if (at != of && clashed[at * n + of])
          continue; /* the master set's clash of these two, said there */
        if (!set_said[set - 1])
          set_clash(b, all, n, a, c, cased);
        set_said[set - 1] = true;
        break;
      }
      clashed[at * n + of] = clashed[of * n + at] = true;
      print_clash(b, &all[a], &all[c], a, c, cased);
      break;
    }
  }
  sp_free_strings(said.keys, said.n);
  sp_free_strings(keys, n_keys);
  free(all);
  free(set_said);
  free(clashed);
}

/* The planned path of print i (see plan_prints), or a placeholder when its
 * name was refused (the build fails; the path is never used). */
static char *print_path(const sp_graph *g, size_t i)
{
  return sp_xasprintf("%s/%s", g->out_dir, g->prints[i] ? g->prints[i] : "?");
}

/* The widest layout f says by its count (its files' most channels). */
static const char *widest_held(sp_format f)
{
  const int most = sp_formats[f].channels ? sp_formats[f].channels : 8;
  for (int n = most; n > 1; n--) {
    const sp_layout *l = sp_layout_by_count(n);
    if (l && sp_format_says_layout(f, l))
      return l->name;
  }
  return "stereo";
}

/* The widest file the outputs print (master's layout, a printed bus's;
 * a set's own layout when it folds them) against what format f holds, at
 * key: its channels, and their layout where the format says it by the
 * count. */
static void check_format_channels(builder *b, sp_format f, const sp_layout *folded, const char *key)
{
  const sp_graph *g = b->g;
  const int most = sp_formats[f].channels;
  char holds[96], refused[256];
  sp_format_counted_layouts(f, holds, sizeof holds);
  const char *fits = widest_held(f); /* the widest layout it holds, for the way out */
  if (folded && most && folded->n > most) {
    graph_error(b, SP_ERR_USAGE, key,
                "%s holds at most %d channel%s and the set is %s (%d): fold it into %s%s "
                "(layout: %s), or print it as wav",
                sp_format_ext(f), most, most == 1 ? "" : "s", folded->name, folded->n, fits,
                most > 2 ? " or less" : "", fits);
    return;
  }
  if (folded && !sp_format_says_layout(f, folded)) {
    sp_format_layout_refused(f, folded, refused, sizeof refused);
    graph_error(b, SP_ERR_USAGE, key,
                "%s the set is %s (%s): fold it into a layout %s holds (%s), or print it as wav",
                refused, folded->name, folded->text, sp_format_ext(f), holds);
    return;
  }
  if (folded)
    return;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (!(n->kind == SP_NODE_MASTER || (n->kind == SP_NODE_BUS && n->strip->print)))
      continue;
    const bool also = strstr(key, "also") != NULL;
    if (most && n->channels > most) {
      char folded_set[64], wide[64];
      sp_format_list_wide(f, wide, sizeof wide);
      snprintf(folded_set, sizeof folded_set, ", layout: %s}]", fits);
      graph_error(
          b, SP_ERR_USAGE, key, "%s holds at most %d channel%s and '%s' is %s (%d): print %s%s%s%s",
          sp_format_ext(f), most, most == 1 ? "" : "s", n->name, n->layout->name, n->channels, wide,
          also ? ", or fold the set's files into a layout it holds: layout: "
               : ", and the "
                 "files folded into a layout it holds as a set: also: [{format: ",
          also ? fits : sp_format_ext(f), also ? "" : folded_set);
      return;
    }
    if (!sp_format_says_layout(f, n->layout)) {
      sp_format_layout_refused(f, n->layout, refused, sizeof refused);
      graph_error(b, SP_ERR_USAGE, key,
                  "%s '%s' is %s (%s): print wav, which says them by a channel mask%s%s", refused,
                  n->name, n->layout->name, n->layout->text,
                  also ? ", or fold the set's files into a layout it holds: " : "",
                  also ? holds : "");
      return;
    }
  }
}

/* An MP3 set's bitrate against its rate's MPEG version and the frames that
 * hold LAME's info tag, an AAC set's against what its encoder gives
 * (sp_format_check_kbps_at, core/recipe/format.h, the album's sets' rule
 * too): without the tag, every decoder plays the files 1105 samples
 * late, the stems out of step with their masters, and libsndfile reads
 * some shorter than they say they are; past the AAC encoder's most, it
 * gives less than asked, in silence. At its widest file's channels (a
 * multi-mono set's: one). */
static void check_set_bitrate(builder *b, const sp_output_set *os)
{
  const sp_graph *g = b->g;
  const sp_format_desc *fd = &sp_formats[os->format];
  if (!fd->least_kbps && !fd->most_kbps)
    return;
  const double hz = os->rate > 0 ? os->rate : b->r->sample_rate;
  if (!sp_format_takes_rate(os->format, hz))
    return; /* said above */
  int channels = os->split ? 1 : os->layout ? os->layout->n : 1;
  for (size_t i = 0; !os->split && !os->layout && i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if ((n->kind == SP_NODE_MASTER || (n->kind == SP_NODE_BUS && n->strip->print)) &&
        n->channels > channels)
      channels = n->channels;
  }
  if (channels > fd->channels)
    return; /* said by check_format_channels */
  /* (said at its bitrate: the default, the most its rate takes, is
   * never refused, so one refused was written, in the text or a --set) */
  char key[56], why[512];
  snprintf(key, sizeof key, "output.also[%zu].bitrate", sp_output_set_at(b->r, os));
  if (!sp_format_check_kbps_at(os->format, os->kbps, hz, channels, why, sizeof why))
    graph_error(b, SP_ERR_USAGE, key, "%s", why);
}

/* master.adm's files, rendered with the prints: an ADM BWF from
 * adm_name's template ({name}: the mix's or a stem's name), then its
 * re-renders, {name}_<layout>.wav; the mix's, then each stem's (none past
 * 62 stems); each named apart from the prints and from the inputs. */
static void plan_adm_outputs(builder *b, const read_files *in)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const char *t = r->adm_name, *at = strstr(t, "{name}");
  const bool stems = g->stems && g->n_stems > 0 && g->n_stems < 63;
  const size_t n = 1 + (stems ? g->n_stems : 0), per = 1 + r->n_adm_renders;
  g->adm_prints = sp_xcalloc(n * per, sizeof *g->adm_prints);
  g->adm_outs = sp_xcalloc(n * per, sizeof *g->adm_outs);
  for (size_t k = 0; at && k < n; k++) {
    const char *of = k ? g->lane_names[k - 1] : r->output.mix;
    for (size_t l = 0; l < per; l++) {
      const size_t i = g->n_adm_prints++;
      g->adm_prints[i] = l ? sp_xasprintf("%s_%s.wav", of, r->adm_renders[l - 1]->name)
                           : sp_xasprintf("%.*s%s%s.wav", (int)(at - t), t, of, at + 6);
      g->adm_outs[i] =
          (sp_adm_out_plan){.unit = (int)k - 1,
                            .of = of,
                            .layout = l ? r->adm_renders[l - 1] : NULL,
                            .path = sp_xasprintf("%s/%s", g->out_dir, g->adm_prints[i]),
                            .file = g->adm_prints[i]};
      check_not_input(b, in, g->adm_outs[i].path, "master.adm");
      for (size_t p = 0; p < g->n_prints; p++)
        if (g->prints[p] && strcasecmp(g->prints[p], g->adm_prints[i]) == 0) {
          graph_error(b, SP_ERR_USAGE, "master.adm",
                      "master.adm's '%s' would be written over the print '%s'; rename the print "
                      "or set master.adm.name",
                      g->adm_prints[i], g->prints[p]);
          break;
        }
    }
  }
}

/* What the render writes, and where: the mix, the stems, the versions and
 * the printed buses; every file name once. */
/* output.stem_mp4's four stems hold every lane of the mix once, as the
 * file's null test asks when it is made (io/audio/m4a.c): which stems a
 * track is in is the recipe's, so check refuses them as render would
 * (review 30 F2: check said ok; render rendered every frame, then failed,
 * exit 4, "the four stems do not sum to the mix"). */
static void check_stem_file(builder *b)
{
  const sp_graph *g = b->g;
  const sp_stem_file *f = &b->r->output.stem_mp4;
  if (!f->on || g->n_outputs == 0 || !g->outputs[0].lanes)
    return;
  for (size_t i = 0; i < b->d->n; i++) /* a mistake of its own said: said once */
    if (b->d->v[i].severity == SP_SEV_ERROR && b->d->v[i].path &&
        strncmp(b->d->v[i].path, "output.stem_mp4", 15) == 0)
      return;
  int *held = sp_xcalloc(g->n_lanes + 1, sizeof *held); /* by which of the four, +1; -1: two */
  for (size_t k = 0; k < f->n_stems; k++)
    for (size_t m = 0; m < f->stems[k].n_members; m++)
      for (size_t o = 1; o < g->n_outputs; o++) {
        const sp_output_plan *op = &g->outputs[o];
        if (op->kind != SP_OUT_STEM || strcmp(op->name, f->stems[k].members[m]) != 0 || !op->lanes)
          continue;
        for (size_t l = 0; l < g->n_lanes; l++)
          if (op->lanes[l])
            held[l] = held[l] == 0 ? (int)k + 1 : -1;
      }
  for (size_t l = 0; l < g->n_lanes; l++) {
    const int stem = g->lane_stem ? g->lane_stem[l] : -1;
    const char *what = stem >= 0 && (size_t)stem < g->n_lane_names ? g->lane_names[stem] : NULL;
    char name[160];
    snprintf(name, sizeof name, what ? "stem '%s'" : "the tracks no stem holds", what);
    if (held[l] < 0 || (held[l] == 0 && g->outputs[0].lanes[l])) {
      graph_error(b, SP_ERR_USAGE, "output.stem_mp4.stems",
                  "the four stems do not sum to the mix: %s is in %s of them; choose stems (or "
                  "groups of them) that hold every track once",
                  name, held[l] < 0 ? "more than one" : "none");
      break;
    }
  }
  free(held);
}

void graph_plan_outputs(builder *b, const sp_graph_opts *opts)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const char *ext = sp_format_suffix(r->output.format);
  const char *dir_key = opts && opts->out_dir ? NULL : "output.dir";
  g->out_dir = expand_dir(r, opts);
  g->out_dir_given = dir_key == NULL;
  if (graph_allowed(b, g->out_dir, true, dir_key ? dir_key : "-o", "the output folder"))
    check_out_dir(b, g->out_dir, dir_key ? dir_key : "-o");
  plan_prints(b);
  check_format_channels(b, r->output.format, NULL, "output.format");
  for (size_t k = 0; k < r->output.n_sets; k++) {
    char key[48];
    snprintf(key, sizeof key, "output.also[%zu]", sp_recipe_item_at(r, "output.also", k));
    if (!r->output.sets[k].split) /* multi-mono: every file is mono */
      check_format_channels(b, r->output.sets[k].format, r->output.sets[k].layout, key);
  }
  /* An output a print: the mix, the stems, the versions, the printed
   * buses, as plan_prints named them. */
  named *all;
  char **keys;
  size_t n_keys;
  const size_t n_prints = named_prints(b, &all, &keys, &n_keys);
  read_files in = {0};
  read_files_of(b, &in);
  g->n_stems = g->stems ? r->n_stems : 0;
  const size_t K = g->lanes_per_cell ? g->lanes_per_cell : 1;
  for (size_t at = 0; at < n_prints; at++) {
    const named *x = &all[at];
    sp_output_plan *o = add_output(g, x->kind, x->name, sp_xstrdup(x->key));
    o->path = at == 0 && opts && opts->mix_path ? sp_xstrdup(opts->mix_path) : print_path(g, at);
    check_not_input(b, &in, o->path, o->key);
    o->file = sp_xstrdup(g->prints[at] ? g->prints[at] : "?");
    o->print = (int)at;
    if (x->kind == SP_OUT_BUS)
      o->node = x->index;
    else if (x->kind != SP_OUT_MIX)
      o->index = x->index;
    const sp_version_plan *vp = x->kind == SP_OUT_VERSION ? &g->versions[x->index] : NULL;
    o->own = vp && vp->v->own;
    /* a version sums the cells it does not leave out */
    for (size_t l = 0; o->lanes && !o->own && l < g->n_lanes; l++)
      o->lanes[l] = x->kind != SP_OUT_STEM || g->lane_stem[l] == x->index;
    for (size_t t = 0; vp && !o->own && t < r->n_tracks; t++)
      if (vp->left_out[t] && g->nodes[t].lane >= 0)
        for (size_t k = 0; k < K; k++)
          o->lanes[(size_t)g->nodes[t].lane + k] = false;
  }
  sp_free_strings(keys, n_keys);
  free(all);
  /* What each linked version leaves out, when the stems do not hold it
   * exactly, for its null test (after the names are checked: it has none
   * of its own). */
  const size_t n_before_rests = g->n_outputs;
  for (size_t i = 0; i < n_before_rests; i++) {
    const sp_output_plan *v = &g->outputs[i];
    if (v->kind != SP_OUT_VERSION || v->own || g->versions[v->index].n_stems_left_out > 0)
      continue;
    const int index = v->index;
    sp_output_plan *o = add_output(g, SP_OUT_REST, g->outputs[i].name,
                                   sp_xasprintf("%s (what it leaves out)", g->outputs[i].key));
    const sp_output_plan *ver = &g->outputs[i]; /* add_output may have moved it */
    o->path = sp_xasprintf("%s/.%s.left-out.%s", g->out_dir, ver->name, ext);
    o->file = sp_xasprintf(".%s.left-out.%s", ver->name, ext);
    o->index = index;
    o->of = (int)i;
    o->print = -1;
    for (size_t l = 0; l < g->n_lanes; l++)
      o->lanes[l] = !ver->lanes[l];
  }
  /* A set at the session's rate that its encoder cannot take (MP3 of a
   * 96 kHz session) is said before anything is rendered. */
  for (size_t set = 0; set < r->output.n_sets; set++) {
    const sp_output_set *os = &r->output.sets[set];
    if (os->rate > 0 || sp_format_takes_rate(os->format, r->sample_rate))
      continue;
    char key[48];
    snprintf(key, sizeof key, "output.also[%zu]", sp_output_set_at(r, os));
    graph_error(b, SP_ERR_USAGE, key,
                "%s takes %s and the session runs at %g Hz; give the set a rate, like rate: %g kHz",
                sp_format_ext(os->format), sp_format_rates(os->format), r->sample_rate,
                sp_format_nearest_rate(os->format, r->sample_rate) / 1000);
  }
  for (size_t set = 0; set < r->output.n_sets; set++) {
    const sp_output_set *os = &r->output.sets[set];
    check_set_bitrate(b, os);
    /* a multi-mono set's own loudness target is held to its programme, the
     * master set's mix (core/render/render_checks.c): of a set folded into
     * another layout, no file holds it (review 25 F1: never judged) */
    if (os->split && os->loudness.on && os->loudness.has_target && os->layout &&
        os->layout != r->master.layout) {
      char key[56];
      snprintf(key, sizeof key, "output.also[%zu].loudness", sp_output_set_at(r, os));
      graph_error(b, SP_ERR_USAGE, key,
                  "a multi-mono set folded into %s holds its programme one channel a file, and "
                  "no file of it can be measured against a loudness target; give the target to "
                  "a set that is not split (or checks.loudness, the master set's), or keep "
                  "this set's layout",
                  os->layout->name);
    }
  }
  /* Each print's files in each set of output.also: named with the others
   * (plan_prints), made from its master file as it is delivered. */
  for (size_t k = g->n_master_prints; k < g->n_prints; k++) {
    const struct sp_print_ref *ref = &g->print_refs[k];
    for (size_t i = 0; i < n_before_rests; i++) {
      if (g->outputs[i].print != (int)ref->of)
        continue;
      g->derived = sp_xreallocarray(g->derived, g->n_derived + 1, sizeof *g->derived);
      g->derived[g->n_derived++] = (sp_derived_plan){
          .of = (int)i,
          .set = ref->set - 1,
          .channel = ref->channel,
          .path = sp_xasprintf("%s/%s", g->out_dir, g->prints[k] ? g->prints[k] : "?"),
          .file = sp_xstrdup(g->prints[k] ? g->prints[k] : "?")};
      char key[48];
      snprintf(key, sizeof key, "output.also[%zu]",
               sp_recipe_item_at(r, "output.also", ref->set - 1));
      check_not_input(b, &in, g->derived[g->n_derived - 1].path, key);
    }
  }
  /* output.stem_mp4's file, made beside the mix from the stems' prints as
   * they land (io/outdir/print.c): over a file read it is refused too (a
   * DJ stem file played as a source was replaced, review 13 #3) */
  char *stem_file = sp_stem_file_name(r);
  if (stem_file && g->n_outputs > 0) {
    const char *mix = g->outputs[0].path, *slash = strrchr(mix, '/');
    char *path = sp_xasprintf("%.*s%s", slash ? (int)(slash - mix + 1) : 0, mix, stem_file);
    check_not_input(b, &in, path, "output.stem_mp4");
    free(path);
  }
  free(stem_file);
  check_stem_file(b);
  if (r->adm)
    plan_adm_outputs(b, &in);
  read_files_fini(&in);
}

void graph_plan_delays(sp_graph *g)
{
  const sp_recipe *r = g->recipe;
  int64_t latency = g->nodes[g->master].lat_out;
  for (size_t o = 0; o < g->n_outputs; o++)
    if (g->outputs[o].kind == SP_OUT_BUS && g->nodes[g->outputs[o].node].lat_out > latency)
      latency = g->nodes[g->outputs[o].node].lat_out;
  if (!r->latency_ignored)
    g->latency = latency;
  for (size_t o = 0; o < g->n_outputs; o++) {
    sp_output_plan *x = &g->outputs[o];
    x->delay = r->latency_ignored
                   ? 0
                   : latency - g->nodes[x->kind == SP_OUT_BUS ? x->node : g->master].lat_out;
  }
}
