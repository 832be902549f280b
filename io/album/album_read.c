/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album recipe's reader: YAML (io/recipe/yamltree.h) into an
 * sp_album_spec, each mapping's keys checked against its table and each
 * key's value filled into its field from its row, as the recipe parser
 * fills a recipe's (album_read.h); what no row says here: the lists of
 * songs and store sets, a song's index points, the rules across keys,
 * the files the album reads and the names of those it writes. Every
 * problem is said at its line and column with its key path
 * (album.songs[1].crossfade.length) and a fix, all of them before it
 * stops. */

#include "io/album/album_read.h"

#include "core/album/redbook.h"
#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"
#include "io/audio/tagfile.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"
#include "io/recipe/parse.h"
#include "io/recipe/yamltree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct rd {
  const char *file;
  sp_diags *d;
  sp_rows *rows;             /* the rows' reader (io/recipe/parse.h) */
  char *dir;                 /* the album recipe's folder */
  const sp_album_spec *spec; /* what it reads into */
} rd;

/* Where n was said: the album recipe, or the --set that put it there. */
static const char *origin(const rd *r, const sp_ynode *n)
{
  return n && n->from ? n->from : r->file;
}

__attribute__((format(printf, 4, 5))) static void bad(rd *r, const sp_ynode *n, const char *key,
                                                      const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(r->d, SP_ERR_USAGE, origin(r, n), n ? n->pos : (sp_pos){0}, key, fmt, ap);
  va_end(ap);
}

__attribute__((format(printf, 4, 5))) static void bad_at(rd *r, sp_album_place at, const char *key,
                                                         const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(r->d, SP_ERR_USAGE, at.from ? at.from : r->file, at.pos, key, fmt, ap);
  va_end(ap);
}

/* Where n itself was said: its text's place, or the --set that put it
 * there (a song's mapping is its own, whichever of its keys a --set gave). */
static sp_album_place node_place(const sp_ynode *n)
{
  if (!n)
    return (sp_album_place){0};
  return n->from ? (sp_album_place){.from = n->from} : (sp_album_place){.pos = n->pos};
}

/* Where a key's value n was said. A value of scalars (a time, a
 * crossfade's {length, curve}, a list of index points) is one value: the
 * --set that gave it, or gave any part of it, is where it was said, for a
 * message about it is about what that --set made of it. A value holding
 * mappings or lists (the songs, the store sets) is many: its own place. */
static sp_album_place value_place(const sp_ynode *n)
{
  if (!n || n->from)
    return node_place(n);
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *v = n->kind == SP_Y_MAP ? n->pairs[i].value : n->items[i];
    if (v->kind == SP_Y_MAP || v->kind == SP_Y_SEQ)
      return node_place(n);
  }
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *v = n->kind == SP_Y_MAP ? n->pairs[i].value : n->items[i];
    if (v->from)
      return node_place(v);
  }
  return node_place(n);
}

/* Whether map (at path; what: as a message names it) is a mapping whose
 * keys are all of table's; says each other, in the recipe's words
 * (sp_build_unknown_key). */
static bool mapping(rd *r, const sp_ynode *map, const char *path, const char *table,
                    const char *what)
{
  if (!map || map->kind != SP_Y_MAP) {
    if (map)
      bad(r, map, path, "expected %s, a mapping of keys, got %s%s%s", what, SP_Y_GOT(map));
    else
      bad(r, NULL, path, "expected %s, a mapping of keys; add it", what);
    return false;
  }
  const char *const *keys = sp_key_table_find(table)->keys;
  for (size_t i = 0; i < map->n; i++) {
    const sp_ynode *k = map->pairs[i].key;
    if (sp_build_in_list(k->text, keys))
      continue;
    char full[256], *why = sp_build_unknown_key(k->text, keys, what);
    snprintf(full, sizeof full, "%s%s%s", path, *path ? "." : "", k->text);
    /* a --set of a song's key, given with the album: the album's keys it sets */
    bad(r, k, full, "%s%s", why,
        k->from ? "; --set with an album sets the album recipe's keys (docs/album.md), not its "
                  "songs'"
                : "");
    free(why);
  }
  return true;
}

/* Where each key of map said its value, by its place in keys. */
static void key_places(const sp_ynode *map, const char *const *keys, sp_album_place *at)
{
  for (size_t i = 0; map && map->kind == SP_Y_MAP && i < map->n; i++)
    for (size_t j = 0; keys[j]; j++)
      if (strcmp(keys[j], map->pairs[i].key->text) == 0)
        at[j] = value_place(map->pairs[i].value);
}

/* Where a rule across two keys is said: at the value of b when a --set
 * gave it (the user's change that broke the rule), else of a. */
static sp_album_place set_else(sp_album_place a, const sp_ynode *b)
{
  const sp_album_place at = value_place(b);
  return at.from && !a.from ? at : a;
}

/* A path as written, resolved against the album's folder (heap). */
static char *resolve(rd *r, const char *p)
{
  if (p[0] == '/' || !r->dir[0])
    return sp_xstrdup(p);
  return sp_xasprintf("%s/%s", r->dir, p);
}

/* A song's index points (at path): a time, or a list of them, each read
 * as the index row's time. */
static void index_points(rd *r, const sp_ynode *v, const char *path, sp_album_entry *e)
{
  sp_key_row one = sp_key_rows_song[SP_KEY_SONG_INDEX];
  one.store = SP_KEY_S_TIME; /* an item's: the sp_time it is read into */
  one.at = 0;
  const size_t n = v->kind == SP_Y_SEQ ? v->n : 1;
  e->index = sp_xcalloc(n ? n : 1, sizeof *e->index);
  e->index_at = sp_xcalloc(n ? n : 1, sizeof *e->index_at);
  for (size_t i = 0; i < n; i++) {
    const sp_ynode *it = v->kind == SP_Y_SEQ ? v->items[i] : v;
    char sub[320];
    snprintf(sub, sizeof sub, "%s[%zu]", path, i);
    if (sp_rows_read(r->rows, it, sub, &one, &e->index[e->n_index]))
      e->index_at[e->n_index++] = node_place(it);
  }
}

/* The song's file or recipe, written as f, resolved (*p), there to be
 * read: opened as its reader opens it (the shared opener), so that a
 * FIFO, a device or a folder is said here, at its key, in the reader's
 * words. A song's recipe is read more than once (checked, digested,
 * rendered): a stream is refused; a folder is an Ardour session's, read
 * by the session reader. */
static void song_path(rd *r, const sp_ynode *f, const char *key, bool recipe, char **p,
                      sp_album_entry *e)
{
  char why[1024];
  e->written = *p;
  *p = resolve(r, e->written);
  struct stat st;
  int fd;
  if (recipe && stat(*p, &st) == 0 && S_ISDIR(st.st_mode))
    return;
  if (sp_fs_open_regular(*p, recipe ? "a recipe" : "an audio file",
                         recipe ? "recipes from files" : "audio files", &fd, &st, why,
                         sizeof why) == SP_OK) {
    unsigned char head[SP_FS_KIND_HEAD];
    const ssize_t got = recipe ? pread(fd, head, sizeof head, 0) : 0;
    close(fd);
    const sp_fs_kind *kind = got > 0 ? sp_fs_kind_of(head, (size_t)got, false) : NULL;
    if (kind && kind->audio) /* a finished file given as a recipe (review 26 F7: said with no
                                place, by the song recipe's reader) */
      sp_diags_error(r->d, SP_ERR_USAGE, origin(r, f), f->pos, key,
                     "'%s' is %s, not a recipe: a finished file is a song's file; give it as "
                     "file: %s",
                     e->written, kind->name, e->written);
    else if (recipe && sp_album_file_is(*p)) /* not read as a song's: what it lacks as one */
      sp_diags_error(r->d, SP_ERR_USAGE, origin(r, f), f->pos, key,
                     "'%s' is an album recipe (it has album:), and an album's songs are song "
                     "recipes or finished files; name a song's recipe, or a file the other "
                     "album printed (file: PATH)",
                     e->written);
    return;
  }
  /* the opener's fix ("check the path") said once, where the path is from */
  const bool missing = errno == ENOENT, fixed = missing && strstr(why, "check the path");
  sp_diags_error(r->d, SP_ERR_IO, origin(r, f), f->pos, key, "cannot read '%s' (as %s): %s%s",
                 e->written, *p, why,
                 fixed     ? ", relative to the album recipe's folder"
                 : missing ? "; check the path, relative to the album recipe's folder"
                           : "");
}

static void song(rd *r, const sp_ynode *m, size_t k, sp_album_entry *e)
{
  snprintf(e->key, sizeof e->key, "album.songs[%zu]", k);
  e->pos = node_place(m);
  if (!mapping(r, m, e->key, "SONG", "a song"))
    return;
  key_places(m, sp_keys_song, e->at);
  sp_rows_fill(r->rows, m, e->key, "SONG", e);
  char sub[256];
  const sp_ynode *v;
  if ((v = sp_ymap_get(m, "index"))) {
    snprintf(sub, sizeof sub, "%s.index", e->key);
    index_points(r, v, sub, e);
  }
  /* the rules across its keys */
  const sp_ynode *rec = sp_ymap_get(m, "recipe"), *file = sp_ymap_get(m, "file");
  if (!rec == !file) {
    bad(r, m, e->key,
        rec ? "a song is a recipe or a file, not both; keep one"
            : "a song needs recipe: (a recipe to render) or file: (a finished "
              "file); add one");
  } else if (rec ? e->recipe : e->file) {
    snprintf(sub, sizeof sub, "%s.%s", e->key, rec ? "recipe" : "file");
    song_path(r, rec ? rec : file, sub, rec != NULL, rec ? &e->recipe : &e->file, e);
  }
  const sp_ynode *gap = sp_ymap_get(m, "gap"), *xf = sp_ymap_get(m, "crossfade"),
                 *sp = sp_ymap_get(m, "splice");
  if ((gap != NULL) + (xf != NULL) + (sp != NULL) > 1)
    bad_at(r, set_else(set_else(value_place(xf ? xf : sp), sp), gap), e->key,
           "a song meets the one before by one of gap, crossfade or splice; keep one");
  const sp_ynode *trim = sp_ymap_get(m, "trim"), *from = sp_ymap_get(m, "from"),
                 *to = sp_ymap_get(m, "to");
  if (trim && (from || to))
    bad_at(r, set_else(set_else(value_place(trim), from), to), e->key,
           "a song is trimmed by trim: or by from:/to:, not both; keep one");
}

static void album(rd *r, const sp_ynode *a, sp_album_spec *s)
{
  if (!mapping(r, a, "album", "ALBUM", "the album"))
    return;
  key_places(a, sp_keys_album, s->album_at);
  sp_rows_fill(r->rows, a, "album", "ALBUM", s);
  if (s->cover) { /* its bytes are read once --confine holds it: sp_album_cover_check */
    const sp_ynode *c = sp_ymap_get(a, "cover");
    s->cover_written = s->cover;
    s->cover = resolve(r, s->cover_written);
    if (access(s->cover, R_OK) != 0)
      sp_diags_error(r->d, SP_ERR_IO, origin(r, c), c->pos, "album.cover",
                     "no image '%s' (as %s); check the path", s->cover_written, s->cover);
  }
  const char *why;
  if (!sp_build_rate(s->rate, &why))
    bad(r, sp_ymap_get(a, "rate"), "album.rate", "%s", why);
  const sp_ynode *songs = sp_ymap_get(a, "songs");
  if (!songs || songs->kind != SP_Y_SEQ || songs->n == 0) {
    bad(r, songs ? songs : a, "album.songs",
        "an album needs its songs, a list: songs: [{recipe: one.yaml}, {file: two.wav}]");
    return;
  }
  s->songs = sp_xcalloc(songs->n, sizeof *s->songs);
  s->n_songs = songs->n;
  for (size_t k = 0; k < songs->n; k++)
    song(r, songs->items[k], k, &s->songs[k]);
  /* an ISRC names one recording: two tracks with one are a copy's mistake */
  for (size_t k = 0; k < s->n_songs; k++)
    for (size_t j = 0; j < k && s->songs[k].meta.isrc; j++)
      if (s->songs[j].meta.isrc && strcmp(s->songs[j].meta.isrc, s->songs[k].meta.isrc) == 0) {
        char key[96];
        snprintf(key, sizeof key, "%s.isrc", s->songs[k].key);
        const sp_album_place first = s->songs[j].at[SP_KEY_SONG_ISRC];
        char where[32] = "";
        if (first.pos.line && !first.from)
          snprintf(where, sizeof where, " (line %d)", first.pos.line);
        bad(r, sp_ymap_get(songs->items[k], "isrc"), key,
            "the ISRC %s is %s's too%s; each track has its own: copy this one's from its "
            "registration",
            s->songs[k].meta.isrc, s->songs[j].key, where);
        break;
      }
}

/* A loudness rule written as the mapping n at path (a set's, the
 * album's) held to the rule a recipe's are (sp_build_loudness_aimless). */
static void loudness_aims(rd *r, const sp_ynode *n, const char *path)
{
  if (!n || n->kind != SP_Y_MAP)
    return;
  const char *fix = sp_build_loudness_aimless(n->n > 0, sp_ymap_get(n, "preset") != NULL,
                                              sp_ymap_get(n, "target") != NULL,
                                              sp_ymap_get(n, "max_true_peak") != NULL);
  if (fix)
    bad(r, n, path, "%s", fix);
}

/* Store set k of output.also, and what its format says of its other keys,
 * by the rules a song recipe's sets are held to, in their words
 * (core/recipe/format.h: sp_format_check_depth, sp_format_check_kbps; at
 * the album's rate, sp_album_spec_rate); depth: the master's. */
static void one_set(rd *r, const sp_ynode *m, size_t k, sp_album_set *set, sp_depth depth)
{
  char path[64], sub[96], why[512];
  snprintf(path, sizeof path, "output.also[%zu]", k);
  if (!mapping(r, m, path, "ALBUM_SET", "a store set"))
    return;
  set->at = node_place(m);
  sp_rows_fill(r->rows, m, path, "ALBUM_SET", set);
  const sp_ynode *f = sp_ymap_get(m, "format"), *dp = sp_ymap_get(m, "depth"),
                 *br = sp_ymap_get(m, "bitrate"), *nm = sp_ymap_get(m, "name");
  const bool lossy = sp_format_lossy(set->format);
  set->format_at = value_place(f);
  set->name_at = value_place(nm);
  /* (a depth or a bitrate its row could not read is said: 0, unread) */
  snprintf(sub, sizeof sub, "%s.depth", path);
  if (!sp_format_check_depth(set->format, set->depth ? set->depth : depth, set->depth != 0, true,
                             why, sizeof why))
    bad(r, dp && set->depth ? dp : m, lossy ? sub : path, "%s", why);
  snprintf(sub, sizeof sub, "%s.bitrate", path);
  if (br && (!lossy || set->has_kbps) &&
      !sp_format_check_kbps(set->format, set->kbps, why, sizeof why))
    bad(r, br, sub, "%s", why);
  if (br)
    set->kbps_at = value_place(br);
  snprintf(sub, sizeof sub, "%s.loudness", path);
  loudness_aims(r, sp_ymap_get(m, "loudness"), sub);
  if (!set->name)
    set->name = sp_xstrdup(sp_format_names[set->format]);
}

static void output(rd *r, const sp_ynode *o, sp_album_spec *s)
{
  s->format = SP_FORMAT_WAV;
  s->depth = SP_DEPTH_24;
  s->dither = true;
  if (o && mapping(r, o, "output", "ALBUM_OUTPUT", "output")) {
    key_places(o, sp_keys_album_output, s->output_at);
    sp_rows_fill(r->rows, o, "output", "ALBUM_OUTPUT", s);
    loudness_aims(r, sp_ymap_get(o, "loudness"), "output.loudness");
    const sp_ynode *v;
    if ((v = sp_ymap_get(o, "cd")))
      s->cd_at = value_place(v);
    if ((v = sp_ymap_get(o, "also"))) {
      if (v->kind != SP_Y_SEQ)
        bad(r, v, "output.also", "expected a list of store sets: [{format: mp3, bitrate: 320}]");
      else {
        s->sets = sp_xcalloc(v->n ? v->n : 1, sizeof *s->sets);
        s->n_sets = v->n;
        for (size_t k = 0; k < v->n; k++)
          one_set(r, v->items[k], k, &s->sets[k], s->depth);
      }
    }
  }
  char why[256];
  if (!sp_format_check_depth(s->format, s->depth, false, false, why, sizeof why))
    bad(r, o ? sp_ymap_get(o, "depth") : NULL, "output.depth", "%s", why);
  char *dir = s->dir; /* as written */
  s->dir =
      dir ? resolve(r, dir) : sp_xasprintf("%s%sout/%s", r->dir, r->dir[0] ? "/" : "", s->base);
  free(dir);
  if (!s->master)
    s->master = sp_xstrdup("master");
  if (!s->tracks)
    s->tracks = sp_xstrdup("{nn} {title}");
  if (s->has_cd && !s->cd)
    s->cd = sp_xstrdup(s->master);
  else if (!s->has_cd) {
    free(s->cd);
    s->cd = NULL;
  }
}

/* ---- the names of the album's files -----------------------------------------
 * Every file an album writes is named here, before anything is read or
 * written, and checked as a render's prints are (core/base/names.h): each
 * a portable file name, so nothing lands outside output.dir (a name holds
 * no '/', never '.' or '..'), and no two of one folder the same name, or
 * names that differ only in case (one file on macOS and Windows): the
 * master, the tracks, the CD image's three files and the store sets'
 * folders in output.dir, each set's tracks in its folder. A clash is said
 * once, at the key to mend, naming the other. */

typedef struct named_file {
  char *name;    /* the file's name in its folder (heap) */
  char what[96]; /* "the master (output.master)", "track 2 'Same'" */
  char key[96];  /* where to mend it */
  sp_album_place pos;
  bool track;    /* a track: its name from output.tracks */
} named_file;

/* A name that stands for a track k's whole file name: the tracks template
 * expanded, with the format's extension (heap). */
static char *track_file(const sp_album_spec *s, size_t k, sp_format f)
{
  char *stem = sp_album_track_name(s, k);
  char *file = sp_xasprintf("%s.%s", stem, sp_format_suffix(f));
  free(stem);
  return file;
}

/* Where track k's name is mended: its title, when the template takes the
 * title and a plain title would do; else output.tracks. */
static void track_key(const sp_album_spec *s, size_t k, bool plain_title_fixes, named_file *nf)
{
  const sp_album_entry *e = &s->songs[k];
  if (plain_title_fixes && strstr(s->tracks, "{title}")) {
    snprintf(nf->key, sizeof nf->key, "%s.title", e->key);
    nf->pos = sp_album_said(e->at[SP_KEY_SONG_TITLE]) ? e->at[SP_KEY_SONG_TITLE] : e->pos;
  } else {
    snprintf(nf->key, sizeof nf->key, "output.tracks");
    nf->pos = s->output_at[SP_KEY_ALBUM_OUTPUT_TRACKS];
  }
}

/* Whether track k's name would be portable with a plain title. */
static bool plain_title_would_do(const sp_album_spec *s, size_t k, sp_format f)
{
  sp_album_spec t = *s;
  sp_album_entry e = s->songs[k];
  e.meta.title = "Title";
  t.songs = &e;
  char *file = track_file(&t, 0, f);
  const bool ok = sp_file_name_check(file, NULL, 0);
  free(file);
  return ok;
}

/* Each of files[0 .. n) checked alone, then against every one before it
 * (case ignored); a track clash said once (the sets' copies of the tracks
 * clash as the tracks do). in: the folder's name, for the message. */
static void names_apart(rd *r, named_file *files, size_t n, const char *in)
{
  bool said_empty = false; /* one template, one error */
  for (size_t k = 0; k < n; k++) {
    named_file *f = &files[k];
    char why[512];
    const char *dot = strrchr(f->name, '.');
    if (f->track && dot == f->name) {
      if (!said_empty)
        bad_at(r, f->pos, f->key,
               "%s would be written to '%s' in %s: its name is empty (output.tracks is '%s', "
               "and what it names is not given); put {nn} or {title} in output.tracks, or give "
               "the song what the template names",
               f->what, f->name, in, r->spec->tracks);
      said_empty = true;
      f->name[0] = '\0';
      continue;
    }
    if (!sp_file_name_check(f->name, why, sizeof why)) {
      bad_at(r, f->pos, f->key,
             "%s cannot be written under the name '%s' in %s: %s; name it a plain file name, "
             "inside output.dir",
             f->what, f->name, in, why);
      f->name[0] = '\0';
      continue;
    }
    for (size_t j = 0; j < k; j++) {
      if (!files[j].name[0] || strcasecmp(files[j].name, f->name) != 0)
        continue;
      const bool cased = strcmp(files[j].name, f->name) != 0;
      const char *fix = f->track && files[j].track
                            ? (strstr(r->spec->tracks, "{nn}") || strstr(r->spec->tracks, "{n}")
                                   ? "retitle one of them"
                                   : "put {nn} in output.tracks (\"{nn} {title}\"), or retitle "
                                     "one of them")
                            : "rename one of them";
      bad_at(r, f->pos, f->key,
             "%s would be written to '%s' in %s, like %s%s; %s", f->what, f->name, in,
             files[j].what,
             cased ? " (names that differ only in case are one file on macOS and Windows)" : "",
             fix);
      f->name[0] = '\0';
      break;
    }
  }
}

/* Whether f, a file the album prints at path, is a song's source or its
 * cover (one file: a link, or another spelling of its path, too): said at
 * the song's file (the cover's key), as check and render both read the
 * album (review 26 F3: check said ok, render refused with no line). */
static void printed_over_read(rd *r, const sp_album_spec *s, const char *path, const named_file *f)
{
  char *id = sp_fs_identity(path, NULL);
  for (size_t k = 0; k <= s->n_songs; k++) {
    const sp_album_entry *e = k < s->n_songs ? &s->songs[k] : NULL;
    const char *read = e ? e->file : s->cover;
    if (!read)
      continue;
    char *other = sp_fs_identity(read, NULL), key[64];
    if (strcmp(id, other) == 0 && strncmp(other, "place ", 6) != 0) { /* (one not there: said) */
      snprintf(key, sizeof key, "%s%s", e ? e->key : "album.cover", e ? ".file" : "");
      bad_at(r,
             e ? (sp_album_said(e->at[SP_KEY_SONG_FILE]) ? e->at[SP_KEY_SONG_FILE] : e->pos)
               : s->album_at[SP_KEY_ALBUM_COVER],
             key,
             "'%s' is %s, which this album prints over it: printing it would destroy the %s it "
             "reads; give %s another place, or the file another name (%s)",
             e ? e->written : s->cover_written, f->what, e ? "song" : "cover",
             e ? "the song's file" : "the cover", f->key);
    }
    free(other);
  }
  free(id);
}

static void output_names(rd *r, const sp_album_spec *s)
{
  const size_t N = s->n_songs, S = s->n_sets;
  named_file *files = sp_xcalloc(N + S + 4, sizeof *files);
  size_t n = 0;
  files[n].name = sp_xasprintf("%s.%s", s->master, sp_format_suffix(s->format));
  snprintf(files[n].what, sizeof files[n].what, "the master (output.master)");
  snprintf(files[n].key, sizeof files[n].key, "output.master");
  files[n++].pos = s->output_at[SP_KEY_ALBUM_OUTPUT_MASTER];
  for (size_t k = 0; k < N; k++, n++) {
    files[n].name = track_file(s, k, s->format);
    files[n].track = true;
    snprintf(files[n].what, sizeof files[n].what, "track %zu", k + 1);
    track_key(s, k, plain_title_would_do(s, k, s->format), &files[n]);
  }
  for (int k = 0; s->cd && k < 3; k++, n++) {
    static const char *const ext[] = {"bin", "cue", "toc"};
    files[n].name = sp_xasprintf("%s.%s", s->cd, ext[k]);
    snprintf(files[n].what, sizeof files[n].what, "the CD image's %s (output.cd)", ext[k]);
    snprintf(files[n].key, sizeof files[n].key, "output.cd");
    files[n].pos = s->cd_at;
  }
  for (size_t k = 0; k < S; k++, n++) {
    const sp_album_set *set = &s->sets[k];
    files[n].name = sp_xstrdup(set->name ? set->name : "");
    snprintf(files[n].what, sizeof files[n].what, "the folder of output.also[%zu]", k);
    snprintf(files[n].key, sizeof files[n].key, "output.also[%zu].name", k);
    files[n].pos = sp_album_said(set->name_at) ? set->name_at : set->at;
  }
  const size_t before = sp_diags_errors(r->d);
  names_apart(r, files, n, "output.dir");
  for (size_t k = 0; k < n && s->dir; k++) { /* none over what the album reads */
    char *path = sp_xasprintf("%s/%s", s->dir, files[k].name);
    printed_over_read(r, s, path, &files[k]);
    free(path);
  }
  /* each set's tracks in its folder, by their own extension (a clash of
   * the tracks is said once, above) */
  for (size_t k = 0; k < S && sp_diags_errors(r->d) == before; k++) {
    const sp_album_set *set = &s->sets[k];
    if (set->format == s->format)
      continue; /* the tracks' names, checked above */
    named_file *t = sp_xcalloc(N ? N : 1, sizeof *t);
    for (size_t j = 0; j < N; j++) {
      t[j].name = track_file(s, j, set->format);
      t[j].track = true;
      snprintf(t[j].what, sizeof t[j].what, "track %zu", j + 1);
      track_key(s, j, plain_title_would_do(s, j, set->format), &t[j]);
    }
    char *folder = sp_xasprintf("output.also[%zu]'s folder", k);
    names_apart(r, t, N, folder);
    free(folder);
    for (size_t j = 0; j < N && s->dir; j++) {
      char *path = sp_xasprintf("%s/%s/%s", s->dir, set->name ? set->name : "", t[j].name);
      printed_over_read(r, s, path, &t[j]);
      free(path);
    }
    for (size_t j = 0; j < N; j++)
      free(t[j].name);
    free(t);
  }
  for (size_t k = 0; k < n; k++)
    free(files[k].name);
  free(files);
}

/* A text a CD's CD-Text carries (NULL: none): ISO-8859-1, no control
 * character. */
static void latin1_at(rd *r, sp_album_place pos, const char *key, const char *s)
{
  char why[128];
  char *l1 = s ? sp_xmalloc(strlen(s) + 1) : NULL;
  if (s && !sp_cd_text_latin1(s, l1, strlen(s) + 1, why))
    bad_at(r, pos, key, "for the CD (output.cd): %s", why);
  free(l1);
}

/* What the Red Book rules of a CD say before the songs' lengths are known
 * (core/album/redbook.h; the lengths are held to them once the album is
 * laid out): at most 99 tracks, an image name both sheets can hold, and
 * CD-Text in ISO-8859-1. */
static void cd_rules(rd *r, const sp_album_spec *s)
{
  for (const char *c = s->cd; *c; c++)
    if (*c < 0x20 || *c > 0x7E || *c == '"' || *c == '\\' || *c == '/') {
      bad_at(r, s->cd_at, "output.cd.name",
             "the image's name '%s' has a character a CUE sheet and a TOC cannot both hold "
             "(character %zu); name it with ASCII letters, digits, spaces and punctuation but "
             "for \", \\ and /",
             s->cd, (size_t)(c - s->cd) + 1);
      break;
    }
  if (!s->cd[0])
    bad_at(r, s->cd_at, "output.cd.name", "the image's name is empty; give it a name");
  if (s->n_songs > SP_CD_MAX_TRACKS)
    bad_at(r, s->album_at[SP_KEY_ALBUM_SONGS], "album.songs",
           "%zu songs, and a CD holds at most 99 tracks; make two albums, or drop output.cd",
           s->n_songs);
  char key[96];
  latin1_at(r, s->album_at[SP_KEY_ALBUM_TITLE], "album.title", s->meta.title);
  latin1_at(r, s->album_at[SP_KEY_ALBUM_ARTIST], "album.artist", s->meta.artist);
  for (size_t k = 0; k < s->n_songs; k++) {
    const sp_album_entry *e = &s->songs[k];
    const struct {
      const char *key;
      int at;
      const char *v;
    } t[] = {{"title", SP_KEY_SONG_TITLE, e->meta.title},
             {"artist", SP_KEY_SONG_ARTIST, e->meta.artist},
             {"composer", SP_KEY_SONG_COMPOSER, e->meta.composer}};
    for (size_t i = 0; i < 3; i++) {
      snprintf(key, sizeof key, "%s.%s", e->key, t[i].key);
      latin1_at(r, e->at[t[i].at], key, t[i].v);
    }
  }
}

bool sp_album_file_is(const char *path)
{
  /* A session (.dawproject, .ardour, an ADM BWF) is not looked into: it
   * is opened once, by its reader. */
  const char *dot = strrchr(path, '.');
  struct stat st;
  if (!dot || (strcmp(dot, ".yaml") != 0 && strcmp(dot, ".yml") != 0) || stat(path, &st) != 0 ||
      !S_ISREG(st.st_mode)) /* a FIFO is read once, by the recipe's reader */
    return false;
  sp_diags d;
  sp_diags_init(&d);
  sp_ynode *root = NULL;
  bool is = sp_yaml_load(path, &root, &d) == SP_OK && root && root->kind == SP_Y_MAP &&
            sp_ymap_get(root, "album") != NULL;
  sp_ynode_free(root);
  sp_diags_fini(&d);
  return is;
}

sp_err sp_album_read(const char *path, const char *const *sets, size_t n_sets, sp_album_spec *spec,
                     sp_diags *d)
{
  *spec = (sp_album_spec){.file = sp_xstrdup(path)};
  const char *slash = strrchr(path, '/');
  char *base = sp_xstrdup(slash ? slash + 1 : path);
  char *dot = strrchr(base, '.');
  if (dot && dot != base)
    *dot = '\0';
  spec->base = base;
  rd r = {.file = path,
          .d = d,
          .rows = sp_rows_new(path, d),
          .spec = spec,
          .dir = slash ? sp_xasprintf("%.*s", (int)(slash - path), path) : sp_xstrdup("")};
  sp_ynode *root = NULL;
  const size_t before = sp_diags_errors(d);
  /* the nodes and the spec's places name them */
  char **from = spec->sets_said = sp_xcalloc(n_sets + 1, sizeof *from);
  spec->n_sets_said = n_sets;
  if (sp_yaml_load(path, &root, d) == SP_OK)
    sp_recipe_put_sets(root, sets, n_sets, false, from, d);
  if (root && mapping(&r, root, "", "ALBUM_ROOT", "the album recipe")) {
    sp_rows_fill(r.rows, root, "", "ALBUM_ROOT", spec);
    album(&r, sp_ymap_get(root, "album"), spec);
    output(&r, sp_ymap_get(root, "output"), spec);
    if (spec->cd)
      cd_rules(&r, spec);
    if (sp_diags_errors(d) == before)
      output_names(&r, spec);
  }
  sp_ynode_free(root);
  free(r.dir);
  sp_rows_free(r.rows);
  return sp_diags_errors(d) > before ? sp_diags_status(d) : SP_OK;
}

static void meta_fini(sp_album_meta *m)
{
  free(m->title);
  free(m->artist);
  free(m->composer);
  free(m->isrc);
}

void sp_album_spec_fini(sp_album_spec *s)
{
  for (size_t k = 0; k < s->n_songs; k++) {
    sp_album_entry *e = &s->songs[k];
    free(e->recipe);
    free(e->file);
    free(e->written);
    free(e->index);
    free(e->index_at);
    meta_fini(&e->meta);
  }
  free(s->songs);
  for (size_t k = 0; k < s->n_sets; k++)
    free(s->sets[k].name);
  free(s->sets);
  meta_fini(&s->meta);
  free(s->upc);
  free(s->genre);
  free(s->year);
  free(s->cover);
  free(s->cover_written);
  free(s->file);
  free(s->base);
  free(s->dir);
  free(s->master);
  free(s->tracks);
  free(s->cd);
  sp_free_strings(s->sets_said, s->n_sets_said);
  *s = (sp_album_spec){0};
}

sp_err sp_album_cover_check(const sp_album_spec *spec, sp_diags *d)
{
  if (!spec->cover)
    return SP_OK;
  char why[512];
  const sp_err err = sp_cover_check(spec->cover, why, sizeof why);
  if (err != SP_OK)
    sp_diags_error(d, err, sp_album_place_file(spec, spec->album_at[SP_KEY_ALBUM_COVER]),
                   spec->album_at[SP_KEY_ALBUM_COVER].pos, "album.cover", "'%s': %s",
                   spec->cover_written ? spec->cover_written : spec->cover, why);
  return err;
}

sp_err sp_album_spec_rate(const sp_album_spec *spec, double rate, int channels, sp_diags *d)
{
  const size_t before = sp_diags_errors(d);
  for (size_t k = 0; k < spec->n_sets; k++) {
    const sp_album_set *set = &spec->sets[k];
    char key[64], why[512];
    snprintf(key, sizeof key, "output.also[%zu].format", k);
    const sp_album_place at = sp_album_said(set->kbps_at) ? set->kbps_at : set->at;
    if (!sp_format_takes_rate(set->format, rate))
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, set->format_at), set->format_at.pos,
                     key,
                     "%s takes %s, not the album's %g Hz; give album.rate one of them, or the set "
                     "another format",
                     sp_format_names[set->format], sp_format_rates(set->format), rate);
    else if (!sp_format_check_kbps_at(set->format, sp_album_set_kbps(set, rate), rate, channels,
                                      why, sizeof why)) {
      snprintf(key, sizeof key, "output.also[%zu].bitrate", k);
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, at), at.pos, key, "%s", why);
    }
  }
  return sp_diags_errors(d) > before ? SP_ERR_USAGE : SP_OK;
}

void sp_album_spec_songs(const sp_album_spec *spec, double rate, const int64_t *frames,
                         sp_album_song *songs)
{
  for (size_t k = 0; k < spec->n_songs; k++) {
    const sp_album_entry *e = &spec->songs[k];
    sp_album_song *s = &songs[k];
    *s = (sp_album_song){.frames = frames[k], .meta = e->meta};
    s->head = sp_time_frames(e->has_from ? e->from : e->trim.head, rate);
    s->tail =
        e->has_to ? frames[k] - sp_time_frames(e->to, rate) : sp_time_frames(e->trim.tail, rate);
    s->join = e->has_crossfade ? SP_ALBUM_CROSSFADE : SP_ALBUM_GAP;
    s->gap = sp_time_frames(e->gap, rate);
    s->crossfade = sp_time_frames(e->crossfade.length, rate);
    s->xcurve = e->crossfade.curve;
    s->fade_out = sp_time_frames(e->fade_out.length, rate);
    s->fcurve = e->fade_out.curve;
    s->n_index = e->n_index;
    s->index = sp_xcalloc(e->n_index ? e->n_index : 1, sizeof *s->index);
    for (size_t i = 0; i < e->n_index; i++)
      s->index[i] = sp_time_frames(e->index[i], rate);
    if (!s->meta.artist)
      s->meta.artist = spec->meta.artist;
    /* its messages in the unit each key was written in */
    const bool trim_s = e->has_from || e->has_to
                            ? !(e->has_from && e->from.in_frames) && !(e->has_to && e->to.in_frames)
                            : !e->trim.head.in_frames && !e->trim.tail.in_frames;
    bool index_s = true;
    for (size_t i = 0; i < e->n_index; i++)
      index_s &= !e->index[i].in_frames;
    s->in_seconds = (unsigned)trim_s << SP_ALBUM_KEY_TRIM |
                    (unsigned)!e->crossfade.length.in_frames << SP_ALBUM_KEY_CROSSFADE |
                    (unsigned)!e->fade_out.length.in_frames << SP_ALBUM_KEY_FADE_OUT |
                    (unsigned)index_s << SP_ALBUM_KEY_INDEX;
  }
}

char *sp_album_track_name(const sp_album_spec *spec, size_t k)
{
  const sp_album_entry *e = &spec->songs[k];
  char nn[16], n1[16], untitled[32];
  snprintf(nn, sizeof nn, "%02zu", k + 1);
  snprintf(n1, sizeof n1, "%zu", k + 1);
  snprintf(untitled, sizeof untitled, "Track %02zu", k + 1);
  const char *artist = e->meta.artist ? e->meta.artist : spec->meta.artist ? spec->meta.artist : "";
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  for (const char *p = spec->tracks; *p; p++) {
    const char *v = NULL;
    size_t skip = 0;
    if (strncmp(p, "{nn}", 4) == 0)
      v = nn, skip = 4;
    else if (strncmp(p, "{n}", 3) == 0)
      v = n1, skip = 3;
    else if (strncmp(p, "{title}", 7) == 0)
      v = e->meta.title ? e->meta.title : untitled, skip = 7;
    else if (strncmp(p, "{artist}", 8) == 0)
      v = artist, skip = 8;
    if (v) {
      for (const char *q = v; *q; q++) /* a title is free text: what a file name cannot hold, '_' */
        fputc(sp_file_name_char_ok(*q) ? *q : '_', f);
      p += skip - 1;
    } else
      fputc(*p == '/' ? '_' : *p, f);
  }
  fclose(f);
  return out;
}
