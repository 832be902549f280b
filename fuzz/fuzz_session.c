/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a DAWproject file from anywhere (session/): the input is
 * the whole container when it starts as a ZIP does ("PK"), else the text
 * of its project.xml, put in a container beside one small WAV
 * (audio/a.wav). Whatever it holds, the import must refuse it with errors
 * or write a recipe that reads back as YAML (sp_recipe_parse_string gives
 * a recipe, valid or not): the writer never emits text the parser cannot
 * take. */

#include "fuzz/fuzz_common.h"
#include "io/zip.h"
#include "recipe/parse.h"
#include "session/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *dir = fz_dir();
  char path[200], wav[200], audio[200], recipe[200];
  snprintf(path, sizeof path, "%s/in.dawproject", dir);
  snprintf(wav, sizeof wav, "%s/mono.wav", dir);
  snprintf(audio, sizeof audio, "%s/in.audio", dir);
  snprintf(recipe, sizeof recipe, "%s/in.yaml", dir);
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    fz_file("in.dawproject", data, size);
  } else {
    sp_zip_item items[] = {
        {.name = "project.xml", .data = size ? (const void *)data : "", .size = size},
        {.name = "audio/a.wav", .file = wav, .store = true},
    };
    char why[256];
    if (sp_zip_write(path, items, 2, why, sizeof why) != SP_OK) {
      fprintf(stderr, "%s\n", why);
      abort();
    }
  }
  sp_diags d;
  sp_diags_init(&d);
  sp_import_opts o = {.recipe = recipe, .audio_dir = audio};
  char *yaml = NULL;
  sp_err rc = sp_session_import(path, &o, &yaml, &d);
  if (rc == SP_OK) {
    if (!yaml)
      abort();
    sp_recipe *r = NULL;
    sp_recipe_parse_string(recipe, yaml, &r, &d);
    if (!r) {
      fprintf(stderr, "the imported recipe does not read back:\n%s\n", yaml);
      sp_diags_print(&d, stderr);
      abort();
    }
    sp_recipe_free(r);
  } else if (yaml) {
    abort();
  }
  free(yaml);
  sp_diags_fini(&d);
  return 0;
}
