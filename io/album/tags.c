/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tags of the album's track files (tags.h):
 *
 *   FLAC  Vorbis comments (TITLE, ARTIST, ALBUM, ALBUMARTIST, TRACKNUMBER,
 *         TRACKTOTAL, DISCNUMBER, DATE, GENRE, ISRC, COMPOSER, BARCODE) and
 *         a PICTURE block (front cover), through libFLAC's metadata chain
 *         (the only module that includes <FLAC/metadata.h>)
 *   MP3   an ID3v2.4 tag written here, before the first frame (TIT2,
 *         TPE1, TALB, TPE2, TRCK, TPOS, TDRC, TCON, TSRC, TCOM, APIC), text
 *         in UTF-8; LAME's info frame, the first MPEG frame, is kept as it
 *         is, so a decoder still trims the encoder's delay and padding. */

#include "io/album/tags.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <FLAC/metadata.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one track file is tagged with; NULL: not said. */
typedef struct tags {
  const char *title, *artist, *album, *album_artist, *date, *genre, *isrc, *composer, *barcode;
  char track[24], total[24], disc[8];
  const char *cover, *cover_mime; /* the image's bytes */
  size_t cover_len;
} tags;

static void vc_set(FLAC__StreamMetadata *vc, const char *name, const char *value)
{
  if (!value || !*value)
    return;
  FLAC__StreamMetadata_VorbisComment_Entry e;
  if (FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&e, name, value))
    FLAC__metadata_object_vorbiscomment_replace_comment(vc, e, true, false);
}

static sp_err tag_flac(const char *path, const tags *t, char *why, size_t why_size)
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
static char *id3_tag(const tags *t, size_t *len)
{
  char *body = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&body, &n);
  char track[56], disc[20];
  snprintf(track, sizeof track, "%s/%s", t->track, t->total);
  snprintf(disc, sizeof disc, "%s/1", t->disc);
  text_frame(f, "TIT2", t->title);
  text_frame(f, "TPE1", t->artist);
  text_frame(f, "TALB", t->album);
  text_frame(f, "TPE2", t->album_artist);
  text_frame(f, "TRCK", track);
  text_frame(f, "TPOS", disc);
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

static sp_err tag_mp3(const char *path, const tags *t, char *why, size_t why_size)
{
  char *data = NULL;
  size_t n = 0;
  sp_err err = sp_fs_read_all(path, (size_t)1 << 31, &data, &n, why, why_size);
  if (err != SP_OK)
    return err;
  size_t skip = 0; /* a tag already there (an earlier tagging) is replaced */
  if (n >= 10 && memcmp(data, "ID3", 3) == 0) {
    const unsigned char *s = (const unsigned char *)data + 6;
    skip = 10 + (((size_t)s[0] << 21) | ((size_t)s[1] << 14) | ((size_t)s[2] << 7) | s[3]) +
           ((data[5] & 0x10) ? 10 : 0);
    skip = skip > n ? n : skip;
  }
  size_t len = 0;
  char *tag = id3_tag(t, &len);
  char *whole = sp_xmalloc(len + n - skip);
  memcpy(whole, tag, len);
  memcpy(whole + len, data + skip, n - skip);
  err = sp_fs_write_bytes(path, whole, len + n - skip, why, why_size);
  free(whole);
  free(tag);
  free(data);
  return err;
}

static const char *ext_of(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot ? dot + 1 : "";
}

sp_err sp_album_tag(const sp_album_spec *spec, const sp_album_timeline *t,
                    const sp_album_made *made, char *why, size_t why_size)
{
  tags g = {.album = spec->meta.title,
            .album_artist = spec->meta.artist,
            .date = spec->year,
            .genre = spec->genre,
            .barcode = spec->upc};
  snprintf(g.total, sizeof g.total, "%zu", made->n_tracks);
  snprintf(g.disc, sizeof g.disc, "1");
  char *cover = NULL;
  if (spec->cover) {
    sp_err err = sp_fs_read_all(spec->cover, (size_t)16 << 20, &cover, &g.cover_len, why, why_size);
    if (err != SP_OK)
      return err;
    g.cover = cover;
    g.cover_mime =
        g.cover_len >= 4 && memcmp(cover, "\x89PNG", 4) == 0 ? "image/png" : "image/jpeg";
  }
  sp_err err = SP_OK;
  for (size_t k = 0; k < made->n_tracks && err == SP_OK; k++) {
    const sp_album_meta *m = t->tracks[k].meta;
    char untitled[32];
    snprintf(untitled, sizeof untitled, "Track %02zu", k + 1);
    g.title = m->title ? m->title : untitled;
    g.artist = m->artist ? m->artist : spec->meta.artist;
    g.isrc = m->isrc;
    g.composer = m->composer;
    snprintf(g.track, sizeof g.track, "%zu", k + 1);
    for (size_t s = 0; s <= made->n_sets && err == SP_OK; s++) {
      const char *path = s == 0 ? made->tracks[k] : made->set_files[s - 1][k];
      if (strcmp(ext_of(path), "flac") == 0)
        err = tag_flac(path, &g, why, why_size);
      else if (strcmp(ext_of(path), "mp3") == 0)
        err = tag_mp3(path, &g, why, why_size);
    }
  }
  free(cover);
  return err;
}
