/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The processor registry and instance lifecycle. The registry is the list in
 * core/procs/list.h expanded twice: once to declare each class, once to list
 * them, so adding a processor is one file and one line. */

#include "core/proc.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

#define SP_PROC(n) extern const sp_proc_class sp_proc_##n;
#include "core/procs/list.h"
#undef SP_PROC

static const sp_proc_class *const registry[] = {
#define SP_PROC(n) &sp_proc_##n,
#include "core/procs/list.h"
#undef SP_PROC
};

size_t sp_proc_count(void) { return sizeof registry / sizeof registry[0]; }

const sp_proc_class *sp_proc_at(size_t i) { return i < sp_proc_count() ? registry[i] : NULL; }

const sp_proc_class *sp_proc_find(const char *name)
{
  for (size_t i = 0; i < sp_proc_count(); i++)
    if (strcmp(registry[i]->name, name) == 0)
      return registry[i];
  return NULL;
}

int sp_proc_param_index(const sp_proc_class *cls, const char *name)
{
  for (size_t i = 0; i < cls->n_params; i++)
    if (strcmp(cls->params[i].name, name) == 0)
      return (int)i;
  return -1;
}

sp_err sp_proc_new(const sp_proc_class *cls, const double *params, const sp_proc_env *env,
                   sp_proc **out, char *why, size_t why_size)
{
  sp_proc *p = sp_xcalloc(1, sizeof *p);
  p->cls = cls;
  p->state = sp_xcalloc(1, cls->state_size);
  sp_err err = cls->prepare(p->state, params, env, why, why_size);
  if (err != SP_OK) {
    free(p->state);
    free(p);
    *out = NULL;
    return err;
  }
  *out = p;
  return SP_OK;
}

void sp_proc_free(sp_proc *p)
{
  if (!p)
    return;
  if (p->cls->release)
    p->cls->release(p->state);
  free(p->state);
  free(p);
}
