# SPDX-License-Identifier: GPL-3.0-or-later
# Write OUT, a header holding the file IN as a NUL-terminated char array
# named NAME (a schema built into the binary). Run as:
# cmake -DIN=... -DOUT=... -DNAME=... -P embed.cmake
# With -DSTYLE=1 (a style sheet, io/report/*.css, written a rule a line):
# its comments, each at the start of a line, are left out and its lines
# joined into one, as the page holds it.
if(STYLE)
  file(READ "${IN}" text)
  string(REGEX REPLACE "/\\*([^*]|\\*[^/])*\\*/\n" "" text "${text}")
  string(REPLACE "\n" "" text "${text}")
  string(HEX "${text}" hex)
else()
  file(READ "${IN}" hex HEX)
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n"
       bytes "${bytes}")
file(WRITE "${OUT}.tmp" "/* Generated from ${IN} by scripts/embed.cmake. */\n"
     "static const char ${NAME}[] = {\n${bytes}0x00};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
