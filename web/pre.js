// Runs inside the generated leftsr.js before main: where the game finds its
// data (the preloaded package at /leftsr) and where it keeps saves and
// settings (the XDG folders, kept in IndexedDB through IDBFS).
Module.preRun = Module.preRun || [];
Module.preRun.push(function () {
  ENV.LEFTSR_DATA = '/leftsr';
  // the player's language, as LANG would give it on the desktop
  ENV.LANG = String(navigator.language || 'en').replace('-', '_') + '.UTF-8';
  ENV.XDG_DATA_HOME = '/persist/data';
  ENV.XDG_CONFIG_HOME = '/persist/config';
  FS.mkdir('/persist');
  FS.mkdir('/authored');
  FS.mount(IDBFS, {}, '/persist');
  addRunDependency('lsr-idbfs');
  FS.syncfs(true, function (err) {
    if (err) console.warn('leftsr: saved games could not be read from IndexedDB', err);
    removeRunDependency('lsr-idbfs');
  });
});

// Writes the in-memory XDG folders back to IndexedDB; calls made while one
// sync runs are folded into one more sync after it.
Module.lsrPersist = (function () {
  var running = false, again = false, waiters = [];
  function run() {
    running = true;
    again = false;
    var done = waiters;
    waiters = [];
    FS.syncfs(false, function (err) {
      running = false;
      if (err) console.warn('leftsr: saving to IndexedDB failed', err);
      done.forEach(function (f) { f(err); });
      if (again) run();
    });
  }
  return function (cb) {
    if (cb) waiters.push(cb);
    if (running) again = true; else run();
  };
})();

// Reads a file the game wrote (a report) and hands it to the browser as a download.
Module.lsrDownload = function (path) {
  var data = FS.readFile(path);
  var name = path.substring(path.lastIndexOf('/') + 1);
  var type = /\.html$/.test(name) ? 'text/html' : 'text/plain';
  if (Module.lsrOnDownload) Module.lsrOnDownload(name, data);
  var url = URL.createObjectURL(new Blob([data], { type: type }));
  var a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
};
