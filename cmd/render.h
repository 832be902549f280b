/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CMD_RENDER_H
#define SP_CMD_RENDER_H

/* stemprint render's three files and what they share (private to them):
 *
 *   cmd/cmd_render.c      the command: options, the pool of workers, the
 *                         watch, and at the end each output handler's file
 *   cmd/render_one.c      one recipe: read once, build once, serve from the
 *                         cache or render, then what it says
 *   cmd/render_outputs.c  what a render says beside its prints: the summary
 *                         and the table of output handlers (--report, --html,
 *                         --depfile), each recipe's part and the run's file */

#include "cmd/cli.h"
#include "core/graph/graph.h"
#include "core/render/render.h"
#include "io/album/album_read.h"
#include "io/album/album_write.h"
#include "io/cache/cache.h"
#include "io/cache/digests.h"
#include "io/report/report.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum progress_mode { PROGRESS_NONE, PROGRESS_BAR, PROGRESS_PLAIN } progress_mode;

/* The most output handlers (--report, --html, --depfile: the rows of
 * cmd/render_outputs.c's table; a static assertion there holds it). */
enum { RENDER_OUTPUTS_MAX = 8 };

typedef struct options {
  sp_cli_input in; /* the graph's options, --confine, --stems, --strict */
  sp_render_opts ropts;
  bool quiet;
  bool dry_run;
  bool force;             /* --force: print into a folder another input's record claims */
  const char *file[RENDER_OUTPUTS_MAX]; /* each output handler's file, or NULL: not asked */
  const char *targets[RENDER_OUTPUTS_MAX]; /* the files that are the render's too */
  size_t n_targets;
  bool full_build; /* an output asked for reads the graph: a cached render is not served light */
  bool profile;    /* --profile: each render records its work and span (ropts.profile) */
  const char *only;       /* --only, as given */
  sp_cache *cache;        /* --cache or $STEMPRINT_CACHE, or NULL */
  sp_digest_index *index; /* the digest index, for the cache's keys */
  int jobs;
  progress_mode progress;
  sp_cli_diag_out dout;   /* --diagnostics, --diagnostics-file */
} options;

typedef struct job {
  const char *path;
  /* the recipe or session, read once (before the workers start when
   * several recipes are checked for outputs they share), and what reading
   * it said */
  sp_cli_recipe in;
  sp_diags read_said;
  bool read;
  int status;
  /* what the recipe prints, kept until it is its turn */
  char *out_text, *err_text;
  size_t out_len, err_len;
  sp_diags said; /* every diagnostic it printed, for --diagnostics */
  void *part[RENDER_OUTPUTS_MAX]; /* each output handler's part of it (its report object,
                                     depfile rule, HTML section), or NULL */
  char *name;                     /* for progress: the recipe's base name, escaped */
  /* progress, written by the worker, read by the main thread */
  _Atomic int phase; /* -1 waiting, sp_render_phase, 99 done */
  _Atomic int64_t done, total;
  double seconds;             /* session seconds (set before the first phase) */
  bool plain;                 /* plain progress: a line at each pass, from the worker */
  pthread_mutex_t mu;         /* guards what and since, and done and total as a pass starts */
  char what[160];             /* the pass in words for the live line ("pass 2/4 rendering") */
  double since;               /* when the pass started */
  int last_phase, last_index; /* the worker's: the pass it last reported */
  bool bleed;                 /* the worker's: the pass is --html's bleed measurement */
  double cache_seconds;       /* served from the cache in this long; 0: rendered */
  char *landed;               /* the folder its prints landed in, whole (heap); NULL: none */
  const char *album;          /* a song of this album recipe (the first that has it): its
                                 mix is printed whatever --only says, the album reads it */
  /* an album's song not named on the command line: read without --set, whose keys are the
   * album's (docs/album.md) */
  bool song_only;
} job;

struct sp_cmd_albums;

typedef struct pool {
  job *jobs;
  size_t n;
  struct sp_cmd_albums *albums; /* the albums made after the jobs (their reports' parts) */
  _Atomic size_t next;
  _Atomic size_t workers; /* still running: after an interrupt, recipes stay unstarted */
  _Atomic size_t started; /* workers started: the first runs on the process's own job token */
  const options *o;
  pthread_mutex_t mu; /* with done: a finished recipe or worker wakes the watcher at once */
  pthread_cond_t done;
} pool;

/* cmd/render_one.c */

/* The job's recipe, read once: read now unless it was. */
void sp_cmd_render_read(job *j, const options *o);
/* The job's recipe's graph as this command line renders it (-o, --only
 * mix); key_only: planned for the cache key alone. */
sp_err sp_cmd_render_build(job *j, const options *o, bool key_only, sp_graph **g, sp_diags *d);
/* Whether the outputs asked for can be written for what the job's recipe
 * prints as g plans it, --only read as its render reads it (--depfile's
 * names: sp_cmd_render_output_names): false, why said into d. An --only
 * the recipe cannot take is left to its render to say (true). Asked of
 * every recipe of the command before any of them renders. */
bool sp_cmd_render_names(const options *o, const job *j, const sp_graph *g, sp_diags *d);
/* Read, build, serve or render one recipe, into the job's buffers; the
 * job's phase is 99 when it returns. */
void sp_cmd_render_one(job *j, const options *o);

/* cmd/render_album.c */

/* A verdict of an album's (its loudness rules, clipping), as its reports
 * carry it. */
typedef struct sp_cmd_album_check {
  char *name; /* "loudness.integrated", "loudness.true_peak", "clipping" */
  char *file; /* what it judged */
  char *key;  /* the album recipe's key of its rule */
  sp_pos at;
  bool passed;
  char *text; /* the line said */
} sp_cmd_album_check;

/* An album recipe among render's arguments (docs/album.md). */
typedef struct sp_cmd_album {
  sp_album_spec spec;
  sp_album_paths paths; /* its files, planned when it was read */
  int status;           /* SP_OK until refused or made */
  size_t *job;          /* each song's recipe's index among the recipes rendered; SIZE_MAX: a file */
  bool landed;          /* its files are in place: made holds their figures */
  sp_album_made made;
  sp_cmd_album_check *checks;
  size_t n_checks;
  double seconds; /* making it took */
  char *deps;     /* after it was made: its depfile rule's prerequisites */
  char *targets;  /* and its targets */
  void *part[RENDER_OUTPUTS_MAX]; /* each output handler's part of it, or NULL */
} sp_cmd_album;

typedef struct sp_cmd_albums {
  sp_cmd_album *v;
  size_t n;
  const char **recipes; /* what the pool renders: the recipes given, and the albums' songs */
  const char **album;   /* each one's album (job.album), or NULL: a recipe given */
  bool *song_only;      /* each one an album's song alone, not given (job.song_only) */
  char **real;          /* each one's canonical path (realpath; NULL: none), its identity */
  size_t n_recipes, cap;
} sp_cmd_albums;

/* The albums among the n paths render was given, read; a->recipes the
 * recipes to render (each once): the others, then each album's songs (a
 * song is one job by its canonical path, however it is spelled:
 * `songs/a.yaml` and `./songs/../songs/a.yaml` are one).
 * out_dir: -o's folder (its {recipe} the album's base name) instead of
 * each album's output.dir; NULL: theirs. gopts: its confinement
 * (--confine) holds the songs, the cover and the output folder. sets:
 * --set's keys, read over each album's own (its songs, unless given on the
 * command line too, are read without them: a->song_only). Each album's
 * files are planned (its paths) and noted with its inputs for the
 * command's reports (sp_cli_reads_add). Returns the status the albums'
 * problems imply (said on stderr). */
int sp_cmd_album_expand(const char *const *in, size_t n, const char *out_dir,
                        const sp_graph_opts *gopts, const sp_arg_list *sets, sp_cmd_albums *a);
/* After the pool ran: each album made from its songs' prints, unless
 * cancel is set (an interrupt: none is begun, and one under way stops and
 * lands nothing). Returns status raised to the albums' worst. */
int sp_cmd_album_make(sp_cmd_albums *a, pool *p, const options *o,
                      const volatile sig_atomic_t *cancel, int status);
void sp_cmd_albums_fini(sp_cmd_albums *a);

/* cmd/render_outputs.c */

/* The options of the output handlers, one row each into rows (room for
 * RENDER_OUTPUTS_MAX), filling o->file; returns how many. */
size_t sp_cmd_render_output_args(options *o, sp_arg *rows);
/* Their part of render's usage ("[--report FILE.json] ...") and their lines
 * of its options' help, appended to usage and lines (NUL-terminated). */
void sp_cmd_render_output_help(char *usage, size_t usage_size, char *lines, size_t lines_size);
/* After the options are read: what the outputs asked for need of the
 * render (o->ropts.loudness, .series, o->full_build). */
void sp_cmd_render_output_needs(options *o);
/* An output file that cannot be written where it is asked (a folder
 * itself, its folder not writable; --profile's: its folder missing, where
 * a report's may be the output folder the render makes), said on stderr
 * before anything renders, so that no print lands; returns SP_ERR_USAGE,
 * else SP_OK. */
int sp_cmd_render_output_paths(const options *o);
/* Whether each asked-for output can be written for a render of g that
 * skips skip's outputs (--depfile: make can be told every name of its
 * rule): false, why said into d. Asked of a recipe before anything of it
 * renders or is served. */
bool sp_cmd_render_output_names(const options *o, const sp_graph *g, const bool *skip, sp_diags *d);
/* The same of each album a holds that was read: false, why said on
 * stderr. Asked before anything renders. */
bool sp_cmd_render_output_albums(const options *o, const sp_cmd_albums *a);
/* Free each handler's part of a job. */
void sp_cmd_render_parts_free(job *j);

/* What a render says once its files are in place (rendered or served):
 * the summary into out, then each asked-for handler's part. */
void sp_cmd_render_said(job *j, const options *o, const sp_graph *g, const sp_render_opts *ro,
                        sp_render_result *res, sp_err status, FILE *out, FILE *err);
/* Each asked-for handler's part of a recipe, whatever it printed. */
void sp_cmd_render_failed(job *j, const options *o, sp_err status, const sp_diags *d);
/* Each asked-for handler's file of the run (none on a dry run), a recipe
 * with no part given the one its handler makes of what it said (one that
 * never started: that it did not); refused: the recipes were refused
 * before any ran (each job's status and err_text say why), and only the
 * files that stand for every run are written. Returns status raised to
 * SP_ERR_IO when one cannot be written (said on stderr). */
int sp_cmd_render_write(pool *p, const options *o, bool refused, int status);

#endif
