/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Channel layouts (core/base/layout.h): every layout's channels are in
 * WAVE_FORMAT_EXTENSIBLE's order (their speaker bits rising, the channels
 * without one after), its mask is its channels' bits, and libsndfile writes
 * and reads that mask for its channel map; names are found whatever their
 * case, counts and masks map to layouts, and BS.1770-4's weights follow
 * the positions. */

#include "core/base/layout.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(layout, .timeout = TU_TIMEOUT(30));

Test(layout, channels_are_in_file_order_and_the_mask_is_their_bits)
{
  size_t n = 0;
  for (size_t i = 0; sp_layout_at(i); i++, n++) {
    const sp_layout *l = sp_layout_at(i);
    cr_assert(l->n >= 1 && l->n <= SP_MAX_CHANNELS, "%s", l->name);
    uint32_t mask = 0, last = 0;
    bool unassigned = false;
    char text[128] = "";
    for (int c = 0; c < l->n; c++) {
      const sp_channel *ch = &l->ch[c];
      if (!ch->bit) {
        unassigned = true;
      } else {
        cr_assert_not(unassigned, "%s: %s has a bit after a channel without one", l->name,
                      ch->name);
        cr_assert_gt(ch->bit, last, "%s: %s out of WAVE_FORMAT_EXTENSIBLE's order", l->name,
                     ch->name);
        last = ch->bit;
        mask |= ch->bit;
      }
      for (int d = 0; d < c; d++)
        cr_assert_str_neq(l->ch[d].name, ch->name, "%s: two channels named %s", l->name,
                          ch->name);
      snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", c ? " " : "", ch->name);
      cr_assert_eq(sp_layout_channel(l, ch->name), c);
    }
    cr_expect_eq(l->mask, mask, "%s: mask 0x%X, its channels' bits 0x%X", l->name, l->mask, mask);
    cr_expect_str_eq(l->text, text);
    cr_expect_eq(sp_layout_find(l->name), l);
    cr_expect_eq(sp_layout_by_mask(l->mask, l->n), l, "%s by its mask", l->name);
  }
  cr_assert_eq(n, 15, "mono .. 9.1.6");
}

Test(layout, names_counts_and_masks)
{
  cr_assert_str_eq(sp_layout_find("7.1.4")->text, "L R C LFE Lrs Rrs Ls Rs Ltf Rtf Ltr Rtr");
  cr_assert_eq(sp_layout_find("STEREO"), sp_layout_find("stereo"));
  cr_assert_eq(sp_layout_find("lcr"), sp_layout_find("3.0"));
  cr_assert_null(sp_layout_find("5.2"));
  cr_assert_null(sp_layout_find(NULL));
  cr_assert_str_eq(sp_layout_by_count(6)->name, "5.1");
  cr_assert_str_eq(sp_layout_by_count(12)->name, "7.1.4");
  cr_assert_str_eq(sp_layout_by_count(16)->name, "9.1.6");
  cr_assert_null(sp_layout_by_count(9));
  cr_assert_null(sp_layout_by_count(17));
  /* 5.1 with back surrounds (0x3F, as many tools write it) is read as 5.1 */
  cr_assert_str_eq(sp_layout_by_mask(0x3F, 6)->name, "5.1");
  cr_assert_str_eq(sp_layout_by_mask(0x60F, 6)->name, "5.1");
  cr_assert_null(sp_layout_by_mask(0x60F, 7));
  cr_assert_null(sp_layout_by_mask(0, 2));
  /* 7.1.2's heights are top middles (±90°, 45° up): WAVE_FORMAT_EXTENSIBLE
   * has no top-side bits, so the file says them by the top-front ones, the
   * mask ffmpeg writes for 7.1.2 too (0x563F), which reads back as 7.1.2 */
  const sp_layout *s712 = sp_layout_find("7.1.2");
  cr_assert_str_eq(s712->text, "L R C LFE Lrs Rrs Ls Rs Ltm Rtm");
  cr_assert(s712->ch[8].az == 90 && s712->ch[8].el == 45 && s712->ch[8].bit == 0x1000);
  cr_assert(s712->ch[9].az == -90 && s712->ch[9].el == 45 && s712->ch[9].bit == 0x4000);
  cr_assert_eq(s712->mask, 0x563Fu);
  cr_assert_eq(sp_layout_by_mask(0x563F, 10), s712);
  /* 7.1.4 and 9.1.6 share a mask: the count tells them apart */
  cr_assert_str_eq(sp_layout_by_mask(0x2D63F, 12)->name, "7.1.4");
  cr_assert_str_eq(sp_layout_by_mask(0x2D63F, 16)->name, "9.1.6");
  cr_assert_eq(sp_layout_channel(sp_layout_find("5.1"), "LFE"), 3);
  cr_assert_eq(sp_layout_channel(sp_layout_find("5.1"), "Lrs"), -1);
  /* the names list (a fold insert's choices) is the table's, in order */
  size_t i = 0;
  for (; sp_layout_at(i); i++)
    cr_assert_str_eq(sp_layout_names[i], sp_layout_at(i)->name);
  cr_assert_null(sp_layout_names[i]);
}

/* BS.1770-4, Table 3: G = 1.41 for |azimuth| in 60°..120° below 30° of
 * elevation, 1 elsewhere; the LFE is not counted. */
Test(layout, loudness_weights_follow_the_positions)
{
  static const struct {
    const char *layout, *weights; /* 's': 1.41, '-': the LFE, '1': 1 */
  } want[] = {{"mono", "1"},        {"stereo", "11"},       {"5.1", "111-ss"},
              {"7.1", "111-11ss"},  {"5.1.4", "111-ss1111"}, {"7.1.4", "111-11ss1111"},
              {"9.1.6", "111-11ss1111ss11"}};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    const sp_layout *l = sp_layout_find(want[k].layout);
    for (int c = 0; c < l->n; c++) {
      const char w = want[k].weights[c];
      const double g = w == 's' ? 1.41 : w == '-' ? 0.0 : 1.0;
      cr_expect_eq(sp_layout_weight(l, c), g, "%s %s", l->name, l->ch[c].name);
    }
  }
}

/* libsndfile's channel map of a WAVE_FORMAT_EXTENSIBLE file written with
 * each layout's mask's speakers reads back as the same mask: the table's
 * bits are libsndfile's (and Microsoft's). */
static int map_of_bit(uint32_t bit)
{
  static const int ids[] = {SF_CHANNEL_MAP_LEFT,           SF_CHANNEL_MAP_RIGHT,
                            SF_CHANNEL_MAP_CENTER,         SF_CHANNEL_MAP_LFE,
                            SF_CHANNEL_MAP_REAR_LEFT,      SF_CHANNEL_MAP_REAR_RIGHT,
                            SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER,
                            SF_CHANNEL_MAP_FRONT_RIGHT_OF_CENTER,
                            SF_CHANNEL_MAP_REAR_CENTER,    SF_CHANNEL_MAP_SIDE_LEFT,
                            SF_CHANNEL_MAP_SIDE_RIGHT,     SF_CHANNEL_MAP_TOP_CENTER,
                            SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_CENTER,
                            SF_CHANNEL_MAP_TOP_FRONT_RIGHT, SF_CHANNEL_MAP_TOP_REAR_LEFT,
                            SF_CHANNEL_MAP_TOP_REAR_CENTER, SF_CHANNEL_MAP_TOP_REAR_RIGHT};
  for (int b = 0; b < 18; b++)
    if (bit == 1u << b)
      return ids[b];
  return SF_CHANNEL_MAP_INVALID;
}

Test(layout, libsndfile_writes_and_reads_each_mask)
{
  char *dir = tu_tmpdir();
  for (size_t i = 0; sp_layout_at(i); i++) {
    const sp_layout *l = sp_layout_at(i);
    if (l->n < 3 || __builtin_popcount(l->mask) != l->n)
      continue; /* mono and stereo are plain WAV; 9.1.6 has unassigned channels */
    char *path = tu_path(dir, "l.wav");
    SF_INFO si = {.samplerate = 48000, .channels = l->n,
                  .format = SF_FORMAT_WAVEX | SF_FORMAT_PCM_24};
    SNDFILE *f = sf_open(path, SFM_WRITE, &si);
    cr_assert_not_null(f);
    int map[SP_MAX_CHANNELS];
    for (int c = 0; c < l->n; c++)
      map[c] = map_of_bit(l->ch[c].bit);
    cr_assert_eq(sf_command(f, SFC_SET_CHANNEL_MAP_INFO, map, (int)(l->n * sizeof(int))), SF_TRUE,
                 "%s", l->name);
    float zero[SP_MAX_CHANNELS] = {0};
    sf_writef_float(f, zero, 1);
    sf_close(f);
    memset(&si, 0, sizeof si);
    f = sf_open(path, SFM_READ, &si);
    cr_assert_not_null(f);
    int got[SP_MAX_CHANNELS] = {0};
    cr_assert_eq(sf_command(f, SFC_GET_CHANNEL_MAP_INFO, got, (int)(l->n * sizeof(int))), SF_TRUE);
    sf_close(f);
    for (int c = 0; c < l->n; c++)
      cr_expect_eq(got[c], map[c], "%s channel %s", l->name, l->ch[c].name);
    free(path);
  }
  tu_rmtree(dir);
  free(dir);
}
