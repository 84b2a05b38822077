// The pitch's live character count. Optional: the form shows the limit and the textarea's
// maxlength enforces it without this script.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var counter = document.getElementById(area.dataset.counter);
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!counter || !limit) {
      return;
    }
    function update() {
      var left = limit - area.value.length;
      counter.textContent = left + " of " + limit + " characters left";
    }
    counter.hidden = false;
    area.addEventListener("input", update);
    update();
  });
})();
