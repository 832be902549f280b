/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint's report player (io/report/html_player.js, built into the
 * binary and written inline into every HTML report with a Listen block).
 *
 * One Web Audio graph per song, the same for listening (AudioContext) and
 * for the browser test (OfflineAudioContext, window.stemprintListen):
 *
 *   mix --fold--+---------------------------- gMix ----+
 *               +-----------------+                      |
 *   stem i -fold-+- gStem i - sum ----------- gStems ----+
 *                +- all - x(-1) - + - x resGain - gRes --+-- out
 *   version k -fold-------------------------- gOut k ----+
 *
 * fold: a file's channels split, each through its channel-solo gain, into
 * L and R by the fold matrix the report gives (BS.775's, as the fold sets
 * print; identity for stereo). The prints play a window at a time (Feed):
 * each window's sources, one per print, start at the same context frame,
 * so they play in sync to the sample; the monitor switch (mix, the stems'
 * sum, the residual, a version) crossfades gains of paths that all keep
 * running, so there is no gap. The residual is the mix minus every stem
 * (mutes do not touch it), raised by the gain shown.
 *
 * The prints are read in place, lossless, only the window playing and the
 * next ones: by HTTP Range requests when served, or from disk (file://,
 * where a page may not read files) from the folder the reviewer picks or
 * drops (File.slice). Memory grows with the prints, not their length.
 * Nothing is fetched from anywhere else. */
(function () {
  'use strict';
  var players = [];
  var active = null;

  function db2lin(db) { return Math.pow(10, db / 20); }
  function fmt(t) {
    var m = Math.floor(t / 60), s = t - 60 * m;
    return m + ':' + (s < 10 ? '0' : '') + s.toFixed(2);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function base(p) { return p.split('/').pop(); }

  /* file (absolute) relative to the folder dir (absolute), as a URL. */
  function relative(dir, file) {
    if (!dir || file.charAt(0) !== '/') return file.split('/').map(encodeURIComponent).join('/');
    var a = dir.split('/').filter(Boolean), b = file.split('/').filter(Boolean), i = 0;
    while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
    var parts = [];
    for (var k = i; k < a.length; k++) parts.push('..');
    return parts.concat(b.slice(i).map(encodeURIComponent)).join('/');
  }

  /* The fold of o to stereo, [2][n]. */
  function foldOf(o, n) {
    if (o.fold && o.fold[0].length === n) return o.fold;
    if (n === 1) return [[Math.SQRT1_2], [Math.SQRT1_2]];
    var m = [[], []];
    for (var c = 0; c < n; c++) { m[0].push(c === 0 ? 1 : 0); m[1].push(c === 1 ? 1 : 0); }
    return m;
  }

  function Player(section, data, dir) {
    var self = this;
    this.section = section;
    this.box = section.querySelector('div.listen');
    this.rate = data.rate;
    this.null = data.null || null;
    /* two prints compared (stemprint diff --html): A the mix, B the stem */
    this.ab = !!data.ab;
    this.outs = data.outputs.map(function (o) {
      return {name: o.name, role: o.role, path: o.path, rel: relative(dir, o.path),
              channels: o.channels || null, fold: o.fold || null,
              src: null, head: null, whole: null, ch: 0, frames: 0};
    });
    this.mix = this.outs.filter(function (o) { return o.role === 'mix'; })[0];
    this.stems = this.outs.filter(function (o) { return o.role === 'stem'; });
    this.others = this.outs.filter(function (o) { return o.role === 'version' || o.role === 'bus'; });
    var peak = this.null && this.null.residual_peak_dbfs;
    /* the residual raised to about -20 dBFS at its peak, in 6 dB steps */
    this.state = {monitor: 'mix', mute: {}, solo: {}, chSolo: {},
                  resDb: typeof peak === 'number' ? Math.min(120, Math.max(0, 6 * Math.round((-20 - peak) / 6))) : 60};
    this.loop = null;
    this.frames = 0;
    this.length = 0;
    /* the window the prints are read and played by, frames: 2 s */
    this.win = 2 * this.rate;
    /* what the page read and holds (the browser test's figures) */
    this.stats = {windows: 0, maxFrames: 0, heldMax: 0, maxRead: 0, wholeFetches: 0, late: 0, startMs: 0};
    this.ctx = null;
    this.graph = null;
    this.feed = null;
    this.timer = null;
    this.playing = false;
    this.t0 = null;
    this.offset = 0;
    this.ticking = false;
    this.loaded = false;
    this.plots = Array.prototype.slice.call(section.querySelectorAll('svg.plot[data-t]'));
    this.ui();
    this.plots.forEach(function (svg) { self.plotEvents(svg); });
    Array.prototype.forEach.call(section.querySelectorAll('svg.spk g[data-ch]'), function (g) {
      g.addEventListener('click', function () {
        active = self;
        var ch = g.getAttribute('data-ch');
        if (self.state.chSolo[ch]) delete self.state.chSolo[ch]; else self.state.chSolo[ch] = true;
        self.apply();
      });
    });
  }

  /* ---- the graph ---------------------------------------------------------- */

  /* One output's chain into a stereo node; its channels' solo gains. */
  function chain(ctx, o) {
    var n = o.ch, m = foldOf(o, n);
    var split = ctx.createChannelSplitter(n), merge = ctx.createChannelMerger(2), gains = [];
    for (var c = 0; c < n; c++) {
      var gc = ctx.createGain();
      split.connect(gc, c);
      gains.push(gc);
      for (var t = 0; t < 2; t++) {
        if (m[t][c] === 0) continue;
        var gm = ctx.createGain();
        gm.gain.value = m[t][c];
        gc.connect(gm);
        gm.connect(merge, 0, t);
      }
    }
    return {o: o, input: split, output: merge, ch: gains};
  }

  function gain(ctx, v) { var g = ctx.createGain(); g.gain.value = v; return g; }

  /* The song's graph in ctx: the paths of the drawing at the top, into
   * dest (the context's destination when not given). */
  Player.prototype.build = function (ctx, dest) {
    var g = {ctx: ctx, chains: [], stem: [], other: []};
    var out = gain(ctx, 1);
    out.connect(dest || ctx.destination);
    var mix = chain(ctx, this.mix);
    g.chains.push(mix);
    g.gMix = gain(ctx, 0);
    mix.output.connect(g.gMix).connect(out);
    var sum = gain(ctx, 1), all = gain(ctx, 1);
    this.stems.forEach(function (o) {
      var c = chain(ctx, o), gs = gain(ctx, 1);
      g.chains.push(c);
      c.output.connect(gs).connect(sum);
      c.output.connect(all);
      g.stem.push(gs);
    });
    g.gStems = gain(ctx, 0);
    sum.connect(g.gStems).connect(out);
    var res = gain(ctx, 1);
    mix.output.connect(res);
    all.connect(gain(ctx, -1)).connect(res);
    g.resGain = gain(ctx, 1);
    g.gRes = gain(ctx, 0);
    res.connect(g.resGain).connect(g.gRes).connect(out);
    this.others.forEach(function (o) {
      var c = chain(ctx, o), go = gain(ctx, 0);
      g.chains.push(c);
      c.output.connect(go).connect(out);
      g.other.push(go);
    });
    return g;
  };

  /* Is stem i heard (solo and mute)? */
  Player.prototype.heard = function (i, st) {
    var name = this.stems[i].name, solo = Object.keys(st.solo).length > 0;
    return solo ? !!st.solo[name] : !st.mute[name];
  };

  /* Set g's gains from st: at once (ramp false: before rendering), or
   * ramped over 10 ms from now, a crossfade without a gap. */
  Player.prototype.set = function (g, st, ramp) {
    var ctx = g.ctx, now = ctx.currentTime, self = this;
    function to(param, v) {
      if (!ramp) { param.value = v; return; }
      param.cancelScheduledValues(now);
      param.setValueAtTime(param.value, now);
      param.linearRampToValueAtTime(v, now + 0.01);
    }
    to(g.gMix.gain, st.monitor === 'mix' ? 1 : 0);
    to(g.gStems.gain, st.monitor === 'stems' ? 1 : 0);
    to(g.gRes.gain, st.monitor === 'residual' ? 1 : 0);
    to(g.resGain.gain, db2lin(st.resDb));
    g.stem.forEach(function (gs, i) { to(gs.gain, self.heard(i, st) ? 1 : 0); });
    g.other.forEach(function (go, k) { to(go.gain, st.monitor === 'out:' + self.others[k].name ? 1 : 0); });
    var solo = Object.keys(st.chSolo).length > 0;
    g.chains.forEach(function (c) {
      c.ch.forEach(function (gc, k) {
        var name = c.o.channels ? c.o.channels[k] : String(k);
        to(gc.gain, !solo || st.chSolo[name] ? 1 : 0);
      });
    });
  };

  /* ---- the feed: the prints a window at a time --------------------------- */

  /* Plays every print of g from frame `from` to `end` (then over loop {a, b},
   * frames, when given), a window at a time: the window's frames of each
   * print read and decoded (Player.window), then one source per print, all
   * started at the same context frame, so they stay in sync to the sample;
   * consecutive windows abut frame for frame. A window is scheduled `ahead`
   * frames before it plays and let go once played: a print is held a few
   * windows at a time, never whole, however long the session. `origin`, the
   * context frame the feed's frame 0 plays at: 0 offline; live, set when
   * the first window is decoded. gs: the graphs fed (the same prints, one
   * graph each: several offline renders in one pass). */
  function Feed(p, gs, from, end, loop, origin, ahead) {
    this.p = p; this.gs = gs; this.g = gs[0]; this.pos = from; this.end = end; this.loop = loop;
    this.origin = origin; this.ahead = ahead;
    this.next = 0;      /* the feed's frame the next window plays at */
    this.held = [];     /* the windows scheduled and not yet played */
    this.done = false;
    this.stopped = false;
    this.busy = null;
  }

  /* The next window, {pos (in the prints), n, at (in the feed)}, or null. */
  Feed.prototype.take = function () {
    if (this.pos >= this.end) {
      if (!this.loop) return null;
      this.pos = this.loop.a;
      this.end = this.loop.b;
    }
    var n = Math.min(this.p.win, this.end - this.pos), w = {pos: this.pos, n: n, at: this.next};
    this.pos += n;
    this.next += n;
    return w;
  };

  /* Schedule every window that plays before `ahead` frames from now (the
   * first one alone while the origin is not set). Resolves once they are
   * scheduled; a call while one is running waits for that one. */
  Feed.prototype.fill = function () {
    var self = this;
    if (this.busy) return this.busy;
    var ctx = this.g.ctx, rate = this.p.rate, now = ctx.currentTime;
    this.held = this.held.filter(function (w) { return w.end > now; });
    var horizon = this.origin === null ? 1 : Math.round(now * rate) - this.origin + this.ahead, todo = [];
    while (!this.done && this.next < horizon) {
      var w = this.take();
      if (!w) this.done = true; else todo.push(w);
    }
    if (!todo.length) return Promise.resolve();
    this.busy = Promise.all(todo.map(function (w) {
      return Promise.all(self.g.chains.map(function (c) { return self.p.window(c.o, w.pos, w.n); }))
        .then(function (bufs) { self.play(w, bufs); });
    })).then(function () { self.busy = null; }, function (e) { self.busy = null; throw e; });
    return this.busy;
  };

  /* Window w's buffers (one per chain) started at its context frame. Late
   * (live, a read slower than the music), every print skips the same
   * frames: a dropout, never a slip between prints. */
  Feed.prototype.play = function (w, bufs) {
    if (this.stopped) return;
    var ctx = this.g.ctx, rate = this.p.rate, st = this.p.stats;
    if (this.origin === null) {
      this.origin = Math.ceil((ctx.currentTime + 0.05) * rate);
      this.p.t0 = this.origin / rate;
      st.startMs = performance.now() - this.p.asked;
    }
    var skip = 0;  /* whole frames: a start or an offset between two frames
                      would be played interpolated, not the prints' samples */
    var at = this.origin + w.at, played = bufs;
    /* Late, the window's rest from a frame 20 ms ahead of the clock; asked
     * again once the rests are made (their copies take time on a loaded
     * machine), since a start already past plays at once, out of step */
    while (!(ctx instanceof OfflineAudioContext) && (at + skip) / rate < ctx.currentTime + 0.005) {
      if (!skip) st.late++;
      skip = Math.ceil((ctx.currentTime + 0.02) * rate) - at;
      if (skip >= w.n) return;
      played = bufs.map(function (b) {  /* the window's rest, from its first frame played */
        var rest = ctx.createBuffer(b.numberOfChannels, b.length - skip, b.sampleRate);
        for (var ch = 0; ch < b.numberOfChannels; ch++)
          rest.copyToChannel(b.getChannelData(ch).subarray(skip), ch);
        return rest;
      });
    }
    w.end = (at + w.n) / rate;
    var gs = this.gs, when = (at + skip) / rate;
    w.sources = this.g.chains.map(function (c, i) {
      var s = ctx.createBufferSource();
      s.buffer = played[i];
      gs.forEach(function (g) { s.connect(g.chains[i].input); });
      s.start(when);
      return s;
    });
    this.held.push(w);
    st.heldMax = Math.max(st.heldMax, this.held.length * this.g.chains.length);
  };

  Feed.prototype.stop = function () {
    this.stopped = true;
    this.held.forEach(function (w) {
      w.sources.forEach(function (s) { try { s.stop(); } catch (e) { /* not started */ } s.disconnect(); });
    });
    this.held = [];
  };

  /* The graph rendered offline (the browser test): opts.monitor ('mix',
   * 'stems', 'residual', 'out:NAME'), mute and solo (stem names), chSolo
   * (channel names), resDb, start and seconds. The prints are fed a window
   * at a time, as when listening (the context suspended at each window to
   * schedule the next ones). Resolves to an AudioBuffer; given a list of
   * opts (their start and seconds the first's), to a list of stereo
   * buffers, rendered in one pass: the prints read once. */
  Player.prototype.render = function (opts) {
    var list = Array.isArray(opts) ? opts : [opts], self = this, o0 = list[0];
    var from = Math.round((o0.start || 0) * this.rate);
    var frames = Math.max(1, o0.seconds ? Math.round(o0.seconds * this.rate) : this.frames - from);
    var ctx = new OfflineAudioContext(2 * list.length, frames, this.rate);
    var merge = list.length > 1 ? ctx.createChannelMerger(2 * list.length) : null;
    if (merge) merge.connect(ctx.destination);
    var gs = list.map(function (o, j) {
      var st = {monitor: o.monitor || 'mix', mute: {}, solo: {}, chSolo: {},
                resDb: o.resDb === undefined ? self.state.resDb : o.resDb};
      (o.mute || []).forEach(function (n) { st.mute[n] = true; });
      (o.solo || []).forEach(function (n) { st.solo[n] = true; });
      (o.chSolo || []).forEach(function (n) { st.chSolo[n] = true; });
      var split = null;
      if (merge) {
        split = ctx.createChannelSplitter(2);
        split.connect(merge, 0, 2 * j);
        split.connect(merge, 1, 2 * j + 1);
      }
      var g = self.build(ctx, split);
      self.set(g, st, false);
      return g;
    });
    var feed = new Feed(this, gs, from, from + frames, null, 0, 2 * this.win);
    function more() { return feed.fill().then(function () { return ctx.resume(); }); }
    for (var k = this.win; k < frames; k += this.win) ctx.suspend(k / this.rate).then(more);
    return feed.fill().then(function () { return ctx.startRendering(); }).then(function (b) {
      if (!merge) return b;
      return list.map(function (o, j) {
        return {numberOfChannels: 2, length: b.length, sampleRate: b.sampleRate,
                getChannelData: function (c) { return b.getChannelData(2 * j + c); }};
      });
    });
  };

  /* ---- reading ------------------------------------------------------------ */

  /* A WAV file's layout from its header, read through read(a, b) (bytes a
   * to b): {tag, ch, rate, bps, off (the data's first byte), frames}, or
   * null when it is no WAV (RIFF or RF64, WAVE). */
  function wavHead(read) {
    var fmt = null, ds64 = -1;
    function at(pos) { return read(pos, pos + 65536).then(function (buf) { return walk(buf, pos); }); }
    function walk(buf, base) {
      var dv = new DataView(buf), u8 = new Uint8Array(buf), pos = base;
      function id(k) { return String.fromCharCode(u8[k], u8[k + 1], u8[k + 2], u8[k + 3]); }
      if (base === 0) {
        if (buf.byteLength < 12 || (id(0) !== 'RIFF' && id(0) !== 'RF64') || id(8) !== 'WAVE') return null;
        pos = 12;
      }
      for (;;) {
        /* a chunk's header, and all of it for fmt and ds64, in buf or read */
        var k = pos - base, eof = buf.byteLength < 65536;
        if (k + 8 > buf.byteLength) return eof ? null : at(pos);
        var size = dv.getUint32(k + 4, true), name = id(k);
        var need = name === 'fmt ' ? 8 + Math.min(size, 40) : name === 'ds64' ? 32 : 8;
        if (k + need > buf.byteLength) return eof ? null : at(pos);
        if (name === 'ds64') {
          ds64 = dv.getUint32(k + 16, true) + 4294967296 * dv.getUint32(k + 20, true);
        } else if (name === 'fmt ' && size >= 16) {
          fmt = {tag: dv.getUint16(k + 8, true), ch: dv.getUint16(k + 10, true),
                 rate: dv.getUint32(k + 12, true), bits: dv.getUint16(k + 22, true)};
          if (fmt.tag === 0xfffe && size >= 26) fmt.tag = dv.getUint16(k + 32, true);
        } else if (name === 'data') {
          if (!fmt || fmt.ch < 1) return null;
          var bps = fmt.bits / 8, bytes = size === 0xffffffff && ds64 >= 0 ? ds64 : size;
          if (!((fmt.tag === 1 && (bps === 2 || bps === 3 || bps === 4)) || (fmt.tag === 3 && bps === 4)))
            return null;
          return {tag: fmt.tag, ch: fmt.ch, rate: fmt.rate, bps: bps, off: pos + 8,
                  frames: Math.floor(bytes / (fmt.ch * bps))};
        }
        pos += 8 + size + (size & 1);
      }
    }
    return at(0);
  }

  /* PCM bytes (whole frames from a frame's first byte) into channels c of
   * ab from frame 0: each sample the float32 that decodeAudioData gives,
   * exactly (16, 24, 32-bit integer, 32-bit float). Reading them here is
   * several times faster than decodeAudioData, and reads only the window. */
  function pcm(h, buf, ab) {
    var dv = new DataView(buf), u8 = new Uint8Array(buf), bps = h.bps, n = h.ch;
    var frames = Math.min(ab.length, Math.floor(buf.byteLength / (n * bps)));
    var x = new Float32Array(frames);
    for (var c = 0; c < n; c++) {
      var i, k = c * bps, step = n * bps;
      if (h.tag === 3) {
        for (i = 0; i < frames; i++, k += step) x[i] = dv.getFloat32(k, true);
      } else if (bps === 3) {
        for (i = 0; i < frames; i++, k += step)
          x[i] = ((u8[k] << 8 | u8[k + 1] << 16 | u8[k + 2] << 24) >> 8) / 8388608;
      } else if (bps === 2) {
        for (i = 0; i < frames; i++, k += step) x[i] = ((u8[k] << 16 | u8[k + 1] << 24) >> 16) / 32768;
      } else {
        for (i = 0; i < frames; i++, k += step) x[i] = dv.getInt32(k, true) / 2147483648;
      }
      ab.copyToChannel(x, c);
    }
  }

  /* Print o's frames pos to pos + n as an AudioBuffer of n frames (silence
   * past its end): from its file, that window's bytes only; from the
   * buffer a format the page does not read itself was decoded into. */
  Player.prototype.window = function (o, pos, n) {
    var st = this.stats;
    var ab = new AudioBuffer({length: n, numberOfChannels: o.ch, sampleRate: this.rate});
    st.windows++;
    st.maxFrames = Math.max(st.maxFrames, n);
    var have = Math.max(0, Math.min(n, o.frames - pos));
    if (!have) return Promise.resolve(ab);
    if (o.whole) {
      for (var c = 0; c < o.ch; c++) ab.copyToChannel(o.whole.getChannelData(c).subarray(pos, pos + have), c);
      return Promise.resolve(ab);
    }
    var fb = o.head.ch * o.head.bps;
    return o.src.read(o.head.off + pos * fb, o.head.off + (pos + have) * fb).then(function (buf) {
      pcm(o.head, buf, ab);
      return ab;
    });
  };

  /* Each print's header (or, for a format the page does not read itself
   * or another rate than the song's, the whole file through the browser's
   * decoder): then the transport is ready, nothing more read yet. */
  Player.prototype.open = function (srcOf) {
    var self = this, done = 0;
    var dec = new OfflineAudioContext(1, 1, this.rate);
    this.say('Opening ' + this.outs.length + ' prints\u2026');
    return Promise.all(this.outs.map(function (o) {
      return Promise.resolve().then(function () {
        o.src = srcOf(o);
        return wavHead(o.src.read);
      }).then(function (h) {
        if (h && h.rate === self.rate) {
          o.head = h; o.ch = h.ch; o.frames = h.frames;
          return;
        }
        return o.src.all().then(function (bytes) { return dec.decodeAudioData(bytes); }).then(function (b) {
          o.whole = b; o.ch = b.numberOfChannels; o.frames = b.length;
        });
      }).then(function () {
        self.say('Opened ' + (++done) + ' of ' + self.outs.length + ' prints\u2026');
      }, function (e) {
        throw new Error(o.rel + ': ' + (e && e.message ? e.message : 'cannot be read'));
      });
    })).then(function () {
      self.frames = Math.max.apply(null, self.outs.map(function (o) { return o.frames; }));
      self.length = self.frames / self.rate;
      self.loaded = true;
      self.say('Ready: ' + self.outs.length + ' prints, ' + fmt(self.length) + ', ' +
               self.rate + ' Hz, read lossless from ' + (self.from || 'their files') +
               ', ' + self.win / self.rate + ' s at a time.');
      self.ready();
    });
  };

  /* Over HTTP: each print beside the page, a window at a time by Range
   * requests. A server that ignores Range sends the whole file: it is then
   * kept as a Blob (held by the browser, outside the page, on disk when
   * large) and sliced. */
  function httpSource(url, st) {
    var blob = null;
    function whole(r) { return r.blob().then(function (b) { blob = b; st.wholeFetches++; return b; }); }
    return {
      read: function (a, b) {
        if (blob) return blob.slice(a, b).arrayBuffer();
        return fetch(url, {headers: {Range: 'bytes=' + a + '-' + (b - 1)}}).then(function (r) {
          if (r.status === 206) return r.arrayBuffer().then(function (x) {
            st.maxRead = Math.max(st.maxRead, x.byteLength);
            return x;
          });
          if (r.status === 416) return new ArrayBuffer(0);
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return whole(r).then(function (bl) { return bl.slice(a, b).arrayBuffer(); });
        });
      },
      all: function () {
        if (blob) return blob.arrayBuffer();
        return fetch(url).then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.arrayBuffer();
        });
      }
    };
  }

  /* From disk: a File of the folder picked, sliced (the browser reads
   * those bytes of the file, nothing more). */
  function fileSource(f, st) {
    return {
      read: function (a, b) {
        return f.slice(a, b).arrayBuffer().then(function (x) {
          st.maxRead = Math.max(st.maxRead, x.byteLength);
          return x;
        });
      },
      all: function () { return f.arrayBuffer(); }
    };
  }

  Player.prototype.fetchAll = function () {
    var st = this.stats;
    this.from = 'the server';
    return this.open(function (o) { return httpSource(o.rel, st); });
  };

  /* From disk: the files of a picked or dropped folder, each print matched
   * by its name and as much of its path as the folder holds. */
  Player.prototype.loadFiles = function (files) {
    var self = this, st = this.stats;
    this.from = 'the folder picked';
    var list = Array.prototype.slice.call(files);
    return this.open(function (o) {
      var want = o.rel.split('/').map(decodeURIComponent), best = null, bestN = 0;
      list.forEach(function (f) {
        var have = (f.webkitRelativePath || f.fullPath || f.name).split('/').filter(Boolean), n = 0;
        while (n < have.length && n < want.length &&
               have[have.length - 1 - n] === want[want.length - 1 - n]) n++;
        if (n > bestN) { best = f; bestN = n; }
      });
      if (!best) throw new Error('not in the folder picked: ' + base(o.path));
      return fileSource(best, st);
    }).catch(function (e) { self.say(e.message, true); throw e; });
  };

  /* ---- the page ----------------------------------------------------------- */

  Player.prototype.say = function (text, bad) {
    this.status.textContent = text;
    this.status.className = bad ? 'note warn' : 'note';
  };

  Player.prototype.ui = function () {
    var self = this, box = this.box;
    box.textContent = '';
    this.status = el('p', {'class': 'note'});
    var load = el('div', {'class': 'drop'});
    if (location.protocol === 'file:') {
      load.appendChild(el('p', {}, 'Opened from disk, the page may not read the prints itself: ' +
        'pick their folder (or drop it here) and they are read in place, nothing uploaded. ' +
        'Served over HTTP, the page reads them beside it.'));
      var input = el('input', {type: 'file', webkitdirectory: '', multiple: '', 'class': 'pick'});
      input.addEventListener('change', function () { self.loadFiles(input.files); });
      load.appendChild(input);
      load.addEventListener('dragover', function (e) { e.preventDefault(); });
      load.addEventListener('drop', function (e) {
        e.preventDefault();
        dropped(e.dataTransfer).then(function (files) { self.loadFiles(files); });
      });
    } else {
      var b = el('button', {'class': 'load'}, 'Load the prints');
      b.addEventListener('click', function () {
        self.fetchAll().catch(function (e) { self.say(e.message, true); });
      });
      load.appendChild(b);
    }
    this.loadBox = load;
    box.appendChild(load);
    box.appendChild(this.status);
    if (this.ab) this.say('A (old) and B (new) to play, and A \u2212 B.'); else
    this.say(this.outs.length + ' prints to play: the mix, ' + this.stems.length + ' stems' +
             (this.others.length ? ', ' + this.others.length + ' more' : '') + '.');
  };

  /* The transport, once the prints are read. */
  Player.prototype.ready = function () {
    var self = this, box = this.box;
    this.loadBox.style.display = 'none';
    var bar = el('div', {'class': 'bar'});
    this.playBtn = el('button', {'class': 'play', title: 'space'}, '\u25b6 Play');
    this.playBtn.addEventListener('click', function () { active = self; self.toggle(); });
    this.time = el('span', {'class': 'time'}, fmt(0) + ' / ' + fmt(this.length));
    bar.appendChild(this.playBtn);
    bar.appendChild(this.time);
    this.monitorBtns = {};
    var mons = this.ab ? [['mix', 'A (old)'], ['stems', 'B (new)'], ['residual', 'A \u2212 B']]
                       : [['mix', 'Mix'], ['stems', '\u03a3 stems'], ['residual', 'Residual']];
    this.others.forEach(function (o) { mons.push(['out:' + o.name, o.name]); });
    mons.forEach(function (m) {
      if (m[0] === 'residual' && !self.stems.length) return;
      var b = el('button', {'class': 'mon', 'data-mon': m[0]}, m[1]);
      b.addEventListener('click', function () { active = self; self.state.monitor = m[0]; self.apply(); });
      self.monitorBtns[m[0]] = b;
      bar.appendChild(b);
    });
    var rg = el('label', {}, 'residual gain ');
    this.resInput = el('input', {type: 'number', min: '0', max: '140', step: '6', value: String(this.state.resDb),
                                 style: 'width:5em'});
    this.resInput.addEventListener('change', function () {
      self.state.resDb = Math.max(0, Math.min(140, +self.resInput.value || 0));
      self.apply();
    });
    rg.appendChild(this.resInput);
    rg.appendChild(document.createTextNode(' dB'));
    bar.appendChild(rg);
    this.loopBtn = el('button', {'class': 'loop'}, 'loop off');
    this.loopBtn.addEventListener('click', function () { self.setLoop(null); });
    bar.appendChild(this.loopBtn);
    box.appendChild(bar);
    var t = el('table', {'class': 'stems'}), tb = el('tbody');
    this.stemBtns = [];
    this.stems.forEach(function (o, i) {
      var tr = el('tr');
      tr.appendChild(el('td', {'class': 'key'}, i < 9 ? String(i + 1) : ''));
      tr.appendChild(el('th', {}, o.name));
      var td = el('td'), m = el('button', {'class': 'mute'}, 'M'), s = el('button', {'class': 'solo'}, 'S');
      m.addEventListener('click', function () { active = self; self.toggleMute(o.name); });
      s.addEventListener('click', function () { active = self; self.toggleSolo(o.name); });
      td.appendChild(m);
      td.appendChild(s);
      tr.appendChild(td);
      tb.appendChild(tr);
      self.stemBtns.push({m: m, s: s, o: o});
    });
    t.appendChild(tb);
    var nl = this.null;
    if (this.ab) {
      box.appendChild(el('p', {'class': 'note'},
        'A, B and A \u2212 B play in sync from one clock and switch without a gap at the same ' +
        'position: A \u2212 B is computed here from the two prints, as printed (no lag applied), ' +
        'raised by the gain shown' + (nl && nl.residual_peak_dbfs !== null ? ' (its peak ' +
        nl.residual_peak_dbfs.toFixed(1) + ' dBFS)' : '') + '. Click a plot to play from there, ' +
        'drag over one to loop that span. Keys: space play/pause, a A/B, r A \u2212 B.'));
      this.apply();
      return;
    }
    box.appendChild(t);
    box.appendChild(el('p', {'class': 'note'},
      'Everything plays in sync from one clock. Mix and \u03a3 stems switch without a gap: the sum ' +
      'of the stems heard (solo, mute) against the mix. Residual: the mix minus every stem, raised by the ' +
      'gain shown' + (nl && nl.residual_peak_dbfs !== null ? ' (the null test measured its peak at ' +
      nl.residual_peak_dbfs.toFixed(1) + ' dBFS, RMS ' + (nl.residual_rms_dbfs === null ? '\u2013' :
      nl.residual_rms_dbfs.toFixed(1)) + ' dBFS)' : '') + '. Files of more than two channels play ' +
      'folded to stereo (BS.775); click a speaker to solo its channel. Click a plot to play from ' +
      'there, drag over one to loop that span. Keys: space play/pause, 1\u20139 mute a stem, ' +
      'shift+1\u20139 solo it, a mix/\u03a3 stems, r residual.'));
    this.apply();
  };

  Player.prototype.toggleMute = function (n) {
    if (this.state.mute[n]) delete this.state.mute[n]; else this.state.mute[n] = true;
    this.apply();
  };
  Player.prototype.toggleSolo = function (n) {
    if (this.state.solo[n]) delete this.state.solo[n]; else this.state.solo[n] = true;
    this.apply();
  };

  /* The state onto the page and the live graph. */
  Player.prototype.apply = function () {
    var st = this.state, self = this;
    if (this.graph) this.set(this.graph, st, true);
    for (var k in this.monitorBtns || {}) this.monitorBtns[k].classList.toggle('on', st.monitor === k);
    (this.stemBtns || []).forEach(function (b) {
      b.m.classList.toggle('on', !!st.mute[b.o.name]);
      b.s.classList.toggle('on', !!st.solo[b.o.name]);
    });
    if (this.resInput) this.resInput.value = String(st.resDb);
    Array.prototype.forEach.call(this.section.querySelectorAll('svg.spk g[data-ch]'), function (g) {
      g.classList.toggle('solo', !!self.state.chSolo[g.getAttribute('data-ch')]);
    });
  };

  Player.prototype.position = function () {
    if (!this.playing || this.t0 === null) return this.offset;
    var t = this.offset + Math.max(0, this.ctx.currentTime - this.t0);
    if (this.loop && t >= this.loop.b) t = this.loop.a + (t - this.loop.a) % (this.loop.b - this.loop.a);
    return Math.max(0, t);
  };

  /* Play from `from` seconds: a new feed, its first window read before
   * the clock starts (t0), then the next ones read ahead on a timer, 4 s
   * ahead of the playhead. */
  Player.prototype.play = function (from) {
    var self = this, rate = this.rate;
    if (!this.loaded) return;
    this.asked = performance.now();
    if (!this.ctx) {
      this.ctx = new AudioContext({sampleRate: rate, latencyHint: 'playback'});
      this.graph = this.build(this.ctx);
      this.set(this.graph, this.state, false);
    }
    this.ctx.resume();
    this.stopFeed();
    if (from >= this.length) from = 0;
    var pos = Math.round(from * rate), l = this.loop;
    this.offset = pos / rate;
    this.t0 = null;
    var feed = this.feed = new Feed(this, [this.graph], pos, l ? Math.round(l.b * rate) : this.frames,
                                    l ? {a: Math.round(l.a * rate), b: Math.round(l.b * rate)} : null,
                                    null, Math.max(2 * this.win, 4 * rate));
    function more() {
      if (feed.stopped) return;
      feed.fill().then(function () {
        if (!feed.stopped) self.timer = setTimeout(more, feed.origin === null ? 0 : 250);
      }, function (e) { self.say(e.message, true); self.pause(); });
    }
    more();
    this.playing = true;
    this.playBtn.textContent = '\u275a\u275a Pause';
    this.tick();
  };

  Player.prototype.stopFeed = function () {
    if (this.feed) this.feed.stop();
    this.feed = null;
    clearTimeout(this.timer);
    this.timer = null;
  };

  Player.prototype.pause = function () {
    this.offset = this.position();
    this.playing = false;
    this.stopFeed();
    if (this.playBtn) this.playBtn.textContent = '\u25b6 Play';
    this.draw();
  };

  Player.prototype.toggle = function () {
    var l = this.loop, at = this.offset;
    if (this.playing) this.pause();
    else this.play(l && (at < l.a || at >= l.b) ? l.a : at);
  };

  Player.prototype.setLoop = function (loop) {
    this.loop = loop;
    if (this.loopBtn) {
      this.loopBtn.textContent = loop ? 'loop ' + fmt(loop.a) + '\u2013' + fmt(loop.b) + ' \u2715' : 'loop off';
      this.loopBtn.classList.toggle('on', !!loop);
    }
    if (this.playing || loop) this.play(loop ? loop.a : this.position());
    this.draw();
  };

  /* The playhead drawn once a frame while playing: one chain of frames,
   * however often play() is called (a seek, a loop set while playing). */
  Player.prototype.tick = function () {
    var self = this;
    if (this.ticking) return;
    this.ticking = true;
    (function frame() {
      if (!self.playing) { self.ticking = false; return; }
      if (!self.loop && self.position() >= self.length) {
        self.ticking = false;
        self.pause();
        self.offset = 0;
        self.draw();
        return;
      }
      self.draw();
      requestAnimationFrame(frame);
    })();
  };

  /* The playhead and the loop's span on every plot of the song. */
  Player.prototype.draw = function () {
    var t = this.position(), loop = this.loop, self = this;
    if (this.time) this.time.textContent = fmt(t) + ' / ' + fmt(this.length);
    this.plots.forEach(function (svg) {
      var p = self.frame(svg);
      if (!svg.spHead) {
        svg.spSpan = document.createElementNS(svg.namespaceURI, 'rect');
        svg.spSpan.setAttribute('class', 'span');
        svg.spHead = document.createElementNS(svg.namespaceURI, 'line');
        svg.spHead.setAttribute('class', 'playhead');
        svg.appendChild(svg.spSpan);
        svg.appendChild(svg.spHead);
      }
      var x = p.x0 + (p.x1 - p.x0) * Math.min(1, t / p.t);
      svg.spHead.setAttribute('x1', x); svg.spHead.setAttribute('x2', x);
      svg.spHead.setAttribute('y1', p.y0); svg.spHead.setAttribute('y2', p.y1);
      if (loop) {
        var a = p.x0 + (p.x1 - p.x0) * loop.a / p.t, b = p.x0 + (p.x1 - p.x0) * Math.min(1, loop.b / p.t);
        svg.spSpan.setAttribute('x', a); svg.spSpan.setAttribute('width', Math.max(0, b - a));
        svg.spSpan.setAttribute('y', p.y0); svg.spSpan.setAttribute('height', p.y1 - p.y0);
        svg.spSpan.style.display = '';
      } else {
        svg.spSpan.style.display = 'none';
      }
    });
  };

  Player.prototype.frame = function (svg) {
    function n(k) { return +svg.getAttribute('data-' + k); }
    return {x0: n('x0'), x1: n('x1'), y0: n('y0'), y1: n('y1'), t: n('t') || 1};
  };

  /* Click on a plot: play from there; drag: loop the span. */
  Player.prototype.plotEvents = function (svg) {
    var self = this, down = null;
    function at(e) {
      var p = self.frame(svg), pt = svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      var x = pt.matrixTransform(svg.getScreenCTM().inverse()).x;
      var t = (x - p.x0) / (p.x1 - p.x0) * p.t;
      return {x: e.clientX, t: Math.max(0, Math.min(self.length || p.t, t))};
    }
    svg.addEventListener('pointerdown', function (e) {
      if (!self.loaded) return;
      active = self;
      down = at(e);
      svg.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    svg.addEventListener('pointermove', function (e) {
      if (!down) return;
      var now = at(e);
      if (Math.abs(now.x - down.x) > 3) {
        self.loop = {a: Math.min(down.t, now.t), b: Math.max(down.t, now.t)};
        self.draw();
      }
    });
    svg.addEventListener('pointerup', function (e) {
      if (!down) return;
      var now = at(e), d = down;
      down = null;
      if (Math.abs(now.x - d.x) > 3 && Math.abs(now.t - d.t) > 0.01)
        self.setLoop({a: Math.min(d.t, now.t), b: Math.max(d.t, now.t)});
      else {
        self.loop = null;
        self.setLoop(null);
        self.play(d.t);
      }
    });
  };

  /* The files of a dropped folder (its entries read recursively). */
  function dropped(dt) {
    var files = [];
    function walk(entry) {
      if (!entry) return Promise.resolve();
      if (entry.isFile)
        return new Promise(function (ok) {
          entry.file(function (f) { f.fullPath = entry.fullPath; files.push(f); ok(); }, function () { ok(); });
        });
      var reader = entry.createReader();
      return new Promise(function (ok) {
        var all = [];
        (function more() {
          reader.readEntries(function (es) {
            if (!es.length) { Promise.all(all.map(walk)).then(ok); return; }
            all = all.concat(Array.prototype.slice.call(es));
            more();
          }, function () { ok(); });
        })();
      });
    }
    /* dt is emptied when the drop event ends: its files and entries now */
    var items = Array.prototype.slice.call(dt.items || []), flat = Array.prototype.slice.call(dt.files || []);
    return Promise.all(items.map(function (it) { return walk(it.webkitGetAsEntry && it.webkitGetAsEntry()); }))
      .then(function () { return files.length ? files : flat; });
  }

  document.addEventListener('keydown', function (e) {
    var p = active || players[0];
    if (!p || !p.loaded || e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    var digit = /^Digit([1-9])$/.exec(e.code || '');
    if (e.code === 'Space' || e.key === ' ') p.toggle();
    else if (digit && p.stems[+digit[1] - 1]) {
      var n = p.stems[+digit[1] - 1].name;
      if (e.shiftKey) p.toggleSolo(n); else p.toggleMute(n);
    } else if (e.key === 'a') { p.state.monitor = p.state.monitor === 'mix' ? 'stems' : 'mix'; p.apply(); }
    else if (e.key === 'r' && p.stems.length) { p.state.monitor = 'residual'; p.apply(); }
    else return;
    e.preventDefault();
  });

  var dir = document.querySelector('main') && document.querySelector('main').getAttribute('data-dir');
  Array.prototype.forEach.call(document.querySelectorAll('script.sp-listen'), function (s) {
    var section = s.closest('section') || document.body;
    players.push(new Player(section, JSON.parse(s.textContent), dir));
  });
  window.stemprintListen = {players: players};
})();
