/* global idbKeyval, htmx */
// Offline-first logging (docs/offline.md). Registers the service worker; keeps every set
// (and a finish) that could not reach the server in an outbox on the phone (IndexedDB,
// keyed to the user), shows it at once in its card, and sends it, oldest first, when the
// connection returns: the `online` event, the next page load, Background Sync, and every
// 20 s while anything waits. The server's idempotency token makes a resend safe. A set
// the server refuses stays on screen with the reason until the user discards it.
(function () {
  "use strict";

  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var unit = body.getAttribute("data-unit") || "";
  var PAGES = "hamstrong-pages";  // config/offline.py: the worker's kept pages
  var LAST_USER = "hamstrong-last-user";
  var PREFIX = "outbox:" + user + ":";
  var WAITING = "Saved on this phone — sends when you are back online.";
  var RETRY = { 0: 1, 502: 1, 503: 1, 504: 1 };  // no answer, or the servers are down
  var sending = false;

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw")).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-send") send();
    });
  }

  // Another person on this phone, or nobody signed in: the last person's pages go.
  try {
    var last = localStorage.getItem(LAST_USER);
    if (last && last !== user && window.caches) caches.delete(PAGES);
    localStorage.setItem(LAST_USER, user);
  } catch (e) { /* private mode */ }

  if (!user || !window.idbKeyval) return;

  function newToken() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (Math.random() * 16) >> (c / 4)).toString(16);
    });
  }

  function field(name) { return name.split("-").pop(); }  // a card's prefix left out

  function entries() {
    return idbKeyval.entries().then(function (all) {
      return all.filter(function (pair) { return String(pair[0]).indexOf(PREFIX) === 0; })
        .map(function (pair) { return pair[1]; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  function save(entry) { return idbKeyval.set(PREFIX + entry.token, entry); }
  function drop(entry) { return idbKeyval.del(PREFIX + entry.token); }

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : (input ? input.value : "");
  }

  // "10 reps × 20 kg · left", from what the form held.
  function summary(form, fields) {
    var values = {};
    fields.forEach(function (pair) { values[field(pair[0])] = pair[1]; });
    var parts = [];
    if (values.reps) parts.push(values.reps + " reps");
    if (values.load) parts.push(values.load + " " + unit);
    if (values.hold_s) parts.push(values.hold_s + " s hold");
    var band = form.querySelector("select[name$=band]");
    if (values.band && band && band.selectedOptions[0]) parts.push(band.selectedOptions[0].text);
    var text = parts.join(" × ");
    if (values.side && values.side !== "both") text += " · " + values.side;
    return text || "a set";
  }

  // A set form's request that did not reach the server: into the outbox, a new token in
  // the form for the next set (the queued one keeps its own), and on screen.
  function queueSet(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, String(value)]);
    });
    // The set's idempotency token ("token", or "<card prefix>-token"; not the CSRF one).
    var tokenField = form.querySelector("input[name=token], input[name$='-token']");
    var card = form.closest(".exercise-card");
    var entry = {
      kind: "set", token: tokenField ? tokenField.value : newToken(), action: form.action,
      fields: fields, page: location.pathname, card: card ? card.id : "",
      summary: summary(form, fields), created: Date.now(), refused: "",
    };
    if (tokenField) tokenField.value = newToken();
    setTimeout(send, 3000);  // a server that was down a moment: try again soon
    return save(entry).then(function () {
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.sync) return registration.sync.register("hamstrong-outbox");
        }).catch(function () {});
      }
      return show();
    });
  }

  function queueFinish(form, submitter) {
    var fields = [];
    new FormData(form, submitter).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, String(value)]);
    });
    var entry = { kind: "finish", token: newToken(), action: form.action, fields: fields,
      page: location.pathname, card: "", summary: "Finish the session", created: Date.now(),
      refused: "" };
    return save(entry).then(show);
  }

  function row(entry) {
    var item = document.createElement("li");
    item.className = "list-group-item px-2 outbox-set" + (entry.refused ? " outbox-refused" : "");
    item.setAttribute("data-token", entry.token);
    var text = document.createElement("span");
    text.className = "d-block";
    var what = document.createElement("span");
    what.className = "fw-semibold";
    what.textContent = entry.refused ? "Not saved: " : "Waiting to send: ";
    text.appendChild(what);
    text.appendChild(document.createTextNode(entry.summary + (entry.refused ? ". " + entry.refused : "")));
    item.appendChild(text);
    if (entry.refused) {
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-outline-danger btn-sm mt-1 outbox-discard";
      discard.textContent = "Discard it";
      discard.addEventListener("click", function () { drop(entry).then(show); });
      item.appendChild(discard);
    }
    return item;
  }

  // Every waiting write of this user: in its card on its page, and as a count in the menu.
  function show() {
    return entries().then(function (all) {
      document.querySelectorAll(".outbox-set, .outbox-note").forEach(function (el) { el.remove(); });
      var waiting = all.filter(function (e) { return !e.refused; }).length;
      document.querySelectorAll(".outbox-count").forEach(function (badge) {
        badge.hidden = all.length === 0;
        badge.textContent = waiting + " waiting" + (all.length > waiting ? ", " + (all.length - waiting) + " not saved" : "");
      });
      var notice = document.querySelector(".outbox-finish");
      if (notice) notice.remove();
      all.forEach(function (entry) {
        if (entry.page !== location.pathname) return;
        if (entry.kind === "finish") {
          var main = document.getElementById("main");
          var alert = document.createElement("div");
          alert.className = "alert alert-warning outbox-finish";
          alert.setAttribute("role", "status");
          alert.textContent = entry.refused ? "Finishing was not saved: " + entry.refused :
            "Finishing this session is saved on this phone: it is sent after its sets when you are back online.";
          if (main) main.insertBefore(alert, main.firstChild);
          return;
        }
        var card = document.getElementById(entry.card);
        if (!card) return;
        var list = card.querySelector("ol.logged-sets");
        if (!list) {
          list = document.createElement("ol");
          list.className = "list-group mb-2 logged-sets outbox-list";
          list.setAttribute("aria-label", "Sets logged today");
          var form = card.querySelector("form.set-form");
          if (form) form.parentNode.insertBefore(list, form);
          else card.querySelector(".card-body").appendChild(list);
        }
        list.appendChild(row(entry));
      });
      document.querySelectorAll(".outbox-list").forEach(function (list) {
        if (!list.children.length) list.remove();
      });
      // Once under a card's waiting sets: where they are, and when they go.
      document.querySelectorAll("ol.logged-sets").forEach(function (list) {
        if (!list.querySelector(".outbox-set:not(.outbox-refused)")) return;
        var note = document.createElement("li");
        note.className = "list-group-item px-2 small text-body-secondary outbox-note";
        note.textContent = WAITING;
        list.appendChild(note);
      });
      // The Log button counts the waiting sets of its card as logged: "Log set 3" after two.
      document.querySelectorAll(".exercise-card").forEach(function (card) {
        var button = card.querySelector("button.log-set");
        if (!button) return;
        var label = button.getAttribute("data-outbox-label") || button.textContent;
        button.setAttribute("data-outbox-label", label);
        var count = card.querySelectorAll(".outbox-set:not(.outbox-refused)").length;
        button.textContent = label.replace(/\d+/, function (n) { return String(Number(n) + count); });
      });
    });
  }

  function reason(status, html) {
    if (status === 404) return "This session no longer exists (it was deleted).";
    if (status === 403) return "The server refused it: reload the page and log it again.";
    if (status >= 400) return "The server answered " + status + ".";
    var page = new DOMParser().parseFromString(html, "text/html");
    var error = page.querySelector(".invalid-feedback, .alert-danger");
    return error ? error.textContent.trim() : "";
  }

  function sendOne(entry) {
    var headers = { "X-CSRFToken": csrf() };
    if (entry.kind === "set") {
      headers["HX-Request"] = "true";
      headers["HX-Target"] = entry.card;
    }
    return fetch(entry.action, {
      method: "POST", credentials: "same-origin", headers: headers,
      body: new URLSearchParams(entry.fields),
    }).then(function (response) {
      if (RETRY[response.status]) return "later";
      if (response.redirected && response.url.indexOf("/accounts/login/") !== -1) return "later";
      return response.text().then(function (html) {
        var refused = reason(response.status, entry.kind === "set" ? html : "");
        if (refused) {
          entry.refused = refused;
          return save(entry).then(function () { return "refused"; });
        }
        return drop(entry).then(function () {
          if (entry.kind === "finish") {
            if (location.pathname === entry.page) location.assign(response.url);
            return "sent";
          }
          var card = document.getElementById(entry.card);
          if (card && location.pathname === entry.page) {
            var holder = document.createElement("template");
            holder.innerHTML = html.trim();
            var fresh = holder.content.querySelector(".exercise-card");
            if (fresh) {
              card.replaceWith(fresh);
              if (window.htmx) htmx.process(fresh);
              keepPage();
            }
          }
          return "sent";
        });
      });
    }, function () { return "later"; });
  }

  // Oldest first; a write that cannot go yet stops the rest (their order matters: a
  // session's sets before its finish).
  function send() {
    if (sending || navigator.onLine === false) return Promise.resolve();
    sending = true;
    return entries().then(function (all) {
      var queue = all.filter(function (e) { return !e.refused; });
      function next() {
        var entry = queue.shift();
        if (!entry) return null;
        return sendOne(entry).then(function (result) { return result === "later" ? null : next(); });
      }
      return next();
    }).then(show, show).then(function () { sending = false; }, function () { sending = false; });
  }

  // htmx's set forms: no answer, a timeout or a 502/503/504 puts the set in the outbox;
  // another refusal is shown in the card at once.
  function failed(event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form.set-form")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.type !== "htmx:responseError" || RETRY[status]) {
      queueSet(form);
      return;
    }
    var alert = form.querySelector(".outbox-error") || document.createElement("div");
    alert.className = "alert alert-danger outbox-error";
    alert.setAttribute("role", "alert");
    alert.textContent = "That set was not saved. " + reason(status, "") + " Try again.";
    form.insertBefore(alert, form.firstChild);
  }
  ["htmx:sendError", "htmx:timeout", "htmx:responseError"].forEach(function (name) {
    body.addEventListener(name, failed);
  });
  // The session page as it is now (sets logged since it loaded included), kept for a
  // reload with no signal: the copy from the page's load would miss them.
  function keepPage() {
    if (!window.caches || !/^\/training\/sessions\/\d+\/$/.test(location.pathname)) return;
    var html = "<!doctype html>\n" + document.documentElement.outerHTML;
    var page = new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    caches.open(PAGES).then(function (cache) { return cache.put(location.pathname, page); })
      .catch(function () {});
  }

  body.addEventListener("htmx:afterSwap", function () { show().then(keepPage); });

  // Let a form go as it would without JavaScript, the button pressed included.
  function pass(form, submitter) {
    form.setAttribute("data-outbox-pass", "1");
    if (form.requestSubmit) form.requestSubmit(submitter || undefined);
    else form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (form.getAttribute("data-outbox-pass")) {
      form.removeAttribute("data-outbox-pass");
      return;
    }
    // Finishing with no connection, or with sets of this page still waiting: into the
    // outbox, sent after those sets. Online, the form posts as it does without JavaScript.
    if (/\/training\/sessions\/\d+\/finish\/$/.test(form.action) && !event.defaultPrevented) {
      event.preventDefault();
      var sessionPath = new URL(form.action).pathname.replace(/finish\/$/, "");
      entries().then(function (all) {
        var waiting = all.some(function (e) {
          return new URL(e.action).pathname.indexOf(sessionPath) === 0;
        });
        if (navigator.onLine !== false && !waiting) return pass(form, submitter);
        return queueFinish(form, submitter).then(send);
      });
      return;
    }
    // Logging out: warn about writes that wait, and take this person's pages off the phone.
    if (form.matches("form.logout-form")) {
      event.preventDefault();
      entries().then(function (all) {
        var message = all.length + " set" + (all.length === 1 ? " is" : "s are") +
          " saved only on this phone and not sent yet. Log out anyway? They are sent when you sign in again here.";
        if (all.length && !window.confirm(message)) return;
        var gone = window.caches ? caches.delete(PAGES) : Promise.resolve();
        gone.then(function () { pass(form); }, function () { pass(form); });
      });
    }
  });

  // The next planned sessions (from the dashboard and the upcoming list) and a session's
  // finish page (from the session), so that they are on the phone when the signal is not.
  var prefetch = null;
  if (/^\/(dashboard|training\/upcoming)\/$/.test(location.pathname)) prefetch = /^\/training\/sessions\/\d+\/$/;
  if (/^\/training\/sessions\/\d+\/$/.test(location.pathname)) prefetch = /^\/training\/sessions\/\d+\/finish\/$/;
  if (prefetch && window.caches && navigator.onLine) {
    var seen = {};
    var paths = [];
    document.querySelectorAll("a[href]").forEach(function (a) {
      var path = new URL(a.href).pathname;
      if (prefetch.test(path) && !seen[path] && paths.length < 3) paths.push(seen[path] = path);
    });
    // Only those not on the phone yet: a visit keeps a kept page fresh (network first),
    // so the dashboard does not cost three more pages every time it is opened.
    caches.open(PAGES).then(function (cache) {
      paths.forEach(function (path) {
        cache.match(path).then(function (kept) {
          if (kept) return null;
          return fetch(path, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(path, response);
          });
        }).catch(function () {});
      });
    });
  }

  window.addEventListener("online", send);
  setInterval(function () { send(); }, 20000);
  show().then(send);
})();
