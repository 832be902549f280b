/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ardour's VCAs over a route's fader and mute
 * (io/session/ardour_reader.h): their levels and switches folded into the
 * route's, and their automation stepped as Ardour plays it. */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"

#include <math.h>
#include <string.h>

/* ---- VCAs ------------------------------------------------------------------------ */

/* The Controllable with id among the session's VCAs' (*vca: its VCA). */
static const xmlNode *vca_control(const reader *r, const char *id, const xmlNode **vca)
{
  const xmlNode *mgr = sp_xml_child(r->root, "VCAManager");
  for (const xmlNode *v = sp_xml_child(mgr, "VCA"); v && id; v = sp_xml_next(v, "VCA")) {
    const xmlNode *c = sp_xml_child_with(v, "Controllable", "id", id);
    if (c) {
      *vca = v;
      return c;
    }
  }
  return NULL;
}

/* What control c's VCA masters make of it (Ardour's
 * SlavableAutomationControl::get_value): a level's factor, the product of
 * each master's ratio (its value, its own masters' included, over the
 * value it had when assigned: val-master); for a switch (toggle), 1 when
 * any master is on, else 0. A master whose automation plays is a loss
 * (s's), held at its value, unless the caller plays it (moving: its id);
 * names collects the VCAs' names for a note. */
static double masters_of(reader *r, sp_mix_strip *s, const xmlNode *c, bool toggle, char *names,
                         size_t size, int depth, const char *moving)
{
  double f = toggle ? 0 : 1;
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc)
      continue; /* Ardour drops a master it does not find */
    const char *ctl = sp_xml_attr(mc, "name"), *vname = sp_xml_attr(vca, "name");
    if (!ctl || ++r->vca_steps > 4096)
      continue; /* a session's VCAs are few: a web of them is read this far */
    const char *id = strcmp(ctl, "gaincontrol") == 0 ? "gain" : ctl;
    /* A VCA's solo automation: Ardour 7.3's export does not play it, as it
     * does not play a route's (measured, the vcasolo row of
     * docs/sessions.md): the solo holds its value there too, no loss. */
    if (ardour_plays_events(ardour_automation_list(vca, id)) && strcmp(id, "solo") == 0)
      sp_mix_note(s,
                  "the solo automation of VCA '%s' is not played, as Ardour 7.3's export does "
                  "not play it: its solo stays at its value",
                  vname ? vname : "");
    else if (ardour_plays_events(ardour_automation_list(vca, id)) &&
             !(moving && strcmp(moving, id) == 0))
      loss(r, s, vca, "the VCA's %s automation: its %s stays at its value", id, id);
    /* its name, outer VCAs first; taken back when it changes nothing */
    size_t len = strlen(names);
    snprintf(names + len, size - len, "%s'%s'", len ? ", " : "", vname ? vname : "");
    double v = ardour_value_of(r, mc, toggle ? 0 : 1), k;
    if (toggle) {
      k = v != 0 || masters_of(r, s, mc, true, names, size, depth + 1, moving) != 0;
      f = k != 0 ? 1 : f;
    } else {
      double at = 1;
      sp_xml_number(m, "val-master", &at, r->path, r->d);
      k = at == 0 ? 0 : v * masters_of(r, s, mc, false, names, size, depth + 1, moving) / at;
      f *= k;
    }
    if (k == (toggle ? 0 : 1))
      names[len] = '\0';
  }
  return f;
}

bool ardour_switched(reader *r, sp_mix_strip *s, const xmlNode *c, bool own, const char *what,
                     const char *moving)
{
  char names[256] = "";
  r->vca_steps = 0;
  if (own || !c || masters_of(r, s, c, true, names, sizeof names, 0, moving) == 0)
    return own;
  sp_mix_note(s, "%s by VCA %s", what, names);
  return true;
}

void ardour_vca_level(reader *r, sp_mix_strip *s, const xmlNode *gc, double *db)
{
  char names[256] = "";
  r->vca_steps = 0;
  double k = masters_of(r, s, gc, false, names, sizeof names, 0, NULL);
  if (k == 1)
    return;
  *db += sp_lin_to_db(k);
  sp_mix_note(s, "its gain includes VCA %s: %.2f dB", names, sp_lin_to_db(k));
}

/* The VCAs over an automated fader (control c) whose gain automation
 * plays: each such list into s's gain as a `vca:` curve, which Ardour
 * multiplies into the fader's automation frame by frame
 * (SlavableAutomationControl::masters_curve_multiply: a master's list's
 * curve, else its value, then its val-master's inverse, its own masters
 * likewise); the constant part into *k. */
static void vca_curves(reader *r, sp_mix_strip *s, const xmlNode *c, double *k, int depth)
{
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc || ++r->vca_steps > 4096)
      continue;
    double at = 1;
    sp_xml_number(m, "val-master", &at, r->path, r->d);
    *k *= at == 0 ? 0 : 1 / at;
    const xmlNode *al = ardour_automation_list(vca, "gain");
    double *t = NULL, *v = NULL;
    const size_t n = ardour_plays_events(al) ? ardour_list_events(r, al, &t, &v) : 0;
    if (n > 0 && s->gain.n_vca < SP_AUTO_MAX_VCA) {
      s->gain.vca = sp_xreallocarray(s->gain.vca, s->gain.n_vca + 1, sizeof *s->gain.vca);
      sp_mix_auto *cv = &s->gain.vca[s->gain.n_vca++];
      *cv = (sp_mix_auto){0};
      for (size_t i = 0; i < n; i++)
        sp_mix_auto_point(cv, t[i], sp_lin_to_db(v[i]));
      cv->tempo = ardour_beat_list_tempo(r, s, al, "gain"); /* a list in beats: read in ticks */
    } else {
      if (n > 0)
        loss(r, s, vca, "more than %d VCAs' gain automation over one fader: this one's is held",
             SP_AUTO_MAX_VCA);
      *k *= ardour_value_of(r, mc, 1);
    }
    free(t);
    free(v);
    vca_curves(r, s, mc, k, depth + 1);
  }
}

/* The fader's upper bound (Ardour's max-gain, +6 dB) */
#define ARDOUR_MAX_GAIN 2.0

/* A level's value in dB at time 0: its last point at or before it, else
 * its first (a list holds its first value before it). */
static double auto_at_start(const sp_mix_auto *a)
{
  size_t i = 0;
  while (i + 1 < a->n && a->pts[i + 1].t <= 0)
    i++;
  return a->n ? a->pts[i].v : a->value;
}

void ardour_vca_under_automation(reader *r, sp_mix_strip *s, const xmlNode *gc)
{
  char names[256] = "";
  r->vca_steps = 0;
  const bool moving = ardour_vca_moves(r, gc, "gain", 0);
  r->vca_steps = 0;
  double k = masters_of(r, s, gc, false, names, sizeof names, 0, moving ? "gain" : NULL);
  if (moving) {
    k = 1;
    r->vca_steps = 0;
    vca_curves(r, s, gc, &k, 0);
    sp_mix_note(s, "its fader's automation is scaled frame by frame by its VCAs' gain automation, "
                   "as Ardour plays it (vca:)");
  }
  if (k == 1 && !moving)
    return;
  /* Ardour's declick starts from the fader's own value, unscaled, and
   * reaches the scaled one at 25 Hz (measured: docs/sessions.md, vcas):
   * the transport's stop before the export sets the control to its
   * list's value (Automatable::non_realtime_transport_stop), which Ardour
   * divides by its masters' ratio and holds within the fader's range, 0
   * to +6 dB (reduce_by_masters; max-gain), and its stopped Amp settles
   * at that times the ratio again: at most +6 dB over its VCAs' level
   * (the ratio: its constant part k, its curves at 0; measured:
   * bench/README.md, seed 187) */
  if (s->gain.n > 0) {
    double over = sp_lin_to_db(ARDOUR_MAX_GAIN) + sp_lin_to_db(k);
    for (size_t i = 0; i < s->gain.n_vca; i++)
      over += auto_at_start(&s->gain.vca[i]);
    s->gain.has_start = true;
    s->gain.start_db = fmin(s->gain.pts[0].v, over);
    sp_mix_note(s, "its fader's declick starts from its own level, unscaled by its VCAs, as "
                   "Ardour's does (start:)");
  }
  if (k == 1)
    return;
  if (s->gain.n_vca < SP_AUTO_MAX_VCA) {
    /* the constant part too is multiplied into the fader's automation
     * before its declick, where Ardour multiplies it (the declick's float
     * state stalls where Ardour's does) */
    s->gain.vca = sp_xreallocarray(s->gain.vca, s->gain.n_vca + 1, sizeof *s->gain.vca);
    sp_mix_auto *cv = &s->gain.vca[s->gain.n_vca++];
    *cv = (sp_mix_auto){0};
    sp_mix_auto_point(cv, 0, sp_lin_to_db(k));
    sp_mix_note(s,
                "its fader's automation is scaled by VCA %s, %.2f dB, before its declick, as "
                "Ardour scales it (vca:)",
                names, sp_lin_to_db(k));
    return;
  }
  bool pre = false;
  for (size_t i = 0; i < s->n_sends; i++)
    pre = pre || s->sends[i].pre;
  if (s->n_inserts - s->n_post == 0 && !pre) {
    s->trim_db += sp_lin_to_db(k);
    if (s->gain.has_start) /* the trim scales the start too: Ardour's starts unscaled */
      s->gain.start_db -= sp_lin_to_db(k);
    for (size_t i = 0; i < s->trims.n; i++) /* a moving trim: each point */
      s->trims.pts[i].v += sp_lin_to_db(k);
    s->trims.value += s->trims.n ? sp_lin_to_db(k) : 0;
    sp_mix_note(s, "its trim includes VCA %s, %.2f dB, as its fader is automated", names,
                sp_lin_to_db(k));
  } else {
    loss(r, s, gc,
         "VCA %s on an automated fader with plugins or pre-fader sends before it: %.2f dB "
         "not applied",
         names, sp_lin_to_db(k));
  }
}

/* ---- a VCA's own automation ------------------------------------------------------ */

/* Ardour plays a VCA's automation at the start of each export cycle
 * (Session::process_routes runs each VCA's automation_run first): its
 * gain is its list's value there, and a fader it masters whose own
 * automation does not play takes its new target, its value times its
 * masters' ratios, and goes to it through Amp::apply_gain's declick
 * (Amp::run's manual path); a VCA's mute is its list's switch there, and
 * a route it masters is muted while it or any master is
 * (SlavableAutomationControl::boolean_automation_run), declicked by its
 * delivery as its own mute. The recipe steps the fader (`ramp: declick`)
 * and the mute at those cycle starts. */

/* The most cycles a moving VCA is read over, and the most masters read
 * for one value: a session's VCAs are few, a hostile web is refused. */
#define VCA_MAX_CYCLES (1 << 18)
#define VCA_MAX_VISITS 4096

/* A list Ardour plays: its events, times in seconds; n 0 when it plays
 * none. */
typedef struct vlist {
  const xmlNode *ctl; /* the VCA's control it moves */
  double *t, *v;
  size_t n;
  const sp_tempo_map *beats; /* held in beats: the map it is read through; else NULL */
} vlist;

typedef struct vlists {
  vlist *l;
  size_t n, cap;
  size_t visits; /* masters read for one value */
} vlists;

static void vlists_free(vlists *c)
{
  for (size_t i = 0; i < c->n; i++) {
    free(c->l[i].t);
    free(c->l[i].v);
  }
  free(c->l);
}

static int cmp_i64(const void *a, const void *b)
{
  const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The list that moves control mc (named id) of vca, read once. */
static const vlist *vca_list(reader *r, vlists *c, const xmlNode *vca, const xmlNode *mc,
                             const char *id)
{
  for (size_t i = 0; i < c->n; i++)
    if (c->l[i].ctl == mc)
      return &c->l[i];
  SP_GROW(c->l, c->n, c->cap);
  vlist *l = &c->l[c->n++];
  *l = (vlist){.ctl = mc};
  const xmlNode *al = ardour_automation_list(vca, id);
  if (ardour_plays_events(al))
    l->n = ardour_list_events(r, al, &l->t, &l->v);
  for (size_t i = 0; strcmp(id, "gain") == 0 && i < l->n; i++) /* as a fader's (automation) */
    l->v[i] = fmin(2.0, fmax(0.0, l->v[i]));
  const char *td = al ? sp_xml_attr(al, "time-domain") : NULL;
  if (l->n && td && strcmp(td, "BeatTime") == 0 && r->map.n > 0)
    l->beats = &r->map;
  return l;
}

/* List l's value at second x as Ardour's ControlList::rt_safe_eval reads
 * it: before the first event and after the last, theirs; at an event's
 * time, the first there; between two, along Ardour's fader law for a gain
 * (interpolate_gain, an Exponential list: each end 1e-7 more, so that a
 * flat stretch reads 1e-7 above its value), else the earlier one's (a
 * switch's list is Discrete). */
static double list_at(const vlist *l, double x, bool gain)
{
  if (l->n == 1 || x <= l->t[0])
    return l->v[0];
  if (x >= l->t[l->n - 1])
    return l->v[l->n - 1];
  size_t lo = 0, hi = l->n; /* the first event at or after x */
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (l->t[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (l->t[lo] == x || !gain)
    return l->t[lo] == x ? l->v[lo] : l->v[lo - 1];
  const double from = l->v[lo - 1] + 1e-7, to = l->v[lo] + 1e-7;
  if (fabs(to - from) < 1e-7)
    return to;
  const double g0 = sp_fader_gain_to_position(from), g1 = sp_fader_gain_to_position(to);
  double fraction = (x - l->t[lo - 1]) / (l->t[lo] - l->t[lo - 1]);
  if (l->beats) {
    /* a list in beats: the distance from the point before in whole ticks
     * through the tempo map (lpos.distance (xtime) in its time domain) */
    int64_t tx = 0, t0 = 0, t1 = 0;
    const double scps = (double)l->beats->scps;
    if (sp_tempo_map_beats_at(l->beats, llround(x * scps), &tx) &&
        sp_tempo_map_beats_at(l->beats, llround(l->t[lo - 1] * scps), &t0) &&
        sp_tempo_map_beats_at(l->beats, llround(l->t[lo] * scps), &t1) && t1 > t0)
      fraction = (double)(tx - t0) / (double)(t1 - t0);
  }
  return sp_fader_position_to_gain(g0 + fraction * (g1 - g0));
}

/* What control c's masters make of it at second x (as masters_of, each
 * master at its list's value there when it plays): a level's factor, or
 * for a switch 1 when any master is on. *last: the latest event of a list
 * read (seconds; unchanged when none). */
static double masters_at(reader *r, vlists *c, const xmlNode *ctl, bool toggle, double x,
                         double *last, int depth)
{
  double f = toggle ? 0 : 1;
  const xmlNode *ms = sp_xml_child(ctl, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    const char *name = mc ? sp_xml_attr(mc, "name") : NULL;
    if (!name || ++c->visits > VCA_MAX_VISITS)
      continue;
    const vlist *l = vca_list(r, c, vca, mc, strcmp(name, "gaincontrol") == 0 ? "gain" : name);
    if (l->n && l->t[l->n - 1] > *last)
      *last = l->t[l->n - 1];
    double v = l->n ? list_at(l, x, !toggle) : ardour_value_of(r, mc, toggle ? 0 : 1);
    if (toggle) {
      if ((l->n ? v >= 0.5 : v != 0) || masters_at(r, c, mc, true, x, last, depth + 1) != 0)
        f = 1;
    } else {
      double at = 1;
      sp_xml_number(m, "val-master", &at, r->path, r->d);
      if (l->n)
        v = fmax(0.0, fmin(2.0, v)); /* the gain control's range */
      f *= at == 0 ? 0 : v * masters_at(r, c, mc, false, x, last, depth + 1) / at;
    }
  }
  return f;
}

bool ardour_vca_moves(reader *r, const xmlNode *c, const char *id, int depth)
{
  const xmlNode *ms = sp_xml_child(c, "masters");
  for (const xmlNode *m = sp_xml_child(ms, "master"); m && depth < 8;
       m = sp_xml_next(m, "master")) {
    const xmlNode *vca = NULL, *mc = vca_control(r, sp_xml_attr(m, "id"), &vca);
    if (!mc || ++r->vca_steps > VCA_MAX_VISITS)
      continue;
    if (ardour_plays_events(ardour_automation_list(vca, id)) ||
        ardour_vca_moves(r, mc, id, depth + 1))
      return true;
  }
  return false;
}

bool ardour_vca_gain_moves(reader *r, sp_mix_strip *s, const xmlNode *gc, double own)
{
  vlists c = {0};
  double last = 0;
  masters_at(r, &c, gc, false, 0, &last, 0);
  const int64_t cycles = (int64_t)ceil(last * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
  bool ok = c.visits <= VCA_MAX_VISITS && cycles < VCA_MAX_CYCLES;
  float held = 0;
  for (int64_t k = 0; ok && k <= cycles; k++) {
    c.visits = 0;
    const float g = (float)(own * masters_at(r, &c, gc, false,
                                             (double)(k * ARDOUR_MUTE_CYCLE) / r->rate, &last, 0));
    if (k > 0 && g == held)
      continue;
    sp_mix_auto_point(&s->gain, (double)(k * ARDOUR_MUTE_CYCLE), sp_lin_to_db(g));
    held = g;
  }
  vlists_free(&c);
  if (!ok) {
    loss(r, s, gc,
         "its VCAs' gain automation reaches past %d cycles (or a web of VCAs): held at its value",
         VCA_MAX_CYCLES);
    s->gain.n = 0;
    return false;
  }
  s->gain.value = s->gain.pts[0].v;
  s->gain.ramp_declick = true;
  sp_mix_note(s,
              "its gain moves with its VCAs' automation, as Ardour plays it: set at the start "
              "of each %d-frame cycle, declicked",
              ARDOUR_MUTE_CYCLE);
  return true;
}

void ardour_vca_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt, const xmlNode *mc)
{
  vlists c = {0};
  double last = 0;
  masters_at(r, &c, mc, true, 0, &last, 0);
  /* every list's events: the route's own and its masters' */
  vlist own = {0};
  const xmlNode *al = ardour_automation_list(rt, "mute");
  if (ardour_plays_events(al))
    own.n = ardour_list_events(r, al, &own.t, &own.v);
  size_t n = 1 + own.n;
  for (size_t i = 0; i < c.n; i++)
    n += c.l[i].n;
  int64_t *at = sp_xcalloc(n, sizeof *at);
  size_t m = 0;
  at[m++] = 0;
  for (size_t i = 0; i <= c.n; i++) {
    const vlist *l = i < c.n ? &c.l[i] : &own;
    for (size_t e = 0; e < l->n; e++) {
      const double k = ceil(l->t[e] * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
      at[m++] = (int64_t)(k > 0 ? k : 0) * ARDOUR_MUTE_CYCLE;
    }
  }
  qsort(at, m, sizeof *at, cmp_i64);
  const bool fixed = ardour_value_of(r, mc, 0) != 0;
  int held = -1;
  for (size_t i = 0; i < m && c.visits <= VCA_MAX_VISITS; i++) {
    if (i > 0 && at[i] == at[i - 1])
      continue;
    c.visits = 0;
    const double x = (double)at[i] / r->rate;
    const bool self = own.n ? list_at(&own, x, false) >= 0.5 : fixed;
    const int on = self || masters_at(r, &c, mc, true, x, &last, 0) != 0;
    if (on != held)
      sp_mix_auto_point(&s->mutes, (double)at[i], on);
    held = on;
  }
  if (c.visits > VCA_MAX_VISITS) {
    loss(r, s, mc, "a web of VCAs: their mute automation is not played");
    s->mutes.n = 0;
  } else {
    s->mute = false;
    sp_mix_note(s,
                "its mute moves with its VCAs' mute automation%s, as Ardour plays it: from "
                "the start of the %d-frame cycle at or after each event, declicked",
                own.n ? " and its own" : "", ARDOUR_MUTE_CYCLE);
  }
  free(at);
  free(own.t);
  free(own.v);
  vlists_free(&c);
}
