/* SPDX-License-Identifier: GPL-3.0-or-later */
/* master.adm after a render (cmd/adm.h).
 *
 *   mix.wav (bed) ─┐                                ┌─ VBAP + fold ─> mix_7.1.4.wav
 *   lead.wav ──────┼─> mix_adm.wav (chna, axml) ──> ├─ VBAP + fold ─> mix_5.1.wav
 *   pads.wav ──────┘    read back, checked          └─ VBAP + fold ─> mix_stereo.wav
 *
 * The ADM BWF holds its sources' 24-bit codes bit for bit (the prints are
 * 24-bit); the re-renders are dithered (TPDF, seeded by their file names)
 * to 24 bits, so the same recipe prints the same bytes. */

#include "cmd/adm.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/biquad.h"
#include "core/dsp/quantize.h"
#include "core/dsp/vbap.h"
#include "core/measure/meter.h"
#include "io/audio/adm.h"
#include "io/audio/audio.h"
#include "io/fs/fs.h"
#include "io/outdir/print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = 4096 };

/* The printed files the master is made of, read block by block. */
typedef struct sources {
  sp_audio_reader **rd; /* [n]: the mix, then each object bus */
  int *channels;        /* [n] */
  size_t n;
  float *buf;
} sources;

static sp_err pull(void *ctx, float *const *ch, size_t n, char *why, size_t why_size)
{
  sources *s = ctx;
  int at = 0;
  for (size_t k = 0; k < s->n; k++) {
    size_t got = 0;
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
  return SP_OK;
}

/* The file name of the ADM BWF: the template with {name} the mix's. */
static const char *adm_file(const sp_recipe *r, char *buf, size_t size)
{
  const char *t = r->adm_name, *at = strstr(t, "{name}");
  snprintf(buf, size, "%.*s%s%s.wav", (int)(at - t), t, r->output.mix, at + 6);
  return buf;
}

static void add_check(sp_render_result *res, const char *name, bool passed, double value,
                      double limit, const char *path, char *text)
{
  res->checks = sp_xreallocarray(res->checks, res->n_checks + 1, sizeof *res->checks);
  res->checks[res->n_checks++] = (sp_check){.name = name, .passed = passed, .value = value,
                                            .limit = limit, .tolerance = NAN, .text = text,
                                            .path = path ? sp_xstrdup(path) : NULL};
}

/* A re-render being written: its layout, panner, fold, quantizer, meter. */
typedef struct render_out {
  const sp_layout *l;
  sp_vbap *v;
  double fold[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  sp_audio_writer *w;
  sp_quantizer q;
  sp_meter *meter;
  char *final, *file;
  float *ch[SP_MAX_CHANNELS];
  /* the LFE above 200 Hz (4th order high-pass) and whole, Σ x² */
  sp_biquad hp;
  sp_biquad_state hs[2];
  double lfe_high, lfe_all;
  int64_t first_sound; /* the first frame not silent; -1: none yet */
  sp_loudness loud;
} render_out;

sp_err sp_cli_adm(const sp_graph *g, const sp_render_opts *ro, sp_render_result *res,
                  sp_err status, sp_diags *d)
{
  const sp_recipe *r = g->recipe;
  if (!r->adm || (status != SP_OK && status != SP_ERR_CHECK) || ro->measure_only ||
      (ro->skip && ro->skip[0]))
    return status;
  char why[768] = "";
  sp_err err = SP_OK;
  sp_adm m = {.rate = g->sample_rate, .programme = sp_xstrdup(r->base)};
  sources src = {0};
  char adm_name[256];
  adm_file(r, adm_name, sizeof adm_name);
  char *adm_final = sp_xasprintf("%s/%s", g->out_dir, adm_name);
  char *adm_temp = NULL;
  render_out *outs = sp_xcalloc(r->n_adm_renders + 1, sizeof *outs);
  size_t n_outs = 0;
  /* the files that make it: the mix (the bed), the object buses */
  const sp_output_plan *mix = &g->outputs[0];
  sp_audio_info info;
  src.rd = sp_xcalloc(g->n_outputs + 1, sizeof *src.rd);
  src.channels = sp_xcalloc(g->n_outputs + 1, sizeof *src.channels);
  if (r->output.format != SP_FORMAT_WAV || r->output.depth != SP_DEPTH_24) {
    sp_recipe_error(r, d, SP_ERR_USAGE, "master.adm",
                    "an ADM BWF is 24-bit WAV (the profile's depth), made from the prints: set "
                    "output.format: wav and output.depth: 24");
    err = SP_ERR_USAGE;
    goto out;
  }
  if ((err = sp_audio_open(mix->path, &src.rd[0], &info, why, sizeof why)) != SP_OK)
    goto io;
  src.channels[0] = info.channels;
  src.n = 1;
  m.frames = info.frames;
  m.bed = g->nodes[g->master].layout;
  int tracks = info.channels;
  for (size_t i = 0; i < g->n_outputs; i++) {
    const sp_output_plan *o = &g->outputs[i];
    if (o->kind != SP_OUT_BUS || !g->nodes[o->node].strip->object)
      continue;
    const sp_node *nd = &g->nodes[o->node];
    const sp_strip *s = nd->strip;
    if (nd->channels > 2) {
      sp_recipe_error(r, d, SP_ERR_USAGE, nd->path,
                      "an object is mono or stereo, and '%s' has %d channels; give it layout: "
                      "mono or stereo, or route it into the bed",
                      nd->name, nd->channels);
      err = SP_ERR_USAGE;
      goto out;
    }
    if ((err = sp_audio_open(o->path, &src.rd[src.n], &info, why, sizeof why)) != SP_OK)
      goto io;
    src.channels[src.n++] = info.channels;
    m.objects = sp_xreallocarray(m.objects, m.n_objects + 1, sizeof *m.objects);
    sp_adm_object *ob = &m.objects[m.n_objects++];
    *ob = (sp_adm_object){.name = sp_xstrdup(nd->name), .track = tracks,
                          .channels = info.channels,
                          .binaural = (sp_adm_binaural)s->object_binaural};
    tracks += info.channels;
    /* its position: pan: {azimuth, elevation, spread}, or a plain pan as an
     * azimuth across the front pair (pan -1 is 30° left) */
    sp_auto az = {.value = 0}, el = {.value = 0};
    const sp_auto *paz = &az, *pel = &el;
    sp_auto_point *pts = NULL;
    if (s->has_position) {
      paz = &s->azimuth, pel = &s->elevation;
    } else if (s->has_pan) {
      az.value = -30 * s->pan.value;
      if (s->pan.n) {
        pts = sp_xcalloc(s->pan.n, sizeof *pts);
        for (size_t k = 0; k < s->pan.n; k++)
          pts[k] = (sp_auto_point){.t = s->pan.points[k].t, .v = -30 * s->pan.points[k].v};
        az.points = pts, az.n = s->pan.n;
      }
    }
    sp_adm_object_blocks(ob, paz, pel, s->has_position ? s->spread : 0, 1.0, m.rate, m.frames,
                         (int64_t)(m.rate / 50));
    free(pts);
  }
  m.tracks = tracks;
  if (!sp_adm_check(&m, why, sizeof why)) {
    sp_recipe_error(r, d, SP_ERR_USAGE, "master.adm", "the ADM master would break BS.2076: %s",
                    why);
    err = SP_ERR_USAGE;
    goto out;
  }
  adm_temp = sp_fs_temp_template(adm_final);
  {
    const int fd = mkstemp(adm_temp);
    if (fd < 0) {
      snprintf(why, sizeof why, "cannot create a file in the output folder");
      err = SP_ERR_IO;
      goto io;
    }
    fchmod(fd, sp_fs_file_mode());
    close(fd);
  }
  sp_bext bext = {0};
  snprintf(bext.description, sizeof bext.description, "%s: ADM master", r->base);
  snprintf(bext.originator, sizeof bext.originator, "%s",
           r->output.bwf.originator ? r->output.bwf.originator : "stemprint");
  snprintf(bext.date, sizeof bext.date, "%s", r->output.bwf.date);
  snprintf(bext.time, sizeof bext.time, "%s", r->output.bwf.time);
  if ((err = sp_adm_write(adm_temp, &m, &bext, pull, &src, why, sizeof why)) != SP_OK)
    goto io;
  /* read back, as any reader would: the re-renders are made from the file */
  sp_adm_file *af;
  sp_adm back;
  if ((err = sp_adm_open(adm_temp, &af, &back, why, sizeof why)) != SP_OK) {
    snprintf(why + strlen(why), sizeof why - strlen(why), " (the ADM BWF stemprint just wrote)");
    goto io;
  }
  for (size_t k = 0; k < r->n_adm_renders; k++) {
    render_out *o = &outs[n_outs++];
    o->l = r->adm_renders[k];
    o->v = sp_vbap_new(o->l);
    sp_adm_bed_fold(back.bed, o->l, o->fold);
    char suffix[32];
    snprintf(suffix, sizeof suffix, "_%s", o->l->name);
    o->file = sp_xasprintf("%s%s.wav", r->output.mix, suffix);
    o->final = sp_xasprintf("%s/%s", g->out_dir, o->file);
    if ((err = sp_audio_create(o->final, SP_FORMAT_WAV, SP_DEPTH_24, o->l->n, (int)m.rate, m.frames,
                               &o->w, why, sizeof why)) != SP_OK)
      break;
    sp_audio_set_mask(o->w, o->l->mask);
    sp_quantizer_init(&o->q, 24, true, sp_hash_string(o->file));
    sp_meter_new_layout(o->l, m.rate, 24, &o->meter);
    for (int c = 0; c < o->l->n; c++)
      o->ch[c] = sp_xmalloc(BLOCK * sizeof(float));
    sp_biquad_design(&o->hp, SP_BQ_HIGHPASS, 200, 0.7071, 0, m.rate);
    o->first_sound = -1;
  }
  float **in = sp_xcalloc((size_t)back.tracks, sizeof *in);
  for (int k = 0; k < back.tracks; k++)
    in[k] = sp_xmalloc(BLOCK * sizeof(float));
  int32_t *codes = sp_xmalloc((size_t)BLOCK * SP_MAX_CHANNELS * sizeof *codes);
  int64_t t = 0;
  int64_t adm_first = -1;
  while (err == SP_OK) {
    const int64_t n = sp_adm_read(af, in, BLOCK, why, sizeof why);
    if (n < 0)
      err = SP_ERR_IO;
    if (n <= 0)
      break;
    for (int k = 0; k < back.tracks && adm_first < 0; k++)
      for (int64_t i = 0; i < n; i++)
        if (in[k][i] != 0 && (adm_first < 0 || t + i < adm_first))
          adm_first = t + i;
    for (size_t k = 0; k < n_outs && err == SP_OK; k++) {
      render_out *o = &outs[k];
      sp_adm_render(&back, o->l, o->v, o->fold, t, (size_t)n, (const float *const *)in, o->ch);
      sp_quantize(&o->q, (const float *const *)o->ch, o->l->n, (size_t)n, codes);
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
        sp_biquad_process(&o->hp, &o->hs[0], o->ch[lfe], (size_t)n);
        sp_biquad_process(&o->hp, &o->hs[1], o->ch[lfe], (size_t)n);
        for (int64_t i = 0; i < n; i++)
          o->lfe_high += (double)o->ch[lfe][i] * o->ch[lfe][i];
      }
      err = sp_audio_write_int(o->w, codes, n, why, sizeof why);
    }
    t += n;
  }
  free(codes);
  for (int k = 0; k < back.tracks; k++)
    free(in[k]);
  free(in);
  sp_adm_close(af);
  for (size_t k = 0; err == SP_OK && k < n_outs; k++)
    err = sp_audio_finish(outs[k].w, why, sizeof why);
  if (err != SP_OK) {
    sp_adm_fini(&back);
    goto io;
  }
  /* land them together */
  const size_t N = 1 + n_outs;
  const char **temps = sp_xcalloc(N, sizeof *temps), **finals = sp_xcalloc(N, sizeof *finals);
  temps[0] = adm_temp, finals[0] = adm_final;
  for (size_t k = 0; k < n_outs; k++)
    temps[1 + k] = sp_audio_temp_path(outs[k].w), finals[1 + k] = outs[k].final;
  char **removed = res->removed;
  const size_t n_removed = res->n_removed, n_stale = res->n_stale_temps;
  err = sp_print_commit(g, temps, finals, N, ro->cancel, res, d, why, sizeof why);
  for (size_t k = 0; k < res->n_removed; k++)
    free(res->removed[k]);
  free(res->removed);
  res->removed = removed, res->n_removed = n_removed, res->n_stale_temps = n_stale;
  free(temps);
  free(finals);
  if (err != SP_OK) {
    sp_adm_fini(&back);
    goto io;
  }
  for (size_t k = 0; k < n_outs; k++) {
    sp_audio_release(outs[k].w);
    outs[k].w = NULL;
  }
  free(adm_temp);
  adm_temp = NULL;
  /* what each re-render measures, and the rules */
  for (size_t k = 0; k < n_outs; k++) {
    render_out *o = &outs[k];
    sp_meter_result(o->meter, &o->loud);
    add_check(res, "adm.render", true, o->loud.integrated_lufs, NAN, NULL,
              sp_xasprintf("adm.render: %s from %s: %.1f LUFS, %.1f dBTP", o->file,
                           adm_name, o->loud.integrated_lufs, o->loud.true_peak_dbtp));
    if (r->has_max_true_peak) {
      const bool ok = !(o->loud.true_peak_dbtp > r->max_true_peak_dbtp);
      add_check(res, "loudness.true_peak", ok, o->loud.true_peak_dbtp, r->max_true_peak_dbtp,
                "checks.loudness.max_true_peak",
                sp_xasprintf("true peak: %s %.2f dBTP, max %.2f dBTP%s", o->final,
                             o->loud.true_peak_dbtp, r->max_true_peak_dbtp,
                             ok ? "" : "; lower master's level or its limiter's ceiling"));
    }
  }
  if (r->adm_profile) {
    /* the immersive music delivery (docs/recipe.md, master.adm.profile) */
    const char *P = "master.adm.profile";
    const bool rate_ok = m.rate == 48000 || m.rate == 96000;
    add_check(res, "adm.profile.rate", rate_ok, m.rate, 48000, "sample_rate",
              sp_xasprintf("immersive-music: the ADM master at %g Hz (the profile takes 48 or 96 kHz)%s",
                           m.rate,
                           rate_ok ? "" : "; set sample_rate: 48 kHz"));
    const bool counts_ok = m.tracks <= SP_ADM_MAX_TRACKS && m.n_objects <= SP_ADM_MAX_OBJECTS;
    add_check(res, "adm.profile.channels", counts_ok, m.tracks, SP_ADM_MAX_TRACKS, P,
              sp_xasprintf("immersive-music: %d tracks (at most %d), %zu objects (at most %d), a bed of %s",
                           m.tracks, SP_ADM_MAX_TRACKS,
                           m.n_objects, SP_ADM_MAX_OBJECTS, m.bed->name));
    bool any_on = m.n_objects == 0;
    for (size_t o = 0; o < m.n_objects; o++)
      any_on |= m.objects[o].binaural != SP_ADM_BINAURAL_OFF;
    add_check(res, "adm.profile.binaural", any_on, NAN, NAN, P,
              sp_xasprintf("immersive-music: every object has a binaural render mode%s",
                           any_on ? "" : " and all are off; give the objects object: {binaural: "
                                         "near, mid or far}"));
    for (size_t k = 0; k < n_outs; k++) {
      render_out *o = &outs[k];
      if (strcmp(o->l->name, "5.1") == 0) {
        const bool ok = !(o->loud.integrated_lufs > -18.0) && isfinite(o->loud.integrated_lufs);
        add_check(res, "adm.profile.loudness", ok, o->loud.integrated_lufs, -18.0, P,
                  sp_xasprintf("immersive-music: the 5.1 re-render's integrated loudness %.1f LKFS, at most "
                               "-18.0 LKFS%s",
                               o->loud.integrated_lufs,
                               ok ? "" : "; lower master's level"));
      }
      const bool tp = !(o->loud.true_peak_dbtp > -1.0);
      add_check(res, "adm.profile.true_peak", tp, o->loud.true_peak_dbtp, -1.0, P,
                sp_xasprintf("immersive-music: %s's true peak %.2f dBTP, at most -1.0 dBTP%s",
                             o->file, o->loud.true_peak_dbtp,
                             tp ? "" : "; lower master's level or limit the bed and the objects"));
      if (o->lfe_all > 0) {
        const double rel = 10 * log10(o->lfe_high / o->lfe_all + 1e-300);
        const bool ok = rel <= -30.0;
        add_check(res, "adm.profile.lfe", ok, rel, -30.0, P,
                  sp_xasprintf("immersive-music: %s's LFE above 200 Hz is %.1f dB below its whole (at least "
                               "30 dB: band-limited below 100-150 Hz)%s",
                               o->file, -rel,
                               ok ? "" : "; low-pass what feeds the LFE (lfe: {lowpass: 120 Hz})"));
      }
      if (o->l->n == 2) {
        const bool ok = o->first_sound == adm_first;
        add_check(res, "adm.profile.start", ok, (double)o->first_sound, (double)adm_first, P,
                  sp_xasprintf("immersive-music: the stereo re-render's first sound at frame %lld, the ADM "
                               "master's at %lld",
                               (long long)o->first_sound,
                               (long long)adm_first));
      }
    }
  }
  sp_adm_fini(&back);
  for (size_t k = 0; k < res->n_checks; k++)
    if (!res->checks[k].passed && status == SP_OK)
      status = SP_ERR_CHECK;
  goto out;
io:
  sp_diags_error(d, err, adm_final, (sp_pos){0, 0}, "master.adm", "%s; nothing of the ADM master "
                 "or its re-renders is delivered", why);
out:
  for (size_t k = 0; k < n_outs; k++) {
    render_out *o = &outs[k];
    if (o->w)
      sp_audio_abort(o->w);
    sp_vbap_free(o->v);
    sp_meter_free(o->meter);
    for (int c = 0; c < SP_MAX_CHANNELS; c++)
      free(o->ch[c]);
    free(o->final);
    free(o->file);
  }
  free(outs);
  if (adm_temp) {
    unlink(adm_temp);
    free(adm_temp);
  }
  for (size_t k = 0; k < src.n; k++)
    sp_audio_close(src.rd[k]);
  free(src.rd);
  free(src.channels);
  free(adm_final);
  sp_adm_fini(&m);
  return err != SP_OK ? err : status;
}
