// Progressive enhancement only: every feature here also works without JavaScript.
(function () {
  "use strict";

  // Knowledge checks: post the answer in the background and show the feedback in place.
  function enhanceCheck(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var region = form.querySelector("[data-feedback]");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { region.innerHTML = data.html; })
        .catch(function () { form.submit(); })  // fall back to the plain form post
        .finally(function () { button.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-check]").forEach(enhanceCheck);
  });
})();
