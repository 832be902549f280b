/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verification a user hands to a client, through the CLI as they would run
 * it: `loudness` (the per-file object's JSON keys, CSV with and without the
 * series, the album as the files played one after another, silence as null,
 * targets that set the exit status, flags that need another, 5.1 files,
 * clipping at integer full scale, the HTML page's album), `render --report` (every
 * output's loudness, the null object, the checks, timing), recipe checks
 * (checks.loudness with presets; master.normalize reaching its target while
 * the stems still null), `bleed` (a deliberate send into another stem's
 * return is found and named; split: sources has none), `check`'s
 * warnings, each with its position, and its summary counting in words. */

#include "core/base/alloc.h"
#include "io/report/report.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

enum { RATE = 48000, SECS = 4, N = SECS * RATE };

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  static float tone[2 * N], noise[2 * N], low[N], silence[2 * N];
  uint64_t s = 5;
  for (int i = 0; i < N; i++) {
    /* 997 Hz at -20 dBFS peak in both channels: -20.0 LUFS */
    float v = (float)(0.1 * sin(2 * M_PI * 997.0 * i / RATE));
    tone[2 * i] = tone[2 * i + 1] = v;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    float w = (float)(((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.2);
    noise[2 * i] = w;
    noise[2 * i + 1] = -w;
    low[i] = (float)(0.3 * sin(2 * M_PI * 80.0 * i / RATE));
  }
  memset(silence, 0, sizeof silence);
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 24, tone, N));
  free(tu_write_wav(dir, "noise.wav", 2, RATE, 24, noise, N));
  free(tu_write_wav(dir, "low.wav", 1, RATE, 24, low, N));
  free(tu_write_wav(dir, "silence.wav", 2, RATE, 24, silence, N));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(verify, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

static char *p(const char *name) { return tu_path(dir, name); }

/* The number after "key": in JSON text, from the first occurrence at or
 * after `from`; NAN for null. */
static double json_num(const char *text, const char *key, const char *from)
{
  char pat[128];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *at = strstr(from ? from : text, pat);
  cr_assert_not_null(at, "no %s in\n%s", key, text);
  at += strlen(pat);
  if (strncmp(at, "null", 4) == 0)
    return NAN;
  return strtod(at, NULL);
}

Test(verify, loudness_json_has_the_per_file_keys_and_silence_is_null)
{
  char *t = p("tone.wav"), *z = p("silence.wav"), *out = NULL;
  const char *args[] = {"loudness", "--json", t, z, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  const char *keys[] = {"path",
                        "frames",
                        "channels",
                        "sample_rate",
                        "format",
                        "integrated_lufs",
                        "loudness_range_lu",
                        "momentary_max_lufs",
                        "shortterm_max_lufs",
                        "true_peak_dbtp",
                        "sample_peak_dbfs",
                        "clipped_samples"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", keys[k]);
    cr_assert(strstr(out, pat), "no %s in\n%s", keys[k], out);
  }
  /* A stereo 997 Hz sine at -20 dBFS peak: mean square 0.005 a channel,
   * summed over two: -20 dB; K-weighting's gain at 997 Hz (+0.69 dB)
   * cancels BS.1770's -0.691 offset: -20.0 LUFS (EBU Tech 3341 case 1 is
   * the same at -23). */
  double i = json_num(out, "integrated_lufs", NULL);
  cr_assert_float_eq(i, -20.0, 0.05, "integrated %.3f", i);
  cr_assert_float_eq(json_num(out, "sample_peak_dbfs", NULL), -20.0, 0.01);
  const char *second = strstr(out, "silence.wav");
  cr_assert_not_null(second);
  cr_assert(isnan(json_num(out, "integrated_lufs", second)), "%s", second);
  cr_assert(isnan(json_num(out, "momentary_max_lufs", second)));
  cr_assert(isnan(json_num(out, "true_peak_dbtp", second)), "silence's peak is null too");
  free(out);
  free(t);
  free(z);
}

Test(verify, loudness_csv_series_album_and_targets)
{
  char *t = p("tone.wav"), *w = p("noise.wav"), *out = NULL, *err = NULL;
  const char *csv[] = {"loudness", "--csv", t, w, NULL};
  cr_assert_eq(tu_run(csv, &out, NULL), 0);
  cr_assert_eq(strncmp(out, "path,frames,channels,sample_rate,format,integrated_lufs,", 55), 0,
               "%s", out);
  size_t lines = 0;
  for (const char *c = out; *c; c++)
    lines += *c == '\n';
  cr_assert_eq(lines, 3);
  free(out);

  const char *series[] = {"loudness", "--json", "--series", t, NULL};
  cr_assert_eq(tu_run(series, &out, NULL), 0);
  cr_assert(strstr(out, "\"t_end_s\""));
  cr_assert(strstr(out, "\"momentary_lufs\""));
  cr_assert(strstr(out, "\"shortterm_lufs\""));
  /* 4 s at a point every 100 ms */
  const char *ts = strstr(out, "\"t_end_s\"");
  size_t points = 0;
  for (const char *c = ts; *c && *c != ']'; c++)
    points += *c == ',';
  cr_assert_eq(points + 1, 40, "%zu points", points + 1);
  free(out);

  const char *album[] = {"loudness", "--json", "--album", t, w, NULL};
  cr_assert_eq(tu_run(album, &out, NULL), 0);
  const char *a = strstr(out, "\"album\"");
  cr_assert_not_null(a, "%s", out);
  double ia = json_num(out, "integrated_lufs", a);
  double i1 = json_num(out, "integrated_lufs", NULL);
  double i2 = json_num(out, "integrated_lufs", strstr(out, "noise.wav"));
  cr_assert(ia > fmin(i1, i2) && ia < fmax(i1, i2), "album %.2f between %.2f and %.2f", ia, i1, i2);
  free(out);

  /* -20 LUFS ± 0.5 passes for the tone; -14 ± 1 fails with a line per file. */
  const char *ok[] = {"loudness", t, "--target", "-20 LUFS", "--tolerance", "0.5 LU", NULL};
  cr_assert_eq(tu_run(ok, NULL, NULL), 0);
  const char *miss[] = {"loudness",        t,         w,   "--target", "-14 LUFS",
                        "--max-true-peak", "-1 dBTP", NULL};
  cr_assert_eq(tu_run(miss, NULL, &err), 1);
  cr_assert(strstr(err, "tone.wav: integrated loudness -20.0 LUFS is outside -14.0 LUFS"), "%s",
            err);
  cr_assert(strstr(err, "noise.wav: integrated loudness"), "%s", err);
  free(err);
  /* a miss by 0.02 LU is said with the decimals that show it (-15.0 LUFS,
   * "-1.0 LU", read as inside -14 ± 1) */
  float *x = sp_xcalloc(3 * RATE, sizeof *x); /* mono 1 kHz: -15.024 LUFS */
  for (int i = 0; i < 3 * RATE; i++)
    x[i] = (float)(pow(10, (-15.03 + 3.01) / 20) * sin(2 * M_PI * 1000.0 * i / RATE));
  char *near = tu_write_wav(dir, "near.wav", 1, RATE, 32, x, 3 * RATE);
  free(x);
  const char *close[] = {"loudness", near, "--target", "-14 LUFS", "--tolerance", "1 LU", NULL};
  cr_assert_eq(tu_run(close, NULL, &err), 1);
  cr_assert(strstr(err, "near.wav: integrated loudness -15.02 LUFS is outside -14.0 LUFS ± 1.0 LU "
                        "(-1.02 LU)"),
            "%s", err);
  free(err);
  free(near);
  const char *bad[] = {"loudness", t, "--target", "loud", NULL};
  cr_assert_eq(tu_run(bad, NULL, NULL), 2);
  char *missing = p("nope.wav");
  const char *gone[] = {"loudness", missing, NULL};
  cr_assert_eq(tu_run(gone, NULL, &err), 3);
  cr_assert(strstr(err, "nope.wav"), "%s", err);
  free(err);
  free(missing);
  free(t);
  free(w);
}

static size_t count(const char *text, const char *what)
{
  size_t k = 0;
  for (const char *c = strstr(text, what); c; c = strstr(c + 1, what))
    k++;
  return k;
}

Test(verify, loudness_csv_always_has_the_file_table_and_series_follow_it)
{
  char *t = p("tone.wav"), *w = p("noise.wav"), *out = NULL;
  const char *args[] = {"loudness", "--csv", "--series", "--album", t, w, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  /* The per-file table first, the per-file object's keys as columns, a row
   * per file and the album. */
  const char *head = "path,frames,channels,sample_rate,format,integrated_lufs,"
                     "loudness_range_lu,momentary_max_lufs,shortterm_max_lufs,true_peak_dbtp,"
                     "sample_peak_dbfs,clipped_samples\n";
  cr_assert_eq(strncmp(out, head, strlen(head)), 0, "%.400s", out);
  const char *gap = strstr(out, "\n\n");
  cr_assert_not_null(gap, "no empty line before the series:\n%.400s", out);
  size_t rows = 0;
  for (const char *c = out; c < gap; c++)
    rows += *c == '\n';
  cr_assert_eq(rows, 3, "header, two files, the album: %zu lines", rows + 1);
  cr_assert(strstr(out, "\n(album),"), "%.600s", out);
  /* Then the series: its header, 40 points a file (4 s) and 80 for the album. */
  cr_assert_eq(strncmp(gap + 2, "path,t_end_s,momentary_lufs,shortterm_lufs\n", 43), 0, "%.200s",
               gap + 2);
  size_t points = 0;
  for (const char *c = gap + 2 + 43; *c; c++)
    points += *c == '\n';
  cr_assert_eq(points, 40 + 40 + 80, "%zu series rows", points);
  cr_assert_eq(count(gap, "\n(album),"), 80);
  free(out);

  /* Flags that mean nothing alone are errors, not ignored. */
  char *err = NULL;
  const char *tol[] = {"loudness", t, "--tolerance", "0.5", NULL};
  cr_assert_eq(tu_run(tol, NULL, &err), 2);
  cr_assert(strstr(err, "--tolerance") && strstr(err, "add --target"), "%s", err);
  free(err);
  const char *ser[] = {"loudness", t, "--series", NULL};
  cr_assert_eq(tu_run(ser, NULL, &err), 2);
  cr_assert(strstr(err, "--series") && strstr(err, "--json or --csv"), "%s", err);
  free(err);
  const char *twice[] = {"loudness", t, "--target", "-14", "--target", "-16", NULL};
  cr_assert_eq(tu_run(twice, NULL, &err), 2);
  cr_assert(strstr(err, "--target given twice"), "%s", err);
  free(err);
  free(t);
  free(w);
}

/* "The files as one programme": the album is the files played one after
 * another. Each file has 200 ms of a -20 dBFS tone at its join with the
 * other (and a second at -40 dBFS away from it): neither file holds a
 * 400 ms window louder than -23 LUFS, but the album's window across the
 * join is all tone: -20 LUFS. */
Test(verify, album_windows_span_the_files_joins)
{
  enum { QUIET = RATE, LOUD = RATE / 5 };
  static float a[2 * (QUIET + LOUD)], b[2 * (QUIET + LOUD)];
  for (int i = 0; i < QUIET + LOUD; i++) {
    /* whole periods of 1 kHz: the tone runs on across the join */
    double s = sin(2 * M_PI * 1000.0 * i / RATE);
    a[2 * i] = a[2 * i + 1] = (float)((i < QUIET ? 0.01 : 0.1) * s);
    b[2 * i] = b[2 * i + 1] = (float)((i < LOUD ? 0.1 : 0.01) * s);
  }
  char *fa = tu_write_wav(dir, "ends_loud.wav", 2, RATE, 24, a, QUIET + LOUD);
  char *fb = tu_write_wav(dir, "starts_loud.wav", 2, RATE, 24, b, QUIET + LOUD);
  char *out = NULL;
  const char *args[] = {"loudness", "--json", "--album", fa, fb, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  double m1 = json_num(out, "momentary_max_lufs", NULL);
  double m2 = json_num(out, "momentary_max_lufs", strstr(out, "starts_loud.wav"));
  const char *al = strstr(out, "\"album\"");
  cr_assert_not_null(al);
  double ma = json_num(out, "momentary_max_lufs", al);
  cr_assert(m1 < -22.5 && m2 < -22.5, "files' M max %.2f, %.2f", m1, m2);
  cr_assert_float_eq(ma, -20.0, 0.1, "album M max %.2f", ma);
  cr_assert_eq(json_num(out, "frames", al), 2.0 * (QUIET + LOUD));
  cr_assert_eq(json_num(out, "files", al), 2);
  free(out);
  free(fa);
  free(fb);
}

/* 5.1 in WAV order: case 6's levels (EBU Tech 3341: L R -28, C -24, Ls Rs
 * -30 dBFS, -23.0 LUFS) with a loud LFE, which does not count. */
Test(verify, loudness_measures_5_1_without_its_lfe)
{
  enum { F = 5 * RATE };
  static float x[6 * F];
  const double db[6] = {-28, -28, -24, -6, -30, -30};
  for (int i = 0; i < F; i++)
    for (int c = 0; c < 6; c++)
      x[6 * i + c] = (float)(pow(10.0, db[c] / 20) * sin(2 * M_PI * 1000.0 * i / RATE));
  char *f = tu_write_wav(dir, "film.wav", 6, RATE, 24, x, F), *out = NULL, *err = NULL;
  const char *args[] = {"loudness", "--json", f, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  free(err);
  cr_assert_float_eq(json_num(out, "integrated_lufs", NULL), -23.0, 0.1, "%s", out);
  cr_assert_float_eq(json_num(out, "momentary_max_lufs", NULL), -23.0, 0.1, "%s", out);
  cr_assert_eq(json_num(out, "channels", NULL), 6);
  cr_assert_float_eq(json_num(out, "sample_peak_dbfs", NULL), -6.0, 0.01, "the LFE's peak");
  free(out);
  /* 5.0 and 5.1 do not line up as one album: its surrounds would be the LFE. */
  static float y[5 * RATE];
  char *g = tu_write_wav(dir, "five.wav", 5, RATE, 24, y, RATE);
  const char *album[] = {"loudness", "--album", g, f, NULL};
  cr_assert_eq(tu_run(album, NULL, &err), 2);
  cr_assert(strstr(err, "line up"), "%s", err);
  free(err);
  /* Stereo and 5.1 do: the stereo file is the album's L and R. */
  char *t = p("tone.wav");
  const char *mixed[] = {"loudness", "--json", "--album", t, f, NULL};
  cr_assert_eq(tu_run(mixed, &out, NULL), 0);
  cr_assert_eq(json_num(out, "channels", strstr(out, "\"album\"")), 6, "%s", out);
  free(out);
  static float z[9 * RATE / 10];
  char *h = tu_write_wav(dir, "nine.wav", 9, RATE, 24, z, RATE / 10);
  const char *nine[] = {"loudness", h, NULL};
  cr_assert_eq(tu_run(nine, NULL, &err), 3);
  cr_assert(strstr(err, "has 9 channels, a count no layout stemprint measures has"), "%s", err);
  free(err);
  free(t);
  free(f);
  free(g);
  free(h);
}

/* A full-scale square in 16 and 24 bits: +32767/32768 (or its 24-bit
 * kin) and -1, every sample at full scale, so every one is clipped —
 * through `loudness`, and through a render to either depth, where the
 * report's count (the meter's, on the file as written) and the render's
 * own count (the quantizer's, a failed "clipping" check: exit 1) agree. */
Test(verify, integer_full_scale_squares_clip_every_sample)
{
  enum { F = RATE / 2 };
  static float sq[2 * F];
  for (int i = 0; i < F; i++)
    sq[2 * i] = sq[2 * i + 1] = i % 48 < 24 ? 1.0f : -1.0f; /* written as the top code */
  const int depths[2] = {16, 24};
  for (int k = 0; k < 2; k++) {
    char name[32];
    snprintf(name, sizeof name, "square%d.wav", depths[k]);
    char *f = tu_write_wav(dir, name, 2, RATE, depths[k], sq, F), *out = NULL;
    const char *args[] = {"loudness", "--json", f, NULL};
    cr_assert_eq(tu_run(args, &out, NULL), 0);
    cr_assert_eq(json_num(out, "clipped_samples", NULL), 2 * F, "%d-bit: %s", depths[k], out);
    free(out);
    const char *csv[] = {"loudness", "--csv", f, NULL};
    cr_assert_eq(tu_run(csv, &out, NULL), 0);
    char want[32];
    snprintf(want, sizeof want, ",%d\n", 2 * F);
    cr_assert(strstr(out, want), "%d-bit: %s", depths[k], out);
    free(out);
    free(f);
  }
  /* The 24-bit square rendered to 16 and to 24 bits, undithered. */
  for (int k = 0; k < 2; k++) {
    char name[32], text[256];
    snprintf(name, sizeof name, "sq%d.yaml", depths[k]);
    snprintf(text, sizeof text,
             "stemprint: 1\n"
             "output: {depth: %d, dither: none}\n"
             "tracks: {sq: {file: square24.wav}}\n",
             depths[k]);
    char *r = tu_write_text(dir, name, text);
    char *rep = p("sq.json"), *err = NULL;
    const char *args[] = {"render", r, "--report", rep, NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 1, "clipping is a failed check: %s", err);
    char *json = tu_slurp_must(rep);
    cr_assert_not_null(json);
    cr_assert_eq(json_num(json, "clipped_samples", strstr(json, "\"outputs\"")), 2 * F,
                 "%d-bit render: %s", depths[k], json);
    cr_assert(strstr(json, "\"name\": \"clipping\""), "%s", json);
    char want[96];
    snprintf(want, sizeof want, "check failed: clipping: %s", "");
    cr_assert(strstr(err, want), "%d-bit render: no '%s' in:\n%s", depths[k], want, err);
    snprintf(want, sizeof want, "mix.wav has %d samples at full scale", 2 * F);
    cr_assert(strstr(err, want), "%d-bit render: no '%s' in:\n%s", depths[k], want, err);
    free(err);
    free(json);
    free(rep);
    free(r);
  }
}

/* The largest |x| of a 24-bit file and its samples at full scale. */
static double peak_of(const char *path, int64_t *clipped)
{
  int64_t frames;
  int ch;
  double *x = tu_read(path, &frames, &ch, NULL), peak = 0;
  cr_assert_not_null(x, "%s", path);
  *clipped = 0;
  for (int64_t k = 0; k < frames * ch; k++) {
    peak = fmax(peak, fabs(x[k]));
    *clipped += x[k] >= 8388607.0 / 8388608 || x[k] <= -1.0;
  }
  free(x);
  return peak;
}

/* Every figure render prints for a file is the file's. The tone (-20 dBFS
 * peak) at +26 dB would reach +6.0 dBFS: the 24-bit mix and its stem peak
 * at full scale, the summary says so with where it would have gone and how
 * many samples clipped (counted here in the file); a muted stem is TPDF
 * dither alone, and its peak is the dither's, as in the report. */
Test(verify, render_prints_the_peaks_of_the_files_as_written)
{
  char *r = tu_write_text(dir, "hot.yaml",
                          "stemprint: 1\n"
                          "output: {depth: 24, dither: tpdf}\n"
                          "tracks:\n"
                          "  tone: {file: tone.wav, trim: 20 dB, gain: 6 dB}\n"
                          "  hush: {file: silence.wav, mute: true}\n"
                          "stems: {loud: [tone], quiet: [hush]}\n");
  char *rep = p("hot.json"), *page = p("hot.html"), *out = NULL, *err = NULL;
  const char *args[] = {"render", r, "--report", rep, "--html", page, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 1, "clipping fails a check: %s", err);
  char *mix = p("out/hot/mix.wav"), *quiet = p("out/hot/quiet.wav");
  int64_t clipped, none;
  double mix_peak = peak_of(mix, &clipped), quiet_peak = peak_of(quiet, &none);
  cr_assert_gt(clipped, 1000);
  cr_assert_eq(none, 0);
  char want[160];
  snprintf(want, sizeof want, "peak 0.0 dBFS (would reach +6.0 dBFS; %lld samples clipped)\n",
           (long long)clipped);
  const char *line = strstr(out, "mix.wav");
  cr_assert(line && strstr(line, want) && strstr(line, want) < strchr(line, '\n') + 1,
            "no '%s' on the mix's line in:\n%s", want, out);
  cr_assert_float_eq(20 * log10(quiet_peak), -138.47, 0.01, "dither: 1 LSB of 24 bits");
  snprintf(want, sizeof want, "quiet.wav");
  line = strstr(out, want);
  cr_assert_not_null(line, "%s", out);
  snprintf(want, sizeof want, "peak %.1f dBFS\n", 20 * log10(quiet_peak));
  cr_assert(strstr(line, want) == strchr(line, '\n') - strlen(want) + 1, "no '%s' in:\n%s", want,
            out);
  cr_assert(strstr(err, "mix.wav has"), "%s", err);
  cr_assert(strstr(err, "samples at full scale (it would reach +6.0 dBFS)"), "%s", err);
  /* The report: the same files, the same figures; the level before
   * quantization beside them, null where there was none. */
  char *json = tu_slurp_must(rep);
  const char *outs = strstr(json, "\"outputs\"");
  cr_assert_float_eq(json_num(json, "sample_peak_dbfs", outs), 20 * log10(mix_peak), 1e-6);
  cr_assert_eq(json_num(json, "clipped_samples", outs), (double)clipped);
  cr_assert_float_eq(json_num(json, "unquantized_peak_dbfs", outs), 6.0, 0.01);
  const char *q = strstr(outs, "\"name\": \"quiet\"");
  cr_assert_not_null(q);
  const char *qobj = q;
  while (qobj > outs && *qobj != '{')
    qobj--;
  cr_assert_float_eq(json_num(json, "sample_peak_dbfs", qobj), 20 * log10(quiet_peak), 1e-6);
  cr_assert(isnan(json_num(json, "unquantized_peak_dbfs", qobj)), "silence before dither");
  /* The page: the clipped count with where the samples would have gone. */
  char *html = tu_slurp_must(page);
  snprintf(want, sizeof want,
           "<td class=\"bad\">%lld<br><span class=\"over\">would reach +6.0 dBFS</span></td>",
           (long long)clipped);
  cr_assert(strstr(html, want), "no '%s' in the page", want);
  free(html);
  free(page);
  free(json);
  free(mix);
  free(quiet);
  free(out);
  free(err);
  free(rep);
  free(r);
}

/* The mix clips where its stems do not (two tones at +15 dB: 0.56 each,
 * 1.12 together): the null test fails because of the clipping, and says so
 * first wherever it is told — the summary under the failed null test, the
 * error line, the report's findings and the page's. */
Test(verify, a_null_test_failed_by_clipping_says_so_first)
{
  char *r = tu_write_text(dir, "clip.yaml",
                          "stemprint: 1\n"
                          "output: {depth: 24}\n"
                          "tracks:\n"
                          "  one: {file: tone.wav, gain: 15 dB}\n"
                          "  two: {file: tone.wav, gain: 15 dB}\n"
                          "stems: {a: [one], b: [two]}\n");
  char *rep = p("clip.json"), *page = p("clip.html"), *out = NULL, *err = NULL;
  const char *args[] = {"render", r, "--report", rep, "--html", page, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 1, "%s", err);
  const char *lead = "clipping: the mix 'mix.wav' has ";
  const char *null_line = strstr(out, "null test: FAILED");
  cr_assert_not_null(null_line, "%s", out);
  const char *next = strchr(null_line, '\n') + 1;
  cr_assert(strncmp(next, "    ", 4) == 0 && strncmp(next + 4, lead, strlen(lead)) == 0,
            "the summary's first line under the null test is not the clipping:\n%s", out);
  cr_assert(strstr(out, "it would reach +1.0 dBFS"), "%s", out);
  cr_assert(strstr(out, "the clipping is the whole failure"), "%s", out);
  const char *line = strstr(err, "check failed: null: residual peak");
  cr_assert_not_null(line, "%s", err);
  char *want = sp_xasprintf("above max_residual %s", "");
  cr_assert(strstr(line, want), "%s", err);
  free(want);
  want = sp_xasprintf("dBFS; %s", lead);
  cr_assert(strstr(line, want) && strstr(line, want) < strchr(line, '\n'), "%s", err);
  free(want);
  cr_assert_not(strstr(err, "outputs clipped: stems and mix clip differently"), "%s", err);
  cr_assert_not(strstr(out, "extra signal") || strstr(err, "extra signal"));
  char *json = tu_slurp_must(rep);
  const char *nul = strstr(json, "\"null\": {");
  cr_assert_not_null(nul);
  cr_assert(strstr(nul, "\"clipped\": true"), "%s", json);
  cr_assert_gt(json_num(json, "mix_clipped_samples", nul), 0);
  cr_assert_eq(json_num(json, "clipped_samples", strstr(nul, "\"stems\"")), 0);
  const char *f = strstr(nul, "\"findings\": [");
  cr_assert_not_null(f);
  f = strchr(f + strlen("\"findings\": ["), '"');
  cr_assert(f && strncmp(f + 1, lead, strlen(lead)) == 0, "%s", json);
  char *html = tu_slurp_must(page);
  const char *li = "<ul class=\"findings\"><li>clipping: the mix ";
  cr_assert(strstr(html, li), "the page's first finding is not the clipping");
  free(html);
  free(json);
  free(page);
  free(rep);
  free(out);
  free(err);
  free(r);
}

/* --html with --album: the files (their true peaks judged, failures red)
 * and the album (its length, its plot with the target) as two sections. */
Test(verify, loudness_html_draws_the_album_with_its_target)
{
  char *t = p("tone.wav"), *w = p("noise.wav"), *page = p("album.html"), *err = NULL;
  const char *args[] = {"loudness",        t,     w,        "--album", "--target", "-20",
                        "--max-true-peak", "-30", "--html", page,      NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 1, "%s", err);
  cr_assert(strstr(err, "tone.wav: true peak"), "%s", err);
  cr_assert_not(strstr(err, "album: true peak"), "%s", err);
  free(err);
  char *html = tu_slurp_must(page);
  cr_assert_not_null(html);
  cr_assert_eq(count(html, "<section"), 2);
  const char *sec = strstr(html, "<section"), *al = sec ? strstr(sec + 1, "<section") : NULL;
  cr_assert_not_null(al);
  cr_assert(strstr(al, "album: 2 files as one programme"));
  cr_assert(strstr(al, "class=\"target\""), "the album's plot has no target line");
  cr_assert(strstr(al, "8.000 s"), "the album's length, 8 s");
  /* The files' section: true peaks failed, in red; no target line (the
   * target is the album's). */
  char *files = strndup(sec, (size_t)(al - sec));
  cr_assert(strstr(files, "class=\"bad\""), "no failed true peak in red");
  cr_assert_not(strstr(files, "class=\"target\""));
  free(files);
  free(html);
  free(page);
  free(t);
  free(w);
}

static const char *session = "stemprint: 1\n"
                             "tracks:\n"
                             "  tone: {file: tone.wav, to: a, sends: [{to: verb, level: -6 dB}]}\n"
                             "  noise: {file: noise.wav, to: b}\n"
                             "  low: {file: low.wav, to: b}\n"
                             "buses:\n"
                             "  a: {inserts: [{compressor: {threshold: -30 dB, ratio: 4}}]}\n"
                             "  b: {}\n"
                             "  verb: {inserts: [{delay: {time: 100 ms, feedback: 0.3}}]}\n";

/* render --report: the outputs, the null test, the checks, the timing,
 * and the --set overrides the recipe was read with (before: no word of
 * them, so a report could not tell a render of the recipe from one it
 * overrode). */
Test(verify, render_report_has_outputs_null_checks_and_timing)
{
  char *text = sp_xasprintf("%s"
                            "master: {inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
                            "stems: {tone: [tone], rest: [noise, low]}\n"
                            "output: {depth: 32f}\n"
                            "checks: {loudness: {max_true_peak: -1 dBTP}}\n",
                            session);
  char *r = tu_write_text(dir, "rep.yaml", text);
  char *report = p("rep.json"), *out = NULL;
  const char *args[] = {"render", r, "--report", report, "--set", "output.depth=32f", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0, "%s", out);
  free(out);
  int64_t frames;
  int ch, rate;
  FILE *f = fopen(report, "r");
  cr_assert_not_null(f);
  static char json[1 << 16];
  size_t len = fread(json, 1, sizeof json - 1, f);
  json[len] = '\0';
  fclose(f);
  cr_assert(strstr(json, "\"role\": \"mix\""), "%s", json);
  /* the --set it was read with, as given */
  cr_assert(strstr(json, "\"overrides\": [\n    \"output.depth=32f\"\n  ]"), "%s", json);
  cr_assert(strstr(json, "\"name\": \"tone\""));
  cr_assert(strstr(json, "\"name\": \"rest\""));
  cr_assert(strstr(json, "\"null\": {"));
  cr_assert(strstr(json, "\"residual_peak_dbfs\""));
  cr_assert(strstr(json, "\"name\": \"loudness.true_peak\""));
  cr_assert(json_num(json, "render_seconds", NULL) > 0);
  cr_assert(json_num(json, "times_real_time", NULL) > 0);
  cr_assert(strstr(json, "\"passed\": true"));
  /* The report's mix loudness is the printed file's, measured again here. */
  char *mix = p("out/rep/mix.wav");
  char *lout = NULL;
  const char *largs[] = {"loudness", "--json", mix, NULL};
  cr_assert_eq(tu_run(largs, &lout, NULL), 0);
  cr_assert_float_eq(json_num(json, "integrated_lufs", NULL),
                     json_num(lout, "integrated_lufs", NULL), 1e-6);
  cr_assert_float_eq(json_num(json, "true_peak_dbtp", NULL), json_num(lout, "true_peak_dbtp", NULL),
                     1e-6);
  cr_assert_leq(json_num(lout, "true_peak_dbtp", NULL), -1.0);
  double *x = tu_read(mix, &frames, &ch, &rate);
  cr_assert_not_null(x);
  free(x);
  free(lout);
  free(mix);
  free(report);
  free(r);
  free(text);
}

Test(verify, loudness_check_fails_with_exit_1_and_normalize_meets_the_target)
{
  /* ebu-r128 preset: -23 LUFS ± 0.5; the raw mix is far louder. */
  char *text = sp_xasprintf("%s"
                            "stems: {tone: [tone], rest: [noise, low]}\n"
                            "output: {depth: 32f}\n"
                            "checks: {loudness: {preset: ebu-r128}}\n",
                            session);
  char *r = tu_write_text(dir, "loud.yaml", text);
  char *err = NULL, *out = NULL;
  const char *args[] = {"render", r, NULL};
  int st = tu_run(args, &out, &err);
  cr_assert_eq(st, 1, "exit %d: %s", st, err);
  cr_assert(strstr(err, "check failed: loudness:"), "%s", err);
  cr_assert(strstr(err, "target -23.0 LUFS ± 0.5 LU, ebu-r128"), "%s", err);
  free(err);
  free(out);
  char *mix = p("out/loud/mix.wav");
  double *x = tu_read(mix, &(int64_t){0}, &(int){0}, &(int){0});
  cr_assert_not_null(x, "files are still written");
  free(x);
  free(mix);

  /* The same with master.normalize to -23 LUFS: passes, exactly on target,
   * and the stems (normalized alike) still null. */
  char *text2 = sp_xasprintf("%s"
                             "master: {normalize: {target: -23 LUFS}}\n"
                             "stems: {tone: [tone], rest: [noise, low]}\n"
                             "output: {depth: 32f}\n"
                             "checks: {loudness: {preset: ebu-r128}}\n",
                             session);
  char *r2 = tu_write_text(dir, "norm.yaml", text2);
  sp_render_result res;
  cr_assert_eq(tu_render(r2, 0, &res), SP_OK);
  cr_assert(res.normalized);
  cr_assert(res.normalize_gain_db < -3.0, "gain %.2f", res.normalize_gain_db);
  cr_assert(res.outputs[0].measured);
  cr_assert_float_eq(res.outputs[0].loudness.integrated_lufs, -23.0, 0.05);
  cr_assert(res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -120.0);
  sp_render_result_fini(&res);
  free(r);
  free(r2);
  free(text);
  free(text2);
}

Test(verify, bleed_names_a_send_into_another_stems_return)
{
  /* split: buses: the tone (stem "a") sends into verb, which is in stem
   * "fx": the tone bleeds into fx. */
  char *text = sp_xasprintf("%s"
                            "stems: {split: buses, a: [a], b: [b], fx: [verb]}\n",
                            session);
  char *r = tu_write_text(dir, "bleed.yaml", text);
  char *out = NULL;
  const char *args[] = {"bleed", r, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 1, "%s", out);
  cr_assert(strstr(out, "bleed: 'tone' reaches stem 'fx'"), "%s", out);
  cr_assert_not(strstr(out, "bleed: 'noise'"), "%s", out);
  cr_assert(strstr(out, "1 case of stem bleed"), "%s", out);
  free(out);
  const char *jargs[] = {"bleed", r, "--json", NULL};
  cr_assert_eq(tu_run(jargs, &out, NULL), 1);
  /* The tone's level in fx: a -6 dB send of a -20 dBFS-peak sine through a
   * delay with feedback: well above silence, well below the tone itself. */
  const char *b = strstr(out, "\"bleed\"");
  cr_assert_not_null(b);
  double lv = json_num(out, "level_dbfs", b);
  cr_assert(lv > -40 && lv < -20, "bleed level %.1f", lv);
  free(out);
  /* --max-bleed above that level decides the exit status, not what is
   * shown: the bleed is still named, with its level, as under the limit;
   * "no stem bleed" is for none at all. Below it, the case is above. */
  const char *under[] = {"bleed", r, "--max-bleed", "-10", NULL};
  cr_assert_eq(tu_run(under, &out, NULL), 0, "%s", out);
  char want[160];
  snprintf(want, sizeof want,
           "bleed: 'tone' reaches stem 'fx' at %.1f dBFS RMS (its own stem: a), under --max-bleed "
           "-10.0 dBFS\n",
           lv);
  cr_assert(strstr(out, want), "no '%s' in:\n%s", want, out);
  cr_assert(strstr(out, "1 case of stem bleed, none above --max-bleed -10.0 dBFS"), "%s", out);
  cr_assert_not(strstr(out, "no stem bleed"), "%s", out);
  free(out);
  const char *over[] = {"bleed", r, "--max-bleed", "-60", NULL};
  cr_assert_eq(tu_run(over, &out, NULL), 1, "%s", out);
  cr_assert(strstr(out, "), above --max-bleed -60.0 dBFS\n"), "%s", out);
  cr_assert(strstr(out, "1 case of stem bleed, 1 above --max-bleed -60.0 dBFS"), "%s", out);
  free(out);
  const char *ujson[] = {"bleed", r, "--json", "--max-bleed", "-10", NULL};
  cr_assert_eq(tu_run(ujson, &out, NULL), 0, "%s", out);
  b = strstr(out, "\"bleed\"");
  cr_assert_not_null(b);
  cr_assert_float_eq(json_num(out, "level_dbfs", b), lv, 1e-9);
  cr_assert(strstr(b, "\"above_max_bleed\": false"), "%s", out);
  cr_assert_eq(json_num(out, "max_bleed_dbfs", NULL), -10.0);
  free(out);
  /* The same routing split by sources: a source's returns print with it. */
  char *text2 = sp_xasprintf("%s"
                             "stems: {a: [tone], b: [noise, low]}\n",
                             session);
  char *r2 = tu_write_text(dir, "nobleed.yaml", text2);
  const char *args2[] = {"bleed", r2, NULL};
  cr_assert_eq(tu_run(args2, &out, NULL), 0, "%s", out);
  cr_assert(strstr(out, "no stem bleed"), "%s", out);
  free(out);
  const char *j2[] = {"bleed", r2, "--json", NULL};
  cr_assert_eq(tu_run(j2, &out, NULL), 0, "%s", out);
  cr_assert(strstr(out, "\"bleed\": []"), "%s", out);
  cr_assert(isnan(json_num(out, "max_bleed_dbfs", NULL)), "no limit: null");
  free(out);
  free(r);
  free(r2);
  free(text);
  free(text2);
}

Test(verify, check_warns_about_likely_mistakes_with_positions)
{
  char *r = tu_write_text(dir, "w.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  tone: {file: tone.wav, gain: 24 dB, solo: true, to: a}\n"
                          "  noise: {file: noise.wav, to: a, sends: [{to: verb}]}\n"
                          "  low: {file: low.wav, mute: true, width: 0.5}\n"
                          "buses:\n"
                          "  a: {}\n"
                          "  verb: {mute: true}\n"
                          "  spare: {}\n"
                          "stems: {a: [a], low: [low]}\n"
                          "output: {depth: 32f}\n"); /* the hot mix does not clip */
  char *err = NULL, *out = NULL;
  const char *args[] = {"check", r, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  const char *want[] = {
      "w.yaml:3:32: tracks.tone.gain: track 'tone' peaks at +4.0 dBFS",
      "w.yaml:3:45: tracks.tone.solo: track 'tone' is soloed",
      "w.yaml:4:48: tracks.noise.sends[0].to: this send goes to 'verb', which is muted",
      "w.yaml:7:3: buses.a.gain: bus 'a' peaks at +4.0 dBFS",
      "w.yaml:9:3: buses.spare: bus 'spare' is fed by nothing",
      "w.yaml:10:22: stems.low: every track of stem 'low' is muted",
      "w.yaml:5:43: tracks.low.width: track 'low' plays mono files",
  };
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
    cr_assert(strstr(err, want[k]), "no '%s' in:\n%s", want[k], err);
  free(err);
  free(out);
  free(r);
}

/* check's summary line counts in words: one track, bus and stem in the
 * singular, other counts in the plural. */
Test(verify, check_summary_says_one_track_one_bus_one_stem)
{
  char *one = tu_write_text(dir, "one.yaml",
                            "stemprint: 1\n"
                            "tracks: {tone: {file: tone.wav, to: a}}\n"
                            "buses: {a: {}}\n"
                            "stems: {a: [a]}\n");
  char *two = tu_write_text(dir, "two.yaml",
                            "stemprint: 1\n"
                            "tracks: {tone: {file: tone.wav, to: a}, low: {file: low.wav, to: b}}\n"
                            "buses: {a: {}, b: {}}\n");
  char *out = NULL;
  const char *a1[] = {"check", "--no-levels", one, NULL};
  cr_assert_eq(tu_run(a1, &out, NULL), 0);
  cr_expect(strstr(out, ": ok — 1 track, 1 bus, 1 stem, 4.000 s at 48000 Hz\n"), "%s", out);
  free(out);
  const char *a2[] = {"check", "--no-levels", two, NULL};
  cr_assert_eq(tu_run(a2, &out, NULL), 0);
  cr_expect(strstr(out, ": ok — 2 tracks, 2 buses, 0 stems, 4.000 s at 48000 Hz\n"), "%s", out);
  free(out);
  free(one);
  free(two);
}

/* A file with no audio (a WAV of 0 frames, an Ogg that decodes to nothing)
 * is not silence that passes: null and loudness exit 3 and say so (null
 * of such a file against itself passed with exit 0). */
Test(verify, a_file_with_no_audio_is_an_error_not_a_pass)
{
  static const struct {
    const char *name;
    int format;
  } empty[] = {{"zero.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24},
               {"zero.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS}};
  for (size_t k = 0; k < 2; k++) {
    char *path = p(empty[k].name);
    SF_INFO si = {.samplerate = 48000, .channels = 2, .format = empty[k].format};
    SNDFILE *f = sf_open(path, SFM_WRITE, &si);
    cr_assert_not_null(f, "%s", sf_strerror(NULL));
    sf_close(f);
    char *err = NULL;
    const char *null[] = {"null", path, path, "--max-residual", "-120", NULL};
    cr_expect_eq(tu_run(null, NULL, &err), 3, "%s", err);
    cr_expect(strstr(err, "holds no audio (0 frames)"), "%s", err);
    free(err);
    const char *loud[] = {"loudness", path, NULL};
    cr_expect_eq(tu_run(loud, NULL, &err), 3, "%s", err);
    cr_expect(strstr(err, "holds no audio"), "%s", err);
    free(err);
    free(path);
  }
}

/* ---- render --profile ------------------------------------------------------ */

/* A number of obj's key (asserted there). */
static double jnum(const sp_json *obj, const char *key)
{
  double v = NAN;
  cr_assert(sp_report_get_number(sp_report_get(obj, key), &v), "no number %s", key);
  return v;
}

/* A share as the profile's words write it: a whole percent, "<1 %" for
 * less than half of one (io/report/report_profile.c). Before, the test
 * wrote 0 as " 0 %", and failed whenever an item's share of the span was
 * that small (a meter's, on a loaded machine). */
static const char *share_text(char *buf, size_t n, double share)
{
  if (share < 0.005)
    snprintf(buf, n, "<1 %%");
  else
    snprintf(buf, n, "%.0f %%", 100 * share);
  return buf;
}

/* The profile's file: its keys, work ≥ span > 0, parallelism = work / span,
 * the work's shares (and its span shares) adding up to 1, each insert's
 * share within its node's, named by its key and its index there (a
 * post-fader insert by post_inserts: before, by its place in the whole
 * chain, as inserts[1]), a thread's figures per thread; the summary's
 * line says the same three numbers. */
Test(verify, render_profile_has_work_span_parallelism_and_shares)
{
  char *text = sp_xasprintf(
      "%s"
      "master: {inserts: [{gain: -1 dB}], post_inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
      "stems: {tone: [tone], rest: [noise, low]}\n",
      session);
  char *r = tu_write_text(dir, "prof.yaml", text);
  char *file = p("prof.json"), *out = NULL;
  const char *args[] = {"render", r, "-j", "2", "--profile", file, "--progress", "none", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0, "%s", out);
  char *json = tu_slurp_must(file);
  char why[256];
  sp_json *o = sp_report_parse(json, strlen(json), why, sizeof why);
  cr_assert_not_null(o, "%s", why);
  cr_assert_str_eq(sp_report_get_string(sp_report_get(o, "recipe")), r);
  const double work = jnum(o, "work_seconds"), span = jnum(o, "span_seconds");
  cr_assert_gt(span, 0);
  cr_assert_geq(work, span);
  cr_assert_float_eq(jnum(o, "parallelism"), work / span, 1e-9 * work / span);
  cr_assert_gt(jnum(o, "wall_seconds"), 0);
  int64_t threads = 0;
  cr_assert(sp_report_get_int(sp_report_get(o, "threads"), &threads));
  cr_assert_eq(threads, 2);
  /* the phases add up to the totals; a pipeline is among them */
  const sp_json *phases = sp_report_get(o, "phases");
  double pw = 0, ps = 0;
  bool pipeline = false;
  for (size_t i = 0; i < sp_report_array_size(phases); i++) {
    const sp_json *ph = sp_report_array_get(phases, i);
    cr_assert_not_null(sp_report_get_string(sp_report_get(ph, "section")));
    const char *kind = sp_report_get_string(sp_report_get(ph, "kind"));
    cr_assert(strcmp(kind, "pipeline") == 0 || strcmp(kind, "pool") == 0 ||
                  strcmp(kind, "serial") == 0,
              "%s", kind);
    pipeline |= strcmp(kind, "pipeline") == 0;
    cr_assert_geq(jnum(ph, "work_seconds") + 1e-12, jnum(ph, "span_seconds"));
    pw += jnum(ph, "work_seconds");
    ps += jnum(ph, "span_seconds");
    jnum(ph, "wall_seconds"), jnum(ph, "parallelism"), jnum(ph, "tasks"), jnum(ph, "blocks");
  }
  cr_assert(pipeline);
  cr_assert_float_eq(pw, work, 1e-9 * work);
  cr_assert_float_eq(ps, span, 1e-9 * span);
  /* the work by item: shares add up to 1, span shares too */
  const sp_json *items = sp_report_get(o, "work");
  double share = 0, span_share = 0, master = 0;
  bool output = false;
  for (size_t i = 0; i < sp_report_array_size(items); i++) {
    const sp_json *it = sp_report_array_get(items, i);
    const char *name = sp_report_get_string(sp_report_get(it, "name"));
    share += jnum(it, "share");
    span_share += jnum(it, "span_share");
    cr_assert_geq(jnum(it, "work_seconds") + 1e-12, jnum(it, "span_seconds"), "%s", name);
    if (strcmp(name, "master") == 0)
      master = jnum(it, "share");
    output |= strcmp(name, "output mix.wav") == 0;
  }
  cr_assert_float_eq(share, 1.0, 1e-6);
  cr_assert_float_eq(span_share, 1.0, 1e-6);
  cr_assert(output && master > 0);
  /* each insert, its share within its node's */
  const sp_json *ins = sp_report_get(o, "inserts");
  /* a's compressor, verb's delay, master's gain and limiter */
  cr_assert_eq(sp_report_array_size(ins), 4);
  bool limiter = false;
  for (size_t i = 0; i < sp_report_array_size(ins); i++) {
    const sp_json *in = sp_report_array_get(ins, i);
    if (strcmp(sp_report_get_string(sp_report_get(in, "node")), "master") == 0) {
      const bool is_limiter =
          strcmp(sp_report_get_string(sp_report_get(in, "type")), "limiter") == 0;
      cr_assert_str_eq(sp_report_get_string(sp_report_get(in, "key")),
                       is_limiter ? "post_inserts" : "inserts");
      cr_assert_eq(jnum(in, "index"), 0);
      limiter |= is_limiter;
      cr_assert_leq(jnum(in, "share"), master + 1e-12);
    }
    jnum(in, "index"), jnum(in, "work_seconds");
  }
  cr_assert(limiter);
  const sp_json *tt = sp_report_get(o, "thread_times");
  cr_assert_eq(sp_report_array_size(tt), 2);
  for (size_t i = 0; i < 2; i++) {
    const sp_json *t = sp_report_array_get(tt, i);
    cr_assert_eq(jnum(t, "thread"), (double)i);
    cr_assert_geq(jnum(t, "busy_seconds"), 0);
    cr_assert_geq(jnum(t, "waited_seconds"), 0);
    cr_assert_geq(jnum(t, "slept_seconds"), 0);
    cr_assert_geq(jnum(t, "held_seconds"), 0);
  }
  char line[160];
  snprintf(line, sizeof line, "  profile: work %.3f s, span %.3f s, parallelism %.2f\n", work, span,
           work / span);
  cr_assert(strstr(out, line), "want %s in\n%s", line, out);
  /* beneath it, in words: the item and the insert of most work, with
   * their shares as the JSON gives them, and what -j can do */
  const sp_json *top = sp_report_array_get(items, 0);
  char a[16], b[16];
  snprintf(line, sizeof line, "    most work: %-28s %5s of the work, %5s of the span\n",
           sp_report_get_string(sp_report_get(top, "name")),
           share_text(a, sizeof a, jnum(top, "share")),
           share_text(b, sizeof b, jnum(top, "span_share")));
  cr_assert(strstr(out, line), "want %s in\n%s", line, out);
  const sp_json *first = sp_report_array_get(ins, 0);
  char where[96];
  snprintf(where, sizeof where, "%s.%s[%d] %s", sp_report_get_string(sp_report_get(first, "node")),
           sp_report_get_string(sp_report_get(first, "key")), (int)jnum(first, "index"),
           sp_report_get_string(sp_report_get(first, "type")));
  snprintf(line, sizeof line, "    inserts:   %-30s %5s of the work\n", where,
           share_text(a, sizeof a, jnum(first, "share")));
  cr_assert(strstr(out, line), "want %s in\n%s", line, out);
  cr_assert(strstr(out, "more cores (-j ") || strstr(out, "is more than the plan keeps busy") ||
                strstr(out, "what to change: docs/verify.md"),
            "%s", out);
  sp_report_free(o);
  free(json);
  free(out);
  free(file);
  free(r);
  free(text);
}

/* A render with --profile prints the same bytes as one without, at -j 1, 2
 * and 16; its parallelism is the plan's: more than 1 at each. The null
 * test's plan (its phases' tasks and blocks) is the same at each, on no
 * more threads than the machine has cores. */
Test(verify, render_profile_prints_the_same_bytes)
{
  char *text = sp_xasprintf("%sstems: {tone: [tone], rest: [noise, low]}\n", session);
  char *r = tu_write_text(dir, "same.yaml", text);
  char *plain = p("plain"), *prof = p("prof"), *file = p("same.json");
  const char *a[] = {"render", r, "-o", plain, "-q", NULL};
  cr_assert_eq(tu_run(a, NULL, NULL), 0);
  const char *const names[] = {"mix.wav", "tone.wav", "rest.wav"};
  char plan[3][256] = {"", "", ""}; /* the null test's: each phase's tasks and blocks */
  static const int jobs_of[] = {1, 2, 16};
  for (int i = 0; i < 3; i++) {
    const int j = jobs_of[i];
    char jobs[8];
    snprintf(jobs, sizeof jobs, "%d", j);
    const char *b[] = {"render", r, "-o", prof, "-q", "-j", jobs, "--profile", file, NULL};
    cr_assert_eq(tu_run(b, NULL, NULL), 0);
    for (size_t k = 0; k < 3; k++) {
      char *x = tu_path(plain, names[k]), *y = tu_path(prof, names[k]);
      cr_assert(tu_same_bytes(x, y), "-j %d: %s differs with --profile", j, names[k]);
      free(x);
      free(y);
    }
    char *json = tu_slurp_must(file);
    cr_assert_gt(json_num(json, "parallelism", NULL), 1.0, "-j %d:\n%s", j, json);
    char why[256];
    sp_json *o = sp_report_parse(json, strlen(json), why, sizeof why);
    cr_assert_not_null(o, "%s", why);
    const sp_json *phases = sp_report_get(o, "phases");
    for (size_t k = 0; k < sp_report_array_size(phases); k++) {
      const sp_json *ph = sp_report_array_get(phases, k);
      if (!strstr(sp_report_get_string(sp_report_get(ph, "section")), "null test") ||
          strcmp(sp_report_get_string(sp_report_get(ph, "kind")), "pool") != 0)
        continue;
      snprintf(plan[i] + strlen(plan[i]), sizeof plan[i] - strlen(plan[i]), "%g×%g ",
               jnum(ph, "tasks"), jnum(ph, "blocks"));
      /* no more threads than the machine's cores */
      cr_expect_leq(jnum(ph, "threads"), sysconf(_SC_NPROCESSORS_ONLN), "-j %d", j);
    }
    sp_report_free(o);
    free(json);
  }
  cr_assert_neq(plan[0][0], 0, "no null test in the profile");
  cr_expect_str_eq(plan[1], plan[0], "the null test's plan at -j 2");
  cr_expect_str_eq(plan[2], plan[0], "the null test's plan at -j 16");
  free(plain);
  free(prof);
  free(file);
  free(r);
  free(text);
}

/* --profile into a folder that does not exist, or onto a folder: refused
 * before anything renders, exit 2, naming the option, the file and why. */
Test(verify, render_profile_bad_path_is_refused_before_rendering)
{
  char *r = tu_write_text(dir, "bad.yaml", session);
  char *o = p("badout"), *missing = p("no/such/p.json"), *folder = p("badfolder");
  cr_assert_eq(mkdir(folder, 0755), 0);
  const struct {
    const char *file, *why;
  } runs[] = {{missing, "its folder does not exist"}, {folder, "it is a folder"}};
  for (size_t i = 0; i < 2; i++) {
    char *err = NULL;
    const char *args[] = {"render", r, "-o", o, "--profile", runs[i].file, NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
    char *want = sp_xasprintf("stemprint: error: --profile %s: %s", runs[i].file, runs[i].why);
    cr_assert(strstr(err, want), "want %s in\n%s", want, err);
    cr_assert(strstr(err, "give --profile a file in a folder that exists"), "%s", err);
    cr_assert_leq(tu_count_prints(o), 0, "rendered before refusing");
    free(want);
    free(err);
  }
  free(o);
  free(missing);
  free(folder);
  free(r);
}

/* A mono file in a stereo album plays on both sides, as a mono song plays
 * on every channel of an album recipe's master: the album measures as with
 * the file's samples on both channels of a stereo file (review 156 f5:
 * before, on the left alone, the album 2.2 LU quieter than ffmpeg read the
 * programme as players play it). */
Test(verify, a_mono_file_in_a_stereo_album_plays_on_both_sides)
{
  static float both[2 * N];
  float *mono = sp_xcalloc(N, sizeof *mono);
  for (int i = 0; i < N; i++)
    mono[i] = both[2 * i] = both[2 * i + 1] = (float)(0.3 * sin(2 * M_PI * 80.0 * i / RATE));
  char *m = tu_write_wav(dir, "m.wav", 1, RATE, 24, mono, N);
  char *d = tu_write_wav(dir, "dual.wav", 2, RATE, 24, both, N);
  free(mono);
  char *t = p("tone.wav"), *a = NULL, *b = NULL;
  const char *with_mono[] = {"loudness", "--json", "--album", t, m, NULL};
  const char *with_dual[] = {"loudness", "--json", "--album", t, d, NULL};
  cr_assert_eq(tu_run(with_mono, &a, NULL), 0);
  cr_assert_eq(tu_run(with_dual, &b, NULL), 0);
  const char *keys[] = {"integrated_lufs", "true_peak_dbtp", "momentary_max_lufs"};
  for (size_t k = 0; k < 3; k++) {
    const double x = json_num(a, keys[k], strstr(a, "\"album\"")),
                 y = json_num(b, keys[k], strstr(b, "\"album\""));
    cr_expect_float_eq(x, y, 1e-9, "%s: %.6f with the mono file, %.6f with its dual mono", keys[k],
                       x, y);
  }
  /* the file's own figure stays its own: mono, counted once, 3 dB under */
  cr_expect_float_eq(json_num(a, "integrated_lufs", strstr(a, "m.wav")) + 3.0103,
                     json_num(b, "integrated_lufs", strstr(b, "dual.wav")), 0.001);
  free(a), free(b), free(t), free(m), free(d);
}

/* A file's name on stdout is never more than its text: a newline and a
 * GitHub Actions command ("::error"), and ESC, escaped in loudness's
 * table, null's and latency's text as diff's and every diagnostic are
 * (review 28 F4: printed raw, a name started a workflow command). */
Test(verify, a_name_on_stdout_is_escaped_by_every_command)
{
  char *t = p("tone.wav"), *n = p("x\n::error title=forged::name\x1b[31m.wav");
  char *text = tu_slurp_must(t);
  struct stat st;
  cr_assert_eq(stat(t, &st), 0);
  FILE *f = fopen(n, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(text, 1, (size_t)st.st_size, f), (size_t)st.st_size);
  fclose(f);
  free(text);
  const char *loud[] = {"loudness", n, NULL}, *null[] = {"null", n, t, NULL},
             *lat[] = {"latency", t, n, NULL};
  const char *const *runs[] = {loud, null, lat};
  for (size_t i = 0; i < 3; i++) {
    char *out = NULL;
    tu_run(runs[i], &out, NULL);
    cr_expect(out && !strchr(out, '\x1b') && !strstr(out, "\n::") && strstr(out, "x\\n::error"),
              "%s: %s", runs[i][0], out);
    free(out);
  }
  free(t), free(n);
}
