/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LV2 instances (io/lv2/lv2_world.h): made with the features stemprint
 * provides (options, log, worker run at once), run, and their state saved
 * (a plugin's state after a render, for `stemprint export`). */

#define _GNU_SOURCE /* dladdr, RTLD_NODELETE */
#include "io/lv2/lv2_world.h"
#include "io/plugin/plugin.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"

#include <lv2/buf-size/buf-size.h>
#include <lv2/log/log.h>
#include <lv2/midi/midi.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/state/state.h>
#include <lv2/worker/worker.h>
#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

/* ---- instances ----------------------------------------------------------- */

enum { MAX_RESPONSES = 16, MAX_RESPONSE_BYTES = 4096 };

typedef struct instance {
  sp_lv2_instance base; /* what the engine runs: the descriptor and handle */
  const sp_lv2_plugin *p;
  LilvInstance *lilv;
  const LV2_Worker_Interface *worker;
  float *controls_out; /* every port's output value slot, by port index */
  float *cv;           /* zeros */
  LV2_Atom_Sequence **atom_in;
  LV2_Atom_Sequence **atom_out;
  int32_t block_min, block_max, block_nominal;
  float rate;
  LV2_Options_Option options[7];
  LV2_Worker_Schedule schedule;
  LV2_Log_Log log;
  LV2_Feature f_map, f_unmap, f_options, f_bounded, f_log, f_schedule;
  const LV2_Feature *features[7];
  size_t n_responses;
  uint32_t response_size[MAX_RESPONSES];
  unsigned char responses[MAX_RESPONSES][MAX_RESPONSE_BYTES];
  /* The work its state's restore scheduled, done before its first run */
  bool restoring;
  size_t n_deferred;
  uint32_t deferred_size[MAX_RESPONSES];
  unsigned char deferred[MAX_RESPONSES][MAX_RESPONSE_BYTES];
  LV2_URID atom_chunk, atom_sequence;
} instance;

/* The body of a MIDI event input: 24 bytes an event (its frame, its atom
 * header, three bytes padded to eight), some 2,700 events a run; a run
 * with more is played in pieces (core/procs/lv2.c). */
#define SP_LV2_MIDI_BYTES 65536

/* Ardour's thread options (http://ardour.org/lv2/threads/): the policy and
 * priority of the threads a plugin starts. */
#define SP_LV2_SCHED_POLICY "http://ardour.org/lv2/threads/#schedPolicy"
#define SP_LV2_SCHED_PRIORITY "http://ardour.org/lv2/threads/#schedPriority"
static const int32_t sched_other = SCHED_OTHER, sched_priority = 0;

static LV2_Worker_Status respond(LV2_Worker_Respond_Handle h, uint32_t size, const void *data)
{
  instance *in = h;
  if (in->n_responses == MAX_RESPONSES || size > MAX_RESPONSE_BYTES)
    return LV2_WORKER_ERR_NO_SPACE;
  memcpy(in->responses[in->n_responses], data, size);
  in->response_size[in->n_responses++] = size;
  return LV2_WORKER_SUCCESS;
}

static LV2_Worker_Status schedule_work(LV2_Worker_Schedule_Handle h, uint32_t size,
                                       const void *data)
{
  instance *in = h;
  if (!in->worker || !in->worker->work)
    return LV2_WORKER_ERR_UNKNOWN;
  /* Asked while the state is restored: done before the first run, out of
   * the locks a restore is under (the work is not in LV2's instantiation
   * class: a SoundFont or an impulse response loads while another
   * thread's instance loads its own), as a host's worker thread would. */
  if (in->restoring) {
    if (in->n_deferred == MAX_RESPONSES || size > MAX_RESPONSE_BYTES)
      return LV2_WORKER_ERR_NO_SPACE;
    memcpy(in->deferred[in->n_deferred], data, size);
    in->deferred_size[in->n_deferred++] = size;
    return LV2_WORKER_SUCCESS;
  }
  /* synchronously: nothing here runs in real time */
  return in->worker->work(lilv_instance_get_handle(in->lilv), respond, in, size, data);
}

static int log_vprintf(LV2_Log_Handle h, LV2_URID type, const char *fmt, va_list ap)
{
  (void)h;
  if (type != lv2_map_uri(NULL, LV2_LOG__Error))
    return 0;
  /* one line, its control characters escaped as every message's are: a
   * plugin may echo a file's name or a state's text */
  char *text = NULL;
  const int n = vasprintf(&text, fmt, ap);
  if (n < 0)
    return n;
  size_t len = strlen(text);
  while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
    text[--len] = '\0';
  sp_diag_line(stderr, "stemprint: an LV2 plugin says: %s", text);
  free(text);
  return n;
}

static int log_printf(LV2_Log_Handle h, LV2_URID type, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = log_vprintf(h, type, fmt, ap);
  va_end(ap);
  return n;
}

static void before_run(sp_lv2_instance *base);
static void after_run(sp_lv2_instance *base);

/* Whether the library of handle lib links Qt (a DT_NEEDED entry libQt...). */
static bool links_qt(void *lib)
{
  struct link_map *m = NULL;
  if (dlinfo(lib, RTLD_DI_LINKMAP, &m) != 0 || !m || !m->l_ld)
    return false;
  const char *strtab = NULL;
  for (const ElfW(Dyn) *e = m->l_ld; e->d_tag != DT_NULL; e++)
    if (e->d_tag == DT_STRTAB)
      strtab = (const char *)e->d_un.d_ptr;
  if (!strtab)
    return false;
  for (const ElfW(Dyn) *e = m->l_ld; e->d_tag != DT_NULL; e++)
    if (e->d_tag == DT_NEEDED && strncmp(strtab + e->d_un.d_val, "libQt", 5) == 0)
      return true;
  return false;
}

/* A plugin built on Qt (synthv1) makes a QApplication with its first
 * instance and deletes it with its last, in the thread that frees that
 * instance: Qt's destructor, in another thread than the one that made it,
 * took the process down (synthv1 0.9.29 in a render of -j 2, whose last
 * instance a lane's thread frees: SIGSEGV in ~QGuiApplication). One more
 * instance of such a plugin, made with the first and never freed (kept
 * here, reachable), holds its QApplication for the process's life, as a
 * DAW's does. Called under lv2_world_lock. */
static void keep_resident(const LilvPlugin *p, double rate)
{
  static LilvInstance *resident[16];
  static size_t n_resident;
  static const LV2_Feature map = {LV2_URID__map, &lv2_urid_map};
  static const LV2_Feature unmap = {LV2_URID__unmap, &lv2_urid_unmap};
  static const LV2_Feature *const features[] = {&map, &unmap, NULL};
  if (n_resident < sizeof resident / sizeof resident[0])
    resident[n_resident] = lilv_plugin_instantiate(p, rate, features);
  if (n_resident < sizeof resident / sizeof resident[0] && resident[n_resident])
    n_resident++;
}

static sp_lv2_instance *instantiate(const sp_lv2_plugin *d, double rate, size_t max_block_frames,
                                    size_t nominal_block_frames, const sp_proc_saved *saved,
                                    char *why, size_t why_size)
{
  instance *in = sp_xcalloc(1, sizeof *in);
  in->p = d;
  in->rate = (float)rate;
  in->block_min = 1;
  in->block_max = (int32_t)max_block_frames;
  in->block_nominal = (int32_t)nominal_block_frames;
  const LV2_URID t_int = lv2_map_uri(NULL, LV2_ATOM__Int),
                 t_float = lv2_map_uri(NULL, LV2_ATOM__Float);
  /* The rate and block lengths, and Ardour's options for the threads a
   * plugin starts (x42's convolver reads them): ordinary scheduling, since
   * nothing here is real time and a render's plugin threads must not
   * starve the machine (the plugin asks for SCHED_FIFO without them);
   * options[6], zeroed with the instance, ends the list. */
  const struct {
    const char *key;
    LV2_URID type;
    const void *value;
  } options[] = {{LV2_PARAMETERS__sampleRate, t_float, &in->rate},
                 {LV2_BUF_SIZE__minBlockLength, t_int, &in->block_min},
                 {LV2_BUF_SIZE__maxBlockLength, t_int, &in->block_max},
                 {LV2_BUF_SIZE__nominalBlockLength, t_int, &in->block_nominal},
                 {SP_LV2_SCHED_POLICY, t_int, &sched_other},
                 {SP_LV2_SCHED_PRIORITY, t_int, &sched_priority}};
  for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
    in->options[k] =
        (LV2_Options_Option){LV2_OPTIONS_INSTANCE,
                             0,
                             lv2_map_uri(NULL, options[k].key),
                             options[k].type == t_float ? sizeof(float) : sizeof(int32_t),
                             options[k].type,
                             options[k].value};
  in->schedule = (LV2_Worker_Schedule){in, schedule_work};
  in->log = (LV2_Log_Log){in, log_printf, log_vprintf};
  in->f_map = (LV2_Feature){LV2_URID__map, &lv2_urid_map};
  in->f_unmap = (LV2_Feature){LV2_URID__unmap, &lv2_urid_unmap};
  in->f_options = (LV2_Feature){LV2_OPTIONS__options, in->options};
  in->f_bounded = (LV2_Feature){LV2_BUF_SIZE__boundedBlockLength, NULL};
  in->f_log = (LV2_Feature){LV2_LOG__log, &in->log};
  in->f_schedule = (LV2_Feature){LV2_WORKER__schedule, &in->schedule};
  const LV2_Feature *f[] = {
      &in->f_map, &in->f_unmap, &in->f_options, &in->f_bounded, &in->f_log, &in->f_schedule, NULL};
  memcpy(in->features, f, sizeof f);
  in->atom_chunk = lv2_map_uri(NULL, LV2_ATOM__Chunk);
  in->atom_sequence = lv2_map_uri(NULL, LV2_ATOM__Sequence);

  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  /* A plugin's library stays loaded once used: lilv would unload it with
   * its last instance and load it again for the next (every lane's, every
   * render's), and a plugin's leaks could not be told apart by name. */
  void *lib = d->pinned ? NULL : dlopen(d->binary, RTLD_NOW | RTLD_NODELETE);
  if (lib)
    ((sp_lv2_plugin *)d)->pinned = true;
  const LilvPlugin *p = lv2_by_uri(d->uri);
  sp_plugin_heap_begin();
  in->lilv = p ? lilv_plugin_instantiate(p, rate, in->features) : NULL;
  sp_plugin_heap_end();
  if (in->lilv && lib && links_qt(lib)) { /* its first instance */
    /* not the new instance's draws: which instance is first depends on
     * the threads */
    sp_lv2_draws *was = sp_lv2_draws_use(NULL);
    keep_resident(p, rate);
    sp_lv2_draws_use(was);
  }
  pthread_mutex_unlock(&lv2_world_lock);
  if (!in->lilv) {
    snprintf(why, why_size, "the LV2 plugin '%s' (%s) could not be instantiated at %.0f Hz",
             d->name, d->binary, rate);
    free(in);
    return NULL;
  }
  in->worker = lilv_instance_get_extension_data(in->lilv, LV2_WORKER__interface);
  /* The saved state, before the instance is activated, once it can
   * schedule work (a convolver loads its impulse response in its worker);
   * lilv adds the map-path and free-path features it needs (paths in the
   * state are relative to the file it came from). */
  if (saved) {
    in->restoring = true;
    pthread_mutex_lock(&lv2_world_lock);
    lilv_state_restore(((const lilv_saved *)saved)->state, in->lilv, NULL, NULL, 0, in->features);
    pthread_mutex_unlock(&lv2_world_lock);
    in->restoring = false;
  }
  in->controls_out = sp_xcalloc((size_t)d->n_ports + 1, sizeof(float));
  in->cv = sp_xcalloc(max_block_frames, sizeof(float));
  for (size_t k = 0; k < d->n_out_controls; k++)
    lilv_instance_connect_port(in->lilv, (uint32_t)d->out_controls[k],
                               &in->controls_out[d->out_controls[k]]);
  for (size_t k = 0; k < d->n_cv_ports; k++)
    lilv_instance_connect_port(in->lilv, (uint32_t)d->cv_ports[k], in->cv);
  in->atom_in = sp_xcalloc(d->n_atom_in + 1, sizeof *in->atom_in);
  for (size_t k = 0; k < d->n_atom_in; k++) {
    const size_t bytes = (int)k == d->midi_in ? SP_LV2_MIDI_BYTES : 64;
    in->atom_in[k] = sp_xcalloc(1, sizeof(LV2_Atom_Sequence) + bytes);
    lilv_instance_connect_port(in->lilv, (uint32_t)d->atom_in[k], in->atom_in[k]);
  }
  in->atom_out = sp_xcalloc(d->n_atom_out + 1, sizeof *in->atom_out);
  for (size_t k = 0; k < d->n_atom_out; k++) {
    in->atom_out[k] = sp_xcalloc(1, d->atom_out_bytes[k]);
    lilv_instance_connect_port(in->lilv, (uint32_t)d->atom_out[k], in->atom_out[k]);
  }
  in->base = (sp_lv2_instance){
      .descriptor = lilv_instance_get_descriptor(in->lilv),
      .handle = lilv_instance_get_handle(in->lilv),
      .outputs = in->controls_out,
      .before_run = d->n_atom_in || d->n_atom_out || in->n_deferred ? before_run : NULL,
      .after_run = in->worker ? after_run : NULL,
      .midi = d->midi_in >= 0 ? in->atom_in[d->midi_in] : NULL,
      .midi_capacity = SP_LV2_MIDI_BYTES,
      .midi_event = lv2_map_uri(NULL, LV2_MIDI__MidiEvent)};
  return &in->base;
}

/* Before each run: the work the state's restore scheduled done (the
 * first), atom inputs emptied and atom outputs given their whole capacity
 * again. */
static void before_run(sp_lv2_instance *base)
{
  instance *in = (instance *)base;
  const sp_lv2_plugin *d = in->p;
  for (size_t k = 0; k < in->n_deferred; k++)
    in->worker->work(lilv_instance_get_handle(in->lilv), respond, in, in->deferred_size[k],
                     in->deferred[k]);
  in->n_deferred = 0;
  for (size_t k = 0; k < d->n_atom_in; k++) {
    in->atom_in[k]->atom.type = in->atom_sequence;
    in->atom_in[k]->atom.size = sizeof(LV2_Atom_Sequence_Body);
    in->atom_in[k]->body.unit = 0;
    in->atom_in[k]->body.pad = 0;
  }
  for (size_t k = 0; k < d->n_atom_out; k++) {
    in->atom_out[k]->atom.type = in->atom_chunk;
    in->atom_out[k]->atom.size = (uint32_t)(d->atom_out_bytes[k] - sizeof(LV2_Atom));
  }
}

/* The responses of the work the run scheduled (done at once, inside it),
 * delivered after it. */
static void after_run(sp_lv2_instance *base)
{
  instance *in = (instance *)base;
  if (in->worker->work_response)
    for (size_t r = 0; r < in->n_responses; r++)
      in->worker->work_response(lilv_instance_get_handle(in->lilv), in->response_size[r],
                                in->responses[r]);
  in->n_responses = 0;
  if (in->worker->end_run)
    in->worker->end_run(lilv_instance_get_handle(in->lilv));
}

static void free_instance(sp_lv2_instance *base)
{
  if (!base)
    return;
  instance *in = (instance *)base;
  pthread_mutex_lock(&lv2_world_lock);
  lilv_instance_free(in->lilv);
  pthread_mutex_unlock(&lv2_world_lock);
  for (size_t k = 0; k < in->p->n_atom_in; k++)
    free(in->atom_in[k]);
  for (size_t k = 0; k < in->p->n_atom_out; k++)
    free(in->atom_out[k]);
  free(in->atom_in);
  free(in->atom_out);
  free(in->controls_out);
  free(in->cv);
  free(in);
}

/* ---- saving ---------------------------------------------------------------- */

typedef struct port_reader {
  const sp_lv2_plugin *p;
  const float *ctl;
  LV2_URID t_float;
} port_reader;

/* An input control's value for lilv, by the port's symbol (a parameter
 * renamed port_SYMBOL in a recipe is the port SYMBOL). */
static const void *get_port_value(const char *symbol, void *ud, uint32_t *size, uint32_t *type)
{
  const port_reader *r = ud;
  for (size_t k = 0; k < r->p->n_controls; k++) {
    const char *s = r->p->controls[k].symbol;
    if (strcmp(s, symbol) == 0 || (strncmp(s, "port_", 5) == 0 && strcmp(s + 5, symbol) == 0)) {
      *size = sizeof(float);
      *type = r->t_float;
      return &r->ctl[r->p->controls[k].port];
    }
  }
  *size = *type = 0;
  return NULL;
}

/* lilv gives the plugin's save() map-path, make-path (a file the plugin
 * makes is made in dir) and free-path, and writes the Turtle. A file
 * outside dir that the state names is named through a symbolic link lilv
 * makes in dir, as jalv saves: lilv 0.24 given no folder for links
 * removes such a file (lilv_state_make_links: remove() on the path it
 * failed to make relative) before failing to link it to itself. */
static bool save(sp_lv2_instance *base, const float *ctl, const char *dir, const char *label,
                 char *why, size_t why_size)
{
  instance *in = (instance *)base;
  port_reader r = {in->p, ctl, lv2_map_uri(NULL, LV2_ATOM__Float)};
  pthread_mutex_lock(&lv2_world_lock);
  lv2_load_world();
  const LilvPlugin *p = lv2_by_uri(in->p->uri);
  LilvState *st = p ? lilv_state_new_from_instance(
                          p, in->lilv, &lv2_urid_map, NULL, dir, dir, dir, get_port_value, &r,
                          LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, in->features)
                    : NULL;
  int status = -1;
  if (st) {
    lilv_state_set_label(st, label);
    status = lilv_state_save(lv2_world, &lv2_urid_map, &lv2_urid_unmap, st, NULL, dir, "state.ttl");
  }
  pthread_mutex_unlock(&lv2_world_lock);
  if (!st)
    snprintf(why, why_size, "the state of '%s' could not be taken from the plugin", in->p->name);
  else if (status != 0)
    snprintf(why, why_size, "cannot write the state of '%s' into '%s'", in->p->name, dir);
  lilv_state_free(st);
  return st && status == 0;
}

static const sp_lv2_host lilv_host = {
    .find = lv2_find,
    .installed = lv2_installed,
    .preset = lv2_preset,
    .presets = lv2_presets_of,
    .search_path = lv2_said_path,
    .instantiate = instantiate,
    .free = free_instance,
    .save = save,

};

const sp_lv2_host *sp_lilv_host(void) { return &lilv_host; }
