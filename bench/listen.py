#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How a big report's player opens and plays, in headless Chromium.

  /usr/bin/python3 bench/listen.py PAGE.html PRINTS_DIR [--http] [--seconds S]

Opens the report page (file://, its folder picker handed PRINTS_DIR, as
tests/html_listen.py does; with --http, served from the page's folder on
127.0.0.1 by a server that honours Range, and *Load the prints* pressed),
then presses play and prints, as JSON: the seconds until the prints are
open (ready) and until the first window is scheduled (playable), the
playhead after S seconds of play (default 5), the windows read late, and
Chromium's memory: its renderer's and all its processes' resident set
(ps) and the page's JS heap (Performance.getMetrics), and the CPU seconds
its processes used. The driver is tests/html_listen.py's Browser.
"""

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import html_listen  # noqa: E402


def procs(root):
    """(rss kB of the biggest renderer, rss kB of all, cpu s of all) of the
    browser process root and its descendants."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,rss=,times=,args="], capture_output=True,
                         text=True).stdout
    rows = {}
    for line in out.splitlines():
        pid, ppid, rss, t, args = line.split(None, 4)
        rows[int(pid)] = (int(ppid), int(rss), int(t), args)
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, r in rows.items():
            if r[0] in tree and pid not in tree:
                tree.add(pid)
                grew = True
    rend = sum_rss = cpu = 0
    for pid in tree:
        if pid not in rows:
            continue
        _, rss, t, args = rows[pid]
        sum_rss += rss
        cpu += t
        if "--type=renderer" in args:
            rend = max(rend, rss)
    return rend, sum_rss, cpu


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    http_ = "--http" in sys.argv
    secs = 5.0
    if "--seconds" in sys.argv:
        secs = float(sys.argv[sys.argv.index("--seconds") + 1])
        args.remove(sys.argv[sys.argv.index("--seconds") + 1])
    page, prints = os.path.abspath(args[0]), os.path.abspath(args[1])
    profile = tempfile.mkdtemp(prefix="stemprint-listen-bench-")
    b = html_listen.Browser(profile)
    srv = None
    try:
        if http_:
            srv = http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(html_listen.Ranged, directory=os.path.dirname(page)))
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            b.open("http://127.0.0.1:%d/%s" % (srv.server_address[1], os.path.basename(page)))
        else:
            b.open("file://" + page)
        b.send("Performance.enable")
        cpu0 = procs(b.proc.pid)[2]
        t = time.time()
        if http_:
            b.eval("document.querySelector('div.listen button.load').click(), 1")
        else:
            doc = b.send("DOM.getDocument")
            node = b.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                                "selector": "div.listen input.pick"})["nodeId"]
            b.send("DOM.setFileInputFiles", {"nodeId": node, "files": [prints]})
        b.wait("stemprintListen.players[0].loaded", timeout=900)
        ready = time.time() - t
        b.eval("stemprintListen.players[0].play(0), 1")
        b.wait("stemprintListen.players[0].t0 !== null && stemprintListen.players[0].playing",
               timeout=900)
        playable = time.time() - t
        time.sleep(secs)
        v = b.eval("""(() => { const p = stemprintListen.players[0];
            return {prints: p.outs.length, seconds: p.length, position: p.position(),
                    stats: p.stats || null}; })()""")
        m = {x["name"]: x["value"] for x in b.send("Performance.getMetrics")["metrics"]}
        rend, total, cpu = procs(b.proc.pid)
        v.update({"ready_s": round(ready, 2), "playable_s": round(playable, 2),
                  "played_s": secs, "renderer_rss_MB": rend // 1024,
                  "chromium_rss_MB": total // 1024,
                  "js_heap_MB": round(m.get("JSHeapUsedSize", 0) / 2 ** 20, 1),
                  "chromium_cpu_s": cpu - cpu0})
        print(json.dumps(v))
    finally:
        b.close()
        if srv:
            srv.shutdown()


if __name__ == "__main__":
    main()
