/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bash completion (scripts/stemprint.bash) as a shell runs it: sourced
 * into `bash --norc --noprofile` with extglob off (as in a shell that never
 * loaded bash-completion), _stemprint called with COMP_WORDS and
 * COMP_CWORD set, COMPREPLY read back, in a folder whose recipe and audio
 * file have spaces in their names. Each candidate must be one whole file
 * name, whatever the user has typed of it (plain, backslash-escaped or
 * after an opening quote), and the user's shell options stay as they were. */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir, *drv; /* the user's folder; the driver's files */

static void setup(void)
{
  dir = tu_tmpdir();
  drv = tu_tmpdir();
  free(tu_write_text(dir, "my song.yaml", "stemprint: 1\n"));
  free(tu_write_text(dir, "LOUD.YML", "stemprint: 1\n"));
  free(tu_write_text(dir, "a b.wav", "not really audio\n"));
  free(tu_write_text(dir, "notes.txt", "neither\n"));
  char *sub = tu_path(dir, "sub dir");
  cr_assert_eq(mkdir(sub, 0777), 0);
  free(sub);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
  tu_rmtree(drv);
  free(drv);
}

TestSuite(completion, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* What _stemprint puts into COMPREPLY for words (a bash array literal, the
 * last word the one being completed), one candidate a line, sorted; the
 * last line says whether extglob is still off. Run in dir, which is also
 * HOME. Heap string. */
static char *complete(const char *words)
{
  char *script = tu_write_text(
      drv, "drive.sh",
      "shopt -u extglob\n"
      "source \"$SP_SCRIPT\" || exit 9\n"
      "eval \"COMP_WORDS=($SP_WORDS)\"\n"
      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
      "COMPREPLY=()\n"
      "_stemprint stemprint \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "[ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\\n' \"${COMPREPLY[@]}\" | LC_ALL=C sort\n"
      "shopt -q extglob && echo 'extglob: on' || echo 'extglob: off'\n");
  char *words_file = tu_write_text(drv, "words", words);
  char *cmd = sp_xasprintf("cd '%s' && HOME='%s' SP_SCRIPT='%s' SP_WORDS=\"$(cat '%s')\" "
                           "bash --norc --noprofile '%s' 2>&1",
                           dir, dir, SP_SOURCE_DIR "/scripts/stemprint.bash", words_file, script);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p, "cannot run bash");
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    fwrite(buf, 1, n, out);
  fclose(out);
  int status = pclose(p);
  cr_assert_eq(status, 0, "bash failed (%d) completing %s:\n%s", status, words, text);
  free(cmd);
  free(words_file);
  free(script);
  return text;
}

static void expect(const char *words, const char *want)
{
  char *got = complete(words);
  char *full = sp_xasprintf("%sextglob: off\n", want);
  cr_expect_str_eq(got, full, "completing %s:\n got:\n%s want:\n%s", words, got, full);
  free(full);
  free(got);
}

Test(completion, recipes_with_spaces_in_their_names)
{
  expect("stemprint render ''", "LOUD.YML\nmy song.yaml\nsub dir\n");
  expect("stemprint render my", "my song.yaml\n");
  expect("stemprint render 'my\\ s'", "my song.yaml\n");
  expect("stemprint render '\"my s'", "my song.yaml\n");
  expect("stemprint render \"'my s\"", "my song.yaml\n");
  expect("stemprint check -- su", "sub dir\n");
  expect("stemprint render my\\ song.yaml ''", "LOUD.YML\nmy song.yaml\nsub dir\n");
}

Test(completion, audio_files_with_spaces_in_their_names)
{
  expect("stemprint null a", "a b.wav\n");
  expect("stemprint loudness ''", "a b.wav\nsub dir\n");
  expect("stemprint null 'a\\ '", "a b.wav\n");
}

Test(completion, folders_and_other_files)
{
  expect("stemprint init ''", "sub dir\n");
  expect("stemprint init -o ''", "LOUD.YML\nmy song.yaml\nsub dir\n");
  expect("stemprint render -o s", "sub dir\n");
  expect("stemprint render '~/'", "~/LOUD.YML\n~/my song.yaml\n~/sub dir\n"); /* HOME is dir */
  expect("stemprint render --report ''", "LOUD.YML\na b.wav\nmy song.yaml\nnotes.txt\nsub dir\n");
}

Test(completion, words_without_files)
{
  expect("stemprint ren", "render\n");
  expect("stemprint render --progress ''", "auto\nbar\nnone\nplain\n");
  expect("stemprint render --prog", "--progress\n");
  expect("stemprint render --pro", "--profile\n--progress\n");
  expect("stemprint help in", "init\ninserts\n");
}
