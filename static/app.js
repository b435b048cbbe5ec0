// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("form.checklist").forEach(function (form) {
    var dirty = false;
    var timer = null;
    var status = form.querySelector(".autosave");

    // Answers are saved in the background as the manager goes; the Save button remains.
    function autosave() {
      timer = null;
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Autosave": "1" }
      }).then(function (res) {
        if (res.status === 204) {
          dirty = false;
          if (status) { status.textContent = form.dataset.autosaveSaved + " " + new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }); }
        } else if (status) {
          status.textContent = form.dataset.autosaveFailed;
        }
      }).catch(function () {
        if (status) { status.textContent = form.dataset.autosaveFailed; }
      });
    }

    function changed(e) {
      dirty = true;
      if (!status) { return; }
      if (timer) { clearTimeout(timer); }
      // Radio choices save at once; typing waits for a pause.
      timer = setTimeout(autosave, e.target.type === "radio" || e.target.type === "checkbox" ? 150 : 1500);
    }

    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    form.addEventListener("submit", function () { dirty = false; if (timer) { clearTimeout(timer); } });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = form.dataset.dirtyWarning; }
    });
  });
})();
