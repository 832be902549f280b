/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every command that reads a DAW session, run on one: the demo exported to
 * DAWproject and an Ardour session folder, through `graph`, `check`,
 * `plan`, `render --dry-run`, `render`, `import` and `export`. Each must
 * succeed; in the sanitized pass LeakSanitizer checks each command at its
 * end (tu_run), so a command that keeps less than it loaded (issue 72:
 * sp_cli_load dropped what a session read beside its recipe, 72 kB of the
 * demo's) fails here with the leak's stack. */

#include "core/base/alloc.h"
#include "io/fs/fs.h"
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

Test(sessioncmds, the_demo_exported_to_dawproject_through_every_command)
{
  char *dp = tu_path(dir, "demo.dawproject");
  run_ok((const char *[]){"export", SP_SOURCE_DIR "/recipes/demo/song.yaml", "-o", dp, NULL});
  every_command(dp, false);
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
  free(x);
  free(a);
  free(s);
}
