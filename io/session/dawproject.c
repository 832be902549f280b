/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A DAWproject 1.0 file read into a mix (io/session/mix.h), for
 * sp_session_read (io/session/import.c). docs/sessions.md lists what is
 * carried over and how; the format's schema is io/session/dawproject.xsd,
 * built into the binary, and every project.xml is validated against it
 * before it is read, so the walk below can rely on the structure (which
 * element may hold which) while still checking every value.
 *
 * This file reads the project: its rate, tempo, tracks (by
 * dawproject_tracks.c) and VCAs; what the files of the reader share is in
 * dawproject_reader.h, each file's concern at its top. */

#include "io/session/dawproject.h"
#include "io/session/dawproject_reader.h"
#include "io/session/session_build_top.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "sp_dawproject_xsd.h"

#include <string.h>
#include <unistd.h>

/* The largest project.xml read (a long, dense session is a few MB). */
#define SP_DAWPROJECT_MAX_XML (64u << 20)

/* ---- VCAs ------------------------------------------------------------------------------- */

/* Past a's points at t from *i on, *i moved there; whether they were
 * several (a step: held up to t, the next value from it). */
static bool past_at(const sp_auto *a, size_t *i, double t)
{
  const size_t from = *i;
  while (*i < a->n && a->points[*i].t.seconds <= t)
    ++*i;
  return *i - from > 1;
}

/* a += b, both levels in dB: a sum of ramps linear in dB is one, exactly,
 * on the union of their breakpoints; a step of either (two points at a
 * time: a held point's end) a step of the sum there. */
static void add_levels(sp_auto *a, const sp_auto *b)
{
  if (a->n == 0 && b->n == 0) {
    a->value += b->value;
    return;
  }
  sp_auto out = {0};
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    const double ta = i < a->n ? a->points[i].t.seconds : 0;
    const double tb = j < b->n ? b->points[j].t.seconds : 0;
    const double t = j >= b->n || (i < a->n && ta <= tb) ? ta : tb;
    sp_mix_auto_point(&out, t, sp_mix_level_at(a, t, true) + sp_mix_level_at(b, t, true));
    const bool step_a = past_at(a, &i, t), step_b = past_at(b, &j, t);
    if (step_a || step_b)
      sp_mix_auto_point(&out, t, sp_mix_level_at(a, t, false) + sp_mix_level_at(b, t, false));
  }
  free(a->points);
  *a = out;
}

/* A strip's VCAs as resolve_vcas folds them into its level. */
typedef struct vca_over {
  char *id;    /* the strip's */
  char *names; /* its VCAs' ("'band', 'all'"), or NULL: none */
  bool within; /* its own level is one a recipe holds */
} vca_over;

static vca_over *over_of(vca_over *over, size_t n, const char *id)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(over[i].id, id) == 0)
      return &over[i];
  return NULL;
}

/* VCA vs folded into strip id's level: named, with the VCAs over vs. */
static void vca_named(vca_over *over, size_t n, const char *id, const sp_mix_strip *vs)
{
  vca_over *o = over_of(over, n, id);
  const vca_over *up = over_of(over, n, vs->id);
  if (!o)
    return;
  char *names = sp_xasprintf("%s%s'%s'%s%s", o->names ? o->names : "", o->names ? ", " : "",
                             vs->title ? vs->title : "", up && up->names ? ", " : "",
                             up && up->names ? up->names : "");
  free(o->names);
  o->names = names;
}

/* A channel's level, fixed or moving, its VCAs raise past what a recipe's
 * level holds (its own within it) as every session reader carries it
 * (sp_session_vca_level_within): in its trim, else held there and said
 * at its Volume, naming the VCAs; its own level past it is the check's to
 * say.
 * After the sends a recipe cannot hold are left out (sp_mix_sends_to_buses:
 * one of those before its fader keeps no level from its trim). Frees
 * over. */
static void vcas_within(reader *r, vca_over *over, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    sp_mix_strip *s = over[i].names && over[i].within ? sp_mix_find(r->m, over[i].id) : NULL;
    if (s && dp_level_past(&s->strip.gain)) {
      const xmlNode *ch = dp_find_id(r, s->id), *vol = sp_xml_child(ch, "Volume");
      sp_session_vca_level_within(&r->where, s, vol ? vol : ch, &s->strip.gain, over[i].names);
    }
    free(over[i].id);
    free(over[i].names);
  }
  free(over);
}

/* Each VCA folded into the strips under it, and removed; what each strip's
 * VCAs are, n of them, for vcas_within (heap). */
static vca_over *resolve_vcas(reader *r, size_t *n)
{
  /* a channel's own fixed Mute gives way to its mute automation, a VCA's
   * too */
  for (size_t i = 0; i < r->m->n_strips; i++)
    if (r->m->strips[i].strip.mutes.n > 0)
      sp_mix_strip_mute(&r->m->strips[i], false);
  if (r->m->master.strip.mutes.n > 0)
    sp_mix_strip_mute(&r->m->master, false);
  /* A VCA under a VCA folded before it has that one's notes and mutes:
   * what its channel said itself is kept here. */
  struct own {
    size_t notes; /* the first notes */
    bool moves;   /* mute automation */
  } *own = sp_xcalloc(r->n_vcas + 1, sizeof *own);
  /* Each strip's VCAs, named, and whether its own level is one a recipe
   * holds: one they raise past it is theirs to say (vcas_within). */
  vca_over *over = sp_xcalloc(r->m->n_strips + 1, sizeof *over);
  const size_t n_over = r->m->n_strips;
  for (size_t i = 0; i < n_over; i++)
    over[i] = (vca_over){sp_xstrdup(r->m->strips[i].id), NULL,
                         !dp_level_past(&r->m->strips[i].strip.gain)};
  for (size_t v = 0; v < r->n_vcas; v++) {
    const sp_mix_strip *vs = sp_mix_find(r->m, r->vcas[v]);
    if (vs)
      own[v] = (struct own){vs->n_notes, vs->strip.mutes.n > 0};
  }
  for (size_t v = 0; v < r->n_vcas; v++) {
    sp_mix_strip *vs = sp_mix_find(r->m, r->vcas[v]);
    if (!vs)
      continue;
    /* A VCA routed to itself (or around a loop of VCAs) goes to master. */
    char *out = vs->strip.to && strcmp(vs->strip.to, vs->id) != 0 ? sp_xstrdup(vs->strip.to) : NULL;
    for (size_t i = 0; i < r->m->n_strips; i++) {
      sp_mix_strip *s = &r->m->strips[i];
      if (s == vs || !s->strip.to || strcmp(s->strip.to, vs->id) != 0)
        continue;
      add_levels(&s->strip.gain, &vs->strip.gain);
      vca_named(over, n_over, s->id, vs);
      sp_mix_note(s, "under VCA '%s': its level is in this gain", vs->title);
      if (vs->strip.mutes.n > 0 && !vs->strip.mute && !s->strip.mute) {
        /* Muted while its own mute or the VCA's is on: one moving mute,
         * declicked as a channel's own; constant, a fixed mute. */
        sp_auto both = {0};
        sp_mix_steps_or(&s->strip.mutes, &vs->strip.mutes, false, &both);
        free(s->strip.mutes.points);
        s->strip.mutes = both;
        if (s->strip.mutes.n == 1) {
          sp_mix_strip_mute(s, s->strip.mutes.points[0].v != 0);
          free(s->strip.mutes.points);
          s->strip.mutes = (sp_auto){0};
        }
      } else {
        sp_mix_strip_mute(s, s->strip.mute || vs->strip.mute);
      }
      if (own[v].moves)
        sp_mix_note(s, "under VCA '%s': muted while its mute automation is on too", vs->title);
      /* and the VCAs over this one said, in any order they are listed */
      for (size_t k = own[v].notes; k < vs->n_notes; k++)
        sp_mix_note(s, "%s", vs->notes[k]);
      free(s->strip.to);
      s->strip.to = out ? sp_xstrdup(out) : NULL;
    }
    free(out);
    if (vs->n_inserts || vs->n_sends || own[v].notes) { /* at its Track */
      char *el = sp_xasprintf("VCA channel '%s'", vs->title);
      sp_mix_loss_at(r->m, NULL, r->m->origin, vs->line, el, el,
                     "its devices and sends: a VCA carries no audio; left out");
      free(el);
    }
    sp_mix_remove(r->m, vs);
  }
  free(own);
  *n = n_over;
  return over;
}

/* Every Audio element's sampleRate under n, counted. */
static void count_rates(reader *r, const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_peek_child(n, NULL); c; c = sp_xml_peek_next(c, NULL)) {
    double rate = 0;
    if (sp_xml_is(c, "Audio") && sp_xml_number(c, "sampleRate", &rate, NULL, NULL) && rate > 0)
      sp_dp_rates_add(&r->rates, rate);
    count_rates(r, c);
  }
}

/* The session rate: the rate most of the audio has, else 48 kHz. */
static void choose_rate(reader *r)
{
  r->rate = sp_dp_rates_choice(&r->rates);
  sp_mix_top_number(r->m, SP_KEY_ROOT_SAMPLE_RATE, r->rate);
  if (r->rates.count[1] > 0)
    sp_mix_top_note(r->m, "sample_rate: the rate of most of the session's audio; files at other "
                          "rates are resampled");
}

static void read_tempo(reader *r, const xmlNode *root)
{
  r->tm.bpm = 120;
  const xmlNode *tr = sp_xml_child(root, "Transport");
  const xmlNode *tempo = sp_xml_child(tr, "Tempo");
  double bpm = 0;
  if (tempo && number(r, tempo, "value", &bpm)) {
    if (bpm >= 1 && bpm <= 1000)
      r->tm.bpm = bpm;
    else
      error(r, tempo, SP_ERR_USAGE, "Tempo: %g bpm; a tempo is 1 .. 1000 bpm", bpm);
  }
  const xmlNode *ta = sp_xml_child(sp_xml_child(root, "Arrangement"), "TempoAutomation");
  /* its times in beats (the format's default), or in seconds: each point's
   * beat is where the map before it reaches its second, a ramp linear in
   * seconds (as the points' timeline counts) */
  const bool in_beats = dp_unit_beats(sp_xml_attr(ta, "timeUnit"), true);
  double last = 0;
  size_t cap = 0;
  for (const xmlNode *p = sp_xml_child(ta, "RealPoint"); p; p = sp_xml_next(p, "RealPoint")) {
    double b = 0, v = 0;
    if (!number(r, p, "time", &b) || !number(r, p, "value", &v))
      continue;
    if (v < 1 || v > 1000 || b < 0 || (r->tm.n && b < last)) {
      error(r, p, SP_ERR_USAGE,
            "RealPoint: tempo %g bpm at %s %g; tempos are 1 .. 1000 bpm, points in time order", v,
            in_beats ? "beat" : "second", b);
      continue;
    }
    const double t = b;
    if (!in_beats && r->tm.n) { /* the previous point's ramp (or hold) to this one */
      tempo_pt *q = &r->tm.v[r->tm.n - 1];
      const double dt = t - last;
      q->per_sec = q->hold || dt <= 0 ? 0 : (v - q->bpm) / dt;
      b = q->beat + (q->hold ? q->bpm : (q->bpm + v) / 2) * dt / 60;
    } else if (!in_beats) {
      b = t * v / 60; /* (its tempo holds before it) */
    }
    last = t;
    if (r->tm.n == cap) { /* room for as many again: one more each was quadratic under ASan */
      cap = cap ? 2 * cap : 16;
      r->tm.v = sp_xreallocarray(r->tm.v, cap, sizeof *r->tm.v);
    }
    r->tm.v[r->tm.n++] = (tempo_pt){b, v, dp_point_holds(p), 0};
  }
  dp_tempo_sum(&r->tm);
}

static void reader_fini(reader *r)
{
  sp_zip_close(r->zip);
  free(r->tm.v);
  free(r->tm.sec);
  free(r->session_dir);
  free(r->recipe_dir);
  free(r->audio_dir);
  for (size_t i = 0; i < r->n_tracks; i++) {
    free(r->tracks[i].from);
    free(r->tracks[i].to);
  }
  free(r->tracks);
  sp_free_strings(r->mono, r->n_mono);
  free(r->targets);
  free(r->points);
  for (size_t i = 0; i < r->n_extracted; i++) {
    free(r->extracts[i].from);
    free(r->extracts[i].to);
  }
  free(r->extracts);
  sp_strmap_fini(&r->extracted_from);
  sp_strmap_fini(&r->extracted_to);
  sp_free_strings(r->created, r->n_created);
  sp_free_strings(r->made_ids, r->n_made_ids);
  free(r->master_id);
  sp_free_strings(r->vcas, r->n_vcas);
  for (size_t i = 0; i < r->n_ramps; i++) {
    free(r->ramps[i].strip_id);
    free(r->ramps[i].written.points);
  }
  free(r->ramps);
  for (size_t i = 0; i < r->n_notes; i++) {
    free(r->notes[i].strip_id);
    free(r->notes[i].title);
    sp_part_fini(&r->notes[i].part);
  }
  free(r->notes);
  sp_free_strings(r->tracks_out, r->n_tracks_out);
  sp_free_strings(r->midi, r->n_midi);
  sp_xml_index_free(&r->ids);
  free(r->bad);
  for (size_t i = 0; i < r->n_probed; i++) {
    free(r->probed[i].path);
    free(r->probed[i].why);
  }
  free(r->probed);
  sp_strmap_fini(&r->probed_at);
}

/* What `stemprint export` left out of the project (SP_DAWPROJECT_LEFT_OUT):
 * a loss each, so that a round trip says what it lost. */
static void left_out_by_export(reader *r)
{
  if (!sp_zip_has(r->zip, SP_DAWPROJECT_LEFT_OUT, NULL))
    return;
  char *text = NULL, why[512];
  size_t n = 0;
  if (sp_zip_read(r->zip, SP_DAWPROJECT_LEFT_OUT, 1u << 20, &text, &n, why, sizeof why) != SP_OK) {
    sp_mix_loss(r->m, NULL, SP_DAWPROJECT_LEFT_OUT,
                "unreadable (%s): what stemprint export left "
                "out of this project is not known",
                why);
    return;
  }
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab)
      continue;
    *tab = '\0';
    sp_mix_loss(r->m, NULL, SP_DAWPROJECT_LEFT_OUT,
                "%s: %s (stemprint export left it out of this project)", line, tab + 1);
  }
  free(text);
}

/* Whether a Clip is anywhere inside n (walked without marking). */
static bool holds_clip(const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_peek_child(n, NULL); c; c = sp_xml_peek_next(c, NULL))
    if (sp_xml_is(c, "Clip") || holds_clip(c))
      return true;
  return false;
}

/* Each file under n the session names outside its container (a File or
 * a State, external="true"), noted in the import's stage as read: no
 * file the import extracts takes its place. */
static void externals(reader *r, const xmlNode *n)
{
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *p = sp_xml_peek(c, "path"), *ext = sp_xml_peek(c, "external");
    bool external = false;
    if (p && *p && ext && sp_xml_switch(ext, &external) && external) {
      char *abs = p[0] == '/' ? sp_xstrdup(p) : sp_xasprintf("%s/%s", r->session_dir, p);
      sp_outdir_stage_reads(r->o->stage, abs);
      free(abs);
    }
    externals(r, c);
  }
}

sp_err sp_dawproject_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d)
{
  reader r = {0};
  r.path = path;
  r.o = o;
  r.m = m;
  r.d = d;
  char *xml_name = sp_xasprintf("%s:" SP_DIAG_MEMBER, path);
  r.xml_name = xml_name;
  r.where = (sp_session_where){
      .d = d, .m = m, .file = xml_name, .loss_file = SP_DIAG_MEMBER, .alt_name = "deviceName"};
  char why[1024], *xml = NULL;
  size_t xml_n = 0;
  sp_err rc = sp_zip_open(path, &r.zip, why, sizeof why);
  /* The format's drafts before 1.0 kept the project as JSON (the
   * bitwig/dawproject repository's test data of 2020: project.json and
   * metadata.json), which no schema of 1.0 reads. */
  if (rc == SP_OK && !sp_zip_has(r.zip, "project.xml", NULL) &&
      sp_zip_has(r.zip, "project.json", NULL)) {
    snprintf(why, sizeof why,
             "it holds project.json and no project.xml: a draft of the format before version "
             "1.0, which kept the project as JSON; save the session again as DAWproject 1.0");
    rc = SP_ERR_IO; /* as a container without project.xml is */
  } else if (rc == SP_OK) {
    rc = sp_zip_read(r.zip, "project.xml", SP_DAWPROJECT_MAX_XML, &xml, &xml_n, why, sizeof why);
  }
  if (rc != SP_OK) {
    sp_diags_add_whole(d, SP_SEV_ERROR, rc, "%s: not a DAWproject file: %s", path, why);
    reader_fini(&r);
    free(xml_name);
    return rc;
  }
  xmlDoc *doc = sp_xml_parse(xml_name, xml, xml_n, d);
  free(xml);
  if (!doc ||
      sp_xml_validate(doc, xml_name, sp_dawproject_xsd, sizeof sp_dawproject_xsd - 1, d) != SP_OK) {
    sp_xml_free(doc);
    reader_fini(&r);
    free(xml_name);
    return sp_diags_status(d);
  }
  const xmlNode *root = xmlDocGetRootElement(doc);
  m->origin = sp_xstrdup(xml_name);
  m->line = sp_xml_line(root);
  const char *version = sp_xml_attr(root, "version");
  const xmlNode *app = sp_xml_child(root, "Application");
  m->format = sp_xasprintf("DAWproject %s, written by %s %s", version ? version : "?",
                           sp_xml_attr(app, "name") ? sp_xml_attr(app, "name") : "?",
                           sp_xml_attr(app, "version") ? sp_xml_attr(app, "version") : "");
  if (!version || strncmp(version, "1.", 2) != 0)
    sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK,
                       "%s: DAWproject version %s; stemprint reads version 1 and reads this "
                       "one as if it were",
                       path, version ? version : "(none)");
  r.session_dir = sp_fs_folder_of(path);
  r.recipe_dir = o->recipe ? sp_fs_folder_of(o->recipe) : sp_xstrdup(r.session_dir);
  r.audio_dir = sp_session_media_dir(o, &r.audio_cache);
  if (o->stage) { /* what it reads, before any file is named: none written over */
    sp_outdir_stage_reads(o->stage, path);
    externals(&r, root);
  }
  read_tempo(&r, root);
  /* The session rate first: it decides the EQ's highest frequency. */
  count_rates(&r, sp_xml_child(root, "Arrangement"));
  choose_rate(&r);
  /* The devices' automation, before the devices are read. */
  const xmlNode *arr = sp_xml_child(root, "Arrangement");
  const xmlNode *top = sp_xml_child(arr, "Lanes");
  if (top)
    dp_find_points(&r, top, true);
  dp_tracks(&r, sp_xml_child(root, "Structure"), NULL);
  dp_check_refs(&r, sp_xml_child(root, "Structure"));
  r.root = root;
  if (top)
    dp_lanes(&r, top, true, NULL);
  for (size_t i = 0; i < r.n_notes; i++)
    dp_notes_region(&r, &r.notes[i]);
  const xmlNode *scenes = sp_xml_child(root, "Scenes");
  if (holds_clip(scenes)) /* (Bitwig Studio writes a scene of empty slots: nothing launched) */
    loss(&r, NULL, scenes, "clip launcher scenes: only the arrangement is rendered; left out");
  sp_xml_read_all(scenes); /* said, or empty */
  size_t n_over = 0;
  vca_over *over = resolve_vcas(&r, &n_over);
  dp_ramps_as_written(&r, true); /* the sends': before those left out move the rest */
  /* routing to master's id, or to none, is routing to master (no strip
   * has master's id: ids are unique, the schema's xs:ID) */
  sp_mix_sends_to_buses(m, "a send", r.master_id, "; a send feeds a bus");
  vcas_within(&r, over, n_over);
  dp_ramps_as_written(&r, false); /* the strips': what their VCAs raise carried first */
  left_out_by_export(&r);
  if (sp_diags_status(d) == SP_OK) /* a read that failed says why, not what it left */
    sp_session_unread(&r.where, root, sp_dawproject_ignored, sp_dawproject_n_ignored);
  sp_xml_free(doc);
  rc = sp_diags_status(d);
  if (rc != SP_OK) /* nothing of a failed import stays behind (a stage's: its caller's) */
    for (size_t i = 0; i < r.n_created; i++)
      unlink(r.created[i]);
  else if (r.audio_cache) {
    /* what this import uses: the audio, SoundFonts and states it
     * extracted and the MIDI files it wrote */
    const char **used = sp_xcalloc(r.n_extracted + r.n_midi + 1, sizeof *used);
    for (size_t i = 0; i < r.n_extracted; i++)
      used[i] = r.extracts[i].to;
    for (size_t i = 0; i < r.n_midi; i++)
      used[r.n_extracted + i] = r.midi[i];
    sp_session_audio_prune(r.audio_dir, used, r.n_extracted + r.n_midi);
    free(used);
  }
  reader_fini(&r);
  free(xml_name);
  return rc;
}
