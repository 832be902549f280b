/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An insert's parameters from typed values (core/recipe/build_insert.h):
 * the rules of a parameter's table, said once for the parser and the
 * session readers. */

#include "core/recipe/build_insert.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sp_range_text(double v, sp_unit u, double min, double max, bool bare, char *why, size_t size)
{
  const char *un = sp_unit_name(u);
  const char *sp = *un ? " " : "";
  /* a time written without its unit reads as seconds: "release: 90" meant
   * 90 ms, most likely, when that is in range */
  char hint[96] = "";
  if (u == SP_UNIT_SECONDS && bare && v / 1000 >= min && v / 1000 <= max)
    snprintf(hint, sizeof hint, "; a time without a unit is in seconds: did you mean '%g ms'?", v);
  /* "sample_rate: 48" meant 48 kHz, most likely */
  if (u == SP_UNIT_HZ && bare && v * 1000 >= min && v * 1000 <= max)
    snprintf(hint, sizeof hint, "; a frequency without a unit is in Hz: did you mean '%g kHz'?", v);
  if (isinf(min))
    snprintf(why, size, "%g%s%s is out of range; expected -inf%s%s .. %g%s%s%s", v, sp, un, sp, un,
             max, sp, un, hint);
  else
    snprintf(why, size, "%g%s%s is out of range; expected %g%s%s .. %g%s%s%s", v, sp, un, min, sp,
             un, max, sp, un, hint);
}

sp_err sp_param_choice(const sp_proc_class *cls, const sp_param *pr, const char *text,
                       double *index, char *why, size_t size)
{
  size_t i = 0;
  while (pr->choices[i] && strcmp(text, pr->choices[i]) != 0)
    i++;
  if (pr->choices[i]) {
    *index = (double)i;
    return SP_OK;
  }
  char list[256] = "";
  for (size_t j = 0; pr->choices[j]; j++) {
    strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
    strncat(list, pr->choices[j], sizeof list - strlen(list) - 1);
  }
  const char *near = sp_suggest(text, pr->choices, i);
  if (near)
    snprintf(why, size, "'%s' is not a %s of '%s'; did you mean '%s'? (one of: %s)", text,
             pr->name, cls->name, near, list);
  else
    snprintf(why, size, "'%s' is not a %s of '%s'; expected one of: %s", text, pr->name,
             cls->name, list);
  return SP_ERR_USAGE;
}

sp_err sp_param_may_move(const sp_proc_class *cls, int k, bool automatable, char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  const bool moves = (cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  const char *still = cls->still && pr->kind == SP_PARAM_NUMBER ? cls->still((size_t)k) : NULL;
  if (automatable && still) {
    snprintf(why, size, "'%s' of '%s' cannot move: %s; give one value, like %s", pr->name,
             cls->name, still, sp_unit_example(pr->unit));
    return SP_ERR_USAGE;
  }
  if (automatable && !sp_param_is_file(pr) && (pr->kind == SP_PARAM_NUMBER || moves))
    return SP_OK;
  if (automatable && !sp_param_is_file(pr)) {
    snprintf(why, size,
             "'%s' of '%s' cannot move: only a number parameter takes [time, value] breakpoints "
             "(a switch or a choice holds one setting); give one value",
             pr->name, cls->name);
    return SP_ERR_USAGE;
  }
  if (pr->kind == SP_PARAM_NUMBER) {
    snprintf(why, size, "'%s' of '%s' cannot move; give one value like %s", pr->name, cls->name,
             sp_unit_example(pr->unit));
    return SP_ERR_USAGE;
  }
  snprintf(why, size, "'%s' of '%s' takes one value", pr->name, cls->name);
  return SP_ERR_IO;
}

/* A frequency at or above Nyquist, refused in why. */
static bool below_nyquist(const sp_param *pr, double x, double sample_rate, char *why, size_t size)
{
  const double nyquist = sample_rate / 2;
  if (pr->unit != SP_UNIT_HZ || x < nyquist)
    return true;
  snprintf(why, size,
           "%g Hz is not below half the sample rate (%g Hz at sample_rate %g); lower '%s' or "
           "raise sample_rate",
           x, nyquist, sample_rate, pr->name);
  return false;
}

/* A word x->word of number parameter k: its value in *out. */
static sp_err number_word(const sp_proc_class *cls, int k, const sp_ival *x, double *out,
                          char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  const sp_param_word *w = sp_proc_word(cls, k, x->word, NULL);
  if (w) {
    *out = w->value;
    return SP_OK;
  }
  const sp_param_word *any = NULL;
  for (const sp_param_word *q = cls->words; q && q->word && !any; q++)
    any = q->param == k ? q : NULL;
  if (any)
    snprintf(why, size, "expected a value like %s or '%s' (%s), got '%s'",
             sp_unit_example(pr->unit), any->word, any->help, x->word);
  else
    snprintf(why, size, "expected a value like %s, got '%s'", sp_unit_example(pr->unit), x->word);
  return SP_ERR_USAGE;
}

/* A number x for number parameter pr: in its unit, in its range, below
 * Nyquist. */
static sp_err number_value(const sp_param *pr, const sp_ival *x, double sample_rate, double *out,
                           char *why, size_t size)
{
  if (x->unit != pr->unit && !(x->bare && x->unit == SP_UNIT_NUMBER)) {
    const char *un = sp_unit_name(x->unit);
    snprintf(why, size, "expected a value like %s, got %g%s%s", sp_unit_example(pr->unit),
             x->number, *un ? " " : "", un);
    return SP_ERR_USAGE;
  }
  if (!(x->number >= pr->min && x->number <= pr->max)) {
    sp_range_text(x->number, pr->unit, pr->min, pr->max, x->bare, why, size);
    return SP_ERR_USAGE;
  }
  if (!below_nyquist(pr, x->number, sample_rate, why, size))
    return SP_ERR_USAGE;
  *out = x->number;
  return SP_OK;
}

static const char *kind_noun(sp_param_kind kind)
{
  switch (kind) {
  case SP_PARAM_NUMBER: return "a number";
  case SP_PARAM_CHOICE: return "a choice";
  case SP_PARAM_BOOL: return "true or false";
  case SP_PARAM_FILE:
  case SP_PARAM_PATH: return "a file path";
  }
  return "a value";
}

sp_err sp_param_set(const sp_proc_class *cls, int k, sp_ival *x, double sample_rate,
                    double *values, char **files, sp_auto *autos, char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  sp_err e = SP_ERR_USAGE;
  double v = 0;
  if (x->kind == SP_IVAL_POINTS) {
    e = sp_param_may_move(cls, k, autos != NULL, why, size);
    if (e == SP_OK && !below_nyquist(pr, sp_auto_max(&x->moving), sample_rate, why, size))
      e = SP_ERR_USAGE;
    if (e != SP_OK) {
      sp_auto_free(&x->moving);
      return SP_ERR_USAGE;
    }
    sp_auto_free(&autos[k]);
    autos[k] = x->moving;
    memset(&x->moving, 0, sizeof x->moving);
    values[k] = autos[k].value;
    return SP_OK;
  }
  if (x->kind == SP_IVAL_WORD && pr->kind == SP_PARAM_NUMBER)
    e = number_word(cls, k, x, &v, why, size);
  else if (x->kind == SP_IVAL_NUMBER && pr->kind == SP_PARAM_NUMBER)
    e = number_value(pr, x, sample_rate, &v, why, size);
  else if (x->kind == SP_IVAL_WORD && pr->kind == SP_PARAM_CHOICE)
    e = sp_param_choice(cls, pr, x->word, &v, why, size);
  else if (x->kind == SP_IVAL_BOOL && pr->kind == SP_PARAM_BOOL) {
    v = x->on;
    e = SP_OK;
  } else if (x->kind == SP_IVAL_FILE && sp_param_is_file(pr) && x->file && *x->file) {
    free(files[k]);
    files[k] = sp_xstrdup(x->file);
    return SP_OK;
  } else {
    snprintf(why, size, "'%s' of '%s' is %s; got another kind of value", pr->name, cls->name,
             kind_noun(pr->kind));
  }
  if (e == SP_OK)
    values[k] = v;
  return e;
}

void sp_insert_begin(sp_insert *ins, const sp_proc_class *cls, const char *path, size_t n_sets)
{
  const size_t np = cls->n_params;
  memset(ins, 0, sizeof *ins);
  ins->cls = cls;
  ins->path = sp_xstrdup(path);
  ins->n_sets = n_sets ? n_sets : 1;
  ins->files = sp_xcalloc(np ? np : 1, sizeof *ins->files);
  ins->params = sp_xcalloc(ins->n_sets * (np ? np : 1), sizeof(double));
  if (cls->flags & SP_PROC_AUTOMATABLE)
    ins->automation = sp_xcalloc(ins->n_sets * (np ? np : 1), sizeof *ins->automation);
  for (size_t b = 0; b < ins->n_sets; b++)
    sp_proc_defaults(cls, ins->params + b * np);
}

sp_err sp_insert_set(sp_insert *ins, size_t set, const char *key, sp_ival *x, double sample_rate,
                     char *why, size_t size)
{
  const sp_proc_class *cls = ins->cls;
  const int k = sp_proc_param_index(cls, key);
  if (k < 0 || set >= ins->n_sets) {
    const char **names = sp_xcalloc(cls->n_params + 1, sizeof *names);
    for (size_t i = 0; i < cls->n_params; i++)
      names[i] = cls->params[i].name;
    const char *near = k < 0 ? sp_suggest(key, names, cls->n_params) : NULL;
    if (k >= 0)
      snprintf(why, size, "'%s' has %zu parameter sets; got set %zu", cls->name, ins->n_sets,
               set + 1);
    else if (near)
      snprintf(why, size, "'%s' is not a parameter of '%s'; did you mean '%s'?", key, cls->name,
               near);
    else
      snprintf(why, size, "'%s' is not a parameter of '%s'", key, cls->name);
    free(names);
    if (x->kind == SP_IVAL_POINTS)
      sp_auto_free(&x->moving);
    return SP_ERR_USAGE;
  }
  const size_t at = set * cls->n_params;
  return sp_param_set(cls, k, x, sample_rate, ins->params + at, ins->files,
                      ins->automation ? ins->automation + at : NULL, why, size);
}

void sp_insert_bypass_fix(sp_insert *ins)
{
  bool agree = ins->bypasses.n > 0;
  for (size_t i = 1; agree && i < ins->bypasses.n; i++)
    agree = ins->bypasses.points[i].v == ins->bypasses.value;
  if (agree) {
    ins->bypass = ins->bypasses.value != 0;
    sp_auto_free(&ins->bypasses);
    ins->bypasses.value = 0;
  }
}

void sp_insert_append(sp_strip *s, sp_insert *ins)
{
  const size_t n = ins->n_sets * ins->cls->n_params;
  bool moves = false;
  for (size_t q = 0; ins->automation && q < n; q++)
    moves |= ins->automation[q].n > 0;
  for (size_t q = 0; ins->automation && !moves && q < n; q++)
    sp_auto_free(&ins->automation[q]);
  if (!moves) {
    free(ins->automation);
    ins->automation = NULL;
  }
  s->inserts = sp_xreallocarray(s->inserts, s->n_inserts + 1, sizeof *s->inserts);
  s->inserts[s->n_inserts++] = *ins;
  memset(ins, 0, sizeof *ins);
}
