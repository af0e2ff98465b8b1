{% load static %}/* Groupwork's service worker (scope /attendance/): registers open with no signal.
 *
 * Pages under /attendance/sessions/ are fetched from the network first (6 s) and kept; with
 * no signal the kept copy is shown. Static files come from the cache. A sign-in redirect
 * means the session has ended: everything kept is wiped. Pages hold known-as names and ids
 * only. Background sync sends the register queue (queue.js) when the browser supports it.
 */
"use strict";
importScripts("{% static 'attendance/queue.js' %}");
var CACHE = "groupwork-v1";
var SHELL = [{% for url in shell %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES = "{% url 'attendance:offline_pages' %}";
var NETWORK_MS = 6000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("groupwork-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/attendance/sessions/") === 0;
}

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("{% get_static_prefix %}") === 0;
}

// A page that answers with a redirect to sign in: the session is over.
function signedOut(response, url) {
  if (response.type === "opaqueredirect") { return url.pathname.slice(-1) === "/"; }
  return response.redirected && new URL(response.url).pathname.indexOf("/login/") === 0;
}

function keep(request, response) {
  if (response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); })
      .then(function () { return response; });
  }
  return Promise.resolve(response);
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
                 function (e) { clearTimeout(timer); reject(e); });
  });
}

function kept(request) {
  return caches.match(request, { ignoreVary: true }).then(function (hit) {
    return hit || caches.match(request, { ignoreVary: true, ignoreSearch: true });
  }).then(function (hit) {
    return hit || new Response(
      "<!doctype html><html lang=\"en-GB\"><title>No connection</title><h1>No connection</h1>" +
      "<p>This page was not kept on this tablet. Your registers for the coming week are " +
      "under My sessions.</p>", { status: 503, headers: { "Content-Type": "text/html" } });
  });
}

function page(request, url) {
  return withTimeout(fetch(request), NETWORK_MS).then(function (response) {
    if (signedOut(response, url)) {
      return GroupworkQueue.wipe().then(function () { return response; });
    }
    return keep(request, response);
  }).catch(function () { return kept(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (isPage(url)) {
    event.respondWith(page(request, url));
  } else if (isStatic(url)) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (r) { return keep(request, r); });
    }));
  }
});

function fetchAndKeep(path) {
  var request = new Request(path, { credentials: "same-origin" });
  return fetch(request).then(function (response) { return keep(request, response); })
    .catch(function () {});
}

// The facilitator's sessions of the coming week and their registers, plus the page asking.
function keepPages(current) {
  return fetch(PAGES, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { urls: [] }; })
    .then(function (body) {
      var urls = (body.urls || []).concat(current ? [current] : []);
      return Promise.all(urls.map(fetchAndKeep)).then(function () { return urls.length; });
    });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-pages") { return; }
  var source = event.source;
  event.waitUntil(keepPages(data.page).then(function (count) {
    if (source) { source.postMessage({ type: "pages-kept", count: count }); }
  }).catch(function () {}));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "register-taps") { return; }
  event.waitUntil(Promise.all([GroupworkQueue.recall("csrf"), GroupworkQueue.recall("user")])
    .then(function (meta) { return GroupworkQueue.sync({ csrf: meta[0], userId: meta[1] }); })
    .then(function (report) {
      if (report.outcome === "retry") { throw new Error("not sent yet: the browser retries"); }
    }));
});
