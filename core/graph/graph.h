/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_H
#define SP_GRAPH_H

/* The routing graph: a recipe checked, resolved and scheduled.
 *
 * sp_graph_build turns an sp_recipe into nodes (tracks, buses, master) and
 * edges (each strip's main output and its sends), and validates everything a
 * render needs before any audio moves: names that must exist (with "did you
 * mean"), source files (readable, at most two channels, regions inside the
 * file), routing cycles (printed as `vox -> verb -> vox`), stem membership,
 * output paths (creatable, never one of the inputs). All problems are
 * collected into the diagnostics; the graph is returned only when there were
 * none.
 *
 * It also plans the render: the schedule (Kahn's algorithm, ties in recipe
 * order, computed once), and the lanes. A lane is one stem's share of the
 * signal (docs/design.md, Lanes): with `split: sources` each track
 * feeds the lane of its stem and every bus carries the lanes that reach it;
 * with `split: buses` everything upstream of master is one lane, and each of
 * master's inputs enters master on its stem's lane; without stems there is a
 * single lane, the mix. The sum of master's lanes is the mix. For measuring
 * bleed (opts.per_source) every track gets lanes of its own, one per stem
 * it may reach, so the render measures each source in each stem. */

#include "core/base/diag.h"
#include "core/dsp/adm.h"
#include "core/dsp/events.h"
#include "core/media/media.h"
#include "core/recipe/fade.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum sp_node_kind { SP_NODE_TRACK, SP_NODE_BUS, SP_NODE_MASTER } sp_node_kind;

/* A region in session frames. */
typedef struct sp_region_plan {
  const char *path; /* the file, resolved (owned by the recipe) */
  /* what every message, report and listing names it by: its session's
   * name for it, else path (sp_region_named; owned by the recipe) */
  const char *name;
  /* `files:` the files whose channels are the region's side by side, in
   * order, each read from `from` (paths[0] is path; owned by the recipe);
   * n_paths 0: path alone. file_channels and mask are then of them all. */
  char *const *paths;
  size_t n_paths;
  bool midi;         /* a MIDI region: its notes are in the track's events */
  char *key;         /* where the recipe names it: "tracks.a.file", "tracks.a.regions[1].file" */
  int channels;      /* the region's: the file's, or 1 with a pick */
  int pick;          /* `channel:` the file's channel it plays alone, from 0; -1: all */
  int file_channels; /* what its source reads */
  uint32_t mask;     /* its channel mask, WAVE_FORMAT_EXTENSIBLE's bits; 0: it says none */
  int file_rate;
  int64_t at;   /* timeline position */
  int64_t from; /* offset into the file, at the session rate */
  int64_t length;
  int64_t fade_in, fade_out;
  float gain; /* the region's own gain, linear (1: none; below 0: its polarity inverted) */
  /* How each fade is drawn (core/recipe/fade.h); the curves of Ardour's shapes
   * and of curves given point by point, in frames from the fade's start. */
  sp_fade_shape fade_in_shape, fade_out_shape;
  sp_fade_curve fade_in_curve, fade_out_curve;
  /* An opaque region replaces what the regions before it play under its
   * body; under each fade it multiplies that by the fade's inverse curve
   * (n == 0: by 1 − the fade's gain), as Ardour reads a playlist's layers. */
  bool opaque;
  sp_fade_curve fade_in_inverse, fade_out_inverse;
  /* The region's envelope: n_env points, frames from its start and
   * values on Ardour's fader scale (sp_fader_gain_to_position). */
  int64_t *env_at;
  double *env_pos;
  size_t n_env;
  /* Or an envelope read as Ardour's export reads it (`ramp: ardour`; then
   * n_env is 0): the recipe's list, and where Ardour's reads of the region
   * start (core/graph/sources.c, plan_reads), n_reads frames from its
   * start in order, the first 0; each read draws the list over its
   * frames alone (sp_auto_fill_read). NULL: none. */
  const sp_auto *env_list;
  int64_t *reads;
  size_t n_reads;
  /* A stretched region (`stretch:`, `warp:`, `pitch:`) plays the media's
   * stretched source of warp (from is then 0); warp.n == 0: the file. */
  sp_warp_map warp;
  /* A scene (an ADM BWF: a bed and objects) plays rendered into this
   * layout, the track's (the media's `rendered`); NULL: the file's channels. */
  const sp_layout *render_into;
  /* The scene's bed alone (`objects: keep`: its objects are master's ADM
   * BWF's, core/render/adm_out.c). */
  bool bed_only;
  /* bed_only: the names of the objects it keeps, in the file's order, and
   * the file's structure they are of (the media's scene: its objects and
   * their blocks, heap); none, NULL, when the media cannot say them. */
  char **kept;
  size_t n_kept;
  struct sp_adm *scene;
  /* what of the scene plays (`programme:`, `complementary:`; the recipe's
   * strings): NULL and none, the defaults */
  sp_adm_choice choice;
} sp_region_plan;

/* Region p's files: its `files:` side by side, or its one file. */
static inline size_t sp_region_plan_n_files(const sp_region_plan *p)
{
  return p->n_paths ? p->n_paths : 1;
}
static inline const char *sp_region_plan_file(const sp_region_plan *p, size_t q)
{
  return p->n_paths ? p->paths[q] : p->path;
}
/* What every message, report and listing names region p's file q by. */
static inline const char *sp_region_plan_named(const sp_region_plan *p, size_t q)
{
  return p->n_paths ? p->paths[q] : p->name;
}

/* A file an insert reads (a convolver's impulse response). */
typedef struct sp_insert_file {
  const char *path; /* resolved (owned by the recipe) */
  const char *name; /* what messages name it by (sp_insert_file_named; the recipe's) */
  char *key;        /* the parameter: "buses.verb.inserts[0].convolver.ir" */
  int file_rate;    /* resampled to the session's rate when different */
} sp_insert_file;

typedef enum sp_edge_kind {
  SP_EDGE_MAIN, /* a strip's output (`to`) */
  SP_EDGE_SEND, /* a send */
  SP_EDGE_KEY,  /* a sidechain key: src's signal feeds a detector of dst's insert */
} sp_edge_kind;

typedef struct sp_edge {
  int src, dst;
  sp_edge_kind kind;
  const sp_send *send; /* SP_EDGE_SEND: the recipe's send */
  int insert;          /* SP_EDGE_KEY: index of the keyed insert in dst's strip */
  bool key_post;       /* SP_EDGE_KEY: tap after src's fader */
  bool key_fader;      /* SP_EDGE_KEY: ...and before its post_inserts (key_post too) */
  float key_gain;      /* SP_EDGE_KEY: the key's level, linear */
  bool key_panned;     /* SP_EDGE_KEY: placed by src's pan (`panned: true`) */
  bool key_has_pan;    /* SP_EDGE_KEY: placed by a pan of its own (`pan: P`)... */
  double key_pan;      /* ...P, by src's law, no width */
  /* A send or key tapping src at its fader or after it (`tap: fader`,
   * `tap: {after: N}`): the post_inserts of src it passes, 0 .. n_post
   * (0: at the fader; n_post: after them all, as `tap: post`) */
  size_t tap_after;
  /* the layout it reads from src: src's output's, or its chain's at the
   * tap (before a post_insert that widens a mono path, one channel) */
  const sp_layout *from;
  int lane_to;   /* -1: lanes pass unchanged; else lane l of src lands on l + lane_to
                    (split: buses at master: the stem's lane) */
  int64_t delay; /* latency compensation on this edge, frames */
  char *path;    /* recipe path of the routing key, for messages */
  /* A matrix route (core/graph/builder.h); NULL: the pan laws. Gains,
   * destination channel × source channel, row-major, fader and level not
   * in them; a moving position's at time 0. */
  float *mix;
  /* a position that moves: the renderer places the source by these at
   * each control period (the azimuth is scale × the curve: 1 for an
   * azimuth, -30 for a plain pan); NULL: fixed */
  const sp_auto *azimuth, *elevation;
  sp_auto *azimuth_path; /* a position's moving azimuth the short way round (owned), or NULL */
  double azimuth_scale;
  double spread;    /* degrees */
  double width_deg; /* a stereo source's channels at ± half this around the position */
  /* an LFE feed through a low-pass: the destination's LFE channel (-1:
   * none, or in mix), its gain (linear) and corner (Hz) */
  int lfe;
  float lfe_gain;
  double lfe_lowpass_hz;
} sp_edge;

/* The mute point of its source that silences edge ed (SP_MUTE_*,
 * core/recipe/recipe.h): a send's or key's before the fader, after it,
 * or the source's output, as Ardour's Delivery::target_gain asks its
 * MuteMaster. */
static inline unsigned sp_edge_mute_point(const sp_edge *ed)
{
  if (ed->kind == SP_EDGE_SEND)
    return ed->send->tap.at == SP_TAP_PRE ? SP_MUTE_PRE_FADER : SP_MUTE_POST_FADER;
  if (ed->kind == SP_EDGE_KEY)
    return ed->key_post ? SP_MUTE_POST_FADER : SP_MUTE_PRE_FADER;
  return SP_MUTE_MAIN;
}

/* An insert of a node's chain as the planner found it (core/graph/inserts.c). */
typedef struct sp_node_insert {
  int channels;            /* entering it (sp_graph_insert_channels) */
  const sp_layout *layout; /* the path's layout entering it */
  /* the channels of the path it runs on, in the order its inputs take them
   * (`channels:`; n 0: the whole path), and its detector's, bit i: its own
   * channel i (`detect:`; 0: not asked) */
  struct sp_ins_sel {
    int n;
    int idx[SP_MAX_CHANNELS];
    uint32_t detect;
    bool refused; /* a name in them was refused (reported): not probed */
  } sel;
  /* [its class's n_params]: the resource each FILE parameter names, loaded
   * (NULL: none, or not loadable) */
  sp_resource **resources;
  void *hold; /* what its class holds open while the graph lives (sp_proc_class.hold), or NULL */
  int64_t latency; /* 0 when bypassed */
  int64_t tail;
  /* how far its per-lane instances may stray from one on the sum
   * (sp_proc_probed.link_floor_dbfs); -INFINITY: exact */
  double link_floor;
  bool own_detector;    /* sp_proc_probed.own_detector */
  const char *key_feed; /* sp_proc_probed.key_feed */
  /* the state restored into it (sp_proc_probed.saved), whose files are
   * inputs of the render (cache key, depfile, --confine) */
  const sp_proc_saved *saved;
  /* an SP_PROC_OUTBOARD insert's return as found and its send as the
   * render leaves it (core/procs/proc.h); NULL for other classes */
  sp_outboard *outboard;
} sp_node_insert;

typedef struct sp_node {
  sp_node_kind kind;
  const char *name; /* "master" for master */
  char *path;       /* "tracks.kick", "buses.drums", "master" */
  const sp_strip *strip;
  int channels;     /* leaving the chain: src_channels, or 2 after a widening insert */
  int src_channels; /* entering it: a track's files' (the widest region); a bus's layout's */
  /* its `layout:` refused, a track's region whose file was not read, an
   * instrument track's instrument refused (each said there): its
   * channels, and so its chain's, not known; what hangs on them (its
   * inserts' channels, its polarity, its routes) is not judged */
  bool channels_unknown;
  /* its main output's `to:` refused (said there): where it goes, and so
   * the stem it is in and whether it is heard, not known */
  bool route_unknown;
  /* its channels' layout leaving the chain (core/base/layout.h): a bus's or
   * master's `layout:` (stereo when not given), a track's files' (mono,
   * stereo, or what their channel masks or its `layout:` say) */
  const sp_layout *layout;
  /* its layout entering the chain, what its inputs are routed into (the
   * same unless an insert changes the path's width: a mono-to-stereo
   * plugin, a fold) */
  const sp_layout *in_layout;
  sp_node_insert *ins; /* [strip->n_inserts]: each insert as planned */
  bool silent;         /* muted, or a track silenced by another track's solo */
  /* muted or so silenced where its mute points leave some out (silent
   * when they leave none): the points it silences (SP_MUTE_*), what leaves
   * by the others goes on; 0: none */
  unsigned muted_at;
  sp_region_plan *regions;
  size_t n_regions;
  /* An instrument track (its strip's inserts[0] is its instrument): what
   * its MIDI regions play, on the timeline (core/dsp/events.h) */
  sp_events events;
  /* events.v is an earlier node's, whose events are the same (tracks
   * that play the same part hold it once): read it, never free it */
  bool events_shared;
  int lane;      /* tracks: the lane they feed; -1 when silent and in no stem */
  bool *lanes;   /* [n_lanes]: lanes that carry signal out of this node */
  int *in, *out; /* edge indices */
  size_t n_in, n_out;
  int64_t lat_in;  /* latency of the signal entering the chain (inputs aligned to it) */
  int64_t lat_out; /* latency after the chain: lat_in + the inserts' latencies */
  /* latency from the chain's output to master's, along its outputs (`to`):
   * the chains' latencies after it, not the delays that align it with
   * other inputs (Ardour's playback latency, which places its cycles) */
  int64_t lat_down;
  int64_t tail_out; /* how long output may continue after the sources stop */
} sp_node;

typedef struct sp_graph_opts {
  const char *out_dir;    /* overrides output.dir (relative to the working folder); NULL: recipe */
  bool per_source;        /* a lane per source and stem, for measuring bleed (see below) */
  const bool *extra_mute; /* [n_nodes]: tracks and buses to silence as if muted (an `own`
                           * version's render) */
  const char *mix_path;   /* write the mix here instead (an `own` version's file) */
  bool rebuild;           /* the recipe's graph was built before in this run and its
                           * warnings reported: this build adds none (errors still) */
  /* Confinement, for recipes from untrusted hands (a pull request's): every
   * file the recipe reads (sources, impulse responses) and the output
   * folder must resolve, links followed, inside one of these folders; NULL
   * with confine: the recipe's own folder. */
  bool confine;
  const char *const *roots;
  size_t n_roots;
  /* Plan what a render's cache key needs and no more: every insert's
   * state found (an LV2 state's files) but none prepared or probed (no
   * plugin instance, no test signal: a hit is served without them). Its
   * latencies and tails are zero, and what only a probe finds (a tail
   * capped, an insert's own errors) is not said: such a graph is never
   * rendered (sp_render refuses it). */
  bool key_only;
  /* Plan one insert (stemprint state): only the insert at this place
   * (tracks.NAME.inserts[K], buses.NAME.inserts[K], master.inserts[K], as
   * messages write it) is prepared; the others are not, their files are
   * not loaded, and a state file of theirs that does not exist (yet) is a
   * warning. Such a graph is never rendered. NULL: every insert. */
  const char *only_insert;
  /* Threads for the inserts' probes (a plugin's test signals), side by
   * side; 0 or 1: one after another. The graph is the same either way. */
  int threads;
  /* The recipe is built to be written, not rendered (`import`'s check of
   * the recipe it writes of a session a DAW plays): a mix nothing is
   * heard in, which `check` and `render` refuse ("nothing to render"), is
   * said in the same words as a warning. Such a graph is never rendered. */
  bool unheard_warns;
} sp_graph_opts;


/* What a render writes. */
/* SP_OUT_REST is not a deliverable: what a linked version leaves out, when
 * that is not a set of printed stems, written to a temporary file for the
 * version's null test (version + rest = mix) and deleted after it. */
typedef enum sp_out_kind {
  SP_OUT_MIX,
  SP_OUT_STEM,
  SP_OUT_VERSION,
  SP_OUT_BUS,
  SP_OUT_REST
} sp_out_kind;

/* A kind's word, as file names ({kind}), bext, reports and the job say
 * it: "mix", "stem", "version", "bus", "rest". */
const char *sp_out_kind_name(sp_out_kind kind);

typedef struct sp_output_plan {
  sp_out_kind kind;
  const char *name; /* file stem: the mix's, a stem's, a version's or a bus's name */
  char *path;       /* <out_dir>/<file> */
  char *file;       /* its file name (output.name's template expanded, with the extension) */
  char *key;        /* recipe path naming it ("stems.drums", "versions.tv", "buses.cue") */
  bool *lanes;      /* mix, stems, linked versions: [n_lanes] lanes summed at master */
  int node;         /* printed bus: its node */
  int index;        /* stem or version index in the recipe */
  bool own;         /* version in mode own: printed by a render of its own */
  int of;           /* SP_OUT_REST: the index in outputs of its version */
  int64_t delay;    /* frames the output is delayed to align with the others */
  int print;        /* its index in prints (the master set's file); -1: a rest */
} sp_output_plan;

/* A file of output.also: output `of` in set `set`, made from the master
 * set's file as it is delivered (io/outdir/derive.c). */
typedef struct sp_derived_plan {
  int of;      /* index in outputs */
  int set;     /* index in the recipe's output.sets */
  int channel; /* a multi-mono set's file: the channel it holds (of the set's layout); -1: all */
  char *path;  /* <out_dir>/<file> */
  char *file;  /* its name: the set's template expanded, with the set's extension */
} sp_derived_plan;

/* A file master.adm makes (core/graph/outputs.c), rendered with the
 * prints (core/render/adm_out.c): an ADM BWF, the mix's or a stem's, or a
 * re-render of it into a layout. */
typedef struct sp_adm_out_plan {
  int unit;                /* -1: the mix's; s: stem s's */
  const char *of;          /* the mix's or the stem's name */
  const sp_layout *layout; /* a re-render's; NULL: the ADM BWF */
  char *path;              /* <out_dir>/<file> */
  const char *file;        /* its name: adm_prints[its index] */
} sp_adm_out_plan;

/* Where a run of tracks of master.adm's ADM BWFs comes from
 * (core/graph/master_adm.c), in track order: the mix's print (master's
 * bed; a stem's ADM BWF holds the stem's print there), a bed or object
 * bus's print, or the objects a track keeps of an ADM BWF it plays. */
typedef struct sp_adm_src {
  int track, channels; /* the ADM BWF's tracks [track, track + channels) */
  int output;          /* the print's index in outputs (the mix's: 0); -1: a kept file's */
  int node;            /* a bus's or the keeping track's node */
  int home;            /* the stem that holds it (the one whose signal reaches it); -1: none */
  int *pick;           /* a kept file's: [channels], its tracks as its reader numbers them */
} sp_adm_src;

/* A version resolved: the tracks it leaves out. */
typedef struct sp_version_plan {
  const sp_version *v;
  bool *left_out; /* [n_tracks] */
  size_t n_left_out;
  int *stems_left_out; /* the stems whose union is exactly what it leaves out, or NULL */
  size_t n_stems_left_out;
  bool *muted_nodes; /* [n_nodes]: what an own version's render silences: the tracks it
                      * leaves out and the returns it mutes */
  /* An own version's plan, made with the graph's (a graph planned to
   * render has it): the recipe with muted_nodes silent, its mix the
   * version's file, the graph's probes; NULL otherwise. */
  struct sp_graph *own;
} sp_version_plan;

/* The largest link floor an insert that splits into stems may have: above
 * it, its per-stem outputs are not the mix's (a nonlinear plugin keyed by
 * each stem alone is at -5 to -11 dBFS; an IIR EQ's float rounding at
 * -75 to -90). */
#define SP_LINK_FLOOR_MAX_DBFS -60.0

/* The graph, opaque: core/graph/query.h asks it what its readers need. */
typedef struct sp_graph sp_graph;

/* Build and validate the graph of r, its files read through media (opts
 * may be NULL). On success *out owns a graph that borrows r and media
 * (keep both alive while the graph lives). On failure *out is NULL and d
 * holds every problem found; the result is the exit status they imply. */
sp_err sp_graph_build(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                      sp_graph **out, sp_diags *d);
/* r's graph built as sp_graph_build builds it, and kept whatever errors
 * the build said into d (free it with sp_graph_free): what a restem reads
 * of the graph that refused the stems (core/graph/restem.c), what a
 * command holds its outputs against where the graph was refused (the
 * files it reads and prints, cmd/writes.c). Steps that an error stops
 * (the schedule, the lanes along it) may be missing. */
sp_graph *sp_graph_build_seen(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                              sp_diags *d);

/* Where r's graph refuses its stems at hardware inserts (outboard gear on
 * a bus or master that carries several stems: one recording of their sum
 * cannot be split, core/graph/checks.c), r's stems set to those it can
 * print (core/graph/restem.c): each such bus a stem of its own, named
 * after it, holding every track whose signal reaches it (its main output
 * or a send, through buses: the track whole, its other paths too); buses
 * that share a track one stem; the other stems as written, less the
 * tracks taken, one left with none that sounds gone; through master no
 * stems (the mix alone). r's stems as they were are taken into *was
 * (sp_build_stems_put undoes it, sp_build_stems_fini keeps it), and what
 * was done is said at each such insert into said, as warnings. r's graph
 * is built once (opts, planned for a key; its messages dropped) to see
 * it. false, r and *was untouched, where it makes no restem: no hardware
 * insert refuses the stems, the build finds another error (which stands
 * whatever the stems), a bus refused feeds no stem (a cue bus: `to:
 * none`), a linked version's lanes cut across it, `split: buses` leaves
 * master out, a bus's stem can have no name of its own (said into said:
 * none), or a version or the stem file names a stem the restem would
 * change (said into said, at that key: why, and what to name instead).
 * The caller builds r again and keeps the stems only where that build is
 * clean. */
struct sp_build_stems;
bool sp_graph_restem(sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                     struct sp_build_stems *was, sp_diags *said);

/* A graph planned for a render's cache key alone (sp_graph_opts.key_only,
 * built without errors), made whole with the same opts less key_only: its
 * inserts prepared and probed, and what their latencies, tails and link
 * floors decide planned, as sp_graph_build plans them: a cache miss renders
 * the graph it looked up with. On failure *g is freed and NULL, and d holds
 * what was found. */
sp_err sp_graph_complete(sp_graph **g, const sp_graph_opts *opts, sp_diags *d);

void sp_graph_free(sp_graph *g);

/* Confinement of what is no graph's (an album's songs, cover and output
 * folder): whether path, a file read or (write) a folder written, may be
 * used under opts' confinement: always without one (opts NULL, or not
 * confine); with it, when path resolves (links followed) inside one of
 * opts' roots, or inside base_dir (the folder of the file that names path)
 * when no root is given. Else false, and why (what: "a song's file") says
 * where it resolves and the fix, in the words a graph's confinement says. */
bool sp_confine_allows(const sp_media *m, const sp_graph_opts *opts, const char *base_dir,
                       const char *path, bool write, const char *what, char *why, size_t why_size);

/* Confinement's rule (sp_graph_opts.confine) for a file a command reads
 * that no recipe names (diff's prints): whether path, resolved as the file
 * system will resolve it (media's resolve: links followed through its
 * longest existing prefix, the rest's "." and ".." taken lexically), lies
 * inside one of the n roots, each resolved by media's resolve (one that
 * does not resolve holds nothing). *real: path resolved (heap; NULL when
 * not even "/" or "." resolves). */
bool sp_graph_confined(const sp_media *media, const char *path, const char *const *roots, size_t n,
                       char **real);

/* Where Ardour 7.3's export starts its first disk read of a track's
 * playlist after frame t (frames from the timeline's start, at rate):
 * its Medium buffering's first fill, then a read of 262144 frames each
 * (docs/sessions.md, Ardour's reads). */
int64_t sp_graph_disk_read_after(int64_t t, double rate);
/* The last of those reads that starts at or before frame t (0: the
 * first), in as many steps as the first fill takes, whatever t. */
int64_t sp_graph_disk_read_at(int64_t t, double rate);

#endif
