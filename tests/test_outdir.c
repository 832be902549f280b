/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The output folder's commit and record (io/outdir/outdir.h): files land and the
 * record says so, in make's spelling; a print the recipe no longer prints
 * is removed and named, one it still prints but did not write this time
 * stays; nothing else is ever touched: files of no record, another
 * recipe's prints, a record of another recipe of the same name, names a
 * tampered record lists outside the folder, hidden or not regular. Two
 * renders committing into one folder at once leave one complete set.
 * Files are made with the umask the process started with, from any thread. */

#define _DEFAULT_SOURCE /* syscall(2), for the umask counted below */

#include "core/base/alloc.h"
#include "io/audio/media.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *dir, *out;

static void setup(void)
{
  dir = tu_tmpdir();
  out = tu_path(dir, "out");
  mkdir(out, 0777);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
  free(out);
}

TestSuite(outdir, .init = setup, .fini = teardown);

static bool exists(const char *name)
{
  char *p = tu_path(out, name);
  struct stat st;
  bool yes = lstat(p, &st) == 0;
  free(p);
  return yes;
}

/* Commit files named names (their content: tag) as recipe `recipe` (a file
 * in dir named <name>.yaml), the recipe printing prints; claims as a render
 * without --force asks. Its error, why saying it. */
static sp_err try_commit(const char *name, const char *const *names, size_t n, const char *tag,
                         const char *const *prints, size_t n_prints, bool claims,
                         sp_outdir_result *res, char *why, size_t why_size)
{
  char *recipe_name = sp_xasprintf("%s.yaml", name);
  char *recipe = tu_write_text(dir, recipe_name, "stemprint: 1\n");
  char **temps = sp_xcalloc(n + 1, sizeof *temps), **finals = sp_xcalloc(n + 1, sizeof *finals);
  for (size_t i = 0; i < n; i++) {
    char *t = sp_xasprintf(".%s.tmp-%s", names[i], tag);
    free(tu_write_text(out, t, tag));
    temps[i] = tu_path(out, t);
    finals[i] = tu_path(out, names[i]);
    free(t);
  }
  sp_outdir_commit c = {.dir = out,
                        .recipe_file = recipe,
                        .recipe_name = name,
                        .temps = (const char *const *)temps,
                        .finals = (const char *const *)finals,
                        .n_files = n,
                        .prints = prints,
                        .n_prints = n_prints,
                        .claims = claims};
  sp_err err = sp_outdir_commit_files(&c, res, why, why_size);
  for (size_t i = 0; i < n; i++) {
    if (err != SP_OK)
      unlink(temps[i]); /* the caller's to remove */
    free(temps[i]);
    free(finals[i]);
  }
  free(temps);
  free(finals);
  free(recipe);
  free(recipe_name);
  return err;
}

/* The same, as --force does, required to land. */
static sp_err commit(const char *name, const char *const *names, size_t n, const char *tag,
                     const char *const *prints, size_t n_prints, sp_outdir_result *res)
{
  char why[512];
  const sp_err err = try_commit(name, names, n, tag, prints, n_prints, false, res, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  return err;
}

static char *record(const char *name)
{
  char *p = sp_outdir_record_path(out, name);
  char *text = tu_slurp_must(p);
  free(p);
  return text;
}

Test(outdir, a_commit_lands_and_records_in_makes_spelling)
{
  const char *names[] = {"mix.wav", "Kick Start (Drums).wav", "a#b$c.wav"};
  sp_outdir_result res;
  commit("song", names, 3, "one", names, 3, &res);
  cr_assert_eq(res.n_removed, 0);
  cr_assert_null(res.note);
  for (int i = 0; i < 3; i++)
    cr_assert(exists(names[i]), "%s", names[i]);
  char *text = record("song");
  cr_assert_str_eq(text, "/stemprint-prints=1\n/recipe=../song.yaml\nmix.wav\n"
                         "Kick\\ Start\\ (Drums).wav\na\\#b$$c.wav\n");
  free(text);
  sp_outdir_result_fini(&res);
}

/* A render interrupted before its commit (the folder's lock free, its
 * cancel already set) commits nothing, and says so: not that another
 * render was committing, which none was. */
Test(outdir, an_interrupt_before_the_commit_commits_nothing_and_says_so)
{
  free(tu_write_text(out, ".mix.wav.tmp", "new"));
  char *temp = tu_path(out, ".mix.wav.tmp"), *final = tu_path(out, "mix.wav");
  const char *temps[] = {temp}, *finals[] = {final}, *prints[] = {"mix.wav"};
  static volatile sig_atomic_t cancel = 1;
  sp_outdir_commit c = {.dir = out,
                        .recipe_file = "song.yaml",
                        .recipe_name = "song",
                        .temps = temps,
                        .finals = finals,
                        .n_files = 1,
                        .prints = prints,
                        .n_prints = 1,
                        .cancel = &cancel};
  sp_outdir_result res;
  char why[512] = "";
  cr_expect_eq(sp_outdir_commit_files(&c, &res, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "interrupted before its files were committed; nothing was written");
  cr_expect(!exists("mix.wav"), "mix.wav was committed");
  cr_expect(!exists(".stemprint"), "the refused commit left its records' folder");
  sp_outdir_result_fini(&res);
  free(temp);
  free(final);
}

/* The temporary name of print for a render of this host whose process is
 * gone (a child of ours, reaped): the name a killed render leaves. */
static char *dead_temp(const char *print, unsigned *host, pid_t *child)
{
  char *mine = sp_fs_temp_template("x");
  *host = 0;
  cr_assert_eq(sscanf(strstr(mine, ".stemprint-tmp-") + 15, "%8x", host), 1);
  free(mine);
  *child = fork();
  if (*child == 0)
    _exit(0);
  waitpid(*child, NULL, 0);
  return sp_xasprintf(".%s.stemprint-tmp-%08x-%ld-abcdef", print, *host, (long)*child);
}

/* A render refused at a print's name (a folder where its mix goes) is
 * refused when the print's writer opens, before the render (a CI's plain
 * progress lines never say "rendering"; it was once at the commit, after
 * the whole render), and leaves the output folder as it was: no records'
 * folder or lock of its own making, no temporary file, and a killed
 * render's leftovers where they were (a commit that lands removes them).
 * Once with no records' folder, once with an empty one (its lock gone). */
Test(outdir, a_render_refused_at_a_prints_name_leaves_the_folder_as_it_was)
{
  tu_write_tone(dir, "a.wav", 4800, 440.0, 0.3);
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\ntracks:\n  a: {file: a.wav}\n  b: {file: a.wav}\n"
                               "stems:\n  drums: [a]\n  music: [b]\n");
  char *mix = tu_path(out, "mix.wav"), *records = tu_path(out, ".stemprint");
  cr_assert_eq(mkdir(mix, 0777), 0);
  unsigned host;
  pid_t child;
  char *dead = dead_temp("drums.wav", &host, &child);
  free(tu_write_text(out, dead, "half a file"));
  for (int round = 0; round < 2; round++) {
    if (round == 1)
      cr_assert_eq(mkdir(records, 0777), 0);
    char *before = tu_listing(out);
    setenv("CI", "true", 1);
    const char *args[] = {"render", recipe, "-o", out, NULL};
    char *err = NULL;
    cr_expect_eq(tu_run(args, NULL, &err), 3, "round %d: %s", round, err);
    unsetenv("CI");
    cr_expect(strstr(err, "mix.wav': it is a folder, not a file, and a file would take its "
                          "name; move it away, or name the output otherwise"),
              "round %d: %s", round, err);
    cr_expect_null(strstr(err, "rendering"), "round %d: %s", round, err);
    char *after = tu_listing(out);
    cr_expect_str_eq(after, before, "round %d: the refused render changed the folder", round);
    free(after);
    free(before);
    free(err);
  }
  free(dead);
  free(records);
  free(mix);
  free(recipe);
}

typedef struct waiter {
  const char *recipe;
  sp_err err;
  char why[512];
} waiter;

/* A commit of mix.wav (a temporary file made for it) as recipe w->recipe. */
static void *wait_and_commit(void *arg)
{
  waiter *w = arg;
  char *temp = tu_path(out, ".mix.wav.tmp"), *final = tu_path(out, "mix.wav");
  const char *temps[] = {temp}, *finals[] = {final}, *prints[] = {"mix.wav"};
  sp_outdir_commit c = {.dir = out,
                        .recipe_file = w->recipe,
                        .recipe_name = "song",
                        .temps = temps,
                        .finals = finals,
                        .n_files = 1,
                        .prints = prints,
                        .n_prints = 1};
  sp_outdir_result res;
  w->err = sp_outdir_commit_files(&c, &res, w->why, sizeof w->why);
  sp_outdir_result_fini(&res);
  free(temp);
  free(final);
  return NULL;
}

/* Whether some process waits for a flock (a "->" line of /proc/locks). */
static bool a_lock_is_waited_for(void)
{
  char *locks = tu_slurp("/proc/locks");
  const bool yes = locks && strstr(locks, "-> FLOCK");
  free(locks);
  return yes;
}

/* A refused commit that made the folder's lock removes it, and its
 * records' folder, before it lets go: a commit that waited for that lock
 * takes it anew (in a records' folder made again), never holds a lock
 * whose file is gone while a third takes a new one. */
Test(outdir, a_commit_waiting_for_a_lock_removed_under_it_takes_it_anew)
{
  char *records = tu_path(out, ".stemprint"), *lock = tu_path(records, "lock");
  cr_assert_eq(mkdir(records, 0777), 0);
  const int fd = open(lock, O_RDWR | O_CREAT, 0666);
  cr_assert_geq(fd, 0);
  cr_assert_eq(flock(fd, LOCK_EX), 0);
  free(tu_write_text(out, ".mix.wav.tmp", "new"));
  waiter w = {.recipe = tu_write_text(dir, "song.yaml", "stemprint: 1\n")};
  pthread_t t;
  pthread_create(&t, NULL, wait_and_commit, &w);
  for (int i = 0; i < 500 && !a_lock_is_waited_for(); i++)
    usleep(10000);
  cr_expect(a_lock_is_waited_for(), "the commit did not wait for the lock");
  cr_assert_eq(unlink(lock), 0); /* as a refused commit that made them */
  cr_assert_eq(rmdir(records), 0);
  close(fd);
  pthread_join(t, NULL);
  cr_expect_eq(w.err, SP_OK, "%s", w.why);
  cr_expect(exists("mix.wav"));
  char *text = record("song");
  cr_expect(strstr(text, "\nmix.wav\n"), "%s", text);
  free(text);
  free((char *)w.recipe);
  free(lock);
  free(records);
}

Test(outdir, a_print_no_longer_printed_is_removed_and_named_nothing_else)
{
  const char *first[] = {"mix.wav", "vocals.wav", "Old Name.wav"};
  sp_outdir_result res;
  commit("song", first, 3, "one", first, 3, &res);
  sp_outdir_result_fini(&res);
  free(tu_write_text(out, "notes.txt", "mine"));
  const char *second[] = {"mix.wav", "lead.wav"};
  commit("song", second, 2, "two", second, 2, &res);
  cr_assert_eq(res.n_removed, 2);
  cr_assert_str_eq(res.removed[0], "vocals.wav");
  cr_assert_str_eq(res.removed[1], "Old Name.wav");
  cr_assert_not(exists("vocals.wav"));
  cr_assert_not(exists("Old Name.wav"));
  cr_assert(exists("lead.wav"));
  cr_assert(exists("notes.txt"), "a file no record lists is never touched");
  char *text = record("song");
  cr_assert_str_eq(text, "/stemprint-prints=1\n/recipe=../song.yaml\nmix.wav\nlead.wav\n");
  free(text);
  sp_outdir_result_fini(&res);
}

Test(outdir, a_print_not_written_this_time_stays_a_print)
{
  const char *all[] = {"mix.wav", "drums.wav", "bass.wav"};
  sp_outdir_result res;
  commit("song", all, 3, "one", all, 3, &res);
  sp_outdir_result_fini(&res);
  const char *mix_only[] = {"mix.wav"}; /* render --only mix */
  commit("song", mix_only, 1, "two", all, 3, &res);
  cr_assert_eq(res.n_removed, 0);
  cr_assert(exists("drums.wav") && exists("bass.wav"));
  char *text = record("song");
  cr_assert_str_eq(text,
                   "/stemprint-prints=1\n/recipe=../song.yaml\nmix.wav\ndrums.wav\nbass.wav\n");
  free(text);
  sp_outdir_result_fini(&res);
}

Test(outdir, another_recipes_prints_in_a_shared_folder_are_kept)
{
  const char *a[] = {"a - mix.wav", "shared.wav"};
  const char *b[] = {"b - mix.wav", "shared.wav"};
  sp_outdir_result res;
  commit("a", a, 2, "a", a, 2, &res);
  sp_outdir_result_fini(&res);
  commit("b", b, 2, "b", b, 2, &res);
  sp_outdir_result_fini(&res);
  const char *a2[] = {"a - mix.wav"};
  commit("a", a2, 1, "a2", a2, 1, &res);
  cr_assert_eq(res.n_removed, 0, "b still prints shared.wav");
  cr_assert(exists("shared.wav") && exists("b - mix.wav"));
  sp_outdir_result_fini(&res);
}

Test(outdir, a_record_of_another_recipe_of_that_name_removes_nothing)
{
  char *recs = tu_path(out, ".stemprint");
  mkdir(recs, 0777);
  free(tu_write_text(out, ".stemprint/song.prints",
                     "/stemprint-prints=1\n/recipe=../../elsewhere/song.yaml\nmix.wav\ndrums.wav\n"));
  free(tu_write_text(out, "drums.wav", "theirs"));
  const char *mine[] = {"mix.wav"};
  sp_outdir_result res;
  commit("song", mine, 1, "one", mine, 1, &res);
  cr_assert_eq(res.n_removed, 0);
  cr_assert(exists("drums.wav"));
  cr_assert_not_null(res.note);
  cr_assert(strstr(res.note, "another recipe named 'song' (../../elsewhere/song.yaml)"), "%s",
            res.note);
  char *text = record("song");
  cr_assert(strstr(text, "/recipe=../song.yaml\nmix.wav\n"), "%s", text);
  free(text);
  sp_outdir_result_fini(&res);
  free(recs);
}

/* Two renders printing into one folder at once (make -j): each looked at
 * the folder before its work and found it free; the one that lands second
 * finds the first's prints there under the lock, and lands nothing, exit 2
 * (SP_ERR_USAGE), the first's files and record as they were; --force
 * (claims off) prints over them. Its record of another input likewise.
 * Before, both landed and exited 0, the second's prints over the first's,
 * two records listing the same files. */
Test(outdir, a_print_another_recipe_landed_since_the_render_looked_refuses_its_commit)
{
  const char *names[] = {"mix.wav", "v.wav"};
  sp_outdir_result res;
  commit("z", names, 2, "z", names, 2, &res);
  sp_outdir_result_fini(&res);
  char why[512];
  cr_assert_eq(try_commit("w", names, 2, "w", names, 2, true, &res, why, sizeof why), SP_ERR_USAGE);
  sp_outdir_result_fini(&res);
  char *want = sp_xasprintf("'%s' holds the prints of the recipe 'z', landed there while %s/w.yaml "
                            "was made, which would print over its mix.wav; nothing was landed",
                            out, dir);
  cr_expect(strstr(why, want), "%s", why);
  free(want);
  cr_expect_eq(tu_count_entries(out), 3, "mix.wav, v.wav and the records' folder alone");
  char *mix = tu_path(out, "mix.wav"), *text = tu_slurp_must(mix);
  cr_expect_str_eq(text, "z");
  free(text);
  char *w = sp_outdir_record_path(out, "w");
  cr_expect_eq(access(w, F_OK), -1, "no record of w");
  cr_assert_eq(try_commit("w", names, 2, "w2", names, 2, false, &res, why, sizeof why), SP_OK, "%s",
               why);
  sp_outdir_result_fini(&res);
  text = tu_slurp_must(mix);
  cr_expect_str_eq(text, "w2", "forced: printed over");
  free(text);

  /* its own record taken by another input of its name since it looked */
  free(tu_write_text(out, ".stemprint/song.prints",
                     "/stemprint-prints=1\n/recipe=../../elsewhere/song.yaml\nsong.wav\n"));
  const char *mine[] = {"song.wav"};
  cr_assert_eq(try_commit("song", mine, 1, "one", mine, 1, true, &res, why, sizeof why),
               SP_ERR_USAGE);
  sp_outdir_result_fini(&res);
  cr_expect(
      strstr(why, "holds the prints of another input named 'song' (../../elsewhere/song.yaml"),
      "%s", why);
  cr_expect(!exists("song.wav"));
  free(w);
  free(mix);
}

Test(outdir, a_tampered_record_cannot_reach_outside_hidden_or_special_files)
{
  free(tu_write_text(dir, "precious.txt", "outside"));
  char *sub = tu_path(out, "sub");
  mkdir(sub, 0777);
  free(tu_write_text(sub, "inner.wav", "inner"));
  free(tu_write_text(out, ".hidden", "hidden"));
  free(tu_write_text(out, "target.wav", "target"));
  char *target = tu_path(out, "target.wav"), *link = tu_path(out, "link.wav");
  cr_assert_eq(symlink(target, link), 0);
  char *recs = tu_path(out, ".stemprint");
  mkdir(recs, 0777);
  free(tu_write_text(recs, "song.prints",
                     "/stemprint-prints=1\n/recipe=../song.yaml\n../precious.txt\nsub/inner.wav\n"
                     ".hidden\nsub\nlink.wav\n.\n..\n\n"));
  const char *mine[] = {"mix.wav"};
  sp_outdir_result res;
  commit("song", mine, 1, "one", mine, 1, &res);
  cr_assert_eq(res.n_removed, 0);
  char *p = tu_path(dir, "precious.txt");
  cr_assert(access(p, F_OK) == 0);
  free(p);
  cr_assert(exists("sub") && exists("sub/inner.wav") && exists(".hidden") && exists("link.wav") &&
            exists("target.wav"));
  sp_outdir_result_fini(&res);
  free(recs);
  free(target);
  free(link);
  free(sub);
}

Test(outdir, a_file_that_is_not_a_record_removes_nothing)
{
  char *recs = tu_path(out, ".stemprint");
  mkdir(recs, 0777);
  free(tu_write_text(recs, "song.prints", "mix.wav\ndrums.wav\n"));
  free(tu_write_text(out, "drums.wav", "x"));
  const char *mine[] = {"mix.wav"};
  sp_outdir_result res;
  commit("song", mine, 1, "one", mine, 1, &res);
  cr_assert_eq(res.n_removed, 0);
  cr_assert(exists("drums.wav"));
  sp_outdir_result_fini(&res);
  free(recs);
}

/* Two renders of one recipe committing into one folder at once: what
 * lands is the whole set of one of them. */
typedef struct racer {
  const char *tag;
  int rounds;
} racer;

static void *race(void *arg)
{
  const racer *r = arg;
  const char *names[] = {"mix.wav", "drums.wav", "bass.wav", "vocals.wav"};
  for (int k = 0; k < r->rounds; k++) {
    char tag[32];
    snprintf(tag, sizeof tag, "%s%d", r->tag, k);
    sp_outdir_result res;
    commit("song", names, 4, tag, names, 4, &res);
    sp_outdir_result_fini(&res);
  }
  return NULL;
}

Test(outdir, concurrent_commits_leave_one_complete_set)
{
  for (int round = 0; round < 20; round++) {
    racer a = {"A", 5}, b = {"B", 5};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, race, &a);
    pthread_create(&tb, NULL, race, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    const char *names[] = {"mix.wav", "drums.wav", "bass.wav", "vocals.wav"};
    char *first = NULL;
    for (int i = 0; i < 4; i++) {
      char *p = tu_path(out, names[i]);
      char *text = tu_slurp_must(p);
      if (!first)
        first = sp_xstrdup(text);
      else
        cr_assert_str_eq(text, first, "round %d: %s is from another render", round, names[i]);
      free(text);
      free(p);
    }
    free(first);
  }
}

/* Temporary files of a render killed outright (SIGKILL leaves them): the
 * next commit removes those of this host whose process is gone, and keeps
 * a live process's and another host's. */
Test(outdir, a_killed_renders_temporary_files_go_with_the_next_commit)
{
  unsigned host;
  pid_t child;
  char *dead = dead_temp("mix.wav", &host, &child);
  char *alive = sp_xasprintf(".bass.wav.stemprint-tmp-%08x-%ld-abcdef", host, (long)getpid());
  char *elsewhere = sp_xasprintf(".drums.wav.stemprint-tmp-%08x-%ld-abcdef", host ^ 1u, (long)child);
  /* a tagged FLAC's copy by libFLAC, a tagged MP3's temporary of its
   * temporary (review 24 F2: left for good) */
  char *flac_edit = sp_xasprintf("%s.metadata_edit", dead);
  char *nested = sp_xasprintf(".%s.stemprint-tmp-%08x-%ld-ghijkl", dead, host, (long)child);
  free(tu_write_text(out, dead, "half a file"));
  free(tu_write_text(out, alive, "being written"));
  free(tu_write_text(out, elsewhere, "another host's"));
  free(tu_write_text(out, flac_edit, "a FLAC's copy"));
  free(tu_write_text(out, nested, "a temporary's temporary"));
  cr_assert(sp_fs_temp_is_stale(flac_edit));
  cr_assert(sp_fs_temp_is_stale(nested));
  cr_assert_not(sp_fs_temp_is_stale(".x.stemprint-tmp-00000000-1-abcdef.metadata_edit.txt"));
  cr_assert(sp_fs_temp_is_stale(dead));
  cr_assert_not(sp_fs_temp_is_stale(alive));
  cr_assert_not(sp_fs_temp_is_stale(elsewhere));
  cr_assert_not(sp_fs_temp_is_stale("mix.wav"));
  const char *names[] = {"mix.wav"};
  sp_outdir_result res;
  commit("song", names, 1, "one", names, 1, &res);
  cr_assert_eq(res.n_stale_temps, 3);
  cr_assert_not(exists(dead));
  /* another host's: a day untouched is a killed process's (review 24
   * F5: a CI job's container, named anew each run, left them for good) */
  char *old_other = sp_xasprintf(".bass.wav.stemprint-tmp-%08x-%ld-qwerty", host ^ 1u, 7L);
  char *op = tu_path(out, old_other);
  free(tu_write_text(out, old_other, "a day old"));
  const struct timespec day_ago[2] = {{time(NULL) - 25 * 3600, 0}, {time(NULL) - 25 * 3600, 0}};
  cr_assert_eq(utimensat(AT_FDCWD, op, day_ago, 0), 0);
  cr_assert(sp_fs_temp_is_abandoned(out, old_other));
  cr_assert_not(sp_fs_temp_is_abandoned(out, elsewhere)); /* (written now) */
  cr_assert(sp_fs_temp_is_abandoned(out, flac_edit));
  free(op);
  free(old_other);
  cr_assert_not(exists(flac_edit));
  cr_assert_not(exists(nested));
  free(flac_edit);
  free(nested);
  cr_assert(exists(alive) && exists(elsewhere));
  sp_outdir_result_fini(&res);
  free(dead);
  free(alive);
  free(elsewhere);
}

/* Whether wait status st is of a process the signal sig ended (or that
 * exited with 128 + sig, as a shell between says it). */
static bool ended_by(int st, int sig)
{
  return WIFSIGNALED(st) ? WTERMSIG(st) == sig : WEXITSTATUS(st) == 128 + sig;
}

/* A render killed (SIGKILL: no handler runs) between the renames of its
 * commit, its mix in place and its stems not (review 24 F1): the folder
 * held the new mix beside the old stems, the record unchanged, and no
 * command ever knew. Now the commit's journal (written before the first
 * rename) stays, and the next commit into the folder completes the killed
 * one first, and says so: here a render of the mix alone (--only mix),
 * after which every print is the killed render's, as a whole render of
 * its recipe prints them. */
Test(outdir, a_commit_killed_between_its_renames_is_completed_by_the_next)
{
  float *x = sp_xcalloc(4800, sizeof *x);
  for (int i = 0; i < 4800; i++)
    x[i] = (float)(0.2 * sin(2 * M_PI * (220 + 110 * (i % 3)) * i / 48000.0));
  static const char *const names[] = {"a", "b", "c"};
  for (size_t k = 0; k < 3; k++) {
    char *f = sp_xasprintf("%s.wav", names[k]);
    free(tu_write_wav(dir, f, 1, 48000, 24, x, 4800));
    free(f);
  }
  free(x);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\ntracks: {a: a.wav, b: b.wav, c: c.wav}\n"
                     "stems: {sa: [a], sb: [b], sc: [c]}\noutput: {dir: prints}\n"));
  /* the old set, then a reference of the new one elsewhere */
  char *said = NULL;
  cr_assert_eq(tu_run_stopped(dir, "render song.yaml -q --no-cache", 0, 0, &said), 0, "%s", said);
  free(said);
  cr_assert_eq(tu_run_stopped(dir, "render song.yaml -q --no-cache --set tracks.c.gain=-6 -o ref",
                              0, 0, &said),
               0, "%s", said);
  free(said);
  /* the new one, killed as it enters its third rename: its journal's is
   * the first, the mix's the second */
  const int st = tu_run_stopped(dir, "render song.yaml -q --no-cache --set tracks.c.gain=-6", 3,
                                SIGKILL, &said);
  cr_assert(ended_by(st, SIGKILL), "the render was not killed: status %d: %s", st, said);
  free(said);
  char *journal = tu_path(dir, "prints/.stemprint/commit");
  struct stat jst;
  cr_assert_eq(stat(journal, &jst), 0, "no journal left by the killed commit");
  static const char *const prints[] = {"mix.wav", "sa.wav", "sb.wav", "sc.wav"};
  size_t same = 0;
  for (size_t k = 0; k < 4; k++) {
    char *a = sp_xasprintf("%s/prints/%s", dir, prints[k]),
         *b = sp_xasprintf("%s/ref/%s", dir, prints[k]);
    same += tu_same_bytes(a, b);
    free(a), free(b);
  }
  cr_expect_lt(same, 4, "the kill left the new set whole: no commit was stopped between");
  /* the next commit: the mix alone */
  cr_expect_eq(tu_run_stopped(dir, "render song.yaml --no-cache --only mix --set tracks.c.gain=-6",
                              0, 0, &said),
               0, "%s", said);
  cr_expect(strstr(said, "a commit into this folder was stopped while it moved its files into "
                         "place (its process killed); it was completed first (3 files moved)"),
            "%s", said);
  cr_expect_neq(stat(journal, &jst), 0, "the journal stays");
  for (size_t k = 0; k < 4; k++) {
    char *a = sp_xasprintf("%s/prints/%s", dir, prints[k]),
         *b = sp_xasprintf("%s/ref/%s", dir, prints[k]);
    cr_expect(tu_same_bytes(a, b), "%s is not the killed render's", prints[k]);
    free(a), free(b);
  }
  free(said);
  free(journal);
}

/* A SIGTERM (a cancelled CI job) that reaches a render as its commit
 * writes the record, its prints already in place, exits 143, which
 * docs/ci.md said meant "writing nothing" (review 24 F4): the command now
 * says which recipe's prints had landed, whole. */
Test(outdir, an_interrupt_after_the_prints_landed_says_they_did)
{
  float *x = sp_xcalloc(4800, sizeof *x);
  for (int i = 0; i < 4800; i++)
    x[i] = (float)(0.2 * sin(2 * M_PI * 440 * i / 48000.0));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, x, 4800));
  free(x);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\ntracks: {a: a.wav}\n"
                     "output: {dir: prints}\n"));
  /* the third rename: the journal's, the mix's, then the record's */
  char *said = NULL;
  const int st = tu_run_stopped(dir, "render song.yaml -q --no-cache", 3, SIGTERM, &said);
  cr_expect(ended_by(st, SIGTERM), "status %d: %s", st, said);
  cr_expect(strstr(said, "song.yaml: its prints had landed in prints when the render was "
                         "interrupted: they are whole, this render's"),
            "%s", said);
  cr_expect(strstr(said, "interrupted by SIGTERM: exit status 143"), "%s", said);
  char *mix = tu_path(dir, "prints/mix.wav");
  struct stat mst;
  cr_expect_eq(stat(mix, &mst), 0, "the mix landed");
  free(mix);
  free(said);
}

/* A text file (a recipe init or import writes, a report) whose writer was
 * killed left its temporary beside it for good: no output folder's commit
 * sweeps its folder (review 24 F3). Writing the file again removes the
 * killed writer's temporaries of that file, and no other file's. */
Test(outdir, a_text_files_killed_temporary_goes_when_it_is_written_again)
{
  unsigned host;
  pid_t child;
  char *mine = dead_temp("song.yaml", &host, &child);
  char *other = sp_xasprintf(".notes.txt.stemprint-tmp-%08x-%ld-abcdef", host, (long)child);
  free(tu_write_text(out, mine, "half a recipe"));
  free(tu_write_text(out, other, "another file's"));
  char *recipe = tu_path(out, "song.yaml"), why[256];
  cr_assert_eq(sp_fs_write_text(recipe, "stemprint: 1\n", why, sizeof why), SP_OK, "%s", why);
  cr_expect_not(exists(mine), "the killed writer's temporary of song.yaml stays");
  cr_expect(exists(other), "another file's temporary is not this write's to remove");
  cr_expect(exists("song.yaml"));
  free(recipe);
  free(mine);
  free(other);
}

/* A render interrupted (SIGINT) while it waits for another render's lock
 * on the folder stops at once, says so, and leaves no temporary file.
 * Before, the signal went to a thread that was not the one in flock(2):
 * the wait went on till the 2 s guard ended the process, its temporary
 * files left for a later render to clear. */
Test(outdir, an_interrupt_while_another_render_holds_the_lock_ends_the_wait)
{
  tu_write_tone(dir, "a.wav", 4800, 440.0, 0.3);
  char *recipe = tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *records = tu_path(out, ".stemprint"), *lock = tu_path(records, "lock");
  cr_assert_eq(mkdir(records, 0777), 0);
  const int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  cr_assert_geq(fd, 0);
  cr_assert_eq(flock(fd, LOCK_EX), 0);
  char *before = tu_listing(out);
  char *cmd = sp_xasprintf("'%s' render '%s' -q -o '%s' 2>'%s/err' & pid=$!; "
                           "for i in $(seq 200); do ls -a '%s' | grep -q stemprint-tmp && break; "
                           "sleep 0.05; done; sleep 0.5; kill -INT $pid; wait $pid; echo $? "
                           ">'%s/rc'",
                           SP_STEMPRINT_BIN, recipe, out, dir, out, dir);
  const double t0 = (double)time(NULL);
  cr_assert_eq(system(cmd), 0);
  cr_expect_lt((double)time(NULL) - t0, 10.0);
  char *rcp = tu_path(dir, "rc"), *rc = tu_slurp_must(rcp);
  char *errp = tu_path(dir, "err"), *err = tu_slurp_must(errp);
  cr_expect_eq(atoi(rc), 130, "%s", err);
  cr_expect(strstr(err, "interrupted while another render committed into"), "%s", err);
  cr_expect_not(strstr(err, "did not stop within 2 s"), "%s", err);
  char *after = tu_listing(out);
  cr_expect_str_eq(after, before, "the interrupted render changed the folder");
  close(fd);
  free(after);
  free(err);
  free(errp);
  free(rc);
  free(rcp);
  free(cmd);
  free(before);
  free(lock);
  free(records);
  free(recipe);
}

/* A records' folder the render cannot write into (.stemprint/ read-only,
 * its lock missing): refused at the commit, exit 3, naming the lock's file
 * and the fix; the folder as it was (the temporary files removed). Root
 * gives up the capability to write there first (as tests/test_cache.c
 * does); Criterion runs each test in a process of its own. */
Test(outdir, a_records_folder_that_cannot_be_written_is_said_with_the_fix)
{
  if (geteuid() == 0 && (prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
                         prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0))
    cr_skip_test("root without CAP_SETPCAP cannot give up writing into read-only folders: %s",
                 strerror(errno));
  tu_write_tone(dir, "a.wav", 4800, 440.0, 0.3);
  char *recipe = tu_write_text(dir, "r.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *records = tu_path(out, ".stemprint");
  cr_assert_eq(mkdir(records, 0555), 0);
  char *before = tu_listing(out), *err = NULL;
  const char *args[] = {"render", recipe, "-q", "-o", out, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 3, "%s", err);
  char *want = sp_xasprintf("cannot lock the output folder ('%s/lock'): Permission denied; make "
                            "'%s' writable, or print into another folder (output.dir, or -o)",
                            records, records);
  cr_expect(strstr(err, want), "want %s in\n%s", want, err);
  char *after = tu_listing(out);
  cr_expect_str_eq(after, before, "the refused render changed the folder");
  chmod(records, 0755);
  free(after);
  free(want);
  free(err);
  free(before);
  free(records);
  free(recipe);
}

/* ---- modes --------------------------------------------------------------- */

enum { MAKERS = 8, MADE = 50 };

/* Every umask(2) call of this program, stemprint's libraries' included (a
 * definition in the program comes before libc's): the race below is too
 * narrow to be caught by chance, a call after start-up is not. */
static atomic_int umask_calls;

mode_t umask(mode_t mask)
{
  atomic_fetch_add(&umask_calls, 1);
  return (mode_t)syscall(SYS_umask, mask);
}

/* One of MAKERS threads making MADE audio outputs in the folder, each
 * discarded again (its temporary file was made with its mode first). */
static void *make_outputs(void *arg)
{
  const sp_media *m = sp_audio_media();
  const int who = (int)(intptr_t)arg;
  for (int i = 0; i < MADE; i++) {
    char *name = sp_xasprintf("%s/t%d-%d.wav", out, who, i);
    sp_sink *w = NULL;
    char why[256];
    if (m->create(m, name, SP_FORMAT_WAV, SP_DEPTH_16, 1, 48000, 16, &w, why, sizeof why) ==
        SP_OK)
      w->ops->discard(w);
    free(name);
  }
  return NULL;
}

Test(outdir, outputs_made_on_many_threads_leave_the_umask_alone)
{
  /* umask(2) is read by setting it: a set-and-restore on one thread while
   * another does the same leaves the process at 0, and every file made
   * after world-writable. The umask is read once, before main. */
  umask(022);
  atomic_store(&umask_calls, 0);
  pthread_t t[MAKERS];
  for (int i = 0; i < MAKERS; i++)
    pthread_create(&t[i], NULL, make_outputs, (void *)(intptr_t)i);
  for (int i = 0; i < MAKERS; i++)
    pthread_join(t[i], NULL);
  cr_assert_eq(atomic_load(&umask_calls), 0, "umask(2) was called %d times while making outputs",
               atomic_load(&umask_calls));
  const mode_t now = umask(022);
  cr_assert_eq(now, 022, "the process's umask is %03o after making outputs on %d threads",
               (unsigned)now, MAKERS);
}

/* Every file under path: its mode has no bits outside allowed. */
static int count_modes(const char *path, mode_t allowed, int *files)
{
  DIR *d = opendir(path);
  cr_assert_not_null(d, "%s", path);
  int bad = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *p = sp_xasprintf("%s/%s", path, e->d_name);
    struct stat st;
    cr_assert_eq(lstat(p, &st), 0, "%s", p);
    if (S_ISDIR(st.st_mode)) {
      bad += count_modes(p, allowed | 0111, files);
    } else {
      ++*files;
      if (st.st_mode & 0777 & ~allowed) {
        fprintf(stderr, "%s: mode %03o\n", p, (unsigned)(st.st_mode & 0777));
        bad++;
      }
    }
    free(p);
  }
  closedir(d);
  return bad;
}

Test(outdir, a_render_under_umask_077_makes_every_file_private)
{
  /* What a render writes at -j 4 (prints on the pool's threads, an output
   * set, the report, the page, the record of prints) takes the umask the
   * process started with: under 077 nothing is readable by others. */
  float x[4800];
  for (int i = 0; i < 4800; i++)
    x[i] = (float)(i % 100) / 200.0f;
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, x, 4800));
  free(tu_write_wav(dir, "b.wav", 1, 48000, 24, x, 4800));
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\n"
                               "tracks: {a: {file: a.wav}, b: {file: b.wav, pan: 0.5}}\n"
                               "stems: {one: [a], two: [b]}\n"
                               "versions: {no_b: {mute: [two]}}\n"
                               "output: {also: [{format: flac, depth: 16}]}\n");
  char *rep = tu_path(out, "report.json"), *html = tu_path(out, "report.html");
  const mode_t old = umask(077);
  const char *args[] = {"render", recipe, "-q", "-j", "4", "-o", out, "--report", rep, "--html",
                        html, NULL};
  char *err = NULL;
  int st = tu_run(args, NULL, &err);
  umask(old);
  cr_assert_eq(st, 0, "%s", err);
  int files = 0;
  cr_assert_eq(count_modes(out, 0600, &files), 0, "files readable by others under umask 077");
  cr_assert_geq(files, 8, "%d files", files);
  free(err);
  free(recipe);
  free(rep);
  free(html);
}

/* The record's recipe line and init's folders are both paths from one
 * folder to another place (io/fs: sp_fs_path_from, sp_fs_parent). */
Test(outdir, paths_between_folders_are_relative_both_ways)
{
  static const char *const cases[][3] = {
      {"/x/y/out/one", "/x/y/one.yaml", "../../one.yaml"},
      {"/x/y", "/x/y/a/kick.wav", "a/kick.wav"},
      {"/x/y", "/x/y", ""},
      {"/x/y/z", "/x", "../../"},
      {"/x/bc", "/x/b", "../b"},
      {"/", "/song.yaml", "song.yaml"},
      {"/a", "/", "../"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *rel = sp_fs_path_from(cases[i][0], cases[i][1]);
    cr_expect_str_eq(rel, cases[i][2], "from %s to %s", cases[i][0], cases[i][1]);
    free(rel);
  }
  static const char *const parents[][2] = {
      {"song.yaml", "."}, {"/song.yaml", "/"}, {"a/b/mix.wav", "a/b"}, {"/a/b", "/a"}};
  for (size_t i = 0; i < sizeof parents / sizeof parents[0]; i++) {
    char *p = sp_fs_parent(parents[i][0]);
    cr_expect_str_eq(p, parents[i][1], "parent of %s", parents[i][0]);
    free(p);
  }
}
