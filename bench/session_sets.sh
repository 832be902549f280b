#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `--set` keys over every session read by two stemprint builds, byte for
# byte (issue 72: a session's recipe with sets is read with no recipe
# text): for each session of bench/session_canon.sh's set (the recipes of
# recipes/ and tests/fuzz/corpus/recipe exported to DAWproject by OLD, and
# the Ardour sessions under the SEED folders) and each of a handful of
# sets (a fader, a new key on its first track, a new insert there, a bad
# value there, a stems key, and two at once: a bad output value and a
# key of a track the session has not), `check --no-levels --json` (every message, its
# line and column) and `render --dry-run` (what would be printed, the
# cache key's job), stdout, stderr and exit status compared between OLD
# and NEW (`plan` takes no --set).
#
#   sh bench/session_sets.sh OLD NEW WORK [SEED_DIR...]
#
# Prints one line per difference, then the counts. Exit 1 on a difference.
set -u
[ $# -ge 3 ] || { echo "usage: $0 OLD NEW WORK [SEED_DIR...]" >&2; exit 2; }
work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work"
mkdir -p "$work/sessions" "$work/cache" "$work/bin/old" "$work/bin/new" "$work/out"
work=$(realpath "$work")
cp "$1" "$work/bin/old/stemprint" && cp "$2" "$work/bin/new/stemprint" || exit 2
old=$work/bin/old/stemprint; new=$work/bin/new/stemprint
shift 3
export XDG_CACHE_HOME="$work/cache" STEMPRINT_DIGEST_INDEX= LC_ALL=C TZ=UTC

for y in "$root"/recipes/*/*.yaml "$root"/tests/fuzz/corpus/recipe/*.yaml; do
  name=$(echo "${y#"$root"/}" | tr '/' '_' | sed 's/\.yaml$//')
  (cd "$(dirname "$y")" && "$old" export "$(basename "$y")" -o "$work/sessions/$name.dawproject" \
     --force >/dev/null 2>&1)
done
for d in "$@"; do
  for a in "$d"/*/session/*.ardour; do
    [ -f "$a" ] || continue
    case "$a" in *.bak) continue ;; esac
    s=$(dirname "$a"); id=$(basename "$d")_$(basename "$(dirname "$s")")
    cp -al "$s" "$work/sessions/$id" 2>/dev/null || cp -a "$s" "$work/sessions/$id"
  done
done
# a seed's audio is linked to the fixtures of the checkout that made it:
# where that link is broken, linked to this checkout's (by its name)
for l in "$work"/sessions/*/interchange/*/audiofiles/*; do
  if [ -L "$l" ] && [ ! -e "$l" ] && [ -e "$root/fixtures/audio/$(basename "$(readlink "$l")")" ]; then
    ln -sf "$root/fixtures/audio/$(basename "$(readlink "$l")")" "$l"
  fi
done

n=0; cases=0; differ=0
for s in "$work"/sessions/*; do
  [ -e "$s" ] || continue
  name=$(basename "$s")
  # its first track's name, as import writes it (plain names only)
  rm -rf "$work/imp"; mkdir -p "$work/imp"
  (cd "$work" && "$old" import "$s" -o "$work/imp/r.yaml" >/dev/null 2>&1)
  t=$(awk '/^tracks:/ { on = 1; next } on && /^  [A-Za-z0-9_][A-Za-z0-9_.-]*:/ {
             sub(/^  /, ""); sub(/:.*/, ""); print; exit }' "$work/imp/r.yaml" 2>/dev/null)
  [ -n "$t" ] || t=none
  n=$((n + 1)); k=0
  for set in "master.gain=-3 dB" "tracks.$t.trim=2 dB" \
             "tracks.$t.post_inserts[0]={compressor: {threshold: -20}}" "tracks.$t.gain=loud" \
             "stems.split=buses" "output.depth=33|tracks.nosuch.gain=1 dB"; do
    k=$((k + 1)); cases=$((cases + 1))
    a=${set%%|*}; b=${set#*|}
    for which in old new; do
      bin=$work/bin/$which/stemprint; out=$work/out/$which/$name.$k; mkdir -p "$(dirname "$out")"
      if [ "$a" = "$set" ]; then set -- --set "$a"; else set -- --set "$a" --set "$b"; fi
      (cd "$work" && "$bin" check --no-levels --json "$s" "$@" >"$out.check.out" 2>"$out.check.err"
       echo $? >"$out.check.rc")
      (cd "$work" && "$bin" render -n -o "$work/prints" "$s" "$@" >"$out.render.out" \
         2>"$out.render.err"; echo $? >"$out.render.rc")
      for e in "$out".*.err; do
        grep -v '^fluidsynth:' "$e" >"$e.kept"; mv "$e.kept" "$e"
      done
      for e in "$out".*.out; do
        sed -E 's/(sources(\\)?"?: ?(\\)?"?)[0-9a-f]{64}/\1SOURCES/g; s/(key"?:? "?)[0-9a-f]{64}/\1KEY/g' \
          "$e" >"$e.kept"; mv "$e.kept" "$e"
      done
    done
    for e in check.out check.err check.rc render.out render.err render.rc; do
      if ! cmp -s "$work/out/old/$name.$k.$e" "$work/out/new/$name.$k.$e"; then
        echo "differ: $name --set '$set' ($e)"
        differ=$((differ + 1))
      fi
    done
  done
done
echo "sessions: $n; cases (a session and its sets): $cases; differ: $differ"
[ "$differ" -eq 0 ]
