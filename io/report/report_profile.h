/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_PROFILE_H
#define SP_REPORT_PROFILE_H

/* A render's profile as a JSON object (`stemprint render --profile`,
 * docs/verify.md's "The profile"): work, span and parallelism, the
 * phases, the work by item and by insert, each thread's time. */

#include "core/base/profile.h"
#include "io/report/report.h"

#include <stdio.h>

/* The object of the profile p of recipe's render on threads threads
 * (sorts p's items and inserts). Free with sp_report_free. */
sp_json *sp_report_profile(sp_profile *p, const char *recipe, int threads);

/* The profile in words on out, for render's summary: work, span and
 * parallelism; the items of most work, each with its share of the work
 * and of the span, and the inserts of most work (three of each); and what
 * -j can do about it (docs/verify.md, "Acting on a profile"). Sorts p's
 * items and inserts. */
void sp_profile_say(sp_profile *p, int threads, FILE *out);

#endif
