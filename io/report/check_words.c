/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render's checks in words (io/report/check_words.h). The numbers are
 * the check's (value, limit, tolerance) and those of what it judged: the
 * output res->outputs[of] (its path, clipped samples, unquantized peak,
 * set), the null test res->null or res->version_nulls[of]. */

#include "io/report/check_words.h"

#include "core/base/alloc.h"
#include "core/measure/meter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A failed null test's diagnosis for its check's line: its leading
 * finding (clipping, when the files clipped) after "; ", or "". */
static char *null_cause(const sp_null_result *n)
{
  if (n->passed)
    return sp_xstrdup("");
  if (n->n_findings)
    return sp_xasprintf("; %s", n->findings[0]);
  return sp_xstrdup("; see where the residual lives (its loudest moments and their bands) in "
                    "the report's null test: render --report");
}

/* " by N dB" that brings o's samples under full scale, to the tenth of a
 * dB above what they would reach (and a tenth more: the quantizer's
 * largest code is a step under it); "" when that is not known. */
static const char *by_db(const sp_output_stats *o)
{
  static _Thread_local char text[48];
  *text = 0;
  if (o->unquantized_peak_dbfs > 0 && isfinite(o->unquantized_peak_dbfs))
    snprintf(text, sizeof text, " by %.1f dB", ceil(o->unquantized_peak_dbfs * 10) / 10 + 0.1);
  return text;
}

static char *clipping(const sp_check *c, const sp_output_stats *o)
{
  char over[64] = "";
  if (o->unquantized_peak_dbfs > 0)
    snprintf(over, sizeof over, " (it would reach %+.1f dBFS)", o->unquantized_peak_dbfs);
  /* the way around it: a float print holds any level, a lossy file (read
   * back decoded) nothing above full scale */
  const char * or = o->decoded   ? "; a lossy file holds nothing above full scale"
                    : o->set > 0 ? " or print the set at depth 32f"
                                 : " or print depth 32f";
  if (c->fold)
    return sp_xasprintf("clipping: %s has %lld samples at full scale%s; the fold into %s "
                        "adds channels up past master's ceiling: lower the set's fold "
                        "levels (fold: {centre: -6 dB, surround: -6 dB}) or master's level%s%s",
                        o->path, (long long)o->clipped, over, c->fold, o->decoded ? "" : ",", or);
  if (o->decoded && !(o->unquantized_peak_dbfs > 0)) /* the master within: its codec overshoots */
    return sp_xasprintf("clipping: %s has %lld samples at full scale, decoded: its codec "
                        "overshoots the master (its peak %.1f dBFS, decoded %+.1f dBFS); leave it "
                        "room, a limiter on master with a ceiling of -1 dBTP or lower%s",
                        o->path, (long long)o->clipped, o->unquantized_peak_dbfs,
                        o->sample_peak_dbfs, or);
  if (o->kind == SP_OUT_BUS) /* taken at the bus's output: master's gain does not reach it */
    return sp_xasprintf("clipping: %s has %lld samples at full scale%s; its print is bus '%s' "
                        "at its output, before master: lower the bus's gain%s (a limiter last "
                        "on the bus holds a ceiling)%s",
                        o->path, (long long)o->clipped, over, o->name, by_db(o), or);
  return sp_xasprintf("clipping: %s has %lld samples at full scale%s; lower the master "
                      "gain (a limiter on master holds a ceiling)%s",
                      o->path, (long long)o->clipped, over, or);
}

static char *null_version(const sp_check *c, const sp_version_null *vn)
{
  char *cause = null_cause(&vn->null);
  char *text = sp_xasprintf("null: version '%s' + %s against the mix: "
                            "residual peak %.1f dBFS %s %.1f dBFS%s",
                            vn->version,
                            vn->left_out_stems ? "the stems it leaves out"
                                               : "what it leaves out (printed for the test)",
                            c->value, c->passed ? "within" : "above", c->limit, cause);
  free(cause);
  return text;
}

static char *null_stems(const sp_check *c, const sp_null_result *n)
{
  char *cause = null_cause(n);
  char *text = sp_xasprintf("null: residual peak %.1f dBFS %s max_residual %.1f dBFS%s", c->value,
                            c->passed ? "within" : "above", c->limit, cause);
  free(cause);
  return text;
}

/* How a mix that missed its loudness target meets it (after "; "): by
 * what moves the level of every file, master's. */
static char *loudness_fix(const sp_check *c)
{
  if (c->passed)
    return sp_xstrdup("");
  if (isnan(c->value))
    return sp_xstrdup("; nothing reaches the printed mix: see that the tracks are heard (mute, "
                      "solo) and routed to master");
  const double db = c->limit - c->value;
  if (c->own_rule)
    return sp_xasprintf("; a set has no gain of its own: move master's level by %+.1f dB, or "
                        "judge the set by a ceiling alone (loudness: {max_true_peak: -1 dBTP}) "
                        "or none",
                        db);
  if (!isnan(c->normalize_lufs))
    return sp_xasprintf("; master.normalize brings the mix to %.1f LUFS: give it the target, "
                        "normalize: {target: %.1f LUFS}",
                        c->normalize_lufs, c->limit);
  return sp_xasprintf("; move the mix by %+.1f dB: master's gain, or master.normalize: {target: "
                      "%.1f LUFS}",
                      db, c->limit);
}

static char *loudness(const sp_check *c, const sp_output_stats *m)
{
  char *brief =
      isnan(c->value) ? sp_loudness_too_short(m->path, m->loudness.frames, c->rate_hz) : NULL;
  if (brief) { /* no gating block: its length is what to fix */
    char *text = sp_xasprintf("loudness: %s, target %.1f LUFS; lengthen the render to that "
                              "(length:), or judge it by a ceiling alone (loudness: "
                              "{max_true_peak: -1 dBTP}) or none",
                              brief, c->limit);
    free(brief);
    return text;
  }
  char *fix = loudness_fix(c);
  /* a ceiling's (no tolerance): "at most"; its decimals those that show
   * a figure over it over it */
  const bool most = isnan(c->tolerance);
  const int n = !most       ? sp_loudness_decimals(c->value, c->limit, c->tolerance)
                : c->passed ? 1
                            : sp_loudness_decimals(c->value, c->limit, 0);
  char band[48];
  sp_loudness_band(band, sizeof band, c->limit, c->tolerance);
  char *text = isnan(c->value)
                   ? sp_xasprintf("loudness: %s has no measurable loudness (silence), "
                                  "target %.1f LUFS%s",
                                  m->path, c->limit, fix)
                   : sp_xasprintf("loudness: %s integrated %.*f LUFS, %s%s%s (%+.*f "
                                  "LU)%s",
                                  m->path, n, c->value, band, c->preset ? ", " : "",
                                  c->preset ? c->preset : "", n, c->value - c->limit, fix);
  free(fix);
  return text;
}

static char *true_peak(const sp_check *c, const sp_output_stats *m)
{
  char *fix =
      c->passed ? sp_xstrdup("")
      : m->kind == SP_OUT_BUS
          ? sp_xasprintf("; its print is bus '%s' at its output, before master: lower the "
                         "bus's gain by %.2f dB, or hold it with a limiter last on the bus "
                         "(inserts: [{limiter: {ceiling: %.1f dBTP}}])",
                         m->name, ceil((c->value - c->limit) * 100 - 1e-9) / 100 + 0.01, c->limit)
          : sp_xasprintf("; lower master's level by %.2f dB, or hold it with a limiter on "
                         "master (inserts: [{limiter: {ceiling: %.1f dBTP}}])%s",
                         c->value - c->limit, c->limit,
                         m->set > 0 ? " with room under it for this set's own peaks "
                                      "(resampling and lossy encoding raise them)"
                                    : "");
  char *text =
      sp_xasprintf("true peak: %s %.2f dBTP, max %.2f dBTP%s", m->path, c->value, c->limit, fix);
  free(fix);
  return text;
}

void sp_checks_say(sp_render_result *res)
{
  for (size_t k = 0; k < res->n_checks; k++) {
    sp_check *c = &res->checks[k];
    if (c->text)
      continue;
    const sp_output_stats *o = c->of < res->n_outputs ? &res->outputs[c->of] : NULL;
    switch (c->kind) {
    case SP_CHECK_CLIPPING: c->text = o ? clipping(c, o) : NULL; break;
    case SP_CHECK_NULL_VERSION:
      c->text = c->of < res->n_version_nulls ? null_version(c, &res->version_nulls[c->of]) : NULL;
      break;
    case SP_CHECK_NULL: c->text = null_stems(c, &res->null); break;
    case SP_CHECK_LOUDNESS: c->text = o ? loudness(c, o) : NULL; break;
    case SP_CHECK_TRUE_PEAK: c->text = o ? true_peak(c, o) : NULL; break;
    case SP_CHECK_SAID: break;
    }
  }
}
