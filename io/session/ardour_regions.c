/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An Ardour track's playlist as the recipe's regions
 * (io/session/ardour_reader.h): audio regions with their fades, gains and
 * layers; a MIDI track's regions written as MIDI files, as Ardour plays
 * them (io/session/ardour_midi.h). */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/dsp/tempo_map.h"
#include "core/graph/graph.h"
#include "core/recipe/fade.h"
#include "io/fs/fs.h"
#include "io/midi/smf.h"

#include <math.h>
#include <string.h>

/* ---- regions ------------------------------------------------------------------ */

/* Events t, v (n of them) as Ardour 7.3 loads a fade's list: each gain
 * clamped to 0 .. 2 (AutomationList::deserialize_events, its
 * FadeInAutomation's range), sorted by time, stably (ControlList::thaw,
 * std::list::sort), a point at the time of the one before it dropped. The
 * points kept, in place; *jump when a dropped one had another gain (two
 * gains at one time, where Ardour's spline divides by zero). */
static size_t ardour_fade_list(double *t, double *v, size_t n, bool *jump)
{
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && t[j] < t[j - 1]; j--) {
      double tt = t[j], vv = v[j];
      t[j] = t[j - 1], v[j] = v[j - 1];
      t[j - 1] = tt, v[j - 1] = vv;
    }
  size_t m = 0;
  *jump = false;
  for (size_t i = 0; i < n; i++) {
    double vv = fmin(2.0, fmax(0.0, v[i]));
    if (m > 0 && t[i] == t[m - 1]) {
      *jump = *jump || vv != v[m - 1];
      continue;
    }
    t[m] = t[i];
    v[m++] = vv;
  }
  return m;
}

/* Whether n ≥ 1 events are points the recipe draws as a fade (or its
 * inverse): from time 0, in time order, gains 0 .. 1. */
static bool fade_points(const double *t, const double *v, size_t n)
{
  bool ok = t[0] == 0;
  for (size_t i = 0; ok && i < n; i++)
    ok = (i == 0 || t[i] > t[i - 1]) && v[i] >= 0 && v[i] <= 1;
  return ok;
}

/* Whether Ardour plays its default fade-in (in) or fade-out on region g
 * (64 frames of its curve), as AudioRegion::_set_state decides it: by the
 * region's FadeIn (FadeOut) child, none (the default the region is made
 * with), one saying default="yes" or one with a steepness (an older
 * session's); else what its list holds (*list: its AutomationList, or
 * NULL: an empty list, no fade). The region's own default-fade-in is what
 * Ardour saves beside it, not what it plays (before, it decided). */
static bool fade_default(reader *r, const xmlNode *g, bool in, const xmlNode **list)
{
  sp_xml_attr(g, in ? "default-fade-in" : "default-fade-out"); /* read: the child decides */
  const xmlNode *f = sp_xml_child(g, in ? "FadeIn" : "FadeOut");
  if (!f || ardour_switch(r, f, "default", false) || sp_xml_attr(f, "steepness")) {
    sp_xml_read_all(f); /* the default: nothing more of it plays */
    *list = NULL;
    return true;
  }
  *list = sp_xml_child(f, "AutomationList");
  return false;
}

/* The style fade list al draws its n points in (Curve::_get_vector by its
 * interpolation-style: none is Linear, ControlList's default; what: "fade-in",
 * "inverse fade-out"), where the
 * recipe draws Ardour's spline (Curved, as Ardour's editor saves a fade):
 * a loss where the two differ (a line through points not on one, steps,
 * Exponential's or Logarithmic's curve between points that differ). */
static void fade_style(reader *r, sp_mix_strip *s, const xmlNode *g, const char *what,
                       const xmlNode *al, const double *t, const double *v, size_t n)
{
  const char *style = ardour_style(r, al);
  style = style ? style : "Linear";
  bool differs = false;
  const double span = n ? t[n - 1] - t[0] : 0; /* (its points as saved: in any order) */
  for (size_t i = 1; i < n && strcmp(style, "Curved") != 0; i++)
    if (strcmp(style, "Linear") != 0 || span == 0) /* between two points that differ */
      differs |= v[i] != v[0];
    else if (i + 1 < n) /* off the line from the first to the last */
      differs |= fabs(v[0] + (v[n - 1] - v[0]) * (t[i] - t[0]) / span - v[i]) > 1e-9;
  if (differs)
    loss(r, s, g,
         "its %s's list is %s (Ardour draws its points so): drawn as Ardour's curve through them "
         "(Curved, as Ardour's editor saves a fade)",
         what, style);
}

/* A region's fade-in (in) or fade-out, in seconds: none when inactive;
 * Ardour's default (64 frames of its curve, *ardour set: fade_default),
 * else the one its list draws by its points into *curve (its shape:
 * Ardour's spline through them, as the recipe draws a fade curve), none
 * of an empty list; a list of one point its gain from the region's start
 * to that point's time (Curve::_get_vector of one point). */
static double region_fade(reader *r, sp_mix_strip *s, const xmlNode *g, bool in, bool *ardour,
                          sp_auto *curve, bool *saved)
{
  *ardour = false;
  *saved = false;
  if (!ardour_switch(r, g, in ? "fade-in-active" : "fade-out-active", true) || r->no_fades) {
    /* none played: what it would be is read, as far as it goes */
    sp_xml_attr(g, in ? "default-fade-in" : "default-fade-out");
    sp_xml_read_all(sp_xml_child(g, in ? "FadeIn" : "FadeOut"));
    return 0;
  }
  const xmlNode *list;
  if (fade_default(r, g, in, &list)) {
    *ardour = true;
    return SP_FADE_DEFAULT_FRAMES / r->rate;
  }
  double *t = NULL, *v = NULL;
  size_t n = ardour_list_events(r, list, &t, &v);
  if (n == 1 && t[0] > 0) { /* its gain held from the start: two points */
    t = sp_xreallocarray(t, 2, sizeof *t);
    v = sp_xreallocarray(v, 2, sizeof *v);
    t[1] = t[0], v[1] = v[0], t[0] = 0, n = 2;
  }
  fade_style(r, s, g, in ? "fade-in" : "fade-out", list, t, v, n);
  double sec = n >= 2 ? t[n - 1] : 0; /* its last event's time */
  bool drawable = n >= 2 && fade_points(t, v, n);
  if (drawable) {
    for (size_t i = 0; i < n; i++)
      sp_mix_auto_point(curve, t[i], v[i]);
  } else if (n >= 2) {
    /* points that are not a fade (not from 0, out of order, gains above
     * 1): as Ardour loads and draws a saved list (ardour_fade_list,
     * fade.h), its length its last point's time; `points:` */
    bool jump;
    const size_t m = ardour_fade_list(t, v, n, &jump);
    if (jump || m < 2) {
      loss(r, s, g,
           "its fade-%s holds two points at one time with two gains, which Ardour's spline "
           "cannot join: drawn linear, over its length",
           in ? "in" : "out");
    } else {
      for (size_t i = 0; i < m; i++)
        sp_mix_auto_point(curve, t[i], v[i]);
      *saved = !fade_points(t, v, m);
      sec = t[m - 1];
    }
  }
  free(t);
  free(v);
  return sec;
}

static bool fade_within(reader *r, bool in, double len, double *sec, bool saved, sp_auto *curve,
                        bool *near);

/* The inverse Ardour saved for a region's fade-in (in) or fade-out
 * (InverseFadeIn, InverseFadeOut): what the region, when opaque, fades the
 * regions below it by under that fade. Ardour 7.3 plays the saved points,
 * whatever they are: AutomationList::deserialize_events clamps each gain
 * to 0 .. 2 (its FadeInAutomation's range) and ControlList::thaw sorts
 * them by time, dropping a point that repeats the one before it (time and
 * gain); AudioRegion::read_at then draws the list over the fade's frames
 * (Curve::get_vector), holding its first gain before its first point and
 * its last after its last, as the recipe's inverse is drawn (some sessions
 * hold one point for a default fade: a constant), and an empty list as
 * unity. Into *inv, sorted and clamped so; two points at one time with
 * two gains (where Ardour's spline divides by zero) are a loss, the fade's
 * own inverse drawn. Not saved: none (the fade's own inverse). */
static void region_inverse(reader *r, sp_mix_strip *s, const xmlNode *g, bool in, double sec,
                           sp_auto *inv)
{
  const xmlNode *al =
      sp_xml_child(sp_xml_child(g, in ? "InverseFadeIn" : "InverseFadeOut"), "AutomationList");
  if (!al || sec <= 0)
    return;
  double *t = NULL, *v = NULL;
  const size_t n = ardour_list_events(r, al, &t, &v);
  bool jump;
  const size_t m = ardour_fade_list(t, v, n, &jump);
  if (jump)
    loss(r, s, g,
         "its inverse fade-%s holds two points at one time with two gains, which Ardour's "
         "spline cannot join: the fade's own inverse is drawn",
         in ? "in" : "out");
  else if (m == 0)
    sp_mix_auto_point(inv, 0, 1);
  else
    fade_style(r, s, g, in ? "inverse fade-in" : "inverse fade-out", al, t, v, m);
  for (size_t i = 0; !jump && i < m; i++)
    sp_mix_auto_point(inv, t[i], v[i]);
  /* a fade-out longer than its region, drawn over its last part
   * (fade_within): its inverse over the same part, its curve there (a
   * fade-in's is drawn over its first part as it is) */
  double *ft = NULL, *fv = NULL;
  const size_t fn =
      in ? 0
         : ardour_list_events(r, sp_xml_child(sp_xml_child(g, "FadeOut"), "AutomationList"), &ft,
                              &fv);
  double span = m >= 2 ? t[m - 1] : 0;
  bool near = false;
  if (!jump && m >= 2 && fn >= 2 && llround(ft[fn - 1] * r->rate) > llround(sec * r->rate))
    fade_within(r, false, sec, &span, false, inv, &near);
  free(ft);
  free(fv);
  free(t);
  free(v);
}

/* Whether one more region may be made, g the next; the first past
 * SP_SESSION_MAX_REGIONS is an error at g (io/session/mix.h). */
static bool region_allowed(reader *r, const xmlNode *g)
{
  if (r->regions < SP_SESSION_MAX_REGIONS) {
    r->regions++;
    return true;
  }
  if (!r->said_regions)
    error(r, g, SP_ERR_USAGE,
          "Region '%s': the session has more than %d regions, the most one import makes; "
          "split the session",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "", SP_SESSION_MAX_REGIONS);
  r->said_regions = true;
  return false;
}

/* A region's envelope, t (seconds from its start) and v (gains), n of
 * them, as Ardour 7.3 holds it once loaded: AudioRegion::set_state ends
 * it at the region's end, len (ControlList::truncate_end): a list that
 * stops before it goes on to it at its last gain (its last point moved
 * there when the two last gains are equal, else a point added); one that
 * runs past it loses its points at or past it but the last (while more
 * than two are left) and the last is moved to it, at the gain the list
 * has there (along the fader law); one wholly past it, its first gain
 * alone. The points' count; t and v have room for n + 1. */
static size_t envelope_to_end(double *t, double *v, size_t n, double len)
{
  const double sc = SP_TEMPO_SUPERCLOCK; /* compared as Ardour's superclock times */
  if (n == 0 || llround(t[n - 1] * sc) == llround(len * sc))
    return n;
  if (t[n - 1] < len) {
    if (n >= 2 && v[n - 1] == v[n - 2]) {
      t[n - 1] = len;
      return n;
    }
    t[n] = len, v[n] = v[n - 1];
    return n + 1;
  }
  if (len <= t[0]) { /* all past the end (no editor saves it): its first gain throughout */
    t[0] = 0;
    return 1;
  }
  double at = v[0]; /* the list's gain at len (ControlList::unlocked_eval) */
  for (size_t i = 1; i < n; i++)
    if (t[i] >= len) {
      const double f = (len - t[i - 1]) / (t[i] - t[i - 1]);
      const double g0 = sp_fader_gain_to_position(v[i - 1] + 1e-7),
                   g1 = sp_fader_gain_to_position(v[i] + 1e-7);
      at = t[i] == t[i - 1] || fabs(v[i] - v[i - 1]) < 1e-7
               ? v[i]
               : sp_fader_position_to_gain(g0 + f * (g1 - g0));
      break;
    }
  while (n > 2 && t[n - 2] >= len) {
    t[n - 2] = t[n - 1], v[n - 2] = v[n - 1];
    n--;
  }
  t[n - 1] = len, v[n - 1] = fmin(2.0, fmax(0.0, at));
  return n;
}

/* Region g's position, start and length in frames. Ardour 7 writes a
 * region's length as "<duration>@<position>" and may leave out its
 * position attribute; a start of 0 may be left out too. */
static bool region_frames(reader *r, const xmlNode *g, int64_t *fpos, int64_t *fstart,
                          int64_t *flen)
{
  const char *length = sp_xml_attr(g, "length");
  const char *atpos = length ? strchr(length, '@') : NULL;
  if ((sp_xml_attr(g, "position") && !ardour_frame_of(r, g, sp_xml_attr(g, "position"), fpos)) ||
      (!sp_xml_attr(g, "position") && atpos && !ardour_frame_of(r, g, atpos + 1, fpos)) ||
      (sp_xml_attr(g, "start") && !ardour_frame_of(r, g, sp_xml_attr(g, "start"), fstart)))
    return false;
  if (!length) {
    error(r, g, SP_ERR_USAGE, "Region '%s': no length",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return false;
  }
  return ardour_length_of(r, g, length, flen);
}

/* Where a compound region (the Editor's Combine) plays the regions of its
 * playlist on the track (ardour_playlist): shift frames later, within its
 * window lo .. hi (frames on the track), its gain and polarity on them;
 * depth, how deep in compound regions; src, its source (the playlist's),
 * and up, the compound region it is in (NULL: on the track). */
typedef struct nest {
  int64_t shift, lo, hi;
  double gain_db;
  bool invert;
  int depth;
  const xmlNode *src;
  const struct nest *up;
} nest;

/* Region g (a region of a compound region's playlist, w) at fpos for flen
 * frames from fstart in its file, as the compound region plays it: moved
 * onto the track and cut to its window, *cut_in and *cut_out the frames
 * cut off its start and its end (its fades there: window_fade). False
 * when none of it plays. */
static bool nested_window(const xmlNode *g, const nest *w, int64_t *fpos, int64_t *fstart,
                          int64_t *flen, int64_t *cut_in, int64_t *cut_out)
{
  *cut_in = *cut_out = 0;
  if (!w)
    return true;
  *fpos += w->shift;
  if (*fpos < w->lo)
    *cut_in = w->lo - *fpos;
  if (*fpos + *flen > w->hi)
    *cut_out = *fpos + *flen - w->hi;
  if (*cut_in + *cut_out >= *flen) {
    sp_xml_read_all(g); /* wholly outside the compound region: not heard */
    return false;
  }
  *fpos += *cut_in, *fstart += *cut_in;
  *flen -= *cut_in + *cut_out;
  return true;
}

/* Source c's file as the import's opener reads it, once (no opener, or
 * a file outside the render's confinement: not known). */
static const ardour_source *probed(reader *r, const ardour_source *c)
{
  ardour_source *src = &r->sources[c - r->sources];
  if (!src->probed && r->o->media) {
    char why[2048];
    sp_audio_info in;
    src->known = sp_confine_allows(r->o->media, r->o->confine, r->recipe_dir, src->path, false,
                                   "an Ardour source's file", why, sizeof why) &&
                 sp_media_probe(r->o->media, src->path, &in, why, sizeof why) == SP_OK &&
                 in.sample_rate > 0;
    if (src->known)
      src->frames = in.frames, src->rate = in.sample_rate;
  }
  src->probed = true;
  return src;
}

/* Whether region g, *flen frames from fstart of source c's file, plays it
 * as Ardour 7.3 reads it: a file at another rate than the session's sample
 * for sample (no resampling: faster and higher, or slower and lower),
 * which the recipe resamples (a loss, said once a file; *flen then held to
 * the file's length in seconds, the recipe's bound: false when none of it
 * is left). */
static bool as_ardour_reads(reader *r, sp_mix_strip *s, const ardour_source *c, int64_t fstart,
                            int64_t *flen)
{
  ardour_source *src = &r->sources[probed(r, c) - r->sources];
  if (!src->known || src->rate == (int)r->rate)
    return true;
  if (!src->said_rate)
    loss(r, s, src->el,
         "its file '%s' is at %d Hz, the session at %g Hz: Ardour 7.3 plays its samples as they "
         "are, at the session's rate (%.4g times as fast, its pitch with it); the recipe "
         "resamples it, at its own speed",
         sp_xml_peek(src->el, "name") ? sp_xml_peek(src->el, "name") : "", src->rate, r->rate,
         r->rate / src->rate);
  src->said_rate = true;
  const int64_t most = (int64_t)floor((double)src->frames / src->rate * r->rate) - fstart;
  if (*flen > most && most > 0)
    *flen = most;
  return most > 0;
}

/* Where Ardour 7.3 stops playing region g (at frame fpos on the track,
 * *flen frames from fstart of its file s0, and s1's when another file) at
 * its file's end (docs/sessions.md, Regions past their file's end). A
 * length in audio time past the first file's whole length it ends at that
 * file's end (Region::_set_state). One that starts at or past its file's end it reads
 * from wherever the file's last read stopped (SndFileSource::read_unlocked
 * seeks nowhere: a different part each export, measured): left out, a
 * loss. One that ends past it it plays up to the disk read in which the
 * file ends (a short read fails that read of the region whole,
 * AudioRegion::read_from_sources): *keep, the frames it plays (0: none),
 * its fade-out not heard when cut, a loss, the reads being Ardour's
 * buffering's (the regions below it: hide_body). *flen: its length. False
 * (g read): it starts past its file's end, left out. */
static bool within_file(reader *r, sp_mix_strip *s, const xmlNode *g, const ardour_source *s0,
                        const ardour_source *s1, int64_t fpos, int64_t fstart, int64_t *flen,
                        int64_t *keep)
{
  const ardour_source *src[2] = {probed(r, s0), s1 ? probed(r, s1) : NULL};
  *keep = *flen;
  if (*flen <= 0)
    return true; /* plays nothing: the recipe's to say */
  for (int i = 0; i < 2; i++)
    if (src[i] && (!src[i]->known || src[i]->rate != (int)r->rate))
      return true; /* as_ardour_reads' */
  const char *l = sp_xml_attr(g, "length");
  if (*flen > src[0]->frames && !(l && l[0] == 'b')) /* in audio time (beats: not) */
    *flen = src[0]->frames - fstart;
  *keep = *flen;
  for (int i = 0; i < 2; i++) {
    if (!src[i])
      continue;
    const char *name = sp_xml_peek(src[i]->el, "name") ? sp_xml_peek(src[i]->el, "name") : "";
    const char *what = !s1 ? "it" : i ? "its right channel" : "its left channel";
    const int64_t n = src[i]->frames;
    if (fstart >= n) {
      loss(r, s, g,
           "it starts at or past the end of its file '%s' (%.3f s long): Ardour 7.3 plays %s "
           "from wherever its last read of the file stopped (a different part each export): %s",
           name, (double)n / r->rate, what, i ? "silence" : "left out");
      if (i)
        continue;
      sp_xml_read_all(g);
      return false;
    }
    if (fstart + *flen <= n)
      continue;
    /* the last of Ardour's reads that starts at or before the file's end */
    const int64_t end = fpos + (n - fstart) - r->range_start;
    const int64_t stop = sp_graph_disk_read_at(end, r->rate);
    const int64_t k = stop + r->range_start > fpos ? stop + r->range_start - fpos : 0;
    if (i) { /* the recipe plays a `files:` region's shorter file to its end */
      if (k < n - fstart)
        loss(r, s, g,
             "it runs %.3f s past the end of its right channel's file '%s': Ardour 7.3 plays "
             "that channel up to the disk read in which the file ends (at its default "
             "buffering), %.3f s of it; the recipe plays it to the file's end, %.3f s",
             (double)(fstart + *flen - n) / r->rate, name, (double)k / r->rate,
             (double)(n - fstart) / r->rate);
      continue;
    }
    loss(r, s, g,
         "it runs %.3f s past the end of its file '%s': Ardour 7.3 plays %s up to the disk read "
         "in which the file ends (at its default buffering): %s",
         (double)(fstart + *flen - n) / r->rate, name, what,
         k > 0 ? (s1 ? "the region cut there" : "cut there") : "none of it, left out");
    *keep = k;
  }
  return true;
}

/* The length in frames of region g's fade-in (in) or fade-out as
 * AudioRegion::body_range counts it: its list's, whether it plays or not
 * (sec: region_fade's, the one it plays). */
static int64_t body_fade(reader *r, const xmlNode *g, bool in, double sec)
{
  if (ardour_switch(r, g, in ? "fade-in-active" : "fade-out-active", true) && !r->no_fades)
    return llround(sec * r->rate);
  const xmlNode *list;
  if (fade_default(r, g, in, &list))
    return SP_FADE_DEFAULT_FRAMES;
  double *t = NULL, *v = NULL, most = 0; /* its last point once sorted (ControlList::thaw) */
  const size_t n = ardour_list_events(r, list, &t, &v);
  for (size_t i = 0; i < n; i++)
    most = fmax(most, t[i]);
  free(t);
  free(v);
  return llround(most * r->rate);
}

/* What Ardour 7.3 plays below region g where its reads fail past its
 * file's end (within_file: from keep frames into it; fpos and flen its
 * frames on the track, fin and fout its fades' as body_fade counts them,
 * cut_in and cut_out what a compound region's window cut off its ends).
 * AudioPlaylist::read leaves out every region below an opaque region under
 * its body (from a frame past its fade-in's end to its fade-out's start,
 * AudioRegion::body_range) and does not look at what the region's own
 * read_at returns, which fails before it touches what is below (a release
 * build): so the regions below are silent under the body there, heard as
 * they are under its fades. That part of the body as a silent opaque
 * region of its file (from its start: a file shorter than it, which a
 * length in beats may give, is a loss), which layer() keeps only where it
 * covers another. s0 and s1 its sources (s1 another file, or NULL), pick
 * its channel. */
static void hide_body(reader *r, sp_mix_strip *s, const xmlNode *g, const ardour_source *s0,
                      const ardour_source *s1, int pick, int64_t fpos, int64_t flen, int64_t keep,
                      int64_t fin, int64_t fout, int64_t cut_in, int64_t cut_out)
{
  /* the body from a frame past the fade-in's end (timepos_t::increment) */
  const int64_t lo = fpos + (keep > fin + 1 - cut_in ? keep : fin + 1 - cut_in),
                hi = fpos + (flen + cut_out - fout < flen ? flen + cut_out - fout : flen);
  if (keep >= flen || !ardour_switch(r, g, "opaque", true) || hi <= lo || !region_allowed(r, g))
    return;
  if (hi - lo > s0->frames) {
    loss(r, s, g,
         "its body past where Ardour's reads of it fail is longer than its file: the regions "
         "below it play there, where Ardour silences them");
    return;
  }
  char *rel = sp_fs_relative_to(s0->path, r->recipe_dir);
  sp_mix_region_add(s, rel, (double)lo / r->rate, 0, (double)(hi - lo) / r->rate, 0, 0);
  sp_mix_region *h = &s->regions[s->n_regions - 1];
  h->line = sp_xml_line(g);
  h->region.channel = pick;
  h->stereo = s1 != NULL;
  if (s1 && strcmp(s1->path, s0->path) != 0) {
    char *rel1 = sp_fs_relative_to(s1->path, r->recipe_dir);
    sp_mix_region_files(h, (const char *const[]){rel, rel1}, 2);
    free(rel1);
  }
  h->region.gain_db = -INFINITY;
  h->region.opaque = true;
  h->hides = true;
  free(rel);
}

/* A fade of region g (in: its fade-in, else its fade-out: sec long,
 * region_fade's def, saved and curve) in a compound region that cuts cut
 * frames off that end of it: not heard when the cut holds it all; one it
 * cuts into a loss, played whole from the cut. */
static void window_fade(reader *r, sp_mix_strip *s, const xmlNode *g, bool in, int64_t cut,
                        double *sec, bool *def, bool *saved, sp_auto *curve)
{
  if (cut <= 0 || *sec <= 0)
    return;
  if (llround(*sec * r->rate) > cut) {
    loss(r, s, g, "its fade-%s, cut into where the compound region that holds it %s: played whole",
         in ? "in" : "out", in ? "starts" : "ends");
    return;
  }
  *sec = 0, *def = *saved = false, curve->n = 0;
}

/* A drawn fade (in: a fade-in, else a fade-out: *sec long, through the
 * points of curve, the recipe's curve, not saved) longer than its region
 * (len seconds), as AudioRegion::read_at draws it: a fade-in over the whole
 * region from the curve's start (Curve::get_vector over its first frames
 * alone), a fade-out over the whole region to the curve's end (its last
 * frames). Into *sec and curve: the curve's points within that part,
 * and near the cut points of its own every few frames (*near set: a
 * curve of more than two points, whose spline the cut changes near it,
 * drawn so within about -90 dB; of two, the line Ardour draws, exactly).
 * False where the fade is not so drawn (Ardour's default, a saved list):
 * left as it is. True for a fade within len. */
static bool fade_within(reader *r, bool in, double len, double *sec, bool saved, sp_auto *curve,
                        bool *near)
{
  const int64_t flen = llround(len * r->rate), fsec = llround(*sec * r->rate);
  if (fsec <= flen)
    return true;
  if (saved || curve->n < 2 || flen < 2)
    return false;
  const size_t n = curve->n;
  *near = *near || n > 2;
  double *x = sp_xcalloc(n, sizeof *x), *y = sp_xcalloc(n, sizeof *y);
  for (size_t i = 0; i < n; i++)
    x[i] = curve->points[i].t.seconds * r->rate, y[i] = curve->points[i].v;
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, n, (int)r->rate);
  const double cut = in ? (double)flen : x[n - 1] - (double)flen; /* frames of the curve */
  /* the spline near the cut, which a point there alone would change
   * (each point's slope is its neighbours'): from the second kept point
   * from the cut to the cut, points of its own every few frames */
  size_t kept = 0, zone = in ? 0 : n - 1;
  for (size_t i = 0; i < n; i++) {
    const size_t j = in ? n - 1 - i : i;
    if ((in ? x[j] < cut : x[j] > cut) && kept++ < 2)
      zone = j;
  }
  if (n == 2) /* a line: its points at the ends */
    zone = in ? 0 : 1;
  const double lo = in ? x[zone] : cut, hi = in ? cut : x[zone];
  const double shift = in ? 0 : cut;
  const int STEPS = n == 2 ? 1 : 64;
  curve->n = 0;
  for (size_t i = 0; in && i < n && x[i] < lo; i++)
    sp_mix_auto_point(curve, x[i] / r->rate, y[i]);
  for (int k = 0; k <= STEPS; k++) {
    const double at = lo + (hi - lo) * k / STEPS;
    sp_mix_auto_point(curve, (at - shift) / r->rate, sp_fade_curve_at(&c, at));
  }
  for (size_t i = 0; !in && i < n; i++)
    if (x[i] > hi)
      sp_mix_auto_point(curve, (x[i] - shift) / r->rate, y[i]);
  sp_fade_curve_fini(&c);
  free(x);
  free(y);
  *sec = (double)flen / r->rate;
  return true;
}

/* Adds the region g to s unless it is muted or unplayable (w: as a
 * compound region plays it, else NULL); false when its fades were
 * shortened to fit it (their inverses no longer fit either). */
static bool region(reader *r, sp_mix_strip *s, const xmlNode *g, const nest *w)
{
  if (ardour_switch(r, g, "muted", false)) {
    sp_xml_read_all(g); /* Ardour plays no muted region */
    return true;
  }
  int64_t fpos = 0, fstart = 0, flen = 0;
  if (!region_allowed(r, g) || !region_frames(r, g, &fpos, &fstart, &flen))
    return true;
  if (flen < 1) { /* its length rounded down to whole frames: none */
    sp_xml_read_all(g);
    loss(r, s, g, "shorter than one frame (Ardour plays nothing of it): left out");
    return true;
  }
  int64_t cut_in, cut_out;
  if (!nested_window(g, w, &fpos, &fstart, &flen, &cut_in, &cut_out))
    return true;
  /* Ardour plays a region from whole frames: its position's, its start's
   * and its length's, each rounded down */
  double pos = (double)fpos / r->rate, start = (double)fstart / r->rate;
  double len = (double)flen / r->rate;
  const ardour_source *s0 = ardour_source_by_id(r, sp_xml_attr(g, "source-0"));
  const ardour_source *s1 = ardour_source_by_id(r, sp_xml_attr(g, "source-1"));
  if (!s0 || !s0->path) {
    if (!s0)
      error(r, g, SP_ERR_USAGE, "Region '%s': its source-0 names no audio source",
            sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return true;
  }
  if (s1 && !s1->path)
    return true; /* its file is missing: said where the sources are read */
  if (s0->gain == 0 && (!s1 || s1->gain == 0)) {
    sp_xml_read_all(g); /* its sources read as silence */
    return true;
  }
  /* Ardour's track of N channels plays source c of the region on its
   * channel c, and a region of fewer sources again from its first
   * (replicate-missing-region-channels, on by default): a mono track plays
   * a stereo region's first source alone, a stereo track a mono region on
   * both sides (measured, docs/sessions.md). Its two sources are the two
   * channels of a stereo file, or two mono files (NAME%L.wav and
   * NAME%R.wav: how Ardour writes every stereo file it records, imports or
   * bounces), each read from the region's start (`files:`). */
  const bool mono_track = r->track_inputs == 1;
  const bool two_files = s1 && strcmp(s1->path, s0->path) != 0;
  int pick = 0; /* `channel:` of the file, from 1 */
  if (mono_track && s1) {
    pick = s0->channel + 1;
    s1 = NULL;
    r->picked = true;
  } else if (sp_xml_attr(g, "source-2") ||
             (s1 && (s0->channel != 0 || s1->channel != (two_files ? 0 : 1)))) {
    loss(r, s, g,
         "a region of more than two sources, or of a file's channels out of their order, "
         "which stemprint does not play side by side: left out");
    sp_xml_read_all(g); /* one loss, said: not its attributes again (review 14 F5) */
    return true;
  } else if (!s1 && s0->channel != 0) {
    pick = s0->channel + 1;
  }
  if (!as_ardour_reads(r, s, s0, fstart, &flen) ||
      (s1 && !as_ardour_reads(r, s, s1, fstart, &flen))) {
    sp_xml_read_all(g);
    return true;
  }
  int64_t plays = 0; /* the frames of it Ardour's reads play */
  if (!within_file(r, s, g, s0, two_files ? s1 : NULL, fpos, fstart, &flen, &plays))
    return true;
  /* Fades: Ardour's defaults are 64 samples; drawn ones are read by length. */
  bool din = false, dout = false, sin = false, sout = false;
  sp_auto cin = {0}, cout = {0};
  double fin = region_fade(r, s, g, true, &din, &cin, &sin);
  double fout = region_fade(r, s, g, false, &dout, &cout, &sout);
  const int64_t body_in = body_fade(r, g, true, fin), body_out = body_fade(r, g, false, fout);
  if (plays <= 0 && flen > 0) { /* none of it plays: what is below it, as Ardour plays it */
    sp_auto_free(&cin);
    sp_auto_free(&cout);
    sp_xml_read_all(g);
    hide_body(r, s, g, s0, s1, pick, fpos, flen, 0, body_in, body_out, cut_in, cut_out);
    return true;
  }
  const int64_t cut_end = flen - plays, whole = flen; /* frames off its end where its reads fail */
  flen = plays;
  len = (double)flen / r->rate;
  window_fade(r, s, g, true, cut_in, &fin, &din, &sin, &cin);
  window_fade(r, s, g, false, cut_out + cut_end, &fout, &dout, &sout, &cout);
  /* Fades that overlap play as Ardour plays them (summed where both
   * play: docs/recipe.md, Regions); a fade longer than its region, which
   * Ardour's editor never saves (AudioRegion::set_fade_in_length keeps
   * it shorter, recompute_at_end cuts it to the region), Ardour draws
   * from its first points alone. */
  /* a drawn fade longer than the region, as Ardour draws it: its part
   * over the region (fade_within) */
  bool near = false;
  bool shortened = !fade_within(r, true, len, &fin, sin, &cin, &near) ||
                   !fade_within(r, false, len, &fout, sout, &cout, &near);
  if (near && !shortened)
    loss(
        r, s, g,
        "a fade longer than the region (Ardour's editor keeps a fade within its region): drawn "
        "over the region as Ardour draws it, its curve approximated near where the region cuts it");
  if (shortened) {
    if (cin.n || cout.n)
      loss(r, s, g,
           "a fade longer than the region (Ardour's editor keeps a fade within its region): "
           "both fades shortened to their share of the region, drawn linear");
    double k = len / (fin + fout);
    fin *= k;
    fout *= k;
    din = dout = sin = sout = false;
    cin.n = cout.n = 0;
  }
  double *et = NULL, *evv = NULL;
  size_t ne = 0;
  const xmlNode *eal = sp_xml_child(sp_xml_child(g, "Envelope"), "AutomationList");
  if (ardour_switch(r, g, "envelope-active", false))
    ne = ardour_list_loaded(r, eal, 0, 2, &et, &evv); /* its EnvelopeAutomation's range */
  /* between its points as its list's interpolation-style says (an
   * envelope's default, Exponential: along the fader law) */
  sp_interp interp = SP_INTERP_EXPONENTIAL;
  if (ne > 0 && (cut_in > 0 || cut_out > 0))
    loss(r, s, g,
         "its gain envelope, cut where the compound region that holds it starts or ends: drawn "
         "over what is left of it");
  if (ne > 0) {
    et = sp_xreallocarray(et, ne + 1, sizeof *et);
    evv = sp_xreallocarray(evv, ne + 1, sizeof *evv);
    ne = envelope_to_end(et, evv, ne, len);
    size_t keep = ne;
    interp = ardour_level_interpolation(r, s, eal, "envelope", et, evv, ne, &keep);
    ne = keep;
  }
  double scale = 1;
  sp_xml_number(g, "scale-amplitude", &scale, r->path, r->d);
  /* its source's gain on it (Ardour's reads of the file multiply by
   * it, before the region's gain, fades and envelope) */
  if (s1 && fabs(s1->gain - s0->gain) > 1e-7 * fabs(s0->gain))
    loss(r, s, g,
         "its two sources' gains differ (%.9g and %.9g, as Session > Archive saves two files "
         "it normalized each on its own): the first's played on both",
         s0->gain, s1->gain);
  scale *= s0->gain;
  char *rel = sp_fs_relative_to(s0->path, r->recipe_dir);
  sp_mix_region_add(s, rel, pos, start, len, fin, fout);
  sp_mix_region *mr = &s->regions[s->n_regions - 1];
  mr->line = sp_xml_line(g);
  mr->region.channel = pick;
  mr->stereo = s1 != NULL;
  if (two_files && s1) { /* not on a mono track, which plays the first */
    char *rel1 = sp_fs_relative_to(s1->path, r->recipe_dir);
    sp_mix_region_files(mr, (const char *const[]){rel, rel1}, 2);
    free(rel1);
  }
  /* a negative scale is Ardour's region Polarity (Editor::toggle_region_polarity:
   * its scale times -1), which AudioRegion::read_at multiplies in */
  mr->region.invert = (scale < 0) != (w && w->invert);
  mr->region.gain_db = sp_lin_to_db(fabs(scale)) + (w ? w->gain_db : 0);
  if (mr->region.gain_db > SP_REGION_GAIN_MAX_DB) { /* past what Normalize gives: Boost Gain */
    loss(r, s, g, "its gain, %.2f dB, past the +%g dB a region's gain holds: held there",
         mr->region.gain_db, SP_REGION_GAIN_MAX_DB);
    mr->region.gain_db = SP_REGION_GAIN_MAX_DB;
  }
  mr->region.fade_in.curve = cin;
  mr->region.fade_out.curve = cout;
  if (din)
    sp_mix_fade_default(&mr->region.fade_in);
  else if (cin.n >= 2)
    sp_mix_fade_drawn(&mr->region.fade_in, sin);
  if (dout)
    sp_mix_fade_default(&mr->region.fade_out);
  else if (cout.n >= 2)
    sp_mix_fade_drawn(&mr->region.fade_out, sout);
  /* Ardour's regions are opaque unless made transparent; layer() keeps
   * that for those that cover another. */
  mr->region.opaque = ardour_switch(r, g, "opaque", true);
  /* the region's gain envelope, in its own time, drawn over each read of
   * the region as Ardour's export draws it (docs/sessions.md) */
  for (size_t k = 0; k < ne; k++)
    sp_mix_auto_point(&mr->region.envelope, et[k], sp_lin_to_db(evv[k]));
  mr->region.envelope.ramp = ne > 0 ? SP_RAMP_LIST : SP_RAMP_DB;
  mr->region.envelope.interp = interp;
  free(et);
  free(evv);
  free(rel);
  hide_body(r, s, g, s0, s1, pick, fpos, whole, plays, body_in, body_out, cut_in, cut_out);
  return !shortened;
}

/* A region read from a playlist: where it is in s->regions, its layer,
 * its element, and whether its fades are as Ardour saved them. */
typedef struct layered {
  unsigned long long layer;
  double at;
  size_t k;
  const xmlNode *g;
  bool fades_kept;
  bool nested; /* one of a compound region's: g is in its playlist, in its time */
} layered;

/* v as the last of the n of *o, grown to twice its size when full (its
 * size the power of two from n: ten compound regions nine deep make 50,000
 * of them, which grown one at a time took 45 s under AddressSanitizer,
 * each realloc a copy). */
static void layered_push(layered **o, size_t *n, layered v)
{
  if ((*n & (*n - 1)) == 0) /* 0, 1, 2, 4 ...: full */
    *o = sp_xreallocarray(*o, *n ? 2 * *n : 1, sizeof **o);
  (*o)[(*n)++] = v;
}

static int by_layer(const void *a, const void *b)
{
  const layered *x = a, *y = b;
  if (x->layer != y->layer)
    return x->layer < y->layer ? -1 : 1;
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

/* Fade f's length in seconds (Ardour's default's 64 frames at the
 * session's rate). */
static double fade_seconds(const reader *r, const sp_fade *f)
{
  return sp_time_seconds(f->length, r->rate);
}

/* Whether region a's fades together are longer than it, in the frames the
 * recipe gives them (sp_time_frames). */
static bool fades_overlap(const reader *r, const sp_mix_region *a)
{
  return llround(fade_seconds(r, &a->region.fade_in) * r->rate) +
             llround(fade_seconds(r, &a->region.fade_out) * r->rate) >
         llround(a->region.length.seconds * r->rate);
}

/* Puts the n regions s->regions[first ..] (read as o) in layer order,
 * bottom first: Ardour (its Manual layer model, the default) stacks a
 * playlist's regions by their layering-index, each above every earlier one
 * it overlaps, and on one layer by position. A region stays opaque only
 * where it covers one below it (elsewhere it plays alone and the recipe
 * need not say so) or where its fades overlap (AudioRegion::read_at then
 * fades what its fade-in laid down by its fade-out's inverse, below it or
 * not), and then takes the inverses of its fades; a silent one that
 * stands for a body whose reads fail (hide_body) stays only where it
 * covers another. The regions' count, o in their order. */
static size_t layer(reader *r, sp_mix_strip *s, size_t first, layered *o, size_t n)
{
  if (n == 0)
    return 0;
  qsort(o, n, sizeof *o, by_layer);
  sp_mix_region *sorted = sp_xcalloc(n, sizeof *sorted);
  for (size_t i = 0; i < n; i++)
    sorted[i] = s->regions[o[i].k];
  memcpy(s->regions + first, sorted, n * sizeof *sorted);
  free(sorted);
  for (size_t i = 0; i < n; i++) {
    sp_mix_region *a = &s->regions[first + i];
    bool covers = false;
    for (size_t j = 0; j < i && a->region.opaque && !covers; j++) {
      const sp_mix_region *b = &s->regions[first + j];
      covers = fmin(a->region.at.seconds + a->region.length.seconds,
                    b->region.at.seconds + b->region.length.seconds) >
               fmax(a->region.at.seconds, b->region.at.seconds);
    }
    a->region.opaque = a->region.opaque && (covers || fades_overlap(r, a));
    if (a->region.opaque && o[i].fades_kept) { /* one given (compound_hider's) kept */
      if (a->region.fade_in.inverse.n == 0)
        region_inverse(r, s, o[i].g, true, fade_seconds(r, &a->region.fade_in),
                       &a->region.fade_in.inverse);
      if (a->region.fade_out.inverse.n == 0)
        region_inverse(r, s, o[i].g, false, fade_seconds(r, &a->region.fade_out),
                       &a->region.fade_out.inverse);
    }
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (s->regions[first + m].hides && !s->regions[first + m].region.opaque)
      sp_mix_region_remove(s, first + m);
    else
      o[m++] = o[i];
  return m;
}

static void read_cuts(reader *r, sp_mix_strip *s, size_t first, const layered *o, size_t n);
static void body_cuts(reader *r, sp_mix_strip *s, size_t first, const layered *o, size_t n);

/* The source id names when it is a compound region's (the Editor's
 * Combine): a PlaylistSource, which Ardour 7 saves in the NestedSource
 * of the compound's whole-file region in Session/Regions (Region::state),
 * its playlist within it. NULL for any other. */
static const xmlNode *playlist_source(reader *r, const char *id)
{
  if (!id || ardour_source_by_id(r, id))
    return NULL;
  const xmlNode *src = sp_xml_index_find(&r->nested, id);
  return src && sp_xml_is(src, "Source") && sp_xml_peek(src, "playlist") ? src : NULL;
}

static void collect(reader *r, sp_mix_strip *s, const xmlNode *pl, const nest *w, layered **o,
                    size_t *n);

/* The compound region g's fade (in: its fade-in, else its fade-out),
 * which Ardour draws over the mix of the regions combined in it
 * (AudioRegion::read_at of the compound, its source the playlist's
 * read), drawn on each of them (o, n) under it: the same where each
 * starts where the fade starts (in) or ends where it ends, lasts through
 * it, and has no fade of its own there (Combine turns off the first
 * region's fade-in and the last's fade-out, AudioPlaylist::pre_combine,
 * and gives the compound theirs; a trim of the compound cuts the regions
 * under its ends, nested_window). Any other: a loss, the fade left out.
 * at: where the fade starts (in), or ends, in frames on the track. The
 * fade as read into *out (the caller's to free); true when it is drawn
 * on the regions. */
static bool compound_fade(reader *r, sp_mix_strip *s, const xmlNode *g, const layered *o, size_t n,
                          bool in, int64_t at, sp_fade *out)
{
  bool def = false, saved = false;
  sp_fade f = {0};
  f.length.seconds = region_fade(r, s, g, in, &def, &f.curve, &saved);
  if (def)
    sp_mix_fade_default(&f);
  else if (f.curve.n >= 2)
    sp_mix_fade_drawn(&f, saved);
  const int64_t len = llround(fade_seconds(r, &f) * r->rate);
  const int64_t lo = in ? at : at - len, hi = in ? at + len : at;
  size_t under = 0;
  bool each = true;
  for (size_t i = 0; i < n && len > 0; i++) {
    const sp_mix_region *a = &s->regions[o[i].k];
    const int64_t a0 = llround(a->region.at.seconds * r->rate),
                  a1 = a0 + llround(a->region.length.seconds * r->rate);
    if (a0 >= hi || a1 <= lo)
      continue;
    under++;
    const int64_t own = llround(fade_seconds(r, in ? &a->region.fade_in : &a->region.fade_out) *
                                r->rate),
                  other = llround(fade_seconds(r, in ? &a->region.fade_out : &a->region.fade_in) *
                                  r->rate);
    each = each && own <= 0 && (in ? a0 == lo && a1 - other >= hi : a1 == hi && a0 + other <= lo);
  }
  for (size_t i = 0; i < n && under > 0 && each; i++) {
    sp_mix_region *a = &s->regions[o[i].k];
    const int64_t a0 = llround(a->region.at.seconds * r->rate),
                  a1 = a0 + llround(a->region.length.seconds * r->rate);
    if (a0 >= hi || a1 <= lo)
      continue;
    sp_fade *to = in ? &a->region.fade_in : &a->region.fade_out;
    sp_auto_free(&to->curve);
    sp_auto_free(&to->inverse);
    *to = (sp_fade){.length = f.length, .shape = f.shape};
    for (size_t k = 0; k < f.curve.n; k++)
      sp_mix_auto_point(&to->curve, f.curve.points[k].t.seconds, f.curve.points[k].v);
  }
  *out = f;
  if (under > 0 && !each)
    loss(r, s, g,
         "its fade-%s (a compound region's) over a region combined in it that does not %s with "
         "it, or has a fade of its own there: left out (Ardour fades the mix of the regions "
         "combined in it)",
         in ? "in" : "out", in ? "start" : "end");
  return under > 0 && each;
}

/* The gain of envelope t, v (n points, seconds and gains) at x, between
 * its points as interp says (Linear, Logarithmic, Exponential: the fader
 * law, as the recipe draws them), its first and last gains held
 * before and after them. */
static double envelope_at(const double *t, const double *v, size_t n, sp_interp interp, double x)
{
  if (x <= t[0])
    return v[0];
  for (size_t i = 1; i < n; i++) {
    if (x >= t[i])
      continue;
    const double f = (x - t[i - 1]) / (t[i] - t[i - 1]), a = v[i - 1], b = v[i];
    if (a == b || f <= 0)
      return a;
    if (interp == SP_INTERP_LINEAR)
      return a + (b - a) * f;
    if (interp == SP_INTERP_LOGARITHMIC)
      return a > 0 && b > 0 ? a * pow(b / a, f) : 0;
    const double g0 = sp_fader_gain_to_position(a + 1e-7), g1 = sp_fader_gain_to_position(b + 1e-7);
    return sp_fader_position_to_gain(g0 + f * (g1 - g0));
  }
  return v[n - 1];
}

/* The compound region g's gain envelope (when active: its list ended at
 * its length, flen frames, as AudioRegion::set_state ends it) on each of
 * the regions combined in it (o, n of them; cstart, where the compound
 * starts on the track), which AudioRegion::read_at of the compound draws
 * over their mix: each region's part of it, from where the region starts
 * (a point at each of its ends at the envelope's gain there, the
 * compound's points between), between its points as the compound's list
 * says. Where the recipe cannot (a region with an envelope of its own, a
 * list Curved or Discrete, whose curve a cut changes): a loss, left out. */
static void compound_envelope(reader *r, sp_mix_strip *s, const xmlNode *g, const layered *o,
                              size_t n, int64_t cstart, int64_t flen)
{
  const xmlNode *eal = sp_xml_child(sp_xml_child(g, "Envelope"), "AutomationList");
  double *et = NULL, *ev = NULL;
  size_t ne = ardour_switch(r, g, "envelope-active", false)
                  ? ardour_list_loaded(r, eal, 0, 2, &et, &ev) /* its EnvelopeAutomation's range */
                  : 0;
  bool flat = true;
  for (size_t i = 0; i < ne; i++)
    flat = flat && fabs(ev[i] - 1) < 1e-6;
  sp_interp interp = SP_INTERP_EXPONENTIAL;
  bool drawn = true;
  if (!flat) {
    et = sp_xreallocarray(et, ne + 1, sizeof *et);
    ev = sp_xreallocarray(ev, ne + 1, sizeof *ev);
    ne = envelope_to_end(et, ev, ne, (double)flen / r->rate);
    size_t keep = ne;
    interp = ardour_level_interpolation(r, s, eal, "envelope", et, ev, ne, &keep);
    ne = keep;
    drawn = ne > 0 && interp != SP_INTERP_CURVED && interp != SP_INTERP_DISCRETE;
    for (size_t i = 0; i < n && drawn; i++)
      drawn = s->regions[o[i].k].region.envelope.n == 0;
  }
  for (size_t i = 0; i < n && !flat && drawn; i++) {
    sp_mix_region *a = &s->regions[o[i].k];
    const double r0 = (double)(llround(a->region.at.seconds * r->rate) - cstart) / r->rate,
                 r1 = r0 + (double)llround(a->region.length.seconds * r->rate) / r->rate;
    sp_mix_auto_point(&a->region.envelope, 0, sp_lin_to_db(envelope_at(et, ev, ne, interp, r0)));
    for (size_t k = 0; k < ne; k++)
      if (et[k] > r0 && et[k] < r1)
        sp_mix_auto_point(&a->region.envelope, et[k] - r0, sp_lin_to_db(ev[k]));
    sp_mix_auto_point(&a->region.envelope, r1 - r0,
                      sp_lin_to_db(envelope_at(et, ev, ne, interp, r1)));
    a->region.envelope.ramp = SP_RAMP_LIST;
    a->region.envelope.interp = interp;
  }
  free(et);
  free(ev);
  if (!flat && !drawn)
    loss(r, s, g,
         "the gain envelope of a compound region over a region with an envelope of its own, or "
         "Curved or Discrete, which stemprint does not draw over the regions combined in it: "
         "left out");
}

/* A compound region as collect lays it on the track: its element, its
 * regions o[from .. to), its window lo .. hi (frames on the track: none
 * when hi <= lo), its fades as read (in, out) and whether each is drawn on
 * its regions. */
typedef struct combined {
  const xmlNode *g;
  size_t from, to;
  int64_t lo, hi;
  sp_fade fade[2];
  bool drawn[2];
  unsigned long long layer;
} combined;

/* The compound region g (the Editor's Combine), its source src (its
 * first channel's PlaylistSource), read into s as Ardour plays it: the
 * regions of its playlist (o, n: added to them, each a layer of its own in
 * their playlist's order), moved to where it plays them
 * (AudioPlaylistSource::read_unlocked: its playlist read from the
 * compound's start plus the source's offset, no further than the
 * source's length), cut to it, its gain and polarity on each and its
 * fades on the regions they fall on (compound_fade). Its window on the
 * track into *lo, *hi (both 0: none of it plays). */
static void compound(reader *r, sp_mix_strip *s, const xmlNode *g, const xmlNode *src,
                     const nest *w, layered **o, size_t *n, combined *out)
{
  const char *name = sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "";
  *out = (combined){.g = g};
  if (ardour_switch(r, g, "muted", false)) {
    sp_xml_read_all(g); /* Ardour plays no muted region */
    return;
  }
  const int depth = w ? w->depth + 1 : 1;
  bool holds_itself = false;
  for (const nest *up = w; up && !holds_itself; up = up->up)
    holds_itself = up->src == src;
  if (depth > 16 || holds_itself) {
    error(r, g, SP_ERR_USAGE,
          "Region '%s': compound regions nested more than 16 deep, or one that holds itself; "
          "uncombine it in Ardour and save the session",
          name);
    return;
  }
  /* each counted as a region is, so that compound regions that hold
   * several of another (each playing all of it) stop at the most regions
   * one import makes, not after as many as they multiply to */
  if (!region_allowed(r, g))
    return;
  int64_t fpos = 0, fstart = 0, flen = 0, off = 0, plen = 0;
  if (!region_frames(r, g, &fpos, &fstart, &flen))
    return;
  const xmlNode *pl = sp_xml_child(src, "Playlist");
  const char *offset = sp_xml_attr(src, "offset"), *length = sp_xml_attr(src, "length");
  if (!pl || !offset || !length) {
    error(r, src, SP_ERR_USAGE,
          "Source '%s' of compound region '%s': no %s (Ardour saves a compound region's source "
          "with its playlist, offset and length); save the session in Ardour 7",
          sp_xml_peek(src, "name") ? sp_xml_peek(src, "name") : "", name,
          !pl       ? "Playlist"
          : !offset ? "offset"
                    : "length");
    return;
  }
  if (!ardour_frame_of(r, src, offset, &off) || !ardour_length_of(r, src, length, &plen))
    return;
  sp_xml_attr(src, "playlist"); /* its playlist's id: the Playlist it holds */
  /* each of its sources its playlist's channel in order (as Combine makes
   * them), so its regions play as they would on the track */
  for (int c = 0;; c++) {
    char key[32];
    snprintf(key, sizeof key, "source-%d", c);
    const char *id = sp_xml_attr(g, key);
    if (!id)
      break;
    const xmlNode *sc = c == 0 ? src : playlist_source(r, id);
    double ch = 0;
    if (!sc || !sp_xml_number(sc, "channel", &ch, r->path, r->d) || ch != c ||
        strcmp(sp_xml_peek(sc, "playlist"), sp_xml_peek(src, "playlist")) != 0) {
      loss(r, s, g,
           "a compound region whose %s is not channel %d of its playlist: its regions play as "
           "on the track",
           key, c + 1);
      break;
    }
  }
  double scale = 1;
  sp_xml_number(g, "scale-amplitude", &scale, r->path, r->d);
  const int64_t shift = w ? w->shift : 0, cstart = shift + fpos;
  nest in = {.shift = shift + fpos - fstart - off,
             .lo = cstart,
             .hi = cstart + (flen < plen - fstart ? flen : plen - fstart),
             .gain_db = (w ? w->gain_db : 0) + sp_lin_to_db(fabs(scale)),
             .invert = (scale < 0) != (w && w->invert),
             .depth = depth,
             .src = src,
             .up = w};
  if (w) {
    in.lo = in.lo > w->lo ? in.lo : w->lo;
    in.hi = in.hi < w->hi ? in.hi : w->hi;
  }
  const size_t first = *n;
  if (in.hi > in.lo)
    collect(r, s, pl, &in, o, n);
  else
    sp_xml_read_all(pl);
  /* its regions in their playlist's layers, one above the other (none:
   * *o may be NULL), above what stands for it below them (collect) */
  layered *mine = *n > first ? *o + first : NULL;
  if (mine)
    qsort(mine, *n - first, sizeof *mine, by_layer);
  for (size_t i = first; i < *n; i++)
    (*o)[i].layer = i - first + 1;
  /* its own envelope (flat where Combine made it), on each region in it */
  compound_envelope(r, s, g, mine, *n - first, cstart, flen);
  ardour_switch(r, g, "opaque", true); /* read where it lies over another (collect) */
  /* its fades where they are heard: a fade the window of a compound
   * region holding it cuts into is a loss, as a region's */
  const int64_t cend = cstart + flen;
  if (!w || (cstart >= w->lo && cend <= w->hi)) {
    out->drawn[0] = compound_fade(r, s, g, mine, *n - first, true, cstart, &out->fade[0]);
    out->drawn[1] = compound_fade(r, s, g, mine, *n - first, false, cend, &out->fade[1]);
  } else {
    loss(r, s, g, "a compound region cut by the compound region that holds it: its fades left out");
    bool d;
    sp_auto c = {0};
    region_fade(r, s, g, true, &d, &c, &d);
    region_fade(r, s, g, false, &d, &c, &d);
    sp_auto_free(&c);
  }
  if (*n > first)
    out->lo = in.lo, out->hi = in.hi;
}

/* The silent opaque region that stands for compound region c below its
 * regions (collect): over its window, its fade-in on the first part and
 * its fade-out on the last, whose inverses layer() reads from its element
 * (laid on the file of the region in it that reads most of its own, in as
 * many parts as that takes, at most 64: false past that, or where its
 * fades do not fit those parts). Its regions' own fades where it starts
 * and ends, the compound's drawn on them, leave what is below as it is
 * there (an inverse of 1): that region fades it. */
static bool compound_hider(reader *r, sp_mix_strip *s, const combined *c, layered **o, size_t *n,
                           bool nested)
{
  enum { MOST_PARTS = 64 };
  size_t like = SIZE_MAX;
  int64_t most = 0;
  for (size_t i = c->from; i < c->to; i++) {
    const sp_mix_region *a = &s->regions[(*o)[i].k];
    /* (a start near 2^62 frames, which a session may hold, and its
     * length: held there, where 64 times it still fits) */
    const int64_t f =
        llround(fmin((a->region.from.seconds + a->region.length.seconds) * r->rate, 0x1p62));
    if (!a->region.midi && !a->region.stretch.on && !a->hides && f > most)
      like = (*o)[i].k, most = f;
  }
  const int64_t len = c->hi - c->lo, fin = llround(fade_seconds(r, &c->fade[0]) * r->rate),
                fout = llround(fade_seconds(r, &c->fade[1]) * r->rate);
  /* (as many parts as len / most rounded up: no product nor sum of the
   * two, which may pass 2^63) */
  if (like == SIZE_MAX || len / most > MOST_PARTS || (len / most == MOST_PARTS && len % most))
    return false;
  const int64_t parts = len / most + (len % most != 0), part = len / parts;
  if (fin > part || fout > len - (parts - 1) * part || (parts == 1 && fin + fout > len))
    return false;
  const sp_mix_region model = s->regions[like]; /* its strings: s->regions' (s may grow) */
  for (int64_t k = 0; k < parts && region_allowed(r, c->g); k++) { /* each counted */
    const int64_t at = c->lo + k * part, plen = k == parts - 1 ? len - k * part : part;
    sp_mix_region_add(s, model.region.file, (double)at / r->rate, 0, (double)plen / r->rate, 0, 0);
    sp_mix_region *h = &s->regions[s->n_regions - 1];
    if (model.region.n_files >= 2)
      sp_mix_region_files(h, (const char *const *)model.region.files, model.region.n_files);
    h->line = sp_xml_line(c->g);
    h->region.channel = model.region.channel;
    h->stereo = model.stereo;
    h->region.gain_db = -INFINITY;
    h->region.opaque = h->hides = true;
    for (int e = 0; e < 2; e++) {
      if (e == 0 ? k != 0 : k != parts - 1)
        continue;
      sp_fade *to = e == 0 ? &h->region.fade_in : &h->region.fade_out;
      *to = (sp_fade){.length = c->fade[e].length, .shape = c->fade[e].shape};
      for (size_t q = 0; q < c->fade[e].curve.n; q++)
        sp_mix_auto_point(&to->curve, c->fade[e].curve.points[q].t.seconds,
                          c->fade[e].curve.points[q].v);
    }
    layered_push(o, n,
                 (layered){c->layer, (double)at / r->rate, s->n_regions - 1, c->g, true, nested});
  }
  for (size_t i = c->from; i < c->to; i++) {
    sp_mix_region *a = &s->regions[(*o)[i].k];
    const int64_t a0 = llround(a->region.at.seconds * r->rate),
                  a1 = a0 + llround(a->region.length.seconds * r->rate);
    if (c->drawn[0] && a0 == c->lo && fade_seconds(r, &a->region.fade_in) > 0)
      sp_mix_auto_point(&a->region.fade_in.inverse, 0, 1);
    if (c->drawn[1] && a1 == c->hi && fade_seconds(r, &a->region.fade_out) > 0)
      sp_mix_auto_point(&a->region.fade_out.inverse, 0, 1);
  }
  return true;
}

/* The regions of playlist pl into s (w: a compound region's playlist, as
 * it plays it; NULL: a track's), each with its layer (its layering-index,
 * and for a compound region's, theirs below it) into o, n of them. */
static void collect(reader *r, sp_mix_strip *s, const xmlNode *pl, const nest *w, layered **o,
                    size_t *n)
{
  combined *cs = NULL;
  size_t ncs = 0;
  const size_t first = *n;
  for (const xmlNode *g = sp_xml_child(pl, "Region"); g; g = sp_xml_next(g, "Region")) {
    const char *li = sp_xml_attr(g, "layering-index");
    const unsigned long long layer = (li ? strtoull(li, NULL, 10) : 0) << 32;
    const xmlNode *src = playlist_source(r, sp_xml_peek(g, "source-0"));
    if (src) {
      combined c;
      const size_t from = *n;
      compound(r, s, g, src, w, o, n, &c);
      for (size_t i = from; i < *n; i++)
        (*o)[i].layer |= layer;
      c.from = from, c.to = *n, c.layer = layer;
      cs = sp_xreallocarray(cs, ncs + 1, sizeof *cs);
      cs[ncs++] = c;
      continue;
    }
    const size_t before = s->n_regions;
    bool kept = region(r, s, g, w);
    for (size_t k = before; k < s->n_regions; k++) { /* it, and what hides below it */
      layered_push(o, n, (layered){layer, s->regions[k].region.at.seconds, k, g, kept, w != NULL});
    }
  }
  /* Ardour layers a compound region as one region (AudioRegion::read_at
   * of its source, the mix of its playlist): opaque, it hides what is
   * below it under its body, the gaps between its regions too, and fades
   * it by its inverses under its fades. Over or under others, its regions
   * are layered among them one by one, over a silent opaque region that
   * stands for it (compound_hider), which layer() keeps where it covers
   * another. Transparent, its regions would cover what is below them, which
   * Ardour sums with their mix: a loss. */
  const size_t end = *n;
  for (size_t c = 0; c < ncs; c++) {
    bool over = false;
    for (size_t i = first; i < end && !over && cs[c].hi > cs[c].lo; i++) {
      const sp_mix_region *a = &s->regions[(*o)[i].k];
      const int64_t a0 = llround(a->region.at.seconds * r->rate),
                    a1 = a0 + llround(a->region.length.seconds * r->rate);
      over = (i < cs[c].from || i >= cs[c].to) && a0 < cs[c].hi && a1 > cs[c].lo;
    }
    if (over && !ardour_switch(r, cs[c].g, "opaque", true))
      loss(r, s, cs[c].g,
           "a transparent compound region over or under another region: its regions hide what "
           "is below them under their bodies, where Ardour adds their mix to it");
    else if (over && !compound_hider(r, s, &cs[c], o, n, w != NULL))
      loss(r, s, cs[c].g,
           "a compound region over or under another region, longer than 64 times the file of "
           "any region in it, or its fades longer than its parts: what is below it plays in the "
           "gaps between its regions, where Ardour silences it under its body");
    for (int e = 0; e < 2; e++) {
      sp_auto_free(&cs[c].fade[e].curve);
      sp_auto_free(&cs[c].fade[e].inverse);
    }
  }
  free(cs);
}

void ardour_playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id)
{
  const xmlNode *pl = sp_xml_child(root, "Playlists") ? sp_xml_index_find(&r->playlists, id) : NULL;
  if (!pl) {
    error(r, NULL, SP_ERR_USAGE, "no playlist with id %s (a track's audio-playlist)", id);
    return;
  }
  size_t first = s->n_regions, n = 0;
  layered *o = NULL;
  collect(r, s, pl, NULL, &o, &n);
  n = layer(r, s, first, o, n);
  body_cuts(r, s, first, o, n);
  read_cuts(r, s, first, o, n);
  /* a stereo track of mono regions alone is stereo still */
  bool mono = s->n_regions > first;
  for (size_t i = first; i < s->n_regions; i++)
    mono = mono && !s->regions[i].stereo;
  if (r->picked)
    sp_mix_note(s, "its stereo regions play their first channel alone on this mono track, as "
                   "Ardour plays them (channel:)");
  r->picked = false;
  if (mono && r->track_inputs == 2 && !s->stereo) {
    s->stereo = true;
    sp_mix_note(s, "its regions are mono on a stereo track: each plays on both sides, into its "
                   "stereo panner, as Ardour plays them");
  }
  free(o);
}

/* ---- MIDI regions ------------------------------------------------------------------ */

/* A MIDI region's times are as Ardour's timepos_t holds them: beat ticks,
 * or superclock (an atime, never in frames). */

/* The time s of region g's attribute key (for messages). */
static bool region_time(reader *r, const xmlNode *g, const char *key, const char *s, atime *t)
{
  if (!ardour_parse_time(r, g, s, t))
    return false;
  if (t->frames) {
    const char *name = sp_xml_attr(g, "name");
    error(r, g, SP_ERR_USAGE,
          "Region '%s': its %s, the time '%.40s', is in samples, as Ardour 6 wrote it; Ardour 7 "
          "writes a MIDI region's times in beats ('b...') or superclock ('a...'): open the "
          "session in Ardour 7 and save it",
          name ? name : "", key, s);
    return false;
  }
  return true;
}

/* timepos_t::beats (), in ticks. */
static bool beats_of(reader *r, const xmlNode *g, atime t, int64_t *ticks)
{
  if (t.beats) {
    *ticks = t.v;
    return true;
  }
  if (sp_tempo_map_beats_at(&r->map, t.v, ticks))
    return true;
  if (!r->said_tempo)
    error(r, g, SP_ERR_USAGE,
          r->map.n ? "%s: superclock %lld is past where the tempo map's ramp holds"
                   : "%s: a MIDI region in audio time (superclock %lld) and no tempo map to read "
                     "its beats by",
          (const char *)g->name, (long long)t.v);
  r->said_tempo = true;
  return false;
}

/* A length of len_sc superclocks from at, in beat ticks, as Ardour's
 * TempoMap::convert_duration gives it: from at's frame (rounded down, when
 * at is in beats), the beats of where it ends less at's. */
static bool length_beats(reader *r, const xmlNode *g, int64_t len_sc, atime at, int64_t *ticks)
{
  int64_t p = at.v, b = 0, a = 0;
  const int64_t rate = (int64_t)r->rate;
  if (at.beats) {
    if (!ardour_superclock_of(r, g, at, &p))
      return false;
    p = sp_ardour_superclock_of_frame(&r->map, sp_ardour_frame_of(&r->map, p, rate), rate);
  }
  if (!beats_of(r, g, (atime){.v = p + len_sc}, &b) || !beats_of(r, g, at, &a))
    return false;
  *ticks = b - a;
  return true;
}

/* pos + len (a timepos_t plus a timecnt_t), in pos's domain. */
static bool time_add(reader *r, const xmlNode *g, atime pos, atime len, atime *out)
{
  if (pos.beats == len.beats) {
    *out = (atime){.v = pos.v + len.v, .beats = pos.beats};
    return true;
  }
  if (pos.beats) {
    int64_t d = 0;
    if (!length_beats(r, g, len.v, pos, &d))
      return false;
    *out = (atime){.v = pos.v + d, .beats = true};
    return true;
  }
  /* audio time plus beats: the superclock of pos's beats plus them */
  int64_t b = 0, sc = 0;
  if (!beats_of(r, g, pos, &b) ||
      !ardour_superclock_of(r, g, (atime){.v = b + len.v, .beats = true}, &sc))
    return false;
  *out = (atime){.v = sc};
  return true;
}

static bool frame_of_time(reader *r, const xmlNode *g, atime t, int64_t *frame)
{
  int64_t sc = 0;
  if (!ardour_superclock_of(r, g, t, &sc))
    return false;
  *frame = sp_ardour_frame_of(&r->map, sc, (int64_t)r->rate);
  return true;
}

/* ---- where Ardour stops reading a region under an opaque one in beats ---- */

/* Region g's position and length as Ardour 7 saved them; false for
 * Ardour 6's samples (no beats in them) or a time unread. */
static bool region_span(reader *r, const xmlNode *g, atime *pos, atime *len)
{
  const char *length = sp_xml_attr(g, "length");
  const char *at = length ? strchr(length, '@') : NULL;
  const char *p = sp_xml_attr(g, "position") ? sp_xml_attr(g, "position") : at ? at + 1 : NULL;
  return p && ardour_parse_time(r, g, p, pos) && ardour_parse_time(r, g, length, len) &&
         !pos->frames && !len->frames;
}

/* The end, in beat ticks, of the body of the opaque region g (positioned
 * in beats; k its region in s): AudioRegion::body_range's end,
 * end ().earlier (the fade-out's length), worked in g's domain: its end
 * the beats its length reaches from its position's frame
 * (TempoMap::convert_duration, as time_add), less the beats at the
 * fade-out's length counted from the timeline's start (timepos_t::earlier
 * takes other.ticks ()). False, silently, where the map cannot say. */
static bool body_end(reader *r, const sp_mix_region *k, const xmlNode *g, int64_t *ticks)
{
  atime pos, len;
  int64_t p = 0, end = 0, fade = 0;
  const int64_t rate = (int64_t)r->rate;
  const double fo = fade_seconds(r, &k->region.fade_out);
  const int64_t fsc = k->region.fade_out.shape == SP_FADE_DEFAULT || fo <= 0
                          ? sp_ardour_superclock_of_frame(&r->map, SP_FADE_DEFAULT_FRAMES, rate)
                          : llround(fo * (double)r->map.scps);
  if (!region_span(r, g, &pos, &len) || !pos.beats ||
      !sp_tempo_map_superclock_at(&r->map, pos.v, &p) ||
      !sp_tempo_map_beats_at(&r->map, fsc, &fade))
    return false;
  p = sp_ardour_superclock_of_frame(&r->map, sp_ardour_frame_of(&r->map, p, rate), rate);
  if (len.beats)
    end = pos.v + len.v;
  else if (!sp_tempo_map_beats_at(&r->map, p + len.v, &end))
    return false;
  *ticks = end - fade;
  return true;
}

/* Region a's fade-out as Ardour reads it when the read stops cut frames
 * before a's end, inside the fade: AudioRegion::read_at draws the fade's
 * first keep frames with Curve::get_vector over them alone, from the
 * curve's start to the frame where the read stops. Drawn so: the fade's
 * points before keep and the curve's value there (Ardour's default fade
 * is its constant-power curve, AudioRegion::set_fade_out's 33 steps over
 * 64 frames); none where the read stops before it. False for a fade not
 * drawn through points (left as it is). */
static bool cut_fade(reader *r, sp_mix_region *a, int64_t cut)
{
  enum { steps = 32 };
  double x[SP_FADE_DEFAULT_FRAMES], y[SP_FADE_DEFAULT_FRAMES];
  size_t n = 0;
  double *px = x, *py = y;
  if (a->region.fade_out.shape == SP_FADE_DEFAULT) {
    x[0] = 0, y[0] = 1;
    for (int i = 1; i < steps; i++) {
      const float dist = (float)i / (steps + 1.f);
      x[i] = (double)(int64_t)(SP_FADE_DEFAULT_FRAMES * dist);
      y[i] = cos(dist * M_PI / 2.0);
    }
    x[steps] = SP_FADE_DEFAULT_FRAMES, y[steps] = 0.0000316227766f; /* GAIN_COEFF_SMALL */
    n = steps + 1;
  } else if (a->region.fade_out.shape == SP_FADE_CURVE && a->region.fade_out.inverse.n == 0) {
    n = a->region.fade_out.curve.n;
    px = sp_xcalloc(n, sizeof *px);
    py = sp_xcalloc(n, sizeof *py);
    for (size_t i = 0; i < n; i++)
      px[i] = a->region.fade_out.curve.points[i].t.seconds * r->rate,
      py[i] = a->region.fade_out.curve.points[i].v;
  } else {
    return false;
  }
  const int64_t keep = (int64_t)floor(px[n - 1]) - cut;
  if (keep >= 2) {
    sp_fade_curve c;
    sp_fade_curve_init(&c, px, py, n, (int)r->rate);
    a->region.fade_out.curve.n = 0;
    for (size_t i = 0; i < n && px[i] < (double)keep; i++)
      sp_mix_auto_point(&a->region.fade_out.curve, px[i] / r->rate, py[i]);
    sp_mix_auto_point(&a->region.fade_out.curve, (double)keep / r->rate,
                      sp_fade_curve_at(&c, (double)keep));
    sp_fade_curve_fini(&c);
  }
  if (keep >= 2) { /* drawn through the points kept */
    sp_mix_fade_drawn(&a->region.fade_out, false);
  } else { /* the read stops before the fade: none of it plays */
    sp_auto_free(&a->region.fade_out.curve);
    a->region.fade_out = (sp_fade){.inverse = a->region.fade_out.inverse};
  }
  if (px != x) {
    free(px);
    free(py);
  }
  return true;
}

/* Where Ardour 7.3 stops reading the regions below an opaque region whose
 * position is in beats (measured: bench/ardour/random/found/seed197.json).
 * AudioPlaylist::read subtracts the opaque region's body from each region
 * below it, and the part of a region below left after that body starts at
 * the body's end, a time in beats; its length, that start's distance to
 * the region's end (timepos_t::distance), is then counted in beats: the
 * end rounded to Ardour's nearest tick (TempoMap::quarters_at_superclock)
 * and back, and read_at reads that many frames from the start's frame
 * (both rounded down). Where the end so comes out earlier, the region
 * stops there (a tick is 17.6 frames at 85 bpm), its fade-out drawn over
 * the frames read. This holds when one playlist read (a disk reader's
 * refill) holds both ends, as it did in every export measured. Only a
 * region in audio time whose fade-out is Ardour's default (or none) is
 * cut; one with a drawn fade-out is said. */
static void read_cuts(reader *r, sp_mix_strip *s, size_t first, const layered *o, size_t n)
{
  const int64_t rate = (int64_t)r->rate;
  for (size_t i = 0; i < n && r->map.n; i++) {
    sp_mix_region *a = &s->regions[first + i];
    atime pos, len;
    if (a->region.midi || o[i].nested || !region_span(r, o[i].g, &pos, &len) || pos.beats ||
        len.beats)
      continue;
    const int64_t end_sc = pos.v + len.v;
    int64_t best = -1, b = 0, b_sc = 0;
    size_t above = 0;
    for (size_t j = i + 1; j < n; j++) {
      const sp_mix_region *k = &s->regions[first + j];
      if (k->region.opaque && !k->hides && !o[j].nested && body_end(r, k, o[j].g, &b) &&
          sp_tempo_map_superclock_at(&r->map, b, &b_sc) && b_sc > pos.v && b_sc < end_sc &&
          b > best)
        best = b, above = j;
    }
    int64_t s0 = 0, e = 0, e_sc = 0;
    if (best < 0 || !sp_tempo_map_superclock_at(&r->map, best, &s0) ||
        !sp_tempo_map_beats_at(&r->map, end_sc, &e) ||
        !sp_tempo_map_superclock_at(&r->map, e, &e_sc) || e_sc < s0)
      continue;
    /* no other opaque region above a may lie over what is left of it */
    const double from = (double)s0 / (double)r->map.scps, to = (double)end_sc / (double)r->map.scps;
    bool covered = false;
    for (size_t j = i + 1; j < n; j++) {
      const sp_mix_region *k = &s->regions[first + j];
      covered = covered || (j != above && k->region.opaque &&
                            k->region.at.seconds + k->region.length.seconds > from &&
                            k->region.at.seconds < to);
    }
    const int64_t stop =
        sp_ardour_frame_of(&r->map, s0, rate) + sp_ardour_frame_of(&r->map, e_sc - s0, rate);
    const int64_t flen = llround(a->region.length.seconds * r->rate),
                  cut = sp_ardour_frame_of(&r->map, end_sc, rate) - stop;
    if (covered || cut <= 0 || cut >= flen)
      continue;
    if (fade_seconds(r, &a->region.fade_out) > 0 && !cut_fade(r, a, cut)) {
      loss(r, s, o[i].g,
           "Ardour stops reading it %lld frames before its end (the opaque region above it ends "
           "in beats), inside a fade-out not drawn through points: played to its end",
           (long long)cut);
      continue;
    }
    a->region.length.seconds = (double)(flen - cut) / r->rate;
  }
}

/* The start, in beat ticks, of the body of the opaque region g
 * (positioned in beats; k its region in s): AudioRegion::body_range's
 * start, (position () + the fade-in's length).increment (): the
 * fade-in's length a timepos_t in audio time, added to a position in
 * beats as the beats at that length counted from the timeline's start
 * (timepos_t::expensive_add takes other.ticks ()), and a tick more. Under
 * a tempo that differs there from the region's own, the body so starts
 * before or after the fade-in's end. False, silently, where the map
 * cannot say. */
static bool body_start(reader *r, const sp_mix_region *k, const xmlNode *g, int64_t *ticks)
{
  atime pos, len;
  int64_t fade = 0;
  const double fi = fade_seconds(r, &k->region.fade_in);
  const int64_t fsc =
      k->region.fade_in.shape == SP_FADE_DEFAULT || fi <= 0
          ? sp_ardour_superclock_of_frame(&r->map, SP_FADE_DEFAULT_FRAMES, (int64_t)r->rate)
          : llround(fi * (double)r->map.scps);
  if (!region_span(r, g, &pos, &len) || !pos.beats || !sp_tempo_map_beats_at(&r->map, fsc, &fade))
    return false;
  *ticks = pos.v + fade + 1;
  return true;
}

/* Where Ardour 7.3 stops reading a region below an opaque region whose
 * position is in beats, under that region's fade-in (measured:
 * bench/ardour/random/found/seed49.json). AudioPlaylist::read reads no
 * region below under the opaque one's body, and that body starts where
 * body_start says: where it comes out before the fade-in's end (a tempo
 * faster there than at the timeline's start), the regions below are
 * silent from it on, not faded by the inverse. A region below whose
 * fade-in ends by the body's start and which ends under it (before the
 * body's end) is cut there, its fade-out drawn over the frames read
 * (cut_fade); any other region below the early body is said. */
static void body_cuts(reader *r, sp_mix_strip *s, size_t first, const layered *o, size_t n)
{
  const int64_t rate = (int64_t)r->rate;
  for (size_t j = 1; j < n && r->map.n; j++) {
    const sp_mix_region *k = &s->regions[first + j];
    int64_t bs = 0, be = 0, bs_sc = 0, be_sc = 0;
    if (!k->region.opaque || k->hides || k->region.midi || o[j].nested ||
        !body_start(r, k, o[j].g, &bs) || !sp_tempo_map_superclock_at(&r->map, bs, &bs_sc))
      continue;
    const int64_t at = llround(k->region.at.seconds * r->rate),
                  from = sp_ardour_frame_of(&r->map, bs_sc, rate);
    const int64_t fade_end = at + llround(fade_seconds(r, &k->region.fade_in) * r->rate);
    const int64_t to =
        body_end(r, k, o[j].g, &be) && sp_tempo_map_superclock_at(&r->map, be, &be_sc)
            ? sp_ardour_frame_of(&r->map, be_sc, rate)
            : at + llround(k->region.length.seconds * r->rate);
    if (from >= fade_end || from < at)
      continue;
    for (size_t i = 0; i < j; i++) {
      sp_mix_region *a = &s->regions[first + i];
      const int64_t a0 = llround(a->region.at.seconds * r->rate),
                    flen = llround(a->region.length.seconds * r->rate);
      if (a->region.midi || o[i].nested || a0 + flen <= from || a0 >= fade_end)
        continue;
      const int64_t cut = a0 + flen - from;
      if (a0 + llround(fade_seconds(r, &a->region.fade_in) * r->rate) <= from && a0 + flen <= to &&
          (fade_seconds(r, &a->region.fade_out) <= 0 || cut_fade(r, a, cut))) {
        a->region.length.seconds = (double)(flen - cut) / r->rate;
        continue;
      }
      loss(r, s, o[i].g,
           "Ardour does not read it from frame %lld, where the opaque region above it starts its "
           "body (in beats) before its fade-in ends: played faded by the inverse there",
           (long long)from);
    }
  }
}

/* A MIDI region's times as MidiRegion::render_range and MidiSource::
 * midi_read take them (io/session/ardour_midi.h): its source's start on
 * the timeline (its position less its start), where it starts in its
 * source, the beats it plays from and before, the frames it starts and
 * resolves its notes at, and where it lies. */
static bool midi_span(reader *r, const xmlNode *g, sp_ardour_midi_region *out)
{
  const char *length = sp_xml_attr(g, "length");
  const char *atpos = length ? strchr(length, '@') : NULL;
  const char *position = sp_xml_attr(g, "position");
  const char *name = sp_xml_attr(g, "name");
  position = position ? position : atpos ? atpos + 1 : NULL;
  if (!length || !position) {
    error(r, g, SP_ERR_USAGE, "Region '%s': no %s; a MIDI region of Ardour 7 has both",
          name ? name : "", length ? "position" : "length");
    return false;
  }
  atime pos, start = {.beats = true}, len, len_at;
  if (!region_time(r, g, "position", position, &pos) ||
      !region_time(r, g, "length", length, &len) ||
      (sp_xml_attr(g, "start") && !region_time(r, g, "start", sp_xml_attr(g, "start"), &start)))
    return false;
  len_at = pos;
  if (atpos && !region_time(r, g, "length's position", atpos + 1, &len_at))
    return false;
  int64_t st_beats = 0, st_sc = 0, cnt = 0;
  if (!beats_of(r, g, start, &st_beats) || !ardour_superclock_of(r, g, start, &st_sc))
    return false;
  /* source_position () = position ().earlier (start), in position's
   * domain; the source's and the read's start: that plus start */
  const atime src = {.v = pos.v - (pos.beats ? st_beats : st_sc), .beats = pos.beats};
  const atime from = {.v = src.v + (src.beats ? st_beats : st_sc), .beats = src.beats};
  if (len.beats)
    cnt = len.v;
  else if (!length_beats(r, g, len.v, len_at, &cnt))
    return false;
  atime end, last;
  if (!beats_of(r, g, src, &out->source_start) || !beats_of(r, g, from, &out->first) ||
      !time_add(r, g, from, len, &end) || !frame_of_time(r, g, end, &out->end_frame) ||
      !frame_of_time(r, g, pos, &out->at_frame) || !time_add(r, g, pos, len, &last))
    return false;
  out->start = st_beats;
  out->end = out->source_start + st_beats + cnt;
  out->audio_time = !pos.beats;
  out->pos = pos.v;
  out->last = last.v - 1; /* Region::nt_last: its end less one tick or superclock */
  return true;
}

/* The model of a MIDI source, read once; NULL (said) when it cannot be.
 * A compound region's source (a playlist's, in the NestedSource of its
 * whole-file region, as Ardour 6 combined MIDI regions: Ardour 7's Combine
 * writes their merge into a MIDI file of its own, MidiPlaylist::combine)
 * Ardour 7.3 loads as a MIDI file that is missing (SourceFactory::create
 * makes an SMFSource of it, which then opens an empty file to write:
 * there is no MIDI playlist source since Ardour 7): an empty model, so the
 * region plays nothing, and is layered as any (opaque, nothing of what is
 * below it plays under it), a loss said, not measured. */
static const sp_ardour_model *midi_model(reader *r, sp_mix_strip *s, const xmlNode *g,
                                         const char *id)
{
  size_t i;
  midi_source *src = id && sp_strmap_get(&r->midi_ids, id, &i) ? &r->midi[i] : NULL;
  const xmlNode *nested = src ? NULL : playlist_source(r, id);
  if (nested && sp_xml_attr(nested, "type") &&
      ardour_is_type(sp_xml_attr(nested, "type"), "midi")) {
    loss(r, s, g,
         "a MIDI compound region (its source '%s' a playlist's, as Ardour 6 combined MIDI "
         "regions), which Ardour 7.3 loads as a missing MIDI file, empty: it plays nothing of "
         "the regions combined in it, nor of those below it where it lies (not measured)",
         sp_xml_peek(nested, "name") ? sp_xml_peek(nested, "name") : "");
    if (!r->empty_midi) {
      sp_midi_file *f = sp_midi_file_new(0, 1920, 1);
      sp_midi_file_finish(f);
      r->empty_midi = sp_ardour_model_new(f);
      sp_midi_file_free(f);
    }
    return r->empty_midi;
  }
  if (!src) {
    error(r, g, SP_ERR_USAGE, "Region '%s': its source-0 names no MIDI source",
          sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
    return NULL;
  }
  if (src->read)
    return src->model;
  src->read = true;
  char *path = ardour_find_source(r, src->name, "midifiles");
  if (!path) {
    error(r, src->el, SP_ERR_IO,
          "Source '%s': no such file in %s/interchange/*/midifiles (or it cannot be read); put "
          "the session's MIDI back or fix the name",
          src->name, r->dir);
    return NULL;
  }
  char why[512];
  sp_midi_file *f = NULL;
  if (sp_smf_read(path, &f, why, sizeof why) != SP_OK) {
    error(r, src->el, SP_ERR_IO, "Source '%s': %s: %s", src->name, path, why);
  } else {
    src->model = sp_ardour_model_new(f);
    if (!src->model)
      error(r, src->el, SP_ERR_USAGE,
            "Source '%s': a MIDI file timed in SMPTE frames, which Ardour reads as beats; save "
            "it with a metrical time base (ticks a quarter note)",
            src->name);
  }
  sp_midi_file_free(f);
  free(path);
  return src->model;
}

/* A MIDI file's time base in which a tick is one frame at rate: d ticks a
 * quarter note, u µs a quarter note, d/u = rate/10^6 (the tempo nearest
 * 120 bpm that allows). False for a rate no file can tick at. */
static bool frame_ticks(int64_t rate, int *d, uint32_t *u)
{
  int64_t a = rate, b = 1000000;
  while (b) {
    const int64_t t = a % b;
    a = b;
    b = t;
  }
  const int64_t p = rate / a, q = 1000000 / a;
  int64_t k = (500000 + q / 2) / q;
  k = k < 1 ? 1 : k;
  if (k * p > 32767)
    k = 32767 / p;
  if (k * q > 16777215)
    k = 16777215 / q;
  if (k < 1)
    return false;
  *d = (int)(k * p);
  *u = (uint32_t)(k * q);
  return true;
}

/* name as a file name: letters, digits, '.', '-' and '_', others '_'. */
static char *file_name(const char *name)
{
  char *f = sp_xstrdup(name && *name ? name : "midi");
  for (char *c = f; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '.' || *c == '-' || *c == '_'))
      *c = '_';
  return f;
}

/* The part of region g as a MIDI file of its own, its ticks the frames
 * from at, written where the import's MIDI goes; the recipe's path to it,
 * or NULL (said). The note-offs Ardour sends where the region's notes are
 * resolved are in it before its end (where an opaque region above starts
 * over it), and at its end too when resolves; at its end, else, the
 * recipe's region end turns them off. */
static char *write_part(reader *r, const xmlNode *g, const sp_ardour_midi_part *part, int64_t at,
                        int64_t end, bool resolves, int force, int64_t own_end)
{
  int d = 0;
  uint32_t u = 0;
  frame_ticks((int64_t)r->rate, &d, &u);
  sp_midi_file *f = sp_midi_file_new(0, d, 1);
  sp_midi_add_tempo(f, 0, u);
  const char *name = sp_xml_attr(g, "name");
  sp_midi_set_track_name(f, 0, name);
  for (size_t i = 0; i < part->n; i++) {
    const sp_ardour_midi_event *e = &part->ev[i];
    if (!resolves && e->resolve && e->frame >= end)
      continue;
    uint8_t msg[3];
    memcpy(msg, e->msg, e->size);
    /* on the forced channel, but the note-offs at the region's own end */
    if (force >= 0 && msg[0] >= 0x80 && msg[0] < 0xF0 && !(e->resolve && e->frame >= own_end))
      msg[0] = (uint8_t)((msg[0] & 0xF0) | force);
    sp_midi_add_event(f, e->frame - at, 0, msg, e->size);
  }
  f->end_tick = end - at;
  sp_midi_file_finish(f);
  char why[512];
  char *fname = file_name(name);
  char *path = sp_session_write_midi(r->midi_dir, r->midi_cache, r->o->stage, fname, f, &r->written,
                                     &r->n_written, NULL, why, sizeof why);
  free(fname);
  sp_midi_file_free(f);
  if (!path) {
    error(r, g, SP_ERR_IO, "Region '%s': cannot write its MIDI into %s: %s", name ? name : "",
          r->midi_dir, why);
    return NULL;
  }
  char *rel = sp_fs_relative_to(path, r->recipe_dir);
  free(path);
  return rel;
}

/* A MIDI region's place in its playlist's layers: the key it is sorted
 * by (its layering-index, then its layer), where it starts and its place
 * in the playlist. */
typedef struct midi_layer {
  unsigned long long key;
  int64_t at;
  size_t k;
} midi_layer;

static int by_key(const void *a, const void *b)
{
  const midi_layer *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

/* The n regions rg (and their elements el) put in Ardour's layer order,
 * bottom first: Playlist::relayer (its Manual model, the default) takes
 * them by layering-index and puts each on the layer above the highest one
 * holding a region it overlaps (0 when none); MidiPlaylist::render takes
 * them by layer, on one layer by position. (Muted regions, left out, take
 * no layer here.) */
static void midi_layers(sp_ardour_midi_region *rg, const xmlNode **el, size_t n)
{
  if (n < 2)
    return;
  midi_layer *o = sp_xcalloc(n, sizeof *o);
  unsigned long long *layer = sp_xcalloc(n, sizeof *layer);
  for (size_t i = 0; i < n; i++) {
    const char *li = sp_xml_attr(el[i], "layering-index");
    o[i] = (midi_layer){li ? strtoull(li, NULL, 10) : 0, rg[i].at_frame, i};
  }
  qsort(o, n, sizeof *o, by_key);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < i; j++) {
      const sp_ardour_midi_region *a = &rg[o[i].k], *b = &rg[o[j].k];
      if (a->at_frame < b->end_frame && b->at_frame < a->end_frame && layer[j] + 1 > layer[i])
        layer[i] = layer[j] + 1;
    }
  }
  for (size_t i = 0; i < n; i++)
    o[i].key = layer[i];
  qsort(o, n, sizeof *o, by_key);
  sp_ardour_midi_region *r2 = sp_xcalloc(n, sizeof *r2);
  const xmlNode **e2 = sp_xcalloc(n, sizeof *e2);
  for (size_t i = 0; i < n; i++) {
    r2[i] = rg[o[i].k];
    e2[i] = el[o[i].k];
  }
  memcpy(rg, r2, n * sizeof *rg);
  memcpy(el, e2, n * sizeof *el);
  free(r2);
  free(e2);
  free(layer);
  free(o);
}

void ardour_midi_playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id,
                          int force)
{
  const xmlNode *pl = sp_xml_child(root, "Playlists") ? sp_xml_index_find(&r->playlists, id) : NULL;
  if (!pl) {
    error(r, NULL, SP_ERR_USAGE, "no playlist with id %s (a track's midi-playlist)", id);
    return;
  }
  int d = 0;
  uint32_t u = 0;
  if (r->rate != floor(r->rate) || !frame_ticks((int64_t)r->rate, &d, &u)) {
    loss(r, s, pl, "at %g Hz no MIDI file times its events to the frame: its regions are left out",
         r->rate);
    return;
  }
  sp_ardour_midi_region *rg = NULL;
  const xmlNode **el = NULL;
  size_t n = 0;
  for (const xmlNode *g = sp_xml_child(pl, "Region"); g; g = sp_xml_next(g, "Region")) {
    if (ardour_switch(r, g, "muted", false)) {
      sp_xml_read_all(g); /* Ardour plays no muted region */
      continue;
    }
    sp_ardour_midi_region x = {0};
    if (!midi_span(r, g, &x) || !(x.model = midi_model(r, s, g, sp_xml_attr(g, "source-0"))))
      continue;
    /* MIDI regions are opaque since format 7001 (MidiRegion::set_state) */
    x.opaque = r->version >= 7001 && ardour_switch(r, g, "opaque", true);
    rg = sp_xreallocarray(rg, n + 1, sizeof *rg);
    el = sp_xreallocarray(el, n + 1, sizeof *el);
    rg[n] = x;
    el[n++] = g;
  }
  midi_layers(rg, el, n);
  sp_ardour_midi_part *parts = sp_xcalloc(n ? n : 1, sizeof *parts);
  sp_ardour_midi_play(rg, n, &r->map, (int64_t)r->rate, parts);
  for (size_t i = 0; i < n; i++) {
    const sp_ardour_midi_part *p = &parts[i];
    const xmlNode *g = el[i];
    size_t sysex = sp_ardour_model_sysex(rg[i].model);
    if (sysex)
      loss(r, s, g, "%zu SysEx message%s or escape%s (F7) in its source: left out", sysex,
           sysex == 1 ? "" : "s", sysex == 1 ? "" : "s");
    int64_t at = rg[i].at_frame, end = p->resolve_frame;
    size_t played = 0;
    bool pedal[16] = {false};
    for (size_t k = 0; k < p->n; k++) {
      const sp_ardour_midi_event *e = &p->ev[k];
      if (e->resolve)
        continue;
      played++;
      at = e->frame < at ? e->frame : at;
      end = e->frame >= end ? e->frame + 1 : end;
      if ((e->msg[0] & 0xF0) == 0xB0 && e->msg[1] == 64)
        pedal[e->msg[0] & 0x0F] = e->msg[2] >= 64;
    }
    if (played == 0) {
      sp_mix_note(s, "its region '%s' plays nothing here: left out",
                  sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "");
      continue;
    }
    /* Notes Ardour leaves on at the region's end (a region under an opaque
     * one: its note-offs there go) and a sustain pedal it leaves down (its
     * end turns off notes only) sound on in Ardour, where the recipe's
     * region end ends them: the region then plays on to the session
     * range's end, with the note-offs Ardour does send (found by
     * bench/ardour/random: seeds 1, 2, 24 and more, -15 to -55 dBFS while
     * a loss). Without a range, a loss. */
    /* A track that forces a channel: Ardour's filter moves each event the
     * region reads onto it (MidiSource::midi_read), but the note-offs at the
     * region's end go out on the channels the notes were read on (its
     * MidiNoteTracker takes the events as read), which the region's
     * `force_channel` would move too: an instrument that keeps its
     * channels apart leaves those notes sounding (seed 752, ACE Fluid
     * Synth, -37.8 dBFS while the recipe ended them). The region's events
     * are then written on the channel, those note-offs as Ardour sends
     * them, and it plays on as a region whose notes hang. */
    bool strays = false;
    for (size_t k = 0; force >= 0 && k < p->n; k++)
      strays |= p->ev[k].resolve && p->ev[k].frame >= rg[i].end_frame &&
                (p->ev[k].msg[0] & 0x0F) != force;
    bool held = p->hangs;
    for (int ch = 0; ch < 16; ch++)
      held |= pedal[ch];
    const bool on = (held || strays) && r->range_end > 0;
    if (p->hangs && !on)
      loss(r, s, g,
           "Ardour 7.3 leaves the notes it holds at its end sounding (no opaque region follows "
           "to end them); the recipe ends them there");
    else if (strays && !on)
      loss(r, s, g,
           "Ardour 7.3 turns off the notes it holds at its end on the channels they were read on, "
           "not channel %d where the track plays them; the recipe ends them there",
           force + 1);
    for (int ch = 0; ch < 16; ch++)
      if (pedal[ch] && !on) {
        loss(r, s, g,
             "it leaves the sustain pedal down on channel %d: Ardour leaves it down after the "
             "region, the recipe lifts it where the region ends",
             ch + 1);
        break;
      }
    if (!region_allowed(r, g))
      break;
    if (on && strays)
      sp_mix_note(s,
                  "its region '%s' turns off the notes it holds at its end on the channels they "
                  "were read on, not channel %d where the track plays them, as Ardour does: its "
                  "events written on channel %d, those note-offs on theirs, and it plays on to "
                  "the session's end",
                  sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "", force + 1, force + 1);
    if (on && r->range_end > end) {
      end = r->range_end;
      if (held)
        sp_mix_note(s,
                    "its region '%s' leaves %s: it plays on to the session's end, as in "
                    "Ardour",
                    sp_xml_attr(g, "name") ? sp_xml_attr(g, "name") : "",
                    p->hangs ? "notes sounding" : "the sustain pedal down");
    }
    char *file = write_part(r, g, p, at, end, on, on && strays ? force : -1, rg[i].end_frame);
    if (!file)
      continue;
    sp_mix_midi_region_add(s, file, (double)at / r->rate, 0, (double)(end - at) / r->rate);
    s->regions[s->n_regions - 1].line = sp_xml_line(g);
    s->regions[s->n_regions - 1].own_channels = on && strays;
    free(file);
  }
  sp_ardour_midi_parts_free(parts, n);
  free(parts);
  free(rg);
  free(el);
}
