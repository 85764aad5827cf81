// Small progressive enhancements; the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Put focus on the first field with an error, so keyboard and screen-reader users land there.
  var invalid = document.querySelector(".utrecht-form-field--invalid input, .utrecht-form-field--invalid select, .utrecht-form-field--invalid textarea");
  if (invalid) { invalid.focus(); }
});

// A link to a form field (href="#id_action-text", e.g. the household file's "Add an action")
// lands in that field, so the keyboard path needs no tabbing through the page.
function wtFocusTarget() {
  var id = decodeURIComponent(window.location.hash.slice(1));
  var target = id && document.getElementById(id);
  if (target && target.matches("input, select, textarea")) { target.focus(); }
}
document.addEventListener("DOMContentLoaded", wtFocusTarget);
window.addEventListener("hashchange", wtFocusTarget);

// Access keys work the same in every browser and under test automation: Alt+letter on a page
// with that accesskey focuses the field or follows the link (Firefox's own Alt+Shift+letter
// keeps working). The household file: Alt+N note, Alt+A action; a signal: Alt+O outreach.
document.addEventListener("keydown", function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) { return; }
  var match = /^Key([A-Z])$/.exec(event.code || "");
  var target = match && document.querySelector('[accesskey="' + match[1].toLowerCase() + '"]');
  if (!target) { return; }
  event.preventDefault();
  if (target.tagName === "A") { target.click(); } else { target.focus(); }
});
