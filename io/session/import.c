/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sessions as recipes: the formats stemprint reads, which one a path is
 * (looked at once), and the recipe's text (io/session/session.h). A format
 * is a reader (sp_mix from a path) and a line of `formats` below. */

#include "io/session/session.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"
#include "core/recipe/build.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"
#include "core/recipe/walk.h"
#include "core/recipe/writer.h"
#include "io/session/ardour.h"
#include "io/session/dawproject.h"
#include "io/session/mix.h"
#include "io/outdir/outdir.h"
#include "io/fs/fs.h"
#include "io/session/reader.h"
#include "io/session/session_build.h"
#include "io/recipe/parse.h"
#include "io/recipe/walk_tree.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct sp_session_format {
  const char *name;
  const char *ext; /* a file of the format ends so */
  /* A folder of the format: its session file (heap), "" when the folder
   * is one but which file is not clear (the reader says why), NULL when
   * it is none. NULL: the format is a file. */
  char *(*folder_file)(const char *dir);
  sp_err (*read)(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d);
  bool own_audio; /* its audio is where it is: no cache folder to trust */
};

/* An Ardour session's folder: the .ardour file it holds. */
static char *ardour_folder_file(const char *dir)
{
  char *f = sp_ardour_session_file(dir);
  struct stat st;
  if (f && stat(f, &st) == 0 && S_ISREG(st.st_mode))
    return f;
  free(f);
  return NULL;
}

static const sp_session_format formats[] = {
    {"Ardour", ".ardour", ardour_folder_file, sp_ardour_read, true},
    {"DAWproject", SP_DIAG_ARCHIVE, NULL, sp_dawproject_read, false},
};
enum { N_FORMATS = sizeof formats / sizeof formats[0] };

static bool ends_with(const char *s, const char *tail)
{
  size_t n = strlen(s), k = strlen(tail);
  return n > k && strcasecmp(s + n - k, tail) == 0;
}

bool sp_session_probe(const char *path, sp_session_input *in)
{
  memset(in, 0, sizeof *in);
  if (!path)
    return false;
  struct stat st;
  const bool folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  for (size_t k = 0; k < N_FORMATS && !in->format; k++) {
    const sp_session_format *f = &formats[k];
    if (folder && f->folder_file) {
      if ((in->recipe_path = f->folder_file(path)))
        in->format = f;
    } else if (!folder && ends_with(path, f->ext)) {
      in->format = f;
      in->recipe_path = sp_xstrdup(path);
    }
  }
  if (!in->format)
    return false;
  in->name = in->format->name;
  in->path = sp_xstrdup(path);
  in->trusted_dir = in->format->own_audio ? NULL : sp_session_audio_cache();
  return true;
}

void sp_session_input_fini(sp_session_input *in)
{
  free(in->path);
  free(in->recipe_path);
  free(in->trusted_dir);
  memset(in, 0, sizeof *in);
}

/* What the recipe of a session cannot hold, beside it: the comment
 * lines above the key at each recipe path; and where its values came from
 * (sp_mix.origin, .line, .origins: the recipe paths of the objects
 * built). */
struct sp_session_notes {
  char **paths, **texts;
  size_t n;
  sp_strmap at; /* a path -> its place in paths (each key written asks) */
  char *top; /* the top's, what chose no stems after it (sp_session_notes_for), or NULL */
  char *origin;
  int line;
  sp_mix_origins origins;
};

/* m's origins taken into n. */
static void origins_take(sp_session_notes *n, sp_mix *m)
{
  n->origin = m->origin;
  m->origin = NULL;
  n->line = m->line;
  n->origins = m->origins;
  memset(&m->origins, 0, sizeof m->origins);
}

/* Where path came from (sp_mix_origin_of), else the session's own (its
 * root's line); in a file of its own (`from`: --stems) or n's. */
static sp_where origin_of(const sp_session_notes *n, const char *path)
{
  const sp_where *w = sp_mix_origin_of(&n->origins, path);
  return w ? (sp_where){.pos = {w->pos.line, 0}, .from = w->from ? w->from : n->origin}
           : (sp_where){.pos = {n->line, 0}, .from = n->origin};
}

/* Set path's comment to text (taken). */
static void note_set(sp_session_notes *n, const char *path, char *text)
{
  const size_t i = sp_strmap_put(&n->at, path, n->n);
  if (i < n->n) {
    free(n->texts[i]);
    n->texts[i] = text;
    return;
  }
  n->paths = sp_xreallocarray(n->paths, n->n + 1, sizeof *n->paths);
  n->texts = sp_xreallocarray(n->texts, n->n + 1, sizeof *n->texts);
  n->paths[n->n] = sp_xstrdup(path);
  n->texts[n->n++] = text;
}

/* Lines to w, each one line: a break inside one is a space. */
static void note_lines(sp_writer *w, char *const *lines, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    char *c = sp_xstrdup(lines[i]);
    for (char *q = c; *q; q++)
      *q = *q == '\n' || *q == '\r' ? ' ' : *q;
    sp_write(w, "%s%s", w->n ? "\n" : "", c);
    free(c);
  }
}

/* The comments of m (after sp_mix_finish): at the top where it came from,
 * its notes and whether all was carried; above each strip its notes;
 * above the stems how they were chosen. */
static sp_session_notes *notes_of(const sp_mix *m)
{
  sp_session_notes *n = sp_xcalloc(1, sizeof *n);
  sp_writer top = {0};
  char *from = sp_xasprintf("Imported from %s (%s) by stemprint import.", m->source,
                            m->format ? m->format : "");
  note_lines(&top, &from, 1);
  free(from);
  note_lines(&top, m->notes, m->n_notes);
  if (m->losses == 0)
    note_lines(&top, (char *[]){"Everything the session states was carried over."}, 1);
  note_set(n, "", sp_writer_take(&top));
  for (size_t i = 0; i <= m->n_strips; i++) {
    const sp_mix_strip *st = i < m->n_strips ? &m->strips[i] : &m->master;
    if (!st->n_notes)
      continue;
    sp_writer t = {0};
    note_lines(&t, st->notes, st->n_notes);
    char *path = st->kind == SP_MIX_MASTER ? sp_xstrdup("master")
                                           : sp_xasprintf("%s.%s", st->kind == SP_MIX_TRACK
                                                                       ? "tracks"
                                                                       : "buses",
                                                          st->name);
    note_set(n, path, sp_writer_take(&t));
    free(path);
  }
  note_set(n, "stems", sp_xstrdup(m->stems_how ? m->stems_how : "no stems"));
  return n;
}

const char *sp_session_note_at(void *notes, const char *path)
{
  const sp_session_notes *n = notes;
  if (n->top && !*path)
    return n->top;
  size_t i;
  return sp_strmap_get(&n->at, path, &i) ? n->texts[i] : NULL;
}

void sp_session_notes_for(sp_session_notes *n, const sp_recipe *r)
{
  free(n->top);
  n->top = NULL;
  const char *top = sp_session_note_at(n, ""), *stems = sp_session_note_at(n, "stems");
  if (!r->has_stems && stems) /* no stems: what says so goes at the top, after the rest */
    n->top = sp_xasprintf("%s%s%s", top ? top : "", top ? "\n" : "", stems);
}

void sp_session_notes_free(sp_session_notes *n)
{
  if (!n)
    return;
  sp_free_strings(n->paths, n->n);
  sp_free_strings(n->texts, n->n);
  sp_strmap_fini(&n->at);
  free(n->origin);
  sp_mix_origins_fini(&n->origins);
  free(n->top);
  free(n);
}

/* What of a session is kept to change its recipe's stems: master's
 * unmuted inputs as stems, its comments. */
struct sp_session_kept {
  char *source;            /* the session's path */
  char **inputs;           /* master's inputs' names, in the session's order */
  size_t n_inputs;
  sp_session_notes *notes; /* its comments, "stems" said anew, or NULL */
  bool own_notes;          /* notes are k's (the caller took none) */
  char *why;               /* the first error of the default stems' build */
  int by_buses;            /* the next stems: 1 master's inputs, 0 none, -1 no more */
};

/* Whether the default stems of m (r, its recipe) may be refused: two
 * stems or more, and an insert on a bus or master (only such an insert
 * can refuse them). */
static bool may_refuse(const sp_mix *m, const sp_recipe *r)
{
  bool bus_inserts = m->master.n_inserts > 0;
  for (size_t i = 0; i < m->n_strips; i++)
    bus_inserts |= m->strips[i].kind != SP_MIX_TRACK && m->strips[i].n_inserts > 0;
  return r->n_stems >= 2 && bus_inserts;
}

/* The strip of r named name (a track's or a bus's), or NULL. */
static const sp_strip *strip_named(const sp_recipe *r, const char *name)
{
  for (size_t i = 0; i < r->n_tracks; i++)
    if (strcmp(r->tracks[i].name, name) == 0)
      return &r->tracks[i].strip;
  for (size_t i = 0; i < r->n_buses; i++)
    if (strcmp(r->buses[i].name, name) == 0)
      return &r->buses[i].strip;
  return NULL;
}

/* Whether s sounds into master (its main output not muted). */
static bool into_master(const sp_strip *s)
{
  return s && !s->to && !s->to_none && !sp_strip_mutes(s, SP_MUTE_MAIN);
}

/* What is kept of m, built as r: master's inputs in the session's
 * order. */
static sp_session_kept *keep(const sp_mix *m, const sp_recipe *r)
{
  sp_session_kept *k = sp_xcalloc(1, sizeof *k);
  k->source = sp_xstrdup(m->source);
  k->inputs = sp_xcalloc(m->n_strips + 1, sizeof *k->inputs);
  for (size_t i = 0; i < m->n_strips; i++)
    if (into_master(strip_named(r, m->strips[i].name)))
      k->inputs[k->n_inputs++] = sp_xstrdup(m->strips[i].name);
  k->by_buses = 1;
  return k;
}

/* a stem name (taken) of strip member alone, appended to v */
static void stem_of(sp_stem **v, size_t *n, char *name, const char *member)
{
  *v = sp_xreallocarray(*v, *n + 1, sizeof **v);
  (*v)[(*n)++] = (sp_stem){.name = name, .members = sp_xcalloc(1, sizeof(char *)), .n_members = 1};
  (*v)[*n - 1].members[0] = sp_xstrdup(member);
}

/* Master's inputs as stems in r as it is now, where a --set may have
 * added a strip, routed one elsewhere or muted one since the session was
 * read: k's (the session's order) still into master, then r's tracks and
 * buses into master k has not; each named after it (sp_build_stem_name).
 * Heap, n of them. */
static sp_stem *inputs_now(const sp_session_kept *k, const sp_recipe *r, size_t *n)
{
  sp_stem *v = NULL;
  *n = 0;
  sp_strmap had = {0};
  for (size_t i = 0; i < k->n_inputs; i++) {
    const char *m = k->inputs[i];
    sp_strmap_put(&had, m, i);
    if (into_master(strip_named(r, m)))
      stem_of(&v, n, sp_build_stem_name(v, *n, m), m);
  }
  for (size_t i = 0; i < r->n_tracks + r->n_buses; i++) {
    const bool track = i < r->n_tracks;
    const char *name = track ? r->tracks[i].name : r->buses[i - r->n_tracks].name;
    const sp_strip *s = track ? &r->tracks[i].strip : &r->buses[i - r->n_tracks].strip;
    if (!into_master(s) || sp_strmap_get(&had, name, NULL))
      continue;
    stem_of(&v, n, sp_build_stem_name(v, *n, name), name);
  }
  sp_strmap_fini(&had);
  return v;
}

/* Whether set's key ("KEY=VALUE", a name in it in double quotes or not,
 * as messages write it) is path (its first n characters) or a key above
 * it. */
static bool set_at(const char *set, const char *path, size_t n)
{
  const char *k = set;
  size_t i = 0;
  for (; *k && *k != '=' && i < n; k++) {
    if (*k == '"')
      continue;
    if (*k != path[i++])
      return false;
  }
  while (*k == '"')
    k++;
  /* the key ends in path, at the end of a name or an item */
  return (*k == '=' || !*k) && (path[i] == '\0' || path[i] == '.' || path[i] == '[');
}

/* The main outputs of strip s (named name) in turn into chain: itself,
 * the bus it goes to, that bus's, and so on to one into master or into
 * nothing (`to: none`); n of them (r's buses by name in buses). 0 where
 * one names no bus or they go round a cycle: the build says so, and no
 * stem is given. */
static size_t main_chain(const sp_recipe *r, const sp_strmap *buses, const char *name,
                         const sp_strip *s, const char **chain)
{
  size_t n = 0, b;
  chain[n++] = name;
  for (; s->to && !s->to_none; s = &r->buses[b].strip) {
    if (n > r->n_buses || !sp_strmap_get(buses, s->to, &b))
      return 0;
    chain[n++] = r->buses[b].name;
  }
  return n;
}

/* The stem the session's rule gives a track of chain (n), in no stem of
 * r: its last strip's (a top-level bus, or itself straight to master)
 * under the groups and under split: buses (master's input), else its
 * own; NULL where none (split: buses, into nothing). */
static const char *rule_member(const sp_recipe *r, bool groups, const char *const *chain, size_t n)
{
  if (r->split == SP_SPLIT_BUSES && !strip_named(r, chain[n - 1])->to_none)
    return chain[n - 1];
  return r->split == SP_SPLIT_BUSES ? NULL : groups ? chain[n - 1] : chain[0];
}

/* Whether stem s of r holds no track: each of its members a bus (of
 * buses) no track's main output reaches (reached). */
static bool stem_empty(const sp_stem *s, const sp_strmap *buses, const sp_strmap *reached)
{
  bool empty = s->n_members > 0 && !s->members_unread;
  for (size_t m = 0; m < s->n_members && empty; m++)
    empty =
        sp_strmap_get(buses, s->members[m], NULL) && !sp_strmap_get(reached, s->members[m], NULL);
  return empty;
}

/* The members of stem s of r whose main output goes into a bus another
 * stem names (named: each strip a stem names, its stem's index), left
 * out: a track or a bus a set routes into another group's bus is in that
 * group's stem (chain: room for r's buses and one). Whether any was. */
static bool under_others(sp_recipe *r, const sp_strmap *buses, const sp_strmap *named, size_t s,
                         const char **chain)
{
  sp_stem *st = &r->stems[s];
  size_t kept = 0, o;
  for (size_t m = 0; m < st->n_members; m++) {
    const sp_strip *strip = strip_named(r, st->members[m]);
    const size_t n = strip ? main_chain(r, buses, st->members[m], strip, chain) : 0;
    bool under = false;
    for (size_t i = 1; i < n && !under; i++)
      under = sp_strmap_get(named, chain[i], &o) && o != s;
    if (under)
      free(st->members[m]);
    else
      st->members[kept++] = st->members[m];
  }
  const bool any = kept < st->n_members;
  st->n_members = kept;
  return any;
}

/* r's stems as the session's rule (stems: its --stems, NULL the groups)
 * makes them (docs/sessions.md, Stems): of the recipe a session's reader
 * built (no sets; no stems yet), and again of the one r's --set keys
 * (sets[0..n_sets)) leave, where it has stems. Over sets, a stem of the
 * rule's leaves out a strip a set routes into another stem's bus, and is
 * left out where it holds no track now (each track of its bus routed
 * out, or it into another's); not one a set of `stems` wrote, nor any
 * under split: buses or where a set writes a version (which names
 * stems). A track in none (each of the read's, one a set adds, one it
 * routes out of its stem's bus) is given one: a stem named after the
 * strip rule_member names (sp_build_stem_name), holding it, where over
 * sets r has no stem of that name (one a set of `stems` wrote without
 * the track stands: the build says the track is in none, as under stems
 * listed), and none where a set writes `stems` whole. How many it made:
 * r's last. */
static size_t stems_by_rule(sp_recipe *r, const char *stems, const char *const *sets, size_t n_sets)
{
  size_t n_made = 0;
  const bool groups = !stems || strcmp(stems, "groups") == 0;
  if ((n_sets && !r->has_stems) || (!groups && strcmp(stems, "tracks") != 0))
    return 0;
  /* r's buses; the strips stems name (first the stem of each, then those
   * kept); those a track's main output reaches */
  sp_strmap buses = {0}, named = {0}, held = {0}, reached = {0};
  for (size_t i = 0; i < r->n_buses; i++)
    sp_strmap_put(&buses, r->buses[i].name, i);
  const char **chain = sp_xcalloc(r->n_buses + 1, sizeof *chain);
  bool known = true; /* where each track's main output goes, and each stem's members */
  for (size_t t = 0; t < r->n_tracks; t++) {
    const size_t n = main_chain(r, &buses, r->tracks[t].name, &r->tracks[t].strip, chain);
    known &= n > 0 || r->tracks[t].set_only;
    for (size_t i = 0; i < n; i++)
      sp_strmap_put(&reached, chain[i], t);
  }
  for (size_t s = 0; s < r->n_stems; s++) {
    known &= !r->stems[s].members_unread;
    for (size_t m = 0; m < r->stems[s].n_members; m++)
      sp_strmap_put(&named, r->stems[s].members[m], s);
  }
  /* a version a set writes names stems: none left out from under it */
  bool drop = known && r->split == SP_SPLIT_SOURCES;
  for (size_t k = 0; k < n_sets && drop; k++)
    drop = strncmp(sets[k], "versions", 8) != 0 || isalnum((unsigned char)sets[k][8]);
  /* a set of `stems` whole: they are the user's, none added beside them */
  bool whole = false;
  for (size_t k = 0; k < n_sets && !whole; k++)
    whole = set_at(sets[k], "stems", 5);
  size_t kept = 0;
  for (size_t s = 0; s < r->n_stems; s++) {
    sp_stem *st = &r->stems[s];
    char *path = sp_xasprintf("stems.%s", st->name);
    bool set = false;
    for (size_t k = 0; k < n_sets && !set; k++)
      set = set_at(sets[k], path, strlen(path));
    free(path);
    const bool rule = drop && !set, under = rule && under_others(r, &buses, &named, s, chain);
    if (rule && ((under && !st->n_members) || stem_empty(st, &buses, &reached))) {
      free(st->name);
      sp_free_strings(st->members, st->n_members);
      continue;
    }
    r->stems[kept++] = *st;
    for (size_t m = 0; m < st->n_members; m++)
      sp_strmap_put(&held, st->members[m], kept - 1);
  }
  r->n_stems = kept;
  char why[320];
  for (size_t t = 0; known && !whole && t < r->n_tracks; t++) {
    const sp_track *tr = &r->tracks[t];
    const size_t n = tr->set_only || sp_strip_mutes(&tr->strip, SP_MUTE_ALL)
                         ? 0
                         : main_chain(r, &buses, tr->name, &tr->strip, chain);
    bool in = n == 0;
    for (size_t i = r->split == SP_SPLIT_BUSES && n ? n - 1 : 0; i < n && !in; i++)
      in = sp_strmap_get(&held, chain[i], NULL);
    const char *member = in ? NULL : rule_member(r, groups, chain, n);
    bool taken = false;
    for (size_t s = 0; member && n_sets && s < r->n_stems && !taken; s++)
      taken = strcmp(r->stems[s].name, member) == 0;
    if (!member || taken || !sp_build_name(member, "stem", why, sizeof why))
      continue;
    char *stem = sp_build_stem_name(r->stems, r->n_stems, member);
    sp_build_stem_member(r, sp_build_stem(r, stem, (sp_pos){1, 1}), member, (sp_pos){1, 1});
    free(stem);
    sp_strmap_put(&held, member, r->n_stems - 1);
    n_made++;
  }
  free(chain);
  sp_strmap_fini(&buses);
  sp_strmap_fini(&named);
  sp_strmap_fini(&held);
  sp_strmap_fini(&reached);
  return n_made;
}

/* The stems made (stems_by_rule: r's last n_made) placed where the strips
 * they hold are: the session's element, or the --set that adds one. */
static void place_made(sp_recipe *r, size_t n_made)
{
  for (size_t i = 0; i < n_made; i++) {
    const sp_stem *st = &r->stems[r->n_stems - n_made + i];
    bool track = false;
    for (size_t t = 0; t < r->n_tracks && !track; t++)
      track = strcmp(r->tracks[t].name, st->members[0]) == 0;
    char *strip = sp_xasprintf("%s.%s", track ? "tracks" : "buses", st->members[0]);
    const sp_where *w = sp_recipe_origin(r, strip);
    if (w) {
      const sp_pos at = w->pos;
      char *from = w->from ? sp_xstrdup(w->from) : NULL;
      char *path = sp_xasprintf("stems.%s", st->name), *item = sp_recipe_item(r, path, 0);
      sp_recipe_note_value(r, path, at, from, false);
      sp_recipe_note_value(r, item, at, from, false);
      free(path);
      free(item);
      free(from);
    }
    free(strip);
  }
}

bool sp_session_restem(sp_session_kept *k, sp_recipe *r, const char *why, char **said)
{
  *said = NULL;
  if (!k || k->by_buses < 0)
    return false;
  if (!k->why)
    k->why = sp_xstrdup(why);
  const bool by_buses = k->by_buses-- == 1;
  /* an insert refused them (why's path is an insert's), or another rule
   * (a --set of a stem that puts a track in two) */
  const char *colon = strstr(k->why, ": "), *ins = strstr(k->why, "inserts[");
  const bool insert = ins && colon && ins < colon;
  char *how = sp_xasprintf(
      "%s: the session's groups as stems (split: sources) are refused (%s), so %s%s", k->source,
      k->why,
      by_buses ? "the stems are master's inputs, each track or bus to master a stem of its own "
                 "(split: buses)"
               : "no stems: only the mix is printed (master's inputs as stems are refused too); ",
      by_buses ? ""
      : insert ? "move the insert onto a track or a bus of one stem in the session, or name "
                 "stems with --stems"
               : "name stems with --stems");
  /* r's stems: `split: buses`, each stem "NAME: [NAME]", placed when
   * they build clean (sp_session_replace) */
  const sp_pos later = {1, 1};
  size_t n = 0;
  sp_stem *inputs = by_buses ? inputs_now(k, r, &n) : NULL;
  if (n) {
    sp_recipe_note(r, "stems", later);
    sp_build_split(r, "buses", later);
  }
  for (size_t i = 0; i < n; i++) {
    const sp_stem *in = &inputs[i];
    sp_build_stem_member(r, sp_build_stem(r, in->name, later), in->members[0], later);
    free(in->name);
    sp_free_strings(in->members, in->n_members);
  }
  free(inputs);
  *said = how;
  if (k->notes)
    note_set(k->notes, "stems", sp_xstrdup(how + strlen(k->source) + 2));
  return true;
}

void sp_session_kept_free(sp_session_kept *k)
{
  if (!k)
    return;
  sp_free_strings(k->inputs, k->n_inputs);
  if (k->own_notes)
    sp_session_notes_free(k->notes);
  free(k->source);
  free(k->why);
  free(k);
}

/* The files of stage (the import's, not yet in place) as the recipe at
 * o->recipe names them, and where they are, into m (sp_mix.staged). */
static void staged_into(sp_mix *m, const sp_outdir_stage *stage, const sp_import_opts *o,
                        const char *session)
{
  char *dir = sp_fs_folder_of(o->recipe ? o->recipe : session);
  m->staged = sp_xcalloc(2 * stage->n + 1, sizeof *m->staged);
  for (size_t i = 0; i < stage->n; i++) {
    m->staged[2 * i] = sp_fs_relative_to(stage->finals[i], dir); /* as the readers name it */
    m->staged[2 * i + 1] = sp_xstrdup(stage->temps[i]);
  }
  m->n_staged = stage->n;
  free(dir);
}

bool sp_session_mix(const sp_session_input *in, const sp_import_opts *o, sp_mix *m, sp_diags *d,
                    sp_err *rc)
{
  sp_mix_init(m, in->path, o->strict, d);
  /* into a folder with no stage of the caller's: one of its own, landed
   * as soon as the session is read (a library's caller: nothing of a
   * failed read stays, no file of the user's is replaced) */
  sp_outdir_stage own;
  sp_import_opts with = *o;
  if (o->audio_dir && !o->stage) {
    sp_outdir_stage_init(&own, o->audio_dir);
    with.stage = &own;
  }
  *rc = in->format->read(in->path, &with, m, d);
  if (*rc == SP_OK || sp_diags_errors(d) == 0)
    *rc = sp_mix_finish(m, o->stems);
  char why[1024];
  if (with.stage == &own) {
    if (*rc == SP_OK && sp_diags_errors(d) == 0 &&
        (*rc = sp_outdir_stage_commit(&own, NULL, o->recipe ? o->recipe : in->path, false, why,
                                      sizeof why)) != SP_OK)
      sp_diags_add_whole(d, SP_SEV_ERROR, *rc, "%s", why);
    sp_outdir_stage_fini(&own);
  } else if (o->stage) {
    staged_into(m, o->stage, o, in->path);
  }
  if (o->stems) /* the stems come from the command line */
    sp_mix_origin_add(&m->origins, sp_xstrdup("stems"), (sp_pos){0, 0},
                      sp_xasprintf("--stems %s", o->stems));
  return *rc == SP_OK && sp_diags_errors(d) == 0;
}

/* The session in, its recipe built from its mix (sp_session_build, at the
 * path file) in *built, what it says of its values into built_said (NULL
 * where it reads no further: what stopped it said there); its mix kept
 * and its comments as sp_session_read says. */
static sp_err read_built(const sp_session_input *in, const sp_import_opts *o,
                         sp_session_kept **kept, sp_session_notes **notes, sp_diags *d,
                         const char *file, sp_recipe **built, sp_diags *built_said)
{
  static const sp_import_opts none = {0};
  if (!o)
    o = &none;
  *built = NULL;
  if (kept)
    *kept = NULL;
  *notes = NULL;
  sp_mix m;
  sp_err rc;
  sp_session_kept *k = NULL;
  if (sp_session_mix(in, o, &m, d, &rc)) {
    *built = sp_session_build(&m, file, built_said);
    const size_t n_stems = *built ? stems_by_rule(*built, o->stems, NULL, 0) : 0;
    for (size_t s = 0; !o->stems && s < n_stems; s++) /* each at the strip it is named by */
      for (size_t i = 0; i < m.n_strips; i++)
        if (m.strips[i].line > 0 && strcmp(m.strips[i].name, (*built)->stems[s].members[0]) == 0) {
          sp_mix_origin_add(&m.origins, sp_xasprintf("stems.%s", (*built)->stems[s].name),
                            (sp_pos){m.strips[i].line, 0}, NULL);
          break;
        }
    if (kept && !o->stems && *built && may_refuse(&m, *built))
      k = keep(&m, *built);
  }
  const bool read = *built != NULL;
  if (o->losses)
    *o->losses = m.losses;
  sp_session_notes *n = read ? notes_of(&m) : NULL;
  if (n)
    origins_take(n, &m);
  *notes = n;
  if (k && read) {
    k->notes = n;
    *kept = k;
  } else {
    sp_session_kept_free(k);
  }
  sp_mix_fini(&m);
  return read ? SP_OK : (sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE);
}

/* r's places (the paths of the text import writes: what it holds) at
 * the session's elements they came from (notes' origins), where notes
 * name their file; each with its value as the session writes it, where
 * its origin is of that path itself (sp_where.written). */
static void at_origins(sp_recipe *r, const sp_session_notes *notes)
{
  for (size_t i = 0; notes && notes->origin && i < r->n_where; i++) {
    sp_where *w = &r->where[i];
    const sp_where at = origin_of(notes, w->path);
    w->pos = at.pos;
    free(w->from); /* the recipe's own file (an Ardour session's): none named */
    w->from = strcmp(at.from, r->file) != 0 ? sp_xstrdup(at.from) : NULL;
    const sp_where *own = sp_mix_origin_of(&notes->origins, w->path);
    free(w->written);
    w->written =
        own && own->written && strcmp(own->path, w->path) == 0 ? sp_xstrdup(own->written) : NULL;
  }
}

void sp_session_place(sp_recipe *r, sp_session_notes *notes)
{
  sp_where *sets = NULL; /* a --set key's places (line 0): kept */
  size_t n_sets = 0;
  /* a key of the session's whose value a --set gave whole (its pair's
   * place: what the check says of what it lacks, said at the set) */
  sp_where *pairs = NULL;
  size_t n_pairs = 0;
  for (size_t i = 0; i < r->n_where; i++)
    if (r->where[i].pos.line > 0 && sp_from_set(r->where[i].pair_from)) {
      pairs = sp_xreallocarray(pairs, n_pairs + 1, sizeof *pairs);
      pairs[n_pairs++] = (sp_where){.path = sp_xstrdup(r->where[i].path),
                                    .pair_at = r->where[i].pair_at,
                                    .pair_from = sp_xstrdup(r->where[i].pair_from)};
    }
  for (size_t i = 0; i < r->n_where; i++)
    if (r->where[i].pos.line == 0) {
      sets = sp_xreallocarray(sets, n_sets + 1, sizeof *sets);
      sets[n_sets++] = r->where[i];
      free(r->where[i].written); /* a set's value is none the session writes */
      r->where[i].path = r->where[i].from = r->where[i].pair_from = r->where[i].written = NULL;
    }
  if (notes)
    sp_session_notes_for(notes, r);
  /* the paths the text holds, each placed at its origin where notes name
   * their file (at_origins): the text is not laid out for them */
  const sp_recipe_yaml_opts o = {.comment = notes ? sp_session_note_at : NULL,
                                 .ctx = notes,
                                 .nodes_only = notes && notes->origin};
  sp_recipe_place(r, &o, NULL);
  at_origins(r, notes);
  for (size_t k = 0; k < n_pairs; k++) {
    for (size_t i = r->n_where; i-- > 0;)
      if (r->where[i].path && strcmp(r->where[i].path, pairs[k].path) == 0) {
        free(r->where[i].pair_from);
        r->where[i].pair_at = pairs[k].pair_at;
        r->where[i].pair_from = pairs[k].pair_from;
        pairs[k].pair_from = NULL;
        break;
      }
    free(pairs[k].path);
    free(pairs[k].pair_from);
  }
  free(pairs);
  for (size_t i = 0; i < n_sets; i++) {
    sp_recipe_note_where(r, &(sp_where){.path = sets[i].path,
                                        .pos = sets[i].pos,
                                        .from = sets[i].from,
                                        .bare = sets[i].bare,
                                        .key_len = sets[i].key_len});
    free(sets[i].path);
    free(sets[i].from);
    free(sets[i].pair_from);
  }
  free(sets);
}

/* The messages of d from its first `from` on about file's recipe (a
 * path, a line and column of a text: the parser's, of a --set's reading)
 * put at the session's elements their paths came from (notes' origins),
 * where notes name their file; else at the place r has for their path.
 * One at an element's line already (no column: the builder's, said at
 * the element it built, which an Ardour session's file, its recipe's, may
 * name) stays: its path may be another's now (an insert left out, the
 * next built at its place). */
static void replace_said(const sp_recipe *r, const sp_session_notes *notes, const char *file,
                         sp_diags *d, size_t from)
{
  for (size_t i = from; i < d->n; i++) {
    sp_diag *m = &d->v[i];
    if (!m->path || m->pos.line <= 0 || m->pos.col <= 0 || !m->file || strcmp(m->file, file) != 0)
      continue;
    if (notes && notes->origin) {
      const sp_where at = origin_of(notes, m->path);
      m->pos = at.pos;
      free(m->file);
      m->file = sp_xstrdup(at.from);
    } else if (sp_recipe_where(r, m->path).line > 0) {
      m->pos = sp_recipe_where(r, m->path);
    }
  }
}

void sp_session_replace(const sp_session_kept *k, sp_recipe *r, sp_diags *said)
{
  if (!k)
    return;
  sp_session_place(r, k->notes);
  replace_said(r, k->notes, r->file, said, 0);
}

/* Whether the message m of the builder is of a value a set of sets[0..n)
 * puts (its key, or a key above it): the set's value is read in its place,
 * and the builder's is not said. */
static bool set_over(const sp_diag *m, const char *const *sets, size_t n)
{
  for (size_t k = 0; k < n && m->path; k++)
    if (set_at(sets[k], m->path, strlen(m->path)))
      return true;
  return false;
}

/* The tree of built as import writes it (its comments n), master's
 * mapping there even with no key (as the mix's text holds it), so that one
 * a set makes is placed at master's element, not the set's. */
static sp_ynode *session_tree(const sp_recipe *built, sp_session_notes *n)
{
  sp_session_notes_for(n, built);
  int lines = 0;
  sp_ynode *tree = sp_recipe_tree(
      built, &(sp_recipe_yaml_opts){.comment = sp_session_note_at, .ctx = n}, &lines);
  if (tree->kind == SP_Y_MAP && !sp_ymap_get(tree, "master")) {
    const sp_pos at = {1 + lines, 1};
    sp_ynode *key = sp_xcalloc(1, sizeof *key), *map = sp_xcalloc(1, sizeof *map);
    *key = (sp_ynode){.kind = SP_Y_SCALAR, .pos = at, .text = sp_xstrdup("master")};
    *map = (sp_ynode){.kind = SP_Y_MAP, .pos = {at.line, 9}};
    tree->pairs = sp_xreallocarray(tree->pairs, tree->n + 1, sizeof *tree->pairs);
    tree->pairs[tree->n++] = (sp_ypair){key, map};
  }
  return tree;
}

sp_err sp_session_read(const sp_session_input *in, const sp_import_opts *o,
                       sp_session_reading *how, sp_recipe **out, sp_session_kept **kept,
                       sp_session_notes **notes, sp_diags *d)
{
  *out = NULL;
  sp_session_notes *n = NULL;
  const char *file = o && o->recipe ? o->recipe : in->recipe_path;
  /* built from the mix, with no text */
  sp_recipe *built = NULL;
  sp_diags built_said;
  sp_diags_init(&built_said);
  sp_err rc = read_built(in, o, kept, &n, d, file, &built, &built_said);
  sp_diags *said = how->said ? how->said : d;
  how->said_from = said->n;
  const size_t errors = sp_diags_errors(said);
  /* what it said of its values, but of a value a set puts; then --set
   * keys over it as over a recipe file's: put into the tree of the text
   * import writes of it (its comments too), read with them */
  size_t kept_said = 0;
  for (size_t i = 0; i < built_said.n; i++) {
    sp_diag *m = &built_said.v[i];
    if (built && set_over(m, how->sets, how->n_sets)) {
      free(m->file);
      free(m->path);
      free(m->msg);
    } else {
      built_said.v[kept_said++] = *m;
    }
  }
  built_said.n = kept_said;
  sp_diags_take(said, &built_said);
  size_t n_made = 0; /* stems the sets' tracks take by the session's rule */
  if (built && how->n_sets) {
    sp_recipe_parse_tree(file, session_tree(built, n), built, how->sets, how->n_sets, out, said);
    sp_recipe_free(built);
    if (*out)
      n_made = stems_by_rule(*out, o ? o->stems : NULL, how->sets, how->n_sets);
  } else {
    *out = built;
  }
  if (*out) { /* at the session's elements */
    sp_session_place(*out, n);
    place_made(*out, n_made);
    replace_said(*out, n, file, said, how->said_from);
  }
  if (*out) /* checked as a recipe's text is, its values placed where they came from */
    sp_recipe_check(*out, said, how->said_from);
  how->errors = sp_diags_errors(said) - errors;
  if (rc == SP_OK)
    rc = how->errors ? sp_diags_status(said) : SP_OK;
  else if (how->errors)
    rc = sp_diags_status(said);
  sp_diags_fini(&built_said);
  if (notes)
    *notes = n;
  else if (kept && *kept)
    (*kept)->own_notes = true;
  else
    sp_session_notes_free(n);
  return rc;
}
