/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rows of the recipe's keys (core/recipe/keys.h) against the parser
 * that reads them (io/recipe/): every key of every table has a row; every
 * row with a range has its bounds taken and just outside them refused,
 * every row with words has each word taken, and an enum a word it lacks
 * refused. Each key is set in a recipe that holds its table where the
 * parser reads it (a context below, one a table: a new key is covered the
 * day it gets its row, a new table the day it gets its context). And the
 * schema made of the rows (`stemprint schema`), checked by python3's
 * jsonschema, an independent validator: the schema itself, every example
 * recipe (no error), and recipes `check` refuses (an error each). */

#include "core/procs/lv2.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "io/lv2/lv2.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void setup(void)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  sp_lv2_use_host(sp_lilv_host());
}

TestSuite(keys, .init = setup);

/* Where each table's mapping is in a recipe: text holding `@` where the
 * mapping's fields go, and fields it needs (each dropped when it is the
 * key tested). */
typedef struct context {
  const char *object;
  const char *text;
  const char *base[4];
} context;

#define HEAD "stemprint: 1\n"
#define TRACK "tracks: {a: {file: a.wav}}\n"
#define BUS "buses: {v: {}}\n"
static const context contexts[] = {
    {"ROOT", "@\ntracks: {a: {file: a.wav}}\n", {"stemprint: 1"}},
    {"REGION", HEAD "tracks: {a: {regions: [{@}]}}\n", {"file: a.wav"}},
    {"TRACK", HEAD "tracks: {a: {@}}\n", {"file: a.wav"}},
    {"STRIP", HEAD "tracks: {a: {@}}\n" BUS, {"file: a.wav"}},
    {"MASTER", HEAD TRACK "master: {@}\n", {NULL}},
    {"NORMALIZE", HEAD TRACK "master: {normalize: {@}}\n", {"target: -14"}},
    {"ADM",
     HEAD "tracks: {a: {file: a.wav, to: v}}\nbuses: {v: {layout: 7.1.4}}\n"
          "master: {layout: 7.1.4, adm: {@}}\n",
     {NULL}},
    {"OBJECT",
     HEAD "tracks: {a: {file: a.wav, to: v}}\nbuses: {v: {object: {@}}}\n"
          "master: {layout: 7.1.4, adm: true}\n",
     {NULL}},
    {"SEND", HEAD "tracks: {a: {file: a.wav, sends: [{@}]}}\n" BUS, {"to: v"}},
    {"POSITION", HEAD "tracks: {a: {file: a.wav, pan: {@}}}\n", {"azimuth: 0"}},
    {"GAINS", HEAD "tracks: {a: {file: a.wav, pan: {@}}}\n", {"gains: {L: 1}"}},
    {"LFE",
     HEAD "tracks: {a: {file: a.wav, layout: mono, lfe: {@}}}\n"
          "master: {layout: 5.1}\n",
     {"level: 0"}},
    {"FOLD", HEAD "tracks: {a: {file: a.wav, fold: {@}}}\n", {NULL}},
    {"FADE", HEAD "tracks: {a: {file: a.wav, fade_in: {@}}}\n", {"length: 1 s"}},
    {"LEVEL",
     HEAD "tracks: {a: {file: a.wav, gain: {@}}}\n",
     {"points: [[0, -6], [1 s, 0]]", "ramp: ardour"}},
    {"TEMPO",
     HEAD "tracks: {a: {file: a.wav, gain: {points: [[0, -6], [1, 0]], ramp: ardour, "
          "tempo: [{at: 0 s, beat: 0, bpm: 120}, {@}]}}}\n",
     {"at: 1 s", "beat: 2", "bpm: 120"}},
    {"INSERT", HEAD "tracks: {a: {file: a.wav, inserts: [{compressor: {@}}]}}\n" BUS, {NULL}},
    {"KEY",
     HEAD "tracks: {a: {file: a.wav, inserts: [{compressor: {key: {@}}}]}}\n" BUS,
     {"from: v"}},
    {"STEMS", HEAD TRACK "stems: {@}\n", {"s: [a]"}},
    {"VERSION", HEAD TRACK "versions: {x: {@}}\n", {"mute: [a]"}},
    {"OUTPUT", HEAD TRACK "output: {@}\n", {NULL}},
    {"NAMES", HEAD TRACK "output: {name: {@}}\n", {NULL}},
    {"BWF", HEAD TRACK "output: {bwf: {@}}\n", {NULL}},
    {"SET", HEAD TRACK "output: {also: [{@}]}\n", {"format: w64", "layout: stereo"}},
    {"LOUDNESS", HEAD TRACK "checks: {loudness: {@}}\n", {NULL}},
    {"CHECKS", HEAD TRACK "checks: {@}\n", {NULL}},
    {"NULL_TEST", HEAD TRACK "checks: {null: {@}}\n", {NULL}},
};

/* Keys whose table's context does not take them, each its own. */
static const struct {
  const char *object, *key, *word; /* word: NULL for every value; @min, @max: a bound's */
  context c;
} own[] = {
    {"REGION",
     "track",
     NULL,
     {"",
      HEAD "tracks: {a: {instrument: {soundfont: {file: a.sf2}}, "
           "regions: [{@}]}}\n",
      {"midi: a.mid"}}},
    {"REGION",
     "channel",
     NULL,
     {"",
      HEAD "tracks: {a: {instrument: {soundfont: {file: a.sf2}}, "
           "regions: [{@}]}}\n",
      {"midi: a.mid"}}},
    {"STRIP", "to", NULL, {"", HEAD TRACK "buses: {v: {@}}\n", {NULL}}},
    {"STRIP", "objects", NULL, {"", HEAD "tracks: {a: {file: a.wav, @}}\n", {"layout: 7.1.4"}}},
    {"STRIP", "print", NULL, {"", HEAD TRACK "buses: {v: {@}}\n", {NULL}}},
    {"STRIP",
     "bed",
     NULL,
     {"", HEAD TRACK "buses: {v: {@}}\nmaster: {layout: 7.1.4, adm: true}\n", {NULL}}},
    {"STRIP",
     "object",
     NULL,
     {"", HEAD TRACK "buses: {v: {@}}\nmaster: {layout: 7.1.4, adm: true}\n", {NULL}}},
    {"FADE", "shape", "ardour", {"", HEAD "tracks: {a: {file: a.wav, fade_in: {@}}}\n", {NULL}}},
    {"LOUDNESS", "tolerance", NULL, {"", HEAD TRACK "checks: {loudness: {@}}\n", {"target: -14"}}},
    {"TEMPO",
     "beat",
     "@min",
     {"",
      HEAD "tracks: {a: {file: a.wav, gain: {points: [[0, -6], [1, "
           "0]], ramp: ardour, tempo: [{@}]}}}\n",
      {"at: 0 s", "bpm: 120"}}},
    {"INSERT",
     "feed",
     NULL,
     {"",
      HEAD "tracks: {a: {file: a.wav, inserts: [{lv2: {@}}]}}\n",
      {"plugin: urn:stemprint:test:widen"}}},
};

static const context *context_of(const char *object, const char *key, const char *word)
{
  for (size_t i = 0; i < sizeof own / sizeof *own; i++)
    if (strcmp(own[i].object, object) == 0 && strcmp(own[i].key, key) == 0 &&
        (!own[i].word || (word && strcmp(own[i].word, word) == 0)))
      return &own[i].c;
  for (size_t i = 0; i < sizeof contexts / sizeof *contexts; i++)
    if (strcmp(contexts[i].object, object) == 0)
      return &contexts[i];
  return NULL;
}

/* The recipe of c with key: value (its base's fields but key's), parsed:
 * true when the parser takes it, its messages into said (size). */
static bool takes(const context *c, const char *key, const char *value, char *said, size_t size)
{
  char fields[512] = "";
  for (size_t i = 0; i < 4 && c->base[i]; i++) {
    const size_t n = strcspn(c->base[i], ":");
    if (strlen(key) == n && strncmp(c->base[i], key, n) == 0)
      continue;
    snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%s%s", c->base[i],
             c->text[0] == '@' ? "\n" : ", "); /* a block mapping at the top, else flow */
  }
  snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%s: %s", key, value);
  char text[2048];
  const char *at = strchr(c->text, '@');
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - c->text), c->text, fields, at + 1);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  const sp_err err = sp_recipe_parse_string("r.yaml", text, &r, &d);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  snprintf(said, size, "%s---\n%s", text, buf);
  free(buf);
  sp_diags_fini(&d);
  sp_recipe_free(r);
  return err == SP_OK;
}

Test(keys, every_key_has_a_row)
{
  size_t n = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++, n++) {
      const sp_key_row *r = &sp_key_tables[t].rows[k];
      cr_expect(r->type != SP_KEY_T_MISSING, "%s.%s has no row", sp_key_tables[t].object,
                sp_key_tables[t].keys[k]);
      cr_expect(r->help && *r->help, "%s.%s has no help", sp_key_tables[t].object,
                sp_key_tables[t].keys[k]);
      cr_expect(r->type != SP_KEY_T_ENUM || r->words, "%s.%s: an enum without words",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
      cr_expect(r->type != SP_KEY_T_OBJECT || r->of, "%s.%s: a mapping of no table",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
      cr_expect(r->type != SP_KEY_T_TIMED || r->timed, "%s.%s: a timed value of no kind",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
    }
  cr_assert_gt(n, 100);
}

/* A bound as the recipe writes it. */
static void number(double v, char *out, size_t size) { snprintf(out, size, "%.17g", v); }

Test(keys, every_range_and_word_is_the_parsers)
{
  char said[4096], v[64];
  size_t ranges = 0, words = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++) {
      const char *obj = sp_key_tables[t].object, *key = sp_key_tables[t].keys[k];
      const sp_key_row *r = &sp_key_tables[t].rows[k];
      const context *c = context_of(obj, key, NULL);
      const bool ranged = r->min < r->max;
      if (!ranged && !r->words)
        continue;
      cr_assert(c, "no context for the table %s (tests/test_keys.c: contexts)", obj);
      if (ranged) {
        ranges++;
        /* integral bounds step out by one (a MIDI track's number: -0.5 is a name) */
        const bool whole =
            r->min == floor(r->min) && r->max == floor(r->max) && r->max - r->min >= 8;
        const double step = whole ? 1 : fmax(fabs(r->max - r->min) * 1e-3, 1e-6);
        if (isfinite(r->min)) {
          number(r->min, v, sizeof v);
          cr_expect(takes(context_of(obj, key, "@min"), key, v, said, sizeof said),
                    "%s.%s: its low bound refused:\n%s", obj, key, said);
          number(r->min - step, v, sizeof v);
          cr_expect(!takes(context_of(obj, key, "@min"), key, v, said, sizeof said),
                    "%s.%s: below its low bound taken:\n%s", obj, key, said);
        }
        number(r->max, v, sizeof v);
        cr_expect(takes(c, key, v, said, sizeof said), "%s.%s: its high bound refused:\n%s", obj,
                  key, said);
        number(r->max + step, v, sizeof v);
        cr_expect(!takes(c, key, v, said, sizeof said), "%s.%s: above its high bound taken:\n%s",
                  obj, key, said);
      }
      for (const char *const *w = r->words; w && *w; w++, words++)
        cr_expect(takes(context_of(obj, key, *w), key, *w, said, sizeof said),
                  "%s.%s: '%s' refused:\n%s", obj, key, *w, said);
      if (r->type == SP_KEY_T_ENUM)
        cr_expect(!takes(c, key, "nonesuch", said, sizeof said), "%s.%s: 'nonesuch' taken:\n%s",
                  obj, key, said);
    }
  cr_expect_gt(ranges, 25);
  cr_expect_gt(words, 40);
}
