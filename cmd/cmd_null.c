/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint null MIX STEM...: the null test on any files, with a diagnosis.
 * Exit 0 when the residual is within the threshold, 1 when above, 2 for a
 * wrong command line, 3 for files that cannot be read or do not match. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/measure/nulltest.h"
#include "core/base/units.h"
#include "io/audio/adm.h"
#include "io/report/junit.h"
#include "io/report/null_words.h"
#include "io/report/report.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint null MIX STEM... [--max-residual DB] [--max-lag SECONDS] [-j N] [--json]\n"
    "                                  [--junit FILE.xml]\n"
    "\n"
    "Sum the stems, subtract the mix and report the residual (peak and RMS in\n"
    "dBFS), the best-fit lag and gain of the stem sum against the mix, where the\n"
    "residual lives (the loudest spots in time, each with its octave band) and,\n"
    "when it does not null, what the numbers point to: stems offset by N samples,\n"
    "a stem missing, a polarity flip, a gain error, a stem of another length.\n"
    "Works on WAV, FLAC, AIFF, W64 (anything libsndfile reads), from any tool.\n"
    "ADM BWF files (an axml chunk) null track by track, and their structure\n"
    "(bed, objects, each object's metadata) must match: a difference fails.\n"
    "\n"
    "options:\n"
    "  --max-residual DB   largest residual peak that passes, in dBFS (or dB);\n"
    "                      default: what the files' depths allow (dither included;\n"
    "                      float files: their rounding, never below -140 dBFS),\n"
    "                      and an RMS at most 6 dB above their rounding's\n"
    "  --max-lag SECONDS   lag search range, ± (default 1 s; s, ms or m:ss)\n"
    "  -j, --jobs N        use N threads (default: the number of CPUs): the files\n"
    "                      are read N spans at a time while the spans read before\n"
    "                      are measured; the same figures for any N\n"
    "  --json              print the null object (as in a render's report) as JSON\n"
    "  --junit FILE.xml    write the verdict as a JUnit XML testcase (docs/ci.md)\n"
    "  -h, --help          this help\n"
    "\n"
    "A value follows its option or an '=' and may carry its unit, in the same\n"
    "argument or the next: --max-residual -120, --max-residual -120 dBFS,\n"
    "--max-residual=-120dBFS and --max-residual '-120 dB' are the same;\n"
    "--max-lag 500 ms is half a second. Options may come before or after the\n"
    "files; -- ends them.\n"
    "\n"
    "exit status: 0 nulls, 1 residual above the threshold, 2 usage, 3 unreadable or\n"
    "mismatched files (sample rate, channel count).\n";

static const sp_cli_spec spec = {"null", help, 2, SIZE_MAX, "give the mix and at least one stem",
                                 NULL,   0};

static void fmt_db(char *buf, size_t n, double db)
{
  if (isnan(db))
    snprintf(buf, n, "n/a");
  else if (isinf(db))
    snprintf(buf, n, db < 0 ? "-inf" : "+inf");
  else
    snprintf(buf, n, "%.1f", db);
}

static void print_text(const sp_null_result *n, const char *mix, const char *const *stems,
                       bool auto_threshold)
{
  char a[32], b[32], c[32];
  /* a line each, whatever a name holds (sp_diag_line: escaped, docs/ci.md) */
  sp_diag_line(sp_cli_out(), "null: %s against %zu stem%s (%d Hz, %d ch, %.3f s)", mix, n->n_stems,
               n->n_stems == 1 ? "" : "s", n->sample_rate, n->channels,
               n->sample_rate ? (double)n->frames / n->sample_rate : 0.0);
  fmt_db(a, sizeof a, n->residual_peak_dbfs);
  fmt_db(b, sizeof b, n->residual_rms_dbfs);
  fmt_db(c, sizeof c, n->threshold_dbfs);
  fprintf(sp_cli_out(), "  residual   peak %s dBFS, rms %s dBFS (max %s dBFS%s): %s\n", a, b, c,
          auto_threshold ? ", auto" : "", n->passed ? "PASSED" : "FAILED");
  if (n->channels > 2) { /* a surround mix: each channel's residual and level */
    /* a table, as ls -l's: each column as wide as its widest entry (an
     * ADM object's name may be long: 'sweep.L'), names to the left, figures
     * to the right */
    const int rows = n->channels;
    int wn = 4, wp = 0, wr = 0, wg = 0;
    for (int k = 0; k < rows; k++) {
      const sp_null_channel *ch = &n->by_channel[k];
      fmt_db(a, sizeof a, ch->residual_peak_dbfs);
      fmt_db(b, sizeof b, ch->residual_rms_dbfs);
      fmt_db(c + 1, sizeof c - 1, ch->gain_db);
      const int ln = (int)strlen(ch->name), lp = (int)strlen(a), lr = (int)strlen(b),
                lg = (int)strlen(c + 1) + (ch->gain_db > 0);
      wn = ln > wn ? ln : wn, wp = lp > wp ? lp : wp, wr = lr > wr ? lr : wr;
      wg = lg > wg ? lg : wg;
    }
    for (int k = 0; k < rows; k++) {
      const sp_null_channel *ch = &n->by_channel[k];
      fmt_db(a, sizeof a, ch->residual_peak_dbfs);
      fmt_db(b, sizeof b, ch->residual_rms_dbfs);
      fmt_db(c + 1, sizeof c - 1, ch->gain_db);
      c[0] = '+';
      sp_diag_line(sp_cli_out(), "  %s %-*s residual peak %*s dBFS, rms %*s dBFS; stems %*s dB%s",
                   k ? "          " : "channels  ", wn, ch->name, wp, a, wr, b, wg,
                   ch->gain_db > 0 ? c : c + 1,
                   isnan(ch->gain_db) ? " (the mix is silent there)" : "");
    }
  }
  fmt_db(a, sizeof a, n->gain_db);
  const bool fitted = !(n->searched && isnan(n->gain_db)); /* not where a stem is extra signal */
  if (!fitted)
    fprintf(sp_cli_out(), "  fit        no fit (a stem is extra signal: no lag or gain of the "
                          "stems' sum makes it null)\n");
  else
    fprintf(sp_cli_out(), "  fit        lag %lld samples, gain %s%s dB%s%s\n",
            (long long)n->lag_frames, n->gain_db > 0 ? "+" : "", a, n->inverted ? ", inverted" : "",
            n->searched ? "" : " (at lag 0: nothing to search for)");
  if (n->searched && fitted) {
    fmt_db(a, sizeof a, n->fixed_dbfs);
    fprintf(sp_cli_out(), "             residual with that lag and gain: rms %s dBFS\n", a);
  }
  for (size_t i = 0; i < n->n_worst; i++) {
    fmt_db(a, sizeof a, n->worst[i].level_dbfs);
    if (isnan(n->worst[i].band_hz))
      fprintf(sp_cli_out(), "  %s %8.3f s: %s dBFS\n", i ? "          " : "worst     ",
              n->worst[i].t_s, a);
    else
      fprintf(sp_cli_out(), "  %s %8.3f s: %s dBFS, mostly around %g Hz\n",
              i ? "          " : "worst     ", n->worst[i].t_s, a, n->worst[i].band_hz);
  }
  if (n->searched) {
    fprintf(sp_cli_out(), "  bands     ");
    for (int j = 0; j < SP_NULL_BANDS; j++) {
      fmt_db(a, sizeof a, n->band_dbfs[j]);
      fprintf(sp_cli_out(), " %g Hz %s%s", sp_null_band_hz[j], a,
              j + 1 < SP_NULL_BANDS ? "," : " dBFS\n");
    }
    for (size_t i = 0; i < n->n_stems; i++) {
      const sp_null_stem *s = &n->stems[i];
      fmt_db(a, sizeof a, s->gain_db);
      bool extra = false; /* the mix leaves nothing for it (a finding of its own) */
      for (size_t k = 0; k < n->n_found && !extra; k++)
        extra = n->found[k].kind == SP_NULL_FOUND_EXTRA && n->found[k].file == i + 1;
      if (!s->analysed) /* no lag or gain to fit, or none that means anything */
        sp_diag_line(
            sp_cli_out(), "  %s %s: no fit (%s)", i ? "          " : "stems     ", stems[i],
            extra ? "the mix leaves nothing for it"
                  : "a stem is extra signal, and what the mix leaves for this one holds it");
      else
        sp_diag_line(sp_cli_out(), "  %s %s: lag %lld, gain %s%s dB%s",
                     i ? "          " : "stems     ", stems[i], (long long)s->lag_frames,
                     s->gain_db > 0 ? "+" : "", a, s->inverted ? ", inverted" : "");
    }
  }
  for (size_t i = 0; i < n->n_findings; i++)
    sp_diag_line(sp_cli_out(), "  %s %s", i ? "          " : "finding   ", n->findings[i]);
}

/* --junit: the test a testcase, named by the files, its failure the
 * residual line the text prints and the findings beneath it; files that
 * could not be compared (n NULL), an error with why. Returns status, or
 * SP_ERR_IO when the file cannot be written. */
static sp_err write_junit(const char *file, const char *const *files, size_t n_files,
                          const sp_null_result *n, bool auto_threshold, const char *why,
                          sp_err status)
{
  char *name =
      sp_xasprintf("null: %s against %zu stem%s", files[0], n_files - 1, n_files == 2 ? "" : "s");
  sp_junit_suite *s = sp_junit_suite_new("null", NULL);
  if (!n) {
    sp_junit_add(s, name, NULL, (sp_pos){0, 0}, SP_JUNIT_ERROR, why, NULL);
  } else {
    char a[32], b[32], c[32];
    fmt_db(a, sizeof a, n->residual_peak_dbfs);
    fmt_db(b, sizeof b, n->residual_rms_dbfs);
    fmt_db(c, sizeof c, n->threshold_dbfs);
    char *line = sp_xasprintf("residual peak %s dBFS, rms %s dBFS (max %s dBFS%s): %s", a, b, c,
                              auto_threshold ? ", auto" : "", n->passed ? "PASSED" : "FAILED");
    char *findings = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&findings, &len);
    for (size_t i = 0; f && i < n->n_findings; i++)
      fprintf(f, "%sfinding: %s", i ? "\n" : "", n->findings[i]);
    if (f)
      fclose(f);
    sp_junit_add(s, name, NULL, (sp_pos){0, 0}, n->passed ? SP_JUNIT_PASSED : SP_JUNIT_FAILED, line,
                 findings && *findings ? findings : NULL);
    free(findings);
    free(line);
  }
  free(name);
  return sp_cli_junit_write(file, &s, 1, status);
}

int sp_cmd_null(int argc, char **argv)
{
  bool json = false;
  const char *junit = NULL;
  long jobs = sp_cli_cpus();
  sp_null_opts opts = {.threshold_dbfs = NAN, .diagnose = true, .max_lag_s = 1.0};
  const sp_arg table[] = {
      SP_VALUE_ARG("max-residual", &opts.threshold_dbfs, SP_UNIT_DBFS, -INFINITY, INFINITY,
                   "a level in dBFS (or dB)", "-120 dBFS", NULL),
      SP_VALUE_ARG("max-lag", &opts.max_lag_s, SP_UNIT_SECONDS, DBL_MIN, 10,
                   "a time above 0 and at most 10 s (s, ms or m:ss)", "500 ms", NULL),
      SP_JOBS_ARG(&jobs),
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      SP_OUTPUT_ARG("junit", 0, &junit, "a file name", "null.xml"),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, table, argc, argv, &args, &status))
    return status;
  opts.threads = (int)jobs;
  const char *const *files = (const char *const *)args.pos;
  bool auto_threshold = isnan(opts.threshold_dbfs);
  sp_null_result res;
  char why[1024];
  sp_cli_media media;
  sp_cli_media_init(&media);
  sp_err err = sp_adm_null_files(&media.media, files[0], files + 1, args.n_pos - 1, &opts,
                                 sp_null_say, &res, why, sizeof why);
  sp_cli_media_fini(&media);
  const bool compared = err == SP_OK;
  if (err != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: %s", why);
  } else {
    if (json)
      sp_cli_print_json(sp_report_null(&res, files[0], files + 1));
    else
      print_text(&res, files[0], files + 1, auto_threshold);
    if (!res.passed)
      err = SP_ERR_CHECK;
  }
  if (junit)
    err = write_junit(junit, files, args.n_pos, compared ? &res : NULL, auto_threshold, why, err);
  sp_null_result_fini(&res);
  sp_args_fini(&args);
  return err;
}
