// Keyboard-first scoring: in a score box, a digit of the scale sets the score and moves the
// cursor to the next domain; 0 or n marks the domain as not discussed and moves on too.
// Tab still reaches the remark; Backspace clears the box as usual.
(function () {
  "use strict";

  function scoreInputs(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[data-score]"));
  }

  // Show the label of the chosen level (and its criterion text, when loaded) next to the box.
  function describe(input) {
    var output = document.getElementById("chosen-" + input.getAttribute("data-domain"));
    if (!output) { return; }
    var value = input.value;
    var text = "";
    var level = document.querySelector("[data-level='" + value + "']");
    if (level) {
      text = level.getAttribute("data-label");
      var terms = document.querySelectorAll("#criteria-" + input.getAttribute("data-domain") + " dt");
      for (var i = 0; i < terms.length; i += 1) {
        if (terms[i].textContent.trim() === value && terms[i].nextElementSibling) {
          text += ": " + terms[i].nextElementSibling.textContent.trim();
        }
      }
    } else if (value === "n") {
      text = document.getElementById("scale-legend").getAttribute("data-not-discussed");
    }
    output.textContent = text;
  }

  function focusNext(input) {
    var inputs = scoreInputs(input.form);
    var next = inputs[inputs.indexOf(input) + 1];
    if (next) {
      next.focus();
      next.select();
    } else {
      var save = input.form.querySelector("button[type=submit]");
      if (save) { save.focus(); }
    }
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input || input.tagName !== "INPUT" || !input.hasAttribute("data-score")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var max = parseInt(input.getAttribute("data-max") || "5", 10);
    var key = event.key;
    if (/^[1-9]$/.test(key) && parseInt(key, 10) <= max) {
      event.preventDefault();
      input.value = key;
      describe(input);
      focusNext(input);
    } else if (key === "0" || key === "n" || key === "N") {
      event.preventDefault();
      input.value = "n";
      describe(input);
      focusNext(input);
    } else if (key.length === 1) {
      // Anything else (a digit above the scale, a letter) is refused right away.
      event.preventDefault();
    }
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input && input.tagName === "INPUT" && input.hasAttribute("data-score")) { describe(input); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-score]"), describe);
  });

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input && input.tagName === "INPUT" && input.hasAttribute("data-score")) { input.select(); }
  });
})();
