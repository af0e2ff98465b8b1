/* Sends the register queue (queue.js) on every page open, on every `online` event, and again
 * with backoff (2 s, 4 s … 60 s) while it fails; after a failure it also asks the service
 * worker for a background sync, which the browser runs even once the page is closed.
 * Pages subscribe with GroupworkSync.onChange. */
(function () {
  "use strict";
  var Q = self.GroupworkQueue;
  var userId = document.body.getAttribute("data-user");
  if (!Q || !userId || !window.indexedDB || !window.fetch) { return; }
  var DELAYS = [2, 4, 8, 16, 32, 60];
  var attempt = 0;
  var timer = null;
  var running = null;
  var again = false;
  var listeners = [];

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function notify(state) { listeners.forEach(function (fn) { fn(state); }); }

  function schedule() {
    clearTimeout(timer);
    var delay = DELAYS[Math.min(attempt, DELAYS.length - 1)];
    attempt += 1;
    timer = setTimeout(run, delay * 1000 + Math.random() * 500);
  }

  function finished(report) {
    running = null;
    if (report.outcome === "expired") {
      notify({ expired: true });
      window.location.assign("/login/?next=" + encodeURIComponent(window.location.pathname));
      return report;
    }
    if (report.outcome === "retry") { schedule(); backgroundSync(); } else { attempt = 0; }
    notify({ report: report });
    if (again) { again = false; run(); }
    return report;
  }

  function run() {
    if (running) { again = true; return running; }
    clearTimeout(timer);
    notify({ busy: true });
    running = Q.sync({ userId: userId, csrf: csrf() }).then(finished, function () {
      return finished({ outcome: "retry", refused: [], pending: -1 });
    });
    return running;
  }

  function backgroundSync() {
    if (!navigator.serviceWorker) { return; }
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) { return reg.sync.register("register-taps"); }
    }).catch(function () {});
  }

  window.addEventListener("online", function () { attempt = 0; run(); });
  Q.remember("csrf", csrf()).then(function () { return Q.remember("user", Number(userId)); })
    .catch(function () {});
  window.GroupworkSync = {
    run: run, userId: userId,
    onChange: function (fn) { listeners.push(fn); },
    pending: function () { return Q.pending(userId); }
  };
  run();
})();
