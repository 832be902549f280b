/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An insert's parameters from typed values (core/recipe/build_insert.h):
 * the rules of a parameter's table, said once for the parser and the
 * session readers. */

#include "core/recipe/build_insert.h"

#include "core/base/alloc.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "an" before a parameter's name that begins with a vowel ("an
 * algorithm"), else "a". */
static const char *article(const char *name)
{
  return name[0] && strchr("aeiouAEIOU", name[0]) ? "an" : "a";
}

/* pr's choices as messages list them: "peak, rms". */
static void choices_text(const sp_param *pr, char *list, size_t size)
{
  list[0] = '\0';
  for (size_t j = 0; pr->choices[j]; j++)
    snprintf(list + strlen(list), size - strlen(list), "%s%s", j ? ", " : "", pr->choices[j]);
}

void sp_param_other_kind(const sp_proc_class *cls, int k, const char *got, char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  char list[256];
  const sp_param_word *any = NULL;
  switch (pr->kind) {
  case SP_PARAM_NUMBER:
    for (const sp_param_word *q = cls->words; q && q->word && !any; q++)
      any = q->param == k ? q : NULL;
    if (any)
      snprintf(why, size, "expected a value like %s or '%s' (%s), got %s",
               sp_unit_example(pr->unit), any->word, any->help, got);
    else
      snprintf(why, size, "expected a value like %s, got %s", sp_unit_example(pr->unit), got);
    return;
  case SP_PARAM_CHOICE: /* a scalar, quoted; else what it is ("a list", "nothing") */
    choices_text(pr, list, sizeof list);
    if (got[0] == '\'')
      snprintf(why, size, "%s is not %s %s of '%s'; expected one of: %s", got, article(pr->name),
               pr->name, cls->name, list);
    else
      snprintf(why, size, "expected one of: %s; got %s", list, got);
    return;
  case SP_PARAM_BOOL: sp_build_expected("true or false", got, why, size); return;
  case SP_PARAM_FILE:
  case SP_PARAM_PATH: sp_build_expected("a file path", got, why, size); return;
  }
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
  char list[256], got[160];
  choices_text(pr, list, sizeof list);
  const char *near = sp_suggest(text, pr->choices, i);
  const sp_ival w = sp_ival_word(text);
  sp_ival_got(&w, got, sizeof got);
  if (near)
    snprintf(why, size, "'%s' is not %s %s of '%s'; did you mean '%s'? (one of: %s)", text,
             article(pr->name), pr->name, cls->name, near, list);
  else
    sp_param_other_kind(cls, (int)(pr - cls->params), got, why, size);
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

bool sp_param_below_nyquist(const sp_param *pr, double x, double sample_rate, char *why,
                            size_t size)
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

void sp_ival_got(const sp_ival *x, char *buf, size_t size)
{
  char num[40];
  const char *un = sp_unit_name(x->unit), *text = x->kind == SP_IVAL_FILE ? x->file : x->word;
  switch (x->kind) {
  case SP_IVAL_NUMBER:
    snprintf(buf, size, "'%s%s%s'", sp_number_text(x->number, num), *un ? " " : "", un);
    return;
  case SP_IVAL_BOOL: snprintf(buf, size, "'%s'", x->on ? "true" : "false"); return;
  case SP_IVAL_POINTS: snprintf(buf, size, "a list"); return;
  case SP_IVAL_WORD:
  case SP_IVAL_FILE: break;
  }
  if (text && *text)
    snprintf(buf, size, "'%s'", text);
  else
    snprintf(buf, size, "nothing");
}

sp_err sp_param_value(const sp_proc_class *cls, int k, const sp_ival *x, double *out, char *why,
                      size_t size)
{
  const sp_param *pr = &cls->params[k];
  const sp_param_word *w = x->kind == SP_IVAL_WORD && pr->kind == SP_PARAM_NUMBER
                               ? sp_proc_word(cls, k, x->word, NULL)
                               : NULL;
  if (w) {
    *out = w->value;
    return SP_OK;
  }
  if (x->kind == SP_IVAL_NUMBER && pr->kind == SP_PARAM_NUMBER) /* (its range the check's) */
    return sp_unit_convert(x->number, x->unit, pr->unit, out, why, size) ? SP_OK : SP_ERR_USAGE;
  if (x->kind == SP_IVAL_WORD && pr->kind == SP_PARAM_CHOICE)
    return sp_param_choice(cls, pr, x->word, out, why, size);
  if (x->kind == SP_IVAL_BOOL && pr->kind == SP_PARAM_BOOL) {
    *out = x->on;
    return SP_OK;
  }
  char got[160];
  sp_ival_got(x, got, sizeof got);
  sp_param_other_kind(cls, k, got, why, size);
  return SP_ERR_USAGE;
}

sp_err sp_param_set(const sp_proc_class *cls, int k, sp_ival *x, double *values, char **files,
                    sp_auto *autos, char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  if (x->kind == SP_IVAL_POINTS) {
    const sp_err e = sp_param_may_move(cls, k, autos != NULL, why, size);
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
  if (sp_param_is_file(pr) && x->kind == SP_IVAL_FILE && x->file && *x->file) {
    free(files[k]);
    files[k] = sp_xstrdup(x->file);
    return SP_OK;
  }
  double v = 0;
  const sp_err e = sp_param_value(cls, k, x, &v, why, size);
  if (e == SP_OK)
    values[k] = v;
  return e;
}

void sp_insert_begin(sp_insert *ins, const sp_proc_class *cls, const char *path, size_t n_sets,
                     double rate)
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
    sp_proc_defaults(cls, rate, ins->params + b * np);
}

sp_err sp_insert_param(sp_insert *ins, size_t set, int k, const sp_pval *v, char *why, size_t size)
{
  const sp_proc_class *cls = ins->cls;
  const sp_param *pr = &cls->params[k];
  const size_t np = cls->n_params, at = set * np;
  sp_auto *autos = ins->automation ? ins->automation + at : NULL;
  const bool moves = (cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  const bool timed_map = v->form == SP_PVAL_MAP && autos && moves && !sp_param_is_file(pr);
  if (v->form == SP_PVAL_MAP && v->points_key && !timed_map) {
    sp_param_no_map(cls, k, autos != NULL, why, size);
    return SP_ERR_USAGE;
  }
  const sp_err moving = v->form == SP_PVAL_LIST || timed_map
                            ? sp_param_may_move(cls, k, autos != NULL, why, size)
                            : SP_ERR_IO;
  if (moving == SP_ERR_USAGE)
    return SP_ERR_USAGE;
  sp_ival x = v->one;
  if (moving == SP_OK) {
    x = (sp_ival){.kind = SP_IVAL_POINTS};
    if (!v->points(v->ctx, &x.moving)) {
      sp_auto_free(&x.moving);
      return SP_ERR_IO;
    }
  } else if (v->written) {
    if (sp_param_read(cls, k, v->w, &x, why, size) != SP_OK)
      return SP_ERR_USAGE;
    if (x.in_frames) { /* its seconds once the rate is final */
      if (!ins->times)
        ins->times = sp_xcalloc(ins->n_sets * (np ? np : 1), sizeof *ins->times);
      ins->times[at + k] = (sp_time){.frames = (int64_t)x.number, .in_frames = true};
      return SP_OK;
    }
  } else if (v->form != SP_PVAL_ONE) { /* a list or a mapping where it takes one value */
    sp_param_other_kind(cls, k, v->form == SP_PVAL_MAP ? "a mapping" : "a list", why, size);
    return SP_ERR_USAGE;
  }
  return sp_param_set(cls, k, &x, ins->params + at, ins->files, autos, why, size);
}

const sp_proc_class *sp_insert_select(const sp_proc_family *fam, const sp_written *sel, char *why,
                                      size_t size)
{
  if (sel && sel->kind) { /* a list, a mapping, a number where a name goes */
    sp_written_string(*sel, fam->selector_help, why, size);
    return NULL;
  }
  return sp_proc_family_class(fam, sel ? sel->text : NULL, why, size);
}

sp_err sp_insert_own(sp_insert *ins, const sp_proc_family *fam, const char *key, sp_written w,
                     char *why, size_t size)
{
  const sp_proc_class *cls = ins->cls;
  const bool preset = strcmp(key, "preset") == 0;
  if (preset || strcmp(key, "state") == 0) {
    const char *what =
        preset ? "a preset's URI or label" : "a state file's path (relative to the recipe)";
    if (!preset && !w.kind && !*w.text) { /* a state file of no name */
      sp_build_expected(what, "nothing", why, size);
      return SP_ERR_USAGE;
    }
    if (w.kind) { /* a preset of no name is the family's to say */
      sp_written_string(w, what, why, size);
      return SP_ERR_USAGE;
    }
    if (!preset) {
      free(ins->state_file);
      ins->state_file = sp_xstrdup(w.text);
      return SP_OK;
    }
    const sp_proc_saved *saved = NULL;
    if (!fam->preset(cls, w.text, false, ins->params, &saved, why, size))
      return SP_ERR_USAGE;
    ins->saved = saved;
    return SP_OK;
  }
  if (!(cls->flags & SP_PROC_MONO_TO_STEREO)) { /* feed, widen */
    sp_insert_not_taken(cls, key, why, size);
    return SP_ERR_USAGE;
  }
  if (strcmp(key, "widen") == 0) {
    bool on = true;
    if (!sp_written_bool(w, &on, why, size))
      return SP_ERR_USAGE;
    ins->keep_mono = !on; /* widen: false keeps it mono */
    return SP_OK;
  }
  const sp_key_row *row = &sp_key_rows_insert[SP_KEY_INSERT_FEED];
  int word = 0;
  if (!sp_written_word(row, w, &word, why, size))
    return SP_ERR_USAGE;
  ins->feed = (sp_mono_feed)row->values[word];
  return SP_OK;
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

/* ---- what the parser says of an insert's keys and values ---------------- */

sp_err sp_param_choice_of(const sp_proc_class *cls, const sp_param *pr, sp_written w, double *index,
                          char *why, size_t size)
{
  if (!w.kind)
    return sp_param_choice(cls, pr, w.text, index, why, size);
  sp_param_other_kind(cls, (int)(pr - cls->params), w.kind, why, size);
  return SP_ERR_USAGE;
}

sp_err sp_param_read(const sp_proc_class *cls, int k, sp_written w, sp_ival *x, char *why,
                     size_t size)
{
  const sp_param *pr = &cls->params[k];
  /* a word of a number parameter, or one it does not take where it takes
   * words (the setter names them) */
  bool any = false;
  for (const sp_param_word *q = cls->words; q && q->word && !any; q++)
    any = q->param == k;
  double number;
  if (!w.kind && pr->kind == SP_PARAM_NUMBER &&
      (sp_proc_word(cls, k, w.text, NULL) ||
       (any && pr->unit != SP_UNIT_SECONDS &&
        !sp_units_parse(pr->unit, w.text, &number, NULL, 0)))) {
    *x = sp_ival_word(w.text);
    return SP_OK;
  }
  *x = (sp_ival){.kind = SP_IVAL_NUMBER, .unit = pr->unit};
  switch (pr->kind) {
  case SP_PARAM_NUMBER:
    if (pr->unit == SP_UNIT_SECONDS) {
      sp_time t;
      if (!sp_written_time(w, &t, why, size))
        return SP_ERR_USAGE;
      x->in_frames = t.in_frames; /* (its seconds at the rate once the rate is final) */
      x->number = t.in_frames ? (double)t.frames : t.seconds;
      return SP_OK;
    }
    return sp_written_read_value(w, pr->unit, pr->min, pr->max, &x->number, why, size)
               ? SP_OK
               : SP_ERR_USAGE;
  case SP_PARAM_BOOL:
    x->kind = SP_IVAL_BOOL;
    return sp_written_bool(w, &x->on, why, size) ? SP_OK : SP_ERR_USAGE;
  case SP_PARAM_CHOICE:
    if (w.kind)
      return sp_param_choice_of(cls, pr, w, &number, why, size);
    *x = sp_ival_word(w.text);
    return SP_OK;
  case SP_PARAM_FILE:
  case SP_PARAM_PATH:
    if (!sp_written_string(w, "a file path", why, size))
      return SP_ERR_USAGE;
    *x = (sp_ival){.kind = SP_IVAL_FILE, .file = w.text};
    return SP_OK;
  }
  return SP_ERR_USAGE;
}

void sp_param_moving_words(const sp_proc_class *cls, int k, sp_param_moving *out)
{
  const sp_param *pr = &cls->params[k];
  const bool number = pr->kind == SP_PARAM_NUMBER, sw = pr->kind == SP_PARAM_BOOL;
  *out = (sp_param_moving){.noun = "choice", .first = "false", .second = "true"};
  if (number) {
    out->noun = "value";
    out->first = pr->unit == SP_UNIT_DB ? "-6 dB" : "0.5";
    out->second = pr->unit == SP_UNIT_DB ? "0 dB" : "0";
    return;
  }
  if (sw) {
    out->noun = "true or false";
  } else {
    out->first = pr->choices[0];
    out->second = pr->choices[pr->choices[1] ? 1 : 0];
  }
  snprintf(out->want, sizeof out->want,
           "a moving %s is a list of [time, %s] points in time order, like [[0, %s], [2 s, %s]]",
           sw ? "switch" : "choice", out->noun, out->first, out->second);
}

void sp_param_no_map(const sp_proc_class *cls, int k, bool automatable, char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  snprintf(why, size,
           "'%s' of '%s' takes one value%s; '{ramp: ..., points: ...}' is for a plugin's ports "
           "(lv2, ladspa)",
           pr->name, cls->name,
           automatable && pr->kind == SP_PARAM_NUMBER ? " or a list of [time, value] points" : "");
}

void sp_insert_keys(const sp_proc_family *fam, const sp_proc_class *cls, const char **extra,
                    const char **elsewhere)
{
  size_t n_extra = 0, n_elsewhere = 0;
  for (size_t k = 0; k < SP_KEY_INSERT_N; k++) { /* as their rows say (core/recipe/keys.h) */
    const unsigned w = sp_key_rows_insert[k].takes;
    if (sp_key_insert_takes(&sp_key_rows_insert[k], cls->flags, fam->preset, fam->selector))
      extra[n_extra++] = w & SP_KEY_TAKES_SELECTOR ? fam->selector : sp_keys_insert[k];
    else if ((w & ~(SP_KEY_TAKES_PLUGIN | SP_KEY_TAKES_SELECTOR)) &&
             (fam->preset || !(w & SP_PROC_MONO_TO_STEREO))) /* another plugin may widen */
      elsewhere[n_elsewhere++] = sp_keys_insert[k];
  }
  extra[n_extra] = elsewhere[n_elsewhere] = NULL;
}

const char **sp_insert_taken(const sp_proc_class *cls, const char *const *extra, char *what,
                             size_t size)
{
  size_t n_extra = 0;
  while (extra && extra[n_extra])
    n_extra++;
  const char **taken = sp_xcalloc(cls->n_params + n_extra + 1, sizeof *taken);
  for (size_t k = 0; k < cls->n_params; k++)
    taken[k] = cls->params[k].name;
  for (size_t e = 0; e < n_extra; e++)
    taken[cls->n_params + e] = extra[e];
  snprintf(what, size, "the parameters of '%s'", cls->name);
  return taken;
}

bool sp_insert_held(const sp_proc_class *cls, const char *key, char *why, size_t size)
{
  const char *held = cls->held ? cls->held(cls, key) : NULL;
  if (held)
    snprintf(why, size, "'%s' of '%s' is not a parameter here: %s; remove it", key, cls->name,
             held);
  return held != NULL;
}

/* "compressor, gate and limiter": the processors with flag, for messages. */
static void classes_with(unsigned flag, char *buf, size_t size)
{
  size_t n = 0, total = 0;
  for (size_t i = 0; i < sp_proc_count(); i++)
    total += (sp_proc_at(i)->flags & flag) != 0;
  buf[0] = '\0';
  for (size_t i = 0; i < sp_proc_count(); i++) {
    if (!(sp_proc_at(i)->flags & flag))
      continue;
    n++;
    strncat(buf, n == 1 ? "" : n == total ? " and " : ", ", size - strlen(buf) - 1);
    strncat(buf, sp_proc_at(i)->name, size - strlen(buf) - 1);
  }
}

void sp_insert_not_taken(const sp_proc_class *cls, const char *key, char *why, size_t size)
{
  char takers[128];
  if (strcmp(key, "key") == 0) {
    classes_with(SP_PROC_TAKES_KEY, takers, sizeof takers);
    snprintf(why, size, "'%s' does not take a sidechain key (%s do); remove 'key'", cls->name,
             takers);
  } else if (strcmp(key, "bands") == 0) {
    classes_with(SP_PROC_BANDS, takers, sizeof takers);
    snprintf(why, size, "'%s' has no bands (%s has); give its parameters directly, like {%s: ...}",
             cls->name, takers, cls->n_params ? cls->params[0].name : "bypass");
  } else if (strcmp(key, "detect") == 0) {
    classes_with(SP_PROC_DETECTOR, takers, sizeof takers);
    snprintf(why, size, "'%s' has no detector to narrow (%s have); remove 'detect'", cls->name,
             takers);
  } else if (strcmp(key, "name") == 0) {
    classes_with(SP_PROC_OUTBOARD, takers, sizeof takers);
    snprintf(why, size,
             "'%s' takes no name (%s does: outboard gear's, which names its send); remove "
             "'name'",
             cls->name, takers);
  } else {
    snprintf(why, size,
             "'%s' is for a plugin with one input and two outputs (a mono-to-stereo reverb or "
             "delay); '%s' has as many outputs as inputs: remove '%s'",
             key, cls->name, key);
  }
}

void sp_insert_bands_refused(const sp_proc_class *cls, const char *got, char *why, size_t size)
{
  if (strcmp(got, "an empty list") == 0)
    snprintf(why, size,
             "'%s' needs at least one band, like [{type: highpass, freq: 30 Hz}]; add a band or "
             "remove the insert",
             cls->name);
  else if (strcmp(got, "single values") == 0)
    snprintf(why, size,
             "each band is a mapping of its parameters, like [{type: highpass, freq: 30 Hz}]; got "
             "a list of single values");
  else
    snprintf(why, size, "expected a list of bands like [{type: highpass, freq: 30 Hz}], got %s",
             got);
}

void sp_insert_band_param(const char *key, char *why, size_t size)
{
  snprintf(why, size,
           "'%s' is a parameter of each band; with 'bands', write it inside the bands, like "
           "{bands: [{%s: ...}]}",
           key, key);
}

void sp_insert_band_not_map(const char *got, char *why, size_t size)
{
  snprintf(why, size,
           "a band is a mapping of its parameters, like {type: highpass, freq: 30 Hz}; got %s",
           got);
}

void sp_insert_not_map(const sp_proc_class *cls, const char *got, char *why, size_t size)
{
  snprintf(why, size, "expected the parameters of '%s' as a mapping, like {%s: ...}%s; got %s",
           cls->name, cls->n_params ? cls->params[0].name : "bypass",
           cls->flags & SP_PROC_BANDS ? ", or a list of bands" : "", got);
}

/* A parameter as a user would write it: 'freq: 1000 Hz', 'ir: FILE'. */
static void param_example(const sp_param *pr, char *buf, size_t size)
{
  const char *un = sp_unit_name(pr->unit);
  if (sp_param_is_file(pr))
    snprintf(buf, size, "%s: FILE", pr->name);
  else if (pr->kind == SP_PARAM_CHOICE)
    snprintf(buf, size, "%s: %s", pr->name, pr->choices[(int)pr->def]);
  else if (pr->kind == SP_PARAM_BOOL)
    snprintf(buf, size, "%s: true", pr->name);
  else
    snprintf(buf, size, "%s: %g%s%s", pr->name, pr->def, *un ? " " : "", un);
}

bool sp_insert_needs(const sp_proc_class *cls, size_t k, const char *const *keys, size_t n,
                     char *why, size_t size)
{
  const sp_param *pr = &cls->params[k];
  bool given = false, misspelt = false;
  for (size_t i = 0; i < n && !given; i++)
    given = strcmp(keys[i], pr->name) == 0;
  if (!pr->required || given)
    return false;
  /* A misspelt 'frequency' is reported as such, with 'freq' suggested. */
  for (size_t i = 0; i < n && !misspelt; i++) {
    const char *one[] = {pr->name, NULL};
    misspelt = sp_proc_param_index(cls, keys[i]) < 0 && sp_build_suggest_key(keys[i], one);
  }
  if (misspelt)
    return false;
  char example[96];
  param_example(pr, example, sizeof example);
  snprintf(why, size, "'%s' needs '%s': %s; add it, like '%s'", cls->name, pr->name, pr->help,
           example);
  return true;
}

bool sp_insert_plays(const sp_proc_class *cls, const char *name, bool instrument, char *why,
                     size_t size)
{
  const bool plays = (cls->flags & SP_PROC_INSTRUMENT) != 0;
  if (plays == instrument)
    return true;
  if (plays)
    snprintf(why, size,
             "'%s' is an instrument (MIDI in, audio out), not an effect: play it from the track's "
             "MIDI with 'instrument:' ('instrument: {%s: ...}' beside 'midi: FILE.mid')",
             cls->name, name);
  else
    snprintf(why, size,
             "'%s' is an effect, not an instrument: it has no MIDI input to play the track's "
             "notes; put it in 'inserts', and play the MIDI with an instrument (a SoundFont, "
             "'soundfont: FILE.sf2', or an LV2 instrument: `stemprint help lv2` lists them)",
             cls->name);
  return false;
}
