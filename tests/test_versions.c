/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deliverables in one run: versions and printed buses.
 *
 * Linked versions use the mix's dynamics: on the demo (bus compressors, a
 * keyed compressor, a gate, a master limiter) at 32-bit float, the
 * instrumental plus the two vocal stems, and the TV mix plus the lead vocal
 * stem, null against the mix below -120 dBFS (measured here from the
 * printed files, and by the render's own check). An own version is a render
 * of its own: bit for bit what a copy of the recipe with those tracks muted
 * prints as its mix. A cue mix fed by pre-fader sends does not move with the
 * tracks' faders (a known answer, and the demo's cue.wav unchanged by a
 * fader move), and a `to: none` bus does not reach the mix. Each mistake
 * `check` refuses is reported with file:line:col. */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEMO SP_SOURCE_DIR "/recipes/demo/song.yaml"

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(versions, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(180));

/* text with every `from` replaced by `to` (which must occur when must). */
static char *replace(const char *text, const char *from, const char *to, bool must)
{
  size_t n = 0;
  for (const char *p = strstr(text, from); p; p = strstr(p + strlen(from), from))
    n++;
  cr_assert(!must || n > 0, "no '%s' in the demo", from);
  char *out = sp_xcalloc(strlen(text) + n * (strlen(to) + 1) + 1, 1);
  const char *p = text;
  for (const char *q = strstr(p, from); q; q = strstr(p, from)) {
    strncat(out, p, (size_t)(q - p));
    strcat(out, to);
    p = q + strlen(from);
  }
  strcat(out, p);
  return out;
}

/* The demo, sources made absolute, its first 6 s with 1 s of tail: what
 * these tests compare (versions, mutes, a cue bus, a fader move in the
 * first 3.8 s) is there in every part of the song, and the whole song with
 * its tail took 18 s of render each, nine times in this module. */
static char *demo_text(void)
{
  char *text = tu_slurp_must(DEMO);
  char *a = replace(text, "../../fixtures/audio/", SP_FIXTURE_DIR "/", true);
  char *b = replace(a, "length: auto ", "length: 6 s ", true);
  char *c = replace(b, "tail: auto ", "tail: 1 s ", true);
  free(text);
  free(a);
  free(b);
  return c;
}

/* That, printed at 32-bit float into dir/out. */
static char *demo_32f(void)
{
  char *text = demo_text();
  char *b = replace(text, "  depth: 24\n", "  depth: 32f\n", true);
  char *c = replace(b, "  dither: tpdf\n", "  dither: none\n", true);
  free(text);
  free(b);
  return c;
}

typedef struct audio {
  double *x;
  int64_t frames;
  int channels;
} audio;

static audio load(const char *sub, const char *name)
{
  char *p = sp_xasprintf("%s/%s/%s.wav", dir, sub, name);
  audio a;
  int rate;
  a.x = tu_read(p, &a.frames, &a.channels, &rate);
  cr_assert_not_null(a.x, "cannot read %s", p);
  free(p);
  return a;
}

/* Peak of Σ parts − whole, in dBFS. */
static double residual_dbfs(const char *sub, const char *whole, const char *const *parts, size_t n)
{
  audio w = load(sub, whole);
  double *sum = sp_xcalloc((size_t)(w.frames * w.channels), sizeof *sum);
  for (size_t k = 0; k < n; k++) {
    audio p = load(sub, parts[k]);
    cr_assert_eq(p.frames, w.frames);
    for (int64_t i = 0; i < w.frames * w.channels; i++)
      sum[i] += p.x[i];
    free(p.x);
  }
  double peak = 0;
  for (int64_t i = 0; i < w.frames * w.channels; i++)
    peak = fmax(peak, fabs(sum[i] - w.x[i]));
  free(sum);
  free(w.x);
  return peak > 0 ? 20 * log10(peak) : -INFINITY;
}

static void render_cli(const char *recipe_text, const char *name, const char *sub)
{
  char *path = tu_write_text(dir, name, recipe_text);
  char *out = tu_path(dir, sub);
  char *err = NULL;
  const char *args[] = {"render", "-q", path, "-o", out, NULL};
  int rc = tu_run(args, NULL, &err);
  cr_assert_eq(rc, 0, "render %s: exit %d\n%s", name, rc, err);
  free(err);
  free(out);
  free(path);
}

/* text rendered through the library as tu_render_shared renders it (as
 * t.yaml) in dir/sub: the folder of its prints (heap). */
static char *render_lib(const char *text, const char *sub)
{
  char *d = tu_path(dir, sub);
  cr_assert_eq(mkdir(d, 0777), 0);
  sp_render_result res;
  cr_assert_eq(tu_render_text(d, text, &res), SP_OK);
  sp_render_result_fini(&res);
  char *prints = tu_path(d, "out/t");
  free(d);
  return prints;
}

/* demo_32f as it is, rendered once for the tests that hold a variant
 * against it (tu_render_shared): the folder of its prints (heap). */
static char *demo_32f_shared(void)
{
  char *text = demo_32f();
  char *folder = tu_render_shared("versions", text);
  char *prints = tu_path(folder, "out/t");
  free(folder);
  free(text);
  return prints;
}

Test(versions, linked_versions_plus_what_they_leave_out_null_below_minus_120)
{
  char *text = demo_32f();
  char *path = tu_write_text(dir, "demo.yaml", text);
  sp_render_result res;
  cr_assert_eq(tu_render(path, 0, &res), SP_OK);
  /* The render's own checks: the stems, the instrumental, the TV mix. */
  cr_assert(res.null_ran && res.null_passed);
  cr_assert_eq(res.n_version_nulls, 2);
  for (size_t v = 0; v < res.n_version_nulls; v++)
    cr_assert_lt(res.version_nulls[v].null.residual_peak_dbfs, -120.0, "%s: %.1f dBFS",
                 res.version_nulls[v].version, res.version_nulls[v].null.residual_peak_dbfs);
  sp_render_result_fini(&res);
  /* And from the files, summed here. */
  const char *inst[] = {"instrumental", "lead_vocal", "backing_vocals"};
  double r1 = residual_dbfs("out/demo", "mix", inst, 3);
  cr_assert_lt(r1, -120.0, "instrumental + vocals: %.1f dBFS", r1);
  const char *tv[] = {"tv", "lead_vocal"};
  double r2 = residual_dbfs("out/demo", "mix", tv, 2);
  cr_assert_lt(r2, -120.0, "tv + lead vocal: %.1f dBFS", r2);
  /* The versions really leave something out (they are not the mix). */
  const char *alone[] = {"instrumental"};
  cr_assert_gt(residual_dbfs("out/demo", "mix", alone, 1), -30.0);
  free(path);
  free(text);
}

Test(versions, own_version_equals_a_copy_with_the_vocals_muted_bit_for_bit)
{
  /* The demo with an own instrumental, at 24 bit with dither: the version's
   * bytes must be the copy's mix's bytes, dither included. */
  char *a = demo_text();
  char *with = replace(a, "  instrumental: {mute: [vocals]}",
                       "  instrumental: {mute: [vocals], mode: own}", true);
  render_cli(with, "own.yaml", "own");
  /* The copy: vox and bgv muted, and no versions (they would leave out
   * nothing now). */
  char *b = replace(a, "    to: vocals\n", "    mute: true\n    to: vocals\n", true);
  char *cut = strstr(b, "\nversions:");
  cr_assert_not_null(cut);
  char *rest = strstr(cut, "\noutput:");
  cr_assert_not_null(rest);
  memmove(cut, rest, strlen(rest) + 1);
  render_cli(b, "copy.yaml", "copy");
  char *v = tu_path(dir, "own/instrumental.wav"), *m = tu_path(dir, "copy/mix.wav");
  cr_assert(tu_same_bytes(v, m), "the own instrumental differs from the copy's mix");
  /* ... and it differs from the linked instrumental of the same song. */
  render_cli(a, "linked.yaml", "linked");
  char *l = tu_path(dir, "linked/instrumental.wav");
  cr_assert_not(tu_same_bytes(v, l), "own and linked are the same: own is not a fresh render");
  free(l);
  free(v);
  free(m);
  free(a);
  free(b);
  free(with);
}

Test(versions, cue_mix_of_pre_fader_sends_ignores_the_faders)
{
  /* Known answer: a DC source at 0.5, its fader at -inf, a pre-fader send
   * at -6 dB to a cue bus (to: none, printed, centre): the cue carries
   * 0.5 · 10^(-6/20) · cos(π/4) on each side; the mix carries nothing of it. */
  static float dc[4800];
  for (int i = 0; i < 4800; i++)
    dc[i] = 0.5f;
  free(tu_write_wav(dir, "dc.wav", 1, 48000, 32, dc, 4800));
  free(tu_write_wav(dir, "other.wav", 1, 48000, 32, dc, 4800));
  render_cli("stemprint: 1\n"
             "tracks:\n"
             "  dc: {file: dc.wav, gain: -inf dB, sends: [{to: cue, level: -6 dB, tap: pre}]}\n"
             "  other: {file: other.wav, gain: -12 dB}\n"
             "buses:\n"
             "  cue: {to: none, print: true}\n"
             "output: {depth: 32f}\n",
             "cue.yaml", "cue");
  audio cue = load("cue", "cue"), mix = load("cue", "mix");
  double want = 0.5 * pow(10, -6 / 20.0) * cos(M_PI / 4);
  for (int64_t i = 0; i < cue.frames * 2; i++)
    cr_assert_float_eq(cue.x[i], want, 1e-6, "cue sample %lld: %g", (long long)i, cue.x[i]);
  double mix_want = 0.5 * pow(10, -12 / 20.0) * cos(M_PI / 4); /* only 'other' */
  cr_assert_float_eq(mix.x[0], mix_want, 1e-6);
  free(cue.x);
  free(mix.x);

  /* The demo: the vocal's fader moved by 9 dB; the cue does not change. */
  char *text = demo_32f();
  char *a = demo_32f_shared();
  char *moved = replace(text, "    gain: [[0, -4 dB], [3.8 s, -4 dB]",
                        "    gain: [[0, -13 dB], [3.8 s, -4 dB]", true);
  char *b = render_lib(moved, "fader_b");
  char *ca = tu_path(a, "cue.wav"), *cb = tu_path(b, "cue.wav");
  char *ma = tu_path(a, "mix.wav"), *mb = tu_path(b, "mix.wav");
  free(a);
  free(b);
  cr_assert(tu_same_bytes(ca, cb), "a fader move changed the pre-fader cue mix");
  cr_assert_not(tu_same_bytes(ma, mb), "the fader move did change the mix");
  free(ca);
  free(cb);
  free(ma);
  free(mb);
  free(moved);
  free(text);
}

Test(versions, a_to_none_bus_does_not_reach_the_mix)
{
  char *text = demo_32f();
  char *with = demo_32f_shared();
  /* Without the cue bus and the sends that feed it. */
  char *a = replace(
      text,
      "      - {to: cue, level: -6 dB, tap: pre}     # the singer's cue mix (see buses.cue)\n", "",
      true);
  char *b = replace(a, "      - {to: cue, level: -8 dB, tap: pre}\n", "", true);
  char *c = replace(
      b,
      "      - {to: cue, level: 0 dB, tap: pre}      # \"more me\": the singer's own voice, loud\n",
      "", true);
  char *d = replace(c, "    sends:\n      - {to: cue, level: -6 dB, tap: pre}\n", "", true);
  char *e = replace(d, "  cue: {to: none, print: true, gain: -3 dB}\n", "", true);
  cr_assert_null(strstr(e, "cue,"), "every send to the cue was removed:\n%s", e);
  char *without = render_lib(e, "without");
  const char *files[] = {"mix.wav", "drums.wav", "instrumental.wav", "acappella.wav"};
  for (size_t k = 0; k < 4; k++) {
    char *x = tu_path(with, files[k]), *y = tu_path(without, files[k]);
    cr_assert(tu_same_bytes(x, y), "%s changes with a to: none bus", files[k]);
    free(x);
    free(y);
  }
  free(a);
  free(b);
  free(c);
  free(d);
  free(e);
  free(with);
  free(without);
  free(text);
}

/* A linked version that leaves out part of a stem (or a recipe with no
 * stems) is null-tested too: what it leaves out is printed to a temporary
 * file for the test and never kept. Through a bus compressor, so linking
 * matters; the JSON report holds each version's null object. */
Test(versions, versions_that_split_a_stem_are_null_tested_too)
{
  static float a[48000], b[48000];
  for (int i = 0; i < 48000; i++) {
    a[i] = (float)(0.5 * sin(2 * M_PI * 110.0 * i / 48000) * (i % 12000 < 3000 ? 1.0 : 0.2));
    b[i] = (float)(0.3 * sin(2 * M_PI * 700.0 * i / 48000));
  }
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 48000));
  free(tu_write_wav(dir, "b.wav", 1, 48000, 24, b, 48000));
  static const char *const stems[] = {"stems: {all: [a, b]}\n", ""};
  for (int s = 0; s < 2; s++) {
    char *text = sp_xasprintf(
        "stemprint: 1\n"
        "tracks:\n"
        "  a: {file: a.wav, to: bus}\n"
        "  b: {file: b.wav, to: bus}\n"
        "buses:\n"
        "  bus: {inserts: [{compressor: {threshold: -30 dB, ratio: 4, attack: 1 ms}}]}\n"
        "%s"
        "versions:\n"
        "  no_b: {mute: [b]}\n"
        "output: {depth: 32f, dither: none}\n",
        stems[s]);
    char *path = tu_write_text(dir, "split.yaml", text);
    char *out = tu_path(dir, "vo"), *report = tu_path(dir, "split.json"), *err = NULL;
    const char *args[] = {"render", path, "-o", out, "--report", report, "-q", NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
    char *json = tu_slurp_must(report);
    const char *vn = strstr(json, "\"version_nulls\"");
    cr_assert_not_null(vn, "%s", json);
    cr_assert_not_null(strstr(vn, "\"version\": \"no_b\""), "%s", vn);
    cr_assert_not_null(strstr(vn, "what it leaves out, printed for the test"), "%s", vn);
    cr_assert_not_null(strstr(json, "null: version 'no_b' + what it leaves out"), "%s", json);
    cr_assert_not_null(strstr(vn, "\"passed\": true"), "%s", vn);
    /* only the deliverables are left: no temporary print */
    cr_assert_eq(tu_count_prints(out), s == 0 ? 3 : 2, "stems set %d", s);
    /* and the version is not the mix: b is really left out */
    const char *one[] = {"no_b"};
    cr_assert_gt(residual_dbfs("vo", "mix", one, 1), -30.0);
    tu_rmtree(out);
    free(json);
    free(err);
    free(report);
    free(out);
    free(path);
    free(text);
  }
}

/* Under split: buses a track's send can reach another stem (the dialogue's
 * reverb on a return in the effects stem): a version that leaves out the
 * dialogue leaves out its reverb too, so what it leaves out is the dialogue
 * and the effects stems together (the effects hold nothing else), and the
 * version plus those two nulls against the mix. It was checked against the
 * dialogue stem alone and failed at -17 dBFS. */
Test(versions, a_left_out_tracks_sends_into_another_stem_are_left_out_with_it)
{
  static float a[48000], b[48000];
  for (int i = 0; i < 48000; i++) {
    a[i] = (float)(0.3 * sin(2 * M_PI * 220.0 * i / 48000) * (i % 6000 < 1500 ? 1.0 : 0.0));
    b[i] = (float)(0.2 * sin(2 * M_PI * 500.0 * i / 48000));
  }
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 48000));
  free(tu_write_wav(dir, "b.wav", 1, 48000, 24, b, 48000));
  render_cli("stemprint: 1\n"
             "tracks:\n"
             "  a: {file: a.wav, sends: [{to: echo, level: -6 dB}], to: d}\n"
             "  b: {file: b.wav, to: m}\n"
             "buses:\n"
             "  d: {}\n  m: {}\n  e: {}\n"
             "  echo: {inserts: [{delay: {time: 40 ms, feedback: 0.5}}], to: e}\n"
             "stems: {split: buses, dia: [d], mus: [m], fx: [e]}\n"
             "versions: {me: {mute: [dia]}}\n"
             "output: {depth: 32f, dither: none}\n",
             "me.yaml", "me");
  const char *left[] = {"me", "dia", "fx"}, *kept[] = {"mus"};
  cr_expect_lt(residual_dbfs("me", "mix", left, 3), -130.0, "version + dia + fx = mix");
  cr_expect_lt(residual_dbfs("me", "me", kept, 1), -130.0, "the M&E is the music alone");
}

/* An own version can mute a return (a dry mix): bit for bit what a copy of
 * the recipe with the return muted prints as its mix. */
Test(versions, an_own_version_mutes_a_return)
{
  static float a[24000];
  for (int i = 0; i < 24000; i++)
    a[i] = (float)(0.4 * sin(2 * M_PI * 220.0 * i / 48000) * (i < 6000 ? 1.0 : 0.0));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 24000));
  const char *body = "tracks:\n"
                     "  a: {file: a.wav, sends: [{to: verb, level: -6 dB}]}\n"
                     "buses:\n"
                     "  verb: {inserts: [{delay: {time: 100 ms, feedback: 0.5}}]%s}\n"
                     "master: {inserts: [{compressor: {threshold: -20 dB, ratio: 3}}]}\n"
                     "output: {depth: 24, dither: tpdf}\n";
  char *with = sp_xasprintf(body, "");
  char *text = sp_xasprintf("stemprint: 1\n%sversions:\n  dry: {mute: [verb], mode: own}\n", with);
  char *muted_body = sp_xasprintf(body, ", mute: true");
  char *copy = sp_xasprintf("stemprint: 1\n%s", muted_body);
  render_cli(text, "wet.yaml", "a");
  render_cli(copy, "copy.yaml", "b");
  /* the version's dither is its pass's mix's, as in the copy */
  char *x = sp_xasprintf("%s/a/dry.wav", dir), *y = sp_xasprintf("%s/b/mix.wav", dir);
  cr_assert(tu_same_bytes(x, y), "the own dry version differs from a copy with verb muted");
  const char *one[] = {"dry"};
  cr_assert_gt(residual_dbfs("a", "mix", one, 1), -40.0, "the echo is really left out");
  char *out = NULL;
  char *path = tu_path(dir, "wet.yaml");
  const char *args[] = {"graph", path, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_assert(strstr(out, "dry (own): leaves out (the return) verb"), "%s", out);
  free(out);
  free(path);
  free(x);
  free(y);
  free(copy);
  free(muted_body);
  free(text);
  free(with);
}

typedef struct bad {
  const char *name, *recipe, *where, *says;
} bad;

#define HEAD                                                                                       \
  "stemprint: 1\n"                                                                                 \
  "tracks:\n"                                                                                      \
  "  kick: {file: m.wav, to: drums}\n"                                                             \
  "  vox: {file: m.wav}\n"                                                                         \
  "buses:\n"                                                                                       \
  "  drums: {}\n"
#define STEMS "stems: {drums: [drums], vocals: [vox]}\n"

Test(versions, check_refuses_version_and_output_mistakes_with_positions)
{
  static float m[4800];
  free(tu_write_wav(dir, "m.wav", 1, 48000, 24, m, 4800));
  static const bad rows[] = {
      {"a name nothing has", HEAD STEMS "versions:\n  tv: {mute: [voxx]}\n",
       "r.yaml:9:15: versions.tv.mute[0]:",
       "no stem, track or bus named 'voxx'; did you mean 'vox'?"},
      {"leaves out nothing", HEAD STEMS "versions:\n  tv: {keep: [drums, vocals]}\n",
       "r.yaml:9:3: versions.tv:", "version 'tv' leaves out nothing: it would print the mix again"},
      {"leaves out everything", HEAD STEMS "versions:\n  none_left: {mute: [drums, vox]}\n",
       "r.yaml:9:3: versions.none_left:", "leaves out every track: it would print silence"},
      {"mute and keep", HEAD STEMS "versions:\n  tv: {mute: [vox], keep: [drums]}\n",
       "r.yaml:9:27: versions.tv.keep:", "give 'mute' (what to leave out) or 'keep'"},
      {"neither mute nor keep", HEAD STEMS "versions:\n  tv: {mode: own}\n",
       "r.yaml:9:3: versions.tv:", "a version says what to leave out"},
      {"a mode that is not", HEAD STEMS "versions:\n  tv: {mute: [vox], mode: lonely}\n",
       "r.yaml:9:27: versions.tv.mode:", "expected 'linked'"},
      {"to none fed by nothing", HEAD "  cue: {to: none, print: true}\n" STEMS,
       "r.yaml:7:13: buses.cue.to:", "feeds nothing ('to: none') and nothing feeds it"},
      {"two outputs, one name", HEAD STEMS "versions:\n  drums: {mute: [vox]}\n",
       "r.yaml:9:3: versions.drums:", "would be written to 'drums.wav', like stem 'drums'"},
      {"a linked version muting a return",
       HEAD "  verb: {}\n" STEMS "versions:\n  dry: {mute: [verb]}\n",
       "r.yaml:10:16: versions.dry.mute[0]:",
       "'verb' is a return (only sends reach it), and a linked version leaves out sources with "
       "their sends, not one return's signal; to print the mix without it, give this version "
       "'mode: own'"},
      {"names that differ only in case", HEAD STEMS "versions:\n  Drums: {mute: [vox]}\n",
       "r.yaml:9:3: versions.Drums:",
       "like stem 'drums' (names that differ only in case are one file on macOS and Windows, "
       "whose file systems ignore case); rename one of them by more than case"},
      {"a stem named like the mix", HEAD "stems: {drums: [drums], mix: [vox]}\n",
       "r.yaml:7:30: stems.mix:",
       "stem 'mix' would be written to 'mix.wav', like the mix; rename "
       "it or set output.mix"},
      {"a printed bus named like the mix", HEAD "  mix: {print: true}\n" STEMS,
       "r.yaml:7:16: buses.mix.print:", "printed bus 'mix' would be written to 'mix.wav'"},
  };
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    const bad *b = &rows[k];
    if (!*b->where)
      continue;
    char *path = tu_write_text(dir, "r.yaml", b->recipe);
    char *err = NULL;
    const char *args[] = {"check", path, "--no-levels", NULL};
    int rc = tu_run(args, NULL, &err);
    cr_expect_eq(rc, 2, "%s: exit %d\n%s\n%s", b->name, rc, err, b->recipe);
    cr_expect(strstr(err, b->where), "%s: no '%s' in:\n%s\n%s", b->name, b->where, err, b->recipe);
    cr_expect(strstr(err, b->says), "%s: no '%s' in:\n%s", b->name, b->says, err);
    /* one error for one mistake */
    size_t errors = 0;
    for (const char *e = strstr(err, "stemprint: error:"); e;
         e = strstr(e + 1, "stemprint: error:"))
      errors++;
    cr_expect_eq(errors, 1, "%s: %zu errors:\n%s", b->name, errors, err);
    free(err);
    free(path);
  }
}
