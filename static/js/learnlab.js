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
      if (left > 0) { window.setTimeout(tick, 1000); }
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

  document.addEventListener("DOMContentLoaded", function () {
    registerServiceWorker();
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
