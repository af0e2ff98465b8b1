/* Offline registers: progressive enhancement over the plain HTML form.
 *
 * Online, the form posts as usual. Every tap is also queued in localStorage with its own
 * client nonce and the time it was made; if the tablet is offline when "Save register" is
 * pressed, the queue is kept and sent to PUT /api/sessions/<id>/register as soon as the
 * browser is back online (or the page is next opened). The server ignores a nonce it has
 * already applied and never lets an older tap overwrite a newer mark, so resending is safe.
 * Only enrolment ids and statuses are stored: no names.
 */
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  if (!form || !window.localStorage || !window.fetch || !window.JSON) { return; }
  var key = "groupwork:register:" + form.getAttribute("data-session");
  var statusBox = document.getElementById("offline-status");

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function store(queue) {
    if (Object.keys(queue).length) { localStorage.setItem(key, JSON.stringify(queue)); }
    else { localStorage.removeItem(key); }
  }
  function say(text, state) {
    statusBox.textContent = text;
    statusBox.hidden = !text;
    statusBox.setAttribute("data-state", state || "");
  }
  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || input.name.indexOf("mark-") !== 0) { return; }
    var id = input.name.slice("mark-".length);
    var queue = load();
    queue[id] = { enrolment_id: Number(id), status: input.value, client_nonce: nonce(),
                  recorded_at: new Date().toISOString() };
    store(queue);
  });

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) { store({}); return; }  // the plain POST is the source of truth
    event.preventDefault();
    var count = Object.keys(load()).length;
    say("No connection: " + count + " mark(s) kept on this tablet. They will be sent " +
        "automatically when the connection is back.", "offline");
  });

  function forget(sent) {
    var queue = load();
    sent.forEach(function (mark) {
      var now = queue[mark.enrolment_id];
      if (now && now.client_nonce === mark.client_nonce) { delete queue[mark.enrolment_id]; }
    });
    store(queue);
  }

  function sync() {
    var marks = Object.keys(load()).map(function (id) { return load()[id]; });
    if (!marks.length || !navigator.onLine) { return; }
    say("Sending " + marks.length + " saved mark(s)…", "sending");
    fetch(form.getAttribute("data-api"), {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ marks: marks })
    }).then(function (response) {
      if (response.ok) {
        forget(marks);
        say("Saved marks sent: the register is up to date.", "synced");
      } else if (response.status === 422) {
        forget(marks);
        say("Some saved marks were refused. Please check the register and save it again.",
            "refused");
      } else {
        say("Could not send the saved marks yet (error " + response.status + "). " +
            "They are kept on this tablet.", "offline");
      }
    }).catch(function () {
      say("Still no connection: marks kept on this tablet.", "offline");
    });
  }

  // Show marks still waiting on this tablet, then try to send them.
  function restore() {
    var queue = load();
    Object.keys(queue).forEach(function (id) {
      var radio = form.querySelector("input[name='mark-" + id + "'][value='" +
                                     queue[id].status + "']");
      if (radio) { radio.checked = true; }
    });
  }

  window.addEventListener("online", sync);
  window.addEventListener("offline", function () {
    say("No connection: marks will be kept on this tablet.", "offline");
  });
  restore();
  sync();
})();
