#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/counted.sh's compiler launcher: an object named in the list
# SP_COUNTED_LIST (one the scratch edits do not reach) is copied from the
# build folder SP_COUNTED_MAIN, its depfile naming only its source; any
# other is compiled by the command given.
o='' d='' c='' prev=''
for a in "$@"; do
  case $prev in -o) o=$a ;; -MF) d=$a ;; -c) c=$a ;; esac
  prev=$a
done
if [ -n "$o" ] && [ -n "$d" ] && grep -qxF -- "$o" "$SP_COUNTED_LIST"; then
  cp "$SP_COUNTED_MAIN/$o" "$o" && printf '%s: %s\n' "$o" "$c" >"$d" && exit 0
fi
exec "$@"
