/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_LAYOUT_H
#define SP_LAYOUT_H

/* Channel layouts: mono to 9.1.6, each channel with the name users write
 * (L R C LFE Ls Rs Lrs Rrs Lw Rw Ltf Rtf Ltm Rtm Ltr Rtr), its speaker's
 * position (ITU-R BS.2051's nominal azimuth, positive to the left, and
 * elevation, in degrees) and its WAVE_FORMAT_EXTENSIBLE speaker bit. A
 * layout's channels are in file order: the order of their speaker bits,
 * as WAVE_FORMAT_EXTENSIBLE requires (7.1 is L R C LFE Lrs Rrs Ls Rs),
 * and channels without a bit (9.1.6's wides and top middles) after them
 * in the order the table gives. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most channels a layout has (9.1.6). */
#define SP_MAX_CHANNELS 16

typedef struct sp_channel {
  const char *name; /* "L", "LFE", "Ltf" */
  double az, el;    /* degrees: azimuth positive to the left, elevation up */
  bool lfe;
  uint32_t bit; /* its WAVE_FORMAT_EXTENSIBLE speaker bit; 0: none */
} sp_channel;

typedef struct sp_layout {
  const char *name;     /* "5.1" */
  const char *aka;      /* another name users write ("surround"), or NULL */
  const char *system;   /* BS.2051's system ("0+5+0"), or NULL */
  const char *text;     /* its channels' names in order, spaced ("L R C LFE Ls Rs") */
  int n;                /* channels */
  const sp_channel *ch; /* [n], in file order */
  uint32_t mask;        /* the channel mask written: the channels' bits; 0 when one has none */
  uint32_t also_mask;   /* another mask read as this layout (5.1 with back surrounds), or 0 */
} sp_layout;

/* The layouts, in the order `help layouts` lists them: i = 0, 1, ... until
 * NULL. */
const sp_layout *sp_layout_at(size_t i);
/* Their names in that order, then NULL (a parameter's choices). */
extern const char *const sp_layout_names[];
/* A layout by name ("5.1", "7.1.4", "stereo", "LCR"; case does not
 * matter), or NULL. */
const sp_layout *sp_layout_find(const char *name);
/* The layout whose channel mask is mask with n channels, or NULL. */
const sp_layout *sp_layout_by_mask(uint32_t mask, int n);
/* The layout a file of n channels without a channel mask is read as by
 * the meters (1 mono, 2 stereo, 3 LCR, 4 quad, 5 5.0, 6 5.1, 7 6.1, 8 7.1,
 * 10 5.1.4, 12 7.1.4, 16 9.1.6), or NULL. */
const sp_layout *sp_layout_by_count(int n);
/* The speakers a channel mask names, in WAVE_FORMAT_EXTENSIBLE's names
 * and order ("FL FR FC BC SL SR"; a bit it does not define as "bit 18"),
 * into buf. */
void sp_layout_mask_text(uint32_t mask, char *buf, size_t size);
/* A layout read off a channel mask that no layout has (its channels the
 * mask's speakers in bit order, named and placed as the layouts name and
 * place them: FLC as Lc at 15 degrees, a back pair as Lrs Rrs beside side
 * surrounds, as Ls Rs alone), for the meters; its storage is the caller's.
 * False when the mask does not name n speakers. */
typedef struct sp_layout_own {
  sp_layout l;
  sp_channel ch[SP_MAX_CHANNELS];
  char name[24]; /* "mask 0x77" */
  char text[96];
} sp_layout_own;
bool sp_layout_of_mask(uint32_t mask, int n, sp_layout_own *out);
/* Whether mask is a writer's default for n channels and no layout's: the
 * 0xFF libsndfile puts in a file of 8 channels it was given no map for,
 * which says nothing of where its channels are. */
bool sp_layout_mask_is_default(uint32_t mask, int n);
/* The names of the layouts of n channels ("5.1 or 6.0"; "" for none),
 * into buf. */
void sp_layout_names_of_count(int n, char *buf, size_t size);
/* The index of the channel named name in l ("C", case as written), or -1. */
int sp_layout_channel(const sp_layout *l, const char *name);
/* Whether a and b have the same channels in the same order, by name (L R
 * C and L R Tc do not, though their weights are alike; 5.1 read off a
 * mask of side or of back surrounds does). */
bool sp_layout_same_channels(const sp_layout *a, const sp_layout *b);
/* ITU-R BS.1770-4's weight G of channel c: 0 for the LFE, 1.41 (+1.5 dB)
 * for a speaker below 30° of elevation at 60°..120° of azimuth either side,
 * else 1. */
double sp_layout_weight(const sp_layout *l, int c);

#endif
