/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny LV2 bundle for the tests, built with them, so that the LV2 host's
 * known-answer tests do not depend on the versions of third-party plugins
 * (tests/lv2/sptest.ttl describes the ports):
 *
 *   gain   stereo, linear: out = in delayed by `delay` frames × `gain` dB;
 *          reports `delay` on its latency port, but only after a run
 *   duck   stereo compressor with a sidechain input and a static curve:
 *          k = max |key| per sample (the sidechain when `scmode` is
 *          External, else the input), g = (T/k)^(1 − 1/ratio) above T,
 *          out = in × g; memoryless, so keyed per lane it sums exactly
 *   peak   stereo compressor with one sidechain input, as Ardour's ACE
 *          compressor has: the static curve of duck on k = the detector
 *          of its input (`detector` Peak: max(|L|, |R|); Power:
 *          sqrt(L² + R²)), or |key| when `sidech` is on
 *   clip   mono hard clip at `ceiling` dB: nonlinear, no sidechain; its
 *          `curve`, an enumeration of twelve long labels, changes nothing
 *   echo   mono feedback echo y[n] = x[n] + fb·y[n − delay]: linear, rings
 *   needs  a gain that requires a feature no host has
 *   hiss   stereo, of a linear class, but adds noise at `level` dB (the
 *          same noise in every instance): run per stem, the stems carry
 *          one noise each and their sum the noise once more than the mix
 *          would, so its link floor is `level`
 *   stash  stereo gain of `trim` dB plus two settings kept only in its
 *          state (LV2_State_Interface), never in a port: `#gain` (a float,
 *          dB) and `#level` (a file, by path: the dB written in it, read
 *          through the host's map-path); out = in × (trim + gain + level).
 *          Saved with make-path, the level goes into a file it makes in
 *          the state's folder; without, the file it read is named;
 *          either way `#source` names the file it read
 *   widen  mono in, stereo out, linear (a Haas widener): out_l = in,
 *          out_r = in delayed by `delay` frames × `right` dB
 *   thread stereo gain of `gain` dB that, as x42's convolver starts
 *          zita-convolver's, starts a thread with a 64 KB stack when it is
 *          instantiated (and joins it); refuses to instantiate when the
 *          thread cannot start (a host whose own thread-local storage
 *          fills such a stack)
 *   probe  stereo; writes its control values into its output: out_l =
 *          in_l + `mode` + `flip`, out_r = in_r + `steps` + `freq`, as the
 *          port values come (`mode` an enumeration of 0, 10 and 25, `steps`
 *          a whole number, `freq` logarithmic, `flip` a toggle); its `key`
 *          port, which changes nothing, is named as an insert's key is;
 *          its designated on switch `on` (lv2:enabled) off adds 100 to
 *          out_l; `hold`, a second port designated lv2:enabled (as x42
 *          darc's hold is: a setting, not the switch), on adds 1000 to
 *          out_r; `edge`, which changes nothing, a frequency whose bounds are
 *          fractions of the rate (lv2:sampleRate: 0 .. 0.5 of it)
 *   place  stereo; says whether the host runs it in place: out = in + 1 on
 *          a channel whose input and output are one buffer, else out = in;
 *          `place_broken` the same, but it asks for lv2:inPlaceBroken, and
 *          `place_mono` a mono one
 *   cycle  stereo, as ZamVerb's convolver: out = in × 0.5 on a run as
 *          long as the host's nominalBlockLength (LV2 options), else
 *          out = in (ZamVerb passes its input through on another run)
 *   rate   stereo; says the value its `corner` port comes with: out = in +
 *          corner × 2^-16, `corner` a frequency whose bounds (0 .. 0.5)
 *          and default (0.125) are fractions of the rate (lv2:sampleRate)
 *
 * and, in tests/lv2/instrument.c, an instrument (MIDI in) whose output
 * says which event came at which frame, or plays sines. */

#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/options/options.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include <stdio.h>

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DELAY 48000

#define STASH "urn:stemprint:test:stash"

typedef struct plugin {
  int kind;
  float stash_gain, stash_level; /* dB, from the state */
  char *level_path;              /* the #level file, absolute */
  LV2_URID_Map *map;
  LV2_URID u_gain, u_level, u_source, u_float, u_path;
  float *port[12];
  float *ring[2];
  uint32_t at;
  uint32_t seed;
  double rate;
  uint32_t nominal; /* cycle: the host's nominalBlockLength, 0 if none */
} plugin;

enum {
  GAIN,
  DUCK,
  PEAK,
  CLIP,
  ECHO,
  NEEDS,
  HISS,
  STASH_KIND,
  WIDEN,
  THREAD,
  PROBE,
  PLACE,
  PLACE_MONO,
  CYCLE,
  RATE
};

/* What thread's thread does: nothing but run. */
static void *thread_main(void *arg) { return arg; }

/* Whether a thread with a stack of 64 KB starts (zita-convolver's size). */
static bool small_stack_thread_starts(void)
{
  pthread_attr_t attr;
  pthread_t t;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 0x10000);
  const bool started = pthread_create(&t, &attr, thread_main, NULL) == 0;
  pthread_attr_destroy(&attr);
  if (started)
    pthread_join(t, NULL);
  return started;
}

static LV2_Handle instantiate(const LV2_Descriptor *d, double rate, const char *path,
                              const LV2_Feature *const *features)
{
  (void)path;
  /* for the tests that say when a plugin is instantiated (a cache hit
   * instantiates none): a line per instance in the file named */
  const char *said = getenv("SPTEST_INSTANCES");
  FILE *f = said ? fopen(said, "a") : NULL;
  if (f) {
    fprintf(f, "%s\n", d->URI);
    fclose(f);
  }
  /* a plugin that talks on standard output, as some do (x42's convolver
   * says which impulse response it loaded) */
  if (getenv("SPTEST_CHATTY")) {
    printf("sptest: instantiated %s\n", d->URI);
    fflush(stdout);
  }
  plugin *p = calloc(1, sizeof *p);
  p->kind = (int)(intptr_t)d->extension_data(NULL);
  if (p->kind == THREAD && !small_stack_thread_starts()) {
    fprintf(stderr, "sptest: a thread with a 64 KB stack could not start\n");
    free(p);
    return NULL;
  }
  for (int i = 0; features && features[i]; i++)
    if (strcmp(features[i]->URI, LV2_URID__map) == 0)
      p->map = features[i]->data;
  for (int i = 0; p->kind == CYCLE && p->map && features[i]; i++) {
    const LV2_Options_Option *o = features[i]->data;
    const LV2_URID nominal = p->map->map(p->map->handle, LV2_BUF_SIZE__nominalBlockLength);
    for (; strcmp(features[i]->URI, LV2_OPTIONS__options) == 0 && o->key; o++)
      if (o->key == nominal)
        p->nominal = (uint32_t)*(const int32_t *)o->value;
  }
  if (p->kind == STASH_KIND) {
    if (!p->map) {
      free(p);
      return NULL;
    }
    p->u_gain = p->map->map(p->map->handle, STASH "#gain");
    p->u_level = p->map->map(p->map->handle, STASH "#level");
    p->u_source = p->map->map(p->map->handle, STASH "#source");
    p->u_float = p->map->map(p->map->handle, LV2_ATOM__Float);
    p->u_path = p->map->map(p->map->handle, LV2_ATOM__Path);
    /* as LSP's plugins do, hundreds of URIs at instantiation: the same
     * URID each time for the same URI, a URID of its own for each; else
     * the plugin refuses to start and the state tests fail */
    enum { MANY = 700 };
    LV2_URID first[MANY];
    for (int round = 0; round < 2; round++)
      for (int i = 0; i < MANY; i++) {
        char uri[96];
        snprintf(uri, sizeof uri, STASH "#many-%d", i);
        const LV2_URID u = p->map->map(p->map->handle, uri);
        bool ok = u != 0 && u != p->u_gain && u != p->u_float && (round == 0 || u == first[i]);
        for (int j = 0; round == 0 && j < i; j++)
          ok &= u != first[j];
        first[i] = u;
        if (!ok) {
          fprintf(stderr, "sptest: URI %s mapped to %u\n", uri, u);
          free(p);
          return NULL;
        }
      }
  }
  p->rate = rate;
  p->ring[0] = calloc(MAX_DELAY + 1, sizeof(float));
  p->ring[1] = calloc(MAX_DELAY + 1, sizeof(float));
  return p;
}

static void connect_port(LV2_Handle h, uint32_t port, void *data)
{
  plugin *p = h;
  if (port < 12)
    p->port[port] = data;
}

static void activate(LV2_Handle h)
{
  plugin *p = h;
  memset(p->ring[0], 0, (MAX_DELAY + 1) * sizeof(float));
  memset(p->ring[1], 0, (MAX_DELAY + 1) * sizeof(float));
  p->at = 0;
  p->seed = 1;
}

static float db(float v) { return powf(10.0f, v / 20.0f); }

static void run(LV2_Handle h, uint32_t n)
{
  plugin *p = h;
  switch (p->kind) {
  case GAIN:
  case NEEDS: {
    const float g = db(*p->port[4]);
    uint32_t d = p->kind == GAIN ? (uint32_t)*p->port[5] : 0;
    if (d > MAX_DELAY)
      d = MAX_DELAY;
    for (uint32_t i = 0; i < n; i++)
      for (int c = 0; c < 2; c++) {
        float *ring = p->ring[c];
        ring[(p->at + i) % (MAX_DELAY + 1)] = p->port[c][i];
        p->port[2 + c][i] = g * ring[(p->at + i + MAX_DELAY + 1 - d) % (MAX_DELAY + 1)];
      }
    p->at = (p->at + n) % (MAX_DELAY + 1);
    if (p->kind == GAIN)
      *p->port[6] = (float)d;
    break;
  }
  case DUCK: {
    const float t = db(*p->port[6]), e = 1.0f - 1.0f / *p->port[7];
    const int ext = *p->port[8] > 0.5f;
    for (uint32_t i = 0; i < n; i++) {
      const float *k0 = ext ? p->port[4] : p->port[0], *k1 = ext ? p->port[5] : p->port[1];
      const float k = fmaxf(fabsf(k0[i]), fabsf(k1[i]));
      const float g = k > t ? powf(t / k, e) : 1.0f;
      p->port[2][i] = p->port[0][i] * g;
      p->port[3][i] = p->port[1][i] * g;
    }
    break;
  }
  case PEAK: {
    const float t = db(*p->port[5]), e = 1.0f - 1.0f / *p->port[6];
    const int ext = *p->port[7] > 0.5f, power = *p->port[8] > 0.5f;
    for (uint32_t i = 0; i < n; i++) {
      const float l = p->port[0][i], r = p->port[1][i];
      const float k = ext     ? fabsf(p->port[2][i])
                      : power ? sqrtf(l * l + r * r)
                              : fmaxf(fabsf(l), fabsf(r));
      const float g = k > t ? powf(t / k, e) : 1.0f;
      p->port[3][i] = l * g;
      p->port[4][i] = r * g;
    }
    break;
  }
  case HISS: {
    const float l = db(*p->port[4]);
    for (uint32_t i = 0; i < n; i++) {
      p->seed = p->seed * 1664525u + 1013904223u;
      const float hiss = l * ((float)(p->seed >> 8) / 8388608.0f - 1.0f);
      p->port[2][i] = p->port[0][i] + hiss;
      p->port[3][i] = p->port[1][i] + hiss;
    }
    break;
  }
  case RATE: {
    const float c = *p->port[4] / 65536.0f;
    for (uint32_t i = 0; i < n; i++) {
      p->port[2][i] = p->port[0][i] + c;
      p->port[3][i] = p->port[1][i] + c;
    }
    break;
  }
  case CYCLE: {
    const float g = n == p->nominal ? 0.5f : 1.0f;
    for (uint32_t i = 0; i < n; i++) {
      p->port[2][i] = p->port[0][i] * g;
      p->port[3][i] = p->port[1][i] * g;
    }
    break;
  }
  case THREAD: {
    const float g = db(*p->port[4]);
    for (uint32_t i = 0; i < n; i++) {
      p->port[2][i] = p->port[0][i] * g;
      p->port[3][i] = p->port[1][i] * g;
    }
    break;
  }
  case STASH_KIND: {
    const float g = db(*p->port[4] + p->stash_gain + p->stash_level);
    for (uint32_t i = 0; i < n; i++) {
      p->port[2][i] = p->port[0][i] * g;
      p->port[3][i] = p->port[1][i] * g;
    }
    break;
  }
  case WIDEN: {
    uint32_t d = (uint32_t)*p->port[3];
    if (d > MAX_DELAY)
      d = MAX_DELAY;
    const float g = db(*p->port[4]);
    float *ring = p->ring[0];
    for (uint32_t i = 0; i < n; i++) {
      const float x = p->port[0][i];
      ring[(p->at + i) % (MAX_DELAY + 1)] = x;
      p->port[1][i] = x;
      p->port[2][i] = g * ring[(p->at + i + MAX_DELAY + 1 - d) % (MAX_DELAY + 1)];
    }
    p->at = (p->at + n) % (MAX_DELAY + 1);
    break;
  }
  case PROBE: {
    const float l = *p->port[4] + *p->port[7] + (*p->port[9] > 0.5f ? 0.0f : 100.0f),
                r = *p->port[5] + *p->port[6] + (*p->port[10] > 0.5f ? 1000.0f : 0.0f);
    for (uint32_t i = 0; i < n; i++) {
      p->port[2][i] = p->port[0][i] + l;
      p->port[3][i] = p->port[1][i] + r;
    }
    break;
  }
  case PLACE:
  case PLACE_MONO: {
    const int n_ch = p->kind == PLACE ? 2 : 1;
    for (int c = 0; c < n_ch; c++) {
      const float *in = p->port[c];
      float *out = p->port[n_ch + c];
      const float add = in == out ? 1.0f : 0.0f;
      for (uint32_t i = 0; i < n; i++)
        out[i] = in[i] + add;
    }
    break;
  }
  case CLIP: {
    const float c = db(*p->port[2]);
    for (uint32_t i = 0; i < n; i++)
      p->port[1][i] = fmaxf(-c, fminf(c, p->port[0][i]));
    break;
  }
  case ECHO: {
    uint32_t d = (uint32_t)lrint(*p->port[2] * p->rate / 1000.0);
    if (d < 1)
      d = 1;
    if (d > MAX_DELAY)
      d = MAX_DELAY;
    const float fb = *p->port[3];
    float *ring = p->ring[0];
    for (uint32_t i = 0; i < n; i++) {
      const uint32_t w = (p->at + i) % (MAX_DELAY + 1);
      const float y = p->port[0][i] + fb * ring[(w + MAX_DELAY + 1 - d) % (MAX_DELAY + 1)];
      ring[w] = y;
      p->port[1][i] = y;
    }
    p->at = (p->at + n) % (MAX_DELAY + 1);
    break;
  }
  }
}

/* ---- stash's state ---- */

static const LV2_Feature *feature(const LV2_Feature *const *f, const char *uri)
{
  for (int i = 0; f && f[i]; i++)
    if (strcmp(f[i]->URI, uri) == 0)
      return f[i];
  return NULL;
}

static LV2_State_Status save(LV2_Handle h, LV2_State_Store_Function store, LV2_State_Handle handle,
                             uint32_t flags, const LV2_Feature *const *features)
{
  (void)flags;
  plugin *p = h;
  store(handle, p->u_gain, &p->stash_gain, sizeof(float), p->u_float,
        LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
  const LV2_Feature *mp = feature(features, LV2_STATE__mapPath);
  const LV2_Feature *mk = feature(features, LV2_STATE__makePath);
  if (!p->level_path)
    return LV2_STATE_SUCCESS;
  if (!mp)
    return LV2_STATE_ERR_NO_FEATURE;
  /* With make-path, the level is kept in a file of the state's own (as a
   * sampler keeps its recording), else the file read is named. */
  char *made = NULL;
  if (mk) {
    const LV2_State_Make_Path *m = mk->data;
    made = m->path(m->handle, "level.txt");
    FILE *f = made ? fopen(made, "w") : NULL;
    const bool wrote = f && fprintf(f, "%.9g\n", p->stash_level) > 0;
    if (!f || fclose(f) != 0 || !wrote) {
      free(made);
      return LV2_STATE_ERR_UNKNOWN;
    }
  }
  const LV2_State_Map_Path *m = mp->data;
  char *abstract = m->abstract_path(m->handle, made ? made : p->level_path);
  store(handle, p->u_level, abstract, strlen(abstract) + 1, p->u_path, LV2_STATE_IS_POD);
  free(abstract);
  free(made);
  /* and the file it was read from, by name (a sampler's source) */
  abstract = m->abstract_path(m->handle, p->level_path);
  store(handle, p->u_source, abstract, strlen(abstract) + 1, p->u_path, LV2_STATE_IS_POD);
  free(abstract);
  return LV2_STATE_SUCCESS;
}

static LV2_State_Status restore(LV2_Handle h, LV2_State_Retrieve_Function retrieve,
                                LV2_State_Handle handle, uint32_t flags,
                                const LV2_Feature *const *features)
{
  (void)flags;
  plugin *p = h;
  size_t size;
  uint32_t type, fl;
  const void *v = retrieve(handle, p->u_gain, &size, &type, &fl);
  if (v && type == p->u_float && size == sizeof(float))
    p->stash_gain = *(const float *)v;
  v = retrieve(handle, p->u_level, &size, &type, &fl);
  if (v && type == p->u_path) {
    const LV2_Feature *mp = feature(features, LV2_STATE__mapPath);
    if (!mp)
      return LV2_STATE_ERR_NO_FEATURE;
    const LV2_State_Map_Path *m = mp->data;
    free(p->level_path);
    p->level_path = m->absolute_path(m->handle, v);
    FILE *f = fopen(p->level_path, "r");
    if (!f || fscanf(f, "%f", &p->stash_level) != 1)
      p->stash_level = -100.0f; /* unreadable: near silence, which a test sees */
    if (f)
      fclose(f);
  }
  return LV2_STATE_SUCCESS;
}

static const LV2_State_Interface state_iface = {save, restore};

static void cleanup(LV2_Handle h)
{
  plugin *p = h;
  free(p->level_path);
  free(p->ring[0]);
  free(p->ring[1]);
  free(p);
}

/* extension_data(NULL) answers the descriptor's kind (a test-only trick). */
#define KIND(n, k)                                                                                 \
  static const void *kind_##n(const char *uri) { return uri ? NULL : (const void *)(intptr_t)k; }
KIND(gain, GAIN)
KIND(duck, DUCK)
KIND(peak, PEAK)
KIND(clip, CLIP)
KIND(echo, ECHO)
KIND(needs, NEEDS)
KIND(hiss, HISS)
KIND(widen, WIDEN)
KIND(thread, THREAD)
KIND(probe, PROBE)
KIND(place, PLACE)
KIND(place_mono, PLACE_MONO)
KIND(cycle, CYCLE)
KIND(rate, RATE)
static const void *kind_stash(const char *uri)
{
  if (!uri)
    return (const void *)(intptr_t)STASH_KIND;
  return strcmp(uri, LV2_STATE__interface) == 0 ? &state_iface : NULL;
}

static const LV2_Descriptor descriptors[] = {
    {"urn:stemprint:test:gain", instantiate, connect_port, activate, run, NULL, cleanup, kind_gain},
    {"urn:stemprint:test:duck", instantiate, connect_port, activate, run, NULL, cleanup, kind_duck},
    {"urn:stemprint:test:peak", instantiate, connect_port, activate, run, NULL, cleanup, kind_peak},
    {"urn:stemprint:test:clip", instantiate, connect_port, activate, run, NULL, cleanup, kind_clip},
    {"urn:stemprint:test:echo", instantiate, connect_port, activate, run, NULL, cleanup, kind_echo},
    {"urn:stemprint:test:needs", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_needs},
    {"urn:stemprint:test:hiss", instantiate, connect_port, activate, run, NULL, cleanup, kind_hiss},
    {STASH, instantiate, connect_port, activate, run, NULL, cleanup, kind_stash},
    {"urn:stemprint:test:widen", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_widen},
    {"urn:stemprint:test:thread", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_thread},
    {"urn:stemprint:test:probe", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_probe},
    {"urn:stemprint:test:place", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_place},
    {"urn:stemprint:test:place_broken", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_place},
    {"urn:stemprint:test:place_mono", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_place_mono},
    {"urn:stemprint:test:cycle", instantiate, connect_port, activate, run, NULL, cleanup,
     kind_cycle},
    {"urn:stemprint:test:rate", instantiate, connect_port, activate, run, NULL, cleanup, kind_rate},
};

/* the instruments, tests/lv2/instrument.c */
const LV2_Descriptor *sptest_instrument_descriptor(uint32_t k);

LV2_SYMBOL_EXPORT const LV2_Descriptor *lv2_descriptor(uint32_t index)
{
  const uint32_t n = sizeof descriptors / sizeof descriptors[0];
  return index < n ? &descriptors[index] : sptest_instrument_descriptor(index - n);
}
