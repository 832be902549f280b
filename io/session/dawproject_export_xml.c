/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every part of the DAWproject writer writes alike
 * (io/session/dawproject_writer.h): ids, elements and parameters, what
 * was left out, times on the tempo map's grid, automation points, the
 * zip entries of embedded files. */

#include "io/session/dawproject_writer.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *dx_new_id(writer *w, char buf[24])
{
  snprintf(buf, 24, "id%u", w->next_id++);
  return buf;
}

xmlNode *dx_el(xmlNode *parent, const char *name)
{
  return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

void dx_attr(xmlNode *n, const char *name, const char *value)
{
  char *text = sp_xml_text(value, SIZE_MAX, false); /* libxml2 escapes the markup */
  xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)text);
  free(text);
}

const char DX_NEW_ID[] = "(a new id)";

xmlNode *dx_node(writer *w, xmlNode *parent, const char *name, ...)
{
  xmlNode *n = dx_el(parent, name);
  va_list ap;
  va_start(ap, name);
  for (const char *key; (key = va_arg(ap, const char *));) {
    const char *value = va_arg(ap, const char *);
    char id[24];
    if (value)
      dx_attr(n, key, value == DX_NEW_ID ? dx_new_id(w, id) : value);
  }
  va_end(ap);
  return n;
}

xmlNode *dx_real(writer *w, xmlNode *parent, const char *name, const char *unit, double v,
                 char id[24])
{
  xmlNode *p = dx_node(w, parent, name, "unit", unit, "value", sp_mix_num(v).text, NULL);
  if (id)
    dx_attr(p, "id", dx_new_id(w, id));
  return p;
}

void dx_boolean(xmlNode *parent, const char *name, bool v)
{
  dx_attr(dx_el(parent, name), "value", v ? "true" : "false");
}

double dx_seconds(const sp_recipe *r, sp_time t) { return sp_time_seconds(t, r->sample_rate); }

/* ---- the tempo map ------------------------------------------------------------ */

double dx_on_grid(double b)
{
  const double ticks = b * 3840, whole = nearbyint(ticks);
  return fabs(ticks - whole) < 1e-6 ? whole / 3840 : b;
}

double dx_beat_at(const writer *w, double sec)
{
  size_t lo = 0, hi = w->n_tempo; /* the last point at or before sec (the first: 0 s) */
  while (hi - lo > 1) {
    const size_t mid = lo + (hi - lo) / 2;
    if (w->tempo[mid].sec <= sec)
      lo = mid;
    else
      hi = mid;
  }
  const tempo_pt *p = &w->tempo[lo];
  return dx_on_grid(p->beat + (sec - p->sec) * p->bpm / 60);
}

static void vlost(writer *w, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void vlost(writer *w, const char *path, const char *fmt, va_list ap)
{
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  sp_recipe_warn(w->r, w->d, path, "not exported: %s", buf);
  for (char *c = buf; *c; c++) /* one line each */
    if (*c == '\n' || *c == '\t')
      *c = ' ';
  char *t = sp_xasprintf("%s%s\t%s\n", w->left_out ? w->left_out : "", path, buf);
  free(w->left_out);
  w->left_out = t;
}

void dx_lost(writer *w, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vlost(w, path, fmt, ap);
  va_end(ap);
}

size_t dx_send_passes(const sp_strip *s, const sp_send *sd)
{
  if (!sd->tap.after_name)
    return sd->tap.after;
  const size_t at = s->n_inserts - s->n_post;
  for (size_t k = at; k < s->n_inserts; k++)
    if (strcmp(s->inserts[k].cls->name, sd->tap.after_name) == 0)
      return k - at + 1;
  return 0;
}

void dx_strip_lost(writer *w, const char *kind, const char *name, const char *key, const char *fmt,
                   ...)
{
  char path[256];
  if (name)
    snprintf(path, sizeof path, "%s.%s.%s", kind, name, key);
  else
    snprintf(path, sizeof path, "%s.%s", kind, key);
  va_list ap;
  va_start(ap, fmt);
  vlost(w, path, fmt, ap);
  va_end(ap);
}

/* ---- automation ------------------------------------------------------------------ */

const char *dx_unit_name(sp_dp_unit u)
{
  static const char *const names[] = {"decibel", "normalized", "hertz",      "seconds", "linear",
                                      "percent", "decibel",    "normalized", NULL,      NULL};
  return names[u];
}

double dx_front_pan(double azimuth)
{
  double a = fmod(azimuth, 360.0);
  a = a > 180 ? a - 360 : a <= -180 ? a + 360 : a;
  if (a > 90)
    a = 180 - a;
  else if (a < -90)
    a = -180 - a;
  const double pan = a == 0 ? 0 : -a / 30.0; /* ahead and behind: 0, not -0 */
  return pan < -1 ? -1 : pan > 1 ? 1 : pan;
}

double dx_written(sp_dp_unit u, double v)
{
  return u == P_PAN       ? (v + 1) / 2
         : u == P_AZIMUTH ? (dx_front_pan(v) + 1) / 2
         : u == P_PERCENT ? 100 * (1 - 1 / v)
         : u == P_RANGE   ? -v
                          : v;
}

static double percent_of_ratio(double r) { return 100 * (1 - 1 / r); }

void dx_want(lane *l, const char *id, const sp_auto *a, sp_dp_unit unit)
{
  if (sp_auto_is_constant(a))
    return;
  l->v = sp_xreallocarray(l->v, l->n + 1, sizeof *l->v);
  pending *p = &l->v[l->n++];
  snprintf(p->id, sizeof p->id, "%s", id);
  p->a = a;
  p->unit = unit;
}

void dx_points(writer *w, xmlNode *lanes_el, const pending *p)
{
  xmlNode *pts = dx_node(w, lanes_el, "Points", "id", DX_NEW_ID, NULL);
  if (p->unit == P_BOOL || p->unit == P_ENABLED) { /* each held from its time */
    dx_attr(dx_el(pts, "Target"), "parameter", p->id);
    for (size_t i = 0; i < p->a->n; i++)
      dx_node(w, pts, "BoolPoint", "time", sp_mix_num(dx_seconds(w->r, p->a->points[i].t)).text,
              "value", (p->a->points[i].v != 0) != (p->unit == P_ENABLED) ? "true" : "false", NULL);
    return;
  }
  dx_attr(pts, "unit", dx_unit_name(p->unit));
  dx_attr(dx_el(pts, "Target"), "parameter", p->id);
  sp_auto out = {0};
  const sp_mix_ramp hz = {true, false, NULL, 1e-3, true};
  const sp_mix_ramp pct = {false, false, percent_of_ratio, 0.01, false};
  for (size_t i = 0; i < p->a->n; i++) {
    const double t = dx_seconds(w->r, p->a->points[i].t), v = p->a->points[i].v;
    if (i > 0 && (p->unit == P_HZ || p->unit == P_PERCENT)) {
      const double t0 = dx_seconds(w->r, p->a->points[i - 1].t), v0 = p->a->points[i - 1].v;
      const size_t from = out.n;
      sp_mix_ramp_points(&out, p->unit == P_HZ ? &hz : &pct, t0, v0, t, v);
      for (size_t k = from; p->unit == P_PERCENT && k < out.n; k++)
        out.points[k].v = 1 / (1 - out.points[k].v / 100); /* back to a ratio, written below */
      out.points[out.n - 1].v = v;
    } else {
      sp_mix_auto_point(&out, t, v);
    }
  }
  for (size_t i = 0; i < out.n; i++)
    dx_node(w, pts, "RealPoint", "time", sp_mix_num(out.points[i].t.seconds).text, "value",
            sp_mix_num(dx_written(p->unit, out.points[i].v)).text, "interpolation", "linear", NULL);
  free(out.points);
}

const char *dx_entry_for(writer *w, const char *path, const char *folder, const char *as)
{
  for (size_t i = 0; i < w->n_files; i++)
    if (strcmp(w->files[i], path) == 0)
      return w->entries[i];
  const char *slash = strrchr(path, '/');
  /* the name as the project's XML holds it (sp_xml_text), so that the
   * entry is the name File's path says: libzip refuses a control
   * character in a name, XML U+FFFF */
  char *base = sp_xml_text(as ? as : slash ? slash + 1 : path, SIZE_MAX, false);
  char *e = sp_xasprintf("%s/%s", folder, base);
  for (int k = 2;; k++) {
    bool clash = false;
    for (size_t i = 0; i < w->n_files && !clash; i++)
      clash = strcmp(w->entries[i], e) == 0;
    if (!clash)
      break;
    free(e);
    e = sp_xasprintf("%s/%d_%s", folder, k, base);
  }
  free(base);
  w->files = sp_xreallocarray(w->files, w->n_files + 1, sizeof *w->files);
  w->entries = sp_xreallocarray(w->entries, w->n_files + 1, sizeof *w->entries);
  w->files[w->n_files] = sp_xstrdup(path);
  w->entries[w->n_files++] = e;
  return e;
}
