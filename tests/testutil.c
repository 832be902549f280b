/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helpers; see testutil.h. */

#define _GNU_SOURCE /* MAP_ANONYMOUS, RTLD_NEXT */

#include "testutil.h"

#include "cmd/cli.h"
#include "core/base/alloc.h"
#include "core/dsp/fft.h"
#include "core/dsp/truepeak.h"
#include "core/graph/graph.h"
#include "core/graph/query.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"
#include "io/audio/adm.h"
#include "io/audio/audio.h"
#include "io/audio/park.h"
#include "io/audio/m4a.h"
#include "io/fs/probe.h"
#include "io/ladspa/ladspa.h"
#include "io/lv2/lv2.h"
#include "io/synth/synth.h"
#include "io/recipe/parse.h"
#include "io/report/check_words.h"
#include "io/report/null_words.h"
#include "io/session/session.h"
#include "io/session/zip.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(SP_SANITIZED)
#include <sanitizer/allocator_interface.h>
#include <sanitizer/lsan_interface.h>
#include <stdatomic.h>
#endif

extern char **environ;
#if defined(SP_SANITIZED)
/* libxml2's (its header is io/xml/xml.c's alone): its globals freed */
void xmlCleanupParser(void);
#endif

/* Every test program hosts LV2 inserts through lilv, as the binary does.
 * And (the plain build; the sanitizers have an allocator of their own) it
 * keeps the memory it frees for the next render: a test renders many
 * recipes in one process, and the C library gave each render's buffers
 * back to the system at their free (the heap's top trimmed, the large ones
 * unmapped), to be faulted in again, page by page, by the next render
 * (paired runs: test_session 17.4 -> 14.8 s of CPU, test_oracle 11.9 ->
 * 9.6 s; one render of the demo by the binary gains nothing). Commands the
 * zygote forks inherit it. */
__attribute__((constructor)) static void use_lilv(void)
{
#if !defined(SP_SANITIZED)
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  sp_lv2_use_host(sp_lilv_host());
  sp_ladspa_use_host(sp_ladspa_host());
  sp_sf2_use_host(sp_fluid_host());
}

/* Criterion starts libgit2 in every test's process, for the diff of two
 * strings a failed assertion shows, and libgit2's start reads the
 * system's CA certificates into mbedTLS (/etc/ssl/certs, 200 kB), whose
 * PEM parse calls strstr once a certificate over the rest of the file:
 * under ASan, whose strstr checks the whole string it is given, that was
 * 12 ms of CPU in each sanitized test's process (perf: 14 % of an empty
 * test's, the strstr check 11.5 % of it), about 1,100 processes a pass.
 * The test program defines the three libgit2 functions Criterion calls
 * (the dynamic linker binds libcriterion's calls to the program's
 * definitions): the start is put off until a diff is asked, when the
 * library's own start and diff run (RTLD_NEXT: libgit2's definitions). */
int git_libgit2_init(void);
int git_libgit2_shutdown(void);
int git_diff_buffers(const void *old_buffer, size_t old_len, const char *old_as_path,
                     const void *new_buffer, size_t new_len, const char *new_as_path,
                     const void *options, void *file_cb, void *binary_cb, void *hunk_cb,
                     void *line_cb, void *payload);

static int tu_git_started; /* libgit2's own start has run */

/* libgit2's own definition of NAME, NULL when there is none */
static void *tu_git_real(const char *name)
{
  return dlsym(RTLD_NEXT, name);
}

int git_libgit2_init(void) { return 1; }

int git_libgit2_shutdown(void)
{
  int (*shutdown)(void);
  void *f = tu_git_real("git_libgit2_shutdown");
  if (!tu_git_started || !f)
    return 0;
  memcpy(&shutdown, &f, sizeof f);
  tu_git_started = 0;
  return shutdown();
}

int git_diff_buffers(const void *old_buffer, size_t old_len, const char *old_as_path,
                     const void *new_buffer, size_t new_len, const char *new_as_path,
                     const void *options, void *file_cb, void *binary_cb, void *hunk_cb,
                     void *line_cb, void *payload)
{
  int (*init)(void);
  int (*diff)(const void *, size_t, const char *, const void *, size_t, const char *,
              const void *, void *, void *, void *, void *, void *);
  void *fi = tu_git_real("git_libgit2_init"), *fd = tu_git_real("git_diff_buffers");
  if (!fi || !fd)
    return -1;
  memcpy(&init, &fi, sizeof fi);
  memcpy(&diff, &fd, sizeof fd);
  if (!tu_git_started && init() < 0)
    return -1;
  tu_git_started = 1;
  return diff(old_buffer, old_len, old_as_path, new_buffer, new_len, new_as_path, options,
              file_cb, binary_cb, hunk_cb, line_cb, payload);
}

/* The commands the tests run never see a make the suite itself runs under
 * (`make -j test`): its jobserver, named in MAKEFLAGS, is not theirs, and
 * the warning each command would give where make did not pass its pipe
 * (cmd/jobserver.c) would fail the tests that read what a command says.
 * A test that wants a jobserver names one in its command's MAKEFLAGS. */
__attribute__((constructor)) static void no_make_jobserver(void) { unsetenv("MAKEFLAGS"); }

char *tu_tmpdir(void)
{
  const char *base = getenv("TMPDIR");
  char *t = sp_xasprintf("%s/stemprint-test-XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(t))
    abort();
  return t;
}

void tu_rmtree(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char *p = tu_path(dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      tu_rmtree(p);
    else
      unlink(p);
    free(p);
  }
  closedir(d);
  rmdir(dir);
}

char *tu_path(const char *dir, const char *name) { return sp_xasprintf("%s/%s", dir, name); }

char *tu_write_bytes(const char *dir, const char *name, const void *bytes, size_t n)
{
  char *p = tu_path(dir, name);
  FILE *f = fopen(p, "wb");
  if (!f || fwrite(bytes, 1, n, f) != n)
    abort();
  fclose(f);
  return p;
}

char *tu_write_text(const char *dir, const char *name, const char *text)
{
  return tu_write_bytes(dir, name, text, strlen(text));
}

char *tu_write_wav(const char *dir, const char *name, int channels, int rate, int bits,
                   const float *interleaved, int64_t frames)
{
  char *p = tu_path(dir, name);
  sp_sink *w;
  char why[256];
  sp_depth depth = bits == 16 ? SP_DEPTH_16 : bits == 24 ? SP_DEPTH_24 : SP_DEPTH_32F;
  if (sp_audio_create(p, SP_FORMAT_WAV, depth, channels, rate, frames, &w, why, sizeof why) !=
      SP_OK)
    abort();
  if (depth == SP_DEPTH_32F) {
    if (w->ops->write_float(w, interleaved, frames, why, sizeof why) != SP_OK)
      abort();
  } else {
    size_t n = (size_t)frames * (size_t)channels;
    int32_t *iv = sp_xcalloc(n, sizeof *iv);
    double scale = ldexp(1.0, bits - 1);
    for (size_t i = 0; i < n; i++) {
      double v = floor((double)interleaved[i] * scale + 0.5);
      if (v > scale - 1)
        v = scale - 1;
      if (v < -scale)
        v = -scale;
      iv[i] = (int32_t)((uint32_t)(int32_t)v << (32 - bits));
    }
    if (w->ops->write_int(w, iv, frames, why, sizeof why) != SP_OK)
      abort();
    free(iv);
  }
  if (w->ops->commit(w, why, sizeof why) != SP_OK)
    abort();
  return p;
}

double *tu_read(const char *path, int64_t *frames, int *channels, int *rate)
{
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  if (sp_audio_open(path, &r, &info, why, sizeof why) != SP_OK)
    return NULL;
  double *x =
      sp_xcalloc((size_t)(info.frames ? info.frames : 1) * (size_t)info.channels, sizeof *x);
  int64_t got = r->ops->read_double(r, x, info.frames);
  r->ops->close(r);
  if (got != info.frames) {
    free(x);
    return NULL;
  }
  *frames = info.frames;
  *channels = info.channels;
  if (rate)
    *rate = info.sample_rate;
  return x;
}

bool tu_same_bytes(const char *a, const char *b)
{
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  bool same = fa && fb;
  /* a block at a time: a byte at a time (fgetc) was 2 % of the plain
   * suite's CPU (perf) */
  enum { BLOCK = 1 << 16 };
  char *ba = sp_xmalloc(BLOCK), *bb = sp_xmalloc(BLOCK);
  while (same) {
    size_t na = fread(ba, 1, BLOCK, fa), nb = fread(bb, 1, BLOCK, fb);
    same = na == nb && memcmp(ba, bb, na) == 0;
    if (na < BLOCK)
      break;
  }
  free(ba);
  free(bb);
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

char *tu_slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = (n + 4096 + 1) * 2;
      buf = sp_xrealloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, 4096, f);
    n += got;
    if (got < 4096)
      break;
  }
  fclose(f);
  buf[n] = '\0';
  return buf;
}

char *tu_slurp_must(const char *path)
{
  char *s = tu_slurp(path);
  cr_assert_not_null(s, "cannot read %s", path);
  return s;
}

int tu_line_of(const char *text, const char *s)
{
  const char *at = strstr(text, s);
  cr_assert(at, "no '%s'", s);
  int line = 1;
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

char *tu_project_xml(const char *path)
{
  sp_zip *z = NULL;
  char why[512], *xml = NULL;
  size_t n = 0;
  cr_assert_eq(sp_zip_open(path, &z, why, sizeof why), SP_OK, "%s", why);
  const sp_err rc = sp_zip_read(z, "project.xml", 1u << 24, &xml, &n, why, sizeof why);
  sp_zip_close(z);
  cr_assert_eq(rc, SP_OK, "%s: %s", path, why);
  return xml;
}

static int count_entries(const char *dir, const char *except)
{
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
         !(except && strcmp(e->d_name, except) == 0);
  closedir(d);
  return n;
}

int tu_count_entries(const char *dir) { return count_entries(dir, NULL); }

int tu_count_prints(const char *dir) { return count_entries(dir, ".stemprint"); }

static void list_into(const char *dir, const char *rel, char ***lines, size_t *n)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  for (struct dirent *e; (e = readdir(d));) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char *p = sp_xasprintf("%s/%s", dir, e->d_name);
    char *r = sp_xasprintf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0) {
      const char type = S_ISDIR(st.st_mode)    ? 'd'
                        : S_ISLNK(st.st_mode)  ? 'l'
                        : S_ISFIFO(st.st_mode) ? 'p'
                        : S_ISREG(st.st_mode)  ? 'f'
                                               : '?';
      *lines = sp_xreallocarray(*lines, *n + 1, sizeof **lines);
      (*lines)[(*n)++] = sp_xasprintf("%s %c %o", r, type, (unsigned)(st.st_mode & 07777));
      if (S_ISDIR(st.st_mode))
        list_into(p, r, lines, n);
    }
    free(r);
    free(p);
  }
  closedir(d);
}

static int by_text(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *tu_listing(const char *dir)
{
  struct stat st;
  if (stat(dir, &st) != 0)
    return sp_xstrdup("missing");
  char **lines = NULL;
  size_t n = 0;
  list_into(dir, "", &lines, &n);
  qsort(lines, n, sizeof *lines, by_text);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t i = 0; i < n; i++)
    fprintf(f, "%s\n", lines[i]);
  fclose(f);
  sp_free_strings(lines, n);
  return text;
}

sp_err tu_render(const char *path, size_t block_frames, sp_render_result *res)
{
  sp_diags d;
  sp_diags_init(&d);
  memset(res, 0, sizeof *res);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  sp_err err = sp_recipe_parse_file(path, &r, &d);
  if (err == SP_OK)
    err = sp_graph_build(r, sp_audio_media(), NULL, &g, &d);
  if (err == SP_OK) {
    sp_render_opts o = {.block_frames = block_frames, .say_null = sp_null_say, .say_checks = sp_checks_say};
    err = sp_print(g, &o, res, &d);
    /* The paths in res point into the graph; keep the stats only. */
    for (size_t i = 0; i < res->n_outputs; i++)
      res->outputs[i].path = NULL;
  }
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  return err;
}

static char *slurp_fd(int fd)
{
  size_t cap = 4096, n = 0;
  char *s = sp_xmalloc(cap);
  for (;;) {
    if (n + 1024 > cap)
      s = sp_xrealloc(s, cap *= 2);
    ssize_t got = read(fd, s + n, cap - n - 1);
    if (got <= 0)
      break;
    n += (size_t)got;
  }
  s[n] = '\0';
  return s;
}

/* The zygote: tu_run's commands run in processes forked from a copy of the
 * test program made before its main(), as the stemprint program would run
 * them but without its loading. Starting the program (exec, the dynamic
 * loader's mapping and relocating of its 32 libraries, under the
 * sanitizers their runtime's start) was 70 % of the CPU time of a test
 * that runs it hundreds of times (perf, test_errors); a fork of the copy
 * costs a small part of that. The copy holds the state of a program that
 * has just started: no LV2 world, no umask read, nothing cached; each
 * request brings what the test set since (its arguments, environment,
 * working folder, umask, file-size and open-file limits, and its standard
 * output and error), and gets the exit status back as a shell would see it.
 * A command the copy cannot run (none started, a message too large, the
 * test gave up capabilities since, which only an exec applies) runs the
 * program itself; SP_TEST_EXEC=1 asks for that always. The stemprint
 * program itself is still what the tests that trace, time or run it under
 * another CPU start (tu_strace_count, system()). */
static int zygote = -1; /* the tests' end of the zygote's socket, or -1 */
static pid_t zygote_child = -1, zygote_owner = -1; /* the zygote, and the process it serves */
static unsigned long long zygote_bounding; /* the capability bounding set it started with */

/* This process's umask and capability bounding set, as /proc tells them:
 * setting the umask to read it would race with threads making files (and
 * count as a call where tests count them). */
static bool zy_status(unsigned *mask, unsigned long long *bounding)
{
  FILE *f = fopen("/proc/self/status", "re");
  int found = 0;
  for (char line[256]; f && found < 2 && fgets(line, sizeof line, f);)
    found += sscanf(line, "Umask: %o", mask) == 1 || sscanf(line, "CapBnd: %llx", bounding) == 1;
  if (f)
    fclose(f);
  return found == 2;
}

typedef struct zy_head {
  uint32_t argc, envc;
  mode_t mask;
  struct rlimit fsize, nofile;
} zy_head;

typedef struct zy_buf {
  char *p;
  size_t n, cap;
} zy_buf;

static void zy_put(zy_buf *b, const void *data, size_t n)
{
  while (b->n + n > b->cap) {
    b->cap = b->cap ? 2 * b->cap : 4096;
    b->p = sp_xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->n, data, n);
  b->n += n;
}

/* The next of a request's NUL-terminated strings at *at, or NULL. */
static char *zy_string(char *msg, size_t n, size_t *at)
{
  if (*at >= n)
    return NULL;
  char *s = msg + *at, *end = memchr(s, '\0', n - *at);
  if (!end)
    return NULL;
  *at = (size_t)(end - msg) + 1;
  return s;
}

static char **volatile zy_env;

#if defined(SP_SANITIZED)
/* The allocations a command made that are still live, kept by the
 * allocator's hooks in a set of its own (linear probing in mmap'ed memory,
 * deletion by backward shift): a command that ends with none left cannot
 * have leaked, and LeakSanitizer's check, a scan of the whole process, is
 * left out for it; one that ends with some (a cache a library keeps, a
 * leak) is checked as before. A set three quarters full says so, is no
 * longer kept, and the check runs (a full one made a search that never
 * ended: a free of what the set did not hold, in a render of thousands of
 * allocations). What a command frees of what it did not allocate does not count.
 * The set is small (32,768 slots, 256 kB): each command maps it afresh, and
 * a set of a million slots cost a page fault for nearly every allocation
 * (9 % of each_broken_recipe_under_check's CPU, perf); a command that holds
 * more allocations than it has room for is checked.
 *
 * The zygote does not read the program's zero-filled data (bss) in: it did
 * once, so that LeakSanitizer's scan of it found its pages mapped, but the
 * sanitizers' stack depot lives there, and every command writes to it: each
 * first write to a page shared that way copied it and flushed the TLB (a
 * quarter of the same test's CPU). Most commands skip the scan now. */
#define ZY_LIVE_BITS 15
#define ZY_LIVE_PROBES 256
static uintptr_t *zy_live;
static size_t zy_live_count;
static bool zy_live_full;
static atomic_flag zy_live_lock = ATOMIC_FLAG_INIT;

static size_t zy_live_slot(uintptr_t p)
{
  return (size_t)(((uint64_t)p * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - ZY_LIVE_BITS));
}

/* A thread that finds the set taken gives its core away: a thread holding
 * it that was preempted needs one to go on. */
static void zy_live_lock_take(void)
{
  while (atomic_flag_test_and_set_explicit(&zy_live_lock, memory_order_acquire))
    sched_yield();
}

static void zy_on_malloc(const volatile void *ptr, size_t size)
{
  (void)size;
  const uintptr_t p = (uintptr_t)ptr, mask = ((uintptr_t)1 << ZY_LIVE_BITS) - 1;
  if (!p)
    return;
  zy_live_lock_take();
  if (zy_live_full) { /* said: the check runs, the set is no longer kept */
    atomic_flag_clear_explicit(&zy_live_lock, memory_order_release);
    return;
  }
  size_t i = zy_live_slot(p), k = 0;
  while (zy_live[i] && k < ZY_LIVE_PROBES) {
    i = (i + 1) & mask;
    k++;
  }
  /* full at three quarters: a quarter of the slots stays empty, so that
   * every search below ends at one */
  if (zy_live[i] || zy_live_count >= mask / 4 * 3)
    zy_live_full = true;
  else {
    zy_live[i] = p;
    zy_live_count++;
  }
  atomic_flag_clear_explicit(&zy_live_lock, memory_order_release);
}

static void zy_on_free(const volatile void *ptr)
{
  const uintptr_t p = (uintptr_t)ptr, mask = ((uintptr_t)1 << ZY_LIVE_BITS) - 1;
  if (!p)
    return;
  zy_live_lock_take();
  if (zy_live_full) {
    atomic_flag_clear_explicit(&zy_live_lock, memory_order_release);
    return;
  }
  size_t i = zy_live_slot(p);
  while (zy_live[i] && zy_live[i] != p)
    i = (i + 1) & mask;
  if (zy_live[i]) {
    zy_live_count--;
    /* backward shift: each entry after the hole that may move into it does */
    for (size_t j = (i + 1) & mask; zy_live[j]; j = (j + 1) & mask) {
      const size_t home = zy_live_slot(zy_live[j]);
      if (((j - home) & mask) >= ((j - i) & mask)) {
        zy_live[i] = zy_live[j];
        i = j;
      }
    }
    zy_live[i] = 0;
  }
  atomic_flag_clear_explicit(&zy_live_lock, memory_order_release);
}

/* Whether the command may have left memory unfreed: true unless the set
 * was kept and is empty. */
static bool zy_live_left(void)
{
  zy_live_lock_take();
  const bool left = !zy_live || zy_live_full || zy_live_count > 0;
  atomic_flag_clear_explicit(&zy_live_lock, memory_order_release);
  return left;
}

/* Threads started and joined in the zygote before its first command (a
 * test that runs none is spared them: 10 ms of CPU in each sanitized
 * test's process, paired runs), so that the C library's cache
 * of thread stacks holds some, each with its thread-local storage's vector
 * (a calloc of the C library's own): a command's threads take those, and a
 * command that started one (every render does, for its recipes) does not
 * end with a vector of its own still cached, which counted as memory left
 * and cost it LeakSanitizer's scan (each_broken_recipe_under_render: 214 of
 * 215 commands scanned, 42 % of its CPU). Four fit the cache's 40 MB. */
static void *zy_idle(void *arg) { return arg; }

static void zy_warm_threads(void)
{
  pthread_t t[4];
  size_t n = 0;
  while (n < 4 && pthread_create(&t[n], NULL, zy_idle, NULL) == 0)
    n++;
  while (n > 0)
    pthread_join(t[--n], NULL);
}

static void zy_live_start(void)
{
  void *m = mmap(NULL, sizeof(uintptr_t) << ZY_LIVE_BITS, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED)
    return;
  zy_live = m;
  if (!__sanitizer_install_malloc_and_free_hooks(zy_on_malloc, zy_on_free))
    zy_live = NULL;
}

/* The program's zero-filled data (bss) in huge pages where the kernel
 * gives them on request (transparent_hugepage "madvise", as on this
 * machine): it is nearly all the sanitizers' stack depots (9 MB), which
 * LeakSanitizer scans at every exit; read page by page, that took a fault
 * for each of its 2,300 pages in every process (each test's and each
 * command's), where a huge page's first read maps 2 MB at once. */
extern char __bss_start[], _end[];

__attribute__((constructor(101))) static void zy_huge_bss(void)
{
  const uintptr_t huge = (uintptr_t)2 << 20;
  const uintptr_t from = ((uintptr_t)__bss_start + huge - 1) & ~(huge - 1);
  const uintptr_t to = (uintptr_t)_end & ~(huge - 1);
  if (to > from)
    madvise((void *)from, to - from, MADV_HUGEPAGE);
}
#endif

/* FFmpeg in the zygote, loaded once a command of this zygote has loaded it
 * (sp_m4a_library_version: a render's report, an MPEG-4 file), for the
 * commands it forks after: each would load it anew (a hundred libraries,
 * 44 ms of CPU sanitized, 27 ms plain). It was loaded at the first command
 * of every zygote, and a zygote that holds it makes every command it forks
 * dearer, to fork (the libraries' page tables), to end and to check for
 * leaks (LeakSanitizer scans their writable data: libcodec2's 15 MB), where
 * few commands load it (the sanitized session module: 2 of 402 commands,
 * errors 0 of 759, build 2 of 40): sanitized session 88.4 -> 78.0 s of
 * CPU, errors 19.6 -> 15.0 (docs/testing.md, "Its time"). The flag
 * is a page the zygote and its children share; NULL: none could be mapped,
 * and the zygote loads FFmpeg at its first command as it did. */
static volatile int *zy_av_asked;

static int zy_av_found(struct dl_phdr_info *info, size_t size, void *data)
{
  (void)size;
  (void)data;
  return info->dlpi_name && strstr(info->dlpi_name, "/libavformat.so") != NULL;
}

/* In a command's child at its end: tell the zygote that it loaded FFmpeg. */
static void zy_av_tell(void)
{
  if (zy_av_asked && !*zy_av_asked && dl_iterate_phdr(zy_av_found, NULL))
    *zy_av_asked = 1;
}

/* In the zygote's child: the request's state applied, the command run. */
static void zy_command(char *msg, size_t n, const int fds[3])
{
  close(fds[2]);
  if (dup2(fds[0], STDOUT_FILENO) < 0 || dup2(fds[1], STDERR_FILENO) < 0)
    _exit(127);
  close(fds[0]);
  close(fds[1]);
  zy_head h;
  memcpy(&h, msg, sizeof h);
  size_t at = sizeof h;
  char **argv = sp_xcalloc((size_t)h.argc + 2, sizeof *argv);
  argv[0] = (char *)SP_STEMPRINT_BIN;
  for (uint32_t i = 0; i < h.argc; i++)
    if (!(argv[i + 1] = zy_string(msg, n, &at)))
      _exit(127);
  char **env = sp_xcalloc((size_t)h.envc + 1, sizeof *env);
  for (uint32_t i = 0; i < h.envc; i++)
    if (!(env[i] = zy_string(msg, n, &at)))
      _exit(127);
  environ = env;
  zy_env = env; /* a root for LeakSanitizer: setenv may move environ off it */
  const char *cwd = zy_string(msg, n, &at);
  if (!cwd || chdir(cwd) != 0)
    _exit(127);
  umask(h.mask);
  setrlimit(RLIMIT_FSIZE, &h.fsize);
  setrlimit(RLIMIT_NOFILE, &h.nofile);
#if defined(SP_SANITIZED)
  /* what sp_main keeps for the process's life, made before the set is
   * kept, as sp_main itself makes it: stdout's copy and the environment's
   * QT_QPA_PLATFORM (cmd/entry.c) */
  sp_cli_out_separate();
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  /* and the buffer of that copy, which the C library allocates at the
   * stream's first write and keeps for the process's life: allocated now
   * as that write would (glibc's setvbuf without a buffer allocates it, of
   * the size the first write takes; not a terminal's, which it would no
   * longer buffer by lines). Counted in the set, it cost every command
   * that writes to its standard output (help, plan, graph) the check: 180
   * of keys' help_says_every_keys_row, 60 % of its CPU (perf). */
  FILE *out = sp_cli_out();
  if (out != stderr && !isatty(fileno(out)))
    setvbuf(out, NULL, _IOFBF, 0);
  zy_live_start();
#endif
  const int status = sp_main((int)h.argc + 1, argv);
  fflush(NULL);
  zy_av_tell();
#if defined(SP_SANITIZED)
  /* what the process keeps until its exit, let go as the exit would: the
   * record of the files the command read (cmd/writes.c), the readers
   * parked where they stopped and the files left open for a next reader
   * (io/audio/audio.c, io/fs/probe.c), the shared FFT plans
   * (core/dsp/fft.c), the main thread's read buffer (io/audio/audio.c)
   * and libxml2's globals, set up at its first use (io/xml/xml.c: 20
   * allocations, every command that read a session). Kept, they cost nearly
   * every command that reads a recipe the check below (each of errors'
   * 510 broken recipes, 10 allocations each: SP_ZY_LOG). A command's own
   * leak is still one, found by the check. */
  sp_cli_writes_reset();
  sp_park_close_all();
  sp_probe_close_idle();
  sp_fft_forget_kept();
  sp_audio_thread_done();
  xmlCleanupParser();
  /* what the program's exit would check: _exit skips the test program's
   * own exit handlers, and LeakSanitizer's with them */
  const bool left = zy_live_left();
  if (getenv("SP_ZY_LOG")) {
    FILE *lf = fopen(getenv("SP_ZY_LOG"), "a");
    if (lf) {
      fprintf(lf, "%d %zu %s %s\n", left, zy_live_count, argv[1], h.argc > 1 ? argv[2] : "");
      fclose(lf);
    }
  }
  /* a command whose environment turns the leak check off (a Qt plugin's
   * render, test_lv2real's qt_plugin_renders) is not checked, as its own
   * exit would not check it */
  const char *asan = getenv("ASAN_OPTIONS");
  if (left && !(asan && strstr(asan, "detect_leaks=0")))
    __lsan_do_leak_check();
#endif
  _exit(status & 0xFF);
}

#define TU_ZYGOTE_MAX_BYTES (192 * 1024)

/* A command the zygote started and has not yet seen end: its process and
 * where its exit status goes. */
typedef struct zy_job {
  pid_t pid;
  int reply;
} zy_job;

/* The commands that ended, each one's status to its test. */
static void zy_reap(zy_job *jobs, size_t *n)
{
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
    for (size_t i = 0; i < *n; i++)
      if (jobs[i].pid == pid) {
        const int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        (void)!write(jobs[i].reply, &code, sizeof code);
        close(jobs[i].reply);
        jobs[i] = jobs[--*n];
        break;
      }
}

/* The zygote: each request a command in a child of its own, whose end it
 * hears on a signalfd and tells the test. One fork a command: a waiter
 * process between them, as there once was, cost a second copy of the
 * zygote's page tables and its copy-on-write faults for each command
 * (under the sanitizers, fork was a ninth of test_errors's CPU, perf). */
static void zy_serve(int sock)
{
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  const int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0)
    _exit(0); /* the tests' commands then run by exec */
  const pid_t zygote_pid = getpid();
  char *msg = sp_xmalloc(TU_ZYGOTE_MAX_BYTES);
  zy_job *jobs = NULL;
  size_t n_jobs = 0, cap = 0;
  bool warm = false, av_loaded = false;
  void *shared =
      mmap(NULL, sizeof *zy_av_asked, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  zy_av_asked = shared == MAP_FAILED ? NULL : shared;
  for (;;) {
    struct pollfd p[2] = {{.fd = sock, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      _exit(0);
    }
    if (p[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
        ;
      zy_reap(jobs, &n_jobs);
    }
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
      continue;
    union {
      struct cmsghdr align;
      char bytes[CMSG_SPACE(3 * sizeof(int))];
    } control;
    struct iovec iov = {msg, TU_ZYGOTE_MAX_BYTES};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                        .msg_controllen = sizeof control.bytes};
    ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      _exit(0); /* every test's end is closed: the program has ended (its
                   commands are killed with the zygote) */
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    int fds[3] = {-1, -1, -1};
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
        c->cmsg_len == CMSG_LEN(sizeof fds))
      memcpy(fds, CMSG_DATA(c), sizeof fds);
    if (n_jobs == cap) {
      cap = cap ? 2 * cap : 8;
      jobs = sp_xrealloc(jobs, cap * sizeof *jobs);
    }
    if (!warm) { /* at the first command: a test that runs none pays nothing */
#if defined(SP_SANITIZED)
      zy_warm_threads();
#endif
      warm = true;
    }
    if (!av_loaded && (!zy_av_asked || *zy_av_asked)) { /* zy_av_asked, above */
      sp_m4a_library_version();
      av_loaded = true;
    }
    const pid_t pid = fds[2] >= 0 && (size_t)n >= sizeof(zy_head) ? fork() : -1;
    if (pid == 0) {
      /* a command outlives no test: killed with the zygote, as the zygote
       * ends with the test (a command stuck on a FIFO would otherwise run
       * on after the test's timeout) */
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != zygote_pid)
        _exit(128 + SIGKILL);
      close(sock);
      close(sfd);
      free(jobs); /* the other commands' replies are the zygote's */
      sigprocmask(SIG_SETMASK, &old, NULL);
      zy_command(msg, (size_t)n, fds);
    }
    if (pid > 0) {
      jobs[n_jobs++] = (zy_job){pid, fds[2]};
      fds[2] = -1;
    }
    for (int i = 0; i < 3; i++)
      if (fds[i] >= 0)
        close(fds[i]);
  }
}

__attribute__((constructor)) static void zy_start(void)
{
  const char *exec = getenv("SP_TEST_EXEC");
  if (exec && strcmp(exec, "1") == 0)
    return;
  unsigned mask;
  int sv[2];
  if (!zy_status(&mask, &zygote_bounding) ||
      socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(sv[0]);
    /* nothing of the test's output held open: ctest reads it to its end */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      close(null);
    }
    zy_serve(sv[1]);
  }
  close(sv[1]);
  if (pid < 0)
    close(sv[0]);
  else {
    zygote = sv[0];
    zygote_child = pid;
    zygote_owner = getpid();
  }
}

/* At the program's end the zygote is ended and waited for, by the process
 * it served (not by a child of the test that exits): its CPU and its
 * commands' (each waited for by the zygote) then count in the program's
 * own children's times, as a shell's `times` and getrusage see them
 * (scripts/test.sh's table of what each part took). Left to end alone
 * when the program had ended, it was nobody's child: the commands run
 * through it, most of a test's work, counted in no part's CPU. */
__attribute__((destructor)) static void zy_stop(void)
{
  if (zygote < 0 || getpid() != zygote_owner)
    return;
  close(zygote);
  zygote = -1;
  kill(zygote_child, SIGKILL);
  waitpid(zygote_child, NULL, 0);
}

/* Run args through the zygote, their output into fds: the exit status, or
 * -1 when the zygote cannot run them. */
static int zy_run(const char *const *args, int out, int err)
{
  if (zygote < 0)
    return -1;
  zy_head h = {0};
  /* the umask as /proc tells it: setting it to read it would race with
   * threads making files (and count as a call where tests count them) */
  unsigned mask = 0;
  unsigned long long bounding = 0;
  if (!zy_status(&mask, &bounding) || bounding != zygote_bounding)
    return -1; /* capabilities given up since: what exec gives, only exec shows */
  h.mask = (mode_t)mask;
  if (getrlimit(RLIMIT_FSIZE, &h.fsize) != 0 || getrlimit(RLIMIT_NOFILE, &h.nofile) != 0)
    return -1;
  zy_buf b = {0};
  zy_put(&b, &h, sizeof h);
  for (; args[h.argc]; h.argc++)
    zy_put(&b, args[h.argc], strlen(args[h.argc]) + 1);
  for (; environ[h.envc]; h.envc++)
    zy_put(&b, environ[h.envc], strlen(environ[h.envc]) + 1);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) {
    free(b.p);
    return -1;
  }
  zy_put(&b, cwd, strlen(cwd) + 1);
  memcpy(b.p, &h, sizeof h);
  int reply[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, reply) != 0) {
    free(b.p);
    return -1;
  }
  const int fds[3] = {out, err, reply[1]};
  union {
    struct cmsghdr align;
    char bytes[CMSG_SPACE(sizeof fds)];
  } control;
  memset(&control, 0, sizeof control);
  struct iovec iov = {b.p, b.n};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                      .msg_controllen = sizeof control.bytes};
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t sent = b.n <= TU_ZYGOTE_MAX_BYTES ? sendmsg(zygote, &mh, MSG_NOSIGNAL) : -1;
  free(b.p);
  close(reply[1]);
  int code = -1;
  if (sent == (ssize_t)b.n) {
    ssize_t got;
    while ((got = read(reply[0], &code, sizeof code)) < 0 && errno == EINTR)
      ;
    if (got != (ssize_t)sizeof code)
      code = 128 + SIGKILL; /* the zygote's child died: said as a killed command */
  }
  close(reply[0]);
  return code;
}

void tu_write_dc(const char *dir, const char *name, int channels, float v, int64_t frames)
{
  const size_t n = (size_t)frames * (size_t)channels;
  float *x = sp_xcalloc(n + 1, sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i] = v;
  free(tu_write_wav(dir, name, channels, 48000, 32, x, frames));
  free(x);
}

void tu_write_click(const char *dir, const char *name, int channels, int64_t frames, int64_t at,
                    float v)
{
  float *x = sp_xcalloc((size_t)frames * (size_t)channels + 1, sizeof *x);
  for (int c = 0; c < channels; c++)
    x[(size_t)at * (size_t)channels + (size_t)c] = v;
  free(tu_write_wav(dir, name, channels, 48000, 32, x, frames));
  free(x);
}

sp_err tu_render_text(const char *dir, const char *text, sp_render_result *res)
{
  char *path = tu_write_text(dir, "t.yaml", text);
  sp_err err = tu_render(path, 0, res);
  free(path);
  return err;
}

/* The key of a shared render: FNV-1a over the recipe's text, the test
 * program's size and time (a rebuilt engine renders anew) and the fixture
 * folder's time (the fixtures are written under temporary names and
 * renamed in: made again, the folder's time moves). */
static uint64_t shared_key(const char *text)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (const char *c = text; *c; c++)
    h = (h ^ (unsigned char)*c) * 0x100000001b3ull;
  struct stat st[2];
  memset(st, 0, sizeof st);
  stat("/proc/self/exe", &st[0]);
  stat(SP_FIXTURE_DIR, &st[1]);
  const int64_t words[] = {(int64_t)st[0].st_size, (int64_t)st[0].st_mtim.tv_sec,
                           (int64_t)st[0].st_mtim.tv_nsec, (int64_t)st[1].st_mtim.tv_sec,
                           (int64_t)st[1].st_mtim.tv_nsec};
  const unsigned char *b = (const unsigned char *)words;
  for (size_t i = 0; i < sizeof words; i++)
    h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

char *tu_render_shared(const char *name, const char *text)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  cr_assert(n > 0, "cannot read /proc/self/exe");
  exe[n] = '\0';
  *strrchr(exe, '/') = '\0';
  char *base = tu_path(exe, "shared");
  mkdir(base, 0777);
  char *folder = sp_xasprintf("%s/%s-%016llx", base, name, (unsigned long long)shared_key(text));
  char *lock = sp_xasprintf("%s.lock", folder);
  int fd = open(lock, O_CREAT | O_RDWR | O_CLOEXEC, 0666);
  cr_assert(fd >= 0 && flock(fd, LOCK_EX) == 0, "cannot lock %s", lock);
  struct stat st;
  if (stat(folder, &st) != 0) {
    /* made whole under a temporary name, then renamed: a folder that is
     * there holds a render that succeeded; the same name's older keys go */
    DIR *d = opendir(base);
    const size_t len = strlen(name);
    for (struct dirent *e; d && (e = readdir(d));)
      if (strncmp(e->d_name, name, len) == 0 && e->d_name[len] == '-' &&
          strncmp(e->d_name, strrchr(folder, '/') + 1, strlen(strrchr(folder, '/') + 1)) != 0) {
        char *old = tu_path(base, e->d_name);
        tu_rmtree(old);
        unlink(old);
        free(old);
      }
    if (d)
      closedir(d);
    char *tmp = sp_xasprintf("%s.tmp", folder);
    tu_rmtree(tmp);
    cr_assert_eq(mkdir(tmp, 0777), 0, "cannot make %s", tmp);
    sp_render_result res;
    sp_err err = tu_render_text(tmp, text, &res);
    const bool null_ok = res.null_ran || !strstr(text, "stems:");
    sp_render_result_fini(&res);
    cr_assert_eq(err, SP_OK, "render failed (%d) for:\n%s", (int)err, text);
    cr_assert(null_ok, "the null test did not run for:\n%s", text);
    cr_assert_eq(rename(tmp, folder), 0, "cannot rename %s", tmp);
    free(tmp);
  }
  close(fd);
  free(lock);
  free(base);
  return folder;
}

void tu_render_ok(const char *dir, const char *text)
{
  sp_render_result res;
  sp_err err = tu_render_text(dir, text, &res);
  sp_render_result_fini(&res);
  cr_assert_eq(err, SP_OK, "render failed (%d) for:\n%s", (int)err, text);
}

double *tu_read_out(const char *dir, const char *name, int64_t *frames)
{
  return tu_read_out_ch(dir, name, 2, frames);
}

double *tu_read_out_ch(const char *dir, const char *name, int channels, int64_t *frames)
{
  char *p = sp_xasprintf("%s/out/%s.wav", dir, name);
  int ch = 0, rate = 0;
  double *x = tu_read(p, frames, &ch, &rate);
  cr_assert_not_null(x, "cannot read %s", p);
  cr_assert_eq(ch, channels, "%s: %d channels", p, ch);
  cr_assert_eq(rate, 48000, "%s: %d Hz", p, rate);
  free(p);
  return x;
}

double *tu_render_mix(const char *path, int64_t *frames, int *channels)
{
  sp_render_result res;
  cr_assert_eq(tu_render(path, 0, &res), SP_OK, "render of %s failed", path);
  sp_render_result_fini(&res);
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  char *mix = sp_xasprintf("%.*sout/%.*s/mix.wav", (int)(base - path), path,
                           (int)(dot ? dot - base : (ptrdiff_t)strlen(base)), base);
  int rate = 0;
  double *y = tu_read(mix, frames, channels, &rate);
  cr_assert_not_null(y, "cannot read %s", mix);
  free(mix);
  return y;
}

void tu_silence_through(const char *dir, const char *insert, int rate, double out[2])
{
  static float zeros[2 * 4800];
  free(tu_write_wav(dir, "silence.wav", 2, 48000, 32, zeros, 4800));
  char *text = sp_xasprintf("stemprint: 1\nsample_rate: %d\npan_law: 0 dB\ntail: 0\ntracks:\n"
                            "  a: {file: silence.wav, inserts: [%s]}\n"
                            "output: {depth: 32f, dither: none}\n",
                            rate, insert);
  char *path = tu_write_text(dir, "silence.yaml", text);
  int64_t frames;
  int ch;
  double *y = tu_render_mix(path, &frames, &ch);
  cr_assert(ch == 2 && frames > 100, "%s: %d channels, %lld frames", path, ch, (long long)frames);
  out[0] = y[2 * 100];
  out[1] = y[2 * 100 + 1];
  free(y);
  free(path);
  free(text);
}

void tu_expect_same_prints(const char *dir, const char *path, const char *const *const *runs,
                           size_t n_runs, const char *const *files)
{
  char **o = sp_xcalloc(n_runs + 1, sizeof *o);
  for (size_t k = 0; k < n_runs; k++) {
    char name[24];
    snprintf(name, sizeof name, "o%zu", k);
    o[k] = tu_path(dir, name);
    const char *args[16] = {"render", path, "-q", "-o", o[k]};
    size_t n = 5;
    for (size_t i = 0; runs[k][i]; i++) {
      cr_assert_lt(n, 15, "run %zu: too many options", k);
      args[n++] = runs[k][i];
    }
    args[n] = NULL;
    char *err = NULL;
    cr_assert_eq(tu_run(args, NULL, &err), 0, "run %zu: %s", k, err);
    free(err);
  }
  for (size_t i = 0; files[i]; i++)
    for (size_t k = 1; k < n_runs; k++) {
      char *a = tu_path(o[0], files[i]), *b = tu_path(o[k], files[i]);
      char opts[160] = "";
      for (size_t j = 0; runs[k][j]; j++)
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " %s", runs[k][j]);
      cr_expect(tu_same_bytes(a, b), "%s differs in run %zu (%s) from run 0", files[i], k, opts);
      free(a);
      free(b);
    }
  for (size_t k = 0; k < n_runs; k++)
    free(o[k]);
  free(o);
}

void tu_expect_latency_compensated(const char *insert, int64_t latency_frames, double wet_gain,
                                   double tolerance)
{
  char *dir = tu_tmpdir();
  float x[2 * 4800] = {0};
  x[2 * 1000] = x[2 * 1000 + 1] = 0.5f;
  free(tu_write_wav(dir, "imp.wav", 2, 48000, 32, x, 4800));
  char *text = sp_xasprintf("stemprint: 1\npan_law: 0 dB\ntail: 0\n"
                            "tracks:\n"
                            "  wet: {file: imp.wav, inserts: [%s]}\n"
                            "  dry: {file: imp.wav}\n"
                            "output: {depth: 32f, dither: none}\n",
                            insert);
  int64_t frames;
  int ch;
  double *y = tu_build_render(dir, text, "wet", latency_frames, &frames, &ch);
  cr_assert_eq(frames, 4800, "%s", insert);
  const double want = 0.5 + 0.5 * wet_gain;
  cr_expect_float_eq(y[2 * 1000], want, tolerance, "%s: %g, want %g", insert, y[2 * 1000], want);
  cr_expect_float_eq(y[2 * (1000 + latency_frames)], 0.0, 1e-9, "%s", insert);
  free(y);
  free(text);
  tu_rmtree(dir);
  free(dir);
}

double *tu_build_render(const char *dir, const char *text, const char *node, int64_t latency_frames,
                        int64_t *frames, int *channels)
{
  sp_recipe *r;
  sp_graph *g;
  char *all = tu_build(dir, text, &r, &g);
  cr_assert_not_null(g, "%s", all);
  if (node) {
    const int i = sp_graph_find(g, node);
    cr_assert_geq(i, 0, "no node %s in:\n%s", node, text);
    cr_expect_eq(sp_graph_node(g, i)->ins[0].latency, latency_frames, "%s's inserts:\n%s", node,
                 text);
  }
  cr_expect_eq(sp_graph_timeline(g).latency_frames, latency_frames, "the plan's latency:\n%s",
               text);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(all);
  char *path = tu_path(dir, "r.yaml");
  double *y = tu_render_mix(path, frames, channels);
  free(path);
  return y;
}

void tu_exec(const char *const *args)
{
  size_t n = 0;
  while (args[n])
    n++;
  char **argv = sp_xcalloc(n + 2, sizeof *argv);
  argv[0] = (char *)SP_STEMPRINT_BIN;
  for (size_t i = 0; i < n; i++)
    argv[i + 1] = (char *)args[i];
  execv(SP_STEMPRINT_BIN, argv);
  _exit(127);
}

int tu_run_stopped(const char *dir, const char *args, int at, int sig, char **said)
{
  const char *asan = getenv("ASAN_OPTIONS");
  char *cmd = sp_xasprintf("cd '%s' && ASAN_OPTIONS='%s%sverify_asan_link_order=0' "
                           "LD_PRELOAD='%s' SP_TEST_KILL_AT_RENAME=%d SP_TEST_KILL_SIGNAL=%d '%s' "
                           "%s 2>&1",
                           dir, asan ? asan : "", asan ? ":" : "", at ? SP_TEST_KILL_SHIM : "", at,
                           sig, SP_STEMPRINT_BIN, args);
  FILE *p = popen(cmd, "r");
  free(cmd);
  size_t len = 0;
  FILE *m = open_memstream(said, &len);
  for (int ch; p && (ch = fgetc(p)) != EOF;)
    fputc(ch, m);
  fclose(m);
  return p ? pclose(p) : -1;
}

int tu_run(const char *const *args, char **out, char **err)
{
  char *dir = tu_tmpdir();
  char *po = tu_path(dir, "stdout"), *pe = tu_path(dir, "stderr");
  int fo = open(po, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int code = fo >= 0 && fe >= 0 ? zy_run(args, fo, fe) : -1;
  if (code < 0) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fo, 1);
      dup2(fe, 2);
      tu_exec(args);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  close(fo);
  close(fe);
  int fd = open(po, O_RDONLY);
  char *o = slurp_fd(fd);
  close(fd);
  fd = open(pe, O_RDONLY);
  char *e = slurp_fd(fd);
  close(fd);
  if (out)
    *out = o;
  else
    free(o);
  if (err)
    *err = e;
  else
    free(e);
  free(po);
  free(pe);
  tu_rmtree(dir);
  free(dir);
  return code;
}

char *tu_build(const char *dir, const char *text, sp_recipe **r, sp_graph **g)
{
  char *path = tu_write_text(dir, "r.yaml", text);
  char *all = tu_build_file(path, r, g);
  free(path);
  return all;
}

char *tu_build_file(const char *path, sp_recipe **r, sp_graph **g)
{
  sp_diags d;
  sp_diags_init(&d);
  *r = NULL;
  *g = NULL;
  if (sp_recipe_parse_file(path, r, &d) == SP_OK)
    sp_graph_build(*r, sp_audio_media(), NULL, g, &d);
  char *all = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&all, &len);
  sp_diags_print(&d, f);
  fclose(f);
  sp_diags_fini(&d);
  return all;
}

void tu_tone(float *x, int n, double freq, double amp)
{
  for (int i = 0; i < n; i++)
    x[i] = (float)(amp * sin(2 * M_PI * freq * i / 48000.0));
}

bool tu_said(const sp_diags *d, const char *s)
{
  for (size_t i = 0; i < d->n; i++) {
    char *line = sp_diag_format(&d->v[i]);
    bool hit = strstr(line, s) != NULL;
    free(line);
    if (hit)
      return true;
  }
  return false;
}

sp_err tu_export_text(const char *dir, const char *name, const char *text, sp_diags *d,
                      bool unplaced)
{
  char *file = sp_xasprintf("%s.yaml", name), *out = sp_xasprintf("%s.dawproject", name);
  char *recipe = tu_write_text(dir, file, text), *dp = tu_path(dir, out);
  sp_diags_init(d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  sp_err rc = sp_recipe_parse_file(recipe, &r, d);
  if (rc == SP_OK)
    rc = sp_graph_build(r, sp_audio_media(), NULL, &g, d);
  if (rc == SP_OK && unplaced)
    sp_recipe_forget(r, 0); /* (through the recipe: its map of places goes too) */
  if (rc == SP_OK)
    rc = sp_session_export_with(r, g, dp, NULL, d);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(file);
  free(out);
  free(recipe);
  free(dp);
  return rc;
}

void tu_write_tone(const char *dir, const char *name, int frames, double freq, double amp)
{
  float *x = sp_xcalloc((size_t)frames, sizeof *x);
  tu_tone(x, frames, freq, amp);
  free(tu_write_wav(dir, name, 1, 48000, 32, x, frames));
  free(x);
}

double tu_peak(const double *x, size_t n)
{
  double p = 0;
  for (size_t i = 0; i < n; i++)
    if (fabs(x[i]) > p)
      p = fabs(x[i]);
  return p;
}

double tu_truepeak_of(const float *const *ch, int channels, size_t frames)
{
  sp_truepeak tp;
  sp_truepeak_init(&tp, channels);
  const float peak = sp_truepeak_max(&tp, ch, frames, 0);
  const float tail = sp_truepeak_tail(&tp);
  return tail > peak ? tail : peak;
}

static void strace_counts(const char *const *args, const char *trace, const char *const *needles,
                          int *counts, size_t nn, int status);

int tu_strace_count(const char *const *args, const char *trace, const char *needle)
{
  int count;
  strace_counts(args, trace, &needle, &count, 1, 0);
  return count;
}

int tu_strace_count_refused(const char *const *args, const char *trace, const char *needle)
{
  int count;
  strace_counts(args, trace, &needle, &count, 1, 2);
  return count;
}

void tu_strace_counts(const char *const *args, const char *trace, const char *const *needles,
                      int *counts, size_t nn)
{
  strace_counts(args, trace, needles, counts, nn, 0);
}

/* tu_strace_counts of a command that exits with status. */
static void strace_counts(const char *const *args, const char *trace, const char *const *needles,
                          int *counts, size_t nn, int status)
{
  for (size_t k = 0; k < nn; k++)
    counts[k] = -1;
  if (system("strace -V >/dev/null 2>&1") != 0)
    return;
  char *dir = tu_tmpdir(), *log = tu_path(dir, "strace.log");
  char *expr = sp_xasprintf("trace=%s", trace);
  size_t n = 0;
  while (args[n])
    n++;
  char **argv = sp_xcalloc(n + 9, sizeof *argv);
  const char *head[] = {"strace", "-f", "-qq", "-e", expr, "-o", log, SP_STEMPRINT_BIN};
  for (size_t i = 0; i < 8; i++)
    argv[i] = (char *)head[i];
  for (size_t i = 0; i < n; i++)
    argv[8 + i] = (char *)args[i];
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    /* LeakSanitizer stops the world with ptrace, which a traced process
     * cannot: a sanitized build's leak check is left to the other tests */
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
    execvp("strace", argv);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  FILE *f = fopen(log, "r");
  if (WIFEXITED(st) && WEXITSTATUS(st) == status && f) {
    for (size_t k = 0; k < nn; k++)
      counts[k] = 0;
    char line[8192];
    while (fgets(line, sizeof line, f))
      for (size_t k = 0; k < nn; k++)
        counts[k] += strstr(line, needles[k]) != NULL;
  }
  if (f)
    fclose(f);
  free(argv);
  free(expr);
  tu_rmtree(dir);
  free(dir);
  free(log);
}

sp_err tu_adm_write(const char *path, const sp_adm *m, const sp_bext *b, tu_adm_pull pull,
                    void *ctx, char *why, size_t why_size)
{
  sp_sink *w;
  sp_err err = sp_adm_sink_create(NULL, path, m, b, &w, NULL, why, why_size);
  if (err != SP_OK)
    return err;
  enum { N = 4096 };
  const size_t T = (size_t)m->tracks;
  float **ch = sp_xcalloc(T, sizeof *ch);
  for (size_t k = 0; k < T; k++)
    ch[k] = sp_xmalloc(N * sizeof **ch);
  int32_t *codes = sp_xmalloc(N * T * sizeof *codes);
  for (int64_t t = 0; err == SP_OK && t < m->frames; t += N) {
    const size_t n = (size_t)(m->frames - t < N ? m->frames - t : N);
    if ((err = pull(ctx, ch, n, why, why_size)) != SP_OK)
      break;
    for (size_t i = 0; i < n; i++)
      for (size_t k = 0; k < T; k++)
        codes[i * T + k] = sp_adm_code(ch[k][i]);
    err = w->ops->write_int(w, codes, (int64_t)n, why, why_size);
  }
  for (size_t k = 0; k < T; k++)
    free(ch[k]);
  free(ch);
  free(codes);
  if (err != SP_OK) {
    w->ops->discard(w);
    return err;
  }
  return w->ops->commit(w, why, why_size);
}

char *tu_key_example(const sp_key_row *row)
{
  if (row->moves || row->word_at)
    return NULL;
  if ((row->type == SP_KEY_T_ENUM || row->type == SP_KEY_T_BOOL) &&
      (row->store == SP_KEY_S_BOOL || (row->store == SP_KEY_S_INT && !row->values))) {
    static const char *const booleans[] = {"false", "true", NULL};
    const char *const *w = row->type == SP_KEY_T_BOOL ? booleans : row->words;
    for (size_t i = 0; w && w[i]; i++)
      if (!row->def || strcmp(w[i], row->def) != 0)
        return sp_xstrdup(w[i]);
    return NULL;
  }
  if ((row->type == SP_KEY_T_NUMBER || row->type == SP_KEY_T_LEVEL) &&
      row->store == SP_KEY_S_DOUBLE && isfinite(row->min) && isfinite(row->max) &&
      row->min < row->max) {
    char buf[40];
    sp_number_text(row->min + (row->max - row->min) / 4, buf);
    return sp_xasprintf("%s%s%s", buf, row->unit ? " " : "", row->unit ? row->unit : "");
  }
  if (row->type == SP_KEY_T_TIMED && row->store == SP_KEY_S_AUTO && row->timed) { /* a constant */
    const char *v = row->timed == SP_TIMED_LEVEL || row->timed == SP_TIMED_ENVELOPE ? "-3 dB"
                    : row->timed == SP_TIMED_PAN                                    ? "0.25"
                                                                                    : NULL;
    return v && (!row->def || strcmp(v, row->def) != 0) ? sp_xstrdup(v) : NULL;
  }
  return NULL;
}
