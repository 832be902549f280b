/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_READ_H
#define SP_ALBUM_READ_H

/* The album recipe (docs/album.md): a YAML file whose root holds `album:`
 * (its songs in order, each a recipe or a finished file, how each meets
 * the one before, its trims, fade-out, index points and metadata; the
 * album's metadata) and `output:` (the master's and the tracks' names,
 * format, depth, dither, and store sets). Read here into an sp_album_spec;
 * times stay times until the album's rate is known (the songs' audio
 * says it), then sp_album_spec_songs makes core/album/album.h's songs. */

#include "core/base/diag.h"
#include "core/recipe/album_spec.h"

#include <stdbool.h>
#include <stddef.h>

/* The album recipe's keys are rows of core/recipe/album_keys.h's tables,
 * each naming its field of the model (core/recipe/album_spec.h): the
 * reader refuses any key its mapping's table lacks (with a "did you
 * mean"), and fills each key's field from its row as the recipe parser
 * fills a recipe's (io/recipe/parse.h's sp_rows_read: its type, unit,
 * range, words, a mapping of another table); what no row says (a song's
 * list of index points, the rules across keys, the files it names) is its
 * own. `stemprint help album.KEY`, the schema and docs/album.md say the
 * rows. The positions of what the recipe said (for messages at a key: the
 * Red Book's, given after the album is laid out) are by each table's enum:
 * SP_KEY_SONG_*, SP_KEY_ALBUM_*. */

/* Whether path is an album recipe: a .yaml (or .yml) file holding a YAML
 * mapping with `album:` at its root (false when it cannot be read: render
 * reads it as a recipe, and says why). */
bool sp_album_file_is(const char *path);

/* Read the album recipe at path, with sets[0..n_sets) ("KEY=VALUE",
 * --set's) put into it first, each VALUE at the album recipe's dotted
 * path KEY (sp_recipe_put_sets: output.also[0].format=alac), read and
 * checked as the recipe's own would be (a key the album recipe has not is
 * refused at its --set). Every problem goes to d with its file (or its
 * --set), line, column and key; returns the status they imply (SP_OK:
 * *spec is filled; free with sp_album_spec_fini either way). */
sp_err sp_album_read(const char *path, const char *const *sets, size_t n_sets, sp_album_spec *spec,
                     sp_diags *d);
void sp_album_spec_fini(sp_album_spec *spec);

/* spec's cover, when it names one, read as every writer of a tag reads
 * it (io/audio/tagfile.h's sp_cover_read): a JPEG or a PNG by its bytes,
 * whatever its name, the type each file is tagged with. Anything else (or
 * a file it cannot read) said into d at album.cover with what it is, and
 * its status. Called once --confine holds the album (album_check.h's
 * sp_album_confined), by render and check alike. */
sp_err sp_album_cover_check(const sp_album_spec *spec, sp_diags *d);

/* What the album's rate and channels (the master's) say of spec (once the
 * songs' audio says them): each store set's format takes the rate
 * (sp_formats's rates: Opus 48 kHz ...), and a lossy set's bitrate is one
 * its format takes at it, by the rule a song recipe's sets are held to
 * (sp_format_check_kbps_at: an MP3's whose frames hold LAME's info tag);
 * each problem into d at its key. SP_ERR_USAGE when one was said. */
sp_err sp_album_spec_rate(const sp_album_spec *spec, double rate, int channels, sp_diags *d);

/* The core songs of spec at rate, each of frames[k] frames (its audio's
 * length at that rate), into songs[n_songs] (caller storage; they borrow
 * spec's strings; free each's index). */
void sp_album_spec_songs(const sp_album_spec *spec, double rate, const int64_t *frames,
                         sp_album_song *songs);

/* The name of track k (0-based) of spec: the tracks template with {nn}
 * (01, 02 ...), {n}, {title} (the track's title, else "Track NN") and
 * {artist}, characters a file name cannot hold replaced by '_' (heap). */
char *sp_album_track_name(const sp_album_spec *spec, size_t k);

#endif
