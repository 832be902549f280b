/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the init engine asks of a plan (io/init/init.h), whichever step
 * asks it: which files become tracks, how loud the unity sum is and the
 * trim that brings it to the ceiling; and the plan freed. */

#include "io/init/init_plan.h"

#include <math.h>
#include <stdlib.h>

const char *const sp_init_group_names[SP_INIT_GROUPS] = {"drums", "bass", "music", "vocals", "fx"};

bool sp_init_is_track(const sp_init_file *f)
{
  return !f->ir && !f->mix_print && !f->same_as && (f->info.channels <= 2 || f->layout);
}

bool sp_init_is_commented(const sp_init_file *f)
{
  return !f->ir && !f->mix_print && !f->same_as && f->info.channels > 2 && !f->layout;
}

const sp_layout *sp_init_file_layout(const sp_audio_info *info, bool *by_count)
{
  /* as the graph reads a track's file (core/graph/sources.c) */
  const uint32_t mask = sp_layout_mask_is_default(info->mask, info->channels) ? 0 : info->mask;
  *by_count = !mask;
  return mask ? sp_layout_by_mask(mask, info->channels) : sp_layout_by_count(info->channels);
}

double sp_init_loudest_db(const sp_init_levels *lv)
{
  double db = lv->mix_dbtp > lv->mix_dbfs ? lv->mix_dbtp : lv->mix_dbfs;
  return lv->stem_dbfs > db ? lv->stem_dbfs : db;
}

bool sp_init_stem_decides(const sp_init_levels *lv)
{
  return lv->stem_dbfs > lv->mix_dbfs && lv->stem_dbfs > lv->mix_dbtp;
}

double sp_init_trim_db(const sp_init_levels *lv)
{
  double db = sp_init_loudest_db(lv);
  if (!(db > SP_INIT_CEILING_DB))
    return 0;
  return floor((SP_INIT_CEILING_DB - db) * 10 + 1e-9) / 10;
}

void sp_init_plan_fini(sp_init_plan *p)
{
  for (size_t i = 0; i < p->n_files; i++) {
    free(p->files[i].file);
    free(p->files[i].name);
  }
  free(p->files);
  for (size_t i = 0; i < p->n_unused; i++) {
    free(p->unused[i].file);
    free(p->unused[i].why);
  }
  free(p->unused);
  for (size_t g = 0; g < SP_INIT_GROUPS; g++)
    free(p->bus[g]);
  free(p->dir);
  free(p->recipe_path);
  free(p->recipe_dir);
  free(p->rel);
  *p = (sp_init_plan){0};
}
