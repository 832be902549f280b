#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Ardour interoperability of instrument tracks (issue 43), run by hand: a
# session built by Ardour itself with three instruments of three kinds, a
# keyed bus and an audio track, exported by Ardour, imported and rendered by
# stemprint, the two mixes nulled; and each side's run-to-run residual.
#
#   sh bench/ardour/interop_midi.sh [WORKDIR]
#
# The session (bench/ardour/midi_session.lua has the details):
#   keys   ACE Fluid Synth playing FluidR3_GM.sf2 (its state), two regions of
#          one source, the second trimmed and opaque, into the bus "music"
#   lead   ACE Reasonable Synth, a region in beats with a length in audio
#          time, into "music"
#   drums  AVL Drums (Black Pearl), four opaque regions of one bar, to master,
#          and through a post-fader send the key of ACE Compressor on "music"
#   bass   an audio track (fixtures/audio/bass.wav)
#   tempo  120 bpm, 100 bpm from beat 8; the parts' notes on and off the grid
# built by ../shared/bench/ardour/build.sh (the audio track and the bus),
# midi_session.lua (the rest, through ardour7-lua) and midi_parts.py (the
# parts, written into the sources Ardour made; the routes' outputs wired in
# the saved file, as Ardour 7.3's Lua leaves them wired otherwise).
#
# Ardour's export: a session script (midi_export.lua: load_session, a wait,
# Session:simple_export at 32-bit float), since ardour7-export renders ACE
# Fluid Synth silent. That export runs the plugins in 1024-frame cycles from
# the range's first frame, which plugin_cycle: ardour is since 2026-11-27
# (before, ardour7-export's first cycle of 256: the sed below, kept, makes
# no difference now). Each instrument alone (the other tracks muted) is
# exported twice, and rendered twice by stemprint, for its own run-to-run
# residual.
#
# Needs the Debian packages ardour, fluid-soundfont-gm, avldrums.lv2,
# avldrums.lv2-soundfont, python3-numpy, python3-soundfile, a release build
# (build-release/stemprint) and ../shared beside the checkout.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench/ardour}
export STEMPRINT=${STEMPRINT:-$ROOT/build-release/stemprint}
PY=/usr/bin/python3
W=${1:-$(mktemp -d /tmp/stemprint-interop-midi.XXXXXX)}
mkdir -p "$W"
W=$(cd "$W" && pwd)
[ -x "$STEMPRINT" ] || { echo "interop_midi.sh: build stemprint first (build-release/stemprint)" >&2; exit 1; }
[ -f "$SHARED/build.sh" ] || { echo "interop_midi.sh: needs $SHARED/build.sh" >&2; exit 1; }
[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || { echo "interop_midi.sh: needs fluid-soundfont-gm" >&2; exit 1; }
END=600000 # 12.5 s at 48 kHz
S=$W/midi.session
CFG=$S.cfg

# The preset that loads the General MIDI SoundFont into ACE Fluid Synth.
mkdir -p "$W/lv2/gm.lv2"
cat > "$W/lv2/gm.lv2/manifest.ttl" <<'T'
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<gm.ttl> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:seeAlso <gm.ttl> .
T
cat > "$W/lv2/gm.lv2/gm.ttl" <<'T'
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
<> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:label "gm" ;
	state:state [ <urn:ardour:a-fluidsynth:sf2file> </usr/share/sounds/sf2/FluidR3_GM.sf2> ] .
T

# The audio track and the bus.
cp "$ROOT/fixtures/audio/bass.wav" "$W/"
cat > "$W/midi.yaml" <<'Y'
stemprint: 1
tracks:
  bass: {file: bass.wav, gain: -8 dB, pan: -0.2}
buses:
  music: {gain: -2 dB}
Y
rm -rf "$S" "$CFG"
(cd "$W" && END_SAMPLES=$END sh "$SHARED/build.sh" midi.yaml "$S" > "$W/build.log" 2>&1)
LV2_PATH=$W/lv2:/usr/lib/lv2 XDG_CONFIG_HOME=$CFG SESSION_DIR=$S \
  ardour7-lua "$HERE/midi_session.lua" > "$W/session.log" 2>&1
$PY "$HERE/midi_parts.py" write "$W"
$PY "$HERE/midi_parts.py" inject "$S" "$W"

# Ardour's exports: the mix twice, each instrument alone twice.
mkdir -p "$CFG/ardour7/export"
cat > "$CFG/ardour7/export/stemprint-float.preset" <<'P'
<?xml version="1.0" encoding="UTF-8"?>
<ExportPreset id="5d7e2a10-53c4-4c8e-9a11-0f57e1f7a001" name="stemprint float">
  <ExportFormat id="20b4ab09-6452-4cb3-bd66-b921cdbd2942"/>
  <ExportFilename>
    <Folder relative="1" path="export"/>
    <Field name="label" enabled="0"/>
    <Field name="session" enabled="0"/>
    <Field name="snapshot" enabled="0"/>
    <Field name="timespan" enabled="1"/>
    <Field name="revision" enabled="0"/>
    <Field name="time" enabled="0" value="T_None"/>
    <Field name="date" enabled="0" value="D_None"/>
  </ExportFilename>
</ExportPreset>
P
export_one() { # NAME ONLY (Ardour 7.3 may abort as it closes the session, after the export)
  XDG_CONFIG_HOME=$CFG SESSION_DIR=$S OUT_DIR=$W/ardour OUT_NAME=$1 END_SAMPLES=$END ONLY=$2 \
    ardour7-lua "$HERE/midi_export.lua" > "$W/ardour.$1.log" 2>&1 || true
  grep -q "^exported " "$W/ardour.$1.log" || { echo "interop_midi.sh: export $1 failed: $W/ardour.$1.log" >&2; exit 1; }
}
rm -rf "$W/ardour"
for run in 1 2; do
  export_one "mix.$run" ""
  for t in keys lead drums; do export_one "$t.$run" "$t"; done
done

# stemprint: the import, rendered twice at 32-bit float (a stem a track).
"$STEMPRINT" import "$S" -o "$W/midi.imported.yaml" --stems tracks --force > "$W/import.log" 2>&1
sed -i -e 's/^stemprint: 1$/stemprint: 1\noutput: {depth: 32f}/' \
  -e 's/^plugin_cycle: ardour$/plugin_cycle: 1024/' "$W/midi.imported.yaml"
for run in 1 2; do
  "$STEMPRINT" render -q "$W/midi.imported.yaml" -o "$W/stemprint.$run" >> "$W/render.log" 2>&1
done
# Each instrument alone as Ardour's own export of it: the other tracks muted.
for t in keys lead drums; do
  $PY - "$W/midi.imported.yaml" "$t" > "$W/alone.$t.yaml" <<'PY'
import re, sys
y, only = open(sys.argv[1]).read(), sys.argv[2]
for t in ("bass", "keys", "lead", "drums"):
    if t != only:
        y = re.sub(r"(\n  %s:\n)(    mute: true\n)?" % t, r"\1    mute: true\n", y)
sys.stdout.write(y)
PY
  "$STEMPRINT" render -q "$W/alone.$t.yaml" -o "$W/stemprint.alone.$t" --only mix >> "$W/render.log" 2>&1
done

$PY - "$W" <<'PY'
import json, sys
import numpy as np, soundfile as sf
w = sys.argv[1]
def read(p):
    x, _ = sf.read(p, dtype="float64", always_2d=True)
    return x
def peak(a, b):
    n = max(len(a), len(b))
    a = np.pad(a, ((0, n - len(a)), (0, 0))); b = np.pad(b, ((0, n - len(b)), (0, 0)))
    d = np.abs(a - b).max()
    return "%.1f dBFS" % (20 * np.log10(d)) if d > 0 else "bit-identical"
mix = read(w + "/ardour/mix.1.wav")
print("| what | residual peak |")
print("|---|---|")
print("| stemprint's mix against Ardour's | %s |" % peak(mix, read(w + "/stemprint.1/mix.wav")))
print("| Ardour's mix, run to run | %s |" % peak(mix, read(w + "/ardour/mix.2.wav")))
print("| stemprint's mix, run to run | %s |" % peak(read(w + "/stemprint.1/mix.wav"), read(w + "/stemprint.2/mix.wav")))
for t in ("keys", "lead", "drums"):
    print("| %s alone, stemprint's against Ardour's | %s |" % (t, peak(read(w + "/ardour/%s.1.wav" % t), read(w + "/stemprint.alone.%s/mix.wav" % t))))
    print("| %s alone, Ardour run to run | %s |" % (t, peak(read(w + "/ardour/%s.1.wav" % t), read(w + "/ardour/%s.2.wav" % t))))
    print("| %s's stem, stemprint run to run | %s |" % (t, peak(read(w + "/stemprint.1/%s.wav" % t), read(w + "/stemprint.2/%s.wav" % t))))
PY
echo "stemprint import: $(grep -c '^stemprint: warning:' "$W/import.log" || true) warnings; files in $W"
