/* The register's durable queue of taps, in IndexedDB; shared by pages and the service worker.
 *
 * A tap is {key, session_id, enrolment_id, status, client_nonce, recorded_at, user_id}: ids,
 * statuses and times only, never a name. One tap is kept per person per session (a newer tap
 * replaces an older one, which it would overwrite on the server anyway). A tap leaves the
 * queue ONLY when the server's answer lists its nonce in `acknowledged`, or when the server
 * refuses it with a reason (shown to the facilitator). Anything else — offline, a timeout, a
 * 5xx, a captive portal's HTML page — keeps it for the next try.
 */
(function (root) {
  "use strict";
  var DB = "groupwork-offline";
  var TAPS = "taps";
  var META = "meta";
  var TIMEOUT_MS = 15000;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open() {
    var req = indexedDB.open(DB, 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore(TAPS, { keyPath: "key" });
      db.createObjectStore(META);
    };
    return request(req);
  }

  // Run fn(store) in one transaction; resolve with fn's value once the transaction commits.
  function withStore(name, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var value = fn(tx.objectStore(name));
        tx.oncomplete = function () { db.close(); resolve(value); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return open().then(function (db) {
      var req = db.transaction(TAPS).objectStore(TAPS).getAll();
      return request(req).then(function (taps) { db.close(); return taps; });
    });
  }

  function nonce() {
    if (self.crypto && self.crypto.randomUUID) { return self.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function add(sessionId, enrolmentId, status, userId) {
    var tap = { key: sessionId + ":" + enrolmentId, session_id: Number(sessionId),
                enrolment_id: Number(enrolmentId), status: status, client_nonce: nonce(),
                recorded_at: new Date().toISOString(), user_id: Number(userId) };
    return withStore(TAPS, "readwrite", function (store) { store.put(tap); }).then(function () {
      return tap;
    });
  }

  // Remove the taps whose current nonce is one of `nonces` (a newer tap for the same person,
  // made while the request was in flight, stays).
  function remove(nonces) {
    var gone = {};
    nonces.forEach(function (n) { gone[n] = true; });
    return withStore(TAPS, "readwrite", function (store) {
      store.openCursor().onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor) { return; }
        if (gone[cursor.value.client_nonce]) { cursor.delete(); }
        cursor.continue();
      };
    });
  }

  // Where the time a session's taps were last acknowledged is kept, whoever sent them (a
  // page, another tab, the service worker's background sync).
  function savedKey(sessionId) { return "saved:" + Number(sessionId); }

  function savedAt(sessionId) {
    return recall(savedKey(sessionId)).then(function (iso) { return iso ? new Date(iso) : null; });
  }

  function remember(key, value) {
    return withStore(META, "readwrite", function (store) { store.put(value, key); });
  }

  function recall(key) {
    return open().then(function (db) {
      return request(db.transaction(META).objectStore(META).get(key)).then(function (value) {
        db.close();
        return value;
      });
    });
  }

  // Everything this tablet holds for Groupwork: the queue and the cached pages.
  function wipe() {
    var jobs = [request(indexedDB.deleteDatabase(DB)).catch(function () {})];
    if (self.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("groupwork-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }));
    }
    return Promise.all(jobs);
  }

  function bySession(taps) {
    var groups = {};
    taps.forEach(function (tap) { (groups[tap.session_id] = groups[tap.session_id] || []).push(tap); });
    return groups;
  }

  function put(sessionId, taps, csrf) {
    var controller = self.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, TIMEOUT_MS);
    var marks = taps.map(function (t) {
      return { enrolment_id: t.enrolment_id, status: t.status, client_nonce: t.client_nonce,
               recorded_at: t.recorded_at };
    });
    return fetch("/api/sessions/" + sessionId + "/register", {
      method: "PUT", credentials: "same-origin", redirect: "follow",
      signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf || "" },
      body: JSON.stringify({ marks: marks })
    }).finally(function () { clearTimeout(timer); });
  }

  // The indices of marks the server refused, from a 422's field-level errors.
  function refusedMarks(detail) {
    var refused = {};
    detail.forEach(function (item) {
      var field = String((item.loc || [])[1] || "");
      var match = /^marks\.(\d+)\./.exec(field);
      if (match) { refused[Number(match[1])] = item.msg; }
    });
    return refused;
  }

  function json(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== 0) { return Promise.resolve(null); }
    return response.json().catch(function () { return null; });
  }

  // Send one session's taps; resolve with what happened ("sent", "retry", "expired").
  function sendSession(sessionId, taps, csrf, report) {
    return put(sessionId, taps, csrf).then(function (response) {
      var toLogin = response.redirected && /\/login\//.test(response.url);
      if (response.status === 401 || toLogin) { return "expired"; }
      return json(response).then(function (body) {
        if (response.ok && body && Array.isArray(body.acknowledged)) {
          return remove(body.acknowledged).then(function () {
            return remember(savedKey(sessionId), new Date().toISOString());
          }).then(function () { return "sent"; });
        }
        if (response.status === 404 && body) {
          report.refused.push("A session on this tablet is not one of yours: its marks were removed.");
          return remove(taps.map(function (t) { return t.client_nonce; })).then(function () { return "sent"; });
        }
        if (response.status === 422 && body && Array.isArray(body.detail)) {
          return refuse(sessionId, taps, body.detail, csrf, report);
        }
        return "retry";  // 5xx, 403 (sign in again), a captive portal's page, a proxy's error
      });
    }, function () { return "retry"; });  // offline, reset, timed out
  }

  // Drop the refused taps (saying why), then send the rest again.
  function refuse(sessionId, taps, detail, csrf, report) {
    var refused = refusedMarks(detail);
    var whole = Object.keys(refused).length === 0;
    var dropped = taps.filter(function (t, i) { return whole || refused[i]; });
    var kept = taps.filter(function (t, i) { return !(whole || refused[i]); });
    detail.forEach(function (item) { report.refused.push(item.msg); });
    return remove(dropped.map(function (t) { return t.client_nonce; })).then(function () {
      return kept.length ? sendSession(sessionId, kept, csrf, report) : "sent";
    });
  }

  // Send every queued tap of this user. Resolves {outcome, pending, refused}.
  function sync(options) {
    var report = { outcome: "sent", refused: [], pending: 0 };
    return all().then(function (taps) {
      var mine = taps.filter(function (t) { return t.user_id === Number(options.userId); });
      var groups = bySession(mine);
      return Object.keys(groups).reduce(function (chain, sessionId) {
        return chain.then(function () {
          if (report.outcome === "expired") { return; }
          return sendSession(sessionId, groups[sessionId], options.csrf, report).then(function (o) {
            if (o !== "sent") { report.outcome = o; }
          });
        });
      }, Promise.resolve());
    }).then(function () {
      if (report.outcome === "expired") { return wipe().then(function () { return report; }); }
      return pending(options.userId).then(function (count) {
        report.pending = count;
        return report;
      });
    });
  }

  function pending(userId) {
    return all().then(function (taps) {
      return taps.filter(function (t) { return t.user_id === Number(userId); }).length;
    });
  }

  root.GroupworkQueue = { add: add, all: all, pending: pending, sync: sync, wipe: wipe,
                          remember: remember, recall: recall, savedAt: savedAt };
})(self);
