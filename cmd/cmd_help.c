/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint help [COMMAND|inserts|layouts|lv2 [PLUGIN]|ladspa [PLUGIN]]: the usage, a
 * command's help, the processors and their parameters, the channel
 * layouts, or the LV2 plugins. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help_inserts(void)
{
  fprintf(sp_cli_out(),
          "Inserts (processors). In a recipe:\n"
          "  inserts: [{NAME: {PARAM: VALUE, ...}}]   'bypass: true' on any;\n"
          "  'bypass: [[0, false], [2 s, true]]' switches it while it runs, crossfaded;\n"
          "  'channels: [Ls, Rs]' on any: only those channels of its path;\n"
          "  'key: {from: TRACK_OR_BUS, tap: pre|fader|post}' on those that take a key;\n"
          "  'detect: [L, R, C]' on those with a detector: the channels it hears.\n"
          "Linked processors compute their gain once from the sum of the stems\n"
          "passing through (or from their key) and apply it to each, so stems\n"
          "null against the mix; the others run on each stem.\n\n");
  for (size_t i = 0; i < sp_proc_family_count(); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    if (f->single) {
      sp_cli_help_class(f->name, f->single, false);
      continue;
    }
    /* A family: its classes are made from what its selector names. */
    fprintf(sp_cli_out(), "%s — %s\n  %-10s %s; its other parameters are the class's:\n\n", f->name,
            f->summary, f->selector, f->selector_help);
    for (size_t k = 0; f->count && k < f->count(); k++) {
      char *name = sp_xasprintf("%s: {%s: %s}", f->name, f->selector, f->at(k)->name);
      sp_cli_help_class(name, f->at(k), false);
      free(name);
    }
  }
}

/* What help says of a height over the listener's side whose file says it
 * by a top-front speaker bit (7.1.2's Ltm and Rtm: WAVE_FORMAT_EXTENSIBLE
 * has no top-side bits), into note; "" for every other channel. */
static void borrowed_bit(const sp_channel *ch, char *note, size_t size)
{
  char bit[16];
  sp_layout_mask_text(ch->bit, bit, sizeof bit);
  const double front_within_deg = 60; /* a top-front speaker's azimuth at most */
  note[0] = '\0';
  if (strncmp(bit, "TF", 2) == 0 && fabs(ch->az) > front_within_deg)
    snprintf(note, size, ", in the mask as %s (WAVE has no top-side bit)", bit);
}

/* Every layout: its names, its channels in file order with their
 * positions, its channel mask. */
static void help_layouts(void)
{
  fprintf(sp_cli_out(), "Channel layouts. A layout's channels are in file order: the order of\n"
                        "WAVE_FORMAT_EXTENSIBLE's speaker bits (the channel mask written), then\n"
                        "channels it has no bit for. Positions: azimuth (degrees, positive to the\n"
                        "left) and elevation, ITU-R BS.2051's where the layout is one of its\n"
                        "systems. Loudness weights (BS.1770-4): 1.41 at 60..120 degrees either\n"
                        "side below 30 degrees of elevation, none for the LFE, else 1.\n\n");
  for (size_t i = 0; sp_layout_at(i); i++) {
    const sp_layout *l = sp_layout_at(i);
    fprintf(sp_cli_out(), "%s%s%s%s%s%s — %d channel%s, mask 0x%X%s\n", l->name,
            l->aka ? " (or " : "", l->aka ? l->aka : "", l->aka ? ")" : "",
            l->system ? ", BS.2051 " : "", l->system ? l->system : "", l->n, l->n == 1 ? "" : "s",
            l->mask,
            l->mask && __builtin_popcount(l->mask) < l->n ? " (the last channels unassigned)" : "");
    for (int c = 0; c < l->n; c++) {
      const sp_channel *ch = &l->ch[c];
      if (ch->lfe)
        fprintf(sp_cli_out(), "  %2d %-4s  low-frequency effects\n", c + 1, ch->name);
      else {
        char note[64];
        borrowed_bit(ch, note, sizeof note);
        fprintf(sp_cli_out(), "  %2d %-4s  azimuth %+4.0f, elevation %2.0f%s%s\n", c + 1, ch->name,
                ch->az, ch->el, sp_layout_weight(l, c) != 1.0 ? ", loudness weight 1.41" : "",
                note);
      }
    }
    fprintf(sp_cli_out(), "\n");
  }
}

static void help_usage(void) { fputs(sp_cli_usage, sp_cli_out()); }

/* help's own topics: each a page that takes nothing after its name. `help
 * help` is the usage (the topics), as `help` alone is. */
static const struct page {
  const char *name;
  void (*show)(void);
} pages[] = {{"help", help_usage}, {"inserts", help_inserts}, {"layouts", help_layouts}};

/* The topics with arguments of their own, each its own parser (and its own
 * --help). */
static const struct topic {
  const char *name;
  int (*run)(int argc, char **argv);
} topics[] = {{"lv2", sp_cmd_help_lv2}, {"ladspa", sp_cmd_help_ladspa}};

/* A page of help's, with what follows its name (argc, argv) read as any
 * command reads its arguments: --help there is help's usage, as `help
 * --help` is; an option or a word more is a mistake. */
static int show_page(const struct page *p, int argc, char **argv)
{
  static const sp_arg none[] = {{.name = NULL}};
  sp_args args;
  int status = sp_args_parse("help", sp_cli_usage, none, argc, argv, &args);
  if (status == 0 && !args.help && args.n_pos > 0)
    status = sp_cli_usage_error("help", "'help %s' takes nothing after it, not '%s'", p->name,
                                args.pos[0]);
  if (status == 0 && !args.help)
    p->show();
  sp_args_fini(&args);
  return status;
}

int sp_cmd_help(int argc, char **argv)
{
  /* help --help, help -h, help alone: what help itself does, which the usage says */
  if (argc == 0 || argv[0][0] == '-')
    return show_page(&pages[0], argc, argv);
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
    if (strcmp(argv[0], pages[i].name) == 0)
      return show_page(&pages[i], argc - 1, argv + 1);
  for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++)
    if (strcmp(argv[0], topics[i].name) == 0)
      return topics[i].run(argc - 1, argv + 1);
  for (size_t i = 0; i < sp_cli_n_commands; i++)
    if (strcmp(argv[0], sp_cli_commands[i].name) == 0) {
      char *args[] = {"--help", NULL};
      return sp_cli_commands[i].run(1, args);
    }
  /* every topic the loops above take, in their order: the commands, then
   * help's pages (help itself among them), then the topics with arguments */
  char list[512] = "";
  for (size_t i = 0; i < sp_cli_n_commands; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s, ", sp_cli_commands[i].name);
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s, ", pages[i].name);
  for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", topics[i].name,
             i + 1 < sizeof topics / sizeof topics[0] ? ", " : "");
  fprintf(stderr, "stemprint: error: no help topic '%s' (topics: %s)\n", argv[0], list);
  return SP_ERR_USAGE;
}
