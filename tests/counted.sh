#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The places one more thing takes (docs/design.md, "Where new things go"),
# counted by doing it: in a scratch copy of the tree, add a scalar recipe
# key and a built-in insert by exactly the places the page states, build,
# and run the modules that notice a place left out (keys, walk, job,
# docs, procs' contracts, sessioncmds' export fates). The suite passing there holds
# the count: a place the page does not name, and a check needs, fails here.
#
#   sh tests/counted.sh SOURCE_DIR SCRATCH_DIR [CASE...]
#
# CASE: key, a scalar key; insert, a built-in insert; session_key, a key
# of the recipe's own a session carries; strip_key, a strip's key a
# session carries; strip_switch, strip_word, strip_timed, a strip's switch,
# word and timed value a session carries (the default: all, in one
# scratch tree). The
# scratch build is -O0
# and uncached (CCACHE_DISABLE=1): it costs what a CI runner pays;
# SP_COUNTED_REUSE=BUILD copies the library objects the edits do not reach
# from BUILD (below).
set -eu
src=$(cd "$1" && pwd)
scratch=$2
shift 2
cases=${*:-key insert session_key strip_key strip_switch strip_word strip_timed}

# The page states the places this adds: a count changed there and not here
# (or here and not there) fails.
for said in '**a new insert**: four places, three of code' 'a scalar key is four places of code' \
  'a key a session carries is five places of code' \
  'strip key a session carries is the same five places of code' \
  'timed strip key a session carries is the same five places of code'; do
  grep -qF "$said" "$src/docs/design.md" || {
    echo "counted.sh: docs/design.md no longer says '$said': count again, here and there" >&2
    exit 1
  }
done

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
tree=$scratch/tree

# The tree without its build folders, history and generated audio (the
# scratch build makes its own: mkfixtures, a second or two).
mkdir "$tree"
tar -C "$src" --exclude='./build*' --exclude=./.git --exclude=./fixtures/audio -cf - . |
  tar -C "$tree" -xf -

# after FILE ANCHOR TEXT: TEXT (lines, \n-separated) after the first line
# of FILE containing ANCHOR; fails when no line does.
after()
{
  awk -v anchor="$2" -v text="$3" '
    { print }
    !done && index($0, anchor) { n = split(text, l, "\\\\n"); for (i = 1; i <= n; i++) print l[i]; done = 1 }
    END { if (!done) { print "counted.sh: no line with " anchor " in " FILENAME > "/dev/stderr"; exit 1 } }
  ' "$tree/$1" >"$tree/$1.new"
  mv "$tree/$1.new" "$tree/$1"
}

# ---- a scalar key: `counted: N` at the top level ---------------------------
# Its places (docs/design.md, a new recipe key): its X line in its table
# (core/recipe/keys.h), its row (core/recipe/keys.c), its field
# (core/recipe/recipe.h) and its fate word in the DAWproject export
# (io/session/dawproject_keys.c). The parser reads it from the row, the
# walk writes it (the canonical recipe, the recipe's text), the schema and
# help say it, test_job derives an example from its row. The docs listed
# apart: docs/keys.md (stemprint help keys, made below from the build) and
# a top-level key's line in docs/recipe.md.
add_key()
{
  after core/recipe/keys.h 'X(ROOT, LATENCY, "latency")' '  X(ROOT, COUNTED, "counted")'
  sed -i 's/^  X(ROOT, LATENCY, "latency")$/& \\/' \
    "$tree/core/recipe/keys.h"
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_root[SP_KEY_ROOT_N] = {' \
    '    [SP_KEY_ROOT_COUNTED] = {T(NUMBER), AT(sp_recipe, counted, DOUBLE), RANGE(0, 8), .def = "0",\n                             .help = "a key the counted test adds"},'
  after core/recipe/recipe.h 'bool latency_ignored;' '  double counted; /* counted: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_root[SP_KEY_ROOT_N] = {' \
    '    [SP_KEY_ROOT_COUNTED] = N("the counted test'"'"'s key"),'
  after docs/recipe.md '| `latency` |' '| `counted` | `0` | a key the counted test adds, 0 .. 8 |'
}

# ---- a built-in insert: `counted: {amount: N}` ------------------------------
# Its places (docs/design.md, a new insert): its file core/procs/NAME.c, its
# SP_PROC line (core/procs/list.h), the file in CMakeLists.txt's sources;
# its section in docs/recipe.md (listed apart). Its fate in the export is
# the default (named: no generic device).
add_insert()
{
  cat >"$tree/core/procs/counted.c" <<'EOF'
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* counted: the insert tests/counted.sh adds, a gain by a factor. */

#include "core/procs/proc.h"

static const sp_param params[] = {
    {"amount", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 1, 0, 4, NULL, false, "the factor"},
};

typedef struct counted_state {
  float k;
  int channels;
} counted_state;

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why, (void)why_size;
  counted_state *s = state;
  s->k = (float)a->values[0];
  s->channels = env->channels;
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  const counted_state *s = state;
  for (int c = 0; c < s->channels; c++)
    for (size_t i = 0; i < frames; i++)
      ch[c][i] *= s->k;
}

const sp_proc_class sp_proc_counted = {
    .name = "counted",
    .summary = "the counted test's insert",
    .params = params,
    .n_params = 1,
    .primary_param = 0,
    .flags = 0,
    .state_size = sizeof(counted_state),
    .prepare = prepare,
    .process = process,
};
EOF
  after core/procs/list.h 'SP_PROC(fold)' 'SP_PROC(counted)'
  after CMakeLists.txt '  core/procs/fold.c' '  core/procs/counted.c'
  after docs/recipe.md '## Inserts' '\n### `counted` — the counted test'"'"'s insert\n\n`amount`: a factor, 0 .. 4.\n'
}

# ---- a key a session carries: `carried: N` at the top level -------------------
# Its places (docs/design.md, a new recipe key, a key a session carries):
# the scalar key's four (its X line, its row, its field, its fate word in
# the export) and the reader's line that sets it through the builder as it
# reads the session (io/session/session_build_top.h; here Ardour's reader,
# from the Session's attribute carried="N"). The session's recipe begins
# with the top the reader built (session_build_top.c, by the rows), the
# walk writes it, the tests' oracle writes the mix's top with the
# recipe's writer. The docs listed apart: docs/keys.md (made below) and
# its line in docs/recipe.md. The key goes after sample_rate (a line of
# the X-macro that is not its last), so that it and `counted` go together.
add_session_key()
{
  after core/recipe/keys.h 'X(ROOT, SAMPLE_RATE, "sample_rate")' '  X(ROOT, CARRIED, "carried") \\'
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_root[SP_KEY_ROOT_N] = {' \
    '    [SP_KEY_ROOT_CARRIED] = {T(NUMBER), AT(sp_recipe, carried, DOUBLE), RANGE(0, 8), .def = "0",\n                             .help = "a key the counted test'"'"'s sessions carry"},'
  after core/recipe/recipe.h 'bool latency_ignored;' '  double carried; /* carried: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_root[SP_KEY_ROOT_N] = {' \
    '    [SP_KEY_ROOT_CARRIED] = N("the counted test'"'"'s session key"),'
  after io/session/ardour.c 'sp_mix_top_cycle_ardour(m);' \
    '  double carried = 0; /* tests/counted.sh: <Session carried="N"> */\n  if (sp_xml_number(root, "carried", &carried, file, d))\n    sp_mix_top_number(m, SP_KEY_ROOT_CARRIED, carried);'
  after docs/recipe.md '| `sample_rate` |' '| `carried` | `0` | a key the counted test'"'"'s sessions carry, 0 .. 8 |'
}

# An Ardour session of one track (its folder, in the scratch folder),
# carried="$1" on the Session (or, with $2 "route", on the track's Route),
# imported (the session's recipe as the builder builds it, written by the
# walk).
carried_session()
{
  on_session="${3:-carried}=\"$1\"" on_route=''
  if [ "${2:-}" = route ]; then
    on_route=$on_session on_session=''
  fi
  s=$scratch/carried
  rm -rf "$s"
  mkdir -p "$s/interchange/carried/audiofiles"
  cp "$tree/fixtures/audio/kick.wav" "$s/interchange/carried/audiofiles/kick.wav" # the build's
  cat >"$s/carried.ardour" <<EOF_ARDOUR
<?xml version="1.0" encoding="UTF-8"?>
<Session version="7002" name="carried" sample-rate="48000" $on_session>
  <Sources><Source name="kick.wav" type="audio" id="10" channel="0"/></Sources>
  <Routes>
    <Route id="1" name="Master"><PresentationInfo flags="MasterOut"/></Route>
    <Route id="4" name="kick" audio-playlist="20" $on_route><PresentationInfo flags="AudioTrack"/>
      <IO direction="Output"><Port><Connection other="Master/audio_in 1"/></Port><Port><Connection other="Master/audio_in 2"/></Port></IO>
    </Route>
  </Routes>
  <Playlists><Playlist id="20" name="kick">
    <Region name="kick.1" position="a0" start="a0" length="a282240@a0" source-0="10"/>
  </Playlist></Playlists>
</Session>
EOF_ARDOUR
  rm -f "$scratch/carried.yaml"
  "$b/stemprint" import "$s" -o "$scratch/carried.yaml" >"$scratch/carried.log" 2>&1
}

# The session's value carried into the recipe it imports as; one out of
# the key's row said as the parser says it, at its key (the import refused).
session_key_import()
{
  carried_session 2 && grep -qx 'carried: 2' "$scratch/carried.yaml" || {
    status=1
    echo "counted.sh: the Ardour session's import does not carry 'carried: 2':" >&2
    cat "$scratch/carried.log" "$scratch/carried.yaml" >&2
  }
  carried_session 9 || :
  grep -q ': carried: 9 is out of range; expected 0 .. 8$' "$scratch/carried.log" || {
    status=1
    echo "counted.sh: the Ardour session's carried=\"9\" is not said out of the key's range:" >&2
    cat "$scratch/carried.log" >&2
  }
}

# ---- a strip key a session carries: `carried: N` on a strip -------------------
# Its places (docs/design.md, a new recipe key, a key a session carries):
# the scalar key's four (its X line in the strip's table, its row, its
# field in sp_strip, its fate word in the export) and the reader's line
# that sets it through the builder as it reads the session
# (sp_mix_strip_number, io/session/session_build_strip.h; here Ardour's
# reader, from the Route's attribute carried="N"). The builder moves the
# strip a reader set whole into the recipe (session_build_strip.c), the
# walk writes it, the tests' oracle writes it by the rows too. The docs
# listed apart: docs/keys.md (made below). The key goes after gain (a line
# of the X-macro that is not its last).
add_strip_key()
{
  after core/recipe/keys.h 'X(STRIP, GAIN, "gain", Y, Y, Y)' '  X(STRIP, CARRIED, "carried", Y, Y, Y) \\'
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED] = {T(NUMBER), AT(sp_strip, carried, DOUBLE), RANGE(0, 8), .def = "0",\n                              .help = "a strip key the counted test'"'"'s sessions carry"},'
  after core/recipe/recipe.h 'double trim_db; /* input gain, before inserts */' '  double carried;  /* carried: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED] = N("the counted test'"'"'s strip key"),'
  after io/session/ardour_routes.c 'const bool mute_moves = switches(r, s, rt, a.master, a.read_channels);' \
    '  double carried = 0; /* tests/counted.sh: <Route carried="N"> */\n  if (sp_xml_number(rt, "carried", &carried, NULL, NULL))\n    sp_mix_strip_number(s, SP_KEY_STRIP_CARRIED, carried);'
}

# ---- a strip switch and a strip word a session carries -------------------------
# The same five places of a strip key a session carries, for a key whose
# field is a switch (`carried_on: true`, SP_KEY_S_BOOL) and one whose field
# is a word's (`carried_word: some`, an ENUM stored as an INT): the reader's
# line sets each through the builder by its row (sp_mix_strip_switch,
# sp_mix_strip_word), which moves the strip a reader set whole, every key
# of it whatever its type (session_build_strip.c).
add_strip_switch()
{
  after core/recipe/keys.h 'X(STRIP, GAIN, "gain", Y, Y, Y)' '  X(STRIP, CARRIED_ON, "carried_on", Y, Y, Y) \\'
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_ON] = {T(BOOL), AT(sp_strip, carried_on, BOOL), .def = "false",\n                                 .help = "a strip switch the counted test'"'"'s sessions carry"},'
  after core/recipe/recipe.h 'double trim_db; /* input gain, before inserts */' '  bool carried_on;  /* carried_on: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_ON] = N("the counted test'"'"'s strip switch"),'
  after io/session/ardour_routes.c 'const bool mute_moves = switches(r, s, rt, a.master, a.read_channels);' \
    '  double carried_on = 0; /* tests/counted.sh: <Route carried_on="1"> */\n  if (sp_xml_number(rt, "carried_on", &carried_on, NULL, NULL))\n    sp_mix_strip_switch(s, SP_KEY_STRIP_CARRIED_ON, carried_on != 0);'
}
add_strip_word()
{
  after core/recipe/keys.h 'X(STRIP, GAIN, "gain", Y, Y, Y)' '  X(STRIP, CARRIED_WORD, "carried_word", Y, Y, Y) \\'
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_WORD] = {T(ENUM), AT(sp_strip, carried_word, INT),\n                                   .words = WORDS("none", "some", "all"), .def = "none",\n                                   .help = "a strip word the counted test'"'"'s sessions carry"},'
  after core/recipe/recipe.h 'double trim_db; /* input gain, before inserts */' '  int carried_word; /* carried_word: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_WORD] = N("the counted test'"'"'s strip word"),'
  after io/session/ardour_routes.c 'const bool mute_moves = switches(r, s, rt, a.master, a.read_channels);' \
    '  double carried_word = 0; /* tests/counted.sh: <Route carried_word="N"> */\n  if (sp_xml_number(rt, "carried_word", &carried_word, NULL, NULL))\n    sp_mix_strip_word(s, SP_KEY_STRIP_CARRIED_WORD, (int)carried_word);'
}

# ---- a timed strip key a session carries: `carried_level: [[t, level]]` --------
# The same five places of a strip key a session carries, for a key whose
# field is a timed value (`carried_level`, SP_KEY_S_AUTO, a level's kind):
# the reader's line puts its points into the strip's sp_auto as it reads
# the session; the builder moves the strip whole and settles every such
# value by the strip's rows (session_build_strip.c), the strip frees it by them (sp_strip_fini), the
# parser reads it by its row's kind and the recipe's check judges it by
# that kind (core/recipe/keys.c, sp_timed_kinds).
add_strip_timed()
{
  after core/recipe/keys.h 'X(STRIP, GAIN, "gain", Y, Y, Y)' '  X(STRIP, CARRIED_LEVEL, "carried_level", Y, Y, Y) \\'
  after core/recipe/keys.c 'const sp_key_row sp_key_rows_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_LEVEL] = {T(TIMED), AT(sp_strip, carried_level, AUTO),\n                                    .timed = SP_TIMED_LEVEL, .def = "0 dB",\n                                    .help = "a strip level the counted test'"'"'s sessions carry"},'
  after core/recipe/recipe.h 'double trim_db; /* input gain, before inserts */' '  sp_auto carried_level; /* carried_level: tests/counted.sh */'
  after io/session/dawproject_keys.c 'static const sp_export_fate fate_strip[SP_KEY_STRIP_N] = {' \
    '    [SP_KEY_STRIP_CARRIED_LEVEL] = N("the counted test'"'"'s strip level"),'
  after io/session/ardour_routes.c 'const bool mute_moves = switches(r, s, rt, a.master, a.read_channels);' \
    '  double carried_level = 0; /* tests/counted.sh: <Route carried_level="N"> (dB, from 0) */\n  if (sp_xml_number(rt, "carried_level", &carried_level, NULL, NULL))\n    sp_mix_auto_point(&s->strip.carried_level, 0, carried_level);'
}

# The strip's timed value carried into the recipe it imports as, under
# its track; a point out of its kind's range said as the parser says it,
# at the point's value (the import refused).
strip_timed_import()
{
  carried_session 2 route carried_level && awk '/^  kick:$/ { t = 1; next } /^  [^ ]/ { t = 0 } t && /^    carried_level: \[\[0 s, 2 dB\]\]$/ { f = 1 } END { exit !f }' "$scratch/carried.yaml" || {
    status=1
    echo "counted.sh: the Ardour session's import does not carry 'carried_level: [[0 s, 2 dB]]' under its track:" >&2
    cat "$scratch/carried.log" "$scratch/carried.yaml" >&2
  }
  carried_session 30 route carried_level || :
  grep -q 'tracks\.kick\.carried_level\[0\]\[1\]: 30 dB is out of range; expected -inf dB \.\. 24 dB$' "$scratch/carried.log" || {
    status=1
    echo "counted.sh: the Ardour route's carried_level=\"30\" is not said at its point's value:" >&2
    cat "$scratch/carried.log" >&2
  }
}

# The strip's switch and word carried into the recipe it imports as,
# under its track (each case its own attribute on the Route).
strip_typed_import()
{
  carried_session 1 route "$1" && awk -v want="    $2" '/^  kick:$/ { t = 1; next } /^  [^ ]/ { t = 0 } t && $0 == want { f = 1 } END { exit !f }' "$scratch/carried.yaml" || {
    status=1
    echo "counted.sh: the Ardour session's import does not carry '$2' under its track:" >&2
    cat "$scratch/carried.log" "$scratch/carried.yaml" >&2
  }
}

# The strip's value carried into the recipe it imports as, under its
# track; one out of the key's row said as the parser says it, at the
# track's key (the import refused).
strip_key_import()
{
  carried_session 2 route && awk '/^  kick:$/ { t = 1; next } /^  [^ ]/ { t = 0 } t && /^    carried: 2$/ { f = 1 } END { exit !f }' "$scratch/carried.yaml" || {
    status=1
    echo "counted.sh: the Ardour session's import does not carry 'carried: 2' under its track:" >&2
    cat "$scratch/carried.log" "$scratch/carried.yaml" >&2
  }
  carried_session 9 route || :
  grep -q 'tracks\.kick\.carried: 9 is out of range; expected 0 \.\. 8$' "$scratch/carried.log" || {
    status=1
    echo "counted.sh: the Ardour route's carried=\"9\" is not said at its track's key:" >&2
    cat "$scratch/carried.log" >&2
  }
}

for c in $cases; do
  case $c in
  key) add_key ;;
  insert) add_insert ;;
  session_key) add_session_key ;;
  strip_key) add_strip_key ;;
  strip_switch) add_strip_switch ;;
  strip_word) add_strip_word ;;
  strip_timed) add_strip_timed ;;
  *) echo "counted.sh: no case '$c'" >&2; exit 2 ;;
  esac
done

# ---- the objects the edits do not reach -----------------------------------------
# With SP_COUNTED_REUSE=BUILD (ctest sets it to its own build folder, a
# Ninja build of SOURCE_DIR, up to date), a library object (cmd/, io/,
# core/: their flags name no build folder) none of whose sources and
# headers the cases changed, by the compiler's own list of them (ninja -t
# deps; a header the build generates counts as changed), is that build's
# object, copied (tests/counted_cc.sh), not compiled again: the edits reach
# about half of them, and every one they reach is compiled here, as are the
# test programs. An object whose list is stale or missing is compiled.
launcher=''
main=${SP_COUNTED_REUSE:-}
if [ -n "$main" ] && [ -f "$main/.ninja_deps" ] && command -v ninja >/dev/null 2>&1 &&
  command -v realpath >/dev/null 2>&1; then
  main=$(cd "$main" && pwd)
  ninja -C "$main" -t deps >"$scratch/deps.txt" 2>/dev/null || : >"$scratch/deps.txt"
  # every source and header named, once, and its absolute path
  awk '/^[^ ]/ { next } NF { print $1 }' "$scratch/deps.txt" | sort -u >"$scratch/named.txt"
  (cd "$main" && xargs -r realpath -m -- <"$scratch/named.txt") >"$scratch/abs.txt"
  # the ones the build generates, or that differ between SOURCE_DIR and the
  # scratch tree, as deps.txt names them
  paste -d ' ' "$scratch/named.txt" "$scratch/abs.txt" | while read -r named abs; do
    case $abs in
    "$main"/*) echo "$named" ;;
    "$src"/*) cmp -s "$abs" "$tree/${abs#"$src"/}" || echo "$named" ;;
    esac
  done >"$scratch/changed.txt"
  awk -v changed="$scratch/changed.txt" '
    BEGIN { while ((getline l < changed) > 0) bad[l] = 1 }
    function flush() { if (o != "" && ok) print o }
    /^[^ ]/ { flush(); o = $1; sub(/:$/, "", o)
              ok = $0 ~ /[(]VALID[)]$/ && o ~ /^CMakeFiles[/]stemprint_(core|io|cli)[.]dir[/]/; next }
    NF && bad[$1] { ok = 0 }
    END { flush() }' "$scratch/deps.txt" >"$scratch/reuse.txt"
  export SP_COUNTED_MAIN="$main" SP_COUNTED_LIST="$scratch/reuse.txt"
  launcher="sh;$src/tests/counted_cc.sh"
fi

# ---- build what the checks need, and run them ----------------------------------
b=$scratch/build
gen=Ninja
command -v ninja >/dev/null 2>&1 || gen="Unix Makefiles"
export CCACHE_DISABLE=1
cmake -G "$gen" -S "$tree" -B "$b" -DSP_TESTS=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0 \
  ${CC:+-DCMAKE_C_COMPILER="$CC"} ${launcher:+-DCMAKE_C_COMPILER_LAUNCHER="$launcher"} >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
# the export's fate of every key is sessioncmds' (not test_session's, whose
# 16,000 lines took 10 s of CPU to compile here, a fifth of this test's)
targets="stemprint test_keys test_walk test_job test_docs test_procs test_sessioncmds"
case " $cases " in
*" session_key "* | *" strip_"*) targets="$targets schema" ;; # import's schema line: its file
esac
cmake --build "$b" -j "$jobs" --target $targets >/dev/null
case " $cases " in
*" key "* | *" session_key "* | *" strip_"*) "$b/stemprint" help keys >"$tree/docs/keys.md" ;;
esac
status=0
run()
{
  "$b/tests/test_$1" --jobs "$jobs" ${2:+--filter "$2"} >"$scratch/$1.log" 2>&1 || {
    status=1
    echo "counted.sh: test_$1 fails in the scratch copy (${2:-all}):" >&2
    grep -E 'Assertion|FAIL|CRASH' -A3 "$scratch/$1.log" | head -40 >&2
  }
}
# keys but its init tests and yaml-language-server's (the schema's own
# tests check the key's schema; the server, node, took half the module's
# CPU here): SP_YAML_LANGUAGE_SERVER names no server, so the two server
# tests whose names the filter keeps skip, and the album's its server part
SP_YAML_LANGUAGE_SERVER=$scratch/no-yaml-language-server
export SP_YAML_LANGUAGE_SERVER
run keys 'keys/[!iy]*'
run walk
run job
run docs
run procs 'contract/*'
# every key's fate in the export (sessioncmds' every_key test); a key a
# session carries: the recipe built at once, held to the reading of the
# text it would be written as (all of test_sessioncmds), and a session's
# import carrying it
case " $cases " in
*" session_key "* | *" strip_"*) run sessioncmds ;;
*) run sessioncmds 'sessioncmds/every_key*' ;;
esac
case " $cases " in *" session_key "*) session_key_import ;; esac
case " $cases " in *" strip_key "*) strip_key_import ;; esac
case " $cases " in *" strip_switch "*) strip_typed_import carried_on 'carried_on: true' ;; esac
case " $cases " in *" strip_word "*) strip_typed_import carried_word 'carried_word: some' ;; esac
case " $cases " in *" strip_timed "*) strip_timed_import ;; esac
exit $status
