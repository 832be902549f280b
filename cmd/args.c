/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options: a table per command, read by getopt_long.
 *
 * A command declares its options (name, letter, kind, where the value goes,
 * what a value is, an example) and gets the forms getopt_long users expect,
 * the same in every command, and messages that name the option and the
 * forms it takes. Values with units go through core/base/units.c, as a recipe's
 * do. A unit may also come as an argument of its own (`--target -14 LUFS`):
 * an argument that is exactly a unit's spelling (any case, any family) right
 * after a value is taken into it, never read as a file name; when it is not
 * a unit of that option's family the value is refused, not split.
 *
 * getopt_long keeps its state in globals (optind, optarg, optopt, and
 * glibc's own position inside a group of short flags). Each parse starts
 * with optind = 0, glibc's full reset, so a second parse in one process
 * starts clean. Its own messages are off (opterr = 0 and a ':' in front of
 * the short options, which also tells a missing value from an unknown
 * option): the errors are ours, in stemprint's style. A '-' in front makes
 * it return each positional argument in turn, as option 1, whatever
 * POSIXLY_CORRECT says: options may follow them and nothing is permuted. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "io/fs/fs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sp_cli_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap, aq;
  va_start(ap, fmt);
  va_copy(aq, ap);
  const int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *text = sp_xmalloc(n > 0 ? (size_t)n + 1 : 1);
  vsnprintf(text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
  va_end(ap);
  sp_diag_line(stderr, "stemprint: error: %s (see 'stemprint %s%s--help')", text, cmd ? cmd : "",
               cmd ? " " : "");
  free(text);
  return SP_ERR_USAGE;
}

/* getopt_long returns LONG_BASE + i for the long form of row i (the short
 * form returns its letter), so no row's value is a letter. */
enum { LONG_BASE = 256 };

static const sp_arg *row_of(const sp_arg *opts, size_t n, int c)
{
  if (c >= LONG_BASE && (size_t)(c - LONG_BASE) < n)
    return &opts[c - LONG_BASE];
  for (size_t i = 0; i < n; i++)
    if (opts[i].letter && opts[i].letter == c)
      return &opts[i];
  return NULL;
}

/* The option as the user wrote it, for messages: "--jobs" for the long
 * form (an abbreviation too), "-j" for the letter, alone or in a group. */
static void spelled(const sp_arg *o, const char *arg, char *buf, size_t n)
{
  if (o->letter && strncmp(arg, "--", 2) != 0)
    snprintf(buf, n, "-%c", o->letter);
  else
    snprintf(buf, n, "--%s", o->name);
}

/* The ways to write the option with a value: "like -j 2 or --jobs=2",
 * "like --target -14 LUFS or --target=-14LUFS". */
static void forms(const sp_arg *o, char *buf, size_t n)
{
  const char *ex = o->example ? o->example : "VALUE";
  if (o->kind == SP_ARG_VALUE) {
    const char *blank = strchr(ex, ' ');
    int digits = blank ? (int)(blank - ex) : (int)strlen(ex);
    snprintf(buf, n, "like --%s %s or --%s=%.*s%s", o->name, ex, o->name, digits, ex,
             blank ? blank + 1 : "");
  } else if (o->letter) {
    snprintf(buf, n, "like -%c %s or --%s=%s", o->letter, ex, o->name, ex);
  } else {
    snprintf(buf, n, "like --%s %s or --%s=%s", o->name, ex, o->name, ex);
  }
}

/* A whole number: digits with an optional sign, nothing else. */
static bool whole(const char *text, long *out)
{
  const char *s = text + (*text == '+' || *text == '-');
  if (!isdigit((unsigned char)*s))
    return false;
  char *end = NULL;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (*end || errno)
    return false;
  *out = v;
  return true;
}

/* The output option given "-" (cmd/cli.h): the command's standard output
 * is its document's. */
static const char *stdout_by;

/* Check text as a value of o and store it (a list's noted in a, which
 * frees it); false when it is not one. */
static bool take(const sp_arg *o, const char *text, sp_args *a)
{
  switch (o->kind) {
  case SP_ARG_FLAG: *(bool *)o->to = true; return true;
  case SP_ARG_TEXT:
    if (!*text || (o->file_only && sp_fs_is_stdout(text)))
      return false;
    *(const char **)o->to = text;
    if (o->output)
      sp_cli_writes_add(o->name, text);
    if (o->output && !stdout_by && sp_fs_is_stdout(text))
      stdout_by = o->name;
    return true;
  case SP_ARG_LIST: {
    if (!*text)
      return false;
    sp_arg_list *l = o->to;
    if (l->n == 0) {
      a->lists = sp_xreallocarray(a->lists, a->n_lists + 1, sizeof *a->lists);
      a->lists[a->n_lists++] = l;
    }
    l->v = sp_xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = text;
    return true;
  }
  case SP_ARG_CHOICE:
    for (size_t k = 0; o->choices[k]; k++)
      if (strcmp(text, o->choices[k]) == 0) {
        *(const char **)o->to = o->choices[k];
        return true;
      }
    return false;
  case SP_ARG_WHOLE: {
    long v;
    if (!whole(text, &v) || v < o->min || v > o->max)
      return false;
    *(long *)o->to = v;
    return true;
  }
  case SP_ARG_VALUE: {
    double v;
    if (!sp_units_parse(o->unit, text, &v, NULL, 0) || !(v >= o->min && v <= o->max))
      return false;
    *(double *)o->to = v;
    return true;
  }
  }
  return false;
}

/* The message for what getopt_long refused as unknown ('?'): arg is the
 * argument it was reading, opt its optopt (0 for a long option that is
 * unknown or ambiguous, LONG_BASE + i for a flag given a value, the letter
 * for an unknown short option). */
static sp_err refused(const char *cmd, const sp_arg *opts, size_t n, const char *arg, int opt)
{
  if (opt >= LONG_BASE) {
    const sp_arg *o = row_of(opts, n, opt);
    return sp_cli_usage_error(cmd, "'%s': --%s takes no value; give --%s alone", arg, o->name,
                              o->name);
  }
  const char **names = sp_xcalloc(n + 1, sizeof *names);
  for (size_t i = 0; i < n; i++)
    names[i] = opts[i].name;
  names[n] = "help";
  sp_err err;
  if (strncmp(arg, "--", 2) == 0) {
    /* The name as written, without "--" and "=value". */
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
    char list[512] = "";
    size_t matches = 0, len = strlen(word);
    for (size_t i = 0; i <= n && len > 0; i++)
      if (strncmp(names[i], word, len) == 0) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s'--%s'", matches ? ", " : "", names[i]);
        matches++;
      }
    /* The last ", " becomes " or ". */
    char *last = strrchr(list, ',');
    if (matches >= 2 && last) {
      memmove(last + 3, last + 1, strlen(last + 1) + 1);
      memcpy(last, " or", 3);
    }
    const char *near = sp_suggest(word, names, n + 1);
    if (matches >= 2)
      err = sp_cli_usage_error(cmd, "option '--%s' is ambiguous; did you mean %s?", word, list);
    else if (near)
      err = sp_cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?", word, near);
    else
      err = sp_cli_usage_error(cmd, "unknown option '--%s'", word);
  } else {
    /* A short option, alone or in a group; "-json" was probably --json. */
    const char *near = strlen(arg) > 2 ? sp_suggest(arg + 1, names, n + 1) : NULL;
    if (strlen(arg) <= 2)
      err = sp_cli_usage_error(cmd, "unknown option '-%c'", opt);
    else if (near)
      err = sp_cli_usage_error(cmd, "unknown option '-%c' in '%s'; did you mean '--%s'?", opt, arg,
                               near);
    else
      err = sp_cli_usage_error(cmd, "unknown option '-%c' in '%s'", opt, arg);
  }
  free(names);
  return err;
}

/* sp_args_parse, the first `recipes` positional arguments recipes: "-"
 * among them is standard input (sp_cli_spec). */
static sp_err parse(const char *cmd, const char *help, const sp_arg *opts, int argc, char **argv,
                    size_t recipes, sp_args *a)
{
  memset(a, 0, sizeof *a);
  sp_cli_writes_reset();
  stdout_by = NULL;
  size_t n = 0;
  while (opts[n].name)
    n++;

  /* --list-options, alone: the table, an option a line ("--jobs -j
   * VALUE", "--json"), as git's --git-completion-helper lists a command's
   * options for tools. Not in the help: it is for tools (tests/test_cli.c
   * compares it with the usage; a completion script may read it). */
  if (argc == 1 && strcmp(argv[0], "--list-options") == 0) {
    FILE *out = sp_cli_out();
    for (size_t i = 0; i < n; i++) {
      fprintf(out, "--%s", opts[i].name);
      if (opts[i].letter)
        fprintf(out, " -%c", opts[i].letter);
      fputs(opts[i].kind == SP_ARG_FLAG ? "\n" : " VALUE\n", out);
    }
    fputs("--help -h\n", out);
    a->help = true;
    return SP_OK;
  }

  /* The tables getopt_long reads: "-:" (see the top), each letter with a
   * ':' when it takes a value, and the long options. */
  struct option *longs = sp_xcalloc(n + 2, sizeof *longs);
  char *shorts = sp_xmalloc(2 * n + 4);
  size_t k = 0;
  shorts[k++] = '-';
  shorts[k++] = ':';
  for (size_t i = 0; i < n; i++) {
    int has_arg = opts[i].kind == SP_ARG_FLAG ? no_argument : required_argument;
    longs[i] = (struct option){opts[i].name, has_arg, NULL, LONG_BASE + (int)i};
    if (opts[i].letter) {
      shorts[k++] = opts[i].letter;
      if (has_arg)
        shorts[k++] = ':';
    }
  }
  longs[n] = (struct option){"help", no_argument, NULL, 'h'};
  shorts[k++] = 'h';
  shorts[k] = '\0';

  /* getopt_long's vector starts with a program name; the strings are
   * argv's, and a->pos points to them. */
  static char prog[] = "stemprint";
  int vc = argc + 1;
  char **v = sp_xcalloc((size_t)vc + 1, sizeof *v);
  v[0] = prog;
  for (int i = 0; i < argc; i++)
    v[i + 1] = argv[i];
  bool *seen = sp_xcalloc(n + 1, sizeof *seen);
  a->pos = sp_xcalloc((size_t)argc + 1, sizeof *a->pos);

  sp_err err = SP_OK;
  optind = 0;
  opterr = 0;
  while (err == SP_OK) {
    /* The argument getopt_long reads next (the same one while it walks a
     * group of short flags); optind 0 means the first. */
    const char *arg = v[optind < 1 ? 1 : optind];
    int c = getopt_long(vc, v, shorts, longs, NULL);
    if (c == -1) {
      /* The end, or "--": what follows is positional. */
      for (int i = optind; i < vc; i++)
        a->pos[a->n_pos++] = v[i];
      break;
    }
    if (c == 1) {
      a->pos[a->n_pos++] = optarg;
      continue;
    }
    if (c == 'h') {
      fputs(help, sp_cli_out());
      a->help = true;
      break;
    }
    if (c == '?') {
      err = refused(cmd, opts, n, arg, optopt);
      break;
    }
    char name[80], how[256];
    if (c == ':') {
      const sp_arg *o = row_of(opts, n, optopt);
      spelled(o, arg, name, sizeof name);
      forms(o, how, sizeof how);
      err = sp_cli_usage_error(cmd, "%s needs %s, %s", name, o->what, how);
      break;
    }
    const sp_arg *o = row_of(opts, n, c);
    size_t i = (size_t)(o - opts);
    /* One rule for every command: an option that takes one value, given
     * twice, is a mistake (which did they mean?); a list takes each, and a
     * flag given again changes nothing. */
    if (seen[i] && o->kind != SP_ARG_LIST && o->kind != SP_ARG_FLAG) {
      err = sp_cli_usage_error(cmd, "--%s given twice; give it once", o->name);
      break;
    }
    seen[i] = true;
    if (o->given)
      *o->given = true;
    if (o->kind == SP_ARG_FLAG) {
      take(o, "", a);
      continue;
    }
    const char *text = optarg;
    char *joined = NULL;
    if (o->kind == SP_ARG_VALUE && optind < vc && sp_units_is_unit_word(v[optind]))
      text = joined = sp_xasprintf("%s %s", optarg, v[optind++]);
    if (!take(o, text, a)) {
      spelled(o, arg, name, sizeof name);
      forms(o, how, sizeof how);
      /* the unit's own word on what is wrong (a dB where LU is meant) */
      char why[256] = "";
      double unused;
      if (o->kind == SP_ARG_VALUE && !sp_units_parse(o->unit, text, &unused, why, sizeof why) &&
          strstr(why, "does not fit")) {
        why[strcspn(why, ";")] = '\0'; /* its example: the option's own follows */
        err =
            sp_cli_usage_error(cmd, "%s '%s': %s: it needs %s, %s", name, text, why, o->what, how);
      } else if (o->file_only && sp_fs_is_stdout(text)) /* standard output: not this one */
        err = sp_cli_usage_error(
            cmd, "%s %s: '%s' is standard output, which cannot hold %s; give %s, %s", name, text,
            text, o->file_only, o->what, how);
      else
        err = sp_cli_usage_error(cmd, "%s '%s': needs %s, %s", name, text, o->what, how);
    }
    free(joined);
  }
  /* a document printed on standard output beside the one an output
   * given "-" writes there */
  for (size_t i = 0; err == SP_OK && !a->help && stdout_by && i < n; i++)
    if (seen[i] && opts[i].document)
      err = sp_cli_usage_error(cmd,
                               "--%s prints its document on standard output, and --%s - writes "
                               "there; give --%s a file",
                               opts[i].name, stdout_by, stdout_by);
  free(seen);
  free(v);
  free(shorts);
  free(longs);
  /* a recipe given as "-": standard input, by the name it is read by (as
   * /dev/stdin, never written through); noted as read so, a stream, not
   * the standard output an output given "-" writes */
  for (size_t i = 0; i < a->n_pos && i < recipes; i++)
    a->pos[i] = (char *)sp_fs_input_path(a->pos[i]);
  /* a file written over one read, said before anything is written */
  for (size_t i = 0; err == SP_OK && !a->help && i < a->n_pos; i++)
    sp_cli_reads_add(a->pos[i], "an input of this command");
  char why[2048];
  if (err == SP_OK && !a->help && sp_cli_writes_check(true, why, sizeof why) != SP_OK)
    err = SP_ERR_USAGE;
  if (err != SP_OK || a->help) {
    free(a->pos);
    a->pos = NULL;
    a->n_pos = 0;
  }
  return err;
}

sp_err sp_args_parse(const char *cmd, const char *help, const sp_arg *opts, int argc, char **argv,
                     sp_args *a)
{
  return parse(cmd, help, opts, argc, argv, 0, a);
}

void sp_args_fini(sp_args *a)
{
  free(a->pos);
  a->pos = NULL;
  a->n_pos = 0;
  for (size_t i = 0; i < a->n_lists; i++) {
    free(a->lists[i]->v);
    *a->lists[i] = (sp_arg_list){0};
  }
  free(a->lists);
  a->lists = NULL;
  a->n_lists = 0;
}

bool sp_cli_parse(const sp_cli_spec *s, const sp_arg *opts, int argc, char **argv, sp_args *a,
                  int *status)
{
  *status = parse(s->name, s->help, opts, argc, argv, s->recipes, a);
  if (*status == SP_OK && !a->help && a->n_pos < s->min)
    *status = sp_cli_usage_error(s->name, "%s", s->few);
  else if (*status == SP_OK && !a->help && a->n_pos > s->max)
    /* many names up to two of the arguments; a->pos ends with a NULL */
    *status = sp_cli_usage_error(s->name, s->many, a->pos[0], a->pos[1]);
  if (*status == SP_OK && !a->help)
    return true;
  sp_args_fini(a);
  return false;
}

/* ---- stemprint's standard output ------------------------------------------ */

static const char *program = "";

void sp_cli_set_program(const char *argv0) { program = argv0; }

const char *sp_cli_program(void) { return program; }

static FILE *out_file;

/* A stop: what is held taken away, then the signal's own end. */
static void take_held_and_stop(int sig)
{
  sp_fs_remove_held();
  signal(sig, SIG_DFL);
  raise(sig);
}

void sp_cli_stop_takes_held(sp_cli_stop *s)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = take_held_and_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &s->was[0]);
  sigaction(SIGTERM, &sa, &s->was[1]);
}

void sp_cli_stop_restore(const sp_cli_stop *s)
{
  sigaction(SIGINT, &s->was[0], NULL);
  sigaction(SIGTERM, &s->was[1], NULL);
}

FILE *sp_cli_out(void)
{
  if (stdout_by) /* a document's, given "-": the command's text goes to stderr */
    return stderr;
  return out_file ? out_file : stdout;
}

void sp_cli_out_separate(void)
{
  /* A copy of standard output above the standard three, closed in child
   * processes (dot); then fd 1 is standard error. When standard output is
   * closed or is standard error already, nothing changes. Once separated,
   * a second call changes nothing. */
  if (out_file)
    return;
  int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    return;
  FILE *f = fdopen(fd, "w");
  if (!f || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    if (f)
      fclose(f);
    else
      close(fd);
    return;
  }
  out_file = f;
  sp_fs_set_stdout(f); /* where an output given "-" goes */
}

/* Whether f is a pipe whose reader has left: an earlier write failed with
 * EPIPE (SIGPIPE is ignored, cmd/entry.c) and stdio keeps no errno. */
static bool reader_left(FILE *f)
{
  struct stat st;
  struct pollfd p = {.fd = fileno(f), .events = POLLOUT};
  return fstat(p.fd, &st) == 0 && S_ISFIFO(st.st_mode) && poll(&p, 1, 0) == 1 &&
         (p.revents & POLLERR);
}

int sp_cli_out_finish(int status)
{
  FILE *f = sp_cli_out();
  errno = 0;
  const bool flushed = fflush(f) == 0;
  const int e = errno;
  if (flushed && !ferror(f))
    return status;
  if (e == EPIPE || reader_left(f)) { /* (| head): nothing of the command's is lost */
    fputs("stemprint: warning: standard output: its reader left before stemprint ended; the "
          "rest of what it printed was dropped\n",
          stderr);
    return status;
  }
  /* a write's reason is lost once stdio buffers past it: a failed flush
   * still says it (the device is still full, the file still closed) */
  if (!flushed && e)
    fprintf(stderr,
            "stemprint: error: standard output: what was printed could not be written (%s); "
            "send it to a file or device with room for it\n",
            strerror(e));
  else
    fputs("stemprint: error: standard output: what was printed could not be written; send it "
          "to a file or device with room for it\n",
          stderr);
  return status ? status : SP_ERR_IO;
}
