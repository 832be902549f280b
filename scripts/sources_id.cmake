# SPDX-License-Identifier: GPL-3.0-or-later
# Write OUT (a header) with SP_SOURCES_ID, the SHA-256 of every source file
# of the tool (names and contents, in sorted order): a cache key names the
# sources the binary was built from (core/job/job.h), so a change to any of
# them is a different tool. The header is rewritten only when the id
# changes. Run as: cmake -DROOT=... -DOUT=... -P sources_id.cmake
# (links are not followed: tests/fuzz/corpus/readers links to audio)
cmake_policy(SET CMP0009 NEW)
file(GLOB_RECURSE files RELATIVE "${ROOT}"
     "${ROOT}/core/*.[ch]" "${ROOT}/io/*.[ch]" "${ROOT}/io/*.xsd" "${ROOT}/io/*.js" "${ROOT}/io/*.css"
     "${ROOT}/cmd/*.[ch]"
     "${ROOT}/CMakeLists.txt")
list(SORT files)
set(all "")
foreach(f IN LISTS files)
  file(SHA256 "${ROOT}/${f}" h)
  string(APPEND all "${f} ${h}\n")
endforeach()
string(SHA256 id "${all}")
set(text "#define SP_SOURCES_ID \"${id}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${text}")
