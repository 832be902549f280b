/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_ADM_H
#define SP_IO_ADM_H

/* ADM BWF files (ITU-R BS.2088): a BW64 WAV whose chna chunk maps each
 * track to an audioTrackUID and whose axml chunk holds the Audio
 * Definition Model (ITU-R BS.2076) of core/dsp/adm.h's master, written to
 * the Dolby Atmos Master ADM Profile's shape: one audioProgramme, an
 * audioContent (dialogue 0) per bed and per object, the bed as a pack of
 * ITU-R BS.2094's common definitions (7.1.2: AP_00010016), each object a
 * pack of its own (AP_00031001 on, typeDefinition Objects) whose
 * audioBlockFormats are Cartesian (cartesian 1, X Y Z, width), 24-bit PCM;
 * a kept object's blocks as its file has them (polar ones polar; height,
 * depth, objectDivergence, channelLock, zoneExclusion as it has them).
 * With m->bs2076, the same laid out as BS.2076-2 alone has it (what the
 * EBU ADM Renderer reads): each PCM stream format names its channel format
 * and no pack, the LFE's speakerLabel is LFE1. At any rate.
 * A file that fits 32-bit sizes is a RIFF WAV with a 28-byte JUNK chunk
 * where a ds64 would go (BS.2088's advice), a larger one a BW64 with ds64.
 *
 * The reader takes what the writer writes (either layout; m->bs2076 says
 * which it found) and what BS.2076 allows around it (polar blocks,
 * common-definition beds of other layouts, given by their IDs alone,
 * chunks in any order, a BW64's sizes from its ds64, a UID naming its
 * channel format, BS.2051's speakerLabels, a chna without an axml of the
 * common definitions), refuses HOA, Matrix and Binaural packs by name, and
 * refuses what it cannot trust: an axml over 64 MiB or whose elements
 * would take over 320 MiB to hold (adm_read.c's tree), a
 * DOCTYPE (no entities are ever expanded), a reference to an element not
 * there, a chna naming a track the file does not have, blocks that
 * overlap, a gain past ±SP_ADM_MAX_GAIN (+60 dB), an
 * interpolationLength that is no duration (sp_adm_check), a
 * screenEdgeLock BS.2076-2 has not (another word, coordinate, or on a
 * bound). Errors say the
 * file and what is wrong. A file another tool wrote is read as BS.2127
 * plays it (io/audio/adm_read.c): times exact, each block from the first
 * frame at or after its rtime; silence where an object has no block;
 * each channel of an Objects pack an object; the audioObjects of one
 * programme played (sp_adm_choice), with their gain, mute,
 * positionOffset and start; a track of several UIDs played once for each;
 * a track of none not played; DirectSpeakers tracks anywhere, a run of
 * one pack's a bed of the layout its channels are (by label, position,
 * band: adm_read.c), else each channel a speaker of its own (its
 * position's bounds too). */

#include "core/base/diag.h"
#include "core/dsp/adm.h"
#include "io/xml/xml.h"
#include "core/measure/loudness.h"
#include "core/measure/nulltest.h"
#include "core/media/media.h"

#include <stdio.h>

/* The most axml the reader takes. */
#define SP_ADM_MAX_AXML (64u << 20)

/* The axml of m (heap, NUL-terminated, *len its bytes). */
char *sp_adm_axml(const sp_adm *m, size_t *len);
/* SP_OK when m's axml is within SP_ADM_MAX_AXML, what the reader takes
 * (a master stemprint writes, it reads back to check and re-render), else
 * SP_ERR_USAGE and why, a whole sentence with the ways out. */
sp_err sp_adm_fits(const sp_adm *m, char *why, size_t why_size);
/* m read from axml text (n bytes) and the chna's UIDs (uids[tracks], each
 * "ATU_xxxxxxxx", in the file's track order: a track of two UIDs is two,
 * each played, as BS.2127 renders each item); m->rate and m->frames must
 * be set (the blocks' times are converted to its frames). order[tracks]
 * (may be NULL): the model's track each UID is (the beds' first, a bed's
 * channels in the profile's order its layout's in another). */
sp_err sp_adm_parse(const char *axml, size_t n, char (*uids)[13], int tracks, sp_adm *m, int *order,
                    char *why, size_t why_size);

/* sp_adm_choice (what of a file's audioObjects to play): core/dsp/adm.h. */

/* A chna entry's references beside its UID, as it gives them: its track
 * format (AT_xxxxxxxx_xx) or channel format (AC_xxxxxxxx, its _00 left
 * out) and its pack; "" where it gives none (NULs). */
typedef struct sp_adm_chna_ref {
  char track[15], pack[12];
} sp_adm_chna_ref;

/* sp_adm_parse of axml (in memory, or read from its file a piece at a
 * time: io/xml/xml.h), playing what choice chooses (NULL: the defaults); refs
 * (NULL: none): each UID's chna references, which must be its axml
 * audioTrackUID's (readers differ on which they take: the EBU ADM
 * Renderer refuses a file where they differ); unread (NULL: not asked):
 * what of the axml the reader did not read and sp_adm_ignored does not
 * let go, in words ("" for nothing; io/audio/adm_tree.h,
 * adm_unread_say). */
sp_err sp_adm_parse_as(const sp_xml_doc *axml, char (*uids)[13], const sp_adm_chna_ref *refs,
                       int tracks, const sp_adm_choice *choice, sp_adm *m, int *order, char *unread,
                       size_t unread_size, char *why, size_t why_size);

/* What of an axml its reader does not read, each path with why that
 * changes nothing BS.2127 plays (io/xml/xml.h, sp_xml_ignored;
 * io/audio/adm_tree.c): docs/recipe.md lists them. */
extern const sp_xml_ignored sp_adm_ignored[];
extern const size_t sp_adm_n_ignored;

/* The media's create_scene (io/audio/media.c; media unused, may be
 * NULL): a sink that writes m as an ADM BWF (24-bit; bext when b is not
 * NULL) named name, under a temporary name of its own until delivered;
 * write_int takes m->frames frames of m's tracks, interleaved in m's
 * track order, each a 24-bit code left-justified in an int32.
 * SP_ERR_RENDER when m breaks BS.2076 or its axml is larger than the
 * reader takes. as_read (may be NULL; the caller's, freed with
 * sp_adm_fini): m as its reader will find it (its axml parsed again:
 * positions as the text rounds them). */
sp_err sp_adm_sink_create(const sp_media *media, const char *name, const sp_adm *m,
                          const sp_bext *b, sp_sink **out, sp_adm *as_read, char *why,
                          size_t why_size);

/* An ADM BWF open for reading. */
typedef struct sp_adm_file sp_adm_file;
/* Open path, read its chunks and its model into *m (the caller's; free it
 * with sp_adm_fini). Fails, naming what, for a file that is not a WAV,
 * RF64 or BW64 of PCM (16, 24, 32 bits) or float, has no chna (a chna
 * without an axml is read as the common definitions it names), has two of
 * its fmt, chna, axml or data chunks (readers differ on which they take),
 * a chunk a size before it points past, or whose model breaks BS.2076's
 * constraints. */
sp_err sp_adm_open(const char *path, sp_adm_file **out, sp_adm *m, char *why, size_t why_size);
/* sp_adm_open, playing what choice chooses (NULL: the defaults). */
sp_err sp_adm_open_as(const char *path, const sp_adm_choice *choice, sp_adm_file **out, sp_adm *m,
                      char *why, size_t why_size);
/* The next up to n frames, planar (ch[m->tracks][n], the model's tracks:
 * a file's track of two UIDs in both) as ±1.0 floats;
 * returns the frames read, 0 at the end, -1 on error (why). */
int64_t sp_adm_read(sp_adm_file *f, float *const *ch, size_t n, char *why, size_t why_size);
void sp_adm_close(sp_adm_file *f);
/* Whether path looks like an ADM BWF (a RIFF, RF64 or BW64 WAVE holding
 * an axml or a chna chunk among the first 1024 chunks, or of more chunks
 * than that before its data), without reading it whole. A chna without an
 * axml, and a head of more chunks than the reader walks, sp_adm_open
 * refuses, saying what the file is and the fix, so that neither plays as a
 * plain multichannel WAV. */
bool sp_adm_sniff(const char *path);

/* An ADM BWF measured as delivery specifications measure it: its render
 * into l (5.1 for the immersive music profile: core/dsp/adm.h's renderer,
 * in float), metered into f (f->path set by the caller; the figures, the
 * meter with its series when series, l as f->layout and each of l's
 * channels' figures). Errors name the file ("cannot read 'x.wav': ..."),
 * as sp_loudness_measure's do. */
sp_err sp_adm_measure(const sp_layout *l, bool series, sp_loudness_file *f, char *why,
                      size_t why_size);

/* The null test of files some of which are ADM BWFs (sp_adm_sniff; in
 * io/audio/adm_null.c), as
 * sp_null_files with media (io/audio's, sp_audio_media, or one over it:
 * cmd/cli.h's sp_cli_media), and for ADM files more:
 *
 * - an ADM BWF is read through this module's reader (RIFF, RF64 or BW64;
 *   its model checked), its tracks as the file's channels, each channel
 *   named after its bed channel or its object ("L", "lead", "sweep.L");
 * - every ADM file must have the first ADM file's structure (sp_adm_same:
 *   the bed, the objects, their metadata block for block): a difference
 *   fails the test (res->passed false) and is said first among the
 *   findings, with the samples nulled track for track all the same;
 * - a plain file (no axml) nulls against ADM files when it has as many
 *   channels as they have tracks, its channels taken as their tracks in
 *   order (a poly WAV of an ADM master's tracks, as a DAW exports them);
 *   a finding says its structure is not checked. Another channel count is
 *   an error saying so (an ADM file's re-render nulls against re-renders,
 *   not against its tracks).
 *
 * say (NULL: none) puts res's findings in words, before the structure's
 * are added. Errors as sp_null_files's, SP_ERR_IO naming the file. */
sp_err sp_adm_null_files(const sp_media *media, const char *mix, const char *const *stems,
                         size_t n_stems, const sp_null_opts *opts, sp_null_say_fn say,
                         sp_null_result *res, char *why, size_t why_size);

/* path, an ADM BWF, read as the engine reads a file (core/media/media.h's
 * sp_reader): its tracks as the channels, info.format "adm" (mask 0). */
sp_err sp_adm_reader_open(const char *path, sp_reader **out, sp_audio_info *info, char *why,
                          size_t why_size);
/* path, an ADM BWF, as a region plays it: rendered into l (core/dsp/adm.h's
 * renderer, the re-renders': BS.2127's where it has l, in float) from
 * frame from_frames, silence past its end. Its rate must be session_rate
 * (an error says to resample it; 0: the file's). bed_only: the bed
 * alone, the objects left out (kept as objects: core/render/adm_out.c). */
sp_err sp_adm_source_open(const char *path, const sp_layout *l, bool bed_only, double session_rate,
                          int64_t from_frames, sp_source **out, char *why, size_t why_size);
/* sp_adm_source_open, playing what choice chooses (NULL: the defaults). */
sp_err sp_adm_source_open_as(const char *path, const sp_adm_choice *choice, const sp_layout *l,
                             bool bed_only, double session_rate, int64_t from_frames,
                             sp_source **out, char *why, size_t why_size);

#endif
