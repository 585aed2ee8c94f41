// Session logging: the rest timer after each logged set. Works with htmx swaps
// and with plain page loads; without JavaScript the rest time is still shown.
(function () {
  "use strict";

  function startTimers(root) {
    root.querySelectorAll("[data-rest-seconds]").forEach(function (box) {
      if (box.dataset.started) return;
      box.dataset.started = "1";
      var remaining = parseInt(box.dataset.restSeconds, 10);
      var label = box.querySelector(".rest-remaining");
      if (!label || !(remaining > 0)) return;
      var timer = setInterval(function () {
        remaining -= 1;
        if (remaining <= 0) {
          clearInterval(timer);
          box.classList.replace("alert-info", "alert-success");
          box.textContent = "Rest over: ready for the next set.";
          if (navigator.vibrate) navigator.vibrate(200);
          return;
        }
        label.textContent = remaining;
      }, 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { startTimers(document); });
  document.addEventListener("htmx:afterSwap", function (event) { startTimers(event.target.parentNode || document); });
})();
