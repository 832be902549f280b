// SPDX-License-Identifier: GPL-3.0-or-later
// The smallest MediaInfo front end: each file's full report, which holds
// MediaInfoLib's conformance checks of an ADM BWF (ITU-R BS.2076, and the
// Dolby Atmos Master ADM Profile's when the programme is Atmos_Master).
// Built and run by bench/adm/mediainfo.sh.
#include "MediaInfo/MediaInfo.h"
#include "ZenLib/Ztring.h"
#include <iostream>

int main(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    MediaInfoLib::MediaInfo mi;
    mi.Option(__T("Complete"), __T("1"));
    ZenLib::Ztring path;
    path.From_Local(argv[i]);
    if (!mi.Open(path)) {
      std::cerr << "cannot open " << argv[i] << "\n";
      return 1;
    }
    std::wcout << mi.Inform().c_str() << std::endl;
  }
  return 0;
}
