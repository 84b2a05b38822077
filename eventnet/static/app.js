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

  /* A button after an element that holds something to copy or share, with a status line
     read out by screen readers. Made here, so a page without JS has no dead button. */
  function addButton(target, label, className, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline " + className;
    button.textContent = label;
    var status = document.createElement("span");
    status.className = "action-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      status.textContent = "";
      onClick(status);
    });
    var holder = document.createElement("span");
    holder.className = "action-row";
    holder.appendChild(button);
    holder.appendChild(status);
    target.insertAdjacentElement("afterend", holder);
  }

  /* [data-copy]: a Copy button for the element's value (inputs) or text, or the attribute's
     own value when it has one. */
  function addCopyButtons() {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return;
    document.querySelectorAll("[data-copy]").forEach(function (element) {
      var text = element.getAttribute("data-copy") || element.value || element.textContent;
      addButton(element, "Copy", "copy-button", function (status) {
        navigator.clipboard.writeText(text.trim()).then(
          function () { status.textContent = "Copied"; },
          function () { status.textContent = "Could not copy: select the text and copy it"; }
        );
      });
    });
  }

  /* [data-share-url]: a Share button opening the phone's share sheet, where there is one. */
  function addShareButtons() {
    if (!navigator.share) return;
    document.querySelectorAll("[data-share-url]").forEach(function (element) {
      addButton(element, "Share", "share-button", function (status) {
        navigator.share({
          url: element.getAttribute("data-share-url"),
          title: element.getAttribute("data-share-title") || document.title
        }).catch(function (error) {
          if (error && error.name !== "AbortError") status.textContent = "Could not share";
        });
      });
    });
  }

  /* form[data-search-as-you-type]: submit the search a moment after typing stops (the door
     kiosk); the form works as a plain GET form without this. */
  function searchAsYouType() {
    document.querySelectorAll("form[data-search-as-you-type]").forEach(function (form) {
      var input = form.querySelector("input[type=search]");
      if (!input) return;
      if (document.activeElement === input) {
        var end = input.value.length;
        input.setSelectionRange(end, end);
      }
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (input.value.trim().length >= 2 || input.value === "") form.submit();
        }, 400);
      });
    });
  }

  function start() {
    focusErrorSummary();
    searchAsYouType();
    addCopyButtons();
    addShareButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
