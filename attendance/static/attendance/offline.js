/* Registers the service worker (attendance/sw.js) and asks it to keep this facilitator's
 * sessions of the coming 7 days, and this page, for use with no signal. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var script = document.querySelector("script[data-sw]");
  var sw = script ? script.getAttribute("data-sw") : "/attendance/sw.js";
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "pages-kept") {
      document.documentElement.setAttribute("data-offline-ready", String(event.data.count));
    }
  });
  navigator.serviceWorker.register(sw, { scope: "/attendance/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    if (reg.active && navigator.onLine) {
      reg.active.postMessage({ type: "keep-pages", page: window.location.href });
    }
  }).catch(function () {});
})();
