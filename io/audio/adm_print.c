/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.adm after a render (io/audio/adm_print.h).
 *
 *   mix.wav (bed) ─┐                                 ┌─ VBAP + fold ─> mix_7.1.4.wav
 *   lead.wav ──────┼─> mix_adm.wav (chna, axml) ───> ├─ VBAP + fold ─> mix_5.1.wav
 *   pads.wav ──────┘    read back, checked           └─ VBAP + fold ─> mix_stereo.wav
 *
 *   drums.wav (bed) + each object its stem holds (silence for the others)
 *                  ─> drums_adm.wav ─> drums_7.1.4.wav ...
 *
 *   Σ stems' ADM tracks against the master's, Σ stems' re-renders against
 *   the master's: the null tests of an ADM master.
 *
 * The ADM BWFs hold their sources' 24-bit codes bit for bit (the prints are
 * 24-bit); the re-renders are dithered (TPDF, seeded by their file names)
 * to 24 bits, so the same recipe prints the same bytes. */

#include "io/audio/adm_print.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/dsp/adm.h"
#include "core/dsp/biquad.h"
#include "core/dsp/quantize.h"
#include "core/dsp/vbap.h"
#include "core/graph/query.h"
#include "core/measure/meter.h"
#include "io/audio/adm.h"
#include "io/audio/audio.h"
#include "io/fs/fs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = 4096 };

/* The files an ADM BWF is made of, read block by block: its bed (the mix's
 * print), then each bed bus's print (the further beds), each object bus's
 * print, then each ADM BWF a track keeps
 * the objects of (`objects: keep`), its objects' tracks (pick[k], of its
 * file_tracks) as the track's region plays the file: the master's frames
 * [at[k], at[k] + length[k]) the file's from the region's `from` (the
 * file open there, sp_adm_seek), silence around them. Neither rd[k] nor
 * af[k]: silent, objects a stem does not hold. t: the master's frames
 * pulled so far (every source is pulled as far). */
typedef struct sources {
  sp_audio_reader **rd;
  sp_adm_file **af;
  int **pick;
  int *file_tracks;
  int *channels;
  int64_t *at, *length;
  size_t n;
  int64_t t;
} sources;

/* n frames from the master's frame t of the picked tracks of ADM BWF f
 * (of tracks tracks), which plays at the master's [at, at + length), into
 * ch. */
static sp_err pull_adm(sp_adm_file *f, int tracks, const int *pick, int channels, float *const *ch,
                       int64_t t, size_t n, int64_t at, int64_t length, char *why, size_t why_size)
{
  /* the frames [lead, lead + want) of this pull are the file's */
  const int64_t b = t > at ? t : at,
                e = t + (int64_t)n < at + length ? t + (int64_t)n : at + length;
  const size_t lead = b < e ? (size_t)(b - t) : n, want = b < e ? (size_t)(e - b) : 0;
  float **all = sp_xcalloc((size_t)tracks, sizeof *all);
  for (int k = 0; k < tracks; k++)
    all[k] = sp_xmalloc((want ? want : 1) * sizeof(float));
  sp_err err = SP_OK;
  size_t got = 0;
  float **part = sp_xcalloc((size_t)tracks, sizeof *part);
  while (got < want) {
    for (int k = 0; k < tracks; k++)
      part[k] = all[k] + got;
    const int64_t r = sp_adm_read(f, part, want - got, why, why_size);
    if (r < 0) {
      err = SP_ERR_IO;
      break;
    }
    if (r == 0)
      break;
    got += (size_t)r;
  }
  for (int c = 0; c < channels && err == SP_OK; c++) {
    memset(ch[c], 0, lead * sizeof(float));
    memcpy(ch[c] + lead, all[pick[c]], got * sizeof(float));
    memset(ch[c] + lead + got, 0, (n - lead - got) * sizeof(float));
  }
  for (int k = 0; k < tracks; k++)
    free(all[k]);
  free(all);
  free(part);
  return err;
}

static sp_err pull(void *ctx, float *const *ch, size_t n, char *why, size_t why_size)
{
  sources *s = ctx;
  int at = 0;
  for (size_t k = 0; k < s->n; k++) {
    size_t got = 0;
    if (s->af && s->af[k]) {
      sp_err err = pull_adm(s->af[k], s->file_tracks[k], s->pick[k], s->channels[k], ch + at, s->t,
                            n, s->at[k], s->length[k], why, why_size);
      if (err != SP_OK)
        return err;
      got = n;
    } else if (!s->rd[k]) {
      for (int c = 0; c < s->channels[k]; c++)
        memset(ch[at + c], 0, n * sizeof(float));
      got = n;
    }
    while (got < n) {
      float *part[SP_MAX_CHANNELS];
      for (int c = 0; c < s->channels[k]; c++)
        part[c] = ch[at + c] + got;
      const int64_t r = sp_audio_read_planar(s->rd[k], part, (int64_t)(n - got));
      if (r <= 0) {
        snprintf(why, why_size, "a print ends before the others: %s",
                 r < 0 ? sp_audio_error(s->rd[k]) : "it is shorter");
        return SP_ERR_IO;
      }
      got += (size_t)r;
    }
    at += s->channels[k];
  }
  s->t += (int64_t)n;
  return SP_OK;
}

static void sources_close(sources *s)
{
  for (size_t k = 0; k < s->n; k++) {
    sp_audio_close(s->rd[k]);
    sp_adm_close(s->af[k]);
    free(s->pick[k]);
  }
  free(s->rd);
  free(s->af);
  free(s->pick);
  free(s->file_tracks);
  free(s->channels);
  free(s->at);
  free(s->length);
  memset(s, 0, sizeof *s);
}

/* The name of the file k made: the graph's (sp_graph.adm_prints, in the
 * order they are made here: the mix's ADM BWF and re-renders, then each
 * stem's), which the folder's record lists. */
static char *made_name(const sp_graph *g, size_t k)
{
  size_t n;
  const char *const *adm = sp_graph_adm_prints(g, &n);
  return sp_xstrdup(k < n ? adm[k] : "?");
}

static void add_check(sp_render_result *res, const char *name, bool passed, double value,
                      double limit, const char *path, char *text)
{
  res->checks = sp_xreallocarray(res->checks, res->n_checks + 1, sizeof *res->checks);
  res->checks[res->n_checks++] = (sp_check){.name = name, .passed = passed, .value = value,
                                            .limit = limit, .tolerance = NAN, .text = text,
                                            .path = path ? sp_xstrdup(path) : NULL};
}

/* The immersive-music profile's LFE measure (docs/recipe.md, ADM BWF, the
 * LFE band-limited): over the whole re-render, 10 log10(Σ h² / Σ x²), x
 * its LFE as written (the 24-bit codes read back), h x through a
 * 4th-order Linkwitz-Riley high-pass at 200 Hz (two RBJ Butterworth
 * sections of q 0.7071: -6 dB at 200 Hz, -10 dB at 164, -3 at 246); at
 * most -30 dB passes. Its advice is the same measure of x through a
 * 4th-order Butterworth low-pass (`eq: {type: lowpass, slope: 24}`'s
 * sections) at each of these corners, the first that passes with
 * LFE_ADVICE_MARGIN_DB to spare: what that EQ on master's LFE, last of
 * its inserts, prints, but for the dither. */
#define LFE_HP_HZ 200.0
#define LFE_MAX_DB (-30.0)
#define LFE_ADVICE_MARGIN_DB 1.0
static const double lfe_try_hz[] = {150, 120, 100, 90, 80, 70, 60, 50, 40, 30};
enum { N_LFE_TRY = sizeof lfe_try_hz / sizeof lfe_try_hz[0] };

/* A file being made: its final and temporary paths; a re-render's layout,
 * panner, fold, quantizer, meter and what the profile asks of it. */
typedef struct made {
  char *final, *file, *temp;
  const char *of; /* the mix's or a stem's name */
  bool is_adm, is_mix;
  const sp_layout *l;
  sp_vbap *v;
  double fold[SP_MAX_CHANNELS * SP_ADM_MAX_BED_TRACKS];
  sp_audio_writer *w;
  sp_quantizer q;
  sp_meter *meter;
  float *ch[SP_MAX_CHANNELS];
  sp_biquad hp; /* the LFE above 200 Hz (4th order) against the whole, Σ x² */
  sp_biquad_state hs[2];
  double lfe_high, lfe_all;
  int64_t lfe_frames;
  /* the advice's: x through each low-pass of lfe_try_hz, then the high-pass */
  sp_biquad try_lp[N_LFE_TRY][2];
  sp_biquad_state try_ls[N_LFE_TRY][2], try_hs[N_LFE_TRY][2];
  double try_high[N_LFE_TRY], try_all[N_LFE_TRY];
  int64_t first_sound; /* the first frame not silent; -1: none */
  sp_loudness loud;
} made;

/* The LFE x (n frames) through each of the advice's low-passes, measured
 * as the check measures (lfe_try_hz). */
static void lfe_try(made *o, const float *x, size_t n)
{
  float y[BLOCK];
  for (int k = 0; k < N_LFE_TRY; k++) {
    memcpy(y, x, n * sizeof *y);
    sp_biquad_process(&o->try_lp[k][0], &o->try_ls[k][0], y, n);
    sp_biquad_process(&o->try_lp[k][1], &o->try_ls[k][1], y, n);
    for (size_t i = 0; i < n; i++)
      o->try_all[k] += (double)y[i] * y[i];
    sp_biquad_process(&o->hp, &o->try_hs[k][0], y, n);
    sp_biquad_process(&o->hp, &o->try_hs[k][1], y, n);
    for (size_t i = 0; i < n; i++)
      o->try_high[k] += (double)y[i] * y[i];
  }
}

/* An ADM BWF and its re-renders, the mix's or a stem's: files
 * [first, first + 1 + n_adm_renders) of the job's, made by one task of the
 * pool (sp_adm_print), side by side with the others'. */
typedef struct unit {
  const char *of; /* the mix's or the stem's name */
  bool is_mix;
  int stem;     /* the stem's index; -1: the mix */
  size_t first; /* its ADM BWF's index in the job's files */
  sp_err err;
  int64_t adm_first; /* the mix's: the ADM master's first frame not silent; -1: none */
  char why[768];
} unit;

/* What a source after master's bed is: a print of a bed bus (bed), of an
 * object bus, or an ADM BWF a track keeps the objects of (adm: its
 * sources.pick names the tracks). */
typedef struct src_of {
  const char *path;
  int node;
  bool adm, bed;
} src_of;

typedef struct job_ {
  const sp_graph *g;
  const sp_recipe *r;
  const sp_adm *m; /* the master's structure as the graph planned it (sp_graph.adm) */
  made *files;     /* each unit's ADM BWF then its re-renders, unit after unit */
  size_t n_files;
  unit *units; /* the mix's, then each stem's */
  size_t n_units;
  sources *src;          /* the master's prints: the beds, then each object */
  const src_of *objects; /* [src->n - 1]: what each source after master's bed is */
  const int *home;       /* [objects]: the stem that holds it */
  /* the null tests: the largest |Σ stems − mix| of each file of the mix's
   * unit, and what kept one from being measured */
  double *peak;
  sp_err *peak_err;
  char (*peak_why)[768];
  char why[768];
} job_;

/* The ADM BWF of unit u (the mix or a stem) from src, into a temporary file. */
static sp_err write_adm(job_ *j, unit *u, sources *src)
{
  const sp_recipe *r = j->r;
  made *f = &j->files[u->first];
  f->is_adm = true, f->is_mix = u->is_mix, f->of = u->of;
  f->file = made_name(j->g, u->first);
  f->final = sp_xasprintf("%s/%s", sp_graph_out_dir(j->g), f->file);
  f->temp = sp_fs_temp_template(f->final);
  const int fd = mkstemp(f->temp);
  if (fd < 0) {
    snprintf(u->why, sizeof u->why, "cannot create a file in the output folder");
    free(f->temp);
    f->temp = NULL;
    return SP_ERR_IO;
  }
  fchmod(fd, sp_fs_file_mode());
  close(fd);
  sp_bext bext = {0};
  snprintf(bext.description, sizeof bext.description, "%s: ADM %s %s", r->base,
           u->is_mix ? "master" : "stem", u->of);
  snprintf(bext.originator, sizeof bext.originator, "%s",
           r->output.bwf.originator ? r->output.bwf.originator : "stemprint");
  snprintf(bext.date, sizeof bext.date, "%s", r->output.bwf.date);
  snprintf(bext.time, sizeof bext.time, "%s", r->output.bwf.time);
  return sp_adm_write(f->temp, j->m, &bext, pull, src, u->why, sizeof u->why);
}

/* The re-renders of unit u's ADM BWF, read back as any reader reads it.
 * Only the mix's are metered (their loudness is said and judged; a stem's
 * re-render is judged by its clipping and its null test alone). */
static sp_err rerender(job_ *j, unit *u)
{
  const sp_recipe *r = j->r;
  const made *adm_in = &j->files[u->first];
  const char *adm_temp = adm_in->temp, *of = adm_in->of;
  const bool is_mix = adm_in->is_mix;
  int64_t *adm_first = is_mix ? &u->adm_first : NULL;
  sp_adm_file *af;
  sp_adm back;
  sp_err err = sp_adm_open(adm_temp, &af, &back, u->why, sizeof u->why);
  if (err != SP_OK) {
    const size_t k = strlen(u->why);
    snprintf(u->why + k, sizeof u->why - k, " (the ADM BWF stemprint just wrote)");
    return err;
  }
  const size_t first = u->first + 1, end = first + r->n_adm_renders;
  for (size_t k = 0; k < r->n_adm_renders && err == SP_OK; k++) {
    made *o = &j->files[first + k];
    o->of = of, o->is_mix = is_mix;
    o->l = r->adm_renders[k];
    o->v = sp_vbap_new(o->l);
    sp_adm_beds_fold(&back, o->l, o->fold);
    o->file = made_name(j->g, first + k);
    o->final = sp_xasprintf("%s/%s", sp_graph_out_dir(j->g), o->file);
    err = sp_audio_create(o->final, SP_FORMAT_WAV, SP_DEPTH_24, o->l->n, (int)back.rate,
                          back.frames, &o->w, u->why, sizeof u->why);
    if (err != SP_OK)
      break;
    sp_audio_set_mask(o->w, o->l->mask);
    sp_quantizer_init(&o->q, 24, true, sp_hash_string(o->file));
    if (is_mix)
      sp_meter_new_layout(o->l, back.rate, 24, &o->meter);
    for (int c = 0; c < o->l->n; c++)
      o->ch[c] = sp_xmalloc(BLOCK * sizeof(float));
    sp_biquad_design(&o->hp, SP_BQ_HIGHPASS, LFE_HP_HZ, 0.7071, 0, back.rate);
    for (int t = 0; t < N_LFE_TRY; t++) {
      sp_biquad_design(&o->try_lp[t][0], SP_BQ_LOWPASS, lfe_try_hz[t], 0.54119610014619698, 0,
                       back.rate);
      sp_biquad_design(&o->try_lp[t][1], SP_BQ_LOWPASS, lfe_try_hz[t], 1.3065629648763766, 0,
                       back.rate);
    }
  }
  float **in = sp_xcalloc((size_t)back.tracks, sizeof *in);
  for (int k = 0; k < back.tracks; k++)
    in[k] = sp_xmalloc(BLOCK * sizeof(float));
  int32_t *codes = sp_xmalloc((size_t)BLOCK * SP_MAX_CHANNELS * sizeof *codes);
  int64_t t = 0;
  while (err == SP_OK) {
    const int64_t n = sp_adm_read(af, in, BLOCK, u->why, sizeof u->why);
    if (n < 0)
      err = SP_ERR_IO;
    if (n <= 0)
      break;
    for (int k = 0; adm_first && k < back.tracks; k++)
      for (int64_t i = 0; i < n; i++)
        if (in[k][i] != 0 && (*adm_first < 0 || t + i < *adm_first))
          *adm_first = t + i;
    for (size_t k = first; k < end && err == SP_OK; k++) {
      made *o = &j->files[k];
      sp_adm_render(&back, o->l, o->v, o->fold, t, (size_t)n, (const float *const *)in, o->ch);
      sp_quantize(&o->q, (const float *const *)o->ch, o->l->n, (size_t)n, codes);
      if (!o->meter) {
        err = sp_audio_write_int(o->w, codes, n, u->why, sizeof u->why);
        continue;
      }
      /* metered as written: the codes back as floats */
      for (int c = 0; c < o->l->n; c++)
        for (int64_t i = 0; i < n; i++) {
          o->ch[c][i] = (float)((double)(codes[i * o->l->n + c] >> 8) / 8388608.0);
          if (o->ch[c][i] != 0 && o->first_sound < 0)
            o->first_sound = t + i;
        }
      sp_meter_add(o->meter, (const float *const *)o->ch, (size_t)n);
      const int lfe = sp_layout_channel(o->l, "LFE");
      if (lfe >= 0) {
        for (int64_t i = 0; i < n; i++)
          o->lfe_all += (double)o->ch[lfe][i] * o->ch[lfe][i];
        o->lfe_frames += n;
        lfe_try(o, o->ch[lfe], (size_t)n);
        sp_biquad_process(&o->hp, &o->hs[0], o->ch[lfe], (size_t)n);
        sp_biquad_process(&o->hp, &o->hs[1], o->ch[lfe], (size_t)n);
        for (int64_t i = 0; i < n; i++)
          o->lfe_high += (double)o->ch[lfe][i] * o->ch[lfe][i];
      }
      err = sp_audio_write_int(o->w, codes, n, u->why, sizeof u->why);
    }
    t += n;
  }
  for (size_t k = first; err == SP_OK && k < end; k++) {
    made *o = &j->files[k];
    if ((err = sp_audio_finish(o->w, u->why, sizeof u->why)) == SP_OK) {
      o->temp = sp_xstrdup(sp_audio_temp_path(o->w));
      sp_audio_release(o->w);
      o->w = NULL;
      if (o->meter)
        sp_meter_result(o->meter, &o->loud);
    }
  }
  free(codes);
  for (int k = 0; k < back.tracks; k++)
    free(in[k]);
  free(in);
  sp_adm_close(af);
  sp_adm_fini(&back);
  return err;
}

/* The largest |Σ files − of| over every channel of every frame, reading
 * the finished temporary files (n of them, of as many channels as of). */
static sp_err residual(const made *of, made *const *parts, size_t n, double *peak, char *why,
                       size_t why_size)
{
  sp_err err = SP_OK;
  *peak = 0;
  sp_adm_file *af[64] = {NULL};
  sp_audio_reader *rd[64] = {NULL};
  sp_adm model[64];
  int C = 0;
  for (size_t k = 0; k <= n && err == SP_OK; k++) {
    const made *f = k == 0 ? of : parts[k - 1];
    if (f->is_adm) {
      err = sp_adm_open(f->temp, &af[k], &model[k], why, why_size);
      C = err == SP_OK ? model[k].tracks : C;
    } else {
      sp_audio_info info;
      err = sp_audio_open(f->temp, &rd[k], &info, why, why_size);
      C = info.channels;
    }
  }
  float *buf[64][SP_ADM_MAX_TRACKS] = {{NULL}};
  for (size_t k = 0; k <= n && err == SP_OK; k++)
    for (int c = 0; c < C; c++)
      buf[k][c] = sp_xmalloc(BLOCK * sizeof(float));
  while (err == SP_OK) {
    int64_t got = -1;
    for (size_t k = 0; k <= n && err == SP_OK; k++) {
      const int64_t g = af[k] ? sp_adm_read(af[k], buf[k], BLOCK, why, why_size)
                              : sp_audio_read_planar(rd[k], buf[k], BLOCK);
      if (g < 0 || (got >= 0 && g != got)) {
        snprintf(why, why_size, "the stems' files are not as long as the mix's");
        err = SP_ERR_IO;
      }
      got = g;
    }
    if (err != SP_OK || got <= 0)
      break;
    for (int c = 0; c < C; c++)
      for (int64_t i = 0; i < got; i++) {
        double s = 0;
        for (size_t k = 1; k <= n; k++)
          s += buf[k][c][i];
        const double d = fabs(s - buf[0][c][i]);
        *peak = d > *peak ? d : *peak;
      }
  }
  for (size_t k = 0; k <= n; k++) {
    for (int c = 0; c < C; c++)
      free(buf[k][c]);
    if (af[k]) {
      sp_adm_close(af[k]);
      sp_adm_fini(&model[k]);
    }
    sp_audio_close(rd[k]);
  }
  return err;
}

/* What to do about an LFE the check fails: the highest corner of a
 * 24 dB/octave low-pass on master's LFE that passes by the check's own
 * measure (heap). */
static char *lfe_advice(const made *o)
{
  for (int k = 0; k < N_LFE_TRY; k++) {
    const double rel = 10 * log10(o->try_high[k] / o->try_all[k] + 1e-300);
    if (o->try_all[k] > 0 && rel <= LFE_MAX_DB - LFE_ADVICE_MARGIN_DB)
      return sp_xasprintf("; a steeper and lower filter passes: a 24 dB/octave low-pass at %g Hz "
                          "on the LFE makes it %.1f dB; add it last of master's inserts, - eq: "
                          "{type: lowpass, freq: %g Hz, slope: 24, channels: [LFE]} (or low-pass "
                          "what feeds the LFE lower)",
                          lfe_try_hz[k], -rel, lfe_try_hz[k]);
  }
  return sp_xasprintf("; not even a 24 dB/octave low-pass at %g Hz on it would pass: low-pass what "
                      "feeds the LFE",
                      lfe_try_hz[N_LFE_TRY - 1]);
}

static void profile_checks(job_ *j, sp_render_result *res, int64_t adm_first)
{
  const sp_adm *m = j->m;
  const char *P = "master.adm.profile";
  const bool rate_ok = m->rate == 48000 || m->rate == 96000;
  add_check(res, "adm.profile.rate", rate_ok, m->rate, 48000, "sample_rate",
            sp_xasprintf("immersive-music: the ADM master at %g Hz (the profile takes 48 or 96 "
                         "kHz)%s",
                         m->rate, rate_ok ? "" : "; set sample_rate: 48 kHz"));
  const int object_tracks = sp_adm_object_tracks(m);
  const bool counts_ok = m->tracks <= SP_ADM_MAX_TRACKS && object_tracks <= SP_ADM_MAX_OBJECTS;
  /* "a bed of 5.1", or "beds of 5.1, stereo and 7.1" */
  char *beds = sp_xasprintf("%s of %s", m->n_beds > 1 ? "beds" : "a bed", m->beds[0]->name);
  for (size_t b = 1; b < m->n_beds; b++) {
    char *more = sp_xasprintf("%s%s%s", beds, b + 1 < m->n_beds ? ", " : " and ", m->beds[b]->name);
    free(beds);
    beds = more;
  }
  add_check(res, "adm.profile.channels", counts_ok, m->tracks, SP_ADM_MAX_TRACKS, P,
            sp_xasprintf("immersive-music: %d tracks (at most %d), %d objects (at most %d; a "
                         "stereo object is two), %s",
                         m->tracks, SP_ADM_MAX_TRACKS, object_tracks, SP_ADM_MAX_OBJECTS, beds));
  free(beds);
  bool any_on = m->n_objects == 0;
  for (size_t o = 0; o < m->n_objects; o++)
    any_on |= m->objects[o].binaural != SP_ADM_BINAURAL_OFF;
  add_check(res, "adm.profile.binaural", any_on, NAN, NAN, P,
            sp_xasprintf("immersive-music: every object has a binaural render mode%s",
                         any_on ? "" : " and all are off; give the objects object: {binaural: "
                                       "near, mid or far}"));
  for (size_t k = 0; k < j->n_files; k++) {
    const made *o = &j->files[k];
    if (o->is_adm || !o->is_mix)
      continue;
    if (strcmp(o->l->name, "5.1") == 0) {
      const bool ok = !(o->loud.integrated_lufs > -18.0) && isfinite(o->loud.integrated_lufs);
      add_check(res, "adm.profile.loudness", ok, o->loud.integrated_lufs, -18.0, P,
                sp_xasprintf("immersive-music: the 5.1 re-render's integrated loudness %.1f LKFS, "
                             "at most -18.0 LKFS%s",
                             o->loud.integrated_lufs, ok ? "" : "; lower master's level"));
    }
    const bool tp = !(o->loud.true_peak_dbtp > -1.0);
    add_check(res, "adm.profile.true_peak", tp, o->loud.true_peak_dbtp, -1.0, P,
              sp_xasprintf("immersive-music: %s's true peak %.2f dBTP, at most -1.0 dBTP%s",
                           o->file, o->loud.true_peak_dbtp,
                           tp ? "" : "; lower master's level or limit the bed and the objects"));
    /* an LFE of nothing but the print's dither (below -90 dBFS RMS: a 24-bit
     * print's TPDF dither is near -140) has no band to limit: its noise is
     * as loud above 200 Hz as below, and no content is there */
    const double lfe_rms_db =
        o->lfe_frames > 0 ? 10 * log10(o->lfe_all / (double)o->lfe_frames + 1e-300) : -INFINITY;
    if (o->lfe_all > 0 && lfe_rms_db < -90.0) {
      add_check(res, "adm.profile.lfe", true, lfe_rms_db, -90.0, P,
                sp_xasprintf("immersive-music: %s's LFE holds nothing above the dither (%.1f dBFS "
                             "RMS): no band to limit",
                             o->file, lfe_rms_db));
    } else if (o->lfe_all > 0) {
      const double rel = 10 * log10(o->lfe_high / o->lfe_all + 1e-300);
      const bool ok = rel <= LFE_MAX_DB;
      char *advice = ok ? sp_xstrdup("") : lfe_advice(o);
      add_check(res, "adm.profile.lfe", ok, rel, LFE_MAX_DB, P,
                sp_xasprintf("immersive-music: %s's LFE through a 4th-order Linkwitz-Riley "
                             "high-pass at 200 Hz is %.1f dB below the LFE (at least 30 dB)%s",
                             o->file, -rel, advice));
      free(advice);
    }
    if (o->l->n == 2) {
      const bool ok = o->first_sound == adm_first;
      add_check(res, "adm.profile.start", ok, (double)o->first_sound, (double)adm_first, P,
                sp_xasprintf("immersive-music: the stereo re-render's first sound at frame %lld, "
                             "the ADM master's at %lld",
                             (long long)o->first_sound, (long long)adm_first));
    }
  }
}

/* A task of the pool: unit k's ADM BWF and its re-renders. The master's
 * reads the prints the structure was taken from; a stem's opens its own:
 * its bed print and the objects it holds (silence for the others). Each
 * writes only its own files and unit. */
static void unit_task(void *ctx, size_t k, int thread)
{
  (void)thread;
  job_ *j = ctx;
  unit *u = &j->units[k];
  if (u->is_mix) {
    if ((u->err = write_adm(j, u, j->src)) == SP_OK)
      u->err = rerender(j, u);
    return;
  }
  const sources *src = j->src;
  sources ss = {.rd = sp_xcalloc(src->n, sizeof *ss.rd),
                .af = sp_xcalloc(src->n, sizeof *ss.af),
                .pick = src->pick,
                .file_tracks = src->file_tracks,
                .channels = src->channels,
                .at = src->at,
                .length = src->length,
                .n = src->n};
  sp_audio_info info;
  u->err = sp_audio_open(sp_graph_output(j->g, 1 + u->stem)->path, &ss.rd[0], &info, u->why,
                         sizeof u->why);
  for (size_t o = 0; o + 1 < src->n && u->err == SP_OK; o++) {
    if (j->home[o] != u->stem)
      continue;
    if (j->objects[o].adm) {
      sp_adm unused;
      u->err = sp_adm_open(j->objects[o].path, &ss.af[1 + o], &unused, u->why, sizeof u->why);
      sp_adm_fini(&unused);
      if (u->err == SP_OK)
        u->err = sp_adm_seek(ss.af[1 + o], sp_graph_node(j->g, j->objects[o].node)->regions[0].from,
                             u->why, sizeof u->why);
    } else {
      u->err = sp_audio_open(j->objects[o].path, &ss.rd[1 + o], &info, u->why, sizeof u->why);
    }
  }
  if (u->err == SP_OK)
    u->err = write_adm(j, u, &ss);
  if (u->err == SP_OK)
    u->err = rerender(j, u);
  for (size_t i = 0; i < ss.n; i++) {
    sp_audio_close(ss.rd[i]);
    sp_adm_close(ss.af[i]);
  }
  free(ss.rd);
  free(ss.af);
}

/* A task of the pool: the null test of the mix's file k (its ADM BWF, then
 * each re-render) against the stems' files k. */
static void null_task(void *ctx, size_t k, int thread)
{
  (void)thread;
  job_ *j = ctx;
  const size_t n_st = j->n_units - 1;
  made **parts = sp_xcalloc(n_st + 1, sizeof *parts);
  for (size_t s = 0; s < n_st; s++)
    parts[s] = &j->files[j->units[1 + s].first + k];
  j->peak_err[k] =
      residual(&j->files[k], parts, n_st, &j->peak[k], j->peak_why[k], sizeof j->peak_why[k]);
  free(parts);
}

sp_err sp_adm_print(const sp_graph *g, const sp_render_opts *ro, sp_render_result *res,
                    sp_err status, sp_adm_land_fn land, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  if (!r->adm || (status != SP_OK && status != SP_ERR_CHECK) || ro->measure_only ||
      (ro->skip && ro->skip[0]))
    return status;
  /* the structure the graph planned and checked (core/graph/master_adm.c),
   * its rules kept there: what is left to find here is what the files say */
  job_ j = {.g = g, .r = r, .m = sp_graph_adm(g)};
  sp_err err = SP_OK;
  const size_t most = sp_graph_count(g, SP_GRAPH_OUTPUTS) + sp_graph_count(g, SP_GRAPH_NODES) + 1;
  sources src = {.rd = sp_xcalloc(most, sizeof *src.rd),
                 .af = sp_xcalloc(most, sizeof *src.af),
                 .pick = sp_xcalloc(most, sizeof *src.pick),
                 .file_tracks = sp_xcalloc(most, sizeof *src.file_tracks),
                 .channels = sp_xcalloc(most, sizeof *src.channels),
                 .at = sp_xcalloc(most, sizeof *src.at),
                 .length = sp_xcalloc(most, sizeof *src.length)};
  src_of *objects = sp_xcalloc(most, sizeof *objects);
  size_t n_objects = 0;
  int64_t adm_first = -1;
  if (!j.m) {
    snprintf(j.why, sizeof j.why, "the graph planned no ADM master (stemprint's bug)");
    err = SP_ERR_RENDER;
    goto io;
  }
  /* the prints in the plan's order: the mix (the first bed), the bed
   * buses', the object buses' (each as many channels as the plan gives
   * it), then each ADM BWF a track keeps the objects of */
  sp_audio_info info;
  if ((err = sp_audio_open(sp_graph_output(g, 0)->path, &src.rd[0], &info, j.why, sizeof j.why)) !=
      SP_OK)
    goto io;
  src.channels[0] = info.channels;
  src.n = 1;
  int tracks = info.channels;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; sp_graph_output(g, i); i++) {
      const sp_output_plan *o = sp_graph_output(g, i);
      const sp_strip *s = o->kind == SP_OUT_BUS ? sp_graph_node(g, o->node)->strip : NULL;
      if (!s || !(pass == 0 ? s->bed : s->object))
        continue;
      if ((err = sp_audio_open(o->path, &src.rd[src.n], &info, j.why, sizeof j.why)) != SP_OK)
        goto io;
      src.channels[src.n++] = info.channels;
      objects[n_objects++] = (src_of){.path = o->path, .node = o->node, .bed = pass == 0};
      tracks += info.channels;
    }
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *nd = sp_graph_node(g, i);
    if (nd->n_regions != 1 || !nd->regions[0].bed_only || !nd->regions[0].scene ||
        nd->regions[0].scene->n_objects == 0)
      continue;
    const sp_region_plan *rp = &nd->regions[0];
    const sp_adm *sm = rp->scene;
    sp_adm back;
    sp_adm_file *af;
    if ((err = sp_adm_open(rp->path, &af, &back, j.why, sizeof j.why)) != SP_OK)
      goto io;
    const int file_tracks = back.tracks;
    sp_adm_fini(&back);
    src.af[src.n] = af;
    if ((err = sp_adm_seek(af, rp->from, j.why, sizeof j.why)) != SP_OK)
      goto io;
    int *pick = sp_xcalloc((size_t)file_tracks + 1, sizeof *pick), n_pick = 0;
    for (size_t k = 0; k < sm->n_objects; k++)
      for (int c = 0; c < sm->objects[k].channels && sm->objects[k].track + c < file_tracks; c++)
        pick[n_pick++] = sm->objects[k].track + c;
    src.pick[src.n] = pick;
    src.file_tracks[src.n] = file_tracks;
    src.at[src.n] = rp->at;
    src.length[src.n] = rp->length;
    src.channels[src.n++] = n_pick;
    objects[n_objects++] = (src_of){.path = rp->path, .node = (int)i, .adm = true};
    tracks += n_pick;
  }
  /* the files are what the plan says they are (a file changed since the
   * graph was built says otherwise) */
  if (tracks != j.m->tracks || src.channels[0] != j.m->beds[0]->n) {
    snprintf(j.why, sizeof j.why,
             "the prints and kept files hold %d tracks, and master's ADM BWF was planned with "
             "%d: a file changed while the render ran",
             tracks, j.m->tracks);
    err = SP_ERR_IO;
    goto io;
  }
  /* each object's stem: the one stem whose signal reaches it (the graph
   * refused one reached by two) */
  int *home = sp_xcalloc(n_objects + 1, sizeof *home);
  /* --only without every stem: no ADM stems */
  const bool stems = sp_graph_adm_made(g, ro->skip) > 1 + r->n_adm_renders;
  for (size_t o = 0; stems && o < n_objects; o++) {
    home[o] = -1;
    for (size_t s = 0; s < sp_graph_count(g, SP_GRAPH_STEMS) && home[o] < 0; s++)
      if (sp_graph_carries_stem(g, objects[o].node, s))
        home[o] = (int)s;
  }
  /* the units, side by side on the render's threads: the master's ADM BWF
   * and re-renders, then each stem's (its bed print, the objects it holds) */
  const size_t per = 1 + r->n_adm_renders;
  j.n_units = 1 + (stems ? sp_graph_count(g, SP_GRAPH_STEMS) : 0);
  j.units = sp_xcalloc(j.n_units, sizeof *j.units);
  j.n_files = j.n_units * per;
  j.files = sp_xcalloc(j.n_files, sizeof *j.files);
  for (size_t k = 0; k < j.n_files; k++)
    j.files[k].first_sound = -1;
  for (size_t u = 0; u < j.n_units; u++)
    j.units[u] = (unit){.of = u ? r->stems[u - 1].name : r->output.mix,
                        .is_mix = u == 0,
                        .stem = (int)u - 1,
                        .first = u * per,
                        .adm_first = -1};
  j.src = &src, j.objects = objects, j.home = home;
  const int threads = ro->threads > 1 ? ro->threads : 1;
  sp_pool_run_threads(threads, j.n_units, unit_task, &j);
  free(home);
  for (size_t u = 0; u < j.n_units && err == SP_OK; u++)
    if ((err = j.units[u].err) != SP_OK)
      snprintf(j.why, sizeof j.why, "%s", j.units[u].why);
  if (err != SP_OK)
    goto io;
  adm_first = j.units[0].adm_first;
  /* the null tests: Σ stems against the master, the ADM tracks and each
   * re-render, side by side too */
  if (stems && j.n_units > 1) {
    const size_t n_st = j.n_units - 1;
    const double lsb = 1.0 / 8388608.0;
    double bed_peak = 0;
    j.peak = sp_xcalloc(per, sizeof *j.peak);
    j.peak_err = sp_xcalloc(per, sizeof *j.peak_err);
    j.peak_why = sp_xcalloc(per, sizeof *j.peak_why);
    sp_pool_run_threads(threads, per, null_task, &j);
    for (size_t k = 0; k < per && err == SP_OK; k++) {
      const double peak = j.peak[k];
      if ((err = j.peak_err[k]) != SP_OK) {
        snprintf(j.why, sizeof j.why, "%s", j.peak_why[k]);
        break;
      }
      const made *f = &j.files[k];
      /* the ADM tracks hold the prints' codes: what the bed's null test
       * allows; a re-render adds each file's dither and float rounding,
       * through the fold's gains */
      double limit = pow(10, res->null_threshold_dbfs / 20);
      if (k == 0) {
        bed_peak = peak;
      } else {
        double fold_sum = 0;
        for (int c = 0; c < f->l->n; c++) {
          double row = 0;
          const int B = sp_adm_bed_tracks(j.m);
          for (int b = 0; b < B; b++)
            row += fabs(f->fold[c * B + b]);
          fold_sum = row > fold_sum ? row : fold_sum;
        }
        limit = fold_sum * bed_peak + (double)(n_st + 1) * (1.5 * lsb + 0.5 * lsb);
      }
      const double db = peak > 0 ? 20 * log10(peak) : -INFINITY;
      const double ldb = 20 * log10(limit);
      const bool ok = peak <= limit;
      add_check(res, "adm.null", ok, db, ldb, "stems",
                sp_xasprintf("adm.null: %s against its stems' sum: residual peak %.1f dBFS (max "
                             "%.1f dBFS)%s",
                             f->file, db, ldb,
                             ok ? "" : "; the stems' ADM files do not add up to the master's"));
    }
    if (err != SP_OK)
      goto io;
  }
  /* land them together */
  {
    const char **temps = sp_xcalloc(j.n_files + 1, sizeof *temps),
               **finals = sp_xcalloc(j.n_files + 1, sizeof *finals);
    for (size_t k = 0; k < j.n_files; k++)
      temps[k] = j.files[k].temp, finals[k] = j.files[k].final;
    char **removed = res->removed;
    const size_t n_removed = res->n_removed, n_stale = res->n_stale_temps;
    err = land(g, temps, finals, j.n_files, ro->cancel, res, d, j.why, sizeof j.why);
    for (size_t k = 0; k < res->n_removed; k++)
      free(res->removed[k]);
    free(res->removed);
    res->removed = removed, res->n_removed = n_removed, res->n_stale_temps = n_stale;
    free(temps);
    free(finals);
    if (err != SP_OK)
      goto io;
    for (size_t k = 0; k < j.n_files; k++) {
      free(j.files[k].temp);
      j.files[k].temp = NULL;
    }
  }
  /* what each re-render of the mix measures, and the rules */
  for (size_t k = 0; k < j.n_files; k++) {
    const made *o = &j.files[k];
    if (!o->is_adm && o->q.clipped > 0)
      add_check(res, "clipping", false, (double)o->q.clipped, 0, "master.adm",
                sp_xasprintf("clipping: %s has %lld samples at full scale; the objects are not "
                             "under master's inserts and fader, and a re-render into fewer "
                             "channels adds them up: lower the objects' buses or the bed (its "
                             "stems and the master's no longer add up where it clips)",
                             o->final, (long long)o->q.clipped));
    if (o->is_adm || !o->is_mix)
      continue;
    add_check(res, "adm.render", true, o->loud.integrated_lufs, NAN, NULL,
              sp_xasprintf("adm.render: %s from %s: %.1f LUFS, %.1f dBTP", o->file, j.files[0].file,
                           o->loud.integrated_lufs, o->loud.true_peak_dbtp));
    if (r->has_max_true_peak) {
      const bool ok = !(o->loud.true_peak_dbtp > r->max_true_peak_dbtp);
      add_check(res, "loudness.true_peak", ok, o->loud.true_peak_dbtp, r->max_true_peak_dbtp,
                "checks.loudness.max_true_peak",
                sp_xasprintf("true peak: %s %.2f dBTP, max %.2f dBTP%s", o->final,
                             o->loud.true_peak_dbtp, r->max_true_peak_dbtp,
                             ok ? "" : "; lower master's level or its limiter's ceiling"));
    }
  }
  if (r->adm_profile)
    profile_checks(&j, res, adm_first);
  for (size_t k = 0; k < res->n_checks; k++)
    if (!res->checks[k].passed && status == SP_OK)
      status = SP_ERR_CHECK;
  goto out;
io:
  sp_diags_error(d, err, sp_graph_out_dir(g), (sp_pos){0, 0}, "master.adm",
                 "%s; nothing of the ADM master, its stems or its re-renders is delivered", j.why);
out:
  for (size_t k = 0; k < j.n_files; k++) {
    made *o = &j.files[k];
    if (o->w)
      sp_audio_abort(o->w);
    if (o->temp) {
      unlink(o->temp);
      free(o->temp);
    }
    sp_vbap_free(o->v);
    sp_meter_free(o->meter);
    for (int c = 0; c < SP_MAX_CHANNELS; c++)
      free(o->ch[c]);
    free(o->final);
    free(o->file);
  }
  free(j.files);
  free(j.units);
  free(j.peak);
  free(j.peak_err);
  free(j.peak_why);
  free(objects);
  sources_close(&src);
  return err != SP_OK ? err : status;
}
