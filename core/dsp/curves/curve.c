/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The curve registry (core/dsp/curves/curve.h): the rows of list.h as one
 * table, looked up by kind and name or by kind and value. A few dozen
 * rows: a look-up walks them. */

#include "core/dsp/curves/curve.h"

#include "core/dsp/automation.h"

#include <string.h>

static const sp_curve curves[] = {
#define SP_CURVE(kind, id, flags, name, what, points)                                              \
  {name, what, SP_CURVE_##kind, id, flags, points},
#include "core/dsp/curves/list.h"
#undef SP_CURVE
};

const sp_curve *sp_curve_at(size_t i)
{
  return i < sizeof curves / sizeof *curves ? &curves[i] : NULL;
}

const sp_curve *sp_curve_find(sp_curve_kind kind, const char *name)
{
  for (const sp_curve *c = curves; c < curves + sizeof curves / sizeof *curves; c++)
    if (c->kind == kind && strcmp(c->name, name) == 0)
      return c;
  return NULL;
}

const sp_curve *sp_curve_of(sp_curve_kind kind, int id)
{
  for (const sp_curve *c = curves; c < curves + sizeof curves / sizeof *curves; c++)
    if (c->kind == kind && c->id == id)
      return c;
  return NULL;
}

const char *sp_curve_name(sp_curve_kind kind, int id)
{
  const sp_curve *c = sp_curve_of(kind, id);
  return c ? c->name : NULL;
}
