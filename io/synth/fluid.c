/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SoundFonts through libfluidsynth (io/synth/synth.h).
 *
 * What decides the bytes, measured with fluidsynth 2.3.1 (tests/
 * test_soundfont_fixture.c): the settings below, the sample rate, the
 * SoundFont, and the messages and the frames they are sent at. The output
 * is the same bytes run to run, at any number of frames a call, with
 * synth.cpu-cores 1 or more, natively and under qemu's qemu64 CPU. A
 * message takes effect at the synth's next 64-frame block; a note-off
 * sooner than synth.min-note-length after its note-on waits for it
 * (fluidsynth's default, 10 ms, as its player and Ardour's a-fluidsynth
 * keep it: set to 0, a note whose on and off fell in one block never
 * sounded, a drum export's 1-tick hits a silent mix). fluidsynth plays at
 * 8 to 96 kHz. A synth loads a preset's samples when it is selected or
 * kept (synth.dynamic-sample-loading): a track holds the presets it plays,
 * not the whole SoundFont (FluidR3's General MIDI set is 141 MB).
 *
 * Threads. libfluidsynth keeps state of the whole process that its
 * synthesizers share (fluidsynth 2.3's sources): the sample cache
 * (sfloader/fluid_samplecache.c: one list of loaded sample data, keyed by
 * file, mtime and range, reference counted; its load finds an entry under
 * its mutex but counts the new reference after letting go of it, so a
 * synth freeing the last reference on another thread frees data this one
 * is about to use: the SIGSEGV in fluid_voice_optimize_sample of issue
 * 60), the conversion tables and default modulators new_fluid_synth fills
 * once (fluid_synth_init, entered by the first caller while a second one
 * goes on with them half made), and libinstpatch, which every
 * new_fluid_synth starts and every delete_fluid_synth stops (ipatch_init,
 * ipatch_close). A synth's SoundFont (its presets, their zones, its
 * samples' headers and reference counts) is its own, changed by its notes
 * and program changes without a lock: it cannot be shared by synths that
 * play on two threads. So here:
 *
 *   - everything that may load or free sample data or start or end a
 *     synth runs under one lock of the process (`lock`): making and
 *     deleting a synth, loading a SoundFont, selecting and keeping a
 *     preset, a program change;
 *   - a SoundFont is loaded once per instrument instance (open; a render
 *     prepares two a track: the planner's probe, then its own): a `home`
 *     synth loads it and holds it (and the presets its channels start on)
 *     without ever playing; the synth that plays is made anew on a reset
 *     (a fresh synth: a system reset leaves state behind) and given the
 *     same loaded SoundFont, so a reset reads no file and cannot fail but
 *     for memory;
 *   - every preset a synth selects is kept loaded (pinned) until the
 *     instrument is closed, so no sample is ever freed while a synth plays
 *     (a voice's end frees its sample when no selected preset holds it,
 *     inside fluid_synth_write_float, which runs without the lock);
 *   - the samples of one file are loaded once while any track holds them:
 *     the sample cache shares them between the tracks' SoundFonts (its
 *     key is the name fluidsynth is given: one per held file, name_for).
 *
 * Files. A SoundFont file is opened once while anything holds it (`files`):
 * io/synth/sf2.c's check opens it (a regular file, a RIFF sfbk form) and
 * that descriptor is what fluidsynth reads, so what was checked is what
 * is played, whatever happens to the path meanwhile. fluidsynth's own
 * file callbacks fopen the file for every parse and again for every
 * preset whose samples it loads (fluid_defsfont.c's load_preset_samples
 * reopens it through the callbacks the SoundFont keeps, its loader's):
 * home is given a loader of ours (a defsfloader with the callbacks
 * below, first in its list), which reads the held descriptor with pread,
 * a position per handle. The planner holds a track's file from before
 * its probes until the graph is freed (sp_sf2_host.hold), the instances
 * too: a render or a check of any number of tracks on one file, at any
 * -j, opens it once. A DLS file is not held: fluidsynth gives it to
 * libinstpatch, which opens it by its path itself (after fluidsynth's
 * own loader has opened it to find it is no SoundFont).
 *
 * libfluidsynth is loaded by the first SoundFont a run opens, not when
 * stemprint starts: it and the 63 libraries it needs (glib, PulseAudio,
 * JACK, SDL2, systemd, ...) were 64 of the 81 libraries every command
 * loaded, and most runs play no SoundFont (as libcurl, io/cache/http.c). */

#include "io/synth/synth.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/synth/sf2.h"

#include <dlfcn.h>
#include <errno.h>
#include <fluidsynth.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  X(new_fluid_defsfloader)                                                                         \
  X(fluid_sfloader_set_callbacks)                                                                  \
  X(delete_fluid_sfloader)                                                                         \
  X(fluid_synth_add_sfloader)                                                                      \
  X(fluid_synth_sfload)                                                                            \
  X(fluid_synth_add_sfont)                                                                         \
  X(fluid_synth_remove_sfont)                                                                      \
  X(fluid_synth_get_program)                                                                       \
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
/* glib's g_log_set_default_handler, found through libfluidsynth (which
 * links glib), or NULL */
static void *(*glib_set_default_handler)(void (*)(const char *, int, const char *, void *), void *);
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
  *(void **)&glib_set_default_handler = dlsym(lib, "g_log_set_default_handler");
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
  sp_sf2_settings set;
  fluid_settings_t *home_settings, *settings;
  fluid_synth_t *home;  /* loaded the SoundFont and holds it; never plays */
  fluid_synth_t *synth; /* plays it */
  struct sf_file *file; /* the file home's SoundFont was read from; NULL for a DLS one */
  fluid_sfont_t *sfont; /* home's, in synth's list too */
  int sfont_id;         /* its id in synth */
  sp_sf2_preset *presets;
  size_t n_presets;
};

/* Everything that may load or free sample data, or start or end a synth
 * (the file's opening paragraph): one at a time in the process. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* What fluidsynth first said at error level since `said` was emptied, on
 * this thread: the reason a load failed ("INFO sub chunk INAM has invalid
 * chunk size"), not the "Failed to load SoundFont" that follows it. */
static _Thread_local char said[256];

static void log_to_said(int level, const char *message, void *data)
{
  (void)level;
  (void)data;
  if (!said[0])
    snprintf(said, sizeof said, "%s", message);
}

/* Warnings and the rest: not printed (a NULL function would print them). */
static void log_nothing(int level, const char *message, void *data)
{
  (void)level;
  (void)message;
  (void)data;
}

/* glib's log (libinstpatch's criticals and warnings, which glib's default
 * handler prints raw on stderr): an error's text kept as fluidsynth's is,
 * the rest not printed. Its log levels: 1 << 2 error, 1 << 3 critical. */
static void glib_log(const char *domain, int level, const char *message, void *data)
{
  (void)domain;
  (void)data;
  if ((level & (1 << 2 | 1 << 3)) && !said[0] && message)
    snprintf(said, sizeof said, "%s", message);
}

static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void quiet_logs(void)
{
  fl.fluid_set_log_function(FLUID_PANIC, log_to_said, NULL);
  fl.fluid_set_log_function(FLUID_ERR, log_to_said, NULL);
  fl.fluid_set_log_function(FLUID_WARN, log_nothing, NULL);
  fl.fluid_set_log_function(FLUID_INFO, log_nothing, NULL);
  fl.fluid_set_log_function(FLUID_DBG, log_nothing, NULL);
  if (glib_set_default_handler)
    glib_set_default_handler(glib_log, NULL);
}

/* The SoundFont files open in the process (the opening paragraph), each
 * opened once, by sp_sf2_file_open's check, and held while an instrument
 * or one of fluidsynth's handles uses it: every read of it after the check
 * is a pread of that descriptor through the callbacks below. */
typedef struct sf_file {
  struct sf_file *next;
  char *path;     /* as the instrument names it: the table's key */
  char *name;     /* as fluidsynth is given it: no file's name (name_for) */
  int fd;         /* the descriptor checked, read with pread only */
  int64_t size;   /* its bytes, from fstat */
  unsigned users; /* instruments and open handles; closed when none is left */
} sf_file;

static sf_file *files;
static unsigned files_named; /* names given so far: each file's name is new */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;

/* A name fluidsynth can only open through the callbacks below: under
 * /dev/null, which is no folder, so that neither its own SoundFont loader
 * nor libinstpatch's (which fluid_synth_sfload tries after ours when ours
 * refuses the file) opens anything from disk, and the sample cache (keyed
 * by name and modification time: stat fails, 0) shares sample data only
 * between the instruments that read this one descriptor. The path is in
 * it for whoever reads a message of fluidsynth's. */
static char *name_for(const char *path)
{
  return sp_xasprintf("/dev/null/stemprint-soundfont-%u:%s", ++files_named, path);
}

/* The entry of path, held (its users counted), with what the file is
 * (*info: sp_sf2_file_open's); NULL with why when it is refused or is a
 * DLS form (*info's dls: fluidsynth hands that to libinstpatch, which
 * opens it by its path itself). Checked and opened once while held: a
 * path held already is read again from its descriptor, not opened. */
static sf_file *hold_file(const char *path, sp_sf2_file *info, char *why, size_t why_size)
{
  pthread_mutex_lock(&files_lock);
  sf_file *f = files;
  while (f && strcmp(f->path, path) != 0)
    f = f->next;
  sp_err err;
  if (f) {
    err = sp_sf2_file_read_fd(f->fd, info, why, why_size);
  } else {
    int fd = -1;
    struct stat st;
    err = sp_sf2_file_open(path, &fd, info, why, why_size);
    if (err == SP_OK && (info->dls || fstat(fd, &st) != 0)) {
      if (!info->dls) {
        snprintf(why, why_size, "%s", strerror(errno));
        err = SP_ERR_IO;
      }
      close(fd);
    } else if (err == SP_OK) {
      f = sp_xcalloc(1, sizeof *f);
      f->path = sp_xstrdup(path);
      f->name = name_for(path);
      f->fd = fd;
      f->size = (int64_t)st.st_size;
      f->next = files;
      files = f;
    }
  }
  if (err != SP_OK || info->dls)
    f = NULL;
  if (f)
    f->users++;
  pthread_mutex_unlock(&files_lock);
  return f;
}

/* A user of f gone; the file closed with the last. */
static void let_go_file(sf_file *f)
{
  if (!f)
    return;
  pthread_mutex_lock(&files_lock);
  if (--f->users == 0) {
    sf_file **at = &files;
    while (*at != f)
      at = &(*at)->next;
    *at = f->next;
    close(f->fd);
    free(f->path);
    free(f->name);
    free(f);
  }
  pthread_mutex_unlock(&files_lock);
}

/* The file callbacks of our SoundFont loader (fluidsynth's sfont.h): a
 * handle is a held file and a position of its own, read with pread (no
 * offset shared between handles or threads). fluidsynth opens one to
 * parse the file, and one for each preset whose samples it loads. */
typedef struct sf_handle {
  sf_file *f;
  int64_t at;
} sf_handle;

/* A handle on the held file fluidsynth was given the name of; NULL (and
 * fluidsynth's load fails) for any other name: never a file from disk. */
static void *cb_open(const char *name)
{
  pthread_mutex_lock(&files_lock);
  sf_file *f = files;
  while (f && strcmp(f->name, name) != 0)
    f = f->next;
  if (f)
    f->users++;
  pthread_mutex_unlock(&files_lock);
  if (!f)
    return NULL;
  sf_handle *h = sp_xcalloc(1, sizeof *h);
  h->f = f;
  return h;
}

static int cb_read(void *buf, fluid_long_long_t count, void *handle)
{
  sf_handle *h = handle;
  if (count < 0 || h->at < 0 || count > h->f->size - h->at) {
    if (!said[0]) /* fluidsynth's own words for it */
      snprintf(said, sizeof said, "EOF while attempting to read %lld bytes", (long long)count);
    return FLUID_FAILED;
  }
  if (sp_fs_pread(h->f->fd, buf, (size_t)count, (uint64_t)h->at) != (size_t)count) {
    if (!said[0])
      snprintf(said, sizeof said, "File read failed");
    return FLUID_FAILED;
  }
  h->at += count;
  return FLUID_OK;
}

/* As fseek: anywhere from the start on (a read past the end fails). */
static int cb_seek(void *handle, fluid_long_long_t offset, int origin)
{
  sf_handle *h = handle;
  const int64_t from = origin == SEEK_SET ? 0 : origin == SEEK_CUR ? h->at : h->f->size;
  if ((origin != SEEK_SET && origin != SEEK_CUR && origin != SEEK_END) ||
      (offset < 0 && from + offset < 0) || (offset > 0 && offset > INT64_MAX - from)) {
    if (!said[0])
      snprintf(said, sizeof said, "File seek failed with offset = %lld and whence = %d",
               (long long)offset, origin);
    return FLUID_FAILED;
  }
  h->at = from + offset;
  return FLUID_OK;
}

static fluid_long_long_t cb_tell(void *handle) { return ((sf_handle *)handle)->at; }

static int cb_close(void *handle)
{
  sf_handle *h = handle;
  let_go_file(h->f);
  free(h);
  return FLUID_OK;
}

static int by_bank_program(const void *pa, const void *pb)
{
  const sp_sf2_preset *a = pa, *b = pb;
  if (a->bank != b->bank)
    return a->bank < b->bank ? -1 : 1;
  return a->program < b->program ? -1 : a->program > b->program;
}

/* A synth of set's settings (polyphony voices), its settings in *st; NULL
 * when fluidsynth refuses them. Under the lock. */
static fluid_synth_t *make_synth(const sp_sf2_settings *set, int polyphony, fluid_settings_t **st)
{
  *st = fl.new_fluid_settings();
  fluid_settings_t *s = *st;
  bool ok = s && fl.fluid_settings_setnum(s, "synth.sample-rate", set->rate) == FLUID_OK &&
            fl.fluid_settings_setnum(s, "synth.gain", set->gain_lin) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.reverb.active", set->reverb) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.chorus.active", set->chorus) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.polyphony", polyphony) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.cpu-cores", 1) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.threadsafe-api", 0) == FLUID_OK &&
            fl.fluid_settings_setint(s, "synth.dynamic-sample-loading", 1) == FLUID_OK;
  fluid_synth_t *sy = ok ? fl.new_fluid_synth(s) : NULL;
  if (sy)
    fl.fluid_synth_set_interp_method(sy, -1, set->interpolation);
  return sy;
}

/* The playing synth let go of the SoundFont (which stays home's) and
 * deleted. Under the lock. */
static void drop_player(sp_sf2_synth *sy)
{
  if (sy->synth && sy->sfont)
    fl.fluid_synth_remove_sfont(sy->synth, sy->sfont);
  if (sy->synth)
    fl.delete_fluid_synth(sy->synth);
  if (sy->settings)
    fl.delete_fluid_settings(sy->settings);
  sy->synth = NULL;
  sy->settings = NULL;
}

/* A new playing synth with home's SoundFont; false when fluidsynth makes
 * none. Under the lock. */
static bool new_player(sp_sf2_synth *sy)
{
  sy->synth = make_synth(&sy->set, sy->set.polyphony, &sy->settings);
  if (!sy->synth)
    return false;
  sy->sfont_id = fl.fluid_synth_add_sfont(sy->synth, sy->sfont);
  return sy->sfont_id != FLUID_FAILED;
}

static void close_synth(sp_sf2_synth *sy)
{
  if (!sy)
    return;
  pthread_mutex_lock(&lock);
  drop_player(sy);
  if (sy->home) /* and with it the SoundFont, its pinned presets, its samples */
    fl.delete_fluid_synth(sy->home);
  if (sy->home_settings)
    fl.delete_fluid_settings(sy->home_settings);
  pthread_mutex_unlock(&lock);
  let_go_file(sy->file); /* after home: its SoundFont reads it no more */
  free(sy->presets);
  free(sy);
}

/* The file held (hold_file: NULL for a DLS form, which stays unheld) and
 * what it is, or false with why when it or its own content refuses it. */
static bool file_fit(const char *path, sf_file **held, sp_sf2_file *file, char *why,
                     size_t why_size)
{
  char r[384];
  *held = hold_file(path, file, r, sizeof r);
  if (!*held && !file->dls) {
    snprintf(why, why_size, "cannot read '%s' as a SoundFont: %s", path, r);
    return false;
  }
  if (file->parsed && (file->n_samples == 0 || file->n_sample_points == 0))
    snprintf(why, why_size, "'%s' holds no samples (%s): nothing to play; is it complete?", path,
             file->n_samples == 0 ? "its sample headers (shdr) list none"
                                  : "its sample data (smpl) is empty");
  else if (file->parsed && (file->smpl_bytes & 1) && file->n_compressed == 0)
    snprintf(why, why_size,
             "'%s' plays nothing: its sample data (smpl) is %llu bytes, an odd count, and its "
             "16-bit points are 2 bytes each (fluidsynth refuses every sample of it: 'invalid "
             "buffer size'); the file is damaged: save it again from a SoundFont editor",
             path, (unsigned long long)file->smpl_bytes);
  else
    return true;
  sp_sf2_file_fini(file);
  let_go_file(*held);
  *held = NULL;
  return false;
}

/* A loader of SoundFonts for home that reads the held file through the
 * callbacks above, first in home's list (fluid_synth_sfload tries its
 * loaders newest first: fluidsynth's own, then libinstpatch's, come
 * after), so it is the one that loads a SoundFont. Under the lock. */
static bool add_loader(fluid_synth_t *home, fluid_settings_t *settings)
{
  fluid_sfloader_t *loader = fl.new_fluid_defsfloader(settings);
  if (!loader)
    return false;
  if (fl.fluid_sfloader_set_callbacks(loader, cb_open, cb_read, cb_seek, cb_tell, cb_close) !=
      FLUID_OK) {
    fl.delete_fluid_sfloader(loader);
    return false;
  }
  fl.fluid_synth_add_sfloader(home, loader); /* home's from now on, freed with it */
  return true;
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
  sp_sf2_file file;
  sf_file *held;
  if (!file_fit(path, &held, &file, why, why_size))
    return NULL;
  sp_sf2_synth *sy = sp_xcalloc(1, sizeof *sy);
  sy->set = *set;
  sy->file = held;
  pthread_mutex_lock(&lock);
  /* home: no voice of its own needed, its effects off */
  sp_sf2_settings quiet = *set;
  quiet.reverb = quiet.chorus = false;
  sy->home = make_synth(&quiet, 1, &sy->home_settings);
  if (sy->home)
    sy->synth = make_synth(set, set->polyphony, &sy->settings);
  if (!sy->home || !sy->synth || (sy->file && !add_loader(sy->home, sy->home_settings))) {
    pthread_mutex_unlock(&lock);
    snprintf(why, why_size, "fluidsynth cannot start a synthesizer at %g Hz%s%s", set->rate,
             said[0] ? ": " : "", said);
    goto fail;
  }
  /* home's channels start on the SoundFont's presets (fluidsynth's
   * choice), which every new player's channels start on too: loaded once */
  const int id = fl.fluid_synth_sfload(sy->home, sy->file ? sy->file->name : path, 1);
  sy->sfont = id == FLUID_FAILED ? NULL : fl.fluid_synth_get_sfont_by_id(sy->home, id);
  if (sy->sfont)
    sy->sfont_id = fl.fluid_synth_add_sfont(sy->synth, sy->sfont);
  pthread_mutex_unlock(&lock);
  if (!sy->sfont || sy->sfont_id == FLUID_FAILED) {
    snprintf(why, why_size, "'%s' is not a SoundFont fluidsynth can load%s%s", path,
             said[0] ? ": " : "", said);
    goto fail;
  }
  size_t cap = 0;
  fl.fluid_sfont_iteration_start(sy->sfont);
  for (fluid_preset_t *p; (p = fl.fluid_sfont_iteration_next(sy->sfont));) {
    SP_GROW(sy->presets, sy->n_presets, cap);
    sp_sf2_preset *q = &sy->presets[sy->n_presets++];
    q->bank = fl.fluid_preset_get_banknum(p);
    q->program = fl.fluid_preset_get_num(p);
    snprintf(q->name, sizeof q->name, "%s",
             fl.fluid_preset_get_name(p) ? fl.fluid_preset_get_name(p) : "");
    q->mute = sp_sf2_file_mute(&file, q->bank, q->program);
  }
  qsort(sy->presets, sy->n_presets, sizeof *sy->presets, by_bank_program);
  if (sy->n_presets == 0) {
    snprintf(why, why_size, "'%s' holds no preset: nothing to play", path);
    goto fail;
  }
  sp_sf2_file_fini(&file);
  return sy;
fail:
  sp_sf2_file_fini(&file);
  close_synth(sy);
  return NULL;
}

/* A fresh playing synth with the same SoundFont, its presets as they
 * start: no file is read. Only memory can fail it (the same settings made
 * one before): that ends the process, as allocation failure does. */
static void restart(sp_sf2_synth *sy)
{
  pthread_mutex_lock(&lock);
  said[0] = '\0';
  drop_player(sy);
  const bool ok = new_player(sy);
  pthread_mutex_unlock(&lock);
  if (!ok) {
    fprintf(stderr, "stemprint: fatal: fluidsynth cannot start a synthesizer again%s%s\n",
            said[0] ? ": " : "", said);
    abort();
  }
}

static size_t presets(const sp_sf2_synth *sy, const sp_sf2_preset **out)
{
  *out = sy->presets;
  return sy->n_presets;
}

static bool select_preset(sp_sf2_synth *sy, int channel, int bank, int program)
{
  for (size_t i = 0; i < sy->n_presets; i++)
    if (sy->presets[i].bank == bank && sy->presets[i].program == program) {
      pthread_mutex_lock(&lock);
      const int r = fl.fluid_synth_program_select(sy->synth, channel, (unsigned)sy->sfont_id,
                                                  (unsigned)bank, (unsigned)program);
      pthread_mutex_unlock(&lock);
      return r == FLUID_OK;
    }
  return false;
}

static bool keep(sp_sf2_synth *sy, int bank, int program)
{
  pthread_mutex_lock(&lock);
  const int r = fl.fluid_synth_pin_preset(sy->synth, sy->sfont_id, bank, program);
  pthread_mutex_unlock(&lock);
  return r == FLUID_OK;
}

/* A program change, under the lock (selecting a preset may load its
 * samples, letting go of one may free them), its new preset kept loaded
 * (the core keeps each one a track selects before it plays: this makes
 * sure of it, whatever fluidsynth selects). */
static void program_change(sp_sf2_synth *sy, int channel, int program)
{
  pthread_mutex_lock(&lock);
  fl.fluid_synth_program_change(sy->synth, channel, program);
  int sfont = 0, bank = 0, preset = 0;
  if (fl.fluid_synth_get_program(sy->synth, channel, &sfont, &bank, &preset) == FLUID_OK &&
      sfont == sy->sfont_id)
    fl.fluid_synth_pin_preset(sy->synth, sfont, bank, preset);
  pthread_mutex_unlock(&lock);
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
  case 0xC0: program_change(sy, c, d1); break;
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

static void *hold(const char *path)
{
  sp_sf2_file info;
  char why[384];
  sf_file *f = hold_file(path, &info, why, sizeof why);
  sp_sf2_file_fini(&info);
  return f;
}

static void let_go(void *held) { let_go_file(held); }

static const sp_sf2_host host = {
    .open = open_synth,
    .presets = presets,
    .select = select_preset,
    .keep = keep,
    .send = send,
    .render = render,
    .restart = restart,
    .close = close_synth,
    .hold = hold,
    .let_go = let_go,
    .version = version,
    .block_frames = 64,
    .min_rate_hz = SP_FLUID_MIN_RATE_HZ,
    .max_rate_hz = SP_FLUID_MAX_RATE_HZ,
};

const sp_sf2_host *sp_fluid_host(void) { return &host; }
