#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`stemprint diff --html`'s player in a real browser (tests/test_diff.c runs
it), with tests/html_listen.py's Chromium (headless, DevTools on a pipe).

The page (PAGE, in the folder DIR that holds both print sets) is served over
HTTP; its first print's player (the mix: A the old print, B the new, with a
100 ms edit from 1.0 to 1.1 s) fetches both, and:

  1. rendered offline from 0.8 to 1.3 s, A and B are equal but in the edit,
     and the A - B it plays at 0 dB is A - B sample for sample: silent
     outside the edit, heard in it;
  2. played live from 1 s, switched to A - B, to B and back to A by its
     buttons: the same feed plays on (the position is kept, no restart),
     the monitor is the one clicked, and the position only moves on.

  python3 tests/diff_listen.py DIR PAGE

Exit 0: passed; 77: Chromium is missing (the test skips); else failed.
"""

import functools
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_listen import SKIP, Browser, Quiet, fail  # noqa: E402

OFFLINE = """(async () => { const p = stemprintListen.players[0];
  const [a, b, r] = await p.render([{monitor: 'mix', start: 0.8, seconds: 0.5, resDb: 0},
                                    {monitor: 'stems', resDb: 0}, {monitor: 'residual', resDb: 0}]);
  const e0 = Math.round(0.2 * p.rate), e1 = Math.round(0.3 * p.rate);
  let outside = 0, inside = 0, ab_out = 0, ab_in = 0, err = 0;
  for (let c = 0; c < 2; c++) {
    const x = a.getChannelData(c), y = b.getChannelData(c), z = r.getChannelData(c);
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i] - y[i]), in_ = i >= e0 && i < e1;
      err = Math.max(err, Math.abs(z[i] - Math.fround(x[i] - y[i])));
      if (in_) { inside = Math.max(inside, Math.abs(z[i])); ab_in = Math.max(ab_in, d); }
      else { outside = Math.max(outside, Math.abs(z[i])); ab_out = Math.max(ab_out, d); }
    }
  }
  return {ab: p.ab, outs: p.outs.map(o => o.name + ':' + o.role), inside, outside, ab_in, ab_out, err,
          buttons: Array.from(p.box.querySelectorAll('button.mon')).map(b => b.textContent)}; })()"""


def main():
    if len(sys.argv) != 3:
        fail("usage: diff_listen.py DIR PAGE")
    root, page = os.path.abspath(sys.argv[1]), sys.argv[2]
    if not shutil.which("chromium"):
        print("diff_listen: chromium is missing (apt-get install chromium)", file=sys.stderr)
        return SKIP
    profile = tempfile.mkdtemp(prefix="stemprint-difflisten-")
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    b = Browser(profile)
    try:
        b.open("http://127.0.0.1:%d/%s" % (srv.server_address[1], page))
        b.eval("stemprintListen.players[0].fetchAll().then(() => 1)")
        b.wait("stemprintListen.players[0].loaded")
        v = b.eval(OFFLINE, timeout=120)
        print("diff_listen: offline: " + json.dumps(v))
        if not v["ab"] or v["outs"] != ["A:mix", "B:stem"]:
            fail("the player does not play A and B as a pair: %s" % v["outs"])
        if v["buttons"] != ["A (old)", "B (new)", "A \u2212 B"]:
            fail("the monitor buttons are %s" % v["buttons"])
        if v["ab_out"] != 0 or v["ab_in"] < 0.01:
            fail("A and B played differ by %g outside the edit, %g in it" % (v["ab_out"], v["ab_in"]))
        if v["err"] != 0 or v["outside"] != 0 or v["inside"] < 0.01:
            fail("A - B played is off A - B by %g, %g outside the edit, %g in it" %
                 (v["err"], v["outside"], v["inside"]))
        # 2. live: switch while playing, the position kept
        b.eval("(() => { const p = stemprintListen.players[0]; p.play(1.0); return 1; })()")
        b.wait("stemprintListen.players[0].t0 !== null && stemprintListen.players[0].position() > 1.1")
        steps = []
        for mon in ("residual", "stems", "mix"):
            s = b.eval("""(() => { const p = stemprintListen.players[0], f = p.feed, t = p.position();
                p.box.querySelector('button.mon[data-mon="%s"]').click();
                return {before: t, after: p.position(), same: p.feed === f, playing: p.playing,
                        monitor: p.state.monitor,
                        on: p.box.querySelector('button.mon.on').getAttribute('data-mon')}; })()""" % mon)
            steps.append(s)
            time.sleep(0.15)
        print("diff_listen: live: " + json.dumps(steps))
        last = 0
        for mon, s in zip(("residual", "stems", "mix"), steps):
            if not s["same"] or not s["playing"] or s["monitor"] != mon or s["on"] != mon:
                fail("switching to %s restarted or stopped the player: %s" % (mon, s))
            if s["before"] < max(1.0, last) or s["after"] < s["before"] or s["after"] - s["before"] > 0.05:
                fail("switching to %s moved the position: %s" % (mon, s))
            last = s["after"]
        b.eval("stemprintListen.players[0].pause() || 1")
    finally:
        b.close()
        srv.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    print("diff_listen: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
