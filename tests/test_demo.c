/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo song end to end. Its routing (group buses with compressors, a
 * bass bus whose compressor is keyed from the kick, a gated snare, a
 * convolution reverb and a ping-pong echo on returns fed pre- and
 * post-fader, automation, a master EQ, compressor and true-peak limiter) is
 * rendered with several stem sets; every set nulls against the mix at the
 * output depth's floor: below -140 dBFS at 32-bit float, within the auto
 * threshold at 24 and 16 bit. The mix itself is checked in level terms: the
 * limiter holds -1 dBTP (and is needed to), the bass ducks under the kick
 * (and only because of the key), the reverb and echoes ring out into the
 * automatic tail. Through the CLI: the same recipe gives the same bytes, at
 * any block size. */

#include "core/base/alloc.h"
#include "core/measure/meter.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO SP_SOURCE_DIR "/recipes/demo/song.yaml"

static const char *const out_32f = "output: {dir: out, depth: 32f}\n";

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(demo, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* The demo's recipe text, with source paths made absolute: the whole of
 * it, or (mixer_only) up to `stems:` (session, tracks, buses, master). */
static char *demo_text(bool mixer_only)
{
  char *text = tu_slurp_must(DEMO);
  if (mixer_only) {
    char *cut = strstr(text, "\nstems:");
    cr_assert_not_null(cut);
    cut[1] = '\0';
  }
  char *out = sp_xcalloc(strlen(text) * 2 + 4096, 1);
  const char *rel = "../../fixtures/audio/";
  for (const char *p = text; *p;) {
    if (strncmp(p, rel, strlen(rel)) == 0) {
      strcat(out, SP_FIXTURE_DIR "/");
      p += strlen(rel);
    } else {
      strncat(out, p, 1);
      p++;
    }
  }
  free(text);
  return out;
}

static char *demo_mixer(void) { return demo_text(true); }

/* Remove from text (in place) the whole line that contains needle, which
 * must be there: a way to change one setting of the demo. */
static void drop_line(char *text, const char *needle)
{
  char *at = strstr(text, needle);
  cr_assert_not_null(at, "the demo no longer contains '%s'", needle);
  char *start = at, *end = strchr(at, '\n');
  while (start > text && start[-1] != '\n')
    start--;
  end = end ? end + 1 : at + strlen(at);
  memmove(start, end, strlen(end) + 1);
}

/* Render mixer (a demo_mixer text, maybe edited) with the given stems and
 * output sections; the files go to dir/out. */
static sp_render_result render_text(const char *mixer, const char *stems, const char *output)
{
  char *text = sp_xasprintf("%s%s%s", mixer, stems, output);
  char *path = tu_write_text(dir, "demo.yaml", text);
  sp_render_result res;
  sp_err err = tu_render(path, 0, &res);
  cr_assert(err == SP_OK, "render failed (%d) for:\n%s", err, stems);
  cr_assert(res.null_ran);
  free(text);
  free(path);
  return res;
}

static sp_render_result render_variant(const char *stems, const char *output)
{
  char *mixer = demo_mixer();
  sp_render_result res = render_text(mixer, stems, output);
  free(mixer);
  return res;
}

/* The same of the demo's first 6 s with 1 s of tail: for the null tests of
 * each stem set and depth, which hold in every part of the song (every
 * track and both returns play in it), at 7 of its 18 s of render. */
static sp_render_result render_excerpt(const char *stems, const char *output)
{
  char *mixer = demo_mixer();
  drop_line(mixer, "length: auto");
  drop_line(mixer, "tail: auto");
  char *cut = sp_xasprintf("length: 6 s\ntail: 1 s\n%s", mixer);
  sp_render_result res = render_text(cut, stems, output);
  free(cut);
  free(mixer);
  return res;
}

/* mixer (a demo_mixer text, maybe edited) cut to its first seconds with no
 * tail, rendered as render_text renders it: for a test that reads only
 * those seconds of a variant. */
static sp_render_result render_first(char *mixer, const char *seconds, const char *stems)
{
  drop_line(mixer, "length: auto");
  drop_line(mixer, "tail: auto");
  char *cut = sp_xasprintf("length: %s\ntail: 0 s\n%s", seconds, mixer);
  sp_render_result res = render_text(cut, stems, out_32f);
  free(cut);
  return res;
}

/* A printed file of the last render, read back whole. */
typedef struct printed {
  double *x; /* interleaved */
  int64_t frames;
  int channels, rate;
} printed;

static printed read_printed_in(const char *folder, const char *name)
{
  char *out = tu_path(folder, "out");
  char *path = tu_path(out, name);
  printed p;
  p.x = tu_read(path, &p.frames, &p.channels, &p.rate);
  cr_assert_not_null(p.x, "cannot read %s", path);
  free(path);
  free(out);
  return p;
}

static printed read_printed(const char *name) { return read_printed_in(dir, name); }

/* RMS level in dBFS over [t0_s, t1_s) of p, all channels. */
static double window_dbfs(const printed *p, double t0_s, double t1_s)
{
  int64_t a = (int64_t)(t0_s * p->rate), b = (int64_t)(t1_s * p->rate);
  cr_assert(a >= 0 && b <= p->frames && a < b, "window %g..%g s outside the file", t0_s, t1_s);
  double sum = 0;
  for (int64_t i = a * p->channels; i < b * p->channels; i++)
    sum += p->x[i] * p->x[i];
  return 10 * log10(sum / (double)((b - a) * p->channels) + 1e-30);
}

/* What the BS.1770 meter (libebur128) reads on p. */
static sp_loudness meter(const printed *p)
{
  sp_meter *m;
  cr_assert_eq(sp_meter_new(p->channels, p->rate, 0, &m), SP_OK);
  enum { CHUNK = 4096 };
  float *buf[2] = {sp_xcalloc(CHUNK, sizeof(float)), sp_xcalloc(CHUNK, sizeof(float))};
  for (int64_t i0 = 0; i0 < p->frames; i0 += CHUNK) {
    size_t n = (size_t)(p->frames - i0 < CHUNK ? p->frames - i0 : CHUNK);
    for (size_t i = 0; i < n; i++)
      for (int c = 0; c < p->channels; c++)
        buf[c][i] = (float)p->x[(i0 + (int64_t)i) * p->channels + c];
    sp_meter_add(m, (const float *const *)buf, n);
  }
  sp_loudness l;
  sp_meter_result(m, &l);
  sp_meter_free(m);
  free(buf[0]);
  free(buf[1]);
  return l;
}

static const char *const stem_sets[] = {
    /* the demo's own */
    "stems:\n  drums: [drums]\n  bass: [bass_bus]\n  music: [keys]\n  vocals: [vocals]\n",
    /* one stem per track: the drum bus compressor, the vocal bus compressor
     * and the master chain are each linked across several stems */
    "stems:\n  k: [kick]\n  s: [snare]\n  h: [hats]\n  b: [bass]\n  keys: [keys]\n"
    "  vox: [vox]\n  bgv: [bgv]\n",
    /* two halves */
    "stems:\n  rhythm: [drums, bass]\n  top: [keys, vocals]\n",
    /* master's inputs */
    "stems:\n  split: buses\n  rhythm: [drums, bass_bus]\n  music: [keys]\n"
    "  vocals: [vocals]\n  fx: [verb, echo]\n",
};


/* The whole demo with its own stems at 32-bit float, rendered once for
 * the tests that read it (tu_render_shared): its folder (heap). */
static char *demo_shared(void)
{
  char *mixer = demo_mixer();
  char *text = sp_xasprintf("%s%s%s", mixer, stem_sets[0], out_32f);
  char *folder = tu_render_shared("demo", text);
  free(text);
  free(mixer);
  return folder;
}

Test(demo, every_stem_set_nulls_below_minus_140_dBFS_at_32f)
{
  for (size_t i = 0; i < sizeof stem_sets / sizeof stem_sets[0]; i++) {
    sp_render_result res = render_excerpt(stem_sets[i], out_32f);
    cr_assert(res.null_passed);
    cr_assert_lt(res.null.residual_peak_dbfs, -140.0, "set %zu: residual %.1f dBFS", i,
                 res.null.residual_peak_dbfs);
    cr_assert(res.null_threshold_dbfs >= -140.0 && res.null_threshold_dbfs < -125.0,
              "set %zu: auto threshold %.1f dBFS", i, res.null_threshold_dbfs);
    cr_assert_gt(res.null.mix_peak_dbfs, -6.0, "the demo must be at a realistic level");
    sp_render_result_fini(&res);
  }
}

Test(demo, stems_null_within_the_auto_threshold_at_24_and_16_bit)
{
  const char *outputs[] = {"output: {dir: out, depth: 24, dither: tpdf}\n",
                           "output: {dir: out, depth: 24, dither: none}\n",
                           "output: {dir: out, depth: 16, dither: tpdf}\n"};
  const double thresholds[] = {20 * log10(5 * 1.5 / 8388608.0), 20 * log10(5 * 0.5 / 8388608.0),
                               20 * log10(5 * 1.5 / 32768.0)};
  for (int i = 0; i < 3; i++) {
    sp_render_result res = render_excerpt(stem_sets[0], outputs[i]);
    cr_assert_float_eq(res.null_threshold_dbfs, thresholds[i], 1e-9);
    cr_assert(res.null_passed, "%s: residual %.1f > %.1f dBFS", outputs[i],
              res.null.residual_peak_dbfs, res.null_threshold_dbfs);
    for (size_t k = 0; k < res.n_outputs; k++)
      cr_assert_eq(res.outputs[k].clipped, 0);
    sp_render_result_fini(&res);
  }
}

/* The whole song's mix (the render bass_ducks_under_the_kick_because_of_its_key
 * reads too) holds the limiter's ceiling; without the limiter, its first
 * 8 s already go over (-0.1 dBTP; the whole song +0.1). */
Test(demo, master_limiter_holds_minus_1_dBTP_on_the_32f_mix)
{
  char *shared = demo_shared();
  printed mix = read_printed_in(shared, "mix.wav");
  free(shared);
  sp_loudness l = meter(&mix);
  cr_assert_leq(l.true_peak_dbtp, -1.0, "true peak %.3f dBTP above the -1 dBTP ceiling",
                l.true_peak_dbtp);
  cr_assert_leq(l.sample_peak_dbfs, l.true_peak_dbtp + 1e-9);
  cr_assert(l.integrated_lufs > -16.0 && l.integrated_lufs < -10.0,
            "the demo is mastered to a realistic loudness; got %.1f LUFS", l.integrated_lufs);
  free(mix.x);

  /* The limiter has work to do: without it the same mix goes over. */
  char *mixer = demo_mixer();
  drop_line(mixer, "- limiter: {ceiling: -1 dBTP");
  sp_render_result res = render_first(mixer, "8 s", stem_sets[0]);
  cr_assert(res.null_passed);
  sp_render_result_fini(&res);
  free(mixer);
  mix = read_printed("mix.wav");
  l = meter(&mix);
  cr_assert_gt(l.true_peak_dbtp, -0.5, "unlimited true peak %.3f dBTP: the limiter test is vacuous",
               l.true_peak_dbtp);
  free(mix.x);
}

/* How far the bass stem dips under the kick, in dB: its level in the 110 ms
 * after each kick on beats 1 and 3 of each bar, against its level after
 * beat 2 of the same bar, where the kick is silent and the bass plays the
 * same note. Averaged over the song's twelve kicks on the beat. */
static double bass_duck_db(const char *folder)
{
  printed bass = read_printed_in(folder, "bass.wav");
  double duck = 0;
  for (int bar = 0; bar < 6; bar++) {
    double free_s = 2.0 * bar + 0.5;
    for (int half = 0; half < 2; half++) {
      double kick_s = 2.0 * bar + 1.0 * half;
      duck += window_dbfs(&bass, free_s + 0.01, free_s + 0.12) -
              window_dbfs(&bass, kick_s + 0.01, kick_s + 0.12);
    }
  }
  free(bass.x);
  return duck / 12;
}

Test(demo, bass_ducks_under_the_kick_because_of_its_key)
{
  char *shared = demo_shared();
  double keyed = bass_duck_db(shared);
  free(shared);
  cr_assert(keyed > 4.0 && keyed < 12.0, "the bass ducks %.2f dB under the kick; want 4..12 dB",
            keyed);

  /* The same compressor listening to the bass itself: no duck, only what
   * the master compressor and limiter do on the kick's peaks (the first
   * 11.5 s, which hold the twelve kicks' windows). */
  char *mixer = demo_mixer();
  drop_line(mixer, "key: {from: kick");
  sp_render_result res = render_first(mixer, "11.5 s", stem_sets[0]);
  cr_assert(res.null_passed);
  sp_render_result_fini(&res);
  free(mixer);
  double unkeyed = bass_duck_db(dir);
  cr_assert_lt(fabs(unkeyed), 1.5, "without the key the bass still moves %.2f dB", unkeyed);
  cr_assert_gt(keyed - unkeyed, 4.0, "the key adds only %.2f dB of ducking", keyed - unkeyed);
}

Test(demo, reverb_and_echoes_sit_under_the_mix_and_ring_out_into_the_tail)
{
  /* split: buses puts the two returns in a stem of their own. */
  sp_render_result res = render_variant(stem_sets[3], out_32f);
  cr_assert(res.null_passed);
  cr_assert_gt(res.seconds, 13.0, "tail: auto renders the reverb's and echoes' tails");
  sp_render_result_fini(&res);
  printed mix = read_printed("mix.wav"), fx = read_printed("fx.wav");
  double under_lu = meter(&mix).integrated_lufs - meter(&fx).integrated_lufs;
  cr_assert(under_lu > 8.0 && under_lu < 24.0,
            "the returns sit %.1f LU under the mix; want 8..24 LU", under_lu);
  double end_s = (double)mix.frames / mix.rate;
  double ring = window_dbfs(&mix, 12.0, 12.5), last = window_dbfs(&mix, end_s - 0.5, end_s);
  cr_assert(ring > -60.0 && ring < -20.0, "12.0-12.5 s after the music: %.1f dBFS", ring);
  cr_assert_lt(last, -100.0, "the tail is cut: its last 0.5 s is at %.1f dBFS", last);
  free(mix.x);
  free(fx.x);
}

/* The demo rendered by the command line into outdir at a block size and a
 * thread count; what it printed to stdout in *out if out is not NULL (then
 * without -q). */
/* The whole demo recipe (stems, versions, output) cut as render_excerpt
 * cuts it, written to dir: its path. */
static char *demo_excerpt_file(void)
{
  char *text = demo_text(false);
  drop_line(text, "length: auto");
  drop_line(text, "tail: auto");
  char *cut = sp_xasprintf("length: 6 s\ntail: 1 s\n%s", text);
  char *path = tu_write_text(dir, "excerpt.yaml", cut);
  free(cut);
  free(text);
  return path;
}

static void run_cli(const char *recipe, const char *outdir, const char *block, const char *jobs,
                    char **out)
{
  char *err = NULL;
  const char *args[] = {"render", recipe, "-o",  outdir, "--block-frames", block, "-j", jobs,
                        out ? NULL : "-q", NULL};
  int rc = tu_run(args, out, &err);
  cr_assert_eq(rc, 0, "stemprint failed: %s", err);
  free(err);
}

/* The same bytes at any block size and any thread count, render after
 * render: the demo (buses, keys, a convolver, own and linked versions, a
 * printed bus; its first 6 s and 1 s of tail, where every track and both
 * returns play: the whole song's three renders cost 19 s of a sanitized
 * run; the browser test renders it whole with this command) at 1024 frames on one thread, again on two, and at 64
 * frames on four, so every thread works inside one recipe. Each render
 * differs from the first in what it varies; all three must print the
 * first's bytes. The first also says where the files are and that they
 * nulled. */
Test(demo, cli_renders_identical_bytes_at_any_block_size_and_thread_count)
{
  char *a = tu_path(dir, "a"), *b = tu_path(dir, "b"), *c = tu_path(dir, "c");
  char *recipe = demo_excerpt_file();
  char *out = NULL;
  run_cli(recipe, a, "1024", "1", &out);
  cr_assert(strstr(out, "/mix.wav"), "%s", out);
  cr_assert(strstr(out, "/lead_vocal.wav"), "%s", out);
  cr_assert(strstr(out, "/cue.wav"), "%s", out);
  cr_assert(strstr(out, "null test: passed"), "%s", out);
  free(out);
  run_cli(recipe, b, "1024", "2", NULL);
  run_cli(recipe, c, "64", "4", NULL);
  const char *files[] = {"mix.wav",          "drums.wav",      "bass.wav",
                         "music.wav",        "lead_vocal.wav", "backing_vocals.wav",
                         "instrumental.wav", "tv.wav",         "acappella.wav",
                         "cue.wav"};
  for (int i = 0; i < 10; i++) {
    char *fa = tu_path(a, files[i]), *fb = tu_path(b, files[i]), *fc = tu_path(c, files[i]);
    cr_assert(tu_same_bytes(fa, fb), "%s differs between -j 1 and -j 2", files[i]);
    cr_assert(tu_same_bytes(fa, fc), "%s differs between 1024 frames on 1 thread and 64 on 4",
              files[i]);
    free(fa);
    free(fb);
    free(fc);
  }
  cr_assert_eq(tu_count_prints(a), 10);
  free(recipe);
  free(a);
  free(b);
  free(c);
}

/* The demo's stems have no bleed: measured by a render with a lane per
 * source, every source reaches its own stem and no other, the shared reverb
 * and echo returns included (split: sources gives each source's share of a
 * return to the source's stem). The demo's first 6 s, where every source
 * plays, as above. */
Test(demo, bleed_finds_none)
{
  char *out = NULL, *err = NULL, *recipe = demo_excerpt_file();
  const char *args[] = {"bleed", recipe, NULL};
  int rc = tu_run(args, &out, &err);
  free(recipe);
  cr_assert_eq(rc, 0, "bleed exit %d:\n%s%s", rc, out, err);
  cr_assert_not_null(strstr(out, "no stem bleed: every source reaches only its own stem"), "%s",
                     out);
  const char *sources[] = {"kick", "snare", "hats", "bass", "keys", "vox", "bgv"};
  for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
    char *row = sp_xasprintf("\n  %s ", sources[i]);
    const char *at = strstr(out, row);
    cr_assert_not_null(at, "no row for %s:\n%s", sources[i], out);
    const char *end = strchr(at + 1, '\n');
    size_t homes = 0, silent = 0;
    for (const char *p = at; p < end; p++) {
      homes += *p == '*';
      silent += strncmp(p, "-inf", 4) == 0;
    }
    cr_assert_eq(homes, 1, "%s: its own stem once", sources[i]);
    cr_assert_eq(silent, 4, "%s: silent in the four other stems", sources[i]);
    free(row);
  }
  free(out);
  free(err);
}

/* The successful opens of each .wav file in the strace log at log (temporary
 * names folded into their print's: ".mix.wav.stemprint-tmp-..." is
 * "mix.wav"), written as "N name\n" lines into a heap string; the largest
 * count into *most. */
static char *opens_per_file(const char *log, int *most)
{
  enum { MAX = 64, LEN = 1024 };
  char(*names)[LEN] = sp_xcalloc(MAX, sizeof *names);
  int counts[MAX], n = 0;
  *most = 0;
  FILE *f = fopen(log, "r");
  cr_assert(f, "no strace log");
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    const char *at = strstr(line, "openat(");
    const char *q = at ? strchr(at, '"') : NULL;
    const char *e = q ? strchr(q + 1, '"') : NULL;
    const char *rc = strstr(line, ") = ");
    if (!e || !rc || rc[4] == '-')
      continue;
    char path[LEN];
    snprintf(path, sizeof path, "%.*s", (int)(e - q - 1), q + 1);
    char *tmp = strstr(path, ".stemprint-tmp-");
    if (tmp)
      *tmp = '\0';
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    base += tmp && base[0] == '.' ? 1 : 0;
    const size_t len = strlen(base);
    if (len < 4 || strcmp(base + len - 4, ".wav") != 0)
      continue;
    int i = 0;
    while (i < n && strcmp(names[i], path) != 0)
      i++;
    if (i == n && n < MAX) {
      memcpy(names[n], path, LEN);
      counts[n++] = 0;
    }
    if (i < n && ++counts[i] > *most)
      *most = counts[i];
  }
  fclose(f);
  char *said = sp_xstrdup("");
  for (int i = 0; i < n; i++) {
    char *more = sp_xasprintf("%s%d %s\n", said, counts[i], names[i]);
    free(said);
    said = more;
  }
  free(names);
  return said;
}

/* Issue 62: a render opens each source once and each print once (written,
 * then read back by three null tests through the descriptor it was
 * written with), and `null` opens each file once (its 16 chunks' readers
 * share it); counted with strace. */
Test(demo, a_render_and_a_null_test_open_each_file_once)
{
  if (system("strace -V >/dev/null 2>&1") != 0) {
    cr_skip_test("strace is not installed here (scripts/deps.sh --tests installs it)");
    return;
  }
  char *recipe = demo_excerpt_file(), *out = tu_path(dir, "out"), *log = tu_path(dir, "trace");
  char *cmd = sp_xasprintf("ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat -o '%s' "
                           "'%s' render -q '%s' -o '%s' >/dev/null 2>&1",
                           log, SP_STEMPRINT_BIN, recipe, out);
  if (system(cmd) != 0) {
    free(cmd);
    cr_skip_test("strace cannot trace the render here");
    return;
  }
  int most;
  char *said = opens_per_file(log, &most);
  cr_expect_eq(most, 1, "a render's opens per file:\n%s", said);
  cr_expect(strstr(said, "kick.wav") && strstr(said, "mix.wav"), "%s", said);
  free(said);
  free(cmd);
  const char *p[] = {"mix", "drums", "bass", "music", "lead_vocal", "backing_vocals"};
  cmd = sp_xasprintf("ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat -o '%s' '%s' null "
                     "-j 4",
                     log, SP_STEMPRINT_BIN);
  for (int i = 0; i < 6; i++) {
    char *more = sp_xasprintf("%s '%s/%s.wav'", cmd, out, p[i]);
    free(cmd);
    cmd = more;
  }
  char *quiet = sp_xasprintf("%s >/dev/null 2>&1", cmd);
  cr_assert_eq(system(quiet), 0, "%s", quiet);
  said = opens_per_file(log, &most);
  cr_expect_eq(most, 1, "null's opens per file:\n%s", said);
  cr_expect(strstr(said, "backing_vocals.wav"), "%s", said);
  free(said);
  free(quiet);
  free(cmd);
  free(recipe);
  free(out);
  free(log);
}
