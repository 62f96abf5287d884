// The page around the game: it only wakes the C loop on input, mirrors
// the screen's text for screen readers, and passes an author's file in.
// Everything the player sees is drawn by the same C code as on the desktop.
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(location.search), args = [];
  if (params.has('classroom')) args.push('--classroom');
  ['scenario', 'seed', 'timer', 'lang'].forEach(function (k) {
    if (params.get(k)) args.push('--' + k, params.get(k));
  });

  // What tests and tools read: the screen on show and its text.
  var state = window.leftsr = {
    ready: false, screen: '', text: '', focus: '', frames: 0, firstFrameMs: -1,
    diagnostics: '', checkStatus: -1, downloads: [], fatal: ''
  };

  var pending = false, timer = 0, capture = null, persistTimer = 0;
  function step() {
    pending = false;
    clearTimeout(timer);
    var next = Module._lsr_web_step();
    if (next >= 0) timer = setTimeout(wake, next);
  }
  // Runs one turn of the loop after the browser handed SDL its events.
  function wake() {
    if (!state.ready || pending) return;
    pending = true;
    setTimeout(step, 0);
  }

  function setScreenText(name, text) {
    var lines = text.split('\n'), focus = '';
    if (lines.length > 1 && /^Focus: /.test(lines[lines.length - 2])) focus = lines.splice(lines.length - 2, 1)[0];
    var body = lines.join('\n');
    // only what changed is replaced, so a focus move is read alone
    if ($('sr-text').textContent !== body) $('sr-text').textContent = body;
    if ($('sr-focus').textContent !== focus) $('sr-focus').textContent = focus;
    state.screen = name;
    state.text = body;
    state.focus = focus.replace(/^Focus: /, '');
  }

  window.Module = {
    canvas: $('canvas'),
    arguments: args,
    print: function (t) { if (capture) capture.push(t); else console.log(t); },
    printErr: function (t) { if (capture) capture.push(t); else console.warn(t); },
    setStatus: function (t) { $('status').textContent = t; $('status').style.display = t ? '' : 'none'; },
    lsrScreen: function (name, text, frames) {
      if (state.firstFrameMs < 0) state.firstFrameMs = performance.now();
      state.frames = frames;
      setScreenText(name, text);
      // a frame may follow a save or a settings change: keep IndexedDB
      // current, once per burst of frames (hovering redraws too)
      clearTimeout(persistTimer);
      persistTimer = setTimeout(function () { Module.lsrPersist(); }, 250);
    },
    lsrFatal: function (msg) { state.fatal = msg; Module.setStatus(msg); },
    lsrOnDownload: function (name, data) { state.downloads.push({ name: name, bytes: data.length }); },
    onRuntimeInitialized: function () {
      state.ready = true;
      Module.setStatus('');
      // SDL listens for these on the window and canvas; the loop runs after them
      ['keydown', 'keyup', 'mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchend',
       'touchmove', 'resize', 'focus', 'blur', 'fullscreenchange', 'visibilitychange'].forEach(function (e) {
        window.addEventListener(e, wake, { passive: true });
      });
      wake();
    }
  };

  // leaving the page: write what the last frames may have saved at once
  function flush() {
    if (state.ready) { clearTimeout(persistTimer); Module.lsrPersist(); }
  }
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', function () { if (document.hidden) flush(); });

  // An author's file: written into the game's file system, checked by the
  // same code as `leftsr check`, its diagnostics shown here and read out.
  function openFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var name = file.name.replace(/[^A-Za-z0-9._-]/g, '_') || 'scenario.json';
      var path = '/authored/' + name;
      Module.FS.writeFile(path, new Uint8Array(reader.result));
      capture = [];
      var rc = Module.ccall('lsr_web_open_file', 'number', ['string'], [path]);
      var out = capture.join('\n');
      capture = null;
      state.checkStatus = rc;
      state.diagnostics = out;
      $('diag-title').textContent = rc === 0 ? name + ': no errors' : name + ': problems found';
      $('diag-text').textContent = out;
      $('diag').style.display = out ? 'block' : 'none';
      $('diag').style.borderColor = rc === 0 ? '#2d6a3e' : '#a3201c';
      wake();
    };
    reader.readAsArrayBuffer(file);
  }
  // the button gives focus back at once: Enter belongs to the game
  $('open').addEventListener('click', function () { this.blur(); $('file').click(); });
  $('file').addEventListener('change', function () {
    if (this.files[0]) openFile(this.files[0]);
    this.value = '';
    $('canvas').focus();
  });
  $('diag-close').addEventListener('click', function () { $('diag').style.display = 'none'; });
  window.addEventListener('dragover', function (e) { e.preventDefault(); document.body.classList.add('dragging'); });
  window.addEventListener('dragleave', function () { document.body.classList.remove('dragging'); });
  window.addEventListener('drop', function (e) {
    e.preventDefault();
    document.body.classList.remove('dragging');
    if (e.dataTransfer.files[0]) openFile(e.dataTransfer.files[0]);
  });
  state.openText = function (name, text) { openFile(new File([text], name)); };

  // Offline after the first visit: a service worker keeps the site's files.
  if ('serviceWorker' in navigator && location.protocol !== 'file:' && !params.has('nosw')) {
    navigator.serviceWorker.register('sw.js').catch(function (e) { console.warn('leftsr: no offline copy', e); });
  }
})();
