// Ctrl+Enter (or Cmd+Enter) in any field of a form marked data-ctrl-enter-submit saves it:
// an outreach attempt is Alt+O (the result), an arrow key for another result, Ctrl+Enter.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) { return; }
  var form = event.target && event.target.form;
  if (form && form.hasAttribute("data-ctrl-enter-submit")) {
    event.preventDefault();
    form.requestSubmit();
  }
});
