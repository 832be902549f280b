# SPDX-License-Identifier: GPL-3.0-or-later
"""Rewires a saved Ardour 7 session port by port, as a user wires it in
Ardour's routing grid (issue 87): a route's outputs each into any inputs of
other routes (crossed, one left unwired, two into one input, one into two),
and a bus made of fewer inputs (a one-input bus). Ardour saves a connection
on both ports' sides; both are rewritten.

    wire_edit.py SESSION.ardour ROUTE=PORTS [ROUTE=PORTS ...] [BUS:inputs=N ...]

PORTS: for each of the route's outputs in order, separated by '|', the
inputs it feeds, separated by ','; an input is DEST/N (DEST's audio input
N); empty: unwired. "keys=Master/2|Master/1" crosses keys' outputs;
"vox=Master/1|" wires vox by its left output alone; "vox=Master/1|Master/1"
puts both into master's left. "bus1:inputs=1" leaves bus1 one input (the
connections to the others dropped).
"""
import re
import sys


def _span(x, name):
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
    if not m:
        raise SystemExit("wire_edit.py: no route '%s'" % name)
    return m.start(), x.index("</Route>", m.start())


def _io(body, direction):
    return re.search(r'(<IO [^>]*direction="%s"[^>]*>)(.*?)(</IO>)' % direction, body, re.S)


def _ports(inner):
    """[(port name, [connections], full text)] of an IO's inner text."""
    out = []
    for m in re.finditer(r'<Port type="audio" name="([^"]*)"(?:/>|>(.*?)</Port>)', inner, re.S):
        out.append((m.group(1), re.findall(r'<Connection other="([^"]*)"/>', m.group(2) or "")))
    return out


def _write(ports, midi):
    text = "".join('\n        <Port type="audio" name="%s">%s\n        </Port>' % (
        p, "".join('\n          <Connection other="%s"/>' % o for o in others)) for p, others in ports)
    return text + midi + "\n      "


def _set_io(x, name, direction, fn):
    a, b = _span(x, name)
    body = x[a:b]
    m = _io(body, direction)
    if not m:
        return x
    midi = "".join(re.findall(r'\s*<Port type="midi".*?(?:/>|</Port>)', m.group(2), re.S))
    ports = fn(_ports(m.group(2)))
    body = body[:m.start()] + m.group(1) + _write(ports, midi) + m.group(3) + body[m.end():]
    return x[:a] + body + x[b:]


def routes(x):
    return re.findall(r'<Route [^>]*name="([^"]*)"', x)


def wire(x, route, outs):
    """x with route's audio outputs wired as outs ([[DEST/N, ...] per output])."""
    own = [p for p, _ in _ports(_io(x[slice(*_span(x, route))], "Output").group(2))]
    want = {}
    for k, dests in enumerate(outs):
        for d in dests:
            dest, n = d.rsplit("/", 1)
            want.setdefault(dest, {}).setdefault("%s/audio_in %s" % (dest, n), []).append(own[k])
    x = _set_io(x, route, "Output", lambda ports: [
        (p, ["%s/audio_in %s" % tuple(d.rsplit("/", 1)) for d in (outs[k] if k < len(outs) else [])])
        for k, (p, _) in enumerate(ports)])
    for r in routes(x):  # the other side: each route's inputs from this route's outputs
        if r == route:
            continue
        x = _set_io(x, r, "Input", lambda ports, r=r: [
            (p, [o for o in others if o not in own] + want.get(r, {}).get(p, [])) for p, others in ports])
    return x


def inputs(x, bus, n):
    """x with bus left its first n audio inputs (every connection to the others dropped)."""
    a, b = _span(x, bus)
    gone = [p for p, _ in _ports(_io(x[a:b], "Input").group(2))][n:]
    x = _set_io(x, bus, "Input", lambda ports: ports[:n])
    for r in routes(x):
        x = _set_io(x, r, "Output", lambda ports: [(p, [o for o in others if o not in gone])
                                                   for p, others in ports])
    return x


def main():
    path, args = sys.argv[1], sys.argv[2:]
    if not args:
        sys.exit(__doc__)
    x = open(path).read()
    for a in args:
        if ":inputs=" in a:
            bus, n = a.split(":inputs=")
            x = inputs(x, bus, int(n))
        else:
            route, spec = a.split("=", 1)
            x = wire(x, route, [[d for d in o.split(",") if d] for o in spec.split("|")])
    open(path, "w").write(x)


if __name__ == "__main__":
    main()
