/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The graph: pan laws with exact numbers, the schedule, cycles printed as
 * a path, solo and mute, lanes for both stem splits, and a plan made once
 * (a key's plan completed, own versions planned with the graph). */

#include "core/base/alloc.h"
#include "core/graph/builder.h"
#include "core/graph/graph_impl.h"
#include "core/graph/pan.h"
#include "core/graph/query.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEAR(a, b) cr_assert_float_eq((a), (b), 1e-12, "%s = %.15g, expected %.15g", #a, (a), (b))

Test(pan, mono_centre_under_each_law)
{
  double l, r;
  sp_pan_mono(0, -3, &l, &r);
  NEAR(l, cos(M_PI / 4));
  NEAR(r, cos(M_PI / 4));
  NEAR(20 * log10(l), -3.0102999566398121);
  sp_pan_mono(0, -6, &l, &r);
  NEAR(l, 0.5);
  NEAR(r, 0.5);
  sp_pan_mono(0, 0, &l, &r);
  NEAR(l, 1.0);
  NEAR(r, 1.0);
  sp_pan_mono(0, -4.5, &l, &r);
  NEAR(l, sqrt(0.5 * cos(M_PI / 4)));
  NEAR(20 * log10(l), -4.5154499349597179);
}

Test(pan, mono_hard_sides_do_not_leak)
{
  const double laws[] = {0, -3, -4.5, -6};
  for (int i = 0; i < 4; i++) {
    double l, r;
    sp_pan_mono(-1, laws[i], &l, &r);
    cr_assert_eq(r, 0.0);
    NEAR(l, 1.0);
    sp_pan_mono(1, laws[i], &l, &r);
    cr_assert_eq(l, 0.0);
    NEAR(r, 1.0);
  }
}

Test(pan, constant_power_at_every_position)
{
  for (double p = -1; p <= 1; p += 0.125) {
    double l, r;
    sp_pan_mono(p, -3, &l, &r);
    NEAR(l * l + r * r, 1.0);
  }
}

Test(pan, stereo_balance)
{
  double l, r;
  sp_pan_balance(0, &l, &r);
  cr_assert_eq(l, 1.0);
  cr_assert_eq(r, 1.0);
  sp_pan_balance(1, &l, &r);
  cr_assert_eq(l, 0.0);
  cr_assert_eq(r, 1.0);
  sp_pan_balance(-0.5, &l, &r);
  cr_assert_eq(l, 1.0);
  NEAR(r, cos(M_PI / 4));
}

Test(pan, ardour_stereo_balance_is_linear)
{
  /* Pannerbalance: the far side 2 − 2a (a = (pan + 1)/2), the near at 1. */
  const double want[][3] = {{0, 1, 1}, {0.5, 0.5, 1}, {-0.5, 1, 0.5}, {1, 0, 1}, {-1, 1, 0}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    double l, r;
    sp_pan_balance_linear(want[i][0], &l, &r);
    cr_assert_eq(l, want[i][1], "pan %g", want[i][0]);
    cr_assert_eq(r, want[i][2], "pan %g", want[i][0]);
  }
}

Test(pan, stereo_panner_places_each_channel)
{
  /* g: left ← left, right ← right, left ← right, right ← left. */
  double g[4];
  sp_pan_stereo(0, 0.5, false, -6, g); /* channels at -0.5 and +0.5, linear */
  cr_assert_eq(g[0], 0.75);
  cr_assert_eq(g[1], 0.75);
  cr_assert_eq(g[2], 0.25);
  cr_assert_eq(g[3], 0.25);
  sp_pan_stereo(0, 0, false, -3, g); /* both in the middle: cos(π/4) everywhere */
  for (int c = 0; c < 4; c++)
    NEAR(g[c], cos(M_PI / 4));
  sp_pan_stereo(0, -1, false, -3, g); /* swapped, nothing leaks */
  cr_assert_eq(g[0], 0.0);
  cr_assert_eq(g[1], 0.0);
  cr_assert_eq(g[2], 1.0);
  cr_assert_eq(g[3], 1.0);
  /* Ardour's Panner2in2out: centred at width 1 the channels stay on their
   * sides (cross gains exactly 0), at width 0 each gets its -3 dB centre;
   * a width past 1 − |pan| is clamped to it. */
  sp_pan_stereo(0, 1, true, 0, g);
  cr_assert_float_eq(g[0], 1.0, 1e-7);
  cr_assert_float_eq(g[1], 1.0, 1e-7);
  cr_assert_eq(g[2], 0.0);
  cr_assert_eq(g[3], 0.0);
  sp_pan_stereo(0, 0, true, 0, g);
  for (int c = 0; c < 4; c++)
    cr_assert_float_eq(g[c], pow(10, -3.0 / 20), 1e-7);
  double clamped[4];
  sp_pan_stereo(0.5, 1, true, 0, g);
  sp_pan_stereo(0.5, 0.5, true, 0, clamped);
  for (int c = 0; c < 4; c++)
    cr_assert_eq(g[c], clamped[c]);
  cr_assert_eq(g[2], 0.0); /* the right channel hard right */
}

/* ---- built graphs -------------------------------------------------------- */

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  float x[480] = {0};
  x[0] = 0.5f;
  free(tu_write_wav(dir, "m.wav", 1, 48000, 24, x, 480));
  free(tu_write_wav(dir, "s.wav", 2, 48000, 24, x, 240));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

typedef struct built {
  sp_recipe *r;
  sp_graph *g;
  sp_diags d;
  sp_err err;
} built;

static built build(const char *text)
{
  built b = {0};
  sp_diags_init(&b.d);
  char *path = tu_write_text(dir, "g.yaml", text);
  b.err = sp_recipe_parse_file(path, &b.r, &b.d);
  if (b.r)
    b.err = sp_graph_build(b.r, sp_audio_media(), NULL, &b.g, &b.d);
  free(path);
  return b;
}

static void done(built *b)
{
  sp_graph_free(b->g);
  sp_recipe_free(b->r);
  sp_diags_fini(&b->d);
}

static bool has_message(const built *b, const char *needle)
{
  for (size_t i = 0; i < b->d.n; i++)
    if (strstr(b->d.v[i].msg, needle))
      return true;
  return false;
}

TestSuite(graph, .init = setup, .fini = teardown);

Test(graph, schedule_puts_inputs_first)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  a: {file: m.wav, to: grp, sends: [{to: fx}]}\n"
                  "  b: {file: s.wav}\n"
                  "buses:\n"
                  "  fx: {to: grp}\n"
                  "  grp: {}\n");
  cr_assert_eq(b.err, SP_OK);
  int pos[8];
  for (size_t k = 0; k < b.g->n_nodes; k++)
    pos[b.g->order[k]] = (int)k;
  for (size_t e = 0; e < b.g->n_edges; e++)
    cr_assert_lt(pos[b.g->edges[e].src], pos[b.g->edges[e].dst]);
  cr_assert_eq(b.g->order[b.g->n_nodes - 1], b.g->master);
  cr_assert_eq(b.g->nodes[0].channels, 1);
  cr_assert_eq(b.g->nodes[1].channels, 2);
  done(&b);
}

Test(graph, cycle_is_printed_as_a_path)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  vox: {file: m.wav, to: verb}\n"
                  "buses:\n"
                  "  verb: {to: slap}\n"
                  "  slap: {sends: [{to: verb}]}\n");
  cr_assert_eq(b.err, SP_ERR_USAGE);
  cr_assert(has_message(&b, "routing cycle: verb -> slap -> verb") ||
            has_message(&b, "routing cycle: slap -> verb -> slap"));
  cr_assert_null(b.g);
  done(&b);
}

Test(graph, solo_silences_the_others)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  a: {file: m.wav, solo: true}\n"
                  "  b: {file: m.wav}\n"
                  "  c: {file: m.wav, mute: true, solo: true}\n");
  cr_assert_eq(b.err, SP_OK);
  cr_assert_not(b.g->nodes[0].silent);
  cr_assert(b.g->nodes[1].silent);
  cr_assert(b.g->nodes[2].silent);
  done(&b);
}

Test(graph, lanes_split_sources)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  k: {file: m.wav, to: drums}\n"
                  "  s: {file: m.wav, to: drums, sends: [{to: verb}]}\n"
                  "  v: {file: m.wav, sends: [{to: verb}]}\n"
                  "  x: {file: m.wav, mute: true}\n"
                  "buses:\n"
                  "  drums: {}\n"
                  "  verb: {}\n"
                  "stems:\n"
                  "  drums: [drums]\n"
                  "  vocals: [v]\n");
  cr_assert_eq(b.err, SP_OK);
  const sp_graph *g = b.g;
  cr_assert_eq(g->n_lanes, 2);
  cr_assert_eq(g->nodes[0].lane, 0);
  cr_assert_eq(g->nodes[1].lane, 0);
  cr_assert_eq(g->nodes[2].lane, 1);
  cr_assert_eq(g->nodes[3].lane, -1);
  int drums = sp_graph_find(g, "drums"), verb = sp_graph_find(g, "verb");
  cr_assert(g->nodes[drums].lanes[0] && !g->nodes[drums].lanes[1]);
  cr_assert(g->nodes[verb].lanes[0] && g->nodes[verb].lanes[1]);
  cr_assert(g->nodes[g->master].lanes[0] && g->nodes[g->master].lanes[1]);
  done(&b);
}

Test(graph, lanes_split_buses)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  k: {file: m.wav, to: drums, sends: [{to: verb}]}\n"
                  "  v: {file: m.wav, sends: [{to: verb}]}\n"
                  "buses:\n"
                  "  drums: {}\n"
                  "  verb: {}\n"
                  "stems:\n"
                  "  split: buses\n"
                  "  drums: [drums]\n"
                  "  fx: [verb]\n"
                  "  vocals: [v]\n");
  cr_assert_eq(b.err, SP_OK);
  const sp_graph *g = b.g;
  cr_assert_eq(g->n_lanes, 3);
  int verb = sp_graph_find(g, "verb");
  cr_assert(g->nodes[verb].lanes[0] && !g->nodes[verb].lanes[1]);
  for (size_t l = 0; l < 3; l++)
    cr_assert(g->nodes[g->master].lanes[l]);
  done(&b);
}

Test(graph, track_in_two_stems_and_track_in_none)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  k: {file: m.wav, to: drums}\n"
                  "  s: {file: m.wav}\n"
                  "buses:\n"
                  "  drums: {}\n"
                  "stems:\n"
                  "  a: [drums]\n"
                  "  b: [k]\n");
  cr_assert_eq(b.err, SP_ERR_USAGE);
  cr_assert(has_message(&b, "track 'k' is already in stem 'a'"));
  cr_assert(has_message(&b, "track 's' is in no stem"));
  done(&b);
}

/* A bus in a stem that no track's main output reaches adds nothing to it
 * (split: sources): a return fed by a send is said so, not "fed by no
 * track" (it is fed by the send, whose share is in its sender's stem); a
 * bus fed by nothing is. Before, both were "fed by no track". */
Test(graph, a_return_in_a_stem_is_said_reached_only_by_sends)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  v: {file: m.wav, sends: [{to: verb, level: -12 dB}]}\n"
                  "buses:\n"
                  "  verb: {}\n"
                  "  idle: {}\n"
                  "stems:\n"
                  "  music: [v, verb, idle]\n");
  cr_assert_eq(b.err, SP_OK);
  cr_expect(has_message(&b, "bus 'verb' is reached by no track's main output, only by sends (a "
                            "send's share is in the stem of the track that sends it), so it adds "
                            "nothing to stem 'music'"));
  cr_expect(!has_message(&b, "bus 'verb' is fed by no track"));
  cr_expect(has_message(&b, "bus 'idle' is fed by no track, so it adds nothing to stem 'music'"));
  done(&b);
}

Test(graph, length_auto_is_the_end_of_the_last_region)
{
  built b =
      build("stemprint: 1\n"
            "tracks:\n"
            "  a: {file: m.wav, at: 1000 smp}\n"
            "  b: {regions: [{file: s.wav, at: 0}, {file: m.wav, at: 2000 smp, from: 100 smp}]}\n"
            "  c: {file: m.wav, at: 10 s, mute: true}\n");
  cr_assert_eq(b.err, SP_OK);
  cr_assert_eq(b.g->content_frames, 2000 + 380);
  cr_assert_eq(b.g->nodes[1].regions[1].length, 380);
  done(&b);
}

/* A solo silences the others, and they no longer set the length either. */
Test(graph, length_auto_ignores_tracks_silenced_by_solo)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  a: {file: m.wav, at: 1000 smp, solo: true}\n"
                  "  b: {file: m.wav, at: 5 s}\n");
  cr_assert_eq(b.err, SP_OK);
  cr_assert_eq(b.g->content_frames, 1000 + 480);
  done(&b);
}

/* A bus of `to: none` whose sends play is heard through them: no "so
 * nothing hears it" (before, said though the mix held it at -20 LUFS);
 * one with no send still is warned of. */
Test(graph, a_bus_to_none_whose_sends_play_is_not_said_unheard)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  a: {file: m.wav, to: d}\n"
                  "  c: {file: m.wav, to: e}\n"
                  "buses:\n"
                  "  d: {to: none, sends: [{to: v}]}\n"
                  "  e: {to: none}\n"
                  "  v: {}\n");
  cr_assert_eq(b.err, SP_OK);
  cr_expect(!has_message(&b, "bus 'd' feeds nothing"), "its send to v plays");
  cr_expect(has_message(&b, "bus 'e' feeds nothing ('to: none') and is not printed, so nothing "
                            "hears it"));
  done(&b);
}

/* check's warnings for sends nobody hears: into a return that ends in a bus
 * feeding nothing, unprinted (not when that bus is printed: a cue mix),
 * said once, by that bus's warning, whose fix is the send's too (before,
 * the send's said it again: "this send goes to 'verb', whose output ends
 * in 'fx', which feeds nothing ..."); and a stem of split: buses whose bus
 * is muted. */
Test(graph, warns_of_sends_that_end_nowhere_and_of_muted_stems_under_split_buses)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  a: {file: m.wav, sends: [{to: verb}, {to: slap}]}\n"
                  "  c: {file: m.wav, to: g}\n"
                  "  d: {file: m.wav, to: h}\n"
                  "  e: {file: m.wav, mute: true}\n"
                  "buses:\n"
                  "  verb: {to: fx}\n"
                  "  fx: {to: none}\n"
                  "  slap: {to: cue}\n"
                  "  cue: {to: none, print: true}\n"
                  "  g: {mute: true}\n"
                  "  h: {mute: true}\n"
                  "stems:\n"
                  "  split: buses\n"
                  "  dry: [a]\n"
                  "  group: [g]\n"
                  "  both: [h, e]\n");
  cr_assert_eq(b.err, SP_OK);
  cr_assert(has_message(&b, "bus 'fx' feeds nothing ('to: none') and is not printed, so nothing "
                            "hears it"));
  cr_assert(!has_message(&b, "this send goes to 'verb'"), "said by fx's warning");
  cr_assert(!has_message(&b, "this send goes to 'slap'"), "a printed cue mix hears it");
  cr_assert(has_message(&b, "stem 'group' prints silence: its bus 'g' is muted; unmute it"));
  cr_assert(!has_message(&b, "every track of stem 'group'"), "its track is not muted");
  cr_assert(has_message(&b, "stem 'both' prints silence: its tracks are muted or reach it "
                            "through the muted bus 'h'"));
  cr_assert(!has_message(&b, "every track of stem 'dry'"));
  done(&b);
}

/* Under split: buses a stem is its bus whole: a track that reaches it by
 * a send sounds in it, and its own tracks muted do not silence it (the
 * reviewer's case: music.wav at -28.4 dBFS peak, vox's send through fx,
 * said to print silence). Under split: sources the send plays in vox's own
 * stem, and music does print silence: said. */
Test(graph, a_stem_a_send_reaches_under_split_buses_is_not_said_to_print_silence)
{
  for (int sources = 0; sources < 2; sources++) {
    char *text = sp_xasprintf("stemprint: 1\n"
                              "tracks:\n"
                              "  vox: {file: m.wav, to: vocals, sends: [{to: fx}]}\n"
                              "  bass: {file: m.wav, to: music, mute: true}\n"
                              "  drum: {file: m.wav, to: music, mute: true}\n"
                              "buses:\n"
                              "  vocals: {}\n"
                              "  music: {}\n"
                              "  fx: {to: music}\n"
                              "stems:\n"
                              "  split: %s\n"
                              "  vocals: [vocals]\n"
                              "  music: [music]\n",
                              sources ? "sources" : "buses");
    built b = build(text);
    cr_assert_eq(b.err, SP_OK);
    cr_expect_eq(has_message(&b, "every track of stem 'music' is muted, so it prints silence"),
                 sources == 1, "split: %s", sources ? "sources" : "buses");
    done(&b);
    free(text);
  }
}

/* A soloed track into a bus of `to: none`: one error, at the solo, naming
 * the bus's `to:` too. Before, its fixes were said again: the bus's
 * warning at buses.cue.to, the solo's warning at the error's key, and the
 * stem the solo silences (only the solo's key was noted as said). */
Test(graph, a_soloed_track_lost_in_a_bus_is_one_message)
{
  built b = build("stemprint: 1\n"
                  "tracks:\n"
                  "  kick: {file: m.wav, to: cue, solo: true}\n"
                  "  pad: {file: m.wav}\n"
                  "buses:\n"
                  "  cue: {to: none}\n"
                  "stems:\n"
                  "  k: [kick]\n"
                  "  p: [pad]\n");
  cr_assert(has_message(&b, "track 'kick' is soloed, which silences the tracks that are not, and "
                            "track 'kick' ends in bus 'cue'"));
  for (size_t i = 0; i < b.d.n; i++)
    cr_expect_eq(b.d.v[i].severity, SP_SEV_ERROR, "said beside the error: %s: %s", b.d.v[i].path,
                 b.d.v[i].msg);
  done(&b);
}

/* ---- one plan: a cache miss renders its key's plan made whole, and own
 * versions are planned with the graph ---------------------------------- */

/* Every figure the probes decide, the same in a and b. */
static void same_probed(const sp_graph *a, const sp_graph *b)
{
  cr_assert_eq(a->n_nodes, b->n_nodes);
  for (size_t i = 0; i < a->n_nodes; i++) {
    const sp_node *x = &a->nodes[i], *y = &b->nodes[i];
    cr_assert_eq(x->lat_in, y->lat_in, "%s", x->path);
    cr_assert_eq(x->lat_out, y->lat_out, "%s", x->path);
    cr_assert_eq(x->lat_down, y->lat_down, "%s", x->path);
    cr_assert_eq(x->tail_out, y->tail_out, "%s", x->path);
    for (size_t k = 0; k < x->strip->n_inserts; k++) {
      cr_assert_eq(x->ins[k].latency, y->ins[k].latency, "%s[%zu]", x->path, k);
      cr_assert_eq(x->ins[k].tail, y->ins[k].tail, "%s[%zu]", x->path, k);
      cr_assert_eq(x->ins[k].link_floor, y->ins[k].link_floor, "%s[%zu]", x->path, k);
      cr_assert_eq(x->ins[k].channels, y->ins[k].channels, "%s[%zu]", x->path, k);
    }
  }
  for (size_t e = 0; e < a->n_edges; e++)
    cr_assert_eq(a->edges[e].delay, b->edges[e].delay, "edge %zu", e);
  cr_assert_eq(a->n_outputs, b->n_outputs);
  for (size_t o = 0; o < a->n_outputs; o++)
    cr_assert_eq(a->outputs[o].delay, b->outputs[o].delay, "%s", a->outputs[o].name);
  cr_assert_eq(a->latency, b->latency);
  cr_assert_eq(a->content_frames, b->content_frames);
  cr_assert_eq(a->tail_frames, b->tail_frames);
  cr_assert_eq(a->n_insert_files, b->n_insert_files);
}

static const char one_plan[] =
    "stemprint: 1\n"
    "tail: auto\n"
    "tracks:\n"
    "  a: {file: m.wav, sends: [{to: echo}], inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 5 "
    "ms}}]}\n"
    "  b: {file: s.wav, to: look}\n"
    "buses:\n"
    "  look: {inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 2 ms}}]}\n"
    "  echo: {inserts: [{delay: {time: 20 ms, feedback: 0.3}}]}\n"
    "stems:\n"
    "  x: [a]\n"
    "  y: [b]\n"
    "versions:\n"
    "  justb: {keep: [b], mode: own}\n"
    "  noa: {mute: [a]}\n";

Test(graph, a_key_only_plan_completed_is_the_full_plan)
{
  built full = build(one_plan);
  cr_assert_eq(full.err, SP_OK);
  cr_assert_eq(sp_diags_errors(&full.d), 0);
  sp_diags d;
  sp_diags_init(&d);
  sp_graph_opts key = {.key_only = true};
  sp_graph *g = NULL;
  cr_assert_eq(sp_graph_build(full.r, sp_audio_media(), &key, &g, &d), SP_OK);
  cr_assert(g->key_only);
  cr_assert_eq(g->tail_frames, 0, "a key's plan measures no tail");
  cr_assert_eq(g->versions[0].own, NULL, "a key's plan renders no version");
  cr_assert_eq(sp_graph_complete(&g, &key, &d), SP_OK);
  cr_assert(!g->key_only);
  cr_assert_gt(full.g->latency, 0);
  cr_assert_gt(full.g->tail_frames, 0);
  same_probed(full.g, g);
  /* and its own version, planned with it */
  cr_assert_neq(g->versions[0].own, NULL);
  same_probed(full.g->versions[0].own, g->versions[0].own);
  cr_assert_eq(sp_diags_errors(&d), 0);
  sp_graph_free(g);
  sp_diags_fini(&d);
  done(&full);
}

Test(graph, own_versions_are_planned_with_the_graph_from_its_probes)
{
  built b = build(one_plan);
  cr_assert_eq(b.err, SP_OK);
  cr_assert_eq(sp_diags_errors(&b.d), 0);
  const sp_version_plan *own = &b.g->versions[0], *linked = &b.g->versions[1];
  cr_assert_str_eq(own->v->name, "justb");
  cr_assert_eq(linked->own, NULL, "a linked version is no render of its own");
  const sp_graph *v = own->own;
  cr_assert_neq(v, NULL);
  cr_assert(!v->key_only);
  /* the mix alone is its file, the version's */
  const sp_output_plan *o = NULL;
  for (size_t i = 0; i < b.g->n_outputs; i++)
    if (b.g->outputs[i].kind == SP_OUT_VERSION && b.g->outputs[i].own)
      o = &b.g->outputs[i];
  cr_assert_neq(o, NULL);
  cr_assert_str_eq(v->outputs[0].path, o->path);
  /* a silent, b plays; the probes are the graph's */
  cr_assert(v->nodes[0].silent);
  cr_assert(!v->nodes[1].silent);
  for (size_t i = 0; i < v->n_nodes; i++)
    for (size_t k = 0; k < v->nodes[i].strip->n_inserts; k++) {
      cr_assert_eq(v->nodes[i].ins[k].latency, b.g->nodes[i].ins[k].latency);
      cr_assert_eq(v->nodes[i].ins[k].tail, b.g->nodes[i].ins[k].tail);
    }
  cr_assert_eq(v->versions[0].own, NULL, "a version's plan plans no versions");
  done(&b);
}

/* ---- a position's azimuth the short way round (core/graph/routes.c) ---- */

/* The path the panner took before it took turns a binade at a time: each
 * point a turn at a time to within 180 of the one before. */
static double one_turn_at_a_time(double v, double before)
{
  while (v - before > 180)
    v -= 360;
  while (v - before < -180)
    v += 360;
  return v;
}

/* A spin of many turns: its path is the same to the bit as one turn at a
 * time, in time linear in its points (one turn at a time, the spin of
 * 200000 points below cost 10^10 turns, seconds; a script's spin of a
 * million, minutes); and a point after one refused (out of -180 .. 180,
 * as written) is as written, not turned a turn at a time towards 1e300
 * (which never ended: 1e300 + 360 is 1e300). */
Test(graph, an_azimuth_path_spins_in_time_linear_in_its_points, .timeout = TU_TIMEOUT(10))
{
  enum { POINTS = 200000 };
  sp_auto spin = {.n = POINTS};
  spin.points = sp_xcalloc(POINTS, sizeof *spin.points);
  for (size_t i = 0; i < POINTS; i++) { /* 179.3 degrees a point, written as -180 .. 180 */
    const double turned = fmod(179.3 * (double)i, 360);
    spin.points[i] = (sp_auto_point){.t = {.seconds = 0.01 * (double)i},
                                     .v = round((turned > 180 ? turned - 360 : turned) * 10) / 10};
  }
  sp_auto *path = graph_azimuth_path(&spin);
  cr_assert_eq(path->points[0].v, 0);
  for (size_t i = 1; i < POINTS; i++) {
    if (i > 2000 && i % 997) /* (all of them a turn at a time: quadratic) */
      continue;
    const double v = one_turn_at_a_time(spin.points[i].v, path->points[i - 1].v);
    cr_assert_eq(path->points[i].v, v, "point %zu: %.17g, %.17g a turn at a time", i,
                 path->points[i].v, v);
  }
  cr_assert_gt(path->points[POINTS - 1].v, 179.3 * (POINTS - 2));
  sp_auto_free(path);
  free(path);
  const double refused[] = {0, 1e300, 10, -170}; /* (the second refused) */
  sp_auto_free(&spin);
  spin = (sp_auto){.points = sp_xcalloc(4, sizeof *spin.points), .n = 4};
  for (size_t i = 0; i < 4; i++)
    spin.points[i] = (sp_auto_point){.t = {.seconds = (double)i}, .v = refused[i]};
  path = graph_azimuth_path(&spin);
  cr_expect_eq(path->points[1].v, 1e300);
  cr_expect_eq(path->points[2].v, 10);
  cr_expect_eq(path->points[3].v, -170);
  sp_auto_free(path);
  free(path);
  sp_auto_free(&spin);
}

/* The last of Ardour's disk reads at or before a frame (the reader's cut
 * of a region past its file's end, io/session/ardour_regions.c) is the
 * read before the first one after it, read by read; in a few steps
 * whatever the frame (a frame of a region hours in, or at INT64_MAX/2,
 * which walked read by read would take billions). */
Test(graph, the_disk_read_at_a_frame_is_the_one_before_the_next)
{
  static const double rates[] = {44100, 48000, 96000, 192000};
  for (size_t k = 0; k < 4; k++) {
    int64_t walked = 0, next = sp_graph_disk_read_after(0, rates[k]);
    for (int64_t t = 0; t < 4000000; t += 997) {
      while (next <= t) {
        walked = next;
        next = sp_graph_disk_read_after(next, rates[k]);
      }
      cr_assert_eq(sp_graph_disk_read_at(t, rates[k]), walked, "%g Hz, frame %lld", rates[k],
                   (long long)t);
    }
    const int64_t far = INT64_MAX / 2, at = sp_graph_disk_read_at(far, rates[k]);
    cr_expect(at <= far && sp_graph_disk_read_after(at, rates[k]) > far, "%g Hz", rates[k]);
  }
}
