/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps of `stemprint init`'s engine (io/init/init.h): a folder of audio
 * files in, a recipe's text out.
 *
 *   DIR, -o, --force  --sp_init_scan-->  where the recipe goes; the files in
 *     DIR --sp_media_probe-->          their formats, sorted by file name;
 *     --media identity-->              a second name of one file left out
 *     --sp_init_ir_name-->             impulse responses set aside
 *     --sp_init_track_name, init_unique_name-->  track names
 *     --sp_init_guess_group-->         a stem group per track; a bus per group
 *     --common_rate-->                 the session rate
 *   (the caller makes the recipe's folder)
 *   --sp_init_place (realpath)-->      the files' paths from the recipe's folder
 *   --sp_init_recipe-->  sp_init_text at unity --measure (sp_render,
 *     measure_only)--> the unity sum's peaks --sp_init_trim_db--> master's
 *     trim if they are too high --sp_init_text--> the recipe
 *
 * The scan is not recursive. Files that are not audio are skipped with a
 * warning; an audio file (by its extension) that cannot be read fails the
 * scan, each said, since a recipe without it renders a mix without it;
 * one with nothing to play (no frames, a FIFO) is left out with a comment,
 * and so is a second name of one file (a link, a hard link: it would play
 * twice), after the first in name order that is no link; a file of more than two channels is a
 * track of its layout (by its channel mask, or its count without one), and the widest such layout
 * is master's and its group bus's; one of no layout stemprint has is a commented-out track; files
 * named like impulse responses are not tracks but commented-out return buses with a convolver. A
 * group bus whose name a track already took is called <group>_bus instead, as tracks and buses
 * share one namespace.
 *
 * Gain staging: the tracks stay at unity (exported stems sum to the mix
 * that way), and the recipe is rendered once, writing nothing, as `check`
 * measures levels; when the mix's true peak or a stem's sample peak is
 * above -1 dB, master gets the trim that brings it there, with a comment
 * saying what was measured. That render reads every file once; it does not
 * depend on threads or block size, so the same folder always gives the
 * same text.
 *
 * The scan's and the placing's problems name the folder or the recipe's
 * path as given, in full (sp_diags_add_whole), and keep the command line's
 * words (-o, --force) that tell how to fix them. */

#include "io/init/init.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/units.h"
#include "core/graph/query.h"
#include "core/render/render.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"
#include "io/recipe/parse.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Whether s is valid UTF-8 without control characters or line breaks: YAML
 * needs the first, and the file name goes into comments, which end at a
 * line break. */
static bool printable_utf8(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    size_t more = c < 0x80             ? 0
                  : (c & 0xE0) == 0xC0 ? 1
                  : (c & 0xF0) == 0xE0 ? 2
                  : (c & 0xF8) == 0xF0 ? 3
                                       : 9;
    if (more == 9 || (c < 0x80 && (c < 0x20 || c == 0x7F)) || c == 0xC0 || c == 0xC1)
      return false;
    /* C1 controls, and U+2028/U+2029, which YAML 1.1 reads as line breaks */
    if ((c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) ||
        (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
      return false;
    for (size_t k = 1; k <= more; k++)
      if ((p[k] & 0xC0) != 0x80)
        return false;
    p += 1 + more;
  }
  return true;
}

/* ---- paths ---------------------------------------------------------------- */

/* dir/name, or name alone when dir is "." */
static char *join(const char *dir, const char *name)
{
  if (strcmp(dir, ".") == 0)
    return sp_xstrdup(name);
  size_t n = strlen(dir);
  return sp_xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* The path of folder `to` relative to folder `from`, both absolute and
 * canonical (realpath): "" when they are the same, else ending in '/'. */
static char *relative(const char *from, const char *to)
{
  char *rel = sp_fs_path_from(from, to);
  const size_t n = strlen(rel);
  if (n == 0 || rel[n - 1] == '/')
    return rel;
  char *dir = sp_xasprintf("%s/", rel);
  free(rel);
  return dir;
}

/* Where the recipe goes: DIR/session.yaml, out, or out's folder: one that
 * exists, or a path ending in '/', which need not exist yet. Heap string. */
static char *recipe_path(const char *dir, const char *out)
{
  if (!out)
    return join(dir, "session.yaml");
  char *o = sp_xstrdup(out);
  size_t n = strlen(o);
  struct stat st;
  bool folder = o[n - 1] == '/' || (stat(o, &st) == 0 && S_ISDIR(st.st_mode));
  for (; n > 1 && o[n - 1] == '/'; n--)
    o[n - 1] = '\0';
  char *path = folder ? join(o, "session.yaml") : sp_xstrdup(o);
  free(o);
  return path;
}

/* ---- the scan --------------------------------------------------------------- */

/* The file names in dir (not . files), sorted bytewise. */
static sp_err list_dir(const char *dir, char ***out, size_t *n_out, sp_diags *d)
{
  *out = NULL;
  *n_out = 0;
  DIR *dp = opendir(dir);
  if (!dp) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO, "cannot read folder '%s': %s", dir,
                       strerror(errno));
    return SP_ERR_IO;
  }
  char **v = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (e->d_name[0] == '.')
      continue;
    SP_GROW(v, n, cap);
    v[n++] = sp_xstrdup(e->d_name);
  }
  closedir(dp);
  if (n)
    qsort(v, n, sizeof *v, sp_cmp_str);
  *out = v;
  *n_out = n;
  return SP_OK;
}

/* The most common rate among the tracks, the higher one on a tie, among
 * those a session can have (8 kHz .. 768 kHz); 48 kHz if none. */
static int common_rate(const sp_init_file *src, size_t n)
{
  int best = 48000;
  size_t best_count = 0;
  for (size_t i = 0; i < n; i++) {
    int rate = src[i].info.sample_rate;
    if (!sp_init_is_track(&src[i]) || rate < 8000 || rate > 768000)
      continue;
    size_t count = 0;
    for (size_t j = 0; j < n; j++)
      count += sp_init_is_track(&src[j]) && src[j].info.sample_rate == src[i].info.sample_rate;
    if (count > best_count || (count == best_count && src[i].info.sample_rate > best)) {
      best = src[i].info.sample_rate;
      best_count = count;
    }
  }
  return best;
}

/* The folder and the recipe's path: SP_OK when the folder is one and the
 * recipe may go where it is to go. */
static sp_err locate(const sp_init_opts *o, sp_init_plan *p, sp_diags *d)
{
  /* DIR without trailing slashes, so paths print as dir/file. */
  p->media = o->media;
  p->dir = sp_xstrdup(o->dir && *o->dir ? o->dir : ".");
  for (size_t n = strlen(p->dir); n > 1 && p->dir[n - 1] == '/'; n--)
    p->dir[n - 1] = '\0';
  struct stat st;
  if (stat(p->dir, &st) != 0) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO, "cannot read folder '%s': %s", p->dir,
                       strerror(errno));
    return SP_ERR_IO;
  }
  if (!S_ISDIR(st.st_mode)) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "'%s' is not a folder; give the folder that holds the audio files", p->dir);
    return SP_ERR_USAGE;
  }
  p->recipe_path = recipe_path(p->dir, o->out);
  p->recipe_dir = sp_fs_parent(p->recipe_path);
  if (!printable_utf8(sp_base_name(p->recipe_path))) { /* its comment says its name */
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "'%s': the recipe's name is not UTF-8 text (or holds a control "
                       "character), which a recipe cannot hold; give -o a name without one",
                       p->recipe_path);
    return SP_ERR_USAGE;
  }
  if (stat(p->recipe_path, &st) == 0 && S_ISDIR(st.st_mode)) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "'%s' is a folder; give -o the recipe file's path", p->recipe_path);
    return SP_ERR_USAGE;
  }
  if (stat(p->recipe_path, &st) == 0 && !o->replace) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "'%s' already exists; use --force to replace it, or -o to write the "
                       "recipe elsewhere",
                       p->recipe_path);
    return SP_ERR_USAGE;
  }
  return SP_OK;
}

/* Whether the entry name is an audio file by its extension (io/fs/kind.h):
 * one that cannot be read is a stem the recipe would lack. */
static bool audio_named(const char *name)
{
  const sp_fs_kind *k = sp_fs_kind_named(name);
  return k && k->audio;
}

/* An audio file left out, with why, for the recipe's comment. */
static void left_out(sp_init_plan *p, size_t *cap, const char *file, const char *why)
{
  SP_GROW(p->unused, p->n_unused, *cap);
  p->unused[p->n_unused++] = (sp_init_unused){.file = sp_xstrdup(file), .why = sp_xstrdup(why)};
}

/* Open each file of the folder: p->files gets those that can be tracks or
 * impulse responses, in name order, each with the earlier file it is the
 * same file as (a link, a hard link), if any; the others are warned about,
 * and the audio files among them with nothing to play are p->unused. An
 * audio file (by its extension) that is there, or a link to nothing, and
 * cannot be read refuses the scan: a recipe without it would render a mix
 * without it. Every such file is said before it returns. */
/* Whether p's file k is a symbolic link. */
static bool a_link(const sp_init_plan *p, size_t k)
{
  char *path = join(p->dir, p->files[k].file);
  struct stat st;
  const bool link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
  free(path);
  return link;
}

/* Of the names of one file, the track is the first that is no link (a
 * link's name is the second one: `Kick (alias).wav -> Kick.wav`), else the
 * first: where the first is a link and a later one is not, the later is
 * the track, and the others are the same file as it. */
static void keep_not_a_link(sp_init_plan *p)
{
  for (size_t k = 0; k < p->n_files; k++) {
    if (p->files[k].same_as || !a_link(p, k))
      continue;
    const char *was = p->files[k].file;
    size_t j = k + 1;
    while (j < p->n_files && (p->files[j].same_as != was || a_link(p, j)))
      j++;
    if (j == p->n_files)
      continue;
    for (size_t m = k; m < p->n_files; m++)
      if (m == k || p->files[m].same_as == was)
        p->files[m].same_as = m == j ? NULL : p->files[j].file;
  }
}

static sp_err read_files(sp_init_plan *p, sp_diags *d)
{
  struct stat st;
  /* the recipe, where it is there: one of the files listed when it is the
   * same file (sp_fs_identity) */
  char *out_id = stat(p->recipe_path, &st) == 0 ? sp_fs_identity(p->recipe_path, NULL) : NULL;
  char **files;
  size_t n_files, unused_cap = 0, n_unreadable = 0;
  sp_err err = list_dir(p->dir, &files, &n_files, d);
  p->files = sp_xcalloc(n_files ? n_files : 1, sizeof *p->files);
  char **ids = sp_xcalloc(n_files ? n_files : 1, sizeof *ids); /* p->files[k]'s identity */
  for (size_t i = 0; err == SP_OK && i < n_files; i++) {
    char *path = join(p->dir, files[i]);
    char why[256] = "";
    sp_audio_info info;
    char *id = out_id ? sp_fs_identity(path, NULL) : NULL;
    const bool is_out = id && strcmp(id, out_id) == 0;
    free(id);
    const bool there = stat(path, &st) == 0;
    if (there && S_ISDIR(st.st_mode)) {
      /* subfolders (out/ among them) are not scanned; anything else is
       * opened as a source is (a FIFO, a device, a broken link: said) */
    } else if (sp_media_probe(p->media, path, &info, why, sizeof why) != SP_OK) {
      const bool audio = !is_out && audio_named(files[i]);
      if (audio && (!there || S_ISREG(st.st_mode))) {
        sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO, "%s: cannot read it: %s", path, why);
        n_unreadable++;
      } else if (!is_out) {
        sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK, "%s: skipped: %s", path, why);
        if (audio && printable_utf8(files[i]))
          left_out(p, &unused_cap, files[i], why);
      }
    } else if (is_out) {
      sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                         "'%s' is one of the audio files; write the recipe elsewhere (-o)",
                         p->recipe_path);
      err = SP_ERR_USAGE;
    } else if (!printable_utf8(files[i])) {
      sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK,
                         "%s: skipped: its name is not UTF-8 text (or holds a control "
                         "character), which a recipe cannot hold; rename it",
                         path);
    } else if (info.frames <= 0) {
      sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK, "%s: skipped: it holds no audio", path);
      left_out(p, &unused_cap, files[i], "it holds no audio");
    } else {
      sp_init_file *f = &p->files[p->n_files];
      *f = (sp_init_file){.file = sp_xstrdup(files[i]), .info = info};
      /* the same file reached twice (a link, a hard link): the first in
       * name order is the track, or the first that is no link
       * (keep_not_a_link) */
      ids[p->n_files] = p->media->identity(p->media, path);
      for (size_t k = 0; k < p->n_files && !f->same_as; k++)
        if (strcmp(ids[k], ids[p->n_files]) == 0)
          f->same_as = p->files[k].file;
      p->n_files++;
    }
    free(path);
  }
  keep_not_a_link(p);
  if (err == SP_OK && n_unreadable) {
    const char *them = n_unreadable == 1 ? "it" : "them";
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO,
                       "no recipe written: %zu audio file%s of '%s' cannot be read (above), and "
                       "a recipe without %s would render a mix without %s; make %s readable, or "
                       "move %s out of the folder",
                       n_unreadable, n_unreadable == 1 ? "" : "s", p->dir, them, them, them, them);
    err = SP_ERR_IO;
  }
  for (size_t k = 0; k < p->n_files; k++)
    free(ids[k]);
  free(ids);
  sp_free_strings(files, n_files);
  free(out_id);
  return err;
}

/* A track's place by its time reference, in seconds. */
static double time_ref_s(const sp_init_file *f)
{
  return (double)f->info.time_ref / f->info.sample_rate;
}

/* p's spot_first: the earliest track by its BWF time reference, where
 * every track has one and they differ. */
static void spot(sp_init_plan *p)
{
  const sp_init_file *first = NULL;
  bool differ = false;
  for (size_t i = 0; i < p->n_files; i++) {
    const sp_init_file *f = &p->files[i];
    if (!sp_init_is_track(f))
      continue;
    if (!f->info.time_ref_said)
      return;
    differ |= first && time_ref_s(f) != time_ref_s(first);
    if (!first || time_ref_s(f) < time_ref_s(first))
      first = f;
  }
  p->spot_first = differ ? first : NULL;
}

sp_err sp_init_scan(const sp_init_opts *o, sp_init_plan *p, sp_diags *d)
{
  sp_err err = locate(o, p, d);
  if (err == SP_OK)
    err = read_files(p, d);
  if (err != SP_OK)
    return err;

  for (size_t i = 0; i < p->n_files; i++) {
    sp_init_file *f = &p->files[i];
    if (f->same_as) {
      p->n_same++;
      continue;
    }
    char *base = init_file_words(f->file);
    if (sp_init_ir_name(base, f->ir_word)) {
      f->ir = init_seconds(f) <= SP_INIT_IR_MAX_S;
      f->ir_long = !f->ir;
    }
    f->mix_print = !f->ir && sp_init_mix_print_name(base, f->mix_word);
    free(base);
    if (f->info.channels > 2)
      f->layout = sp_init_file_layout(&f->info, &f->layout_by_count);
    p->n_tracks += sp_init_is_track(f);
    p->n_ir += f->ir;
    p->n_mix_prints += f->mix_print;
  }
  if (p->n_tracks == 0) {
    if (p->n_ir)
      sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO,
                         "no stem in '%s', only %s impulse response%s (by %s name%s); give the "
                         "folder of the exported stems",
                         p->dir, p->n_ir == 1 ? "an" : "the", p->n_ir == 1 ? "" : "s",
                         p->n_ir == 1 ? "its" : "their", p->n_ir == 1 ? "" : "s");
    else
      sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO,
                         "no %saudio file in '%s' (wav, flac, aiff, w64, ogg, ...); give the "
                         "folder of the exported stems",
                         p->n_files ? "mono, stereo or surround " : "", p->dir);
    return SP_ERR_IO;
  }

  /* Names in file order, so "Kick.wav" is kick and "kick.aif" kick_2. */
  init_names taken = {0};
  for (size_t i = 0; i < p->n_files; i++) {
    sp_init_file *f = &p->files[i];
    if (f->same_as)
      continue; /* no name of its own: no track */
    char *base = init_file_words(f->file);
    char *name = sp_init_track_name(base);
    f->name = init_unique_name(&taken, name);
    f->guess = sp_init_guess_group(base);
    free(name);
    free(base);
    p->used[f->guess.group] += sp_init_is_track(f);
    p->commented[f->guess.group] += sp_init_is_commented(f);
  }
  for (size_t g = 0; g < SP_INIT_GROUPS; g++) {
    bool clash = init_names_has(&taken, sp_init_group_names[g]);
    char *want = sp_xasprintf("%s%s", sp_init_group_names[g], clash ? "_bus" : "");
    p->bus[g] = init_unique_name(&taken, want);
    free(want);
  }
  init_names_fini(&taken);
  p->rate_hz = common_rate(p->files, p->n_files);
  /* The session's layout: the widest track's of more than two channels,
   * which its group bus and master take, so the file plays channel for
   * channel; mono and stereo buses play into its L and R. */
  for (size_t i = 0; i < p->n_files; i++) {
    const sp_init_file *f = &p->files[i];
    if (sp_init_is_track(f) && f->layout && (!p->layout || f->layout->n > p->layout->n)) {
      p->layout = f->layout;
      p->layout_file = f;
    }
  }
  for (size_t i = 0; i < p->n_files; i++)
    if (sp_init_is_track(&p->files[i]) && p->files[i].layout)
      p->wide[p->files[i].guess.group] = true;
  spot(p);
  return SP_OK;
}

sp_err sp_init_place(sp_init_plan *p, sp_diags *d)
{
  char *real_dir = realpath(p->dir, NULL);
  char *real_rdir = realpath(p->recipe_dir, NULL);
  sp_err err = SP_OK;
  if (!real_dir || !real_rdir) {
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_IO, "cannot resolve '%s': %s",
                       real_dir ? p->recipe_dir : p->dir, strerror(errno));
    err = SP_ERR_IO;
  } else {
    free(p->rel);
    p->rel = relative(real_rdir, real_dir);
  }
  free(real_dir);
  free(real_rdir);
  return err;
}

/* Measure the recipe text (as if it were the file at path) as `stemprint
 * check` does, with a render that writes nothing: the mix's sample and true
 * peak and the loudest stem, after master (whose chain is empty here). Reads
 * every file once. Returns the render's status; its problems go to d. */
static sp_err measure(const sp_media *media, const char *path, const char *body, sp_init_levels *lv,
                      sp_diags *d)
{
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  sp_render_result res = {0};
  sp_err err = sp_recipe_parse_string(path, body, &r, d);
  if (err == SP_OK)
    err = sp_graph_build(r, media, NULL, &g, d);
  if (err == SP_OK) {
    sp_render_opts o = {.measure_only = true, .loudness = true};
    err = sp_render(g, &o, &res, d);
  }
  if (err == SP_OK) {
    *lv = (sp_init_levels){.mix_dbfs = res.mix_loudness.sample_peak_dbfs,
                           .mix_dbtp = res.mix_loudness.true_peak_dbtp,
                           .stem_dbfs = -INFINITY};
    for (size_t l = 0; l < sp_graph_count(g, SP_GRAPH_LANES); l++) {
      double db = sp_lin_to_db(res.lane_peak[l]);
      const int s = sp_graph_lane_stem(g, l);
      if (s >= 0 && db > lv->stem_dbfs) {
        lv->stem_dbfs = db;
        snprintf(lv->stem, sizeof lv->stem, "%s", r->stems[s].name);
      }
    }
  }
  sp_render_result_fini(&res);
  sp_graph_free(g);
  sp_recipe_free(r);
  return err;
}

sp_err sp_init_recipe(sp_init_plan *p, char **text, sp_diags *d)
{
  /* Measure the recipe at unity, then write it with the trim it needs. */
  *text = NULL;
  p->trim_db = 0;
  char *body = sp_init_text(p);
  sp_err err = measure(p->media, p->recipe_path, body, &p->levels, d);
  if (err != SP_OK) {
    free(body);
    return err;
  }
  p->trim_db = sp_init_trim_db(&p->levels);
  if (p->trim_db < 0) {
    free(body);
    body = sp_init_text(p);
  }
  *text = body;
  return SP_OK;
}
