// The idle warning and giving back kept input (templates: ui/session_warning.html).
//
// The server says how many seconds are left (data-seconds-left); before warning, the page
// asks again (another tab may have renewed the session): asking does not count as activity.
// "Stay logged in" posts to the renew endpoint without leaving the page. When the time has
// run out the page stays as it is: what was typed is kept on the server when it is sent.
(function () {
  "use strict";

  function formatTime(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setUpWarning(dialog) {
    var warnSeconds = parseInt(dialog.dataset.warnSeconds, 10);
    var deadline = Date.now() + parseInt(dialog.dataset.secondsLeft, 10) * 1000;
    var time = dialog.querySelector("[data-session-time]");
    var running = dialog.querySelector("[data-session-running]");
    var ended = dialog.querySelector("[data-session-ended]");
    var form = dialog.querySelector("[data-session-renew]");
    var renewButton = form.querySelector("button");
    var closeButton = dialog.querySelector("[data-session-close]");
    var asking = false;
    var lastAsked = 0;
    var finished = false;
    var returnFocus = null;

    function secondsLeft() {
      return Math.max(0, Math.round((deadline - Date.now()) / 1000));
    }

    function open() {
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();
        renewButton.focus();
      }
    }

    function close() {
      if (dialog.open) { dialog.close(); }
      if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
      returnFocus = null;
    }

    function finish() {
      finished = true;
      running.hidden = true;
      form.hidden = true;
      ended.hidden = false;
      closeButton.hidden = false;
      open();
      closeButton.focus();
    }

    function useAnswer(seconds) {
      deadline = Date.now() + seconds * 1000;
      if (seconds <= 0) { finish(); } else if (seconds > warnSeconds) { close(); } else { open(); }
    }

    function ask() {
      asking = true;
      lastAsked = Date.now();
      fetch(dialog.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { seconds_left: 0 }; })
        .then(function (data) { useAnswer(data.seconds_left); })
        .catch(function () { /* offline: keep counting with what we know */ })
        .then(function () { asking = false; });
    }

    function tick() {
      if (finished) { return; }
      var left = secondsLeft();
      time.textContent = formatTime(left);
      // Ask before warning, at the end, and every 15 s while the warning is open.
      var due = left <= warnSeconds && (!dialog.open || left === 0 || Date.now() - lastAsked > 15000);
      if (due && !asking) { ask(); }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          var json = response.ok && (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
          return json ? response.json() : null;
        })
        // Not renewed (e.g. the form's CSRF token changed by a login in another tab): ask the
        // server how things stand instead of guessing.
        .then(function (data) { if (data) { useAnswer(data.seconds_left); } else { ask(); } })
        .catch(function () { /* offline: try again with the button */ });
    });
    // Escape means "I am here": renew, as the button does.
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      if (finished) { close(); } else { form.requestSubmit(); }
    });
    closeButton.addEventListener("click", close);
    tick();
    window.setInterval(tick, 1000);
  }

  // Back from "Unsaved input": fill the form the text was meant for, then save as usual.
  function giveBackDraft(dialog) {
    var match = /^#wt-draft-(\d+)$/.exec(window.location.hash);
    if (!match) { return; }
    var url = dialog.dataset.draftsUrl + match[1] + "/fields/";
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var names = data.fields.map(function (pair) { return pair[0]; });
        var forms = Array.prototype.slice.call(document.querySelectorAll("main form[method=post]"));
        var target = forms.filter(function (f) { return new URL(f.action, window.location.href).pathname === data.url; })[0] ||
          forms.filter(function (f) { return names.some(function (n) { return f.elements.namedItem(n); }); })[0];
        if (!target) { return; }
        var first = null;
        var seen = {};
        data.fields.forEach(function (pair) {
          var name = pair[0];
          var value = pair[1];
          var items = target.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
          Array.prototype.forEach.call(items, function (el) {
            var type = (el.type || "").toLowerCase();
            if (type === "hidden" || type === "password" || type === "file" || type === "submit") { return; }
            if (type === "checkbox" || type === "radio") {
              if (el.value === value) { el.checked = true; }
            } else if (el.tagName === "SELECT" && el.multiple) {
              Array.prototype.forEach.call(el.options, function (o) { if (o.value === value) { o.selected = true; } });
            } else if (!seen[name]) {
              el.value = value;
            }
            first = first || el;
          });
          seen[name] = true;
        });
        history.replaceState(null, "", window.location.pathname + window.location.search);
        var status = document.querySelector("[data-draft-status]");
        if (status) { status.textContent = status.dataset.filledText; }
        if (first) { first.focus(); }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("wt-session");
    if (!dialog) { return; }
    setUpWarning(dialog);
    giveBackDraft(dialog);
  });
})();
