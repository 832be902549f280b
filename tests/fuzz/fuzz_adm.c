/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: an ADM BWF as `loudness` and master.adm's re-renders read
 * it (io/audio/adm.h): its chunks (fmt, ds64, chna, axml, data), its chna's
 * track UIDs, its axml's model and BS.2076's checks, its samples, and its
 * render into 5.1 metered. The first bytes of the input choose where they
 * go: 'F' a whole file, else the axml alone read against a chna of the
 * tracks ATU_00000001 on, at 48 kHz over one second (the first byte's low
 * four bits: how many tracks; its top two: the programme APR_1002 chosen,
 * the complementary object AO_1003 chosen), and what of it the reader did
 * not read said (adm_unread_format). Files longer than a second are not
 * rendered, so the fuzzer keeps its pace. */

#include "core/base/alloc.h"
#include "io/audio/adm.h"
#include "tests/fuzz/fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char why[768];
  if (size > 0 && data[0] == 'F') {
    const char *path = fz_file("input.wav", data + 1, size - 1);
    sp_adm_file *f;
    sp_adm m;
    if (sp_adm_open(path, &f, &m, why, sizeof why) != SP_OK)
      return 0;
    const int64_t frames = m.frames;
    sp_adm_close(f);
    sp_adm_fini(&m);
    if (frames <= 48000) {
      sp_loudness_file lf = {.path = path};
      sp_adm_measure(sp_layout_find("5.1"), false, &lf, why, sizeof why);
      sp_loudness_file_fini(&lf);
    }
    return 0;
  }
  enum { TRACKS = 16 };
  char uids[TRACKS][13];
  for (int k = 0; k < TRACKS; k++)
    snprintf(uids[k], sizeof uids[k], "ATU_%08x", (unsigned)k + 1);
  const size_t n = size > 0 ? size - 1 : 0;
  const int tracks = size > 0 ? 1 + data[0] % TRACKS : 1;
  static const char *const chosen[] = {"AO_1003"};
  const sp_adm_choice choice = {.programme = size > 0 && data[0] & 0x40 ? "APR_1002" : NULL,
                                .complementary = chosen,
                                .n_complementary = size > 0 && data[0] & 0x80 ? 1 : 0};
  sp_adm m = {.rate = 48000, .frames = 48000};
  char unread[96]; /* what it did not read, said as a file's reader says it */
  sp_adm_parse_as(&(sp_xml_doc){.text = (const char *)data + (size > 0), .n = n}, uids, NULL,
                  tracks, &choice, &m, NULL, unread, sizeof unread, why, sizeof why);
  sp_adm_fini(&m);
  return 0;
}
