/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A SoundFont file read without a synthesizer (io/synth/sf2.h): its form,
 * and from its lists which presets reach a sample. The SoundFont 2.01
 * layout, as tests/testsf2.c writes it:
 *
 *   RIFF sfbk
 *     LIST INFO   (skipped)
 *     LIST sdta   smpl: the 16-bit points every sample is a range of
 *     LIST pdta   phdr pbag pmod pgen   presets → zones → generators
 *                 inst ibag imod igen   instruments → zones → generators
 *                 shdr                  sample headers
 *
 * A preset's zone names an instrument by its last generator (41); an
 * instrument's zone names a sample by its own (53). A preset plays when a
 * zone of it names an instrument one of whose zones names a sample of at
 * least one point inside smpl, not in ROM (fluidsynth skips those). Only
 * the header, the list headers and pdta are read: a General MIDI set's
 * 141 MB of points are not. */

#include "io/synth/sf2.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The most of a pdta list read (FluidR3's is 0.1 MB). */
#define SP_SF2_MAX_PDTA_BYTES ((size_t)64 << 20)

/* The records of one pdta sub-chunk. */
typedef struct list {
  const uint8_t *p;
  size_t n; /* records, the terminal one included */
} list;

static bool find_list(const uint8_t *pdta, size_t size, const char *id, size_t rec, list *out)
{
  for (size_t at = 4; at + 8 <= size;) {
    const size_t n = sp_le32(pdta + at + 4);
    if (n > size - at - 8)
      return false;
    if (memcmp(pdta + at, id, 4) == 0) {
      if (n % rec != 0 || n / rec < 1)
        return false;
      out->p = pdta + at + 8;
      out->n = n / rec;
      return true;
    }
    at += 8 + n + (n & 1);
  }
  return false;
}

/* The index generator `oper` of zone z (bags b, generators g) gives, or -1. */
static long zone_index(const list *b, const list *g, size_t z, unsigned oper)
{
  const size_t from = sp_le16(b->p + 4 * z), to = sp_le16(b->p + 4 * (z + 1));
  for (size_t k = from; k < to && k < g->n; k++)
    if (sp_le16(g->p + 4 * k) == oper)
      return (long)sp_le16(g->p + 4 * k + 2);
  return -1;
}

/* The presets of a parsed pdta and why each plays nothing. */
static bool parse_pdta(const uint8_t *pdta, size_t size, sp_sf2_file *f)
{
  list phdr, pbag, pgen, inst, ibag, igen, shdr;
  if (!find_list(pdta, size, "phdr", 38, &phdr) || !find_list(pdta, size, "pbag", 4, &pbag) ||
      !find_list(pdta, size, "pgen", 4, &pgen) || !find_list(pdta, size, "inst", 22, &inst) ||
      !find_list(pdta, size, "ibag", 4, &ibag) || !find_list(pdta, size, "igen", 4, &igen) ||
      !find_list(pdta, size, "shdr", 46, &shdr))
    return false;
  f->n_samples = shdr.n - 1;
  for (size_t s = 0; s < f->n_samples; s++)
    f->n_compressed += (sp_le16(shdr.p + 46 * s + 44) & 0x10) != 0;
  /* which instruments reach a sample that plays, and if not, why: the
   * best a zone gets, in this order */
  enum { NOTHING, NO_INSTRUMENT, NO_SAMPLE, EMPTY, PLAYS };
  uint8_t *inst_state = sp_xcalloc(inst.n, 1);
  for (size_t i = 0; i + 1 < inst.n; i++) {
    const size_t from = sp_le16(inst.p + 22 * i + 20), to = sp_le16(inst.p + 22 * (i + 1) + 20);
    uint8_t st = NO_SAMPLE;
    for (size_t z = from; z < to && z + 1 < ibag.n; z++) {
      const long s = zone_index(&ibag, &igen, z, 53);
      if (s < 0 || (size_t)s + 1 >= shdr.n)
        continue;
      const uint8_t *h = shdr.p + 46 * (size_t)s;
      const uint32_t start = sp_le32(h + 20), end = sp_le32(h + 24);
      const unsigned type = sp_le16(h + 44);
      /* Ogg Vorbis data (0x10) is counted in bytes, 16-bit points in
       * pairs of them: of an odd smpl, fluidsynth plays none */
      const bool plays = end > start && (type & 0x8000) == 0 &&
                         ((type & 0x10) || (end <= f->n_sample_points && !(f->smpl_bytes & 1)));
      const uint8_t got = plays ? PLAYS : EMPTY;
      st = got > st ? got : st;
    }
    inst_state[i] = st;
  }
  f->n_presets = phdr.n - 1;
  f->presets = sp_xcalloc(f->n_presets ? f->n_presets : 1, sizeof *f->presets);
  for (size_t p = 0; p < f->n_presets; p++) {
    const uint8_t *h = phdr.p + 38 * p;
    const size_t from = sp_le16(h + 24), to = sp_le16(h + 38 + 24);
    uint8_t st = NOTHING;
    for (size_t z = from; z < to && z + 1 < pbag.n; z++) {
      const long i = zone_index(&pbag, &pgen, z, 41);
      const uint8_t got = i >= 0 && (size_t)i + 1 < inst.n ? inst_state[i] : NO_INSTRUMENT;
      st = got > st ? got : st;
    }
    f->presets[p].program = (int)sp_le16(h + 20);
    f->presets[p].bank = (int)sp_le16(h + 22);
    f->presets[p].mute = st == PLAYS   ? NULL
                         : st == EMPTY ? "its instruments' samples are empty (no points, or in ROM)"
                         : st == NO_SAMPLE     ? "its instruments' zones name no sample"
                         : st == NO_INSTRUMENT ? "none of its zones names an instrument"
                                               : "it has no zones";
  }
  free(inst_state);
  return true;
}

/* What the first bytes of a file that is no SoundFont say it is: its kind
 * (io/fs/kind.h), else a RIFF's form, else its first bytes. */
static void not_a_soundfont(const uint8_t *h, size_t n, char *why, size_t why_size)
{
  const sp_fs_kind *kind = sp_fs_kind_of(h, n, false);
  if (kind)
    snprintf(why, why_size, "it is %s%s, not a SoundFont (a RIFF 'sfbk' file)", kind->name,
             kind->audio ? " (audio)" : "");
  else if (n >= 12 && memcmp(h, "RIFF", 4) == 0) {
    char form[5];
    for (int k = 0; k < 4; k++)
      form[k] = h[8 + k] >= 0x20 && h[8 + k] < 0x7F ? (char)h[8 + k] : '?';
    form[4] = '\0';
    snprintf(why, why_size, "it is a RIFF '%s' file, not a SoundFont (a RIFF 'sfbk' file)", form);
  } else if (n == 0)
    snprintf(why, why_size, "it is empty, not a SoundFont");
  else {
    char start[5];
    size_t k = 0;
    for (; k < 4 && k < n; k++)
      start[k] = h[k] >= 0x20 && h[k] < 0x7F ? (char)h[k] : '?';
    start[k] = '\0';
    snprintf(why, why_size, "not a SoundFont (a RIFF 'sfbk' file): it starts with '%s'", start);
  }
}

sp_err sp_sf2_file_open(const char *path, int *fd, sp_sf2_file *out, char *why, size_t why_size)
{
  memset(out, 0, sizeof *out);
  struct stat st;
  if (sp_fs_open_regular(path, "a SoundFont", "SoundFonts from files", fd, &st, why, why_size) !=
      SP_OK)
    return SP_ERR_IO;
  if (sp_sf2_file_read_fd(*fd, out, why, why_size) != SP_OK) {
    close(*fd);
    *fd = -1;
    return SP_ERR_IO;
  }
  return SP_OK;
}

sp_err sp_sf2_file_read_fd(int fd, sp_sf2_file *out, char *why, size_t why_size)
{
  memset(out, 0, sizeof *out);
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(why, why_size, "it is not a regular file; stemprint reads SoundFonts from files only");
    return SP_ERR_IO;
  }
  uint8_t h[SP_FS_KIND_HEAD];
  const size_t got = st.st_size < SP_FS_KIND_HEAD ? (size_t)st.st_size : SP_FS_KIND_HEAD;
  if (sp_fs_pread(fd, h, got, 0) != got) {
    snprintf(why, why_size, "%s", strerror(errno ? errno : EIO));
    return SP_ERR_IO;
  }
  if (got >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "DLS ", 4) == 0) {
    out->dls = true;
    return SP_OK;
  }
  if (got < 12 || memcmp(h, "RIFF", 4) != 0 || memcmp(h + 8, "sfbk", 4) != 0) {
    not_a_soundfont(h, got, why, why_size);
    return SP_ERR_IO;
  }
  /* the top lists: sdta's smpl size, pdta read whole */
  const uint64_t end = (uint64_t)st.st_size;
  uint8_t *pdta = NULL;
  size_t pdta_size = 0;
  bool smpl_seen = false; /* without it, which sample plays is not judged here */
  for (uint64_t at = 12; at + 12 <= end;) {
    uint8_t c[12];
    if (sp_fs_pread(fd, c, 12, at) != 12)
      break;
    const uint64_t n = sp_le32(c + 4);
    if (memcmp(c, "LIST", 4) == 0 && memcmp(c + 8, "sdta", 4) == 0) {
      uint8_t s[8];
      for (uint64_t q = at + 12; q + 8 <= at + 8 + n && q + 8 <= end;) {
        if (sp_fs_pread(fd, s, 8, q) != 8)
          break;
        const uint64_t m = sp_le32(s + 4);
        if (memcmp(s, "smpl", 4) == 0) {
          const uint64_t have = end - (q + 8);
          out->n_sample_points = (size_t)((m < have ? m : have) / 2);
          out->smpl_bytes = m;
          smpl_seen = true;
        }
        q += 8 + m + (m & 1);
      }
    } else if (memcmp(c, "LIST", 4) == 0 && memcmp(c + 8, "pdta", 4) == 0 && n >= 4 &&
               n <= SP_SF2_MAX_PDTA_BYTES && at + 8 + n <= end) {
      free(pdta);
      pdta_size = (size_t)n;
      pdta = sp_xmalloc(pdta_size);
      if (sp_fs_pread(fd, pdta, pdta_size, at + 8) != pdta_size) {
        free(pdta);
        pdta = NULL;
      }
    }
    at += 8 + n + (n & 1);
  }
  if (pdta && smpl_seen)
    out->parsed = parse_pdta(pdta, pdta_size, out);
  free(pdta);
  if (!out->parsed) {
    free(out->presets);
    out->presets = NULL;
    out->n_presets = out->n_samples = out->n_compressed = 0;
  }
  return SP_OK;
}

void sp_sf2_file_fini(sp_sf2_file *f)
{
  free(f->presets);
  f->presets = NULL;
  f->n_presets = 0;
}

const char *sp_sf2_file_mute(const sp_sf2_file *f, int bank, int program)
{
  for (size_t i = 0; f->parsed && i < f->n_presets; i++)
    if (f->presets[i].bank == bank && f->presets[i].program == program)
      return f->presets[i].mute;
  return NULL;
}
