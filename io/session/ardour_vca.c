/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ardour's VCAs over a route's fader and mute
 * (io/session/ardour_reader.h): their levels and switches folded into the
 * route's, and their automation stepped as Ardour plays it. */

#include "io/session/ardour_reader.h"

#include "core/base/alloc.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <string.h>

/* ---- VCAs ------------------------------------------------------------------------ */

/* The session's VCA controls, indexed by id once (a master is looked up on
 * every read of a level, every cycle of a moving VCA), each with its
 * masters: one per VCA, as Ardour keeps them (SlavableAutomationControl's
 * masters are a map by id: a master named twice is one, the ratio of its
 * last <master> set last, use_saved_master_ratios). */
typedef struct vca_ctl vca_ctl;

typedef struct vmaster {
  const xmlNode *m; /* its <master> */
  vca_ctl *c;       /* the VCA control it names */
  double at;        /* val-master, read at its first use (at_read) */
  bool at_read;
} vmaster;

struct vca_ctl {
  const char *id;
  const xmlNode *vca, *mc; /* the VCA, its Controllable */
  vmaster *masters;        /* its own, once listed */
  size_t n_masters;
  bool listed;
};

struct ardour_vcas {
  vca_ctl *c; /* in document order */
  size_t n;
  sp_strmap ids;  /* each control's id -> its first in c */
  unsigned *seen; /* each control's stamp, for one list's duplicates */
  unsigned stamp;
};

/* Whether VCA control c is set again by a later one of its name in its
 * VCA: VCA::set_state sets the VCA's control of that name from each in
 * turn, so the last one's value (and id) is the control's. */
static bool set_again(const xmlNode *c)
{
  const char *name = sp_xml_attr(c, "name");
  for (const xmlNode *n = sp_xml_next(c, "Controllable"); name && n;
       n = sp_xml_next(n, "Controllable"))
    if (sp_xml_peek(n, "name") && strcmp(sp_xml_peek(n, "name"), name) == 0)
      return true;
  return false;
}

static struct ardour_vcas *vcas_of(reader *r)
{
  if (r->vcas)
    return r->vcas;
  struct ardour_vcas *v = sp_xcalloc(1, sizeof *v);
  size_t cap = 0;
  const xmlNode *mgr = sp_xml_child(r->root, "VCAManager");
  for (const xmlNode *a = sp_xml_child(mgr, "VCA"); a; a = sp_xml_next(a, "VCA"))
    for (const xmlNode *c = sp_xml_child(a, "Controllable"); c; c = sp_xml_next(c, "Controllable"))
      if (sp_xml_attr(c, "id") && !set_again(c)) {
        SP_GROW(v->c, v->n, cap);
        v->c[v->n] = (vca_ctl){.id = sp_xml_attr(c, "id"), .vca = a, .mc = c};
        sp_strmap_put(&v->ids, v->c[v->n].id, v->n);
        v->n++;
      }
  v->seen = sp_xcalloc(v->n ? v->n : 1, sizeof *v->seen);
  r->vcas = v;
  return v;
}

void ardour_vcas_free(struct ardour_vcas *v)
{
  if (!v)
    return;
  for (size_t i = 0; i < v->n; i++)
    free(v->c[i].masters);
  free(v->c);
  sp_strmap_fini(&v->ids);
  free(v->seen);
  free(v);
}

/* The VCA control with id (the first in the session), NULL when none. */
static vca_ctl *vca_control(reader *r, const char *id)
{
  struct ardour_vcas *v = vcas_of(r);
  size_t k;
  return id && sp_strmap_get(&v->ids, id, &k) ? &v->c[k] : NULL;
}

/* Control c's masters found among the session's VCAs, one per VCA (its
 * last <master>), in the order of their last: heap, *n of them. Ardour
 * drops a master it does not find. */
static vmaster *masters_list(reader *r, const xmlNode *c, size_t *n)
{
  struct ardour_vcas *v = vcas_of(r);
  size_t m = 0, cap = 0;
  vmaster *out = NULL;
  for (const xmlNode *e = sp_xml_child(sp_xml_child(c, "masters"), "master"); e;
       e = sp_xml_next(e, "master")) {
    vca_ctl *k = vca_control(r, sp_xml_attr(e, "id"));
    if (k) {
      SP_GROW(out, m, cap);
      out[m++] = (vmaster){.m = e, .c = k};
    }
  }
  if (++v->stamp == 0) { /* wrapped: start the stamps over */
    memset(v->seen, 0, (v->n ? v->n : 1) * sizeof *v->seen);
    v->stamp = 1;
  }
  size_t kept = m;
  for (size_t i = m; i-- > 0;) { /* the last of each kept, from the end */
    const size_t at = (size_t)(out[i].c - v->c);
    if (v->seen[at] == v->stamp)
      continue;
    v->seen[at] = v->stamp;
    out[--kept] = out[i];
  }
  if (kept > 0)
    memmove(out, out + kept, (m - kept) * sizeof *out);
  *n = m - kept;
  return out;
}

/* A VCA control's own masters, listed once. */
static vmaster *ctl_masters(reader *r, vca_ctl *k, size_t *n)
{
  if (!k->listed) {
    k->masters = masters_list(r, k->mc, &k->n_masters);
    k->listed = true;
  }
  *n = k->n_masters;
  return k->masters;
}

/* The ratio's divisor a master was assigned at (val-master, 1 when not
 * said), read once. */
static double master_at(reader *r, vmaster *m)
{
  if (!m->at_read) {
    m->at = 1;
    sp_xml_number(m->m, "val-master", &m->at, r->path, r->d);
    m->at_read = true;
  }
  return m->at;
}

/* The most a recipe's level holds (a fader's, a moving trim's, a `vca:`
 * curve's: a level's kind's, core/recipe/keys.c): Ardour's VCAs multiply
 * without a bound (get_masters_value), the recipe's levels stop there
 * (sp_session_vca_within, io/session/reader.h). */
#define RECIPE_MAX_DB (sp_timed_kinds[SP_TIMED_LEVEL].max)

/* The most VCAs whose held automation one control's read says one by one
 * (the rest in one line) */
#define VCA_MAX_SAID 8

/* What control c's VCA masters make of it (Ardour's
 * SlavableAutomationControl::get_value): a level's factor, the product of
 * each master's ratio (its value, its own masters' included, over the
 * value it had when assigned: val-master); for a switch (toggle), 1 when
 * any master is on, else 0. A master whose automation plays is a loss
 * (s's), held at its value, unless the caller plays it (moving: its id);
 * names collects the VCAs' names for a note. */
static double masters_of(reader *r, sp_mix_strip *s, vmaster *ms, size_t n_ms, bool toggle,
                         char *names, size_t size, int depth, const char *moving)
{
  double f = toggle ? 0 : 1;
  for (size_t i = 0; i < n_ms && depth < 8; i++) {
    const xmlNode *vca = ms[i].c->vca, *mc = ms[i].c->mc;
    size_t n_up = 0;
    vmaster *up = ctl_masters(r, ms[i].c, &n_up);
    const char *ctl = sp_xml_attr(mc, "name"), *vname = sp_xml_attr(vca, "name");
    if (!ctl || ++r->vca_steps > 4096)
      continue; /* a session's VCAs are few: a web of them is read this far */
    const char *id = strcmp(ctl, "gaincontrol") == 0 ? "gain" : ctl;
    /* A VCA's solo automation: Ardour 7.3's export does not play it, as it
     * does not play a route's (measured, the vcasolo row of
     * docs/sessions.md): the solo holds its value there too, no loss. */
    const bool plays = ardour_plays_events(ardour_automation_list(vca, id));
    if (plays && strcmp(id, "solo") == 0) {
      if (++r->vca_noted <= VCA_MAX_SAID)
        sp_mix_note(s,
                    "the solo automation of VCA '%s' is not played, as Ardour 7.3's export does "
                    "not play it: its solo stays at its value",
                    vname ? vname : "");
    } else if (plays && !(moving && strcmp(moving, id) == 0) && ++r->vca_lost <= VCA_MAX_SAID)
      loss(r, s, vca, "the VCA's %s automation: its %s stays at its value", id, id);
    /* its name, outer VCAs first; taken back when it changes nothing */
    size_t len = strlen(names);
    snprintf(names + len, size - len, "%s'%s'", len ? ", " : "", vname ? vname : "");
    double v = ardour_value_of(r, mc, toggle ? 0 : 1), k;
    /* a VCA's solo, as a route's: self-solo says it (SoloControl::set_state) */
    if (strcmp(ctl, "solo") == 0 && ardour_switch(r, mc, "self-solo", false))
      v = 1;
    if (toggle) {
      k = v != 0 || masters_of(r, s, up, n_up, true, names, size, depth + 1, moving) != 0;
      f = k != 0 ? 1 : f;
    } else {
      const double at = master_at(r, &ms[i]);
      k = at == 0 ? 0 : v * masters_of(r, s, up, n_up, false, names, size, depth + 1, moving) / at;
      f *= k;
    }
    if (k == (toggle ? 0 : 1))
      names[len] = '\0';
  }
  return f;
}

/* masters_of over control c's masters, its losses said up to
 * VCA_MAX_SAID and the rest counted. */
static double masters_read(reader *r, sp_mix_strip *s, const xmlNode *c, bool toggle, char *names,
                           size_t size, const char *moving)
{
  size_t n = 0;
  vmaster *ms = masters_list(r, c, &n);
  r->vca_lost = r->vca_noted = 0;
  const double f = masters_of(r, s, ms, n, toggle, names, size, 0, moving);
  if (r->vca_lost > VCA_MAX_SAID)
    loss(r, s, c, "and %u more VCAs' automation over it: each held at its value",
         r->vca_lost - VCA_MAX_SAID);
  free(ms);
  return f;
}

bool ardour_switched(reader *r, sp_mix_strip *s, const xmlNode *c, bool own, const char *what,
                     const char *moving)
{
  char names[256] = "";
  r->vca_steps = 0;
  const bool on = !own && c && masters_read(r, s, c, true, names, sizeof names, moving) != 0;
  if (!on)
    return own;
  sp_mix_note(s, "%s by VCA %s", what, names);
  return true;
}

void ardour_vca_level(reader *r, sp_mix_strip *s, const xmlNode *gc, double *db)
{
  char names[256] = "";
  r->vca_steps = 0;
  double k = masters_read(r, s, gc, false, names, sizeof names, NULL);
  if (k == 1)
    return;
  *db += sp_lin_to_db(k);
  sp_mix_note(s, "its gain includes VCA %s: %.2f dB", names, sp_lin_to_db(k));
  sp_session_vca_within(&r->where, s, gc, db, names);
}

/* The VCAs over an automated fader (control c) whose gain automation
 * plays: each such list into s's gain as a `vca:` curve, which Ardour
 * multiplies into the fader's automation frame by frame
 * (SlavableAutomationControl::masters_curve_multiply: a master's list's
 * curve, else its value, then its val-master's inverse, its own masters
 * likewise); the constant part into *k. */
static void vca_curves(reader *r, sp_mix_strip *s, vmaster *ms, size_t n_ms, double *k, int depth)
{
  for (size_t i = 0; i < n_ms && depth < 8; i++) {
    const xmlNode *vca = ms[i].c->vca, *mc = ms[i].c->mc;
    if (++r->vca_steps > 4096)
      continue;
    const double at = master_at(r, &ms[i]);
    *k *= at == 0 ? 0 : 1 / at;
    const xmlNode *al = ardour_automation_list(vca, "gain");
    double *t = NULL, *v = NULL;
    const size_t n =
        ardour_plays_events(al) ? ardour_list_loaded(r, al, 0, ARDOUR_MAX_GAIN, &t, &v) : 0;
    if (n > 0 && s->strip.gain.n_vca < SP_AUTO_MAX_VCA) {
      s->strip.gain.vca =
          sp_xreallocarray(s->strip.gain.vca, s->strip.gain.n_vca + 1, sizeof *s->strip.gain.vca);
      sp_auto *cv = &s->strip.gain.vca[s->strip.gain.n_vca++];
      *cv = (sp_auto){.ramp = SP_RAMP_LIST}; /* read as Ardour reads a list */
      for (size_t e = 0; e < n; e++)
        sp_mix_auto_point(cv, t[e], sp_lin_to_db(v[e]));
      cv->tempo = ardour_beat_list_tempo(r, s, al, "gain"); /* a list in beats: read in ticks */
    } else {
      if (n > 0)
        loss(r, s, vca, "more than %d VCAs' gain automation over one fader: this one's is held",
             SP_AUTO_MAX_VCA);
      *k *= ardour_value_of(r, mc, 1);
    }
    free(t);
    free(v);
    size_t n_up = 0;
    vmaster *up = ctl_masters(r, ms[i].c, &n_up);
    vca_curves(r, s, up, n_up, k, depth + 1);
  }
}

/* A level's value in dB at time 0: its last point at or before it, else
 * its first (a list holds its first value before it). */
static double auto_at_start(const sp_auto *a)
{
  size_t i = 0;
  while (i + 1 < a->n && sp_time_number(a->points[i + 1].t) <= 0)
    i++;
  return a->n ? a->points[i].v : a->value;
}

void ardour_vca_under_automation(reader *r, sp_mix_strip *s, const xmlNode *gc)
{
  char names[256] = "";
  r->vca_steps = 0;
  const bool moving = ardour_vca_moves(r, gc, "gain");
  r->vca_steps = 0;
  double k = masters_read(r, s, gc, false, names, sizeof names, moving ? "gain" : NULL);
  if (moving) {
    k = 1;
    r->vca_steps = 0;
    size_t n = 0;
    vmaster *ms = masters_list(r, gc, &n);
    vca_curves(r, s, ms, n, &k, 0);
    free(ms);
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
  if (s->strip.gain.n > 0) {
    double over = sp_lin_to_db(ARDOUR_MAX_GAIN) + sp_lin_to_db(k);
    for (size_t i = 0; i < s->strip.gain.n_vca; i++)
      over += auto_at_start(&s->strip.gain.vca[i]);
    s->strip.gain.has_start = true;
    s->strip.gain.start_db = fmin(s->strip.gain.points[0].v, over);
    sp_mix_note(s, "its fader's declick starts from its own level, unscaled by its VCAs, as "
                   "Ardour's does (start:)");
  }
  if (k == 1)
    return;
  if (s->strip.gain.n_vca < SP_AUTO_MAX_VCA) {
    /* the constant part too is multiplied into the fader's automation
     * before its declick, where Ardour multiplies it (the declick's float
     * state stalls where Ardour's does) */
    s->strip.gain.vca =
        sp_xreallocarray(s->strip.gain.vca, s->strip.gain.n_vca + 1, sizeof *s->strip.gain.vca);
    sp_auto *cv = &s->strip.gain.vca[s->strip.gain.n_vca++];
    *cv = (sp_auto){0};
    double db = sp_lin_to_db(k);
    sp_mix_note(s,
                "its fader's automation is scaled by VCA %s, %.2f dB, before its declick, as "
                "Ardour scales it (vca:)",
                names, db);
    const bool start = s->strip.gain.has_start;
    const double trim = s->strip.trim_db;
    sp_session_vca_within(&r->where, s, gc, &db, names);
    if (start) /* the trim scales the start too: Ardour's starts unscaled */
      s->strip.gain.start_db -= s->strip.trim_db - trim;
    sp_mix_auto_point(cv, 0, db);
    return;
  }
  if (sp_session_trim_unheard(s)) {
    sp_session_trim_add(s, sp_lin_to_db(k));
    if (s->strip.gain.has_start) /* the trim scales the start too: Ardour's starts unscaled */
      s->strip.gain.start_db -= sp_lin_to_db(k);
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

/* The most cycles a moving VCA is read over, the most masters read for
 * one value, and the most reads of a list over all its cycles: a
 * session's VCAs are few, a hostile web or length is refused, said with
 * its number. */
#define VCA_MAX_CYCLES (1 << 18)
#define VCA_MAX_VISITS 4096
#define VCA_MAX_READS (1 << 24)

/* A list Ardour plays: its events, times in seconds; n 0 when it plays
 * none (then value: the control's own). */
typedef struct vlist {
  double *t, *v;
  size_t n;
  double value;              /* NaN: not said (each reader takes its own default) */
  const sp_tempo_map *beats; /* held in beats: the map it is read through; else NULL */
} vlist;

typedef struct vlists {
  vlist *l;
  size_t n, cap;
  size_t *of;    /* each VCA control's list in l, plus 1 (0: not read yet) */
  size_t visits; /* masters read for one value */
} vlists;

static void vlists_free(vlists *c)
{
  for (size_t i = 0; i < c->n; i++) {
    free(c->l[i].t);
    free(c->l[i].v);
  }
  free(c->l);
  free(c->of);
}

/* The list that moves VCA control k (its name: gaincontrol is the
 * "gain" list), read once; NULL when k has no name. */
static const vlist *vca_list(reader *r, vlists *c, const vca_ctl *k)
{
  struct ardour_vcas *vs = vcas_of(r);
  if (!c->of)
    c->of = sp_xcalloc(vs->n ? vs->n : 1, sizeof *c->of);
  const size_t idx = (size_t)(k - vs->c);
  if (c->of[idx])
    return &c->l[c->of[idx] - 1];
  const char *name = sp_xml_attr(k->mc, "name");
  if (!name)
    return NULL;
  const bool gain = strcmp(name, "gaincontrol") == 0;
  SP_GROW(c->l, c->n, c->cap);
  vlist *l = &c->l[c->n++];
  c->of[idx] = c->n;
  *l = (vlist){0};
  const xmlNode *al = ardour_automation_list(k->vca, gain ? "gain" : name);
  if (ardour_plays_events(al)) /* a gain's range as a fader's, a switch's 0 .. 1 */
    l->n = ardour_list_loaded(r, al, 0, gain ? ARDOUR_MAX_GAIN : 1, &l->t, &l->v);
  if (!l->n)
    l->value = ardour_value_of(r, k->mc, NAN);
  if (l->n && ardour_in_beats(r, al) && r->map.n > 0)
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

/* What a level's masters ms make of it at second x (as masters_of, each
 * master at its list's value there when it plays). *last: the latest
 * event of a list read (seconds; unchanged when none). */
static double masters_at(reader *r, vlists *c, vmaster *ms, size_t n_ms, double x, double *last,
                         int depth)
{
  double f = 1;
  for (size_t i = 0; i < n_ms && depth < 8; i++) {
    const vlist *l = vca_list(r, c, ms[i].c);
    if (!l || ++c->visits > VCA_MAX_VISITS)
      continue;
    if (l->n && l->t[l->n - 1] > *last)
      *last = l->t[l->n - 1];
    double v = l->n ? list_at(l, x, true) : isnan(l->value) ? 1 : l->value;
    const double at = master_at(r, &ms[i]);
    if (l->n)
      v = fmax(0.0, fmin(2.0, v)); /* the gain control's range */
    size_t n_up = 0;
    vmaster *up = ctl_masters(r, ms[i].c, &n_up);
    f *= at == 0 ? 0 : v * masters_at(r, c, up, n_up, x, last, depth + 1) / at;
  }
  return f;
}

static bool moves_in(reader *r, vmaster *ms, size_t n, const char *id, int depth)
{
  for (size_t i = 0; i < n && depth < 8; i++) {
    if (++r->vca_steps > VCA_MAX_VISITS)
      continue;
    size_t n_up = 0;
    vmaster *up = ctl_masters(r, ms[i].c, &n_up);
    if (ardour_plays_events(ardour_automation_list(ms[i].c->vca, id)) ||
        moves_in(r, up, n_up, id, depth + 1))
      return true;
  }
  return false;
}

bool ardour_vca_moves(reader *r, const xmlNode *c, const char *id)
{
  size_t n = 0;
  vmaster *ms = masters_list(r, c, &n);
  const bool moves = moves_in(r, ms, n, id, 0);
  free(ms);
  return moves;
}

bool ardour_vca_gain_moves(reader *r, sp_mix_strip *s, const xmlNode *gc, double own)
{
  vlists c = {0};
  double last = 0;
  size_t n = 0;
  vmaster *ms = masters_list(r, gc, &n);
  masters_at(r, &c, ms, n, 0, &last, 0);
  const int64_t cycles = (int64_t)ceil(last * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
  const size_t visits = c.visits;
  const bool web = visits > VCA_MAX_VISITS;
  const bool ok = !web && cycles < VCA_MAX_CYCLES &&
                  (double)visits * (double)(cycles + 1) <= (double)VCA_MAX_READS;
  float held = 0;
  int64_t over = -1; /* the first cycle past +24 dB */
  for (int64_t k = 0; ok && k <= cycles; k++) {
    c.visits = 0;
    const float g = (float)(own * masters_at(r, &c, ms, n,
                                             (double)(k * ARDOUR_MUTE_CYCLE) / r->rate, &last, 0));
    if (k > 0 && g == held)
      continue;
    double db = sp_lin_to_db(g);
    const bool past = !(db <= RECIPE_MAX_DB);
    held = g;
    if (past && over >= 0 && s->strip.gain.points[s->strip.gain.n - 1].v == RECIPE_MAX_DB)
      continue; /* held at the most already */
    if (past) {
      over = over < 0 ? k : over;
      db = RECIPE_MAX_DB;
    }
    sp_mix_auto_frame(&s->strip.gain, (double)(k * ARDOUR_MUTE_CYCLE), db);
  }
  free(ms);
  vlists_free(&c);
  if (!ok) {
    if (web)
      loss(r, s, gc,
           "a web of VCAs over its fader, more than %d masters read for one value: "
           "its VCAs' gain automation is held at its value",
           VCA_MAX_VISITS);
    else if (cycles >= VCA_MAX_CYCLES)
      loss(r, s, gc,
           "its VCAs' gain automation reaches past %d cycles of %d frames: held at its value",
           VCA_MAX_CYCLES, ARDOUR_MUTE_CYCLE);
    else
      loss(r, s, gc,
           "its VCAs' gain automation takes %lld cycles of %zu masters each, more than the %d "
           "reads an import makes: held at its value",
           (long long)cycles + 1, visits, VCA_MAX_READS);
    s->strip.gain.n = 0;
    return false;
  }
  if (over >= 0)
    loss(r, s, gc,
         "its VCAs raise its gain past the +24 dB a recipe's level holds from frame %lld: held "
         "at +24 dB there",
         (long long)(over * ARDOUR_MUTE_CYCLE));
  s->strip.gain.value = s->strip.gain.points[0].v;
  s->strip.gain.ramp = SP_RAMP_DECLICK;
  sp_mix_note(s,
              "its gain moves with its VCAs' automation, as Ardour plays it: set at the start "
              "of each %d-frame cycle, declicked",
              ARDOUR_MUTE_CYCLE);
  return true;
}

/* A moving mute's cue: an event of list `list` (SIZE_MAX: the route's
 * own), heard from the cycle starting at frame `at`. */
typedef struct cue {
  int64_t at;
  size_t list;
} cue;

static int cmp_cue(const void *a, const void *b)
{
  const cue *x = a, *y = b;
  return (x->at > y->at) - (x->at < y->at);
}

/* The cycle at or after second t, in frames (0 at the latest). */
static int64_t cycle_of(const reader *r, double t)
{
  const double k = ceil(t * r->rate / ARDOUR_MUTE_CYCLE - 1e-9);
  return (int64_t)(k > 0 ? k : 0) * ARDOUR_MUTE_CYCLE;
}

/* The VCA controls a switch's masters ms reach, each once, through at
 * most 8 of them (as masters_of reads them): a switch is on while any of
 * them is. Their lists into c; *fixed: one that does not move is on. */
static void switch_masters(reader *r, vlists *c, vmaster *ms, size_t n_ms, bool *fixed)
{
  struct ardour_vcas *vs = vcas_of(r);
  typedef struct {
    vca_ctl *k;
    int depth;
  } step;
  step *q = NULL;
  size_t nq = 0, cap = 0;
  for (size_t i = 0; i < n_ms; i++) {
    SP_GROW(q, nq, cap);
    q[nq++] = (step){ms[i].c, 0};
  }
  bool *seen = sp_xcalloc(vs->n ? vs->n : 1, sizeof *seen);
  for (size_t h = 0; h < nq; h++) { /* breadth first: each at its least depth */
    const step at = q[h];
    const size_t idx = (size_t)(at.k - vs->c);
    if (seen[idx])
      continue;
    seen[idx] = true;
    const vlist *l = vca_list(r, c, at.k);
    if (!l)
      continue; /* no name: not read, nor its masters */
    *fixed = *fixed || (!l->n && !isnan(l->value) && l->value != 0);
    size_t n_up = 0;
    vmaster *up = ctl_masters(r, at.k, &n_up);
    for (size_t i = 0; at.depth + 1 < 8 && i < n_up; i++)
      if (!seen[up[i].c - vs->c]) {
        SP_GROW(q, nq, cap);
        q[nq++] = (step){up[i].c, at.depth + 1};
      }
  }
  free(seen);
  free(q);
}

void ardour_vca_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt, const xmlNode *mc)
{
  vlists c = {0};
  size_t n_ms = 0;
  vmaster *ms = masters_list(r, mc, &n_ms);
  bool fixed_master = false;
  switch_masters(r, &c, ms, n_ms, &fixed_master);
  free(ms);
  vlist own = {0};
  const xmlNode *al = ardour_automation_list(rt, "mute");
  if (ardour_plays_events(al))
    own.n = ardour_list_loaded(r, al, 0, 1, &own.t, &own.v);
  /* every list's events, at the cycles they are heard from: a list's
   * switch changes only at its events, so between two cycles only the
   * lists with an event cued at either can change (an event falls on or
   * before the cycle it is cued at, and after the one before) */
  size_t n = 1 + own.n;
  for (size_t i = 0; i < c.n; i++)
    n += c.l[i].n;
  cue *at = sp_xcalloc(n, sizeof *at);
  size_t m = 0;
  at[m++] = (cue){0, SIZE_MAX};
  for (size_t i = 0; i <= c.n; i++) {
    const vlist *l = i < c.n ? &c.l[i] : &own;
    for (size_t e = 0; e < l->n; e++)
      at[m++] = (cue){cycle_of(r, l->t[e]), i < c.n ? i : SIZE_MAX};
  }
  qsort(at, m, sizeof *at, cmp_cue);
  const bool fixed = ardour_value_of(r, mc, 0) != 0;
  bool *on = sp_xcalloc(c.n ? c.n : 1, sizeof *on);
  size_t n_on = 0;
  int held = -1;
  for (size_t i = 0, prev = 0; i < m;) {
    size_t j = i; /* at[i .. j): one cycle's cues; at[prev .. i): the cycle's before */
    while (j < m && at[j].at == at[i].at)
      j++;
    const double x = (double)at[i].at / r->rate;
    for (size_t k = i == 0 ? 0 : prev; k < (i == 0 ? c.n : j); k++) {
      const size_t li = i == 0 ? k : at[k].list; /* at the start: every list */
      if (li == SIZE_MAX || !c.l[li].n)
        continue;
      const bool now = list_at(&c.l[li], x, false) >= 0.5;
      n_on = n_on - on[li] + now;
      on[li] = now;
    }
    const bool self = own.n ? list_at(&own, x, false) >= 0.5 : fixed;
    const int sw = self || fixed_master || n_on > 0;
    if (sw != held)
      sp_mix_auto_frame(&s->strip.mutes, (double)at[i].at, sw);
    held = sw;
    prev = i;
    i = j;
  }
  sp_mix_strip_mute(s, false);
  sp_mix_note(s,
              "its mute moves with its VCAs' mute automation%s, as Ardour plays it: from "
              "the start of the %d-frame cycle at or after each event, declicked",
              own.n ? " and its own" : "", ARDOUR_MUTE_CYCLE);
  free(on);
  free(at);
  free(own.t);
  free(own.v);
  vlists_free(&c);
}
