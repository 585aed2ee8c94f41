// Colour mode: Bootstrap 5.3's data-bs-theme on <html>, set before the page paints.
// "auto" (the profile's default) follows the device and its changes; "light" or
// "dark" is the user's own choice, already in the HTML. Loaded in <head>, not deferred.
(function () {
  "use strict";
  var root = document.documentElement;
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function apply() {
    var choice = root.getAttribute("data-theme-choice") || "auto";
    var theme = choice === "auto" ? (dark && dark.matches ? "dark" : "light") : choice;
    root.setAttribute("data-bs-theme", theme);
    return theme;
  }

  window.hamstrongTheme = { apply: apply };
  apply();
  if (dark) {
    if (dark.addEventListener) dark.addEventListener("change", apply);
    else if (dark.addListener) dark.addListener(apply);
  }
})();
