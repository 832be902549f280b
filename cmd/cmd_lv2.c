/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint help lv2 [PLUGIN]: the installed LV2 effects, and one plugin's
 * parameters as `help inserts` prints a built-in's.
 *
 * The list says for each plugin what a recipe needs to know before naming
 * it: its URI and name, its class, its audio inputs and outputs, whether it
 * has a sidechain input and a latency port, and how it splits into stems
 * (linear: run per stem; keyed: run per stem, keyed by the mix at that
 * point; track-only: only where one stem passes; refused: why). */

#include "cmd/cli.h"

#include "base/alloc.h"
#include "core/proc.h"
#include "io/lv2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *link_name(sp_lv2_link l)
{
  switch (l) {
  case SP_LV2_LINEAR: return "linear";
  case SP_LV2_KEYED: return "keyed";
  case SP_LV2_TRACK_ONLY: return "track-only";
  default: return "refused";
  }
}

static int list_all(void)
{
  size_t n = 0;
  const char **uris = sp_lv2_installed(&n);
  printf("LV2 effects installed here (%zu plugins on %s).\n"
         "In a recipe: inserts: [{lv2: {plugin: URI or name, PORT: VALUE, ...}}]\n"
         "  linear      runs once per stem (EQ, filter, delay, reverb)\n"
         "  keyed       has a sidechain input: runs once per stem, keyed by the\n"
         "              mix at that point (or the recipe's key)\n"
         "  track-only  nonlinear, no sidechain: only where one stem passes\n"
         "  refused     cannot run here (the reason follows)\n\n",
         n, sp_lv2_search_path());
  for (size_t i = 0; i < n; i++) {
    char why[512];
    const sp_lv2_plugin *p = sp_lv2_find(uris[i], why, sizeof why);
    if (!p)
      continue;
    printf("%s\n  %s — %s; %d in, %d out%s%s; %s", p->uri, p->name, p->class_label, p->n_in,
           p->n_out, p->n_sc ? ", sidechain" : "", p->latency_port >= 0 ? ", reports latency" : "",
           link_name(p->link));
    if (p->link == SP_LV2_REFUSED)
      printf(": %s", p->refused);
    printf("\n");
  }
  free(uris);
  return 0;
}

int sp_cmd_help_lv2(int argc, char **argv)
{
  if (argc < 1)
    return list_all();
  char why[1024];
  const sp_proc_family *f = sp_proc_family_find("lv2");
  const sp_lv2_plugin *p = sp_lv2_find(argv[0], why, sizeof why);
  if (!p) {
    fprintf(stderr, "stemprint: error: %s\n", why);
    return 2;
  }
  printf("%s\n  %s — %s; %d audio in, %d out%s%s\n  splits into stems: %s", p->uri, p->name,
         p->class_label, p->n_in, p->n_out, p->n_sc ? ", sidechain input" : "",
         p->latency_port >= 0 ? ", reports latency" : "", link_name(p->link));
  if (p->link == SP_LV2_REFUSED) {
    printf(" (%s)\n", p->refused);
    return 0;
  }
  if (p->key_switch >= 0)
    printf("; its sidechain switch '%s' is held at %g (external)",
           p->controls[p->key_switch].symbol, p->controls[p->key_switch].held_value);
  printf("\n  library: %s\n\n", p->binary);
  const sp_proc_class *c = f->make(argv[0], why, sizeof why);
  if (!c) {
    fprintf(stderr, "stemprint: error: %s\n", why);
    return 2;
  }
  char *name = sp_xasprintf("lv2: {plugin: %s}", p->uri);
  sp_cli_help_class(name, c);
  free(name);
  return 0;
}
