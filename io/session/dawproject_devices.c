/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A DAWproject channel's devices as the recipe's inserts and instrument
 * (io/session/dawproject_reader.h): the built-in EQ, compressor, gate and
 * limiter with their automation, LV2 plugins, SoundFonts; what none of
 * them is, a loss. */

#include "io/session/dawproject_reader.h"

#include "io/session/dawproject.h"
#include "core/base/alloc.h"
#include "core/recipe/check.h"
#include "core/recipe/writer.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* ---- devices ---------------------------------------------------------------------- */

static bool bypassed(const xmlNode *dev)
{
  const xmlNode *en = sp_xml_child(dev, "Enabled");
  return en && !sp_xml_bool(en, "value", true);
}

/* Whether dev is not loaded (loaded="false"; DAWproject's Device: "if this
 * device/plug-in is loaded/active or not", Reaper's offline FX): the DAW
 * does not run it, what reaches it passing it by, as a bypassed one's. */
static bool unloaded(const xmlNode *dev) { return !sp_xml_bool(dev, "loaded", true); }

/* A device's bypass: moving (steps, each point's value 1 where bypassed,
 * at a frame), or off altogether, or neither. */
typedef struct bypass {
  bool moves, off;
  sp_auto steps;
  int line; /* of the Points it moves by (0: none) */
} bypass;

/* x's `bypass:` as by says it: true, [[0 smp, false], ...], or none; what
 * the check says of its points said at their Points. */
static void set_bypass(sp_ins *x, const bypass *by)
{
  if (by->moves) {
    sp_ins_points *p = sp_ins_points_new(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER);
    p->frames = true;
    for (size_t i = 0; i < by->steps.n; i++)
      sp_ins_points_add(p, sp_time_number(by->steps.points[i].t), by->steps.points[i].v != 0, NULL);
    sp_ins_moving(x, "bypass", p);
    sp_ins_at(x, "bypass", by->line);
  } else if (by->off) {
    sp_ins_bool(x, "bypass", true);
  }
}

void dp_find_points(reader *r, const xmlNode *ln, bool beats)
{
  const bool b = dp_unit_beats(sp_xml_attr(ln, "timeUnit"), beats);
  for (const xmlNode *n = sp_xml_peek_child(ln, NULL); n; n = sp_xml_peek_next(n, NULL)) {
    if (sp_xml_is(n, "Lanes")) {
      dp_find_points(r, n, b);
    } else if (sp_xml_is(n, "Points")) {
      const char *pid = sp_xml_peek(sp_xml_peek_child(n, "Target"), "parameter");
      if (!pid)
        continue;
      r->points = sp_xreallocarray(r->points, r->n_points + 1, sizeof *r->points);
      r->points[r->n_points++] = (found_points){pid, n, b, false};
    }
  }
}

found_points *dp_find_points_of(reader *r, const xmlNode *p)
{
  const char *id = sp_xml_attr(p, "id");
  for (size_t i = 0; id && i < r->n_points; i++)
    if (strcmp(r->points[i].pid, id) == 0)
      return &r->points[i];
  return NULL;
}

bool dp_points_set(reader *r, const xmlNode *p)
{
  const found_points *fp = dp_find_points_of(r, p);
  return fp && sp_xml_peek_child(fp->pts, "RealPoint");
}

/* The same, taken by a device (the channels' automation pass leaves it). */
static found_points *points_of(reader *r, const xmlNode *p)
{
  found_points *fp = dp_find_points_of(r, p);
  if (fp)
    fp->taken = true;
  return fp;
}

/* The automation of an Enabled (a device's, a band's) as bypass steps,
 * into out: each BoolPoint at the frame nearest its time, 1 (bypassed)
 * where Enabled is false; false when it has none. An Enabled automated by
 * numbers is a loss (it holds its value). */
static bool enabled_steps(reader *r, sp_mix_strip *s, const xmlNode *en, sp_auto *out, int *line)
{
  const found_points *fp = en ? points_of(r, en) : NULL;
  *line = fp ? sp_xml_line(fp->pts) : 0;
  const window w = {0, INFINITY, fp && fp->beats, 0};
  const bool moves = fp && dp_bool_points(r, s, fp->pts, &w, true,
                                          "automation of Enabled by numbers, not BoolPoints: left "
                                          "out (it holds its value)",
                                          out);
  if (moves)
    sp_xml_read_all(en); /* its value is where the automation starts: not played */
  return moves;
}

/* A device's bypass as an insert's `bypass:`: its Enabled's automation
 * as the recipe's moving bypass (Enabled true is bypass false), else
 * true when it is off (by->steps the caller's to free). */
static void bypass_of(reader *r, sp_mix_strip *s, const xmlNode *dev, bypass *by)
{
  *by = (bypass){0};
  by->moves = enabled_steps(r, s, sp_xml_child(dev, "Enabled"), &by->steps, &by->line);
  by->off = !by->moves && bypassed(dev);
}

/* How a device's parameter becomes an insert's: the unit it is written
 * in (export's, io/session/dawproject_keys.h) decides the units it may be
 * in and the recipe's unit: P_HZ hertz, moving geometrically in the
 * recipe; P_DB a level, decibel or linear; P_LINEAR a number (a Q), in
 * no unit or linear (normalized would be of a range the format ties to
 * none);
 * P_SECONDS a time; P_PERCENT a ratio, percent (0 % is 1:1, 100 % ∞:1) or
 * normalized 0 .. 1; P_RANGE a gate's range, its attenuation, a level
 * below 0 dB. Its value is given as read: what it may be is the recipe's
 * check's (core/recipe/check.c), which says one out of its range at its
 * element in a recipe's words. But a ratio: the format's scale goes on to
 * ∞:1, where the recipe's stops at `most` (its class's most, or a moving
 * one's, whose points are numbers), so one past it is held there, a loss
 * (ratio_held). */
typedef struct dparam {
  sp_dp_unit kind;
  double most;      /* P_PERCENT: the most ratio the recipe takes here */
  const char *what; /* for messages: "band frequency" */
} dparam;

/* v, a value of d (a point's, when it moves), past the most ratio the
 * recipe takes (P_PERCENT) held there, *held set; else as read. */
static double ratio_held(const dparam *d, double v, bool *held)
{
  if (d->kind != P_PERCENT || !(v > d->most))
    return v;
  *held = true;
  return d->most;
}

/* The loss of a ratio of d held at its most (ratio_held), at el. */
static void ratio_loss(reader *r, sp_mix_strip *s, const xmlNode *el, const dparam *d, bool moves)
{
  loss(r, s, el,
       "the %s%s goes past %g:1, the most stemprint's takes here (the format's goes on to inf:1 "
       "at 100 %%): held at %g:1",
       moves ? "automation of the " : "", d->what, d->most, d->most);
}

/* Whether v, a value of d written in unit u, is a ratio past the format's
 * scale: above 100 % (normalized, above 1), where the percent ends at
 * inf:1 (no ratio is written so). */
static bool past_scale(const dparam *d, const char *u, double v)
{
  return d->kind == P_PERCENT && u &&
         ((strcmp(u, "percent") == 0 && v > 100) || (strcmp(u, "normalized") == 0 && v > 1));
}

/* The loss of a ratio of d written past the format's scale as v (in unit
 * u: past_scale), at el: read as the scale's end, inf:1 (a point too,
 * the ramps to it with it), held at d's most where the recipe's stops
 * before it (ratio_held). */
static void past_scale_loss(reader *r, sp_mix_strip *s, const xmlNode *el, const dparam *d,
                            const char *u, double v, bool moves)
{
  const bool percent = strcmp(u, "percent") == 0;
  char held[96] = "";
  if (isfinite(d->most))
    snprintf(held, sizeof held, ", held at %g:1, the most stemprint's takes here", d->most);
  loss(r, s, el,
       "the %s%s %s %g%s, past the format's scale, which ends at %s (inf:1): read as it%s",
       moves ? "automation of the " : "", d->what, moves ? "has a point at" : "is", v,
       percent ? " %" : " normalized", percent ? "100 %" : "1 normalized", held);
}

/* A parameter of unit u in messages: its unit (" s"). */
static const char *unit_text(sp_dp_unit u)
{
  return u == P_SECONDS   ? " s"
         : u == P_DB      ? " dB"
         : u == P_HZ      ? " Hz"
         : u == P_RANGE   ? " dB of attenuation"
         : u == P_PERCENT ? ":1"
                          : "";
}

/* What a value of a unit k may not be in is read as, for a loss: "read as
 * seconds". */
static const char *read_as(sp_dp_unit u)
{
  return u == P_SECONDS   ? "seconds"
         : u == P_DB      ? "decibels"
         : u == P_HZ      ? "hertz"
         : u == P_RANGE   ? "decibels of attenuation"
         : u == P_PERCENT ? "the ratio itself, N:1"
                          : "a plain number";
}

/* A device's time written in beats (the format's Unit: quarter notes),
 * *v, as seconds: as long as that many beats from the timeline's start,
 * exact at the session's one tempo; under a tempo that changes (which a
 * DAW follows) a loss at p. False where u is not beats or kind no time. */
static bool time_in_beats(reader *r, sp_mix_strip *s, const xmlNode *p, sp_dp_unit kind,
                          const char *u, const char *what, double *v)
{
  if (kind != P_SECONDS || !u || strcmp(u, "beats") != 0)
    return false;
  const tempo_map *tm = &r->tm;
  const double b = *v;
  *v = dp_round12(dp_to_seconds(tm, b) - dp_to_seconds(tm, 0));
  if (!tm->steady) /* (its points read once, not at each time) */
    loss(r, s, p,
         "the %s of %g beats, under a tempo that changes: %g s, as long as the timeline's "
         "first %g beats (a DAW follows the tempo)",
         what, b, *v, b);
  return true;
}

/* (below 0 %, a ratio below 1:1: the check's to say) */
static double ratio_of_percent(double p) { return p >= 100 ? INFINITY : 1 / (1 - p / 100); }
/* (past 100 %, past the format's scale: past_scale) */
static double ratio_of_normalized(double p) { return p >= 1 ? INFINITY : 1 / (1 - p); }
static double attenuation_db(double db) { return -db; }
static double attenuation_of_factor(double g) { return -sp_lin_to_db(fmax(g, 1e-6)); }
double dp_db_of_factor(double g) { return sp_lin_to_db(fmax(g, 1e-6)); }

/* How a value of kind k written in unit u reads in the recipe's terms:
 * *convert (NULL: as it is), false when u is not one k may be in. */
static bool dp_unit(sp_dp_unit k, const char *u, double (**convert)(double))
{
  const bool none = !u, db = u && strcmp(u, "decibel") == 0, lin = u && strcmp(u, "linear") == 0;
  *convert = NULL;
  switch (k) {
  case P_HZ: return none || strcmp(u, "hertz") == 0;
  case P_SECONDS: return none || strcmp(u, "seconds") == 0;
  case P_LINEAR: return none || lin;
  case P_DB: *convert = lin ? dp_db_of_factor : NULL; return db || lin;
  case P_RANGE: *convert = lin ? attenuation_of_factor : attenuation_db; return db || lin;
  default: return false;
  case P_PERCENT: /* linear: the ratio itself */
    *convert = lin                                 ? NULL
               : u && strcmp(u, "normalized") == 0 ? ratio_of_normalized
                                                   : ratio_of_percent;
    return none || lin || strcmp(u, "percent") == 0 || strcmp(u, "normalized") == 0;
  }
  return false;
}

/* The recipe's unit of values of kind k: "1000 Hz", "-3 dB", "0.01 s", "0.7". */
static sp_unit dp_recipe_unit(sp_dp_unit k)
{
  return k == P_HZ                   ? SP_UNIT_HZ
         : k == P_SECONDS            ? SP_UNIT_SECONDS
         : k == P_DB || k == P_RANGE ? SP_UNIT_DB
                                     : SP_UNIT_NUMBER;
}

/* A parameter's breakpoints, as the recipe moves them (geometrically for a
 * frequency, linearly else) along the format's ramps (linearly in the
 * unit it is written in; a hold point holds, then jumps), into *moving;
 * false when the points cannot be read here (a loss says so). Where a
 * point written passes the range of pr (the insert's parameter; NULL:
 * none known), its points as written alone (dp_as_written, as a level's:
 * dp_ramps_as_written), so that the check speaks of the points the user
 * wrote, not of those a ramp was read as. */
static bool dp_points(reader *r, sp_mix_strip *s, const xmlNode *p, const found_points *fp,
                      const dparam *d, const sp_param *pr, sp_ins_points **moving)
{
  const char *unit = sp_xml_attr(fp->pts, "unit");
  if (!unit)
    unit = sp_xml_attr(p, "unit");
  double (*convert)(double) = NULL;
  if (!dp_unit(d->kind, unit, &convert) || sp_xml_child(fp->pts, "BoolPoint") ||
      sp_xml_child(fp->pts, "IntegerPoint")) {
    loss(r, s, fp->pts, "automation of the %s in %s: left out (it holds its value)", d->what,
         sp_xml_child(fp->pts, "RealPoint") ? unit ? unit : "no unit" : "whole numbers");
    return false;
  }
  const sp_mix_ramp how = {false, d->kind == P_HZ, convert,
                           d->kind == P_DB || d->kind == P_RANGE ? 0.01 : 1e-3,
                           d->kind == P_HZ || d->kind == P_PERCENT};
  sp_auto out = {0}, written = {0};
  const window w = {0, INFINITY, fp->beats, 0};
  const double top = !unit || d->kind != P_PERCENT     ? 0 /* the scale's end: past_scale */
                     : strcmp(unit, "percent") == 0    ? 100
                     : strcmp(unit, "normalized") == 0 ? 1
                                                       : 0;
  dp_real_points(r, fp->pts, &w,
                 &(dp_read){.convert = convert,
                            .ramp = &how,
                            .written = &written,
                            .top = top,
                            .most = d->kind == P_PERCENT ? d->most : 0},
                 &out);
  bool past = false;
  for (size_t i = 0; pr && i < written.n; i++) {
    const double v = ratio_held(d, written.points[i].v, &(bool){false});
    past |= !(v >= pr->min && v <= pr->max);
  }
  if (past)
    dp_as_written(&out, &written);
  free(written.points);
  if (out.n == 0)
    return false;
  *moving = sp_ins_points_new(SP_INS_PTS_NUMBERS, dp_recipe_unit(d->kind));
  bool held = false; /* as read, but a ratio past the recipe's most */
  for (size_t i = 0; i < out.n; i++) {
    const double v = ratio_held(d, out.points[i].v, &held);
    sp_ins_points_add(*moving, out.points[i].t.seconds,
                      d->kind == P_PERCENT || d->kind == P_HZ ? dp_round12(v) : v, NULL);
  }
  free(out.points);
  double v = 0;
  const xmlNode *pt = sp_xml_child(fp->pts, "RealPoint");
  while (pt && !(sp_xml_number(pt, "value", &v, NULL, NULL) && past_scale(d, unit, v)))
    pt = sp_xml_next(pt, "RealPoint");
  if (pt)
    past_scale_loss(r, s, fp->pts, d, unit, v, true);
  else if (held)
    ratio_loss(r, s, fp->pts, d, true);
  return true;
}

/* Parameter name of holder (a device, or a band of one) as the recipe's
 * value of x's key: its breakpoints where the arrangement moves it, else
 * its value as read (a ratio: ratio_held), else def (NAN: false, not
 * given), what the check says of it said at its element.
 * keep (NULL: none): a value it keeps out of x, told true there. */
/* Whether parameter p of device dev leaves its value out where that
 * matters: the schema lets it, and names no default (each DAW has its
 * own), so stemprint's stands for it, a loss; not where the device is off
 * throughout (as for a parameter left out: builtin_keys). */
static bool valueless(reader *r, const xmlNode *dev, const xmlNode *p)
{
  return p && !sp_xml_attr(p, "value") &&
         !(bypassed(dev) && !dp_find_points_of(r, sp_xml_child(dev, "Enabled")));
}

/* A level of device dev (an input or output gain, p) that leaves its
 * value out and no automation sets (dp_points_set): 0 dB stands for it, a
 * loss (valueless), as a channel's level's is. Its automation is the
 * device's, an empty one too (it sets nothing). */
static void level_valueless(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *p)
{
  if (p)
    points_of(r, p);
  if (valueless(r, dev, p) && !dp_points_set(r, p))
    loss(r, s, p, "no value: the format names no default (each DAW has its own); 0 dB");
}

static bool dp_value(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *holder,
                     const char *name, const dparam *d, double def, sp_ins *x, const char *key,
                     bool (*keep)(double v))
{
  const xmlNode *p = sp_xml_child(holder, name);
  const found_points *fp = p ? points_of(r, p) : NULL;
  sp_ins_points *moving = NULL;
  const int k = x->cls ? sp_proc_param_index(x->cls, key) : -1;
  if (fp && dp_points(r, s, p, fp, d, k < 0 ? NULL : &x->cls->params[k], &moving)) {
    sp_ins_moving(x, key, moving);
    sp_ins_at(x, key, sp_xml_line(fp->pts)); /* what the check says of its points said there */
    sp_xml_read_all(p); /* its value is where the automation starts: not played */
    return true;
  }
  double v = def;
  const char *u = sp_xml_attr(p, "unit");
  double (*convert)(double) = NULL;
  bool past = false; /* a ratio past the format's scale: said so */
  if (valueless(r, dev, p)) {
    if (isnan(def))
      loss(r, s, p,
           "no value: the format names no default (each DAW has its own); stemprint's "
           "default %s",
           d->what);
    else
      loss(r, s, p, "no value: the format names no default (each DAW has its own); %s %g%s", key,
           def, unit_text(d->kind));
  }
  if (p && (d->kind == P_DB || d->kind == P_RANGE)) {
    if (!dp_level_db(r, p, &v))
      v = d->kind == P_RANGE ? -def : def;
    if (d->kind == P_RANGE)
      v = -v;
  } else if (p && number(r, p, "value", &v)) {
    if (time_in_beats(r, s, p, d->kind, u, d->what, &v))
      ; /* (in seconds now) */
    else if (!dp_unit(d->kind, u, &convert))
      loss(r, s, p, "the %s in unit '%s': read as %s", d->what, u, read_as(d->kind));
    else if ((past = past_scale(d, u, v)))
      past_scale_loss(r, s, p, d, u, v, false);
    if (convert)
      v = dp_round12(convert(v));
  }
  if (isnan(v))
    return false;
  bool held = false; /* as read, but a ratio past the recipe's most */
  v = ratio_held(d, v, &held);
  if (held && !past)
    ratio_loss(r, s, p, d, false);
  if (!keep || !keep(v)) {
    sp_ins_number(x, key, v, dp_recipe_unit(d->kind));
    sp_ins_at(x, key, p ? sp_xml_line(p) : 0); /* what the check says of it said there */
  }
  return true;
}

/* InputGain / OutputGain as a gain insert (none at a fixed 0 dB), with
 * the device's bypass key by (bypass_of). */
static void gain_stage(reader *r, sp_mix_strip *s, const xmlNode *dev, const char *name,
                       const bypass *by)
{
  const xmlNode *p = sp_xml_child(dev, name);
  double db = 0;
  level_valueless(r, s, dev, p);
  if (!p || (!dp_points_set(r, p) && (!dp_level_db(r, p, &db) || db == 0)))
    return;
  const dparam d = {P_DB, 0, name};
  sp_ins *x = sp_ins_new("gain", r->m->top->sample_rate);
  dp_value(r, s, dev, dev, name, &d, 0, x, "gain", NULL);
  set_bypass(x, by);
  sp_ins_put(s, x, false);
}

/* The bands so far (an eq of them, *bands; NULL: none) as one eq insert
 * with the device's bypass by; then none. */
static void eq_flush(reader *r, sp_mix_strip *s, const xmlNode *dev, sp_ins **bands,
                     const bypass *by)
{
  const size_t n = *bands ? (*bands)->n_bands : 0;
  if (n > 32)
    loss(r, s, dev, "%zu bands, more than stemprint's 32: left out", n);
  if (n > 0 && n <= 32) {
    set_bypass(*bands, by);
    sp_ins_put(s, *bands, false);
  } else {
    sp_ins_free(*bands);
  }
  *bands = NULL;
}

/* An Equalizer: its bands as one eq insert; a band whose Enabled moves is
 * an eq insert of its own, in its place, bypassed where the band or the
 * device is (the chain is the same: bands run in series). */
static void equalizer(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  bypass by;
  bypass_of(r, s, dev, &by);
  gain_stage(r, s, dev, "InputGain", &by);
  sp_ins *bands = NULL;
  const dparam freq = {P_HZ, 0, "band frequency"}, gain = {P_DB, 0, "band gain"},
               q = {P_LINEAR, 0, "band Q"};
  for (const xmlNode *b = sp_xml_child(dev, "Band"); b; b = sp_xml_next(b, "Band")) {
    const xmlNode *en = sp_xml_child(b, "Enabled");
    sp_auto band_steps = {0};
    int band_line = 0;
    const bool moves = enabled_steps(r, s, en, &band_steps, &band_line);
    if (!moves && en && !sp_xml_bool(en, "value", true)) {
      sp_xml_read_all(b); /* off: plays nothing */
      continue;
    }
    const sp_dp_band *t = sp_dp_bands;
    while (t->dawproject && strcmp(sp_xml_attr(b, "type"), t->dawproject) != 0)
      t++;
    if (!t->dawproject) {
      free(band_steps.points);
      continue; /* the schema allows no other */
    }
    sp_ins *band = sp_ins_new("eq", r->m->top->sample_rate);
    sp_ins_word(band, "type", t->recipe);
    dp_value(r, s, dev, b, "Freq", &freq, 1000, band, "freq", NULL);
    if (t->gain)
      dp_value(r, s, dev, b, "Gain", &gain, NAN, band, "gain", NULL);
    dp_value(r, s, dev, b, "Q", &q, NAN, band, "q", NULL);
    /* one left out, as one of no value (dp_value): stemprint's stands for
     * it, a loss unless the device is off throughout */
    const bool no_gain = t->gain && !sp_xml_child(b, "Gain"), no_q = !sp_xml_child(b, "Q");
    if ((no_gain || no_q) &&
        !(bypassed(dev) && !dp_find_points_of(r, sp_xml_child(dev, "Enabled"))))
      loss(r, s, b,
           "no %s: the format names no default for %s (each DAW has its own); stemprint's "
           "default band %s",
           no_gain && no_q ? "Gain, Q"
           : no_gain       ? "Gain"
                           : "Q",
           no_gain && no_q ? "them" : "it",
           no_gain && no_q ? "gain and Q"
           : no_gain       ? "gain"
                           : "Q");
    if (moves) { /* the bands before it, then it alone */
      eq_flush(r, s, dev, &bands, &by);
      bypass own = {.moves = !bypassed(dev), .off = bypassed(dev), .line = band_line};
      /* the two joined: points out of time order said as the check says them */
      if (by.moves &&
          dp_points_in_order(r, en ? dp_find_points_of(r, en)->pts : NULL, &band_steps) &&
          dp_points_in_order(r, dp_find_points_of(r, sp_xml_child(dev, "Enabled"))->pts, &by.steps))
        sp_mix_steps_or(&by.steps, &band_steps, true, &own.steps);
      bands = sp_ins_new("eq", r->m->top->sample_rate);
      sp_ins_band(bands, band);
      eq_flush(r, s, dev, &bands,
               by.moves ? &own : &(bypass){own.moves, own.off, band_steps, band_line});
      free(own.steps.points);
    } else {
      if (!bands)
        bands = sp_ins_new("eq", r->m->top->sample_rate);
      sp_ins_band(bands, band);
    }
    free(band_steps.points);
  }
  eq_flush(r, s, dev, &bands, &by);
  gain_stage(r, s, dev, "OutputGain", &by);
  free(by.steps.points);
}

/* The keys of the built-in device dev of insert class cls (the table in
 * io/session/dawproject_keys.c) in the class's order, the recipe's: each
 * as read (what it may be, the check's), at its default when absent or
 * of no value (a loss, but where the device is off throughout), named in
 * messages by its element ("attack"); a held one at its value, its
 * automation a loss; those its device reads itself (own) left out. */
static sp_ins *builtin_keys(reader *r, sp_mix_strip *s, const xmlNode *dev, const char *cls)
{
  const sp_dp_device *d = sp_dp_device_of(cls);
  const sp_proc_class *c = sp_proc_find(cls);
  sp_ins *x = sp_ins_new(cls, r->m->top->sample_rate);
  char absent[160] = "", defaults[256] = ""; /* the elements it lacks, what stands for them */
  size_t n_absent = 0;
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *pr = &c->params[k];
    const sp_dp_param *p = d->params;
    while (p->element && strcmp(p->param, pr->name) != 0)
      p++;
    if (!p->element || p->own)
      continue;
    const double def = sp_param_default(c, (int)k, sp_recipe_reading_rate(r->m->top->sample_rate));
    char what[64];
    size_t i = 0;
    for (; p->element[i] && i < 20; i++)
      what[i] = (char)tolower((unsigned char)p->element[i]);
    what[i] = '\0';
    if (p->held)
      snprintf(what + i, sizeof what - i, " (the %s)", p->param);
    const xmlNode *n = sp_xml_child(dev, p->element);
    if (!n) {
      const size_t a = strlen(absent), b = strlen(defaults);
      snprintf(absent + a, sizeof absent - a, "%s%s", n_absent ? ", " : "", p->element);
      snprintf(defaults + b, sizeof defaults - b, "%s%s %g%s%s", n_absent ? ", " : "", pr->name,
               def, *sp_unit_name(pr->unit) ? " " : "", sp_unit_name(pr->unit));
      n_absent++;
    }
    const found_points *fp = n && p->held ? points_of(r, n) : NULL;
    if (fp) {
      loss(r, s, fp->pts,
           "automation of the %s's %.*s (stemprint's %s, which sets its latency, and a latency "
           "cannot move mid-render without a gap): it holds its value",
           cls, (int)i, what, p->param);
      sp_xml_read_all(fp->pts);
    }
    double v = def;
    double (*convert)(double) = NULL;
    if (p->held && valueless(r, dev, n)) {
      sp_xml_attr(n, "unit"); /* read: the unit of no value */
      loss(r, s, n, "no value: the format names no default (each DAW has its own); %s %g%s",
           pr->name, def, unit_text(p->unit));
    } else if (p->held && n && number(r, n, "value", &v)) { /* (read once: said once) */
      if (time_in_beats(r, s, n, p->unit, sp_xml_attr(n, "unit"), what, &v))
        ; /* (in seconds now) */
      else if (!dp_unit(p->unit, sp_xml_attr(n, "unit"), &convert))
        loss(r, s, n, "the %s in unit '%s': read as %s", what, sp_xml_attr(n, "unit"),
             read_as(p->unit));
      else if (convert)
        v = convert(v);
    }
    const dparam dp = {p->unit, pr->max, what};
    if (p->held) {
      sp_ins_number(x, pr->name, v, SP_UNIT_NUMBER); /* as read: the check's */
      sp_ins_at(x, pr->name, n ? sp_xml_line(n) : 0);
    } else if (!dp_value(r, s, dev, dev, p->element, &dp, def, x, pr->name, NULL)) {
      sp_ins_word(x, pr->name, ""); /* none: refused as the parser refuses it */
    }
  }
  /* DAWproject gives its built-in devices' parameters no default (each
   * DAW has its own): stemprint's stands for one the device lacks, a
   * loss unless the device is off throughout */
  if (n_absent && !(bypassed(dev) && !dp_find_points_of(r, sp_xml_child(dev, "Enabled"))))
    loss(r, s, dev, "no %s: the format names no default for %s (each DAW has its own); %s", absent,
         n_absent > 1 ? "them" : "it", defaults);
  return x;
}

static void compressor(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  bypass by;
  bypass_of(r, s, dev, &by);
  gain_stage(r, s, dev, "InputGain", &by);
  sp_ins *x = builtin_keys(r, s, dev, "compressor");
  /* The output gain: up to 48 dB as the makeup, the rest (a cut) a gain
   * after; when it moves, all of it a gain after. */
  const xmlNode *op = sp_xml_child(dev, "OutputGain");
  const bool moves = op && dp_points_set(r, op);
  double out = 0;
  level_valueless(r, s, dev, op);
  if (op && !moves)
    dp_level_db(r, op, &out);
  /* AutoMakeup: the recipe's `makeup: auto` (the gain the curve takes
   * from 0 dB, given back), the output gain all of it a gain after. */
  const xmlNode *am = sp_xml_child(dev, "AutoMakeup");
  const bool automatic = am && sp_xml_bool(am, "value", false);
  const double makeup = out > 0 && !automatic ? fmin(out, 48) : 0;
  if (automatic)
    sp_ins_word(x, "makeup", "auto");
  else
    sp_ins_number(x, "makeup", makeup, SP_UNIT_DB);
  set_bypass(x, &by);
  sp_ins_put(s, x, false);
  if (moves) {
    gain_stage(r, s, dev, "OutputGain", &by);
  } else if (out < 0 || out > 48 || (automatic && out != 0)) {
    sp_ins *g = sp_ins_new("gain", r->m->top->sample_rate);
    sp_ins_number(g, "gain", out < 0 || automatic ? out : out - 48, SP_UNIT_DB);
    set_bypass(g, &by);
    sp_ins_put(s, g, false);
  }
  free(by.steps.points);
}

/* Whether v is +inf: the gate's ratio at its default, left unwritten. */
static bool is_inf(double v) { return v == INFINITY; }

static void gate(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  sp_ins *x = builtin_keys(r, s, dev, "gate");
  /* The ratio, in percent as the compressor's (0 % is 1:1, 100 % ∞:1):
   * below 100 % a downward expander, `ratio: inf` (the default, left
   * unwritten) the gate that closes by its range. Breakpoints take
   * numbers: a moving ratio is held within 1 .. 1000:1 (99.9 %). */
  static const dparam ratio = {P_PERCENT, INFINITY, "ratio"};
  static const dparam moving = {P_PERCENT, 1000, "ratio"};
  const xmlNode *rp = sp_xml_child(dev, "Ratio");
  if (rp)
    dp_value(r, s, dev, dev, "Ratio", dp_find_points_of(r, rp) ? &moving : &ratio, NAN, x, "ratio",
             is_inf);
  bypass by;
  bypass_of(r, s, dev, &by);
  set_bypass(x, &by);
  sp_ins_put(s, x, false);
  free(by.steps.points);
}

static void limiter(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  bypass by;
  bypass_of(r, s, dev, &by);
  gain_stage(r, s, dev, "InputGain", &by);
  sp_ins *x = builtin_keys(r, s, dev, "limiter");
  set_bypass(x, &by);
  sp_ins_put(s, x, false);
  gain_stage(r, s, dev, "OutputGain", &by);
  free(by.steps.points);
}

/* Automation of any other part of dev (what no device above reads: a
 * plugin's parameters, its Enabled): a loss each, taken so that no
 * channel's pass says it again; of a device not loaded (silent), none:
 * the DAW moves nothing it plays. */
static void other_points(reader *r, sp_mix_strip *s, const xmlNode *dev, const xmlNode *n,
                         bool silent)
{
  for (const xmlNode *c = sp_xml_peek_child(n, NULL); c; c = sp_xml_peek_next(c, NULL)) {
    const char *id = sp_xml_peek(c, "id");
    for (size_t i = 0; id && i < r->n_points; i++)
      if (!r->points[i].taken && strcmp(r->points[i].pid, id) == 0) {
        r->points[i].taken = true;
        if (!silent)
          loss(r, s, r->points[i].pts,
               "automation of %s's %s: stemprint cannot move it; it holds its value",
               (const char *)dev->name, (const char *)c->name);
        sp_xml_read_all(r->points[i].pts); /* said whole: its points no loss of their own */
      }
    other_points(r, s, dev, c, silent);
  }
}

void dp_devices(reader *r, sp_mix_strip *s, const xmlNode *ch)
{
  const xmlNode *devs = sp_xml_child(ch, "Devices");
  for (const xmlNode *dev = sp_xml_child(devs, NULL); dev; dev = sp_xml_next(dev, NULL)) {
    const char *role = sp_xml_attr(dev, "deviceRole");
    const size_t before = s->n_inserts;
    const bool off = dev != r->instrument_dev && unloaded(dev);
    if (dev == r->instrument_dev) /* read with its track (channel) */
      ;
    else if (off) { /* as the DAW plays it: passed by */
      sp_mix_note(s,
                  "%s '%s', not loaded in the session (loaded=\"false\"): the DAW does not run "
                  "it; left out",
                  (const char *)dev->name, sp_xml_attr(dev, "deviceName"));
      sp_xml_read_all(dev);
    } else if (sp_xml_is(dev, "Equalizer"))
      equalizer(r, s, dev);
    else if (sp_xml_is(dev, "Compressor"))
      compressor(r, s, dev);
    else if (sp_xml_is(dev, "NoiseGate"))
      gate(r, s, dev);
    else if (sp_xml_is(dev, "Limiter"))
      limiter(r, s, dev);
    else {
      /* left out, said: what it holds is read as far as it goes */
      if (role && strcmp(role, "audioFX") != 0 && strcmp(role, "analyzer") != 0)
        loss(r, s, dev, "a %s device cannot run here: left out", role);
      else if (role && strcmp(role, "analyzer") == 0)
        sp_mix_note(s, "%s '%s', an analyzer, left out (it does not change the sound)",
                    (const char *)dev->name, sp_xml_attr(dev, "deviceName"));
      else if (bypassed(dev))
        sp_mix_note(s, "%s '%s', bypassed in the session, left out", (const char *)dev->name,
                    sp_xml_attr(dev, "deviceName"));
      else
        loss(r, s, dev, "%s plugins cannot run here: bypassed",
             sp_xml_is(dev, "Vst2Plugin")   ? "VST2"
             : sp_xml_is(dev, "Vst3Plugin") ? "VST3"
             : sp_xml_is(dev, "ClapPlugin") ? "CLAP"
             : sp_xml_is(dev, "AuPlugin")   ? "Audio Unit"
                                            : "this DAW's own");
      sp_xml_read_all(dev);
    }
    sp_mix_inserts_at(s, before, sp_xml_line(dev));
    other_points(r, s, dev, dev, off);
  }
}

/* ---- instruments --------------------------------------------------------------------------- */

void dp_find_instrument(const xmlNode *ch, instrument *in)
{
  memset(in, 0, sizeof *in);
  const xmlNode *devs = sp_xml_child(ch, "Devices");
  for (const xmlNode *dev = sp_xml_peek_child(devs, NULL); dev && !in->dev;
       dev = sp_xml_peek_next(dev, NULL)) {
    const char *role = sp_xml_peek(dev, "deviceRole");
    if (role && strcmp(role, "instrument") == 0)
      in->dev = dev;
  }
  sp_xml_attr(in->dev, "deviceRole"); /* read: the instrument's */
  if (!in->dev)
    return;
  in->bypassed = bypassed(in->dev);
  in->unloaded = unloaded(in->dev);
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
  return sp_xml_child_with(sp_xml_child(dev, "Parameters"), NULL, "name", name);
}

/* ---- instruments, read (the devices above say which) ----------------------------- */

sp_ins *dp_soundfont_device(reader *r, sp_mix_strip *s, const xmlNode *dev)
{
  const xmlNode *st = sp_xml_child(dev, "State");
  if (!st) {
    error(r, dev, SP_ERR_USAGE,
          "Device '%s': a SoundFont device without its SoundFont; give it a State naming the "
          ".sf2",
          sp_xml_attr(dev, "deviceName"));
    return NULL;
  }
  char *file = dp_file_path(r, dev, st, E_SOUNDFONT);
  if (!file)
    return NULL;
  sp_ins *x = sp_ins_new("soundfont", r->m->top->sample_rate);
  sp_ins_string(x, "file", file);
  char *name = dp_file_name(r, st); /* (extracted: named as the session names it) */
  if (name)
    sp_ins_file_name(x, "file", name);
  free(name);
  free(file);
  static const char *const whole[] = {"bank", "program", "polyphony"};
  for (size_t i = 0; i < 3; i++) {
    double v = 0;
    const xmlNode *p = dev_param(dev, whole[i]);
    if (p && number(r, p, "value", &v))
      sp_ins_number(x, whole[i], v, SP_UNIT_NUMBER);
  }
  double db = 0;
  const xmlNode *g = dev_param(dev, "gain");
  if (g && dp_level_db(r, g, &db))
    sp_ins_number(x, "gain", db, SP_UNIT_DB);
  static const char *const flags[] = {"reverb", "chorus"};
  for (size_t i = 0; i < 2; i++) {
    const xmlNode *p = dev_param(dev, flags[i]);
    if (p && sp_xml_attr(p, "value"))
      sp_ins_bool(x, flags[i], sp_xml_bool(p, "value", false));
  }
  static const char *const orders[] = {"none", "linear", "4th", "7th"};
  double k = 0;
  const xmlNode *ip = dev_param(dev, "interpolation");
  if (ip && number(r, ip, "value", &k)) {
    if (k >= 0 && k <= 3 && k == floor(k))
      sp_ins_word(x, "interpolation", orders[(int)k]);
    else
      loss(r, s, ip, "interpolation %g (0 none, 1 linear, 2 4th, 3 7th): the default (4th)", k);
  }
  return x;
}

/* An LV2 port's value *v, written in p's unit (the format's: its value
 * is in it), in the unit the recipe gives the port (its unit's: dB, Hz,
 * seconds, or a plain number): as it is in that unit, a linear level of a
 * dB port in dB, a time in beats through the tempo (time_in_beats); false
 * where its unit is another (a frequency in decibels; a value normalized
 * or in percent, of a range the format leaves to the plugin): a loss at
 * p, the port at its default. */
static bool lv2_value(reader *r, sp_mix_strip *s, const xmlNode *p, const sp_lv2_control *c,
                      double *v)
{
  const sp_dp_unit kind = c->unit == SP_UNIT_DB        ? P_DB
                          : c->unit == SP_UNIT_HZ      ? P_HZ
                          : c->unit == SP_UNIT_SECONDS ? P_SECONDS
                                                       : P_LINEAR;
  const char *u = sp_xml_attr(p, "unit");
  double (*convert)(double) = NULL;
  if (time_in_beats(r, s, p, kind, u, c->symbol, v))
    return true;
  if (dp_unit(kind, u, &convert)) {
    *v = convert ? convert(*v) : *v; /* (a level of a dB port written linear: its dB) */
    return true;
  }
  loss(r, s, p,
       "a parameter in unit '%s', where the port takes %s: left out (the port at its default)", u,
       c->unit == SP_UNIT_NUMBER ? "a plain number ('linear')"
       : c->unit == SP_UNIT_DB   ? "decibels"
       : c->unit == SP_UNIT_HZ   ? "hertz"
                                 : "seconds");
  return false;
}

sp_ins *dp_lv2_device(reader *r, sp_mix_strip *s, const xmlNode *dev, const sp_lv2_plugin *pl)
{
  sp_ins *x = sp_ins_new("lv2", r->m->top->sample_rate);
  sp_ins_string(x, "plugin", pl->uri);
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
    const bool is_bool = sp_xml_is(p, "BoolParameter");
    const bool is_gain = !is_bool && c->kind == SP_LV2_CTL_GAIN && sp_xml_is(p, "RealParameter");
    if (is_bool) {
      sp_ins_bool(x, c->symbol, sp_xml_bool(p, "value", false));
    } else if (is_gain ? dp_level_db(r, p, &v) : number(r, p, "value", &v)) {
      if (!is_gain && !lv2_value(r, s, p, c, &v))
        continue;
      const bool label = c->kind == SP_LV2_CTL_ENUM && v >= 0 && v < (double)c->n_points &&
                         v == floor(v) && !is_gain;
      if (label)
        sp_ins_string(x, c->symbol, c->point_labels[(size_t)v]);
      else if (!is_gain && c->kind == SP_LV2_CTL_TOGGLE)
        sp_ins_bool(x, c->symbol, v != 0);
      else
        sp_ins_number(x, c->symbol, v, is_gain ? SP_UNIT_DB : SP_UNIT_NUMBER);
    }
  }
  const xmlNode *st = sp_xml_child(dev, "State");
  char *file = st ? dp_file_path(r, dev, st, E_STATE) : NULL;
  if (st && !file) {
    sp_ins_free(x);
    return NULL;
  }
  if (file) {
    sp_ins_string(x, "state", file);
    free(file);
  }
  return x;
}
