/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour session (7.x; 6.x positions too) read into a mix
 * (io/session/mix.h), for sp_session_read. docs/sessions.md lists what is
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
#include "io/session/session_build_top.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/dsp/curves/curve.h"
#include "core/recipe/check.h"
#include "io/fs/fs.h"

#include <dirent.h>
#include <math.h>
#include <string.h>
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

/* How a list moves between points, for its value at a cut. */
typedef enum { MOVE_LINEAR, MOVE_LEVEL, MOVE_HELD } move_kind;

/* a's value at t between its points p and q (their times pt < t < qt,
 * in its unit), as a render draws it; false where stemprint cannot say
 * (Curved). */
static bool value_between(const sp_auto *a, move_kind k, sp_auto_point p, sp_auto_point q,
                          double t, double *v)
{
  const double pt = sp_time_number(p.t), qt = sp_time_number(q.t);
  double f = (t - pt) / (qt - pt);
  const bool list = a->ramp == SP_RAMP_LIST;
  const sp_interp in = a->interp;
  if (k == MOVE_HELD || (k == MOVE_LEVEL && a->ramp == SP_RAMP_DECLICK) ||
      (k == MOVE_LEVEL && list && in == SP_INTERP_DISCRETE && a->n > 2)) {
    *v = p.v;
    return true;
  }
  if (k == MOVE_LEVEL && list && in == SP_INTERP_CURVED)
    return false;
  if (k == MOVE_LEVEL && list &&
      (in == SP_INTERP_EXPONENTIAL || in == SP_INTERP_LINEAR || in == SP_INTERP_DISCRETE)) {
    double g0 = sp_db_to_lin(p.v), g1 = sp_db_to_lin(q.v), g;
    if (in == SP_INTERP_EXPONENTIAL) {
      double x0 = sp_fader_gain_to_position(g0), x1 = sp_fader_gain_to_position(g1);
      g = sp_fader_position_to_gain(x0 + (x1 - x0) * f);
    } else {
      g = g0 + (g1 - g0) * f;
    }
    *v = sp_lin_to_db(g);
    return true;
  }
  *v = p.v + (q.v - p.v) * f; /* pans, widths; levels linear in dB */
  return true;
}

/* A list's points moved sh seconds earlier, fr frames in a list of
 * frames. Points before the new 0 go, a point at 0 taking the value the
 * list has there; a moving level's declick starts from its value at the
 * old 0, where Ardour's transport stood before its export located to the
 * range's start (`start:`). */
static void shift_auto(reader *r, sp_mix_strip *s, const char *what, sp_auto *a, double sh,
                       int64_t fr, move_kind k)
{
  for (size_t i = 0; i < a->n_vca; i++)
    shift_auto(r, s, what, &a->vca[i], sh, fr, k);
  const bool frames = a->n && a->points[0].t.in_frames;
  const double by = frames ? (double)fr : sh; /* in its unit */
  if (a->n == 0 || by <= 0)
    return;
  if (k == MOVE_LEVEL && (a->ramp == SP_RAMP_LIST || a->ramp == SP_RAMP_DECLICK) &&
      !a->has_start) {
    a->has_start = true;
    a->start_db = a->points[0].v;
  }
  size_t j = 0;
  while (j < a->n && sp_time_number(a->points[j].t) - by < 0)
    j++;
  sp_auto_point first = {{0}, 0};
  bool add = false;
  if (j > 0) {
    first = a->points[j - 1];
    first.t = (sp_time){.in_frames = frames};
    const double tp = sp_time_number(a->points[j - 1].t),
                 tq = j < a->n ? sp_time_number(a->points[j].t) : 0;
    if (j < a->n && tq - by > 0 &&
        !value_between(a, k, a->points[j - 1], a->points[j], by, &first.v)) {
      char *el = sp_xasprintf("%s's automation", what);
      sp_mix_loss(r->m, s, el,
                  "a curved list moving across the session range's start: its value there taken "
                  "on a straight line in dB");
      free(el);
      first.v = a->points[j - 1].v + (a->points[j].v - a->points[j - 1].v) * (by - tp) / (tq - tp);
    }
    add = j == a->n || tq - by > 0;
  }
  size_t n = 0;
  if (add)
    a->points[n++] = first;
  for (size_t i = j; i < a->n; i++) {
    a->points[n] = a->points[i];
    if (frames)
      a->points[n++].t.frames -= fr;
    else
      a->points[n++].t.seconds -= sh;
  }
  a->n = n;
}

/* The session range (Locations, IsSessionRange): Ardour's export renders
 * from its start to its end and nothing after, so the timeline starts at
 * its start (everything moved earlier by it; a region across it cut
 * there, one before it left out) and the recipe's length is the range's,
 * its tail 0. */
/* The session range's first and last frame (false: none, or not a range). */
static bool range_of(reader *r, const xmlNode *root, int64_t *a, int64_t *b)
{
  /* Location::Flags, those EnumWriter knows (Ardour 7 and 8: not
   * IsSkipping, 0x100, which it does not register) */
  enum { IS_SESSION_RANGE = 0x40, IS_CUE_MARKER = 0x800 };
  static const ardour_name flags[] = {{"IsMark", 0x1},          {"IsAutoPunch", 0x2},
                                      {"IsAutoLoop", 0x4},      {"IsHidden", 0x8},
                                      {"IsCDMarker", 0x10},     {"IsRangeMarker", 0x20},
                                      {"IsSessionRange", 0x40}, {"IsSkip", 0x80},
                                      {"IsClockOrigin", 0x200}, {"IsXrun", 0x400},
                                      {"IsCueMarker", 0x800},   {"IsSection", 0x1000},
                                      {"IsScene", 0x2000},      {NULL, 0}};
  const xmlNode *loc = NULL;
  for (const xmlNode *l = sp_xml_child(sp_xml_child(root, "Locations"), "Location"); l;
       l = sp_xml_next(l, "Location")) {
    const unsigned f = ardour_enum(r, l, "flags", flags, true, 0);
    /* A cue id launches clips from a cue marker alone (Location::
     * set_cue_id); Ardour keeps whatever another location holds, even a
     * number never set (an Ardour 5 session range's, after Ardour 7
     * saves it): it launches nothing */
    if (!(f & IS_CUE_MARKER))
      (void)sp_xml_attr(l, "cue");
    if (f & IS_SESSION_RANGE)
      loc = l;
    else if (!(f & IS_CUE_MARKER))
      sp_xml_read_all(l); /* a marker, the loop or punch range: the export plays none */
    /* a cue marker launches clips, not read: a loss (sp_session_unread) */
  }
  const char *st = loc ? sp_xml_attr(loc, "start") : NULL;
  const char *en = loc ? sp_xml_attr(loc, "end") : NULL;
  if (!st || !en || !ardour_frame_of(r, loc, st, a) || !ardour_frame_of(r, loc, en, b))
    return false;
  if (*a >= 0 && *b > *a)
    return true;
  /* Ardour refuses a range that ends before it starts (Location::set) */
  loss(r, NULL, loc,
       "the session range runs from frame %lld to frame %lld, which is no range: not read, the "
       "recipe plays the timeline from its start to its last region's end",
       (long long)*a, (long long)*b);
  return false;
}

/* Fade f (of length seconds L) made L * k long, its points' times with
 * it. */
static void squeeze_fade(sp_fade *f, double k, double rate)
{
  sp_auto *pts[] = {&f->curve, &f->inverse};
  for (size_t i = 0; i < 2; i++)
    for (size_t j = 0; j < pts[i]->n; j++) {
      sp_time *t = &pts[i]->points[j].t;
      *t = (sp_time){.seconds = sp_time_seconds(*t, rate) * k};
    }
  f->length = (sp_time){.seconds = sp_time_seconds(f->length, rate) * k};
}

static void session_range(reader *r)
{
  const int64_t a = r->range_start, b = r->range_end;
  if (b <= a)
    return;
  sp_mix *m = r->m;
  sp_mix_top_length(m, b - a);
  if (a == 0)
    return;
  sp_mix_top_note(m, "the session range starts at frame %lld: the timeline starts there",
                  (long long)a);
  double sh = (double)a / r->rate;
  for (size_t i = 0; i <= m->n_strips; i++) {
    sp_mix_strip *s = i < m->n_strips ? &m->strips[i] : &m->master;
    for (size_t j = 0; j < s->n_regions; j++) {
      sp_mix_region *g = &s->regions[j];
      g->region.at.seconds -= sh;
      if (g->region.at.seconds >= 0)
        continue;
      double cut = -g->region.at.seconds;
      char *el = sp_xasprintf("a region of '%s'", s->title);
      if (g->region.length.seconds <= cut + 0.5 / r->rate) {
        sp_mix_note(s,
                    "%s ends before the session range's start: left out, as Ardour's export "
                    "leaves it",
                    el);
        free(el);
        sp_mix_region_remove(s, j--);
        continue;
      }
      /* a fade-in over before the cut is gone; one that is not starts over,
       * in what is left of the region where it is longer (as Ardour holds a
       * fade to its region's length, AudioRegion::set_fade_in_length) */
      int64_t cutf = llround(cut * r->rate);
      const double fin = sp_time_seconds(g->region.fade_in.length, r->rate);
      const double rest = g->region.length.seconds - cut;
      if (g->region.midi || g->region.stretch.on || fin > (double)cutf / r->rate + 0.5 / r->rate) {
        const bool squeezed = !g->region.midi && !g->region.stretch.on && fin > rest;
        char *what = sp_xasprintf("it starts before the session range's start: cut there (%s)",
                                  g->region.midi ? "notes sounding at the start are not played"
                                  : g->region.stretch.on ? "its warp is not moved"
                                  : squeezed ? "its fade-in starts over at the cut, in the "
                                               "region left"
                                             : "its fade-in starts over at the cut");
        sp_mix_loss_at(m, s, m->origin, g->line, el, el, what); /* at its Region */
        free(what);
        if (squeezed)
          squeeze_fade(&g->region.fade_in, rest / fin, r->rate);
      } else {
        sp_auto_free(&g->region.fade_in.curve);
        sp_auto_free(&g->region.fade_in.inverse);
        g->region.fade_in = (sp_fade){0};
      }
      free(el);
      g->region.at.seconds = 0;
      g->region.from.seconds += cut;
      g->region.length.seconds -= cut;
      /* the envelope, in the region's own time, starts at the cut */
      bool had = g->region.envelope.has_start;
      shift_auto(r, s, "a region's envelope", &g->region.envelope, cut, 0, MOVE_LEVEL);
      g->region.envelope.has_start = had;
    }
    shift_auto(r, s, s->title, &s->strip.gain, sh, a, MOVE_LEVEL);
    shift_auto(r, s, s->title, &s->strip.pan.plain, sh, a, MOVE_LINEAR);
    shift_auto(r, s, s->title, &s->strip.mutes, sh, a, MOVE_HELD);
    shift_auto(r, s, s->title, &s->strip.widths, sh, a, MOVE_LINEAR);
    shift_auto(r, s, s->title, &s->strip.trims, sh, a, MOVE_LEVEL);
    shift_auto(r, s, s->title, &s->strip.invert.moves, sh, a, MOVE_HELD);
    for (size_t k = 0; k < s->n_sends; k++) {
      shift_auto(r, s, s->title, &s->sends[k].send.level, sh, a, MOVE_LEVEL);
      shift_auto(r, s, s->title, &s->sends[k].send.pan.plain, sh, a, MOVE_LINEAR);
    }
    for (size_t k = 0; k < s->n_inserts; k++)
      if (s->inserts[k].moves)
        sp_mix_loss(m, s, s->title,
                    "a plugin's moving parameter is not moved to the session range's start");
  }
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
  r.midi_dir = sp_session_media_dir(o, &r.midi_cache);
  if (o->stage)
    sp_outdir_stage_reads(o->stage, file);
  char why[512];
  char *text = NULL;
  size_t n = 0;
  sp_err rc = sp_fs_read_all(file, "an Ardour session file", "Ardour session files",
                             SP_ARDOUR_MAX_XML, &text, &n, why, sizeof why);
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
  /* The format as Ardour reads it (Session::parse_stateful_loading_
   * version): none is Ardour 1's (1000), a dotted one Ardour 2's ("2.0.0",
   * 2000) or 3's ("3.0.0", 3000), else a number. */
  double version = 0, rate = 0;
  const char *vs = sp_xml_attr(root, "version");
  if (!vs || !*vs)
    version = 1000;
  else if (strchr(vs, '.'))
    version = vs[0] == '2' ? 2000 : 3000;
  else if (!sp_xml_number(root, "version", &version, file, d)) {
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (!(version >= 0 && version < 100000)) { /* Ardour's are 1000 to 7003 */
    error(&r, root, SP_ERR_USAGE, "Session: version %g is not an Ardour session's", version);
    rc = SP_ERR_USAGE;
    goto out;
  }
  r.version = (int)version;
  if (r.version < 6000) {
    /* Ardour 2 .. 5 write routes, panners and regions otherwise: read as
     * if they were Ardour 6's, tracks become buses. */
    const bool dotted = vs && strchr(vs, '.');
    error(&r, root, SP_ERR_USAGE,
          "Session: format %d%s%.40s%s is Ardour 5's or older; stemprint reads the sessions of "
          "Ardour 6 and later (format 6000 and up): open it in Ardour 6 or later, save it, and "
          "import that",
          r.version, dotted ? " (version=\"" : "", dotted ? vs : "", dotted ? "\")" : "");
    rc = SP_ERR_USAGE;
    goto out;
  }
  /* A session template (Session::state with save_template): Ardour saves
   * neither the session's name nor its rate into one. */
  if (!sp_xml_attr(root, "sample-rate") && !sp_xml_attr(root, "name")) {
    error(&r, root, SP_ERR_USAGE,
          "Session: no sample-rate and no name: an Ardour session template, which holds no "
          "session's rate nor its audio; make a session from it in Ardour (Session > New, "
          "with the template), save it, and import that");
    rc = SP_ERR_USAGE;
    goto out;
  }
  if (!sp_xml_attr(root, "sample-rate")) {
    error(
        &r, root, SP_ERR_USAGE,
        "Session: no sample-rate; Ardour writes the session's rate there (sample-rate=\"48000\")");
    rc = SP_ERR_USAGE;
    goto out;
  }
  /* 0 is a recipe's rate not given (its audio's), no rate of Ardour's */
  if (!sp_xml_number(root, "sample-rate", &rate, file, d) || rate == 0) {
    error(&r, root, SP_ERR_USAGE, "Session: sample-rate %g is not one stemprint renders at", rate);
    rc = SP_ERR_USAGE;
    goto out;
  }
  /* another the recipe takes not is the check's, in a recipe's words at
   * the Session; the session read at the rate the recipe is then read at */
  r.rate = sp_recipe_reading_rate(rate);
  m->origin = sp_xstrdup(file);
  m->line = sp_xml_line(root);
  sp_mix_top_number(m, SP_KEY_ROOT_SAMPLE_RATE, rate);
  sp_mix_top_pan_law_ardour(m); /* Ardour's panners */
  sp_mix_top_cycle_ardour(m);
  m->format = sp_xasprintf("Ardour session, format %d", r.version);
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
  /* The session's option use-region-fades off: AudioRegion::read_at
   * applies no region's fades (nor an opaque region's inverses, which
   * fade the regions below), and an opaque region's read then replaces
   * what is below it over its whole length, as a region without fades. */
  r.no_fades = !ardour_option_switch(&r, "use-region-fades", true);
  if (r.no_fades)
    sp_mix_top_note(m, "the session's option use-region-fades is off: Ardour plays no region's "
                       "fades, nor its crossfades; none are played");
  if (!range_of(&r, root, &r.range_start, &r.range_end))
    r.range_start = r.range_end = 0;
  const xmlNode *routes = sp_xml_child(root, "Routes");
  sp_xml_index_make(&r.playlists, sp_xml_peek_child(root, "Playlists"), "Playlist", "id");
  sp_xml_index_make(&r.route_ids, routes, "Route", "id");
  sp_xml_index_make(&r.route_names, routes, "Route", "name");
  sp_xml_index_tree(&r.nested, sp_xml_peek_child(root, "Regions"), "id");
  for (const xmlNode *rt = sp_xml_child(routes, "Route"); rt; rt = sp_xml_next(rt, "Route"))
    ardour_route(&r, root, routes, rt);
  /* The session's monitoring choice is read where a track asks for it
   * (ardour_routes.c, monitors_input); where none does (no track is
   * played, or each has a choice of its own) it chooses for nothing the
   * export plays. */
  sp_xml_read_all(
      sp_xml_child_with(sp_xml_peek_child(root, "Config"), "Option", "name", "session-monitoring"));
  session_range(&r);
  /* Sends reach buses; routing to an id that is not a strip is master's. */
  sp_mix_sends_to_buses(m, "an aux send", NULL, "");
  rc = sp_diags_status(d);
  if (rc == SP_OK) /* a read that failed says why, not what it left */
    ardour_unread(&r);
  rc = sp_diags_status(d);
out:
  /* The MIDI it wrote beside the recipe is staged (o->stage: what lands
   * or goes is the import's to say); the cache keeps its bound. */
  if (r.midi_cache && r.n_written > 0)
    sp_session_audio_prune(r.midi_dir, (const char *const *)r.written, r.n_written);
  for (size_t i = 0; i < r.n_written; i++)
    free(r.written[i]);
  free(r.written);
  free(r.midi_dir);
  for (size_t i = 0; i < r.n_midi; i++)
    sp_ardour_model_free(r.midi[i].model);
  sp_ardour_model_free(r.empty_midi);
  free(r.midi);
  sp_strmap_fini(&r.midi_ids);
  sp_strmap_fini(&r.source_ids);
  sp_strmap_fini(&r.bad_switches);
  sp_xml_index_free(&r.playlists);
  sp_xml_index_free(&r.route_ids);
  sp_xml_index_free(&r.route_names);
  sp_xml_index_free(&r.nested);
  sp_ardour_map_free(&r.map);
  ardour_vcas_free(r.vcas);
  sp_xml_free(r.doc);
  for (size_t i = 0; i < r.n_sources; i++)
    free(r.sources[i].path);
  free(r.sources);
  free(r.dir);
  free(r.recipe_dir);
  free(file);
  return rc;
}
