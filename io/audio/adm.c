/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF files: chna and axml written and read (io/audio/adm.h).
 *
 * The file, as written:
 *
 *   RIFF|BW64 ─ WAVE ─ JUNK|ds64 ─ fmt (PCM, 24-bit) ─ bext? ─ chna ─ axml ─ data
 *
 * The axml is written here by hand: stemprint writes a small, fixed
 * shape (the Dolby Atmos Master ADM Profile's, sp_adm_axml, or with
 * m->bs2076 the same as BS.2076-2 alone has it). It is read
 * through io/xml's stream (libxml2, with the guards every XML read of
 * stemprint has: no DOCTYPE, no entity but XML's five and character
 * references, no network) to a depth of 64 and at most SP_ADM_MAX_AXML
 * bytes, each block read into its values as its element closes, so hostile
 * text costs what its size costs and no more. */

#include "io/audio/adm.h"
#include "io/audio/riff.h"
#include "core/base/bytes.h"

#include "core/base/alloc.h"
#include "core/measure/meter.h"
#include "io/fs/fs.h"
#include "io/fs/probe.h"
#include "io/xml/xml.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a growing text buffer ------------------------------------------------ */

typedef struct text {
  char *s;
  size_t n, cap;
  bool count; /* only count the bytes (n), keep none */
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
  if (t->count) {
    va_list ap;
    va_start(ap, fmt);
    const int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    t->n += k > 0 ? (size_t)k : 0;
    return;
  }
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    const int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
    va_end(ap);
    if (k >= 0 && t->s && (size_t)k < t->cap - t->n) {
      t->n += (size_t)k;
      return;
    }
    t->cap = t->cap * 2 + (size_t)(k > 0 ? k : 0) + 256;
    t->s = sp_xrealloc(t->s, t->cap);
  }
}

/* s with XML's special characters escaped. */
static void put_escaped(text *t, const char *s)
{
  for (; s && *s; s++)
    switch (*s) {
    case '<': put(t, "&lt;"); break;
    case '>': put(t, "&gt;"); break;
    case '&': put(t, "&amp;"); break;
    case '"': put(t, "&quot;"); break;
    default: put(t, "%c", *s);
    }
}

/* ---- the beds' channels ---------------------------------------------------- */

/* A bed channel as the Dolby Atmos Master ADM Profile names it: a
 * DirectSpeakers channel format of the file's own, its name, its
 * speakerLabel and its room-centric Cartesian position (X -1 left .. 1
 * right, Y -1 back .. 1 front, Z 0 the horizon .. 1 the ceiling, -1 for
 * the LFE), as Dolby's tools write them. */
typedef enum bed_role_id {
  RC_L,
  RC_R,
  RC_C,
  RC_LFE,
  RC_LS, /* 5.x's surrounds, 20° behind the sides (Y -tan 20°) */
  RC_RS,
  RC_LSS, /* 7.x's side surrounds */
  RC_RSS,
  RC_LRS,
  RC_RRS,
  RC_LTS, /* 7.1.2's top surrounds, over the sides */
  RC_RTS,
  RC_ROLES
} bed_role_id;

static const struct {
  const char *name, *label;
  double x, y, z;
  int rank; /* its place in the profile's channel orders */
} rc[RC_ROLES] = {
    {"RoomCentricLeft", "RC_L", -1, 1, 0, 0},
    {"RoomCentricRight", "RC_R", 1, 1, 0, 1},
    {"RoomCentricCenter", "RC_C", 0, 1, 0, 2},
    {"RoomCentricLFE", "RC_LFE", -1, 1, -1, 3},
    {"RoomCentricLeftSurround", "RC_Ls", -1, -0.36397, 0, 4},
    {"RoomCentricRightSurround", "RC_Rs", 1, -0.36397, 0, 5},
    {"RoomCentricLeftSideSurround", "RC_Lss", -1, 0, 0, 4},
    {"RoomCentricRightSideSurround", "RC_Rss", 1, 0, 0, 5},
    {"RoomCentricLeftRearSurround", "RC_Lrs", -1, -1, 0, 6},
    {"RoomCentricRightRearSurround", "RC_Rrs", 1, -1, 0, 7},
    {"RoomCentricLeftTopSurround", "RC_Lts", -1, 0, 1, 8},
    {"RoomCentricRightTopSurround", "RC_Rts", 1, 0, 1, 9},
};

/* The role (bed_role_id) of channel k of bed layout l (-1: none): 7.x's Ls and Rs are
 * its sides (±90°), 5.x's 20° behind them; 7.1.2's heights over the sides. */
static int role_of(const sp_layout *l, int k)
{
  const char *c = l->ch[k].name;
  bool seven = false;
  for (int i = 0; i < l->n; i++)
    seven |= strcmp(l->ch[i].name, "Lrs") == 0;
  return !strcmp(c, "L")                          ? RC_L
         : !strcmp(c, "R")                        ? RC_R
         : !strcmp(c, "C")                        ? RC_C
         : !strcmp(c, "LFE")                      ? RC_LFE
         : !strcmp(c, "Ls")                       ? (seven ? RC_LSS : RC_LS)
         : !strcmp(c, "Rs")                       ? (seven ? RC_RSS : RC_RS)
         : !strcmp(c, "Lrs")                      ? RC_LRS
         : !strcmp(c, "Rrs")                      ? RC_RRS
         : !strcmp(c, "Ltm") || !strcmp(c, "Ltf") ? RC_LTS
         : !strcmp(c, "Rtm") || !strcmp(c, "Rtf") ? RC_RTS
                                                  : -1;
}

/* Bed layout l as the profile's file holds it: its channels in the
 * profile's order (L R C LFE, the surrounds, the rears, the heights: 7.1's
 * sides before its rears, where stemprint's layout, as WAVE's, has the
 * rears first), file track k being the layout's channel chan[k] of role
 * roles[k]. False for a layout the profile has no bed of. */
static bool bed_tracks(const sp_layout *l, int *chan, int *roles)
{
  if (!sp_adm_bed_ok(l))
    return false;
  for (int k = 0; k < l->n; k++) {
    chan[k] = k;
    if ((roles[k] = role_of(l, k)) < 0)
      return false;
  }
  for (int i = 1; i < l->n; i++) /* by rank, a layout's few channels */
    for (int k = i; k > 0 && rc[roles[k - 1]].rank > rc[roles[k]].rank; k--) {
      int t = roles[k];
      roles[k] = roles[k - 1], roles[k - 1] = t;
      t = chan[k];
      chan[k] = chan[k - 1], chan[k - 1] = t;
    }
  return true;
}

/* The role of a channel of BS.2094's common definitions (xxxx of
 * AC_0001xxxx), as files written by stemprint before it wrote the
 * profile's own channels, and other tools', name them; -1: none of the
 * profile's. U±045 (0x22, 0x23) were stemprint's 7.1.2 heights. */
static int common_role(unsigned num)
{
  switch (num) {
  case 0x01: return RC_L;
  case 0x02: return RC_R;
  case 0x03: return RC_C;
  case 0x04: return RC_LFE;
  case 0x05: return RC_LS;
  case 0x06: return RC_RS;
  case 0x0a: return RC_LSS;
  case 0x0b: return RC_RSS;
  case 0x1c: return RC_LRS;
  case 0x1d: return RC_RRS;
  case 0x13:
  case 0x22: return RC_LTS;
  case 0x14:
  case 0x23: return RC_RTS;
  default: return -1;
  }
}

/* The bed layout whose channels are roles[n] (any order: a 5.x's
 * surrounds may be named as sides, a 7.x's as 5.x's), and the layout's
 * channel each is (chan[n]); NULL when no layout is. */
static const sp_layout *bed_of_roles(const int *roles, int n, int *chan)
{
  for (size_t i = 0; sp_layout_at(i); i++) {
    const sp_layout *l = sp_layout_at(i);
    int lch[SP_MAX_CHANNELS], lrole[SP_MAX_CHANNELS];
    if (l->n != n || !bed_tracks(l, lch, lrole))
      continue;
    bool all = true;
    for (int k = 0; k < n && all; k++) {
      chan[k] = -1;
      for (int j = 0; j < n; j++) {
        const int a = roles[k], b = lrole[j];
        const bool same = a == b || (a == RC_LS && b == RC_LSS) || (a == RC_LSS && b == RC_LS) ||
                          (a == RC_RS && b == RC_RSS) || (a == RC_RSS && b == RC_RS);
        if (same)
          chan[k] = lch[j];
      }
      for (int j = 0; j < k && all; j++)
        all = chan[j] != chan[k];
      all = all && chan[k] >= 0;
    }
    if (all)
      return l;
  }
  return NULL;
}

/* For each track of the file m is written as, the model's track it holds
 * (the beds' channels in the profile's order, the objects' as they are):
 * of[m->tracks]; the roles of the beds' tracks into roles (may be NULL). */
static void file_tracks(const sp_adm *m, int *of, int *roles)
{
  int at = 0;
  for (size_t b = 0; b < m->n_beds; b++) {
    int chan[SP_MAX_CHANNELS], r[SP_MAX_CHANNELS];
    bed_tracks(m->beds[b], chan, r);
    for (int k = 0; k < m->beds[b]->n; k++) {
      of[at + k] = at + chan[k];
      if (roles)
        roles[at + k] = r[k];
    }
    at += m->beds[b]->n;
  }
  for (int k = at; k < m->tracks; k++)
    of[k] = k;
}

/* ---- times ---------------------------------------------------------------- */

/* frames at rate as BS.2076's time: hh:mm:ss.zzzzz when that is exact,
 * else its fractional form hh:mm:ss.zzzzzSfffff (frames of a second over
 * the rate). */
static void put_time(text *t, int64_t frames, double rate)
{
  const int64_t r = (int64_t)rate, s = frames / r, rem = frames % r;
  if ((rem * 100000) % r == 0)
    put(t, "%02lld:%02lld:%02lld.%05lld", (long long)(s / 3600), (long long)(s / 60 % 60),
        (long long)(s % 60), (long long)(rem * 100000 / r));
  else
    put(t, "%02lld:%02lld:%02lld.%05lldS%05lld", (long long)(s / 3600), (long long)(s / 60 % 60),
        (long long)(s % 60), (long long)rem, (long long)r);
}

static bool parse_time(const char *s, double rate, int64_t *frames)
{
  int h, m, sec;
  int used = 0;
  if (!s || sscanf(s, "%d:%d:%d%n", &h, &m, &sec, &used) != 3 || h < 0 || m < 0 || sec < 0 ||
      h > 240 || m > 59 || sec > 59)
    return false;
  const char *p = s + used;
  double frac = 0;
  if (*p == '.') {
    char *end;
    const long long num = strtoll(p + 1, &end, 10);
    const size_t digits = (size_t)(end - (p + 1));
    if (digits == 0 || digits > 9 || num < 0)
      return false;
    if (*end == 'S') {
      char *e2;
      const long long den = strtoll(end + 1, &e2, 10);
      if (den <= 0 || *e2 || num >= den)
        return false;
      frac = (double)num / (double)den;
    } else if (*end == '\0') {
      frac = (double)num / pow(10, (double)digits);
    } else {
      return false;
    }
  } else if (*p) {
    return false;
  }
  *frames = (int64_t)llround(((double)h * 3600 + m * 60 + sec + frac) * rate);
  return true;
}

/* How the file numbers its track k: the yyyy of its formats (returned:
 * "0001" a bed's, "0003" an object's), the xxxx of its channel, stream and
 * track formats (*id, 0x1001 on: the beds' tracks, then the objects'), and
 * of its pack (*pack: its bed's, AP_00011001 on, or its object track's). */
static const char *track_ids(const sp_adm *m, int k, unsigned *id, unsigned *pack)
{
  int at = 0;
  for (size_t b = 0; b < m->n_beds; b++) {
    if (k < at + m->beds[b]->n) {
      *id = 0x1001 + (unsigned)k;
      *pack = 0x1001 + (unsigned)b;
      return "0001";
    }
    at += m->beds[b]->n;
  }
  *id = *pack = 0x1001 + (unsigned)(k - at);
  return "0003";
}

/* ---- the axml ------------------------------------------------------------- */

/* The DRR (dB) written in headphoneVirtualise for near, mid and far. */
static const double drr_of[4] = {0, 30, 15, 0};

/* The name of channel k of object o: its own, or "<name> L" and "<name> R"
 * for a stereo object's (the profile's objects are a track each, so a
 * stereo object is two; the reader pairs them again, read_pairs). */
static void put_object_name(text *t, const sp_adm_object *o, int k)
{
  put_escaped(t, o->name);
  if (o->channels == 2)
    put(t, k == 0 ? " L" : " R");
}

/* Point (x, y, z) turned by deg of azimuth (to the left when positive) at
 * its elevation and distance, through BS.2127's polar form: where a stereo
 * object's L and R sit, 30° to either side of the object, and back. */
static void turn(double deg, double x, double y, double z, double *ox, double *oy, double *oz)
{
  double az, el, d;
  sp_adm_cart_to_polar(x, y, z, &az, &el, &d);
  sp_adm_polar_to_cart(az + deg, el, d, ox, oy, oz);
}

/* The position block bk gives channel k of object o (a stereo object's L
 * and R 30° to either side of its position). */
static void channel_place(const sp_adm_object *o, const sp_adm_block *bk, int k, double *x,
                          double *y, double *z)
{
  *x = bk->x, *y = bk->y, *z = bk->z;
  if (o->channels == 2)
    turn(k == 0 ? 30 : -30, bk->x, bk->y, bk->z, x, y, z);
}

/* v in the fewest digits that read back as v ("0", "0.005208", "0.01"):
 * a kept block's interpolationLength written as its file's value. */
static void shortest(double v, char *out, size_t size)
{
  for (int p = 1; p <= 17; p++) {
    snprintf(out, size, "%.*g", p, v);
    if (strtod(out, NULL) == v)
      return;
  }
}

/* The file's structure, as the Dolby Atmos Master ADM Profile lays it out
 * (and Dolby's tools write it): the programme; a content for each bed and
 * each object (dialogue 2, mixed, as the profile asks); an audioObject for
 * each bed (a DirectSpeakers pack of the file's own room-centric channel
 * formats, AC_00011001 on, each with its one block: speakerLabel and
 * Cartesian position) and one for each object track (an Objects pack of
 * one channel format, AC_00031001 on, its blocks timed, Cartesian, with
 * width, height and depth alike and jumpPosition's interpolationLength
 * as each block has it: the profile's, 0 on the first block and
 * SP_ADM_INTERP_TEXT on the others, for an object stemprint makes, a kept
 * object's file's, none where it has none); their stream
 * and track formats, each stream naming its channel and pack; the track
 * UIDs. Audio objects are numbered AO_1001 on: the beds', then the object
 * tracks'. */
/* The objects' packs in m's axml, each of one channel format with its
 * blocks (their formats numbered from 0x1001 on by their place among the
 * object tracks, after the beds' bed_tracks). */
static void put_object_formats(text *t, const sp_adm *m, int bed_tracks_n)
{
  for (size_t o = 0; o < m->n_objects; o++) {
    const sp_adm_object *ob = &m->objects[o];
    for (int k = 0; k < ob->channels; k++) {
      const unsigned id = 0x1001 + (unsigned)(ob->track + k - bed_tracks_n);
      put(t, "<audioPackFormat audioPackFormatID=\"AP_0003%04x\" audioPackFormatName=\"", id);
      put_object_name(t, ob, k);
      put(t,
          "\" typeLabel=\"0003\" typeDefinition=\"Objects\">\n"
          "<audioChannelFormatIDRef>AC_0003%04x</audioChannelFormatIDRef>\n</audioPackFormat>\n"
          "<audioChannelFormat audioChannelFormatID=\"AC_0003%04x\" audioChannelFormatName=\"",
          id, id);
      put_object_name(t, ob, k);
      put(t, "\" typeLabel=\"0003\" typeDefinition=\"Objects\">\n");
      for (size_t b = 0; b < ob->n_blocks; b++) {
        const sp_adm_block *bk = &ob->blocks[b];
        double x, y, z;
        channel_place(ob, bk, k, &x, &y, &z);
        put(t, "<audioBlockFormat audioBlockFormatID=\"AB_0003%04x_%08zx\" rtime=\"", id, b + 1);
        put_time(t, bk->start, m->rate);
        put(t, "\" duration=\"");
        put_time(t, bk->dur, m->rate);
        put(t,
            "\">\n<cartesian>1</cartesian>\n<position coordinate=\"X\">%.6f</position>\n"
            "<position coordinate=\"Y\">%.6f</position>\n<position "
            "coordinate=\"Z\">%.6f</position>\n"
            "<width>%.6f</width>\n<height>%.6f</height>\n<depth>%.6f</depth>\n<gain>%.9g</gain>\n"
            "<jumpPosition",
            x, y, z, bk->width, bk->width, bk->width, bk->gain);
        if (!bk->no_interp) {
          char il[32];
          shortest(bk->interp_s, il, sizeof il);
          put(t, " interpolationLength=\"%s\"", il);
        }
        put(t, ">%d</jumpPosition>\n", bk->jump ? 1 : 0);
        if (ob->binaural == SP_ADM_BINAURAL_OFF)
          put(t, "<headphoneVirtualise bypass=\"1\"/>\n");
        else
          put(t, "<headphoneVirtualise bypass=\"0\" DRR=\"%g\"/>\n", drr_of[ob->binaural]);
        put(t, "</audioBlockFormat>\n");
      }
      put(t, "</audioChannelFormat>\n");
    }
  }
}

/* The stream and track formats of m's axml (the beds' tracks', then the
 * objects'), and the track UIDs, in the file's track order. */
static void put_track_formats(text *t, const sp_adm *m)
{
  for (int k = 0; k < m->tracks; k++) {
    unsigned id, pack;
    const char *yyyy = track_ids(m, k, &id, &pack);
    put(t,
        "<audioStreamFormat audioStreamFormatID=\"AS_%s%04x\" audioStreamFormatName=\"PCM_%s%04x\" "
        "formatLabel=\"0001\" formatDefinition=\"PCM\">\n"
        "<audioChannelFormatIDRef>AC_%s%04x</audioChannelFormatIDRef>\n",
        yyyy, id, yyyy, id, yyyy, id);
    /* BS.2076-2 has a PCM stream name its channel format alone (a pack
     * is a coded stream's); the Dolby profile's names both */
    if (!m->bs2076)
      put(t, "<audioPackFormatIDRef>AP_%s%04x</audioPackFormatIDRef>\n", yyyy, pack);
    put(t,
        "<audioTrackFormatIDRef>AT_%s%04x_01</audioTrackFormatIDRef>\n</audioStreamFormat>\n"
        "<audioTrackFormat audioTrackFormatID=\"AT_%s%04x_01\" audioTrackFormatName=\"PCM_%s%04x\" "
        "formatLabel=\"0001\" formatDefinition=\"PCM\">\n"
        "<audioStreamFormatIDRef>AS_%s%04x</audioStreamFormatIDRef>\n</audioTrackFormat>\n",
        yyyy, id, yyyy, id, yyyy, id, yyyy, id);
  }
  /* the track UIDs, in the file's track order */
  for (int k = 0; k < m->tracks; k++) {
    unsigned id, pack;
    const char *yyyy = track_ids(m, k, &id, &pack);
    put(t,
        "<audioTrackUID UID=\"ATU_%08x\" sampleRate=\"%d\" bitDepth=\"24\">\n"
        "<audioTrackFormatIDRef>AT_%s%04x_01</audioTrackFormatIDRef>\n"
        "<audioPackFormatIDRef>AP_%s%04x</audioPackFormatIDRef>\n</audioTrackUID>\n",
        (unsigned)k + 1, (int)m->rate, yyyy, id, yyyy, pack);
  }
}

static char *axml(const sp_adm *m, size_t *len, bool count)
{
  text t = {.count = count};
  put(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<ebuCoreMain xmlns=\"urn:ebu:metadata-schema:ebuCore_2016\" "
          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"1.0\">\n"
          "<coreMetadata>\n<format>\n<audioFormatExtended version=\"ITU-R_BS.2076-2\">\n");
  const size_t n_contents = m->n_beds + m->n_objects;
  put(&t, "<audioProgramme audioProgrammeID=\"APR_1001\" audioProgrammeName=\"");
  put_escaped(&t, m->programme ? m->programme : "Atmos_Master");
  put(&t, "\" start=\"00:00:00.00000\" end=\"");
  put_time(&t, m->frames, m->rate);
  put(&t, "\">\n");
  for (size_t c = 0; c < n_contents; c++)
    put(&t, "<audioContentIDRef>ACO_%04zx</audioContentIDRef>\n", 0x1001 + c);
  put(&t, "</audioProgramme>\n");
  /* the contents: the beds' ("bed", then "bed 2", ...), then the objects'.
   * An audioObject is numbered by its first track (AO_1001 + the track's
   * index), as the profile numbers them: a bed's takes the numbers of all
   * its tracks. */
  char bed_name[32]; /* "bed " and any size_t: a Release build (-O3) checks */
  size_t c = 0;
  for (size_t b = 0, at = 0; b < m->n_beds; b++, c++) {
    snprintf(bed_name, sizeof bed_name, b ? "bed %zu" : "bed", b + 1);
    put(&t,
        "<audioContent audioContentID=\"ACO_%04zx\" audioContentName=\"%s\">\n"
        "<audioObjectIDRef>AO_%04zx</audioObjectIDRef>\n"
        "<dialogue mixedContentKind=\"0\">2</dialogue>\n</audioContent>\n",
        0x1001 + c, bed_name, 0x1001 + at);
    at += (size_t)m->beds[b]->n;
  }
  for (size_t o = 0; o < m->n_objects; o++, c++) {
    put(&t, "<audioContent audioContentID=\"ACO_%04zx\" audioContentName=\"", 0x1001 + c);
    put_escaped(&t, m->objects[o].name);
    put(&t, "\">\n");
    for (int k = 0; k < m->objects[o].channels; k++)
      put(&t, "<audioObjectIDRef>AO_%04x</audioObjectIDRef>\n",
          0x1001 + (unsigned)(m->objects[o].track + k));
    put(&t, "<dialogue mixedContentKind=\"0\">2</dialogue>\n</audioContent>\n");
  }
  /* the audioObjects: each bed's, then each object track's */
  /* zeros for a bed the profile has not (sp_adm_check refuses it before a
   * file is written) */
  int of[SP_ADM_MAX_TRACKS] = {0}, roles[SP_ADM_MAX_TRACKS] = {0};
  file_tracks(m, of, roles);
  for (size_t b = 0, at = 0; b < m->n_beds; b++) {
    snprintf(bed_name, sizeof bed_name, b ? "bed %zu" : "bed", b + 1);
    put(&t,
        "<audioObject audioObjectID=\"AO_%04zx\" audioObjectName=\"%s\" start=\"00:00:00.00000\" "
        "duration=\"",
        0x1001 + at, bed_name);
    put_time(&t, m->frames, m->rate);
    put(&t, "\">\n<audioPackFormatIDRef>AP_%08zx</audioPackFormatIDRef>\n", 0x00011001 + b);
    for (int k = 0; k < m->beds[b]->n; k++)
      put(&t, "<audioTrackUIDRef>ATU_%08x</audioTrackUIDRef>\n", (unsigned)(at + (size_t)k) + 1);
    put(&t, "</audioObject>\n");
    at += (size_t)m->beds[b]->n;
  }
  /* an object track's pack, channel, stream and track formats are numbered
   * 0x1001 on by its place among the object tracks */
  const int bed_tracks_n = sp_adm_bed_tracks(m);
  for (size_t o = 0; o < m->n_objects; o++) {
    const sp_adm_object *ob = &m->objects[o];
    for (int k = 0; k < ob->channels; k++) {
      put(&t, "<audioObject audioObjectID=\"AO_%04x\" audioObjectName=\"",
          0x1001 + (unsigned)(ob->track + k));
      put_object_name(&t, ob, k);
      put(&t, "\" start=\"00:00:00.00000\" duration=\"");
      put_time(&t, m->frames, m->rate);
      put(&t,
          "\">\n<audioPackFormatIDRef>AP_0003%04x</audioPackFormatIDRef>\n"
          "<audioTrackUIDRef>ATU_%08x</audioTrackUIDRef>\n</audioObject>\n",
          0x1001 + (unsigned)(ob->track + k - bed_tracks_n), (unsigned)(ob->track + k) + 1);
    }
  }
  /* the beds' packs and their channel formats, AC_0001xxxx from 0x1001 in
   * the file's track order */
  for (size_t b = 0, at = 0; b < m->n_beds; b++) {
    put(&t,
        "<audioPackFormat audioPackFormatID=\"AP_%08zx\" audioPackFormatName=\"bed %s\" "
        "typeLabel=\"0001\" typeDefinition=\"DirectSpeakers\">\n",
        0x00011001 + b, m->beds[b]->name);
    for (int k = 0; k < m->beds[b]->n; k++)
      put(&t, "<audioChannelFormatIDRef>AC_0001%04zx</audioChannelFormatIDRef>\n",
          0x1001 + at + (size_t)k);
    put(&t, "</audioPackFormat>\n");
    at += (size_t)m->beds[b]->n;
  }
  for (int k = 0; k < bed_tracks_n; k++) {
    const unsigned id = 0x1001 + (unsigned)k;
    put(&t,
        "<audioChannelFormat audioChannelFormatID=\"AC_0001%04x\" audioChannelFormatName=\"%s\" "
        "typeLabel=\"0001\" typeDefinition=\"DirectSpeakers\">\n",
        id, rc[roles[k]].name);
    /* the LFE says it is one by its band (BS.2076's frequency element)
     * and, in a BS.2076-2 file, by BS.2051's label, LFE1, as a BS.2127
     * renderer checks the two agree (the profile's is RC_LFE): a
     * BS.2127 renderer takes RC_LFE, not an ITU label, for a full-range
     * speaker low in the front left (the EBU ADM Renderer does, and says
     * so); the profile's checks call the element one it does not need (a
     * warning, not an error) */
    if (roles[k] == RC_LFE)
      put(&t, "<frequency typeDefinition=\"lowPass\">120</frequency>\n");
    put(&t,
        "<audioBlockFormat audioBlockFormatID=\"AB_0001%04x_00000001\">\n"
        "<speakerLabel>%s</speakerLabel>\n<cartesian>1</cartesian>\n"
        "<position coordinate=\"X\">%.6f</position>\n<position coordinate=\"Y\">%.6f</position>\n"
        "<position coordinate=\"Z\">%.6f</position>\n</audioBlockFormat>\n</audioChannelFormat>\n",
        id, m->bs2076 && roles[k] == RC_LFE ? "LFE1" : rc[roles[k]].label, rc[roles[k]].x,
        rc[roles[k]].y, rc[roles[k]].z);
  }
  put_object_formats(&t, m, bed_tracks_n);
  put_track_formats(&t, m);
  put(&t, "</audioFormatExtended>\n</format>\n</coreMetadata>\n</ebuCoreMain>\n");
  *len = t.n;
  return t.s;
}

char *sp_adm_axml(const sp_adm *m, size_t *len) { return axml(m, len, false); }

/* The bytes sp_adm_axml makes of m, counted without keeping them. */
static size_t axml_size(const sp_adm *m)
{
  size_t n;
  axml(m, &n, true);
  return n;
}

sp_err sp_adm_fits(const sp_adm *m, char *why, size_t why_size)
{
  const size_t n = axml_size(m);
  if (n <= SP_ADM_MAX_AXML)
    return SP_OK;
  size_t blocks = 0;
  for (size_t o = 0; o < m->n_objects; o++)
    blocks += m->objects[o].n_blocks * (size_t)m->objects[o].channels;
  snprintf(why, why_size,
           "master's ADM BWF would hold %.1f MB of metadata (axml: %zu object%s, %zu blocks in "
           "all), more than the %u MiB stemprint reads back (and checks the master by): keep "
           "fewer objects, render some tracks' objects into them ('objects: render'), or move "
           "the object buses less often",
           (double)n / 1e6, m->n_objects, m->n_objects == 1 ? "" : "s", blocks,
           SP_ADM_MAX_AXML >> 20);
  return SP_ERR_USAGE;
}

/* ---- a small XML reader ---------------------------------------------------- */

typedef struct xattr {
  char *name, *value;
} xattr;

/* An audioBlockFormat as the reader takes it, read when its element closes
 * (read_block) and its elements then dropped: a master's tens of thousands
 * of blocks cost their values, not a tree of their elements (a tree was
 * about 4 KB a block, seven times the text). */
typedef struct xblock {
  int64_t start, dur;   /* rtime, duration: frames at the parse's rate */
  bool timed, bad_time; /* either given; either not a time */
  bool no_position, bad_position;
  bool cart;            /* cartesian 1 */
  double x, y, z;       /* Cartesian (a polar position converted) */
  double az, el, dist;  /* a polar position as written */
  double width, gain;   /* 0 .. 1; linear (NAN: not a number or no unit BS.2076 has) */
  double height, depth; /* as width (0 when not written) */
  bool has_width;
  bool jump;
  double interp_s; /* jumpPosition's interpolationLength, seconds (-1: not a number) */
  bool no_interp;  /* none written */
  bool has_hv;     /* headphoneVirtualise: */
  sp_adm_binaural binaural;
  unsigned unplayed; /* SP_ADM_UNPLAYED_*: what it holds the renderer reads past */
  char *label;       /* speakerLabel (a DirectSpeakers channel's), or NULL */
  /* objectDivergence, channelLock (as sp_adm_block's) and zoneExclusion's
   * zones (heap) */
  double divergence, div_range;
  bool lock;
  double lock_max;
  sp_bs2127_zone *zones;
  uint32_t n_zones;
} xblock;

typedef struct xnode {
  char *name; /* local name, without a prefix */
  xattr *attrs;
  size_t n_attrs;
  char *text; /* its character data, trimmed */
  struct xnode **kids;
  size_t n_kids, cap_kids;
  xblock *block; /* an audioBlockFormat's, read (its kids dropped) */
} xnode;

static void xfree(xnode *n)
{
  if (!n)
    return;
  free(n->name);
  for (size_t i = 0; i < n->n_attrs; i++) {
    free(n->attrs[i].name);
    free(n->attrs[i].value);
  }
  free(n->attrs);
  free(n->text);
  for (size_t i = 0; i < n->n_kids; i++)
    xfree(n->kids[i]);
  free(n->kids);
  if (n->block) {
    free(n->block->label);
    free(n->block->zones);
  }
  free(n->block);
  free(n);
}

static void read_block(double rate, xnode *n);

/* The tree being read: the elements open, each with its text so far. */
enum { AXML_DEPTH = 64 };
typedef struct tree {
  double rate;
  xnode *root, *open[AXML_DEPTH + 2];
  text body[AXML_DEPTH + 2];
  int depth;
} tree;

static void tree_open(void *ctx, const char *name, const char *const *attrs, size_t n_attrs)
{
  tree *t = ctx;
  xnode *x = sp_xcalloc(1, sizeof *x);
  x->name = sp_xstrdup(name);
  x->attrs = n_attrs ? sp_xcalloc(n_attrs, sizeof *x->attrs) : NULL;
  for (size_t i = 0; i < n_attrs; i++)
    x->attrs[x->n_attrs++] = (xattr){sp_xstrdup(attrs[2 * i]), sp_xstrdup(attrs[2 * i + 1])};
  if (t->depth > 0) {
    xnode *up = t->open[t->depth - 1];
    SP_GROW(up->kids, up->n_kids, up->cap_kids);
    up->kids[up->n_kids++] = x;
  } else {
    t->root = x;
  }
  t->body[t->depth] = (text){0};
  t->open[t->depth++] = x;
}

static void tree_text(void *ctx, const char *s, size_t n)
{
  tree *t = ctx;
  if (t->depth == 0)
    return;
  text *b = &t->body[t->depth - 1];
  if (b->n + n + 1 > b->cap) {
    b->cap = 2 * (b->n + n + 1);
    b->s = sp_xrealloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

/* An element closed: its text trimmed, and an audioBlockFormat read into
 * its values (read_block). */
static void tree_close(void *ctx, const char *name)
{
  (void)name; /* libxml2 has matched it with its opening */
  tree *t = ctx;
  if (t->depth == 0)
    return;
  xnode *x = t->open[--t->depth];
  text *b = &t->body[t->depth]; /* its text, trimmed, becomes the element's */
  if (!b->s)
    b->s = sp_xstrdup("");
  size_t from = 0, to = b->n;
  while (from < to && strchr(" \t\r\n", b->s[from]))
    from++;
  while (to > from && strchr(" \t\r\n", b->s[to - 1]))
    to--;
  memmove(b->s, b->s + from, to - from);
  b->s[to - from] = '\0';
  x->text = b->s;
  read_block(t->rate, x);
}

/* The axml's elements as a tree of xnodes, streamed through io/xml (its
 * guards: no DOCTYPE, no entity, a depth of 64), each audioBlockFormat
 * read into its values as it closes; NULL with why ("axml line 12: ...")
 * when it is not well-formed or past a guard. */
static xnode *read_tree(const char *axml, size_t n, double rate, char *why, size_t why_size)
{
  static const sp_xml_events ev = {tree_open, tree_close, tree_text};
  tree t = {.rate = rate};
  char what[512];
  int line;
  if (sp_xml_stream(axml, n, AXML_DEPTH, "an axml", &ev, &t, what, sizeof what, &line))
    return t.root;
  snprintf(why, why_size, "axml line %d: %s", line, what);
  for (int i = 0; i < t.depth; i++)
    free(t.body[i].s);
  xfree(t.root);
  return NULL;
}

static const char *attr(const xnode *n, const char *name)
{
  for (size_t i = 0; i < n->n_attrs; i++)
    if (strcmp(n->attrs[i].name, name) == 0)
      return n->attrs[i].value;
  return NULL;
}

static const xnode *kid(const xnode *n, const char *name)
{
  for (size_t i = 0; i < n->n_kids; i++)
    if (strcmp(n->kids[i]->name, name) == 0)
      return n->kids[i];
  return NULL;
}

/* The first element named name at any depth under n (breadth first is
 * not needed: audioFormatExtended appears once). */
static const xnode *find(const xnode *n, const char *name, int depth)
{
  if (strcmp(n->name, name) == 0)
    return n;
  for (size_t i = 0; depth < 8 && i < n->n_kids; i++) {
    const xnode *f = find(n->kids[i], name, depth + 1);
    if (f)
      return f;
  }
  return NULL;
}

/* The element of afe named kind whose attribute id_attr is id. */
static const xnode *by_id(const xnode *afe, const char *kind, const char *id_attr, const char *id)
{
  for (size_t i = 0; id && i < afe->n_kids; i++)
    if (strcmp(afe->kids[i]->name, kind) == 0) {
      const char *v = attr(afe->kids[i], id_attr);
      if (v && strcasecmp(v, id) == 0)
        return afe->kids[i];
    }
  return NULL;
}

static bool number(const char *s, double *v)
{
  if (!s)
    return false;
  char *e;
  errno = 0;
  *v = strtod(s, &e);
  return e != s && *e == '\0' && errno == 0 && isfinite(*v);
}

/* Block element n (an audioBlockFormat; any other is left as it is) read
 * into n->block, as sp_adm_parse takes it, and its elements dropped. */
static void read_block(double rate, xnode *n)
{
  if (strcmp(n->name, "audioBlockFormat") != 0)
    return;
  xblock *b = n->block = sp_xcalloc(1, sizeof *n->block);
  const char *rt = attr(n, "rtime"), *du = attr(n, "duration");
  b->timed = rt || du;
  b->bad_time = (rt && !parse_time(rt, rate, &b->start)) || (du && !parse_time(du, rate, &b->dur));
  const xnode *c = kid(n, "cartesian"), *label = kid(n, "speakerLabel");
  b->cart = c && strcmp(c->text, "1") == 0;
  b->label = label ? sp_xstrdup(label->text) : NULL;
  double pos[3] = {0, b->cart ? 1 : 0, 0};
  bool have[3] = {false, false, false};
  const char *names[3] = {b->cart ? "X" : "azimuth", b->cart ? "Y" : "elevation",
                          b->cart ? "Z" : "distance"};
  for (size_t j = 0; j < n->n_kids; j++) {
    const xnode *p = n->kids[j];
    const char *co = attr(p, "coordinate");
    if (strcmp(p->name, "position") != 0 || !co)
      continue;
    double v = 0;
    if (!number(p->text, &v))
      b->bad_position = true;
    for (int q = 0; q < 3; q++)
      if (strcmp(co, names[q]) == 0)
        pos[q] = v, have[q] = true;
  }
  b->no_position = !have[0] || !have[1];
  if (b->cart)
    b->x = pos[0], b->y = pos[1], b->z = pos[2];
  else if (!b->bad_position && !b->no_position)
    sp_adm_polar_to_cart(pos[0], pos[1], have[2] ? pos[2] : 1, &b->x, &b->y, &b->z);
  if (!b->cart)
    b->az = pos[0], b->el = pos[1], b->dist = have[2] ? pos[2] : 1;
  const xnode *w = kid(n, "width"), *g = kid(n, "gain"), *jp = kid(n, "jumpPosition");
  b->has_width = w != NULL;
  if (w && !number(w->text, &b->width))
    b->width = -1; /* out of range: sp_adm_check names it */
  if (w && !b->cart)
    b->width = b->width / 360.0;
  const xnode *hg = kid(n, "height"), *dp = kid(n, "depth");
  if (hg && !number(hg->text, &b->height))
    b->height = 0;
  if (hg && !b->cart)
    b->height = b->height / 360.0;
  if (dp && !number(dp->text, &b->depth))
    b->depth = 0;
  b->gain = 1;
  if (g && !number(g->text, &b->gain))
    b->gain = NAN;
  /* a gain in dB (gainUnit, BS.2076-2; Dolby's tools write 0 dB so) */
  const char *unit = g ? attr(g, "gainUnit") : NULL;
  if (unit && strcmp(unit, "dB") == 0)
    b->gain = pow(10.0, b->gain / 20.0);
  else if (unit && strcmp(unit, "linear") != 0)
    b->gain = NAN; /* a unit BS.2076 has not: sp_adm_check names it */
  b->jump = jp && strcmp(jp->text, "1") == 0;
  /* jumpPosition's interpolationLength, as written (a jump's: the seconds
   * over which it is reached; none: at once, as BS.2127 reads it) */
  const char *il = jp ? attr(jp, "interpolationLength") : NULL;
  b->no_interp = il == NULL;
  if (il && !number(il, &b->interp_s))
    b->interp_s = -1; /* no duration: sp_adm_check names it */
  const xnode *hv = kid(n, "headphoneVirtualise");
  if ((b->has_hv = hv != NULL)) {
    const char *by = attr(hv, "bypass");
    double drr = 15;
    number(attr(hv, "DRR"), &drr);
    b->binaural = by && strcmp(by, "1") == 0 ? SP_ADM_BINAURAL_OFF
                  : drr >= 22.5              ? SP_ADM_BINAURAL_NEAR
                  : drr >= 7.5               ? SP_ADM_BINAURAL_MID
                                             : SP_ADM_BINAURAL_FAR;
  }
  /* BS.2076-2's divergence (its range: azimuthRange polar, 45° unwritten
   * as BS.2076-1 has it; positionRange Cartesian, 0 unwritten), lock to
   * the nearest speaker (maxDistance: 0 any) and zones excluded, as
   * BS.2127 plays them; a value not a number is NAN, which sp_adm_check
   * names with its element */
  const xnode *dvg = kid(n, "objectDivergence"), *lk = kid(n, "channelLock");
  if (dvg && !number(dvg->text, &b->divergence))
    b->divergence = NAN;
  const char *rng = dvg ? attr(dvg, b->cart ? "positionRange" : "azimuthRange") : NULL;
  b->div_range = b->cart ? 0 : 45;
  if (rng && !number(rng, &b->div_range))
    b->div_range = NAN;
  b->lock = lk && strcmp(lk->text, "1") == 0;
  const char *md = b->lock ? attr(lk, "maxDistance") : NULL;
  if (md && !number(md, &b->lock_max))
    b->lock_max = NAN;
  const xnode *zx = kid(n, "zoneExclusion");
  for (size_t j = 0; zx && j < zx->n_kids; j++) {
    static const char *const cn[2][6] = {
        {"minX", "minY", "minZ", "maxX", "maxY", "maxZ"},
        {"minAzimuth", "minElevation", NULL, "maxAzimuth", "maxElevation", NULL}};
    const xnode *zn = zx->kids[j];
    if (strcmp(zn->name, "zone") != 0)
      continue;
    sp_bs2127_zone z = {.cartesian = attr(zn, "minX") != NULL};
    for (int q = 0; q < 6; q++) {
      const char *nm = cn[z.cartesian ? 0 : 1][q];
      double *v = q < 3 ? &z.min[q] : &z.max[q - 3];
      if (nm && !number(attr(zn, nm), v))
        *v = NAN; /* none or not a number: sp_adm_check names the zone */
    }
    b->zones = sp_xreallocarray(b->zones, b->n_zones + 1, sizeof *b->zones);
    b->zones[b->n_zones++] = z;
  }
  /* what the renderer reads past: a diffuse part (BS.2127's decorrelator
   * is not here), a screen's scaling */
  const xnode *df = kid(n, "diffuse"), *sr = kid(n, "screenRef");
  double dv = 0;
  if (df && number(df->text, &dv) && dv > 0)
    b->unplayed |= SP_ADM_UNPLAYED_DIFFUSE;
  if (sr && strcmp(sr->text, "1") == 0)
    b->unplayed |= SP_ADM_UNPLAYED_SCREEN_REF;
  for (size_t j = 0; j < n->n_kids; j++)
    xfree(n->kids[j]);
  free(n->kids);
  n->kids = NULL;
  n->n_kids = n->cap_kids = 0;
}

/* The channel format a track's audioTrackFormat stands for: through its
 * stream format when the axml holds them, else the common definitions'
 * numbering (AT_yyyyxxxx_nn is AC_yyyyxxxx). */
static bool channel_of_track(const xnode *afe, const char *at, char *ac, size_t size)
{
  const xnode *tf = by_id(afe, "audioTrackFormat", "audioTrackFormatID", at);
  if (tf) {
    const xnode *sr = kid(tf, "audioStreamFormatIDRef");
    const xnode *sf = sr ? by_id(afe, "audioStreamFormat", "audioStreamFormatID", sr->text) : NULL;
    const xnode *cr = sf ? kid(sf, "audioChannelFormatIDRef") : NULL;
    if (!cr)
      return false;
    snprintf(ac, size, "%s", cr->text);
    return true;
  }
  if (!at || strlen(at) != 14 || strncasecmp(at, "AT_0001", 7) != 0)
    return false;
  snprintf(ac, size, "AC_%.8s", at + 3);
  return true;
}

/* The role (bed_role_id) of a bed track whose channel format is ac: by the
 * speakerLabel or the name of the axml's channel format (the profile's
 * RC_L, RoomCentricLeft, ...), else by BS.2094's common definitions'
 * numbering (AC_0001xxxx, xxxx below 0x1000); -1 for none of the roles a
 * bed of the profile has. */
static int bed_role(const xnode *afe, const char *ac)
{
  const xnode *cf = by_id(afe, "audioChannelFormat", "audioChannelFormatID", ac);
  if (cf) {
    const xnode *bf = kid(cf, "audioBlockFormat");
    const char *label = bf && bf->block ? bf->block->label : NULL;
    const char *name = attr(cf, "audioChannelFormatName");
    for (int r = 0; r < RC_ROLES; r++)
      if ((label && strcmp(label, rc[r].label) == 0) || (name && strcmp(name, rc[r].name) == 0))
        return r;
  }
  if (strlen(ac) != 11 || strncasecmp(ac, "AC_0001", 7) != 0)
    return -1;
  char *end;
  const unsigned long num = strtoul(ac + 7, &end, 16);
  return *end || num >= 0x1000 ? -1 : common_role((unsigned)num);
}

/* Bed channel ac of pack ap as a renderer takes it (sp_adm_speaker): its
 * first block's speakerLabel and position and its channel's band, from
 * the axml, else from BS.2094's common definitions (the channels the
 * reader knows: bed_role); pack the system of a common definitions' pack
 * the axml refers to without holding it (BS.2127 section 8.4's rules
 * apply to those alone, as the EAR applies them). */
static void bed_speaker(const xnode *afe, const char *ac, const char *ap, bool held,
                        sp_adm_speaker *s)
{
  static const struct {
    unsigned num;
    const char *label;
    double az, el;
  } common[] = {{0x01, "M+030", 30, 0},   {0x02, "M-030", -30, 0}, {0x03, "M+000", 0, 0},
                {0x04, "LFE", 0, -30},    {0x05, "M+110", 110, 0}, {0x06, "M-110", -110, 0},
                {0x0a, "M+090", 90, 0},   {0x0b, "M-090", -90, 0}, {0x1c, "M+135", 135, 0},
                {0x1d, "M-135", -135, 0}, {0x13, "U+090", 90, 30}, {0x14, "U-090", -90, 30},
                {0x22, "U+045", 45, 30},  {0x23, "U-045", -45, 30}};
  static const struct {
    const char *id, *system;
  } packs[] = {{"AP_00010001", "0+1+0"},  {"AP_00010002", "0+2+0"}, {"AP_0001000c", "0+5+0"},
               {"AP_00010003", "0+5+0"},  {"AP_00010004", "2+5+0"}, {"AP_00010005", "4+5+0"},
               {"AP_00010010", "4+5+1"},  {"AP_00010007", "3+7+0"}, {"AP_00010008", "4+9+0"},
               {"AP_00010009", "9+10+3"}, {"AP_0001000f", "0+7+0"}, {"AP_00010017", "4+7+0"}};
  memset(s, 0, sizeof *s);
  s->known = true;
  s->dist = 1;
  for (size_t i = 0; !held && i < sizeof packs / sizeof packs[0]; i++)
    if (strcasecmp(ap, packs[i].id) == 0)
      snprintf(s->pack, sizeof s->pack, "%s", packs[i].system);
  const xnode *cf = by_id(afe, "audioChannelFormat", "audioChannelFormatID", ac);
  const xnode *bf = cf ? kid(cf, "audioBlockFormat") : NULL;
  if (bf && bf->block) {
    const xblock *b = bf->block;
    snprintf(s->label, sizeof s->label, "%s", b->label ? b->label : "");
    s->polar = !b->cart;
    s->x = b->x, s->y = b->y, s->z = b->z;
    s->az = b->az, s->el = b->el, s->dist = b->dist;
    bool low = false, high = false;
    for (size_t i = 0; i < cf->n_kids; i++) {
      const char *t = attr(cf->kids[i], "typeDefinition");
      double hz;
      if (strcmp(cf->kids[i]->name, "frequency") || !t || !number(cf->kids[i]->text, &hz))
        continue;
      low |= strcmp(t, "lowPass") == 0 && hz <= 200;
      high |= strcmp(t, "highPass") == 0;
    }
    s->lfe_band = low && !high;
    return;
  }
  const unsigned long num = strlen(ac) == 11 ? strtoul(ac + 7, NULL, 16) : 0;
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
    if (common[i].num == num) {
      snprintf(s->label, sizeof s->label, "%s", common[i].label);
      s->polar = true;
      s->az = common[i].az, s->el = common[i].el;
      sp_adm_polar_to_cart(s->az, s->el, 1, &s->x, &s->y, &s->z);
      s->lfe_band = num == 0x04;
    }
}

/* Whether mono objects l and r, on neighbouring tracks, are the L and R of
 * a stereo object as the writer writes one (put_object_name,
 * channel_place): named "<name> L" and "<name> R", of one binaural mode,
 * their blocks alike but for the position, r's the object's 30° right and
 * l's 30° left of it (within what 6 decimals keep). */
static bool stereo_pair(const sp_adm_object *l, const sp_adm_object *r)
{
  const size_t n = strlen(l->name);
  if (l->channels != 1 || r->channels != 1 || r->track != l->track + 1 || n < 3 ||
      strlen(r->name) != n || strcmp(l->name + n - 2, " L") != 0 ||
      strcmp(r->name + n - 2, " R") != 0 || strncmp(l->name, r->name, n - 2) != 0 ||
      l->binaural != r->binaural || l->n_blocks != r->n_blocks)
    return false;
  if (l->n_zones || r->n_zones) /* the writer writes no zoneExclusion */
    return false;
  for (size_t b = 0; b < l->n_blocks; b++) {
    const sp_adm_block *x = &l->blocks[b], *y = &r->blocks[b];
    /* the writer's are Cartesian, without divergence or lock */
    if (x->polar || y->polar || x->divergence != 0 || y->divergence != 0 || x->lock || y->lock)
      return false;
  }
  for (size_t b = 0; b < l->n_blocks; b++) {
    const sp_adm_block *x = &l->blocks[b], *y = &r->blocks[b];
    if (x->start != y->start || x->dur != y->dur || x->width != y->width || x->gain != y->gain ||
        x->jump != y->jump || x->interp != y->interp)
      return false;
    double px, py, pz, qx, qy, qz;
    turn(-30, x->x, x->y, x->z, &px, &py, &pz); /* the object */
    turn(-30, px, py, pz, &qx, &qy, &qz);       /* its R */
    if (fabs(qx - y->x) > 1e-5 || fabs(qy - y->y) > 1e-5 || fabs(qz - y->z) > 1e-5)
      return false;
  }
  return true;
}

/* m's objects with each stereo pair the writer made of a stereo object
 * (stereo_pair) one stereo object again, at its position. */
static void pair_objects(sp_adm *m)
{
  size_t to = 0;
  for (size_t i = 0; i < m->n_objects; i++) {
    sp_adm_object o = m->objects[i];
    if (i + 1 < m->n_objects && stereo_pair(&o, &m->objects[i + 1])) {
      sp_adm_object *r = &m->objects[++i];
      o.name[strlen(o.name) - 2] = '\0';
      o.channels = 2;
      for (size_t b = 0; b < o.n_blocks; b++) {
        sp_adm_block *k = &o.blocks[b];
        turn(-30, k->x, k->y, k->z, &k->x, &k->y, &k->z);
      }
      free(r->name);
      free(r->blocks);
    }
    m->objects[to++] = o;
  }
  m->n_objects = to;
}

sp_err sp_adm_parse(const char *axml, size_t n, char (*uids)[13], int tracks, sp_adm *m, int *order,
                    char *why, size_t why_size)
{
  if (n > SP_ADM_MAX_AXML) {
    snprintf(why, why_size, "an axml of %zu bytes; stemprint reads at most %u", n, SP_ADM_MAX_AXML);
    return SP_ERR_IO;
  }
  xnode *root = read_tree(axml, n, m->rate, why, why_size);
  if (!root)
    return SP_ERR_IO;
  sp_err err = SP_ERR_IO;
  const xnode *afe = find(root, "audioFormatExtended", 0);
  if (!afe) {
    snprintf(why, why_size, "its axml has no audioFormatExtended");
    goto done;
  }
  /* each track: its UID element, its pack and its channel format */
  char(*ac)[16] = sp_xcalloc((size_t)tracks, sizeof *ac);
  char(*ap)[16] = sp_xcalloc((size_t)tracks, sizeof *ap);
  for (int k = 0; k < tracks; k++) {
    const xnode *u = by_id(afe, "audioTrackUID", "UID", uids[k]);
    const xnode *tr = u ? kid(u, "audioTrackFormatIDRef") : NULL;
    const xnode *pr = u ? kid(u, "audioPackFormatIDRef") : NULL;
    if (!u) {
      snprintf(why, why_size, "its chna gives track %d the UID %s, which its axml does not hold",
               k + 1, uids[k]);
      goto tracks_done;
    }
    if (!tr || !pr || !channel_of_track(afe, tr->text, ac[k], sizeof ac[k])) {
      snprintf(why, why_size,
               "the axml's %s names no track format, pack or channel format it holds", uids[k]);
      goto tracks_done;
    }
    snprintf(ap[k], sizeof ap[k], "%s", pr->text);
  }
  /* the beds: the tracks of DirectSpeakers packs, the axml's own or of
   * the common definitions (AP_0001xxxx), the file's first; a bed is a run
   * of tracks of one pack, and a new one starts at another pack or where
   * a role comes again (two beds of one common pack). Its channels may be
   * in any order (the profile's, L R C LFE Lss Rss Lrs Rrs Lts Rts, or a
   * layout's): order maps each to the model's, the bed's layout's. */
  int bed_role_of[SP_ADM_MAX_BED_TRACKS];
  sp_adm_speaker spk[SP_ADM_MAX_BED_TRACKS];
  int n_bed = 0, bed_from = 0; /* the tracks of the beds; the current bed's first */
  for (int k = 0; k < tracks; k++)
    if (order)
      order[k] = k;
  for (int k = 0; k <= tracks; k++) {
    const xnode *bp = k < tracks ? by_id(afe, "audioPackFormat", "audioPackFormatID", ap[k]) : NULL;
    const char *bt = bp ? attr(bp, "typeDefinition") : NULL;
    const bool speakers = k < tracks && ((bt && strcmp(bt, "DirectSpeakers") == 0) ||
                                         (!bp && strncasecmp(ap[k], "AP_0001", 7) == 0));
    int role = -1;
    if (speakers) {
      if (k != n_bed || n_bed >= SP_ADM_MAX_BED_TRACKS) {
        snprintf(why, why_size,
                 k != n_bed ? "its beds' tracks are not the file's first (track %d)"
                            : "beds of more than 64 tracks in all (track %d)",
                 k + 1);
        goto tracks_done;
      }
      if ((role = bed_role(afe, ac[k])) < 0) {
        snprintf(why, why_size,
                 "bed track %d is %s, a channel no bed of the profile has (its beds are "
                 "stereo, LCR, 5.0, 5.1, 7.1 and 7.1.2)",
                 k + 1, ac[k]);
        goto tracks_done;
      }
    }
    /* the current bed ends here: at the beds' end, another pack, a role again */
    bool ends = n_bed > bed_from && (!speakers || strcasecmp(ap[k], ap[bed_from]) != 0);
    for (int i = bed_from; !ends && speakers && i < n_bed; i++)
      ends = bed_role_of[i] == role;
    if (ends) {
      int chan[SP_MAX_CHANNELS];
      const int nb = n_bed - bed_from;
      const sp_layout *l =
          nb <= SP_MAX_CHANNELS ? bed_of_roles(bed_role_of + bed_from, nb, chan) : NULL;
      if (!l) {
        snprintf(why, why_size,
                 "a bed of %d channels (tracks %d to %d) that is none of the profile's (stereo, "
                 "LCR, 5.0, 5.1, 7.1, 7.1.2)",
                 nb, bed_from + 1, n_bed);
        goto tracks_done;
      }
      if (m->n_beds >= SP_ADM_MAX_BEDS) {
        snprintf(why, why_size, "more than %d beds (track %d)", SP_ADM_MAX_BEDS, bed_from + 1);
        goto tracks_done;
      }
      for (int i = 0; i < nb; i++) {
        if (order)
          order[bed_from + i] = bed_from + chan[i];
        m->speakers[bed_from + chan[i]] = spk[bed_from + i];
      }
      m->beds[m->n_beds++] = l;
      bed_from = n_bed;
    }
    if (speakers) {
      bed_speaker(afe, ac[k], ap[k], bp != NULL, &spk[n_bed]);
      bed_role_of[n_bed++] = role;
    }
  }
  /* the objects: runs of tracks of one Objects pack */
  size_t cap = 0;
  for (int k = n_bed; k < tracks;) {
    const xnode *pf = by_id(afe, "audioPackFormat", "audioPackFormatID", ap[k]);
    const char *type = pf ? attr(pf, "typeDefinition") : NULL;
    if (!pf || !type || strcmp(type, "Objects") != 0) {
      snprintf(why, why_size, "track %d's pack %s is not an Objects pack the axml holds", k + 1,
               ap[k]);
      goto tracks_done;
    }
    int nch = 1;
    while (k + nch < tracks && strcasecmp(ap[k + nch], ap[k]) == 0)
      nch++;
    if (nch > 2) {
      snprintf(why, why_size,
               "object pack %s of %d tracks; stemprint reads mono and stereo objects", ap[k], nch);
      goto tracks_done;
    }
    SP_GROW(m->objects, m->n_objects, cap);
    sp_adm_object *o = &m->objects[m->n_objects++];
    memset(o, 0, sizeof *o);
    const char *nm = attr(pf, "audioPackFormatName");
    o->name = sp_xstrdup(nm ? nm : ap[k]);
    o->track = k;
    o->channels = nch;
    o->binaural = SP_ADM_BINAURAL_MID;
    /* the first channel's blocks carry the object (a stereo object's R
     * moves with its L) */
    const xnode *cf = by_id(afe, "audioChannelFormat", "audioChannelFormatID", ac[k]);
    if (!cf) {
      snprintf(why, why_size, "track %d's channel format %s is not in the axml", k + 1, ac[k]);
      goto tracks_done;
    }
    size_t cap_b = 0;
    for (size_t i = 0; i < cf->n_kids; i++) {
      const xnode *b = cf->kids[i];
      if (strcmp(b->name, "audioBlockFormat") != 0)
        continue;
      const xblock *xb = b->block;
      if (xb->bad_time) {
        snprintf(why, why_size, "block %s: a time that is not hh:mm:ss.zzzzz",
                 attr(b, "audioBlockFormatID") ? attr(b, "audioBlockFormatID") : "?");
        goto tracks_done;
      }
      if (xb->bad_position || xb->no_position) {
        snprintf(why, why_size,
                 xb->bad_position ? "object '%s': a position that is not a number"
                                  : "object '%s': a block without its position",
                 o->name);
        goto tracks_done;
      }
      sp_adm_block bk = {.start = xb->start,
                         .dur = xb->timed ? xb->dur : m->frames,
                         .x = xb->x,
                         .y = xb->y,
                         .z = xb->z,
                         .width = xb->width,
                         .gain = xb->gain,
                         .jump = xb->jump,
                         .interp_s = xb->interp_s,
                         .no_interp = xb->no_interp,
                         .polar = !xb->cart,
                         .az = xb->az,
                         .el = xb->el,
                         .dist = xb->dist,
                         .height = xb->height,
                         .depth = xb->depth,
                         .divergence = xb->divergence,
                         .div_range = xb->div_range,
                         .lock = xb->lock,
                         .lock_max = xb->lock_max,
                         .zone0 = (uint32_t)o->n_zones,
                         .n_zones = xb->n_zones};
      if (xb->n_zones) {
        o->zones = sp_xreallocarray(o->zones, o->n_zones + xb->n_zones, sizeof *o->zones);
        memcpy(o->zones + o->n_zones, xb->zones, xb->n_zones * sizeof *xb->zones);
        o->n_zones += xb->n_zones;
      }
      bk.interp = xb->interp_s >= 0 && xb->interp_s <= 1e6 ? sp_adm_interp_frames(&bk, m->rate) : 0;
      if (nch == 2) {
        /* a stereo object's L channel sits 30° left of the object (as the
         * writer and the renderer place it): the object is 30° right of it */
        turn(-30, bk.x, bk.y, bk.z, &bk.x, &bk.y, &bk.z);
        bk.az -= 30;
      }
      if (xb->has_hv)
        o->binaural = xb->binaural;
      m->unplayed |= xb->unplayed;
      if (o->n_blocks >= 1u << 22) {
        snprintf(why, why_size, "object '%s' has more than %u blocks", o->name, 1u << 22);
        goto tracks_done;
      }
      SP_GROW(o->blocks, o->n_blocks, cap_b);
      o->blocks[o->n_blocks++] = bk;
    }
    k += nch;
  }
  pair_objects(m);
  m->tracks = tracks;
  /* its layout: BS.2076-2's alone when no stream names a pack (the Dolby
   * profile's streams name one) */
  m->bs2076 = true;
  for (size_t i = 0; i < afe->n_kids && m->bs2076; i++)
    m->bs2076 = strcmp(afe->kids[i]->name, "audioStreamFormat") != 0 ||
                !kid(afe->kids[i], "audioPackFormatIDRef");
  const xnode *prog = kid(afe, "audioProgramme");
  const char *pn = prog ? attr(prog, "audioProgrammeName") : NULL;
  m->programme = sp_xstrdup(pn ? pn : "");
  err = sp_adm_check(m, why, why_size) ? SP_OK : SP_ERR_IO;
tracks_done:
  free(ac);
  free(ap);
done:
  xfree(root);
  return err;
}

/* ---- the file --------------------------------------------------------------- */

/* A loudness figure as bext holds it: hundredths, 0x7fff unknown. */
static unsigned hundredths(bool known, double v)
{
  return known && isfinite(v) ? (unsigned)(uint16_t)(int16_t)lround(v * 100) : 0x7fff;
}

static size_t bext_bytes(const sp_bext *b, uint8_t *out)
{
  memset(out, 0, 602);
  memcpy(out, b->description, strnlen(b->description, 256));
  memcpy(out + 256, b->originator, strnlen(b->originator, 32));
  memcpy(out + 288, b->originator_reference, strnlen(b->originator_reference, 32));
  memcpy(out + 320, b->date, strnlen(b->date, 10));
  memcpy(out + 330, b->time, strnlen(b->time, 8));
  sp_put_le64(out + 338, b->time_reference);
  sp_put_le16(out + 346, 2);
  sp_put_le16(out + 412, hundredths(b->measured, b->loudness_lufs));
  sp_put_le16(out + 414, hundredths(b->measured, b->range_lu));
  sp_put_le16(out + 416, hundredths(b->measured, b->true_peak_dbtp));
  sp_put_le16(out + 418, hundredths(b->measured, b->max_momentary_lufs));
  sp_put_le16(out + 420, hundredths(b->measured, b->max_shortterm_lufs));
  return 602;
}

/* ---- the writer: an ADM BWF as the engine's sink ---------------------------
 *
 * master.adm's files are rendered with the prints (core/render/adm_out.c);
 * here they are only written, under a temporary name in the output folder
 * until delivered with the prints: the header, chna and axml first, then
 * the codes as they come, the file's track k holding the model's of[k]. */

typedef struct adm_sink {
  sp_sink base;
  FILE *f; /* NULL once finished */
  char *temp, *final;
  int tracks;
  int of[SP_ADM_MAX_TRACKS];
  uint8_t *buf; /* packed frames, room for BUF_FRAMES */
  uint64_t data;
} adm_sink;

enum { BUF_FRAMES = 4096 };

static sp_err sink_float(sp_sink *s, const float *buf, int64_t frames, char *why, size_t why_size)
{
  (void)s, (void)buf, (void)frames;
  snprintf(why, why_size, "an ADM BWF takes 24-bit codes (stemprint's bug)");
  return SP_ERR_RENDER;
}

static sp_err sink_int(sp_sink *s, const int32_t *codes, int64_t frames, char *why, size_t why_size)
{
  adm_sink *w = (adm_sink *)s;
  const size_t T = (size_t)w->tracks, n = (size_t)frames;
  for (size_t at = 0; at < n;) {
    const size_t k = n - at < BUF_FRAMES ? n - at : BUF_FRAMES;
    for (size_t i = 0; i < k; i++)
      for (size_t c = 0; c < T; c++) {
        const uint32_t u = (uint32_t)codes[(at + i) * T + (size_t)w->of[c]];
        uint8_t *p = w->buf + (i * T + c) * 3;
        p[0] = (uint8_t)(u >> 8), p[1] = (uint8_t)(u >> 16), p[2] = (uint8_t)(u >> 24);
      }
    if (fwrite(w->buf, 3, k * T, w->f) != k * T) {
      snprintf(why, why_size, "cannot write '%s': %s", w->temp, strerror(errno));
      return SP_ERR_IO;
    }
    at += k;
  }
  return SP_OK;
}

/* Its pad byte, flushed and closed; its descriptor to the readers' table
 * (io/fs/probe.h), so that the null test reads it without opening it. */
static sp_err sink_finish(sp_sink *s, char *why, size_t why_size)
{
  adm_sink *w = (adm_sink *)s;
  if (!w->f)
    return SP_OK;
  static const uint8_t pad = 0;
  bool ok = (w->data % 2 == 0 || fwrite(&pad, 1, 1, w->f) == 1) && fflush(w->f) == 0;
  const int keep = ok ? fcntl(fileno(w->f), F_DUPFD_CLOEXEC, 0) : -1;
  ok = fclose(w->f) == 0 && ok;
  w->f = NULL;
  if (keep >= 0)
    ok ? sp_probe_adopt(keep) : (void)close(keep);
  if (!ok)
    snprintf(why, why_size, "cannot write '%s': %s", w->temp, strerror(errno));
  return ok ? SP_OK : SP_ERR_IO;
}

static const char *sink_written(const sp_sink *s) { return ((const adm_sink *)s)->temp; }

static const char *sink_name(const sp_sink *s) { return ((const adm_sink *)s)->final; }

static void sink_release(sp_sink *s)
{
  adm_sink *w = (adm_sink *)s;
  if (w->f)
    fclose(w->f);
  free(w->buf);
  free(w->temp);
  free(w->final);
  free(w);
}

static void sink_discard(sp_sink *s)
{
  unlink(((adm_sink *)s)->temp);
  sink_release(s);
}

static sp_err sink_commit(sp_sink *s, char *why, size_t why_size)
{
  adm_sink *w = (adm_sink *)s;
  sp_err err = sink_finish(s, why, why_size);
  if (err == SP_OK && rename(w->temp, w->final) != 0) {
    snprintf(why, why_size, "cannot move the finished file into place: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  (err == SP_OK ? sink_release : sink_discard)(s);
  return err;
}

static const sp_sink_ops adm_sink_ops = {sink_float, sink_int,    sink_finish,  sink_written,
                                         sink_name,  sink_commit, sink_release, sink_discard,
                                         NULL,       NULL,        NULL};

/* The header of the ADM BWF of m into w's file: fmt, bext (b may be
 * NULL), chna and axml, the data chunk's size. */
static bool write_head(adm_sink *w, const sp_adm *m, const sp_bext *b)
{
  const int T = m->tracks;
  size_t axml_n;
  char *axml = sp_adm_axml(m, &axml_n);
  uint8_t *chna = sp_xcalloc(4 + 40 * (size_t)T, 1);
  sp_put_le16(chna, (unsigned)T);
  sp_put_le16(chna + 2, (unsigned)T);
  /* the chna: each track of the file, its UID, track format and pack, as
   * the axml numbers them */
  for (int k = 0; k < T; k++) {
    unsigned id, pack;
    const char *yyyy = track_ids(m, k, &id, &pack);
    uint8_t *e = chna + 4 + 40 * (size_t)k;
    char s[32];
    sp_put_le16(e, (unsigned)k + 1);
    snprintf(s, sizeof s, "ATU_%08x", (unsigned)k + 1);
    memcpy(e + 2, s, 12);
    snprintf(s, sizeof s, "AT_%s%04x_01", yyyy, id);
    memcpy(e + 14, s, 14);
    snprintf(s, sizeof s, "AP_%s%04x", yyyy, pack);
    memcpy(e + 28, s, 11);
  }
  uint8_t bext[602], fmt[16];
  const size_t bext_n = b ? bext_bytes(b, bext) : 0;
  sp_put_le16(fmt, 1);
  sp_put_le16(fmt + 2, (unsigned)T);
  sp_put_le32(fmt + 4, (uint32_t)m->rate);
  sp_put_le32(fmt + 8, (uint32_t)m->rate * 3u * (uint32_t)T);
  sp_put_le16(fmt + 12, 3u * (unsigned)T);
  sp_put_le16(fmt + 14, 24);
  const sp_riff_part parts[] = {{"fmt ", fmt, 16},
                                {b ? "bext" : NULL, bext, bext_n},
                                {"chna", chna, 4 + 40 * (uint64_t)T},
                                {"axml", axml, axml_n}};
  const bool ok = sp_riff_write_head(w->f, parts, 4, w->data, (uint64_t)m->frames);
  free(chna);
  free(axml);
  return ok;
}

/* m as a reader of its ADM BWF finds it (sp_adm_sink_create's as_read). */
static sp_err read_back(const sp_adm *m, sp_adm *out, char *why, size_t why_size)
{
  memset(out, 0, sizeof *out);
  out->rate = m->rate;
  out->frames = m->frames;
  size_t n;
  char *x = sp_adm_axml(m, &n);
  char(*uids)[13] = sp_xcalloc((size_t)m->tracks + 1, sizeof *uids);
  for (int k = 0; k < m->tracks; k++)
    snprintf(uids[k], sizeof uids[k], "ATU_%08x", (unsigned)k + 1);
  int order[SP_ADM_MAX_TRACKS], of[SP_ADM_MAX_TRACKS];
  sp_err err = sp_adm_parse(x, n, uids, m->tracks, out, order, why, why_size);
  free(uids);
  free(x);
  /* the file's track k holds m's track of[k] and a reader's order[k]: one
   * numbering, or what is read back is not what was written */
  file_tracks(m, of, NULL);
  if (err == SP_OK && memcmp(order, of, (size_t)m->tracks * sizeof *of) != 0) {
    snprintf(why, why_size, "its tracks read back in another order (stemprint's bug)");
    err = SP_ERR_RENDER;
  }
  if (err != SP_OK)
    sp_adm_fini(out);
  return err;
}

sp_err sp_adm_sink_create(const sp_media *media, const char *name, const sp_adm *m,
                          const sp_bext *b, sp_sink **out, sp_adm *as_read, char *why,
                          size_t why_size)
{
  (void)media;
  *out = NULL;
  if (!sp_adm_check(m, why, why_size) || sp_adm_fits(m, why, why_size) != SP_OK)
    return SP_ERR_RENDER;
  if (!sp_fs_refuse_special(name, why, why_size))
    return SP_ERR_IO;
  adm_sink *w = sp_xcalloc(1, sizeof *w);
  w->base.ops = &adm_sink_ops;
  w->temp = sp_fs_temp_template(name);
  w->final = sp_xstrdup(name);
  w->tracks = m->tracks;
  w->data = (uint64_t)m->frames * (uint64_t)m->tracks * 3;
  file_tracks(m, w->of, NULL);
  /* read-write: its descriptor goes to the readers' table once written */
  const int fd = mkstemp(w->temp);
  if (fd >= 0)
    fchmod(fd, sp_fs_file_mode());
  w->f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
  if (fd >= 0 && !w->f)
    close(fd);
  sp_err err = SP_OK;
  if (!w->f || !write_head(w, m, b)) {
    snprintf(why, why_size, "cannot create a file in the output folder: %s", strerror(errno));
    err = SP_ERR_IO;
  } else if (as_read) {
    err = read_back(m, as_read, why, why_size);
  }
  if (err != SP_OK) {
    sink_discard(&w->base); /* unmade (mkstemp failed): nothing to remove */
    return err;
  }
  w->buf = sp_xmalloc((size_t)BUF_FRAMES * 3 * (size_t)m->tracks);
  *out = &w->base;
  return SP_OK;
}

struct sp_adm_file {
  /* the descriptor its readers share (io/fs/probe.h), read with pread; or,
   * for a file the table does not take, one of its own */
  sp_probe *probe;
  int fd;
  int tracks, bits;
  int *order; /* [tracks]: the model's track each track of the file holds */
  bool is_float;
  uint64_t data_at, data_bytes, pos;
  uint8_t *buf;
};

void sp_adm_close(sp_adm_file *f)
{
  if (!f)
    return;
  if (f->probe)
    sp_probe_release(f->probe);
  else if (f->fd >= 0)
    close(f->fd);
  free(f->order);
  free(f->buf);
  free(f);
}

static int is_axml(const sp_riff_chunk *c, void *ctx)
{
  (void)ctx;
  return memcmp(c->id, "axml", 4) == 0;
}

bool sp_adm_sniff(const char *path)
{
  /* sniffed once a file, on the descriptor its readers share */
  sp_probe *p;
  if (sp_probe_open(path, &p, NULL, 0) != SP_OK)
    return false;
  bool adm;
  if (!sp_probe_facts(p, SP_PROBE_ADM, &adm, sizeof adm)) {
    adm = sp_riff_walk(sp_probe_fd(p), 0, 64, is_axml, NULL) == 1; /* axml in 64 chunks */
    sp_probe_learnt(p, SP_PROBE_ADM, &adm, sizeof adm);
  }
  sp_probe_release(p);
  return adm;
}

typedef struct {
  sp_adm_file *af;
  uint64_t size;
  char *why;
  size_t why_size;
  char *axml;
  uint8_t *chna;
  uint32_t chna_n, axml_n;
  unsigned rate;
  bool have_fmt, have_data;
} open_walk;

/* sp_adm_open's look at one chunk: 0 to go on, 1 to stop, 2 on a fault (in why) */
static int open_chunk(const sp_riff_chunk *c, void *ctx)
{
  open_walk *w = ctx;
  sp_adm_file *af = w->af;
  char *why = w->why;
  const size_t why_size = w->why_size;
  const uint64_t at = c->at, size = w->size;
  uint64_t n = c->size;
  if (memcmp(c->id, "data", 4) == 0) {
    if (n > size - at)
      n = size - at; /* a cut file: the data it holds; frames below say so */
    af->data_at = at;
    af->data_bytes = n;
    w->have_data = true;
  } else if (n > size - at) {
    snprintf(why, why_size, "its '%.4s' chunk claims %llu bytes and the file has %llu after it",
             c->id, (unsigned long long)n, (unsigned long long)(size - at));
    return 2;
  } else if (memcmp(c->id, "fmt ", 4) == 0 && n >= 16 && n < 4096) {
    uint8_t d[40] = {0};
    if (sp_fs_pread(af->fd, d, n < 40 ? n : 40, at) != (n < 40 ? n : 40))
      return 1;
    unsigned tag = d[0] | d[1] << 8;
    af->tracks = d[2] | d[3] << 8;
    w->rate = sp_le32(d + 4);
    af->bits = d[14] | d[15] << 8;
    if (tag == 0xFFFE && n >= 40)
      tag = d[24] | d[25] << 8;
    af->is_float = tag == 3;
    if (!((tag == 1 && (af->bits == 16 || af->bits == 24 || af->bits == 32)) ||
          (tag == 3 && af->bits == 32))) {
      snprintf(why, why_size, "its audio is format %u at %d bits; an ADM BWF is PCM", tag,
               af->bits);
      return 2;
    }
    w->have_fmt = true;
  } else if (memcmp(c->id, "chna", 4) == 0 && !w->chna) {
    if (n < 4 || n > 4 + 40 * 1024) {
      snprintf(why, why_size, "a chna chunk of %llu bytes", (unsigned long long)n);
      return 2;
    }
    w->chna = sp_xmalloc(n);
    w->chna_n = (uint32_t)n;
    if (sp_fs_pread(af->fd, w->chna, n, at) != n)
      return 1;
  } else if (memcmp(c->id, "axml", 4) == 0 && !w->axml) {
    if (n > SP_ADM_MAX_AXML) {
      snprintf(why, why_size, "an axml of %llu bytes; stemprint reads at most %u",
               (unsigned long long)n, SP_ADM_MAX_AXML);
      return 2;
    }
    w->axml = sp_xmalloc(n + 1);
    w->axml_n = (uint32_t)n;
    if (sp_fs_pread(af->fd, w->axml, n, at) != n)
      return 1;
    w->axml[n] = '\0';
  }
  return at + n >= size;
}

sp_err sp_adm_open(const char *path, sp_adm_file **out, sp_adm *m, char *why, size_t why_size)
{
  *out = NULL;
  memset(m, 0, sizeof *m);
  sp_adm_file *af = sp_xcalloc(1, sizeof *af);
  af->fd = -1;
  open_walk w = {.af = af, .why = why, .why_size = why_size};
  sp_err err = SP_ERR_IO;
  char r[384];
  struct stat st;
  if (sp_probe_open(path, &af->probe, r, sizeof r) != SP_OK ||
      fstat(af->fd = sp_probe_fd(af->probe), &st) != 0) {
    snprintf(why, why_size, "cannot open: %s", af->probe ? strerror(errno) : r);
    goto fail;
  }
  w.size = (uint64_t)st.st_size;
  const int walked = sp_riff_walk(af->fd, 0, 1024, open_chunk, &w);
  if (walked < 0) {
    snprintf(why, why_size, "not a WAV, RF64 or BW64 file");
    goto fail;
  }
  if (walked == 2)
    goto fail;
  if (!w.have_fmt || !w.have_data) {
    snprintf(why, why_size, "no %s chunk", w.have_fmt ? "data" : "fmt");
    goto fail;
  }
  if (af->tracks < 1 || af->tracks > SP_ADM_MAX_TRACKS || w.rate < 8000 || w.rate > 384000) {
    snprintf(why, why_size, "%d tracks at %u Hz", af->tracks, w.rate);
    goto fail;
  }
  if (!w.chna || !w.axml) {
    snprintf(why, why_size, "no %s chunk: not an ADM BWF", !w.chna ? "chna" : "axml");
    goto fail;
  }
  const unsigned n_uids = w.chna[2] | w.chna[3] << 8;
  if (4 + 40 * (uint64_t)n_uids > w.chna_n) {
    snprintf(why, why_size, "its chna lists %u UIDs in %u bytes", n_uids, w.chna_n);
    goto fail;
  }
  char(*uids)[13] = sp_xcalloc((size_t)af->tracks, sizeof *uids);
  for (unsigned u = 0; u < n_uids; u++) {
    const uint8_t *e = w.chna + 4 + 40 * (size_t)u;
    const unsigned track = e[0] | e[1] << 8;
    if (track == 0 && e[2] == 0)
      continue;
    if (track < 1 || (int)track > af->tracks) {
      snprintf(why, why_size, "its chna names track %u, and the file has %d", track, af->tracks);
      free(uids);
      goto fail;
    }
    if (uids[track - 1][0]) {
      snprintf(why, why_size, "its chna names track %u twice; stemprint reads one UID a track",
               track);
      free(uids);
      goto fail;
    }
    memcpy(uids[track - 1], e + 2, 12);
  }
  for (int k = 0; k < af->tracks; k++)
    if (!uids[k][0]) {
      snprintf(why, why_size, "its chna gives track %d no UID", k + 1);
      free(uids);
      goto fail;
    }
  const unsigned bytes = (unsigned)af->bits / 8;
  m->rate = w.rate;
  m->frames = (int64_t)(af->data_bytes / (bytes * (uint64_t)af->tracks));
  af->order = sp_xcalloc((size_t)af->tracks, sizeof *af->order);
  err = sp_adm_parse(w.axml, w.axml_n, uids, af->tracks, m, af->order, why, why_size);
  free(uids);
  if (err != SP_OK)
    goto fail;
  af->buf = sp_xmalloc((size_t)4096 * bytes * (size_t)af->tracks);
  free(w.axml);
  free(w.chna);
  *out = af;
  return SP_OK;
fail:
  free(w.axml);
  free(w.chna);
  sp_adm_close(af);
  sp_adm_fini(m);
  return SP_ERR_IO;
}

int64_t sp_adm_read(sp_adm_file *f, float *const *ch, size_t n, char *why, size_t why_size)
{
  const unsigned bytes = (unsigned)f->bits / 8;
  const uint64_t frame = bytes * (uint64_t)f->tracks;
  const uint64_t left = (f->data_bytes - f->pos) / frame;
  size_t want = n < 4096 ? n : 4096;
  if ((uint64_t)want > left)
    want = (size_t)left;
  if (want == 0)
    return 0;
  if (sp_fs_pread(f->fd, f->buf, want * frame, f->data_at + f->pos) != want * frame) {
    snprintf(why, why_size, "the file ends before its data does");
    return -1;
  }
  f->pos += want * frame;
  for (size_t i = 0; i < want; i++)
    for (int k = 0; k < f->tracks; k++) {
      const uint8_t *p = f->buf + i * frame + (size_t)k * bytes;
      float v;
      if (f->is_float) {
        uint32_t u = sp_le32(p);
        memcpy(&v, &u, 4);
      } else if (bytes == 2) {
        v = (float)(int16_t)(p[0] | p[1] << 8) / 32768.0f;
      } else if (bytes == 3) {
        const int32_t s =
            (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
        v = (float)((double)s / 8388608.0);
      } else {
        v = (float)((double)(int32_t)sp_le32(p) / 2147483648.0);
      }
      ch[f->order[k]][i] = v;
    }
  return (int64_t)want;
}

/* ---- the null test of ADM files ------------------------------------------ */

/* Frame frame (0 .. its frames; past its end: its end) of f read next. */
static sp_err adm_seek(sp_adm_file *f, int64_t frame, char *why, size_t why_size)
{
  const uint64_t fb = (uint64_t)f->bits / 8 * (uint64_t)f->tracks;
  const uint64_t at = frame < 0 ? 0 : (uint64_t)frame * fb;
  (void)why, (void)why_size; /* reads are at f->pos: nothing can fail */
  f->pos = at < f->data_bytes ? at : f->data_bytes / fb * fb;
  return SP_OK;
}

/* An ADM BWF as the engine's reader: its tracks interleaved. */
typedef struct adm_reader {
  sp_reader base;
  sp_adm_file *f;
  int tracks;
  float *ch[SP_ADM_MAX_TRACKS];
  char error[256];
} adm_reader;

enum { READ_BLOCK = 4096 };

static int64_t adm_reader_next(adm_reader *a, int64_t frames)
{
  return sp_adm_read(a->f, a->ch, frames < READ_BLOCK ? (size_t)frames : READ_BLOCK, a->error,
                     sizeof a->error);
}

/* Up to frames frames into buf, interleaved, as floats or doubles. */
static int64_t adm_read_into(adm_reader *a, void *buf, bool doubles, int64_t frames)
{
  int64_t done = 0;
  while (done < frames) {
    const int64_t n = adm_reader_next(a, frames - done);
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    for (int64_t i = 0; i < n; i++)
      for (int k = 0; k < a->tracks; k++) {
        const int64_t at = (done + i) * a->tracks + k;
        if (doubles)
          ((double *)buf)[at] = a->ch[k][i];
        else
          ((float *)buf)[at] = a->ch[k][i];
      }
    done += n;
  }
  return done;
}

static int64_t adm_read_float(sp_reader *r, float *buf, int64_t frames)
{
  return adm_read_into((adm_reader *)r, buf, false, frames);
}

static int64_t adm_read_double(sp_reader *r, double *buf, int64_t frames)
{
  return adm_read_into((adm_reader *)r, buf, true, frames);
}

static sp_err adm_reader_seek(sp_reader *r, int64_t frame, char *why, size_t why_size)
{
  return adm_seek(((adm_reader *)r)->f, frame, why, why_size);
}

static const char *adm_reader_error(const sp_reader *r) { return ((const adm_reader *)r)->error; }

static void adm_reader_close(sp_reader *r)
{
  adm_reader *a = (adm_reader *)r;
  for (int k = 0; k < a->tracks; k++)
    free(a->ch[k]);
  sp_adm_close(a->f);
  free(a);
}

static const sp_reader_ops adm_reader_ops = {adm_read_float, adm_read_double, adm_reader_seek,
                                             adm_reader_error, adm_reader_close};

/* An ADM BWF as its reader lays it out, learnt once per file (its
 * probe's facts): the null test opens each file once per chunk it reads,
 * and its axml, a master's megabytes, is parsed once. */
typedef struct adm_layout {
  uint64_t data_at, data_bytes;
  int64_t frames;
  double rate;
  int tracks, bits;
  bool is_float;
  int order[SP_ADM_MAX_TRACKS];
  char unplayed[96];
} adm_layout;

sp_err sp_adm_reader_open(const char *name, sp_reader **out, sp_audio_info *info, char *why,
                          size_t why_size)
{
  *out = NULL;
  sp_adm_file *f = sp_xcalloc(1, sizeof *f);
  adm_layout k;
  if (sp_probe_open(name, &f->probe, NULL, 0) == SP_OK &&
      sp_probe_facts(f->probe, SP_PROBE_ADM_READ, &k, sizeof k)) {
    f->fd = sp_probe_fd(f->probe);
    f->tracks = k.tracks, f->bits = k.bits, f->is_float = k.is_float;
    f->data_at = k.data_at, f->data_bytes = k.data_bytes;
    f->order = memcpy(sp_xcalloc((size_t)k.tracks, sizeof *f->order), k.order,
                      (size_t)k.tracks * sizeof *f->order);
    f->buf = sp_xmalloc((size_t)4096 * (size_t)(k.bits / 8) * (size_t)k.tracks);
  } else {
    sp_adm model;
    sp_probe_release(f->probe);
    free(f);
    const sp_err err = sp_adm_open(name, &f, &model, why, why_size);
    if (err != SP_OK)
      return err;
    k = (adm_layout){.data_at = f->data_at,
                     .data_bytes = f->data_bytes,
                     .frames = model.frames,
                     .rate = model.rate,
                     .tracks = f->tracks,
                     .bits = f->bits,
                     .is_float = f->is_float};
    memcpy(k.order, f->order, (size_t)f->tracks * sizeof *f->order);
    sp_adm_unplayed_names(model.unplayed, k.unplayed, sizeof k.unplayed);
    sp_adm_fini(&model);
    if (f->probe)
      sp_probe_learnt(f->probe, SP_PROBE_ADM_READ, &k, sizeof k);
  }
  adm_reader *a = sp_xcalloc(1, sizeof *a);
  a->base.ops = &adm_reader_ops;
  a->f = f;
  a->tracks = k.tracks;
  for (int t = 0; t < a->tracks; t++)
    a->ch[t] = sp_xmalloc(READ_BLOCK * sizeof(float));
  *info = (sp_audio_info){.frames = k.frames,
                          .channels = k.tracks,
                          .sample_rate = (int)k.rate,
                          .bits = k.bits,
                          .is_float = k.is_float};
  snprintf(info->format, sizeof info->format, "adm");
  snprintf(info->unplayed, sizeof info->unplayed, "%s", k.unplayed);
  *out = &a->base;
  return SP_OK;
}

/* ---- an ADM BWF as a region's source -------------------------------------- */

typedef struct adm_source {
  sp_source base;
  sp_adm_file *f;
  sp_adm m;
  const sp_layout *l;
  sp_adm_renderer *r;
  int64_t t; /* the next frame of the file */
  float *in[SP_ADM_MAX_TRACKS];
  double *acc; /* the render's sums */
  char *name;
  struct stat st; /* the file when opened */
} adm_source;

static sp_err adm_source_read(sp_source *src, float *const *ch, size_t frames, char *why,
                              size_t why_size)
{
  adm_source *a = (adm_source *)src;
  size_t done = 0;
  while (done < frames) {
    const size_t want = frames - done < READ_BLOCK ? frames - done : READ_BLOCK;
    int64_t n = a->t < a->m.frames ? sp_adm_read(a->f, a->in, want, why, why_size) : 0;
    if (n < 0)
      return SP_ERR_IO;
    if (n == 0) { /* past the end: silence */
      for (int c = 0; c < a->l->n; c++)
        memset(ch[c] + done, 0, (frames - done) * sizeof(float));
      break;
    }
    float *out[SP_MAX_CHANNELS];
    for (int c = 0; c < a->l->n; c++)
      out[c] = ch[c] + done;
    sp_adm_render(a->r, a->t, (size_t)n, (const float *const *)a->in, out, a->acc);
    a->t += n;
    done += (size_t)n;
  }
  return SP_OK;
}

static sp_err adm_source_unchanged(const sp_source *src, char *why, size_t why_size)
{
  const adm_source *a = (const adm_source *)src;
  struct stat st;
  if (stat(a->name, &st) != 0 || st.st_size != a->st.st_size ||
      st.st_mtim.tv_sec != a->st.st_mtim.tv_sec || st.st_mtim.tv_nsec != a->st.st_mtim.tv_nsec) {
    snprintf(why, why_size, "'%s' changed while it was read", a->name);
    return SP_ERR_IO;
  }
  return SP_OK;
}

static void adm_source_close(sp_source *src)
{
  adm_source *a = (adm_source *)src;
  for (int k = 0; k < a->m.tracks; k++)
    free(a->in[k]);
  free(a->acc);
  sp_adm_renderer_free(a->r);
  sp_adm_close(a->f);
  sp_adm_fini(&a->m);
  free(a->name);
  free(a);
}

static const sp_source_ops adm_source_ops = {adm_source_read, adm_source_unchanged,
                                             adm_source_close};

sp_err sp_adm_source_open(const char *path, const sp_layout *l, bool bed_only, double session_rate,
                          int64_t from_frames, sp_source **out, char *why, size_t why_size)
{
  *out = NULL;
  adm_source *a = sp_xcalloc(1, sizeof *a);
  sp_err err = sp_adm_open(path, &a->f, &a->m, why, why_size);
  if (err != SP_OK) {
    free(a);
    return err;
  }
  a->name = sp_xstrdup(path);
  if (bed_only) { /* the renderer plays the objects it is given: none */
    for (size_t i = 0; i < a->m.n_objects; i++) {
      free(a->m.objects[i].name);
      free(a->m.objects[i].blocks);
    }
    free(a->m.objects);
    a->m.objects = NULL;
    a->m.n_objects = 0;
  }
  a->l = l;
  a->r = sp_adm_renderer_new(&a->m, l);
  for (int k = 0; k < a->m.tracks; k++)
    a->in[k] = sp_xmalloc(READ_BLOCK * sizeof(float));
  a->acc = sp_xcalloc((size_t)READ_BLOCK * (size_t)l->n, sizeof *a->acc);
  a->base.ops = &adm_source_ops;
  a->base.channels = l->n;
  a->base.frames = a->m.frames;
  a->base.name = a->name;
  if (stat(path, &a->st) != 0 || (session_rate > 0 && a->m.rate != session_rate)) {
    snprintf(why, why_size,
             "an ADM BWF at %g Hz in a session at %g Hz; a scene is rendered at its own rate "
             "(resample it, or set sample_rate: %g)",
             a->m.rate, session_rate, a->m.rate);
    err = SP_ERR_IO;
  } else if (from_frames > 0) {
    err = adm_seek(a->f, from_frames, why, why_size);
  }
  a->t = from_frames > 0 ? from_frames : 0;
  if (err != SP_OK)
    adm_source_close(&a->base);
  else
    *out = &a->base;
  return err;
}

sp_err sp_adm_measure(const sp_layout *l, bool series, sp_loudness_file *f, char *why,
                      size_t why_size)
{
  sp_source *src;
  sp_err err = sp_adm_source_open(f->path, l, false, 0, 0, &src, why, why_size);
  if (err != SP_OK)
    return err;
  adm_source *a = (adm_source *)src;
  const double rate = a->m.rate;
  f->layout = l;
  f->info = (sp_audio_info){.frames = a->m.frames,
                            .channels = l->n,
                            .sample_rate = (int)rate,
                            .bits = 0,
                            .is_float = true,
                            .mask = l->mask};
  snprintf(f->info.format, sizeof f->info.format, "adm");
  if ((err = sp_meter_new_layout(l, rate, 0, &f->meter)) != SP_OK) {
    snprintf(why, why_size, "%s: cannot meter %s at %g Hz", f->path, l->name, rate);
    adm_source_close(&a->base);
    return err;
  }
  if (series)
    sp_meter_keep_series(f->meter);
  sp_meters *each = l->n > 2 ? sp_meters_new(l->n, rate, 0) : NULL;
  float *out[SP_MAX_CHANNELS];
  for (int c = 0; c < l->n; c++)
    out[c] = sp_xmalloc(READ_BLOCK * sizeof(float));
  for (int64_t t = 0; err == SP_OK && t < a->m.frames; t += READ_BLOCK) {
    const size_t n = (size_t)(a->m.frames - t < READ_BLOCK ? a->m.frames - t : READ_BLOCK);
    if ((err = adm_source_read(&a->base, out, n, why, why_size)) != SP_OK)
      break;
    sp_meter_add(f->meter, (const float *const *)out, n);
    if (each)
      sp_meters_add(each, (const float *const *)out, n);
  }
  if (err == SP_OK) {
    sp_meter_result(f->meter, &f->l);
    if (each) {
      sp_meters_result(each, f->by_channel);
      f->n_channels = l->n;
    }
  }
  sp_meters_free(each);
  for (int c = 0; c < l->n; c++)
    free(out[c]);
  adm_source_close(&a->base);
  return err;
}
