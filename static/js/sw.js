/* global workbox */
// The service worker's routes (docs/offline.md). /sw.js (config/offline.py) has loaded
// Workbox's modules and set self.HAMSTRONG: the files to precache, the offline page,
// the pages to keep and their cache's name.
(function () {
  "use strict";

  var config = self.HAMSTRONG;
  var kept = new RegExp(config.pages);

  workbox.core.setCacheNameDetails({ prefix: "hamstrong" });
  self.skipWaiting();
  workbox.core.clientsClaim();

  // The styles, scripts and icons every page needs, and the offline page: at install.
  workbox.precaching.cleanupOutdatedCaches();
  workbox.precaching.precacheAndRoute(config.precache);

  // Only a page the server answered itself, as itself: never a redirect (to the log-in
  // page, say) kept under the dashboard's address, never an error page.
  var onlyPages = {
    cacheWillUpdate: function (args) {
      var response = args.response;
      return response && response.status === 200 && !response.redirected ? response : null;
    },
  };

  // The dashboard, the upcoming list and session pages: the network first, so they are
  // always fresh when it answers (within 4 s), the copy from the last visit when not.
  workbox.routing.registerRoute(
    function (context) {
      return context.request.mode === "navigate" && kept.test(context.url.pathname);
    },
    new workbox.strategies.NetworkFirst({
      cacheName: config.pagesCache,
      networkTimeoutSeconds: 4,
      plugins: [
        onlyPages,
        new workbox.expiration.ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 14 * 86400 }),
      ],
    })
  );

  // Other static files (charts, say): from the cache once fetched; names change with content.
  workbox.routing.registerRoute(
    function (context) {
      return context.url.origin === self.location.origin &&
        context.url.pathname.indexOf(config.static) === 0;
    },
    new workbox.strategies.CacheFirst({
      cacheName: "hamstrong-static",
      plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 60 })],
    })
  );

  // Everything else goes to the network; a page that cannot be had is the offline page.
  workbox.routing.setDefaultHandler(new workbox.strategies.NetworkOnly());
  workbox.routing.setCatchHandler(function (context) {
    if (context.request.mode === "navigate") {
      return workbox.precaching.matchPrecache(config.offline).then(function (page) {
        return page || Response.error();
      });
    }
    return Promise.resolve(Response.error());
  });

  // Background Sync, where the browser has it: wake the open pages to send their outbox.
  self.addEventListener("sync", function (event) {
    if (event.tag !== "hamstrong-outbox") return;
    event.waitUntil(
      self.clients.matchAll({ type: "window" }).then(function (clients) {
        clients.forEach(function (client) { client.postMessage({ type: "outbox-send" }); });
      })
    );
  });
})();
