/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REDBOOK_H
#define SP_REDBOOK_H

/* An album as a Compact Disc Digital Audio (Red Book, IEC 60908): its
 * tracks placed on the disc's sectors, the rules a disc must keep, the
 * codes it carries (ISRC per track, the disc's UPC/EAN catalogue number)
 * and its CD-Text. Pure: no file is opened here; io/album/cd.h writes the
 * image (BIN, CUE, TOC) from what this places.
 *
 * Words. A CD "frame" (1/75 s: 588 sample frames, 2352 bytes of 16-bit
 * stereo) is called a *sector* here, because "frames" are sample frames
 * everywhere else in stemprint: `_sectors` counts CD frames, `_frames`
 * sample frames at the album's rate. MSF text is minutes:seconds:sectors
 * ("03:25:74").
 *
 * Where the image starts. The BIN holds the disc's program area from its
 * first sector, LBA 0, which is absolute time 00:02:00: the first track's
 * mandatory 2 s pregap (absolute 00:00:00 to 00:02:00, 150 sectors of
 * silence) is not in the image. Every burner writes it, as cdrdao does
 * for a TOC whose first track has no START (toc2cddb says "Track frame
 * offsets: 150") and as a CUE sheet means by TRACK 01 INDEX 01 00:00:00.
 * What the master holds before the first track's start is that track's
 * pregap too (INDEX 00 at 00:00:00 of the image, audio heard before it),
 * so the first pregap is 150 sectors plus that.
 *
 * The rounding rule. A point of the album (a track's start, its pregap's
 * start, an index) is a sample frame f at the album's rate R. It becomes
 * the 44.1 kHz sample s = (f * 44100 + R/2) / R (rounded half up, integer
 * arithmetic: the rule sp_session_frames uses for the master's length, so
 * the last frame of the master is the last sample of the image), then the
 * sector floor(s / 588): the sector holding that sample. A player that
 * jumps to a track's INDEX 01 so starts at or before its first sample, never
 * after it (at most 587 samples, 13.3 ms, of what precedes). The image is
 * the master's length at 44.1 kHz padded with zeros to a whole sector. */

#include "core/base/isrc.h" /* an ISRC's rule: sp_isrc_valid, sp_isrc_compact */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
  SP_CD_RATE_HZ = 44100,
  SP_CD_SECTORS_PER_SECOND = 75,
  SP_CD_SAMPLES_PER_SECTOR = 588, /* sample frames (stereo pairs) per sector */
  SP_CD_SECTOR_BYTES = 2352,
  SP_CD_MAX_TRACKS = 99,
  SP_CD_MAX_INDEX = 99,             /* INDEX 01 .. 99 of a track */
  SP_CD_FIRST_PREGAP_SECTORS = 150, /* 2 s before the first track's INDEX 01 */
  SP_CD_MIN_TRACK_SECTORS = 300,    /* 4 s */
  SP_CD_MAX_SECTORS = 359849,       /* 79:57:74: the program area, lead-out at 79:59:74 */
  SP_CD_TEXT_MAX_BYTES = 253 * 12,  /* a CD-Text block: 253 text packs of 12 bytes */
};

/* ---- what the album fills ------------------------------------------------ */

/* One track. Positions are sample frames of the master at the disc's
 * rate_hz, from the master's first frame. Strings are UTF-8 (NULL or "":
 * not given); the ISRC as sp_isrc_valid accepts it. */
typedef struct sp_cd_track {
  int64_t start_frame;         /* INDEX 01: where the track starts */
  int64_t pregap_frames;       /* INDEX 00 that long before start_frame; 0: none */
  const int64_t *index_frames; /* INDEX 02, 03, ...: increasing, after start_frame */
  size_t n_index;
  const char *title, *performer, *songwriter, *isrc;
} sp_cd_track;

/* The disc: its master's rate and length (sample frames at rate_hz), its
 * CD-Text (UTF-8, each representable in ISO-8859-1) and its UPC/EAN
 * (sp_upc_valid; NULL: none), and its tracks in order. */
typedef struct sp_cd_disc {
  int rate_hz;
  int64_t frames;
  const char *title, *performer, *songwriter, *catalog;
  const sp_cd_track *tracks;
  size_t n;
} sp_cd_disc;

/* ---- the codes ----------------------------------------------------------- */

/* Whether s is a UPC-A (12 digits) or an EAN-13 (13 digits) whose last
 * digit is its GS1 check digit; digits only. Else why (the right check
 * digit when only it is wrong). */
bool sp_upc_valid(const char *s, char why[128]);

/* s (valid) as the 13 digits a CATALOG takes: an EAN-13 as it is, a
 * UPC-A with a 0 before it (the same number, the same check digit). */
void sp_upc_catalog(const char *s, char out[14]);

/* The GS1 check digit of the n digits of d (those before it), 0 .. 9. */
int sp_gs1_check_digit(const char *d, size_t n);

/* ---- MSF ----------------------------------------------------------------- */

/* sectors (>= 0) as "mm:ss:ff" (minutes may pass 99: then more digits). */
void sp_cd_msf(int64_t sectors, char out[16]);

/* "mm:ss:ff" (ss < 60, ff < 75) into *sectors; false when s is not that. */
bool sp_cd_msf_parse(const char *s, int64_t *sectors);

/* Frame f of a master at rate_hz as a 44.1 kHz sample frame (the
 * rounding rule above), and as the sector holding it. */
int64_t sp_cd_sample_of(int64_t f, int rate_hz);
int64_t sp_cd_sector_of(int64_t f, int rate_hz);

/* ---- the disc placed on sectors ------------------------------------------ */

/* A track's points, sectors from the image's start (LBA). */
typedef struct sp_cd_place {
  int64_t index0_sectors; /* INDEX 00, the pregap's start; -1: none */
  int64_t index1_sectors; /* INDEX 01 */
  int64_t *index_sectors; /* INDEX 02 ..: n_index of them */
  size_t n_index;
  int64_t end_sectors; /* the next track's first sector, or the image's end */
} sp_cd_place;

typedef struct sp_cd_layout {
  sp_cd_place *tracks;
  size_t n;
  int64_t samples;              /* the master's length at 44.1 kHz */
  int64_t sectors;              /* the image's: samples padded to a sector */
  int64_t first_pregap_sectors; /* 150 + the image's sectors before track 1's INDEX 01 */
} sp_cd_layout;

/* The disc's tracks placed by the rounding rule into out (the caller's;
 * sp_cd_layout_fini frees it). A point before 0 or past the end is placed
 * as it falls (sp_redbook_check says what is wrong with it). */
void sp_cd_place_disc(const sp_cd_disc *d, sp_cd_layout *out);
void sp_cd_layout_fini(sp_cd_layout *l);

/* A track's length as it plays: INDEX 01 to the next track's first sector. */
int64_t sp_cd_track_sectors(const sp_cd_place *p);

/* ---- the rules ----------------------------------------------------------- */

/* A rule the disc breaks: where (track: an index into the disc's tracks,
 * -1 the disc as a whole; field: the key of sp_cd_track or sp_cd_disc at
 * fault, "index_frames" with at its entry), and the text: what is wrong;
 * the fix (lowercase, no "error:", for the album's message at its key). */
typedef struct sp_redbook_issue {
  long track;
  const char *field;
  size_t at;
  char text[320];
} sp_redbook_issue;

/* Every Red Book rule d breaks, in the disc's order (the disc's first,
 * then each track's), into *out (heap, free it; NULL when none); the
 * count. The rules: 1 to 99 tracks; the image at most 79:57:74; each
 * track's points within the master and increasing (a pregap after the
 * track before it ends its INDEX points), at most INDEX 99; each track at
 * least 4 s from its INDEX 01 to the next track; the first pregap at least
 * 2 s; each ISRC and the catalogue number valid; the CD-Text in ISO-8859-1
 * without control characters, and within one block's 253 packs. */
size_t sp_redbook_check(const sp_cd_disc *d, sp_redbook_issue **out);

/* s (UTF-8) as ISO-8859-1 into out (out_size >= strlen(s) + 1); false
 * when s holds a character Latin-1 has not, or a control character (why
 * names it and its place). NULL s: "". */
bool sp_cd_text_latin1(const char *s, char *out, size_t out_size, char why[128]);

/* Whether a text of the disc is given (not NULL, not empty): a CD-Text
 * item or a code is written only then. */
static inline bool sp_cd_given(const char *s) { return s && *s; }

#endif
