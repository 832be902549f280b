/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inputs stemprint did not write, as a probe found them: each finding a
 * regression test, on the shared mechanisms (how a file is opened and
 * read), through the real binary where a user would meet it.
 *   - an Ogg stream whose length libsndfile cannot tell (SF_COUNT_MAX):
 *     counted by decoding, so loudness, null, check and render see its
 *     real length and none crashes;
 *   - a FIFO (or a link to one) as a source: refused at once, no hang;
 *   - a WAV cut short: refused with both counts; a file that shrinks or
 *     is rewritten while read: an error naming the frame, never silence;
 *     a FLAC whose header promises more than it holds: refused at its
 *     end, without first taking memory for the promise (fuzz_audio);
 *   - a WAV whose header says 0 Hz: said in words. */

#include "core/base/alloc.h"
#include "core/measure/nulltest.h"
#include "io/audio/audio.h"
#include "io/audio/stream.h"
#include "io/cache/digests.h"
#include "io/fs/fs.h"
#include "io/outdir/print.h"
#include "io/recipe/parse.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

enum { RATE = 48000, FRAMES = 3 * RATE };

static float *tone(void)
{
  float *x = sp_xcalloc(FRAMES, sizeof *x);
  for (int i = 0; i < FRAMES; i++)
    x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * i / RATE));
  return x;
}

/* A mono Ogg/Vorbis file of the tone; with unknown_length its last page's
 * granule position is all ones, which leaves libsndfile unable to tell its
 * length (it says SF_COUNT_MAX). */
static char *ogg(const char *name, bool unknown_length)
{
  char *p = tu_path(dir, name);
  SF_INFO si = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_OGG | SF_FORMAT_VORBIS};
  SNDFILE *f = sf_open(p, SFM_WRITE, &si);
  cr_assert_not_null(f, "%s", sf_strerror(NULL));
  float *x = tone();
  sf_writef_float(f, x, FRAMES);
  sf_close(f);
  free(x);
  if (unknown_length) {
    struct stat st;
    stat(p, &st);
    FILE *fp = fopen(p, "r+b");
    unsigned char *all = sp_xmalloc((size_t)st.st_size);
    cr_assert_eq(fread(all, 1, (size_t)st.st_size, fp), (size_t)st.st_size);
    long last = -1;
    for (long i = 0; i + 4 <= st.st_size; i++)
      if (memcmp(all + i, "OggS", 4) == 0)
        last = i;
    cr_assert_gt(last, 0);
    fseek(fp, last + 6, SEEK_SET);
    static const unsigned char ones[8] = {255, 255, 255, 255, 255, 255, 255, 255};
    fwrite(ones, 1, 8, fp);
    fclose(fp);
    free(all);
    SF_INFO check = {0};
    SNDFILE *g = sf_open(p, SFM_READ, &check);
    cr_assert_not_null(g);
    cr_assert_eq(check.frames, SF_COUNT_MAX, "the damage did not hide the length");
    sf_close(g);
  }
  return p;
}

static int run(const char *const *args, char **out, char **err) { return tu_run(args, out, err); }

/* `stemprint loudness path` refuses the file: exit 3, its error saying says. */
static void loudness_refuses(const char *path, const char *says)
{
  const char *loud[] = {"loudness", path, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(loud, &out, &err), 3, "%s: %s", path, err);
  cr_assert(strstr(err, says), "%s: %s", path, err);
  free(out);
  free(err);
}

Test(hostile, an_ogg_of_unknown_length_is_counted_everywhere)
{
  char *bad = ogg("bad.ogg", true), *good = ogg("good.ogg", false);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(bad, &r, &info, why, sizeof why), SP_OK, "%s", why);
  /* Counted by decoding: what decodes (the damaged last page does not). */
  const int64_t counted = info.frames;
  cr_assert(counted > FRAMES / 2 && counted <= FRAMES, "%lld frames", (long long)counted);
  float *buf = sp_xcalloc(FRAMES, sizeof *buf);
  int64_t got = 0, n;
  while ((n = r->ops->read_float(r, buf, 4096)) > 0)
    got += n;
  cr_assert_eq(n, 0, "%s", r->ops->error(r));
  cr_assert_eq(got, counted, "every counted frame reads");
  r->ops->close(r);
  free(buf);

  char *out = NULL, *err = NULL;
  const char *loud[] = {"loudness", "--json", bad, NULL};
  cr_assert_eq(run(loud, &out, &err), 0, "%s", err);
  char *fr = sp_xasprintf("\"frames\": %lld,", (long long)counted);
  cr_assert(strstr(out, fr), "%s not in %s", fr, out);
  free(fr);
  free(out);
  free(err);
  /* a lossy file nulls only against a residual the user accepts */
  const char *null[] = {"null", bad, good, "--max-residual", "-20", NULL};
  int rc = run(null, &out, &err);
  cr_assert(rc == 0 || rc == 1, "null crashed or refused: %d\n%s", rc, err);
  free(out);
  free(err);
  null[3] = NULL;
  cr_assert_eq(run(null, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "is lossy (ogg)"), "%s", err);
  free(out);
  free(err);
  char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", bad);
  char *recipe = tu_write_text(dir, "r.yaml", text);
  const char *check[] = {"check", recipe, NULL};
  cr_assert_eq(run(check, &out, &err), 0, "%s", err);
  char *secs = sp_xasprintf("%.3f s", (double)counted / RATE);
  cr_assert(strstr(out, secs), "%s not in %s", secs, out);
  free(secs);
  free(out);
  free(err);
  char *o = tu_path(dir, "o");
  const char *render[] = {"render", recipe, "-q", "-o", o, NULL};
  cr_assert_eq(run(render, &out, &err), 0, "%s", err);
  char *mix = tu_path(o, "mix.wav");
  int64_t frames = 0;
  int channels = 0, rate = 0;
  double *x = tu_read(mix, &frames, &channels, &rate);
  cr_assert_not_null(x);
  cr_assert_eq(frames, counted, "the mix is the file's length");
  free(x);
  free(mix);
  free(o);
  free(out);
  free(err);
  free(recipe);
  free(text);
  free(bad);
  free(good);
}

Test(hostile, a_fifo_is_refused_at_once)
{
  char *fifo = tu_path(dir, "f.wav"), *link = tu_path(dir, "link.wav");
  cr_assert_eq(mkfifo(fifo, 0666), 0);
  cr_assert_eq(symlink(fifo, link), 0);
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", k ? "link.wav" : "f.wav");
    char *recipe = tu_write_text(dir, "r.yaml", text);
    const char *cmds[] = {"check", "render"};
    for (int c = 0; c < 2; c++) {
      char *out = NULL, *err = NULL;
      const char *args[] = {cmds[c], recipe, "-q", NULL};
      if (c == 0)
        args[2] = NULL;
      cr_assert_eq(run(args, &out, &err), 3, "%s", err);
      cr_assert(strstr(err, "r.yaml:3:13: tracks.a.file:"), "%s", err);
      cr_assert(strstr(err, "not a regular file"), "%s", err);
      free(out);
      free(err);
    }
    loudness_refuses(k ? link : fifo, "not a regular file");
    free(recipe);
    free(text);
  }
  free(fifo);
  free(link);
}

/* A session that is a named pipe no one writes, or a link to a device,
 * is refused at once by the shared opener (a DAWproject file's ZIP
 * container as an Ardour session's XML), by import, check and render,
 * where libzip opened a DAWproject file its own way ("Operation not
 * supported" of a pipe, after reading a device). */
Test(hostile, a_session_that_is_a_fifo_or_a_device_is_refused_at_once)
{
  char *fifo = tu_path(dir, "f.dawproject"), *dev = tu_path(dir, "z.dawproject"),
       *ard = tu_path(dir, "a.ardour"), *rec = tu_path(dir, "s.yaml");
  cr_assert_eq(mkfifo(fifo, 0666), 0);
  cr_assert_eq(symlink("/dev/zero", dev), 0);
  cr_assert_eq(mkfifo(ard, 0666), 0);
  const char *sessions[] = {fifo, dev, ard};
  for (size_t k = 0; k < 3; k++) {
    const char *cmds[][5] = {{"import", sessions[k], "-o", rec, NULL},
                             {"check", sessions[k], NULL},
                             {"render", sessions[k], "-q", NULL}};
    for (size_t c = 0; c < 3; c++) {
      char *out = NULL, *err = NULL;
      cr_expect_eq(run(cmds[c], &out, &err), 3, "%s %s: %s", cmds[c][0], sessions[k], err);
      cr_expect(strstr(err, "not a regular file"), "%s %s: %s", cmds[c][0], sessions[k], err);
      free(out);
      free(err);
    }
  }
  cr_expect_neq(access(rec, F_OK), 0, "nothing written");
  free(fifo);
  free(dev);
  free(ard);
  free(rec);
}

/* A reader of its output that leaves (render | head, a pipe closed at
 * once): the render lands its files and ends as it would, where SIGPIPE
 * killed it with its temporary files left behind. */
Test(hostile, a_reader_that_leaves_its_output_kills_no_render)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char *recipe = tu_write_text(dir, "pipe.yaml",
                               "stemprint: 1\ntracks:\n  a: {file: t.wav}\n"
                               "stems: {a: [a]}\n");
  char *o = tu_path(dir, "pipe_out");
  char *cmd = sp_xasprintf("sleep 0.2 | true; exec 3>&1; ( '%s' render '%s' -o '%s' --progress "
                           "plain 2>/dev/null; echo $? >'%s/pipe.rc' ) | true",
                           SP_STEMPRINT_BIN, recipe, o, dir);
  cr_assert_eq(system(cmd), 0);
  char *rcp = tu_path(dir, "pipe.rc"), *rc = tu_slurp_must(rcp);
  cr_expect_eq(atoi(rc), 0, "exit %s", rc);
  cr_expect_eq(tu_count_prints(o), 2, "the mix and the stem, and nothing left behind");
  free(rc);
  free(rcp);
  free(cmd);
  free(o);
  free(recipe);
}

/* A recipe that is a named pipe no one writes (or a folder) is said at
 * once by every command that reads one, never waited for: it reads as
 * empty. The recipe is opened by the shared opener (streams allowed), in
 * its words: a folder is one, a mistyped name has its did-you-mean (the
 * recipe's reader opened it its own way, and said "Is a directory", and
 * nothing more of a missing file). */
Test(hostile, a_recipe_that_is_a_fifo_is_never_waited_for)
{
  char *fifo = tu_path(dir, "fifo.yaml");
  cr_assert_eq(mkfifo(fifo, 0666), 0);
  const char *cmds[][4] = {{"check", fifo, NULL}, {"render", fifo, "-q", NULL},
                           {"diff", fifo, fifo, NULL}, {"plan", fifo, NULL}};
  for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
    char *out = NULL, *err = NULL;
    cr_expect_eq(run(cmds[c], &out, &err), 2, "%s: %s", cmds[c][0], err);
    cr_expect(strstr(err, "fifo.yaml:1:1: a recipe is a mapping starting with 'stemprint: 1'; "
                          "got nothing"),
              "%s: %s", cmds[c][0], err);
    free(out);
    free(err);
  }
  char *folder = tu_path(dir, "folder.yaml");
  cr_assert_eq(mkdir(folder, 0755), 0);
  const char *check[] = {"check", folder, NULL};
  char *out = NULL, *err = NULL;
  cr_expect_eq(run(check, &out, &err), 3, "%s", err);
  cr_expect(strstr(err, "folder.yaml: cannot read the recipe: it is a folder, not a recipe"), "%s",
            err);
  free(out);
  free(err);
  /* a socket: said as what it is, where the open's "No such device or
   * address" said nothing of it */
  char *sock = tu_path(dir, "sock.yaml");
  const int sfd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
  cr_assert(sfd >= 0 && bind(sfd, (const struct sockaddr *)&sa, sizeof sa) == 0);
  const char *sock_check[] = {"check", sock, NULL};
  cr_expect_eq(run(sock_check, &out, &err), 3, "%s", err);
  cr_expect(strstr(err, "sock.yaml: cannot read the recipe: it is not a regular file (a FIFO, a "
                        "device or a socket)"),
            "%s", err);
  free(out);
  free(err);
  close(sfd);
  free(sock);
  /* a mistyped name: the shared opener's did-you-mean */
  char *typo = tu_path(dir, "rec.yml");
  free(tu_write_text(dir, "rec.yaml", "stemprint: 1\n"));
  const char *mistyped[] = {"check", typo, NULL};
  cr_expect_eq(run(mistyped, &out, &err), 3, "%s", err);
  char *want = sp_xasprintf("rec.yml: cannot read the recipe: No such file or directory; did you "
                            "mean '%s/rec.yaml'?",
                            dir);
  cr_expect(strstr(err, want), "%s", err);
  free(want);
  free(typo);
  free(out);
  free(err);
  /* a FIFO where the output folder keeps its record: refused, nothing lands */
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char *recipe = tu_write_text(dir, "rec.yaml", "stemprint: 1\ntracks:\n  a: {file: t.wav}\n");
  char *o = tu_path(dir, "fifo_out"), *meta = tu_path(o, ".stemprint"),
       *record = tu_path(meta, "rec.prints");
  cr_assert(mkdir(o, 0755) == 0 && mkdir(meta, 0755) == 0 && mkfifo(record, 0666) == 0);
  const char *render[] = {"render", recipe, "-o", o, "-q", NULL};
  cr_expect_eq(run(render, &out, &err), 3, "%s", err);
  cr_expect(strstr(err, "rec.prints': it is a device, a FIFO or a socket"), "%s", err);
  cr_expect_eq(tu_count_prints(o), 0, "a print landed");
  free(out);
  free(err);
  free(record);
  free(meta);
  free(o);
  free(recipe);
  free(folder);
  free(fifo);
}

/* Outputs at a path that is a device (through a link to /dev/null: a
 * render as root replaced /dev/null itself with its report): text is
 * written into it, audio is refused; the link and the device stay. */
Test(hostile, an_output_that_is_a_device_is_written_into_or_refused_never_replaced)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char *recipe = tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *null = tu_path(dir, "null"), *out = tu_path(dir, "out");
  cr_assert_eq(symlink("/dev/null", null), 0);
  const char *args[] = {"render", recipe,      "-q", "-o",     out,  "--report",
                        null,     "--depfile", null, "--html", null, NULL};
  char *o = NULL, *err = NULL;
  cr_assert_eq(run(args, &o, &err), 0, "%s", err);
  free(o);
  free(err);
  struct stat st;
  cr_assert_eq(lstat(null, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "the link to /dev/null was replaced by a file");
  cr_assert_eq(stat("/dev/null", &st), 0);
  cr_expect(S_ISCHR(st.st_mode), "/dev/null is no longer a device");

  /* a print whose name is the link: refused before anything is printed */
  char *mix = tu_path(out, "mix.wav");
  unlink(mix);
  cr_assert_eq(symlink("/dev/null", mix), 0);
  const char *again[] = {"render", recipe, "-q", "-o", out, NULL};
  cr_expect_eq(run(again, &o, &err), 3, "%s", err);
  cr_expect(strstr(err, "it is a device, a FIFO or a socket, not a file"), "%s", err);
  cr_assert_eq(lstat(mix, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "the print's link was replaced");
  free(o);
  free(err);

  /* the same from the cache: a hit refuses it too */
  char *cache = tu_path(dir, "cache"), *out2 = tu_path(dir, "out2"),
       *mix2 = tu_path(out2, "mix.wav");
  const char *store[] = {"render", recipe, "-q", "-o", out2, "--cache", cache, NULL};
  cr_assert_eq(run(store, &o, &err), 0, "%s", err);
  free(o);
  free(err);
  cr_assert_eq(unlink(mix2), 0);
  cr_assert_eq(symlink("/dev/null", mix2), 0);
  cr_expect_eq(run(store, &o, &err), 3, "%s", err);
  cr_expect(strstr(err, "it is a device, a FIFO or a socket, not a file"), "%s", err);
  cr_assert_eq(lstat(mix2, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "a cache hit replaced the print's link");
  cr_assert_eq(stat("/dev/null", &st), 0);
  cr_expect(S_ISCHR(st.st_mode), "/dev/null is no longer a device");
  free(o);
  free(err);
  free(cache);
  free(out2);
  free(mix2);
  free(mix);
  free(out);
  free(null);
  free(recipe);
}

/* A report (--report, --html, --junit, --depfile) whose path is a folder,
 * or whose folder is a file: refused before anything renders (exit 2,
 * naming the option, the file and why), the output folder as it was; the
 * prints used to land, then the report failed (exit 3). A report into the
 * output folder, which the render makes, is written. */
Test(hostile, a_report_that_cannot_be_written_is_refused_before_anything_lands)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char *recipe = tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *out = tu_path(dir, "out"), *folder = tu_path(out, "rep");
  char *plain = tu_write_text(dir, "plain", "a file\n"), *under = tu_path(plain, "r.json");
  cr_assert_eq(mkdir(out, 0777), 0);
  cr_assert_eq(mkdir(folder, 0777), 0);
  const char *flags[] = {"--report", "--html", "--junit", "--depfile"};
  const struct {
    const char *file, *why;
  } files[] = {{folder, "it is a folder"}, {under, "its folder is not a folder"}};
  for (size_t i = 0; i < 4; i++)
    for (size_t f = 0; f < 2; f++) {
      char *before = tu_listing(out);
      const char *args[] = {"render", recipe, "-q", "-o", out, flags[i], files[f].file, NULL};
      char *err = NULL;
      cr_expect_eq(run(args, NULL, &err), 2, "%s %s: %s", flags[i], files[f].file, err);
      char *want =
          sp_xasprintf("stemprint: error: %s %s: %s (", flags[i], files[f].file, files[f].why);
      cr_expect(strstr(err, want), "want %s in\n%s", want, err);
      cr_expect(strstr(err, "a file in a folder that exists and is writable"), "%s", err);
      char *after = tu_listing(out);
      cr_expect_str_eq(after, before, "%s %s: the output folder changed", flags[i], files[f].file);
      free(after);
      free(want);
      free(err);
      free(before);
    }
  char *fresh = tu_path(dir, "fresh"), *report = tu_path(fresh, "r.json");
  const char *into[] = {"render", recipe, "-q", "-o", fresh, "--report", report, NULL};
  char *err = NULL;
  cr_expect_eq(run(into, NULL, &err), 0, "%s", err);
  cr_expect(access(report, F_OK) == 0, "no report in the output folder");
  free(err);
  free(report);
  free(fresh);
  free(under);
  free(plain);
  free(folder);
  free(out);
  free(recipe);
}

/* An output named by a descriptor of the command (/dev/stderr, /dev/fd/3),
 * where the descriptor is open on a file (2>>log): written into it after
 * what it holds, never replaced (as root, --junit /dev/stderr once
 * replaced the machine's /dev/stderr link with a file), however the name
 * is spelled (/dev/./stderr, a link of the user's to /proc/self/fd/2). A
 * descriptor the command was not given (/dev/fd/3 with no 3>file) is
 * refused, not written into one of its own (its copy of stdout was). */
Test(hostile, an_output_named_by_a_descriptor_open_on_a_file_is_written_into_it)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  free(tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  char *mylink = tu_path(dir, "mylink");
  cr_assert_eq(symlink("/proc/self/fd/2", mylink), 0);
  static const char *const names[] = {"/dev/stderr", "/dev/./stderr", "mylink"};
  for (int k = 0; k < 3; k++) {
    free(tu_write_text(dir, "log", "before\n"));
    free(tu_write_text(dir, "three", "three\n"));
    char *cmd = sp_xasprintf("cd '%s' && '%s' render r.yaml -q -o out --junit %s "
                             "--report /dev/fd/3 2>>log 3>>three",
                             dir, SP_STEMPRINT_BIN, names[k]);
    const int rc = system(cmd);
    free(cmd);
    struct stat st;
    const bool link = lstat("/dev/stderr", &st) == 0 && S_ISLNK(st.st_mode);
    if (!link && getuid() == 0) /* put the machine's back before failing */
      cr_assert(system("rm -f /dev/stderr && ln -s /proc/self/fd/2 /dev/stderr") == 0);
    cr_assert(link, "%s: /dev/stderr's link was replaced", names[k]);
    cr_assert(lstat(mylink, &st) == 0 && S_ISLNK(st.st_mode), "%s: mylink replaced", names[k]);
    cr_assert_eq(rc, 0, "%s", names[k]);
    char *log = tu_path(dir, "log"), *three = tu_path(dir, "three");
    char *l = tu_slurp_must(log), *t = tu_slurp_must(three);
    cr_expect(strncmp(l, "before\n<?xml", 12) == 0 && strstr(l, "</testsuites>"), "%s: %s",
              names[k], l);
    cr_expect(strncmp(t, "three\n{", 7) == 0 && strstr(t, "\"outputs\""), "%s", t);
    free(l), free(t), free(log), free(three);
  }
  char *cmd = sp_xasprintf("cd '%s' && '%s' render r.yaml -q -o out2 --report /dev/fd/3 3<&- "
                           ">so 2>se",
                           dir, SP_STEMPRINT_BIN);
  const int rc = system(cmd);
  cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 3, "%d", rc);
  char *so = tu_path(dir, "so"), *se = tu_path(dir, "se");
  char *o = tu_slurp_must(so), *e = tu_slurp_must(se);
  cr_expect(!strstr(o, "\"outputs\""), "the report went to stdout: %s", o);
  cr_expect(strstr(e, "cannot write '/dev/fd/3': the command was given no descriptor 3"), "%s", e);
  free(o), free(e), free(so), free(se), free(cmd), free(mylink);
}

/* A recipe given as a pipe (`render /dev/stdin`, bash's `<(make-recipe)`:
 * /dev/fd/63) reads the files it names and writes its prints where the
 * command runs, as a recipe in the working folder does, and renders into
 * its folder again (its record names it as given). Before, its files were
 * looked for in /dev (cannot read '/dev/a.wav'), its prints went to
 * /dev/out/stdin (as root: into the machine's /dev), and a second render
 * of <(...) was refused as another input (/proc/PID/fd/63). */
Test(hostile, a_recipe_from_a_pipe_is_read_where_the_command_runs)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  free(tu_write_text(dir, "p.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  static const char *const ways[] = {"cat p.yaml | '%s' render -q /dev/stdin",
                                     "'%s' render -q /dev/fd/3 3<p.yaml",
                                     "'%s' render -q /dev/fd/3 3<p.yaml"};
  static const char *const outs[] = {"out/stdin/mix.wav", "out/3/mix.wav", "out/3/mix.wav"};
  for (int k = 0; k < 3; k++) {
    char *way = sp_xasprintf(ways[k], SP_STEMPRINT_BIN);
    char *cmd = sp_xasprintf("cd '%s' && %s 2>err", dir, way);
    const int rc = system(cmd);
    char *errf = tu_path(dir, "err"), *e = tu_slurp_must(errf);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "%s: %s", way, e);
    char *mix = tu_path(dir, outs[k]);
    cr_expect(access(mix, F_OK) == 0, "%s: no %s: %s", way, outs[k], e);
    free(mix), free(e), free(errf), free(cmd), free(way);
  }
  cr_expect(access("/dev/out/stdin", F_OK) != 0, "prints in /dev/out/stdin");
}

/* A print's name may take the 255 bytes a folder's entry holds, and an
 * album's track the same: their temporary files (".NAME.stemprint-tmp-
 * HOST-PID-XXXXXX", 35 bytes more) take the name's head. Before, such a
 * name passed check, and the render did all its work and then failed,
 * exit 3, "File name too long" (the album's without a path or a fix:
 * review 154 #4). */
Test(hostile, a_name_of_255_bytes_prints)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char name[256];
  memset(name, 'n', 248); /* "mix" + these + ".wav": 255 */
  name[248] = '\0';
  char *text =
      sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: a.wav}\noutput: {name: '{name}%s'}\n", name);
  char *r = tu_write_text(dir, "long.yaml", text);
  char *err = NULL;
  const char *args[] = {"render", "-q", r, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *file = sp_xasprintf("out/long/mix%s.wav", name), *path = tu_path(dir, file);
  cr_expect(access(path, F_OK) == 0, "no %s", file);
  free(path), free(file), free(r), free(text);
  /* an album's track named by its title, 251 bytes with its extension */
  char title[256];
  memset(title, 't', 251);
  title[251] = '\0';
  text = sp_xasprintf("stemprint: 1\nalbum:\n  songs:\n    - {file: a.wav, title: %s}\n"
                      "output: {dir: alb, tracks: '{title}'}\n",
                      title);
  r = tu_write_text(dir, "al.yaml", text);
  const char *album[] = {"render", "-q", r, NULL};
  cr_expect_eq(tu_run(album, NULL, &err), 0, "%s", err);
  free(err);
  file = sp_xasprintf("alb/%s.wav", title);
  path = tu_path(dir, file);
  cr_expect(access(path, F_OK) == 0, "no %s", file);
  free(path), free(file), free(r), free(text);
}

/* A recipe given as "-" is standard input, as /dev/stdin is, for every
 * command that reads a recipe: its prints in out/stdin/, found from the
 * working folder; export's DAWproject there, as stdin.dawproject. A file
 * named '-' is still read as ./-. Before, "-" was looked up as a file of
 * that name: "-: cannot read the recipe: No such file or directory
 * (nothing at .../-); check the path", exit 3, docs/recipe.md's pipes
 * notwithstanding; and export of /dev/stdin wrote /dev/stdin.dawproject,
 * into /dev. */
Test(hostile, a_recipe_given_as_a_dash_is_read_from_standard_input)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(tu_write_wav(dir, "b.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  free(tu_write_text(dir, "p.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  /* the file named '-': its track b, read as ./- */
  free(tu_write_text(dir, "-", "stemprint: 1\ntracks:\n  b: {file: b.wav}\n"));
  static const struct {
    const char *cmd, *says;
  } ways[] = {
      {"cat p.yaml | '%s' render -q -", NULL},
      {"cat p.yaml | '%s' check -", "/dev/stdin: ok"},
      {"cat p.yaml | '%s' plan -", "/dev/stdin"},
      {"cat p.yaml | '%s' graph -", "a  track mono"},
      {"cat p.yaml | '%s' export -", "wrote"},
      {"cat p.yaml | '%s' export -f /dev/stdin", "wrote"},
      {"'%s' check ./-", "./-: ok"},
      {"'%s' graph -- ./-", "b  track mono"},
  };
  for (size_t k = 0; k < sizeof ways / sizeof ways[0]; k++) {
    char *way = sp_xasprintf(ways[k].cmd, SP_STEMPRINT_BIN);
    char *cmd = sp_xasprintf("cd '%s' && %s >out.txt 2>err", dir, way);
    const int rc = system(cmd);
    char *errf = tu_path(dir, "err"), *e = tu_slurp_must(errf);
    char *outf = tu_path(dir, "out.txt"), *o = tu_slurp_must(outf);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "%s: %s", way, e);
    cr_expect(!ways[k].says || strstr(o, ways[k].says) || strstr(e, ways[k].says),
              "%s: not '%s' in: %s%s", way, ways[k].says, o, e);
    free(o), free(outf), free(e), free(errf), free(cmd), free(way);
  }
  char *mix = tu_path(dir, "out/stdin/mix.wav"), *dp = tu_path(dir, "stdin.dawproject");
  cr_expect(access(mix, F_OK) == 0, "no out/stdin/mix.wav");
  cr_expect(access(dp, F_OK) == 0, "no stdin.dawproject");
  cr_expect(access("/dev/stdin.dawproject", F_OK) != 0, "export wrote into /dev");
  free(mix), free(dp);
}

/* A recipe with no sample_rate whose sources share another rate than
 * 48 kHz is read again at theirs (cmd/cli.c read_recipe). Before, it was
 * read again from its path: from a pipe (-, /dev/stdin, <(...)), whose
 * text was read already, that gave nothing, and check and render said
 * "/dev/stdin:1:1: a recipe is a mapping starting with 'stemprint: 1';
 * got nothing", exit 2. Its tree is now read once and kept. */
Test(hostile, a_piped_recipe_read_again_at_its_sources_rate_is_read_once)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, 44100, 24, x, 44100));
  free(x);
  free(tu_write_text(dir, "p.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  static const char *const ways[] = {"cat p.yaml | '%s' check -",
                                     "cat p.yaml | '%s' check /dev/stdin",
                                     "'%s' check <(cat p.yaml)", "cat p.yaml | '%s' render -q -"};
  for (size_t k = 0; k < sizeof ways / sizeof ways[0]; k++) {
    char *way = sp_xasprintf(ways[k], SP_STEMPRINT_BIN);
    char *cmd = sp_xasprintf("cd '%s' && bash -c \"%s\" >out.txt 2>err", dir, way);
    const int rc = system(cmd);
    char *errf = tu_path(dir, "err"), *e = tu_slurp_must(errf);
    char *outf = tu_path(dir, "out.txt"), *o = tu_slurp_must(outf);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "%s: %s", way, e);
    cr_expect(k == 3 || strstr(o, "at 44100 Hz (its sources' rate"), "%s: %s%s", way, o, e);
    free(o), free(outf), free(e), free(errf), free(cmd), free(way);
  }
  char *mix = tu_path(dir, "out/stdin/mix.wav");
  cr_expect(access(mix, F_OK) == 0, "no out/stdin/mix.wav");
  free(mix);
}

/* A recipe that is a named pipe (mkfifo) in a folder is a file of that
 * folder: its record names it as a file's, from the output folder, so the
 * next render of it spelled another way (./f.yaml, its absolute path) is
 * the same input. Before, the record held each spelling as given (a rule
 * of its own beside sp_fs_text_folder's): the second render was refused as
 * "another input named 'f' (f.yaml ...)", exit 2. */
Test(hostile, a_recipe_that_is_a_named_pipe_is_one_input_however_spelled)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  free(tu_write_text(dir, "p.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  char *fifo = tu_path(dir, "f.yaml");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  const char *const names[] = {"f.yaml", "./f.yaml", fifo};
  for (int k = 0; k < 3; k++) {
    char *cmd = sp_xasprintf("cd '%s' && (cat p.yaml > f.yaml &) && '%s' render -q '%s' 2>err", dir,
                             SP_STEMPRINT_BIN, names[k]);
    const int rc = system(cmd);
    char *errf = tu_path(dir, "err"), *e = tu_slurp_must(errf);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "%s: %s", names[k], e);
    free(e), free(errf), free(cmd);
  }
  char *mix = tu_path(dir, "out/f/mix.wav");
  cr_expect(access(mix, F_OK) == 0, "no out/f/mix.wav");
  free(mix);
  free(fifo);
}

Test(hostile, a_wav_cut_short_is_refused_with_both_counts)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "cut.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  cr_assert_eq(truncate(p, 44 + 3 * 10000 + 1), 0);
  sp_reader *r;
  char why[512];
  cr_assert_eq(sp_audio_open(p, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "cut short: its header promises 144000 frames, the file holds 10000"), "%s",
            why);
  loudness_refuses(p, "cut short");
  free(p);
}

/* An Ogg Vorbis or Opus file cut short, mid-page or at a page's start (its
 * last page then no stream's end): refused as a cut WAV is, where it was
 * read to the page before, silently (exit 0); the whole file reads, with a
 * byte of junk after it too (one 'O' was once a page's header cut). */
Test(hostile, an_ogg_cut_short_is_refused_mid_page_or_at_a_page)
{
  static const int subs[] = {SF_FORMAT_VORBIS, SF_FORMAT_OPUS};
  float *x = tone();
  for (int k = 0; k < 2; k++) {
    char *p = tu_path(dir, k ? "cut.opus" : "cut.ogg");
    SF_INFO si = {.samplerate = 48000, .channels = 1, .format = SF_FORMAT_OGG | subs[k]};
    SNDFILE *f = sf_open(p, SFM_WRITE, &si);
    cr_assert_not_null(f, "%s", sf_strerror(NULL));
    sf_writef_float(f, x, FRAMES);
    sf_close(f);
    struct stat st;
    cr_assert_eq(stat(p, &st), 0);
    const size_t n = (size_t)st.st_size;
    unsigned char *all = sp_xmalloc(n);
    FILE *fp = fopen(p, "rb");
    cr_assert(fp && fread(all, 1, n, fp) == n);
    fclose(fp);
    long last = -1; /* the last page's start */
    for (size_t i = 0; i + 4 <= n; i++)
      if (memcmp(all + i, "OggS", 4) == 0)
        last = (long)i;
    free(all);
    cr_assert_gt(last, 0);
    sp_reader *r;
    char why[512];
    cr_assert_eq(sp_audio_open(p, &r, NULL, why, sizeof why), SP_OK, "whole: %s", why);
    r->ops->close(r);
    FILE *tail = fopen(p, "ab"); /* a byte of junk after the last page is no page cut */
    cr_assert(tail && fputc('O', tail) == 'O' && fclose(tail) == 0);
    cr_assert_eq(sp_audio_open(p, &r, NULL, why, sizeof why), SP_OK, "'O' after it: %s", why);
    r->ops->close(r);
    const off_t cuts[] = {last, last - 10}; /* at the last page, then in the one before */
    const char *says[] = {"does not end the stream", "ends past the file's end"};
    for (int c = 0; c < 2; c++) {
      cr_assert_eq(truncate(p, cuts[c]), 0);
      cr_assert_eq(sp_audio_open(p, &r, NULL, why, sizeof why), SP_ERR_IO, "%d %d", k, c);
      cr_assert(strstr(why, "it is cut short: its last Ogg page") && strstr(why, says[c]),
                "%d %d: %s", k, c, why);
    }
    loudness_refuses(p, "cut short");
    free(p);
  }
  free(x);
}

/* The bytes of the file at path (heap), its size into *n. */
static unsigned char *bytes_of(const char *path, size_t *n)
{
  struct stat st;
  cr_assert_eq(stat(path, &st), 0, "%s", path);
  *n = (size_t)st.st_size;
  unsigned char *all = sp_xmalloc(*n);
  FILE *fp = fopen(path, "rb");
  cr_assert(fp && fread(all, 1, *n, fp) == *n, "%s", path);
  fclose(fp);
  return all;
}

/* An Ogg of two logical streams, Vorbis or Opus: chained, one after
 * another (`cat a.ogg b.ogg`, which RFC 3533 allows), or multiplexed, at
 * once (ffmpeg -map 0:a -map 1:a). libsndfile reads the first stream
 * alone: the second's audio was lost, silently, by every command (exit
 * 0). Each is refused now by the walk of its pages that finds an Ogg cut
 * short, naming the file and the fix, where sp_audio_open, `check` of a
 * recipe naming it and `loudness` read it; each stream alone still reads. */
Test(hostile, an_ogg_of_two_streams_chained_or_multiplexed_is_refused)
{
  static const int subs[] = {SF_FORMAT_VORBIS, SF_FORMAT_OPUS};
  static const char *const exts[] = {"ogg", "opus"};
  float *x = tone();
  const bool ffmpeg = system("command -v ffmpeg >/dev/null 2>&1") == 0;
  for (int k = 0; k < 2; k++) {
    char *part[2];
    unsigned char *bytes[2];
    size_t n[2];
    for (int j = 0; j < 2; j++) {
      char *name = sp_xasprintf("%c.%s", 'a' + j, exts[k]);
      part[j] = tu_path(dir, name);
      free(name);
      SF_INFO si = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_OGG | subs[k]};
      SNDFILE *f = sf_open(part[j], SFM_WRITE, &si);
      cr_assert_not_null(f, "%s", sf_strerror(NULL));
      sf_writef_float(f, x, FRAMES / (2 - j)); /* 1.5 s, then 3 s */
      sf_close(f);
      bytes[j] = bytes_of(part[j], &n[j]);
      sp_reader *r;
      char why[512];
      cr_assert_eq(sp_audio_open(part[j], &r, NULL, why, sizeof why), SP_OK, "%s", why);
      r->ops->close(r);
    }
    char *name = sp_xasprintf("chain.%s", exts[k]);
    char *chain = tu_path(dir, name);
    FILE *fp = fopen(chain, "wb");
    cr_assert(fp && fwrite(bytes[0], 1, n[0], fp) == n[0] && fwrite(bytes[1], 1, n[1], fp) == n[1]);
    fclose(fp);
    char *multi = sp_xasprintf("multi.%s", exts[k]), *mp = tu_path(dir, multi);
    if (ffmpeg) {
      char *cmd = sp_xasprintf("cd '%s' && ffmpeg -v error -i a.%s -i b.%s -map 0:a -map 1:a -c "
                               "copy -f ogg %s",
                               dir, exts[k], exts[k], multi);
      cr_assert_eq(system(cmd), 0, "%s", cmd);
      free(cmd);
    }
    static const char *const says[] = {
        "it is a chained Ogg of 2 streams, one after another, and stemprint would read the first "
        "alone; join them into one file first, e.g. ffmpeg -i x.ogg -c:a flac x.flac",
        "it holds 2 Ogg streams at once (multiplexed), and stemprint would read the first alone; "
        "give it each stream in a file of its own, e.g. ffmpeg -i x.ogg -map 0:a:0 -c:a flac "
        "x.flac (-map 0:a:1 the second)"};
    const char *files[] = {chain, mp}, *names[] = {name, multi};
    for (int m = 0; m < 1 + ffmpeg; m++) {
      sp_reader *r;
      char why[512];
      cr_expect_eq(sp_audio_open(files[m], &r, NULL, why, sizeof why), SP_ERR_IO, "%s read",
                   names[m]);
      cr_expect_str_eq(why, says[m], "%s", names[m]);
      loudness_refuses(files[m], says[m]);
      char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", names[m]);
      char *recipe = tu_write_text(dir, "two.yaml", text);
      const char *check[] = {"check", recipe, NULL};
      char *out = NULL, *err = NULL,
           *want = sp_xasprintf("cannot read '%s': %s", files[m], says[m]);
      cr_expect_eq(run(check, &out, &err), 3, "%s: %s", names[m], err);
      cr_expect(strstr(err, want), "want %s\ngot %s", want, err);
      free(out), free(err), free(want), free(recipe), free(text);
    }
    free(multi), free(mp), free(chain), free(name);
    for (int j = 0; j < 2; j++)
      free(part[j]), free(bytes[j]);
  }
  free(x);
}

/* A FLAC of 100 frames whose STREAMINFO promises a minute (at 384 kHz, 8
 * channels: 23 M frames), as an impulse response: refused at its real end
 * with both counts and its name, having taken memory for what it holds,
 * not 737 MB for what its header says. Run with the address space capped
 * at 400 MB (ulimit -v; under AddressSanitizer, which reserves terabytes,
 * its largest allocation capped at 64 MB): the whole minute allocated up
 * front died there of "out of memory". */
Test(hostile, a_header_promising_more_than_the_file_holds_costs_no_memory)
{
  enum { IR_RATE = 384000, IR_CH = 8, IR_FRAMES = 100 };
  char *flac = tu_path(dir, "long.flac");
  SF_INFO si = {
      .samplerate = IR_RATE, .channels = IR_CH, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16};
  SNDFILE *sf = sf_open(flac, SFM_WRITE, &si);
  cr_assert_not_null(sf, "%s", sf_strerror(NULL));
  static float x[IR_FRAMES * IR_CH];
  for (int i = 0; i < IR_FRAMES * IR_CH; i++)
    x[i] = (float)(0.1 * sin(0.37 * i));
  cr_assert_eq(sf_writef_float(sf, x, IR_FRAMES), IR_FRAMES);
  sf_close(sf);
  /* STREAMINFO's total samples: the low 36 bits of bytes 18 .. 25 */
  FILE *f = fopen(flac, "r+b");
  unsigned char b[26];
  cr_assert(f && fread(b, 1, sizeof b, f) == sizeof b && memcmp(b, "fLaC", 4) == 0);
  const uint64_t promised = 60ull * IR_RATE;
  b[21] = (unsigned char)((b[21] & 0xf0) | (promised >> 32));
  for (int k = 0; k < 4; k++)
    b[22 + k] = (unsigned char)(promised >> (24 - 8 * k));
  cr_assert(fseek(f, 0, SEEK_SET) == 0 && fwrite(b, 1, sizeof b, f) == sizeof b);
  fclose(f);
  float *a = tone();
  free(tu_write_wav(dir, "a384.wav", 1, IR_RATE, 24, a, 1000));
  free(a);
  free(tu_write_text(dir, "long_ir.yaml",
                     "stemprint: 1\nsample_rate: 384 kHz\ntracks:\n  a: {file: a384.wav, to: v}\n"
                     "buses:\n  v: {inserts: [{convolver: {ir: long.flac}}]}\n"));
#if defined(SP_SANITIZED)
  const char *cap = "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:max_allocation_size_mb=64\"";
#else
  const char *cap = "ulimit -v 400000;";
#endif
  char *cmd =
      sp_xasprintf("cd '%s' && %s '%s' check long_ir.yaml >check.log 2>&1; echo $? >check.rc", dir,
                   cap, SP_STEMPRINT_BIN);
  cr_assert_eq(system(cmd), 0);
  char *rcp = tu_path(dir, "check.rc"), *rc = tu_slurp_must(rcp);
  char *logp = tu_path(dir, "check.log"), *log = tu_slurp_must(logp);
  cr_expect_eq(atoi(rc), 3, "%s", log);
  cr_expect(strstr(log, "buses.v.inserts[0].convolver.ir: cannot use the impulse response "
                        "'long.flac': ends at frame 100, before the 23040000 frames its header "
                        "promises"),
            "%s", log);
  free(log);
  free(logp);
  free(rc);
  free(rcp);
  free(cmd);
  free(flac);
}

Test(hostile, a_source_that_shrinks_while_read_is_an_error_naming_the_frame)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "s.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  sp_source *s;
  char why[512];
  cr_assert_eq(sp_stream_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  float *a = sp_xcalloc(RATE, sizeof *a);
  float *ch[2] = {a, NULL};
  cr_assert_eq(s->ops->read(s, ch, RATE, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(truncate(p, 44 + 3 * (RATE + RATE / 2)), 0); /* 1.5 s left */
  sp_err err = SP_OK;
  for (int k = 0; k < 2 && err == SP_OK; k++)
    err = s->ops->read(s, ch, RATE, why, sizeof why);
  cr_assert_eq(err, SP_ERR_IO, "the rest was read as silence");
  cr_assert(strstr(why, "ends at frame 72000, before the 144000 frames its header promises"), "%s",
            why);
  s->ops->close(s);
  free(a);
  free(p);
}

Test(hostile, a_source_rewritten_while_read_is_an_error)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "w.wav", 1, RATE, 24, x, FRAMES);
  sp_source *s;
  char why[512];
  cr_assert_eq(sp_stream_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(s->ops->unchanged(s, why, sizeof why), SP_OK);
  /* Rewritten in place, same size, other samples. */
  struct stat before;
  stat(p, &before);
  FILE *f = fopen(p, "r+b");
  fseek(f, 1000, SEEK_SET);
  fputs("rewritten", f);
  fclose(f);
  struct timespec t[2] = {{0, UTIME_OMIT}, {before.st_mtim.tv_sec + 2, 0}};
  utimensat(AT_FDCWD, p, t, 0);
  cr_assert_eq(s->ops->unchanged(s, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "changed while stemprint read it"), "%s", why);
  s->ops->close(s);
  free(x);
  free(p);
}

/* Rewritten in place at the same size with its modification time put
 * back (the access time too): its change time still moved, which no call
 * sets back, and the read is an error (it once rendered a mix of old and
 * new bytes with exit 0). */
Test(hostile, a_source_rewritten_with_its_times_put_back_is_an_error)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "t.wav", 1, RATE, 24, x, FRAMES);
  sp_source *s;
  char why[512];
  cr_assert_eq(sp_stream_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  float *a = sp_xcalloc(RATE, sizeof *a);
  float *ch[2] = {a, NULL};
  cr_assert_eq(s->ops->read(s, ch, RATE, why, sizeof why), SP_OK, "%s", why);
  struct stat before, after;
  cr_assert_eq(stat(p, &before), 0);
  FILE *f = fopen(p, "r+b");
  cr_assert(f);
  fseek(f, 44 + 3 * (RATE + 100), SEEK_SET);
  fputs("rewritten", f);
  fclose(f);
  const struct timespec t[2] = {before.st_atim, before.st_mtim};
  cr_assert_eq(utimensat(AT_FDCWD, p, t, 0), 0);
  cr_assert_eq(stat(p, &after), 0);
  cr_assert_eq(after.st_size, before.st_size);
  cr_assert_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  cr_assert_eq(s->ops->unchanged(s, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "changed while stemprint read it (its size, modification or change time "
                        "is not what it was when opened); render again once nothing writes to it");
  s->ops->close(s);
  /* opened again, it is another file to the table of open files: read as
   * it is now, and unchanged since */
  cr_assert_eq(sp_stream_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(s->ops->unchanged(s, why, sizeof why), SP_OK, "%s", why);
  s->ops->close(s);
  free(a);
  free(x);
  free(p);
}

Test(hostile, a_wav_at_0_hz_is_said_in_words)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "z.wav", 1, RATE, 16, x, 4800);
  free(x);
  FILE *f = fopen(p, "r+b");
  fseek(f, 24, SEEK_SET);
  static const unsigned char zero[4] = {0, 0, 0, 0};
  fwrite(zero, 1, 4, f);
  fclose(f);
  const char *loud[] = {"loudness", p, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(loud, &out, &err), 3, "%s", err);
  cr_assert(strstr(err, "its header gives a sample rate of 0 Hz"), "%s", err);
  cr_assert_null(strstr(err, "SF_INFO"), "%s", err);
  free(out);
  free(err);
  free(p);
}

/* Two renders of two recipes (different gains, the same output names) into
 * one -o folder at once, told to print over each other (--force): each
 * commits its whole set under the folder's lock, so the folder always holds
 * one render's set, which nulls. */
Test(hostile, two_renders_into_one_folder_leave_one_whole_set)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 2));
  free(x);
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\n"
                              "tracks:\n"
                              "  a: {file: %s/t.wav, gain: %d dB}\n"
                              "  b: {file: %s/t.wav, gain: %d dB, pan: 0.5}\n"
                              "stems: {one: [a], two: [b]}\n",
                              dir, -3 - 6 * k, dir, -9 + 4 * k);
    char *name = sp_xasprintf("r%d.yaml", k);
    free(tu_write_text(dir, name, text));
    free(name);
    free(text);
  }
  char *o = tu_path(dir, "shared");
  for (int round = 0; round < 12; round++) {
    char *cmd = sp_xasprintf("cd '%s' && { '%s' render r0.yaml -q --force -o '%s' 2>/dev/null; "
                             "echo $? > rc0; } & cd '%s' && { '%s' render r1.yaml -q --force -o "
                             "'%s' 2>/dev/null; echo $? > rc1; } & wait",
                             dir, SP_STEMPRINT_BIN, o, dir, SP_STEMPRINT_BIN, o);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    for (int k = 0; k < 2; k++) {
      char *p = sp_xasprintf("%s/rc%d", dir, k), *rc = tu_slurp_must(p);
      cr_assert_eq(atoi(rc), 0, "round %d: render %d exited %s", round, k, rc);
      free(rc);
      free(p);
    }
    char *mix = tu_path(o, "mix.wav"), *one = tu_path(o, "one.wav"), *two = tu_path(o, "two.wav");
    const char *null[] = {"null", mix, one, two, NULL};
    char *out = NULL, *err = NULL;
    cr_assert_eq(run(null, &out, &err), 0, "round %d: the folder mixes two renders:\n%s", round,
                 out);
    free(out);
    free(err);
    free(mix);
    free(one);
    free(two);
  }
  free(o);
}

/* A render killed outright leaves its temporary files; the next render
 * into the folder removes them and says so. A file-size limit fails the
 * write with the path and the reason (exit 3), leaving nothing. */
/* Without --force, a recipe does not print over another recipe's prints
 * of the same names in one folder: refused before it renders (exit 2, at
 * -o, naming the other recipe and the file), the folder's set untouched. */
Test(hostile, a_recipe_does_not_print_over_another_recipes_prints)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 2));
  free(x);
  char *song = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  a: {file: t.wav}\n");
  char *alt =
      tu_write_text(dir, "alt.yaml", "stemprint: 1\ntracks:\n  a: {file: t.wav, gain: -6 dB}\n");
  char *o = tu_path(dir, "shared"), *mix = tu_path(o, "mix.wav"), *kept = tu_path(dir, "kept.wav");
  const char *first[] = {"render", song, "-q", "-o", o, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(first, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *cp = sp_xasprintf("cp '%s' '%s'", mix, kept);
  cr_assert_eq(system(cp), 0);
  free(cp);
  const char *cmds[] = {"render", "check"};
  for (int c = 0; c < 2; c++) {
    const char *second[] = {cmds[c], alt, "-o", o, NULL};
    if (c == 1)
      second[2] = NULL; /* check has no -o: the recipe's folder, empty */
    cr_assert_eq(run(second, &out, &err), c == 0 ? 2 : 0, "%s", err);
    if (c == 0) {
      cr_expect(strstr(err, "alt.yaml: -o: '"), "%s", err);
      cr_expect(strstr(err, "holds the prints of the recipe 'song', and alt.yaml would print "
                            "over its mix.wav"),
                "%s", err);
      cr_expect(strstr(err, "--force"), "%s", err);
    }
    free(out);
    free(err);
  }
  cr_expect(tu_same_bytes(mix, kept), "the other recipe's mix was replaced");
  const char *forced[] = {"render", alt, "-q", "-o", o, "--force", NULL};
  cr_assert_eq(run(forced, &out, &err), 0, "%s", err);
  cr_expect_not(tu_same_bytes(mix, kept), "--force prints over it");
  free(out);
  free(err);
  /* a print whose name differs in case alone would replace it where case
   * is ignored (macOS, Windows): refused too */
  char *cased = tu_write_text(dir, "cased.yaml",
                              "stemprint: 1\ntracks:\n  a: {file: t.wav}\n"
                              "output: {name: {mix: MIX}}\n");
  const char *third[] = {"render", cased, "-q", "-o", o, NULL};
  cr_expect_eq(run(third, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "and cased.yaml would print over its MIX.wav"), "%s", err);
  free(out);
  free(err);
  free(cased);
  free(kept);
  free(mix);
  free(o);
  free(alt);
  free(song);
}

Test(hostile, what_a_killed_or_limited_render_leaves_is_cleaned_or_never_made)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, FRAMES));
  free(x);
  char *text = sp_xasprintf("stemprint: 1\nlength: 1200 s\ntracks:\n  a: {file: %s/t.wav}\n", dir);
  char *recipe = tu_write_text(dir, "long.yaml", text);
  char *o = tu_path(dir, "o");
  /* Killed once its files exist. */
  char *cmd = sp_xasprintf("'%s' render '%s' -q -j 1 -o '%s' & pid=$!; "
                           "for i in $(seq 100); do ls -a '%s' 2>/dev/null | grep -q stemprint-tmp "
                           "&& break; sleep 0.05; done; kill -9 $pid; wait $pid; exit 0",
                           SP_STEMPRINT_BIN, recipe, o, o);
  cr_assert_eq(system(cmd), 0);
  free(cmd);
  cr_assert_gt(tu_count_prints(o), 0, "the killed render left no temporary file to clean");
  char *short_text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s/t.wav}\n", dir);
  free(tu_write_text(dir, "long.yaml", short_text));
  char *out = NULL, *err = NULL;
  const char *again[] = {"render", recipe, "-o", o, "--progress", "none", NULL};
  cr_assert_eq(run(again, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "temporary file") && strstr(out, "a stopped render had left"), "%s", out);
  cr_assert_eq(tu_count_prints(o), 1, "only mix.wav");
  free(out);
  free(err);
  /* ulimit -f: the write fails, named; nothing is left. */
  char *p = tu_path(dir, "capped");
  char *capped =
      sp_xasprintf("ulimit -f 64; '%s' render '%s' -q -o '%s' 2>'%s/capped.log'; echo $? "
                   ">'%s/capped.rc'",
                   SP_STEMPRINT_BIN, recipe, p, dir, dir);
  cr_assert_eq(system(capped), 0);
  char *rcp = tu_path(dir, "capped.rc"), *rc = tu_slurp_must(rcp);
  char *logp = tu_path(dir, "capped.log"), *log = tu_slurp_must(logp);
  cr_assert_eq(atoi(rc), 3, "%s", log);
  cr_assert(strstr(log, "capped/mix.wav") && strstr(log, "File too large"), "%s", log);
  cr_assert_eq(tu_count_entries(p), -1, "the capped render left its folder");
  free(rc);
  free(rcp);
  free(log);
  free(logp);
  free(capped);
  free(p);
  free(short_text);
  free(o);
  free(recipe);
  free(text);
}

/* An interrupt during the null test (the printed files read back) stops it
 * at its next read: the render then replaces nothing (the render's own
 * tests cover that) and ends promptly. */
Test(hostile, the_null_test_stops_when_interrupted)
{
  float *x = tone();
  char *a = tu_write_wav(dir, "a.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  volatile sig_atomic_t stop = 1;
  sp_null_opts opts = {.threshold_dbfs = -120, .cancel = &stop};
  const char *stems[] = {a};
  sp_null_result res;
  char why[256];
  cr_assert_eq(sp_null_files(sp_audio_media(), a, stems, 1, &opts, &res, why, sizeof why),
               SP_ERR_RENDER);
  cr_assert_str_eq(why, "interrupted");
  sp_null_result_fini(&res);
  stop = 0;
  cr_assert_eq(sp_null_files(sp_audio_media(), a, stems, 1, &opts, &res, why, sizeof why), SP_OK,
               "%s", why);
  cr_assert(res.passed);
  sp_null_result_fini(&res);
  free(a);
}

/* Run a command on a recipe text; its exit status and stderr. */
static int on_recipe(const char *cmd, const char *text, char **err)
{
  char *r = tu_write_text(dir, "r.yaml", text);
  const char *args[] = {cmd, r, "--no-levels", NULL};
  if (strcmp(cmd, "check") != 0)
    args[2] = NULL;
  char *out = NULL;
  int rc = run(args, &out, err);
  free(out);
  free(r);
  return rc;
}

/* A few characters must not ask for unbounded work: times past a day are
 * refused at their key (an absurd 'at' used to say "every track is
 * muted"), as is a render longer than a day in all. */
Test(hostile, times_past_a_day_are_refused_at_their_key)
{
  static const struct {
    const char *text, *where, *says;
  } rows[] = {
      {"stemprint: 1\nlength: 1e12\ntracks:\n  a: {file: t.wav}\n",
       "r.yaml:2:9: length:", "'1e12' is longer than 24 hours"},
      {"stemprint: 1\ntail: 1e12\ntracks:\n  a: {file: t.wav}\n",
       "r.yaml:2:7: tail:", "'1e12' is longer than 24 hours"},
      {"stemprint: 1\ntracks:\n  a: {file: t.wav, at: 1e15}\n",
       "r.yaml:3:24: tracks.a.at:", "'1e15' is longer than 24 hours"},
      {"stemprint: 1\ntracks:\n  a: {file: t.wav, at: 100000000000 smp}\n",
       "r.yaml:3:24: tracks.a.at:", "longer than 24 hours at any sample rate"},
      {"stemprint: 1\nlength: 86000 s\ntail: 1000 s\ntracks:\n  a: {file: t.wav}\n",
       "r.yaml:2:9: length:", "the render would last 87000 s"},
  };
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE));
  free(x);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    for (int c = 0; c < 2; c++) {
      char *err = NULL;
      int rc = on_recipe(c ? "render" : "check", rows[i].text, &err);
      cr_expect_eq(rc, 2, "row %zu: exit %d\n%s", i, rc, err);
      cr_expect(strstr(err, rows[i].where) && strstr(err, rows[i].says), "row %zu:\n%s", i, err);
      cr_expect_null(strstr(err, "muted"), "%s", err);
      free(err);
    }
}

/* Text that is not a recipe, said where it is: a deep nest (100000
 * levels: refused in well under a second, at the level that passes 64),
 * a broken UTF-8 byte and a NUL on line 4 (they were said at 1:1). */
Test(hostile, text_that_is_not_a_recipe_is_said_where_it_is)
{
  size_t depth = 100000;
  char *deep = sp_xmalloc(2 * depth + 64);
  strcpy(deep, "stemprint: 1\nx: ");
  size_t n = strlen(deep);
  memset(deep + n, '[', depth);
  memset(deep + n + depth, ']', depth);
  deep[n + 2 * depth] = '\0';
  char *err = NULL;
  cr_assert_eq(on_recipe("check", deep, &err), 2, "%s", err);
  cr_assert(strstr(err, "r.yaml:2:67: nested more than 64 levels deep"), "%s", err);
  free(err);
  free(deep);
  cr_assert_eq(on_recipe("check",
                         "stemprint: 1\ntracks:\n  a: {file: x.wav}\n  b: {file: \xff.wav}\n",
                         &err),
               2);
  cr_assert(strstr(err, "r.yaml:4:13: a byte that is not UTF-8 (0xff)"), "%s", err);
  free(err);
  char text[] = "stemprint: 1\ntracks:\n  a: {file: x.wav}\n  b: {fiXle: y.wav}\n";
  *strchr(text, 'X') = '\0';
  char *r = tu_path(dir, "r.yaml");
  FILE *f = fopen(r, "wb");
  fwrite(text, 1, sizeof text - 1, f);
  fclose(f);
  const char *args[] = {"check", r, NULL};
  char *out = NULL;
  cr_assert_eq(run(args, &out, &err), 2);
  cr_assert(strstr(err, "r.yaml:4:9: a NUL byte"), "%s", err);
  free(out);
  free(err);
  free(r);
}

/* A recipe of a thousand errors of one shape prints the first three at
 * their lines and counts the rest in one line, as warnings are; an error
 * of another shape is printed, the exit status is the errors', and check
 * --json lists every one. Before, each of the thousand was printed. */
Test(hostile, errors_of_one_shape_are_counted_but_all_in_json)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n  u: {file: t.wav, gain: loud}\n", f);
  for (int i = 0; i < 1000; i++)
    fprintf(f, "  t%d: {file: t.wav, to: nowhere}\n", i);
  fclose(f);
  char *err = NULL;
  cr_assert_eq(on_recipe("check", text, &err), 2, "%s", err);
  size_t lines = 0;
  for (const char *c = err; *c; c++)
    lines += *c == '\n';
  cr_expect_lt(lines, 10, "%zu lines of errors:\n%.2000s", lines, err);
  cr_expect(strstr(err, "r.yaml:3:26: tracks.u.gain:"), "%s", err);
  cr_expect(strstr(err, "r.yaml:4:25: tracks.t0.to: no bus named 'nowhere'"), "%s", err);
  cr_expect(strstr(err, "r.yaml:6:25: tracks.t2.to: no bus named 'nowhere'"), "%s", err);
  cr_expect_null(strstr(err, "tracks.t3.to"), "%s", err);
  cr_expect(strstr(err, "r.yaml: 997 more errors like 'no bus named 'nowhere'; the recipe has "
                        "no buses (add one under 'buses:')' (the first 3 are above)"),
            "%.2000s", err);
  free(err);
  char *r = tu_write_text(dir, "r.yaml", text);
  const char *args[] = {"check", r, "--no-levels", "--json", NULL};
  char *out = NULL;
  cr_assert_eq(run(args, &out, &err), 2, "%s", err);
  size_t listed = 0;
  for (const char *c = out; (c = strstr(c, "\"message\": \"no bus named 'nowhere'\"")); c++)
    listed++;
  cr_expect_eq(listed, 1000, "%.2000s", out);
  free(out);
  free(err);
  free(r);
  free(text);
}

/* Many nodes: more than 4096 tracks and buses is refused at once; a
 * recipe of thousands of buses that feed nothing warns a few times and
 * counts the rest; a key of megabytes is cut in the message. */
Test(hostile, size_limits_and_what_they_say)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n", f);
  for (int i = 0; i < 5000; i++)
    fprintf(f, "  t%d: {file: t.wav}\n", i);
  fclose(f);
  char *err = NULL;
  cr_assert_eq(on_recipe("check", text, &err), 2, "%s", err);
  cr_assert(strstr(err, "r.yaml:3:3: tracks: 5000 tracks and 0 buses; a recipe holds at most 4096"),
            "%s", err);
  free(err);
  free(text);
  f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n  a: {file: t.wav}\nbuses:\n", f);
  for (int i = 0; i < 2000; i++)
    fprintf(f, "  b%d: {}\n", i);
  fclose(f);
  cr_assert_eq(on_recipe("check", text, &err), 0, "%s", err);
  size_t lines = 0;
  for (const char *c = err; *c; c++)
    lines += *c == '\n';
  cr_assert_lt(lines, 20, "%zu lines of warnings:\n%.2000s", lines, err);
  cr_assert(strstr(err, "more warnings like"), "%s", err);
  free(err);
  free(text);
  size_t big = 5u << 20; /* 5 MB: under the recipe's 64 MB, over any message */
  text = sp_xmalloc(big + 128);
  strcpy(text, "stemprint: 1\ntracks:\n  a: {file: t.wav, to: ");

  size_t at = strlen(text);
  memset(text + at, 'z', big);
  strcpy(text + at + big, "}\n");
  cr_assert_eq(on_recipe("check", text, &err), 2);
  cr_assert_lt(strlen(err), 4096, "the message repeats the key: %zu bytes", strlen(err));
  cr_assert(strstr(err, "zzz\xe2\x80\xa6(5242883 bytes)"), "%.500s", err);
  free(err);
  free(text);
}

/* text (taken), a recipe of many tracks t.wav plays, refused by check
 * saying want. (How long thousands take is bench/refused_many.sh's: a
 * speed is measured by hand, never bounded in a test.) */
static void checked(char *text, const char *want)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  char *err = NULL;
  cr_assert_eq(on_recipe("check", text, &err), 2, "%.500s", err);
  cr_expect(strstr(err, want), "%.500s", err);
  free(err);
  free(text);
}

/* Many tracks whose `to:` is refused, each a stem of its own: each route
 * said, nothing of where they would have gone. (Before 7f02075b each stem
 * not heard asked every node of a refused route for every lane again:
 * cubic, 9 s at 4,000 tracks; bench/refused_many.sh times it.) */
Test(hostile, many_refused_routes_and_stems_are_said_each)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n", f);
  for (int i = 0; i < 300; i++)
    fprintf(f, "  t%d: {file: t.wav, to: nosuch}\n", i);
  fputs("stems:\n", f);
  for (int i = 0; i < 300; i++)
    fprintf(f, "  s%d: [t%d]\n", i, i);
  fclose(f);
  checked(text, "tracks.t0.to: no bus named 'nosuch'");
}

/* Many tracks of a dozen refused keys each: each said. (Before 855fe27a
 * each track's marks of what was refused looked at every error of the
 * recipe, and the graph counted them all again for each track's layout:
 * quadratic, 9 s at 4,000 tracks; bench/refused_many.sh times it.) */
Test(hostile, many_refused_keys_are_said_each)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n", f);
  for (int i = 0; i < 300; i++)
    fprintf(f,
            "  t%d: {file: t.wav, gain: x, pan: y, fade_in: z, fade_out: w, mute: v, width: u, "
            "lfe: q, at: r, from: s, length: t, solo: m, to: [1], sends: 5, invert: 7}\n",
            i);
  fputs("stems:\n  s: [t0]\n", f);
  fclose(f);
  checked(text, "tracks.t0.gain: expected");
}

/* Regions that play at once past the open-files limit: said before the
 * render, with the fix. */
Test(hostile, too_many_regions_at_once_for_the_open_files_limit)
{
  float *x = tone();
  free(tu_write_wav(dir, "t.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("stemprint: 1\ntracks:\n", f);
  for (int i = 0; i < 300; i++)
    fprintf(f, "  t%d: {file: t.wav}\n", i);
  fclose(f);
  char *r = tu_write_text(dir, "many.yaml", text);
  char *cmd = sp_xasprintf("ulimit -n 200; '%s' check '%s' --no-levels 2>'%s/many.log'; echo $? >"
                           "'%s/many.rc'",
                           SP_STEMPRINT_BIN, r, dir, dir);
  cr_assert_eq(system(cmd), 0);
  char *rcp = tu_path(dir, "many.rc"), *rc = tu_slurp_must(rcp);
  char *logp = tu_path(dir, "many.log"), *log = tu_slurp_must(logp);
  cr_assert_eq(atoi(rc), 3, "%s", log);
  cr_assert(strstr(log, "300 regions play at once") && strstr(log, "ulimit -n"), "%s", log);
  free(rc);
  free(rcp);
  free(log);
  free(logp);
  free(cmd);
  free(r);
  free(text);
}

/* loudness and null on a float file that holds NaN: named, with the
 * frame, exit 3 (they printed 'inf' and "silence"). */
Test(hostile, nan_in_a_float_file_is_named_by_loudness_and_null)
{
  float *x = tone();
  x[4800] = NAN;
  char *p = tu_write_wav(dir, "nan.wav", 1, RATE, 32, x, RATE);
  char *q = tu_write_wav(dir, "ok.wav", 1, RATE, 32, (x[4800] = 0, x), RATE);
  free(x);
  const char *loud[] = {"loudness", p, NULL};
  const char *null[] = {"null", q, p, NULL};
  const char *const *cmds[] = {loud, null};
  for (int k = 0; k < 2; k++) {
    char *out = NULL, *err = NULL;
    cr_assert_eq(run(cmds[k], &out, &err), 3, "%s%s", out, err);
    cr_assert(strstr(err, "non-finite sample (NaN or infinity) at frame 4800"), "%s", err);
    free(out);
    free(err);
  }
  free(p);
  free(q);
}

/* A recipe from untrusted hands, rendered with --confine: every escape
 * from the recipe's folder is refused at its key before anything is read
 * or written (by '..', an absolute path, a link to a file or a folder
 * outside, an impulse response, the output folder), and --confine-to
 * widens it. Without --confine the same recipes render as before. */
Test(hostile, confinement_refuses_every_way_out)
{
  char *pr = tu_path(dir, "pr"), *secret = tu_path(dir, "secret");
  mkdir(pr, 0777);
  mkdir(secret, 0777);
  float *x = tone();
  free(tu_write_wav(secret, "k.wav", 1, RATE, 24, x, RATE / 10));
  free(tu_write_wav(pr, "ok.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  char *k = tu_path(secret, "k.wav"), *link = tu_path(pr, "link.wav"), *dlink = tu_path(pr, "out");
  cr_assert_eq(symlink(k, link), 0);
  cr_assert_eq(symlink(secret, dlink), 0);
  char *abs = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", k);
  char *abs_out =
      sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: ok.wav}\noutput: {dir: %s}\n", secret);
  const struct {
    const char *text, *where;
  } rows[] = {
      {"stemprint: 1\ntracks:\n  a: {file: ../secret/k.wav}\n", "r.yaml:3:13: tracks.a.file:"},
      {abs, "r.yaml:3:13: tracks.a.file:"},
      {"stemprint: 1\ntracks:\n  a: {file: link.wav}\n", "r.yaml:3:13: tracks.a.file:"},
      {"stemprint: 1\ntracks:\n  a: {file: ok.wav, sends: [{to: v}]}\n"
       "buses:\n  v: {inserts: [{convolver: {ir: ../secret/k.wav}}]}\n",
       "r.yaml:5:34: buses.v.inserts[0].convolver.ir:"},
      {"stemprint: 1\ntracks:\n  a: {file: ok.wav}\noutput: {dir: out/x}\n",
       "r.yaml:4:15: output.dir:"},
      {"stemprint: 1\ntracks:\n  a: {file: ok.wav}\noutput: {dir: new/../../escape}\n",
       "r.yaml:4:15: output.dir:"},
      {abs_out, "r.yaml:4:15: output.dir:"},
  };
  char *r = tu_path(pr, "r.yaml"), *escape = tu_path(dir, "escape");
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    free(tu_write_text(pr, "r.yaml", rows[i].text));
    const char *cmds[] = {"check", "render"};
    for (int c = 0; c < 2; c++) {
      const char *args[] = {cmds[c], r, "--confine", "-q", NULL};
      if (c == 0)
        args[3] = "--no-levels";
      char *out = NULL, *err = NULL;
      cr_expect_eq(run(args, &out, &err), 2, "row %zu %s:\n%s", i, cmds[c], err);
      cr_expect(strstr(err, rows[i].where) &&
                    strstr(err, "outside the folders this render may use"),
                "row %zu %s:\n%s", i, cmds[c], err);
      free(out);
      free(err);
    }
    cr_expect_eq(tu_count_entries(secret), 1, "row %zu wrote outside", i);
    cr_expect_eq(tu_count_entries(escape), -1, "row %zu wrote outside", i);
  }
  /* --confine-to the parent lets the first row render. */
  free(tu_write_text(pr, "r.yaml", rows[0].text));
  /* and refused, nothing outside was opened: not even the look at the
   * sources' rate a recipe of no sample_rate takes (cmd/cli.c,
   * sources_rate, which opened it before the build refused it) */
  if (system("strace -V >/dev/null 2>&1") == 0)
    cr_expect_eq(
        tu_strace_count_refused((const char *[]){"check", "--no-levels", r, "--confine", NULL},
                                "openat,open", "secret/k.wav"),
        0);
  const char *wider[] = {"render", r, "--confine-to", dir, "-q", NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(wider, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  free(r);
  free(escape);
  free(abs);
  free(abs_out);
  free(k);
  free(link);
  free(dlink);
  free(pr);
  free(secret);
}

/* The output folder's records (out/.stemprint) and their lock, committed as
 * links by a clone: never followed, so nothing is written where they point
 * (they once took the records and the lock outside the folder that
 * --confine allows); refused, the render's prints are not left either. */
Test(hostile, a_link_where_the_folder_keeps_its_records_is_never_followed)
{
  char *pr = tu_path(dir, "pr"), *secret = tu_path(dir, "secret"), *o = tu_path(pr, "out");
  cr_assert(mkdir(pr, 0777) == 0 && mkdir(secret, 0777) == 0 && mkdir(o, 0777) == 0);
  float *x = tone();
  free(tu_write_wav(pr, "ok.wav", 1, RATE, 24, x, RATE / 10));
  free(x);
  free(tu_write_text(pr, "r.yaml",
                     "stemprint: 1\noutput: {dir: out}\ntracks: {a: {file: ok.wav}}\n"));
  char *r = tu_path(pr, "r.yaml"), *meta = tu_path(o, ".stemprint"), *lock = tu_path(meta, "lock"),
       *aim = tu_path(secret, "lock");
  for (int row = 0; row < 2; row++) {
    if (row == 0) { /* the folder of records a link */
      cr_assert_eq(symlink(secret, meta), 0);
    } else { /* the folder real, its lock a link */
      cr_assert(unlink(meta) == 0 && mkdir(meta, 0777) == 0 && symlink(aim, lock) == 0);
    }
    const char *args[] = {"render", r, "--confine", "-q", NULL};
    char *out = NULL, *err = NULL;
    cr_expect_eq(run(args, &out, &err), 3, "row %d:\n%s", row, err);
    cr_expect(strstr(err, "symbolic link") && strstr(err, "remove it"), "row %d:\n%s", row, err);
    cr_expect_eq(tu_count_entries(secret), 0, "row %d wrote where a link points", row);
    cr_expect_eq(tu_count_entries(o), 1, "row %d: only the records' folder is there", row);
    free(out);
    free(err);
  }
  free(aim);
  free(lock);
  free(meta);
  free(r);
  free(o);
  free(secret);
  free(pr);
}

/* ---- a file written over one read --------------------------------------- */

/* One command writing over a file it reads: its arguments (after the
 * command's name, NULL-terminated, "%s" in them replaced by dir), the
 * flag, the file it names and what the message says that file is. */
typedef struct clash {
  const char *args[10];
  const char *flag, *file, *is;
} clash;

/* Every output option of every command, given a file the command reads
 * (the recipe, a source, a link or a hard link to one, an input) or
 * prints: refused with exit 2 before anything is written, the message
 * naming the option, the file and the fix (`render song.yaml --junit
 * song.yaml` once replaced the recipe with the report). */
Test(hostile, a_file_written_over_one_read_is_refused_before_anything_is_written)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, RATE));
  free(tu_write_wav(dir, "b.wav", 1, RATE, 24, x, RATE));
  free(x);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\ntracks:\n  a: {file: a.wav}\n  b: {file: b.wav}\n"
                     "stems: {low: [a], high: [b]}\n"));
  char *a = tu_path(dir, "a.wav"), *b = tu_path(dir, "b.wav"), *song = tu_path(dir, "song.yaml");
  char *lnk = tu_path(dir, "link.wav"), *hard = tu_path(dir, "hard.wav");
  cr_assert_eq(symlink(a, lnk), 0);
  cr_assert_eq(link(b, hard), 0);
  char *o = tu_path(dir, "o"), *mix = tu_path(dir, "o/mix.wav");
  char *ini = tu_path(dir, "ini"), *ini_a = tu_path(dir, "ini/a.wav"),
       *ini_link = tu_path(dir, "ini.yaml");
  char why[256];
  cr_assert_eq(sp_fs_mkdirs(ini, why, sizeof why), SP_OK);
  float *y = tone();
  free(tu_write_wav(ini, "a.wav", 1, RATE, 24, y, RATE));
  free(y);
  cr_assert_eq(symlink(ini_a, ini_link), 0);
  char *src = sp_xasprintf("a source %s reads", song);
  const char *input = "an input of this command";
  char *printed = sp_xasprintf("a file the render of %s prints", song);
  const clash runs[] = {
      {{"render", song, "-o", o, "--junit", song}, "junit", song, input},
      {{"render", song, "-o", o, "--report", a}, "report", a, src},
      {{"render", song, "-o", o, "--html", lnk}, "html", lnk, src},
      {{"render", song, "-o", o, "--depfile", hard}, "depfile", hard, src},
      {{"render", song, "-o", o, "--junit", mix}, "junit", mix, printed},
      {{"render", song, "-o", o, "--profile", song}, "profile", song, input},
      {{"render", song, "-o", o, "--profile", hard}, "profile", hard, src},
      {{"render", song, "-o", o, "--diagnostics", "github", "--diagnostics-file", song},
       "diagnostics-file",
       song,
       input},
      {{"check", song, "--junit", a}, "junit", a, src},
      {{"check", song, "--diagnostics", "gitlab", "--diagnostics-file", hard},
       "diagnostics-file",
       hard,
       src},
      {{"null", a, b, "--junit", b}, "junit", b, input},
      {{"null", a, b, "--junit", hard}, "junit", hard, input},
      {{"loudness", a, "--html", a}, "html", a, input},
      {{"loudness", a, "--junit", lnk}, "junit", lnk, input},
      {{"export", song, "-o", a, "--force"}, "output", a, src},
      {{"import", song, "-o", song}, "output", song, input},
  };
  const char *const watched[] = {a, b, song, ini_a};
  char *before[4];
  for (size_t k = 0; k < 4; k++)
    before[k] = tu_slurp_must(watched[k]);
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    const clash *c = &runs[i];
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(c->args, &out, &err), 2, "%s --%s: %s", c->args[0], c->flag, err);
    char *same = strcmp(c->file, lnk) == 0        ? sp_xasprintf("the same file as %s, ", a)
                 : strcmp(c->file, hard) == 0     ? sp_xasprintf("the same file as %s, ", b)
                 : strcmp(c->file, ini_link) == 0 ? sp_xasprintf("the same file as %s, ", ini_a)
                                                  : sp_xstrdup("");
    char *want = sp_xasprintf("stemprint: error: --%s %s: it is %s%s; writing it would destroy "
                              "that file: give --%s another file\n",
                              c->flag, c->file, same, c->is, c->flag);
    cr_expect(strstr(err, want), "%s --%s:\nwant %s\ngot  %s", c->args[0], c->flag, want, err);
    for (size_t k = 0; k < 4; k++) {
      char *now = tu_slurp_must(watched[k]);
      cr_expect(memcmp(now, before[k], 44) == 0 && strcmp(now, before[k]) == 0,
                "%s --%s wrote over %s", c->args[0], c->flag, watched[k]);
      free(now);
    }
    cr_expect_eq(tu_count_prints(o) <= 0, true, "%s --%s printed", c->args[0], c->flag);
    free(same);
    free(want);
    free(out);
    free(err);
  }
  /* init's own check, links followed, says it in its words */
  const char *init[] = {"init", ini, "-o", ini_link, "--force", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(init, NULL, &err), 2, "%s", err);
  char *want = sp_xasprintf("stemprint: error: '%s' is one of the audio files; write the recipe "
                            "elsewhere (-o)\n",
                            ini_link);
  cr_expect(strstr(err, want), "%s", err);
  char *now = tu_slurp_must(ini_a);
  cr_expect(memcmp(now, before[3], 44) == 0, "init wrote over %s", ini_a);
  free(now);
  free(want);
  free(err);
  for (size_t k = 0; k < 4; k++)
    free(before[k]);
  free(src);
  free(printed);
  free(a);
  free(b);
  free(song);
  free(lnk);
  free(hard);
  free(o);
  free(mix);
  free(ini);
  free(ini_a);
  free(ini_link);
}

/* A recipe with a mistake reads its sources all the same: a report named
 * as one of them, or inside the output folder's records, is refused as it
 * is for a recipe that builds, whether the mistake is a key the parser
 * refuses (its graph built) or a source the graph refuses (its graph as
 * far as it was built). Before, the report replaced the source, exit 2
 * (review 13 #1), and the records, so that the next render left a dropped
 * stem's print behind (#2). */
Test(hostile, a_report_over_a_source_is_refused_though_the_recipe_has_a_mistake)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, RATE));
  free(x);
  free(tu_write_text(dir, "good.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  free(tu_write_text(dir, "typo.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav, gian: -3 dB}\n"));
  free(tu_write_text(dir, "gone.yaml",
                     "stemprint: 1\ntracks:\n  a: {file: a.wav}\n  b: {file: nothere.wav}\n"));
  char *a = tu_path(dir, "a.wav"), *o = tu_path(dir, "o"),
       *record = tu_path(dir, "o/.stemprint/good.prints");
  char *good = tu_path(dir, "good.yaml");
  cr_assert_eq(tu_run((const char *[]){"render", good, "-o", o, NULL}, NULL, NULL), 0);
  char *was_a = tu_slurp_must(a), *was_record = tu_slurp_must(record);
  static const char *const recipes[] = {"typo.yaml", "gone.yaml"};
  static const char *const flags[] = {"report", "junit", "html"};
  for (size_t r = 0; r < 2; r++) {
    /* the typo's recipe is good.yaml's, its records the same */
    char *song = tu_path(dir, recipes[r]);
    for (size_t f = 0; f < 3; f++) {
      char *flag = sp_xasprintf("--%s", flags[f]), *err = NULL;
      cr_expect_eq(tu_run((const char *[]){"render", song, "-o", o, flag, a, NULL}, NULL, &err), 2);
      char *want = sp_xasprintf("--%s %s: it is a source %s reads; writing it would destroy that "
                                "file",
                                flags[f], a, song);
      cr_expect(err && strstr(err, want), "%s %s:\nwant %s\ngot  %s", recipes[r], flag, want, err);
      free(want);
      free(err);
      free(flag);
    }
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"check", song, "--junit", a, NULL}, NULL, &err), 2);
    cr_expect(err && strstr(err, "it is a source"), "check %s: %s", recipes[r], err);
    free(err);
    free(song);
  }
  /* the second file of a region of two, and a source missing (no node's
   * region: the report there would be read as audio next time) */
  float *x0 = tone();
  free(tu_write_wav(dir, "r.wav", 1, RATE, 24, x0, RATE));
  free(x0);
  char *pair = tu_write_text(dir, "pair.yaml",
                             "stemprint: 1\ntracks:\n  a: {regions: [{files: [a.wav, r.wav]}]}\n"
                             "  b: {file: nothere.wav}\n"),
       *r_wav = tu_path(dir, "r.wav"), *gone = tu_path(dir, "nothere.wav"), *said = NULL;
  char *was_r = tu_slurp_must(r_wav);
  cr_expect_eq(
      tu_run((const char *[]){"render", pair, "-o", o, "--junit", r_wav, NULL}, NULL, &said), 2);
  cr_expect(said && strstr(said, "it is a source"), "%s", said);
  free(said);
  cr_expect_eq(
      tu_run((const char *[]){"render", pair, "-o", o, "--junit", gone, NULL}, NULL, &said), 2);
  cr_expect(said && strstr(said, "it is a source") && strstr(said, "not there yet"), "%s", said);
  cr_expect_neq(access(gone, F_OK), 0, "a report written where a source is missing");
  char *now_r = tu_slurp_must(r_wav);
  cr_expect(memcmp(now_r, was_r, 44) == 0, "r.wav was written over");
  free(said), free(now_r), free(was_r), free(gone), free(r_wav), free(pair);
  char *typo = tu_path(dir, "typo.yaml"), *err = NULL;
  cr_expect_eq(
      tu_run((const char *[]){"render", typo, "-o", o, "--junit", record, NULL}, NULL, &err), 2);
  cr_expect(err && strstr(err, "the output folder's records"), "%s", err);
  free(err);
  char *now_a = tu_slurp_must(a), *now_record = tu_slurp_must(record);
  cr_expect(memcmp(now_a, was_a, 44) == 0 && strcmp(now_a, was_a) == 0, "a.wav was written over");
  cr_expect_str_eq(now_record, was_record, "the records were written over");
  free(now_a);
  free(now_record);
  free(was_a);
  free(was_record);
  free(typo);
  free(good);
  free(a);
  free(o);
  free(record);
}

/* Text (a report, JUnit, HTML, a recipe, the schema: sp_fs_write_text)
 * never replaces a file whose first bytes say it is audio, MIDI, a
 * SoundFont or an archive, whatever the command knows it reads: a recipe
 * that is no YAML names no source the command can know, and `render
 * bad.yaml --report kick.wav` replaced kick.wav with the report, exit 2
 * (80539bfd's binary, by hand). Audio replaces audio as before (ping's
 * -o), a report a report. */
Test(hostile, a_text_output_never_replaces_audio_whatever_the_recipe_says)
{
  float *x = tone();
  free(tu_write_wav(dir, "kick.wav", 1, RATE, 24, x, RATE));
  free(x);
  char *kick = tu_path(dir, "kick.wav"), *was = tu_slurp_must(kick);
  char *bad = tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks:\n  kick: {file: kick.wav\n");
  static const char *const flags[] = {"--report", "--junit", "--html"};
  for (size_t f = 0; f < 3; f++) {
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"render", bad, flags[f], kick, NULL}, NULL, &err), 3);
    char *want = sp_xasprintf("%s: cannot write '%s': it is a WAV file, and what would replace it "
                              "is text; writing it would destroy that file: name another file",
                              flags[f], kick);
    cr_expect(err && strstr(err, want), "want %s\ngot  %s", want, err);
    free(want);
    free(err);
  }
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", bad, "--junit", kick, NULL}, NULL, &err), 3);
  cr_expect(err && strstr(err, "it is a WAV file"), "%s", err);
  free(err);
  cr_expect_eq(tu_run((const char *[]){"schema", "-o", kick, NULL}, NULL, &err), 3);
  cr_expect(err && strstr(err, "it is a WAV file"), "%s", err);
  free(err);
  /* import's recipe, --force or not (it lands another way: review 18 F2) */
  char *song = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  kick: {file: kick.wav}\n");
  char *dp = tu_path(dir, "song.dawproject");
  cr_assert_eq(tu_run((const char *[]){"export", song, "-o", dp, NULL}, NULL, NULL), 0);
  cr_expect_eq(tu_run((const char *[]){"import", dp, "-o", kick, "--force", NULL}, NULL, &err), 3);
  cr_expect(err && strstr(err, "it is a WAV file"), "%s", err);
  free(err), free(dp), free(song);
  char *now = tu_slurp_must(kick);
  cr_expect(memcmp(now, was, 44) == 0, "kick.wav was written over");
  free(now);
  /* a report over a report, ping's WAV over a WAV: as before */
  char *report = tu_path(dir, "r.json");
  cr_expect_eq(tu_run((const char *[]){"render", bad, "--report", report, NULL}, NULL, NULL), 2);
  cr_expect_eq(tu_run((const char *[]){"render", bad, "--report", report, NULL}, NULL, NULL), 2);
  char *held = tu_slurp_must(report);
  cr_expect(strstr(held, "\"status\": 2"), "%s", held);
  free(held);
  cr_expect_eq(tu_run((const char *[]){"ping", "-o", kick, NULL}, NULL, NULL), 0);
  /* text that begins as a magic on a line of its own is text (review 18 F6) */
  char *notes = tu_write_text(dir, "notes.txt", "fLaC\nnotes\n");
  cr_expect_eq(tu_run((const char *[]){"render", bad, "--report", notes, NULL}, NULL, NULL), 2);
  char *now_notes = tu_slurp_must(notes);
  cr_expect(strstr(now_notes, "\"status\": 2"), "%s", now_notes);
  free(now_notes), free(notes);
  free(report), free(was), free(bad), free(kick);
}

/* export with no -o writes beside its input, named as it with
 * .dawproject: a DAWproject exported again (--force) would be that file,
 * and is refused as -o naming it is; nothing is written. Before, the
 * project was replaced by its own re-export, exit 0 (review 13 #4). */
Test(hostile, export_of_a_dawproject_never_writes_over_it_by_default)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, RATE));
  free(x);
  char *song = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *dp = tu_path(dir, "song.dawproject"), *err = NULL;
  cr_assert_eq(tu_run((const char *[]){"export", song, NULL}, NULL, &err), 0, "%s", err);
  free(err);
  char *before = tu_slurp_must(dp);
  struct stat st;
  cr_assert_eq(stat(dp, &st), 0);
  const size_t n = (size_t)st.st_size;
  cr_expect_eq(tu_run((const char *[]){"export", dp, "--force", NULL}, NULL, &err), 2);
  char *want = sp_xasprintf("%s, written where --output is not given: it is an input of this "
                            "command; writing it would destroy that file: give --output another "
                            "file",
                            dp);
  cr_expect(err && strstr(err, want), "want %s\ngot  %s", want, err);
  char *after = tu_slurp_must(dp);
  cr_assert_eq(stat(dp, &st), 0);
  cr_expect((size_t)st.st_size == n && memcmp(after, before, n) == 0, "the project was replaced");
  free(err);
  /* -o naming a folder: said before the archive is made, no file beside it */
  char *folder = tu_path(dir, "f");
  cr_assert_eq(mkdir(folder, 0755), 0);
  const int entries = tu_count_entries(dir);
  cr_expect_eq(tu_run((const char *[]){"export", song, "-o", folder, "--force", NULL}, NULL, &err),
               3);
  cr_expect(err && strstr(err, "it is a folder, not a file"), "%s", err);
  cr_expect_eq(tu_count_entries(dir), entries, "a temporary archive left beside it");
  free(folder);
  /* the same project whatever the modes of the files it embeds (libzip's
   * file source wrote each one's own: a source of mode 0600 made other
   * bytes); each read through the shared opener as the archive is made */
  char *x1 = tu_path(dir, "x1.dawproject"), *x2 = tu_path(dir, "x2.dawproject"),
       *a = tu_path(dir, "a.wav");
  cr_assert_eq(tu_run((const char *[]){"export", song, "-o", x1, NULL}, NULL, NULL), 0);
  cr_assert_eq(chmod(a, 0600), 0);
  cr_assert_eq(tu_run((const char *[]){"export", song, "-o", x2, NULL}, NULL, NULL), 0);
  char *b1 = tu_slurp_must(x1), *b2 = tu_slurp_must(x2);
  struct stat s1, s2;
  cr_assert(stat(x1, &s1) == 0 && stat(x2, &s2) == 0);
  cr_expect(s1.st_size == s2.st_size && memcmp(b1, b2, (size_t)s1.st_size) == 0,
            "a source's mode changed the project's bytes");
  free(b1), free(b2), free(x1), free(x2), free(a);
  free(after), free(want), free(err), free(before), free(dp), free(song);
}

/* Every clash is said, not the first alone: each report over a file the
 * render reads or prints, and two output options that name one file (the
 * later would replace the earlier), each its own error; nothing written. */
Test(hostile, every_file_written_over_another_is_said)
{
  float *x = tone();
  free(tu_write_wav(dir, "a.wav", 1, RATE, 24, x, RATE));
  free(tu_write_wav(dir, "b.wav", 1, RATE, 24, x, RATE));
  free(x);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\ntracks:\n  a: {file: a.wav}\n  b: {file: b.wav}\n"
                     "stems: {low: [a], high: [b]}\n"));
  char *a = tu_path(dir, "a.wav"), *b = tu_path(dir, "b.wav"), *song = tu_path(dir, "song.yaml");
  char *o = tu_path(dir, "o"), *mix = tu_path(dir, "o/mix.wav"), *xml = tu_path(dir, "x.xml");
  char *xml2 = sp_xasprintf("%s/./x.xml", dir);
  char *src = sp_xasprintf("it is a source %s reads", song);
  char *printed = sp_xasprintf("it is a file the render of %s prints", song);
  const struct {
    const char *args[12];
    const char *said[3][3]; /* flag, file, what */
  } runs[] = {
      {{"render", song, "-o", o, "--junit", mix, "--report", a, "--html", b},
       {{"junit", mix, printed}, {"report", a, src}, {"html", b, src}}},
      {{"render", song, "-o", o, "--junit", xml, "--report", xml, "--html", xml2},
       {{"report", xml, "--junit writes it too"}, {"html", xml2, "--junit writes "}}},
      {{"check", song, "--junit", song, "--diagnostics", "github", "--diagnostics-file", song},
       {{"junit", song, "it is an input of this command"},
        {"diagnostics-file", song, "it is an input of this command"},
        {"diagnostics-file", song, "--junit writes it too"}}},
  };
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    char *err = NULL;
    cr_expect_eq(tu_run(runs[i].args, NULL, &err), 2, "run %zu: %s", i, err);
    size_t lines = 0;
    for (const char *c = err; c && *c; c++)
      lines += *c == '\n';
    size_t n = 0;
    for (size_t k = 0; k < 3 && runs[i].said[k][0]; k++, n++) {
      char *want = sp_xasprintf("stemprint: error: --%s %s: %s", runs[i].said[k][0],
                                runs[i].said[k][1], runs[i].said[k][2]);
      cr_expect(err && strstr(err, want), "run %zu:\nwant %s\ngot  %s", i, want, err);
      free(want);
    }
    cr_expect_eq(lines, n, "run %zu: one line a clash:\n%s", i, err);
    cr_expect(tu_count_prints(o) <= 0 && access(xml, F_OK) != 0, "run %zu wrote", i);
    free(err);
  }
  /* a device takes two outputs: /dev/null twice is no clash */
  const char *twice[] = {
      "check",     song, "--junit", "/dev/null", "--diagnostics", "github", "--diagnostics-file",
      "/dev/null", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(twice, NULL, &err), 0, "%s", err);
  free(err);
  free(src);
  free(printed);
  free(a);
  free(b);
  free(song);
  free(o);
  free(mix);
  free(xml);
  free(xml2);
}

/* ---- a source changed during a render ------------------------------------ */

/* What the progress callback does to the source, and when: at the pass's
 * start (done 0) or at its last block (every frame read). */
typedef struct change {
  const char *path;
  bool at_end, truncate;
  /* made once the plan has read the recipe's files, before the render
   * (the window a cache key is hashed in), the shared opener's watch on
   * (io/fs/fs.h), as a render's is */
  bool before;
  bool done;
} change;

static void change_now(change *c);

static void change_source(void *ctx, const sp_render_pass *pass, int64_t done, int64_t total)
{
  change *c = ctx;
  if (c->done || c->before || pass->phase == SP_PHASE_NULL ||
      (c->at_end ? done < total : done != 0))
    return;
  change_now(c);
}

static void change_now(change *c)
{
  c->done = true;
  struct stat st;
  cr_assert_eq(stat(c->path, &st), 0);
  if (c->truncate) {
    cr_assert_eq(truncate(c->path, st.st_size - 3 * 1000), 0);
    return;
  }
  /* rewritten in place, same size, its times put back */
  FILE *f = fopen(c->path, "r+b");
  cr_assert(f);
  fseek(f, 44 + 3 * 100, SEEK_SET);
  fputs("rewritten in place", f);
  fclose(f);
  const struct timespec t[2] = {st.st_atim, st.st_mtim};
  cr_assert_eq(utimensat(AT_FDCWD, c->path, t, 0), 0);
}

/* The recipe text of folder sub built and printed with c's change made
 * during the render: what sp_print returned into *err and the prints it
 * left into *prints; what it said (heap). */
static char *print_changed(const char *sub, const char *text, change *c, sp_err *err, int *prints)
{
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  if (c->before)
    sp_fs_watch_begin();
  char *said = tu_build(sub, text, &r, &g);
  cr_assert_not_null(g, "%s", said);
  free(said);
  if (c->before)
    change_now(c);
  sp_render_opts o = {.progress = change_source, .progress_ctx = c};
  sp_render_result res;
  sp_diags d;
  sp_diags_init(&d);
  *err = sp_print(g, &o, &res, &d);
  if (c->before)
    sp_fs_watch_end();
  char *out = NULL, *folder = tu_path(sub, "out/r");
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  sp_diags_print(&d, f);
  fclose(f);
  *prints = tu_count_prints(folder);
  free(folder);
  sp_render_result_fini(&res);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  return out;
}

/* A source changed while a render runs fails it, whatever the moment:
 * before its frames were read or after every one was (its old bytes then
 * all read: the render once printed them with exit 0, and a change in
 * between mixed old bytes and new), rewritten in place with its times put
 * back or truncated. Nothing is printed. The change is made by the
 * render's own progress callback, so no timing decides the outcome. */
Test(hostile, a_source_changed_during_a_render_fails_it_whenever_it_changes)
{
  const change cases[] = {{.at_end = false}, {.at_end = true}, {.at_end = true, .truncate = true}};
  for (size_t k = 0; k < 3; k++) {
    float *x = tone();
    char *sub = sp_xasprintf("%s/c%zu", dir, k);
    char why[256];
    cr_assert_eq(sp_fs_mkdirs(sub, why, sizeof why), SP_OK);
    char *src = tu_write_wav(sub, "s.wav", 1, RATE, 24, x, FRAMES);
    free(x);
    /* its times settled, as a source's are: a change within the clock's
     * tick is what the change time tells */
    change c = cases[k];
    c.path = src;
    sp_err err;
    int prints;
    char *text =
        print_changed(sub, "stemprint: 1\ntracks:\n  s: {file: s.wav}\n", &c, &err, &prints);
    cr_expect_eq(err, SP_ERR_IO, "case %zu", k);
    cr_expect(c.done, "case %zu: the source was changed", k);
    cr_expect(strstr(text, "s.wav") && (strstr(text, "changed while stemprint rendered") ||
                                        strstr(text, "changed while stemprint read it") ||
                                        strstr(text, "before the 144000 frames")),
              "case %zu: %s", k, text);
    cr_expect_leq(prints, 0, "case %zu: printed", k);
    free(text);
    free(src);
    free(sub);
  }
}

/* An impulse response rewritten in place (its times put back) after the
 * plan loaded it and before the render began, the window in which
 * `render --cache` hashes it for the key (review 23 H1): the render
 * printed the old response with exit 0 (its check looked at the files
 * when the render began, after the change), and a cache stored it under
 * the new file's key. Now it fails: the file is held to what the plan
 * first read. */
Test(hostile, a_file_changed_after_the_plan_read_it_fails_the_render)
{
  float *x = tone();
  char *sub = sp_xasprintf("%s/plan", dir), why[256];
  cr_assert_eq(sp_fs_mkdirs(sub, why, sizeof why), SP_OK);
  free(tu_write_wav(sub, "s.wav", 1, RATE, 24, x, FRAMES));
  char *ir = tu_write_wav(sub, "ir.wav", 1, RATE, 24, x, 4800);
  free(x);
  change c = {.path = ir, .before = true};
  sp_err err;
  int prints;
  char *text = print_changed(
      sub, "stemprint: 1\ntracks:\n  s: {file: s.wav, inserts: [{convolver: {ir: ir.wav}}]}\n", &c,
      &err, &prints);
  cr_expect_eq(err, SP_ERR_IO);
  cr_expect(c.done, "the response was changed");
  cr_expect(strstr(text, "ir.wav: changed while stemprint rendered") &&
                strstr(text, "is not what it was when the render first read it"),
            "%s", text);
  cr_expect_leq(prints, 0, "printed");
  free(text);
  free(ir);
  free(sub);
}

/* A SoundFont rewritten in place (its times put back) after a cache key's
 * digest read it and before the render loaded it (review 23 H2: a
 * SoundFont, or the files an LV2 state names, loaded when the plugins are
 * made, after the key): the render printed the new file's sound with exit
 * 0, and `render --cache` stored it under the old file's key. Now the
 * render fails: the file is held to what the digest read first. */
Test(hostile, a_soundfont_changed_after_its_digest_fails_the_render)
{
  char *sub = sp_xasprintf("%s/sf", dir), why[256];
  cr_assert_eq(sp_fs_mkdirs(sub, why, sizeof why), SP_OK);
  char *sf2 = tu_write_sf2(sub, "t.sf2");
  /* one track of 480 ticks a quarter: A4 for a quarter note */
  static const uint8_t smf[] = {'M',  'T',  'h',  'd',  0,    0,   0, 6,    0,    0,    0,    1,
                                0x01, 0xE0, 'M',  'T',  'r',  'k', 0, 0,    0,    13,   0x00, 0x90,
                                69,   100,  0x83, 0x60, 0x80, 69,  0, 0x00, 0xFF, 0x2F, 0x00};
  free(tu_write_bytes(sub, "a.mid", smf, sizeof smf));
  sp_fs_watch_begin(); /* as a render's: the key's digests, then the plan and the render */
  sp_file_digest fd;
  cr_assert_eq(sp_digest_file(NULL, sf2, &fd, why, sizeof why), SP_OK, "%s", why);
  change c = {.path = sf2, .before = true};
  sp_err err;
  int prints;
  char *text = print_changed(
      sub, "stemprint: 1\ntracks:\n  a: {midi: a.mid, instrument: {soundfont: {file: t.sf2}}}\n",
      &c, &err, &prints);
  sp_fs_watch_end();
  cr_expect_eq(err, SP_ERR_IO);
  cr_expect(c.done, "the SoundFont was changed");
  cr_expect(strstr(text, "t.sf2: changed while stemprint rendered"), "%s", text);
  cr_expect_leq(prints, 0, "printed");
  free(text);
  free(sf2);
  free(sub);
}

/* A region playing files side by side (`files:`, an Ardour stereo region
 * of two mono files) whose second file changes once every frame was read
 * fails the render as its first would: the check before the prints land
 * looked at the region's first file alone, and printed the old bytes of
 * the second with exit 0. */
Test(hostile, a_second_file_of_a_region_changed_during_a_render_fails_it)
{
  float *x = tone();
  char *sub = sp_xasprintf("%s/files", dir), why[256];
  cr_assert_eq(sp_fs_mkdirs(sub, why, sizeof why), SP_OK);
  free(tu_write_wav(sub, "l.wav", 1, RATE, 24, x, FRAMES));
  char *right = tu_write_wav(sub, "r.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  change c = {.path = right, .at_end = true};
  sp_err err;
  int prints;
  char *text = print_changed(sub, "stemprint: 1\ntracks:\n  s: {files: [l.wav, r.wav]}\n", &c, &err,
                             &prints);
  cr_expect_eq(err, SP_ERR_IO);
  cr_expect(c.done, "the second file was changed");
  cr_expect(strstr(text, "r.wav: changed while stemprint rendered"), "%s", text);
  cr_expect_leq(prints, 0, "printed");
  free(text);
  free(right);
  free(sub);
}
