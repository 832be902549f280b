/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test of files some of which are ADM BWFs (io/audio/adm.h's
 * sp_adm_null_files): the structures compared here, the samples nulled by
 * core/measure/nulltest.c through the media given (io/audio's, or one
 * over it), which reads an ADM BWF with io/audio/adm.c's reader. */

#include "io/audio/adm.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* finding put first among res's findings */
static void say_first(sp_null_result *res, char *finding)
{
  res->findings = sp_xreallocarray(res->findings, res->n_findings + 1, sizeof *res->findings);
  memmove(res->findings + 1, res->findings, res->n_findings * sizeof *res->findings);
  res->findings[0] = finding;
  res->n_findings++;
}

sp_err sp_adm_null_files(const sp_media *media, const char *mix, const char *const *stems,
                         size_t n_stems, const sp_null_opts *opts, sp_null_say_fn say,
                         sp_null_result *res, char *why, size_t why_size)
{
  const size_t n = n_stems + 1;
  /* a stem given twice: refused before any file is read */
  if (sp_null_files_distinct(media, stems, n_stems, why, why_size) != SP_OK) {
    memset(res, 0, sizeof *res);
    return SP_ERR_USAGE;
  }
  bool *adm = sp_xcalloc(n, sizeof *adm);
  size_t first = n; /* the first ADM file: the structure the others must have */
  for (size_t i = 0; i < n; i++) {
    adm[i] = sp_adm_sniff(i ? stems[i - 1] : mix);
    first = adm[i] && first == n ? i : first;
  }
  if (first == n) {
    free(adm);
    memset(res, 0, sizeof *res);
    sp_err err = sp_null_files(media, mix, stems, n_stems, opts, res, why, why_size);
    if (err == SP_OK && say)
      say(res);
    return err;
  }
  sp_adm *m = sp_xcalloc(n, sizeof *m);
  char *differs = NULL, *plain = NULL;
  sp_err err = SP_OK;
  /* the ADM files first (their structure), then the plain ones (their channels) */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < n && err == SP_OK; i++) {
      const char *path = i ? stems[i - 1] : mix, *fn = first ? stems[first - 1] : mix;
      char reason[512];
      if (pass == 1 && !adm[i]) {
        sp_audio_info info;
        if (sp_media_probe(media, path, &info, reason, sizeof reason) != SP_OK) {
          snprintf(why, why_size, "cannot read '%s': %s", path, reason);
          err = SP_ERR_IO;
        } else if (info.channels != m[first].tracks) {
          snprintf(why, why_size,
                   "'%s' is a plain file of %d channel%s and '%s' an ADM BWF of %d tracks: an "
                   "ADM BWF nulls against ADM BWFs of its structure, or plain files of its "
                   "tracks (one channel a track); to null a re-render, null the re-renders of "
                   "the mix and the stems",
                   path, info.channels, info.channels == 1 ? "" : "s", fn, m[first].tracks);
          err = SP_ERR_IO;
        } else if (!plain) {
          plain = sp_xasprintf("%s has no chna or axml: its %d channels are taken as the ADM "
                               "tracks in order, its structure unchecked",
                               path, info.channels);
        }
      } else if (pass == 0 && adm[i]) {
        sp_adm_file *f;
        if (sp_adm_open(path, &f, &m[i], reason, sizeof reason) != SP_OK) {
          snprintf(why, why_size, "cannot read '%s': %s", path, reason);
          err = SP_ERR_IO;
          continue;
        }
        sp_adm_close(f);
        if (i > first && !differs &&
            !sp_adm_same(&m[first], fn, &m[i], path, reason, sizeof reason))
          differs = sp_xasprintf("the ADM structure differs: %s; the stems of an ADM master "
                                 "carry its bed and objects with their metadata (print them "
                                 "from one recipe)",
                                 reason);
      }
    }
  memset(res, 0, sizeof *res);
  if (err == SP_OK)
    err = sp_null_files(media, mix, stems, n_stems, opts, res, why, why_size);
  if (err == SP_OK) {
    const sp_adm *s = &m[first];
    int c = 0; /* a bed's channels by name; a second bed's "2.L", ... */
    for (size_t b = 0; b < s->n_beds; b++)
      for (int k = 0; k < s->beds[b]->n && c < res->channels; k++, c++)
        if (b)
          snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%zu.%s", b + 1,
                   s->beds[b]->ch[k].name);
        else
          snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%s",
                   s->beds[b]->ch[k].name);
    for (size_t o = 0; o < s->n_objects; o++)
      for (int k = 0; k < s->objects[o].channels; k++) {
        const int t = s->objects[o].track + k;
        if (t < res->channels)
          snprintf(res->by_channel[t].name, sizeof res->by_channel[t].name, "%s%s",
                   s->objects[o].name,
                   s->objects[o].channels == 1 ? ""
                   : k                         ? ".R"
                                               : ".L");
      }
    if (say)
      say(res);
    if (plain) {
      say_first(res, plain);
      plain = NULL;
    }
    if (differs) {
      res->passed = false;
      say_first(res, differs);
      differs = NULL;
    }
  }
  free(plain);
  free(differs);
  for (size_t i = 0; i < n; i++)
    sp_adm_fini(&m[i]);
  free(m);
  free(adm);
  return err;
}
