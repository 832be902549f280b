#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Ardour interoperability, run by hand: sessions built by Ardour itself, each
# exported by ardour7-export (32-bit float), imported and rendered by
# stemprint (32-bit float), and the two mixes nulled.
#
#   sh bench/ardour/interop.sh [WORKDIR]
#   SCENARIOS="automation panners" sh bench/ardour/interop.sh [WORKDIR]
#
# Needs the Debian packages ardour, x42-plugins, python3-yaml, python3-numpy,
# python3-soundfile, a release build (build-release/stemprint) and ../shared
# beside the checkout: the sessions are built by ../shared/bench/ardour/build.sh
# (tracks, buses, sends, plugins and sidechains through ardour7-lua; regions
# injected as its README explains), then edited through Ardour's own Lua API
# (bench/ardour/edit.lua: region positions, trims, fades, gains, envelopes; a
# track's trim, polarity and mute; fader, pan and send automation) and saved
# by Ardour; stereo panners are set in the saved file (bench/ardour/pan_edit.py).
# beatauto, beattempo, beatramp, beatvca: their gain lists put in beat time in the saved file
# (bench/ardour/beat_edit.py; Ardour's Lua cannot choose a list's time domain).
# curves: a fader list made Logarithmic in the saved file (bench/ardour/
# interp_edit.py; Ardour's Lua refuses that style on a fader).
# inverses: opaque regions' saved inverse fades replaced in the saved file
# (bench/ardour/inverse_edit.py; Ardour's Lua cannot set an inverse's points).
#
# lv2bench: the LV2 variant of a bench session (bench/lv2.py: LSP EQs, ACE
# compressors, one keyed by the kick, ACE delay, Dragonfly plate, LSP's
# sidechain limiter, their saved state), built by bench/ardour_lv2.sh from
# BENCH_SESSION (default: a 16-track, 30 s session made by
# ../shared/bench/make_session.py in WORKDIR); needs lsp-plugins-lv2 and
# dragonfly-reverb-lv2 too.
#
# state: LSP's Impulse Reverb Stereo loaded from an LV2 preset whose impulse
# response is in its state (the preset saved by `stemprint state` into
# WORKDIR/lv2, which edit.lua's Ardour finds on LV2_PATH); needs
# lsp-plugins-lv2.
#
# surround: a 5.1 session (master and a return of six channels, VBAP
# panners, an LFE feed), rewired in the saved file by surround_edit.py.
#
# Targets (issue 19): residual <= -90 dBFS without plugins, <= -60 dBFS with.
# Prints a table; the files stay in WORKDIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench/ardour}
export STEMPRINT=${STEMPRINT:-$ROOT/build-release/stemprint}
PY=/usr/bin/python3
W=${1:-$(mktemp -d /tmp/stemprint-interop.XXXXXX)}
mkdir -p "$W"
W=$(cd "$W" && pwd)
[ -x "$STEMPRINT" ] || { echo "interop.sh: build stemprint first (build-release/stemprint)" >&2; exit 1; }
[ -f "$SHARED/build.sh" ] || { echo "interop.sh: needs $SHARED/build.sh" >&2; exit 1; }
for f in kick snare hats bass keys vox bgv; do cp "$ROOT/fixtures/audio/$f.wav" "$W/"; done

cat > "$W/faders.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, pan: -0.4}
  snare: {file: snare.wav, gain: -8 dB, pan: 0.6}
  keys: {file: keys.wav, gain: -6 dB}
  vox: {file: vox.wav, gain: -3 dB, pan: 0.1}
  bgv: {file: bgv.wav, gain: -7 dB}
Y
echo 'return {}' > "$W/faders.lua"

cat > "$W/sends.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, to: drums}
  snare: {file: snare.wav, gain: -6 dB, pan: 0.3, to: drums}
  hats: {file: hats.wav, gain: -9 dB, pan: -0.5, to: drums}
  bass: {file: bass.wav, gain: -3 dB, sends: [{to: verb, level: -8 dB}]}
  vox: {file: vox.wav, gain: -2 dB, pan: 0.1, sends: [{to: verb, level: -10 dB, tap: pre}]}
buses:
  drums: {gain: -2 dB}
  verb: {gain: -4 dB}
Y
cat > "$W/sends.lua" <<'Y'
return { routes = { vox = {trim = 3}, snare = {invert = true}, hats = {mute = true} } }
Y

cat > "$W/regions.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -3 dB, pan: 0.3}
  vox: {file: vox.wav, gain: -5 dB}
Y
cat > "$W/regions.lua" <<'Y'
return {
  regions = {
    kick = {start = 0.25, position = 0.5, length = 4, fade_in = {0.2, "linear"}, fade_out = {0.5, "linear"}},
    bass = {scale = 0.5},
    vox = {start = 1, position = 2, length = 6, scale = 1.5},
  },
}
Y

cat > "$W/fades.yaml" <<'Y'
stemprint: 1
tracks:
  bass: {file: bass.wav, gain: -3 dB}
  vox: {file: vox.wav, gain: -5 dB}
  keys: {file: keys.wav, gain: -6 dB}
Y
cat > "$W/fades.lua" <<'Y'
return {
  regions = {
    bass = {fade_in = {0.1, "power"}, fade_out = {0.3, "slow"}},
    vox = {envelope = {{0, 1}, {1, 0.5}, {2, 1}}},
    keys = {fade_in = {0.25, "fast"}, fade_out = {4, "symmetric"}},
  },
}
Y

# Overlapping regions: a comp edit on the vox (a later take over the first,
# crossfading under its power fade-in and fast fade-out; a short one with
# Ardour's default fades over both), a bass region lowered under the first
# one (whose linear fade-out crossfades it back in), a transparent keys
# region that sums.
cat > "$W/layers.yaml" <<'Y'
stemprint: 1
tracks:
  vox: {file: vox.wav, gain: -5 dB}
  bass: {file: bass.wav, gain: -3 dB}
  keys: {file: keys.wav, gain: -6 dB}
Y
cat > "$W/layers.lua" <<'Y'
return {
  regions = {
    vox = {length = 6},
    bass = {length = 5, fade_out = {0.4, "linear"}},
    keys = {length = 8},
  },
  copies = {
    vox = { {start = 4, position = 4, length = 5, fade_in = {0.3, "power"}, fade_out = {0.2, "fast"}},
            {start = 2.5, position = 2, length = 1} },
    bass = { {start = 3, position = 3, length = 4, fade_in = {0.5, "slow"}, lower = true} },
    keys = { {start = 6, position = 7, length = 3, fade_in = {1, "symmetric"}, opaque = false} },
  },
}
Y

# Fades that overlap (issue 45): regions of 1 s whose drawn fade-in and
# fade-out together are longer than the region, which Ardour plays each
# over its own frames and sums where both play: the kick alone (linear
# 0.7 s in, 0.6 s out), a vox take opaque over the first (power in, fast
# out), a transparent keys region over another (symmetric in, slow out).
cat > "$W/fadeover.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB}
  vox: {file: vox.wav, gain: -5 dB}
  keys: {file: keys.wav, gain: -6 dB}
Y
cat > "$W/fadeover.lua" <<'Y'
return {
  regions = {
    kick = {position = 0.5, length = 1, fade_in = {0.7, "linear"}, fade_out = {0.6, "linear"}},
    vox = {length = 6},
    keys = {length = 4},
  },
  copies = {
    vox = { {start = 2, position = 2, length = 1, fade_in = {0.7, "power"}, fade_out = {0.6, "fast"}} },
    keys = { {start = 1, position = 1, length = 1, fade_in = {0.5, "symmetric"},
              fade_out = {0.8, "slow"}, opaque = false} },
  },
}
Y

# Inverse fades that are not fades (issue 45): an opaque vox take and an
# opaque bass region over the first ones, their saved inverses replaced
# (inverse_edit.py, as Ardour's crossfade editor draws them) by points out
# of order, not from 0, above unity, ending before or after their fade, a
# point given twice, a single point not at 0.
cat > "$W/inverses.yaml" <<'Y'
stemprint: 1
tracks:
  vox: {file: vox.wav, gain: -5 dB}
  bass: {file: bass.wav, gain: -3 dB}
Y
cat > "$W/inverses.lua" <<'Y'
return {
  regions = { vox = {length = 6}, bass = {length = 5} },
  copies = {
    vox = { {start = 2, position = 2, length = 2, fade_in = {0.3, "power"}, fade_out = {0.4, "slow"}} },
    bass = { {start = 3, position = 3, length = 1.5, fade_in = {0.2, "linear"},
              fade_out = {0.25, "symmetric"}} },
  },
}
Y
cat > "$W/inverses.inv" <<'Y'
vox 2 in 0.05:0.9,0.02:1.6,0.2:0.3
vox 2 out 0.1:0,0.25:0.5,0.5:1
bass 3 in 0:1,0.1:0.2,0.1:0.2,0.15:1.2
bass 3 out 0.3:0.7
Y

# Fades whose saved points are not a fade (issue 45): the inverses
# session's regions, their drawn fades replaced (inverse_edit.py) by points
# out of order, not from 0 and above unity, as a hand-edited or another
# tool's session may hold them; Ardour loads and draws them as a list.
cp "$W/inverses.yaml" "$W/fadepoints.yaml"
cp "$W/inverses.lua" "$W/fadepoints.lua"
cat > "$W/fadepoints.inv" <<'Y'
vox 2 fade-in 0.1:0.4,0.05:0.2,0.3:1.3
vox 2 fade-out 0.1:1.2,0.2:0.6,0.4:0
bass 3 fade-in 0.02:0.5,0.2:1
Y

# Stereo panners: the balance Ardour gives a stereo route (bgv at 0.4),
# and its equal-power stereo panner with a width on a track and a bus,
# set in the saved file by pan_edit.py (ROUTE AZIMUTH WIDTH PANNER).
cat > "$W/panners.yaml" <<'Y'
stemprint: 1
tracks:
  keys: {file: keys.wav, gain: -6 dB, to: pads}
  bgv: {file: bgv.wav, gain: -7 dB, pan: 0.4}
  vox: {file: vox.wav, gain: -5 dB, pan: -0.3}
buses:
  pads: {gain: -1 dB}
Y
echo 'return {}' > "$W/panners.lua"
echo 'keys 0.3 0.5 2in2out pads 0.55 -1 2in2out' > "$W/panners.pan"
# The same, the keys' position automated alone (its width list without
# events): Ardour's Equal Power Stereo panner then plays width 0.
cp "$W/panners.yaml" "$W/panauto.yaml"
cp "$W/panners.pan" "$W/panauto.pan"
cat > "$W/panauto.lua" <<'Y'
return {
  routes = { keys = {pan = {{0.5, 0.2}, {3, 0.8}}} },
}
Y

# The same pan list held in beats under beattempo's tempo change (issue 45).
cp "$W/panners.yaml" "$W/beatpan.yaml"
cp "$W/panners.pan" "$W/beatpan.pan"
cat > "$W/beatpan.lua" <<'Y'
return {
  tempo = { {0, 97}, {4, 130} },
  routes = { keys = {pan = {{0.5, 0.2}, {2, 0.7}, {3, 0.8}}} },
}
Y
echo 'map pan-azimuth' > "$W/beatpan.beats"

# Fader, pan and send automation, played back (state Play): a stereo
# track's fader, a mono track's pan and its post-fader send's level, steep
# 64-sample moves on a bass fader, a bus's fader.
cat > "$W/automation.yaml" <<'Y'
stemprint: 1
tracks:
  keys: {file: keys.wav, gain: -6 dB}
  vox: {file: vox.wav, gain: -5 dB, pan: -0.3, sends: [{to: verb, level: -8 dB}]}
  bass: {file: bass.wav, gain: -4 dB, to: low}
  kick: {file: kick.wav, gain: -6 dB, to: low}
buses:
  verb: {gain: -4 dB}
  low: {gain: -2 dB}
Y
cat > "$W/automation.lua" <<'Y'
return { routes = {
  keys = {gain = {{0.5, 0.25}, {2.5, 1.0}, {3, 0.7}, {6, 0.05}, {8, 0.5}}},
  vox = {pan = {{0, 0.2}, {3, 0.8}, {7, 0.4}}, sends = {{{1, 0.3}, {2.5, 0.9}, {9, 0.1}}}},
  bass = {gain = {{4, 0.6}, {4.0013, 0.3}, {6, 0.3}, {6.0013, 0.8}}},
  low = {gain = {{0, 0.8}, {5, 1.4}}},
} }
Y

# The automation session with latency on another path: the reverb return
# behind x42's limiter (its true-peak lookahead), so master waits for it
# and every other route into master is delayed to meet it, its automation
# (faders, a bus's fader) riding the delayed edges.
sed 's/^  verb: {gain: -4 dB}$/  verb: {gain: -4 dB, inserts: [{limiter: {ceiling: -1 dBTP}}]}/' \
  "$W/automation.yaml" > "$W/autolatency.yaml"
cp "$W/automation.lua" "$W/autolatency.lua"

# Regions placed in beat time (odd ticks: between frames) through tempo
# changes, a ramp from 120 to 90 bpm over four beats and a jump to 140.
cat > "$W/tempo.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -3 dB}
  vox: {file: vox.wav, gain: -5 dB, pan: 0.1}
  keys: {file: keys.wav, gain: -6 dB}
Y
cat > "$W/tempo.lua" <<'Y'
return {
  tempo = { {0, 120}, {4, 120, ramp = true}, {8, 90}, {14, 140} },
  regions = {
    kick = {ticks = 2 * 1920 + 1, length = 3},
    bass = {ticks = 6 * 1920 + 963, length = 3},
    vox = {ticks = 9 * 1920 + 7, length = 4},
    keys = {ticks = 15 * 1920 + 11, length = 3},
  },
}
Y

# VCAs: one on two tracks (one with fader automation), moved after they
# were assigned; one muting a bus; one on a VCA.
cat > "$W/vcas.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, to: drums}
  snare: {file: snare.wav, gain: -6 dB, pan: 0.3, to: drums}
  bass: {file: bass.wav, gain: -3 dB}
  vox: {file: vox.wav, gain: -5 dB, pan: 0.1}
  keys: {file: keys.wav, gain: -6 dB, to: pads}
buses:
  drums: {gain: -2 dB}
  pads: {gain: -1 dB}
Y
cat > "$W/vcas.lua" <<'Y'
return {
  routes = { bass = {gain = {{0.5, 0.25}, {2.5, 1.0}, {6, 0.5}}} },
  vcas = {
    {name = "band", gain = 0.5, routes = {"bass", "vox", "drums"}},
    {name = "quiet", mute = true, routes = {"pads"}},
  },
}
Y

# A VCA's own automation: band's gain moves (0.5 → 1 → 0.25) over a track
# and a bus whose faders are fixed and a track whose fader is automated;
# quiet's mute moves over a bus.
# And a solo's: vox soloed from 2 s to 3.5 s, which Ardour 7.3's export does
# not play (docs/sessions.md): the import holds it.
cp "$W/vcas.yaml" "$W/vcaauto.yaml"
cat > "$W/vcaauto.lua" <<'Y'
return {
  routes = { bass = {gain = {{0.5, 0.25}, {2.5, 1.0}, {6, 0.5}}} },
  vcas = {
    {name = "band", gain = 0.5, routes = {"bass", "vox", "drums"},
     gains = {{1, 0.5}, {3, 1.0}, {5, 0.25}}},
    {name = "quiet", routes = {"pads"}, mutes = {{0, 0}, {2, 1}, {4, 0}}},
  },
}
Y
# A VCA's gain list and an automated fader under it held in beats, under
# the tempo change of beattempo (issue 45).
cp "$W/vcas.yaml" "$W/beatvca.yaml"
sed 's/^return {$/return {\n  tempo = { {0, 97}, {4, 130} },/' "$W/vcaauto.lua" > "$W/beatvca.lua"
echo 'map gain' > "$W/beatvca.beats"
# VCAs on a VCA whose gain moves: 'all' automated 0.5 → 1 → 0.25 over 1 to
# 5 s, 'band' (0.5) on it, on a track and a bus with fixed faders and on
# the bass, whose fader is automated too.
cp "$W/vcas.yaml" "$W/vcanest.yaml"
cat > "$W/vcanest.lua" <<'Y'
return {
  routes = { bass = {gain = {{0.5, 0.25}, {2.5, 1.0}, {6, 0.5}}} },
  vcas = {
    {name = "all", gain = 0.5, gains = {{1, 0.5}, {3, 1.0}, {5, 0.25}}},
    {name = "band", gain = 0.5, on = {"all"}, routes = {"bass", "vox", "drums"}},
  },
}
Y
# A VCA's solo automation: 'lead' on the vox, soloed from 2 s to 3.5 s.
cp "$W/vcas.yaml" "$W/vcasolo.yaml"
cat > "$W/vcasolo.lua" <<'Y'
return {
  vcas = { {name = "lead", routes = {"vox"}, solos = {{0, 0}, {2, 1}, {3.5, 0}}} },
}
Y
cp "$W/vcas.yaml" "$W/soloauto.yaml"
cat > "$W/soloauto.lua" <<'Y'
return {
  routes = { vox = {solos = {{0, 0}, {2, 1}, {3.5, 0}}} },
}
Y

cat > "$W/plugins.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, to: drums}
  snare: {file: snare.wav, gain: -8 dB, pan: 0.2, to: drums}
  bass: {file: bass.wav, gain: -4 dB, to: bassbus}
  vox: {file: vox.wav, gain: -5 dB}
buses:
  drums:
    inserts: [{eq: [{type: highpass, freq: 40 Hz}, {type: peak, freq: 3 kHz, gain: 3 dB, q: 1}]}]
  bassbus:
    inserts: [{compressor: {threshold: -30 dB, ratio: 4, attack: 5 ms, release: 100 ms, key: {from: kick, tap: post}}}]
Y
echo 'return {}' > "$W/plugins.lua"

# Trim automation played back: Ardour 7.3 interpolates a trim's list
# logarithmically (linear in dB), a fader's along its law: the bass's trim
# ramps -12 dB → +12 dB → 0 dB (the list's default style, Logarithmic),
# the keys' trim the same in a Linear list, the kick's trim in three
# Discrete steps, the vox's fader in a Linear list.
cat > "$W/trimauto.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -9 dB, pan: 0.3}
  keys: {file: keys.wav, gain: -12 dB}
  vox: {file: vox.wav, gain: -5 dB}
Y
cat > "$W/trimauto.lua" <<'Y'
return { routes = {
  bass = {trims = {{0.5, 0.25}, {2.5, 4.0}, {4.5, 1.0}}},
  keys = {trims = {{1, 4.0}, {3, 0.25}, {5, 2.0}}, trim_style = "Linear"},
  kick = {trims = {{0.5, 0.5}, {1.7, 2.0}, {3.1, 0.7}}, trim_style = "Discrete"},
  vox = {gain = {{0.5, 0.1}, {2.5, 1.0}, {4, 0.3}}, gain_style = "Linear"},
} }
Y

# Fader automation in beat time (issue 45): a session at 97 bpm whose gain
# lists Ardour holds in beats (time-domain BeatTime, events in ticks; set in
# the saved file by beat_edit.py, Ardour's Lua cannot choose a list's time
# domain): the kick's in Discrete steps, the vox's Linear, the bass's the
# fader's default (Exponential).
cat > "$W/beatauto.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -9 dB, pan: 0.3}
  keys: {file: keys.wav, gain: -12 dB}
  vox: {file: vox.wav, gain: -5 dB}
Y
cat > "$W/beatauto.lua" <<'Y'
return {
  tempo = { {0, 97} },
  routes = {
    kick = {gain = {{0.5, 0.5}, {1.7, 1.0}, {3.1, 0.3}}, gain_style = "Discrete"},
    bass = {gain = {{0.5, 0.25}, {2.5, 1.0}, {4.5, 0.5}}},
    vox = {gain = {{0.5, 0.1}, {2.5, 1.0}, {4, 0.3}}, gain_style = "Linear"},
  },
}
Y
echo '97 gain' > "$W/beatauto.beats"
# The same lists under a tempo map that changes (issue 45): 97 bpm, 130 from
# beat 4 (2.47 s, in the middle of each list); and under a ramp, 97 bpm
# ramping to 130 from beat 2 to beat 6, then 130. Their events are put in
# ticks through the session's own map (beat_edit.py map).
cp "$W/beatauto.yaml" "$W/beattempo.yaml"
sed 's/tempo = { {0, 97} },/tempo = { {0, 97}, {4, 130} },/' "$W/beatauto.lua" > "$W/beattempo.lua"
echo 'map gain' > "$W/beattempo.beats"
cp "$W/beatauto.yaml" "$W/beatramp.yaml"
sed 's/tempo = { {0, 97} },/tempo = { {0, 97}, {2, 97, ramp = true}, {6, 130} },/' "$W/beatauto.lua" > "$W/beatramp.lua"
echo 'map gain' > "$W/beatramp.beats"

# Curved and Logarithmic-to-silence level lists (issue 45): the vox's fader
# Curved over five points and the bass's trim Curved over four (Ardour's
# Lua sets them: edit.lua), the keys' fader Logarithmic falling to silence
# (set in the saved file by interp_edit.py: Ardour's Lua refuses
# Logarithmic on a fader, whose range starts at 0; Ardour loads it and
# plays it).
cat > "$W/curves.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -9 dB, pan: 0.3}
  keys: {file: keys.wav, gain: -12 dB}
  vox: {file: vox.wav, gain: -5 dB}
Y
cat > "$W/curves.lua" <<'Y'
return { routes = {
  vox = {gain = {{0.5, 0.2}, {1.2, 1.0}, {2.0, 0.5}, {2.8, 0.9}, {4.0, 0.3}}, gain_style = "Curved"},
  bass = {trims = {{0.5, 0.5}, {1.5, 2.0}, {2.5, 1.0}, {3.5, 3.0}}, trim_style = "Curved"},
  keys = {gain = {{0.5, 1.0}, {1.5, 0.5}, {2.5, 0}}},
} }
Y
echo 'keys gain Logarithmic' > "$W/curves.interp"
# The same, the fader lists held in beats at 97 bpm (beat_edit.py): the
# spline over beat ticks, each frame reading a whole tick.
cp "$W/curves.yaml" "$W/beatcurves.yaml"
cp "$W/curves.interp" "$W/beatcurves.interp"
sed 's/^return { routes = {/return { tempo = { {0, 97} }, routes = {/' "$W/curves.lua" > "$W/beatcurves.lua"
echo '97 gain' > "$W/beatcurves.beats"

# A fixed solo (no automation): the verb return soloed, which solos what
# feeds it (kick and vox by their sends; the bass is solo-safe, so not);
# the drums bus, neither soloed nor fed by a soloed route's output, is
# muted by it, kick's output with it; the keys are solo-isolated.
cat > "$W/soloiso.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, to: drums, sends: [{to: verb, level: -12 dB}]}
  snare: {file: snare.wav, gain: -6 dB, pan: 0.3, to: drums}
  bass: {file: bass.wav, gain: -3 dB, sends: [{to: verb, level: -8 dB}]}
  vox: {file: vox.wav, gain: -2 dB, pan: 0.1, sends: [{to: verb, level: -10 dB, tap: pre}]}
  keys: {file: keys.wav, gain: -9 dB}
buses:
  drums: {gain: -2 dB}
  verb: {gain: -4 dB}
Y
cat > "$W/soloiso.lua" <<'Y'
return { routes = { verb = {solo = true}, bass = {solo_safe = true}, keys = {solo_isolate = true} } }
Y

# Mute automation played back: the vox track muted from 1.3 s to 2.45 s,
# the bass from 3.1 s on, the kick (under a moving fader) twice.
cat > "$W/muteauto.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -3 dB, pan: 0.3}
  vox: {file: vox.wav, gain: -2 dB}
Y
cat > "$W/muteauto.lua" <<'Y'
return { routes = { vox = { mutes = {{0, 0}, {1.3, 1}, {2.45, 0}} },
                    bass = { mutes = {{0, 0}, {3.1, 1}} },
                    kick = { gain = {{0, 0.6}, {4, 1}},
                             mutes = {{0, 0}, {0.5, 1}, {0.52, 0}, {2.0001, 1}, {2.7, 0}} } } }
Y

# A plugin after the fader: ACE Compressor (threshold -20 dB) after the vox
# fader, which moves 0.3 -> 1.5 -> 0.5 over 4 s, and a pre-fader send to a
# return that hears neither.
cat > "$W/postfader.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB, pan: -0.2}
  bass: {file: bass.wav, gain: -3 dB, pan: 0.3}
  vox: {file: vox.wav, gain: -2 dB, sends: [{to: verb, level: -8 dB, tap: pre}]}
buses:
  verb: {gain: -4 dB}
Y
cat > "$W/postfader.lua" <<'Y'
return { routes = { vox = { gain = {{0, 0.3}, {2, 1.5}, {4, 0.5}},
                            add = { { uri = "urn:ardour:a-comp", post = true, params = { [4] = -20 } } } } } }
Y

# A send between the fader and a plugin after it: postfader's session with
# the vox send post-fader (Ardour puts it after the fader, edit.lua the
# compressor after it): it hears the moving fader but not the compressor,
# imported as `tap: fader`.
sed 's/tap: pre}/tap: post}/' "$W/postfader.yaml" > "$W/fadertap.yaml"
cp "$W/postfader.lua" "$W/fadertap.lua"

# A send between two plugins after the fader: fadertap's session with an
# ACE EQ (300 Hz +6 dB, master -6 dB) after the compressor, the vox send
# moved between the two in the saved file (send_edit.py): it hears the
# moving fader and the compressor but not the EQ, imported as `tap:
# {after: 1}`.
cp "$W/fadertap.yaml" "$W/amidtap.yaml"
cat > "$W/amidtap.lua" <<'Y'
return { routes = { vox = { gain = {{0, 0.3}, {2, 1.5}, {4, 0.5}},
                            add = { { uri = "urn:ardour:a-comp", post = true, params = { [4] = -20 } },
                                    { uri = "urn:ardour:a-eq", post = true, params = { [3] = 6, [16] = -6 } } } } } }
Y
echo "vox 1" > "$W/amidtap.send"

# A sidechain fed between two plugins after the fader: the plugins
# session's kick with ACE Compressor and ACE EQ (master -6 dB) after its
# fader, the external send feeding the bass bus compressor's sidechain
# moved between the two (send_edit.py): the key hears the kick's
# compressor but not its EQ, imported as `key: {from: kick, tap: {after: 1}}`.
cp "$W/plugins.yaml" "$W/amidkey.yaml"
cat > "$W/amidkey.lua" <<'Y'
return { routes = { kick = { add = { { uri = "urn:ardour:a-comp", post = true, params = { [4] = -20 } },
                                     { uri = "urn:ardour:a-eq", post = true, params = { [3] = 6, [16] = -6 } } } } } }
Y
echo "kick 1 send" > "$W/amidkey.send"

# Plugin automation played back: the drums bus EQ's highpass frequency
# (x42 fil4, LV2 port 7, logarithmic) swept 40 Hz -> 400 Hz -> 100 Hz.
cp "$W/plugins.yaml" "$W/plugauto.yaml"
cat > "$W/plugauto.lua" <<'Y'
return { routes = { drums = { plugins = { { [7] = {{0, 40}, {3, 400}, {6, 100}} } } } } }
Y

# Plugin automation on Linear lists where the recipe's own way is not a
# line (issue 45): x42's Stereo Routing's `routing` choice (an
# enumeration, also lv2:integer) on the keys, 0 -> 8 over 0.5 to 6.5 s
# (Ardour hands the plugin every value between: it reads them as it
# will); on the bgv x42 Balance's `monoswap` choice 0 -> 4 -> 1 and its
# `delayLeft` whole number 0 -> 400 (not rounded); the drums
# EQ's logarithmic highpass (x42 fil4, port 7) on a Linear list (the
# style set in the saved file by interp_edit.py), 40 -> 400 -> 100 Hz from
# 0.5 s (a sweep from the timeline's start leaves a start transient of its
# own: see plugauto in docs/sessions.md). Each is Ardour's default style
# but the last. Imported as `{ramp: linear, points: ...}`.
cat > "$W/plugchoice.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, to: drums}
  snare: {file: snare.wav, gain: -8 dB, pan: 0.2, to: drums}
  keys: {file: keys.wav, gain: -6 dB}
  bgv: {file: bgv.wav, gain: -7 dB}
  vox: {file: vox.wav, gain: -5 dB}
buses:
  drums:
    inserts: [{eq: [{type: highpass, freq: 40 Hz}, {type: peak, freq: 3 kHz, gain: 3 dB, q: 1}]}]
Y
cat > "$W/plugchoice.lua" <<'Y'
return { routes = {
  drums = { plugins = { { [7] = {{0.5, 40}, {3.5, 400}, {6.5, 100}} } } },
  keys = { add = { { uri = "http://gareus.org/oss/lv2/stereoroute" } },
           plugins = { { [0] = {{0.5, 0}, {6.5, 8}} } } },
  bgv = { add = { { uri = "http://gareus.org/oss/lv2/balance" } },
          plugins = { { [7] = {{0.5, 0}, {4, 4}, {7, 1}}, [5] = {{1, 0}, {5, 400}} } } },
} }
Y
echo "drums parameter-7 Linear" > "$W/plugchoice.interp"

# A plugin's switches moving (issue 45): x42 Balance's phaseL (a toggled
# port: its list Discrete) on the bgv, and ACE EQ on the vox bypassed from
# 2 s to 4 s through its designated on switch (lv2:enabled, port 23), as
# Ardour bypasses a plugin that has one: imported as the insert's moving
# `bypass:`, which works that switch itself.
cp "$W/plugchoice.yaml" "$W/plugswitch.yaml"
cat > "$W/plugswitch.lua" <<'Y'
return { routes = {
  bgv = { add = { { uri = "http://gareus.org/oss/lv2/balance" } },
          plugins = { { [1] = {{0, 0}, {2, 1}, {3, 0}} } } },
  vox = { add = { { uri = "urn:ardour:a-eq", params = { [3] = 6, [16] = -6 } } },
          plugins = { { [23] = {{0, 1}, {2, 0}, {4, 1}} } } },
} }
Y

# Mono-to-stereo plugins (LSP's Slapback Delay Mono, one tap 120 ms late,
# panned right), added as by hand: on a mono track (the track becomes
# stereo), on a stereo track (Ardour feeds it the left channel), and on a
# mono track with strict I/O (Ardour keeps it mono: the right output
# unwired). The session runs 1 s past the sources, for the echoes.
cat > "$W/widen.yaml" <<'Y'
stemprint: 1
tracks:
  vox: {file: vox.wav, gain: -5 dB, pan: -0.3}
  bgv: {file: bgv.wav, gain: -7 dB}
  bass: {file: bass.wav, gain: -4 dB, pan: 0.2}
Y
cat > "$W/widen.lua" <<'Y'
local slap = function (pan)
  -- control inputs: 11 wet (linear), 15 delay 0 mode (1: time), 16 its pan, 20 its time (ms)
  return { uri = "http://lsp-plug.in/plugins/lv2/slap_delay_mono",
           params = { [11] = 0.7, [15] = 1, [16] = pan, [20] = 120 } }
end
return { routes = {
  vox = { strict_io = false, add = { slap (60) } },
  bgv = { strict_io = false, add = { slap (-40) } },
  bass = { strict_io = true, add = { slap (80) } },
} }
Y
echo 624000 > "$W/widen.end"

# A plugin whose setting lives only in its state: LSP's Impulse Reverb
# Stereo on an aux return, its impulse response (a file path, which no port
# carries) loaded by Ardour from an LV2 preset with state, as an engineer
# loads one by hand. The preset is saved by stemprint itself (stemprint
# state) from a minimal state naming the file; Ardour saves the plugin's
# state beside the session, linking the file. The session runs on for the
# reverb's tail.
cat > "$W/state.yaml" <<'Y'
stemprint: 1
tracks:
  vox: {file: vox.wav, gain: -5 dB, pan: -0.2, sends: [{to: verb, level: -6 dB}]}
  keys: {file: keys.wav, gain: -8 dB, sends: [{to: verb, level: -10 dB}]}
buses:
  verb: {gain: -4 dB}
Y
cp "$ROOT/fixtures/audio/hall_ir.wav" "$W/"
rm -rf "$W/irfile" "$W/lv2/hall.lv2"
mkdir -p "$W/irfile" "$W/lv2"
cat > "$W/irfile/state.ttl" <<'T'
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
<> a pset:Preset ;
	lv2:appliesTo <http://lsp-plug.in/plugins/lv2/impulse_reverb_stereo> ;
	rdfs:label "irfile" ;
	state:state [
		<http://lsp-plug.in/plugins/lv2/impulse_reverb_stereo/ports#ifn0> <../hall_ir.wav>
	] .
T
cat > "$W/hall.yaml" <<'Y'
stemprint: 1
tracks:
  vox: {file: vox.wav}
master:
  inserts:
    - lv2: {plugin: "http://lsp-plug.in/plugins/lv2/impulse_reverb_stereo", state: irfile,
            dry: -inf dB, wet: -6 dB, csf0: File 1, csf3: File 1, cst3: Track 2}
Y
"$STEMPRINT" state "$W/hall.yaml" 'master.inserts[0]' -o "$W/lv2/hall.lv2" > /dev/null
cat > "$W/state.lua" <<'Y'
return { routes = {
  verb = { add = { { uri = "http://lsp-plug.in/plugins/lv2/impulse_reverb_stereo", preset = "hall" } } },
} }
Y
echo 768000 > "$W/state.end"

# 5.1 (issue 33): master and an aux return of six channels, their panners
# bypassed; mono and stereo tracks on Ardour's VBAP panner (its default
# speakers for six outputs: a hexagon, no LFE), one stereo with a width,
# aux sends into the return (their panners follow their routes'), and an
# LFE feed (a mono track wired into master's fourth input). Ardour 7.3's
# Lua cannot wire ports without its auto-connect rewiring them: the saved
# session is rewired by surround_edit.py, as a user does in the matrix.
cat > "$W/surround.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -4 dB}
  vox: {file: vox.wav, gain: -3 dB, sends: [{to: verb, level: -8 dB}]}
  keys: {file: keys.wav, gain: -6 dB, sends: [{to: verb, level: -10 dB}]}
  bass: {file: bass.wav, gain: -6 dB}
  bgv: {file: bgv.wav, gain: -7 dB}
buses:
  verb: {gain: -4 dB}
Y
echo 'return {}' > "$W/surround.lua"
printf 'vbap kick 0.3\nvbap vox 0.5\nvbap keys 0.62 0.8\nvbap bgv 0.9\nport bass 4\nbus verb\n' \
  > "$W/surround.spec"

# The same with the session's own speakers where 5.1's are (Ardour's
# degrees: its front at 180, left above it; the LFE's put behind).
cp "$W/surround.yaml" "$W/surround51.yaml"
cp "$W/surround.lua" "$W/surround51.lua"
{ cat "$W/surround.spec"; echo 'speakers 210 150 180 0 290 70'; } > "$W/surround51.spec"

# LADSPA plugins (issue 45), added as by hand: swh's Single band
# parametric (1203) on a mono track (ladspauto: its frequency, port 1, a
# fraction of the rate, swept by automation); TAP TubeWarmth (2158, nonlinear) on a
# mono track; on a stereo track, cmt's Echo Delay Line (1056, mono: one
# instance a channel) then swh's Fast Lookahead Limiter (1913, stereo, its
# latency reported on its "latency" port). Not on a bus: LADSPA does not
# say which plugins are linear, so stemprint runs them only where one stem
# passes, and an imported session prints a stem a track.
cat > "$W/ladspa.yaml" <<'Y'
stemprint: 1
tracks:
  kick: {file: kick.wav, gain: -6 dB, to: drums}
  snare: {file: snare.wav, gain: -8 dB, pan: 0.2, to: drums}
  bass: {file: bass.wav, gain: -4 dB}
  vox: {file: vox.wav, gain: -5 dB}
  keys: {file: keys.wav, gain: -8 dB}
buses:
  drums: {gain: -2 dB}
Y
cat > "$W/ladspa.lua" <<'Y'
return { routes = {
  vox = { add = { { type = "LADSPA", uri = "1203", params = { [0] = 6, [1] = 2000, [2] = 1.5 } } } },
  bass = { add = { { type = "LADSPA", uri = "2158", params = { [0] = 5, [1] = 0.5 } } } },
  keys = { add = { { type = "LADSPA", uri = "1056", params = { [0] = 0.25, [1] = 0.4 } },
                   { type = "LADSPA", uri = "1913", params = { [0] = 6, [1] = -3 } } } },
} }
Y
echo 624000 > "$W/ladspa.end"
cp "$W/ladspa.yaml" "$W/ladspauto.yaml"
cat > "$W/ladspauto.lua" <<'Y'
return { routes = {
  vox = { add = { { type = "LADSPA", uri = "1203", params = { [0] = 6, [1] = 2000, [2] = 1.5 } } },
          plugins = { { [1] = {{0, 500}, {3, 4000}, {6, 1000}} } } },
  bass = { add = { { type = "LADSPA", uri = "2158", params = { [0] = 5, [1] = 0.5 } } } },
  keys = { add = { { type = "LADSPA", uri = "1056", params = { [0] = 0.25, [1] = 0.4 } },
                   { type = "LADSPA", uri = "1913", params = { [0] = 6, [1] = -3 } } } },
} }
Y
echo 624000 > "$W/ladspauto.end"

row() { printf '| %-8s | %-38s | %12s | %9s | %-4s | %s\n' "$@"; }
echo
row scenario "what Ardour's session holds" "residual" "target" "met" "stemprint import says"
row -------- -------------------------------------- ------------ --------- ---- ---------------------
for s in ${SCENARIOS:-faders sends regions fades fadeover layers inverses fadepoints panners automation muteauto trimauto curves beatcurves beatauto beattempo beatramp soloiso postfader fadertap amidtap amidkey autolatency tempo vcas vcaauto beatvca vcanest vcasolo soloauto panauto beatpan plugins plugauto plugchoice plugswitch widen state surround surround51 lv2bench ladspa ladspauto}; do
  case $s in
  faders) what="mono and stereo tracks, faders, pans"; target=-90 ;;
  sends) what="group bus, aux return, pre/post sends, trim, polarity, mute"; target=-90 ;;
  regions) what="region moves, trims, linear fades, gains"; target=-90 ;;
  fades) what="power, slow, fast, symmetric fades, a gain envelope"; target=-90 ;;
  layers) what="overlapping regions: layers, crossfades, transparent"; target=-90 ;;
  fadeover) what="fades that overlap: alone, opaque, transparent"; target=-90 ;;
  inverses) what="opaque regions' inverse fades that are not fades"; target=-90 ;;
  fadepoints) what="drawn fades whose points are not a fade"; target=-90 ;;
  panners) what="stereo balance, equal-power stereo with widths"; target=-90 ;;
  panauto) what="equal-power stereo, its position automated alone"; target=-90 ;;
  beatpan) what="the same pan list in beats under beattempo's tempo change"; target=-90 ;;
  automation) what="fader, pan, send and bus automation"; target=-90 ;;
  muteauto) what="mute automation on three tracks, one under a moving fader"; target=-90 ;;
  soloiso) what="a soloed return, a solo-safe and a solo-isolated track, a bus muted by the solo"; target=-90 ;;
  trimauto) what="trim automation (Logarithmic, Linear, Discrete lists), a Linear fader list"; target=-90 ;;
  curves) what="Curved fader and trim lists, a Logarithmic fader list falling to silence"; target=-90 ;;
  beatcurves) what="the curves lists, the faders' held in beats at 97 bpm"; target=-90 ;;
  beatauto) what="fader automation in beat time at 97 bpm (Discrete, Linear, Exponential lists)"; target=-90 ;;
  beattempo) what="the same lists under a tempo change (97, then 130 bpm from beat 4)"; target=-90 ;;
  beatramp) what="the same lists under a tempo ramp (97 to 130 bpm over beats 2 to 6)"; target=-90 ;;
  beatvca) what="vcaauto's VCA and fader lists in beats under beattempo's tempo change"; target=-90 ;;
  postfader) what="ACE comp after a moving fader, a pre-fader send"; target=-60 ;;
  fadertap) what="the same, the send between the moving fader and the comp"; target=-60 ;;
  amidtap) what="the same, an EQ after the comp, the send between the two"; target=-60 ;;
  amidkey) what="plugins, the key's send between a comp and an EQ after kick's fader"; target=-60 ;;
  autolatency) what="the same, master waiting for a limiter's lookahead"; target=-60 ;;
  tempo) what="regions in beats, tempo ramp and changes"; target=-90 ;;
  vcas) what="VCAs on tracks, a bus, an automated fader; a muting VCA"; target=-90 ;;
  vcaauto) what="a VCA's gain automation on fixed and automated faders; a VCA's mute automation"; target=-90 ;;
  vcanest) what="a VCA on a VCA whose gain automation plays; fixed and automated faders"; target=-90 ;;
  vcasolo) what="a VCA's solo automation over a track"; target=-90 ;;
  soloauto) what="solo automation on a track (Ardour's export does not play it)"; target=-90 ;;
  plugins) what="x42 EQ, ACE compressor keyed by kick"; target=-60 ;;
  plugauto) what="x42 EQ's highpass swept by automation"; target=-60 ;;
  plugchoice) what="choices, a whole number, a log port on Linear lists"; target=-60 ;;
  plugswitch) what="a toggled port's list, an ACE EQ bypassed by its on switch"; target=-60 ;;
  lv2bench) what="LSP EQs, ACE comps (one keyed), delay, plate, LSP limiter"; target=-60 ;;
  widen) what="mono-to-stereo delay: mono, stereo, strict I/O"; target=-60 ;;
  state) what="LSP reverb, its IR file only in its state (a preset)"; target=-60 ;;
  surround) what="5.1: VBAP mono/stereo, LFE feed, 6-ch return"; target=-90 ;;
  surround51) what="the same over the session's 5.1 speakers"; target=-90 ;;
  ladspa) what="LADSPA: swh EQ, TAP tube, cmt echo, swh limiter"; target=-60 ;;
  ladspauto) what="the same, the EQ's frequency automated"; target=-60 ;;
  esac
  rm -rf "$W/$s.session" "$W/$s.session.cfg" "$W/$s.out"
  if [ "$s" = lv2bench ]; then
    bench=${BENCH_SESSION:-$W/bench-small/session.yaml}
    [ -f "$bench" ] || $PY "$ROOT/../shared/bench/make_session.py" --tracks 16 --seconds 30 \
      --out "$W/bench-small" > "$W/$s.make.log" 2>&1
    sh "$ROOT/bench/ardour_lv2.sh" "$bench" "$W/$s.session" > "$W/$s.build.log" 2>&1
  else
    end=; [ -f "$W/$s.end" ] && end=$(cat "$W/$s.end")
    (cd "$W" && END_SAMPLES=$end sh "$SHARED/build.sh" "$s.yaml" "$W/$s.session" > "$W/$s.build.log" 2>&1)
    # LV2_PATH: lilv's default path and the presets made above
    LV2_PATH=$W/lv2:$HOME/.lv2:/usr/local/lib/lv2:/usr/lib/lv2:/usr/lib/x86_64-linux-gnu/lv2 \
      XDG_CONFIG_HOME=$W/$s.session.cfg SESSION_DIR=$W/$s.session EDITS=$W/$s.lua \
      ardour7-lua "$HERE/edit.lua" > "$W/$s.edit.log" 2>&1
  fi
  if [ -f "$W/$s.pan" ]; then
    # shellcheck disable=SC2046 # ROUTE AZIMUTH WIDTH PANNER, word by word
    $PY "$HERE/pan_edit.py" "$W/$s.session/sp.ardour" $(cat "$W/$s.pan")
  fi
  if [ -f "$W/$s.beats" ]; then
    # shellcheck disable=SC2046 # BPM PARAMETER..., word by word
    $PY "$HERE/beat_edit.py" "$W/$s.session/sp.ardour" $(cat "$W/$s.beats")
  fi
  if [ -f "$W/$s.send" ]; then
    # shellcheck disable=SC2046 # ROUTE N [KIND], word by word
    $PY "$HERE/send_edit.py" "$W/$s.session/sp.ardour" $(cat "$W/$s.send")
  fi
  if [ -f "$W/$s.interp" ]; then
    # shellcheck disable=SC2046 # ROUTE PARAMETER STYLE, word by word
    $PY "$HERE/interp_edit.py" "$W/$s.session/sp.ardour" $(cat "$W/$s.interp")
  fi
  if [ -f "$W/$s.inv" ]; then
    # PLAYLIST AT WHICH POINTS, a line each
    while read -r pl at which pts; do
      $PY "$HERE/inverse_edit.py" "$W/$s.session/sp.ardour" "$pl" "$at" "$which" "$pts"
    done < "$W/$s.inv"
  fi
  if [ -f "$W/$s.spec" ]; then
    $PY "$HERE/surround_edit.py" "$W/$s.session/sp.ardour" "$W/$s.spec"
  fi
  if [ "$s" = automation ] || [ "$s" = autolatency ] || [ "$s" = vcas ] || [ "$s" = vcaauto ] || [ "$s" = vcanest ] || [ "$s" = vcasolo ] || [ "$s" = soloauto ] || [ "$s" = panauto ] || [ "$s" = beatpan ] || [ "$s" = muteauto ] || [ "$s" = trimauto ] || [ "$s" = curves ] || [ "$s" = beatcurves ] || [ "$s" = beatauto ] || [ "$s" = beattempo ] || [ "$s" = beatramp ] || [ "$s" = beatvca ] || [ "$s" = postfader ] || [ "$s" = fadertap ] || [ "$s" = amidtap ] || [ "$s" = plugauto ] || [ "$s" = plugchoice ] || [ "$s" = plugswitch ]; then
    # Ardour 7.3 plays a track's fader automation late by its output's
    # playback latency (Amp's automation is read at the cycle's start plus
    # the amp's own output latency, the disk reader runs ahead by the
    # route's): 256 samples here, master being wired to the Dummy
    # backend's system:playback. Unwired, the export is on time.
    # Wired, ardour7-export also runs a first cycle of 256 frames, then
    # every 1024, where `plugin_cycle: ardour` is the settled export's
    # 1024 from the first frame (docs/sessions.md, What Ardour's export
    # depends on): a moving plugin parameter is read 256 frames off
    # (plugchoice -12.1 dBFS wired, -131.4 unwired; plugauto -68.7, -130.0;
    # plugswitch -46.2, -125.4; measured 2026-12-01).
    sed -i '/<Connection other="system:playback_[0-9]*"\/>/d' "$W/$s.session/sp.ardour"
  fi
  # ardour7-export 7.3 now and then aborts ("double free or corruption"),
  # sometimes after writing garbage: try again, up to three times
  for try in 1 2 3; do
    rm -f "$W/$s.ardour.wav"
    if XDG_CONFIG_HOME=$W/$s.session.cfg ardour7-export -b float -o "$W/$s.ardour.wav" \
      "$W/$s.session" sp > "$W/$s.export.log" 2>&1; then
      break
    fi
    echo "interop.sh: ardour7-export of $s aborted (try $try): $(tail -c 120 "$W/$s.export.log" | tr '\n' ' ')" >&2
  done
  "$STEMPRINT" import "$W/$s.session" -o "$W/$s.imported.yaml" --force > "$W/$s.import.log" 2>&1
  sed -i 's/^stemprint: 1$/stemprint: 1\noutput: {depth: 32f}/' "$W/$s.imported.yaml"
  "$STEMPRINT" render -q "$W/$s.imported.yaml" -o "$W/$s.out" >> "$W/$s.import.log" 2>&1 || true
  "$STEMPRINT" null --json "$W/$s.ardour.wav" "$W/$s.out/mix.wav" > "$W/$s.null.json" 2>/dev/null || true
  # no residual peak: the two files are the same, sample for sample
  res=$($PY -c "import json,sys; v = json.load(open(sys.argv[1]))['residual_peak_dbfs']; print('-inf dBFS' if v is None else '%.1f dBFS' % v)" "$W/$s.null.json")
  met=$($PY -c "import sys; print('yes' if float(sys.argv[1].split()[0]) <= float(sys.argv[2]) else 'no')" "$res" "$target")
  said=$(grep -c 'warning:' "$W/$s.import.log" || true)
  lost=$(grep -o 'not carried over: [^:]*([^)]*): [^;]*' "$W/$s.imported.yaml" | sed 's/not carried over: //' | head -3 | tr '\n' ';')
  row "$s" "$what" "$res" "$target dBFS" "$met" "$said warnings ${lost:+: $lost}"
done
echo
echo "files in $W"
