/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' own LADSPA library (tests/test_ladspa.c puts its folder alone
 * on LADSPA_PATH), with answers known without a third-party plugin:
 *
 *   sp_gain       (4242001) mono: out = in × 10^(Gain (dB) / 20); Gain
 *                 -60 .. 12 dB, default 0 (LADSPA_HINT_DEFAULT_0)
 *   sp_latency    (4242002) mono: out = in delayed by Delay (frames), an
 *                 integer 0 .. 32, default 16 (MIDDLE), reported on an
 *                 output control port named "latency"
 *   sp_broken     (4242003) mono, LADSPA_PROPERTY_INPLACE_BROKEN: zeroes
 *                 its output, then writes in × 0.5 (silence when run in
 *                 place)
 *   sp_hints      (4242004) mono: out = in × sign × Steps, sign -1 when
 *                 Invert (toggled, default 1) is on; Steps an integer
 *                 1 .. 8 (default MAXIMUM); Cutoff (Hz) a fraction of the
 *                 rate, 0 .. 0.25 (default LOW, logarithmic hint ignored
 *                 at 0), unused
 *   sp_stereo     (4242005) stereo: out L = in R, out R = in L
 *   sp_noise      (4242006) no audio input: refused
 *   urn:stemprint:three (4242007) three audio inputs: refused (a label
 *                 with colons, as LSP's are URIs)
 *   sp_rate       (4242008) stereo; says the values its ports come with:
 *                 out L = in L + Corner × 2^-16, out R = in R + Tone ×
 *                 2^-16, both fractions of the rate (SAMPLE_RATE): Corner
 *                 0 .. 0.25, default MIDDLE (of the bounds: it moves with
 *                 the rate), Tone 0 .. 0.5, default 440 (a number: it
 *                 does not)
 *
 * Built a second time with SP_LADSPA_SECOND as sptest2.so, holding one
 * plugin labelled sp_gain too (4242101), for a label two libraries
 * have. */

#include <ladspa.h>

#ifdef SP_LADSPA_SECOND /* the others' tables are left unused */
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct plug {
  LADSPA_Data *port[8];
  unsigned long rate;
  float hist[64]; /* sp_latency: the last 32 inputs, twice over */
  unsigned pos;
} plug;

static LADSPA_Handle instantiate(const LADSPA_Descriptor *d, unsigned long rate)
{
  (void)d;
  plug *p = calloc(1, sizeof *p);
  if (p)
    p->rate = rate;
  return p;
}

static void connect(LADSPA_Handle h, unsigned long port, LADSPA_Data *data)
{
  ((plug *)h)->port[port] = data;
}

static void activate(LADSPA_Handle h)
{
  plug *p = h;
  memset(p->hist, 0, sizeof p->hist);
  p->pos = 0;
}

static void cleanup(LADSPA_Handle h) { free(h); }

static void run_gain(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  const float g = powf(10.0f, *p->port[0] / 20.0f);
  for (unsigned long i = 0; i < n; i++)
    p->port[2][i] = p->port[1][i] * g;
}

static void run_latency(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  float dv = *p->port[0];
  const unsigned d = dv < 0 ? 0 : dv > 32 ? 32 : (unsigned)lrintf(dv);
  for (unsigned long i = 0; i < n; i++) {
    p->hist[p->pos % 64] = p->port[1][i];
    p->port[2][i] = p->hist[(p->pos + 64 - d) % 64];
    p->pos++;
  }
  *p->port[3] = (float)d;
}

static void run_broken(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  memset(p->port[1], 0, n * sizeof(float));
  for (unsigned long i = 0; i < n; i++)
    p->port[1][i] = p->port[0][i] * 0.5f;
}

static void run_hints(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  const float g = (*p->port[0] > 0.5f ? -1.0f : 1.0f) * *p->port[1];
  for (unsigned long i = 0; i < n; i++)
    p->port[4][i] = p->port[3][i] * g;
}

static void run_stereo(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  for (unsigned long i = 0; i < n; i++) {
    const float l = p->port[0][i], r = p->port[1][i];
    p->port[2][i] = r;
    p->port[3][i] = l;
  }
}

static void run_rate(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  const float c = *p->port[0] / 65536.0f, t = *p->port[1] / 65536.0f;
  for (unsigned long i = 0; i < n; i++) {
    p->port[4][i] = p->port[2][i] + c;
    p->port[5][i] = p->port[3][i] + t;
  }
}

static void run_nothing(LADSPA_Handle h, unsigned long n)
{
  plug *p = h;
  for (unsigned long i = 0; i < n; i++)
    p->port[0][i] = 0.0f;
}

enum {
  AI = LADSPA_PORT_AUDIO | LADSPA_PORT_INPUT,
  AO = LADSPA_PORT_AUDIO | LADSPA_PORT_OUTPUT,
  CI = LADSPA_PORT_CONTROL | LADSPA_PORT_INPUT,
  CO = LADSPA_PORT_CONTROL | LADSPA_PORT_OUTPUT
};

#define BELOW LADSPA_HINT_BOUNDED_BELOW
#define ABOVE LADSPA_HINT_BOUNDED_ABOVE

static const LADSPA_PortDescriptor gain_pd[] = {CI, AI, AO};
static const char *const gain_pn[] = {"Gain (dB)", "Input", "Output"};
static const LADSPA_PortRangeHint gain_h[] = {
    {BELOW | ABOVE | LADSPA_HINT_DEFAULT_0, -60, 12}, {0, 0, 0}, {0, 0, 0}};

static const LADSPA_PortDescriptor lat_pd[] = {CI, AI, AO, CO};
static const char *const lat_pn[] = {"Delay (frames)", "Input", "Output", "latency"};
static const LADSPA_PortRangeHint lat_h[] = {
    {BELOW | ABOVE | LADSPA_HINT_INTEGER | LADSPA_HINT_DEFAULT_MIDDLE, 0, 32},
    {0, 0, 0},
    {0, 0, 0},
    {0, 0, 0}};

static const LADSPA_PortDescriptor broken_pd[] = {AI, AO};
static const char *const broken_pn[] = {"Input", "Output"};
static const LADSPA_PortRangeHint none_h[] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0},
                                              {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};

static const LADSPA_PortDescriptor hints_pd[] = {CI, CI, CI, AI, AO};
static const char *const hints_pn[] = {"Invert", "Steps", "Cutoff", "Input", "Output"};
static const LADSPA_PortRangeHint hints_h[] = {
    {LADSPA_HINT_TOGGLED | LADSPA_HINT_DEFAULT_1, 0, 0},
    {BELOW | ABOVE | LADSPA_HINT_INTEGER | LADSPA_HINT_DEFAULT_MAXIMUM, 1, 8},
    {BELOW | ABOVE | LADSPA_HINT_SAMPLE_RATE | LADSPA_HINT_DEFAULT_LOW, 0, 0.25f},
    {0, 0, 0},
    {0, 0, 0}};

static const LADSPA_PortDescriptor stereo_pd[] = {AI, AI, AO, AO};
static const char *const stereo_pn[] = {"In L", "In R", "Out L", "Out R"};

static const LADSPA_PortDescriptor rate_pd[] = {CI, CI, AI, AI, AO, AO};
static const char *const rate_pn[] = {"Corner", "Tone", "In L", "In R", "Out L", "Out R"};
static const LADSPA_PortRangeHint rate_h[] = {
    {BELOW | ABOVE | LADSPA_HINT_SAMPLE_RATE | LADSPA_HINT_DEFAULT_MIDDLE, 0, 0.25f},
    {BELOW | ABOVE | LADSPA_HINT_SAMPLE_RATE | LADSPA_HINT_DEFAULT_440, 0, 0.5f},
    {0, 0, 0},
    {0, 0, 0},
    {0, 0, 0},
    {0, 0, 0}};

static const LADSPA_PortDescriptor noise_pd[] = {AO};
static const char *const noise_pn[] = {"Output"};

static const LADSPA_PortDescriptor three_pd[] = {AI, AI, AI, AO};
static const char *const three_pn[] = {"In 1", "In 2", "In 3", "Output"};

#define PLUGIN(id_, label_, name_, props_, pd_, pn_, h_, run_)                                     \
  {                                                                                                \
    .UniqueID = id_, .Label = label_, .Properties = props_, .Name = name_,                         \
    .Maker = "stemprint tests", .Copyright = "GPL-3.0-or-later",                                   \
    .PortCount = sizeof pd_ / sizeof pd_[0], .PortDescriptors = pd_, .PortNames = pn_,             \
    .PortRangeHints = h_, .instantiate = instantiate, .connect_port = connect,                     \
    .activate = activate, .run = run_, .cleanup = cleanup                                          \
  }

#ifndef SP_LADSPA_SECOND
static const LADSPA_Descriptor plugins[] = {
    PLUGIN(4242001, "sp_gain", "stemprint test gain", 0, gain_pd, gain_pn, gain_h, run_gain),
    PLUGIN(4242002, "sp_latency", "stemprint test latency", 0, lat_pd, lat_pn, lat_h, run_latency),
    PLUGIN(4242003, "sp_broken", "stemprint test in-place-broken", LADSPA_PROPERTY_INPLACE_BROKEN,
           broken_pd, broken_pn, none_h, run_broken),
    PLUGIN(4242004, "sp_hints", "stemprint test hints", 0, hints_pd, hints_pn, hints_h, run_hints),
    PLUGIN(4242005, "sp_stereo", "stemprint test stereo swap", 0, stereo_pd, stereo_pn, none_h,
           run_stereo),
    PLUGIN(4242006, "sp_noise", "stemprint test generator", 0, noise_pd, noise_pn, none_h,
           run_nothing),
    PLUGIN(4242007, "urn:stemprint:three", "stemprint test three inputs", 0, three_pd, three_pn,
           none_h, run_nothing),
    PLUGIN(4242008, "sp_rate", "stemprint test rate", 0, rate_pd, rate_pn, rate_h, run_rate),
};
#else
static const LADSPA_Descriptor plugins[] = {
    PLUGIN(4242101, "sp_gain", "stemprint test gain, again", 0, gain_pd, gain_pn, gain_h, run_gain),
};
#endif

const LADSPA_Descriptor *ladspa_descriptor(unsigned long index)
{
  return index < sizeof plugins / sizeof plugins[0] ? &plugins[index] : NULL;
}
