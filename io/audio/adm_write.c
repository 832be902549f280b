/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF files written (io/audio/adm.h): the axml and chna of a model,
 * and the file as the engine's sink.
 *
 * The file, as written:
 *
 *   RIFF|BW64 ─ WAVE ─ JUNK|ds64 ─ fmt (PCM, 24-bit) ─ bext? ─ chna ─ axml ─ data
 *
 * The axml is written here by hand: stemprint writes a small, fixed
 * shape (the Dolby Atmos Master ADM Profile's, sp_adm_axml, or with
 * m->bs2076 the same as BS.2076-2 alone has it), its beds' channels and
 * tracks laid out as adm_profile.c says. What is written is read back
 * (adm_read.c) before a sample is, and must be what was meant. */

#include "io/audio/adm_internal.h"
#include "io/audio/audio.h"
#include "io/audio/riff.h"
#include "io/xml/xml.h"
#include "core/base/bytes.h"

#include "core/base/alloc.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- a growing text buffer ------------------------------------------------ */

static void put(adm_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(adm_text *t, const char *fmt, ...)
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

/* s as XML text or an attribute's value (sp_xml_text). */
static void put_escaped(adm_text *t, const char *s)
{
  char *text = sp_xml_text(s, SIZE_MAX, true);
  put(t, "%s", text);
  free(text);
}

/* ---- times ---------------------------------------------------------------- */

/* frames at rate as BS.2076's time: hh:mm:ss.zzzzz when that is exact,
 * else its fractional form hh:mm:ss.zzzzzSfffff (frames of a second over
 * the rate). */
static void put_time(adm_text *t, int64_t frames, double rate)
{
  const int64_t r = (int64_t)rate, s = frames / r, rem = frames % r;
  if ((rem * 100000) % r == 0)
    put(t, "%02lld:%02lld:%02lld.%05lld", (long long)(s / 3600), (long long)(s / 60 % 60),
        (long long)(s % 60), (long long)(rem * 100000 / r));
  else
    put(t, "%02lld:%02lld:%02lld.%05lldS%05lld", (long long)(s / 3600), (long long)(s / 60 % 60),
        (long long)(s % 60), (long long)rem, (long long)r);
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
static void put_object_name(adm_text *t, const sp_adm_object *o, int k)
{
  put_escaped(t, o->name);
  if (o->channels == 2)
    put(t, k == 0 ? " L" : " R");
}

/* The position block bk gives channel k of object o (a stereo object's L
 * and R 30° to either side of its position). */
static void channel_place(const sp_adm_object *o, const sp_adm_block *bk, int k, double *x,
                          double *y, double *z)
{
  *x = bk->x, *y = bk->y, *z = bk->z;
  if (o->channels == 2)
    adm_turn(k == 0 ? 30 : -30, bk->x, bk->y, bk->z, x, y, z);
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

/* Block b of channel k (format id) of object ob as it is (a kept object's
 * as its file has it): polar where its file gave it polar (azimuth,
 * elevation, distance; width and height in degrees, depth as written),
 * else Cartesian; its width, height and depth each its own (a block made
 * here has them alike: the profile's); its divergence, channel lock,
 * screen edge lock and zones where it has them (BS.2076-2's, none in the
 * profile's blocks). */
static void put_block(adm_text *t, const sp_adm *m, const sp_adm_object *ob, size_t b, int k,
                      unsigned id)
{
  const sp_adm_block *bk = &ob->blocks[b];
  put(t, "<audioBlockFormat audioBlockFormatID=\"AB_0003%04x_%08zx\" rtime=\"", id, b + 1);
  put_time(t, bk->start, m->rate);
  put(t, "\" duration=\"");
  put_time(t, bk->dur, m->rate);
  put(t, "\">\n");
  /* its screenEdgeLock, on the coordinate it locks (none in the profile's) */
  char lh[40] = "", lv[40] = "";
  if (bk->edge_h != SP_BS2127_EDGE_NONE)
    snprintf(lh, sizeof lh, " screenEdgeLock=\"%s\"",
             bk->edge_h == SP_BS2127_EDGE_LEFT ? "left" : "right");
  if (bk->edge_v != SP_BS2127_EDGE_NONE)
    snprintf(lv, sizeof lv, " screenEdgeLock=\"%s\"",
             bk->edge_v == SP_BS2127_EDGE_TOP ? "top" : "bottom");
  if (bk->polar) {
    /* a stereo object's L 30° left of it, its R 30° right (channel_place) */
    const double az = bk->az + (ob->channels == 2 ? (k == 0 ? 30 : -30) : 0);
    put(t,
        "<position coordinate=\"azimuth\"%s>%.6f</position>\n"
        "<position coordinate=\"elevation\"%s>%.6f</position>\n"
        "<position coordinate=\"distance\">%.6f</position>\n"
        "<width>%.6f</width>\n<height>%.6f</height>\n<depth>%.6f</depth>\n",
        lh, az, lv, bk->el, bk->dist, bk->width * 360.0, bk->height * 360.0, bk->depth);
  } else {
    double x, y, z;
    channel_place(ob, bk, k, &x, &y, &z);
    put(t,
        "<cartesian>1</cartesian>\n<position coordinate=\"X\"%s>%.6f</position>\n"
        "<position coordinate=\"Y\">%.6f</position>\n<position coordinate=\"Z\"%s>%.6f"
        "</position>\n<width>%.6f</width>\n<height>%.6f</height>\n<depth>%.6f</depth>\n",
        lh, x, y, lv, z, bk->width, bk->height, bk->depth);
  }
  put(t, "<gain>%.9g</gain>\n<jumpPosition", bk->gain);
  if (!bk->no_interp) {
    char il[32];
    shortest(bk->interp_s, il, sizeof il);
    put(t, " interpolationLength=\"%s\"", il);
  }
  put(t, ">%d</jumpPosition>\n", bk->jump ? 1 : 0);
  if (bk->divergence != 0)
    put(t, "<objectDivergence %s=\"%.9g\">%.9g</objectDivergence>\n",
        bk->polar ? "azimuthRange" : "positionRange", bk->div_range, bk->divergence);
  /* a maxDistance as read: below 0 (no speaker near enough), 0 (read as
   * DBL_MIN: BS.2127's tolerance alone); none (0) any speaker */
  if (bk->lock && bk->lock_max != 0)
    put(t, "<channelLock maxDistance=\"%.9g\">1</channelLock>\n",
        bk->lock_max == DBL_MIN ? 0.0 : bk->lock_max);
  else if (bk->lock)
    put(t, "<channelLock>1</channelLock>\n");
  if (bk->n_zones) {
    put(t, "<zoneExclusion>\n");
    for (uint32_t q = 0; q < bk->n_zones; q++) {
      const sp_bs2127_zone *zn = &ob->zones[bk->zone0 + q];
      if (zn->cartesian)
        put(t,
            "<zone minX=\"%.9g\" minY=\"%.9g\" minZ=\"%.9g\" maxX=\"%.9g\" maxY=\"%.9g\" "
            "maxZ=\"%.9g\"/>\n",
            zn->min[0], zn->min[1], zn->min[2], zn->max[0], zn->max[1], zn->max[2]);
      else
        put(t,
            "<zone minAzimuth=\"%.9g\" minElevation=\"%.9g\" maxAzimuth=\"%.9g\" "
            "maxElevation=\"%.9g\"/>\n",
            zn->min[0], zn->min[1], zn->max[0], zn->max[1]);
    }
    put(t, "</zoneExclusion>\n");
  }
  if (ob->binaural == SP_ADM_BINAURAL_OFF)
    put(t, "<headphoneVirtualise bypass=\"1\"/>\n");
  else
    put(t, "<headphoneVirtualise bypass=\"0\" DRR=\"%g\"/>\n", drr_of[ob->binaural]);
  put(t, "</audioBlockFormat>\n");
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
static void put_object_formats(adm_text *t, const sp_adm *m, int bed_tracks_n)
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
      for (size_t b = 0; b < ob->n_blocks; b++)
        put_block(t, m, ob, b, k, id);
      put(t, "</audioChannelFormat>\n");
    }
  }
}

/* The stream and track formats of m's axml (the beds' tracks', then the
 * objects'), and the track UIDs, in the file's track order. */
static void put_track_formats(adm_text *t, const sp_adm *m)
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
  adm_text t = {.count = count};
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
  adm_file_tracks(m, of, roles);
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
        id, sp_adm_rc[roles[k]].name);
    /* the LFE says it is one by its band (BS.2076's frequency element)
     * and, in a BS.2076-2 file, by BS.2051's label, LFE1, as a BS.2127
     * renderer checks the two agree (the profile's is SP_ADM_RC_LFE): a
     * BS.2127 renderer takes SP_ADM_RC_LFE, not an ITU label, for a full-range
     * speaker low in the front left (the EBU ADM Renderer does, and says
     * so); the profile's checks call the element one it does not need (a
     * warning, not an error) */
    if (roles[k] == SP_ADM_RC_LFE)
      put(&t, "<frequency typeDefinition=\"lowPass\">120</frequency>\n");
    put(&t,
        "<audioBlockFormat audioBlockFormatID=\"AB_0001%04x_00000001\">\n"
        "<speakerLabel>%s</speakerLabel>\n<cartesian>1</cartesian>\n"
        "<position coordinate=\"X\">%.6f</position>\n<position coordinate=\"Y\">%.6f</position>\n"
        "<position coordinate=\"Z\">%.6f</position>\n</audioBlockFormat>\n</audioChannelFormat>\n",
        id, m->bs2076 && roles[k] == SP_ADM_RC_LFE ? "LFE1" : sp_adm_rc[roles[k]].label,
        sp_adm_rc[roles[k]].x, sp_adm_rc[roles[k]].y, sp_adm_rc[roles[k]].z);
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
 * here they are only written, by io/audio/audio.c's WAVE writer, under a
 * temporary name in the output folder until delivered with the prints:
 * the header, chna and axml first, then the codes as they come, the
 * file's track k holding the model's of[k]. */

/* The ADM BWF of m as a sink (b, the bext, may be NULL): its head fmt,
 * bext, chna and axml, the data chunk's size. */
static sp_err create(const char *name, const sp_adm *m, const sp_bext *b, sp_sink **out, char *why,
                     size_t why_size)
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
  int of[SP_ADM_MAX_TRACKS];
  adm_file_tracks(m, of, NULL);
  const sp_err err = sp_audio_create_wave(name, T, of, parts, 4, m->frames, out, why, why_size);
  free(chna);
  free(axml);
  return err;
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
  adm_file_tracks(m, of, NULL);
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
  sp_sink *w;
  sp_err err = create(name, m, b, &w, why, why_size);
  if (err == SP_OK && as_read && (err = read_back(m, as_read, why, why_size)) != SP_OK)
    w->ops->discard(w);
  else if (err == SP_OK)
    *out = w;
  return err;
}
