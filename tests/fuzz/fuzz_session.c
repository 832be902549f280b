/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a DAW session from anywhere (session/). The input is a
 * DAWproject container when it starts as a ZIP does ("PK"); an Ardour
 * session file when "<Session" is in its first 256 bytes (in a session
 * folder whose audiofiles hold mono.wav and whose midifiles hold
 * synth-1.mid, two notes); else the text of a DAWproject's
 * project.xml, put in a container beside one small WAV (audio/a.wav). Whatever it holds, the import
 * must refuse it with errors or write a recipe that reads back as YAML (sp_recipe_parse_string
 * gives a recipe, valid or not): the writer never emits text the parser cannot take. */

#include "tests/fuzz/fuzz_common.h"
#include "io/audio/media.h"
#include "io/fs/fs.h"
#include "io/session/zip.h"
#include "io/recipe/parse.h"
#include "io/recipe/walk_tree.h"
#include "io/session/session.h"
#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/walk.h"
#include "core/recipe/writer.h"
#include "tests/mix_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether tree a (the walk's) is b (a reader's of the same text), node
 * by node. */
static bool same_tree(const sp_ynode *a, const sp_ynode *b)
{
  if (a->kind != b->kind || a->pos.line != b->pos.line || a->pos.col != b->pos.col ||
      a->n != b->n || a->quoted != b->quoted ||
      strcmp(a->text ? a->text : "", b->text ? b->text : "") != 0)
    return false;
  for (size_t i = 0; i < a->n; i++)
    if (a->kind == SP_Y_SEQ ? !same_tree(a->items[i], b->items[i])
                            : !same_tree(a->pairs[i].key, b->pairs[i].key) ||
                                  !same_tree(a->pairs[i].value, b->pairs[i].value))
      return false;
  return true;
}

/* The tree the walk makes of r (io/recipe/walk_tree.h) is the one a
 * reader reads of the text it writes, where the reader takes that text. */
static void tree_as_read(const sp_recipe *r)
{
  char *text = sp_recipe_yaml(r, NULL);
  sp_ynode *walked = sp_recipe_tree(r, NULL, NULL), *read = NULL;
  sp_diags d;
  sp_diags_init(&d);
  if (sp_yaml_load_string("walked.yaml", text, strlen(text), &read, &d) == SP_OK &&
      !same_tree(walked, read)) {
    fprintf(stderr, "the walk's tree differs from the read of its text:\n%s\n", text);
    abort();
  }
  sp_ynode_free(walked);
  sp_ynode_free(read);
  sp_diags_fini(&d);
  free(text);
}

/* The recipe a render reads of the session at path, built from its mix
 * with no text (issue 72), is r, the recipe its text reads as: both
 * walked alike; and where the text has errors (text's, from its first
 * `from` on), the read has the same (the builder's own, said as the
 * parser says them). The text writes the regions as the readers built
 * them (their values the parser refuses left out): what the region
 * builder said of those is among text's (sp_test_said_take), the text's
 * read saying the rest. Where the builder reads no further (a time the
 * parser refuses: no recipe), the text has errors too, and the read says
 * some. */
static void built_as_read(const char *path, const sp_import_opts *o, const sp_recipe *r,
                          const sp_diags *text, size_t from)
{
  char *parsed = sp_test_errors_of(text, from);
  const bool text_errors = *parsed != '\0';
  sp_session_input in;
  if (!sp_session_probe(path, &in))
    abort();
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *built = NULL;
  sp_session_read(&in, o, &how, &built, NULL, NULL, &d);
  if ((!built && !text_errors) || (text_errors && how.errors == 0))
    abort();
  if (!built) {
    free(parsed);
    sp_diags_fini(&d);
    sp_session_input_fini(&in);
    return;
  }
  /* a session whose reader left out every track, or that has none that
   * plays, says so where the text, which holds no track left out nor
   * that it is a session's, says the recipe has none
   * (sp_recipe.tracks_left_out, of_session): the same message of each's
   * words */
  for (size_t i = how.said_from; i < d.n; i++)
    if (d.v[i].msg &&
        ((built->tracks_left_out && strstr(d.v[i].msg, "none of the session's ") == d.v[i].msg) ||
         strcmp(d.v[i].msg, sp_build_session_no_tracks) == 0)) {
      free(d.v[i].msg);
      d.v[i].msg = sp_xstrdup(sp_build_no_tracks);
    }
  char *said = sp_test_errors_of(&d, how.said_from);
  if (strcmp(said, parsed) != 0) {
    fprintf(stderr, "the read says\n%s---\nthe text says\n%s", said, parsed);
    abort();
  }
  free(said);
  free(parsed);
  tree_as_read(built);
  char *a = sp_recipe_yaml(built, NULL), *b = sp_recipe_yaml(r, NULL);
  if (!text_errors && strcmp(a, b) != 0) {
    fprintf(stderr, "the recipe built differs from the one read:\n%s\n---\n%s\n", a, b);
    abort();
  }
  free(a);
  free(b);
  sp_recipe_free(built);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *dir = fz_dir();
  char path[200], wav[200], audio[200], recipe[200];
  snprintf(path, sizeof path, "%s/in.dawproject", dir);
  snprintf(wav, sizeof wav, "%s/mono.wav", dir);
  snprintf(audio, sizeof audio, "%s/in.audio", dir);
  snprintf(recipe, sizeof recipe, "%s/in.yaml", dir);
  bool ardour = false;
  for (size_t i = 0; i + 8 <= size && i < 256 && !ardour; i++)
    ardour = memcmp(data + i, "<Session", 8) == 0;
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    fz_file("in.dawproject", data, size);
  } else if (ardour) {
    static bool made;
    char af[256];
    snprintf(path, sizeof path, "%s/song", dir);
    if (!made) {
      char why[128];
      snprintf(af, sizeof af, "%s/song/interchange/song/audiofiles", dir);
      if (sp_fs_mkdirs(af, why, sizeof why) != SP_OK)
        abort();
      snprintf(af, sizeof af, "%s/song/interchange/song/audiofiles/mono.wav", dir);
      if (symlink(wav, af) != 0)
        abort();
      /* 960 ticks a quarter: note 60 on at 0, off at 480; note 64 on at
       * 960, off at 1440 */
      static const uint8_t smf[] = {
          'M',  'T',  'h',  'd', 0,    0,    0,    6,    0,    0,    0, 1, 0x03, 0xC0, 'M', 'T',
          'r',  'k',  0,    0,   0,    23,   0,    0x90, 0x3C, 0x64, 0x83, 0x60, 0x80, 0x3C, 0x40,
          0x83, 0x60, 0x90, 0x40, 0x65, 0x83, 0x60, 0x80, 0x40, 0x41, 0x00, 0xFF, 0x2F, 0x00};
      snprintf(af, sizeof af, "%s/song/interchange/song/midifiles", dir);
      if (sp_fs_mkdirs(af, why, sizeof why) != SP_OK)
        abort();
      snprintf(af, sizeof af, "%s/song/interchange/song/midifiles/synth-1.mid", dir);
      FILE *m = fopen(af, "wb");
      if (!m || fwrite(smf, 1, sizeof smf, m) != sizeof smf || fclose(m) != 0)
        abort();
      made = true;
    }
    snprintf(af, sizeof af, "%s/song/song.ardour", dir);
    FILE *f = fopen(af, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
      abort();
  } else {
    sp_zip_item items[] = {
        {.name = "project.xml",
         .data = size ? (const void *)data : "",
         .size = size,
         .store = true},
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
  /* half the inputs read with the one opener, as render and import read
   * them: a region past its file's end, a clip of other channels than its
   * file's, are then the readers' to play or say (a silent region under a
   * read that fails) */
  sp_import_opts o = {
      .recipe = recipe, .audio_dir = audio, .media = size % 2 ? sp_audio_media() : NULL};
  char *yaml = NULL;
  sp_diags said; /* what the readers said of the values they built, at their paths */
  sp_diags_init(&said);
  sp_err rc = sp_session_import_said(path, &o, &yaml, &d, &said);
  if (rc == SP_OK) {
    if (!yaml)
      abort();
    sp_recipe *r = NULL;
    const size_t errors = sp_diags_errors(&d), from = d.n;
    sp_recipe_parse_string(recipe, yaml, &r, &d);
    sp_test_said_take(&d, from, &said); /* the text holds the values as built, a value refused left out */
    if (!r) {
      fprintf(stderr, "the imported recipe does not read back:\n%s\n", yaml);
      sp_diags_print(&d, stderr);
      abort();
    }
    if (size % 4 == 0) /* a quarter of the inputs: a second read of each costs a third more */
      built_as_read(path, &o, r, &d, sp_diags_errors(&d) > errors ? from : d.n);
    sp_recipe_free(r);
  } else if (yaml) {
    abort();
  }
  free(yaml);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  return 0;
}
