/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A DAWproject 1.0 file read into a mix (io/session/mix.h), for
 * sp_session_import (io/session/import.c). docs/sessions.md lists what is
 * carried over and how; the format's schema is io/session/dawproject.xsd,
 * built into the binary, and every project.xml is validated against it
 * before it is read, so the walk below can rely on the structure (which
 * element may hold which) while still checking every value. */

#include "io/session/dawproject.h"

#include "io/session/session.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/base/digest.h"
#include "core/procs/lv2.h"
#include "io/fs/fs.h"
#include "io/session/zip.h"
#include "io/session/mix.h"
#include "io/session/part.h"
#include "io/session/reader.h"
#include "io/xml/xml.h"
#include "sp_dawproject_xsd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* The largest project.xml read (a long, dense session is a few MB). */
#define SP_DAWPROJECT_MAX_XML (64u << 20)
/* The largest audio entry extracted, and the most audio one import
 * extracts in all (a few MB of deflate can claim terabytes). */
#define SP_DAWPROJECT_MAX_AUDIO (16ull << 30)
#define SP_DAWPROJECT_MAX_AUDIO_TOTAL (64ull << 30)
/* The free space an extraction leaves at least, in bytes. */
#define SP_DAWPROJECT_SPARE (256.0 * 1e6)
/* The most regions one import makes, loops included, and the most warp
 * points (docs/sessions.md, Bad input): what the recipe they become may
 * hold (io/recipe/yamltree.c reads at most a million YAML nodes, a region
 * some 13, a warp point 3), so that a session of few clips looped many
 * times fails at the clip that passes it, not after its text is made. */
#define SP_DAWPROJECT_MAX_REGIONS SP_SESSION_MAX_REGIONS
#define SP_DAWPROJECT_MAX_WARP_POINTS SP_SESSION_MAX_WARP_POINTS
/* The most MIDI messages one import writes (two a note), and the most
 * notes and points it reads, loops and clips in clips counted as often as
 * they play (a tiny loop of a dense clip could ask for billions). */
#define SP_DAWPROJECT_MAX_EVENTS 4000000
#define SP_DAWPROJECT_MAX_VISITS 50000000
/* How deep aliased clips (Clip reference=) may refer to one another. */
#define SP_DAWPROJECT_MAX_DEPTH 32

/* ---- the tempo map: beats to seconds ---------------------------------------- */

typedef struct tempo_pt {
  double beat, bpm;
  bool hold; /* the tempo holds to the next point, else ramps linearly in beats */
} tempo_pt;

typedef struct tempo_map {
  tempo_pt *v;
  size_t n;
  double bpm; /* before the first point, or throughout */
} tempo_map;

/* Seconds from beat b0 to b1 (b0 <= b1) at a tempo that goes linearly from
 * t0 (at b0) with slope k bpm per beat. */
static double span(double b0, double b1, double t0, double k)
{
  double db = b1 - b0;
  double t1 = t0 + k * db;
  if (fabs(k) < 1e-12 || fabs(t1 - t0) < 1e-9)
    return 60 * db / t0;
  return 60 * db * log(t1 / t0) / (t1 - t0);
}

static double to_seconds(const tempo_map *tm, double beat)
{
  if (tm->n == 0 || beat <= tm->v[0].beat)
    return beat * 60 / (tm->n ? tm->v[0].bpm : tm->bpm);
  double sec = tm->v[0].beat * 60 / tm->v[0].bpm;
  for (size_t i = 0; i < tm->n; i++) {
    const tempo_pt *p = &tm->v[i];
    bool last = i + 1 == tm->n;
    double end = last ? beat : fmin(beat, tm->v[i + 1].beat);
    double k = (last || p->hold || tm->v[i + 1].beat <= p->beat)
                   ? 0
                   : (tm->v[i + 1].bpm - p->bpm) / (tm->v[i + 1].beat - p->beat);
    sec += span(p->beat, end, p->bpm, k);
    if (end >= beat)
      break;
  }
  return sec;
}

/* ---- the reader's state --------------------------------------------------------- */

typedef enum target_kind {
  T_VOLUME,
  T_PAN,
  T_MUTE,
  T_SEND_VOLUME,
  T_SEND_PAN,
  T_OTHER
} target_kind;

/* A parameter automation may target. */
typedef struct target {
  const char *id;
  target_kind kind;
  size_t strip; /* index in m->strips, or SIZE_MAX: master */
  size_t send;
  const char *unit;
  double min, max;
  bool has_range;
  const char *what; /* for messages: "Volume of 'Kick'" */
} target;

/* A VCA channel: its strip is not written; what it controls takes its
 * level, mute and output. */
typedef struct vca {
  char *id;
} vca;

/* Automation found in the arrangement (find_points). */
typedef struct found_points {
  const char *pid;     /* its target parameter's id */
  const xmlNode *pts;  /* the Points */
  bool beats;          /* its lane's times are beats */
  bool taken;          /* read by a device */
} found_points;

/* An instrument track: its part in frames, its clips' end, the losses
 * said of it (once each). */
typedef struct notes_track {
  char *strip_id; /* its strip's id */
  char *title;
  sp_part part;
  int64_t clips_end; /* frames */
  bool said_value, said_per_note, said_content, said_fade, said_late;
} notes_track;

/* An element with an id, for clips that refer to their content (alias
 * clips, Clip reference=). */
typedef struct id_ref {
  const char *id;
  const xmlNode *n;
} id_ref;

typedef struct reader {
  sp_session_where where; /* errors and losses (reader.h) */
  const char *path;       /* the .dawproject */
  const char *xml_name;   /* "song.dawproject:project.xml" for messages */
  const sp_import_opts *o;
  sp_zip *zip;
  sp_mix *m;
  sp_diags *d;
  tempo_map tm;
  char *session_dir;
  char *recipe_dir;
  char *audio_dir;  /* where embedded audio goes */
  bool audio_cache; /* audio_dir is the content-addressed cache */
  /* Track ids to channel ids. */
  char **track_ids, **track_channels;
  size_t n_tracks;
  target *targets;
  size_t n_targets, cap_targets;
  found_points *points;
  size_t n_points;
  char **extracted_from, **extracted_to;
  size_t n_extracted;
  char **created; /* the files this import made, removed if it fails */
  size_t n_created;
  size_t rates[8]; /* counts of 44.1, 48, 88.2, 96, 176.4, 192 kHz, other */
  double rate_seen[8];
  char *master_id;
  char **vcas;
  size_t n_vcas;
  bool said_notes;
  uint64_t extracted; /* bytes of audio extracted so far */
  size_t regions;     /* regions made so far */
  bool said_regions;
  size_t warp_points; /* written, against SP_DAWPROJECT_MAX_WARP_POINTS */
  notes_track *notes; /* the instrument tracks */
  size_t n_notes;
  const xmlNode *instrument_dev; /* the channel's instrument, read before its devices */
  char **tracks_out; /* ids of instrument tracks left out (their clips say nothing more) */
  size_t n_tracks_out;
  char **midi, **midi_names; /* MIDI files written; the names taken beside the recipe */
  size_t n_midi, n_midi_names;
  size_t events, visits; /* MIDI messages made, notes and points read */
  bool said_events;
  id_ref *ids; /* every element with an id, by id (made when a clip refers to one) */
  size_t n_ids;
  bool ids_made;
  const xmlNode *root;
  const xmlNode **bad; /* notes said to be wrong */
  size_t n_bad;
} reader;

/* Errors and losses, said the way every session reader says them. */
#define error(r, ...) sp_session_error(&(r)->where, __VA_ARGS__)
#define loss(r, ...) sp_session_loss(&(r)->where, __VA_ARGS__)

/* v to 12 significant digits: a value a unit conversion made (a ratio from
 * a percent, a pan from 0 .. 1) reads as the number it was written from
 * (2 * 0.65 - 1 is 0.30000000000000004: 0.3). */
static double round12(double v)
{
  char b[40];
  snprintf(b, sizeof b, "%.12g", v);
  return strtod(b, NULL);
}

/* Whether s says minus infinity ("-inf", "-Infinity"): silence in dB. */
static bool minus_inf(const char *s)
{
  return s && (strcasecmp(s, "-inf") == 0 || strcasecmp(s, "-infinity") == 0);
}

/* A RealParameter's value as a level in dB. */
static bool level_db(reader *r, const xmlNode *p, double *db)
{
  double v = 0;
  const char *u = sp_xml_attr(p, "unit");
  if (p && u && strcmp(u, "decibel") == 0 && minus_inf(sp_xml_attr(p, "value"))) {
    *db = -INFINITY;
    return true;
  }
  if (!p || !sp_xml_number(p, "value", &v, r->xml_name, r->d))
    return false;
  if (u && strcmp(u, "decibel") == 0)
    *db = v;
  else if (u && strcmp(u, "linear") == 0)
    *db = round12(sp_lin_to_db(v)); /* 0.891250938… is -1 dB, not -0.9999999999999997 */
  else {
    error(r, p, SP_ERR_USAGE,
          "%s: a level in unit '%s'; DAWproject levels are 'linear' or "
          "'decibel'",
          (const char *)p->name, u ? u : "");
    return false;
  }
  return true;
}

/* A pan parameter's value as -1 .. +1: normalized 0 .. 1, or its own
 * min .. max. */
static double pan_value(double v, const char *unit, bool has_range, double min, double max)
{
  if (has_range && max > min)
    v = (v - min) / (max - min) * 2 - 1;
  else if (!unit || strcmp(unit, "normalized") == 0)
    v = v * 2 - 1;
  return round12(fmax(-1, fmin(1, v)));
}

static bool read_pan(reader *r, const xmlNode *p, double *pan, bool *has_range, double *min,
                     double *max)
{
  double v = 0;
  if (!p || !sp_xml_number(p, "value", &v, r->xml_name, r->d))
    return false;
  *has_range = sp_xml_number(p, "min", min, r->xml_name, r->d) &&
               sp_xml_number(p, "max", max, r->xml_name, r->d);
  *pan = pan_value(v, sp_xml_attr(p, "unit"), *has_range, *min, *max);
  return true;
}

static void add_target(reader *r, const xmlNode *p, target_kind k, size_t strip, size_t send,
                       const char *what)
{
  const char *id = sp_xml_attr(p, "id");
  if (!id)
    return;
  if (r->n_targets == r->cap_targets) {
    r->cap_targets = r->cap_targets ? 2 * r->cap_targets : 16;
    r->targets = sp_xreallocarray(r->targets, r->cap_targets, sizeof *r->targets);
  }
  target *t = &r->targets[r->n_targets++];
  memset(t, 0, sizeof *t);
  t->id = id;
  t->kind = k;
  t->strip = strip;
  t->send = send;
  t->unit = sp_xml_attr(p, "unit");
  t->has_range =
      sp_xml_number(p, "min", &t->min, NULL, NULL) && sp_xml_number(p, "max", &t->max, NULL, NULL);
  t->what = what;
}

/* ---- devices ---------------------------------------------------------------------- */

/* v limited to [lo, hi], with a loss when it had to move. */
static double within(reader *r, sp_mix_strip *s, const xmlNode *dev, const char *what, double v,
                     double lo, double hi, const char *unit)
{
  if (v >= lo && v <= hi)
    return v;
  double c = fmax(lo, fmin(hi, v));
  loss(r, s, dev, "%s %g%s is outside stemprint's %g .. %g%s: set to %g%s", what, v, unit, lo, hi,
       unit, c, unit);
  return c;
}

static const char *bypassed(const xmlNode *dev)
{
  const xmlNode *en = sp_xml_child(dev, "Enabled");
  return en && !sp_xml_bool(en, "value", true) ? ", bypass: true" : "";
}

static bool unit_beats(const char *u, bool def);

/* The arrangement's automation (Points), found before the devices are
 * read so that a device's moving parameter is written with its
 * breakpoints: each Points's target, its lane's time unit and whether a
 * device took it. */
static void find_points(reader *r, const xmlNode *ln, bool beats)
{
  const bool b = unit_beats(sp_xml_attr(ln, "timeUnit"), beats);
  for (const xmlNode *n = sp_xml_child(ln, NULL); n; n = sp_xml_next(n, NULL)) {
    if (sp_xml_is(n, "Lanes")) {
      find_points(r, n, b);
    } else if (sp_xml_is(n, "Points")) {
      const char *pid = sp_xml_attr(sp_xml_child(n, "Target"), "parameter");
      if (!pid)
        continue;
      r->points = sp_xreallocarray(r->points, r->n_points + 1, sizeof *r->points);
      r->points[r->n_points++] = (found_points){pid, n, b, false};
    }
  }
}

/* The automation of parameter node p, when the arrangement has some. */
static found_points *find_points_of(reader *r, const xmlNode *p)
{
  const char *id = sp_xml_attr(p, "id");
  for (size_t i = 0; id && i < r->n_points; i++)
    if (strcmp(r->points[i].pid, id) == 0)
      return &r->points[i];
  return NULL;
}

/* The same, taken by a device (the channels' automation pass leaves it). */
static found_points *points_of(reader *r, const xmlNode *p)
{
  found_points *fp = find_points_of(r, p);
  if (fp)
    fp->taken = true;
  return fp;
}

/* The automation of an Enabled (a device's, a band's) as bypass steps,
 * into out: each BoolPoint at the frame nearest its time, 1 (bypassed)
 * where Enabled is false; false when it has none. An Enabled automated by
 * numbers is a loss (it holds its value). */
static bool enabled_steps(reader *r, sp_mix_strip *s, const xmlNode *en, sp_mix_auto *out)
{
  const found_points *fp = en ? points_of(r, en) : NULL;
  if (!fp)
    return false;
  for (const xmlNode *q = sp_xml_child(fp->pts, "BoolPoint"); q; q = sp_xml_next(q, "BoolPoint")) {
    double time = 0;
    if (!sp_xml_number(q, "time", &time, r->xml_name, r->d))
      continue;
    const double sec = fp->beats ? to_seconds(&r->tm, time) : time;
    const double frame = (double)llround(sec * r->m->rate);
    if (out->n > 0 && frame < out->pts[out->n - 1].t) {
      error(r, q, SP_ERR_USAGE,
            "BoolPoint: time %g comes before the point above it; points must be in time order",
            time);
      break;
    }
    sp_mix_auto_point(out, frame, sp_xml_bool(q, "value", true) ? 0 : 1);
  }
  if (sp_xml_child(fp->pts, "RealPoint") || sp_xml_child(fp->pts, "IntegerPoint"))
    loss(r, s, fp->pts,
         "automation of Enabled by numbers, not BoolPoints: left out (it holds its value)");
  return out->n > 0;
}

/* Bypass steps a and b merged: bypassed where either is (a device's and
 * its band's), into out. */
static void either_bypassed(const sp_mix_auto *a, const sp_mix_auto *b, sp_mix_auto *out)
{
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    const double t =
        j >= b->n || (i < a->n && a->pts[i].t <= b->pts[j].t) ? a->pts[i].t : b->pts[j].t;
    while (i < a->n && a->pts[i].t <= t)
      i++;
    while (j < b->n && b->pts[j].t <= t)
      j++;
    const double va = a->pts[i ? i - 1 : 0].v, vb = b->pts[j ? j - 1 : 0].v;
    sp_mix_auto_point(out, t, va != 0 || vb != 0 ? 1 : 0);
  }
}

/* Bypass steps as an insert's key: ", bypass: [[0 smp, false], ...]". */
static char *bypass_text(const sp_mix_auto *a)
{
  char *text = sp_xstrdup(", bypass: [");
  for (size_t i = 0; i < a->n; i++) {
    char *t = sp_xasprintf("%s%s[%.0f smp, %s]", text, i ? ", " : "", a->pts[i].t,
                           a->pts[i].v != 0 ? "true" : "false");
    free(text);
    text = t;
  }
  char *done = sp_xasprintf("%s]", text);
  free(text);
  return done;
}

/* A device's bypass as an insert's key: its Enabled's automation as the
 * recipe's moving bypass (Enabled true is bypass false), else
 * ", bypass: true" when it is off, else "". Heap. */
static char *bypass_of(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  sp_mix_auto steps = {0};
  char *text = enabled_steps(r, s, sp_xml_child(dev, "Enabled"), &steps)
                   ? bypass_text(&steps)
                   : sp_xstrdup(bypassed(dev));
  free(steps.pts);
  return text;
}

/* How a device's parameter becomes an insert's: its kind decides the units
 * it may be in and the recipe's unit; the range is stemprint's. */
typedef enum dp_kind {
  DP_HZ,      /* hertz, moving geometrically in the recipe */
  DP_DB,      /* a level: decibel or linear */
  DP_PLAIN,   /* a number (a Q) */
  DP_SECONDS, /* a time */
  DP_RATIO,   /* percent (0 % is 1:1, 100 % ∞:1) or normalized 0 .. 1 */
  DP_RANGE,   /* a gate's range: its attenuation, a level below 0 dB */
} dp_kind;

typedef struct dparam {
  dp_kind kind;
  double lo, hi;
  const char *what, *unit; /* for messages: "band frequency", " Hz" */
} dparam;

static double ratio_of_percent(double p) { return p >= 100 ? INFINITY : 1 / (1 - fmax(0, p) / 100); }
static double ratio_of_normalized(double p) { return p >= 1 ? INFINITY : 1 / (1 - fmax(0, p)); }
static double attenuation_db(double db) { return -db; }
static double attenuation_of_factor(double g) { return -sp_lin_to_db(fmax(g, 1e-6)); }
/* A gain factor in dB, -120 dB for 0 and below (inside a ramp). */
static double db_of_factor(double g) { return sp_lin_to_db(fmax(g, 1e-6)); }

/* How a value of kind k written in unit u reads in the recipe's terms:
 * *convert (NULL: as it is), false when u is not one k may be in. */
static bool dp_unit(dp_kind k, const char *u, double (**convert)(double))
{
  const bool none = !u, db = u && strcmp(u, "decibel") == 0, lin = u && strcmp(u, "linear") == 0;
  *convert = NULL;
  switch (k) {
  case DP_HZ:
    return none || strcmp(u, "hertz") == 0;
  case DP_SECONDS:
    return none || strcmp(u, "seconds") == 0;
  case DP_PLAIN:
    return true;
  case DP_DB:
    *convert = lin ? db_of_factor : NULL;
    return db || lin;
  case DP_RANGE:
    *convert = lin ? attenuation_of_factor : attenuation_db;
    return db || lin;
  case DP_RATIO: /* linear: the ratio itself */
    *convert = lin ? NULL : u && strcmp(u, "normalized") == 0 ? ratio_of_normalized
                                                             : ratio_of_percent;
    return none || lin || strcmp(u, "percent") == 0 || strcmp(u, "normalized") == 0;
  }
  return false;
}

/* v of kind k as recipe text: "1000 Hz", "-3 dB", "0.7", "0.01". */
static char *dp_text(dp_kind k, double v)
{
  const char *unit = k == DP_HZ ? " Hz" : k == DP_DB || k == DP_RANGE ? " dB" : "";
  return sp_xasprintf("%s%s", sp_mix_num(v).text, unit);
}

/* A parameter's breakpoints, as the recipe moves them (geometrically for a
 * frequency, linearly else) along the format's ramps (linearly in the
 * unit it is written in; a hold point holds, then jumps); NULL when the
 * points cannot be read here (a loss says so). */
static char *dp_points(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *p,
                       const found_points *fp, const dparam *d)
{
  const char *unit = sp_xml_attr(fp->pts, "unit");
  if (!unit)
    unit = sp_xml_attr(p, "unit");
  double (*convert)(double) = NULL;
  if (!dp_unit(d->kind, unit, &convert) || sp_xml_child(fp->pts, "BoolPoint") ||
      sp_xml_child(fp->pts, "IntegerPoint")) {
    loss(r, s, fp->pts, "automation of the %s in %s: left out (it holds its value)", d->what,
         sp_xml_child(fp->pts, "RealPoint") ? unit ? unit : "no unit" : "whole numbers");
    return NULL;
  }
  const sp_mix_ramp how = {false, d->kind == DP_HZ, convert,
                           d->kind == DP_DB || d->kind == DP_RANGE ? 0.01 : 1e-3,
                           d->kind == DP_HZ || d->kind == DP_RATIO};
  sp_mix_auto out = {0};
  double pt = 0, px = 0;
  bool have_prev = false, prev_hold = false;
  for (const xmlNode *q = sp_xml_child(fp->pts, "RealPoint"); q; q = sp_xml_next(q, "RealPoint")) {
    double time = 0, x = 0;
    if (!sp_xml_number(q, "time", &time, r->xml_name, r->d) ||
        !sp_xml_number(q, "value", &x, r->xml_name, r->d))
      continue;
    const double sec = fp->beats ? to_seconds(&r->tm, time) : time;
    if (have_prev && sec < pt) {
      error(r, q, SP_ERR_USAGE,
            "RealPoint: time %g comes before the point above it; points must be in time order",
            time);
      break;
    }
    if (have_prev && prev_hold && sec > pt)
      sp_mix_auto_point(&out, sec, convert ? convert(px) : px);
    if (have_prev && !prev_hold && sec > pt)
      sp_mix_ramp_points(&out, &how, pt, px, sec, x);
    else
      sp_mix_auto_point(&out, sec, convert ? convert(x) : x);
    const char *interp = sp_xml_attr(q, "interpolation");
    prev_hold = interp && strcmp(interp, "hold") == 0;
    pt = sec;
    px = x;
    have_prev = true;
  }
  if (out.n == 0)
    return NULL;
  char *text = sp_xstrdup("[");
  bool clamped = false;
  for (size_t i = 0; i < out.n; i++) {
    const double v = out.pts[i].v, c = fmax(d->lo, fmin(d->hi, v));
    clamped |= c != v;
    char *val = dp_text(d->kind, d->kind == DP_RATIO || d->kind == DP_HZ ? round12(c) : c);
    char *t = sp_xasprintf("%s%s[%s s, %s]", text, i ? ", " : "", sp_mix_num(out.pts[i].t).text,
                           val);
    free(val);
    free(text);
    text = t;
  }
  free(out.pts);
  if (clamped)
    loss(r, s, dev, "the automation of the %s leaves stemprint's %g .. %g%s: held within it",
         d->what, d->lo, d->hi, d->unit);
  char *done = sp_xasprintf("%s]", text);
  free(text);
  return done;
}

/* Parameter name of holder (a device, or a band of one) as the recipe's
 * value: its breakpoints where the arrangement moves it, else its value
 * within stemprint's range, else def (NAN: NULL, not given). Heap. */
static char *dp_value(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *holder,
                      const char *name, const dparam *d, double def)
{
  const xmlNode *p = sp_xml_child(holder, name);
  const found_points *fp = p ? points_of(r, p) : NULL;
  char *moving = fp ? dp_points(r, s, dev, p, fp, d) : NULL;
  if (moving)
    return moving;
  double v = def;
  const char *u = sp_xml_attr(p, "unit");
  double (*convert)(double) = NULL;
  if (p && (d->kind == DP_DB || d->kind == DP_RANGE)) {
    if (!level_db(r, p, &v))
      v = d->kind == DP_RANGE ? -def : def;
    if (d->kind == DP_RANGE)
      v = -v;
  } else if (p && sp_xml_number(p, "value", &v, r->xml_name, r->d)) {
    if (!dp_unit(d->kind, u, &convert))
      loss(r, s, p, "the %s in unit '%s': read as%s", d->what, u, d->unit);
    else if (convert)
      v = round12(convert(v));
  }
  if (isnan(v))
    return NULL;
  return dp_text(d->kind, within(r, s, dev, d->what, v, d->lo, d->hi, d->unit));
}

/* InputGain / OutputGain as a gain insert (none at a fixed 0 dB), with
 * the device's bypass key by (bypass_of). */
static void gain_stage(reader *r, sp_mix_strip *s, const xmlNode *dev, const char *name,
                       const char *by)
{
  const xmlNode *p = sp_xml_child(dev, name);
  double db = 0;
  if (!p || (!find_points_of(r, p) && (!level_db(r, p, &db) || db == 0)))
    return;
  const dparam d = {DP_DB, -INFINITY, 48, name, " dB"};
  char *g = dp_value(r, s, dev, dev, name, &d, 0);
  sp_mix_insert_add(s, "gain: {gain: %s%s}", g, by);
  free(g);
}

/* ", key: value" for a parameter given, "" else. */
static char *dp_key(const char *key, char *value)
{
  char *t = value ? sp_xasprintf(", %s: %s", key, value) : sp_xstrdup("");
  free(value);
  return t;
}

/* The bands so far, bands (n of them), as one eq insert with the
 * device's bypass key by; then none. */
static void eq_flush(reader *r, sp_mix_strip *s, const xmlNode *dev, char **bands, size_t *n,
                     const char *by)
{
  if (*n > 32)
    loss(r, s, dev, "%zu bands, more than stemprint's 32: left out", *n);
  else if (*n > 0)
    sp_mix_insert_add(s, "eq: {bands: [%s]%s}", *bands, by);
  free(*bands);
  *bands = sp_xstrdup("");
  *n = 0;
}

/* An Equalizer: its bands as one eq insert; a band whose Enabled moves is
 * an eq insert of its own, in its place, bypassed where the band or the
 * device is (the chain is the same: bands run in series). */
static void equalizer(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  static const char *const from[] = {"highPass", "lowPass", "bandPass", "highShelf",
                                     "lowShelf", "bell",    "notch"};
  static const char *const to[] = {"highpass", "lowpass", "bandpass", "highshelf",
                                   "lowshelf", "peak",    "notch"};
  sp_mix_auto dev_steps = {0};
  const bool dev_moves = enabled_steps(r, s, sp_xml_child(dev, "Enabled"), &dev_steps);
  char *by = dev_moves ? bypass_text(&dev_steps) : sp_xstrdup(bypassed(dev));
  gain_stage(r, s, dev, "InputGain", by);
  char *bands = sp_xstrdup("");
  size_t n = 0;
  const dparam freq = {DP_HZ, 10, fmin(40000, r->m->rate / 2 * 0.999), "band frequency", " Hz"};
  const dparam gain = {DP_DB, -30, 30, "band gain", " dB"};
  const dparam q = {DP_PLAIN, 0.1, 24, "band Q", ""};
  for (const xmlNode *b = sp_xml_child(dev, "Band"); b; b = sp_xml_next(b, "Band")) {
    const xmlNode *en = sp_xml_child(b, "Enabled");
    sp_mix_auto band_steps = {0};
    const bool moves = enabled_steps(r, s, en, &band_steps);
    if (!moves && en && !sp_xml_bool(en, "value", true))
      continue;
    const char *type = sp_xml_attr(b, "type");
    size_t k = 0;
    while (k < 7 && strcmp(type, from[k]) != 0)
      k++;
    if (k == 7) {
      free(band_steps.pts);
      continue; /* the schema allows no other */
    }
    char *f = dp_value(r, s, dev, b, "Freq", &freq, 1000);
    const bool gains = k == 3 || k == 4 || k == 5;
    char *g = dp_key("gain", gains ? dp_value(r, s, dev, b, "Gain", &gain, NAN) : NULL);
    char *qv = dp_key("q", dp_value(r, s, dev, b, "Q", &q, NAN));
    char *band = sp_xasprintf("{type: %s, freq: %s%s%s}", to[k], f, g, qv);
    free(f);
    free(g);
    free(qv);
    if (moves) { /* the bands before it, then it alone */
      eq_flush(r, s, dev, &bands, &n, by);
      sp_mix_auto both = {0};
      if (dev_moves)
        either_bypassed(&dev_steps, &band_steps, &both);
      char *own = *bypassed(dev) ? sp_xstrdup(bypassed(dev))
                                 : bypass_text(dev_moves ? &both : &band_steps);
      sp_mix_insert_add(s, "eq: {bands: [%s]%s}", band, own);
      free(own);
      free(both.pts);
    } else {
      char *more = sp_xasprintf("%s%s%s", bands, n ? ", " : "", band);
      free(bands);
      bands = more;
      n++;
    }
    free(band);
    free(band_steps.pts);
  }
  eq_flush(r, s, dev, &bands, &n, by);
  free(bands);
  gain_stage(r, s, dev, "OutputGain", by);
  free(by);
  free(dev_steps.pts);
}

static void compressor(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  static const dparam threshold = {DP_DB, -80, 0, "threshold", " dB"};
  static const dparam ratio = {DP_RATIO, 1, 100, "ratio", ":1"};
  static const dparam attack = {DP_SECONDS, 0, 1, "attack", " s"};
  static const dparam release = {DP_SECONDS, 0.001, 10, "release", " s"};
  char *by = bypass_of(r, s, dev);
  gain_stage(r, s, dev, "InputGain", by);
  char *th = dp_value(r, s, dev, dev, "Threshold", &threshold, -18);
  char *ra = dp_value(r, s, dev, dev, "Ratio", &ratio, 4);
  char *at = dp_value(r, s, dev, dev, "Attack", &attack, 0.010);
  char *re = dp_value(r, s, dev, dev, "Release", &release, 0.120);
  /* The output gain: up to 48 dB as the makeup, the rest (a cut) a gain
   * after; when it moves, all of it a gain after. */
  const xmlNode *op = sp_xml_child(dev, "OutputGain");
  const bool moves = op && find_points_of(r, op);
  double out = 0;
  if (op && !moves)
    level_db(r, op, &out);
  /* AutoMakeup: the recipe's `makeup: auto` (the gain the curve takes
   * from 0 dB, given back), the output gain all of it a gain after. */
  const xmlNode *am = sp_xml_child(dev, "AutoMakeup");
  const bool automatic = am && sp_xml_bool(am, "value", false);
  const double makeup = out > 0 && !automatic ? fmin(out, 48) : 0;
  sp_mix_insert_add(s,
                    "compressor: {threshold: %s, ratio: %s, attack: %s, release: %s, makeup: "
                    "%s%s%s}",
                    th, ra, at, re, automatic ? "auto" : sp_mix_num(makeup).text,
                    automatic ? "" : " dB", by);
  free(th);
  free(ra);
  free(at);
  free(re);
  if (moves)
    gain_stage(r, s, dev, "OutputGain", by);
  else if (out < 0 || out > 48 || (automatic && out != 0))
    sp_mix_insert_add(s, "gain: {gain: %s dB%s}",
                      sp_mix_num(out < 0 || automatic ? out : out - 48).text, by);
  free(by);
}

static void gate(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  static const dparam threshold = {DP_DB, -100, 0, "threshold", " dB"};
  static const dparam range = {DP_RANGE, 0, 120, "range", " dB of attenuation"};
  static const dparam attack = {DP_SECONDS, 0, 0.5, "attack", " s"};
  static const dparam release = {DP_SECONDS, 0.001, 10, "release", " s"};
  char *th = dp_value(r, s, dev, dev, "Threshold", &threshold, -40);
  char *ra = dp_value(r, s, dev, dev, "Range", &range, 60);
  char *at = dp_value(r, s, dev, dev, "Attack", &attack, 0.0005);
  char *re = dp_value(r, s, dev, dev, "Release", &release, 0.1);
  /* The ratio, in percent as the compressor's (0 % is 1:1, 100 % ∞:1):
   * below 100 % a downward expander, `ratio: inf` (the default, left
   * unwritten) the gate that closes by its range. Breakpoints take
   * numbers: a moving ratio is held within 1 .. 1000:1 (99.9 %). */
  static const dparam ratio = {DP_RATIO, 1, INFINITY, "ratio", ":1"};
  static const dparam moving = {DP_RATIO, 1, 1000, "ratio", ":1"};
  const xmlNode *rp = sp_xml_child(dev, "Ratio");
  char *ro =
      rp ? dp_value(r, s, dev, dev, "Ratio", find_points_of(r, rp) ? &moving : &ratio, NAN) : NULL;
  if (ro && strcmp(ro, "inf") == 0) {
    free(ro);
    ro = NULL;
  }
  char *rk = dp_key("ratio", ro);
  char *by = bypass_of(r, s, dev);
  sp_mix_insert_add(s, "gate: {threshold: %s, range: %s, attack: %s, release: %s%s%s}", th, ra, at,
                    re, rk, by);
  free(by);
  free(th);
  free(ra);
  free(at);
  free(re);
  free(rk);
}

static void limiter(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  static const dparam ceiling = {DP_DB, -30, 0, "threshold", " dB"};
  static const dparam release = {DP_SECONDS, 0.001, 2, "release", " s"};
  static const dparam lookahead = {DP_SECONDS, 0.0001, 0.05, "attack (the lookahead)", " s"};
  char *by = bypass_of(r, s, dev);
  gain_stage(r, s, dev, "InputGain", by);
  char *th = dp_value(r, s, dev, dev, "Threshold", &ceiling, -1);
  /* The attack is the lookahead, which sets the latency: it holds. */
  const xmlNode *ap = sp_xml_child(dev, "Attack");
  const found_points *fp = ap ? points_of(r, ap) : NULL;
  if (fp)
    loss(r, s, fp->pts,
         "automation of the limiter's attack (stemprint's lookahead, which sets its latency, "
         "and a latency cannot move mid-render without a gap): it holds its value");
  double att = 0.005;
  if (ap)
    sp_xml_number(ap, "value", &att, r->xml_name, r->d);
  att = within(r, s, dev, lookahead.what, att, lookahead.lo, lookahead.hi, lookahead.unit);
  char *re = dp_value(r, s, dev, dev, "Release", &release, 0.05);
  sp_mix_insert_add(s, "limiter: {ceiling: %s, lookahead: %s, release: %s%s}", th,
                    sp_mix_num(att).text, re, by);
  free(th);
  free(re);
  gain_stage(r, s, dev, "OutputGain", by);
  free(by);
}

/* Automation of any other part of dev (what no device above reads: a
 * plugin's parameters, its Enabled): a loss each, taken so that no
 * channel's pass says it again. */
static void other_points(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_child(n, NULL); c; c = sp_xml_next(c, NULL)) {
    const char *id = sp_xml_attr(c, "id");
    for (size_t i = 0; id && i < r->n_points; i++)
      if (!r->points[i].taken && strcmp(r->points[i].pid, id) == 0) {
        r->points[i].taken = true;
        loss(r, s, r->points[i].pts,
             "automation of %s's %s: stemprint cannot move it; it holds its value",
             (const char *)dev->name, (const char *)c->name);
      }
    other_points(r, s, dev, c);
  }
}

static void devices(reader *r, sp_mix_strip *s, const xmlNode *ch)
{
  const xmlNode *devs = sp_xml_child(ch, "Devices");
  for (const xmlNode *dev = sp_xml_child(devs, NULL); dev; dev = sp_xml_next(dev, NULL)) {
    const char *role = sp_xml_attr(dev, "deviceRole");
    if (dev == r->instrument_dev) /* read with its track (channel) */
      ;
    else if (sp_xml_is(dev, "Equalizer"))
      equalizer(r, s, dev);
    else if (sp_xml_is(dev, "Compressor"))
      compressor(r, s, dev);
    else if (sp_xml_is(dev, "NoiseGate"))
      gate(r, s, dev);
    else if (sp_xml_is(dev, "Limiter"))
      limiter(r, s, dev);
    else if (role && strcmp(role, "audioFX") != 0 && strcmp(role, "analyzer") != 0)
      loss(r, s, dev, "a %s device cannot run here: left out", role);
    else if (role && strcmp(role, "analyzer") == 0)
      sp_mix_note(s, "%s '%s', an analyzer, left out (it does not change the sound)",
                  (const char *)dev->name, sp_xml_attr(dev, "deviceName"));
    else if (*bypassed(dev))
      sp_mix_note(s, "%s '%s', bypassed in the session, left out", (const char *)dev->name,
                  sp_xml_attr(dev, "deviceName"));
    else
      loss(r, s, dev, "%s plugins cannot run here: bypassed",
           sp_xml_is(dev, "Vst2Plugin")   ? "VST2"
           : sp_xml_is(dev, "Vst3Plugin") ? "VST3"
           : sp_xml_is(dev, "ClapPlugin") ? "CLAP"
           : sp_xml_is(dev, "AuPlugin")   ? "Audio Unit"
                                          : "this DAW's own");
    other_points(r, s, dev, dev);
  }
}

/* ---- instruments --------------------------------------------------------------------------- */

/* An instrument track's instrument: the first device of its channel whose
 * role is instrument, which stemprint runs when it is a Device whose
 * deviceID is the URI of an LV2 instrument installed here, or stemprint's
 * SoundFont device (SP_DAWPROJECT_SOUNDFONT, as `stemprint export`
 * writes it: the .sf2 as its State). */
typedef struct instrument {
  const xmlNode *dev; /* NULL: the channel has none */
  const sp_lv2_plugin *lv2;
  bool soundfont;
  bool bypassed;
  char why[256]; /* why stemprint cannot run it */
} instrument;

static void find_instrument(const xmlNode *ch, instrument *in)
{
  memset(in, 0, sizeof *in);
  const xmlNode *devs = sp_xml_child(ch, "Devices");
  for (const xmlNode *dev = sp_xml_child(devs, NULL); dev && !in->dev;
       dev = sp_xml_next(dev, NULL)) {
    const char *role = sp_xml_attr(dev, "deviceRole");
    if (role && strcmp(role, "instrument") == 0)
      in->dev = dev;
  }
  if (!in->dev)
    return;
  in->bypassed = *bypassed(in->dev) != '\0';
  const char *id = sp_xml_attr(in->dev, "deviceID");
  if (!sp_xml_is(in->dev, "Device")) {
    snprintf(in->why, sizeof in->why, "%s",
             sp_xml_is(in->dev, "Vst2Plugin")   ? "stemprint runs no VST2 plugins"
             : sp_xml_is(in->dev, "Vst3Plugin") ? "stemprint runs no VST3 plugins"
             : sp_xml_is(in->dev, "ClapPlugin") ? "stemprint runs no CLAP plugins"
             : sp_xml_is(in->dev, "AuPlugin")   ? "stemprint runs no Audio Units"
                                                : "a DAW's own instrument");
    return;
  }
  if (id && strcmp(id, SP_DAWPROJECT_SOUNDFONT) == 0) {
    in->soundfont = true;
    return;
  }
  char why[256] = "";
  const sp_lv2_plugin *p = id && strchr(id, ':') ? sp_lv2_find(id, why, sizeof why) : NULL;
  if (p && strcmp(p->uri, id) == 0 && p->instrument)
    in->lv2 = p;
  else if (p && strcmp(p->uri, id) == 0)
    snprintf(in->why, sizeof in->why, "the LV2 plugin '%s' is not an instrument", p->name);
  else
    snprintf(in->why, sizeof in->why,
             "its deviceID '%.80s' names no LV2 instrument installed here; stemprint help lv2 "
             "lists those that are",
             id ? id : "");
}

/* A device's parameter (in its Parameters) named name, or NULL. */
static const xmlNode *dev_param(const xmlNode *dev, const char *name)
{
  for (const xmlNode *p = sp_xml_child(sp_xml_child(dev, "Parameters"), NULL); p;
       p = sp_xml_next(p, NULL))
    if (sp_xml_attr(p, "name") && strcmp(sp_xml_attr(p, "name"), name) == 0)
      return p;
  return NULL;
}

static char *soundfont_device(reader *r, sp_mix_strip *s, const xmlNode *dev);
static char *lv2_device(reader *r, sp_mix_strip *s, const xmlNode *dev, const sp_lv2_plugin *pl);

/* ---- structure ---------------------------------------------------------------------- */

static void strip_levels(reader *r, sp_mix_strip *s, size_t idx, const xmlNode *ch)
{
  const xmlNode *vol = sp_xml_child(ch, "Volume");
  double db = 0;
  if (vol && level_db(r, vol, &db)) {
    s->gain.value = db > 24 ? 24 : db;
    if (db > 24)
      loss(r, s, vol, "volume %+.2f dB is above stemprint's +24 dB: set to +24 dB", db);
    add_target(r, vol, T_VOLUME, idx, 0, "volume");
  }
  const xmlNode *pan = sp_xml_child(ch, "Pan");
  double p = 0, lo = 0, hi = 0;
  bool rng = false;
  if (pan && read_pan(r, pan, &p, &rng, &lo, &hi)) {
    s->pan.value = p;
    add_target(r, pan, T_PAN, idx, 0, "pan");
  }
  const xmlNode *mute = sp_xml_child(ch, "Mute");
  if (mute) {
    s->mute = sp_xml_bool(mute, "value", false);
    add_target(r, mute, T_MUTE, idx, 0, "mute");
  }
}

static void sends(reader *r, sp_mix_strip *s, size_t idx, const xmlNode *ch)
{
  const xmlNode *ss = sp_xml_child(ch, "Sends");
  for (const xmlNode *x = sp_xml_child(ss, "Send"); x; x = sp_xml_next(x, "Send")) {
    const char *dest = sp_xml_attr(x, "destination");
    const xmlNode *en = sp_xml_child(x, "Enable");
    if (!dest || (en && !sp_xml_bool(en, "value", true)))
      continue; /* a disabled send is silent: nothing lost */
    sp_mix_send *snd = sp_mix_send_add(s, dest);
    const char *type = sp_xml_attr(x, "type");
    snd->pre = type && strcmp(type, "pre") == 0;
    double db = 0;
    const xmlNode *vol = sp_xml_child(x, "Volume");
    if (vol && level_db(r, vol, &db))
      snd->level.value = fmin(db, 24);
    add_target(r, vol, T_SEND_VOLUME, idx, s->n_sends - 1, "send level");
    const xmlNode *pan = sp_xml_child(x, "Pan");
    double p = 0, lo = 0, hi = 0;
    bool rng = false;
    if (pan && read_pan(r, pan, &p, &rng, &lo, &hi)) {
      snd->has_pan = true;
      snd->pan.value = p;
      add_target(r, pan, T_SEND_PAN, idx, s->n_sends - 1, "send pan");
    }
  }
}

/* A Channel's layout when it has more than two audioChannels (DAWproject
 * says a layout by its count alone: 6 is 5.1, 8 7.1, 12 7.1.4, as
 * sp_layout_by_count reads a file without a channel mask); NULL for one
 * or two, and for a count no layout has (a loss: read as stereo). */
static const sp_layout *layout_of(reader *r, sp_mix_strip *s, const xmlNode *ch)
{
  double n = 2;
  if (!sp_xml_attr(ch, "audioChannels") ||
      !sp_xml_number(ch, "audioChannels", &n, r->xml_name, r->d) || n <= 2)
    return NULL;
  const sp_layout *l = n <= SP_MAX_CHANNELS ? sp_layout_by_count((int)n) : NULL;
  if (!l || l->n != n)
    loss(r, s, ch, "%g audio channels: no layout has as many (stemprint help layouts); read as "
         "stereo", n);
  else
    sp_mix_note(s, "%g audio channels: %s (%s)", n, l->name, l->text);
  return l && l->n == n ? l : NULL;
}

/* One Channel: a track's (track_id set) or a bus's. parent: the enclosing
 * group's channel id, where an output with no destination goes. */
static void channel(reader *r, const xmlNode *ch, const char *title, const xmlNode *track,
                    const char *parent)
{
  const char *id = sp_xml_attr(ch, "id");
  const char *role = sp_xml_attr(ch, "role");
  if (!role)
    role = "regular";
  if (!id) {
    error(r, ch, SP_ERR_USAGE, "Channel: has no id; every channel needs one to be routed");
    return;
  }
  if (strcmp(role, "master") == 0 && !r->master_id) {
    r->master_id = sp_xstrdup(id);
    sp_mix_strip *s = &r->m->master;
    s->layout = layout_of(r, s, ch);
    strip_levels(r, s, SIZE_MAX, ch);
    devices(r, s, ch);
    if (sp_xml_child(sp_xml_child(ch, "Sends"), "Send"))
      loss(r, s, ch,
           "sends from master: left out (to a channel that returns to master, a feedback loop, "
           "which a recipe's routing cannot hold; to one that feeds nothing, an output of its "
           "own beside the mix, which a recipe's master, the mix's end, cannot feed)");
    return;
  }
  const char *ctype = track ? sp_xml_attr(track, "contentType") : NULL;
  bool audio = ctype && strstr(ctype, "audio");
  bool notes = ctype && strstr(ctype, "notes");
  sp_mix_kind kind = SP_MIX_BUS;
  instrument inst = {0};
  if (strcmp(role, "vca") == 0) {
    r->vcas = sp_xreallocarray(r->vcas, r->n_vcas + 1, sizeof *r->vcas);
    r->vcas[r->n_vcas++] = sp_xstrdup(id);
  } else if (strcmp(role, "regular") == 0 && track && notes && !audio) {
    /* An instrument track: it plays when its instrument runs here. */
    find_instrument(ch, &inst);
    const char *tid = sp_xml_attr(track, "id");
    const char *why = !inst.dev       ? "it has no instrument device: nothing plays its notes"
                      : inst.bypassed ? NULL
                      : inst.why[0]   ? inst.why
                                      : NULL;
    if (why || inst.bypassed) {
      if (why)
        loss(r, NULL, inst.dev ? inst.dev : track,
             "track '%s': its instrument cannot run here (%s); the track is left out",
             title ? title : "", why);
      else
        sp_mix_top_note(r->m,
                        "Track '%s' (line %d): its instrument is bypassed in the session, so it "
                        "plays nothing; left out",
                        title ? title : "", sp_xml_line(track));
      if (tid) {
        r->tracks_out = sp_xreallocarray(r->tracks_out, r->n_tracks_out + 1, sizeof(char *));
        r->tracks_out[r->n_tracks_out++] = sp_xstrdup(tid);
      }
      return;
    }
    kind = SP_MIX_TRACK;
  } else if (strcmp(role, "regular") == 0 && track) {
    kind = SP_MIX_TRACK;
  }
  sp_mix_strip *s = sp_mix_add(r->m, kind, id, title);
  if (!s)
    return;
  size_t idx = r->m->n_strips - 1;
  const char *dest = sp_xml_attr(ch, "destination");
  if (!dest)
    dest = parent;
  if (dest)
    s->to = sp_xstrdup(dest);
  if (inst.dev) {
    /* The instrument's outputs are the track's channels. */
    double n = 2;
    if (sp_xml_number(ch, "audioChannels", &n, NULL, NULL) && n > 2)
      loss(r, s, ch, "%g audio channels: an instrument track has its instrument's (one or two)", n);
    s->instrument =
        inst.soundfont ? soundfont_device(r, s, inst.dev) : lv2_device(r, s, inst.dev, inst.lv2);
    r->notes = sp_xreallocarray(r->notes, r->n_notes + 1, sizeof *r->notes);
    r->notes[r->n_notes++] =
        (notes_track){.strip_id = sp_xstrdup(id), .title = title ? sp_xstrdup(title) : NULL};
  } else {
    s->layout = layout_of(r, s, ch);
  }
  s->solo = sp_xml_bool(ch, "solo", false);
  strip_levels(r, s, idx, ch);
  r->instrument_dev = inst.dev;
  devices(r, s, ch);
  r->instrument_dev = NULL;
  sends(r, s, idx, ch);
  if (track) {
    const char *tid = sp_xml_attr(track, "id");
    r->track_ids = sp_xreallocarray(r->track_ids, r->n_tracks + 1, sizeof *r->track_ids);
    r->track_channels =
        sp_xreallocarray(r->track_channels, r->n_tracks + 1, sizeof *r->track_channels);
    r->track_ids[r->n_tracks] = sp_xstrdup(tid ? tid : "");
    r->track_channels[r->n_tracks++] = sp_xstrdup(id);
  }
}

static void tracks(reader *r, const xmlNode *parent_node, const char *parent_channel)
{
  bool structure = sp_xml_is(parent_node, "Structure");
  for (const xmlNode *n = sp_xml_child(parent_node, NULL); n; n = sp_xml_next(n, NULL)) {
    if (sp_xml_is(n, "Channel") && structure) {
      channel(r, n, sp_xml_attr(n, "name"), NULL, parent_channel);
    } else if (sp_xml_is(n, "Track")) {
      const xmlNode *ch = sp_xml_child(n, "Channel");
      const char *title = sp_xml_attr(n, "name");
      if (ch)
        channel(r, ch, title, n, parent_channel);
      else if (sp_xml_child(n, "Track") == NULL)
        sp_mix_top_note(r->m, "Track '%s' (line %d) has no channel: nothing of it sounds",
                        title ? title : "", sp_xml_line(n));
      /* A folder's tracks go to its channel unless they say otherwise. */
      tracks(r, n, ch ? sp_xml_attr(ch, "id") : parent_channel);
    }
  }
}

static bool known_channel(reader *r, const char *id)
{
  return (r->master_id && strcmp(id, r->master_id) == 0) || sp_mix_find(r->m, id);
}

/* Every destination names a channel (the schema's IDREF is not checked by
 * the validator). */
static void check_refs(reader *r, const xmlNode *parent)
{
  for (const xmlNode *n = sp_xml_child(parent, NULL); n; n = sp_xml_next(n, NULL)) {
    if (sp_xml_is(n, "Track")) {
      check_refs(r, n);
    } else if (sp_xml_is(n, "Channel")) {
      const char *dest = sp_xml_attr(n, "destination");
      if (dest && !known_channel(r, dest))
        error(r, n, SP_ERR_USAGE,
              "Channel: destination='%s' names no channel of the project; route it to a "
              "channel's id",
              dest);
      const xmlNode *ss = sp_xml_child(n, "Sends");
      for (const xmlNode *x = sp_xml_child(ss, "Send"); x; x = sp_xml_next(x, "Send")) {
        const char *to = sp_xml_attr(x, "destination");
        if (to && !known_channel(r, to))
          error(r, x, SP_ERR_USAGE,
                "Send: destination='%s' names no channel of the project; send to a channel's id",
                to);
      }
    }
  }
}

/* ---- audio files ---------------------------------------------------------------------- */

/* The first bytes of the audio files stemprint reads (libsndfile's
 * containers with a header): an entry that begins otherwise is refused
 * after its first block, not extracted whole (a few MB of deflated zeros
 * can claim gigabytes). at: where the magic starts. */
static const struct {
  const char *magic;
  size_t at, n;
} audio_magic[] = {
    {"RIFF", 0, 4}, {"RIFX", 0, 4}, {"RF64", 0, 4}, {"BW64", 0, 4}, {"riff", 0, 4}, /* W64 */
    {"FORM", 0, 4}, {"fLaC", 0, 4}, {"OggS", 0, 4}, {"caff", 0, 4}, {".snd", 0, 4},
    {"dns.", 0, 4}, {"NIST", 0, 4}, {"Creative Voice", 0, 14},     {"ID3", 0, 3},
    {"MATLAB", 0, 6}, {"2BIT", 0, 4}, {" paf", 0, 4}, {"fap ", 0, 4}, {"wvpk", 0, 4},
};
enum { AUDIO_HEAD = 16 };

static bool looks_like_audio(const unsigned char *h, size_t n)
{
  for (size_t k = 0; k < sizeof audio_magic / sizeof *audio_magic; k++)
    if (n >= audio_magic[k].at + audio_magic[k].n &&
        memcmp(h + audio_magic[k].at, audio_magic[k].magic, audio_magic[k].n) == 0)
      return true;
  /* an MPEG audio frame (MP3 without a tag): 11 bits of sync */
  return n >= 2 && h[0] == 0xff && (h[1] & 0xe0) == 0xe0;
}

/* What an embedded entry must be: audio, a SoundFont (an instrument's
 * samples, RIFF....sfbk) or an LV2 plugin's state (Turtle: text). */
typedef enum entry_kind { E_AUDIO, E_SOUNDFONT, E_STATE } entry_kind;

typedef struct extracting {
  int fd;
  sp_hasher *h;
  unsigned char head[AUDIO_HEAD];
  size_t n_head;
  bool checked;
  entry_kind kind;
} extracting;

/* Whether x's first bytes begin what it must be; else why says so. */
static bool check_head(extracting *x, char *why, size_t why_size)
{
  x->checked = true;
  bool text = x->n_head > 0;
  for (size_t i = 0; i < x->n_head; i++)
    text &= x->head[i] >= 0x20 || x->head[i] == '\t' || x->head[i] == '\n' || x->head[i] == '\r';
  if (x->kind == E_AUDIO       ? looks_like_audio(x->head, x->n_head)
      : x->kind == E_SOUNDFONT ? x->n_head >= 12 && memcmp(x->head, "RIFF", 4) == 0 &&
                                     memcmp(x->head + 8, "sfbk", 4) == 0
                               : text)
    return true;
  char hex[3 * AUDIO_HEAD + 1] = "";
  for (size_t i = 0, at = 0; i < x->n_head && i < 8; i++)
    at += (size_t)snprintf(hex + at, sizeof hex - at, "%s%02x", i ? " " : "", x->head[i]);
  snprintf(why, why_size, "%s: it begins with %s%s, where %s; not extracted",
           x->kind == E_AUDIO       ? "not an audio file"
           : x->kind == E_SOUNDFONT ? "not a SoundFont"
                                    : "not a plugin state (LV2's Turtle text)",
           x->n_head ? hex : "nothing", x->n_head > 8 ? " ..." : "",
           x->kind == E_AUDIO ? "WAV, AIFF, FLAC, Ogg, CAF and the other formats stemprint reads "
                                "begin with their name"
           : x->kind == E_SOUNDFONT ? "a SoundFont begins with RIFF and sfbk"
                                    : "a state is text");
  return false;
}

static bool to_file(void *ctx, const void *data, size_t n, char *why, size_t why_size)
{
  extracting *x = ctx;
  if (!x->checked) {
    size_t take = n < AUDIO_HEAD - x->n_head ? n : AUDIO_HEAD - x->n_head;
    memcpy(x->head + x->n_head, data, take);
    x->n_head += take;
    if (x->n_head == AUDIO_HEAD && !check_head(x, why, why_size))
      return false;
  }
  if (x->h)
    sp_hasher_add(x->h, data, n);
  if (!sp_fs_write_all(x->fd, data, n)) {
    snprintf(why, why_size, "cannot write: %s", strerror(errno));
    return false;
  }
  return true;
}

static const char *extension(const char *name)
{
  const char *slash = strrchr(name, '/');
  const char *dot = strrchr(slash ? slash + 1 : name, '.');
  return dot && strlen(dot) <= 6 ? dot : "";
}

/* The entry's file name, cut to safe characters. */
static char *safe_base(const char *entry)
{
  const char *slash = strrchr(entry, '/');
  const char *b = slash ? slash + 1 : entry;
  char *s = sp_xstrdup(*b ? b : "audio");
  for (char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '.' || *c == '-' || *c == '_'))
      *c = '_';
  if (s[0] == '.')
    s[0] = '_';
  return s;
}

/* The embedded file entry, extracted; its path (heap), or NULL with an
 * error. It must be of kind (its first bytes say). */
static char *extract(reader *r, const xmlNode *file_el, const char *entry, entry_kind kind)
{
  for (size_t i = 0; i < r->n_extracted; i++)
    if (strcmp(r->extracted_from[i], entry) == 0)
      return sp_xstrdup(r->extracted_to[i]);
  uint64_t size = 0;
  if (!sp_zip_has(r->zip, entry, &size)) {
    error(r, file_el, SP_ERR_IO, "File path='%s': the container holds no such entry", entry);
    return NULL;
  }
  if (size > SP_DAWPROJECT_MAX_AUDIO_TOTAL - r->extracted) {
    error(r, file_el, SP_ERR_IO,
          "File path='%s': its %llu bytes would take the audio extracted past %llu GB; "
          "is the container damaged?",
          entry, (unsigned long long)size,
          (unsigned long long)(SP_DAWPROJECT_MAX_AUDIO_TOTAL >> 30));
    return NULL;
  }
  r->extracted += size;
  char why[512];
  if (sp_fs_mkdirs(r->audio_dir, why, sizeof why) != SP_OK) {
    error(r, file_el, SP_ERR_IO, "cannot make %s for the embedded audio: %s", r->audio_dir, why);
    return NULL;
  }
  /* What the entry says it holds must fit, with room to spare: a full
   * disk fails other programs too. */
  struct statvfs fs;
  if (statvfs(r->audio_dir, &fs) == 0 && fs.f_frsize > 0) {
    const double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    if ((double)size + SP_DAWPROJECT_SPARE > free_bytes) {
      error(r, file_el, SP_ERR_IO,
            "File path='%s': its %.1f MB would leave less than %.0f MB free in %s (%.1f MB "
            "free); make room there, or import with --audio-dir on a disk with space",
            entry, (double)size / 1e6, SP_DAWPROJECT_SPARE / 1e6, r->audio_dir, free_bytes / 1e6);
      return NULL;
    }
  }
  char *dest = NULL;
  if (r->audio_cache) {
    dest = sp_xasprintf("%s/pending%s", r->audio_dir, extension(entry));
  } else {
    char *base = safe_base(entry);
    dest = sp_xasprintf("%s/%s", r->audio_dir, base);
    for (int k = 2; k < 10000; k++) {
      bool clash = false;
      for (size_t i = 0; i < r->n_extracted && !clash; i++)
        clash = strcmp(r->extracted_to[i], dest) == 0;
      if (!clash)
        break;
      free(dest);
      dest = sp_xasprintf("%s/%d_%s", r->audio_dir, k, base);
    }
    free(base);
  }
  char *tmp = sp_fs_temp_template(dest);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    error(r, file_el, SP_ERR_IO, "cannot write %s: %s", dest, strerror(errno));
    free(tmp);
    free(dest);
    return NULL;
  }
  fchmod(fd, sp_fs_file_mode());
  extracting x = {.fd = fd, .h = r->audio_cache ? sp_hasher_new() : NULL, .kind = kind};
  sp_err rc = sp_zip_stream(r->zip, entry, SP_DAWPROJECT_MAX_AUDIO, to_file, &x, why, sizeof why);
  if (rc == SP_OK && !x.checked && !check_head(&x, why, sizeof why))
    rc = SP_ERR_IO; /* shorter than a header */
  if (rc != SP_OK && x.h) {
    sp_digest unused;
    sp_hasher_end(x.h, &unused);
    x.h = NULL;
  }
  if (close(fd) != 0 && rc == SP_OK) {
    snprintf(why, sizeof why, "cannot write %s: %s", tmp, strerror(errno));
    rc = SP_ERR_IO;
  }
  if (x.h) {
    sp_digest dg;
    sp_hasher_end(x.h, &dg);
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(&dg, hex);
    free(dest);
    dest = sp_xasprintf("%s/%s%s", r->audio_dir, hex, extension(entry));
  }
  /* A file of the cache that was there is another import's too: it is
   * the same bytes (named by them), so it stays as it is, never replaced
   * while a render may be reading it, and only what this import made goes
   * if the import fails. */
  const bool existed = access(dest, F_OK) == 0;
  if (rc == SP_OK && existed && r->audio_cache) {
    unlink(tmp);
    /* used now, at once: a prune of another render passes it by */
    const struct timespec now_atime[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    utimensat(AT_FDCWD, dest, now_atime, 0);
  } else if (rc == SP_OK && rename(tmp, dest) != 0) {
    snprintf(why, sizeof why, "cannot write %s: %s", dest, strerror(errno));
    rc = SP_ERR_IO;
  }
  if (rc != SP_OK) {
    unlink(tmp);
    error(r, file_el, SP_ERR_IO, "File path='%s': %s", entry, why);
    free(tmp);
    free(dest);
    return NULL;
  }
  free(tmp);
  r->extracted_from = sp_xreallocarray(r->extracted_from, r->n_extracted + 1, sizeof(char *));
  r->extracted_to = sp_xreallocarray(r->extracted_to, r->n_extracted + 1, sizeof(char *));
  r->extracted_from[r->n_extracted] = sp_xstrdup(entry);
  r->extracted_to[r->n_extracted++] = sp_xstrdup(dest);
  if (!existed) {
    r->created = sp_xreallocarray(r->created, r->n_created + 1, sizeof(char *));
    r->created[r->n_created++] = sp_xstrdup(dest);
  }
  return dest;
}

/* An Audio element's file as the recipe writes it, or NULL with an error. */
/* Whether path resolves (links followed) inside the folder dir. */
static bool inside(const char *path, const char *dir)
{
  char *rp = realpath(path, NULL), *rd = realpath(dir, NULL);
  size_t n = rd ? strlen(rd) : 0;
  bool in = rp && rd && strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
  free(rp);
  free(rd);
  return in;
}

/* A File (a fileReference: an Audio's, a device's State) as the recipe
 * writes its path, the entry extracted when embedded; NULL with an error.
 * owner: the element that holds it, for messages. */
static char *file_path(reader *r, const xmlNode *owner, const xmlNode *f, entry_kind kind)
{
  const char *p = sp_xml_attr(f, "path");
  if (!p || !*p) {
    error(r, owner, SP_ERR_USAGE, "%s: its %s has no path", (const char *)owner->name,
          f ? (const char *)f->name : "File");
    return NULL;
  }
  if (!sp_xml_bool(f, "external", false)) {
    char *x = extract(r, f, p, kind);
    if (!x)
      return NULL;
    char *rel = sp_fs_relative_to(x, r->recipe_dir);
    free(x);
    return rel;
  }
  char *abs = p[0] == '/' ? sp_xstrdup(p) : sp_xasprintf("%s/%s", r->session_dir, p);
  if (access(abs, R_OK) != 0) {
    error(r, f, SP_ERR_IO, "%s path='%s' (external): cannot read %s: %s", (const char *)f->name, p,
          abs, strerror(errno));
    free(abs);
    return NULL;
  }
  /* The cache holds what stemprint extracted, which a render under
   * --confine may read (sp_session_input.trusted_dir): a session's own external
   * reference may not lead into it. */
  if (r->audio_cache && inside(abs, r->audio_dir)) {
    error(r, f, SP_ERR_USAGE,
          "%s path='%s' (external) leads into stemprint's cache of extracted audio (%s); "
          "refer to the %s where it lives, or embed it",
          (const char *)f->name, p, r->audio_dir, kind == E_AUDIO ? "audio" : "file");
    free(abs);
    return NULL;
  }
  char *rel = sp_fs_relative_to(abs, r->recipe_dir);
  free(abs);
  return rel;
}

static char *audio_file(reader *r, const xmlNode *audio)
{
  return file_path(r, audio, sp_xml_child(audio, "File"), E_AUDIO);
}

static void count_rate(reader *r, double rate)
{
  for (size_t i = 0; i < 8; i++) {
    if (r->rates[i] == 0 || r->rate_seen[i] == rate) {
      r->rate_seen[i] = rate;
      r->rates[i]++;
      return;
    }
  }
}

/* ---- clips -------------------------------------------------------------------------------- */

/* A window of the timeline (seconds) that clips are cut to, and the map
 * from the content's own time unit to timeline beats or seconds. */
typedef struct window {
  double start, end; /* seconds */
  bool beats;        /* lane times are beats */
  double offset;     /* lane time of content time 0 */
} window;

static double sec_of(const reader *r, const window *w, double lane_t)
{
  return w->beats ? to_seconds(&r->tm, lane_t) : lane_t;
}

static bool unit_beats(const char *u, bool def)
{
  if (!u)
    return def;
  return strcmp(u, "beats") == 0;
}

static void clip(reader *r, sp_mix_strip *s, const xmlNode *c, const window *w);

static void clips(reader *r, sp_mix_strip *s, const xmlNode *list, const window *w)
{
  for (const xmlNode *c = sp_xml_child(list, "Clip"); c; c = sp_xml_next(c, "Clip"))
    clip(r, s, c, w);
}

/* More regions than an import makes: said once, at the clip c when
 * known. */
static void regions_over(reader *r, const xmlNode *c)
{
  if (!r->said_regions && c)
    error(r, c, SP_ERR_USAGE,
          "Clip: with the clips before it the session plays more than %d regions (clips and "
          "their loops), the most one import makes; play fewer loops, or split the session",
          SP_DAWPROJECT_MAX_REGIONS);
  else if (!r->said_regions)
    sp_diags_add_whole(r->d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: more than %d regions (clips and their loops), the most one import "
                       "makes; play fewer loops, or split the session",
                       r->path, SP_DAWPROJECT_MAX_REGIONS);
  r->said_regions = true;
}

/* One region of the content, [from, from + len) seconds of the file, at
 * timeline second t, cut to the window; fades given in seconds. */
static void place(reader *r, sp_mix_strip *s, const char *file, double t, double from, double len,
                  double fin, double fout, const window *w)
{
  if (r->regions >= SP_DAWPROJECT_MAX_REGIONS) {
    regions_over(r, NULL);
    return;
  }
  r->regions++;
  double a = fmax(t, w->start), b = fmin(t + len, w->end);
  if (llround((b - a) * r->m->rate) <= 0) /* no frame: plays nothing */
    return;
  if (a > t)
    fin = 0;
  if (b < t + len)
    fout = 0;
  double l = a == t && b == t + len ? len : b - a; /* uncut: its length as given */
  if (fin + fout > l) {
    double k = l / (fin + fout);
    fin *= k;
    fout *= k;
  }
  sp_mix_region_add(s, file, a, from + (a - t), l, fin, fout);
}

/* The content seconds of warp-time x (piecewise linear through the
 * points, extended by the end slopes). */
static double warp_at(const double *wt, const double *wc, size_t n, double x)
{
  if (n == 1)
    return wc[0] + (x - wt[0]);
  size_t i = 0;
  while (i + 2 < n && x > wt[i + 1])
    i++;
  double d = wt[i + 1] - wt[i];
  return d > 0 ? wc[i] + (x - wt[i]) * (wc[i + 1] - wc[i]) / d : wc[i];
}

/* A warped clip's warp on the timeline: file seconds src[i] at seconds
 * at[i] from the clip's start, at increasing; n == 0: none. */
typedef struct warped {
  double *src, *at;
  size_t n;
} warped;

static void warped_add(warped *m, double src, double at)
{
  m->src = sp_xreallocarray(m->src, m->n + 1, sizeof *m->src);
  m->at = sp_xreallocarray(m->at, m->n + 1, sizeof *m->at);
  m->src[m->n] = src;
  m->at[m->n++] = at;
}

/* The warp points wt (clip content time, in beats when beats) → wc (file
 * seconds) as seconds from the clip's start at second start: each span
 * cut into steps of at most a beat where the tempo moves under it (the DAW
 * keeps a span linear in beats), points that lie on the line through
 * their neighbours dropped. False when the points do not increase or
 * their units are not ones read here. */
static bool warp_map(reader *r, const window *w, const xmlNode *c, double lane_t, double start,
                     double play_start, bool content_beats, bool beats, const double *wt,
                     const double *wc, size_t nw, warped *out)
{
  (void)c;
  out->n = 0;
  if (nw < 2 || (beats && (!content_beats || !w->beats)))
    return false;
  for (size_t i = 1; i < nw; i++)
    if (!(wt[i] > wt[i - 1]) || !(wc[i] > wc[i - 1]))
      return false;
  /* content time x to seconds from the clip's start */
  const double ps_sec = content_beats ? start - sec_of(r, w, lane_t - play_start) : play_start;
  warped all = {0};
  for (size_t i = 0; i < nw; i++) {
    const size_t steps = beats && i + 1 < nw ? (size_t)fmin(ceil(wt[i + 1] - wt[i]), 100000) : 1;
    for (size_t k = 0; k < steps; k++) {
      const double x = wt[i] + (i + 1 < nw ? (wt[i + 1] - wt[i]) * (double)k / (double)steps : 0);
      const double y = wc[i] + (i + 1 < nw ? (wc[i + 1] - wc[i]) * (double)k / (double)steps : 0);
      const double sec = beats ? sec_of(r, w, lane_t - play_start + x) - start : x - ps_sec;
      warped_add(&all, y, sec);
    }
  }
  for (size_t i = 0; i < all.n; i++) {
    if (i > 0 && i + 1 < all.n) {
      const double a0 = all.at[i - 1], a1 = all.at[i + 1], s0 = all.src[i - 1], s1 = all.src[i + 1];
      const double on = s0 + (all.at[i] - a0) * (s1 - s0) / (a1 - a0);
      if (fabs(on - all.src[i]) <= 1e-9 * fmax(1, fabs(all.src[i])))
        continue;
    }
    warped_add(out, all.src[i], all.at[i]);
  }
  free(all.src);
  free(all.at);
  return out->n >= 2;
}

/* m's file seconds at clip second x (linear through the points, extended
 * by the end spans), and its inverse. */
static double warped_src(const warped *m, double x)
{
  size_t i = 0;
  while (i + 2 < m->n && x > m->at[i + 1])
    i++;
  return m->src[i] + (x - m->at[i]) * (m->src[i + 1] - m->src[i]) / (m->at[i + 1] - m->at[i]);
}

static double warped_at(const warped *m, double y)
{
  size_t i = 0;
  while (i + 2 < m->n && y > m->src[i + 1])
    i++;
  return m->at[i] + (y - m->src[i]) * (m->at[i + 1] - m->at[i]) / (m->src[i + 1] - m->src[i]);
}

/* A warped clip as one region (`warp:`): from where the clip, its window
 * and the file all play, to where the first of them ends. */
static void warp_place(reader *r, sp_mix_strip *s, const xmlNode *c, const char *file,
                       const warped *m, double start, double end, double fin, double fout,
                       const window *w, double file_dur)
{
  if (r->regions >= SP_DAWPROJECT_MAX_REGIONS) {
    regions_over(r, c);
    return;
  }
  r->regions++;
  if (r->warp_points + m->n > SP_DAWPROJECT_MAX_WARP_POINTS) {
    if (!r->said_regions)
      error(r, c, SP_ERR_USAGE,
            "Clip: with the clips before it the session's warps hold more than %d points (a "
            "warp in beats has one a beat), the most one import makes; split the session",
            SP_DAWPROJECT_MAX_WARP_POINTS);
    r->said_regions = true;
    return;
  }
  r->warp_points += m->n;
  double lo = fmax(fmax(0, w->start - start), warped_at(m, 0));
  double hi = fmin(end, w->end) - start;
  if (file_dur > 0)
    hi = fmin(hi, warped_at(m, file_dur));
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
  fin = lo > 1e-9 ? 0 : fmin(fin, len);
  fout = start + hi < end - 1e-9 ? 0 : fmin(fout, len - fin);
  sp_mix_region_add(s, file, start + lo, cut.src[0], len, fin, fout);
  /* A warp at the file's own speed (what a DAW writes for a clip that
   * follows the tempo and was never stretched) is a plain region: the
   * stretcher would not give the file back bit for bit. */
  if (cut.n > 2 || fabs(cut.src[1] - cut.src[0] - cut.at[1]) > 1e-6)
    sp_mix_region_warp(&s->regions[s->n_regions - 1], cut.src, cut.at, cut.n);
  free(cut.src);
  free(cut.at);
}

static void clip(reader *r, sp_mix_strip *s, const xmlNode *c, const window *w)
{
  if (!sp_xml_bool(c, "enable", true))
    return;
  double time = 0, dur = 0;
  if (!sp_xml_number(c, "time", &time, r->xml_name, r->d))
    return;
  double lane_t = w->offset + time;
  double start = sec_of(r, w, lane_t);
  bool has_dur = sp_xml_number(c, "duration", &dur, r->xml_name, r->d);
  const xmlNode *audio = sp_xml_child(c, "Audio");
  const xmlNode *warps = sp_xml_child(c, "Warps");
  const xmlNode *inner = sp_xml_child(c, "Clips");
  if (warps && !audio)
    audio = sp_xml_child(warps, "Audio");
  if (!audio && !inner) {
    if (sp_xml_child(c, "Notes") && !r->said_notes) {
      loss(r, s, c, "note clips on a track of audio (its contentType): left out");
      r->said_notes = true;
    }
    return;
  }
  double end = has_dur ? sec_of(r, w, lane_t + dur) : w->end;
  double play_start = 0;
  sp_xml_number(c, "playStart", &play_start, r->xml_name, r->d);
  bool content_beats = unit_beats(sp_xml_attr(c, "contentTimeUnit"), w->beats);
  window inner_w = {fmax(start, w->start), fmin(end, w->end), w->beats, 0};
  if (inner) {
    /* Clips inside a clip: their times are the content's, which starts at
     * the clip's time minus its play start. */
    if (content_beats != w->beats) {
      loss(r, s, c, "a clip whose clips count time in %s inside a %s lane: left out",
           content_beats ? "beats" : "seconds", w->beats ? "beats" : "seconds");
      return;
    }
    inner_w.offset = lane_t - play_start;
    clips(r, s, inner, &inner_w);
    return;
  }
  double channels = 0, rate = 0, file_dur = 0;
  sp_xml_number(audio, "channels", &channels, r->xml_name, r->d);
  sp_xml_number(audio, "sampleRate", &rate, r->xml_name, r->d);
  sp_xml_number(audio, "duration", &file_dur, r->xml_name, r->d);
  /* Audio wider than its track's channel (a 5.1 clip on a stereo track)
   * plays folded into the channel, as the channel's devices and fader hear
   * it: the recipe's track is of its files' layout, so its first insert
   * folds it (ITU-R BS.775; the format names no downmix). A recipe's
   * track has one layout (mono and stereo aside): a clip of another width
   * than those before it on the track is left out. */
  const int width = channels > 2 ? (int)channels : 2;
  const sp_layout *wide =
      width > 2 && (!s->layout || s->layout->n != width) && width <= SP_MAX_CHANNELS
          ? sp_layout_by_count(width)
          : NULL;
  if (width > 2 && (!s->layout || s->layout->n != width) && (!wide || wide->n != width)) {
    loss(r, s, audio, "%g-channel audio: no layout has as many (stemprint help layouts); left out",
         channels);
    return;
  }
  if (s->clip_channels && s->clip_channels != width) {
    const sp_layout *was = s->clip_channels > 2 ? sp_layout_by_count(s->clip_channels) : NULL;
    loss(r, s, audio,
         "%s audio beside %s audio on one track, which a recipe's track cannot hold (its files "
         "share a layout, mono and stereo aside): left out",
         width > 2 ? sp_layout_by_count(width)->name : "mono or stereo",
         was ? was->name : "mono or stereo");
    return;
  }
  if (wide && !s->clip_channels) {
    sp_mix_insert_first(s, "fold: {to: %s}", s->layout ? s->layout->name : "stereo");
    sp_mix_note(s,
                "%s audio on a track of %s: folded into it by ITU-R BS.775 as its first "
                "insert (the format names no downmix; its DAW's own may differ)",
                wide->name, s->layout ? s->layout->name : "stereo");
  }
  if (!s->clip_channels)
    s->clip_channels = width;
  (void)rate;
  /* Content time to file seconds. */
  double *wt = NULL, *wc = NULL;
  size_t nw = 0;
  bool warp_beats = content_beats;
  if (warps) {
    warp_beats = unit_beats(sp_xml_attr(warps, "timeUnit"), content_beats);
    if (!unit_beats(sp_xml_attr(warps, "contentTimeUnit"), false) == false) {
      loss(r, s, warps, "warps whose content time is in beats: left out");
      return;
    }
    for (const xmlNode *p = sp_xml_child(warps, "Warp"); p; p = sp_xml_next(p, "Warp")) {
      double a = 0, b = 0;
      if (!sp_xml_number(p, "time", &a, r->xml_name, r->d) ||
          !sp_xml_number(p, "contentTime", &b, r->xml_name, r->d))
        continue;
      wt = sp_xreallocarray(wt, nw + 1, sizeof *wt);
      wc = sp_xreallocarray(wc, nw + 1, sizeof *wc);
      wt[nw] = a;
      wc[nw++] = b;
    }
  }
  /* Where the file starts playing; a warped clip's warp. */
  double from = 0;
  warped wp = {0};
  if (nw > 0) {
    if (warp_map(r, w, c, lane_t, start, play_start, content_beats, warp_beats, wt, wc, nw, &wp)) {
      from = wp.src[0];
    } else {
      loss(r, s, c, "a warped clip whose warp points do not increase: rendered unwarped");
      from = warp_at(wt, wc, nw, play_start);
    }
  } else if (content_beats) {
    from = sec_of(r, w, lane_t) - sec_of(r, w, lane_t - play_start);
  } else {
    from = play_start;
  }
  free(wt);
  free(wc);
  if (from < 0 || (file_dur > 0 && from >= file_dur)) {
    error(r, c, SP_ERR_USAGE,
          "Clip: plays from %.6g s into its audio, outside the file's %.6g s; fix the clip's "
          "playStart",
          from, file_dur);
    free(wp.src);
    free(wp.at);
    return;
  }
  char *file = audio_file(r, audio);
  if (!file) {
    free(wp.src);
    free(wp.at);
    return;
  }
  double play_stop = 0;
  double content_end = file_dur > 0 ? file_dur : INFINITY;
  if (sp_xml_number(c, "playStop", &play_stop, r->xml_name, r->d) && !warps) {
    double stop = content_beats ? sec_of(r, w, lane_t - play_start + play_stop) -
                                      sec_of(r, w, lane_t - play_start)
                                : play_stop;
    content_end = fmin(content_end, stop);
  }
  /* Fades, in seconds. */
  double fin = 0, fout = 0;
  bool fade_beats = unit_beats(sp_xml_attr(c, "fadeTimeUnit"), w->beats);
  double fi = 0, fo = 0;
  if (sp_xml_number(c, "fadeInTime", &fi, r->xml_name, r->d))
    fin = fade_beats ? sec_of(r, w, lane_t + fi) - start : fi;
  if (sp_xml_number(c, "fadeOutTime", &fo, r->xml_name, r->d))
    fout = fade_beats ? end - sec_of(r, w, lane_t + dur - fo) : fo;
  if (wp.n > 0) {
    warp_place(r, s, c, file, &wp, start, end, fin, fout, &inner_w, file_dur);
    free(wp.src);
    free(wp.at);
    free(file);
    return;
  }
  /* Loops: the content from the start point to loopEnd, then loopStart ..
   * loopEnd again until the clip ends. */
  double ls = 0, le = 0;
  bool loops = sp_xml_number(c, "loopStart", &ls, r->xml_name, r->d) &&
               sp_xml_number(c, "loopEnd", &le, r->xml_name, r->d) && le > ls && !warps;
  if (loops && content_beats) {
    double base = sec_of(r, w, lane_t - play_start);
    ls = sec_of(r, w, lane_t - play_start + ls) - base;
    le = sec_of(r, w, lane_t - play_start + le) - base;
  }
  /* In frames of the session: a pass's start, length and file position
   * are whole frames, so that passes add up to the clip exactly (0.7 s +
   * 3 x 0.1 s in seconds leaves a region of 1e-16 s, which no frame
   * holds). */
  const double srate = r->m->rate;
  const double clip_end = fmin(fmin(end, w->end), SP_MAX_SECONDS);
  const int64_t f_end = llround(clip_end * srate), f_ls = llround(ls * srate);
  const int64_t f_stop =
      llround(fmin(loops ? fmin(le, content_end) : content_end, SP_MAX_SECONDS) * srate);
  int64_t f_t = llround(start * srate), f_pos = llround(from * srate);
  /* The regions its loop passes make, counted before any is: a session
   * past the limit fails at the clip that passes it. */
  if (loops && f_end > f_t) {
    const int64_t first = f_stop > f_pos ? f_stop - f_pos : 0;
    const int64_t rest = f_end - f_t > first ? f_end - f_t - first : 0;
    const int64_t loop = f_stop > f_ls ? f_stop - f_ls : 0;
    if (rest > 0 && loop == 0)
      loss(r, s, c, "a loop shorter than a frame (%.3g s): played once", le - ls);
    const double passes = 1 + (rest > 0 && loop > 0 ? ceil((double)rest / (double)loop) : 0);
    if (!r->said_regions && (double)r->regions + passes > SP_DAWPROJECT_MAX_REGIONS) {
      regions_over(r, c);
      free(file);
      return;
    }
  }
  size_t n0 = s->n_regions;
  while (f_t < f_end) {
    const int64_t len = f_stop - f_pos < f_end - f_t ? f_stop - f_pos : f_end - f_t;
    if (len <= 0)
      break;
    place(r, s, file, (double)f_t / srate, (double)f_pos / srate, (double)len / srate, 0, 0,
          &inner_w);
    f_t += len;
    if (!loops)
      break;
    f_pos = f_ls;
  }
  /* The clip's fades on its first and last region. */
  if (s->n_regions > n0) {
    sp_mix_region *first = &s->regions[n0], *last = &s->regions[s->n_regions - 1];
    if (fabs(first->at - start) < 1e-9)
      first->fade_in = fmin(fin, first->length);
    if (fabs(last->at + last->length - end) < 1e-9)
      last->fade_out = fmin(fout, last->length - (last == first ? last->fade_in : 0));
  }
  free(file);
}

/* ---- notes -------------------------------------------------------------------------------- */

/* An instrument track's clips become one MIDI file of its part on the
 * session's timeline, in frames (io/session/part.h), played by one
 * region: every clip's notes and expressions where the clip plays them
 * (its window), its loops unrolled, its clips in clips cut to it. A
 * window's offset maps its content's times to the lane's, as for audio
 * clips (window.offset); its start and end, in seconds, cut what plays. */

/* The beat at second sec: to_seconds inverted, by halving. */
static double beats_of(const tempo_map *tm, double sec)
{
  if (sec <= 0)
    return sec * (tm->n ? tm->v[0].bpm : tm->bpm) / 60;
  double lo = 0, hi = 1;
  while (to_seconds(tm, hi) < sec && hi < 1e15)
    hi *= 2;
  for (int i = 0; i < 200; i++) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi)
      break;
    if (to_seconds(tm, mid) < sec)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

static notes_track *notes_of(reader *r, const sp_mix_strip *s)
{
  for (size_t i = 0; s && i < r->n_notes; i++)
    if (strcmp(r->notes[i].strip_id, s->id) == 0)
      return &r->notes[i];
  return NULL;
}

/* Second sec as a frame of the session; -1 before 0 or past a day. */
static int64_t frame_of(const reader *r, double sec)
{
  if (!(sec >= 0) || sec >= SP_MAX_SECONDS)
    return -1;
  return llround(sec * r->m->rate);
}

/* One more note, point or clip read: false, with an error the first
 * time, past the import's bounds. */
static bool spend(reader *r, const xmlNode *n)
{
  if (++r->visits <= SP_DAWPROJECT_MAX_VISITS && r->events <= SP_DAWPROJECT_MAX_EVENTS)
    return true;
  if (!r->said_events)
    error(r, n, SP_ERR_USAGE,
          "%s: more than %d MIDI messages, or %d notes, points and clips read with their loops "
          "and clips in clips; a session this large is not one stemprint renders",
          (const char *)n->name, SP_DAWPROJECT_MAX_EVENTS, SP_DAWPROJECT_MAX_VISITS);
  r->said_events = true;
  return false;
}

/* What of a part lies past a day: said once. */
static void too_late(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n)
{
  if (!nt->said_late)
    loss(r, s, n, "notes or points past %s: left out (a recipe lasts at most as long)",
         SP_MAX_TEXT);
  nt->said_late = true;
}

/* Whether n is said to be wrong for the first time (a clip's loop and
 * its aliases read a note again and again; its error is said once). */
static bool first_error(reader *r, const xmlNode *n)
{
  for (size_t i = 0; i < r->n_bad; i++)
    if (r->bad[i] == n)
      return false;
  r->bad = sp_xreallocarray(r->bad, r->n_bad + 1, sizeof *r->bad);
  r->bad[r->n_bad++] = n;
  return true;
}

/* A Note's number attribute name into *v (left alone when absent); false,
 * with an error, when it is not a number. */
static bool note_number(reader *r, const xmlNode *n, const char *name, double *v)
{
  if (!sp_xml_attr(n, name) || sp_xml_number(n, name, v, NULL, NULL))
    return true;
  if (first_error(r, n))
    error(r, n, SP_ERR_USAGE, "Note: %s='%.40s' is not a number; fix the note", name,
          sp_xml_attr(n, name));
  return false;
}

static void note(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n, const window *w)
{
  if (!spend(r, n))
    return;
  double time = 0, dur = 0, ch = 0, key = 0, vel = 100.0 / 127, rel = 64.0 / 127;
  if (!note_number(r, n, "time", &time) || !note_number(r, n, "duration", &dur) ||
      !note_number(r, n, "channel", &ch) || !note_number(r, n, "key", &key) ||
      !note_number(r, n, "vel", &vel) || !note_number(r, n, "rel", &rel))
    return;
  const char *bad = ch < 0 || ch > 15 || ch != floor(ch)        ? "channel"
                    : key < 0 || key > 127 || key != floor(key) ? "key"
                    : dur < 0                                   ? "duration"
                                                                : NULL;
  if (bad) {
    if (first_error(r, n))
      error(r, n, SP_ERR_USAGE, "Note: %s %s is %s; fix the note", bad, sp_xml_attr(n, bad),
            bad[0] == 'c'   ? "not a MIDI channel (0 to 15, as DAWproject counts them)"
            : bad[0] == 'k' ? "not a MIDI key (0 to 127)"
                            : "negative (a note lasts 0 or more from its time)");
    return;
  }
  if (sp_xml_child(n, NULL) && !nt->said_per_note) {
    loss(r, s, n,
         "per-note expressions (a note's own timelines): MIDI 1.0 has no message for them; "
         "left out");
    nt->said_per_note = true;
  }
  const double on = sec_of(r, w, w->offset + time);
  if (!(on >= w->start && on < w->end))
    return;
  /* Its end, or its window's (its clip's, its loop pass's) when it
   * reaches that frame. */
  const double off = sec_of(r, w, w->offset + time + fmax(dur, 0));
  const int64_t f_end = isfinite(w->end) ? frame_of(r, w->end) : -1;
  const int64_t f_on = frame_of(r, on);
  int64_t f_off = frame_of(r, off);
  const bool at_end = !(off < w->end) || (f_end >= 0 && f_off >= f_end);
  if (at_end)
    f_off = frame_of(r, w->end);
  if (f_on < 0 || f_off < 0) {
    too_late(r, nt, s, n);
    return;
  }
  if ((vel < 0 || vel > 1 || rel < 0 || rel > 1) && !nt->said_value) {
    loss(r, s, n, "a velocity of %g or release velocity of %g, beyond 0 .. 1: held within", vel,
         rel);
    nt->said_value = true;
  }
  const long v = lround(fmin(fmax(vel, 0), 1) * 127), rv = lround(fmin(fmax(rel, 0), 1) * 127);
  sp_part_note(&nt->part, f_on, f_off, (int)ch, (int)key, v < 1 ? 1 : (int)v, (int)rv, at_end);
  r->events += 2;
}

/* What a Points of MIDI expression sends. */
typedef enum xkind { X_CC, X_BEND, X_PRESSURE, X_POLY, X_PROGRAM } xkind;

/* The messages of one expression, cut to a window: a point before the
 * window leaves its value pending, sent at the window's start unless a
 * message comes there; a ramp's message at the frame of the next one's
 * gives way to it. */
typedef struct xsend {
  reader *r;
  notes_track *nt;
  const window *w;
  xkind kind;
  int ch, num;
  bool pending;
  int pending_q;
  bool held; /* a ramp's message, held until the next message says whether it stays */
  int64_t held_frame;
  int held_q;
} xsend;

static void xsend_out(xsend *x, int64_t frame, int q)
{
  const uint8_t ch = (uint8_t)x->ch;
  uint8_t m[3] = {0};
  uint8_t size = 3;
  switch (x->kind) {
  case X_CC: m[0] = 0xB0 | ch, m[1] = (uint8_t)x->num, m[2] = (uint8_t)q; break;
  case X_BEND: m[0] = 0xE0 | ch, m[1] = (uint8_t)(q & 0x7F), m[2] = (uint8_t)(q >> 7); break;
  case X_PRESSURE: m[0] = 0xD0 | ch, m[1] = (uint8_t)q, size = 2; break;
  case X_POLY: m[0] = 0xA0 | ch, m[1] = (uint8_t)x->num, m[2] = (uint8_t)q; break;
  case X_PROGRAM: m[0] = 0xC0 | ch, m[1] = (uint8_t)q, size = 2; break;
  }
  sp_part_control(&x->nt->part, frame, m, size);
  x->r->events++;
}

static void xsend_flush(xsend *x)
{
  if (x->held)
    xsend_out(x, x->held_frame, x->held_q);
  x->held = false;
}

/* Value q at content second sec; a ramp's (ramp) may be replaced. */
static void xsend_put(xsend *x, double sec, int q, bool ramp, const xmlNode *at)
{
  if (sec < x->w->start) {
    x->pending = true;
    x->pending_q = q;
    return;
  }
  if (!(sec < x->w->end))
    return;
  const int64_t f = frame_of(x->r, sec);
  if (f < 0) {
    too_late(x->r, x->nt, NULL, at);
    return;
  }
  if (x->pending) {
    const int64_t f0 = frame_of(x->r, x->w->start);
    if (f0 >= 0 && f0 < f)
      xsend_out(x, f0, x->pending_q);
    x->pending = false;
  }
  if (x->held && x->held_frame != f)
    xsend_flush(x);
  x->held = false;
  if (ramp) {
    x->held = true;
    x->held_frame = f;
    x->held_q = q;
  } else {
    xsend_out(x, f, q);
  }
}

/* A Points of MIDI expression (Target expression=) of an instrument
 * track: channel controllers, pitch bend, channel and polyphonic
 * pressure, program changes; values normalized 0 .. 1 (a RealPoint) or
 * whole (an IntegerPoint, EnumPoint: the message's own value); a linear
 * ramp between two points sends each value between at the frame where
 * the ramp, rounded to the message's steps, reaches it. */
static void expression(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *pts,
                       const window *w)
{
  const xmlNode *tg = sp_xml_child(pts, "Target");
  const char *ex = sp_xml_attr(tg, "expression");
  static const char *const names[] = {"channelController", "pitchBend", "channelPressure",
                                      "polyPressure", "programChange"};
  size_t k = 0;
  while (ex && k < 5 && strcmp(ex, names[k]) != 0)
    k++;
  if (!ex || k == 5) {
    loss(r, s, pts, "the '%s' expression: MIDI 1.0 has no message for it; left out", ex ? ex : "");
    return;
  }
  double ch = 0, num = 0;
  sp_xml_number(tg, "channel", &ch, r->xml_name, r->d);
  const char *numa = k == X_CC ? "controller" : k == X_POLY ? "key" : NULL;
  const bool num_ok = !numa || (sp_xml_number(tg, numa, &num, r->xml_name, r->d) && num >= 0 &&
                                num <= 127 && num == floor(num));
  if (ch < 0 || ch > 15 || ch != floor(ch) || !num_ok) {
    loss(r, s, pts, "the %s expression of channel %g%s%s: MIDI's channels are 0 to 15%s; left out",
         ex, ch, numa ? ", without a " : "", numa ? numa : "",
         numa ? " and its controllers and keys 0 to 127" : "");
    return;
  }
  const char *unit = sp_xml_attr(pts, "unit");
  const double scale = !unit || strcmp(unit, "normalized") == 0 ? 1
                       : strcmp(unit, "percent") == 0           ? 0.01
                                                                : NAN;
  if (isnan(scale)) {
    loss(r, s, pts, "the %s expression in unit '%s' (MIDI's are normalized, 0 .. 1): left out", ex,
         unit);
    return;
  }
  const int steps = k == X_BEND ? 16383 : 127;
  xsend x = {.r = r, .nt = nt, .w = w, .kind = (xkind)k, .ch = (int)ch, .num = (int)num};
  double px = 0, pv = 0;
  int pq = 0;
  bool have = false, linear = false, said = false;
  for (const xmlNode *p = sp_xml_child(pts, NULL); p; p = sp_xml_next(p, NULL)) {
    if (sp_xml_is(p, "Target"))
      continue;
    if (!spend(r, p))
      return;
    double t = 0, v = 0;
    if (!sp_xml_number(p, "time", &t, r->xml_name, r->d))
      continue;
    int q = 0;
    if (sp_xml_is(p, "RealPoint")) {
      if (!sp_xml_number(p, "value", &v, r->xml_name, r->d))
        continue;
      v *= scale;
      if ((v < 0 || v > 1) && !said) {
        loss(r, s, p, "the %s expression at %g, beyond 0 .. 1: held within", ex, v);
        said = true;
      }
      v = fmin(fmax(v, 0), 1);
      q = (int)lround(v * steps);
    } else if (sp_xml_is(p, "BoolPoint")) {
      q = sp_xml_bool(p, "value", false) ? steps : 0;
      v = q / (double)steps;
    } else if (sp_xml_is(p, "IntegerPoint") || sp_xml_is(p, "EnumPoint")) {
      if (!sp_xml_number(p, "value", &v, r->xml_name, r->d))
        continue;
      q = (int)fmin(fmax(round(v), 0), steps);
      v = q / (double)steps;
    } else {
      continue;
    }
    if (have && t < px) {
      error(r, p, SP_ERR_USAGE,
            "%s: time %g comes before the point above it; points must be in time order",
            (const char *)p->name, t);
      return;
    }
    if (have && linear && t > px && q != pq) {
      const int dir = q > pq ? 1 : -1;
      for (int m = pq + dir; m != q; m += dir) {
        if (!spend(r, p))
          return;
        const double vb = (m - dir * 0.5) / steps;
        const double xb = px + (vb - pv) / (v - pv) * (t - px);
        xsend_put(&x, sec_of(r, w, w->offset + xb), m, true, p);
      }
    }
    xsend_put(&x, sec_of(r, w, w->offset + t), q, false, p);
    const char *interp = sp_xml_attr(p, "interpolation");
    linear = sp_xml_is(p, "RealPoint") && !(interp && strcmp(interp, "hold") == 0);
    px = t;
    pv = v;
    pq = q;
    have = true;
  }
  xsend_flush(&x);
  if (x.pending) { /* every point before the window: its value holds in it */
    const int64_t f0 = frame_of(r, w->start);
    if (f0 >= 0 && w->start < w->end)
      xsend_out(&x, f0, x.pending_q);
  }
}

/* The element of the project whose id is id (a clip's reference), or
 * NULL. */
static int cmp_id(const void *a, const void *b)
{
  return strcmp(((const id_ref *)a)->id, ((const id_ref *)b)->id);
}

static void collect_ids(reader *r, const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_child(n, NULL); c; c = sp_xml_next(c, NULL)) {
    const char *id = sp_xml_attr(c, "id");
    if (id) {
      r->ids = sp_xreallocarray(r->ids, r->n_ids + 1, sizeof *r->ids);
      r->ids[r->n_ids++] = (id_ref){id, c};
    }
    collect_ids(r, c);
  }
}

static const xmlNode *find_id(reader *r, const char *id)
{
  if (!r->ids_made) {
    collect_ids(r, r->root);
    if (r->n_ids > 1)
      qsort(r->ids, r->n_ids, sizeof *r->ids, cmp_id);
    r->ids_made = true;
  }
  const id_ref key = {id, NULL};
  const id_ref *hit = r->n_ids ? bsearch(&key, r->ids, r->n_ids, sizeof *r->ids, cmp_id) : NULL;
  return hit ? hit->n : NULL;
}

static void notes_clip(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *c,
                       const window *w, int depth);

/* A content timeline n of an instrument track in window w (its times are
 * w's content times): Notes, Lanes of them, Clips, Points of MIDI
 * expression. */
static void notes_content(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n,
                          const window *w, int depth)
{
  if (depth > SP_DAWPROJECT_MAX_DEPTH || !spend(r, n)) {
    if (depth > SP_DAWPROJECT_MAX_DEPTH && !nt->said_content)
      loss(r, s, n, "clips inside clips (or aliases of them) more than %d deep: left out",
           SP_DAWPROJECT_MAX_DEPTH);
    nt->said_content |= depth > SP_DAWPROJECT_MAX_DEPTH;
    return;
  }
  const char *tu = sp_xml_attr(n, "timeUnit");
  if (tu && unit_beats(tu, w->beats) != w->beats) {
    loss(r, s, n, "a %s counting time in %s inside a timeline in %s: left out",
         (const char *)n->name, tu, w->beats ? "beats" : "seconds");
    return;
  }
  if (sp_xml_is(n, "Notes")) {
    for (const xmlNode *x = sp_xml_child(n, "Note"); x; x = sp_xml_next(x, "Note"))
      note(r, nt, s, x, w);
  } else if (sp_xml_is(n, "Lanes")) {
    for (const xmlNode *x = sp_xml_child(n, NULL); x; x = sp_xml_next(x, NULL))
      notes_content(r, nt, s, x, w, depth + 1);
  } else if (sp_xml_is(n, "Clips")) {
    for (const xmlNode *x = sp_xml_child(n, "Clip"); x; x = sp_xml_next(x, "Clip"))
      notes_clip(r, nt, s, x, w, depth + 1);
  } else if (sp_xml_is(n, "Points")) {
    if (sp_xml_attr(sp_xml_child(n, "Target"), "expression"))
      expression(r, nt, s, n, w);
    else
      loss(r, s, n, "automation inside a note clip: left out");
  } else if (!sp_xml_is(n, "markers") && !sp_xml_is(n, "Markers")) {
    if (!nt->said_content)
      loss(r, s, n, "%s in an instrument track's clip: it plays notes only; left out",
           (const char *)n->name);
    nt->said_content = true;
  }
}

/* A clip of an instrument track, on the timeline of window w (its time,
 * duration in w's lane unit): its content from playStart (or its
 * reference's, an alias clip), looped from loopEnd back to loopStart
 * until the clip ends, cut to the clip and to w. */
static void notes_clip(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *c,
                       const window *w, int depth)
{
  if (!sp_xml_bool(c, "enable", true) || !spend(r, c))
    return;
  double time = 0, dur = 0, ps = 0, stop = 0, ls = 0, le = 0;
  if (!sp_xml_number(c, "time", &time, r->xml_name, r->d))
    return;
  const double lane_t = w->offset + time, start = sec_of(r, w, lane_t);
  const bool has_dur = sp_xml_number(c, "duration", &dur, r->xml_name, r->d);
  sp_xml_number(c, "playStart", &ps, r->xml_name, r->d);
  const bool has_stop = sp_xml_number(c, "playStop", &stop, r->xml_name, r->d);
  /* The content's own unit: its times map to the lane's through the
   * clip's start, whatever the units. */
  window cm = {0, INFINITY, unit_beats(sp_xml_attr(c, "contentTimeUnit"), w->beats), 0};
  cm.offset = cm.beats == w->beats ? lane_t - ps
              : cm.beats           ? beats_of(&r->tm, start) - ps
                                   : start - ps;
  const double end = has_dur    ? sec_of(r, w, lane_t + dur)
                     : has_stop ? sec_of(r, &cm, cm.offset + stop)
                                : w->end;
  double fi = 0, fo = 0;
  sp_xml_number(c, "fadeInTime", &fi, r->xml_name, r->d);
  sp_xml_number(c, "fadeOutTime", &fo, r->xml_name, r->d);
  if ((fi != 0 || fo != 0) && !nt->said_fade) {
    loss(r, s, c, "fades on a note clip (MIDI has none): left out");
    nt->said_fade = true;
  }
  const xmlNode *content = sp_xml_child(c, NULL);
  const char *ref = sp_xml_attr(c, "reference");
  if (!content && ref)
    content = find_id(r, ref);
  const double c_start = fmax(fmax(start, w->start), 0), c_end = fmin(end, w->end);
  if (!content || !(c_end > c_start))
    return;
  if (depth == 0 && isfinite(c_end)) {
    const int64_t f = frame_of(r, fmin(c_end, SP_MAX_SECONDS - 1));
    if (f > nt->clips_end)
      nt->clips_end = f;
  }
  const double ce = has_stop ? stop : INFINITY;
  const bool loops = sp_xml_number(c, "loopStart", &ls, r->xml_name, r->d) &&
                     sp_xml_number(c, "loopEnd", &le, r->xml_name, r->d) && le > ls;
  if (!loops) {
    window x = cm;
    x.start = c_start;
    x.end = isinf(ce) ? c_end : fmin(c_end, sec_of(r, &cm, cm.offset + ce));
    if (x.end > x.start)
      notes_content(r, nt, s, content, &x, depth + 1);
    return;
  }
  /* Pass k plays the content from loopStart (the first from playStart)
   * to loopEnd, k loop lengths later (each from the clip's start, not
   * the pass before: no drift adds up), to the clip's end or a day's;
   * each pass counts as a clip read (spend: the import's bound, said). */
  const double hi = fmin(le, ce), last = fmin(c_end, SP_MAX_SECONDS);
  for (double k = 0;; k++) {
    const double lo = k == 0 ? ps : ls;
    if (!(hi > lo) || (k > 0 && !spend(r, c)))
      break;
    window x = cm;
    x.offset = cm.offset + k * (le - ls);
    const double a = sec_of(r, &x, x.offset + lo), b = sec_of(r, &x, x.offset + hi);
    if (!(a < last))
      break;
    x.start = fmax(c_start, a);
    x.end = fmin(c_end, b);
    if (x.end > x.start)
      notes_content(r, nt, s, content, &x, depth + 1);
  }
}

/* The track's part as a MIDI file and the region that plays it: from the
 * timeline's start to its last clip's end, or past its last message (a
 * note its clip's end cuts is left to the region's end to close, as a
 * region closes what it leaves on). */
static void notes_region(reader *r, notes_track *nt)
{
  sp_mix_strip *s = sp_mix_find(r->m, nt->strip_id);
  if (!s || nt->part.n == 0)
    return;
  sp_part_sort(&nt->part);
  int64_t end = nt->clips_end;
  for (size_t i = 0; i < nt->part.n; i++)
    if (!nt->part.v[i].at_end && nt->part.v[i].frame + 1 > end)
      end = nt->part.v[i].frame + 1;
  for (size_t i = 0; i < nt->part.n; i++) /* the file says what the region plays */
    if (nt->part.v[i].frame >= end)
      nt->part.v[i].msg[2] = 0;
  sp_midi_file *f = sp_part_midi(&nt->part, r->m->rate, nt->title, end);
  /* Its name beside the recipe: the track's, cut to safe characters. */
  char *name = sp_xstrdup(nt->title && *nt->title ? nt->title : "notes");
  if (strlen(name) > 100)
    name[100] = '\0';
  for (char *c = name; *c; c++)
    if (*c == '/')
      *c = '_';
  char *base = safe_base(name);
  free(name);
  bool existed = r->audio_cache;
  if (!r->audio_cache) { /* the name sp_session_write_midi will take */
    for (int k = 1;; k++) {
      char *p = k == 1 ? sp_xasprintf("%s/%s.mid", r->audio_dir, base)
                       : sp_xasprintf("%s/%s_%d.mid", r->audio_dir, base, k);
      bool clash = false;
      for (size_t i = 0; i < r->n_midi_names && !clash; i++)
        clash = strcmp(r->midi_names[i], p) == 0;
      if (!clash)
        existed = access(p, F_OK) == 0;
      free(p);
      if (!clash)
        break;
    }
  }
  char why[512];
  char *path = sp_session_write_midi(r->audio_dir, r->audio_cache, base, f, &r->midi_names,
                                     &r->n_midi_names, why, sizeof why);
  free(base);
  sp_midi_file_free(f);
  if (!path) {
    sp_diags_add_whole(r->d, SP_SEV_ERROR, SP_ERR_IO, "%s: the notes of track '%s': %s", r->path,
                       nt->title ? nt->title : "", why);
    return;
  }
  if (!existed) {
    r->created = sp_xreallocarray(r->created, r->n_created + 1, sizeof(char *));
    r->created[r->n_created++] = sp_xstrdup(path);
  }
  r->midi = sp_xreallocarray(r->midi, r->n_midi + 1, sizeof *r->midi);
  r->midi[r->n_midi++] = sp_xstrdup(path);
  char *rel = sp_fs_relative_to(path, r->recipe_dir);
  sp_mix_midi_region_add(s, rel, 0, 0, (double)end / r->m->rate);
  free(rel);
  free(path);
}

/* ---- instruments, read (the devices above say which) ----------------------------- */

/* text + ", key: value" (heap; text freed). */
static char *append(char *text, const char *key, const char *value)
{
  char *t = sp_xasprintf("%s, %s: %s", text, key, value);
  free(text);
  return t;
}

/* A level in dB as recipe text ("-6 dB", "-inf dB"). */
static char *db_text(double db)
{
  return isinf(db) ? sp_xstrdup("-inf dB") : sp_xasprintf("%s dB", sp_mix_num(db).text);
}

/* stemprint's SoundFont device as `soundfont: {file: ..., bank: ...}`;
 * NULL with an error. */
static char *soundfont_device(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  const xmlNode *st = sp_xml_child(dev, "State");
  if (!st) {
    error(r, dev, SP_ERR_USAGE,
          "Device '%s': a SoundFont device without its SoundFont; give it a State naming the "
          ".sf2",
          sp_xml_attr(dev, "deviceName"));
    return NULL;
  }
  char *file = file_path(r, dev, st, E_SOUNDFONT);
  if (!file)
    return NULL;
  char *q = sp_mix_quoted(file);
  char *text = sp_xasprintf("soundfont: {file: %s", q);
  free(q);
  free(file);
  static const char *const whole[] = {"bank", "program", "polyphony"};
  for (size_t i = 0; i < 3; i++) {
    double v = 0;
    const xmlNode *p = dev_param(dev, whole[i]);
    if (p && sp_xml_number(p, "value", &v, r->xml_name, r->d))
      text = append(text, whole[i], sp_mix_num(v).text);
  }
  double db = 0;
  const xmlNode *g = dev_param(dev, "gain");
  if (g && level_db(r, g, &db)) {
    char *t = db_text(db);
    text = append(text, "gain", t);
    free(t);
  }
  static const char *const flags[] = {"reverb", "chorus"};
  for (size_t i = 0; i < 2; i++) {
    const xmlNode *p = dev_param(dev, flags[i]);
    if (p && sp_xml_attr(p, "value"))
      text = append(text, flags[i], sp_xml_bool(p, "value", false) ? "true" : "false");
  }
  static const char *const orders[] = {"none", "linear", "4th", "7th"};
  double k = 0;
  const xmlNode *ip = dev_param(dev, "interpolation");
  if (ip && sp_xml_number(ip, "value", &k, r->xml_name, r->d)) {
    if (k >= 0 && k <= 3 && k == floor(k))
      text = append(text, "interpolation", orders[(int)k]);
    else
      loss(r, s, ip, "interpolation %g (0 none, 1 linear, 2 4th, 3 7th): the default (4th)", k);
  }
  char *t = sp_xasprintf("%s}", text);
  free(text);
  return t;
}

/* An LV2 instrument's Device as `lv2: {plugin: URI, symbol: value, ...,
 * state: FILE}`: its Parameters by their names, the plugin's port
 * symbols, in the recipe's units; its State (LV2's state, Turtle) a state
 * file. NULL with an error. */
static char *lv2_device(reader *r, sp_mix_strip *s, const xmlNode *dev, const sp_lv2_plugin *pl)
{
  char *q = sp_mix_quoted(pl->uri);
  char *text = sp_xasprintf("lv2: {plugin: %s", q);
  free(q);
  for (const xmlNode *p = sp_xml_child(sp_xml_child(dev, "Parameters"), NULL); p;
       p = sp_xml_next(p, NULL)) {
    const char *name = sp_xml_attr(p, "name");
    const sp_lv2_control *c = NULL;
    for (size_t k = 0; name && k < pl->n_controls && !c; k++)
      if (strcmp(pl->controls[k].symbol, name) == 0 && !pl->controls[k].held)
        c = &pl->controls[k];
    if (!c) {
      loss(r, s, p, "a parameter the plugin '%s' has no control for: left out", pl->name);
      continue;
    }
    double v = 0;
    char *val = NULL;
    if (sp_xml_is(p, "BoolParameter")) {
      val = sp_xstrdup(sp_xml_bool(p, "value", false) ? "true" : "false");
    } else if (c->kind == SP_LV2_CTL_GAIN && sp_xml_is(p, "RealParameter")) {
      if (level_db(r, p, &v))
        val = db_text(v);
    } else if (sp_xml_number(p, "value", &v, r->xml_name, r->d)) {
      if (c->kind == SP_LV2_CTL_TOGGLE)
        val = sp_xstrdup(v != 0 ? "true" : "false");
      else if (c->kind == SP_LV2_CTL_ENUM && v >= 0 && v < (double)c->n_points && v == floor(v))
        val = sp_mix_quoted(c->point_labels[(size_t)v]);
      else
        val = sp_xstrdup(sp_mix_num(v).text);
    }
    if (val)
      text = append(text, c->symbol, val);
    free(val);
  }
  const xmlNode *st = sp_xml_child(dev, "State");
  if (st) {
    char *file = file_path(r, dev, st, E_STATE);
    if (!file) {
      free(text);
      return NULL;
    }
    char *fq = sp_mix_quoted(file);
    text = append(text, "state", fq);
    free(fq);
    free(file);
  }
  char *t = sp_xasprintf("%s}", text);
  free(text);
  return t;
}

/* ---- automation ------------------------------------------------------------------------ */

static const target *find_target(const reader *r, const char *id)
{
  for (size_t i = 0; id && i < r->n_targets; i++)
    if (strcmp(r->targets[i].id, id) == 0)
      return &r->targets[i];
  return NULL;
}

static sp_mix_strip *target_strip(reader *r, const target *t)
{
  return t->strip == SIZE_MAX ? &r->m->master : &r->m->strips[t->strip];
}

/* A level ramp that is linear in amplitude, as breakpoints the recipe
 * ramps in dB between: split until every midpoint is within 0.01 dB. */
static void linear_ramp(sp_mix_auto *a, double t0, double g0, double t1, double g1)
{
  static const sp_mix_ramp how = {false, false, db_of_factor, 0.01, false};
  sp_mix_ramp_points(a, &how, t0, g0, t1, g1);
  a->pts[a->n - 1].v = sp_lin_to_db(g1);
}

/* A channel's mute automation (BoolPoints, each held from its time) into
 * s->mutes: the recipe's moving mute, each point at the frame nearest its
 * time, declicked as the recipe declicks a moving mute. DAWproject states
 * no declick; a DAW declicks a mute (none cuts the waveform at a frame),
 * and the recipe's moving mute is the one stemprint has, which is what
 * `export` writes back as these BoolPoints (docs/sessions.md). The fixed
 * Mute gives way to it. */
static void mute_automation(reader *r, sp_mix_strip *s, const xmlNode *pts, const window *w)
{
  sp_mix_auto out = {0};
  for (const xmlNode *p = sp_xml_child(pts, "BoolPoint"); p; p = sp_xml_next(p, "BoolPoint")) {
    double time = 0;
    if (!sp_xml_number(p, "time", &time, r->xml_name, r->d))
      continue;
    const double frame = (double)llround(sec_of(r, w, w->offset + time) * r->m->rate);
    if (out.n > 0 && frame < out.pts[out.n - 1].t) {
      error(r, p, SP_ERR_USAGE,
            "BoolPoint: time %g comes before the point above it; points must be in time order",
            time);
      break;
    }
    sp_mix_auto_point(&out, frame, sp_xml_bool(p, "value", false) ? 1 : 0);
  }
  if (sp_xml_child(pts, "RealPoint") || sp_xml_child(pts, "IntegerPoint"))
    loss(r, s, pts, "mute automation by numbers, not BoolPoints: left out");
  if (out.n > 0) {
    free(s->mutes.pts);
    s->mutes = out;
    s->mutes_declicked = true;
  } else {
    free(out.pts);
  }
}

static void automation(reader *r, const xmlNode *pts, const window *w)
{
  const xmlNode *tg = sp_xml_child(pts, "Target");
  const char *pid = sp_xml_attr(tg, "parameter");
  const target *t = find_target(r, pid);
  for (size_t i = 0; !t && pid && i < r->n_points; i++)
    if (r->points[i].pts == pts && r->points[i].taken)
      return; /* a device's, read with it */
  if (!t) {
    if (pid)
      loss(r, NULL, pts,
           "automation of parameter '%s' (not a channel's volume, pan or send): "
           "left out",
           pid);
    return;
  }
  sp_mix_strip *s = target_strip(r, t);
  if (t->kind == T_OTHER) {
    loss(r, s, pts, "%s automation: left out", t->what);
    return;
  }
  bool beats = unit_beats(sp_xml_attr(pts, "timeUnit"), w->beats);
  window pw = *w;
  pw.beats = beats;
  if (t->kind == T_MUTE) {
    mute_automation(r, s, pts, &pw);
    return;
  }
  const char *unit = sp_xml_attr(pts, "unit");
  if (!unit)
    unit = t->unit;
  bool level = t->kind == T_VOLUME || t->kind == T_SEND_VOLUME;
  bool linear = level && unit && strcmp(unit, "linear") == 0;
  sp_mix_auto *a = t->kind == T_VOLUME        ? &s->gain
                   : t->kind == T_PAN         ? &s->pan
                   : t->kind == T_SEND_VOLUME ? &s->sends[t->send].level
                                              : &s->sends[t->send].pan;
  sp_mix_auto out = {0};
  double pt = 0, pv = 0;
  bool have_prev = false, prev_hold = false;
  for (const xmlNode *p = sp_xml_child(pts, "RealPoint"); p; p = sp_xml_next(p, "RealPoint")) {
    double time = 0, v = 0;
    if (!sp_xml_number(p, "time", &time, r->xml_name, r->d))
      continue;
    if (level && !linear && minus_inf(sp_xml_attr(p, "value")))
      v = -INFINITY;
    else if (!sp_xml_number(p, "value", &v, r->xml_name, r->d))
      continue;
    double sec = sec_of(r, &pw, w->offset + time);
    const char *interp = sp_xml_attr(p, "interpolation");
    bool hold = interp && strcmp(interp, "hold") == 0;
    double val = level ? (linear ? v : v) : pan_value(v, unit, t->has_range, t->min, t->max);
    if (have_prev && sec < pt) {
      error(r, p, SP_ERR_USAGE,
            "RealPoint: time %g comes before the point above it; points "
            "must be in time order",
            time);
      break;
    }
    if (have_prev && prev_hold && sec > pt)
      sp_mix_auto_point(&out, sec, level && linear ? sp_lin_to_db(pv) : pv);
    if (have_prev && !prev_hold && linear && sec > pt)
      linear_ramp(&out, pt, pv, sec, v);
    else
      sp_mix_auto_point(&out, sec, level && linear ? sp_lin_to_db(v) : val);
    pt = sec;
    pv = level ? v : val;
    have_prev = true;
    prev_hold = hold;
  }
  if (level)
    for (size_t i = 0; i < out.n; i++)
      out.pts[i].v = fmin(out.pts[i].v, 24);
  if (out.n > 0) {
    free(a->pts);
    *a = out;
  } else {
    free(out.pts);
  }
}

/* The strip of the track whose id is tid, or NULL. */
static sp_mix_strip *track_strip(reader *r, const char *tid)
{
  for (size_t i = 0; tid && i < r->n_tracks; i++)
    if (strcmp(r->track_ids[i], tid) == 0)
      return sp_mix_find(r->m, r->track_channels[i]);
  return NULL;
}

/* Whether tid is an instrument track left out (its loss said). */
static bool track_out(const reader *r, const char *tid)
{
  for (size_t i = 0; tid && i < r->n_tracks_out; i++)
    if (strcmp(r->tracks_out[i], tid) == 0)
      return true;
  return false;
}

static void lanes(reader *r, const xmlNode *ln, bool beats, const char *track)
{
  bool b = unit_beats(sp_xml_attr(ln, "timeUnit"), beats);
  const char *tr = sp_xml_attr(ln, "track");
  if (tr)
    track = tr;
  window w = {0, INFINITY, b, 0};
  for (const xmlNode *n = sp_xml_child(ln, NULL); n; n = sp_xml_next(n, NULL)) {
    const char *t = sp_xml_attr(n, "track") ? sp_xml_attr(n, "track") : track;
    sp_mix_strip *s = NULL;
    notes_track *nt = NULL;
    if (sp_xml_is(n, "Points") || sp_xml_is(n, "Notes") || sp_xml_is(n, "Clips")) {
      s = track_strip(r, t);
      nt = notes_of(r, s);
    }
    window own = w; /* a timeline in its own unit */
    own.beats = unit_beats(sp_xml_attr(n, "timeUnit"), b);
    if (sp_xml_is(n, "Lanes")) {
      lanes(r, n, b, track);
    } else if (sp_xml_is(n, "Points") && sp_xml_attr(sp_xml_child(n, "Target"), "expression")) {
      if (nt)
        expression(r, nt, s, n, &own);
      else if (!track_out(r, t))
        loss(r, s, n, "MIDI expression on %s: left out",
             s ? "a track that plays no MIDI" : "no instrument track");
    } else if (sp_xml_is(n, "Points")) {
      automation(r, n, &w);
    } else if (sp_xml_is(n, "Notes")) {
      if (nt)
        notes_content(r, nt, s, n, &own, 0);
      else if (!track_out(r, t) && sp_xml_child(n, "Note"))
        loss(r, s, n, "notes on %s: left out",
             s ? "a track that plays audio" : "no instrument track");
    } else if (sp_xml_is(n, "Clips")) {
      if (track_out(r, t))
        continue;
      if (nt) {
        for (const xmlNode *c = sp_xml_child(n, "Clip"); c; c = sp_xml_next(c, "Clip"))
          notes_clip(r, nt, s, c, &own, 0);
        continue;
      }
      if (!s || s->kind != SP_MIX_TRACK) {
        if (sp_xml_child(n, "Clip"))
          loss(r, s, n, "clips on %s: left out", s ? "a bus" : "no audio track");
        continue;
      }
      clips(r, s, n, &own);
    } else if (sp_xml_is(n, "Warps") || sp_xml_is(n, "Audio") || sp_xml_is(n, "ClipSlot")) {
      loss(r, NULL, n, "audio placed outside a clip: left out");
    }
  }
}

/* ---- VCAs ------------------------------------------------------------------------------- */

/* a += b, both levels in dB: a sum of ramps linear in dB is one, exactly,
 * on the union of their breakpoints. */
static void add_levels(sp_mix_auto *a, const sp_mix_auto *b)
{
  if (a->n == 0 && b->n == 0) {
    a->value += b->value;
    return;
  }
  sp_mix_auto out = {0};
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    double t = j >= b->n || (i < a->n && a->pts[i].t <= b->pts[j].t) ? a->pts[i].t : b->pts[j].t;
    sp_mix_auto_point(&out, t, sp_mix_level_at(a, t, true) + sp_mix_level_at(b, t, true));
    while (i < a->n && a->pts[i].t <= t)
      i++;
    while (j < b->n && b->pts[j].t <= t)
      j++;
  }
  free(a->pts);
  *a = out;
}

/* a |= b, both mute lists (each point's value held from its time, the
 * first's before it too; a's n 0: never muted; b's n > 0): muted where
 * either is, a point on the union of their breakpoints where that changes
 * (and the first). Linear in their points. */
static void or_mutes(sp_mix_auto *a, const sp_mix_auto *b)
{
  sp_mix_auto out = {0};
  size_t i = 0, j = 0;
  bool held = false;
  while (i < a->n || j < b->n) {
    double t = j >= b->n || (i < a->n && a->pts[i].t <= b->pts[j].t) ? a->pts[i].t : b->pts[j].t;
    while (i < a->n && a->pts[i].t <= t)
      i++;
    while (j < b->n && b->pts[j].t <= t)
      j++;
    const bool on = (a->n && a->pts[i ? i - 1 : 0].v != 0) || b->pts[j ? j - 1 : 0].v != 0;
    if (out.n == 0 || on != held)
      sp_mix_auto_point(&out, t, on ? 1 : 0);
    held = on;
  }
  free(a->pts);
  *a = out;
}

static void resolve_vcas(reader *r)
{
  /* a channel's own fixed Mute gives way to its mute automation, a VCA's
   * too */
  for (size_t i = 0; i < r->m->n_strips; i++)
    if (r->m->strips[i].mutes.n > 0)
      r->m->strips[i].mute = false;
  if (r->m->master.mutes.n > 0)
    r->m->master.mute = false;
  /* A VCA under a VCA folded before it has that one's notes and mutes:
   * what its channel said itself is kept here. */
  struct own {
    size_t notes; /* the first notes */
    bool moves;   /* mute automation */
  } *own = sp_xcalloc(r->n_vcas + 1, sizeof *own);
  for (size_t v = 0; v < r->n_vcas; v++) {
    const sp_mix_strip *vs = sp_mix_find(r->m, r->vcas[v]);
    if (vs)
      own[v] = (struct own){vs->n_notes, vs->mutes.n > 0};
  }
  for (size_t v = 0; v < r->n_vcas; v++) {
    sp_mix_strip *vs = sp_mix_find(r->m, r->vcas[v]);
    if (!vs)
      continue;
    /* A VCA routed to itself (or around a loop of VCAs) goes to master. */
    char *out = vs->to && strcmp(vs->to, vs->id) != 0 ? sp_xstrdup(vs->to) : NULL;
    for (size_t i = 0; i < r->m->n_strips; i++) {
      sp_mix_strip *s = &r->m->strips[i];
      if (s == vs || !s->to || strcmp(s->to, vs->id) != 0)
        continue;
      add_levels(&s->gain, &vs->gain);
      sp_mix_note(s, "under VCA '%s': its level is in this gain", vs->title);
      if (vs->mutes.n > 0 && !vs->mute && !s->mute) {
        /* Muted while its own mute or the VCA's is on: one moving mute,
         * declicked as a channel's own; constant, a fixed mute. */
        or_mutes(&s->mutes, &vs->mutes);
        s->mutes_declicked = true;
        if (s->mutes.n == 1) {
          s->mute = s->mutes.pts[0].v != 0;
          free(s->mutes.pts);
          s->mutes = (sp_mix_auto){0};
        }
      } else {
        s->mute = s->mute || vs->mute;
      }
      if (own[v].moves)
        sp_mix_note(s, "under VCA '%s': muted while its mute automation is on too", vs->title);
      /* and the VCAs over this one said, in any order they are listed */
      for (size_t k = own[v].notes; k < vs->n_notes; k++)
        sp_mix_note(s, "%s", vs->notes[k]);
      free(s->to);
      s->to = out ? sp_xstrdup(out) : NULL;
    }
    free(out);
    if (vs->n_inserts || vs->n_sends || own[v].notes) {
      char *el = sp_xasprintf("VCA channel '%s'", vs->title);
      sp_mix_loss(r->m, NULL, el, "its devices and sends: a VCA carries no audio; left out");
      free(el);
    }
    sp_mix_remove(r->m, vs);
  }
  free(own);
}

/* Every Audio element's sampleRate under n, counted. */
static void count_rates(reader *r, const xmlNode *n)
{
  for (const xmlNode *c = sp_xml_child(n, NULL); c; c = sp_xml_next(c, NULL)) {
    double rate = 0;
    if (sp_xml_is(c, "Audio") && sp_xml_number(c, "sampleRate", &rate, NULL, NULL) && rate > 0)
      count_rate(r, rate);
    count_rates(r, c);
  }
}

/* The session rate: the rate most of the audio has, else 48 kHz. */
static void choose_rate(reader *r)
{
  size_t best = 0;
  for (size_t i = 1; i < 8; i++)
    if (r->rates[i] > r->rates[best])
      best = i;
  if (r->rates[best] > 0 && r->rate_seen[best] >= 8000 && r->rate_seen[best] <= 768000)
    r->m->rate = r->rate_seen[best];
  if (r->rates[1] > 0)
    sp_mix_top_note(r->m, "sample_rate: the rate of most of the session's audio; files at other "
                          "rates are resampled");
}

static void read_tempo(reader *r, const xmlNode *root)
{
  r->tm.bpm = 120;
  const xmlNode *tr = sp_xml_child(root, "Transport");
  const xmlNode *tempo = sp_xml_child(tr, "Tempo");
  double bpm = 0;
  if (tempo && sp_xml_number(tempo, "value", &bpm, r->xml_name, r->d)) {
    if (bpm >= 1 && bpm <= 1000)
      r->tm.bpm = bpm;
    else
      error(r, tempo, SP_ERR_USAGE, "Tempo: %g bpm; a tempo is 1 .. 1000 bpm", bpm);
  }
  const xmlNode *ta = sp_xml_child(sp_xml_child(root, "Arrangement"), "TempoAutomation");
  for (const xmlNode *p = sp_xml_child(ta, "RealPoint"); p; p = sp_xml_next(p, "RealPoint")) {
    double b = 0, v = 0;
    if (!sp_xml_number(p, "time", &b, r->xml_name, r->d) ||
        !sp_xml_number(p, "value", &v, r->xml_name, r->d))
      continue;
    if (v < 1 || v > 1000 || b < 0 || (r->tm.n && b < r->tm.v[r->tm.n - 1].beat)) {
      error(r, p, SP_ERR_USAGE,
            "RealPoint: tempo %g bpm at beat %g; tempos are 1 .. 1000 bpm, points in time order", v,
            b);
      continue;
    }
    const char *interp = sp_xml_attr(p, "interpolation");
    r->tm.v = sp_xreallocarray(r->tm.v, r->tm.n + 1, sizeof *r->tm.v);
    r->tm.v[r->tm.n++] = (tempo_pt){b, v, interp && strcmp(interp, "hold") == 0};
  }
}

static void reader_fini(reader *r)
{
  sp_zip_close(r->zip);
  free(r->tm.v);
  free(r->session_dir);
  free(r->recipe_dir);
  free(r->audio_dir);
  for (size_t i = 0; i < r->n_tracks; i++) {
    free(r->track_ids[i]);
    free(r->track_channels[i]);
  }
  free(r->track_ids);
  free(r->track_channels);
  free(r->targets);
  free(r->points);
  for (size_t i = 0; i < r->n_extracted; i++) {
    free(r->extracted_from[i]);
    free(r->extracted_to[i]);
  }
  free(r->extracted_from);
  free(r->extracted_to);
  for (size_t i = 0; i < r->n_created; i++)
    free(r->created[i]);
  free(r->created);
  free(r->master_id);
  for (size_t i = 0; i < r->n_vcas; i++)
    free(r->vcas[i]);
  free(r->vcas);
  for (size_t i = 0; i < r->n_notes; i++) {
    free(r->notes[i].strip_id);
    free(r->notes[i].title);
    sp_part_fini(&r->notes[i].part);
  }
  free(r->notes);
  for (size_t i = 0; i < r->n_tracks_out; i++)
    free(r->tracks_out[i]);
  free(r->tracks_out);
  for (size_t i = 0; i < r->n_midi; i++)
    free(r->midi[i]);
  free(r->midi);
  for (size_t i = 0; i < r->n_midi_names; i++)
    free(r->midi_names[i]);
  free(r->midi_names);
  free(r->ids);
  free(r->bad);
}

/* What `stemprint export` left out of the project (SP_DAWPROJECT_LEFT_OUT):
 * a loss each, so that a round trip says what it lost. */
static void left_out_by_export(reader *r)
{
  if (!sp_zip_has(r->zip, SP_DAWPROJECT_LEFT_OUT, NULL))
    return;
  char *text = NULL, why[512];
  size_t n = 0;
  if (sp_zip_read(r->zip, SP_DAWPROJECT_LEFT_OUT, 1u << 20, &text, &n, why, sizeof why) != SP_OK) {
    sp_mix_loss(r->m, NULL, SP_DAWPROJECT_LEFT_OUT, "unreadable (%s): what stemprint export left "
                "out of this project is not known",
                why);
    return;
  }
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab)
      continue;
    *tab = '\0';
    sp_mix_loss(r->m, NULL, SP_DAWPROJECT_LEFT_OUT,
                "%s: %s (stemprint export left it out of this project)", line, tab + 1);
  }
  free(text);
}

/* Routing to master's id is routing to master. */
static void master_is_null(reader *r)
{
  for (size_t i = 0; i < r->m->n_strips; i++) {
    sp_mix_strip *s = &r->m->strips[i];
    if (s->to &&
        ((r->master_id && strcmp(s->to, r->master_id) == 0) || !sp_mix_find(r->m, s->to))) {
      free(s->to);
      s->to = NULL;
    }
    for (size_t k = 0; k < s->n_sends; k++)
      if (!sp_mix_find(r->m, s->sends[k].to) ||
          sp_mix_find(r->m, s->sends[k].to)->kind != SP_MIX_BUS) {
        char *el = sp_xasprintf("a send of '%s'", s->title);
        sp_mix_loss(r->m, s, el, "it feeds %s; a send feeds a bus: left out",
                    r->master_id && strcmp(s->sends[k].to, r->master_id) == 0 ? "master"
                                                                              : "no bus");
        free(el);
        sp_mix_send_remove(s, k--);
      }
  }
}

sp_err sp_dawproject_read(const char *path, const sp_import_opts *o, sp_mix *m, sp_diags *d)
{
  reader r = {0};
  r.path = path;
  r.o = o;
  r.m = m;
  r.d = d;
  char *xml_name = sp_xasprintf("%s:project.xml", path);
  r.xml_name = xml_name;
  r.where = (sp_session_where){
      .d = d, .m = m, .file = xml_name, .loss_file = "project.xml", .alt_name = "deviceName"};
  char why[1024];
  sp_err rc = sp_zip_open(path, &r.zip, why, sizeof why);
  if (rc != SP_OK) {
    sp_diags_add_whole(d, SP_SEV_ERROR, rc, "%s: not a DAWproject file: %s", path, why);
    free(xml_name);
    return rc;
  }
  char *xml = NULL;
  size_t xml_n = 0;
  rc = sp_zip_read(r.zip, "project.xml", SP_DAWPROJECT_MAX_XML, &xml, &xml_n, why, sizeof why);
  if (rc != SP_OK) {
    sp_diags_add_whole(d, SP_SEV_ERROR, rc, "%s: not a DAWproject file: %s", path, why);
    reader_fini(&r);
    free(xml_name);
    return rc;
  }
  xmlDoc *doc = sp_xml_parse(xml_name, xml, xml_n, d);
  free(xml);
  if (!doc ||
      sp_xml_validate(doc, xml_name, sp_dawproject_xsd, sizeof sp_dawproject_xsd - 1, d) != SP_OK) {
    sp_xml_free(doc);
    reader_fini(&r);
    free(xml_name);
    return sp_diags_status(d);
  }
  const xmlNode *root = xmlDocGetRootElement(doc);
  const char *version = sp_xml_attr(root, "version");
  const xmlNode *app = sp_xml_child(root, "Application");
  m->format = sp_xasprintf("DAWproject %s, written by %s %s", version ? version : "?",
                           sp_xml_attr(app, "name") ? sp_xml_attr(app, "name") : "?",
                           sp_xml_attr(app, "version") ? sp_xml_attr(app, "version") : "");
  if (!version || strncmp(version, "1.", 2) != 0)
    sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK,
                       "%s: DAWproject version %s; stemprint reads version 1 and reads this "
                       "one as if it were",
                       path, version ? version : "(none)");
  r.session_dir = sp_fs_folder_of(path);
  r.recipe_dir = o->recipe ? sp_fs_folder_of(o->recipe) : sp_xstrdup(r.session_dir);
  if (o->audio_dir && o->audio_dir[0] != '/') {
    /* Absolute, so that it compares with the recipe's folder. */
    char cwd[PATH_MAX];
    r.audio_dir = getcwd(cwd, sizeof cwd) ? sp_xasprintf("%s/%s", cwd, o->audio_dir)
                                          : sp_xstrdup(o->audio_dir);
  } else if (o->audio_dir) {
    r.audio_dir = sp_xstrdup(o->audio_dir);
  } else {
    r.audio_dir = sp_session_audio_cache();
    r.audio_cache = true;
  }
  read_tempo(&r, root);
  /* The session rate first: it decides the EQ's highest frequency. */
  count_rates(&r, sp_xml_child(root, "Arrangement"));
  choose_rate(&r);
  /* The devices' automation, before the devices are read. */
  const xmlNode *arr = sp_xml_child(root, "Arrangement");
  const xmlNode *top = sp_xml_child(arr, "Lanes");
  if (top)
    find_points(&r, top, true);
  tracks(&r, sp_xml_child(root, "Structure"), NULL);
  check_refs(&r, sp_xml_child(root, "Structure"));
  r.root = root;
  if (top)
    lanes(&r, top, true, NULL);
  for (size_t i = 0; i < r.n_notes; i++)
    notes_region(&r, &r.notes[i]);
  if (sp_xml_child(root, "Scenes") && sp_xml_child(sp_xml_child(root, "Scenes"), "Scene"))
    sp_mix_loss(m, NULL, "Scenes", "clip launcher scenes: only the arrangement is rendered");
  resolve_vcas(&r);
  master_is_null(&r);
  left_out_by_export(&r);
  sp_xml_free(doc);
  rc = sp_diags_status(d);
  if (rc != SP_OK) /* nothing of a failed import stays behind */
    for (size_t i = 0; i < r.n_created; i++)
      unlink(r.created[i]);
  else if (r.audio_cache) {
    /* what this import uses: the audio, SoundFonts and states it
     * extracted and the MIDI files it wrote */
    const char **used = sp_xcalloc(r.n_extracted + r.n_midi + 1, sizeof *used);
    for (size_t i = 0; i < r.n_extracted; i++)
      used[i] = r.extracted_to[i];
    for (size_t i = 0; i < r.n_midi; i++)
      used[r.n_extracted + i] = r.midi[i];
    sp_session_audio_prune(r.audio_dir, used, r.n_extracted + r.n_midi);
    free(used);
  }
  reader_fini(&r);
  free(xml_name);
  return rc;
}
