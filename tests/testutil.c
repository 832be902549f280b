/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helpers; see testutil.h. */

#include "testutil.h"

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "io/audio/audio.h"
#include "io/ladspa/ladspa.h"
#include "io/lv2/lv2.h"
#include "io/synth/synth.h"
#include "io/recipe/parse.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every test program hosts LV2 inserts through lilv, as the binary does. */
__attribute__((constructor)) static void use_lilv(void)
{
  sp_lv2_use_host(sp_lilv_host());
  sp_ladspa_use_host(sp_ladspa_host());
  sp_sf2_use_host(sp_fluid_host());
}

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

char *tu_write_text(const char *dir, const char *name, const char *text)
{
  char *p = tu_path(dir, name);
  FILE *f = fopen(p, "w");
  if (!f)
    abort();
  fputs(text, f);
  fclose(f);
  return p;
}

char *tu_write_wav(const char *dir, const char *name, int channels, int rate, int bits,
                   const float *interleaved, int64_t frames)
{
  char *p = tu_path(dir, name);
  sp_audio_writer *w;
  char why[256];
  sp_depth depth = bits == 16 ? SP_DEPTH_16 : bits == 24 ? SP_DEPTH_24 : SP_DEPTH_32F;
  if (sp_audio_create(p, SP_FORMAT_WAV, depth, channels, rate, frames, &w, why, sizeof why) !=
      SP_OK)
    abort();
  if (depth == SP_DEPTH_32F) {
    if (sp_audio_write_float(w, interleaved, frames, why, sizeof why) != SP_OK)
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
    if (sp_audio_write_int(w, iv, frames, why, sizeof why) != SP_OK)
      abort();
    free(iv);
  }
  if (sp_audio_commit(w, why, sizeof why) != SP_OK)
    abort();
  return p;
}

double *tu_read(const char *path, int64_t *frames, int *channels, int *rate)
{
  sp_audio_reader *r;
  sp_audio_info info;
  char why[256];
  if (sp_audio_open(path, &r, &info, why, sizeof why) != SP_OK)
    return NULL;
  double *x =
      sp_xcalloc((size_t)(info.frames ? info.frames : 1) * (size_t)info.channels, sizeof *x);
  int64_t got = sp_audio_read_double(r, x, info.frames);
  sp_audio_close(r);
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
  while (same) {
    int ca = fgetc(fa), cb = fgetc(fb);
    if (ca != cb)
      same = false;
    if (ca == EOF || cb == EOF)
      break;
  }
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
    sp_render_opts o = {.block_frames = block_frames};
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

int tu_run(const char *const *args, char **out, char **err)
{
  char *dir = tu_tmpdir();
  char *po = tu_path(dir, "stdout"), *pe = tu_path(dir, "stderr");
  pid_t pid = fork();
  if (pid == 0) {
    int fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
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
  int status = 0;
  waitpid(pid, &status, 0);
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
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

double tu_peak(const double *x, size_t n)
{
  double p = 0;
  for (size_t i = 0; i < n; i++)
    if (fabs(x[i]) > p)
      p = fabs(x[i]);
  return p;
}

int tu_strace_count(const char *const *args, const char *trace, const char *needle)
{
  if (system("strace -V >/dev/null 2>&1") != 0)
    return -1;
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
  int count = -1;
  FILE *f = fopen(log, "r");
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && f) {
    count = 0;
    char line[8192];
    while (fgets(line, sizeof line, f))
      count += strstr(line, needle) != NULL;
  }
  if (f)
    fclose(f);
  free(argv);
  free(expr);
  tu_rmtree(dir);
  free(dir);
  free(log);
  return count;
}
