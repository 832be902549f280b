/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recipe parsing: every field of recipe format 1 lands in the model with
 * the right value and unit, defaults are those docs/recipe.md gives, and
 * positions are kept so later stages can point at the text. */

#include "core/base/strmap.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"
#include "io/recipe/parse.h"
#include "core/base/alloc.h"
#include "core/procs/proc.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sp_recipe *parse_ok(const char *text)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_err err = sp_recipe_parse_string("dir/song.yaml", text, &r, &d);
  if (err != SP_OK)
    sp_diags_print(&d, stderr);
  cr_assert_eq(err, SP_OK);
  cr_assert_eq(d.n, 0);
  sp_diags_fini(&d);
  return r;
}

Test(recipe, defaults)
{
  sp_recipe *r = parse_ok("stemprint: 1\ntracks:\n  kick: audio/kick.wav\n");
  cr_assert_eq(r->sample_rate, 48000);
  cr_assert(r->length_auto);
  cr_assert(r->tail_auto);
  cr_assert_eq(r->pan_law_db, -3.0);
  cr_assert_eq(r->n_tracks, 1);
  const sp_track *t = &r->tracks[0];
  cr_assert_str_eq(t->name, "kick");
  cr_assert_eq(t->n_regions, 1);
  cr_assert_str_eq(t->regions[0].file, "audio/kick.wav");
  cr_assert_str_eq(t->regions[0].path, "dir/audio/kick.wav");
  cr_assert_eq(t->strip.gain.value, 0.0);
  cr_assert_eq(t->strip.trim_db, 0.0);
  cr_assert_eq(t->strip.pan.plain.value, 0.0);
  cr_assert_null(t->strip.to);
  cr_assert_not(r->has_stems);
  cr_assert_str_eq(r->output.dir, "out/{recipe}");
  cr_assert_eq(r->output.format, SP_FORMAT_WAV);
  cr_assert_eq(r->output.depth, SP_DEPTH_24);
  cr_assert(r->output.dither);
  cr_assert_str_eq(r->output.mix, "mix");
  cr_assert(r->null_auto);
  cr_assert_str_eq(r->base, "song");
  sp_recipe_free(r);
}

/* A word a number parameter takes (core/procs/proc.h, sp_param_word):
 * `makeup: auto`, a gate's `ratio: inf`; a word it does not take is
 * refused naming the one it does; breakpoints take numbers only. */
Test(recipe, words_for_number_parameters)
{
  sp_recipe *r = parse_ok("stemprint: 1\ntracks:\n  k:\n    file: a.wav\n"
                          "    inserts: [{compressor: {makeup: auto}}, {gate: {ratio: inf}},\n"
                          "              {gate: {ratio: 2}}, {gate: {}}]\n");
  const sp_strip *s = &r->tracks[0].strip;
  const int mk = sp_proc_param_index(s->inserts[0].cls, "makeup"),
            ra = sp_proc_param_index(s->inserts[1].cls, "ratio");
  cr_assert_eq(s->inserts[0].params[mk], -1.0, "auto: -1, below the makeup's range");
  cr_assert(isinf(s->inserts[1].params[ra]) && s->inserts[1].params[ra] > 0);
  cr_assert_eq(s->inserts[2].params[ra], 2.0);
  cr_assert(isinf(s->inserts[3].params[ra]), "the default: inf, today's gate");
  sp_recipe_free(r);
  static const struct {
    const char *insert, *says;
  } bad[] = {
      {"{compressor: {makeup: lots}}", "expected a value like '-3 dB' or '-inf dB' or 'auto'"},
      {"{gate: {ratio: 0.5}}", "out of range; expected 1 .. inf"},
      {"{compressor: {makeup: [[0, auto], [1 s, 3 dB]]}}", "got 'auto'"},
      {"{compressor: {ratio: inf}}", "got 'inf'"},
      /* beyond a double: not inf by the back door, a ramp to it NaN */
      {"{gate: {ratio: [[0, 2], [1 s, 1e400]]}}", "got '1e400'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *text =
        sp_xasprintf("stemprint: 1\ntracks:\n  k: {file: a.wav, inserts: [%s]}\n", bad[i].insert);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *q = NULL;
    cr_assert_neq(sp_recipe_parse_string("dir/song.yaml", text, &q, &d), SP_OK, "%s", text);
    cr_assert_geq(d.n, 1);
    cr_expect(strstr(d.v[0].msg, bad[i].says), "%s: '%s'", bad[i].insert, d.v[0].msg);
    sp_diags_fini(&d);
    sp_recipe_free(q);
    free(text);
  }
}

/* One table of format names and depths (core/recipe/format.c): the
 * parser, the messages, the dry run and the audio adapter read it. */
Test(recipe, one_table_of_formats_and_depths)
{
  for (int i = 0; i < SP_FORMATS; i++)
    cr_expect_str_eq(sp_format_ext((sp_format)i), sp_format_names[i]);
  cr_expect_null(sp_format_names[SP_FORMATS]);
  /* the lossless names (the master set's, output.format's row) are the
   * formats whose descriptor is not lossy, in order */
  size_t n_lossless = 0;
  for (int i = 0; i < SP_FORMATS; i++)
    if (!sp_format_lossy((sp_format)i))
      cr_expect_str_eq(sp_format_lossless_names[n_lossless++], sp_format_names[i]);
  cr_expect_null(sp_format_lossless_names[n_lossless]);
  const sp_depth each[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  for (size_t i = 0; i < 3; i++)
    cr_expect_str_eq(sp_depth_names[i], sp_depth_name(each[i]));
  cr_expect_null(sp_depth_names[3]);
  char list[128];
  sp_format_list(0, list, sizeof list);
  cr_expect_str_eq(list, "wav, flac, aiff, w64 or alac");
  sp_format_list(1, list, sizeof list);
  cr_expect_str_eq(list, "wav, flac, aiff, w64, alac, mp3, opus or aac");
  static const struct {
    const char *text, *words;
    sp_depth d;
  } depths[] = {{"16", "16-bit", SP_DEPTH_16},
                {"24", "24-bit", SP_DEPTH_24},
                {"32f", "32-bit float", SP_DEPTH_32F}};
  for (size_t i = 0; i < sizeof depths / sizeof *depths; i++) { /* output.depth's words, bits */
    cr_expect_str_eq(sp_depth_names[i], depths[i].text);
    cr_expect_eq(sp_depth_bits[i], (int)depths[i].d);
    cr_expect_str_eq(sp_depth_words(depths[i].d), depths[i].words);
  }
  cr_expect_str_eq(sp_depth_name(SP_DEPTH_32F), "32f");
}

/* Keys read from their rows alone (issue 61): a depth's word stores its
 * bits, a tap a word or {after}, a bwf date its text in its array; a text
 * or word its row's check refuses is said and leaves the value as it was
 * (the default folder kept, the date unset), and a depth takes its words
 * as written ("32F" is not one, as the schema's enum says). */
Test(recipe, rows_store_depths_taps_and_checked_texts)
{
  sp_recipe *r =
      parse_ok("stemprint: 1\n"
               "tracks: {a: {file: a.wav, sends: [{to: v, tap: {after: eq}}, {to: v}]}}\n"
               "buses: {v: {}}\n"
               "output: {depth: 32f, also: [{format: flac, depth: 16}], bwf: {date: "
               "2028-02-29, time: '23:59:59'}}\n");
  cr_expect_eq(r->output.depth, SP_DEPTH_32F);
  cr_expect_eq(r->output.sets[0].depth, SP_DEPTH_16);
  cr_expect_str_eq(r->output.bwf.date, "2028-02-29");
  cr_expect_str_eq(r->output.bwf.time, "23:59:59");
  const sp_send *s = r->tracks[0].strip.sends;
  cr_expect(s[0].tap.at == SP_TAP_FADER && !strcmp(s[0].tap.after_name, "eq"));
  cr_expect_str_eq(sp_tap_name(&s[0].tap), "after");
  cr_expect(s[1].tap.at == SP_TAP_POST, "a send taps after post_inserts by default");
  sp_recipe_free(r);
  sp_diags d;
  sp_diags_init(&d);
  r = NULL;
  sp_recipe_parse_string("x.yaml",
                         "stemprint: 1\ntracks: {a: a.wav}\n"
                         "output: {dir: '{nope}', depth: 32F, bwf: {date: 2026-02-30}}\n",
                         &r, &d);
  cr_expect_eq(sp_diags_errors(&d), 3);
  cr_expect_str_eq(r->output.dir, "out/{recipe}");
  cr_expect_eq(r->output.depth, SP_DEPTH_24);
  cr_expect_str_eq(r->output.bwf.date, "");
  sp_recipe_free(r);
  sp_diags_fini(&d);
}

/* Each format's descriptor holds together: a lossy one has a bitrate in
 * its range and the rates its encoder takes; a lossless one takes any
 * rate and a size; a depth's bytes are its bits (issue 62). */
Test(recipe, format_descriptors_hold_together)
{
  for (int i = 0; i < SP_FORMATS; i++) {
    const sp_format_desc *fd = &sp_formats[i];
    const char *name = sp_format_names[i];
    cr_expect_not_null(fd->rates_words, "%s", name);
    cr_expect_eq(fd->rates == NULL, !fd->lossy, "%s: rates", name);
    if (fd->lossy) {
      cr_expect(fd->kbps_lo <= fd->kbps && fd->kbps <= fd->kbps_hi, "%s: kbps", name);
      cr_expect_not_null(fd->kbps_words, "%s", name);
      cr_expect_not(fd->float32 || fd->bwf, "%s: a lossy file has no depth, no bext", name);
    } else {
      cr_expect_geq(fd->size_div, 1, "%s: size", name);
      cr_expect_eq(fd->kbps, 0, "%s: no bitrate", name);
    }
    cr_expect(fd->rate == 0 || sp_format_takes_rate((sp_format)i, fd->rate), "%s: rate", name);
    cr_expect_eq(fd->kbps_range == NULL, fd->least_kbps == NULL, "%s: bitrate rules", name);
  }
  cr_expect(sp_formats[SP_FORMAT_WAV].bwf && !sp_formats[SP_FORMAT_FLAC].float32);
  const sp_depth ds[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  for (size_t i = 0; i < 3; i++) {
    const sp_depth_desc *dd = sp_depth_get(ds[i]);
    cr_assert_not_null(dd);
    cr_expect_eq(dd->bytes * 8, (int)ds[i]);
    cr_expect_lt(dd->floor_db, -90.0);
  }
  cr_expect_null(sp_depth_get((sp_depth)20));
}

Test(recipe, full_format_1)
{
  sp_recipe *r =
      parse_ok("stemprint: 1\n"
               "sample_rate: 44.1 kHz\n"
               "length: \"2:05.5\"\n"
               "tail: 3 s\n"
               "pan_law: -4.5 dB\n"
               "tracks:\n"
               "  kick:\n"
               "    file: /abs/kick.wav\n"
               "    at: 1.5\n"
               "    from: 480 smp\n"
               "    length: 12.5\n"
               "    fade_in: 5 ms\n"
               "    fade_out: 0.05\n"
               "    gain: -3 dB\n"
               "    trim: +2 dB\n"
               "    pan: -0.5\n"
               "    invert: true\n"
               "    mute: false\n"
               "    solo: true\n"
               "    inserts: [{gain: {gain: -6 dB}}, {gain: 3 dB}, {gain: {bypass: true}}]\n"
               "    sends:\n"
               "      - {to: room, level: -9 dB, tap: pre}\n"
               "      - {to: verb, level: -inf dB, pan: 1}\n"
               "    to: drums\n"
               "  vox:\n"
               "    regions:\n"
               "      - {file: a.wav, at: 0}\n"
               "      - {file: b.wav, at: \"1:32.5\", from: 2, fade_in: 10 ms}\n"
               "buses:\n"
               "  drums: {to: master, gain: -1 dB}\n"
               "  room:\n"
               "  verb: {to: drums, mute: true, pan: 0.25}\n"
               "master: {gain: -0.5 dB}\n"
               "stems:\n"
               "  split: buses\n"
               "  drums: [drums]\n"
               "  vocals: vox\n"
               "output:\n"
               "  dir: renders/{recipe}\n"
               "  format: flac\n"
               "  depth: 16\n"
               "  dither: none\n"
               "  mix: song_mix\n"
               "checks: {null: {max_residual: -90 dBFS}}\n");
  cr_assert_eq(r->sample_rate, 44100);
  cr_assert_not(r->length_auto);
  cr_assert_float_eq(r->length.seconds, 125.5, 1e-12);
  cr_assert_not(r->tail_auto);
  cr_assert_eq(r->tail.seconds, 3.0);
  cr_assert_eq(r->pan_law_db, -4.5);

  const sp_track *k = &r->tracks[0];
  const sp_region *g = &k->regions[0];
  cr_assert_str_eq(g->path, "/abs/kick.wav");
  cr_assert_eq(g->at.seconds, 1.5);
  cr_assert(g->from.in_frames);
  cr_assert_eq(g->from.frames, 480);
  cr_assert(g->has_length);
  cr_assert_eq(g->length.seconds, 12.5);
  cr_assert_float_eq(g->fade_in.length.seconds, 0.005, 1e-15);
  cr_assert_eq(g->fade_out.length.seconds, 0.05);
  cr_assert_eq(k->strip.gain.value, -3.0);
  cr_assert_eq(k->strip.trim_db, 2.0);
  cr_assert_eq(k->strip.pan.plain.value, -0.5);
  cr_assert(k->strip.invert.all);
  cr_assert_not(k->strip.mute);
  cr_assert(k->strip.solo);
  cr_assert_eq(k->strip.n_inserts, 3);
  cr_assert_str_eq(k->strip.inserts[0].cls->name, "gain");
  cr_assert_eq(k->strip.inserts[0].params[0], -6.0);
  cr_assert_eq(k->strip.inserts[1].params[0], 3.0);
  cr_assert(k->strip.inserts[2].bypass);
  cr_assert_eq(k->strip.n_sends, 2);
  cr_assert_str_eq(k->strip.sends[0].to, "room");
  cr_assert_eq(k->strip.sends[0].level.value, -9.0);
  cr_assert(k->strip.sends[0].tap.at == SP_TAP_PRE);
  cr_assert_not(k->strip.sends[0].pan.has);
  cr_assert(isinf(k->strip.sends[1].level.value));
  cr_assert_not(k->strip.sends[1].tap.at == SP_TAP_PRE);
  cr_assert(k->strip.sends[1].pan.has);
  cr_assert_eq(k->strip.sends[1].pan.plain.value, 1.0);
  cr_assert_str_eq(k->strip.to, "drums");

  const sp_track *v = &r->tracks[1];
  cr_assert(v->regions_listed);
  cr_assert_eq(v->n_regions, 2);
  cr_assert_eq(v->regions[1].at.seconds, 92.5);
  cr_assert_eq(v->regions[1].from.seconds, 2.0);

  cr_assert_eq(r->n_buses, 3);
  cr_assert_null(r->buses[0].strip.to); /* to: master */
  cr_assert_eq(r->buses[0].strip.gain.value, -1.0);
  cr_assert_str_eq(r->buses[1].name, "room");
  cr_assert(r->buses[2].strip.mute);
  cr_assert_eq(r->master.gain.value, -0.5);

  cr_assert(r->has_stems);
  cr_assert_eq(r->split, SP_SPLIT_BUSES);
  cr_assert_eq(r->n_stems, 2);
  cr_assert_str_eq(r->stems[1].name, "vocals");
  cr_assert_eq(r->stems[1].n_members, 1);
  cr_assert_str_eq(r->stems[1].members[0], "vox");

  cr_assert_str_eq(r->output.dir, "renders/{recipe}");
  cr_assert_eq(r->output.format, SP_FORMAT_FLAC);
  cr_assert_eq(r->output.depth, SP_DEPTH_16);
  cr_assert_not(r->output.dither);
  cr_assert_str_eq(r->output.mix, "song_mix");
  cr_assert_not(r->null_auto);
  cr_assert_eq(r->null_max_residual_dbfs, -90.0);
  sp_recipe_free(r);
}

Test(recipe, fades_ramps_ardour_shapes_and_curves)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  a:\n"
                          "    regions:\n"
                          "      - {file: a.wav, fade_in: 5 ms, fade_out: ardour}\n"
                          "      - {file: a.wav, fade_in: {length: 0.25 s, shape: slow},\n"
                          "         fade_out: {curve: [[0, 1], [480 smp, 0.5], [20 ms, 0]]}}\n");
  const sp_region *g = r->tracks[0].regions;
  cr_assert_eq(g[0].fade_in.shape, SP_FADE_RAMP);
  cr_assert_float_eq(g[0].fade_in.length.seconds, 0.005, 1e-15);
  cr_assert_eq(g[0].fade_out.shape, SP_FADE_DEFAULT);
  cr_assert(g[0].fade_out.length.in_frames &&
            g[0].fade_out.length.frames == SP_FADE_DEFAULT_FRAMES);
  cr_assert_eq(g[1].fade_in.shape, SP_FADE_SLOW);
  cr_assert_eq(g[1].fade_in.length.seconds, 0.25);
  cr_assert_eq(g[1].fade_out.shape, SP_FADE_CURVE);
  cr_assert_eq(g[1].fade_out.curve.n, 3);
  cr_assert(g[1].fade_out.curve.points[1].t.in_frames);
  cr_assert_eq(g[1].fade_out.curve.points[1].v, 0.5);
  /* A curve's length is its last point's time. */
  cr_assert_float_eq(g[1].fade_out.length.seconds, 0.02, 1e-15);
  sp_recipe_free(r);
}

Test(recipe, opaque_regions_and_their_inverse_fades)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  a:\n"
                          "    regions:\n"
                          "      - {file: a.wav}\n"
                          "      - {file: a.wav, at: 1, opaque: true, fade_in: 5 ms,\n"
                          "         fade_out: {shape: ardour, inverse: [[0, 1e-7]]}}\n"
                          "      - {file: a.wav, at: 2, opaque: true,\n"
                          "         fade_in: {length: 10 ms, shape: power,\n"
                          "                   inverse: [[0, 1], [5 ms, 0.5], [10 ms, 0]]}}\n");
  const sp_region *g = r->tracks[0].regions;
  cr_assert_not(g[0].opaque);
  cr_assert(g[1].opaque && g[2].opaque);
  cr_assert_eq(g[1].fade_in.inverse.n, 0); /* its ramp's own: 1 - gain */
  cr_assert_eq(g[1].fade_out.shape, SP_FADE_DEFAULT);
  cr_assert(g[1].fade_out.length.in_frames &&
            g[1].fade_out.length.frames == SP_FADE_DEFAULT_FRAMES);
  cr_assert_eq(g[1].fade_out.inverse.n, 1);
  cr_assert_eq(g[1].fade_out.inverse.points[0].v, 1e-7);
  cr_assert_eq(g[2].fade_in.shape, SP_FADE_POWER);
  cr_assert_eq(g[2].fade_in.inverse.n, 3);
  cr_assert_float_eq(g[2].fade_in.inverse.points[1].t.seconds, 0.005, 1e-15);
  sp_recipe_free(r);
}

Test(recipe, positions_are_kept)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  kick:\n"
                          "    file: k.wav\n"
                          "    sends: [{to: verb}]\n"
                          "    to: drums\n");
  sp_pos p = sp_recipe_where(r, "tracks.kick.to");
  cr_assert_eq(p.line, 6);
  cr_assert_eq(p.col, 9);
  p = sp_recipe_where(r, "tracks.kick.sends[0].to");
  cr_assert_eq(p.line, 5);
  cr_assert_eq(p.col, 18);
  /* A key that was not written falls back to its nearest written parent. */
  p = sp_recipe_where(r, "tracks.kick.sends[0].level");
  cr_assert_eq(p.line, 5);
  cr_assert_eq(p.col, 13);
  sp_recipe_free(r);
}

/* The places a recipe notes are found by path in a map (sp_recipe_noted),
 * the one noted last of a path standing, as the scan of them all found
 * it; a path not noted climbs to its nearest noted holder; forgetting the
 * last ones finds the earlier again; a place whose path a reader took
 * from it gives way to the one before it. */
Test(recipe, places_are_found_by_path_the_last_noted_standing)
{
  sp_recipe *r = sp_recipe_new("/work/r.yaml");
  enum { N = 5000 };
  char path[64];
  for (int i = 0; i < N; i++) {
    snprintf(path, sizeof path, "tracks.t%d.regions[%d]", i % 50, i / 50);
    sp_recipe_note(r, path, (sp_pos){i + 1, 1});
  }
  sp_recipe_note(r, "tracks.t3", (sp_pos){9001, 1});
  sp_recipe_note(r, "tracks.t3", (sp_pos){9002, 1}); /* noted again: the last stands */
  cr_expect_eq(sp_recipe_where(r, "tracks.t7.regions[2]").line, 2 * 50 + 7 + 1);
  cr_expect_eq(sp_recipe_where(r, "tracks.t3").line, 9002);
  cr_expect_eq(sp_recipe_where(r, "tracks.t3.regions[1000].fade_in").line, 9002, "its holder's");
  cr_expect(sp_recipe_written(r, "tracks.t49.regions[99]"));
  cr_expect(!sp_recipe_written(r, "tracks.t49.regions[100]"));
  cr_expect_null(sp_recipe_origin(r, "buses.x"));
  sp_recipe_forget(r, N + 1); /* the second tracks.t3 */
  cr_expect_eq(sp_recipe_where(r, "tracks.t3").line, 9001);
  sp_recipe_forget(r, 10);
  cr_expect(!sp_recipe_written(r, "tracks.t3") && sp_recipe_written(r, "tracks.t9.regions[0]"));
  cr_expect(!sp_recipe_written(r, "tracks.t10.regions[0]"));
  sp_recipe_note(r, "tracks.t1.regions[0]", (sp_pos){77, 1});
  char *taken = r->where[r->n_where - 1].path; /* a reader moves the place away */
  r->where[r->n_where - 1].path = NULL;
  cr_expect_eq(sp_recipe_where(r, "tracks.t1.regions[0]").line, 2, "the one before it");
  r->where[r->n_where - 1].path = taken;
  sp_recipe_free(r);

  sp_strmap m = {0}; /* sp_strmap_set: the last set stands, through growth */
  for (size_t i = 0; i < 1000; i++) {
    snprintf(path, sizeof path, "k%zu", i % 100);
    sp_strmap_set(&m, path, i);
  }
  size_t v = 0;
  cr_expect_eq(m.n, 100);
  cr_expect(sp_strmap_get(&m, "k42", &v) && v == 942, "%zu", v);
  sp_strmap_fini(&m);
}

Test(recipe, anchors_and_aliases)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  a: &t {file: a.wav, gain: -2 dB}\n"
                          "  b: *t\n");
  cr_assert_eq(r->n_tracks, 2);
  cr_assert_eq(r->tracks[1].strip.gain.value, -2.0);
  sp_recipe_free(r);
}

Test(recipe, errors_collected_not_stopping_at_first)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_err err = sp_recipe_parse_string("x.yaml",
                                      "stemprint: 1\n"
                                      "tracks:\n"
                                      "  a: {file: a.wav, gain: loud}\n"
                                      "  b: {file: b.wav, pan: 3}\n"
                                      "output: {depth: 20}\n",
                                      &r, &d);
  cr_assert_eq(err, SP_ERR_USAGE);
  cr_assert_eq(sp_diags_errors(&d), 3);
  cr_assert_not_null(r); /* the model is returned for routing checks */
  sp_recipe_free(r);
  sp_diags_fini(&d);
}

/* The lists of sub-tables are read by one walk (recipe_fill, parse_values.c): each
 * left empty (nothing) is none, as sends always were; the items of each
 * keep their order, a set its place in output.also, and a set said to be
 * wrong is left out while the ones beside it are kept. */
Test(recipe, lists_left_empty_are_none_and_keep_their_items)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: a.wav, sends: }\n"
                          "  b:\n"
                          "    regions: [{file: b.wav}, {file: c.wav, at: 2 s}]\n"
                          "    sends: [{to: v, level: -6 dB}, {to: w, tap: pre}]\n"
                          "buses: {v: {}, w: {}}\n"
                          "output: {also: }\n");
  cr_assert_eq(r->output.n_sets, 0);
  cr_assert_eq(r->tracks[0].strip.n_sends, 0);
  const sp_track *b = &r->tracks[1];
  cr_assert_eq(b->n_regions, 2);
  cr_assert_str_eq(b->regions[1].file, "c.wav");
  cr_assert_eq(b->regions[1].at.seconds, 2.0);
  cr_assert_eq(b->strip.n_sends, 2);
  cr_assert_str_eq(b->strip.sends[1].to, "w");
  cr_assert(b->strip.sends[1].tap.at == SP_TAP_PRE);
  sp_recipe_free(r);

  sp_diags d;
  sp_diags_init(&d);
  r = NULL;
  sp_recipe_parse_string("x.yaml",
                         "stemprint: 1\n"
                         "tracks: {a: a.wav}\n"
                         "output: {also: [{format: mp3}, {format: flac, depth: 20}, {format: "
                         "opus}]}\n",
                         &r, &d);
  cr_assert_eq(sp_diags_errors(&d), 1);
  cr_assert_eq(r->output.n_sets, 2);
  cr_assert_eq(sp_output_set_at(r, &r->output.sets[1]), 2);
  sp_recipe_free(r);
  sp_diags_fini(&d);
}

/* output.bwf.date is a day of the calendar: February 29 in a leap year
 * (2028, 2000) is one, in 1900 (divisible by 100, not by 400) it is not. */
Test(recipe, bwf_dates_count_leap_years)
{
  static const struct {
    const char *date;
    bool ok;
  } dates[] = {{"2028-02-29", true},  {"2000-02-29", true},  {"2026-12-31", true},
               {"1900-02-29", false}, {"2026-02-29", false}, {"2026-06-31", false},
               {"2026-1-5", false}};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    char text[256];
    snprintf(text, sizeof text,
             "stemprint: 1\ntracks:\n  a: {file: a.wav}\noutput: {bwf: {date: %s}}\n",
             dates[i].date);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    sp_err err = sp_recipe_parse_string("x.yaml", text, &r, &d);
    cr_expect_eq(err == SP_OK, dates[i].ok, "%s", dates[i].date);
    if (err == SP_OK)
      cr_expect_str_eq(r->output.bwf.date, dates[i].date);
    sp_recipe_free(r);
    sp_diags_fini(&d);
  }
}

/* A set deeper than the master set is warned, with the master's depths
 * that would hold it: 24 or 32f for a 24-bit set, 32f alone for a float
 * one. */
Test(recipe, a_set_deeper_than_the_master_is_told_the_depth_that_holds_it)
{
  static const struct {
    const char *master, *set, *says;
  } cases[] = {
      {"16", "24",
       "its 24-bit files are made from the master set's 16-bit ones and hold no more than they "
       "do; print the master set at 24 or 32f"},
      {"24", "32f",
       "its 32-bit float files are made from the master set's 24-bit ones and hold no more than "
       "they do; print the master set at 32f"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[256];
    snprintf(text, sizeof text,
             "stemprint: 1\ntracks:\n  a: {file: a.wav}\noutput: {depth: %s, also: [{format: "
             "wav, depth: %s, name: \"{name}_{depth}\"}]}\n",
             cases[i].master, cases[i].set);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    cr_assert_eq(sp_recipe_parse_string("x.yaml", text, &r, &d), SP_OK);
    cr_assert_eq(sp_diags_warnings(&d), 1);
    cr_expect_str_eq(d.v[0].path, "output.also[0]");
    cr_expect_str_eq(d.v[0].msg, cases[i].says);
    sp_recipe_free(r);
    sp_diags_fini(&d);
  }
}

/* A pan, a position or a width that reaches only destinations of one
 * channel places nothing (a mono source plays there whole, a stereo one
 * by its fold; measured: a mono track into a mono master at pan 0, 0.7,
 * -1, moving, at azimuth 30, under every pan law, and a stereo one folded
 * at pan 0.7 or width 0.2, print the same bytes): a warning at it, with
 * its fix, and the recipe reads. A send's own pan into a mono bus the
 * same. Where a send into a stereo bus follows the pan, a gain matrix
 * places it, the mono bus pans into a stereo master, or the pan is centred
 * (pan: 0, the default a session writes on every send), nothing is said.
 * Before, none was said. */
Test(recipe, a_pan_into_one_channel_is_warned)
{
  static const struct {
    const char *tracks, *buses, *master;
    const char *path, *says; /* NULL: nothing said */
  } cases[] = {
      {"a: {file: a.wav, pan: 0.7}", "{}", "{layout: mono}", "tracks.a.pan",
       "'a' plays only into 'master', which is mono (one channel, where a pan places nothing): "
       "its pan has no effect; remove it, or make 'master' stereo (layout: stereo)"},
      {"a: {file: a.wav, pan: [[0, -1], [1 s, 1]], to: m}", "{m: {layout: mono, pan: 0.7}}", "{}",
       "tracks.a.pan",
       "'a' plays only into 'm', which is mono (one channel, where a pan places nothing): its pan "
       "has no effect; remove it, or make 'm' stereo (layout: stereo)"},
      {"a: {file: a.wav, pan: {azimuth: 30}, sends: [{to: m}]}", "{m: {layout: mono}}",
       "{layout: mono}", "tracks.a.pan",
       "'a' plays only into 'master' and 'm', which are mono (one channel, where a pan places "
       "nothing): its pan has no effect; remove it, or make them stereo (layout: stereo)"},
      {"a: {file: a.wav, fold: bs775, width: 0.2}", "{}", "{layout: mono}", "tracks.a.width",
       "'a' plays only into 'master', which is mono (one channel, where a width places nothing): "
       "its width has no effect; remove it, or make 'master' stereo (layout: stereo)"},
      {"a: {file: a.wav, sends: [{to: m, pan: 0.5}]}", "{m: {layout: mono}}", "{}",
       "tracks.a.sends[0].pan",
       "its send feeds 'm', which is mono (one channel, where a pan places nothing): its pan has "
       "no effect; remove it, or make 'm' stereo (layout: stereo)"},
      {"a: {file: a.wav, pan: 0.7, sends: [{to: m}]}", "{m: {}}", "{layout: mono}", NULL, NULL},
      {"a: {file: a.wav, pan: {gains: {M: 0.5}}}", "{}", "{layout: mono}", NULL, NULL},
      {"a: {file: a.wav, pan: 0.7}", "{}", "{}", NULL, NULL},
      /* centred: the default, written by a session on every send */
      {"a: {file: a.wav, pan: 0, sends: [{to: m, pan: 0}]}", "{m: {layout: mono}}",
       "{layout: mono}", NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "stemprint: 1\ntracks:\n  %s\nbuses: %s\nmaster: %s\n",
             cases[i].tracks, cases[i].buses, cases[i].master);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    cr_assert_eq(sp_recipe_parse_string("x.yaml", text, &r, &d), SP_OK, "case %zu", i);
    cr_assert_eq(d.n, cases[i].says ? 1u : 0u, "case %zu", i);
    if (cases[i].says) {
      cr_expect_eq(d.v[0].severity, SP_SEV_WARNING, "case %zu", i);
      cr_expect_str_eq(d.v[0].path, cases[i].path, "case %zu", i);
      cr_expect_str_eq(d.v[0].msg, cases[i].says, "case %zu", i);
      cr_expect_eq(d.v[0].pos.line, 3, "case %zu: at the track's line", i);
    }
    sp_recipe_free(r);
    sp_diags_fini(&d);
  }
}

Test(recipe, alias_bomb_is_an_error)
{
  /* Nine levels of nine aliases: 9^9 nodes if expanded. */
  char text[4096] = "stemprint: 1\na: &a [x, x, x, x, x, x, x, x, x]\n";
  const char *prev = "a";
  /* a table, not snprintf(names[i], ..., "b%d", i): at -O1 GCC cannot see
   * that i < 8 and warns that the name may not fit (-Wformat-truncation) */
  static const char *const names[] = {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"};
  for (int i = 0; i < 8; i++) {
    char line[256];
    snprintf(line, sizeof line, "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", names[i],
             names[i], prev, prev, prev, prev, prev, prev, prev, prev, prev);
    strcat(text, line);
    prev = names[i];
  }
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  cr_assert_eq(sp_recipe_parse_string("bomb.yaml", text, &r, &d), SP_ERR_USAGE);
  cr_assert_null(r);
  cr_assert(strstr(d.v[0].msg, "too large"), "%s", d.v[0].msg);
  sp_diags_fini(&d);
}

/* `{recipe}` in a flow mapping is not valid YAML ('{' opens a mapping), but
 * people write it; the template is accepted there, and a real syntax error
 * beside it is still reported where it is. */
Test(recipe, recipe_template_in_a_flow_mapping)
{
  sp_recipe *r = parse_ok("stemprint: 1\ntracks:\n  kick: audio/kick.wav\n"
                          "output: {dir: out/{recipe}/prints, format: wav}\n");
  cr_assert_str_eq(r->output.dir, "out/{recipe}/prints");
  sp_recipe_free(r);
  r = parse_ok("stemprint: 1\ntracks:\n  kick: audio/kick.wav\n"
               "output: {dir: out/{input}, format: wav}\n");
  cr_assert_str_eq(r->output.dir, "out/{input}");
  sp_recipe_free(r);
  /* a clock time needs no quotes in a flow mapping */
  r = parse_ok("stemprint: 1\ntracks:\n  kick: {file: audio/kick.wav, at: 1:32.5}\n"
               "  snare: {file: audio/snare.wav, at: 0:01.5, fade_in: 0:00.25}\n");
  cr_assert_float_eq(sp_time_seconds(r->tracks[0].regions[0].at, 48000), 92.5, 1e-12);
  cr_assert_float_eq(sp_time_seconds(r->tracks[1].regions[0].at, 48000), 1.5, 1e-12);
  sp_recipe_free(r);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *bad = NULL;
  sp_err err = sp_recipe_parse_string("dir/song.yaml",
                                      "stemprint: 1\ntracks:\n  kick: [audio/kick.wav\n"
                                      "output: {dir: out/{recipe}}\n",
                                      &bad, &d);
  cr_assert_eq(err, SP_ERR_USAGE);
  cr_assert_eq(d.n, 1);
  cr_assert_eq(d.v[0].pos.line, 4);
  sp_diags_fini(&d);
  sp_recipe_free(bad);
}

/* The recipe writer (core/recipe/writer.h): what it writes, the parser
 * reads back as the value it was. A name, a file's path and a gain for
 * each case, written as `stemprint import` writes a track, then parsed. */
Test(recipe, what_the_writer_writes_reads_back_as_it_was)
{
  static const char *const names[] = {"kick",  "Kick_2", "808_kick", "true", "No",  "null",
                                      "1_000", "0x1F",   "0b101",    "1e3",  "a.b", "_under"};
  static const char *const files[] = {"audio/kick.wav",
                                      "01 Kick In.wav",
                                      "weird: name #1.wav",
                                      "say \"hi\".wav",
                                      "back\\slash.wav",
                                      "-dash.wav",
                                      "true",
                                      "1.5",
                                      "tab\there.wav",
                                      "ümlaut ß.wav",
                                      "~",
                                      "null"};
  static const double gains[] = {-3,   0.1, -0.0,    1.0 / 3, -6.020599913279624,
                                 1e-7, 12,  -144.25, 2.5e-5,  0.30000000000000004,
                                 -1,   7};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    sp_writer w = {0};
    sp_write(&w, "stemprint: 1\ntracks:\n  ");
    sp_write_name(&w, names[i]);
    sp_write(&w, ":\n    regions:\n      - {file: ");
    sp_write_string(&w, files[i]);
    sp_write(&w, "}\n    gain: ");
    sp_write_db(&w, gains[i]);
    sp_write(&w, "\n    # ");
    sp_write_comment(&w, "a comment\nstemprint: 2\x7f\xc2\x85x: 1\xe2\x80\xa8y: 2");
    sp_write(&w, "\n");
    char *text = sp_writer_take(&w);
    sp_recipe *r = parse_ok(text);
    cr_assert_eq(r->n_tracks, 1, "%s", text);
    cr_expect_str_eq(r->tracks[0].name, names[i], "%s", text);
    cr_expect_str_eq(r->tracks[0].regions[0].file, files[i], "%s", text);
    cr_expect_eq(r->tracks[0].strip.gain.value, gains[i] == 0 ? 0 : gains[i], "%s", text);
    sp_recipe_free(r);
    free(text);
  }
  /* JSON: the same values, every string quoted, inf and nan as strings */
  sp_writer j = {.json = true};
  sp_write(&j, "[");
  sp_write_name(&j, "kick");
  sp_write(&j, ",");
  sp_write_string(&j, "a/b.wav");
  sp_write(&j, ",");
  sp_write_number(&j, -INFINITY);
  sp_write(&j, ",");
  sp_write_number(&j, 0.1);
  sp_write(&j, ",");
  sp_write_quoted(&j, "\x01\"\\");
  sp_write(&j, "]");
  char *json = sp_writer_take(&j);
  cr_expect_str_eq(json, "[\"kick\",\"a/b.wav\",\"-inf\",0.1,\"\\u0001\\\"\\\\\"]");
  free(json);
}

/* Automation points are in order by the frames the render reads them at:
 * 25.9375 ms and 0.0259375 s are both frame 1245 at 48 kHz, a jump
 * (docs/recipe.md, Units: a time within a millionth of a frame of a whole
 * frame is that frame), though 25.9375 × 0.001 s is a hair more than
 * 0.0259375 s; it was refused as out of order. */
Test(recipe, a_jump_written_in_two_units_is_a_jump)
{
  sp_recipe *r = parse_ok("stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: a.wav, gain: [[25.9375 ms, -6 dB], [0.0259375 s, 0 dB],\n"
                          "                          [1245 smp, -3 dB], [26 ms, 0 dB]]}\n");
  const sp_auto *g = &r->tracks[0].strip.gain;
  cr_assert_eq(g->n, 4);
  for (size_t i = 0; i < 3; i++)
    cr_expect_eq(sp_time_frames_exact(g->points[i].t, r->sample_rate), 1245.0, "point %zu", i);
  sp_recipe_free(r);
}

/* What text makes the parser say (its messages, one a line), the recipe
 * into *out (NULL: freed). */
static char *said_of(const char *text, sp_recipe **out)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_recipe_parse_string("x.yaml", text, &r, &d);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  sp_diags_fini(&d);
  if (out)
    *out = r;
  else
    sp_recipe_free(r);
  return buf;
}

/* A key read from its row (recipe_fill, io/recipe/parse_values.c): its
 * value lands in the row's field, and what it refuses is said from the
 * row: its words with its help and the word meant, its range in its unit,
 * its word (auto) misspelt, a required key missing. */
Test(recipe, keys_read_from_their_rows)
{
  sp_recipe *r = NULL;
  char *said = said_of("stemprint: 1\ntracks: {a: {file: a.wav, solo: true}}\n"
                       "stems: {split: buses, s: [a]}\nversions: {v: {mute: [a], mode: own}}\n"
                       "output: {dither: none, also: [{format: flac, channels: split}]}\n"
                       "checks: {null: {max_residual: -90 dBFS}}\nlength: 2 s\n",
                       &r);
  cr_assert(r && r->split == SP_SPLIT_BUSES && r->versions[0].own && !r->output.dither &&
                r->output.sets[0].split && r->output.sets[0].dither && !r->null_auto &&
                r->null_max_residual_dbfs == -90 && !r->length_auto && r->length.seconds == 2 &&
                r->tracks[0].strip.solo,
            "%s", said);
  sp_recipe_free(r);
  free(said);
  static const struct {
    const char *text, *want;
  } bad[] = {
      {"output: {dither: tpfd}",
       "x.yaml:3:18: output.dither: expected 'none' or 'tpdf' (dither at 16 and 24 bit), got "
       "'tpfd'; did you mean 'tpdf'?"},
      {"length: automatic", "length: expected 'auto' or a time like '10 ms', '1.5 s', '480 smp' "
                            "or '1:32.5', got 'automatic'; did you mean 'auto'?"},
      {"checks: {null: {max_residual: 3 dBFS}}",
       "checks.null.max_residual: 3 dBFS is out of range; expected -200 dBFS .. 0 dBFS"},
      {"master: {normalize: {}}",
       "master.normalize: missing 'target' (the integrated loudness the mix reaches); add it"},
      {"versions: {v: {mute: [a], mode: [own]}}",
       "versions.v.mode: expected 'linked' or 'own' (linked: the mix's dynamics; own: a render "
       "of its own), got a list"},
      {"output: {mix: [a]}", "output.mix: expected a text (the mix's name ({name} in its file)), "
                             "got a list"},
      {"sample_rate: 44100.5", "sample_rate: a sample rate is a whole number of Hz"},
  };
  /* a wrong print is said wrong, not said to be `print: false` */
  said = said_of("stemprint: 1\ntracks: {a: a.wav}\nbuses: {v: {object: true, print: 7}}\n", NULL);
  cr_expect(strstr(said, "buses.v.print: expected true or false") && !strstr(said, "print: false"),
            "%s", said);
  free(said);
  said = said_of("stemprint: 1\ntracks: {a: a.wav}\nsample_rate: 44100.5\n", &r);
  /* the check refuses a rate the model held as read, and puts it back to
   * the one the recipe was read at (core/recipe/check.h), so nothing built
   * after it to say more meets it (a rate of 4.8e45 Hz overflowed a file's
   * length in frames: UBSan, and "holds no audio (0 frames)") */
  cr_expect_eq(r->sample_rate, SP_RECIPE_DEFAULT_RATE, "the refused rate put back");
  sp_recipe_free(r);
  free(said);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char text[256];
    snprintf(text, sizeof text, "stemprint: 1\ntracks: {a: a.wav}\n%s\n", bad[i].text);
    said = said_of(text, NULL);
    cr_expect(strstr(said, bad[i].want), "%s:\n%s", bad[i].text, said);
    free(said);
  }
}

/* A timed value and a mapping of a table read from their rows
 * (recipe_fill_one: SP_KEY_S_AUTO, moves, SP_KEY_S_OBJECT): a constant in
 * the row's field, a moving value in its sp_auto (a double field holding
 * its first value), a mapping's keys into their own table's fields, a
 * scalar as that table's first key, a mapping left empty as none. */
Test(recipe, timed_values_and_sub_tables_read_from_their_rows)
{
  sp_recipe *r = NULL;
  char *said = said_of(
      "stemprint: 1\ntracks:\n"
      "  a: {file: a.wav, trim: [[0, -6 dB], [1 s, 0 dB]], mute: [[0, false], [1 s, true]],"
      " width: {tempo: 120, points: [[0, 0.5], [4, 1]]}, lfe: -10 dB,"
      " inserts: [{gain: {bypass: [[0, true], [1 s, true]]}}]}\n"
      "  b: {file: a.wav, trim: -3 dB, mute: true, width: 0.25,"
      " lfe: {level: -6 dB, lowpass: 120 Hz}, sends: [{to: x, level: [[0, -6 dB], [1 s, 0 dB]]}],"
      " inserts: [{gain: {bypass: [[0, false], [1 s, true]]}}]}\n"
      "buses: {x: {gain: -2 dB}}\nmaster: {normalize: }\nchecks: {null: }\n",
      &r);
  cr_assert(r && r->n_tracks == 2, "%s", said);
  cr_expect_str_eq(said, "");
  const sp_strip *a = &r->tracks[0].strip, *b = &r->tracks[1].strip;
  cr_expect(a->trims.n == 2 && a->trim_db == -6, "a moving trim, its first value in trim_db");
  cr_expect(a->mutes.n == 2 && !a->mute, "a moving mute");
  cr_expect(a->widths.n == 2 && a->widths.tempo && a->has_width && a->width == 0.5,
            "a moving width in beats, its first value in width");
  cr_expect(a->has_lfe && a->lfe_db == -10 && a->lfe_lowpass_hz == 0, "lfe: a level alone");
  cr_expect(a->inserts[0].bypass && a->inserts[0].bypasses.n == 0,
            "a bypass whose points agree is fixed");
  cr_expect(b->trims.n == 0 && b->trim_db == -3 && b->mute && b->mutes.n == 0, "constants");
  cr_expect(b->widths.n == 0 && b->has_width && b->width == 0.25, "a constant width");
  cr_expect(b->has_lfe && b->lfe_db == -6 && b->lfe_lowpass_hz == 120, "lfe: a mapping");
  cr_expect(b->sends[0].level.n == 2 && b->inserts[0].bypasses.n == 2, "a moving level, bypass");
  cr_expect(r->buses[0].strip.gain.value == -2 && r->buses[0].strip.gain.n == 0, "a fader");
  cr_expect(!r->normalize && r->null_auto, "a mapping left empty is none");
  sp_recipe_free(r);
  free(said);
  said = said_of("stemprint: 1\ntracks: {a: {file: a.wav, lfe: {levle: -3 dB}, mute: {a: 1}}}\n"
                 "checks: {null: 3}\n",
                 NULL);
  cr_expect(strstr(said, "tracks.a.lfe.levle: unknown key 'levle' in tracks.a.lfe; did you "
                         "mean 'level'?"),
            "%s", said);
  cr_expect(strstr(said, "tracks.a.lfe: missing 'level'"), "%s", said);
  cr_expect(strstr(said, "tracks.a.mute: expected true or false"), "%s", said);
  cr_expect(strstr(said, "checks.null: expected checks.null (a mapping of keys), got"), "%s", said);
  free(said);
}

/* A value settled from another key (a time in frames at the recipe's
 * rate, a set's bitrate at its rate) is settled at the rate a --set gave
 * last, wherever the set stands: the keys are read, then settled. */
Test(recipe, what_a_key_settles_takes_the_rate_a_set_gave)
{
  const char *text = "stemprint: 1\nsample_rate: 48000\ntracks:\n"
                     "  a: {file: a.wav, inserts: [{delay: {time: 480 smp}}]}\n"
                     "output: {also: [{format: mp3}]}\n";
  const char *sets[] = {"sample_rate=96000", "output.also[0].rate=22050"};
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  cr_assert_eq(sp_recipe_parse_set("x.yaml", text, sets, 2, &r, &d), SP_OK);
  const sp_insert *ins = &r->tracks[0].strip.inserts[0];
  const int k = sp_proc_param_index(ins->cls, "time");
  cr_assert_geq(k, 0);
  cr_expect_float_eq(ins->params[k], 480.0 / 96000, 1e-12, "%g", ins->params[k]);
  /* held as written, for a rate given after it to convert again */
  cr_assert_not_null(ins->times);
  cr_expect(ins->times[k].in_frames && ins->times[k].frames == 480);
  cr_assert_eq(r->output.n_sets, 1);
  cr_expect_eq(r->output.sets[0].rate, 22050);
  cr_expect_eq(r->output.sets[0].kbps, 160, "MPEG-2's most at 22.05 kHz: %g",
               r->output.sets[0].kbps);
  sp_recipe_free(r);
  sp_diags_fini(&d);
}

/* text read with sets (n), its messages printed: ok, or the test fails
 * naming what. */
static sp_recipe *set_ok(const char *text, const char *const *sets, size_t n, const char *what)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  const sp_err rc = sp_recipe_parse_set("x.yaml", text, sets, n, &r, &d);
  for (size_t i = 0; i < d.n; i++)
    fprintf(stderr, "%s\n", d.v[i].msg);
  sp_diags_fini(&d);
  cr_assert_eq(rc, SP_OK, "%s", what);
  return r;
}

/* One key, one --set path however the text wrote it (review111 F08): an
 * EQ's band is eq[0] and eq.bands[0] whether the text lists its bands
 * (`eq: [...]`) or maps them (`eq: {bands: [...]}`, as an import writes
 * it); an insert written as its one value (`gain: -3 dB`) takes a set of
 * that parameter by name. Before, each path was refused on the other
 * form ("'...eq' is a list, not a mapping with a key 'bands'"). */
Test(recipe, a_set_reaches_a_key_by_one_path_however_the_text_wrote_it)
{
  static const char *const texts[] = {
      "stemprint: 1\ntracks:\n  a: {file: a.wav, inserts: [{eq: [{type: highpass, freq: 200 "
      "Hz}]}, {gain: -3 dB}]}\n",
      "stemprint: 1\ntracks:\n  a: {file: a.wav, inserts: [{eq: {bands: [{type: highpass, freq: "
      "200 Hz}]}}, {gain: {gain: -3 dB}}]}\n"};
  static const char *const paths[] = {"tracks.a.inserts[0].eq[0].freq=150 Hz",
                                      "tracks.a.inserts[0].eq.bands[0].freq=150 Hz"};
  for (size_t t = 0; t < 2; t++)
    for (size_t p = 0; p < 2; p++) {
      const char *sets[] = {paths[p], "tracks.a.inserts[1].gain.gain=-6 dB"};
      sp_recipe *r = set_ok(texts[t], sets, 2, paths[p]);
      const sp_insert *eq = &r->tracks[0].strip.inserts[0], *g = &r->tracks[0].strip.inserts[1];
      const int f = sp_proc_param_index(eq->cls, "freq"), k = sp_proc_param_index(g->cls, "gain");
      cr_assert(f >= 0 && k >= 0);
      cr_expect_float_eq(eq->params[f], 150, 1e-9, "text %zu, %s: %g", t, paths[p], eq->params[f]);
      cr_expect_float_eq(g->params[k], -6, 1e-9, "text %zu: %g", t, g->params[k]);
      sp_recipe_free(r);
    }
  /* a track's one region, by its keys or listed alone (as an import
   * writes it): its key by either path */
  static const char *const tracks[] = {
      "stemprint: 1\ntracks:\n  a: {file: a.wav, fade_in: 0.1 s}\n",
      "stemprint: 1\ntracks:\n  a: a.wav\n",
      "stemprint: 1\ntracks:\n  a: {regions: [{file: a.wav, fade_in: 0.1 s}]}\n"};
  static const char *const fades[] = {"tracks.a.fade_in=20 ms",
                                      "tracks.a.regions[0].fade_in=20 ms"};
  for (size_t t = 0; t < 3; t++)
    for (size_t p = 0; p < 2; p++) {
      const char *sets[] = {fades[p]};
      sp_recipe *r = set_ok(tracks[t], sets, 1, fades[p]);
      cr_assert_eq(r->tracks[0].n_regions, 1);
      cr_expect_float_eq(r->tracks[0].regions[0].fade_in.length.seconds, 0.02, 1e-12,
                         "track %zu, %s", t, fades[p]);
      sp_recipe_free(r);
    }
}
