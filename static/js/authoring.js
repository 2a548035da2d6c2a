// The editor's live preview (templates/authoring/edit.html): after typing stops for a moment, the
// text is posted to the preview endpoint (with the form's CSRF token) and the findings and page
// are replaced by the server's rendering. Without JavaScript the "Preview" button does the same.
(function () {
  "use strict";
  var DELAY_MS = 600;

  function enhance(form) {
    var source = form.querySelector("[data-authoring-source]");
    var target = document.querySelector("[data-authoring-preview]");
    var status = form.querySelector("[data-preview-status]");
    var timer = null;
    var latest = 0;
    if (!source || !target) { return; }

    function refresh() {
      var ticket = ++latest;
      var body = new FormData();
      body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
      body.append("text", source.value);
      status.textContent = status.getAttribute("data-updating") || "…";
      fetch(form.getAttribute("data-preview-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          if (ticket !== latest) { return; }  // an older answer arriving late
          target.innerHTML = html;  // server-rendered and sanitised, like every page
          lineButtons();
          status.textContent = status.getAttribute("data-updated") || "";
        })
        .catch(function () { status.textContent = status.getAttribute("data-failed") || ""; });
    }

    // Each finding names its line ("path:12: error: ..."): a button takes the cursor there.
    function lineButtons() {
      var label = form.getAttribute("data-goto-label") || "";
      target.querySelectorAll(".preview-findings .finding").forEach(function (item) {
        var found = /:(\d+): /.exec(item.textContent);
        if (!found || item.querySelector("button")) { return; }
        var line = parseInt(found[1], 10);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button finding__goto";
        button.textContent = label.replace("__N__", String(line));
        button.addEventListener("click", function () { goToLine(line); });
        item.appendChild(button);
      });
    }

    function goToLine(line) {
      var lines = source.value.split("\n");
      var start = 0;
      for (var i = 0; i < Math.min(line - 1, lines.length); i++) { start += lines[i].length + 1; }
      var end = start + (lines[line - 1] || "").length;
      source.focus();
      source.setSelectionRange(start, end);
      var height = parseFloat(window.getComputedStyle(source).lineHeight) || 20;
      source.scrollTop = Math.max(0, (line - 3) * height);
    }

    lineButtons();
    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
  }

  document.querySelectorAll("[data-authoring-form]").forEach(enhance);
})();
