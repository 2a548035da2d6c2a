// LearnLab's service worker (issue 17). It only adds: every page works without it.
// The server puts self.LEARNLAB = {version, precache, offline} in front of this file (/sw.js).
//
// Caches: "learnlab-shell-<version>" holds CSS, JS and icons (content-hashed, so kept as they are)
// and the "needs a connection" page; a new version replaces it. Modules saved for offline reading
// live in caches of their own ("learnlab-module-<slug>") and survive a new version.
"use strict";

var CONFIG = self.LEARNLAB;
var SHELL = "learnlab-shell-" + CONFIG.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return Promise.all(CONFIG.precache.map(function (url) {
        // Without cookies: the offline page must not carry one person's name to the next.
        return fetch(url, { credentials: "omit" }).then(function (response) {
          if (response.ok) { return cache.put(url, response); }
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("learnlab-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  return caches.match(request, { ignoreVary: true });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }

  if (url.pathname.indexOf("/static/") === 0) {
    // Static files: from the cache when there (hashed names never change), else the network.
    event.respondWith(fromCache(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok && /\.[0-9a-f]{12}\.[a-z0-9]+$/.test(url.pathname)) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }

  // Pages and pictures: the network first (the server decides what is current); with no
  // connection, a saved copy, else for a page the "needs a connection" page.
  event.respondWith(fetch(request).catch(function () {
    return fromCache(request).then(function (hit) {
      if (hit) { return hit; }
      if (request.mode === "navigate") { return caches.match(CONFIG.offline); }
      return Response.error();
    });
  }));
});
