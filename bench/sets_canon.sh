#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `--set KEY=VALUE` read by two stemprint builds, byte for byte: the proof
# that a new reading of `--set` (its value read into the recipe's model by
# the key's row, not put into the recipe's YAML tree and parsed again)
# prints and says the same. For each case (an input and its sets),
# `check --json` (every message with its file, line, column and path, and
# the levels measured: a gain set is heard), `check --no-levels` (the
# verdict as text) and `render --dry-run` (the prints, their format, rate,
# depth and bitrate, and the inputs; `plan` takes no --set), stdout, stderr
# and the exit status, compared between OLD and NEW.
#
#   sh bench/sets_canon.sh OLD NEW WORK [ARDOUR_SESSION_DIR...]
#   e.g. sh bench/sets_canon.sh /work/base/build/stemprint build/stemprint /tmp/sets
#
# The inputs, copied into WORK/in (nothing is written beside the
# checkout's files or into a seed): every recipe of recipes/ (with
# fixtures/audio, which a build makes), a handful of
# tests/fuzz/corpus/recipe's (their sources made of fixtures/audio's),
# a recipe of this script's own (a track written as its file alone, a name
# with a dot, an alias, an mp3 with no bitrate), the Ardour sessions named
# (default: four of /tmp/ardseeds/interop, copied with cp -rL) and three
# DAWproject exports of recipes (by OLD: the demo song, the surround scene
# and this script's own). The sets are made from each input's own names
# (its first tracks, a bus, a track's sends, an insert and its parameter,
# output.also's items; a session's as OLD imports it): seven on every
# input, every kind of key, of value and of mistake on three (this
# script's recipe, its DAWproject export and the Ardour session 'sends').
# About 2 minutes of CPU (3.5 minutes' wall on a busy 2-core machine), most
# of it the levels `check` measures; with REUSE=1 half that.
#
# Prints one line per difference, then the counts. Exit 1 on a difference.
# Lines fluidsynth and Calf's plugins write on stderr are left out, as
# bench/session_canon.sh leaves them. With REUSE=1 a WORK of an earlier
# run keeps its inputs, its cases and OLD's outputs: NEW alone runs.
set -u
[ $# -ge 3 ] || { echo "usage: $0 OLD NEW WORK [ARDOUR_SESSION_DIR...]" >&2; exit 2; }
work=$3
root=$(cd "$(dirname "$0")/.." && pwd)
reuse=${REUSE:-0}
[ "$reuse" = 1 ] && [ -d "$work/out/old" ] && [ -f "$work/cases" ] || { reuse=0; rm -rf "$work"; }
rm -rf "$work/out/new"
mkdir -p "$work/in" "$work/cache" "$work/bin/old" "$work/bin/new" "$work/out/old" "$work/out/new"
work=$(realpath "$work")
cp "$1" "$work/bin/old/stemprint" && cp "$2" "$work/bin/new/stemprint" || exit 2
old=$work/bin/old/stemprint; new=$work/bin/new/stemprint
shift 3
[ $# -gt 0 ] || set -- /tmp/ardseeds/interop/faders /tmp/ardseeds/interop/sends \
  /tmp/ardseeds/interop/plugins /tmp/ardseeds/interop/inverses
export XDG_CACHE_HOME="$work/cache" STEMPRINT_DIGEST_INDEX= LC_ALL=C TZ=UTC
in=$work/in
tab=$(printf '\t')

if [ "$reuse" != 1 ]; then
  a=$root/fixtures/audio
  [ -f "$a/kick.wav" ] || { echo "$0: no $a/kick.wav: build the fixtures first (ninja -C build fixtures)" >&2; exit 2; }
  mkdir -p "$in/fixtures" "$in/corpus" "$in/sessions" "$in/names"
  cp -r "$a" "$in/fixtures/audio"
  cp -r "$root/recipes" "$in/recipes"
  rm -rf "$in"/recipes/*/out "$in"/recipes/album/album.json*
  for r in minimal also width routing splitbuses moving bwf anchors; do
    cp "$root/tests/fuzz/corpus/recipe/$r.yaml" "$in/corpus/"
  done
  cp "$a/vox.wav" "$in/corpus/mono.wav"; cp "$a/keys.wav" "$in/corpus/stereo.wav"
  cp "$a/kick.wav" "$in/corpus/a.wav"; cp "$a/kick.wav" "$in/corpus/kick.wav"
  cp "$a/bass.wav" "$in/corpus/bass.wav"; cp "$a/hall_ir.wav" "$in/corpus/ir.wav"
  cat >"$in/corpus/harness.yaml" <<'EOF'
stemprint: 1
sample_rate: 48000
tracks:
  a: {file: mono.wav, to: grp, sends: [{to: fx, level: -9 dB}]}
  b: stereo.wav
  a.b: {file: mono.wav, gain: -2 dB}
  c: &c {file: mono.wav, inserts: [{compressor: {threshold: -20 dB, ratio: 3}}]}
  d: *c
buses:
  grp: {inserts: [{eq: [{type: peak, freq: 1 kHz, gain: 2 dB, q: 1}]}]}
  fx: {inserts: [{delay: {time: 100 ms, feedback: 0.2}}], gain: -6 dB}
master: {gain: -10 dB}
stems: {ab: [a, b], rest: [a.b, c, d]}
output:
  also:
    - {format: mp3}
    - {format: wav, depth: 16, name: "{name}_16"}
EOF
  for d in "$@"; do
    s=$d; [ -d "$d/session" ] && s=$d/session
    cp -rL "$s" "$in/sessions/$(basename "$d")" || exit 2
  done
  for r in recipes/demo/song:demo recipes/surround/scene:surround corpus/harness:harness; do
    y=${r%:*}
    (cd "$in/$(dirname $y)" && "$old" export "$(basename $y).yaml" \
       -o "$in/sessions/${r#*:}.dawproject" --force >/dev/null 2>&1) || exit 2
  done
  # the inputs: its folder (where it runs), its path from there, the
  # recipe its names are read from, and its battery (all or few)
  : >"$in/list"
  for y in "$in"/recipes/*/*.yaml "$in"/corpus/*.yaml; do
    b=few
    case "$y" in */harness.yaml) b=all ;; esac
    echo "$(dirname "$y")$tab$(basename "$y")$tab$y$tab$b" >>"$in/list"
  done
  for s in "$in"/sessions/*; do
    n=$(basename "$s"); i=$n
    [ -d "$s" ] && i=$n/$(cd "$s" && ls *.ardour | head -1)
    (cd "$in/sessions" && "$old" import "$i" -o "$in/names/$n.yaml" >/dev/null 2>&1)
    b=few
    case "$n" in sends | harness.dawproject) b=all ;; esac
    echo "$in/sessions$tab$i$tab$in/names/$n.yaml$tab$b" >>"$in/list"
  done
  FILE=$in/fixtures/audio/kick.wav python3 - "$in/list" >"$work/cases" <<'EOF' || exit 2
import os, sys, yaml
file = os.environ["FILE"]
def first(m, want=lambda k, v: True):
    for k, v in (m or {}).items():
        if want(k, v): return k, v
    return None, None
def q(n):  # a name as --set takes it
    return '"%s"' % n if "." in str(n) else str(n)
for line in open(sys.argv[1]):
    d, inp, names, battery = line.rstrip("\n").split("\t")
    try:
        r = yaml.safe_load(open(names)) or {}
    except Exception:
        r = {}
    tracks = r.get("tracks") or {}
    ts = [k for k in tracks]
    t = q(ts[0]) if ts else "kick"
    t2 = q(ts[1]) if len(ts) > 1 else t
    bus = q(first(r.get("buses"))[0] or "nosuchbus")
    sk, sv = first(tracks, lambda k, v: isinstance(v, dict) and v.get("sends"))
    s, ns = (q(sk), len(sv["sends"])) if sk else (t, 0)
    also = len((r.get("output") or {}).get("also") or [])
    plain = [q(k) for k, v in tracks.items() if isinstance(v, str)]  # a track as its file alone
    alias = [(q(j), q(k)) for j in ts for k in ts if j != k and isinstance(tracks[j], dict)
             and tracks[j] is tracks[k]][:1]  # two names of one YAML node (an alias)
    ins = None  # a strip's first insert of a built-in processor with a parameter
    for kind in ("tracks", "buses"):
        for k, v in (r.get(kind) or {}).items():
            for i, it in enumerate((v or {}).get("inserts") or [] if isinstance(v, dict) else []):
                if ins is None and isinstance(it, dict) and len(it) == 1:
                    p, a = next(iter(it.items()))
                    if isinstance(a, dict) and p not in ("lv2", "ladspa"):
                        ins = ("%s.%s.inserts[%d]" % (kind, q(k), i), p, next(iter(a)))
    cases = [["tracks.%s.gain=-3 dB" % t], ["master.gain=-2 dB"], ["sample_rate=22050"],
             ["output.depth=16"], ["stems.split=buses"], ["tracks.%s.gain=900 dB" % t],
             ["tracks.nosuch.gain=-3 dB"]]
    if battery == "all":
        cases += [
            ["tracks.%s.gain=[[0 s, -3 dB], [1 s, 0 dB]]" % t], ["tracks.%s.mute=true" % t],
            ["tracks.%s.pan=0.3" % t], ["tracks.%s.width=0.5" % t], ["tracks.%s.trim=2 dB" % t],
            ["tracks.%s.solo=true" % t], ["tracks.%s.invert=[true, false]" % t],
            ["tracks.%s.invert=true" % t], ["tracks.%s.fold=bs775" % t],
            ["tracks.%s.layout=stereo" % t], ["tracks.%s.pan=[[0 s, -1], [1 s, 1]]" % t],
            ["tracks.%s.width=[[0 s, 0], [2 s, 1]]" % t],
            ["tracks.new={file: %s}" % file], ["tracks.new.gain=-3 dB"],
            ["tracks.new.file=%s" % file, "tracks.new.gain=-3 dB"],
            ["tracks.%s.sends=[{to: %s, level: -6 dB}]" % (t, bus)],
            ["tracks.%s.sends[0].level=-12 dB" % s],
            ["tracks.%s.sends[%d]={to: %s, level: -3 dB}" % (s, ns, bus)],
            ["tracks.%s.sends[%d].level=-3 dB" % (s, ns)],
            ["tracks.%s.sends[%d].level=-3 dB" % (s, ns + 5)],
            ["tracks.%s.inserts=[{eq: [{type: highpass, freq: 80 Hz}]}]" % t],
            ["tracks.%s.inserts[9]={gain: -1 dB}" % t],
            ["output.depth=32f"], ["output.also=[{format: flac}]"],
            ["output.also[0].format=mp3"], ["output.also[0].format=flac"],
            ["output.also[0].bitrate=128 kbps"], ["output.also[%d]={format: mp3}" % also],
            ["output.also[%d].format=wav" % also],
            ["sample_rate=22050", "output.also[0].format=mp3"], ["sample_rate=44100"],
            ["stems.setx=[%s, %s]" % (t, t2)], ["stems.%s=[%s]" % (t, t2)],
            ["master.inserts=[{limiter: {ceiling: -1 dB}}]"],
            ["master.normalize={target: -16 LUFS}"], ["master.pan=0.2"],
            ["tracks.%s.gain=-3 dB" % t, "tracks.%s.gain=-6 dB" % t],
            ["tracks.%s.gain" % t], ["tracks.%s.nosuch=1" % t], ["tracks.%s.gain=loud" % t],
            ["tracks.%s.gain[0]=1" % t], ["tracks.%s.gain.x=1" % t], ["tracks.%s.gain=" % t],
            ["tracks.%s.gain=[1," % t], ["tracks.%s.gain={a: " % t],
            ["tracks.\"a.b\".gain=-3 dB"], ["tracks.a.b.gain=-3 dB"],
            ["tracks.%s.sends.level=1" % t], ["=1"], ["tracks..gain=1"],
            ["output.also[x].format=mp3"], ["output.also[-1].format=mp3"],
            ["tracks.%s=5" % t], ["master.pan=2"], ["master.mute=true"],
            ["output.depth=16", "output.depth=banana"],
            # values as YAML reads them: a comment, quotes, an anchor, a tag,
            # an alias, nulls, braces (a flow mapping, or a placeholder)
            ["tracks.%s.gain=-3 dB # quieter" % t], ["tracks.%s.gain=\"-3 dB\"" % t],
            ["tracks.%s.gain=&x -3 dB" % t], ["tracks.%s.gain=!!str -3 dB" % t],
            ["tracks.%s.gain=*x" % t], ["tracks.%s.gain=~" % t], ["tracks.%s.gain=-3 dB: 4" % t],
            ["tracks.%s.mute=yes" % t], ["tracks.%s.sends=[]" % t], ["tracks.%s.sends={}" % t],
            ["tracks.%s=" % t], ["tracks="], ["output.also="], ["stems=[]"], ["stemprint=2"],
            ["output.name={name}"], ["output.name={name}_{khz}"], ["output.name=\"{name}_x\""],
            ["output.dir={recipe}"], ["output.dir=prints/{recipe}"],
            # keys a session's track holds: regions; the recipe's top level
            ["tracks.%s.regions[0].gain=-3 dB" % t], ["tracks.%s.regions[0].at=1 s" % t],
            ["tracks.%s.file=%s" % (t, file)], ["tail=1 s"], ["length=5 s"], ["pan_law=-3 dB"]]
        for b in plain[:1]:
            cases += [["tracks.%s.gain=-3 dB" % b], ["tracks.%s.pan=0.5" % b],
                      ["tracks.%s.file=stereo.wav" % b], ["tracks.%s.gain.x=1" % b]]
        for j, k in alias:
            cases += [["tracks.%s.gain=-3 dB" % j], ["tracks.%s.gain=-3 dB" % k],
                      ["tracks.%s.inserts[0].compressor.ratio=8" % k]]
        if ins:
            p, k, a = ins
            cases += [["%s.%s.%s=1" % (p, k, a)], ["%s={gain: -3 dB}" % p],
                      ["%s.gain=-3 dB" % p], ["%s.%s=5" % (p, k)]]
    for c in cases:
        print("\t".join([d, inp] + c))
EOF
fi

# one command of one build on one case: stdout, stderr and status
run() { # BIN TAG N DIR INPUT SET...
  bin=$1; o=$work/out/$2/$3; d=$4; i=$5; shift 5
  c=$#; k=0
  while [ $k -lt $c ]; do set -- "$@" --set "$1"; shift; k=$((k + 1)); done
  (cd "$d" && "$bin" check --json "$i" "$@" </dev/null >"$o.json.out" 2>"$o.json.err"; echo $? >"$o.json.rc")
  (cd "$d" && "$bin" check --no-levels "$i" "$@" </dev/null >"$o.check.out" 2>"$o.check.err"; echo $? >"$o.check.rc")
  (cd "$d" && "$bin" render -n -o prints "$i" "$@" </dev/null \
     >"$o.dry.out" 2>"$o.dry.err"; echo $? >"$o.dry.rc")
  for e in "$o".*.err; do
    grep -v -e '^fluidsynth:' -e 'Calling configure on' "$e" >"$e.kept"; mv "$e.kept" "$e"
  done
}

n=0; differ=0; last=
while IFS= read -r line; do
  n=$((n + 1))
  IFS=$tab; set -f; set -- $line; set +f; unset IFS
  d=$1; i=$2; shift 2
  sets=; for s in "$@"; do sets="$sets --set '$s'"; done
  # an input's first case: the cache (a DAWproject's audio) made anew for each build
  for b in old new; do
    [ "$b" = new ] || [ "$reuse" != 1 ] || continue
    if [ "$d/$i" != "$last" ]; then
      rm -rf "$work/cache"; mkdir -p "$work/cache"
      (cd "$d" && "$work/bin/$b/stemprint" check --no-levels "$i" </dev/null >/dev/null 2>&1)
    fi
    run "$work/bin/$b/stemprint" "$b" "$n" "$d" "$i" "$@"
  done
  last=$d/$i
  for f in "$work/out/old/$n".*; do
    if ! cmp -s "$f" "$work/out/new/${f##*/}"; then
      echo "differ: $n ${f##*/"$n".} $i$sets"
      differ=$((differ + 1))
    fi
  done
done <"$work/cases"
echo "cases (an input and its sets): $n, over $(wc -l <"$in/list") inputs; files compared: $((n * 9)); differ: $differ"
[ "$differ" -eq 0 ]
