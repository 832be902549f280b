/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_ARDOUR_READER_H
#define SP_SESSION_ARDOUR_READER_H

/* What the files of the Ardour reader share (io/session/ardour.c and the
 * ardour_*.c beside it): the reader's state, how it says errors and losses,
 * and each file's functions the others call. */

#include "core/base/strmap.h"
#include "io/session/ardour_midi.h"
#include "io/session/ardour_time.h"
#include "io/session/mix.h"
#include "io/session/session_build_strip.h"
#include "io/session/session.h"
#include "io/session/reader.h"
#include "io/xml/xml.h"

typedef struct ardour_source {
  const char *id;
  char *path; /* the file, found */
  int channel;
  /* its gain: Ardour multiplies what it reads of the file by it
   * (SndFileSource::read_unlocked); Session > Archive saves each file
   * normalized to FLAC and this its peak */
  double gain;
  const xmlNode *el;
  /* its file as the import's opener reads it (sp_import_opts.media), once
   * a region plays it (probed): known, its frames and its rate; said_rate,
   * its rate said to differ from the session's */
  bool probed, known, said_rate;
  int64_t frames;
  int rate;
} ardour_source;

/* A MIDI source: its file, read and modelled as Ardour models it when a
 * region first plays it. */
typedef struct midi_source {
  const char *id, *name;
  const xmlNode *el;
  bool read; /* tried */
  sp_ardour_model *model;
} midi_source;

typedef struct reader {
  sp_session_where where; /* errors and losses (reader.h) */
  const char *path;       /* the .ardour file */
  char *dir;              /* the session folder */
  const sp_import_opts *o;
  sp_mix *m;
  sp_diags *d;
  xmlDoc *doc;
  const xmlNode *root; /* <Session> */
  int version;
  double rate;
  sp_tempo_map map; /* the tempo map, for beat times */
  /* the session range's first frame (where the export starts) and last;
   * both 0: none */
  int64_t range_start, range_end;
  bool said_tempo;
  unsigned vca_steps;  /* masters read for one control */
  size_t track_inputs; /* the channels of the track whose playlist is read */
  bool picked;         /* a region of two sources on it played its first alone */
  bool no_fades;       /* the session's use-region-fades off: no region fades */
  ardour_source *sources;
  size_t n_sources;
  midi_source *midi;
  size_t n_midi;
  /* what Ardour 7.3 loads a MIDI compound region's source as (midi_model):
   * an empty model, made once */
  sp_ardour_model *empty_midi;
  /* each one's index by its id, the first of an id (a region names its
   * source by it: a scan of them all for each was quadratic) */
  sp_strmap source_ids, midi_ids;
  /* the switches and enumerations said to be none Ardour reads
   * (ardour_switch, ardour_enum), by their value's place: each said once,
   * where parts of the reader read it again */
  sp_strmap bad_switches;
  /* the session's playlists by id, its routes by id and by name, the
   * first of each (each track finds its playlist, each send and output
   * the route it feeds: a scan of them all for each was quadratic) */
  sp_xml_index playlists, route_ids, route_names;
  /* the elements of Session/Regions by id: a compound region's sources
   * (a PlaylistSource, saved in its whole-file region's NestedSource) */
  sp_xml_index nested;
  /* the MIDI files written for regions (io/session/reader.h) */
  char *midi_dir;  /* where: the import's audio folder, or the cache */
  bool midi_cache; /* midi_dir is the content-addressed cache */
  char **written;  /* their paths, this run */
  size_t n_written;
  char *recipe_dir;
  const char *master_name;
  size_t regions; /* made, against SP_SESSION_MAX_REGIONS */
  bool said_regions;
  /* the VCAs' controls, indexed, and their held automation said for one
   * control (ardour_vca.c) */
  struct ardour_vcas *vcas;
  unsigned vca_lost, vca_noted;
} reader;

/* Errors and losses, said the way every session reader says them. */
#define error(r, ...) sp_session_error(&(r)->where, __VA_ARGS__)
#define loss(r, ...) sp_session_loss(&(r)->where, __VA_ARGS__)

/* A time as Ardour writes it: "a<superclock>", "b<beat ticks>", or (6.x)
 * plain samples (then frames). */
typedef struct atime {
  int64_t v;
  bool beats, frames;
} atime;

/* Ardour's export cycle, in frames from the timeline's start */
#define ARDOUR_MUTE_CYCLE 1024

/* Where a send taps its route (ardour_wiring.c, ardour_tap_point). */
enum { TAP_PRE, TAP_FADER, TAP_POST };

/* ---- ardour_xml.c -------------------------------------------------------- */

bool ardour_parse_time(reader *r, const xmlNode *n, const char *s, atime *t);

/* t on the timeline in superclock ticks (not for 6.x samples). */
bool ardour_superclock_of(reader *r, const xmlNode *n, atime t, int64_t *sc);

/* A time in seconds, as automation reads it. */
bool ardour_time_of(reader *r, const xmlNode *n, const char *s, double *out);

/* The frame a time falls on, as Ardour reads a region's position and
 * start (timepos_t::samples: rounded down). */
bool ardour_frame_of(reader *r, const xmlNode *n, const char *s, int64_t *out);

/* A length "<duration>@<position>" in frames (timecnt_t::samples): a
 * duration in beats lasts from its position's beat time to that plus it. */
bool ardour_length_of(reader *r, const xmlNode *n, const char *s, int64_t *out);

/* A Controllable child of n by name, and its value. */
const xmlNode *ardour_controllable(const xmlNode *n, const char *name);

double ardour_value_of(reader *r, const xmlNode *c, double def);

/* A switch attribute of n as Ardour reads one (PBD::string_to_bool: 1,
 * 0, y, n, or the start of yes, no, true or false in any case): def when
 * absent; an error at n, and def, when it is none Ardour reads (Ardour
 * then holds no value of it either). */
bool ardour_switch(reader *r, const xmlNode *n, const char *name, bool def);
/* An enumeration as Ardour saves one (PBD's EnumWriter): its names and
 * their values, ended by a NULL name. */
typedef struct ardour_name {
  const char *name;
  unsigned value;
} ardour_name;

/* s, a value of the enumeration names (bits: a set of flags), as Ardour's
 * EnumWriter reads one (read_distinct, read_bits): a name in any case; of
 * flags, the names between commas (one it knows not passed over while one
 * is known); an old number, "0x" hexadecimal or all decimal digits (""
 * is 0): of flags, the bits of it that are names', else the number where
 * a name has it or it is 0, the first name's value where not. false:
 * Ardour reads none (it throws, and does not load the session). */
bool ardour_enum_parse(const ardour_name *names, bool bits, const char *s, unsigned *v);

/* Attribute name of n as ardour_enum_parse reads it: def when absent; an
 * error at n (said once, as ardour_switch's), and def, when Ardour reads
 * none. */
unsigned ardour_enum(reader *r, const xmlNode *n, const char *name, const ardour_name *names,
                     bool bits, unsigned def);

/* Attribute name of n, a word Ardour reads by its exact name alone (not
 * EnumWriter's rule: an automation list's state, string_to_auto_state,
 * which aborts on any other): its value, def when absent; an error at n
 * where r is given (said once), and def, when it is none of names. */
unsigned ardour_word(reader *r, const xmlNode *n, const char *name, const ardour_name *names,
                     unsigned def);

/* Whether s names data type type ("audio" or "midi") as Ardour reads
 * one (DataType's string constructor: the start of "audio", else of
 * "midi", in any case; "" is audio). */
bool ardour_is_type(const char *s, const char *type);

/* The session's switch option name (ardour_option) as ardour_switch
 * reads it: def (Ardour's default) when it is not saved. */
bool ardour_option_switch(reader *r, const char *name, bool def);

/* The value of the session's option name (<Config><Option name=...
 * value=...>), NULL when it is not saved (Ardour's default then). */
const char *ardour_option(const xmlNode *root, const char *name);

/* name under <dir>/interchange/<any>/<kind>/ (audiofiles, midifiles), or
 * absolute; heap or NULL. */
char *ardour_find_source(reader *r, const char *name, const char *kind);

void ardour_read_sources(reader *r, const xmlNode *root);

const ardour_source *ardour_source_by_id(const reader *r, const char *id);

/* ---- ardour_wiring.c ----------------------------------------------------- */

/* A route's PresentationInfo flags, ardour_enum's bits. */
extern const ardour_name ardour_route_flags[];

/* Whether route's PresentationInfo flags hold flag (a name of
 * ardour_route_flags), as Ardour reads them (ardour_enum_parse); flags it
 * reads none of hold none (ardour_route says so). */
bool ardour_has_flag(const xmlNode *route, const char *flag);

/* The routes the route's audio outputs feed, by the names in their
 * connections, saved on either side as Ardour connects both (its output
 * port's "drums/audio_in 1", or drums' input port's "NAME/audio_out 1"),
 * each once: an array of *n_out names, the caller's (each name and the
 * array freed). */
char **ardour_outputs(const xmlNode *route, size_t *n_out);

/* Which of route rt's audio output ports (1-based) a connection saved on
 * another port names, as Ardour names rt's ports ("verb/audio_out 1": the
 * route's name, the port's number among its audio outputs); 0: none of
 * them. Marks nothing read. */
size_t ardour_output_port(const xmlNode *rt, const char *other);

/* The audio ports of the route's input (1 for a mono track) or output. */
size_t ardour_io_ports(const xmlNode *route, const char *direction);

/* The audio channels of processor p's ConfiguredInput or ConfiguredOutput
 * of the given type ("audio", "midi"), -1 when not said. */
int ardour_configured_of(const xmlNode *p, const char *which, const char *type);

/* The channels a route's panner takes: an audio route's inputs; a MIDI
 * track's, what its plugins give out last (its instrument's outputs, or
 * a later plugin's), two when the session does not say. */
size_t ardour_route_inputs(const xmlNode *route);

/* The input ports of `to` that the route's audio output port k (0-based)
 * is wired to, 1-based ("Master/audio_in 4": 4; saved on to's side, the
 * input port's number among to's audio inputs), each once, at most max of
 * them into ports: how many (0: none of to's). */
size_t ardour_wired_ports(const xmlNode *rt, size_t k, const char *to, int *ports, size_t max);

/* The shell of the route's main output. */
const xmlNode *ardour_main_shell(const xmlNode *rt);

/* The session's route of that name, the first of it; NULL: none. */
const xmlNode *ardour_route_by_name(const reader *r, const char *name);

/* Whether a processor of this type is a plugin effect stemprint runs: an
 * LV2 or a LADSPA plugin. */
bool ardour_is_plugin(const char *type);

int ardour_tap_point(const xmlNode *rt, const xmlNode *sp, size_t *passed);

/* A track's disk I/O point (Route disk-io-point; DiskIOPoint, EnumWriter's
 * distinct values), by name: ardour_disk_points. */
enum { ARDOUR_IO_PRE, ARDOUR_IO_POST, ARDOUR_IO_CUSTOM };
extern const ardour_name ardour_disk_points[];
/* Where audio track rt's disk reader plays among its processors, at its
 * disk I/O point as saved (Route::setup_invisible_processors): before its
 * main outs (DiskIOPostFader: that processor), or at its disk reader
 * (DiskIOCustom: that one); NULL before them all (DiskIOPreFader, the
 * default), where it has no such processor, for a bus and for a MIDI
 * track. The one answer for every reader of it: disk_reader_at (which
 * says a point it does not know or cannot place), read_channels, a
 * sidechain's send. */
const xmlNode *ardour_reader_of(const xmlNode *rt);
/* Whether processor p of route rt comes before where its disk reader
 * plays (ardour_reader_of): it hears the track's input, not its
 * playlist, and nothing it makes reaches the track's outputs. */
bool ardour_before_reader(const xmlNode *rt, const xmlNode *p);

/* The route holding the external send named name (type "send"), and
 * where that send taps it (ardour_tap_point). */
const xmlNode *ardour_send_route(const xmlNode *routes, const char *name, int *tap, size_t *passed,
                                 const xmlNode **send);

/* A panner as the recipe's pan and width. Ardour 6 and later give two
 * inputs the Stereo Balance panner (pan_law: ardour's stereo balance)
 * unless the Equal Power Stereo one is chosen (the shell's user-panner),
 * whose width spreads the channels; a bypassed shell copies each input to
 * its output (a mono one to the left). */
#define PANNER_2IN2OUT "http://ardour.org/plugin/panner_2in2out"
#define PANNER_BALANCE "http://ardour.org/plugin/panner_balance"
#define PANNER_VBAP "http://ardour.org/plugin/panner_vbap"

typedef struct ardour_panner {
  double az; /* the pannable's azimuth, 0 .. 1 */
  double pan;
  bool has_width;
  double width;
  const char *other; /* a panner of another kind (its URI): rendered as a balance */
} ardour_panner;

/* The panner of shell over pannable; a linked send's pannable is its
 * route's, whose values route (its panner) has read already. */
ardour_panner ardour_panner_of(reader *r, const xmlNode *shell, const xmlNode *pannable,
                               size_t inputs, const ardour_panner *route);

/* What external send `send` of route `from` puts out of the route's
 * n_src channels (1 or 2): m[j][i], output j of the first two from
 * channel i, before the send's gain. Of one output, or its panner
 * bypassed, Ardour copies the channels to the outputs (no panner: a mono
 * route's key at unity); of two, its panner (Delivery::run): the route's
 * azimuth and width when linked, by the send's own kind of panner
 * (PannerShell::configure_io), *panned then set, and *pan its position
 * where it is a plain pan (a balance, or a mono source's; else NaN). How
 * many outputs (at most 2). */
size_t ardour_send_gains(reader *r, const xmlNode *from, const xmlNode *send, size_t n_src,
                         double m[2][2], bool *panned, double *pan);

/* What route rt's own panner (its main outputs', as the recipe's pan
 * reads it) makes of its n_src channels in two outputs, as
 * ardour_send_gains's m: what a `panned: true` key from it is placed by. */
void ardour_route_pan_gains(reader *r, const xmlNode *rt, size_t n_src, double m[2][2]);

/* As ardour_send_gains's m, a plain pan at pan (a recipe's pan, its law
 * Ardour's): what a key's own `pan: P` is placed by. */
void ardour_pan_gains_at(double pan, size_t n_src, double m[2][2]);

/* For each sidechain input port of plugin (at most 2), which of the send's
 * channels (bit 0: its first, bit 1: its second) feed it. */
size_t ardour_sidechain_wiring(const xmlNode *plugin, const char *send, unsigned wire[2]);

/* The send names feeding a plugin's sidechain input ("send 1/audio_send
 * 2" is send 1's); the first in *first, how many different ones. */
size_t ardour_sidechain_sends(const xmlNode *plugin, char *first, size_t n);

/* Whether an external send named name feeds some plugin's sidechain; in
 * *kept, whether it is the first send of one (the one its key keeps). */
bool ardour_feeds_sidechain(const xmlNode *routes, const char *name, bool *kept);

/* ---- ardour_automation.c ------------------------------------------------- */

/* Whether Ardour plays list al back when it exports (AutomationList::
 * automation_playback, its state read as ardour_word reads one): Play, or
 * Touch or Latch (nobody touches the control); Off and Write hold the
 * control's own value, as does a state Ardour reads none of (an error at
 * al where r is given; the unread pass gives it for every list). */
bool ardour_state_plays(reader *r, const xmlNode *al);

/* The AutomationList of parameter id in el's <Automation>. */
const xmlNode *ardour_automation_list(const xmlNode *el, const char *id);

/* Whether Ardour holds list al in beats: its time-domain BeatTime, read
 * as ardour_enum reads it (an error at al where Ardour reads none). */
bool ardour_in_beats(reader *r, const xmlNode *al);

/* The tempo map a level's or a pan's list al (of parameter id) is read
 * through when Ardour holds it in beats (`time-domain="BeatTime"`): Ardour
 * reads it a whole beat tick at a time, each cycle's ends through the
 * session's map (the recipe's `tempo:`); NULL for a list in audio time,
 * and under a map of other superclocks a second than Ardour 7's, one that
 * does not start at the timeline's start or one of more than
 * SP_TEMPO_MAP_MAX points (a loss: it is read in audio time, its points
 * through the map). */
sp_tempo_map *ardour_beat_list_tempo(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id);

/* The automation of parameter id in el into a, when Ardour plays it back
 * and it has events: levels (gain coefficients, into dB) moving as Ardour
 * interpolates the list (its interpolation-style: a fader's along its
 * fader law, a trim's linearly in dB) through its declick (`ramp:
 * ardour`), else values mapped by pan (an azimuth 0 .. 1 into a pan)
 * moving linearly; either read a whole tick at a time through the tempo
 * map when Ardour holds the list in beats. Whether it was read. */
bool ardour_automation(reader *r, sp_mix_strip *s, const xmlNode *el, const char *id, bool level,
                       sp_auto *a);

/* List al's interpolation-style as Ardour reads it (ardour_enum): the
 * name of the style ("Linear"), NULL when not saved (its parameter's
 * default) or when Ardour reads none (an error at al). */
const char *ardour_style(reader *r, const xmlNode *al);

/* How level list al (of parameter id) moves between its points, as the
 * recipe's `interpolation:` (exponential: the fader law): the list's saved
 * `interpolation-style`, else the default Ardour 7.3 gives its parameter
 * (AutomationList::default_interpolation: a trim's is Logarithmic, a
 * fader's and a send's Exponential). Curved is Evoral's spline through
 * the gains (Curve::_get_vector of more than two points), as the recipe
 * draws it. In *keep how many of its n events the recipe keeps: all but
 * for a Logarithmic list that rises from silence (not a number in
 * Ardour), which is a loss: its level stays silent from the silence on,
 * the events up to it kept. */
sp_interp ardour_level_interpolation(reader *r, sp_mix_strip *s, const xmlNode *al, const char *id,
                                     const double *t, const double *v, size_t n, size_t *keep);

/* Whether list al plays back events. */
bool ardour_plays_events(const xmlNode *al);

/* Automation Ardour plays back on a control stemprint keeps fixed: a loss
 * for each of el's lists named in ids. */
void ardour_fixed_controls(reader *r, sp_mix_strip *s, const xmlNode *el, const char *const *ids);

/* The Equal Power Stereo panner's width automation, when Ardour plays it
 * back: the recipe's moving width, linear between its events as Ardour's
 * Panner2in2out reads it, a value a frame (distribute_one_automated). The
 * pannable's lists play together, and one without events gives that
 * function its parameter's normal value, not the control's: a position
 * that does not move is then the centre, and a width that does not move
 * while the position does is 0. Ardour clamps each channel's
 * position to the sides where the recipe clamps the width to the room
 * left: the same while the width fits; where it does not, a loss. */
void ardour_widths(reader *r, sp_mix_strip *s, const xmlNode *pannable);

/* A route's mute automation, when Ardour plays it back: the recipe's
 * moving mute. Ardour reads a mute's automation at the start of each of
 * its export's cycles (MuteControl::automation_run: the list's value
 * there), so a change takes effect at the first cycle start at or after
 * its event; its delivery then declicks it (core/render/prepare.c). */
void ardour_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt);

/* A route's polarity automation ("phase"), when Ardour plays it back: the
 * recipe's moving polarity. Ardour 7.3 reads it as it reads a mute's, at
 * the start of each export cycle, and as a switch (its PhaseControl is
 * toggled: AutomationControl::automation_run sets 1 at 0.5 and above, else
 * 0), whose 1 as a bitset inverts the first channel alone; its polarity
 * processor then declicks the change (Amp::apply_gain, as the mute's). */
void ardour_phases(reader *r, sp_mix_strip *s, const xmlNode *rt, size_t channels);

/* A fader's, a send's and a VCA's upper bound (Ardour's max-gain, +6 dB) */
#define ARDOUR_MAX_GAIN 2.0

/* The events of the AutomationList al, as written. */
size_t ardour_list_events(reader *r, const xmlNode *al, double **t, double **v);

/* The same as Ardour 7.3 loads an automation list (AutomationList::
 * deserialize_events holds each value in its control's range, lo .. hi
 * (its ParameterDescriptor's; -INFINITY .. INFINITY: not held here), and
 * adds them frozen; ControlList::thaw sorts them): sorted by time, stably
 * (std::list::sort), an event that repeats the one before it (its time
 * and its held value) dropped (unlocked_remove_duplicates). Ardour writes
 * them so; an edited session's are played so. */
size_t ardour_list_loaded(reader *r, const xmlNode *al, double lo, double hi, double **t,
                          double **v);

/* ---- ardour_vca.c -------------------------------------------------------- */

/* A switch (mute, solo) on by itself or by a VCA's; says which VCA. A
 * VCA's automation of it is a loss unless its id is moving (the caller
 * plays it). */
bool ardour_switched(reader *r, sp_mix_strip *s, const xmlNode *c, bool own, const char *what,
                     const char *moving);

/* Free what the VCAs' index holds (NULL: nothing). */
void ardour_vcas_free(struct ardour_vcas *v);

/* A fixed fader's level in dB with its VCAs' factor. */
void ardour_vca_level(reader *r, sp_mix_strip *s, const xmlNode *gc, double *db);

/* An automated fader's VCAs: Ardour scales its automation by them
 * (masters_curve_multiply) before its declick, which starts from the
 * fader's own level: `vca:` curves (a constant one of one point) and
 * `start:`. With every curve taken, the constant goes into the trim,
 * which scales the same signal where nothing between the trim and the
 * fader tells them apart (no insert, no pre-fader send); elsewhere a loss. */
void ardour_vca_under_automation(reader *r, sp_mix_strip *s, const xmlNode *gc);

/* Whether a master of control c (id: "gain", "mute") moves: a list of
 * events Ardour plays, on a VCA it is assigned to or one above. */
bool ardour_vca_moves(reader *r, const xmlNode *c, const char *id);

/* A fixed fader (control gc, its value own) under a VCA whose gain
 * automation plays: its gain as Ardour plays it, own × its masters'
 * ratios at each cycle's start (a float, as Amp's target is), held from
 * there (`ramp: declick`). False, with a loss, when it moves over more
 * cycles than are read. */
bool ardour_vca_gain_moves(reader *r, sp_mix_strip *s, const xmlNode *gc, double own);

/* A route's mute (control mc) when a VCA's mute automation plays: muted at
 * each cycle's start while its own list (or value) or any master is on
 * there, declicked (the recipe's moving mute). The values change only at
 * the cycle at or after an event: those are read. */
void ardour_vca_mutes(reader *r, sp_mix_strip *s, const xmlNode *rt, const xmlNode *mc);

/* ---- ardour_regions.c ---------------------------------------------------- */

void ardour_playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id);

/* A MIDI track's playlist: each region Ardour plays (muted ones left out)
 * as a MIDI region of s playing a file of what Ardour sends the
 * instrument from it, frame for frame (io/session/ardour_midi.h). force:
 * the channel (0 .. 15) the track's ForceChannel mode plays every channel
 * message on, else -1. */
void ardour_midi_playlist(reader *r, sp_mix_strip *s, const xmlNode *root, const char *id,
                          int force);

/* ---- ardour_plugins.c ---------------------------------------------------- */

/* An LV2 plugin processor as an insert, `lv2: {plugin: URI, its port
 * values and the automation Ardour plays on them, state: ...}`, or a
 * LADSPA one's; not placed (heap); NULL when it names no plugin (a
 * loss). */
sp_ins *ardour_plugin_insert(reader *r, sp_mix_strip *s, const xmlNode *p);

/* A track's instrument's pin maps (plugin processor p): its outputs held
 * to Ardour's own as any plugin's (a loss where a pin is moved), its
 * inputs' MIDI pins let go (an audio pin there is not read: a loss). */
void ardour_instrument_pins(reader *r, sp_mix_strip *s, const xmlNode *p);

/* An LV2 plugin processor as an `lv2` insert with its port values and the
 * automation Ardour plays on them, and its sidechain as the insert's key;
 * `reaching` the channels that reach it as Ardour configures the route
 * when it loads it (its inputs, or the last plugin's output before it):
 * its saved pin maps are played only where its saved configuration takes
 * as many (PluginInsert::configure_io keeps them then, else makes its
 * own). */
void ardour_plugin(reader *r, sp_mix_strip *s, const xmlNode *routes, const xmlNode *p,
                   size_t reaching);

/* ---- ardour_unread.c ----------------------------------------------------- */

/* What the read did not read and the reader's table does not let go, each
 * kind a loss (sp_session_unread). */
void ardour_unread(reader *r);

/* ---- ardour_routes.c ----------------------------------------------------- */

void ardour_route(reader *r, const xmlNode *root, const xmlNode *routes, const xmlNode *rt);

#endif
