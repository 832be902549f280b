/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every command that reads a DAW session, run on one: the demo exported to
 * DAWproject and an Ardour session folder, through `graph`, `check`,
 * `plan`, `render --dry-run`, `render`, `import` and `export`. Each must
 * succeed; in the sanitized pass LeakSanitizer checks each command at its
 * end (tu_run), so a command that keeps less than it loaded (issue 72:
 * sp_cli_load dropped what a session read beside its recipe, 72 kB of the
 * demo's) fails here with the leak's stack. */

#include "core/base/alloc.h"
#include "core/recipe/walk.h"
#include "io/fs/fs.h"
#include "io/recipe/parse.h"
#include "io/session/session.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(sessioncmds, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* args (NULL-terminated) must exit 0; what it said, shown when not. */
static void run_ok(const char *const *args)
{
  char *err = NULL;
  const int rc = tu_run(args, NULL, &err);
  cr_assert_eq(rc, 0, "stemprint %s %s: exit %d\n%s", args[0], args[1], rc, err ? err : "");
  free(err);
}

/* Every command that reads a session, on session (a file or folder);
 * `render` itself too when render is set. */
static void every_command(const char *session, bool render)
{
  char *out = tu_path(dir, "out"), *yaml = tu_path(dir, "back.yaml");
  char *dp = tu_path(dir, "again.dawproject");
  run_ok((const char *[]){"graph", session, NULL});
  run_ok((const char *[]){"check", session, NULL});
  run_ok((const char *[]){"plan", session, NULL});
  run_ok((const char *[]){"render", "--dry-run", session, "-o", out, NULL});
  if (render)
    run_ok((const char *[]){"render", "-q", session, "-o", out, NULL});
  run_ok((const char *[]){"import", session, "-o", yaml, NULL});
  run_ok((const char *[]){"export", session, "-o", dp, NULL});
  /* and the recipe the import wrote, read back as a recipe */
  run_ok((const char *[]){"graph", yaml, NULL});
  free(dp);
  free(yaml);
  free(out);
}

/* The recipe of session as a render reads it, built from what its reader
 * read with no text between (issue 72), is the recipe the text `import`
 * writes reads as: the two written out by the walk (every key of the
 * model) byte for byte. The walk's text (heap). */
static char *built_as_read(const char *session)
{
  sp_session_input in;
  cr_assert(sp_session_probe(session, &in));
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *built = NULL, *read = NULL;
  cr_assert_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_OK);
  char *text = NULL;
  cr_assert_eq(sp_session_import(session, NULL, &text, &d), SP_OK);
  cr_assert_eq(sp_recipe_parse_string(in.recipe_path, text, &read, &d), SP_OK);
  char *a = sp_recipe_yaml(built, NULL), *b = sp_recipe_yaml(read, NULL);
  cr_expect_str_eq(a, b);
  free(b);
  free(text);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  return a;
}

Test(sessioncmds, the_demo_exported_to_dawproject_through_every_command)
{
  char *dp = tu_path(dir, "demo.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  every_command(dp, false);
  free(built_as_read(dp));
  free(dp);
}

/* An Ardour 7 session: a kick track through a trim, a pre-fader and a
 * post-fader send to a reverb bus, into a drum bus, to master. */
static const char ardour_session[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
    "  <Sources>\n"
    "    <Source name=\"kick.wav\" type=\"audio\" id=\"10\" channel=\"0\"/>\n"
    "  </Sources>\n"
    "  <Routes>\n"
    "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/>\n"
    "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"0.5\"/></Processor>\n"
    "    </Route>\n"
    "    <Route id=\"2\" name=\"Drum Bus\"><PresentationInfo flags=\"AudioBus\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port></IO>\n"
    "    </Route>\n"
    "    <Route id=\"3\" name=\"verb\"><PresentationInfo flags=\"AudioBus\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port></IO>\n"
    "    </Route>\n"
    "    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\">"
    "<PresentationInfo flags=\"AudioTrack\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Drum Bus/audio_in 1\"/></Port>"
    "<Port><Connection other=\"Drum Bus/audio_in 2\"/></Port></IO>\n"
    "      <Pannable><Controllable name=\"pan-azimuth\" value=\"0.25\"/></Pannable>\n"
    "      <Processor type=\"trim\"><Controllable name=\"trimcontrol\" value=\"2\"/></Processor>\n"
    "      <Processor type=\"intsend\" role=\"Aux\" target=\"3\"><Controllable "
    "name=\"gaincontrol\" value=\"0.25\"/></Processor>\n"
    "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"0.5\"/></Processor>\n"
    "      <Processor type=\"intsend\" role=\"Aux\" target=\"3\"><Controllable "
    "name=\"gaincontrol\" value=\"1\"/></Processor>\n"
    "    </Route>\n"
    "  </Routes>\n"
    "  <Playlists>\n"
    "    <Playlist id=\"20\" name=\"kick\">\n"
    "      <Region name=\"kick.1\" position=\"a282240000\" start=\"a141120000\" "
    "length=\"a282240000@a282240000\" scale-amplitude=\"0.5\" source-0=\"10\"/>\n"
    "    </Playlist>\n"
    "  </Playlists>\n"
    "</Session>\n";

Test(sessioncmds, an_ardour_session_through_every_command)
{
  enum { RATE = 48000, N = 2 * RATE };
  char *s = tu_path(dir, "song");
  char *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(a, why, sizeof why), SP_OK, "%s", why);
  float *x = sp_xcalloc(N, sizeof *x);
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.1 * sin(2 * M_PI * 60.0 * i / RATE));
  free(tu_write_wav(a, "kick.wav", 1, RATE, 24, x, N));
  free(tu_write_text(s, "song.ardour", ardour_session));
  every_command(s, true);
  free(built_as_read(s));
  free(x);
  free(a);
  free(s);
}

/* An Ardour session whose panners are gain matrices (Ardour's VBAP into
 * a 5.1 master, a send's own into a 5.1 bus, a bus of one output wired
 * into master's first input; 480 frames of audio) built straight into its recipe: the recipe
 * its import's text reads as, key for key. */
static const char ardour_gains[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
    "  <Sources>\n"
    "    <Source name=\"kick.wav\" type=\"audio\" id=\"10\" channel=\"0\"/>\n"
    "  </Sources>\n"
    "  <Routes>\n"
    "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/>\n"
    "      <IO direction=\"Input\">%s</IO>\n"
    "    </Route>\n"
    "    <Route id=\"2\" name=\"Drum Bus\"><PresentationInfo flags=\"AudioBus\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port></IO>\n"
    "    </Route>\n"
    "    <Route id=\"3\" name=\"verb\"><PresentationInfo flags=\"AudioBus\"/>\n"
    "      <IO direction=\"Input\">%s</IO>\n"
    "      <IO direction=\"Output\">%s</IO>\n"
    "    </Route>\n"
    "    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\">"
    "<PresentationInfo flags=\"AudioTrack\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Drum Bus/audio_in 1\"/></Port>"
    "<Port><Connection other=\"Drum Bus/audio_in 2\"/></Port></IO>\n"
    "      <Pannable><Controllable name=\"pan-azimuth\" value=\"0.3\"/></Pannable>\n"
    "      <Processor type=\"intsend\" role=\"Aux\" target=\"3\" name=\"verb\"><Controllable "
    "name=\"gaincontrol\" value=\"0.25\"/><Pannable><Controllable name=\"pan-azimuth\" "
    "value=\"0.6\"/></Pannable></Processor>\n"
    "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"0.5\"/></Processor>\n"
    "    </Route>\n"
    "    <Route id=\"5\" name=\"snare\" audio-playlist=\"21\">"
    "<PresentationInfo flags=\"AudioTrack\"/>\n"
    "      <IO direction=\"Output\">%s</IO>\n"
    "      <Pannable><Controllable name=\"pan-azimuth\" value=\"0.3\"/></Pannable>\n"
    "    </Route>\n"
    "  </Routes>\n"
    "  <Playlists>\n"
    "    <Playlist id=\"20\" name=\"kick\">\n"
    "      <Region name=\"kick.1\" position=\"a0\" start=\"a0\" "
    "length=\"a2822400@a0\" source-0=\"10\"/>\n"
    "    </Playlist>\n"
    "    <Playlist id=\"21\" name=\"snare\">\n"
    "      <Region name=\"snare.1\" position=\"a0\" start=\"a0\" "
    "length=\"a2822400@a0\" source-0=\"10\"/>\n"
    "    </Playlist>\n"
    "  </Playlists>\n"
    "</Session>\n";

/* Six ports of route's (inputs: named; else wired into to's inputs). */
static char *six_ports(const char *route, const char *to)
{
  char *s = sp_xstrdup("");
  for (int k = 1; k <= 6; k++) {
    char *more = to ? sp_xasprintf("%s<Port><Connection other=\"%s/audio_in %d\"/></Port>", s,
                                   to, k)
                    : sp_xasprintf("%s<Port name=\"%s/audio_in %d\"/>", s, route, k);
    free(s);
    s = more;
  }
  return s;
}

/* The session of ardour_gains in dir's song (heap). */
static char *gains_session(void)
{
  char *s = tu_path(dir, "song");
  char *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(a, why, sizeof why), SP_OK, "%s", why);
  float x[480] = {0.25f};
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 480));
  char *in = six_ports("Master", NULL), *vin = six_ports("verb", NULL);
  char *vout = six_ports(NULL, "Master"), *sout = six_ports(NULL, "Master");
  char *xml = sp_xasprintf(ardour_gains, in, vin, vout, sout);
  free(tu_write_text(s, "song.ardour", xml));
  free(xml);
  free(in);
  free(vin);
  free(vout);
  free(sout);
  free(a);
  return s;
}

Test(sessioncmds, gain_matrices_build_as_their_text_reads)
{
  char *s = gains_session();
  char *yaml = built_as_read(s);
  cr_expect(strstr(yaml, "level: -12.041199826559248 dB, tap: pre, pan: {gains: {"), "%s", yaml);
  cr_expect(strstr(yaml, "\n    pan: {gains: {R: [0.2451"), "%s", yaml);
  cr_expect(strstr(yaml, "pan: {gains: {L: [1, 0]}}"), "%s", yaml);
  free(yaml);
  run_ok((const char *[]){"check", "--no-levels", s, NULL});
  free(s);
}

/* --set KEY=VALUE over a session's recipe built from its reader: the
 * recipe its import's text reads as with the same keys put over it (the
 * key noted at the --set, line 0); a value its row refuses said at the
 * --set, exit 2. */
Test(sessioncmds, set_keys_go_over_the_built_recipe)
{
  char *s = gains_session();
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d;
  sp_diags_init(&d);
  static const char *const sets[] = {"master.gain=-3 dB", "tracks.kick.trim=2 dB"};
  sp_session_reading how = {.sets = sets, .n_sets = 2};
  sp_recipe *built = NULL, *read = NULL;
  cr_assert_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_OK);
  cr_expect_eq(built->master.gain.value, -3.0);
  cr_expect_eq(sp_recipe_where(built, "tracks.kick.trim").line, 0);
  char *text = NULL;
  cr_assert_eq(sp_session_import(s, NULL, &text, &d), SP_OK);
  cr_assert_eq(sp_recipe_parse_set(in.recipe_path, text, sets, 2, &read, &d), SP_OK);
  char *a = sp_recipe_yaml(built, NULL), *b = sp_recipe_yaml(read, NULL);
  cr_expect_str_eq(a, b);
  cr_expect_eq(sp_diags_errors(&d), 0);
  free(a);
  free(b);
  free(text);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", s, "--set", "output.depth=33", NULL},
                      NULL, &err),
               2);
  cr_expect(strstr(err, "stemprint: error: --set output.depth=33: output.depth: expected '16', '24' "
                        "or '32f' (bits a sample, flac and alac: 16 or 24), got '33'"),
            "%s", err);
  free(err);
  free(s);
}

/* An Ardour session whose values are out of their rows' ranges: a region
 * gain of 40 dB, a trim of 60 dB, a fader of 40 dB, a pan of 13 (azimuth
 * 7), a send's level of 40 dB and pan of -7, a bus's pan automation's
 * second point at 13; 480 frames of audio. */
static const char ardour_ranges[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
    "  <Sources><Source name=\"kick.wav\" type=\"audio\" id=\"10\" channel=\"0\"/></Sources>\n"
    "  <Routes>\n"
    "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/></Route>\n"
    "    <Route id=\"3\" name=\"verb\"><PresentationInfo flags=\"AudioBus\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port>"
    "<Port><Connection other=\"Master/audio_in 2\"/></Port></IO>\n"
    "      <Pannable><Controllable name=\"pan-azimuth\" value=\"0.25\"/><Automation>"
    "<AutomationList automation-id=\"pan-azimuth\" state=\"Play\"><events>a0 0.2\na141120 7\n"
    "a282240 0.5\n</events></AutomationList></Automation></Pannable>\n"
    "    </Route>\n"
    "    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\">"
    "<PresentationInfo flags=\"AudioTrack\"/>\n"
    "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port>"
    "<Port><Connection other=\"Master/audio_in 2\"/></Port></IO>\n"
    "      <Pannable><Controllable name=\"pan-azimuth\" value=\"7\"/></Pannable>\n"
    "      <Processor type=\"trim\"><Controllable name=\"trimcontrol\" value=\"1000\"/>"
    "</Processor>\n"
    "      <Processor type=\"intsend\" role=\"Aux\" target=\"3\" name=\"verb\"><Controllable "
    "name=\"gaincontrol\" value=\"100\"/><PannerShell linked-to-route=\"0\"/><Pannable>"
    "<Controllable name=\"pan-azimuth\" value=\"-3\"/></Pannable></Processor>\n"
    "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"100\"/>"
    "</Processor>\n"
    "    </Route>\n"
    "  </Routes>\n"
    "  <Playlists><Playlist id=\"20\" name=\"kick\">\n"
    "    <Region name=\"kick.1\" position=\"a0\" start=\"a0\" length=\"a2822400@a0\" "
    "scale-amplitude=\"100\" source-0=\"10\"/>\n"
    "  </Playlist></Playlists>\n"
    "</Session>\n";

/* d's errors from its first `from` on as "PATH: MESSAGE" lines, sorted. */
static char *errors_of(const sp_diags *d, size_t from)
{
  size_t n = 0;
  char **v = sp_xcalloc(d->n + 1, sizeof *v);
  for (size_t i = from; i < d->n; i++)
    if (d->v[i].severity == SP_SEV_ERROR)
      v[n++] = sp_xasprintf("%s: %s", d->v[i].path ? d->v[i].path : "", d->v[i].msg);
  for (size_t i = 1; i < n; i++) /* insertion sort: a few */
    for (size_t k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
      char *t = v[k];
      v[k] = v[k - 1];
      v[k - 1] = t;
    }
  char *all = sp_xstrdup("");
  for (size_t i = 0; i < n; i++) {
    char *more = sp_xasprintf("%s%s\n", all, v[i]);
    free(all);
    all = more;
  }
  sp_free_strings(v, n);
  return all;
}

/* A session's value out of its row's range is said by the recipe builder
 * as the parser says it of the text import writes (the same rule, and
 * message, core/recipe/build.h), at its key, the value left out: the
 * errors of the session read are those of its import's text read, and
 * check says them (exit 2). */
Test(sessioncmds, values_out_of_their_range_are_said_as_the_parser_says_them)
{
  char *s = tu_path(dir, "song");
  char *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(a, why, sizeof why), SP_OK, "%s", why);
  float x[480] = {0.25f};
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 480));
  free(tu_write_text(s, "song.ardour", ardour_ranges));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d, text;
  sp_diags_init(&d);
  sp_diags_init(&text);
  sp_session_reading how = {0};
  sp_recipe *built = NULL, *read = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
  cr_expect_eq(how.errors, 7);
  char *yaml = NULL;
  cr_assert_eq(sp_session_import(s, NULL, &yaml, &text), SP_OK);
  const size_t from = text.n;
  sp_recipe_parse_string(in.recipe_path, yaml, &read, &text);
  char *said = errors_of(&d, how.said_from), *parsed = errors_of(&text, from);
  cr_expect_str_eq(said, parsed);
  cr_expect(strstr(said, "tracks.kick.regions[0].gain: 40 dB is out of range; expected -inf dB .. "
                         "24 dB\n"),
            "%s", said);
  cr_expect(strstr(said, "buses.verb.pan[1][1]: 13 is out of range; expected -1 .. 1\n"), "%s",
            said);
  char *wa = sp_recipe_yaml(built, NULL), *wb = sp_recipe_yaml(read, NULL);
  cr_expect_str_eq(wa, wb);
  free(wa);
  free(wb);
  free(said);
  free(parsed);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&d);
  sp_diags_fini(&text);
  sp_session_input_fini(&in);
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", s, NULL}, NULL, &err), 2);
  cr_expect(strstr(err, "song.ardour:9:3: tracks.kick.trim: 60 dB is out of range; expected -inf dB "
                        ".. 48 dB\n"),
            "%s", err);
  free(err);
  free(a);
  free(s);
}

/* --set keys over a session whose values the builder says out of range
 * go over the recipe it built (no text: the tree its walk makes): the
 * errors are those of its import's text read with the same sets, a bad
 * value a set replaces not said (the trim's, its track's name quoted or
 * not), a set's own error said, a set inside a value left out (a point of the pan) read over the text,
 * which holds it; the recipes alike; check says the others at the lines
 * of the text import writes. */
Test(sessioncmds, sets_over_values_out_of_range_say_what_the_text_says)
{
  char *s = tu_path(dir, "ranges");
  char *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(a, why, sizeof why), SP_OK, "%s", why);
  float x[480] = {0.25f};
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 480));
  free(tu_write_text(s, "song.ardour", ardour_ranges));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  static const char *const sets[][2] = {{"tracks.kick.trim=0 dB", "master.gain=loud"},
                                        {"buses.verb.pan[1]=[1 s, 0]", "tracks.kick={}"},
                                        {"tracks.kick.trim.x=1", "tracks.kick.sends=[]"},
                                        {"tracks.\"kick\".trim=0 dB", "buses.verb.pan=0"}};
  static const size_t errors[] = {7, 2, 6, 5};
  for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
    sp_diags d, text;
    sp_diags_init(&d);
    sp_diags_init(&text);
    sp_session_reading how = {.sets = sets[k], .n_sets = 2};
    sp_recipe *built = NULL, *read = NULL;
    cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
    cr_expect_eq(how.errors, errors[k], "%s: %zu", sets[k][0], how.errors);
    char *yaml = NULL;
    cr_assert_eq(sp_session_import(s, NULL, &yaml, &text), SP_OK);
    const size_t from = text.n;
    sp_recipe_parse_set(in.recipe_path, yaml, sets[k], 2, &read, &text);
    char *said = errors_of(&d, how.said_from), *parsed = errors_of(&text, from);
    cr_expect_str_eq(said, parsed);
    if (k == 0) {
      cr_expect_null(strstr(said, "tracks.kick.trim"), "%s", said);
      cr_expect(strstr(said, "master.gain: "), "%s", said);
    }
    char *wa = sp_recipe_yaml(built, NULL), *wb = sp_recipe_yaml(read, NULL);
    cr_expect_str_eq(wa, wb);
    free(wa);
    free(wb);
    free(said);
    free(parsed);
    free(yaml);
    sp_recipe_free(built);
    sp_recipe_free(read);
    sp_diags_fini(&d);
    sp_diags_fini(&text);
  }
  sp_session_input_fini(&in);
  char *err = NULL;
  cr_expect_eq(
      tu_run((const char *[]){"check", "--no-levels", s, "--set", sets[0][0], NULL}, NULL, &err),
      2);
  cr_expect(strstr(err, "song.ardour:11:9: tracks.kick.regions[0].gain: 40 dB is out of range"),
            "%s", err);
  cr_expect_null(strstr(err, "tracks.kick.trim"), "%s", err);
  free(err);
  free(a);
  free(s);
}

/* The key the message line `...SESSION:LINE:COL: PATH: ...` names is at
 * LINE:COL of text (what import wrote): its value there, `KEY: ` before
 * it, KEY the path's last; the messages so checked, counted. */
static size_t at_keys(const char *said, const char *session, const char *text)
{
  size_t n = 0;
  for (const char *m = strstr(said, session); m; m = strstr(m + 1, session)) {
    int line = 0, col = 0, used = 0;
    if (sscanf(m + strlen(session), ":%d:%d: %n", &line, &col, &used) != 2 || !used)
      continue;
    const char *path = m + strlen(session) + used, *colon = strstr(path, ": ");
    cr_assert(colon);
    char *key = sp_xasprintf("%.*s", (int)(colon - path), path);
    const char *dot = strrchr(key, '.');
    char *last = sp_xstrdup(dot ? dot + 1 : key);
    const char *at = text;
    for (int l = 1; l < line && at; l++)
      at = strchr(at, '\n') ? strchr(at, '\n') + 1 : NULL;
    cr_assert(at, "%s: line %d is past import's text", key, line);
    char *want = sp_xasprintf("%s: ", last);
    const size_t k = strlen(want);
    cr_assert((size_t)col > k && strncmp(at + col - 1 - k, want, k) == 0,
              "%s at %d:%d: import's text there is '%.40s'", key, line, col,
              at + (col > (int)k ? col - 1 - (int)k : 0));
    free(want);
    free(last);
    free(key);
    n++;
  }
  return n;
}

/* A session's messages name the lines of the text `import` writes of it
 * (not those of a text it was read from, which no one sees): the demo's
 * sends to its muted cue bus, said by check, render and import alike at
 * their key in import's text. */
Test(sessioncmds, messages_name_the_lines_import_writes)
{
  char *dp = tu_path(dir, "demo.dawproject"), *yaml = tu_path(dir, "demo.yaml");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *err = NULL;
  cr_assert_eq(tu_run((const char *[]){"import", dp, "-o", yaml, NULL}, NULL, &err), 0);
  char *text = tu_slurp_must(yaml);
  cr_expect_eq(at_keys(err, yaml, text), 3, "%s", err);
  free(err);
  char *out = tu_path(dir, "out");
  static const char *const cmds[][6] = {{"check", NULL}, {"plan", NULL},
                                        {"render", "--dry-run", "-o", NULL}};
  for (size_t c = 0; c < sizeof cmds / sizeof *cmds; c++) {
    const char *args[8] = {0};
    size_t a = 0;
    for (size_t i = 0; cmds[c][i]; i++)
      args[a++] = cmds[c][i];
    if (strcmp(cmds[c][0], "render") == 0)
      args[a++] = out;
    args[a++] = dp;
    err = NULL;
    cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err ? err : "");
    cr_expect_eq(at_keys(err, "demo.dawproject", text), 3, "%s: %s", cmds[c][0], err);
    free(err);
  }
  free(out);
  free(text);
  free(yaml);
  free(dp);
}
