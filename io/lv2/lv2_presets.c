/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LV2 presets and state files (io/lv2/lv2_world.h): read as port values
 * and a state to restore, digested for the cache. */

#include "io/lv2/lv2_world.h"

#include "core/base/alloc.h"
#include "core/base/digest.h"
#include "io/fs/fs.h"

#include <sord/sord.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The largest state file read: a state holds values and names files. */
#define SP_LV2_STATE_MAX (64u << 20)

/* ---- presets ------------------------------------------------------------- */

typedef struct preset_values {
  const sp_lv2_plugin *p;
  double *values;
  bool *set;
  LV2_URID t_float, t_double, t_int, t_long, t_bool;
} preset_values;

static void set_port_value(const char *symbol, void *ud, const void *value, uint32_t size,
                           uint32_t type)
{
  preset_values *pv = ud;
  double v;
  if (type == pv->t_float && size == sizeof(float))
    v = *(const float *)value;
  else if (type == pv->t_double && size == sizeof(double))
    v = *(const double *)value;
  else if ((type == pv->t_int || type == pv->t_bool) && size == sizeof(int32_t))
    v = *(const int32_t *)value;
  else if (type == pv->t_long && size == sizeof(int64_t))
    v = (double)*(const int64_t *)value;
  else
    return;
  for (size_t k = 0; k < pv->p->n_controls; k++) {
    const char *s = pv->p->controls[k].symbol;
    if (strcmp(s, symbol) == 0 || (strncmp(s, "port_", 5) == 0 && strcmp(s + 5, symbol) == 0)) {
      pv->values[k] = v;
      pv->set[k] = true;
    }
  }
}

static lilv_saved **saveds;
static size_t n_saveds;

static SerdStatus keep_turtle_error(void *handle, const SerdError *e)
{
  turtle_error *t = handle;
  if (t->any)
    return SERD_SUCCESS;
  char what[160];
  va_list args;
  va_copy(args, *e->args);
  vsnprintf(what, sizeof what, e->fmt, args);
  va_end(args);
  what[strcspn(what, "\n")] = '\0';
  snprintf(t->text, sizeof t->text, "line %u, column %u: %s", e->line, e->col, what);
  t->any = true;
  return SERD_SUCCESS;
}

static SerdStatus drop_turtle_error(void *handle, const SerdError *e)
{
  (void)handle;
  (void)e;
  return SERD_SUCCESS;
}

/* The regular files the Turtle files ttls[0..n) name by path: objects that
 * are file URIs (a relative one is read against its file: Ardour's
 * `<level.txt>`, jalv's), and literals typed atom:Path, relative ones read
 * from the folder of their file; the Turtle files themselves aside. A
 * state's plugin reads them when it is restored. Into k->base.files. */
static void named_files(lilv_saved *k, char *const *ttls, size_t n)
{
  char **files = NULL;
  size_t n_files = 0, cap = 0;
  SordWorld *w = sord_world_new();
  for (size_t i = 0; i < n; i++) {
    SordModel *m = sord_new(w, SORD_SPO, false);
    SerdEnv *env = serd_env_new(NULL);
    SerdReader *rd = sord_new_reader(m, env, SERD_TURTLE, NULL);
    serd_reader_set_error_sink(rd, drop_turtle_error, NULL);
    SerdNode base = serd_node_new_file_uri((const uint8_t *)ttls[i], NULL, NULL, true);
    serd_env_set_base_uri(env, &base);
    char *dir = sp_xstrdup(ttls[i]);
    char *slash = strrchr(dir, '/');
    if (slash)
      *slash = '\0';
    if (serd_reader_read_file(rd, base.buf) == SERD_SUCCESS) {
      SordIter *it = sord_begin(m);
      for (; !sord_iter_end(it); sord_iter_next(it)) {
        const SordNode *o = sord_iter_get_node(it, SORD_OBJECT);
        const SordNode *dt = sord_node_get_datatype(o);
        const char *text = (const char *)sord_node_get_string(o);
        char *path = NULL;
        if (sord_node_get_type(o) == SORD_URI && strncmp(text, "file:", 5) == 0) {
          uint8_t *p = serd_file_uri_parse((const uint8_t *)text, NULL);
          path = p ? sp_xstrdup((const char *)p) : NULL;
          serd_free(p);
        } else if (sord_node_get_type(o) == SORD_LITERAL && dt &&
                   strcmp((const char *)sord_node_get_string(dt), LV2_ATOM__Path) == 0) {
          path = text[0] == '/' ? sp_xstrdup(text) : sp_xasprintf("%s/%s", dir, text);
        }
        struct stat sb;
        bool keep = path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        for (size_t j = 0; keep && j < n; j++)
          keep = strcmp(path, ttls[j]) != 0;
        for (size_t j = 0; keep && j < n_files; j++)
          keep = strcmp(path, files[j]) != 0;
        if (keep) {
          SP_GROW(files, n_files, cap);
          files[n_files++] = path;
        } else {
          free(path);
        }
      }
      sord_iter_free(it);
    }
    free(dir);
    serd_node_free(&base);
    serd_reader_free(rd);
    serd_env_free(env);
    sord_free(m);
  }
  sord_world_free(w);
  k->base.files = (const char *const *)files;
  k->base.n_files = n_files;
}

/* The state st read for d from what: its port values into values/set and,
 * when it holds more than port values, the kept state (st then the kept
 * one's, else freed). Called under world_lock. */
static const sp_proc_saved *keep_state(const sp_lv2_plugin *d, const char *what, bool is_file,
                                       LilvState *st, double *values, bool *set)
{
  preset_values pv = {d,
                      values,
                      set,
                      lv2_map_uri(NULL, LV2_ATOM__Float),
                      lv2_map_uri(NULL, LV2_ATOM__Double),
                      lv2_map_uri(NULL, LV2_ATOM__Int),
                      lv2_map_uri(NULL, LV2_ATOM__Long),
                      lv2_map_uri(NULL, LV2_ATOM__Bool)};
  lilv_state_emit_port_values(st, set_port_value, &pv);
  if (lilv_state_get_num_properties(st) == 0) {
    lilv_state_free(st);
    return NULL;
  }
  for (size_t i = 0; i < n_saveds; i++)
    if (saveds[i]->is_file == is_file && strcmp(saveds[i]->uri, d->uri) == 0 &&
        strcmp(saveds[i]->what, what) == 0) {
      lilv_state_free(st);
      return &saveds[i]->base;
    }
  lilv_saved *k = sp_xcalloc(1, sizeof *k);
  k->state = st;
  k->uri = sp_xstrdup(d->uri);
  k->what = sp_xstrdup(what);
  k->is_file = is_file;
  k->base.from = k->what;
  /* The digest of the state: its file's bytes; a preset's URI and the
   * bytes of the files that describe it (rdfs:seeAlso: a user's preset
   * edited in ~/.lv2 is a new state). The files a state names by path are
   * inputs of their own (named_files). */
  sp_hasher *h = sp_hasher_new();
  sp_hasher_add(h, what, strlen(what) + 1);
  LilvNode *subject = is_file ? NULL : lilv_new_uri(lv2_world, what);
  LilvNode *see_also = lilv_new_uri(lv2_world, "http://www.w3.org/2000/01/rdf-schema#seeAlso");
  LilvNodes *files = subject ? lilv_world_find_nodes(lv2_world, subject, see_also, NULL) : NULL;
  char **paths = sp_xcalloc(2 + (files ? lilv_nodes_size(files) : 0), sizeof *paths);
  size_t np = 0;
  if (is_file)
    paths[np++] = sp_xstrdup(what);
  LILV_FOREACH(nodes, i, files)
  {
    char *f = lilv_file_uri_parse(lilv_node_as_uri(lilv_nodes_get(files, i)), NULL);
    if (f)
      paths[np++] = sp_xstrdup(f);
    lilv_free(f);
  }
  for (size_t i = 0; i < np; i++) {
    char *text = NULL, why[256];
    size_t n = 0;
    if (sp_fs_read_all(paths[i], "an LV2 state", "LV2 states from files", SP_LV2_STATE_MAX, &text,
                       &n, why, sizeof why) == SP_OK)
      sp_hasher_add(h, text, n);
    free(text);
  }
  named_files(k, paths, np);
  for (size_t i = 0; i < np; i++)
    free(paths[i]);
  free(paths);
  lilv_nodes_free(files);
  lilv_node_free(see_also);
  lilv_node_free(subject);
  sp_digest dg;
  sp_hasher_end(h, &dg);
  sp_digest_hex(&dg, k->base.digest);
  saveds = sp_xreallocarray(saveds, n_saveds + 1, sizeof *saveds);
  saveds[n_saveds++] = k;
  return &k->base;
}

/* Whether the file f (opened at abs) is Turtle; else why (line, column,
 * serd's reason) into t. It is read once more here so that lilv, which
 * reads it with serd's default sink, never reads a file that is not. */
static bool is_turtle(FILE *f, const char *abs, turtle_error *t)
{
  SerdReader *rd = serd_reader_new(SERD_TURTLE, NULL, NULL, NULL, NULL, NULL, NULL);
  serd_reader_set_error_sink(rd, keep_turtle_error, t);
  const SerdStatus st = serd_reader_read_file_handle(rd, f, (const uint8_t *)abs);
  serd_reader_free(rd);
  if (st != SERD_SUCCESS && !t->any)
    snprintf(t->text, sizeof t->text, "%s", serd_strerror(st));
  return st == SERD_SUCCESS && !t->any;
}

/* What a state file is, for messages: where `state:` points and the fix. */
#define STATE_FILE_IS                                                                              \
  "`state:` names the Turtle file an LV2 host saves a plugin's state in (with lv2:appliesTo "      \
  "and state:state: jalv's, Carla's, Ardour's, the state.ttl `stemprint state` writes) or a "      \
  "folder holding state.ttl; a file the plugin uses (an impulse response, a sample) is named "     \
  "inside the state, not by `state:`"

/* The state file at path for d (a folder: its state.ttl, as hosts save
 * state in a folder of its own). */
static bool state_file(const sp_lv2_plugin *d, const char *path, double *values, bool *set,
                       const sp_proc_saved **saved, char *why, size_t why_size)
{
  struct stat st_;
  char *file = stat(path, &st_) == 0 && S_ISDIR(st_.st_mode) ? sp_xasprintf("%s/state.ttl", path)
                                                             : sp_xstrdup(path);
  /* the shared opener: a FIFO or a device, which serd and lilv would wait
   * on or read forever, is refused at once; the file is read from the
   * stream it opened, and a state holds values, not audio: a larger file
   * is said without reading it */
  struct stat file_st;
  char opened[1024];
  FILE *f = sp_fs_fopen_regular(file, "an LV2 state", "LV2 states from files", &file_st, opened,
                                sizeof opened);
  const bool missing = !f && errno == ENOENT;
  if (f && (uint64_t)file_st.st_size > SP_LV2_STATE_MAX) {
    fclose(f);
    f = NULL;
    snprintf(opened, sizeof opened, "it is %lld bytes, more than the %u MiB a state may be",
             (long long)file_st.st_size, SP_LV2_STATE_MAX >> 20);
  }
  char *abs = f ? realpath(file, NULL) : NULL;
  if (!abs) {
    snprintf(why, why_size, "cannot read the state file '%s': %s%s", file,
             f ? strerror(errno) : opened, f || missing ? "" : "; " STATE_FILE_IS);
    if (f)
      fclose(f);
    free(file);
    return false;
  }
  /* the path as given, and where it led when that is elsewhere */
  char *named =
      strcmp(file, abs) == 0 ? sp_xasprintf("'%s'", file) : sp_xasprintf("'%s' (%s)", file, abs);
  turtle_error te = {.any = false};
  const bool turtle = is_turtle(f, abs, &te);
  fclose(f);
  if (!turtle) {
    snprintf(why, why_size, "%s is not an LV2 state: it is not Turtle (%s); " STATE_FILE_IS, named,
             te.text);
    free(named);
    free(abs);
    free(file);
    return false;
  }
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  LilvState *st = lilv_state_new_from_file(lv2_world, &lv2_urid_map, NULL, abs);
  bool ok = false;
  if (!st) {
    snprintf(why, why_size,
             "%s is not an LV2 state: it is Turtle, but names no plugin "
             "(lv2:appliesTo); " STATE_FILE_IS,
             named);
  } else if (!lilv_state_get_plugin_uri(st) ||
             strcmp(lilv_node_as_uri(lilv_state_get_plugin_uri(st)), d->uri) != 0) {
    snprintf(why, why_size, "the state in '%s' is for the plugin <%s>, not '%s' (<%s>)", file,
             lilv_state_get_plugin_uri(st) ? lilv_node_as_uri(lilv_state_get_plugin_uri(st))
                                           : "none",
             d->name, d->uri);
    lilv_state_free(st);
  } else {
    *saved = keep_state(d, abs, true, st, values, set);
    ok = true;
  }
  pthread_mutex_unlock(&lv2_world_lock);
  free(named);
  free(abs);
  free(file);
  return ok;
}

bool lv2_preset(const sp_lv2_plugin *d, const char *what, bool is_file, double *values,
                   bool *set, const sp_proc_saved **saved, char *why, size_t why_size)
{
  *saved = NULL;
  if (is_file)
    return state_file(d, what, values, set, saved, why, why_size);
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  bool ok = false;
  const LilvPlugin *p = lv2_by_uri(d->uri);
  LilvNodes *presets = p ? lilv_plugin_get_related(p, lv2_N.preset) : NULL;
  const LilvNode *chosen = NULL;
  char labels[768] = "";
  LILV_FOREACH(nodes, i, presets)
  {
    const LilvNode *pr = lilv_nodes_get(presets, i);
    lilv_world_load_resource(lv2_world, pr);
    LilvNode *label = lilv_world_get(lv2_world, pr, lv2_N.label, NULL);
    const char *l = label ? lilv_node_as_string(label) : "";
    size_t used = strlen(labels);
    if (used < sizeof labels - 80)
      snprintf(labels + used, sizeof labels - used, "%s'%s'", used ? ", " : "", l);
    if (!chosen && (strcmp(lilv_node_as_uri(pr), what) == 0 || strcasecmp(l, what) == 0))
      chosen = pr;
    lilv_node_free(label);
  }
  if (!chosen) {
    snprintf(why, why_size, "'%s' has no preset '%s'%s%s", d->name, what,
             labels[0] ? "; its presets: " : " (it has no presets)", labels);
  } else {
    LilvState *st = lilv_state_new_from_world(lv2_world, &lv2_urid_map, chosen);
    if (!st) {
      snprintf(why, why_size, "the preset '%s' of '%s' cannot be read", what, d->name);
    } else {
      *saved = keep_state(d, lilv_node_as_uri(chosen), false, st, values, set);
      ok = true;
    }
  }
  lilv_nodes_free(presets);
  pthread_mutex_unlock(&lv2_world_lock);
  return ok;
}

static int cmp_preset(const void *a, const void *b)
{
  const sp_lv2_preset *x = a, *y = b;
  const int by_label = strcasecmp(x->label, y->label);
  return by_label ? by_label : strcmp(x->uri, y->uri);
}

sp_lv2_preset *lv2_presets_of(const sp_lv2_plugin *d, size_t *n)
{
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  const LilvPlugin *p = lv2_by_uri(d->uri);
  LilvNodes *presets = p ? lilv_plugin_get_related(p, lv2_N.preset) : NULL;
  sp_lv2_preset *v = sp_xcalloc((presets ? lilv_nodes_size(presets) : 0) + 1, sizeof *v);
  size_t k = 0;
  LILV_FOREACH(nodes, i, presets)
  {
    const LilvNode *pr = lilv_nodes_get(presets, i);
    lilv_world_load_resource(lv2_world, pr);
    LilvNode *label = lilv_world_get(lv2_world, pr, lv2_N.label, NULL);
    LilvState *st = lilv_state_new_from_world(lv2_world, &lv2_urid_map, pr);
    v[k++] = (sp_lv2_preset){.label = sp_xstrdup(label ? lilv_node_as_string(label) : ""),
                             .uri = sp_xstrdup(lilv_node_as_uri(pr)),
                             .state = st && lilv_state_get_num_properties(st) > 0};
    lilv_state_free(st);
    lilv_node_free(label);
  }
  lilv_nodes_free(presets);
  pthread_mutex_unlock(&lv2_world_lock);
  qsort(v, k, sizeof *v, cmp_preset);
  *n = k;
  return v;
}
