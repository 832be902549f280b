/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A processor family whose classes are made at load time, as an LV2 host's
 * are from a plugin's ports: a tiny one defined here. `scale: {by: xN}`
 * makes a class that multiplies by N, with a parameter table built when the
 * class is made (a trim in dB, and N as its default "amount"). It is
 * registered at run time and then used through the same paths as a
 * built-in processor: the parser (its selector, its parameters, its errors
 * with positions), the graph, the renderer, the registry the contract
 * tests and `help inserts` walk. */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/procs/proc.h"
#include "core/base/units.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the family ---------------------------------------------------------- */

typedef struct scale_state {
  float g;
} scale_state;

static sp_err scale_prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                            size_t why_size)
{
  (void)env;
  (void)why;
  (void)why_size;
  scale_state *s = state;
  s->g = (float)(a->values[0] * sp_db_to_lin(a->values[1]));
  return SP_OK;
}

static void scale_process(void *state, float *const *ch, size_t frames)
{
  const scale_state *s = state;
  for (int c = 0; c < 2 && ch[c]; c++)
    for (size_t i = 0; i < frames; i++)
      ch[c][i] *= s->g;
}

static void scale_process_mono(void *state, float *const *ch, size_t frames)
{
  const scale_state *s = state;
  for (size_t i = 0; i < frames; i++)
    ch[0][i] *= s->g;
}

static void scale_reset(void *state) { (void)state; }
static int64_t zero(const void *state)
{
  (void)state;
  return 0;
}

/* The classes made so far (the family owns them). */
typedef struct made {
  sp_proc_class cls;
  sp_param params[2];
  char name[16], summary[64];
} made;
static made *classes[16];
static size_t n_classes;

static const sp_proc_class *scale_make(const char *value, char *why, size_t why_size)
{
  int n = 0;
  char rest = 0;
  if (sscanf(value, "x%d%c", &n, &rest) != 1 || n < 1 || n > 9) {
    snprintf(why, why_size, "'%s' is not a scale this family makes; give x1 to x9", value);
    return NULL;
  }
  for (size_t i = 0; i < n_classes; i++)
    if (strcmp(classes[i]->name, value) == 0)
      return &classes[i]->cls;
  made *m = sp_xcalloc(1, sizeof *m);
  snprintf(m->name, sizeof m->name, "%s", value);
  snprintf(m->summary, sizeof m->summary, "multiplies by %d", n);
  m->params[0] = (sp_param){"amount", SP_PARAM_NUMBER, SP_UNIT_NUMBER, n, 1, 9, NULL, false,
                            "the factor (made from the class's name)"};
  m->params[1] =
      (sp_param){"trim", SP_PARAM_NUMBER, SP_UNIT_DB, 0, -24, 24, NULL, false, "a trim after it"};
  m->cls = (sp_proc_class){.name = m->name,
                           .summary = m->summary,
                           .params = m->params,
                           .n_params = 2,
                           .primary_param = -1,
                           .state_size = sizeof(scale_state),
                           .prepare = scale_prepare,
                           .process = n == 1 ? scale_process_mono : scale_process,
                           .reset = scale_reset,
                           .latency_frames = zero,
                           .tail_frames = zero};
  classes[n_classes++] = m;
  return &m->cls;
}

static size_t scale_count(void) { return n_classes; }
static const sp_proc_class *scale_at(size_t i) { return &classes[i]->cls; }

static const sp_proc_family scale_family = {.name = "scale",
                                            .summary = "a test family: a gain of N",
                                            .selector = "by",
                                            .selector_help = "a factor x1 to x9",
                                            .make = scale_make,
                                            .count = scale_count,
                                            .at = scale_at};

static void setup(void)
{
  if (!sp_proc_family_find("scale"))
    sp_proc_register(&scale_family);
}

TestSuite(family, .init = setup);

/* ---- through the parser, the graph and the renderer ------------------------ */

Test(family, a_class_made_at_load_time_parses_builds_and_renders)
{
  char *dir = tu_tmpdir();
  float x[4800];
  for (int i = 0; i < 4800; i++)
    x[i] = (float)(0.05 * sin(0.01 * i));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 32, x, 4800));
  char *text = sp_xstrdup("stemprint: 1\npan_law: 0 dB\n"
                    "tracks:\n  a: {file: a.wav, inserts: [{scale: {by: x3, trim: -6 dB}}]}\n"
                    "output: {depth: 32f, dither: none}\n");
  char *path = tu_write_text(dir, "r.yaml", text);
  sp_render_result res;
  cr_assert_eq(tu_render(path, 0, &res), SP_OK);
  sp_render_result_fini(&res);
  char *mix = tu_path(dir, "out/r/mix.wav");
  int64_t frames;
  int ch, rate;
  double *y = tu_read(mix, &frames, &ch, &rate);
  cr_assert_not_null(y);
  cr_assert_eq(frames, 4800);
  const double g = 3.0 * pow(10.0, -6.0 / 20);
  for (int i = 0; i < 4800; i++)
    cr_assert_float_eq(y[2 * i], (double)(float)(x[i] * (float)g), 1e-7, "frame %d", i);
  free(y);
  free(mix);
  free(path);
  free(text);
  tu_rmtree(dir);
  free(dir);
  /* The class made is one of the registry's, found by name, listed. */
  const sp_proc_class *c = sp_proc_find("x3");
  cr_assert_not_null(c);
  cr_assert_str_eq(c->summary, "multiplies by 3");
  cr_assert_eq(c->params[0].def, 3.0);
  bool listed = false;
  for (size_t i = 0; i < sp_proc_count(); i++)
    listed |= sp_proc_at(i) == c;
  cr_assert(listed, "the contract tests and help would not see it");
}

/* Mistakes in a family's insert, at their positions: an unknown class
 * (the family's own words), no selector, a parameter the class does not
 * have, a value out of the class's range. */
Test(family, mistakes_are_reported_where_they_are)
{
  static const struct {
    const char *insert, *where, *says;
  } rows[] = {
      {"{scale: {by: x12}}", "r.yaml:4:42: tracks.a.inserts[0].scale.by:",
       "'x12' is not a scale this family makes; give x1 to x9"},
      {"{scale: {trim: 1 dB}}", "r.yaml:4:30: tracks.a.inserts[0].scale:",
       "'scale' needs 'by: ...', a factor x1 to x9"},
      {"{scale: {by: x2, tirm: 1 dB}}", "r.yaml:4:46: tracks.a.inserts[0].scale.tirm:",
       "did you mean 'trim'?"},
      {"{scale: {by: x2, trim: 40 dB}}", "r.yaml:4:52: tracks.a.inserts[0].scale.trim:",
       "out of range"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char *text =
        sp_xasprintf("stemprint: 1\ntracks:\n  a:\n    {file: a.wav, inserts: [%s]}\n", rows[i].insert);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    sp_recipe_parse_string("r.yaml", text, &r, &d);
    char *all = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&all, &len);
    sp_diags_print(&d, f);
    fclose(f);
    cr_expect(strstr(all, rows[i].where) && strstr(all, rows[i].says), "row %zu:\n%s", i, all);
    free(all);
    sp_recipe_free(r);
    sp_diags_fini(&d);
    free(text);
  }
}
