// A "Copy" button for a read-only field: <button data-copy-from="field-id" hidden>.
// Shown only where the clipboard API exists; the field stays selectable without it.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyFrom);
    var status = document.getElementById(button.dataset.copyFrom + "-status");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) {
            status.textContent = "Copied. Paste it into your calendar app's subscription.";
          }
        },
        function () {
          field.select();
          if (status) {
            status.textContent = "Copying failed: the address is selected, copy it by hand.";
          }
        }
      );
    });
  });
})();
