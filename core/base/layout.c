/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Channel layouts (core/base/layout.h). */

#include "core/base/layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* WAVE_FORMAT_EXTENSIBLE's speaker bits (Microsoft's ksmedia.h), whose
 * order is the channels' order in a file. */
enum {
  FL = 0x1,
  FR = 0x2,
  FC = 0x4,
  LF = 0x8,
  BL = 0x10,
  BR = 0x20,
  BC = 0x100,
  SL = 0x200,
  SR = 0x400,
  TFL = 0x1000,
  TFR = 0x4000,
  TBL = 0x8000,
  TBR = 0x20000,
};

/* The channels, by layout. Positions are BS.2051's nominal ones where the
 * layout is one of its systems (B 0+5+0, C 2+5+0, D 4+5+0, I 0+7+0, J
 * 4+7+0, H for 9.1.6's bed), the usual ones otherwise. */
#define L_                                                                                         \
  {                                                                                                \
    "L", 30, 0, false, FL                                                                          \
  }
#define R_                                                                                         \
  {                                                                                                \
    "R", -30, 0, false, FR                                                                         \
  }
#define C_                                                                                         \
  {                                                                                                \
    "C", 0, 0, false, FC                                                                           \
  }
#define LFE_                                                                                       \
  {                                                                                                \
    "LFE", 0, -30, true, LF                                                                        \
  }

static const sp_channel mono[] = {{"M", 0, 0, false, FC}};
static const sp_channel stereo[] = {L_, R_};
static const sp_channel lcr[] = {L_, R_, C_};
static const sp_channel quad[] = {L_, R_, {"Ls", 110, 0, false, BL}, {"Rs", -110, 0, false, BR}};
static const sp_channel s50[] = {L_, R_, C_, {"Ls", 110, 0, false, SL}, {"Rs", -110, 0, false, SR}};
static const sp_channel s51[] = {
    L_, R_, C_, LFE_, {"Ls", 110, 0, false, SL}, {"Rs", -110, 0, false, SR}};
/* 6.0 (hexagonal, as ffmpeg and WAVE_FORMAT_EXTENSIBLE files name it):
 * 5.0 and a centre surround, no LFE. */
static const sp_channel s60[] = {
    L_, R_, C_, {"Cs", 180, 0, false, BC}, {"Ls", 110, 0, false, SL}, {"Rs", -110, 0, false, SR}};
static const sp_channel s61[] = {L_,
                                 R_,
                                 C_,
                                 LFE_,
                                 {"Cs", 180, 0, false, BC},
                                 {"Ls", 110, 0, false, SL},
                                 {"Rs", -110, 0, false, SR}};
#define S7_                                                                                        \
  {"Lrs", 135, 0, false, BL}, {"Rrs", -135, 0, false, BR}, {"Ls", 90, 0, false, SL},               \
  {                                                                                                \
    "Rs", -90, 0, false, SR                                                                        \
  }
static const sp_channel s70[] = {L_, R_, C_, S7_};
static const sp_channel s71[] = {L_, R_, C_, LFE_, S7_};
static const sp_channel s512[] = {L_,
                                  R_,
                                  C_,
                                  LFE_,
                                  {"Ls", 110, 0, false, SL},
                                  {"Rs", -110, 0, false, SR},
                                  {"Ltf", 30, 30, false, TFL},
                                  {"Rtf", -30, 30, false, TFR}};
static const sp_channel s514[] = {L_,
                                  R_,
                                  C_,
                                  LFE_,
                                  {"Ls", 110, 0, false, SL},
                                  {"Rs", -110, 0, false, SR},
                                  {"Ltf", 30, 30, false, TFL},
                                  {"Rtf", -30, 30, false, TFR},
                                  {"Ltr", 110, 30, false, TBL},
                                  {"Rtr", -110, 30, false, TBR}};
#define TF7_                                                                                       \
  {"Ltf", 45, 45, false, TFL}, { "Rtf", -45, 45, false, TFR }
#define TR7_                                                                                       \
  {"Ltr", 135, 45, false, TBL}, { "Rtr", -135, 45, false, TBR }
/* 7.1.2 is no BS.2051 system but Dolby's, whose heights are top middles
 * over the listener's sides (the Dolby Atmos Master ADM Profile's
 * RC_Lts/RC_Rts, X = -1/1, Y = 0, Z = 1; BS.2094's TopSideLeft and
 * TopSideRight, U+090 and U-090): Ltm, Rtm at ±90°, 45° up as 9.1.6's.
 * WAVE_FORMAT_EXTENSIBLE has no top-side bits: the file says them by the
 * top-front ones, TFL and TFR (ffmpeg's 7.1.2 mask too), and that mask
 * reads back as this layout. */
static const sp_channel s712[] = {
    L_, R_, C_, LFE_, S7_, {"Ltm", 90, 45, false, TFL}, {"Rtm", -90, 45, false, TFR}};
static const sp_channel s714[] = {L_, R_, C_, LFE_, S7_, TF7_, TR7_};
/* 9.1.6: 7.1.4's twelve, then the four WAVE_FORMAT_EXTENSIBLE has no bit
 * for (unassigned channels follow the mask's, as the format says). */
static const sp_channel s916[] = {L_,
                                  R_,
                                  C_,
                                  LFE_,
                                  S7_,
                                  TF7_,
                                  TR7_,
                                  {"Lw", 60, 0, false, 0},
                                  {"Rw", -60, 0, false, 0},
                                  {"Ltm", 90, 45, false, 0},
                                  {"Rtm", -90, 45, false, 0}};

#define N_(a) (int)(sizeof a / sizeof a[0])

static const sp_layout layouts[] = {
    {"mono", NULL, "0+1+0", "M", N_(mono), mono, FC, 0},
    {"stereo", NULL, "0+2+0", "L R", N_(stereo), stereo, FL | FR, 0},
    {"LCR", "3.0", NULL, "L R C", N_(lcr), lcr, FL | FR | FC, 0},
    {"quad", "4.0", NULL, "L R Ls Rs", N_(quad), quad, FL | FR | BL | BR, FL | FR | SL | SR},
    {"5.0", NULL, NULL, "L R C Ls Rs", N_(s50), s50, FL | FR | FC | SL | SR,
     FL | FR | FC | BL | BR},
    {"5.1", NULL, "0+5+0", "L R C LFE Ls Rs", N_(s51), s51, FL | FR | FC | LF | SL | SR,
     FL | FR | FC | LF | BL | BR},
    {"6.0", NULL, NULL, "L R C Cs Ls Rs", N_(s60), s60, FL | FR | FC | BC | SL | SR, 0},
    {"6.1", NULL, NULL, "L R C LFE Cs Ls Rs", N_(s61), s61, FL | FR | FC | LF | BC | SL | SR, 0},
    {"7.0", NULL, NULL, "L R C Lrs Rrs Ls Rs", N_(s70), s70, FL | FR | FC | BL | BR | SL | SR, 0},
    {"7.1", NULL, "0+7+0", "L R C LFE Lrs Rrs Ls Rs", N_(s71), s71,
     FL | FR | FC | LF | BL | BR | SL | SR, 0},
    {"5.1.2", NULL, "2+5+0", "L R C LFE Ls Rs Ltf Rtf", N_(s512), s512,
     FL | FR | FC | LF | SL | SR | TFL | TFR, 0},
    {"5.1.4", NULL, "4+5+0", "L R C LFE Ls Rs Ltf Rtf Ltr Rtr", N_(s514), s514,
     FL | FR | FC | LF | SL | SR | TFL | TFR | TBL | TBR, 0},
    {"7.1.2", NULL, NULL, "L R C LFE Lrs Rrs Ls Rs Ltm Rtm", N_(s712), s712,
     FL | FR | FC | LF | BL | BR | SL | SR | TFL | TFR, 0},
    {"7.1.4", NULL, "4+7+0", "L R C LFE Lrs Rrs Ls Rs Ltf Rtf Ltr Rtr", N_(s714), s714,
     FL | FR | FC | LF | BL | BR | SL | SR | TFL | TFR | TBL | TBR, 0},
    {"9.1.6", NULL, NULL, "L R C LFE Lrs Rrs Ls Rs Ltf Rtf Ltr Rtr Lw Rw Ltm Rtm", N_(s916), s916,
     FL | FR | FC | LF | BL | BR | SL | SR | TFL | TFR | TBL | TBR, 0},
};

const char *const sp_layout_names[] = {"mono",  "stereo", "LCR",   "quad", "5.0",   "5.1",
                                       "6.0",   "6.1",    "7.0",   "7.1",  "5.1.2", "5.1.4",
                                       "7.1.2", "7.1.4",  "9.1.6", NULL};

const sp_layout *sp_layout_at(size_t i)
{
  return i < sizeof layouts / sizeof layouts[0] ? &layouts[i] : NULL;
}

const sp_layout *sp_layout_find(const char *name)
{
  for (size_t i = 0; name && i < sizeof layouts / sizeof layouts[0]; i++)
    if (strcasecmp(name, layouts[i].name) == 0 ||
        (layouts[i].aka && strcasecmp(name, layouts[i].aka) == 0))
      return &layouts[i];
  return NULL;
}

const sp_layout *sp_layout_by_mask(uint32_t mask, int n)
{
  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
    if (layouts[i].n == n && mask != 0 && (layouts[i].mask == mask || layouts[i].also_mask == mask))
      return &layouts[i];
  return NULL;
}

void sp_layout_mask_text(uint32_t mask, char *buf, size_t size)
{
  static const char *const names[] = {"FL", "FR", "FC", "LFE", "BL",  "BR",  "FLC", "FRC", "BC",
                                      "SL", "SR", "TC", "TFL", "TFC", "TFR", "TBL", "TBC", "TBR"};
  size_t used = 0;
  buf[0] = '\0';
  for (int b = 0; b < 32 && used < size; b++)
    if (mask & (1u << b)) {
      int k = b < (int)(sizeof names / sizeof names[0])
                  ? snprintf(buf + used, size - used, "%s%s", used ? " " : "", names[b])
                  : snprintf(buf + used, size - used, "%sbit %d", used ? " " : "", b);
      used += k > 0 ? (size_t)k : 0;
    }
}

bool sp_layout_mask_is_default(uint32_t mask, int n)
{
  /* libsndfile's for a file of 8 channels given no map (FL FR FC LFE BL BR
   * FLC FRC); its masks for other counts (0x4, 0x3, 0x33, 0x3F) are layouts' */
  return n == 8 && mask == 0xFF;
}

bool sp_layout_of_mask(uint32_t mask, int n, sp_layout_own *out)
{
  if (sp_layout_mask_is_default(mask, n))
    return false;
  const bool sides = (mask & (SL | SR)) != 0, backs = (mask & (BL | BR)) != 0;
  const sp_channel bits[] = {{"L", 30, 0, false, FL},
                             {"R", -30, 0, false, FR},
                             {"C", 0, 0, false, FC},
                             {"LFE", 0, -30, true, LF},
                             {sides ? "Lrs" : "Ls", sides ? 135 : 110, 0, false, BL},
                             {sides ? "Rrs" : "Rs", sides ? -135 : -110, 0, false, BR},
                             {"Lc", 15, 0, false, 0x40},
                             {"Rc", -15, 0, false, 0x80},
                             {"Cs", 180, 0, false, BC},
                             {"Ls", backs ? 90 : 110, 0, false, SL},
                             {"Rs", backs ? -90 : -110, 0, false, SR},
                             {"Tc", 0, 90, false, 0x800},
                             {"Ltf", 45, 45, false, TFL},
                             {"Tfc", 0, 45, false, 0x2000},
                             {"Rtf", -45, 45, false, TFR},
                             {"Ltr", 135, 45, false, TBL},
                             {"Tbc", 180, 45, false, 0x10000},
                             {"Rtr", -135, 45, false, TBR}};
  int k = 0;
  size_t used = 0;
  out->text[0] = '\0';
  for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++)
    if (mask & bits[b].bit) {
      if (k == n || k == SP_MAX_CHANNELS)
        return false;
      out->ch[k++] = bits[b];
      int w = snprintf(out->text + used, sizeof out->text - used, "%s%s", used ? " " : "",
                       bits[b].name);
      used += w > 0 && (size_t)w < sizeof out->text - used ? (size_t)w : 0;
    }
  if (k != n || (mask & ~(uint32_t)0x3FFFF))
    return false;
  snprintf(out->name, sizeof out->name, "mask 0x%X", mask);
  out->l = (sp_layout){out->name, NULL, NULL, out->text, n, out->ch, mask, 0};
  return true;
}

void sp_layout_names_of_count(int n, char *buf, size_t size)
{
  size_t used = 0, found = 0, total = 0;
  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
    total += layouts[i].n == n;
  buf[0] = '\0';
  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0] && used < size; i++)
    if (layouts[i].n == n) {
      found++;
      int k = snprintf(buf + used, size - used, "%s%s",
                       found == 1       ? ""
                       : found == total ? " or "
                                        : ", ",
                       layouts[i].name);
      used += k > 0 ? (size_t)k : 0;
    }
}

const sp_layout *sp_layout_by_count(int n)
{
  static const char *const by_count[SP_MAX_CHANNELS + 1] = {
      [1] = "mono", [2] = "stereo", [3] = "LCR",    [4] = "quad",   [5] = "5.0",   [6] = "5.1",
      [7] = "6.1",  [8] = "7.1",    [10] = "5.1.4", [12] = "7.1.4", [16] = "9.1.6"};
  return n >= 1 && n <= SP_MAX_CHANNELS ? sp_layout_find(by_count[n]) : NULL;
}

int sp_layout_channel(const sp_layout *l, const char *name)
{
  for (int c = 0; l && name && c < l->n; c++)
    if (strcmp(l->ch[c].name, name) == 0)
      return c;
  return -1;
}

bool sp_layout_same_channels(const sp_layout *a, const sp_layout *b)
{
  if (!a || !b || a->n != b->n)
    return false;
  for (int c = 0; c < a->n; c++)
    if (strcmp(a->ch[c].name, b->ch[c].name) != 0)
      return false;
  return true;
}

double sp_layout_weight(const sp_layout *l, int c)
{
  const sp_channel *ch = &l->ch[c];
  if (ch->lfe)
    return 0.0;
  const double az = fabs(ch->az);
  return ch->el < 30 && az >= 60 && az <= 120 ? 1.41 : 1.0;
}
