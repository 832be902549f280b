#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTML report's player in a real browser (tests/test_html.c runs it).

Renders the demo with --html and --report, opens the page in Debian's
Chromium, headless, driven over the DevTools protocol on a pipe (no
websocket, no driver, nothing downloaded), and checks with the page's own
graph rendered offline (window.stemprintListen, an OfflineAudioContext):

  1. from disk (file://): the prints' folder given to the page's folder
     picker (DOM.setFileInputFiles), every print decoded;
  2. the mix it plays is the mix file, sample for sample (the page's own
     WAV reader gives what the browser's decoder gives), and its peak the
     report's sample peak;
  3. the sum of the stems it plays equals the mix it plays within the null
     test's threshold (max_residual: auto, from the prints' quantization);
  4. solo plays that stem alone, bit for bit; a mute takes that stem out
     (the rest plays what is left, within float rounding);
  5. the residual it plays (gain 0 dB) has the peak and RMS the null test
     measured (within 0.05 dB), and at the gain the page shows, that much
     louder;
  6. it reads and holds the prints a window at a time: with windows of 1/4 s
     the stem sum is the same bit for bit, no read or window is longer and
     it holds 3 windows of each print at most;
  7. played live from 3 s (the stem sum, windows of 1/4 s), the first window
     read starts the clock and the feed reads ahead on its timer; every
     frame played, recorded by an AudioWorklet on the graph's output, is
     the offline stem sum's bit for bit or silence; the second window,
     its reads held back past its time, is counted late (stats.late) and
     heard as a gap from its first frame, every print skipping alike;
     switched to the mix while playing, it plays the stem sum until the
     switch, then between the two (the crossfade), then the mix bit for
     bit, within 0.4 s of the switch (the render thread runs up to 0.2 s
     ahead of currentTime here): A/B without a gap;
  7a. the playhead every plot draws (read on the plot's time axis, its
     tick labels, in a UI frame) follows the audio clock: at two moments
     while playing, at the song's time the context's clock plays (from the
     feed's first frame) within a pixel and a UI frame, and drawn once a
     frame; a click on a plot moves it there, and a pause (space) stops it
     where the pause left it, drawn no more;
  7b. the transport by real input (DevTools' key and mouse events): 1 mutes
     stem 1, shift+2 solos stem 2, a and r switch the monitor, space plays
     and pauses; a drag over a plot from 2 to 4 s loops that span, a click
     at 6 s plays from there;
  8. served over HTTP (a server on 127.0.0.1 for the test), the page fetches
     the prints itself and plays the same mix and stems (3 s, bit for bit):
     by Range requests, a window at a time, where the server honours Range
     (the mix); each print once, whole, where it does not (the stems); two
     prints it cannot read by windows (the mix's first 4 s as FLAC at 48
     and at 44.1 kHz, written by ffmpeg, added to the page's data as
     versions) decoded whole and played in sync: bit for bit at 48 kHz,
     within what 44.1 kHz cannot hold at 44.1, silence after their end;
  9. the surround demo's prints dropped on the page's box (its files: a
     folder cannot be dropped over DevTools), its 5.1 mix plays folded to
     stereo as its stereo fold set prints it (within two 24-bit steps), and
     the centre soloed (a click on its speaker) plays the centre alone at
     -3 dB on each side.

  python3 tests/html_listen.py STEMPRINT ROOT OUT_DIR [SCREENSHOT.png]

Exit 0: passed; 77: Chromium is missing (the test skips); else failed.
"""

import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77


def fail(msg):
    print("html_listen: " + msg, file=sys.stderr)
    sys.exit(1)


class Browser:
    """Chromium headless with the DevTools protocol on fds 3 and 4."""

    def __init__(self, profile):
        exe = shutil.which("chromium")
        if not exe:
            print("html_listen: chromium is missing (apt-get install chromium)", file=sys.stderr)
            sys.exit(SKIP)
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():  # before the child closes every fd but pass_fds
            r, w = os.dup(to_r), os.dup(from_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
             "--user-data-dir=" + profile, "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        end = time.time() + timeout
        while True:
            while b"\0" not in self.buf:
                if time.time() > end:
                    fail(method + ": no answer in %d s" % timeout)
                chunk = os.read(self.from_r, 1 << 20)
                if not chunk:
                    fail(method + ": the browser closed its pipe")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\0", 1)
            reply = json.loads(line)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    fail(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": target["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})
        self.wait("document.readyState === 'complete' && !!window.stemprintListen")

    def eval(self, expr, timeout=60):
        r = self.send("Runtime.evaluate", {"expression": expr, "awaitPromise": True,
                                           "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in r:
            fail("page: " + json.dumps(r["exceptionDetails"])[:800])
        return r["result"].get("value")

    def wait(self, expr, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if self.eval("!!(" + expr + ")"):
                return
            time.sleep(0.05)
        fail("timed out waiting for " + expr + "; the page says: " +
             str(self.eval("(document.querySelector('div.listen p.note')||{}).textContent")))

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except SystemExit:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server (Python's: it ignores Range, as some servers do)."""

    def log_message(self, *args):
        pass


class Ranged(Quiet):
    """A static server that answers Range: bytes=A-B with 206, as nginx,
    Apache or a CI artifact server do; but for the files named in whole,
    which it sends whole, as a server ignoring Range does."""

    whole = ()

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        if (not rng or not rng.startswith("bytes=") or not os.path.isfile(path)
                or os.path.basename(path) in self.whole):
            return super().send_head()
        size = os.path.getsize(path)
        a, _, b = rng[6:].partition("-")
        a, b = int(a), min(int(b) if b else size - 1, size - 1)
        if a >= size:
            self.send_error(416)
            return None
        f = open(path, "rb")
        f.seek(a)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", "bytes %d-%d/%d" % (a, b, size))
        self.send_header("Content-Length", str(b - a + 1))
        self.end_headers()
        self.left = b - a + 1
        return f

    def copyfile(self, src, dst):
        left = getattr(self, "left", None)
        if left is None:
            return super().copyfile(src, dst)
        while left > 0:
            buf = src.read(min(left, 1 << 16))
            if not buf:
                break
            dst.write(buf)
            left -= len(buf)


# The checks, in the page: its own graph rendered offline.
CHECKS = r"""
(async () => {
  const p = stemprintListen.players[0];
  const chans = b => Array.from({length: b.numberOfChannels}, (_, c) => b.getChannelData(c));
  const peak = b => { let m = 0; for (const d of chans(b)) for (const v of d) m = Math.max(m, Math.abs(v)); return m; };
  const rms = b => { let s = 0, n = 0; for (const d of chans(b)) { for (const v of d) s += v * v; n += d.length; } return Math.sqrt(s / n); };
  const diff = (x, y) => { let m = 0; const a = chans(x), b = chans(y);
    for (let c = 0; c < a.length; c++) for (let i = 0; i < a[c].length; i++)
      m = Math.max(m, Math.abs(a[c][i] - (i < b[c].length ? b[c][i] : 0))); return m; };
  const db = v => 20 * Math.log10(v);
  // The prints as the browser's decoder gives them, whole: the reference.
  const files = [...document.querySelector('input.pick').files];
  const decode = async o => new OfflineAudioContext(1, 1, p.rate).decodeAudioData(
    await files.find(f => f.name === o.path.split('/').pop()).arrayBuffer());
  const s0 = p.stems[0], s1 = p.stems[1];
  const mixF = await decode(p.mix), s0F = await decode(s0);
  // The page reads WAV itself, a window at a time: every sample as the
  // decoder gives it, at an odd frame and across the end (silence after).
  let reader = 0;
  for (const [o, d] of [[p.mix, mixF], [s0, s0F]]) {
    for (const at of [12345, o.frames - 100]) {
      const w = await p.window(o, at, 300);
      for (let c = 0; c < d.numberOfChannels; c++) {
        const x = w.getChannelData(c), y = d.getChannelData(c);
        for (let i = 0; i < 300; i++) reader = Math.max(reader, Math.abs(x[i] - (at + i < y.length ? y[at + i] : 0)));
      }
    }
    reader = Math.max(reader, o.frames === d.length ? 0 : 1);
  }
  // Several monitors rendered in one pass (the prints read once).
  const [mix, stems, res] = await p.render([{monitor: 'mix'}, {monitor: 'stems'},
                                            {monitor: 'residual', resDb: 0}]);
  // The rest over 3 s from 2 s (the drums and the voice playing), each
  // against the same span of the whole renders above.
  const a = 2 * p.rate, n = 3 * p.rate;
  const cut = (b, from) => ({numberOfChannels: b.numberOfChannels,
    getChannelData: c => b.getChannelData(c).subarray(from, from + n)});
  const stemsCut = cut(stems, a);
  const hash = b => { let h = 2166136261; for (let c = 0; c < 2; c++) { const x = b.getChannelData(c);
    for (const v of new Uint32Array(x.buffer, x.byteOffset, x.length)) h = Math.imul(h ^ v, 16777619) >>> 0; } return h; };
  const [shown, muted, solo] = await p.render([{monitor: 'residual', start: 2, seconds: 3},
    {monitor: 'stems', mute: [s0.name]}, {monitor: 'stems', solo: [s1.name]}]);
  const s0W = await p.window(s0, a, n), s1W = await p.window(s1, a, n);
  const mutedAndS0 = { numberOfChannels: 2, getChannelData: c => {
    const x = muted.getChannelData(c), y = s0W.getChannelData(c);
    return x.map((v, i) => v + y[i]); } };
  // A window of 1/4 s: the same sum, every print read and held by windows.
  const win = p.win;
  p.win = Math.round(p.rate / 4);
  Object.assign(p.stats, {windows: 0, maxFrames: 0, heldMax: 0, maxRead: 0});
  const small = await p.render({monitor: 'stems', start: 2, seconds: 3});
  const held = Object.assign({win: p.win, outs: p.outs.length, frames: n,
    frameBytes: Math.max(...p.outs.map(o => o.head.ch * o.head.bps))}, p.stats);
  p.win = win;
  window.spStems = stems;  // the live check's references (7)
  window.spMix = mix;
  return {
    frames: mix.length, rate: mix.sampleRate, stems: p.stems.length, reader_vs_decoder: reader,
    mix_vs_file: diff(mix, mixF), mix_peak_dbfs: db(peak(mix)),
    sum_vs_mix: diff(stems, mix), sum_vs_mix_dbfs: db(diff(stems, mix)),
    solo_vs_file: diff(solo, s1W), solo_vs_sum: diff(solo, stemsCut),
    mute_vs_sum: diff(muted, stemsCut), mute_plus_stem_vs_sum: diff(mutedAndS0, stemsCut),
    s0_peak: peak(s0W),
    res_peak_dbfs: db(peak(res)), res_rms_dbfs: db(rms(res)),
    shown_db: p.state.resDb, shown_vs_res_db: db(peak(shown)) - db(peak(cut(res, a))),
    small_vs_sum: diff(small, stemsCut), held: held, mix_span_hash: hash(cut(mix, a)),
    stems_span_hash: hash(stemsCut),
  };
})()
"""


SURROUND = r"""
(async () => {
  const p = stemprintListen.players[0];
  const f = spDropped.find(f => f.name === 'mix_stereo.wav');
  const fold = await new OfflineAudioContext(2, 1, p.rate).decodeAudioData(await f.arrayBuffer());
  // 4 s from 1 s, in one pass (the fold is the same at any time)
  const at = p.rate, n = 4 * p.rate;
  const [mix, solo] = await p.render([{monitor: 'mix', start: 1, seconds: 4},
                                      {monitor: 'mix', chSolo: ['C']}]);
  let d = 0, c = 0;
  const x = (await p.window(p.mix, at, n)).getChannelData(p.mix.channels.indexOf('C'));
  const g = Math.fround(p.mix.fold[0][p.mix.channels.indexOf('C')]);
  for (let k = 0; k < 2; k++) {
    const a = mix.getChannelData(k), b = fold.getChannelData(k), s = solo.getChannelData(k);
    for (let i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[at + i]));
      c = Math.max(c, Math.abs(s[i] - Math.fround(x[i] * g)));
    }
  }
  const spk = document.querySelector('svg.spk g[data-ch="C"]');
  spk.dispatchEvent(new MouseEvent('click', {bubbles: true}));
  const clicked = Object.keys(p.state.chSolo).join(',') + '|' + spk.classList.contains('solo');
  return {layout: p.mix.channels.join(' '), fold_vs_print: d, c_solo_vs_c: c, clicked: clicked};
})()
"""


# 7. Live, with a tap on the graph's output (an AudioWorklet recording each
# frame played, by context frame): the stem sum from 3 s by windows of
# 1/4 s, the second window's reads held back until 0.1 s after it should
# have started. Every frame played is the offline stem sum's, bit for bit,
# or silence: the late window is counted and heard as a gap from its first
# frame, every print skipping the same frames, never a slip or a glitch.
LIVE_START = r"""
(async () => {
  const p = stemprintListen.players[0], rate = p.rate;
  const ctx = p.ctx = new AudioContext({sampleRate: rate, latencyHint: 'playback'});
  const code = `registerProcessor('sp-tap', class extends AudioWorkletProcessor {
    constructor() { super(); this.rec = []; this.port.onmessage = () => this.port.postMessage(this.rec); }
    process(i) { const x = i[0];
      this.rec.push([currentFrame, x.length ? x[0].slice() : null, x.length > 1 ? x[1].slice() : null]);
      return true; } });`;
  await ctx.audioWorklet.addModule('data:text/javascript,' + encodeURIComponent(code));
  const tap = window.spTap = new AudioWorkletNode(ctx, 'sp-tap');
  tap.connect(ctx.destination);
  p.graph = p.build(ctx, tap);
  p.state.monitor = 'stems';
  p.set(p.graph, p.state, false);
  const read = p.window, W = Math.round(rate / 4), late = 3 * rate + W;
  p.liveWin = p.win;
  p.win = W;
  p.window = function (o, pos, n) {
    const r = read.call(p, o, pos, n);
    if (pos !== late) return r;
    return r.then(b => new Promise(ok => { (function wait() {
      const f = p.feed;
      if (f && f.origin !== null && ctx.currentTime > (f.origin + W) / rate + 0.1) ok(b);
      else setTimeout(wait, 5); })(); }));
  };
  p.liveFrom = p.stats.windows;
  p.stats.late = 0;
  p.play(3);
  p.feed.ahead = 4 * W;  // 1 s ahead, not 4: fewer windows read at once
  return 1;
})()
"""

LIVE_END = r"""
(async () => {
  const p = stemprintListen.players[0], rate = p.rate, ctx = p.ctx, W = p.win;
  // what the tap recorded, all of it played before the pause
  const late = p.stats.late;
  const rec = await new Promise(ok => { spTap.port.onmessage = e => ok(e.data); spTap.port.postMessage(0); });
  const origin = p.feed.origin;
  const v = {position: p.position(), windows: p.stats.windows - p.liveFrom, held: p.feed.held.length,
             late: late};
  p.pause();
  delete p.window;
  p.win = p.liveWin;
  p.state.monitor = 'mix';
  p.apply();
  // Loaded, Chromium's render thread may skip frames of the context's
  // clock (currentFrame jumps): those frames and the quantum after a jump
  // are unknown, not silence; a gap is a run of known silent frames.
  const n = rec[rec.length - 1][0] + 128 - origin, x = [new Float32Array(n), new Float32Array(n)];
  const known = new Uint8Array(n);
  v.jumps = 0;
  rec.forEach(([f, l, r], k) => {
    const jump = k && f !== rec[k - 1][0] + 128;
    if (jump && f > origin) v.jumps++;
    if (jump) return;
    for (let i = 0; i < 128; i++) {
      const j = f + i - origin;
      if (j >= 0 && j < n) { x[0][j] = l ? l[i] : 0; x[1][j] = r ? r[i] : l ? l[i] : 0; known[j] = 1; }
    }
  });
  const from = 3 * rate, e = [0, 1].map(c => spStems.getChannelData(c).subarray(from, from + n));
  const mx = [0, 1].map(c => spMix.getChannelData(c).subarray(from, from + n));
  // A/B: the stem sum until the switch, then between the stem sum and
  // the mix (the 10-ms crossfade, once the render thread takes it: it
  // may run ahead of currentTime when loaded), then the mix bit for bit
  const ab = p.abAt - origin;
  let bad = 0, worst = 0, run = null, gaps = [], first = -1, lastOff = -1, known0 = 0;
  const end = () => { if (run && run.heard) gaps.push([run.a, run.b - run.a, run.first]); run = null; };
  for (let j = 0; j < n; j++) {
    if (j % W === 0) { end(); first = -1; }  // a gap per window
    if (!known[j]) continue;
    if (first < 0) first = j;
    if (x[0][j] === 0 && x[1][j] === 0) {
      if (!run) run = {a: j, b: j, heard: false, first: j === first};
      run.b = j + 1;
      run.heard = run.heard || e[0][j] !== 0 || e[1][j] !== 0;
      continue;
    }
    end();
    for (let c = 0; c < 2; c++) {
      const lo = Math.min(e[c][j], mx[c][j]), hi = Math.max(e[c][j], mx[c][j]), xs = x[c][j];
      // before the switch exactly the stem sum; after, between the two
      // within 2^-22 (the crossfade's rounding)
      if (j < ab ? xs !== e[c][j] : xs < lo - 2.4e-7 || xs > hi + 2.4e-7) {
        bad++; worst = Math.max(worst, Math.abs(xs - e[c][j]));
      }
      if (j >= ab && xs !== mx[c][j]) lastOff = j;
    }
    if (j >= ab) known0++;
  }
  end();
  // silence up to the recording's end: a window not read yet, not yet
  // counted late (a loaded machine), told nothing
  if (gaps.length && gaps[gaps.length - 1][0] + gaps[gaps.length - 1][1] === n) gaps.pop();
  v.known = known.reduce((s, k) => s + k, 0);
  // the mix alone: the known frames after the crossfade's last
  const mixed = lastOff < 0 ? known0 : known.subarray(lastOff + 1).reduce((s, k) => s + k, 0);
  return Object.assign(v, {frames: n, rate: rate, win: W, ab: ab, fade_end: lastOff - ab, mixed: mixed, bad: bad, worst: worst, gaps: gaps});
})()
"""


def drop(b, folder):
    """The folder's files dropped on the page's box, as a reviewer drags
    them from a file manager (the page keeps them in spDropped too). A
    folder itself cannot be dropped over DevTools: the page gets its entry,
    and reading it fails with EncodingError (Chromium grants a dropped
    folder's file system to a drag from the desktop only)."""
    box = b.eval("""(() => { const q = document.querySelector('div.listen div.drop');
        document.addEventListener('drop', e => { window.spDropped = [...e.dataTransfer.files]; }, true);
        q.scrollIntoView(); const r = q.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()""")
    drag = {"items": [], "dragOperationsMask": 1, "files": sorted(
        os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".wav"))}
    for t in ("dragEnter", "dragOver", "drop"):
        b.send("Input.dispatchDragEvent", {"type": t, "x": box["x"], "y": box["y"], "data": drag})
    b.wait("stemprintListen.players[0].loaded")


def surround(b, stemprint, root, out):
    """The surround demo's 5.1 mix, as the page plays it."""
    os.makedirs(out)
    page = os.path.join(out, "scene.html")
    r = subprocess.run([stemprint, "render", os.path.join(root, "recipes/surround/scene.yaml"),
                        "-o", os.path.join(out, "prints"), "--html", page, "--progress", "none",
                        "--quiet"], stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        fail("the surround demo's render exited %d" % r.returncode)
    b.open("file://" + page)
    drop(b, os.path.join(out, "prints"))
    v = b.eval(SURROUND, timeout=120)
    print("html_listen: surround: " + json.dumps(v))
    if v["layout"] != "L R C LFE Ls Rs":
        fail("the surround mix is not 5.1 on the page: " + v["layout"])
    # Each 24-bit file is rounded by at most half a step: the fold of six
    # rounded channels against the rounded fold, 0.5 * (1 + 0.708 + 0.708)
    # + 0.5 steps at most, under 2 steps (2^-22).
    if not v["fold_vs_print"] <= 2 ** -22:
        fail("the 5.1 mix played is %g off its stereo fold print" % v["fold_vs_print"])
    if v["c_solo_vs_c"] != 0:
        fail("the centre soloed plays %g off C at -3 dB in each side" % v["c_solo_vs_c"])
    if v["clicked"] != "C|true":
        fail("a click on the speaker C does not solo it: " + v["clicked"])


# 7c. The playhead: where every plot draws it, read on the page's time axis
# (its tick labels: not the player's data-t), at a UI frame, against the
# audio clock (the context's time and the context frame the feed's first
# frame plays at); drawn once a frame while playing, never while paused.
HEAD = r"""
(async () => {
  const p = stemprintListen.players[0];
  let draws = 0;
  const draw = p.draw;
  p.draw = function () { draws++; return draw.apply(this, arguments); };
  // read in a frame's callbacks, after the player's: it drew this frame
  const frame = () => new Promise(ok => requestAnimationFrame(ok));
  const ts = [await frame()];
  draws = 0;
  for (let i = 0; i < 6; i++) ts.push(await frame());
  delete p.draw;
  const ct = p.ctx ? p.ctx.currentTime : 0, f = p.feed;
  const heads = p.plots.map(svg => {
    const l = [...svg.querySelectorAll('text.xl')].map(e => [+e.getAttribute('x'),
      e.textContent.split(':').reduce((s, v) => 60 * s + +v, 0)]);
    const [a, b] = [l[0], l[l.length - 1]], s = (b[1] - a[1]) / (b[0] - a[0]);
    return {t: a[1] + (+svg.spHead.getAttribute('x1') - a[0]) * s, px: s};
  });
  return {ct: ct, origin: f ? f.origin : null, rate: p.rate, offset: p.offset, loop: p.loop, playing: p.playing,
          draws: draws, frames: ts.length - 1, frame_s: Math.max(...ts.slice(1).map((t, i) => t - ts[i])) / 1000,
          heads: heads};
})()
"""


def head(b):
    """The playhead as drawn, with the clock it follows (HEAD)."""
    h = b.eval(HEAD)
    h["t"] = [x["t"] for x in h["heads"]]
    h["px"] = max(x["px"] for x in h["heads"])
    # the song's time the clock plays now: the feed's frame 0 at `origin`
    t = h["offset"] + (0 if h["origin"] is None else max(0.0, h["ct"] - h["origin"] / h["rate"]))
    lp = h["loop"]
    if lp and t >= lp["b"]:
        t = lp["a"] + (t - lp["a"]) % (lp["b"] - lp["a"])
    h["clock"] = t
    del h["heads"]
    return h


def head_at(h, t, what):
    """Every plot's playhead at t seconds, within a pixel and a UI frame."""
    tol = h["px"] + max(h["frame_s"], 1 / 60)
    if not h["t"] or any(abs(x - t) > tol for x in h["t"]):
        fail("%s: the playhead is drawn at %s s, not at %.4f s (within %.4f s): %s" %
             (what, h["t"], t, tol, json.dumps(h)))
    if h["playing"] and h["draws"] > h["frames"] + 1:
        fail("%s: the plots are drawn %d times in %d frames" % (what, h["draws"], h["frames"]))


def ui(b):
    """The transport as a reviewer works it: real key presses and mouse
    drags through DevTools' input, not calls into the player."""
    st = "(p => JSON.stringify({mute: p.state.mute, solo: p.state.solo, monitor: p.state.monitor, " \
         "playing: p.playing, loop: p.loop, offset: Math.round(p.offset * 1000) / 1000, " \
         "on: p.stemBtns.map(x => (x.m.classList.contains('on') ? 'M' : '') + " \
         "(x.s.classList.contains('on') ? 'S' : ''))}))(stemprintListen.players[0])"
    names = b.eval("(document.activeElement && document.activeElement.blur(), "
                   "stemprintListen.players[0].stems.map(o => o.name))")
    keys = {"1": ("Digit1", "1", 49, 0), "!2": ("Digit2", "@", 50, 8), "a": ("KeyA", "a", 65, 0),
            "r": ("KeyR", "r", 82, 0), " ": ("Space", " ", 32, 0)}

    def press(k):
        code, key, vk, mods = keys[k]
        for t in ("keyDown", "keyUp"):
            b.send("Input.dispatchKeyEvent", {"type": t, "code": code, "key": key, "modifiers": mods,
                                              "windowsVirtualKeyCode": vk})
        return json.loads(b.eval(st))

    got = [press(k) for k in ("1", "!2", "a")]
    if (got[0]["mute"] != {names[0]: True} or got[0]["on"][0] != "M" or got[1]["solo"] != {names[1]: True}
            or got[1]["on"][1] != "S" or got[2]["monitor"] != "stems" or press("r")["monitor"] != "residual"
            or not press(" ")["playing"] or press(" ")["playing"]):
        fail("keys 1, shift+2, a, r, space do not mute, solo, switch and play: %s" % json.dumps(got))
    # a drag over a plot from 2 to 4 s loops that span and plays it; a
    # click at 6 s plays from there, the loop cleared
    at = b.eval("""(() => { const p = stemprintListen.players[0], svg = p.plots[0];
        svg.scrollIntoView({block: 'center'});
        const f = p.frame(svg), m = svg.getScreenCTM(), pt = svg.createSVGPoint();
        const X = t => { pt.x = f.x0 + (f.x1 - f.x0) * t / f.t; pt.y = (f.y0 + f.y1) / 2;
          const q = pt.matrixTransform(m); return [q.x, q.y]; };
        return {a: X(2), b: X(4), c: X(6), px: f.t / ((f.x1 - f.x0) * m.a)}; })()""")

    def mouse(t, xy, buttons):
        b.send("Input.dispatchMouseEvent", {"type": t, "x": xy[0], "y": xy[1], "button": "left",
                                            "buttons": buttons, "clickCount": 1})
    mouse("mousePressed", at["a"], 1)
    mouse("mouseMoved", at["b"], 1)
    mouse("mouseReleased", at["b"], 0)
    dragged = json.loads(b.eval(st))
    looped = head(b)
    mouse("mousePressed", at["c"], 1)
    mouse("mouseReleased", at["c"], 0)
    clicked = json.loads(b.eval(st))
    # the playhead on the clock in the loop, then at 6 s (the seek), then
    # still where the pause left it (space), drawn no more
    seek = head(b)
    press(" ")
    paused = [head(b), head(b)]
    for h, what in ((looped, "looping 2-4 s"), (seek, "clicked at 6 s")):
        head_at(h, h["clock"], what)
    if not all(2 - at["px"] <= t <= 4 + at["px"] for t in looped["t"]):
        fail("looping 2-4 s, the playhead is drawn at %s s" % looped["t"])
    for h in paused:
        head_at(h, paused[0]["offset"], "paused")
    if paused[0]["playing"] or paused[0]["t"] != paused[1]["t"] or paused[0]["draws"] + paused[1]["draws"]:
        fail("paused, the playhead moves: %s" % json.dumps(paused))
    b.eval("""(p => { p.pause(); p.setLoop(null); p.offset = 0;
        Object.assign(p.state, {mute: {}, solo: {}, monitor: 'mix'}); p.apply(); return 1; })
        (stemprintListen.players[0])""")
    print("html_listen: ui: " + json.dumps({"dragged": dragged, "clicked": clicked, "px": at["px"]}))
    tol = 2 * at["px"]
    lp = dragged["loop"] or {}
    if (not dragged["playing"] or abs(lp.get("a", -1) - 2) > tol or abs(lp.get("b", -1) - 4) > tol
            or not clicked["playing"] or clicked["loop"] or abs(clicked["offset"] - 6) > tol):
        fail("a drag over a plot does not loop 2-4 s, or a click does not play from 6 s")


def main():
    if len(sys.argv) < 4:
        fail("usage: html_listen.py STEMPRINT ROOT OUT_DIR [SCREENSHOT.png]")
    stemprint, root, out = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    if not shutil.which("chromium"):
        print("html_listen: chromium is missing (apt-get install chromium)", file=sys.stderr)
        return SKIP
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    page, report = os.path.join(out, "song.html"), os.path.join(out, "song.json")
    r = subprocess.run([stemprint, "render", os.path.join(root, "recipes/demo/song.yaml"), "-o",
                        os.path.join(out, "prints"), "--html", page, "--report", report,
                        "--progress", "none", "--quiet"])
    if r.returncode != 0:
        fail("the demo's render exited %d" % r.returncode)
    rep = json.load(open(report))
    null = rep["null"]
    mix_peak = [o for o in rep["outputs"] if o["name"] == "mix"][0]["sample_peak_dbfs"]

    profile = tempfile.mkdtemp(prefix="stemprint-listen-")
    b = Browser(profile)
    try:
        # 1. From disk: the folder picker.
        b.open("file://" + page)
        doc = b.send("DOM.getDocument")
        node = b.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                            "selector": "div.listen input.pick"})["nodeId"]
        if not node:
            fail("the page opened from disk offers no folder picker")
        # a folder picker is given the folder, as a reviewer picks it
        b.send("DOM.setFileInputFiles", {"nodeId": node, "files": [os.path.join(out, "prints")]})
        b.wait("stemprintListen.players[0].loaded")
        v = b.eval(CHECKS, timeout=120)
        print("html_listen: " + json.dumps(v))
        sr, frames = rep["sample_rate"], rep["frames"]
        if v["rate"] != sr or v["frames"] < frames:
            fail("the page plays %d frames at %d Hz, the report says %d at %d" %
                 (v["frames"], v["rate"], frames, sr))
        # 2. The mix as written (the page's WAV reader is the browser's decoder).
        if v["reader_vs_decoder"] != 0:
            fail("the page's WAV reader differs from decodeAudioData by %g" % v["reader_vs_decoder"])
        if v["mix_vs_file"] != 0:
            fail("the mix played differs from the file by %g" % v["mix_vs_file"])
        if abs(v["mix_peak_dbfs"] - mix_peak) > 0.001:
            fail("the mix played peaks at %.4f dBFS, the report says %.4f" %
                 (v["mix_peak_dbfs"], mix_peak))
        # 3. Σ stems = mix within the prints' quantization (the auto threshold).
        if not v["sum_vs_mix_dbfs"] <= null["max_residual_dbfs"]:
            fail("the stems played sum to the mix within %.2f dBFS, above max_residual %.2f" %
                 (v["sum_vs_mix_dbfs"], null["max_residual_dbfs"]))
        # 4. Solo and mute.
        if v["solo_vs_file"] != 0:
            fail("a soloed stem plays %g away from its file" % v["solo_vs_file"])
        if v["solo_vs_sum"] < 1e-3 or v["mute_vs_sum"] < 0.5 * v["s0_peak"]:
            fail("solo or mute does not change what is heard")
        if v["mute_plus_stem_vs_sum"] > 1e-6:
            fail("the sum with a stem muted, plus that stem, is %g off the sum" %
                 v["mute_plus_stem_vs_sum"])
        # 5. The residual is the null test's.
        for k in ("peak", "rms"):
            got, want = v["res_%s_dbfs" % k], null["residual_%s_dbfs" % k]
            if abs(got - want) > 0.05:
                fail("the residual played has %s %.3f dBFS, the null test measured %.3f" %
                     (k, got, want))
        if abs(v["shown_vs_res_db"] - v["shown_db"]) > 0.01:
            fail("the residual at the gain shown (%g dB) is not that much louder" % v["shown_db"])
        # 6. A window at a time: never a whole print read or held. With a
        # window of 1/4 s, the stem sum is the same bit for bit; no window
        # is longer, no read larger (bar the 64 KiB header read), and the
        # page holds 3 windows of each print at most (the one playing, 2
        # ahead) while it reads each print in 12 windows: what it holds
        # does not grow with the length played.
        h = v["held"]
        whole = -(-h["frames"] // h["win"])
        if v["small_vs_sum"] != 0:
            fail("the stem sum played by windows of 1/4 s is %g off the one by 2 s" %
                 v["small_vs_sum"])
        if (h["maxFrames"] > h["win"] or h["maxRead"] > max(65536, h["win"] * h["frameBytes"])
                or h["heldMax"] > 3 * h["outs"] or h["windows"] < h["outs"] * whole):
            fail("the page read or held more than a window at a time: %s (%d windows a print)" %
                 (json.dumps(h), whole))
        # 7. Live: play starts once the first window is read, the feed reads
        # ahead on its timer and the playhead moves.
        b.eval(LIVE_START)
        b.wait("(p => p.position() > 3.8 && p.stats.windows - p.liveFrom >= 4 * p.outs.length)"
               "(stemprintListen.players[0])")
        # A/B: switched to the mix while playing (key a), no gap either
        b.eval("(p => { p.abAt = Math.round(p.ctx.currentTime * p.rate); p.state.monitor = 'mix'; "
               "p.apply(); return 1; })(stemprintListen.players[0])")
        # the playhead, at two moments: where the clock plays the song from
        # 3 s (the feed's first frame at context frame `origin`); the second
        # 0.55 s of the clock after the first was read (not after the switch:
        # on a loaded machine the first read may come late, and the clock
        # then moved less than the 0.4 s asked of the playhead below)
        heads = [head(b)]
        b.wait("(p => p.ctx.currentTime > %r)(stemprintListen.players[0])" % (heads[0]["ct"] + 0.55))
        heads.append(head(b))
        print("html_listen: playhead: " + json.dumps([{k: h[k] for k in ("ct", "clock", "px", "frame_s",
                                                                          "draws", "frames")}
                                                       for h in heads]))
        for h in heads:
            head_at(h, 3 + h["ct"] - h["origin"] / h["rate"], "live, played from 3 s")
        if heads[1]["t"][0] - heads[0]["t"][0] < 0.4:
            fail("live, the playhead does not move with the clock: %s" % json.dumps(heads))
        lv = b.eval(LIVE_END)
        print("html_listen: live: " + json.dumps(lv))
        if lv["known"] < 0.7 * lv["rate"]:
            fail("live, the tap recorded %d frames of the feed's %d" % (lv["known"], lv["frames"]))
        if lv["bad"] or lv["mixed"] < 0.05 * lv["rate"] or lv["fade_end"] > 0.4 * lv["rate"]:
            fail("live, %d samples played are neither the stem sum before the switch, between it "
                 "and the mix after, nor silence (%g off at most), or the mix is not heard alone "
                 "from 0.4 s after the switch: %s" % (lv["bad"], lv["worst"], json.dumps(lv)))
        # each gap from its window's first frame, the window held back first;
        # each late window one gap (one more if it came late as the
        # recording ended, its silence cut off there)
        w = lv["win"]
        gaps = lv["gaps"]
        if (not gaps or not len(gaps) <= lv["late"] <= len(gaps) + 1 or gaps[0][0] // w != 1 or gaps[0][1] < w // 10
                or any(not g[2] or not 0 < g[1] <= w for g in gaps)):
            fail("live, the window read late is not one gap from a window's start: %s" % json.dumps(lv))
        ui(b)
        if shot:
            b.eval("""(() => { const p = stemprintListen.players[0];
                p.state.monitor = 'stems'; p.state.mute[p.stems[0].name] = true;
                p.loop = {a: 4, b: 6}; p.offset = 4.8; p.apply(); p.setLoop(p.loop);
                p.pause(); p.offset = 4.8; p.draw();
                document.querySelector('div.listen').scrollIntoView(); return 1; })()""")
            b.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            # from the Listen heading to the first row of plots
            clip = b.eval("""(() => { const a = document.querySelector('div.listen').getBoundingClientRect(),
                m = document.querySelector('main').getBoundingClientRect(),
                z = document.querySelector('figure.plot').getBoundingClientRect();
                return {x: m.left, y: a.top + scrollY - 40, width: m.width,
                        height: z.bottom - a.top + 50, scale: 1}; })()""")
            png = b.send("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                    "captureBeyondViewport": True})
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png["data"]))
        # 8. Over HTTP: the page fetches the prints beside it, a window at a
        # time by Range requests; from a server that ignores Range, each
        # print once, whole, kept as a Blob and sliced: here the stems (one
        # server, one page: the mix by Range, the stems whole).
        stems = [o["name"] + ".wav" for o in rep["outputs"] if o.get("role") == "stem"]
        # And two prints the page cannot read a window at a time, decoded
        # whole by decodeAudioData: the mix's first 4 s as FLAC at 48 kHz
        # (a recipe's output.format: flac) and at 44.1 kHz (another rate
        # than the song's), 24-bit, as two more versions in the page's data.
        prints, extra = os.path.join(out, "prints"), ""
        if not shutil.which("ffmpeg"):
            fail("ffmpeg is missing (apt-get install ffmpeg; scripts/deps.sh --tests has it)")
        for name, rate in (("whole48", 48000), ("whole44", 44100)):
            path = os.path.join(prints, name + ".flac")
            r = subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", os.path.join(prints, "mix.wav"),
                                "-t", "4", "-af", "aresample=%d" % rate, "-c:a", "flac",
                                "-sample_fmt", "s32", "-bits_per_raw_sample", "24", path])
            if r.returncode != 0:
                fail("ffmpeg could not write %s (apt-get install ffmpeg)" % path)
            extra += '{"name":"%s","role":"version","path":%s},' % (name, json.dumps(path))
        with open(page) as f:
            html = f.read()
        with open(page, "w") as f:
            f.write(html.replace('"outputs":[', '"outputs":[' + extra, 1))
        handler = type("Mixed", (Ranged,), {"whole": tuple(stems)})
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                              functools.partial(handler, directory=out))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            b.open("http://127.0.0.1:%d/song.html" % srv.server_address[1])
            b.eval("stemprintListen.players[0].fetchAll().then(() => 1)")
            d = b.eval("""(async () => { const p = stemprintListen.players[0];
                const hash = b => { let h = 2166136261; for (let c = 0; c < 2; c++) { const x = b.getChannelData(c);
                  for (const v of new Uint32Array(x.buffer, x.byteOffset, x.length)) h = Math.imul(h ^ v, 16777619) >>> 0; } return h; };
                const [m, s, w48, w44] = await p.render([{monitor: 'mix', start: 2, seconds: 3}, {monitor: 'stems'},
                  {monitor: 'out:whole48'}, {monitor: 'out:whole44'}]);
                // each whole print against the mix: 2 to 4 s played, silence after its end
                const cmp = (o, w) => { const n = 2 * p.rate, err = [], y = [0, 1].map(c => m.getChannelData(c));
                  const x = [0, 1].map(c => w.getChannelData(c));
                  let e = 0, after = 0;
                  for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) e += y[c][i] * y[c][i];
                  for (let lag = -2; lag <= 2; lag++) { let s = 0;
                    for (let c = 0; c < 2; c++) for (let i = 2; i < n - 2; i++) s += (x[c][i + lag] - y[c][i]) ** 2;
                    err.push(s ? 10 * Math.log10(s / e) : -999); }
                  for (let c = 0; c < 2; c++) for (let i = n; i < x[c].length; i++) after = Math.max(after, Math.abs(x[c][i]));
                  return {whole: !!o.whole && !o.head, frames: o.frames, err_db: err, after: after}; };
                const wo = n => p.outs.find(o => o.name === n);
                return {mix: hash(m), stems: hash(s), whole: p.stats.wholeFetches, maxRead: p.stats.maxRead,
                        bound: p.win * Math.max(...p.outs.filter(o => o.head).map(o => o.head.ch * o.head.bps)),
                        w48: cmp(wo('whole48'), w48), w44: cmp(wo('whole44'), w44)}; })()""")
            print("html_listen: http: " + json.dumps(d))
            if d["mix"] != v["mix_span_hash"] or d["stems"] != v["stems_span_hash"]:
                fail("over HTTP: the mix or the stems played from 2 to 5 s are not the ones from disk")
            if d["whole"] != len(stems) or d["maxRead"] > max(65536, d["bound"]):
                fail("over HTTP: %d prints read whole (the %d stems sent whole), %d bytes at once" %
                     (d["whole"], len(stems), d["maxRead"]))
            # decoded whole and played in sync: the FLAC at the song's rate
            # bit for bit; at 44.1 kHz off by what 44.1 kHz cannot hold
            # (the demo mix's energy above 20 kHz: -24 dB of its energy
            # from 2 to 4 s), 6 dB and more below what a slip of one frame
            # leaves; each silent after its 4 s. err_db: the error's energy
            # against the mix's, the print shifted by -2..2 frames.
            for name, bound in (("w48", -999), ("w44", -20)):
                w = d[name]
                if not w["whole"] or w["frames"] != 4 * sr or w["after"] != 0:
                    fail("over HTTP, %s was not decoded whole or plays past its end: %s" % (name, w))
                e = w["err_db"]
                if not (e[2] <= bound and e[2] < min(e[:2] + e[3:]) - 6):
                    fail("over HTTP, %s plays off the mix or out of sync: %s" % (name, w))
        finally:
            srv.shutdown()
            srv.server_close()
        # 9. Dropped on the page, a 5.1 print plays folded to stereo as the
        # fold set prints it, and a channel soloed on the speaker picture
        # plays alone.
        surround(b, stemprint, root, os.path.join(out, "surround"))
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)
    print("html_listen: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
