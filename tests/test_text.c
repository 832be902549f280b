/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text from hostile hands, where stemprint says or writes it (issue 71):
 * every message with its control characters escaped (ESC, BEL, CR, LF,
 * DEL, C1 controls, a stray byte: no value sets a terminal's title or
 * starts a line of its own, a GitHub Actions command); every XML file a
 * reader takes (JUnit, a DAWproject's project.xml, an ADM axml, the HTML
 * report), read back with libxml2 and xmllint; --set's paths as messages
 * write them (a list's item, a name with dots); a routing cycle said
 * alone; check saying what render resamples. */

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "io/audio/adm.h"
#include "io/recipe/parse.h"
#include "io/xml/xml.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  tu_write_tone(dir, "a.wav", 4800, 440, 0.25);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(text, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* Whether a shell command runs with exit status 0 (its output dropped). */
static bool runs(const char *cmd)
{
  char *c = sp_xasprintf("%s >/dev/null 2>&1", cmd);
  const int st = system(c);
  free(c);
  return st == 0;
}

/* Every line of text printable: no control character but the newlines
 * that end lines, no DEL, no C1 control, valid UTF-8; each line starting
 * with prefix. */
static void expect_printable(const char *text, const char *prefix, const char *what)
{
  const unsigned char *u = (const unsigned char *)text;
  bool line_start = true;
  for (size_t i = 0; u[i]; i++) {
    if (line_start)
      cr_expect(strncmp((const char *)u + i, prefix, strlen(prefix)) == 0,
                "%s: a line starts with '%.20s', not '%s':\n%s", what, u + i, prefix, text);
    line_start = u[i] == '\n';
    cr_expect(u[i] >= 0x20 || u[i] == '\n', "%s: byte 0x%02x at %zu:\n%s", what, u[i], i, text);
    cr_expect(u[i] != 0x7f, "%s: DEL at %zu", what, i);
    cr_expect(!(u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f), "%s: a C1 control at %zu",
              what, i);
  }
}

/* ---- messages ------------------------------------------------------------ */

Test(text, escape_writes_each_control_character_as_an_escape)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"plain, caf\xc3\xa9 \xe2\x99\xaa \\d", "plain, caf\xc3\xa9 \xe2\x99\xaa \\d"},
      {"\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"},
      {"a\r\nb\tc", "a\\r\\nb\\tc"},
      {"\x7f\x01\x1f", "\\x7f\\x01\\x1f"},
      {"\xc2\x9b"
       "2J \xc2\x85",
       "\\u009b2J \\u0085"},
      {"\xff\xfe x \xc3", "\\xff\\xfe x \\xc3"},
      {"\xed\xa0\x80", "\\xed\\xa0\\x80"}, /* a surrogate is no UTF-8 */
      {"\xe2\x80\xae"
       "evil\xe2\x81\xa9\xe2\x80\xa8",
       "\\u202eevil\\u2069\\u2028"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = sp_diag_escape(cases[i].in);
    cr_expect_str_eq(got, cases[i].out, "case %zu", i);
    free(got);
  }
  char *none = sp_diag_escape(NULL);
  cr_expect_str_eq(none, "");
  free(none);
}

/* A recipe whose keys and values hold ESC, BEL, CR, LF, DEL and C1
 * controls: check's stderr is one "stemprint: " line per problem, each
 * printable, the attacker's text escaped where it stood. */
Test(text, a_recipe_cannot_put_a_control_character_on_stderr)
{
  char *r = tu_write_text(dir, "r.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  a: {file: a.wav, gain: \"\\e]0;pwned\\a\"}\n"
                          "  \"b\\r\\n::error file=r.yaml::pwned\": {file: a.wav}\n"
                          "\"x\\x7f\\x85\\x9b2J\": 1\n"
                          "output: {mix: \"m\\nix\"}\n");
  const char *args[] = {"check", r, "--no-levels", NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  expect_printable(err, "stemprint: ", "check");
  cr_expect(strstr(err, "got '\\x1b]0;pwned\\x07'"), "%s", err);
  cr_expect(strstr(err, "tracks.b\\r\\n::error file=r.yaml::pwned:"), "%s", err);
  cr_expect(strstr(err, "unknown key 'x\\x7f\\u0085\\u009b2J'"), "%s", err);
  free(err);
  /* the same as GitHub annotations: a line each, no ESC, no line of the
   * attacker's */
  const char *gh[] = {"check", r, "--no-levels", "--diagnostics", "github", NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(gh, &out, NULL), 2);
  expect_printable(out, "::error file=", "github");
  free(out);
  free(r);
}

/* The command line's own messages: a file name of stray bytes, an option's
 * value, a --set key. */
Test(text, the_command_lines_messages_are_escaped_too)
{
  char *bad = tu_path(dir, "x\xff\x1b[2J.yaml");
  const char *const runs_of[][8] = {
      {"check", bad, NULL},
      {"check", "--no-levels", "--set", "a\x1b]0;t\x07\n::error::x=1", "r.yaml", NULL},
      {"render", "--progress", "\x1b[31mred", "r.yaml", NULL},
      {"help", "no\x9b\x07topic", NULL},
  };
  free(tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  for (size_t k = 0; k < sizeof runs_of / sizeof runs_of[0]; k++) {
    char *err = NULL;
    const char *args[8];
    for (size_t i = 0; i < 8; i++) {
      const char *a = runs_of[k][i];
      args[i] = a && strcmp(a, "r.yaml") == 0 ? tu_path(dir, "r.yaml") : a;
    }
    cr_expect_neq(tu_run(args, NULL, &err), 0, "%zu: %s", k, err);
    expect_printable(err, "stemprint: ", runs_of[k][0]);
    for (size_t i = 0; i < 8; i++)
      if (args[i] != runs_of[k][i])
        free((char *)args[i]);
    free(err);
  }
  free(bad);
}

/* The render's list of the recipes that failed, escaped as messages are:
 * a file's name never acts on a terminal. */
Test(text, the_list_of_failed_recipes_is_escaped)
{
  char *err = NULL;
  free(tu_write_text(dir, "ok.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  char *bad =
      tu_write_text(dir, "b\x1b[31m.yaml", "stemprint: 1\ntracks:\n  a: {file: none.wav}\n");
  char *ok = tu_path(dir, "ok.yaml"), *o = tu_path(dir, "out");
  const char *render[] = {"render", "--progress", "none", "-o", o, ok, bad, NULL};
  cr_assert_eq(tu_run(render, NULL, &err), 3, "%s", err);
  expect_printable(err, "stemprint: ", "render");
  cr_expect(strstr(err, "1 of 2 recipes failed:") != NULL, "%s", err);
  free(err), free(bad), free(ok), free(o);
}

/* ---- XML ---------------------------------------------------------------- */

/* text parsed by libxml2 as XML 1.0 (no recovery): NULL when it is well
 * formed, else libxml2's message (heap). */
static char *not_xml(const char *text, size_t n)
{
  xmlDoc *doc = xmlReadMemory(text, (int)n, "t.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc) {
    xmlFreeDoc(doc);
    return NULL;
  }
  const xmlError *e = xmlGetLastError();
  return sp_xstrdup(e && e->message ? e->message : "not well formed");
}

/* file through `xmllint --noout`: "" when it takes it, else what it said;
 * skips the test without xmllint. */
static char *xmllint(const char *file)
{
  if (!runs("command -v xmllint"))
    cr_skip_test("xmllint is not installed (libxml2-utils)");
  char *out = tu_path(dir, "xmllint.txt");
  char *cmd = sp_xasprintf("xmllint --noout '%s' >'%s' 2>&1", file, out);
  const int st = system(cmd);
  char *said = tu_slurp(out);
  char *r = st == 0 ? sp_xstrdup("") : sp_xasprintf("%s", said ? said : "(nothing)");
  free(said), free(cmd), free(out);
  return r;
}

Test(text, xml_text_replaces_what_xml_cannot_hold)
{
  static const struct {
    const char *in;
    size_t n;
    bool markup;
    const char *out;
  } cases[] = {
      {"a&b<c>\"d'", SIZE_MAX, true, "a&amp;b&lt;c&gt;&quot;d&#39;"},
      {"a&b<c>", SIZE_MAX, false, "a&b<c>"},
      {"k\xef\xbf\xbfk\xef\xbf\xbe", SIZE_MAX, false, "k\xef\xbf\xbdk\xef\xbf\xbd"},
      {"\x01\x1b\x7f\xc2\x85|\t\n\r", SIZE_MAX, false,
       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\t\n\r"},
      {"\xff\xc3", SIZE_MAX, true, "\xef\xbf\xbd\xef\xbf\xbd"},
      {"caf\xc3\xa9 \xf0\x9f\x8e\xb5 \xef\xbf\xbd", SIZE_MAX, true,
       "caf\xc3\xa9 \xf0\x9f\x8e\xb5 \xef\xbf\xbd"},
      {"caf\xc3\xa9", 4, false, "caf\xef\xbf\xbd"}, /* a character cut at n */
      {"ab<", 2, true, "ab"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = sp_xml_text(cases[i].in, cases[i].n, cases[i].markup);
    cr_expect_str_eq(got, cases[i].out, "case %zu", i);
    if (cases[i].markup) {
      char *doc = sp_xasprintf("<a b=\"%s\">%s</a>", got, got);
      char *why = not_xml(doc, strlen(doc));
      cr_expect_null(why, "case %zu: %s", i, why);
      free(why), free(doc);
    }
    free(got);
  }
}

/* check --junit of a recipe whose track's name holds U+FFFF and U+FFFE
 * and whose keys hold control characters, named by a file with U+FFFF in
 * its name: a file xmllint and libxml2 read. */
Test(text, a_junit_report_of_names_xml_cannot_hold_is_read)
{
  char *r = tu_write_text(dir, "r\xef\xbf\xbf.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  \"k\\uFFFFi\\uFFFEck\": {file: a.wav, to: drum}\n"
                          "  \"s\\x01\\x1b[2J\\x85\": {file: a.wav}\n");
  char *xml = tu_path(dir, "check.xml");
  const char *args[] = {"check", r, "--no-levels", "--junit", xml, NULL};
  cr_assert_eq(tu_run(args, NULL, NULL), 2);
  char *text = tu_slurp_must(xml);
  char *why = not_xml(text, strlen(text));
  cr_expect_null(why, "libxml2: %s\n%s", why, text);
  cr_expect(strstr(text, "tracks.k\xef\xbf\xbdi\xef\xbf\xbd"
                         "ck"),
            "%s", text);
  char *lint = xmllint(xml);
  cr_expect_str_empty(lint, "%s", lint);
  free(lint), free(why), free(text), free(xml), free(r);
}

/* A source whose file name holds a control character and U+FFFF: export
 * writes a DAWproject (libzip refused such an entry: "Invalid argument"),
 * its project.xml read by libxml2 and xmllint, the entry the name File's
 * path gives; import reads it back. */
Test(text, a_dawproject_of_a_file_name_xml_cannot_hold_is_written_and_read)
{
  if (!runs("command -v unzip"))
    cr_skip_test("unzip is not installed");
  tu_write_tone(dir, "k\x01\xef\xbf\xbf.wav", 4800, 440, 0.25);
  char *r = tu_write_text(dir, "r.yaml",
                          "stemprint: 1\ntracks:\n  kick: {file: \"k\\x01\\uFFFF.wav\"}\n");
  char *proj = tu_path(dir, "r.dawproject"), *xml = tu_path(dir, "project.xml");
  const char *args[] = {"export", r, "-o", proj, NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *cmd = sp_xasprintf("unzip -p '%s' project.xml >'%s'", proj, xml);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  char *text = tu_slurp_must(xml);
  char *why = not_xml(text, strlen(text));
  cr_expect_null(why, "libxml2: %s\n%s", why, text);
  cr_expect(strstr(text, "<File path=\"audio/k\xef\xbf\xbd\xef\xbf\xbd.wav\"/>"), "%s", text);
  char *lint = xmllint(xml);
  cr_expect_str_empty(lint, "%s", lint);
  char *back = tu_path(dir, "back.yaml");
  const char *imp[] = {"import", proj, "-o", back, NULL};
  cr_expect_eq(tu_run(imp, NULL, &err), 0, "%s", err);
  free(err), free(back), free(lint), free(why), free(text), free(cmd), free(xml), free(proj),
      free(r);
}

/* An ADM master's axml whose programme's name holds a control character,
 * U+FFFF and markup: libxml2 reads it, the name escaped in it. */
Test(text, an_axml_of_a_name_xml_cannot_hold_is_read)
{
  sp_adm m = {.rate = 48000, .frames = 4800};
  m.programme = sp_xstrdup("Mix\x01\xef\xbf\xbf & <\"Atmos\">");
  size_t n;
  char *x = sp_adm_axml(&m, &n);
  char *why = not_xml(x, n);
  cr_expect_null(why, "libxml2: %s\n%s", why, x);
  cr_expect(strstr(x, "Mix\xef\xbf\xbd\xef\xbf\xbd &amp; &lt;&quot;Atmos&quot;&gt;"), "%s", x);
  free(why), free(x);
  sp_adm_fini(&m);
}

/* The HTML report of a render whose source's name holds control
 * characters and U+FFFF: none of them in the page. */
Test(text, the_html_report_holds_no_character_html_refuses)
{
  tu_write_tone(dir, "s\x1b\x7f\xef\xbf\xbf.wav", 4800, 440, 0.25);
  char *r = tu_write_text(dir, "h.yaml",
                          "stemprint: 1\ntracks:\n  s: {file: \"s\\e\\x7f\\uFFFF.wav\"}\n");
  char *html = tu_path(dir, "h.html"), *out = tu_path(dir, "out");
  const char *args[] = {"render", "-q", r, "-o", out, "--html", html, NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  char *page = tu_slurp_must(html);
  const unsigned char *u = (const unsigned char *)page;
  for (size_t i = 0; u[i]; i++) {
    cr_expect(u[i] >= 0x20 || u[i] == '\n' || u[i] == '\t' || u[i] == '\r', "byte 0x%02x at %zu",
              u[i], i);
    cr_expect(u[i] != 0x7f, "DEL at %zu", i);
    cr_expect(!(u[i] == 0xef && u[i + 1] == 0xbf && u[i + 2] >= 0xbe), "U+FFFE/F at %zu", i);
  }
  free(page), free(err), free(out), free(html), free(r);
}

/* ---- --set --------------------------------------------------------------- */

static const char set_recipe[] = "stemprint: 1\n"
                                 "tracks:\n"
                                 "  lead.vox: {file: a.wav, sends: [{to: verb, level: -10 dB}]}\n"
                                 "  lead: {file: a.wav}\n"
                                 "buses:\n"
                                 "  verb: {}\n"
                                 "master:\n"
                                 "output:\n"
                                 "  also: [{format: flac}]\n";

/* The recipe text with sets put in; its errors' text in *said (heap). */
static sp_recipe *parse_text_with(const char *text, const char *const *sets, size_t n, char **said)
{
  char *path = tu_path(dir, "s.yaml");
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_recipe_parse_set(path, text, sets, n, &r, &d);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  *said = buf;
  sp_diags_fini(&d);
  free(path);
  return r;
}

static sp_recipe *parse_with(const char *const *sets, size_t n, char **said)
{
  return parse_text_with(set_recipe, sets, n, said);
}

static const sp_track *track(const sp_recipe *r, const char *name)
{
  for (size_t i = 0; i < r->n_tracks; i++)
    if (strcmp(r->tracks[i].name, name) == 0)
      return &r->tracks[i];
  return NULL;
}

/* A path as messages write it: an item of a list ([0], [n] adds one), a
 * list made where none is, a name with dots as written or in quotes. */
Test(text, set_takes_a_path_as_messages_write_it)
{
  const char *sets[] = {
      "tracks.lead.vox.gain=-3 dB",           /* the longest name: lead.vox, not lead */
      "tracks.lead.gain=-5 dB",               /* lead itself */
      "tracks.lead.vox.sends[0].level=-6 dB", /* an item */
      "tracks.lead.vox.sends[1]={to: verb, level: -20 dB}", /* [n] adds one */
      "tracks.lead.sends[0].to=verb",                       /* a list made */
      "output.also[0].format=wav",
      "output.also[1].format=flac",
      "tracks.\"new.one\".file=a.wav", /* a name to add, in quotes */
      "master.gain=-1 dB",             /* an empty mapping ("master:") */
  };
  char *said = NULL;
  sp_recipe *r = parse_with(sets, sizeof sets / sizeof sets[0], &said);
  cr_assert_not_null(r, "%s", said);
  cr_expect_str_empty(said, "%s", said);
  const sp_track *v = track(r, "lead.vox"), *l = track(r, "lead"), *n = track(r, "new.one");
  cr_assert(v && l && n);
  cr_expect_eq(v->strip.gain.value, -3);
  cr_expect_eq(l->strip.gain.value, -5);
  cr_assert_eq(v->strip.n_sends, 2);
  cr_expect_eq(v->strip.sends[0].level.value, -6);
  cr_expect_eq(v->strip.sends[1].level.value, -20);
  cr_assert_eq(l->strip.n_sends, 1);
  cr_expect_str_eq(l->strip.sends[0].to, "verb");
  cr_assert_eq(r->output.n_sets, 2);
  cr_expect_eq(r->output.sets[0].format, SP_FORMAT_WAV);
  cr_expect_eq(r->output.sets[1].format, SP_FORMAT_FLAC);
  cr_expect_eq(r->master.gain.value, -1);
  free(said);
  sp_recipe_free(r);
}

/* A track written as its file alone (`b: a.wav`) is {file: a.wav}: a
 * --set goes into it as into a track written in full, its file where the
 * text wrote it; a path through its file is still refused. */
Test(text, set_goes_into_a_short_form_track)
{
  static const char text[] = "stemprint: 1\n"
                             "tracks:\n"
                             "  b: a.wav\n"
                             "  short.one: a.wav\n"
                             "buses:\n"
                             "  verb: {}\n";
  const char *sets[] = {"tracks.b.gain=-3dB", "tracks.b.sends[0]={to: verb, level: -6 dB}",
                        "tracks.short.one.gain=-2dB"};
  char *said = NULL;
  sp_recipe *r = parse_text_with(text, sets, 3, &said);
  cr_assert_not_null(r, "%s", said);
  cr_expect_str_empty(said, "%s", said);
  const sp_track *b = track(r, "b"), *s = track(r, "short.one");
  cr_assert(b && s);
  cr_expect_eq(b->strip.gain.value, -3);
  cr_assert_eq(b->strip.n_sends, 1);
  cr_expect_eq(b->strip.sends[0].level.value, -6);
  cr_assert_eq(b->n_regions, 1);
  cr_expect_str_eq(b->regions[0].file, "a.wav");
  cr_expect_eq(sp_recipe_where(r, "tracks.b.file").line, 3);
  cr_expect_eq(s->strip.gain.value, -2);
  cr_assert_eq(s->n_regions, 1);
  cr_expect_str_eq(s->regions[0].file, "a.wav");
  free(said);
  sp_recipe_free(r);

  const char *bad[] = {"tracks.b.file.x=1"};
  r = parse_text_with(text, bad, 1, &said);
  cr_expect(strstr(said, "stemprint: error: --set tracks.b.file.x=1: 'tracks.b.file' is a single "
                         "value, not a mapping with a key 'x'"),
            "%s", said);
  free(said);
  sp_recipe_free(r);
}

/* A bad path: said at the --set, with what the path meets and the fix;
 * the recipe as it was. */
Test(text, set_says_what_is_wrong_with_a_path)
{
  static const struct {
    const char *set, *said;
  } cases[] = {
      {"tracks.lead.vox.sends[2].level=-6 dB",
       "'tracks.lead.vox.sends' has 1 item, [0]: [2] is past its end; give [0], or [1] to add one"},
      {"output.also[3].format=flac",
       "'output.also' has 1 item, [0]: [3] is past its end; give [0], or [1] to add one"},
      {"tracks.lead.sends[1].to=verb",
       "'tracks.lead.sends' has no items; [0] adds its first (or give the list whole: --set "
       "'tracks.lead.sends=[...]')"},
      {"output.also[x].format=flac",
       "in 'output.also[x].format', '[x]' is not an index; an item of a list is a whole number "
       "from 0 in brackets, like output.also[0]"},
      {"output.also[-1].format=flac", "'[-1]' is not an index"},
      {"output.also[0", "expected KEY=VALUE"},
      {"output.also[0=1", "'[0' is not an index"},
      {"tracks.lead.file[0]=a.wav", "'tracks.lead.file' is a single value, not a list; [0] is an "
                                    "item of a list"},
      {"output.also.format=flac", "'output.also' is a list, not a mapping with a key 'format'"},
      {"tracks.\"lead.vox.gain=1", "opens a quote it does not close; a name with dots in it goes "
                                   "in double quotes, like tracks.\"lead.vox\".gain"},
      {"output.also[0]x=1", "'output.also[0]x' goes on with 'x' after 'output.also[0]'; expected "
                            "'.' or '['"},
      {"tracks..gain=1", "has an empty key"},
      {"tracks.\"\".gain=1", "has an empty key"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *said = NULL;
    const char *sets[] = {cases[i].set};
    sp_recipe *r = parse_with(sets, 1, &said);
    char *at = sp_xasprintf("stemprint: error: --set %s: ", cases[i].set);
    cr_expect(strstr(said, at), "%s: %s", cases[i].set, said);
    cr_expect(strstr(said, cases[i].said), "%s: want '%s' in:\n%s", cases[i].set, cases[i].said,
              said);
    if (r && strstr(cases[i].said, "past its end")) { /* nothing added on the way */
      cr_expect_eq(track(r, "lead.vox")->strip.n_sends, 1);
      cr_expect_eq(r->output.n_sets, 1);
    }
    free(at), free(said);
    sp_recipe_free(r);
  }
}

/* The command line as a user types it: render and check take the path. */
Test(text, set_reaches_a_list_item_from_the_command_line)
{
  char *r = tu_write_text(dir, "c.yaml", set_recipe);
  const char *args[] = {"check",
                        r,
                        "--no-levels",
                        "--set",
                        "output.also[0].loudness=streaming",
                        "--set",
                        "tracks.lead.vox.sends[0].level=-6 dB",
                        NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err), free(r);
}

/* ---- a cycle alone; check's resampling ----------------------------------- */

/* Tracks into a bus cycle, in stems through its buses: the cycle is the
 * one error (it was followed by one 'already in stem' a track). */
Test(text, a_bus_cycle_is_said_alone)
{
  char *r = tu_write_text(dir, "cy.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  kick: {file: a.wav, to: a}\n"
                          "  snare: {file: a.wav, to: a}\n"
                          "  hats: {file: a.wav, to: b}\n"
                          "  bass: {file: a.wav, to: b}\n"
                          "buses:\n"
                          "  a: {to: b}\n"
                          "  b: {to: a}\n"
                          "stems: {drums: [a], other: [b], more: [kick, bass]}\n");
  const char *args[] = {"check", r, "--no-levels", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  char *want = sp_xasprintf("stemprint: error: %s:9:11: buses.b.to: routing cycle: a -> b -> a; "
                            "a signal cannot feed itself, remove one of these routes\n",
                            r);
  cr_expect_str_eq(err, want);
  free(want), free(err);
  /* split: buses: a bus of the cycle named as a stem is no "not one of
   * master's inputs" */
  free(tu_write_text(dir, "cy.yaml",
                     "stemprint: 1\n"
                     "tracks:\n"
                     "  kick: {file: a.wav, to: a}\n"
                     "  snare: {file: a.wav, to: b}\n"
                     "buses:\n"
                     "  a: {to: b}\n"
                     "  b: {to: a}\n"
                     "stems:\n"
                     "  drums: [a]\n"
                     "  other: [b]\n"
                     "  split: buses\n"));
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  size_t lines = 0;
  for (const char *c = err; *c; c++)
    lines += *c == '\n';
  cr_expect_eq(lines, 1, "%s", err);
  cr_expect(strstr(err, "routing cycle: a -> b -> a"), "%s", err);
  free(err), free(r);
}

/* A 44.1 kHz source in a 48 kHz recipe: check says it is resampled in
 * render's words (levels measured or not), and check --json lists it. */
Test(text, check_says_what_render_resamples)
{
  float x[2 * 4410] = {0};
  free(tu_write_wav(dir, "cd.wav", 2, 44100, 16, x, 4410));
  char *r = tu_write_text(dir, "rs.yaml",
                          "stemprint: 1\nsample_rate: 48000\ntracks:\n  cd: {file: cd.wav}\n");
  char *out = tu_path(dir, "out");
  const char *render[] = {"render", r, "-o", out, NULL};
  char *said = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &said, &err), 0, "%s", err);
  const char *line = strstr(said, "  resampled ");
  cr_assert_not_null(line, "%s", said);
  char *want = sp_xasprintf("%.*s", (int)(strchr(line, '\n') + 1 - line), line);
  cr_expect(strstr(want, ": 44100 Hz -> 48000 Hz (libsoxr, very high quality)\n"), "%s", want);
  free(said), free(err);
  for (int levels = 0; levels < 2; levels++) {
    const char *check[] = {"check", r, levels ? NULL : "--no-levels", NULL};
    cr_expect_eq(tu_run(check, &said, &err), 0, "%s", err);
    cr_expect(strstr(said, want), "want '%s' in:\n%s", want, said);
    free(said), free(err);
  }
  const char *json[] = {"check", r, "--no-levels", "--json", NULL};
  cr_expect_eq(tu_run(json, &said, NULL), 0);
  cr_expect(strstr(said, "\"from_hz\": 44100"), "%s", said);
  free(said), free(want), free(out), free(r);
}
