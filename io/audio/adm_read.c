/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF metadata read (io/audio/adm.h): an axml and a chna's track UIDs
 * into the model, sp_adm_parse.
 *
 * The axml is read through io/xml's stream (libxml2, with the guards
 * every XML read of stemprint has: no DOCTYPE, no entity but XML's five
 * and character references, no network) to a depth of 64 and at most
 * SP_ADM_MAX_AXML bytes, each block read into its values as its element
 * closes, so hostile text costs what its size costs and no more. The
 * tracks (the chna's UIDs) are then read in the file's order: the beds,
 * wherever they are (their channels recognised as the profile's,
 * adm_profile.c, or as a layout's by BS.2127's DirectSpeakers rules; a
 * channel of no layout a speaker of its own), then the objects, a stereo
 * pair the writer made of a stereo object one object again; what the
 * audioObjects played say of each track is adm_select.c's, the times and
 * the tree's helpers adm_tree.c's (adm_tree.h). */

#include "io/audio/adm_tree.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "io/xml/xml.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- times ---------------------------------------------------------------- */

/* The first frame at or after t; *off (may be NULL): t minus it, in (-1, 0]. */
static int64_t frames_ceil(adm_frames t, double *off)
{
  if (off)
    *off = t.num > 0 ? (double)t.num / (double)t.den - 1.0 : 0.0;
  return t.whole + (t.num > 0);
}

/* Whether s is a whole number as the EBU ADM Renderer reads one
 * (Python's int: digits, a sign before them, white space around). */
static bool whole_number(const char *s)
{
  char buf[128], *a = s ? adm_ascii(s, true) : NULL; /* Unicode's digits too */
  if (!(s = adm_unscored(a ? a : s, buf, sizeof buf)))
    return false;
  s += strspn(s, " \t\r\n");
  s += *s == '+' || *s == '-';
  const size_t d = strspn(s, "0123456789");
  const bool r = d > 0 && s[d + strspn(s + d, " \t\r\n")] == '\0';
  free(a);
  return r;
}

/* ---- kinds (typeDefinition, typeLabel) -------------------------------------- */

/* BS.2076's kinds of pack and channel format, by typeLabel (0001 ..
 * 0005), as the EBU ADM Renderer reads them (its TypeDefinition). */
enum { KIND_DS = 1, KIND_MATRIX, KIND_OBJECTS, KIND_HOA, KIND_BINAURAL, KINDS };
static const char *const kind_names[KINDS] = {"none", "DirectSpeakers", "Matrix", "Objects",
                                              "HOA",  "Binaural"};

/* The kind pack or channel format n says by its typeDefinition or
 * typeLabel, or both alike (nothing marked); 0: neither said; -1: one
 * BS.2076 has not, or two that disagree. */
static int kind_of(const xnode *n)
{
  const char *def = adm_peek(n, "typeDefinition"), *lab = adm_peek(n, "typeLabel");
  int d = 0, l = 0;
  if (def) {
    for (d = 1; d < KINDS && strcmp(def, kind_names[d]) != 0; d++)
      ;
    if (d == KINDS)
      return -1;
  }
  if (lab) {
    char *end;
    const unsigned long v = strtoul(lab, &end, 16);
    if (!*lab || *end || v < 1 || v >= KINDS)
      return -1;
    l = (int)v;
  }
  return d && l && d != l ? -1 : d ? d : l;
}

/* ---- the beds' channels ---------------------------------------------------- */

/* The channels of BS.2094's common definitions (xxxx of AC_0001xxxx), as
 * files written by stemprint before it wrote the profile's own channels,
 * and other tools', name them without holding them: each one's
 * speakerLabel, polar position and screenEdgeLock (M+SC, M-SC), whether
 * its frequency says an LFE, and its role among the profile's (-1: none).
 * U+045 (0x22, 0x23) were stemprint's 7.1.2 heights. */
static const struct {
  unsigned num;
  const char *label;
  double az, el;
  int role;
  bool lfe;
  sp_bs2127_edge edge;
} common[] = {
    {0x01, "M+030", 30, 0, SP_ADM_RC_L, false, 0},
    {0x02, "M-030", -30, 0, SP_ADM_RC_R, false, 0},
    {0x03, "M+000", 0, 0, SP_ADM_RC_C, false, 0},
    {0x04, "LFE", 0, -30, SP_ADM_RC_LFE, true, 0},
    {0x05, "M+110", 110, 0, SP_ADM_RC_LS, false, 0},
    {0x06, "M-110", -110, 0, SP_ADM_RC_RS, false, 0},
    {0x07, "M+022", 22.5, 0, -1, false, 0},
    {0x08, "M-022", -22.5, 0, -1, false, 0},
    {0x09, "M+180", 180, 0, -1, false, 0},
    {0x0a, "M+090", 90, 0, SP_ADM_RC_LSS, false, 0},
    {0x0b, "M-090", -90, 0, SP_ADM_RC_RSS, false, 0},
    {0x0c, "T+000", 0, 90, -1, false, 0},
    {0x0d, "U+030", 30, 30, -1, false, 0},
    {0x0e, "U+000", 0, 30, -1, false, 0},
    {0x0f, "U-030", -30, 30, -1, false, 0},
    {0x10, "U+110", 110, 30, -1, false, 0},
    {0x11, "U+180", 180, 30, -1, false, 0},
    {0x12, "U-110", -110, 30, -1, false, 0},
    {0x13, "U+090", 90, 30, SP_ADM_RC_LTS, false, 0},
    {0x14, "U-090", -90, 30, SP_ADM_RC_RTS, false, 0},
    {0x15, "B+000", 0, -30, -1, false, 0},
    {0x16, "B+045", 45, -30, -1, false, 0},
    {0x17, "B-045", -45, -30, -1, false, 0},
    {0x18, "M+060", 60, 0, -1, false, 0},
    {0x19, "M-060", -60, 0, -1, false, 0},
    {0x1a, "M+135_Diff", 135, 0, -1, false, 0},
    {0x1b, "M-135_Diff", -135, 0, -1, false, 0},
    {0x1c, "M+135", 135, 0, SP_ADM_RC_LRS, false, 0},
    {0x1d, "M-135", -135, 0, SP_ADM_RC_RRS, false, 0},
    {0x1e, "U+135", 135, 30, -1, false, 0},
    {0x1f, "U-135", -135, 30, -1, false, 0},
    {0x20, "LFEL", 45, -30, -1, true, 0},
    {0x21, "LFER", -45, -30, -1, true, 0},
    {0x22, "U+045", 45, 30, SP_ADM_RC_LTS, false, 0},
    {0x23, "U-045", -45, 30, SP_ADM_RC_RTS, false, 0},
    {0x24, "M+SC", 25, 0, -1, false, SP_BS2127_EDGE_LEFT},
    {0x25, "M-SC", -25, 0, -1, false, SP_BS2127_EDGE_RIGHT},
    {0x26, "M+045", 45, 0, -1, false, 0},
    {0x27, "M-045", -45, 0, -1, false, 0},
    {0x28, "UH+180", 180, 45, -1, false, 0},
};
enum { COMMON = sizeof common / sizeof common[0] };

/* The role of BS.2051 speakerLabel label (M+030, U+045, LFE1; as a URN,
 * urn:itu:bs:2051:0:speaker:M+030, too), as a DirectSpeakers pack of
 * BS.2051's labels names its channels; -1: none the reader knows. */
static int label_role(const char *label)
{
  static const char urn[] = "urn:itu:bs:2051:";
  if (strncmp(label, urn, sizeof urn - 1) == 0) {
    const char *sp = strstr(label, ":speaker:");
    if (!sp)
      return -1;
    label = sp + strlen(":speaker:");
  }
  if (strcmp(label, "LFE1") == 0 || strcmp(label, "LFEL") == 0)
    return SP_ADM_RC_LFE;
  for (size_t i = 0; i < COMMON; i++)
    if (strcmp(label, common[i].label) == 0)
      return common[i].role;
  return -1;
}

/* The role of common channel num; -1: none the reader knows. */
static int common_role(unsigned long num)
{
  for (size_t i = 0; i < COMMON; i++)
    if (common[i].num == num)
      return common[i].role;
  return -1;
}

/* The bed layout whose channels are roles[n] (any order: a 5.x's
 * surrounds may be named as sides, a 7.x's as 5.x's), and the layout's
 * channel each is (chan[n]); NULL when no layout is. */
static const sp_layout *bed_of_roles(const int *roles, int n, int *chan)
{
  for (size_t i = 0; sp_layout_at(i); i++) {
    const sp_layout *l = sp_layout_at(i);
    int lch[SP_MAX_CHANNELS], lrole[SP_MAX_CHANNELS];
    if (l->n != n || !adm_bed_tracks(l, lch, lrole))
      continue;
    bool all = true;
    for (int k = 0; k < n && all; k++) {
      chan[k] = -1;
      for (int j = 0; j < n; j++) {
        const int a = roles[k], b = lrole[j];
        const bool same = a == b || (a == SP_ADM_RC_LS && b == SP_ADM_RC_LSS) ||
                          (a == SP_ADM_RC_LSS && b == SP_ADM_RC_LS) ||
                          (a == SP_ADM_RC_RS && b == SP_ADM_RC_RSS) ||
                          (a == SP_ADM_RC_RSS && b == SP_ADM_RC_RS);
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

/* ---- a small XML reader ---------------------------------------------------- */

/* An audioBlockFormat as the reader takes it, read when its element closes
 * (read_block) and its elements then dropped: a master's tens of thousands
 * of blocks cost their values, not a tree of their elements (a tree was
 * about 4 KB a block, seven times the text). */
/* The most zones one block's zoneExclusion holds: BS.2127 tests each
 * speaker against each zone for each block, and a block's zones are a
 * few rooms' walls; 200,000 of them took minutes. */
#define ADM_MAX_ZONES 4096

struct xblock {
  /* its values as an object's block takes them: start, dur (rtime,
   * duration) frames at the parse's rate; x, y, z Cartesian (a polar
   * position converted), az, el, dist a polar position as written; width
   * 0 .. 1, height and depth as width (0 when not written); gain linear
   * (NAN: not a number or no unit BS.2076 has); interp_s jumpPosition's
   * interpolationLength in seconds (-1: not a number), no_interp none
   * written; objectDivergence and channelLock */
  sp_adm_block v;
  bool timed, bad_time; /* either given; either not a time (bad says which) */
  bool fine_time;       /* that one a time the EAR reads, finer than stemprint's */
  /* what of it is not what BS.2076 has, as written, for a message (heap;
   * NULL: none): with bad_time its time ("rtime '240:00:00'"), else its
   * first value that is not one (a position's coordinate, width, height,
   * depth, gain or its unit, jumpPosition's interpolationLength: "width
   * 'inf' is not a number"); one pointer, a master's tens of thousands of
   * blocks each have it */
  char *bad;
  /* bad is a size or diffuse the EBU ADM Renderer reads all the same (a
   * decimal number, not a finite one: "inf", "1e999"; its float()), and
   * plays where nothing else refuses the block */
  bool bad_plays;
  /* a value of inf plays (block_number): set while a Cartesian Objects
   * block's position is read, which BS.2127 clips into the room */
  bool inf_plays;
  bool objects;         /* an Objects channel format's (ear_nonfinite) */
  bool half_timed;      /* an rtime without a duration (the EAR refuses it) */
  bool no_rtime;        /* a duration without an rtime: rtime 0, as the EAR reads it */
  /* what of BS.2076-2's it holds, for a file of an earlier version
   * (v1_ok): a fractional time, a gain's gainUnit, a gain or importance
   * on a block of a kind other than Objects (static text; NULL: none) */
  const char *v2_only;
  adm_frames rtime, duration; /* exact (v.start, v.dur: the frames at or after) */
  bool range_written;          /* objectDivergence's azimuthRange (polar) or positionRange */
  bool no_position, bad_position;
  bool cart; /* cartesian 1 */
  bool after_later; /* written after a block it comes before (blocks_in_time: counted once) */
  bool played;      /* its channel format a track's (blocks_in_time) */
  bool passed_said; /* the blocks after it that nothing reaches said (passed_note) */
  bool label_padded; /* its speakerLabel has white space around it, kept (tree_close) */
  bool padded_said;  /* that said (bed_block) */
  bool has_width;
  bool has_hv; /* headphoneVirtualise: */
  sp_adm_binaural binaural;
  unsigned unplayed;     /* SP_ADM_UNPLAYED_*: what it holds the renderer reads past */
  char *label;           /* speakerLabel (a DirectSpeakers channel's), or NULL */
  /* all its speakerLabels, the first first, each after the one before
   * after a \x1f (heap; its model's once it places a speaker:
   * labels_given), or NULL */
  char *labels;
  bool labels_given;
  /* a DirectSpeakers position's bounds (bound="min", "max"), by
   * coordinate (azimuth, elevation, distance or X, Y, Z); NULL: none
   * (heap: an object's block has none) */
  struct xbounds {
    double lo[3], hi[3];
    bool has_lo[3], has_hi[3];
  } * bounds;
  sp_bs2127_zone *zones; /* zoneExclusion's zones (heap) */
  uint32_t n_zones;
  /* a screenEdgeLock BS.2076 has not, said ("'top' on its azimuth"; heap,
   * NULL for none: its locks are v.edge_h, v.edge_v) */
  char *bad_edge;
};

/* The text of every element of none (whitespace alone): one, not an
 * allocation each (a master's tens of thousands of blocks have none). */
static char no_text[1];

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
  if (n->text != no_text)
    free(n->text);
  for (size_t i = 0; i < n->n_kids; i++)
    xfree(n->kids[i]);
  free(n->kids);
  if (n->block) {
    free(n->block->label);
    if (!n->block->labels_given)
      free(n->block->labels);
    free(n->block->bad);
    free(n->block->zones);
    free(n->block->bounds);
    free(n->block->bad_edge);
  }
  free(n->block);
  adm_ids_free(n->ids);
  free(n);
}

static void read_block(double rate, xnode *n, adm_unread *u, const xnode *parent);

/* Whether s (may be NULL) is a number Python's float() reads, as the EBU
 * ADM Renderer reads a block's size and diffuse: a decimal one, or inf,
 * infinity or nan, within white space (no hexadecimal: strtod's alone). */
static bool python_float(const char *s)
{
  if (!s || strpbrk(s, "xXpP"))
    return false;
  s += strspn(s, " \t\r\n");
  char *end;
  (void)strtod(s, &end);
  return end != s && end[strspn(end, " \t\r\n")] == '\0';
}

/* What the EBU ADM Renderer makes of value `what` of block b, text t, that
 * its float() reads and is no finite number (nan, inf, 1e999), in words
 * to follow the value's ("width 'nan' is not a number"), checked against
 * it (tests/test_admforeign.c): where it reads it and plays it so, a
 * render no standard has, what it plays; else that it refuses it too. */
static const char *ear_nonfinite(const xblock *b, const char *what, const char *t)
{
  const double v = strtod(t + strspn(t, " \t\r\n"), NULL);
  const bool nan = isnan(v), cart = b->cart;
  if (!b->objects)
    return "; the EBU ADM Renderer refuses it too (its 'must be finite'): write a decimal "
           "number";
  if (strcmp(what, "diffuse") == 0)
    return "; the EBU ADM Renderer reads it and plays the block silent (its direct and "
           "diffuse gains the square roots of 1 - diffuse and of diffuse, numpy's NaN: "
           "'invalid value encountered in cast'): write a value of 0 .. 1";
  /* a polar block whose width or depth is NaN, or whose distance is inf,
   * fails there: its extent's gains come out one 0, not one a speaker (a
   * distance of -inf it refuses, out of its range) */
  static const char fails[] =
      "; the EBU ADM Renderer reads it and fails on the block (numpy's 'boolean array indexing "
      "assignment requires a 0 or 1-dimensional input'): write a decimal number";
  static const char silent[] = "; the EBU ADM Renderer reads it and plays the block silent "
                               "(numpy's NaN gains, zeroed): write a decimal number";
  if (nan && (strcmp(what, "width") == 0 || strcmp(what, "depth") == 0) && !cart)
    return fails;
  if (v > 0 && !cart && strcmp(what, "position distance") == 0)
    return fails;
  if (nan && strcmp(what, "height") == 0)
    return cart ? silent
                : "; the EBU ADM Renderer reads it and plays the block as a point where its "
                  "width is 0 and its distance 1 or more (Python's max() of the width and a NaN "
                  "the width), else silent: write a decimal number";
  if (nan && strcmp(what, "width") == 0)
    return silent;
  if (nan && strcmp(what, "depth") == 0)
    return "; the EBU ADM Renderer reads it and plays the block as a point where its width and "
           "height are 0, else silent: write a decimal number";
  if (nan && cart && strncmp(what, "position ", 9) == 0)
    return "; the EBU ADM Renderer reads it and plays the block where numpy's arithmetic on "
           "NaN leaves it (at X 'nan', Y 1: 0+5+0's R), a place no standard has: write a "
           "decimal number";
  return "; the EBU ADM Renderer refuses it too (its 'must be finite' or 'out of range'): "
         "write a decimal number";
}

/* The text of number element or attribute `what` of block b (NULL: not
 * written) into *v when it is a finite number, all of it; else false, the
 * block's first such value said as written ("width 'inf' is not a
 * number"), for the message that refuses the block. */
static bool number_read(xblock *b, const char *what, const char *text, const char *written,
                        double *v);
static bool block_number(xblock *b, const char *what, const char *text, double *v)
{
  /* its digits any Unicode decimal digits, as the EAR's float() reads them */
  char *a = text ? adm_ascii(text, true) : NULL;
  const bool r = number_read(b, what, a ? a : text, text, v);
  free(a);
  return r;
}

/* block_number's, of text as ASCII (adm_ascii), written as written. */
static bool number_read(xblock *b, const char *what, const char *text, const char *written,
                        double *v)
{
  /* adm_number's rule, with the words it refuses a value in */
  char buf[128];
  const char *why =
      text ? sp_xml_double_why(adm_unscored(text, buf, sizeof buf), v) : "is not a number";
  if (!why)
    return true;
  /* a size of inf (or a decimal past a double's), which the EBU ADM
   * Renderer's float() reads and BS.2127's extent plays, the widest
   * (extent.c, allo.c); a NaN, which it fails on, is still refused */
  static const char *const sizes[] = {"width", "height", "depth"};
  bool inf_plays = b->inf_plays; /* a Cartesian object's coordinate: clipped into the room */
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    inf_plays |= strcmp(what, sizes[i]) == 0;
  if (inf_plays && python_float(text) && isinf(strtod(text, NULL))) {
    *v = strtod(text, NULL);
    return true;
  }
  if (!b->bad) {
    /* why's own "; write ..." left to the EAR's words where they follow */
    const bool ear = python_float(text);
    const char *own = ear ? strstr(why, "; write") : NULL;
    b->bad = sp_xasprintf("%s '%.64s' %.*s%s", what, written ? written : "",
                          (int)(own ? (size_t)(own - why) : strlen(why)), why,
                          ear ? ear_nonfinite(b, what, text) : "");
    /* a size or diffuse: the EAR's float(), which takes "inf" and "1e999" */
    static const char *const floats[] = {"width", "height", "depth", "diffuse"};
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
      b->bad_plays |= strcmp(what, floats[i]) == 0 && python_float(text);
  }
  return false;
}

/* Flag element or attribute `what` of block b (text NULL: not written,
 * off) into *on; a value other than BS.2076's 0 or 1 said as written in
 * b->bad ("jumpPosition 'yes' is not 0 or 1"), which refuses the block. */
static void block_flag(xblock *b, const char *what, const char *text, bool *on)
{
  *on = false;
  if (text && !adm_flag(text, on) && !b->bad)
    b->bad = sp_xasprintf("%s '%.64s' is not 0 or 1, as BS.2076 writes a flag", what, text);
}

/* The tree being read: the elements open, each with its text so far.
 * What it holds is counted (held) and kept within AXML_HELD: an element
 * costs its node, its name and its text's allocations whatever its text,
 * so 60 MB of "<a/>" held 2.4 GB, where 62 MB of the blocks stemprint
 * writes hold 74 MB and 64 MiB of 216-byte blocks (a timed position and
 * little else) 178 MB. */
enum { AXML_DEPTH = 64 };
#define AXML_HELD ((size_t)320 << 20)
typedef struct tree {
  double rate;
  xnode *root, *open[AXML_DEPTH + 2];
  adm_text body[AXML_DEPTH + 2];
  int depth;
  adm_unread *unread; /* what of each block was not read (read_block) */
  size_t held;        /* bytes the tree holds, as held() counts them */
  size_t elements;    /* read */
  int full;           /* the line past AXML_HELD (0: within): nothing more is kept */
} tree;

/* The bytes element x itself holds (its node, its slot in its parent's
 * kids, its name, attributes and text, a block's values; not its kids),
 * each allocation with an allocator's 16 bytes of overhead. */
static size_t held(const xnode *x)
{
  enum { ALLOC = 16 };
  size_t n = sizeof *x + sizeof x + 2 * ALLOC + strlen(x->name) + 1;
  n += x->n_attrs ? ALLOC + x->n_attrs * sizeof *x->attrs : 0;
  for (size_t i = 0; i < x->n_attrs; i++)
    n += 2 * ALLOC + strlen(x->attrs[i].name) + strlen(x->attrs[i].value) + 2;
  n += x->text && x->text != no_text ? ALLOC + strlen(x->text) + 1 : 0;
  if (x->block)
    n += ALLOC + sizeof *x->block + x->block->n_zones * sizeof *x->block->zones +
         (x->block->label ? ALLOC + strlen(x->block->label) + 1 : 0) +
         (x->block->labels ? ALLOC + strlen(x->block->labels) + 1 : 0) +
         (x->block->bounds ? ALLOC + sizeof *x->block->bounds : 0) +
         (x->block->bad ? ALLOC + strlen(x->block->bad) + 1 : 0);
  return n;
}

/* held() of x and all it holds (a block's elements: their depth is a
 * block's, and each is counted once, as its block drops it). */
static size_t held_all(const xnode *x)
{
  size_t n = held(x);
  for (size_t i = 0; i < x->n_kids; i++)
    n += held_all(x->kids[i]);
  return n;
}

/* The tree past AXML_HELD at line: kept no further (its events passed
 * by), refused once the parse ends. */
static bool over(tree *t, int line)
{
  if (!t->full && t->held > AXML_HELD)
    t->full = line > 0 ? line : 1;
  return t->full != 0;
}

static void tree_open(void *ctx, const char *name, const char *const *attrs, size_t n_attrs,
                      int line)
{
  tree *t = ctx;
  if (t->full)
    return;
  xnode *x = sp_xcalloc(1, sizeof *x);
  x->name = sp_xstrdup(name);
  x->line = line;
  x->attrs = n_attrs ? sp_xcalloc(n_attrs, sizeof *x->attrs) : NULL;
  for (size_t i = 0; i < n_attrs; i++)
    x->attrs[x->n_attrs++] = (xattr){sp_xstrdup(attrs[2 * i]), sp_xstrdup(attrs[2 * i + 1]), false};
  if (t->depth > 0) {
    xnode *up = t->open[t->depth - 1];
    SP_GROW(up->kids, up->n_kids, up->cap_kids);
    up->kids[up->n_kids++] = x;
  } else {
    t->root = x;
  }
  t->body[t->depth] = (adm_text){0};
  t->open[t->depth++] = x;
  t->held += held(x);
  t->elements++;
  over(t, line);
}

static void tree_text(void *ctx, const char *s, size_t n)
{
  tree *t = ctx;
  if (t->depth == 0 || t->full)
    return;
  adm_text *b = &t->body[t->depth - 1];
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
  if (t->depth == 0 || t->full)
    return;
  xnode *x = t->open[--t->depth];
  adm_text *b = &t->body[t->depth]; /* its text, trimmed, becomes the element's */
  size_t from = 0, to = b->n;
  while (from < to && strchr(" \t\r\n", b->s[from]))
    from++;
  while (to > from && strchr(" \t\r\n", b->s[to - 1]))
    to--;
  const size_t before = held(x); /* its text not yet its own */
  x->padded = to > from && (from > 0 || to < b->n);
  if (x->padded && strcmp(x->name, "speakerLabel") == 0)
    from = 0, to = b->n; /* as written: the EAR keeps its white space, naming no speaker */
  if (to > from) {
    memmove(b->s, b->s + from, to - from);
    b->s[to - from] = '\0';
    x->text = b->s;
  } else { /* a block's, a container's: none of its own, one "" for all */
    free(b->s);
    x->text = no_text;
  }
  size_t kids = 0; /* a block's, which read_block drops (not a Matrix one's) */
  for (size_t i = 0; strcmp(x->name, "audioBlockFormat") == 0 && i < x->n_kids; i++)
    kids += held_all(x->kids[i]);
  read_block(t->rate, x, t->unread, t->depth > 0 ? t->open[t->depth - 1] : NULL);
  /* its text; a block's values where its times and elements were */
  t->held += held(x) - before;
  if (!x->n_kids)
    t->held -= kids;
  over(t, 0);
}

/* The axml's elements as a tree of xnodes, streamed through io/xml (its
 * guards: no DOCTYPE, no entity, a depth of 64), each audioBlockFormat
 * read into its values as it closes; NULL with why ("axml line 12: ...")
 * when it is not well-formed or past a guard. */
static xnode *read_tree(const sp_xml_doc *axml, double rate, adm_unread *u, char *why,
                        size_t why_size)
{
  static const sp_xml_events ev = {tree_open, tree_close, tree_text};
  tree t = {.rate = rate, .unread = u};
  char what[512];
  int line;
  const bool read = sp_xml_stream(axml, AXML_DEPTH, "an axml", &ev, &t, what, sizeof what, &line);
  if (read && !t.full)
    return t.root;
  if (read)
    snprintf(why, why_size,
             "axml line %d: its elements take more than %zu MiB to hold (%zu elements by then, "
             "a few bytes of text each), more than stemprint holds of an axml (the blocks of a "
             "64 MiB master take under 200); is the file damaged, or made to exhaust its "
             "reader?",
             t.full, AXML_HELD >> 20, t.elements);
  else
    snprintf(why, why_size, "axml line %d: %s", line, what);
  for (int i = 0; i < t.depth; i++)
    free(t.body[i].s);
  xfree(t.root);
  return NULL;
}

/* The elements named name at any depth under n (to 8 deep, not inside
 * one), the first two of them into found[0..1], in the document's order;
 * how many there are. */
static size_t find(xnode *n, const char *name, int depth, xnode **found, size_t had)
{
  if (strcmp(n->name, name) == 0) {
    if (had < 2)
      found[had] = n;
    return had + 1;
  }
  for (size_t i = 0; depth < 8 && i < n->n_kids; i++)
    had = find(n->kids[i], name, depth + 1, found, had);
  return had;
}

/* What BS.2076-2 lets a screenEdgeLock be, as an error's fix says it. */
#define EDGE_RULE                                                                                  \
  "BS.2076-2 has left or right on an azimuth or X, top or bottom on an elevation or Z, on the "    \
  "position itself (not a bound)"

/* Position element p's screenEdgeLock (of coordinate co; bound its
 * bound, or NULL) into b: left or right on azimuth or X, top or bottom on
 * elevation or Z, on the position itself, not a bound (BS.2076-2, as the
 * EBU ADM Renderer reads it); anything else said in b->bad_edge. */
static void read_edge(const xnode *p, const char *co, const char *bound, xblock *b)
{
  const char *lock = adm_attr(p, "screenEdgeLock");
  if (!lock)
    return;
  const bool across = strcmp(co, "azimuth") == 0 || strcmp(co, "X") == 0;
  const bool up = strcmp(co, "elevation") == 0 || strcmp(co, "Z") == 0;
  if (b->bad_edge) {
    /* the first said */
  } else if (bound && strcmp(bound, "value") != 0) {
    b->bad_edge = sp_xasprintf("on its %.16s bound=\"%.16s\"", co, bound);
  } else if (across && (strcmp(lock, "left") == 0 || strcmp(lock, "right") == 0)) {
    b->v.edge_h = lock[0] == 'l' ? SP_BS2127_EDGE_LEFT : SP_BS2127_EDGE_RIGHT;
  } else if (up && (strcmp(lock, "top") == 0 || strcmp(lock, "bottom") == 0)) {
    b->v.edge_v = lock[0] == 't' ? SP_BS2127_EDGE_TOP : SP_BS2127_EDGE_BOTTOM;
  } else {
    b->bad_edge = sp_xasprintf("'%.16s' on its %.16s", lock, co);
  }
}

/* Whether element name is one whose text the EBU ADM Renderer reads as a
 * flag, exactly "0" or "1" (xml.py's BoolType and channelLock). */
static bool is_flag(const char *name)
{
  static const char *const flags[] = {"cartesian", "jumpPosition", "channelLock", "screenRef",
                                      "mute"};
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
    if (strcmp(name, flags[i]) == 0)
      return true;
  return false;
}

/* The child of n named name that the EBU ADM Renderer takes where it is
 * said more than once (its CustomElements, each written over the one
 * before: jumpPosition, objectDivergence, zoneExclusion), the last; a
 * channelLock the last of 1 (one of 0 leaves a lock before it on), or
 * one neither 0 nor 1, which the EAR refuses. Each is marked read; NULL:
 * none. */
static const xnode *taken_kid(const xnode *n, const char *name)
{
  const xnode *k = NULL;
  const bool lock = strcmp(name, "channelLock") == 0;
  for (size_t i = 0; i < n->n_kids; i++) {
    const xnode *c = n->kids[i];
    if (!adm_is(c, name))
      continue;
    if (lock && k && strcmp(k->text, "0") != 0 && strcmp(k->text, "1") != 0)
      continue; /* one neither 0 nor 1 stays, refused */
    if (lock && k && strcmp(c->text, "0") == 0 && strcmp(k->text, "1") == 0)
      continue; /* a 0 leaves the 1 before it */
    k = c;
  }
  return k;
}

/* An element the EBU ADM Renderer reads once in a block of kind `kind`
 * (its AttrElements and gain: "multiple width elements found") said
 * more than once in block n: its name, else NULL. */
static const char *said_twice(const xnode *n, int kind)
{
  static const char *const objects[] = {"width",     "height",    "depth",      "diffuse",
                                        "cartesian", "screenRef", "importance", "gain"};
  const size_t names = kind == KIND_OBJECTS ? sizeof objects / sizeof *objects
                       : kind == KIND_DS    ? 2 /* gain, importance */
                                            : 0;
  for (size_t q = 0; q < names; q++) {
    const char *name = kind == KIND_OBJECTS ? objects[q] : q ? "gain" : "importance";
    size_t said = 0;
    for (size_t i = 0; i < n->n_kids; i++)
      said += strcmp(n->kids[i]->name, name) == 0;
    if (said > 1)
      return name;
  }
  return NULL;
}

/* Whether block n has a position and each of its positions' coordinates
 * is of the kind its cartesian flag (cart) is not: X, Y or Z under 0,
 * azimuth, elevation or distance under 1. */
static bool other_kind_alone(const xnode *n, bool cart)
{
  static const char *const kinds[2][3] = {{"X", "Y", "Z"}, {"azimuth", "elevation", "distance"}};
  bool any = false;
  for (size_t j = 0; j < n->n_kids; j++) {
    if (strcmp(n->kids[j]->name, "position") != 0)
      continue;
    const char *co = adm_peek(n->kids[j], "coordinate");
    int q = 0;
    while (co && q < 3 && strcmp(co, kinds[cart][q]) != 0)
      q++;
    if (!co || q == 3)
      return false;
    any = true;
  }
  return any;
}

/* Block element n (an audioBlockFormat; any other is left as it is) read
 * into n->block, as sp_adm_parse takes it, what of it was not read counted
 * into u (its parent: parent), and its elements dropped. */
static void read_block(double rate, xnode *n, adm_unread *u, const xnode *parent)
{
  if (strcmp(n->name, "audioBlockFormat") != 0)
    return;
  xblock *b = n->block = sp_xcalloc(1, sizeof *n->block);
  const char *rt = adm_attr(n, "rtime"), *du = adm_attr(n, "duration");
  b->timed = rt || du;
  b->half_timed = rt && !du;
  b->no_rtime = du && !rt; /* the EAR's _set_default_rtimes: rtime 0, warning */
  b->rtime = b->duration = (adm_frames){0, 0, 1};
  if ((rt && strchr(rt, 'S')) || (du && strchr(du, 'S')))
    b->v2_only = "a fractional time";
  const bool bad_rt = rt && !adm_parse_time(rt, rate, &b->rtime);
  b->bad_time = bad_rt || (du && !adm_parse_time(du, rate, &b->duration));
  if (b->bad_time) {
    b->bad = sp_xasprintf("%s '%.64s'", bad_rt ? "rtime" : "duration", bad_rt ? rt : du);
    b->fine_time = adm_time_ear_reads(bad_rt ? rt : du);
  }
  adm_frames end;
  b->v.start = frames_ceil(b->rtime, NULL);
  b->v.dur = adm_frames_add(b->rtime, b->duration, &end) ? frames_ceil(end, NULL) - b->v.start : 0;
  /* the times read, their text goes (a master's tens of thousands of
   * blocks: four allocations each) */
  size_t kept = 0;
  for (size_t i = 0; i < n->n_attrs; i++)
    if (strcmp(n->attrs[i].name, "rtime") == 0 || strcmp(n->attrs[i].name, "duration") == 0)
      free(n->attrs[i].name), free(n->attrs[i].value);
    else
      n->attrs[kept++] = n->attrs[i];
  n->n_attrs = kept;
  if (kept) /* a master's tens of thousands of blocks keep only these */
    n->attrs = sp_xreallocarray(n->attrs, kept, sizeof *n->attrs);
  const xnode *c = adm_kid(n, "cartesian"), *label = adm_kid(n, "speakerLabel");
  const int kind = parent ? kind_of(parent) : 0;
  b->objects = kind == KIND_OBJECTS;
  if (kind == KIND_DS) {
    /* a DirectSpeakers block is Cartesian by its coordinates (X, Y, Z),
     * as the EBU ADM Renderer reads it (xml.py, parse_speaker_position):
     * BS.2076 gives its cartesian to an Objects block, and the EAR reads
     * none here (a polar block under <cartesian>1 played polar there) */
    for (size_t j = 0; j < n->n_kids && !b->cart; j++) {
      const char *co =
          strcmp(n->kids[j]->name, "position") == 0 ? adm_peek(n->kids[j], "coordinate") : NULL;
      b->cart = co && (!strcmp(co, "X") || !strcmp(co, "Y") || !strcmp(co, "Z"));
    }
  } else {
    block_flag(b, "cartesian", c ? c->text : NULL, &b->cart);
  }
  b->label = label ? sp_xstrdup(label->text) : NULL;
  b->label_padded = label && label->padded;
  /* the EAR's speakerLabel is a list, each tried in turn (BS.2127): every
   * one kept, in one allocation (each label read twice, copied once) */
  size_t all = 0;
  for (size_t j = 0; label && j < n->n_kids; j++)
    if (adm_is(n->kids[j], "speakerLabel"))
      all += strlen(n->kids[j]->text) + 1;
  b->labels = all ? sp_xmalloc(all) : NULL;
  for (size_t j = 0, at = 0; all && j < n->n_kids; j++)
    if (adm_is(n->kids[j], "speakerLabel")) {
      const size_t w = strlen(n->kids[j]->text);
      memcpy(b->labels + at, n->kids[j]->text, w);
      b->labels[at + w] = at + w + 1 < all ? '\x1f' : '\0';
      at += w + 1;
    }
  double pos[3] = {0, b->cart ? 1 : 0, 0};
  bool have[3] = {false, false, false};
  const char *names[3] = {b->cart ? "X" : "azimuth", b->cart ? "Y" : "elevation",
                          b->cart ? "Z" : "distance"};
  bool given[3][3] = {{false}}; /* each coordinate's value, min and max, said */
  for (size_t j = 0; j < n->n_kids; j++) {
    const xnode *p = n->kids[j];
    if (strcmp(p->name, "position") != 0)
      continue;
    /* an Objects block's position: its bound unread, as the EBU ADM
     * Renderer reads it (xml.py's parse_objects_position: a coordinate's
     * value, whatever its bound; one said twice, bound or not, refused) */
    const char *co = adm_attr(p, "coordinate"),
               *bound = kind == KIND_OBJECTS ? NULL : adm_attr(p, "bound");
    const bool lo = bound && strcmp(bound, "min") == 0, hi = bound && strcmp(bound, "max") == 0;
    int q = 0;
    while (co && q < 3 && strcmp(co, names[q]) != 0)
      q++;
    /* a position BS.2076 has not: said, the block refused (a coordinate
     * said twice was the last's, one of the other kind's left out) */
    if (!co || q == 3 || (bound && !lo && !hi && strcmp(bound, "value") != 0) ||
        given[q][lo   ? 1
                 : hi ? 2
                      : 0]) {
      if (b->bad) {
        /* the first said */
      } else if (!co) {
        b->bad = sp_xstrdup("a position without its coordinate");
      } else if (q == 3 && kind == KIND_OBJECTS && other_kind_alone(n, b->cart)) {
        /* the EAR parses it by its coordinates, then refuses the
         * flag's disagreeing (validate.py, _validate_objects_channels) */
        b->bad = sp_xasprintf(
            "a %s position (%s) in a block %s, and the EBU ADM Renderer refuses it too "
            "('mismatch between cartesian element and coordinate type'): write "
            "<cartesian>%d</cartesian> in the block, or its position as %s",
            b->cart ? "polar" : "Cartesian", b->cart ? "azimuth, elevation, distance" : "X, Y, Z",
            !c        ? "without <cartesian>, which BS.2076 makes polar (cartesian 0)"
            : b->cart ? "of <cartesian>1</cartesian> (Cartesian)"
                      : "of <cartesian>0</cartesian> (polar)",
            !b->cart, b->cart ? "X, Y and Z" : "azimuth and elevation");
      } else if (q == 3) {
        b->bad = sp_xasprintf("a position of coordinate '%.16s', where %s", co,
                              b->cart ? "a Cartesian block (cartesian 1) has X, Y and Z"
                                      : "a polar block (cartesian 0) has azimuth, elevation "
                                        "and distance");
      } else if (bound && !lo && !hi && strcmp(bound, "value") != 0) {
        b->bad =
            sp_xasprintf("position %s of bound '%.16s', where BS.2076 has min and max", co, bound);
      } else {
        b->bad = sp_xasprintf("position %s%s said twice", co,
                              lo   ? " (bound min)"
                              : hi ? " (bound max)"
                                   : "");
      }
      b->bad_position = true;
      continue;
    }
    given[q][lo ? 1 : hi ? 2 : 0] = true;
    double v = 0;
    char what[96];
    snprintf(what, sizeof what, "position %.32s%s", co,
             lo   ? " (bound min)"
             : hi ? " (bound max)"
                  : "");
    b->inf_plays = kind == KIND_OBJECTS && b->cart && !lo && !hi;
    if (!block_number(b, what, p->text, &v))
      b->bad_position = true;
    b->inf_plays = false;
    read_edge(p, co, bound, b);
    if ((lo || hi) && !b->bounds)
      b->bounds = sp_xcalloc(1, sizeof *b->bounds);
    if (lo)
      b->bounds->lo[q] = v, b->bounds->has_lo[q] = true;
    else if (hi)
      b->bounds->hi[q] = v, b->bounds->has_hi[q] = true;
    else
      pos[q] = v, have[q] = true;
  }
  b->no_position = !have[0] || !have[1];
  if (b->cart)
    b->v.x = pos[0], b->v.y = pos[1], b->v.z = pos[2];
  else if (!b->bad_position && !b->no_position)
    sp_adm_polar_to_cart(pos[0], pos[1], have[2] ? pos[2] : 1, &b->v.x, &b->v.y, &b->v.z);
  if (!b->cart)
    b->v.az = pos[0], b->v.el = pos[1], b->v.dist = have[2] ? pos[2] : 1;
  const xnode *w = adm_kid(n, "width"), *g = adm_kid(n, "gain"), *jp = taken_kid(n, "jumpPosition");
  b->has_width = w != NULL;
  /* a value not a number: said as written (bad), object_block
   * refuses the block */
  if (w && !block_number(b, "width", w->text, &b->v.width))
    b->v.width = 0;
  if (w && !b->cart)
    b->v.width = b->v.width / 360.0;
  const xnode *hg = adm_kid(n, "height"), *dp = adm_kid(n, "depth");
  if (hg && !block_number(b, "height", hg->text, &b->v.height))
    b->v.height = 0;
  if (hg && !b->cart)
    b->v.height = b->v.height / 360.0;
  if (dp && !block_number(b, "depth", dp->text, &b->v.depth))
    b->v.depth = 0;
  b->v.gain = 1;
  if (g && !block_number(b, "gain", g->text, &b->v.gain))
    b->v.gain = 1;
  /* a gain in dB (gainUnit, BS.2076-2; Dolby's tools write 0 dB so) */
  const char *unit = g ? adm_attr(g, "gainUnit") : NULL;
  if (unit && strcmp(unit, "dB") == 0)
    b->v.gain = pow(10.0, b->v.gain / 20.0);
  else if (unit && strcmp(unit, "linear") != 0 && !b->bad)
    b->bad = sp_xasprintf("gain's gainUnit '%.64s' is none of BS.2076's (linear, dB)", unit);
  /* BS.2076-2's (the EBU ADM Renderer's v1 reader has them not) */
  bool importance = false;
  for (size_t j = 0; j < n->n_kids; j++)
    if (strcmp(n->kids[j]->name, "importance") == 0) {
      importance = true;
      if (!whole_number(n->kids[j]->text) && !b->bad) /* the EAR refuses it */
        b->bad = sp_xasprintf("importance '%.64s' is not a whole number", n->kids[j]->text);
    }
  if (!b->v2_only && unit)
    b->v2_only = "a gain's gainUnit";
  static const char *const gain_of[KINDS] = {[KIND_DS] = "a DirectSpeakers block's gain",
                                             [KIND_MATRIX] = "a Matrix block's gain",
                                             [KIND_HOA] = "a HOA block's gain",
                                             [KIND_BINAURAL] = "a Binaural block's gain"};
  static const char *const importance_of[KINDS] = {
      [KIND_DS] = "a DirectSpeakers block's importance",
      [KIND_MATRIX] = "a Matrix block's importance",
      [KIND_HOA] = "a HOA block's importance",
      [KIND_BINAURAL] = "a Binaural block's importance"};
  if (!b->v2_only && kind > 0 && kind != KIND_OBJECTS && (g || importance))
    b->v2_only = g ? gain_of[kind] : importance_of[kind];
  block_flag(b, "jumpPosition", jp ? jp->text : NULL, &b->v.jump);
  /* jumpPosition's interpolationLength, as written (a jump's: the seconds
   * over which it is reached; none: at once, as BS.2127 reads it) */
  const char *il = jp ? adm_attr(jp, "interpolationLength") : NULL;
  b->v.no_interp = il == NULL;
  if (il && !block_number(b, "jumpPosition's interpolationLength", il, &b->v.interp_s))
    b->v.interp_s = 0;
  const xnode *hv = adm_kid(n, "headphoneVirtualise");
  if ((b->has_hv = hv != NULL)) {
    const char *dr = adm_attr(hv, "DRR");
    double drr = 15;
    bool off;
    block_flag(b, "headphoneVirtualise's bypass", adm_attr(hv, "bypass"), &off);
    if (dr && !block_number(b, "headphoneVirtualise's DRR", dr, &drr))
      drr = 15;
    b->binaural = off           ? SP_ADM_BINAURAL_OFF
                  : drr >= 22.5 ? SP_ADM_BINAURAL_NEAR
                  : drr >= 7.5  ? SP_ADM_BINAURAL_MID
                                : SP_ADM_BINAURAL_FAR;
  }
  /* BS.2076-2's divergence (its range: azimuthRange polar, unwritten 45°
   * in a BS.2076-1 file and 0 in a -2 one, object_blocks says which;
   * positionRange Cartesian, 0 unwritten), lock to
   * the nearest speaker (maxDistance: 0 any) and zones excluded, as
   * BS.2127 plays them; a value not a number is NAN, which sp_adm_check
   * names with its element */
  const xnode *dvg = taken_kid(n, "objectDivergence"), *lk = taken_kid(n, "channelLock");
  if (dvg && !adm_number(dvg->text, &b->v.divergence))
    b->v.divergence = NAN;
  const char *rng = dvg ? adm_attr(dvg, b->cart ? "positionRange" : "azimuthRange") : NULL;
  b->v.div_range = 0;
  b->range_written = rng != NULL;
  if (rng && !adm_number(rng, &b->v.div_range))
    b->v.div_range = NAN;
  block_flag(b, "channelLock", lk ? lk->text : NULL, &b->v.lock);
  const char *md = lk ? adm_attr(lk, "maxDistance") : NULL;
  md = b->v.lock ? md : NULL; /* a lock that is off: its distance changes nothing */
  if (md && !adm_number(md, &b->v.lock_max))
    b->v.lock_max = NAN;
  else if (md && b->v.lock_max == 0) /* written 0: BS.2127's tolerance alone (1e-5), not any */
    b->v.lock_max = DBL_MIN;
  const xnode *zx = taken_kid(n, "zoneExclusion");
  for (size_t j = 0; zx && j < zx->n_kids; j++) {
    static const char *const cn[2][6] = {
        {"minX", "minY", "minZ", "maxX", "maxY", "maxZ"},
        {"minAzimuth", "minElevation", NULL, "maxAzimuth", "maxElevation", NULL}};
    const xnode *zn = zx->kids[j];
    if (strcmp(zn->name, "zone") != 0)
      continue;
    sp_bs2127_zone z = {.cartesian = adm_attr(zn, "minX") != NULL};
    /* a zone of both kinds' bounds: the EAR knows no such zone, and
     * refuses it (its zone handler, by the keys written) */
    const char *c0 = NULL, *p0 = NULL;
    for (int q = 0; q < 6; q++) {
      c0 = c0 ? c0 : adm_peek(zn, cn[0][q]) ? cn[0][q] : NULL;
      p0 = p0 || !cn[1][q] ? p0 : adm_peek(zn, cn[1][q]) ? cn[1][q] : NULL;
    }
    if (c0 && p0 && !b->bad)
      b->bad = sp_xasprintf("zoneExclusion's zone %u has a Cartesian bound (%s) and a polar one "
                            "(%s), which the EBU ADM Renderer refuses: a zone is either minX .. "
                            "maxZ or minAzimuth .. maxElevation; write one kind",
                            (unsigned)b->n_zones + 1, c0, p0);
    for (int q = 0; q < 6; q++) {
      const char *nm = cn[z.cartesian ? 0 : 1][q];
      double *v = q < 3 ? &z.min[q] : &z.max[q - 3];
      if (nm && !adm_number(adm_attr(zn, nm), v))
        *v = NAN; /* none or not a number: sp_adm_check names the zone */
    }
    if (b->n_zones > ADM_MAX_ZONES)
      break; /* one past the most: refused with the block (object_blocks) */
    if ((b->n_zones & (b->n_zones - 1)) == 0) /* 0, 1, 2, 4, ...: room for as many again */
      b->zones = sp_xreallocarray(b->zones, b->n_zones ? 2 * (size_t)b->n_zones : 1,
                                  sizeof *b->zones);
    b->zones[b->n_zones++] = z;
  }
  /* what the renderer reads past: a diffuse part (BS.2127's decorrelator
   * is not here), a screen's scaling */
  const xnode *df = adm_kid(n, "diffuse"), *sr = adm_kid(n, "screenRef");
  double dv = 0;
  bool ref;
  if (df && block_number(b, "diffuse", df->text, &dv) && dv > 0)
    b->unplayed |= SP_ADM_UNPLAYED_DIFFUSE;
  /* outside 0 .. 1 the EAR's gains are the square root of a number below
   * 0: it plays the block silent, the file played all the same */
  if (b->objects && !(dv >= 0 && dv <= 1) && !b->bad) {
    b->bad = sp_xasprintf("diffuse %g, and it is 0 .. 1%s", dv, ear_nonfinite(b, "diffuse", ""));
    b->bad_plays = true;
  }
  block_flag(b, "screenRef", sr ? sr->text : NULL, &ref);
  if (ref)
    b->unplayed |= SP_ADM_UNPLAYED_SCREEN_REF;
  const char *twice = said_twice(n, kind);
  if (twice && !b->bad)
    b->bad = sp_xasprintf("<%s> said twice, which the EBU ADM Renderer refuses ('multiple %s "
                          "elements found'): write it once",
                          twice, twice);
  /* a flag the EAR reads as written, white space and all, and refuses */
  for (size_t j = 0; j < n->n_kids && !b->bad; j++)
    if (n->kids[j]->padded && is_flag(n->kids[j]->name))
      b->bad = sp_xasprintf("%s '%.64s' has white space around it, which the EBU ADM Renderer "
                            "refuses (it reads the text as written, not 0 or 1): write 0 or 1 "
                            "alone",
                            n->kids[j]->name, n->kids[j]->text);
  adm_unread_walk(u, n, parent);
  if (kind == KIND_MATRIX)
    return; /* its references kept, looked up once all is read (block_refs_ok) */
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
  const xnode *tf = adm_by_id(afe, "audioTrackFormat", at);
  if (tf) {
    const xnode *sr = adm_kid(tf, "audioStreamFormatIDRef");
    const xnode *sf = sr ? adm_by_id(afe, "audioStreamFormat", sr->text) : NULL;
    const xnode *cr = sf ? adm_kid(sf, "audioChannelFormatIDRef") : NULL;
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

/* The role (sp_adm_rc_id) of a bed track whose channel format is ac: by the
 * speakerLabel or the name of the axml's channel format (the profile's
 * SP_ADM_RC_L, RoomCentricLeft, ...; BS.2051's M+030, LFE1, ...), else by BS.2094's common
 * definitions' numbering (AC_0001xxxx, xxxx below 0x1000); -1 for none of the roles a bed of the
 * profile has. */
static int bed_role(const xnode *afe, const char *ac)
{
  const xnode *cf = adm_by_id(afe, "audioChannelFormat", ac);
  if (cf) {
    const xnode *bf = adm_kid(cf, "audioBlockFormat");
    const char *label = bf && bf->block ? bf->block->label : NULL;
    const char *name = adm_attr(cf, "audioChannelFormatName");
    for (int r = 0; r < SP_ADM_RC_ROLES; r++)
      if ((label && strcmp(label, sp_adm_rc[r].label) == 0) ||
          (name && strcmp(name, sp_adm_rc[r].name) == 0))
        return r;
    if (label && label_role(label) >= 0)
      return label_role(label);
  }
  if (strlen(ac) != 11 || strncasecmp(ac, "AC_0001", 7) != 0)
    return -1;
  char *end;
  const unsigned long num = strtoul(ac + 7, &end, 16);
  return *end || num >= 0x1000 ? -1 : common_role(num);
}

/* BS.2094's common definitions' DirectSpeakers packs (AP_0001xxxx), as
 * the EBU ADM Renderer holds them: the BS.2051 system of those BS.2127's
 * mapping rules know (section 8.4; NULL for the others), the channels
 * each holds (xxxx of AC_0001xxxx; AP_00010016 with U+045 and U-045 too,
 * stemprint's own 7.1.2 before it wrote the profile's channels). */
struct common_pack {
  const char *id, *system;
  unsigned char ch[25];
};
static const struct common_pack common_packs[] = {
    {"AP_00010001", "0+1+0", {0x03}},
    {"AP_00010002", "0+2+0", {0x01, 0x02}},
    {"AP_0001000a", NULL, {0x01, 0x02, 0x03}},
    {"AP_0001000b", NULL, {0x01, 0x02, 0x03, 0x09}},
    {"AP_0001000c", "0+5+0", {0x01, 0x02, 0x03, 0x05, 0x06}},
    {"AP_00010003", "0+5+0", {0x01, 0x02, 0x03, 0x04, 0x05, 0x06}},
    {"AP_0001000d", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09}},
    {"AP_0001000e", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x26, 0x27}},
    {"AP_0001000f", "0+7+0", {0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d}},
    {"AP_00010004", "2+5+0", {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f}},
    {"AP_00010012", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x24, 0x25}},
    {"AP_00010013", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x13, 0x14}},
    {"AP_00010014", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x13, 0x14, 0x24, 0x25}},
    {"AP_00010016",
     NULL,
     {0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x1c, 0x1d, 0x13, 0x14, 0x22, 0x23}},
    {"AP_00010005", "4+5+0", {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12}},
    {"AP_00010010", "4+5+1", {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12, 0x15}},
    {"AP_00010007",
     "3+7+0",
     {0x03, 0x01, 0x02, 0x22, 0x23, 0x0a, 0x0b, 0x1c, 0x1d, 0x28, 0x20, 0x21}},
    {"AP_00010015", NULL, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0d, 0x0f, 0x10, 0x12, 0x24, 0x25}},
    {"AP_00010017",
     "4+7+0",
     {0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f}},
    {"AP_00010008",
     "4+9+0",
     {0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x1c, 0x1d, 0x22, 0x23, 0x1e, 0x1f, 0x24, 0x25}},
    {"AP_00010009", "9+10+3", {0x18, 0x19, 0x03, 0x20, 0x1c, 0x1d, 0x01, 0x02,
                               0x09, 0x21, 0x0a, 0x0b, 0x22, 0x23, 0x0e, 0x0c,
                               0x1e, 0x1f, 0x13, 0x14, 0x11, 0x15, 0x16, 0x17}},
    {"AP_00010011",
     NULL,
     {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0b, 0x1a, 0x1b, 0x0d, 0x0f, 0x0e, 0x10, 0x12,
      0x13, 0x14, 0x1e, 0x1f}},
};

/* Common pack ap (AP_0001xxxx), or NULL for none of them. */
static const struct common_pack *common_pack(const char *ap)
{
  for (size_t i = 0; i < sizeof common_packs / sizeof common_packs[0]; i++)
    if (strcasecmp(ap, common_packs[i].id) == 0)
      return &common_packs[i];
  return NULL;
}

/* Whether channel format ac is in pack ap: the axml's pack's
 * audioChannelFormatIDRefs, through the packs it refers to (8 deep, 16
 * packs looked at, *visits; a pack that lists none: any), or a common
 * pack's channels (one the reader has not: any); as BS.2076 has a track's channel in its pack (the
 * EAR plays none of one that is not). */
static bool in_pack(const xnode *afe, const char *ap, const char *ac, int depth, int *visits)
{
  if (++*visits > 16) /* packs that refer to each other over and over: taken as holding it */
    return true;
  const xnode *pf = adm_by_id(afe, "audioPackFormat", ap);
  if (!pf) {
    const struct common_pack *cp = common_pack(ap);
    char *end;
    const unsigned long num = strtoul(ac + 3, &end, 16);
    if (!cp)
      return true;
    for (size_t i = 0; strlen(ac) == 11 && !*end && i < sizeof cp->ch && cp->ch[i]; i++)
      if (num == 0x00010000ul + cp->ch[i])
        return true;
    return false;
  }
  bool lists = false, found = false; /* its list read whole */
  for (size_t i = 0; i < pf->n_kids; i++) {
    const xnode *r = pf->kids[i];
    const bool chan = adm_is(r, "audioChannelFormatIDRef"),
               pack = adm_is(r, "audioPackFormatIDRef");
    lists |= chan || pack;
    found = found || (chan && strcasecmp(r->text, ac) == 0) ||
            (pack && depth < 8 && in_pack(afe, r->text, ac, depth + 1, visits));
  }
  return found || !lists;
}

/* A block of a channel format and where it is among them. */
typedef struct placed {
  const xnode *n;
  size_t i;
} placed;

/* By rtime, then duration, then place: as the EBU ADM Renderer sorts a
 * channel format's blocks written out of that order, warning ("out of
 * order block formats in AC_..."; ear/fileio/adm/xml.py,
 * _sort_block_formats, a stable sort by rtime and duration, before its
 * renderer refuses blocks that overlap: renderer_common.py,
 * block_start_end), an object's and a bed channel's alike. */
static int by_time(const void *a, const void *b)
{
  const placed *x = a, *y = b;
  const xblock *p = x->n->block, *q = y->n->block;
  if (adm_frames_before(p->rtime, q->rtime) || adm_frames_before(q->rtime, p->rtime))
    return adm_frames_before(p->rtime, q->rtime) ? -1 : 1;
  if (adm_frames_before(p->duration, q->duration) || adm_frames_before(q->duration, p->duration))
    return adm_frames_before(p->duration, q->duration) ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i);
}

/* The blocks of channel format cf in time's order (by_time), *n of them
 * (heap; i: each one's place as written, from 0), marked a track's where
 * played (a track plays cf). Where they are written
 * out of it, the first block written after one it comes before, and that
 * one, into m->reordered (the file's first such channel format; those
 * after it counted, each once, as the EAR warns of each). */
static placed *blocks_in_time(const xnode *cf, bool played, sp_adm *m, size_t *n)
{
  placed *bl = sp_xcalloc(cf->n_kids ? cf->n_kids : 1, sizeof *bl);
  *n = 0;
  for (size_t i = 0; i < cf->n_kids; i++)
    if (strcmp(cf->kids[i]->name, "audioBlockFormat") == 0 && cf->kids[i]->block) {
      cf->kids[i]->block->played |= played;
      bl[*n] = (placed){cf->kids[i], *n}, (*n)++;
    }
  for (size_t i = 1; i < *n; i++)
    if (by_time(&bl[i - 1], &bl[i]) > 0) {
      /* counted once, however many tracks play the channel format */
      const bool counted = bl[i].n->block->after_later;
      bl[i].n->block->after_later = true;
      if (counted || m->n_reordered++)
        break;
      const char *a = adm_attr(bl[i - 1].n, "audioBlockFormatID"),
                 *b = adm_attr(bl[i].n, "audioBlockFormatID"),
                 *c = adm_attr(cf, "audioChannelFormatID");
      snprintf(m->reordered, sizeof m->reordered, "%s: %s (axml line %d) after %s (line %d)",
               c ? c : "?", b ? b : "?", bl[i].n->line, a ? a : "?", bl[i - 1].n->line);
      adm_one_line(m->reordered, sizeof m->reordered);
      sp_utf8_cut(m->reordered);
      break;
    }
  qsort(bl, *n, sizeof *bl, by_time);
  return bl;
}

/* Whether DirectSpeakers blocks a and b place their channel alike (label,
 * position, its bounds and screen edge lock, gain). */
static bool same_place(const xblock *a, const xblock *b)
{
  const bool la = a->labels != NULL, lb = b->labels != NULL;
  if (la != lb || (la && strcmp(a->labels, b->labels) != 0) || a->cart != b->cart ||
      (a->bounds != NULL) != (b->bounds != NULL) ||
      (a->bounds && memcmp(a->bounds, b->bounds, sizeof *a->bounds) != 0))
    return false;
  const sp_adm_block *x = &a->v, *y = &b->v;
  return x->x == y->x && x->y == y->y && x->z == y->z && x->az == y->az && x->el == y->el &&
         x->dist == y->dist && x->gain == y->gain && x->edge_h == y->edge_h &&
         x->edge_v == y->edge_v;
}

/* Block b's place into s: its speakerLabels (every one: given to m's
 * labels the first time, not copied), position (its bounds, its screen
 * edge lock) and gain, a known speaker's (the rest s's, or none). */
static void block_place(xblock *b, sp_adm *m, sp_adm_speaker *s)
{
  s->known = true;
  if (b->labels && !b->labels_given) {
    if ((m->n_labels & (m->n_labels - 1)) == 0) /* 0, 1, 2, 4, ...: room for as many */
      m->labels = sp_xreallocarray(m->labels, m->n_labels ? 2 * m->n_labels : 1, sizeof *m->labels);
    m->labels[m->n_labels++] = b->labels;
    b->labels_given = true;
  }
  s->label = b->labels;
  s->polar = !b->cart;
  s->x = b->v.x, s->y = b->v.y, s->z = b->v.z;
  s->az = b->v.az, s->el = b->v.el, s->dist = b->v.dist;
  const struct xbounds *x = b->bounds;
  for (int q = 0; q < 3; q++) {
    s->lo[q] = x && x->has_lo[q] ? x->lo[q] : NAN;
    s->hi[q] = x && x->has_hi[q] ? x->hi[q] : NAN;
  }
  s->bounded = x != NULL;
  s->edge_h = b->v.edge_h, s->edge_v = b->v.edge_v;
  s->gain = b->v.gain;
}

/* A bed span of frames [start, end) appended to m's (its place to fill). */
static sp_adm_bed_span *add_span(sp_adm *m, int64_t start, int64_t end)
{
  if ((m->n_bed_spans & (m->n_bed_spans - 1)) == 0) /* 0, 1, 2, 4, ...: room for as many */
    m->bed_spans = sp_xreallocarray(m->bed_spans, m->n_bed_spans ? 2 * m->n_bed_spans : 1,
                                    sizeof *m->bed_spans);
  sp_adm_bed_span *sp = &m->bed_spans[m->n_bed_spans++];
  *sp = (sp_adm_bed_span){.start = start, .end = end};
  return sp;
}

/* Where block held of channel format cf has no times and its audioObject
 * no end, so that it holds past the file's end: the EBU ADM Renderer
 * plays it there and never reaches the `passed` blocks after it in time's
 * order (after the first), which it says nothing of; a note of it into
 * m->refused, once a channel format (however many tracks play it). */
static void refused_add(sp_adm *m, char *note, size_t size, size_t more, const char *what);
static void passed_note(const xnode *cf, const xnode *held, const xnode *after, size_t passed,
                        sp_adm *m)
{
  if (!passed || held->block->passed_said)
    return;
  held->block->passed_said = true;
  const char *c = adm_peek(cf, "audioChannelFormatID"), *h = adm_peek(held, "audioBlockFormatID"),
             *a = adm_peek(after, "audioBlockFormatID");
  char note[640];
  snprintf(note, sizeof note,
           "audioChannelFormat %.64s (axml line %d): block %.64s (axml line %d) has no rtime and "
           "duration, and its audioObject no duration, so it holds to the file's end, and the "
           "EBU ADM Renderer plays it there and never reaches the %zu block%s after it (%.64s, "
           "axml line %d), as stemprint does: give the block an rtime and a duration, or remove "
           "the blocks after it",
           c ? c : "?", cf->line, h ? h : "?", held->line, passed, passed == 1 ? "" : "s",
           a ? a : "?", after->line);
  refused_add(m, note, sizeof note, 0, NULL);
}

/* The block of channel format cf that places it (its first; false with
 * why, naming track k + 1 and what would play, where it has none, its
 * position is none or not numbers, its gain is none BS.2076 has or past
 * SP_ADM_MAX_GAIN (a value that is not one said as written: xblock's
 * bad), a time is not one, its blocks overlap, or one ends after its
 * audioObject), and the times its blocks hold into s (gated, its spans
 * appended to m's bed_spans: BS.2127 plays silence before, between and
 * after them, as the EAR does), each block's times from its audioObject's
 * start (to: the track's), a block without times from that start to the
 * object's end, or on past the file's where it has none: the EAR plays
 * that block there and never reaches the blocks after it (their values
 * are still read, and refused as it refuses them). m: the model read (its
 * frames; blocks_in_time). */
static xblock *bed_block(const xnode *cf, const char *ac, int k, const track_obj *to, sp_adm *m,
                         sp_adm_speaker *s, char *why, size_t why_size)
{
  xblock *first = NULL;
  adm_frames at = to->start;               /* where the block before ends, exactly */
  bool past = false;                       /* after a block that holds past the file's end */
  const xblock *prev = NULL;
  xblock *lead = NULL;                     /* the first span's first block */
  const xnode *held = NULL, *after = NULL; /* that block; the first after it */
  size_t passed = 0;
  s->span0 = (uint32_t)m->n_bed_spans, s->n_spans = 0;
  size_t nb = 0;
  placed *bl = blocks_in_time(cf, true, m, &nb);
  for (size_t i = 0; i < nb; i++) {
    xblock *b = bl[i].n->block;
    const size_t n = bl[i].i + 1; /* its place as written */
    /* its times from its object's start, exactly; without times, the
     * object's span (to the file's end and past it where it has no end) */
    adm_frames xs = to->start, xe = to->end;
    const bool times = !b->timed || (adm_frames_add(to->start, b->rtime, &xs) &&
                                     adm_frames_add(xs, b->duration, &xe));
    const bool open = !b->timed && !to->has_end;
    const char *wrong =
        b->bad_time || b->half_timed
            ? "a time that is not one, or an rtime without a duration (the EBU ADM Renderer "
              "refuses either)"
        : b->bad ? b->bad /* a value as written: "gain 'zero' is not a number" */
        : b->no_position || b->bad_position
            ? "no position (a DirectSpeakers block has an azimuth and elevation, or an X and Y), "
              "or one that is not a number"
        : !(fabs(b->v.gain) <= SP_ADM_MAX_GAIN) ? "a gain that is no number, or past +60 dB"
        : past                                  ? NULL /* never reached: its values alone */
        : !times ? "times whose fractions of a second add past 10^18 parts"
        : adm_frames_before(xs, at)
            ? "it starts before the block before it ends (blocks that overlap; the EBU ADM "
              "Renderer refuses them): end the one before by then, or start this one later"
        : b->timed && to->has_end && adm_frames_before(to->end, xe)
            ? "it ends after its audioObject does (BS.2076-2 has an object's blocks within it; "
              "the EBU ADM Renderer refuses it): end the block by then, or lengthen the object"
            : NULL;
    if (wrong) {
      snprintf(why, why_size, "bed track %d (%s) block %zu: %s", k + 1, ac, n, wrong);
      free(bl);
      return NULL;
    }
    if (b->bad_edge) {
      snprintf(why, why_size, "bed track %d (%s): a screenEdgeLock %s; %s", k + 1, ac, b->bad_edge,
               EDGE_RULE);
      free(bl);
      return NULL;
    }
    if (past) {
      after = passed++ ? after : bl[i].n;
      continue;
    }
    /* a BS.2051 URN of one newline after it names its speaker all the
     * same (the EAR's pattern's $: core/dsp/bs2127/direct.c, nominal) */
    const size_t ll = b->label ? strlen(b->label) : 0;
    const bool urn_nl = ll && strncmp(b->label, "urn:itu:bs:2051:", 16) == 0 &&
                        strcspn(b->label, " \t\r\n") == ll - 1 && b->label[ll - 1] == '\n';
    if (b->label_padded && !urn_nl && !b->padded_said) {
      bl[i].n->block->padded_said = true;
      char note[640];
      snprintf(note, sizeof note,
               "bed track %d (%s) block %zu: its speakerLabel '%.48s' has white space around it, "
               "which the EBU ADM Renderer keeps, so that the label names no speaker and the "
               "channel plays where its position puts it, as stemprint plays it: write the label "
               "alone",
               k + 1, ac, n, b->label);
      refused_add(m, note, sizeof note, 0, NULL);
    }
    /* a block's frames at its place, joined to the span before where it
     * ends there at the same place (blocks end to end) */
    const int64_t start = frames_ceil(xs, NULL);
    const int64_t end = open ? INT64_MAX : frames_ceil(xe, NULL);
    sp_adm_bed_span *last = s->n_spans ? &m->bed_spans[m->n_bed_spans - 1] : NULL;
    if (end > start && last && last->end == start && same_place(prev, b)) {
      last->end = end;
    } else if (end > start) {
      block_place(b, m, &add_span(m, start, end)->at);
      s->n_spans++;
      lead = lead ? lead : b;
    }
    prev = end > start ? b : prev; /* the last span's last block */
    at = xe;
    past = open;
    held = open ? bl[i].n : NULL;
    if (!first)
      first = b;
  }
  free(bl);
  passed_note(cf, held, after, passed, m);
  /* blocks over the whole file at one place sound as one untimed, at its
   * place (a block of no frame before it plays nowhere) */
  s->gated = first != NULL;
  if (s->n_spans == 1 && m->bed_spans[s->span0].start <= 0 &&
      m->bed_spans[s->span0].end >= m->frames) {
    s->gated = false;
    first = lead;
  }
  if (!first) {
    snprintf(why, why_size,
             "bed track %d (%s): its audioChannelFormat has no audioBlockFormat to place it; "
             "give it one (its speakerLabel and position)",
             k + 1, ac);
    return NULL;
  }
  return first;
}

/* Bed channel ac of pack ap, the file's track k, as a renderer takes it
 * (sp_adm_speaker), as BS.2127 (the EAR) reads a DirectSpeakers channel:
 * its block's speakerLabel, position (its bounds, its screen edge lock)
 * and gain (bed_block) and its channel's band (a lowPass of 200 Hz or
 * less and no highPass: an LFE), from the axml, else from BS.2094's
 * common definitions; pack the system of a common definitions' pack the
 * axml refers to without holding it (BS.2127 section 8.4's rules apply to
 * those alone, as the EAR applies them). m: as bed_block's. false with
 * why for a channel neither holds, or bed_block's. */
static bool bed_speaker(const xnode *afe, const char *ac, const char *ap, bool held, int k,
                        const track_obj *to, sp_adm *m, sp_adm_speaker *s, char *why,
                        size_t why_size)
{
  memset(s, 0, sizeof *s);
  s->known = true;
  s->dist = 1;
  s->gain = 1;
  const struct common_pack *cp = held ? NULL : common_pack(ap);
  if (cp && cp->system)
    snprintf(s->pack, sizeof s->pack, "%s", cp->system);
  const xnode *cf = adm_by_id(afe, "audioChannelFormat", ac);
  if (cf) {
    xblock *b = bed_block(cf, ac, k, to, m, s, why, why_size);
    if (!b)
      return false;
    block_place(b, m, s);
    bool low = false, high = false, said[2] = {false, false};
    for (size_t i = 0; i < cf->n_kids; i++) {
      if (!adm_is(cf->kids[i], "frequency"))
        continue;
      const char *t = adm_attr(cf->kids[i], "typeDefinition");
      const int kind = !t                           ? -1
                       : strcmp(t, "lowPass") == 0  ? 0
                       : strcmp(t, "highPass") == 0 ? 1
                                                    : -1;
      double hz;
      /* the band decides an LFE: one BS.2076 has not is said (a second
       * lowPass, or one not a number, was passed by), as the EAR refuses it */
      if (kind < 0 || said[kind] || !adm_number(cf->kids[i]->text, &hz)) {
        snprintf(why, why_size,
                 "bed track %d (%s): a frequency of typeDefinition '%.16s' and '%.32s' Hz; "
                 "BS.2076 gives a channel one lowPass and one highPass at most, each a number "
                 "of Hz",
                 k + 1, ac, t ? t : "", cf->kids[i]->text);
        return false;
      }
      said[kind] = true;
      low |= kind == 0 && hz <= 200;
      high |= kind == 1;
    }
    s->lfe_band = low && !high;
    for (uint32_t j = s->span0; j < s->span0 + s->n_spans; j++) { /* the channel's, each */
      m->bed_spans[j].at.lfe_band = s->lfe_band;
      memcpy(m->bed_spans[j].at.pack, s->pack, sizeof s->pack);
    }
    return true;
  }
  char *end;
  const unsigned long num = strtoul(ac + 7, &end, 16);
  for (size_t i = 0; strlen(ac) == 11 && strncasecmp(ac, "AC_0001", 7) == 0 && !*end && i < COMMON;
       i++)
    if (common[i].num == num) {
      s->label = common[i].label;
      s->polar = true;
      s->az = common[i].az, s->el = common[i].el;
      sp_adm_polar_to_cart(s->az, s->el, 1, &s->x, &s->y, &s->z);
      s->lfe_band = common[i].lfe;
      s->edge_h = common[i].edge;
      /* its one block, without times: over its audioObject's span, as
       * BS.2127 plays it (the EAR: from its start to its end) */
      const int64_t from = frames_ceil(to->start, NULL);
      const int64_t to_end = to->has_end ? frames_ceil(to->end, NULL) : INT64_MAX;
      s->span0 = (uint32_t)m->n_bed_spans;
      s->gated = from > 0 || to_end < m->frames;
      if (s->gated && to_end > from) {
        add_span(m, from, to_end)->at = *s;
        s->n_spans = 1;
      }
      return true;
    }
  snprintf(why, why_size,
           "bed track %d is %s, a DirectSpeakers channel its axml does not hold and BS.2094's "
           "common definitions have not (theirs are AC_00010001 to AC_00010028): add its "
           "audioChannelFormat, with a block of its speakerLabel and position",
           k + 1, ac);
  return false;
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
    adm_turn(-30, x->x, x->y, x->z, &px, &py, &pz); /* the object */
    adm_turn(-30, px, py, pz, &qx, &qy, &qz);       /* its R */
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
        adm_turn(-30, k->x, k->y, k->z, &k->x, &k->y, &k->z);
      }
      free(r->name);
      free(r->blocks);
    }
    m->objects[to++] = o;
  }
  m->n_objects = to;
}

/* Pack pf's kind (kind_of), its typeDefinition and typeLabel marked read:
 * what decides how its tracks play. */
static int pack_kind(const xnode *pf)
{
  adm_attr(pf, "typeDefinition"), adm_attr(pf, "typeLabel");
  return kind_of(pf);
}

static int by_ref_text(const void *a, const void *b)
{
  const xnode *x = *(const xnode *const *)a, *y = *(const xnode *const *)b;
  const int c = strcmp(x->name, y->name);
  return c ? c : strcasecmp(x->text, y->text);
}

/* Whether pack pf refers to each channel format and pack once (IDs alike
 * in any case), as the EBU ADM Renderer has it (its packs and channels a
 * tree: validate.py, _validate_pack_channel_multitree, refuses one said
 * twice); false with why naming the pack and the element. O(n log n). */
static bool pack_refs_once(const xnode *pf, const char *id, char *why, size_t why_size)
{
  const xnode **r = sp_xcalloc(pf->n_kids ? pf->n_kids : 1, sizeof *r);
  size_t n = 0;
  for (size_t j = 0; j < pf->n_kids; j++)
    if (strcmp(pf->kids[j]->name, "audioChannelFormatIDRef") == 0 ||
        strcmp(pf->kids[j]->name, "audioPackFormatIDRef") == 0)
      r[n++] = pf->kids[j];
  if (n > 1)
    qsort(r, n, sizeof *r, by_ref_text);
  const xnode *twice = NULL;
  for (size_t j = 1; j < n && !twice; j++)
    if (by_ref_text(&r[j - 1], &r[j]) == 0)
      twice = r[j];
  if (twice)
    snprintf(why, why_size,
             "audioPackFormat %.64s (axml line %d) refers to %.64s twice (<%s>, line %d); "
             "BS.2076 has a pack hold each channel and pack once (the EBU ADM Renderer refuses "
             "it): remove one",
             id ? id : "?", pf->line, twice->text, twice->name, twice->line);
  free(r);
  return twice == NULL;
}

/* Whether pack cur (depth deep under pack top) holds top again through
 * its audioPackFormatIDRefs: a loop, which the EBU ADM Renderer refuses
 * (validate.py, _validate_pack_channel_multitree); 8 deep and 64 packs
 * looked at (*visits) at most, as deep as the reader follows packs. */
static bool pack_loops(const xnode *afe, const xnode *top, const xnode *cur, int depth, int *visits)
{
  for (size_t j = 0; depth < 8 && j < cur->n_kids && *visits < 64; j++) {
    if (strcmp(cur->kids[j]->name, "audioPackFormatIDRef") != 0)
      continue;
    const xnode *sub = adm_find(afe, "audioPackFormat", cur->kids[j]->text);
    ++*visits;
    if (sub == top || (sub && pack_loops(afe, top, sub, depth + 1, visits)))
      return true;
  }
  return false;
}

/* Every pack and channel format of afe, played or not, of one kind
 * BS.2076 has (a typeDefinition, a typeLabel, or both alike), a pack's
 * channels and packs of its kind and each once, none holding itself, and no Objects or HOA channel
 * with a frequency, as the EBU ADM Renderer refuses a file of any that is not
 * (ear/fileio/adm/xml.py's TypeAttribute; core/select_items/validate.py):
 * false with why naming the element and its line. */
static bool kinds_ok(const xnode *afe, char *why, size_t why_size)
{
  static const char refuse[] = "(the EBU ADM Renderer refuses it)";
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    const bool pack = strcmp(e->name, "audioPackFormat") == 0;
    if (!pack && strcmp(e->name, "audioChannelFormat") != 0)
      continue;
    const char *id = adm_peek(e, pack ? "audioPackFormatID" : "audioChannelFormatID");
    const char *def = adm_peek(e, "typeDefinition"), *lab = adm_peek(e, "typeLabel");
    const int k = kind_of(e);
    if (k <= 0) {
      char said[96] = "no typeDefinition or typeLabel";
      if (def || lab)
        snprintf(said, sizeof said, "%s%.32s%s%s%.32s%s", def ? "typeDefinition '" : "",
                 def ? def : "", def ? "'" : "",
                 !lab  ? ""
                 : def ? " and typeLabel '"
                       : "typeLabel '",
                 lab ? lab : "", lab ? "'" : "");
      snprintf(why, why_size,
               "%s %.64s (axml line %d): %s; BS.2076 has typeDefinition DirectSpeakers, Matrix, "
               "Objects, HOA or Binaural, or its typeLabel 0001 .. 0005, the two alike where "
               "both are written %s: write the kind its channels are",
               e->name, id ? id : "?", e->line, said, refuse);
      return false;
    }
    for (size_t j = 0; !pack && (k == KIND_OBJECTS || k == KIND_HOA) && j < e->n_kids; j++)
      if (strcmp(e->kids[j]->name, "frequency") == 0) {
        snprintf(why, why_size,
                 "audioChannelFormat %.64s (axml line %d): an %s channel with a frequency "
                 "(line %d); BS.2076 gives a DirectSpeakers channel alone a band %s: remove "
                 "it",
                 id ? id : "?", e->line, kind_names[k], e->kids[j]->line, refuse);
        return false;
      }
    if (pack && !pack_refs_once(e, id, why, why_size))
      return false;
    int visits = 0;
    if (pack && pack_loops(afe, e, e, 0, &visits)) {
      snprintf(why, why_size,
               "audioPackFormat %.64s (axml line %d) holds itself (its audioPackFormatIDRefs loop "
               "back to it); BS.2076 nests packs as a tree (the EBU ADM Renderer refuses it): "
               "remove the reference that loops",
               id ? id : "?", e->line);
      return false;
    }
    for (size_t j = 0; pack && j < e->n_kids; j++) {
      const xnode *r = e->kids[j];
      const bool ch = strcmp(r->name, "audioChannelFormatIDRef") == 0;
      const char *kind = ch ? "audioChannelFormat" : "audioPackFormat";
      const xnode *t =
          ch || strcmp(r->name, "audioPackFormatIDRef") == 0 ? adm_find(afe, kind, r->text) : NULL;
      const int tk = t ? kind_of(t) : k; /* one not held: the common definitions' */
      if (tk > 0 && tk != k) {
        snprintf(why, why_size,
                 "audioPackFormat %.64s (axml line %d), of kind %s, holds %s %.64s (line %d) "
                 "of kind %s; BS.2076 has a pack hold channels and packs of its kind %s: "
                 "write the pack's kind on both, or move it to a pack of its kind",
                 id ? id : "?", e->line, kind_names[k], kind, r->text, t->line, kind_names[tk],
                 refuse);
        return false;
      }
    }
  }
  return true;
}

/* The kind of pack ap (pack_kind; for a pack of BS.2094's common
 * definitions the axml refers to without holding it, the yyyy of its
 * ID): false with why, naming it, for a kind stemprint does not render
 * (HOA, Matrix, Binaural; a DirectSpeakers or Objects pack goes on to be
 * read). */
static bool pack_rendered(const xnode *afe, const char *ap, int k, char *why, size_t why_size)
{
  static const char *const what[KINDS] = {
      [KIND_MATRIX] =
          "a Matrix pack (a matrix of other channels: an encode or a decode, as M/S or a "
          "downmix); stemprint renders DirectSpeakers and Objects packs, not BS.2127's matrix "
          "rules; render it to a layout with the EBU ADM Renderer (ear-render) first",
      [KIND_HOA] = "a HOA pack (scene-based, ambisonics); stemprint renders DirectSpeakers and "
                   "Objects packs and has no HOA decoder (BS.2127's AllRAD design); decode it to "
                   "a layout with the EBU ADM Renderer (ear-render -s 4+7+0 ...) or an "
                   "ambisonics decoder first",
      [KIND_BINAURAL] = "a Binaural pack (two ears' signals, no speakers to render to; BS.2127 "
                        "renders none); play it as a plain stereo WAV (strip its chna and axml)"};
  const xnode *pf = adm_by_id(afe, "audioPackFormat", ap);
  int kind = pf ? pack_kind(pf) : 0;
  if (!pf && strlen(ap) == 11 && strncasecmp(ap, "AP_", 3) == 0 && ap[3] == '0' && ap[4] == '0' &&
      ap[5] == '0' && ap[6] >= '1' && ap[6] < '0' + KINDS)
    kind = ap[6] - '0';
  if (kind > 0 && what[kind]) {
    snprintf(why, why_size, "track %d is of pack %s, %s", k + 1, ap, what[kind]);
    return false;
  }
  return true;
}

/* Whether chna references r of track k (UID uid) are its axml UID's:
 * its track format or channel format (format), its pack (each "": none),
 * as the EBU ADM Renderer holds them alike (a reference the chna leaves
 * empty agrees with any); else false with why. */
static bool chna_agrees(const sp_adm_chna_ref *r, int k, const char *uid, const char *format,
                        const char *pack, char *why, size_t why_size)
{
  const bool same_format = !r->track[0] || strcasecmp(r->track, format) == 0,
             same_pack = !r->pack[0] || strcasecmp(r->pack, pack) == 0;
  if (same_format && same_pack)
    return true;
  snprintf(why, why_size,
           "its chna gives track %d (%s) the %s %s, and its axml's audioTrackUID %s the %s%.32s%s; "
           "the two describe one track (BS.2088), and readers differ on which they take (the "
           "EBU ADM Renderer refuses it): make them agree",
           k + 1, uid, same_format ? "pack" : "format", same_format ? r->pack : r->track, uid,
           same_format ? "pack " : "format ", same_format ? pack : format,
           (same_format ? pack : format)[0] ? "" : "none");
  return false;
}

/* Each audioObject played refers to the packs of its tracks (ap[tracks],
 * the audioObjects' to[tracks]) and to no other: the EBU ADM Renderer
 * gives an object's packs its tracks (select_items.py), and fails on an
 * object without a pack, of a pack none of its tracks is of, or holding a
 * track of a pack it does not refer to; false with why naming the object,
 * the track and the packs. */
static bool objects_packs_ok(const xnode *afe, char (*ap)[16], const track_obj *to, int tracks,
                             char *why, size_t why_size)
{
  static const char fix[] = "BS.2076 has an object refer to the packs of its tracks (the EBU ADM "
                            "Renderer refuses it)";
  for (int k = 0; k < tracks; k++) {
    const xnode *o = to[k].played && to[k].id ? adm_find(afe, "audioObject", to[k].id) : NULL;
    if (!o)
      continue;
    bool first = true; /* its first track: its packs looked at once */
    for (int j = 0; j < k && first; j++)
      first = !(to[j].played && to[j].id == to[k].id);
    bool has = false;
    for (size_t i = 0; i < o->n_kids; i++) {
      const xnode *r = o->kids[i];
      if (!adm_is(r, "audioPackFormatIDRef"))
        continue;
      has |= strcasecmp(r->text, ap[k]) == 0;
      bool held = false; /* of one of its tracks */
      for (int j = 0; first && j < tracks && !held; j++)
        held = to[j].played && to[j].id == to[k].id && strcasecmp(r->text, ap[j]) == 0;
      if (first && !held) {
        snprintf(why, why_size,
                 "audioObject %.32s (axml line %d) refers to the pack %.32s, which none of its "
                 "tracks is of; %s: remove the reference, or give it the pack's tracks",
                 to[k].id, o->line, r->text, fix);
        return false;
      }
    }
    if (!has) {
      snprintf(why, why_size,
               "audioObject %.32s (axml line %d) holds track %d, of the pack %.16s, and %s; %s: "
               "refer to %.16s from the object",
               to[k].id, o->line, k + 1, ap[k],
               adm_kid(o, "audioPackFormatIDRef") ? "does not refer to it" : "refers to no pack",
               fix, ap[k]);
      return false;
    }
  }
  return true;
}

/* Each track's channel format (ac[tracks]) and pack (ap[tracks]), through
 * the UID the chna gives it (uids) and the axml's audioTrackUID, or, where
 * the axml holds no such UID, the chna's own references (refs, may be
 * NULL: none), as the EBU ADM Renderer builds the UID from its chna row
 * (ear/fileio/adm/chna.py, load_chna_chunk); false with why when neither
 * names its formats, or the axml's references are not the chna's
 * (chna_agrees). */
static bool track_formats(const xnode *afe, char (*uids)[13], const sp_adm_chna_ref *refs,
                          int tracks, char (*ac)[16], char (*ap)[16], char *why, size_t why_size)
{
  for (int k = 0; k < tracks; k++) {
    const xnode *u = adm_by_id(afe, "audioTrackUID", uids[k]);
    const xnode *trn = u ? adm_kid(u, "audioTrackFormatIDRef") : NULL;
    const xnode *prn = u ? adm_kid(u, "audioPackFormatIDRef") : NULL;
    /* BS.2076-2 lets a PCM track's UID name its channel format itself, with
     * no track or stream format (as the EBU ADM Renderer writes BS.2076-2) */
    const xnode *crn = u ? adm_kid(u, "audioChannelFormatIDRef") : NULL;
    const char *tr = trn ? trn->text : NULL, *pr = prn ? prn->text : NULL,
               *cr = crn ? crn->text : NULL;
    if (!u && refs && refs[k].track[0]) { /* the chna's row: a track or a channel format */
      if (strncasecmp(refs[k].track, "AC_", 3) == 0)
        cr = refs[k].track;
      else
        tr = refs[k].track;
      pr = refs[k].pack[0] ? refs[k].pack : NULL;
    } else if (!u) {
      snprintf(why, why_size, "its chna gives track %d the UID %s, which its axml does not hold%s",
               k + 1, uids[k], refs ? ", and names no track format for it" : "");
      return false;
    }
    const char *format = tr ? tr : cr ? cr : "";
    if (u && refs && !chna_agrees(&refs[k], k, uids[k], format, pr ? pr : "", why, why_size))
      return false;
    if (pr && !pack_rendered(afe, pr, k, why, why_size))
      return false;
    if (cr && !tr)
      snprintf(ac[k], sizeof ac[k], "%s", cr);
    if (!pr || (!cr && !tr) || (tr && !channel_of_track(afe, tr, ac[k], sizeof ac[k]))) {
      snprintf(why, why_size,
               "the %s %s names no pack, or no track format or channel format %s holds",
               u ? "axml's" : "chna's row of", uids[k], u ? "it" : "its axml");
      return false;
    }
    snprintf(ap[k], sizeof ap[k], "%s", pr);
    int visits = 0;
    if (!in_pack(afe, ap[k], ac[k], 0, &visits)) {
      snprintf(why, why_size,
               "track %d (%s) is of channel format %s, which its pack %s has not (BS.2076 has a "
               "track's channel in its pack; the EBU ADM Renderer plays none of it): name the "
               "pack it is in",
               k + 1, uids[k], ac[k], ap[k]);
      return false;
    }
  }
  return true;
}

/* The layout a file's DirectSpeakers channels spk[n] are, channel for
 * channel, and the channel each is (chan[n]): the profile's bed of their
 * roles (roles[n], the profile's channels: bed_of_roles), else the layout
 * BS.2127's DirectSpeakers rules play them into each on a speaker of its
 * own, at unity (by label, position or bounds, an LFE by its band:
 * sp_bs2127_speaker_channel); NULL for none. */
static const sp_layout *bed_layout(const int *roles, const sp_adm_speaker *spk, int n, int *chan)
{
  const sp_layout *l = n <= SP_MAX_CHANNELS ? bed_of_roles(roles, n, chan) : NULL;
  for (size_t i = 0; !l && n <= SP_MAX_CHANNELS && sp_layout_at(i); i++) {
    const sp_layout *c = sp_layout_at(i);
    bool all = c->n == n;
    for (int k = 0; k < n && all; k++) {
      const sp_adm_speaker *s = &spk[k];
      const sp_bs2127_speaker b = {.label = s->label,
                                   .cartesian = !s->polar,
                                   .az = s->az,
                                   .el = s->el,
                                   .dist = s->dist,
                                   .x = s->x,
                                   .y = s->y,
                                   .z = s->z,
                                   .lfe_band = s->lfe_band,
                                   .pack = s->pack[0] ? s->pack : NULL,
                                   .gain = 1,
                                   .bounded = s->bounded,
                                   .lo = {s->lo[0], s->lo[1], s->lo[2]},
                                   .hi = {s->hi[0], s->hi[1], s->hi[2]},
                                   .edge_h = s->edge_h,
                                   .edge_v = s->edge_v};
      chan[k] = sp_bs2127_speaker_channel(c, &b);
      all = chan[k] >= 0;
      for (int j = 0; j < k && all; j++)
        all = chan[j] != chan[k];
    }
    if (all)
      l = c;
  }
  return l;
}

/* The bed of the beds' tracks bed_from to n_bed - 1 (their roles, their
 * speakers spk, the file's track of each at[], by the beds' track) ended:
 * its layout (bed_layout) added to m's beds, each of its tracks' speaker
 * put at the layout's channel it is and order saying so; channels that
 * are no layout's, each a bed of mono of its own, played as its speaker
 * (as BS.2127 plays any DirectSpeakers channel). false with why past the
 * beds the model holds. */
static bool end_bed(const int *roles, const sp_adm_speaker *spk, const int *at, int bed_from,
                    int n_bed, sp_adm *m, int *order, char *why, size_t why_size)
{
  int chan[SP_MAX_CHANNELS] = {0};
  const int nb = n_bed - bed_from;
  const sp_layout *l = bed_layout(roles + bed_from, spk + bed_from, nb, chan);
  for (int b = 0; b < (l ? 1 : nb); b++) { /* the layout, or each channel a speaker of its own */
    const int from = bed_from + b;
    if (m->n_beds >= SP_ADM_MAX_BED_TRACKS) {
      snprintf(why, why_size, "more than %d beds (track %d)", SP_ADM_MAX_BED_TRACKS, at[from] + 1);
      return false;
    }
    for (int i = 0; i < (l ? nb : 1); i++) {
      order[at[from + i]] = from + (l ? chan[i] : 0);
      m->speakers[from + (l ? chan[i] : 0)] = spk[from + i];
    }
    m->beds[m->n_beds++] = l ? l : sp_layout_find("mono");
  }
  return true;
}

/* The beds: the tracks of DirectSpeakers packs, the axml's own or of
 * the common definitions (AP_0001xxxx), wherever they are in the file;
 * a bed is a run of tracks of one pack, and a new one starts at another
 * pack, another kind's track or where a role or a channel format comes
 * again (two beds of one pack). Its channels may be in any order (the
 * profile's, L R C LFE Lss Rss Lrs Rrs Lts Rts, or a layout's) and of any
 * label or none: a run that is no layout's (end_bed) is each channel a
 * bed of its own. order[tracks]: the model's track each of the file's
 * is, the beds' first (each in its layout's order), then the others in
 * the file's order. The beds' tracks into *n_bed; false with why. */
static bool read_beds(const xnode *afe, char (*ac)[16], char (*ap)[16], int tracks,
                      const track_obj *to, sp_adm *m, int *order, int *n_bed_out, char *why,
                      size_t why_size)
{
  int bed_role_of[SP_ADM_MAX_BED_TRACKS], at[SP_ADM_MAX_BED_TRACKS];
  sp_adm_speaker spk[SP_ADM_MAX_BED_TRACKS];
  int n_bed = 0, bed_from = 0; /* the tracks of the beds; the current bed's first */
  for (int k = 0; k < tracks; k++)
    order[k] = -1;
  for (int k = 0; k <= tracks; k++) {
    const xnode *bp = k < tracks ? adm_by_id(afe, "audioPackFormat", ap[k]) : NULL;
    const bool speakers = k < tracks && ((bp && pack_kind(bp) == KIND_DS) ||
                                         (!bp && strncasecmp(ap[k], "AP_0001", 7) == 0));
    const int role = speakers ? bed_role(afe, ac[k]) : -1;
    if (speakers && n_bed >= SP_ADM_MAX_BED_TRACKS) {
      snprintf(why, why_size, "beds of more than %d tracks in all (track %d)",
               SP_ADM_MAX_BED_TRACKS, k + 1);
      return false;
    }
    /* the current bed ends here: at the beds' end, another pack or kind, a
     * role or a channel again, a bed as long as the longest layout */
    bool ends = n_bed > bed_from &&
                (!speakers || at[n_bed - 1] != k - 1 || strcasecmp(ap[k], ap[at[bed_from]]) != 0 ||
                 n_bed - bed_from == SP_MAX_CHANNELS);
    for (int i = bed_from; !ends && speakers && i < n_bed; i++)
      ends = (role >= 0 && bed_role_of[i] == role) || strcasecmp(ac[at[i]], ac[k]) == 0;
    if (ends) {
      if (!end_bed(bed_role_of, spk, at, bed_from, n_bed, m, order, why, why_size))
        return false;
      bed_from = n_bed;
    }
    if (speakers) {
      if (!bed_speaker(afe, ac[k], ap[k], bp != NULL, k, &to[k], m, &spk[n_bed], why, why_size))
        return false;
      at[n_bed] = k;
      bed_role_of[n_bed++] = role;
    }
  }
  for (int k = 0, next = n_bed; k < tracks; k++)
    if (order[k] < 0)
      order[k] = next++;
  *n_bed_out = n_bed;
  return true;
}

/* The beds' tracks' audioObjects (to, by the file's track; order[tracks]
 * the model's track each is, the beds' below n_bed): their gains into m's
 * speakers (their start and duration gate their blocks: bed_block);
 * false with why for a positionOffset, which the EBU ADM Renderer refuses
 * for DirectSpeakers. */
static bool bed_objects(const track_obj *to, const int *order, int tracks, int n_bed, sp_adm *m,
                        char *why, size_t why_size)
{
  for (int k = 0; k < tracks; k++) {
    const track_obj *t = &to[k];
    if (order[k] >= n_bed)
      continue; /* an object's */
    if (t->played && t->off_kind) {
      snprintf(why, why_size,
               "bed track %d's audioObject %s has a positionOffset, which BS.2127 has none of for "
               "DirectSpeakers (the EBU ADM Renderer refuses it): remove it, or move the bed's "
               "channels themselves",
               k + 1, t->id ? t->id : "?");
      return false;
    }
    sp_adm_speaker *sk = &m->speakers[order[k]];
    sk->gain *= t->played ? t->gain : 0; /* its block's times its object's */
    for (uint32_t j = sk->span0; j < sk->span0 + sk->n_spans; j++)
      m->bed_spans[j].at.gain *= t->played ? t->gain : 0;
  }
  return true;
}

/* Block bk of an object silent from frame from to its start: a block of
 * gain 0 there, bk then reached at once (BS.2127 plays nothing between
 * an object's blocks, and interpolates to none across a gap). */
static void silent_before(sp_adm_object *o, size_t *cap, int64_t from, sp_adm_block *bk)
{
  sp_adm_block q = *bk;
  q.start = from, q.dur = bk->start - from;
  q.start_off = q.end_off = 0;
  q.gain = 0, q.jump = true, q.no_interp = true, q.interp = 0, q.interp_s = 0;
  q.n_zones = 0;
  bk->jump = true, bk->no_interp = true, bk->interp = 0, bk->interp_s = 0;
  SP_GROW(o->blocks, o->n_blocks, *cap);
  o->blocks[o->n_blocks++] = q;
}

/* Time t (frames at rate) in seconds. */
static double seconds(adm_frames t, double rate)
{
  return ((double)t.whole + (double)t.num / (double)t.den) / rate;
}

/* Block format b of object o (its audioObjects' to) as the model's block
 * (times exact: the first frame at or after each, start_off and end_off
 * the rest; *x_start and *x_end, its times exactly), its position moved by the
 * positionOffset, its gain by the objects', its divergence's range by the
 * file's version (v2: BS.2076-2's default); false with why. */
static bool object_block(const xnode *b, const sp_adm_object *o, const track_obj *to, bool v2,
                         const sp_adm *m, sp_adm_block *bk, adm_frames *x_start,
                         adm_frames *x_end, char *why, size_t why_size)
{
  const xblock *xb = b->block;
  const char *bid = adm_attr(b, "audioBlockFormatID") ? adm_attr(b, "audioBlockFormatID") : "?";
  if (xb->half_timed) { /* a time not one of BS.2076's: adm_times_ok */
    snprintf(why, why_size,
             "block %s: an rtime without a duration (BS.2076 has them together; the EBU ADM "
             "Renderer refuses it): write its duration, or remove its rtime",
             bid);
    return false;
  }
  if (xb->bad) { /* a time not one of BS.2076's: times_ok said it */
    snprintf(why, why_size, "object '%s' block %s: %s", o->name, bid, xb->bad);
    return false;
  }
  if (xb->no_position) {
    snprintf(why, why_size,
             "object '%s' block %s: no position (an azimuth and an elevation; with cartesian 1, "
             "an X and a Y)",
             o->name, bid);
    return false;
  }
  if (xb->bad_edge) {
    snprintf(why, why_size, "object '%s' block %s: a screenEdgeLock %s; %s", o->name, bid,
             xb->bad_edge, EDGE_RULE);
    return false;
  }
  *bk = xb->v;
  bk->polar = !xb->cart;
  adm_frames start = to->start, end = to->end;
  if (xb->timed && (!adm_frames_add(to->start, xb->rtime, &start) ||
                    !adm_frames_add(start, xb->duration, &end))) {
    snprintf(why, why_size, "block %s: times whose fractions of a second add past 10^18 parts",
             bid);
    return false;
  }
  bk->start = frames_ceil(start, &bk->start_off);
  *x_start = start;
  if (xb->timed && to->has_end && adm_frames_before(to->end, end)) {
    snprintf(
        why, why_size,
        "object '%s' block %s ends at %.6f s, after its audioObject %s does (%.6f s, its start "
        "and duration); BS.2076-2 has an object's blocks within it (the EBU ADM Renderer "
        "refuses it): end the block by then, or lengthen the object",
        o->name, bid, seconds(end, m->rate), to->id ? to->id : "?", seconds(to->end, m->rate));
    return false;
  }
  if (xb->timed || to->has_end) {
    /* a jump reaches its place within its block (BS.2076-2; the EAR refuses
     * a longer one: played, it would step where the next block starts) */
    const double len = (double)(end.whole - start.whole) + (double)end.num / (double)end.den -
                       (double)start.num / (double)start.den;
    if (xb->v.jump && !xb->v.no_interp && xb->v.interp_s * m->rate > len * (1 + 1e-12) + 1e-9) {
      snprintf(why, why_size,
               "object '%s' block %s: an interpolationLength of %.9g s, longer than the block "
               "(%.9g s); BS.2076-2 has a jump reach its position within its block (the EBU ADM "
               "Renderer refuses it): make it the block's duration or less",
               o->name, bid, xb->v.interp_s, len / m->rate);
      return false;
    }
    bk->dur = frames_ceil(end, &bk->end_off) - bk->start;
    *x_end = end;
  } else {
    bk->dur = m->frames - bk->start;
    *x_end = (adm_frames){m->frames, 0, 1};
  }
  if (bk->start + bk->dur > m->frames && bk->start < m->frames) { /* cut at the master's end */
    bk->end_off += (double)(bk->start + bk->dur - m->frames);
    bk->dur = m->frames - bk->start;
  }
  if (!xb->range_written && bk->polar)
    bk->div_range = v2 ? 0 : 45; /* BS.2076-2's default; -1's was 45° */
  if (to->off_kind && (to->off_kind == 1) != bk->polar) {
    snprintf(why, why_size,
             "object '%s' block %s: a %s positionOffset on a %s position (BS.2127 moves a "
             "position by an offset of its kind)",
             o->name, bid, to->off_kind == 1 ? "polar" : "Cartesian",
             bk->polar ? "polar" : "Cartesian");
    return false;
  }
  if (to->off_kind == 1) {
    bk->az += to->off[0], bk->el += to->off[1], bk->dist += to->off[2];
    sp_adm_polar_to_cart(bk->az, bk->el, bk->dist, &bk->x, &bk->y, &bk->z);
  } else if (to->off_kind == 2) {
    bk->x += to->off[0], bk->y += to->off[1], bk->z += to->off[2];
  }
  bk->gain *= to->played ? to->gain : 0;
  bk->interp = bk->interp_s >= 0 && bk->interp_s <= 1e6 ? sp_adm_interp_frames(bk, m->rate) : 0;
  return true;
}

/* Where an object's blocks are read to (object_blocks): the room of its
 * blocks, where the last ends (and exactly), whether any block was read
 * and one within the master, the last read. */
typedef struct obj_blocks {
  size_t cap;
  int64_t at;
  adm_frames x_end;
  bool seen, before;
  sp_adm_block last;
} obj_blocks;

/* Whether block next of an object (its audioObjects' to; NULL: none)
 * ramps from the place of a block that ends at end: it starts there and
 * is no jump at once (BS.2127: a jumpPosition 1 of no interpolationLength
 * takes its place at its start, from nothing). */
static bool ramps_from(const xnode *next, const track_obj *to, adm_frames end)
{
  const xblock *nb = next ? next->block : NULL;
  adm_frames at = to->start;
  if (!nb || (nb->v.jump && (nb->v.no_interp || nb->v.interp_s == 0)) ||
      (nb->timed && !adm_frames_add(to->start, nb->rtime, &at)))
    return false;
  return !adm_frames_before(at, end) && !adm_frames_before(end, at);
}

/* Block b of object o (its blocks in time's order: object_blocks) into
 * o's blocks, after those before it (ob), next the block after it (NULL:
 * none); false with why. */
static bool object_block_in(const xnode *b, const xnode *next, sp_adm_object *o,
                            const track_obj *to, bool v2, sp_adm *m, obj_blocks *ob, char *why,
                            size_t why_size)
{
  const xblock *xb = b->block;
  sp_adm_block bk;
  adm_frames x_start, x_end_b;
  if (!object_block(b, o, to, v2, m, &bk, &x_start, &x_end_b, why, why_size))
    return false;
  ob->seen = true, ob->last = bk;
  if (bk.start >= m->frames)
    return true; /* past the master's end */
  if (ob->before && adm_frames_before(x_start, ob->x_end)) {
    const char *id = adm_attr(b, "audioBlockFormatID");
    snprintf(why, why_size,
             "object '%s' block %s starts at %.6f s, before the block before it ends (%.6f s); "
             "BS.2076's blocks follow one another (the EBU ADM Renderer refuses blocks that "
             "overlap): end the one before by then, or start this one later",
             o->name, id ? id : "?", seconds(x_start, m->rate), seconds(ob->x_end, m->rate));
    return false;
  }
  ob->before = true;
  if (bk.dur <= 0 && !ramps_from(next, to, x_end_b)) {
    /* BS.2127 plays no frame of it, and nothing ramps from it: it changes
     * nothing played (the EAR's processing block of no sample), passed by;
     * the next starts after it (no block overlaps it) */
    ob->x_end = x_end_b;
    return true;
  }
  if (bk.dur <= 0) {
    /* BS.2127 plays no frame of it, and ramps the next block from its
     * place: stemprint's blocks hold a frame or more */
    const char *id = adm_attr(b, "audioBlockFormatID");
    snprintf(why, why_size,
             "object '%s' block %s: from %.6f s to %.6f s, it holds no frame at %g Hz, and the "
             "next block ramps from its place (as the EBU ADM Renderer plays it; stemprint plays "
             "blocks of a frame or more): lengthen it, or leave it out and start the next where "
             "it starts",
             o->name, id ? id : "?", seconds(x_start, m->rate), seconds(x_end_b, m->rate), m->rate);
    return false;
  }
  if (o->n_blocks >= 1u << 22) {
    snprintf(why, why_size, "object '%s' has more than %u blocks", o->name, 1u << 22);
    return false;
  }
  if (xb->n_zones > ADM_MAX_ZONES) {
    snprintf(why, why_size,
             "block %s: a zoneExclusion of more than %d zones; stemprint reads at most %d",
             adm_attr(b, "audioBlockFormatID") ? adm_attr(b, "audioBlockFormatID") : "?",
             ADM_MAX_ZONES, ADM_MAX_ZONES);
    return false;
  }
  bk.zone0 = (uint32_t)o->n_zones;
  bk.n_zones = xb->n_zones;
  if (xb->n_zones) {
    o->zones = sp_xreallocarray(o->zones, o->n_zones + xb->n_zones, sizeof *o->zones);
    memcpy(o->zones + o->n_zones, xb->zones, xb->n_zones * sizeof *xb->zones);
    o->n_zones += xb->n_zones;
  }
  if (xb->has_hv)
    o->binaural = xb->binaural;
  m->unplayed |= xb->unplayed;
  if (bk.start > ob->at) {
    silent_before(o, &ob->cap, ob->at, &bk);
  } else if (o->n_blocks && adm_frames_before(ob->x_end, x_start)) {
    /* a gap within a frame: no ramp across it either */
    bk.jump = true, bk.no_interp = true, bk.interp = 0, bk.interp_s = 0;
  }
  ob->x_end = x_end_b;
  SP_GROW(o->blocks, o->n_blocks, ob->cap);
  o->blocks[o->n_blocks++] = bk;
  ob->at = bk.start + bk.dur;
  return true;
}

static bool ear_refuses_block(const xblock *x, char *what, size_t size);

/* The blocks of object o from its channel format cf (to: its
 * audioObjects'; v2: a BS.2076-2 file), its binaural mode and what the
 * renderer reads past into m: silent where BS.2127 plays none (before
 * its first, between, after its last, in the master); false with
 * why (blocks that overlap, each said). */
static bool object_blocks(const xnode *cf, sp_adm_object *o, const track_obj *to, bool v2,
                          sp_adm *m, char *why, size_t why_size)
{
  obj_blocks ob = {.x_end = {0, 0, 1}};
  /* its blocks in time's order (by_time: the EAR sorts them written out
   * of it, warning; so does stemprint, blocks_in_time) */
  size_t nb = 0;
  placed *bl = blocks_in_time(cf, true, m, &nb);
  /* room for them and the silence before and after them, not twice as
   * many (of a long axml, what its blocks cost: bench/adm_memory.sh) */
  ob.cap = o->n_blocks + nb + 2;
  o->blocks = sp_xreallocarray(o->blocks, ob.cap, sizeof *o->blocks);
  bool ok = true;
  size_t i = 0;
  /* a block without times in an object without a duration holds past the
   * file's end: the EAR plays it there and never reaches the blocks after
   * it (passed_note), whose values it reads all the same */
  for (bool open = false; i < nb && ok && !open; i++) {
    open = !bl[i].n->block->timed && !to->has_end;
    ok = object_block_in(bl[i].n, i + 1 < nb && !open ? bl[i + 1].n : NULL, o, to, v2, m, &ob, why,
                         why_size);
  }
  for (size_t j = i; j < nb && ok; j++) {
    char what[400] = "";
    if (ear_refuses_block(bl[j].n->block, what, sizeof what)) {
      const char *b = adm_peek(bl[j].n, "audioBlockFormatID");
      snprintf(why, why_size,
               "object '%s' block %.64s (axml line %d): %s; the EBU ADM Renderer refuses the "
               "file for it, though it never plays it: correct it, or remove it",
               o->name, b ? b : "?", bl[j].n->line, what);
      ok = false;
    }
  }
  if (ok && i < nb)
    passed_note(cf, bl[i - 1].n, bl[i].n, nb - i, m);
  free(bl);
  if (!ok)
    return false;
  if (ob.seen &&
      ob.at < m->frames) { /* silent after its last block (all of it: none in the master) */
    sp_adm_block end = o->n_blocks ? o->blocks[o->n_blocks - 1] : ob.last;
    end.start = m->frames, end.start_off = 0;
    silent_before(o, &ob.cap, ob.at, &end);
  }
  return true;
}

/* The objects: each track not a bed's (order[k] n_bed or more), of an Objects pack, an
 * object of its own (each channel of a pack of several is played by its
 * own blocks, as BS.2127 plays it), named after its pack (and its channel
 * format, in a pack of several), its audioObjects' to[tracks] (v2: a
 * BS.2076-2 file) into m's objects; false with why. */
static bool read_objects(const xnode *afe, char (*ac)[16], char (*ap)[16], const int *order,
                         int n_bed, int tracks, const track_obj *to, bool v2, sp_adm *m, char *why,
                         size_t why_size)
{
  size_t cap = 0;
  for (int k = 0; k < tracks; k++) {
    if (order[k] < n_bed)
      continue; /* a bed's */
    const xnode *pf = adm_by_id(afe, "audioPackFormat", ap[k]);
    if (!pf || pack_kind(pf) != KIND_OBJECTS) {
      snprintf(why, why_size, "track %d's pack %s is not an Objects pack the axml holds", k + 1,
               ap[k]);
      return false;
    }
    const xnode *cf = adm_by_id(afe, "audioChannelFormat", ac[k]);
    char ref[64];
    snprintf(ref, sizeof ref, "track %d's channel format %s", k + 1, ac[k]);
    if (!cf && !adm_lacks_id(afe, "audioChannelFormat", ref, why, why_size))
      snprintf(why, why_size, "track %d's channel format %s is not in the axml", k + 1, ac[k]);
    if (!cf)
      return false;
    int in_pack = 0; /* the pack's channel formats */
    for (size_t i = 0; i < pf->n_kids; i++)
      in_pack += adm_is(pf->kids[i], "audioChannelFormatIDRef");
    SP_GROW(m->objects, m->n_objects, cap);
    sp_adm_object *o = &m->objects[m->n_objects++];
    memset(o, 0, sizeof *o);
    const char *nm = adm_attr(pf, "audioPackFormatName"),
               *cn = adm_attr(cf, "audioChannelFormatName");
    o->name = in_pack > 1 ? sp_xasprintf("%s %s", nm ? nm : ap[k], cn ? cn : ac[k])
                          : sp_xstrdup(nm ? nm : ap[k]);
    o->track = order[k];
    o->channels = 1;
    o->binaural = SP_ADM_BINAURAL_MID;
    if (!object_blocks(cf, o, &to[k], v2, m, why, why_size))
      return false;
  }
  return true;
}

/* What block x of an Objects channel format holds that the EBU ADM
 * Renderer refuses the file for as it parses it, played or not (a value
 * that is not a number, a flag not 0 or 1, a position BS.2076 has not or
 * none, a polar one out of its range, an objectDivergence or channelLock
 * maxDistance not a number, a screenEdgeLock of another word
 * or place, a zone without its bounds, an rtime without a duration), in
 * words into what; false: nothing. The EAR reads a size or diffuse that
 * is not finite (its float()): that plays there (bad_plays). */
static bool ear_refuses_block(const xblock *x, char *what, size_t size)
{
  if (x->half_timed)
    snprintf(what, size, "an rtime without a duration");
  else if (x->bad && !x->bad_plays)
    snprintf(what, size, "%s", x->bad);
  else if (x->no_position && !x->bad_position)
    snprintf(what, size,
             "no position (an azimuth and an elevation; with cartesian 1, an X and a Y)");
  else if (x->bad_edge)
    snprintf(what, size, "a screenEdgeLock %s", x->bad_edge);
  else if (isnan(x->v.divergence) || isnan(x->v.div_range))
    snprintf(what, size, "an objectDivergence%s that is not a number",
             isnan(x->v.divergence) ? "" : " range");
  else if (isnan(x->v.lock_max))
    snprintf(what, size, "a channelLock maxDistance that is not a number");
  else if (!x->cart && !x->bad_position &&
           (fabs(x->v.az) > 180 || fabs(x->v.el) > 90 || x->v.dist < 0))
    snprintf(what, size,
             "a position of azimuth %g, elevation %g, distance %g, where BS.2076 has an azimuth "
             "of -180 .. 180, an elevation of -90 .. 90 and a distance of 0 or more",
             x->v.az, x->v.el, x->v.dist);
  else
    for (uint32_t z = 0; z < x->n_zones && z < ADM_MAX_ZONES; z++)
      for (int q = 0; q < 3; q++)
        if (isnan(x->zones[z].min[q]) || isnan(x->zones[z].max[q])) {
          snprintf(what, size,
                   "zoneExclusion's zone %u lacks a bound, or one is not a number (a zone gives "
                   "minX .. maxZ or minAzimuth .. maxElevation, each a decimal number)",
                   (unsigned)z + 1);
          return true;
        }
  return what[0] != '\0';
}

/* What DirectSpeakers block x holds that the EBU ADM Renderer refuses the
 * file for as it parses it, played or not (an rtime without a duration, a
 * value as written that is not one, no position of azimuth and elevation
 * or X and Y, a screenEdgeLock elsewhere than its coordinate's), in words
 * into what; false: nothing (bed_block says them of a channel played). */
static bool ds_refused(const xblock *x, char *what, size_t size)
{
  if (x->half_timed)
    snprintf(what, size, "an rtime without a duration");
  else if (x->bad)
    snprintf(what, size, "%s", x->bad);
  else if (x->no_position)
    snprintf(what, size, "no position (an azimuth and an elevation, or an X and a Y)");
  else if (x->bad_edge)
    snprintf(what, size, "a screenEdgeLock %s", x->bad_edge);
  return what[0] != '\0';
}

/* Channel format cf, which nothing plays, its blocks bl[n] in time's
 * order: where a block starts before the one before it ends, or a jump's
 * interpolationLength is longer than its block, which the EBU ADM
 * Renderer warns of as it reads the file and plays it all the same
 * (played, it would refuse either, as stemprint does), a note into
 * note (note_size bytes) for m->refused, the file's first such channel
 * format said, the others counted into *warned. */
static void unplayed_timing_note(const xnode *cf, const placed *bl, size_t n, const sp_adm *m,
                                 char *note, size_t note_size, size_t *warned)
{
  char what[200] = "";
  const xnode *at = NULL;
  for (size_t i = 0; i < n && !at; i++) {
    const xblock *x = bl[i].n->block, *p = i ? bl[i - 1].n->block : NULL;
    adm_frames end;
    if (p && p->timed && x->timed && adm_frames_add(p->rtime, p->duration, &end) &&
        adm_frames_before(x->rtime, end)) {
      at = bl[i].n;
      snprintf(what, sizeof what, "starts before the block before it ends");
    } else if (x->timed && x->v.jump && !x->v.no_interp) {
      const double len =
          ((double)x->duration.whole + (double)x->duration.num / (double)x->duration.den) / m->rate;
      if (x->v.interp_s > len * (1 + 1e-12) + 1e-12) {
        at = bl[i].n;
        snprintf(what, sizeof what,
                 "has an interpolationLength of %.9g s, longer than the block (%.9g s)",
                 x->v.interp_s, len);
      }
    }
  }
  if (!at || (*warned)++)
    return;
  const char *c = adm_peek(cf, "audioChannelFormatID"), *b = adm_peek(at, "audioBlockFormatID");
  snprintf(note, note_size,
           "audioChannelFormat %.64s (axml line %d), which nothing plays: block %.64s (axml line "
           "%d) %s, which the EBU ADM Renderer warns of and plays the file all the same, as "
           "stemprint does (played, both would refuse it): correct the block, or remove the "
           "channel format",
           c ? c : "?", cf->line, b ? b : "?", at->line, what);
}

/* note (size bytes, written on one line here) appended to m->refused on
 * a line of its own where it fits whole (a note cut would lose its fix;
 * the notes before it are said), " (more more of what too)" after it
 * where more is above 0. */
static void refused_add(sp_adm *m, char *note, size_t size, size_t more, const char *what)
{
  adm_one_line(note, size);
  if (more) {
    const size_t at = strlen(note);
    snprintf(note + at, size - at, " (%zu more %s too)", more, what);
  }
  sp_utf8_cut(note);
  size_t vn = strlen(m->refused);
  const size_t nn = strlen(note);
  if (vn + (vn ? 1 : 0) + nn >= sizeof m->refused) {
    m->refused_left++; /* counted on its last line (refused_end) */
    return;
  }
  if (vn)
    m->refused[vn++] = '\n';
  memcpy(m->refused + vn, note, nn + 1);
}

/* m->refused's notes, once all are in: those it had no room for
 * (refused_left) counted on a line of its own, the notes before it let
 * go, each counted, until that line fits. */
static void refused_end(sp_adm *m)
{
  while (m->refused_left) {
    char line[200];
    snprintf(line, sizeof line,
             "%zu more note%s of what the EBU ADM Renderer warns of or refuses, which these "
             "notes leave no room for: correct what they say, and the rest is said",
             m->refused_left, m->refused_left == 1 ? "" : "s");
    const size_t vn = strlen(m->refused), nn = strlen(line);
    if (vn + (vn ? 1 : 0) + nn < sizeof m->refused) {
      snprintf(m->refused + vn, sizeof m->refused - vn, "%s%s", vn ? "\n" : "", line);
      return;
    }
    char *last = strrchr(m->refused, '\n');
    *(last ? last : m->refused) = '\0';
    m->refused_left++;
  }
}

/* The first of channel format cf's blocks bl[n] (in time's order) that
 * ends before the next one starts, into *at (kept where one was found
 * before), counted into *gaps: the EBU ADM Renderer warns of each such
 * channel format, played or not, and plays it (silent between). */
static void first_gap(const xnode *cf, const placed *bl, size_t n, const xnode **at_cf,
                      const xnode **at, size_t *gaps)
{
  for (size_t i = 1; i < n; i++) {
    const xblock *p = bl[i - 1].n->block, *x = bl[i].n->block;
    adm_frames end;
    if (p->timed && x->timed && adm_frames_add(p->rtime, p->duration, &end) &&
        adm_frames_before(end, x->rtime)) {
      if (!(*gaps)++)
        *at_cf = cf, *at = bl[i - 1].n;
      return;
    }
  }
}

/* The note of the first gap first_gap found (gaps channel formats in
 * all), as the EBU ADM Renderer warns of it, into m->refused. */
static void gap_note(const xnode *cf, const xnode *at, size_t gaps, sp_adm *m)
{
  if (!gaps)
    return;
  const char *c = adm_peek(cf, "audioChannelFormatID"), *b = adm_peek(at, "audioBlockFormatID");
  const bool played = at->block->played;
  char note[640];
  snprintf(note, sizeof note,
           "audioChannelFormat %.64s (axml line %d)%s: block %.64s (axml line %d) ends before "
           "the next block starts, which the EBU ADM Renderer warns of ('duration of block "
           "format %.64s does not match rtime of next block') and plays, silent between them, "
           "as stemprint does: end the block where the next starts, unless the silence is "
           "meant",
           c ? c : "?", cf->line, played ? "" : ", which nothing plays", b ? b : "?", at->line,
           b ? b : "?");
  refused_add(m, note, sizeof note, gaps - 1, "channel formats");
}

/* The channel formats no track played (a spare one, one of a programme
 * not played), as the EBU ADM Renderer reads every one: an Objects
 * channel's block it refuses as it parses it (ear_refuses_block), or a
 * DirectSpeakers channel's (ds_refused), refused
 * here too, naming the channel format and the block at their lines
 * (before, it passed unsaid: nothing plays it, yet the EAR refuses the
 * file); blocks written out of time order counted into m->reordered
 * (blocks_in_time), as the EAR warns of each. False with why. */
static bool unplayed_formats_ok(const xnode *afe, sp_adm *m, char *why, size_t why_size)
{
  size_t warned = 0, gaps = 0;
  const xnode *gap_cf = NULL, *gap = NULL;
  char timing[768] = ""; /* (the words, the IDs and what: never cut) */
  const xnode *no_rtime = NULL; /* the first block of a duration and no rtime */
  size_t no_rtimes = 0;
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *cf = afe->kids[i];
    if (strcmp(cf->name, "audioChannelFormat") != 0)
      continue;
    for (size_t j = 0; j < cf->n_kids; j++)
      if (cf->kids[j]->block && cf->kids[j]->block->no_rtime && !no_rtimes++)
        no_rtime = cf->kids[j];
    size_t nb;
    placed *bl = blocks_in_time(cf, false, m, &nb);
    const bool played = nb && bl[0].n->block->played;
    if (!played && kind_of(cf) == KIND_OBJECTS)
      unplayed_timing_note(cf, bl, nb, m, timing, sizeof timing, &warned);
    first_gap(cf, bl, nb, &gap_cf, &gap, &gaps);
    free(bl);
    const bool ds = kind_of(cf) == KIND_DS;
    if (kind_of(cf) != KIND_OBJECTS && !ds)
      continue;
    for (size_t j = 0; j < cf->n_kids; j++) {
      const xblock *x = cf->kids[j]->block;
      char what[400] = "";
      if (!x || !(ds ? ds_refused(x, what, sizeof what) : ear_refuses_block(x, what, sizeof what)))
        continue;
      const char *c = adm_peek(cf, "audioChannelFormatID"),
                 *b = adm_peek(cf->kids[j], "audioBlockFormatID");
      snprintf(why, why_size,
               "audioChannelFormat %.64s (axml line %d)%s: block %.64s (axml line %d): %s; the EBU "
               "ADM Renderer refuses the file for it, played or not: correct it, or remove %s",
               c ? c : "?", cf->line, played ? "" : ", which nothing plays", b ? b : "?",
               cf->kids[j]->line, what, played ? "the block" : "the channel format");
      return false;
    }
  }
  if (warned) /* the first said, the rest counted, on its line */
    refused_add(m, timing, sizeof timing, warned - 1, "channel formats nothing plays");
  if (no_rtimes) {
    const char *b = adm_peek(no_rtime, "audioBlockFormatID");
    char note[400];
    snprintf(note, sizeof note,
             "block %.64s (axml line %d) has a duration and no rtime, which the EBU ADM Renderer "
             "reads as an rtime of 0 and plays, warning of it ('added missing rtime'), as "
             "stemprint does: write rtime=\"00:00:00.00000\"",
             b ? b : "?", no_rtime->line);
    refused_add(m, note, sizeof note, no_rtimes - 1, "blocks");
  }
  gap_note(gap_cf, gap, gaps, m);
  return true;
}

/* Whether id (an AC_, AP_, AS_ or AT_ ID) is in BS.2076's range of the
 * common definitions (xxxx of yyyyxxxx 0001 .. 0FFF), which the EBU ADM
 * Renderer holds whether the axml does or not. */
static bool common_id(const char *id)
{
  return strlen(id) >= 11 && id[2] == '_' && strspn(id + 3, "0123456789abcdefABCDEF") >= 8 &&
         id[7] == '0';
}

/* The element of afe whose ID is id, of kind or else of any kind, as the
 * EBU ADM Renderer looks a reference up (lookup_element: by ID alone);
 * NULL: none. Nothing marked. */
static const xnode *by_any_id(const xnode *afe, const char *kind, const char *id)
{
  static const char *const kinds[] = {"audioChannelFormat", "audioPackFormat", "audioTrackFormat",
                                      "audioStreamFormat",  "audioObject",     "audioContent",
                                      "audioProgramme",     "audioTrackUID"};
  const xnode *x = adm_find(afe, kind, id);
  for (size_t k = 0; !x && k < sizeof kinds / sizeof kinds[0]; k++)
    x = adm_find(afe, kinds[k], id);
  return x;
}

/* Every reference of afe's programmes, contents, objects, packs and track
 * UIDs, played or not, to an element the axml holds (by_any_id), one of
 * the common definitions (common_id), or a track UID the chna names
 * (uids[tracks]; ATU_00000000, a silent track, too), as the EBU ADM
 * Renderer looks each up before it renders (it refuses the file
 * otherwise). False with why naming the element at its line. (Before, a
 * reference of what nothing played passed unsaid: a programme's to a
 * content the axml does not hold, a spare pack's to a channel format.) */
static const char *id_of(const xnode *n);
static bool refs_ok(const xnode *afe, char (*uids)[13], int tracks, char *why, size_t why_size)
{
  static const struct {
    const char *el, *ref, *kind;
  } refs[] = {
      {"audioProgramme", "audioContentIDRef", "audioContent"},
      {"audioContent", "audioObjectIDRef", "audioObject"},
      {"audioObject", "audioPackFormatIDRef", "audioPackFormat"},
      {"audioObject", "audioTrackUIDRef", "audioTrackUID"},
      {"audioObject", "audioObjectIDRef", "audioObject"},
      {"audioObject", "audioComplementaryObjectIDRef", "audioObject"},
      {"audioPackFormat", "audioChannelFormatIDRef", "audioChannelFormat"},
      {"audioPackFormat", "audioPackFormatIDRef", "audioPackFormat"},
      {"audioPackFormat", "encodePackFormatIDRef", "audioPackFormat"},
      {"audioPackFormat", "decodePackFormatIDRef", "audioPackFormat"},
      {"audioPackFormat", "inputPackFormatIDRef", "audioPackFormat"},
      {"audioPackFormat", "outputPackFormatIDRef", "audioPackFormat"},
      {"audioTrackUID", "audioTrackFormatIDRef", "audioTrackFormat"},
      {"audioTrackUID", "audioChannelFormatIDRef", "audioChannelFormat"},
      {"audioTrackUID", "audioPackFormatIDRef", "audioPackFormat"},
  };
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    for (size_t j = 0; j < e->n_kids; j++) {
      size_t r = 0;
      while (r < sizeof refs / sizeof refs[0] &&
             (strcmp(e->name, refs[r].el) != 0 || strcmp(e->kids[j]->name, refs[r].ref) != 0))
        r++;
      const char *to = e->kids[j]->text;
      if (r == sizeof refs / sizeof refs[0] || by_any_id(afe, refs[r].kind, to) || common_id(to))
        continue;
      bool chna = strcmp(refs[r].kind, "audioTrackUID") == 0 && strcmp(to, "ATU_00000000") == 0;
      for (int k = 0; !chna && strcmp(refs[r].kind, "audioTrackUID") == 0 && k < tracks; k++)
        chna = strcasecmp(uids[k], to) == 0;
      if (chna)
        continue;
      const char *id = id_of(e);
      snprintf(why, why_size,
               "%s %.64s (axml line %d) refers to %.64s, which the axml does not hold (the EBU "
               "ADM Renderer refuses the file for it, played or not): correct the reference, "
               "or remove it",
               e->name, id ? id : "?", e->kids[j]->line, to);
      return false;
    }
  }
  return true;
}

/* The references of afe's Matrix blocks (their outputChannelFormatIDRef
 * or outputChannelIDRef, and each matrix coefficient's text, an
 * audioChannelFormat's ID: read_block keeps them), played or not, as
 * refs_ok and unpadded check the others: the EBU ADM Renderer reads each
 * as written and refuses the file where it finds no element of that ID
 * (white space around it too: "Unknown element requested  AC_00031001").
 * False with why naming the block and the reference at its line. */
static bool block_refs_ok(const xnode *afe, char *why, size_t why_size)
{
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *cf = afe->kids[i];
    for (size_t j = 0; strcmp(cf->name, "audioChannelFormat") == 0 && j < cf->n_kids; j++) {
      const xnode *b = cf->kids[j];
      for (size_t r = 0; r < b->n_kids; r++) {
        const xnode *e = b->kids[r];
        const bool matrix = strcmp(e->name, "matrix") == 0;
        for (size_t c = 0; c < (matrix ? e->n_kids : 1); c++) {
          const xnode *x = matrix ? e->kids[c] : e;
          if (matrix ? strcmp(x->name, "coefficient") != 0
                     : strcmp(x->name, "outputChannelFormatIDRef") != 0 &&
                           strcmp(x->name, "outputChannelIDRef") != 0)
            continue;
          const char *id = adm_peek(b, "audioBlockFormatID");
          if (x->padded) {
            snprintf(why, why_size,
                     "audioBlockFormat %.64s: its %s '%.64s' (axml line %d) has white space "
                     "around it, which the EBU ADM Renderer refuses (it reads the text as "
                     "written, and finds no element of that ID): write the ID alone",
                     id ? id : "?", x->name, x->text, x->line);
            return false;
          }
          if (by_any_id(afe, "audioChannelFormat", x->text) || common_id(x->text))
            continue;
          snprintf(why, why_size,
                   "audioBlockFormat %.64s (axml line %d) refers to %.64s (its %s), which the "
                   "axml does not hold (the EBU ADM Renderer refuses the file for it, played or "
                   "not): correct the reference, or remove it",
                   id ? id : "?", x->line, x->text, x->name);
          return false;
        }
      }
    }
  }
  return true;
}

/* A track format and a stream format linked (either referring to the
 * other), for links_ok. */
typedef struct ts_link {
  const xnode *tf, *sf;
} ts_link;

/* The ID of track or stream format n ("" for none, or NULL n). */
static const char *format_id(const xnode *n)
{
  const char *id = n ? adm_peek(n, strcmp(n->name, "audioTrackFormat") == 0 ? "audioTrackFormatID"
                                                                            : "audioStreamFormatID")
                     : NULL;
  return id ? id : "";
}

/* By track format, then stream, each by its ID (IDs are unique: adm_index;
 * a message names the same ones whatever the allocator did), then its
 * place in memory (no ID); no stream (NULL) first. */
static int by_track_format(const void *a, const void *b)
{
  const ts_link *x = a, *y = b;
  int c = strcasecmp(format_id(x->tf), format_id(y->tf));
  if (c || x->tf != y->tf)
    return c ? c : (uintptr_t)x->tf < (uintptr_t)y->tf ? -1 : 1;
  if (!x->sf || !y->sf)
    return (x->sf != NULL) - (y->sf != NULL);
  c = strcasecmp(format_id(x->sf), format_id(y->sf));
  if (c)
    return c;
  return (uintptr_t)x->sf < (uintptr_t)y->sf ? -1 : (uintptr_t)x->sf > (uintptr_t)y->sf;
}

/* Every audioStreamFormat and audioTrackFormat, played or not, linked as
 * the EBU ADM Renderer links them before it renders (it refuses the file
 * otherwise): each reference of theirs to an element the axml holds (or
 * the common definitions), a stream that refers to a channel or pack
 * format, a track format linked to one stream (by its reference, or the
 * stream's to it), not to two. False with why naming the element at its
 * line. O(n log n) in the formats. (Before, one nothing played passed
 * unsaid.) */
static bool links_ok(const xnode *afe, sp_adm *m, char *why, size_t why_size)
{
  static const char refuses[] = "the EBU ADM Renderer refuses the file for it, played or not";
  ts_link *ln = NULL;
  size_t n = 0, cap = 0, one_way = 0;
  const xnode *first_one_way = NULL;
  bool ok = true;
  for (size_t i = 0; ok && i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    const bool sf = strcmp(e->name, "audioStreamFormat") == 0;
    if (!sf && strcmp(e->name, "audioTrackFormat") != 0)
      continue;
    const char *id = adm_peek(e, sf ? "audioStreamFormatID" : "audioTrackFormatID");
    /* a stream that refers to no track format, or a track format to no
     * stream: the EAR warns of each as it parses it (xml.py) */
    if (!adm_kid(e, sf ? "audioTrackFormatIDRef" : "audioStreamFormatIDRef") && !one_way++)
      first_one_way = e;
    /* (a stream of a channel format and a pack both, as the Dolby Atmos
     * Master ADM Profile writes each, stemprint's masters of profile
     * dolby too, is played as written and said nothing of: the EAR
     * refuses it (AudioStreamFormat.validate), a rule of its own the
     * profile does not keep; to write the channel format alone would
     * break the profile, which a note here would ask on every read of
     * every Atmos master. docs/recipe.md says it.) */
    int carries = 0;
    for (size_t j = 0; ok && j < e->n_kids; j++) {
      static const char *const refs[][2] = {{"audioChannelFormatIDRef", "audioChannelFormat"},
                                            {"audioPackFormatIDRef", "audioPackFormat"},
                                            {"audioTrackFormatIDRef", "audioTrackFormat"},
                                            {"audioStreamFormatIDRef", "audioStreamFormat"}};
      int r = 0;
      while (r < 4 && strcmp(e->kids[j]->name, refs[r][0]) != 0)
        r++;
      if (r == 4 || (r == 3) == sf)
        continue;
      const char *to = e->kids[j]->text;
      const xnode *x = by_any_id(afe, refs[r][1], to);
      carries += r < 2;
      if (!x && !common_id(to)) {
        snprintf(why, why_size,
                 "%s %.64s (axml line %d) refers to %.64s, which the axml does not hold (%s): "
                 "correct the reference, or remove it",
                 e->name, id ? id : "?", e->kids[j]->line, to, refuses);
        ok = false;
      } else if (r == 2 && x && strcmp(x->name, "audioTrackFormat") == 0) {
        SP_GROW(ln, n, cap);
        ln[n++] = (ts_link){x, e};
      } else if (r == 3) { /* a common definition's stream: afe stands for it */
        SP_GROW(ln, n, cap);
        ln[n++] = (ts_link){e, x && strcmp(x->name, "audioStreamFormat") == 0 ? x : afe};
      }
    }
    if (ok && sf && !carries) {
      snprintf(why, why_size,
               "audioStreamFormat %.64s (axml line %d) refers to no audioChannelFormat or "
               "audioPackFormat, where BS.2076 has a stream refer to what it carries (%s): "
               "refer to its channel format, or remove the stream",
               id ? id : "?", e->line, refuses);
      ok = false;
    } else if (ok && !sf) {
      SP_GROW(ln, n, cap); /* the track format itself: one of no stream is said */
      ln[n++] = (ts_link){e, NULL};
    }
  }
  if (ok && n)
    qsort(ln, n, sizeof *ln, by_track_format);
  for (size_t i = 0; ok && i < n;) {
    size_t j = i, streams = 0;
    const xnode *first = NULL, *second = NULL;
    for (; j < n && ln[j].tf == ln[i].tf; j++) /* its streams, each once (sorted) */
      if (ln[j].sf && (j == i || ln[j].sf != ln[j - 1].sf)) {
        if (!first)
          first = ln[j].sf;
        else if (!second)
          second = ln[j].sf;
        streams++;
      }
    const char *id = adm_peek(ln[i].tf, "audioTrackFormatID");
    if (streams != 1) {
      const char *a = first && first != afe ? adm_peek(first, "audioStreamFormatID") : NULL,
                 *b = second && second != afe ? adm_peek(second, "audioStreamFormatID") : NULL;
      if (streams == 0)
        snprintf(why, why_size,
                 "audioTrackFormat %.64s (axml line %d) is linked to no audioStreamFormat (it "
                 "refers to none, and none refers to it), where BS.2076 has a track format "
                 "of one stream (%s): refer to its stream, or remove it",
                 id ? id : "?", ln[i].tf->line, refuses);
      else
        snprintf(why, why_size,
                 "audioTrackFormat %.64s (axml line %d) is linked to two audioStreamFormats "
                 "(%.64s and %.64s), where BS.2076 has a track format of one stream (%s): "
                 "link it to one",
                 id ? id : "?", ln[i].tf->line, a ? a : "?", b ? b : "?", refuses);
      ok = false;
    }
    i = j;
  }
  free(ln);
  if (ok && one_way) {
    const bool sf = strcmp(first_one_way->name, "audioStreamFormat") == 0;
    const char *id = adm_peek(first_one_way, sf ? "audioStreamFormatID" : "audioTrackFormatID");
    char note[640];
    snprintf(note, sizeof note,
             "%s %.64s (axml line %d) refers to no %s, which the EBU ADM Renderer warns of ('%s "
             "%.64s has no %sIDRef; this may be incompatible with some software') and plays, as "
             "stemprint does: refer to its %s",
             first_one_way->name, id ? id : "?", first_one_way->line,
             sf ? "audioTrackFormat" : "audioStreamFormat", first_one_way->name, id ? id : "?",
             sf ? "audioTrackFormat" : "audioStreamFormat", sf ? "track format" : "stream");
    refused_add(m, note, sizeof note, one_way - 1, "stream and track formats");
  }
  return ok;
}

/* No reference (an element named ...IDRef or ...UIDRef) or flag outside
 * a block (an audioObject's or alternativeValueSet's mute) in the axml,
 * played or not, has white space around its text, which the EBU ADM
 * Renderer reads as written and refuses (it looks up " AO_1001", and
 * finds no element); false with why naming it. Two levels below afe: its
 * elements' children and theirs. */
static bool unpadded(const xnode *afe, char *why, size_t why_size)
{
  for (size_t i = 0; i < afe->n_kids; i++)
    for (size_t j = 0; j < afe->kids[i]->n_kids; j++) {
      const xnode *e = afe->kids[i], *k = e->kids[j];
      for (size_t g = 0; g <= k->n_kids; g++) {
        const xnode *x = g == 0 ? k : k->kids[g - 1], *in = g == 0 ? e : k;
        const size_t len = strlen(x->name);
        const bool ref = (len > 5 && strcmp(x->name + len - 5, "IDRef") == 0) ||
                         (len > 6 && strcmp(x->name + len - 6, "UIDRef") == 0);
        if (!x->padded || !(ref || is_flag(x->name)))
          continue;
        snprintf(why, why_size,
                 "%s %.64s: its %s '%.64s' (axml line %d) has white space around it, which the "
                 "EBU ADM Renderer refuses (it reads the text as written%s): write %s alone",
                 in->name, id_of(in) ? id_of(in) : "", x->name, x->text, x->line,
                 ref ? ", and finds no element of that ID" : ", not 0 or 1",
                 ref ? "the ID" : "0 or 1");
        return false;
      }
    }
  return true;
}

/* Every time the axml holds is BS.2076's (adm_parse_time), played or
 * not, as the EBU ADM Renderer refuses a file of one that is not: each
 * audioBlockFormat's rtime and duration (read as its element closed:
 * read_block) and each audioObject's start and duration. False with why
 * naming the element, the attribute and the text. */
static bool times_ok(const xnode *afe, double rate, char *why, size_t why_size)
{
  static const char form[] = "is not a BS.2076 time, hh:mm:ss.zzzzz or hh:mm:ss.zzzzzSfffff "
                             "(zzzzz over fffff of a second)",
                    /* one the EAR reads (any count of digits) */
      fine[] = "is finer than stemprint reads (a fraction of nine digits, or over 10^9 at most), "
               "which the EBU ADM Renderer reads: write it to nine digits";
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *e = afe->kids[i];
    if (strcmp(e->name, "audioObject") == 0) {
      static const char *const names[] = {"start", "duration"};
      adm_frames f;
      for (int a = 0; a < 2; a++) {
        const char *t = adm_attr(e, names[a]);
        if (t && !adm_parse_time(t, rate, &f)) {
          const char *id = adm_attr(e, "audioObjectID");
          snprintf(why, why_size, "audioObject %s: %s '%.64s' %s", id ? id : "?", names[a], t,
                   adm_time_ear_reads(t) ? fine : form);
          return false;
        }
      }
    }
    for (size_t j = 0; strcmp(e->name, "audioChannelFormat") == 0 && j < e->n_kids; j++) {
      const xblock *b = e->kids[j]->block;
      if (b && b->bad_time) {
        const char *id = adm_attr(e->kids[j], "audioBlockFormatID");
        snprintf(why, why_size, "audioBlockFormat %s: %s %s", id ? id : "?", b->bad,
                 b->fine_time ? fine : form);
        return false;
      }
    }
  }
  return true;
}

/* The first of n's children named one of names (nothing marked); NULL:
 * none. */
static const xnode *kid_of(const xnode *n, const char *const *names, size_t n_names)
{
  for (size_t i = 0; i < n->n_kids; i++)
    for (size_t j = 0; j < n_names; j++)
      if (strcmp(n->kids[i]->name, names[j]) == 0)
        return n->kids[i];
  return NULL;
}

/* Element n's ID as written (not marked: for a message); NULL: none. */
static const char *id_of(const xnode *n)
{
  static const char *const ids[] = {
      "audioProgrammeID",     "audioContentID",       "audioObjectID",      "audioPackFormatID",
      "audioChannelFormatID", "audioStreamFormatID",  "audioTrackFormatID", "UID",
      "audioBlockFormatID",   "alternativeValueSetID"};
  const char *id = NULL;
  for (size_t q = 0; q < sizeof ids / sizeof ids[0] && !id; q++)
    id = adm_peek(n, ids[q]);
  return id;
}

/* What of BS.2076-2 element e of afe (before -2) holds, in *what (el its
 * room: an element's name), and the element it is in (e, or its block)
 * into *at: an audioObject's gain, mute, positionOffset or
 * alternativeValueSet, a programme's or content's alternativeValueSetIDRef,
 * an audioTrackUID's audioChannelFormatIDRef, a block's v2_only, a
 * fractional time (as the EBU ADM Renderer's reader of BS.2076-1 refuses
 * each: ear/fileio/adm/xml.py, make_no_element_before_v2, TimeTypeV1);
 * false: none. */
static bool of_v2(const xnode *e, const char **what, const xnode **at, char *el, size_t el_size)
{
  static const char *const obj[] = {"gain", "mute", "positionOffset", "alternativeValueSet"};
  static const char *const avs[] = {"alternativeValueSetIDRef"};
  static const char *const uid[] = {"audioChannelFormatIDRef"};
  const bool o = strcmp(e->name, "audioObject") == 0, pr = strcmp(e->name, "audioProgramme") == 0;
  const xnode *k = o                                        ? kid_of(e, obj, 4)
                   : pr || !strcmp(e->name, "audioContent") ? kid_of(e, avs, 1)
                   : !strcmp(e->name, "audioTrackUID")      ? kid_of(e, uid, 1)
                                                            : NULL;
  *at = e, *what = NULL;
  if (k) {
    snprintf(el, el_size, "<%.40s>", k->name);
    *what = el;
  }
  const char *t[2] = {adm_peek(e, "start"), adm_peek(e, o ? "duration" : "end")};
  for (int q = 0; q < 2 && !*what && (o || pr); q++)
    if (t[q] && strchr(t[q], 'S'))
      *what = "a fractional time";
  for (size_t j = 0; !*what && !strcmp(e->name, "audioChannelFormat") && j < e->n_kids; j++)
    if (e->kids[j]->block && e->kids[j]->block->v2_only)
      *what = e->kids[j]->block->v2_only, *at = e->kids[j];
  return *what != NULL;
}

/* afe's version (ver, NULL: none) as the EBU ADM Renderer reads it: *v2
 * whether it is read as BS.2076-2 (ITU-R_BS.2076-2, and a version the
 * EAR does not read: stemprint's latest); into note (a line of
 * m->refused, "" none) what of it the EAR refuses and stemprint plays: a
 * version it does not read (ITU-R_BS.2076-3, a word), or, before -2,
 * what -2 brought (of_v2), the first named at its line and the others
 * counted, and the fix. Those play as -2 has them: tools write them so
 * (the EAR Production Suite 1.0 writes -2's track references and no
 * version; BS.2076-3 files are about), so a file is not refused for
 * them, but said. */
static void version_note(const xnode *afe, const char *ver, bool *v2, char *note, size_t size)
{
  static const char fix[] = ", which the EBU ADM Renderer refuses: stemprint plays it as "
                            "BS.2076-2 has it; write version=\"ITU-R_BS.2076-2\" on its "
                            "audioFormatExtended where the file follows it";
  static const char pre[] = "ITU-R_BS.2076-";
  const char *num = ver && strncmp(ver, pre, sizeof pre - 1) == 0 ? ver + sizeof pre - 1 : NULL;
  const size_t digits = num ? strspn(num, "0123456789") : 0;
  const long v = digits && !num[digits] && digits < 9 ? strtol(num, NULL, 10) : ver ? 0 : 1;
  *v2 = v != 1;
  note[0] = '\0';
  if (v != 1 && v != 2) {
    snprintf(note, size,
             "its audioFormatExtended says version '%.40s' (the EAR reads ITU-R_BS.2076-1 and "
             "-2)%s",
             ver, fix);
    return;
  }
  if (*v2)
    return;
  size_t more = 0;
  const char *what = NULL;
  const xnode *at = NULL;
  char el[48];
  for (size_t i = 0; i < afe->n_kids; i++) {
    const char *w;
    const xnode *a;
    char e[48];
    if (of_v2(afe->kids[i], &w, &a, e, sizeof e) && more++ == 0)
      what = w == e ? memcpy(el, e, sizeof el) : w, at = a;
  }
  if (!more)
    return;
  const char *id = id_of(at);
  char n[32] = "";
  if (more > 1)
    snprintf(n, sizeof n, "; %zu more", more - 1);
  snprintf(note, size,
           "its audioFormatExtended says %s%.32s%s, yet it holds what BS.2076-2 brought (%s in %s "
           "%.24s, axml line %d%s)%s",
           ver ? "version '" : "no version (BS.2076-1's)", ver ? ver : "", ver ? "'" : "", what,
           at->name, id ? id : "?", at->line, n, fix);
}

/* What element n (its parent's name pn) lacks of what BS.2076 requires
 * and the EBU ADM Renderer reads it by, refusing a file without
 * (ear/fileio/adm/xml.py: its required attributes and elements, its
 * FormatDefinition PCM alone), into what (size: "has no
 * audioStreamFormatName, which BS.2076 requires"); false: nothing.
 * stemprint plays without each (a name is for people; an element of no
 * ID is one nothing can refer to; a format is what the fmt chunk says), so
 * the file is not refused for them, but said (required_note). */
static bool lacks(const xnode *n, const char *pn, char *what, size_t size)
{
  static const struct {
    const char *el, *parent, *need;
    char kind; /* 'a' an attribute, 'e' an element, 'f' the format (PCM) */
  } req[] = {
      {"audioProgramme", "audioFormatExtended", "audioProgrammeID", 'a'},
      {"audioProgramme", "audioFormatExtended", "audioProgrammeName", 'a'},
      {"audioContent", "audioFormatExtended", "audioContentID", 'a'},
      {"audioContent", "audioFormatExtended", "audioContentName", 'a'},
      {"audioObject", "audioFormatExtended", "audioObjectID", 'a'},
      {"audioObject", "audioFormatExtended", "audioObjectName", 'a'},
      {"audioPackFormat", "audioFormatExtended", "audioPackFormatID", 'a'},
      {"audioPackFormat", "audioFormatExtended", "audioPackFormatName", 'a'},
      {"audioChannelFormat", "audioFormatExtended", "audioChannelFormatID", 'a'},
      {"audioChannelFormat", "audioFormatExtended", "audioChannelFormatName", 'a'},
      {"audioChannelFormat", "audioFormatExtended", "audioBlockFormat", 'e'},
      {"audioStreamFormat", "audioFormatExtended", "audioStreamFormatID", 'a'},
      {"audioStreamFormat", "audioFormatExtended", "audioStreamFormatName", 'a'},
      {"audioStreamFormat", "audioFormatExtended", NULL, 'f'},
      {"audioTrackFormat", "audioFormatExtended", "audioTrackFormatID", 'a'},
      {"audioTrackFormat", "audioFormatExtended", "audioTrackFormatName", 'a'},
      {"audioTrackFormat", "audioFormatExtended", NULL, 'f'},
      {"audioTrackUID", "audioFormatExtended", "UID", 'a'},
      {"audioBlockFormat", "audioChannelFormat", "audioBlockFormatID", 'a'},
      {"alternativeValueSet", "audioObject", "alternativeValueSetID", 'a'},
      {"audioObjectInteraction", NULL, "onOffInteract", 'a'},
      {"audioProgrammeReferenceScreen", "audioProgramme", "aspectRatio", 'a'},
      {"audioProgrammeReferenceScreen", "audioProgramme", "screenCentrePosition", 'e'},
      {"audioProgrammeReferenceScreen", "audioProgramme", "screenWidth", 'e'},
  };
  for (size_t r = 0; r < sizeof req / sizeof req[0]; r++) {
    if (strcmp(n->name, req[r].el) != 0 || (req[r].parent && strcmp(pn, req[r].parent) != 0))
      continue;
    if (req[r].kind == 'a' && !adm_peek(n, req[r].need)) {
      snprintf(what, size, "has no %s, which BS.2076 requires", req[r].need);
      return true;
    }
    if (req[r].kind == 'e' && !kid_of(n, &req[r].need, 1)) {
      snprintf(what, size, "has no <%s>, which BS.2076 requires", req[r].need);
      return true;
    }
    if (req[r].kind != 'f')
      continue;
    const char *def = adm_peek(n, "formatDefinition"), *lab = adm_peek(n, "formatLabel");
    char *end = NULL;
    const bool lab_ok = lab && *lab && strtoul(lab, &end, 16) == 1 && !*end;
    if (!def && !lab)
      snprintf(what, size,
               "has no formatDefinition or formatLabel, which BS.2076 requires (PCM, 0001)");
    else if (def && strcmp(def, "PCM") != 0)
      snprintf(what, size, "has formatDefinition '%.32s', where BS.2076 has PCM", def);
    else if (lab && !lab_ok)
      snprintf(what, size, "has formatLabel '%.32s', where BS.2076 has 0001 (PCM)", lab);
    else
      continue;
    return true;
  }
  return false;
}

/* Each element under n (in parent p, afe at the top) that lacks what
 * BS.2076 requires of it (lacks) counted in *more, the first and its
 * parent into at[2] and what it lacks into what; as deep as the reader
 * reads (AXML_DEPTH). */
static void required_walk(const xnode *n, const xnode *p, const xnode **at, char *what,
                          size_t what_size, size_t *more)
{
  char w[128];
  if (lacks(n, p->name, w, sizeof w) && (*more)++ == 0) {
    at[0] = n, at[1] = p;
    snprintf(what, what_size, "%s", w);
  }
  for (size_t i = 0; i < n->n_kids; i++)
    required_walk(n->kids[i], n, at, what, what_size, more);
}

/* Into note ("" none) the first element of afe that lacks what BS.2076
 * requires of it (lacks), at its axml line (one with no ID of its own
 * named in its parent), and how many more do, the EAR refusing the file
 * and stemprint playing it, and the fix. The axml of a tool that writes
 * the least is so (a name missing, which other readers play past), and
 * stemprint plays them as before. */
static void required_note(const xnode *afe, char *note, size_t size)
{
  const xnode *at[2] = {NULL, NULL};
  char what[128];
  size_t more = 0;
  note[0] = '\0';
  for (size_t i = 0; i < afe->n_kids; i++)
    required_walk(afe->kids[i], afe, at, what, sizeof what, &more);
  if (!more)
    return;
  const char *id = id_of(at[0]), *pid = at[1] != afe ? id_of(at[1]) : NULL;
  char in[96] = "", n[64] = "";
  if (!id && at[1] != afe)
    snprintf(in, sizeof in, " in %.48s %.32s", at[1]->name, pid ? pid : "?");
  if (more > 1)
    snprintf(n, sizeof n, "; %zu more element%s what BS.2076 requires", more - 1,
             more > 2 ? "s lack" : " lacks");
  snprintf(note, size,
           "%.48s%s%.32s%s (axml line %d) %s%s: the EBU ADM Renderer refuses the file, stemprint "
           "plays it all the same; write what BS.2076 requires",
           at[0]->name, id ? " " : "", id ? id : "", in, at[0]->line, what, n);
}

/* The values of afe (played or not) that change nothing stemprint plays
 * and the EBU ADM Renderer reads all the same, refusing a file of one it
 * cannot (ear/fileio/adm/xml.py's IntType, BoolType, FloatType, TimeType):
 * element el's attribute attr (NULL: its text, in a parent of name
 * parent), a whole number ('i'), 0 or 1 ('b'), a decimal number ('f') or a
 * BS.2076 time ('t'). False with why naming the element, its line and the
 * value. The tree is as deep as the reader reads (AXML_DEPTH). */
static bool values_ok(const xnode *n, const xnode *parent, double rate, char *why, size_t why_size)
{
  static const struct {
    const char *el, *attr, *parent;
    char type;
  } vals[] = {
      {"audioObject", "importance", NULL, 'i'},
      {"audioObject", "dialogue", NULL, 'i'},
      {"audioObject", "interact", NULL, 'b'},
      {"audioObject", "disableDucking", NULL, 'b'},
      {"audioPackFormat", "importance", NULL, 'i'},
      {"dialogue", NULL, "audioContent", 'i'},
      {"audioTrackUID", "sampleRate", NULL, 'i'},
      {"audioTrackUID", "bitDepth", NULL, 'i'},
      {"audioProgramme", "maxDuckingDepth", NULL, 'f'},
      {"audioProgramme", "start", NULL, 't'},
      {"audioProgramme", "end", NULL, 't'},
      {"audioObjectInteraction", "onOffInteract", NULL, 'b'},
      {"audioObjectInteraction", "gainInteract", NULL, 'b'},
      {"audioObjectInteraction", "positionInteract", NULL, 'b'},
      {"audioProgrammeReferenceScreen", "aspectRatio", NULL, 'f'},
      {"screenCentrePosition", "azimuth", NULL, 'f'},
      {"screenCentrePosition", "elevation", NULL, 'f'},
      {"screenCentrePosition", "distance", NULL, 'f'},
      {"screenCentrePosition", "X", NULL, 'f'},
      {"screenCentrePosition", "Y", NULL, 'f'},
      {"screenCentrePosition", "Z", NULL, 'f'},
      {"screenWidth", "azimuth", NULL, 'f'},
      {"screenWidth", "X", NULL, 'f'},
      {"integratedLoudness", NULL, "loudnessMetadata", 'f'},
      {"loudnessRange", NULL, "loudnessMetadata", 'f'},
      {"maxTruePeak", NULL, "loudnessMetadata", 'f'},
      {"maxMomentary", NULL, "loudnessMetadata", 'f'},
      {"maxShortTerm", NULL, "loudnessMetadata", 'f'},
      {"dialogueLoudness", NULL, "loudnessMetadata", 'f'},
  };
  for (size_t r = 0; r < sizeof vals / sizeof vals[0]; r++) {
    if (strcmp(n->name, vals[r].el) != 0 ||
        (vals[r].parent && (!parent || strcmp(parent->name, vals[r].parent) != 0)))
      continue;
    const char *v = vals[r].attr ? adm_peek(n, vals[r].attr) : n->text;
    double x;
    adm_frames t;
    bool on;
    const char type = vals[r].type;
    if (!v || (type == 'i' && whole_number(v)) || (type == 'b' && adm_flag(v, &on)) ||
        (type == 'f' && adm_number(v, &x)) || (type == 't' && adm_parse_time(v, rate, &t)))
      continue;
    const xnode *at = vals[r].attr ? n : parent; /* the element named */
    const char *id = id_of(at);
    char el[160];
    snprintf(el, sizeof el, "%s%s%s%s%.64s", vals[r].attr ? "" : n->name,
             vals[r].attr ? "" : " in ", at->name, id ? " " : "", id ? id : "");
    snprintf(why, why_size,
             "%s (axml line %d): %s%s'%.64s' is not %s, as BS.2076 writes it (the EBU ADM Renderer "
             "refuses it): write one, or remove it",
             el, n->line, vals[r].attr ? vals[r].attr : "", vals[r].attr ? " " : "", v,
             type == 'i'   ? "a whole number"
             : type == 'b' ? "0 or 1"
             : type == 'f' ? "a decimal number"
                           : "a BS.2076 time (hh:mm:ss.zzzzz)");
    return false;
  }
  for (size_t i = 0; i < n->n_kids; i++)
    if (!values_ok(n->kids[i], n, rate, why, why_size))
      return false;
  return true;
}

sp_err sp_adm_parse(const char *axml, size_t n, char (*uids)[13], int tracks, sp_adm *m, int *order,
                    char *why, size_t why_size)
{
  return sp_adm_parse_as(&(sp_xml_doc){.text = axml, .n = n}, uids, NULL, tracks, NULL, m, order,
                         NULL, 0, why, why_size);
}

sp_err sp_adm_parse_as(const sp_xml_doc *axml, char (*uids)[13], const sp_adm_chna_ref *refs,
                       int tracks, const sp_adm_choice *choice, sp_adm *m, int *order, char *unread,
                       size_t unread_size, char *why, size_t why_size)
{
  if (axml->n > SP_ADM_MAX_AXML) {
    snprintf(why, why_size, "an axml of %zu bytes; stemprint reads at most %u", axml->n,
             SP_ADM_MAX_AXML);
    return SP_ERR_IO;
  }
  adm_unread u = {0};
  m->reordered[0] = m->refused[0] = '\0'; /* blocks_in_time's; version_note's, required_note's */
  m->n_reordered = m->refused_left = 0;
  xnode *root = read_tree(axml, m->rate, &u, why, why_size);
  if (!root)
    return SP_ERR_IO;
  sp_err err = SP_ERR_IO;
  xnode *afes[2] = {NULL, NULL}, *afe;
  const size_t n_afe = find(root, "audioFormatExtended", 0, afes, 0);
  if (!(afe = afes[0])) {
    snprintf(why, why_size, "its axml has no audioFormatExtended");
    goto done;
  }
  if (n_afe > 1) { /* the EAR refuses it; the reader took the first */
    snprintf(why, why_size,
             "its axml has %zu audioFormatExtended elements (axml lines %d and %d%s); BS.2076 "
             "has one, which holds all the file's elements (the EBU ADM Renderer refuses more): "
             "join them into one",
             n_afe, afes[0]->line, afes[1]->line, n_afe > 2 ? ", ..." : "");
    goto done;
  }
  if (!adm_index(afe, why, why_size))
    goto done;
  /* each track: its UID element, its pack and its channel format, its
   * audioObjects'; the version, BS.2076-2's or before (its defaults) */
  char(*ac)[16] = sp_xcalloc((size_t)tracks, sizeof *ac);
  char(*ap)[16] = sp_xcalloc((size_t)tracks, sizeof *ap);
  track_obj *to = sp_xcalloc((size_t)tracks, sizeof *to);
  int *ord = order ? order : sp_xcalloc((size_t)tracks, sizeof *ord);
  const char *ver = adm_attr(afe, "version");
  bool v2 = false;
  int n_bed = 0;
  const xnode *prog = NULL;
  char req[640]; /* (required_note's words and names: never cut) */
  /* each note one line, whatever an ID it quotes holds (&#10;) */
  version_note(afe, ver, &v2, m->refused, sizeof m->refused);
  adm_one_line(m->refused, sizeof m->refused);
  required_note(afe, req, sizeof req);
  adm_one_line(req, sizeof req);
  if (req[0]) /* its line, after the version's */
    refused_add(m, req, sizeof req, 0, NULL);
  if (!times_ok(afe, m->rate, why, why_size) || !unpadded(afe, why, why_size) ||
      !kinds_ok(afe, why, why_size) || !values_ok(afe, NULL, m->rate, why, why_size) ||
      !track_formats(afe, uids, refs, tracks, ac, ap, why, why_size) ||
      !adm_select_tracks(afe, uids, tracks, m->rate, choice, to, &prog, why, why_size) ||
      !objects_packs_ok(afe, ap, to, tracks, why, why_size) ||
      !read_beds(afe, ac, ap, tracks, to, m, ord, &n_bed, why, why_size) ||
      !bed_objects(to, ord, tracks, n_bed, m, why, why_size) ||
      !read_objects(afe, ac, ap, ord, n_bed, tracks, to, v2, m, why, why_size))
    goto tracks_done;
  pair_objects(m);
  m->tracks = tracks;
  /* its layout: BS.2076-2's alone when no stream names a pack (the Dolby
   * profile's streams name one) */
  m->bs2076 = true;
  for (size_t i = 0; i < afe->n_kids; i++)
    if (strcmp(afe->kids[i]->name, "audioStreamFormat") == 0 &&
        adm_kid(afe->kids[i], "audioPackFormatIDRef"))
      m->bs2076 = false;
  if (!prog) /* the programme played; none: the first there is */
    prog = adm_kid(afe, "audioProgramme");
  const char *pn = prog ? adm_attr(prog, "audioProgrammeName") : NULL;
  m->programme = sp_xstrdup(pn ? pn : "");
  err = sp_adm_check(m, why, why_size) && unplayed_formats_ok(afe, m, why, why_size) &&
                refs_ok(afe, uids, tracks, why, why_size) && block_refs_ok(afe, why, why_size) &&
                links_ok(afe, m, why, why_size)
            ? SP_OK
            : SP_ERR_IO;
  refused_end(m);
  if (m->n_reordered > 1) { /* the first named, the rest counted */
    const size_t at = strlen(m->reordered);
    snprintf(m->reordered + at, sizeof m->reordered - at, "; %zu more channel format%s too",
             m->n_reordered - 1, m->n_reordered > 2 ? "s" : "");
  }
  if (err == SP_OK && unread) { /* each block's, counted as it was read, then the rest */
    adm_unread_format(&u, afe);
    adm_unread_say(&u, unread, unread_size);
  }
tracks_done:
  free(ac);
  free(ap);
  free(to);
  if (ord != order)
    free(ord);
done:
  if (err != SP_OK) /* one line, whatever an ID it quotes holds */
    adm_one_line(why, why_size);
  xfree(root);
  return err;
}
