/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint latency and ping (cmd/cmd_latency.c, core/measure/latency.c),
 * and the hardware insert they serve (core/procs/hardware.c). The gear is
 * stood in for by this file: a delay of 137 frames, a polarity flip and
 * -1.3 dB (a linear unit), and the same with a compressor (not linear),
 * applied to the send as a file; ping's file is read back by ffprobe and
 * by Python's own wave reader where they are installed. */

#include "testutil.h"

#include "core/base/alloc.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LAG = 137 };

/* x (frames, channels interleaved) through a unit: delayed by lag, times
 * -10^(-1.3/20); comp: a feed-forward compressor first (threshold -20 dB,
 * ratio 4, attack 5 ms, release 100 ms, peak of the channels). Heap, of
 * frames + lag + extra frames. */
static float *unit(const float *x, int64_t frames, int channels, int rate, int64_t lag, bool comp,
                   int64_t extra)
{
  const int64_t n = frames + lag + extra;
  float *y = calloc((size_t)(n * channels), sizeof *y);
  const double g = -pow(10.0, -1.3 / 20), att = exp(-1.0 / (0.005 * rate)),
               rel = exp(-1.0 / (0.1 * rate));
  double env = 0;
  for (int64_t i = 0; i < frames; i++) {
    double gain = 1;
    if (comp) {
      double v = 0;
      for (int c = 0; c < channels; c++)
        v = fmax(v, fabs(x[i * channels + c]));
      env = v > env ? att * env + (1 - att) * v : rel * env + (1 - rel) * v;
      const double over = fmax(0, 20 * log10(fmax(env, 1e-9)) + 20);
      gain = pow(10.0, -over * 0.75 / 20);
    }
    for (int c = 0; c < channels; c++)
      y[(i + lag) * channels + c] = (float)(g * gain * x[i * channels + c]);
  }
  return y;
}

/* A send: noise shaped a little (a first-order low-pass), in bursts of
 * two levels, frames long. */
static float *send_signal(int64_t frames, int channels, unsigned seed)
{
  float *x = calloc((size_t)(frames * channels), sizeof *x);
  double lp[8] = {0};
  for (int64_t i = 0; i < frames; i++) {
    const double level = (i / 4800) % 3 == 0 ? 0.05 : 0.5;
    for (int c = 0; c < channels; c++) {
      seed = seed * 1664525u + 1013904223u;
      const double w = (double)(seed >> 8) / (1u << 24) * 2 - 1;
      lp[c] = 0.7 * lp[c] + 0.3 * w;
      x[i * channels + c] = (float)(level * lp[c]);
    }
  }
  return x;
}

static char *run_ok(const char *const *args)
{
  char *out = NULL, *err = NULL;
  int st = tu_run(args, &out, &err);
  cr_assert_eq(st, 0, "exit %d: %s", st, err);
  free(err);
  return out;
}

static int64_t json_int(const char *json, const char *key)
{
  char k[64];
  snprintf(k, sizeof k, "\"%s\": ", key);
  const char *p = strstr(json, k);
  cr_assert(p, "no %s in %s", key, json);
  return strtoll(p + strlen(k), NULL, 10);
}

static double json_num(const char *json, const char *key)
{
  char k[64];
  snprintf(k, sizeof k, "\"%s\": ", key);
  const char *p = strstr(json, k);
  cr_assert(p, "no %s in %s", key, json);
  return strtod(p + strlen(k), NULL);
}

/* The latency found is 137 frames at 44.1, 48 and 96 kHz, with the flip
 * and the gain, and the linear unit said linear. */
Test(latency, finds_137_frames_at_three_rates)
{
  const int rates[] = {44100, 48000, 96000};
  for (size_t k = 0; k < 3; k++) {
    char *dir = tu_tmpdir();
    const int rate = rates[k];
    const int64_t frames = rate * 2;
    float *x = send_signal(frames, 2, 7u + (unsigned)k);
    float *y = unit(x, frames, 2, rate, LAG, false, rate / 10);
    char *s = tu_write_wav(dir, "send.wav", 2, rate, 32, x, frames);
    char *r = tu_write_wav(dir, "ret.wav", 2, rate, 32, y, frames + LAG + rate / 10);
    char *out = run_ok((const char *[]){"latency", s, r, "--json", NULL});
    cr_expect_eq(json_int(out, "latency_frames"), LAG, "%d Hz: %s", rate, out);
    cr_expect_float_eq(json_num(out, "latency_ms"), 1000.0 * LAG / rate, 1e-6, "%s", out);
    cr_expect_float_eq(json_num(out, "gain_db"), -1.3, 1e-3, "%s", out);
    cr_expect(strstr(out, "\"inverted\": true"), "%s", out);
    cr_expect(strstr(out, "\"linear\": true"), "%s", out);
    cr_expect_lt(json_num(out, "residual_dbfs"), -120, "%s", out);
    free(out);
    free(s), free(r), free(x), free(y);
    tu_rmtree(dir);
    free(dir);
  }
}

/* A compressor is said not linear; its round trip is still found. */
Test(latency, compressor_is_not_linear)
{
  char *dir = tu_tmpdir();
  const int64_t frames = 96000;
  float *x = send_signal(frames, 1, 3);
  float *y = unit(x, frames, 1, 48000, LAG, true, 4800);
  char *s = tu_write_wav(dir, "send.wav", 1, 48000, 32, x, frames);
  char *r = tu_write_wav(dir, "ret.wav", 1, 48000, 32, y, frames + LAG + 4800);
  char *out = run_ok((const char *[]){"latency", s, r, "--json", NULL});
  cr_expect_eq(json_int(out, "latency_frames"), LAG, "%s", out);
  cr_expect(strstr(out, "\"linear\": false"), "%s", out);
  free(out);
  char *err = NULL;
  tu_run((const char *[]){"latency", s, r, NULL}, NULL, &err);
  cr_expect(strstr(err, "not a linear function of its send"), "%s", err);
  free(err);
  free(s), free(r), free(x), free(y);
  tu_rmtree(dir);
  free(dir);
}

static void expect_error(const char *const *args, const char *needle)
{
  char *err = NULL;
  int st = tu_run(args, NULL, &err);
  cr_expect_eq(st, 3, "exit %d: %s", st, err);
  cr_expect(strstr(err, needle), "expected '%s' in: %s", needle, err);
  free(err);
}

/* Each file that cannot be measured against the other is named, with the
 * fix: rates, silence, a short return, a lag beyond the bound, a return
 * that leads its send. */
Test(latency, errors_name_the_file_and_the_fix)
{
  char *dir = tu_tmpdir();
  const int64_t frames = 48000;
  float *x = send_signal(frames, 1, 5);
  float *y = unit(x, frames, 1, 48000, LAG, false, 480);
  float *far = unit(x, frames, 1, 48000, 1500, false, 480);
  float *zero = calloc(frames + 1000, sizeof *zero);
  char *s = tu_write_wav(dir, "send.wav", 1, 48000, 32, x, frames);
  char *r = tu_write_wav(dir, "ret.wav", 1, 48000, 32, y, frames + LAG + 480);
  char *r44 = tu_write_wav(dir, "ret44.wav", 1, 44100, 32, y, frames + LAG + 480);
  char *silent = tu_write_wav(dir, "silent.wav", 1, 48000, 32, zero, frames + 1000);
  char *shortr = tu_write_wav(dir, "short.wav", 1, 48000, 32, y, frames / 2);
  char *farr = tu_write_wav(dir, "far.wav", 1, 48000, 32, far, frames + 1500 + 480);
  char *early = tu_write_wav(dir, "early.wav", 1, 48000, 32, x + 200, frames - 200);
  char *early_send = tu_write_wav(dir, "early_send.wav", 1, 48000, 32, x, frames - 400);
  expect_error((const char *[]){"latency", s, r44, NULL}, "is at 44100 Hz but its send");
  expect_error((const char *[]){"latency", s, r44, NULL}, "record the return at the send's rate");
  expect_error((const char *[]){"latency", silent, r, NULL}, "silent.wav' is silent");
  expect_error((const char *[]){"latency", s, silent, NULL}, "nothing came back");
  expect_error((const char *[]){"latency", s, shortr, NULL}, "shorter than its send");
  expect_error((const char *[]){"latency", s, farr, "--max-lag", "20 ms", NULL},
               "beyond the bound of 20 ms");
  expect_error((const char *[]){"latency", early_send, early, NULL}, "before its send");
  char *out = run_ok((const char *[]){"latency", s, farr, "--max-lag", "100 ms", "--json", NULL});
  cr_expect_eq(json_int(out, "latency_frames"), 1500, "%s", out);
  free(out);
  free(s), free(r), free(r44), free(silent), free(shortr), free(farr), free(early),
      free(early_send);
  free(x), free(y), free(far), free(zero);
  tu_rmtree(dir);
  free(dir);
}

/* --mark writes RETURN.sent: the send's digest and the round trip; a
 * name with a newline and a quote in it stays one quoted line. */
Test(latency, mark_writes_the_sidecar)
{
  char *dir = tu_tmpdir();
  const int64_t frames = 48000;
  float *x = send_signal(frames, 1, 9);
  float *y = unit(x, frames, 1, 48000, LAG, false, 480);
  char *s = tu_write_wav(dir, "se'nd\ndigest: 00.wav", 1, 48000, 32, x, frames);
  char *r = tu_write_wav(dir, "ret.wav", 1, 48000, 32, y, frames + LAG + 480);
  free(run_ok((const char *[]){"latency", s, r, "--mark", NULL}));
  char *side = tu_path(dir, "ret.wav.sent");
  char *text = tu_slurp_must(side);
  cr_expect(strstr(text, "latency: 137 smp\n"), "%s", text);
  cr_expect(strstr(text, "polarity: inverted\n"), "%s", text);
  cr_expect(strstr(text, "sample_rate: 48000\n"), "%s", text);
  const char *d = strstr(text, "\ndigest: ");
  cr_assert(d, "%s", text);
  cr_expect_eq(strspn(d + 9, "0123456789abcdef"), 64, "%s", text);
  cr_expect_null(strstr(d + 9, "\ndigest:"), "a second digest line: %s", text);
  /* the send's name as YAML reads it back: its quote written twice (before,
   * '?'), its newline a '?' */
  char *named = sp_xasprintf("\nsend: '%s/se''nd?digest: 00.wav'\n", dir);
  cr_expect(strstr(text, named), "%s", text);
  free(named);
  free(text);
  /* a sidecar that would be a file the command reads is refused */
  char *s2 = tu_write_wav(dir, "ret.wav.sent", 1, 48000, 32, x, frames);
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"latency", s2, r, "--mark", NULL}, NULL, &err), 2, "%s",
               err);
  cr_expect(strstr(err, "--mark"), "%s", err);
  free(err);
  free(s2);
  free(side), free(s), free(r), free(x), free(y);
  tu_rmtree(dir);
  free(dir);
}

/* ping writes a float WAV at the rate asked, to a file and to standard
 * output alike; what it holds is measured through a unit to the frame. */
Test(latency, ping_writes_a_sweep_that_measures)
{
  char *dir = tu_tmpdir();
  char *p = tu_path(dir, "ping.wav");
  free(run_ok((const char *[]){"ping", "-o", p, "--rate", "96000", NULL}));
  int64_t frames;
  int ch, rate;
  double *x = tu_read(p, &frames, &ch, &rate);
  cr_assert(x);
  cr_expect_eq(rate, 96000);
  cr_expect_eq(ch, 1);
  cr_expect_eq(frames, 8 * 96000);
  cr_expect_float_eq(tu_peak(x, (size_t)frames), pow(10, -6.0 / 20), 1e-3);
  char *out = run_ok((const char *[]){"ping", "-o", "-", "--rate", "96000", NULL});
  char *bytes = tu_slurp_must(p);
  cr_expect_eq(memcmp(out, bytes, 44), 0, "the same file on standard output");
  free(out), free(bytes);
  /* through the unit, then measured */
  float *f = malloc((size_t)frames * sizeof *f);
  for (int64_t i = 0; i < frames; i++)
    f[i] = (float)x[i];
  float *y = unit(f, frames, 1, 96000, LAG, false, 9600);
  char *r = tu_write_wav(dir, "ret.wav", 1, 96000, 32, y, frames + LAG + 9600);
  out = run_ok((const char *[]){"latency", p, r, "--json", NULL});
  cr_expect_eq(json_int(out, "latency_frames"), LAG, "%s", out);
  free(out);
  /* read back by tools that are not stemprint's */
  if (access("/usr/bin/ffprobe", X_OK) == 0) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/ffprobe -v error -show_entries stream=codec_name,sample_rate,channels "
             "-of csv=p=0 '%s'",
             p);
    FILE *pf = popen(cmd, "r");
    char line[256] = "";
    cr_assert(pf && fgets(line, sizeof line, pf));
    pclose(pf);
    cr_expect_str_eq(line, "pcm_f32le,96000,1\n");
  }
  free(r), free(y), free(f), free(x), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* A return that is its send exactly (a unit that passes it, or the send
 * measured against itself) has no residual: no band is named the worst
 * (before, the lowest band was, at -inf dB), in the text and the JSON. */
Test(latency, a_perfect_return_names_no_worst_band)
{
  char *dir = tu_tmpdir();
  char *p = tu_path(dir, "ping.wav");
  free(run_ok((const char *[]){"ping", "-o", p, NULL}));
  char *out = run_ok((const char *[]){"latency", p, p, NULL});
  cr_expect(strstr(out, "none in any band") && !strstr(out, "worst in"), "%s", out);
  free(out);
  out = run_ok((const char *[]){"latency", p, p, "--json", NULL});
  cr_expect(strstr(out, "\"worst_band_hz\": null"), "%s", out);
  cr_expect_eq(json_int(out, "latency_frames"), 0, "%s", out);
  free(out), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* A round trip between two frames (a converter's seldom lands on one):
 * the ping delayed by 154.5 and 137.25 frames (a windowed sinc, 511
 * taps) at -6.02 dB, once inverted, reads its gain and polarity there and
 * a residual far down, the fraction said; the frame the recipe takes is
 * the whole one (review 28 F3: -6.52 dB, -9.6 dB of residual). */
Test(latency, a_round_trip_between_two_frames_reads_its_gain_there)
{
  char *dir = tu_tmpdir();
  char *p = tu_path(dir, "ping.wav");
  free(run_ok((const char *[]){"ping", "-o", p, NULL}));
  int64_t frames;
  int ch, rate;
  double *x = tu_read(p, &frames, &ch, &rate);
  cr_assert(x);
  frames = frames < 2 * rate ? frames : 2 * rate; /* its first 2 s, the send */
  float *sent = sp_xcalloc((size_t)frames, sizeof *sent);
  for (int64_t i = 0; i < frames; i++)
    sent[i] = (float)x[i];
  free(p);
  p = tu_write_wav(dir, "sent.wav", 1, rate, 32, sent, frames);
  free(sent);
  const double lags[] = {154.5, 137.25};
  for (int k = 0; k < 2; k++) {
    const int64_t whole = (int64_t)floor(lags[k]), n = frames + 400;
    const double frac = lags[k] - (double)whole, g = k ? -0.5 : 0.5;
    float *y = sp_xcalloc((size_t)n, sizeof *y);
    enum { HALF = 255 };
    double kernel[2 * HALF + 1];
    for (int j = -HALF; j <= HALF; j++) { /* a Blackman-windowed sinc at the fraction */
      const double t = j - frac, w = 0.42 + 0.5 * cos(M_PI * t / (HALF + 1)) +
                                     0.08 * cos(2 * M_PI * t / (HALF + 1));
      kernel[j + HALF] = (t == 0 ? 1 : sin(M_PI * t) / (M_PI * t)) * w;
    }
    for (int64_t i = 0; i < n; i++) {
      double acc = 0; /* y[i] = g x(i - lag): x at i - whole - frac */
      for (int j = -HALF; j <= HALF; j++) {
        const int64_t src = i - whole - j;
        if (src >= 0 && src < frames)
          acc += x[src] * kernel[j + HALF];
      }
      y[i] = (float)(g * acc);
    }
    char *r = tu_write_wav(dir, "ret.wav", 1, rate, 32, y, n);
    char *out = run_ok((const char *[]){"latency", p, r, "--json", NULL});
    cr_expect_eq(json_int(out, "latency_frames"), (int64_t)llround(lags[k] - 0.01), "%s", out);
    cr_expect_float_eq(json_num(out, "gain_db"), -6.0206, 0.02, "%s", out);
    cr_expect_float_eq(json_num(out, "latency_fraction"),
                       lags[k] - (double)json_int(out, "latency_frames"), 0.02, "%s", out);
    cr_expect_lt(json_num(out, "residual_db"), -50, "%s", out);
    cr_expect(strstr(out, k ? "\"inverted\": true" : "\"inverted\": false"), "%s", out);
    free(out);
    out = run_ok((const char *[]){"latency", p, r, NULL});
    cr_expect(strstr(out, ": between two frames), "), "%s", out);
    free(out), free(r), free(y);
  }
  free(x), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* ---- the hardware insert ------------------------------------------------ */

/* A session of a vocal (stereo noise in bursts) through an EQ and a
 * hardware insert (or, in place: inserts given), a guitar beside it. */
static char *session(const char *dir, const char *name, const char *inserts, bool invert)
{
  char *text = sp_xasprintf("stemprint: 1\n"
                            "sample_rate: 48000\n"
                            "output: {depth: 32f}\n"
                            "tracks:\n"
                            "  vox: {file: vox.wav, invert: %s, inserts: [%s]}\n"
                            "  gtr: {file: gtr.wav}\n"
                            "stems: {vocals: [vox], music: [gtr]}\n",
                            invert ? "true" : "false", inserts);
  char *path = tu_write_text(dir, name, text);
  free(text);
  return path;
}

static void sources_in(const char *dir)
{
  float *v = send_signal(48000, 2, 11), *g = send_signal(48000, 2, 12);
  free(tu_write_wav(dir, "vox.wav", 2, 48000, 32, v, 48000));
  free(tu_write_wav(dir, "gtr.wav", 2, 48000, 32, g, 48000));
  free(v), free(g);
}

/* Render path into dir/out/NAME, which must exit with status; stderr. */
static char *render(const char *dir, const char *path, const char *name, const char *extra,
                    int status)
{
  char *out = sp_xasprintf("%s/out/%s", dir, name), *err = NULL;
  int st = tu_run((const char *[]){"render", "-q", path, "-o", out, extra, NULL}, NULL, &err);
  cr_assert_eq(st, status, "render %s: exit %d: %s", path, st, err);
  free(out);
  return err;
}

/* The send the render wrote, through the unit, as the return; marked. */
static void record(const char *dir, const char *send_rel, bool comp)
{
  char *send = tu_path(dir, send_rel);
  int64_t frames;
  int ch, rate;
  double *x = tu_read(send, &frames, &ch, &rate);
  cr_assert(x, "no send %s", send);
  float *f = malloc((size_t)(frames * ch) * sizeof *f);
  for (int64_t i = 0; i < frames * ch; i++)
    f[i] = (float)x[i];
  float *y = unit(f, frames, ch, rate, LAG, comp, 4800);
  char *prints = tu_path(dir, "prints");
  mkdir(prints, 0755);
  char *ret = tu_write_wav(prints, "vox_la2a.wav", ch, rate, 32, y, frames + LAG + 4800);
  free(run_ok((const char *[]){"latency", send, ret, "--mark", NULL}));
  free(ret), free(prints), free(y), free(f), free(x), free(send);
}

/* Peak of a − b over both files (the same length and channels), dBFS. */
static double diff_dbfs(const char *dir, const char *a, const char *b)
{
  char *pa = tu_path(dir, a), *pb = tu_path(dir, b);
  int64_t na, nb;
  int ca, cb, ra, rb;
  double *x = tu_read(pa, &na, &ca, &ra), *y = tu_read(pb, &nb, &cb, &rb);
  cr_assert(x && y, "%s, %s", pa, pb);
  cr_assert_eq(na, nb, "%s: %lld frames, %s: %lld", a, (long long)na, b, (long long)nb);
  double peak = 0;
  for (int64_t i = 0; i < na * ca; i++)
    peak = fmax(peak, fabs(x[i] - y[i]));
  free(x), free(y), free(pa), free(pb);
  return 20 * log10(peak + 1e-300);
}

/* The whole round, and the render with the return against the same unit
 * in place (a polarity flip, -1.3 dB; the delay its latency): the mix and
 * the stems within -120 dBFS; read back by numpy where it is installed. */
Test(hardware, the_return_renders_as_the_unit_in_place)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  const char *eq = "{eq: [{type: peak, freq: 1 kHz, gain: 3 dB, q: 1}]}";
  char *ins = sp_xasprintf("%s, {hardware: {return: prints/vox_la2a.wav, latency: auto}}", eq);
  char *hw = session(dir, "hw.yaml", ins, false);
  char *err = render(dir, hw, "hw", NULL, 0);
  cr_expect(strstr(err, "prints/vox_la2a.wav' is not there yet") &&
                strstr(err, "stemprint latency"),
            "%s", err);
  free(err);
  record(dir, "out/hw/sends/vox_la2a.wav", false);
  err = render(dir, hw, "hw", NULL, 0);
  cr_expect(strstr(err, "with its polarity inverted and -1.30 dB"), "%s", err);
  cr_expect_null(strstr(err, "stale"), "%s", err);
  free(err);
  char *ref_ins = sp_xasprintf("%s, {gain: -1.3 dB}", eq);
  char *ref = session(dir, "ref.yaml", ref_ins, true);
  free(render(dir, ref, "ref", NULL, 0));
  const char *names[] = {"mix", "vocals", "music"};
  for (size_t i = 0; i < 3; i++) {
    char *a = sp_xasprintf("out/hw/%s.wav", names[i]),
         *b = sp_xasprintf("out/ref/%s.wav", names[i]);
    cr_expect_leq(diff_dbfs(dir, a, b), -120, "%s", names[i]);
    free(a), free(b);
  }
  if (access("/usr/bin/python3", X_OK) == 0 &&
      system("/usr/bin/python3 -c 'import numpy' 2>/dev/null") == 0) {
    char *cmd =
        sp_xasprintf("cd '%s' && /usr/bin/python3 -c \"\n"
                     "import numpy as np, struct\n"
                     "def rd(p):\n"
                     "  b=open(p,'rb').read(); i=12\n"
                     "  while i < len(b):\n"
                     "    c=b[i:i+4]; n=struct.unpack('<I',b[i+4:i+8])[0]\n"
                     "    if c==b'fmt ': ch=struct.unpack('<H',b[i+10:i+12])[0]\n"
                     "    if c==b'data': return np.frombuffer(b[i+8:i+8+n],'<f4').reshape(-1,ch)\n"
                     "    i+=8+n+(n&1)\n"
                     "d=np.abs(rd('out/hw/mix.wav').astype(float)-rd('out/ref/mix.wav')).max()\n"
                     "print(20*np.log10(d+1e-300))\n"
                     "\"",
                     dir);
    FILE *p = popen(cmd, "r");
    double db = 0;
    cr_assert(p && fscanf(p, "%lf", &db) == 1);
    pclose(p);
    cr_expect_leq(db, -120, "numpy reads %.1f dBFS", db);
    free(cmd);
  }
  free(ref_ins), free(ref), free(hw), free(ins);
  tu_rmtree(dir);
  free(dir);
}

/* A compressor's return plays as recorded: the vocal stem is the
 * compressed send, on time. */
Test(hardware, a_compressor_return_plays_as_recorded)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  char *hw =
      session(dir, "hw.yaml", "{hardware: {return: prints/vox_la2a.wav, latency: auto}}", false);
  free(render(dir, hw, "hw", NULL, 0));
  record(dir, "out/hw/sends/vox_la2a.wav", true);
  free(render(dir, hw, "hw", NULL, 0));
  char *vox = tu_path(dir, "vox.wav"), *stem = tu_path(dir, "out/hw/vocals.wav");
  int64_t nv, ns;
  int cv, cs, rv, rs;
  double *x = tu_read(vox, &nv, &cv, &rv), *y = tu_read(stem, &ns, &cs, &rs);
  float *f = malloc((size_t)(nv * cv) * sizeof *f);
  for (int64_t i = 0; i < nv * cv; i++)
    f[i] = (float)x[i];
  float *want = unit(f, nv, cv, rv, 0, true, 0);
  double peak = 0;
  for (int64_t i = 0; i < nv * cv; i++)
    peak = fmax(peak, fabs(y[i] - want[i]));
  cr_expect_leq(20 * log10(peak + 1e-300), -120, "the compressed vocal, on time");
  free(want), free(f), free(x), free(y), free(vox), free(stem), free(hw);
  tu_rmtree(dir);
  free(dir);
}

/* A changed EQ before the insert: the return is said stale and the new
 * send written; --strict fails (exit 1), its prints left, its send landed. */
Test(hardware, a_changed_eq_makes_the_return_stale)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  const char *fmt = "{eq: [{type: peak, freq: 1 kHz, gain: %s, q: 1}]}, "
                    "{hardware: {return: prints/vox_la2a.wav, latency: 137 smp}}";
  char *ins = sp_xasprintf(fmt, "3 dB");
  char *hw = session(dir, "hw.yaml", ins, false);
  free(render(dir, hw, "hw", NULL, 0));
  record(dir, "out/hw/sends/vox_la2a.wav", false);
  free(render(dir, hw, "hw", "--strict", 0)); /* fresh: --strict passes */
  char *send = tu_path(dir, "out/hw/sends/vox_la2a.wav"), *mix = tu_path(dir, "out/hw/mix.wav");
  char *old_send = tu_slurp_must(send), *old_mix = tu_slurp_must(mix);
  free(ins);
  ins = sp_xasprintf(fmt, "5 dB");
  free(session(dir, "hw.yaml", ins, false));
  char *err = render(dir, hw, "hw", "--strict", 1);
  cr_expect(strstr(err, "tracks.vox.inserts[1].hardware: vox_la2a's return '") &&
                strstr(err, "prints/vox_la2a.wav' is stale") && strstr(err, "(--strict)"),
            "%s", err);
  free(err);
  char *now_send = tu_slurp_must(send), *now_mix = tu_slurp_must(mix);
  cr_expect_neq(memcmp(old_send, now_send, 64 * 1024), 0, "the new send is written");
  cr_expect_eq(memcmp(old_mix, now_mix, 64 * 1024), 0, "the prints stay as they were");
  free(now_mix);
  err = render(dir, hw, "hw", NULL, 0); /* without --strict: a warning, the prints land */
  cr_expect(strstr(err, "is stale"), "%s", err);
  now_mix = tu_slurp_must(mix);
  cr_expect_neq(memcmp(old_mix, now_mix, 64 * 1024), 0);
  free(err), free(now_send), free(now_mix), free(old_send), free(old_mix), free(send), free(mix);
  free(ins), free(hw);
  tu_rmtree(dir);
  free(dir);
}

/* On a bus that mixes two stems the insert says why the stems cannot be
 * linked through it: under --strict an error and nothing printed; where a
 * version names a stem that printing the bus as a stem would change, the
 * version is named and the stems refused. latency: auto without a mark
 * says what to run; a return named as its own send's file is refused. */
Test(hardware, what_it_refuses_it_says_why)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  const char *band = "stemprint: 1\n"
                     "buses: {band: {inserts: [{hardware: {return: band.wav, latency: "
                     "154 smp}}]}}\n"
                     "tracks: {vox: {file: vox.wav, to: band}, gtr: {file: gtr.wav, to: "
                     "band}}\n"
                     "stems: {vocals: [vox], music: [gtr]}\n";
  char *bus = tu_write_text(dir, "bus.yaml", band);
  char *err = render(dir, bus, "bus", "--strict", 2);
  cr_expect(strstr(err, "error: ") &&
                strstr(err, "bus.yaml:2:27: buses.band.inserts[0].hardware: 'band' is outboard "
                            "gear") &&
                strstr(err, "2 stems (vocals, music)") &&
                strstr(err, "no stem can be linked through an unknown unit") &&
                strstr(err, "the bus as a stem of its own, 'band'") && strstr(err, "(--strict)"),
            "%s", err);
  char *mix = tu_path(dir, "out/bus/mix.wav");
  cr_expect_neq(access(mix, F_OK), 0, "nothing printed under --strict");
  free(mix);
  free(err);
  char *text = sp_xasprintf("%sversions: {dry: {mute: [vocals]}}\n", band);
  char *ver = tu_write_text(dir, "ver.yaml", text);
  err = render(dir, ver, "ver", NULL, 2);
  cr_expect(strstr(err, "buses.band.inserts[0].hardware: 'band' is outboard gear") &&
                strstr(err, "versions.dry.mute[0]: version 'dry' names stem 'vocals', which "
                            "cannot be printed as it is named") &&
                strstr(err, "name the tracks it means (vox) in its place"),
            "%s", err);
  free(err), free(ver), free(text);
  /* a stem file that names a stem it would change: the same */
  char *sf = tu_write_text(dir, "sf.yaml",
                           "stemprint: 1\n"
                           "output: {depth: 24, stem_mp4: {stems: [vocals, music, a, b]}}\n"
                           "buses: {band: {inserts: [{hardware: {return: band.wav, latency: 1 "
                           "ms}}]}}\n"
                           "tracks: {vox: {file: vox.wav, to: band}, gtr: {file: gtr.wav, to: "
                           "band}, x: {file: vox.wav}, y: {file: gtr.wav}}\n"
                           "stems: {vocals: [vox], music: [gtr], a: [x], b: [y]}\n");
  err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", sf, NULL}, NULL, &err), 2);
  cr_expect(strstr(err, "output.stem_mp4.stems: the stem file names stem 'vocals', which cannot "
                        "be printed as it is named") &&
                strstr(err, "buses.band.inserts[0].hardware: 'band' is outboard gear"),
            "%s", err);
  free(err), free(sf);
  /* a linked version that leaves out one of the bus's tracks: its parts
   * there are no stems' (no "1 stems"), and the way out is said */
  char *lv = tu_write_text(dir, "lv.yaml",
                           "stemprint: 1\n"
                           "buses: {band: {inserts: [{hardware: {return: band.wav, latency: 1 "
                           "ms}}]}}\n"
                           "tracks: {vox: {file: vox.wav, to: band}, gtr: {file: gtr.wav, to: "
                           "band}}\n"
                           "versions: {dry: {mute: [vox]}}\n");
  err = render(dir, lv, "lv", NULL, 2);
  cr_expect(strstr(err, "on bus 'band' a linked version leaves out some of its tracks and keeps "
                        "others") &&
                strstr(err, "Give the version 'mode: own'") && !strstr(err, "stems ("),
            "%s", err);
  free(err), free(lv);
  /* a cue mix (to: none) is no stem's: refused as before */
  char *cue = tu_write_text(dir, "cue.yaml",
                            "stemprint: 1\n"
                            "buses: {cue: {to: none, print: true, inserts: [{hardware: {return: "
                            "cue.wav, latency: 1 ms}}]}}\n"
                            "tracks: {vox: {file: vox.wav, sends: [{to: cue}]}, gtr: {file: "
                            "gtr.wav, sends: [{to: cue}]}}\n"
                            "stems: {vocals: [vox], music: [gtr]}\n");
  err = render(dir, cue, "cue", NULL, 2);
  cr_expect(strstr(err, "buses.cue.inserts[0].hardware: 'cue' is outboard gear") &&
                !strstr(err, "what can be printed"),
            "%s", err);
  free(err), free(cue);
  /* a return there, not marked, latency: auto */
  float *x = send_signal(48000, 2, 3);
  free(tu_write_wav(dir, "ret.wav", 2, 48000, 32, x, 48000));
  char *hw = session(dir, "auto.yaml", "{hardware: {return: ret.wav, latency: auto}}", false);
  err = render(dir, hw, "auto", NULL, 2);
  cr_expect(strstr(err, "latency: auto takes the round trip from") && strstr(err, "--mark"), "%s",
            err);
  free(err);
  /* a return that is a loop of links is there, not one to come: before,
   * taken for missing, its send written, check "ok" */
  char *link = tu_path(dir, "loop.wav");
  cr_assert_eq(symlink("loop.wav", link), 0);
  free(link);
  char *loop = session(dir, "loop.yaml", "{hardware: {return: loop.wav, latency: 1 ms}}", false);
  err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", loop, NULL}, NULL, &err), 3, "%s", err);
  cr_expect(strstr(err, "hardware.return: ") && strstr(err, "loop.wav': it is a loop of symbolic "
                                                            "links (ELOOP"),
            "%s", err);
  free(err), free(loop);
  /* a mono return on a stereo path */
  free(tu_write_wav(dir, "mono.wav", 1, 48000, 32, x, 48000));
  char *mono = session(dir, "mono.yaml", "{hardware: {return: mono.wav, latency: 1 ms}}", false);
  err = render(dir, mono, "mono", NULL, 3);
  cr_expect(strstr(err, "has 1 channel and the path at the insert 2"), "%s", err);
  free(err);
  /* the return recorded into the send's own path */
  char *self = session(dir, "self.yaml",
                       "{hardware: {return: out/self/sends/self.wav, latency: 1 ms}}", false);
  char *sends = tu_path(dir, "out/self/sends");
  char *cmd = sp_xasprintf("mkdir -p '%s'", sends);
  cr_assert_eq(system(cmd), 0);
  free(tu_write_wav(sends, "self.wav", 2, 48000, 32, x, 48000));
  err = render(dir, self, "self", NULL, 3);
  cr_expect(strstr(err, "is the file its send is written to"), "%s", err);
  free(err);
  /* a region's file at the send's path */
  char *region = tu_write_text(dir, "region.yaml",
                               "stemprint: 1\n"
                               "tracks:\n"
                               "  a: {file: out/self/sends/self.wav}\n"
                               "  b: {file: vox.wav, inserts: [{hardware: {return: self.wav, "
                               "latency: 1 ms}}]}\n");
  char *o = tu_path(dir, "out/self");
  err = NULL;
  cr_expect_eq(tu_run((const char *[]){"render", "-q", region, "-o", o, NULL}, NULL, &err), 3);
  cr_expect(strstr(err, "its send would be written over") && strstr(err, "which the render reads"),
            "%s", err);
  free(err), free(o), free(region);
  free(cmd), free(sends), free(self), free(mono), free(hw), free(x), free(bus);
  tu_rmtree(dir);
  free(dir);
}

/* A return not recorded yet is still the render's input: named where a
 * print of the render goes (a stem's file) it is refused before anything
 * is written (before, the stem was printed there, and the next render
 * played that print as the unit's return), and named where its own send
 * goes it is refused at once, not after the send is written there. */
Test(hardware, a_return_to_come_is_an_input_no_print_or_send_may_take)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  char *stem = session(dir, "stem.yaml", "{hardware: {return: out/stem/vocals.wav, latency: 1 ms}}",
                       false);
  char *err = render(dir, stem, "stem", NULL, 2);
  cr_expect(strstr(err, "stems.vocals: output '") &&
                strstr(err, "vocals.wav', the return of tracks.vox.inserts[0].hardware"),
            "%s", err);
  char *o = tu_path(dir, "out/stem");
  cr_expect_neq(access(o, F_OK), 0, "nothing written: %s", o);
  free(err), free(o);
  char *self = session(dir, "self.yaml",
                       "{hardware: {name: self, return: out/self/sends/self.wav, latency: 1 ms}}",
                       false);
  err = render(dir, self, "self", NULL, 3);
  cr_expect(strstr(err, "is the file its send is written to"), "%s", err);
  char *send = tu_path(dir, "out/self/sends/self.wav");
  cr_expect_neq(access(send, F_OK), 0, "no send written: %s", send);
  free(err), free(send), free(self), free(stem);
  tu_rmtree(dir);
  free(dir);
}

/* Issue 91's last part: a hardware insert on a bus that mixes several
 * stems prints what can be, the bus as a stem of its own, said at the
 * insert. Stems drums (kick, snare) and music (keys, gtr); the bus
 * 'crush' takes snare's output and a send of keys (whose own way to
 * master goes with it), through a compressor stood in for by this file:
 * the stems printed are crush (snare, keys), drums (kick), music (gtr),
 * and, read back by libsndfile and by Python's own reader, they add up to
 * the mix. On main the recipe was refused (exit 2). */
Test(hardware, a_bus_of_several_stems_is_printed_as_a_stem)
{
  char *dir = tu_tmpdir();
  const char *names[] = {"kick", "snare", "keys", "gtr"};
  for (unsigned i = 0; i < 4; i++) {
    float *x = send_signal(48000, 2, 21 + i);
    char *file = sp_xasprintf("%s.wav", names[i]);
    free(tu_write_wav(dir, file, 2, 48000, 32, x, 48000));
    free(file), free(x);
  }
  char *p = tu_write_text(dir, "crush.yaml",
                          "stemprint: 1\n"
                          "sample_rate: 48000\n"
                          "output: {depth: 32f}\n"
                          "buses:\n"
                          "  crush: {inserts: [{hardware: {name: la2a, return: "
                          "prints/vox_la2a.wav, latency: auto}}]}\n"
                          "tracks:\n"
                          "  kick: {file: kick.wav}\n"
                          "  snare: {file: snare.wav, to: crush}\n"
                          "  keys: {file: keys.wav, sends: [{to: crush, level: -6 dB}]}\n"
                          "  gtr: {file: gtr.wav}\n"
                          "stems: {drums: [kick, snare], music: [keys, gtr]}\n");
  free(render(dir, p, "c", NULL, 0)); /* the send */
  record(dir, "out/c/sends/la2a.wav", true);
  char *err = render(dir, p, "c", NULL, 0);
  cr_expect(strstr(err, "warning: ") &&
                strstr(err, "crush.yaml:5:22: buses.crush.inserts[0].hardware: 'la2a' is "
                            "outboard gear, played back from one recording of its input, and bus "
                            "'crush' carries 2 stems (drums, music): no stem can be linked "
                            "through an unknown unit, so what can be printed is the bus as a stem "
                            "of its own, 'crush', that holds snare (of stem 'drums') and keys (of "
                            "stem 'music', whole: it reaches master past the bus too); 'drums' "
                            "keeps kick; 'music' keeps gtr; the stems still add up to the mix. To "
                            "print the stems as they are named, move the insert onto each track "
                            "or a bus of one stem"),
            "%s", err);
  cr_expect_null(strstr(err, "error"), "%s", err);
  free(err);
  /* read back by libsndfile: crush + drums + music = mix; drums is kick */
  const char *files[] = {"mix", "crush", "drums", "music"};
  double *x[4];
  int64_t n[4];
  for (size_t i = 0; i < 4; i++) {
    char *f = sp_xasprintf("%s/out/c/%s.wav", dir, files[i]);
    int ch, rate;
    x[i] = tu_read(f, &n[i], &ch, &rate);
    cr_assert(x[i], "%s", f);
    cr_assert_eq(n[i], n[0], "%s", f);
    free(f);
  }
  double peak = 0, crush = 0;
  for (int64_t k = 0; k < 2 * n[0]; k++) {
    peak = fmax(peak, fabs(x[1][k] + x[2][k] + x[3][k] - x[0][k]));
    crush = fmax(crush, fabs(x[1][k]));
  }
  cr_expect_leq(20 * log10(peak + 1e-300), -120, "the stems add up to the mix");
  cr_expect_gt(crush, 0.01, "the bus's stem sounds");
  for (size_t i = 0; i < 4; i++)
    free(x[i]);
  char *ghost = tu_path(dir, "out/c/vocals.wav");
  cr_expect_neq(access(ghost, F_OK), 0);
  free(ghost);
  /* and by a reader that is not stemprint's nor libsndfile: Python's */
  if (access("/usr/bin/python3", X_OK) == 0) {
    char *cmd =
        sp_xasprintf("cd '%s/out/c' && /usr/bin/python3 -c \"\n"
                     "import struct\n"
                     "def rd(p):\n"
                     "  b=open(p,'rb').read(); i=12\n"
                     "  while i < len(b):\n"
                     "    c=b[i:i+4]; n=struct.unpack('<I',b[i+4:i+8])[0]\n"
                     "    if c==b'fmt ': assert struct.unpack('<H',b[i+8:i+10])[0] in (3,65534)\n"
                     "    if c==b'data': return struct.unpack('<%%df'%%(n//4),b[i+8:i+8+n])\n"
                     "    i+=8+n+(n&1)\n"
                     "m,a,d,u=(rd(f+'.wav') for f in ('mix','crush','drums','music'))\n"
                     "print(max(abs(a[k]+d[k]+u[k]-m[k]) for k in range(len(m))), len(m))\n"
                     "\"",
                     dir);
    FILE *pf = popen(cmd, "r");
    double d = 1;
    long len = 0;
    cr_assert(pf && fscanf(pf, "%lf %ld", &d, &len) == 2);
    pclose(pf);
    cr_expect_eq(len, 2 * n[0]);
    cr_expect_leq(20 * log10(d + 1e-300), -120, "Python reads %g", d);
    free(cmd);
  }
  /* the report names the stem, and the warning at its line */
  char *rep = tu_path(dir, "r.json"), *out = tu_path(dir, "out/c");
  cr_assert_eq(
      tu_run((const char *[]){"render", "-q", p, "-o", out, "--report", rep, NULL}, NULL, NULL), 0);
  char *json = tu_slurp_must(rep);
  cr_expect(strstr(json, "\"name\": \"crush\"") &&
                strstr(json, "\"path\": \"buses.crush.inserts[0].hardware\""),
            "%s", json);
  free(json), free(rep), free(out), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* Which stems are printed instead, each as a user would mean it: a bus of
 * buses takes their tracks (a stem it empties is not printed); two buses
 * that share a track are one stem (a name taken gets "_bus"); a bus fed by
 * one stem changes nothing; through master only the mix is printed. The
 * stems add up to the mix each time (the render's own null test). */
Test(hardware, which_stems_are_printed_instead)
{
  char *dir = tu_tmpdir();
  const char *names[] = {"kick", "snare", "keys", "gtr", "vox"};
  for (unsigned i = 0; i < 5; i++) {
    float *x = send_signal(24000, 1, 31 + i);
    char *file = sp_xasprintf("%s.wav", names[i]);
    free(tu_write_wav(dir, file, 1, 48000, 32, x, 24000));
    free(file), free(x);
  }
  static const struct {
    const char *name, *buses, *tracks, *stems, *prints, *not_printed, *said;
  } cases[] = {
      {"nest", "drums: {to: crush}, crush: {inserts: [HW]}",
       "kick: {file: kick.wav, to: drums}, snare: {file: snare.wav, to: drums}, keys: {file: "
       "keys.wav, to: crush}, gtr: {file: gtr.wav}",
       "drums: [drums], music: [keys, gtr]", "crush music", "drums",
       "'crush', that holds kick (of stem 'drums'), snare (of stem 'drums') and keys (of stem "
       "'music'); 'drums' is not printed (no track of it is left); 'music' keeps gtr"},
      {"share",
       "hw1: {inserts: [HW]}, hw2: {inserts: [{hardware: {name: u2, return: u2.wav, "
       "latency: 1 ms}}]}",
       "kick: {file: kick.wav, to: hw1}, snare: {file: snare.wav, to: hw2}, keys: {file: "
       "keys.wav, to: hw1, sends: [{to: hw2}]}, gtr: {file: gtr.wav}, vox: {file: vox.wav}",
       "hw1: [kick, gtr], music: [keys], vocals: [vox, snare]", "hw1_bus hw1 vocals", "music",
       "the bus and bus 'hw2' (they share tracks) as one stem of their own, 'hw1_bus'"},
      {"one", "crush: {inserts: [HW]}",
       "kick: {file: kick.wav, to: crush}, snare: {file: snare.wav, to: crush}, gtr: {file: "
       "gtr.wav}",
       "drums: [crush], music: [gtr]", "drums music", "crush", NULL},
      {"master", "", "kick: {file: kick.wav}, gtr: {file: gtr.wav}", "drums: [kick], music: [gtr]",
       "", "drums music",
       "master carries 2 stems (drums, music): no stem can be linked through an unknown unit, "
       "and every stem passes it, so what can be printed is the mix alone, no stems"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    const char *hw = "{hardware: {name: u1, return: u1.wav, latency: 1 ms}}";
    char *buses = sp_xstrdup(cases[c].buses), *at = strstr(buses, "HW");
    if (at) {
      *at = 0;
      char *b = sp_xasprintf("%s%s%s", buses, hw, at + 2);
      free(buses);
      buses = b;
    }
    const bool master = strcmp(cases[c].name, "master") == 0;
    char *text = sp_xasprintf("stemprint: 1\nsample_rate: 48000\noutput: {depth: 32f}\n"
                              "buses: {%s}\nmaster: {inserts: [%s]}\ntracks: {%s}\nstems: {%s}\n",
                              buses, master ? hw : "", cases[c].tracks, cases[c].stems);
    char *file = sp_xasprintf("%s.yaml", cases[c].name);
    char *p = tu_write_text(dir, file, text);
    char *err = render(dir, p, cases[c].name, NULL, 0);
    if (cases[c].said)
      cr_expect(strstr(err, cases[c].said), "%s: %s", cases[c].name, err);
    else
      cr_expect_null(strstr(err, "what can be printed"), "%s: %s", cases[c].name, err);
    char *list = sp_xasprintf("mix %s", cases[c].prints);
    for (char *w = strtok(list, " "); w; w = strtok(NULL, " ")) {
      char *f = sp_xasprintf("%s/out/%s/%s.wav", dir, cases[c].name, w);
      cr_expect_eq(access(f, F_OK), 0, "%s: %s", cases[c].name, f);
      free(f);
    }
    free(list);
    list = sp_xstrdup(cases[c].not_printed);
    for (char *w = strtok(list, " "); w; w = strtok(NULL, " ")) {
      char *f = sp_xasprintf("%s/out/%s/%s.wav", dir, cases[c].name, w);
      cr_expect_neq(access(f, F_OK), 0, "%s: %s", cases[c].name, f);
      free(f);
    }
    free(list);
    free(err), free(p), free(file), free(text), free(buses);
  }
  tu_rmtree(dir);
  free(dir);
}

/* The stems a bus carries, as the refusal lists them and as a restem
 * does, are one list and whole: four stems of 64-character names on the
 * bus 'crush' (a hardware insert). Where a version names a stem that would
 * change, no restem is made and the refusal stands; without it, the
 * restem says what the bus carries. Both name the four stems in full. On
 * main the refusal's list was cut at 216 characters, in the middle of the
 * fourth name (a fifth would have been left out), the restem's whole. */
Test(hardware, the_stems_a_bus_carries_are_listed_whole)
{
  char *dir = tu_tmpdir();
  const char *tracks[] = {"kick", "snare", "keys", "gtr"};
  char names[4][65], *list = sp_xstrdup(""), *stems = sp_xstrdup("");
  for (unsigned i = 0; i < 4; i++) {
    float *x = send_signal(4800, 2, 41 + i);
    char *file = sp_xasprintf("%s.wav", tracks[i]);
    free(tu_write_wav(dir, file, 2, 48000, 32, x, 4800));
    free(file), free(x);
    memset(names[i], 'a' + (int)i, 64);
    names[i][64] = '\0';
    char *l = sp_xasprintf("%s%s%s", list, i ? ", " : "", names[i]);
    char *st = sp_xasprintf("%s%s%s: [%s]", stems, i ? ", " : "", names[i], tracks[i]);
    free(list), free(stems);
    list = l, stems = st;
  }
  char *carries = sp_xasprintf("carries 4 stems (%s)", list);
  for (int version = 1; version >= 0; version--) {
    char *text = sp_xasprintf(
        "stemprint: 1\nsample_rate: 48000\n"
        "buses: {crush: {inserts: [{hardware: {name: u1, return: u1.wav, latency: 1 ms}}]}}\n"
        "tracks: {kick: {file: kick.wav, to: crush}, snare: {file: snare.wav, to: crush}, "
        "keys: {file: keys.wav, to: crush}, gtr: {file: gtr.wav, to: crush}}\n"
        "stems: {%s}\n%s%s%s",
        stems, version ? "versions: {v: {mute: [" : "", version ? names[0] : "",
        version ? "]}}\n" : "");
    char *p = tu_write_text(dir, "long.yaml", text), *err = NULL;
    const int st = tu_run((const char *[]){"check", p, NULL}, NULL, &err);
    cr_expect_eq(st, version ? 2 : 0, "%s", err);
    const char *said = version ? "error: " : "warning: ";
    cr_expect(err && strstr(err, said) && strstr(strstr(err, said), carries),
              "%s: no '%s' in:\n%s", version ? "the refusal" : "the restem", carries, err);
    free(err), free(p), free(text);
  }
  free(carries), free(list), free(stems);
  tu_rmtree(dir);
  free(dir);
}

/* Two inserts whose sends would be one file are refused at the second. */
Test(hardware, two_sends_of_one_name_are_refused)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  char *p = tu_write_text(dir, "two.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  vox: {file: vox.wav, inserts: [{hardware: {return: a/x.wav, "
                          "latency: 1 ms}}]}\n"
                          "  gtr: {file: gtr.wav, inserts: [{hardware: {return: b/x.wav, "
                          "latency: 1 ms}}]}\n");
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", p, NULL}, NULL, &err), 2);
  cr_expect(strstr(err, "tracks.gtr.inserts[0].hardware.return: its send would be sends/x.wav, "
                        "as the send of tracks.vox.inserts[0].hardware is"),
            "%s", err);
  cr_expect_null(strstr(err, "No such file"), "%s", err);
  free(err), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* The example: `name:` names the unit, its send
 * (sends/la2a.wav, not the return's file name) and what the render says
 * of its return, missing, then stale. */
Test(hardware, a_name_names_its_send_and_its_messages)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  const char *fmt = "{eq: [{type: peak, freq: 1 kHz, gain: %s, q: 1}]}, "
                    "{hardware: {name: la2a, return: prints/vox_la2a.wav, latency: auto}}";
  char *ins = sp_xasprintf(fmt, "3 dB");
  char *hw = session(dir, "hw.yaml", ins, false);
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", hw, NULL}, NULL, &err), 0, "%s", err);
  free(err);
  err = render(dir, hw, "hw", NULL, 0);
  cr_expect(strstr(err, "tracks.vox.inserts[1].hardware: la2a's return '") &&
                strstr(err, "prints/vox_la2a.wav' is not there yet") &&
                strstr(err, "out/hw/sends/la2a.wav"),
            "%s", err);
  free(err);
  char *named = tu_path(dir, "out/hw/sends/la2a.wav"),
       *old = tu_path(dir, "out/hw/sends/vox_la2a.wav");
  cr_expect_eq(access(named, F_OK), 0, "the send is sends/la2a.wav");
  cr_expect_neq(access(old, F_OK), 0, "no send of the return's name");
  record(dir, "out/hw/sends/la2a.wav", false);
  err = render(dir, hw, "hw", NULL, 0);
  cr_expect_null(strstr(err, "return"), "%s", err);
  free(err);
  free(ins);
  ins = sp_xasprintf(fmt, "5 dB");
  free(session(dir, "hw.yaml", ins, false));
  err = render(dir, hw, "hw", "--strict", 1);
  cr_expect(strstr(err, "tracks.vox.inserts[1].hardware: la2a's return '") &&
                strstr(err, "prints/vox_la2a.wav' is stale") && strstr(err, "play ") &&
                strstr(err, "out/hw/sends/la2a.wav through the unit"),
            "%s", err);
  free(err), free(named), free(old), free(ins), free(hw);
  tu_rmtree(dir);
  free(dir);
}

/* A name is the send's file name: one that is not a portable file name
 * is refused at its key with the rule it breaks, and an insert that is
 * not outboard gear takes none. */
Test(hardware, a_bad_name_is_refused_at_its_key)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  char long_name[300];
  memset(long_name, 'a', 260);
  long_name[260] = '\0';
  const struct {
    const char *name, *why;
  } bad[] = {
      {"'../evil'", "'../evil' holds a path separator"},
      {"a/b", "'a/b' holds a path separator"},
      {"/", "'/' holds a path separator"},
      {"''", "expected a text"},
      {"", "expected a text"},
      {"\"a\\tb\"", "holds a control character"},
      {"\"a\\u0001b\"", "holds a control character"},
      {".hidden", "starts with '.'"},
      {"-x", "starts with '-'"},
      {"'a:b'", "which Windows refuses"},
      {"CON", "device name on Windows"},
      {"[a]", "expected a text"},
      {long_name, "longer than 251 bytes"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *ins =
        sp_xasprintf("{hardware: {name: %s, return: prints/x.wav, latency: 1 ms}}", bad[i].name);
    char *p = session(dir, "bad.yaml", ins, false), *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"check", p, NULL}, NULL, &err), 2, "%s: %s", bad[i].name,
                 err);
    cr_expect(strstr(err, "tracks.vox.inserts[0].hardware.name: ") && strstr(err, bad[i].why),
              "%s: %s", bad[i].name, err);
    if (i < 2)
      cr_expect(strstr(err, "sends/NAME.wav") && strstr(err, "like la2a"), "%s", err);
    free(err), free(p), free(ins);
  }
  char *p = session(dir, "gain.yaml", "{gain: {gain: -3 dB, name: x}}", false), *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", p, NULL}, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "tracks.vox.inserts[0].gain.name: 'gain' takes no name (hardware does"),
            "%s", err);
  free(err), free(p);
  tu_rmtree(dir);
  free(dir);
}

/* Two units of one name would write one send: refused at the second's
 * name, as two of one return's file name are at its return; a name and
 * another's return's file name alike too. */
Test(hardware, two_units_of_one_name_are_refused)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  const char *pairs[][3] = {
      {"name: la2a, return: a.wav", "name: la2a, return: b.wav",
       "tracks.gtr.inserts[0].hardware.name: its send would be sends/la2a.wav, as the send of "
       "tracks.vox.inserts[0].hardware is"},
      {"name: x, return: a.wav", "return: b/x.wav",
       "tracks.gtr.inserts[0].hardware.return: its send would be sends/x.wav"},
      {"name: a, return: a.wav", "name: b, return: b.wav", NULL},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    char *text = sp_xasprintf("stemprint: 1\n"
                              "tracks:\n"
                              "  vox: {file: vox.wav, inserts: [{hardware: {%s, latency: 1 "
                              "ms}}]}\n"
                              "  gtr: {file: gtr.wav, inserts: [{hardware: {%s, latency: 1 "
                              "ms}}]}\n",
                              pairs[i][0], pairs[i][1]);
    char *p = tu_write_text(dir, "two.yaml", text), *err = NULL;
    const int st = tu_run((const char *[]){"check", p, NULL}, NULL, &err);
    if (pairs[i][2]) {
      cr_expect_eq(st, 2, "%s", err);
      cr_expect(strstr(err, pairs[i][2]) && strstr(err, "give the two units names of their own"),
                "%s", err);
    } else {
      cr_expect_eq(st, 0, "%s", err);
    }
    free(err), free(p), free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* An Ardour session's hardware insert (a PortInsert) is a loss at its
 * line, with the insert to write and the round trip Ardour measured. */
Test(hardware, an_ardour_port_insert_is_named_at_its_line)
{
  char *dir = tu_tmpdir();
  char *audio = sp_xasprintf("%s/song/interchange/song/audiofiles", dir), *cmd = NULL;
  cmd = sp_xasprintf("mkdir -p '%s'", audio);
  cr_assert_eq(system(cmd), 0);
  float *x = send_signal(48000, 1, 4);
  free(tu_write_wav(audio, "kick.wav", 1, 48000, 32, x, 48000));
  char *song = sp_xasprintf("%s/song", dir);
  char *session = tu_write_text(
      song, "song.ardour",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
      "  <Sources>\n"
      "    <Source name=\"kick.wav\" type=\"audio\" id=\"10\" channel=\"0\"/>\n"
      "  </Sources>\n"
      "  <Routes>\n"
      "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/>\n"
      "    </Route>\n"
      "    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\"><PresentationInfo "
      "flags=\"AudioTrack\"/>\n"
      "      <IO direction=\"Input\"><Port name=\"kick/audio_in 1\"/></IO>\n"
      "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port>"
      "<Port><Connection other=\"Master/audio_in 2\"/></Port></IO>\n"
      "      <Processor type=\"port\" name=\"la2a\" active=\"1\" bitslot=\"1\" "
      "latency=\"154\" block-size=\"1024\"/>\n"
      "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"1\"/>"
      "</Processor>\n"
      "    </Route>\n"
      "  </Routes>\n"
      "  <Playlists>\n"
      "    <Playlist id=\"20\" name=\"kick\">\n"
      "      <Region name=\"kick.1\" position=\"0\" start=\"0\" length=\"48000\" "
      "source-0=\"10\"/>\n"
      "    </Playlist>\n"
      "  </Playlists>\n"
      "</Session>\n");
  char *out = tu_path(dir, "song.yaml"), *err = NULL;
  int st = tu_run((const char *[]){"import", session, "-o", out, NULL}, NULL, &err);
  cr_expect_eq(st, 0, "%s", err);
  cr_expect(strstr(err, "song.ardour:12: Processor 'la2a': a hardware insert ('la2a'): left out") &&
                strstr(err, "- hardware: {name: la2a, return: FILE, latency: 154 smp}") &&
                strstr(err, "sends/la2a.wav"),
            "%s", err);
  free(err);
  err = NULL;
  cr_expect_eq(tu_run((const char *[]){"import", session, "-o", out, "--strict", "--force", NULL},
                      NULL, &err),
               2, "%s", err);
  free(err);
  free(out), free(session), free(song), free(x), free(cmd), free(audio);
  tu_rmtree(dir);
  free(dir);
}

/* A mark that is not one (too large, not text, a FIFO, a bad digest, a
 * round trip past 1 s) is said at the insert's return, with the fix. */
Test(hardware, a_bad_mark_is_said_with_the_fix)
{
  char *dir = tu_tmpdir();
  sources_in(dir);
  float *x = send_signal(48000, 2, 3);
  char *prints = tu_path(dir, "prints");
  mkdir(prints, 0755);
  free(tu_write_wav(prints, "vox_la2a.wav", 2, 48000, 32, x, 48000));
  char *hw =
      session(dir, "hw.yaml", "{hardware: {return: prints/vox_la2a.wav, latency: auto}}", false);
  char *side = tu_path(prints, "vox_la2a.wav.sent");
  static const struct {
    const char *text, *said;
  } bad[] = {
      {NULL, "it is larger than 4096 bytes"},
      {"digest: zz\nsample_rate: 48000\nlatency: 1 smp\n", "digest: not 64 hex digits"},
      {"digest: 0000000000000000000000000000000000000000000000000000000000000000\n"
       "sample_rate: 44100\nlatency: 1 smp\n",
       "was measured at 44100 Hz and the session is at 48000 Hz"},
      {"digest: 0000000000000000000000000000000000000000000000000000000000000000\n"
       "sample_rate: 48000\nlatency: 99999 smp\n",
       "more than the 1 s a hardware insert takes"},
      {"sample_rate: 48000\n", "digest: missing"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (bad[i].text)
      free(tu_write_text(prints, "vox_la2a.wav.sent", bad[i].text));
    else {
      char *big = calloc(8192, 1);
      memset(big, '#', 8191);
      free(tu_write_text(prints, "vox_la2a.wav.sent", big));
      free(big);
    }
    char *err = NULL;
    const int st = tu_run((const char *[]){"check", hw, NULL}, NULL, &err);
    cr_expect(st == 2 || st == 3, "%zu: exit %d", i, st);
    cr_expect(strstr(err, bad[i].said) && strstr(err, "tracks.vox.inserts[0].hardware"), "%zu: %s",
              i, err);
    free(err);
  }
  unlink(side);
  cr_assert_eq(mkfifo(side, 0644), 0);
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", hw, NULL}, NULL, &err), 3);
  cr_expect(strstr(err, "not a regular file"), "%s", err);
  free(err);
  free(side), free(hw), free(prints), free(x);
  tu_rmtree(dir);
  free(dir);
}
