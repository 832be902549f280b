/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint latency SENT RETURN: a hardware insert's round trip measured
 * (core/measure/latency.h), and stemprint ping: the test signal to measure
 * it with. Exit 0 measured, 2 a wrong command line, 3 files that cannot be
 * read or measured (their rates differ, one is silent, the return is
 * short, early or later than the bound). */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/measure/latency.h"
#include "io/audio/media.h"
#include "io/audio/riff.h"
#include "io/fs/fs.h"
#include "io/report/report.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint latency SENT RETURN [--max-lag TIME] [--json] [--mark]\n"
    "\n"
    "Measure a hardware insert's round trip: SENT is what was played out to the\n"
    "unit (a render's sends/NAME.wav, or stemprint ping), RETURN what came back\n"
    "through the converters. Says the round trip in frames and ms (found by\n"
    "cross-correlation, to the frame), the unit's gain and polarity, what the fit\n"
    "leaves (the residual, in dBFS and against the return) and the octave band\n"
    "where it is worst, and whether the unit is linear (a compressor or\n"
    "saturation is not: its residual is its own sound, not an error).\n"
    "\n"
    "options:\n"
    "  --max-lag TIME   the longest round trip looked for (default 1 s; ms, s, smp)\n"
    "  --mark           write RETURN.sent beside the return: the send's digest and\n"
    "                   the round trip, which a recipe's hardware insert reads\n"
    "                   (latency: auto) and holds its send against (a stale return)\n"
    "  --json           print the figures as JSON\n"
    "  -h, --help       this help\n"
    "\n"
    "exit status: 0 measured, 2 usage, 3 unreadable files or files that cannot be\n"
    "measured against each other (rates, channels, silence, a short return, a lag\n"
    "beyond the bound).\n";

static const sp_cli_spec spec = {"latency",
                                 help,
                                 2,
                                 2,
                                 "give the send and its return",
                                 "give the send and its return only ('%s', '%s', ...)",
                                 0};

static const sp_report_field fields[] = {
    SP_REPORT_FIELD(sp_latency_result, sample_rate, INT, "sample_rate"),
    SP_REPORT_FIELD(sp_latency_result, channels, INT, "channels"),
    SP_REPORT_FIELD(sp_latency_result, frames_sent, I64, "frames_sent"),
    SP_REPORT_FIELD(sp_latency_result, frames_return, I64, "frames_return"),
    SP_REPORT_FIELD(sp_latency_result, lag_frames, I64, "latency_frames"),
    SP_REPORT_FIELD(sp_latency_result, lag_fraction, REAL, "latency_fraction"),
    SP_REPORT_FIELD(sp_latency_result, lag_ms, REAL, "latency_ms"),
    SP_REPORT_FIELD(sp_latency_result, gain_db, REAL, "gain_db"),
    SP_REPORT_FIELD(sp_latency_result, inverted, BOOL, "inverted"),
    SP_REPORT_FIELD(sp_latency_result, correlation, REAL, "correlation"),
    SP_REPORT_FIELD(sp_latency_result, residual_dbfs, REAL, "residual_dbfs"),
    SP_REPORT_FIELD(sp_latency_result, residual_db, REAL, "residual_db"),
    SP_REPORT_FIELD(sp_latency_result, incoherent_db, REAL, "incoherent_db"),
    SP_REPORT_FIELD(sp_latency_result, linear, BOOL, "linear"),
    SP_REPORT_FIELD(sp_latency_result, short_frames, I64, "short_frames"),
    SP_REPORT_FIELD(sp_latency_result, digest, NAME, "send_digest"),
    {NULL, 0, 0, 0},
};

static void print_json(const sp_latency_result *res, const char *sent, const char *ret)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "sent", sp_report_string(sent));
  sp_report_set(o, "return", sp_report_string(ret));
  sp_report_fields(o, res, fields, false);
  sp_json *bands = sp_report_array();
  for (int j = 0; j < res->n_bands; j++) {
    sp_json *b = sp_report_object();
    sp_report_set(b, "hz", sp_report_number(res->band_hz[j]));
    sp_report_set(b, "residual_db", sp_report_number(res->band_residual_db[j]));
    sp_report_append(bands, b);
  }
  sp_report_set(o, "bands", bands);
  sp_report_set(o, "worst_band_hz",
                res->worst_band >= 0 ? sp_report_number(res->band_hz[res->worst_band])
                                     : sp_report_number(NAN));
  sp_cli_print_json(o);
}

static void hz_text(char *buf, size_t n, double hz)
{
  if (hz >= 1000)
    snprintf(buf, n, "%g kHz", round(hz / 100) / 10);
  else
    snprintf(buf, n, "%.0f Hz", hz);
}

static void print_text(const sp_latency_result *res, const char *sent, const char *ret)
{
  FILE *o = sp_cli_out();
  /* a line, whatever a name holds (sp_diag_line: escaped, docs/ci.md) */
  sp_diag_line(o, "latency: '%s' against its send '%s' (%d Hz, %d ch, %.3f s)", ret, sent,
               res->sample_rate, res->channels, (double)res->frames_sent / res->sample_rate);
  if (res->lag_fraction != 0) /* between two frames: the gain and residual there */
    fprintf(o, "  round trip   %lld frames (%+.2f: between two frames), %.3f ms\n",
            (long long)res->lag_frames, res->lag_fraction, res->lag_ms);
  else
    fprintf(o, "  round trip   %lld frames, %.3f ms\n", (long long)res->lag_frames, res->lag_ms);
  fprintf(o, "  gain         %+.2f dB, polarity %s\n", res->gain_db,
          res->inverted ? "inverted" : "normal");
  fprintf(o, "  residual     %.1f dBFS rms, %.1f dB against the return; ", res->residual_dbfs,
          res->residual_db);
  if (res->worst_band >= 0) {
    char band[32];
    hz_text(band, sizeof band, res->band_hz[res->worst_band]);
    fprintf(o, "worst in the %s band (%.1f dB)\n", band,
            res->band_residual_db[res->worst_band]);
  } else {
    fprintf(o, "none in any band (the return is the send's, delayed and scaled)\n");
  }
  fprintf(o, "  linear       %s (what no linear filter of the send explains: %.1f dB)\n",
          res->linear ? "yes" : "no", res->incoherent_db);
  fprintf(o, "  in a recipe  latency: %lld smp\n", (long long)res->lag_frames);
  if (res->inverted)
    sp_diag_line(stderr,
                 "stemprint: warning: '%s' comes back with its polarity inverted: the unit or "
                 "its cabling flips it; a hardware insert plays it as recorded (if that is not "
                 "the unit's sound, fix the cable and record again)",
                 ret);
  if (!res->linear)
    sp_diag_line(stderr,
                 "stemprint: warning: '%s' is not a linear function of its send (%.1f dB of it "
                 "is not): the unit compresses or distorts, so the residual is its sound; the "
                 "round trip is still measured",
                 ret, res->incoherent_db);
  if (res->short_frames)
    sp_diag_line(stderr,
                 "stemprint: warning: '%s' ends %lld frames before its send's end has come "
                 "back; record longer (the round trip past the send's end)",
                 ret, (long long)res->short_frames);
}

int sp_cmd_latency(int argc, char **argv)
{
  bool json = false, mark = false;
  double max_lag_s = SP_LATENCY_MAX_S;
  const sp_arg opts[] = {
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      {.name = "mark", .kind = SP_ARG_FLAG, .to = &mark},
      SP_VALUE_ARG("max-lag", &max_lag_s, SP_UNIT_SECONDS, DBL_MIN, 60,
                   "a time up to 60 s (ms, s or smp)", "50 ms", NULL),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  const char *sent = args.pos[0], *ret = args.pos[1];
  sp_latency_result res;
  char why[8192];
  /* RETURN.sent is written: never over a file this command reads */
  char *mark_path = mark ? sp_xasprintf("%s.sent", ret) : NULL;
  if (mark) {
    sp_cli_writes_add("mark", mark_path);
    if (sp_cli_writes_check(true, why, sizeof why) != SP_OK) {
      free(mark_path);
      sp_args_fini(&args);
      return SP_ERR_USAGE;
    }
  }
  sp_cli_media media;
  sp_cli_media_init(&media);
  sp_err err = sp_latency_measure(&media.media, sent, ret, max_lag_s, &res, why, sizeof why);
  sp_cli_media_fini(&media);
  if (err != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
    free(mark_path);
    sp_args_fini(&args);
    return err;
  }
  if (json)
    print_json(&res, sent, ret);
  else
    print_text(&res, sent, ret);
  if (mark) {
    sp_sent mark_of = {.sample_rate = res.sample_rate,
                       .latency_frames = res.lag_frames,
                       .gain_db = res.gain_db,
                       .inverted = res.inverted,
                       .linear = res.linear};
    snprintf(mark_of.digest, sizeof mark_of.digest, "%s", res.digest);
    char *text = sp_sent_text(&mark_of, sent);
    if (sp_fs_write_text(mark_path, text, why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: --mark: %s", why);
      status = SP_ERR_IO;
    } else if (!json)
      sp_diag_line(sp_cli_out(), "  marked       %s: the return of this send", mark_path);
    free(text);
  }
  free(mark_path);
  sp_args_fini(&args);
  return status;
}

static const char ping_help[] =
    "usage: stemprint ping -o FILE [--rate HZ]\n"
    "\n"
    "Write a test signal for measuring a hardware insert's round trip: two\n"
    "exponential sine sweeps (20 Hz to 20 kHz, 3 s each, at -18 and -6 dBFS)\n"
    "between silences, mono, 32-bit float WAV. Play it out through the unit,\n"
    "record the return, then: stemprint latency FILE RETURN. Its sweeps find\n"
    "the round trip to the frame through real converters, and its two levels\n"
    "tell a compressor from a linear unit.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  the file to write ('-': standard output)\n"
    "  --rate HZ          its sample rate: the session's (default 48000)\n"
    "  -h, --help         this help\n";

static const sp_cli_spec ping_spec = {
    "ping", ping_help, 0, 0, NULL, "takes no file but -o FILE ('%s', ...)", 0};

int sp_cmd_ping(int argc, char **argv)
{
  const char *out = NULL;
  long rate = 48000;
  const sp_arg opts[] = {
      SP_OUTPUT_ARG("output", 'o', &out, "a file name", "ping.wav"),
      {.name = "rate",
       .kind = SP_ARG_WHOLE,
       .to = &rate,
       .what = "a sample rate from 8000 to "
               "384000 Hz",
       .example = "48000",
       .min = 8000,
       .max = 384000},
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&ping_spec, opts, argc, argv, &args, &status))
    return status;
  sp_args_fini(&args);
  if (!out)
    return sp_cli_usage_error("ping", "give the file to write: -o ping.wav (or -o - for "
                                      "standard output)");
  int64_t frames;
  float *x = sp_latency_ping((int)rate, &frames);
  char why[8192];
  if (sp_riff_write_float(out, x, frames, 1, (int)rate, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
    status = SP_ERR_IO;
  }
  free(x);
  return status;
}
