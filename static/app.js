// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Warn before leaving a checklist with unsaved changes.
  document.querySelectorAll("form[data-dirty-warning]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = form.dataset.dirtyWarning; }
    });
  });
})();
