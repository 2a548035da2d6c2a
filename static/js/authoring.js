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
          status.textContent = status.getAttribute("data-updated") || "";
        })
        .catch(function () { status.textContent = status.getAttribute("data-failed") || ""; });
    }

    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
  }

  document.querySelectorAll("[data-authoring-form]").forEach(enhance);
})();
