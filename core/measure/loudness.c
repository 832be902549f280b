/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measuring files: a file is read in blocks of 16384 interleaved frames,
 * deinterleaved into planes and added to its own meter and, for an album,
 * to the album's meter too: a mono file plays on every channel of the
 * album, as a mono song plays on every channel of an album recipe's master
 * (core/album/album.c), and a file of other channels on its own, those
 * past them silent. Full scale, for the
 * clipped count, is each file's own: the album meter is told every file's
 * depth before its samples arrive.
 *
 * An album is opened before any file is read: every file's header, so the
 * album meter has one rate and a layout every file fits (the widest
 * file's), and a file that cannot be measured is found before any work. */

#include "core/measure/loudness.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where full scale is for this file's encoding (sp_meter_new). */
static int pcm_bits(const sp_audio_info *info) { return info->is_float ? 0 : info->bits; }

/* The layout a file is measured as (sp_meter_layout_of). */
static const sp_layout *file_layout(const sp_audio_info *info, sp_layout_own *own)
{
  return sp_meter_layout_of(info->mask, info->channels, own);
}

/* Whether the meter takes this file: a line in why when not. */
static bool meterable(const char *path, const sp_audio_info *info, char *why, size_t why_size)
{
  if (!file_layout(info, NULL)) {
    snprintf(why, why_size,
             "'%s' has %d channels, a count no layout stemprint measures has (1 to 8, 10, 12 or "
             "16: mono to 9.1.6; stemprint help layouts)",
             path, info->channels);
    return false;
  }
  if (info->sample_rate < 8000 || info->sample_rate > 768000) {
    snprintf(why, why_size, "'%s' is at %d Hz; stemprint measures from 8 kHz to 768 kHz", path,
             info->sample_rate);
    return false;
  }
  return true;
}

sp_err sp_loudness_measure(const sp_media *media, sp_loudness_file *m, bool series,
                           sp_loudness_album *al, char *why, size_t why_size)
{
  sp_reader *r;
  char reason[256];
  if (media->open(media, m->path, &r, &m->info, reason, sizeof reason) != SP_OK) {
    snprintf(why, why_size, "cannot read '%s': %s", m->path, reason);
    return SP_ERR_IO;
  }
  if (!meterable(m->path, &m->info, why, why_size)) {
    r->ops->close(r);
    return SP_ERR_IO;
  }
  m->layout = file_layout(&m->info, &m->own);
  if (sp_meter_new_layout(m->layout, m->info.sample_rate, pcm_bits(&m->info), &m->meter) != SP_OK) {
    snprintf(why, why_size, "cannot measure '%s' (%d channels at %d Hz)", m->path, m->info.channels,
             m->info.sample_rate);
    r->ops->close(r);
    return SP_ERR_IO;
  }
  if (al && (m->info.sample_rate != al->sample_rate ||
             !sp_meter_layout_fits(m->layout, &al->layout))) {
    snprintf(why, why_size, "'%s' changed while the album was measured", m->path);
    r->ops->close(r);
    return SP_ERR_IO;
  }
  if (series)
    sp_meter_keep_series(m->meter);
  if (al)
    sp_meter_set_pcm_bits(al->meter, pcm_bits(&m->info));
  enum { BLOCK = 16384 };
  const size_t C = (size_t)m->info.channels, A = al ? (size_t)al->channels : C;
  /* a surround file: each channel alone too */
  sp_meters *each = C > 2 ? sp_meters_new((int)C, m->info.sample_rate, pcm_bits(&m->info)) : NULL;
  if (each)
    sp_meter_peak_from(m->meter, each); /* the true peak once, channel by channel */
  float *buf = sp_xcalloc(BLOCK * C, sizeof *buf), *pl[SP_METER_MAX_CHANNELS];
  for (size_t c = 0; c < A; c++)
    pl[c] = sp_xcalloc(BLOCK, sizeof(float)); /* those past C stay silent */
  sp_err err = SP_OK;
  for (;;) {
    int64_t got = r->ops->read_float(r, buf, BLOCK);
    if (got < 0) {
      snprintf(why, why_size, "cannot read '%s': %s", m->path, r->ops->error(r));
      err = SP_ERR_IO;
      break;
    }
    if (got == 0)
      break;
    for (size_t c = 0; c < C; c++)
      for (size_t i = 0; i < (size_t)got; i++)
        pl[c][i] = buf[i * C + c];
    const size_t len = (size_t)got;
    for (size_t c = 1; C == 1 && c < A; c++) /* a mono file: on every channel */
      memcpy(pl[c], pl[0], len * sizeof(float));
    if (al) /* the file a part of the album: their true peak interpolated once */
      sp_meter_add_parts(al->meter, &m->meter, &len, 1, (const float *const *)pl, len);
    else
      sp_meter_add(m->meter, (const float *const *)pl, len);
    if (each)
      sp_meters_add(each, (const float *const *)pl, len);
  }
  free(buf);
  for (size_t c = 0; c < A; c++)
    free(pl[c]);
  r->ops->close(r);
  if (err == SP_OK)
    sp_meter_result(m->meter, &m->l);
  if (err == SP_OK && each) {
    sp_meters_result(each, m->by_channel);
    m->n_channels = (int)C;
  }
  sp_meters_free(each);
  if (err == SP_OK && m->l.frames == 0) { /* nothing to measure is not silence measured */
    snprintf(why, why_size, "'%s' holds no audio (0 frames decode from it)", m->path);
    err = SP_ERR_IO;
  }
  return err;
}

sp_err sp_loudness_album_open(const sp_media *media, sp_loudness_file *ms, size_t n, bool series,
                              sp_loudness_album *al, char *why, size_t why_size,
                              sp_loudness_mismatch *mismatch)
{
  for (size_t i = 0; i < n; i++) {
    char reason[256];
    if (sp_media_probe(media, ms[i].path, &ms[i].info, reason, sizeof reason) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", ms[i].path, reason);
      return SP_ERR_IO;
    }
    if (!meterable(ms[i].path, &ms[i].info, why, why_size))
      return SP_ERR_IO;
    ms[i].layout = file_layout(&ms[i].info, &ms[i].own);
  }
  size_t widest = 0;
  for (size_t i = 0; i < n; i++) {
    if (ms[i].info.sample_rate != ms[0].info.sample_rate) {
      *mismatch = (sp_loudness_mismatch){.a = i, .b = 0, .rates = true};
      return SP_ERR_USAGE;
    }
    if (ms[i].info.channels > ms[widest].info.channels)
      widest = i;
  }
  /* the album's layout is the widest file's, its channels' own copy */
  al->layout = *ms[widest].layout;
  memcpy(al->ch, al->layout.ch, (size_t)al->layout.n * sizeof *al->ch);
  al->layout.ch = al->ch;
  const int A = al->layout.n;
  for (size_t i = 0; i < n; i++)
    if (!sp_meter_layout_fits(ms[i].layout, &al->layout)) {
      *mismatch = (sp_loudness_mismatch){.a = i, .b = widest, .rates = false};
      return SP_ERR_USAGE;
    }
  al->channels = A;
  al->sample_rate = ms[0].info.sample_rate;
  if (sp_meter_new_layout(&al->layout, al->sample_rate, 0, &al->meter) != SP_OK) {
    snprintf(why, why_size, "cannot measure %d channels at %d Hz", A, al->sample_rate);
    return SP_ERR_IO;
  }
  if (series)
    sp_meter_keep_series(al->meter);
  return SP_OK;
}

void sp_loudness_album_result(sp_loudness_album *al) { sp_meter_result(al->meter, &al->l); }

void sp_loudness_file_fini(sp_loudness_file *f)
{
  sp_meter_free(f->meter);
  f->meter = NULL;
}

void sp_loudness_album_fini(sp_loudness_album *al)
{
  sp_meter_free(al->meter);
  al->meter = NULL;
}
