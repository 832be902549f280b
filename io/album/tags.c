/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tags of the album's track files, through TagLib's C API (tags.h). */

#include "io/album/tags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tag_c.h>

/* Tag one file (FLAC or MP3) as track k of spec. */
static sp_err tag_one(const sp_album_spec *spec, const sp_album_timeline *t, size_t k,
                      const char *path, char *why, size_t why_size)
{
  TagLib_File *f = taglib_file_new(path);
  if (!f || !taglib_file_is_valid(f)) {
    if (f)
      taglib_file_free(f);
    snprintf(why, why_size, "cannot tag '%s': TagLib cannot read it", path);
    return SP_ERR_IO;
  }
  TagLib_Tag *tag = taglib_file_tag(f);
  const sp_album_meta *m = t->tracks[k].meta;
  char untitled[32];
  snprintf(untitled, sizeof untitled, "Track %02zu", k + 1);
  taglib_tag_set_title(tag, m->title ? m->title : untitled);
  if (m->artist || spec->meta.artist)
    taglib_tag_set_artist(tag, m->artist ? m->artist : spec->meta.artist);
  if (spec->meta.title)
    taglib_tag_set_album(tag, spec->meta.title);
  if (spec->genre)
    taglib_tag_set_genre(tag, spec->genre);
  if (spec->year)
    taglib_tag_set_year(tag, (unsigned)atoi(spec->year));
  taglib_tag_set_track(tag, (unsigned)(k + 1));
  const bool saved = taglib_file_save(f);
  taglib_tag_free_strings();
  taglib_file_free(f);
  if (!saved) {
    snprintf(why, why_size, "cannot tag '%s': TagLib could not save it", path);
    return SP_ERR_IO;
  }
  return SP_OK;
}

static bool taggable(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot && (strcmp(dot, ".flac") == 0 || strcmp(dot, ".mp3") == 0);
}

sp_err sp_album_tag(const sp_album_spec *spec, const sp_album_timeline *t,
                    const sp_album_made *made, char *why, size_t why_size)
{
  taglib_set_strings_unicode(true);
  sp_err err = SP_OK;
  for (size_t k = 0; k < made->n_tracks && err == SP_OK; k++) {
    if (taggable(made->tracks[k]))
      err = tag_one(spec, t, k, made->tracks[k], why, why_size);
    for (size_t s = 0; s < made->n_sets && err == SP_OK; s++)
      if (taggable(made->set_files[s][k]))
        err = tag_one(spec, t, k, made->set_files[s][k], why, why_size);
  }
  return err;
}
