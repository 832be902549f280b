/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `stemprint render album.yaml`: an album recipe (docs/album.md).
 *
 *   album.yaml ──► its song recipes join the recipes render was given:
 *                  rendered by the same pool, through the cache
 *   after the pool ──► each song's mix (its recipe's graph names it) or
 *                      finished file, read at the album's rate (libsoxr
 *                      when another) ──► the timeline, the master in
 *                      float64 (core/album/album.h) ──► the master, the
 *                      tracks and the store sets (io/album/album_write.h)
 *                  ──► the album's and each track's loudness, true peak
 *                      and clipping said; --depfile: the album's rule */

#include "cmd/render.h"

#include "core/album/album.h"
#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/measure/meter.h"
#include "io/album/album_cd.h"
#include "io/album/album_check.h"
#include "io/album/cd.h"
#include "io/album/album_master.h"
#include "io/album/album_read.h"
#include "io/album/album_write.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/audio/stream.h"
#include "io/fs/fs.h"
#include "core/base/bytes.h"
#include "io/report/depfile.h"

#include <math.h>
#include "core/base/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The index in recipes of path: an album's song (of album) shares the job
 * of the same file given before (as a recipe, or as another album's
 * song), however its path is spelled (the same canonical path: links and
 * `..` resolved); a recipe given on the command line is a job of its own,
 * each time (render of the same recipe twice is refused: their outputs
 * collide), but for one an album given before it names as a song: that
 * song's job, named as given. */
static size_t recipe_index(sp_cmd_albums *a, const char *path, const char *album)
{
  char *real = realpath(path, NULL); /* NULL: not there; the render says so */
  /* an album's song is one job with the recipe given beside the album,
   * whichever comes first on the command line (given, it is read as given:
   * not song_only) */
  for (size_t i = 0; i < a->n_recipes; i++)
    if ((album || a->song_only[i]) &&
        (real && a->real[i] ? strcmp(a->real[i], real) == 0 : strcmp(a->recipes[i], path) == 0)) {
      if (!a->album[i])
        a->album[i] = album;
      if (!album) {
        a->song_only[i] = false;
        a->recipes[i] = path; /* as it was given */
      }
      free(real);
      return i;
    }
  const size_t cap = a->cap;
  SP_GROW(a->recipes, a->n_recipes, a->cap);
  if (a->cap != cap) {
    a->album = sp_xreallocarray(a->album, a->cap, sizeof *a->album);
    a->song_only = sp_xreallocarray(a->song_only, a->cap, sizeof *a->song_only);
    a->real = sp_xreallocarray(a->real, a->cap, sizeof *a->real);
  }
  a->recipes[a->n_recipes] = path;
  a->album[a->n_recipes] = album;
  a->song_only[a->n_recipes] = album != NULL;
  a->real[a->n_recipes] = real;
  return a->n_recipes++;
}

/* The album's inputs, files and folders, noted for the command's reports
 * (cmd/writes.c): a --junit, --report, --html or --depfile over any of
 * them, or inside a folder's records (.stemprint/), is refused before
 * anything is rendered. */
static void album_noted(const sp_cmd_album *al)
{
  const sp_album_spec *s = &al->spec;
  char *what = sp_xasprintf("a file the album %s reads", s->file);
  sp_cli_reads_add(s->file, "the album recipe this command reads");
  for (size_t k = 0; k < s->n_songs; k++)
    sp_cli_reads_add(s->songs[k].recipe ? s->songs[k].recipe : s->songs[k].file, what);
  if (s->cover)
    sp_cli_reads_add(s->cover, what);
  free(what);
  for (size_t k = 0; k < al->paths.n; k++)
    sp_cli_prints_add(al->paths.files[k].path, s->file);
  for (size_t f = 0; f < 1 + al->paths.n_sets; f++) /* output.dir, each set's folder */
    sp_cli_folders_add(al->paths.folders[f]);
}


/* Two albums of one command that write one file (two albums into one
 * folder with -o, each's master master.wav): the second would replace the
 * first's. Said before anything is rendered; SP_ERR_USAGE. */
static int albums_apart(const sp_cmd_albums *a)
{
  for (size_t i = 0; i < a->n; i++)
    for (size_t j = 0; j < i; j++) {
      if (a->v[i].status != SP_OK || a->v[j].status != SP_OK)
        continue;
      for (size_t k = 0; k < a->v[i].paths.n; k++) {
        char *x = sp_fs_place(a->v[i].paths.files[k].path);
        bool clash = false;
        for (size_t q = 0; q < a->v[j].paths.n && !clash; q++) {
          char *y = sp_fs_place(a->v[j].paths.files[q].path);
          clash = strcasecmp(x, y) == 0;
          free(y);
        }
        free(x);
        if (clash) {
          sp_diag_line(stderr,
                       "stemprint: error: %s: it would write '%s', which the album %s writes "
                       "too; give each album a folder of its own (-o 'out/{recipe}', or "
                       "output.dir)",
                       a->v[i].spec.file, a->v[i].paths.files[k].path, a->v[j].spec.file);
          return SP_ERR_USAGE;
        }
      }
    }
  return SP_OK;
}

int sp_cmd_album_expand(const char *const *in, size_t n, const char *out_dir,
                        const sp_graph_opts *gopts, const sp_arg_list *sets, sp_cmd_albums *a)
{
  *a = (sp_cmd_albums){0};
  int status = SP_OK;
  for (size_t i = 0; i < n; i++) {
    if (!sp_album_file_is(in[i])) {
      recipe_index(a, in[i], NULL);
      continue;
    }
    a->v = sp_xreallocarray(a->v, a->n + 1, sizeof *a->v);
    sp_cmd_album *al = &a->v[a->n++];
    *al = (sp_cmd_album){0};
    sp_diags d;
    sp_diags_init(&d);
    sp_err err = sp_album_read(in[i], sets->v, sets->n, &al->spec, &d);
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
    if (err == SP_OK && out_dir) { /* -o: as each recipe's, {recipe} the album's base name */
      free(al->spec.dir);
      al->spec.dir = sp_name_expand(out_dir, &(sp_name_vars){.recipe = al->spec.base});
    }
    if (err == SP_OK) { /* held inside --confine's folders, then its cover read */
      sp_diags_init(&d);
      err = sp_album_confined(&al->spec, gopts, out_dir != NULL, &d);
      if (err == SP_OK)
        err = sp_album_cover_check(&al->spec, &d);
      sp_diags_print(&d, stderr);
      sp_diags_fini(&d);
    }
    al->status = err;
    if (err != SP_OK) {
      status = (int)err > status ? (int)err : status;
      continue;
    }
    sp_album_paths_make(&al->spec, &al->paths);
    album_noted(al);
    al->job = sp_xcalloc(al->spec.n_songs ? al->spec.n_songs : 1, sizeof *al->job);
    for (size_t k = 0; k < al->spec.n_songs; k++)
      al->job[k] =
          al->spec.songs[k].recipe ? recipe_index(a, al->spec.songs[k].recipe, al->spec.file)
                                  : SIZE_MAX;
  }
  const int apart = albums_apart(a);
  return apart > status ? apart : status;
}

void sp_cmd_albums_fini(sp_cmd_albums *a)
{
  for (size_t i = 0; i < a->n; i++) {
    sp_cmd_album *al = &a->v[i];
    sp_album_spec_fini(&al->spec);
    sp_album_paths_fini(&al->paths);
    sp_album_made_fini(&al->made);
    free(al->job);
    free(al->deps);
    free(al->targets);
    for (size_t k = 0; k < al->n_checks; k++) {
      free(al->checks[k].name);
      free(al->checks[k].file);
      free(al->checks[k].key);
      free(al->checks[k].text);
    }
    free(al->checks);
  }
  free(a->v);
  free(a->recipes);
  free(a->album);
  free(a->song_only);
  for (size_t i = 0; i < a->n_recipes; i++)
    free(a->real[i]);
  free(a->real);
  *a = (sp_cmd_albums){0};
}

/* One song as the album reads it: its file, length and channels at the
 * album's rate and their speakers (its file's channel mask: its audio
 * info's) (its frames are read as the master is made:
 * io/album/album_master.h). */
typedef struct song_audio {
  char *path; /* what is read: the mix, or the finished file */
  int channels;
  int64_t frames;
  uint32_t mask;
} song_audio;

/* The mix its recipe's render printed; its inputs into deps (a depfile's
 * prerequisites) when deps is not NULL. NULL with a message when the
 * recipe did not render. */
static char *song_mix(job *j, const options *o, FILE *deps, char *why, size_t why_size)
{
  if (j->status != SP_OK && j->status != SP_ERR_CHECK) {
    snprintf(why, why_size, "its recipe '%s' did not render (exit %d; said above)", j->path,
             j->status);
    return NULL;
  }
  sp_graph *g = NULL;
  sp_diags d;
  sp_diags_init(&d);
  char *mix = NULL;
  /* Its render let go of the recipe: read again (not rendered again). */
  sp_cli_recipe_fini(&j->in);
  j->read = false;
  sp_cmd_render_read(j, o);
  if (j->in.r && sp_cmd_render_build(j, o, false, &g, &d) == SP_OK) {
    for (size_t i = 0; i < sp_graph_count(g, SP_GRAPH_OUTPUTS); i++)
      if (sp_graph_output(g, i)->kind == SP_OUT_MIX && !mix)
        mix = sp_xstrdup(sp_graph_output(g, i)->path);
    if (deps)
      sp_depfile_inputs(g, deps, NULL); /* their empty rules: its song's rule's */
  }
  if (!mix)
    snprintf(why, why_size, "its recipe '%s' prints no mix", j->path);
  sp_graph_free(g);
  sp_diags_fini(&d);
  return mix;
}

/* Song s's file at rate: its length and channels. */
static sp_err song_look(double rate, song_audio *s, char *why, size_t why_size)
{
  sp_source *src = NULL;
  sp_err err = sp_stream_open(s->path, rate, 0, &src, why, why_size);
  if (err != SP_OK)
    return err;
  s->channels = src->channels;
  s->frames = src->frames;
  src->ops->close(src);
  return SP_OK;
}

static void song_free(song_audio *s)
{
  free(s->path);
  *s = (song_audio){0};
}

static void say_time(FILE *f, int64_t frames, int rate)
{
  const double s = (double)frames / rate;
  fprintf(f, "%d:%06.3f", (int)(s / 60), fmod(s, 60.0));
}

/* A level v by fmt after its tag (fmt[0]: 'L' a loudness, 'R' a range,
 * else a true peak). */
static void say_level(FILE *f, const char *fmt, double v)
{
  if (isnan(v)) /* none measured (shorter than the meter's 400 ms block): "-", as a render says */
    fprintf(f, fmt[0] == 'L' ? "  - LUFS" : fmt[0] == 'R' ? "  LRA - LU" : "  - dBTP");
  else if (isinf(v))
    fprintf(f, fmt[0] == 'L' ? "  -inf LUFS" : "  -inf dBTP");
  else
    fprintf(f, fmt + 1, v);
}

/* A song's problem said at the song (its recipe's place, or the --set's
 * that wrote it). */
static void song_error(const sp_album_spec *s, const sp_album_entry *e, const char *why)
{
  if (e->pos.pos.line > 0)
    sp_diag_line(stderr, "stemprint: error: %s:%d:%d: %s: %s", sp_album_place_file(s, e->pos),
                 e->pos.pos.line, e->pos.pos.col, e->key, why);
  else
    sp_diag_line(stderr, "stemprint: error: %s: %s: %s", sp_album_place_file(s, e->pos), e->key,
                 why);
}

/* A verdict of the album's, kept for the reports (--report, --junit,
 * --html) as it is said. */
static void add_check(sp_cmd_album *al, const char *name, const char *file, const char *key,
                      sp_pos at, bool passed, const char *text)
{
  al->checks = sp_xreallocarray(al->checks, al->n_checks + 1, sizeof *al->checks);
  al->checks[al->n_checks++] = (sp_cmd_album_check){.name = sp_xstrdup(name),
                                                    .file = sp_xstrdup(file),
                                                    .key = sp_xstrdup(key),
                                                    .at = at,
                                                    .passed = passed,
                                                    .text = sp_xstrdup(text)};
}

/* A check of the rule at key (its sub key, at at) failed: said on stderr
 * at the album recipe's place, the line's words and the fix. */
static void failed(const sp_cmd_album *al, const char *key, const char *sub, sp_pos at,
                   const char *line, const char *fix)
{
  char *file = sp_diag_escape(al->spec.file);
  if (at.line > 0)
    sp_diag_line(stderr, "stemprint: error: %s:%d:%d: %s.%s: check failed: %s%s", file, at.line,
                 at.col, key, sub, line, fix);
  else
    sp_diag_line(stderr, "stemprint: error: %s: %s.%s: check failed: %s%s", file, key, sub, line,
                 fix);
  free(file);
}

/* A loudness rule (at key, at) held against what it rules: the album's
 * integrated loudness (programme) and each file's true peak; each miss said
 * on stderr, each pass on out, each kept (add_check). SP_ERR_CHECK when
 * one missed. */
static int rule_check(sp_cmd_album *al, const sp_loudness_rule *rule, const char *key, sp_pos at,
                      const char *what, const sp_loudness *programme, int rate,
                      const sp_loudness *files, char *const *paths, size_t n, FILE *out, bool quiet)
{
  if (!rule->on)
    return SP_OK;
  int status = SP_OK;
  char *w = sp_diag_escape(what), line[1024];
  if (rule->has_target) {
    const double d = programme->integrated_lufs - rule->target_lufs;
    const bool ok = sp_loudness_passes(rule, programme->integrated_lufs),
               most = sp_loudness_ceiling(rule);
    /* none measured: too short for a gating block (its length said, as a
     * recipe's mix says it), else silence */
    char *brief = isnan(d) ? sp_loudness_too_short(w, programme->frames, rate) : NULL;
    if (brief)
      snprintf(line, sizeof line,
               "loudness: %s, target %.1f LUFS; lengthen the songs to that together, or judge "
               "the album by a ceiling alone (%s: {max_true_peak: -1 dBTP}) or none",
               brief, rule->target_lufs, key);
    else if (isnan(d))
      snprintf(line, sizeof line,
               "loudness: %s has no measurable loudness (silence), target %.1f LUFS; nothing "
               "reaches the master: see that the songs are heard",
               w, rule->target_lufs);
    else {
      const int dec = most && ok ? 1
                                 : sp_loudness_decimals(programme->integrated_lufs,
                                                        rule->target_lufs, rule->tolerance_lu);
      char band[48];
      sp_loudness_band(band, sizeof band, rule->target_lufs, most ? NAN : rule->tolerance_lu);
      snprintf(line, sizeof line, "loudness: %s integrated %.*f LUFS, %s (%+.*f LU)", w, dec,
               programme->integrated_lufs, band, dec, d);
    }
    free(brief);
    if (ok && !quiet)
      fprintf(out, "  check passed: %s\n", line);
    else if (!ok) { /* at the rule's key, with how far to move (review 30 F4: no place nor fix) */
      char fix[160] = "";
      if (!isnan(d))
        snprintf(fix, sizeof fix,
                 "; move the songs together by %+.1f dB (their recipes' master gain, or their "
                 "files' levels)",
                 -d);
      failed(al, key, "target", at, line, fix);
    }
    add_check(al, "loudness.integrated", what, key, at, ok, line);
    status = ok ? status : SP_ERR_CHECK;
  }
  for (size_t k = 0; rule->has_max_true_peak && k < n; k++) {
    const bool ok = !(files[k].true_peak_dbtp > rule->max_true_peak_dbtp);
    char *p = sp_diag_escape(paths[k]);
    snprintf(line, sizeof line, "true peak: %s %.2f dBTP, max %.2f dBTP", p,
             files[k].true_peak_dbtp, rule->max_true_peak_dbtp);
    if (ok && !quiet)
      fprintf(out, "  check passed: %s\n", line);
    else if (!ok)
      failed(al, key, "max_true_peak", at, line,
             "; lower the songs' peaks (a limiter last on each)");
    add_check(al, "loudness.true_peak", paths[k], key, at, ok, line);
    free(p);
    status = ok ? status : SP_ERR_CHECK;
  }
  free(w);
  return status;
}

/* What the album printed, on the command's output (sp_cli_out); its status (1: it clipped). */
static int album_say(sp_cmd_album *al, const sp_album_timeline *t, const sp_album_made *m,
                     bool quiet)
{
  const sp_album_spec *s = &al->spec;
  int status = SP_OK;
  FILE *out = sp_cli_out();
  if (!quiet) {
    fprintf(out, "%s: %zu songs, ", s->file, t->n_tracks);
    say_time(out, t->frames, t->rate);
    fprintf(out, " at %d Hz, %s %s\n", t->rate, sp_depth_words(s->depth), sp_format_ext(s->format));
    fprintf(out, "  master  %s", m->master);
    say_level(out, "L  %.1f LUFS", m->album.integrated_lufs);
    say_level(out, "R  LRA %.1f LU", m->album.range_lu);
    say_level(out, "T  %.1f dBTP", m->album.true_peak_dbtp);
    fprintf(out, "\n");
    for (size_t k = 0; k < t->n_tracks; k++) {
      const sp_album_track *tr = &t->tracks[k];
      fprintf(out, "  %02zu  ", k + 1);
      say_time(out, tr->start, t->rate);
      fprintf(out, "  ");
      say_time(out, tr->end - tr->start, t->rate);
      fprintf(out, "  %s", m->tracks[k]);
      say_level(out, "L  %.1f LUFS", m->track[k].integrated_lufs);
      say_level(out, "T  %.1f dBTP", m->track[k].true_peak_dbtp);
      fprintf(out, "\n");
    }
    for (size_t e = 0; e < m->n_sets; e++) {
      double tp = -INFINITY;
      for (size_t k = 0; k < t->n_tracks; k++)
        tp = m->set_track[e][k].true_peak_dbtp > tp ? m->set_track[e][k].true_peak_dbtp : tp;
      const sp_album_set *set = &s->sets[e];
      const sp_depth d = set->depth ? set->depth : s->depth;
      fprintf(out, "  %s  %zu tracks in %s/%s, %s%s, as decoded", sp_format_ext(set->format),
              t->n_tracks, s->dir, set->name,
              sp_format_lossy(set->format) ? "encoded from the master's floats"
              : d == s->depth              ? "the master's samples"
              : s->dither                  ? "dithered to "
                                           : "rounded to ",
              !sp_format_lossy(set->format) && d != s->depth ? sp_depth_words(d) : "");
      say_level(out, "L  %.1f LUFS", m->set_album[e].integrated_lufs);
      say_level(out, "T  %.1f dBTP", tp);
      fprintf(out, "\n");
    }
    fflush(out);
  }
  /* the ceiling holds the master and each track file a store receives
   * (review 25 F6: the tracks' cut edges, -0.4 dBTP under a -1 dBTP rule,
   * went unjudged), as the sets' track files are held */
  sp_loudness *files = sp_xcalloc(m->n_tracks + 1, sizeof *files);
  char **paths = sp_xcalloc(m->n_tracks + 1, sizeof *paths);
  files[0] = m->album;
  paths[0] = m->master;
  for (size_t k = 0; m->track && m->tracks && k < m->n_tracks; k++) {
    files[1 + k] = m->track[k];
    paths[1 + k] = m->tracks[k];
  }
  const size_t n_files = 1 + (m->track && m->tracks ? m->n_tracks : 0);
  const int master_st = rule_check(al, &s->loudness, "output.loudness",
                                   s->output_at[SP_KEY_ALBUM_OUTPUT_LOUDNESS].pos, m->master,
                                   &m->album, t->rate, files, paths, n_files, out, quiet);
  free(files);
  free(paths);
  status = master_st > status ? master_st : status;
  for (size_t e = 0; e < m->n_sets; e++) {
    char *what = sp_xasprintf("%s/%s", s->dir, s->sets[e].name);
    char key[64];
    snprintf(key, sizeof key, "output.also[%zu].loudness", e);
    const int st =
        rule_check(al, &s->sets[e].loudness, key, s->sets[e].at.pos, what, &m->set_album[e],
                   t->rate, m->set_track[e], m->set_files[e], m->n_tracks, out, quiet);
    status = st > status ? st : status;
    free(what);
  }
  fflush(out);
  char *f = sp_diag_escape(m->master), line[1024];
  snprintf(line, sizeof line, "clipping: %lld sample%s at full scale", (long long)m->clipped,
           m->clipped == 1 ? "" : "s");
  add_check(al, "clipping", m->master, "output", (sp_pos){0, 0}, m->clipped == 0, line);
  if (m->clipped > 0) {
    fprintf(stderr,
            "stemprint: error: %s: check clipping: %lld sample%s at full scale; lower the "
            "songs' levels or the album's\n",
            f, (long long)m->clipped, m->clipped == 1 ? "" : "s");
    status = SP_ERR_CHECK;
  }
  if (m->album.true_peak_dbtp > 0.0)
    fprintf(stderr,
            "stemprint: warning: %s: true peak %.1f dBTP: inter-sample peaks over full "
            "scale\n",
            f, m->album.true_peak_dbtp);
  free(f);
  return status;
}

/* The songs' audio: each recipe's mix or finished file, read at the
 * album's rate (the first song's when the album names none). */
static sp_err songs_read(sp_cmd_album *al, pool *p, const options *o, FILE *deps, song_audio *au,
                         double *rate)
{
  const sp_album_spec *s = &al->spec;
  char why[1024];
  sp_err err = SP_OK;
  *rate = s->rate;
  for (size_t k = 0; k < s->n_songs && err == SP_OK; k++) {
    const sp_album_entry *e = &s->songs[k];
    au[k].path =
        e->recipe ? song_mix(&p->jobs[al->job[k]], o, deps, why, sizeof why) : sp_xstrdup(e->file);
    if (e->file && deps) {
      fputs(" \\\n  ", deps);
      sp_fs_make_escape(deps, e->file, false);
    }
    if (!au[k].path) {
      song_error(s, e, why);
      /* a song that did not render: its exit (a recipe error is 2, as
       * check says it), not "the render failed" for the album */
      const int st = e->recipe ? p->jobs[al->job[k]].status : SP_OK;
      return st != SP_OK && st != SP_ERR_CHECK ? (sp_err)st : SP_ERR_RENDER;
    }
    sp_reader *r = NULL;
    sp_audio_info info;
    if ((err = sp_audio_open(au[k].path, &r, &info, why, sizeof why)) == SP_OK) {
      *rate = *rate == 0 ? info.sample_rate : *rate;
      au[k].mask = info.mask;
      r->ops->close(r);
    }
    if (err == SP_OK)
      err = song_look(*rate, &au[k], why, sizeof why);
    if (err != SP_OK)
      song_error(s, e, why);
  }
  return err;
}

/* The files an album printed, as a depfile's targets (heap). */
static char *album_targets(const sp_album_paths *p)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t k = 0; k < p->n; k++) {
    if (k)
      fputc(' ', f);
    sp_fs_make_escape(f, p->files[k].path, true);
  }
  fclose(f);
  return text;
}

/* What the CD image said once the album landed: its line, its clipping. */
static int album_cd_say(sp_cmd_album *al, const sp_album_made *m, size_t n_tracks, bool quiet)
{
  const sp_album_spec *s = &al->spec;
  if (!s->cd)
    return SP_OK;
  char *base = sp_xasprintf("%s/%s", s->dir, s->cd), msf[16], line[256];
  char *bin = sp_xasprintf("%s.bin", base);
  sp_cd_msf(m->cd.sectors, msf);
  if (!quiet) {
    fprintf(sp_cli_out(), "  cd  %s.bin .cue .toc  %zu tracks, %s", base, n_tracks, msf);
    say_level(sp_cli_out(), "L  %.1f LUFS", m->cd.loudness.integrated_lufs);
    say_level(sp_cli_out(), "T  %.1f dBTP", m->cd.loudness.true_peak_dbtp);
    fprintf(sp_cli_out(), "\n");
    fflush(sp_cli_out());
  }
  /* the album's rule held to the BIN too: the master resampled to 44.1 kHz
   * and dithered to 16 bits, its true peak moved from the master's */
  int status = rule_check(al, &s->loudness, "output.loudness",
                          s->output_at[SP_KEY_ALBUM_OUTPUT_LOUDNESS].pos, bin, &m->cd.loudness,
                          SP_CD_RATE_HZ, &m->cd.loudness, &bin, 1, sp_cli_out(), quiet);
  snprintf(line, sizeof line, "clipping: %lld sample%s at full scale", (long long)m->cd.clipped,
           m->cd.clipped == 1 ? "" : "s");
  add_check(al, "clipping", bin, "output.cd", s->cd_at.pos, m->cd.clipped == 0, line);
  if (m->cd.clipped > 0) {
    char *f = sp_diag_escape(base);
    fprintf(stderr,
            "stemprint: error: %s.bin: check clipping: %lld sample%s at full scale; lower "
            "the songs' levels or the album's\n",
            f, (long long)m->cd.clipped, m->cd.clipped == 1 ? "" : "s");
    free(f);
    status = SP_ERR_CHECK;
  }
  free(bin);
  free(base);
  return status;
}

/* One album made: its songs read, laid out, summed and written. */
static int album_make(sp_cmd_album *al, pool *p, const options *o,
                      const volatile sig_atomic_t *cancel)
{
  const sp_album_spec *s = &al->spec;
  const size_t N = s->n_songs;
  if (cancel && *cancel) {
    sp_diag_line(stderr,
                 "stemprint: error: %s: interrupted before the album was made; nothing of it was "
                 "written",
                 s->file);
    return SP_ERR_RENDER;
  }
  const double began = sp_now_s();
  song_audio *au = sp_xcalloc(N, sizeof *au);
  char *deps_text = NULL;
  size_t deps_len = 0;
  FILE *deps = open_memstream(&deps_text, &deps_len);
  fputs(" \\\n  ", deps);
  sp_fs_make_escape(deps, s->file, false);
  if (s->cover) {
    fputs(" \\\n  ", deps);
    sp_fs_make_escape(deps, s->cover, false);
  }
  double rate = 0;
  sp_err err = songs_read(al, p, o, deps, au, &rate);
  fclose(deps);
  sp_album_laid laid = {0};
  sp_album_made made = {0};
  int status = err;
  if (err == SP_OK) { /* the album's one validator, as check runs it */
    sp_album_length *len = sp_xcalloc(N, sizeof *len);
    for (size_t k = 0; k < N; k++)
      len[k] = (sp_album_length){
          .frames = au[k].frames, .rate = rate, .channels = au[k].channels, .mask = au[k].mask};
    sp_diags d;
    sp_diags_init(&d);
    status = sp_album_check(s, len, &d, &laid);
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
    free(len);
  }
  const sp_album_timeline t = laid.t;
  const sp_album_song *songs = laid.songs;
  const int64_t *frames = laid.frames;
  if (status == SP_OK) {
    char why[1024];
    char **paths = sp_xcalloc(N ? N : 1, sizeof *paths);
    int *chans = sp_xcalloc(N ? N : 1, sizeof *chans);
    for (size_t k = 0; k < N; k++)
      paths[k] = au[k].path, chans[k] = au[k].channels;
    /* the master made as it is written: a few blocks per song in memory */
    sp_album_master *master =
        sp_album_master_new(&t, songs, (const char *const *)paths, frames, chans);
    sp_cd_disc disc; /* the CD image made in the same pass, from the master's codes */
    if (s->cd)
      sp_album_cd_disc(s, &t, &disc);
    const sp_album_write_opts wo = {.cancel = cancel, .force = o->force};
    err = sp_album_write(s, &al->paths, &t, master, s->cd ? &disc : NULL, &wo, &made, why,
                         sizeof why);
    sp_album_master_free(master);
    if (s->cd)
      sp_album_cd_fini(&disc);
    free(paths);
    free(chans);
    if (err != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s: %s", s->file, why);
      status = err;
    } else {
      status = album_say(al, &t, &made, o->quiet);
      const int cd_st = album_cd_say(al, &made, t.n_tracks, o->quiet);
      status = cd_st > status ? cd_st : status;
      al->deps = deps_text, deps_text = NULL;
      al->targets = album_targets(&al->paths);
      al->landed = true;
      al->made = made;
      made = (sp_album_made){0};
    }
  }
  for (size_t k = 0; k < N; k++)
    song_free(&au[k]);
  free(au);
  free(deps_text);
  sp_album_made_fini(&made);
  sp_album_laid_fini(&laid);
  al->seconds = sp_now_s() - began;
  return status;
}

int sp_cmd_album_make(sp_cmd_albums *a, pool *p, const options *o,
                      const volatile sig_atomic_t *cancel, int status)
{
  if (o->dry_run)
    return status;
  for (size_t i = 0; i < a->n; i++) {
    sp_cmd_album *al = &a->v[i];
    if (al->status != SP_OK) /* refused when it was read */
      continue;
    al->status = album_make(al, p, o, cancel);
    status = al->status > status ? al->status : status;
  }
  return status;
}
