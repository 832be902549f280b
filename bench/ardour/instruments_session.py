#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The files of bench/instruments_ardour.sh: a bench session's MIDI parts on
ACE Fluid Synth, for stemprint and for Ardour.

  instruments_session.py write SESSION_DIR SPEC_LUA
  instruments_session.py inject ARDOUR_SESSION SESSION_DIR
  instruments_session.py frames WAV

write: the session's MIDI parts as Standard MIDI Files in SESSION_DIR/midi/
(the generator's own functions and seed, as bench/instruments.py writes them),
the first 16 of them (the bass and music buses' parts: bass_di .. bells; the
choir stays audio) taken as instrument tracks, and beside session.yaml:

  gm.lv2/               an LV2 preset of ACE Fluid Synth whose state loads
                        FluidR3_GM.sf2 (Ardour loads it by label, stemprint
                        reads gm.lv2/gm.ttl as the instrument's state:)
  session_ace.yaml      session.yaml with those 16 tracks playing their MIDI
                        on ACE Fluid Synth (reverb and chorus off), every
                        other track, bus, send and stem as in session.yaml
  session_audio16.yaml  session.yaml without those 16 tracks: what
                        ../shared/bench/ardour/build.sh builds in Ardour
                        before the instrument tracks are added
  parts_ace.yaml        the 16 instrument tracks alone, to master, no stems
  parts_sf2.yaml        the same parts on stemprint's soundfont instrument
                        (FluidR3_GM, the part's program, -8 dB: fluidsynth's
                        -g 0.4), reverb and chorus off: what `fluidsynth -F`
                        renders of them
  parts16.txt           the 16 MIDI files, one a line

and SPEC_LUA, the 16 tracks as a Lua table for instruments_session.lua
(name, bus, gain, pan, sends, the MIDI file, the session's tempo).

inject: each MIDI source of ARDOUR_SESSION/sp.ardour (the empty bounce
instruments_session.lua made for a track) replaced by the track's part, its
Empty flag dropped, and every track's audio outputs wired to its bus as the
recipe says (Ardour 7.3's Lua auto-connect rewires tracks made earlier).
frames: the frame count of a WAV (Ardour's export range).
"""
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import instruments  # noqa: E402  bench/instruments.py: the parts, written as it writes them
import midi_parts  # noqa: E402   bench/ardour/midi_parts.py: wire()

SF2 = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
ACE = 'urn:ardour:a-fluidsynth'
N_PARTS = 16

PRESET_MANIFEST = '''@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<gm.ttl> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:seeAlso <gm.ttl> .
'''
PRESET = '''@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
<> a pset:Preset ; lv2:appliesTo <urn:ardour:a-fluidsynth> ; rdfs:label "gm" ;
	state:state [ <urn:ardour:a-fluidsynth:sf2file> <%s> ] .
''' % SF2


def rest_of(line):
    """a track line's fields after its file: (gain, pan, to, sends)."""
    body = line.split('{file:', 1)[1]
    return body.split(',', 1)[1] if ',' in body else '}'


def lua(v):
    if isinstance(v, dict):
        return '{' + ', '.join('%s = %s' % (k, lua(x)) for k, x in v.items()) + '}'
    if isinstance(v, list):
        return '{' + ', '.join(lua(x) for x in v) + '}'
    if isinstance(v, (int, float)):
        return repr(v)
    return '"%s"' % str(v).replace('\\', '\\\\').replace('"', '\\"')


def db(v):
    return float(str(v).replace('dB', '').strip())


def write(d, spec_path):
    d = os.path.abspath(d)
    found = instruments.parts(d)[:N_PARTS]
    if len(found) < N_PARTS:
        sys.exit('instruments_session.py: %s has %d MIDI parts, not %d' % (d, len(found), N_PARTS))
    names = [f[0] for f in found]
    os.makedirs(os.path.join(d, 'gm.lv2'), exist_ok=True)
    with open(os.path.join(d, 'gm.lv2', 'manifest.ttl'), 'w') as f:
        f.write(PRESET_MANIFEST)
    with open(os.path.join(d, 'gm.lv2', 'gm.ttl'), 'w') as f:
        f.write(PRESET)
    text = open(os.path.join(d, 'session.yaml')).read()
    ace, audio = [], []
    for ln in text.split('\n'):
        m = re.match(r'^  ([A-Za-z0-9_]+): \{file: ', ln)
        if m and m.group(1) in names:
            _, mid, _ = found[names.index(m.group(1))]
            ace.append('  %s: {midi: %s, instrument: {lv2: {plugin: "%s", state: gm.lv2/gm.ttl, '
                       'rev_enable: false, chorus_enable: false}},%s' % (m.group(1), mid, ACE, rest_of(ln)))
            continue
        ace.append(ln)
        audio.append(ln)
    with open(os.path.join(d, 'session_ace.yaml'), 'w') as f:
        f.write('\n'.join(ace))
    with open(os.path.join(d, 'session_audio16.yaml'), 'w') as f:
        f.write('\n'.join(audio))
    head = ('stemprint: 1\nsample_rate: 48000\ntail: auto\npan_law: 0 dB\n'
            'output: {depth: 32f, dither: none}\ntracks:\n')
    with open(os.path.join(d, 'parts_ace.yaml'), 'w') as f:
        f.write('# the 16 MIDI parts alone on ACE Fluid Synth\n' + head)
        for name, mid, _ in found:
            f.write('  %s: {midi: %s, instrument: {lv2: {plugin: "%s", state: gm.lv2/gm.ttl, '
                    'rev_enable: false, chorus_enable: false}}}\n' % (name, mid, ACE))
    with open(os.path.join(d, 'parts_sf2.yaml'), 'w') as f:
        f.write('# the 16 MIDI parts alone, as fluidsynth -F renders them\n' + head)
        for name, mid, prog in found:
            f.write('  %s: {midi: %s, instrument: {soundfont: {file: %s, program: %d, '
                    'gain: -8 dB}}}\n' % (name, mid, SF2, prog))
    with open(os.path.join(d, 'parts16.txt'), 'w') as f:
        f.write(''.join(os.path.join(d, mid) + '\n' for _, mid, _ in found))
    recipe = yaml.safe_load(text.replace('{recipe}', 'RECIPE'))
    info = json.load(open(os.path.join(d, 'session.json')))
    tracks = []
    for name, mid, _ in found:
        t = recipe['tracks'][name]
        tracks.append({'name': name, 'midi': os.path.join(d, mid), 'gain': db(t.get('gain', 0)),
                       'pan': float(t.get('pan', 0)), 'to': t.get('to', 'master'),
                       'sends': [{'to': s['to'], 'level': db(s.get('level', 0))}
                                 for s in t.get('sends', []) or []]})
    with open(spec_path, 'w') as f:
        f.write('-- generated by bench/ardour/instruments_session.py from %s\nreturn %s\n'
                % (os.path.join(d, 'session.yaml'),
                   lua({'tempo': float(info['song']['tempo_bpm']), 'tracks': tracks})))
    print('%d instrument tracks: %s' % (len(found), ' '.join(names)))


def inject(session, d):
    d = os.path.abspath(d)
    path = os.path.join(session, 'sp.ardour')
    xml = open(path).read()
    folder = os.path.join(session, 'interchange', os.path.basename(session.rstrip('/')), 'midifiles')
    found = {f[0]: f[1] for f in instruments.parts(d)[:N_PARTS]}
    done = set()
    for m in re.finditer(r'<Source name="([^"]+)"[^>]*type="midi"[^>]*captured-for="([^"]+)"', xml):
        src, track = m.group(1), m.group(2)
        if track not in found:
            continue
        with open(os.path.join(d, found[track]), 'rb') as f:
            data = f.read()
        with open(os.path.join(folder, src), 'wb') as f:
            f.write(data)
        done.add(track)
    xml = re.sub(r'(<Source name="[^"]+"[^>]*type="midi"[^>]*flags=")([^"]*)"',
                 lambda m: m.group(1) + ','.join(x for x in m.group(2).split(',')
                                                 if x not in ('Empty', 'RemovableIfEmpty')) + '"',
                 xml)
    recipe = yaml.safe_load(open(os.path.join(d, 'session.yaml')).read().replace('{recipe}', 'RECIPE'))
    for name, t in recipe['tracks'].items():
        dest = t.get('to', 'master')
        xml = midi_parts.wire(xml, name, 'Master' if dest == 'master' else dest)
    with open(path, 'w') as f:
        f.write(xml)
    missing = set(found) - done
    if missing:
        sys.exit('instruments_session.py: no MIDI source captured for %s' % ', '.join(sorted(missing)))


def frames(wav):
    import soundfile
    print(soundfile.info(wav).frames)


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == 'inject':
        inject(sys.argv[2], sys.argv[3])
    else:
        frames(sys.argv[2])
