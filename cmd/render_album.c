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
#include "io/album/album_cd.h"
#include "io/album/cd.h"
#include "io/album/album_master.h"
#include "io/album/album_read.h"
#include "io/album/album_write.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/audio/stream.h"
#include "io/fs/fs.h"
#include "io/report/depfile.h"

#include <math.h>
#include "core/base/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The index in recipes of path: an album's song (of album) shares the job
 * of the same file given before (as a recipe, or as another album's
 * song), however its path is spelled (the same canonical path: links and
 * `..` resolved); a recipe given on the command line is a job of its own,
 * each time (render of the same recipe twice is refused: their outputs
 * collide). */
static size_t recipe_index(sp_cmd_albums *a, const char *path, const char *album)
{
  char *real = realpath(path, NULL); /* NULL: not there; the render says so */
  for (size_t i = 0; album && i < a->n_recipes; i++)
    if (real && a->real[i] ? strcmp(a->real[i], real) == 0 : strcmp(a->recipes[i], path) == 0) {
      if (!a->album[i])
        a->album[i] = album;
      free(real);
      return i;
    }
  const size_t cap = a->cap;
  SP_GROW(a->recipes, a->n_recipes, a->cap);
  if (a->cap != cap) {
    a->album = sp_xreallocarray(a->album, a->cap, sizeof *a->album);
    a->real = sp_xreallocarray(a->real, a->cap, sizeof *a->real);
  }
  a->recipes[a->n_recipes] = path;
  a->album[a->n_recipes] = album;
  a->real[a->n_recipes] = real;
  return a->n_recipes++;
}

int sp_cmd_album_expand(const char *const *in, size_t n, const char *out_dir, sp_cmd_albums *a)
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
    const sp_err err = sp_album_read(in[i], &al->spec, &d);
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
    if (err != SP_OK) {
      status = (int)err > status ? (int)err : status;
      continue;
    }
    if (out_dir) { /* -o: as each recipe's, {recipe} the album's base name */
      free(al->spec.dir);
      al->spec.dir = sp_name_expand(out_dir, &(sp_name_vars){.recipe = al->spec.base});
    }
    al->job = sp_xcalloc(al->spec.n_songs ? al->spec.n_songs : 1, sizeof *al->job);
    for (size_t k = 0; k < al->spec.n_songs; k++)
      al->job[k] =
          al->spec.songs[k].recipe ? recipe_index(a, al->spec.songs[k].recipe, al->spec.file)
                                  : SIZE_MAX;
  }
  return status;
}

void sp_cmd_albums_fini(sp_cmd_albums *a)
{
  for (size_t i = 0; i < a->n; i++) {
    sp_album_spec_fini(&a->v[i].spec);
    free(a->v[i].job);
    free(a->v[i].deps);
    free(a->v[i].targets);
  }
  free(a->v);
  free(a->recipes);
  free(a->album);
  for (size_t i = 0; i < a->n_recipes; i++)
    free(a->real[i]);
  free(a->real);
  *a = (sp_cmd_albums){0};
}

/* One song as the album reads it: its file, length and channels at the
 * album's rate (its frames are read as the master is made:
 * io/album/album_master.h). */
typedef struct song_audio {
  char *path; /* what is read: the mix, or the finished file */
  int channels;
  int64_t frames;
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
      sp_depfile_inputs(g, deps);
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

static void say_level(FILE *f, const char *fmt, double v)
{
  if (isinf(v))
    fprintf(f, fmt[0] == 'L' ? "  -inf LUFS" : "  -inf dBTP");
  else
    fprintf(f, fmt + 1, v);
}

/* A loudness rule held against what it rules: the album's integrated
 * loudness (programme) and each file's true peak; each miss said on
 * stderr, each pass on out. SP_ERR_CHECK when one missed. */
static int rule_check(const sp_loudness_rule *rule, const char *what, const sp_loudness *programme,
                      const sp_loudness *files, char *const *paths, size_t n, FILE *out, bool quiet)
{
  if (!rule->on)
    return SP_OK;
  int status = SP_OK;
  char *w = sp_diag_escape(what);
  if (rule->has_target) {
    const double d = programme->integrated_lufs - rule->target_lufs;
    const bool ok = fabs(d) <= rule->tolerance_lu + 1e-9;
    if (!ok || !quiet)
      fprintf(ok ? out : stderr,
              "%s: loudness: %s integrated %.1f LUFS, target %.1f LUFS ± %.1f LU (%+.1f LU)\n",
              ok ? "  check passed" : "stemprint: error: check failed", w,
              programme->integrated_lufs, rule->target_lufs, rule->tolerance_lu, d);
    status = ok ? status : SP_ERR_CHECK;
  }
  for (size_t k = 0; rule->has_max_true_peak && k < n; k++) {
    const bool ok = !(files[k].true_peak_dbtp > rule->max_true_peak_dbtp);
    char *p = sp_diag_escape(paths[k]);
    if (!ok || !quiet)
      fprintf(ok ? out : stderr, "%s: true peak: %s %.2f dBTP, max %.2f dBTP\n",
              ok ? "  check passed" : "stemprint: error: check failed", p, files[k].true_peak_dbtp,
              rule->max_true_peak_dbtp);
    free(p);
    status = ok ? status : SP_ERR_CHECK;
  }
  free(w);
  return status;
}

/* What the album printed, on the command's output (sp_cli_out); its status (1: it clipped). */
static int album_say(const sp_cmd_album *al, const sp_album_timeline *t, const sp_album_made *m,
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
    fprintf(out, "  LRA %.1f LU", m->album.range_lu);
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
      fprintf(out, "  %s  %zu tracks in %s/%s, as decoded", sp_format_ext(s->sets[e].format),
              t->n_tracks, s->dir, s->sets[e].name);
      say_level(out, "L  %.1f LUFS", m->set_album[e].integrated_lufs);
      say_level(out, "T  %.1f dBTP", tp);
      fprintf(out, "\n");
    }
    fflush(out);
  }
  const int master_st =
      rule_check(&s->loudness, m->master, &m->album, &m->album, &m->master, 1, out, quiet);
  status = master_st > status ? master_st : status;
  for (size_t e = 0; e < m->n_sets; e++) {
    char *what = sp_xasprintf("%s/%s", s->dir, s->sets[e].name);
    const int st = rule_check(&s->sets[e].loudness, what, &m->set_album[e], m->set_track[e],
                              m->set_files[e], m->n_tracks, out, quiet);
    status = st > status ? st : status;
    free(what);
  }
  fflush(out);
  if (m->clipped > 0) {
    char *f = sp_diag_escape(m->master);
    fprintf(stderr,
            "stemprint: error: %s: check clipping: %lld sample%s at full scale; lower the "
            "songs' levels or the album's\n",
            f, (long long)m->clipped, m->clipped == 1 ? "" : "s");
    free(f);
    status = SP_ERR_CHECK;
  }
  if (m->album.true_peak_dbtp > 0.0) {
    char *f = sp_diag_escape(m->master);
    fprintf(stderr,
            "stemprint: warning: %s: true peak %.1f dBTP: inter-sample peaks over full "
            "scale\n",
            f, m->album.true_peak_dbtp);
    free(f);
  }
  return status;
}

/* The songs' audio: each recipe's mix or finished file, read at the
 * album's rate (the first song's when the album names none). */
static sp_err songs_read(sp_cmd_album *al, pool *p, const options *o, FILE *deps, song_audio *au,
                         double *rate, int *channels)
{
  const sp_album_spec *s = &al->spec;
  char why[1024];
  sp_err err = SP_OK;
  *rate = s->rate;
  *channels = 1;
  for (size_t k = 0; k < s->n_songs && err == SP_OK; k++) {
    const sp_album_entry *e = &s->songs[k];
    au[k].path =
        e->recipe ? song_mix(&p->jobs[al->job[k]], o, deps, why, sizeof why) : sp_xstrdup(e->file);
    if (e->file && deps) {
      fputs(" \\\n  ", deps);
      sp_fs_make_escape(deps, e->file);
    }
    if (!au[k].path) {
      sp_diag_line(stderr, "stemprint: error: %s:%d:%d: %s: %s", s->file, e->pos.line, e->pos.col,
                   e->key, why);
      return SP_ERR_RENDER;
    }
    if (*rate == 0) {
      sp_reader *r = NULL;
      sp_audio_info info;
      if ((err = sp_audio_open(au[k].path, &r, &info, why, sizeof why)) == SP_OK) {
        *rate = info.sample_rate;
        r->ops->close(r);
      }
    }
    if (err == SP_OK)
      err = song_look(*rate, &au[k], why, sizeof why);
    if (err != SP_OK)
      sp_diag_line(stderr, "stemprint: error: %s:%d:%d: %s: %s", s->file, e->pos.line, e->pos.col,
                   e->key, why);
    *channels = au[k].channels > *channels ? au[k].channels : *channels;
  }
  for (size_t k = 0; k < s->n_songs && err == SP_OK; k++)
    if (au[k].channels != 1 && au[k].channels != *channels) {
      const sp_album_entry *e = &s->songs[k];
      sp_diag_line(stderr,
                   "stemprint: error: %s:%d:%d: %s: %d channels, where the album has %d; give "
                   "every song the album's channels (or one: it plays on every channel)",
                   s->file, e->pos.line, e->pos.col, e->key, au[k].channels, *channels);
      err = SP_ERR_USAGE;
    }
  return err;
}

/* The album's CD image (output.cd): its Red Book rules held first, each
 * broken one said at its key (SP_ERR_USAGE), before any file is written. */
static int album_cd_check(const sp_album_spec *s, const sp_album_timeline *t)
{
  if (!s->cd)
    return SP_OK;
  sp_cd_disc disc;
  sp_album_cd_disc(s, t, &disc);
  sp_diags d;
  sp_diags_init(&d);
  const int status = sp_album_cd_check(s, &disc, &d) > 0 ? SP_ERR_USAGE : SP_OK;
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  sp_album_cd_fini(&disc);
  return status;
}

/* The CD image as the album's pass makes it: its disc, the image fed the
 * master (io/album/cd.h), and a failure to open it, said once the album's
 * files are (album_cd_finish). */
typedef struct album_cd {
  sp_cd_disc disc;
  char *base; /* DIR/NAME, the image's files' path without extension */
  sp_cd_image *im;
  sp_err err;
  char why[1024];
} album_cd;

static void album_cd_open(const sp_album_spec *s, const sp_album_timeline *t, album_cd *cd)
{
  *cd = (album_cd){0};
  if (!s->cd)
    return;
  sp_album_cd_disc(s, t, &cd->disc);
  cd->base = sp_xasprintf("%s/%s", s->dir, s->cd);
  cd->err = sp_fs_mkdirs(s->dir, cd->why, sizeof cd->why);
  if (cd->err == SP_OK)
    cd->err = sp_cd_image_open(&cd->disc, cd->base, t->channels, &cd->im, cd->why, sizeof cd->why);
}

/* After the album's files landed: the image finished and said. */
static int album_cd_finish(const sp_album_spec *s, album_cd *cd, bool quiet)
{
  if (!s->cd)
    return SP_OK;
  sp_cd_result res = {0};
  if (cd->err == SP_OK)
    cd->err = sp_cd_image_finish(cd->im, &res, cd->why, sizeof cd->why);
  if (cd->err != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: %s: output.cd: %s", s->file, cd->why);
    return cd->err;
  }
  char msf[16];
  sp_cd_msf(res.sectors, msf);
  if (!quiet)
    fprintf(sp_cli_out(), "  cd  %s.bin .cue .toc  %zu tracks, %s\n", cd->base, cd->disc.n, msf);
  if (res.clipped > 0) {
    char *f = sp_diag_escape(cd->base);
    fprintf(stderr,
            "stemprint: error: %s.bin: check clipping: %lld sample%s at full scale; lower "
            "the songs' levels or the album's\n",
            f, (long long)res.clipped, res.clipped == 1 ? "" : "s");
    free(f);
    return SP_ERR_CHECK;
  }
  return SP_OK;
}

static void album_cd_fini(album_cd *cd)
{
  sp_cd_image_free(cd->im);
  if (cd->base)
    sp_album_cd_fini(&cd->disc);
  free(cd->base);
  *cd = (album_cd){0};
}

/* The files an album printed, as a depfile's targets (heap). */
static char *album_targets(const sp_album_spec *spec, const sp_album_made *m)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  sp_fs_make_escape(f, m->master);
  for (size_t k = 0; k < m->n_tracks; k++) {
    fputc(' ', f);
    sp_fs_make_escape(f, m->tracks[k]);
    for (size_t s = 0; s < m->n_sets; s++) {
      fputc(' ', f);
      sp_fs_make_escape(f, m->set_files[s][k]);
    }
  }
  for (int k = 0; spec->cd && k < 3; k++) {
    static const char *const ext[] = {"bin", "cue", "toc"};
    char *p = sp_xasprintf("%s/%s.%s", spec->dir, spec->cd, ext[k]);
    fputc(' ', f);
    sp_fs_make_escape(f, p);
    free(p);
  }
  fclose(f);
  return text;
}

/* One album made: its songs read, laid out, summed and written. */
static int album_make(sp_cmd_album *al, pool *p, const options *o)
{
  const sp_album_spec *s = &al->spec;
  const size_t N = s->n_songs;
  song_audio *au = sp_xcalloc(N, sizeof *au);
  char *deps_text = NULL;
  size_t deps_len = 0;
  FILE *deps = open_memstream(&deps_text, &deps_len);
  fputs(" \\\n  ", deps);
  sp_fs_make_escape(deps, s->file);
  if (s->cover) {
    fputs(" \\\n  ", deps);
    sp_fs_make_escape(deps, s->cover);
  }
  double rate = 0;
  int channels = 1;
  sp_err err = songs_read(al, p, o, deps, au, &rate, &channels);
  fclose(deps);
  sp_album_song *songs = sp_xcalloc(N, sizeof *songs);
  int64_t *frames = sp_xcalloc(N, sizeof *frames);
  for (size_t k = 0; k < N; k++)
    frames[k] = au[k].frames;
  sp_album_timeline t = {0};
  sp_album_made made = {0};
  int status = err;
  if (err == SP_OK) {
    sp_diags d;
    sp_diags_init(&d);
    status = sp_album_spec_rate(s, rate, &d);
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
  }
  if (status == SP_OK) {
    sp_album_spec_songs(s, rate, frames, songs);
    size_t bad = 0;
    char why[512];
    if (sp_album_lay_out(songs, N, (int)rate, channels, &t, &bad, why, sizeof why) != SP_OK) {
      const sp_album_entry *e = &s->songs[bad];
      sp_diag_line(stderr, "stemprint: error: %s:%d:%d: %s.%s", s->file, e->pos.line, e->pos.col,
                   e->key, why);
      status = SP_ERR_USAGE;
    }
    t.album = &s->meta;
    t.upc = s->upc;
    t.genre = s->genre;
    t.year = s->year;
    if (status == SP_OK)
      status = album_cd_check(s, &t);
  }
  /* what the album reads, which it must not write over */
  char **reads = sp_xcalloc(2 * N + 2, sizeof *reads);
  for (size_t k = 0; k < N; k++) {
    reads[2 * k] = sp_xstrdup(s->songs[k].recipe ? s->songs[k].recipe : s->songs[k].file);
    reads[2 * k + 1] = au[k].path ? sp_xstrdup(au[k].path) : NULL;
  }
  reads[2 * N] = sp_xstrdup(s->file);
  reads[2 * N + 1] = s->cover ? sp_xstrdup(s->cover) : NULL;
  if (status == SP_OK) {
    char why[1024];
    char **paths = sp_xcalloc(N ? N : 1, sizeof *paths);
    int *chans = sp_xcalloc(N ? N : 1, sizeof *chans);
    for (size_t k = 0; k < N; k++)
      paths[k] = au[k].path, chans[k] = au[k].channels;
    /* the master made as it is written: a few blocks per song in memory */
    sp_album_master *master =
        sp_album_master_new(&t, songs, (const char *const *)paths, frames, chans);
    album_cd cd; /* the CD image made in the same pass, from the master's codes */
    album_cd_open(s, &t, &cd);
    err = sp_album_write(s, &t, master, cd.im, (const char *const *)reads, 2 * N + 2, &made, why,
                         sizeof why);
    sp_album_master_free(master);
    free(paths);
    free(chans);
    if (err != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s: %s", s->file, why);
      status = err;
    } else {
      status = album_say(al, &t, &made, o->quiet);
      const int cd_st = album_cd_finish(s, &cd, o->quiet);
      status = cd_st > status ? cd_st : status;
      al->deps = deps_text, deps_text = NULL;
      al->targets = album_targets(s, &made);
    }
    album_cd_fini(&cd); /* an image not finished (the album failed): its files removed */
  }
  for (size_t k = 0; k < N; k++) {
    song_free(&au[k]);
    free(songs[k].index);
  }
  for (size_t k = 0; k < 2 * N + 2; k++)
    free(reads[k]);
  free(reads);
  free(au);
  free(songs);
  free(frames);
  free(deps_text);
  sp_album_made_fini(&made);
  sp_album_timeline_fini(&t);
  return status;
}

int sp_cmd_album_make(sp_cmd_albums *a, pool *p, const options *o, const char *depfile, int status)
{
  if (o->dry_run)
    return status;
  for (size_t i = 0; i < a->n; i++) {
    const int st = album_make(&a->v[i], p, o);
    status = st > status ? st : status;
  }
  bool made = false;
  for (size_t i = 0; i < a->n; i++)
    made |= a->v[i].deps != NULL;
  if (!depfile || !made) /* no album made: the file is render's alone */
    return status;
  /* The album's rule after the songs' (their file, written by now). */
  char *text = NULL, *old = NULL;
  size_t len = 0, old_len = 0;
  char why[768];
  FILE *f = open_memstream(&text, &len);
  if (sp_fs_read_all(depfile, (size_t)1 << 26, &old, &old_len, why, sizeof why) == SP_OK)
    fputs(old, f);
  free(old);
  for (size_t i = 0; i < a->n; i++)
    if (a->v[i].deps) {
      fputs(a->v[i].targets, f);
      fputs(":", f);
      fputs(a->v[i].deps, f);
      fputc('\n', f);
    }
  fclose(f);
  const char *rules[] = {text};
  if (sp_depfile_write(depfile, rules, 1, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
    status = status > SP_ERR_IO ? status : SP_ERR_IO;
  }
  free(text);
  return status;
}
