# SPDX-License-Identifier: GPL-3.0-or-later
# Turns a saved stereo Ardour session into a 5.1 one, as a user wires it by
# hand (ardour7-lua 7.3 can add ports but its auto-connect rewires them):
# master and the buses named get six inputs and six outputs and their
# panners bypassed (each channel to its own output), the routes named get
# their outputs wired to master's inputs as said, and their panners set.
# Ardour then gives a route of one or two inputs and six outputs its VBAP
# panner when it loads the session (and the aux sends into a six-channel
# bus theirs). Run by interop.sh after edit.lua.
#
#   surround_edit.py SESSION.ardour SPEC
#
# SPEC lines: "bus NAME" (a six-channel bus into master 1..6), "vbap ROUTE
# AZIMUTH [WIDTH]" (six outputs into master 1..6, Ardour's azimuth 0 .. 1),
# "port ROUTE N..." (a route's outputs, one each, into master's inputs N...:
# an LFE feed is "port bass 4"), "speakers AZ..." (the session's speakers,
# Ardour's degrees: its front at 180, left above it). A vbap or port line
# may end in "to=BUS": into that six-channel bus's inputs, not master's
# (bench/ardour/random's surround feature). Every route feeding master or
# a six-channel bus is to be named: their inputs are rewritten from the
# lines alone.
import re
import sys

path, spec = sys.argv[1], sys.argv[2]
x = open(path).read()
SIX = 6


def route_span(name):
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
    if not m:
        sys.exit("surround_edit.py: no route '%s' in %s" % (name, path))
    return m.start(), x.index('</Route>', m.start())


def set_io(body, name, direction, ports):
    """body with its IO of direction replaced by ports [(port, [others])]."""
    m = re.search(r'(<IO [^>]*direction="%s"[^>]*>)(.*?)(</IO>)' % direction, body, re.S)
    if not m:
        sys.exit("surround_edit.py: route '%s' has no %s IO" % (name, direction))
    inner = ''.join(
        '\n        <Port type="audio" name="%s">%s\n        </Port>' % (
            p, ''.join('\n          <Connection other="%s"/>' % o for o in others))
        for p, others in ports)
    return body[:m.start()] + m.group(1) + inner + '\n      ' + m.group(3) + body[m.end():]


def edit_route(name, fn):
    global x
    a, b = route_span(name)
    x = x[:a] + fn(x[a:b]) + x[b:]


def bypass(body):
    return re.sub(r'(type="main-outs"[^>]*>\s*<PannerShell )bypassed="0"', r'\1bypassed="1"', body,
                  count=1)


def pan(body, az, width):
    body = re.sub(r'(<Controllable name="pan-azimuth"[^>]*value=")[^"]*', lambda m: m.group(1) + az,
                  body, count=1)
    if width is not None:
        body = re.sub(r'(<Controllable name="pan-width"[^>]*value=")[^"]*',
                      lambda m: m.group(1) + width, body, count=1)
    return body


into = {}  # a destination's input k: the ports feeding it


def feed(dest, k, port):
    into.setdefault(dest, {j: [] for j in range(1, SIX + 1)})[k].append(port)


for line in open(spec):
    w = line.split()
    dest = 'Master'
    if w and w[-1].startswith('to='):
        dest = w.pop()[3:]
    if not w:
        continue
    if w[0] == 'bus':
        outs = [('%s/audio_out %d' % (w[1], k), ['Master/audio_in %d' % k]) for k in range(1, SIX + 1)]
        for k in range(1, SIX + 1):
            feed('Master', k, '%s/audio_out %d' % (w[1], k))
        into.setdefault(w[1], {j: [] for j in range(1, SIX + 1)})
        edit_route(w[1], lambda b, o=outs, n=w[1]: bypass(set_io(b, n, 'Output', o)))
    elif w[0] == 'vbap':
        outs = [('%s/audio_out %d' % (w[1], k), ['%s/audio_in %d' % (dest, k)]) for k in range(1, SIX + 1)]
        for k in range(1, SIX + 1):
            feed(dest, k, '%s/audio_out %d' % (w[1], k))
        width = w[3] if len(w) > 3 else None
        edit_route(w[1], lambda b, o=outs, n=w[1], az=w[2], wd=width: pan(
            set_io(b, n, 'Output', o), az, wd))
    elif w[0] == 'speakers':
        spk = ''.join('\n    <Speaker azimuth="%s" elevation="0" distance="1"/>' % a for a in w[1:])
        x = re.sub(r'<Speakers>.*?</Speakers>', lambda m: '<Speakers>' + spk + '\n  </Speakers>', x,
                   count=1, flags=re.S)
    elif w[0] == 'port':
        outs = []
        for i, k in enumerate(w[2:]):
            outs.append(('%s/audio_out %d' % (w[1], i + 1), ['%s/audio_in %s' % (dest, k)]))
            feed(dest, int(k), '%s/audio_out %d' % (w[1], i + 1))
        edit_route(w[1], lambda b, o=outs, n=w[1]: set_io(b, n, 'Output', o))
    else:
        sys.exit("surround_edit.py: %s: unknown line '%s'" % (spec, line.strip()))

# master and each six-channel bus: six inputs (with what feeds them); master's
# six outputs wired nowhere, its panner bypassed
into.setdefault('Master', {j: [] for j in range(1, SIX + 1)})
for dest, ports in into.items():
    ins = [('%s/audio_in %d' % (dest, k), sorted(ports[k])) for k in range(1, SIX + 1)]
    edit_route(dest, lambda b, i=ins, n=dest: set_io(b, n, 'Input', i))
outs = [('Master/audio_out %d' % k, []) for k in range(1, SIX + 1)]
edit_route('Master', lambda b: bypass(set_io(b, 'Master', 'Output', outs)))
open(path, 'w').write(x)
