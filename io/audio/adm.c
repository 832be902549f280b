/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF files opened and read (io/audio/adm.h): their chunks (fmt, chna,
 * axml, data: through riff.c's walk, on the descriptor the file's readers
 * share, io/fs/probe.h), their samples in the model's track order, and the
 * file as the engine's reader (the null test), as a region's source (its
 * scene rendered to a layout, core/dsp/adm_render.c) and measured for
 * loudness. The axml and chna become the model in adm_read.c; the file is
 * written by adm_write.c. */

#include "io/audio/adm.h"
#include "io/audio/riff.h"
#include "core/base/bytes.h"

#include "core/base/alloc.h"
#include "core/measure/meter.h"
#include "io/fs/fs.h"
#include "io/fs/probe.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sp_adm_file {
  /* the descriptor its readers share (io/fs/probe.h), read with pread; or,
   * for a file the table does not take, one of its own */
  sp_probe *probe;
  int fd;
  int tracks, bits; /* the file's channels */
  /* the chna's entries played (a track of two UIDs is played once for
   * each, as BS.2127 renders each item), in the file's track order: the
   * model's tracks. order[entries]: the model's track each entry is;
   * from[entries]: the file's track it plays */
  int entries;
  int *order;
  uint8_t *from;
  bool is_float;
  uint64_t data_at, data_bytes, pos;
  uint8_t *buf;
};

void sp_adm_close(sp_adm_file *f)
{
  if (!f)
    return;
  if (f->probe)
    sp_probe_release(f->probe);
  else if (f->fd >= 0)
    close(f->fd);
  free(f->order);
  free(f->from);
  free(f->buf);
  free(f);
}

/* The chunks of a WAVE's head the reader walks, sniffing and opening
 * alike (a file whose chna is past them is refused when opened, never
 * played as a plain WAV): a master has a few; each costs a read. */
enum { ADM_CHUNKS = 1024 };

/* an axml or a chna: a chna alone is an ADM BWF too (BS.2088 lets one of
 * the common definitions stand without an axml), which sp_adm_open then
 * refuses, saying so, rather than it playing as a plain WAV */
static int is_axml(const sp_riff_chunk *c, void *ctx)
{
  ++*(int *)ctx;
  return memcmp(c->id, "axml", 4) == 0 || memcmp(c->id, "chna", 4) == 0;
}

bool sp_adm_sniff(const char *path)
{
  /* sniffed once a file, on the descriptor its readers share */
  sp_probe *p;
  if (sp_probe_open(path, &p, NULL, 0) != SP_OK)
    return false;
  bool adm;
  if (!sp_probe_facts(p, SP_PROBE_ADM, &adm, sizeof adm)) {
    /* a head past the chunks walked may hold a chna too: sp_adm_open
     * refuses it then, saying so */
    int chunks = 0;
    adm =
        sp_riff_walk(sp_probe_fd(p), 0, ADM_CHUNKS, is_axml, &chunks) == 1 || chunks == ADM_CHUNKS;
    sp_probe_learnt(p, SP_PROBE_ADM, &adm, sizeof adm);
  }
  sp_probe_release(p);
  return adm;
}

/* The axml a chna alone stands for (BS.2088: a file of BS.2094's common
 * definitions may have no axml): each of its n entries' UID naming the
 * track format and pack the entry names, as the EBU ADM Renderer reads
 * one (heap; its bytes into *n_out); NULL with why for an entry not of
 * IDs' characters. */
static char *axml_of_chna(const uint8_t *chna, unsigned n, uint32_t *n_out, char *why,
                          size_t why_size)
{
  /* of BS.2076-2, whose track references a chna may use (the EAR builds
   * a chna's elements itself, reading no version) */
  static const char head[] = "<ebuCoreMain><coreMetadata><format><audioFormatExtended "
                             "version=\"ITU-R_BS.2076-2\">";
  static const char tail[] = "</audioFormatExtended></format></coreMetadata></ebuCoreMain>";
  const size_t each = 256; /* an entry's element is at most 172 bytes */
  char *x = sp_xmalloc(sizeof head + sizeof tail + each * (size_t)n);
  size_t at = (size_t)sprintf(x, "%s", head);
  for (unsigned u = 0; u < n; u++) {
    const uint8_t *e = chna + 4 + 40 * (size_t)u;
    if ((e[0] | e[1] << 8) == 0 && e[2] == 0)
      continue;
    for (int i = 2; i < 39; i++)
      if (!isalnum(e[i]) && e[i] != '_' && !(i >= 28 && e[i] == 0)) {
        snprintf(why, why_size,
                 "a chna chunk and no axml, and the chna's entry %u is not of ADM IDs", u + 1);
        free(x);
        return NULL;
      }
    /* BS.2088-1: an entry names a track format, or a channel format as
     * AC_xxxxxxxx_00 (its 14 bytes; the ID is the first 11, as the EBU ADM
     * Renderer reads it: the whole was a channel format no pack holds) */
    const bool ac = memcmp(e + 14, "AC_", 3) == 0;
    const char *ref = ac ? "audioChannelFormatIDRef" : "audioTrackFormatIDRef";
    at += (size_t)sprintf(x + at,
                          "<audioTrackUID UID=\"%.12s\"><%s>%.*s</%s><audioPackFormatIDRef>%.11s"
                          "</audioPackFormatIDRef></audioTrackUID>",
                          (const char *)e + 2, ref, ac ? 11 : 14, (const char *)e + 14, ref,
                          (const char *)e + 28);
  }
  at += (size_t)sprintf(x + at, "%s", tail);
  *n_out = (uint32_t)at;
  return x;
}

typedef struct {
  sp_adm_file *af;
  uint64_t size;
  char *why;
  size_t why_size;
  char *axml; /* made of the chna alone where the file has no axml */
  uint8_t *chna;
  uint32_t chna_n, axml_n;
  bool has_axml; /* the file's: axml_n bytes at axml_at */
  uint64_t axml_at;
  unsigned rate;
  bool have_fmt, have_data;
  int chunks;          /* walked */
  char last[4];        /* the chunk before this one ("" before the first) */
  uint64_t seen_at[4]; /* where each of fmt, chna, axml, data began (0: not yet) */
} open_walk;

/* Whether id is a chunk's: printable ASCII (RIFF's FOURCC; the EBU ADM
 * Renderer takes letters and digits, padded with spaces). Anything else
 * is where a size before it (or a ds64's) pointed wrong. */
static bool chunk_id(const char *id)
{
  for (int i = 0; i < 4; i++)
    if (id[i] < 0x20 || id[i] > 0x7e)
      return false;
  return true;
}

/* k bytes of the file's axml from its byte at, into buf (sp_xml_doc's read). */
static bool axml_piece(void *ctx, char *buf, size_t at, size_t k)
{
  const open_walk *w = ctx;
  return sp_fs_pread(w->af->fd, buf, k, w->axml_at + at) == k;
}

/* sp_adm_open's look at one chunk: 0 to go on, 1 to stop, 2 on a fault (in why) */
static int open_chunk(const sp_riff_chunk *c, void *ctx)
{
  open_walk *w = ctx;
  sp_adm_file *af = w->af;
  char *why = w->why;
  const size_t why_size = w->why_size;
  const uint64_t at = c->at, size = w->size;
  uint64_t n = c->size;
  w->chunks++;
  if (!chunk_id(c->id)) {
    snprintf(why, why_size,
             "at byte %llu, after its %s%.4s%s, bytes that are no chunk (a chunk's ID is four "
             "letters): the size %s gives is wrong, or the file is damaged",
             (unsigned long long)(at - 8), w->last[0] ? "'" : "", w->last[0] ? w->last : "header",
             w->last[0] ? "' chunk" : "",
             memcmp(w->last, "data", 4) == 0 ? "its data chunk (or its ds64)" : "the chunk before");
    return 2;
  }
  memcpy(w->last, c->id, 4);
  static const char *const once[] = {"fmt ", "chna", "axml", "data"};
  for (int i = 0; i < 4; i++) {
    if (memcmp(c->id, once[i], 4) != 0)
      continue;
    if (w->seen_at[i]) {
      snprintf(why, why_size,
               "two '%.4s' chunks (at bytes %llu and %llu); a BWF has one, and readers differ "
               "on which they take: remove the one that is not the file's",
               once[i], (unsigned long long)(w->seen_at[i] - 8), (unsigned long long)(at - 8));
      return 2;
    }
    w->seen_at[i] = at;
  }
  if (memcmp(c->id, "data", 4) == 0) {
    if (n > size - at)
      n = size - at; /* a cut file: the data it holds; frames below say so */
    af->data_at = at;
    af->data_bytes = n;
    w->have_data = true;
  } else if (n > size - at) {
    snprintf(why, why_size, "its '%.4s' chunk claims %llu bytes and the file has %llu after it",
             c->id, (unsigned long long)n, (unsigned long long)(size - at));
    return 2;
  } else if (memcmp(c->id, "fmt ", 4) == 0 && n < 16) {
    snprintf(why, why_size, "its fmt chunk is %llu bytes, shorter than a WAVE format's 16",
             (unsigned long long)n);
    return 2;
  } else if (memcmp(c->id, "fmt ", 4) == 0) {
    uint8_t d[40] = {0};
    if (sp_fs_pread(af->fd, d, n < 40 ? n : 40, at) != (n < 40 ? n : 40))
      return 1;
    unsigned tag = d[0] | d[1] << 8;
    af->tracks = d[2] | d[3] << 8;
    w->rate = sp_le32(d + 4);
    af->bits = d[14] | d[15] << 8;
    if (tag == 0xFFFE && n >= 40)
      tag = d[24] | d[25] << 8;
    af->is_float = tag == 3;
    if (!((tag == 1 && (af->bits == 16 || af->bits == 24 || af->bits == 32)) ||
          (tag == 3 && af->bits == 32))) {
      snprintf(why, why_size, "its audio is format %u at %d bits; an ADM BWF is PCM", tag,
               af->bits);
      return 2;
    }
    w->have_fmt = true;
  } else if (memcmp(c->id, "chna", 4) == 0) {
    if (n < 4 || n > 4 + 40 * 1024) {
      snprintf(why, why_size, "a chna chunk of %llu bytes", (unsigned long long)n);
      return 2;
    }
    w->chna = sp_xmalloc(n);
    w->chna_n = (uint32_t)n;
    if (sp_fs_pread(af->fd, w->chna, n, at) != n)
      return 1;
  } else if (memcmp(c->id, "axml", 4) == 0) {
    if (n > SP_ADM_MAX_AXML) {
      snprintf(why, why_size, "an axml of %llu bytes; stemprint reads at most %u",
               (unsigned long long)n, SP_ADM_MAX_AXML);
      return 2;
    }
    w->has_axml = true; /* read where it is, a piece at a time (axml_piece) */
    w->axml_at = at;
    w->axml_n = (uint32_t)n;
  }
  return at + n >= size;
}

sp_err sp_adm_open(const char *path, sp_adm_file **out, sp_adm *m, char *why, size_t why_size)
{
  return sp_adm_open_as(path, NULL, out, m, why, why_size);
}

sp_err sp_adm_open_as(const char *path, const sp_adm_choice *choice, sp_adm_file **out, sp_adm *m,
                      char *why, size_t why_size)
{
  *out = NULL;
  memset(m, 0, sizeof *m);
  sp_adm_file *af = sp_xcalloc(1, sizeof *af);
  af->fd = -1;
  open_walk w = {.af = af, .why = why, .why_size = why_size};
  sp_err err = SP_ERR_IO;
  char r[384];
  struct stat st;
  if (sp_probe_open(path, &af->probe, r, sizeof r) != SP_OK ||
      fstat(af->fd = sp_probe_fd(af->probe), &st) != 0) {
    snprintf(why, why_size, "cannot open: %s", af->probe ? strerror(errno) : r);
    goto fail;
  }
  w.size = (uint64_t)st.st_size;
  const int walked = sp_riff_walk(af->fd, 0, ADM_CHUNKS, open_chunk, &w);
  if (walked < 0) {
    snprintf(why, why_size, "not a WAV, RF64 or BW64 file");
    goto fail;
  }
  if (walked == 2)
    goto fail;
  if (!w.have_fmt || !w.have_data) {
    if (w.chunks >= ADM_CHUNKS)
      snprintf(why, why_size,
               "no %s chunk among its first %d chunks, as many as stemprint reads of a WAV's "
               "head: is the file damaged?",
               w.have_fmt ? "data" : "fmt", ADM_CHUNKS);
    else
      snprintf(why, why_size, "no %s chunk", w.have_fmt ? "data" : "fmt");
    goto fail;
  }
  if (af->tracks < 1 || af->tracks > SP_ADM_MAX_TRACKS || w.rate < 8000 || w.rate > 384000) {
    snprintf(why, why_size,
             "its fmt chunk says %d channels at %u Hz; an ADM BWF stemprint reads has 1 to %d "
             "tracks at 8 to 384 kHz",
             af->tracks, w.rate, SP_ADM_MAX_TRACKS);
    goto fail;
  }
  if (!w.chna) {
    snprintf(why, why_size, "no chna chunk: not an ADM BWF");
    goto fail;
  }
  const unsigned n_uids = w.chna[2] | w.chna[3] << 8;
  if (4 + 40 * (uint64_t)n_uids > w.chna_n) {
    snprintf(why, why_size, "its chna lists %u UIDs in %u bytes", n_uids, w.chna_n);
    goto fail;
  }
  const bool chna_alone = !w.has_axml;
  if (chna_alone && !(w.axml = axml_of_chna(w.chna, n_uids, &w.axml_n, why, why_size)))
    goto fail;
  /* the chna's entries, by the file's track (a track's in the chna's order) */
  char(*uids)[13] = sp_xcalloc(SP_ADM_MAX_TRACKS, sizeof *uids);
  sp_adm_chna_ref *refs = sp_xcalloc(SP_ADM_MAX_TRACKS, sizeof *refs);
  af->from = sp_xcalloc(SP_ADM_MAX_TRACKS, sizeof *af->from);
  for (int k = 1; k <= af->tracks; k++)
    for (unsigned u = 0; u < n_uids; u++) {
      const uint8_t *e = w.chna + 4 + 40 * (size_t)u;
      const unsigned track = e[0] | e[1] << 8;
      if (track == 0 && e[2] == 0)
        continue;
      if (track < 1 || (int)track > af->tracks) {
        snprintf(why, why_size, "its chna names track %u, and the file has %d", track, af->tracks);
        free(uids), free(refs);
        goto fail;
      }
      if ((int)track != k || e[2] == 0)
        continue; /* another track's, or no UID (a track of none is not played) */
      /* a UID names one track (BS.2088; the EAR refuses one on two), and
       * is one entry however often the chna names it there */
      bool again = false;
      for (int q = 0; q < af->entries && !again; q++) {
        if (memcmp(uids[q], e + 2, 12) != 0)
          continue;
        if (af->from[q] != k - 1) {
          snprintf(why, why_size,
                   "its chna gives UID %.12s to tracks %d and %d; a UID is one track's (BS.2088, "
                   "the EBU ADM Renderer refuses it): give each track a UID of its own",
                   (const char *)(e + 2), af->from[q] + 1, k);
          free(uids), free(refs);
          goto fail;
        }
        again = true;
      }
      if (again)
        continue;
      if (af->entries == SP_ADM_MAX_TRACKS) {
        snprintf(why, why_size, "its chna names more than %d UIDs; stemprint plays at most %d",
                 SP_ADM_MAX_TRACKS, SP_ADM_MAX_TRACKS);
        free(uids), free(refs);
        goto fail;
      }
      memcpy(uids[af->entries], e + 2, 12);
      sp_adm_chna_ref *ref = &refs[af->entries];
      memcpy(ref->track, e + 14, memcmp(e + 14, "AC_", 3) == 0 ? 11 : 14); /* AC_xxxxxxxx_00 */
      memcpy(ref->pack, e + 28, 11);
      af->from[af->entries++] = (uint8_t)(k - 1);
    }
  /* a track the chna gives no UID is in no audioObject: BS.2127 plays
   * none of it (the EAR neither), and neither does the model */
  if (af->entries == 0) {
    snprintf(why, why_size, "its chna gives none of its %d tracks a UID: nothing of it plays",
             af->tracks);
    free(uids), free(refs);
    goto fail;
  }
  const unsigned bytes = (unsigned)af->bits / 8;
  m->rate = w.rate;
  m->frames = (int64_t)(af->data_bytes / (bytes * (uint64_t)af->tracks));
  af->order = sp_xcalloc((size_t)af->entries, sizeof *af->order);
  const sp_xml_doc axml = {.text = w.axml, .n = w.axml_n, .read = axml_piece, .ctx = &w};
  err = sp_adm_parse_as(&axml, uids, refs, af->entries, choice, m, af->order, m->unread,
                        sizeof m->unread, why, why_size);
  free(uids), free(refs);
  if (err != SP_OK && chna_alone) {
    char said[512];
    snprintf(said, sizeof said, "%s", why);
    snprintf(why, why_size,
             "a chna chunk and no axml, its tracks read as the chna names them, by BS.2094's "
             "common definitions: %s; write the file with its axml, or remove its chna to play "
             "its tracks as a plain multichannel WAV",
             said);
  }
  if (err != SP_OK)
    goto fail;
  af->buf = sp_xmalloc((size_t)4096 * bytes * (size_t)af->tracks);
  free(w.axml);
  free(w.chna);
  *out = af;
  return SP_OK;
fail:
  free(w.axml);
  free(w.chna);
  sp_adm_close(af);
  sp_adm_fini(m);
  return SP_ERR_IO;
}

int64_t sp_adm_read(sp_adm_file *f, float *const *ch, size_t n, char *why, size_t why_size)
{
  const unsigned bytes = (unsigned)f->bits / 8;
  const uint64_t frame = bytes * (uint64_t)f->tracks;
  const uint64_t left = (f->data_bytes - f->pos) / frame;
  size_t want = n < 4096 ? n : 4096;
  if ((uint64_t)want > left)
    want = (size_t)left;
  if (want == 0)
    return 0;
  if (sp_fs_pread(f->fd, f->buf, want * frame, f->data_at + f->pos) != want * frame) {
    snprintf(why, why_size, "the file ends before its data does");
    return -1;
  }
  f->pos += want * frame;
  for (size_t i = 0; i < want; i++)
    for (int k = 0; k < f->entries; k++) {
      const uint8_t *p = f->buf + i * frame + (size_t)f->from[k] * bytes;
      float v;
      if (f->is_float) {
        uint32_t u = sp_le32(p);
        memcpy(&v, &u, 4);
      } else if (bytes == 2) {
        v = (float)(int16_t)(p[0] | p[1] << 8) / 32768.0f;
      } else if (bytes == 3) {
        const int32_t s =
            (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
        v = (float)((double)s / 8388608.0);
      } else {
        v = (float)((double)(int32_t)sp_le32(p) / 2147483648.0);
      }
      ch[f->order[k]][i] = v;
    }
  return (int64_t)want;
}

/* ---- the null test of ADM files ------------------------------------------ */

/* Frame frame (0 .. its frames; past its end: its end) of f read next. */
static sp_err adm_seek(sp_adm_file *f, int64_t frame, char *why, size_t why_size)
{
  const uint64_t fb = (uint64_t)f->bits / 8 * (uint64_t)f->tracks;
  const uint64_t at = frame < 0 ? 0 : (uint64_t)frame * fb;
  (void)why, (void)why_size; /* reads are at f->pos: nothing can fail */
  f->pos = at < f->data_bytes ? at : f->data_bytes / fb * fb;
  return SP_OK;
}

/* An ADM BWF as the engine's reader: its tracks interleaved. */
typedef struct adm_reader {
  sp_reader base;
  sp_adm_file *f;
  int tracks;
  float *ch[SP_ADM_MAX_TRACKS];
  char error[256];
} adm_reader;

enum { READ_BLOCK = 4096 };

/* Up to frames frames into buf, interleaved, as floats or doubles. */
static int64_t adm_read_into(adm_reader *a, void *buf, bool doubles, int64_t frames)
{
  int64_t done = 0;
  while (done < frames) {
    const int64_t want = frames - done < READ_BLOCK ? frames - done : READ_BLOCK;
    const int64_t n = sp_adm_read(a->f, a->ch, (size_t)want, a->error, sizeof a->error);
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    for (int64_t i = 0; i < n; i++)
      for (int k = 0; k < a->tracks; k++) {
        const int64_t at = (done + i) * a->tracks + k;
        if (doubles)
          ((double *)buf)[at] = a->ch[k][i];
        else
          ((float *)buf)[at] = a->ch[k][i];
      }
    done += n;
  }
  return done;
}

static int64_t adm_read_float(sp_reader *r, float *buf, int64_t frames)
{
  return adm_read_into((adm_reader *)r, buf, false, frames);
}

static int64_t adm_read_double(sp_reader *r, double *buf, int64_t frames)
{
  return adm_read_into((adm_reader *)r, buf, true, frames);
}

static sp_err adm_reader_seek(sp_reader *r, int64_t frame, char *why, size_t why_size)
{
  return adm_seek(((adm_reader *)r)->f, frame, why, why_size);
}

static const char *adm_reader_error(const sp_reader *r) { return ((const adm_reader *)r)->error; }

static void adm_reader_close(sp_reader *r)
{
  adm_reader *a = (adm_reader *)r;
  for (int k = 0; k < a->tracks; k++)
    free(a->ch[k]);
  sp_adm_close(a->f);
  free(a);
}

static const sp_reader_ops adm_reader_ops = {adm_read_float, adm_read_double, adm_reader_seek,
                                             adm_reader_error, adm_reader_close, NULL};

/* An ADM BWF as its reader lays it out, learnt once per file (its
 * probe's facts): the null test opens each file once per chunk it reads,
 * and its axml, a master's megabytes, is parsed once. */
typedef struct adm_layout {
  sp_adm_file f; /* its pointers and descriptor not used */
  int64_t frames;
  double rate;
  int order[SP_ADM_MAX_TRACKS];
  uint8_t from[SP_ADM_MAX_TRACKS];
  char unplayed[96], vbap_unplayed[96], reordered[160], refused[640];
} adm_layout;
_Static_assert(sizeof(adm_layout) <= SP_PROBE_FACTS_MAX, "an ADM layout fits the probe's place");

sp_err sp_adm_reader_open(const char *name, sp_reader **out, sp_audio_info *info, char *why,
                          size_t why_size)
{
  *out = NULL;
  sp_adm_file *f = sp_xcalloc(1, sizeof *f);
  adm_layout k;
  sp_probe *p = NULL;
  if (sp_probe_open(name, &p, NULL, 0) == SP_OK &&
      sp_probe_facts(p, SP_PROBE_ADM_READ, &k, sizeof k)) {
    *f = k.f;
    f->probe = p;
    f->fd = sp_probe_fd(p);
    f->order = memcpy(sp_xcalloc((size_t)f->entries, sizeof *f->order), k.order,
                      (size_t)f->entries * sizeof *f->order);
    f->from = memcpy(sp_xcalloc((size_t)f->entries, sizeof *f->from), k.from,
                     (size_t)f->entries * sizeof *f->from);
    f->buf = sp_xmalloc((size_t)4096 * (size_t)(f->bits / 8) * (size_t)f->tracks);
  } else {
    sp_adm model;
    sp_probe_release(p);
    free(f);
    const sp_err err = sp_adm_open(name, &f, &model, why, why_size);
    if (err != SP_OK)
      return err;
    k = (adm_layout){.f = *f, .frames = model.frames, .rate = model.rate};
    memcpy(k.order, f->order, (size_t)f->entries * sizeof *f->order);
    memcpy(k.from, f->from, (size_t)f->entries * sizeof *f->from);
    sp_adm_unplayed_said(&model, k.unplayed, sizeof k.unplayed);
    sp_adm_vbap_unplayed(&model, k.vbap_unplayed, sizeof k.vbap_unplayed);
    snprintf(k.reordered, sizeof k.reordered, "%s", model.reordered);
    snprintf(k.refused, sizeof k.refused, "%s", model.refused);
    sp_adm_fini(&model);
    if (f->probe)
      sp_probe_learnt(f->probe, SP_PROBE_ADM_READ, &k, sizeof k);
  }
  adm_reader *a = sp_xcalloc(1, sizeof *a);
  a->base.ops = &adm_reader_ops;
  a->f = f;
  a->tracks = f->entries;
  for (int t = 0; t < a->tracks; t++)
    a->ch[t] = sp_xmalloc(READ_BLOCK * sizeof(float));
  *info = (sp_audio_info){.frames = k.frames,
                          .channels = f->entries,
                          .sample_rate = (int)k.rate,
                          .bits = f->bits,
                          .is_float = f->is_float};
  snprintf(info->format, sizeof info->format, "adm");
  snprintf(info->unplayed, sizeof info->unplayed, "%s", k.unplayed);
  snprintf(info->vbap_unplayed, sizeof info->vbap_unplayed, "%s", k.vbap_unplayed);
  snprintf(info->reordered, sizeof info->reordered, "%s", k.reordered);
  snprintf(info->refused, sizeof info->refused, "%s", k.refused);
  *out = &a->base;
  return SP_OK;
}

/* ---- an ADM BWF as a region's source -------------------------------------- */

typedef struct adm_source {
  sp_source base;
  sp_adm_file *f;
  sp_adm m;
  const sp_layout *l;
  sp_adm_renderer *r;
  int64_t t; /* the next frame of the file */
  float *in[SP_ADM_MAX_TRACKS];
  double *acc; /* the render's sums */
  char *name;
  struct stat st; /* the file when opened */
} adm_source;

static sp_err adm_source_read(sp_source *src, float *const *ch, size_t frames, char *why,
                              size_t why_size)
{
  adm_source *a = (adm_source *)src;
  size_t done = 0;
  while (done < frames) {
    const size_t want = frames - done < READ_BLOCK ? frames - done : READ_BLOCK;
    int64_t n = a->t < a->m.frames ? sp_adm_read(a->f, a->in, want, why, why_size) : 0;
    if (n < 0)
      return SP_ERR_IO;
    if (n == 0) { /* past the end: silence */
      for (int c = 0; c < a->l->n; c++)
        memset(ch[c] + done, 0, (frames - done) * sizeof(float));
      break;
    }
    float *out[SP_MAX_CHANNELS];
    for (int c = 0; c < a->l->n; c++)
      out[c] = ch[c] + done;
    sp_adm_render(a->r, a->t, (size_t)n, (const float *const *)a->in, out, a->acc);
    a->t += n;
    done += (size_t)n;
  }
  return SP_OK;
}

static sp_err adm_source_unchanged(const sp_source *src, char *why, size_t why_size)
{
  const adm_source *a = (const adm_source *)src;
  struct stat st;
  if (stat(a->name, &st) != 0 || st.st_size != a->st.st_size ||
      st.st_mtim.tv_sec != a->st.st_mtim.tv_sec || st.st_mtim.tv_nsec != a->st.st_mtim.tv_nsec) {
    snprintf(why, why_size, "'%s' changed while it was read", a->name);
    return SP_ERR_IO;
  }
  return SP_OK;
}

static void adm_source_close(sp_source *src)
{
  adm_source *a = (adm_source *)src;
  for (int k = 0; k < a->m.tracks; k++)
    free(a->in[k]);
  free(a->acc);
  sp_adm_renderer_free(a->r);
  sp_adm_close(a->f);
  sp_adm_fini(&a->m);
  free(a->name);
  free(a);
}

static const sp_source_ops adm_source_ops = {adm_source_read, adm_source_unchanged,
                                             adm_source_close};

sp_err sp_adm_source_open(const char *path, const sp_layout *l, bool bed_only, double session_rate,
                          int64_t from_frames, sp_source **out, char *why, size_t why_size)
{
  return sp_adm_source_open_as(path, NULL, l, bed_only, session_rate, from_frames, out, why,
                               why_size);
}

sp_err sp_adm_source_open_as(const char *path, const sp_adm_choice *choice, const sp_layout *l,
                             bool bed_only, double session_rate, int64_t from_frames,
                             sp_source **out, char *why, size_t why_size)
{
  *out = NULL;
  adm_source *a = sp_xcalloc(1, sizeof *a);
  sp_err err = sp_adm_open_as(path, choice, &a->f, &a->m, why, why_size);
  if (err != SP_OK) {
    free(a);
    return err;
  }
  a->name = sp_xstrdup(path);
  if (bed_only) { /* the renderer plays the objects it is given: none */
    for (size_t i = 0; i < a->m.n_objects; i++) {
      free(a->m.objects[i].name);
      free(a->m.objects[i].blocks);
    }
    free(a->m.objects);
    a->m.objects = NULL;
    a->m.n_objects = 0;
  }
  a->l = l;
  a->r = sp_adm_renderer_new(&a->m, l);
  for (int k = 0; k < a->m.tracks; k++)
    a->in[k] = sp_xmalloc(READ_BLOCK * sizeof(float));
  a->acc = sp_xcalloc((size_t)READ_BLOCK * (size_t)l->n, sizeof *a->acc);
  a->base.ops = &adm_source_ops;
  a->base.channels = l->n;
  a->base.frames = a->m.frames;
  a->base.name = a->name;
  if (stat(path, &a->st) != 0 || (session_rate > 0 && a->m.rate != session_rate)) {
    snprintf(why, why_size,
             "an ADM BWF at %g Hz in a session at %g Hz; a scene is rendered at its own rate "
             "(resample it, or set sample_rate: %g)",
             a->m.rate, session_rate, a->m.rate);
    err = SP_ERR_IO;
  } else if (from_frames > 0) {
    err = adm_seek(a->f, from_frames, why, why_size);
  }
  a->t = from_frames > 0 ? from_frames : 0;
  if (err != SP_OK)
    adm_source_close(&a->base);
  else
    *out = &a->base;
  return err;
}

sp_err sp_adm_measure(const sp_layout *l, bool series, sp_loudness_file *f, char *why,
                      size_t why_size)
{
  sp_source *src;
  char reason[512];
  sp_err err = sp_adm_source_open(f->path, l, false, 0, 0, &src, reason, sizeof reason);
  if (err != SP_OK) {
    snprintf(why, why_size, "cannot read '%s': %s", f->path, reason);
    return err;
  }
  adm_source *a = (adm_source *)src;
  const double rate = a->m.rate;
  f->layout = l;
  f->info = (sp_audio_info){.frames = a->m.frames,
                            .channels = l->n,
                            .sample_rate = (int)rate,
                            .bits = 0,
                            .is_float = true,
                            .mask = l->mask};
  snprintf(f->info.format, sizeof f->info.format, "adm");
  if ((err = sp_meter_new_layout(l, rate, 0, &f->meter)) != SP_OK) {
    snprintf(why, why_size, "%s: cannot meter %s at %g Hz", f->path, l->name, rate);
    adm_source_close(&a->base);
    return err;
  }
  if (series)
    sp_meter_keep_series(f->meter);
  sp_meters *each = l->n > 2 ? sp_meters_new(l->n, rate, 0) : NULL;
  if (each)
    sp_meter_peak_from(f->meter, each); /* the true peak once, channel by channel */
  float *out[SP_MAX_CHANNELS];
  for (int c = 0; c < l->n; c++)
    out[c] = sp_xmalloc(READ_BLOCK * sizeof(float));
  for (int64_t t = 0; err == SP_OK && t < a->m.frames; t += READ_BLOCK) {
    const size_t n = (size_t)(a->m.frames - t < READ_BLOCK ? a->m.frames - t : READ_BLOCK);
    if ((err = adm_source_read(&a->base, out, n, reason, sizeof reason)) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", f->path, reason);
      break;
    }
    sp_meter_add(f->meter, (const float *const *)out, n);
    if (each)
      sp_meters_add(each, (const float *const *)out, n);
  }
  if (err == SP_OK) {
    sp_meter_result(f->meter, &f->l);
    if (each) {
      sp_meters_result(each, f->by_channel);
      f->n_channels = l->n;
    }
  }
  sp_meters_free(each);
  for (int c = 0; c < l->n; c++)
    free(out[c]);
  adm_source_close(&a->base);
  return err;
}
