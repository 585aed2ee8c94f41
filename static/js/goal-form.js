// The goal form asks only what the chosen measure needs: choosing another measure
// re-renders the form for it (the "Show its fields" button), keeping what was typed.
(function () {
  "use strict";
  var metric = document.querySelector("#goal-form select[name=metric]");
  var reshape = document.getElementById("goal-reshape");
  if (!metric || !reshape) {
    return;
  }
  reshape.hidden = true;
  metric.addEventListener("change", function () {
    if (metric.form.requestSubmit) {
      metric.form.requestSubmit(reshape);
    } else {
      reshape.click();
    }
  });
})();
