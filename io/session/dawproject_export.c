/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A recipe written as a DAWproject 1.0 file (io/session/session.h), for an
 * engineer to open a generated mix in a DAW. What the format can hold is
 * written so that importing the file gives back an equivalent recipe (the
 * round trip the tests run); what it cannot is a warning at the recipe's
 * line (docs/sessions.md), and the key table (io/session/dawproject_keys.c)
 * says of every key of the recipe which it is. Instrument tracks' notes
 * are in beats through the project's tempo map, its MIDI files'. The
 * project is validated against the schema before it is written.
 *
 * This file writes the project: its tempo map, keys, the import's rate
 * and stems, the file; its parts are written by the dawproject_export_*.c
 * beside it (what they share: dawproject_writer.h). */

#include "io/session/dawproject_writer.h"

#include "core/base/alloc.h"
#include "io/session/dawproject.h"
#include "io/session/dawproject_keys.h"
#include "io/session/zip.h"
#include "sp_dawproject_xsd.h"

#include <math.h>
#include <string.h>

/* A track's channels: its layout's, else its widest file's (unprobed
 * files are dx_clips()'s to report). */
/* The most channels of t's regions' files (0: none read). */
static int files_channels(writer *w, const sp_track *t)
{
  int n = 0;
  for (size_t i = 0; i < t->n_regions; i++) {
    sp_audio_info info;
    char why[512];
    if (sp_media_probe(w->media, t->regions[i].path, &info, why, sizeof why) == SP_OK &&
        info.channels > n)
      n = info.channels;
  }
  return n;
}

static int track_channels(writer *w, const sp_track *t)
{
  if (t->strip.layout)
    return t->strip.layout->n;
  const int n = files_channels(w, t);
  return n > 2 ? n : 2;
}

/* A track's own layout of one or two channels over files of the other
 * count (`layout: stereo` over mono files, which play on both sides at
 * unity): its channel says 2 channels either way, and an import makes a
 * track of its clips' layout (a mono one panned by the pan law). */
static void track_layout_lost(writer *w, const sp_track *t)
{
  const sp_layout *l = t->strip.layout;
  if (!l || l->n > 2 || t->strip.instrument)
    return;
  const int n = files_channels(w, t);
  if (n > 0 && n <= 2 && n != l->n)
    dx_strip_lost(w, "tracks", t->name, "layout",
                  "the layout %s over %s files (a DAWproject channel says 2 channels for both, "
                  "and an import makes a track of its clips' layout, %s)",
                  l->name, n == 1 ? "mono" : "stereo",
                  n == 1 ? "mono, panned by the pan law" : "stereo");
}

/* The tempo map of MIDI file f played with its second 0 at second d of
 * the timeline, from the timeline's 0 on (the tempo in force there
 * first: the file's before it, 120 bpm before its first change); its
 * points (heap), *n of them. Repeats of a tempo are dropped. */
static tempo_pt *file_tempo(const sp_midi_file *f, double d, size_t *n)
{
  tempo_pt *v = sp_xcalloc(f->n_tempos + 1, sizeof *v);
  v[0] = (tempo_pt){0, 120, 0};
  *n = 1;
  for (size_t j = 0; j < f->n_tempos; j++) {
    const double sec = d + f->tempos[j].seconds, bpm = 60e6 / f->tempos[j].us_per_quarter;
    if (sec <= fmax(d, 0)) /* in force where the file or the timeline starts: before it too */
      v[0].bpm = bpm;
    else if (bpm != v[*n - 1].bpm)
      v[(*n)++] = (tempo_pt){sec, bpm, 0};
  }
  for (size_t j = 1; j < *n; j++)
    v[j].beat = dx_on_grid(v[j - 1].beat + (v[j].sec - v[j - 1].sec) * v[j - 1].bpm / 60);
  return v;
}

static bool same_tempo(const tempo_pt *a, size_t na, const tempo_pt *b, size_t nb)
{
  if (na != nb)
    return false;
  for (size_t i = 0; i < na; i++)
    if (fabs(a[i].sec - b[i].sec) > 1e-9 || a[i].bpm != b[i].bpm)
      return false;
  return true;
}

/* The project's tempo map: its MIDI regions' files' (docs/sessions.md):
 * the first MIDI region's file's tempo map, placed as the region plays
 * it, and each other region whose file's map, so placed, is another is
 * named (its notes keep their times, in beats of the project's map); 120
 * bpm throughout without a MIDI region. A map of a tempo DAWproject's
 * readers refuse (above 1000 bpm) is named, and 120 bpm written. */
static void tempo_map(writer *w)
{
  const char *from = NULL;
  for (size_t i = 0; i < w->r->n_tracks; i++) {
    const sp_track *t = &w->r->tracks[i];
    for (size_t k = 0; t->strip.instrument && k < t->n_regions; k++) {
      const sp_region *g = &t->regions[k];
      sp_midi_file *f = NULL;
      char why[512];
      if (!g->midi || !w->media->midi ||
          w->media->midi(w->media, g->path, &f, why, sizeof why) != SP_OK)
        continue; /* the graph read it: not a MIDI region, or said */
      size_t n = 0;
      tempo_pt *v = file_tempo(f, dx_seconds(w->r, g->at) - dx_seconds(w->r, g->from), &n);
      sp_midi_file_free(f);
      char *rp = t->regions_listed ? sp_xasprintf("tracks.%s.regions[%zu]", t->name, k)
                                   : sp_xasprintf("tracks.%s", t->name);
      if (!from) {
        w->tempo = v;
        w->n_tempo = n;
        from = sp_xstrdup(rp);
      } else {
        if (!same_tempo(v, n, w->tempo, w->n_tempo))
          dx_lost(w, rp,
                  "its MIDI file's tempo map, as the region plays it (the project has one tempo "
                  "map, %s's): its notes are at their times, in beats of the project's",
                  from);
        free(v);
      }
      free(rp);
    }
  }
  for (size_t i = 0; i < w->n_tempo; i++)
    if (w->tempo[i].bpm > 1000) {
      dx_lost(
          w, from,
          "the tempo map of its MIDI file (a tempo of %g bpm, above DAWproject's 1000): 120 bpm "
          "written, the notes at their times",
          w->tempo[i].bpm);
      w->n_tempo = 0;
      break;
    }
  free((char *)from);
  if (w->n_tempo == 0) {
    free(w->tempo);
    w->tempo = sp_xcalloc(1, sizeof *w->tempo);
    w->tempo[0] = (tempo_pt){0, 120, 0};
    w->n_tempo = 1;
  }
}

/* A key the table names, unless the exporter's own code named it already
 * (with its value: "the stereo width 0.5"). */
static void name_key(void *ctx, const char *path, const char *why)
{
  writer *w = ctx;
  const size_t n = strlen(path);
  for (const char *l = w->left_out; l && *l;) {
    if (strncmp(l, path, n) == 0 && l[n] == '\t')
      return;
    const char *nl = strchr(l, '\n');
    l = nl ? nl + 1 : NULL;
  }
  dx_lost(w, path, "%s", why);
}

/* The session rate an import of the project takes (io/session/
 * dawproject.c, choose_rate): the rate most of its clips' audio has (the
 * first of a tie), else 48 kHz. */
static double import_rate(writer *w)
{
  sp_dp_rates rates = {0};
  for (size_t i = 0; i < w->r->n_tracks; i++) {
    const sp_track *t = &w->r->tracks[i];
    for (size_t k = 0; !t->strip.instrument && k < t->n_regions; k++) {
      sp_audio_info info;
      char why[512];
      if (sp_media_probe(w->media, t->regions[k].path, &info, why, sizeof why) == SP_OK)
        sp_dp_rates_add(&rates, info.sample_rate);
    }
  }
  return sp_dp_rates_choice(&rates);
}

/* Whether the recipe's stems are those an import of the project makes
 * (docs/sessions.md, Stems): each top-level bus and each track straight
 * to master a stem named after it, of the tracks that reach it by `to`,
 * split by source. Stems are compared by what they hold, so `rhythm:
 * [bass, drums]` is `rhythm: [rhythm]` when bass and drums are what
 * reaches the bus rhythm, and nothing else does. */
static const sp_bus *bus_named(const sp_recipe *r, const char *name)
{
  for (size_t i = 0; name && i < r->n_buses; i++)
    if (strcmp(r->buses[i].name, name) == 0)
      return &r->buses[i];
  return NULL;
}

/* Whether track t reaches the strip named name by its `to` chain (itself
 * included). */
static bool reaches(const sp_recipe *r, const sp_track *t, const char *name)
{
  if (strcmp(t->name, name) == 0)
    return true;
  const char *to = t->strip.to;
  for (size_t hops = 0; to && hops <= r->n_buses; hops++) {
    if (strcmp(to, name) == 0)
      return true;
    const sp_bus *b = bus_named(r, to);
    to = b && !b->strip.to_none ? b->strip.to : NULL;
  }
  return false;
}

/* The strip whose stem an import puts track t in: the last bus of its
 * `to` chain (master's input), else the track itself. */
static const char *import_stem(const sp_recipe *r, const sp_track *t)
{
  const char *top = t->name, *to = t->strip.to;
  for (size_t hops = 0; to && hops <= r->n_buses; hops++) {
    const sp_bus *b = bus_named(r, to);
    if (!b)
      break;
    top = b->name;
    to = b->strip.to_none ? NULL : b->strip.to;
  }
  return top;
}

static bool stems_follow_groups(const sp_recipe *r)
{
  if (r->split != SP_SPLIT_SOURCES)
    return false;
  size_t n_import = 0; /* the distinct stems an import makes */
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *t = &r->tracks[i];
    if (t->strip.mute)
      continue; /* in no stem of an import's; silent in any of the recipe's */
    const char *top = import_stem(r, t);
    bool first = true;
    for (size_t j = 0; j < i && first; j++)
      first = r->tracks[j].strip.mute || strcmp(import_stem(r, &r->tracks[j]), top) != 0;
    n_import += first;
    for (size_t k = 0; k < r->n_stems; k++) {
      const sp_stem *st = &r->stems[k];
      bool in = false;
      for (size_t m = 0; m < st->n_members && !in; m++)
        in = reaches(r, t, st->members[m]);
      if (in != (strcmp(st->name, top) == 0))
        return false;
    }
  }
  return r->n_stems == n_import;
}

/* A Track element of structure st: its content, its id into id. */
static xmlNode *track_el(writer *w, xmlNode *st, const char *content, char id[24], const char *name)
{
  return dx_node(w, st, "Track", "contentType", content, "loaded", "true", "id", dx_new_id(w, id),
                 "name", name, NULL);
}

/* The tracks, buses and master as Tracks with their channels (ids x),
 * each's automation gathered into its lane of lanes. */
static void structure(writer *w, xmlNode *st, const ids *x, lane *lanes)
{
  const sp_recipe *r = w->r;
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *t = &r->tracks[i];
    const sp_node *node = t->strip.instrument && w->g ? sp_graph_node_of(w->g, &t->strip) : NULL;
    lane *l = &lanes[1 + r->n_buses + i];
    xmlNode *tk = track_el(w, st, t->strip.instrument ? "notes" : "audio", l->track, t->name);
    track_layout_lost(w, t);
    dx_channel(w, tk, &t->strip,
               t->strip.instrument ? (node ? node->channels : 2) : track_channels(w, t), "regular",
               x->ch[1 + r->n_buses + i], x, l, "tracks", t->name);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    const sp_bus *b = &r->buses[i];
    xmlNode *tk = track_el(w, st, "audio", lanes[1 + i].track, b->name);
    dx_channel(w, tk, &b->strip, b->strip.layout ? b->strip.layout->n : 2,
               dx_fed_by_to(r, b->name) ? "submix" : "effect", x->ch[1 + i], x, &lanes[1 + i],
               "buses", b->name);
  }
  xmlNode *mt = track_el(w, st, "audio", lanes[0].track, "Master");
  dx_channel(w, mt, &r->master, r->master.layout ? r->master.layout->n : 2, "master", x->ch[0], x,
             &lanes[0], "master", NULL);
}

/* The arrangement: the tracks' clips, the lanes of automation (n of
 * them), the tempo's changes on the Tempo parameter tempo_id. */
static void arrangement(writer *w, xmlNode *arr, const lane *lanes, size_t n, const char *tempo_id)
{
  const sp_recipe *r = w->r;
  char id[24];
  dx_attr(arr, "id", dx_new_id(w, id));
  xmlNode *top = dx_node(w, arr, "Lanes", "timeUnit", "seconds", "id", DX_NEW_ID, NULL);
  for (size_t i = 0; i < r->n_tracks; i++)
    if (r->tracks[i].strip.instrument)
      dx_notes_clips(w, top, &r->tracks[i], lanes[1 + r->n_buses + i].track);
    else
      dx_clips(w, top, &r->tracks[i], lanes[1 + r->n_buses + i].track);
  for (size_t i = 0; i < n; i++) {
    if (lanes[i].n == 0)
      continue;
    xmlNode *ln = dx_node(w, top, "Lanes", "track", lanes[i].track, "id", DX_NEW_ID, NULL);
    for (size_t k = 0; k < lanes[i].n; k++)
      dx_points(w, ln, &lanes[i].v[k]);
  }

  if (w->n_tempo > 1) { /* the tempo's changes, at their beats, each held */
    xmlNode *ta = dx_node(w, arr, "TempoAutomation", "unit", "bpm", "id", DX_NEW_ID, NULL);
    dx_attr(dx_el(ta, "Target"), "parameter", tempo_id);
    for (size_t i = 0; i < w->n_tempo; i++)
      dx_node(w, ta, "RealPoint", "time", sp_mix_num(w->tempo[i].beat).text, "value",
              sp_mix_num(w->tempo[i].bpm).text, "interpolation", "hold", NULL);
  }
}

/* What the recipe says beyond a mix: the keys of the top level, the
 * strips and their sends, master, output and checks that the table names
 * (io/session/dawproject_keys.c), each the recipe gives (not at its default, sp_recipe_given), in
 * the walk's order; the rest by what it holds. */
static void keys_lost(writer *w)
{
  const sp_recipe *r = w->r;
  sp_export_name_keys(r, "", name_key, w);
  for (size_t i = 0; i < r->n_tracks + r->n_buses; i++) { /* the tracks, then the buses */
    const bool track = i < r->n_tracks;
    char *at = sp_xasprintf("%s.%s", track ? "tracks" : "buses",
                            track ? r->tracks[i].name : r->buses[i - r->n_tracks].name);
    sp_export_name_keys(r, at, name_key, w);
    const sp_strip *s = track ? &r->tracks[i].strip : &r->buses[i - r->n_tracks].strip;
    for (size_t k = 0; k < s->n_sends; k++) { /* its sends' keys (their SEND table's) */
      char *sp = sp_xasprintf("%s.sends[%zu]", at, k);
      sp_export_name_keys(r, sp, name_key, w);
      free(sp);
    }
    free(at);
  }
  sp_export_name_keys(r, "master", name_key, w);
  sp_export_name_keys(r, "output", name_key, w);
  sp_export_name_keys(r, "checks", name_key, w);
  if (r->has_stems && !stems_follow_groups(r))
    dx_lost(w, "stems",
            "the stems (a DAWproject has none; importing it makes them from its structure, each "
            "top-level bus and each track to master a stem of what reaches it, and these are "
            "others)");
  if (r->pan_law_db != -3 || r->pan_law_quadratic)
    dx_lost(w, "pan_law", "pan law %s (DAWproject names none; stemprint reads -3 dB)",
            r->pan_law_quadratic ? sp_curve_name(SP_CURVE_PAN_LAW, SP_PAN_LAW_QUADRATIC)
                                 : sp_mix_num(r->pan_law_db).text);
  const double rate = import_rate(w);
  if (rate != r->sample_rate)
    dx_lost(w, "sample_rate",
            "the sample rate, %g Hz (DAWproject has no session rate: an import takes the rate most "
            "of the audio has, here %g Hz)",
            r->sample_rate, rate);
}

/* The project validated against the schema and written with its files
 * into the zip at path; w->rc what went wrong. */
static void write_project(writer *w, const char *path)
{
  char *xml = NULL;
  size_t xml_n = 0;
  if (w->rc == SP_OK &&
      sp_xml_validate(w->doc, path, sp_dawproject_xsd, sizeof sp_dawproject_xsd - 1, w->d) != SP_OK)
    w->rc = SP_ERR_RENDER; /* a bug: what stemprint writes must match the schema */
  if (w->rc == SP_OK) {
    xml = sp_xml_dump(w->doc, &xml_n);
    sp_zip_item *items = sp_xcalloc(w->n_files + 2, sizeof *items);
    size_t n_items = 0;
    items[n_items++] = (sp_zip_item){.name = "project.xml", .data = xml, .size = xml_n};
    for (size_t i = 0; i < w->n_files; i++)
      items[n_items++] = (sp_zip_item){.name = w->entries[i], .file = w->files[i], .store = true};
    /* What the project does not hold, for `stemprint import` to name: a
     * DAW ignores a file it does not know-> */
    char *left =
        w->left_out ? sp_xasprintf("%s%s", SP_DAWPROJECT_LEFT_OUT_HEAD, w->left_out) : NULL;
    if (left)
      items[n_items++] =
          (sp_zip_item){.name = SP_DAWPROJECT_LEFT_OUT, .data = left, .size = strlen(left)};
    char why[1024];
    w->rc = sp_zip_write(path, items, n_items, why, sizeof why);
    free(left);
    if (w->rc != SP_OK)
      sp_diags_add_whole(w->d, SP_SEV_ERROR, w->rc, "%s", why);
    free(items);
  }
  free(xml);
}

sp_err sp_session_export_with(const sp_recipe *r, const sp_graph *g, const char *path,
                              const sp_export_opts *o, sp_diags *d)
{
  writer w = {.r = r, .g = g, .media = sp_graph_media(g), .d = d, .embed = o && o->embed};
  for (size_t i = 0; i < r->n_tracks; i++)
    w.track_soloed |= r->tracks[i].strip.solo;
  w.doc = xmlNewDoc((const xmlChar *)"1.0");
  xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"Project");
  xmlDocSetRootElement(w.doc, root);
  dx_attr(root, "version", "1.0");
  dx_node(&w, root, "Application", "name", "stemprint", "version", SP_VERSION, NULL);
  tempo_map(&w);
  xmlNode *tr = dx_el(root, "Transport");
  char tempo_id[24];
  dx_real(&w, tr, "Tempo", "bpm", w.tempo[0].bpm, tempo_id);

  /* Channel ids: master first, then buses and tracks by name. */
  size_t n = 1 + r->n_buses + r->n_tracks;
  ids x = {sp_xcalloc(n, sizeof *x.names), sp_xcalloc(n, sizeof *x.ch), n};
  x.names[0] = "master";
  for (size_t i = 0; i < r->n_buses; i++)
    x.names[1 + i] = r->buses[i].name;
  for (size_t i = 0; i < r->n_tracks; i++)
    x.names[1 + r->n_buses + i] = r->tracks[i].name;
  for (size_t i = 0; i < n; i++)
    dx_new_id(&w, x.ch[i]);
  lane *lanes = sp_xcalloc(n, sizeof *lanes);
  structure(&w, dx_el(root, "Structure"), &x, lanes);
  arrangement(&w, dx_el(root, "Arrangement"), lanes, n, tempo_id);
  keys_lost(&w);
  write_project(&w, path);
  for (size_t i = 0; i < w.n_files; i++) {
    free(w.files[i]);
    free(w.entries[i]);
  }
  free(w.files);
  free(w.entries);
  free(w.left_out);
  free(w.tempo);
  for (size_t i = 0; i < n; i++)
    free(lanes[i].v);
  free(lanes);
  free(x.names);
  free(x.ch);
  xmlFreeDoc(w.doc);
  return w.rc;
}
