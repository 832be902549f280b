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
 * recipe (no error), and recipes `check` refuses (an error each); and in
 * the editors' own engine, yaml-language-server over LSP (tests/yaml_lsp.py):
 * no diagnostic on an example, one on check's line of a refused recipe,
 * completion, hover, and the schema line init and import write. */

#include "core/procs/lv2.h"
#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/album_keys.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "io/lv2/lv2.h"
#include "io/recipe/parse.h"
#include "io/recipe/parse_timed.h"
#include "cmd/schema.h"
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
    {"TAGS", HEAD TRACK "output: {tags: {@}}\n", {NULL}},
    {"STEM_MP4",
     HEAD TRACK "stems: {d: [a], b: [a], o: [a], v: [a]}\noutput: {stem_mp4: {@}}\n",
     {"stems: [d, b, o, v]"}},
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
    {"REGION",
     "keep_channels",
     NULL,
     {"",
      HEAD "tracks: {a: {instrument: {soundfont: {file: a.sf2}}, "
           "regions: [{@}]}}\n",
      {"midi: a.mid"}}},
    {"REGION",
     "force_channel",
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
      cr_expect(r->type != SP_KEY_T_TIMED || recipe_timed_of(r->timed),
                "%s.%s: a timed value of no kind io/recipe/parse_values.c knows",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
    }
  cr_assert_gt(n, 100);
}

/* Each kind of timed value is stated once, in core/recipe/keys.h
 * (sp_timed_kinds), which the recipe's check judges by: every row names
 * a kind of that table (none where it holds no timed value), and the
 * parser's kind of each (io/recipe/parse_timed.h) takes its unit and range
 * from that row; what is the parser's own (its reader, its forms) agrees
 * with how the check judges it. */
Test(keys, timed_kinds_one_table)
{
  size_t named = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++) {
      const sp_key_row *r = &sp_key_tables[t].rows[k];
      const char *obj = sp_key_tables[t].object, *key = sp_key_tables[t].keys[k];
      cr_expect(r->timed < SP_TIMED_N, "%s.%s: a kind of timed value not in sp_timed_kinds", obj,
                key);
      cr_expect((r->type == SP_KEY_T_TIMED || r->moves) == (r->timed != SP_TIMED_NONE),
                "%s.%s: a kind of timed value %s", obj, key,
                r->timed ? "on a key that never moves" : "missing");
      named += r->timed != SP_TIMED_NONE;
    }
  cr_expect_geq(named, 10);
  for (size_t id = 1; id < SP_TIMED_N; id++) {
    const sp_timed_kind *k = &sp_timed_kinds[id];
    cr_assert(k->name && k->what, "kind %zu: no row in sp_timed_kinds", id);
    const bool ranged = k->min < k->max;
    /* a setting has no range; a number one */
    cr_expect(ranged != (k->judge == SP_TIMED_AS_SETTINGS), "%s: judged as %s, of %s range",
              k->name, k->judge == SP_TIMED_AS_SETTINGS ? "settings" : "numbers",
              ranged ? "a" : "no");
    cr_expect(ranged || (k->min == 0 && k->max == 0 && k->unit == SP_UNIT_NUMBER),
              "%s: a setting of a unit or range", k->name);
    const recipe_timed *pk = recipe_timed_of((sp_timed_id)id);
    if (!pk) /* (read where it is: a polarity's settings, a fade's gains) */
      continue;
    cr_expect_eq(pk->kind, k, "%s: the parser reads it by another kind's unit and range", k->name);
    cr_expect((pk->read == recipe_timed_number) == ranged,
              "%s: the parser reads %s, its kind is of %s range", k->name,
              pk->read == recipe_timed_number ? "numbers" : "settings", ranged ? "a" : "no");
    cr_expect(!(pk->forms & RECIPE_TIMED_LEVEL) == (k->judge != SP_TIMED_AS_LEVEL),
              "%s: the parser reads a level's forms iff the check judges it as a level", k->name);
    cr_expect(!(pk->forms & RECIPE_TIMED_ENVELOPE) == (k->judge != SP_TIMED_AS_ENVELOPE),
              "%s: the parser reads an envelope's forms iff the check judges it as one", k->name);
    /* a number's or a VCA curve's tempo the check judges, and refuses a
     * number's ramp: the parser reads a tempo, and no ramp to keep */
    cr_expect((k->judge != SP_TIMED_AS_NUMBER && k->judge != SP_TIMED_AS_VCA) ||
                  (pk->forms & RECIPE_TIMED_TEMPO),
              "%s: a tempo the parser reads not", k->name);
    cr_expect(k->judge != SP_TIMED_AS_NUMBER ||
                  !(pk->forms & (RECIPE_TIMED_LEVEL | RECIPE_TIMED_ENVELOPE | RECIPE_TIMED_LINEAR)),
              "%s: a ramp the parser reads and the check refuses", k->name);
  }
}

/* A row that names its field (recipe_fill, k_field) stores it as its type
 * says: a number or level a double, a time an sp_time, true or false a
 * bool, an enum an int (or a bool: of two words the second, of one
 * whether it is given), a text or file a string, a layout an sp_layout;
 * a word flag (auto) only with a word to flag. */
Test(keys, every_field_is_stored_as_its_type_says)
{
  size_t fields = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++) {
      const sp_key_row *r = &sp_key_tables[t].rows[k];
      const char *obj = sp_key_tables[t].object, *key = sp_key_tables[t].keys[k];
      size_t words = 0;
      while (r->words && r->words[words])
        words++;
      bool ok = true;
      switch (r->store) {
      case SP_KEY_S_NONE: continue;
      case SP_KEY_S_DOUBLE:
        ok = r->type == SP_KEY_T_NUMBER || r->type == SP_KEY_T_LEVEL ||
             (r->type == SP_KEY_T_TIMED && r->moves);
        break;
      case SP_KEY_S_TIME: ok = r->type == SP_KEY_T_TIME; break;
      case SP_KEY_S_BOOL:
        ok = r->type == SP_KEY_T_BOOL || (r->type == SP_KEY_T_ENUM && words >= 1 && words <= 2) ||
             (r->type == SP_KEY_T_TIMED && r->moves);
        break;
      case SP_KEY_S_AUTO: ok = r->type == SP_KEY_T_TIMED && !r->moves; break;
      case SP_KEY_S_LIST:
        ok = (r->type == SP_KEY_T_LIST || r->type == SP_KEY_T_MAP) && sp_key_table_find(r->of) &&
             r->size;
        break;
      case SP_KEY_S_OBJECT:
        ok = sp_key_table_find(r->of) &&
             (r->type == SP_KEY_T_OBJECT || (r->also & SP_KEY_OR_OBJECT)) &&
             (r->type != SP_KEY_T_BOOL || r->has); /* on or off: its has flag */
        break;
      case SP_KEY_S_INT: /* a word's index, or a whole number from 1 */
        ok = r->type == SP_KEY_T_ENUM || (r->type == SP_KEY_T_NUMBER && r->min >= 1);
        break;
      case SP_KEY_S_INPUT: ok = r->type == SP_KEY_T_FILE; break;
      case SP_KEY_S_INPUTS: ok = r->type == SP_KEY_T_LIST && r->count; break;
      case SP_KEY_S_WARP: ok = r->type == SP_KEY_T_LIST; break;
      case SP_KEY_S_FADE:
        ok = r->type == SP_KEY_T_TIME && (r->also & SP_KEY_OR_OBJECT) && !strcmp(r->of, "FADE");
        break;
      case SP_KEY_S_WORDS: ok = r->type == SP_KEY_T_LIST && words >= 1 && words <= 32; break;
      case SP_KEY_S_TEXT: ok = r->type == SP_KEY_T_TEXT || r->type == SP_KEY_T_FILE; break;
      case SP_KEY_S_CHARS: ok = r->type == SP_KEY_T_TEXT && r->size; break;
      case SP_KEY_S_TAP: ok = r->type == SP_KEY_T_ENUM && (r->also & SP_KEY_OR_OBJECT); break;
      case SP_KEY_S_LAYOUT: ok = r->type == SP_KEY_T_LAYOUT; break;
      case SP_KEY_S_CHANNELS: ok = r->type == SP_KEY_T_CHANNELS && r->count; break;
      case SP_KEY_S_PAN: ok = r->type == SP_KEY_T_TIMED && (r->also & SP_KEY_OR_OBJECT); break;
      case SP_KEY_S_POLARITY: ok = r->type == SP_KEY_T_BOOL && (r->also & SP_KEY_OR_LIST); break;
      case SP_KEY_S_CHAIN: ok = r->type == SP_KEY_T_INSERTS; break;
      case SP_KEY_S_INSTRUMENT: ok = r->type == SP_KEY_T_INSTRUMENT; break;
      case SP_KEY_S_FOLD:
        ok = r->type == SP_KEY_T_TEXT && r->of && strcmp(r->of, "FOLD") == 0;
        break;
      case SP_KEY_S_LAYOUTS: ok = r->type == SP_KEY_T_LIST && r->count && r->size; break;
      case SP_KEY_S_CYCLE: ok = r->type == SP_KEY_T_NUMBER && r->values && r->min < r->max; break;
      case SP_KEY_S_NAMED:
        ok = r->type == SP_KEY_T_OBJECT && sp_key_table_find(r->of) && r->count && r->size;
        break;
      case SP_KEY_S_NAMES: ok = r->type == SP_KEY_T_LIST && r->count; break;
      case SP_KEY_S_GROUPS: ok = r->type == SP_KEY_T_LIST && r->count && r->size; break;
      case SP_KEY_S_PRESET: ok = r->type == SP_KEY_T_ENUM && r->presets && r->size; break;
      }
      fields++;
      cr_expect(ok, "%s.%s: a %s stored as %d", obj, key, sp_key_type_name(r->type), r->store);
      cr_expect(!r->word_at ||
                    (words >= 1 && (r->type != SP_KEY_T_ENUM || r->store == SP_KEY_S_OBJECT)),
                "%s.%s: a word flag without a word", obj, key);
      /* (a timed value's other forms are its moving ones, in its sp_auto) */
      cr_expect(r->also == 0 || r->store == SP_KEY_S_NONE || r->moves ||
                    r->store == SP_KEY_S_OBJECT || r->store == SP_KEY_S_TAP ||
                    r->store == SP_KEY_S_FADE || r->store == SP_KEY_S_PAN ||
                    r->store == SP_KEY_S_FOLD || r->store == SP_KEY_S_POLARITY ||
                    r->store == SP_KEY_S_NAMES ||
                    (r->also == SP_KEY_OR_TEXT && r->name_at), /* a number or a name */
                "%s.%s: a key of other forms has no one field", obj, key);
      cr_expect(!r->moves || recipe_timed_of(r->timed), "%s.%s: moves as no kind", obj, key);
    }
  cr_expect_gt(fields, 40);
}

/* Which objects take a key (sp_key_row.takes) is said of an insert's keys
 * and a region's only: an insert's by one class flag or its family, a
 * region's by its kind; an insert of every flag and family takes every
 * insert key, and one of none bypass and channels alone. */
Test(keys, which_inserts_and_regions_take_a_key_is_their_rows)
{
  const unsigned family = SP_KEY_TAKES_PLUGIN | SP_KEY_TAKES_SELECTOR;
  const unsigned kinds = SP_KEY_TAKES_AUDIO | SP_KEY_TAKES_MIDI;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++) {
      const char *obj = sp_key_tables[t].object, *key = sp_key_tables[t].keys[k];
      const unsigned w = sp_key_tables[t].rows[k].takes;
      if (strcmp(obj, "INSERT") == 0) {
        cr_expect(!(w & kinds) && (w & (w - 1)) == 0, "%s.%s: one flag or family", obj, key);
        cr_expect(sp_key_insert_takes(&sp_key_rows_insert[k], ~family, true, true), "%s", key);
      } else {
        cr_expect(!w || (strcmp(obj, "REGION") == 0 &&
                         (w == SP_KEY_TAKES_AUDIO || w == SP_KEY_TAKES_MIDI)),
                  "%s.%s: takes is an insert's or a region's", obj, key);
      }
    }
  size_t n = 0;
  for (size_t k = 0; k < SP_KEY_INSERT_N; k++)
    n += sp_key_insert_takes(&sp_key_rows_insert[k], 0, false, false);
  cr_expect_eq(n, 2, "bypass and channels alone");
}

/* A strip's number a session's reader sets by its row
 * (sp_mix_strip_number, io/session/session_build_strip.h) is placed on
 * whichever strip it was set on: that holds because every kind of strip
 * takes every such row. A number row some kind refuses (master's, a
 * bus's) needs sp_mix_strip_number to say it unknown there first, as the
 * parser's check_keys does, and this test to change with it. */
Test(keys, every_strip_takes_every_number_row_a_reader_sets)
{
  const unsigned all = SP_KEY_ON_TRACK | SP_KEY_ON_BUS | SP_KEY_ON_MASTER;
  size_t n = 0;
  for (size_t k = 0; k < SP_KEY_STRIP_N; k++) {
    if (sp_key_rows_strip[k].store != SP_KEY_S_DOUBLE)
      continue;
    n++;
    cr_expect_eq(sp_key_strip_on[k], all, "%s: a number row some strip refuses",
                 sp_keys_strip[k]);
  }
  cr_expect_geq(n, 2, "trim and width at least");
}

/* The keys a session's reader may set on an insert (sp_ins_number, ...)
 * are checked by the builder against the same table and rows the parser
 * reads: each parameter of a built-in processor's table, an insert's key
 * where its row gives it to that processor, nothing else; a plugin
 * family's ports are its plugin's, any word. */
Test(keys, a_sessions_insert_takes_its_processors_keys_alone)
{
  size_t singles = 0;
  for (size_t i = 0; sp_proc_family_at(i); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    const sp_proc_class *c = f->single;
    if (!c) {
      cr_expect(sp_build_insert_takes(f, "any_port"), "%s", f->name);
      continue;
    }
    singles++;
    for (size_t k = 0; k < c->n_params; k++)
      cr_expect(sp_build_insert_takes(f, c->params[k].name), "%s.%s", f->name, c->params[k].name);
    for (size_t k = 0; k < SP_KEY_INSERT_N; k++)
      if (sp_proc_param_index(c, sp_keys_insert[k]) < 0)
        cr_expect_eq(sp_build_insert_takes(f, sp_keys_insert[k]),
                     sp_key_insert_takes(&sp_key_rows_insert[k], c->flags, f->preset, f->selector),
                     "%s.%s", f->name, sp_keys_insert[k]);
    cr_expect_not(sp_build_insert_takes(f, "no_such_key"), "%s", f->name);
  }
  cr_expect_gt(singles, 10);
  cr_expect(sp_build_insert_takes(sp_proc_family_find("gain"), "channels"));
  cr_expect_not(sp_build_insert_takes(sp_proc_family_find("gain"), "threshold"));
}

/* The builder's stems: split a word of its row (another refused), each
 * stem and member noted where it is given; stems taken out and put back
 * leave the recipe as it was, the places noted meanwhile forgotten. */
Test(keys, the_builders_stems_are_the_rows_and_go_back_whole)
{
  sp_recipe *r = sp_recipe_new("x.yaml");
  cr_expect_not(sp_build_split(r, "tracks", (sp_pos){3, 10}));
  cr_expect_not(r->has_stems);
  sp_stem *st = sp_build_stem(r, "drums", (sp_pos){4, 10});
  sp_build_stem_member(r, st, "kick", (sp_pos){4, 11});
  cr_assert(r->has_stems && r->n_stems == 1 && r->stems[0].n_members == 1);
  const size_t noted = r->n_where;
  sp_build_stems taken;
  sp_build_stems_take(r, &taken);
  cr_expect(!r->has_stems && r->n_stems == 0 && r->split == SP_SPLIT_SOURCES);
  cr_expect(sp_build_split(r, "buses", (sp_pos){3, 10}));
  cr_expect(r->has_stems && r->split == SP_SPLIT_BUSES);
  sp_build_stem_member(r, sp_build_stem(r, "verb", (sp_pos){5, 9}), "verb", (sp_pos){5, 10});
  cr_expect_eq(sp_recipe_where(r, "stems.verb[0]").col, 10);
  sp_build_stems_put(r, &taken);
  cr_expect(r->has_stems && r->split == SP_SPLIT_SOURCES && r->n_stems == 1);
  cr_expect_str_eq(r->stems[0].members[0], "kick");
  cr_expect_eq(r->n_where, noted);
  cr_expect_eq(sp_recipe_where(r, "stems.drums[0]").line, 4);
  cr_expect_eq(sp_recipe_where(r, "stems.verb[0]").line, 0);
  sp_recipe_free(r);
}

/* The user's --set of the stems over stems a build set (a restem's):
 * read as the recipe's own `stems:` over the tree its text would hold,
 * each node where the recipe notes it; a set of no stems key reads
 * nothing; one in error leaves the stems as they were, said with the
 * set. */
Test(keys, a_set_of_the_stems_is_read_over_the_stems_built)
{
  sp_recipe *r = sp_recipe_new("x.yaml");
  const size_t before = r->n_where;
  sp_recipe_note(r, "stems", (sp_pos){7, 3});
  cr_assert(sp_build_split(r, "buses", (sp_pos){7, 10}));
  sp_build_stem_member(r, sp_build_stem(r, "verb", (sp_pos){8, 9}), "verb", (sp_pos){8, 10});
  sp_build_stem_member(r, sp_build_stem(r, "kick", (sp_pos){9, 9}), "kick", (sp_pos){9, 10});
  sp_diags d;
  sp_diags_init(&d);
  const char *none[] = {"tail=0", "stemsx=1"};
  cr_expect(sp_recipe_parse_stems_set(r, none, 2, before, &d));
  cr_expect_eq(r->n_stems, 2);
  const char *sets[] = {"tail=0", "stems.kick=[kick, snare]", "stems.pad=[pad]"};
  cr_assert(sp_recipe_parse_stems_set(r, sets, 3, before, &d));
  cr_expect_eq(d.n, 0);
  cr_expect(r->has_stems && r->split == SP_SPLIT_BUSES);
  cr_assert_eq(r->n_stems, 3);
  cr_expect_str_eq(r->stems[0].name, "verb");
  cr_expect_str_eq(r->stems[1].name, "kick");
  cr_assert_eq(r->stems[1].n_members, 2);
  cr_expect_str_eq(r->stems[1].members[1], "snare");
  cr_expect_str_eq(r->stems[2].name, "pad");
  /* the built ones where they were noted, the set's where nothing is */
  cr_expect_eq(sp_recipe_where(r, "stems.verb[0]").line, 8);
  cr_expect_eq(sp_recipe_where(r, "stems.verb[0]").col, 10);
  cr_expect_eq(sp_recipe_where(r, "stems.split").col, 10);
  cr_expect_eq(sp_recipe_where(r, "stems.pad").line, 0);
  const char *bad[] = {"stems.split=stems"};
  cr_expect_not(sp_recipe_parse_stems_set(r, bad, 1, before, &d));
  cr_assert_eq(d.n, 1);
  cr_expect_str_eq(d.v[0].file, "--set stems.split=stems");
  cr_expect(strstr(d.v[0].msg, "sources"), "%s", d.v[0].msg);
  cr_expect_eq(r->n_stems, 3);
  sp_diags_fini(&d);
  sp_recipe_free(r);
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

/* ---- the schema ------------------------------------------------------------------ */

/* Validates the schema (argv[1]) as a draft-07 schema, then each recipe
 * after it: a line "FILE ERRORS" each, the first error's path and message
 * after it. YAML 1.1's `null:` key (checks.null) is the text "null" to a
 * recipe, as to yaml-language-server's YAML 1.2 reader of keys. */
static const char validate_py[] =
    "import json, sys, yaml, jsonschema\n"
    "s = json.load(open(sys.argv[1]))\n"
    "jsonschema.Draft7Validator.check_schema(s)\n"
    "v = jsonschema.Draft7Validator(s)\n"
    "for f in sys.argv[2:]:\n"
    "    d = json.loads(json.dumps(yaml.safe_load(open(f)), default=str))\n"
    "    errs = sorted(v.iter_errors(d), key=lambda e: list(map(str, e.absolute_path)))\n"
    "    print(f, len(errs))\n"
    "    for e in errs[:3]:\n"
    "        print('   ', '.'.join(map(str, e.absolute_path)), e.message[:160])\n";

/* python3 with jsonschema and yaml (Debian: python3-jsonschema, python3-yaml). */
static bool have_validator(void)
{
  return system("/usr/bin/python3 -c 'import jsonschema, yaml' >/dev/null 2>&1") == 0;
}

/* Every line "FILE N" of the validator's output into errors[i] for files[i]. */
static void validate(const char *dir, const char *const *files, size_t n, int *errors, char **said)
{
  char *schema = tu_path(dir, "recipe.schema.json"),
       *script = tu_write_text(dir, "v.py", validate_py);
  const char *args[] = {"schema", "-o", schema, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 0, "stemprint schema -o failed");
  size_t len = strlen(script) + strlen(schema) + 64;
  for (size_t i = 0; i < n; i++)
    len += strlen(files[i]) + 3;
  char *cmd = malloc(len), *out = NULL;
  snprintf(cmd, len, "/usr/bin/python3 %s %s", script, schema);
  for (size_t i = 0; i < n; i++)
    snprintf(cmd + strlen(cmd), len - strlen(cmd), " '%s'", files[i]);
  snprintf(cmd + strlen(cmd), len - strlen(cmd), " 2>&1");
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t size = 0;
  FILE *m = open_memstream(&out, &size);
  char line[1024];
  while (fgets(line, sizeof line, p)) {
    fputs(line, m);
    for (size_t i = 0; i < n; i++) {
      const size_t fl = strlen(files[i]);
      if (strncmp(line, files[i], fl) == 0 && line[fl] == ' ')
        errors[i] = atoi(line + fl + 1);
    }
  }
  fclose(m);
  cr_assert_eq(pclose(p), 0, "the validator failed:\n%s", out);
  *said = out;
  free(cmd);
  free(schema);
  free(script);
}

Test(keys, every_example_recipe_is_valid_under_the_schema)
{
  if (!have_validator())
    cr_skip_test("python3 with jsonschema and yaml is not installed (python3-jsonschema)");
  /* every recipe under recipes/, at any depth, a new one too */
  enum { MAX = 256 };
  const char *files[MAX];
  int errors[MAX];
  size_t n = 0;
  FILE *find =
      popen("find " SP_SOURCE_DIR "/recipes -name '*.yaml' -not -path '*/out/*' | sort", "r");
  cr_assert(find);
  char line[4096];
  while (n < MAX && fgets(line, sizeof line, find)) {
    line[strcspn(line, "\n")] = '\0';
    files[n] = sp_xstrdup(line);
    errors[n++] = -1;
  }
  pclose(find);
  cr_assert_geq(n, 8, "recipes/ holds %zu recipes", n);
  char *dir = tu_tmpdir(), *said = NULL;
  validate(dir, files, n, errors, &said);
  for (size_t i = 0; i < n; i++)
    cr_expect_eq(errors[i], 0, "%s: %d errors under the schema:\n%s", files[i], errors[i], said);
  for (size_t i = 0; i < n; i++)
    free((char *)files[i]);
  free(said);
  tu_rmtree(dir);
  free(dir);
}

Test(keys, the_schema_refuses_what_check_refuses)
{
  if (!have_validator())
    cr_skip_test("python3 with jsonschema and yaml is not installed (python3-jsonschema)");
  static const char *const bad[] = {
      "stemprint: 1\ntracks: {a: {file: a.wav}}\ncolour: red\n",                /* unknown key */
      "stemprint: 1\ntracks: {a: {file: a.wav, gian: -3}}\n",                   /* a typo */
      "stemprint: 1\nsample_rate: 4000\ntracks: {a: {file: a.wav}}\n",          /* out of range */
      "stemprint: 1\ntracks: {a: {file: a.wav}}\noutput: {format: mp4}\n",      /* no such word */
      "stemprint: 1\ntracks: {a: {file: a.wav, solo: maybe}}\n",                /* not a bool */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{compresor: {}}]}}\n", /* no such insert */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{compressor: {ratio: 1000}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, gain: 30}}\n", /* above 24 dB */
      /* an insert's own key its class does not take */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{gain: {gain: -3, key: {from: a}}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{compressor: {feed: left}}]}}\n",
      /* a pan's moving mapping has no ramp */
      "stemprint: 1\ntracks: {a: {file: a.wav, pan: {ramp: ardour, points: [[0, 0], [1, 1]]}}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav}}\nchecks: {null: {max_residual: 3}}\n",
      /* a built-in insert's parameter takes no {points} mapping (a plugin's port does) */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{compressor: {threshold: {points: "
      "[[0, -20], [1, -10]]}}}]}}\n",
      /* a parameter that sets the latency, a built-in's choice or switch: never a list */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{delay: {time: [[0, 0.1], [1, "
      "0.2]]}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{eq: [{type: [[0, lowpass], [1, "
      "highpass]], freq: 1 kHz}]}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{delay: {time: 0.1, pingpong: [[0, "
      "false], [1, true]]}}]}}\n",
      /* an envelope's ramp is db or ardour */
      "stemprint: 1\ntracks: {a: {regions: [{file: a.wav, envelope: {ramp: declick, points: [[0, "
      "0], [1 s, -6]]}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, pan: \"left\"}}\n", /* text that is no number */
      /* a unit of another family, or misspelt */
      "stemprint: 1\ntracks: {a: {file: a.wav, gain: -3 Hz}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, sends: [{to: v, level: -6 db}]}}\nbuses: {v: {}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{delay: {time: 200 dB}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav}}\nchecks: {loudness: {target: -14 dB}}\n",
      "stemprint: 1\nsample_rate: 48 khz\ntracks: {a: {file: a.wav}}\n",
      /* what the check certainly refuses and the schema can say: a required parameter (a
       * band's), a track or a region that plays nothing, a point of one item, no band */
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{eq: [{type: peak}]}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{eq: {bands: [{type: peak}]}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{eq: {bands: []}}]}}\n",
      "stemprint: 1\ntracks: {a: {gain: -3}}\n",
      "stemprint: 1\ntracks: {a: {regions: [{at: 1}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, gain: [[0, -3], [1]]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, trim: [[0, -3], [1, 0, 2]]}}\n",
  };
  enum { N = sizeof bad / sizeof *bad };
  char *dir = tu_tmpdir();
  const float silence[64] = {0};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, silence, 64));
  const char *files[N];
  int errors[N];
  for (size_t i = 0; i < N; i++) {
    char name[32];
    snprintf(name, sizeof name, "bad%zu.yaml", i);
    files[i] = tu_write_text(dir, name, bad[i]);
    errors[i] = -1;
    const char *args[] = {"check", files[i], NULL};
    char *err = NULL;
    cr_expect_eq(tu_run(args, NULL, &err), 2, "check takes %s:\n%s", bad[i], err);
    free(err);
  }
  char *said = NULL;
  validate(dir, files, N, errors, &said);
  for (size_t i = 0; i < N; i++)
    cr_expect_gt(errors[i], 0, "the schema takes what check refuses:\n%s\n%s", bad[i], said);
  for (size_t i = 0; i < N; i++)
    free((char *)files[i]);
  free(said);
  tu_rmtree(dir);
  free(dir);
}

/* ---- help KEY ---------------------------------------------------------------------- */

/* The keys of a mapping of scope (a table, or TRACK, BUS, MASTER). */
static const char *const *names_of(const char *scope)
{
  if (strcmp(scope, "TRACK") == 0)
    return sp_keys_track_all;
  if (strcmp(scope, "BUS") == 0)
    return sp_keys_bus_all;
  if (strcmp(scope, "MASTER") == 0)
    return sp_keys_master_all;
  return sp_key_table_find(scope)->keys;
}

/* `help PATH.KEY` for every key of scope, and of the mappings they open
 * (each scope once: seen), a map's items named x; *n counts them. */
static void help_every(const char *path, const char *scope, char seen[][16], size_t *n_seen,
                       size_t *n)
{
  for (size_t i = 0; i < *n_seen; i++)
    if (strcmp(seen[i], scope) == 0)
      return;
  snprintf(seen[(*n_seen)++], 16, "%s", scope);
  for (const char *const *k = names_of(scope); *k; k++) {
    const sp_key_row *r = sp_key_lookup(scope, *k, NULL);
    cr_assert(r, "%s: no row for %s", scope, *k);
    char *p = *path ? sp_xasprintf("%s.%s", path, *k) : sp_xstrdup(*k);
    const char *args[] = {"help", p, NULL};
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(args, &out, &err), 0, "help %s: %s", p, err);
    char *first = sp_xasprintf("%s: %s\n", p, r->help);
    char *def = sp_xasprintf("  default: %s", !r->def   ? "none: required"
                                              : *r->def ? r->def
                                                        : "none");
    /* a key a command is named as too (latency): after the command's help */
    const char *key_at = out && strcmp(p, "latency") == 0 ? strstr(out, "\nlatency: ") : NULL;
    key_at = key_at ? key_at + 1 : out;
    cr_expect(key_at && strncmp(key_at, first, strlen(first)) == 0 && strstr(out, def),
              "help %s says:\n%s", p, out);
    /* in a user's words: no name of the code's (a timed kind's) */
    cr_expect(out && !strstr(out, "recipe_"), "help %s names the code:\n%s", p, out);
    free(first);
    free(def);
    free(out);
    free(err);
    (*n)++;
    if (r->of && !strchr(r->of, '|') &&
        (r->type == SP_KEY_T_MAP || r->type == SP_KEY_T_OBJECT || r->type == SP_KEY_T_LIST ||
         (r->also & SP_KEY_OR_OBJECT))) {
      char *next = r->type == SP_KEY_T_MAP ? sp_xasprintf("%s.x", p) : sp_xstrdup(p);
      help_every(next, r->of, seen, n_seen, n);
      free(next);
    }
    free(p);
  }
}

Test(keys, help_says_every_keys_row)
{
  char seen[64][16];
  size_t n_seen = 0, n = 0;
  help_every("", "ROOT", seen, &n_seen, &n);
  cr_expect_gt(n, 100);
  /* a key that is not, and one near a key */
  const char *typo[] = {"help", "tracks.x.gian", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(typo, NULL, &err), 2);
  cr_expect(err && strstr(err, "no recipe key 'gian'") && strstr(err, "did you mean 'gain'?"), "%s",
            err);
  free(err);
  const char *more[] = {"help", "output.depth", "x", NULL};
  cr_expect_eq(tu_run(more, NULL, NULL), 2);
}

/* help KEY through an insert: its processor's parameters (as help
 * inserts gives them), the insert's own keys as ever, a parameter the
 * processor has not refused with its likely spelling. */
Test(keys, help_goes_through_an_inserts_processor)
{
  char *out = NULL, *err = NULL;
  const char *param[] = {"help", "buses.drums.inserts.compressor.ratio", NULL};
  cr_assert_eq(tu_run(param, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "compressor — ") && strstr(out, "  ratio      1 .. 100, default 4"), "%s",
            out);
  free(out);
  free(err);
  const char *insert_key[] = {"help", "tracks.inserts.compressor.key.from", NULL};
  cr_assert_eq(tu_run(insert_key, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "tracks.inserts.compressor.key.from: the track or bus that keys it"), "%s",
            out);
  free(out);
  free(err);
  const char *typo[] = {"help", "tracks.inserts.compressor.ratoi", NULL};
  cr_expect_eq(tu_run(typo, &out, &err), 2);
  cr_expect(strstr(err, "no parameter 'ratoi' of 'compressor'") &&
                strstr(err, "did you mean 'ratio'?"),
            "%s", err);
  free(out);
  free(err);
}

/* help KEY takes a path with an item of a list as --set and every error
 * message write it ([0], a whole number from 0 in brackets) and says the
 * key's help; an index that is not one, or one on a mapping or a name,
 * is refused with the form it takes (issue 71). */
Test(keys, help_takes_an_item_of_a_list_as_set_does)
{
  static const struct {
    const char *path, *said;
  } good[] = {
      {"output.also[0].format", "output.also[0].format: the set's format"},
      {"tracks.kick.regions[0].file", "tracks.kick.regions[0].file: the audio file it plays"},
      {"tracks.regions[12].file", "tracks.regions[12].file: the audio file it plays"},
      {"buses.fx.sends[1].level", "buses.fx.sends[1].level: the send's level"},
      {"master.inserts[2].compressor.ratio", "  ratio      1 .. 100, default 4"},
      {"output.also[0]", "output.also[0]: more sets of every print"},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    const char *args[] = {"help", good[i].path, NULL};
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(args, &out, &err), 0, "help %s: %s", good[i].path, err);
    cr_expect(out && strstr(out, good[i].said), "help %s:\n%s", good[i].path, out);
    free(out);
    free(err);
  }
  static const struct {
    const char *path, *said;
  } bad[] = {
      {"output.also[x].format", "in 'output.also[x].format', '[x]' is not an index; an item of a "
                                "list is a whole number from 0 in brackets, like output.also[0]"},
      {"output.also[0", "'[0' is not an index"},
      {"output.also[0]x.format", "'[0]x' is not an index"},
      {"output.also[1234567]", "'[1234567]' is not an index"},
      {"output[0].depth", "in 'output[0].depth', 'output' is a mapping, not a list; [0] is an item "
                          "of a list"},
      {"tracks[0].gain", "'tracks' is a mapping, not a list; [0] is an item of a list (its keys "
                         "are names: tracks.NAME)"},
      {"tracks.kick[0].gain", "'kick' is a name, not a list; [0] is an item of a list"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *args[] = {"help", bad[i].path, NULL};
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(args, &out, &err), 2, "help %s", bad[i].path);
    cr_expect(err && strstr(err, bad[i].said), "help %s:\n%s", bad[i].path, err);
    cr_expect(!out || !*out, "help %s printed:\n%s", bad[i].path, out);
    free(out);
    free(err);
  }
}

/* A region's envelope takes its {points, ramp} mapping, and help says so
 * as it does for a fader's. */
Test(keys, help_names_an_envelopes_mapping)
{
  const char *args[] = {"help", "tracks.regions.envelope", NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_expect(strstr(out, "a value, [[time, value], ...], {points, ...}"), "%s", out);
  free(out);
}

/* Forms check takes that no example holds, each valid under the schema
 * too: a moving trim as a mapping, a mapping left empty, an insert's
 * parameter alone, eq's bands, a send tapped after a post-insert, held
 * steps, units as text. */
Test(keys, the_schema_takes_what_check_takes)
{
  if (!have_validator())
    cr_skip_test("python3 with jsonschema and yaml is not installed (python3-jsonschema)");
  static const char *const good[] = {
      "stemprint: 1\ntracks: {a: {file: a.wav, trim: {points: [[0, -6], [1, 0]]}}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav}}\nbuses:\nstems:\nchecks:\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{saturate: 6 dB}, {gain: -3}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, inserts: [{eq: [{type: highpass, freq: 80}]}, "
      "{eq: {bands: [{freq: 1 kHz, gain: 3}]}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, sends: [{to: v, tap: {after: 1}}], post_inserts: "
      "[{gain: 0}]}}\nbuses: {v: {}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, mute: [[0, false], [1, true]], invert: [[0, "
      "false], [1, true]], pan: {tempo: 120, points: [[0, 0], [4, 1]]}}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, gain: -inf dB, inserts: [{compressor: {threshold: "
      "-20, bypass: [[0, false], [1 s, true]]}}]}}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav, gain: {points: [[0, -6], [2 s, 0]], ramp: ardour, "
      "interpolation: discrete}}}\n",
      "stemprint: 1\nsample_rate: 44.1 kHz\npan_law: ardour\ntail: 2 s\ntracks: {a: {file: "
      "a.wav, channels: [L]}}\nmaster: {normalize: {target: -14 LUFS}}\n"
      "output: {depth: 16, also: [{format: mp3, bitrate: 320 kbps}, {format: opus, bitrate: 128}]}"
      "\nchecks: {null: {max_residual: -120 dBFS}, loudness: {preset: streaming, target: -16}}\n",
      /* a region's envelope as a mapping, as the docs and an Ardour import write it */
      "stemprint: 1\ntracks: {a: {regions: [{file: a.wav, envelope: {ramp: ardour, points: [[0, "
      "0], [50 ms, -6]]}}, {file: a.wav, at: 1, envelope: {points: [[0, -3]]}}]}}\n",
      /* a number written as text, read as the number */
      "stemprint: 1\nplugin_cycle: \"1024\"\ntracks: {a: {file: a.wav, pan: \"-0.5\", inserts: "
      "[{compressor: {ratio: \"3\"}}, {delay: {time: 0.1, feedback: [[0, 0.2], [1, 0.5]]}}]}}\n",
      /* every spelling a unit's family takes, and the forms of a time */
      "stemprint: 1\nlength: \"0:02.5\"\ntail: 4800 smp\n"
      "tracks: {a: {file: a.wav, at: 10 ms, gain: -inf, trim: \" -3dB \", inserts: [{eq: [{type: "
      "peak, freq: 2.5 kHz, gain: +1.5 dB}]}, {compressor: {threshold: -20 dBFS}}, {gate: "
      "{threshold: -50 dB}}, {delay: {time: 480 smp}}, {limiter: {ceiling: -1 dB}}]}}\n"
      "checks: {null: {max_residual: -150 dB}, loudness: {target: -23 LKFS, tolerance: 1 LU, "
      "max_true_peak: -2 dBTP}}\n",
      /* a track as its file alone (docs/recipe.md), an insert of its defaults, a band list
       * beside an insert's own key */
      "stemprint: 1\ntracks:\n  a: a.wav\n  b: {file: a.wav, inserts: [{compressor: }, {eq: "
      "{bands: [{freq: 1 kHz}], bypass: false}}]}\n",
  };
  enum { N = sizeof good / sizeof *good };
  char *dir = tu_tmpdir();
  const float silence[4800] = {0};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, silence, 4800));
  const char *files[N];
  int errors[N];
  for (size_t i = 0; i < N; i++) {
    char name[32];
    snprintf(name, sizeof name, "good%zu.yaml", i);
    files[i] = tu_write_text(dir, name, good[i]);
    errors[i] = -1;
    const char *args[] = {"check", files[i], NULL};
    char *err = NULL;
    cr_expect_eq(tu_run(args, NULL, &err), 0, "check refuses %s:\n%s", good[i], err);
    free(err);
  }
  char *said = NULL;
  validate(dir, files, N, errors, &said);
  for (size_t i = 0; i < N; i++)
    cr_expect_eq(errors[i], 0, "the schema refuses what check takes:\n%s\n%s", good[i], said);
  for (size_t i = 0; i < N; i++)
    free((char *)files[i]);
  free(said);
  tu_rmtree(dir);
  free(dir);
}

/* ---- the schema in yaml-language-server ------------------------------------------ */

/* The schema in the ecosystem's own tool: yaml-language-server (npm), the
 * engine of the YAML support of VS Code, Neovim, Helix..., run over LSP by
 * tests/yaml_lsp.py. scripts/deps.sh --tests installs it into the user's
 * cache; SP_YAML_LANGUAGE_SERVER names another. */
static char *yaml_server(void)
{
  const char *env = getenv("SP_YAML_LANGUAGE_SERVER");
  char path[4096];
  if (env && *env)
    snprintf(path, sizeof path, "%s", env);
  else if (getenv("XDG_CACHE_HOME") && *getenv("XDG_CACHE_HOME"))
    snprintf(path, sizeof path, "%s/stemprint/npm/node_modules/yaml-language-server/bin/%s",
             getenv("XDG_CACHE_HOME"), "yaml-language-server");
  else if (getenv("HOME"))
    snprintf(path, sizeof path, "%s/.cache/stemprint/npm/node_modules/%s", getenv("HOME"),
             "yaml-language-server/bin/yaml-language-server");
  else
    return NULL;
  if (access(path, R_OK) != 0 || system("command -v node >/dev/null 2>&1") != 0)
    return NULL;
  return sp_xstrdup(path);
}

#define SKIP_WITHOUT_SERVER(server)                                                                \
  do {                                                                                             \
    if (!(server))                                                                                 \
      cr_skip_test("node or yaml-language-server is not installed "                                \
                   "(sh scripts/deps.sh --tests puts it in ~/.cache/stemprint/npm)");              \
  } while (0)

/* What tests/yaml_lsp.py says, run with the schema `stemprint schema -o`
 * writes into dir: "VERB ARGS" as the script takes them. */
static char *yaml_lsp_with(const char *server, const char *schema, const char *verb_args);

static char *yaml_lsp(const char *server, const char *dir, const char *verb_args)
{
  char *schema = tu_path(dir, "recipe.schema.json");
  const char *args[] = {"schema", "-o", schema, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 0, "stemprint schema -o failed");
  char *out = yaml_lsp_with(server, schema, verb_args);
  free(schema);
  return out;
}

/* The same with schema a file, or "-": each file's modeline. */
static char *yaml_lsp_with(const char *server, const char *schema, const char *verb_args)
{
  size_t len = strlen(server) + strlen(schema) + strlen(verb_args) + 256;
  char *cmd = malloc(len), *out = NULL;
  snprintf(cmd, len, "/usr/bin/python3 %s/tests/yaml_lsp.py '%s' '%s' %s 2>&1", SP_SOURCE_DIR,
           server, schema, verb_args);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t size = 0;
  FILE *m = open_memstream(&out, &size);
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0)
    fwrite(buf, 1, got, m);
  fclose(m);
  cr_assert_eq(pclose(p), 0, "%s failed:\n%s", cmd, out);
  free(cmd);
  return out;
}

/* The diagnostics' line of "FILE N L1 L2 ..." for file in out, or NULL. */
static const char *diag_line(const char *out, const char *file)
{
  const size_t fl = strlen(file);
  for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (strncmp(l, file, fl) == 0 && l[fl] == ' ')
      return l + fl + 1;
  return NULL;
}

/* Whether a line of out is word. */
static bool has_line(const char *out, const char *word)
{
  const size_t wl = strlen(word);
  for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (strncmp(l, word, wl) == 0 && (l[wl] == '\n' || l[wl] == '\0'))
      return true;
  return false;
}

/* The answer to query k of a run of several ("Q + Q ..."): the lines after
 * "@@ k" up to the next "@@ " line, a copy; NULL if out holds none. */
static char *lsp_answer(const char *out, int k)
{
  char mark[32];
  snprintf(mark, sizeof mark, "@@ %d\n", k);
  const char *at = NULL;
  for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
    if (strncmp(l, mark, strlen(mark)) == 0) {
      at = l + strlen(mark);
      break;
    }
  if (!at)
    return NULL;
  const char *end = at;
  while (*end && strncmp(end, "@@ ", 3) != 0)
    end = strchr(end, '\n') ? strchr(end, '\n') + 1 : end + strlen(end);
  return sp_xasprintf("%.*s", (int)(end - at), at);
}

Test(keys, every_example_recipe_has_no_diagnostic_in_yaml_language_server, .timeout = 120)
{
  char *server = yaml_server();
  SKIP_WITHOUT_SERVER(server);
  FILE *find =
      popen("find " SP_SOURCE_DIR "/recipes -name '*.yaml' -not -path '*/out/*' | sort", "r");
  cr_assert(find);
  char *list = NULL, line[4096];
  size_t size = 0, n = 0;
  FILE *m = open_memstream(&list, &size);
  fputs("diag", m);
  while (fgets(line, sizeof line, find)) {
    line[strcspn(line, "\n")] = '\0';
    fprintf(m, " '%s'", line);
    n++;
  }
  fclose(m);
  pclose(find);
  cr_assert_geq(n, 8, "recipes/ holds %zu recipes", n);
  char *dir = tu_tmpdir(), *out = yaml_lsp(server, dir, list);
  size_t seen = 0;
  for (const char *l = strchr(list, '\''); l; l = strchr(strchr(l + 1, '\'') + 1, '\'')) {
    char file[4096];
    snprintf(file, sizeof file, "%.*s", (int)(strchr(l + 1, '\'') - l - 1), l + 1);
    const char *d = diag_line(out, file);
    cr_expect(d && atoi(d) == 0, "%s: diagnostics in yaml-language-server:\n%s", file, out);
    seen++;
  }
  cr_expect_eq(seen, n);
  free(out);
  free(list);
  tu_rmtree(dir);
  free(dir);
  free(server);
}

/* Recipes check refuses, each with a diagnostic of the server's on the line
 * of check's first error. */
Test(keys, yaml_language_server_flags_the_line_check_refuses, .timeout = 120)
{
  char *server = yaml_server();
  SKIP_WITHOUT_SERVER(server);
  static const char *const bad[] = {
      "stemprint: 1\ntracks:\n  a: {file: a.wav}\ncolour: red\n",            /* unknown key */
      "stemprint: 1\ntracks:\n  a:\n    file: a.wav\n    gian: -3\n",        /* a typo */
      "stemprint: 1\nsample_rate: 4000\ntracks:\n  a: {file: a.wav}\n",      /* out of range */
      "stemprint: 1\ntracks:\n  a: {file: a.wav}\noutput:\n  format: mp4\n", /* no such word */
      "stemprint: 1\ntracks:\n  a:\n    file: a.wav\n    solo: maybe\n",     /* not a bool */
      "stemprint: 1\ntracks:\n  a:\n    file: a.wav\n    gain: 30\n",        /* above 24 dB */
      "stemprint: 1\ntracks:\n  a:\n    file: a.wav\n    inserts:\n      - compresor: {}\n",
      ("stemprint: 1\ntracks:\n  a:\n    file: a.wav\n    inserts:\n      - compressor:\n"
       "          ratio: 1000\n"),
      "stemprint: 1\ntracks:\n  a: {file: a.wav}\nchecks:\n  null:\n    max_residual: 3\n",
  };
  enum { N = sizeof bad / sizeof *bad };
  char *dir = tu_tmpdir();
  const float silence[64] = {0};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, silence, 64));
  char *files[N], *list = NULL;
  int lines[N];
  size_t size = 0;
  FILE *m = open_memstream(&list, &size);
  fputs("diag", m);
  for (size_t i = 0; i < N; i++) {
    char name[32];
    snprintf(name, sizeof name, "bad%zu.yaml", i);
    files[i] = tu_write_text(dir, name, bad[i]);
    fprintf(m, " '%s'", files[i]);
    const char *args[] = {"check", files[i], NULL};
    char *err = NULL;
    cr_expect_eq(tu_run(args, NULL, &err), 2, "check takes %s:\n%s", bad[i], err);
    /* "stemprint: error: FILE:LINE:COL: ..." */
    const char *at = err ? strstr(err, files[i]) : NULL;
    lines[i] = at ? atoi(at + strlen(files[i]) + 1) : -1;
    cr_expect_gt(lines[i], 0, "no line in check's error:\n%s", err);
    free(err);
  }
  fclose(m);
  char *out = yaml_lsp(server, dir, list);
  for (size_t i = 0; i < N; i++) {
    const char *d = diag_line(out, files[i]);
    cr_expect(d && atoi(d) > 0, "yaml-language-server takes what check refuses:\n%s\n%s", bad[i],
              out);
    bool same = false;
    char *end = NULL;
    if (d) {
      strtol(d, &end, 10); /* the count, then the lines */
      for (long l = strtol(end, &end, 10); l > 0; l = strtol(end, &end, 10))
        same |= l == lines[i];
    }
    cr_expect(same, "no diagnostic on check's line %d:\n%s\n%s", lines[i], bad[i], out);
    free(files[i]);
  }
  free(out);
  free(list);
  tu_rmtree(dir);
  free(dir);
  free(server);
}

/* Completion offers a section's keys and an enum's words; hover shows a
 * key's help line (its row's). */
Test(keys, yaml_language_server_completes_and_hovers, .timeout = 120)
{
  char *server = yaml_server();
  SKIP_WITHOUT_SERVER(server);
  char *dir = tu_tmpdir();
  char *block = tu_write_text(dir, "block.yaml",
                              "stemprint: 1\ntracks:\n  kick:\n    file: a.wav\n    \n"
                              "output:\n  format: \n"),
       *flow = tu_write_text(dir, "flow.yaml",
                             "stemprint: 1\ntracks: {kick: {file: a.wav, g}}\n"
                             "output: {format: }\n");
  static const char *const track_keys[] = {"gain", "pan", "to", "inserts", "sends", "mute"};
  static const char *const formats[] = {"wav", "flac", "aiff", "w64"};
  struct {
    const char *file;
    int line, col;
    const char *const *want;
    size_t n;
  } at[] = {
      {block, 5, 5, track_keys, 6}, /* in the track's mapping, a new line */
      {flow, 2, 30, track_keys, 6}, /* tracks: {kick: {file: a.wav, g| */
      {block, 7, 11, formats, 4},   /* output: format: | */
      {flow, 3, 18, formats, 4},    /* output: {format: | */
  };
  /* hover on `file:` of a track, and `format:` of the output */
  struct {
    int line, col;
    const char *scope, *key;
  } hover[] = {{4, 6, "TRACK", "file"}, {7, 4, "OUTPUT", "format"}};
  enum { NAT = sizeof at / sizeof *at, NHOVER = sizeof hover / sizeof *hover };
  /* every query asked of one server (its start is most of a query's CPU),
   * each answer read apart from the others' */
  char *args = NULL;
  size_t args_size = 0;
  FILE *m = open_memstream(&args, &args_size);
  for (size_t i = 0; i < NAT; i++)
    fprintf(m, "%scomplete '%s' %d %d", i ? " + " : "", at[i].file, at[i].line, at[i].col);
  for (size_t i = 0; i < NHOVER; i++)
    fprintf(m, " + hover '%s' %d %d", block, hover[i].line, hover[i].col);
  fclose(m);
  char *all = yaml_lsp(server, dir, args);
  free(args);
  for (size_t i = 0; i < NAT; i++) {
    char *out = lsp_answer(all, (int)i);
    cr_assert(out, "no answer %zu:\n%s", i, all);
    for (size_t k = 0; k < at[i].n; k++)
      cr_expect(has_line(out, at[i].want[k]), "%s %d:%d: no '%s' offered:\n%s", at[i].file,
                at[i].line, at[i].col, at[i].want[k], out);
    free(out);
  }
  for (size_t i = 0; i < NHOVER; i++) {
    const char *table = NULL;
    const sp_key_row *row = sp_key_lookup(hover[i].scope, hover[i].key, &table);
    if (!row)
      row = sp_key_row_find(hover[i].scope, hover[i].key);
    cr_assert(row && row->help, "no row of %s.%s", hover[i].scope, hover[i].key);
    char *out = lsp_answer(all, (int)(NAT + i));
    cr_assert(out, "no answer %zu:\n%s", NAT + i, all);
    cr_expect(strstr(out, row->help), "hover on %s: not its help '%s':\n%s", hover[i].key,
              row->help, out);
    free(out);
  }
  free(all);
  free(block);
  free(flow);
  tu_rmtree(dir);
  free(dir);
  free(server);
}

/* `stemprint init` and `import` write the line that gives the server the
 * schema, a file:// URI of the schema beside this binary (a build folder's
 * here, the installed one once installed): the server follows it with no
 * setting of its own, and flags a key the recipe does not take. */
Test(keys, init_and_import_write_the_schema_line_editors_follow, .timeout = 120)
{
  char *dir = tu_tmpdir();
  const float silence[4800] = {0};
  free(tu_write_wav(dir, "kick.wav", 1, 48000, 24, silence, 4800));
  char *init = tu_path(dir, "session.yaml"), *plain = tu_path(dir, "plain.yaml"),
       *project = tu_path(dir, "plain.dawproject"), *imported = tu_path(dir, "imported.yaml");
  const char *a_init[] = {"init", dir, "-o", init, NULL};
  cr_assert_eq(tu_run(a_init, NULL, NULL), 0, "init failed");
  free(tu_write_text(dir, "plain.yaml", "stemprint: 1\ntracks: {kick: {file: kick.wav}}\n"));
  const char *a_export[] = {"export", plain, "-o", project, NULL},
             *a_import[] = {"import", project, "-o", imported, NULL};
  cr_assert_eq(tu_run(a_export, NULL, NULL), 0, "export failed");
  cr_assert_eq(tu_run(a_import, NULL, NULL), 0, "import failed");
  char *schema = NULL;
  const char *a_schema[] = {"schema", NULL};
  cr_assert_eq(tu_run(a_schema, &schema, NULL), 0);
  const char *const written[] = {init, imported};
  char *list = sp_xstrdup("diag");
  for (size_t i = 0; i < 2; i++) {
    char *text = tu_slurp_must(written[i]);
    static const char line[] = "# yaml-language-server: $schema=file://";
    cr_assert(strncmp(text, line, strlen(line)) == 0, "%s: first line not the schema's:\n%.200s",
              written[i], text);
    /* it names the schema this binary prints */
    char path[4096];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(text + strlen(line), "\n"),
             text + strlen(line));
    cr_assert(strchr(path, '%') == NULL, "a build folder with no character to escape: %s", path);
    char *there = tu_slurp_must(path);
    cr_expect_str_eq(there, schema, "%s is not `stemprint schema`", path);
    free(there);
    /* a key the recipe does not take, last */
    char *bad = sp_xasprintf("%scolour: red\n", text), name[32];
    snprintf(name, sizeof name, "bad%zu.yaml", i);
    char *f = tu_write_text(dir, name, bad), *more = sp_xasprintf("%s '%s'", list, f);
    free(list);
    list = more;
    free(f);
    free(bad);
    free(text);
  }
  char *server = yaml_server();
  if (server) {
    char *out = yaml_lsp_with(server, "-", list);
    for (size_t i = 0; i < 2; i++) {
      char name[32];
      snprintf(name, sizeof name, "bad%zu.yaml", i);
      char *f = tu_path(dir, name), *text = tu_slurp_must(f);
      int last = 0;
      for (const char *c = text; *c; c++)
        last += *c == '\n';
      const char *d = diag_line(out, f);
      cr_expect(d && atoi(d) == 1 && atoi(strchr(d, ' ') + 1) == last,
                "%s: not one diagnostic, on line %d:\n%s", f, last, out);
      free(text);
      free(f);
    }
    free(out);
  }
  free(list);
  free(schema);
  free(init);
  free(plain);
  free(project);
  free(imported);
  tu_rmtree(dir);
  free(dir);
  if (!server)
    cr_skip_test("the line is written; node or yaml-language-server is not installed to follow it");
  free(server);
}

/* An album recipe's keys (core/recipe/album_keys.h) are rows as a song's
 * are: each with its help, which `help album.…` says; the schema selects
 * the album's root when `album:` is at the top, and python3's jsonschema
 * and yaml-language-server refuse what check refuses (the server on
 * check's line), take a good album and complete a song's keys. */
Test(keys, an_album_recipe_s_keys_are_rows_of_help_the_schema_and_the_server, .timeout = 120)
{
  static const struct {
    const char *object, *path;
  } tables[] = {{"ALBUM", "album"},
                {"SONG", "album.songs"},
                {"SONG_FADE", "album.songs[0].crossfade"},
                {"SONG_TRIM", "album.songs.trim"}};
  for (size_t t = 0; t < sp_album_key_table_count; t++)
    for (size_t k = 0; k < sp_album_key_tables[t].n; k++) {
      const sp_key_row *r = &sp_album_key_tables[t].rows[k];
      cr_expect(r->type != SP_KEY_T_MISSING && r->help && *r->help, "%s.%s has no row",
                sp_album_key_tables[t].object, sp_album_key_tables[t].keys[k]);
      cr_expect(!r->of || sp_key_table_find(r->of), "%s.%s opens no table %s",
                sp_album_key_tables[t].object, sp_album_key_tables[t].keys[k], r->of);
    }
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    const sp_key_table *kt = sp_key_table_find(tables[t].object);
    cr_assert(kt);
    for (size_t k = 0; k < kt->n; k++) {
      char *path = sp_xasprintf("%s.%s", tables[t].path, kt->keys[k]), *out = NULL;
      const char *args[] = {"help", path, NULL};
      cr_expect_eq(tu_run(args, &out, NULL), 0, "help %s", path);
      cr_expect(out && strstr(out, kt->rows[k].help), "help %s:\n%s", path, out);
      free(out), free(path);
    }
  }
  /* output's keys a song's output lacks are the album's; a typo names the album's keys */
  char *out = NULL, *err = NULL;
  const char *cd[] = {"help", "output.cd.name", NULL}, *typo[] = {"help", "album.songs.fade", NULL};
  cr_expect_eq(tu_run(cd, &out, NULL), 0);
  cr_expect(out && strstr(out, sp_key_rows_cd[SP_KEY_CD_NAME].help), "%s", out);
  cr_expect_eq(tu_run(typo, NULL, &err), 2);
  cr_expect(err && strstr(err, "no recipe key 'fade' in album.songs.fade; did you mean "
                               "'fade_out'? (it takes: recipe, file, gap, crossfade,"),
            "%s", err);
  free(out), free(err);
  /* the schema and the server against check */
  char *dir = tu_tmpdir();
  tu_write_tone(dir, "a.wav", 4800, 440, 0.25);
  static const char head[] = "stemprint: 1\nalbum:\n  title: T\n  songs:\n    - file: a.wav\n";
  static const char *const bad[] = {
      "      crosfade: 2 s\n",                          /* a typo */
      "      crossfade: {length: 2 s, curve: cubic}\n", /* no such curve */
      "      splice: glued\n",
      "output:\n  cd: maybe\n",
      "output:\n  dither: rectangular\n",
      "output:\n  also:\n    - {bitrate: 320}\n", /* a set needs its format */
      "output:\n  depth: 20\n",
      "  rate: 4000\n",
  };
  enum { N = sizeof bad / sizeof *bad };
  const char *files[N + 1];
  int lines[N], errors[N + 1];
  char *list = NULL;
  size_t size = 0;
  FILE *m = open_memstream(&list, &size);
  fputs("diag", m);
  for (size_t i = 0; i <= N; i++) {
    char name[32], *text = sp_xasprintf("%s%s", head, i < N ? bad[i] : "      gap: 2 s\n");
    snprintf(name, sizeof name, "album%zu.yaml", i);
    files[i] = tu_write_text(dir, name, text);
    errors[i] = -1;
    fprintf(m, " '%s'", files[i]);
    const char *args[] = {"check", files[i], NULL};
    char *said = NULL;
    cr_expect_eq(tu_run(args, NULL, &said), i < N ? 2 : 0, "check of\n%s\n%s", text, said);
    const char *at = said && i < N ? strstr(said, files[i]) : NULL;
    if (i < N)
      lines[i] = at ? atoi(at + strlen(files[i]) + 1) : -1;
    free(said), free(text);
  }
  fclose(m);
  if (have_validator()) {
    char *v = NULL;
    validate(dir, files, N + 1, errors, &v);
    for (size_t i = 0; i <= N; i++)
      cr_expect(i < N ? errors[i] > 0 : errors[i] == 0, "%s: %d errors under the schema:\n%s",
                i < N ? bad[i] : "the good album", errors[i], v);
    free(v);
  }
  char *server = yaml_server();
  const bool both = server && have_validator();
  if (server) {
    /* in a song's mapping, on the line after `gap: 2 s` (hover is the song's
     * test's): asked of the same server as the diagnostics, its own answer */
    char *block = tu_write_text(dir, "complete.yaml",
                                "stemprint: 1\nalbum:\n  songs:\n    - file: a.wav\n"
                                "      gap: 2 s\n      \n");
    char *both_args = sp_xasprintf("%s + complete '%s' 6 7", list, block);
    char *all = yaml_lsp(server, dir, both_args), *said = lsp_answer(all, 0);
    free(both_args);
    cr_assert(said, "no diagnostics:\n%s", all);
    for (size_t i = 0; i <= N; i++) {
      const char *d = diag_line(said, files[i]);
      bool same = i == N && d && atoi(d) == 0;
      char *end = NULL;
      if (d && i < N) {
        strtol(d, &end, 10);
        for (long l = strtol(end, &end, 10); l > 0; l = strtol(end, &end, 10))
          same |= l == lines[i];
      }
      cr_expect(same, "%s: the server's diagnostics, check's line %d:\n%s", files[i],
                i < N ? lines[i] : 0, said);
    }
    free(said);
    said = lsp_answer(all, 1);
    cr_assert(said, "no completion:\n%s", all);
    static const char *const want[] = {"crossfade", "fade_out", "trim", "index", "isrc"};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
      cr_expect(has_line(said, want[k]), "no '%s' offered:\n%s", want[k], said);
    free(said), free(all), free(block), free(server);
  }
  for (size_t i = 0; i <= N; i++)
    free((char *)files[i]);
  free(list);
  tu_rmtree(dir);
  free(dir);
  if (!both)
    cr_skip_test("python3's jsonschema or yaml-language-server is missing: the rows and help "
                 "were checked, not the schema in both");
}

/* What the parser says of a value of another kind than its row's
 * (sp_written_*, core/recipe/build.c: no session builder restates it
 * since issue 88), known answers. */
Test(keys, what_a_value_of_another_kind_is_told)
{
  char why[1024];
  const sp_key_row *split = &sp_key_rows_stems[SP_KEY_STEMS_SPLIT];
  int i = -1;
  cr_assert_not(sp_written_word(split, (sp_written){"a list", "", false}, &i, why, sizeof why));
  cr_expect_str_eq(why, "expected 'sources' or 'buses' (stems of the sources through the whole "
                        "mix, or of master's inputs), got a list");
  cr_assert_not(sp_written_word(split, (sp_written){NULL, "buss", false}, &i, why, sizeof why));
  cr_expect_str_eq(why, "expected 'sources' or 'buses' (stems of the sources through the whole "
                        "mix, or of master's inputs), got 'buss'; did you mean 'buses'?");
  /* "expected WHAT, got GOT": a string, a switch, a number, a time */
  const sp_written map = {"a mapping", "", false}, empty = {NULL, "", false};
  cr_assert_not(sp_written_string(map, "a file path", why, sizeof why));
  cr_expect_str_eq(why, "expected a file path, got a mapping");
  cr_assert_not(sp_written_string(empty, "a file path", why, sizeof why));
  cr_expect_str_eq(why, "expected a file path, got an empty text (\"\")");
  bool on = false;
  cr_assert_not(sp_written_bool((sp_written){NULL, "yes", false}, &on, why, sizeof why));
  cr_expect_str_eq(why, "expected true or false, got 'yes'");
  double v = 0;
  cr_assert_not(sp_written_value(map, SP_UNIT_DB, -10, 10, &v, why, sizeof why));
  cr_expect_str_eq(why, "expected a value like '-3 dB' or '-inf dB', got a mapping");
  sp_time tm;
  cr_assert_not(sp_written_time(map, &tm, why, sizeof why));
  cr_expect_str_eq(why, "expected a value like '10 ms', '1.5 s', '480 smp' or '1:32.5', got a "
                        "mapping");
}
