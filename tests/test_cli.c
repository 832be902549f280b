/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line's own documentation, held to one story: every option a
 * command's --help lists is in the man page (docs/stemprint.1) and in the
 * bash completion (scripts/stemprint.bash), and the other way round; every
 * flag of the documented command-line contract (the man page's synopsis,
 * docs/stemprint.1) is in the help; `stemprint --help` lists every
 * command; `help COMMAND` is `COMMAND --help`; `help inserts` shows every
 * processor of the registry with every parameter; --version prints the
 * version. A flag added in one place and forgotten in another fails here. */

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(cli, .timeout = TU_TIMEOUT(60));

static const char *const commands[] = {"render", "check",   "graph", "null", "loudness",
                                       "bleed",  "latency", "ping",  "init"};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* The man page as plain text: roff's escaped hyphens "\-" become "-". */
static char *man_text(void)
{
  char *s = tu_slurp_must(SP_SOURCE_DIR "/docs/stemprint.1");
  char *w = s;
  for (const char *r = s; *r; r++) {
    if (r[0] == '\\' && r[1] == '-')
      r++;
    *w++ = *r;
  }
  *w = '\0';
  return s;
}

/* Whether text holds option as a whole word ("--json" not in "--jsonx"). */
static bool has_option(const char *text, const char *option)
{
  size_t n = strlen(option);
  for (const char *p = strstr(text, option); p; p = strstr(p + 1, option)) {
    bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');
    bool end = !(isalnum((unsigned char)p[n]) || p[n] == '-');
    if (start && end)
      return true;
  }
  return false;
}

/* The long options (--name) in text, each once; returns the count. */
static size_t long_options(const char *text, char out[][40], size_t max)
{
  size_t n = 0;
  for (const char *p = text; (p = strstr(p, "--")); p += 2) {
    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
      continue;
    size_t len = 2;
    while (isalnum((unsigned char)p[len]) || (p[len] == '-' && isalnum((unsigned char)p[len + 1])))
      len++;
    if (len == 2 || len >= 40)
      continue;
    char opt[40];
    memcpy(opt, p, len);
    opt[len] = '\0';
    bool seen = false;
    for (size_t i = 0; i < n && !seen; i++)
      seen = strcmp(out[i], opt) == 0;
    if (!seen && n < max)
      strcpy(out[n++], opt);
  }
  return n;
}

static char *help_of(const char *cmd)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {cmd, "--help", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s --help: %s", cmd, err);
  cr_assert_gt(strlen(out), 100, "%s --help is nearly empty", cmd);
  free(err);
  return out;
}

/* The completion script's option list for cmd: the words of its
 * `cmd) opts="..."` line. */
static char *completion_opts(const char *script, const char *cmd)
{
  char *key = sp_xasprintf("\n  %s) opts=\"", cmd);
  const char *p = strstr(script, key);
  cr_assert_not_null(p, "scripts/stemprint.bash has no option list for '%s'", cmd);
  p += strlen(key);
  const char *q = strchr(p, '"');
  char *s = sp_xmalloc((size_t)(q - p) + 1);
  memcpy(s, p, (size_t)(q - p));
  s[q - p] = '\0';
  free(key);
  return s;
}

Test(cli, every_option_in_help_is_in_the_man_page_and_the_completion)
{
  char *man = man_text(), *script = tu_slurp_must(SP_SOURCE_DIR "/scripts/stemprint.bash");
  for (size_t c = 0; c < N_COMMANDS; c++) {
    char *help = help_of(commands[c]);
    char *comp = completion_opts(script, commands[c]);
    char opts[64][40];
    size_t n = long_options(help, opts, 64);
    cr_assert_gt(n, 0, "%s --help lists no option", commands[c]);
    for (size_t i = 0; i < n; i++) {
      cr_expect(has_option(man, opts[i]), "'%s %s' is in --help but not in docs/stemprint.1",
                commands[c], opts[i]);
      cr_expect(has_option(comp, opts[i]), "'%s %s' is in --help but not in scripts/stemprint.bash",
                commands[c], opts[i]);
    }
    /* and back: what the completion offers, the command takes */
    char copts[64][40];
    size_t m = long_options(comp, copts, 64);
    for (size_t i = 0; i < m; i++)
      cr_expect(has_option(help, copts[i]),
                "scripts/stemprint.bash offers '%s %s', which its --help does not list",
                commands[c], copts[i]);
    free(comp);
    free(help);
  }
  free(man);
  free(script);
}

/* The documented command-line contract, docs/stemprint.1's SYNOPSIS: the
 * flags scripts and make rules rely on, which no command may lose. */
Test(cli, every_flag_of_the_documented_contract_is_in_the_help)
{
  static const struct {
    const char *cmd;
    const char *flags[12];
  } contract[] = {
      {"render", {"-o", "-j", "--only", "--report", "--depfile", "--quiet", "--progress", NULL}},
      {"check", {NULL}},
      {"graph", {"--format", NULL}},
      {"null", {"--max-residual", "--json", NULL}},
      {"loudness",
       {"--json", "--csv", "--series", "--album", "--target", "--tolerance", "--max-true-peak",
        NULL}},
      {"bleed", {NULL}},
  };
  char *man = man_text();
  char *synopsis = strstr(man, ".SH SYNOPSIS"), *end = strstr(man, ".SH DESCRIPTION");
  cr_assert(synopsis && end, "docs/stemprint.1 has no SYNOPSIS before its DESCRIPTION");
  *end = '\0';
  for (size_t c = 0; c < sizeof contract / sizeof contract[0]; c++) {
    char *help = help_of(contract[c].cmd);
    for (size_t k = 0; contract[c].flags[k]; k++) {
      cr_expect(has_option(help, contract[c].flags[k]),
                "the documented '%s %s' is missing from its --help", contract[c].cmd,
                contract[c].flags[k]);
      cr_expect(has_option(synopsis, contract[c].flags[k]),
                "'%s %s' is missing from docs/stemprint.1's SYNOPSIS", contract[c].cmd,
                contract[c].flags[k]);
    }
    free(help);
  }
  free(man);
}

Test(cli, top_level_help_lists_every_command_and_help_command_is_command_help)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {"--help", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0);
  for (size_t c = 0; c < N_COMMANDS; c++) {
    char *line = sp_xasprintf("\n  %s ", commands[c]);
    cr_expect_not_null(strstr(out, line), "stemprint --help does not list '%s'", commands[c]);
    free(line);
    char *a = help_of(commands[c]), *b = NULL;
    const char *h[] = {"help", commands[c], NULL};
    cr_assert_eq(tu_run(h, &b, NULL), 0);
    /* latency is a recipe key too: its help follows the command's */
    char *key = strcmp(commands[c], "latency") == 0 ? strstr(b, "\nthe recipe key 'latency':\n")
                                                    : NULL;
    if (key)
      *key = '\0';
    cr_expect_str_eq(a, b, "'help %s' differs from '%s --help'", commands[c], commands[c]);
    free(a);
    free(b);
  }
  free(out);
  free(err);
  const char *v[] = {"--version", NULL};
  cr_assert_eq(tu_run(v, &out, NULL), 0);
  cr_assert_str_eq(out, "stemprint " SP_VERSION "\n");
  free(out);
  /* help --help is the usage (it pointed at itself); an unknown topic lists
   * every command, import, export and state among them */
  const char *hh[] = {"help", "--help", NULL};
  cr_assert_eq(tu_run(hh, &out, NULL), 0);
  cr_expect(strstr(out, "commands:") && strstr(out, "docs/lv2.md") &&
                strstr(out, "docs/catalogue.md") && strstr(out, "scripts/stemprint.bash"),
            "%s", out);
  free(out);
  const char *nope[] = {"help", "nope", NULL};
  cr_assert_eq(tu_run(nope, NULL, &err), 2);
  cr_expect(strstr(err, "no help topic 'nope' (topics: render, check, graph, plan, null, "
                        "loudness, bleed, init, import, export, state, inserts, layouts, lv2, ladspa)") ||
                (strstr(err, "import") && strstr(err, "export") && strstr(err, "state")),
            "%s", err);
  /* help is a topic of its own, listed as such: `help help` is what `help`
   * alone says, the usage */
  cr_expect(strstr(err, ", help, inserts, keys, layouts, lv2, ladspa)\n"), "%s", err);
  free(err);
  char *alone = NULL;
  const char *h[] = {"help", NULL}, *hhelp[] = {"help", "help", NULL};
  cr_assert_eq(tu_run(h, &alone, NULL), 0);
  cr_assert_eq(tu_run(hhelp, &out, NULL), 0);
  cr_expect_str_eq(out, alone);
  free(alone);
  free(out);
}

Test(cli, help_inserts_shows_every_processor_and_parameter_of_the_registry)
{
  char *out = NULL;
  const char *args[] = {"help", "inserts", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_assert_gt(sp_proc_count(), 8);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *cls = sp_proc_at(i);
    char *head = sp_xasprintf("\n%s — %s", cls->name, cls->summary);
    const char *at = strstr(out, head);
    cr_assert_not_null(at, "'help inserts' lacks '%s'", head + 1);
    const char *end = strstr(at + 1, "\n\n");
    for (size_t k = 0; k < cls->n_params; k++) {
      char *line = sp_xasprintf("\n  %s ", cls->params[k].name);
      const char *p = strstr(at, line);
      cr_expect(p && (!end || p < end), "'help inserts' lacks %s.%s", cls->name,
                cls->params[k].name);
      free(line);
    }
    free(head);
  }
  free(out);
}

/* Every command's usage lines (its help up to the first blank line) name
 * every option the command takes (--list-options: its table), by its long
 * name or its letter, and its help describes each by its long name; and
 * every option the usage or the help names is one the command takes.
 * render's usage left out --block-frames, bleed's --confine-to. */
Test(cli, every_usage_names_every_option_the_command_takes)
{
  static const char *const cmds[][2] = {
      {"render", NULL}, {"check", NULL},  {"null", NULL}, {"loudness", NULL}, {"bleed", NULL},
      {"graph", NULL},  {"plan", NULL},   {"init", NULL}, {"import", NULL},   {"export", NULL},
      {"state", NULL},  {"schema", NULL}, {"help", NULL}, {"help", "lv2"},    {"help", "ladspa"}};
  for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
    const char *name = cmds[c][1] ? cmds[c][1] : cmds[c][0];
    char *list = NULL, *help = NULL, *err = NULL;
    const char *la[] = {cmds[c][0], cmds[c][1] ? cmds[c][1] : "--list-options",
                        cmds[c][1] ? "--list-options" : NULL, NULL};
    cr_assert_eq(tu_run(la, &list, &err), 0, "%s --list-options: %s", name, err);
    free(err);
    const char *ha[] = {cmds[c][0], cmds[c][1] ? cmds[c][1] : "--help",
                        cmds[c][1] ? "--help" : NULL, NULL};
    cr_assert_eq(tu_run(ha, &help, &err), 0, "%s --help: %s", name, err);
    free(err);
    cr_assert(strncmp(help, "usage: ", 7) == 0, "%s --help starts '%.20s'", name, help);
    char *blank = strstr(help, "\n\n");
    cr_assert_not_null(blank, "%s --help has no blank line after its usage", name);
    char *usage = sp_xasprintf("%.*s", (int)(blank - help), help);
    const char *body = blank;
    cr_expect(strstr(list, "--help -h\n"), "%s: %s", name, list);
    /* the table, against the usage and the help's descriptions */
    char table[64][40];
    size_t n = 0;
    for (char *line = list; *line && n < 64;) {
      char *end = strchr(line, '\n');
      cr_assert_not_null(end);
      char opt[40] = "", letter[4] = "";
      cr_assert(sscanf(line, "%39s %3s", opt, letter) >= 1, "%s: '%.*s'", name, (int)(end - line),
                line);
      if (strcmp(letter, "VAL") == 0)
        letter[0] = '\0';
      strcpy(table[n++], opt);
      if (strcmp(opt, "--help") != 0) {
        cr_expect(has_option(usage, opt) || (letter[0] && has_option(usage, letter)),
                  "'%s %s' is an option of %s, and its usage does not name it:\n%s", name, opt,
                  name, usage);
        cr_expect(has_option(body, opt), "'%s %s' is an option, and %s --help says nothing of it",
                  name, opt, name);
      }
      line = end + 1;
    }
    /* and back: what the usage and the help's option lines (their heads,
     * "  -o, --output-dir DIR") name, the command takes; the top-level
     * usage, help's own, names the commands' */
    const bool own = cmds[c][1] || strcmp(cmds[c][0], "help") != 0;
    char *heads = sp_xstrdup(own ? usage : "");
    for (const char *l = own ? body : NULL; l && *l;
         l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
      size_t lead = strspn(l, " ");
      if (lead == 0 || l[lead] != '-')
        continue;
      const char *gap = strstr(l + lead, "  "), *eol = strchr(l, '\n');
      const char *stop = gap && (!eol || gap < eol) ? gap : eol ? eol : l + strlen(l);
      char *more = sp_xasprintf("%s\n%.*s", heads, (int)(stop - l), l);
      free(heads);
      heads = more;
    }
    char named[64][40];
    size_t m = long_options(heads, named, 64);
    free(heads);
    for (size_t i = 0; i < m; i++) {
      bool taken = false;
      for (size_t k = 0; k < n && !taken; k++)
        taken = strcmp(table[k], named[i]) == 0;
      cr_expect(taken, "%s --help names '%s', which %s does not take", name, named[i], name);
    }
    free(usage);
    free(help);
    free(list);
  }
}

/* `help` of a path of dots alone names no key and says so: it once printed
 * help_key's message unset, an uninitialised stack buffer. */
Test(cli, help_of_dots_alone_says_it_names_no_key)
{
  char dots[1001];
  memset(dots, '.', 1000);
  dots[1000] = '\0';
  const char *paths[] = {".", "..", dots};
  for (size_t i = 0; i < 3; i++) {
    char *out = NULL, *err = NULL;
    const char *args[] = {"help", paths[i], NULL};
    cr_expect_eq(tu_run(args, &out, &err), 2, "help %.8s", paths[i]);
    cr_expect_str_empty(out);
    char want[1200];
    snprintf(want, sizeof want,
             "stemprint: error: '%s' names no recipe key; a key is a dotted path such as "
             "tracks.gain (stemprint help keys lists them)\n",
             paths[i]);
    cr_expect_str_eq(err, want);
    free(out);
    free(err);
  }
}

/* Run stemprint with args, its standard output fd 1 as set by how
 * ("full": /dev/full, "closed": closed); its standard error into *err.
 * Returns its exit status. */
static int run_stdout(const char *how, const char *const *args, char **err)
{
  char *dir = tu_tmpdir();
  char *pe = tu_path(dir, "stderr");
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    int fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fe, 2);
    if (strcmp(how, "full") == 0)
      dup2(open("/dev/full", O_WRONLY), 1);
    else
      close(1);
    tu_exec(args);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  *err = tu_slurp_must(pe);
  tu_rmtree(dir);
  free(dir);
  free(pe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* What a command prints that is lost (a full device, a closed standard
 * output) fails the command with exit 3, never exit 0. */
Test(cli, a_command_whose_output_is_lost_fails)
{
  if (access("/dev/full", W_OK) != 0)
    cr_skip_test("no /dev/full here");
  const char *recipe = SP_SOURCE_DIR "/recipes/demo/song.yaml";
  const char *const runs[][5] = {{"schema", NULL},        {"plan", "--json", recipe, NULL},
                                 {"graph", recipe, NULL}, {"check", recipe, NULL},
                                 {"help", "keys", NULL},  {"--version", NULL}};
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    char *err = NULL;
    cr_expect_eq(run_stdout("full", runs[i], &err), 3, "%s to /dev/full", runs[i][0]);
    cr_expect(strstr(err, "stemprint: error: standard output: what was printed could not be "
                          "written") != NULL,
              "%s: %s", runs[i][0], err);
    free(err);
    cr_expect_eq(run_stdout("closed", runs[i], &err), 3, "%s to a closed stdout", runs[i][0]);
    cr_expect(strstr(err, "standard output: what was printed could not be written") != NULL,
              "%s: %s", runs[i][0], err);
    free(err);
  }
  /* the reason, where a flush says it */
  const char *help[] = {"help", "keys", NULL};
  char *err = NULL;
  run_stdout("full", help, &err);
  cr_expect(strstr(err, "(No space left on device); send it to a file or device with room for "
                        "it\n") != NULL,
            "%s", err);
  free(err);
}

/* ---- "-": standard output, for every output option ----------------------- */

/* args (NULL-ended) into out with each word of dict (pairs, NULL-ended:
 * "@R", the recipe's path) put in for its value. */
static void dash_args(const char *const *args, const char *const *dict, const char **out)
{
  size_t i = 0;
  for (; args[i]; i++) {
    out[i] = args[i];
    for (size_t k = 0; dict[k]; k += 2)
      if (strcmp(args[i], dict[k]) == 0)
        out[i] = dict[k + 1];
  }
  out[i] = NULL;
}

/* Every output option of every command given "-" writes its document on
 * standard output and nothing else there (the command's own text goes to
 * standard error), and writes no file named "-": one rule, as --junit -
 * once wrote a file '-'. Two outputs given "-", or one beside a flag that
 * prints a document there (--json, --csv), are refused; an output that is
 * a file in its own right (export's archive, init's and import's recipe)
 * refuses "-", saying why. */
Test(cli, every_output_option_takes_dash_as_standard_output)
{
  enum { N = 4800 };
  static float x[2 * N];
  for (int i = 0; i < N; i++)
    x[2 * i] = x[2 * i + 1] = (float)(0.1 * ((i % 96) - 48) / 48.0);
  char *dir = tu_tmpdir();
  char *w = tu_write_wav(dir, "tone.wav", 2, 48000, 32, x, N);
  char *r = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  tone: {file: tone.wav}\n");
  char *bad = tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  tone: {file: none.wav}\n");
  char *a = tu_path(dir, "A"), *b = tu_path(dir, "B"), *o = tu_path(dir, "O");
  const char *dict[] = {"@R", r, "@W", w, "@A", a, "@B", b, "@O", o, "@X", bad, "@D", dir, NULL};
  const char *prints[][6] = {{"render", r, "-q", "-o", a, NULL},
                             {"render", r, "-q", "-o", b, NULL}};
  for (size_t i = 0; i < 2; i++)
    cr_assert_eq(tu_run(prints[i], NULL, NULL), 0);
  static const struct {
    const char *args[10];
    const char *starts, *ends, *err; /* stdout's start and end; in stderr, or NULL */
  } writes[] = {
      {{"render", "@R", "-o", "@O", "--junit", "-", NULL}, "<?xml", "</testsuites>\n", "rendered"},
      {{"render", "@R", "-o", "@O", "--report", "-", NULL}, "{\n", "}\n", "rendered"},
      {{"render", "@R", "-o", "@O", "--html", "-", NULL},
       "<!DOCTYPE html>",
       "</html>\n",
       "rendered"},
      {{"render", "@R", "-o", "@O", "--depfile", "-", NULL}, "", "tone.wav:\n", "rendered"},
      {{"render", "@R", "-o", "@O", "--profile", "-", NULL}, "{\n", "}\n", "rendered"},
      {{"render", "@X", "--diagnostics", "github", "--diagnostics-file", "-", NULL},
       "::error file=",
       "tone.wav'?\n",
       "cannot read"},
      {{"check", "@R", "--junit", "-", NULL}, "<?xml", "</testsuites>\n", ": ok"},
      {{"check", "@X", "--diagnostics", "gitlab", "--diagnostics-file", "-", NULL},
       "[",
       "]\n",
       "cannot read"},
      {{"loudness", "@W", "--junit", "-", NULL}, "<?xml", "</testsuites>\n", "LUFS"},
      {{"loudness", "@W", "--html", "-", NULL}, "<!DOCTYPE html>", "</html>\n", "LUFS"},
      {{"null", "@W", "@W", "--junit", "-", NULL}, "<?xml", "</testsuites>\n", NULL},
      {{"diff", "@A", "@B", "--json", "-", NULL}, "{\n", "}\n", "diff: "},
      {{"diff", "@A", "@B", "--junit", "-", NULL}, "<?xml", "</testsuites>\n", "diff: "},
      {{"diff", "@A", "@B", "--markdown", "-", NULL}, "### stemprint diff", "\n", "diff: "},
      {{"diff", "@A", "@B", "--html", "-", NULL}, "<!DOCTYPE html>", "</html>\n", "diff: "},
      {{"schema", "-o", "-", NULL}, "{\n", "}\n", NULL},
      /* /dev/stdout is standard output too (it went to standard error,
       * where main points file descriptor 1) */
      {{"render", "@R", "-o", "@O", "--report", "/dev/stdout", NULL}, "{\n", "}\n", "rendered"},
  };
  for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
    const char *args[12];
    dash_args(writes[i].args, dict, args);
    char *out = NULL, *err = NULL;
    const int st = tu_run(args, &out, &err);
    const char *what = writes[i].args[0];
    cr_expect(st == 0 || st == 1 || (st == 3 && strstr(writes[i].args[1], "@X")), "%s %zu: %d: %s",
              what, i, st, err);
    cr_expect_eq(strncmp(out, writes[i].starts, strlen(writes[i].starts)), 0,
                 "%s %zu: stdout starts '%s':\n%.300s", what, i, writes[i].starts, out);
    const size_t n = strlen(out), e = strlen(writes[i].ends);
    cr_expect(n >= e && strcmp(out + n - e, writes[i].ends) == 0, "%s %zu: stdout ends '%s':\n%s",
              what, i, writes[i].ends, n > 300 ? out + n - 300 : out);
    if (writes[i].err)
      cr_expect(strstr(err, writes[i].err), "%s %zu: '%s' in stderr:\n%s", what, i, writes[i].err,
                err);
    cr_expect(access("-", F_OK) != 0, "%s %zu wrote a file named '-'", what, i);
    unlink("-");
    free(out), free(err);
  }
  static const struct {
    const char *args[10];
    const char *said;
  } refused[] = {
      {{"render", "@R", "-o", "@O", "--report", "-", "--junit", "-", NULL},
       "--junit -: --report - writes standard output too"},
      {{"render", "@R", "-o", "@O", "--report", "-", "--junit", "/dev/stdout", NULL},
       "--junit /dev/stdout: --report - writes standard output too"},
      {{"check", "@R", "--json", "--junit", "-", NULL},
       "--json prints its document on standard output, and --junit - writes there; give --junit "
       "a file"},
      {{"loudness", "@W", "--csv", "--html", "-", NULL}, "--csv prints its document on standard"},
      {{"null", "@W", "@W", "--junit", "-", "--json", NULL}, "--json prints its document"},
      {{"export", "@R", "-o", "-", NULL},
       "-o -: '-' is standard output, which cannot hold a DAWproject archive"},
      {{"export", "@R", "-o", "/dev/stdout", NULL},
       "-o /dev/stdout: '/dev/stdout' is standard output, which cannot hold a DAWproject"},
      {{"init", "@D", "-o", "-", NULL}, "-o -: '-' is standard output, which cannot hold a recipe"},
      {{"import", "@R", "--output", "-", NULL},
       "--output -: '-' is standard output, which cannot hold a recipe"},
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    const char *args[12];
    dash_args(refused[i].args, dict, args);
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(args, &out, &err), 2, "%s %zu: %s", refused[i].args[0], i, err);
    cr_expect(strstr(err, refused[i].said), "%s %zu: want '%s' in:\n%s", refused[i].args[0], i,
              refused[i].said, err);
    cr_expect_str_empty(out, "%s %zu: %s", refused[i].args[0], i, out);
    cr_expect(access("-", F_OK) != 0, "%s %zu wrote a file named '-'", refused[i].args[0], i);
    unlink("-");
    free(out), free(err);
  }
  free(a), free(b), free(o), free(bad), free(r), free(w);
  tu_rmtree(dir);
  free(dir);
}
