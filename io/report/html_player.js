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
 * print; identity for stereo). Every source starts at the same context time
 * with the same offset, so they play in sync to the sample; the monitor
 * switch (mix, the stems' sum, the residual, a version) crossfades gains of
 * paths that all keep running, so there is no gap. The residual is the mix
 * minus every stem (mutes do not touch it), raised by the gain shown.
 *
 * The prints are read in place, lossless: fetched over HTTP, or from disk
 * (file://, where a page may not read files) from the folder the reviewer
 * picks or drops. Nothing is fetched from anywhere else. */
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
    this.outs = data.outputs.map(function (o) {
      return {name: o.name, role: o.role, path: o.path, rel: relative(dir, o.path),
              channels: o.channels || null, fold: o.fold || null, buffer: null};
    });
    this.mix = this.outs.filter(function (o) { return o.role === 'mix'; })[0];
    this.stems = this.outs.filter(function (o) { return o.role === 'stem'; });
    this.others = this.outs.filter(function (o) { return o.role === 'version' || o.role === 'bus'; });
    var peak = this.null && this.null.residual_peak_dbfs;
    /* the residual raised to about -20 dBFS at its peak, in 6 dB steps */
    this.state = {monitor: 'mix', mute: {}, solo: {}, chSolo: {},
                  resDb: typeof peak === 'number' ? Math.min(120, Math.max(0, 6 * Math.round((-20 - peak) / 6))) : 60};
    this.loop = null;
    this.length = 0;
    this.ctx = null;
    this.graph = null;
    this.sources = [];
    this.playing = false;
    this.t0 = 0;
    this.offset = 0;
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
    var n = o.buffer.numberOfChannels, m = foldOf(o, n);
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

  /* The song's graph in ctx: the paths of the drawing at the top. */
  Player.prototype.build = function (ctx) {
    var g = {ctx: ctx, chains: [], stem: [], other: []};
    var out = gain(ctx, 1);
    out.connect(ctx.destination);
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

  /* Every output's source into g, started together at when from offset
   * seconds (looping over loop {a, b} when given). */
  Player.prototype.start = function (g, when, offset, loop) {
    return g.chains.map(function (c) {
      var s = g.ctx.createBufferSource();
      s.buffer = c.o.buffer;
      if (loop) { s.loop = true; s.loopStart = loop.a; s.loopEnd = loop.b; }
      s.connect(c.input);
      s.start(when, offset);
      return s;
    });
  };

  /* The graph rendered offline (the browser test): opts.monitor ('mix',
   * 'stems', 'residual', 'out:NAME'), mute and solo (stem names), chSolo
   * (channel names), resDb, start and seconds. Resolves to an AudioBuffer. */
  Player.prototype.render = function (opts) {
    var st = {monitor: opts.monitor || 'mix', mute: {}, solo: {}, chSolo: {},
              resDb: opts.resDb === undefined ? this.state.resDb : opts.resDb};
    (opts.mute || []).forEach(function (n) { st.mute[n] = true; });
    (opts.solo || []).forEach(function (n) { st.solo[n] = true; });
    (opts.chSolo || []).forEach(function (n) { st.chSolo[n] = true; });
    var start = opts.start || 0;
    var seconds = opts.seconds || this.length - start;
    var ctx = new OfflineAudioContext(2, Math.max(1, Math.round(seconds * this.rate)), this.rate);
    var g = this.build(ctx);
    this.set(g, st, false);
    this.start(g, 0, start, null);
    return ctx.startRendering();
  };

  /* ---- loading ------------------------------------------------------------ */

  /* A PCM WAV file's bytes as an AudioBuffer (16, 24 or 32-bit integer,
   * 32-bit float: what stemprint writes; each sample to the float32 that
   * decodeAudioData gives, exactly), or null for anything else. Reading it
   * here is several times faster than decodeAudioData, and takes the
   * bytes once. */
  function readWav(buf) {
    var dv = new DataView(buf), u8 = new Uint8Array(buf);
    function id(at) { return String.fromCharCode(u8[at], u8[at + 1], u8[at + 2], u8[at + 3]); }
    if (buf.byteLength < 12 || id(0) !== 'RIFF' || id(8) !== 'WAVE') return null;
    var pos = 12, fmt = null, off = -1, size = 0;
    while (pos + 8 <= buf.byteLength) {
      var size_ = dv.getUint32(pos + 4, true);
      if (id(pos) === 'fmt ' && size_ >= 16) {
        fmt = {tag: dv.getUint16(pos + 8, true), ch: dv.getUint16(pos + 10, true),
               rate: dv.getUint32(pos + 12, true), bits: dv.getUint16(pos + 22, true)};
        if (fmt.tag === 0xfffe && size_ >= 26) fmt.tag = dv.getUint16(pos + 32, true);
      } else if (id(pos) === 'data') {
        off = pos + 8;
        size = Math.min(size_, buf.byteLength - off);
        break;
      }
      pos += 8 + size_ + (size_ & 1);
    }
    if (!fmt || off < 0 || fmt.ch < 1) return null;
    var bps = fmt.bits / 8, n = fmt.ch;
    if (!((fmt.tag === 1 && (bps === 2 || bps === 3 || bps === 4)) || (fmt.tag === 3 && bps === 4)))
      return null;
    var frames = Math.floor(size / (n * bps));
    if (frames < 1) return null;
    var ab = new AudioBuffer({length: frames, numberOfChannels: n, sampleRate: fmt.rate});
    var x = new Float32Array(frames);
    for (var c = 0; c < n; c++) {
      var i, k = off + c * bps, step = n * bps;
      if (fmt.tag === 3) {
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
    return ab;
  }

  Player.prototype.decode = function (getBytes) {
    var self = this, done = 0;
    var dec = new OfflineAudioContext(1, 1, this.rate);
    this.say('Reading ' + this.outs.length + ' prints\u2026');
    return Promise.all(this.outs.map(function (o) {
      return getBytes(o).then(function (bytes) {
        return readWav(bytes) || dec.decodeAudioData(bytes);
      }).then(function (b) {
        o.buffer = b;
        self.say('Read ' + (++done) + ' of ' + self.outs.length + ' prints\u2026');
      }, function (e) {
        throw new Error(o.rel + ': ' + (e && e.message ? e.message : 'cannot be read'));
      });
    })).then(function () {
      self.length = Math.max.apply(null, self.outs.map(function (o) { return o.buffer.duration; }));
      self.loaded = true;
      self.say('Ready: ' + self.outs.length + ' prints, ' + fmt(self.length) + ', ' +
               self.rate + ' Hz, read lossless from ' + (self.from || 'their files') + '.');
      self.ready();
    });
  };

  /* Over HTTP: fetch each print beside the page. */
  Player.prototype.fetchAll = function () {
    this.from = 'the server';
    return this.decode(function (o) {
      return fetch(o.rel).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
      });
    });
  };

  /* From disk: the files of a picked or dropped folder, each print matched
   * by its name and as much of its path as the folder holds. */
  Player.prototype.loadFiles = function (files) {
    var self = this;
    this.from = 'the folder picked';
    var list = Array.prototype.slice.call(files);
    return this.decode(function (o) {
      var want = o.rel.split('/').map(decodeURIComponent), best = null, bestN = 0;
      list.forEach(function (f) {
        var have = (f.webkitRelativePath || f.fullPath || f.name).split('/').filter(Boolean), n = 0;
        while (n < have.length && n < want.length &&
               have[have.length - 1 - n] === want[want.length - 1 - n]) n++;
        if (n > bestN) { best = f; bestN = n; }
      });
      if (!best) return Promise.reject(new Error('not in the folder picked: ' + base(o.path)));
      return best.arrayBuffer();
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
    var mons = [['mix', 'Mix'], ['stems', '\u03a3 stems'], ['residual', 'Residual']];
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
    box.appendChild(t);
    var nl = this.null;
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
    if (!this.playing) return this.offset;
    var t = this.offset + this.ctx.currentTime - this.t0;
    if (this.loop && t >= this.loop.b) t = this.loop.a + (t - this.loop.a) % (this.loop.b - this.loop.a);
    return Math.max(0, t);
  };

  Player.prototype.play = function (from) {
    if (!this.loaded) return;
    if (!this.ctx) {
      this.ctx = new AudioContext({sampleRate: this.rate, latencyHint: 'playback'});
      this.graph = this.build(this.ctx);
      this.set(this.graph, this.state, false);
    }
    this.ctx.resume();
    this.stopSources();
    if (from >= this.length) from = 0;
    this.offset = from;
    this.t0 = this.ctx.currentTime + 0.05;
    this.sources = this.start(this.graph, this.t0, from, this.loop);
    this.playing = true;
    this.playBtn.textContent = '\u275a\u275a Pause';
    this.tick();
  };

  Player.prototype.stopSources = function () {
    this.sources.forEach(function (s) { try { s.stop(); } catch (e) { /* not started */ } s.disconnect(); });
    this.sources = [];
  };

  Player.prototype.pause = function () {
    this.offset = this.position();
    this.playing = false;
    this.stopSources();
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

  Player.prototype.tick = function () {
    var self = this;
    if (!this.playing) return;
    if (!this.loop && this.position() >= this.length) { this.pause(); this.offset = 0; this.draw(); return; }
    this.draw();
    requestAnimationFrame(function () { self.tick(); });
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
    var items = Array.prototype.slice.call(dt.items || []);
    return Promise.all(items.map(function (it) { return walk(it.webkitGetAsEntry && it.webkitGetAsEntry()); }))
      .then(function () { return files.length ? files : Array.prototype.slice.call(dt.files); });
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
