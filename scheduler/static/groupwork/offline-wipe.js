/* Nothing of Groupwork stays on a tablet once nobody is signed in.
 *
 * On "Sign out": one last try to send queued register taps (at most 3 s), then the offline
 * queue (IndexedDB), the cached pages and the service worker are removed before the form is
 * sent. On any page shown to someone not signed in (the sign-in page, where an expired
 * session lands), the same wipe runs, so another user never inherits a queue or a register.
 */
(function () {
  "use strict";
  var DB = "groupwork-offline";

  function settle(promise, ms) {
    return Promise.race([promise.catch(function () {}),
                         new Promise(function (resolve) { setTimeout(resolve, ms); })]);
  }

  function wipe() {
    var jobs = [];
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var req = indexedDB.deleteDatabase(DB);
        req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("groupwork-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }));
    }
    if (navigator.serviceWorker) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.all(jobs);
  }

  var form = document.getElementById("sign-out");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      if (button) { button.disabled = true; button.textContent = "Signing out…"; }
      var last = window.GroupworkSync ? window.GroupworkSync.run() : Promise.resolve();
      settle(last, 3000).then(function () { return settle(wipe(), 3000); })
        .then(function () { form.submit(); });
    });
  } else if (document.body.getAttribute("data-signed-in") !== "1") {
    wipe();
  }
  window.GroupworkWipe = wipe;
})();
