/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SoundFonts through libfluidsynth (io/synth/synth.h).
 *
 * What decides the bytes, measured with fluidsynth 2.3.1 (tests/
 * test_soundfont_fixture.c): the settings below, the sample rate, the
 * SoundFont, and the messages and the frames they are sent at. The output
 * is the same bytes run to run, at any number of frames a call, with
 * synth.cpu-cores 1 or more, natively and under qemu's qemu64 CPU. A
 * message takes effect at the synth's next 64-frame block; a note-off
 * sooner than synth.min-note-length after its note-on would wait for it
 * (set to 0 here: a note ends where the MIDI ends it). fluidsynth plays at
 * 8 to 96 kHz. A synth loads a preset's samples when it is selected or
 * kept (synth.dynamic-sample-loading): a track holds the presets it plays,
 * not the whole SoundFont (FluidR3's General MIDI set is 141 MB).
 *
 * libfluidsynth is loaded by the first SoundFont a run opens, not when
 * stemprint starts: it and the 63 libraries it needs (glib, PulseAudio,
 * JACK, SDL2, systemd, ...) were 64 of the 81 libraries every command
 * loaded, and most runs play no SoundFont (as libcurl, io/cache/http.c). */

#include "io/synth/synth.h"

#include "core/base/alloc.h"

#include <dlfcn.h>
#include <fluidsynth.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fluidsynth's range of synth.sample-rate */
#define SP_FLUID_MIN_RATE_HZ 8000.0
#define SP_FLUID_MAX_RATE_HZ 96000.0

/* The libfluidsynth functions used here, found in libfluidsynth.so.3 (the
 * soname of fluidsynth 2) by load(): each called through fl, typed as the
 * header declares it. */
#define SP_FLUID_FUNCTIONS(X)                                                                      \
  X(new_fluid_settings)                                                                            \
  X(delete_fluid_settings)                                                                         \
  X(fluid_settings_setnum)                                                                         \
  X(fluid_settings_setint)                                                                         \
  X(new_fluid_synth)                                                                               \
  X(delete_fluid_synth)                                                                            \
  X(fluid_set_log_function)                                                                        \
  X(fluid_synth_set_interp_method)                                                                 \
  X(fluid_synth_sfload)                                                                            \
  X(fluid_synth_get_sfont_by_id)                                                                   \
  X(fluid_sfont_iteration_start)                                                                   \
  X(fluid_sfont_iteration_next)                                                                    \
  X(fluid_preset_get_banknum)                                                                      \
  X(fluid_preset_get_num)                                                                          \
  X(fluid_preset_get_name)                                                                         \
  X(fluid_synth_program_select)                                                                    \
  X(fluid_synth_pin_preset)                                                                        \
  X(fluid_synth_noteoff)                                                                           \
  X(fluid_synth_noteon)                                                                            \
  X(fluid_synth_key_pressure)                                                                      \
  X(fluid_synth_cc)                                                                                \
  X(fluid_synth_program_change)                                                                    \
  X(fluid_synth_channel_pressure)                                                                  \
  X(fluid_synth_pitch_bend)                                                                        \
  X(fluid_synth_write_float)                                                                       \
  X(fluid_version_str)

static struct {
#define SP_FLUID_SLOT(f) __typeof__(&f) f;
  SP_FLUID_FUNCTIONS(SP_FLUID_SLOT)
#undef SP_FLUID_SLOT
} fl;
static char load_error[256]; /* why libfluidsynth could not be loaded */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void)
{
  void *lib = dlopen("libfluidsynth.so.3", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(load_error, sizeof load_error,
             "a SoundFont instrument needs libfluidsynth, which cannot be loaded (%s); install "
             "Debian's libfluidsynth3",
             dlerror());
    return;
  }
#define SP_FLUID_FIND(f)                                                                           \
  if (!(*(void **)&fl.f = dlsym(lib, #f))) {                                                       \
    snprintf(load_error, sizeof load_error,                                                        \
             "the libfluidsynth installed here has no " #f "; install Debian's libfluidsynth3");   \
    fl.new_fluid_settings = NULL;                                                                  \
    return;                                                                                        \
  }
  SP_FLUID_FUNCTIONS(SP_FLUID_FIND)
#undef SP_FLUID_FIND
}

/* libfluidsynth loaded, or false with why. */
static bool loaded(char *why, size_t why_size)
{
  pthread_once(&load_once, load);
  if (fl.new_fluid_settings)
    return true;
  snprintf(why, why_size, "%s", load_error);
  return false;
}

struct sp_sf2_synth {
  fluid_settings_t *settings;
  fluid_synth_t *synth;
  int sfont;
  sp_sf2_preset *presets;
  size_t n_presets;
};

/* What fluidsynth last said at error level, on this thread: the reason a
 * load failed, for the message. */
static _Thread_local char said[256];

static void log_to_said(int level, const char *message, void *data)
{
  (void)level;
  (void)data;
  snprintf(said, sizeof said, "%s", message);
}

/* Warnings and the rest: not printed (a NULL function would print them). */
static void log_nothing(int level, const char *message, void *data)
{
  (void)level;
  (void)message;
  (void)data;
}

static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void quiet_logs(void)
{
  fl.fluid_set_log_function(FLUID_PANIC, log_to_said, NULL);
  fl.fluid_set_log_function(FLUID_ERR, log_to_said, NULL);
  fl.fluid_set_log_function(FLUID_WARN, log_nothing, NULL);
  fl.fluid_set_log_function(FLUID_INFO, log_nothing, NULL);
  fl.fluid_set_log_function(FLUID_DBG, log_nothing, NULL);
}

static int by_bank_program(const void *pa, const void *pb)
{
  const sp_sf2_preset *a = pa, *b = pb;
  if (a->bank != b->bank)
    return a->bank < b->bank ? -1 : 1;
  return a->program < b->program ? -1 : a->program > b->program;
}

static void close_synth(sp_sf2_synth *sy)
{
  if (!sy)
    return;
  if (sy->synth)
    fl.delete_fluid_synth(sy->synth);
  if (sy->settings)
    fl.delete_fluid_settings(sy->settings);
  free(sy->presets);
  free(sy);
}

static sp_sf2_synth *open_synth(const char *path, const sp_sf2_settings *set, char *why,
                                size_t why_size)
{
  if (!loaded(why, why_size))
    return NULL;
  pthread_once(&log_once, quiet_logs);
  said[0] = '\0';
  if (set->rate < SP_FLUID_MIN_RATE_HZ || set->rate > SP_FLUID_MAX_RATE_HZ) {
    snprintf(why, why_size,
             "fluidsynth plays SoundFonts at 8 to 96 kHz; this session is at %g Hz (render at "
             "96 kHz or less, or play the part with an LV2 instrument)",
             set->rate);
    return NULL;
  }
  sp_sf2_synth *sy = sp_xcalloc(1, sizeof *sy);
  sy->settings = fl.new_fluid_settings();
  fluid_settings_t *st = sy->settings;
  bool ok = st && fl.fluid_settings_setnum(st, "synth.sample-rate", set->rate) == FLUID_OK &&
            fl.fluid_settings_setnum(st, "synth.gain", set->gain_lin) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.reverb.active", set->reverb) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.chorus.active", set->chorus) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.polyphony", set->polyphony) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.cpu-cores", 1) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.min-note-length", 0) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.threadsafe-api", 0) == FLUID_OK &&
            fl.fluid_settings_setint(st, "synth.dynamic-sample-loading", 1) == FLUID_OK;
  if (ok)
    sy->synth = fl.new_fluid_synth(st);
  if (!ok || !sy->synth) {
    snprintf(why, why_size, "fluidsynth cannot start a synthesizer at %g Hz%s%s", set->rate,
             said[0] ? ": " : "", said);
    close_synth(sy);
    return NULL;
  }
  fl.fluid_synth_set_interp_method(sy->synth, -1, set->interpolation);
  sy->sfont = fl.fluid_synth_sfload(sy->synth, path, 1);
  if (sy->sfont == FLUID_FAILED) {
    snprintf(why, why_size, "'%s' is not a SoundFont fluidsynth can load%s%s", path,
             said[0] ? ": " : "", said);
    close_synth(sy);
    return NULL;
  }
  fluid_sfont_t *sf = fl.fluid_synth_get_sfont_by_id(sy->synth, sy->sfont);
  size_t cap = 0;
  fl.fluid_sfont_iteration_start(sf);
  for (fluid_preset_t *p; (p = fl.fluid_sfont_iteration_next(sf));) {
    SP_GROW(sy->presets, sy->n_presets, cap);
    sp_sf2_preset *q = &sy->presets[sy->n_presets++];
    q->bank = fl.fluid_preset_get_banknum(p);
    q->program = fl.fluid_preset_get_num(p);
    snprintf(q->name, sizeof q->name, "%s",
             fl.fluid_preset_get_name(p) ? fl.fluid_preset_get_name(p) : "");
  }
  qsort(sy->presets, sy->n_presets, sizeof *sy->presets, by_bank_program);
  if (sy->n_presets == 0) {
    snprintf(why, why_size, "'%s' holds no preset: nothing to play", path);
    close_synth(sy);
    return NULL;
  }
  return sy;
}

static size_t presets(const sp_sf2_synth *sy, const sp_sf2_preset **out)
{
  *out = sy->presets;
  return sy->n_presets;
}

static bool select_preset(sp_sf2_synth *sy, int channel, int bank, int program)
{
  for (size_t i = 0; i < sy->n_presets; i++)
    if (sy->presets[i].bank == bank && sy->presets[i].program == program)
      return fl.fluid_synth_program_select(sy->synth, channel, (unsigned)sy->sfont, (unsigned)bank,
                                           (unsigned)program) == FLUID_OK;
  return false;
}

static bool keep(sp_sf2_synth *sy, int bank, int program)
{
  return fl.fluid_synth_pin_preset(sy->synth, sy->sfont, bank, program) == FLUID_OK;
}

static void send(sp_sf2_synth *sy, const uint8_t *m, size_t size)
{
  fluid_synth_t *s = sy->synth;
  const int c = m[0] & 0x0F, d1 = size > 1 ? m[1] & 0x7F : 0, d2 = size > 2 ? m[2] & 0x7F : 0;
  switch (m[0] & 0xF0) {
  case 0x80: fl.fluid_synth_noteoff(s, c, d1); break;
  case 0x90:
    if (d2)
      fl.fluid_synth_noteon(s, c, d1, d2);
    else
      fl.fluid_synth_noteoff(s, c, d1);
    break;
  case 0xA0: fl.fluid_synth_key_pressure(s, c, d1, d2); break;
  case 0xB0: fl.fluid_synth_cc(s, c, d1, d2); break;
  case 0xC0: fl.fluid_synth_program_change(s, c, d1); break;
  case 0xD0: fl.fluid_synth_channel_pressure(s, c, d1); break;
  case 0xE0: fl.fluid_synth_pitch_bend(s, c, d1 | d2 << 7); break;
  default: break;
  }
}

static void render(sp_sf2_synth *sy, float *left, float *right, size_t frames)
{
  /* fluidsynth takes an int count: in pieces far below it */
  while (frames > 0) {
    const size_t n = frames < 65536 ? frames : 65536;
    fl.fluid_synth_write_float(sy->synth, (int)n, left, 0, 1, right, 0, 1);
    left += n;
    right += n;
    frames -= n;
  }
}

static char version_text[48];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void make_version(void)
{
  char why[sizeof load_error];
  if (loaded(why, sizeof why))
    snprintf(version_text, sizeof version_text, "fluidsynth %s", fl.fluid_version_str());
  else
    snprintf(version_text, sizeof version_text, "fluidsynth (not installed)");
}

static const char *version(void)
{
  pthread_once(&version_once, make_version);
  return version_text;
}

static const sp_sf2_host host = {
    .open = open_synth,
    .presets = presets,
    .select = select_preset,
    .keep = keep,
    .send = send,
    .render = render,
    .close = close_synth,
    .version = version,
    .block_frames = 64,
    .min_rate_hz = SP_FLUID_MIN_RATE_HZ,
    .max_rate_hz = SP_FLUID_MAX_RATE_HZ,
};

const sp_sf2_host *sp_fluid_host(void) { return &host; }
