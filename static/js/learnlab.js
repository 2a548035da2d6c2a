// Progressive enhancement only: every feature here also works without JavaScript.
(function () {
  "use strict";

  function postForm(form, action) {
    return fetch(action || form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  }

  // Knowledge checks: post the answer in the background and show the feedback in place.
  function enhanceCheck(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var region = form.querySelector("[data-feedback]");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      postForm(form)
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { region.innerHTML = data.html; enhanceTerms(region); wrapTables(region); focusScrollingTables(); })
        .catch(function () { form.submit(); })  // fall back to the plain form post
        .finally(function () { button.disabled = false; });
    });
  }

  // Quiz attempts: save answers a moment after each change, so nothing typed is lost. The server
  // refuses a save from an out-of-date page (seq), and tells us the attempt's new seq.
  function enhanceQuiz(form) {
    var seq = form.querySelector("[data-seq]");
    var status = form.querySelector("[data-save-status]");
    var timer = null;
    var saving = false;
    var pending = false;

    function save() {
      if (saving) { pending = true; return; }
      saving = true;
      status.textContent = form.dataset.savingText || "Saving…";
      postForm(form)
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          if (result.ok) {
            seq.value = result.data.seq;
            status.textContent = form.dataset.savedText || "Answers saved.";
          } else if (result.data.state === "submitted") {
            window.location.assign(result.data.review);
          } else {
            // Saved from another tab since: reload to show the latest answers.
            status.textContent = form.dataset.staleText || "Answers were saved elsewhere; reloading.";
            window.location.reload();
          }
        })
        .catch(function () {
          status.textContent = form.dataset.offlineText || "Not saved: no connection. Your answers stay on this page.";
        })
        .finally(function () {
          saving = false;
          if (pending) { pending = false; save(); }
        });
    }

    // Submitting while a background save is still on its way would send an out-of-date seq:
    // wait for the save to finish, then submit with the new one.
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      if (saving) {
        event.preventDefault();
        var submitter = event.submitter;
        var wait = window.setInterval(function () {
          if (!saving) {
            window.clearInterval(wait);
            form.requestSubmit(submitter);
          }
        }, 100);
      }
    });

    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 800);
    });
    form.addEventListener("input", function (event) {
      if (event.target.type === "text") {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 1500);
      }
    });
  }

  // At the time limit the page submits itself, answers and all, without the unanswered-questions
  // question (the server would submit the saved answers anyway when the attempt is next opened).
  function submitAtDeadline() {
    var form = document.querySelector("form[data-autosave]");
    var button = form && form.querySelector("[data-submit]");
    if (!button || form.dataset.submitting) { return; }
    form.dataset.submitting = "1";
    var confirmed = form.querySelector("[data-confirmed]");
    if (confirmed) { confirmed.value = "1"; }
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }

  // Time limit: a countdown next to the deadline the server gave (the server's clock decides).
  function startCountdown(holder) {
    var deadline = Date.parse(holder.dataset.deadline);
    var output = holder.querySelector("[data-countdown]");
    if (!output || isNaN(deadline)) { return; }
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = String(left % 60).padStart(2, "0");
      output.textContent = "(" + minutes + ":" + seconds + ")";
      if (left > 0) { window.setTimeout(tick, 1000); } else { submitAtDeadline(); }
    }
    tick();
  }

  // Tables wider than the screen (on a phone) scroll inside their own box. A keyboard user can
  // scroll such a box only if it takes focus, so while it scrolls it is made a focusable region
  // named after its table (caption, or column heads). Authored tables get a box first; without
  // script the table itself scrolls (see .prose table in the CSS).
  function tableName(table) {
    // "Table: ...", so that the region's name differs from a section titled like the caption.
    var prefix = document.body.dataset.tableLabel || "Table";
    var caption = table.caption ? table.caption.textContent.trim() : "";
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).filter(Boolean).join(", ");
    var name = caption || heads;
    return name ? prefix + ": " + name.slice(0, 120) : prefix;
  }

  function wrapTables(root) {
    root.querySelectorAll(".prose table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-wrap")) { return; }
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }

  function focusScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var ours = wrap.hasAttribute("data-scroll-focus");
      var table = wrap.querySelector("table");
      if (!table || (!ours && wrap.hasAttribute("tabindex"))) { return; }  // the page decided itself
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(table));
        wrap.setAttribute("data-scroll-focus", "");
      } else if (ours) {
        ["tabindex", "role", "aria-label", "data-scroll-focus"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  // Glossary terms (abbr with a title) open on tap and with the keyboard, not only on mouse hover:
  // each becomes a button that shows the meaning in the text after it. Without script the title
  // still shows on hover, and every term is in the module page's glossary.
  var termCount = 0;
  function enhanceTerms(root) {
    root.querySelectorAll(".prose abbr[title]").forEach(function (abbr) {
      if (abbr.parentElement.classList.contains("term")) { return; }
      // Inside a link or another control a button would be a control within a control: that
      // term keeps its title only (and is in the module's glossary).
      if (abbr.closest("a, button, label, summary, select, textarea")) { return; }
      var meaning = abbr.getAttribute("title");
      termCount += 1;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "term";
      button.setAttribute("aria-expanded", "false");
      var tip = document.createElement("span");
      tip.className = "term__tip";
      tip.id = "term-tip-" + termCount;
      tip.hidden = true;
      tip.textContent = meaning;
      button.setAttribute("aria-controls", tip.id);
      abbr.removeAttribute("title");  // the tip says it; a hover bubble on top would repeat it
      abbr.parentNode.insertBefore(button, abbr);
      button.appendChild(abbr);
      button.parentNode.insertBefore(tip, button.nextSibling);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        tip.hidden = !open;
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { button.setAttribute("aria-expanded", "false"); tip.hidden = true; }
      });
    });
  }

  // The service worker (offline reading, issue 17) at the site's root, so that it covers every page.
  function registerServiceWorker() {
    var url = document.body.dataset.serviceWorker;
    if (!url || !("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // Not available (e.g. a plain-http address other than localhost): pages work as before.
    });
  }

  // "Save for offline" on a module page: the module's pages, pictures, CSS and JS go into a cache
  // of their own, which the service worker answers from when there is no connection. The server
  // lists each address with a hash: what is already held unchanged is not downloaded again.
  function formatBytes(bytes) {
    var lang = document.documentElement.lang || undefined;
    var kb = bytes / 1024;
    return kb < 1024 ? Math.max(1, Math.round(kb)).toLocaleString(lang) + " KB"
      : (kb / 1024).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }

  function enhanceOfflineSave(panel) {
    if (!("caches" in window) || !("serviceWorker" in navigator)) { return; }
    var cacheName = "learnlab-module-" + panel.dataset.slug;
    var metaKey = "/__offline__/" + panel.dataset.slug;  // what was saved: version and hashes
    var status = panel.querySelector("[data-offline-status]");
    var saveButton = panel.querySelector("[data-offline-save-button]");
    var removeButton = panel.querySelector("[data-offline-remove-button]");
    var busy = false;

    function text(name, values) {
      return (panel.dataset[name] || "").replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
    }
    function storedMeta() {
      return caches.has(cacheName).then(function (has) {
        if (!has) { return null; }
        return caches.open(cacheName).then(function (cache) { return cache.match(metaKey); })
          .then(function (response) { return response ? response.json() : null; });
      });
    }
    function savedBytes() {
      return caches.open(cacheName).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return cache.match(request).then(function (r) { return r.blob(); }).then(function (b) { return b.size; });
          }));
        });
      }).then(function (sizes) { return sizes.reduce(function (a, b) { return a + b; }, 0); });
    }
    function fetchList() {
      return fetch(panel.dataset.list, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        });
    }
    function showSaved() {
      return savedBytes().then(function (bytes) {
        status.textContent = text("textSaved", { size: formatBytes(bytes) });
        panel.dataset.state = "saved";
        saveButton.hidden = true;
        removeButton.hidden = false;
      });
    }
    function showNotSaved(list) {
      status.textContent = text("textNotSaved", { size: formatBytes(list.bytes) });
      panel.dataset.state = "not-saved";
      saveButton.hidden = false;
      removeButton.hidden = true;
    }

    // Download what changed since the last save (everything, the first time), drop what is gone.
    function save(list) {
      busy = true;
      return Promise.all([caches.open(cacheName), storedMeta()]).then(function (got) {
        var cache = got[0], old = (got[1] && got[1].hashes) || {};
        var wanted = {}, done = 0, failed = 0;
        list.files.forEach(function (file) { wanted[new URL(file.url, location.href).href] = file.hash; });
        var chain = Promise.resolve();
        list.files.forEach(function (file) {
          chain = chain.then(function () {
            return cache.match(file.url).then(function (held) {
              if (held && old[file.url] === file.hash) { return; }
              return fetch(file.url, { credentials: "same-origin" }).then(function (response) {
                if (!response.ok || response.redirected) { failed += 1; return; }
                return cache.put(file.url, response);
              });
            }).catch(function () { failed += 1; }).then(function () {
              done += 1;
              status.textContent = text("textSaving", { done: done, total: list.files.length });
            });
          });
        });
        return chain.then(function () {
          return cache.keys().then(function (requests) {
            return Promise.all(requests.filter(function (request) {
              var path = new URL(request.url).pathname;
              return !(request.url in wanted) && path !== metaKey && path !== panel.dataset.list;
            }).map(function (request) { return cache.delete(request); }));
          });
        }).then(function () {
          if (failed) { throw new Error("failed"); }
          var hashes = {};
          list.files.forEach(function (file) { hashes[file.url] = file.hash; });
          var meta = JSON.stringify({ version: list.version, hashes: hashes, saved: new Date().toISOString() });
          var json = { headers: { "Content-Type": "application/json" } };
          // The list itself too: offline, the worker answers this page's own question from it.
          return Promise.all([
            cache.put(metaKey, new Response(meta, json)),
            cache.put(panel.dataset.list, new Response(JSON.stringify(list), json)),
          ]);
        });
      }).then(showSaved).catch(function () {
        status.textContent = text("textFailed", {});
      }).finally(function () { busy = false; });
    }

    saveButton.addEventListener("click", function () {
      if (busy) { return; }
      fetchList().then(save).catch(function () { status.textContent = text("textFailed", {}); });
    });
    removeButton.addEventListener("click", function () {
      caches.delete(cacheName).then(function () { return fetchList(); }).then(showNotSaved)
        .catch(function () { status.textContent = ""; saveButton.hidden = false; removeButton.hidden = true; });
    });

    panel.hidden = false;
    storedMeta().then(function (meta) {
      if (!meta) { return fetchList().then(showNotSaved); }
      if (!navigator.onLine) { return showSaved(); }
      // Saved before and online now: bring a changed module up to date (unchanged: nothing to do).
      return fetchList().then(function (list) {
        return list.version === meta.version ? showSaved() : save(list);
      }, showSaved);
    }).catch(function () { status.textContent = ""; });
  }

  // Progress made offline (issue 17): "mark as done" and the section being read are queued in
  // IndexedDB with an id made here and the time, per person, and sent when the connection is back
  // (on the next page load, or when the browser says it is online). The server applies each id once.
  var QUEUE_DB = "learnlab-offline";
  function openQueue() {
    return new Promise(function (resolve, reject) {
      if (!("indexedDB" in window)) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(QUEUE_DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("events", { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function queueStore(mode, work) {
    return openQueue().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("events", mode);
        var result = work(tx.objectStore("events"));
        tx.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "id-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function queueEvent(kind, module, section) {
    var user = document.body.dataset.user;
    if (!user) { return Promise.resolve(); }
    var item = { id: newId(), user: user, kind: kind, module: module, section: section, time: new Date().toISOString() };
    return queueStore("readwrite", function (store) { store.put(item); });
  }
  var flushing = null;
  function flushQueue() {
    var body = document.body.dataset;
    if (!body.user || !body.progressUrl || !navigator.onLine) { return Promise.resolve(); }
    if (flushing) { return flushing; }
    flushing = queueStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      // Only this person's events: one left by someone else on a shared device is never sent as us.
      var mine = (all || []).filter(function (e) { return e.user === body.user; });
      if (!mine.length) { return; }
      var events = mine.map(function (e) { return { id: e.id, kind: e.kind, module: e.module, section: e.section, time: e.time }; });
      return fetch(body.progressUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": body.csrf },
        body: JSON.stringify({ events: events }),
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (result) {
        var answered = [].concat(result.applied, result.duplicates, result.refused);
        return queueStore("readwrite", function (store) { answered.forEach(function (id) { store.delete(id); }); });
      });
    }).catch(function () { /* kept for the next try */ }).finally(function () { flushing = null; });
    return flushing;
  }

  function enhanceOfflineDone(form) {
    var article = form.closest("[data-section]");
    if (!article) { return; }
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }  // online: the ordinary form post
      event.preventDefault();
      var then = event.submitter ? event.submitter.value : "stay";
      queueEvent("done", article.dataset.module, article.dataset.section).then(function () {
        var note = document.querySelector("[data-offline-done-note]");
        if (note) { note.hidden = false; }
        form.hidden = true;
        var next = document.querySelector("a.pager__next[rel=next]");
        if (then === "next" && next) { window.location.assign(next.href); }
      });
    });
  }

  // Signing out on a shared device: modules saved for offline reading hold this person's pages
  // (their name, what they marked done), so they go before the next person signs in.
  function clearSavedModulesOnSignOut(form) {
    form.addEventListener("submit", function (event) {
      if (!("caches" in window) || form.dataset.cleared) { return; }
      event.preventDefault();
      var go = function () { form.dataset.cleared = "1"; form.submit(); };
      // Queued progress goes first; what cannot be sent stays on the device under this person's id.
      flushQueue().then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("learnlab-module-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }).then(go, go);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    registerServiceWorker();
    document.querySelectorAll("form[data-sign-out]").forEach(clearSavedModulesOnSignOut);
    document.querySelectorAll("form[data-offline-done]").forEach(enhanceOfflineDone);
    var reading = document.querySelector("article[data-section]");
    if (reading && !navigator.onLine) { queueEvent("position", reading.dataset.module, reading.dataset.section); }
    flushQueue();
    window.addEventListener("online", function () { flushQueue(); });
    document.querySelectorAll("[data-offline-save]").forEach(enhanceOfflineSave);
    enhanceTerms(document);
    wrapTables(document);
    focusScrollingTables();
    var resized = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resized);
      resized = window.setTimeout(focusScrollingTables, 200);
    });
    document.querySelectorAll("form[data-check]").forEach(enhanceCheck);
    document.querySelectorAll("form[data-autosave]").forEach(enhanceQuiz);
    document.querySelectorAll("[data-deadline]").forEach(startCountdown);
  });
})();
