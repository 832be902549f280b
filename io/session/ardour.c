/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour session (7.x; 6.x positions too) read into a mix
 * (io/session/mix.h), for sp_session_import. docs/sessions.md lists what is
 * carried over: sources, regions and playlists, routes and buses, fader
 * and trim, polarity, mute and solo, Ardour's mono panner (its law, through
 * `pan_law: ardour`) and its stereo panner where it passes the channels
 * through, aux sends (pre or post the fader), outputs wired to a bus,
 * VCAs, LV2 and LADSPA plugins with their port values, automation Ardour plays back,
 * and beat times through the tempo map (io/session/ardour_time.h).
 *
 * This file reads the session's file and its routes, each by
 * ardour_routes.c; what the files of the reader share is in
 * ardour_reader.h, each file's concern at its top. */

#include "io/session/ardour.h"
#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest session file read. */
#define SP_ARDOUR_MAX_XML (64u << 20)

char *sp_ardour_session_file(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return sp_xstrdup(path);
  char *copy = sp_xstrdup(path);
  size_t n = strlen(copy);
  while (n > 1 && copy[n - 1] == '/')
    copy[--n] = '\0';
  const char *base = strrchr(copy, '/');
  char *f = sp_xasprintf("%s/%s.ardour", copy, base ? base + 1 : copy);
  if (access(f, F_OK) != 0) {
    /* Else the one .ardour file in it (a snapshot, .bak, .pending or
     * .history file is not one). */
    free(f);
    f = NULL;
    size_t found = 0;
    DIR *dd = opendir(copy);
    for (struct dirent *e; dd && (e = readdir(dd));) {
      size_t k = strlen(e->d_name);
      if (k > 7 && strcmp(e->d_name + k - 7, ".ardour") == 0 && e->d_name[0] != '.') {
        free(f);
        f = sp_xasprintf("%s/%s", copy, e->d_name);
        found++;
      }
    }
    if (dd)
      closedir(dd);
    if (found != 1) {
      free(f);
      f = NULL;
    }
  }
  free(copy);
  return f;
}

sp_err sp_ardour_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d)
{
  reader r = {0};
  char *file = sp_ardour_session_file(path);
  if (!file) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: a folder with more than one .ardour file; name the snapshot's file",
                       path);
    return SP_ERR_USAGE;
  }
  r.path = file;
  r.o = o;
  r.m = m;
  r.d = d;
  r.where = (sp_session_where){.d = d, .m = m, .file = file};
  r.dir = sp_fs_folder_of(file);
  r.recipe_dir = o->recipe ? sp_fs_folder_of(o->recipe) : sp_xstrdup(r.dir);
  /* MIDI regions' files go where embedded audio goes (reader.h) */
  if (o->audio_dir && o->audio_dir[0] != '/') {
    char cwd[PATH_MAX];
    r.midi_dir = getcwd(cwd, sizeof cwd) ? sp_xasprintf("%s/%s", cwd, o->audio_dir)
                                         : sp_xstrdup(o->audio_dir);
  } else if (o->audio_dir) {
    r.midi_dir = sp_xstrdup(o->audio_dir);
  } else {
    r.midi_dir = sp_session_audio_cache();
    r.midi_cache = true;
  }
  char why[512];
  char *text = NULL;
  size_t n = 0;
  sp_err rc = sp_fs_read_all(file, SP_ARDOUR_MAX_XML, &text, &n, why, sizeof why);
  if (rc != SP_OK) {
    sp_diags_add_whole(d, SP_SEV_ERROR, rc, "%s: %s", file, why);
    goto out;
  }
  r.doc = sp_xml_parse(file, text, n, d);
  free(text);
  if (!r.doc) {
    rc = sp_diags_status(d);
    goto out;
  }
  const xmlNode *root = xmlDocGetRootElement(r.doc);
  r.root = root;
  if (!sp_xml_is(root, "Session")) {
    error(&r, root, SP_ERR_USAGE, "not an Ardour session: its root element is <%s>, not <Session>",
          root ? (const char *)root->name : "");
    rc = SP_ERR_USAGE;
    goto out;
  }
  double version = 0, rate = 0;
  sp_xml_number(root, "version", &version, file, d);
  if (!sp_xml_number(root, "sample-rate", &rate, file, d) || rate < 8000 || rate > 768000) {
    error(&r, root, SP_ERR_USAGE, "Session: sample-rate %g is not one stemprint renders at", rate);
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (!(version >= 0 && version < 100000)) { /* Ardour's are 3001 to 7003 */
    error(&r, root, SP_ERR_USAGE, "Session: version %g is not an Ardour session's", version);
    rc = SP_ERR_USAGE;
    goto out;
  }
  r.version = (int)version;
  r.rate = rate;
  m->rate = rate;
  m->pan_law = SP_PAN_LAW_QUADRATIC; /* Ardour's panners */
  m->cycle_ardour = true;
  m->format = sp_xasprintf("Ardour session, format %d", r.version);
  if (r.version < 6000) {
    /* Ardour 2 .. 5 write routes, panners and regions otherwise: read as
     * if they were Ardour 6's, tracks become buses. */
    error(&r, root, SP_ERR_USAGE,
          "Session: format %d is Ardour 5's or older; stemprint reads the sessions of Ardour 6 "
          "and later (format 6000 and up): open it in Ardour 6 or later, save it, and import "
          "that",
          r.version);
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (r.version >= 8000)
    sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK,
                       "%s: Ardour session format %d; stemprint reads 6000 .. 7999 (Ardour 6 "
                       "and 7) and reads this one as if it were",
                       file, r.version);
  if (sp_ardour_map_read(&r.map, sp_xml_child(root, "TempoMap"), file, d) != SP_OK) {
    rc = SP_ERR_USAGE;
    goto out;
  }
  ardour_read_sources(&r, root);
  const xmlNode *routes = sp_xml_child(root, "Routes");
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    ardour_route(&r, root, routes, rt);
  /* Sends reach buses; routing to an id that is not a bus is master's. */
  for (size_t i = 0; i < m->n_strips; i++) {
    sp_mix_strip *s = &m->strips[i];
    if (s->to && !sp_mix_find(m, s->to)) {
      free(s->to);
      s->to = NULL;
    }
    for (size_t k = 0; k < s->n_sends; k++) {
      sp_mix_strip *t = sp_mix_find(m, s->sends[k].to);
      if (!t || t->kind != SP_MIX_BUS) {
        char *el = sp_xasprintf("an aux send of '%s'", s->title);
        sp_mix_loss(m, s, el, "it feeds no bus: left out");
        free(el);
        sp_mix_send_remove(s, k--);
      }
    }
  }
  rc = sp_diags_status(d);
out:
  /* A failed import leaves none of the MIDI it wrote beside the recipe;
   * the cache keeps its bound. */
  if (rc != SP_OK && !r.midi_cache)
    for (size_t i = 0; i < r.n_written; i++)
      unlink(r.written[i]);
  else if (r.midi_cache && r.n_written > 0)
    sp_session_audio_prune(r.midi_dir, (const char *const *)r.written, r.n_written);
  for (size_t i = 0; i < r.n_written; i++)
    free(r.written[i]);
  free(r.written);
  free(r.midi_dir);
  for (size_t i = 0; i < r.n_midi; i++)
    sp_ardour_model_free(r.midi[i].model);
  free(r.midi);
  sp_ardour_map_free(&r.map);
  sp_xml_free(r.doc);
  for (size_t i = 0; i < r.n_sources; i++)
    free(r.sources[i].path);
  free(r.sources);
  free(r.dir);
  free(r.recipe_dir);
  free(file);
  return rc;
}
