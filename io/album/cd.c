/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A CD image: BIN, CUE and TOC (io/album/cd.h).
 *
 *   master's frames (float, album rate: fed by the album's pass) ──libsoxr to 44.1 kHz, CHUNK
 * frames a call──► ──TPDF dither (or none), 16 bits, in blocks of BLOCK (seeded by the BIN's
 * name)──► int16 LE pairs ──► BASE.bin (zeros to a whole sector), and a meter (its figures) disc +
 * layout ──► BASE.cue, BASE.toc (ISO-8859-1 text)
 *
 * All three are written under temporary names beside their places and
 * renamed only when the three are whole. */

#include "io/album/cd.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/quantize.h"
#include "core/measure/meter.h"
#include "core/media/media.h" /* sp_session_frames */
#include "io/fs/fs.h"

#include <errno.h>
#include <soxr.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = 4096 };

/* ---- text ---------------------------------------------------------------- */

/* s in Latin-1 (d passed sp_redbook_check, so it converts), heap. */
static char *latin1(const char *s)
{
  const size_t n = s ? strlen(s) : 0;
  char *out = sp_xmalloc(n + 1), why[128];
  if (!sp_cd_text_latin1(s, out, n + 1, why))
    out[0] = '\0';
  return out;
}

/* A CUE string: "...", a double quote written as two apostrophes. */
static void cue_string(FILE *f, const char *s)
{
  char *l = latin1(s);
  fputc('"', f);
  for (const char *c = l; *c; c++)
    fputs(*c == '"' ? "''" : (char[]){*c, 0}, f);
  fputc('"', f);
  free(l);
}

/* A TOC string: "...", \" escaped, a backslash and bytes above 127 in
 * octal (cdrdao reads "\\" as two: review 26 F12). */
static void toc_string(FILE *f, const char *s)
{
  char *l = latin1(s);
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)l; *c; c++) {
    if (*c == '"')
      fputs("\\\"", f);
    else if (*c >= 0x80 || *c == '\\')
      fprintf(f, "\\%03o", *c);
    else
      fputc(*c, f);
  }
  fputc('"', f);
  free(l);
}


/* A stream into a heap text; out of memory aborts, as sp_xmalloc does. */
static FILE *text_stream(char **text, size_t *size)
{
  FILE *f = open_memstream(text, size);
  if (!f) {
    fputs("stemprint: out of memory (a CD sheet's text)\n", stderr);
    abort();
  }
  return f;
}

static void put_msf(FILE *f, const char *before, int64_t sectors, const char *after)
{
  char t[16];
  sp_cd_msf(sectors, t);
  fprintf(f, "%s%s%s", before, t, after);
}

char *sp_cd_cue_text(const sp_cd_disc *d, const sp_cd_layout *l, const char *bin_name)
{
  char *text = NULL;
  size_t size = 0;
  FILE *f = text_stream(&text, &size);
  if (sp_cd_given(d->catalog)) {
    char cat[14];
    sp_upc_catalog(d->catalog, cat);
    fprintf(f, "CATALOG %s\n", cat);
  }
  const char *keys[3] = {"TITLE", "PERFORMER", "SONGWRITER"};
  const char *disc[3] = {d->title, d->performer, d->songwriter};
  for (int k = 0; k < 3; k++)
    if (sp_cd_given(disc[k])) {
      fprintf(f, "%s ", keys[k]);
      cue_string(f, disc[k]);
      fputc('\n', f);
    }
  fputs("FILE ", f);
  cue_string(f, bin_name);
  fputs(" BINARY\n", f);
  for (size_t i = 0; i < d->n; i++) {
    const sp_cd_track *t = &d->tracks[i];
    const sp_cd_place *p = &l->tracks[i];
    fprintf(f, "  TRACK %02zu AUDIO\n", i + 1);
    const char *texts[3] = {t->title, t->performer, t->songwriter};
    for (int k = 0; k < 3; k++)
      if (sp_cd_given(texts[k])) {
        fprintf(f, "    %s ", keys[k]);
        cue_string(f, texts[k]);
        fputc('\n', f);
      }
    if (sp_cd_given(t->isrc)) {
      char isrc[13];
      sp_isrc_compact(t->isrc, isrc);
      fprintf(f, "    ISRC %s\n", isrc);
    }
    if (p->index0_sectors >= 0)
      put_msf(f, "    INDEX 00 ", p->index0_sectors, "\n");
    put_msf(f, "    INDEX 01 ", p->index1_sectors, "\n");
    for (size_t k = 0; k < p->n_index; k++) {
      fprintf(f, "    INDEX %02zu ", k + 2);
      put_msf(f, "", p->index_sectors[k], "\n");
    }
  }
  fclose(f);
  return text;
}

/* A TOC's CD_TEXT block for one language 0: the items in use, each given
 * ("" where not: cdrdao asks an item used anywhere to be everywhere). */
static void toc_cd_text(FILE *f, const char *indent, const bool used[3], const char *const s[3],
                        bool map)
{
  static const char *keys[3] = {"TITLE", "PERFORMER", "SONGWRITER"};
  fprintf(f, "%sCD_TEXT {\n", indent);
  if (map)
    fprintf(f, "%s  LANGUAGE_MAP {\n%s    0 : EN\n%s  }\n", indent, indent, indent);
  fprintf(f, "%s  LANGUAGE 0 {\n", indent);
  for (int k = 0; k < 3; k++)
    if (used[k]) {
      fprintf(f, "%s    %s ", indent, keys[k]);
      toc_string(f, s[k]);
      fputc('\n', f);
    }
  fprintf(f, "%s  }\n%s}\n", indent, indent);
}

char *sp_cd_toc_text(const sp_cd_disc *d, const sp_cd_layout *l, const char *bin_name)
{
  char *text = NULL;
  size_t size = 0;
  FILE *f = text_stream(&text, &size);
  bool used[3] = {sp_cd_given(d->title), sp_cd_given(d->performer), sp_cd_given(d->songwriter)}, any = false;
  for (size_t i = 0; i < d->n; i++) {
    used[0] = used[0] || sp_cd_given(d->tracks[i].title);
    used[1] = used[1] || sp_cd_given(d->tracks[i].performer);
    used[2] = used[2] || sp_cd_given(d->tracks[i].songwriter);
  }
  any = used[0] || used[1] || used[2];
  fputs("// written by stemprint: the BIN is 16-bit stereo at 44.1 kHz, little-endian (SWAP)\n"
        "CD_DA\n",
        f);
  if (sp_cd_given(d->catalog)) {
    char cat[14];
    sp_upc_catalog(d->catalog, cat);
    fprintf(f, "CATALOG \"%s\"\n", cat);
  }
  if (any)
    toc_cd_text(f, "", used, (const char *const[3]){d->title, d->performer, d->songwriter}, true);
  for (size_t i = 0; i < d->n; i++) {
    const sp_cd_track *t = &d->tracks[i];
    const sp_cd_place *p = &l->tracks[i];
    fprintf(f, "\n// track %zu\nTRACK AUDIO\n", i + 1);
    if (sp_cd_given(t->isrc)) {
      char isrc[13];
      sp_isrc_compact(t->isrc, isrc);
      fprintf(f, "ISRC \"%s\"\n", isrc);
    }
    if (any)
      toc_cd_text(f, "", used, (const char *const[3]){t->title, t->performer, t->songwriter},
                  false);
    const int64_t first = p->index0_sectors >= 0 ? p->index0_sectors : p->index1_sectors;
    fputs("FILE ", f);
    toc_string(f, bin_name);
    put_msf(f, " SWAP ", first, "");
    put_msf(f, " ", p->end_sectors - first, "\n");
    if (p->index0_sectors >= 0)
      put_msf(f, "START ", p->index1_sectors - p->index0_sectors, "\n");
    for (size_t k = 0; k < p->n_index; k++)
      put_msf(f, "INDEX ", p->index_sectors[k] - p->index1_sectors, "\n");
  }
  fclose(f);
  return text;
}

/* ---- the image ----------------------------------------------------------- */

/* A file being written beside path under a temporary name. */
typedef struct pending {
  char *path, *tmp;
  int fd;
} pending;

static sp_err pending_open(pending *p, const char *path, char *why, size_t why_size)
{
  p->path = sp_xstrdup(path);
  /* what would make the rename fail once the others have landed, found now */
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    snprintf(why, why_size,
             "cannot write '%s': %s is in its place; remove it or choose another name", path,
             S_ISDIR(st.st_mode) ? "a folder" : "something other than a file");
    return SP_ERR_IO;
  }
  p->tmp = sp_fs_temp_template(path);
  p->fd = mkstemp(p->tmp);
  if (p->fd < 0) {
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(errno));
    free(p->tmp);
    p->tmp = NULL;
    return SP_ERR_IO;
  }
  fchmod(p->fd, sp_fs_file_mode()); /* mkstemp's 0600 is not what a user's file gets */
  return SP_OK;
}

static sp_err pending_write(pending *p, const void *buf, size_t n, char *why, size_t why_size)
{
  if (sp_fs_write_all(p->fd, buf, n))
    return SP_OK;
  snprintf(why, why_size, "cannot write '%s': %s", p->path, strerror(errno));
  return SP_ERR_IO;
}

static sp_err pending_close(pending *p, char *why, size_t why_size)
{
  const int fd = p->fd;
  p->fd = -1;
  if (fd >= 0 && close(fd) != 0) {
    snprintf(why, why_size, "cannot write '%s': %s", p->path, strerror(errno));
    return SP_ERR_IO;
  }
  return SP_OK;
}

/* Remove what is still under its temporary name, and free. */
static void pending_drop(pending *p)
{
  if (p->fd >= 0)
    close(p->fd);
  if (p->tmp)
    unlink(p->tmp);
  free(p->tmp);
  free(p->path);
  memset(p, 0, sizeof *p);
  p->fd = -1;
}

/* ---- the BIN, fed the master ------------------------------------------------ */

/* The image being made: the master's frames in, at its rate, through
 * libsoxr (none at 44.1 kHz) in chunks of CHUNK frames, each chunk's calls
 * as io/audio/stream.c makes them for a file (its output is the master
 * file's resampled, bit for bit), dithered in blocks of BLOCK 44.1 kHz
 * frames into the BIN. */
enum { CHUNK = 4096 };

struct sp_cd_image {
  const sp_cd_disc *d;
  sp_cd_layout l;
  pending files[3]; /* bin, toc, cue */
  const char *bin_name;
  int C;        /* the master's channels: 1 or 2 */
  soxr_t soxr;  /* NULL at 44.1 kHz */
  float *in;    /* a chunk of the master, interleaved */
  size_t in_len;
  float *out;   /* what one soxr_process call made, interleaved */
  float *blk[2]; /* 44.1 kHz frames waiting for the quantizer (planar) */
  size_t blk_len;
  int64_t done; /* 44.1 kHz frames given to the quantizer */
  sp_quantizer q;
  int32_t *ints;
  unsigned char *bytes;
  sp_meter *meter; /* the BIN's codes as it plays (sp_cd_result.loudness) */
  float *played[2];
  sp_err err; /* the first failure: nothing more is written */
  char why[512];
};

/* The block of 44.1 kHz frames dithered into the BIN. */
static void bin_block(sp_cd_image *im)
{
  const size_t n = im->blk_len;
  im->blk_len = 0;
  if (n == 0 || im->err != SP_OK)
    return;
  sp_quantize(&im->q, (const float *const *)im->blk, im->C, n, im->ints);
  for (size_t i = 0; i < 2 * n; i++) {
    const uint32_t v = (uint32_t)im->ints[im->C == 2 ? i : i / 2] >> 16; /* the top 16 bits */
    im->bytes[2 * i] = (unsigned char)(v & 0xFF);
    im->bytes[2 * i + 1] = (unsigned char)(v >> 8);
    im->played[i % 2][i / 2] = (float)(int16_t)(uint16_t)v / 32768.0f;
  }
  sp_meter_add(im->meter, (const float *const *)im->played, n);
  im->err = pending_write(&im->files[0], im->bytes, 4 * n, im->why, sizeof im->why);
  im->done += (int64_t)n;
}

/* 44.1 kHz frames (planar ch[c][i * step], or zeros when ch is NULL) into
 * the BIN's blocks, up to the image's length. */
static void bin_add(sp_cd_image *im, const float *const *ch, size_t step, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (im->done + (int64_t)im->blk_len >= im->l.samples)
      return;
    for (int c = 0; c < im->C; c++)
      im->blk[c][im->blk_len] = ch ? ch[c][i * step] : 0.0f;
    if (++im->blk_len == BLOCK ||
        im->done + (int64_t)im->blk_len == im->l.samples) /* a block as stream.c's reads */
      bin_block(im);
  }
}

/* What soxr made (interleaved) into the BIN's blocks. */
static void bin_add_interleaved(sp_cd_image *im, size_t made)
{
  const float *ch[2] = {im->out, im->out + 1};
  bin_add(im, ch, (size_t)im->C, made);
}

/* The chunk in `in` through the resampler: soxr_process with what is left
 * of it until none is, as stream.c's refill calls it. */
static void bin_chunk(sp_cd_image *im)
{
  for (size_t at = 0; im->err == SP_OK && at < im->in_len;) {
    size_t used = 0, made = 0;
    soxr_error_t e = soxr_process(im->soxr, im->in + at * (size_t)im->C, im->in_len - at, &used,
                                  im->out, CHUNK, &made);
    if (e) {
      snprintf(im->why, sizeof im->why, "resampler error: %s", e);
      im->err = SP_ERR_IO;
      break;
    }
    at += used;
    bin_add_interleaved(im, made);
  }
  im->in_len = 0;
}

sp_err sp_cd_image_add(sp_cd_image *im, const float *const *ch, size_t n)
{
  if (!im->soxr)
    bin_add(im, ch, 1, n);
  for (size_t i = 0; im->soxr && i < n && im->err == SP_OK; i++) {
    for (int c = 0; c < im->C; c++)
      im->in[im->in_len * (size_t)im->C + (size_t)c] = ch[c][i];
    if (++im->in_len == CHUNK)
      bin_chunk(im);
  }
  return im->err;
}

/* The refusal of a disc that breaks a rule: its first, and how many. */
static sp_err refuse(const sp_cd_disc *d, char *why, size_t why_size)
{
  sp_redbook_issue *is = NULL;
  const size_t n = sp_redbook_check(d, &is);
  if (n)
    snprintf(why, why_size, "the disc breaks %zu Red Book rule%s: %s%s", n, n == 1 ? "" : "s",
             is[0].text, n > 1 ? " (and more: check the album)" : "");
  free(is);
  return n ? SP_ERR_USAGE : SP_OK;
}

/* Whether the BIN's file name can be written into both sheets as it is:
 * printable ASCII but for the quote and the backslash, which neither sheet
 * can hold the same way (a file name is bytes, not CD-Text). */
static sp_err check_name(const char *base, char *why, size_t why_size)
{
  const char *name = sp_base_name(base);
  for (const char *c = name; *c; c++)
    if (*c < 0x20 || *c > 0x7E || *c == '"' || *c == '\\') {
      snprintf(why, why_size,
               "the image's name '%s' has a character a CUE sheet and a TOC cannot both hold "
               "(character %zu); name it with ASCII letters, digits, spaces and punctuation but "
               "for \" and \\",
               name, (size_t)(c - name) + 1);
      return SP_ERR_USAGE;
    }
  if (!*name) {
    snprintf(why, why_size, "the image's name '%s' names a folder; give it a file name", base);
    return SP_ERR_USAGE;
  }
  return SP_OK;
}

/* The image's files opened under temporary names, and its resampler. */
sp_err sp_cd_image_open(const sp_cd_disc *d, const char *base, int channels, bool dither,
                        sp_cd_image **out, char *why, size_t why_size)
{
  *out = NULL;
  sp_err err = check_name(base, why, why_size);
  if (err == SP_OK)
    err = refuse(d, why, why_size);
  if (err == SP_OK && channels != 1 && channels != 2) {
    snprintf(why, why_size, "the master has %d channels, and a CD holds 2; fold the master to stereo",
             channels);
    err = SP_ERR_USAGE;
  }
  if (err != SP_OK)
    return err;
  sp_cd_image *im = sp_xcalloc(1, sizeof *im);
  im->d = d;
  im->C = channels;
  for (int k = 0; k < 3; k++)
    im->files[k].fd = -1;
  sp_cd_place_disc(d, &im->l);
  if (sp_session_frames(d->frames, d->rate_hz, SP_CD_RATE_HZ) != im->l.samples) {
    snprintf(why, why_size,
             "the master resampled is %" PRId64 " frames, and its disc's placement %" PRId64
             "; report it as a bug in stemprint",
             sp_session_frames(d->frames, d->rate_hz, SP_CD_RATE_HZ), im->l.samples);
    sp_cd_image_free(im);
    return SP_ERR_RENDER;
  }
  static const char *const ext[3] = {".bin", ".toc", ".cue"};
  for (int k = 0; err == SP_OK && k < 3; k++) {
    char *path = sp_xasprintf("%s%s", base, ext[k]);
    err = pending_open(&im->files[k], path, why, why_size);
    free(path);
  }
  if (err == SP_OK && d->rate_hz != SP_CD_RATE_HZ) {
    soxr_error_t e;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_VHQ, 0);
    im->soxr = soxr_create((double)d->rate_hz, (double)SP_CD_RATE_HZ, (unsigned)channels, &e, &io,
                           &q, NULL);
    if (!im->soxr) {
      snprintf(why, why_size, "cannot resample from %d Hz: %s", d->rate_hz, e);
      err = SP_ERR_IO;
    }
    im->in = sp_xcalloc((size_t)CHUNK * (size_t)channels, sizeof *im->in);
    im->out = sp_xcalloc((size_t)CHUNK * (size_t)channels, sizeof *im->out);
  }
  if (err != SP_OK) {
    sp_cd_image_free(im);
    return err;
  }
  im->bin_name = sp_base_name(im->files[0].path);
  /* the dither's seed: the BIN's name, as output.also's files are seeded */
  sp_quantizer_init(&im->q, 16, dither, sp_hash_string(im->bin_name) ^ 0x5354454d5052494eull);
  for (int c = 0; c < channels; c++)
    im->blk[c] = sp_xcalloc(BLOCK, sizeof(float));
  im->ints = sp_xcalloc(2 * BLOCK, sizeof *im->ints);
  im->bytes = sp_xcalloc(4 * BLOCK, 1);
  for (int c = 0; c < 2; c++)
    im->played[c] = sp_xcalloc(BLOCK, sizeof(float));
  if (sp_meter_new(2, SP_CD_RATE_HZ, 16, &im->meter) != SP_OK) {
    snprintf(why, why_size, "cannot meter the CD image's loudness");
    sp_cd_image_free(im);
    return SP_ERR_RENDER;
  }
  *out = im;
  return SP_OK;
}

sp_err sp_cd_image_finish(sp_cd_image *im, sp_cd_result *res, char *why, size_t why_size)
{
  if (res)
    memset(res, 0, sizeof *res);
  if (im->soxr && im->in_len > 0) /* the master's last chunk, then what soxr holds */
    bin_chunk(im);
  while (im->soxr && im->err == SP_OK && im->done + (int64_t)im->blk_len < im->l.samples) {
    size_t made = 0;
    soxr_error_t e = soxr_process(im->soxr, NULL, 0, NULL, im->out, CHUNK, &made);
    if (e) {
      snprintf(im->why, sizeof im->why, "resampler error: %s", e);
      im->err = SP_ERR_IO;
    }
    if (made == 0)
      break;
    bin_add_interleaved(im, made);
  }
  bin_add(im, NULL, 1, (size_t)(im->l.samples - im->done - (int64_t)im->blk_len)); /* silence */
  bin_block(im);
  sp_err err = im->err;
  if (err != SP_OK)
    snprintf(why, why_size, "%s", im->why);
  const int64_t pad = im->l.sectors * SP_CD_SAMPLES_PER_SECTOR - im->l.samples;
  memset(im->bytes, 0, 4 * BLOCK);
  if (err == SP_OK && pad > 0)
    err = pending_write(&im->files[0], im->bytes, (size_t)pad * 4, why, why_size);
  if (res) {
    res->clipped = im->q.clipped;
    sp_meter_result(im->meter, &res->loudness);
  }
  for (int k = 1; err == SP_OK && k < 3; k++) {
    char *text = k == 1 ? sp_cd_toc_text(im->d, &im->l, im->bin_name)
                        : sp_cd_cue_text(im->d, &im->l, im->bin_name);
    err = pending_write(&im->files[k], text, strlen(text), why, why_size);
    free(text);
  }
  for (int k = 0; err == SP_OK && k < 3; k++) /* after a failure pending_drop closes them */
    err = pending_close(&im->files[k], why, why_size);
  if (err == SP_OK && res)
    res->sectors = im->l.sectors;
  return err;
}

void sp_cd_image_files(const sp_cd_image *im, const char *temps[3], const char *finals[3])
{
  for (int k = 0; k < 3; k++) {
    temps[k] = im->files[k].tmp;
    finals[k] = im->files[k].path;
  }
}

void sp_cd_image_landed(sp_cd_image *im)
{
  for (int k = 0; k < 3; k++) {
    free(im->files[k].tmp);
    im->files[k].tmp = NULL;
  }
}

void sp_cd_image_free(sp_cd_image *im)
{
  if (!im)
    return;
  for (int k = 0; k < 3; k++)
    pending_drop(&im->files[k]);
  if (im->soxr)
    soxr_delete(im->soxr);
  free(im->in);
  free(im->out);
  free(im->blk[0]);
  free(im->blk[1]);
  free(im->ints);
  free(im->bytes);
  free(im->played[0]);
  free(im->played[1]);
  sp_meter_free(im->meter);
  sp_cd_layout_fini(&im->l);
  free(im);
}
