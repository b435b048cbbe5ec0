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
        if (!res.ok) { throw new Error(String(res.status)); }
        return res.json();
      }).then(function (figures) {
        dirty = false;
        if (status) { status.textContent = form.dataset.autosaveSaved + " " + new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }); }
        showFigures(figures);
      }).catch(function () {
        if (status) { status.textContent = form.dataset.autosaveFailed; }
      });
    }

    // The criterion's figures above the form, and its step, as the server now counts them.
    function showFigures(f) {
      var facts = document.querySelector("p.facts");
      if (facts) {
        var spans = facts.querySelectorAll(":scope > span");
        if (spans.length >= 3) {
          spans[0].textContent = f.answered_text;
          spans[1].textContent = f.score_text;
          spans[2].className = "badge " + (f.compliant ? "ok" : "no");
          spans[2].textContent = (f.compliant ? "✓ " : "✗ ") + f.compliant_text;
        }
      }
      var step = document.querySelector('.steps a[aria-current="step"]');
      if (step) {
        var li = step.parentNode;
        li.className = f.compliant ? "done" : (f.answered === f.total ? "short" : "");
        var state = step.querySelector(".step-state");
        if (state) {
          state.textContent = f.answered + "/" + f.total + " ";
          if (f.compliant || f.answered === f.total) {
            var sign = document.createElement("span");
            sign.setAttribute("aria-hidden", "true");
            sign.textContent = f.compliant ? "✓" : "✗";
            var words = document.createElement("span");
            words.className = "sr-only";
            words.textContent = f.compliant_text;
            state.appendChild(sign);
            state.appendChild(words);
          }
        }
      }
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
