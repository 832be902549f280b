/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Red Book's arithmetic and rules (core/album/redbook.h): UPC/EAN
 * codes (an ISRC's rule is core/base/isrc.h's), MSF, an album's points
 * placed on sectors, and the check of a disc, which names each rule broken
 * with its track and its fix. */

#include "core/album/redbook.h"

#include "core/base/alloc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- codes --------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

int sp_gs1_check_digit(const char *d, size_t n)
{
  /* from the right: the digit next to the check digit weighs 3, then 1, 3, ... */
  int sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += (d[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (10 - sum % 10) % 10;
}

bool sp_upc_valid(const char *s, char why[128])
{
  const size_t len = s ? strlen(s) : 0;
  for (size_t i = 0; i < len; i++)
    if (!is_digit(s[i])) {
      snprintf(why, 128,
               "'%.20s': character %zu is not a digit: a UPC/EAN is 12 or 13 digits, nothing "
               "else",
               s, i + 1);
      return false;
    }
  if (len != 12 && len != 13) {
    snprintf(why, 128, "'%.20s' is %zu digits: a UPC-A has 12, an EAN-13 13", s, len);
    return false;
  }
  const int want = sp_gs1_check_digit(s, len - 1);
  if (s[len - 1] - '0' != want) {
    snprintf(why, 128,
             "'%s' ends in the check digit %c where its digits make %d: the number is mistyped", s,
             s[len - 1], want);
    return false;
  }
  return true;
}

void sp_upc_catalog(const char *s, char out[14])
{
  snprintf(out, 14, "%s%s", strlen(s) == 12 ? "0" : "", s);
}

/* ---- MSF ----------------------------------------------------------------- */

void sp_cd_msf(int64_t sectors, char out[16])
{
  if (sectors < 0)
    sectors = 0;
  const int64_t m = sectors / (60 * SP_CD_SECTORS_PER_SECOND);
  const int s = (int)(sectors / SP_CD_SECTORS_PER_SECOND % 60);
  const int f = (int)(sectors % SP_CD_SECTORS_PER_SECOND);
  snprintf(out, 16, "%02" PRId64 ":%02d:%02d", m % 1000000, s, f);
}

bool sp_cd_msf_parse(const char *s, int64_t *sectors)
{
  int m, sec, f, end = 0;
  if (!s || sscanf(s, "%d:%d:%d%n", &m, &sec, &f, &end) != 3 || s[end] != '\0' || m < 0 ||
      sec < 0 || sec >= 60 || f < 0 || f >= SP_CD_SECTORS_PER_SECOND)
    return false;
  *sectors = ((int64_t)m * 60 + sec) * SP_CD_SECTORS_PER_SECOND + f;
  return true;
}

static int64_t floor_div(int64_t a, int64_t b)
{
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t sp_cd_sample_of(int64_t f, int rate_hz)
{
  if (rate_hz == SP_CD_RATE_HZ || rate_hz <= 0)
    return f;
  /* sp_session_frames' rounding, half up, for negative frames too */
  return floor_div(f * SP_CD_RATE_HZ + rate_hz / 2, rate_hz);
}

int64_t sp_cd_sector_of(int64_t f, int rate_hz)
{
  return floor_div(sp_cd_sample_of(f, rate_hz), SP_CD_SAMPLES_PER_SECTOR);
}

/* ---- placement ----------------------------------------------------------- */

void sp_cd_place_disc(const sp_cd_disc *d, sp_cd_layout *out)
{
  memset(out, 0, sizeof *out);
  out->samples = sp_cd_sample_of(d->frames, d->rate_hz);
  out->sectors = (out->samples + SP_CD_SAMPLES_PER_SECTOR - 1) / SP_CD_SAMPLES_PER_SECTOR;
  out->n = d->n;
  out->tracks = d->n ? sp_xcalloc(d->n, sizeof *out->tracks) : NULL;
  for (size_t i = 0; i < d->n; i++) {
    const sp_cd_track *t = &d->tracks[i];
    sp_cd_place *p = &out->tracks[i];
    p->index1_sectors = sp_cd_sector_of(t->start_frame, d->rate_hz);
    if (i == 0) /* what the master holds before the first track is its pregap */
      p->index0_sectors = p->index1_sectors > 0 ? 0 : -1;
    else if (t->pregap_frames > 0) {
      p->index0_sectors = sp_cd_sector_of(t->start_frame - t->pregap_frames, d->rate_hz);
      if (p->index0_sectors == p->index1_sectors)
        p->index0_sectors = -1; /* shorter than a sector where it falls */
    } else
      p->index0_sectors = -1;
    p->n_index = t->n_index;
    p->index_sectors = t->n_index ? sp_xcalloc(t->n_index, sizeof *p->index_sectors) : NULL;
    for (size_t k = 0; k < t->n_index; k++)
      p->index_sectors[k] = sp_cd_sector_of(t->index_frames[k], d->rate_hz);
  }
  for (size_t i = 0; i < d->n; i++) {
    const sp_cd_place *next = i + 1 < d->n ? &out->tracks[i + 1] : NULL;
    out->tracks[i].end_sectors = !next                       ? out->sectors
                                 : next->index0_sectors >= 0 ? next->index0_sectors
                                                             : next->index1_sectors;
  }
  out->first_pregap_sectors =
      SP_CD_FIRST_PREGAP_SECTORS + (d->n ? out->tracks[0].index1_sectors : 0);
}

void sp_cd_layout_fini(sp_cd_layout *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->tracks[i].index_sectors);
  free(l->tracks);
  memset(l, 0, sizeof *l);
}

int64_t sp_cd_track_sectors(const sp_cd_place *p) { return p->end_sectors - p->index1_sectors; }

/* ---- CD-Text ------------------------------------------------------------- */

bool sp_cd_text_latin1(const char *s, char *out, size_t out_size, char why[128])
{
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  for (size_t at = 1; *p; at++) {
    uint32_t c = *p;
    int more = c < 0x80             ? 0
               : (c & 0xE0) == 0xC0 ? 1
               : (c & 0xF0) == 0xE0 ? 2
               : (c & 0xF8) == 0xF0 ? 3
                                    : -1;
    if (more < 0) {
      snprintf(why, 128, "character %zu is not UTF-8 (byte 0x%02X)", at, (unsigned)c);
      return false;
    }
    c &= more == 0 ? 0x7F : (uint32_t)(0x3F >> more);
    for (int k = 1; k <= more; k++) {
      if ((p[k] & 0xC0) != 0x80) {
        snprintf(why, 128, "character %zu is not UTF-8 (byte 0x%02X)", at, (unsigned)p[0]);
        return false;
      }
      c = c << 6 | (p[k] & 0x3F);
    }
    p += 1 + more;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      snprintf(why, 128,
               "character %zu is a control character (U+%04X): CD-Text holds printable text only",
               at, (unsigned)c);
      return false;
    }
    if (c == '\\' && !*p) { /* (review 26 F12: "Ends\" broke both sheets, render exit 0) */
      snprintf(why, 128,
               "character %zu, the last, is a backslash, which CUE readers take as escaping the "
               "closing quote",
               at);
      return false;
    }
    if (c > 0xFF) {
      snprintf(why, 128,
               "character %zu (U+%04" PRIX32 ") is not in ISO-8859-1, CD-Text's character set: "
               "write it in Latin letters",
               at, c);
      return false;
    }
    if (n + 1 < out_size)
      out[n++] = (char)c;
  }
  if (out_size)
    out[n] = '\0';
  return true;
}

/* ---- the check ----------------------------------------------------------- */

typedef struct issues {
  sp_redbook_issue *v;
  size_t n, cap;
} issues;

static void add(issues *is, long track, const char *field, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add(issues *is, long track, const char *field, size_t at, const char *fmt, ...)
{
  SP_GROW(is->v, is->n, is->cap);
  sp_redbook_issue *x = &is->v[is->n++];
  x->track = track;
  x->field = field;
  x->at = at;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->text, sizeof x->text, fmt, ap);
  va_end(ap);
}

/* A point as "mm:ss:ff (sector N)". */
static const char *where(int64_t sectors, char buf[48])
{
  char msf[16];
  sp_cd_msf(sectors, msf);
  snprintf(buf, 48, "%s (sector %" PRId64 ")", msf, sectors);
  return buf;
}

/* The CD-Text of one item (the disc's or a track's) in Latin-1: its bytes
 * with the NUL a pack holds after each; its issue said into is (when not
 * NULL) when it has none. */
static size_t text_bytes(issues *is, long track, const char *field, const char *s)
{
  char why[128];
  const size_t len = s ? strlen(s) : 0;
  char *l1 = sp_xmalloc(len + 1);
  size_t bytes = 0;
  if (!sp_cd_text_latin1(s, l1, len + 1, why)) {
    if (is)
      add(is, track, field, 0, "%s; fix the text", why);
  } else
    bytes = strlen(l1) + 1;
  free(l1);
  return bytes;
}


/* The disc as a whole: its tracks' count, its length, its catalogue
 * number, its CD-Text and the block that holds it. */
static void check_disc(const sp_cd_disc *d, const sp_cd_layout *l, issues *is)
{
  char a[48], why[128];
  if (d->n == 0)
    add(is, -1, "tracks", 0, "the disc has no track; give it at least one");
  else if (d->n > SP_CD_MAX_TRACKS)
    add(is, -1, "tracks", 0,
        "the disc has %zu tracks, and a CD holds at most 99; join tracks, or make two discs", d->n);
  if (l->sectors > SP_CD_MAX_SECTORS) {
    char cut[16];
    sp_cd_msf(l->sectors - SP_CD_MAX_SECTORS, cut);
    add(is, -1, "frames", 0,
        "the image lasts %s, and a CD holds at most 79:57:74 (sector 359849); cut %s, or make "
        "two discs",
        where(l->sectors, a), cut);
  }
  if (d->catalog && !sp_upc_valid(d->catalog, why))
    add(is, -1, "catalog", 0, "%s; give the UPC/EAN as printed under its bar code", why);
  /* CD-Text: an item given anywhere is written for the disc and every
   * track ("" where not given); each item's texts fill packs of 12 bytes */
  const char *names[3] = {"title", "performer", "songwriter"};
  size_t packs = 0;
  for (int k = 0; k < 3; k++) {
    const char *disc_s = k == 0 ? d->title : k == 1 ? d->performer : d->songwriter;
    bool used = sp_cd_given(disc_s);
    for (size_t i = 0; i < d->n; i++) {
      const sp_cd_track *t = &d->tracks[i];
      used = used || sp_cd_given(k == 0 ? t->title : k == 1 ? t->performer : t->songwriter);
    }
    size_t bytes = text_bytes(is, -1, names[k], disc_s);
    for (size_t i = 0; i < d->n; i++) {
      const sp_cd_track *t = &d->tracks[i];
      bytes += text_bytes(NULL, (long)i, names[k],
                          k == 0   ? t->title
                          : k == 1 ? t->performer
                                   : t->songwriter);
    }
    if (used)
      packs += (bytes + 11) / 12;
  }
  if (packs * 12 > SP_CD_TEXT_MAX_BYTES)
    add(is, -1, "cd_text", 0,
        "the CD-Text takes %zu packs of 12 bytes, and a block holds 253; shorten the titles, "
        "performers or songwriters by %zu bytes",
        packs, packs * 12 - SP_CD_TEXT_MAX_BYTES);
  if (l->first_pregap_sectors < SP_CD_FIRST_PREGAP_SECTORS)
    add(is, 0, "pregap_frames", 0,
        "the first track's pregap lasts %" PRId64
        " sectors, and the Red Book asks for 2 s (150 sectors); give it 2 s",
        l->first_pregap_sectors);
}

/* Track i's points: within the master, after the track before, increasing,
 * at most INDEX 99; its length; its ISRC. */
static void check_track(const sp_cd_disc *d, const sp_cd_layout *l, size_t i, issues *is)
{
  const sp_cd_track *t = &d->tracks[i];
  const sp_cd_place *p = &l->tracks[i];
  const long ti = (long)i;
  const size_t no = i + 1;
  char a[48], b[48], why[128];
  const double sec = 1.0 / d->rate_hz;
  if (t->start_frame < 0 || t->start_frame >= d->frames)
    add(is, ti, "start_frame", 0,
        "track %zu starts at %.3f s, outside the master's %.3f s; start it within the master", no,
        (double)t->start_frame * sec, (double)d->frames * sec);
  if (t->pregap_frames < 0)
    add(is, ti, "pregap_frames", 0, "track %zu's pregap lasts %.3f s; give it 0 s or more", no,
        (double)t->pregap_frames * sec);
  else if (i > 0 && t->start_frame - t->pregap_frames < 0)
    add(is, ti, "pregap_frames", 0,
        "track %zu's pregap of %.3f s starts before the master does; shorten it to %.3f s", no,
        (double)t->pregap_frames * sec, (double)t->start_frame * sec);
  if (i > 0) {
    const sp_cd_place *q = &l->tracks[i - 1];
    const int64_t last = q->n_index ? q->index_sectors[q->n_index - 1] : q->index1_sectors;
    const int64_t first = p->index0_sectors >= 0 ? p->index0_sectors : p->index1_sectors;
    if (first <= last)
      add(is, ti, p->index0_sectors >= 0 ? "pregap_frames" : "start_frame", 0,
          "track %zu's %s at %s is not after track %zu's last index at %s; start it later%s", no,
          p->index0_sectors >= 0 ? "pregap starts" : "INDEX 01", where(first, a), no - 1,
          where(last, b), p->index0_sectors >= 0 ? ", or shorten its pregap" : "");
  }
  if (t->n_index + 1 > SP_CD_MAX_INDEX)
    add(is, ti, "index_frames", SP_CD_MAX_INDEX - 1,
        "track %zu has %zu index points (INDEX 01 to %02zu), and a track holds at most INDEX 99; "
        "drop %zu of them",
        no, t->n_index + 1, t->n_index + 1, t->n_index + 1 - SP_CD_MAX_INDEX);
  int64_t prev = p->index1_sectors;
  for (size_t k = 0; k < p->n_index; k++) {
    const int64_t at = p->index_sectors[k];
    if (at <= prev)
      add(is, ti, "index_frames", k,
          "track %zu's INDEX %02zu at %s is not after INDEX %02zu at %s; index points "
          "increase, a sector (1/75 s) apart at least",
          no, k + 2, where(at, a), k + 1, where(prev, b));
    else if (at >= p->end_sectors)
      add(is, ti, "index_frames", k,
          "track %zu's INDEX %02zu at %s is not before the track ends at %s; move it into the "
          "track",
          no, k + 2, where(at, a), where(p->end_sectors, b));
    prev = at > prev ? at : prev;
  }
  const int64_t len = sp_cd_track_sectors(p);
  if (len < SP_CD_MIN_TRACK_SECTORS) {
    char msf[16];
    sp_cd_msf(len < 0 ? 0 : len, msf);
    add(is, ti, "start_frame", 0,
        "track %zu plays %s (%" PRId64 " sectors) from its INDEX 01 to the %s, and a track "
        "lasts at least 4 s (300 sectors); lengthen it, or join it to a neighbour",
        no, msf, len, i + 1 < d->n ? "next track" : "disc's end");
  }
  if (t->isrc && !sp_isrc_valid(t->isrc, why))
    add(is, ti, "isrc", 0, "%s; copy the track's ISRC from its registration", why);
  text_bytes(is, ti, "title", t->title);
  text_bytes(is, ti, "performer", t->performer);
  text_bytes(is, ti, "songwriter", t->songwriter);
}

size_t sp_redbook_check(const sp_cd_disc *d, sp_redbook_issue **out)
{
  issues is = {0};
  if (d->rate_hz <= 0 || d->frames < 0) {
    add(&is, -1, "rate_hz", 0,
        "the master's rate (%d Hz) and length (%" PRId64
        " frames) are not a master's; give the master's own",
        d->rate_hz, d->frames);
    *out = is.v;
    return is.n;
  }
  sp_cd_layout l;
  sp_cd_place_disc(d, &l);
  check_disc(d, &l, &is);
  for (size_t i = 0; i < d->n; i++)
    check_track(d, &l, i, &is);
  sp_cd_layout_fini(&l);
  *out = is.v;
  return is.n;
}
