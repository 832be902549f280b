/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_DAWPROJECT_H
#define SP_SESSION_DAWPROJECT_H

/* A .dawproject read into m (io/session/mix.h), before sp_mix_finish. */

#include "io/session/mix.h"
#include "io/session/session.h"
#include "io/xml/xml.h"

sp_err sp_dawproject_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d);

/* What of a project.xml the reader does not read, each path with why that
 * changes nothing it plays (io/xml/xml.h, sp_xml_ignored;
 * io/session/dawproject_unread.c): docs/sessions.md lists them. */
extern const sp_xml_ignored sp_dawproject_ignored[];
extern const size_t sp_dawproject_n_ignored;

/* What `stemprint export` could not put into a project (a convolver, a
 * sidechain key), which it writes beside project.xml: a line of text a
 * thing left out, its recipe path, a tab, what it was. An import names
 * each as a loss, so a round trip says what it lost. DAWs ignore the
 * entry. */
#define SP_DAWPROJECT_LEFT_OUT "stemprint/not-exported.txt"
#define SP_DAWPROJECT_LEFT_OUT_HEAD                                                                \
  "# What stemprint export left out of this project, a line each: the recipe's path, a tab,\n"     \
  "# what it was. stemprint import names each as a loss.\n"

/* The deviceID of stemprint's SoundFont instrument: a generic Device of
 * deviceRole instrument holding the .sf2 as its State, its settings
 * (bank, program, gain, reverb, chorus, polyphony, interpolation) as
 * Parameters by those names (docs/sessions.md). `stemprint export` writes
 * a track's `soundfont` so, and an import reads it back; DAWs do not know
 * it. */
#define SP_DAWPROJECT_SOUNDFONT "urn:stemprint:soundfont"

#endif
