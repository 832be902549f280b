/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF files as written and read (io/audio/adm.h, io/audio/riff.h),
 * against answers known without the code under test: the two layouts
 * master.adm.profile chooses (the Dolby Atmos Master ADM Profile's, whose
 * PCM streams name their pack too, and BS.2076-2's alone, whose do not),
 * each read back; masters at 44.1 and 96 kHz; a bed of BS.2094's common
 * definitions referenced by its pack's ID alone; a BW64 over 4 GiB (its
 * ds64) read from a sparse file and its head written with 64-bit sizes,
 * without writing 4 GiB; objects whose blocks carry objectDivergence,
 * channelLock and zoneExclusion played as a track's file plays them, at
 * BS.2127's gains and the EBU ADM Renderer's; a bed's audioObject gain
 * and mute (files other tools write: tests/test_admforeign.c); rendered
 * within -120 dBFS of the EAR where SP_EAR_DIR names it. Headers are read
 * again by python3's struct module where python3 is there (an independent
 * reader). */

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/dsp/adm.h"
#include "core/dsp/bs2127/bs2127.h"
#include "core/graph/query.h"
#include "core/recipe/recipe.h"
#include "io/audio/adm.h"
#include "io/audio/riff.h"
#include "testear.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TestSuite(admfiles, .timeout = TU_TIMEOUT(60));

/* A 5.1 bed and a moving mono object at rate, one second. */
static void scene(sp_adm *m, double rate, bool bs2076)
{
  memset(m, 0, sizeof *m);
  m->rate = rate;
  m->frames = (int64_t)rate;
  m->programme = sp_xstrdup("p");
  m->bs2076 = bs2076;
  m->beds[0] = sp_layout_find("5.1");
  m->n_beds = 1;
  m->n_objects = 1;
  m->objects = sp_xcalloc(1, sizeof *m->objects);
  m->objects[0] = (sp_adm_object){
      .name = sp_xstrdup("lead"), .track = 6, .channels = 1, .binaural = SP_ADM_BINAURAL_MID};
  sp_auto_point pa[] = {{.t = {.seconds = 0.25}, .v = 30}, {.t = {.seconds = 0.75}, .v = -30}};
  sp_auto az = {.value = 30, .points = pa, .n = 2}, el = {.value = 0};
  sp_adm_object_blocks(&m->objects[0], &az, &el, 0, 1.0, rate, m->frames, (int64_t)rate / 50);
  m->tracks = 7;
}

/* Each track its own ramp of 24-bit codes. */
static sp_err pull(void *ctx, float *const *ch, size_t n, char *why, size_t why_size)
{
  (void)why, (void)why_size;
  int64_t *t = ctx;
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < 7; k++)
      ch[k][i] = (float)((double)(((*t + (int64_t)i) * (k + 1) * 31) % 4000000) / 8388608.0);
  *t += (int64_t)n;
  return SP_OK;
}

/* The output of a python3 program (NULL when python3 is not there). */
static char *python(const char *program)
{
  if (access("/usr/bin/python3", X_OK) != 0)
    return NULL;
  char *dir = tu_tmpdir();
  char *py = tu_write_text(dir, "p.py", program), *out = tu_path(dir, "out");
  char *cmd = sp_xasprintf("/usr/bin/python3 %s > %s 2>&1", py, out);
  const int rc = system(cmd);
  char *text = tu_slurp_must(out);
  cr_assert_eq(rc, 0, "python3: %s", text);
  tu_rmtree(dir);
  free(cmd), free(py), free(out), free(dir);
  return text;
}

/* m written at path and read back: its beds, objects and blocks, its
 * layout, its samples bit for bit. */
static void round_trip(const char *path, sp_adm *m)
{
  char why[512] = "";
  int64_t t = 0;
  cr_assert_eq(tu_adm_write(path, m, NULL, pull, &t, why, sizeof why), SP_OK, "%s", why);
  sp_adm_file *f;
  sp_adm r;
  cr_assert_eq(sp_adm_open(path, &f, &r, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(r.rate, m->rate);
  cr_expect_eq(r.frames, m->frames);
  cr_expect_eq(r.bs2076, m->bs2076);
  cr_expect_eq(r.n_beds, 1);
  cr_expect_eq(r.beds[0], m->beds[0]);
  cr_assert_eq(r.n_objects, 1);
  cr_assert_eq(r.objects[0].n_blocks, m->objects[0].n_blocks);
  for (size_t k = 0; k < m->objects[0].n_blocks; k++) {
    const sp_adm_block *a = &m->objects[0].blocks[k], *b = &r.objects[0].blocks[k];
    cr_expect(a->start == b->start && a->dur == b->dur, "block %zu at %g Hz", k, m->rate);
    cr_expect(fabs(a->x - b->x) < 1e-5 && fabs(a->y - b->y) < 1e-5, "block %zu", k);
  }
  int64_t g = 0, done = 0;
  float *in[7], *back[7];
  for (int k = 0; k < 7; k++)
    in[k] = sp_xmalloc(4096 * sizeof(float)), back[k] = sp_xmalloc(4096 * sizeof(float));
  for (int64_t n; (n = sp_adm_read(f, back, 4096, why, sizeof why)) > 0; done += n) {
    pull(&g, in, (size_t)n, why, sizeof why);
    for (int k = 0; k < 7; k++)
      cr_assert_arr_eq(in[k], back[k], (size_t)n * sizeof(float), "track %d", k);
  }
  cr_expect_eq(done, m->frames);
  for (int k = 0; k < 7; k++)
    free(in[k]), free(back[k]);
  sp_adm_close(f);
  sp_adm_fini(&r);
}

/* The Dolby profile's streams name their channel format and their pack;
 * BS.2076-2's name the channel format alone (what the EBU ADM Renderer
 * asks), and its LFE carries BS.2051's label. Both read back equal. */
Test(admfiles, the_two_profiles_lay_out_the_streams_and_read_back)
{
  char *dir = tu_tmpdir();
  for (int strict = 0; strict < 2; strict++) {
    sp_adm m;
    scene(&m, 48000, strict);
    size_t n;
    char *x = sp_adm_axml(&m, &n);
    size_t streams = 0, with_pack = 0;
    for (const char *s = x; (s = strstr(s, "<audioStreamFormat ")); s++) {
      const char *end = strstr(s, "</audioStreamFormat>");
      const char *p = strstr(s, "<audioPackFormatIDRef>");
      streams++;
      with_pack += p && p < end;
    }
    cr_expect_eq(streams, 7);
    cr_expect_eq(with_pack, strict ? 0 : 7, "profile %s", strict ? "bs2076" : "dolby");
    cr_expect_eq(strstr(x, "<speakerLabel>LFE1</speakerLabel>") != NULL, strict);
    cr_expect_eq(strstr(x, "<speakerLabel>RC_LFE</speakerLabel>") != NULL, !strict);
    free(x);
    char *path = sp_xasprintf("%s/m%d.wav", dir, strict);
    round_trip(path, &m);
    /* its head as python's struct reads it: a RIFF WAVE, 7 tracks of
     * 24-bit PCM at 48 kHz, its data 48000 frames */
    char *py = sp_xasprintf(
        "import struct\nb=open('%s','rb').read()\nassert b[:4]==b'RIFF' and b[8:12]==b'WAVE'\n"
        "i=12\nwhile i<len(b):\n  c,n=b[i:i+4],struct.unpack('<I',b[i+4:i+8])[0]\n"
        "  if c==b'fmt ': print(struct.unpack('<HHIIHH',b[i+8:i+24]))\n"
        "  if c==b'data': print(n//21)\n  i+=8+n+(n&1)\n",
        path);
    char *out = python(py);
    if (out)
      cr_expect_str_eq(out, "(1, 7, 48000, 1008000, 21, 24)\n48000\n");
    free(out), free(py), free(path);
    sp_adm_fini(&m);
  }
  tu_rmtree(dir);
  free(dir);
}

/* A BS.2076-2 master at 44.1 kHz (its times in BS.2076-2's fractional
 * form where hundred-thousandths are not exact) and at 96 kHz. */
Test(admfiles, bs2076_masters_at_44_1_and_96_khz_read_back)
{
  char *dir = tu_tmpdir();
  static const double rates[] = {44100, 96000};
  for (int i = 0; i < 2; i++) {
    sp_adm m;
    scene(&m, rates[i], true);
    char *path = sp_xasprintf("%s/m%d.wav", dir, i);
    round_trip(path, &m);
    free(path);
    sp_adm_fini(&m);
  }
  tu_rmtree(dir);
  free(dir);
}

/* master.adm.profile: dolby and its old name immersive-music check the
 * Dolby profile's rules (48 or 96 kHz: a master at 44.1 is refused, and
 * the error names the way out); bs2076 writes BS.2076-2's layout at any
 * rate; another word is refused with the words it takes. */
Test(admfiles, the_recipe_names_the_profile)
{
  char *dir = tu_tmpdir();
  tu_write_tone(dir, "tone.wav", 2400, 500, 0.25);
  static const struct {
    const char *profile, *rate, *want; /* want NULL: builds */
    bool checks, bs2076;
  } cases[] = {
      {"dolby", "48000", NULL, true, false},
      {"immersive-music", "96000", NULL, true, false},
      {"bs2076", "44100", NULL, false, true},
      {"bs2076", "96000", NULL, false, true},
      {"dolby", "44100",
       "sample_rate: master.adm.profile dolby (the Dolby Atmos Master ADM Profile) takes 48 or "
       "96 kHz, and the session runs at 44100 Hz; set sample_rate: 48 kHz, or write the master "
       "to BS.2076-2 alone (profile: bs2076), which takes any rate",
       false, false},
      {"atmos", "48000",
       "master.adm.profile: expected 'dolby', 'immersive-music' or 'bs2076' (the profile an ADM "
       "master is written to: dolby (immersive-music, the Dolby Atmos Master ADM Profile, checked "
       "against it) or bs2076 (ITU-R BS.2076-2 alone, any rate)), got 'atmos'",
       false, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *text = sp_xasprintf("stemprint: 1\nsample_rate: %s\ntracks:\n"
                              "  a: {file: tone.wav, channels: [L]}\n  b: {file: tone.wav, to: o}\n"
                              "buses:\n  o: {layout: mono, object: true}\n"
                              "master: {layout: 5.1, adm: {profile: %s}}\noutput: {dir: out}\n",
                              cases[i].rate, cases[i].profile);
    sp_recipe *r = NULL;
    sp_graph *g = NULL;
    char *said = tu_build(dir, text, &r, &g);
    if (cases[i].want) {
      cr_expect(strstr(said, cases[i].want), "profile %s at %s: %s", cases[i].profile,
                cases[i].rate, said);
    } else {
      cr_assert(g && sp_graph_adm(g), "profile %s at %s: %s", cases[i].profile, cases[i].rate,
                said);
      cr_expect_eq(r->adm_profile == SP_ADM_PROFILE_DOLBY, cases[i].checks);
      cr_expect_eq(sp_graph_adm(g)->bs2076, cases[i].bs2076);
    }
    sp_graph_free(g);
    sp_recipe_free(r);
    free(said), free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* A WAVE of tracks 24-bit tracks at 48 kHz: fmt, chna (track k's UID
 * ATU_0000000k+1, its track format and pack at[k], ap[k]), axml, and the
 * head of a data chunk of frames frames (no axml when axml is NULL); the
 * data (samples of 0 to 0.25, so that a render's sum of a few is within
 * full scale) written when write_data,
 * else the file only made that long (a sparse file). */
static void wave(const char *path, int tracks, const char *const *at, const char *const *ap,
                 const char *axml, uint64_t frames, bool write_data)
{
  uint8_t fmt[16], *chna = sp_xcalloc(4 + 40 * (size_t)tracks, 1);
  sp_put_le16(fmt, 1), sp_put_le16(fmt + 2, (unsigned)tracks), sp_put_le32(fmt + 4, 48000);
  sp_put_le32(fmt + 8, 48000u * 3 * (unsigned)tracks), sp_put_le16(fmt + 12, 3u * (unsigned)tracks);
  sp_put_le16(fmt + 14, 24);
  sp_put_le16(chna, (unsigned)tracks), sp_put_le16(chna + 2, (unsigned)tracks);
  for (int k = 0; k < tracks; k++) {
    uint8_t *e = chna + 4 + 40 * k;
    char s[16];
    sp_put_le16(e, (unsigned)k + 1);
    snprintf(s, sizeof s, "ATU_%08x", (unsigned)k + 1);
    memcpy(e + 2, s, 12), memcpy(e + 14, at[k], 14), memcpy(e + 28, ap[k], 11);
  }
  const sp_riff_part parts[] = {{"fmt ", fmt, 16},
                                {"chna", chna, 4 + 40 * (uint64_t)tracks},
                                {"axml", axml, axml ? strlen(axml) : 0}};
  const uint64_t data = frames * 3 * (uint64_t)tracks;
  FILE *f = fopen(path, "w+b");
  cr_assert(f && sp_riff_write_head(f, parts, axml ? 3 : 2, data, frames));
  if (write_data) {
    for (uint64_t i = 0; i < data; i++)
      fputc((int)(i % 3 == 2 ? i % 251 % 32 : i % 251), f); /* each sample under 0.25 */
    if (data % 2)
      fputc(0, f);
  } else {
    cr_assert_eq(fflush(f), 0);
    cr_assert_eq(ftruncate(fileno(f), ftell(f) + (off_t)data + (off_t)(data % 2)), 0);
  }
  cr_assert_eq(fclose(f), 0);
  free(chna);
}

#define AXML_HEAD                                                                                  \
  "<?xml version=\"1.0\"?><ebuCoreMain><coreMetadata><format><audioFormatExtended "                \
  "version=\"ITU-R_BS.2076-2\"><audioProgramme audioProgrammeID=\"APR_1001\" "                     \
  "audioProgrammeName=\"by reference\"/>"
#define AXML_TAIL "</audioFormatExtended></format></coreMetadata></ebuCoreMain>"

/* The UID element of track k (1-based), of track format at and pack ap. */
static char *uid(char *x, int k, const char *at, const char *ap)
{
  char *more = sp_xasprintf("%s<audioTrackUID UID=\"ATU_%08x\"><audioTrackFormatIDRef>%s"
                            "</audioTrackFormatIDRef><audioPackFormatIDRef>%s"
                            "</audioPackFormatIDRef></audioTrackUID>",
                            x, (unsigned)k, at, ap);
  free(x);
  return more;
}

/* Beds of BS.2094's common definitions referenced by their IDs alone (the
 * packs AP_00010002, stereo, and AP_00010003, 5.1, and their channels not
 * in the axml, as BS.2076 allows): read as a stereo bed and a 5.1 bed, the
 * 5.1's channels in its layout's order, the samples as written. */
Test(admfiles, beds_of_the_common_definitions_by_reference)
{
  char *dir = tu_tmpdir();
  char *path = tu_path(dir, "ref.wav");
  static const char *const at[] = {"AT_00010001_01", "AT_00010002_01", "AT_00010001_01",
                                   "AT_00010002_01", "AT_00010003_01", "AT_00010004_01",
                                   "AT_00010005_01", "AT_00010006_01"};
  static const char *const ap[] = {"AP_00010002", "AP_00010002", "AP_00010003", "AP_00010003",
                                   "AP_00010003", "AP_00010003", "AP_00010003", "AP_00010003"};
  char *x = sp_xstrdup(AXML_HEAD);
  for (int k = 0; k < 8; k++)
    x = uid(x, k + 1, at[k], ap[k]);
  char *doc = sp_xasprintf("%s" AXML_TAIL, x);
  wave(path, 8, at, ap, doc, 480, true);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.n_beds, 2);
  cr_expect_eq(m.beds[0], sp_layout_find("stereo"));
  cr_expect_eq(m.beds[1], sp_layout_find("5.1"));
  cr_expect_eq(m.n_objects, 0);
  cr_expect_eq(m.frames, 480);
  float *ch[8];
  for (int k = 0; k < 8; k++)
    ch[k] = sp_xmalloc(480 * sizeof(float));
  cr_assert_eq(sp_adm_read(f, ch, 480, why, sizeof why), 480, "%s", why);
  /* frame 0 track 2 (the 5.1's L): bytes 6 7 8, a 24-bit code */
  cr_expect_eq(ch[2][0], (float)((6 | 7 << 8 | 8 << 16) / 8388608.0));
  for (int k = 0; k < 8; k++)
    free(ch[k]);
  sp_adm_close(f);
  sp_adm_fini(&m);
  /* a channel of the common definitions named in a pack that has it not
   * (0+2+0's AP_00010002 on a 5.1's centre: the EAR plays none of it) is
   * refused, saying which */
  const char *bad_at[] = {"AT_00010003_01"}, *bad_ap[] = {"AP_00010002"};
  free(x), free(doc);
  x = uid(sp_xstrdup(AXML_HEAD), 1, bad_at[0], bad_ap[0]);
  doc = sp_xasprintf("%s" AXML_TAIL, x);
  wave(path, 1, bad_at, bad_ap, doc, 10, true);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "track 1 (ATU_00000001) is of channel format AC_00010003, which its "
                        "pack AP_00010002 has not"),
            "%s", why);
  free(x), free(doc), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The common 5.1.4 and 7.1.4 beds (AP_00010005, AP_00010017) by their IDs
 * alone, their channels in the packs' order (issue 87: refused on main):
 * read as 5.1.4 and 7.1.4 beds, each track the layout's channel BS.2127
 * plays it on (7.1.4's sides and rears, and U+045's, where stemprint's
 * layout has them). */
Test(admfiles, the_common_5_1_4_and_7_1_4_beds_by_reference)
{
  static const struct {
    const char *pack, *layout;
    unsigned ch[12];
    int order[12]; /* the layout's channel of each track */
  } beds[] = {
      {"AP_00010005",
       "5.1.4",
       {1, 2, 3, 4, 5, 6, 0xd, 0xf, 0x10, 0x12},
       {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
      {"AP_00010017",
       "7.1.4",
       {1, 2, 3, 4, 0xa, 0xb, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f},
       {0, 1, 2, 3, 6, 7, 4, 5, 8, 9, 10, 11}},
  };
  char *dir = tu_tmpdir(), *path = tu_path(dir, "ref.wav");
  for (size_t b = 0; b < 2; b++) {
    const sp_layout *l = sp_layout_find(beds[b].layout);
    char at[12][16];
    const char *atp[12], *ap[12];
    char *x = sp_xstrdup(AXML_HEAD);
    for (int k = 0; k < l->n; k++) {
      snprintf(at[k], sizeof at[k], "AT_0001%04x_01", beds[b].ch[k]);
      atp[k] = at[k], ap[k] = beds[b].pack;
      x = uid(x, k + 1, at[k], ap[k]);
    }
    char *doc = sp_xasprintf("%s" AXML_TAIL, x);
    wave(path, l->n, atp, ap, doc, 48, true);
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s: %s", l->name, why);
    cr_expect(m.n_beds == 1 && m.beds[0] == l, "%s: %s", l->name, m.beds[0]->name);
    float *ch[12];
    for (int k = 0; k < 12; k++)
      ch[k] = sp_xmalloc(48 * sizeof(float));
    cr_assert_eq(sp_adm_read(f, ch, 48, why, sizeof why), 48, "%s", why);
    sp_adm_close(f);
    /* the model's track of each of the file's: its samples there */
    int order[12];
    for (int k = 0; k < l->n; k++)
      order[k] = beds[b].order[k];
    for (int k = 0; k < l->n; k++) {
      /* wave's bytes: frame 0's of track k are 3k, 3k + 1 and 3k + 2 (mod 32) */
      const uint8_t code[3] = {(uint8_t)(3 * k), (uint8_t)(3 * k + 1), (uint8_t)((3 * k + 2) % 32)};
      const float v = (float)((code[0] | code[1] << 8 | code[2] << 16) / 8388608.0);
      cr_expect_eq(ch[order[k]][0], v, "%s: track %d as channel %s", l->name, k + 1,
                   l->ch[order[k]].name);
    }
    for (int k = 0; k < 12; k++)
      free(ch[k]);
    sp_adm_fini(&m);
    free(x), free(doc);
  }
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A stereo bed by reference (AP_00010002) of 480 frames, its head the
 * chunks parts[n] (fmt, chna and axml among them, in any order and
 * number) then data of data_bytes (0: the frames') and the frames. */
static void head_file(const char *path, const sp_riff_part *parts, int n, uint64_t data_bytes)
{
  const uint64_t frames = 480, data = frames * 6;
  FILE *f = fopen(path, "w+b");
  cr_assert(f && sp_riff_write_head(f, parts, n, data_bytes ? data_bytes : data, frames));
  for (uint64_t i = 0; i < data; i++)
    fputc((int)(i % 3 == 2 ? i % 251 % 32 : i % 251), f);
  cr_assert_eq(fclose(f), 0);
}

/* What of a WAVE's head readers take differently is refused, naming it:
 * a second fmt, chna, axml or data chunk (the EBU ADM Renderer takes the
 * last, stemprint took the first axml and chna, the last fmt and data); a
 * chunk where a size before it points into other bytes; a head longer
 * than the chunks the reader walks, which the sniff walked fewer of (64:
 * a chna after 70 chunks played the file as a plain WAV). loudness names
 * a file it cannot read. */
Test(admfiles, a_wave_head_readers_differ_on_is_refused)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "h.wav");
  static const char *const at[] = {"AT_00010001_01", "AT_00010002_01"};
  static const char *const ap[] = {"AP_00010002", "AP_00010002"};
  char *x = uid(uid(sp_xstrdup(AXML_HEAD), 1, at[0], ap[0]), 2, at[1], ap[1]);
  char *doc = sp_xasprintf("%s" AXML_TAIL, x);
  uint8_t fmt[16], chna[84] = {0};
  sp_put_le16(fmt, 1), sp_put_le16(fmt + 2, 2), sp_put_le32(fmt + 4, 48000);
  sp_put_le32(fmt + 8, 48000u * 6), sp_put_le16(fmt + 12, 6), sp_put_le16(fmt + 14, 24);
  sp_put_le16(chna, 2), sp_put_le16(chna + 2, 2);
  for (int k = 0; k < 2; k++) {
    uint8_t *e = chna + 4 + 40 * k;
    sp_put_le16(e, (unsigned)k + 1);
    memcpy(e + 2, k ? "ATU_00000002" : "ATU_00000001", 12);
    memcpy(e + 14, at[k], 14), memcpy(e + 28, ap[k], 11);
  }
  const sp_riff_part F = {"fmt ", fmt, 16}, C = {"chna", chna, 84}, A = {"axml", doc, strlen(doc)},
                     J = {"JUNK", NULL, 0};
  static const struct {
    const char *what, *want;
  } twice[] = {{"fmt ", "two 'fmt ' chunks (at bytes 48 and 72)"},
               {"chna", "two 'chna' chunks (at bytes 72 and 164)"},
               {"axml", "two 'axml' chunks"}};
  sp_adm_file *f;
  sp_adm m;
  char why[512];
  for (size_t i = 0; i < sizeof twice / sizeof *twice; i++) {
    const sp_riff_part two[3][4] = {{F, F, C, A}, {F, C, C, A}, {F, C, A, A}};
    head_file(path, two[i], 4, 0);
    why[0] = '\0';
    cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "two %s", twice[i].what);
    cr_expect(strstr(why, twice[i].want) && strstr(why, "remove the one that is not the file's"),
              "two %s: %s", twice[i].what, why);
  }
  /* 70 chunks before the chna: an ADM BWF all the same, read as one */
  sp_riff_part *many = sp_xcalloc(1200, sizeof *many);
  many[0] = F;
  for (int i = 1; i <= 70; i++)
    many[i] = J;
  many[71] = C, many[72] = A;
  head_file(path, many, 73, 0);
  cr_expect(sp_adm_sniff(path), "a chna after 70 chunks is an ADM BWF's");
  cr_expect_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f), sp_adm_fini(&m);
  /* 1100: past what the reader walks, refused rather than played plain */
  for (int i = 1; i <= 1100; i++)
    many[i] = J;
  many[1101] = C, many[1102] = A;
  char *path2 = tu_path(dir, "h2.wav");
  head_file(path2, many, 1103, 0);
  cr_expect(sp_adm_sniff(path2), "a head of 1100 chunks is refused, not played as a plain WAV");
  cr_expect_neq(sp_adm_open(path2, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "no data chunk among its first 1024 chunks"), "%s", why);
  /* a data chunk that says less than it holds: its samples are no chunk */
  const sp_riff_part head[] = {F, C, A};
  head_file(path, head, 3, 600);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "after its 'data' chunk, bytes that are no chunk") &&
                strstr(why, "the size its data chunk (or its ds64) gives is wrong"),
            "%s", why);
  sp_loudness_file lf = {.path = path};
  cr_expect_neq(sp_adm_measure(sp_layout_find("5.1"), false, &lf, why, sizeof why), SP_OK);
  char *named = sp_xasprintf("cannot read '%s': at byte", path);
  cr_expect(strstr(why, named), "loudness names the file: %s", why);
  sp_loudness_file_fini(&lf);
  free(named), free(many), free(x), free(doc), free(path), free(path2);
  tu_rmtree(dir);
  free(dir);
}

/* The head sp_riff_write_head writes for data past 32-bit sizes: BW64, a
 * ds64 holding the RIFF's, the data's and the frames' 64-bit sizes, the
 * data chunk's size 0xFFFFFFFF; just under, a RIFF with a JUNK the ds64's
 * size. No data is written. */
Test(admfiles, a_heads_sizes_past_4_gib_are_in_its_ds64)
{
  static const uint8_t body[3] = {1, 2, 3};
  const sp_riff_part parts[] = {{"fmt ", body, 3}, {NULL, NULL, 0}};
  /* RIFF's size: WAVE (4), ds64|JUNK (36), fmt (8 + 3 + 1), data's head (8) */
  const uint64_t fixed = 4 + 36 + 12 + 8;
  /* the largest RIFF (its file 4 GiB), one 2 bytes larger, 5 GB */
  const uint64_t sizes[] = {0xFFFFFFFFull - 9 - fixed, 0xFFFFFFFFull - 9 - fixed + 2,
                            5000000000ull};
  for (int i = 0; i < 3; i++) {
    FILE *f = tmpfile();
    cr_assert(sp_riff_write_head(f, parts, 2, sizes[i], sizes[i] / 6));
    uint8_t h[80];
    rewind(f);
    const size_t n = fread(h, 1, sizeof h, f);
    fclose(f);
    cr_assert_eq(n, 12 + 36 + 12 + 8, "head of %zu bytes", n);
    const bool big = i > 0;
    cr_expect_eq(memcmp(h, big ? "BW64" : "RIFF", 4), 0, "data of %llu bytes",
                 (unsigned long long)sizes[i]);
    cr_expect_eq(memcmp(h + 12, big ? "ds64" : "JUNK", 4), 0);
    cr_expect_eq(sp_le32(h + 16), 28);
    cr_expect_eq(memcmp(h + 48, "fmt \3\0\0\0\1\2\3\0", 12), 0);
    cr_expect_eq(memcmp(h + 60, "data", 4), 0);
    if (big) {
      cr_expect_eq(sp_le32(h + 4), 0xFFFFFFFFu);
      cr_expect_eq(sp_le64(h + 20), fixed + sizes[i]);
      cr_expect_eq(sp_le64(h + 28), sizes[i]);
      cr_expect_eq(sp_le64(h + 36), sizes[i] / 6);
      cr_expect_eq(sp_le32(h + 64), 0xFFFFFFFFu);
    } else {
      cr_expect_eq(sp_le32(h + 4), fixed + sizes[i]);
      cr_expect_eq(sp_le32(h + 64), sizes[i]);
    }
  }
}

/* A BW64 of 4.8 GB (a stereo bed of the common definitions, 800 million
 * frames), its data a hole in a sparse file: read as that long through
 * its ds64, its last frames read and the end found there; python's struct
 * reads the same sizes in its head. */
Test(admfiles, a_bw64_over_4_gib_is_read_through_its_ds64)
{
  char *dir = tu_tmpdir();
  char *path = tu_path(dir, "long.wav");
  static const char *const at[] = {"AT_00010001_01", "AT_00010002_01"};
  static const char *const ap[] = {"AP_00010002", "AP_00010002"};
  char *x = uid(uid(sp_xstrdup(AXML_HEAD), 1, at[0], ap[0]), 2, at[1], ap[1]);
  char *doc = sp_xasprintf("%s" AXML_TAIL, x);
  const uint64_t frames = 800000000;
  wave(path, 2, at, ap, doc, frames, false);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  if ((uint64_t)st.st_blocks * 512 > (64u << 20)) {
    tu_rmtree(dir);
    cr_skip_test("this file system does not keep a file sparse");
  }
  cr_assert_gt((uint64_t)st.st_size, 0xFFFFFFFFull);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.frames, (int64_t)frames);
  cr_expect_eq(m.beds[0], sp_layout_find("stereo"));
  sp_adm_close(f);
  sp_adm_fini(&m);
  sp_reader *r;
  sp_audio_info info;
  cr_assert_eq(sp_adm_reader_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, (int64_t)frames);
  cr_assert_eq(r->ops->seek(r, (int64_t)frames - 10, why, sizeof why), SP_OK, "%s", why);
  float buf[40];
  cr_expect_eq(r->ops->read_float(r, buf, 20), 10);
  cr_expect_eq(r->ops->read_float(r, buf, 20), 0);
  r->ops->close(r);
  char *py = sp_xasprintf("import struct\nb=open('%s','rb').read(4096)\nprint(b[:4], b[8:16])\n"
                          "print(struct.unpack('<IQQQ', b[4:8] + b[20:44]))\n",
                          path);
  char *out = python(py);
  if (out) {
    char want[256];
    snprintf(want, sizeof want, "b'BW64' b'WAVEds64'\n(4294967295, %llu, %llu, %llu)\n",
             (unsigned long long)st.st_size - 8, (unsigned long long)frames * 6,
             (unsigned long long)frames);
    cr_expect_str_eq(out, want);
  }
  /* the same as an RF64 (EBU Tech 3306's name for it) */
  FILE *rf = fopen(path, "r+b");
  cr_assert(rf && fwrite("RF64", 1, 4, rf) == 4 && fclose(rf) == 0);
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.frames, (int64_t)frames);
  sp_adm_close(f);
  sp_adm_fini(&m);
  /* cut short (its ds64 claiming more than the file holds): read as the
   * frames it holds */
  cr_assert_eq(truncate(path, st.st_size - 6000), 0);
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.frames, (int64_t)frames - 1000);
  sp_adm_close(f);
  sp_adm_fini(&m);
  free(out), free(py), free(x), free(doc), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A master of either profile read back plays and says nothing: the Dolby
 * profile's streams refer to a channel format and a pack both, which the
 * EBU ADM Renderer refuses (the_ebu_adm_renderer_reads_bs2076_masters
 * shows it where SP_EAR_DIR names it), a rule of the EAR's the profile
 * does not keep: a note of it at every read of every Atmos master would
 * ask for a file the profile refuses (docs/recipe.md says it). */
Test(admfiles, a_master_of_either_profile_read_back_says_nothing)
{
  char *dir = tu_tmpdir();
  for (int i = 0; i < 2; i++) {
    sp_adm m;
    scene(&m, 48000, i == 1);
    char *path = sp_xasprintf("%s/m%d.wav", dir, i), why[256];
    int64_t t = 0;
    cr_assert_eq(tu_adm_write(path, &m, NULL, pull, &t, why, sizeof why), SP_OK, "%s", why);
    sp_adm_fini(&m);
    sp_adm_file *f;
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
    cr_expect_str_empty(m.refused);
    cr_expect_eq(m.bs2076, i == 1);
    sp_adm_close(f), sp_adm_fini(&m);
    free(path);
  }
  tu_rmtree(dir);
  free(dir);
}

/* The EBU ADM Renderer (BS.2127's reference; SP_EAR_DIR names its source
 * tree, python3 with its requirements runs it) renders a BS.2076-2
 * master as written, at 44.1 and 48 kHz, and refuses the Dolby profile's
 * for what it is: its streams name a pack and a channel format. */
Test(admfiles, the_ebu_adm_renderer_reads_bs2076_masters, .timeout = TU_TIMEOUT(120))
{
  const char *ear = tu_ear_dir();
  if (!ear)
    cr_skip_test("SP_EAR_DIR names no EBU ADM Renderer (github.com/ebu/ebu_adm_renderer)");
  char *dir = tu_tmpdir();
  static const struct {
    double rate;
    bool bs2076;
  } cases[] = {{48000, true}, {44100, true}, {48000, false}};
  for (int i = 0; i < 3; i++) {
    sp_adm m;
    scene(&m, cases[i].rate, cases[i].bs2076);
    m.frames /= 4; /* a quarter of a second: the object's first block */
    m.objects[0].n_blocks = 1;
    m.objects[0].blocks[0].dur = m.frames;
    char *path = sp_xasprintf("%s/m%d.wav", dir, i), *out = sp_xasprintf("%s/e%d.wav", dir, i);
    char why[256];
    int64_t t = 0;
    cr_assert_eq(tu_adm_write(path, &m, NULL, pull, &t, why, sizeof why), SP_OK, "%s", why);
    char *said = NULL;
    const int rc = tu_ear_render(ear, path, out, &said);
    if (cases[i].bs2076) {
      cr_expect_eq(rc, 0, "%g Hz: %s", cases[i].rate, said);
      cr_expect_null(strstr(said, "ERROR"), "%s", said);
      int64_t frames = 0;
      int channels = 0, rate = 0;
      double *x = tu_read(out, &frames, &channels, &rate);
      cr_expect(x && channels == 6 && frames == m.frames && rate == (int)cases[i].rate,
                "EAR's render: %d channels, %lld frames at %d Hz", channels, (long long)frames,
                rate);
      free(x);
    } else {
      cr_expect_neq(rc, 0);
      cr_expect(strstr(said, "has a reference to both an audioPackFormat and an "
                             "audioChannelFormat"),
                "%s", said);
    }
    free(said), free(out), free(path);
    sp_adm_fini(&m);
  }
  tu_rmtree(dir);
  free(dir);
}

/* An object's block carrying BS.2076-2's objectDivergence, channelLock and
 * zoneExclusion, in a one-track ADM BWF played as a 5.1 track plays it
 * (sp_adm_source_open: read, rendered into the track's layout): each
 * channel is the track times BS.2127's gain for those parameters
 * (sp_bs2127_object_gains, asked directly) and the EBU ADM Renderer's.
 * The EAR's gains were made once by its GainCalc (/tmp/ear, commit
 * 3de5957, with /usr/bin/python3, as bench/adm/ear_tables.py calls it),
 * for a block of the parameters below into BS.2051's 0+5+0, in
 * stemprint's 5.1 order (L R C LFE Ls Rs). None is said to be unplayed. */
Test(admfiles, divergence_channel_lock_and_zone_exclusion_play_as_bs2127_plays_them)
{
  static const struct {
    const char *what, *block;
    sp_bs2127_object o;
    sp_bs2127_zone zone;
    double ear[6];
  } cases[] = {
      {"objectDivergence 0.5, azimuthRange 45, at 10 degrees",
       "<position coordinate=\"azimuth\">10</position><position coordinate=\"elevation\">0"
       "</position><objectDivergence azimuthRange=\"45\">0.5</objectDivergence>",
       {.az = 10, .dist = 1, .divergence = 0.5, .div_range = 45, .gain = 1},
       {0},
       {0.575825208, 0.575014275, 0.514799686, 0, 0.264713581, 0.051883690}},
      {"channelLock within 1.0, at -80 degrees",
       "<position coordinate=\"azimuth\">-80</position><position coordinate=\"elevation\">0"
       "</position><channelLock maxDistance=\"1.0\">1</channelLock>",
       {.az = -80, .dist = 1, .lock = true, .lock_max = 1, .gain = 1},
       {0},
       {0, 0, 0, 0, 0, 1}},
      {"zoneExclusion of the centre, Cartesian at X 0.1",
       "<cartesian>1</cartesian><position coordinate=\"X\">0.1</position><position "
       "coordinate=\"Y\">1</position><position coordinate=\"Z\">0</position><zoneExclusion>"
       "<zone minX=\"-0.2\" maxX=\"0.2\" minY=\"0.9\" maxY=\"1\" minZ=\"-1\" maxZ=\"1\">C</zone>"
       "</zoneExclusion>",
       {.cartesian = true, .x = 0.1, .y = 1, .gain = 1},
       {true, {-0.2, 0.9, -1}, {0.2, 1, 1}},
       {0.649448048, 0.760405966, 0, 0, 0, 0}}};
  static const char *const at[] = {"AT_00031001_01"}, *const ap[] = {"AP_00031001"};
  const sp_layout *l = sp_layout_find("5.1");
  sp_bs2127 *bs = sp_bs2127_new(l);
  char *dir = tu_tmpdir(), *path = tu_path(dir, "o.wav");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *x = sp_xasprintf(
        AXML_HEAD "<audioPackFormat audioPackFormatID=\"AP_00031001\" audioPackFormatName=\"o\" "
                  "typeDefinition=\"Objects\"><audioChannelFormatIDRef>AC_00031001"
                  "</audioChannelFormatIDRef></audioPackFormat><audioChannelFormat "
                  "audioChannelFormatID=\"AC_00031001\" audioChannelFormatName=\"o\" "
                  "typeDefinition=\"Objects\"><audioBlockFormat "
                  "audioBlockFormatID=\"AB_00031001_00000001\">%s</audioBlockFormat>"
                  "</audioChannelFormat><audioStreamFormat audioStreamFormatID=\"AS_00031001\" "
                  "formatDefinition=\"PCM\"><audioChannelFormatIDRef>AC_00031001"
                  "</audioChannelFormatIDRef></audioStreamFormat><audioTrackFormat "
                  "audioTrackFormatID=\"AT_00031001_01\" formatDefinition=\"PCM\">"
                  "<audioStreamFormatIDRef>AS_00031001</audioStreamFormatIDRef>"
                  "</audioTrackFormat>",
        cases[k].block);
    x = uid(x, 1, at[0], ap[0]);
    char *doc = sp_xasprintf("%s" AXML_TAIL, x);
    wave(path, 1, at, ap, doc, 480, true);
    free(x), free(doc);
    /* the track's samples, and nothing said unplayed */
    sp_adm_file *f;
    sp_adm m;
    char why[512] = "";
    cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s: %s", cases[k].what, why);
    cr_expect_eq(m.unplayed, 0u, "%s", cases[k].what);
    float in[480], *pin[1] = {in};
    cr_assert_eq(sp_adm_read(f, pin, 480, why, sizeof why), 480, "%s", why);
    sp_adm_close(f);
    sp_adm_fini(&m);
    /* BS.2127's gains asked directly, and the EAR's */
    sp_bs2127_object o = cases[k].o;
    if (cases[k].zone.max[0] > 0)
      o.zones = &cases[k].zone, o.n_zones = 1;
    double g[6];
    sp_bs2127_object_gains(bs, &o, g, NULL);
    for (int c = 0; c < 6; c++)
      cr_expect(fabs(g[c] - cases[k].ear[c]) < 1e-6, "%s: %s: %.9f, the EAR's %.9f", cases[k].what,
                l->ch[c].name, g[c], cases[k].ear[c]);
    /* the file as a 5.1 track plays it */
    sp_source *src;
    cr_assert_eq(sp_adm_source_open(path, l, false, 48000, 0, &src, why, sizeof why), SP_OK, "%s",
                 why);
    float out[6][480], *po[6];
    for (int c = 0; c < 6; c++)
      po[c] = out[c];
    cr_assert_eq(src->ops->read(src, po, 480, why, sizeof why), SP_OK, "%s", why);
    src->ops->close(src);
    double worst = 0;
    int at_c = 0;
    for (int c = 0; c < 6; c++)
      for (int t = 0; t < 480; t++)
        if (fabs(out[c][t] - g[c] * in[t]) > worst)
          worst = fabs(out[c][t] - g[c] * in[t]), at_c = c;
    cr_expect(worst < 1e-6, "%s: played %g from BS.2127's gains (%s)", cases[k].what, worst,
              l->ch[at_c].name);
  }
  sp_bs2127_free(bs);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* scene()'s with its object's blocks as a file may have them: a polar
 * block of width, height and depth each its own, with objectDivergence and
 * channelLock, and a Cartesian one that jumps, with a zone excluded. */
static void kept_scene(sp_adm *m)
{
  scene(m, 48000, true);
  sp_adm_object *o = &m->objects[0];
  free(o->blocks);
  o->blocks = sp_xcalloc(2, sizeof *o->blocks);
  o->n_blocks = 2;
  o->zones = sp_xcalloc(1, sizeof *o->zones);
  o->zones[0] = (sp_bs2127_zone){true, {-0.2, 0.9, -1}, {0.2, 1, 1}};
  o->n_zones = 1;
  sp_adm_block *a = &o->blocks[0], *b = &o->blocks[1];
  *a = (sp_adm_block){.start = 0,
                      .dur = 24000,
                      .gain = 0.5,
                      .polar = true,
                      .az = 20,
                      .el = 10,
                      .dist = 0.75,
                      .width = 30 / 360.0,
                      .height = 15 / 360.0,
                      .depth = 0.25,
                      .divergence = 0.5,
                      .div_range = 30,
                      .lock = true,
                      .lock_max = 0.5,
                      .no_interp = true};
  sp_adm_polar_to_cart(20, 10, 0.75, &a->x, &a->y, &a->z);
  *b = (sp_adm_block){.start = 24000,
                      .dur = 24000,
                      .gain = 1,
                      .x = 0.25,
                      .y = 0.5,
                      .z = 0.125,
                      .width = 0.1,
                      .height = 0.2,
                      .depth = 0.3,
                      .jump = true,
                      .interp_s = 0.01,
                      .interp = 480,
                      .n_zones = 1};
}

/* m written as a master into dir (kept.wav) and read back into r: its one
 * object of two blocks. */
static void kept_read_back(sp_adm *m, const char *dir, sp_adm *r)
{
  char *path = tu_path(dir, "kept.wav"), why[512] = "";
  int64_t t = 0;
  cr_assert_eq(tu_adm_write(path, m, NULL, pull, &t, why, sizeof why), SP_OK, "%s", why);
  sp_adm_file *f;
  cr_assert_eq(sp_adm_open(path, &f, r, why, sizeof why), SP_OK, "%s", why);
  sp_adm_close(f);
  cr_assert_eq(r->n_objects, 1);
  cr_assert_eq(r->objects[0].n_blocks, 2);
  free(path);
}

/* `objects: keep` writes a kept object's blocks as its file has them
 * (issue 71): a polar block stays polar (azimuth, elevation, distance;
 * width and height in degrees), height and depth are each its own (not the
 * width again), objectDivergence, channelLock and zoneExclusion are
 * written where a block has them; read back, every value is the one
 * written (within the text's six decimals). */
Test(admfiles, a_kept_objects_blocks_are_written_as_they_are)
{
  sp_adm m;
  kept_scene(&m);
  const sp_adm_object *o = &m.objects[0];
  const sp_adm_block *a = &o->blocks[0];
  size_t n;
  char *x = sp_adm_axml(&m, &n);
  cr_expect(strstr(x, "<position coordinate=\"azimuth\">20.000000</position>\n"
                      "<position coordinate=\"elevation\">10.000000</position>\n"
                      "<position coordinate=\"distance\">0.750000</position>\n"
                      "<width>30.000000</width>\n<height>15.000000</height>\n"
                      "<depth>0.250000</depth>\n"),
            "%s", x);
  cr_expect(strstr(x, "<width>0.100000</width>\n<height>0.200000</height>\n"
                      "<depth>0.300000</depth>\n"),
            "%s", x);
  cr_expect(strstr(x, "<objectDivergence azimuthRange=\"30\">0.5</objectDivergence>\n"
                      "<channelLock maxDistance=\"0.5\">1</channelLock>\n"));
  cr_expect(strstr(x, "<zone minX=\"-0.2\" minY=\"0.9\" minZ=\"-1\" maxX=\"0.2\" maxY=\"1\" "
                      "maxZ=\"1\"/>"));
  free(x);
  char *dir = tu_tmpdir(), why[512] = "";
  sp_adm r;
  kept_read_back(&m, dir, &r);
  const sp_adm_block *ra = &r.objects[0].blocks[0], *rb = &r.objects[0].blocks[1];
  cr_expect(ra->polar && !rb->polar);
  cr_expect(ra->az == 20 && ra->el == 10 && ra->dist == 0.75 && ra->depth == 0.25);
  cr_expect(fabs(ra->width - a->width) < 1e-9 && fabs(ra->height - a->height) < 1e-9,
            "width %.9g height %.9g", ra->width, ra->height);
  cr_expect(ra->divergence == 0.5 && ra->div_range == 30 && ra->lock && ra->lock_max == 0.5);
  cr_expect(ra->gain == 0.5 && ra->no_interp && !ra->jump);
  cr_expect(rb->x == 0.25 && rb->y == 0.5 && rb->z == 0.125);
  cr_expect(rb->width == 0.1 && rb->height == 0.2 && rb->depth == 0.3, "%g %g %g", rb->width,
            rb->height, rb->depth);
  cr_expect(rb->jump && rb->interp_s == 0.01 && rb->n_zones == 1);
  cr_assert_eq(r.objects[0].n_zones, 1);
  cr_expect_arr_eq(&r.objects[0].zones[0], &o->zones[0], sizeof o->zones[0]);
  cr_expect(sp_adm_same(&m, "written", &r, "read", why, sizeof why), "%s", why);
  /* a height of its own is the structure's: the null test's check names it */
  r.objects[0].blocks[1].height = 0.25;
  cr_expect(!sp_adm_same(&m, "written", &r, "read", why, sizeof why));
  cr_expect(strstr(why, "object 'lead' block 2 (from 0.500 s) is Cartesian, height 0.2000, depth "
                        "0.3000, divergence 0.0000, channelLock 0, 1 zones excluded in written, "
                        "and Cartesian, height 0.2500"),
            "%s", why);
  sp_adm_fini(&r);
  sp_adm_fini(&m);
  tu_rmtree(dir);
  free(dir);
}

/* A kept object's values that the EBU ADM Renderer plays outside
 * BS.2076's ranges are written as read, and read back so: a channelLock's
 * maxDistance below 0 (no lock) and of 0 (BS.2127's tolerance alone), a
 * width of inf and below 0, a Cartesian position outside the room. Before
 * the reader took them, the writer wrote a lock of maxDistance -1 or 0 as
 * one to any speaker (<channelLock>1</channelLock>). */
Test(admfiles, a_kept_objects_values_the_ear_plays_out_of_range_are_written_as_read)
{
  sp_adm m;
  kept_scene(&m);
  sp_adm_block *a = &m.objects[0].blocks[0], *b = &m.objects[0].blocks[1];
  a->lock_max = -1, a->width = INFINITY;
  b->lock = true, b->lock_max = DBL_MIN, b->x = 2, b->width = -0.3;
  size_t n;
  char *x = sp_adm_axml(&m, &n);
  cr_expect(strstr(x, "<channelLock maxDistance=\"-1\">1</channelLock>") &&
                strstr(x, "<channelLock maxDistance=\"0\">1</channelLock>") &&
                strstr(x, "<width>inf</width>") && strstr(x, "<width>-0.300000</width>") &&
                strstr(x, "<position coordinate=\"X\">2.000000</position>"),
            "%s", x);
  free(x);
  char *dir = tu_tmpdir();
  sp_adm r;
  kept_read_back(&m, dir, &r);
  const sp_adm_block *ra = &r.objects[0].blocks[0], *rb = &r.objects[0].blocks[1];
  cr_expect(ra->lock && ra->lock_max == -1 && isinf(ra->width), "%g %g", ra->lock_max, ra->width);
  cr_expect(rb->lock && rb->lock_max == DBL_MIN && rb->x == 2 && rb->width == -0.3, "%g %g %g",
            rb->lock_max, rb->x, rb->width);
  sp_adm_fini(&r), sp_adm_fini(&m);
  tu_rmtree(dir);
  free(dir);
}

/* The channel format k (AC_0001100k) of a DirectSpeakers pack, its one
 * block of speakerLabel label at az, el (BS.2051's labels and places). */
static char *speaker(char *x, int k, const char *label, double az, double el, bool lfe)
{
  char *more = sp_xasprintf(
      "%s<audioChannelFormat audioChannelFormatID=\"AC_0001100%d\" audioChannelFormatName=\"%s\" "
      "typeDefinition=\"DirectSpeakers\">%s<audioBlockFormat "
      "audioBlockFormatID=\"AB_0001100%d_00000001\"><speakerLabel>%s</speakerLabel><position "
      "coordinate=\"azimuth\">%g</position><position coordinate=\"elevation\">%g</position>"
      "</audioBlockFormat></audioChannelFormat>",
      x, k, label, lfe ? "<frequency typeDefinition=\"lowPass\">120</frequency>" : "", k, label, az,
      el);
  free(x);
  return more;
}

/* A file of BS.2076-2's structure at path (below). */
static void bs2051_file(const char *path)
{
  static const struct {
    const char *label;
    double az, el;
  } ch[] = {{"M+030", 30, 0},  {"urn:itu:bs:2051:0:speaker:M-030", -30, 0},
            {"M+000", 0, 0},   {"LFE1", 0, -30},
            {"M+110", 110, 0}, {"M-110", -110, 0}};
  char *x = sp_xstrdup("<?xml version=\"1.0\"?><ebuCoreMain><coreMetadata><format>"
                       "<audioFormatExtended version=\"ITU-R_BS.2076-2\"><audioProgramme "
                       "audioProgrammeID=\"APR_1001\" audioProgrammeName=\"p\"><audioContentIDRef>"
                       "ACO_1001</audioContentIDRef></audioProgramme>"
                       "<audioPackFormat audioPackFormatID=\"AP_00011001\" "
                       "audioPackFormatName=\"bed\" typeDefinition=\"DirectSpeakers\">");
  for (int k = 1; k <= 6; k++) {
    char *more =
        sp_xasprintf("%s<audioChannelFormatIDRef>AC_0001100%d</audioChannelFormatIDRef>", x, k);
    free(x);
    x = more;
  }
  char *more = sp_xasprintf("%s</audioPackFormat>", x);
  free(x);
  x = more;
  for (int k = 1; k <= 6; k++)
    x = speaker(x, k, ch[k - 1].label, ch[k - 1].az, ch[k - 1].el, k == 4);
  more = sp_xasprintf(
      "%s<audioPackFormat audioPackFormatID=\"AP_00031001\" audioPackFormatName=\"o\" "
      "typeDefinition=\"Objects\"><audioChannelFormatIDRef>AC_00031001</audioChannelFormatIDRef>"
      "</audioPackFormat><audioChannelFormat audioChannelFormatID=\"AC_00031001\" "
      "audioChannelFormatName=\"o\" typeDefinition=\"Objects\"><audioBlockFormat "
      "audioBlockFormatID=\"AB_00031001_00000001\"><position coordinate=\"azimuth\">30</position>"
      "<position coordinate=\"elevation\">0</position></audioBlockFormat></audioChannelFormat>",
      x);
  free(x);
  x = more;
  /* the chna names the channel formats too (BS.2088-1's AC_xxxxxxxx_00), as the EAR asks */
  static const char *const at[] = {"AC_00011001_00", "AC_00011002_00", "AC_00011003_00",
                                   "AC_00011004_00", "AC_00011005_00", "AC_00011006_00",
                                   "AC_00031001_00"};
  static const char *const ap[] = {"AP_00011001", "AP_00011001", "AP_00011001", "AP_00011001",
                                   "AP_00011001", "AP_00011001", "AP_00031001"};
  for (int k = 1; k <= 7; k++) {
    more = sp_xasprintf("%s<audioTrackUID UID=\"ATU_%08x\"><audioChannelFormatIDRef>AC_%.8s"
                        "</audioChannelFormatIDRef><audioPackFormatIDRef>%s</audioPackFormatIDRef>"
                        "</audioTrackUID>",
                        x, (unsigned)k, at[k - 1] + 3, ap[k - 1]);
    free(x);
    x = more;
  }
  /* its audioObjects, a renderer's way to the tracks (BS.2127 section 6) */
  char *doc = sp_xasprintf(
      "%s<audioContent audioContentID=\"ACO_1001\" audioContentName=\"c\"><audioObjectIDRef>"
      "AO_1001</audioObjectIDRef><audioObjectIDRef>AO_1002</audioObjectIDRef></audioContent>"
      "<audioObject audioObjectID=\"AO_1001\" audioObjectName=\"bed\"><audioPackFormatIDRef>"
      "AP_00011001</audioPackFormatIDRef><audioTrackUIDRef>ATU_00000001</audioTrackUIDRef>"
      "<audioTrackUIDRef>ATU_00000002</audioTrackUIDRef><audioTrackUIDRef>ATU_00000003"
      "</audioTrackUIDRef><audioTrackUIDRef>ATU_00000004</audioTrackUIDRef><audioTrackUIDRef>"
      "ATU_00000005</audioTrackUIDRef><audioTrackUIDRef>ATU_00000006</audioTrackUIDRef>"
      "</audioObject><audioObject audioObjectID=\"AO_1002\" audioObjectName=\"o\">"
      "<audioPackFormatIDRef>AP_00031001</audioPackFormatIDRef><audioTrackUIDRef>ATU_00000007"
      "</audioTrackUIDRef></audioObject>" AXML_TAIL,
      x);
  wave(path, 7, at, ap, doc, 480, true);
  free(x), free(doc);
}

/* A BS.2076-2 file as the EBU ADM Renderer writes one (issue 71): each
 * track's UID names its channel format itself (no track or stream
 * format), its bed a DirectSpeakers pack of BS.2051's speakerLabels (M+030,
 * M-030, M+000, LFE1, M+110, M-110; one as a URN) rather than the common
 * definitions' or the profile's, and a polar object at 30 degrees. Read as
 * a 5.1 bed and an object; played as a 5.1 track, each bed track is its
 * channel and the object is in L alone (BS.2127: a speaker's position). */
Test(admfiles, channel_formats_named_by_the_uid_and_bs2051_labels)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "ear.wav");
  bs2051_file(path);
  sp_adm_file *f;
  sp_adm m;
  char why[512] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(m.n_beds, 1);
  cr_expect_eq(m.beds[0], sp_layout_find("5.1"));
  cr_expect_str_eq(m.speakers[3].label, "LFE1");
  cr_expect(m.speakers[3].lfe_band);
  cr_assert_eq(m.n_objects, 1);
  cr_expect(m.objects[0].blocks[0].polar && m.objects[0].blocks[0].az == 30);
  float in[7][480], *pin[7];
  for (int k = 0; k < 7; k++)
    pin[k] = in[k];
  cr_assert_eq(sp_adm_read(f, pin, 480, why, sizeof why), 480, "%s", why);
  sp_adm_close(f);
  sp_adm_fini(&m);
  const sp_layout *l = sp_layout_find("5.1");
  sp_source *src;
  cr_assert_eq(sp_adm_source_open(path, l, false, 48000, 0, &src, why, sizeof why), SP_OK, "%s",
               why);
  float out[6][480], *po[6];
  for (int c = 0; c < 6; c++)
    po[c] = out[c];
  cr_assert_eq(src->ops->read(src, po, 480, why, sizeof why), SP_OK, "%s", why);
  src->ops->close(src);
  double worst = 0;
  for (int c = 0; c < 6; c++)
    for (int t = 0; t < 480; t++) {
      const double want = in[c][t] + (c == 0 ? in[6][t] : 0);
      worst = fmax(worst, fabs(out[c][t] - want));
    }
  cr_expect(worst < 1e-6, "played %g from the tracks", worst);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* HOA, Matrix and Binaural packs, which stemprint does not render, are
 * refused by their name and what to do (issue 71; they were "not an
 * Objects pack"): held in the axml (its typeDefinition, or its typeLabel
 * alone) or of the common definitions by reference (AP_0004xxxx: HOA). */
Test(admfiles, hoa_matrix_and_binaural_packs_are_refused_by_name)
{
  static const struct {
    const char *pack, *ap, *want;
  } cases[] = {
      {"", "AP_00040001", "track 1 is of pack AP_00040001, a HOA pack (scene-based, ambisonics)"},
      {"<audioPackFormat audioPackFormatID=\"AP_00041001\" typeDefinition=\"HOA\">"
       "<audioChannelFormatIDRef>AC_00041001</audioChannelFormatIDRef></audioPackFormat>",
       "AP_00041001", "track 1 is of pack AP_00041001, a HOA pack"},
      {"<audioPackFormat audioPackFormatID=\"AP_00021001\" typeLabel=\"0002\">"
       "<audioChannelFormatIDRef>AC_00021001</audioChannelFormatIDRef></audioPackFormat>",
       "AP_00021001", "track 1 is of pack AP_00021001, a Matrix pack"},
      {"<audioPackFormat audioPackFormatID=\"AP_00051001\" typeDefinition=\"Binaural\">"
       "<audioChannelFormatIDRef>AC_00051001</audioChannelFormatIDRef></audioPackFormat>",
       "AP_00051001", "track 1 is of pack AP_00051001, a Binaural pack"}};
  char *dir = tu_tmpdir(), *path = tu_path(dir, "p.wav");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *at[] = {"AT_00041001_01"}, *ap[] = {cases[i].ap};
    char *x = uid(sp_xasprintf(AXML_HEAD "%s", cases[i].pack), 1, at[0], ap[0]);
    char *doc = sp_xasprintf("%s" AXML_TAIL, x);
    wave(path, 1, at, ap, doc, 48, true);
    sp_adm_file *f = NULL;
    sp_adm m;
    char why[1024] = "";
    cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
    cr_expect(strstr(why, cases[i].want), "%s", why);
    free(x), free(doc);
  }
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A WAVE with a chna and no axml (BS.2088 lets a chna of BS.2094's
 * common definitions stand alone) is an ADM BWF, where it played as a
 * plain multichannel WAV (issue 71): its tracks read as the chna names
 * them (a stereo bed of AP_00010002, as the EBU ADM Renderer reads it),
 * and one whose chna names formats of no common definition is refused,
 * saying what it is and the fix. */
Test(admfiles, a_chna_without_an_axml_reads_the_common_definitions)
{
  char *dir = tu_tmpdir(), *path = tu_path(dir, "chna.wav");
  static const char *const at[] = {"AT_00010001_01", "AT_00010002_01"};
  static const char *const ap[] = {"AP_00010002", "AP_00010002"};
  wave(path, 2, at, ap, NULL, 480, true);
  cr_expect(sp_adm_sniff(path));
  sp_adm_file *f = NULL;
  sp_adm m;
  char why[1024] = "";
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect(m.n_beds == 1 && m.beds[0] == sp_layout_find("stereo") && m.n_objects == 0);
  cr_expect_str_eq(m.speakers[0].label, "M+030");
  sp_adm_close(f);
  sp_adm_fini(&m);
  /* entries naming channel formats, AC_xxxxxxxx_00 as BS.2088-1 writes
   * them: the ID its first 11 characters (was refused: 'AC_00010001_00,
   * which its pack AP_00010002 has not') */
  static const char *const ac[] = {"AC_00010001_00", "AC_00010002_00"};
  wave(path, 2, ac, ap, NULL, 480, true);
  cr_assert_eq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK, "%s", why);
  cr_expect(m.n_beds == 1 && m.beds[0] == sp_layout_find("stereo") && m.n_objects == 0);
  cr_expect_str_eq(m.speakers[1].label, "M-030");
  sp_adm_close(f);
  sp_adm_fini(&m);
  static const char *const at3[] = {"AT_00031001_01", "AT_00031002_01"};
  static const char *const ap3[] = {"AP_00031001", "AP_00031002"};
  wave(path, 2, at3, ap3, NULL, 480, true);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "a chna chunk and no axml, its tracks read as the chna names them, by "
                        "BS.2094's common definitions: ") &&
                strstr(why, "remove its chna to play its tracks as a plain multichannel WAV"),
            "%s", why);
  /* an entry of characters no ID has (the axml it stands for is never
   * written of them) */
  static const char *const bad[] = {"AT_0001<001_01", "AT_00010002_01"};
  wave(path, 2, bad, ap, NULL, 480, true);
  cr_expect_neq(sp_adm_open(path, &f, &m, why, sizeof why), SP_OK);
  cr_expect(strstr(why, "a chna chunk and no axml, and the chna's entry 1 is not of ADM IDs"), "%s",
            why);
  wave(path, 2, at3, ap3, NULL, 480, true);
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\ntracks:\n  a: {file: chna.wav, layout: stereo}\n"
                               "master: {layout: stereo}\noutput: {dir: out}\n");
  const char *args[] = {"render", recipe, NULL};
  char *out = NULL, *err = NULL;
  cr_expect_neq(tu_run(args, &out, &err), 0);
  cr_expect(strstr(err, "tracks.a.file: cannot read '") &&
                strstr(err, "chna.wav': a chna chunk and no axml"),
            "%s", err);
  free(out), free(err), free(recipe), free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The worst difference (linear) between the EBU ADM Renderer's render of
 * path into 0+5+0 and stemprint's (the file as a 5.1 track plays it:
 * sp_adm_source_open), over the whole file. */
static double ear_5_1(const char *ear, const char *path)
{
  sp_source *src;
  char why[512] = "";
  cr_assert_eq(sp_adm_source_open(path, sp_layout_find("5.1"), false, 0, 0, &src, why, sizeof why),
               SP_OK, "%s: %s", path, why);
  const int64_t frames = src->frames;
  float *po[6];
  for (int c = 0; c < 6; c++)
    po[c] = sp_xcalloc((size_t)frames, sizeof(float));
  cr_assert_eq(src->ops->read(src, po, (size_t)frames, why, sizeof why), SP_OK, "%s", why);
  src->ops->close(src);
  const double worst = tu_ear_worst_5_1(ear, path, (const float *const *)po, frames);
  for (int c = 0; c < 6; c++)
    free(po[c]);
  return worst;
}

/* The files of issue 71 the EBU ADM Renderer renders (SP_EAR_DIR, run by
 * hand; bench/adm/formats.py renders more): a BS.2076-2 file whose UIDs
 * name channel formats and whose bed has BS.2051's labels, a master whose
 * kept object's blocks are polar with height and depth of their own,
 * divergence and channel lock, then Cartesian with a zone excluded, and a
 * chna of a 5.1 bed of the common definitions without an axml: stemprint's
 * render of each into 5.1 is the EAR's within -120 dBFS (the EAR writes
 * 24-bit: its LSB is -138.5 dBFS). */
Test(admfiles, the_ebu_adm_renderer_renders_the_files_of_issue_71_as_stemprint,
     .timeout = TU_TIMEOUT(180))
{
  const char *ear = tu_ear_dir();
  if (!ear)
    cr_skip_test("SP_EAR_DIR names no EBU ADM Renderer (github.com/ebu/ebu_adm_renderer)");
  char *dir = tu_tmpdir();
  char *a = tu_path(dir, "bs2051.wav"), *b = tu_path(dir, "kept.wav"),
       *c = tu_path(dir, "chna.wav");
  bs2051_file(a);
  sp_adm m;
  kept_scene(&m);
  char why[512] = "";
  int64_t t = 0;
  cr_assert_eq(tu_adm_write(b, &m, NULL, pull, &t, why, sizeof why), SP_OK, "%s", why);
  sp_adm_fini(&m);
  static const char *const at[] = {"AT_00010001_01", "AT_00010002_01", "AT_00010003_01",
                                   "AT_00010004_01", "AT_00010005_01", "AT_00010006_01"};
  static const char *const ap[] = {"AP_00010003", "AP_00010003", "AP_00010003",
                                   "AP_00010003", "AP_00010003", "AP_00010003"};
  wave(c, 6, at, ap, NULL, 4800, true);
  const char *files[] = {a, b, c};
  for (int i = 0; i < 3; i++) {
    const double worst = ear_5_1(ear, files[i]);
    cr_expect(worst < 1e-6, "%s: %.1f dBFS from the EAR's", files[i], 20 * log10(worst));
  }
  free(a), free(b), free(c);
  tu_rmtree(dir);
  free(dir);
}

/* ---- files stemprint did not write, as BS.2127 plays them (issue 71) ---- */

/* A bed's audioObject: its gain and mute on the bed's channels (the EAR's
 * DirectSpeakers gains times them), a positionOffset (which the EAR
 * refuses for DirectSpeakers) refused; a start inside the file gates its
 * channels from there, as the EAR plays them (before, it was refused). */
Test(admfiles, a_beds_audio_object_gain_and_mute)
{
  sp_adm m;
  scene(&m, 48000, true);
  size_t len;
  char *x = sp_adm_axml(&m, &len);
  const char *at = strstr(x, "<audioPackFormatIDRef>AP_00011001</audioPackFormatIDRef>");
  cr_assert_not_null(at);
  char uids[7][13];
  for (int k = 0; k < 7; k++)
    snprintf(uids[k], sizeof uids[k], "ATU_%08x", (unsigned)k + 1);
  static const struct {
    const char *insert, *want;
    double gain;
  } cases[] = {{"", NULL, 1},
               {"<gain>0.5</gain>", NULL, 0.5},
               {"<gain gainUnit=\"dB\">-6</gain>", NULL, 0.501187233627272},
               {"<mute>1</mute>", NULL, 0},
               {"<positionOffset coordinate=\"azimuth\">10</positionOffset>", "a positionOffset",
                0},
               {"", NULL, 1}};
  const double *plain = NULL;
  sp_adm first = {0};
  sp_adm_renderer *r0 = NULL;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *doc = sp_xasprintf("%.*s%s%s", (int)(at - x), x, cases[k].insert, at);
    if (k == 5) { /* the bed's object starts 0.1 s in */
      char *s = strstr(doc, "audioObjectName=\"bed\" start=\"00:00:00.0");
      cr_assert_not_null(s);
      s[strlen("audioObjectName=\"bed\" start=\"00:00:00.")] = '1';
    }
    sp_adm r = {.rate = 48000, .frames = 48000};
    char why[512] = "";
    const sp_err err = sp_adm_parse(doc, strlen(doc), uids, 7, &r, NULL, why, sizeof why);
    free(doc);
    if (cases[k].want) {
      cr_expect_neq(err, SP_OK, "case %zu", k);
      cr_expect(strstr(why, cases[k].want), "case %zu: %s", k, why);
      sp_adm_fini(&r);
      continue;
    }
    cr_assert_eq(err, SP_OK, "case %zu: %s", k, why);
    for (int c = 0; c < 6; c++) {
      cr_expect(fabs(r.speakers[c].gain - cases[k].gain) < 1e-12, "case %zu: %g", k,
                r.speakers[c].gain);
      /* the bed's object from 0.1 s: each channel sounds from there */
      const sp_adm_speaker *sk = &r.speakers[c];
      cr_expect(k == 5 ? sk->gated && sk->n_spans == 1 && r.bed_spans[sk->span0].start == 4800
                       : !sk->gated,
                "case %zu: channel %d", k, c);
    }
    sp_adm_renderer *rr = sp_adm_renderer_new(&r, sp_layout_find("5.1"));
    if (k == 0) {
      first = r, r0 = rr, plain = sp_adm_renderer_beds(rr);
      continue;
    }
    const double *g = sp_adm_renderer_beds(rr);
    for (int i = 0; i < 6 * 6; i++)
      cr_expect(fabs(g[i] - cases[k].gain * plain[i]) < 1e-12, "case %zu", k);
    sp_adm_renderer_free(rr);
    sp_adm_fini(&r);
  }
  sp_adm_renderer_free(r0);
  sp_adm_fini(&first);
  free(x);
  sp_adm_fini(&m);
}
