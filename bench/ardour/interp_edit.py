#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Set automation lists' interpolation-style in a saved Ardour 7.3 session,
as a session edited by hand (or by another version) may hold them: Ardour's
Lua API refuses a style the parameter's range does not allow
(ControlList::set_interpolation: Logarithmic on a fader's list, whose
lower bound is 0), but Ardour loads any from the file and plays it.

    interp_edit.py SESSION.ardour ROUTE PARAMETER STYLE [ROUTE PARAMETER STYLE ...]

PARAMETER: the list's automation-id (gain, trim, send ...), the route's
first such list; STYLE: Exponential, Logarithmic, Linear, Discrete, Curved."""
import re
import sys


def main():
    path, args = sys.argv[1], sys.argv[2:]
    if len(args) % 3:
        sys.exit(__doc__)
    x = open(path).read()
    for i in range(0, len(args), 3):
        name, param, style = args[i:i + 3]
        m = re.search(r'<Route [^>]*name="%s"' % re.escape(name), x)
        if not m:
            sys.exit("interp_edit.py: no route '%s' in %s" % (name, path))
        start, end = m.start(), x.index("</Route>", m.start())
        r = x[start:end]
        al = re.search(r'<AutomationList [^>]*automation-id="%s"[^>]*>' % re.escape(param), r)
        if not al:
            sys.exit("interp_edit.py: route '%s' has no '%s' list" % (name, param))
        tag = al.group(0)
        if "interpolation-style=" in tag:
            new = re.sub(r'interpolation-style="[^"]*"', 'interpolation-style="%s"' % style, tag)
        else:
            new = tag[:-1] + ' interpolation-style="%s">' % style
        r = r[:al.start()] + new + r[al.end():]
        x = x[:start] + r + x[end:]
    open(path, "w").write(x)


main()
