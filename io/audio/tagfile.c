/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tags of a finished FLAC or MP3 file (tagfile.h):
 *
 *   FLAC  Vorbis comments (TITLE, ARTIST, ALBUM, ALBUMARTIST, TRACKNUMBER,
 *         TRACKTOTAL, DISCNUMBER, DISCTOTAL, DATE, GENRE, ISRC, COMPOSER,
 *         BARCODE) and a PICTURE block (front cover), through libFLAC's
 *         metadata chain (the only module that includes <FLAC/metadata.h>);
 *         read back, its channel mask's comment (its blocks' headers
 *         walked here, the Vorbis comment's body alone read)
 *   MP3   an ID3v2.4 tag written here, before the first frame (TIT2,
 *         TPE1, TALB, TPE2, TRCK, TPOS, TDRC, TCON, TSRC, TCOM, APIC), text
 *         in UTF-8; LAME's info frame, the first MPEG frame, is kept as it
 *         is, so a decoder still trims the encoder's delay and padding. */

#include "io/audio/tagfile.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/fs/fs.h"

#include <FLAC/metadata.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <strings.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An sp_tags as text; NULL or "": not said. */
typedef struct tag_text {
  const char *title, *artist, *album, *album_artist, *date, *genre, *isrc, *composer, *barcode;
  char track[24], total[24], disc[24], discs[24], trck[56], tpos[56];
  const char *cover, *cover_mime; /* the image's bytes */
  size_t cover_len;
} tag_text;

static void number(char *buf, size_t size, int n)
{
  if (n > 0)
    snprintf(buf, size, "%d", n);
  else
    buf[0] = 0;
}

/* "n/of", "n" or "" (n not said) */
static void pair(char *buf, size_t size, int n, int of)
{
  if (n > 0 && of > 0)
    snprintf(buf, size, "%d/%d", n, of);
  else
    number(buf, size, n);
}

static void vc_set(FLAC__StreamMetadata *vc, const char *name, const char *value)
{
  if (!value || !*value)
    return;
  FLAC__StreamMetadata_VorbisComment_Entry e;
  if (FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, name, value))
    FLAC__metadata_object_vorbiscomment_replace_comment(vc, e, true, false);
}

static sp_err tag_flac(const char *path, const tag_text *t, char *why, size_t why_size)
{
  FLAC__Metadata_Chain *chain = FLAC__metadata_chain_new();
  if (!chain || !FLAC__metadata_chain_read(chain, path)) {
    snprintf(why, why_size, "cannot tag '%s': libFLAC cannot read its metadata", path);
    FLAC__metadata_chain_delete(chain);
    return SP_ERR_IO;
  }
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
  FLAC__metadata_iterator_init(it, chain);
  FLAC__StreamMetadata *vc = NULL;
  do {
    if (FLAC__metadata_iterator_get_block_type(it) == FLAC__METADATA_TYPE_VORBIS_COMMENT)
      vc = FLAC__metadata_iterator_get_block(it);
  } while (!vc && FLAC__metadata_iterator_next(it));
  if (!vc) {
    vc = FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT);
    FLAC__metadata_iterator_insert_block_after(it, vc);
  }
  vc_set(vc, "TITLE", t->title);
  vc_set(vc, "ARTIST", t->artist);
  vc_set(vc, "ALBUM", t->album);
  vc_set(vc, "ALBUMARTIST", t->album_artist);
  vc_set(vc, "TRACKNUMBER", t->track);
  vc_set(vc, "TRACKTOTAL", t->total);
  vc_set(vc, "DISCNUMBER", t->disc);
  vc_set(vc, "DISCTOTAL", t->discs);
  vc_set(vc, "DATE", t->date);
  vc_set(vc, "GENRE", t->genre);
  vc_set(vc, "ISRC", t->isrc);
  vc_set(vc, "COMPOSER", t->composer);
  vc_set(vc, "BARCODE", t->barcode);
  if (t->cover) {
    FLAC__StreamMetadata *pic = FLAC__metadata_object_new(FLAC__METADATA_TYPE_PICTURE);
    pic->data.picture.type = FLAC__STREAM_METADATA_PICTURE_TYPE_FRONT_COVER;
    FLAC__metadata_object_picture_set_mime_type(pic, (char *)t->cover_mime, true);
    FLAC__metadata_object_picture_set_description(pic, (FLAC__byte *)"", true);
    FLAC__metadata_object_picture_set_data(pic, (FLAC__byte *)t->cover, (FLAC__uint32)t->cover_len,
                                           true);
    FLAC__metadata_iterator_insert_block_after(it, pic);
  }
  FLAC__metadata_iterator_delete(it);
  FLAC__metadata_chain_sort_padding(chain);
  const bool ok = FLAC__metadata_chain_write(chain, true, false);
  if (!ok)
    snprintf(why, why_size, "cannot tag '%s': %s", path,
             FLAC__Metadata_ChainStatusString[FLAC__metadata_chain_status(chain)]);
  FLAC__metadata_chain_delete(chain);
  return ok ? SP_OK : SP_ERR_IO;
}

/* ---- the cover ---------------------------------------------------------------- */

/* What the n bytes at b are, when they are no JPEG or PNG, in words. */
static void not_an_image(const unsigned char *b, size_t n, char *out, size_t size)
{
  bool text = n > 0;
  for (size_t i = 0; i < n && i < 64 && text; i++)
    text = (b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\n' || b[i] == '\r' || b[i] == '\t';
  if (n == 0)
    snprintf(out, size, "it is empty");
  else if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
    snprintf(out, size, "it is a GIF image");
  else if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
    snprintf(out, size, "it is a WebP image");
  else if (text) {
    char said[24];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 16; i++)
      said[k++] = b[i] < 0x20 ? ' ' : (char)b[i];
    const bool more = n > k;
    while (k > 0 && said[k - 1] == ' ')
      k--;
    said[k] = 0;
    snprintf(out, size, "it is text, '%s%s'", said, more ? "..." : "");
  } else
    snprintf(out, size, "its first bytes are %02X %02X %02X %02X", b[0], n > 1 ? b[1] : 0,
             n > 2 ? b[2] : 0, n > 3 ? b[3] : 0);
}

sp_err sp_cover_read(const char *path, char **bytes, size_t *n, const char **mime, char *why,
                     size_t why_size)
{
  *bytes = NULL, *n = 0, *mime = NULL;
  char *data = NULL;
  size_t len = 0;
  const sp_err err = sp_fs_read_all(path, "a cover image", "cover images from files", SP_COVER_MAX,
                                    &data, &len, why, why_size);
  if (err == SP_ERR_USAGE) /* too large: say the fix */
    snprintf(why + strlen(why), why_size - strlen(why), "; give a smaller image");
  if (err != SP_OK)
    return err;
  const unsigned char *b = (const unsigned char *)data;
  if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
    *mime = "image/jpeg";
  else if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
    *mime = "image/png";
  else {
    char what[96];
    not_an_image(b, len, what, sizeof what);
    snprintf(why, why_size, "a cover is a JPEG or PNG image, and %s; give a .jpg or .png file",
             what);
    free(data);
    return SP_ERR_USAGE;
  }
  *bytes = data, *n = len;
  return SP_OK;
}

sp_err sp_cover_check(const char *path, char *why, size_t why_size)
{
  char *bytes = NULL;
  size_t n = 0;
  const char *mime = NULL;
  const sp_err err = sp_cover_read(path, &bytes, &n, &mime, why, why_size);
  free(bytes);
  return err;
}

/* ---- ID3v2.4 ----------------------------------------------------------------- */

static void syncsafe(FILE *f, size_t n)
{
  fputc((int)((n >> 21) & 0x7f), f);
  fputc((int)((n >> 14) & 0x7f), f);
  fputc((int)((n >> 7) & 0x7f), f);
  fputc((int)(n & 0x7f), f);
}

/* A frame: its id, syncsafe size, no flags, then its bytes. */
static void frame(FILE *f, const char *id, const void *data, size_t n)
{
  fputs(id, f);
  syncsafe(f, n);
  fputc(0, f);
  fputc(0, f);
  fwrite(data, 1, n, f);
}

static void text_frame(FILE *f, const char *id, const char *value)
{
  if (!value || !*value)
    return;
  const size_t n = strlen(value);
  char *b = sp_xmalloc(n + 1);
  b[0] = 3; /* UTF-8 */
  memcpy(b + 1, value, n);
  frame(f, id, b, n + 1);
  free(b);
}

/* The ID3v2.4 tag of t (heap, *len bytes). */
static char *id3_tag(const tag_text *t, size_t *len)
{
  char *body = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&body, &n);
  text_frame(f, "TIT2", t->title);
  text_frame(f, "TPE1", t->artist);
  text_frame(f, "TALB", t->album);
  text_frame(f, "TPE2", t->album_artist);
  text_frame(f, "TRCK", t->trck);
  text_frame(f, "TPOS", t->tpos);
  text_frame(f, "TDRC", t->date);
  text_frame(f, "TCON", t->genre);
  text_frame(f, "TSRC", t->isrc);
  text_frame(f, "TCOM", t->composer);
  if (t->cover) {
    /* encoding, MIME type, picture type 3 (front cover), empty description */
    const size_t m = strlen(t->cover_mime);
    char *b = sp_xmalloc(1 + m + 1 + 1 + 1 + t->cover_len);
    b[0] = 3;
    memcpy(b + 1, t->cover_mime, m + 1);
    b[m + 2] = 3;
    b[m + 3] = 0;
    memcpy(b + m + 4, t->cover, t->cover_len);
    frame(f, "APIC", b, m + 4 + t->cover_len);
    free(b);
  }
  fclose(f);
  char *tag = sp_xmalloc(10 + n);
  memcpy(tag, "ID3\x04\x00\x00", 6);
  for (int i = 0; i < 4; i++) /* its size, syncsafe: 7 bits a byte */
    tag[6 + i] = (char)((n >> (21 - 7 * i)) & 0x7f);
  memcpy(tag + 10, body, n);
  free(body);
  *len = 10 + n;
  return tag;
}

/* The MP3 file at path, its ID3v2 tag (one already there, an earlier
 * tagging's, replaced) made t's: the tag, then the file's frames copied
 * after it (sp_fs_write_joined: never all in memory, whatever the file's
 * length). */
static sp_err tag_mp3(const char *path, const tag_text *t, char *why, size_t why_size)
{
  int in = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  unsigned char head[10] = {0};
  if (in < 0 || fstat(in, &st) != 0) {
    snprintf(why, why_size, "cannot tag '%s': %s", path, strerror(errno));
    if (in >= 0)
      close(in);
    return SP_ERR_IO;
  }
  const uint64_t n = (uint64_t)st.st_size;
  uint64_t skip = 0;
  if (sp_fs_pread(in, head, sizeof head, 0) == sizeof head && memcmp(head, "ID3", 3) == 0) {
    const unsigned char *s = head + 6;
    skip = 10 + (((uint64_t)s[0] << 21) | ((uint64_t)s[1] << 14) | ((uint64_t)s[2] << 7) | s[3]) +
           ((head[5] & 0x10) ? 10 : 0);
    skip = skip > n ? n : skip;
  }
  size_t len = 0;
  char *tag = id3_tag(t, &len);
  const sp_err err = sp_fs_write_joined(path, tag, len, in, skip, n - skip, why, why_size);
  close(in);
  free(tag);
  return err;
}

sp_err sp_tag_file(const char *path, sp_format format, const sp_tags *t, char *why, size_t why_size)
{
  if ((format != SP_FORMAT_FLAC && format != SP_FORMAT_MP3) || !sp_tags_any(t))
    return SP_OK;
  tag_text x = {.title = t->title,
                .artist = t->artist,
                .album = t->album,
                .album_artist = t->album_artist,
                .date = t->year,
                .genre = t->genre,
                .isrc = t->isrc,
                .composer = t->composer,
                .barcode = t->barcode};
  number(x.track, sizeof x.track, t->track);
  number(x.total, sizeof x.total, t->tracks);
  number(x.disc, sizeof x.disc, t->disc);
  number(x.discs, sizeof x.discs, t->discs);
  pair(x.trck, sizeof x.trck, t->track, t->tracks);
  pair(x.tpos, sizeof x.tpos, t->disc, t->discs);
  char *cover = NULL;
  if (t->cover) {
    char e[256];
    const sp_err err = sp_cover_read(t->cover, &cover, &x.cover_len, &x.cover_mime, e, sizeof e);
    if (err != SP_OK) {
      snprintf(why, why_size, "its cover %s: %s", t->cover, e);
      return err;
    }
    x.cover = cover;
  }
  const sp_err err = format == SP_FORMAT_FLAC ? tag_flac(path, &x, why, why_size)
                                              : tag_mp3(path, &x, why, why_size);
  free(cover);
  return err;
}

/* ---- read back: a FLAC file's channel mask ------------------------------- */

/* The most metadata blocks walked before the Vorbis comment (a FLAC of
 * more is read as of none): each costs a read of its four-byte header. */
#define FLAC_BLOCKS_MAX 1024

/* The value of the WAVEFORMATEXTENSIBLE_CHANNEL_MASK comment of the
 * Vorbis comment block body vc[0 .. len) into v (v[0] '\0': none);
 * whether it has one. */
static bool mask_comment(const unsigned char *vc, uint32_t len, char *v, size_t v_size)
{
  static const char key[] = "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=";
  const size_t kn = sizeof key - 1;
  if (len < 8 || sp_le32(vc) > len - 8)
    return false;
  uint32_t at = 4 + sp_le32(vc); /* past the vendor string */
  uint32_t n = sp_le32(vc + at);
  at += 4;
  for (uint32_t i = 0; i < n && len - at >= 4; i++) {
    const uint32_t e = sp_le32(vc + at);
    at += 4;
    if (e > len - at)
      return false;
    if (e > kn && strncasecmp((const char *)vc + at, key, kn) == 0) {
      if (e - kn < v_size) /* (a longer one is none) */
        snprintf(v, v_size, "%.*s", (int)(e - kn), (const char *)vc + at + kn);
      return true;
    }
    at += e;
  }
  return false;
}

bool sp_flac_tagged_mask(int fd, uint32_t *mask)
{
  *mask = 0;
  /* an ID3v2 tag before "fLaC" is skipped, as libFLAC skips one */
  unsigned char h[10];
  uint64_t at = 0;
  if (pread(fd, h, 10, 0) == 10 && memcmp(h, "ID3", 3) == 0)
    at = 10 + ((uint64_t)(h[6] & 0x7f) << 21 | (uint64_t)(h[7] & 0x7f) << 14 |
               (uint64_t)(h[8] & 0x7f) << 7 | (h[9] & 0x7f));
  if (pread(fd, h, 4, (off_t)at) != 4 || memcmp(h, "fLaC", 4) != 0)
    return false;
  at += 4;
  /* the metadata blocks' headers, up to the Vorbis comment's, read alone:
   * no other block's body is read (a file of huge ones costs nothing) */
  char v[64] = "";
  bool tagged = false;
  for (int k = 0; k < FLAC_BLOCKS_MAX && pread(fd, h, 4, (off_t)at) == 4; k++) {
    const uint32_t len = (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    if ((h[0] & 0x7f) == 4) { /* VORBIS_COMMENT: at most 16 MiB (of one or more) */
      unsigned char *vc = sp_xmalloc(len ? len : 1);
      tagged =
          pread(fd, vc, len, (off_t)(at + 4)) == (ssize_t)len && mask_comment(vc, len, v, sizeof v);
      free(vc);
    }
    if (tagged || h[0] & 0x80)
      break;
    at += 4 + (uint64_t)len;
  }
  if (!tagged)
    return false;
  /* hexadecimal 0x... or decimal, within white space, one bit a channel */
  char *end = NULL;
  const unsigned long long m = strtoull(v, &end, 0);
  while (end != v && isspace((unsigned char)*end))
    end++;
  if (end != v && !*end && !strchr(v, '-') && m <= UINT32_MAX)
    *mask = (uint32_t)m;
  return true;
}
