# SPDX-License-Identifier: GPL-3.0-or-later
# Sets routes' panners in a saved Ardour session file, as Ardour saves them
# when a user picks a stereo route's panner and sets its position and width
# (ardour7-lua cannot: PannerShell has no select_panner in its Lua API, and
# a headless session's stereo route, on the balance panner, has no width
# control). Run by interop.sh after edit.lua.
#
#   pan_edit.py SESSION.ardour ROUTE AZIMUTH WIDTH PANNER [ROUTE ...]
#
# AZIMUTH 0 .. 1, WIDTH -1 .. 1, PANNER 2in2out | balance | "" (Ardour's
# default: the balance for two inputs).
import sys, re
path = sys.argv[1]
x = open(path).read()
args = sys.argv[2:]
for i in range(0, len(args), 4):
    name, az, width, kind = args[i:i+4]
    uri = "http://ardour.org/plugin/panner_" + kind if kind else ""
    m = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
    if not m:
        sys.exit("pan_edit.py: no route '%s' in %s" % (name, path))
    start = m.start(); end = x.index('</Route>', start)
    r = x[start:end]
    r = re.sub(r'(<Controllable name="pan-azimuth"[^>]*value=")[^"]*', lambda m: m.group(1) + az, r, count=1)
    r = re.sub(r'(<Controllable name="pan-width"[^>]*value=")[^"]*', lambda m: m.group(1) + width, r, count=1)
    r = re.sub(r'(type="main-outs"[^>]*>\s*<PannerShell [^>]*user-panner=")[^"]*', lambda m: m.group(1) + uri, r, count=1)
    x = x[:start] + r + x[end:]
open(path, 'w').write(x)
