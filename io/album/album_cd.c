/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An album's disc and its Red Book rules at the recipe's keys
 * (album_cd.h). */

#include "io/album/album_cd.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>

void sp_album_cd_disc(const sp_album_spec *spec, const sp_album_timeline *t, sp_cd_disc *d)
{
  sp_cd_track *tr = sp_xcalloc(t->n_tracks ? t->n_tracks : 1, sizeof *tr);
  for (size_t k = 0; k < t->n_tracks; k++) {
    const sp_album_track *a = &t->tracks[k];
    tr[k] = (sp_cd_track){.start_frame = a->index1,
                          .pregap_frames = a->pregap,
                          .index_frames = a->index,
                          .n_index = a->n_index,
                          .title = a->meta->title,
                          .performer = a->meta->artist,
                          .songwriter = a->meta->composer,
                          .isrc = a->meta->isrc};
  }
  *d = (sp_cd_disc){.rate_hz = t->rate,
                    .frames = t->frames,
                    .title = spec->meta.title,
                    .performer = spec->meta.artist,
                    .catalog = spec->upc,
                    .tracks = tr,
                    .n = t->n_tracks};
}

void sp_album_cd_fini(sp_cd_disc *d)
{
  free((void *)d->tracks);
  *d = (sp_cd_disc){0};
}

/* Where the album's recipe says what issue is about: its key and place. */
static sp_album_place issue_key(const sp_album_spec *s, const sp_redbook_issue *is, char *key,
                                size_t key_size)
{
  if (is->track < 0 || (size_t)is->track >= s->n_songs) {
    static const struct {
      const char *field, *key;
      int at; /* SP_KEY_ALBUM_*; -1: output.cd */
    } disc[] = {{"tracks", "album.songs", SP_KEY_ALBUM_SONGS},
                {"frames", "album.songs", SP_KEY_ALBUM_SONGS},
                {"catalog", "album.upc", SP_KEY_ALBUM_UPC},
                {"title", "album.title", SP_KEY_ALBUM_TITLE},
                {"performer", "album.artist", SP_KEY_ALBUM_ARTIST}};
    for (size_t i = 0; i < sizeof disc / sizeof disc[0]; i++)
      if (strcmp(disc[i].field, is->field) == 0) {
        snprintf(key, key_size, "%s", disc[i].key);
        return s->album_at[disc[i].at];
      }
    snprintf(key, key_size, "output.cd");
    return s->cd_at;
  }
  const sp_album_entry *e = &s->songs[is->track];
  static const struct {
    const char *field, *key;
    int at; /* SP_KEY_SONG_* */
  } song[] = {{"pregap_frames", "gap", SP_KEY_SONG_GAP},
              {"isrc", "isrc", SP_KEY_SONG_ISRC},
              {"title", "title", SP_KEY_SONG_TITLE},
              {"performer", "artist", SP_KEY_SONG_ARTIST},
              {"songwriter", "composer", SP_KEY_SONG_COMPOSER}};
  if (strcmp(is->field, "index_frames") == 0 && is->at < e->n_index) {
    snprintf(key, key_size, "%s.index[%zu]", e->key, is->at);
    return e->index_at[is->at];
  }
  for (size_t i = 0; i < sizeof song / sizeof song[0]; i++)
    if (strcmp(song[i].field, is->field) == 0 && sp_album_said(e->at[song[i].at])) {
      snprintf(key, key_size, "%s.%s", e->key, song[i].key);
      return e->at[song[i].at];
    }
  if (strcmp(is->field, "performer") == 0 && s->meta.artist) { /* the album's, inherited */
    snprintf(key, key_size, "album.artist");
    return s->album_at[SP_KEY_ALBUM_ARTIST];
  }
  snprintf(key, key_size, "%s", e->key); /* its length, its start: the song itself */
  return e->pos;
}

size_t sp_album_cd_check(const sp_album_spec *spec, const sp_cd_disc *d, sp_diags *diags)
{
  sp_redbook_issue *v = NULL;
  const size_t n = sp_redbook_check(d, &v);
  for (size_t i = 0; i < n; i++) {
    char key[128];
    const sp_album_place at = issue_key(spec, &v[i], key, sizeof key);
    sp_diags_error(diags, SP_ERR_USAGE, sp_album_place_file(spec, at), at.pos, key,
                   "for the CD (output.cd): %s", v[i].text);
  }
  free(v);
  return n;
}
