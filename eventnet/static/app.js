/* eventnet: small enhancements; every page works without this file (no inline script, CSP
   "script-src 'self'"). */
(function () {
  "use strict";

  /* GOV.UK's pattern: after a failed submit, focus the error summary so it is read first;
     its links move focus to the field itself rather than just scrolling. */
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  /* The header menu (<details>) closes on Escape and on a click elsewhere. */
  function closeMenus(except) {
    document.querySelectorAll("details.site-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.site-menu[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details.site-menu"));
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
