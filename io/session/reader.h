/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_READER_H
#define SP_SESSION_READER_H

/* What every session reader (io/session/ardour.c, dawproject.c) says the
 * same way: an error at an element of the session's XML, placed at its
 * line; a loss (what the recipe cannot carry) named by its element, into
 * the mix as a note and a warning (an error with --strict); and where
 * audio a session embeds is kept. */

#include "core/base/diag.h"
#include "io/session/mix.h"
#include "io/session/session.h"
#include "io/outdir/outdir.h"
#include "io/xml/xml.h"

#include "core/media/midi.h"

#include <stdarg.h>

/* Where a reader's messages go and how they name what they are about. */
typedef struct sp_session_where {
  sp_diags *d;
  sp_mix *m;
  const char *file;      /* the file an error is placed in ("song.dawproject:project.xml") */
  const char *loss_file; /* the file a loss's element is named in ("project.xml"), or NULL */
  const char *alt_name;  /* the attribute that names an element without a "name", or NULL */
} sp_session_where;

/* An error of kind at element n, at its line of w->file. */
void sp_session_error(const sp_session_where *w, const xmlNode *n, sp_err kind, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

/* A loss of strip s (NULL: of the session) at element n, named by its
 * name (or w->alt_name) and w->loss_file. */
void sp_session_loss(const sp_session_where *w, sp_mix_strip *s, const xmlNode *n, const char *fmt,
                     ...) __attribute__((format(printf, 4, 5)));

/* A fader's level *db (a constant, dB) of s raised past the +24 dB a
 * recipe's level holds by its VCAs, named in names ("'band'", "'a',
 * 'b'"), as every session reader carries it: the rest in s's trim where
 * nothing between them would hear it (no insert before the fader, no
 * pre-fader send) and the trim stays in its range, a note; else held at
 * +24 dB, a loss at el naming the VCAs and the level they make. *db is
 * then at most +24 dB. */
void sp_session_vca_within(const sp_session_where *w, sp_mix_strip *s, const xmlNode *el,
                           double *db, const char *names);
/* The same of a's level, a constant (n == 0) or points at seconds, linear
 * in dB between them (a DAWproject's, its VCAs summed in): the most it
 * reaches past +24 dB in s's trim where it can take it, a note, each point
 * lowered by it; else held at +24 dB where it passes it (a point put where
 * a ramp crosses it), a loss at el naming the VCAs. */
void sp_session_vca_level_within(const sp_session_where *w, sp_mix_strip *s, const xmlNode *el,
                                 sp_auto *a, const char *names);
/* Whether nothing between s's trim and its fader would hear a level moved
 * from one to the other: no insert before the fader, no pre-fader send. */
bool sp_session_trim_unheard(const sp_mix_strip *s);
/* db more in s's trim (a moving trim: each point), which can take it. */
void sp_session_trim_add(sp_mix_strip *s, double db);

/* What the reader did not read of the document under root and its table
 * (io/xml/xml.h, sp_xml_unread) does not let go: each kind a loss at its
 * first element ("Route 'kick' (line 12): its attribute frob=\"1\" is not
 * read by stemprint (nor 3 more like it) ..."), at most
 * SP_SESSION_UNREAD_KINDS of them, the rest one loss with their count. */
#define SP_SESSION_UNREAD_KINDS 24
void sp_session_unread(const sp_session_where *w, const xmlNode *root, const sp_xml_ignored *table,
                       size_t n_table);

/* Where audio embedded in a session goes when no folder is given:
 * $XDG_CACHE_HOME/stemprint/session-audio (or ~/.cache/...). Heap. */
/* Whether the file at path, of the session audio cache (named by the
 * digest of its bytes), is size bytes of that digest: a copy made before,
 * still whole (one a disk's error or a tool changed is made again). */
bool sp_session_cached_whole(const char *path, uint64_t size);
char *sp_session_audio_cache(void);

/* Where an import puts the audio and MIDI files it writes: o->audio_dir,
 * made absolute (so that it compares with the recipe's folder), else the
 * cache (*cache true). Heap. */
char *sp_session_media_dir(const sp_import_opts *o, bool *cache);

/* A MIDI file a session's notes are written as (a DAWproject's notes
 * clip, an Ardour region's part of its source under the session's tempo
 * map), into dir: in the content-addressed cache (cache: named by its
 * bytes' SHA-256, so the same notes are one file) or beside the recipe
 * (named name.mid, another number where one is taken this run, or where
 * stage, when not NULL, would not have it: the file is staged there); taken
 * holds the paths written so far, *n_taken of them, this one added; *made
 * (when not NULL): whether it made beside the recipe a file that was not
 * there (one of the cache is never an import's own). The path written
 * (heap), or NULL with why. */
char *sp_session_write_midi(const char *dir, bool cache, sp_outdir_stage *stage, const char *name,
                            const sp_midi_file *f, char ***taken, size_t *n_taken, bool *made,
                            char *why, size_t why_size);

/* The most the cache of extracted audio holds by default, in bytes, and
 * how recently used a file may be and still go. */
#define SP_SESSION_AUDIO_MAX (20.0 * 1e9)
#define SP_SESSION_AUDIO_KEEP_SECONDS 3600

/* After an import into the cache at dir that used the files in[0..n):
 * marks them used now, then, while the cache holds more than its bound
 * (STEMPRINT_SESSION_AUDIO_MAX, in GB, else SP_SESSION_AUDIO_MAX),
 * removes the files used longest ago (by their access time, which an
 * import sets), never one of in nor one used in the last hour (another
 * render may be reading it). Errors are ignored: the
 * cache is only a cache. */
void sp_session_audio_prune(const char *dir, const char *const *in, size_t n);

#endif
