/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one lilv world of the process (io/lv2/lv2_world.h): loaded on
 * first use from the search path lilv would use, the nodes every reader
 * asks with, the URID map and unmap, the features a plugin may require. */

#define _GNU_SOURCE /* dladdr, RTLD_NODELETE */
#include "io/lv2/lv2_world.h"

#include "core/base/alloc.h"
#include "core/dsp/quantize.h"
#include "io/fs/fs.h"
#include "io/lv2/names.h"

#include <lv2/buf-size/buf-size.h>
#include <lv2/log/log.h>
#include <lv2/midi/midi.h>
#include <lv2/options/options.h>
#include <lv2/port-groups/port-groups.h>
#include <lv2/presets/presets.h>
#include <lv2/units/units.h>
#include <lv2/worker/worker.h>
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the world ----------------------------------------------------------- */

pthread_mutex_t lv2_world_lock = PTHREAD_MUTEX_INITIALIZER;
LilvWorld *lv2_world;
lv2_nodes lv2_N;

/* The first bundle left out (load_bundles) and why, said where a plugin
 * asked for is not found (lv2_left_out); empty: none. */
static char left_out[1400];

/* A bundle's entry, as the walk found it: lilv asks for none. */
static sp_err bundle_entry(void *ctx, sp_fs_step step, const char *path, const char *name,
                           char *why, size_t why_size)
{
  (void)ctx, (void)step, (void)path, (void)name, (void)why, (void)why_size;
  return SP_OK;
}

/* Every bundle on the search path, as lilv_world_load_all loads them (the
 * path's folders in order, each one's bundles, then the specifications and
 * the plugin classes), but a bundle the walk of a folder input refuses
 * (sp_fs_folder_walk: one that holds a FIFO, a device or a socket, which
 * lilv would wait on forever or read without end, or past its bounds:
 * the plugin's job could not hash it), left out as a bundle lilv cannot
 * read is, the first one's reason kept. */
static void load_bundles(void)
{
  for (const char *at = lv2_search_path(); *at;) {
    const size_t len = strcspn(at, ":");
    char *dir = sp_lv2_folder(at, len);
    at += len + (at[len] == ':');
    /* a folder a variable leaves relative (unset, or a relative one's):
     * none, as lilv reads no relative bundle */
    DIR *d = dir[0] == '/' ? opendir(dir) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *bundle = sp_xasprintf("%s/%s/", dir, e->d_name);
      struct stat st;
      char why[1024];
      const bool folder = stat(bundle, &st) == 0 && S_ISDIR(st.st_mode);
      bundle[strlen(bundle) - 1] = '\0'; /* walked as the job lists it */
      const bool walked =
          folder && sp_fs_folder_walk(bundle, bundle_entry, NULL, why, sizeof why) == SP_OK;
      if (folder && !walked && !*left_out)
        snprintf(left_out, sizeof left_out, "; the bundle %s was left out: %s", bundle, why);
      strcat(bundle, "/");
      if (walked) {
        LilvNode *uri = lilv_new_file_uri(lv2_world, NULL, bundle);
        lilv_world_load_bundle(lv2_world, uri);
        lilv_node_free(uri);
      }
      free(bundle);
    }
    if (d)
      closedir(d);
    free(dir);
  }
  lilv_world_load_specifications(lv2_world);
  lilv_world_load_plugin_classes(lv2_world);
}

void lv2_load_world(void)
{
  if (lv2_world)
    return;
  lv2_world = lilv_world_new();
  load_bundles();
  lv2_N.input = lilv_new_uri(lv2_world, LV2_CORE__InputPort);
  lv2_N.output = lilv_new_uri(lv2_world, LV2_CORE__OutputPort);
  lv2_N.audio = lilv_new_uri(lv2_world, LV2_CORE__AudioPort);
  lv2_N.control = lilv_new_uri(lv2_world, LV2_CORE__ControlPort);
  lv2_N.cv = lilv_new_uri(lv2_world, LV2_CORE__CVPort);
  lv2_N.atom = lilv_new_uri(lv2_world, LV2_ATOM__AtomPort);
  lv2_N.sidechain = lilv_new_uri(lv2_world, LV2_CORE_PREFIX "isSideChain");
  lv2_N.group = lilv_new_uri(lv2_world, LV2_PORT_GROUPS__group);
  lv2_N.side_chain_of = lilv_new_uri(lv2_world, LV2_PORT_GROUPS__sideChainOf);
  lv2_N.toggled = lilv_new_uri(lv2_world, LV2_CORE__toggled);
  lv2_N.integer = lilv_new_uri(lv2_world, LV2_CORE__integer);
  lv2_N.enumeration = lilv_new_uri(lv2_world, LV2_CORE__enumeration);
  lv2_N.unit = lilv_new_uri(lv2_world, LV2_UNITS__unit);
  lv2_N.enabled = lilv_new_uri(lv2_world, LV2_CORE__enabled);
  lv2_N.designation = lilv_new_uri(lv2_world, LV2_CORE__designation);
  lv2_N.optional = lilv_new_uri(lv2_world, LV2_CORE__connectionOptional);
  lv2_N.preset = lilv_new_uri(lv2_world, LV2_PRESETS__Preset);
  lv2_N.label = lilv_new_uri(lv2_world, "http://www.w3.org/2000/01/rdf-schema#label");
  lv2_N.unit_symbol = lilv_new_uri(lv2_world, LV2_UNITS__symbol);
  lv2_N.minimum_size = lilv_new_uri(lv2_world, "http://lv2plug.in/ns/ext/resize-port#minimumSize");
  lv2_N.logarithmic = lilv_new_uri(lv2_world, "http://lv2plug.in/ns/ext/port-props#logarithmic");
  lv2_N.midi_event = lilv_new_uri(lv2_world, LV2_MIDI__MidiEvent);
  lv2_N.sample_rate = lilv_new_uri(lv2_world, LV2_CORE__sampleRate);
}

/* lilv's own default when LV2_PATH is not set: Debian builds it with the
 * multiarch library folder (/usr/lib/x86_64-linux-gnu/lv2), read here as
 * the folder lilv's library was loaded from, so that the search path said
 * in messages and digested for the index of names (io/lv2/names.h) is the
 * one lilv searches. */
static char default_path[PATH_MAX + 64];
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void make_default_path(void)
{
  Dl_info info;
  char lib[PATH_MAX] = "";
  LilvWorld *(*fn)(void) = lilv_world_new;
  void *addr; /* a function's address as dladdr takes it (ISO C has no cast) */
  memcpy(&addr, &fn, sizeof addr);
  if (dladdr(addr, &info) && info.dli_fname) {
    const char *slash = strrchr(info.dli_fname, '/');
    /* found as /lib/..., which a merged /usr makes /usr/lib/...: lilv's */
    const bool bare = strncmp(info.dli_fname, "/lib/", 5) == 0;
    if (slash && (size_t)(slash - info.dli_fname) + 4 < sizeof lib)
      snprintf(lib, sizeof lib, "%s%.*s", bare ? "/usr" : "", (int)(slash - info.dli_fname),
               info.dli_fname);
  }
  if (lib[0] && strcmp(lib, "/usr/lib") != 0 && strcmp(lib, "/usr/local/lib") != 0)
    snprintf(default_path, sizeof default_path, "~/.lv2:%s/lv2:/usr/lib/lv2:/usr/local/lib/lv2",
             lib);
  else
    snprintf(default_path, sizeof default_path, "~/.lv2:/usr/lib/lv2:/usr/local/lib/lv2");
}

/* LV2_PATH with each relative folder made absolute (lilv takes a folder
 * as a file URI, and a relative one is no URI: it said "attempt to map
 * invalid URI" and found nothing, or crashed); NULL when it is not set. */
static char *given_path;
static pthread_once_t given_once = PTHREAD_ONCE_INIT;

static void make_given_path(void)
{
  const char *p = getenv("LV2_PATH");
  if (!p)
    return;
  char cwd[PATH_MAX];
  const bool here = getcwd(cwd, sizeof cwd) != NULL;
  size_t n = strlen(p) + 1, used = 0;
  for (const char *c = p; *c; c++)
    n += *c == ':' ? sizeof cwd + 1 : 0;
  given_path = sp_xcalloc(n + sizeof cwd + 1, 1);
  for (const char *at = p;;) {
    const char *end = strchr(at, ':');
    const size_t len = end ? (size_t)(end - at) : strlen(at);
    /* (one from a variable, `$LV2_HOME/x`, is the variable's: load_bundles) */
    const bool relative = len > 0 && at[0] != '/' && at[0] != '~' && at[0] != '$' && here;
    used += (size_t)sprintf(given_path + used, "%s%s%s%.*s", used ? ":" : "", relative ? cwd : "",
                            relative ? "/" : "", (int)len, at);
    if (!end)
      break;
    at = end + 1;
  }
}

const char *lv2_search_path(void)
{
  pthread_once(&given_once, make_given_path);
  if (given_path) /* set, even empty: lilv then searches nothing */
    return given_path;
  pthread_once(&default_once, make_default_path);
  return default_path;
}

const char *lv2_left_out(void) { return left_out; }

const char *lv2_said_path(void)
{
  const char *p = lv2_search_path();
  return *p ? p : "no folder: LV2_PATH is set but empty";
}

/* ---- URIDs --------------------------------------------------------------- */

static pthread_mutex_t urid_lock = PTHREAD_MUTEX_INITIALIZER;
static char **uris;      /* URID i + 1 is uris[i] */
static size_t n_uris;
static uint32_t *slots;  /* open addressing by the URI's hash: 0 empty, else its URID */
static size_t n_slots;   /* a power of two, at most half full */

/* The slot that holds uri, or the empty one where it would go. */
static size_t slot_of(const char *uri, uint64_t h)
{
  size_t i = (size_t)h & (n_slots - 1);
  while (slots[i] && strcmp(uris[slots[i] - 1], uri) != 0)
    i = (i + 1) & (n_slots - 1);
  return i;
}

LV2_URID lv2_map_uri(LV2_URID_Map_Handle h, const char *uri)
{
  (void)h;
  const uint64_t hash = sp_hash_string(uri);
  pthread_mutex_lock(&urid_lock);
  if (2 * (n_uris + 1) > n_slots) {
    n_slots = n_slots ? 2 * n_slots : 256;
    free(slots);
    slots = sp_xcalloc(n_slots, sizeof *slots);
    for (size_t k = 0; k < n_uris; k++)
      slots[slot_of(uris[k], sp_hash_string(uris[k]))] = (uint32_t)(k + 1);
  }
  const size_t i = slot_of(uri, hash);
  if (!slots[i]) {
    uris = sp_xreallocarray(uris, n_uris + 1, sizeof *uris);
    uris[n_uris++] = sp_xstrdup(uri);
    slots[i] = (uint32_t)n_uris;
  }
  const LV2_URID id = slots[i];
  pthread_mutex_unlock(&urid_lock);
  return id;
}

static const char *unmap_uri(LV2_URID_Unmap_Handle h, LV2_URID urid)
{
  (void)h;
  pthread_mutex_lock(&urid_lock);
  const char *s = urid >= 1 && urid <= n_uris ? uris[urid - 1] : NULL;
  pthread_mutex_unlock(&urid_lock);
  return s;
}

LV2_URID_Map lv2_urid_map = {NULL, lv2_map_uri};
LV2_URID_Unmap lv2_urid_unmap = {NULL, unmap_uri};

const char *const lv2_provided[] = {
    LV2_URID__map,
    LV2_URID__unmap,
    LV2_OPTIONS__options,
    LV2_BUF_SIZE__boundedBlockLength,
    LV2_LOG__log,
    LV2_WORKER__schedule,
    LV2_CORE__inPlaceBroken, /* its inputs then have buffers of their own (in_place_broken) */
    LV2_CORE__isLive,
    LV2_CORE__hardRTCapable,
    NULL,
};
