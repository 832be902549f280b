/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_ADM_TREE_H
#define SP_IO_ADM_TREE_H

/* What the ADM BWF reader's files share (adm_read.c: the axml's tree and
 * the tracks into the model; adm_select.c: the audioObjects played;
 * adm_tree.c: the exact times and the tree's attributes, children and
 * numbers): the axml's elements as a tree, the exact times, and what the
 * audioObjects played say of each track. Private to io/audio. */

#include "io/audio/adm_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A time of the axml in frames at the parse's rate, exactly: whole +
 * num / den frames (0 <= num < den; den at most 10^9 as read, a sum's
 * within 10^18). BS.2127 renders a block from the first frame at or after
 * its start (the EBU ADM Renderer's ceil of the exact fraction): a time
 * off the frame grid is kept whole to be rounded so. */
typedef struct adm_frames {
  int64_t whole, num, den;
} adm_frames;

typedef struct xblock xblock; /* an audioBlockFormat's values (adm_read.c) */
typedef struct adm_ids adm_ids; /* an audioFormatExtended's elements by ID (adm_tree.c) */

typedef struct xattr {
  char *name, *value;
  bool read; /* by the reader (adm_attr) */
} xattr;

typedef struct xnode {
  char *name; /* local name, without a prefix */
  xattr *attrs;
  size_t n_attrs;
  char *text; /* its character data, trimmed */
  bool padded; /* white space around it trimmed off (the EAR reads it as written) */
  struct xnode **kids;
  size_t n_kids, cap_kids;
  xblock *block; /* an audioBlockFormat's, read (its kids dropped) */
  adm_ids *ids;  /* the audioFormatExtended's: its elements by ID (adm_index) */
  int line;      /* where it opens in the axml */
  bool read;     /* by the reader (adm_kid), or anything in it */
  bool played;   /* an audioProgramme, audioContent or audioObject played (adm_play) */
} xnode;

/* n's attribute name's value, marked read; NULL: none. */
const char *adm_attr(const xnode *n, const char *name);

/* n's first child element named name, marked read; NULL: none. */
const xnode *adm_kid(const xnode *n, const char *name);

/* Whether n is an element named name: then it is marked read (its text,
 * its being there, is what the reader takes of it). */
bool adm_is(const xnode *n, const char *name);

/* n's attribute name's value, not marked: for a search that passes
 * elements by (the one it finds is read where its reader takes it). */
const char *adm_peek(const xnode *n, const char *name);

/* afe's (the audioFormatExtended's) main elements (audioProgramme,
 * audioContent, audioObject, the formats, audioTrackUID) and its
 * audioObjects' alternativeValueSets indexed by kind and ID into afe->ids,
 * IDs alike in any case (as the EBU ADM Renderer compares them), O(n log
 * n) once, so that each lookup is O(log n). false with why for two
 * elements of one kind and ID (BS.2076 gives each its own; the EAR refuses
 * them, two alternativeValueSets alike in one object or two too, and a
 * reader took the first where another takes the last), naming both lines.
 * Freed with afe. */
bool adm_index(xnode *afe, char *why, size_t why_size);

/* The element of afe (indexed: adm_index) of kind whose ID is id, its ID
 * attribute marked read; NULL: none (id NULL too). */
const xnode *adm_by_id(const xnode *afe, const char *kind, const char *id);

/* adm_by_id, nothing marked: for a check of every element, played or
 * not (what nothing played refers to stays let go). */
const xnode *adm_find(const xnode *afe, const char *kind, const char *id);

/* Where a reference ref (in words: "audioContent ACO_1001's reference to
 * AO_1001") to an element of kind finds none: true with why naming
 * afe's first element of that kind without its ID attribute, at its line,
 * when one lacks it (a missing attribute the EAR refuses the file for,
 * said as that rather than as a reference to nothing); false: none
 * lacks it. */
bool adm_lacks_id(const xnode *afe, const char *kind, const char *ref, char *why, size_t why_size);

/* s (of size bytes) made one line: each control character in it (a
 * newline an ID or name holds as &#10;) written as the character
 * reference the axml holds it as ("&#10;"), cut at a whole character
 * where that is past size. For a message quoting the axml: one line an
 * element, as a warning or a note prints it. */
void adm_one_line(char *s, size_t size);

/* An indexed afe's index freed (xfree's). */
void adm_ids_free(adm_ids *ids);

/* n and all it holds marked read: what the reader looked at and plays
 * nothing of, as BS.2127 plays nothing of it (an audioObject of another
 * programme, a complementary object not chosen). */
void adm_let_go(const xnode *n);

/* n, an audioProgramme, audioContent or audioObject, played: marked read
 * and played, so that what selection leaves out is let go
 * (adm_select_tracks). */
void adm_play(const xnode *n);

/* ---- what the reader did not read ------------------------------------------- */

/* The kinds of what the reader did not read of an axml, and the ADM
 * table does not let go (sp_adm_ignored, io/audio/adm.h): an attribute of
 * an element of one name, an element of one name in a parent of one name,
 * each by its first (its line) and how many more; the kinds past the
 * first ADM_UNREAD_KINDS only counted. */
enum { ADM_UNREAD_KINDS = 8, ADM_NAME = 40 };
typedef struct adm_unread {
  struct {
    char el[ADM_NAME], attr[ADM_NAME], parent[ADM_NAME]; /* attr "": the element */
    int line;
    size_t more;
  } k[ADM_UNREAD_KINDS];
  size_t n, others;
} adm_unread;

/* What under n (itself read: its reader has it; parent its parent, NULL
 * for the root) was not read and the table does not let go, into u; then
 * all of n marked read, so that a later walk does not count it again. An
 * element counts as read when anything in it was. */
void adm_unread_walk(adm_unread *u, xnode *n, const xnode *parent);

/* What of afe, the audioFormatExtended, the reader did not read and the
 * table does not let go, into u (adm_unread_walk): its main elements
 * (adm_index's kinds) the reader never took (found by id, as a kid, as
 * played) let go first, whatever they hold (BS.2127 plays what the
 * programme, its objects and the chna's tracks refer to; a file may hold
 * more: a spare channel format, the common definitions written out); one
 * of a kind BS.2076 has not is said. */
void adm_unread_format(adm_unread *u, const xnode *afe);

/* u in words, for the list of what a file's reader does not play
 * ("audioBlockFormat@screenLock (axml line 12, 3 more like it)"), whole
 * entries alone, then how many things are not said ("; 4 more unread"):
 * "" when nothing. */
void adm_unread_say(const adm_unread *u, char *out, size_t size);

/* s (may be NULL) as a finite decimal number, all of it, into *v; its
 * digits any Unicode decimal digits (adm_ascii). */
bool adm_number(const char *s, double *v);

/* s (not NULL) with each Unicode decimal digit (UTF-8: Arabic-Indic,
 * fullwidth, ...) as the ASCII one of its value, as Python's float(),
 * int() and re's \d read them in the EBU ADM Renderer (Unicode 14's Nd,
 * Python 3.11's), and (spaces) each Unicode white space float() strips
 * as a space; heap, or NULL where s has none of them. */
char *adm_ascii(const char *s, bool spaces);

/* s with its underscores left out where each is between two digits
 * ("1_000.5" 1000.5, as Python's float() and int() read it, PEP 515), in
 * buf of size; else s itself (none, or one elsewhere, or longer than
 * buf). */
const char *adm_unscored(const char *s, char *buf, size_t size);

/* s (may be NULL) as one of BS.2076's flags, "0" or "1", into *on; false
 * for anything else ("true", "yes": the EBU ADM Renderer refuses them). */
bool adm_flag(const char *s, bool *on);

/* BS.2076 time s (hh:mm:ss.zzzzz, or hh:mm:ss.zzzzzSfffff; one or two
 * digits each of hours, minutes and seconds, 60 or more minutes or
 * seconds too, the fraction written, its digits any Unicode decimal
 * digits (adm_ascii), as the EBU ADM Renderer reads them)
 * as frames at rate, exactly; false when s is no such time, or a fraction
 * finer than 10^-9 of a second (adm_time_ear_reads tells which). */
bool adm_parse_time(const char *s, double rate, adm_frames *frames);

/* Whether the EBU ADM Renderer reads time s (its pattern, a numerator
 * under its denominator), which adm_parse_time may find too fine. */
bool adm_time_ear_reads(const char *s);

/* a + b, exactly, into *s; false when its fraction's denominator is past
 * 10^18. */
bool adm_frames_add(adm_frames a, adm_frames b, adm_frames *s);

/* Whether a is before b. */
bool adm_frames_before(adm_frames a, adm_frames b);

/* What the audioObjects played say of a track, as BS.2127 section 5.2
 * selects them and the EBU ADM Renderer does: the programme with the
 * lowest ID (or none: every audioObject no other refers to), its
 * contents' audioObjects and the ones nested in them (audioObjectIDRef),
 * each complementary group's first (audioComplementaryObjectIDRef: the
 * ones it names are left out); a track's gain, mute, positionOffset,
 * start and duration those of the object that holds it (BS.2076-2 gives
 * them to no object that refers to others: refused, as the EAR refuses
 * it). A track no object played holds is
 * silent; every track plays when the axml has no audioObject (a chna
 * alone says what each is). */
typedef struct track_obj {
  bool played;
  const char *id; /* its audioObject's audioObjectID (NULL: none) */
  double gain;
  int off_kind; /* positionOffset: 0 none, 1 polar (azimuth, elevation, distance), 2 X, Y, Z */
  double off[3];
  adm_frames start; /* the audioObject's start, frames */
  bool has_end;     /* its duration given: start + it is its end */
  adm_frames end;
} track_obj;

/* Each track's track_obj (to[tracks], by the chna's uids[tracks]): the
 * audioObjects of afe's programme choice names (NULL, or none named: the
 * one with the lowest ID) played, of each complementary group the one it
 * names (none: the first); *played, the programme (NULL: none); false
 * with why (adm_select.c). */
bool adm_select_tracks(const xnode *afe, char (*uids)[13], int tracks, double rate,
                       const sp_adm_choice *choice, track_obj *to, const xnode **played, char *why,
                       size_t why_size);

#endif
