/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint's command line (sp_main, cmd/cli.h): dispatches to one file
 * per subcommand (cmd/commands.c names them); what several commands do
 * alike is cmd/cli.c; everything else lives in the libraries. cmd/main.c
 * is the program's main(); the tests run sp_main in processes forked from
 * a copy of themselves made at start-up (tests/testutil.c's tu_run), which
 * spares each run the program's loading. */

#include "cmd/cli.h"
#include "cmd/jobserver.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/ladspa/ladspa.h"
#include "io/lv2/lv2.h"
#include "io/synth/synth.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__) /* defined by the headers above */
#include <malloc.h>
#endif

static int run_command(int argc, char **argv);

/* A standard file descriptor that is closed (`stemprint schema >&-`) is
 * held by /dev/null opened the other way round, so that the first file
 * the command opens never takes its number (and what is printed never
 * lands in a print) and what is printed there fails, which the exit then
 * says. */
static void hold_closed_std_fds(void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      const int held = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
      if (held >= 0 && held != fd) {
        dup2(held, fd);
        close(held);
      }
    }
}

int sp_main(int argc, char **argv)
{
  sp_fs_note_given();
  hold_closed_std_fds();
  return sp_cli_out_finish(run_command(argc, argv));
}

static int run_command(int argc, char **argv)
{
  if (argc > 0 && argv[0])
    sp_cli_set_program(argv[0]);
  /* make's jobserver, before any file is opened (one could take the number
   * of a pipe make did not pass) and any thread started */
  sp_jobserver_start();
  /* A file-size limit (ulimit -f) must fail the write that passes it (exit
   * 3, with the path and the reason), not kill the process with its
   * temporary files left behind. */
  signal(SIGXFSZ, SIG_IGN);
  /* Nor a reader of its output that left (stemprint render ... | head):
   * the write fails (EPIPE), the render lands its files and ends as it
   * would, where SIGPIPE killed it with its temporary files left behind. */
  signal(SIGPIPE, SIG_IGN);
  /* The umask the command's files take, read before any thread starts. */
  sp_fs_read_umask();
#if defined(__GLIBC__)
  /* Large blocks always mapped, and unmapped when freed: glibc raises its
   * threshold after freeing a mapped block (up to 32 MB), and large blocks
   * then come from a thread's arena and stay resident there when freed.
   * Plugins probed and instanced on several threads had raised the LV2
   * bench session's peak RSS from 98 to 120-135 MB; with the threshold
   * fixed it is 93 MB, at the same speed. */
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
  /* Every region that plays holds its file open: allow as many files as
   * the system lets this process have (the soft limit is often 1024). */
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  /* What stemprint prints goes to sp_cli_out(); what plugins print to
   * stdout, to standard error. */
  sp_cli_out_separate();
  /* LV2 inserts are hosted through lilv. A plugin built on Qt (synthv1,
   * samplv1, drumkv1) makes an application object when instantiated, which
   * aborts without a display unless told to draw nowhere: stemprint shows
   * no plugin's window. Set before any thread starts; a value the user
   * gives stands. */
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  sp_lv2_use_host(sp_lilv_host());
  sp_ladspa_use_host(sp_ladspa_host());
  sp_sf2_use_host(sp_fluid_host());
  if (argc < 2) {
    fputs(sp_cli_usage, stderr);
    return SP_ERR_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
    fputs(sp_cli_usage, sp_cli_out());
    return 0;
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    fprintf(sp_cli_out(), "stemprint %s\n", SP_VERSION);
    return 0;
  }
  if (strcmp(cmd, "help") == 0)
    return sp_cmd_help(argc - 2, argv + 2);
  const char **cmds = sp_xcalloc(sp_cli_n_commands + 1, sizeof *cmds);
  for (size_t i = 0; i < sp_cli_n_commands; i++) {
    if (strcmp(cmd, sp_cli_commands[i].name) == 0) {
      free(cmds);
      return sp_cli_commands[i].run(argc - 2, argv + 2);
    }
    cmds[i] = sp_cli_commands[i].name;
  }
  cmds[sp_cli_n_commands] = "help";
  const char *near = sp_suggest(cmd, cmds, sp_cli_n_commands + 1);
  free(cmds);
  if (near)
    return sp_cli_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", cmd, near);
  return sp_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
