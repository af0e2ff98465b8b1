/* The register, offline-first: progressive enhancement over the plain HTML form.
 *
 * Each tap goes into the durable queue (queue.js, IndexedDB) with its own nonce and the time
 * it was made, and is sent a moment later (sync.js); it leaves the queue only when the server
 * acknowledges its nonce. "Save register" sends the queue now and shows a busy state; the
 * state next to it always says what is waiting ("3 marks waiting to send") or when all was
 * saved ("All saved 10:42"). Without JavaScript, or on a locked register (which needs a
 * reason), the form posts as usual.
 */
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  var S = window.GroupworkSync;
  var Q = self.GroupworkQueue;
  if (!form || !S || !Q || form.getAttribute("data-locked") === "1") { return; }
  var sessionId = Number(form.getAttribute("data-session"));
  var state = document.getElementById("sync-state");
  var refusedBox = document.getElementById("sync-refused");
  var save = document.getElementById("save-register");
  var allPresent = document.getElementById("all-present");
  var soon = null;
  var drawnSaved = form.getAttribute("data-saved");  // the register's last save, as drawn
  var serverSaved = drawnSaved ? new Date(drawnSaved) : null;

  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function say(text, kind) {
    state.textContent = text;
    state.setAttribute("data-state", kind);
  }

  function mine(taps) {
    return taps.filter(function (t) {
      return t.session_id === sessionId && t.user_id === Number(S.userId);
    });
  }

  // After a sync with nothing waiting, the time shown is the later of the register's last
  // save as the page was drawn (another tablet may have saved) and when this tablet's taps for
  // the session were last acknowledged, whoever sent them: the service worker's background
  // sync may have sent them before this page's own Save, which then finds nothing to send.
  function show(report) {
    return Promise.all([Q.all(), Q.savedAt(sessionId)]).then(function (found) {
      var waiting = mine(found[0]).length;
      var at = [found[1], serverSaved].filter(Boolean).sort(function (a, b) { return b - a; })[0];
      if (waiting) {
        var what = waiting + (waiting === 1 ? " mark" : " marks") + " waiting to send";
        say(navigator.onLine ? what : what + " (no connection: kept on this tablet)", "waiting");
      } else if (report) {
        say(at ? "All saved " + hhmm(at) : "Nothing waiting to send", "saved");
      }
      if (report && report.refused.length) {
        refusedBox.textContent = "Not saved: " + report.refused.join(" ");
        refusedBox.hidden = false;
      }
    });
  }

  function sendSoon() {
    clearTimeout(soon);
    soon = setTimeout(function () { S.run(); }, 800);
  }

  function tap(radio) {
    var id = radio.name.slice("mark-".length);
    return Q.add(sessionId, id, radio.value, S.userId).then(function () { return show(); });
  }

  function busy(on) {
    save.disabled = on;
    save.setAttribute("aria-busy", on ? "true" : "false");
    save.textContent = on ? "Saving…" : "Save register";
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || input.name.indexOf("mark-") !== 0) { return; }
    tap(input).then(sendSoon);
  });

  // Everyone not yet marked is present; then change the exceptions.
  if (allPresent) {
    allPresent.addEventListener("click", function (event) {
      event.preventDefault();
      var jobs = [];
      form.querySelectorAll(".mark-row").forEach(function (row) {
        var present = row.querySelector("input[value=present]");
        if (present && !row.querySelector("input[type=radio]:checked")) {
          present.checked = true;
          jobs.push(tap(present));
        }
      });
      Promise.all(jobs).then(sendSoon);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(soon);
    refusedBox.hidden = true;
    busy(true);
    say("Saving…", "sending");
    S.run().then(function (report) {
      busy(false);
      return show(report);
    }, function () { busy(false); return show(); });
  });

  // Show the taps still waiting on this tablet over the page (which may be a kept copy).
  function restore() {
    return Q.all().then(function (taps) {
      mine(taps).forEach(function (t) {
        var radio = form.querySelector("input[name='mark-" + t.enrolment_id + "'][value='" +
                                       t.status + "']");
        if (radio) { radio.checked = true; }
      });
    });
  }

  S.onChange(function (change) {
    if (change.report) { show(change.report); }
  });
  window.addEventListener("offline", function () { show(); });
  restore().then(function () { return show(); });
})();
