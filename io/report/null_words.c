/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A null test's findings in words (io/report/null_words.h). The numbers
 * are the result's and the finding's; what a file is called is the
 * result's names[]; a fit's subject is "the stems" (file 0) or "stem 'x'". */

#include "io/report/null_words.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SENTENCE = 512, CLIPPED_NAMED = 4 /* files named in the clipping finding; the rest counted */ };

static void put(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(char *buf, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, SENTENCE, fmt, ap);
  va_end(ap);
}

/* s followed by the printf of fmt, in a fresh string; frees s. */
static char *append(char *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *append(char *s, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  size_t len = s ? strlen(s) : 0;
  char *out = sp_xrealloc(s, len + (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(out + len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return out;
}

static const char *name_of(const sp_null_result *res, size_t i)
{
  return res->names && i <= res->n_stems && res->names[i] ? res->names[i] : "?";
}

/* Which files clipped, how many samples, where they would have gone. */
static void clipping(const sp_null_result *res, char *buf)
{
  char *text = sp_xstrdup("clipping: ");
  size_t named = 0, more = 0;
  for (size_t i = 0; i <= res->n_stems; i++) {
    const int64_t k = i == 0 ? res->mix_clipped : res->stems[i - 1].clipped;
    if (k == 0)
      continue;
    if (named == CLIPPED_NAMED) {
      more++;
      continue;
    }
    const double over = res->unquantized_peak_dbfs ? res->unquantized_peak_dbfs[i] : NAN;
    text = append(text, "%s%s '%s' %s%lld%s", named ? ", " : "", i == 0 ? "the mix" : "stem",
                  name_of(res, i), named ? "" : "has ", (long long)k,
                  named ? "" : " samples at full scale");
    if (over > 0)
      text = append(text, named ? " (%+.1f dBFS)" : " (it would reach %+.1f dBFS)", over);
    named++;
  }
  if (more)
    text = append(text, ", and %zu more file%s", more, more == 1 ? "" : "s");
  text = append(text, "; clipping does not add up: the sum of the stems is not the clipped "
                      "mix, so where any file is at full scale they cannot null");
  put(buf, "%s", text);
  free(text);
}

static const char CLIP_FIX[] = "print without clipping (lower the level into master, put a "
                               "limiter on master, or print 32-bit float)";

/* What a residual is (remains: what the fits leave), by its correlation
 * with the mix. */
static void left(const sp_null_result *res, const sp_null_finding *f, char *buf)
{
  const char *lead = f->remains ? "with those put right, what remains" : "the residual";
  if (f->kind == SP_NULL_FOUND_EXTRA && f->file > 0) {
    char below[64] = "nothing at all";
    if (!isinf(f->gain_db))
      snprintf(below, sizeof below, "%.1f dB below it", -f->gain_db);
    put(buf,
        "the stems hold something the mix does not: stem '%s' is extra signal, the other "
        "stems sum to the mix without it (what the mix leaves for it: %s), so its lag and "
        "gain mean nothing; a source in two stems (a copy of another stem given beside it), "
        "or a stem the mix does not hold",
        name_of(res, f->file), below);
    return;
  }
  if (f->kind == SP_NULL_FOUND_MISSING)
    put(buf,
        "the mix holds something none of the stems has: a stem or a source is missing "
        "(%s, %.1f dBFS RMS, correlates with the mix: %.2f)",
        lead, f->rms_dbfs, f->correlation);
  else if (f->kind == SP_NULL_FOUND_EXTRA)
    put(buf,
        "the stems hold something the mix does not: extra signal in a stem, or a "
        "source in two stems (%s, %.1f dBFS RMS, correlates with the mix: +%.2f)",
        lead, f->rms_dbfs, f->correlation);
  else
    put(buf,
        "%s (%.1f dBFS RMS) is unrelated to the mix and to any stem's timing "
        "or gain: processing that differs between the stems and the mix (dynamics not "
        "linked across stems, noise, a different render)",
        lead, f->rms_dbfs);
}

void sp_null_finding_text(const sp_null_result *res, size_t k, char buf[512])
{
  const sp_null_finding *f = &res->found[k];
  /* a fit's subject (LAG, INVERTED, GAIN) */
  const bool fit = f->kind == SP_NULL_FOUND_LAG || f->kind == SP_NULL_FOUND_INVERTED ||
                   f->kind == SP_NULL_FOUND_GAIN;
  char who[300] = "the stems";
  if (fit && f->file > 0)
    snprintf(who, sizeof who, "stem '%s'", name_of(res, f->file));
  const char *is = f->file == 0 ? "are" : "is";
  switch (f->kind) {
  case SP_NULL_FOUND_CLIPPING: clipping(res, buf); break;
  case SP_NULL_FOUND_CLIP_EXACT:
    put(buf,
        "away from the clipped samples the stems sum to the mix exactly: the clipping is "
        "the whole failure; %s",
        CLIP_FIX);
    break;
  case SP_NULL_FOUND_CLIP_WITHIN:
    put(buf,
        "away from the clipped samples the residual peaks at %.1f dBFS, within the threshold "
        "(%.1f dBFS): the clipping is the whole failure; %s",
        f->peak_dbfs, res->threshold_dbfs, CLIP_FIX);
    break;
  case SP_NULL_FOUND_CLIP_ROUNDING:
    put(buf,
        "away from the clipped samples the residual is at the level of output quantization and "
        "dither only (peak %.1f dBFS, bound %.1f dBFS for these depths), above a threshold of "
        "%.1f dBFS that asks for more than these files can hold; %s",
        f->peak_dbfs, f->bound_dbfs, res->threshold_dbfs, CLIP_FIX);
    break;
  case SP_NULL_FOUND_CLIP_MORE:
    put(buf,
        "away from the clipped samples the residual still peaks at %.1f dBFS, above the threshold "
        "(%.1f dBFS): something besides the clipping differs",
        f->peak_dbfs, res->threshold_dbfs);
    break;
  case SP_NULL_FOUND_LENGTH:
    put(buf,
        "stem '%s' is %lld frames (%.3f s) %s than the mix '%s'; past its end it "
        "counts as silence",
        name_of(res, f->file), (long long)llabs(f->frames),
        (double)llabs(f->frames) / res->sample_rate, f->frames < 0 ? "shorter" : "longer",
        name_of(res, 0));
    break;
  case SP_NULL_FOUND_EXACT: put(buf, "the stems sum to the mix exactly (bit for bit)"); break;
  case SP_NULL_FOUND_QUANTIZATION:
    if (res->passed)
      put(buf,
          "the residual is at the level of output quantization and dither only "
          "(peak %.1f dBFS, bound %.1f dBFS for these depths)",
          f->peak_dbfs, f->bound_dbfs);
    else
      put(buf,
          "the residual is at the level of output quantization and dither only (peak %.1f "
          "dBFS, bound %.1f dBFS for these depths): a threshold of %.1f dBFS asks for more "
          "than these files can hold; print at a greater depth or raise the threshold",
          f->peak_dbfs, f->bound_dbfs, res->threshold_dbfs);
    break;
  case SP_NULL_FOUND_QUIET:
    put(buf,
        "the residual peaks within what these depths' rounding and dither make (peak %.1f dBFS, "
        "bound %.1f dBFS), but its rms (%.1f dBFS) is %.1f dB above theirs (%.1f dBFS, each "
        "file's its own): something quiet in the mix is in no stem, or in a stem and not the "
        "mix; the loudest spots below say where, or give the residual you accept "
        "(--max-residual)",
        f->peak_dbfs, f->bound_dbfs, f->rms_dbfs, f->rms_dbfs - res->rounding_rms_dbfs,
        res->rounding_rms_dbfs);
    break;
  case SP_NULL_FOUND_WITHIN:
    put(buf, "the residual (peak %.1f dBFS) is within the threshold (%.1f dBFS)", f->peak_dbfs,
        res->threshold_dbfs);
    break;
  case SP_NULL_FOUND_ROUNDING:
    put(buf,
        "the residual (peak %.1f dBFS, rms %.1f dBFS) is a few times the rounding of these "
        "depths (bound %.1f dBFS) and follows nothing in the mix: rounding added after the mix "
        "was made, as files folded, resampled or requantized from the prints carry (the "
        "stereo folds of 24-bit 5.1 prints null to about -112 dBFS); give the residual you "
        "accept (--max-residual)",
        f->peak_dbfs, f->rms_dbfs, f->bound_dbfs);
    break;
  case SP_NULL_FOUND_LAG: {
    const double at = (double)f->frames + f->fraction;
    if (f->fraction != 0) /* between two samples */
      put(buf,
          "%s %s %.2f samples %s the mix (%.3f ms): between two samples (a resampler's or a "
          "plugin's fractional delay), which no whole-sample shift puts right; print %s from "
          "the render the mix is from",
          who, is, fabs(at), at > 0 ? "late against" : "early against",
          1000.0 * fabs(at) / res->sample_rate, f->file ? "it" : "them");
    else
      put(buf, "%s %s %lld sample%s %s the mix (%.3f ms)", who, is, (long long)llabs(f->frames),
          llabs(f->frames) == 1 ? "" : "s", f->frames > 0 ? "late against" : "early against",
          1000.0 * (double)llabs(f->frames) / res->sample_rate);
    break;
  }
  case SP_NULL_FOUND_INVERTED:
    put(buf, "%s %s inverted (polarity flipped) against the mix", who, is);
    break;
  case SP_NULL_FOUND_GAIN:
    put(buf, "%s %s %.2f dB %s than the mix implies", who, is, fabs(f->gain_db),
        f->gain_db > 0 ? "louder" : "quieter");
    break;
  case SP_NULL_FOUND_MISSING:
  case SP_NULL_FOUND_EXTRA:
  case SP_NULL_FOUND_UNRELATED: left(res, f, buf); break;
  case SP_NULL_FOUND_CHANNEL: {
    char list[512] = "";
    for (int c = 0; c < res->channels; c++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s %.1f", c ? ", " : "",
               res->by_channel[c].name, res->by_channel[c].residual_peak_dbfs);
    const sp_null_channel *w = &res->by_channel[f->file];
    put(buf, "the residual is largest in channel %s (peak %.1f dBFS); channel by channel: %s dBFS",
        w->name, w->residual_peak_dbfs, list);
    break;
  }
  default: put(buf, "?"); break;
  }
}

void sp_null_say(sp_null_result *res)
{
  if (res->findings || res->n_found == 0)
    return;
  res->findings = sp_xcalloc(res->n_found, sizeof *res->findings);
  for (size_t k = 0; k < res->n_found; k++) {
    char buf[SENTENCE];
    sp_null_finding_text(res, k, buf);
    res->findings[res->n_findings++] = sp_xstrdup(buf);
  }
}
