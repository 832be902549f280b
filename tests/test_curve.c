/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The curve registry (core/dsp/curves/): every ramp, interpolation, fade
 * shape and named pan law has one row, found by its name and by its value;
 * the names recipes already use stay; each drawn fade shape places its
 * points inside its fade, from its start value to its end value. */

#include "core/dsp/automation.h"
#include "core/dsp/curves/curve.h"

#include <criterion/criterion.h>
#include <string.h>

static void each_value_has_one_row(sp_curve_kind kind, int first, int last)
{
  for (int id = first; id <= last; id++) {
    const sp_curve *c = sp_curve_of(kind, id);
    cr_assert_not_null(c, "kind %d value %d has no row", (int)kind, id);
    cr_assert_eq(sp_curve_find(kind, c->name), c, "'%s' is not found by its name", c->name);
    cr_assert(c->what && *c->what, "'%s' says nothing of what it does", c->name);
  }
}

Test(curve, every_value_has_a_row_found_by_its_name)
{
  each_value_has_one_row(SP_CURVE_RAMP, SP_RAMP_DB, SP_RAMP_LINEAR);
  each_value_has_one_row(SP_CURVE_INTERP, SP_INTERP_EXPONENTIAL, SP_INTERP_CURVED);
  each_value_has_one_row(SP_CURVE_FADE, SP_FADE_RAMP, SP_FADE_POINTS);
  each_value_has_one_row(SP_CURVE_PAN_LAW, SP_PAN_LAW_QUADRATIC, SP_PAN_LAW_QUADRATIC);
  /* names are unique within a kind */
  const sp_curve *a, *b;
  for (size_t i = 0; (a = sp_curve_at(i)); i++)
    for (size_t j = i + 1; (b = sp_curve_at(j)); j++)
      cr_assert(a->kind != b->kind || strcmp(a->name, b->name) != 0, "'%s' twice", a->name);
  cr_assert_null(sp_curve_find(SP_CURVE_RAMP, "cubic"));
}

/* Recipes written before the registry name these curves: their names stay. */
Test(curve, keeps_the_names_recipes_use)
{
  cr_assert_str_eq(sp_curve_name(SP_CURVE_RAMP, SP_RAMP_LIST), "ardour");
  cr_assert_str_eq(sp_curve_name(SP_CURVE_RAMP, SP_RAMP_DECLICK), "declick");
  cr_assert_str_eq(sp_curve_name(SP_CURVE_FADE, SP_FADE_DEFAULT), "ardour");
  cr_assert_str_eq(sp_curve_name(SP_CURVE_FADE, SP_FADE_SYMMETRIC), "symmetric");
  cr_assert_str_eq(sp_curve_name(SP_CURVE_PAN_LAW, SP_PAN_LAW_QUADRATIC), "ardour");
  cr_assert_str_eq(sp_curve_name(SP_CURVE_INTERP, SP_INTERP_CURVED), "curved");
  cr_assert_eq(sp_curve_find(SP_CURVE_RAMP, "linear")->flags, SP_CURVE_PORT);
  cr_assert_eq(sp_curve_find(SP_CURVE_RAMP, "ardour")->flags, SP_CURVE_LEVEL);
}

Test(curve, drawn_shapes_place_their_points_inside_the_fade)
{
  const sp_curve *c;
  int shapes = 0;
  for (size_t i = 0; (c = sp_curve_at(i)); i++) {
    cr_assert_eq(c->points != NULL, (c->flags & SP_CURVE_SHAPE) != 0, "'%s'", c->name);
    if (!c->points)
      continue;
    shapes++;
    for (int in = 0; in < 2; in++) {
      sp_curve_points p;
      c->points(&p, in, 48000);
      cr_assert(p.n >= 2 && p.n <= SP_CURVE_MAX_POINTS, "'%s': %zu points", c->name, p.n);
      cr_assert_eq(p.x[0], 0, "'%s'", c->name);
      cr_assert_eq(p.x[p.n - 1], 48000, "'%s'", c->name);
      for (size_t k = 1; k < p.n; k++)
        cr_assert(p.x[k] >= p.x[k - 1], "'%s': point %zu goes back", c->name, k);
      cr_assert_float_eq(p.y[in ? p.n - 1 : 0], 1.0, 1e-6, "'%s' in %d", c->name, in);
      cr_assert_float_eq(p.y[in ? 0 : p.n - 1], SP_CURVE_SMALL, 1e-9, "'%s' in %d", c->name, in);
    }
  }
  cr_assert_eq(shapes, 5);
}
