// The session page between sets: the rest timer (kept on the phone, so a reload or a
// locked screen does not lose it), the hold timer, the leg on the Log button, undo after
// a delete. Works with htmx swaps and plain page loads; without JavaScript the rest time
// is still shown in the card, and a set is deleted through its confirm page.
(function () {
  "use strict";

  var REST = "hamstrong-rest";
  var ASKED = "hamstrong-notify-asked";
  var audio = null;

  function store(name, value) {
    try {
      if (value === null) localStorage.removeItem(name);
      else localStorage.setItem(name, JSON.stringify(value));
    } catch (e) { /* private mode: the timer lasts as long as the page */ }
  }

  function read(name) {
    try { return JSON.parse(localStorage.getItem(name)); } catch (e) { return null; }
  }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // A tap unlocks sound on phones: make the audio context then, play it later.
  function unlockSound() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) {
      try { audio = new Context(); } catch (e) { return; }
    }
    if (audio.state === "suspended") audio.resume();
  }

  function beep(times) {
    if (!audio) return;
    for (var i = 0; i < times; i += 1) {
      var start = audio.currentTime + i * 0.35;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.3);
    }
  }

  function alertEnd(title, body) {
    beep(3);
    if (navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 300]);
    if (document.hidden && "Notification" in window && Notification.permission === "granted") {
      try { new Notification(title, { body: body, tag: "hamstrong-rest" }); } catch (e) { /* none */ }
    }
  }

  // Asked once, on the first set logged (a tap), never on page load.
  function askOnce() {
    if (!("Notification" in window) || Notification.permission !== "default") return;
    if (read(ASKED)) return;
    store(ASKED, true);
    try { Notification.requestPermission(); } catch (e) { /* old browsers */ }
  }

  // The rest bar at the foot of the screen.
  var bar, barTime, barLabel, barTick = null;

  function restShow() {
    var rest = read(REST);
    if (!bar) return;
    if (!rest || rest.page !== location.pathname) {
      bar.hidden = true;
      document.body.classList.remove("resting");
      if (barTick) clearInterval(barTick);
      barTick = null;
      return;
    }
    bar.hidden = false;
    document.body.classList.add("resting");
    bar.classList.remove("rest-over");
    barLabel.textContent = rest.label;
    function tick() {
      var now = read(REST);
      if (!now) return restShow();
      var left = (now.end - Date.now()) / 1000;
      if (left <= 0) {
        clearInterval(barTick);
        barTick = null;
        barTime.textContent = "0:00";
        bar.classList.add("rest-over");
        barLabel.textContent = "Rest over: ready for the next set.";
        store(REST, null);
        alertEnd("Rest over", "Ready for the next set of " + now.exercise + ".");
        return;
      }
      barTime.textContent = clock(left);
    }
    if (barTick) clearInterval(barTick);
    barTick = setInterval(tick, 250);
    tick();
  }

  function restStart(box) {
    var seconds = parseInt(box.dataset.restSeconds, 10);
    var key = box.dataset.restKey;
    box.hidden = true;
    if (!(seconds > 0)) return;
    var rest = read(REST);
    if (!rest || rest.key !== key) {
      store(REST, {
        key: key,
        end: Date.now() + seconds * 1000,
        page: location.pathname,
        exercise: box.dataset.exercise || "",
        label: box.dataset.label || "Rest"
      });
    }
    restShow();
  }

  function restMore() {
    var rest = read(REST);
    if (!rest) return;
    rest.end = Math.max(rest.end, Date.now()) + 30000;
    store(REST, rest);
    restShow();
  }

  function restSkip() {
    store(REST, null);
    restShow();
    if (bar) bar.hidden = true;
  }

  // The hold timer: a count-in, then the seconds held, then into the form.
  function holdStart(box) {
    var field = document.getElementById(box.dataset.field);
    var target = parseInt(box.dataset.target, 10) || 0;
    var display = box.querySelector(".hold-display");
    var start = box.querySelector(".hold-start");
    var stop = box.querySelector(".hold-stop");
    var countIn = parseInt(box.dataset.countIn, 10) || 3;
    var began = Date.now();
    var reached = false;
    unlockSound();
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    function tick() {
      var elapsed = (Date.now() - began) / 1000;
      if (elapsed < countIn) {
        display.textContent = "Get ready: " + Math.ceil(countIn - elapsed);
        return;
      }
      var held = Math.floor(elapsed - countIn);
      display.textContent = "Holding " + held + " s" + (target ? " of " + target + " s" : "");
      if (target && held >= target && !reached) {
        reached = true;
        beep(1);
        if (navigator.vibrate) navigator.vibrate(300);
      }
    }
    var timer = setInterval(tick, 200);
    tick();
    box.holdStop = function () {
      clearInterval(timer);
      var held = Math.max(0, Math.floor((Date.now() - began) / 1000 - countIn));
      stop.hidden = true;
      start.hidden = false;
      if (held >= 1 && field) {
        field.value = held;
        display.textContent = "Held " + held + " s: in the form, ready to log.";
      } else {
        display.textContent = "Stopped before the hold began.";
      }
      var form = box.closest("form");
      var log = form && form.querySelector(".log-set");
      if (log) log.focus();
    };
  }

  // The Log button names the leg the side field holds.
  function sideChanged(select) {
    var form = select.closest("form");
    var button = form && form.querySelector(".log-set");
    if (!button || !button.dataset[select.value]) return;
    button.textContent = button.dataset[select.value];
  }

  // The plate calculator (accounts/plates.py's sums, in hundredths to stay exact).
  function platesFor(line, value) {
    var unit = line.dataset.unit;
    var load = Math.round(parseFloat(String(value).replace(",", ".")) * 100);
    var bar = Math.round(parseFloat(line.dataset.bar) * 100);
    if (!isFinite(load)) return "";
    function shown(n) { return String(n / 100); }
    if (load < bar) return "Lighter than the bar (" + shown(bar) + " " + unit + ").";
    var side = (load - bar) / 2;
    var plates = [];
    line.dataset.plates.split(" ").forEach(function (text) {
      var size = Math.round(parseFloat(text) * 100);
      while (size > 0 && side >= size) { plates.push(shown(size)); side -= size; }
    });
    var out = plates.length
      ? "Per side: " + plates.join(" + ") + " (bar " + shown(bar) + " " + unit + ")"
      : "Just the bar (" + shown(bar) + " " + unit + ")";
    if (side > 0) out += "; " + shown(Math.round(side * 2)) + " " + unit + " more than your plates make";
    return out + ".";
  }

  function loadTyped(input) {
    var line = document.querySelector('.plate-calc[data-field="' + input.id + '"]');
    if (line) line.textContent = input.value === "" ? "" : platesFor(line, input.value);
  }

  // Undo after a delete: offered for a few seconds, then withdrawn.
  function undoOffer(box) {
    if (box.dataset.started) return;
    box.dataset.started = "1";
    var seconds = parseInt(box.dataset.undoSeconds, 10) || 10;
    setTimeout(function () {
      if (box.isConnected) box.remove();
    }, seconds * 1000);
  }

  function setUp(root) {
    root.querySelectorAll(".rest-timer[data-rest-seconds]").forEach(restStart);
    root.querySelectorAll(".hold-timer").forEach(function (box) { box.hidden = false; });
    root.querySelectorAll(".undo-delete").forEach(undoOffer);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.closest(".log-set")) {
      unlockSound();
      askOnce();
    } else if (target.closest(".rest-more")) {
      restMore();
    } else if (target.closest(".rest-skip")) {
      restSkip();
    } else if (target.closest(".hold-start")) {
      holdStart(target.closest(".hold-timer"));
    } else if (target.closest(".hold-stop")) {
      var box = target.closest(".hold-timer");
      if (box.holdStop) box.holdStop();
    }
  });

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && /-load$|^load$/.test(target.name)) loadTyped(target);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && /-side$/.test(target.name)) sideChanged(target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    bar = document.getElementById("rest-bar");
    if (bar) {
      barTime = bar.querySelector(".rest-bar-time");
      barLabel = bar.querySelector(".rest-bar-label");
    }
    setUp(document);
    restShow();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.target.parentNode || document;
    setUp(root);
    // The card just answered: keep its Log button on screen.
    var id = event.detail && event.detail.target && event.detail.target.id;
    var card = id ? document.getElementById(id) : null;
    var log = card && card.querySelector(".log-set");
    if (log && log.scrollIntoView) log.scrollIntoView({ block: "nearest" });
  });
})();
