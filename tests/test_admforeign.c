/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF files other tools write (io/audio/adm.h), read and played as
 * BS.2127 plays them, against answers known without the code under test:
 * off-grid times, BS.2076-1 and -2 defaults, packs of several object
 * channels, audioObject gain, mute, positionOffset, start, programmes,
 * complementary groups, nesting; a track the chna names with two UIDs,
 * DirectSpeakers packs of one channel of any label after objects; and
 * rendered within -120 dBFS of the EAR where SP_EAR_DIR names it
 * (github.com/ebu/ebu_adm_renderer). Split from test_admfiles.c. */

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/adm.h"
#include "io/audio/adm.h"
#include "io/audio/riff.h"
#include "testear.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

TestSuite(admforeign, .timeout = TU_TIMEOUT(60));

#define AXML_TAIL "</audioFormatExtended></format></coreMetadata></ebuCoreMain>"

/* x with the audioTrackUID of track k (ATU_0000000k), naming track format
 * at and pack ap (x freed). */
static char *uid(char *x, int k, const char *at, const char *ap)
{
  char *more = sp_xasprintf("%s<audioTrackUID UID=\"ATU_%08x\"><audioTrackFormatIDRef>%s"
                            "</audioTrackFormatIDRef><audioPackFormatIDRef>%s"
                            "</audioPackFormatIDRef></audioTrackUID>",
                            x, (unsigned)k, at, ap);
  free(x);
  return more;
}

/* Whether foreign_of writes each UID's audioTrackUID into the axml (false:
 * the chna alone names them, as files that leave the axml's out do). */
static bool axml_uids = true;

/* A BS.2076 file of channels mono tracks at 48 kHz, frames long, whose
 * chna names tracks UIDs, UID k (ATU_0000000k+1) on the file's track
 * of[k] + 1 (of NULL: track k + 1, one UID a track): body the axml's
 * programmes, contents, objects, packs and channel formats (UID k's
 * channel format AC_0003100k+1 in the pack ap[k]), its streams, track
 * formats and UIDs added; version its audioFormatExtended's. Track c a
 * sine of 0.1 at 110 (c + 2) Hz, 24-bit. */
static void foreign_of(const char *path, const char *version, int tracks, const int *of,
                       int channels, const char *const *ap, const char *body, int64_t frames)
{
  char *x = sp_xasprintf("<?xml version=\"1.0\"?><ebuCoreMain><coreMetadata><format>"
                         "<audioFormatExtended version=\"%s\">%s",
                         version, body);
  char at[16][16];
  cr_assert_leq(tracks, 16);
  for (int k = 0; k < tracks; k++) {
    snprintf(at[k], sizeof at[k], "AT_0003%04x_01", (unsigned)(0x1001 + k) & 0xffffu);
    char *more = sp_xasprintf(
        "%s<audioStreamFormat audioStreamFormatID=\"AS_0003%04x\" formatDefinition=\"PCM\" "
        "audioStreamFormatName=\"s\"><audioChannelFormatIDRef>AC_0003%04x"
        "</audioChannelFormatIDRef><audioTrackFormatIDRef>%s</audioTrackFormatIDRef>"
        "</audioStreamFormat><audioTrackFormat audioTrackFormatID=\"%s\" "
        "audioTrackFormatName=\"t\" formatDefinition=\"PCM\"><audioStreamFormatIDRef>AS_0003%04x"
        "</audioStreamFormatIDRef></audioTrackFormat>",
        x, 0x1001 + k, 0x1001 + k, at[k], at[k], 0x1001 + k);
    free(x);
    x = axml_uids ? uid(more, k + 1, at[k], ap[k]) : more;
  }
  char *doc = sp_xasprintf("%s" AXML_TAIL, x);
  uint8_t fmt[16], *chna = sp_xcalloc(4 + 40 * (size_t)tracks, 1);
  sp_put_le16(fmt, 1), sp_put_le16(fmt + 2, (unsigned)channels), sp_put_le32(fmt + 4, 48000);
  sp_put_le32(fmt + 8, 48000u * 3 * (unsigned)channels);
  sp_put_le16(fmt + 12, 3u * (unsigned)channels);
  sp_put_le16(fmt + 14, 24);
  /* numTracks: the tracks its UIDs name (a track of none is not counted) */
  int named = 0;
  for (int c = 0; c < channels; c++)
    for (int k = 0; k < tracks; k++)
      if ((of ? of[k] : k) == c) {
        named++;
        break;
      }
  sp_put_le16(chna, (unsigned)named), sp_put_le16(chna + 2, (unsigned)tracks);
  for (int k = 0; k < tracks; k++) {
    uint8_t *e = chna + 4 + 40 * k;
    char s[16];
    sp_put_le16(e, (unsigned)(of ? of[k] : k) + 1);
    snprintf(s, sizeof s, "ATU_%08x", (unsigned)k + 1);
    memcpy(e + 2, s, 12), memcpy(e + 14, at[k], 14), memcpy(e + 28, ap[k], 11);
  }
  const sp_riff_part parts[] = {
      {"fmt ", fmt, 16}, {"chna", chna, 4 + 40 * (uint64_t)tracks}, {"axml", doc, strlen(doc)}};
  const uint64_t data = (uint64_t)frames * 3 * (uint64_t)channels;
  FILE *f = fopen(path, "w+b");
  cr_assert(f && sp_riff_write_head(f, parts, 3, data, (uint64_t)frames));
  for (int64_t i = 0; i < frames; i++)
    for (int k = 0; k < channels; k++) {
      const long v = lround(0.1 * sin(2 * M_PI * 110 * (k + 2) * (double)i / 48000) * 8388608);
      uint8_t b[3];
      b[0] = (uint8_t)(v & 0xff), b[1] = (uint8_t)((v >> 8) & 0xff), b[2] = (uint8_t)((v >> 16) & 0xff);
      cr_assert_eq(fwrite(b, 1, 3, f), 3u);
    }
  if (data % 2)
    fputc(0, f);
  cr_assert_eq(fclose(f), 0);
  free(chna), free(doc), free(x);
}

/* foreign_of with one UID a track. */
static void foreign(const char *path, const char *version, int tracks, const char *const *ap,
                    const char *body, int64_t frames)
{
  foreign_of(path, version, tracks, NULL, tracks, ap, body, frames);
}

#define APR(id, content) \
  "<audioProgramme audioProgrammeID=\"" id "\" audioProgrammeName=\"" id "\">" content \
  "</audioProgramme>"
#define ACO(id, objects) \
  "<audioContent audioContentID=\"" id "\" audioContentName=\"" id "\">" objects "</audioContent>"
#define REF(kind, id) "<" kind "IDRef>" id "</" kind "IDRef>"
#define OBJ(id, attrs, inner) \
  "<audioObject audioObjectID=\"" id "\" audioObjectName=\"" id "\"" attrs ">" inner \
  "</audioObject>"
#define ATU(n) "<audioTrackUIDRef>ATU_0000000" n "</audioTrackUIDRef>"
#define PACK(id, chans) \
  "<audioPackFormat audioPackFormatID=\"AP_0003" id "\" audioPackFormatName=\"p" id \
  "\" typeLabel=\"0003\" typeDefinition=\"Objects\">" chans "</audioPackFormat>"
#define PCH(id) "<audioChannelFormatIDRef>AC_0003" id "</audioChannelFormatIDRef>"
#define CHAN(id, blocks) \
  "<audioChannelFormat audioChannelFormatID=\"AC_0003" id "\" audioChannelFormatName=\"c" id \
  "\" typeLabel=\"0003\" typeDefinition=\"Objects\">" blocks "</audioChannelFormat>"
#define BLK(id, n, times, inner) \
  "<audioBlockFormat audioBlockFormatID=\"AB_0003" id "_0000000" n "\"" times ">" inner \
  "</audioBlockFormat>"
#define POLAR(az, el)                                                                            \
  "<position coordinate=\"azimuth\">" az "</position><position coordinate=\"elevation\">" el \
  "</position>"
#define XYZ(x, y)                                                                          \
  "<cartesian>1</cartesian><position coordinate=\"X\">" x "</position><position "          \
  "coordinate=\"Y\">" y "</position><position coordinate=\"Z\">0</position>"
#define ONE_OBJECT(id, attrs, inner, blocks) \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                   \
  ACO("ACO_1001", REF("audioObject", "AO_1001"))                                     \
  OBJ("AO_1001", attrs, REF("audioPackFormat", "AP_00031001") ATU("1") inner)        \
  PACK("1001", PCH("1001")) CHAN("1001", blocks)

/* Two programmes: APR_1001's content holds AO_1010, which nests AO_1002
 * (gain 0.7), AO_1001 and AO_1003, a complementary group (AO_1001 its
 * first); APR_1002's AO_1003 alone. */
#define CHOICES                                                                                   \
  APR("APR_1002", REF("audioContent", "ACO_1002"))                                              \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                              \
  ACO("ACO_1001", REF("audioObject", "AO_1010") REF("audioObject", "AO_1001")                   \
                      REF("audioObject", "AO_1003"))                                            \
  ACO("ACO_1002", REF("audioObject", "AO_1003"))                                                \
  OBJ("AO_1010", "", REF("audioObject", "AO_1002"))                                             \
  OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031002") ATU("2") "<gain>0.7</gain>")         \
  OBJ("AO_1001", "",                                                                            \
      REF("audioPackFormat", "AP_00031001") ATU("1") REF("audioComplementaryObject", "AO_1003")) \
  OBJ("AO_1003", "", REF("audioPackFormat", "AP_00031003") ATU("3"))                            \
  PACK("1001", PCH("1001")) PACK("1002", PCH("1002")) PACK("1003", PCH("1003"))                  \
  CHAN("1001", BLK("1001", "1", "", POLAR("30", "0")))                                          \
  CHAN("1002", BLK("1002", "1", "", POLAR("-30", "0")))                                         \
  CHAN("1003", BLK("1003", "1", "", POLAR("0", "0")))

static const char *const ao1003[] = {"AO_1003"};
static const char *const ap1[] = {"AP_00031001"};
static const char *const ap2[] = {"AP_00031001", "AP_00031001"};
static const char *const ap3[] = {"AP_00031001", "AP_00031002", "AP_00031003"};

/* The files of issue 71's items, each rendered as BS.2127 renders it: the
 * EAR, where SP_EAR_DIR names it, within -120 dBFS of stemprint's render
 * into 5.1; and without it, what each must read as. */
static const struct foreign_case {
  const char *what, *version;
  int tracks;
  const char *const *ap;
  const char *body;
  const char *ear_args; /* the EAR's choice (a programme, a complementary object) */
  sp_adm_choice choice; /* stemprint's */
} foreign_cases[] = {
    {"a block's rtime off the frame grid, switched on the frame at or after it",
     "ITU-R_BS.2076-2", 1, ap1,
     ONE_OBJECT("AO_1001", "", "",
                BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.01001\"",
                    POLAR("30", "0"))
                    BLK("1001", "2", " rtime=\"00:00:00.01001\" duration=\"00:00:00.1S3\"",
                        POLAR("-30", "0") "<jumpPosition>1</jumpPosition>")
                        BLK("1001", "3",
                            " rtime=\"00:00:00.103003S300000\" duration=\"00:00:00.46997S300000\"",
                            POLAR("110", "0") "<jumpPosition interpolationLength=\"0.0012345\">1"
                                              "</jumpPosition>")),
     "", {0}},
    {"a ramp over a block from an off-grid rtime", "ITU-R_BS.2076-2", 1, ap1,
     ONE_OBJECT("AO_1001", "", "",
                BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.1000S48001\"",
                    POLAR("30", "0"))
                    BLK("1001", "2", " rtime=\"00:00:00.1000S48001\" duration=\"00:00:00.39S100\"",
                        POLAR("-110", "0"))
                        BLK("1001", "3", " rtime=\"00:00:00.41084\" duration=\"00:00:00.05\"",
                            POLAR("110", "0"))),
     "", {0}},
    {"polar objectDivergence without azimuthRange in a BS.2076-2 file (0)", "ITU-R_BS.2076-2", 1,
     ap1, ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("10", "0") "<objectDivergence>0.5</objectDivergence>")),
     "", {0}},
    {"polar objectDivergence without azimuthRange in a BS.2076-1 file (45)", "ITU-R_BS.2076-1", 1,
     ap1, ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("10", "0") "<objectDivergence>0.5</objectDivergence>")),
     "", {0}},
    {"an Objects pack of two channels, each its own object", "ITU-R_BS.2076-2", 2, ap2,
     APR("APR_1001", REF("audioContent", "ACO_1001"))
         ACO("ACO_1001", REF("audioObject", "AO_1001"))
             OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1") ATU("2"))
                 PACK("1001", PCH("1001") PCH("1002"))
                     CHAN("1001", BLK("1001", "1", "", POLAR("0", "0")))
                         CHAN("1002", BLK("1002", "1", "", XYZ("0.5", "-1"))),
     "", {0}},
    {"audioObject gain, mute and positionOffset, start", "ITU-R_BS.2076-2", 3, ap3,
     APR("APR_1001", REF("audioContent", "ACO_1001"))
         ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1002")
                             REF("audioObject", "AO_1003"))
             OBJ("AO_1001", "",
                 REF("audioPackFormat", "AP_00031001") ATU("1") "<gain gainUnit=\"dB\">-6</gain>"
                 "<positionOffset coordinate=\"azimuth\">-40</positionOffset>")
                 OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031002") ATU("2") "<mute>1</mute>")
                     OBJ("AO_1003", " start=\"00:00:00.10001\" duration=\"00:00:00.2\"",
                         REF("audioPackFormat", "AP_00031003") ATU("3") "<gain>0.5</gain>"
                         "<positionOffset coordinate=\"X\">0.25</positionOffset>")
                         PACK("1001", PCH("1001")) PACK("1002", PCH("1002"))
                             PACK("1003", PCH("1003")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0")))
                                 CHAN("1002", BLK("1002", "1", "", POLAR("-30", "0")))
                                     CHAN("1003", BLK("1003", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.1\"", XYZ("-0.5", "1"))
                                                      BLK("1003", "2", " rtime=\"00:00:00.1\" duration=\"00:00:00.1\"", XYZ("0.5", "0"))),
     "", {0}},
    {"the programme of the lowest ID, a complementary group's first, nested objects",
     "ITU-R_BS.2076-2", 3, ap3, CHOICES, "", {0}},
    {"APR_1002 chosen: its object, a complementary group's second, not played", "ITU-R_BS.2076-2",
     3, ap3, CHOICES, "--programme APR_1002", {"APR_1002", NULL, 0}},
    {"APR_1002 and AO_1003 chosen", "ITU-R_BS.2076-2", 3, ap3, CHOICES,
     "--programme APR_1002 --comp-object AO_1003", {"APR_1002", ao1003, 1}},
    {"AO_1003 chosen of its group in APR_1001", "ITU-R_BS.2076-2", 3, ap3, CHOICES,
     "--comp-object AO_1003", {NULL, ao1003, 1}},
    {"a gap of a fifth of a frame, within one: no ramp across it", "ITU-R_BS.2076-2", 1, ap1,
     ONE_OBJECT("AO_1001", "", "",
                BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.0100021\"",
                    POLAR("30", "0"))
                    BLK("1001", "2", " rtime=\"00:00:00.0100042\" duration=\"00:00:00.4899958\"",
                        POLAR("-110", "0"))),
     "", {0}},
    {"an object that starts past the file's end: silent", "ITU-R_BS.2076-2", 1, ap1,
     ONE_OBJECT("AO_1001", " start=\"00:00:01.00000\"", "", BLK("1001", "1", "", POLAR("30", "0"))),
     "", {0}},
};
enum { FOREIGN = sizeof foreign_cases / sizeof foreign_cases[0] };

/* foreign_cases[k] written into dir (path, heap), 0.5 s. */
static char *foreign_file(const char *dir, size_t k)
{
  char *path = sp_xasprintf("%s/f%zu.wav", dir, k);
  const struct foreign_case *c = &foreign_cases[k];
  foreign(path, c->version, c->tracks, c->ap, c->body, 24000);
  return path;
}

/* Each item read as BS.2127 plays it, known without the EAR. */
Test(admforeign, foreign_files_read_as_bs2127_plays_them)
{
  char *dir = tu_tmpdir();
  sp_adm m[FOREIGN];
  for (size_t k = 0; k < FOREIGN; k++) {
    char *path = foreign_file(dir, k);
    sp_adm_file *f;
    char why[512] = "";
    cr_assert_eq(sp_adm_open_as(path, &foreign_cases[k].choice, &f, &m[k], why, sizeof why), SP_OK,
                 "%s: %s", foreign_cases[k].what, why);
    sp_adm_close(f);
    free(path);
  }
  /* rtime 0.01001 s is frame 480.48: the block from frame 481 (not 480),
   * its ramp's time the exact one; 1/3 s on, the next at 16481 */
  const sp_adm_object *o = &m[0].objects[0];
  cr_assert_eq(o->n_blocks, 3);
  cr_expect(o->blocks[0].start == 0 && o->blocks[0].dur == 481);
  cr_expect(o->blocks[1].start == 481 && o->blocks[1].dur == 16000);
  cr_expect(fabs(o->blocks[1].start_off - (480.48 - 481)) < 1e-9, "%.12f",
            o->blocks[1].start_off);
  cr_expect(o->blocks[2].start == 16481 && o->blocks[2].dur == 24000 - 16481);
  cr_expect(fabs(o->blocks[2].interp_s - 0.0012345) < 1e-15);
  /* 1000/48001 s is frame 999.979: from frame 1000, ramped from the exact
   * time to 0.41083 s (frame 19719.98); the last block from 0.41084 s
   * (frame 19720.32: 19721), a frame of silence before it (no block
   * holds frame 19720), reached at once; silent after it */
  o = &m[1].objects[0];
  cr_assert_eq(o->n_blocks, 5);
  cr_expect(o->blocks[1].start == 1000 && o->blocks[1].dur == 18720 && !o->blocks[1].jump);
  cr_expect(fabs(o->blocks[1].start_off + 1000.0 / 48001) < 1e-9 &&
            fabs(o->blocks[1].end_off + 1000.0 / 48001) < 1e-9);
  cr_expect(o->blocks[2].start == 19720 && o->blocks[2].dur == 1 && o->blocks[2].gain == 0);
  cr_expect(o->blocks[3].start == 19721 && o->blocks[3].dur == 2400 && o->blocks[3].jump &&
            o->blocks[3].no_interp && fabs(o->blocks[3].start_off + 0.68) < 1e-9);
  cr_expect(o->blocks[4].start == 22121 && o->blocks[4].gain == 0);
  /* the unwritten azimuthRange: 0 in a BS.2076-2 file, 45 in a -1 one */
  cr_expect_eq(m[2].objects[0].blocks[0].div_range, 0);
  cr_expect_eq(m[3].objects[0].blocks[0].div_range, 45);
  /* a pack of two channels: two objects, each at its own blocks' place */
  cr_assert_eq(m[4].n_objects, 2);
  cr_expect(m[4].objects[0].channels == 1 && m[4].objects[0].track == 0 &&
            m[4].objects[0].blocks[0].polar && m[4].objects[0].blocks[0].az == 0);
  cr_expect(m[4].objects[1].channels == 1 && m[4].objects[1].track == 1 &&
            !m[4].objects[1].blocks[0].polar && m[4].objects[1].blocks[0].x == 0.5 &&
            m[4].objects[1].blocks[0].y == -1);
  cr_expect_str_eq(m[4].objects[1].name, "p1001 c1002");
  /* gain -6 dB and 40° to the right; muted; from 0.10001 s (frame 4800.48)
   * for 0.2 s, at half gain, 0.25 to the right */
  cr_assert_eq(m[5].n_objects, 3);
  const sp_adm_block *b = m[5].objects[0].blocks;
  cr_expect(fabs(b->gain - pow(10, -6 / 20.0)) < 1e-15 && b->az == -10);
  cr_expect_eq(m[5].objects[1].blocks[0].gain, 0);
  o = &m[5].objects[2];
  cr_assert_eq(o->n_blocks, 4);
  cr_expect(o->blocks[0].start == 0 && o->blocks[0].dur == 4801 && o->blocks[0].gain == 0);
  cr_expect(o->blocks[1].start == 4801 && o->blocks[1].gain == 0.5 && o->blocks[1].x == -0.25 &&
            o->blocks[1].jump && o->blocks[1].no_interp);
  cr_expect(o->blocks[2].start == 9601 && o->blocks[2].x == 0.75 && !o->blocks[2].jump);
  cr_expect(o->blocks[3].start == 14401 && o->blocks[3].gain == 0);
  /* APR_1001 played (the lowest ID): its nested object at its gain, the
   * complementary group's first; APR_1002's object, the group's second,
   * silent */
  cr_expect_eq(m[6].objects[0].blocks[0].gain, 1);
  cr_expect_eq(m[6].objects[1].blocks[0].gain, 0.7);
  cr_expect_eq(m[6].objects[2].blocks[0].gain, 0);
  /* APR_1002: its AO_1003 is a complementary group's second, not played */
  for (int k = 0; k < 3; k++)
    cr_expect_eq(m[7].objects[k].blocks[0].gain, 0);
  /* and AO_1003 chosen: it alone */
  cr_expect(m[8].objects[0].blocks[0].gain == 0 && m[8].objects[1].blocks[0].gain == 0 &&
            m[8].objects[2].blocks[0].gain == 1);
  /* the gap within frame 480: the block after it from 481, reached at once */
  o = &m[10].objects[0];
  cr_assert_eq(o->n_blocks, 2);
  cr_expect(o->blocks[1].start == 481 && o->blocks[1].jump && o->blocks[1].no_interp);
  /* all past the end: one silent block */
  o = &m[11].objects[0];
  cr_expect(o->n_blocks == 1 && o->blocks[0].dur == 24000 && o->blocks[0].gain == 0);
  /* AO_1003 chosen in APR_1001: it instead of AO_1001 */
  cr_expect(m[9].objects[0].blocks[0].gain == 0 && m[9].objects[1].blocks[0].gain == 0.7 &&
            m[9].objects[2].blocks[0].gain == 1);
  for (size_t k = 0; k < FOREIGN; k++)
    sp_adm_fini(&m[k]);
  tu_rmtree(dir);
  free(dir);
}

/* path rendered into l (5.1), 24000 frames, as a region plays it
 * (sp_adm_source_open) or, where choice chooses, by its model's renderer. */
static void foreign_render(const char *path, const sp_adm_choice *choice, const sp_layout *l,
                           float (*got)[24000])
{
  char why[512] = "";
  float *pg[6];
  for (int c = 0; c < 6; c++)
    pg[c] = got[c];
  if (!choice->programme && !choice->n_complementary) {
    sp_source *src;
    cr_assert_eq(sp_adm_source_open(path, l, false, 48000, 0, &src, why, sizeof why), SP_OK, "%s",
                 why);
    cr_assert_eq(src->ops->read(src, pg, 24000, why, sizeof why), SP_OK, "%s", why);
    src->ops->close(src);
    return;
  }
  sp_adm_file *f;
  sp_adm m;
  cr_assert_eq(sp_adm_open_as(path, choice, &f, &m, why, sizeof why), SP_OK, "%s", why);
  static float in[3][24000];
  float *pin[3] = {in[0], in[1], in[2]};
  cr_assert_eq(m.tracks, 3);
  for (int64_t at = 0; at < 24000;) { /* its reads come a buffer at a time */
    float *part[3] = {in[0] + at, in[1] + at, in[2] + at};
    const int64_t got_n = sp_adm_read(f, part, (size_t)(24000 - at), why, sizeof why);
    cr_assert_gt(got_n, 0, "%s", why);
    at += got_n;
  }
  sp_adm_close(f);
  sp_adm_renderer *r = sp_adm_renderer_new(&m, l);
  double *acc = sp_xcalloc(6 * 24000, sizeof *acc);
  sp_adm_render(r, 0, 24000, (const float *const *)pin, pg, acc);
  free(acc);
  sp_adm_renderer_free(r);
  sp_adm_fini(&m);
}

/* Each item rendered by the EBU ADM Renderer (SP_EAR_DIR, as above) and by
 * stemprint (sp_adm_source_open, 5.1) within -120 dBFS of each other. */
Test(admforeign, foreign_files_render_as_the_ebu_adm_renderer_does, .timeout = TU_TIMEOUT(600))
{
  const char *ear = getenv("SP_EAR_DIR");
  if (!ear || !*ear || access("/usr/bin/python3", X_OK) != 0)
    cr_skip_test("SP_EAR_DIR names no EBU ADM Renderer (github.com/ebu/ebu_adm_renderer)");
  char *dir = tu_tmpdir();
  const sp_layout *l = sp_layout_find("5.1");
  for (size_t k = 0; k < FOREIGN; k++) {
    char *path = foreign_file(dir, k), *out = sp_xasprintf("%s/e%zu.wav", dir, k);
    char *cmd = sp_xasprintf("PYTHONPATH='%s' /usr/bin/python3 -m ear.cmdline.render_file -s "
                             "0+5+0 %s %s %s > %s/log 2>&1",
                             ear, foreign_cases[k].ear_args, path, out, dir);
    const int rc = system(cmd);
    char *log = sp_xasprintf("%s/log", dir), *said = tu_slurp_must(log);
    cr_assert_eq(rc, 0, "%s: %s", foreign_cases[k].what, said);
    int64_t frames = 0;
    int channels = 0, rate = 0;
    double *e = tu_read(out, &frames, &channels, &rate);
    cr_assert(e && channels == 6 && frames == 24000);
    static float got[6][24000];
    foreign_render(path, &foreign_cases[k].choice, l, got);
    double worst = 0;
    int64_t at = 0;
    int at_c = 0;
    for (int64_t t = 0; t < frames; t++)
      for (int c = 0; c < 6; c++)
        if (fabs(e[t * 6 + c] - got[c][t]) > worst)
          worst = fabs(e[t * 6 + c] - got[c][t]), at = t, at_c = c;
    cr_expect(20 * log10(worst + 1e-30) < -120,
              "%s: %.1f dBFS from the EAR's render (frame %lld, %s: %.9f, the EAR's %.9f)",
              foreign_cases[k].what, 20 * log10(worst + 1e-30), (long long)at, l->ch[at_c].name,
              (double)got[at_c][at], e[at * 6 + at_c]);
    free(e), free(said), free(log), free(cmd), free(out), free(path);
  }
  tu_rmtree(dir);
  free(dir);
}

/* A track's recipe keys choose as the reader's choice does: `programme:`
 * and `complementary:` (issue 71) on a 5.1 track of the file of two
 * programmes and a complementary group print the mix the choice renders
 * (32-bit float, to the bit of the model's render within float rounding),
 * each another from the default's, with another cache key; a programme or
 * an object the file does not have, an ID of another form, and the keys
 * on a file that is no ADM BWF are errors at the key's line and column
 * with the fix. */
Test(admforeign, a_tracks_programme_and_complementary_keys_choose_what_plays)
{
  char *dir = tu_tmpdir();
  const sp_layout *l = sp_layout_find("5.1");
  float *plain = NULL;
  char *plain_key = NULL;
  for (size_t k = 0; k < FOREIGN; k++) {
    const struct foreign_case *c = &foreign_cases[k];
    if (c->body != foreign_cases[FOREIGN - 1].body && strstr(c->what, "chosen") == NULL &&
        strstr(c->what, "the programme of the lowest ID") == NULL)
      continue;
    char *path = foreign_file(dir, k), *keys = sp_xstrdup("");
    if (c->choice.programme) {
      char *was = keys;
      keys = sp_xasprintf("%s, programme: %s", was, c->choice.programme);
      free(was);
    }
    if (c->choice.n_complementary) {
      char *was = keys;
      keys = sp_xasprintf("%s, complementary: [%s]", was, c->choice.complementary[0]);
      free(was);
    }
    char *name = sp_xasprintf("r%zu.yaml", k), *text = sp_xasprintf(
        "stemprint: 1\ntracks:\n  s: {file: f%zu.wav, layout: 5.1%s}\nmaster: {layout: 5.1}\n"
        "output: {depth: 32f, dither: none, dir: out%zu}\n",
        k, keys, k);
    char *recipe = tu_write_text(dir, name, text);
    const char *render[] = {"render", recipe, "-q", NULL}, *plan[] = {"plan", recipe, NULL};
    char *err = NULL, *key = NULL;
    cr_assert_eq(tu_run(render, NULL, &err), 0, "%s: %s", c->what, err);
    cr_assert_eq(tu_run(plan, &key, NULL), 0);
    char *outdir = sp_xasprintf("%s/out%zu/mix.wav", dir, k);
    int64_t frames = 0;
    int channels = 0, rate = 0;
    double *mix = tu_read(outdir, &frames, &channels, &rate);
    cr_assert(mix && frames >= 24000 && channels == 6, "%s", c->what);
    static float got[6][24000];
    foreign_render(path, &c->choice, l, got);
    double worst = 0;
    for (int64_t t = 0; t < 24000; t++)
      for (int ch = 0; ch < 6; ch++)
        worst = fmax(worst, fabs(mix[t * 6 + ch] - got[ch][t]));
    cr_expect(worst < 1e-6, "%s: the mix is %g from the choice's render", c->what, worst);
    if (!c->choice.programme && !c->choice.n_complementary) {
      if (!plain) { /* the first case of the default is the one the others move from */
        plain = sp_xcalloc(6 * 24000, sizeof *plain);
        for (int64_t i = 0; i < 6 * 24000; i++)
          plain[i] = (float)mix[i];
        plain_key = sp_xstrdup(key);
      }
    } else {
      cr_assert(plain, "the default's case comes first");
      double moved = 0;
      for (int64_t i = 0; i < 6 * 24000; i++)
        moved = fmax(moved, fabs(mix[i] - plain[i]));
      cr_expect(moved > 0.01, "%s plays as the default does", c->what);
      cr_expect(strcmp(key, plain_key) != 0, "%s: the cache key is the default's", c->what);
    }
    free(mix), free(outdir), free(key), free(err), free(recipe), free(text), free(name);
    free(keys), free(path);
  }
  cr_assert(plain, "no case of the file of two programmes");
  free(plain), free(plain_key);
  /* values the file or the form does not take */
  size_t first = FOREIGN;
  for (size_t k = 0; k < FOREIGN && first == FOREIGN; k++)
    if (strstr(foreign_cases[k].what, "the programme of the lowest ID"))
      first = k;
  char *file = foreign_file(dir, first);
  free(tu_write_wav(dir, "plain.wav", 6, 48000, 24, (float[6]){0}, 1));
  static const struct {
    const char *keys, *said;
  } bad[] = {
      {"file: f.wav, programme: APR_1009",
       "bad.yaml:3:31: tracks.s.programme: '%s/f.wav': its axml has no audioProgramme APR_1009; "
       "name one the file has, or leave 'programme' out"},
      {"file: f.wav, complementary: [AO_1002]",
       "bad.yaml:3:35: tracks.s.complementary: '%s/f.wav': an audioObject chosen of a "
       "complementary group is in none (the chosen: AO_1002); name one the file has, or leave "
       "'complementary' out"},
      {"file: f.wav, programme: 1002",
       "bad.yaml:3:31: tracks.s.programme: '1002' is no audioProgrammeID; BS.2076 names one APR_ "
       "and four hexadecimal digits, like APR_1001"},
      {"file: plain.wav, programme: APR_1001",
       "bad.yaml:3:35: tracks.s.programme: '%s/plain.wav' is not an ADM BWF: it has no programmes "
       "or objects to choose; leave 'programme' out"},
  };
  char *f = tu_path(dir, "f.wav");
  cr_assert_eq(rename(file, f), 0);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  s: {%s, layout: 5.1}\nmaster: {layout: "
                              "5.1}\n",
                              bad[i].keys);
    char *recipe = tu_write_text(dir, "bad.yaml", text), *err = NULL;
    const char *check[] = {"check", "--no-levels", recipe, NULL};
    cr_expect_eq(tu_run(check, NULL, &err), 2, "%s: %s", bad[i].keys, err);
    char *want = sp_xasprintf(bad[i].said, dir);
    cr_expect(err && strstr(err, want), "%s:\nwant %s\ngot  %s", bad[i].keys, want, err);
    free(want), free(err), free(recipe), free(text);
  }
  free(f), free(file);
  tu_rmtree(dir);
  free(dir);
}

/* What a track's choice plays of its file and the renderer does not is
 * said of that choice (core/graph/sources.c, sp_adm_unplayed_said): in the
 * file of two programmes, an attribute the reader does not read on AO_1002
 * (APR_1001's, the default) and on AO_1003 (APR_1002's, and of APR_1001's
 * complementary group the second, played only where chosen) is said where
 * the choice plays its object and not where it does not. It was said of
 * the default's whatever the choice (the file's probe's list). */
Test(admforeign, what_a_choice_plays_and_the_renderer_does_not_is_said_of_that_choice)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "f.wav");
  char *body = sp_xstrdup(CHOICES);
  static const char *const swap[][2] = {{"audioObjectName=\"AO_1002\"", "edgeLock=\"1\""},
                                        {"audioObjectName=\"AO_1003\"", "spread=\"1\""}};
  for (size_t k = 0; k < 2; k++) { /* an object's name gives way to the attribute */
    char *at = strstr(body, swap[k][0]);
    cr_assert_not_null(at);
    memset(at, ' ', strlen(swap[k][0]));
    memcpy(at, swap[k][1], strlen(swap[k][1]));
  }
  foreign(path, "ITU-R_BS.2076-2", 3, ap3, body, 24000);
  static const struct {
    const char *keys, *said, *unsaid;
  } cases[] = {
      {"", "audioObject@edgeLock", "spread"},
      {", programme: APR_1002", NULL, "does not play"}, /* its one object not chosen */
      {", complementary: [AO_1003]", "audioObject@edgeLock", NULL},
      {", complementary: [AO_1003]", "audioObject@spread", NULL},
      {", programme: APR_1002, complementary: [AO_1003]", "audioObject@spread", "edgeLock"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  s: {file: f.wav, layout: 5.1%s}\n"
                              "master: {layout: 5.1}\n",
                              cases[i].keys);
    char *recipe = tu_write_text(dir, "r.yaml", text), *err = NULL;
    const char *check[] = {"check", "--no-levels", recipe, NULL};
    cr_expect_eq(tu_run(check, NULL, &err), 0, "%s: %s", cases[i].keys, err);
    cr_expect(!cases[i].said || (err && strstr(err, cases[i].said)), "%s: %s not said:\n%s",
              cases[i].keys, cases[i].said, err);
    cr_expect(!cases[i].unsaid || (err && !strstr(err, cases[i].unsaid)), "%s: %s said:\n%s",
              cases[i].keys, cases[i].unsaid, err);
    free(err), free(recipe), free(text);
  }
  free(body), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* What of the audioObjects and times BS.2127 cannot play, or a choice of
 * what the file has not, refused with a reason. */
Test(admforeign, foreign_files_bs2127_cannot_play_are_refused_with_a_reason)
{
  static const struct {
    const char *body;
    sp_adm_choice choice;
    const char *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\"", POLAR("0", "0"))),
       {0},
       "an rtime without a duration"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.1S1000000001\" duration=\"00:00:00.1\"",
                      POLAR("0", "0"))),
       {0},
       "audioBlockFormat AB_00031001_00000001: rtime '00:00:00.1S1000000001' is finer than "
       "stemprint reads (a fraction of nine digits, or over 10^9 at most), which the EBU ADM "
       "Renderer reads: write it to nine digits"},
      {ONE_OBJECT("AO_1001", "", "<positionOffset coordinate=\"azimuth\">10</positionOffset>",
                  BLK("1001", "1", "", XYZ("0", "1"))),
       {0},
       "a polar positionOffset on a Cartesian position"},
      {ONE_OBJECT("AO_1001", "",
                  "<positionOffset coordinate=\"azimuth\">10</positionOffset>"
                  "<positionOffset coordinate=\"X\">0.1</positionOffset>",
                  BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "a positionOffset of coordinate 'X' among the other kind's"},
      {ONE_OBJECT("AO_1001", "", "<gain>loud</gain>", BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "audioObject AO_1001: a gain of 'loud'"},
      {ONE_OBJECT("AO_1001", "", REF("audioObject", "AO_1002"),
                  BLK("1001", "1", "", POLAR("0", "0")))
           OBJ("AO_1002", "", REF("audioObject", "AO_1003"))
               OBJ("AO_1003", "", REF("audioObject", "AO_1002")),
       {0},
       "audioObject AO_1002 holds itself (its audioObjectIDRefs loop back to it through 2 "
       "objects); BS.2076 nests objects as a tree: remove the reference that loops"},
      /* a loop through an object of tracks (was said as 'track 1 is in
       * audioObject AO_1001 and in AO_1001'), and one object played twice */
      {ONE_OBJECT("AO_1001", "", REF("audioObject", "AO_1001"),
                  BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "audioObject AO_1001 holds itself (its audioObjectIDRefs loop back to it through 1 "
       "object)"},
      {APR("APR_1001", REF("audioContent", "ACO_1001"))
           ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1001"))
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                   PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "audioObject AO_1001 is played twice (the programme's contents, or the objects nesting "
       "it, refer to it more than once)"},
      {ONE_OBJECT("AO_1001", "", REF("audioObject", "AO_1099"),
                  BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "refers to AO_1099, which the axml does not hold"},
      {APR("APR_1001", REF("audioContent", "ACO_1001"))
           ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1002"))
               OBJ("AO_1001", "", ATU("1")) OBJ("AO_1002", "", ATU("1")) PACK("1001", PCH("1001"))
                   CHAN("1001", BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "is in audioObject AO_1001 and in AO_1002"},
      {ONE_OBJECT("AO_1001", " start=\"0.1\"", "", BLK("1001", "1", "", POLAR("0", "0"))),
       {0},
       "audioObject AO_1001: start '0.1' is not a BS.2076 time"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0"))),
       {"APR_1009", NULL, 0},
       "no audioProgramme APR_1009"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0"))),
       {NULL, ao1003, 1},
       "is in none"},
      /* a block of no frame the next ramps from, said as that (was "block 2
       * spans frames 1 to 1, and the one before ends at 1") */
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.00001\"",
                      POLAR("0", "0"))
                      BLK("1001", "2", " rtime=\"00:00:00.00001\" duration=\"00:00:00.00001\"",
                          POLAR("30", "0"))
                          BLK("1001", "3", " rtime=\"00:00:00.00002\" duration=\"00:00:00.05000\"",
                              POLAR("-30", "0"))),
       {0},
       "object 'p1001' block AB_00031001_00000002: from 0.000010 s to 0.000020 s, it holds no "
       "frame at 48000 Hz, and the next block ramps from its place (as the EBU ADM Renderer "
       "plays it; stemprint plays blocks of a frame or more)"},
      /* blocks that overlap, said as that (was "block 2 spans frames 1920 to 4320, and
       * the one before ends at 2400") */
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                      POLAR("0", "0"))
                      BLK("1001", "2", " rtime=\"00:00:00.04000\" duration=\"00:00:00.05000\"",
                          POLAR("30", "0"))),
       {0},
       "object 'p1001' block AB_00031001_00000002 starts at 0.040000 s, before the block before "
       "it ends (0.050000 s)"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open_as(path, &cases[k].choice, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f);
      sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
  }
  /* two of one complementary group chosen */
  char *path3 = tu_path(dir, "c.wav");
  foreign(path3, "ITU-R_BS.2076-2", 3, ap3, CHOICES, 4800);
  static const char *const two[] = {"AO_1001", "AO_1003"};
  const sp_adm_choice both = {NULL, two, 2};
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_expect_neq(sp_adm_open_as(path3, &both, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "are chosen of one complementary group (AO_1001's); choose one"), "%s", why);
  free(path3), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A block's values said as the file gives them: one that is not a finite
 * number ("inf", "nan") by its element, its text as written, never read as
 * another (a width of 'inf' was said as -0.00277778, a height or a depth
 * of 'nan' read as 0); one out of range as written (a polar block's
 * azimuth, elevation, distance and width in degrees; a Cartesian one's X,
 * Y, Z: an azimuth that a positionOffset took to inf was said as the
 * position (-nan, -nan, 0)). */
Test(admforeign, block_values_are_said_as_the_file_gives_them)
{
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0") "<width>nan</width>")),
       "object 'p1001' block AB_00031001_00000001: width 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", XYZ("0", "1") "<width>nan</width>")),
       "object 'p1001' block AB_00031001_00000001: width 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("nan", "0"))),
       "block AB_00031001_00000001: position azimuth 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", XYZ("nan", "0"))),
       "block AB_00031001_00000001: position X 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0") "<height>tall</height>")),
       "block AB_00031001_00000001: height 'tall' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0") "<depth>nan</depth>")),
       "block AB_00031001_00000001: depth 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0") "<gain>inf</gain>")),
       "block AB_00031001_00000001: gain 'inf' is not a number"},
      /* xs:double's own words: numbers to XML, no finite one */
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("INF", "0"))),
       "block AB_00031001_00000001: position azimuth 'INF' is not a finite number; the EBU ADM "
       "Renderer refuses it too"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0") "<gain>NaN</gain>")),
       "block AB_00031001_00000001: gain 'NaN' is not a finite number; the EBU ADM Renderer "
       "refuses it too (its 'must be finite' or 'out of range'): write a decimal number"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("0", "0") "<gain gainUnit=\"dBFS\">1</gain>")),
       "block AB_00031001_00000001: gain's gainUnit 'dBFS' is none of BS.2076's (linear, dB)"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", "",
               POLAR("0", "0") "<jumpPosition interpolationLength=\"nan\">1</jumpPosition>")),
       "block AB_00031001_00000001: jumpPosition's interpolationLength 'nan' is not a number"},
      {ONE_OBJECT("AO_1001", "", "<positionOffset coordinate=\"azimuth\">1e308</positionOffset>",
                  BLK("1001", "1", "", POLAR("1e308", "0"))),
       "object 'p1001' block 1: a position of azimuth inf, elevation 0, distance 1; BS.2076 "
       "has an azimuth of -180 .. 180"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open_as(path, &(sp_adm_choice){0}, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f);
      sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
    cr_expect(!strstr(why, "-nan") && !strstr(why, "0.00277778"), "case %zu: %s", k, why);
  }
  /* as a render of a recipe whose track is the file says it, at its file */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[0].body, 4800);
  char *recipe = tu_write_text(
      dir, "s.yaml", "stemprint: 1\ntracks:\n  s: {file: r.wav}\nmaster: {layout: 5.1}\n");
  const char *check[] = {"check", recipe, NULL};
  char *err = NULL;
  cr_expect_neq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "tracks.s.file: ") && strstr(err, "width 'nan' is not a number"), "%s",
            err);
  free(err), free(recipe), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A reason as long as a file's names make it reaches check and render
 * whole, its fix included: the probe of a track's file held 256 bytes of
 * it and cut an object of a 70-character name's at "the EBU ADM Renderer
 * refus". */
Test(admforeign, a_long_reason_reaches_check_whole)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  foreign(
      path, "ITU-R_BS.2076-2", 1, ap1,
      APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                           REF("audioObject", "AO_1001"))
          OBJ("AO_1001", "",
              REF("audioPackFormat", "AP_00031001") ATU(
                  "1")) "<audioPackFormat audioPackFormatID=\"AP_00031001\" audioPackFormatName=\""
                        "Lead Vocal Double Tracked Left Side Wide Reverb Send Object Number One\" "
                        "typeDefinition=\"Objects\">" PCH("1001") "</audioPackFormat>" CHAN(
                            "1001",
                            BLK("1001", "1",
                                " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                                POLAR("0", "0") "<jumpPosition interpolationLength=\"0.5\">1"
                                                "</jumpPosition>")),
      4800);
  char *recipe = tu_write_text(dir, "s.yaml",
                               "stemprint: 1\ntracks:\n  s: {file: r.wav, layout: 5.1}\n"
                               "master: {layout: 5.1}\n");
  const char *check[] = {"check", recipe, NULL};
  char *err = NULL;
  cr_expect_neq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "tracks.s.file: cannot read '") &&
                strstr(err, "r.wav': object 'Lead Vocal") &&
                strstr(err, "make it the block's duration or less"),
            "%s", err);
  free(err), free(recipe), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A time the axml holds that is not BS.2076's (hh:mm:ss.zzzzz, or
 * hh:mm:ss.zzzzzSfffff; one or two digits of hours, minutes and seconds,
 * the fraction written, as the EBU ADM Renderer reads them), played or
 * not, is refused naming its element and attribute: rtime="240:00:00"
 * once rendered silence with exit 0. One or two digits of each are
 * read. */
Test(admforeign, times_not_of_bs2076_are_refused_at_their_element_and_attribute)
{
  static const struct {
    const char *body, *want; /* want NULL: read */
  } cases[] = {
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", " rtime=\"240:00:00\" duration=\"00:00:00.1\"", POLAR("0", "0"))),
       "audioBlockFormat AB_00031001_00000001: rtime '240:00:00' is not a BS.2076 time, "
       "hh:mm:ss.zzzzz or hh:mm:ss.zzzzzSfffff (zzzzz over fffff of a second)"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"240:00:00.00000\"",
                      POLAR("0", "0"))),
       "audioBlockFormat AB_00031001_00000001: duration '240:00:00.00000' is not"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00\" duration=\"00:00:00.1\"", POLAR("0", "0"))),
       "rtime '00:00:00' is not"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", " rtime=\" 0:00:00.0\" duration=\"00:00:00.1\"", POLAR("0", "0"))),
       "rtime ' 0:00:00.0' is not"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", " rtime=\"+0:00:00.0\" duration=\"00:00:00.1\"", POLAR("0", "0"))),
       "rtime '+0:00:00.0' is not"},
      {ONE_OBJECT("AO_1001", " start=\"240:00:00\"", "", BLK("1001", "1", "", POLAR("0", "0"))),
       "audioObject AO_1001: start '240:00:00' is not a BS.2076 time"},
      {ONE_OBJECT("AO_1001", " duration=\"00:00:01\"", "", BLK("1001", "1", "", POLAR("0", "0"))),
       "audioObject AO_1001: duration '00:00:01' is not"},
      /* an audioObject no programme plays, and a block of a channel no
       * track is: refused all the same, as the EAR refuses the file */
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0")))
           OBJ("AO_1002", " start=\"99:00:00\"", "")
               CHAN("1002", BLK("1002", "1", " rtime=\"0:0:0.0\" duration=\"1:00:00:00.0\"",
                                POLAR("0", "0"))),
       "audioObject AO_1002: start '99:00:00' is not"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0")))
           CHAN("1002",
                BLK("1002", "1", " rtime=\"0:0:0.0\" duration=\"1:00:00:00.0\"", POLAR("0", "0"))),
       "audioBlockFormat AB_00031002_00000001: duration '1:00:00:00.0' is not"},
      {ONE_OBJECT("AO_1001", " start=\"0:0:0.0\" duration=\"1:2:3.5S10\"", "",
                  BLK("1001", "1", " rtime=\"0:0:0.0\" duration=\"1:2:3.5\"", POLAR("0", "0"))),
       NULL},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    const sp_err err = sp_adm_open_as(path, &(sp_adm_choice){0}, &f, &m, why, sizeof why);
    if (err == SP_OK) {
      cr_expect_null(cases[k].want, "case %zu opened", k);
      sp_adm_close(f);
      sp_adm_fini(&m);
      continue;
    }
    cr_expect(cases[k].want && strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k,
              why, cases[k].want ? cases[k].want : "(read)");
  }
  /* the render of a recipe whose track is such a file: refused, exit 2, at
   * the track's file */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[0].body, 4800);
  char *recipe = tu_write_text(
      dir, "s.yaml", "stemprint: 1\ntracks:\n  s: {file: r.wav}\nmaster: {layout: 5.1}\n");
  const char *render[] = {"render", recipe, "-q", NULL};
  char *err = NULL;
  cr_expect_neq(tu_run(render, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "tracks.s.file: ") &&
                strstr(err, "audioBlockFormat AB_00031001_00000001: rtime '240:00:00' is not a "
                            "BS.2076 time"),
            "%s", err);
  free(err), free(recipe), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* Nested audioObjects (issue 87): the track plays by the object that holds
 * it, its gain, positionOffset, start and duration (the parent refers to
 * it and has none of them); a parent that has any (a start, a duration, a
 * gain other than 1, mute 1, a positionOffset) is refused naming it, as
 * BS.2076-2 gives them only to an object that refers to no other and the
 * EAR refuses it (where SP_EAR_DIR names it, it refuses each too); a gain
 * of 1 and mute 0 on the parent are none. */
#define NESTED(parent)                                                                             \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                                 \
  ACO("ACO_1001", REF("audioObject", "AO_1010"))                                                   \
  OBJ("AO_1010", "", REF("audioObject", "AO_1001") parent)                                         \
  OBJ("AO_1001", " start=\"00:00:00.10000\" duration=\"00:00:00.20000\"",                          \
      REF("audioPackFormat", "AP_00031001") ATU("1") "<gain>0.5</gain><positionOffset "            \
                                                     "coordinate=\"azimuth\">5</positionOffset>")  \
  PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("0", "0")))
Test(admforeign, a_nesting_audio_objects_parameters_are_refused_as_bs2076_2_has_it)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "n.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, NESTED("<gain>1</gain><mute>0</mute>"), 24000);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f);
  const sp_adm_object *o = &m.objects[0];
  cr_assert_eq(o->n_blocks, 3);
  cr_expect(o->blocks[0].start == 0 && o->blocks[0].dur == 4800 && o->blocks[0].gain == 0);
  const sp_adm_block *b = &o->blocks[1];
  cr_expect(b->start == 4800 && b->dur == 9600 && b->gain == 0.5 && b->az == 5, "%lld %lld %g %g",
            (long long)b->start, (long long)b->dur, b->gain, b->az);
  cr_expect(o->blocks[2].start == 14400 && o->blocks[2].gain == 0);
  sp_adm_fini(&m);
  static const struct {
    const char *body, *has;
  } bad[] = {
      {NESTED("<gain>0.5</gain>"), "a gain"},
      {NESTED("<mute>1</mute>"), "a mute"},
      {NESTED("<positionOffset coordinate=\"azimuth\">10</positionOffset>"), "a positionOffset"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, bad[k].body, 4800);
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    char *want = sp_xasprintf("audioObject AO_1010 refers to other audioObjects and has %s; "
                              "BS.2076-2 gives a start, duration, gain, mute and positionOffset "
                              "only to an object that refers to none",
                              bad[k].has);
    cr_expect(strstr(why, want), "case %zu: %s", k, why);
    free(want);
    const char *ear = tu_ear_dir();
    char *said = NULL, *out = tu_path(dir, "e.wav");
    if (ear)
      cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR renders it", k);
    free(said), free(out);
  }
  /* a start on the parent (its child's start, 0.1 s, as it was) */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                               REF("audioObject", "AO_1010"))
              OBJ("AO_1010", " start=\"00:00:00.10000\"", REF("audioObject", "AO_1001"))
                  OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                      PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("0", "0"))),
          4800);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "audioObject AO_1010 refers to other audioObjects and has a start"), "%s",
            why);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A DirectSpeakers pack of one channel, AP_0001100n, its channel the UID's
 * (AC_0003100n, typed DirectSpeakers), its block's speakerLabel and
 * position (inner). */
#define DS_PACK(n, inner)                                                                          \
  "<audioPackFormat audioPackFormatID=\"AP_0001100" n "\" audioPackFormatName=\"ds" n              \
  "\" typeLabel=\"0001\" typeDefinition=\"DirectSpeakers\"><audioChannelFormatIDRef>AC_0003100" n  \
  "</audioChannelFormatIDRef></audioPackFormat><audioChannelFormat audioChannelFormatID="          \
  "\"AC_0003100" n "\" audioChannelFormatName=\"d" n "\" typeLabel=\"0001\" "                      \
  "typeDefinition=\"DirectSpeakers\">" inner "</audioChannelFormat>"
#define DS_BLK(n, inner)                                                                           \
  "<audioBlockFormat audioBlockFormatID=\"AB_0003100" n "_00000001\">" inner "</audioBlockFormat>"

/* The file's track c (0, 1) as foreign_of writes it, at frame i. */
static double foreign_sample(int c, int64_t i)
{
  return (double)lround(0.1 * sin(2 * M_PI * 110 * (c + 2) * (double)i / 48000) * 8388608) /
         8388608.0;
}

/* path rendered into 5.1 as a region plays it, 4800 frames, into got. */
static void render_51(const char *path, float (*got)[4800])
{
  char why[512] = "";
  float *pg[6];
  for (int c = 0; c < 6; c++)
    pg[c] = got[c];
  sp_source *src;
  cr_assert_eq(
      sp_adm_source_open(path, sp_layout_find("5.1"), false, 48000, 0, &src, why, sizeof why),
      SP_OK, "%s", why);
  cr_assert_eq(src->ops->read(src, pg, 4800, why, sizeof why), SP_OK, "%s", why);
  src->ops->close(src);
}

/* The largest difference between renders got and want (NULL: silence),
 * each render_51's. */
static double worst_5_1(float (*got)[4800], float (*want)[4800])
{
  double worst = 0;
  for (int c = 0; c < 6; c++)
    for (int i = 0; i < 4800; i++)
      worst = fmax(worst, fabs(got[c][i] - (want ? want[c][i] : 0)));
  return worst;
}

/* Where SP_EAR_DIR names the EBU ADM Renderer: its render of path into
 * 0+5+0 within -120 dBFS of stemprint's, got (the first 4800 frames). */
static void ear_agrees(const char *path, float (*got)[4800])
{
  const char *ear = tu_ear_dir();
  if (!ear)
    return;
  const float *g[6];
  for (int c = 0; c < 6; c++)
    g[c] = got[c];
  const double worst = tu_ear_worst_5_1(ear, path, g, 4800);
  cr_expect(20 * log10(worst + 1e-30) < -120, "%s: %.1f dBFS from the EAR's render", path,
            20 * log10(worst + 1e-30));
}

/* A track the chna names twice, each UID in an audioObject of its own
 * (the EAR's test.yaml has one): played once for each, as BS.2127 renders
 * each item: the model's two tracks both the file's one, at 30° and -30°
 * (5.1's L and R, each the track at its gain of 1); the EAR's render the
 * same where SP_EAR_DIR names it. */
Test(admforeign, a_track_of_two_uids_plays_in_each_of_its_objects)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "two.wav");
  static const char *const ap[] = {"AP_00031001", "AP_00031002"};
  static const int of[] = {0, 0};
  foreign_of(path, "ITU-R_BS.2076-2", 2, of, 1, ap,
             APR("APR_1001", REF("audioContent", "ACO_1001"))
                 ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1002"))
                     OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                         OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031002") ATU("2"))
                             PACK("1001", PCH("1001")) PACK("1002", PCH("1002"))
                                 CHAN("1001", BLK("1001", "1", "", POLAR("30", "0")))
                                     CHAN("1002", BLK("1002", "1", "", POLAR("-30", "0"))),
             4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.tracks, 2);
  cr_assert_eq(m.n_objects, 2);
  cr_expect(m.objects[0].track == 0 && m.objects[0].blocks[0].az == 30);
  cr_expect(m.objects[1].track == 1 && m.objects[1].blocks[0].az == -30);
  static float a[4800], b[4800];
  float *ch[2] = {a, b};
  cr_assert_eq(sp_adm_read(f, ch, 480, why, sizeof why), 480, "%s", why);
  for (int64_t i = 0; i < 480; i++)
    cr_assert(a[i] == (float)foreign_sample(0, i) && b[i] == a[i], "frame %lld", (long long)i);
  sp_adm_close(f);
  sp_adm_fini(&m);
  static float got[6][4800];
  render_51(path, got);
  ear_agrees(path, got);
  for (int64_t i = 0; i < 4800; i++)
    for (int c = 0; c < 6; c++) {
      const double want = c < 2 ? foreign_sample(0, i) : 0;
      cr_assert(fabs(got[c][i] - want) < 1e-6, "frame %lld channel %d: %.9f, %.9f", (long long)i, c,
                (double)got[c][i], want);
    }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A bed channel's blocks written out of time's order play in it, as an
 * object's do, as the EBU ADM Renderer sorts both (warning; its renderer
 * then refuses blocks that overlap): the reader took a bed's as written
 * and refused the file for a gap before the first written ('block 1: a
 * gap before it'). The model names the first such block (m.reordered,
 * which a render warns of: below). Blocks that overlap are still refused,
 * naming the block. */
Test(admforeign, direct_speakers_blocks_out_of_order_play_in_times_order)
{
#define DS_TIMED(k, times)                                                                         \
  "<audioBlockFormat audioBlockFormatID=\"AB_00031001_0000000" k "\"" times                         \
  "><speakerLabel>M+030</speakerLabel>" POLAR("30", "0") "</audioBlockFormat>"
  static const char *const ap[] = {"AP_00011001"};
  static const struct {
    const char *blocks, *want; /* NULL: plays */
  } cases[] = {
      {DS_TIMED("2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"")
           DS_TIMED("1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\""),
       NULL},
      {DS_TIMED("2", " rtime=\"00:00:00.04000\" duration=\"00:00:00.06000\"")
           DS_TIMED("1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\""),
       "bed track 1 (AC_00031001) block 1: it starts before the block before it ends (blocks "
       "that overlap; the EBU ADM Renderer refuses them)"},
  };
#undef DS_TIMED
  char *dir = tu_tmpdir(), *path = tu_path(dir, "dso.wav");
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char *body = sp_xasprintf(
        "%s", APR("APR_1001", REF("audioContent", "ACO_1001"))
                  ACO("ACO_1001", REF("audioObject", "AO_1001"))
                      OBJ("AO_1001", "", REF("audioPackFormat", "AP_00011001") ATU("1")));
    char *more = sp_xasprintf(
        "%s<audioPackFormat audioPackFormatID=\"AP_00011001\" audioPackFormatName=\"ds\" "
        "typeLabel=\"0001\" typeDefinition=\"DirectSpeakers\"><audioChannelFormatIDRef>"
        "AC_00031001</audioChannelFormatIDRef></audioPackFormat><audioChannelFormat "
        "audioChannelFormatID=\"AC_00031001\" audioChannelFormatName=\"d\" typeLabel=\"0001\" "
        "typeDefinition=\"DirectSpeakers\">%s</audioChannelFormat>",
        body, cases[k].blocks);
    foreign(path, "ITU-R_BS.2076-2", 1, ap, more, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    const sp_err err = sp_adm_open(path, &f, &m, why, sizeof why);
    if (!cases[k].want) {
      cr_expect_eq(err, SP_OK, "case %zu: %s", k, why);
      if (err == SP_OK) {
        cr_expect_eq(m.n_beds, 1u, "case %zu", k);
        cr_expect(strstr(m.reordered, "AC_00031001: AB_00031001_00000001 (axml line ") &&
                      strstr(m.reordered, ") after AB_00031001_00000002 (line "),
                  "case %zu: '%s'", k, m.reordered);
        sp_adm_close(f), sp_adm_fini(&m);
      }
    } else {
      cr_expect_neq(err, SP_OK, "case %zu opened", k);
      cr_expect(strstr(why, cases[k].want), "case %zu: '%s'", k, why);
    }
    free(more), free(body);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* DirectSpeakers packs of one channel, of any label, after an object (the
 * EAR's test.yaml has them): each a speaker of its own, as BS.2127 plays
 * it: M+045 bounded to 30°..50° of azimuth (its elevation unbounded: NAN,
 * its position's own) the speaker within (5.1's L),
 * LFE1 of a low-pass band the LFE; the object at 0° the C. The second
 * track is in both packs (two UIDs). The EAR's render the same where
 * SP_EAR_DIR names it. */
Test(admforeign, direct_speakers_packs_of_one_channel_play_as_their_speaker)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "ds.wav");
  static const char *const ap[] = {"AP_00031001", "AP_00011002", "AP_00011003"};
  static const int of[] = {0, 1, 1};
  foreign_of(
      path, "ITU-R_BS.2076-2", 3, of, 2, ap,
      APR("APR_1001", REF("audioContent", "ACO_1001")) ACO(
          "ACO_1001",
          REF("audioObject", "AO_1001") REF("audioObject", "AO_1002") REF("audioObject", "AO_1003"))
          OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1")) OBJ(
              "AO_1002", "", REF("audioPackFormat", "AP_00011002") ATU("2"))
              OBJ("AO_1003", "", REF("audioPackFormat", "AP_00011003") ATU("3")) PACK(
                  "1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("0", "0")))
                  DS_PACK("2", DS_BLK("2", "<speakerLabel>M+045</speakerLabel>" POLAR(
                                               "45", "0") "<position coordinate="
                                                          "\"azimuth\" bound=\"min\">30"
                                                          "</position><position "
                                                          "coordinate=\"azimuth\" "
                                                          "bound=\"max\">50</position>"))
                      DS_PACK("3", "<frequency typeDefinition=\"lowPass\">120"
                                   "</frequency>" DS_BLK(
                                       "3", "<speakerLabel>LFE1</speakerLabel>" POLAR("0", "-30"))),
      4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.tracks, 3);
  cr_assert_eq(m.n_beds, 2);
  cr_expect(m.beds[0] == sp_layout_find("mono") && m.beds[1] == sp_layout_find("mono"));
  cr_expect_str_eq(m.speakers[0].label, "M+045");
  cr_expect(m.speakers[0].bounded && m.speakers[0].lo[0] == 30 && m.speakers[0].hi[0] == 50 &&
            isnan(m.speakers[0].lo[1]) && isnan(m.speakers[0].hi[1]) && m.speakers[0].az == 45);
  cr_expect(m.speakers[1].lfe_band && !m.speakers[1].bounded);
  cr_assert_eq(m.n_objects, 1);
  cr_expect_eq(m.objects[0].track, 2); /* the beds' tracks first */
  sp_adm_close(f);
  sp_adm_fini(&m);
  static float got[6][4800];
  render_51(path, got);
  ear_agrees(path, got);
  for (int64_t i = 0; i < 4800; i++)
    for (int c = 0; c < 6; c++) { /* L R C LFE Ls Rs */
      const double want = c == 0 || c == 3 ? foreign_sample(1, i)
                          : c == 2         ? foreign_sample(0, i)
                                           : 0;
      cr_assert(fabs(got[c][i] - want) < 1e-6, "frame %lld channel %d: %.9f, %.9f", (long long)i, c,
                (double)got[c][i], want);
    }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A chna of more UIDs than the model's 128 tracks (one track named 129
 * times) is refused, saying so. */
Test(admforeign, a_chna_of_more_than_128_uids_is_refused)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "many.wav");
  uint8_t fmt[16], *chna = sp_xcalloc(4 + 40 * 129, 1);
  sp_put_le16(fmt, 1), sp_put_le16(fmt + 2, 1), sp_put_le32(fmt + 4, 48000);
  sp_put_le32(fmt + 8, 48000u * 3), sp_put_le16(fmt + 12, 3), sp_put_le16(fmt + 14, 24);
  sp_put_le16(chna, 1), sp_put_le16(chna + 2, 129);
  for (int k = 0; k < 129; k++) {
    uint8_t *e = chna + 4 + 40 * k;
    char s[16];
    sp_put_le16(e, 1);
    snprintf(s, sizeof s, "ATU_%08x", (unsigned)k + 1);
    memcpy(e + 2, s, 12), memcpy(e + 14, "AT_00031001_01", 14), memcpy(e + 28, "AP_00031001", 11);
  }
  static const char doc[] = "<ebuCoreMain/>";
  const sp_riff_part parts[] = {
      {"fmt ", fmt, 16}, {"chna", chna, 4 + 40 * 129}, {"axml", doc, sizeof doc - 1}};
  FILE *f = fopen(path, "w+b");
  cr_assert(f && sp_riff_write_head(f, parts, 3, 3 * 10, 10));
  for (int i = 0; i < 30; i++)
    fputc(0, f);
  cr_assert_eq(fclose(f), 0);
  sp_adm_file *af;
  sp_adm m;
  char why[512] = "";
  cr_expect_neq(sp_adm_open(path, &af, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "its chna names more than 128 UIDs; stemprint plays at most 128"), "%s",
            why);
  free(chna);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* Three tracks with screenEdgeLock (issue 87): a polar object at 10°, 5°
 * locked left and top, a Cartesian one at X 0.2, Y 0.8 locked right, and
 * a DirectSpeakers channel at 10° bounded to -40° .. 40° locked right;
 * the programme gives an audioProgrammeReferenceScreen (of screenRef
 * scaling: it does not move a lock). edges: the same file with the locks
 * written out as the positions BS.2127 moves them to on its default
 * screen (±29°, ±17.297°; the Cartesian one through section 10's polar
 * form) and no lock. */
static void screen_file(const char *path, bool edges)
{
  static const char *const ap[] = {"AP_00031001", "AP_00031002", "AP_00011003"};
  double az, el, d, x, y, z;
  sp_adm_cart_to_polar(0.2, 0.8, 0, &az, &el, &d);
  sp_adm_polar_to_cart(-29.000000000000004, el, d, &x, &y, &z);
  const double top = atan(tan(29 * M_PI / 180) / 1.78) * 180 / M_PI;
  char *polar = edges ? sp_xasprintf("<position coordinate=\"azimuth\">29.000000000000004"
                                     "</position><position coordinate=\"elevation\">%.17g"
                                     "</position>",
                                     top)
                      : sp_xstrdup("<position coordinate=\"azimuth\" screenEdgeLock=\"left\">10"
                                   "</position><position coordinate=\"elevation\" "
                                   "screenEdgeLock=\"top\">5</position>");
  char *cart = edges ? sp_xasprintf("<cartesian>1</cartesian><position coordinate=\"X\">%.17g"
                                    "</position><position coordinate=\"Y\">%.17g</position>"
                                    "<position coordinate=\"Z\">%.17g</position>",
                                    x, y, z)
                     : sp_xstrdup("<cartesian>1</cartesian><position coordinate=\"X\" "
                                  "screenEdgeLock=\"right\">0.2</position><position "
                                  "coordinate=\"Y\">0.8</position><position "
                                  "coordinate=\"Z\">0</position>");
  const char *ds = edges ? "<position coordinate=\"azimuth\">-29</position>"
                         : "<position coordinate=\"azimuth\" screenEdgeLock=\"right\">10"
                           "</position>";
  const char *screen =
      edges ? ""
            : "<audioProgrammeReferenceScreen aspectRatio=\"1.0\"><screenCentrePosition "
              "azimuth=\"20\" elevation=\"0\" distance=\"1\"/><screenWidth azimuth=\"40\"/>"
              "</audioProgrammeReferenceScreen>";
  char *body = sp_xasprintf(
      "<audioProgramme audioProgrammeID=\"APR_1001\" audioProgrammeName=\"p\">%s" REF(
          "audioContent", "ACO_1001") "</audioProgramme>" ACO("ACO_1001",
                                                              REF("audioObject", "AO_1001")
                                                                  REF("audioObject", "AO_1002")
                                                                      REF("audioObject", "AO_1003"))
          OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
              OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031002") ATU("2"))
                  OBJ("AO_1003", "", REF("audioPackFormat", "AP_00011003") ATU("3"))
                      PACK("1001", PCH("1001")) PACK("1002", PCH("1002"))
                          CHAN("1001", BLK("1001", "1", "", "%s")) CHAN("1002",
                                                                        BLK("1002", "1", "", "%s"))
                              DS_PACK("3", DS_BLK("3", "<speakerLabel>X</speakerLabel>%s"
                                                       "<position coordinate=\"elevation\">0"
                                                       "</position><position coordinate="
                                                       "\"azimuth\" bound=\"min\">-40</position>"
                                                       "<position coordinate=\"azimuth\" "
                                                       "bound=\"max\">40</position>")),
      screen, polar, cart, ds);
  foreign(path, "ITU-R_BS.2076-2", 3, ap, body, 4800);
  free(body), free(polar), free(cart);
}

/* screenEdgeLock played as BS.2127 plays it: each locked position at the
 * default screen's edge, the file rendered into 5.1 as the same file with
 * the positions written there (within float rounding), the bed channel
 * into R (at C without its lock); the EAR's render the same where
 * SP_EAR_DIR names it; into LCR (VBAP) too. Read, the blocks and the
 * speaker carry the locks. */
Test(admforeign, screen_edge_lock_moves_objects_and_speakers_to_the_screens_edges)
{
  char *dir = tu_tmpdir(), *locked = tu_path(dir, "locked.wav"), *moved = tu_path(dir, "moved.wav");
  screen_file(locked, false);
  screen_file(moved, true);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(locked, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f);
  cr_assert_eq(m.n_objects, 2);
  cr_expect(m.objects[0].blocks[0].edge_h == SP_BS2127_EDGE_LEFT &&
            m.objects[0].blocks[0].edge_v == SP_BS2127_EDGE_TOP);
  cr_expect(m.objects[1].blocks[0].edge_h == SP_BS2127_EDGE_RIGHT &&
            m.objects[1].blocks[0].edge_v == SP_BS2127_EDGE_NONE);
  cr_expect(m.speakers[0].edge_h == SP_BS2127_EDGE_RIGHT && m.speakers[0].bounded);
  sp_adm_fini(&m);
  static float a[6][4800], b[6][4800];
  render_51(locked, a);
  render_51(moved, b);
  for (int64_t i = 0; i < 4800; i++)
    for (int c = 0; c < 6; c++)
      cr_assert(fabs(a[c][i] - b[c][i]) < 1e-6, "frame %lld channel %d: %.9f, at the edges %.9f",
                (long long)i, c, (double)a[c][i], (double)b[c][i]);
  /* the bed channel (track 3, the file's third: foreign_sample(2, i)) in R
   * alone, C silent of it: the objects are elsewhere */
  double in_c = 0;
  for (int64_t i = 0; i < 4800; i++)
    in_c = fmax(in_c, fabs(a[2][i]));
  cr_expect(in_c < 0.2, "C peaks at %g", in_c);
  ear_agrees(locked, a);
  /* into LCR (no BS.2127 layout: VBAP), the locks too */
  const sp_layout *lcr = sp_layout_find("LCR");
  float *pa[3] = {a[0], a[1], a[2]}, *pb[3] = {b[0], b[1], b[2]};
  const char *paths[2] = {locked, moved};
  float **outs[2] = {pa, pb};
  for (int k = 0; k < 2; k++) {
    sp_source *src;
    cr_assert_eq(sp_adm_source_open(paths[k], lcr, false, 48000, 0, &src, why, sizeof why), SP_OK,
                 "%s", why);
    cr_assert_eq(src->ops->read(src, outs[k], 4800, why, sizeof why), SP_OK, "%s", why);
    src->ops->close(src);
  }
  for (int64_t i = 0; i < 4800; i++)
    for (int c = 0; c < 3; c++)
      cr_assert(fabs(a[c][i] - b[c][i]) < 1e-6, "LCR frame %lld channel %d: %.9f, %.9f",
                (long long)i, c, (double)a[c][i], (double)b[c][i]);
  tu_rmtree(dir);
  free(locked), free(moved), free(dir);
}

/* A screenEdgeLock BS.2076-2 has not (top on an azimuth, left on a
 * distance, on a DirectSpeakers bound, a value of none of its four) is
 * refused, naming the block and the rule, as the EAR refuses it. */
Test(admforeign, a_screen_edge_lock_bs2076_has_not_is_refused)
{
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      "<position coordinate=\"azimuth\" screenEdgeLock=\"top\">0</position>"
                      "<position coordinate=\"elevation\">0</position>")),
       "object 'p1001' block AB_00031001_00000001: a screenEdgeLock 'top' on its azimuth; "
       "BS.2076-2 has left or right on an azimuth or X"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      "<position coordinate=\"azimuth\">0</position><position "
                      "coordinate=\"elevation\">0</position><position coordinate=\"distance\" "
                      "screenEdgeLock=\"left\">1</position>")),
       "a screenEdgeLock 'left' on its distance"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      "<position coordinate=\"azimuth\" screenEdgeLock=\"centre\">0</position>"
                      "<position coordinate=\"elevation\">0</position>")),
       "a screenEdgeLock 'centre' on its azimuth"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f);
      sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
    const char *ear = tu_ear_dir();
    char *said = NULL, *out = tu_path(dir, "e.wav");
    if (ear)
      cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR renders it", k);
    free(said), free(out);
  }
  /* on a DirectSpeakers channel's bound */
  static const char *const ap[] = {"AP_00011001"};
  foreign(path, "ITU-R_BS.2076-2", 1, ap,
          APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                               REF("audioObject", "AO_1001"))
              OBJ("AO_1001", "", REF("audioPackFormat", "AP_00011001") ATU("1")) DS_PACK(
                  "1", DS_BLK("1", "<speakerLabel>X</speakerLabel>" POLAR(
                                       "10", "0") "<position coordinate=\"azimuth\" bound=\"min\" "
                                                  "screenEdgeLock=\"left\">0</position>")),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "bed track 1 (AC_00031001): a screenEdgeLock on its azimuth bound=\"min\"; "
                        "BS.2076-2 has"),
            "%s", why);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A DirectSpeakers bed of n channels in one pack of the file's own
 * (AP_00011001), channel k AC_0003100k+1 named c[k].name, its block of
 * speakerLabel c[k].label (NULL: none) and position c[k].pos, and extra
 * (its frequency) before it; one audioObject holds its n tracks. */
typedef struct ds_chan {
  const char *label, *pos, *freq;
} ds_chan;

static char *ds_bed_body(const ds_chan *c, int n)
{
  char *refs = sp_xstrdup(""), *atus = sp_xstrdup(""), *chans = sp_xstrdup("");
  for (int k = 0; k < n; k++) {
    char *r = sp_xasprintf("%s<audioChannelFormatIDRef>AC_0003%04x</audioChannelFormatIDRef>", refs,
                           0x1001 + k);
    char *a = sp_xasprintf("%s<audioTrackUIDRef>ATU_%08x</audioTrackUIDRef>", atus, k + 1);
    char *ch = sp_xasprintf(
        "%s<audioChannelFormat audioChannelFormatID=\"AC_0003%04x\" audioChannelFormatName="
        "\"c%d\" typeDefinition=\"DirectSpeakers\">%s<audioBlockFormat audioBlockFormatID="
        "\"AB_0003%04x_00000001\">%s%s%s%s</audioBlockFormat></audioChannelFormat>",
        chans, 0x1001 + k, k, c[k].freq ? c[k].freq : "", 0x1001 + k,
        c[k].label ? "<speakerLabel>" : "", c[k].label ? c[k].label : "",
        c[k].label ? "</speakerLabel>" : "", c[k].pos);
    free(refs), free(atus), free(chans);
    refs = r, atus = a, chans = ch;
  }
  char *body = sp_xasprintf(
      APR("APR_1001", REF("audioContent", "ACO_1001"))
          ACO("ACO_1001",
              REF("audioObject",
                  "AO_1001")) "<audioObject audioObjectID=\"AO_1001\" "
                              "audioObjectName=\"bed\"><audioPackFormatIDRef>"
                              "AP_00011001</audioPackFormatIDRef>%s</audioObject><audioPackFormat "
                              "audioPackFormatID=\"AP_00011001\" audioPackFormatName=\"bed\" "
                              "typeDefinition=\"DirectSpeakers\">%s</audioPackFormat>%s",
      atus, refs, chans);
  free(refs), free(atus), free(chans);
  return body;
}

/* Its file: the bed of n channels, 4800 frames, BS.2076-2. */
static void ds_bed_file(const char *path, const ds_chan *c, int n)
{
  const char *ap[16];
  for (int k = 0; k < n; k++)
    ap[k] = "AP_00011001";
  char *body = ds_bed_body(c, n);
  foreign(path, "ITU-R_BS.2076-2", n, ap, body, 4800);
  free(body);
}

/* path rendered into l (a region's source), 4800 frames, into out[l->n]. */
static void render_into(const char *path, const sp_layout *l, float (*out)[4800])
{
  char why[512] = "";
  float *po[SP_MAX_CHANNELS];
  for (int c = 0; c < l->n; c++)
    po[c] = out[c];
  sp_source *src;
  cr_assert_eq(sp_adm_source_open(path, l, false, 48000, 0, &src, why, sizeof why), SP_OK, "%s",
               why);
  cr_assert_eq(src->ops->read(src, po, 4800, why, sizeof why), SP_OK, "%s", why);
  src->ops->close(src);
}

#define AZEL(az, el)                                                                               \
  "<position coordinate=\"azimuth\">" az "</position><position coordinate=\"elevation\">" el       \
  "</position>"
#define XYZ3(x, y, z)                                                                              \
  "<cartesian>1</cartesian><position coordinate=\"X\">" x "</position><position "                  \
  "coordinate=\"Y\">" y "</position><position coordinate=\"Z\">" z "</position>"
#define LOWPASS "<frequency typeDefinition=\"lowPass\">120</frequency>"

/* Plain beds as other tools write them (issue 87), each read as its layout
 * and played channel for channel, as BS.2127 plays them: a 5.1 labelled L
 * R C LFE Ls Rs at BS.2051's positions, its LFE labelled Sub and marked by
 * its lowPass alone; a Cartesian 7.1 labelled L .. Rrs at the room's
 * corners and sides; a 7.1.4 of BS.2051's labels (U+045 .. U-135) in
 * another order. Into its own layout each track plays from its speaker
 * alone; into 5.1 the EAR's render the same where SP_EAR_DIR names it. */
Test(admforeign, plain_beds_are_recognised_by_position_label_and_band)
{
  static const ds_chan b51[] = {{"L", AZEL("30", "0"), NULL},   {"R", AZEL("-30", "0"), NULL},
                                {"C", AZEL("0", "0"), NULL},    {"Sub", AZEL("0", "-30"), LOWPASS},
                                {"Ls", AZEL("110", "0"), NULL}, {"Rs", AZEL("-110", "0"), NULL}};
  static const ds_chan b71[] = {
      {"L", XYZ3("-1", "1", "0"), NULL},    {"R", XYZ3("1", "1", "0"), NULL},
      {"C", XYZ3("0", "1", "0"), NULL},     {"LFE", XYZ3("-1", "1", "-1"), LOWPASS},
      {"Ls", XYZ3("-1", "0", "0"), NULL},   {"Rs", XYZ3("1", "0", "0"), NULL},
      {"Lrs", XYZ3("-1", "-1", "0"), NULL}, {"Rrs", XYZ3("1", "-1", "0"), NULL}};
  static const ds_chan b714[] = {
      {"M+030", AZEL("30", "0"), NULL},   {"M-030", AZEL("-30", "0"), NULL},
      {"M+000", AZEL("0", "0"), NULL},    {"LFE1", AZEL("0", "-30"), LOWPASS},
      {"M+090", AZEL("90", "0"), NULL},   {"M-090", AZEL("-90", "0"), NULL},
      {"M+135", AZEL("135", "0"), NULL},  {"M-135", AZEL("-135", "0"), NULL},
      {"U+045", AZEL("45", "30"), NULL},  {"U-045", AZEL("-45", "30"), NULL},
      {"U+135", AZEL("135", "30"), NULL}, {"U-135", AZEL("-135", "30"), NULL}};
  static const struct {
    const char *layout;
    const ds_chan *c;
    int n;
    int chan[12]; /* the layout's channel of each track */
  } beds[] = {
      {"5.1", b51, 6, {0, 1, 2, 3, 4, 5}},
      {"7.1", b71, 8, {0, 1, 2, 3, 6, 7, 4, 5}}, /* 7.1 is L R C LFE Lrs Rrs Ls Rs */
      {"7.1.4", b714, 12, {0, 1, 2, 3, 6, 7, 4, 5, 8, 9, 10, 11}},
  };
  char *dir = tu_tmpdir();
  for (size_t b = 0; b < sizeof beds / sizeof beds[0]; b++) {
    char *path = sp_xasprintf("%s/bed%zu.wav", dir, b);
    ds_bed_file(path, beds[b].c, beds[b].n);
    const sp_layout *l = sp_layout_find(beds[b].layout);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s: %s", l->name, why);
    sp_adm_close(f);
    cr_expect(m.n_beds == 1 && m.beds[0] == l, "%s: %zu beds, the first %s", l->name, m.n_beds,
              m.n_beds ? m.beds[0]->name : "-");
    sp_adm_fini(&m);
    static float got[SP_MAX_CHANNELS][4800];
    render_into(path, l, got);
    for (int k = 0; k < beds[b].n; k++)
      for (int c = 0; c < l->n; c++)
        for (int64_t i = 0; i < 4800; i += 7) {
          const double want = c == beds[b].chan[k] ? foreign_sample(k, i) : -1;
          if (want != -1)
            cr_assert(fabs(got[c][i] - want) < 1e-6, "%s track %d into %s frame %lld: %.9f, %.9f",
                      l->name, k + 1, l->ch[c].name, (long long)i, (double)got[c][i], want);
        }
    for (int c = 0; c < l->n; c++) { /* each channel its one track alone */
      int k = 0;
      while (k < beds[b].n && beds[b].chan[k] != c)
        k++;
      cr_assert_lt(k, beds[b].n);
    }
    static float g51[6][4800];
    render_51(path, g51);
    ear_agrees(path, g51);
    free(path);
  }
  tu_rmtree(dir);
  free(dir);
}

/* DirectSpeakers channels that are no layout's (a bed of L, R and an LFE
 * by its band) play each as its speaker, as BS.2127 plays any; a block's
 * gain plays (0.5 on R); a track the chna gives no UID is in no object and
 * plays nothing, as in the EAR; the EAR's render the same where
 * SP_EAR_DIR names it. */
Test(admforeign, any_direct_speakers_channel_plays_as_its_speaker)
{
  static const ds_chan c[] = {{"L", AZEL("30", "0"), NULL},
                              {"R", AZEL("-30", "0") "<gain>0.5</gain>", NULL},
                              {NULL, AZEL("45", "-30"), LOWPASS}};
  char *dir = tu_tmpdir(), *path = tu_path(dir, "21.wav");
  static const char *const ap[] = {"AP_00011001", "AP_00011001", "AP_00011001"};
  char *body = ds_bed_body(c, 3);
  foreign_of(path, "ITU-R_BS.2076-2", 3, NULL, 4, ap, body, 4800); /* a fourth track, no UID */
  free(body);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f);
  cr_expect_eq(m.tracks, 3);
  cr_expect(m.n_beds == 3 && m.beds[0] == sp_layout_find("mono"), "%zu beds", m.n_beds);
  cr_expect(m.speakers[1].gain == 0.5 && m.speakers[2].lfe_band);
  sp_adm_fini(&m);
  static float got[6][4800];
  render_51(path, got);
  ear_agrees(path, got);
  for (int64_t i = 0; i < 4800; i++)
    for (int ch = 0; ch < 6; ch++) { /* L R C LFE Ls Rs */
      const double want = ch == 0   ? foreign_sample(0, i)
                          : ch == 1 ? 0.5 * foreign_sample(1, i)
                          : ch == 3 ? foreign_sample(2, i)
                                    : 0;
      cr_assert(fabs(got[ch][i] - want) < 1e-6, "frame %lld channel %d: %.9f, %.9f", (long long)i,
                ch, (double)got[ch][i], want);
    }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A DirectSpeakers channel that cannot be played as BS.2127 plays it is
 * refused with the reason: the channel, what it has, what would play.
 * (Two blocks without times, at two places, play the first: the EAR
 * never reaches the second, a_block_without_times_plays_to_the_end_...) */
Test(admforeign, a_bed_channel_that_cannot_play_is_refused_with_the_reason)
{
  static const struct {
    ds_chan c;
    const char *want;
  } cases[] = {
      {{"X", "", NULL},
       "bed track 1 (AC_00031001) block 1: no position (a DirectSpeakers block has an azimuth "
       "and elevation, or an X and Y)"},
      {{"X", AZEL("0", "0") "<gain>zero</gain>", NULL},
       "bed track 1 (AC_00031001) block 1: gain 'zero' is not a number"},
      {{"X", AZEL("0", "0") "<gain gainUnit=\"dBFS\">0</gain>", NULL},
       "block 1: gain's gainUnit 'dBFS' is none of BS.2076's (linear, dB)"},
      {{"X", AZEL("nan", "0"), NULL}, "block 1: position azimuth 'nan' is not a number"},
      /* a band BS.2076 has not (its second lowPass, or one of no number or
       * type, was passed by: an LFE or not by the one that came first) */
      {{"LFE", AZEL("0", "-30"),
        "<frequency typeDefinition=\"lowPass\">120</frequency><frequency "
        "typeDefinition=\"lowPass\">20000</frequency>"},
       "bed track 1 (AC_00031001): a frequency of typeDefinition 'lowPass' and '20000' Hz; "
       "BS.2076 gives a channel one lowPass and one highPass at most, each a number of Hz"},
      {{"LFE", AZEL("0", "-30"), "<frequency typeDefinition=\"lowPass\">low</frequency>"},
       "a frequency of typeDefinition 'lowPass' and 'low' Hz"},
      {{"LFE", AZEL("0", "-30"), "<frequency typeDefinition=\"bandPass\">120</frequency>"},
       "a frequency of typeDefinition 'bandPass' and '120' Hz"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    ds_bed_file(path, &cases[k].c, 1);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f);
      sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
  }
  /* a channel format neither the axml nor BS.2094 has */
  static const ds_chan part = {"X", AZEL("0", "0"), NULL};
  char *body = ds_bed_body(&part, 1);
  static const char *const ap[] = {"AP_00011001"};
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  char *gone = sp_xstrdup(body);
  char *cf = strstr(gone, "<audioChannelFormat ");
  cr_assert_not_null(cf);
  *cf = '\0';
  char *lacking = sp_xasprintf("%s", gone);
  foreign(path, "ITU-R_BS.2076-2", 1, ap, lacking, 4800);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "bed track 1 is AC_00031001, a DirectSpeakers channel its axml does not "
                        "hold and BS.2094's common definitions have not"),
            "%s", why);
  free(body), free(gone), free(lacking);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A bed (DirectSpeakers) channel whose blocks leave part of the file
 * without a block, or place it elsewhere or at another gain block by
 * block, plays as the EBU ADM Renderer plays it: each block from the first
 * frame at or after its rtime to the first at or after its end at its own
 * place and gain (its FixedGains, a step), silence before, between and
 * after them; a gap said as the EAR warns of it (where SP_EAR_DIR names
 * it, it says so, and its render is stemprint's within -120 dBFS).
 * Before, each was refused ("a gap before it ...", "its blocks end at
 * frame 480 of the file's 4800 ... stemprint plays a bed channel over the
 * whole file", "another place, label or gain than its first block's"). */
Test(admforeign, a_bed_channels_blocks_with_gaps_play_as_the_ear_plays_them)
{
#define T(a, d) " rtime=\"00:00:00." a "\" duration=\"00:00:00." d "\""
#define B2(place)                                                                                  \
  "><speakerLabel>X</speakerLabel>" place "</audioBlockFormat><audioBlockFormat "                  \
  "audioBlockFormatID=\"AB_00031001_00000002\""
  static const struct {
    const char *times; /* the block's, and a second block's */
    int64_t on[2][2];  /* the frames C sounds in */
    bool gap;          /* said: a gap between blocks */
    int first;         /* the first block's place: 0 C as the second's, 1 L (30°), 2 C at 0.5 */
  } cases[] = {
      {T("00000", "01000"), {{0, 480}, {0, 0}}, false, 0},
      {T("02000", "08000"), {{960, 4800}, {0, 0}}, false, 0},
      {T("00000", "02000") B2(AZEL("0", "0")) T("05000", "05000"),
       {{0, 960}, {2400, 4800}},
       true,
       0},
      {T("01001", "02001"), {{481, 1441}, {0, 0}}, false, 0},
      {T("00000", "02000") B2(AZEL("0", "0")) T("02000", "08000"), {{0, 4800}, {0, 0}}, false, 0},
      {T("00000", "02000") B2(AZEL("30", "0")) T("02000", "08000"),
       {{960, 4800}, {0, 0}},
       false,
       1},
      {T("00000", "02000") B2(AZEL("0", "0") "<gain>0.5</gain>") T("03000", "07000"),
       {{1440, 4800}, {0, 0}},
       true,
       2},
      /* a first block of no frame at L, then C over the whole file: C alone */
      {T("00000", "00000") B2(AZEL("30", "0")) T("00000", "10000"), {{0, 4800}, {0, 0}}, false, 0},
  };
#undef T
#undef B2
  char *dir = tu_tmpdir(), *path = tu_path(dir, "g.wav");
  static const ds_chan c = {"X", AZEL("0", "0"), NULL};
  char *body = ds_bed_body(&c, 1);
  const char *at = strstr(body, "\"AB_00031001_00000001\"");
  cr_assert_not_null(at);
  at += strlen("\"AB_00031001_00000001\"");
  static const char *const ap[] = {"AP_00011001"};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    /* the second block, where there is one, at the first's place */
    char *timed = sp_xasprintf("%.*s%s%s", (int)(at - body), body, cases[k].times, at);
    foreign(path, "ITU-R_BS.2076-2", 1, ap, timed, 4800);
    free(timed);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect(!cases[k].gap == !strstr(m.refused, "ends before the next block starts, which the "
                                                  "EBU ADM Renderer warns of"),
              "case %zu: '%s'", k, m.refused);
    sp_adm_close(f), sp_adm_fini(&m);
    static float got[6][4800];
    render_51(path, got);
    for (int64_t i = 0; i < 4800; i++) {
      const bool on = (i >= cases[k].on[0][0] && i < cases[k].on[0][1]) ||
                      (i >= cases[k].on[1][0] && i < cases[k].on[1][1]);
      /* the first block's 960 frames elsewhere, or at another gain */
      const bool before = cases[k].first && i < 960;
      const double want = on ? foreign_sample(0, i) : 0,
                   in_c = before && cases[k].first == 2 ? 0.5 * foreign_sample(0, i) : want,
                   in_l = before && cases[k].first == 1 ? foreign_sample(0, i) : 0;
      if (fabs(got[2][i] - in_c) > 1e-6 || fabs(got[0][i] - in_l) > 1e-6) {
        cr_expect_fail("case %zu frame %lld: C %.9f, want %.9f; L %.9f, want %.9f", k, (long long)i,
                       (double)got[2][i], in_c, (double)got[0][i], in_l);
        break;
      }
    }
    ear_agrees(path, got);
  }
  free(body);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A jump's interpolationLength longer than its block, a block that ends
 * after its audioObject, one UID the chna gives two tracks: refused with
 * the reason (the EAR refuses each, where SP_EAR_DIR names it); an
 * interpolationLength as long as its block, and a UID the chna names twice
 * on one track (one track, played once), play. */
Test(admforeign, what_bs2076_2_and_the_ear_refuse_is_refused_with_the_reason)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "v.wav"), *out = tu_path(dir, "e.wav");
  const char *ear = tu_ear_dir();
  static const struct {
    const char *body, *want;
  } bad[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                      POLAR("0", "0"))
                      BLK("1001", "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"",
                          POLAR("30", "0") "<jumpPosition interpolationLength=\"0.06\">1"
                                           "</jumpPosition>")),
       "object 'p1001' block AB_00031001_00000002: an interpolationLength of 0.06 s, longer than "
       "the block (0.05 s)"},
      {ONE_OBJECT("AO_1001", " duration=\"00:00:00.05000\"", "",
                  BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.06000\"",
                      POLAR("0", "0"))),
       "object 'p1001' block AB_00031001_00000001 ends at 0.060000 s, after its audioObject "
       "AO_1001 does (0.050000 s"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, bad[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, bad[k].want), "case %zu: '%s' does not say '%s'", k, why, bad[k].want);
    char *said = NULL;
    if (ear)
      cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR renders it", k);
    free(said);
  }
  /* as long as its block: plays, as in the EAR */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                         POLAR("0", "0"))
                         BLK("1001", "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"",
                             POLAR("30", "0") "<jumpPosition interpolationLength=\"0.05\">1"
                                              "</jumpPosition>")),
          4800);
  static float got[6][4800];
  render_51(path, got);
  ear_agrees(path, got);
  /* one UID on tracks 1 and 2; then twice on track 1 */
  static const char *const ap[] = {"AP_00031001", "AP_00031001"};
  static const int two[] = {0, 1};
  /* the second track's stream's channel format held (the EAR refuses a
   * stream that refers to one the axml does not hold) */
  char *body = sp_xstrdup(ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0")))
                              CHAN("1002", BLK("1002", "1", "", POLAR("0", "0"))));
  for (int pass = 0; pass < 2; pass++) {
    static const int once[] = {0, 0};
    foreign_of(path, "ITU-R_BS.2076-2", 2, pass ? once : two, 2, ap, body, 4800);
    /* the chna's second UID made the first's (ATU_00000001) */
    FILE *fp = fopen(path, "r+b");
    cr_assert_not_null(fp);
    static uint8_t head[4096];
    const size_t n = fread(head, 1, sizeof head, fp);
    uint8_t *second = NULL;
    for (size_t i = 0; i + 12 <= n && !second; i++)
      if (memcmp(head + i, "ATU_00000002", 12) == 0)
        second = head + i;
    cr_assert_not_null(second);
    fseek(fp, (long)(second - head), SEEK_SET);
    cr_assert_eq(fwrite("ATU_00000001", 1, 12, fp), 12u);
    cr_assert_eq(fclose(fp), 0);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    const sp_err err = sp_adm_open(path, &f, &m, why, sizeof why);
    if (pass == 0) {
      cr_expect_neq(err, SP_OK);
      cr_expect(strstr(why, "its chna gives UID ATU_00000001 to tracks 1 and 2; a UID is one "
                            "track's"),
                "%s", why);
      char *said = NULL;
      if (ear)
        cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "the EAR renders it");
      free(said);
    } else {
      cr_assert_eq(err, SP_OK, "%s", why);
      cr_expect(m.tracks == 1 && m.n_objects == 1, "%d tracks", m.tracks);
      sp_adm_close(f), sp_adm_fini(&m);
    }
  }
  free(body);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* The file at path refused, saying want (case k). */
static void refused_saying(const char *path, const char *want, size_t k)
{
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "";
  if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
    cr_expect_fail("case %zu opened", k);
    sp_adm_close(f), sp_adm_fini(&m);
  }
  cr_expect(strstr(why, want), "case %zu: '%s' does not say '%s'", k, why, want);
}

/* The BS.2076-2 file of one track (foreign's, pack AP_00031001) of axml
 * body at path refused, saying want (case k), and the EAR's render of it
 * into out refused too where SP_EAR_DIR names it. */
static void refused_as_by_the_ear(const char *path, const char *out, const char *body,
                                  const char *want, size_t k)
{
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 4800);
  refused_saying(path, want, k);
  const char *ear = tu_ear_dir();
  char *said = NULL;
  if (ear)
    cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR renders it", k);
  free(said);
}

/* The file at path rendered into 5.1 (render_51) with its track (the
 * first of foreign's) at gain in L, as the EAR renders it where
 * SP_EAR_DIR names it. */
static void plays_in_l(const char *path, double gain)
{
  static float got[6][4800];
  render_51(path, got);
  cr_expect_float_eq(got[0][100], gain * foreign_sample(0, 100), 1e-6, "%s: L %g", path,
                     got[0][100]);
  ear_agrees(path, got);
}

/* One object whose pack and channel format have attributes pt and ct
 * (their kinds), more elements after them. */
#define KIND_FILE(pt, ct, more)                                                                    \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                                 \
  ACO("ACO_1001", REF("audioObject", "AO_1001"))                                                   \
  OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))                               \
  "<audioPackFormat audioPackFormatID=\"AP_00031001\" audioPackFormatName=\"p1001\"" pt            \
  ">" PCH("1001") "</audioPackFormat><audioChannelFormat audioChannelFormatID=\"AC_00031001\" "    \
                  "audioChannelFormatName=\"c1001\"" ct                                            \
                  ">" BLK("1001", "1", "", POLAR("30", "0")) "</audioChannelFormat>" more
#define OBJECTS " typeDefinition=\"Objects\""

/* A pack or channel format of no kind BS.2076 has (a typeDefinition or
 * typeLabel of none, the two not alike, neither), a pack that holds a
 * channel or pack of another kind, an Objects channel with a frequency:
 * refused naming the element, as the EAR refuses each (where SP_EAR_DIR
 * names it), played or not. Before, each played, the kinds passed by
 * (a channel's typeLabel and a frequency on an object let go by the
 * table), and a pack of a typeLabel alone, which the EAR plays, was
 * refused as 'not an Objects pack': it plays, as the same file with
 * typeDefinitions does. */
Test(admforeign, kinds_bs2076_has_not_are_refused)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "k.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body, *want;
  } bad[] = {
      {KIND_FILE(" typeDefinition=\"objects\"", OBJECTS, ""),
       "audioPackFormat AP_00031001 (axml line 1): typeDefinition 'objects'; BS.2076 has "
       "typeDefinition DirectSpeakers, Matrix, Objects, HOA or Binaural"},
      {KIND_FILE(" typeLabel=\"0009\"" OBJECTS, OBJECTS, ""),
       "audioPackFormat AP_00031001 (axml line 1): typeDefinition 'Objects' and typeLabel '0009'"},
      {KIND_FILE("", OBJECTS, ""),
       "audioPackFormat AP_00031001 (axml line 1): no typeDefinition or typeLabel"},
      {KIND_FILE(OBJECTS, "", ""),
       "audioChannelFormat AC_00031001 (axml line 1): no typeDefinition or typeLabel"},
      {KIND_FILE(OBJECTS, " typeLabel=\"0001\"" OBJECTS, ""),
       "audioChannelFormat AC_00031001 (axml line 1): typeDefinition 'Objects' and typeLabel "
       "'0001'"},
      {KIND_FILE(OBJECTS, OBJECTS "><frequency typeDefinition=\"lowPass\">200</frequency", ""),
       "audioChannelFormat AC_00031001 (axml line 1): an Objects channel with a frequency (line "
       "1); BS.2076 gives a DirectSpeakers channel alone a band"},
      {KIND_FILE(OBJECTS, OBJECTS,
                 "<audioPackFormat audioPackFormatID=\"AP_00011fff\" audioPackFormatName=\"d\" "
                 "typeDefinition=\"DirectSpeakers\">" PCH("1001") "</audioPackFormat>"),
       "audioPackFormat AP_00011fff (axml line 1), of kind DirectSpeakers, holds "
       "audioChannelFormat AC_00031001 (line 1) of kind Objects"},
      {KIND_FILE(OBJECTS "><audioPackFormatIDRef>AP_00011fff</audioPackFormatIDRef", OBJECTS,
                 "<audioPackFormat audioPackFormatID=\"AP_00011fff\" audioPackFormatName=\"d\" "
                 "typeDefinition=\"DirectSpeakers\"></audioPackFormat>"),
       "audioPackFormat AP_00031001 (axml line 1), of kind Objects, holds audioPackFormat "
       "AP_00011fff (line 1) of kind DirectSpeakers"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  /* a kind by its typeLabel alone (0003, or 3), or both alike: the same render */
  static float want[6][4800], got[6][4800];
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, KIND_FILE(OBJECTS, OBJECTS, ""), 4800);
  render_51(path, want);
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          KIND_FILE(" typeLabel=\"0003\"", " typeLabel=\"3\" typeDefinition=\"Objects\"", ""),
          4800);
  render_51(path, got);
  cr_expect_arr_eq(got, want, sizeof got);
  cr_expect_gt(fabsf(got[0][100]), 0.01f, "the object at 30 degrees, in L");
  ear_agrees(path, got);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A pack that refers to a channel format or a pack twice, or holds
 * itself (at once or through another): refused naming the pack, as the
 * EAR refuses each (validate.py's multitree check; where SP_EAR_DIR names
 * it). Before, each played: a channel said twice once, a loop taken as
 * holding the track. */
Test(admforeign, a_pack_that_holds_a_channel_twice_or_itself_is_refused)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "p.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body, *want;
  } bad[] = {
      {KIND_FILE(OBJECTS "><audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef", OBJECTS,
                 ""),
       "audioPackFormat AP_00031001 (axml line 1) refers to AC_00031001 twice "
       "(<audioChannelFormatIDRef>, line 1)"},
      {KIND_FILE(OBJECTS "><audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef", OBJECTS, ""),
       "audioPackFormat AP_00031001 (axml line 1) holds itself"},
      {KIND_FILE(OBJECTS "><audioPackFormatIDRef>AP_00031002</audioPackFormatIDRef", OBJECTS,
                 "<audioPackFormat audioPackFormatID=\"AP_00031002\" audioPackFormatName=\"q\" "
                 "typeDefinition=\"Objects\">" REF("audioPackFormat",
                                                   "AP_00031001") "</audioPackFormat>"),
       "audioPackFormat AP_00031001 (axml line 1) holds itself"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* One object at 30 degrees whose audioObject refers to the packs refs,
 * more elements after. */
#define PACKS_FILE(refs, more)                                                                     \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                                 \
  ACO("ACO_1001", REF("audioObject", "AO_1001"))                                                   \
  OBJ("AO_1001", "", refs ATU("1"))                                                                \
  PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))) more
#define SPARE_PACK PACK("1002", PCH("1002")) CHAN("1002", BLK("1002", "1", "", POLAR("0", "0")))

/* An audioObject played that refers to a pack none of its tracks is of,
 * or to none of its tracks' packs (or to no pack): refused naming the
 * object, the track and the packs, as the EAR refuses it (it gives an
 * object's packs its tracks, and fails: where SP_EAR_DIR names it).
 * Before, each played, the object's references passed by (the table let
 * them go: "which BS.2076 has the object's agree with"). */
Test(admforeign, an_object_whose_packs_are_not_its_tracks_is_refused)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "o.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body, *want;
  } bad[] = {
      {PACKS_FILE(REF("audioPackFormat", "AP_00031002"), SPARE_PACK),
       "audioObject AO_1001 (axml line 1) refers to the pack AP_00031002, which none of its "
       "tracks is of; BS.2076 has an object refer to the packs of its tracks"},
      {PACKS_FILE(REF("audioPackFormat", "AP_00031001") REF("audioPackFormat", "AP_00031002"),
                  SPARE_PACK),
       "audioObject AO_1001 (axml line 1) refers to the pack AP_00031002, which none of its "
       "tracks is of"},
      {PACKS_FILE("", ""),
       "audioObject AO_1001 (axml line 1) holds track 1, of the pack AP_00031001, and refers to "
       "no pack"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  /* its tracks' pack, in another case: plays, as in the EAR */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          PACKS_FILE(REF("audioPackFormat", "ap_00031001"), SPARE_PACK), 4800);
  plays_in_l(path, 1);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A DirectSpeakers block is Cartesian by its coordinates (X, Y, Z), as
 * the EAR reads it, whatever a <cartesian> says (BS.2076 gives that to an
 * Objects block; the EAR reads none on a DirectSpeakers one): a polar
 * position under <cartesian>1, and X, Y, Z under <cartesian>0 or 'yes',
 * play. Before, each was refused ('a position of coordinate 'azimuth',
 * where a Cartesian block (cartesian 1) has X, Y and Z'). */
Test(admforeign, a_direct_speakers_block_is_cartesian_by_its_coordinates)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav");
  static const char *const ds[] = {"AP_00011001"};
  static const struct {
    const char *body;
    int speaker; /* 5.1's channel it plays in */
  } cases[] = {
      {"<cartesian>1</cartesian>" POLAR("110", "0"), 4},
      {"<cartesian>0</cartesian><position coordinate=\"X\">1</position><position "
       "coordinate=\"Y\">1</position><position coordinate=\"Z\">0</position>",
       1},
      {"<cartesian>yes</cartesian><position coordinate=\"X\">-1</position><position "
       "coordinate=\"Y\">1</position><position coordinate=\"Z\">0</position>",
       0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *body =
        sp_xasprintf(APR("APR_1001", REF("audioContent", "ACO_1001"))
                         ACO("ACO_1001", REF("audioObject", "AO_1001"))
                             OBJ("AO_1001", "", REF("audioPackFormat", "AP_00011001") ATU("1"))
                                 DS_PACK("1", DS_BLK("1", "%s")),
                     cases[k].body);
    foreign(path, "ITU-R_BS.2076-2", 1, ds, body, 4800);
    static float got[6][4800];
    render_51(path, got);
    for (int c = 0; c < 6; c++)
      cr_expect_float_eq(got[c][100], c == cases[k].speaker ? foreign_sample(0, 100) : 0, 1e-6,
                         "case %zu: channel %d %g", k, c, got[c][100]);
    ear_agrees(path, got);
    free(body);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* An Objects block whose position is of the other kind than its
 * <cartesian> says (X, Y and Z with none, BS.2076's default 0, or 0
 * written; azimuth and elevation under <cartesian>1) is refused, as the
 * EAR refuses it (select_items/validate.py's _validate_objects_channels:
 * 'mismatch between cartesian element and coordinate type'; its flag
 * would pick the panner: gain_calc.py), its fix said: the flag to write.
 * One in a channel format no pack holds is refused all the same (the EAR
 * checks every Objects channel format). The flag and position agreeing,
 * each plays in L. Before, each refusal named the coordinate alone
 * ('a position of coordinate 'X', where a polar block (cartesian 0) has
 * azimuth, elevation and distance'), no fix. */
Test(admforeign, a_block_whose_position_is_not_of_its_cartesian_is_refused_with_the_flag_to_write)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "c.wav"), *out = tu_path(dir, "ear.wav");
#define XYZ_BARE(x, y)                                                                             \
  "<position coordinate=\"X\">" x "</position><position coordinate=\"Y\">" y "</position>"         \
  "<position coordinate=\"Z\">0</position>"
  static const struct {
    const char *body, *want;
  } bad[] = {
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", XYZ_BARE("-1", "1"))),
       "object 'p1001' block AB_00031001_00000001: a Cartesian position (X, Y, Z) in a block "
       "without <cartesian>, which BS.2076 makes polar (cartesian 0), and the EBU ADM Renderer "
       "refuses it too ('mismatch between cartesian element and coordinate type'): write "
       "<cartesian>1</cartesian> in the block, or its position as azimuth and elevation"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", "<cartesian>0</cartesian>" XYZ_BARE("-1", "1"))),
       "object 'p1001' block AB_00031001_00000001: a Cartesian position (X, Y, Z) in a block "
       "of <cartesian>0</cartesian> (polar), and the EBU ADM Renderer refuses it too"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", "<cartesian>1</cartesian>" POLAR("30", "0"))),
       "object 'p1001' block AB_00031001_00000001: a polar position (azimuth, elevation, "
       "distance) in a block of <cartesian>1</cartesian> (Cartesian), and the EBU ADM Renderer "
       "refuses it too ('mismatch between cartesian element and coordinate type'): write "
       "<cartesian>0</cartesian> in the block, or its position as X, Y and Z"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
           CHAN("1009", BLK("1009", "1", "", XYZ_BARE("-1", "1"))),
       "block AB_00031009_00000001 (axml line 1): a Cartesian position (X, Y, Z) in a block "
       "without <cartesian>"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  /* agreeing, each plays in L (30 degrees; X -1, Y 1) */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "1", "", "<cartesian>1</cartesian>" XYZ_BARE("-1", "1"))),
          4800);
  plays_in_l(path, 1);
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "1", "", "<cartesian>0</cartesian>" POLAR("30", "0"))),
          4800);
  plays_in_l(path, 1);
#undef XYZ_BARE
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* One object at 30 degrees, its programme's attributes pa and elements
 * pe, its content's elements ce, its own attributes oa, its block's
 * elements be. */
#define VALUES_FILE(pa, pe, ce, oa, be)                                                            \
  "<audioProgramme audioProgrammeID=\"APR_1001\" audioProgrammeName=\"p\"" pa                      \
  ">" pe REF("audioContent", "ACO_1001") "</audioProgramme>" ACO("ACO_1001",                       \
                                                                 ce REF("audioObject", "AO_1001")) \
      OBJ("AO_1001", oa, REF("audioPackFormat", "AP_00031001") ATU("1")) PACK("1001", PCH("1001")) \
          CHAN("1001", BLK("1001", "1", "", POLAR("30", "0") be))

/* What changes nothing stemprint plays but the EAR reads all the same
 * (an object's importance, dialogue or interact, a content's dialogue, a
 * programme's start, a loudness, a reference screen's aspectRatio, a
 * block's importance): a value it cannot read is refused naming the
 * element, as the EAR refuses the file (where SP_EAR_DIR names it).
 * Before, each played, nothing said. Values it reads play, nothing said. */
Test(admforeign, values_of_what_plays_nothing_are_read_as_the_ear_reads_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "v.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body, *want;
  } bad[] = {
      {VALUES_FILE("", "", "", " importance=\"high\"", ""),
       "audioObject AO_1001 (axml line 1): importance 'high' is not a whole number"},
      {VALUES_FILE("", "", "", " interact=\"yes\"", ""),
       "audioObject AO_1001 (axml line 1): interact 'yes' is not 0 or 1"},
      {VALUES_FILE("", "", "<dialogue>speech</dialogue>", "", ""),
       "dialogue in audioContent ACO_1001 (axml line 1): 'speech' is not a whole number"},
      {VALUES_FILE(" start=\"later\"", "", "", "", ""),
       "audioProgramme APR_1001 (axml line 1): start 'later' is not a BS.2076 time"},
      {VALUES_FILE("",
                   "<loudnessMetadata><integratedLoudness>loud</integratedLoudness>"
                   "</loudnessMetadata>",
                   "", "", ""),
       "integratedLoudness in loudnessMetadata (axml line 1): 'loud' is not a decimal number"},
      {VALUES_FILE("",
                   "<audioProgrammeReferenceScreen aspectRatio=\"wide\"><screenCentrePosition "
                   "azimuth=\"0\" elevation=\"0\" distance=\"1\"/><screenWidth "
                   "azimuth=\"58\"/></audioProgrammeReferenceScreen>",
                   "", "", ""),
       "audioProgrammeReferenceScreen (axml line 1): aspectRatio 'wide' is not a decimal number"},
      {VALUES_FILE("", "", "", "", "<importance>high</importance>"),
       "object 'p1001' block AB_00031001_00000001: importance 'high' is not a whole number"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  /* read: plays, nothing said */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          VALUES_FILE(" start=\"00:00:00.00000\"",
                      "<loudnessMetadata><integratedLoudness>-23.5</integratedLoudness>"
                      "</loudnessMetadata>",
                      "<dialogue>1</dialogue>", " importance=\"3\" interact=\"0\"",
                      "<importance>10</importance>"),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "", unplayed[256];
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_unplayed_said(&m, unplayed, sizeof unplayed);
  cr_expect_str_empty(unplayed, "'%s'", unplayed);
  sp_adm_close(f), sp_adm_fini(&m);
  plays_in_l(path, 1);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A version the EAR does not read (BS.2076-3, a word) and, in a file of
 * BS.2076-1 or of no version, what BS.2076-2 brought (an audioObject's
 * gain, mute, positionOffset or alternativeValueSet, a programme's
 * alternativeValueSetIDRef, a gain's gainUnit, a DirectSpeakers block's
 * gain, a fractional time): the EAR refuses each (where SP_EAR_DIR names
 * it); stemprint plays it as BS.2076-2 has it, as before, and now says so
 * (m.refused, and check's warning at the track's file). Before, nothing
 * was said. A BS.2076-1 block's gain without a unit and an importance,
 * and a BS.2076-2 file, say nothing. */
Test(admforeign, what_bs2076_2_brought_in_an_earlier_file_is_said)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "v.wav"), *out = tu_path(dir, "e.wav");
  const char *ear = tu_ear_dir();
#define V1_OBJECT(attrs, inner, blocks) ONE_OBJECT("AO_1001", attrs, inner, blocks)
#define V1_BLOCK(times, inner) BLK("1001", "1", times, POLAR("30", "0") inner)
  static const char v1[] = "version 'ITU-R_BS.2076-1', yet it holds what BS.2076-2 brought (";
  static const struct {
    const char *version, *body, *want;
    double gain; /* in L, the object's at 30 degrees */
  } said[] = {
      {"ITU-R_BS.2076-3", V1_OBJECT("", "<gain>0.5</gain>", V1_BLOCK("", "")),
       "its audioFormatExtended says version 'ITU-R_BS.2076-3' (the EAR reads ITU-R_BS.2076-1 "
       "and -2)",
       0.5},
      {"2", V1_OBJECT("", "", V1_BLOCK("", "")),
       "its audioFormatExtended says version '2' (the EAR reads ITU-R_BS.2076-1 and -2)", 1},
      {"ITU-R_BS.2076-1", V1_OBJECT("", "<gain>0.5</gain>", V1_BLOCK("", "")),
       "<gain> in audioObject AO_1001, axml line 1)", 0.5},
      {"ITU-R_BS.2076-1", V1_OBJECT("", "<mute>1</mute>", V1_BLOCK("", "")),
       "<mute> in audioObject AO_1001, axml line 1)", 0},
      {"ITU-R_BS.2076-1",
       V1_OBJECT("", "<positionOffset coordinate=\"azimuth\">10</positionOffset>",
                 V1_BLOCK("", "")),
       "<positionOffset> in audioObject AO_1001, axml line 1)", -1},
      {"ITU-R_BS.2076-1",
       V1_OBJECT("",
                 "<alternativeValueSet alternativeValueSetID=\"AVS_1001_0001\"><gain>0.5</gain>"
                 "</alternativeValueSet>",
                 V1_BLOCK("", "")),
       "<alternativeValueSet> in audioObject AO_1001, axml line 1)", 1},
      {"ITU-R_BS.2076-1",
       APR("APR_1001", REF("audioContent", "ACO_1001") REF("alternativeValueSet", "AVS_1001_0001"))
           ACO("ACO_1001", REF("audioObject", "AO_1001"))
               OBJ("AO_1001", "",
                   REF("audioPackFormat", "AP_00031001") ATU(
                       "1") "<alternativeValueSet alternativeValueSetID=\"AVS_1001_0001\"><gain>0.5"
                            "</gain></alternativeValueSet>") PACK("1001", PCH("1001"))
                   CHAN("1001", V1_BLOCK("", "")),
       "<alternativeValueSetIDRef> in audioProgramme APR_1001, axml line 1; 1 more)", 0.5},
      {"ITU-R_BS.2076-1",
       V1_OBJECT("", "<gain>0.5</gain>", V1_BLOCK("", "<gain gainUnit=\"linear\">0.5</gain>")),
       "<gain> in audioObject AO_1001, axml line 1; 1 more)", 0.25},
      {"ITU-R_BS.2076-1",
       V1_OBJECT("", "",
                 V1_BLOCK(" rtime=\"00:00:00.0S48000\" duration=\"00:00:00.4800S48000\"", "")),
       "a fractional time in audioBlockFormat AB_00031001_00000001, axml line 1)", 1},
      {"ITU-R_BS.2076-1", V1_OBJECT(" start=\"00:00:00.0S48000\"", "", V1_BLOCK("", "")),
       "a fractional time in audioObject AO_1001, axml line 1)", 1},
      {"ITU-R_BS.2076-1",
       APR("APR_1001", REF("audioContent", "ACO_1001"))
           ACO("ACO_1001", REF("audioObject", "AO_1001"))
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00011001") ATU("1"))
                   DS_PACK("1", DS_BLK("1", "<speakerLabel>M+030</speakerLabel>" POLAR(
                                                "30", "0") "<gain>0.5</gain>")),
       "a DirectSpeakers block's gain in audioBlockFormat AB_00031001_00000001, axml line 1)", 0.5},
      /* none said */
      {"ITU-R_BS.2076-1",
       V1_OBJECT(" importance=\"5\"", "",
                 V1_BLOCK("", "<gain>0.5</gain><importance>3</importance>")),
       NULL, 0.5},
      {"ITU-R_BS.2076-2", V1_OBJECT("", "<gain>0.5</gain>", V1_BLOCK("", "")), NULL, 0.5},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    static const char *const ds[] = {"AP_00011001"};
    foreign(path, said[k].version, 1, strstr(said[k].body, "AP_00011001") ? ds : ap1, said[k].body,
            4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    if (!said[k].want)
      cr_expect_str_empty(m.refused, "case %zu: '%s'", k, m.refused);
    else
      cr_expect(strstr(m.refused, said[k].want) &&
                    (strstr(said[k].want, "the EAR reads") || strstr(m.refused, v1)),
                "case %zu: '%s' does not say '%s'", k, m.refused, said[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    static float got[6][4800];
    render_51(path, got);
    if (said[k].gain >= 0) /* as BS.2076-2 has it */
      cr_expect_float_eq(got[0][100], said[k].gain * foreign_sample(0, 100), 1e-6, "case %zu: L %g",
                         k, got[0][100]);
    char *e = NULL;
    if (ear && said[k].want)
      cr_expect_neq(tu_ear_render(ear, path, out, &e), 0, "case %zu: the EAR renders it", k);
    else if (ear)
      ear_agrees(path, got);
    free(e);
  }
  /* check says it at the track's file */
  foreign(path, "ITU-R_BS.2076-1", 1, ap1, V1_OBJECT("", "<gain>0.5</gain>", V1_BLOCK("", "")),
          4800);
  char *recipe = tu_write_text(dir, "v.yaml",
                               "stemprint: 1\ntracks:\n  v: {file: v.wav, layout: 5.1}\n"
                               "master: {layout: 5.1}\n");
  const char *check[] = {"check", recipe, NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "v.wav': its audioFormatExtended says version 'ITU-R_BS.2076-1', yet it "
                        "holds what BS.2076-2 brought (<gain> in audioObject AO_1001, axml line "
                        "1), which the EBU ADM Renderer refuses: stemprint plays it as BS.2076-2 "
                        "has it; write version=\"ITU-R_BS.2076-2\""),
            "%s", err);
  free(err), free(recipe);
#undef V1_OBJECT
#undef V1_BLOCK
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* What BS.2076 requires and an element lacks, each of which the EAR
 * refuses the file for (where SP_EAR_DIR names it: ear/fileio/adm/xml.py's
 * required attributes and elements, FormatDefinition PCM alone): a name, a
 * block's ID, a stream's or track format's formatDefinition (none, or not
 * PCM), onOffInteract, a reference screen's parts, an alternativeValueSet's
 * ID, a block of a channel format nothing plays. stemprint plays the file as before, and now says
 * so (m.refused, the first at its line, the rest counted; check's warning at the track's file, one
 * a note, after the version's). Before, nothing was said. A formatLabel 0001 alone and a whole
 * screen say nothing. */
Test(admforeign, what_bs2076_requires_and_a_file_lacks_is_said)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav"), *out = tu_path(dir, "e.wav");
  const char *ear = tu_ear_dir();
  static const char body[] = ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")));
  static const char tail[] = ": the EBU ADM Renderer refuses the file, stemprint plays it all the "
                             "same; write what BS.2076 requires";
  static const struct {
    const char *old, *new, *want; /* old in body (NULL: its end) written new */
  } lack[] = {
      {" audioObjectName=\"AO_1001\"", "",
       "audioObject AO_1001 (axml line 1) has no audioObjectName, which BS.2076 requires"},
      {" audioProgrammeName=\"APR_1001\"", "",
       "audioProgramme APR_1001 (axml line 1) has no audioProgrammeName"},
      {" audioContentName=\"ACO_1001\"", "",
       "audioContent ACO_1001 (axml line 1) has no audioContentName"},
      {" audioPackFormatName=\"p1001\"", "",
       "audioPackFormat AP_00031001 (axml line 1) has no audioPackFormatName"},
      {" audioChannelFormatName=\"c1001\"", "",
       "audioChannelFormat AC_00031001 (axml line 1) has no audioChannelFormatName"},
      {" audioBlockFormatID=\"AB_00031001_00000001\"", "",
       "audioBlockFormat in audioChannelFormat AC_00031001 (axml line 1) has no "
       "audioBlockFormatID"},
      {NULL,
       "<audioStreamFormat audioStreamFormatID=\"AS_00031fff\" formatDefinition=\"PCM\">" PCH(
           "1001") "</audioStreamFormat>",
       "audioStreamFormat AS_00031fff (axml line 1) has no audioStreamFormatName"},
      {NULL,
       "<audioStreamFormat audioStreamFormatID=\"AS_00031fff\" audioStreamFormatName=\"s\">" PCH(
           "1001") "</audioStreamFormat>",
       "audioStreamFormat AS_00031fff (axml line 1) has no formatDefinition or formatLabel, which "
       "BS.2076 requires (PCM, 0001)"},
      {NULL,
       "<audioTrackFormat audioTrackFormatID=\"AT_00031fff_01\" audioTrackFormatName=\"t\" "
       "formatDefinition=\"MP3\">" REF("audioStreamFormat", "AS_00031001") "</audioTrackFormat>",
       "audioTrackFormat AT_00031fff_01 (axml line 1) has formatDefinition 'MP3', where BS.2076 "
       "has PCM"},
      {NULL,
       "<audioTrackFormat audioTrackFormatID=\"AT_00031fff_01\" audioTrackFormatName=\"t\" "
       "formatLabel=\"0002\">" REF("audioStreamFormat", "AS_00031001") "</audioTrackFormat>",
       "audioTrackFormat AT_00031fff_01 (axml line 1) has formatLabel '0002', where BS.2076 has "
       "0001 (PCM)"},
      {ATU("1"), ATU("1") "<audioObjectInteraction gainInteract=\"1\"/>",
       "audioObjectInteraction in audioObject AO_1001 (axml line 1) has no onOffInteract"},
      {REF("audioContent", "ACO_1001"),
       REF("audioContent", "ACO_1001") "<audioProgrammeReferenceScreen aspectRatio=\"1.78\"/>",
       "audioProgrammeReferenceScreen in audioProgramme APR_1001 (axml line 1) has no "
       "<screenCentrePosition>"},
      {ATU("1"), ATU("1") "<alternativeValueSet><gain>0.5</gain></alternativeValueSet>",
       "alternativeValueSet in audioObject AO_1001 (axml line 1) has no alternativeValueSetID"},
      /* a channel format nothing plays, of no block (the EAR: "missing
       * items: audioBlockFormat"; before, nothing was said of it) */
      {NULL, CHAN("1002", ""),
       "audioChannelFormat AC_00031002 (axml line 1) has no <audioBlockFormat>, which BS.2076 "
       "requires"},
      {" audioProgrammeName=\"APR_1001\">" REF(
           "audioContent", "ACO_1001") "</audioProgramme><audioContent audioContentID=\"ACO_1001\" "
                                       "audioContentName=\"ACO_1001\"",
       ">" REF("audioContent",
               "ACO_1001") "</audioProgramme><audioContent audioContentID=\"ACO_1001\"",
       "audioProgramme APR_1001 (axml line 1) has no audioProgrammeName, which BS.2076 requires; "
       "1 more element lacks what BS.2076 requires"},
      /* none said */
      {NULL,
       "<audioStreamFormat audioStreamFormatID=\"AS_00031fff\" audioStreamFormatName=\"s\" "
       "formatLabel=\"0001\">" REF("audioChannelFormat", "AC_00031001")
           REF("audioTrackFormat",
               "AT_00031fff_01") "</audioStreamFormat>"
                                 "<audioTrackFormat audioTrackFormatID=\"AT_00031fff_01\" "
                                 "audioTrackFormatName=\"t\" "
                                 "formatLabel=\"0001\">" REF("audioStreamFormat",
                                                             "AS_00031fff") "</audioTrackFormat>",
       NULL},
      {REF("audioContent", "ACO_1001"),
       REF("audioContent", "ACO_1001") "<audioProgrammeReferenceScreen aspectRatio=\"1.78\">"
                                       "<screenCentrePosition azimuth=\"0\" elevation=\"0\" "
                                       "distance=\"1\"/><screenWidth azimuth=\"58\"/>"
                                       "</audioProgrammeReferenceScreen>",
       NULL},
  };
  for (size_t k = 0; k < sizeof lack / sizeof lack[0]; k++) {
    const char *at = lack[k].old ? strstr(body, lack[k].old) : body + strlen(body);
    cr_assert(at, "case %zu", k);
    char *b = sp_xasprintf("%.*s%s%s", (int)(at - body), body, lack[k].new,
                           at + (lack[k].old ? strlen(lack[k].old) : 0));
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, b, 4800);
    free(b);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    if (!lack[k].want)
      cr_expect_str_empty(m.refused, "case %zu: '%s'", k, m.refused);
    else
      cr_expect(strstr(m.refused, lack[k].want) && strstr(m.refused, tail),
                "case %zu: '%s' does not say '%s'", k, m.refused, lack[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    static float got[6][4800]; /* as before */
    render_51(path, got);
    cr_expect_float_eq(got[0][100], foreign_sample(0, 100), 1e-6, "case %zu: L %g", k, got[0][100]);
    char *e = NULL;
    if (ear && lack[k].want)
      cr_expect_neq(tu_ear_render(ear, path, out, &e), 0, "case %zu: the EAR renders it", k);
    else if (ear)
      ear_agrees(path, got);
    free(e);
  }
  /* check says it at the track's file, after what of its version */
  foreign(path, "ITU-R_BS.2076-1", 1, ap1,
          ONE_OBJECT("AO_1001", "", "<gain>0.5</gain><audioObjectInteraction/>",
                     BLK("1001", "1", "", POLAR("30", "0"))),
          4800);
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\ntracks:\n  r: {file: r.wav, layout: 5.1}\n"
                               "master: {layout: 5.1}\n");
  const char *check[] = {"check", recipe, NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  const char *v = strstr(err, "r.wav': its audioFormatExtended says version 'ITU-R_BS.2076-1'");
  const char *r = strstr(err, "r.wav': audioObjectInteraction in audioObject AO_1001 (axml line "
                              "1) has no onOffInteract, which BS.2076 requires: the EBU ADM "
                              "Renderer refuses the file, stemprint plays it all the same; write "
                              "what BS.2076 requires\n");
  cr_expect(v && r && v < r && memchr(v, '\n', (size_t)(r - v)), "%s", err);
  free(err), free(recipe);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* One object at 30 degrees (5.1's L), its programme's and content's
 * further elements pr and cr, its own oi. */
#define AVS_FILE(pr, cr, oi)                                                                       \
  APR("APR_1001", REF("audioContent", "ACO_1001") pr)                                              \
  ACO("ACO_1001", REF("audioObject", "AO_1001") cr)                                                \
  OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1") oi)                            \
  PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0")))
#define AVS(id, inner)                                                                             \
  "<alternativeValueSet alternativeValueSetID=\"" id "\">" inner "</alternativeValueSet>"
#define AVS_REF(id) REF("alternativeValueSet", id)

/* BS.2076-2's alternativeValueSet: the one of an object the programme
 * played or its content refers to gives the object's gain, mute and
 * positionOffset in place of its own (each it gives; a positionOffset
 * whole), as the EBU ADM Renderer plays it (select_items.py
 * _get_alternativeValueSet); one referred to by none changes nothing.
 * Refused as the EAR refuses them: two of one object referred to, or one
 * twice; a reference to none an object holds; one on an object that
 * nests others; two sets of one ID, in one object or two. Before, the set
 * was passed by, the object played with its own values (an
 * <alternativeValueSet> said unread, the -2 programme's choice lost), and
 * the refused files played (two sets of one ID too, since 32a319ba). */
Test(admforeign, an_alternative_value_set_referred_to_plays_in_place_of_the_objects_values)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "a.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body;
    double l, r; /* the track's gain in L and R */
  } plays[] = {
      {AVS_FILE(AVS_REF("AVS_1001_0001"), "", AVS("AVS_1001_0001", "<gain>0.25</gain>")), 0.25, 0},
      {AVS_FILE("", "", AVS("AVS_1001_0001", "<gain>0.25</gain>")), 1, 0},
      {AVS_FILE("", AVS_REF("AVS_1001_0001"),
                "<gain>0.5</gain>" AVS("AVS_1001_0001", "<gain gainUnit=\"dB\">-12</gain>")),
       0.25118864315095801, 0}, /* -12 dB */
      {AVS_FILE("", AVS_REF("AVS_1001_0002"),
                AVS("AVS_1001_0001", "<mute>1</mute>") AVS("AVS_1001_0002", "<mute>1</mute>")),
       0, 0},
      {AVS_FILE(AVS_REF("AVS_1001_0001"), "",
                "<mute>1</mute>" AVS("AVS_1001_0001", "<mute>0</mute>")),
       1, 0},
      /* to -30 degrees (R), the object's gain kept */
      {AVS_FILE(AVS_REF("AVS_1001_0001"), "",
                "<gain>0.5</gain>" AVS("AVS_1001_0001", "<positionOffset coordinate=\"azimuth\">-60"
                                                        "</positionOffset><audioObjectInteraction "
                                                        "onOffInteract=\"1\"/>")),
       0, 0.5},
  };
  for (size_t k = 0; k < sizeof plays / sizeof plays[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, plays[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    m.unread[0] = '\0';
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    char unplayed[256];
    sp_adm_unplayed_said(&m, unplayed, sizeof unplayed);
    cr_expect_str_empty(unplayed, "case %zu: '%s'", k, unplayed);
    sp_adm_close(f), sp_adm_fini(&m);
    static float got[6][4800];
    render_51(path, got);
    cr_expect_float_eq(got[0][100], plays[k].l * foreign_sample(0, 100), 1e-6, "case %zu: L %g", k,
                       got[0][100]);
    cr_expect_float_eq(got[1][100], plays[k].r * foreign_sample(0, 100), 1e-6, "case %zu: R %g", k,
                       got[1][100]);
    ear_agrees(path, got);
  }
  static const struct {
    const char *body, *want;
  } bad[] = {
      {AVS_FILE(AVS_REF("AVS_1001_0001"), AVS_REF("AVS_1001_0001"),
                AVS("AVS_1001_0001", "<gain>0.25</gain>")),
       "audioObject AO_1001: its alternativeValueSet AVS_1001_0001 is referred to by an "
       "audioProgramme, and AVS_1001_0001 by an audioContent"},
      {AVS_FILE(AVS_REF("AVS_1001_0001") AVS_REF("AVS_1001_0002"), "",
                AVS("AVS_1001_0001", "<gain>0.25</gain>") AVS("AVS_1001_0002", "")),
       "audioObject AO_1001: its alternativeValueSet AVS_1001_0001 is referred to by an "
       "audioProgramme, and AVS_1001_0002 by an audioProgramme"},
      {AVS_FILE(AVS_REF("AVS_1001_0009"), "", AVS("AVS_1001_0001", "<gain>0.25</gain>")),
       "audioProgramme APR_1001 refers to the alternativeValueSet AVS_1001_0009, which no "
       "audioObject of its axml holds"},
      {AVS_FILE("", "", AVS("AVS_1001_0001", "<gain>loud</gain>")),
       "audioObject AO_1001's alternativeValueSet AVS_1001_0001: a gain of 'loud'"},
      {APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                            REF("audioObject", "AO_1010"))
           OBJ("AO_1010", "", REF("audioObject", "AO_1001") AVS("AVS_1010_0001", ""))
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                   PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
       "audioObject AO_1010 refers to other audioObjects and has an alternativeValueSet"},
      /* two of one ID, in one object or two (before, each played) */
      {AVS_FILE("", "", AVS("AVS_1001_0001", "<gain>0.25</gain>") AVS("AVS_1001_0001", "")),
       "its axml has two alternativeValueSets of ID AVS_1001_0001 (axml lines 1 and 1)"},
      {AVS_FILE(AVS_REF("AVS_1001_0001"), "", AVS("AVS_1001_0001", "<gain>0.25</gain>"))
           OBJ("AO_1002", "", AVS("AVS_1001_0001", "<mute>1</mute>")),
       "its axml has two alternativeValueSets of ID AVS_1001_0001"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A programme of 30000 alternativeValueSetIDRefs and an object of 30000
 * alternativeValueSets (hostile) cost little: each set looks its
 * references up by ID (a set against every reference took 9*10^8
 * comparisons, seconds); refused, the references holding none of its. */
Test(admforeign, many_alternative_value_sets_cost_little, .timeout = 20)
{
  enum { N = 30000 };
  char *refs = sp_xmalloc((size_t)N * 96 + 1), *sets = sp_xmalloc((size_t)N * 96 + 1);
  size_t nr = 0, ns = 0;
  for (int k = 0; k < N; k++) {
    nr += (size_t)sprintf(refs + nr,
                          "<alternativeValueSetIDRef>AVS_2001_%04x"
                          "</alternativeValueSetIDRef>",
                          (unsigned)k);
    ns += (size_t)sprintf(sets + ns,
                          "<alternativeValueSet alternativeValueSetID=\"AVS_1001_%04x\">"
                          "</alternativeValueSet>",
                          (unsigned)k);
  }
  char *body = sp_xasprintf(AVS_FILE("%s", "", "%s"), refs, sets);
  char *dir = tu_tmpdir(), *path = tu_path(dir, "many.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 480);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cr_assert_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  cr_expect_lt(s, 2.0, "%.2f s", s);
  cr_expect(strstr(why, "audioProgramme APR_1001 refers to the alternativeValueSet AVS_2001_0000, "
                        "which no audioObject of its axml holds"),
            "%s", why);
  tu_rmtree(dir);
  free(refs), free(sets), free(body), free(path), free(dir);
}

/* A position BS.2076 has not is refused naming the block: a coordinate
 * said twice (the last was taken: an object at 30° played at -110°), a
 * bound of it too (dropped), one of the other kind or none (left out), a
 * position without its coordinate; a polar position outside BS.2076's ranges, a
 * positionOffset's sum too (as the EAR holds them: an azimuth of 200 and a
 * distance of -1 played as directions). A block without a position is
 * named. The ranges' ends and a distance of 0 read (a DirectSpeakers
 * channel's bounds: direct_speakers_packs_of_one_channel_play_as_their_speaker). */
Test(admforeign, positions_bs2076_has_not_are_refused)
{
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      POLAR("30", "0") "<position coordinate=\"azimuth\">-110</position>")),
       "object 'p1001' block AB_00031001_00000001: position azimuth said twice"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("30", "0") "<position coordinate=\"X\">1</position>")),
       "a position of coordinate 'X', where a polar block (cartesian 0) has azimuth, elevation "
       "and distance"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      POLAR("30", "0") "<position coordinate=\"azimuth\" bound=\"min\">-110"
                                       "</position>")),
       "object 'p1001' block AB_00031001_00000001: position azimuth said twice"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("30", "0") "<position>-110</position>")),
       "a position without its coordinate"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("200", "0"))),
       "object 'p1001' block 1: a position of azimuth 200, elevation 0, distance 1; BS.2076 has "
       "an azimuth of -180 .. 180, an elevation of -90 .. 90 and a distance of 0 or more"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "100"))),
       "a position of azimuth 0, elevation 100, distance 1; BS.2076 has"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", "", POLAR("0", "0") "<position coordinate=\"distance\">-1</position>")),
       "a position of azimuth 0, elevation 0, distance -1; BS.2076 has"},
      {ONE_OBJECT("AO_1001", "", "<positionOffset coordinate=\"azimuth\">170</positionOffset>",
                  BLK("1001", "1", "", POLAR("30", "0"))),
       "a position of azimuth 200, elevation 0, distance 1; BS.2076 has"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", "<width>0</width>")),
       "object 'p1001' block AB_00031001_00000001: no position (an azimuth and an elevation; "
       "with cartesian 1, an X and a Y)"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "p.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
  }
  /* the ranges' ends and a distance of 0 read */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "1", "",
                         POLAR("-180", "90") "<position coordinate=\"distance\">0</position>")),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f), sp_adm_fini(&m);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* An audioObject's gain, mute or positionOffset coordinate said twice is
 * refused naming the object, as the EAR refuses it: the reader took the
 * gains' product and the offsets' sum (two gains of 0.5 played at 0.25,
 * azimuth offsets of 10 and 20 moved the object by 30°). */
Test(admforeign, an_objects_gain_mute_or_offset_said_twice_is_refused)
{
  static const struct {
    const char *inner, *want;
  } cases[] = {
      {"<gain>0.5</gain><gain>0.5</gain>", "audioObject AO_1001: a second gain; BS.2076 gives an "
                                           "object one"},
      {"<mute>0</mute><mute>1</mute>", "audioObject AO_1001: a second mute"},
      {"<positionOffset coordinate=\"azimuth\">10</positionOffset>"
       "<positionOffset coordinate=\"azimuth\">20</positionOffset>",
       "audioObject AO_1001: a second positionOffset of coordinate 'azimuth'"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "o.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *full = sp_xasprintf(
        ONE_OBJECT("AO_1001", "", "%s", BLK("1001", "1", "", POLAR("0", "0"))), cases[k].inner);
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, full, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want) && strstr(why, "remove one"),
              "case %zu: '%s' does not say '%s'", k, why, cases[k].want);
    free(full);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* An object's blocks written out of time's order play in it, as the
 * EBU ADM Renderer sorts them (by rtime, then duration; ear/fileio/adm/
 * xml.py, _sort_block_formats, which warns 'out of order block formats in
 * AC_00031001'): the reader took them as written and refused the file
 * ('block 3 spans frames 0 to 2400, and the one before ends at 4800').
 * The model names the first block written after one it comes before, at
 * its line, and a render warns of it with the fix, where it played them
 * in silence; blocks in time's order say nothing. */
Test(admforeign, blocks_out_of_order_play_in_times_order)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "o.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"",
                         POLAR("30", "0"))
                         BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                             POLAR("-30", "0"))),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(m.objects[0].n_blocks, 2u);
  const sp_adm_block *b = m.objects[0].blocks;
  cr_expect(b[0].start == 0 && b[0].dur == 2400 && fabs(b[0].x - 1) < 1e-9, "%lld %g",
            (long long)b[0].start, b[0].x);
  cr_expect(b[1].start == 2400 && b[1].dur == 2400 && fabs(b[1].x + 1) < 1e-9, "%lld %g",
            (long long)b[1].start, b[1].x);
  cr_expect(strstr(m.reordered, "AC_00031001: AB_00031001_00000001 (axml line ") &&
                strstr(m.reordered, ") after AB_00031001_00000002 (line "),
            "'%s'", m.reordered);
  sp_adm_close(f), sp_adm_fini(&m);
  char *recipe = tu_write_text(dir, "o.yaml",
                               "stemprint: 1\ntracks:\n  o: {file: o.wav, layout: 5.1}\n"
                               "master: {layout: 5.1}\n");
  const char *check[] = {"check", recipe, NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "o.wav': its axml writes blocks out of time order (AC_00031001: "
                        "AB_00031001_00000001 (axml line ") &&
                strstr(err, "); they play in time order, as the EBU ADM Renderer sorts them: "
                            "write the blocks in time order"),
            "%s", err);
  free(err);
  /* in time's order: nothing said */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "",
                     BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                         POLAR("-30", "0"))
                         BLK("1001", "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"",
                             POLAR("30", "0"))),
          4800);
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect_null(strstr(err, "out of time order"), "%s", err);
  free(err);
  /* two channel formats out of order: the first named, the other counted
   * (before, the second went unsaid) */
  static const char *const ap12[] = {"AP_00031001", "AP_00031002"};
#define SWAPPED(id)                                                                                \
  BLK(id, "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"", POLAR("30", "0"))          \
  BLK(id, "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"", POLAR("-30", "0"))
  foreign(path, "ITU-R_BS.2076-2", 2, ap12,
          APR("APR_1001", REF("audioContent", "ACO_1001"))
              ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1002"))
                  OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                      OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031002") ATU("2"))
                          PACK("1001", PCH("1001")) PACK("1002", PCH("1002"))
                              CHAN("1001", SWAPPED("1001")) CHAN("1002", SWAPPED("1002")),
          4800);
#undef SWAPPED
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.n_reordered, 2u);
  cr_expect(strstr(m.reordered, "AC_00031001: AB_00031001_00000001 (axml line ") &&
                strstr(m.reordered, "; 1 more channel format too"),
            "'%s'", m.reordered);
  sp_adm_close(f), sp_adm_fini(&m);
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "; 1 more channel format too); they play in time order"), "%s", err);
  free(err);
  /* one channel format out of order that two tracks play (both track
   * formats' streams of it, both objects of its pack): it is one channel
   * format, named, none more counted */
#define SWAPPED(id)                                                                                \
  BLK(id, "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"", POLAR("30", "0"))          \
  BLK(id, "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"", POLAR("-30", "0"))
  foreign(path, "ITU-R_BS.2076-2", 2, (const char *const[]){"AP_00031001", "AP_00031001"},
          APR("APR_1001", REF("audioContent", "ACO_1001"))
              ACO("ACO_1001", REF("audioObject", "AO_1001") REF("audioObject", "AO_1002"))
                  OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                      OBJ("AO_1002", "", REF("audioPackFormat", "AP_00031001") ATU("2"))
                          PACK("1001", PCH("1001")) CHAN("1001", SWAPPED("1001")),
          4800);
#undef SWAPPED
  {
    /* track 2's stream made one of channel format AC_00031001 (same size) */
    FILE *w = fopen(path, "r+b");
    cr_assert(w);
    static char buf[1 << 16];
    const size_t got = fread(buf, 1, sizeof buf, w);
    static const char from[] = "<audioChannelFormatIDRef>AC_00031002</audioChannelFormatIDRef>";
    char *at = NULL;
    for (size_t i = 0; i + sizeof from - 1 <= got && !at; i++)
      if (memcmp(buf + i, from, sizeof from - 1) == 0)
        at = buf + i;
    cr_assert(at);
    memcpy(at + strlen("<audioChannelFormatIDRef>AC_0003100"), "1", 1);
    cr_assert_eq(fseek(w, at - buf, SEEK_SET), 0);
    cr_assert_eq(fwrite(at, 1, sizeof from - 1, w), sizeof from - 1);
    cr_assert_eq(fclose(w), 0);
  }
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.n_reordered, 1u);
  cr_expect(strstr(m.reordered, "AC_00031001: AB_00031001_00000001 (axml line ") &&
                !strstr(m.reordered, "more channel format"),
            "'%s'", m.reordered);
  sp_adm_close(f), sp_adm_fini(&m);
  free(recipe);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A block that holds no frame (its start and end within one frame's
 * time) plays nothing in BS.2127, and where the next block does not ramp
 * from its place (none, one that jumps at once, or one after a gap) it
 * changes nothing played: it is passed by, as the EBU ADM Renderer plays
 * it (a processing block of no sample), where the reader refused the file
 * ('it holds no frame at 48000 Hz'). One the next ramps from is refused
 * (stemprint's blocks hold a frame: above). */
Test(admforeign, a_block_of_no_frame_plays_as_the_ear_plays_it)
{
#define SUB BLK("1001", "2", " rtime=\"00:00:00.05001\" duration=\"00:00:00.00001\"", POLAR("90", "0"))
  static const char *const bodies[] = {
      /* last */
      ONE_OBJECT("AO_1001", "", "",
                 BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05001\"",
                     POLAR("30", "0")) SUB),
      /* the next jumps at once */
      ONE_OBJECT("AO_1001", "", "",
                 BLK("1001", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05001\"",
                     POLAR("30", "0")) SUB
                     BLK("1001", "3", " rtime=\"00:00:00.05002\" duration=\"00:00:00.04998\"",
                         POLAR("-30", "0") "<jumpPosition>1</jumpPosition>")),
  };
#undef SUB
  char *dir = tu_tmpdir(), *path = tu_path(dir, "s.wav");
  for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, bodies[k], 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    const sp_adm_object *o = &m.objects[0];
    /* block 1 to frame 2401 (0.05001 s is 2400.48 frames), then block 3
     * from frame 2401 at once (case 1); no block of 90° */
    cr_expect(o->blocks[0].start == 0 && o->blocks[0].dur == 2401, "case %zu: %lld +%lld", k,
              (long long)o->blocks[0].start, (long long)o->blocks[0].dur);
    for (size_t i = 0; i < o->n_blocks; i++)
      cr_expect(fabs(o->blocks[i].az - 90) > 1e-9 || o->blocks[i].gain == 0,
                "case %zu: the block of no frame plays at block %zu", k, i);
    if (k == 1) {
      const sp_adm_block *b3 = &o->blocks[o->n_blocks - 1];
      cr_expect(b3->start == 2401 && b3->jump && fabs(b3->az + 30) < 1e-9, "%lld %d %g",
                (long long)b3->start, b3->jump, b3->az);
    }
    sp_adm_close(f), sp_adm_fini(&m);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A flag other than BS.2076's 0 or 1, and a number not written as a
 * decimal, are refused naming the element and the text, as the EAR
 * refuses them: the reader took any flag but "1" as 0 (an object's
 * <mute>true</mute> played it, a <jumpPosition>yes</jumpPosition> did not
 * jump) and strtod's hexadecimal as a number ("0x1e" as 30°). */
Test(admforeign, flags_and_numbers_not_of_bs2076_are_refused)
{
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "<mute>true</mute>", BLK("1001", "1", "", POLAR("0", "0"))),
       "audioObject AO_1001: a mute of 'true', where BS.2076 writes 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("0", "0") "<jumpPosition>yes</jumpPosition>")),
       "block AB_00031001_00000001: jumpPosition 'yes' is not 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      "<cartesian>true</cartesian><position coordinate=\"X\">0.5</position>"
                      "<position coordinate=\"Y\">1</position>")),
       "block AB_00031001_00000001: cartesian 'true' is not 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("0", "0") "<channelLock>on</channelLock>")),
       "channelLock 'on' is not 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("0", "0") "<screenRef>yes</screenRef>")),
       "screenRef 'yes' is not 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("0", "0") "<diffuse>some</diffuse>")),
       "diffuse 'some' is not a number"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", "", POLAR("0", "0") "<headphoneVirtualise bypass=\"2\" DRR=\"15\"/>")),
       "headphoneVirtualise's bypass '2' is not 0 or 1"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      POLAR("0", "0") "<headphoneVirtualise bypass=\"0\" DRR=\"near\"/>")),
       "headphoneVirtualise's DRR 'near' is not a number"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0x1e", "0"))),
       "position azimuth '0x1e' is not a number"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "f.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
  }
  /* 0 and 1 read as before, and a mute of 0 plays */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "<mute>0</mute>",
                     BLK("1001", "1", "",
                         POLAR("0", "0") "<jumpPosition>0</jumpPosition><channelLock>0"
                                         "</channelLock><screenRef>0</screenRef>")),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.objects[0].blocks[0].gain, 1);
  sp_adm_close(f), sp_adm_fini(&m);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A UID the chna names and the axml does not hold (its objects refer to
 * it, its audioTrackUID element left out) is the chna row's: its track
 * format and pack, as the EBU ADM Renderer builds it (ear/fileio/adm/
 * chna.py, load_chna_chunk); the reader refused the file ('its chna gives
 * track 1 the UID ATU_00000001, which its axml does not hold'). A row
 * that names no track format still is refused. */
Test(admforeign, a_uid_the_chna_alone_names_is_the_chna_rows)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "u.wav");
  axml_uids = false;
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0"))), 4800);
  axml_uids = true;
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.n_objects, 1u);
  cr_expect_eq(m.objects[0].n_blocks, 1u);
  cr_expect(fabs(m.objects[0].blocks[0].az - 30) < 1e-9, "%g", m.objects[0].blocks[0].az);
  sp_adm_close(f), sp_adm_fini(&m);
  /* its row's track format emptied: nothing names the track's formats */
  FILE *fp = fopen(path, "r+b");
  cr_assert_not_null(fp);
  static uint8_t head[4096];
  const size_t n = fread(head, 1, sizeof head, fp);
  uint8_t *at = NULL;
  for (size_t i = 0; i + 14 <= n && !at; i++)
    if (memcmp(head + i, "AT_00031001_01", 14) == 0)
      at = head + i;
  cr_assert_not_null(at);
  fseek(fp, (long)(at - head), SEEK_SET);
  cr_assert_eq(fwrite("\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 1, 14, fp), 14u);
  cr_assert_eq(fclose(fp), 0);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "its chna gives track 1 the UID ATU_00000001, which its axml does not "
                        "hold, and names no track format for it"),
            "%s", why);
  /* an object's UID that no chna row gives a track: refused, as the EAR
   * refuses it (it was passed by, the object played without it) */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", ATU("2"), BLK("1001", "1", "", POLAR("30", "0"))), 4800);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "audioObject AO_1001 refers to the audioTrackUID ATU_00000002, to which "
                        "its chna gives no track"),
            "%s", why);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A chna whose track or pack reference is not its axml UID's is refused
 * naming both, as the EBU ADM Renderer refuses it: the reader took the
 * axml's, where a reader of the chna alone takes its (a track the chna
 * calls a 5.1 bed's played as an object); an empty one agrees with any. */
Test(admforeign, a_chna_that_is_not_its_axml_is_refused)
{
  static const struct {
    const char *was, *now, *want;
  } cases[] = {
      {"AP_00031001", "AP_00010003",
       "its chna gives track 1 (ATU_00000001) the pack AP_00010003, and its axml's "
       "audioTrackUID ATU_00000001 the pack AP_00031001"},
      {"AT_00031001_01", "AT_00031002_01",
       "its chna gives track 1 (ATU_00000001) the format AT_00031002_01, and its axml's "
       "audioTrackUID ATU_00000001 the format AT_00031001_01"},
      {"AP_00031001", "\0\0\0\0\0\0\0\0\0\0\0", NULL},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "c.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1,
            ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0"))), 4800);
    /* the chna's reference (its first, before the axml's) made another */
    FILE *fp = fopen(path, "r+b");
    cr_assert_not_null(fp);
    static uint8_t head[4096];
    const size_t n = fread(head, 1, sizeof head, fp), len = strlen(cases[k].was);
    uint8_t *at = NULL;
    for (size_t i = 0; i + len <= n && !at; i++)
      if (memcmp(head + i, cases[k].was, len) == 0)
        at = head + i;
    cr_assert_not_null(at);
    fseek(fp, (long)(at - head), SEEK_SET);
    cr_assert_eq(fwrite(cases[k].now, 1, len, fp), len);
    cr_assert_eq(fclose(fp), 0);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    const sp_err err = sp_adm_open(path, &f, &m, why, sizeof why);
    if (!cases[k].want) {
      cr_expect_eq(err, SP_OK, "case %zu: %s", k, why);
    } else {
      cr_expect_neq(err, SP_OK, "case %zu opened", k);
      cr_expect(strstr(why, cases[k].want) && strstr(why, "make them agree"),
                "case %zu: '%s' does not say '%s'", k, why, cases[k].want);
    }
    if (err == SP_OK)
      sp_adm_close(f), sp_adm_fini(&m);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* Two main elements of one kind and ID (BS.2076 gives each its own) are
 * refused naming both, IDs alike in any case as the EAR compares them:
 * the reader took the first, the EAR refuses them (a channel format said
 * twice played the object at the first's place, -110°, silently; an
 * audioObject said twice, once muted, played it or not by the sort). */
Test(admforeign, two_elements_of_one_id_are_refused)
{
  static const struct {
    const char *body, *want;
  } cases[] = {
      {CHAN("1001", BLK("1001", "1", "", POLAR("-110", "0")))
           ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0"))),
       "its axml has two audioChannelFormats of ID AC_00031001 (axml lines 1 and 1)"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
           OBJ("AO_1001", "", "<gain>0</gain>"),
       "two audioObjects of ID AO_1001 (axml lines"},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
           OBJ("ao_1001", "", "<gain>0</gain>"),
       "two audioObjects of ID AO_1001 and ao_1001"},
      {ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", "",
               POLAR(
                   "30",
                   "0"))) "<audioTrackUID UID=\"ATU_00000001\"><audioChannelFormatIDRef>AC_00031001"
                          "</audioChannelFormatIDRef><audioPackFormatIDRef>AP_00031001</"
                          "audioPackFormatIDRef>"
                          "</audioTrackUID>",
       "two audioTrackUIDs of ID ATU_00000001"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav"), *out = tu_path(dir, "e.wav");
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want) && strstr(why, "give one another ID"),
              "case %zu: '%s' does not say '%s'", k, why, cases[k].want);
    char *said = NULL;
    if (ear)
      cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR renders it", k);
    free(said);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* An axml of millions of elements of a few bytes each is refused once
 * the tree it makes passes what the reader holds (320 MiB), saying so: an
 * element costs its node and names whatever its text, and 60 MB of <a/>
 * held 2.4 GB (an element nothing refers to is let go, so it read as a
 * file of one object). A master's blocks, 64 MiB of them, fit. */
Test(admforeign, an_axml_of_many_tiny_elements_is_refused_before_it_takes_gigabytes,
     .timeout = TU_TIMEOUT(60))
{
  const size_t n = 3u << 20; /* 12 MB of <a/>, some 400 MB as a tree */
  const char *head = ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("0", "0")));
  char *body = sp_xmalloc(strlen(head) + 4 * n + 1), *at = body;
  at = stpcpy(at, head);
  for (size_t i = 0; i < n; i++)
    at = stpcpy(at, "<a/>");
  char *dir = tu_tmpdir(), *path = tu_path(dir, "tiny.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 480);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
    cr_expect_fail("it opened");
    sp_adm_close(f), sp_adm_fini(&m);
  }
  cr_expect(strstr(why, "axml line 1: its elements take more than 320 MiB to hold") &&
                strstr(why, "is the file damaged, or made to exhaust its reader?"),
            "%s", why);
  /* 62 MiB of blocks of a timed position and little else read */
  free(body);
  const size_t blocks = 300000;
  body = sp_xmalloc(blocks * 240 + 4096), at = body;
  at += sprintf(at, "%s",
                APR("APR_1001", REF("audioContent", "ACO_1001"))
                    ACO("ACO_1001", REF("audioObject", "AO_1001"))
                        OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                            PACK("1001", PCH("1001")));
  at = stpcpy(at, "<audioChannelFormat audioChannelFormatID=\"AC_00031001\" "
                  "audioChannelFormatName=\"c\" typeDefinition=\"Objects\">");
  for (size_t i = 0; i < blocks; i++)
    at +=
        sprintf(at,
                "<audioBlockFormat audioBlockFormatID=\"AB_00031001_%08zx\" rtime=\"00:%02zu:%02zu."
                "%03zu00\" duration=\"00:00:00.00100\"><position coordinate=\"azimuth\">0"
                "</position><position coordinate=\"elevation\">0</position></audioBlockFormat>",
                i + 1, i / 60000, i / 1000 % 60, i % 1000);
  at = stpcpy(at, "</audioChannelFormat>");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 480);
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.objects[0].n_blocks, 10u);
  sp_adm_close(f), sp_adm_fini(&m);
  tu_rmtree(dir);
  free(body), free(path), free(dir);
}

/* A pack that refers to itself thousands of times (hostile) costs
 * little: it was looked through a bounded number of times (issue 87's
 * pack membership check) and played; it is refused at once now, a pack
 * refers to a pack once and holds none of itself (as the EAR has it). */
Test(admforeign, a_pack_that_refers_to_itself_over_and_over_costs_little, .timeout = 20)
{
  char *refs = sp_xstrdup("");
  for (int k = 0; k < 3000; k++) {
    char *more = sp_xasprintf("%s<audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef>", refs);
    free(refs);
    refs = more;
  }
  char *body =
      sp_xasprintf(APR("APR_1001", REF("audioContent", "ACO_1001"))
                       ACO("ACO_1001", REF("audioObject", "AO_1001"))
                           OBJ("AO_1001", "",
                               REF("audioPackFormat", "AP_00031001")
                                   ATU("1")) "<audioPackFormat audioPackFormatID=\"AP_00031001\" "
                                             "audioPackFormatName=\"p\" "
                                             "typeDefinition=\"Objects\">%s</audioPackFormat>" CHAN(
                                                 "1001", BLK("1001", "1", "", POLAR("0", "0"))),
                   refs);
  char *dir = tu_tmpdir(), *path = tu_path(dir, "loop.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 480);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  /* refused at once: a pack holds another once, and none itself (the EAR
   * refuses both) */
  cr_assert_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "audioPackFormat AP_00031001 (axml line 1) refers to AP_00031001 twice"),
            "%s", why);
  tu_rmtree(dir);
  free(refs), free(body), free(path), free(dir);
}

/* One object at 30° (5.1's L), and an Objects channel format nothing
 * plays (no pack, track or object refers to it) of blocks blocks. */
#define SPARE_CHAN(blocks)                                                                         \
  ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0"))) CHAN("1002", blocks)

/* A channel format nothing plays is read as the EBU ADM Renderer reads
 * every one: a block it refuses the file for as it parses it (a value not
 * a number, a flag not 0 or 1, a position BS.2076 has not, an azimuth
 * out of its range, a zone without its bounds, an rtime without a
 * duration; a DirectSpeakers block's value not a number or its position
 * none) refused naming the channel format and the block (the EAR
 * refuses each, where SP_EAR_DIR names it); blocks out of time order
 * said, as the EAR warns of them; what the EAR reads and plays (a width
 * 'inf', its float(); a zone whose min is over its max) plays, within
 * -120 dBFS of the EAR. Before, each passed unsaid and played. */
Test(admforeign, a_channel_format_nothing_plays_is_read_as_the_ear_reads_it)
{
#define SPARE_DS(inner)                                                                            \
  ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))                            \
  DS_PACK("2", DS_BLK("2", inner))
  char *dir = tu_tmpdir(), *path = tu_path(dir, "s.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *body, *want;
  } bad[] = {
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") "<width>wide</width>")),
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000001 (axml line 1): width 'wide' is not a number; the EBU ADM Renderer "
       "refuses the file for it, played or not: correct it, or remove the channel format"},
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("200", "0"))), "a position of azimuth 200"},
      {SPARE_CHAN(BLK("1002", "1", " rtime=\"00:00:00.00000\"", POLAR("30", "0"))),
       "an rtime without a duration"},
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") "<jumpPosition>yes</jumpPosition>")),
       "jumpPosition 'yes' is not 0 or 1"},
      {SPARE_CHAN(BLK("1002", "1", "", "<width>1</width>")), "block AB_00031002_00000001 (axml "
                                                             "line 1): no position"},
      {SPARE_CHAN(BLK("1002", "1", "",
                      POLAR("30", "0") "<zoneExclusion><zone minX=\"-1\" minY=\"-1\" maxY=\"1\" "
                                       "minZ=\"-1\" maxZ=\"1\">z</zone></zoneExclusion>")),
       "zoneExclusion's zone 1 lacks a bound, or one is not a number"},
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") "<objectDivergence>x</objectDivergence>")),
       "an objectDivergence that is not a number"},
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") "<gain gainUnit=\"bel\">1</gain>")),
       "gain's gainUnit 'bel' is none of BS.2076's"},
      /* a DirectSpeakers one's (before, passed unsaid) */
      {SPARE_DS(POLAR("30", "0") "<gain>zero</gain>"),
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000001 (axml line 1): gain 'zero' is not a number"},
      {SPARE_DS("<position coordinate=\"azimuth\">30</position>"),
       "block AB_00031002_00000001 (axml line 1): no position (an azimuth and an elevation, or "
       "an X and a Y)"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  /* what the EAR plays: the object alone, as there; blocks out of order said */
  static const char *const plays[] = {
      SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") "<width>inf</width>")),
      SPARE_CHAN(
          BLK("1002", "1", "",
              POLAR("30", "0") "<zoneExclusion><zone minX=\"0.5\" maxX=\"-0.5\" minY=\"-1\" "
                               "maxY=\"1\" minZ=\"-1\" maxZ=\"1\">z</zone></zoneExclusion>")),
      SPARE_CHAN(BLK("1002", "2", " rtime=\"00:00:00.05000\" duration=\"00:00:00.05000\"",
                     POLAR("30", "0"))
                     BLK("1002", "1", " rtime=\"00:00:00.00000\" duration=\"00:00:00.05000\"",
                         POLAR("30", "0"))),
      SPARE_DS("<speakerLabel>M+030</speakerLabel>" POLAR("30", "0")),
  };
#undef SPARE_DS
  for (size_t k = 0; k < sizeof plays / sizeof plays[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, plays[k], 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect_eq(m.n_reordered, k == 2 ? 1u : 0u, "case %zu: '%s'", k, m.reordered);
    if (k == 2)
      cr_expect(strstr(m.reordered, "AC_00031002: AB_00031002_00000001 (axml line "), "'%s'",
                m.reordered);
    sp_adm_close(f), sp_adm_fini(&m);
    plays_in_l(path, 1);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* An audioObject without its audioObjectID, which a content refers to:
 * said as the missing attribute BS.2076 requires, as the EBU ADM Renderer
 * refuses it (where SP_EAR_DIR names it), not as a reference to an object
 * the axml does not hold (before: "audioContent ACO_1001 refers to
 * AO_1001, which the axml does not hold", the object there to see); a
 * track's channel format without its ID alike. */
Test(admforeign, an_element_without_its_id_is_said_as_the_attribute_it_lacks)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "i.wav"), *out = tu_path(dir, "e.wav");
  refused_as_by_the_ear(
      path, out,
      APR("APR_1001", REF("audioContent", "ACO_1001"))
          ACO("ACO_1001", REF("audioObject", "AO_1001")) "<audioObject audioObjectName=\"o\">" REF(
              "audioPackFormat", "AP_00031001") ATU("1") "</audioObject>" PACK("1001", PCH("1001"))
              CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
      "audioObject (axml line 1) has no audioObjectID, which BS.2076 requires (the EBU ADM "
      "Renderer refuses the file for it), so that audioContent ACO_1001's reference to AO_1001 "
      "finds no audioObject: write its audioObjectID",
      0);
  refused_as_by_the_ear(
      path, out,
      APR("APR_1001", REF("audioContent", "ACO_1001"))
          ACO("ACO_1001", REF("audioObject", "AO_1001"))
              OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                  PACK("1001", PCH("1001")) "<audioChannelFormat audioChannelFormatName=\"c\" "
                                            "typeDefinition=\"Objects\">" BLK(
                                                "1001", "1", "",
                                                POLAR("30", "0")) "</audioChannelFormat>",
      "audioChannelFormat (axml line 1) has no audioChannelFormatID, which BS.2076 requires", 1);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* An ID that holds a newline (&#10;) quoted in a note or an error: one
 * line still, the newline written as the axml holds it (before, the note
 * of an audioObject without its name came out over two lines, the second
 * a warning of its own without the file). */
Test(admforeign, an_id_holding_a_newline_is_said_on_one_line)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "n.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          APR("APR_1001", REF("audioContent", "ACO_1001"))
              ACO("ACO_1001",
                  REF("audioObject",
                      "AO_&#10;1001")) "<audioObject "
                                       "audioObjectID=\"AO_&#10;1001\">" REF("audioPackFormat",
                                                                             "AP_00031001")
                                           ATU("1") "</audioObject>" PACK("1001", PCH("1001"))
                                               CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect(strstr(m.refused, "audioObject AO_&#10;1001 (axml line 1) has no audioObjectName") &&
                !strchr(m.refused, '\n'),
            "'%s'", m.refused);
  sp_adm_close(f), sp_adm_fini(&m);
  /* an error quoting it: one line too */
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                               REF("audioObject", "AO_&#10;1009"))
              OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                  PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
          4800);
  cr_assert_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "refers to AO_&#10;1009, which the axml does not hold") &&
                !strchr(why, '\n'),
            "'%s'", why);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* An audioStreamFormat of foreign's form, id AS_0003xxxx, holding inner. */
#define STREAM(id, inner)                                                                          \
  "<audioStreamFormat audioStreamFormatID=\"AS_0003" id "\" formatDefinition=\"PCM\" "             \
  "audioStreamFormatName=\"s\">" inner "</audioStreamFormat>"
#define TRACKF(id, inner)                                                                          \
  "<audioTrackFormat audioTrackFormatID=\"AT_0003" id "_01\" audioTrackFormatName=\"t\" "          \
  "formatDefinition=\"PCM\">" inner "</audioTrackFormat>"

/* Stream and track formats nothing plays, linked as the EBU ADM Renderer
 * links every one before it renders: a stream that refers to no channel
 * or pack format, or to an element the axml does not hold, a track format
 * of no stream, of two, or that refers to one the axml does not hold, is
 * refused naming it at its line (the EAR refuses each, where SP_EAR_DIR
 * names it); a stream no track format refers to, or one that refers to a
 * pack as its channel format (the EAR looks an ID up whatever its kind),
 * plays as there. Before, each passed unsaid. */
Test(admforeign, stream_and_track_formats_are_linked_as_the_ear_links_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "l.wav"), *out = tu_path(dir, "e.wav");
#define ONE ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
  static const struct {
    const char *body, *want;
  } bad[] = {
      {ONE STREAM("1002", ""),
       "audioStreamFormat AS_00031002 (axml line 1) refers to no audioChannelFormat or "
       "audioPackFormat, where BS.2076 has a stream refer to what it carries (the EBU ADM "
       "Renderer refuses the file for it, played or not): refer to its channel format, or remove "
       "the stream"},
      {ONE STREAM("1002", REF("audioChannelFormat", "AC_00031009")),
       "audioStreamFormat AS_00031002 (axml line 1) refers to AC_00031009, which the axml does "
       "not hold (the EBU ADM Renderer refuses the file for it, played or not)"},
      {ONE STREAM("1002", PCH("1001") REF("audioTrackFormat", "AT_00031009_01")),
       "audioStreamFormat AS_00031002 (axml line 1) refers to AT_00031009_01, which the axml"},
      {ONE TRACKF("1002", ""),
       "audioTrackFormat AT_00031002_01 (axml line 1) is linked to no audioStreamFormat"},
      {ONE TRACKF("1002", REF("audioStreamFormat", "AS_00031009")),
       "audioTrackFormat AT_00031002_01 (axml line 1) refers to AS_00031009, which the axml"},
      {ONE STREAM("1002", PCH("1001")) STREAM("1003", PCH("1001")) TRACKF(
           "1002", REF("audioStreamFormat", "AS_00031002") REF("audioStreamFormat", "AS_00031003")),
       "audioTrackFormat AT_00031002_01 (axml line 1) is linked to two audioStreamFormats "
       "(AS_00031002 and AS_00031003)"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  static const char *const plays[] = {
      ONE STREAM("1002", PCH("1001")),
      ONE STREAM("1002", REF("audioChannelFormat", "AP_00031001")),
      ONE STREAM("1002", PCH("1001") REF("audioTrackFormat", "AT_00031002_01"))
          TRACKF("1002", REF("audioStreamFormat", "AS_00031002")),
  };
  for (size_t k = 0; k < sizeof plays / sizeof plays[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, plays[k], 4800);
    plays_in_l(path, 1);
  }
#undef ONE
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A stream that refers to no track format, or a track format that refers
 * to no stream (the other refers to it, one way): the EBU ADM Renderer
 * warns of each as it parses the file (xml.py: "... has no
 * audioTrackFormatIDRef; this may be incompatible with some software")
 * and plays it (where SP_EAR_DIR names it, it says so, and its render is
 * stemprint's within -120 dBFS); stemprint plays it and says it in a note
 * (m.refused, a warning at the track's file), the first named, the others
 * counted. A stream that refers to a track format that refers to another
 * stream is refused as the EAR refuses it (linked to two). Before,
 * nothing was said of the one-way links. */
Test(admforeign, stream_and_track_formats_linked_one_way_are_said_as_the_ear_warns_of_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "l.wav"), *out = tu_path(dir, "e.wav");
#define ONE ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE STREAM("1002", PCH("1001")),
       "audioStreamFormat AS_00031002 (axml line 1) refers to no audioTrackFormat, which the EBU "
       "ADM Renderer warns of ('audioStreamFormat AS_00031002 has no audioTrackFormatIDRef; this "
       "may be incompatible with some software') and plays, as stemprint does: refer to its "
       "track format"},
      {ONE STREAM("1002", PCH("1001") REF("audioTrackFormat", "AT_00031002_01")) TRACKF("1002", "")
           STREAM("1003", PCH("1001")),
       "audioTrackFormat AT_00031002_01 (axml line 1) refers to no audioStreamFormat, which the "
       "EBU ADM Renderer warns of ('audioTrackFormat AT_00031002_01 has no "
       "audioStreamFormatIDRef; this may be incompatible with some software') and plays, as "
       "stemprint does: refer to its stream (1 more stream and track formats too)"},
  };
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect(strstr(m.refused, cases[k].want) && !strchr(m.refused, '\n'),
              "case %zu: '%s' does not say '%s'", k, m.refused, cases[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    char *said = NULL;
    if (ear)
      cr_expect(tu_ear_render(ear, path, out, &said) == 0 &&
                    strstr(said, "may be incompatible with some software"),
                "case %zu: %s", k, said);
    free(said);
    plays_in_l(path, 1);
  }
  refused_as_by_the_ear(
      path, out,
      ONE STREAM("1002", PCH("1001") REF("audioTrackFormat", "AT_00031002_01"))
          STREAM("1003", PCH("1001") REF("audioTrackFormat", "AT_00031003_01"))
              TRACKF("1002", REF("audioStreamFormat", "AS_00031003"))
                  TRACKF("1003", REF("audioStreamFormat", "AS_00031003")),
      "audioTrackFormat AT_00031002_01 (axml line 1) is linked to two audioStreamFormats "
      "(AS_00031002 and AS_00031003)",
      0);
#undef ONE
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A stream that refers to its channel format and a pack both, as the
 * Dolby Atmos Master ADM Profile has it (Dolby's tools write it so, and
 * stemprint's masters of that profile): the EBU ADM Renderer refuses the
 * file (AudioStreamFormat.validate, where SP_EAR_DIR names it), a rule of
 * its own the profile does not keep; stemprint plays it as written and
 * says nothing (a_master_of_either_profile_read_back_says_nothing). */
Test(admforeign, a_stream_of_a_channel_format_and_a_pack_plays_as_written)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "s.wav"), *out = tu_path(dir, "e.wav");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1,
          ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))
              STREAM("1002", PCH("1001") REF("audioPackFormat", "AP_00031001")
                                 REF("audioTrackFormat", "AT_00031002_01"))
                  TRACKF("1002", REF("audioStreamFormat", "AS_00031002")),
          4800);
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_str_empty(m.refused);
  sp_adm_close(f), sp_adm_fini(&m);
  static float got[6][4800];
  render_51(path, got);
  cr_expect_float_eq(got[0][100], foreign_sample(0, 100), 1e-6, "L %g", got[0][100]);
  const char *ear = tu_ear_dir();
  char *said = NULL;
  if (ear)
    cr_expect(tu_ear_render(ear, path, out, &said) != 0 &&
                  strstr(said, "audioStreamFormat AS_00031002 has a reference to both an "
                               "audioPackFormat and an audioChannelFormat"),
              "%s", said);
  free(said);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A position of an Objects block with a bound (min, max, or another
 * word), which BS.2076 gives a DirectSpeakers channel alone, read as the
 * EBU ADM Renderer reads it (xml.py's parse_objects_position reads no
 * bound): the coordinate's value, played or not, and said nowhere, as
 * there; a coordinate said twice, bound or not, refused (the EAR refuses
 * each so, where SP_EAR_DIR names it: "duplicate azimuth coordinates
 * specified"; where it plays, its render is stemprint's within -120
 * dBFS). Before, a played one was refused ("a position with a bound (min
 * or max), which BS.2076 gives a DirectSpeakers channel alone", "position
 * azimuth of bound 'mid'"), and one nothing played was refused for no
 * position, or passed said twice. */
Test(admforeign, a_bound_on_an_objects_position_is_read_as_the_ear_reads_it)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "b.wav"), *out = tu_path(dir, "e.wav");
#define AZ(b, v) "<position coordinate=\"azimuth\" bound=\"" b "\">" v "</position>"
#define EL "<position coordinate=\"elevation\">0</position>"
  static const char *const plays[] = {
      ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", AZ("min", "30") EL)),
      ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", AZ("mid", "30") EL)),
      SPARE_CHAN(BLK("1002", "1", "", AZ("max", "-30") EL)),
  };
  for (size_t k = 0; k < sizeof plays / sizeof plays[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, plays[k], 4800);
    plays_in_l(path, 1);
  }
  static const struct {
    const char *body, *want;
  } bad[] = {
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", AZ("min", "20") AZ("max", "40") EL)),
       "object 'p1001' block AB_00031001_00000001: position azimuth said twice"},
      {SPARE_CHAN(BLK("1002", "1", "", POLAR("30", "0") AZ("min", "20"))),
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000001 (axml line 1): position azimuth said twice; the EBU ADM Renderer "
       "refuses the file for it"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
#undef AZ
#undef EL
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A polar block's distance past 1 and width past 360°, which BS.2076's
 * ranges leave open and the EBU ADM Renderer plays (BS.2127's extent seen
 * from that distance: narrower past 1, its interpolation held at 360°),
 * play as it plays them, within -120 dBFS of its render where SP_EAR_DIR
 * names it, with a depth, a channel lock, a divergence and a zone too.
 * Before, each was refused ("distance 1.5, out of the room", "a width of
 * 400, and it is 0 .. 360 degrees"). */
Test(admforeign, a_polar_distance_past_1_and_a_width_past_360_play_as_the_ear_plays_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav");
#define DIST(d) "<position coordinate=\"distance\">" d "</position>"
  static const char *const blocks[] = {
      POLAR("20", "10") DIST("2") "<width>30</width>",
      POLAR("20", "10") DIST("0.5") "<width>30</width>",
      POLAR("30", "0") "<width>400</width>",
      POLAR("30", "0") "<width>400</width><height>500</height><depth>0.5</depth>",
      POLAR("30", "0") DIST("3") "<channelLock maxDistance=\"1.5\">1</channelLock>",
      POLAR("30", "0") DIST("2") "<objectDivergence azimuthRange=\"30\">0.5</objectDivergence>",
      POLAR("10", "0") DIST("2") "<zoneExclusion><zone minX=\"-1\" maxX=\"0\" minY=\"-1\" "
                                 "maxY=\"1\" minZ=\"-1\" maxZ=\"1\">z</zone></zoneExclusion>",
  };
#undef DIST
  for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
    char *body = sp_xasprintf(
        "%s%s%s",
        APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                             REF("audioObject", "AO_1001"))
            OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                PACK("1001",
                     PCH("1001")) "<audioChannelFormat audioChannelFormatID=\"AC_00031001\" "
                                  "audioChannelFormatName=\"c1001\" typeLabel=\"0003\" "
                                  "typeDefinition=\"Objects\">"
                                  "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\">",
        blocks[k], "</audioBlockFormat></audioChannelFormat>");
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 4800);
    free(body);
    static float got[6][4800];
    render_51(path, got);
    const double peak = worst_5_1(got, NULL);
    cr_expect(peak > 0.01 && peak <= 0.1 + 1e-6, "case %zu: peak %g", k, peak);
    ear_agrees(path, got);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* Blocks with a gap between them, played or not: the EBU ADM Renderer
 * warns of each channel format so ("duration of block format ... does
 * not match rtime of next block", timing_fixes.py) and plays it, silent
 * between (where SP_EAR_DIR names it, it says so, and its render is
 * stemprint's within -120 dBFS); stemprint plays it so and says it in a
 * note (m.refused, a warning at the track's file), the first channel
 * format named, the others counted. Before, nothing was said. */
Test(admforeign, blocks_with_a_gap_between_them_are_said_as_the_ear_warns_of_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "g.wav");
#define T(a, d) " rtime=\"00:00:00.0" a "\" duration=\"00:00:00.0" d "\""
  static const struct {
    const char *body, *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", T("0000", "2000"), POLAR("30", "0"))
                      BLK("1001", "2", T("5000", "5000"), POLAR("-30", "0"))),
       "audioChannelFormat AC_00031001 (axml line 1): block AB_00031001_00000001 (axml line 1) "
       "ends before the next block starts, which the EBU ADM Renderer warns of ('duration of "
       "block format AB_00031001_00000001 does not match rtime of next block') and plays, silent "
       "between them, as stemprint does: end the block where the next starts, unless the "
       "silence is meant"},
      {SPARE_CHAN(BLK("1002", "1", T("0000", "2000"), POLAR("30", "0"))
                      BLK("1002", "2", T("5000", "5000"), POLAR("30", "0")))
           CHAN("1003", BLK("1003", "1", T("0000", "2000"), POLAR("30", "0"))
                            BLK("1003", "2", T("2500", "5000"), POLAR("30", "0"))),
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000001 (axml line 1) ends before the next block starts, which the EBU ADM "
       "Renderer warns of ('duration of block format AB_00031002_00000001 does not match rtime "
       "of next block') and plays, silent between them, as stemprint does: end the block where "
       "the next starts, unless the silence is meant (1 more channel formats too)"},
  };
#undef T
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect(strstr(m.refused, cases[k].want) && !strchr(m.refused, '\n'),
              "case %zu: '%s' does not say '%s'", k, m.refused, cases[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    static float got[6][4800];
    render_51(path, got);
    /* the first block's 960 frames in L, then silence to the second's */
    cr_expect(fabs(got[0][100] - foreign_sample(0, 100)) < 1e-6 &&
                  (k > 0 || (got[0][1500] == 0 && got[1][1500] == 0)),
              "case %zu: L %g at 100, %g at 1500", k, got[0][100], got[0][1500]);
    const char *ear = tu_ear_dir();
    char *said = NULL, *out = sp_xasprintf("%s.ear.wav", path);
    if (ear)
      cr_expect(tu_ear_render(ear, path, out, &said) == 0 &&
                    strstr(said, "does not match rtime of next block"),
                "case %zu: %s", k, said);
    free(said), free(out);
    ear_agrees(path, got);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* One object of block inner (an Objects block's values) at path, as
 * foreign writes it. */
static void one_block_file(const char *path, const char *inner)
{
  char *body = sp_xasprintf(
      "%s%s%s",
      APR("APR_1001", REF("audioContent", "ACO_1001"))
          ACO("ACO_1001", REF("audioObject", "AO_1001"))
              OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                  PACK("1001", PCH("1001")) "<audioChannelFormat audioChannelFormatID="
                                            "\"AC_00031001\" audioChannelFormatName=\"c1001\" "
                                            "typeLabel=\"0003\" typeDefinition=\"Objects\">"
                                            "<audioBlockFormat audioBlockFormatID="
                                            "\"AB_00031001_00000001\">",
      inner, "</audioBlockFormat></audioChannelFormat>");
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 4800);
  free(body);
}

/* Values outside BS.2076's ranges that the EBU ADM Renderer plays, each
 * block played as it plays it (within -120 dBFS of its render where
 * SP_EAR_DIR names it) and, where the EAR's code makes it one, as the
 * block of BS.2076's values it plays alike (EAR-free): a Cartesian
 * position outside the room clipped into it (coord_trans; it says
 * nothing), of inf too (its float() reads it); a width below 0 (a point's
 * at distance 1, gain_calc's extent_mod), or of inf ("inf" its float()
 * reads; height and depth too), a Cartesian width past 1 (as 1); a zone
 * whose min is over its max (it excludes no speaker); a channelLock
 * maxDistance below 0 (no speaker near enough: no lock) or of 0 (a speaker
 * at the position alone: stemprint locked to any); an azimuthRange below 0
 * (the sides swapped) or past 180, a positionRange below 0 or past 2 (its
 * positions clipped into the room). Before, each was refused ("out of the
 * room (each -1 .. 1)", "a width of -30, and it is 0 .. 360 degrees",
 * "width 'inf' is not a number", "zone 1 has minX 1 over maxX -1",
 * "maxDistance -1, and it is a distance", "azimuthRange -30, and it is 0
 * .. 180"), and a maxDistance of 0 locked to the nearest speaker. */
Test(admforeign, values_outside_bs2076s_ranges_the_ear_plays_play_as_it_plays_them)
{
  char *dir = tu_tmpdir(), *path = NULL, *as = tu_path(dir, "a.wav");
#define DIST(d) "<position coordinate=\"distance\">" d "</position>"
#define CZONE(x0, x1)                                                                              \
  "<zoneExclusion><zone minX=\"" x0 "\" maxX=\"" x1 "\" minY=\"-1\" maxY=\"1\" minZ=\"-1\" "       \
  "maxZ=\"1\">z</zone></zoneExclusion>"
#define PZONE(e0, e1)                                                                              \
  "<zoneExclusion><zone minAzimuth=\"-180\" maxAzimuth=\"180\" minElevation=\"" e0                 \
  "\" maxElevation=\"" e1 "\">z</zone></zoneExclusion>"
#define LOCK(d) "<channelLock maxDistance=\"" d "\">1</channelLock>"
#define DIV(a, v) "<objectDivergence " a ">" v "</objectDivergence>"
  static const struct {
    const char *block, *as; /* as: the block it plays as (NULL: the EAR's alone) */
  } cases[] = {
      {XYZ("2", "1"), XYZ("1", "1")},
      {XYZ("-0.5", "-3") "<width>0.2</width>", XYZ("-0.5", "-1") "<width>0.2</width>"},
      {XYZ("-inf", "1"), XYZ("-1", "1")},
      {XYZ("1e999", "0.5"), XYZ("1", "0.5")},
      {POLAR("30", "0") "<width>-30</width>", POLAR("30", "0")},
      {POLAR("30", "0") DIST("0.5") "<width>-30</width>", NULL},
      {POLAR("30", "0") DIST("2") "<width>-300</width>", NULL},
      {POLAR("30", "0") "<width>inf</width>", NULL},
      {POLAR("30", "0") DIST("2") "<width>INF</width>", NULL},
      {POLAR("30", "0") "<width>-inf</width>", POLAR("30", "0")},
      {POLAR("30", "0") "<height>inf</height>", NULL},
      {POLAR("30", "0") "<width>30</width><depth>1e999</depth>", NULL},
      {XYZ("0.5", "1") "<width>-0.3</width>", NULL},
      {XYZ("0.5", "1") "<width>2</width>", XYZ("0.5", "1") "<width>1</width>"},
      {XYZ("0.5", "1") "<width>inf</width>", XYZ("0.5", "1") "<width>1</width>"},
      {POLAR("30", "0") CZONE("1", "-1"), POLAR("30", "0")},
      {XYZ("0.5", "1") CZONE("1", "-1"), XYZ("0.5", "1")},
      {POLAR("30", "0") PZONE("10", "-10"), POLAR("30", "0")},
      {POLAR("20", "0") LOCK("-1"), POLAR("20", "0")},
      {POLAR("20", "0") LOCK("0"), POLAR("20", "0")},
      {POLAR("20", "0") LOCK("1"), POLAR("30", "0")},
      {POLAR("0", "0") DIV("azimuthRange=\"-30\"", "0.5"),
       POLAR("0", "0") DIV("azimuthRange=\"30\"", "0.5")},
      {POLAR("0", "0") DIV("azimuthRange=\"200\"", "0.5"), NULL},
      {XYZ("0", "1") DIV("positionRange=\"3\"", "0.5"), NULL},
      {XYZ("0", "1") DIV("positionRange=\"-0.5\"", "0.5"),
       XYZ("0", "1") DIV("positionRange=\"0.5\"", "0.5")},
  };
#undef DIST
#undef CZONE
#undef PZONE
#undef LOCK
#undef DIV
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    static float got[6][4800], want[6][4800];
    free(path);
    path = sp_xasprintf("%s/v%zu.wav", dir, k); /* the EAR's words name the case */
    one_block_file(path, cases[k].block);
    render_51(path, got);
    const double peak = worst_5_1(got, NULL);
    cr_expect(peak > 0.01 && peak <= 0.1 + 1e-6, "case %zu: peak %g", k, peak);
    if (cases[k].as) {
      one_block_file(as, cases[k].as);
      render_51(as, want);
      const double worst = worst_5_1(got, want);
      cr_expect(worst < 1e-6, "case %zu: %g from its like", k, worst);
    }
    ear_agrees(path, got);
  }
  tu_rmtree(dir);
  free(path), free(as), free(dir);
}

/* An objectDivergence outside 0 .. 1, which BS.2127's weights of its three
 * positions take below 0: refused, saying what the EBU ADM Renderer makes
 * of it, which is no render BS.2127 has (where SP_EAR_DIR names it: the
 * square root of a power below 0, numpy's NaN, silence for a polar
 * block's every speaker; at -1 it fails dividing by 0; yet 1.5 with an
 * azimuthRange of 0 plays as no divergence, the powers' sum 1). Before,
 * the reason said the range alone. */
Test(admforeign, a_divergence_outside_0_to_1_is_refused_saying_what_the_ear_makes_of_it)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *block, *want, *ear; /* ear: what the EAR says, or NULL: it fails */
  } cases[] = {
      {POLAR("0", "0") "<objectDivergence azimuthRange=\"30\">1.5</objectDivergence>",
       "object 'p1001' block 1: objectDivergence 1.5, and it is 0 (none) .. 1 (fully diverged): "
       "outside it a weight of BS.2127's three positions ((1 - v) / (1 + v) at the centre, v / "
       "(1 + v) at each side) is below 0, and the EBU ADM Renderer plays the square root of a "
       "power below 0 as silence (numpy's 'invalid value encountered in sqrt': a polar block's "
       "every speaker, a Cartesian one's that speaker; at -1 it fails, dividing by 0), a render "
       "no standard has: write a value of 0 .. 1",
       "invalid value encountered in sqrt"},
      {POLAR("0", "0") "<objectDivergence azimuthRange=\"30\">-0.5</objectDivergence>",
       "objectDivergence -0.5, and it is 0 (none) .. 1", "invalid value encountered in sqrt"},
      {POLAR("0", "0") "<objectDivergence azimuthRange=\"30\">-1</objectDivergence>",
       "objectDivergence -1, and it is 0 (none) .. 1", NULL},
      {XYZ("0", "1") "<objectDivergence positionRange=\"0.5\">3</objectDivergence>",
       "objectDivergence 3, and it is 0 (none) .. 1", ""},
  };
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    one_block_file(path, cases[k].block);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_fail("case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
    }
    cr_expect(strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k, why,
              cases[k].want);
    char *said = NULL;
    if (ear) {
      const int rc = tu_ear_render(ear, path, out, &said);
      if (!cases[k].ear)
        cr_expect(rc != 0 && strstr(said, "division by zero"), "case %zu: %s", k, said);
      else
        cr_expect(rc == 0 && strstr(said, cases[k].ear), "case %zu: %s", k, said);
      if (cases[k].ear && cases[k].ear[0]) { /* a polar block's every speaker silent */
        int64_t n = 0;
        int channels = 0, rate = 0;
        double *e = tu_read(out, &n, &channels, &rate), peak = 0;
        for (int64_t i = 0; e && i < n * channels; i++)
          peak = fmax(peak, fabs(e[i]));
        cr_expect(e && n >= 4800 && peak == 0, "case %zu: the EAR's peak %g", k, peak);
        free(e);
      }
    }
    free(said);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A time of the EBU ADM Renderer's pattern (time_format.py: one or two
 * digits of hours, minutes and seconds, whatever their value; a fraction
 * of any count of digits, a numerator over a denominator of any): read as
 * it reads it, 60 or more minutes or seconds, digits past the ninth that
 * are zeros, a numerator of leading zeros (where SP_EAR_DIR names it, its
 * render is stemprint's within -120 dBFS); a fraction finer than 10^-9 of
 * a second, which it reads, refused saying so. Before, 60 minutes or
 * seconds, and a fraction of ten digits, were refused as "not a BS.2076
 * time". */
Test(admforeign, times_the_ear_reads_are_read_as_it_reads_them)
{
  static const struct {
    const char *times, *want; /* want NULL: read */
  } cases[] = {
      {" rtime=\"00:00:00.0\" duration=\"00:00:75.0\"", NULL},
      {" rtime=\"00:00:00.0\" duration=\"00:60:00.0\"", NULL},
      {" rtime=\"00:00:00.0000000000\" duration=\"00:00:00.0500000000000\"", NULL},
      {" rtime=\"00:00:00.0000000000001S48000\" duration=\"0:0:0.02400S048000\"", NULL},
      {" rtime=\"00:00:00.0\" duration=\"00:00:00.0500000001\"",
       "audioBlockFormat AB_00031001_00000001: duration '00:00:00.0500000001' is finer than "
       "stemprint reads (a fraction of nine digits, or over 10^9 at most), which the EBU ADM "
       "Renderer reads: write it to nine digits"},
      {" rtime=\"00:00:00.1S10000000000\" duration=\"00:00:00.05\"",
       "rtime '00:00:00.1S10000000000' is finer than stemprint reads"},
      {" rtime=\"00:00:00.5S5\" duration=\"00:00:00.05\"", "rtime '00:00:00.5S5' is not a BS.2076 "
                                                           "time"},
  };
  char *dir = tu_tmpdir(), *path = NULL;
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    free(path);
    path = sp_xasprintf("%s/t%zu.wav", dir, k);
    char *body = sp_xasprintf(
        "%s<audioChannelFormat audioChannelFormatID=\"AC_00031001\" "
        "audioChannelFormatName=\"c1001\" typeLabel=\"0003\" "
        "typeDefinition=\"Objects\"><audioBlockFormat audioBlockFormatID="
        "\"AB_00031001_00000001\"%s>" POLAR("30", "0") "</audioBlockFormat></audioChannelFormat>",
        APR("APR_1001", REF("audioContent", "ACO_1001"))
            ACO("ACO_1001", REF("audioObject", "AO_1001"))
                OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                    PACK("1001", PCH("1001")),
        cases[k].times);
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 4800);
    free(body);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    if (sp_adm_open(path, &f, &m, why, sizeof why) == SP_OK) {
      cr_expect_null(cases[k].want, "case %zu opened", k);
      sp_adm_close(f), sp_adm_fini(&m);
      static float got[6][4800];
      render_51(path, got);
      /* L to the block's end (frame 2400 or past the file's), silence after */
      cr_expect(fabs(got[0][100] - foreign_sample(0, 100)) < 1e-6 &&
                    (k != 2 || (got[0][2399] != 0 && got[0][2400] == 0)) &&
                    (k != 3 || (got[0][2399] != 0 && got[0][2402] == 0)),
                "case %zu: L %g, %g, %g", k, got[0][100], got[0][2400], got[0][2401]);
      ear_agrees(path, got);
      continue;
    }
    cr_expect(cases[k].want && strstr(why, cases[k].want), "case %zu: '%s' does not say '%s'", k,
              why, cases[k].want ? cases[k].want : "(read)");
    char *said = NULL, *out = sp_xasprintf("%s.ear.wav", path);
    if (ear && cases[k].want) /* the EAR reads a finer one, and refuses the other */
      cr_expect((tu_ear_render(ear, path, out, &said) == 0) == (strstr(why, "finer") != NULL),
                "case %zu: %s", k, said);
    free(said), free(out);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A flag (cartesian, jumpPosition, channelLock, screenRef, mute) or a
 * reference (an ...IDRef, an audioTrackUIDRef) with white space around
 * its text, played or not: the EBU ADM Renderer reads it as written, and
 * refuses the file ("could not parse bool", "channelLock value must be 0
 * or 1", "Unknown element requested  AO_1001"; where SP_EAR_DIR names
 * it, it refuses each); stemprint refuses it saying so. A number with
 * white space around it plays, as the EAR's float() reads it. Before,
 * each was trimmed and played. */
Test(admforeign, white_space_around_a_flag_or_reference_is_refused_as_the_ear_refuses_it)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "w.wav"), *out = tu_path(dir, "e.wav");
  static const struct {
    const char *block, *body, *want; /* block: one_block_file's; else body */
  } cases[] = {
      {POLAR("30", "0") "<cartesian> 0</cartesian>", NULL,
       "block AB_00031001_00000001: cartesian '0' has white space around it, which the EBU ADM "
       "Renderer refuses (it reads the text as written, not 0 or 1): write 0 or 1 alone"},
      {POLAR("30", "0") "<jumpPosition>0\n</jumpPosition>", NULL, "jumpPosition '0' has white"},
      {POLAR("30", "0") "<channelLock> 1</channelLock>", NULL, "channelLock '1' has white"},
      {POLAR("30", "0") "<screenRef>0 </screenRef>", NULL, "screenRef '0' has white"},
      {NULL,
       APR("APR_1001", REF("audioContent", "ACO_1001"))
           ACO("ACO_1001", "<audioObjectIDRef> AO_1001\n</audioObjectIDRef>")
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                   PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
       "audioContent ACO_1001: its audioObjectIDRef 'AO_1001' (axml line 1) has white space "
       "around it, which the EBU ADM Renderer refuses (it reads the text as written, and finds "
       "no element of that ID): write the ID alone"},
      {NULL,
       APR("APR_1001", REF("audioContent", "ACO_1001")) ACO("ACO_1001",
                                                            REF("audioObject", "AO_1001"))
           OBJ("AO_1001", "", "<audioPackFormatIDRef>AP_00031001 </audioPackFormatIDRef>" ATU("1"))
               PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
       "audioObject AO_1001: its audioPackFormatIDRef 'AP_00031001' (axml line 1) has white"},
      {NULL,
       APR("APR_1001", REF("audioContent", "ACO_1001"))
           ACO("ACO_1001", REF("audioObject", "AO_1001"))
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1") "<mute>0 </mute>")
                   PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
       "audioObject AO_1001: its mute '0' (axml line 1) has white space around it"},
      {POLAR(" 30 ", "\n0") "<gain> 0.5 </gain>", NULL, NULL},
  };
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    if (cases[k].block)
      one_block_file(path, cases[k].block);
    else
      foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    if (!cases[k].want) { /* a number: read, and played */
      static float got[6][4800];
      render_51(path, got);
      ear_agrees(path, got);
      continue;
    }
    refused_saying(path, cases[k].want, k);
    char *said = NULL;
    if (ear)
      cr_expect(tu_ear_render(ear, path, out, &said) != 0, "case %zu: the EAR played it: %s", k,
                said);
    free(said);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A number with underscores between its digits, which the EBU ADM
 * Renderer's float() reads (PEP 515: "3_0" is 30): played as it plays it
 * (where SP_EAR_DIR names it, within -120 dBFS of its render), as the
 * block of the number without them (EAR-free); one elsewhere ("3__0",
 * "_30") refused, as it refuses it. Before, "3_0" was "not a number". */
Test(admforeign, numbers_with_underscores_are_read_as_the_ear_reads_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "u.wav"), *as = tu_path(dir, "a.wav");
  static const struct {
    const char *block, *as; /* as NULL: refused, saying as */
    const char *want;
  } cases[] = {
      {POLAR("3_0", "0") "<gain>0.5_0</gain>", POLAR("30", "0") "<gain>0.5</gain>", NULL},
      {POLAR("0", "0") "<objectDivergence azimuthRange=\"3_0\">0.2_5</objectDivergence>",
       POLAR("0", "0") "<objectDivergence azimuthRange=\"30\">0.25</objectDivergence>", NULL},
      {POLAR("3__0", "0"), NULL, "position azimuth '3__0' is not a number"},
      {POLAR("30", "0") "<width>_30</width>", NULL, "width '_30' is not a number"},
  };
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    one_block_file(path, cases[k].block);
    if (!cases[k].as) {
      refused_saying(path, cases[k].want, k);
      char *said = NULL, *out = sp_xasprintf("%s.ear.wav", path);
      if (ear)
        cr_expect_neq(tu_ear_render(ear, path, out, &said), 0, "case %zu: the EAR played it", k);
      free(said), free(out);
      continue;
    }
    static float got[6][4800], want[6][4800];
    render_51(path, got);
    one_block_file(as, cases[k].as);
    render_51(as, want);
    cr_expect(worst_5_1(got, want) == 0 && worst_5_1(got, NULL) > 0.01, "case %zu", k);
    ear_agrees(path, got);
  }
  tu_rmtree(dir);
  free(path), free(as), free(dir);
}

/* A value that is no finite number where the EBU ADM Renderer's float()
 * reads it (nan, inf), or a diffuse outside 0 .. 1: refused, saying what
 * the EAR makes of it (where SP_EAR_DIR names it, it does so): a polar
 * block's width or depth of nan, or distance of inf, it fails on; a
 * Cartesian width or height of nan, a diffuse of nan, inf or outside 0 ..
 * 1, it plays silent; a polar height of nan plays as a point where the
 * width is 0, a Cartesian depth of nan where width and height are; a
 * Cartesian coordinate of nan where numpy's NaN leaves it; a gain, polar
 * coordinate, objectDivergence, its ranges, maxDistance or zone bound of
 * nan or inf it refuses too. Before, each said "is not a number" alone
 * (a diffuse of 2 or -1 played, as though 0), not what the EAR does. */
Test(admforeign, values_no_finite_number_are_refused_saying_what_the_ear_makes_of_them)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "n.wav"), *out = tu_path(dir, "e.wav");
#define FAILS "fails on the block (numpy's 'boolean array indexing"
#define SILENT "plays the block silent"
#define REFUSES "refuses it too"
  enum { FAIL, QUIET, REFUSED, PLAYS };
  static const struct {
    const char *block, *want;
    int ear;              /* what the EAR does */
    const char *ear_says; /* in what it prints */
  } cases[] = {
      {POLAR("30", "0") "<width>nan</width>",
       "width 'nan' is not a number; the EBU ADM Renderer "
       "reads it and " FAILS,
       FAIL, "boolean array indexing"},
      {POLAR("30", "0") "<depth>nan</depth>",
       "depth 'nan' is not a number; the EBU ADM Renderer "
       "reads it and " FAILS,
       FAIL, "boolean array indexing"},
      {POLAR("30", "0") "<position coordinate=\"distance\">inf</position>",
       "position distance 'inf' is not a number; the EBU ADM Renderer reads it and " FAILS, FAIL,
       "boolean array indexing"},
      {XYZ("0.5", "1") "<width>nan</width>", SILENT, QUIET, ""},
      {XYZ("0.5", "1") "<height>nan</height>", SILENT, QUIET, ""},
      {POLAR("30", "0") "<diffuse>nan</diffuse>",
       "diffuse 'nan' is not a number; the EBU ADM "
       "Renderer reads it and " SILENT,
       QUIET, "invalid value encountered"},
      {XYZ("0.5", "1") "<diffuse>inf</diffuse>", SILENT, QUIET, "invalid value encountered"},
      {POLAR("30", "0") "<diffuse>2</diffuse>",
       "diffuse 2, and it is 0 .. 1; the EBU ADM Renderer "
       "reads it and " SILENT,
       QUIET, "invalid value encountered"},
      {POLAR("30", "0") "<diffuse>-1</diffuse>", "diffuse -1, and it is 0 .. 1", QUIET,
       "invalid value encountered"},
      {POLAR("30", "0") "<height>nan</height>", "as a point where its width is 0", PLAYS, ""},
      {POLAR("30", "0") "<width>30</width><height>nan</height>", "as a point where its width is 0",
       QUIET, ""},
      {XYZ("0.5", "1") "<depth>nan</depth>", "as a point where its width and height are 0", PLAYS,
       ""},
      {XYZ("nan", "1"),
       "position X 'nan' is not a number; the EBU ADM Renderer reads it and plays "
       "the block where numpy's arithmetic on NaN leaves it",
       PLAYS, ""},
      {POLAR("30", "0") "<gain>inf</gain>",
       "gain 'inf' is not a number; the EBU ADM Renderer " REFUSES, REFUSED,
       "'gain' must be finite"},
      {POLAR("nan", "0"), "position azimuth 'nan' is not a number; the EBU ADM Renderer " REFUSES,
       REFUSED, "out of range"},
      {POLAR("30", "0") "<position coordinate=\"distance\">nan</position>", REFUSES, REFUSED,
       "out of range"},
      {POLAR("30", "0") "<position coordinate=\"distance\">-inf</position>", REFUSES, REFUSED,
       "out of range"},
      {POLAR("30", "0") "<objectDivergence azimuthRange=\"30\">nan</objectDivergence>",
       "objectDivergence not a number, which the EBU ADM Renderer refuses too", REFUSED,
       "must be finite"},
      {POLAR("30", "0") "<objectDivergence azimuthRange=\"inf\">0.5</objectDivergence>",
       "objectDivergence's azimuthRange is not a number, which the EBU ADM Renderer refuses too",
       REFUSED, "must be finite"},
      {XYZ("0", "1") "<objectDivergence positionRange=\"nan\">0.5</objectDivergence>",
       "objectDivergence's positionRange is not a number, which the EBU ADM Renderer refuses too",
       REFUSED, "must be finite"},
      {POLAR("30", "0") "<channelLock maxDistance=\"nan\">1</channelLock>",
       "channelLock's maxDistance is not a number, which the EBU ADM Renderer refuses too", REFUSED,
       "must be finite"},
      {POLAR("30", "0") "<zoneExclusion><zone minX=\"nan\" maxX=\"1\" minY=\"-1\" maxY=\"1\" "
                        "minZ=\"-1\" maxZ=\"1\">z</zone></zoneExclusion>",
       "zone 1 has no number for minX or maxX, which the EBU ADM Renderer refuses too", REFUSED,
       "must be finite"},
  };
#undef FAILS
#undef SILENT
#undef REFUSES
  const char *ear = tu_ear_dir();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    one_block_file(path, cases[k].block);
    refused_saying(path, cases[k].want, k);
    if (!ear)
      continue;
    char *said = NULL;
    const int rc = tu_ear_render(ear, path, out, &said);
    cr_expect((rc == 0) == (cases[k].ear >= QUIET && cases[k].ear != REFUSED) &&
                  strstr(said, cases[k].ear_says),
              "case %zu: the EAR's %d: %s", k, rc, said);
    if (rc == 0) {
      int64_t n = 0;
      int channels = 0, rate = 0;
      double *e = tu_read(out, &n, &channels, &rate), peak = 0;
      for (int64_t i = 0; e && i < n * channels; i++)
        peak = fmax(peak, fabs(e[i]));
      cr_expect(e && (cases[k].ear == PLAYS ? peak > 0.05 : peak == 0),
                "case %zu: the EAR's peak %g", k, peak);
      free(e);
    }
    free(said);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* Every reference, played or not, is looked up as the EBU ADM Renderer
 * looks each up before it renders: one to an element the axml does not
 * hold (nor the common definitions, nor the chna's UIDs) is refused
 * naming the element at its line (the EAR refuses each, where SP_EAR_DIR
 * names it): a programme's to a content, a content's nothing plays to an
 * object, a spare pack's to a channel format, a spare object's to an
 * object or a track UID, a spare UID's to a track format, a complementary
 * object's. A reference to a common definition, or to the chna's UID, or
 * ATU_00000000 (a silent track) plays. Before, each passed unsaid. */
Test(admforeign, a_reference_nothing_plays_is_looked_up_as_the_ear_looks_it_up)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "r.wav"), *out = tu_path(dir, "e.wav");
#define ONE_THEN(more)                                                                             \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                                 \
  ACO("ACO_1001", REF("audioObject", "AO_1001"))                                                   \
      OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))                           \
          more PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0")))
  static const struct {
    const char *body, *want;
  } bad[] = {
      {APR("APR_1001", REF("audioContent", "ACO_1001") REF("audioContent", "ACO_1009"))
           ACO("ACO_1001", REF("audioObject", "AO_1001"))
               OBJ("AO_1001", "", REF("audioPackFormat", "AP_00031001") ATU("1"))
                   PACK("1001", PCH("1001")) CHAN("1001", BLK("1001", "1", "", POLAR("30", "0"))),
       "audioProgramme APR_1001 (axml line 1) refers to ACO_1009, which the axml does not hold "
       "(the EBU ADM Renderer refuses the file for it, played or not): correct the reference, or "
       "remove it"},
      {ONE_THEN(ACO("ACO_1002", REF("audioObject", "AO_1009"))),
       "audioContent ACO_1002 (axml line 1) refers to AO_1009, which the axml does not hold"},
      {ONE_THEN(PACK("1002", PCH("1009"))),
       "audioPackFormat AP_00031002 (axml line 1) refers to AC_00031009, which the axml does not "
       "hold"},
      {ONE_THEN(OBJ("AO_1002", "", REF("audioObject", "AO_1009"))),
       "audioObject AO_1002 (axml line 1) refers to AO_1009, which the axml does not hold"},
      {ONE_THEN(OBJ("AO_1002", "", ATU("9"))),
       "audioObject AO_1002 (axml line 1) refers to ATU_00000009, which the axml does not hold"},
      {ONE_THEN("<audioTrackUID UID=\"ATU_00000009\">" REF("audioTrackFormat",
                                                           "AT_00031009_01") "</audioTrackUID>"),
       "audioTrackUID ATU_00000009 (axml line 1) refers to AT_00031009_01, which the axml does not "
       "hold"},
      {ONE_THEN(OBJ("AO_1002", "", REF("audioComplementaryObject", "AO_1009"))),
       "audioObject AO_1002 (axml line 1) refers to AO_1009, which the axml does not hold"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    refused_as_by_the_ear(path, out, bad[k].body, bad[k].want, k);
  static const char *const plays[] = {
      ONE_THEN(OBJ("AO_1002", "", "<audioTrackUIDRef>ATU_00000000</audioTrackUIDRef>")),
      ONE_THEN(OBJ("AO_1002", "", ATU("1"))),
      ONE_THEN("<audioPackFormat audioPackFormatID=\"AP_00031002\" audioPackFormatName=\"p\" "
               "typeDefinition=\"DirectSpeakers\"><audioChannelFormatIDRef>AC_00010001"
               "</audioChannelFormatIDRef></audioPackFormat>"),
  };
  for (size_t k = 0; k < sizeof plays / sizeof plays[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, plays[k], 4800);
    plays_in_l(path, 1);
  }
#undef ONE_THEN
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A channel format nothing plays whose blocks overlap, or whose jump's
 * interpolationLength is longer than its block: the EBU ADM Renderer warns
 * of either as it reads the file and plays it (where SP_EAR_DIR names it,
 * within -120 dBFS of stemprint's render); stemprint plays it too and says
 * it in a note a line (m.refused, a warning at the track's file), the
 * file's first such channel format named and the others counted. Before,
 * nothing was said. */
Test(admforeign, blocks_nothing_plays_that_the_ear_warns_of_are_said)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "w.wav");
#define T(a, d) " rtime=\"00:00:00.0" a "\" duration=\"00:00:00.0" d "\""
  static const struct {
    const char *body, *want;
  } cases[] = {
      {SPARE_CHAN(BLK("1002", "1", T("0000", "6000"), POLAR("30", "0"))
                      BLK("1002", "2", T("5000", "5000"), POLAR("30", "0"))),
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000002 (axml line 1) starts before the block before it ends, which the EBU "
       "ADM Renderer warns of and plays the file all the same, as stemprint does (played, both "
       "would refuse it): correct the block, or remove the channel format"},
      {SPARE_CHAN(BLK("1002", "1", T("0000", "5000"), POLAR("30", "0"))
                      BLK("1002", "2", T("5000", "5000"),
                          POLAR("30", "0") "<jumpPosition interpolationLength=\"0.06\">1"
                                           "</jumpPosition>"))
           CHAN("1003", BLK("1003", "1", T("0000", "6000"), POLAR("30", "0"))
                            BLK("1003", "2", T("5000", "5000"), POLAR("30", "0"))),
       "block AB_00031002_00000002 (axml line 1) has an interpolationLength of 0.06 s, longer "
       "than the block (0.05 s), which the EBU ADM Renderer warns of and plays the file all the "
       "same, as stemprint does (played, both would refuse it): correct the block, or remove the "
       "channel format (1 more channel formats nothing plays too)"},
  };
#undef T
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    foreign(path, "ITU-R_BS.2076-2", 1, ap1, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect(strstr(m.refused, cases[k].want) && !strchr(m.refused, '\n'),
              "case %zu: '%s' does not say '%s'", k, m.refused, cases[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    plays_in_l(path, 1);
  }
  tu_rmtree(dir);
  free(path), free(dir);
}

/* What the EBU ADM Renderer warns of that m->refused has no room left for
 * (its 640 bytes: a channel format nothing plays of blocks that overlap,
 * a gap in another, a stream linked one way, each a note of 300 to 400
 * bytes) is counted on a line of its own, the notes before it whole.
 * Before, a note that did not fit was left out unsaid: a render warned of
 * the overlap and of the stream, and nothing of the gap. */
Test(admforeign, notes_with_no_room_left_are_counted)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "n.wav");
#define T(a, d) " rtime=\"00:00:00.0" a "\" duration=\"00:00:00.0" d "\""
  static const char body[] = SPARE_CHAN(BLK("1002", "1", T("0000", "6000"), POLAR("30", "0"))
                                            BLK("1002", "2", T("5000", "5000"), POLAR("30", "0")))
      CHAN("1003", BLK("1003", "1", T("0000", "2000"), POLAR("30", "0"))
                       BLK("1003", "2", T("2500", "5000"), POLAR("30", "0")))
          STREAM("1004", PCH("1001"));
#undef T
  foreign(path, "ITU-R_BS.2076-2", 1, ap1, body, 4800);
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  static const char first[] = "audioChannelFormat AC_00031002 (axml line 1), which nothing "
                              "plays: block AB_00031002_00000002";
  const char *nl = strchr(m.refused, '\n');
  cr_expect(nl && strncmp(m.refused, first, sizeof first - 1) == 0, "'%s'", m.refused);
  cr_expect(nl && strcmp(nl + 1, "2 more notes of what the EBU ADM Renderer warns of or refuses, "
                                 "which these notes leave no room for: correct what they say, "
                                 "and the rest is said") == 0,
            "'%s'", m.refused);
  sp_adm_close(f), sp_adm_fini(&m);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* The file at path played into 5.1 as parts[n] say (each the file's
 * track 1 in channel ch over frames [from, to)), silent elsewhere
 * (EAR-free), and the EAR's render the same where SP_EAR_DIR names it
 * (case k). */
typedef struct part_at {
  int ch;
  int64_t from, to;
} part_at;
static void plays_as(const char *path, const part_at *parts, int n, size_t k)
{
  static float got[6][4800];
  render_51(path, got);
  bool same = true;
  for (int c = 0; c < 6 && same; c++)
    for (int64_t i = 0; i < 4800 && same; i++) {
      double want = 0;
      for (int p = 0; p < n; p++)
        if (parts[p].ch == c && i >= parts[p].from && i < parts[p].to)
          want = foreign_sample(0, i);
      same = fabs(got[c][i] - want) < 1e-6;
      cr_expect(same, "case %zu: channel %d frame %lld: %g, not %g", k, c, (long long)i,
                (double)got[c][i], want);
    }
  ear_agrees(path, got);
}

/* The one-track file of axml body (its pack ap) at path played as the
 * file of axml as plays (at as_path; EAR-free), and not silent; within
 * -120 dBFS of the EAR's render where SP_EAR_DIR names it (case k). */
static void plays_as_body(const char *path, const char *as_path, const char *const *ap,
                          const char *body, const char *as, size_t k)
{
  static float got[6][4800], want[6][4800];
  foreign(path, "ITU-R_BS.2076-2", 1, ap, body, 4800);
  render_51(path, got);
  foreign(as_path, "ITU-R_BS.2076-2", 1, ap, as, 4800);
  render_51(as_path, want);
  cr_expect(worst_5_1(got, want) == 0 && worst_5_1(got, NULL) > 0.01, "case %zu", k);
  ear_agrees(path, got);
}

/* The one-track file of axml body (its pack ap) at path refused, saying
 * want, and by the EAR too where SP_EAR_DIR names it (its render into
 * out failing, saying ear_says; NULL: whatever it says) (case k). */
static void refused_by_both(const char *path, const char *out, const char *const *ap,
                            const char *body, const char *want, const char *ear_says, size_t k)
{
  foreign(path, "ITU-R_BS.2076-2", 1, ap, body, 4800);
  refused_saying(path, want, k);
  const char *ear = tu_ear_dir();
  char *said = NULL;
  if (ear)
    cr_expect(tu_ear_render(ear, path, out, &said) != 0 && (!ear_says || strstr(said, ear_says)),
              "case %zu: the EAR's: %s", k, said);
  free(said);
}

/* One bed channel (AC_00031001, pack AP_00011001) of blocks, in audioObject
 * AO_1001 of attributes attrs; a block of it, its label X, at azimuth az. */
#define DS_ONE(attrs, blocks)                                                                      \
  APR("APR_1001", REF("audioContent", "ACO_1001"))                                                 \
  ACO("ACO_1001", REF("audioObject", "AO_1001"))                                                   \
  OBJ("AO_1001", attrs, REF("audioPackFormat", "AP_00011001") ATU("1")) DS_PACK("1", blocks)
#define DSB(n, times, az)                                                                          \
  "<audioBlockFormat audioBlockFormatID=\"AB_00031001_0000000" n "\"" times                        \
  "><speakerLabel>X</speakerLabel>" POLAR(az, "0") "</audioBlockFormat>"
#define T(r, d) " rtime=\"00:00:00." r "\" duration=\"00:00:00." d "\""

/* A block without times (an Objects or a DirectSpeakers one) in an
 * audioObject without a duration holds from the object's start past the
 * file's end: the EBU ADM Renderer plays it over the whole file and never
 * reaches the blocks after it in time's order (its processing block never
 * ends, so it never asks for the next), whatever they hold: played so
 * (EAR-free: the first block's speaker alone, every frame; where
 * SP_EAR_DIR names it, within -120 dBFS of its render), and said in a
 * note naming the block and the first it passes by. A block passed by
 * that holds what the EAR refuses as it reads the file (a gain of no
 * number) is refused all the same, as the EAR refuses it. Before, the
 * Objects blocks were refused as blocks that overlap, and the
 * DirectSpeakers ones as another place than the first's without a time. */
Test(admforeign, a_block_without_times_plays_to_the_end_and_the_blocks_after_it_are_passed_by)
{
  static const char *const ds[] = {"AP_00011001"};
  static const struct {
    const char *body;
    int ch;           /* the speaker it plays in (5.1's) */
    const char *want; /* in the note, or (ch < 0) in why */
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("30", "0"))
                      BLK("1001", "2", T("05", "05"), POLAR("-30", "0"))),
       0,
       "audioChannelFormat AC_00031001 (axml line 1): block AB_00031001_00000001 (axml line 1) "
       "has no rtime and duration, and its audioObject no duration, so it holds to the file's "
       "end, and the EBU ADM Renderer plays it there and never reaches the 1 block after it "
       "(AB_00031001_00000002, axml line 1), as stemprint does: give the block an rtime and a "
       "duration, or remove the blocks after it"},
      /* written after a timed one at 0, it comes first in time's order */
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "2", T("00", "05"), POLAR("-30", "0"))
                      BLK("1001", "1", "", POLAR("30", "0"))),
       0, "block AB_00031001_00000001 (axml line 1) has no rtime and duration"},
      {DS_ONE("", DSB("1", "", "0") DSB("2", "", "30") DSB("3", T("05", "05"), "-30")), 2,
       "never reaches the 2 blocks after it (AB_00031001_00000002, axml line 1)"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("30", "0"))
                      BLK("1001", "2", T("05", "05"), POLAR("-30", "0") "<gain>zero</gain>")),
       -1,
       "object 'p1001' block AB_00031001_00000002 (axml line 1): gain 'zero' is not a number; "
       "the EBU ADM Renderer refuses the file for it, though it never plays it: correct it, or "
       "remove it"},
      {DS_ONE("",
              DSB("1", "", "0") "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000002\"" T(
                  "05", "05") ">" POLAR("30", "0") "<gain>zero</gain></audioBlockFormat>"),
       -1, "bed track 1 (AC_00031001) block 2: gain 'zero' is not a number"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "u.wav"), *out = tu_path(dir, "e.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const char *const *ap = strstr(cases[k].body, "AP_00011001") ? ds : ap1;
    if (cases[k].ch < 0) {
      refused_by_both(path, out, ap, cases[k].body, cases[k].want, NULL, k);
      continue;
    }
    foreign(path, "ITU-R_BS.2076-2", 1, ap, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    cr_expect(strstr(m.refused, cases[k].want), "case %zu: '%s' does not say '%s'", k, m.refused,
              cases[k].want);
    sp_adm_close(f), sp_adm_fini(&m);
    const part_at all = {cases[k].ch, 0, 4800};
    plays_as(path, &all, 1, k);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A bed's (DirectSpeakers) audioObject of a start or a duration: its
 * blocks play from its start (a block's rtime from there), a block
 * without times to the object's end, as the EBU ADM Renderer plays them
 * (EAR-free: the track in its speaker there alone; where SP_EAR_DIR names
 * it, within -120 dBFS of its render); one that starts past the file's
 * end plays nothing; a block that ends after its object is refused, as
 * the EAR refuses it ("block ... ends after object"). Before, a start or
 * an end inside the file was refused ("stemprint plays a bed's
 * audioObject from the file's start to its end"). */
Test(admforeign, a_beds_audio_object_start_and_duration_play_as_the_ear_plays_them)
{
  static const char *const ds[] = {"AP_00011001"};
  static const struct {
    const char *body;
    part_at parts[2];
    int n;            /* of parts */
    const char *want; /* refused saying it (n 0) */
  } cases[] = {
      {DS_ONE(" start=\"00:00:00.025\" duration=\"00:00:00.05\"", DSB("1", "", "30")),
       {{0, 1200, 3600}},
       1,
       NULL},
      {DS_ONE(" start=\"00:00:00.025\"",
              DSB("1", T("00", "025"), "30") DSB("2", T("025", "025"), "-30")),
       {{0, 1200, 2400}, {1, 2400, 3600}},
       2,
       NULL},
      {DS_ONE(" start=\"00:00:00.2\"", DSB("1", "", "30")), {{0, 0, 0}}, 0, NULL},
      {DS_ONE(" start=\"00:00:00.025\" duration=\"00:00:00.05\"", DSB("1", T("00", "06"), "30")),
       {{0, 0, 0}},
       0,
       "bed track 1 (AC_00031001) block 1: it ends after its audioObject does (BS.2076-2 has an "
       "object's blocks within it; the EBU ADM Renderer refuses it): end the block by then, or "
       "lengthen the object"},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "s.wav"), *out = tu_path(dir, "e.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    if (cases[k].want) {
      refused_by_both(path, out, ds, cases[k].body, cases[k].want, "ends after object", k);
      continue;
    }
    foreign(path, "ITU-R_BS.2076-2", 1, ds, cases[k].body, 4800);
    plays_as(path, cases[k].parts, cases[k].n, k);
  }
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* The one-track bed file of axml body (pack AP_00011001) at path played
 * in 5.1 channel ch alone (plays_as), its notes saying note (NULL: none),
 * none of its speakerLabels said unread (case k). */
static void bed_plays_in(const char *path, const char *body, int ch, const char *note, size_t k)
{
  static const char *const ds[] = {"AP_00011001"};
  foreign(path, "ITU-R_BS.2076-2", 1, ds, body, 4800);
  sp_adm_file *f;
  sp_adm m;
  char why[1024] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
  cr_expect(note ? strstr(m.refused, note) != NULL : !m.refused[0],
            "case %zu: '%s' does not say '%s'", k, m.refused, note ? note : "");
  cr_expect(!strstr(m.unread, "speakerLabel"), "case %zu: '%s'", k, m.unread);
  sp_adm_close(f), sp_adm_fini(&m);
  const part_at all = {ch, 0, 4800};
  plays_as(path, &all, 1, k);
}

/* A speakerLabel with white space around it: the EBU ADM Renderer keeps
 * it as written, so that it names no speaker (" M+030 " is not M+030, nor
 * "LFE1\n" the LFE), and plays the channel where its position puts it (at
 * 0°, C; where SP_EAR_DIR names it, within -120 dBFS of its render):
 * played so (EAR-free: C alone, where the label alone would be L or the
 * LFE), and said in a note. But a BS.2051 URN ending in one newline names
 * its speaker (its pattern's $ takes it), unsaid. Before, the label was
 * read trimmed, and the channel played in L (or the LFE). */
Test(admforeign, a_speaker_label_with_white_space_around_it_names_no_speaker_as_in_the_ear)
{
#define LBL(label, el)                                                                             \
  DS_ONE("", "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\"><speakerLabel>" label  \
             "</speakerLabel>" POLAR("0", el) "</audioBlockFormat>")
  static const struct {
    const char *body;
    int ch;
    const char *want; /* in the note (NULL: none) */
  } cases[] = {
      {LBL(" M+030 ", "0"), 2,
       "bed track 1 (AC_00031001) block 1: its speakerLabel ' M+030 ' has white space around it, "
       "which the EBU ADM Renderer keeps, so that the label names no speaker and the channel "
       "plays where its position puts it, as stemprint plays it: write the label alone"},
      {LBL("M+030", "0"), 0, NULL},
      {LBL("LFE1\n", "0"), 2, "its speakerLabel 'LFE1&#10;' has white space around it"},
      {LBL("LFE1", "0"), 3, NULL},
      /* a URN, which the EAR's pattern takes ending in one newline */
      {LBL("urn:itu:bs:2051:0:speaker:M+030\n", "0"), 0, NULL},
      {LBL("urn:itu:bs:2051:0:speaker:M+030 ", "0"), 2,
       "its speakerLabel 'urn:itu:bs:2051:0:speaker:M+030 ' has white space around it"},
  };
#undef LBL
  char *dir = tu_tmpdir(), *path = tu_path(dir, "l.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    bed_plays_in(path, cases[k].body, cases[k].ch, cases[k].want, k);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A reference in a Matrix block (a matrix coefficient's, whose text is an
 * audioChannelFormat's ID, or an outputChannelFormatIDRef), played or
 * not: with white space around it, or to an element the axml does not
 * hold, the EBU ADM Renderer refuses the file ("Unknown element requested
 * AC_00031001", where SP_EAR_DIR names it), as it refuses every other
 * reference so; refused naming the block, the reference and its line.
 * Before, a block's references were passed by unread (the file of a spare
 * Matrix pack played). */
Test(admforeign, a_reference_in_a_matrix_block_is_refused_as_the_ear_refuses_it)
{
#define MATRIX(inner)                                                                              \
  ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("30", "0")))                            \
  "<audioPackFormat audioPackFormatID=\"AP_00021002\" audioPackFormatName=\"m\" "                  \
  "typeLabel=\"0002\" typeDefinition=\"Matrix\"><audioChannelFormatIDRef>AC_00021002"              \
  "</audioChannelFormatIDRef></audioPackFormat><audioChannelFormat audioChannelFormatID="          \
  "\"AC_00021002\" audioChannelFormatName=\"m\" typeLabel=\"0002\" typeDefinition=\"Matrix\">"     \
  "<audioBlockFormat audioBlockFormatID=\"AB_00021002_00000001\">" inner                           \
  "</audioBlockFormat></audioChannelFormat>"
  static const struct {
    const char *body, *want;
  } cases[] = {
      {MATRIX("<matrix><coefficient gain=\"1\"> AC_00031001</coefficient></matrix>"),
       "audioBlockFormat AB_00021002_00000001: its coefficient 'AC_00031001' (axml line 1) has "
       "white space around it, which the EBU ADM Renderer refuses (it reads the text as written, "
       "and finds no element of that ID): write the ID alone"},
      {MATRIX("<outputChannelFormatIDRef>AC_00031001\n</outputChannelFormatIDRef>"),
       "audioBlockFormat AB_00021002_00000001: its outputChannelFormatIDRef 'AC_00031001' (axml "
       "line 1) has white space around it"},
      {MATRIX("<matrix><coefficient gain=\"1\">AC_00031001</coefficient><coefficient "
              "gain=\"1\">AC_00031009</coefficient></matrix>"),
       "audioBlockFormat AB_00021002_00000001 (axml line 1) refers to AC_00031009 (its "
       "coefficient), which the axml does not hold (the EBU ADM Renderer refuses the file for "
       "it, played or not): correct the reference, or remove it"},
      {MATRIX("<outputChannelIDRef>AC_00031009</outputChannelIDRef>"),
       "refers to AC_00031009 (its outputChannelIDRef), which the axml does not hold"},
  };
#undef MATRIX
  char *dir = tu_tmpdir(), *path = tu_path(dir, "m.wav"), *out = tu_path(dir, "e.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    refused_by_both(path, out, ap1, cases[k].body, cases[k].want, "Unknown element requested", k);
  tu_rmtree(dir);
  free(path), free(out), free(dir);
}

/* A time or a number written in Unicode's other decimal digits (Arabic-
 * Indic, Devanagari, fullwidth), which the EBU ADM Renderer reads as
 * their values (its time pattern's \d, int() and float() take Unicode's
 * decimal digits, category Nd), or a number with Unicode white space
 * around it (a no-break space), which float() strips: played as it plays
 * them, as the block of ASCII digits plays (EAR-free), within -120 dBFS
 * of its render where SP_EAR_DIR names it. A digit that is no decimal one
 * (a superscript two, which \d does not match) is refused, as the EAR
 * refuses it. Before, each was "not a BS.2076 time" or "not a number". */
Test(admforeign, unicode_decimal_digits_are_read_as_the_ear_reads_them)
{
#define AI0 "\xd9\xa0" /* U+0660.. (Arabic-Indic), U+FF10.. (fullwidth), U+0966.. (Devanagari) */
#define AI3 "\xd9\xa3"
#define AI5 "\xd9\xa5"
#define FW0 "\xef\xbc\x90"
#define FW5 "\xef\xbc\x95"
#define DV0 "\xe0\xa5\xa6"
#define DV2 "\xe0\xa5\xa8"
#define DV5 "\xe0\xa5\xab"
#define NBSP "\xc2\xa0"
#define SUP2 "\xc2\xb2"
#define AI_TIME(last) AI0 AI0 ":" AI0 AI0 ":" AI0 AI0 "." AI0 last
  static const struct {
    const char *body, *as, *want; /* as NULL: refused, saying want */
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"" AI_TIME(AI0) "\" duration=\"" AI_TIME(AI5) "\"",
                      POLAR(AI3 AI0, "0"))),
       ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", T("00", "05"), POLAR("30", "0"))), NULL},
      {ONE_OBJECT("AO_1001", " start=\"00:00:00." DV0 DV2 DV5 "\"", "",
                  BLK("1001", "1", " rtime=\"00:00:00.0\" duration=\"" FW0 FW0 ":00:00.05\"",
                      POLAR("30", "0") "<gain>" NBSP FW0 "." FW5 NBSP "</gain>")),
       ONE_OBJECT("AO_1001", " start=\"00:00:00.025\"", "",
                  BLK("1001", "1", T("0", "05"), POLAR("30", "0") "<gain>0.5</gain>")),
       NULL},
      {ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("3" SUP2, "0"))), NULL,
       "position azimuth '3" SUP2 "' is not a number"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " rtime=\"00:00:00.0\" duration=\"00:00:00.0" SUP2 "\"",
                      POLAR("30", "0"))),
       NULL, "duration '00:00:00.0" SUP2 "' is not a BS.2076 time"},
  };
#undef AI_TIME
#undef AI0
#undef AI3
#undef AI5
#undef FW0
#undef FW5
#undef DV0
#undef DV2
#undef DV5
#undef NBSP
#undef SUP2
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav"), *as = tu_path(dir, "a.wav");
  char *out = tu_path(dir, "e.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    if (cases[k].as)
      plays_as_body(path, as, ap1, cases[k].body, cases[k].as, k);
    else
      refused_by_both(path, out, ap1, cases[k].body, cases[k].want, NULL, k);
  tu_rmtree(dir);
  free(path), free(as), free(out), free(dir);
}

/* A block of a duration and no rtime (an Objects or a DirectSpeakers
 * one), which the EBU ADM Renderer reads as an rtime of 0 and plays,
 * warning of it ("added missing rtime"; its _set_default_rtimes): played
 * as the block of rtime 0 plays (EAR-free; where SP_EAR_DIR names it,
 * within -120 dBFS of its render), and said in a note, the first named
 * and the others counted. An rtime without a duration is still refused,
 * as the EAR refuses it (foreign_files_bs2127_cannot_play_...). Before, a
 * duration alone was refused as "a duration without an rtime". */
Test(admforeign, a_block_of_a_duration_and_no_rtime_starts_at_0_as_in_the_ear)
{
  static const char *const ds[] = {"AP_00011001"};
  static const struct {
    const char *body, *as;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", " duration=\"00:00:00.05\"", POLAR("30", "0"))
                      BLK("1001", "2", T("05", "05"), POLAR("-30", "0"))),
       ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", T("00", "05"), POLAR("30", "0"))
                      BLK("1001", "2", T("05", "05"), POLAR("-30", "0")))},
      {DS_ONE("", DSB("1", " duration=\"00:00:00.05\"", "30")
                      DSB("2", " duration=\"00:00:00.0\"", "-30")),
       DS_ONE("", DSB("1", T("00", "05"), "30") DSB("2", T("00", "0"), "-30"))},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "d.wav"), *as = tu_path(dir, "a.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const char *const *ap = strstr(cases[k].body, "AP_00011001") ? ds : ap1;
    foreign(path, "ITU-R_BS.2076-2", 1, ap, cases[k].body, 4800);
    sp_adm_file *f;
    sp_adm m;
    char why[1024] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "case %zu: %s", k, why);
    static const char note[] = "block AB_00031001_00000001 (axml line 1) has a duration and no "
                               "rtime, which the EBU ADM Renderer reads as an rtime of 0 and "
                               "plays, warning of it ('added missing rtime'), as stemprint does: "
                               "write rtime=\"00:00:00.00000\"";
    cr_expect(strstr(m.refused, note) &&
                  (k == 0 || strstr(m.refused, "rtime=\"00:00:00.00000\" (1 more blocks too)")),
              "case %zu: '%s'", k, m.refused);
    sp_adm_close(f), sp_adm_fini(&m);
    plays_as_body(path, as, ap, cases[k].body, cases[k].as, k);
  }
  tu_rmtree(dir);
  free(path), free(as), free(dir);
}

/* An element a block holds more than once: one the EBU ADM Renderer reads
 * once (an Objects block's width, height, depth, diffuse, cartesian,
 * screenRef, importance and gain, a DirectSpeakers block's gain and
 * importance) refused, played or not, as it refuses it ("multiple width
 * elements found", where SP_EAR_DIR names it); one it reads again and
 * again, each over the one before (jumpPosition, objectDivergence,
 * zoneExclusion), played as its last, and a channelLock as its last of 1
 * (a 0 after it leaves the lock on), as the EAR plays them (EAR-free: as
 * the block of that one alone; within -120 dBFS of its render where
 * SP_EAR_DIR names it). Before, the first of each played. */
Test(admforeign, an_element_said_twice_in_a_block_is_read_as_the_ear_reads_it)
{
  static const char *const ds[] = {"AP_00011001"};
#define LOCKS(locks) ONE_OBJECT("AO_1001", "", "", BLK("1001", "1", "", POLAR("20", "0") locks))
  static const struct {
    const char *body, *as; /* as NULL: refused, saying want */
    const char *want;
  } cases[] = {
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "", POLAR("30", "0") "<width>10</width><width>20</width>")),
       NULL,
       "object 'p1001' block AB_00031001_00000001: <width> said twice, which the EBU ADM "
       "Renderer refuses ('multiple width elements found'): write it once"},
      {DS_ONE("", "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\">" POLAR(
                      "30", "0") "<gain>0.5</gain><gain>0.5</gain></audioBlockFormat>"),
       NULL, "bed track 1 (AC_00031001) block 1: <gain> said twice"},
      {SPARE_CHAN(BLK("1002", "1", "",
                      POLAR("30", "0") "<cartesian>0</cartesian><cartesian>0"
                                       "</cartesian>")),
       NULL,
       "audioChannelFormat AC_00031002 (axml line 1), which nothing plays: block "
       "AB_00031002_00000001 (axml line 1): <cartesian> said twice"},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", T("00", "05"), POLAR("30", "0"))
                      BLK("1001", "2", T("05", "05"),
                          POLAR("-30", "0") "<jumpPosition>1</jumpPosition><jumpPosition>0"
                                            "</jumpPosition>")),
       ONE_OBJECT(
           "AO_1001", "", "",
           BLK("1001", "1", T("00", "05"), POLAR("30", "0"))
               BLK("1001", "2", T("05", "05"), POLAR("-30", "0") "<jumpPosition>0</jumpPosition>")),
       NULL},
      {ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      POLAR("0", "0") "<objectDivergence azimuthRange=\"60\">1</objectDivergence>"
                                      "<objectDivergence azimuthRange=\"30\">0.5"
                                      "</objectDivergence>")),
       ONE_OBJECT("AO_1001", "", "",
                  BLK("1001", "1", "",
                      POLAR("0", "0") "<objectDivergence azimuthRange=\"30\">0.5"
                                      "</objectDivergence>")),
       NULL},
      {LOCKS("<channelLock>1</channelLock><channelLock>0</channelLock>"),
       LOCKS("<channelLock>1</channelLock>"), NULL},
      {LOCKS("<channelLock>0</channelLock><channelLock>1</channelLock>"),
       LOCKS("<channelLock>1</channelLock>"), NULL},
  };
#undef LOCKS
  char *dir = tu_tmpdir(), *path = tu_path(dir, "t.wav"), *as = tu_path(dir, "a.wav");
  char *out = tu_path(dir, "e.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const char *const *ap = strstr(cases[k].body, "AP_00011001") ? ds : ap1;
    if (cases[k].as)
      plays_as_body(path, as, ap, cases[k].body, cases[k].as, k);
    else
      refused_by_both(path, out, ap, cases[k].body, cases[k].want, "multiple", k);
  }
  tu_rmtree(dir);
  free(path), free(as), free(out), free(dir);
}

/* A DirectSpeakers block of several speakerLabels: the EBU ADM Renderer
 * tries each in turn (BS.2127's DirectSpeakers rules: an earlier label
 * first) for a speaker of that name, and takes the channel for an LFE
 * where any label names one; played so (EAR-free: the speaker each case
 * names alone; within -120 dBFS of its render where SP_EAR_DIR names it),
 * none said unread. Before, the first alone was read and the others said
 * unplayed: "X" then "M+030" at 0° played in C, where the EAR plays L. */
Test(admforeign, several_speaker_labels_are_tried_in_turn_as_in_the_ear)
{
#define LBL2(a, b)                                                                                 \
  DS_ONE("", "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\"><speakerLabel>" a      \
             "</speakerLabel><speakerLabel>" b                                                     \
             "</speakerLabel>" POLAR("0", "0") "</audioBlockFormat>")
  static const struct {
    const char *body;
    int ch;
  } cases[] = {
      {LBL2("X", "M+030"), 0},
      {LBL2("M-030", "M+030"), 1},
      {LBL2("X", "LFE1"), 3},
      {LBL2("M+030", "LFE1"), 3}, /* an LFE by its second: M+030 is none */
  };
#undef LBL2
  char *dir = tu_tmpdir(), *path = tu_path(dir, "l.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    bed_plays_in(path, cases[k].body, cases[k].ch, NULL, k);
  /* 200,000 labels: each kept, copied once (before a bound, each was
   * copied again after the ones before it) */
  enum { MANY = 200000 };
  static const char one[] = "<speakerLabel>X</speakerLabel>";
  char *labels = sp_xcalloc(MANY * (sizeof one - 1) + 1, 1);
  for (int i = 0; i < MANY; i++)
    memcpy(labels + i * (sizeof one - 1), one, sizeof one - 1);
  char *body = sp_xasprintf("%s<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\">%s"
                            "%s</audioBlockFormat></audioChannelFormat>",
                            DS_ONE("", ""), labels, POLAR("0", "0"));
  char *cut = strstr(body, "</audioChannelFormat>"); /* DS_ONE's, before the block */
  memmove(cut, cut + strlen("</audioChannelFormat>"),
          strlen(cut + strlen("</audioChannelFormat>")) + 1);
  bed_plays_in(path, body, 2, NULL, 99);
  free(body), free(labels);
  tu_rmtree(dir);
  free(path), free(dir);
}

/* A DirectSpeakers block of labels past eight, or past 96 bytes of them:
 * the EBU ADM Renderer tries every one in turn, however many and however
 * long (a URN of many digits names its speaker too), and takes the
 * channel for an LFE where any names one; played so (EAR-free: the
 * speaker each case names alone; within -120 dBFS of its render where
 * SP_EAR_DIR names it). Before, the first eight labels alone, of their
 * first 96 bytes, were tried and the rest dropped unsaid: the ninth of ten
 * naming M+030 at 0° played in C, where the EAR plays L. */
Test(admforeign, every_speaker_label_is_tried_however_many_as_in_the_ear)
{
#define SL(a) "<speakerLabel>" a "</speakerLabel>"
#define LBLS(labels)                                                                               \
  DS_ONE("", "<audioBlockFormat audioBlockFormatID=\"AB_00031001_00000001\">" labels POLAR(        \
                 "0", "0") "</audioBlockFormat>")
#define EIGHT SL("X1") SL("X2") SL("X3") SL("X4") SL("X5") SL("X6") SL("X7") SL("X8")
#define X48 "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
#define ZEROS40 "0000000000000000000000000000000000000000"
  static const struct {
    const char *body;
    int ch;
  } cases[] = {
      {LBLS(EIGHT SL("M+030") SL("X10")), 0}, /* the ninth of ten */
      {LBLS(EIGHT SL("LFE1") SL("X10")), 3},  /* an LFE by its ninth */
      {LBLS(SL(X48) SL(X48) SL("M-030")), 1}, /* past 96 bytes */
      {LBLS(SL(X48 X48 "X") SL("M-030")), 1}, /* a first of 97 bytes */
      {LBLS(SL("urn:itu:bs:2051:" ZEROS40 ZEROS40 ZEROS40 ":speaker:M+030")), 0},
  };
#undef ZEROS40
#undef X48
#undef EIGHT
#undef LBLS
#undef SL
  char *dir = tu_tmpdir(), *path = tu_path(dir, "l.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    bed_plays_in(path, cases[k].body, cases[k].ch, NULL, k);
  tu_rmtree(dir);
  free(path), free(dir);
}
