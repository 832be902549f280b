/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album's one validator (album_check.h): its songs' lengths held to
 * the rules they decide, each problem at the album recipe's key. */

#include "io/album/album_check.h"

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/measure/meter.h"
#include "core/media/media.h"
#include "io/album/album_cd.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where song e's recipe said what issue is about: its key into key, its
 * place (the file's, or the --set's that gave the value; the song's own
 * when the key was not written). */
static sp_album_place issue_at(const sp_album_entry *e, const sp_album_issue *is, char *key,
                               size_t size)
{
  if (strcmp(is->key, "index") == 0 && is->at < e->n_index) {
    snprintf(key, size, "%s.index[%zu]", e->key, is->at);
    return e->index_at[is->at];
  }
  static const struct {
    const char *issue, *key;
    int at; /* SP_KEY_SONG_* */
  } keys[] = {
      {"source", "recipe", SP_KEY_SONG_RECIPE}, {"source", "file", SP_KEY_SONG_FILE},
      {"trim", "trim", SP_KEY_SONG_TRIM},       {"trim", "to", SP_KEY_SONG_TO},
      {"trim", "from", SP_KEY_SONG_FROM},       {"crossfade", "crossfade", SP_KEY_SONG_CROSSFADE},
      {"gap", "gap", SP_KEY_SONG_GAP},          {"fade_out", "fade_out", SP_KEY_SONG_FADE_OUT}};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (strcmp(keys[i].issue, is->key) == 0 && sp_album_said(e->at[keys[i].at])) {
      snprintf(key, size, "%s.%s", e->key, keys[i].key);
      return e->at[keys[i].at];
    }
  snprintf(key, size, "%s.%s", e->key, is->key);
  return e->pos;
}

sp_err sp_album_check(const sp_album_spec *spec, const sp_album_length *len, sp_diags *d,
                      sp_album_laid *laid)
{
  const size_t before = sp_diags_errors(d), n = spec->n_songs;
  sp_album_laid l = {.rate = spec->rate > 0 ? spec->rate : n ? len[0].rate : 0, .channels = 1};
  l.frames = sp_xcalloc(n ? n : 1, sizeof *l.frames);
  l.songs = sp_xcalloc(n ? n : 1, sizeof *l.songs);
  for (size_t k = 0; k < n; k++) {
    l.frames[k] = sp_session_frames(len[k].frames, (int)len[k].rate, l.rate);
    l.channels = len[k].channels > l.channels ? len[k].channels : l.channels;
  }
  sp_album_spec_rate(spec, l.rate, l.channels, d);
  /* the master's layout: its first song of the album's channels', as
   * `loudness` measures that song; every other song of as many channels
   * has its channels, by name and in order (weights alike are not
   * enough: L R C and L R Tc play on other speakers) */
  size_t first = 0;
  while (first < n && len[first].channels != l.channels)
    first++;
  sp_layout_own own_album, own_song;
  const sp_layout *album =
      first < n ? sp_meter_layout_of(len[first].mask, l.channels, &own_album) : NULL;
  /* its mask the song's where that names the layout (5.1's back pair
   * too), else the layout's */
  const uint32_t said = first < n ? len[first].mask : 0;
  l.mask = !album                                                      ? 0
           : said && (said == album->mask || said == album->also_mask) ? said
                                                                       : album->mask;
  if (first < n && !album)
    sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, spec->songs[first].pos),
                   spec->songs[first].pos.pos, spec->songs[first].key,
                   "%d channels, a count no layout has (1 to 8, 10, 12 or 16: mono to 9.1.6; "
                   "stemprint help layouts); render the song in one of them",
                   l.channels);
  /* its files say that layout, as a render's prints must say theirs */
  for (size_t k = 0; album && k <= spec->n_sets; k++) {
    const sp_format f = k ? spec->sets[k - 1].format : spec->format;
    if (sp_format_says_layout(f, album))
      continue;
    const sp_album_place at =
        k ? spec->sets[k - 1].format_at : spec->output_at[SP_KEY_ALBUM_OUTPUT_FORMAT];
    char key[64] = "output.format";
    if (k)
      snprintf(key, sizeof key, "output.also[%zu].format", k - 1);
    char refused[256];
    sp_format_layout_refused(f, album, refused, sizeof refused);
    sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, at), at.pos, key,
                   "%s the album's master is %s (%s), its songs': print wav, which says them by "
                   "a channel mask",
                   refused, album->name, album->text);
  }
  for (size_t k = 0; k < n; k++) {
    const sp_album_entry *e = &spec->songs[k];
    const sp_layout *song = len[k].channels == l.channels
                                ? sp_meter_layout_of(len[k].mask, l.channels, &own_song)
                                : NULL;
    if (len[k].channels != 1 && len[k].channels != l.channels)
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, e->pos), e->pos.pos, e->key,
                     "%d channels, where the album has %d; give every song the album's channels "
                     "(or one: it plays on every channel)",
                     len[k].channels, l.channels);
    else if (album && song && !sp_layout_same_channels(song, album))
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, e->pos), e->pos.pos, e->key,
                     "'%s' is %s (%s), where %s '%s' is %s (%s): the album's master has one "
                     "layout, and their channels do not line up; render every song in one layout",
                     e->written, song->name, song->text, spec->songs[first].key,
                     spec->songs[first].written, album->name, album->text);
  }
  if (spec->cd && l.channels > 2)
    sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, spec->cd_at), spec->cd_at.pos,
                   "output.cd",
                   "the master has %d channels, and a CD holds 2; fold the songs to stereo, or "
                   "drop output.cd",
                   l.channels);
  sp_album_spec_songs(spec, l.rate, l.frames, l.songs);
  l.n_songs = n;
  sp_album_issue *is = NULL;
  const size_t n_is = sp_album_fits(l.songs, n, l.rate, &is);
  for (size_t i = 0; i < n_is; i++) {
    char key[128];
    const sp_album_place at = issue_at(&spec->songs[is[i].song], &is[i], key, sizeof key);
    sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(spec, at), at.pos, key, "%s", is[i].text);
  }
  free(is);
  size_t bad = 0;
  char why[512];
  if (n_is == 0 &&
      sp_album_lay_out(l.songs, n, (int)l.rate, l.channels, &l.t, &bad, why, sizeof why) == SP_OK) {
    l.t.mask = l.mask;
    l.t.album = &spec->meta;
    l.t.upc = spec->upc;
    l.t.genre = spec->genre;
    l.t.year = spec->year;
    if (spec->cd) {
      sp_cd_disc disc;
      sp_album_cd_disc(spec, &l.t, &disc);
      sp_album_cd_check(spec, &disc, d);
      sp_album_cd_fini(&disc);
    }
  }
  const sp_err err = sp_diags_errors(d) > before ? sp_diags_status(d) : SP_OK;
  if (laid)
    *laid = l;
  else
    sp_album_laid_fini(&l);
  return err;
}

void sp_album_laid_fini(sp_album_laid *laid)
{
  for (size_t k = 0; k < laid->n_songs; k++)
    free(laid->songs[k].index);
  sp_album_timeline_fini(&laid->t);
  free(laid->songs);
  free(laid->frames);
  *laid = (sp_album_laid){0};
}

sp_err sp_album_confined(const sp_album_spec *s, const sp_graph_opts *gopts, bool by_o, sp_diags *d)
{
  if (!gopts || !gopts->confine)
    return SP_OK;
  const size_t before = sp_diags_errors(d);
  const sp_media *m = sp_audio_media();
  char *base = sp_fs_parent(s->file);
  char why[2048], key[96];
  for (size_t k = 0; k < s->n_songs; k++) {
    const sp_album_entry *e = &s->songs[k];
    const char *path = e->recipe ? e->recipe : e->file;
    if (path &&
        !sp_confine_allows(m, gopts, base, path, false,
                           e->recipe ? "the song's recipe" : "the song's file", why, sizeof why)) {
      snprintf(key, sizeof key, "%s.%s", e->key, e->recipe ? "recipe" : "file");
      const sp_album_place at = e->at[e->recipe ? SP_KEY_SONG_RECIPE : SP_KEY_SONG_FILE];
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(s, at), at.pos, key, "%s", why);
    }
  }
  if (s->cover && !sp_confine_allows(m, gopts, base, s->cover, false, "the cover", why, sizeof why))
    sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(s, s->album_at[SP_KEY_ALBUM_COVER]),
                   s->album_at[SP_KEY_ALBUM_COVER].pos, "album.cover", "%s", why);
  if (!sp_confine_allows(m, gopts, base, s->dir, true, "the output folder", why, sizeof why)) {
    if (by_o)
      sp_diags_error(d, SP_ERR_USAGE, "-o", (sp_pos){0, 0}, NULL, "%s", why);
    else
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(s, s->output_at[SP_KEY_ALBUM_OUTPUT_DIR]),
                     s->output_at[SP_KEY_ALBUM_OUTPUT_DIR].pos, "output.dir", "%s", why);
  }
  /* a set's folder is a plain name in it, but may be a link that leads out */
  for (size_t k = 0; k < s->n_sets && sp_diags_errors(d) == before; k++) {
    char *dir = sp_xasprintf("%s/%s", s->dir, s->sets[k].name);
    if (!sp_confine_allows(m, gopts, base, dir, true, "the store set's folder", why, sizeof why)) {
      snprintf(key, sizeof key, "output.also[%zu].name", k);
      const sp_album_place at =
          sp_album_said(s->sets[k].name_at) ? s->sets[k].name_at : s->sets[k].at;
      sp_diags_error(d, SP_ERR_USAGE, sp_album_place_file(s, at), at.pos, key, "%s", why);
    }
    free(dir);
  }
  free(base);
  return sp_diags_errors(d) > before ? SP_ERR_USAGE : SP_OK;
}

sp_err sp_album_file_length(const char *path, sp_album_length *len, char *why, size_t why_size)
{
  sp_reader *r = NULL;
  sp_audio_info info;
  const sp_err err = sp_audio_open(path, &r, &info, why, why_size);
  if (err != SP_OK)
    return err;
  r->ops->close(r);
  *len = (sp_album_length){.frames = info.frames,
                           .rate = info.sample_rate,
                           .channels = info.channels,
                           .mask = info.mask};
  return SP_OK;
}
