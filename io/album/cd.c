/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A CD image: BIN, CUE and TOC (io/album/cd.h).
 *
 *   master (float, album rate) ──source at 44.1 kHz (libsoxr)──► planar float
 *     ──TPDF dither, 16 bits (seeded by the BIN's name)──► int16 LE pairs
 *     ──► BASE.bin (zeros to a whole sector)
 *   disc + layout ──► BASE.cue, BASE.toc (ISO-8859-1 text)
 *
 * All three are written under temporary names beside their places and
 * renamed only when the three are whole. */

#include "io/album/cd.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/quantize.h"
#include "io/fs/fs.h"

#include <errno.h>
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

/* A TOC string: "...", \" and \\ escaped, bytes above 127 in octal. */
static void toc_string(FILE *f, const char *s)
{
  char *l = latin1(s);
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)l; *c; c++) {
    if (*c == '"' || *c == '\\')
      fprintf(f, "\\%c", *c);
    else if (*c >= 0x80)
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

/* The master through src at 44.1 kHz, dithered to 16 bits, into the BIN,
 * then zeros to the image's last sector. */
static sp_err write_bin(sp_source *src, const sp_cd_layout *l, uint64_t seed, pending *bin,
                        sp_cd_result *res, char *why, size_t why_size)
{
  const int C = src->channels; /* 1 or 2: a mono master's one sample on both channels */
  float *ch[2] = {sp_xcalloc(BLOCK, sizeof(float)), NULL};
  ch[1] = C == 2 ? sp_xcalloc(BLOCK, sizeof(float)) : NULL;
  int32_t *ints = sp_xcalloc(2 * BLOCK, sizeof *ints);
  unsigned char *bytes = sp_xcalloc(4 * BLOCK, 1);
  sp_quantizer q;
  sp_quantizer_init(&q, 16, true, seed);
  sp_err err = SP_OK;
  for (int64_t at = 0; err == SP_OK && at < l->samples; at += BLOCK) {
    const size_t n = l->samples - at < BLOCK ? (size_t)(l->samples - at) : BLOCK;
    if ((err = src->ops->read(src, ch, n, why, why_size)) != SP_OK)
      break;
    sp_quantize(&q, (const float *const *)ch, C, n, ints);
    for (size_t i = 0; i < 2 * n; i++) {
      const uint32_t v = (uint32_t)ints[C == 2 ? i : i / 2] >> 16; /* the top 16 bits */
      bytes[2 * i] = (unsigned char)(v & 0xFF);
      bytes[2 * i + 1] = (unsigned char)(v >> 8);
    }
    err = pending_write(bin, bytes, 4 * n, why, why_size);
  }
  const int64_t pad = l->sectors * SP_CD_SAMPLES_PER_SECTOR - l->samples;
  memset(bytes, 0, 4 * BLOCK);
  if (err == SP_OK && pad > 0)
    err = pending_write(bin, bytes, (size_t)pad * 4, why, why_size);
  if (res)
    res->clipped = q.clipped;
  free(ch[0]);
  free(ch[1]);
  free(ints);
  free(bytes);
  return err;
}

/* The master as d says it is: its rate and length, one or two channels. */
static sp_err open_master(const sp_media *m, const char *master, const sp_cd_disc *d,
                          const sp_cd_layout *l, sp_source **src, char *why, size_t why_size)
{
  sp_audio_info info;
  sp_err err = sp_media_probe(m, master, &info, why, why_size);
  if (err != SP_OK)
    return err;
  if (info.sample_rate != d->rate_hz || info.frames != d->frames) {
    snprintf(why, why_size,
             "the master '%s' is %" PRId64 " frames at %d Hz, and its disc says %" PRId64
             " at %d Hz; place the disc's tracks on this master",
             master, info.frames, info.sample_rate, d->frames, d->rate_hz);
    return SP_ERR_USAGE;
  }
  if (info.channels != 1 && info.channels != 2) {
    snprintf(why, why_size,
             "the master '%s' has %d channels, and a CD holds 2; fold the master to stereo", master,
             info.channels);
    return SP_ERR_USAGE;
  }
  if ((err = m->source(m, master, SP_CD_RATE_HZ, 0, src, why, why_size)) != SP_OK)
    return err;
  if ((*src)->frames != l->samples) { /* the same rounding: a bug if not */
    snprintf(why, why_size,
             "the master '%s' resampled is %" PRId64 " frames, and its disc's placement %" PRId64
             "; report it as a bug in stemprint",
             master, (*src)->frames, l->samples);
    (*src)->ops->close(*src);
    return SP_ERR_RENDER;
  }
  return SP_OK;
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

sp_err sp_cd_write(const sp_media *m, const char *master, const sp_cd_disc *d, const char *base,
                   sp_cd_result *res, char *why, size_t why_size)
{
  if (res)
    memset(res, 0, sizeof *res);
  sp_err err = check_name(base, why, why_size);
  if (err == SP_OK)
    err = refuse(d, why, why_size);
  if (err != SP_OK)
    return err;
  sp_cd_layout l;
  sp_cd_place_disc(d, &l);
  sp_source *src = NULL;
  err = open_master(m, master, d, &l, &src, why, why_size);
  pending files[3] = {{.fd = -1}, {.fd = -1}, {.fd = -1}}; /* bin, toc, cue */
  static const char *const ext[3] = {".bin", ".toc", ".cue"};
  for (int k = 0; err == SP_OK && k < 3; k++) {
    char *path = sp_xasprintf("%s%s", base, ext[k]);
    err = pending_open(&files[k], path, why, why_size);
    free(path);
  }
  const char *bin_name = sp_base_name(files[0].path ? files[0].path : base);
  /* the dither's seed: the BIN's name, as output.also's files are seeded */
  const uint64_t seed = sp_hash_string(bin_name) ^ 0x5354454d5052494eull;
  if (err == SP_OK)
    err = write_bin(src, &l, seed, &files[0], res, why, why_size);
  if (err == SP_OK)
    err = src->ops->unchanged(src, why, why_size);
  if (src)
    src->ops->close(src);
  for (int k = 1; err == SP_OK && k < 3; k++) {
    char *text = k == 1 ? sp_cd_toc_text(d, &l, bin_name) : sp_cd_cue_text(d, &l, bin_name);
    err = pending_write(&files[k], text, strlen(text), why, why_size);
    free(text);
  }
  for (int k = 0; err == SP_OK && k < 3; k++) /* after a failure pending_drop closes them */
    err = pending_close(&files[k], why, why_size);
  for (int k = 0; err == SP_OK && k < 3; k++)
    if (rename(files[k].tmp, files[k].path) != 0) {
      snprintf(why, why_size, "cannot write '%s': %s", files[k].path, strerror(errno));
      err = SP_ERR_IO;
    } else {
      free(files[k].tmp);
      files[k].tmp = NULL;
    }
  if (err == SP_OK && res)
    res->sectors = l.sectors;
  for (int k = 0; k < 3; k++)
    pending_drop(&files[k]);
  sp_cd_layout_fini(&l);
  return err;
}
