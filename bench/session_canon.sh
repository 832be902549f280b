#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every session read by two stemprint builds, byte for byte (issue 72's
# proof): for each session, `plan --json` (the canonical recipe, the
# cache key), `plan`, `check` and `import` (the recipe written, and what
# it says), stdout, stderr and the exit status, compared between OLD and
# NEW. The sessions: every recipe of recipes/ and tests/ exported to
# DAWproject (by OLD), and every Ardour session under the SEED folders
# (each copied first, by hard links: nothing is written into a seed).
#
#   sh bench/session_canon.sh OLD NEW WORK [SEED_DIR...]
#   e.g. sh bench/session_canon.sh /work/wt/main-bin/stemprint-3aaebd7 build/stemprint \
#          /tmp/canon /tmp/seeds-final /tmp/seeds-final2 /tmp/seeds-final3
#
# Prints one line per difference, then the counts. Exit 1 on a difference.
# Lines fluidsynth and Calf's plugins write on stderr (their own, not
# stemprint's; some come and go run to run, and a Calf line may run into
# a fluidsynth one) are left out of the comparison. With REUSE=1 a WORK
# of an earlier run keeps its sessions and OLD's outputs: NEW alone runs.
set -u
[ $# -ge 3 ] || { echo "usage: $0 OLD NEW WORK [SEED_DIR...]" >&2; exit 2; }
work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
reuse=${REUSE:-0}
[ "$reuse" = 1 ] && [ -d "$work/out/old" ] || { reuse=0; rm -rf "$work"; }
rm -rf "$work/out/new"
mkdir -p "$work/sessions" "$work/cache" "$work/bin/old" "$work/bin/new"
work=$(realpath "$work")
# each build alone in a folder (no recipe.schema.json beside it: import's
# schema line is the same for both)
cp "$1" "$work/bin/old/stemprint" && cp "$2" "$work/bin/new/stemprint" || exit 2
old=$work/bin/old/stemprint; new=$work/bin/new/stemprint
shift 3
export XDG_CACHE_HOME="$work/cache" STEMPRINT_DIGEST_INDEX= LC_ALL=C TZ=UTC

# the sessions: DAWproject exports of the repository's recipes
n_export=0; n_seed=0
[ "$reuse" = 1 ] || for y in "$root"/recipes/*/*.yaml "$root"/tests/fuzz/corpus/recipe/*.yaml; do
  name=$(echo "${y#"$root"/}" | tr '/' '_' | sed 's/\.yaml$//')
  # a recipe's relative paths start in its folder: exported from there
  if (cd "$(dirname "$y")" && "$old" export "$(basename "$y")" -o "$work/sessions/$name.dawproject" \
        --force >/dev/null 2>&1) && [ -f "$work/sessions/$name.dawproject" ]; then
    n_export=$((n_export + 1))
  fi
done
# ... and the Ardour seeds, copied
[ "$reuse" = 1 ] || for d in "$@"; do
  for a in "$d"/*/session/*.ardour; do
    [ -f "$a" ] || continue
    case "$a" in *.bak) continue ;; esac
    s=$(dirname "$a"); id=$(basename "$d")_$(basename "$(dirname "$s")")
    cp -al "$s" "$work/sessions/$id" 2>/dev/null || cp -a "$s" "$work/sessions/$id"
    n_seed=$((n_seed + 1))
  done
done

# one command of one build on one session: its stdout, stderr and status,
# the recipe import wrote (its audio folder and the cache cleared before each)
run() { # BIN TAG SESSION NAME
  out="$work/out/$2/$4"; mkdir -p "$out"
  rm -rf "$work/cache"; mkdir -p "$work/cache" # each run extracts a DAWproject's audio anew
  (cd "$work" && "$1" plan --json "$3" >"$out/planjson.out" 2>"$out/planjson.err"; echo $? >"$out/planjson.rc")
  (cd "$work" && "$1" plan "$3" >"$out/plan.out" 2>"$out/plan.err"; echo $? >"$out/plan.rc")
  (cd "$work" && "$1" check "$3" >"$out/check.out" 2>"$out/check.err"; echo $? >"$out/check.rc")
  rm -rf "$work/imp"; mkdir -p "$work/imp"
  (cd "$work" && "$1" import "$3" -o "$work/imp/$4.yaml" >"$out/import.out" 2>"$out/import.err"
   echo $? >"$out/import.rc")
  cp "$work/imp/$4.yaml" "$out/import.yaml" 2>/dev/null || : >"$out/import.yaml"
  for e in "$out"/*.err; do
    grep -v -e '^fluidsynth:' -e 'Calling configure on' "$e" >"$e.kept"; mv "$e.kept" "$e"
  done
  # the build's own sources digest, and so the cache key, differ between
  # two builds of other sources: the job they key (the canonical recipe,
  # the inputs) is compared, not the digest of it
  for e in "$out"/plan.out "$out"/planjson.out; do
    sed -E 's/(sources(\\)?"?: ?(\\)?"?)[0-9a-f]{64}/\1SOURCES/g; s/(key"?:? "?)[0-9a-f]{64}/\1KEY/g' \
      "$e" >"$e.kept"; mv "$e.kept" "$e"
  done
}

n=0; differ=0
for s in "$work"/sessions/*; do
  name=$(basename "$s")
  [ "$reuse" = 1 ] || run "$old" old "$s" "$name"
  run "$new" new "$s" "$name"
  n=$((n + 1))
  for f in "$work/out/old/$name"/*; do
    g="$work/out/new/$name/$(basename "$f")"
    if ! cmp -s "$f" "$g"; then
      echo "differ: $name $(basename "$f")"
      differ=$((differ + 1))
    fi
  done
done
n_export=$(ls -d "$work"/sessions/*.dawproject 2>/dev/null | wc -l); n_seed=$((n - n_export))
echo "sessions: $n ($n_export DAWproject exports, $n_seed Ardour sessions); files compared: $((n * 13)); differ: $differ"
[ "$differ" -eq 0 ]
