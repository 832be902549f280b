/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_PROFILE_H
#define SP_REPORT_PROFILE_H

/* A render's profile as a JSON object (`stemprint render --profile`,
 * docs/verify.md's "The profile"): work, span and parallelism, the
 * phases, the work by item and by insert, each thread's time. */

#include "core/base/profile.h"
#include "io/report/report.h"

/* The object of the profile p of recipe's render on threads threads
 * (sorts p's items and inserts). Free with sp_report_free. */
sp_json *sp_report_profile(sp_profile *p, const char *recipe, int threads);

#endif
