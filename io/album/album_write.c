/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album's files in one pass over its master (album_write.h). */

#include "io/album/album_write.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/quantize.h"
#include "core/measure/loudness.h"
#include "io/album/album_master.h"
#include "io/album/tags.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = SP_ALBUM_BLOCK };

/* A stream of files cut from the master: the master's own (one file,
 * tracks == false), or a set of track files; one quantizer over all. */
typedef struct stream {
  sp_format format;
  sp_depth depth;
  int kbps;                 /* lossy */
  bool fixed;               /* quantized to integers */
  bool tracks;              /* a file a track, else one file */
  char **paths;             /* a file each (one for the master) */
  const sp_album_spec *tag; /* a track file's tags from it (NULL: none) */
  sp_sink **sinks;
  size_t n;
  sp_quantizer q;
  int32_t *ints;
  float *inter;
  /* the stream whose codes these are (NULL: its own): the tracks are the
   * master's codes cut, quantized once */
  const struct stream *codes_of;
} stream;

static sp_err stream_open(stream *s, const sp_album_timeline *t, size_t k, char *why,
                          size_t why_size)
{
  const int64_t frames = s->tracks ? t->tracks[k].end - t->tracks[k].start : t->frames;
  const sp_media *m = sp_audio_media();
  sp_err err = m->create(m, s->paths[k], s->format, s->depth, t->channels, t->rate, frames,
                         &s->sinks[k], why, why_size);
  if (err == SP_OK && t->channels > 2 && s->sinks[k]->ops->set_mask) /* its speakers */
    s->sinks[k]->ops->set_mask(s->sinks[k], t->mask);
  if (err == SP_OK && sp_format_lossy(s->format) && s->sinks[k]->ops->set_bitrate)
    err = s->sinks[k]->ops->set_bitrate(s->sinks[k], s->kbps, why, why_size);
  if (err == SP_OK && s->tag && s->sinks[k]->ops->set_tags) {
    sp_tags tags;
    sp_album_tags(s->tag, t, k, &tags);
    err = s->sinks[k]->ops->set_tags(s->sinks[k], &tags, why, why_size);
    sp_tags_fini(&tags);
  }
  return err;
}

/* Frames [at, at + n) of the master (as floats in ch) into stream s's
 * files; written: the codes as floats (NULL: not wanted). */
static sp_err stream_write(stream *s, const sp_album_timeline *t, const float *const *ch,
                           int64_t at, size_t n, float *const *written, char *why, size_t why_size)
{
  const int C = t->channels;
  if (s->codes_of) /* written already, this block */
    ;
  else if (s->fixed)
    sp_quantize(&s->q, ch, C, n, s->ints);
  else
    for (size_t i = 0; i < n; i++)
      for (int c = 0; c < C; c++)
        s->inter[(size_t)C * i + (size_t)c] = ch[c][i];
  const int32_t *ints = s->codes_of ? s->codes_of->ints : s->ints;
  const float *inter = s->codes_of ? s->codes_of->inter : s->inter;
  for (size_t i = 0; written && i < n; i++)
    for (int c = 0; c < C; c++)
      written[c][i] =
          s->fixed ? (float)((double)ints[(size_t)C * i + (size_t)c] * 0x1p-31) : ch[c][i];
  size_t done = 0;
  while (done < n) {
    size_t k = 0;
    if (s->tracks)
      while (k + 1 < t->n_tracks && t->tracks[k].end <= at + (int64_t)done)
        k++;
    const int64_t end = s->tracks ? t->tracks[k].end : t->frames;
    size_t m = (size_t)(end - (at + (int64_t)done));
    m = m < n - done ? m : n - done;
    if (!s->sinks[k]) {
      sp_err err = stream_open(s, t, k, why, why_size);
      if (err != SP_OK)
        return err;
    }
    sp_sink *sk = s->sinks[k];
    sp_err err =
        s->fixed ? sk->ops->write_int(sk, ints + (size_t)C * done, (int64_t)m, why, why_size)
                 : sk->ops->write_float(sk, inter + (size_t)C * done, (int64_t)m, why, why_size);
    if (err != SP_OK)
      return err;
    done += m;
    /* a track's span passed: its file finished now (landed with the others) */
    if (s->tracks && at + (int64_t)done == end && (err = sk->ops->finish(sk, why, why_size)) != SP_OK)
      return err;
  }
  return SP_OK;
}

static void stream_init(stream *s, const sp_album_timeline *t, sp_format f, sp_depth d, int kbps,
                        bool dither, uint64_t seed, size_t n)
{
  *s = (stream){.format = f, .depth = d, .kbps = kbps, .n = n, .tracks = n > 1 || t->n_tracks == 1};
  s->fixed = !sp_format_lossy(f) && d != SP_DEPTH_32F;
  s->paths = sp_xcalloc(n, sizeof *s->paths);
  s->sinks = sp_xcalloc(n, sizeof *s->sinks);
  if (s->fixed)
    sp_quantizer_init(&s->q, (int)d, dither, seed);
  s->ints = sp_xcalloc((size_t)t->channels * BLOCK, sizeof *s->ints);
  s->inter = sp_xcalloc((size_t)t->channels * BLOCK, sizeof *s->inter);
}

static void stream_fini(stream *s, bool discard)
{
  for (size_t k = 0; k < s->n; k++) {
    if (s->sinks[k] && discard)
      s->sinks[k]->ops->discard(s->sinks[k]);
    free(s->paths[k]);
  }
  free(s->paths);
  free(s->sinks);
  free(s->ints);
  free(s->inter);
}

/* Finish every sink, then release each (what it wrote stays under its
 * temporary name, landed by land_folder). */
static sp_err streams_finish(stream *st, size_t n, char *why, size_t why_size)
{
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < st[i].n; k++) {
      sp_err err = st[i].sinks[k]->ops->finish(st[i].sinks[k], why, why_size);
      if (err != SP_OK)
        return err;
    }
  return SP_OK;
}

/* The one pass: the master made block by block, every stream fed each
 * block, the master's codes metered (the album, each track). */
static sp_err album_pass(stream *st, size_t n_st, const sp_album_timeline *t,
                         sp_album_master *master, sp_cd_image *cd, sp_meter *album,
                         sp_meter **track, const volatile sig_atomic_t *cancel, char *why,
                         size_t why_size)
{
  const int C = t->channels;
  float *ch[SP_MAX_CHANNELS], *written[SP_MAX_CHANNELS];
  for (int c = 0; c < C; c++) {
    ch[c] = sp_xcalloc(BLOCK, sizeof(float));
    written[c] = sp_xcalloc(BLOCK, sizeof(float));
  }
  sp_err err = SP_OK;
  size_t k = 0, *len = sp_xcalloc(t->n_tracks ? t->n_tracks : 1, sizeof *len);
  for (int64_t at = 0; err == SP_OK && at < t->frames; at += BLOCK) {
    const size_t n = t->frames - at < BLOCK ? (size_t)(t->frames - at) : BLOCK;
    if (cancel && *cancel) { /* an interrupt: stopped within a block, nothing lands */
      snprintf(why, why_size, "interrupted while the album was written; nothing of it landed");
      err = SP_ERR_RENDER;
      break;
    }
    if ((err = sp_album_master_read(master, ch, n, why, why_size)) != SP_OK)
      break;
    for (size_t s = 0; err == SP_OK && s < n_st; s++)
      err = stream_write(&st[s], t, (const float *const *)ch, at, n, s == 0 ? written : NULL, why,
                         why_size);
    if (cd) /* its failure kept, said when it is finished */
      sp_cd_image_add(cd, (const float *const *)written, n);
    /* the album and the tracks in this block, its true peak measured once */
    while (k + 1 < t->n_tracks && t->tracks[k].end <= at)
      k++;
    size_t n_parts = 0;
    for (size_t done = 0; done < n; n_parts++) {
      const size_t left = (size_t)(t->tracks[k + n_parts].end - (at + (int64_t)done));
      len[n_parts] = left < n - done ? left : n - done;
      done += len[n_parts];
    }
    sp_meter_add_parts(album, track + k, len, n_parts, (const float *const *)written, n);
  }
  for (int c = 0; c < C; c++) {
    free(ch[c]);
    free(written[c]);
  }
  free(len);
  return err;
}

/* A set's files read back (decoded): each file's figures, and the
 * album's (one meter over them in order: `loudness --album`). */
static void measure_back(char **paths, size_t n, sp_loudness *out, sp_loudness *album)
{
  sp_loudness_file *f = sp_xcalloc(n, sizeof *f);
  for (size_t k = 0; k < n; k++)
    f[k].path = paths[k];
  sp_loudness_album al = {0};
  sp_loudness_mismatch mis;
  char why[256];
  const bool whole =
      sp_loudness_album_open(sp_audio_media(), f, n, false, &al, why, sizeof why, &mis) == SP_OK;
  for (size_t k = 0; k < n; k++)
    if (sp_loudness_measure(sp_audio_media(), &f[k], false, whole ? &al : NULL, why, sizeof why) ==
        SP_OK)
      out[k] = f[k].l;
  if (whole) {
    sp_loudness_album_result(&al);
    *album = al.l;
  }
  for (size_t k = 0; k < n; k++)
    sp_loudness_file_fini(&f[k]);
  sp_loudness_album_fini(&al);
  free(f);
}

/* ---- the files' paths ------------------------------------------------------ */

static void add_path(sp_album_paths *p, char *path, int folder)
{
  p->files = sp_xreallocarray(p->files, p->n + 1, sizeof *p->files);
  p->files[p->n++] = (sp_album_path){.path = path, .folder = folder};
}

void sp_album_paths_make(const sp_album_spec *spec, sp_album_paths *p)
{
  const size_t N = spec->n_songs, S = spec->n_sets;
  *p = (sp_album_paths){.n_tracks = N, .n_sets = S};
  p->folders = sp_xcalloc(S + 1, sizeof *p->folders);
  p->folders[0] = sp_xstrdup(spec->dir);
  for (size_t s = 0; s < S; s++)
    p->folders[1 + s] = sp_xasprintf("%s/%s", spec->dir, spec->sets[s].name);
  add_path(p, sp_xasprintf("%s/%s.%s", spec->dir, spec->master, sp_format_suffix(spec->format)),
           0);
  for (size_t k = 0; k < N; k++) {
    char *name = sp_album_track_name(spec, k);
    add_path(p, sp_xasprintf("%s/%s.%s", spec->dir, name, sp_format_suffix(spec->format)), 0);
    free(name);
  }
  for (size_t s = 0; s < S; s++)
    for (size_t k = 0; k < N; k++) {
      char *name = sp_album_track_name(spec, k);
      add_path(p,
               sp_xasprintf("%s/%s.%s", p->folders[1 + s], name,
                            sp_format_suffix(spec->sets[s].format)),
               (int)(1 + s));
      free(name);
    }
  static const char *const cd_ext[] = {"bin", "cue", "toc"};
  for (int k = 0; spec->cd && k < 3; k++)
    add_path(p, sp_xasprintf("%s/%s.%s", spec->dir, spec->cd, cd_ext[k]), 0);
}

void sp_album_paths_fini(sp_album_paths *p)
{
  for (size_t k = 0; k < p->n; k++)
    free(p->files[k].path);
  free(p->files);
  sp_free_strings(p->folders, p->n_sets + 1);
  *p = (sp_album_paths){0};
}

/* The path of set s's track k (s: -1, the master's tracks). */
static const char *track_path(const sp_album_paths *p, int s, size_t k)
{
  return p->files[1 + (size_t)(s + 1) * p->n_tracks + k].path;
}

/* ---- the folders, claimed, made and landed ---------------------------------- */

/* Whether another recipe's (or album's) record claims folder f's files:
 * SP_ERR_USAGE with why (what render says of its output folder). */
static sp_err claimed(const sp_album_spec *spec, const sp_album_paths *p, size_t f, char *why,
                      size_t why_size)
{
  const char *dir = p->folders[f];
  char *other = sp_outdir_claimant(dir, spec->base, spec->file);
  if (other) {
    snprintf(why, why_size,
             "'%s' holds the prints of another input named '%s' (%s); %s does not print into "
             "it: give the album a folder of its own (output.dir, or another -o), or "
             "render with --force to print there and take the record over",
             dir, spec->base, other, spec->file);
    free(other);
    return SP_ERR_USAGE;
  }
  const char **names = sp_xcalloc(p->n + 1, sizeof *names);
  size_t n = 0, which = 0;
  for (size_t k = 0; k < p->n; k++)
    if ((size_t)p->files[k].folder == f)
      names[n++] = sp_base_name(p->files[k].path);
  char *who = sp_outdir_taken(dir, spec->base, names, n, &which);
  if (who)
    snprintf(why, why_size,
             "'%s' holds the prints of the recipe '%s', and the album %s would print over its "
             "%s; give the album a folder of its own (output.dir), or render with --force to "
             "print over them",
             dir, who, spec->file, names[which]);
  free(names);
  const sp_err err = who ? SP_ERR_USAGE : SP_OK;
  free(who);
  return err;
}

/* Land folder f's files (temps[k] into p's path k, for each k of the
 * folder that has a temporary file) as one step of the output folder
 * (io/outdir/outdir.h: under its lock, the album's record of what it
 * prints there rewritten, its earlier prints there that it prints no
 * more removed, but one it reads); landed[k] set for each one renamed. check: nothing
 * landed, only what the commit would refuse it for asked
 * (sp_outdir_commit_check). */
static sp_err land_folder(const sp_album_spec *spec, const sp_album_paths *p, size_t f,
                          char *const *temps, bool *landed, const volatile sig_atomic_t *cancel,
                          bool check, bool force, char *why, size_t why_size)
{
  const char **t = sp_xcalloc(p->n + 1, sizeof *t), **fin = sp_xcalloc(p->n + 1, sizeof *fin),
             **prints = sp_xcalloc(p->n + 1, sizeof *prints);
  size_t n = 0, n_prints = 0;
  for (size_t k = 0; k < p->n; k++)
    if ((size_t)p->files[k].folder == f) {
      prints[n_prints++] = sp_base_name(p->files[k].path);
      t[n] = temps[k];
      fin[n++] = p->files[k].path;
    }
  /* what it reads: its songs' files, its cover (an earlier print among
   * them is not removed) */
  const char **reads = sp_xcalloc(spec->n_songs + 2, sizeof *reads);
  size_t n_reads = 0;
  for (size_t k = 0; k < spec->n_songs; k++)
    if (spec->songs[k].file)
      reads[n_reads++] = spec->songs[k].file;
  if (spec->cover)
    reads[n_reads++] = spec->cover;
  sp_outdir_commit c = {.dir = p->folders[f],
                        .recipe_file = spec->file,
                        .recipe_name = spec->base,
                        .temps = t,
                        .finals = fin,
                        .n_files = n,
                        .prints = prints,
                        .n_prints = n_prints,
                        .cancel = cancel,
                        .claims = !force,
                        .reads = reads,
                        .n_reads = n_reads};
  sp_outdir_result res;
  const sp_err err = check ? sp_outdir_commit_check(&c, why, why_size)
                           : sp_outdir_commit_files(&c, &res, why, why_size);
  if (!check)
    sp_outdir_result_fini(&res);
  /* renamed: what is no longer under its temporary name */
  for (size_t k = 0; k < p->n && !check; k++)
    if ((size_t)p->files[k].folder == f && temps[k] && access(temps[k], F_OK) != 0)
      landed[k] = true;
  free(t);
  free(fin);
  free(prints);
  free(reads);
  return err;
}

sp_err sp_album_write(const sp_album_spec *spec, const sp_album_paths *paths,
                      const sp_album_timeline *t, sp_album_master *master, const sp_cd_disc *disc,
                      const sp_album_write_opts *o, sp_album_made *made, char *why,
                      size_t why_size)
{
  const size_t N = t->n_tracks, S = spec->n_sets;
  *made = (sp_album_made){.n_tracks = N, .n_sets = S};
  sp_err err = SP_OK;
  for (size_t f = 0; f <= S && err == SP_OK && !o->force; f++)
    err = claimed(spec, paths, f, why, why_size);
  for (size_t k = 0; k < paths->n && err == SP_OK; k++) /* a folder at a file's name: none lands */
    if (!sp_fs_refuse_not_file(paths->files[k].path, why, why_size))
      err = SP_ERR_IO;
  /* the folders this album makes, taken away again when it fails */
  char **made_dirs = sp_xcalloc(S + 1, sizeof *made_dirs);
  for (size_t f = 0; f <= S && err == SP_OK; f++) {
    made_dirs[f] = sp_fs_first_missing(paths->folders[f]);
    err = sp_fs_mkdirs(paths->folders[f], why, why_size);
  }
  sp_cd_image *cd = NULL; /* made in the same pass, from the master's codes */
  if (err == SP_OK && disc) {
    char *base = sp_xasprintf("%s/%s", spec->dir, spec->cd);
    /* dithered where its 16 bits are made (`dither: none`: rounded); a
     * 16-bit master at 44.1 kHz is its codes, bit for bit (review 26 F1) */
    const bool codes = spec->depth == SP_DEPTH_16 && t->rate == SP_CD_RATE_HZ;
    err = sp_cd_image_open(disc, base, t->channels, spec->dither && !codes, &cd, why, why_size);
    free(base);
  }
  const uint64_t seed = sp_hash_string(spec->base);
  stream *st = sp_xcalloc(2 + S, sizeof *st);
  stream_init(&st[0], t, spec->format, spec->depth, 0, spec->dither, seed, 1);
  st[0].tracks = false;
  st[0].paths[0] = sp_xstrdup(paths->files[0].path);
  stream_init(&st[1], t, spec->format, spec->depth, 0, spec->dither, seed, N);
  st[1].tracks = true;
  st[1].tag = spec;
  st[1].codes_of = &st[0]; /* the same format, depth and quantizer, fed first */
  for (size_t k = 0; k < N; k++)
    st[1].paths[k] = sp_xstrdup(track_path(paths, -1, k));
  for (size_t s = 0; s < S; s++) {
    const sp_album_set *set = &spec->sets[s];
    const sp_depth d = sp_format_lossy(set->format) ? SP_DEPTH_32F
                       : set->depth                 ? set->depth
                                                    : spec->depth;
    stream_init(&st[2 + s], t, set->format, d, (int)sp_album_set_kbps(set, t->rate), spec->dither,
                seed ^ sp_hash_string(set->name), N);
    st[2 + s].tracks = true;
    st[2 + s].tag = spec;
    /* a lossless set at the master's depth holds the master's codes: one
     * quantization a depth, dither only where the depth drops */
    if (st[2 + s].fixed && d == spec->depth)
      st[2 + s].codes_of = &st[0];
    for (size_t k = 0; k < N; k++)
      st[2 + s].paths[k] = sp_xstrdup(track_path(paths, (int)s, k));
  }
  const int bits = spec->depth == SP_DEPTH_32F ? 0 : (int)spec->depth;
  /* the master's codes metered as `loudness` meters its file: in its layout */
  sp_layout_own own;
  const sp_layout *layout = sp_meter_layout_of(t->mask, t->channels, &own);
  sp_meter *album = NULL, **track = sp_xcalloc(N, sizeof *track);
  if (err == SP_OK && !layout) {
    snprintf(why, why_size, "the master's %d channels are of no layout (stemprint help layouts)",
             t->channels);
    err = SP_ERR_USAGE;
  }
  if (err == SP_OK)
    err = sp_meter_new_layout(layout, t->rate, bits, &album);
  for (size_t k = 0; k < N && err == SP_OK; k++)
    err = sp_meter_new_layout(layout, t->rate, bits, &track[k]);
  if (err == SP_OK)
    err = album_pass(st, 2 + S, t, master, cd, album, track, o->cancel, why, why_size);
  if (err == SP_OK)
    err = streams_finish(st, 2 + S, why, why_size);
  if (err == SP_OK && cd)
    err = sp_cd_image_finish(cd, &made->cd, why, why_size);
  /* every file whole under its temporary name: each folder landed, the
   * sets' first and output.dir's (the master) last */
  char **temps = sp_xcalloc(paths->n + 1, sizeof *temps);
  bool *landed = sp_xcalloc(paths->n + 1, sizeof *landed);
  if (err == SP_OK) {
    size_t i = 0;
    for (size_t s = 0; s < 2 + S; s++)
      for (size_t k = 0; k < st[s].n; k++, i++) {
        temps[i] = sp_xstrdup(st[s].sinks[k]->ops->written(st[s].sinks[k]));
        st[s].sinks[k]->ops->release(st[s].sinks[k]);
        st[s].sinks[k] = NULL;
      }
    if (cd) {
      const char *ct[3], *cf[3];
      sp_cd_image_files(cd, ct, cf);
      for (int k = 0; k < 3; k++) /* the image's files by name: bin, cue, toc */
        for (size_t j = 0; j < 3; j++)
          if (strcmp(paths->files[i + j].path, cf[k]) == 0)
            temps[i + j] = sp_xstrdup(ct[k]);
    }
    /* none lands where one folder would be refused; once the first has
     * landed, the others land too, an interrupt or not (a few renames) */
    for (size_t f = S + 1; f-- > 0 && err == SP_OK;)
      err = land_folder(spec, paths, f, temps, landed, NULL, true, o->force, why, why_size);
    for (size_t f = S + 1; f-- > 0 && err == SP_OK;)
      err = land_folder(spec, paths, f, temps, landed, f == S ? o->cancel : NULL, false, o->force,
                        why, why_size);
    if (cd)
      sp_cd_image_landed(cd);
    /* a store set's folder of an earlier render the album prints into no
     * more (the set dropped or renamed): its prints removed (review 26 F5) */
    if (err == SP_OK)
      sp_outdir_forget_folders(spec->dir, (const char *const *)paths->folders, S + 1, spec->file,
                               spec->base);
  }
  sp_cd_image_free(cd); /* what of it did not land removed */
  for (size_t k = 0; k < paths->n; k++) {
    if (temps[k] && !landed[k])
      unlink(temps[k]);
    free(temps[k]);
  }
  free(temps);
  free(landed);
  made->master = sp_xstrdup(st[0].paths[0]);
  made->tracks = sp_xcalloc(N, sizeof *made->tracks);
  made->track = sp_xcalloc(N, sizeof *made->track);
  for (size_t k = 0; k < N; k++) {
    made->tracks[k] = sp_xstrdup(st[1].paths[k]);
    if (track[k])
      sp_meter_result(track[k], &made->track[k]);
    sp_meter_free(track[k]);
  }
  if (album)
    sp_meter_result(album, &made->album);
  sp_meter_free(album);
  free(track);
  made->clipped = st[0].fixed ? st[0].q.clipped : made->album.clipped;
  made->set_files = sp_xcalloc(S ? S : 1, sizeof *made->set_files);
  made->set_track = sp_xcalloc(S ? S : 1, sizeof *made->set_track);
  made->set_album = sp_xcalloc(S ? S : 1, sizeof *made->set_album);
  for (size_t s = 0; s < S; s++) {
    made->set_files[s] = sp_xcalloc(N, sizeof **made->set_files);
    made->set_track[s] = sp_xcalloc(N, sizeof **made->set_track);
    for (size_t k = 0; k < N; k++)
      made->set_files[s][k] = sp_xstrdup(st[2 + s].paths[k]);
    if (err == SP_OK)
      measure_back(made->set_files[s], N, made->set_track[s], &made->set_album[s]);
  }
  for (size_t s = 0; s < 2 + S; s++)
    stream_fini(&st[s], err != SP_OK);
  free(st);
  if (err != SP_OK) /* emptied: the sets' folders first, output.dir holds them */
    for (size_t f = S + 1; f-- > 0;)
      if (made_dirs[f])
        sp_fs_rmdirs_empty(paths->folders[f], made_dirs[f]);
  sp_free_strings(made_dirs, S + 1);
  return err;
}

void sp_album_made_fini(sp_album_made *m)
{
  free(m->master);
  for (size_t k = 0; k < m->n_tracks; k++)
    free(m->tracks[k]);
  free(m->tracks);
  free(m->track);
  for (size_t s = 0; s < m->n_sets; s++) {
    for (size_t k = 0; k < m->n_tracks; k++)
      free(m->set_files[s][k]);
    free(m->set_files[s]);
    free(m->set_track[s]);
  }
  free(m->set_files);
  free(m->set_track);
  free(m->set_album);
  *m = (sp_album_made){0};
}
