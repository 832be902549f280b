#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Instrument tracks against Ardour (issue 43), run by hand: a bench session
# whose 16 MIDI parts play on ACE Fluid Synth (General MIDI SoundFont from
# its state) with the rest of the session's audio, built for stemprint and in
# Ardour 7.3, rendered by both, and timed.
#
#   sh bench/instruments_ardour.sh SESSION_DIR [WORKDIR]
#
# SESSION_DIR is a bench session made by ../shared/bench/make_session.py (the
# reference session: 32 tracks x 180 s). bench/ardour/instruments_session.py
# writes its MIDI parts and, beside session.yaml, session_ace.yaml (the 16
# parts bass_di .. bells as instrument tracks on ACE Fluid Synth, everything
# else as in session.yaml: 16 audio tracks, the buses and their inserts, the
# sends, master and four stems), parts_ace.yaml and parts_sf2.yaml (the 16
# parts alone on ACE Fluid Synth and on stemprint's soundfont instrument).
# Ardour's session: ../shared/bench/ardour/build.sh builds the audio tracks,
# buses and inserts of session_audio16.yaml (x42-eq, ACE Compressor, the
# convolver as a Lua DSP, ACE Delay, x42-dpl: the mapping of
# ../shared/bench/ardour/README.md), bench/ardour/instruments_session.lua adds
# the 16 instrument tracks on the same ACE Fluid Synth with the same preset.
# So the instruments are the same plugin and library on both sides; the
# buses' processing is stemprint's own on one and Ardour's plugins on the
# other (a few % of either render: bench/README.md).
#
# Then, once each (a check that both make sound, and the files to time):
#   stemprint render session_ace.yaml -j 2 (mix + 4 stems) into WORKDIR/sp
#   Ardour's export of the mix (bench/ardour/instruments_export.lua: a
#   session script, since ardour7-export renders ACE Fluid Synth silent)
#   into WORKDIR/ardour/mix.wav, and with STEMS=1 of each stem (the tracks
#   outside it muted, as ../shared/bench/ardour/export.sh's snapshots do)
# and prints the commands to time (with STEMS=1 the four stems' exports too),
# which RUNS=n times n times each, alternating, with GNU time
# (/usr/bin/time): wall and CPU seconds. Ardour 7.3 sometimes aborts while
# the session is built ("Port already exists" as an instrument track is
# added, then a std::logic_error): run the script again.
#
# Needs the Debian packages ardour, x42-plugins, fluid-soundfont-gm,
# fluidsynth, python3-numpy, python3-soundfile, python3-yaml, a release build
# (build-release/stemprint) and ../shared beside the checkout. Disk: the
# session's 1.2 GB, and about 1 GB for the renders in WORKDIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench/ardour}
STEMPRINT=${STEMPRINT:-$ROOT/build-release/stemprint}
PY=/usr/bin/python3
[ $# -ge 1 ] || { echo "usage: sh bench/instruments_ardour.sh SESSION_DIR [WORKDIR]" >&2; exit 2; }
D=$(cd "$1" && pwd)
W=${2:-$(mktemp -d /tmp/stemprint-instruments-ardour.XXXXXX)}
mkdir -p "$W"
W=$(cd "$W" && pwd)
[ -x "$STEMPRINT" ] || { echo "instruments_ardour.sh: build stemprint first (build-release/stemprint)" >&2; exit 1; }
[ -f "$SHARED/build.sh" ] || { echo "instruments_ardour.sh: needs $SHARED/build.sh" >&2; exit 1; }
[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || { echo "instruments_ardour.sh: needs fluid-soundfont-gm" >&2; exit 1; }
S=$W/ardour.session
CFG=$S.cfg

$PY "$HERE/ardour/instruments_session.py" write "$D" "$W/instruments.lua"

# stemprint, once: the mix and stems, and the session's length for Ardour.
rm -rf "$W/sp"
(cd "$D" && "$STEMPRINT" render -q session_ace.yaml -j 2 -o "$W/sp")
END=$($PY "$HERE/ardour/instruments_session.py" frames "$W/sp/mix.wav")
echo "stemprint: $W/sp ($END frames)"

# Ardour: the audio tracks, buses and inserts, then the instrument tracks.
rm -rf "$S" "$CFG"
END_SAMPLES=$END ARDOUR_CFG=$CFG STEMPRINT=$STEMPRINT sh "$SHARED/build.sh" \
  "$D/session_audio16.yaml" "$S" > "$W/build.log" 2>&1 || { tail "$W/build.log" >&2; exit 1; }
LV2_PATH=$D:/usr/lib/lv2 XDG_CONFIG_HOME=$CFG SESSION_DIR=$S SPEC=$W/instruments.lua END_SAMPLES=$END \
  ardour7-lua "$HERE/ardour/instruments_session.lua" > "$W/session.log" 2>&1 || true
grep -q "^saved" "$W/session.log" || { echo "instruments_ardour.sh: session failed: $W/session.log" >&2; exit 1; }
$PY "$HERE/ardour/instruments_session.py" inject "$S" "$D"

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
# The command that exports: NAME [KEEP] (Ardour 7.3 may abort as it closes
# the session, after the export: its session script said when it was done).
cat > "$W/ardour_export.sh" <<E
#!/bin/sh
XDG_CONFIG_HOME=$CFG SESSION_DIR=$S OUT_DIR=$W/ardour OUT_NAME=\$1 END_SAMPLES=$END KEEP=\${2:-} \\
  ardour7-lua $HERE/ardour/instruments_export.lua > $W/ardour.\$1.log 2>&1
grep "^exported " $W/ardour.\$1.log || { echo "export \$1 failed: $W/ardour.\$1.log" >&2; exit 1; }
E
mkdir -p "$W/ardour"
sh "$W/ardour_export.sh" mix
rm -f "$W/stems.txt"
if [ "${STEMS:-0}" = 1 ]; then
  for st in drums bass music vocals; do
    keep=$($PY - "$D/session_ace.yaml" "$st" <<'PY'
import sys, yaml
r = yaml.safe_load(open(sys.argv[1]).read().replace('{recipe}', 'RECIPE'))
st = sys.argv[2]
print(','.join(n for n, t in r['tracks'].items() if t.get('to', 'master') == st))
PY
)
    echo "$st $keep" >> "$W/stems.txt"
    sh "$W/ardour_export.sh" "$st" "$keep"
  done
fi

$PY - "$W" <<'PY'
import sys
import numpy as np, soundfile as sf
w = sys.argv[1]
for name, p in (("stemprint mix", w + "/sp/mix.wav"), ("Ardour mix", w + "/ardour/mix.wav")):
    x, sr = sf.read(p, dtype="float64", always_2d=True)
    print("%s: %.1f s, peak %.1f dBFS, RMS %.1f dBFS" % (name, len(x) / sr, 20 * np.log10(np.abs(x).max()),
          10 * np.log10((x * x).mean())))
PY

cat > "$W/commands.txt" <<E
# stemprint, the session: mix + 4 linked stems, -j 2
sh -c 'cd $D && rm -rf $W/t.sp && exec $STEMPRINT render -q session_ace.yaml -j 2 -o $W/t.sp'
# Ardour 7.3, the mix alone (load, a 6 s wait for the SoundFonts, export)
sh $W/ardour_export.sh mix.t
# stemprint, the 16 parts alone on its soundfont instrument, -j 2 (one mix)
sh -c 'cd $D && rm -rf $W/t.sf2 && exec $STEMPRINT render -q parts_sf2.yaml --only mix -j 2 -o $W/t.sf2'
# fluidsynth -F, the same 16 parts, two at a time (16 files)
sh -c 'rm -rf $W/t.fs && mkdir $W/t.fs && xargs -P 2 -I{} sh -c "fluidsynth -q -n -i -R 0 -C 0 -g 0.4 -r 48000 -O float -T wav -F $W/t.fs/\\\$(basename {}).wav /usr/share/sounds/sf2/FluidR3_GM.sf2 {}" < $D/parts16.txt'
# stemprint, the 16 parts alone on ACE Fluid Synth, -j 2 (one mix)
sh -c 'cd $D && rm -rf $W/t.ace && exec $STEMPRINT render -q parts_ace.yaml --only mix -j 2 -o $W/t.ace'
E
# With STEMS=1, Ardour's four stems too, each an export of its own (with the
# mix above: five exports against stemprint's one render of mix + 4 stems).
if [ -f "$W/stems.txt" ]; then
  while read -r st keep; do
    printf '# Ardour 7.3, the stem %s alone (its tracks; the others muted)\nsh %s/ardour_export.sh %s.t %s\n' \
      "$st" "$W" "$st" "$keep" >> "$W/commands.txt"
  done < "$W/stems.txt"
fi
echo "commands to time: $W/commands.txt"
RUNS=${RUNS:-0}
if [ "$RUNS" -gt 0 ]; then
  echo "| run | command | wall s | CPU s |"
  echo "|---|---|---:|---:|"
  i=1
  while [ "$i" -le "$RUNS" ]; do
    grep -v '^#' "$W/commands.txt" | while IFS= read -r cmd; do
      /usr/bin/time -f "%e %U %S" -o "$W/time.txt" sh -c "$cmd" > /dev/null 2>&1
      awk -v i="$i" -v c="$(echo "$cmd" | cut -c1-60)" '{ printf "| %d | %s | %.2f | %.2f |\n", i, c, $1, $2 + $3 }' "$W/time.txt"
    done
    i=$((i + 1))
  done
fi
