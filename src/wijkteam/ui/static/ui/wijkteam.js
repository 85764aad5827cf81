// Small progressive enhancements; the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Put focus on the first field with an error, so keyboard and screen-reader users land there.
  var invalid = document.querySelector(".utrecht-form-field--invalid input, .utrecht-form-field--invalid select, .utrecht-form-field--invalid textarea");
  if (invalid) { invalid.focus(); }
});
