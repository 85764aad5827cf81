// Ctrl+Enter (or Cmd+Enter) in a textarea marked data-ctrl-enter-submit saves its form,
// so a note takes three keyboard interactions: type, text, save.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
  if (!target || target.tagName !== "TEXTAREA" || !target.hasAttribute("data-ctrl-enter-submit")) { return; }
  if (target.form) {
    event.preventDefault();
    target.form.requestSubmit();
  }
});
