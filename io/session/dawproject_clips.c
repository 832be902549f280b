/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DAWproject clips as the mix's regions (io/session/dawproject_reader.h):
 * clips in clips cut to their windows, loops, fades and warps. */

#include "io/session/dawproject_reader.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"

#include <math.h>
#include <string.h>

/* ---- clips -------------------------------------------------------------------------------- */

static void clip(reader *r, sp_mix_strip *s, const xmlNode *c, const window *w);

void dp_clips(reader *r, sp_mix_strip *s, const xmlNode *list, const window *w)
{
  for (const xmlNode *c = sp_xml_child(list, "Clip"); c; c = sp_xml_next(c, "Clip")) {
    const size_t first = s->n_regions;
    clip(r, s, c, w);
    for (size_t k = first; k < s->n_regions; k++) /* read from it (or a clip inside it) */
      s->regions[k].line = s->regions[k].line ? s->regions[k].line : sp_xml_line(c);
  }
}

/* Whether more regions may be made, counted (more is a clip's loop
 * passes, counted when they are placed); more than an import makes is
 * said once, at the clip c when known. */
static bool regions_left(reader *r, const xmlNode *c, double more)
{
  if ((double)r->regions + more <= SP_SESSION_MAX_REGIONS)
    return true;
  if (!r->said_regions && c)
    error(r, c, SP_ERR_USAGE,
          "Clip: with the clips before it the session plays more than %d regions (clips and "
          "their loops), the most one import makes; play fewer loops, or split the session",
          SP_SESSION_MAX_REGIONS);
  else if (!r->said_regions)
    sp_diags_add_whole(r->d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: more than %d regions (clips and their loops), the most one import "
                       "makes; play fewer loops, or split the session",
                       r->path, SP_SESSION_MAX_REGIONS);
  r->said_regions = true;
  return false;
}

/* A clip c that plays to second to, past the day a recipe lasts at most
 * (notes past it are a loss too: dawproject_notes.c), cut there: a loss. */
static void day_cut(reader *r, sp_mix_strip *s, const xmlNode *c, double to)
{
  if (isinf(to))
    loss(r, s, c,
         "a clip with no end of its own (no duration): cut at %s (a recipe lasts at most "
         "as long)",
         SP_MAX_TEXT);
  else
    loss(r, s, c,
         "a clip that plays to %.6g s, past %s: cut there (a recipe lasts at most as long)", to,
         SP_MAX_TEXT);
}

/* One region of the content, [from, from + len) seconds of the file, at
 * timeline second t, cut to the window (its fades the clip's:
 * clip_fades). */
static void place(reader *r, sp_mix_strip *s, const char *file, double t, double from, double len,
                  const window *w)
{
  if (!regions_left(r, NULL, 1))
    return;
  r->regions++;
  double a = fmax(t, w->start), b = fmin(t + len, w->end);
  if (llround((b - a) * r->rate) <= 0) /* no frame: plays nothing */
    return;
  double l = a == t && b == t + len ? len : b - a; /* uncut: its length as given */
  sp_mix_region_add(s, file, a, from + (a - t), l, 0, 0);
}

/* The fades of clip c (fin in, fout out: seconds, as read), from start to
 * end on the timeline, on the regions of s it made from its n0th on: its
 * fade-in on the first where that starts the clip, its fade-out on the
 * last where that ends it. A clip played as one region whole takes them
 * as read: what they may be (one longer than the region, two that
 * overlap) is the recipe's check's, as a recipe's fades are. A fade its
 * region does not hold whole (the clip cut by its window or its
 * content's end, or played as passes of its loop) is drawn over that
 * region alone, or left out where the clip's end it fades is not played:
 * a loss where what is played would have been faded. One below 0 is the
 * check's to refuse wherever the clip is cut: carried to its first or
 * last region as read, or, where it plays none, refused here. */
static void clip_fades(reader *r, sp_mix_strip *s, const xmlNode *c, size_t n0, double start,
                       double end, double fin, double fout)
{
  if (s->n_regions <= n0) {
    if (fin < 0 || fout < 0)
      error(r, c, SP_ERR_USAGE, "Clip: %s %s: a time cannot be negative; fix the clip's %s",
            fin < 0 ? "fadeInTime" : "fadeOutTime",
            sp_xml_attr(c, fin < 0 ? "fadeInTime" : "fadeOutTime"),
            fin < 0 ? "fadeInTime" : "fadeOutTime");
    return;
  }
  if (fin == 0 && fout == 0)
    return;
  sp_region *first = &s->regions[n0].region, *last = &s->regions[s->n_regions - 1].region;
  const double a = first->at.seconds, b = last->at.seconds + last->length.seconds;
  const bool starts = fabs(a - start) < 1e-9, ends = fabs(b - end) < 1e-9;
  const bool whole = first == last && starts && ends;
  const double in = fin < 0 || whole ? fin : !starts ? 0 : fmin(fin, first->length.seconds);
  const double room = last->length.seconds - (first == last ? fmax(in, 0) : 0);
  const double out = fout < 0 || whole ? fout : !ends ? 0 : fmin(fout, room);
  first->fade_in.length.seconds = in;
  last->fade_out.length.seconds = out;
  if (starts && in < fin)
    loss(r, s, c, "a fade-in of %.6g s over its first region of %.6g s: drawn over that alone", fin,
         first->length.seconds);
  else if (!starts && fin > 0 && a < start + fin)
    loss(r, s, c, "a fade-in of %.6g s, of which it plays from %.6g s on: left out", fin,
         a - start);
  if (ends && out < fout)
    loss(r, s, c, "a fade-out of %.6g s over its last region of %.6g s: drawn over that alone",
         fout, room);
  else if (!ends && fout > 0 && b > end - fout)
    loss(r, s, c, "a fade-out of %.6g s, of which it plays to %.6g s before its end: left out",
         fout, end - b);
}

/* A warped clip's warp on the timeline: file seconds src[i] at seconds
 * at[i] from the clip's start, at increasing; n == 0: none. (A clip's
 * Warps as read: file seconds src[i] at content time at[i].) */
typedef struct warped {
  double *src, *at;
  size_t n, cap;
} warped;

static void warped_free(warped *m)
{
  free(m->src);
  free(m->at);
  *m = (warped){0};
}

static void warped_add(warped *m, double src, double at)
{
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 8;
    m->src = sp_xreallocarray(m->src, m->cap, sizeof *m->src);
    m->at = sp_xreallocarray(m->at, m->cap, sizeof *m->at);
  }
  m->src[m->n] = src;
  m->at[m->n++] = at;
}

/* A warp's steps as warp_map makes them, into out: the first and the
 * last kept, each between where it lies off the line through its
 * neighbours (the two before it: [1] the last made). */
typedef struct stepper {
  warped *out;
  double src[2], at[2];
  size_t n; /* made */
} stepper;

static void step(stepper *s, double src, double at)
{
  if (s->n == 0) {
    warped_add(s->out, src, at);
  } else if (s->n >= 2) {
    const double a0 = s->at[0], s0 = s->src[0];
    const double on = s0 + (s->at[1] - a0) * (src - s0) / (at - a0);
    if (!(fabs(on - s->src[1]) <= 1e-9 * fmax(1, fabs(s->src[1]))))
      warped_add(s->out, s->src[1], s->at[1]);
  }
  s->src[0] = s->src[1], s->at[0] = s->at[1];
  s->src[1] = src, s->at[1] = at;
  s->n++;
}

/* Content time k steps of steps into the span from a to b. */
static double along(double a, double b, size_t k, size_t steps)
{
  return a + (b - a) * (double)k / (double)steps;
}

/* The last of the steps k .. steps - 1 into the span from content beat a
 * to b (lane beat at + content beat) at or before lane beat e (k where
 * the tempo ramps: e is k's beat). */
static size_t steps_to(double at, double a, double b, size_t k, size_t steps, double e)
{
  if (k + 1 == steps || !(at + along(a, b, k + 1, steps) <= e))
    return k;
  size_t lo = k + 1, hi = steps - 1;
  while (lo < hi) {
    const size_t mid = hi - (hi - lo) / 2;
    if (at + along(a, b, mid, steps) <= e)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/* The warp points in (clip content time, in beats when beats → file
 * seconds) as seconds from the clip's start at second start: each span
 * cut into steps of at most a beat where the tempo moves under it (the DAW
 * keeps a span linear in beats), points that lie on the line through
 * their neighbours dropped; cm maps the content's time to the timeline
 * (clip_times.content: through the tempo map from the beat the clip
 * starts on, whatever the lane's unit). False when the points do not
 * increase or their units are not ones read here (in beats over content
 * in seconds). Its steps stop where the points
 * kept pass those the session's warps have left (warp_place refuses it
 * there, as it would the whole), and of the steps where the tempo holds
 * (dp_tempo_holds_to), a line, only those the tests of its ends and of
 * the steps beside them read are made, its first two and its last two:
 * a warp of a thousand points a million beats apart made its 10^8 steps
 * first (gigabytes; under AddressSanitizer, for ever), and with a tempo
 * point in each span, each of its steps read through the tempo map
 * (300 such spans: 16 s). */
static bool warp_map(reader *r, const window *cm, double start, double play_start, bool beats,
                     const warped *in, warped *out)
{
  const double *wt = in->at, *wc = in->src;
  const size_t nw = in->n;
  out->n = 0;
  if (nw < 2 || (beats && !cm->beats))
    return false;
  for (size_t i = 1; i < nw; i++)
    if (!(wt[i] > wt[i - 1]) || !(wc[i] > wc[i - 1]))
      return false;
  /* content time x to seconds from the clip's start */
  const double ps_sec = cm->beats ? start - dp_sec_of(r, cm, cm->offset) : play_start;
  const size_t left = SP_SESSION_MAX_WARP_POINTS - r->warp_points + 1; /* (one past) */
  stepper st = {.out = out};
  /* the beats from ramp_from up to ramp_to the tempo ramps through: each
   * its own dp_tempo_holds_to, not read again for each step */
  double ramp_from = 0, ramp_to = -INFINITY;
  for (size_t i = 0; i < nw && out->n <= left; i++) {
    const size_t steps = beats && i + 1 < nw ? (size_t)fmin(ceil(wt[i + 1] - wt[i]), 100000) : 1;
    size_t from = 0, to = 0; /* steps from .. to lie on a line: from + 2 .. to - 2 dropped */
    for (size_t k = 0; k < steps && out->n <= left; k++) {
      if (k == from + 2 && to > k + 1)
        k = to - 1;
      const double x = wt[i] + (i + 1 < nw ? (wt[i + 1] - wt[i]) * (double)k / (double)steps : 0);
      const double y = wc[i] + (i + 1 < nw ? (wc[i + 1] - wc[i]) * (double)k / (double)steps : 0);
      const double sec = beats ? dp_sec_of(r, cm, cm->offset + x) - start : x - ps_sec;
      step(&st, y, sec);
      if (k >= to && steps > 3) {
        from = k;
        const double b = cm->offset + x;
        double holds = b;
        if (!(b >= ramp_from && b < ramp_to)) {
          holds = dp_tempo_holds_to(&r->tm, b, &ramp_to);
          ramp_from = b;
        }
        to = steps_to(cm->offset, wt[i], wt[i + 1], k, steps, holds);
      }
    }
  }
  if (st.n >= 2)
    warped_add(out, st.src[1], st.at[1]);
  return out->n >= 2;
}

/* m's file seconds at clip second x (linear through the points, extended
 * by the end spans; one point: at the file's speed), and its inverse. */
static double warped_src(const warped *m, double x)
{
  if (m->n == 1)
    return m->src[0] + (x - m->at[0]);
  size_t i = 0;
  while (i + 2 < m->n && x > m->at[i + 1])
    i++;
  const double d = m->at[i + 1] - m->at[i];
  return d > 0 ? m->src[i] + (x - m->at[i]) * (m->src[i + 1] - m->src[i]) / d : m->src[i];
}

static double warped_at(const warped *m, double y)
{
  size_t i = 0;
  while (i + 2 < m->n && y > m->src[i + 1])
    i++;
  return m->at[i] + (y - m->src[i]) * (m->at[i + 1] - m->at[i]) / (m->src[i + 1] - m->src[i]);
}

/* Where a clip from second start to end plays warp m, cut to window w
 * and to the file's file_dur seconds (0: not known): from *lo to *hi
 * seconds of the clip. */
static void warp_plays(const warped *m, double start, double end, const window *w, double file_dur,
                       double *lo, double *hi)
{
  *lo = fmax(fmax(0, w->start - start), warped_at(m, 0));
  *hi = fmin(end, w->end) - start;
  if (file_dur > 0)
    *hi = fmin(*hi, warped_at(m, file_dur));
}

/* Whether each span of warp m that a clip plays (warp_plays, within the
 * day) is one a recipe's warp stretches (sp_build_warp_span); else a loss
 * at the clip c naming the span, false: its points far apart (a point at
 * 1e300 beats) are no points of a warp cut to the clip, whose source
 * times collapse into one. */
static bool warp_stretches(reader *r, sp_mix_strip *s, const xmlNode *c, const warped *m,
                           double start, double end, const window *w, double file_dur)
{
  double lo = 0, hi = 0;
  warp_plays(m, start, end, w, file_dur, &lo, &hi);
  hi = fmin(hi, SP_MAX_SECONDS - start);
  char why[256];
  for (size_t k = 0; hi > lo && k + 1 < m->n; k++) {
    const bool played = (k == 0 || m->at[k] < hi) && (k + 2 == m->n || m->at[k + 1] > lo);
    if (played && !sp_build_warp_span(m->src[k + 1] - m->src[k], m->at[k + 1] - m->at[k], 1, why,
                                      sizeof why)) {
      loss(r, s, c, "a warp whose span from %.6g s to %.6g s of the clip %s: rendered unwarped",
           m->at[k], m->at[k + 1], why);
      return false;
    }
  }
  return true;
}

/* A warped clip as one region (`warp:`): from where the clip, its window
 * and the file all play, to where the first of them ends; a stretched one
 * whose Audio names its algorithm (algo, else NULL) a loss. */
static void warp_place(reader *r, sp_mix_strip *s, const xmlNode *c, const char *file,
                       const warped *m, double start, double end, double fin, double fout,
                       const window *w, double file_dur, const char *algo)
{
  if (!regions_left(r, c, 1))
    return;
  r->regions++;
  if (r->warp_points + m->n > SP_SESSION_MAX_WARP_POINTS) {
    if (!r->said_regions)
      error(r, c, SP_ERR_USAGE,
            "Clip: with the clips before it the session's warps hold more than %d points (a "
            "warp in beats has one a beat), the most one import makes; split the session",
            SP_SESSION_MAX_WARP_POINTS);
    r->said_regions = true;
    return;
  }
  r->warp_points += m->n;
  double lo = 0, hi = 0;
  warp_plays(m, start, end, w, file_dur, &lo, &hi);
  if (start + hi > SP_MAX_SECONDS) {
    day_cut(r, s, c, start + hi);
    hi = SP_MAX_SECONDS - start;
  }
  if (!(hi > lo))
    return;
  warped cut = {0};
  warped_add(&cut, warped_src(m, lo), 0);
  for (size_t i = 0; i < m->n; i++)
    if (m->at[i] > lo + 1e-9 && m->at[i] < hi - 1e-9)
      warped_add(&cut, m->src[i], m->at[i] - lo);
  warped_add(&cut, warped_src(m, hi), hi - lo);
  if (file_dur > 0 && cut.src[cut.n - 1] > file_dur)
    cut.src[cut.n - 1] = file_dur;
  const double len = hi - lo;
  sp_mix_region_add(s, file, start + lo, cut.src[0], len, 0, 0);
  clip_fades(r, s, c, s->n_regions - 1, start, end, fin, fout);
  /* A warp at the file's own speed (what a DAW writes for a clip that
   * follows the tempo and was never stretched) is a plain region: the
   * stretcher would not give the file back bit for bit. */
  if (cut.n > 2 || fabs(cut.src[1] - cut.src[0] - cut.at[1]) > 1e-6) {
    sp_mix_region_warp(&s->regions[s->n_regions - 1], cut.src, cut.at, cut.n);
    /* its Audio's algorithm (vendor-specific: one keeps the pitch, another
     * changes it with the speed) plays what it stretches */
    if (algo)
      loss(r, s, c,
           "a clip stretched by the DAW's algorithm '%.40s', which the format leaves to each "
           "DAW: stretched by stemprint's own (Rubber Band), keeping its pitch",
           algo);
  }
  warped_free(&cut);
}

/* Whether audio of channels (at least 2 counted) fits strip s: audio
 * wider than its track's channel (a 5.1 clip on a stereo track) plays
 * folded into the channel, as the channel's devices and fader hear it:
 * the recipe's track is of its files' layout, so its first insert folds
 * it (ITU-R BS.775; the format names no downmix). A recipe's track has
 * one layout (mono and stereo aside): a clip of another width than those
 * before it on the track is left out (false, a loss). */
static bool clip_width(reader *r, sp_mix_strip *s, const xmlNode *audio, double channels)
{
  const int width = channels > 2 ? (int)channels : 2;
  /* a track's channel of one audio channel plays a wider clip folded into
   * it, by its DAW's own downmix, which the format does not name: read
   * as it is, a loss (said at the track's first) */
  for (size_t i = 0; channels >= 2 && i < r->n_mono; i++)
    if (strcmp(r->mono[i], s->id) == 0) {
      loss(r, s, audio,
           "%g-channel audio on a track of one audio channel, which its DAW folds into the "
           "one by a downmix the format does not name: played as it is",
           channels);
      free(r->mono[i]);
      r->mono[i] = r->mono[--r->n_mono];
      break;
    }
  const sp_layout *wide =
      width > 2 && (!s->strip.layout || s->strip.layout->n != width) && width <= SP_MAX_CHANNELS
          ? sp_layout_by_count(width)
          : NULL;
  if (width > 2 && (!s->strip.layout || s->strip.layout->n != width) && (!wide || wide->n != width)) {
    loss(r, s, audio, "%g-channel audio: no layout has as many (stemprint help layouts); left out",
         channels);
    sp_xml_read_all(audio);
    return false;
  }
  if (s->clip_channels && s->clip_channels != width) {
    const sp_layout *was = s->clip_channels > 2 ? sp_layout_by_count(s->clip_channels) : NULL;
    loss(r, s, audio,
         "%s audio beside %s audio on one track, which a recipe's track cannot hold (its files "
         "share a layout, mono and stereo aside): left out",
         width > 2 ? sp_layout_by_count(width)->name : "mono or stereo",
         was ? was->name : "mono or stereo");
    sp_xml_read_all(audio);
    return false;
  }
  if (wide && !s->clip_channels) {
    sp_ins *fold = sp_ins_new("fold", r->m->top->sample_rate);
    sp_ins_word(fold, "to", s->strip.layout ? s->strip.layout->name : "stereo");
    sp_ins_put(s, fold, true);
    sp_mix_note(s,
                "%s audio on a track of %s: folded into it by ITU-R BS.775 as its first "
                "insert (the format names no downmix; its DAW's own may differ)",
                wide->name, s->strip.layout ? s->strip.layout->name : "stereo");
  }
  /* mono or stereo on a track of more channels: the track is of its
   * files' layout, as a recipe's is, and they play as they are (the
   * DAW's stereo into the channel's front pair, folded back out of it,
   * is the same); before, the channel's layout stayed the track's and
   * the import refused its own recipe ('kick' is mono: nothing to fold) */
  if (!s->clip_channels && width == 2 && s->strip.layout && s->strip.layout->n > 2) {
    if (channels < 2)
      loss(r, s, audio,
           "mono audio on a track of %s, which its DAW places into the channel by an upmix the "
           "format does not name: played as a mono track, panned",
           s->strip.layout->name);
    else
      sp_mix_note(s, "stereo audio on a track of %s: played as it is, into its front pair",
                  s->strip.layout->name);
    sp_mix_strip_layout(s, NULL);
  }
  if (!s->clip_channels)
    s->clip_channels = width;
  return true;
}

/* A clip's Warps: their time unit into *warp_beats, the points into
 * *out; false (a loss) for content time in beats. */
static bool read_warps(reader *r, sp_mix_strip *s, const xmlNode *warps, bool content_beats,
                       bool *warp_beats, warped *out)
{
  *warp_beats = dp_unit_beats(sp_xml_attr(warps, "timeUnit"), content_beats);
  if (!dp_unit_beats(sp_xml_attr(warps, "contentTimeUnit"), false) == false) {
    loss(r, s, warps, "warps whose content time is in beats: left out");
    return false;
  }
  for (const xmlNode *p = sp_xml_child(warps, "Warp"); p; p = sp_xml_next(p, "Warp")) {
    double a = 0, b = 0;
    if (number(r, p, "time", &a) && number(r, p, "contentTime", &b))
      warped_add(out, b, a);
  }
  return true;
}

/* Where a clip plays, in seconds: its time on the lane, its start and
 * end on the timeline, its play start in its content, where the file
 * starts playing and where its content ends, its fades. */
typedef struct clip_times {
  double lane_t, start, end, play_start, from, content_end, fin, fout;
  bool content_beats;
  window content; /* its content's times (its contentTimeUnit's) on the timeline */
  bool loops;    /* it loops (dp_clip_loop) */
  double ls, le; /* from loopStart to loopEnd, in the content's unit */
} clip_times;

/* Whether content frames [a, b) hold any of the file, which ends at its
 * frame e (its content's end). */
static bool sounds(int64_t a, int64_t b, int64_t e) { return (a > 0 ? a : 0) < (b < e ? b : e); }

/* A clip of file as regions: the content from the start point to
 * loopEnd, then loopStart .. loopEnd again until the clip ends. */
static void loop_place(reader *r, sp_mix_strip *s, const xmlNode *c, const window *w,
                       const window *inner_w, const clip_times *ct, const char *file)
{
  const double start = ct->start, end = ct->end;
  const double content_end = ct->content_end, fin = ct->fin, fout = ct->fout;
  const bool content_beats = ct->content_beats;
  double ls = ct->ls, le = ct->le;
  const bool loops = ct->loops;
  if (loops && content_beats) {
    const window *cm = &ct->content;
    double base = dp_sec_of(r, cm, cm->offset);
    ls = dp_sec_of(r, cm, cm->offset + ls) - base;
    le = dp_sec_of(r, cm, cm->offset + le) - base;
  }
  /* In frames of the session: a pass's start, length and file position
   * are whole frames, so that passes add up to the clip exactly (0.7 s +
   * 3 x 0.1 s in seconds leaves a region of 1e-16 s, which no frame
   * holds). The timeline from a day before its start to a day after it
   * holds what is played (its content is at most a day long): so do the
   * frames, however far out the clip's times are. */
  const double srate = r->rate, day = SP_MAX_SECONDS;
  if (!(start >= -day)) { /* unlooped, its content is over before the timeline starts */
    if (loops)
      loss(r, s, c, "a looped clip from %.6g s, more than %s before the timeline's start: left out",
           start, SP_MAX_TEXT);
    return;
  }
  const double until = fmin(end, w->end); /* where it ends, cut to a day below */
  const int64_t f_end = llround(fmin(until, day) * srate);
  /* A pass plays its content to loopEnd (unlooped, to the content's end),
   * silence where the file holds none: before its start, past its end or
   * playStop (the loop's length is loopEnd - loopStart, as the DAW
   * repeats it, whatever of it the file fills). */
  const int64_t f_cend = llround(fmin(content_end, day) * srate);
  const int64_t f_ls = llround(fmin(fmax(ls, -3 * day), 3 * day) * srate);
  const int64_t f_stop = loops ? llround(fmin(fmax(le, -3 * day), 3 * day) * srate) : f_cend;
  int64_t f_t = llround(start * srate), f_pos = llround(ct->from * srate);
  /* The regions its loop passes make, counted before any is: a session
   * past the limit fails at the clip that passes it. */
  const int64_t loop = f_stop > f_ls ? f_stop - f_ls : 0;
  if (loops && f_end > f_t) {
    const int64_t first = f_stop > f_pos ? f_stop - f_pos : 0;
    const int64_t rest = f_end - f_t > first ? f_end - f_t - first : 0;
    if (first == 0) { /* (was nothing said) */
      loss(r, s, c,
           "a loop that ends at %.6g s of its content, where the clip starts playing (%.6g s) or "
           "before: nothing of it played",
           le, ct->from);
      return;
    }
    if (rest > 0 && loop == 0)
      loss(r, s, c, "a loop shorter than a frame (%.3g s): played once", le - ls);
    const double passes = 1 + (rest > 0 && loop > 0 ? ceil((double)rest / (double)loop) : 0);
    if (!regions_left(r, c, passes))
      return;
  }
  size_t n0 = s->n_regions;
  bool cut = false; /* by the day's end, amid what it plays */
  while (f_t < f_end) {
    const int64_t len = f_stop - f_pos < f_end - f_t ? f_stop - f_pos : f_end - f_t;
    if (len <= 0)
      break;
    const int64_t a = f_pos > 0 ? f_pos : 0, b = f_pos + len < f_cend ? f_pos + len : f_cend;
    if (b > a) /* the file's part of the pass */
      place(r, s, file, (double)(f_t + a - f_pos) / srate, (double)a / srate,
            (double)(b - a) / srate, inner_w);
    f_t += len;
    cut = until > day && f_t == f_end &&
          (sounds(f_pos + len, f_stop, f_cend) ||
           (loops && loop > 0 && sounds(f_ls, f_stop, f_cend)));
    if (!loops)
      break;
    f_pos = f_ls;
  }
  if (cut) /* to its end, or to its content's when it does not loop */
    day_cut(r, s, c, loops ? until : fmin(until, start + (fmin(content_end, day) - ct->from)));
  clip_fades(r, s, c, n0, start, end, fin, fout);
}

/* What an Audio says of its file (its channels, its duration in seconds:
 * *channels, *seconds as read) checked against the file at path (the
 * recipe's), when the import has the opener (sp_import_opts.media): where
 * they differ, the file is what plays, its own values in their place, and
 * what the session said a loss (the schema: both "of the audio file", the
 * duration "as stored", not a playback parameter). */
static void as_the_file_is(reader *r, sp_mix_strip *s, const xmlNode *audio, const char *path,
                           double *channels, double *seconds)
{
  if (!r->o->media)
    return;
  const size_t k = sp_strmap_put(&r->probed_at, path, r->n_probed);
  if (k == r->n_probed) { /* read once: a session may cut a file into a thousand clips */
    char *at = path[0] == '/' ? sp_xstrdup(path) : sp_xasprintf("%s/%s", r->recipe_dir, path);
    char why[2048];
    probed p = {.path = sp_xstrdup(path)};
    /* an external file outside the render's confinement is not read (its
     * build refuses it); one extracted is stemprint's own */
    const xmlNode *f = sp_xml_peek_child(audio, "File");
    const bool external = sp_xml_bool(f, "external", false);
    /* one extracted is where the import staged it, until it lands */
    const char *staged = r->o->stage && !external ? sp_outdir_staged(r->o->stage, at) : NULL;
    const bool opened =
        (!external || sp_confine_allows(r->o->media, r->o->confine, r->recipe_dir, at, false,
                                        "an Audio's file", why, sizeof why)) &&
        sp_media_probe(r->o->media, staged ? staged : at, &p.in, why, sizeof why) == SP_OK;
    p.read = opened && p.in.sample_rate > 0 && p.in.channels > 0;
    /* one embedded is said where a clip plays it (said_unread), as the
     * container's entry (extract's words), not by the file it was
     * extracted to in the user's cache; an external one by the recipe's
     * check, by its path */
    if (!opened && !external)
      p.why = sp_xstrdup(why);
    free(at);
    r->probed = sp_xreallocarray(r->probed, r->n_probed + 1, sizeof *r->probed);
    r->probed[r->n_probed++] = p;
  }
  if (!r->probed[k].read)
    return; /* said where it plays, or by the recipe's check */
  const sp_audio_info in = r->probed[k].in;
  double rate = 0;
  const double dur = (double)in.frames / in.sample_rate;
  const bool ch = *channels != in.channels, len = !(fabs(*seconds - dur) <= 1.0 / in.sample_rate);
  const bool sr = number(r, audio, "sampleRate", &rate) && rate != in.sample_rate;
  if (ch || len || sr)
    loss(r, s, audio,
         "it says its file has %g channel%s and lasts %.6g s at %g Hz, where %s has %d and lasts "
         "%.6g s at %d Hz: played as the file is",
         *channels, *channels == 1 ? "" : "s", *seconds, rate,
         sp_xml_peek(sp_xml_peek_child(audio, "File"), "path"), in.channels, dur, in.sample_rate);
  *channels = in.channels;
  *seconds = dur;
}

/* An embedded file at path the opener could not read (as_the_file_is)
 * said, at audio's File, once: where a clip plays it, not where one is
 * left out. */
static void said_unread(reader *r, const xmlNode *audio, const char *path)
{
  size_t k;
  if (!sp_strmap_get(&r->probed_at, path, &k) || !r->probed[k].why)
    return;
  const xmlNode *f = sp_xml_peek_child(audio, "File");
  error(r, f, SP_ERR_IO, "File path='%s': %s", sp_xml_peek(f, "path"), r->probed[k].why);
  free(r->probed[k].why);
  r->probed[k].why = NULL;
}

bool dp_clip_loop(reader *r, sp_mix_strip *s, const xmlNode *c, bool warps, double reached,
                  double *ls, double *le)
{
  const char *from = sp_xml_peek(c, "loopStart"), *to = sp_xml_peek(c, "loopEnd");
  if (!from && !to)
    return false;
  if (!from || !to) {
    number(r, c, from ? "loopStart" : "loopEnd", from ? ls : le); /* read: said here */
    loss(r, s, c,
         "%s=\"%.40s\" with no %s: a loop is from loopStart to loopEnd, and the format names "
         "no default for the other; played unlooped",
         from ? "loopStart" : "loopEnd", from ? from : to, from ? "loopEnd" : "loopStart");
    return false;
  }
  const bool a = number(r, c, "loopStart", ls), b = number(r, c, "loopEnd", le);
  if (!a || !b)
    return false; /* not numbers: said */
  if (!(*le > *ls))
    loss(r, s, c, "a loop from %g to %g, which ends where it starts or before: played unlooped",
         *ls, *le);
  else if (warps && !(reached <= *le))
    loss(r, s, c, "a loop of a warped clip (its Warps): stemprint reads none; played unlooped");
  return *le > *ls && !warps;
}

bool dp_clip_duration_negative(reader *r, const xmlNode *c, double dur)
{
  if (!(dur < 0))
    return false;
  error(r, c, SP_ERR_USAGE, "Clip: duration %s: a time cannot be negative; fix the clip's duration",
        sp_xml_attr(c, "duration"));
  sp_xml_read_all(c);
  return true;
}

bool dp_clip_stops_before_start(reader *r, sp_mix_strip *s, const xmlNode *c, bool has_dur,
                                double play_start, double play_stop)
{
  if (!(play_stop < play_start))
    return false;
  const char *start = sp_xml_attr(c, "playStart") ? sp_xml_attr(c, "playStart") : "0";
  if (!has_dur)
    error(r, c, SP_ERR_USAGE,
          "Clip: playStop %s before its playStart %s, with no duration: the clip's length is "
          "playStop - playStart, which cannot be negative; fix the clip's playStop or give it a "
          "duration",
          sp_xml_attr(c, "playStop"), start);
  else
    loss(r, s, c, "playStop %s before its playStart %s: it plays none of its content; left out",
         sp_xml_attr(c, "playStop"), start);
  sp_xml_read_all(c);
  return true;
}

const char *dp_clip_reference(reader *r, sp_mix_strip *s, const xmlNode *c)
{
  const char *ref = sp_xml_attr(c, "reference");
  if (!ref || !sp_xml_peek_child(c, NULL))
    return ref;
  loss(r, s, c,
       "both content of its own and reference='%.40s', where the format takes one or the other: "
       "played its own content",
       ref);
  return NULL;
}

/* A number attribute of c that is there and parses, into *v. */
static bool peek_number(const xmlNode *c, const char *name, double *v)
{
  const char *t = sp_xml_peek(c, name);
  return t && !sp_xml_double_why(t, v);
}

/* A clip of clips's loop and fades where they change nothing, read (as
 * Bitwig Studio writes one around a warped audio clip: its loop over its
 * whole length, its fades 0): a loop its play never wraps (from playStart
 * for its duration, both in its content's unit, to loopEnd or before), a
 * fade of 0. Any other is not read: a loss each (sp_session_unread). */
static void idle_loop_and_fades(reader *r, const xmlNode *c, double play_start, double dur)
{
  double a = 0, b = 0, v = 0;
  if (peek_number(c, "loopStart", &a) && peek_number(c, "loopEnd", &b) && b > a &&
      play_start + dur <= b) {
    number(r, c, "loopStart", &a);
    number(r, c, "loopEnd", &b);
  }
  static const char *const fades[] = {"fadeInTime", "fadeOutTime"};
  for (size_t i = 0; i < 2; i++)
    if (peek_number(c, fades[i], &v) && v == 0)
      number(r, c, fades[i], &v);
}

/* The regions of s from its n0th on, which play audio's file, named as
 * the session names the file where the reader extracted it (dp_file_name),
 * for every message, report and listing to name it so (sp_region.name),
 * not by its copy in the user's cache or beside the recipe; an external
 * file keeps its path. */
static void name_regions(const reader *r, sp_mix_strip *s, size_t n0, const xmlNode *audio)
{
  char *name = dp_file_name(r, sp_xml_peek_child(audio, "File"));
  for (size_t k = n0; name && k < s->n_regions; k++) {
    free(s->regions[k].region.name);
    s->regions[k].region.name = sp_xstrdup(name);
  }
  free(name);
}

static void clip(reader *r, sp_mix_strip *s, const xmlNode *c, const window *w)
{
  if (!sp_xml_bool(c, "enable", true)) {
    sp_xml_read_all(c); /* off: plays nothing, nothing of it lost */
    return;
  }
  double time = 0, dur = 0;
  if (!number(r, c, "time", &time))
    return;
  double lane_t = w->offset + time;
  double start = dp_sec_of(r, w, lane_t);
  bool has_dur = number(r, c, "duration", &dur);
  const xmlNode *audio = sp_xml_child(c, "Audio");
  const xmlNode *warps = sp_xml_child(c, "Warps");
  const xmlNode *inner = sp_xml_child(c, "Clips");
  const char *ref = dp_clip_reference(r, s, c);
  if (ref) { /* an alias: it plays the content it refers to */
    const xmlNode *to = dp_find_id(r, ref);
    audio = sp_xml_is(to, "Audio") ? to : NULL;
    warps = sp_xml_is(to, "Warps") ? to : NULL;
    inner = sp_xml_is(to, "Clips") ? to : NULL;
    if (to && !audio && !warps && !inner) {
      loss(r, s, c, "an alias of a <%s>, which no audio clip plays: left out",
           (const char *)to->name);
      return;
    }
  }
  if (warps && !audio)
    audio = sp_xml_child(warps, "Audio");
  /* its content in lanes of its own (clips, and automation of the clip) */
  const xmlNode *lanes = !audio && !inner ? sp_xml_child(c, "Lanes") : NULL;
  if (!audio && !inner && !lanes) {
    if (sp_xml_child(c, "Notes") && !r->said_notes) {
      loss(r, s, c, "note clips on a track of audio (its contentType): left out");
      r->said_notes = true;
    }
    return;
  }
  if (!(start < SP_MAX_SECONDS)) { /* (notes past a day are a loss too: dawproject_notes.c) */
    loss(r, s, c, "a clip at %.6g s, past %s: left out (a recipe lasts at most as long)", start,
         SP_MAX_TEXT);
    sp_xml_read_all(c);
    return;
  }
  double end = has_dur ? dp_sec_of(r, w, lane_t + dur) : w->end;
  double play_start = 0;
  number(r, c, "playStart", &play_start);
  bool content_beats = dp_unit_beats(sp_xml_attr(c, "contentTimeUnit"), w->beats);
  /* The content's own unit: its times map to the timeline through the
   * clip's start, whatever the lane's unit (as a note clip's). */
  window cm = {0, INFINITY, content_beats, 0};
  cm.offset = content_beats == w->beats ? lane_t - play_start
              : content_beats           ? dp_beats_of(&r->tm, start) - play_start
                                        : start - play_start;
  /* no duration: the format's Clip infers it from playStop - playStart
   * (in its content's unit), as a note clip's is */
  double inferred = 0;
  const bool stop_read = !has_dur && sp_xml_peek(c, "playStop");
  const bool inferred_ok = stop_read && number(r, c, "playStop", &inferred);
  if (inferred_ok && dp_clip_stops_before_start(r, s, c, false, play_start, inferred))
    return;
  if (inferred_ok)
    end = dp_sec_of(r, &cm, cm.offset + inferred);
  window inner_w = {fmax(start, w->start), fmin(end, w->end), w->beats, 0};
  if ((inner || lanes) && has_dur && dp_clip_duration_negative(r, c, dur))
    return; /* (no region of its own to carry it) */
  /* its clips' playStop (with a duration: without, read above): before
   * their start none of them plays, as an audio clip's; else they stop
   * there, in their content's time */
  double inner_stop = 0;
  const bool inner_stops = (inner || lanes) && has_dur && sp_xml_peek(c, "playStop") &&
                           number(r, c, "playStop", &inner_stop);
  if (inner_stops && dp_clip_stops_before_start(r, s, c, true, play_start, inner_stop))
    return;
  if (inner || lanes) {
    /* Clips inside a clip: their times are the content's, which starts at
     * the clip's time minus its play start. */
    if (content_beats != w->beats) {
      loss(r, s, c, "a clip whose clips count time in %s inside a %s lane: left out",
           content_beats ? "beats" : "seconds", w->beats ? "beats" : "seconds");
      return;
    }
    inner_w.offset = lane_t - play_start;
    if (inner_stops)
      inner_w.end = fmin(inner_w.end, dp_sec_of(r, w, inner_w.offset + inner_stop));
    idle_loop_and_fades(r, c, play_start, has_dur ? dur : NAN);
    if (r->clip_depth >= SP_DAWPROJECT_MAX_DEPTH) {
      loss(r, s, c, "clips inside clips (or aliases of them) more than %d deep: left out",
           SP_DAWPROJECT_MAX_DEPTH);
      return;
    }
    r->clip_depth++;
    if (inner)
      dp_clips(r, s, inner, &inner_w);
    for (const xmlNode *x = sp_xml_child(lanes, NULL); x; x = sp_xml_next(x, NULL))
      if (sp_xml_is(x, "Clips") && dp_unit_beats(sp_xml_attr(x, "timeUnit"), w->beats) == w->beats)
        dp_clips(r, s, x, &inner_w);
      else if (!sp_xml_is(x, "Markers") && !sp_xml_is(x, "markers")) {
        loss(r, s, x, "%s inside a clip's Lanes: left out",
             sp_xml_is(x, "Points")  ? "automation of the clip"
             : sp_xml_is(x, "Clips") ? "clips counting time in another unit than the clip's"
                                     : (const char *)x->name);
        sp_xml_read_all(x); /* (said whole) */
      }
    r->clip_depth--;
    return;
  }
  double channels = 0, file_dur = 0;
  number(r, audio, "channels", &channels);
  number(r, audio, "duration", &file_dur);
  char *file = dp_file_path(r, audio, sp_xml_child(audio, "File"), E_AUDIO);
  if (!file)
    return;
  const size_t n0 = s->n_regions;
  as_the_file_is(r, s, audio, file, &channels, &file_dur);
  if (!clip_width(r, s, audio, channels)) {
    free(file);
    return;
  }
  /* Content time to file seconds. */
  warped raw = {0};
  bool warp_beats = content_beats;
  if (warps && !read_warps(r, s, warps, content_beats, &warp_beats, &raw)) {
    warped_free(&raw);
    free(file);
    return;
  }
  /* Where the file starts playing; a warped clip's warp. */
  double from = 0;
  warped wp = {0};
  if (raw.n > 0) {
    const bool mapped = warp_map(r, &cm, start, play_start, warp_beats, &raw, &wp);
    if (!mapped && warp_beats && !content_beats)
      loss(r, s, c,
           "a warped clip whose Warps count time in beats over its content in seconds: "
           "rendered unwarped");
    else if (!mapped && raw.n > 1) /* (one point: the file at its speed through it, as said) */
      loss(r, s, c, "a warped clip whose warp points do not increase: rendered unwarped");
    if (mapped && warp_stretches(r, s, c, &wp, start, end, &inner_w, file_dur)) {
      from = wp.src[0];
    } else {
      warped_free(&wp);
      from = warped_src(&raw, play_start);
    }
  } else if (content_beats) {
    from = dp_sec_of(r, &cm, cm.offset + play_start) - dp_sec_of(r, &cm, cm.offset);
  } else {
    from = play_start;
  }
  warped_free(&raw);
  if (from < 0 || (file_dur > 0 && from >= file_dur)) {
    error(r, c, SP_ERR_USAGE,
          "Clip: plays from %.6g s into its audio, outside the file's %.6g s; fix the clip's "
          "playStart",
          from, file_dur);
    warped_free(&wp);
    free(file);
    return;
  }
  if (has_dur && dur < 0) { /* as read: a region of less than no length, the check's to refuse */
    if (regions_left(r, c, 1)) {
      r->regions++;
      sp_mix_region_add(s, file, start, from, end - start, 0, 0);
    }
    name_regions(r, s, n0, audio);
    sp_xml_read_all(c);
    warped_free(&wp);
    free(file);
    return;
  }
  /* the content time the clip's end reaches: where a warped clip's loop
   * or playStop it does not reach changes nothing */
  const double reached = content_beats == w->beats && has_dur ? play_start + dur
                         : !content_beats                     ? play_start + (end - start)
                         : has_dur ? dp_beats_of(&r->tm, end) - cm.offset /* (its end's beat) */
                                   : NAN;
  double play_stop = inferred;
  double content_end = file_dur > 0 ? file_dur : INFINITY;
  /* (read once: one not a number said once) */
  const bool has_stop = stop_read ? inferred_ok : number(r, c, "playStop", &play_stop);
  if (has_stop && !warps && dp_clip_stops_before_start(r, s, c, true, play_start, play_stop)) {
    warped_free(&wp);
    free(file);
    return;
  }
  if (has_stop && warps && !(reached <= play_stop))
    loss(r, s, c,
         "playStop of a warped clip (its Warps): stemprint reads none; played to the clip's "
         "end");
  else if (has_stop && !warps) { /* a warped clip's, never met: nothing */
    double stop = content_beats
                      ? dp_sec_of(r, &cm, cm.offset + play_stop) - dp_sec_of(r, &cm, cm.offset)
                      : play_stop;
    content_end = fmin(content_end, stop);
  }
  /* Fades, in seconds. */
  double fin = 0, fout = 0;
  bool fade_beats = dp_unit_beats(sp_xml_attr(c, "fadeTimeUnit"), w->beats);
  double fi = 0, fo = 0;
  /* (in beats, from the beat the clip starts on, to the one it ends on,
   * whatever the lane's unit) */
  const tempo_map *tm = &r->tm;
  if (number(r, c, "fadeInTime", &fi))
    fin = fade_beats ? dp_to_seconds(tm, (w->beats ? lane_t : dp_beats_of(tm, start)) + fi) - start
                     : fi;
  if (number(r, c, "fadeOutTime", &fo))
    fout = fade_beats
               ? end - dp_to_seconds(
                           tm, (w->beats && has_dur ? lane_t + dur : dp_beats_of(tm, end)) - fo)
               : fo;
  fin = fi < 0 ? fin : fmax(fin, 0); /* (0 beats through the tempo: not -1e-17 s) */
  fout = fo < 0 ? fout : fmax(fout, 0);
  /* A fade-in below 0 is a crossfade, as the format's Clip says: the clip
   * starts at its time less the fade, and fades in over it. Its content
   * (audio at the file's own speed) plays from as far before its start:
   * none there, the DAW's silence, and the fade not whole a loss
   * (clip_fades). A warped clip's would stretch what its warp does not
   * map, and one longer than a day reaches from before what a recipe
   * holds: a loss each, played from its time. */
  if (fin < 0 && (wp.n > 0 || !(fin >= -SP_MAX_SECONDS))) {
    loss(r, s, c, "a crossfade (fadeInTime %s) %s; played from its time, with no fade-in",
         sp_xml_attr(c, "fadeInTime"),
         wp.n > 0 ? "of a warped clip (its Warps): stemprint reads none"
                  : "longer than " SP_MAX_TEXT ", the most a recipe lasts");
    fin = 0;
  } else if (fin < 0) {
    start += fin;
    from += fin;
    fin = -fin;
    inner_w.start = fmax(start, w->start);
  }
  double ls = 0, le = 0;
  bool loops = dp_clip_loop(r, s, c, warps != NULL, reached, &ls, &le);
  if (loops && !(fmin(end, w->end) < INFINITY)) {
    loss(r, s, c,
         "a loop with no duration or playStop, from which the format takes a clip's length: "
         "played once, unlooped");
    loops = false;
  }
  said_unread(r, audio, file);
  if (wp.n > 0) {
    warp_place(r, s, c, file, &wp, start, end, fin, fout, &inner_w, file_dur,
               sp_xml_attr(audio, "algorithm"));
    name_regions(r, s, n0, audio);
    warped_free(&wp);
    free(file);
    return;
  }
  const clip_times ct = {lane_t, start,         end, play_start, from, content_end, fin,
                         fout,   content_beats, cm,  loops,      ls,   le};
  loop_place(r, s, c, w, &inner_w, &ct, file);
  name_regions(r, s, n0, audio);
  free(file);
}
