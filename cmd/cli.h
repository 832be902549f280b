/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CLI_H
#define SP_CLI_H

/* Subcommands of the stemprint executable. Each takes the arguments after
 * its name and returns the process exit status: 0 ok, 1 a check failed,
 * 2 usage or recipe, 3 a file problem, 4 the render failed (the man
 * page's EXIT STATUS, docs/stemprint.1). A command's file (cmd/cmd_*.c)
 * uses cmd/cli.c and cmd/args.c; main.c and help (cmd/cmd_help.c) run the
 * commands; no command runs main or help. */

#include <stdio.h>
#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/recipe/recipe.h"
#include "core/base/units.h"
#include "io/report/report.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The command line: what main() does with argc and argv (cmd/entry.c). */
int sp_main(int argc, char **argv);

int sp_cmd_render(int argc, char **argv);
/* sp_cmd_render, and how many of its recipes were served from the cache
 * (*served; diff says whether a side rendered). */
int sp_cmd_render_counted(int argc, char **argv, size_t *served);
int sp_cmd_check(int argc, char **argv);
int sp_cmd_help(int argc, char **argv);
int sp_cmd_null(int argc, char **argv);
int sp_cmd_diff(int argc, char **argv);
int sp_cmd_loudness(int argc, char **argv);
int sp_cmd_bleed(int argc, char **argv);
int sp_cmd_graph(int argc, char **argv);
int sp_cmd_plan(int argc, char **argv);
int sp_cmd_init(int argc, char **argv);
int sp_cmd_import(int argc, char **argv);
int sp_cmd_export(int argc, char **argv);
int sp_cmd_state(int argc, char **argv);
int sp_cmd_schema(int argc, char **argv);
int sp_cmd_latency(int argc, char **argv);
int sp_cmd_ping(int argc, char **argv);
/* help lv2 [PLUGIN] (cmd/cmd_lv2.c) */
int sp_cmd_help_lv2(int argc, char **argv);
/* help ladspa [PLUGIN] (cmd/cmd_lv2.c) */
int sp_cmd_help_ladspa(int argc, char **argv);

/* The commands main dispatches to by name (cmd/commands.c), help aside
 * (it runs the others with --help), and the usage text. */
typedef struct sp_cli_command {
  const char *name;
  int (*run)(int argc, char **argv);
} sp_cli_command;
extern const sp_cli_command sp_cli_commands[];
extern const size_t sp_cli_n_commands;
extern const char sp_cli_usage[];

/* ---- what several commands do alike (cmd/cli.c) -------------------------- */

/* One processor class as `help inserts` prints it, under name. With
 * probe_latency (an LV2 plugin with a latency port), each number
 * parameter the class lets move is prepared at its minimum and maximum
 * (sp_proc_latency_follows), and one the latency follows is said fixed. */
struct sp_proc_class;
#define SP_CLI_HELP_RATE 48000.0 /* Hz: a recipe's default sample rate */
void sp_cli_help_class(const char *name, const struct sp_proc_class *c, bool probe_latency);

/* The values of an option given any number of times (SP_ARG_LIST). */
typedef struct sp_arg_list {
  const char **v; /* pointers into argv */
  size_t n;
} sp_arg_list;

/* --stems and --strict, for a DAW session given in a recipe's place
 * (docs/sessions.md): how its stems are made, and whether a loss is an
 * error. */
typedef struct sp_cli_session {
  const char *stems; /* NULL: the session's groups */
  bool strict;
  /* --set KEY=VALUE (render, check): recipe keys set over a recipe's or a
   * session's own (sp_recipe_parse_set), pointers into argv */
  sp_arg_list sets;
  /* the command's confinement (sp_cli_confine: its input's gopts), which
   * reading a session holds the files it reads to; NULL: none */
  const sp_graph_opts *confine;
} sp_cli_session;

/* What every command that reads recipes takes besides its own options
 * (SP_INPUT_ARGS): --confine and --confine-to, which set gopts'
 * confinement (sp_cli_confine), and --stems and --strict. */
typedef struct sp_cli_input {
  sp_graph_opts gopts;
  bool confine;
  sp_arg_list roots; /* --confine-to, pointers into argv */
  sp_cli_session session;
} sp_cli_input;

/* A recipe or DAW session read once (sp_cli_read): the recipe, and what a
 * build of its graph needs to know of where it came from. Graphs are
 * built from it as often as needed (sp_cli_build): render builds one for
 * the cache's key alone, then one to render, from one reading. */
struct sp_session_kept;
typedef struct sp_cli_recipe {
  sp_recipe *r;        /* NULL: it could not be read (d said why) */
  const char *session; /* the session's path when r was read from one; else NULL */
  /* A session whose default stems the render may refuse (sp_session_read):
   * where a build refuses them, sp_cli_build changes the recipe's stems to
   * the next and builds again, and says so in every build after. */
  struct sp_session_kept *kept;
  char *restemmed; /* the warning of the stems taken instead, or NULL */
  /* A restem of the graph's (sp_graph_restem: a hardware insert on a bus
   * of several stems), tried once for any recipe: its warnings, at each
   * insert, said by every build after (restemmed is then the first's) */
  sp_diags restem_said;
  bool restem_tried;
  bool strict; /* --strict: such a restem is an error, the stems refused */
  sp_arg_list sets; /* the --set keys read over it, read again over the stems taken */
  size_t read_errors; /* the errors its reading said */
  bool unwritten; /* import's: a recipe not yet written (nothing reads it) */
} sp_cli_recipe;

/* Read the recipe at path, a DAW session through the recipe `import`
 * writes (by session; NULL: the defaults): the path is looked at once
 * (sp_session_probe) and the session read once. Session options given
 * for a recipe are an error. Every problem goes to d; the status is the
 * one the problems imply. Free with sp_cli_recipe_fini. */
sp_err sp_cli_read(const char *path, const sp_cli_session *session, sp_cli_recipe *in, sp_diags *d);
void sp_cli_recipe_fini(sp_cli_recipe *in);

/* What `stemprint import` writes of the session probed (in), read with o
 * (sp_session_read): the recipe's text with the session's comments
 * (*yaml, heap; NULL where nothing would be written), checked as `check`
 * would, every problem into d at the session's elements. The status is
 * the one import exits with before it writes (cmd/cmd_import.c; the tests
 * import through it too). Where `check` and `render` refuse the recipe (a
 * mix nothing is heard in, said as a warning), *unheard (heap, when
 * unheard is not NULL) is their rule in the check's words; else NULL. */
struct sp_session_input;
struct sp_import_opts;
sp_err sp_cli_import(const struct sp_session_input *in, const struct sp_import_opts *o, char **yaml,
                     char **unheard, sp_diags *d);

/* Build and validate in's graph (opts); every problem goes to d. On
 * success *graph is set; on failure it is NULL and the result is the exit
 * status the problems imply (the graph is built even after the recipe's
 * parse errors, so that routing mistakes are said in the same run).
 * Stems the graph refuses at a hardware insert on a bus of several stems
 * are replaced by those it can print (sp_graph_restem), and a session's
 * default stems the graph refuses as import replaces them (in->kept),
 * each once: in->r is then another recipe. Under in->strict the first is
 * said as errors instead, the stems kept. */
sp_err sp_cli_build(sp_cli_recipe *in, const sp_graph_opts *opts, sp_graph **graph, sp_diags *d);

/* sp_cli_read and sp_cli_build at once, with in's options (its gopts
 * confined first, sp_cli_confine). On success *recipe and *graph are set
 * (free the graph first); on failure both are NULL. */
sp_err sp_cli_load(const char *path, sp_cli_input *in, sp_recipe **recipe, sp_graph **graph,
                   sp_diags *d);

/* sp_cli_load, its problems printed on stderr. */
sp_err sp_cli_open(const char *path, sp_cli_input *in, sp_recipe **recipe, sp_graph **graph);

/* path with its file name's extension (if any) replaced by ext: "a/song.dawproject"
 * and ".yaml" give "a/song.yaml" (heap). */
char *sp_cli_with_ext(const char *path, const char *ext);

/* The CPUs online, 1 to 255 (1 when unknown): how many threads a command
 * uses unless told. */
int sp_cli_cpus(void);

/* The media a command reads the files it is given through (loudness,
 * null, diff, latency): the file system's (sp_audio_media), whose open
 * also says on stderr, as a warning, once a name, what a file's reader
 * passes over (sp_media_passed_over: an MPEG-4's audio tracks but the one
 * it plays), so a measure of part of a file is not taken for the whole
 * file's. Hand the engine &media; sp_cli_media_fini frees the names said. */
typedef struct sp_cli_media {
  sp_media media;
  struct sp_strmap *said; /* the names said (heap) */
} sp_cli_media;
void sp_cli_media_init(sp_cli_media *m);
void sp_cli_media_fini(sp_cli_media *m);

/* Print j on sp_cli_out() and free it. */
void sp_cli_print_json(sp_json *j);

/* --junit: write suites[0 .. n) (NULLs left out) to file and free them;
 * returns status, or SP_ERR_IO when that is higher and the file cannot be
 * written (said on stderr). */
struct sp_junit_suite;
int sp_cli_junit_write(const char *file, struct sp_junit_suite **suites, size_t n, int status);

/* Print a command-line error with a hint to use --help; returns 2. */
int sp_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- stemprint's standard output (cmd/args.c) ------------------------------
 * What a command prints for its user or for a program (summaries, tables,
 * JSON) goes to sp_cli_out(), never to the C library's stdout: main() makes
 * sp_cli_out() the process's standard output and points file descriptor 1
 * at standard error, so that what an LV2 plugin prints there (x42's
 * convolver says which impulse response it loaded) reaches standard error
 * and never a --json document. Until main() does so (the tests that call a
 * command's code), it is stdout.
 *
 * One rule for every output option (a row marked .output: --junit,
 * --report, --html, --depfile, --profile, --diagnostics-file, diff's,
 * -o FILE): "-" (or /dev/stdout) is standard output (io/fs writes it there:
 * sp_fs_is_stdout).
 * The document then has standard output to itself: what the command
 * prints for a person (summaries, tables, --diagnostics without a file)
 * goes to standard error (sp_cli_out() is stderr), a second output given
 * "-" is refused (cmd/writes.c), and so is a flag that prints a document
 * there (a row marked .document: --json, --csv). An output that is a file
 * in its own right (a row with .file_only: export's archive, the recipe
 * init and import write, whose folder its paths start from) refuses "-",
 * saying why. */
FILE *sp_cli_out(void);
/* A command with no stop of its own (import, init) ended by SIGINT or
 * SIGTERM: what it holds (io/fs/fs.h: its temporary files, the folders it
 * made for them) taken away, then ended by the signal, as its own end
 * would have left the folder. sp_cli_stop_takes_held sets it up for the
 * command, the actions before kept in *s; sp_cli_stop_restore gives them
 * back (a command run in-process, the tests'). */
typedef struct sp_cli_stop {
  struct sigaction was[2]; /* SIGINT's, SIGTERM's */
} sp_cli_stop;
void sp_cli_stop_takes_held(sp_cli_stop *s);
void sp_cli_stop_restore(const sp_cli_stop *s);

/* The program's path as it was run (sp_main's argv[0]), or "". */
const char *sp_cli_program(void);
void sp_cli_set_program(const char *argv0);
/* Called once by main() before any command runs. */
void sp_cli_out_separate(void);
/* Called once by main() as the command ends: flushes sp_cli_out() and
 * returns status, or SP_ERR_IO (3) when status was 0 and something printed
 * there was lost (a full device, a closed standard output), said on
 * standard error. */
int sp_cli_out_finish(int status);

/* ---- what a command writes, against what it reads (cmd/writes.c) ---------
 * A file an output option names (a row marked .output: --junit, --report,
 * -o FILE) that is a file the command reads or prints (the same path, or
 * the same device and inode: a link to it, a hard link) is refused with
 * exit 2 before anything is written. sp_args_parse notes the outputs and
 * the positional arguments (read) and checks them; sp_cli_build notes
 * every graph's files (sp_cli_reads_graph) and checks again; a command
 * checks once more before it writes what it noted. Thread-safe. */
void sp_cli_writes_reset(void);
/* A command that runs another (diff renders a recipe side by render's
 * own code) holds its record while it does: the inner command's parse
 * adds to it instead of starting anew, so that the inner one refuses to
 * print where an output of the outer would destroy a file it reads, and
 * the outer's check sees every file each side read. */
void sp_cli_writes_hold(bool hold);
/* An output option's file: flag its long name ("junit"). */
void sp_cli_writes_add(const char *flag, const char *path);
/* The file an output option's default names, where the option is not
 * given (export's song.dawproject beside song.yaml): held as sp_cli_writes_add
 * holds one, its clash said as the default's. */
void sp_cli_writes_default(const char *flag, const char *path);
/* Whether the command writes a file an output option names. */
bool sp_cli_writes_any(void);
/* A file the command reads, what it is ("an input of this command"). */
void sp_cli_reads_add(const char *path, const char *what);
/* Every file g reads (its recipe, or session when not NULL, sources,
 * inserts' files) and prints, and its output folder (sp_cli_folders_add);
 * the recipe left out when written (import's, built from the text it
 * writes). */
void sp_cli_reads_graph(const sp_graph *g, const char *session, bool written);
/* A file an album prints (printer: the album's recipe): noted as read
 * (no output option may name it) and held against every file read. */
void sp_cli_prints_add(const char *path, const char *printer);
/* Each file an album prints that is a file the command reads or a
 * recipe's render prints, its own message (heap strings, *n of them). */
char **sp_cli_prints_clashes(size_t *n);
/* An output folder of the command (its graphs' are noted with them): a
 * file written inside its records, dir/.stemprint/, is refused. */
void sp_cli_folders_add(const char *dir);
/* SP_OK, or SP_ERR_USAGE with why ("--junit song.yaml: it is the recipe
 * this command reads; ...") when a file noted as written is one noted as
 * read; said on stderr as an error too when say. */
int sp_cli_writes_check(bool say, char *why, size_t why_size);
/* Every clash sp_cli_writes_check finds, each its own message (a file
 * written that is one read, or that an earlier output option names too):
 * heap strings, *n of them (sp_free_strings). */
char **sp_cli_writes_clashes(size_t *n);

/* ---- options (cmd/args.c) ------------------------------------------------
 * Each command declares its options in a table and sp_args_parse reads argv
 * with getopt_long, so every command takes the same forms: --name VALUE,
 * --name=VALUE, -x VALUE, -xVALUE, grouped short flags (-qj2, -qj 2),
 * unambiguous abbreviations of long names, options before or after the
 * positional arguments, and -- to end the options. -h and --help are
 * implied. */

typedef enum sp_arg_kind {
  SP_ARG_FLAG,   /* no value: sets *(bool *)to */
  SP_ARG_TEXT,   /* a non-empty string: *(const char **)to points into argv */
  SP_ARG_CHOICE, /* one of choices: *(const char **)to */
  SP_ARG_WHOLE,  /* a whole number in [min, max]: *(long *)to */
  SP_ARG_VALUE,  /* a number of unit's family in [min, max], in the family's natural
                    unit (core/base/units.h): *(double *)to; the unit may be written in
                    the value (-14LUFS, '-14 LUFS') or as the next argument */
  SP_ARG_LIST,   /* a non-empty string, the option given any number of times: each
                    appended to *(sp_arg_list *)to (sp_args_fini frees its v) */
} sp_arg_kind;

/* One option. The messages about it are built from what and example:
 *   --jobs 'x': needs a whole number from 1 to 256, like -j 2 or --jobs=2 */
typedef struct sp_arg {
  const char *name; /* the long name, without "--" */
  char letter;      /* the short name, or 0 */
  sp_arg_kind kind;
  void *to;                   /* where the value goes; its type is the kind's */
  const char *what;           /* what a value is: "a whole number from 1 to 256" */
  const char *example;        /* a value: "2", "report.json"; SP_ARG_VALUE: a number,
                                 a blank and a unit, "-14 LUFS" */
  sp_unit unit;               /* SP_ARG_VALUE: the family the value is parsed in */
  double min, max;            /* SP_ARG_WHOLE, SP_ARG_VALUE: the range, bounds included
                                 (-DBL_MAX..DBL_MAX refuses -inf dB; -INFINITY takes it) */
  const char *const *choices; /* SP_ARG_CHOICE: the values, NULL-terminated */
  bool *given;                /* if not NULL: set to true when the option is given */
  bool output;                /* SP_ARG_TEXT: a file the command writes (cmd/writes.c); "-":
                                 standard output (below) */
  bool document;              /* SP_ARG_FLAG: prints a document on standard output (--json),
                                 refused beside an output given "-" */
  const char *file_only;      /* an output that is a file in its own right, which "-"
                                 cannot be: why ("-" refused), or NULL */
} sp_arg;

typedef struct sp_args {
  char **pos;          /* the positional arguments in order: argv's own strings */
  size_t n_pos;        /* how many */
  bool help;           /* -h or --help came first: the help is printed, exit 0 */
  sp_arg_list **lists; /* the lists given values (their v is freed with *a) */
  size_t n_lists;
} sp_args;

/* Read the arguments after command cmd's name (argc, argv) against opts, a
 * table ended by a row whose name is NULL: each value is checked and stored
 * through its row's `to`, the positional arguments are collected into *a.
 * -h or --help prints help and stops (a->help), and so does
 * --list-options, given alone, after printing the table (a line an
 * option: "--jobs -j VALUE", "--json"; for tools and tests). Returns SP_OK, or
 * SP_ERR_USAGE after printing the first mistake: an unknown option (with a
 * did-you-mean when one is close), an ambiguous abbreviation, a missing or
 * wrong value (naming the option and the forms it takes), a value to a flag,
 * an option of one value given twice (a list takes each, a flag again
 * changes nothing). argv is not modified. Uses
 * getopt_long's global state and resets it first (optind = 0), so it may be
 * called again in the same process, but not from two threads at once.
 * Release *a with sp_args_fini, whatever the result. */
sp_err sp_args_parse(const char *cmd, const char *help, const sp_arg *opts, int argc, char **argv,
                     sp_args *a);

/* Free what sp_args_parse allocated in *a, the lists' values with it (not
 * the strings: they are argv's). */
void sp_args_fini(sp_args *a);

/* A command's command line as sp_cli_parse reads it: the name its
 * messages give, its help, and how many positional arguments it takes
 * (max SIZE_MAX: any), with the usage error said when there are fewer
 * (few) or more (many, which may name the first two arguments: %s);
 * how many of them, from the first, are recipes (SIZE_MAX: all), where
 * "-" is standard input (sp_fs_input_path: /dev/stdin). */
typedef struct sp_cli_spec {
  const char *name;
  const char *help;
  size_t min, max;
  const char *few, *many;
  size_t recipes;
} sp_cli_spec;

/* sp_args_parse against opts, then the count of positional arguments:
 * true when the command runs (*a holds them: release it with
 * sp_args_fini when its lists are no longer used); false when it stops,
 * *status its exit status (0 after the help), *a released. */
bool sp_cli_parse(const sp_cli_spec *s, const sp_arg *opts, int argc, char **argv, sp_args *a,
                  int *status);

/* --confine and --confine-to DIR, for every command that reads a recipe
 * (sp_graph_opts.confine), into in (an sp_cli_input *): rows of its option
 * table, and the help lines; SP_INPUT_ARGS adds --stems and --strict. */
#define SP_CONFINE_ARGS(in)                                                                        \
  {.name = "confine", .kind = SP_ARG_FLAG, .to = &(in)->confine},                                  \
  {                                                                                                \
    .name = "confine-to", .kind = SP_ARG_LIST, .to = &(in)->roots, .what = "a folder",             \
    .example = "."                                                                                 \
  }
#define SP_INPUT_ARGS(in) SP_CONFINE_ARGS(in), SP_SESSION_ARGS(&(in)->session)
/* The help line of a recipe given as "-" (sp_cli_spec.recipes), in every
 * command that reads a recipe. */
#define SP_RECIPE_STDIN_HELP                                                                       \
  "  RECIPE -            the recipe from standard input, as /dev/stdin (a file\n"                  \
  "                      named - is ./-)\n"
#define SP_CONFINE_HELP                                                                            \
  "  --confine           read and write only inside the recipe's folder (links\n"                  \
  "                      followed): for a recipe from untrusted hands, like a\n"                   \
  "                      pull request's (docs/ci.md)\n"                                            \
  "  --confine-to DIR    the same inside DIR instead (given again: any of them)\n"

/* --diagnostics and --diagnostics-file (docs/ci.md, Diagnostics a CI
 * reads): every diagnostic a command prints on stderr, also as GitHub
 * Actions' workflow commands or GitLab's code quality report, to the file
 * or standard output. */
typedef struct sp_cli_diag_out {
  const char *format; /* "text" (stderr only), "github", "gitlab" */
  const char *file;   /* NULL: standard output */
} sp_cli_diag_out;
extern const char *const sp_cli_diag_formats[];
#define SP_DIAG_ARGS(o)                                                                            \
  SP_CHOICE_ARG("diagnostics", 0, &(o)->format, sp_cli_diag_formats, "text, github or gitlab",     \
                "github"),                                                                         \
      SP_OUTPUT_ARG("diagnostics-file", 0, &(o)->file, "a file name",                              \
                    "gl-code-quality-report.json")
#define SP_DIAG_HELP                                                                               \
  "  --diagnostics FORMAT  every error and warning also as text (the default:\n"                   \
  "                      stderr only), github (GitHub Actions' annotations) or\n"                  \
  "                      gitlab (GitLab's code quality report), on standard\n"                     \
  "                      output or into --diagnostics-file FILE (docs/ci.md)\n"
/* Write the diagnostics of each recipe (ds[0 .. n), in order) as o asks,
 * into o->file (whole: a temporary file, then renamed) or onto standard
 * output. Returns 0, or SP_ERR_IO when the file cannot be written (said on
 * stderr). */
int sp_cli_diags_write(const sp_cli_diag_out *o, const sp_diags *const *ds, size_t n);

/* Whether g's output folder holds the prints of another input of the
 * same name (its record there names another recipe: song.yaml's folder
 * for song.dawproject): an error at output.dir saying the way out; none
 * when force (render --force prints there, and its commit says whose
 * record it took over). */
void sp_cli_check_claim(const sp_graph *g, bool force, sp_diags *d);

/* A line on out for each file g reads at another rate than the session's,
 * which a render resamples (render's and check's words alike):
 *   "  resampled a.wav: 44100 Hz -> 48000 Hz (libsoxr, very high quality)"
 * a region's source once, an insert's file with its key; a name's
 * control characters escaped (sp_diag_line). */
void sp_cli_say_resampled(const sp_graph *g, FILE *out);

/* --stems and --strict into an sp_cli_session, for every command that reads
 * a recipe or a session: rows of its option table, and the help lines. */
#define SP_SESSION_ARGS(session)                                                                   \
  SP_TEXT_ARG("stems", 0, &(session)->stems, "groups, tracks, none or NAME=TRACK,...;NAME=...",    \
              "groups"),                                                                           \
  {                                                                                                \
    .name = "strict", .kind = SP_ARG_FLAG, .to = &(session)->strict                                \
  }
/* --set KEY=VALUE, any number of times, into an sp_cli_session's sets. */
#define SP_SET_ARG(session)                                                                        \
  {                                                                                                \
    .name = "set", .kind = SP_ARG_LIST, .to = &(session)->sets, .what = "KEY=VALUE",               \
    .example = "output.depth=32f"                                                                  \
  }
#define SP_SET_HELP                                                                                \
  "  --set KEY=VALUE     set a recipe key by its path, as messages write it, over\n"               \
  "                      the recipe's or session's own, checked as the recipe's\n"                 \
  "                      key would be (--set output.depth=32f); a list's item\n"                   \
  "                      in brackets from 0 (output.also[0].format=flac; [N]\n"                    \
  "                      of N items adds one); a name with dots as written\n"                      \
  "                      (tracks.lead.vox.gain=-3) or, for a name to add, in\n"                    \
  "                      double quotes (tracks.\"lead.vox\".file=v.wav); given\n"                  \
  "                      again: each; with an album recipe, the album's keys,\n"                   \
  "                      not its songs' (docs/album.md)\n"
#define SP_SESSION_HELP                                                                            \
  "  --stems HOW         a DAW session's stems: groups, tracks, none, N=A,B;...\n"                 \
  "  --strict            a loss in a session is an error (docs/sessions.md)\n"

/* --block-frames N, for the commands whose result depends on the render's
 * block size (render, plan): a row of the option table into a long. */
#define SP_BLOCK_FRAMES_ARG(var)                                                                   \
  {                                                                                                \
    .name = "block-frames", .kind = SP_ARG_WHOLE, .to = (var),                                     \
    .what = "a whole number from 1 to 1048576", .example = "4096", .min = 1, .max = 1 << 20        \
  }

/* An option of a text value (a file, a folder, a list of names) into a
 * const char *, its long name, letter (or 0), what a value is and an
 * example; --output-dir DIR (-o) is one; and --jobs N (-j, 1 .. 256) into a
 * long: rows of the option table. */
#define SP_TEXT_ARG(name_, letter_, var, what_, example_)                                          \
  {                                                                                                \
    .name = (name_), .letter = (letter_), .kind = SP_ARG_TEXT, .to = (var), .what = (what_),       \
    .example = (example_)                                                                          \
  }
/* The same for a file the command writes: held against what it reads
 * (sp_cli_writes_check); "-" is standard output (above). */
#define SP_OUTPUT_ARG(name_, letter_, var, what_, example_)                                        \
  {                                                                                                \
    .name = (name_), .letter = (letter_), .kind = SP_ARG_TEXT, .to = (var), .what = (what_),       \
    .example = (example_), .output = true                                                          \
  }
/* The same for an output that is a file in its own right and refuses "-"
 * (a recipe, an archive): why_ says what it is ("a recipe whose audio is
 * extracted beside it"). */
#define SP_FILE_OUTPUT_ARG(name_, letter_, var, what_, example_, why_)                             \
  {                                                                                                \
    .name = (name_), .letter = (letter_), .kind = SP_ARG_TEXT, .to = (var), .what = (what_),       \
    .example = (example_), .output = true, .file_only = (why_)                                     \
  }
/* An option of a number with a unit (SP_ARG_VALUE) into a double: its
 * long name, where it goes, its unit's family, its range, what a value is,
 * an example with its unit ("-14 LUFS") and the flag set when it is given
 * (or NULL). */
#define SP_VALUE_ARG(name_, var, unit_, min_, max_, what_, example_, given_)                       \
  {                                                                                                \
    .name = (name_), .kind = SP_ARG_VALUE, .to = (var), .unit = (unit_), .min = (min_),            \
    .max = (max_), .what = (what_), .example = (example_), .given = (given_)                       \
  }
/* An option of one of choices (NULL-terminated) into a const char *: its
 * long name, letter (or 0), what a value is and an example. */
#define SP_CHOICE_ARG(name_, letter_, var, choices_, what_, example_)                              \
  {                                                                                                \
    .name = (name_), .letter = (letter_), .kind = SP_ARG_CHOICE, .to = (var),                      \
    .choices = (choices_), .what = (what_), .example = (example_)                                  \
  }
#define SP_OUTPUT_DIR_ARG(var, ex) SP_TEXT_ARG("output-dir", 'o', var, "a folder", ex)
#define SP_JOBS_ARG(var)                                                                           \
  {                                                                                                \
    .name = "jobs", .letter = 'j', .kind = SP_ARG_WHOLE, .to = (var),                              \
    .what = "a whole number from 1 to 256", .example = "2", .min = 1, .max = 256                   \
  }

/* Set in->gopts' confinement from its options: on when --confine or
 * --confine-to was given; the roots (pointers into argv) must outlive its
 * use. */
void sp_cli_confine(sp_cli_input *in);

#endif
