# SPDX-License-Identifier: GPL-3.0-or-later
# Moves a route's aux send (or, with KIND send, its external send: a
# sidechain's feed) in a saved Ardour session file to just after the N-th
# plugin after its fader, as a user drags it there in the mixer strip
# (ardour7-lua's add_processor_by_index places a plugin but not a send the
# builder made). Run by interop.sh after edit.lua.
#
#   send_edit.py SESSION.ardour ROUTE N [KIND]
import re, sys

path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
want = sys.argv[4] if len(sys.argv) > 4 else 'intsend'
x = open(path).read()
m = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
if not m:
    sys.exit("send_edit.py: no route '%s' in %s" % (name, path))
start = m.start()
end = x.index('</Route>', start)
r = x[start:end]

# The route's own processors (not those nested in one, as a plugin's
# sidechain), as (start, end, opening tag) spans of r.
spans, depth, i = [], 0, 0
tag = re.compile(r'<Processor\b[^>]*?(/?)>|</Processor>')
for t in tag.finditer(r):
    if t.group(0).startswith('</'):
        depth -= 1
        if depth == 0:
            spans.append((i, t.end(), r[i:r.index('>', i) + 1]))
    elif t.group(1) == '/':
        if depth == 0:
            spans.append((t.start(), t.end(), t.group(0)))
    else:
        if depth == 0:
            i = t.start()
        depth += 1

def kind(s):
    k = re.search(r'type="([^"]*)"', s[2])
    return k.group(1) if k else ''

amp = next(j for j, s in enumerate(spans) if kind(s) == 'amp')
send = next(j for j, s in enumerate(spans) if kind(s) == want)
plugins = [j for j, s in enumerate(spans) if j > amp and kind(s) in ('lv2', 'ladspa')]
if len(plugins) < n:
    sys.exit("send_edit.py: '%s' has %d plugins after its fader, not %d" % (name, len(plugins), n))
after = plugins[n - 1]
block = r[spans[send][0]:spans[send][1]]
at = spans[after][1]
if send < after:  # take it out, then put it in after the plugin
    r = r[:spans[send][0]] + r[spans[send][1]:at] + '\n' + block + r[at:]
else:
    r = r[:at] + '\n' + block + r[at:spans[send][0]] + r[spans[send][1]:]
open(path, 'w').write(x[:start] + r + x[end:])
print("send_edit.py: %s's send after its plugin %d after the fader" % (name, n))
