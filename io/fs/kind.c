/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a file is, by its first bytes (io/fs/kind.h). */

#include "io/fs/kind.h"

#include <string.h>
#include <strings.h>

typedef struct row {
  const char *magic; /* len bytes at at; bits: only its set bits are compared (a sync word) */
  unsigned char at, len;
  bool bits;
  const char *then; /* confirmed by then_len bytes at then_at, */
  unsigned char then_at, then_len;
  signed char binary_at; /* or by a byte no text holds at binary_at (-1: by the magic alone) */
  sp_fs_kind kind;
} row;

#define MAGIC(at, s) s, at, sizeof s - 1, false
#define SYNC(s) s, 0, sizeof s - 1, true
#define FORM(at, s) s, at, sizeof s - 1, -1 /* RIFF's and FORM's form type, W64's GUID */
#define BINARY(at) NULL, 0, 0, at           /* a size or a version: text may begin as the magic */
#define ALONE NULL, 0, 0, -1

/* The first row of a magic is what by_magic finds: the audio form of a
 * container (RIFF: WAVE, FORM: AIFF) comes before the others. In the rest,
 * a file of two kinds (ftyp at 4 after another magic) is the earlier row's. */
static const row rows[] = {
    {MAGIC(0, "RIFF"), FORM(8, "WAVE"), {"a WAV file", NULL, true, ".wav .bwf", NULL}},
    {MAGIC(0, "RF64"), FORM(8, "WAVE"), {"a WAV file", NULL, true, ".rf64", NULL}},
    {MAGIC(0, "BW64"), FORM(8, "WAVE"), {"a WAV file", NULL, true, NULL, NULL}},
    {MAGIC(0, "FORM"), FORM(8, "AIFF"), {"an AIFF file", NULL, true, ".aif .aiff", NULL}},
    {MAGIC(0, "FORM"), FORM(8, "AIFC"), {"an AIFF file", NULL, true, ".aifc", NULL}},
    {MAGIC(0, "riff"), FORM(4, "\x2e\x91\xcf\x11"), {"a W64 file", NULL, true, ".w64", NULL}},
    {MAGIC(4, "ftyp"), ALONE, {"an MPEG-4 file", NULL, true, ".m4a .mp4", "mp4"}},
    {MAGIC(0, "PK\x03\x04"),
     ALONE,
     {"a ZIP file", "a DAWproject session is read by its .dawproject name", false, ".zip", NULL}},
    {MAGIC(0, "fLaC"), BINARY(4), {"a FLAC file", NULL, true, ".flac", NULL}},
    {MAGIC(0, "OggS"),
     BINARY(4),
     {"an Ogg (Opus or Vorbis) file", NULL, true, ".ogg .oga .opus", NULL}},
    {MAGIC(0, "caff"), BINARY(4), {"a CAF file", NULL, true, ".caf", NULL}},
    {MAGIC(0, "MThd"), BINARY(4), {"a Standard MIDI File", NULL, false, ".mid .midi", NULL}},
    {MAGIC(0, "ID3"),
     BINARY(3),
     {"an MP3 file", NULL, true, ".mp3", NULL}}, /* its version, 2 to 4 */
    {SYNC("\xff\xe0"),
     ALONE,
     {"an MP3 file", NULL, true, NULL, NULL}}, /* a frame's 11 bits of sync */
    /* kinds the loader learnt from this table: they come after its own */
    {MAGIC(0, "RIFX"), FORM(8, "WAVE"), {"a WAV file", NULL, true, NULL, NULL}}, /* big-endian */
    {MAGIC(0, "RIFF"), FORM(8, "sfbk"), {"a SoundFont", NULL, false, ".sf2", NULL}},
    /* libsndfile's other formats with a magic */
    {MAGIC(0, ".snd"), BINARY(4), {"an AU file", NULL, true, ".au .snd", NULL}},
    {MAGIC(0, "dns."), BINARY(5), {"an AU file", NULL, true, NULL, NULL}},
    {MAGIC(0, "NIST"), FORM(4, "_1A\n"), {"a NIST SPHERE file", NULL, true, ".sph", NULL}},
    {MAGIC(0, "Creative Voice"), FORM(14, " File\x1a"), {"a VOC file", NULL, true, ".voc", NULL}},
    {MAGIC(0, "MATLAB"), FORM(6, " 5.0 MAT-file"), {"a MATLAB 5 file", NULL, true, NULL, NULL}},
    {MAGIC(0, "2BIT"), BINARY(14), {"an AVR file", NULL, true, ".avr", NULL}},
    {MAGIC(0, " paf"), BINARY(4), {"a PAF file", NULL, true, ".paf", NULL}},
    {MAGIC(0, "fap "), BINARY(4), {"a PAF file", NULL, true, NULL, NULL}},
    /* a file Git LFS stands in for, in a checkout without `git lfs pull` */
    {MAGIC(0, "version https://git-"),
     ALONE,
     {"a Git LFS pointer", "fetch the file it stands for with `git lfs pull`", false, NULL, NULL}},
    /* FFmpeg's others */
    {MAGIC(0, "wvpk"), BINARY(9), {"a WavPack file", NULL, true, ".wv", "wv"}},
};

/* Whether the n bytes at b hold the l bytes of s at at (under bits: s's set bits). */
static bool holds(const unsigned char *b, size_t n, size_t at, const char *s, size_t l, bool bits)
{
  if (n < at + l)
    return false;
  for (size_t i = 0; i < l; i++)
    if ((bits ? b[at + i] & (unsigned char)s[i] : b[at + i]) != (unsigned char)s[i])
      return false;
  return true;
}

/* A byte no text holds there: a control character but a tab or a line's
 * end (text that begins "fLaC" on a line of its own is text: no kind's
 * byte there is one), or a UTF-8 continuation byte, which never follows
 * the ASCII of a magic (a FLAC's first block that is its last: 0x80). */
static bool binary(unsigned char c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x80 && c < 0xc0);
}

const sp_fs_kind *sp_fs_kind_of(const void *head, size_t n, bool by_magic)
{
  const unsigned char *b = head;
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const row *r = &rows[i];
    if (!holds(b, n, r->at, r->magic, r->len, r->bits))
      continue;
    /* a file that ends with its magic is its kind: no text is a magic alone
     * (a MIDI file cut after 'MThd'), though it may begin as one */
    const bool ends = n == (size_t)r->at + r->len;
    if (by_magic || (r->then ? holds(b, n, r->then_at, r->then, r->then_len, false)
                             : r->binary_at < 0 || ends ||
                                   ((size_t)r->binary_at < n && binary(b[r->binary_at]))))
      return &r->kind;
  }
  return NULL;
}

const sp_fs_kind *sp_fs_kind_named(const char *name)
{
  const char *dot = strrchr(name, '.');
  const size_t l = dot ? strlen(dot) : 0;
  for (size_t i = 0; l > 1 && i < sizeof rows / sizeof *rows; i++)
    for (const char *e = rows[i].kind.exts; e && *e;) {
      const size_t k = strcspn(e, " ");
      if (k == l && strncasecmp(e, dot, l) == 0)
        return &rows[i].kind;
      e += k + (e[k] == ' ');
    }
  return NULL;
}
