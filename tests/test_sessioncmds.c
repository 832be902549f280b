/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every command that reads a DAW session, run on one: the demo exported to
 * DAWproject and an Ardour session folder, through `graph`, `check`,
 * `plan`, `render --dry-run`, `render`, `import` and `export`. Each must
 * succeed; in the sanitized pass LeakSanitizer checks each command at its
 * end (tu_run), so a command that keeps less than it loaded (issue 72:
 * sp_cli_load dropped what a session read beside its recipe, 72 kB of the
 * demo's) fails here with the leak's stack. */

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/check.h"
#include "core/recipe/walk.h"
#include "io/fs/fs.h"
#include "io/recipe/parse.h"
#include "io/recipe/yamltree.h"
#include "io/session/mix.h"
#include "io/session/session.h"
#include "io/session/session_build.h"
#include "io/session/session_build_top.h"
#include "io/session/session_build_strip.h"
#include "io/session/dawproject_keys.h"
#include "core/procs/proc.h"
#include "core/recipe/keys.h"
#include "testutil.h"
#include "tests/mix_yaml.h"
#include "cmd/cli.h"

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

/* An Ardour session's folder dir/name (heap) holding the kick its
 * sessions name (interchange/song/audiofiles/kick.wav: 480 frames at
 * 48 kHz, the first 0.25), its session file for the caller to write. */
static char *kick_folder(const char *name)
{
  char *s = tu_path(dir, name), *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(a, why, sizeof why), SP_OK, "%s", why);
  float x[480] = {0.25f};
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 480));
  free(a);
  return s;
}

/* kick_folder("song") (heap) with its session file: at rate (its
 * sample-rate), master, of the elements master_inner, and the kick's
 * track into it, its one region. */
static char *kick_session(const char *rate, const char *master_inner)
{
  char *s = kick_folder("song");
  char *xml = sp_xasprintf(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Session version=\"7002\" name=\"song\" sample-rate=\"%s\">\n"
      "  <Sources><Source name=\"kick.wav\" type=\"audio\" id=\"10\" channel=\"0\"/></Sources>\n"
      "  <Routes>\n"
      "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/>\n"
      "%s</Route>\n"
      "    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\">"
      "<PresentationInfo flags=\"AudioTrack\"/>\n"
      "      <IO direction=\"Output\"><Port><Connection other=\"Master/audio_in 1\"/></Port>"
      "<Port><Connection other=\"Master/audio_in 2\"/></Port></IO>\n"
      "    </Route>\n"
      "  </Routes>\n"
      "  <Playlists><Playlist id=\"20\" name=\"kick\">\n"
      "    <Region name=\"kick.1\" position=\"a0\" start=\"a0\" length=\"a2822400@a0\" "
      "source-0=\"10\"/>\n"
      "  </Playlist></Playlists>\n"
      "</Session>\n",
      rate, master_inner);
  free(tu_write_text(s, "song.ardour", xml));
  free(xml);
  return s;
}

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

/* The text `stemprint import` writes of session (sp_cli_import, the
 * recipe at the session's own path, as `render SESSION` reads it; heap,
 * in *text), what it says into d. */
static sp_err import_text(const char *session, char **text, sp_diags *d)
{
  sp_session_input in;
  cr_assert(sp_session_probe(session, &in));
  const sp_err rc = sp_cli_import(&in, &(sp_import_opts){0}, text, NULL, d);
  sp_session_input_fini(&in);
  return rc;
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
  cr_assert_eq(import_text(session, &text, &d), SP_OK);
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

/* A file the session's reader extracted (a DAWproject's embedded audio)
 * is named as the session names it, the container's entry after the
 * session's path, wherever a command names it: render's and check's
 * "resampled" lines, the --report's "resampled" list and render
 * --dry-run's inputs, each from the one name the reader set on the
 * region (sp_region.name), through a --set that reads the recipe again.
 * Before, each named its copy in the user's cache
 * (".../session-audio/3d16795f...wav"), which the user never wrote. */
Test(sessioncmds, an_extracted_file_is_named_as_the_session_names_it)
{
  char *dp = tu_path(dir, "demo.dawproject"), *cache = tu_path(dir, "cache");
  setenv("XDG_CACHE_HOME", cache, 1);
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *o = tu_path(dir, "out"), *rep = tu_path(dir, "r.json");
  char *kick = sp_xasprintf("  resampled %s:audio/kick.wav: 48000 Hz -> 44100 Hz (libsoxr, very "
                            "high quality)\n",
                            dp);
  char *listed = sp_xasprintf("  %s:audio/bgv.wav  (track bgv, stereo, 48000 Hz, resampled)\n", dp);
  char *reported = sp_xasprintf("\"path\": \"%s:audio/kick.wav\"", dp);
  const char *const runs[][11] = {
      {"render", dp, "--set", "sample_rate=44100", "-o", o, "--progress", "none", "--report", rep,
       NULL},
      {"check", dp, "--set", "sample_rate=44100", "--no-levels", NULL},
      {"render", "--dry-run", dp, "--set", "sample_rate=44100", "-o", o, NULL},
  };
  for (size_t k = 0; k < 3; k++) {
    char *out = NULL, *err = NULL;
    cr_assert_eq(tu_run(runs[k], &out, &err), 0, "%s", err);
    cr_expect(strstr(out, k < 2 ? kick : listed), "%s", out);
    cr_expect_null(strstr(out, "session-audio"), "%s", out);
    free(out);
    free(err);
  }
  char *json = tu_slurp_must(rep);
  cr_expect(strstr(json, reported), "%s", json);
  cr_expect_null(strstr(json, "session-audio"), "%s", json);
  unsetenv("XDG_CACHE_HOME");
  free(json);
  free(reported);
  free(listed);
  free(kick);
  free(rep);
  free(o);
  free(cache);
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
  char *s = kick_folder("song");
  char *in = six_ports("Master", NULL), *vin = six_ports("verb", NULL);
  char *vout = six_ports(NULL, "Master"), *sout = six_ports(NULL, "Master");
  char *xml = sp_xasprintf(ardour_gains, in, vin, vout, sout);
  free(tu_write_text(s, "song.ardour", xml));
  free(xml);
  free(in);
  free(vin);
  free(vout);
  free(sout);
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
  cr_assert_eq(import_text(s, &text, &d), SP_OK);
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

/* An Ardour session whose values are out of their rows' ranges: a trim
 * of 60 dB, a fader of 40 dB, a send's level of 40 dB. Not said, as
 * Ardour plays them: a route's azimuth of 7 and a send's of -3, which
 * Ardour sets within its panner's range (PanControllable), full right and
 * full left; a bus's pan automation's second point at azimuth 7, which it
 * holds full right as it loads the list; a region gain of 40 dB, in its
 * range (Ardour's Normalize gives up to +140 dB); 480 frames of audio. */
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

/* A session's value out of its row's range is said by the recipe builder
 * as the parser says it of the text import writes (the same rule, and
 * message, core/recipe/build.h), at its key, the value left out: the
 * errors of the session read are those of its import's text read, and
 * check says them (exit 2). */
Test(sessioncmds, values_out_of_their_range_are_said_as_the_parser_says_them)
{
  char *s = kick_folder("song");
  free(tu_write_text(s, "song.ardour", ardour_ranges));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d, text;
  sp_diags_init(&d);
  sp_diags_init(&text);
  sp_session_reading how = {0};
  sp_recipe *built = NULL, *read = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
  cr_expect_eq(how.errors, 3);
  char *yaml = NULL;
  sp_diags beside; /* what the readers said of the values they built: the text leaves them out */
  sp_diags_init(&beside);
  cr_assert_eq(sp_session_import_said(s, NULL, &yaml, &text, &beside), SP_OK);
  const size_t from = text.n;
  sp_recipe_parse_string(in.recipe_path, yaml, &read, &text);
  sp_test_said_take(&text, from, &beside);
  char *said = sp_test_errors_of(&d, how.said_from), *parsed = sp_test_errors_of(&text, from);
  cr_expect_str_eq(said, parsed);
  cr_expect(strstr(said, "tracks.kick.gain: 40 dB is out of range; expected -inf dB .. 24 dB\n"),
            "%s", said);
  cr_expect_null(strstr(said, "regions[0].gain"), "%s", said);
  cr_expect_null(strstr(said, "pan"), "%s", said);            /* held in the panner's range */
  cr_expect_null(strstr(said, "buses.verb.pan"), "%s", said); /* held full right */
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
  /* at the line of its element in the session (the kick's trim) */
  char *want = sp_xasprintf("song.ardour:%d: tracks.kick.trim: 60 dB is out of range; expected "
                            "-inf dB .. 48 dB\n",
                            tu_line_of(ardour_ranges, "<Processor type=\"trim\""));
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  free(err);
  free(s);
}

/* --set keys over a session whose values the builder says out of range
 * go over the recipe it built (no text: the tree its walk makes): the
 * errors are those of its import's text read with the same sets, a bad
 * value a set replaces not said (the trim's, its track's name quoted or
 * not), a set's own error said; a set inside a value the builder left
 * out goes over what is there, as over a recipe file where the value is
 * absent (a point of the pan: the list has no items; a key in the trim: a
 * mapping where a level goes, the trim's own error said too); the recipes
 * alike; check says the others at the lines of their session's elements. */
/* beside (what the readers said of the values they built, not in the
 * text) less what a set of sets[0..n) goes over (its key, or one under
 * it: `tracks."kick".trim=0 dB` over tracks.kick.trim), as the import
 * leaves out what it built there (the set's value read in its place). */
static void said_not_set(sp_diags *beside, const char *const *sets, size_t n)
{
  size_t kept = 0;
  for (size_t i = 0; i < beside->n; i++) {
    sp_diag *x = &beside->v[i];
    bool over = false;
    for (size_t k = 0; k < n && x->path && !over; k++) {
      char key[256];
      size_t len = 0;
      for (const char *c = sets[k]; *c && *c != '=' && len + 1 < sizeof key; c++)
        if (*c != '"')
          key[len++] = *c;
      key[len] = '\0';
      over = strncmp(x->path, key, len) == 0 &&
             (x->path[len] == '\0' || x->path[len] == '.' || x->path[len] == '[');
    }
    if (over) {
      free(x->file);
      free(x->path);
      free(x->msg);
    } else {
      beside->v[kept++] = *x;
    }
  }
  beside->n = kept;
}

/* A session's messages name its elements' lines past 65535, where
 * libxml2 keeps no line of an element unless asked (XML_PARSE_BIG_LINES):
 * the ranges session with 70,000 blank lines above its routes, its
 * trim's fault said at its Processor's line (before: 65535), with text
 * before the Processor, and right after the end tag of a Pannable written
 * over three lines (an element with no text before it starts where the
 * one before it ends, not where that one starts: before, two lines above
 * it). */
Test(sessioncmds, a_sessions_lines_past_65535_are_named)
{
  char *s = kick_folder("long");
  const char *pan = "<Pannable><Controllable name=\"pan-azimuth\" value=\"7\"/></Pannable>\n"
                    "      <Processor type=\"trim\">";
  const char *routes = strstr(ardour_ranges, "  <Routes>"), *at = strstr(ardour_ranges, pan);
  cr_assert(routes && at);
  const size_t pad = 70000, head = (size_t)(routes - ardour_ranges);
  char *blank = sp_xmalloc(pad + 1);
  memset(blank, '\n', pad);
  blank[pad] = '\0';
  for (int after_tag = 0; after_tag < 2; after_tag++) {
    char *text = after_tag
                     ? sp_xasprintf("%.*s%s%.*s<Pannable>\n<Controllable name=\"pan-azimuth\" "
                                    "value=\"7\"/>\n</Pannable><Processor type=\"trim\">%s",
                                    (int)head, ardour_ranges, blank, (int)(at - routes), routes,
                                    at + strlen(pan))
                     : sp_xasprintf("%.*s%s%s", (int)head, ardour_ranges, blank, routes);
    free(tu_write_text(s, "song.ardour", text));
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", s, NULL}, NULL, &err), 2);
    const int line = tu_line_of(text, "<Processor type=\"trim\"");
    cr_assert_gt(line, 70000);
    char *want = sp_xasprintf("song.ardour:%d: tracks.kick.trim: 60 dB is out of range", line);
    cr_expect(strstr(err, want), "case %d: no '%s' in:\n%s", after_tag, want, err);
    free(want);
    free(err);
    free(text);
  }
  free(blank);
  free(s);
}

Test(sessioncmds, sets_over_values_out_of_range_say_what_the_text_says)
{
  char *s = kick_folder("ranges");
  free(tu_write_text(s, "song.ardour", ardour_ranges));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  static const char *const sets[][2] = {{"tracks.kick.trim=0 dB", "master.gain=loud"},
                                        {"buses.verb.pan[1]=[1 s, 0]", "tracks.kick={}"},
                                        {"tracks.kick.trim.x=1", "tracks.kick.sends=[]"},
                                        {"tracks.\"kick\".trim=0 dB", "buses.verb.pan=0"}};
  static const size_t errors[] = {3, 2, 3, 2};
  for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
    sp_diags d, text;
    sp_diags_init(&d);
    sp_diags_init(&text);
    sp_session_reading how = {.sets = sets[k], .n_sets = 2};
    sp_recipe *built = NULL, *read = NULL;
    cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
    cr_expect_eq(how.errors, errors[k], "%s: %zu", sets[k][0], how.errors);
    char *yaml = NULL;
    sp_diags beside; /* what the readers said of the values they built: the text leaves them out */
    sp_diags_init(&beside);
    cr_assert_eq(sp_session_import_said(s, NULL, &yaml, &text, &beside), SP_OK);
    const size_t from = text.n;
    sp_recipe_parse_set(in.recipe_path, yaml, sets[k], 2, &read, &text);
    said_not_set(&beside, sets[k], 2);
    sp_test_said_take(&text, from, &beside);
    char *said = sp_test_errors_of(&d, how.said_from), *parsed = sp_test_errors_of(&text, from);
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
  char *want = sp_xasprintf("song.ardour:%d: tracks.kick.gain: 40 dB is out of range",
                            tu_line_of(ardour_ranges, "<Processor type=\"amp\""));
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  cr_expect_null(strstr(err, "tracks.kick.trim"), "%s", err);
  free(err);
  free(s);
}

/* The messages `...FILE:LINE: tracks.T.sends[K]...` of said whose LINE
 * of text (the session's project.xml) is a Send element, counted; one
 * at another line fails. */
static size_t at_sends(const char *said, const char *file, const char *text)
{
  size_t n = 0;
  for (const char *m = strstr(said, file); m; m = strstr(m + 1, file)) {
    int line = 0, used = 0;
    if (sscanf(m + strlen(file), ":%d: %n", &line, &used) != 1 || !used)
      continue;
    const char *path = m + strlen(file) + used, *colon = strstr(path, ": ");
    cr_assert(colon);
    char *key = sp_xasprintf("%.*s", (int)(colon - path), path);
    const char *at = text;
    for (int l = 1; l < line && at; l++)
      at = strchr(at, '\n') ? strchr(at, '\n') + 1 : NULL;
    cr_assert(at, "line %d is past project.xml", line);
    char *there = sp_xasprintf("%.*s", (int)strcspn(at, "\n"), at);
    if (strstr(key, ".sends[")) {
      cr_assert(strstr(there, "<Send "), "%s at %d: project.xml there is '%s'", key, line, there);
      n++;
    }
    free(there);
    free(key);
  }
  return n;
}

/* A session's messages name the lines of the session's own elements (not
 * those of a text no one sees, nor of the one `import` writes, which an
 * import that refuses does not write): the demo's sends to its muted cue
 * bus, said by import, check, plan and render at their Send elements'
 * lines in the DAWproject's project.xml. And its default stems refused by
 * something other than an insert are not said to want an insert moved. */
Test(sessioncmds, messages_name_the_lines_of_the_sessions_elements)
{
  char *dp = tu_path(dir, "demo.dawproject"), *yaml = tu_path(dir, "demo.yaml");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *text = tu_project_xml(dp);
  char *file = sp_xasprintf("demo.dawproject:project.xml");
  char *out = tu_path(dir, "out");
  static const char *const cmds[][6] = {
      {"import", "-o", NULL}, {"check", NULL}, {"plan", NULL}, {"render", "--dry-run", "-o", NULL}};
  for (size_t c = 0; c < sizeof cmds / sizeof *cmds; c++) {
    const char *args[8] = {0};
    size_t a = 0;
    for (size_t i = 0; cmds[c][i]; i++)
      args[a++] = cmds[c][i];
    if (strcmp(cmds[c][0], "render") == 0)
      args[a++] = out;
    if (strcmp(cmds[c][0], "import") == 0)
      args[a++] = yaml;
    args[a++] = dp;
    char *err = NULL;
    cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err ? err : "");
    cr_expect_eq(at_sends(err, file, text), 3, "%s: %s", cmds[c][0], err);
    free(err);
  }
  /* a restem whose refusal is not an insert's (a track in two stems,
   * which a --set made before the session's rule put it in its group's)
   * does not say to move one */
  sp_session_input in;
  cr_assert(sp_session_probe(dp, &in));
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *r = NULL;
  sp_session_kept *kept = NULL;
  sp_session_read(&in, NULL, &how, &r, &kept, NULL, &d);
  cr_assert(r && kept);
  const char *why = "stems.bass_bus[0]: track 'bass' (via bus 'bass_bus') is already in stem "
                    "'drums'; a track belongs to exactly one stem";
  for (int k = 0; k < 2; k++) { /* master's inputs, then none */
    sp_build_stems taken;
    sp_build_stems_take(r, &taken);
    sp_build_stems_fini(&taken);
    char *said = NULL;
    cr_assert(sp_session_restem(kept, r, why, &said));
    cr_expect(strstr(said, why) && !strstr(said, "move the insert") &&
                  strstr(said, k ? "name stems with --stems" : "(split: buses)"),
              "%s", said);
    free(said);
  }
  sp_session_kept_free(kept);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  free(file);
  free(out);
  free(text);
  free(yaml);
  free(dp);
}

/* What `render --dry-run SESSION ARGS` prints and says (exit 0), into
 * *said; its stems' names as " NAME," each, in order (heap). */
static char *stems_printed(const char *session, const char *const *args, char **said)
{
  const char *all[16] = {"render", "--dry-run", session, "-o", NULL};
  char *o = tu_path(dir, "out"), *out = NULL;
  all[4] = o;
  size_t n = 5;
  for (size_t i = 0; args[i]; i++)
    all[n++] = args[i];
  const int rc = tu_run(all, &out, said);
  cr_assert_eq(rc, 0, "%s %s: exit %d\n%s%s", session, args[0] ? args[1] : "", rc, out ? out : "",
               *said);
  char *stems = sp_xstrdup("");
  for (const char *at = out; (at = strstr(at, "(stem ")); at++) {
    char *more = sp_xasprintf("%s %.*s,", stems, (int)strcspn(at + 6, ")"), at + 6);
    free(stems);
    stems = more;
  }
  free(out);
  free(o);
  return stems;
}

/* A track a --set adds over a session's recipe, or routes out of the bus
 * its stem holds, lands in a stem by the session's rule, whichever reader
 * read it: a stem of its own straight to master, its new bus's under the
 * groups, its own under --stems tracks. Before, over an Ardour session
 * whose stems no insert can refuse it was an error ("track 'new' is in
 * no stem; add it (or its bus) to one of the stems"), and over a
 * DAWproject whose bus inserts may refuse them the stems became master's
 * inputs (split: buses) with a warning that the session's groups are
 * refused. */
Test(sessioncmds, a_track_a_set_adds_lands_in_a_stem_by_the_sessions_rule)
{
  char *ardour = kick_folder("song"), *dp = tu_path(dir, "demo.dawproject");
  char *a = sp_xasprintf("%s/interchange/song/audiofiles", ardour);
  float *x = sp_xcalloc(96000, sizeof *x); /* 2 s: its region, from 0.5 s */
  x[24000] = 0.5f;
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 96000));
  free(tu_write_text(ardour, "song.ardour", ardour_session));
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  const char *add = "tracks.new.file=" SP_SOURCE_DIR "/fixtures/audio/snare.wav";
  const struct {
    const char *args[6];
    const char *ardour, *dawproject; /* the stems printed */
  } cases[] = {
      {{"--set", add, NULL}, " Drum_Bus, new,", " drums, bass_bus, keys, vocals, new,"},
      {{"--set", "tracks.kick.to=master", NULL}, " kick,", " drums, bass_bus, keys, vocals, kick,"},
      {{"--set", "buses.sub.gain=-3 dB", "--set", "tracks.kick.to=sub", NULL},
       " sub,",
       " drums, bass_bus, keys, vocals, sub,"},
      {{"--stems", "tracks", "--set", add, NULL},
       " kick, new,",
       " kick, snare, hats, bass, keys, vox, bgv, new,"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
    for (int k = 0; k < 2; k++) {
      char *said = NULL, *stems = stems_printed(k ? dp : ardour, cases[c].args, &said);
      cr_expect_str_eq(stems, k ? cases[c].dawproject : cases[c].ardour, "%s %s %d\n%s",
                       cases[c].args[1], cases[c].args[3] ? cases[c].args[3] : "", k, said);
      cr_expect(!strstr(said, "are refused"), "%s", said);
      free(stems);
      free(said);
    }
  free(x);
  free(a);
  free(dp);
  free(ardour);
}

/* An Ardour session's folder (heap) of the demo's groups in small: kick
 * into a bus 'drums', bass into 'bass_bus', keys to master, each playing
 * a 2 s file; no insert anywhere, so no render refuses its stems. */
static char *groups_session(void)
{
  char *s = kick_folder("groups"), *a = sp_xasprintf("%s/interchange/song/audiofiles", s);
  float *x = sp_xcalloc(96000, sizeof *x);
  x[100] = 0.5f;
  free(tu_write_wav(a, "kick.wav", 1, 48000, 24, x, 96000));
  static const char *const routes[][2] = {{"drums", "Master"},
                                          {"bass_bus", "Master"},
                                          {"kick", "drums"},
                                          {"bass", "bass_bus"},
                                          {"keys", "Master"}};
  char *xml = sp_xstrdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
                         "  <Sources><Source name=\"kick.wav\" type=\"audio\" id=\"10\" "
                         "channel=\"0\"/></Sources>\n  <Routes>\n"
                         "    <Route id=\"1\" name=\"Master\">"
                         "<PresentationInfo flags=\"MasterOut\"/></Route>\n"),
       *lists = sp_xstrdup("");
  for (int i = 0; i < 5; i++) {
    const bool track = i >= 2;
    char *playlist = sp_xasprintf(" audio-playlist=\"%d\"", 20 + i);
    char *more = sp_xasprintf(
        "%s    <Route id=\"%d\" name=\"%s\"%s><PresentationInfo flags=\"%s\"/>\n"
        "      <IO direction=\"Output\"><Port><Connection other=\"%s/audio_in 1\"/></Port>"
        "<Port><Connection other=\"%s/audio_in 2\"/></Port></IO>\n    </Route>\n",
        xml, 2 + i, routes[i][0], track ? playlist : "", track ? "AudioTrack" : "AudioBus",
        routes[i][1], routes[i][1]);
    free(xml);
    xml = more;
    more = track ? sp_xasprintf("%s    <Playlist id=\"%d\" name=\"%s\"><Region name=\"%s.1\" "
                                "position=\"a0\" start=\"a0\" length=\"a564480000@a0\" "
                                "source-0=\"10\"/></Playlist>\n",
                                lists, 20 + i, routes[i][0], routes[i][0])
                 : sp_xstrdup(lists);
    free(lists);
    lists = more;
    free(playlist);
  }
  char *all =
      sp_xasprintf("%s  </Routes>\n  <Playlists>\n%s  </Playlists>\n</Session>\n", xml, lists);
  free(tu_write_text(s, "song.ardour", all));
  free(all);
  free(lists);
  free(xml);
  free(a);
  free(x);
  return s;
}

/* A track or a bus a --set routes into another group's bus is in that
 * group's stem, as the session's rule puts what its groups hold,
 * whichever reader read it: its own stem (keys') or its bus's
 * (bass_bus') is left out, not printed empty. Before, over an Ardour
 * session it was an error ("track 'keys' is already in stem 'drums'; a
 * track belongs to exactly one stem"), and over the demo's DAWproject
 * the stems became master's inputs (split: buses), with a warning. */
Test(sessioncmds, a_strip_a_set_routes_into_a_group_is_in_its_stem)
{
  char *ardour = groups_session(), *dp = tu_path(dir, "demo.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  const struct {
    const char *set;
    const char *ardour, *dawproject; /* the stems printed */
  } cases[] = {
      {NULL, " drums, bass_bus, keys,", " drums, bass_bus, keys, vocals,"},
      {"tracks.keys.to=drums", " drums, bass_bus,", " drums, bass_bus, vocals,"},
      {"buses.bass_bus.to=drums", " drums, keys,", " drums, keys, vocals,"},
      {"tracks.bass.to=drums", " drums, keys,", " drums, keys, vocals,"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
    for (int k = 0; k < 2; k++) {
      const char *args[] = {cases[c].set ? "--set" : NULL, cases[c].set, NULL};
      char *said = NULL, *stems = stems_printed(k ? dp : ardour, args, &said);
      cr_expect_str_eq(stems, k ? cases[c].dawproject : cases[c].ardour, "%s %d\n%s",
                       cases[c].set ? cases[c].set : "", k, said);
      cr_expect(!strstr(said, "are refused") && !strstr(said, "adds nothing to stem"), "%s", said);
      free(stems);
      free(said);
    }
  free(dp);
  free(ardour);
}

/* Where a track cannot be in the stem the session's rule gives it (a
 * --set of `stems` left it out, or --stems lists the stems), the error
 * names the --set keys that mend it, which the user can give (a
 * session's stems are in no file the user edits); and the first of them
 * does. Before: "add it (or its bus 'drums') to one of the stems, or mute
 * it", said at the session's root element. */
Test(sessioncmds, a_track_in_no_stem_of_a_sessions_recipe_is_mended_by_a_set)
{
  char *dp = tu_path(dir, "demo.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *err = NULL;
  cr_assert_eq(
      tu_run((const char *[]){"check", "--no-levels", dp, "--set", "stems.drums=[snare]", NULL},
             NULL, &err),
      2, "%s", err);
  cr_expect(strstr(err, ":project.xml:2: stems: track 'kick' is in no stem; give it one (--set "
                        "'stems.kick=[kick]'), list it (or its bus 'drums') in one (--set "
                        "'stems.NAME=[...]'), or mute it (--set tracks.kick.mute=true)\n"),
            "%s", err);
  free(err);
  /* `stems` set whole: the user's, none added beside them (before, the
   * rule added 'drums' for snare beside the set's 'kick': "track 'kick'
   * (via bus 'drums') is already in stem 'kick'") */
  cr_assert_eq(
      tu_run((const char *[]){"check", "--no-levels", dp, "--set", "stems={kick: [kick]}", NULL},
             NULL, &err),
      2, "%s", err);
  cr_expect(strstr(err, "stems: track 'snare' is in no stem; give it one (--set "
                        "'stems.snare=[snare]')"),
            "%s", err);
  cr_expect(!strstr(err, "already in stem"), "%s", err);
  free(err);
  cr_assert_eq(tu_run((const char *[]){"check", "--no-levels", dp, "--stems", "all=drums,bass_bus",
                                       "--set", "tracks.keys.to=drums", NULL},
                      NULL, &err),
               2, "%s", err);
  cr_expect(strstr(err, "--stems all=drums,bass_bus: stems: track 'vox' is in no stem; give it "
                        "one (--set 'stems.vox=[vox]'), list it (or its bus 'vocals') in one"),
            "%s", err);
  free(err);
  /* the stem named after it taken: one named apart */
  cr_assert_eq(tu_run((const char *[]){"check", "--no-levels", dp, "--stems", "tracks", "--set",
                                       "stems.kick=[snare]", "--set", "stems.snare=[hats]", NULL},
                      NULL, &err),
               2, "%s", err);
  cr_expect(strstr(err, "track 'kick' is in no stem; give it one (--set 'stems.kick_2=[kick]')"),
            "%s", err);
  free(err);
  char *said = NULL;
  free(stems_printed(dp,
                     (const char *[]){"--set", "stems.drums=[snare]", "--set", "stems.kick=[kick]",
                                      "--set", "stems.hats=[hats]", NULL},
                     &said));
  free(said);
  free(dp);
  /* a name with a dot in it: each fix in quotes, pasted as said (before,
   * `--set 'stems.lead.vox=[lead.vox]'` read as a stem 'lead' of a key
   * 'vox', and `--set tracks.lead.vox.mute=true` was written bare) */
  char *text = sp_xasprintf("stemprint: 1\ntracks:\n  kick: {file: %s/fixtures/audio/kick.wav}\n"
                            "  lead.vox: {file: %s/fixtures/audio/vox.wav}\n",
                            SP_SOURCE_DIR, SP_SOURCE_DIR);
  char *recipe = tu_write_text(dir, "dotted.yaml", text);
  char *dotted = tu_path(dir, "dotted.dawproject");
  run_ok((const char *[]){"export", recipe, "-o", dotted, NULL});
  cr_assert_eq(tu_run((const char *[]){"check", "--no-levels", dotted, "--stems", "k=kick", NULL},
                      NULL, &err),
               2, "%s", err);
  cr_expect(strstr(err, "track 'lead.vox' is in no stem; give it one (--set "
                        "'stems.\"lead.vox\"=[lead.vox]'), list it in one (--set "
                        "'stems.NAME=[...]'), or mute it (--set 'tracks.\"lead.vox\".mute=true')"),
            "%s", err);
  free(err);
  static const char *const fixes[] = {"stems.\"lead.vox\"=[lead.vox]",
                                      "tracks.\"lead.vox\".mute=true"};
  for (size_t k = 0; k < 2; k++) {
    cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", dotted, "--stems", "k=kick",
                                         "--set", fixes[k], NULL},
                        NULL, &err),
                 0, "%s: %s", fixes[k], err);
    free(err);
  }
  free(dotted);
  free(recipe);
  free(text);
}

/* A `to:` a --set points at a bus a session's recipe lacks: the fix said
 * is the --set that adds it, which works (a session's buses are in no file
 * the user edits); a recipe's text is told to add it under 'buses:'.
 * Before, the session too was told "add it under 'buses:'". */
Test(sessioncmds, a_bus_a_set_names_over_a_session_is_added_by_a_set)
{
  char *dp = tu_path(dir, "sub.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *err = NULL;
  cr_assert_eq(
      tu_run((const char *[]){"check", "--no-levels", dp, "--set", "tracks.bass.to=sub", NULL},
             NULL, &err),
      2, "%s", err);
  cr_expect(strstr(err, "error: --set tracks.bass.to=sub: tracks.bass.to: no bus named 'sub'; add "
                        "it with --set 'buses.sub={}' or pick one of the buses defined\n"),
            "%s", err);
  free(err);
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", dp, "--set", "buses.sub={}", "--set",
                                       "tracks.bass.to=sub", NULL},
                      NULL, &err),
               0, "%s", err);
  free(err);
  cr_assert_eq(
      tu_run((const char *[]){"check", "--no-levels", SP_SOURCE_DIR "/recipes/demo/song.yaml",
                              "--set", "tracks.bass.to=sub", NULL},
             NULL, &err),
      2, "%s", err);
  cr_expect(strstr(err, "tracks.bass.to: no bus named 'sub'; add it under 'buses:' or pick one of "
                        "the buses defined\n"),
            "%s", err);
  free(err);
  free(dp);
}

/* A stem --stems lists is named as listed and judged by the recipe's rule
 * of a stem's name, in the words a recipe's text gets, at --stems: an
 * invalid name, a reserved one, one listed twice (as YAML says a key
 * written twice). Before, each was renamed in silence: 'a=kick;a=bass'
 * printed a.wav and a_2.wav, 'my stem' my_stem.wav, '../x' x.wav,
 * 'master' master_2.wav. */
Test(sessioncmds, a_stem_listed_by_stems_is_named_as_listed_or_refused)
{
  char *dp = tu_path(dir, "named.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  static const struct {
    const char *stems, *said;
  } cases[] = {
      {"a=drums;a=bass_bus;b=keys",
       "error: --stems a=drums;a=bass_bus;b=keys: stems.a: duplicate key (first written as "
       "'a=drums'); keep only one\n"},
      {"my stem=drums;b=keys",
       "error: --stems my stem=drums;b=keys: stems.my stem: 'my stem' is not a valid stem name; "
       "use letters, digits, '_', '-' and '.' (not first), at most 64 characters\n"},
      {"../x=drums;b=keys", "error: --stems ../x=drums;b=keys: stems.../x: '../x' is not a valid "
                            "stem name"},
      {"master=drums;b=keys",
       "error: --stems master=drums;b=keys: stems.master: 'master' is reserved; choose another "
       "stem name\n"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    char *err = NULL;
    cr_expect_eq(
        tu_run((const char *[]){"check", "--no-levels", dp, "--stems", cases[c].stems, NULL}, NULL,
               &err),
        2, "%s: %s", cases[c].stems, err);
    cr_expect(strstr(err, cases[c].said), "%s: %s", cases[c].stems, err);
    free(err);
  }
  /* the same name in a --set of `stems`: the same words, at the --set */
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", dp, "--set",
                                       "stems={my stem: [drums]}", NULL},
                      NULL, &err),
               2, "%s", err);
  cr_expect(strstr(err, ": stems.my stem: 'my stem' is not a valid stem name; use letters, "
                        "digits, '_', '-' and '.' (not first), at most 64 characters\n"),
            "%s", err);
  free(err);
  free(dp);
}

/* `diff` of two DAWprojects names a changed key's place in each project's
 * project.xml ("a.dawproject:project.xml:36"), in its text and its JSON
 * (old_file, new_file), as the other messages of a session do. Before,
 * the line was of project.xml and the file the .dawproject's
 * ("a.dawproject:36"). */
Test(sessioncmds, diff_of_two_sessions_names_the_file_of_each_keys_line)
{
  char *dp[2], *xml[2];
  int line[2];
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  kick: {file: %s/fixtures/audio/kick.wav, "
                              "gain: %d dB}\n",
                              SP_SOURCE_DIR, k ? -5 : -2);
    char *name = sp_xasprintf("%c.yaml", 'a' + k), *dname = sp_xasprintf("%c.dawproject", 'a' + k);
    char *recipe = tu_write_text(dir, name, text);
    dp[k] = tu_path(dir, dname);
    run_ok((const char *[]){"export", recipe, "-o", dp[k], NULL});
    xml[k] = tu_project_xml(dp[k]);
    line[k] = tu_line_of(xml[k], "<Volume ");
    free(recipe);
    free(dname);
    free(name);
    free(text);
  }
  char *json = tu_path(dir, "diff.json"), *out = NULL, *err = NULL;
  tu_run((const char *[]){"diff", dp[0], dp[1], "--json", json, NULL}, &out, &err);
  char *want = sp_xasprintf("tracks.kick.gain: -2 -> -5 (%s:project.xml:%d, %s:project.xml:%d)",
                            dp[0], line[0], dp[1], line[1]);
  cr_expect(out && strstr(out, want), "no '%s' in:\n%s\n%s", want, out ? out : "", err);
  char *text = tu_slurp_must(json);
  char *file = sp_xasprintf("\"old_file\": \"%s:project.xml\"", dp[0]);
  cr_expect(strstr(text, file), "no '%s' in:\n%s", file, text);
  free(file);
  free(text);
  free(want);
  free(out);
  free(err);
  free(json);
  for (int k = 0; k < 2; k++) {
    free(xml[k]);
    free(dp[k]);
  }
}

/* The stems a hardware insert's restem makes (core/graph/restem.c) keep
 * the file of the places they take: a --set hardware insert on the demo's
 * DAWproject's verb, which three stems reach, restems; the bass bus's
 * stem, silent once bass is muted, is said at its Track's line of
 * project.xml (before: "demo.dawproject:238", the line of project.xml as
 * the .dawproject's). (Bass routed to drums by a set, which this said
 * before, leaves the bus's stem out: it holds no track.) */
Test(sessioncmds, a_restems_stems_keep_the_file_of_their_places)
{
  char *dp = tu_path(dir, "demo.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  char *xml = tu_project_xml(dp);
  char *set = sp_xasprintf("buses.verb.inserts[1]={hardware: {name: unit, return: %s, latency: "
                           "0 s}}",
                           SP_SOURCE_DIR "/fixtures/audio/keys.wav");
  char *err = NULL;
  const int rc = tu_run((const char *[]){"check", "--no-levels", dp, "--set", set, "--set",
                                         "tracks.bass.mute=true", NULL},
                        NULL, &err);
  cr_expect_eq(rc, 0, "%s", err);
  cr_expect(strstr(err, "so what can be printed is the bus as a stem of its own, 'verb'"), "%s",
            err);
  char *want = sp_xasprintf("%s:project.xml:%d: stems.bass_bus: every track of stem 'bass_bus' is "
                            "muted",
                            dp, tu_line_of(xml, "name=\"bass_bus\""));
  cr_expect(strstr(err, want), "no '%s' in:\n%s", want, err);
  free(want);
  free(err);
  free(set);
  free(xml);
  free(dp);
}

/* ---- values (decl1) ---------------------------------------------------------
 * A session's values the parser refuses of the text its mix writes
 * (sp_mix_yaml) are said by the builder as the parser says them (issue
 * 72): it builds (it no longer declines to the text), and what it says,
 * path and message in order, and the recipe (the value left out) are the
 * text's. */

/* d's errors from its first `from` on as "PATH: MESSAGE" lines, in order. */
static char *said_in_order(const sp_diags *d, size_t from)
{
  char *all = sp_xstrdup("");
  for (size_t i = from; i < d->n; i++) {
    if (d->v[i].severity != SP_SEV_ERROR)
      continue;
    char *more = sp_xasprintf("%s%s: %s\n", all, d->v[i].path ? d->v[i].path : "", d->v[i].msg);
    free(all);
    all = more;
  }
  return all;
}

/* m (taken, finished here) built with no text: it builds, and says what
 * the parser says of its text, the same words at the same paths (in its
 * own order: the check says what is wrong with a value after the reading,
 * and the text's reading says what it cannot read as it reads it); the
 * two recipes walk alike. What they say (heap). */
static char *mix_said(sp_mix *m)
{
  cr_assert_eq(sp_mix_finish(m, "tracks"), SP_OK);
  sp_diags said, text;
  sp_diags_init(&said);
  sp_diags_init(&text);
  char *yaml = sp_mix_yaml(m);
  sp_diags beside; /* what the readers said of the values they built: the text leaves them out */
  sp_diags_init(&beside);
  sp_mix_said_placed(m, &beside); /* before the build, which takes the regions */
  sp_recipe *built = sp_test_session_recipe(m, "/work/song.yaml", &said);
  cr_assert(built, "not built:\n%s", yaml);
  /* the text read as render --set reads a session's: over the recipe it
   * was written from, what no key holds kept (a session's words for no
   * track), then checked */
  sp_recipe *read = NULL;
  sp_ynode *root = NULL;
  cr_assert_eq(sp_yaml_load_string("/work/song.yaml", yaml, strlen(yaml), &root, &text), SP_OK);
  sp_recipe_parse_tree("/work/song.yaml", root, built, NULL, 0, &read, &text);
  if (read)
    sp_recipe_check(read, &text, 0);
  sp_test_said_take(&text, 0, &beside);
  cr_assert(read);
  char *a = said_in_order(&said, 0);
  char *a_all = sp_test_errors_of(&said, 0), *b_all = sp_test_errors_of(&text, 0);
  cr_expect_str_eq(a_all, b_all, "%s\nBUILT:\n%s\nTEXT:\n%s", yaml, a_all, b_all);
  free(a_all);
  free(b_all);
  /* the two walk alike where the check takes them (a value refused is
   * held as read, and one no text holds, nan, the text cannot give) */
  if (sp_diags_errors(&said) == 0) {
    char *wa = sp_recipe_yaml(built, NULL), *wb = sp_recipe_yaml(read, NULL);
    cr_expect_str_eq(wa, wb);
    free(wa);
    free(wb);
  }
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&said);
  sp_diags_fini(&text);
  sp_mix_fini(m);
  return a;
}

/* A mix of one track "kick" (a region of kick.wav), into *m; the track. */
static sp_mix_strip *kick_mix(sp_mix *m, sp_diags *d)
{
  sp_diags_init(d);
  sp_mix_init(m, "song.dawproject", false, d);
  sp_mix_strip *t = sp_mix_add(m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  return t;
}

/* mix_said of m: its messages hold each of want (NULL-ended). */
static void says(sp_mix *m, sp_diags *d, const char *const *want)
{
  char *said = mix_said(m);
  for (size_t i = 0; want[i]; i++)
    cr_expect(strstr(said, want[i]), "'%s' not in:\n%s", want[i], said);
  free(said);
  sp_diags_fini(d);
}

Test(sessioncmds, masters_values_and_no_tracks_said_as_the_parser_says_them)
{
  sp_mix m;
  sp_diags d;
  kick_mix(&m, &d);
  m.master.strip.gain.value = 40;
  says(&m, &d, (const char *[]){"master.gain: 40 dB is out of range; expected -inf dB .. 24 dB\n",
                                NULL});
  sp_diags_init(&d);
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_add(&m, SP_MIX_BUS, "b1", "verb");
  says(&m, &d,
       (const char *[]){"tracks: the session has no track that plays anything (none, or none with "
                        "a region or a clip), so there is nothing to render; give it a track that "
                        "plays\n",
                        NULL});
}

/* A session's times are said as the recipe's text writes them, in
 * seconds with their unit ('-1 s', the words `[-1 s, 0 dB]` gets from the
 * parser); before, the check wrote them as bare numbers ('-1'). */
Test(sessioncmds, points_the_parser_refuses_said_as_it_says_them)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  /* out of time order, past 24 hours, before 0; each said, the next in
   * order after the last taken */
  sp_mix_auto_point(&t->strip.gain, 1, -6);
  sp_mix_auto_point(&t->strip.gain, 0.5, -3);
  sp_mix_auto_point(&t->strip.gain, 1e9, 0);
  sp_mix_auto_point(&t->strip.gain, -1, 0);
  sp_mix_auto_point(&t->strip.gain, 2, 30);
  t->strip.gain.value = -6;
  /* values the text writes as no number */
  sp_mix_auto_point(&t->strip.pan.plain, 0, NAN);
  sp_mix_auto_point(&t->strip.pan.plain, 1, INFINITY);
  sp_mix_strip_number(t, SP_KEY_STRIP_TRIM, NAN);
  sp_mix_strip_number(t, SP_KEY_STRIP_WIDTH, INFINITY);
  says(&m, &d,
       (const char *[]){"tracks.kick.gain[1][0]: automation points must be in time order: this "
                        "point at 0.5 s comes after one at 1 s; sort the points by time\n",
                        "tracks.kick.gain[2][0]: '1e+09 s' is longer than 24 hours",
                        "tracks.kick.gain[3][0]: '-1 s': a time cannot be negative\n",
                        "tracks.kick.gain[4][1]: 30 dB is out of range",
                        "tracks.kick.pan[0][1]: expected a plain number from -1 to 1, like '0.5', "
                        "got 'nan'\n",
                        "tracks.kick.trim: expected a value like",
                        "tracks.kick.width: expected a plain number from -1 to 1", NULL});
  /* a declick's points in frames, one before 0 */
  t = kick_mix(&m, &d);
  t->strip.gain.ramp = SP_RAMP_DECLICK;
  sp_mix_auto_frame(&t->strip.gain, 0, -6);
  sp_mix_auto_frame(&t->strip.gain, -48, 0);
  says(&m, &d,
       (const char *[]){"tracks.kick.gain.points[1][0]: '-48 smp': a count of samples (smp) must "
                        "be a whole number of 0 or more\n",
                        NULL});
}

/* A tempo map of n points at (at seconds, beat, bpm, note), heap. */
static sp_tempo_map *tempo_of(size_t n, const double (*p)[4])
{
  sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(n, sizeof *m->t), .n = n};
  for (size_t i = 0; i < n; i++)
    m->t[i] = sp_tempo_point_make(llround(p[i][0] * SP_TEMPO_SUPERCLOCK),
                                  llround(p[i][1] * SP_TEMPO_BEAT_TICKS), p[i][2], (int)p[i][3], 0,
                                  false, SP_TEMPO_SUPERCLOCK);
  return m;
}

Test(sessioncmds, tempo_maps_start_and_vcas_the_parser_refuses_said_as_it_says_them)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  /* a pan held in beats at 2000 a minute; a level's map of a point of
   * note 200 and bpm 0.5, a start of 30 dB and a VCA's point at 40 dB */
  sp_mix_auto_point(&t->strip.pan.plain, 0, 0.5);
  t->strip.pan.plain.tempo = tempo_of(1, (const double[][4]){{0, 0, 2000, 4}});
  sp_mix_auto_point(&t->strip.gain, 0, -6);
  t->strip.gain.ramp = SP_RAMP_LIST;
  t->strip.gain.tempo = tempo_of(2, (const double[][4]){{0, 0, 120, 4}, {1, 2, 0.5, 200}});
  t->strip.gain.has_start = true;
  t->strip.gain.start_db = 30;
  says(&m, &d,
       (const char *[]){"tracks.kick.pan.tempo: 2000 is out of range; expected 1 .. 1000\n",
                        "tracks.kick.gain.tempo[1].bpm: 0.5 is out of range; expected 1 .. 1000\n",
                        "tracks.kick.gain.tempo[1].note: 200 is out of range; expected 1 .. 128\n",
                        "tracks.kick.gain.start: 30 dB is out of range", NULL});
  /* a map out of order; a VCA's point out of range; a logarithmic rise
   * from silence */
  t = kick_mix(&m, &d);
  sp_mix_auto_point(&t->strip.gain, 0, -6);
  t->strip.gain.ramp = SP_RAMP_LIST;
  t->strip.gain.tempo = tempo_of(2, (const double[][4]){{0, 0, 120, 4}, {1, 0, 120, 4}});
  sp_mix_strip *u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_point(&u->strip.gain, 0, -6);
  u->strip.gain.ramp = SP_RAMP_LIST;
  u->strip.gain.vca = sp_xcalloc(1, sizeof *u->strip.gain.vca);
  u->strip.gain.n_vca = 1;
  sp_mix_auto_point(&u->strip.gain.vca[0], 0, 40);
  sp_mix_strip *v = sp_mix_add(&m, SP_MIX_TRACK, "t3", "hat");
  sp_mix_region_add(v, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_point(&v->strip.gain, 0, -INFINITY);
  sp_mix_auto_point(&v->strip.gain, 1, -6);
  v->strip.gain.ramp = SP_RAMP_LIST;
  v->strip.gain.interp = SP_INTERP_LOGARITHMIC;
  says(&m, &d,
       (const char *[]){"tracks.kick.gain.tempo[1]: a tempo point comes after the one before it, "
                        "both in time and in beats\n",
                        "tracks.snare.gain.vca[0][0][1]: 40 dB is out of range",
                        "tracks.hat.gain.points[1]: a logarithmic ramp (linear in dB) cannot rise "
                        "from -inf dB",
                        NULL});
}

/* An Ardour session of master alone, its fader at +40 dB (100): it has
 * no track, and master no key left. */
static const char ardour_master_alone[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Session version=\"7002\" name=\"song\" sample-rate=\"48000\">\n"
    "  <Routes>\n"
    "    <Route id=\"1\" name=\"Master\"><PresentationInfo flags=\"MasterOut\"/>\n"
    "      <Processor type=\"amp\"><Controllable name=\"gaincontrol\" value=\"100\"/></Processor>\n"
    "    </Route>\n"
    "  </Routes>\n"
    "</Session>\n";

/* What is said of `tracks` (none), the check's, is said of the session
 * itself, at its root element (Session), as of a YAML recipe of no
 * `tracks:` at the recipe's first key, in the session's words (before,
 * the recipe's: "the recipe has no tracks; add at least one (kick: {file:
 * audio/kick.wav})"); master's fader out of range, kept as read (the
 * check's to refuse, issue 88), at master's fader (its amp Processor);
 * with or without a --set over another key. */
Test(sessioncmds, no_tracks_said_at_the_session_masters_value_at_its_fader)
{
  char *s = tu_path(dir, "song"), why[256];
  cr_assert_eq(sp_fs_mkdirs(s, why, sizeof why), SP_OK, "%s", why);
  free(tu_write_text(s, "song.ardour", ardour_master_alone));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *built = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
  cr_assert(built);
  const int session = tu_line_of(ardour_master_alone, "<Session "),
            master = tu_line_of(ardour_master_alone, "<Processor type=\"amp\"");
  char *said = said_in_order(&d, how.said_from);
  cr_expect_str_eq(said, "tracks: the session has no track that plays anything (none, or none "
                         "with a region or a clip), so there is nothing to render; give it a "
                         "track that plays\n"
                         "master.gain: 40 dB is out of range; expected -inf dB .. 24 dB\n");
  for (size_t i = how.said_from; i < d.n; i++) {
    if (d.v[i].severity != SP_SEV_ERROR)
      continue;
    const bool tracks = strcmp(d.v[i].path, "tracks") == 0;
    const sp_pos want = {tracks ? session : master, 0};
    cr_expect(d.v[i].pos.line == want.line && d.v[i].pos.col == want.col &&
                  strcmp(d.v[i].file, in.recipe_path) == 0,
              "%s at %s:%d:%d, not %d:%d", d.v[i].path, d.v[i].file, d.v[i].pos.line,
              d.v[i].pos.col, want.line, want.col);
  }
  free(said);
  sp_recipe_free(built);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  for (int set = 0; set < 2; set++) {
    char *err = NULL;
    cr_expect_eq(
        tu_run((const char *[]){"check", "--no-levels", s, set ? "--set" : NULL, "tail=0", NULL},
               NULL, &err),
        2);
    char *t = sp_xasprintf("song.ardour:%d: tracks: ", session),
         *m = sp_xasprintf("song.ardour:%d: master.gain: ", master);
    cr_expect(strstr(err, t) && strstr(err, m), "%s", err);
    free(t);
    free(m);
    free(err);
  }
  free(s);
}

/* An Ardour session whose one track is left out (a MIDI track with no
 * instrument, a loss) is refused for what holds for a session, from the
 * reader's count of the tracks it left out; master alone (above) is said
 * a session of no track that plays. Before, both said "the recipe has no tracks; add at
 * least one (kick: {file: audio/kick.wav})". */
Test(sessioncmds, an_ardour_session_whose_every_track_is_left_out_says_so)
{
  char *s = tu_path(dir, "song"), why[256];
  cr_assert_eq(sp_fs_mkdirs(s, why, sizeof why), SP_OK, "%s", why);
  const char *at = strstr(ardour_master_alone, "  </Routes>");
  char *xml = sp_xasprintf("%.*s    <Route id=\"5\" name=\"synth\"><PresentationInfo "
                           "flags=\"MidiTrack\"/></Route>\n%s",
                           (int)(at - ardour_master_alone), ardour_master_alone, at);
  free(tu_write_text(s, "song.ardour", xml));
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", "--no-levels", s, NULL}, NULL, &err), 2);
  cr_expect(strstr(err, "a MIDI track without an LV2 instrument"), "%s", err);
  cr_expect(strstr(err, "tracks: none of the session's 1 track can be carried over"), "%s", err);
  cr_expect_null(strstr(err, "add at least one"), "%s", err);
  free(err);
  free(xml);
  free(s);
}

/* An Ardour session whose one track has an empty playlist (it plays
 * nothing: left out, nothing lost) is refused as a session of no track
 * that plays, at its Session element, by import (no recipe written) and
 * render alike. Before, "the recipe has no tracks; add at least one
 * (kick: {file: audio/kick.wav})". */
Test(sessioncmds, an_ardour_session_of_an_empty_track_says_so)
{
  char *s = tu_path(dir, "song"), why[256];
  cr_assert_eq(sp_fs_mkdirs(s, why, sizeof why), SP_OK, "%s", why);
  const char *at = strstr(ardour_master_alone, "  </Routes>");
  char *xml = sp_xasprintf("%.*s    <Route id=\"4\" name=\"kick\" audio-playlist=\"20\">"
                           "<PresentationInfo flags=\"AudioTrack\"/></Route>\n  </Routes>\n"
                           "  <Playlists><Playlist id=\"20\" name=\"kick\"/></Playlists>\n"
                           "</Session>\n",
                           (int)(at - ardour_master_alone), ardour_master_alone);
  free(tu_write_text(s, "song.ardour", xml));
  char *yaml = tu_path(dir, "song.yaml"), *out = tu_path(dir, "out");
  const char *const runs[][6] = {{"import", s, "-o", yaml, NULL}, {"render", s, "-o", out, NULL}};
  for (size_t k = 0; k < 2; k++) {
    char *err = NULL;
    cr_expect_eq(tu_run(runs[k], NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, "song.ardour:2: tracks: the session has no track that plays anything"),
              "%s: %s", runs[k][0], err);
    cr_expect_null(strstr(err, "add at least one"), "%s", err);
    free(err);
  }
  struct stat st;
  cr_expect_neq(stat(yaml, &st), 0, "no recipe written");
  free(out);
  free(yaml);
  free(xml);
  free(s);
}

/* A timed value's parts where they do not fit it, said as the parser
 * says them: a ramp on a pan, a declick on a region's envelope, a tempo
 * on a level of no ramp, a tempo map of no point, VCA curves on a
 * declick and too many of them. */
Test(sessioncmds, timed_parts_that_do_not_fit_said_as_the_parser_says_them)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  sp_mix_auto_point(&t->strip.pan.plain, 0, 0.5);
  t->strip.pan.plain.ramp = SP_RAMP_LIST;
  sp_mix_auto_point(&t->regions[0].region.envelope, 0, -6);
  sp_mix_auto_point(&t->regions[0].region.envelope, 0.5, 0);
  t->regions[0].region.envelope.ramp = SP_RAMP_DECLICK;
  sp_mix_auto_point(&t->strip.gain, 0, -6);
  t->strip.gain.tempo = tempo_of(1, (const double[][4]){{0, 0, 120, 4}});
  sp_mix_strip *u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_point(&u->strip.gain, 0, -6);
  u->strip.gain.ramp = SP_RAMP_LIST;
  u->strip.gain.tempo = tempo_of(0, NULL);
  says(&m, &d,
       (const char *[]){"tracks.kick.pan: pans move linearly; 'ramp' is for levels",
                        "tracks.kick.regions[0].envelope.ramp: an envelope moves between its "
                        "points",
                        "tracks.kick.gain.tempo: a tempo is the one an Ardour list held in beats",
                        "tracks.snare.gain.tempo: expected a tempo in quarter notes a minute",
                        NULL});
  t = kick_mix(&m, &d);
  sp_mix_auto_frame(&t->strip.gain, 0, -6);
  t->strip.gain.ramp = SP_RAMP_DECLICK;
  t->strip.gain.vca = sp_xcalloc(1, sizeof *t->strip.gain.vca);
  t->strip.gain.n_vca = 1;
  sp_mix_auto_point(&t->strip.gain.vca[0], 0, -3);
  u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_point(&u->strip.gain, 0, -6);
  u->strip.gain.ramp = SP_RAMP_LIST;
  u->strip.gain.vca = sp_xcalloc(SP_AUTO_MAX_VCA + 1, sizeof *u->strip.gain.vca);
  u->strip.gain.n_vca = SP_AUTO_MAX_VCA + 1;
  for (size_t i = 0; i < u->strip.gain.n_vca; i++)
    sp_mix_auto_point(&u->strip.gain.vca[i], 0, -3);
  says(&m, &d,
       (const char *[]){"tracks.kick.gain.vca: a VCA's automation scales a level that moves as "
                        "Ardour's",
                        "tracks.snare.gain.vca: expected a list of 1 to 8 lists", NULL});
}

/* A session's timed values are held as its reader read them and judged
 * by the recipe's check (issue 88), so what the text import writes of
 * them holds them too: a start beside no ramp and a tempo beside a
 * declick, which the builder left out without a word, are said as the
 * parser says them of that text; a moving mute's frames out of order and
 * a VCA curve past its range likewise. */
Test(sessioncmds, timed_values_held_as_read_are_said_as_the_parser_says_their_text)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  sp_mix_auto_point(&t->strip.gain, 0, -6);
  t->strip.gain.has_start = true;
  t->strip.gain.start_db = -3;
  sp_mix_strip *u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_frame(&u->strip.gain, 0, -6);
  u->strip.gain.ramp = SP_RAMP_DECLICK;
  u->strip.gain.tempo = tempo_of(1, (const double[][4]){{0, 0, 120, 4}});
  sp_mix_auto_frame(&u->strip.mutes, 480, 1);
  sp_mix_auto_frame(&u->strip.mutes, 0, 0);
  says(&m, &d,
       (const char *[]){"tracks.kick.gain.start: a start is where Ardour's declick starts from; "
                        "give 'ramp: ardour' or 'ramp: declick' beside it\n",
                        "tracks.snare.gain.tempo: a tempo is the one an Ardour list held in beats "
                        "is read at; give 'ramp: ardour' beside it\n",
                        "tracks.snare.mute[1][0]: automation points must be in time order: this "
                        "point at 0 s comes after one at 0.01 s; sort the points by time\n",
                        NULL});
}

/* A region's fade points, held as read and judged by the recipe's check
 * alone (issue 88), are said alike from a session and from its text: a
 * curve not from 0 (the gain it would start at quoted as the text writes
 * it, so `.5` written by hand is told as the session's 0.5), a curve's
 * gain past 1, a saved list's points out of time order, an inverse's two
 * points at one time; a curve that moves as a level's (no reader gives
 * one, no text holds one) said so and left out. */
Test(sessioncmds, a_regions_fade_points_are_said_alike_from_a_session_and_its_text)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  sp_mix_region *g = &t->regions[0];
  sp_mix_auto_point(&g->region.fade_in.curve, 0.05, 0.5);
  sp_mix_auto_point(&g->region.fade_in.curve, 0.1, 1);
  sp_mix_auto_point(&g->region.fade_out.curve, 0, 1);
  sp_mix_auto_point(&g->region.fade_out.curve, 0.1, 1.5);
  sp_mix_fade_drawn(&g->region.fade_in, false);
  sp_mix_fade_drawn(&g->region.fade_out, false);
  sp_mix_strip *u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  g = &u->regions[0];
  g->region.opaque = true;
  sp_mix_auto_point(&g->region.fade_in.curve, 0.2, 0);
  sp_mix_auto_point(&g->region.fade_in.curve, 0.1, 2);
  sp_mix_fade_drawn(&g->region.fade_in, true);
  g->region.fade_out.length.seconds = 0.1;
  sp_mix_auto_point(&g->region.fade_out.inverse, 0.02, 1);
  sp_mix_auto_point(&g->region.fade_out.inverse, 0.02, 0);
  sp_mix_region_add(u, "kick.wav", 2, 0, 1, 0, 0);
  g = &u->regions[1];
  sp_mix_auto_point(&g->region.fade_in.curve, 0, 0);
  sp_mix_auto_point(&g->region.fade_in.curve, 0.1, 1);
  g->region.fade_in.curve.ramp = SP_RAMP_LIST;
  sp_mix_fade_drawn(&g->region.fade_in, false);
  says(&m, &d,
       (const char *[]){
           "tracks.kick.regions[0].fade_in.curve[0]: a fade curve starts at time 0, "
           "not 0.05 s; add a point [0, 0.5]\n",
           "tracks.kick.regions[0].fade_out.curve[1][1]: 1.5 is out of range; expected 0 .. 1\n",
           "tracks.snare.regions[0].fade_in.points[1][0]: automation points must be "
           "in time order: this point at 0.1 s comes after one at 0.2 s; sort the "
           "points by time\n",
           "tracks.snare.regions[0].fade_out.inverse[1]: two points of an inverse "
           "fade at the same time (0.02 s): a fade has no jumps; move or remove one\n",
           "tracks.snare.regions[1].fade_in.curve: the session's reader gave a value "
           "the recipe cannot hold (a fade's points that move as a level's)",
           NULL});
  /* its first gain written by hand as the text of a session never writes it */
  sp_recipe *r = NULL;
  char *said =
      sp_test_text_said("/work/song.yaml",
                        "stemprint: 1\n"
                        "tracks:\n"
                        "  kick: {file: kick.wav, fade_in: {curve: [[0.05, .5], [0.1, 1]]},\n"
                        "         fade_out: {curve: [[0.05, 0.0], [0.1, 1]]}}\n",
                        &r);
  cr_expect_str_eq(said, "tracks.kick.fade_in.curve[0]: a fade curve starts at time 0, not 0.05 s; "
                         "add a point [0, 0.5]\n"
                         "tracks.kick.fade_out.curve[0]: a fade curve starts at time 0, not 0.05 "
                         "s; add a point [0, 0]\n");
  /* each left out, as a fade not read is: a ramp of no length */
  cr_assert(r);
  cr_expect_eq(r->tracks[0].regions[0].fade_in.shape, SP_FADE_RAMP);
  cr_expect_eq(r->tracks[0].regions[0].fade_in.curve.n, 0);
  cr_expect_eq(r->tracks[0].regions[0].fade_out.length.seconds, 0);
  free(said);
  sp_recipe_free(r);
}

/* A session's timed value out of its range is said at the line of the
 * session's element it was read from (issue 88: the builder left such a
 * value out, said at the object above it): a fader's (its amp
 * Processor), a send's level (the send's Processor), a point of a bus's
 * pan (the bus's Pannable: a point past 24 hours, added here; its point
 * past the pan's range Ardour holds in it, as it sets a fixed pan within
 * it). */
Test(sessioncmds, a_sessions_timed_values_are_said_at_their_own_places)
{
  char *s = kick_folder("placed");
  const char *cut = strstr(ardour_ranges, "a282240 0.5\n") + strlen("a282240 0.5\n");
  char *xml =
      sp_xasprintf("%.*sa30000000000000 0.5\n%s", (int)(cut - ardour_ranges), ardour_ranges, cut);
  free(tu_write_text(s, "song.ardour", xml));
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *built = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
  cr_assert(built);
  static const char *const at[][2] = {
      {"tracks.kick.gain", "<Processor type=\"amp\""},
      {"tracks.kick.sends[0].level", "<Processor type=\"intsend\""},
      {"buses.verb.pan[3][0]", "<Pannable><Controllable name=\"pan-azimuth\" value=\"0.25\""}};
  for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
    const sp_diag *x = NULL;
    for (size_t i = how.said_from; i < d.n; i++)
      if (d.v[i].path && strcmp(d.v[i].path, at[k][0]) == 0)
        x = &d.v[i];
    cr_assert(x, "%s: not said", at[k][0]);
    const int line = tu_line_of(xml, at[k][1]);
    cr_expect(x->pos.line == line && x->pos.col == 0 && strcmp(x->file, in.recipe_path) == 0,
              "%s at %s:%d:%d, not line %d", at[k][0], x->file, x->pos.line, x->pos.col, line);
  }
  sp_recipe_free(built);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  free(xml);
  free(s);
}

/* Keys a moving value's text writes that its kind takes not (no reader
 * writes them): each said unknown as the parser says it, the value read
 * without them: an envelope's start, a tempo on an envelope, a VCA
 * curve's ramp and start, VCA curves on a pan (an envelope's
 * interpolation, read from an Ardour session since issue 87, is taken). */
Test(sessioncmds, keys_a_moving_value_takes_not_said_as_the_parser_says_them)
{
  sp_mix m;
  sp_diags d;
  sp_mix_strip *t = kick_mix(&m, &d);
  sp_auto *e = &t->regions[0].region.envelope;
  sp_mix_auto_point(e, 0, -6);
  e->ramp = SP_RAMP_LIST;
  e->interp = SP_INTERP_LINEAR;
  e->has_start = true;
  e->start_db = -3;
  sp_mix_strip *u = sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare");
  sp_mix_region_add(u, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_auto_point(&u->regions[0].region.envelope, 0, -6);
  u->regions[0].region.envelope.tempo = tempo_of(1, (const double[][4]){{0, 0, 120, 4}});
  sp_mix_auto_point(&u->strip.gain, 0, -6);
  u->strip.gain.ramp = SP_RAMP_LIST;
  u->strip.gain.vca = sp_xcalloc(1, sizeof *u->strip.gain.vca);
  u->strip.gain.n_vca = 1;
  sp_mix_auto_point(&u->strip.gain.vca[0], 0, -3);
  u->strip.gain.vca[0].ramp = SP_RAMP_DECLICK;
  u->strip.gain.vca[0].has_start = true;
  sp_mix_auto_point(&u->strip.pan.plain, 0, 0.5);
  u->strip.pan.plain.tempo = tempo_of(1, (const double[][4]){{0, 0, 120, 4}});
  u->strip.pan.plain.vca = sp_xcalloc(1, sizeof *u->strip.pan.plain.vca);
  u->strip.pan.plain.n_vca = 1;
  sp_mix_auto_point(&u->strip.pan.plain.vca[0], 0, -3);
  says(&m, &d,
       (const char *[]){"tracks.kick.regions[0].envelope.start: unknown key 'start' in a level's "
                        "automation; expected one of: points, ramp, interpolation\n",
                        "tracks.snare.regions[0].envelope.tempo: unknown key 'tempo'",
                        "tracks.snare.gain.vca[0].ramp: unknown key 'ramp' in a VCA's automation",
                        "tracks.snare.gain.vca[0].start: unknown key 'start' in a VCA's automation",
                        "tracks.snare.pan.vca: unknown key 'vca' in a value's automation", NULL});
}

/* ---- strips (decl4) ---------------------------------------------------------
 * A strip's keys the parser refuses in the text sp_mix_yaml writes (a gain
 * matrix of no gains or a gain out of range, a tap past its range, a
 * polarity of too many channels, points out of time order, master's keys
 * it does not take, a bus's solo, an output read as a word) built with no
 * text: the builder says what the parser says of that text, at the same
 * path, and leaves out what it leaves out. */

/* A mix of bus verb (b1) and track kick (t1, one region, a send to verb),
 * finished: a test sets its odd values after (sp_mix_finish would undo
 * some: a bus's solo). */
static void strips_mix(sp_mix *m, sp_diags *d)
{
  sp_mix_init(m, "song.dawproject", false, d);
  sp_mix_add(m, SP_MIX_BUS, "b1", "verb");
  sp_mix_strip *t = sp_mix_add(m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_send_add(t, "b1");
  cr_assert_eq(sp_mix_finish(m, "tracks"), SP_OK);
}

/* m built with no text (sp_session_build) and read as the text
 * sp_mix_yaml writes of it: built, not declined; its errors the text's,
 * path and message; the two recipes walked alike. What the builder said,
 * as sp_test_errors_of gives it (heap); m finished with. */
static char *strips_said(sp_mix *m, sp_diags *d)
{
  sp_diags said;
  sp_diags_init(&said);
  char *yaml = sp_mix_yaml(m);
  sp_diags beside; /* what the readers said of the values they built: the text leaves them out */
  sp_diags_init(&beside);
  sp_mix_said_placed(m, &beside); /* before the build, which takes the regions */
  sp_recipe *built = sp_test_session_recipe(m, "/work/song.yaml", &said);
  const size_t from = d->n;
  sp_recipe *read = NULL;
  sp_recipe_parse_string("/work/song.yaml", yaml, &read, d);
  sp_test_said_take(d, from, &beside);
  cr_assert_not_null(built, "not built: %s", yaml);
  char *a = sp_test_errors_of(&said, 0), *b = sp_test_errors_of(d, from);
  cr_expect_str_eq(a, b, "%s", yaml);
  /* the two walk alike where the check takes them (a value refused is
   * held as read, and one no text holds, nan, the text cannot give) */
  char *wa = sp_recipe_yaml(built, NULL), *wb = sp_recipe_yaml(read, NULL);
  if (sp_diags_errors(&said) == 0)
    cr_expect_str_eq(wa, wb, "%s", yaml);
  /* master's mute: said unknown, not read */
  cr_expect(!built->master.mute && !read->master.mute);
  cr_expect(built->master.mutes.n == 0 && read->master.mutes.n == 0);
  free(wa);
  free(wb);
  free(b);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&said);
  sp_mix_fini(m);
  sp_diags_fini(d);
  return a;
}

/* Gain matrices (a gain out of range, one not a number, a send's of no
 * gains), a send's tap past its range, a track's `to: none`; a bus's
 * `to: none` as its to_none, a track's `to: master` as none given. */
Test(sessioncmds, a_strips_gains_taps_and_outputs_are_said_as_the_parser_says_them)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  strips_mix(&m, &d);
  sp_mix_strip *verb = &m.strips[0], *kick = &m.strips[1];
  double g[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{20, NAN, 1}, {0.5, 0.25, 1}};
  sp_mix_strip_gains(kick, sp_layout_find("5.1"), 2, (const double(*)[SP_MAX_CHANNELS])g);
  const double none[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{0}};
  sp_mix_send *x = &kick->sends[0];
  sp_mix_send_gains(x, sp_layout_find("stereo"), 1, none);
  sp_mix_send_tap(x, SP_TAP_FADER, SP_TAP_AFTER_MAX + 1);
  kick->strip.to = sp_xstrdup("none");
  verb->strip.to = sp_xstrdup("none");
  char *said = strips_said(&m, &d);
  cr_expect_str_eq(
      said,
      "tracks.kick.pan.gains.L[0]: 20 is out of range; expected -16 .. 16\n"
      "tracks.kick.pan.gains.R[0]: expected a plain number from -16 to 16, like '0.5', got "
      "'nan'\n"
      "tracks.kick.sends[0].pan.gains: expected the destination's channels and their gains, like "
      "{L: 0.97, Ls: 0.24}\n"
      "tracks.kick.sends[0].tap.after: expected the place of a post_insert (1 for the first) or "
      "its processor's name, like {after: 1} or {after: saturate}, got '4097'; the first "
      "post_insert is 1 (the tap right after the fader is 'tap: fader')\n"
      "tracks.kick.to: a track always feeds a bus or master; 'to: none' is for buses that feed "
      "nothing (cue mixes)\n");
  free(said);

  sp_diags_init(&d);
  strips_mix(&m, &d);
  m.strips[1].strip.to = sp_xstrdup("master");
  said = strips_said(&m, &d);
  cr_expect_str_eq(said, "");
  free(said);
}

/* What the builder says of a value is at the element the reader read that
 * value from where it noted one (sp_mix_strip_at: the polarity's
 * control), else at its strip's, in the file the reader names (a mix of
 * an Ardour session's elements, built by hand). */
Test(sessioncmds, the_builders_message_is_at_its_values_own_element)
{
  for (int own = 0; own < 2; own++) { /* a mix is built once */
    sp_diags d;
    sp_diags_init(&d);
    sp_mix m;
    strips_mix(&m, &d);
    m.origin = sp_xstrdup("song.ardour");
    m.line = 2;
    sp_mix_strip *verb = &m.strips[0];
    verb->line = 10;
    if (own)
      sp_mix_strip_at(verb, "invert", 12);
    sp_mix_strip_invert_channels(verb, 5, SP_MAX_CHANNELS + 8);
    sp_diags said;
    sp_diags_init(&said);
    sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
    size_t found = 0;
    for (size_t i = 0; i < said.n; i++)
      if (said.v[i].path && strcmp(said.v[i].path, "buses.verb.invert") == 0) {
        cr_expect_str_eq(said.v[i].file, "song.ardour");
        cr_expect_eq(said.v[i].pos.line, own ? 12 : 10);
        cr_expect_eq(said.v[i].pos.col, 0);
        found++;
      }
    cr_expect_eq(found, 1, "case %d", own);
    sp_recipe_free(built);
    sp_diags_fini(&said);
    sp_mix_fini(&m);
    sp_diags_fini(&d);
  }
}

/* A polarity of more channels than a strip has (moving and not), points
 * of a polarity and of a mute out of time order or at a negative frame. */
Test(sessioncmds, a_strips_polarity_and_mute_are_said_as_the_parser_says_them)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  strips_mix(&m, &d);
  sp_mix_strip *verb = &m.strips[0], *kick = &m.strips[1];
  kick->invert_channels = SP_MAX_CHANNELS + 1;
  sp_mix_auto_frame(&kick->strip.invert.moves, 0, 1);
  sp_mix_auto_frame(&kick->strip.invert.moves, 480, 0);
  sp_mix_strip_invert_channels(verb, 5, SP_MAX_CHANNELS + 8);
  sp_mix_auto_frame(&kick->strip.mutes, 0, 1);
  sp_mix_auto_frame(&kick->strip.mutes, 960, 0);
  sp_mix_auto_frame(&kick->strip.mutes, 480, 1);
  sp_mix_auto_frame(&kick->strip.mutes, -48000, 1);
  char *said = strips_said(&m, &d);
  cr_expect_str_eq(
      said,
      "buses.verb.invert: expected one true or false for each channel entering the strip's chain, "
      "like [false, true] (its right channel inverted)\n"
      "tracks.kick.invert[0][1]: expected one true or false for each channel entering the strip's "
      "chain, like [false, true] (its right channel inverted)\n"
      "tracks.kick.invert[1][1]: expected one true or false for each channel entering the strip's "
      "chain, like [false, true] (its right channel inverted)\n"
      "tracks.kick.mute[2][0]: automation points must be in time order: this point at 0.01 s comes "
      "after one at 0.02 s; sort the points by time\n"
      "tracks.kick.mute[3][0]: '-48000 smp': a count of samples (smp) must be a whole number of 0 "
      "or more\n");
  free(said);

  sp_diags_init(&d);
  strips_mix(&m, &d);
  verb = &m.strips[0];
  verb->invert_channels = 1;
  sp_mix_auto_frame(&verb->strip.invert.moves, 480, 1);
  sp_mix_auto_frame(&verb->strip.invert.moves, 0, 0);
  m.strips[1].invert_channels = 2;
  sp_mix_auto_frame(&m.strips[1].strip.invert.moves, 0, 2);
  said = strips_said(&m, &d);
  cr_expect_str_eq(said, "buses.verb.invert[1][0]: automation points must be in time order: this "
                         "point at 0 s comes after one at 0.01 s; sort the points by time\n");
  free(said);
}

/* keys as the parser's "expected one of" lists them: "gain, trim, ..."
 * (heap), from its table, so that a key the table gains is listed. */
static char *keys_listed(const char *const *keys)
{
  char *text = sp_xstrdup("");
  for (size_t k = 0; keys[k]; k++) {
    char *more = sp_xasprintf("%s%s%s", text, k ? ", " : "", keys[k]);
    free(text);
    text = more;
  }
  return text;
}

/* Master's values its strip takes no key for (fold, mute, mute_points,
 * solo, sends) and a bus's solo, which a reader says as a
 * loss or resolves (sp_mix_finish) and never gives: each, given, said as
 * a value the recipe cannot hold (a reader's mistake to report, not the
 * parser's words for a key a user wrote), and left out. */
Test(sessioncmds, keys_a_strip_does_not_take_are_a_readers_mistake_left_out)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  strips_mix(&m, &d);
  sp_mix_strip_solo(&m.strips[0], true);
  sp_mix_strip_fold_bs775(&m.master);
  sp_mix_strip_solo(&m.master, true);
  sp_mix_auto_point(&m.master.strip.mutes, 0, 1);
  sp_mix_strip_mute_points(&m.master, 4);
  sp_mix_send_add(&m.master, "verb");
  sp_diags said;
  sp_diags_init(&said);
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
  cr_assert_not_null(built);
  char *got = sp_test_errors_of(&said, 0), *want = sp_xstrdup("");
  static const char *const keys[][2] = {
      {"buses.verb", "solo"},    {"master", "fold"},  {"master", "mute"},
      {"master", "mute_points"}, {"master", "sends"}, {"master", "solo"}}; /* (as said, by path) */
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    char *more = sp_xasprintf("%s%s.%s: the session's reader gave a value the recipe cannot hold "
                              "(%s's %s); please report it\n",
                              want, keys[k][0], keys[k][1],
                              strchr(keys[k][0], '.') ? strchr(keys[k][0], '.') + 1 : keys[k][0],
                              keys[k][1]);
    free(want);
    want = more;
  }
  cr_expect_str_eq(got, want);
  const sp_strip *master = &built->master, *verb = &built->buses[0].strip;
  cr_expect(!master->has_fold && !master->mute && master->mutes.n == 0 &&
            master->mute_points == 0 && !master->solo && master->n_sends == 0 && !verb->solo);
  free(got);
  free(want);
  sp_recipe_free(built);
  sp_diags_fini(&said);
  sp_mix_fini(&m);
  sp_diags_fini(&d);
}

/* A send's `to:` and a strip's named by an empty text, which no reader
 * gives (a strip's name is never empty): each a value the recipe cannot
 * hold, a reader's mistake said at its path, and left out (the send then
 * feeds no bus, the strip master). Before, the builder said what the
 * parser says of the text's `to: ""`, restating the parser's rule. */
Test(sessioncmds, a_to_of_an_empty_name_is_a_readers_mistake_left_out)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  strips_mix(&m, &d);
  sp_mix_strip *kick = &m.strips[1];
  free(kick->sends[0].send.to);
  kick->sends[0].send.to = sp_xstrdup("");
  kick->strip.to = sp_xstrdup("");
  sp_diags said;
  sp_diags_init(&said);
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
  cr_assert_not_null(built);
  char *got = sp_test_errors_of(&said, 0);
  cr_expect_str_eq(got, "tracks.kick.sends[0].to: the session's reader gave a value the recipe "
                        "cannot hold (a bus of an empty name); please report it\n"
                        "tracks.kick.to: the session's reader gave a value the recipe cannot "
                        "hold (a bus of an empty name); please report it\n");
  cr_expect(!built->tracks[0].strip.to && !built->tracks[0].strip.sends[0].to);
  free(got);
  sp_recipe_free(built);
  sp_diags_fini(&said);
  sp_mix_fini(&m);
  sp_diags_fini(&d);
}

/* An Ardour session whose master is muted (a key master does not take) and
 * its polarity inverted: the mute a loss, said as a warning naming master
 * and written as a comment, the recipe read without it (before, an error
 * at a key the user never wrote, `master.mute: unknown key`, and no
 * recipe); the polarity master's `invert: true`, as Ardour's export plays
 * it (before, a loss too: the render kept the polarity Ardour inverts);
 * its read the same as the text import writes of it. */
Test(sessioncmds, an_ardour_masters_mute_is_a_loss_and_its_polarity_played)
{
  char *s = kick_session("48000", "      <Controllable name=\"mute\" value=\"1\"/>"
                                  "<Controllable name=\"phase\" phase-invert=\"11\"/>");
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d, text;
  sp_diags_init(&d);
  sp_diags_init(&text);
  sp_session_reading how = {0};
  sp_recipe *built = NULL, *read = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_OK);
  cr_assert(built);
  size_t losses = 0;
  for (size_t i = 0; i < d.n; i++)
    losses += d.v[i].severity == SP_SEV_WARNING && strstr(d.v[i].msg, "a recipe's master has no ");
  cr_expect_eq(losses, 1);
  char *yaml = NULL;
  cr_assert_eq(import_text(s, &yaml, &text), SP_OK);
  cr_expect(strstr(yaml, "# not carried over: master: muted: a recipe's master has no mute"), "%s",
            yaml);
  cr_expect(strstr(yaml, "\nmaster:\n  invert: true\n"), "%s", yaml);
  cr_expect(!strstr(yaml, "has no invert"), "%s", yaml);
  const size_t from = text.n;
  sp_recipe_parse_string(in.recipe_path, yaml, &read, &text);
  cr_assert(read, "%s", yaml);
  char *said = sp_test_errors_of(&d, how.said_from), *parsed = sp_test_errors_of(&text, from);
  cr_expect_str_eq(said, "");
  cr_expect_str_eq(parsed, "");
  cr_expect(!built->master.mute && !read->master.mute);
  cr_expect(built->master.invert.all && read->master.invert.all);
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
  free(s);
}

/* A stereo master's moving polarity, Ardour's "on" inverting its first
 * channel alone, is written one setting a channel: [true, false], as
 * docs/recipe.md has a setting list them; a recipe's own is written back
 * as it lists them. Before, the import wrote [true], one setting for two
 * channels (read back as the left alone, as Ardour plays it), and a
 * recipe's [false, true, false] was written back [false, true]. */
Test(sessioncmds, a_moving_polaritys_settings_are_written_a_channel_each)
{
  char *s =
      kick_session("48000", "      <IO direction=\"Input\"><Port name=\"Master/audio_in 1\"/>"
                            "<Port name=\"Master/audio_in 2\"/></IO>\n"
                            "      <Automation><AutomationList automation-id=\"phase\" "
                            "state=\"Play\"><events>a0 0\na282240000 1\n</events></AutomationList>"
                            "</Automation>");
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags text;
  sp_diags_init(&text);
  sp_session_reading how = {0};
  sp_recipe *built = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &text), SP_OK);
  cr_assert(built);
  char *yaml = sp_recipe_yaml(built, NULL); /* as `import` writes it */
  cr_expect(strstr(yaml, "\nmaster:\n  invert: [[0 smp, false], [48128 smp, [true, false]]]\n"),
            "%s", yaml);
  sp_recipe_free(built);
  sp_session_input_fini(&in);
  sp_recipe *read = NULL;
  sp_recipe_parse_string("r.yaml", yaml, &read, &text);
  cr_assert(read, "%s", yaml);
  cr_assert_eq(read->master.invert.moves.n, 2);
  cr_expect_eq(read->master.invert.moves.points[1].v, 1.0); /* the left channel alone */
  sp_recipe_free(read);
  read = NULL;
  /* a recipe's settings, written back as it lists them */
  sp_recipe_parse_string("r.yaml",
                         "stemprint: 1\ntracks:\n  a: {file: m.wav, invert: [[0, false], [1 s, "
                         "[false, true, false]], [2 s, true]]}\n",
                         &read, &text);
  cr_assert(read);
  char *w = sp_recipe_yaml(read, NULL);
  cr_expect(strstr(w, "invert: [[0 s, false], [1 s, [false, true, false]], [2 s, true]]"), "%s", w);
  free(w);
  sp_recipe_free(read);
  free(yaml);
  sp_diags_fini(&text);
  tu_rmtree(s);
  free(s);
}

/* ---- h/small: master's mute, the recipe's top built at once, its places -- */

/* Master takes no `mute` (docs/recipe.md, its row): the parser says it
 * unknown and reads nothing of it, a constant or a moving one, so that
 * what it would say of its points is not said too, and master is not
 * muted. */
Test(sessioncmds, masters_mute_is_said_unknown_and_not_read)
{
  static const char *const texts[] = {
      "stemprint: 1\ntracks: {a: {file: a.wav}}\nmaster: {mute: true}\n",
      "stemprint: 1\ntracks: {a: {file: a.wav}}\nmaster: {mute: [[0, maybe], [1 s, true]]}\n",
  };
  char *master_keys = keys_listed(sp_keys_master_all);
  char *unknown =
      sp_xasprintf("master.mute: unknown key 'mute' in master; expected one of: %s\n", master_keys);
  free(master_keys);
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    sp_recipe_parse_string("/work/song.yaml", texts[k], &r, &d);
    char *said = sp_test_errors_of(&d, 0);
    cr_expect_str_eq(said, unknown, "%s", texts[k]);
    cr_expect(r && !r->master.mute && r->master.mutes.n == 0, "%s", texts[k]);
    free(said);
    sp_recipe_free(r);
    sp_diags_fini(&d);
  }
  free(unknown);
}

/* A mix of one track of one region (a.wav, a second from 0), its top set
 * by top and its strip by strip (each NULL: none), through the readers'
 * API (io/session/session_build_top.h, session_build_strip.h). */
static void one_track_mix(sp_mix *m, sp_diags *d, void (*top)(sp_mix *m),
                          void (*strip)(sp_mix_strip *s))
{
  sp_mix_init(m, "song.dawproject", false, d);
  sp_mix_strip *t = sp_mix_add(m, SP_MIX_TRACK, "t1", "a");
  sp_mix_region_add(t, "a.wav", 0, 0, 1, 0, 0);
  if (top)
    top(m);
  if (strip)
    strip(t);
  cr_assert_eq(sp_mix_finish(m, "tracks"), SP_OK);
}

static void rate_not_whole(sp_mix *m) { sp_mix_top_number(m, SP_KEY_ROOT_SAMPLE_RATE, 44100.5); }
static void rate_in_khz(sp_mix *m) { sp_mix_top_number(m, SP_KEY_ROOT_SAMPLE_RATE, 48); }
static void pan_law_off(sp_mix *m) { sp_mix_top_number(m, SP_KEY_ROOT_PAN_LAW, -2); }
static void pan_law_out(sp_mix *m) { sp_mix_top_number(m, SP_KEY_ROOT_PAN_LAW, -7); }
static void ardours(sp_mix *m)
{
  sp_mix_top_number(m, SP_KEY_ROOT_SAMPLE_RATE, 44100);
  sp_mix_top_pan_law_ardour(m);
  sp_mix_top_cycle_ardour(m);
  sp_mix_top_latency_ignored(m);
  sp_mix_top_length(m, 441000);
}
static void too_long(sp_mix *m) { sp_mix_top_length(m, SP_MAX_FRAMES + 1); }

/* The recipe's top as a reader builds it at once (sp_mix_top_*): each
 * value, and what the parser says of one it refuses, at its key, as the
 * parser reads the same top written by hand; the value refused left out
 * (the default kept), as the parser leaves it out; a length longer than
 * stemprint renders too (the check's). */
Test(sessioncmds, the_recipes_top_built_at_once_is_the_parsers_reading_of_it)
{
  static const struct {
    void (*set)(sp_mix *m);
    const char *top, *said;
  } cases[] = {
      {rate_not_whole, "sample_rate: 44100.5",
       "sample_rate: a sample rate is a whole number of Hz, like 48000\n"},
      {rate_in_khz, "sample_rate: 48",
       "sample_rate: 48 Hz is out of range; expected 8000 Hz .. 768000 Hz; a frequency without a "
       "unit is in Hz: did you mean '48 kHz'?\n"},
      {pan_law_off, "pan_law: -2 dB",
       "pan_law: expected one of 0 dB, -3 dB, -4.5 dB or -6 dB (level of a centred mono track on "
       "each side), or ardour\n"},
      {pan_law_out, "pan_law: -7 dB", "pan_law: -7 dB is out of range; expected -6 dB .. 0 dB\n"},
      {ardours,
       "sample_rate: 44100\npan_law: ardour\nplugin_cycle: ardour\nlatency: ignore\nlength: "
       "441000 smp\ntail: 0",
       ""},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    sp_diags d, said;
    sp_diags_init(&d);
    sp_diags_init(&said);
    sp_mix m;
    one_track_mix(&m, &d, cases[k].set, NULL);
    sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said), *read = NULL;
    char *text = sp_xasprintf("stemprint: 1\n%s\ntracks: {a: {file: a.wav, length: 1}}\n",
                              cases[k].top);
    sp_recipe_parse_string("/work/song.yaml", text, &read, &d);
    cr_assert(built && read, "%s", text);
    char *a = sp_test_errors_of(&said, 0), *b = sp_test_errors_of(&d, 0);
    cr_expect_str_eq(a, b, "%s", text);
    cr_expect_str_eq(a, cases[k].said, "%s", text);
    cr_expect_eq(built->sample_rate, read->sample_rate, "%s", text);
    cr_expect_eq(built->pan_law_db, read->pan_law_db, "%s", text);
    cr_expect_eq(built->pan_law_quadratic, read->pan_law_quadratic, "%s", text);
    cr_expect(built->plugin_cycle == read->plugin_cycle &&
                  built->plugin_cycle_first == read->plugin_cycle_first,
              "%s", text);
    cr_expect_eq(built->latency_ignored, read->latency_ignored, "%s", text);
    cr_expect(built->length_auto == read->length_auto && built->tail_auto == read->tail_auto &&
                  built->length.frames == read->length.frames &&
                  built->tail.seconds == read->tail.seconds,
              "%s", text);
    free(a);
    free(b);
    free(text);
    sp_recipe_free(built);
    sp_recipe_free(read);
    sp_diags_fini(&said);
    sp_diags_fini(&d);
    sp_mix_fini(&m);
  }
  /* a length longer than any render: said as the parser says it (the
   * check's), the length put back to `auto` */
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  one_track_mix(&m, &d, too_long, NULL);
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
  cr_assert_not_null(built);
  cr_expect(built->length_auto);
  sp_recipe_free(built);
  char *a = sp_test_errors_of(&said, 0);
  cr_expect_str_eq(a, "length: '66355200001 smp' is longer than 24 hours at any sample rate, the "
                      "longest stemprint renders\n");
  free(a);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  sp_mix_fini(&m);
}

/* An Ardour session at 44100.5 Hz, a rate not whole (its reader takes
 * it; the recipe's check does not): said at its key, at the line of the
 * session's element that gives it (Session's sample-rate), once (it was
 * said at 1:1, a line above the recipe, then at the recipe's first key,
 * when the builder left the value out); the recipe holds it as given. */
Test(sessioncmds, a_sample_rate_not_whole_is_said_at_its_key)
{
  char *s = kick_session("44100.5", "");
  sp_session_input in;
  cr_assert(sp_session_probe(s, &in));
  sp_diags d;
  sp_diags_init(&d);
  sp_session_reading how = {0};
  sp_recipe *built = NULL;
  cr_expect_eq(sp_session_read(&in, NULL, &how, &built, NULL, NULL, &d), SP_ERR_USAGE);
  cr_assert_not_null(built);
  const sp_pos first = sp_recipe_where(built, "sample_rate");
  cr_expect_eq(first.line, 2, "at <Session>");
  cr_expect_str_eq(sp_recipe_file_at(built, "sample_rate"), in.recipe_path);
  cr_expect(sp_recipe_written(built, "sample_rate"));
  size_t found = 0;
  for (size_t i = how.said_from; i < d.n; i++)
    if (d.v[i].path && strcmp(d.v[i].path, "sample_rate") == 0) {
      cr_expect_str_eq(d.v[i].msg, "a sample rate is a whole number of Hz, like 48000");
      cr_expect(d.v[i].pos.line == first.line && d.v[i].pos.col == first.col,
                "at %d:%d, not %d:%d", d.v[i].pos.line, d.v[i].pos.col, first.line, first.col);
      found++;
    }
  cr_expect_eq(found, 1);
  sp_recipe_free(built);
  sp_diags_fini(&d);
  sp_session_input_fini(&in);
  free(s);
}

/* ---- a strip's values built at once (h/strip) --------------------------------
 * A reader builds a strip's gain matrix, polarity and a send's tap and gain
 * matrix at once (io/session/session_build_strip.h): what the parser says
 * of one it refuses is kept on the strip or send and said when the strip
 * is placed, at the path, and with the message, the parser gives the same
 * values written by hand. */

/* What the builder says of m (finished here; freed), and the recipe it
 * builds (*built), its errors as sp_test_errors_of gives them (heap). */
static char *built_said(sp_mix *m, sp_recipe **built)
{
  cr_assert_eq(sp_mix_finish(m, "tracks"), SP_OK);
  sp_diags said;
  sp_diags_init(&said);
  *built = sp_test_session_recipe(m, "/work/song.yaml", &said);
  cr_assert_not_null(*built);
  char *a = sp_test_errors_of(&said, 0);
  sp_diags_fini(&said);
  sp_mix_fini(m);
  return a;
}

/* What the parser says of text (a recipe written by hand,
 * sp_test_text_said), which it reads as *read. */
static char *text_said(const char *text, sp_recipe **read)
{
  char *b = sp_test_text_said("/work/song.yaml", text, read);
  cr_assert_not_null(*read, "%s", text);
  return b;
}

/* A gain out of range and one not a number in a strip's matrix (their
 * channel left out), a send's matrix of no gains, its tap after more
 * post_inserts than a tap names, a bus's polarity of more channels than a
 * strip has: said as the parser says them of the text that writes them. */
Test(sessioncmds, a_strips_values_built_at_once_are_said_as_the_parser_says_their_text)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *verb = sp_mix_add(&m, SP_MIX_BUS, "b1", "verb");
  sp_mix_strip_invert_channels(verb, 5, SP_MAX_CHANNELS + 8);
  sp_mix_strip *kick = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(kick, "kick.wav", 0, 0, 1, 0, 0);
  double g[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{20, NAN, 1}, {0.5, 0.25, 1}};
  sp_mix_strip_gains(kick, sp_layout_find("5.1"), 2, (const double(*)[SP_MAX_CHANNELS])g);
  sp_mix_send *x = sp_mix_send_add(kick, "b1");
  const double none[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{0}};
  sp_mix_send_gains(x, sp_layout_find("stereo"), 1, none);
  sp_mix_send_tap(x, SP_TAP_FADER, SP_TAP_AFTER_MAX + 1);
  sp_recipe *built = NULL, *read = NULL;
  char *a = built_said(&m, &built);
  char *inv = sp_xstrdup("");
  for (size_t c = 0; c < SP_MAX_CHANNELS + 8; c++) {
    char *more = sp_xasprintf("%s%s%s", inv, c ? ", " : "", c == 0 || c == 2 ? "true" : "false");
    free(inv);
    inv = more;
  }
  char *text = sp_xasprintf(
      "stemprint: 1\n"
      "tracks:\n"
      "  kick:\n"
      "    regions:\n"
      "      - {file: kick.wav, at: 0, from: 0, length: 1}\n"
      "    pan: {gains: {L: [20, 0.5], R: [nan, 0.25], C: [1, 1]}}\n"
      "    sends:\n"
      "      - {to: verb, level: 0 dB, tap: {after: %d}, pan: {gains: {}}}\n"
      "buses:\n"
      "  verb:\n"
      "    invert: [%s]\n",
      SP_TAP_AFTER_MAX + 1, inv);
  char *b = text_said(text, &read);
  cr_expect_str_eq(a, b, "%s---\n%s---\n%s", text, a, b);
  cr_expect_str_eq(
      a,
      "buses.verb.invert: expected one true or false for each channel entering the strip's chain, "
      "like [false, true] (its right channel inverted)\n"
      "tracks.kick.pan.gains.L[0]: 20 is out of range; expected -16 .. 16\n"
      "tracks.kick.pan.gains.R[0]: expected a plain number from -16 to 16, like '0.5', got "
      "'nan'\n"
      "tracks.kick.sends[0].pan.gains: expected the destination's channels and their gains, like "
      "{L: 0.97, Ls: 0.24}\n"
      "tracks.kick.sends[0].tap.after: expected the place of a post_insert (1 for the first) or "
      "its processor's name, like {after: 1} or {after: saturate}, got '4097'; the first "
      "post_insert is 1 (the tap right after the fader is 'tap: fader')\n");
  /* what is left of them: each gain held as read (the check refuses it),
   * but one the text cannot hold (nan), which its reading leaves out */
  const sp_strip *bk = &built->tracks[0].strip, *rk = &read->tracks[0].strip;
  cr_expect_eq(bk->pan.n_gains, 3);
  cr_expect_eq(rk->pan.n_gains, 2);
  cr_expect_str_eq(bk->pan.gain_to[2], "C");
  cr_expect_str_eq(rk->pan.gain_to[1], "C");
  cr_expect_eq(bk->sends[0].tap.at, rk->sends[0].tap.at);
  cr_expect_eq(bk->sends[0].tap.at, SP_TAP_POST);
  cr_expect_eq(bk->sends[0].pan.given, rk->sends[0].pan.given);
  cr_expect_eq(built->buses[0].strip.invert.n, 0);
  cr_expect_eq(read->buses[0].strip.invert.n, 0);
  free(inv);
  free(text);
  free(a);
  free(b);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_diags_fini(&d);
}

/* A send tapped after more post_inserts than a tap may name (the parser's
 * SP_TAP_AFTER_MAX, as for a key's tap), and after as many as it may:
 * built, the builder saying the parser's error at its tap.after, as the
 * text written by hand says it, the tap left as the text leaves it
 * (post). */
Test(sessioncmds, a_sends_tap_past_its_range_said_as_the_parser_refuses_it)
{
  for (size_t after = SP_TAP_AFTER_MAX; after <= SP_TAP_AFTER_MAX + 1; after++) {
    sp_diags d;
    sp_diags_init(&d);
    sp_mix m;
    sp_mix_init(&m, "song.dawproject", false, &d);
    sp_mix_add(&m, SP_MIX_BUS, "b1", "verb");
    sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
    sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
    sp_mix_send_tap(sp_mix_send_add(t, "b1"), SP_TAP_FADER, after);
    sp_recipe *built = NULL, *read = NULL;
    char *a = built_said(&m, &built);
    char *text = sp_xasprintf("stemprint: 1\n"
                              "tracks:\n"
                              "  kick:\n"
                              "    regions:\n"
                              "      - {file: kick.wav, at: 0, from: 0, length: 1}\n"
                              "    sends:\n"
                              "      - {to: verb, level: 0 dB, tap: {after: %zu}}\n"
                              "buses:\n"
                              "  verb: {}\n",
                              after);
    char *b = text_said(text, &read);
    cr_expect_str_eq(a, b, "%s", text);
    cr_expect_eq(*a != '\0', after > SP_TAP_AFTER_MAX, "%s", a);
    cr_expect(after <= SP_TAP_AFTER_MAX || strstr(a, "tracks.kick.sends[0].tap.after: ") == a, "%s",
              a);
    const sp_tap *bt = &built->tracks[0].strip.sends[0].tap,
                 *rt = &read->tracks[0].strip.sends[0].tap;
    cr_expect_eq(bt->at, rt->at);
    cr_expect_eq(bt->after, rt->after);
    cr_expect_eq(bt->at, after > SP_TAP_AFTER_MAX ? SP_TAP_POST : SP_TAP_FADER);
    free(text);
    free(a);
    free(b);
    sp_recipe_free(built);
    sp_recipe_free(read);
    sp_diags_fini(&d);
  }
}

/* A value a reader sets again (Ardour's matrix of a route's outputs wired
 * into a wider bus replaces its VBAP's; a polarity, a tap) replaces what
 * was said of the one before: a matrix with a gain out of range, a
 * polarity of too many channels and a tap past its range, each then set
 * as the parser takes it, say nothing. */
Test(sessioncmds, a_value_set_again_forgets_what_was_said_of_the_one_before)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *verb = sp_mix_add(&m, SP_MIX_BUS, "b1", "verb");
  sp_mix_strip_invert_channels(verb, 1, 0);
  sp_mix_strip_invert_all(verb);
  sp_mix_strip *kick = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(kick, "kick.wav", 0, 0, 1, 0, 0);
  double g[SP_MAX_CHANNELS][SP_MAX_CHANNELS] = {{20, 1}};
  const sp_layout *stereo = sp_layout_find("stereo");
  sp_mix_strip_gains(kick, stereo, 1, (const double(*)[SP_MAX_CHANNELS])g);
  g[0][0] = 0.5;
  sp_mix_strip_gains(kick, stereo, 1, (const double(*)[SP_MAX_CHANNELS])g);
  sp_mix_send *x = sp_mix_send_add(kick, "b1");
  sp_mix_send_tap(x, SP_TAP_FADER, SP_TAP_AFTER_MAX + 1);
  sp_mix_send_tap(x, SP_TAP_PRE, 0);
  sp_recipe *built = NULL;
  char *a = built_said(&m, &built);
  cr_expect_str_eq(a, "");
  const sp_strip *k = &built->tracks[0].strip;
  cr_expect_eq(k->pan.n_gains, 2);
  cr_expect_eq(k->pan.gain_v[0][0], 0.5);
  cr_expect_eq(k->sends[0].tap.at, SP_TAP_PRE);
  cr_expect(built->buses[0].strip.invert.all);
  free(a);
  sp_recipe_free(built);
  sp_diags_fini(&d);
}

/* ---- master's mute in a session: a loss ----------------------------------
 * A recipe's master has no mute (docs/recipe.md): a session whose master is
 * muted, or whose master's mute moves, imports with a loss that says so
 * (a warning, an error under --strict), not with an error at a key the
 * user never wrote. */
Test(sessioncmds, a_sessions_muted_master_is_a_loss)
{
  for (int strict = 0; strict < 2; strict++) {
    for (int moving = 0; moving < 2; moving++) {
      sp_diags d;
      sp_diags_init(&d);
      sp_mix m;
      sp_mix_init(&m, "song.dawproject", strict, &d);
      sp_mix_region_add(sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick"), "kick.wav", 0, 0, 1, 0, 0);
      if (moving) {
        sp_mix_auto_point(&m.master.strip.mutes, 0, 0);
        sp_mix_auto_point(&m.master.strip.mutes, 48000, 1);
      } else {
        sp_mix_strip_mute(&m.master, true);
      }
      cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
      cr_expect(!m.master.strip.mute && m.master.strip.mutes.n == 0);
      cr_expect_eq(m.losses, 1);
      cr_assert_eq(d.n, 1);
      cr_expect_eq(d.v[0].severity, strict ? SP_SEV_ERROR : SP_SEV_WARNING);
      cr_expect(strstr(d.v[0].msg, moving ? "song.dawproject: master: its mute automation: a "
                                            "recipe's master has no mute"
                                          : "song.dawproject: master: muted: a recipe's master "
                                            "has no mute"),
                "%s", d.v[0].msg);
      cr_expect_eq(m.master.n_notes, 1);
      sp_diags said;
      sp_diags_init(&said);
      sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
      cr_assert(built);
      cr_expect_eq(said.n, 0, "no 'unknown key' of master's");
      cr_expect(!built->master.mute && built->master.mutes.n == 0);
      sp_recipe_free(built);
      sp_diags_fini(&said);
      sp_mix_fini(&m);
      sp_diags_fini(&d);
    }
  }
}

/* ---- a strip's values built at once (io/session/session_build_strip.h) ---- */

static void trim_over(sp_mix_strip *s) { sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, 60); }
static void trim_nan(sp_mix_strip *s) { sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, NAN); }
static void width_over(sp_mix_strip *s) { sp_mix_strip_number(s, SP_KEY_STRIP_WIDTH, 1.5); }
static void trim_replaced(sp_mix_strip *s)
{
  sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, 60); /* said, then replaced: not said */
  sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, -6);
}
static void width_taken_back(sp_mix_strip *s)
{
  sp_mix_strip_number(s, SP_KEY_STRIP_WIDTH, -3);
  sp_mix_strip_unset(s, SP_KEY_STRIP_WIDTH);
}
static void switches(sp_mix_strip *s)
{
  sp_mix_strip_number(s, SP_KEY_STRIP_TRIM, -6);
  sp_mix_strip_number(s, SP_KEY_STRIP_WIDTH, 0.5);
  sp_mix_strip_mute(s, true);
  sp_mix_strip_solo(s, true);
  sp_mix_strip_mute_points(s, SP_MUTE_POST_FADER | SP_MUTE_MAIN);
}

/* A strip's numbers set by their rows (sp_mix_strip_number) and its
 * switches: each value, and what the check says of one it refuses, at
 * its key, as of the same strip written by hand; a value refused held as
 * read in both (but a value no text reads, nan). */
Test(sessioncmds, a_strips_values_built_at_once_are_the_parsers_reading_of_them)
{
  static const struct {
    void (*set)(sp_mix_strip *s);
    const char *keys, *said;
  } cases[] = {
      {trim_over, "trim: 60 dB", "tracks.a.trim: 60 dB is out of range; expected -inf dB .. 48 dB\n"},
      {trim_nan, "trim: nan dB", NULL},
      {width_over, "width: 1.5", "tracks.a.width: 1.5 is out of range; expected -1 .. 1\n"},
      {trim_replaced, "trim: -6 dB", ""},
      {width_taken_back, "", ""},
      {switches,
       "trim: -6 dB, width: 0.5, mute: true, solo: true, mute_points: [post_fader, main]", ""},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    sp_diags d, said;
    sp_diags_init(&d);
    sp_diags_init(&said);
    sp_mix m;
    one_track_mix(&m, &d, NULL, cases[k].set);
    sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said), *read = NULL;
    char *text = sp_xasprintf("stemprint: 1\ntracks: {a: {file: a.wav, length: 1%s%s}}\n",
                              *cases[k].keys ? ", " : "", cases[k].keys);
    sp_recipe_parse_string("/work/song.yaml", text, &read, &d);
    cr_assert(built && read, "%s", text);
    char *a = sp_test_errors_of(&said, 0), *b = sp_test_errors_of(&d, 0);
    cr_expect_str_eq(a, b, "%s", text);
    if (cases[k].said)
      cr_expect_str_eq(a, cases[k].said, "%s", text);
    else
      cr_expect(strncmp(a, "tracks.a.trim: ", 15) == 0, "%s", a);
    const sp_strip *x = &built->tracks[0].strip, *y = &read->tracks[0].strip;
    cr_expect((x->trim_db == y->trim_db || isnan(x->trim_db)) && x->has_width == y->has_width &&
                  x->width == y->width,
              "%s", text);
    cr_expect(x->mute == y->mute && x->solo == y->solo && x->mute_points == y->mute_points, "%s",
              text);
    free(a);
    free(b);
    free(text);
    sp_recipe_free(built);
    sp_recipe_free(read);
    sp_diags_fini(&said);
    sp_diags_fini(&d);
    sp_mix_fini(&m);
  }
}

/* The exporter knows every key of every table the parser reads keys
 * against (core/recipe/keys.h): each written into the project, named as
 * not exported, looked at value by value, or part of the key that holds
 * it. A key the tables gain and the exporter's table lacks fails here,
 * naming it (io/session/dawproject_keys.c). Here, not in test_session,
 * so that tests/counted.sh, which runs it in its scratch build, need not
 * compile test_session.c (10 s of CPU at -O0, its slowest object). */
Test(sessioncmds, every_key_of_the_recipe_is_written_or_named)
{
  size_t n = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t k = 0; k < sp_key_tables[t].n; k++, n++) {
      const sp_export_fate *f =
          sp_export_fate_of(sp_key_tables[t].object, sp_key_tables[t].keys[k]);
      cr_expect(f && f->fate != SP_FATE_NONE && f->why && *f->why,
                "%s's key '%s': export neither writes nor names it; give it a row in "
                "io/session/dawproject_keys.c",
                sp_key_tables[t].object, sp_key_tables[t].keys[k]);
    }
  cr_expect_gt(n, 130, "every table walked: %zu keys", n);
  /* an insert's keys: every class of the registry, and every parameter of
   * each the exporter writes as a device */
  const char *const registry[] = {
#define SP_PROC(name) #name,
#define SP_FAMILY(name) #name,
#include "core/procs/list.h"
#undef SP_PROC
#undef SP_FAMILY
  };
  for (size_t i = 0; i < sizeof registry / sizeof *registry; i++) {
    const sp_export_fate *f = sp_export_class_fate(registry[i], NULL);
    cr_expect(f && f->fate != SP_FATE_NONE, "the insert '%s': export neither writes nor names it",
              registry[i]);
    const sp_proc_class *c = sp_proc_find(registry[i]);
    for (size_t k = 0; f && f->fate == SP_FATE_WRITTEN && c && k < c->n_params; k++) {
      const sp_export_fate *pf = sp_export_class_fate(registry[i], c->params[k].name);
      cr_expect(pf && pf->fate != SP_FATE_NONE,
                "%s's parameter '%s': export neither writes nor names it; give it a row in "
                "io/session/dawproject_keys.c",
                registry[i], c->params[k].name);
    }
  }
  /* a named key of a table at a fixed place is said by the table alone,
   * at its key, whenever the recipe writes it */
  tu_write_tone(dir, "kick.wav", 2 * 48000, 60, 0.1);
  const struct {
    const char *object, *prefix, *key, *value;
  } fixed[] = {{"ROOT", "", "length", "1 s"},
               {"ROOT", "", "tail", "0.5 s"},
               {"ROOT", "", "plugin_cycle", "ardour"},
               {"ROOT", "", "latency", "ignore"},
               {"OUTPUT", "output", "dir", "out"},
               {"OUTPUT", "output", "format", "flac"},
               {"OUTPUT", "output", "depth", "16"},
               {"OUTPUT", "output", "dither", "none"},
               {"OUTPUT", "output", "mix", "song"},
               {"OUTPUT", "output", "tags", "{artist: me}"},
               {"OUTPUT", "output", "name", "{mix: 'x_{name}'}"},
               {"OUTPUT", "output", "bwf", "true"},
               {"OUTPUT", "output", "also", "[{format: flac}]"},
               {"OUTPUT", "output", "stem_mp4", "{stems: [d, b, o, x]}"},
               {"CHECKS", "checks", "null", "{max_residual: -100 dBFS}"},
               {"CHECKS", "checks", "loudness", "streaming"},
               {"MASTER", "master", "normalize", "{target: -16 LUFS}"},
               {"MASTER", "master", "adm", "true"},
               {"ROOT", "", "versions", "{tv: {keep: [k]}}"},
               /* a parameter the table names */
               {"compressor", "", "tracks",
                "{k: {file: kick.wav, inserts: [{compressor: {knee: "
                "3 dB}}]}}"}};
  /* every named key of those tables has its case above, or its row
   * says another value than its default (tu_key_example) */
  const char *const walked[] = {"ROOT", "MASTER", "OUTPUT", "CHECKS"};
  const char *const prefix[] = {"", "master", "output", "checks"};
  enum { N_FIXED = sizeof fixed / sizeof *fixed };
  struct {
    const char *object, *prefix, *key;
    char *value;
  } derived[16];
  size_t n_derived = 0;
  for (size_t t = 0; t < sp_key_table_count; t++)
    for (size_t o = 0; o < 4; o++)
      for (size_t k = 0; strcmp(sp_key_tables[t].object, walked[o]) == 0 && k < sp_key_tables[t].n;
           k++) {
        const sp_export_fate *f = sp_export_fate_of(walked[o], sp_key_tables[t].keys[k]);
        bool found = !f || f->fate != SP_FATE_NAMED;
        for (size_t i = 0; !found && i < N_FIXED; i++)
          found = strcmp(fixed[i].object, walked[o]) == 0 &&
                  strcmp(fixed[i].key, sp_key_tables[t].keys[k]) == 0;
        char *v = found ? NULL : tu_key_example(&sp_key_tables[t].rows[k]);
        if (v && n_derived < 16) {
          derived[n_derived].object = walked[o];
          derived[n_derived].prefix = prefix[o];
          derived[n_derived].key = sp_key_tables[t].keys[k];
          derived[n_derived++].value = v;
          found = true;
        }
        cr_expect(found, "%s's named key '%s' has no case here: add one to fixed[]", walked[o],
                  sp_key_tables[t].keys[k]);
      }
  for (size_t i = 0; i < N_FIXED + n_derived; i++) {
    const bool mine = i < N_FIXED;
    const char *object = mine ? fixed[i].object : derived[i - N_FIXED].object;
    const char *pre = mine ? fixed[i].prefix : derived[i - N_FIXED].prefix;
    const char *key = mine ? fixed[i].key : derived[i - N_FIXED].key;
    const char *value = mine ? fixed[i].value : derived[i - N_FIXED].value;
    const bool param = strcmp(object, "compressor") == 0;
    /* more the recipe needs for it (stem_mp4: four stems, themselves named) */
    const char *root = strcmp(key, "stem_mp4") == 0
                           ? "stems: {d: [k], b: [v], o: [g], x: [h]}\ntracks: {g: {file: "
                             "kick.wav}, h: {file: kick.wav}, "
                           : "tracks: {";
    const sp_export_fate *f =
        param ? sp_export_class_fate("compressor", "knee") : sp_export_fate_of(object, key);
    cr_assert(f && f->fate == SP_FATE_NAMED, "%s", key);
    char *text = param ? sp_xasprintf("stemprint: 1\ntracks: %s\n", value)
                 : *pre
                     ? sp_xasprintf("stemprint: 1\n%s: {%s: %s}\n%sk: {file: kick.wav}, v: "
                                    "{file: kick.wav}}\n",
                                    pre, key, value, root)
                     : sp_xasprintf("stemprint: 1\n%s: %s\ntracks: {k: {file: kick.wav}, v: {file: "
                                    "kick.wav}}\n",
                                    key, value);
    sp_diags d;
    cr_expect_eq(tu_export_text(dir, "named", text, &d, false), SP_OK, "%s", text);
    char *want = param
                     ? sp_xasprintf("tracks.k.inserts[0].compressor: not exported: knee 3 dB "
                                    "(%s)",
                                    f->why)
                     : sp_xasprintf("%s%s%s: not exported: %s", pre, *pre ? "." : "", key, f->why);
    cr_expect(tu_said(&d, want), "%s: no '%s'", text, want);
    cr_expect_eq(sp_diags_warnings(&d), root[0] == 's' ? 2 : 1, "%s: said once", text);
    free(want);
    sp_diags_fini(&d);
    free(text);
    if (!mine)
      free(derived[i - N_FIXED].value);
  }
}

/* What a round trip through a DAWproject would play otherwise, named by
 * export at its key (review 27: each printed another mix back, export
 * saying "everything exported", import "everything carried over"): a
 * send's polarity (its SEND table's named keys were never walked), a
 * track's layout over files of the other count, the mute points of a
 * moving mute and of a track another's solo silences, a stretch the
 * region plays part of, a pan's tempo; and beside each, what carries
 * (nothing said). */
Test(sessioncmds, an_export_names_what_would_come_back_otherwise)
{
  tu_write_tone(dir, "kick.wav", 2 * 48000, 60, 0.1);
  float *x = sp_xcalloc(2 * 48000 * 2, sizeof *x);
  for (int i = 0; i < 2 * 48000 * 2; i++)
    x[i] = (float)(0.1 * sin(i * 0.01));
  free(tu_write_wav(dir, "pair.wav", 2, 48000, 32, x, 2 * 48000));
  free(x);
  const struct {
    const char *tracks, *said;
  } cases[] = {
      {"k: {file: kick.wav, to: b, sends: [{to: b, level: -3 dB, invert: true}]}",
       "tracks.k.sends[0].invert: not exported: a DAWproject Send has no polarity"},
      {"k: {file: kick.wav, sends: [{to: b, level: -3 dB}]}", NULL},
      {"k: {file: kick.wav, layout: stereo}",
       "tracks.k.layout: not exported: the layout stereo over mono files (a DAWproject channel "
       "says 2 channels for both, and an import makes a track of its clips' layout, mono, "
       "panned by the pan law)"},
      {"k: {file: pair.wav, layout: stereo}", NULL},
      {"k: {file: kick.wav, mute: [[0 s, false], [1 s, true]], mute_points: [main], sends: [{to: "
       "b, tap: pre}]}",
       "tracks.k.mute_points: not exported: the mute points (a DAWproject channel's mute "
       "silences the whole channel, its sends too)"},
      {"k: {file: kick.wav, mute: [[0 s, false], [1 s, true]]}", NULL},
      {"k: {file: kick.wav, mute_points: [main], sends: [{to: b, tap: pre}]}\n  v: {file: "
       "kick.wav, solo: true}",
       "tracks.k.mute_points: not exported: the mute points (a DAWproject channel's mute, and "
       "another track's solo, silences the whole channel, its sends too)"},
      {"k: {regions: [{file: kick.wav, stretch: 1.25, length: 1 s}]}",
       "tracks.k.regions[0]: not exported: the stretch of the whole file, of which the region "
       "plays 1 s of 2.5 s"},
      {"k: {regions: [{file: kick.wav, stretch: 1.25}]}", NULL},
      {"k: {file: kick.wav, pan: {tempo: 97, points: [[0.2 s, -0.6], [1.5 s, 0.6]]}}",
       "tracks.k.pan: not exported: the pan's 'tempo:' (read a beat tick at a time through it"},
      {"k: {file: kick.wav, pan: [[0.2 s, -0.6], [1.5 s, 0.6]]}", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *text =
        sp_xasprintf("stemprint: 1\ntracks:\n  %s\nbuses: {b: {gain: 0 dB}}\n", cases[i].tracks);
    sp_diags d;
    cr_expect_eq(tu_export_text(dir, "otherwise", text, &d, false), SP_OK, "%s", text);
    if (cases[i].said)
      cr_expect(tu_said(&d, cases[i].said), "%s: no '%s'", text, cases[i].said);
    size_t named = 0;
    for (size_t k = 0; k < d.n; k++)
      named += strstr(d.v[k].msg, "not exported") != NULL;
    cr_expect_eq(named, cases[i].said ? 1 : 0, "%s: %zu named", text, named);
    sp_diags_fini(&d);
    free(text);
  }
}
