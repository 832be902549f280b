/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF metadata read, what its files share (io/audio/adm_tree.h): the
 * axml's exact times and its tree's attributes, children and numbers. */

#include "io/audio/adm_tree.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/audio/adm.h"
#include "io/xml/xml.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- times ---------------------------------------------------------------- */

__extension__ typedef __int128 wide;

static wide wgcd(wide a, wide b)
{
  while (b) {
    const wide t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* a + b, exactly, into *s; false when its fraction's denominator is past
 * 10^18 (times of fractions 10^9 apart, added thrice). */
bool adm_frames_add(adm_frames a, adm_frames b, adm_frames *s)
{
  wide num = (wide)a.num * b.den + (wide)b.num * a.den, den = (wide)a.den * b.den;
  int64_t whole = a.whole + b.whole;
  if (num >= den)
    num -= den, whole++;
  const wide g = wgcd(num, den);
  num /= g, den /= g;
  if (den > (wide)1000000000000000000)
    return false;
  *s = (adm_frames){whole, (int64_t)num, (int64_t)den};
  return true;
}

/* Whether a is before b. */
bool adm_frames_before(adm_frames a, adm_frames b)
{
  return a.whole != b.whole ? a.whole < b.whole : (wide)a.num * b.den < (wide)b.num * a.den;
}

/* One or two digits at *p (an hour, a minute, a second of a BS.2076 time,
 * as the EBU ADM Renderer reads them) into *v, *p past them; false for
 * none or three. */
static bool time_field(const char **p, int *v)
{
  const char *s = *p;
  int n = 0, x = 0;
  for (; n < 2 && s[n] >= '0' && s[n] <= '9'; n++)
    x = 10 * x + (s[n] - '0');
  if (n == 0 || (s[n] >= '0' && s[n] <= '9'))
    return false;
  *v = x, *p = s + n;
  return true;
}

/* The value of the digits from s to end, into *v; false past cap (any
 * count of digits, leading zeros too, as Python's int() reads them). */
static bool digits_within(const char *s, const char *end, long long cap, long long *v)
{
  long long x = 0;
  for (; s < end; s++)
    if ((x = 10 * x + (*s - '0')) > cap)
      return false;
  *v = x;
  return true;
}

/* The end of the digits at s. */
static const char *digits_end(const char *s)
{
  while (*s >= '0' && *s <= '9')
    s++;
  return s;
}

/* The Unicode decimal digits' zeros, each the first of ten (Unicode 14's
 * category Nd, Python 3.11's unicodedata: the digits its \d, int() and
 * float() read). */
static const uint32_t nd_zeros[] = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,
    0xc66,   0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,
    0x1810,  0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,
    0xa8d0,  0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0,
    0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2,
    0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0};

/* The white space past ASCII that Python's float() strips (str.isspace). */
static bool py_space(uint32_t c)
{
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
         c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

char *adm_ascii(const char *s, bool spaces)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p && *p < 0x80)
    p++;
  if (!*p)
    return NULL; /* all ASCII: as it is */
  char *out = sp_xmalloc(strlen(s) + 1), *o = out;
  bool changed = false;
  for (p = (const unsigned char *)s; *p;) {
    /* a UTF-8 sequence of 2 to 4 bytes, its continuations checked (a NUL
     * is none: the string's end stops it) */
    const int len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
    uint32_t c = len == 1 ? *p : *p & (0x3fu >> (len - 1));
    int n = 1;
    for (; n < len && (p[n] & 0xc0) == 0x80; n++)
      c = c << 6 | (p[n] & 0x3fu);
    if (n == len && len > 1) {
      /* the last zero at or below c: its digit where c is within ten */
      size_t lo = 0, hi = sizeof nd_zeros / sizeof nd_zeros[0];
      while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if (nd_zeros[mid] <= c)
          lo = mid;
        else
          hi = mid;
      }
      if (c - nd_zeros[lo] < 10 || (spaces && py_space(c))) {
        *o++ = c - nd_zeros[lo] < 10 ? (char)('0' + (c - nd_zeros[lo])) : ' ';
        p += n, changed = true;
        continue;
      }
    }
    memcpy(o, p, (size_t)n);
    o += n, p += n;
  }
  *o = '\0';
  if (!changed) {
    free(out);
    return NULL;
  }
  return out;
}

/* Whether s is of the EBU ADM Renderer's time pattern (time_format.py's
 * _TIME_RE: h:m:s.n or h:m:s.nSd, one or two digits of h, m and s, n and
 * d any count, Unicode's decimal digits too), a numerator under its
 * denominator: a time it reads. */
static bool ascii_time_ear_reads(const char *s);
bool adm_time_ear_reads(const char *s)
{
  char *a = s ? adm_ascii(s, false) : NULL;
  const bool r = ascii_time_ear_reads(a ? a : s);
  free(a);
  return r;
}

static bool ascii_time_ear_reads(const char *s)
{
  int h, m, sec;
  const char *p = s;
  if (!s || !time_field(&p, &h) || *p++ != ':' || !time_field(&p, &m) || *p++ != ':' ||
      !time_field(&p, &sec) || *p++ != '.')
    return false;
  const char *n = p, *ne = digits_end(n);
  if (ne == n)
    return false;
  if (*ne == '\0')
    return true;
  const char *d = ne + 1, *de = digits_end(d);
  if (*ne != 'S' || de == d || *de)
    return false;
  /* n < d, compared as the numbers they write, leading zeros left out */
  while (n + 1 < ne && *n == '0')
    n++;
  while (d + 1 < de && *d == '0')
    d++;
  return ne - n != de - d ? ne - n < de - d : strncmp(n, d, (size_t)(ne - n)) < 0;
}

/* BS.2076 time s (hh:mm:ss.zzzzz, or hh:mm:ss.zzzzzSfffff: zzzzz over
 * fffff of a second; hours, minutes and seconds of one or two digits, 60
 * and more minutes or seconds too, and the fraction written, as the EBU
 * ADM Renderer takes them) as frames at rate, exactly; false when s is no
 * such time, or a fraction finer than 10^-9 of a second (a decimal's
 * digits past the ninth all zeros; a denominator of 10^9 at most) that the
 * EAR reads (adm_time_ear_reads): "240:00:00" is none. */
static bool parse_ascii_time(const char *s, double rate, adm_frames *frames);
bool adm_parse_time(const char *s, double rate, adm_frames *frames)
{
  char *a = s ? adm_ascii(s, false) : NULL;
  const bool r = parse_ascii_time(a ? a : s, rate, frames);
  free(a);
  return r;
}

static bool parse_ascii_time(const char *s, double rate, adm_frames *frames)
{
  int h, m, sec;
  const char *p = s;
  if (!s || !time_field(&p, &h) || *p++ != ':' || !time_field(&p, &m) || *p++ != ':' ||
      !time_field(&p, &sec) || *p != '.')
    return false;
  const char *n = p + 1, *ne = digits_end(n);
  long long num = 0, den = 1;
  if (ne == n)
    return false;
  if (*ne == 'S') {
    const char *d = ne + 1, *de = digits_end(d);
    if (de == d || *de || !digits_within(d, de, 1000000000, &den) || den == 0 ||
        !digits_within(n, ne, den - 1, &num))
      return false;
  } else if (*ne == '\0') {
    /* nine digits read; past them zeros alone, which change nothing */
    for (const char *q = n; q < ne; q++)
      if (q - n < 9)
        num = 10 * num + (*q - '0'), den *= 10;
      else if (*q != '0')
        return false;
  } else {
    return false;
  }
  const int64_t r = (int64_t)llround(rate);
  if (r <= 0 || r > 100000000)
    return false;
  const int64_t part = num * r; /* under 10^17 */
  const int64_t g = (int64_t)wgcd(part % den, den);
  *frames = (adm_frames){((int64_t)h * 3600 + m * 60 + sec) * r + part / den, part % den / g,
                         den / g};
  return true;
}

/* ---- the tree's elements ---------------------------------------------------- */

const char *adm_attr(const xnode *n, const char *name)
{
  for (size_t i = 0; i < n->n_attrs; i++)
    if (strcmp(n->attrs[i].name, name) == 0) {
      n->attrs[i].read = true;
      return n->attrs[i].value;
    }
  return NULL;
}

const xnode *adm_kid(const xnode *n, const char *name)
{
  for (size_t i = 0; i < n->n_kids; i++)
    if (strcmp(n->kids[i]->name, name) == 0) {
      n->kids[i]->read = true;
      return n->kids[i];
    }
  return NULL;
}

/* The marks are the reader's notes on the tree, not its values: a reader
 * that takes an element as const marks it all the same (every node is
 * the heap's, made by the tree's reader in adm_read.c). */
static xnode *marked(const xnode *n) { return (xnode *)(uintptr_t)n; }

bool adm_is(const xnode *n, const char *name)
{
  if (strcmp(n->name, name) != 0)
    return false;
  marked(n)->read = true;
  return true;
}

const char *adm_peek(const xnode *n, const char *name)
{
  for (size_t i = 0; i < n->n_attrs; i++)
    if (strcmp(n->attrs[i].name, name) == 0)
      return n->attrs[i].value;
  return NULL;
}

/* ---- the elements by ID ----------------------------------------------------- */

/* The main elements BS.2076 gives an ID, and the attribute that holds it. */
static const struct {
  const char *kind, *attr;
} id_kinds[] = {
    {"audioProgramme", "audioProgrammeID"},
    {"audioContent", "audioContentID"},
    {"audioObject", "audioObjectID"},
    {"audioPackFormat", "audioPackFormatID"},
    {"audioChannelFormat", "audioChannelFormatID"},
    {"audioStreamFormat", "audioStreamFormatID"},
    {"audioTrackFormat", "audioTrackFormatID"},
    {"audioTrackUID", "UID"},
    /* not a main element: an audioObject's (adm_index) */
    {"alternativeValueSet", "alternativeValueSetID"},
};
enum { ID_KINDS = sizeof id_kinds / sizeof id_kinds[0], ID_AVS = ID_KINDS - 1 };

struct adm_ids {
  struct id_entry {
    const xnode *n;
    const char *id; /* its ID attribute's value */
    int kind;       /* of id_kinds */
  } * e;
  size_t len;
};

static int id_kind(const char *name)
{
  for (int k = 0; k < ID_KINDS; k++)
    if (strcmp(name, id_kinds[k].kind) == 0)
      return k;
  return -1;
}

static int by_kind_id(const void *a, const void *b)
{
  const struct id_entry *x = a, *y = b;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  const int c = strcasecmp(x->id, y->id);
  /* the document's order within one ID: the first said first */
  return c ? c : (x->n->line > y->n->line) - (x->n->line < y->n->line);
}

bool adm_index(xnode *afe, char *why, size_t why_size)
{
  adm_ids *x = sp_xcalloc(1, sizeof *x);
  size_t cap = 0;
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    const int k = id_kind(e->name);
    const char *id = k >= 0 && k != ID_AVS ? adm_peek(e, id_kinds[k].attr) : NULL;
    if (id) {
      SP_GROW(x->e, x->len, cap);
      x->e[x->len++] = (struct id_entry){e, id, k};
    }
    /* an object's alternativeValueSets, whose IDs are the file's (the EAR
     * refuses two alike, in one object or two) */
    for (size_t j = 0; strcmp(e->name, "audioObject") == 0 && j < e->n_kids; j++)
      if (strcmp(e->kids[j]->name, id_kinds[ID_AVS].kind) == 0 &&
          (id = adm_peek(e->kids[j], id_kinds[ID_AVS].attr))) {
        SP_GROW(x->e, x->len, cap);
        x->e[x->len++] = (struct id_entry){e->kids[j], id, ID_AVS};
      }
  }
  if (x->len)
    qsort(x->e, x->len, sizeof *x->e, by_kind_id);
  afe->ids = x;
  for (size_t i = 1; i < x->len; i++) {
    const struct id_entry *a = &x->e[i - 1], *b = &x->e[i];
    if (a->kind == b->kind && strcasecmp(a->id, b->id) == 0) {
      snprintf(why, why_size,
               "its axml has two %ss of ID %.64s%s%.64s (axml lines %d and %d); BS.2076 gives "
               "each element an ID of its own (the EBU ADM Renderer refuses it, and readers "
               "differ on which they take): give one another ID, or remove the one that is not "
               "the file's",
               id_kinds[a->kind].kind, a->id, strcmp(a->id, b->id) ? " and " : "",
               strcmp(a->id, b->id) ? b->id : "", a->n->line, b->n->line);
      return false;
    }
  }
  return true;
}

const xnode *adm_by_id(const xnode *afe, const char *kind, const char *id)
{
  const xnode *n = adm_find(afe, kind, id);
  if (n)
    adm_attr(n, id_kinds[id_kind(kind)].attr);
  return n;
}

const xnode *adm_find(const xnode *afe, const char *kind, const char *id)
{
  const int k = id_kind(kind);
  const adm_ids *x = afe->ids;
  if (!id || k < 0 || !x)
    return NULL;
  const struct id_entry key = {afe, id, k};
  size_t lo = 0, hi = x->len;
  while (lo < hi) { /* the first not before key: by kind and ID, then line */
    const size_t mid = lo + (hi - lo) / 2;
    const struct id_entry *e = &x->e[mid];
    const int c = e->kind != k ? (e->kind < k ? -1 : 1) : strcasecmp(e->id, id);
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == x->len || x->e[lo].kind != key.kind || strcasecmp(x->e[lo].id, id) != 0)
    return NULL;
  return x->e[lo].n;
}

bool adm_lacks_id(const xnode *afe, const char *kind, const char *ref, char *why, size_t why_size)
{
  const int k = id_kind(kind);
  for (size_t i = 0; k >= 0 && i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    if (strcmp(e->name, kind) != 0 || adm_peek(e, id_kinds[k].attr))
      continue;
    snprintf(why, why_size,
             "%s (axml line %d) has no %s, which BS.2076 requires (the EBU ADM Renderer refuses "
             "the file for it), so that %s finds no %s: write its %s",
             kind, e->line, id_kinds[k].attr, ref, kind, id_kinds[k].attr);
    return true;
  }
  return false;
}

void adm_one_line(char *s, size_t size)
{
  size_t n = strlen(s), ctl = 0;
  for (size_t i = 0; i < n; i++)
    ctl += (unsigned char)s[i] < 0x20 || s[i] == 0x7f;
  if (!ctl)
    return;
  char *out = sp_xmalloc(n + 5 * ctl + 1), *o = out;
  for (size_t i = 0; i < n; i++) {
    const unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
      o += sprintf(o, "&#%u;", (unsigned)c);
    else
      *o++ = (char)c;
  }
  *o = '\0';
  snprintf(s, size, "%s", out);
  sp_utf8_cut(s);
  free(out);
}

void adm_ids_free(adm_ids *ids)
{
  if (ids)
    free(ids->e);
  free(ids);
}

static void mark_all(xnode *n);

void adm_let_go(const xnode *n) { mark_all(marked(n)); }

void adm_play(const xnode *n)
{
  marked(n)->read = true;
  marked(n)->played = true;
}

/* ---- what the reader did not read ------------------------------------------- */

/* Of an axml's audioFormatExtended (what the reader accounts for: what
 * BS.2127 renders, the blocks read as the tree is, adm_read.c's
 * read_block; the rest once the file is read, adm_unread_format): what
 * changes nothing the EBU ADM Renderer plays. */
const sp_xml_ignored sp_adm_ignored[] = {
    {"audioBlockFormat@audioBlockFormatID", "the block's id, read where a message names it"},
    {"importance", "the EBU ADM Renderer plays a block whatever its importance (its default)"},
    {"headLocked", "for headphones; stemprint renders to speakers"},
    {"*@importance",
     "the EBU ADM Renderer plays an object or pack whatever its importance (its default)"},
    {"audioProgramme@start", "the EBU ADM Renderer renders the whole file, whatever the "
                             "programme's start and end"},
    {"audioProgramme@end", "the EBU ADM Renderer renders the whole file, whatever the "
                           "programme's start and end"},
    {"audioProgramme@audioProgrammeLanguage", "a language, for a player's choice"},
    {"audioContent@audioContentLanguage", "a language, for a player's choice"},
    {"audioProgramme@maxDuckingDepth", "ducking is a player's; BS.2127 does none"},
    {"audioObject@disableDucking", "ducking is a player's; BS.2127 does none"},
    {"loudnessMetadata", "a measurement of the programme, not what plays (stemprint measures its "
                         "own render)"},
    {"audioProgrammeReferenceScreen",
     "drives a block's screenRef alone, which the renderer names unplayed where a block has it"},
    {"authoringInformation", "who made it, and how"},
    {"audioProgrammeLabel", "a name in a language, for people"},
    {"audioContentLabel", "a name in a language, for people"},
    {"audioObjectLabel", "a name in a language, for people"},
    {"audioContent@audioContentName", "a name, for people"},
    {"audioObject@audioObjectName", "a name, for people (stemprint names an object by its pack "
                                    "and channel, read there)"},
    {"audioPackFormat@audioPackFormatName", "a name, read where it names an object"},
    {"audioChannelFormat@audioChannelFormatName",
     "a name, read where it names an object or places a bed channel"},
    {"audioStreamFormat@audioStreamFormatName", "a name, for people"},
    {"audioTrackFormat@audioTrackFormatName", "a name, for people"},
    {"audioContent/dialogue",
     "the content's kind (dialogue, music, effects) for a player's choice; BS.2127 plays it alike"},
    {"audioObject@dialogue",
     "the object's kind (dialogue, music, effects) for a player's choice; BS.2127 plays it alike"},
    {"audioObject@interact", "what a listener may change in a player; BS.2127 plays the object as "
                             "written"},
    {"audioObjectInteraction", "what a listener may change in a player; BS.2127 plays the object "
                               "as written"},
    {"audioObject/audioPackFormatIDRef",
     "each track's pack is its audioTrackUID's (read there); an object played whose packs are not "
     "its tracks' is refused, as the EBU ADM Renderer refuses it"},
    {"audioChannelFormat@typeLabel",
     "the channel's kind is its pack's (read there); one not its pack's, or none, is refused, as "
     "the EBU ADM Renderer refuses it"},
    {"audioChannelFormat@typeDefinition",
     "the channel's kind is its pack's (read there); one not its pack's, or none, is refused, as "
     "the EBU ADM Renderer refuses it"},
    {"audioChannelFormat/frequency",
     "read for a DirectSpeakers channel (an LFE by its band); on an "
     "Objects channel refused, as the EBU ADM Renderer refuses it"},
    {"audioPackFormat@absoluteDistance", "BS.2127 renders no distance: its gains are of direction"},
    {"audioPackFormat/absoluteDistance",
     "the attribute's value written as an element (BS.2076-2): BS.2127 renders no distance"},
    {"audioStreamFormat@formatLabel", "PCM: a BWF's tracks are what its fmt chunk says"},
    {"audioStreamFormat@formatDefinition", "PCM: a BWF's tracks are what its fmt chunk says"},
    {"audioTrackFormat@formatLabel", "PCM: a BWF's tracks are what its fmt chunk says"},
    {"audioTrackFormat@formatDefinition", "PCM: a BWF's tracks are what its fmt chunk says"},
    {"audioStreamFormat/audioTrackFormatIDRef",
     "the way back: each track format names its stream (read there)"},
    {"audioTrackUID@sampleRate", "the file's own rate and depth (its fmt chunk) are what play"},
    {"audioTrackUID@bitDepth", "the file's own rate and depth (its fmt chunk) are what play"},
    {"audioMXFLookUp", "for an MXF file's tracks; a BWF's are its chna's"},
    {"audioFormatExtended/profileList",
     "the profiles the file says it follows, for a checker; BS.2127 plays it as written"},
    {"audioFormatExtended/tagList", "tags for a catalogue or a player's choice; BS.2127 plays "
                                    "nothing by them"},
};
const size_t sp_adm_n_ignored = sizeof sp_adm_ignored / sizeof sp_adm_ignored[0];

/* An attribute's value, unmarked: for the table's conditions. */
static const char *peek(const void *el, const char *name) { return adm_peek(el, name); }

/* Marks n read when anything in it was; whether it is read. */
static bool read_inside(xnode *n)
{
  bool any = n->read;
  for (size_t i = 0; i < n->n_attrs && !any; i++)
    any = n->attrs[i].read;
  for (size_t i = 0; i < n->n_kids; i++)
    any |= read_inside(n->kids[i]);
  return n->read = any;
}

static void count(adm_unread *u, const char *el, const char *attr, const char *parent, int line)
{
  for (size_t i = 0; i < u->n; i++)
    if (strncmp(u->k[i].el, el, ADM_NAME - 1) == 0 &&
        strncmp(u->k[i].attr, attr, ADM_NAME - 1) == 0 &&
        (*attr || strncmp(u->k[i].parent, parent, ADM_NAME - 1) == 0)) {
      u->k[i].more++;
      return;
    }
  if (u->n == ADM_UNREAD_KINDS) {
    u->others++;
    return;
  }
  snprintf(u->k[u->n].el, ADM_NAME, "%s", el);
  snprintf(u->k[u->n].attr, ADM_NAME, "%s", attr);
  snprintf(u->k[u->n].parent, ADM_NAME, "%s", parent);
  sp_utf8_cut(u->k[u->n].el), sp_utf8_cut(u->k[u->n].attr), sp_utf8_cut(u->k[u->n].parent);
  u->k[u->n].line = line;
  u->k[u->n++].more = 0;
}

static void mark_all(xnode *n)
{
  n->read = true;
  for (size_t i = 0; i < n->n_attrs; i++)
    n->attrs[i].read = true;
  for (size_t i = 0; i < n->n_kids; i++)
    mark_all(n->kids[i]);
}

static void walk(adm_unread *u, const xnode *n, const sp_xml_view *v)
{
  for (size_t i = 0; i < n->n_attrs; i++)
    if (!n->attrs[i].read &&
        !sp_xml_ignored_at(sp_adm_ignored, sp_adm_n_ignored, v, n->attrs[i].name))
      count(u, n->name, n->attrs[i].name, "", n->line);
  for (size_t i = 0; i < n->n_kids; i++) {
    const xnode *c = n->kids[i];
    const sp_xml_view cv = {c->name, peek, c, v};
    if (c->read)
      walk(u, c, &cv);
    else if (!sp_xml_ignored_at(sp_adm_ignored, sp_adm_n_ignored, &cv, NULL))
      count(u, c->name, "", n->name, c->line);
  }
}

void adm_unread_walk(adm_unread *u, xnode *n, const xnode *parent)
{
  n->read = true;
  read_inside(n);
  const sp_xml_view pv = {parent ? parent->name : "", peek, parent, NULL};
  const sp_xml_view v = {n->name, peek, n, parent ? &pv : NULL};
  walk(u, n, &v);
  mark_all(n);
}

/* Whether the reader took n itself (found it: by its id, as a kid, as
 * played), not only what it holds: an audioChannelFormat's blocks are
 * read as the tree is, whether or not anything refers to it. */
static bool taken(const xnode *n)
{
  bool any = n->read;
  for (size_t i = 0; i < n->n_attrs && !any; i++)
    any = n->attrs[i].read;
  return any;
}

void adm_unread_format(adm_unread *u, const xnode *afe)
{
  /* a main element nothing played refers to is let go, whatever it
   * holds; one of a kind BS.2076 has not (nothing can refer to it) is
   * said, unless the table lets it go */
  for (size_t i = 0; i < afe->n_kids; i++)
    if (!taken(afe->kids[i]) && id_kind(afe->kids[i]->name) >= 0)
      mark_all(afe->kids[i]);
  adm_unread_walk(u, marked(afe), NULL);
}

void adm_unread_say(const adm_unread *u, char *out, size_t size)
{
  if (!size)
    return;
  out[0] = '\0';
  size_t used = 0, left = u->others; /* left: the things not said */
  for (size_t i = 0; i < u->n; i++)
    left += 1 + u->k[i].more;
  for (size_t i = 0; i < u->n; i++) {
    char e[2 * ADM_NAME + 96], more[40] = "";
    if (u->k[i].more)
      snprintf(more, sizeof more, ", %zu more like it", u->k[i].more);
    if (*u->k[i].attr)
      snprintf(e, sizeof e, "%s%s@%s (axml line %d%s)", used ? "; " : "", u->k[i].el,
               u->k[i].attr, u->k[i].line, more);
    else
      snprintf(e, sizeof e, "%s<%s> in %s (axml line %d%s)", used ? "; " : "", u->k[i].el,
               u->k[i].parent, u->k[i].line, more);
    const size_t after = left - 1 - u->k[i].more;
    /* whole entries alone, room kept for the count of those not said */
    if (used + strlen(e) + (after ? 32 : 0) >= size)
      break;
    used += (size_t)snprintf(out + used, size - used, "%s", e);
    left = after;
  }
  if (left)
    snprintf(out + used, size - used, "%s%zu more unread", used ? "; " : "", left);
}

const char *adm_unscored(const char *s, char *buf, size_t size)
{
  if (!s || !strchr(s, '_') || strlen(s) >= size)
    return s;
  size_t n = 0;
  for (const char *p = s; *p; p++) {
    const bool between = p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9';
    if (*p == '_' && !between)
      return s; /* "_1", "1__0", "1_.5": Python's float() refuses them too */
    if (*p != '_')
      buf[n++] = *p;
  }
  buf[n] = '\0';
  return buf;
}

bool adm_number(const char *s, double *v)
{
  /* a decimal number, as BS.2076's schema (xs:float) and the EAR take one
   * (its float(): underscores between digits too) */
  char buf[128], *a = s ? adm_ascii(s, true) : NULL;
  const bool r = s && sp_xml_double(adm_unscored(a ? a : s, buf, sizeof buf), v);
  free(a);
  return r;
}

bool adm_flag(const char *s, bool *on)
{
  if (!s || (strcmp(s, "0") != 0 && strcmp(s, "1") != 0))
    return false;
  *on = s[0] == '1';
  return true;
}
