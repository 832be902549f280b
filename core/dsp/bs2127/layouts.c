/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2051's speakers as BS.2127 renders to them (core/dsp/bs2127/
 * bs2127_impl.h): their nominal positions (BS.2051-3's tables, as EAR's
 * 2051_layouts.yaml has them; the LFE's is a placeholder BS.2051 does not
 * give, used only to tell one LFE from another), their allocentric
 * positions (BS.2127 section 11's table), and stemprint's layouts as
 * BS.2051's systems, channel for channel. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <string.h>

/* 9+10+3 places M±060 at tan(22.5°) along Y */
#define W60 0.414214

static const b_speaker speakers[] = {
    {"M+000", 0, 0, {0, 1, 0}, false},      {"M+030", 30, 0, {-1, 1, 0}, false},
    {"M-030", -30, 0, {1, 1, 0}, false},    {"M+060", 60, 0, {-1, W60, 0}, false},
    {"M-060", -60, 0, {1, W60, 0}, false},  {"M+090", 90, 0, {-1, 0, 0}, false},
    {"M-090", -90, 0, {1, 0, 0}, false},    {"M+110", 110, 0, {-1, -1, 0}, false},
    {"M-110", -110, 0, {1, -1, 0}, false},  {"M+135", 135, 0, {-1, -1, 0}, false},
    {"M-135", -135, 0, {1, -1, 0}, false},  {"U+030", 30, 30, {-1, 1, 1}, false},
    {"U-030", -30, 30, {1, 1, 1}, false},   {"U+045", 45, 30, {-1, 1, 1}, false},
    {"U-045", -45, 30, {1, 1, 1}, false},   {"U+090", 90, 30, {-1, 0, 1}, false},
    {"U-090", -90, 30, {1, 0, 1}, false},   {"U+110", 110, 30, {-1, -1, 1}, false},
    {"U-110", -110, 30, {1, -1, 1}, false}, {"U+135", 135, 30, {-1, -1, 1}, false},
    {"U-135", -135, 30, {1, -1, 1}, false}, {"LFE1", 45, -30, {-1, 1, -1}, true},
};

const b_speaker *b_speaker_find(const char *name)
{
  for (size_t i = 0; name && i < sizeof speakers / sizeof speakers[0]; i++)
    if (strcmp(speakers[i].name, name) == 0)
      return &speakers[i];
  return NULL;
}

/* stemprint's layouts (core/base/layout.c) in their channel order */
static const struct {
  const char *layout, *system;
  const char *names[B_MAXN];
} systems[] = {
    {"stereo", "0+2+0", {"M+030", "M-030"}},
    {"5.0", "0+5+0", {"M+030", "M-030", "M+000", "M+110", "M-110"}},
    {"5.1", "0+5+0", {"M+030", "M-030", "M+000", "LFE1", "M+110", "M-110"}},
    {"7.0", "0+7+0", {"M+030", "M-030", "M+000", "M+135", "M-135", "M+090", "M-090"}},
    {"7.1", "0+7+0", {"M+030", "M-030", "M+000", "LFE1", "M+135", "M-135", "M+090", "M-090"}},
    {"5.1.2", "2+5+0", {"M+030", "M-030", "M+000", "LFE1", "M+110", "M-110", "U+030", "U-030"}},
    {"5.1.4",
     "4+5+0",
     {"M+030", "M-030", "M+000", "LFE1", "M+110", "M-110", "U+030", "U-030", "U+110", "U-110"}},
    {"7.1.2",
     "7.1.2",
     {"M+030", "M-030", "M+000", "LFE1", "M+135", "M-135", "M+090", "M-090", "U+090", "U-090"}},
    {"7.1.4",
     "4+7+0",
     {"M+030", "M-030", "M+000", "LFE1", "M+135", "M-135", "M+090", "M-090", "U+045", "U-045",
      "U+135", "U-135"}},
    {"9.1.6",
     "9.1.6",
     {"M+030", "M-030", "M+000", "LFE1", "M+135", "M-135", "M+090", "M-090", "U+045", "U-045",
      "U+135", "U-135", "M+060", "M-060", "U+090", "U-090"}},
};

const char *b_layout_system(const char *layout, const char *names[B_MAXN])
{
  for (size_t i = 0; layout && i < sizeof systems / sizeof systems[0]; i++)
    if (strcmp(systems[i].layout, layout) == 0) {
      memcpy(names, systems[i].names, sizeof systems[i].names);
      return systems[i].system;
    }
  return NULL;
}
