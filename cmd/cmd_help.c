/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint help [COMMAND|inserts|keys|layouts|lv2 [PLUGIN]|ladspa [PLUGIN]|KEY]: the usage, a
 * command's help, the processors and their parameters, the channel
 * layouts, the LV2 plugins, or a recipe key's row (core/recipe/keys.h). */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/procs/proc.h"
#include "core/recipe/keys.h"
#include "io/recipe/parse_timed.h"
#include "io/recipe/parse_values.h"
#include "cmd/schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A processor, or a family's classes (made from what its selector names). */
static void help_family(const sp_proc_family *f)
{
  if (f->single) {
    sp_cli_help_class(f->name, f->single, false);
    return;
  }
  fprintf(sp_cli_out(), "%s — %s\n  %-10s %s; its other parameters are the class's:\n\n", f->name,
          f->summary, f->selector, f->selector_help);
  for (size_t k = 0; f->count && k < f->count(); k++) {
    char *name = sp_xasprintf("%s: {%s: %s}", f->name, f->selector, f->at(k)->name);
    sp_cli_help_class(name, f->at(k), false);
    free(name);
  }
}

static void help_inserts(void)
{
  fprintf(sp_cli_out(),
          "Inserts (processors). In a recipe:\n"
          "  inserts: [{NAME: {PARAM: VALUE, ...}}]   'bypass: true' on any;\n"
          "  'bypass: [[0, false], [2 s, true]]' switches it while it runs, crossfaded;\n"
          "  'channels: [Ls, Rs]' on any: only those channels of its path;\n"
          "  'key: {from: TRACK_OR_BUS, tap: pre|fader|post}' on those that take a key;\n"
          "  'detect: [L, R, C]' on those with a detector: the channels it hears;\n"
          "  'name: la2a' on outboard gear (hardware): its send is sends/la2a.wav.\n"
          "Linked processors compute their gain once from the sum of the stems\n"
          "passing through (or from their key) and apply it to each, so stems\n"
          "null against the mix; the others run on each stem.\n\n");
  for (size_t i = 0; i < sp_proc_family_count(); i++)
    help_family(sp_proc_family_at(i));
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

/* ---- help KEY: a recipe key's row ------------------------------------------------ */

/* A number as help writes a bound: -inf, 24, 0.05. */
static void bound(char *out, size_t size, double v)
{
  if (isinf(v))
    snprintf(out, size, "%sinf", v < 0 ? "-" : "");
  else
    snprintf(out, size, "%g", v);
}

/* The keys of the mapping of scope, NULL-terminated. */
static const char *const *names_of(const char *scope)
{
  const char *const *names = strcmp(scope, "TRACK") == 0    ? sp_keys_track_all
                             : strcmp(scope, "BUS") == 0    ? sp_keys_bus_all
                             : strcmp(scope, "MASTER") == 0 ? sp_keys_master_all
                                                            : NULL;
  const sp_key_table *t = names ? NULL : sp_key_table_find(scope);
  return t ? t->keys : names;
}

/* The keys of the mapping of scope, comma-separated, into out. */
static void keys_of(const char *scope, char *out, size_t size)
{
  const char *const *names = names_of(scope);
  out[0] = '\0';
  for (const char *const *k = names; k && *k; k++)
    snprintf(out + strlen(out), size - strlen(out), "%s%s", k == names ? "" : ", ", *k);
}

/* The mapping a row's value opens, for the path's next key: its table (a
 * list's or a map's items', a mapping's), or NULL. A map's items are
 * named: *named says a name comes first (tracks.NAME.gain). */
static const char *opens(const sp_key_row *r, bool *named)
{
  *named = r->type == SP_KEY_T_MAP;
  if (r->type == SP_KEY_T_INSERTS || r->type == SP_KEY_T_INSTRUMENT)
    return "INSERT";
  if (!r->of || strchr(r->of, '|'))
    return r->of && strchr(r->of, '|') ? "POSITION" : NULL;
  return r->of;
}

/* What a row's type takes, in one line, into out: "level, -inf .. 24 dB",
 * "enum wav, flac", "timed value (gain: -inf .. 24 dB): ...". */
static void type_text(const sp_key_row *r, char *out, size_t size)
{
  char lo[32], hi[32];
  snprintf(out, size, "%s", sp_key_type_name(r->type));
#define ADD(...) snprintf(out + strlen(out), size - strlen(out), __VA_ARGS__)
  if (r->type == SP_KEY_T_ENUM || r->store == SP_KEY_S_WORDS) { /* a list of some of them */
    ADD("%s", r->type == SP_KEY_T_ENUM ? "" : " of some of");
    for (const char *const *w = r->words; w && *w; w++)
      ADD("%s%s", w == r->words ? " " : ", ", *w);
  } else if (r->type == SP_KEY_T_TIMED) {
    const recipe_timed *k = recipe_timed_of(r->timed);
    /* the kind as a user says it: its values' noun and range (a row of a
     * timed key names a kind: tests/test_keys.c) */
    if (k && k->read == recipe_timed_switch) {
      ADD(" (true or false");
    } else if (k) {
      bound(lo, sizeof lo, k->kind->min);
      bound(hi, sizeof hi, k->kind->max);
      ADD(" (%s: %s .. %s%s%s", k->noun ? k->noun : "value", lo, hi,
          k->kind->unit == SP_UNIT_NUMBER ? "" : " ",
          k->kind->unit == SP_UNIT_NUMBER ? "" : sp_unit_name(k->kind->unit));
    }
    ADD("): %s[[time, value], ...]%s", k && (k->forms & RECIPE_TIMED_CONSTANT) ? "a value, " : "",
        k && (k->forms & (RECIPE_TIMED_TEMPO | RECIPE_TIMED_LEVEL | RECIPE_TIMED_ENVELOPE))
            ? ", {points, ...}"
            : "");
  } else if (r->min < r->max) {
    bound(lo, sizeof lo, r->min);
    bound(hi, sizeof hi, r->max);
    ADD(", %s .. %s%s%s", lo, hi, r->unit ? " " : "", r->unit ? r->unit : "");
  } else if (r->unit) {
    ADD(" in %s", r->unit);
  }
#undef ADD
}

/* The forms a row takes besides its type's, joined by ", " into out ("":
 * none): the words it takes besides, true or false, a name, a list. */
static void other_forms(const sp_key_row *r, char *out, size_t size)
{
  static const struct {
    unsigned bit;
    const char *says;
  } forms[] = {
      {SP_KEY_OR_BOOL, "true or false"}, {SP_KEY_OR_TEXT, "a name"}, {SP_KEY_OR_LIST, "a list"}};
  out[0] = '\0';
  if (r->store == SP_KEY_S_WORDS)
    snprintf(out, size, "one of them");
  else if (r->type != SP_KEY_T_ENUM && r->words)
    for (const char *const *w = r->words; *w; w++)
      snprintf(out + strlen(out), size - strlen(out), "%s%s", w == r->words ? "" : ", ", *w);
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
    if (r->also & forms[i].bit)
      snprintf(out + strlen(out), size - strlen(out), "%s%s", *out ? ", " : "", forms[i].says);
  if (r->store == SP_KEY_S_TAP) /* a tap's mapping: after an insert */
    snprintf(out + strlen(out), size - strlen(out), "%s{after: N or NAME}", *out ? ", " : "");
}

/* What a row takes, as help lines. */
static void print_row(const char *path, const sp_key_row *r)
{
  FILE *o = sp_cli_out();
  char type[512], also[512], keys[1024];
  type_text(r, type, sizeof type);
  other_forms(r, also, sizeof also);
  fprintf(o, "%s: %s\n  type:    %s\n", path, r->help, type);
  if (*also)
    fprintf(o, "  or:      %s\n", also);
  if (r->of) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s", r->of);
    for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
      keys_of(t, keys, sizeof keys);
      fprintf(o, "  %s {%s}\n",
              r->type == SP_KEY_T_LIST     ? "each:   "
              : r->type == SP_KEY_T_MAP    ? "each:   "
              : r->type == SP_KEY_T_OBJECT ? "keys:   "
                                           : "or:     ",
              keys);
    }
  }
  if (r->type == SP_KEY_T_INSERTS || r->type == SP_KEY_T_INSTRUMENT)
    fprintf(o, "  each:    {NAME: {PARAM: VALUE, ...}} (stemprint help inserts)\n");
  fprintf(o, "  default: %s\n", r->def ? (*r->def ? r->def : "none") : "none: required");
}

/* ---- help keys: every key, the page docs/keys.md is ------------------------------- */

/* A Markdown table's cell: s with its '|' escaped. */
static void cell(FILE *o, const char *s)
{
  for (; *s; s++)
    fputs(*s == '|' ? "\\|" : (char[2]){*s, '\0'}, o);
}

/* The mapping of scope, reached at path, as Markdown: a table of its keys,
 * then the mappings its keys open, each scope once (seen: ",A,B,"). */
static void markdown_scope(const char *scope, const char *path, const char *top, char *seen,
                           size_t seen_size)
{
  char mark[40];
  snprintf(mark, sizeof mark, ",%s,", scope);
  if (strstr(seen, mark))
    return;
  snprintf(seen + strlen(seen), seen_size - strlen(seen), "%s", mark + 1);
  FILE *o = sp_cli_out();
  const char *const *names = names_of(scope);
  fprintf(o, "## `%s`\n\n| key | type | default | meaning |\n|---|---|---|---|\n",
          *path ? path : top);
  for (const char *const *k = names; k && *k; k++) {
    const sp_key_row *r = sp_key_lookup(scope, *k, NULL);
    char type[512], also[512];
    type_text(r, type, sizeof type);
    other_forms(r, also, sizeof also);
    fprintf(o, "| `%s` | ", *k);
    cell(o, type);
    if (*also) {
      fputs("; or ", o);
      cell(o, also);
    }
    fputs(" | ", o);
    cell(o, r->def ? (*r->def ? r->def : "none") : "required");
    fputs(" | ", o);
    cell(o, r->help);
    fputs(" |\n", o);
  }
  fputs("\n", o);
  for (const char *const *k = names; k && *k; k++) {
    const sp_key_row *r = sp_key_lookup(scope, *k, NULL);
    if (!r->of || r->type == SP_KEY_T_INSERTS || r->type == SP_KEY_T_INSTRUMENT)
      continue;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", r->of);
    for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
      char *sub = sp_xasprintf("%s%s%s%s", path, *path ? "." : "", *k,
                               r->type == SP_KEY_T_MAP    ? ".NAME"
                               : r->type == SP_KEY_T_LIST ? "[]"
                                                          : "");
      markdown_scope(t, sub, top, seen, seen_size);
      free(sub);
    }
  }
}

/* Every key of the recipe from its rows (core/recipe/keys.c): the page
 * docs/keys.md is (tests/test_docs.c holds the two the same). */
static void help_keys(void)
{
  char seen[2048] = ",";
  fputs("# The recipe's keys\n\n"
        "<!-- Made by `stemprint help keys > docs/keys.md` from the key rows "
        "(core/recipe/keys.c); tests/test_docs.c fails when the two differ. -->\n\n"
        "Every key a recipe takes, mapping by mapping, from the rows the parser, `stemprint "
        "help KEY` and `stemprint schema` are made from. [recipe.md](recipe.md) says what each "
        "does at length; an insert's parameters are in `stemprint help inserts`.\n\n"
        "A key's path, as messages write it and `--set KEY=VALUE` and `help KEY` take it: names "
        "between "
        "dots, a list's item in brackets from 0 (`tracks.kick.sends[0].level`; `--set` "
        "adds one with `[N]` of a list of N items), a name with dots in it as written "
        "(`tracks.lead.vox.gain`) or in double quotes (`tracks.\"lead.vox\".gain`, for "
        "`--set` a name the recipe does not hold yet). A track written as its file alone "
        "(`b: b.wav`) is `{file: b.wav}` to `--set`: `--set tracks.b.gain=-3dB` sets its "
        "gain. One key has one path however the text (or a session) writes it: a track's one "
        "region's key is `tracks.b.fade_in` and `tracks.b.regions[0].fade_in` alike, whether "
        "the track gives its region by its keys or lists it alone (as `import` writes a "
        "session's tracks; a track listing several takes `regions[N]` alone); an insert "
        "written as its one value (`- gain: -3 dB`) is `{gain: -3 dB}` (`--set "
        "tracks.b.inserts[0].gain.gain=-6dB`); the bands of an insert that has bands are "
        "`eq[0]` and `eq.bands[0]` alike, listed (`- eq: [...]`) or mapped (`- eq: {bands: "
        "[...]}`, as `import` writes them). Messages name a key by the path the text read it "
        "at.\n\n",
        sp_cli_out());
  markdown_scope("ROOT", "", "(top level)", seen, sizeof seen);
  fputs("# The album recipe's keys\n\n"
        "An album recipe (`album:` at its top, [album.md](album.md)) takes these; `help "
        "album.songs.crossfade` says one. A mapping the song's recipe has too (a loudness rule) "
        "is not repeated.\n\n",
        sp_cli_out());
  markdown_scope("ALBUM_ROOT", "", "(an album's top level)", seen, sizeof seen);
}

/* Whether param is a parameter of f's class (a family's classes are the
 * plugins': any); else why says so, with the likely spelling. */
static bool is_param(const sp_proc_family *f, const char *param, const char *path, char *why,
                     size_t why_size)
{
  const sp_proc_class *c = f->single;
  const char *names[64];
  size_t n = 0;
  for (size_t k = 0; c && k < c->n_params && n + 1 < sizeof names / sizeof *names; k++)
    names[n++] = c->params[k].name;
  names[n] = NULL;
  if (!c || recipe_in_list(param, names))
    return true;
  const char *near = recipe_suggest_key(param, names);
  snprintf(why, why_size, "no parameter '%s' of '%s' in %s%s%s%s (stemprint help inserts)", param,
           f->name, path, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
  return false;
}

/* Whether at (a segment's "[0]", "[0][1]") is one index or more as --set
 * takes them (io/recipe/yamltree.c): a whole number from 0 in brackets,
 * nothing after the last; else why says so. */
static bool is_index(const char *path, const char *at, char *why, size_t why_size)
{
  for (const char *k = at; *k;) {
    const size_t digits = *k == '[' ? strspn(k + 1, "0123456789") : 0;
    if (digits == 0 || digits > 6 || k[1 + digits] != ']') {
      snprintf(why, why_size,
               "in '%s', '%s' is not an index; an item of a list is a whole number from 0 in "
               "brackets, like output.also[0]",
               path, at);
      return false;
    }
    k += digits + 2;
  }
  return true;
}

/* help KEY: the row of a dotted path of recipe keys (tracks.gain,
 * output.depth, tracks.kick.sends.level), the names of a map's items
 * (a track's) optional; at an insert, its processor's help
 * (tracks.inserts.compressor, tracks.inserts.compressor.ratio), its own
 * keys as the insert's (tracks.inserts.compressor.key.from). Returns
 * false when path names no key. */
static bool help_key(const char *path, const char *root, char *why, size_t why_size)
{
  char *copy = sp_xstrdup(path);
  const char *scope = root;
  const sp_key_row *r = NULL;
  const sp_proc_family *proc = NULL; /* the insert's processor, its help wanted */
  bool named = false, ok = true;
  char *save = NULL;
  /* what is said when no segment names a key: a path of dots alone */
  snprintf(why, why_size,
           "'%s' names no recipe key; a key is a dotted path such as tracks.gain "
           "(stemprint help keys lists them)",
           path);
  for (char *seg = strtok_r(copy, ".", &save); seg && ok; seg = strtok_r(NULL, ".", &save)) {
    char *bracket = strchr(seg, '['); /* sends[0], as --set takes it */
    if (bracket && !is_index(path, bracket, why, why_size)) {
      ok = false;
      break;
    }
    if (bracket)
      *bracket = '\0';
    if (!scope) {
      snprintf(why, why_size, "'%s' holds no keys", path);
      ok = false;
      break;
    }
    const sp_key_row *next = sp_key_lookup(scope, seg, NULL);
    const bool at_insert = strcmp(scope, "INSERT") == 0;
    if (!next && at_insert && !proc && (proc = sp_proc_family_find(seg))) {
      r = NULL;
      continue;
    }
    if (!next && at_insert && proc) { /* one of its parameters: its help */
      ok = is_param(proc, seg, path, why, why_size);
      if (ok && *save) {
        snprintf(why, why_size, "'%s' of '%s' holds no keys", seg, proc->name);
        ok = false;
      }
      break;
    }
    proc = NULL;
    if (!next && named && *save) { /* a track's name, keys after it */
      named = false;
      if (bracket) {
        snprintf(why, why_size, "in '%s', '%s' is a name, not a list; [%s is an item of a list",
                 path, seg, bracket + 1);
        ok = false;
      }
      continue;
    }
    if (!next) {
      char keys[1024];
      keys_of(scope, keys, sizeof keys);
      const char *near = recipe_suggest_key(seg, names_of(scope));
      if (near)
        snprintf(why, why_size, "no recipe key '%s' in %s; did you mean '%s'? (it takes: %s)", seg,
                 path, near, keys);
      else
        snprintf(why, why_size, "no recipe key '%s' in %s (it takes: %s)", seg, path, keys);
      ok = false;
      break;
    }
    if (bracket && (next->type == SP_KEY_T_OBJECT || next->type == SP_KEY_T_MAP)) {
      snprintf(why, why_size,
               "in '%s', '%s' is a mapping, not a list; [%s is an item of a list%s%s%s", path, seg,
               bracket + 1, next->type == SP_KEY_T_MAP ? " (its keys are names: " : "",
               next->type == SP_KEY_T_MAP ? seg : "", next->type == SP_KEY_T_MAP ? ".NAME)" : "");
      ok = false;
      break;
    }
    r = next;
    scope = opens(r, &named);
  }
  if (ok && proc)
    help_family(proc);
  else if (ok && r)
    print_row(path, r);
  free(copy);
  return ok && (proc || r);
}

static void help_usage(void) { fputs(sp_cli_usage, sp_cli_out()); }

/* help's own topics: a page that takes nothing after its name (show), or
 * a topic with arguments of its own, its own parser and --help (run).
 * `help help` is the usage (the topics), as `help` alone is. */
static const struct topic {
  const char *name;
  void (*show)(void);
  int (*run)(int argc, char **argv);
} topics[] = {{"help", help_usage, NULL},     {"inserts", help_inserts, NULL},
              {"keys", help_keys, NULL},      {"layouts", help_layouts, NULL},
              {"lv2", NULL, sp_cmd_help_lv2}, {"ladspa", NULL, sp_cmd_help_ladspa}};
enum { N_TOPICS = sizeof topics / sizeof topics[0] };

/* A page of help's, with what follows its name (argc, argv) read as any
 * command reads its arguments: --help there is help's usage, as `help
 * --help` is; an option or a word more is a mistake. */
static int show_page(const struct topic *p, int argc, char **argv)
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
    return show_page(&topics[0], argc, argv);
  for (size_t i = 0; i < N_TOPICS; i++)
    if (strcmp(argv[0], topics[i].name) == 0)
      return topics[i].show ? show_page(&topics[i], argc - 1, argv + 1)
                            : topics[i].run(argc - 1, argv + 1);
  for (size_t i = 0; i < sp_cli_n_commands; i++)
    if (strcmp(argv[0], sp_cli_commands[i].name) == 0) {
      char *args[] = {"--help", NULL};
      const int st = sp_cli_commands[i].run(1, args);
      /* a command named as a recipe key is (latency): the key's help too */
      if (st == 0 && argc == 1 && sp_key_lookup("ROOT", argv[0], NULL)) {
        char why[1400];
        fprintf(sp_cli_out(), "\nthe recipe key '%s':\n", argv[0]);
        help_key(argv[0], "ROOT", why, sizeof why);
      }
      return st;
    }
  /* a recipe key: tracks.gain, output.depth; else an album recipe's
   * (core/recipe/album_keys.h): album.songs.crossfade, output.cd */
  char why[1400], album_why[1400];
  const bool album = strncmp(argv[0], "album", 5) == 0 && strchr(".[", argv[0][5]);
  if (help_key(argv[0], "ROOT", why, sizeof why) ||
      help_key(argv[0], "ALBUM_ROOT", album_why, sizeof album_why)) {
    if (argc > 1)
      return sp_cli_usage_error("help", "'help %s' takes nothing after it, not '%s'", argv[0],
                                argv[1]);
    return 0;
  }
  if (strchr(argv[0], '.')) {
    sp_diag_line(stderr, "stemprint: error: %s", album ? album_why : why);
    return SP_ERR_USAGE;
  }
  /* every topic: the commands, then help's own (help itself among them) */
  char list[512] = "";
  for (size_t i = 0; i < sp_cli_n_commands + N_TOPICS; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
             i < sp_cli_n_commands ? sp_cli_commands[i].name : topics[i - sp_cli_n_commands].name,
             i + 1 < sp_cli_n_commands + N_TOPICS ? ", " : "");
  sp_diag_line(stderr, "stemprint: error: no help topic '%s' (topics: %s)", argv[0], list);
  return SP_ERR_USAGE;
}
